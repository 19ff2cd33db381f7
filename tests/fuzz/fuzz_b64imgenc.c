/* b64img — fuzz target: b64imgenc over random formats, sizes, properties
 * and pixels, its text decoded again by b64imgdec: every frame pushed
 * comes out as a picture of the same size.
 * Copyright (C) 2026 The b64img authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * Input: byte 0 = raw format, bytes 1-2 = width - 1, height - 1 (mod 64);
 * byte 3 = image-format=png (bit 0), data-uri (bit 1), alphabet=url (bit 2),
 * padding=false (bit 3), newline=false (bit 4), threads=2 (bit 5), two
 * frames (bit 6), a non-live source (bit 7); byte 4 = quality - 1
 * (mod 100); byte 5 = chroma (mod 5); byte 6 = png-compression-level
 * (mod 10); the rest is pixel data, repeated to fill the frames.
 */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include "fuzz_gst.h"

#include <gst/video/video.h>

#include <stdint.h>

#define HEADER 7

int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

static GstHarness *
make_harness (const uint8_t *d, GstVideoInfo *info)
{
  static const gchar *const chroma[] = { "auto", "420", "422", "444", "gray" };
  guint8 o = d[3];
  gchar *desc = g_strdup_printf ("b64imgenc image-format=%s data-uri=%d "
                                 "alphabet=%s padding=%d newline=%d "
                                 "threads=%d quality=%d chroma=%s "
                                 "png-compression-level=%d "
                                 "! b64imgdec max-errors=0",
      o & 1 ? "png" : "jpeg", !!(o & 2), o & 4 ? "url" : "standard", !(o & 8),
      !(o & 16), o & 32 ? 2 : 1, d[4] % 100 + 1, chroma[d[5] % 5], d[6] % 10);
  GstCaps *caps;
  gchar *str;
  GstHarness *h;

  gst_video_info_set_format (info,
      gst_video_format_from_string (
          fuzz_template_format ("b64imgenc", "sink", d[0])),
      d[1] % 64 + 1, d[2] % 64 + 1);
  info->fps_n = 30;
  info->fps_d = 1;
  caps = gst_video_info_to_caps (info);
  str = gst_caps_to_string (caps);
  h = fuzz_harness_new (desc, str, TRUE);
  gst_harness_set_live (h, !(o & 128));
  gst_caps_unref (caps);
  g_free (str);
  g_free (desc);
  return h;
}

int
LLVMFuzzerTestOneInput (const uint8_t *data, size_t size)
{
  if (size < HEADER + 1)
    return 0;

  GstVideoInfo info;
  GstHarness *h = make_harness (data, &info);
  guint frames = data[3] & 64 ? 2 : 1;
  const uint8_t *pix = data + HEADER;
  gsize n_pix = size - HEADER;
  gboolean all_ok = TRUE;

  for (guint f = 0; f < frames; f++) {
    GstBuffer *buf = gst_buffer_new_allocate (NULL, info.size, NULL);
    GstMapInfo map;

    gst_buffer_map (buf, &map, GST_MAP_WRITE);
    for (gsize i = 0; i < map.size; i++)
      map.data[i] = pix[(i + f) % n_pix];
    gst_buffer_unmap (buf, &map);
    GST_BUFFER_PTS (buf) = f * GST_SECOND / 30;
    GST_BUFFER_DURATION (buf) = GST_SECOND / 30;
    all_ok &= gst_harness_push (h, buf) == GST_FLOW_OK;
  }
  all_ok &= gst_harness_push_event (h, gst_event_new_eos ());

  guint out = fuzz_harness_drain (h);
  if (all_ok) {
    GstCaps *caps = gst_pad_get_current_caps (h->sinkpad);
    GstVideoInfo got;

    FUZZ_CHECK (out == frames);
    FUZZ_CHECK (caps && gst_video_info_from_caps (&got, caps));
    FUZZ_CHECK (got.width == info.width && got.height == info.height);
    gst_caps_unref (caps);
  }
  fuzz_harness_teardown (h);
  return 0;
}
