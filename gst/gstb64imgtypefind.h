/* b64img — typefinder for base64 JPEG/PNG text
 * Copyright (C) 2026 The b64img authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#ifndef __GST_B64IMG_TYPEFIND_H__
#define __GST_B64IMG_TYPEFIND_H__

#include <gst/gst.h>

G_BEGIN_DECLS

GST_TYPE_FIND_REGISTER_DECLARE (b64img);

G_END_DECLS
#endif
