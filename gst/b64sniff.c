/* b64img — tells whether the start of a text is base64 of a JPEG or PNG
 * image (for the typefinder). Independent of GStreamer.
 * Copyright (C) 2026 The b64img authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "b64sniff.h"

#include "b64codec.h"

#include <stdint.h>
#include <string.h>

/* A longer data-URI prefix is not taken for one (the framer's limit is
 * larger, but real ones are short). */
#define MAX_PREFIX 256
/* Decoded bytes kept for the signature: PNG's and its IHDR's. */
#define HEAD 16

typedef struct
{
  B64Decoder dec;
  uint8_t head[HEAD];
  size_t n_head;
} Run;

static bool
is_blank (char c)
{
  return c == ' ' || c == '\t' || c == '\r' || c == '\v' || c == '\f';
}

static bool
starts_with_nocase (const char *s, size_t len, const char *word)
{
  size_t n = strlen (word);

  if (len < n)
    return false;
  for (size_t i = 0; i < n; i++) {
    char c = s[i];

    if (c >= 'A' && c <= 'Z')
      c = (char) (c - 'A' + 'a');
    if (c != word[i])
      return false;
  }
  return true;
}

/* Length of a "data:...;base64," prefix at @s; 0 when @s does not start
 * with "data:", -1 when the prefix is malformed or the window ends in it. */
static long
data_uri_prefix (const char *s, size_t len)
{
  if (!starts_with_nocase (s, len, "data:"))
    return 0;
  for (size_t i = 5; i < len && i < MAX_PREFIX; i++) {
    unsigned char c = (unsigned char) s[i];

    if (c == ',')
      return i >= 12 && starts_with_nocase (s + i - 7, 7, ";base64")
                 ? (long) i + 1
                 : -1;
    if (c <= ' ' || c == '"' || c >= 0x7f)
      return -1;
  }
  return -1;
}

/* Decodes up to @n characters; keeps the first HEAD bytes. Returns the
 * characters taken: fewer than @n means the decoder stopped at a byte it
 * does not take (a LF, or an error). */
static size_t
run_feed (Run *r, const char *s, size_t n)
{
  size_t done = 0;

  while (done < n) {
    uint8_t buf[64];
    size_t chunk = n - done < 64 ? n - done : 64, w;
    size_t used = b64_decoder_feed (&r->dec, s + done, chunk, buf, &w);
    size_t keep = HEAD - r->n_head < w ? HEAD - r->n_head : w;

    memcpy (r->head + r->n_head, buf, keep);
    r->n_head += keep;
    done += used;
    if (used < chunk)
      break;
  }
  return done;
}

static B64SniffImage
image_of (const Run *r)
{
  static const uint8_t png[HEAD] = { 0x89, 'P', 'N', 'G', 0x0d, 0x0a, 0x1a,
    0x0a, 0, 0, 0, 13, 'I', 'H', 'D', 'R' };
  const uint8_t *h = r->head;

  /* SOI, then a marker (not a fill byte, SOI or EOI) */
  if (r->n_head >= 4 && h[0] == 0xff && h[1] == 0xd8 && h[2] == 0xff
      && h[3] >= 0xc0 && h[3] != 0xff && h[3] != 0xd8 && h[3] != 0xd9)
    return B64_SNIFF_JPEG;
  if (r->n_head >= HEAD && memcmp (h, png, HEAD) == 0)
    return B64_SNIFF_PNG;
  return B64_SNIFF_NONE;
}

static bool
found (B64SniffImage image, B64SniffForm form, size_t checked, B64Sniff *out)
{
  if (image == B64_SNIFF_NONE || checked < B64_SNIFF_MIN_CHARS)
    return false;
  if (out) {
    out->image = image;
    out->form = form;
    out->checked = checked;
  }
  return true;
}

/* Lines of base64, each maybe a data URI: one image per line, or one image
 * wrapped over many. The first line must start with an image. */
static bool
sniff_lines (const char *p, const char *end, B64Sniff *out)
{
  B64SniffImage image = B64_SNIFF_NONE;
  B64SniffForm form = B64_SNIFF_BARE;
  size_t checked = 0;
  bool first = true;

  while (p < end) {
    long prefix;
    size_t used;
    Run r = { .n_head = 0 };

    while (p < end && (is_blank (*p) || *p == '\n'))
      p++;
    if (p == end)
      break;
    prefix = data_uri_prefix (p, (size_t) (end - p));
    if (prefix < 0 && (first || end - p > MAX_PREFIX))
      return false;
    if (prefix < 0)
      break; /* cut by the window */
    if (prefix > 0 && first)
      form = B64_SNIFF_DATA_URI;
    p += prefix;

    /* no blanks inside: words of letters are no base64 line */
    b64_decoder_init (&r.dec, 0);
    used = run_feed (&r, p, (size_t) (end - p));
    p += used;
    checked += used;
    if (first && (image = image_of (&r)) == B64_SNIFF_NONE)
      return false;
    first = false;
    while (p < end && is_blank (*p))
      p++;
    if (p == end)
      break;
    /* a line ends at LF, after a whole number of characters */
    if (*p != '\n' || r.dec.n_acc == 1)
      return false;
    p++;
  }
  return found (image, form, checked, out);
}

/* The base64 in a JSON string, from after its opening quote: escaped
 * slashes and line breaks are taken, the string ends at its quote. */
static bool
sniff_json_string (const char *p, const char *end, B64Sniff *out)
{
  long prefix = data_uri_prefix (p, (size_t) (end - p));
  size_t checked = 0;
  bool closed = false;
  Run r = { .n_head = 0 };

  if (prefix < 0)
    return false;
  p += prefix;
  b64_decoder_init (&r.dec, 0);
  while (p < end) {
    const char *stop = p;
    size_t used;

    while (stop < end && *stop != '\\' && *stop != '"')
      stop++;
    used = run_feed (&r, p, (size_t) (stop - p));
    checked += used;
    if (p + used < stop)
      return false;
    if (stop < end && *stop == '"')
      closed = true;
    if (stop == end || closed)
      break;
    if (stop + 1 == end)
      break; /* cut by the window */
    if (stop[1] == '/' && run_feed (&r, "/", 1) != 1)
      return false;
    checked += stop[1] == '/';
    if (stop[1] != '/' && stop[1] != 'n' && stop[1] != 'r')
      return false;
    p = stop + 2;
  }
  if (closed && r.dec.n_acc == 1)
    return false;
  return found (image_of (&r), B64_SNIFF_JSON, checked, out);
}

/* A JSON object on the first line with a string value holding an image:
 * {"frame": "/9j/..."} or {"image": "data:image/png;base64,iVBOR..."}. */
static bool
sniff_json (const char *p, const char *end, B64Sniff *out)
{
  const char *line_end = memchr (p, '\n', (size_t) (end - p));

  if (!line_end)
    line_end = end;
  for (const char *q = p; q < line_end; q++) {
    const char *v = q + 1;

    if (*q != ':')
      continue;
    while (v < line_end && is_blank (*v))
      v++;
    if (v < line_end && *v == '"' && sniff_json_string (v + 1, line_end, out))
      return true;
  }
  return false;
}

bool
b64_sniff (const char *data, size_t len, B64Sniff *out)
{
  const char *p = data, *end = data + len;

  if (len >= 3 && memcmp (p, "\xef\xbb\xbf", 3) == 0)
    p += 3; /* UTF-8 byte order mark */
  while (p < end && (is_blank (*p) || *p == '\n'))
    p++;
  if (p == end)
    return false;
  if (*p == '{')
    return sniff_json (p, end, out);
  return sniff_lines (p, end, out);
}
