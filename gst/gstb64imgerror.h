/* b64img — how the two elements report a failure of a GStreamer-free module
 * Copyright (C) 2026 The b64img authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * Every module says why it failed in a B64Error (b64error.h). An element
 * keeps that B64Error (copied with gst_b64img_error_take (), as a decoder
 * job carries it from a worker to the in-order finishing) and words its
 * bus message with gst_b64img_error_text () alone: "<what the element
 * did>: <the module's message>", so "Dropped a bad frame: PNG decode: CRC
 * mismatch" and "Could not encode the image: ..." read the same way
 * whichever module refused. Failures the element finds itself (max-pixels,
 * an unmappable buffer) are B64Errors too, code GST_B64IMG_ERR_ELEMENT.
 */
#ifndef __GST_B64IMG_ERROR_H__
#define __GST_B64IMG_ERROR_H__

#include <glib.h>
#include "b64error.h"

G_BEGIN_DECLS

/* B64Error.code of a failure an element finds itself, not a module. */
#define GST_B64IMG_ERR_ELEMENT (-1)

/* Copies @src, a module's B64Error (NULL: the module has none; it may be
 * @dst itself), into @dst; @fallback is the message when @src holds
 * none. */
static inline void
gst_b64img_error_take (
    B64Error *dst, const B64Error *src, const gchar *fallback)
{
  if (src && src->code && src->message[0]) {
    if (dst != src)
      *dst = *src;
  } else {
    b64_error_set (dst, src && src->code ? src->code : GST_B64IMG_ERR_ELEMENT,
        "%s", fallback);
  }
}

/* The text of the bus message reporting @err: "@what: <message>" ("@what:
 * unknown error" when @err holds none). Free with g_free (). */
static inline gchar *
gst_b64img_error_text (const gchar *what, const B64Error *err)
{
  return g_strdup_printf (
      "%s: %s", what, b64_error_message (err, "unknown error"));
}

G_END_DECLS
#endif /* __GST_B64IMG_ERROR_H__ */
