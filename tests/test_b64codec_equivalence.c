/* b64img — unit tests of the base64 codec: every implementation (scalar,
 * AVX2) decodes as the reference model and as each other, one-shot and
 * streamed, on randomly damaged texts, wrapped texts (MIME, PEM, odd
 * widths, every line end), whitespace runs at every offset and random
 * whitespace; and encodes alike
 * Copyright (C) 2026 The b64img authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "b64codec.h"
#include "codecunit.h"
#include "testutil.h"

#include <glib.h>
#include <string.h>

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

  g_test_add_func ("/b64codec/random-damage", test_random_damage);
  g_test_add_func ("/b64codec/wrapped", test_wrapped);
  g_test_add_func ("/b64codec/whitespace-offsets", test_whitespace_offsets);
  g_test_add_func ("/b64codec/random-whitespace", test_random_whitespace);
  g_test_add_func ("/b64codec/encode-across-impls", test_encode_across_impls);

  return g_test_run ();
}
