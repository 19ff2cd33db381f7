/* b64img — tests of the JPEG wrapper's scaled decoding and optimized
 * Huffman tables (b64jpeg.c)
 * Copyright (C) 2026 The b64img authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * The references are libjpeg's own scaled decodes (scale_num / scale_denom),
 * driven directly by this file; outputs are allocated at exactly the sizes
 * the wrapper documents, so a sanitized build catches any spill.
 */
#include "b64jpeg.h"
#include "testutil.h"
#include "jpegunit.h"

#include <glib.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <turbojpeg.h>
#include <jpeglib.h>

/* odd sizes, a size under one block, and one under one MCU of 4:1:1 */
static const int sizes[][2]
    = { { 1, 1 }, { 5, 3 }, { 17, 9 }, { 31, 7 }, { 51, 37 }, { 64, 48 } };

/* scales in eighths: the reduce property's 1/8, 1/4, 1/2, 1 and, from
 * downstream's caps, the others */
static const int scales[] = { 1, 2, 4, 8, 3, 5, 6, 7 };

/* RGB ramps with noise: detail in every block, so that every scale's IDCT
 * shows in the pixels. */
static guint8 *
test_image (int w, int h, GRand *rand)
{
  guint8 *rgb = g_malloc ((gsize) w * h * 3);

  for (int y = 0; y < h; y++)
    for (int x = 0; x < w; x++)
      for (int c = 0; c < 3; c++)
        rgb[(y * w + x) * 3 + c] = (guint8) CLAMP (
            40 + x * (2 + c) + y * (3 - c) + g_rand_int_range (rand, 0, 40), 0,
            255);
  return rgb;
}

static void
test_scaled_size (void)
{
  g_assert_cmpint (b64_jpeg_scaled (1920, 2), ==, 480);
  g_assert_cmpint (b64_jpeg_scaled (1080, 3), ==, 405);
  g_assert_cmpint (b64_jpeg_scaled (1081, 1), ==, 136);
  g_assert_cmpint (b64_jpeg_scaled (1, 1), ==, 1);
  g_assert_cmpint (b64_jpeg_scaled (51, 4), ==, 26);
  g_assert_cmpint (b64_jpeg_scaled (51, 8), ==, 51);
}

typedef void (*CheckFn) (B64Jpeg *j, const guint8 *jpeg, gsize size, int w,
    int h, B64JpegSamp samp, int n);

/* Calls @check for a JPEG of every size and sampling at every scale. */
static void
for_each_scaled (CheckFn check, guint32 seed)
{
  GRand *rand = g_rand_new_with_seed (seed);
  B64Jpeg *j = b64_jpeg_new ();

  for (guint si = 0; si < G_N_ELEMENTS (sizes); si++)
    for (guint s = 0; s < G_N_ELEMENTS (all_samps); s++) {
      int w = sizes[si][0], h = sizes[si][1];
      guint8 *rgb = test_image (w, h, rand);
      gsize size;
      guint8 *jpeg = b64t_tj_compress (
          rgb, w, w * 3, h, TJPF_RGB, all_samps[s], 85, 0, &size);

      for (guint k = 0; k < G_N_ELEMENTS (scales); k++)
        check (j, jpeg, size, w, h, all_samps[s], scales[k]);
      g_free (jpeg);
      g_free (rgb);
    }
  b64_jpeg_free (j);
  g_rand_free (rand);
}

/* Packed output in every layout equals libjpeg's scaled decode exactly,
 * with nothing written past the scaled image. */
static void
check_scaled_packed (B64Jpeg *j, const guint8 *jpeg, gsize size, int w, int h,
    B64JpegSamp samp, int n)
{
  int sw = b64_jpeg_scaled (w, n), sh = b64_jpeg_scaled (h, n);

  for (int pf = 0; pf < (int) G_N_ELEMENTS (lj_space); pf++) {
    int ps = tjPixelSize[pf];
    gsize len = (gsize) sw * ps * sh;
    guint8 *got = g_malloc (len), *want = g_malloc (len);

    b64_jpeg_set_scale (j, n);
    g_assert_true (b64_jpeg_decode_packed (
        j, jpeg, size, got, sw * ps, (B64JpegPixel) pf));
    lj_decode_ref (jpeg, size, n, lj_space[pf], want, sw * ps);
    if (memcmp (got, want, len) != 0)
      g_error ("%dx%d samp %d scale %d/8 pf %d differs", w, h, samp, n, pf);
    g_free (got);
    g_free (want);
  }
}

static void
test_scaled_packed (void)
{
  for_each_scaled (check_scaled_packed, 13);
}

/* Subsampling of the planes the caller sizes (hdiv x vdiv pixels). */
static const int hdiv[] = { 1, 2, 2, 1, 1, 4 }, vdiv[] = { 1, 1, 2, 1, 2, 1 };

/* The expected chroma plane of component @c from the reference YCbCr
 * (sw x sh, 3 bytes a pixel, chroma repeated over each sample): libjpeg
 * decodes scaled 4:2:0 chroma at the luma's size, which the wrapper
 * averages over 2x2 pixels; other chroma is the sample itself. */
static void
expected_chroma (const guint8 *ycc, int sw, int sh, B64JpegSamp samp, int n,
    int c, guint8 *out, int cw, int ch)
{
  bool avg = samp == B64_JPEG_SAMP_420 && n < 8;

  for (int y = 0; y < ch; y++)
    for (int x = 0; x < cw; x++) {
      unsigned sum = 0, cnt = 0;

      if (!avg) {
        out[y * cw + x] = ycc[((y * vdiv[samp]) * sw + x * hdiv[samp]) * 3 + c];
        continue;
      }
      for (int yy = 2 * y; yy < 2 * y + 2 && yy < sh; yy++)
        for (int xx = 2 * x; xx < 2 * x + 2 && xx < sw; xx++, cnt++)
          sum += ycc[(yy * sw + xx) * 3 + c];
      out[y * cw + x] = (guint8) ((sum + cnt / 2) / cnt);
    }
}

static void
check_scaled_planes (B64Jpeg *j, const guint8 *jpeg, gsize size, int w, int h,
    B64JpegSamp samp, int n)
{
  int sw = b64_jpeg_scaled (w, n), sh = b64_jpeg_scaled (h, n);
  int nc = samp == B64_JPEG_SAMP_GRAY ? 1 : 3;
  guint8 *ycc = g_malloc ((gsize) sw * sh * 3);
  guint8 *planes[3] = { NULL, NULL, NULL };
  int strides[3] = { 0, 0, 0 }, cw[3], ch[3];

  for (int c = 0; c < nc; c++) {
    cw[c] = c == 0 ? sw : (sw + hdiv[samp] - 1) / hdiv[samp];
    ch[c] = c == 0 ? sh : (sh + vdiv[samp] - 1) / vdiv[samp];
    planes[c] = g_malloc ((gsize) cw[c] * ch[c]);
    strides[c] = cw[c];
  }
  b64_jpeg_set_scale (j, n);
  g_assert_true (b64_jpeg_decode_planes (j, jpeg, size, planes, strides));
  lj_decode_ref (jpeg, size, n, nc == 1 ? JCS_GRAYSCALE : JCS_YCbCr, ycc,
      sw * (nc == 1 ? 1 : 3));
  for (int c = 0; c < nc; c++) {
    guint8 *want = g_malloc ((gsize) cw[c] * ch[c]);

    if (nc == 1)
      memcpy (want, ycc, (gsize) sw * sh);
    else if (c == 0)
      for (int i = 0; i < sw * sh; i++)
        want[i] = ycc[i * 3];
    else
      expected_chroma (ycc, sw, sh, samp, n, c, want, cw[c], ch[c]);
    if (memcmp (planes[c], want, (gsize) cw[c] * ch[c]) != 0)
      g_error ("%dx%d samp %d scale %d/8 plane %d differs", w, h, samp, n, c);
    g_free (want);
    g_free (planes[c]);
  }
  g_free (ycc);
}

/* Planes at every scale: luma is libjpeg's scaled luma, chroma its scaled
 * chroma (averaged for 4:2:0). */
static void
test_scaled_planes (void)
{
  for_each_scaled (check_scaled_planes, 14);
}

/* Planes wider than the image (a stride past the blocks) and a decoder
 * going back to full size after a scaled frame. */
static void
test_scaled_strides (void)
{
  GRand *rand = g_rand_new_with_seed (15);
  B64Jpeg *j = b64_jpeg_new ();
  int w = 45, h = 29, sw = b64_jpeg_scaled (w, 2), sh = b64_jpeg_scaled (h, 2);
  guint8 *rgb = test_image (w, h, rand);
  gsize size;
  guint8 *jpeg = b64t_tj_compress (
      rgb, w, w * 3, h, TJPF_RGB, B64_JPEG_SAMP_420, 85, 0, &size);
  guint8 *tight[3], *wide[3];
  int ts[3] = { sw, (sw + 1) / 2, (sw + 1) / 2 }, ws[3] = { 64, 40, 40 };
  int rows[3] = { sh, (sh + 1) / 2, (sh + 1) / 2 };

  for (int c = 0; c < 3; c++) {
    tight[c] = g_malloc ((gsize) ts[c] * rows[c]);
    wide[c] = g_malloc ((gsize) ws[c] * rows[c]);
  }
  b64_jpeg_set_scale (j, 2);
  g_assert_true (b64_jpeg_decode_planes (j, jpeg, size, tight, ts));
  g_assert_true (b64_jpeg_decode_planes (j, jpeg, size, wide, ws));
  for (int c = 0; c < 3; c++)
    for (int y = 0; y < rows[c]; y++)
      g_assert_cmpmem (tight[c] + y * ts[c], ts[c], wide[c] + y * ws[c], ts[c]);
  for (int c = 0; c < 3; c++) {
    g_free (tight[c]);
    g_free (wide[c]);
  }
  check_scaled_planes (j, jpeg, size, w, h, B64_JPEG_SAMP_420, 8);
  g_free (jpeg);
  g_free (rgb);
  b64_jpeg_free (j);
  g_rand_free (rand);
}

/* Damaged data at a scale: a clear failure, and the next frame decodes. */
static void
test_scaled_damaged (void)
{
  GRand *rand = g_rand_new_with_seed (16);
  B64Jpeg *j = b64_jpeg_new ();
  int w = 64, h = 48, sw = b64_jpeg_scaled (w, 2), sh = b64_jpeg_scaled (h, 2);
  guint8 *rgb = test_image (w, h, rand);
  gsize size;
  guint8 *jpeg = b64t_tj_compress (
      rgb, w, w * 3, h, TJPF_RGB, B64_JPEG_SAMP_420, 85, 0, &size);
  guint8 *px = g_malloc ((gsize) sw * sh * 3);
  guint8 *planes[3]
      = { g_malloc ((gsize) sw * sh), g_malloc ((gsize) (sw / 2) * (sh / 2)),
          g_malloc ((gsize) (sw / 2) * (sh / 2)) };
  int strides[3] = { sw, sw / 2, sw / 2 };

  b64_jpeg_set_scale (j, 2);
  for (gsize cut = size / 3; cut < size; cut += size / 3) {
    g_assert_false (
        b64_jpeg_decode_packed (j, jpeg, cut, px, sw * 3, B64_JPEG_PF_RGB));
    g_assert_cmpint (b64_jpeg_error (j)->code, !=, B64_JPEG_OK);
    g_assert_cmpstr (b64_jpeg_error (j)->message, !=, "");
    g_assert_false (b64_jpeg_decode_planes (j, jpeg, cut, planes, strides));
    g_assert_nonnull (strstr (b64_jpeg_error (j)->message, "JPEG decoding"));
  }
  g_assert_true (
      b64_jpeg_decode_packed (j, jpeg, size, px, sw * 3, B64_JPEG_PF_RGB));
  g_assert_true (b64_jpeg_decode_planes (j, jpeg, size, planes, strides));
  for (int c = 0; c < 3; c++)
    g_free (planes[c]);
  g_free (px);
  g_free (jpeg);
  g_free (rgb);
  b64_jpeg_free (j);
  g_rand_free (rand);
}

/* ---- optimize ------------------------------------------------------------ */

static guint8 *
decode_rgb (const guint8 *jpeg, gsize size, int w, int h)
{
  guint8 *px = g_malloc ((gsize) w * h * 3);

  lj_decode_ref (jpeg, size, 8, JCS_EXT_RGB, px, w * 3);
  return px;
}

/* Encodes with optimize off, on, and off again: optimized files are
 * smaller and decode to the same pixels; the plain ones are the same bytes
 * both times (no setting left behind). */
static void
check_optimize (
    B64Jpeg *j, const guint8 *rgb, int w, int h, B64JpegSamp samp, bool planar)
{
  guint8 *files[3], *pixels[2];
  gsize sizes_[3];

  for (int i = 0; i < 3; i++) {
    const uint8_t *out;
    size_t len;

    b64_jpeg_set_optimize (j, i == 1);
    if (planar) {
      /* the planes are gray ramps here: the bytes, not the colours, count */
      const uint8_t *planes[3] = { rgb, rgb, rgb };
      int strides[3] = { w * 3, w * 3, w * 3 };

      g_assert_true (b64_jpeg_encode_planes (
          j, planes, strides, NULL, NULL, w, h, samp, 85, &out, &len));
    } else {
      g_assert_true (b64_jpeg_encode_packed (
          j, rgb, w * 3, w, h, B64_JPEG_PF_RGB, samp, 85, &out, &len));
    }
    files[i] = g_memdup2 (out, len);
    sizes_[i] = len;
  }
  g_assert_cmpmem (files[0], sizes_[0], files[2], sizes_[2]);
  g_assert_cmpuint (sizes_[1], <, sizes_[0]);
  for (int i = 0; i < 2; i++)
    pixels[i] = decode_rgb (files[i], sizes_[i], w, h);
  g_assert_cmpmem (pixels[0], w * h * 3, pixels[1], w * h * 3);
  for (int i = 0; i < 3; i++)
    g_free (files[i]);
  g_free (pixels[0]);
  g_free (pixels[1]);
}

static void
test_optimize (void)
{
  GRand *rand = g_rand_new_with_seed (17);
  B64Jpeg *j = b64_jpeg_new ();

  for (guint s = 0; s < G_N_ELEMENTS (all_samps); s++) {
    guint8 *rgb = test_image (67, 45, rand);

    check_optimize (j, rgb, 67, 45, all_samps[s], false);
    check_optimize (j, rgb, 67, 45, all_samps[s], true);
    g_free (rgb);
  }
  b64_jpeg_free (j);
  g_rand_free (rand);
}

/* Optimized packed input goes through libjpeg, not TurboJPEG: it still
 * takes every layout, and the pixels are those of TurboJPEG's file. */
static void
test_optimize_layouts (void)
{
  GRand *rand = g_rand_new_with_seed (18);
  B64Jpeg *j = b64_jpeg_new ();
  int w = 33, h = 21;
  guint8 *rgb = test_image (w, h, rand);

  for (int pf = 0; pf < (int) G_N_ELEMENTS (lj_space); pf++) {
    int ps = tjPixelSize[pf];
    guint8 *px = g_malloc ((gsize) w * h * ps);
    B64JpegSamp samp
        = pf == B64_JPEG_PF_GRAY ? B64_JPEG_SAMP_GRAY : B64_JPEG_SAMP_422;
    guint8 *plain, *got, *want;
    const uint8_t *out;
    size_t len, plain_len;

    for (int i = 0; i < w * h * ps; i++)
      px[i] = rgb[i % (w * h * 3)];
    b64_jpeg_set_optimize (j, false);
    g_assert_true (b64_jpeg_encode_packed (
        j, px, w * ps, w, h, (B64JpegPixel) pf, samp, 90, &out, &len));
    plain = g_memdup2 (out, len);
    plain_len = len;
    b64_jpeg_set_optimize (j, true);
    g_assert_true (b64_jpeg_encode_packed (
        j, px, w * ps, w, h, (B64JpegPixel) pf, samp, 90, &out, &len));
    g_assert_cmpuint (len, <, plain_len);
    got = decode_rgb (out, len, w, h);
    want = decode_rgb (plain, plain_len, w, h);
    g_assert_cmpmem (got, w * h * 3, want, w * h * 3);
    g_free (got);
    g_free (want);
    g_free (plain);
    g_free (px);
  }
  g_free (rgb);
  b64_jpeg_free (j);
  g_rand_free (rand);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/b64jpeg/scale/size", test_scaled_size);
  g_test_add_func ("/b64jpeg/scale/packed", test_scaled_packed);
  g_test_add_func ("/b64jpeg/scale/planes", test_scaled_planes);
  g_test_add_func ("/b64jpeg/scale/strides", test_scaled_strides);
  g_test_add_func ("/b64jpeg/scale/damaged", test_scaled_damaged);
  g_test_add_func ("/b64jpeg/optimize/identical", test_optimize);
  g_test_add_func ("/b64jpeg/optimize/layouts", test_optimize_layouts);
  return g_test_run ();
}
