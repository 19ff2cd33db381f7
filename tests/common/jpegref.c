/* b64img — what a decoded JPEG must look like (see jpegref.h)
 * Copyright (C) 2026 The b64img authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include "jpegref.h"

#include <string.h>
#include <turbojpeg.h>

const B64tSampling b64t_samplings[B64T_N_SAMPLINGS] = {
  { TJSAMP_444, "444", "Y444" },
  { TJSAMP_422, "422", "Y42B" },
  { TJSAMP_420, "420", "I420" },
  { TJSAMP_440, "440", "Y444" },
  { TJSAMP_411, "411", "Y41B" },
  { TJSAMP_GRAY, "gray", "GRAY8" },
};

void
b64t_ref_yuv_init (B64tRefYuv *r, const guint8 *jpeg, gsize len)
{
  tjhandle tj = tjInitDecompress ();
  int cs;

  memset (r, 0, sizeof (*r));
  fail_unless (
      tjDecompressHeader3 (tj, jpeg, len, &r->w, &r->h, &r->samp, &cs) == 0);
  r->n = r->samp == TJSAMP_GRAY ? 1 : 3;
  for (guint i = 0; i < r->n; i++) {
    r->pw[i] = tjPlaneWidth (i, r->w, r->samp);
    r->ph[i] = tjPlaneHeight (i, r->h, r->samp);
    r->plane[i] = g_malloc ((gsize) r->pw[i] * r->ph[i]);
  }
  r->hf = tjMCUWidth[r->samp] / 8;
  r->vf = tjMCUHeight[r->samp] / 8;
  fail_unless (
      tjDecompressToYUVPlanes (tj, jpeg, len, r->plane, 0, r->pw, 0, 0) == 0,
      "%s", tjGetErrorStr2 (tj));
  tjDestroy (tj);
}

void
b64t_ref_yuv_clear (B64tRefYuv *r)
{
  for (guint i = 0; i < 3; i++)
    g_free (r->plane[i]);
}

/* component @c of pixel (x, y), nearest chroma sample */
gint
b64t_ref_yuv_at (const B64tRefYuv *r, guint c, gint x, gint y)
{
  if (c == 0)
    return r->plane[0][(gsize) y * r->pw[0] + x];
  if (r->n == 1)
    return 128;
  return r->plane[c][(gsize) (y / r->vf) * r->pw[c] + x / r->hf];
}

guint8 *
b64t_ref_packed (const guint8 *jpeg, gsize len, int pf, gint *w, gint *h)
{
  tjhandle tj = tjInitDecompress ();
  int samp, cs;
  guint8 *pix;

  fail_unless (tjDecompressHeader3 (tj, jpeg, len, w, h, &samp, &cs) == 0);
  pix = g_malloc ((gsize) *w * *h * tjPixelSize[pf]);
  fail_unless (
      tjDecompress2 (tj, jpeg, len, pix, *w, *w * tjPixelSize[pf], *h, pf, 0)
          == 0,
      "%s", tjGetErrorStr2 (tj));
  tjDestroy (tj);
  return pix;
}

gboolean
b64t_format_to_tjpf (GstVideoFormat f, int *pf)
{
  switch (f) {
    case GST_VIDEO_FORMAT_RGB:
      *pf = TJPF_RGB;
      return TRUE;
    case GST_VIDEO_FORMAT_BGR:
      *pf = TJPF_BGR;
      return TRUE;
    case GST_VIDEO_FORMAT_RGBx:
      *pf = TJPF_RGBX;
      return TRUE;
    case GST_VIDEO_FORMAT_xRGB:
      *pf = TJPF_XRGB;
      return TRUE;
    case GST_VIDEO_FORMAT_BGRx:
      *pf = TJPF_BGRX;
      return TRUE;
    case GST_VIDEO_FORMAT_xBGR:
      *pf = TJPF_XBGR;
      return TRUE;
    case GST_VIDEO_FORMAT_RGBA:
      *pf = TJPF_RGBA;
      return TRUE;
    case GST_VIDEO_FORMAT_BGRA:
      *pf = TJPF_BGRA;
      return TRUE;
    case GST_VIDEO_FORMAT_ARGB:
      *pf = TJPF_ARGB;
      return TRUE;
    case GST_VIDEO_FORMAT_ABGR:
      *pf = TJPF_ABGR;
      return TRUE;
    case GST_VIDEO_FORMAT_GRAY8:
      *pf = TJPF_GRAY;
      return TRUE;
    default:
      return FALSE;
  }
}

/* Whether the YUV output @f holds the JPEG's chroma samples unchanged
 * (possibly repacked, or rows doubled for 4:4:0 in Y444). */
gboolean
b64t_yuv_same_samples (GstVideoFormat f, int samp)
{
  const GstVideoFormatInfo *fi = gst_video_format_get_info (f);
  gint ws = GST_VIDEO_FORMAT_INFO_W_SUB (fi, 1);
  gint hs = GST_VIDEO_FORMAT_INFO_H_SUB (fi, 1);

  switch (samp) {
    case TJSAMP_444:
      return ws == 0 && hs == 0;
    case TJSAMP_422:
      return ws == 1 && hs == 0;
    case TJSAMP_420:
      return ws == 1 && hs == 1;
    case TJSAMP_440:
      return f == GST_VIDEO_FORMAT_Y444;
    case TJSAMP_411: /* 4:2:2 layouts hold each chroma sample twice */
      return (ws == 2 || ws == 1) && hs == 0;
    case TJSAMP_GRAY:
      return TRUE; /* luma as is, chroma 128 */
    default:
      return FALSE;
  }
}

/* Checks one decoded frame against TurboJPEG's decode of @jpeg. */
void
b64t_check_decoded_jpeg (GstBuffer *buf, GstCaps *caps, const guint8 *jpeg,
    gsize len, const gchar *what)
{
  GstVideoInfo info;
  GstVideoFrame frame;
  GstVideoFormat f;
  int pf;

  fail_unless (gst_video_info_from_caps (&info, caps), "%s", what);
  fail_unless (
      gst_video_frame_map (&frame, &info, buf, GST_MAP_READ), "%s", what);
  f = GST_VIDEO_INFO_FORMAT (&info);

  if (b64t_format_to_tjpf (f, &pf)) {
    gint w, h;
    guint8 *ref = b64t_ref_packed (jpeg, len, pf, &w, &h);
    gsize row = (gsize) w * tjPixelSize[pf];

    fail_unless_equals_int (GST_VIDEO_INFO_WIDTH (&info), w);
    fail_unless_equals_int (GST_VIDEO_INFO_HEIGHT (&info), h);
    for (gint y = 0; y < h; y++) {
      const guint8 *o = (const guint8 *) GST_VIDEO_FRAME_PLANE_DATA (&frame, 0)
                        + (gsize) y * GST_VIDEO_FRAME_PLANE_STRIDE (&frame, 0);
      const guint8 *r = ref + row * y;

      if (memcmp (o, r, row) != 0) {
        gsize x = 0;
        while (o[x] == r[x])
          x++;
        fail (
            "%s: %s differs from tjDecompress2 at row %d byte %" G_GSIZE_FORMAT
            ": %u != %u",
            what, gst_video_format_to_string (f), y, x, o[x], r[x]);
      }
    }
    g_free (ref);
  } else {
    B64tRefYuv r;
    gboolean exact;
    guint64 sum[3] = { 0, 0, 0 };
    gint maxd[3] = { 0, 0, 0 };
    gint n_comp = GST_VIDEO_FRAME_N_COMPONENTS (&frame);

    fail_unless (GST_VIDEO_INFO_IS_YUV (&info), "%s: %s", what,
        gst_video_format_to_string (f));
    b64t_ref_yuv_init (&r, jpeg, len);
    fail_unless_equals_int (GST_VIDEO_INFO_WIDTH (&info), r.w);
    fail_unless_equals_int (GST_VIDEO_INFO_HEIGHT (&info), r.h);
    exact = b64t_yuv_same_samples (f, r.samp);
    for (gint c = 0; c < n_comp; c++) {
      const guint8 *d = GST_VIDEO_FRAME_COMP_DATA (&frame, c);
      gint stride = GST_VIDEO_FRAME_COMP_STRIDE (&frame, c);
      gint ps = GST_VIDEO_FRAME_COMP_PSTRIDE (&frame, c);
      gint ws = GST_VIDEO_FORMAT_INFO_W_SUB (info.finfo, c);
      gint hs = GST_VIDEO_FORMAT_INFO_H_SUB (info.finfo, c);

      for (gint y = 0; y < r.h; y++) {
        for (gint x = 0; x < r.w; x++) {
          gint o = d[(gsize) (y >> hs) * stride + (gsize) (x >> ws) * ps];
          gint e = b64t_ref_yuv_at (&r, c, x, y);
          gint diff = ABS (o - e);

          if (exact && diff != 0)
            fail ("%s: %s component %d at (%d,%d) is %d, TurboJPEG %d", what,
                gst_video_format_to_string (f), c, x, y, o, e);
          sum[c] += diff;
          maxd[c] = MAX (maxd[c], diff);
        }
      }
    }
    if (!exact) {
      fail_unless (maxd[0] <= TOL_LUMA, "%s: %s luma off by %d", what,
          gst_video_format_to_string (f), maxd[0]);
      for (gint c = 1; c < n_comp; c++) {
        gdouble mean = (gdouble) sum[c] / ((gdouble) r.w * r.h);

        fail_unless (maxd[c] <= TOL_CHROMA_MAX && mean <= TOL_CHROMA_MEAN,
            "%s: %s chroma %d off by %d (mean %.2f)", what,
            gst_video_format_to_string (f), c, maxd[c], mean);
      }
    }
    if (g_getenv ("B64IMGDEC_TEST_VERBOSE"))
      g_printerr ("%s: %s exact=%d max %d %d %d\n", what,
          gst_video_format_to_string (f), exact, maxd[0], maxd[1], maxd[2]);
    b64t_ref_yuv_clear (&r);
  }
  gst_video_frame_unmap (&frame);
}
