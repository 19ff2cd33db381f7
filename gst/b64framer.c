/* b64img — text framing: cuts a base64 text stream into frames, strips an
 * optional data-URI prefix and decodes the base64, in one pass.
 * Copyright (C) 2026 The b64img authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include "b64framer.h"
#include "b64imgend.h"
#include "b64json.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* A data-URI prefix ("data:" up to and including the ',') longer than this
 * is refused; it also bounds the memory the prefix needs. */
#define MAX_PREFIX 1024

typedef enum
{
  ST_IDLE,    /* between frames: blank bytes are skipped */
  ST_SCHEME,  /* frame started, maybe "data:": up to 4 bytes held */
  ST_URI,     /* after "data:", up to the ',' */
  ST_PAYLOAD, /* base64 going through the decoder */
  ST_ERROR,   /* error seen: the rest of the frame is consumed unread */
  ST_SKIP,    /* after TOO_LONG: the rest of the line is skipped */
  ST_WRAP,    /* wrapped frame, at the start of a line that may go on it */
} State;

struct _B64Framer
{
  bool framed;            /* setting, applies from the next frame */
  size_t max_frame_bytes; /* SIZE_MAX for no limit */

  State state;
  bool frame_framed; /* framed mode of the frame in progress */
  size_t text_bytes; /* frame bytes so far, LF terminator excluded */

  char held[4]; /* "data" candidates, kept to be replayed */
  unsigned n_held;
  char uri[MAX_PREFIX]; /* non-blank bytes between "data:" and ',' */
  size_t uri_len;
  bool is_uri;

  B64Decoder dec;
  size_t dec_base; /* frame offset of the decoder's offset 0 */

  uint8_t *payload; /* reused from frame to frame */
  size_t payload_len;
  size_t payload_cap;

  B64Error error; /* first error of the frame in progress; code: a
                   * B64FrameStatus */
  B64DecodeStatus b64_status;
  char mime[MAX_PREFIX];

  /* wrapped text (stream mode) */
  size_t line_start; /* frame offset of the first line's first base64 byte */
  size_t wrap;       /* width of a wrapped frame's lines, 0 for one line */
  size_t lines;      /* lines of a wrapped frame taken so far */
  char last;         /* last frame byte consumed */
  B64ImageEnd end;   /* where the payload's image ends */
  size_t end_pos;    /* payload bytes walked by end */

  /* JSON frames */
  bool json; /* the frame in progress is a JSON object */
  B64Json *js;
  size_t img_bytes; /* image string bytes so far (offsets in reasons) */

  B64Frame frame;
};

static bool
is_space (unsigned char c)
{
  return c == ' ' || c == '\t' || c == '\r' || c == '\v' || c == '\f';
}

static bool
is_blank (const B64Framer *f, unsigned char c)
{
  return is_space (c) || (c == '\n' && f->frame_framed);
}

/* Offset in the frame's image text: in a JSON frame, from the string's
 * start. */
static size_t
img_off (const B64Framer *f)
{
  return f->json ? f->img_bytes : f->text_bytes;
}

static unsigned
decoder_flags (const B64Framer *f)
{
  return B64_DECODE_SKIP_SPACE | (f->frame_framed ? B64_DECODE_SKIP_LF : 0)
         | (f->json ? B64_DECODE_STOP_QUOTE : 0);
}

static size_t json_image (
    void *ctx, const char *text, size_t len, bool escaped);

static size_t
effective_max (size_t max_frame_bytes)
{
  return max_frame_bytes ? max_frame_bytes : SIZE_MAX;
}

B64Framer *
b64_framer_new (bool framed, size_t max_frame_bytes)
{
  B64Framer *f = calloc (1, sizeof (*f));

  if (f == NULL)
    return NULL;
  f->framed = framed;
  f->max_frame_bytes = effective_max (max_frame_bytes);
  f->js = b64_json_new (json_image, f);
  if (f->js == NULL) {
    free (f);
    return NULL;
  }
  b64_framer_reset (f);
  return f;
}

void
b64_framer_free (B64Framer *f)
{
  if (f == NULL)
    return;
  free (f->payload);
  b64_json_free (f->js);
  free (f);
}

bool
b64_framer_set_json_pointer (B64Framer *f, const char *pointer)
{
  return b64_json_set_pointer (f->js, pointer);
}

void
b64_framer_set_max_frame_bytes (B64Framer *f, size_t max_frame_bytes)
{
  f->max_frame_bytes = effective_max (max_frame_bytes);
}

void
b64_framer_set_framed (B64Framer *f, bool framed)
{
  f->framed = framed;
}

/* Back to "between frames", keeping the last frame and the payload buffer
 * (b64_framer_decode_whole() still returns that frame). */
static void
reset_state (B64Framer *f)
{
  f->state = ST_IDLE;
  f->frame_framed = f->framed;
  f->text_bytes = 0;
}

void
b64_framer_reset (B64Framer *f)
{
  reset_state (f);
}

bool
b64_framer_in_frame (const B64Framer *f)
{
  return f->state != ST_IDLE && f->state != ST_SKIP;
}

/* ---- errors ------------------------------------------------------------- */

static void set_error (B64Framer *f, B64FrameStatus status,
    B64DecodeStatus b64_status, const char *fmt, ...)
    __attribute__ ((format (printf, 4, 5)));

/* Records the frame's first error; the rest of the frame is only counted. */
static void
set_error (B64Framer *f, B64FrameStatus status, B64DecodeStatus b64_status,
    const char *fmt, ...)
{
  va_list ap;

  va_start (ap, fmt);
  b64_error_vset (&f->error, status, fmt, ap);
  va_end (ap);
  f->b64_status = b64_status;
  f->state = ST_ERROR;
}

/* @src/@n: the bytes of the last decoder call, which started at decoder
 * offset @pos0; they hold the offending byte of a BAD_CHAR. The codec's
 * message, with the offset counted from the frame's start. */
static void
set_decode_error (B64Framer *f, const char *src, size_t n, size_t pos0)
{
  int bad = -1;

  if (f->dec.status == B64_DECODE_BAD_CHAR && src != NULL
      && f->dec.err_pos >= pos0 && f->dec.err_pos - pos0 < n)
    bad = (unsigned char) src[f->dec.err_pos - pos0];
  b64_decode_error (
      &f->error, f->dec.status, f->dec_base + f->dec.err_pos, bad);
  f->error.code = B64_FRAME_BAD_BASE64;
  f->b64_status = f->dec.status;
  f->state = ST_ERROR;
}

/* ---- payload ------------------------------------------------------------ */

/* Makes room for @extra more payload bytes. The buffer only grows, and
 * never much beyond what max_frame_bytes of text decode to. */
static bool
reserve_payload (B64Framer *f, size_t extra)
{
  size_t need = f->payload_len + extra;
  size_t cap = f->payload_cap ? f->payload_cap : 4096;
  size_t bound = b64_decoded_max_size (f->max_frame_bytes) + 4;
  uint8_t *p;

  if (need <= f->payload_cap)
    return true;
  while (cap < need && cap <= SIZE_MAX / 2)
    cap *= 2;
  if (cap > bound)
    cap = bound;
  if (cap < need)
    cap = need;
  p = realloc (f->payload, cap);
  if (p == NULL) {
    set_error (f, B64_FRAME_TOO_LONG, B64_DECODE_OK,
        "out of memory for a %zu-byte payload", need);
    return false;
  }
  f->payload = p;
  f->payload_cap = cap;
  return true;
}

/* Hands @n bytes to the decoder; returns how many it took. */
static size_t
decode (B64Framer *f, const char *src, size_t n)
{
  size_t pos0 = f->dec.pos;
  size_t written = 0, k;

  if (!reserve_payload (f, b64_decoded_max_size (n) + 2))
    return 0;
  k = b64_decoder_feed (&f->dec, src, n, f->payload + f->payload_len, &written);
  f->payload_len += written;
  if (f->dec.status != B64_DECODE_OK)
    set_decode_error (f, src, n, pos0);
  return k;
}

/* Not a data URI: the decoder starts with the held bytes, as if they came
 * right before frame offset @resume (only blanks came between them). */
static void
start_plain (B64Framer *f, size_t resume)
{
  b64_decoder_init (&f->dec, decoder_flags (f));
  f->state = ST_PAYLOAD;
  f->dec_base = resume - f->n_held;
  f->line_start = f->dec_base;
  decode (f, f->held, f->n_held);
}

/* ---- data-URI prefix ---------------------------------------------------- */

static bool
ascii_ieq (const char *a, size_t len, const char *b)
{
  size_t i;

  if (strlen (b) != len)
    return false;
  for (i = 0; i < len; i++) {
    char c = a[i];

    if (c >= 'A' && c <= 'Z')
      c += 'a' - 'A';
    if (c != b[i])
      return false;
  }
  return true;
}

/* Checks "<mime>[;param=value]*;base64" in f->uri and keeps the mime type;
 * @comma is the frame offset of the ','. */
static void
parse_uri (B64Framer *f, size_t comma)
{
  const char *u = f->uri, *end = u + f->uri_len;
  const char *semi = memchr (u, ';', f->uri_len);
  const char *last = end, *p;
  size_t i, mime_len;

  while (last > u && last[-1] != ';')
    last--;
  mime_len = (semi ? semi : end) - u;
  for (i = 0; i < mime_len; i++) {
    char c = u[i];

    f->mime[i] = (c >= 'A' && c <= 'Z') ? c + ('a' - 'A') : c;
  }
  f->mime[mime_len] = '\0';
  f->is_uri = true;

  if (semi == NULL || !ascii_ieq (last, end - last, "base64")) {
    set_error (
        f, B64_FRAME_BAD_DATA_URI, B64_DECODE_OK, "data URI is not base64");
    return;
  }
  /* every parameter between the mime type and ";base64" is attr=value */
  for (p = semi + 1; p < last;) {
    const char *pend = memchr (p, ';', last - p); /* last[-1] is ';' */
    const char *eq = memchr (p, '=', pend - p);

    if (eq == NULL || eq == p) {
      set_error (f, B64_FRAME_BAD_DATA_URI, B64_DECODE_OK,
          "malformed data URI parameter '%.*s'",
          (int) (pend - p < 64 ? pend - p : 64), p);
      return;
    }
    p = pend + 1;
  }
  b64_decoder_init (&f->dec, decoder_flags (f));
  f->dec_base = comma + 1;
  f->line_start = f->dec_base;
  f->state = ST_PAYLOAD;
}

/* ---- frame states ------------------------------------------------------- */

/* Each step handler looks at @src[0..@n), all bytes of the current frame
 * (at most what max_frame_bytes still allows), and returns how many it
 * consumed. It stops early at a state change, or at a LF ending the frame
 * (stream mode), which it leaves unconsumed with *at_lf set. */

static size_t
step_scheme (B64Framer *f, const char *src, size_t n, bool *at_lf)
{
  static const char scheme[] = "data:";
  size_t i;

  for (i = 0; i < n; i++) {
    unsigned char c = src[i];
    unsigned char lc = (c >= 'A' && c <= 'Z') ? c + ('a' - 'A') : c;

    if (c == '\n' && !f->frame_framed) {
      *at_lf = true;
      return i;
    }
    if (is_blank (f, c))
      continue;
    if (c == '{' && f->n_held == 0 && !f->json) {
      /* a JSON object: from here on its bytes go to the scanner, and the
       * image string's to these steps */
      f->json = true;
      f->img_bytes = 0;
      b64_json_begin (f->js, !f->frame_framed);
      return i;
    }
    if (lc != (unsigned char) scheme[f->n_held]) {
      start_plain (f, img_off (f) + i);
      return i;
    }
    if (f->n_held == 4) {
      f->state = ST_URI;
      f->uri_len = 0;
      return i + 1;
    }
    f->held[f->n_held++] = c;
  }
  return n;
}

static size_t
step_uri (B64Framer *f, const char *src, size_t n, bool *at_lf)
{
  size_t i;

  for (i = 0; i < n; i++) {
    unsigned char c = src[i];
    size_t off = img_off (f) + i;

    if (c == '\n' && !f->frame_framed) {
      *at_lf = true;
      return i;
    }
    if (f->json && (c == '"' || c == '\\'))
      return i; /* the string's end or an escape: the scanner's */
    if (off >= MAX_PREFIX) {
      set_error (f, B64_FRAME_BAD_DATA_URI, B64_DECODE_OK,
          "data URI prefix longer than %d bytes", MAX_PREFIX);
      return i + 1;
    }
    if (is_blank (f, c))
      continue;
    if (c == ',') {
      parse_uri (f, off);
      return i + 1;
    }
    if (c < 0x21 || c > 0x7e) {
      set_error (f, B64_FRAME_BAD_DATA_URI, B64_DECODE_OK,
          "invalid character 0x%02x in data URI at offset %zu", c, off);
      return i + 1;
    }
    f->uri[f->uri_len++] = c;
  }
  return n;
}

static size_t
step_payload (B64Framer *f, const char *src, size_t n, bool *at_lf)
{
  size_t k = decode (f, src, n);

  if (f->state == ST_PAYLOAD && k < n) {
    if (src[k] == '\n') {
      *at_lf = true;
    } else if (f->json && (src[k] == '"' || src[k] == '\\')) {
      /* the string's end or an escape: the scanner's */
    } else {
      /* the codec's contract says this cannot happen */
      set_error (f, B64_FRAME_BAD_BASE64, B64_DECODE_BAD_CHAR,
          "base64 decoder stopped at offset %zu", f->dec_base + f->dec.pos);
    }
  }
  return k;
}

static size_t
step_error (B64Framer *f, const char *src, size_t n, bool *at_lf)
{
  const char *lf;

  if (f->frame_framed)
    return n;
  lf = memchr (src, '\n', n);
  if (lf == NULL)
    return n;
  *at_lf = true;
  return lf - src;
}

/* ---- JSON frames -------------------------------------------------------- */

static size_t step (B64Framer *f, const char *src, size_t n, bool *at_lf);

/* The scanner's receiver of the image string's text: the steps above,
 * with escaped whitespace (a "\n" of wrapped base64) skipped here. */
static size_t
json_image (void *ctx, const char *text, size_t len, bool escaped)
{
  B64Framer *f = ctx;
  size_t i = 0;
  char what[24];

  if (escaped && (is_space (text[0]) || text[0] == '\n')) {
    f->img_bytes++;
    return 1;
  }
  while (i < len && f->state != ST_ERROR) {
    State before = f->state;
    bool at_lf = false;
    size_t k = step (f, text + i, len - i, &at_lf);

    f->img_bytes += k;
    i += k;
    if (at_lf || (k == 0 && f->state == before))
      break;
  }
  if (escaped && i == 0 && f->state != ST_ERROR) {
    b64_error_describe_byte (what, sizeof (what), (unsigned char) text[0]);
    set_error (f, B64_FRAME_BAD_BASE64, B64_DECODE_BAD_CHAR,
        "invalid base64 character %s (escaped) at offset %zu", what,
        f->img_bytes);
  }
  return i;
}

static size_t
step_json (B64Framer *f, const char *src, size_t n, bool *at_lf)
{
  B64JsonResult r;
  size_t k;

  if (f->state == ST_ERROR)
    return step_error (f, src, n, at_lf);
  r = b64_json_feed (f->js, src, n, &k);
  if (r == B64_JSON_LF)
    *at_lf = true;
  else if (r == B64_JSON_ERROR && f->state != ST_ERROR)
    set_error (f, B64_FRAME_BAD_JSON, B64_DECODE_OK, "%s",
        b64_error_message (b64_json_error (f->js), ""));
  return k;
}

static size_t
step (B64Framer *f, const char *src, size_t n, bool *at_lf)
{
  switch (f->state) {
    case ST_SCHEME:
      return step_scheme (f, src, n, at_lf);
    case ST_URI:
      return step_uri (f, src, n, at_lf);
    case ST_PAYLOAD:
      return step_payload (f, src, n, at_lf);
    default:
      return step_error (f, src, n, at_lf);
  }
}

/* ---- frame boundaries --------------------------------------------------- */

static void
start_frame (B64Framer *f)
{
  f->frame_framed = f->framed;
  f->state = ST_SCHEME;
  f->text_bytes = 0;
  f->n_held = 0;
  f->uri_len = 0;
  f->is_uri = false;
  f->payload_len = 0;
  b64_error_clear (&f->error);
  f->b64_status = B64_DECODE_OK;
  f->wrap = 0;
  f->last = 0;
  f->json = false;
  f->img_bytes = 0;
  b64_image_end_init (&f->end);
  f->end_pos = 0;
}

/* Flushes what the state still holds, so that the frame's outcome is
 * known. */
static void
close_frame (B64Framer *f)
{
  size_t written = 0;

  if (f->state == ST_WRAP)
    f->state = ST_PAYLOAD;
  if (f->json && f->state != ST_ERROR && !b64_json_finish (f->js))
    set_error (f, B64_FRAME_BAD_JSON, B64_DECODE_OK, "%s",
        b64_error_message (b64_json_error (f->js), ""));
  if (f->state == ST_SCHEME)
    start_plain (f, img_off (f));
  if (f->state == ST_URI)
    set_error (
        f, B64_FRAME_BAD_DATA_URI, B64_DECODE_OK, "data URI without ','");
  if (f->state != ST_PAYLOAD || !reserve_payload (f, 2))
    return;
  if (b64_decoder_finish (&f->dec, f->payload + f->payload_len, &written)
      != B64_DECODE_OK) {
    set_decode_error (f, NULL, 0, 0);
    return;
  }
  f->payload_len += written;
  if (f->payload_len == 0) {
    b64_error_set (&f->error, B64_FRAME_EMPTY, "%s",
        f->is_uri ? "data URI with no data" : "no data");
  }
}

/* A JSON frame's image errors say where they are. */
static void
name_json_image (B64Framer *f)
{
  char inner[sizeof (f->error.message)];

  if (!f->json || f->error.code == B64_FRAME_OK
      || f->error.code == B64_FRAME_BAD_JSON
      || f->error.code == B64_FRAME_TOO_LONG)
    return;
  snprintf (inner, sizeof (inner), "%s", f->error.message);
  b64_error_set (&f->error, f->error.code, "JSON image string: %.280s", inner);
}

/* Publishes the frame that just ended and moves to @next. */
static void
end_frame (B64Framer *f, State next)
{
  B64Frame *fr = &f->frame;

  if (next != ST_SKIP)
    close_frame (f);
  name_json_image (f);
  fr->error = f->error;
  fr->b64_status = f->b64_status;
  fr->data = f->error.code == B64_FRAME_OK ? f->payload : NULL;
  fr->size = f->error.code == B64_FRAME_OK ? f->payload_len : 0;
  fr->mime = f->is_uri ? f->mime : NULL;
  fr->text_bytes = f->text_bytes;
  fr->has_pts = f->json && f->error.code == B64_FRAME_OK
                && b64_json_pts (f->js, &fr->pts);
  f->state = next;
}

/* The byte after max_frame_bytes arrived: the frame ends here. */
static void
end_too_long (B64Framer *f)
{
  char first[sizeof (f->error.message)];

  if (f->error.code != B64_FRAME_OK) {
    snprintf (first, sizeof (first), "%s", f->error.message);
    b64_error_set (&f->error, B64_FRAME_TOO_LONG,
        "frame longer than %zu bytes (first error: %.200s)", f->max_frame_bytes,
        first);
  } else {
    b64_error_set (&f->error, B64_FRAME_TOO_LONG, "frame longer than %zu bytes",
        f->max_frame_bytes);
  }
  end_frame (f, ST_SKIP);
}

/* ---- wrapped text (stream mode) ----------------------------------------- */

/* Where the image in the payload stands: the bytes decoded since the last
 * call are walked. */
static B64ImageEndResult
image_state (B64Framer *f)
{
  B64ImageEndResult r = b64_image_end_feed (
      &f->end, f->payload + f->end_pos, f->payload_len - f->end_pos);

  f->end_pos = f->payload_len;
  return r;
}

/* At the LF ending a frame's first line: does the frame go on? Only when
 * the line looks like the first of wrapped text (a width that is a
 * multiple of 4, no '=' yet) and holds the start of a JPEG or PNG whose
 * end has not come. A complete one-line image ends at its LF; so does
 * every line longer than B64_FRAMER_MAX_WRAP, without the image being
 * walked. */
static bool
first_line_wraps (B64Framer *f)
{
  size_t w = f->text_bytes - f->line_start - (f->last == '\r');

  if (f->json || f->state != ST_PAYLOAD || f->dec.n_pad != 0
      || f->dec.n_acc != 0)
    return false;
  if (w < 4 || w % 4 != 0 || w > B64_FRAMER_MAX_WRAP)
    return false;
  if (image_state (f) != B64_IMAGE_MORE)
    return false;
  f->wrap = w;
  f->lines = 1;
  return true;
}

/* Base64 of a JPEG's SOI and first marker byte, of PNG's signature. */
static bool
starts_like_image (const char *src, size_t n)
{
  return (n >= 4 && memcmp (src, "/9j/", 4) == 0)
         || (n >= 11 && memcmp (src, "iVBORw0KGgo", 11) == 0);
}

typedef enum
{
  WRAP_NEED_MORE, /* the line is not all there: nothing consumed */
  WRAP_GOES_ON,   /* the line was taken, its LF too; the next may follow */
  WRAP_ENDED,     /* the frame ended: after the line, or before it */
} WrapStep;

/* What a line may change when it is tried as the last one. */
typedef struct
{
  B64Decoder dec;
  size_t payload_len;
  B64ImageEnd end;
  size_t end_pos;
} WrapSave;

static void
save_wrap (const B64Framer *f, WrapSave *s)
{
  s->dec = f->dec;
  s->payload_len = f->payload_len;
  s->end = f->end;
  s->end_pos = f->end_pos;
}

/* The line is not part of the frame after all: it will start the next. */
static void
restore_wrap (B64Framer *f, const WrapSave *s)
{
  f->dec = s->dec;
  f->payload_len = s->payload_len;
  f->end = s->end;
  f->end_pos = s->end_pos;
  f->state = ST_WRAP;
  b64_error_clear (&f->error);
  f->b64_status = B64_DECODE_OK;
}

/* Ends the frame at the LF before the line in @src: that LF becomes the
 * frame's terminator again. */
static WrapStep
end_before_line (B64Framer *f, size_t *consumed)
{
  f->text_bytes--;
  end_frame (f, ST_IDLE);
  *consumed = 0;
  return WRAP_ENDED;
}

static bool
all_blank (const char *src, size_t n)
{
  size_t i;

  for (i = 0; i < n; i++)
    if (!is_space (src[i]))
      return false;
  return true;
}

/* A line of a frame already over max_frame_bytes or broken: lines of the
 * frame's width are counted into it, a shorter one ends it. */
static WrapStep
count_line (B64Framer *f, size_t line, size_t width, bool lf, size_t *consumed)
{
  f->text_bytes += line;
  *consumed = line + lf;
  if (width == f->wrap && lf) {
    f->text_bytes++;
    f->lines++;
    f->state = ST_WRAP;
    return WRAP_GOES_ON;
  }
  end_frame (f, ST_IDLE);
  return WRAP_ENDED;
}

/* A line after a wrapped frame's LF, decided once it is all in @src: a
 * line of the frame's width goes on it; a shorter one ends it if it is
 * where the image ends; a blank, longer or otherwise unfitting line (one
 * that breaks the image) is no part of it. Text of the next frame is
 * never taken. */
static WrapStep
step_wrap (
    B64Framer *f, const char *src, size_t n, bool last_data, size_t *consumed)
{
  size_t look = n < f->wrap + 3 ? n : f->wrap + 3; /* width, CR, LF */
  const char *lf = memchr (src, '\n', look);
  size_t line = lf ? (size_t) (lf - src) : look;
  size_t width = line - (line > 0 && src[line - 1] == '\r');
  B64ImageEndResult img;
  WrapSave save;

  *consumed = 0;
  if (lf == NULL && look < f->wrap + 3 && !last_data)
    return WRAP_NEED_MORE;
  /* a second line starting like an image is one (a thumbnail's SOI at
   * byte 57 or 48 of a file is not worth taking that risk for) */
  if (width > f->wrap || all_blank (src, line)
      || (f->lines == 1 && starts_like_image (src, line)))
    return end_before_line (f, consumed);
  if (f->error.code == B64_FRAME_OK
      && f->text_bytes + line > f->max_frame_bytes)
    set_error (f, B64_FRAME_TOO_LONG, B64_DECODE_OK,
        "frame longer than %zu bytes", f->max_frame_bytes);
  if (f->error.code != B64_FRAME_OK)
    return count_line (f, line, width, lf != NULL, consumed);

  save_wrap (f, &save);
  decode (f, src, line);
  img = f->error.code == B64_FRAME_OK ? image_state (f) : B64_IMAGE_NOT;
  if (img == B64_IMAGE_NOT || (img == B64_IMAGE_MORE && width < f->wrap)) {
    restore_wrap (f, &save);
    return end_before_line (f, consumed);
  }
  f->state = ST_WRAP;
  f->text_bytes += line;
  *consumed = line + (lf != NULL);
  if (img == B64_IMAGE_MORE && lf != NULL) {
    f->text_bytes++;
    f->lines++;
    return WRAP_GOES_ON;
  }
  end_frame (f, ST_IDLE);
  return WRAP_ENDED;
}

/* ---- public entry points ------------------------------------------------ */

/* Skips bytes that belong to no frame; returns how many. Afterwards either
 * all of @data was skipped or a frame has started at @data[returned]. */
static size_t
skip_blanks (B64Framer *f, const char *data, size_t len)
{
  size_t i = 0;

  while (i < len) {
    if (f->state == ST_SKIP) {
      const char *lf
          = f->frame_framed ? NULL : memchr (data + i, '\n', len - i);

      if (lf == NULL)
        return len;
      i = lf - data + 1;
      f->state = ST_IDLE;
    }
    f->frame_framed = f->framed;
    while (i < len && (is_space (data[i]) || data[i] == '\n'))
      i++;
    if (i < len) {
      start_frame (f);
      break;
    }
  }
  return i;
}

static B64FramerResult
feed (B64Framer *f, const char *data, size_t len, bool last_data,
    size_t *skipped, size_t *used)
{
  size_t i = 0;

  if (!b64_framer_in_frame (f))
    i = skip_blanks (f, data, len);
  *skipped = i;
  *used = 0;

  while (i < len) {
    size_t room = f->text_bytes < f->max_frame_bytes
                      ? f->max_frame_bytes - f->text_bytes
                      : 0;
    size_t n = len - i < room ? len - i : room;
    bool at_lf = false;
    size_t k;

    if (f->state == ST_WRAP) {
      WrapStep w = step_wrap (f, data + i, len - i, last_data, &k);

      i += k;
      *used = i - *skipped;
      if (w == WRAP_ENDED)
        return B64_FRAMER_FRAME;
      if (w == WRAP_NEED_MORE)
        return B64_FRAMER_NEED_MORE;
      f->last = '\n';
      continue;
    }
    if (n == 0) {
      /* the limit is reached: only the terminating LF may follow */
      if (data[i] == '\n' && !f->frame_framed) {
        end_frame (f, ST_IDLE);
      } else {
        f->text_bytes++;
        end_too_long (f);
      }
      *used = i + 1 - *skipped;
      return B64_FRAMER_FRAME;
    }
    k = f->json ? step_json (f, data + i, n, &at_lf)
                : step (f, data + i, n, &at_lf);
    f->text_bytes += k;
    i += k;
    if (k > 0)
      f->last = data[i - 1];
    if (at_lf && f->wrap == 0 && first_line_wraps (f)) {
      /* the LF is inside the frame: the next line decides */
      f->state = ST_WRAP;
      f->text_bytes++;
      f->last = '\n';
      i++;
    } else if (at_lf) {
      end_frame (f, ST_IDLE);
      *used = i + 1 - *skipped;
      return B64_FRAMER_FRAME;
    }
  }
  *used = i - *skipped;
  return B64_FRAMER_NEED_MORE;
}

B64FramerResult
b64_framer_feed (
    B64Framer *f, const char *data, size_t len, size_t *skipped, size_t *used)
{
  return feed (f, data, len, false, skipped, used);
}

B64FramerResult
b64_framer_feed_last (
    B64Framer *f, const char *data, size_t len, size_t *skipped, size_t *used)
{
  return feed (f, data, len, true, skipped, used);
}

size_t
b64_framer_want (const B64Framer *f)
{
  return f->state == ST_WRAP ? f->wrap + 3 : 1;
}

B64FramerResult
b64_framer_finish (B64Framer *f)
{
  if (!b64_framer_in_frame (f)) {
    reset_state (f);
    return B64_FRAMER_NEED_MORE;
  }
  if (f->state == ST_WRAP)
    f->text_bytes--; /* the LF seen last was the frame's end */
  end_frame (f, ST_IDLE);
  reset_state (f);
  return B64_FRAMER_FRAME;
}

const B64Frame *
b64_framer_frame (const B64Framer *f)
{
  return &f->frame;
}

const B64Frame *
b64_framer_decode_whole (B64Framer *f, const char *text, size_t len)
{
  bool framed = f->framed;
  size_t skipped, used;

  f->framed = true;
  reset_state (f);
  if (b64_framer_feed (f, text, len, &skipped, &used) != B64_FRAMER_FRAME
      && b64_framer_finish (f) != B64_FRAMER_FRAME) {
    /* nothing but whitespace: an empty frame all the same */
    start_frame (f);
    end_frame (f, ST_IDLE);
  }
  f->framed = framed;
  reset_state (f);
  return &f->frame;
}
