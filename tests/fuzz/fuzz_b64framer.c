/* b64img — fuzz target: the text framer gives the same frames, and the same
 * byte accounting, whether the stream comes whole or cut at points the
 * fuzzer chooses; framed text gives what b64_framer_decode_whole gives.
 * Copyright (C) 2026 The b64img authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * Input: byte 0 = framed (bit 0) and max-frame-bytes (bits 1-2: none, 16,
 * 100, 4096); bytes 1-6 = sizes - 1 of the pieces, used in turn; the rest
 * is the text.
 */
#include "b64framer.h"
#include "fuzz_check.h"

#include <glib.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define HEADER   7
#define N_PIECES 6

int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

/* Appends what a frame says (and the bytes it took) to @log. */
static void
log_frame (GString *log, const B64Frame *fr, size_t skipped, size_t used)
{
  FUZZ_CHECK (
      memchr (fr->error.message, 0, sizeof (fr->error.message)) != NULL);
  FUZZ_CHECK (
      (fr->error.code == B64_FRAME_OK) == (fr->error.message[0] == '\0'));
  FUZZ_CHECK (
      fr->error.code == B64_FRAME_OK || (fr->data == NULL && fr->size == 0));
  FUZZ_CHECK (fr->error.code != B64_FRAME_OK || fr->size > 0);
  g_string_append_printf (log,
      "%d %d %zu %zu skip %zu used %zu mime %s pts %d %" PRId64 " [%s] ",
      fr->error.code, fr->b64_status, fr->size, fr->text_bytes, skipped, used,
      fr->mime ? fr->mime : "(none)", fr->has_pts, fr->pts, fr->error.message);
  if (fr->size)
    g_string_append_len (log, (const char *) fr->data, fr->size);
  g_string_append_c (log, '\n');
}

/* Feeds @text in pieces (whole when @pieces is NULL) as b64imgdec does:
 * bytes the framer did not take are fed again with the next piece, and
 * the stream's last bytes through b64_framer_feed_last; then finishes. */
static GString *
run (const char *text, size_t len, bool framed, size_t max,
    const uint8_t *pieces)
{
  B64Framer *f = b64_framer_new (framed, max);
  GString *log = g_string_new (NULL);
  size_t pos = 0, end = 0, skipped = 0, used = 0;
  unsigned k = 0;

  while (end < len) {
    end = pieces ? end + pieces[k++ % N_PIECES] + 1u : len;
    if (end > len)
      end = len;
    while (pos < end) {
      size_t s = 0, u = 0, avail = end - pos;
      size_t want = b64_framer_want (f);
      B64FramerResult r
          = end == len ? b64_framer_feed_last (f, text + pos, avail, &s, &u)
                       : b64_framer_feed (f, text + pos, avail, &s, &u);

      FUZZ_CHECK (want >= 1);
      FUZZ_CHECK (s + u <= avail);
      pos += s + u;
      skipped += s;
      used += u;
      if (r == B64_FRAMER_FRAME) {
        log_frame (log, b64_framer_frame (f), skipped, used);
        skipped = used = 0;
        continue;
      }
      if (s + u == 0) {
        /* no progress only when given less than it wants, never at the end */
        FUZZ_CHECK (avail < want && end < len);
        break; /* fed again with more */
      }
    }
  }
  if (b64_framer_finish (f) == B64_FRAMER_FRAME)
    log_frame (log, b64_framer_frame (f), skipped, used);
  else
    g_string_append_printf (log, "end skip %zu used %zu\n", skipped, used);
  FUZZ_CHECK (!b64_framer_in_frame (f));
  b64_framer_free (f);
  return log;
}

/* A whole framed text as b64_framer_decode_whole sees it (no limit: a
 * frame over it ends early when fed). */
static void
check_whole (const char *text, size_t len)
{
  B64Framer *f = b64_framer_new (false, 0);
  B64Framer *g = b64_framer_new (true, 0);
  const B64Frame *a = b64_framer_decode_whole (f, text, len);
  size_t pos = 0;

  while (pos < len) {
    size_t s = 0, u = 0;
    FUZZ_CHECK (b64_framer_feed (g, text + pos, len - pos, &s, &u)
                == B64_FRAMER_NEED_MORE);
    FUZZ_CHECK (s + u == len - pos);
    pos += s + u;
  }
  if (b64_framer_finish (g) == B64_FRAMER_FRAME) {
    const B64Frame *b = b64_framer_frame (g);

    FUZZ_CHECK (a->error.code == b->error.code);
    FUZZ_CHECK (a->b64_status == b->b64_status);
    FUZZ_CHECK (strcmp (a->error.message, b->error.message) == 0);
    FUZZ_CHECK (a->size == b->size);
    FUZZ_CHECK (a->size == 0 || memcmp (a->data, b->data, a->size) == 0);
  } else {
    /* nothing but whitespace */
    FUZZ_CHECK (a->error.code == B64_FRAME_EMPTY);
  }
  b64_framer_free (f);
  b64_framer_free (g);
}

int
LLVMFuzzerTestOneInput (const uint8_t *data, size_t size)
{
  static const size_t maxes[] = { 0, 16, 100, 4096 };

  if (size < HEADER)
    return 0;

  bool framed = data[0] & 1;
  size_t max = maxes[(data[0] >> 1) & 3];
  const char *text = (const char *) data + HEADER;
  size_t len = size - HEADER;

  GString *whole = run (text, len, framed, max, NULL);
  GString *cut = run (text, len, framed, max, data + 1);
  if (!g_string_equal (whole, cut)) {
    fprintf (stderr, "whole:\n%s\ncut:\n%s\n", whole->str, cut->str);
    abort ();
  }
  g_string_free (whole, TRUE);
  g_string_free (cut, TRUE);
  if (framed && max == 0)
    check_whole (text, len);
  return 0;
}
