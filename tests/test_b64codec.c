/* b64img — unit tests of the base64 codec, run for every implementation
 * Copyright (C) 2026 The b64img authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "b64codec.h"
#include "testutil.h"

#include <glib.h>
#include <string.h>

/* ---- helpers ------------------------------------------------------------- */

static const B64Impl all_impls[] = { B64_IMPL_SCALAR, B64_IMPL_AVX2 };

static gboolean
select_impl (B64Impl impl)
{
  if (!b64_set_impl (impl))
    return FALSE;
  if (g_test_verbose ())
    g_test_message ("implementation %s", b64_impl_name (impl));
  return TRUE;
}

/* Runs the statement once for every implementation this machine has. */
#define FOR_EACH_IMPL(impl)                                                    \
  for (guint impl##_i = 0; impl##_i < G_N_ELEMENTS (all_impls); impl##_i++)    \
    for (B64Impl impl = all_impls[impl##_i];                                   \
         impl != B64_IMPL_AUTO && select_impl (impl); impl = B64_IMPL_AUTO)

typedef struct
{
  B64DecodeStatus status;
  gsize err_pos;
  GByteArray *out;
} Result;

static void
result_clear (Result *r)
{
  g_byte_array_unref (r->out);
}

static void
assert_results_equal (const Result *a, const Result *b)
{
  g_assert_cmpint (a->status, ==, b->status);
  if (a->status != B64_DECODE_OK)
    g_assert_cmpuint (a->err_pos, ==, b->err_pos);
  g_assert_cmpmem (a->out->data, a->out->len, b->out->data, b->out->len);
}

/* One-shot decode into a buffer of exactly the documented size (so that
 * ASan or valgrind see any overrun). */
static Result
decode_once (const char *text, gsize len, unsigned flags)
{
  Result r;
  gsize cap = b64_decoded_max_size (len), out_len = 12345;
  guint8 *buf = g_malloc (MAX (cap, 1));

  r.err_pos = G_MAXSIZE;
  r.status = b64_decode (text, len, buf, &out_len, flags, &r.err_pos);
  g_assert_cmpuint (out_len, <=, cap);
  if (r.status == B64_DECODE_OK)
    g_assert_cmpuint (r.err_pos, ==, G_MAXSIZE);
  else
    g_assert_cmpuint (r.err_pos, <=, len);
  if (r.status != B64_DECODE_OK) {
    /* the message names the offset */
    B64Error e;
    gchar *at = g_strdup_printf ("at offset %zu", r.err_pos);

    b64_decode_error (&e, r.status, r.err_pos,
        r.err_pos < len ? (guint8) text[r.err_pos] : -1);
    g_assert_true (g_str_has_suffix (e.message, at));
    g_free (at);
  }
  r.out = g_byte_array_new ();
  g_byte_array_append (r.out, buf, out_len);
  g_free (buf);
  return r;
}

/* Streaming decode of @text cut at the (sorted) offsets @cuts. A stop at
 * LF must not happen (callers pass B64_DECODE_SKIP_LF or texts without). */
static Result
decode_pieces (const char *text, gsize len, unsigned flags, const gsize *cuts,
    guint n_cuts)
{
  B64Decoder dec;
  Result r;
  gsize start = 0;
  guint8 tail[2];
  gsize tail_len = 99;

  b64_decoder_init (&dec, flags);
  r.out = g_byte_array_new ();
  r.err_pos = G_MAXSIZE;
  for (guint c = 0; c <= n_cuts; c++) {
    gsize end = c < n_cuts ? cuts[c] : len;
    gsize n = end - start, written = 12345, used;
    guint8 *buf = g_malloc (b64_decoded_max_size (n) + 2);

    used = b64_decoder_feed (&dec, text + start, n, buf, &written);
    g_assert_cmpuint (written, <=, b64_decoded_max_size (n) + 2);
    g_byte_array_append (r.out, buf, written);
    g_free (buf);
    if (used < n) {
      g_assert_cmpint (dec.status, !=, B64_DECODE_OK);
      g_assert_cmpuint (dec.err_pos, ==, start + used);
      /* Stays stopped. */
      g_assert_cmpuint (
          b64_decoder_feed (&dec, text + end, 0, tail, &written), ==, 0);
      g_assert_cmpuint (written, ==, 0);
      r.status = dec.status;
      r.err_pos = dec.err_pos;
      return r;
    }
    g_assert_cmpint (dec.status, ==, B64_DECODE_OK);
    start = end;
  }
  r.status = b64_decoder_finish (&dec, tail, &tail_len);
  if (r.status == B64_DECODE_OK) {
    g_assert_cmpuint (tail_len, <=, 2);
    g_byte_array_append (r.out, tail, tail_len);
  } else {
    g_assert_cmpuint (tail_len, ==, 0);
    g_assert_cmpuint (dec.err_pos, ==, len);
    r.err_pos = dec.err_pos;
  }
  return r;
}

/* The contract written out naively, one character at a time: what every
 * implementation must match. */
static Result
decode_reference (const char *text, gsize len, unsigned flags)
{
  static const char alnum[]
      = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
  Result r = { B64_DECODE_OK, G_MAXSIZE, g_byte_array_new () };
  int alphabet = -1;
  guint32 acc = 0;
  guint n = 0, pad = 0;
  gsize i;

  for (i = 0; i < len; i++) {
    guchar c = text[i];
    const char *p = c ? strchr (alnum, c) : NULL;
    int v;

    if (c == '=') {
      if (n < 2 || (n == 3 && pad))
        goto bad_padding;
      pad++;
      if (n == 3 || pad == 2) {
        guint8 b[2] = { acc >> (n == 3 ? 10 : 4), acc >> 2 };
        g_byte_array_append (r.out, b, n - 1);
        n = 0;
      }
      continue;
    }
    if ((c == '\n' && (flags & B64_DECODE_SKIP_LF))
        || (strchr (" \t\r\v\f", c) && c && (flags & B64_DECODE_SKIP_SPACE)))
      continue;
    if (p)
      v = p - alnum;
    else if (c == '+' || c == '/' || c == '-' || c == '_')
      v = (c == '+' || c == '-') ? 62 : 63;
    else {
      r.status = B64_DECODE_BAD_CHAR;
      r.err_pos = i;
      return r;
    }
    if (pad)
      goto bad_padding;
    if (v >= 62) {
      int a = (c == '+' || c == '/') ? B64_ALPHABET_STANDARD : B64_ALPHABET_URL;

      if (alphabet >= 0 && alphabet != a) {
        r.status = B64_DECODE_MIXED_ALPHABET;
        r.err_pos = i;
        return r;
      }
      alphabet = a;
    }
    acc = acc << 6 | v;
    if (++n == 4) {
      guint8 b[3] = { acc >> 16, acc >> 8, acc };
      g_byte_array_append (r.out, b, 3);
      n = 0;
    }
  }
  if (n == 1) {
    r.status = B64_DECODE_BAD_LENGTH;
    r.err_pos = len;
  } else if (n == 2 && pad) {
    r.status = B64_DECODE_BAD_PADDING;
    r.err_pos = len;
  } else if (n >= 2) {
    guint8 b[2] = { acc >> (n == 3 ? 10 : 4), acc >> 2 };
    g_byte_array_append (r.out, b, n - 1);
  }
  return r;

bad_padding:
  r.status = B64_DECODE_BAD_PADDING;
  r.err_pos = i;
  return r;
}

/* Checks one text against the reference, one-shot and fed in @n_cuts random
 * pieces, with the current implementation. */
static void
check_text (
    const char *text, gsize len, unsigned flags, GRand *rnd, guint n_cuts)
{
  Result ref = decode_reference (text, len, flags);
  Result one = decode_once (text, len, flags);
  gsize *cuts = g_new (gsize, n_cuts + 1);

  assert_results_equal (&ref, &one);
  if (!(flags & B64_DECODE_SKIP_LF) && memchr (text, '\n', len))
    n_cuts = 0;
  else if (n_cuts) {
    for (guint c = 0; c < n_cuts; c++)
      cuts[c] = g_rand_int_range (rnd, 0, len + 1);
    for (guint c = 1; c < n_cuts; c++) /* insertion sort */
      for (guint d = c; d > 0 && cuts[d - 1] > cuts[d]; d--) {
        gsize t = cuts[d];
        cuts[d] = cuts[d - 1];
        cuts[d - 1] = t;
      }
    {
      Result st = decode_pieces (text, len, flags, cuts, n_cuts);
      assert_results_equal (&ref, &st);
      result_clear (&st);
    }
  }
  g_free (cuts);
  result_clear (&ref);
  result_clear (&one);
}

static gchar *
encode_new (const guint8 *data, gsize len, B64Alphabet alphabet,
    gboolean padding, gsize *out_len)
{
  gsize n = b64_encoded_size (len, padding);
  gchar *text = g_malloc (n + 1);

  text[n] = '\x7f';
  b64_encode (data, len, text, alphabet, padding);
  g_assert_cmpint (text[n], ==, '\x7f');
  text[n] = '\0';
  *out_len = n;
  return text;
}

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

#define SP B64_DECODE_SKIP_SPACE
#define LF B64_DECODE_SKIP_LF

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

/* A random base64 text of @len characters without "+/-_" or '='. */
static gchar *
random_alnum_text (GRand *rnd, gsize len)
{
  static const char alnum[]
      = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
  gchar *t = g_malloc (len + 1);

  for (gsize i = 0; i < len; i++)
    t[i] = alnum[g_rand_int_range (rnd, 0, 62)];
  t[len] = '\0';
  return t;
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

/* A text with everything: whitespace, wrapped lines, padding. */
static gchar *
wrapped_text (GRand *rnd, gsize raw_len, B64Alphabet alphabet, gsize *len)
{
  guint8 *data = b64t_random_bytes (rnd, raw_len);
  gsize n;
  gchar *t = encode_new (data, raw_len, alphabet, TRUE, &n);
  GString *s = g_string_new (NULL);

  for (gsize i = 0; i < n; i += 76) {
    g_string_append_len (s, t + i, MIN (76, n - i));
    g_string_append (s, i % 3 ? "\r\n" : " \n\t");
  }
  g_free (data);
  g_free (t);
  *len = s->len;
  return g_string_free (s, FALSE);
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

static const char interesting[] = "=\n \r\t+/-_A~\x80\xff";

/* Random texts with random damage: every implementation gives the same
 * status, position and output as the reference, one-shot and streamed. */
static void
test_random_damage (void)
{
  GRand *rnd = g_rand_new_with_seed (2026);

  for (int iter = 0; iter < 1500; iter++) {
    gsize raw_len = g_rand_int_range (rnd, 0, iter < 1000 ? 300 : 6000), len;
    B64Alphabet a = g_rand_int_range (rnd, 0, 2);
    gchar *text;
    unsigned flags = g_rand_int_range (rnd, 0, 4);
    int damage = g_rand_int_range (rnd, 0, 4);
    Result results[G_N_ELEMENTS (all_impls)];
    guint n_results = 0;
    guint32 seed = g_rand_int (rnd);

    if (g_rand_boolean (rnd)) {
      text = wrapped_text (rnd, raw_len, a, &len);
    } else {
      guint8 *data = b64t_random_bytes (rnd, raw_len);
      text = encode_new (data, raw_len, a, g_rand_boolean (rnd), &len);
      g_free (data);
    }
    for (int d = 0; d < damage && len > 0; d++) {
      gsize p = g_rand_int_range (rnd, 0, len);

      if (g_rand_boolean (rnd))
        text[p]
            = interesting[g_rand_int_range (rnd, 0, sizeof (interesting) - 1)];
      else
        text[p] = g_rand_int_range (rnd, 0, 256);
    }
    if (g_rand_int_range (rnd, 0, 4) == 0 && len > 0)
      len -= g_rand_int_range (rnd, 0, MIN (len, 4) + 1);

    FOR_EACH_IMPL (impl)
    {
      GRand *cut_rnd = g_rand_new_with_seed (seed);

      check_text (text, len, flags, cut_rnd, g_rand_int_range (cut_rnd, 1, 6));
      results[n_results++] = decode_once (text, len, flags);
      g_rand_free (cut_rnd);
    }
    for (guint r = 1; r < n_results; r++)
      assert_results_equal (&results[0], &results[r]);
    for (guint r = 0; r < n_results; r++)
      result_clear (&results[r]);
    g_free (text);
  }
  g_rand_free (rnd);
}

/* Decodes @text with every implementation: each agrees with the reference,
 * one-shot and fed in pieces. The text is copied to a buffer of its exact
 * size, so that ASan sees any read past it. Returns the reference result. */
static Result
check_all_impls (const char *text, gsize len, unsigned flags, guint32 seed)
{
  gchar *copy = g_memdup2 (text, MAX (len, 1));
  Result ref = decode_reference (copy, len, flags);

  FOR_EACH_IMPL (impl)
  {
    GRand *rnd = g_rand_new_with_seed (seed);

    check_text (copy, len, flags, rnd, 3);
    g_rand_free (rnd);
  }
  g_free (copy);
  return ref;
}

/* @data encoded and cut into lines of @width characters, each followed by
 * @eol (also after the last one). */
static gchar *
lines_text (const guint8 *data, gsize raw_len, B64Alphabet alphabet,
    gboolean padding, gsize width, const char *eol, gsize *len)
{
  gsize n;
  gchar *t = encode_new (data, raw_len, alphabet, padding, &n);
  GString *s = g_string_new (NULL);

  for (gsize i = 0; i < n; i += width) {
    g_string_append_len (s, t + i, MIN (width, n - i));
    g_string_append (s, eol);
  }
  g_free (t);
  *len = s->len;
  return g_string_free (s, FALSE);
}

static gboolean
skipped_by (char c, unsigned flags)
{
  if (c == '\n')
    return (flags & LF) != 0;
  return c && strchr (" \t\r\v\f", c) && (flags & SP);
}

/* MIME, PEM and odd line widths, with every kind of line end: decoded
 * exactly when the flags skip the line ends, else the same error on every
 * path. */
static void
test_wrapped (void)
{
  static const gsize widths[] = { 1, 2, 3, 4, 5, 7, 8, 31, 32, 33, 60, 63, 64,
    65, 72, 75, 76, 77, 100, 128, 1000 };
  static const char *const eols[] = { "\n", "\r\n", " ", "\t", "\r", " \n",
    "\n\n", "\r\n\r\n", "                                        \n" };
  GRand *rnd = g_rand_new_with_seed (76);
  gsize raw_len = 3000;
  guint8 *data = b64t_random_bytes (rnd, raw_len);

  for (guint w = 0; w < G_N_ELEMENTS (widths); w++) {
    for (guint e = 0; e < G_N_ELEMENTS (eols); e++) {
      B64Alphabet a = (w + e) % 2;
      gsize len;
      gchar *text = lines_text (
          data, raw_len - w, a, e % 3 != 0, widths[w], eols[e], &len);
      gboolean has_lf = strchr (eols[e], '\n') != NULL;
      gboolean has_space = strspn (eols[e], "\n") < strlen (eols[e]);

      for (unsigned flags = 0; flags <= (SP | LF); flags++) {
        Result ref = check_all_impls (text, len, flags, w * 100 + e);
        gboolean ok = (!has_lf || (flags & LF)) && (!has_space || (flags & SP));

        if (ok) {
          g_assert_cmpint (ref.status, ==, B64_DECODE_OK);
          g_assert_cmpmem (ref.out->data, ref.out->len, data, raw_len - w);
        } else {
          /* the first line end character not skipped stops it */
          gsize k = 0;

          while (skipped_by (eols[e][k], flags))
            k++;
          g_assert_cmpint (ref.status, ==, B64_DECODE_BAD_CHAR);
          g_assert_cmpuint (ref.err_pos, ==, widths[w] + k);
        }
        result_clear (&ref);
      }
      g_free (text);
    }
  }
  g_free (data);
  g_rand_free (rnd);
}

/* Runs of whitespace of every length up to 40, at every offset of the first
 * two blocks (of 16 and 32 characters) and of a later line; then a bad
 * character right after the run, or at the following offsets. */
static void
test_whitespace_offsets (void)
{
  static const char ws[] = " \t\r\n\v\f";
  static const char bad[] = "~=\x80-\0";
  GRand *rnd = g_rand_new_with_seed (31);
  gchar *base = random_alnum_text (rnd, 400);
  guint8 *expect;
  Result plain;

  base[398] = '+'; /* then '-' anywhere is bad */
  plain = decode_once (base, 400, 0);
  expect = g_memdup2 (plain.out->data, plain.out->len);
  for (gsize at = 0; at < 100; at++) {
    for (gsize run = 1; run <= 40; run += run < 8 ? 1 : 7) {
      GString *s = g_string_new_len (base, 400);
      gchar *spaces = g_malloc (run);

      for (gsize k = 0; k < run; k++)
        spaces[k] = ws[g_rand_int_range (rnd, 0, sizeof (ws) - 1)];
      /* a second line end later on, as in wrapped text */
      g_string_insert_len (s, 180 + at % 7, "\r\n", 2);
      g_string_insert_len (s, at, spaces, run);
      g_free (spaces);

      for (unsigned flags = 0; flags <= (SP | LF); flags++) {
        Result r = check_all_impls (s->str, s->len, flags, at * 64 + run);

        if (flags == (SP | LF)) {
          g_assert_cmpint (r.status, ==, B64_DECODE_OK);
          g_assert_cmpmem (r.out->data, r.out->len, expect, plain.out->len);
        }
        result_clear (&r);
      }

      /* a bad character right after the run, or a little further */
      for (gsize after = 0; after < 5; after++) {
        gchar c = bad[g_rand_int_range (rnd, 0, sizeof (bad) - 1)];
        gchar saved = s->str[at + run + after];
        Result r;

        s->str[at + run + after] = c;
        r = check_all_impls (s->str, s->len, SP | LF, after);
        g_assert_cmpint (r.status, !=, B64_DECODE_OK);
        s->str[at + run + after] = saved;
        result_clear (&r);
      }
      g_string_free (s, TRUE);
    }
  }
  result_clear (&plain);
  g_free (expect);
  g_free (base);
  g_rand_free (rnd);
}

/* Random texts full of whitespace (lines of changing widths, line ends of
 * changing kinds, stray runs), some damaged: every implementation gives the
 * reference's status, position and output. */
static void
test_random_whitespace (void)
{
  static const char *const runs[] = { "\n", "\r\n", " ", "\t", "  \n", "\n\n",
    "\r", "\v\f", "                                     " };
  GRand *rnd = g_rand_new_with_seed (4648);

  for (int iter = 0; iter < 600; iter++) {
    gsize raw_len = g_rand_int_range (rnd, 0, 2000), n;
    guint8 *data = b64t_random_bytes (rnd, raw_len);
    B64Alphabet a = g_rand_int_range (rnd, 0, 2);
    gchar *t = encode_new (data, raw_len, a, g_rand_boolean (rnd), &n);
    GString *s = g_string_new (NULL);
    gsize width = g_rand_int_range (rnd, 1, 100);
    unsigned flags = g_rand_int_range (rnd, 0, 4);
    int damage = g_rand_int_range (rnd, 0, 3);
    Result r;

    for (gsize i = 0; i < n;) {
      gsize w = g_rand_int_range (rnd, 0, 8)
                    ? width
                    : (gsize) g_rand_int_range (rnd, 0, 200);

      g_string_append_len (s, t + i, MIN (w, n - i));
      i += MIN (w, n - i);
      g_string_append (s, runs[g_rand_int_range (rnd, 0, G_N_ELEMENTS (runs))]);
    }
    for (int d = 0; d < damage && s->len > 0; d++)
      s->str[g_rand_int_range (rnd, 0, s->len)]
          = interesting[g_rand_int_range (rnd, 0, sizeof (interesting) - 1)];

    r = check_all_impls (s->str, s->len, flags, iter);
    if (damage == 0 && flags == (SP | LF)) {
      g_assert_cmpint (r.status, ==, B64_DECODE_OK);
      g_assert_cmpmem (r.out->data, r.out->len, data, raw_len);
    }
    result_clear (&r);
    g_string_free (s, TRUE);
    g_free (t);
    g_free (data);
  }
  g_rand_free (rnd);
}

/* Encoding is identical across implementations, and never writes past the
 * buffer even when it is not aligned. */
static void
test_encode_across_impls (void)
{
  GRand *rnd = g_rand_new_with_seed (5);

  for (int iter = 0; iter < 300; iter++) {
    gsize len = g_rand_int_range (rnd, 0, iter < 200 ? 200 : 20000), n;
    guint8 *data = b64t_random_bytes (rnd, len + 3);
    gsize off = g_rand_int_range (rnd, 0, 4);
    B64Alphabet a = g_rand_int_range (rnd, 0, 2);
    gboolean padding = g_rand_boolean (rnd);
    gchar *first = NULL;

    FOR_EACH_IMPL (impl)
    {
      gchar *t = encode_new (data + off, len, a, padding, &n);

      if (!first)
        first = t;
      else {
        g_assert_cmpstr (t, ==, first);
        g_free (t);
      }
    }
    g_free (first);
    g_free (data);
  }
  g_rand_free (rnd);
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
  g_test_add_func ("/b64codec/random-damage", test_random_damage);
  g_test_add_func ("/b64codec/wrapped", test_wrapped);
  g_test_add_func ("/b64codec/whitespace-offsets", test_whitespace_offsets);
  g_test_add_func ("/b64codec/random-whitespace", test_random_whitespace);
  g_test_add_func ("/b64codec/encode-across-impls", test_encode_across_impls);

  return g_test_run ();
}
