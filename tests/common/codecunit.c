/* b64img — helpers of the b64codec unit tests (see codecunit.h)
 * Copyright (C) 2026 The b64img authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "codecunit.h"
#include "testutil.h"

#include <string.h>

const B64Impl all_impls[N_IMPLS] = { B64_IMPL_SCALAR, B64_IMPL_AVX2 };

gboolean
select_impl (B64Impl impl)
{
  if (!b64_set_impl (impl))
    return FALSE;
  if (g_test_verbose ())
    g_test_message ("implementation %s", b64_impl_name (impl));
  return TRUE;
}

void
result_clear (Result *r)
{
  g_byte_array_unref (r->out);
}

void
assert_results_equal (const Result *a, const Result *b)
{
  g_assert_cmpint (a->status, ==, b->status);
  if (a->status != B64_DECODE_OK)
    g_assert_cmpuint (a->err_pos, ==, b->err_pos);
  g_assert_cmpmem (a->out->data, a->out->len, b->out->data, b->out->len);
}

/* One-shot decode into a buffer of exactly the documented size (so that
 * ASan or valgrind see any overrun). */
Result
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
Result
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
Result
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
void
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

gchar *
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

/* A random base64 text of @len characters without "+/-_" or '='. */
gchar *
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

/* A text with everything: whitespace, wrapped lines, padding. */
gchar *
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
