/* b64img — pixel formats shared by the two elements
 * Copyright (C) 2026 The b64img authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include "gstb64imgformats.h"

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
void
gst_b64img_double_row (const guint8 *src, guint8 *dst, gint n)
{
  for (gint x = n - 1; x >= 0; x--)
    dst[x] = src[x / 2];
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
