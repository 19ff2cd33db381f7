/* b64img — tests of the TurboJPEG wrapper (b64jpeg.c) on bad input:
 * truncated, corrupt and mutated JPEGs fail with a reason and leave the
 * handle usable; nothing is read or written out of bounds (run under ASan).
 * Copyright (C) 2026 The b64img authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "b64jpeg.h"
#include "testutil.h"
#include "jpegunit.h"

#include <glib.h>
#include <string.h>
#include <turbojpeg.h>

static void
assert_failed_header (B64Jpeg *j, const guint8 *data, gsize size)
{
  B64JpegInfo info;
  guint8 out[64];

  g_assert_false (b64_jpeg_read_header (j, data, size, &info));
  g_assert_cmpint (b64_jpeg_error (j)->code, !=, B64_JPEG_OK);
  g_assert_cmpstr (b64_jpeg_error (j)->message, !=, "");
  g_assert_false (
      b64_jpeg_decode_packed (j, data, size, out, 3, B64_JPEG_PF_RGB));
  g_assert_cmpint (b64_jpeg_error (j)->code, !=, B64_JPEG_OK);
  g_assert_cmpstr (b64_jpeg_error (j)->message, !=, "");
}

static void
test_errors (void)
{
  static const guint8 soi_eoi[] = { 0xff, 0xd8, 0xff, 0xd9 };
  static const guint8 two_soi[] = { 0xff, 0xd8, 0xff, 0xd8, 0xff, 0xd9 };
  B64Jpeg *j = b64_jpeg_new ();
  GRand *rand = g_rand_new_with_seed (11);
  guint8 noise[300], empty[1] = { 0 };
  gsize size, tsize;
  guint8 *good = color_jpeg (&size), *tables;
  guint8 out[17 * 9 * 3];
  B64JpegInfo info;
  gsize sof;

  for (guint i = 0; i < sizeof (noise); i++)
    noise[i] = (guint8) g_rand_int (rand);
  noise[0] = 0x12;

  /* empty input */
  assert_failed_header (j, empty, 0);
  assert_good_header (j, good, size);
  /* random bytes */
  assert_failed_header (j, noise, sizeof (noise));
  assert_good_header (j, good, size);
  /* random bytes after a SOI marker */
  noise[0] = 0xff;
  noise[1] = 0xd8;
  noise[2] = 0xff;
  assert_failed_header (j, noise, sizeof (noise));
  assert_good_header (j, good, size);
  assert_failed_header (j, two_soi, sizeof (two_soi));
  assert_good_header (j, good, size);

  /* tables only: SOI, EOI */
  g_assert_true (b64_jpeg_sniff (soi_eoi, sizeof (soi_eoi)));
  g_assert_false (b64_jpeg_read_header (j, soi_eoi, sizeof (soi_eoi), &info));
  g_assert_cmpint (b64_jpeg_error (j)->code, ==, B64_JPEG_ERR_HEADER);
  g_assert_cmpstr (b64_jpeg_error (j)->message, ==, "JPEG header: no image");
  assert_good_header (j, good, size);
  /* tables only: SOI, the real file's markers up to SOF, EOI */
  sof = marker_pos (good, size, 0xc0);
  tsize = sof + 2;
  tables = g_malloc (tsize);
  memcpy (tables, good, sof);
  tables[sof] = 0xff;
  tables[sof + 1] = 0xd9;
  g_assert_false (b64_jpeg_read_header (j, tables, tsize, &info));
  g_assert_cmpint (b64_jpeg_error (j)->code, ==, B64_JPEG_ERR_HEADER);
  g_assert_cmpstr (b64_jpeg_error (j)->message, ==, "JPEG header: no image");
  g_assert_false (
      b64_jpeg_decode_packed (j, tables, tsize, out, 51, B64_JPEG_PF_RGB));
  g_assert_cmpint (b64_jpeg_error (j)->code, ==, B64_JPEG_ERR_HEADER);
  g_assert_cmpstr (b64_jpeg_error (j)->message, ==, "JPEG header: no image");
  g_free (tables);
  /* cut inside the header */
  g_assert_false (b64_jpeg_read_header (j, good, sof + 5, &info));
  g_assert_cmpint (b64_jpeg_error (j)->code, !=, B64_JPEG_OK);
  g_assert_cmpstr (b64_jpeg_error (j)->message, !=, "");
  assert_good_header (j, good, size);

  /* truncated data: the header reads, decoding fails */
  tsize = truncated_size (good, size);
  assert_good_header (j, good, tsize);
  g_assert_false (
      b64_jpeg_decode_packed (j, good, tsize, out, 51, B64_JPEG_PF_RGB));
  g_assert_nonnull (strstr (b64_jpeg_error (j)->message, "Premature end"));
  g_assert_cmpint (b64_jpeg_error (j)->code, ==, B64_JPEG_ERR_DECODE);
  g_assert_true (
      g_str_has_prefix (b64_jpeg_error (j)->message, "JPEG decoding: "));
  {
    int pw[3], ph[3], strides[3];
    guint8 *planes[3];

    for (int c = 0; c < 3; c++) {
      pw[c] = strides[c] = b64_jpeg_plane_width (c, 17, B64_JPEG_SAMP_420);
      ph[c] = b64_jpeg_plane_height (c, 9, B64_JPEG_SAMP_420);
      planes[c] = g_malloc (pw[c] * ph[c]);
    }
    g_assert_false (b64_jpeg_decode_planes (j, good, tsize, planes, strides));
    g_assert_nonnull (strstr (b64_jpeg_error (j)->message, "Premature end"));
    /* cleared by the next successful call */
    g_assert_true (b64_jpeg_decode_planes (j, good, size, planes, strides));
    g_assert_cmpint (b64_jpeg_error (j)->code, ==, B64_JPEG_OK);
    g_assert_cmpstr (b64_jpeg_error (j)->message, ==, "");
    for (int c = 0; c < 3; c++)
      g_free (planes[c]);
  }
  g_assert_false (
      b64_jpeg_decode_packed (j, good, tsize, out, 51, B64_JPEG_PF_RGB));
  g_assert_true (
      b64_jpeg_decode_packed (j, good, size, out, 51, B64_JPEG_PF_RGB));
  g_assert_cmpint (b64_jpeg_error (j)->code, ==, B64_JPEG_OK);
  g_assert_cmpstr (b64_jpeg_error (j)->message, ==, "");

  /* encoder errors, cleared likewise */
  {
    const guint8 *jpeg = NULL;
    gsize jsize = 0;

    g_assert_false (b64_jpeg_encode_packed (j, out, 51, 17, 9, B64_JPEG_PF_RGB,
        B64_JPEG_SAMP_420, 101, &jpeg, &jsize));
    g_assert_cmpint (b64_jpeg_error (j)->code, ==, B64_JPEG_ERR_ENCODE);
    g_assert_true (
        g_str_has_prefix (b64_jpeg_error (j)->message, "JPEG compression: "));
    g_assert_null (jpeg);
    g_assert_true (b64_jpeg_encode_packed (j, out, 51, 17, 9, B64_JPEG_PF_RGB,
        B64_JPEG_SAMP_420, 90, &jpeg, &jsize));
    g_assert_cmpint (b64_jpeg_error (j)->code, ==, B64_JPEG_OK);
    g_assert_cmpstr (b64_jpeg_error (j)->message, ==, "");
  }

  g_free (good);
  g_rand_free (rand);
  b64_jpeg_free (j);
}

/* Damaged JPEGs (bytes overwritten, cut short) of every sampling,
 * baseline and progressive: each decode either succeeds or fails with a
 * reason, never writes outside planes of the header's own size (ASan in
 * CI), and the next good file still decodes. */
static void
test_mutated (void)
{
  B64Jpeg *j = b64_jpeg_new ();
  GRand *rand = g_rand_new_with_seed (5);
  gsize good_size;
  guint8 *good = color_jpeg (&good_size);
  guint decoded = 0, refused = 0;

  for (int it = 0; it < 600; it++) {
    int w = g_rand_int_range (rand, 1, 60), h = g_rand_int_range (rand, 1, 60);
    B64JpegSamp samp = all_samps[g_rand_int_range (rand, 0, 6)];
    int flags = it % 3 == 0 ? TJFLAG_PROGRESSIVE : 0;
    guint8 *pix = g_malloc (w * h * 3), *jpeg;
    gsize size;
    B64JpegInfo info;

    for (int i = 0; i < w * h * 3; i++)
      pix[i] = smooth (i % (w * 3), i / (w * 3), i % 3) ^ (it & 7);
    jpeg = b64t_tj_compress (
        pix, w, w * 3, h, B64_JPEG_PF_RGB, samp, 80, flags, &size);
    for (int m = g_rand_int_range (rand, 0, 5); m > 0; m--)
      jpeg[g_rand_int_range (rand, 2, size)] = (guint8) g_rand_int (rand);
    if (g_rand_int_range (rand, 0, 3) == 0)
      size = g_rand_int_range (rand, 1, size);

    if (b64_jpeg_read_header (j, jpeg, size, &info)
        && info.samp != B64_JPEG_SAMP_OTHER
        && (gint64) info.width * info.height <= 1 << 20) {
      int n = info.samp == B64_JPEG_SAMP_GRAY ? 1 : 3, st[3] = { 0 };
      guint8 *pl[3] = { NULL, NULL, NULL }, *px;

      for (int c = 0; c < n; c++) {
        int cw, ch;

        comp_size (c, info.width, info.height, info.samp, &cw, &ch);
        st[c] = cw;
        pl[c] = g_malloc ((gsize) cw * ch);
      }
      b64_jpeg_set_dct (j, (B64JpegDct) (it % 3));
      if (info.colorspace != B64_JPEG_CS_YCBCR
          && info.colorspace != B64_JPEG_CS_GRAY)
        g_assert_false (b64_jpeg_decode_planes (j, jpeg, size, pl, st));
      else if (b64_jpeg_decode_planes (j, jpeg, size, pl, st))
        decoded++;
      else {
        g_assert_cmpint (b64_jpeg_error (j)->code, !=, B64_JPEG_OK);
        g_assert_cmpstr (b64_jpeg_error (j)->message, !=, "");
        refused++;
      }
      px = g_malloc ((gsize) info.width * info.height * 4);
      if (!b64_jpeg_decode_packed (
              j, jpeg, size, px, info.width * 4, B64_JPEG_PF_RGBX)) {
        g_assert_cmpint (b64_jpeg_error (j)->code, !=, B64_JPEG_OK);
        g_assert_cmpstr (b64_jpeg_error (j)->message, !=, "");
      }
      g_free (px);
      for (int c = 0; c < n; c++)
        g_free (pl[c]);
    }
    g_free (jpeg);
    g_free (pix);
    if (it % 50 == 0)
      assert_good_header (j, good, good_size);
  }
  /* both outcomes were seen, and a good file decodes after all that */
  g_assert_cmpuint (decoded, >, 20);
  g_assert_cmpuint (refused, >, 20);
  b64_jpeg_set_dct (j, B64_JPEG_DCT_ISLOW);
  {
    guint8 y[17 * 9], u[9 * 5], v[9 * 5];
    guint8 *pl[3] = { y, u, v };
    int st[3] = { 17, 9, 9 };

    g_assert_true (b64_jpeg_decode_planes (j, good, good_size, pl, st));
  }
  g_free (good);
  g_rand_free (rand);
  b64_jpeg_free (j);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/b64jpeg/errors", test_errors);
  g_test_add_func ("/b64jpeg/mutated", test_mutated);
  return g_test_run ();
}
