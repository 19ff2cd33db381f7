/* b64img — helpers of the b64jpeg unit tests (see jpegunit.h)
 * Copyright (C) 2026 The b64img authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "jpegunit.h"
#include "testutil.h"

#include <turbojpeg.h>

const B64JpegSamp all_samps[N_ALL_SAMPS]
    = { B64_JPEG_SAMP_444, B64_JPEG_SAMP_422, B64_JPEG_SAMP_420,
        B64_JPEG_SAMP_440, B64_JPEG_SAMP_411, B64_JPEG_SAMP_GRAY };

const J_COLOR_SPACE lj_space[N_PF] = { JCS_EXT_RGB, JCS_EXT_BGR, JCS_EXT_RGBX,
  JCS_EXT_BGRX, JCS_EXT_XBGR, JCS_EXT_XRGB, JCS_GRAYSCALE, JCS_EXT_RGBA,
  JCS_EXT_BGRA, JCS_EXT_ABGR, JCS_EXT_ARGB };

void
lj_decode_ref (const guint8 *data, gsize size, int n, J_COLOR_SPACE space,
    guint8 *out, int stride)
{
  struct jpeg_decompress_struct d;
  struct jpeg_error_mgr err;

  d.err = jpeg_std_error (&err);
  jpeg_create_decompress (&d);
  jpeg_mem_src (&d, data, (unsigned long) size);
  g_assert_cmpint (jpeg_read_header (&d, TRUE), ==, JPEG_HEADER_OK);
  d.out_color_space = space;
  d.scale_num = (unsigned) n;
  d.scale_denom = 8;
  if (space == JCS_YCbCr)
    d.do_fancy_upsampling = FALSE;
  jpeg_start_decompress (&d);
  while (d.output_scanline < d.output_height) {
    JSAMPROW row = out + (gsize) d.output_scanline * stride;
    jpeg_read_scanlines (&d, &row, 1);
  }
  jpeg_finish_decompress (&d);
  jpeg_destroy_decompress (&d);
}

/* Smooth ramps with a different slope per channel, so that chroma varies
 * too; within 0..255 up to 35x35. */
guint8
smooth (int x, int y, int ch)
{
  int v = 30 + x * (2 + ch) + y * (3 - ch) + ch * 20;

  return (guint8) CLAMP (v, 0, 255);
}

/* A 17x9 4:2:0 colour JPEG of the ramps. */
guint8 *
color_jpeg (gsize *size)
{
  int w = 17, h = 9;
  guint8 *pix = g_malloc (w * h * 3);
  guint8 *out;

  for (int y = 0; y < h; y++)
    for (int x = 0; x < w; x++)
      for (int c = 0; c < 3; c++)
        pix[(y * w + x) * 3 + c] = smooth (x, y, c);
  out = b64t_tj_compress (
      pix, w, w * 3, h, B64_JPEG_PF_RGB, B64_JPEG_SAMP_420, 90, 0, size);
  g_free (pix);
  return out;
}

/* Offset of the SOF0 marker (@sof) or of the SOS marker. */
gsize
marker_pos (const guint8 *data, gsize size, guint8 marker)
{
  gsize pos = 2;

  while (pos + 4 <= size && data[pos] == 0xff && data[pos + 1] != marker)
    pos += 2 + ((data[pos + 2] << 8) | data[pos + 3]);
  g_assert_cmpuint (pos + 4, <=, size);
  g_assert_cmphex (data[pos + 1], ==, marker);
  return pos;
}

/* A length cutting the entropy-coded data in half. */
gsize
truncated_size (const guint8 *data, gsize size)
{
  gsize sos = marker_pos (data, size, 0xda);
  gsize scan = sos + 2 + ((data[sos + 2] << 8) | data[sos + 3]);

  g_assert_cmpuint (scan + 4, <, size);
  return scan + (size - scan) / 2;
}

/* A component's own size: the image's, scaled by its sampling and rounded
 * up (what GStreamer's planar formats hold). */
void
comp_size (int c, int w, int h, B64JpegSamp samp, int *cw, int *ch)
{
  static const int hdiv[] = { 1, 2, 2, 1, 1, 4 }, vdiv[] = { 1, 1, 2, 1, 2, 1 };

  *cw = c == 0 ? w : (w + hdiv[samp] - 1) / hdiv[samp];
  *ch = c == 0 ? h : (h + vdiv[samp] - 1) / vdiv[samp];
}

void
assert_good_header (B64Jpeg *j, const guint8 *data, gsize size)
{
  B64JpegInfo info;

  memset (&info, 0, sizeof (info));
  g_assert_true (b64_jpeg_read_header (j, data, size, &info));
  g_assert_cmpint (b64_jpeg_error (j)->code, ==, B64_JPEG_OK);
  g_assert_cmpstr (b64_jpeg_error (j)->message, ==, "");
  g_assert_cmpint (info.width, ==, 17);
  g_assert_cmpint (info.height, ==, 9);
  g_assert_cmpint (info.samp, ==, B64_JPEG_SAMP_420);
  g_assert_cmpint (info.colorspace, ==, B64_JPEG_CS_YCBCR);
}
