/* b64img — fuzz target: the JSON scanner gives the same outcome (result,
 * reason, image text handed over, pts) whether the text comes whole or
 * cut at points the fuzzer chooses, and keeps its feed contract.
 * Copyright (C) 2026 The b64img authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * Input: byte 0 = stream mode (bit 0: a raw LF ends the text) and the
 * pointer (bits 1-2: the default choice, /image, /data/0/b64_json,
 * /a~1b/1); bytes 1-6 = sizes - 1 of the pieces, used in turn; the rest
 * is the text.
 */
#include "b64json.h"
#include "fuzz_check.h"

#include <glib.h>
#include <inttypes.h>
#include <string.h>

#define HEADER   7
#define N_PIECES 6

int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

static const char *const pointers[]
    = { NULL, "/image", "/data/0/b64_json", "/a~1b/1" };

/* Takes raw text up to a quote, backslash or LF, as the framer does, but
 * refuses a '!' (standing for bad base64); escaped characters are logged
 * in brackets. */
static size_t
take_text (void *ctx, const char *text, size_t len, bool escaped)
{
  GString *log = ctx;
  size_t i;

  FUZZ_CHECK (len > 0);
  if (escaped) {
    FUZZ_CHECK (len == 1);
    g_string_append_printf (log, "[%02x]", (unsigned char) text[0]);
    return text[0] == '!' ? 0 : 1;
  }
  for (i = 0; i < len; i++) {
    if (text[i] == '"' || text[i] == '\\' || text[i] == '\n' || text[i] == '!')
      break;
  }
  g_string_append_len (log, text, i);
  return i;
}

static GString *
run (const char *text, size_t len, bool lf_ends, const char *pointer,
    const uint8_t *pieces)
{
  GString *log = g_string_new (NULL);
  B64Json *j = b64_json_new (take_text, log);
  B64JsonResult r = B64_JSON_MORE;
  size_t pos = 0;
  unsigned k = 0;
  int64_t pts = 0;
  bool ok, has_pts;

  FUZZ_CHECK (j != NULL);
  FUZZ_CHECK (b64_json_set_pointer (j, pointer));
  b64_json_begin (j, lf_ends);
  while (pos < len && r == B64_JSON_MORE) {
    size_t n = pieces ? pieces[k++ % N_PIECES] + 1u : len - pos, c = 0;

    if (n > len - pos)
      n = len - pos;
    r = b64_json_feed (j, text + pos, n, &c);
    FUZZ_CHECK (c <= n);
    FUZZ_CHECK (r != B64_JSON_MORE || c == n);
    FUZZ_CHECK (r != B64_JSON_LF || (lf_ends && text[pos + c] == '\n'));
    pos += c;
  }
  ok = r != B64_JSON_ERROR && b64_json_finish (j);
  has_pts = ok && b64_json_pts (j, &pts);
  FUZZ_CHECK (
      ok || r == B64_JSON_ERROR || b64_json_error (j)->message[0] != '\0');
  FUZZ_CHECK (ok == (b64_json_error (j)->code == B64_JSON_OK));
  g_string_append_printf (log, "|%d %d %d %" PRId64 " %zu [%s]", r, ok, has_pts,
      has_pts ? pts : 0, pos, b64_json_error (j)->message);
  b64_json_free (j);
  return log;
}

int
LLVMFuzzerTestOneInput (const uint8_t *data, size_t size)
{
  GString *whole, *cut;
  const char *pointer;
  bool lf_ends;

  if (size < HEADER)
    return 0;
  lf_ends = data[0] & 1;
  pointer = pointers[(data[0] >> 1) & 3];
  whole = run (
      (const char *) data + HEADER, size - HEADER, lf_ends, pointer, NULL);
  cut = run (
      (const char *) data + HEADER, size - HEADER, lf_ends, pointer, data + 1);
  if (strcmp (whole->str, cut->str) != 0) {
    fprintf (stderr, "whole: %s\ncut:   %s\n", whole->str, cut->str);
    FUZZ_CHECK (!"cut text gives another outcome");
  }
  g_string_free (whole, TRUE);
  g_string_free (cut, TRUE);
  return 0;
}
