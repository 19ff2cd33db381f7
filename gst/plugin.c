/* b64img — images as base64 text: plugin registration
 * Copyright (C) 2026 The b64img authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <gst/gst.h>

#include "gstb64imgenc.h"
#include "gstb64imgdec.h"
#include "gstb64imgtypefind.h"

static gboolean
plugin_init (GstPlugin *plugin)
{
  gboolean ok = FALSE;

  ok |= GST_ELEMENT_REGISTER (b64imgenc, plugin);
  ok |= GST_ELEMENT_REGISTER (b64imgdec, plugin);
  ok |= GST_TYPE_FIND_REGISTER (b64img, plugin);
  return ok;
}

GST_PLUGIN_DEFINE (GST_VERSION_MAJOR, GST_VERSION_MINOR, b64img,
    "Images as base64 text: raw video to and from base64 JPEG or PNG",
    plugin_init, VERSION, GST_LICENSE, GST_PACKAGE_NAME, GST_PACKAGE_ORIGIN)
