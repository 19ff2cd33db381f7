/* b64img — what the GStreamer fuzz targets share
 * Copyright (C) 2026 The b64img authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include "fuzz_gst.h"
#include "testutil.h"

#include <gst/video/video.h>

#include <stdlib.h>
#include <string.h>

GST_PLUGIN_STATIC_DECLARE (b64img);

void
fuzz_gst_init (void)
{
  static gboolean done;

  if (done)
    return;
  done = TRUE;
  /* Nothing from disk: the plugin is linked in, and a registry scan would
   * only cost start-up time and one-time allocations. */
  g_setenv ("GST_REGISTRY_DISABLE", "yes", TRUE);
  g_setenv ("GST_PLUGIN_SYSTEM_PATH_1_0", "", TRUE);
  g_setenv ("GST_PLUGIN_PATH_1_0", "", TRUE);
  g_log_set_always_fatal (
      G_LOG_LEVEL_ERROR | G_LOG_LEVEL_CRITICAL | G_LOG_LEVEL_WARNING);
  gst_init (NULL, NULL);
  GST_PLUGIN_STATIC_REGISTER (b64img);
}

int
LLVMFuzzerInitialize (int *argc, char ***argv)
{
  (void) argc;
  (void) argv;
  fuzz_gst_init ();
  return 0;
}

const gchar *
fuzz_template_format (const gchar *factory, const gchar *pad, guint i)
{
  GstElementFactory *f = gst_element_factory_find (factory);
  const GList *l;
  const gchar *name = NULL;

  FUZZ_CHECK (f != NULL);
  for (l = gst_element_factory_get_static_pad_templates (f); l; l = l->next) {
    GstStaticPadTemplate *t = l->data;

    if (strcmp (t->name_template, pad) == 0) {
      /* static caps are parsed once and kept by GStreamer */
      GstCaps *caps = gst_static_caps_get (&t->static_caps);
      const GValue *list = gst_structure_get_value (
          gst_caps_get_structure (caps, 0), "format");

      FUZZ_CHECK (list && GST_VALUE_HOLDS_LIST (list));
      name = g_value_get_string (
          gst_value_list_get_value (list, i % gst_value_list_get_size (list)));
      gst_caps_unref (caps);
    }
  }
  gst_object_unref (f);
  FUZZ_CHECK (name != NULL);
  return name;
}

/* The sink pad's current caps are those of the buffer being chained. */
static GstPadProbeReturn
check_raw_buffer (GstPad *pad, GstPadProbeInfo *info, gpointer user_data)
{
  GstBuffer *buf = GST_PAD_PROBE_INFO_BUFFER (info);
  GstCaps *caps = gst_pad_get_current_caps (pad);
  GstVideoInfo vinfo;
  GstMapInfo map;

  (void) user_data;
  FUZZ_CHECK (caps != NULL);
  FUZZ_CHECK (gst_video_info_from_caps (&vinfo, caps));
  FUZZ_CHECK (gst_buffer_map (buf, &map, GST_MAP_READ));
  FUZZ_CHECK (map.size >= GST_VIDEO_INFO_SIZE (&vinfo));
  /* a read of every byte, for ASan to see */
  volatile guint sum = 0;
  for (gsize i = 0; i < map.size; i++)
    sum += map.data[i];
  (void) sum;
  gst_buffer_unmap (buf, &map);
  gst_caps_unref (caps);
  return GST_PAD_PROBE_OK;
}

GstHarness *
fuzz_harness_new (const gchar *desc, const gchar *caps, gboolean raw_out)
{
  GstHarness *h;

  h = gst_harness_new_parse (desc);
  FUZZ_CHECK (h != NULL);
  if (raw_out)
    gst_pad_add_probe (
        h->sinkpad, GST_PAD_PROBE_TYPE_BUFFER, check_raw_buffer, NULL, NULL);
  gst_harness_set_src_caps_str (h, caps);
  return h;
}

void
fuzz_harness_teardown (GstHarness *h)
{
  gst_harness_teardown (h);
  /* the elements join their threads: none outlives the state change to
   * NULL (and none can hold memory LeakSanitizer would miss) */
  FUZZ_CHECK (b64t_threads_named ("b64img-") <= 0);
}

guint
fuzz_harness_drain (GstHarness *h)
{
  GstBuffer *buf;
  guint n = 0;

  while ((buf = gst_harness_try_pull (h)) != NULL) {
    gst_buffer_unref (buf);
    n++;
  }
  return n;
}
