/* b64img — soak: b64imgenc ! b64imgdec for a long time, watching the RSS.
 * Copyright (C) 2026 The b64img authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * Usage: soak PAYLOAD W H MAX_FRAMES MAX_SECONDS BOUND_MIB [THREADS]
 *
 * Runs videotestsrc pattern=ball (a moving picture, so every frame's text
 * differs) ! I420 WxH ! b64imgenc image-format=PAYLOAD threads=THREADS
 * ! b64imgdec threads=THREADS ! fakesink until MAX_FRAMES frames or
 * MAX_SECONDS seconds, whichever comes first, and samples VmRSS every
 * second. The baseline is the RSS once 2000 frames or 60 s are through
 * (buffer pools, codec state and the text pool are then at their size);
 * growth is the highest RSS after it minus it. Prints one Markdown row:
 * | payload | threads | frames | s | fps | RSS base | end | max | growth
 * | second half's growth per 100k frames | bound | verdict |
 * and exits 1 when the growth passes BOUND_MIB.
 */
#include <gst/gst.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define BASE_FRAMES 2000
#define BASE_SECS   60

typedef struct
{
  guint64 frames;
  long rss; /* KiB */
} Sample;

static long
rss_kib (void)
{
  FILE *f = fopen ("/proc/self/status", "r");
  char line[256];
  long v = -1;

  if (!f)
    return -1;
  while (fgets (line, sizeof line, f))
    if (strncmp (line, "VmRSS:", 6) == 0)
      v = atol (line + 6);
  fclose (f);
  return v;
}

static guint64 frames; /* at the sink, counted on the streaming thread */

static GstPadProbeReturn
count_frame (GstPad *pad, GstPadProbeInfo *info, gpointer user_data)
{
  (void) pad;
  (void) info;
  (void) user_data;
  __atomic_add_fetch (&frames, 1, __ATOMIC_RELAXED);
  return GST_PAD_PROBE_OK;
}

static guint timer; /* 0 once it fired */

static gboolean
send_eos (gpointer pipeline)
{
  timer = 0;
  gst_element_send_event (GST_ELEMENT (pipeline), gst_event_new_eos ());
  return G_SOURCE_REMOVE;
}

static Sample
take_sample (void)
{
  Sample v = { __atomic_load_n (&frames, __ATOMIC_RELAXED), rss_kib () };
  return v;
}

int
main (int argc, char **argv)
{
  gst_init (&argc, &argv);
  if (argc != 7 && argc != 8) {
    fprintf (stderr,
        "usage: %s PAYLOAD W H MAX_FRAMES MAX_SECONDS BOUND_MIB [THREADS]\n",
        argv[0]);
    return 2;
  }
  const char *payload = argv[1];
  int w = atoi (argv[2]), h = atoi (argv[3]);
  long max_frames = atol (argv[4]), max_secs = atol (argv[5]);
  double bound_mib = atof (argv[6]);
  int threads = argc == 8 ? atoi (argv[7]) : 1;
  GArray *samples = g_array_new (FALSE, FALSE, sizeof (Sample));
  GError *err = NULL;
  gchar *desc = g_strdup_printf (
      "videotestsrc pattern=ball num-buffers=%ld ! "
      "video/x-raw,format=I420,width=%d,height=%d,framerate=30/1 ! "
      "b64imgenc image-format=%s threads=%d ! b64imgdec threads=%d ! "
      "fakesink name=sink sync=false",
      max_frames, w, h, payload, threads, threads);
  GstElement *pipe = gst_parse_launch (desc, &err);

  if (!pipe) {
    fprintf (stderr, "soak: %s\n", err->message);
    return 2;
  }
  GstElement *sink = gst_bin_get_by_name (GST_BIN (pipe), "sink");
  GstPad *pad = gst_element_get_static_pad (sink, "sink");
  gst_pad_add_probe (pad, GST_PAD_PROBE_TYPE_BUFFER, count_frame, NULL, NULL);
  gst_object_unref (pad);
  gst_object_unref (sink);

  gint64 t0 = g_get_monotonic_time ();
  gst_element_set_state (pipe, GST_STATE_PLAYING);
  timer = g_timeout_add_seconds ((guint) max_secs, send_eos, pipe);
  GstBus *bus = gst_element_get_bus (pipe);
  gboolean failed = FALSE;
  gint64 next = t0 + G_USEC_PER_SEC;
  guint base_i = 0;
  for (;;) {
    if (g_get_monotonic_time () >= next) {
      Sample v = take_sample ();
      g_array_append_val (samples, v);
      if (!base_i
          && (v.frames >= BASE_FRAMES
              || next - t0 >= BASE_SECS * G_USEC_PER_SEC))
        base_i = samples->len - 1;
      next += G_USEC_PER_SEC;
    }
    /* the timer needs the default main context to run */
    while (g_main_context_iteration (NULL, FALSE))
      ;
    GstMessage *m = gst_bus_timed_pop_filtered (
        bus, 100 * GST_MSECOND, GST_MESSAGE_EOS | GST_MESSAGE_ERROR);
    if (!m)
      continue;
    failed = GST_MESSAGE_TYPE (m) == GST_MESSAGE_ERROR;
    if (failed) {
      GError *e = NULL;
      gst_message_parse_error (m, &e, NULL);
      fprintf (stderr, "soak: error: %s\n", e->message);
      g_error_free (e);
    }
    gst_message_unref (m);
    break;
  }
  double secs = (g_get_monotonic_time () - t0) / 1e6;
  /* the last sample with the pipeline still up */
  Sample last = take_sample ();
  g_array_append_val (samples, last);
  if (timer)
    g_source_remove (timer);
  gst_element_set_state (pipe, GST_STATE_NULL);
  gst_object_unref (bus);
  gst_object_unref (pipe);
  g_free (desc);

  guint n = samples->len;
  const Sample *v = (const Sample *) samples->data;
  if (failed || !base_i || n < base_i + 3) {
    fprintf (stderr, "soak: %s: too short (%" G_GUINT64_FORMAT " frames)\n",
        payload, last.frames);
    return 2;
  }
  long base = v[base_i].rss, max = base;
  for (guint i = base_i; i < n; i++)
    max = MAX (max, v[i].rss);
  double growth = (max - base) / 1024.0;
  const Sample *mid = &v[base_i + (n - base_i) / 2];
  double per100k = last.frames > mid->frames
                       ? (last.rss - mid->rss) / 1024.0 * 100000.0
                             / (double) (last.frames - mid->frames)
                       : 0.0;
  gboolean ok = growth <= bound_mib;

  printf ("| %s | %d | %" G_GUINT64_FORMAT " | %.0f | %.0f | %.1f | %.1f "
          "| %.1f | %+.2f | %+.3f | %.0f | %s |\n",
      payload, threads, last.frames, secs, last.frames / secs, base / 1024.0,
      last.rss / 1024.0, max / 1024.0, growth, per100k, bound_mib,
      ok ? "ok" : "OVER");
  g_array_free (samples, TRUE);
  return ok ? 0 : 1;
}
