/* b64img — unit tests of the limited to full range expansion
 * Copyright (C) 2026 The b64img authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include "b64rangeexpand.h"

#include <glib.h>
#include <string.h>

/* The SIMD path this build must have: a comparison with the scalar path
 * proves nothing if the SIMD path is not compiled in. */
static const char *
expected_simd (void)
{
#if B64IMG_SIMD && defined(__x86_64__)
  return "sse2";
#elif B64IMG_SIMD && defined(__aarch64__)
  return "neon";
#else
  return "none";
#endif
}

static void
test_simd_compiled (void)
{
  g_test_message ("SIMD path: %s", b64_range_expand_simd ());
  g_assert_cmpstr (b64_range_expand_simd (), ==, expected_simd ());
}

/* The scalar rule against the real-valued mapping: within half a step
 * plus the factors' error, exact at the ends, clamped outside, monotonic. */
static void
check_rule (gboolean luma)
{
  gint lo = 16, hi = luma ? 235 : 240;
  gdouble scale = 255.0 / (hi - lo);
  gint prev = -1;

  for (gint s = 0; s < 256; s++) {
    guint8 in = (guint8) s, out;
    gdouble ideal = luma ? (s - 16) * scale : (s - 128) * scale + 128;

    b64_range_expand_row_scalar (&in, &out, 1, luma);
    ideal = CLAMP (ideal, 0.0, 255.0);
    if (ABS (out - ideal) > 1.0)
      g_error (
          "%s %d -> %u, ideally %.2f", luma ? "luma" : "chroma", s, out, ideal);
    g_assert_cmpint (out, >=, prev);
    prev = out;
    if (s <= lo)
      g_assert_cmpint (out, ==, 0);
    if (s >= hi)
      g_assert_cmpint (out, ==, 255);
  }
}

static void
test_rule_luma (void)
{
  check_rule (TRUE);
}

static void
test_rule_chroma (void)
{
  check_rule (FALSE);
}

static void
test_chroma_centre (void)
{
  guint8 in = 128, out = 0;

  b64_range_expand_row (&in, &out, 1, FALSE);
  g_assert_cmpint (out, ==, 128);
}

#define BUF   4096
#define GUARD 32

/* Every length up to a few vectors, at every alignment, every value at
 * every lane: the dispatching function equals the scalar one byte for byte
 * and writes nothing past the row. */
static void
check_simd_equals_scalar (gboolean luma, gboolean in_place)
{
  guint8 *src = g_malloc (BUF), *ref = g_malloc (BUF + GUARD);
  guint8 *out = g_malloc (BUF + GUARD);
  GRand *rand = g_rand_new_with_seed (11);

  for (gsize i = 0; i < BUF; i++)
    src[i] = i < 256 * 16 ? (guint8) (i / 16 + i % 16 * 17) : g_rand_int (rand);

  for (gsize off = 0; off < 16; off++) {
    for (gsize n = 0; n <= 100; n++) {
      memset (out, 0xa5, BUF + GUARD);
      b64_range_expand_row_scalar (src + off, ref, n, luma);
      if (in_place) {
        memcpy (out + off, src + off, n);
        b64_range_expand_row (out + off, out + off, n, luma);
      } else {
        b64_range_expand_row (src + off, out + off, n, luma);
      }
      if (memcmp (out + off, ref, n) != 0)
        g_error ("%s n=%" G_GSIZE_FORMAT " offset %" G_GSIZE_FORMAT
                 ": %s differs from scalar",
            luma ? "luma" : "chroma", n, off, b64_range_expand_simd ());
      for (gsize g = off + n; g < off + n + GUARD; g++)
        g_assert_cmpint (out[g], ==, 0xa5);
    }
  }
  /* the whole buffer: all 256 values in each of the 16 lanes */
  b64_range_expand_row_scalar (src, ref, BUF, luma);
  b64_range_expand_row (src, out, BUF, luma);
  g_assert_cmpmem (out, BUF, ref, BUF);

  g_rand_free (rand);
  g_free (src);
  g_free (ref);
  g_free (out);
}

static void
test_simd_luma (void)
{
  check_simd_equals_scalar (TRUE, FALSE);
}

static void
test_simd_chroma (void)
{
  check_simd_equals_scalar (FALSE, FALSE);
}

static void
test_simd_in_place (void)
{
  check_simd_equals_scalar (TRUE, TRUE);
  check_simd_equals_scalar (FALSE, TRUE);
}

static void
test_plane_strides (void)
{
  enum
  {
    W = 37,
    H = 5,
    SS = 48,
    DS = 40
  };
  guint8 src[SS * H], dst[DS * H], row[W];

  for (gsize i = 0; i < sizeof (src); i++)
    src[i] = (guint8) (i * 7);
  memset (dst, 0xa5, sizeof (dst));
  b64_range_expand_plane (src, SS, dst, DS, W, H, TRUE);
  for (gsize y = 0; y < H; y++) {
    b64_range_expand_row_scalar (src + y * SS, row, W, TRUE);
    g_assert_cmpmem (dst + y * DS, W, row, W);
    for (gsize x = W; x < DS; x++)
      g_assert_cmpint (dst[y * DS + x], ==, 0xa5);
  }
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/rangeexpand/simd-compiled", test_simd_compiled);
  g_test_add_func ("/rangeexpand/rule/luma", test_rule_luma);
  g_test_add_func ("/rangeexpand/rule/chroma", test_rule_chroma);
  g_test_add_func ("/rangeexpand/rule/chroma-centre", test_chroma_centre);
  g_test_add_func ("/rangeexpand/simd/luma", test_simd_luma);
  g_test_add_func ("/rangeexpand/simd/chroma", test_simd_chroma);
  g_test_add_func ("/rangeexpand/simd/in-place", test_simd_in_place);
  g_test_add_func ("/rangeexpand/plane-strides", test_plane_strides);
  return g_test_run ();
}
