/* b64img — pixel formats shared by the two elements
 * Copyright (C) 2026 The b64img authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#ifndef __GST_B64IMG_FORMATS_H__
#define __GST_B64IMG_FORMATS_H__

#include <gst/video/video.h>
#include "b64jpeg.h"

G_BEGIN_DECLS

/* Every format jpegenc takes, plus the packed formats with alpha. */
#define GST_B64IMG_VIDEO_FORMATS                                               \
  "{ I420, YV12, YUY2, UYVY, YVYU, Y41B, Y42B, Y444, NV12, NV21, "             \
  "RGB, BGR, RGBx, xRGB, BGRx, xBGR, GRAY8, RGBA, BGRA, ARGB, ABGR }"

/* The encoder also takes 16-bit gray and RGBA: 16-bit PNG, or rounded to
 * 8 bits for JPEG. */
#define GST_B64IMG_ENC_FORMATS                                                 \
  "{ I420, YV12, YUY2, UYVY, YVYU, Y41B, Y42B, Y444, NV12, NV21, "             \
  "RGB, BGR, RGBx, xRGB, BGRx, xBGR, GRAY8, RGBA, BGRA, ARGB, ABGR, "          \
  "GRAY16_LE, GRAY16_BE, RGBA64_LE, RGBA64_BE, ARGB64_LE, ARGB64_BE, "         \
  "BGRA64_LE, BGRA64_BE, ABGR64_LE, ABGR64_BE }"

/* The decoder can also hand out 16-bit PNG samples. */
#define GST_B64IMG_DEC_FORMATS                                                 \
  "{ I420, YV12, YUY2, UYVY, YVYU, Y41B, Y42B, Y444, NV12, NV21, "             \
  "RGB, BGR, RGBx, xRGB, BGRx, xBGR, GRAY8, RGBA, BGRA, ARGB, ABGR, "          \
  "GRAY16_BE, GRAY16_LE, RGBA64_BE, RGBA64_LE }"

gboolean gst_b64img_format_to_pixel (GstVideoFormat format, B64JpegPixel *pf);

/* Planar formats TurboJPEG reads and writes as they are. */
gboolean gst_b64img_format_to_samp (GstVideoFormat format, B64JpegSamp *samp);
GstVideoFormat gst_b64img_samp_to_format (B64JpegSamp samp);

/* The planar layout an interleaved or semi-planar YUV format converts to
 * without losing chroma (NV12 -> I420, YUY2 -> Y42B); UNKNOWN otherwise. */
GstVideoFormat gst_b64img_planar_equivalent (GstVideoFormat format);

/* dst[x] = src[x / 2] for x < @n: 4:1:1 chroma widened to 4:2:2 by
 * repeating each sample, as libjpeg upsamples 4:1:1. Runs right to left,
 * so @dst may be @src. (GstVideoConverter's own Y41B unpack is wrong on
 * arm64 with ORC 0.4.33's NEON code: see docs/design.md.) */
void gst_b64img_double_row (const guint8 *src, guint8 *dst, gint n);

/* Object lock held: whether @pspec may be set now. A property flagged
 * GST_PARAM_MUTABLE_READY only is refused (with a log warning) once the
 * element is, or is going, past READY: what it sets was fixed at start or
 * negotiation. */
gboolean gst_b64img_property_settable (GstElement *element, GParamSpec *pspec);

G_END_DECLS
#endif
