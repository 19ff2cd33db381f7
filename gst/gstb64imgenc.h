/* b64img — raw video to base64 JPEG/PNG text
 * Copyright (C) 2026 The b64img authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#ifndef __GST_B64IMG_ENC_H__
#define __GST_B64IMG_ENC_H__

#include <gst/gst.h>
#include <gst/video/video.h>
#include <gst/video/gstvideoencoder.h>

G_BEGIN_DECLS

#define GST_TYPE_B64IMG_ENC (gst_b64img_enc_get_type ())
G_DECLARE_FINAL_TYPE (
    GstB64ImgEnc, gst_b64img_enc, GST, B64IMG_ENC, GstVideoEncoder)

typedef enum
{
  GST_B64IMG_IMAGE_FORMAT_JPEG,
  GST_B64IMG_IMAGE_FORMAT_PNG,
} GstB64ImgImageFormat;

typedef enum
{
  GST_B64IMG_CHROMA_AUTO,
  GST_B64IMG_CHROMA_420,
  GST_B64IMG_CHROMA_422,
  GST_B64IMG_CHROMA_444,
  GST_B64IMG_CHROMA_GRAY,
} GstB64ImgChroma;

typedef enum
{
  GST_B64IMG_ALPHABET_STANDARD,
  GST_B64IMG_ALPHABET_URL,
} GstB64ImgAlphabet;

typedef enum
{
  GST_B64IMG_ENVELOPE_NONE,
  GST_B64IMG_ENVELOPE_JSON,
} GstB64ImgEnvelope;

GST_ELEMENT_REGISTER_DECLARE (b64imgenc);

G_END_DECLS
#endif
