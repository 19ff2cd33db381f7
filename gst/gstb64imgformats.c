/* b64img — pixel formats shared by the two elements
 * Copyright (C) 2026 The b64img authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include "gstb64imgformats.h"

#include <string.h>
#ifdef __SSE2__
#include <emmintrin.h>
#endif

gboolean
gst_b64img_format_to_pixel (GstVideoFormat format, B64JpegPixel *pf)
{
  static const struct
  {
    GstVideoFormat format;
    B64JpegPixel pf;
  } map[] = {
    { GST_VIDEO_FORMAT_RGB, B64_JPEG_PF_RGB },
    { GST_VIDEO_FORMAT_BGR, B64_JPEG_PF_BGR },
    { GST_VIDEO_FORMAT_RGBx, B64_JPEG_PF_RGBX },
    { GST_VIDEO_FORMAT_BGRx, B64_JPEG_PF_BGRX },
    { GST_VIDEO_FORMAT_xBGR, B64_JPEG_PF_XBGR },
    { GST_VIDEO_FORMAT_xRGB, B64_JPEG_PF_XRGB },
    { GST_VIDEO_FORMAT_RGBA, B64_JPEG_PF_RGBA },
    { GST_VIDEO_FORMAT_BGRA, B64_JPEG_PF_BGRA },
    { GST_VIDEO_FORMAT_ABGR, B64_JPEG_PF_ABGR },
    { GST_VIDEO_FORMAT_ARGB, B64_JPEG_PF_ARGB },
  };

  for (guint i = 0; i < G_N_ELEMENTS (map); i++) {
    if (map[i].format == format) {
      *pf = map[i].pf;
      return TRUE;
    }
  }
  return FALSE;
}

gboolean
gst_b64img_format_to_samp (GstVideoFormat format, B64JpegSamp *samp)
{
  switch (format) {
    case GST_VIDEO_FORMAT_I420:
    case GST_VIDEO_FORMAT_YV12:
      *samp = B64_JPEG_SAMP_420;
      return TRUE;
    case GST_VIDEO_FORMAT_Y42B:
      *samp = B64_JPEG_SAMP_422;
      return TRUE;
    case GST_VIDEO_FORMAT_Y444:
      *samp = B64_JPEG_SAMP_444;
      return TRUE;
    case GST_VIDEO_FORMAT_Y41B:
      *samp = B64_JPEG_SAMP_411;
      return TRUE;
    case GST_VIDEO_FORMAT_GRAY8:
      *samp = B64_JPEG_SAMP_GRAY;
      return TRUE;
    default:
      return FALSE;
  }
}

GstVideoFormat
gst_b64img_samp_to_format (B64JpegSamp samp)
{
  switch (samp) {
    case B64_JPEG_SAMP_420:
      return GST_VIDEO_FORMAT_I420;
    case B64_JPEG_SAMP_422:
      return GST_VIDEO_FORMAT_Y42B;
    case B64_JPEG_SAMP_444:
      return GST_VIDEO_FORMAT_Y444;
    case B64_JPEG_SAMP_411:
      return GST_VIDEO_FORMAT_Y41B;
    case B64_JPEG_SAMP_GRAY:
      return GST_VIDEO_FORMAT_GRAY8;
    default:
      return GST_VIDEO_FORMAT_UNKNOWN;
  }
}

GstVideoFormat
gst_b64img_planar_equivalent (GstVideoFormat format)
{
  switch (format) {
    case GST_VIDEO_FORMAT_NV12:
    case GST_VIDEO_FORMAT_NV21:
      return GST_VIDEO_FORMAT_I420;
    case GST_VIDEO_FORMAT_YUY2:
    case GST_VIDEO_FORMAT_UYVY:
    case GST_VIDEO_FORMAT_YVYU:
      return GST_VIDEO_FORMAT_Y42B;
    default:
      return GST_VIDEO_FORMAT_UNKNOWN;
  }
}

/* Limited to full range: luma 16..235 -> 0..255 (x 149/128 ~ 255/219),
 * chroma 16..240 around 128 -> 0..255 (x 146/128 ~ 255/224). The factors
 * keep every intermediate in 16 bits: eight pixels per SSE2 multiply. */
static inline guint8
expand_luma_px (guint8 s)
{
  guint v = s > 16 ? s - 16 : 0;
  guint y = (v * 149 + 64) >> 7;
  return y > 255 ? 255 : (guint8) y;
}

static inline guint8
expand_chroma_px (guint8 s)
{
  gint c = ((((gint) s - 128) * 146 + 64) >> 7) + 128;
  return c < 0 ? 0 : c > 255 ? 255 : (guint8) c;
}

#ifdef __SSE2__
static gint
expand_simd (const guint8 *src, guint8 *dst, gint w, gboolean luma)
{
  const __m128i zero = _mm_setzero_si128 ();
  const __m128i mul = _mm_set1_epi16 (luma ? 149 : 146);
  const __m128i round = _mm_set1_epi16 (64);
  const __m128i bias = _mm_set1_epi16 (128);
  const __m128i off = _mm_set1_epi8 (16);
  gint x = 0;

  for (; x + 16 <= w; x += 16) {
    __m128i v = _mm_loadu_si128 ((const __m128i *) (src + x));
    __m128i lo, hi;

    if (luma) {
      v = _mm_subs_epu8 (v, off);
      lo = _mm_unpacklo_epi8 (v, zero);
      hi = _mm_unpackhi_epi8 (v, zero);
      lo = _mm_srli_epi16 (_mm_add_epi16 (_mm_mullo_epi16 (lo, mul), round), 7);
      hi = _mm_srli_epi16 (_mm_add_epi16 (_mm_mullo_epi16 (hi, mul), round), 7);
    } else {
      lo = _mm_sub_epi16 (_mm_unpacklo_epi8 (v, zero), bias);
      hi = _mm_sub_epi16 (_mm_unpackhi_epi8 (v, zero), bias);
      lo = _mm_add_epi16 (
          _mm_srai_epi16 (_mm_add_epi16 (_mm_mullo_epi16 (lo, mul), round), 7),
          bias);
      hi = _mm_add_epi16 (
          _mm_srai_epi16 (_mm_add_epi16 (_mm_mullo_epi16 (hi, mul), round), 7),
          bias);
    }
    _mm_storeu_si128 ((__m128i *) (dst + x), _mm_packus_epi16 (lo, hi));
  }
  return x;
}
#else
static gint
expand_simd (const guint8 *src, guint8 *dst, gint w, gboolean luma)
{
  return 0;
}
#endif

static void
expand_row (const guint8 *src, guint8 *dst, gint w, gboolean luma)
{
  for (gint x = expand_simd (src, dst, w, luma); x < w; x++)
    dst[x] = luma ? expand_luma_px (src[x]) : expand_chroma_px (src[x]);
}

void
gst_b64img_copy_plane (const guint8 *src, gint src_stride, gint w, gint h,
    guint8 *dst, gint dst_stride, gint dst_w, gint dst_h, gboolean luma,
    gboolean expand)
{
  for (gint y = 0; y < h; y++) {
    const guint8 *s = src + (gsize) y * src_stride;
    guint8 *d = dst + (gsize) y * dst_stride;

    if (expand)
      expand_row (s, d, w, luma);
    else
      memcpy (d, s, w);
    if (dst_w > w)
      memset (d + w, d[w - 1], dst_w - w);
  }
  for (gint y = h; y < dst_h; y++)
    memcpy (dst + (gsize) y * dst_stride, dst + (gsize) (h - 1) * dst_stride,
        dst_w);
}

gboolean
gst_b64img_property_settable (GstElement *element, GParamSpec *pspec)
{
  const GParamFlags mutable_later
      = GST_PARAM_MUTABLE_PAUSED | GST_PARAM_MUTABLE_PLAYING;

  if (!(pspec->flags & GST_PARAM_MUTABLE_READY)
      || (pspec->flags & mutable_later))
    return TRUE;
  if (GST_STATE (element) <= GST_STATE_READY
      && GST_STATE_NEXT (element) <= GST_STATE_READY)
    return TRUE;
  GST_WARNING_OBJECT (element,
      "%s can only be set in the NULL or READY state: ignored", pspec->name);
  return FALSE;
}
