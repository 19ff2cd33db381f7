/* b64img — unit tests of the base64 codec, run for every implementation:
 * the implementation switch, error messages, sizes, RFC 4648's vectors,
 * round trips, explicit cases, every byte at many offsets, streaming
 * splits and the stop at a line feed (test_b64codec_equivalence.c: every
 * implementation against the reference on random and wrapped texts)
 * Copyright (C) 2026 The b64img authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "b64codec.h"
#include "codecunit.h"
#include "testutil.h"

#include <glib.h>
#include <string.h>

/* ---- tests ------------------------------------------------------------- */

static void
test_impls (void)
{
  g_assert_true (b64_set_impl (B64_IMPL_SCALAR));
  g_assert_cmpint (b64_get_impl (), ==, B64_IMPL_SCALAR);
  if (b64_set_impl (B64_IMPL_AVX2))
    g_assert_cmpint (b64_get_impl (), ==, B64_IMPL_AVX2);
  g_assert_true (b64_set_impl (B64_IMPL_AUTO));
  g_assert_cmpint (b64_get_impl (), !=, B64_IMPL_AUTO);
  /* AUTO goes back to the start-up choice, which honours the variable */
  g_setenv ("B64IMG_FORCE_SCALAR", "1", TRUE);
  g_assert_true (b64_set_impl (B64_IMPL_AUTO));
  g_assert_cmpint (b64_get_impl (), ==, B64_IMPL_SCALAR);
  g_unsetenv ("B64IMG_FORCE_SCALAR");
  g_assert_true (b64_set_impl (B64_IMPL_AUTO));
  g_assert_cmpstr (b64_impl_name (B64_IMPL_SCALAR), ==, "scalar");
  g_assert_cmpstr (b64_impl_name (B64_IMPL_AVX2), ==, "avx2");
  for (int s = B64_DECODE_OK; s <= B64_DECODE_MIXED_ALPHABET; s++) {
    B64Error e;

    b64_error_set (&e, 99, "stale");
    g_assert_true (b64_decode_error (&e, s, 7, '!') == (s == B64_DECODE_OK));
    g_assert_cmpint (e.code, ==, s);
    g_assert_true ((e.message[0] == '\0') == (s == B64_DECODE_OK));
  }
}

/* The messages b64_decode_error () writes: users read them in warnings. */
static void
test_error_messages (void)
{
  static const struct
  {
    B64DecodeStatus status;
    gsize offset;
    int bad;
    const char *message;
  } cases[] = {
    { B64_DECODE_BAD_CHAR, 17, '!',
        "invalid base64 character '!' (0x21) at offset 17" },
    { B64_DECODE_BAD_CHAR, 4, 0x01,
        "invalid base64 character 0x01 at offset 4" },
    { B64_DECODE_BAD_CHAR, 4, 0xff,
        "invalid base64 character 0xff at offset 4" },
    { B64_DECODE_BAD_CHAR, 4, ' ',
        "invalid base64 character 0x20 at offset 4" },
    { B64_DECODE_BAD_CHAR, 9, -1, "invalid base64 character ? at offset 9" },
    { B64_DECODE_BAD_PADDING, 4, -1, "bad padding at offset 4" },
    { B64_DECODE_BAD_LENGTH, 5, -1,
        "truncated base64: 1 character left over at offset 5" },
    { B64_DECODE_MIXED_ALPHABET, 4, -1, "mixed base64 alphabets at offset 4" },
  };

  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++) {
    B64Error e = { 0 };

    g_assert_false (
        b64_decode_error (&e, cases[i].status, cases[i].offset, cases[i].bad));
    g_assert_cmpint (e.code, ==, cases[i].status);
    g_assert_cmpstr (e.message, ==, cases[i].message);
  }
  /* NULL is allowed: only the result */
  g_assert_false (b64_decode_error (NULL, B64_DECODE_BAD_CHAR, 0, -1));
  g_assert_true (b64_decode_error (NULL, B64_DECODE_OK, 0, -1));
}

static void
test_sizes (void)
{
  static const gsize enc_pad[] = { 0, 4, 4, 4, 8, 8, 8, 12 };
  static const gsize enc_nopad[] = { 0, 2, 3, 4, 6, 7, 8, 10 };

  for (gsize i = 0; i < G_N_ELEMENTS (enc_pad); i++) {
    g_assert_cmpuint (b64_encoded_size (i, TRUE), ==, enc_pad[i]);
    g_assert_cmpuint (b64_encoded_size (i, FALSE), ==, enc_nopad[i]);
  }
  for (gsize i = 0; i < 64; i++)
    g_assert_cmpuint (b64_decoded_max_size (i), >=, (i + 3) / 4 * 3);
}

static const struct
{
  const char *raw, *enc, *url_nopad;
} rfc4648[] = {
  { "", "", "" },
  { "f", "Zg==", "Zg" },
  { "fo", "Zm8=", "Zm8" },
  { "foo", "Zm9v", "Zm9v" },
  { "foob", "Zm9vYg==", "Zm9vYg" },
  { "fooba", "Zm9vYmE=", "Zm9vYmE" },
  { "foobar", "Zm9vYmFy", "Zm9vYmFy" },
  /* bytes that use the last two sextets */
  { "\xfb\xff\xbf", "+/+/", "-_-_" },
  { "\xfb\xf0", "+/A=", "-_A" },
};

static void
test_rfc4648 (void)
{
  FOR_EACH_IMPL (impl)
  {
    for (guint i = 0; i < G_N_ELEMENTS (rfc4648); i++) {
      const char *raw = rfc4648[i].raw;
      gsize len = strlen (raw), n;
      gchar *t;
      Result r;

      t = encode_new (
          (const guint8 *) raw, len, B64_ALPHABET_STANDARD, TRUE, &n);
      g_assert_cmpstr (t, ==, rfc4648[i].enc);
      g_free (t);
      t = encode_new ((const guint8 *) raw, len, B64_ALPHABET_URL, FALSE, &n);
      g_assert_cmpstr (t, ==, rfc4648[i].url_nopad);
      g_free (t);

      r = decode_once (rfc4648[i].enc, strlen (rfc4648[i].enc), 0);
      g_assert_cmpint (r.status, ==, B64_DECODE_OK);
      g_assert_cmpmem (r.out->data, r.out->len, raw, len);
      result_clear (&r);
      r = decode_once (rfc4648[i].url_nopad, strlen (rfc4648[i].url_nopad), 0);
      g_assert_cmpint (r.status, ==, B64_DECODE_OK);
      g_assert_cmpmem (r.out->data, r.out->len, raw, len);
      result_clear (&r);
    }
  }
}

static void
test_round_trip (void)
{
  GRand *rnd = g_rand_new_with_seed (42);

  FOR_EACH_IMPL (impl)
  {
    for (gsize len = 0; len <= 1024; len++) {
      guint8 *data = b64t_random_bytes (rnd, len);

      for (int a = B64_ALPHABET_STANDARD; a <= B64_ALPHABET_URL; a++) {
        for (int padding = 0; padding <= 1; padding++) {
          gsize n;
          gchar *t = encode_new (data, len, a, padding, &n);
          Result r;

          g_assert_cmpuint (n, ==, b64_encoded_size (len, padding));
          if (a == B64_ALPHABET_STANDARD && padding) {
            gchar *g = g_base64_encode (data, len);
            g_assert_cmpstr (t, ==, g);
            g_free (g);
          }
          r = decode_once (t, n, 0);
          g_assert_cmpint (r.status, ==, B64_DECODE_OK);
          g_assert_cmpmem (r.out->data, r.out->len, data, len);
          result_clear (&r);
          g_free (t);
        }
      }
      g_free (data);
    }
  }
  g_rand_free (rnd);
}

/* One explicit expectation. */
typedef struct
{
  const char *text;
  unsigned flags;
  B64DecodeStatus status;
  gsize err_pos;
  const char *out; /* for OK */
} Case;

static const Case cases[] = {
  { "", 0, B64_DECODE_OK, 0, "" },
  { "QQ", 0, B64_DECODE_OK, 0, "A" },
  { "QQ==", 0, B64_DECODE_OK, 0, "A" },
  { "QUI", 0, B64_DECODE_OK, 0, "AB" },
  { "QUI=", 0, B64_DECODE_OK, 0, "AB" },
  { "QUJD", 0, B64_DECODE_OK, 0, "ABC" },
  /* non-canonical trailing bits are accepted */
  { "QR==", 0, B64_DECODE_OK, 0, "A" },
  { "QUJ=", 0, B64_DECODE_OK, 0, "AB" },
  { "QQ=", 0, B64_DECODE_BAD_PADDING, 3, NULL },
  { "QUJD=", 0, B64_DECODE_BAD_PADDING, 4, NULL },
  { "QQ=A", 0, B64_DECODE_BAD_PADDING, 3, NULL },
  { "QQ==A", 0, B64_DECODE_BAD_PADDING, 4, NULL },
  { "=QQQ", 0, B64_DECODE_BAD_PADDING, 0, NULL },
  { "=", 0, B64_DECODE_BAD_PADDING, 0, NULL },
  { "Q===", 0, B64_DECODE_BAD_PADDING, 1, NULL },
  { "QQ===", 0, B64_DECODE_BAD_PADDING, 4, NULL },
  { "QUI==", 0, B64_DECODE_BAD_PADDING, 4, NULL },
  { "QQ==QQ==", 0, B64_DECODE_BAD_PADDING, 4, NULL },
  { "QUJDQUJD=", 0, B64_DECODE_BAD_PADDING, 8, NULL },
  { "Q", 0, B64_DECODE_BAD_LENGTH, 1, NULL },
  { "QUJDQ", 0, B64_DECODE_BAD_LENGTH, 5, NULL },
  { "QUJDQ  ", SP, B64_DECODE_BAD_LENGTH, 7, NULL },
  { "QU JD", 0, B64_DECODE_BAD_CHAR, 2, NULL },
  { "QU JD", SP, B64_DECODE_OK, 0, "ABC" },
  { " Q\tU\rJ\vD\f ", SP, B64_DECODE_OK, 0, "ABC" },
  { "QU\nJD", SP, B64_DECODE_BAD_CHAR, 2, NULL },
  { "QU\nJD", LF, B64_DECODE_OK, 0, "ABC" },
  { "QU \nJD", LF, B64_DECODE_BAD_CHAR, 2, NULL },
  { "QU\r\nJD", SP | LF, B64_DECODE_OK, 0, "ABC" },
  { "QQ= =", SP, B64_DECODE_OK, 0, "A" },
  { "QQ== \n", SP | LF, B64_DECODE_OK, 0, "A" },
  { "QQ== A", SP, B64_DECODE_BAD_PADDING, 5, NULL },
  { "QQ==*", SP, B64_DECODE_BAD_CHAR, 4, NULL },
  { "QU*D", 0, B64_DECODE_BAD_CHAR, 2, NULL },
  { "QUJD\x80", 0, B64_DECODE_BAD_CHAR, 4, NULL },
  { "QUJD\0", 0, B64_DECODE_BAD_CHAR, 4, NULL },
  { "+/+/-_", 0, B64_DECODE_MIXED_ALPHABET, 4, NULL },
  { "-_-_+", 0, B64_DECODE_MIXED_ALPHABET, 4, NULL },
  { "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA_"
    "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA/AAAA",
      0, B64_DECODE_MIXED_ALPHABET, 135, NULL },
  { "-_-_", 0, B64_DECODE_OK, 0, "\xfb\xff\xbf" },
};

static gsize
case_len (const Case *c)
{
  /* Texts with a NUL in them end with it. */
  gsize n = strlen (c->text);
  return c->status == B64_DECODE_BAD_CHAR && c->err_pos == n ? n + 1 : n;
}

static void
test_cases (void)
{
  GRand *rnd = g_rand_new_with_seed (7);

  FOR_EACH_IMPL (impl)
  {
    for (guint i = 0; i < G_N_ELEMENTS (cases); i++) {
      const Case *c = &cases[i];
      gsize len = case_len (c);
      Result r = decode_once (c->text, len, c->flags);
      Result ref = decode_reference (c->text, len, c->flags);

      if (g_test_verbose ()) {
        gchar *e = g_strescape (c->text, NULL);

        g_test_message ("case %u: \"%s\"", i, e);
        g_free (e);
      }
      g_assert_cmpint (r.status, ==, c->status);
      if (c->status == B64_DECODE_OK)
        g_assert_cmpmem (r.out->data, r.out->len, c->out, strlen (c->out));
      else
        g_assert_cmpuint (r.err_pos, ==, c->err_pos);
      /* the reference model agrees with the explicit expectation */
      assert_results_equal (&r, &ref);
      result_clear (&r);
      result_clear (&ref);
      check_text (c->text, len, c->flags, rnd, 2);
    }
  }
  g_rand_free (rnd);
}

static void
test_every_byte (void)
{
  static const gsize positions[]
      = { 0, 1, 2, 3, 5, 31, 32, 33, 100, 1000, 1001, 1002, 1003, 4064, 4095 };
  GRand *rnd = g_rand_new_with_seed (3);
  gchar *base = random_alnum_text (rnd, 4096);
  gchar *text = g_malloc (4096);

  /* a '+' far before the tested byte fixes the standard alphabet */
  FOR_EACH_IMPL (impl)
  {
    for (guint p = 0; p < G_N_ELEMENTS (positions); p++) {
      gsize pos = positions[p];

      for (int c = 0; c < 256; c++) {
        for (int std = 0; std <= 1; std++) {
          Result r;

          memcpy (text, base, 4096);
          if (std && pos > 10)
            text[7] = '+';
          text[pos] = c;
          r = decode_once (text, 4096, 0);

          if (g_ascii_isalnum (c)) {
            g_assert_cmpint (r.status, ==, B64_DECODE_OK);
          } else if (c == '+' || c == '/') {
            g_assert_cmpint (r.status, ==, B64_DECODE_OK);
          } else if (c == '-' || c == '_') {
            if (std && pos > 10) {
              g_assert_cmpint (r.status, ==, B64_DECODE_MIXED_ALPHABET);
              g_assert_cmpuint (r.err_pos, ==, pos);
            } else {
              g_assert_cmpint (r.status, ==, B64_DECODE_OK);
            }
          } else if (c == '=' && pos == 4095) {
            /* "xxx=" ends the text correctly */
            g_assert_cmpint (r.status, ==, B64_DECODE_OK);
            g_assert_cmpuint (r.out->len, ==, 3071);
          } else if (c == '=') {
            /* after "xx=" or "xxx=" it is the next character that is bad */
            g_assert_cmpint (r.status, ==, B64_DECODE_BAD_PADDING);
            g_assert_cmpuint (r.err_pos, ==, pos % 4 < 2 ? pos : pos + 1);
          } else {
            g_assert_cmpint (r.status, ==, B64_DECODE_BAD_CHAR);
            g_assert_cmpuint (r.err_pos, ==, pos);
          }
          if (r.status == B64_DECODE_OK && c != '=')
            g_assert_cmpuint (r.out->len, ==, 3072);
          result_clear (&r);

          /* whitespace skipped with the flags, anything else the same */
          r = decode_once (text, 4096, SP | LF);
          if (c == ' ' || c == '\t' || c == '\r' || c == '\v' || c == '\f'
              || c == '\n') {
            g_assert_cmpint (r.status, ==, B64_DECODE_OK);
            g_assert_cmpuint (r.out->len, ==, 3071);
          }
          result_clear (&r);
          check_text (text, 4096, SP | LF, rnd, 0);
        }
      }
    }
  }
  g_free (text);
  g_free (base);
  g_rand_free (rnd);
}

static void
test_streaming_splits (void)
{
  GRand *rnd = g_rand_new_with_seed (11);
  gsize len;
  gchar *texts[5];
  B64DecodeStatus expect[5] = { B64_DECODE_OK, B64_DECODE_BAD_PADDING,
    B64_DECODE_BAD_CHAR, B64_DECODE_MIXED_ALPHABET, B64_DECODE_BAD_LENGTH };

  texts[0] = wrapped_text (rnd, 400, B64_ALPHABET_STANDARD, &len);
  g_assert_true (memchr (texts[0], '+', 300) || memchr (texts[0], '/', 300));
  for (guint t = 1; t < 4; t++)
    texts[t] = g_strdup (texts[0]);
  texts[1][len - 8] = '='; /* misplaced padding near the end */
  texts[2][300] = '~';     /* bad character in the middle */
  texts[3][301] = '-';     /* other alphabet */
  /* one full line, its line end, one character */
  texts[4] = g_strdup_printf ("%.*sQ", 78, texts[0]);

  FOR_EACH_IMPL (impl)
  {
    for (guint t = 0; t < G_N_ELEMENTS (texts); t++) {
      const gchar *text = texts[t];
      gsize tlen = strlen (text);
      gsize *cuts = g_new (gsize, tlen);
      Result ref = decode_once (text, tlen, SP | LF), r;

      g_assert_cmpint (ref.status, ==, expect[t]);
      if (t == 0)
        g_assert_cmpuint (ref.out->len, ==, 400);
      else if (t == 2)
        g_assert_cmpuint (ref.err_pos, ==, 300);
      else if (t == 3)
        g_assert_cmpuint (ref.err_pos, ==, 301);
      else if (t == 4)
        g_assert_cmpuint (ref.err_pos, ==, 79);

      /* every split in two pieces, many in three */
      for (gsize a = 0; a <= tlen; a++) {
        cuts[0] = a;
        r = decode_pieces (text, tlen, SP | LF, cuts, 1);
        assert_results_equal (&ref, &r);
        result_clear (&r);
        for (gsize b = a; b <= tlen && a % 7 == 0; b += 3) {
          cuts[1] = b;
          r = decode_pieces (text, tlen, SP | LF, cuts, 2);
          assert_results_equal (&ref, &r);
          result_clear (&r);
        }
      }
      /* byte by byte */
      for (gsize a = 0; a + 1 < tlen; a++)
        cuts[a] = a + 1;
      r = decode_pieces (text, tlen, SP | LF, cuts, tlen - 1);
      assert_results_equal (&ref, &r);
      result_clear (&r);

      result_clear (&ref);
      g_free (cuts);
    }
  }
  for (guint t = 0; t < G_N_ELEMENTS (texts); t++)
    g_free (texts[t]);
  g_rand_free (rnd);
}

/* Without B64_DECODE_SKIP_LF a LF stops the decoder with status OK, just
 * before it, whatever the pieces. */
static void
test_stop_at_lf (void)
{
  static const char text[] = "QUJD QUI=\r\nQUJDQUJD\n\nQQ\n";
  static const char *lines[] = { "ABCAB", "ABCABC", "", "A" };
  gsize len = strlen (text);

  FOR_EACH_IMPL (impl)
  {
    for (gsize cut = 0; cut <= len; cut++) {
      B64Decoder dec;
      GByteArray *line = g_byte_array_new ();
      guint n_lines = 0;
      gsize pos = 0;

      b64_decoder_init (&dec, SP);
      while (pos < len) {
        gsize end = pos < cut ? cut : len, written, used;
        guint8 buf[64];

        used = b64_decoder_feed (&dec, text + pos, end - pos, buf, &written);
        g_assert_cmpint (dec.status, ==, B64_DECODE_OK);
        g_byte_array_append (line, buf, written);
        pos += used;
        if (pos < end) {
          g_assert_cmpint (text[pos], ==, '\n');
          g_assert_cmpint (
              b64_decoder_finish (&dec, buf, &written), ==, B64_DECODE_OK);
          g_byte_array_append (line, buf, written);
          g_assert_cmpuint (n_lines, <, G_N_ELEMENTS (lines));
          g_assert_cmpmem (
              line->data, line->len, lines[n_lines], strlen (lines[n_lines]));
          n_lines++;
          g_byte_array_set_size (line, 0);
          b64_decoder_init (&dec, SP);
          pos++;
        }
      }
      g_assert_cmpuint (n_lines, ==, G_N_ELEMENTS (lines));
      g_byte_array_unref (line);
    }
  }
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/b64codec/impls", test_impls);
  g_test_add_func ("/b64codec/error-messages", test_error_messages);
  g_test_add_func ("/b64codec/sizes", test_sizes);
  g_test_add_func ("/b64codec/rfc4648", test_rfc4648);
  g_test_add_func ("/b64codec/round-trip", test_round_trip);
  g_test_add_func ("/b64codec/cases", test_cases);
  g_test_add_func ("/b64codec/every-byte", test_every_byte);
  g_test_add_func ("/b64codec/streaming-splits", test_streaming_splits);
  g_test_add_func ("/b64codec/stop-at-lf", test_stop_at_lf);

  return g_test_run ();
}
