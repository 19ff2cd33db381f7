/* b64img — fuzz target: b64imgdec from text, in a GstHarness. Bad input
 * ends in a dropped frame (a warning), never a crash, a CRITICAL or a
 * buffer smaller than its caps say.
 * Copyright (C) 2026 The b64img authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * Input: byte 0 = framed caps (bit 0; then each NUL-separated part is a
 * buffer, else the text goes in pieces), idct-method (bits 1-2),
 * max-frame-bytes=1000 (bit 3), max-pixels=4096 (bit 4), threads=2
 * (bit 5), a non-live source (bit 6); byte 1 = format downstream asks for
 * (0 = any); byte 2 = piece size / 16 - 1; the rest is the text.
 */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include "fuzz_gst.h"

#include <stdint.h>
#include <string.h>

#define HEADER 3

int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

static GstHarness *
make_harness (guint8 opts, guint8 format)
{
  static const gchar *const idct[] = { "islow", "ifast", "float", "islow" };
  gchar *desc = g_strdup_printf ("b64imgdec max-errors=-1 idct-method=%s%s%s"
                                 " threads=%d",
      idct[(opts >> 1) & 3], opts & 8 ? " max-frame-bytes=1000" : "",
      opts & 16 ? " max-pixels=4096" : "", opts & 32 ? 2 : 1);
  GstHarness *h = fuzz_harness_new (desc,
      opts & 1 ? "image/x-base64, framed=(boolean)true" : "image/x-base64",
      TRUE);

  gst_harness_set_live (h, !(opts & 64));
  g_free (desc);
  if (format) {
    gchar *caps = g_strdup_printf ("video/x-raw, format=%s",
        fuzz_template_format ("b64imgdec", "src", format - 1));
    gst_harness_set_sink_caps_str (h, caps);
    g_free (caps);
  }
  return h;
}

static GstFlowReturn
push_copy (GstHarness *h, const guint8 *p, gsize n)
{
  return gst_harness_push (h, gst_buffer_new_memdup (p, n));
}

int
LLVMFuzzerTestOneInput (const uint8_t *data, size_t size)
{
  if (size < HEADER)
    return 0;

  GstHarness *h = make_harness (data[0], data[1]);
  gsize piece = ((gsize) data[2] + 1) * 16;
  const guint8 *p = data + HEADER, *end = data + size;
  GstFlowReturn ret = GST_FLOW_OK;

  while (p < end && ret == GST_FLOW_OK) {
    gsize n;

    if (data[0] & 1) {
      const guint8 *nul = memchr (p, 0, end - p);
      n = (nul ? nul : end) - p;
      if (n)
        ret = push_copy (h, p, n);
      n += nul != NULL;
    } else {
      n = MIN (piece, (gsize) (end - p));
      ret = push_copy (h, p, n);
    }
    p += n;
    fuzz_harness_drain (h);
  }
  if (ret == GST_FLOW_OK)
    gst_harness_push_event (h, gst_event_new_eos ());
  fuzz_harness_drain (h);
  fuzz_harness_teardown (h);
  return 0;
}
