/* b64img — unit tests of the text framer (gst/b64framer.c)
 * Copyright (C) 2026 The b64img authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include <glib.h>
#include <stdio.h>
#include <string.h>

#include "b64framer.h"
#include "testutil.h"

/* ---- harness ------------------------------------------------------------ */

/* Feeds text to a framer the way the element does and records every frame
 * as "STATUS|reason|mime|text_bytes|payload", checking on the way the
 * skipped/used contract. */
typedef struct
{
  B64Framer *f;
  bool framed;
  size_t max;        /* as given to the framer, 0 for none */
  GPtrArray *frames; /* char * */
  GString *cur;      /* used bytes of the frame in progress */
  size_t consumed;
} Run;

static const char *
status_name (B64FrameStatus s)
{
  switch (s) {
    case B64_FRAME_OK:
      return "OK";
    case B64_FRAME_BAD_BASE64:
      return "BAD_BASE64";
    case B64_FRAME_BAD_DATA_URI:
      return "BAD_DATA_URI";
    case B64_FRAME_TOO_LONG:
      return "TOO_LONG";
    case B64_FRAME_EMPTY:
      return "EMPTY";
    case B64_FRAME_BAD_JSON:
      return "BAD_JSON";
  }
  return "?";
}

static gboolean
blank (char c, bool framed)
{
  return c == ' ' || c == '\t' || c == '\r' || c == '\v' || c == '\f'
         || (c == '\n' && framed);
}

static void
append_escaped (GString *s, const uint8_t *data, size_t len)
{
  size_t i;

  for (i = 0; i < len; i++) {
    if (data[i] >= 0x20 && data[i] < 0x7f && data[i] != '\\')
      g_string_append_c (s, data[i]);
    else
      g_string_append_printf (s, "\\x%02x", data[i]);
  }
}

/* Re-encodes an OK payload and compares it with the frame's text, stripped
 * of its prefix, whitespace and padding, in the standard alphabet. */
static void
check_payload (const B64Frame *fr, const GString *text)
{
  GString *want = g_string_new (NULL);
  const char *t = text->str, *end = text->str + text->len;
  gchar *enc;
  size_t i;

  if (fr->mime != NULL)
    t = strchr (t, ',') + 1;
  for (; t < end; t++) {
    if (blank (*t, true) || *t == '=')
      continue;
    g_string_append_c (want, *t == '-' ? '+' : *t == '_' ? '/' : *t);
  }
  enc = g_base64_encode (fr->data, fr->size);
  for (i = strlen (enc); i > 0 && enc[i - 1] == '='; i--)
    enc[i - 1] = '\0';
  /* the codec ignores the unused low bits of a last partial quantum */
  if (i % 4 != 0 && i == want->len && enc[i - 1] != want->str[i - 1]) {
    static const char abc[]
        = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    unsigned mask = i % 4 == 2 ? 0x30 : 0x3c;

    g_assert_cmphex ((strchr (abc, want->str[i - 1]) - abc) & mask, ==,
        (strchr (abc, enc[i - 1]) - abc) & mask);
    want->str[i - 1] = enc[i - 1];
  }
  g_assert_cmpstr (enc, ==, want->str);
  g_free (enc);
  g_string_free (want, TRUE);
}

static void
record (Run *r)
{
  const B64Frame *fr = b64_framer_frame (r->f);
  GString *d = g_string_new (NULL);
  GString *t = r->cur;
  size_t text_len = t->len;

  /* the frame's used bytes start at its first non-blank byte */
  g_assert_cmpuint (t->len, >, 0);
  g_assert_false (blank (t->str[0], true));
  if (!r->framed && t->str[t->len - 1] == '\n')
    text_len--;
  g_assert_cmpuint (fr->text_bytes, ==, text_len);
  if (fr->error.code == B64_FRAME_TOO_LONG && r->max != 0)
    g_assert_cmpuint (fr->text_bytes, ==, r->max + 1);
  else if (r->max != 0)
    g_assert_cmpuint (fr->text_bytes, <=, r->max);
  g_assert_nonnull (memchr (fr->error.message, 0, sizeof (fr->error.message)));
  g_assert_true (
      (fr->error.code == B64_FRAME_OK) == (fr->error.message[0] == '\0'));
  if (fr->error.code == B64_FRAME_OK) {
    g_assert_cmpuint (fr->size, >, 0);
    check_payload (fr, t);
  }

  g_string_append_printf (d, "%s|%s|%s|%zu|", status_name (fr->error.code),
      fr->error.message, fr->mime ? fr->mime : "-", fr->text_bytes);
  if (fr->error.code == B64_FRAME_OK)
    append_escaped (d, fr->data, fr->size);
  else
    g_assert_cmpuint (fr->size, ==, 0);
  g_ptr_array_add (r->frames, g_string_free (d, FALSE));
  g_string_truncate (r->cur, 0);
}

static void
run_init (Run *r, bool framed, size_t max)
{
  r->f = b64_framer_new (framed, max);
  g_assert_nonnull (r->f);
  r->framed = framed;
  r->max = max;
  r->frames = g_ptr_array_new_with_free_func (g_free);
  r->cur = g_string_new (NULL);
  r->consumed = 0;
}

static void
run_clear (Run *r)
{
  b64_framer_free (r->f);
  g_ptr_array_unref (r->frames);
  g_string_free (r->cur, TRUE);
}

static void
run_feed (Run *r, const char *data, size_t len)
{
  while (len > 0) {
    size_t skipped = 12345, used = 12345;
    B64FramerResult res = b64_framer_feed (r->f, data, len, &skipped, &used);

    g_assert_cmpuint (skipped + used, <=, len);
    /* skipped bytes never come inside a frame */
    g_assert_true (skipped == 0 || r->cur->len == 0);
    g_string_append_len (r->cur, data + skipped, used);
    data += skipped + used;
    len -= skipped + used;
    r->consumed += skipped + used;
    if (res == B64_FRAMER_FRAME) {
      g_assert_cmpuint (used, >, 0);
      g_assert_false (b64_framer_in_frame (r->f));
      record (r);
    } else {
      g_assert_cmpint (res, ==, B64_FRAMER_NEED_MORE);
      g_assert_cmpuint (len, ==, 0);
      g_assert_true (b64_framer_in_frame (r->f) == (r->cur->len > 0));
    }
  }
}

static void
run_finish (Run *r)
{
  if (b64_framer_finish (r->f) == B64_FRAMER_FRAME)
    record (r);
  g_assert_cmpuint (r->cur->len, ==, 0);
  g_assert_false (b64_framer_in_frame (r->f));
}

/* Feeds @text cut at the sorted offsets @cuts, then finishes. */
static void
run_cuts (
    Run *r, const char *text, size_t len, const size_t *cuts, size_t n_cuts)
{
  size_t i, at = 0;

  for (i = 0; i <= n_cuts; i++) {
    size_t end = i < n_cuts ? cuts[i] : len;

    run_feed (r, text + at, end - at);
    at = end;
  }
  run_finish (r);
  g_assert_cmpuint (r->consumed, ==, len);
}

static void
assert_frames (Run *r, const char *const *want)
{
  size_t i;

  for (i = 0; want[i] != NULL; i++) {
    g_assert_cmpuint (i, <, r->frames->len);
    g_assert_cmpstr (g_ptr_array_index (r->frames, i), ==, want[i]);
  }
  g_assert_cmpuint (r->frames->len, ==, i);
}

/* The frames of @text fed whole, then finished. */
static void
check_text (bool framed, size_t max, const char *text, size_t len,
    const char *const *want)
{
  Run r;

  run_init (&r, framed, max);
  run_cuts (&r, text, len, NULL, 0);
  assert_frames (&r, want);
  run_clear (&r);
}

#define CHECK(framed, max, text, ...)                                          \
  G_STMT_START                                                                 \
  {                                                                            \
    const char *const want_[] = { __VA_ARGS__, NULL };                         \
    check_text (framed, max, text, sizeof (text) - 1, want_);                  \
  }                                                                            \
  G_STMT_END

/* ---- chunking ----------------------------------------------------------- */

static const char multi_text[] = "\r\n"
                                 "  aGVsbG8=  \r\n"
                                 "\t\n"
                                 "\n"
                                 "data:text/plain;base64,d29ybGQ\r\n"
                                 "Pz8-Pw\n"
                                 "\t ab!c \n"
                                 "Zm9v YmFy\n"
                                 "   \r\n"
                                 "DATA:;BASE64,\n"
                                 "  Zg";

static const char *const multi_want[] = { "OK||-|11|hello",
  "OK||text/plain|31|world",
  "OK||-|6|?"
  "?>?",
  "BAD_BASE64|invalid base64 character '!' (0x21) at offset 2|-|5|",
  "OK||-|9|foobar", "EMPTY|data URI with no data||13|", "OK||-|2|f", NULL };

static void
test_multi_whole (void)
{
  static const size_t want_skipped[] = { 4, 3, 0, 2, 0, 5, 2 };
  static const size_t want_used[] = { 12, 32, 7, 6, 10, 14, 2 };
  const char *p = multi_text;
  size_t len = sizeof (multi_text) - 1;
  B64Framer *f = b64_framer_new (false, 1024);
  unsigned i;

  /* the exact skipped/used split, frame by frame */
  for (i = 0; i < G_N_ELEMENTS (want_used); i++) {
    size_t skipped, used;
    B64FramerResult res = b64_framer_feed (f, p, len, &skipped, &used);

    g_assert_cmpuint (skipped, ==, want_skipped[i]);
    g_assert_cmpuint (used, ==, want_used[i]);
    g_assert_cmpint (res, ==, i < 6 ? B64_FRAMER_FRAME : B64_FRAMER_NEED_MORE);
    p += skipped + used;
    len -= skipped + used;
    if (i == 5)
      g_assert_false (b64_framer_in_frame (f));
  }
  g_assert_cmpuint (len, ==, 0);
  g_assert_true (b64_framer_in_frame (f));
  g_assert_cmpint (b64_framer_finish (f), ==, B64_FRAMER_FRAME);
  g_assert_false (b64_framer_in_frame (f));
  g_assert_cmpint (b64_framer_finish (f), ==, B64_FRAMER_NEED_MORE);
  b64_framer_free (f);
}

static void
test_multi_one_split (void)
{
  size_t len = sizeof (multi_text) - 1, a;

  for (a = 0; a <= len; a++) {
    Run r;

    run_init (&r, false, 1024);
    run_cuts (&r, multi_text, len, &a, 1);
    assert_frames (&r, multi_want);
    run_clear (&r);
  }
}

static void
test_multi_two_splits (void)
{
  size_t len = sizeof (multi_text) - 1, cuts[2];

  for (cuts[0] = 0; cuts[0] <= len; cuts[0]++) {
    for (cuts[1] = cuts[0]; cuts[1] <= len; cuts[1]++) {
      Run r;

      run_init (&r, false, 1024);
      run_cuts (&r, multi_text, len, cuts, 2);
      assert_frames (&r, multi_want);
      run_clear (&r);
    }
  }
}

static void
test_multi_bytewise (void)
{
  size_t len = sizeof (multi_text) - 1, i;
  size_t cuts[sizeof (multi_text)];
  Run r;

  for (i = 0; i < len; i++)
    cuts[i] = i;
  run_init (&r, false, 1024);
  run_cuts (&r, multi_text, len, cuts, len);
  assert_frames (&r, multi_want);
  run_clear (&r);
}

/* ---- data URIs ---------------------------------------------------------- */

static void
test_data_uri (void)
{
  CHECK (false, 0,
      "data:image/jpeg;charset=utf-8;base64,aGk=", "OK||image/jpeg|41|hi");
  CHECK (false, 0, "DATA:Image/PNG;BASE64,aGk\n", "OK||image/png|25|hi");
  CHECK (false, 0, "dAtA:image/png;Base64,aGk\n", "OK||image/png|25|hi");
  CHECK (false, 0, "data:;base64,aGk=\n", "OK|||17|hi");
  CHECK (false, 0, "data:;charset=utf-8;base64,aGk=\n", "OK|||31|hi");
  /* whitespace inside the prefix is ignored too */
  CHECK (false, 0, " d a t\ta : image/png ; base64 , aG k= \n",
      "OK||image/png|37|hi");
  /* not base64 */
  CHECK (false, 0, "data:,aGk=\n", "BAD_DATA_URI|data URI is not base64||10|");
  CHECK (false, 0, "data:image/png,aGk=\n",
      "BAD_DATA_URI|data URI is not base64|image/png|19|");
  CHECK (false, 0, "data:base64,aGk=\n",
      "BAD_DATA_URI|data URI is not base64|base64|16|");
  CHECK (false, 0, "data:image/png;base64;x=y,aGk=\n",
      "BAD_DATA_URI|data URI is not base64|image/png|30|");
  CHECK (false, 0, "data:image/png;base65,aGk=\n",
      "BAD_DATA_URI|data URI is not base64|image/png|26|");
  CHECK (false, 0, "data:image/png;foo;base64,aGk=\n",
      "BAD_DATA_URI|malformed data URI parameter 'foo'|image/png|30|");
  CHECK (false, 0, "data:image/png;=x;base64,aGk=\n",
      "BAD_DATA_URI|malformed data URI parameter '=x'|image/png|29|");
  CHECK (false, 0, "data:image/p\001ng;base64,aGk=\n",
      "BAD_DATA_URI|invalid character 0x01 in data URI at offset 12|-|27|");
  CHECK (
      false, 0, "data:image/png\n", "BAD_DATA_URI|data URI without ','|-|14|");
  CHECK (false, 0, "data:image/png;base64",
      "BAD_DATA_URI|data URI without ','|-|21|");
  /* empty payloads */
  CHECK (false, 0, "data:image/png;base64,\n",
      "EMPTY|data URI with no data|image/png|22|");
  CHECK (false, 0, "data:image/png;base64, \t \r\n",
      "EMPTY|data URI with no data|image/png|26|");
  CHECK (true, 0, "data:image/png;base64,\n\n",
      "EMPTY|data URI with no data|image/png|24|");
  /* a payload error is counted from the frame's first byte */
  CHECK (false, 0, "data:image/png;base64,aGVs!G8=\n",
      "BAD_BASE64|invalid base64 character '!' (0x21) at offset "
      "26|image/png|30|");
  /* prefixes of "data:" are plain base64 */
  CHECK (false, 0, "dat\ndata\nData1234\nd a t a\n", "OK||-|3|u\\xab",
      "OK||-|4|u\\xabZ", "OK||-|8|\\x0d\\xabZ\\xd7m\\xf8", "OK||-|7|u\\xabZ");
  CHECK (false, 0, "data;base64,aGk=\n",
      "BAD_BASE64|invalid base64 character ';' (0x3b) at offset 4|-|16|");
}

static void
test_data_uri_prefix_bound (void)
{
  GString *s = g_string_new ("data:image/png;x=");
  const char *const ok[] = { "OK||image/png|1028|hi", NULL };
  const char *const bad[]
      = { "BAD_DATA_URI|data URI prefix longer than 1024 bytes|-|1029|", NULL };
  const char *const long_line[]
      = { "BAD_DATA_URI|data URI prefix longer than 1024 bytes|-|100005|",
          "OK||-|4|hi!", NULL };

  /* the ',' as the 1024th byte is fine, as the 1025th it is not */
  while (s->len < 1024 - strlen (";base64,"))
    g_string_append_c (s, 'y');
  g_string_append (s, ";base64,aGk=");
  check_text (false, 0, s->str, s->len, ok);
  g_string_insert_c (s, 20, 'y');
  g_string_append (s, "\n");
  check_text (false, 0, s->str, s->len, bad);

  /* an endless prefix stops being stored at the bound */
  g_string_assign (s, "data:");
  while (s->len < 100005)
    g_string_append_c (s, 'z');
  g_string_append (s, "\naGkh");
  check_text (false, 0, s->str, s->len, long_line);
  g_string_free (s, TRUE);
}

/* ---- errors ------------------------------------------------------------- */

static void
test_errors (void)
{
  CHECK (false, 0, "aGVs!G8=",
      "BAD_BASE64|invalid base64 character '!' (0x21) at offset 4|-|8|");
  CHECK (false, 0, "aGVs\001G8=\n",
      "BAD_BASE64|invalid base64 character 0x01 at offset 4|-|8|");
  CHECK (false, 0, "aGVs\377G8=\n",
      "BAD_BASE64|invalid base64 character 0xff at offset 4|-|8|");
  CHECK (false, 0, "aGVs\"G8=\n",
      "BAD_BASE64|invalid base64 character '\"' (0x22) at offset 4|-|8|");
  /* leading blanks are not part of the frame; inner ones are */
  CHECK (false, 0, " \t aG Vs!G8=\n",
      "BAD_BASE64|invalid base64 character '!' (0x21) at offset 5|-|9|");
  /* bytes held while "data:" was possible keep their offsets */
  CHECK (false, 0, "d!\nda  t  a!\nDAT:\n",
      "BAD_BASE64|invalid base64 character '!' (0x21) at offset 1|-|2|",
      "BAD_BASE64|invalid base64 character '!' (0x21) at offset 8|-|9|",
      "BAD_BASE64|invalid base64 character ':' (0x3a) at offset 3|-|4|");
  CHECK (false, 0, "aGk=x\n", "BAD_BASE64|bad padding at offset 4|-|5|");
  CHECK (false, 0, "a===\n", "BAD_BASE64|bad padding at offset 1|-|4|");
  CHECK (false, 0, "aGVsb\n",
      "BAD_BASE64|truncated base64: 1 character left over at offset 5|-|5|");
  CHECK (false, 0, "ab+c-d\n",
      "BAD_BASE64|mixed base64 alphabets at offset 4|-|6|");
  CHECK (false, 0, "ab_c/d\n",
      "BAD_BASE64|mixed base64 alphabets at offset 4|-|6|");
  /* the first error wins; the rest of the line belongs to the frame */
  CHECK (false, 0, "a!b!c===\n",
      "BAD_BASE64|invalid base64 character '!' (0x21) at offset 1|-|8|");
  /* good frames around bad ones decode */
  CHECK (false, 0, "QUJD\n!!!!\nREVG\nR0g=x\nSUpL", "OK||-|4|ABC",
      "BAD_BASE64|invalid base64 character '!' (0x21) at offset 0|-|4|",
      "OK||-|4|DEF", "BAD_BASE64|bad padding at offset 4|-|5|", "OK||-|4|IJK");
  /* only '=' */
  CHECK (false, 0, "=\n", "BAD_BASE64|bad padding at offset 0|-|1|");
}

static void
test_error_status (void)
{
  B64Framer *f = b64_framer_new (true, 0);
  const B64Frame *fr;

  fr = b64_framer_decode_whole (f, "ab+c-d", 6);
  g_assert_cmpint (fr->error.code, ==, B64_FRAME_BAD_BASE64);
  g_assert_cmpint (fr->b64_status, ==, B64_DECODE_MIXED_ALPHABET);
  fr = b64_framer_decode_whole (f, "ab!", 3);
  g_assert_cmpint (fr->b64_status, ==, B64_DECODE_BAD_CHAR);
  fr = b64_framer_decode_whole (f, "abcde", 5);
  g_assert_cmpint (fr->b64_status, ==, B64_DECODE_BAD_LENGTH);
  fr = b64_framer_decode_whole (f, "ab=c", 4);
  g_assert_cmpint (fr->b64_status, ==, B64_DECODE_BAD_PADDING);
  fr = b64_framer_decode_whole (f, "data:x,ab", 9);
  g_assert_cmpint (fr->error.code, ==, B64_FRAME_BAD_DATA_URI);
  g_assert_cmpint (fr->b64_status, ==, B64_DECODE_OK);
  fr = b64_framer_decode_whole (f, "aGk=", 4);
  g_assert_cmpint (fr->error.code, ==, B64_FRAME_OK);
  g_assert_cmpint (fr->b64_status, ==, B64_DECODE_OK);
  g_assert_cmpstr (fr->error.message, ==, "");
  g_assert_null (fr->mime);
  g_assert_cmpmem (fr->data, fr->size, "hi", 2);
  b64_framer_free (f);
}

/* ---- max_frame_bytes ---------------------------------------------------- */

static void
test_too_long (void)
{
  static const char text[] = "QUJDREVGR0hJSktMTU5PUFFSU1RVVldY\nQUJD\n";
  B64Framer *f = b64_framer_new (false, 16);
  size_t skipped, used, i;

  g_assert_cmpint (
      b64_framer_feed (f, text, sizeof (text) - 1, &skipped, &used), ==,
      B64_FRAMER_FRAME);
  g_assert_cmpuint (skipped, ==, 0);
  g_assert_cmpuint (used, ==, 17);
  g_assert_cmpint (b64_framer_frame (f)->error.code, ==, B64_FRAME_TOO_LONG);
  g_assert_cmpstr (
      b64_framer_frame (f)->error.message, ==, "frame longer than 16 bytes");
  g_assert_null (b64_framer_frame (f)->data);
  g_assert_false (b64_framer_in_frame (f));
  g_assert_cmpint (
      b64_framer_feed (f, text + 17, sizeof (text) - 18, &skipped, &used), ==,
      B64_FRAMER_FRAME);
  g_assert_cmpuint (skipped, ==, 16);
  g_assert_cmpuint (used, ==, 5);
  g_assert_cmpint (b64_framer_frame (f)->error.code, ==, B64_FRAME_OK);
  g_assert_cmpmem (
      b64_framer_frame (f)->data, b64_framer_frame (f)->size, "ABC", 3);

  /* byte by byte: the 17th byte ends the frame, the rest is skipped */
  b64_framer_reset (f);
  for (i = 0; i < 33; i++) {
    B64FramerResult res = b64_framer_feed (f, text + i, 1, &skipped, &used);

    g_assert_cmpint (
        res, ==, i == 16 ? B64_FRAMER_FRAME : B64_FRAMER_NEED_MORE);
    g_assert_cmpuint (used, ==, i <= 16);
    g_assert_cmpuint (skipped, ==, i > 16);
    g_assert_true (b64_framer_in_frame (f) == (i < 16));
  }
  b64_framer_free (f);

  /* the limit counts blanks, CR included, but not the LF */
  CHECK (false, 16, "QUJDREVGR0hJSktM\nQUJD  REVGR0hJ \r\n",
      "OK||-|16|ABCDEFGHIJKL", "OK||-|16|ABCDEFGHI");
  CHECK (false, 16, "QUJDREVGR0hJSktM\r\nQUJD",
      "TOO_LONG|frame longer than 16 bytes|-|17|", "OK||-|4|ABC");
  CHECK (false, 16, "QUJDREVGR0hJSktM", "OK||-|16|ABCDEFGHIJKL");
  CHECK (false, 16, "  QUJDREVGR0hJSktMx  \n \nQUJD",
      "TOO_LONG|frame longer than 16 bytes|-|17|", "OK||-|4|ABC");
  /* a bad line that is also too long says both */
  CHECK (false, 16, "QU!DREVGR0hJSktMTU5P\nQUJD",
      "TOO_LONG|frame longer than 16 bytes (first error: invalid base64 "
      "character '!' (0x21) at offset 2)|-|17|",
      "OK||-|4|ABC");
  CHECK (false, 12, "data:image/png;base64,QUJD\nQUJD",
      "TOO_LONG|frame longer than 12 bytes|-|13|", "OK||-|4|ABC");
  /* framed: the whole text counts, LF included; the rest is skipped */
  CHECK (true, 16, "QUJDREVG\nR0hJSktM\nQUJD",
      "TOO_LONG|frame longer than 16 bytes|-|17|");
  CHECK (true, 16, "QUJDREVG\nR0hJSkt", "OK||-|16|ABCDEFGHIJK");
}

static void
test_endless_line (void)
{
  const size_t chunk = 64 * 1024, max = 1024 * 1024;
  char *buf = g_malloc (chunk);
  B64Framer *f = b64_framer_new (false, max);
  size_t total = 0, frames = 0, skipped_total = 0;
  glong rss0;
  size_t skipped, used, i;

  for (i = 0; i < chunk; i++)
    buf[i] = "QUJD"[i % 4];
  /* warm up: the first frame grows the payload buffer to the limit */
  rss0 = b64t_vm_rss_kib ();
  while (total < 100 * 1024 * 1024) {
    const char *p = buf;
    size_t len = chunk;

    while (len > 0) {
      if (b64_framer_feed (f, p, len, &skipped, &used) == B64_FRAMER_FRAME) {
        frames++;
        g_assert_cmpint (
            b64_framer_frame (f)->error.code, ==, B64_FRAME_TOO_LONG);
        g_assert_cmpuint (total + (p - buf) + used, ==, max + 1);
      }
      if (total + (p - buf) > max)
        g_assert_cmpuint (skipped, ==, len);
      skipped_total += skipped;
      p += skipped + used;
      len -= skipped + used;
    }
    total += chunk;
  }
  g_assert_cmpuint (frames, ==, 1);
  g_assert_cmpuint (skipped_total, ==, total - max - 1);
  /* memory stays bounded by the limit, not by the line */
  if (rss0 > 0)
    g_assert_cmpint (b64t_vm_rss_kib (), <, rss0 + 16 * 1024);

  /* the LF ends the skipping; the next line decodes */
  g_assert_cmpint (b64_framer_feed (f, "\nQUJD\n", 6, &skipped, &used), ==,
      B64_FRAMER_FRAME);
  g_assert_cmpuint (skipped, ==, 1);
  g_assert_cmpuint (used, ==, 5);
  g_assert_cmpmem (
      b64_framer_frame (f)->data, b64_framer_frame (f)->size, "ABC", 3);

  /* a line that fails early is bounded the same way */
  for (i = 0; i < chunk; i++)
    buf[i] = '!';
  frames = 0;
  for (total = 0; total < 8 * max; total += chunk) {
    const char *p = buf;
    size_t len = chunk;

    while (len > 0) {
      if (b64_framer_feed (f, p, len, &skipped, &used) == B64_FRAMER_FRAME) {
        frames++;
        g_assert_cmpint (
            b64_framer_frame (f)->error.code, ==, B64_FRAME_TOO_LONG);
      }
      p += skipped + used;
      len -= skipped + used;
    }
  }
  g_assert_cmpuint (frames, ==, 1);
  b64_framer_free (f);
  g_free (buf);
}

static void
test_limit_change (void)
{
  B64Framer *f = b64_framer_new (false, 0);
  size_t skipped, used;

  /* 0 is no limit */
  g_assert_cmpint (b64_framer_feed (f, "QUJDREVG", 8, &skipped, &used), ==,
      B64_FRAMER_NEED_MORE);
  /* a lower limit applies from the next byte */
  b64_framer_set_max_frame_bytes (f, 4);
  g_assert_cmpint (
      b64_framer_feed (f, "R0hJ\n", 5, &skipped, &used), ==, B64_FRAMER_FRAME);
  g_assert_cmpuint (used, ==, 1);
  g_assert_cmpint (b64_framer_frame (f)->error.code, ==, B64_FRAME_TOO_LONG);
  g_assert_cmpuint (b64_framer_frame (f)->text_bytes, ==, 9);
  b64_framer_free (f);
}

/* ---- framed mode -------------------------------------------------------- */

static void
test_framed (void)
{
  GRand *rand = g_rand_new_with_seed (7);
  uint8_t data[3000];
  GString *text = g_string_new ("data:image/png;\r\n base64,\r\n");
  B64Framer *f = b64_framer_new (true, 1 << 20);
  const B64Frame *fr;
  gchar *b64;
  size_t i, skipped, used;

  for (i = 0; i < sizeof (data); i++)
    data[i] = g_rand_int (rand);
  /* MIME style: 76 columns, CRLF */
  b64 = g_base64_encode (data, sizeof (data));
  for (i = 0; i < strlen (b64); i += 76) {
    g_string_append_len (text, b64 + i, MIN (76, strlen (b64) - i));
    g_string_append (text, "\r\n");
  }
  fr = b64_framer_decode_whole (f, text->str, text->len);
  g_assert_cmpint (fr->error.code, ==, B64_FRAME_OK);
  g_assert_cmpstr (fr->mime, ==, "image/png");
  g_assert_cmpmem (fr->data, fr->size, data, sizeof (data));
  g_assert_cmpuint (fr->text_bytes, ==, text->len);
  g_assert_false (b64_framer_in_frame (f));

  /* fed in pieces, it ends only at finish */
  for (i = 0; i < text->len; i += 100) {
    size_t n = MIN (100, text->len - i);

    g_assert_cmpint (b64_framer_feed (f, text->str + i, n, &skipped, &used), ==,
        B64_FRAMER_NEED_MORE);
    g_assert_cmpuint (skipped + used, ==, n);
    g_assert_true (b64_framer_in_frame (f));
  }
  g_assert_cmpint (b64_framer_finish (f), ==, B64_FRAMER_FRAME);
  fr = b64_framer_frame (f);
  g_assert_cmpint (fr->error.code, ==, B64_FRAME_OK);
  g_assert_cmpmem (fr->data, fr->size, data, sizeof (data));

  /* blank text */
  fr = b64_framer_decode_whole (f, " \n\r\n\t", 5);
  g_assert_cmpint (fr->error.code, ==, B64_FRAME_EMPTY);
  g_assert_cmpstr (fr->error.message, ==, "no data");
  g_assert_cmpint (b64_framer_feed (f, " \n\r\n\t", 5, &skipped, &used), ==,
      B64_FRAMER_NEED_MORE);
  g_assert_cmpuint (skipped, ==, 5);
  g_assert_cmpint (b64_framer_finish (f), ==, B64_FRAMER_NEED_MORE);

  /* decode_whole is framed even on a stream framer */
  b64_framer_set_framed (f, false);
  fr = b64_framer_decode_whole (f, "QU\nJD\n", 6);
  g_assert_cmpint (fr->error.code, ==, B64_FRAME_OK);
  g_assert_cmpmem (fr->data, fr->size, "ABC", 3);
  g_assert_cmpint (b64_framer_feed (f, "QU\nJD\n", 6, &skipped, &used), ==,
      B64_FRAMER_FRAME);
  g_assert_cmpuint (used, ==, 3);
  g_assert_cmpint (b64_framer_frame (f)->error.code, ==, B64_FRAME_OK);
  g_assert_cmpmem (
      b64_framer_frame (f)->data, b64_framer_frame (f)->size, "A", 1);

  /* too long, framed: the rest of the text is skipped until finish */
  b64_framer_set_framed (f, true);
  b64_framer_set_max_frame_bytes (f, 8);
  b64_framer_reset (f);
  g_assert_cmpint (b64_framer_feed (f, "QUJD\nREVGR0hJ", 13, &skipped, &used),
      ==, B64_FRAMER_FRAME);
  g_assert_cmpuint (used, ==, 9);
  g_assert_cmpint (b64_framer_feed (f, "QUJD\n", 5, &skipped, &used), ==,
      B64_FRAMER_NEED_MORE);
  g_assert_cmpuint (skipped, ==, 5);
  g_assert_cmpint (b64_framer_finish (f), ==, B64_FRAMER_NEED_MORE);
  fr = b64_framer_decode_whole (f, "QUJDREVGR", 9);
  g_assert_cmpint (fr->error.code, ==, B64_FRAME_TOO_LONG);
  fr = b64_framer_decode_whole (f, "QUJD", 4);
  g_assert_cmpint (fr->error.code, ==, B64_FRAME_OK);

  g_free (b64);
  g_string_free (text, TRUE);
  b64_framer_free (f);
  g_rand_free (rand);
}

static void
test_reset (void)
{
  B64Framer *f = b64_framer_new (false, 8);
  size_t skipped, used;

  g_assert_false (b64_framer_in_frame (f));
  b64_framer_feed (f, " \t", 2, &skipped, &used);
  g_assert_false (b64_framer_in_frame (f));
  b64_framer_feed (f, "QU", 2, &skipped, &used);
  g_assert_true (b64_framer_in_frame (f));
  b64_framer_reset (f);
  g_assert_false (b64_framer_in_frame (f));
  g_assert_cmpint (
      b64_framer_feed (f, "REVG\n", 5, &skipped, &used), ==, B64_FRAMER_FRAME);
  g_assert_cmpmem (
      b64_framer_frame (f)->data, b64_framer_frame (f)->size, "DEF", 3);

  /* a half-seen "data:" and an error are forgotten too */
  b64_framer_feed (f, "dat", 3, &skipped, &used);
  b64_framer_reset (f);
  g_assert_cmpint (b64_framer_feed (f, "a:,\nREVG\n", 9, &skipped, &used), ==,
      B64_FRAMER_FRAME);
  g_assert_cmpint (b64_framer_frame (f)->error.code, ==, B64_FRAME_BAD_BASE64);
  b64_framer_feed (f, "!", 1, &skipped, &used);
  b64_framer_reset (f);
  g_assert_cmpint (
      b64_framer_feed (f, "REVG\n", 5, &skipped, &used), ==, B64_FRAMER_FRAME);
  g_assert_cmpint (b64_framer_frame (f)->error.code, ==, B64_FRAME_OK);

  /* and so is the rest of an over-long line */
  g_assert_cmpint (b64_framer_feed (f, "QUJDREVGR0hJ", 12, &skipped, &used), ==,
      B64_FRAMER_FRAME);
  g_assert_cmpint (b64_framer_frame (f)->error.code, ==, B64_FRAME_TOO_LONG);
  g_assert_cmpint (
      b64_framer_feed (f, "xx", 2, &skipped, &used), ==, B64_FRAMER_NEED_MORE);
  g_assert_cmpuint (skipped, ==, 2);
  b64_framer_reset (f);
  g_assert_cmpint (
      b64_framer_feed (f, "REVG\n", 5, &skipped, &used), ==, B64_FRAMER_FRAME);
  g_assert_cmpuint (skipped, ==, 0);
  g_assert_cmpmem (
      b64_framer_frame (f)->data, b64_framer_frame (f)->size, "DEF", 3);
  b64_framer_free (f);
}

/* The payload buffer is reused: a frame's data stay put while the frames
 * after it are no larger. */
static void
test_buffer_reuse (void)
{
  B64Framer *f = b64_framer_new (false, 0);
  size_t skipped, used;
  const uint8_t *first;

  b64_framer_feed (f, "QUJDREVG\n", 9, &skipped, &used);
  first = b64_framer_frame (f)->data;
  g_assert_nonnull (first);
  b64_framer_feed (f, "R0hJ\n", 5, &skipped, &used);
  g_assert_true (b64_framer_frame (f)->data == first);
  b64_framer_free (f);
}

/* ---- fuzz --------------------------------------------------------------- */

static char
random_char (GRand *rand)
{
  static const char pool[]
      = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789"
        "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789"
        "+/-_==    \t\r\n\n\n:;,data:DATA;base64,";

  if (g_rand_int_range (rand, 0, 50) == 0)
    return g_rand_int_range (rand, 0, 256);
  return pool[g_rand_int_range (rand, 0, sizeof (pool) - 1)];
}

static void
random_text (GRand *rand, GString *s)
{
  int n = g_rand_int_range (rand, 0, 200);

  g_string_truncate (s, 0);
  while (n-- > 0) {
    switch (g_rand_int_range (rand, 0, 12)) {
      case 0:
        g_string_append (s, g_rand_boolean (rand) ? "data:image/png;base64,"
                                                  : "DATA:;a=b;Base64,");
        break;
      case 1:
        g_string_append (s, "\r\n");
        break;
      default:
        g_string_append_c (s, random_char (rand));
        break;
    }
  }
}

static void
test_fuzz (void)
{
  GRand *rand = g_rand_new_with_seed (20260101);
  GString *s = g_string_new (NULL);
  int iter;

  for (iter = 0; iter < 4000; iter++) {
    bool framed = g_rand_int_range (rand, 0, 4) == 0;
    size_t max = g_rand_boolean (rand) ? 0 : g_rand_int_range (rand, 1, 100);
    size_t cuts[40], n_cuts = g_rand_int_range (rand, 0, 40), i;
    Run whole, chunked;

    random_text (rand, s);
    for (i = 0; i < n_cuts; i++)
      cuts[i] = g_rand_int_range (rand, 0, s->len + 1);
    for (i = 1; i < n_cuts; i++) {
      size_t j, c = cuts[i];

      for (j = i; j > 0 && cuts[j - 1] > c; j--)
        cuts[j] = cuts[j - 1];
      cuts[j] = c;
    }
    run_init (&whole, framed, max);
    run_init (&chunked, framed, max);
    run_cuts (&whole, s->str, s->len, NULL, 0);
    run_cuts (&chunked, s->str, s->len, cuts, n_cuts);
    g_assert_cmpuint (whole.frames->len, ==, chunked.frames->len);
    for (i = 0; i < whole.frames->len; i++)
      g_assert_cmpstr (g_ptr_array_index (whole.frames, i), ==,
          g_ptr_array_index (chunked.frames, i));
    if (framed)
      b64_framer_decode_whole (whole.f, s->str, s->len);
    run_clear (&whole);
    run_clear (&chunked);
  }
  g_string_free (s, TRUE);
  g_rand_free (rand);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/framer/multi/whole", test_multi_whole);
  g_test_add_func ("/framer/multi/one-split", test_multi_one_split);
  g_test_add_func ("/framer/multi/two-splits", test_multi_two_splits);
  g_test_add_func ("/framer/multi/bytewise", test_multi_bytewise);
  g_test_add_func ("/framer/data-uri/variants", test_data_uri);
  g_test_add_func ("/framer/data-uri/prefix-bound", test_data_uri_prefix_bound);
  g_test_add_func ("/framer/errors/reasons", test_errors);
  g_test_add_func ("/framer/errors/status", test_error_status);
  g_test_add_func ("/framer/limit/too-long", test_too_long);
  g_test_add_func ("/framer/limit/endless-line", test_endless_line);
  g_test_add_func ("/framer/limit/change", test_limit_change);
  g_test_add_func ("/framer/framed", test_framed);
  g_test_add_func ("/framer/reset", test_reset);
  g_test_add_func ("/framer/buffer-reuse", test_buffer_reuse);
  g_test_add_func ("/framer/fuzz", test_fuzz);
  return g_test_run ();
}
