/* b64img — base64 JPEG/PNG text to raw video
 * Copyright (C) 2026 The b64img authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#ifndef __GST_B64IMG_DEC_H__
#define __GST_B64IMG_DEC_H__

#include <gst/gst.h>
#include <gst/video/video.h>
#include <gst/video/gstvideodecoder.h>

G_BEGIN_DECLS

#define GST_TYPE_B64IMG_DEC (gst_b64img_dec_get_type ())
G_DECLARE_FINAL_TYPE (
    GstB64ImgDec, gst_b64img_dec, GST, B64IMG_DEC, GstVideoDecoder)

GST_ELEMENT_REGISTER_DECLARE (b64imgdec);

G_END_DECLS
#endif
