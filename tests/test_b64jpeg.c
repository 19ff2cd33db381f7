/* b64img — tests of the TurboJPEG wrapper (b64jpeg.c)
 * Copyright (C) 2026 The b64img authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * Reference JPEGs and reference decodes come from TurboJPEG and from the
 * libjpeg API of the same libjpeg-turbo, driven directly by this file.
 * Planes and pixel buffers are allocated at exactly the size the wrapper
 * documents, so a sanitized build catches any access beyond them.
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

#define SENTINEL 0x5a

static const int sizes[][2] = { { 1, 1 }, { 3, 3 }, { 17, 9 }, { 35, 35 } };

/* --- helpers ---------------------------------------------------------- */

/* PSNR >= 35 dB means a mean squared error <= 255^2 / 10^3.5 */
#define MSE_35DB 20.56

static guint8
texture (int x, int y, int ch)
{
  return (guint8) ((x * 7 + y * 13 + ch * 5) % 11);
}

static double
mse (const guint8 *a, int astride, const guint8 *b, int bstride, int w, int h)
{
  double se = 0.0;

  for (int y = 0; y < h; y++)
    for (int x = 0; x < w; x++) {
      double d = (double) a[y * astride + x] - b[y * bstride + x];
      se += d * d;
    }
  return se / ((double) w * h);
}

/* Fills @buf (@h rows of @stride bytes) with textured RGB ramps in layout
 * @pf (textured, so that encoder settings show in the bytes); alpha/padding
 * and the bytes past each row get noise. */
static void
fill_packed (
    guint8 *buf, int w, int h, int stride, B64JpegPixel pf, GRand *rand)
{
  int ps = tjPixelSize[pf];

  for (int i = 0; i < h * stride; i++)
    buf[i] = (guint8) g_rand_int (rand);
  for (int y = 0; y < h; y++)
    for (int x = 0; x < w; x++) {
      guint8 *p = buf + y * stride + x * ps;

      if (pf == B64_JPEG_PF_GRAY) {
        p[0] = smooth (x, y, 0) + texture (x, y, 0);
        continue;
      }
      p[tjRedOffset[pf]] = smooth (x, y, 0) + texture (x, y, 0);
      p[tjGreenOffset[pf]] = smooth (x, y, 1) + texture (x, y, 1);
      p[tjBlueOffset[pf]] = smooth (x, y, 2) + texture (x, y, 2);
    }
}

/* Offset of the alpha or padding byte of a 4-byte layout. */
static int
extra_offset (B64JpegPixel pf)
{
  if (tjPixelSize[pf] != 4)
    return -1;
  return 6 - tjRedOffset[pf] - tjGreenOffset[pf] - tjBlueOffset[pf];
}

/* A JPEG made with the libjpeg API: @comps components of @in_cs stored as
 * @jpeg_cs; @adobe < 0 keeps libjpeg's choice of APP14 marker; @h0 > 0
 * overrides the first component's sampling factors. */
static guint8 *
lj_encode (const guint8 *pixels, int w, int h, int comps, J_COLOR_SPACE in_cs,
    J_COLOR_SPACE jpeg_cs, int adobe, int h0, int v0, gsize *size)
{
  struct jpeg_compress_struct c;
  struct jpeg_error_mgr err;
  unsigned char *buf = NULL;
  unsigned long len = 0;
  guint8 *out;

  c.err = jpeg_std_error (&err);
  jpeg_create_compress (&c);
  jpeg_mem_dest (&c, &buf, &len);
  c.image_width = (JDIMENSION) w;
  c.image_height = (JDIMENSION) h;
  c.input_components = comps;
  c.in_color_space = in_cs;
  jpeg_set_defaults (&c);
  jpeg_set_colorspace (&c, jpeg_cs);
  if (adobe >= 0)
    c.write_Adobe_marker = adobe ? TRUE : FALSE;
  if (h0 > 0) {
    c.comp_info[0].h_samp_factor = h0;
    c.comp_info[0].v_samp_factor = v0;
    for (int i = 1; i < c.num_components; i++)
      c.comp_info[i].h_samp_factor = c.comp_info[i].v_samp_factor = 1;
  }
  jpeg_set_quality (&c, 100, TRUE);
  jpeg_start_compress (&c, TRUE);
  while (c.next_scanline < c.image_height) {
    JSAMPROW row = (JSAMPROW) pixels + (gsize) c.next_scanline * w * comps;
    jpeg_write_scanlines (&c, &row, 1);
  }
  jpeg_finish_compress (&c);
  jpeg_destroy_compress (&c);
  out = g_memdup2 (buf, len);
  *size = len;
  free (buf);
  return out;
}

/* Bytes between the end of each row and the next row kept @SENTINEL. */
static void
assert_gaps (const guint8 *buf, int row, int stride, int h)
{
  for (int y = 0; y < h; y++)
    for (int i = row; i < stride; i++)
      g_assert_cmphex (buf[y * stride + i], ==, SENTINEL);
}

static void
assert_extra_255 (const guint8 *buf, int w, int h, int stride, B64JpegPixel pf)
{
  int off = extra_offset (pf);

  if (off < 0)
    return;
  for (int y = 0; y < h; y++)
    for (int x = 0; x < w; x++)
      g_assert_cmphex (buf[y * stride + x * 4 + off], ==, 255);
}

/* --- basic queries ---------------------------------------------------- */

static void
test_sniff (void)
{
  static const guint8 soi[] = { 0xff, 0xd8, 0xff, 0xe0 };
  static const guint8 bad[] = { 0xff, 0xd8, 0x00 };
  static const guint8 png[] = { 0x89, 'P', 'N', 'G' };

  g_assert_true (b64_jpeg_sniff (soi, 3));
  g_assert_true (b64_jpeg_sniff (soi, 4));
  g_assert_false (b64_jpeg_sniff (soi, 2));
  g_assert_false (b64_jpeg_sniff (soi, 0));
  g_assert_false (b64_jpeg_sniff (NULL, 0));
  g_assert_false (b64_jpeg_sniff (bad, 3));
  g_assert_false (b64_jpeg_sniff (png, 4));
}

static void
test_pixel_size (void)
{
  static const int expect[N_PF] = { 3, 3, 4, 4, 4, 4, 1, 4, 4, 4, 4 };

  for (int pf = 0; pf < N_PF; pf++)
    g_assert_cmpint (b64_jpeg_pixel_size ((B64JpegPixel) pf), ==, expect[pf]);
}

static void
test_plane_size (void)
{
  /* 17x9: luma padded to the sampling factor, chroma divided by it */
  g_assert_cmpint (b64_jpeg_plane_width (0, 17, B64_JPEG_SAMP_444), ==, 17);
  g_assert_cmpint (b64_jpeg_plane_width (1, 17, B64_JPEG_SAMP_444), ==, 17);
  g_assert_cmpint (b64_jpeg_plane_width (0, 17, B64_JPEG_SAMP_420), ==, 18);
  g_assert_cmpint (b64_jpeg_plane_width (2, 17, B64_JPEG_SAMP_420), ==, 9);
  g_assert_cmpint (b64_jpeg_plane_height (0, 9, B64_JPEG_SAMP_420), ==, 10);
  g_assert_cmpint (b64_jpeg_plane_height (1, 9, B64_JPEG_SAMP_420), ==, 5);
  g_assert_cmpint (b64_jpeg_plane_height (1, 9, B64_JPEG_SAMP_422), ==, 9);
  g_assert_cmpint (b64_jpeg_plane_height (1, 9, B64_JPEG_SAMP_440), ==, 5);
  g_assert_cmpint (b64_jpeg_plane_width (1, 17, B64_JPEG_SAMP_440), ==, 17);
  g_assert_cmpint (b64_jpeg_plane_width (0, 17, B64_JPEG_SAMP_411), ==, 20);
  g_assert_cmpint (b64_jpeg_plane_width (1, 17, B64_JPEG_SAMP_411), ==, 5);
  g_assert_cmpint (b64_jpeg_plane_width (0, 17, B64_JPEG_SAMP_GRAY), ==, 17);
  g_assert_cmpint (b64_jpeg_plane_width (1, 17, B64_JPEG_SAMP_GRAY), <, 0);

  for (guint s = 0; s < G_N_ELEMENTS (all_samps); s++) {
    B64JpegSamp samp = all_samps[s];
    int ncomp = samp == B64_JPEG_SAMP_GRAY ? 1 : 3;

    for (int comp = 0; comp < ncomp; comp++)
      for (int n = 1; n <= 41; n += 2) {
        g_assert_cmpint (b64_jpeg_plane_width (comp, n, samp), ==,
            tjPlaneWidth (comp, n, (int) samp));
        g_assert_cmpint (b64_jpeg_plane_height (comp, n, samp), ==,
            tjPlaneHeight (comp, n, (int) samp));
        g_assert_cmpint (b64_jpeg_plane_width (comp, n, samp), >, 0);
      }
  }
}

/* --- planes ----------------------------------------------------------- */

typedef struct
{
  guint8 *planes[3];
  int strides[3];
  int widths[3];
  int calls;
} FillSrc;

static void
fill_copy (void *user, int comp, int y, int rows, uint8_t *dst, int dst_stride)
{
  FillSrc *f = user;

  g_assert_cmpint (dst_stride, >=, f->widths[comp]);
  for (int k = 0; k < rows; k++)
    memcpy (dst + (gsize) k * dst_stride,
        f->planes[comp] + (gsize) (y + k) * f->strides[comp], f->widths[comp]);
  f->calls++;
}

/* Planes allocated to the byte (ASan sees any over-read) encode to
 * TurboJPEG's bytes, directly and through a fill function. */
static void
encode_tight_and_fill (B64Jpeg *j, guint8 *const in[3], const int pw[3], int w,
    int h, B64JpegSamp samp, const guint8 *ref, gsize ref_size)
{
  int ncomp = samp == B64_JPEG_SAMP_GRAY ? 1 : 3, ch[3] = { 0 };
  FillSrc f;
  const guint8 *jpeg = NULL;
  gsize size = 0;

  memset (&f, 0, sizeof (f));
  for (int c = 0; c < ncomp; c++) {
    comp_size (c, w, h, samp, &f.widths[c], &ch[c]);
    f.strides[c] = f.widths[c];
    f.planes[c] = g_malloc ((gsize) f.widths[c] * ch[c]);
    for (int y = 0; y < ch[c]; y++)
      memcpy (f.planes[c] + (gsize) y * f.widths[c], in[c] + (gsize) y * pw[c],
          f.widths[c]);
  }
  g_assert_true (b64_jpeg_encode_planes (j, (const guint8 *const *) f.planes,
      f.strides, NULL, NULL, w, h, samp, 95, &jpeg, &size));
  g_assert_cmpmem (jpeg, size, ref, ref_size);
  g_assert_true (b64_jpeg_encode_planes (
      j, NULL, NULL, fill_copy, &f, w, h, samp, 95, &jpeg, &size));
  g_assert_cmpmem (jpeg, size, ref, ref_size);
  g_assert_cmpint (f.calls, >, 0);
  for (int c = 0; c < ncomp; c++)
    g_free (f.planes[c]);
}

static void
roundtrip_planes (B64Jpeg *j, int w, int h, B64JpegSamp samp)
{
  int ncomp = samp == B64_JPEG_SAMP_GRAY ? 1 : 3;
  guint8 *in[3] = { NULL, NULL, NULL }, *out[3] = { NULL, NULL, NULL };
  guint8 *ref[3] = { NULL, NULL, NULL };
  int strides[3] = { 0, 0, 0 }, pw[3] = { 0 }, ph[3] = { 0 };
  int cw, ch;
  const guint8 *jpeg = NULL;
  gsize size = 0;
  unsigned char *ref_jpeg = NULL;
  unsigned long ref_size = 0;
  B64JpegInfo info;
  tjhandle t;

  for (int c = 0; c < ncomp; c++) {
    pw[c] = b64_jpeg_plane_width (c, w, samp);
    ph[c] = b64_jpeg_plane_height (c, h, samp);
    strides[c] = pw[c];
    in[c] = g_malloc (pw[c] * ph[c]);
    ref[c] = g_malloc (pw[c] * ph[c]);
    comp_size (c, w, h, samp, &cw, &ch);
    /* TurboJPEG reads its planes' padding; ours repeats the edge pixels:
     * with edges repeated here too, both must give the same bytes */
    for (int y = 0; y < ph[c]; y++)
      for (int x = 0; x < pw[c]; x++) {
        int sx = MIN (x, cw - 1), sy = MIN (y, ch - 1);

        in[c][y * pw[c] + x]
            = c == 0 ? smooth (sx, sy, 0) : (guint8) (100 + c * 40 + sx - sy);
      }
  }

  g_assert_true (b64_jpeg_encode_planes (j, (const guint8 *const *) in, strides,
      NULL, NULL, w, h, samp, 95, &jpeg, &size));
  g_assert_cmpint (b64_jpeg_error (j)->code, ==, B64_JPEG_OK);
  g_assert_cmpstr (b64_jpeg_error (j)->message, ==, "");
  g_assert_nonnull (jpeg);
  g_assert_cmpuint (size, >, 4);
  g_assert_true (b64_jpeg_sniff (jpeg, size));
  g_assert_cmphex (jpeg[size - 2], ==, 0xff);
  g_assert_cmphex (jpeg[size - 1], ==, 0xd9);

  /* the same bytes as TurboJPEG's own */
  t = tjInitCompress ();
  g_assert_cmpint (tjCompressFromYUVPlanes (t, (const unsigned char **) in, w,
                       strides, h, (int) samp, &ref_jpeg, &ref_size, 95, 0),
      ==, 0);
  g_assert_cmpmem (jpeg, size, ref_jpeg, ref_size);
  tjDestroy (t);
  /* and from planes of the components' own size, or through a fill */
  encode_tight_and_fill (j, in, pw, w, h, samp, ref_jpeg, ref_size);
  tjFree (ref_jpeg);
  g_assert_true (b64_jpeg_encode_planes (j, (const guint8 *const *) in, strides,
      NULL, NULL, w, h, samp, 95, &jpeg, &size));

  memset (&info, 0, sizeof (info));
  g_assert_true (b64_jpeg_read_header (j, jpeg, size, &info));
  g_assert_cmpint (info.width, ==, w);
  g_assert_cmpint (info.height, ==, h);
  g_assert_cmpint (info.samp, ==, samp);
  g_assert_cmpint (info.colorspace, ==,
      samp == B64_JPEG_SAMP_GRAY ? B64_JPEG_CS_GRAY : B64_JPEG_CS_YCBCR);

  /* exactly what TurboJPEG itself decodes */
  t = tjInitDecompress ();
  g_assert_cmpint (
      tjDecompressToYUVPlanes (t, jpeg, size, ref, 0, strides, 0, 0), ==, 0);
  tjDestroy (t);

  /* planes of the component's own size: first with strides wide enough
   * for whole blocks and spare rows below (which, like the end of the last
   * row, must stay untouched), then allocated to the byte with rows packed
   * tight (ASan sees any spill) */
  for (int tight = 0; tight <= 1; tight++) {
    int cw[3], ch[3], ostride[3];

    for (int c = 0; c < ncomp; c++) {
      comp_size (c, w, h, samp, &cw[c], &ch[c]);
      ostride[c] = tight ? cw[c] : (cw[c] + 31) / 32 * 32 + 8;
      out[c] = g_malloc ((gsize) ostride[c] * (ch[c] + (tight ? 0 : 3)));
      memset (out[c], SENTINEL, (gsize) ostride[c] * (ch[c] + (tight ? 0 : 3)));
    }
    g_assert_true (b64_jpeg_decode_planes (j, jpeg, size, out, ostride));
    g_assert_cmpint (b64_jpeg_error (j)->code, ==, B64_JPEG_OK);
    g_assert_cmpstr (b64_jpeg_error (j)->message, ==, "");
    g_assert_cmpfloat (
        mse (in[0], pw[0], out[0], ostride[0], w, h), <=, MSE_35DB);
    for (int c = 0; c < ncomp; c++) {
      if (c > 0)
        g_assert_cmpfloat (
            mse (in[c], pw[c], out[c], ostride[c], cw[c], ch[c]), <=, MSE_35DB);
      for (int y = 0; y < ch[c]; y++)
        g_assert_cmpmem (out[c] + (gsize) y * ostride[c], cw[c],
            ref[c] + (gsize) y * strides[c], cw[c]);
      if (!tight) {
        assert_gaps (
            out[c] + (gsize) (ch[c] - 1) * ostride[c], cw[c], ostride[c], 1);
        for (int i = 0; i < 3 * ostride[c]; i++)
          g_assert_cmphex (
              out[c][(gsize) ch[c] * ostride[c] + i], ==, SENTINEL);
      }
      g_free (out[c]);
    }
  }
  for (int c = 0; c < ncomp; c++) {
    g_free (in[c]);
    g_free (ref[c]);
  }
}

static void
test_planes (void)
{
  B64Jpeg *j = b64_jpeg_new ();

  for (guint s = 0; s < G_N_ELEMENTS (all_samps); s++)
    for (guint i = 0; i < G_N_ELEMENTS (sizes); i++)
      roundtrip_planes (j, sizes[i][0], sizes[i][1], all_samps[s]);
  b64_jpeg_free (j);
}

/* Every quality (the DCT changes at 96) and a frame larger than the first
 * guess of the output scratch give TurboJPEG's bytes. */
static void
test_encode_qualities (void)
{
  static const int q[] = { 1, 50, 85, 95, 96, 100 };
  const int w = 64, h = 48; /* whole blocks: TurboJPEG reads no padding */
  B64Jpeg *j = b64_jpeg_new ();
  guint8 *p[3];
  int st[3] = { w, w, w };
  tjhandle t = tjInitCompress ();

  for (int c = 0; c < 3; c++) {
    p[c] = g_malloc (w * h);
    for (int i = 0; i < w * h; i++) /* noise: large JPEGs at q100 */
      p[c][i] = (guint8) g_test_rand_int_range (0, 256);
  }
  for (guint i = 0; i < G_N_ELEMENTS (q); i++)
    for (guint s = 0; s < G_N_ELEMENTS (all_samps); s++) {
      const guint8 *jpeg;
      gsize size;
      unsigned char *ref = NULL;
      unsigned long ref_size = 0;

      g_assert_true (b64_jpeg_encode_planes (j, (const guint8 *const *) p, st,
          NULL, NULL, w, h, all_samps[s], q[i], &jpeg, &size));
      g_assert_cmpint (
          tjCompressFromYUVPlanes (t, (const unsigned char **) p, w, st, h,
              (int) all_samps[s], &ref, &ref_size, q[i], 0),
          ==, 0);
      g_assert_cmpmem (jpeg, size, ref, ref_size);
      tjFree (ref);
    }
  for (int c = 0; c < 3; c++)
    g_free (p[c]);
  tjDestroy (t);
  b64_jpeg_free (j);
}

/* --- packed ----------------------------------------------------------- */

static void
test_encode_packed (void)
{
  B64Jpeg *j = b64_jpeg_new ();
  GRand *rand = g_rand_new_with_seed (7);
  int w = 17, h = 9;
  guint8 *rgb_jpeg = NULL;
  gsize rgb_size = 0;

  for (int pf = 0; pf < N_PF; pf++) {
    int ps = tjPixelSize[pf], stride = w * ps + 7;
    guint8 *pix = g_malloc (stride * h);
    const guint8 *jpeg = NULL;
    gsize size = 0, ref_size = 0;
    guint8 *ref;
    B64JpegInfo info;
    bool gray = pf == B64_JPEG_PF_GRAY;

    fill_packed (pix, w, h, stride, (B64JpegPixel) pf, rand);
    /* GRAY ignores the 4:2:0 asked for */
    g_assert_true (b64_jpeg_encode_packed (j, pix, stride, w, h,
        (B64JpegPixel) pf, B64_JPEG_SAMP_420, 90, &jpeg, &size));
    g_assert_cmpint (b64_jpeg_error (j)->code, ==, B64_JPEG_OK);
    g_assert_cmpstr (b64_jpeg_error (j)->message, ==, "");
    ref = b64t_tj_compress (pix, w, stride, h, (B64JpegPixel) pf,
        gray ? B64_JPEG_SAMP_GRAY : B64_JPEG_SAMP_420, 90, 0, &ref_size);
    g_assert_cmpmem (jpeg, size, ref, ref_size);
    g_free (ref);

    /* alpha, padding and bytes past the row do not matter */
    if (!gray) {
      if (!rgb_jpeg)
        rgb_jpeg = g_memdup2 (jpeg, rgb_size = size);
      else
        g_assert_cmpmem (jpeg, size, rgb_jpeg, rgb_size);
    }

    g_assert_true (b64_jpeg_read_header (j, jpeg, size, &info));
    g_assert_cmpint (info.width, ==, w);
    g_assert_cmpint (info.height, ==, h);
    g_assert_cmpint (
        info.samp, ==, gray ? B64_JPEG_SAMP_GRAY : B64_JPEG_SAMP_420);
    g_assert_cmpint (
        info.colorspace, ==, gray ? B64_JPEG_CS_GRAY : B64_JPEG_CS_YCBCR);
    g_free (pix);
  }
  g_free (rgb_jpeg);
  g_rand_free (rand);
  b64_jpeg_free (j);
}

static void
check_decode_packed (B64Jpeg *j, const guint8 *jpeg, gsize size, int w, int h)
{
  tjhandle t = tjInitDecompress ();

  for (int pf = 0; pf < N_PF; pf++) {
    int ps = tjPixelSize[pf], stride = w * ps + 5;
    guint8 *out = g_malloc (stride * h), *ref = g_malloc (stride * h);

    memset (out, SENTINEL, stride * h);
    memset (ref, SENTINEL, stride * h);
    g_assert_true (
        b64_jpeg_decode_packed (j, jpeg, size, out, stride, (B64JpegPixel) pf));
    g_assert_cmpint (b64_jpeg_error (j)->code, ==, B64_JPEG_OK);
    g_assert_cmpstr (b64_jpeg_error (j)->message, ==, "");
    g_assert_cmpint (
        tjDecompress2 (t, jpeg, size, ref, w, stride, h, pf, 0), ==, 0);
    g_assert_cmpmem (out, stride * h, ref, stride * h);
    assert_gaps (out, w * ps, stride, h);
    assert_extra_255 (out, w, h, stride, (B64JpegPixel) pf);
    g_free (out);
    g_free (ref);
  }
  tjDestroy (t);
}

static void
test_decode_packed (void)
{
  B64Jpeg *j = b64_jpeg_new ();
  gsize size;
  guint8 *jpeg = color_jpeg (&size);
  guint8 gray[35 * 35];

  check_decode_packed (j, jpeg, size, 17, 9);
  g_free (jpeg);

  for (int i = 0; i < 35 * 35; i++)
    gray[i] = smooth (i % 35, i / 35, 0);
  jpeg = b64t_tj_compress (
      gray, 35, 35, 35, B64_JPEG_PF_GRAY, B64_JPEG_SAMP_GRAY, 85, 0, &size);
  check_decode_packed (j, jpeg, size, 35, 35);
  g_free (jpeg);
  b64_jpeg_free (j);
}

static void
test_scratch_reuse (void)
{
  B64Jpeg *j = b64_jpeg_new ();
  GRand *rand = g_rand_new_with_seed (3);
  guint8 pix[20 * 10 * 3];
  const guint8 *a = NULL, *b = NULL;
  gsize asize = 0, bsize = 0;
  guint8 *first;

  fill_packed (pix, 20, 10, 60, B64_JPEG_PF_RGB, rand);
  g_assert_true (b64_jpeg_encode_packed (
      j, pix, 60, 20, 10, B64_JPEG_PF_RGB, B64_JPEG_SAMP_444, 80, &a, &asize));
  first = g_memdup2 (a, asize);
  g_assert_true (b64_jpeg_encode_packed (
      j, pix, 60, 20, 10, B64_JPEG_PF_RGB, B64_JPEG_SAMP_444, 80, &b, &bsize));
  g_assert_true (a == b);
  g_assert_cmpmem (b, bsize, first, asize);
  /* a smaller image fits the same scratch */
  g_assert_true (b64_jpeg_encode_packed (
      j, pix, 60, 5, 5, B64_JPEG_PF_RGB, B64_JPEG_SAMP_420, 80, &b, &bsize));
  g_assert_true (a == b);
  g_free (first);
  g_rand_free (rand);
  b64_jpeg_free (j);
}

/* --- errors ----------------------------------------------------------- */

/* --- CMYK ------------------------------------------------------------- */

/* Four 24x8 regions of constant stored CMYK values. */
static const guint8 cmyk_values[4][4] = { { 200, 100, 50, 230 },
  { 30, 240, 128, 255 }, { 255, 255, 255, 255 }, { 0, 64, 192, 128 } };

#define CMYK_W 96
#define CMYK_H 8

static guint8 *
cmyk_jpeg (J_COLOR_SPACE jpeg_cs, int adobe, int h0, gsize *size)
{
  guint8 pix[CMYK_W * CMYK_H * 4];

  for (int y = 0; y < CMYK_H; y++)
    for (int x = 0; x < CMYK_W; x++)
      memcpy (pix + (y * CMYK_W + x) * 4, cmyk_values[x / 24], 4);
  return lj_encode (
      pix, CMYK_W, CMYK_H, 4, JCS_CMYK, jpeg_cs, adobe, h0, 1, size);
}

static gboolean
adobe_marker_in (const guint8 *data, gsize size)
{
  for (gsize i = 0; i + 9 <= size; i++)
    if (data[i] == 0xff && data[i + 1] == 0xee
        && memcmp (data + i + 4, "Adobe", 5) == 0)
      return TRUE;
  return FALSE;
}

static void
check_cmyk (const guint8 *jpeg, gsize size, gboolean inverted,
    B64JpegColorspace cs, B64JpegSamp samp, int tolerance)
{
  static const B64JpegPixel pfs[] = { B64_JPEG_PF_RGB, B64_JPEG_PF_BGR,
    B64_JPEG_PF_RGBA, B64_JPEG_PF_BGRX, B64_JPEG_PF_XBGR, B64_JPEG_PF_ARGB };
  B64Jpeg *j = b64_jpeg_new ();
  B64JpegInfo info;

  g_assert_true (b64_jpeg_read_header (j, jpeg, size, &info));
  g_assert_cmpint (info.width, ==, CMYK_W);
  g_assert_cmpint (info.height, ==, CMYK_H);
  g_assert_cmpint (info.colorspace, ==, cs);
  g_assert_cmpint (info.samp, ==, samp);

  for (guint p = 0; p < G_N_ELEMENTS (pfs); p++) {
    B64JpegPixel pf = pfs[p];
    int ps = tjPixelSize[pf], stride = CMYK_W * ps + 3;
    guint8 *out = g_malloc (stride * CMYK_H);

    memset (out, SENTINEL, stride * CMYK_H);
    g_assert_true (b64_jpeg_decode_packed (j, jpeg, size, out, stride, pf));
    g_assert_cmpint (b64_jpeg_error (j)->code, ==, B64_JPEG_OK);
    g_assert_cmpstr (b64_jpeg_error (j)->message, ==, "");
    assert_gaps (out, CMYK_W * ps, stride, CMYK_H);
    assert_extra_255 (out, CMYK_W, CMYK_H, stride, pf);
    for (int y = 0; y < CMYK_H; y++)
      for (int x = 0; x < CMYK_W; x++) {
        const guint8 *v = cmyk_values[x / 24];
        const guint8 *d = out + y * stride + x * ps;
        const int offs[3]
            = { tjRedOffset[pf], tjGreenOffset[pf], tjBlueOffset[pf] };

        for (int c = 0; c < 3; c++) {
          double expect = inverted ? v[c] * v[3] / 255.0
                                   : (255 - v[c]) * (255 - v[3]) / 255.0;
          g_assert_cmpfloat (ABS (d[offs[c]] - expect), <=, tolerance);
        }
      }
    g_free (out);
  }
  b64_jpeg_free (j);
}

static void
test_cmyk (void)
{
  gsize size;
  guint8 *jpeg;

  /* libjpeg writes the Adobe marker for CMYK unless told not to */
  jpeg = cmyk_jpeg (JCS_CMYK, -1, 0, &size);
  g_assert_true (adobe_marker_in (jpeg, size));
  check_cmyk (jpeg, size, TRUE, B64_JPEG_CS_CMYK, B64_JPEG_SAMP_444, 2);
  g_free (jpeg);

  jpeg = cmyk_jpeg (JCS_CMYK, 0, 0, &size);
  g_assert_false (adobe_marker_in (jpeg, size));
  check_cmyk (jpeg, size, FALSE, B64_JPEG_CS_CMYK, B64_JPEG_SAMP_444, 2);
  g_free (jpeg);

  /* YCCK is always Adobe's: stored inverted (all 1x1: libjpeg's default
   * 2x2 Y and K would blur the regions' edges) */
  jpeg = cmyk_jpeg (JCS_YCCK, -1, 1, &size);
  g_assert_true (adobe_marker_in (jpeg, size));
  check_cmyk (jpeg, size, TRUE, B64_JPEG_CS_YCCK, B64_JPEG_SAMP_444, 3);
  g_free (jpeg);

  /* fill bytes before the APP14 marker (allowed by the JPEG syntax) */
  {
    guint8 *adobe = cmyk_jpeg (JCS_CMYK, -1, 0, &size);
    gsize at = marker_pos (adobe, size, 0xee);

    jpeg = g_malloc (size + 3);
    memcpy (jpeg, adobe, at);
    memset (jpeg + at, 0xff, 3);
    memcpy (jpeg + at + 3, adobe + at, size - at);
    check_cmyk (jpeg, size + 3, TRUE, B64_JPEG_CS_CMYK, B64_JPEG_SAMP_444, 2);
    g_free (jpeg);
    g_free (adobe);
  }

  /* through the libjpeg fallback */
  jpeg = cmyk_jpeg (JCS_CMYK, 1, 3, &size);
  check_cmyk (jpeg, size, TRUE, B64_JPEG_CS_CMYK, B64_JPEG_SAMP_OTHER, 2);
  g_free (jpeg);
  jpeg = cmyk_jpeg (JCS_CMYK, 0, 3, &size);
  check_cmyk (jpeg, size, FALSE, B64_JPEG_CS_CMYK, B64_JPEG_SAMP_OTHER, 2);
  g_free (jpeg);
}

/* --- libjpeg fallback --------------------------------------------------- */

static guint8 *
sampled_3x1_jpeg (int w, int h, gsize *size)
{
  guint8 *pix = g_malloc (w * h * 3), *out;

  for (int y = 0; y < h; y++)
    for (int x = 0; x < w; x++)
      for (int c = 0; c < 3; c++)
        pix[(y * w + x) * 3 + c] = smooth (x, y, c);
  out = lj_encode (pix, w, h, 3, JCS_RGB, JCS_YCbCr, -1, 3, 1, size);
  g_free (pix);
  return out;
}

static void
test_fallback (void)
{
  int w = 35, h = 9;
  B64Jpeg *j = b64_jpeg_new ();
  gsize size;
  guint8 *jpeg = sampled_3x1_jpeg (w, h, &size), *good;
  gsize good_size;
  B64JpegInfo info;
  int dummy_w, dummy_h, dummy_s, dummy_c;
  tjhandle t = tjInitDecompress ();

  /* TurboJPEG itself refuses it */
  g_assert_cmpint (tjDecompressHeader3 (
                       t, jpeg, size, &dummy_w, &dummy_h, &dummy_s, &dummy_c),
      !=, 0);
  tjDestroy (t);

  memset (&info, 0, sizeof (info));
  g_assert_true (b64_jpeg_read_header (j, jpeg, size, &info));
  g_assert_cmpint (b64_jpeg_error (j)->code, ==, B64_JPEG_OK);
  g_assert_cmpstr (b64_jpeg_error (j)->message, ==, "");
  g_assert_cmpint (info.width, ==, w);
  g_assert_cmpint (info.height, ==, h);
  g_assert_cmpint (info.samp, ==, B64_JPEG_SAMP_OTHER);
  g_assert_cmpint (info.colorspace, ==, B64_JPEG_CS_YCBCR);

  for (int pf = 0; pf < N_PF; pf++) {
    int ps = tjPixelSize[pf], stride = w * ps + 5;
    guint8 *out = g_malloc (stride * h), *ref = g_malloc (stride * h);

    memset (out, SENTINEL, stride * h);
    memset (ref, SENTINEL, stride * h);
    g_assert_true (
        b64_jpeg_decode_packed (j, jpeg, size, out, stride, (B64JpegPixel) pf));
    g_assert_cmpint (b64_jpeg_error (j)->code, ==, B64_JPEG_OK);
    g_assert_cmpstr (b64_jpeg_error (j)->message, ==, "");
    lj_decode_ref (jpeg, size, 8, lj_space[pf], ref, stride);
    g_assert_cmpmem (out, stride * h, ref, stride * h);
    assert_gaps (out, w * ps, stride, h);
    assert_extra_255 (out, w, h, stride, (B64JpegPixel) pf);
    if (pf == B64_JPEG_PF_RGB) {
      /* and it is the picture */
      guint8 *in = g_malloc (w * h * 3);
      for (int y = 0; y < h; y++)
        for (int x = 0; x < w; x++)
          for (int c = 0; c < 3; c++)
            in[(y * w + x) * 3 + c] = smooth (x, y, c);
      for (int y = 0; y < h; y++)
        g_assert_cmpfloat (
            mse (in + y * w * 3, 0, out + y * stride, 0, w * 3, 1), <=,
            MSE_35DB);
      g_free (in);
    }
    g_free (out);
    g_free (ref);
  }

  /* no planes for it */
  {
    guint8 *planes[3];
    int strides[3];

    for (int c = 0; c < 3; c++) {
      strides[c] = 48;
      planes[c] = g_malloc (48 * 16);
    }
    g_assert_false (b64_jpeg_decode_planes (j, jpeg, size, planes, strides));
    g_assert_cmpint (b64_jpeg_error (j)->code, !=, B64_JPEG_OK);
    g_assert_cmpstr (b64_jpeg_error (j)->message, !=, "");
    for (int c = 0; c < 3; c++)
      g_free (planes[c]);
  }

  /* the handle works after the fallback */
  good = color_jpeg (&good_size);
  assert_good_header (j, good, good_size);

  /* truncated: the header reads, decoding fails with a reason */
  {
    gsize tsize = truncated_size (jpeg, size);
    guint8 *out = g_malloc (w * 3 * h);

    g_assert_true (b64_jpeg_read_header (j, jpeg, tsize, &info));
    g_assert_cmpint (info.samp, ==, B64_JPEG_SAMP_OTHER);
    g_assert_false (
        b64_jpeg_decode_packed (j, jpeg, tsize, out, w * 3, B64_JPEG_PF_RGB));
    g_assert_cmpint (b64_jpeg_error (j)->code, ==, B64_JPEG_ERR_DECODE);
    g_assert_true (
        g_str_has_prefix (b64_jpeg_error (j)->message, "JPEG decoding: "));
    g_assert_nonnull (strstr (b64_jpeg_error (j)->message, "Premature end"));
    /* and the next good call clears it */
    g_assert_true (
        b64_jpeg_decode_packed (j, jpeg, size, out, w * 3, B64_JPEG_PF_RGB));
    g_assert_cmpint (b64_jpeg_error (j)->code, ==, B64_JPEG_OK);
    g_assert_cmpstr (b64_jpeg_error (j)->message, ==, "");
    g_free (out);
  }

  /* cut inside the header: neither decoder reads it */
  g_assert_false (
      b64_jpeg_read_header (j, jpeg, marker_pos (jpeg, size, 0xc0) + 6, &info));
  g_assert_cmpint (b64_jpeg_error (j)->code, !=, B64_JPEG_OK);
  g_assert_cmpstr (b64_jpeg_error (j)->message, !=, "");

  g_free (good);
  g_free (jpeg);
  b64_jpeg_free (j);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/b64jpeg/sniff", test_sniff);
  g_test_add_func ("/b64jpeg/pixel-size", test_pixel_size);
  g_test_add_func ("/b64jpeg/plane-size", test_plane_size);
  g_test_add_func ("/b64jpeg/planes", test_planes);
  g_test_add_func ("/b64jpeg/encode-qualities", test_encode_qualities);
  g_test_add_func ("/b64jpeg/encode-packed", test_encode_packed);
  g_test_add_func ("/b64jpeg/decode-packed", test_decode_packed);
  g_test_add_func ("/b64jpeg/scratch-reuse", test_scratch_reuse);
  g_test_add_func ("/b64jpeg/cmyk", test_cmyk);
  g_test_add_func ("/b64jpeg/fallback", test_fallback);

  return g_test_run ();
}
