/* b64img — typefinder for base64 JPEG/PNG text
 * Copyright (C) 2026 The b64img authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

/* Suggests image/x-base64 for text that is base64 of a JPEG or PNG (one
 * image per line or wrapped, data URIs, either alphabet, JSON lines), so
 * that decodebin, playbin and gst-discoverer plug b64imgdec after filesrc.
 * The decision is b64_sniff()'s (b64sniff.c, no GStreamer). */

#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include "gstb64imgtypefind.h"
#include "b64sniff.h"

GST_DEBUG_CATEGORY_STATIC (b64img_typefind_debug);
#define GST_CAT_DEFAULT b64img_typefind_debug

/* Enough for the signature and a few lines of any width. */
#define WINDOW 4096

static GstStaticCaps b64img_caps = GST_STATIC_CAPS ("image/x-base64");

static const gchar *
peek_window (GstTypeFind *tf, guint *size)
{
  guint64 length = gst_type_find_get_length (tf);
  const guint8 *data;

  if (length > 0 && length < WINDOW) {
    *size = (guint) length;
    return (const gchar *) gst_type_find_peek (tf, 0, *size);
  }
  /* unknown length (a pipe, a socket): take what there is */
  for (*size = WINDOW; *size >= B64_SNIFF_MIN_CHARS; *size /= 2) {
    if ((data = gst_type_find_peek (tf, 0, *size)))
      return (const gchar *) data;
  }
  return NULL;
}

static void
b64img_type_find (GstTypeFind *tf, G_GNUC_UNUSED gpointer user_data)
{
  static const gchar *const images[] = { NULL, "image/jpeg", "image/png" };
  static const gchar *const forms[] = { "bare", "data URI", "JSON" };
  const gchar *data;
  guint size = 0;
  B64Sniff sniff;
  GstCaps *caps;
  static gsize debug_init = 0;

  if (g_once_init_enter (&debug_init)) {
    GST_DEBUG_CATEGORY_INIT (
        b64img_typefind_debug, "b64imgtypefind", 0, "base64 image typefinder");
    g_once_init_leave (&debug_init, 1);
  }
  data = peek_window (tf, &size);
  if (!data || !b64_sniff (data, size, &sniff))
    return;
  GST_DEBUG ("base64 %s (%s), %" G_GSIZE_FORMAT " characters checked",
      images[sniff.image], forms[sniff.form], sniff.checked);
  /* The signature decoded and every byte around it checked: certain.
   * Anything less would lose to text/plain, which suggests up to 95. */
  caps = gst_caps_make_writable (gst_static_caps_get (&b64img_caps));
  gst_caps_set_simple (
      caps, "payload", G_TYPE_STRING, images[sniff.image], NULL);
  gst_type_find_suggest (tf, GST_TYPE_FIND_MAXIMUM, caps);
  gst_caps_unref (caps);
}

/* PRIMARY: run before the text typefinders (MARGINAL), whose guesses a
 * MAXIMUM here ends. */
GST_TYPE_FIND_REGISTER_DEFINE (b64img, "image/x-base64", GST_RANK_PRIMARY,
    b64img_type_find, "b64", gst_static_caps_get (&b64img_caps), NULL, NULL);
