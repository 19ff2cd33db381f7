/* b64img — stress tests of the lifecycles of b64imgenc and b64imgdec, each
 * for threads=1 and threads=2, 3 and 0 (one per core)
 * Copyright (C) 2026 The b64img authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * Flushing BYTES seeks (at line starts and mid-line) while frames are in
 * flight behind a slow downstream, with the exact frames after each seek;
 * FLUSH_START/STOP with frames in flight; PLAYING, PAUSED, READY and NULL
 * in loops and teardown with frames in flight, with the heap bounded over
 * the cycles; many pipelines in threads of one process giving the bytes of
 * a sequential run; downstream's flow returns given back upstream at once.
 * Each frame carries its number drawn as 8 black or white blocks in its
 * top left corner, so that order survives JPEG.
 */

#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include "common/harness.h"
#include "common/numbered.h"

#include <glib/gstdio.h>

#include <malloc.h>
#include <unistd.h>
#include <string.h>

#define W      64
#define H      48
#define LINES  40
#define FPS    30
#define DUR    (GST_SECOND / FPS)
#define WAIT_S 20 /* a test waiting longer than this has hung */

#define fail_unless_equals_int_with_message(a, b, ...)                         \
  fail_unless ((a) == (b), __VA_ARGS__)

static const gint thread_counts[] = { 1, 2, 3, 0 };
#define N_COUNTS G_N_ELEMENTS (thread_counts)

/* ---- numbered pictures --------------------------------------------------- */

static gchar *
make_b64_jpeg (guint n)
{
  return b64t_numbered_b64_jpeg (W, H, n);
}

/* The number in a raw frame of @pad's caps (decoder output), or in a
 * base64 JPEG text (encoder output). */
static guint
buffer_number (GstBuffer *buf, GstPad *pad)
{
  GstCaps *caps = gst_pad_get_current_caps (pad);
  gint w, h;
  guint n;

  if (gst_structure_has_name (gst_caps_get_structure (caps, 0), "video/x-raw"))
    n = b64t_raw_number (buf, caps, &w, &h);
  else
    n = b64t_text_number (buf, &w, &h);
  gst_caps_unref (caps);
  return n;
}

/* ---- what came out, segment by segment ----------------------------------- */

/* The frame numbers a pad saw, a new run after each FLUSH_STOP. */
typedef struct
{
  GMutex lock;
  GPtrArray *runs; /* GArray of guint */
  gboolean eos;
} Runs;

static GArray *
last_run (Runs *r)
{
  return g_ptr_array_index (r->runs, r->runs->len - 1);
}

static GstPadProbeReturn
runs_probe (GstPad *pad, GstPadProbeInfo *info, gpointer user_data)
{
  Runs *r = user_data;

  if (GST_PAD_PROBE_INFO_TYPE (info) & GST_PAD_PROBE_TYPE_BUFFER) {
    guint n = buffer_number (GST_PAD_PROBE_INFO_BUFFER (info), pad);

    g_mutex_lock (&r->lock);
    g_array_append_val (last_run (r), n);
    g_mutex_unlock (&r->lock);
  } else {
    GstEvent *ev = GST_PAD_PROBE_INFO_EVENT (info);

    g_mutex_lock (&r->lock);
    if (GST_EVENT_TYPE (ev) == GST_EVENT_FLUSH_STOP)
      g_ptr_array_add (r->runs, g_array_new (FALSE, FALSE, sizeof (guint)));
    else if (GST_EVENT_TYPE (ev) == GST_EVENT_EOS)
      r->eos = TRUE;
    g_mutex_unlock (&r->lock);
  }
  return GST_PAD_PROBE_OK;
}

static void
runs_attach (Runs *r, GstPad *pad)
{
  g_mutex_init (&r->lock);
  r->runs = g_ptr_array_new_with_free_func ((GDestroyNotify) g_array_unref);
  g_ptr_array_add (r->runs, g_array_new (FALSE, FALSE, sizeof (guint)));
  r->eos = FALSE;
  gst_pad_add_probe (pad,
      GST_PAD_PROBE_TYPE_BUFFER | GST_PAD_PROBE_TYPE_EVENT_DOWNSTREAM
          | GST_PAD_PROBE_TYPE_EVENT_FLUSH,
      runs_probe, r, NULL);
}

static void
runs_clear (Runs *r)
{
  g_ptr_array_unref (r->runs);
  g_mutex_clear (&r->lock);
}

/* Frames in the current run. */
static guint
runs_current (Runs *r)
{
  guint n;

  g_mutex_lock (&r->lock);
  n = last_run (r)->len;
  g_mutex_unlock (&r->lock);
  return n;
}

/* Run @i holds @first, @first + 1, ... up to @last at most, and up to
 * @last exactly when @complete. */
static void
check_run (
    Runs *r, guint i, guint first, guint last, gboolean complete, gint threads)
{
  GArray *run = g_ptr_array_index (r->runs, i);

  for (guint k = 0; k < run->len; k++)
    fail_unless_equals_int_with_message (g_array_index (run, guint, k),
        first + k, "threads=%d run %u frame %u", threads, i, k);
  fail_unless (first + run->len <= last + 1, "threads=%d run %u: %u frames",
      threads, i, run->len);
  if (complete)
    fail_unless_equals_int_with_message (
        run->len, last + 1 - first, "threads=%d: after the last seek", threads);
}

/* ---- pipelines ----------------------------------------------------------- */

static gchar *
write_lines (guint *starts)
{
  GString *all = g_string_new (NULL);
  GError *err = NULL;
  gchar *path;
  gint fd;

  fd = g_file_open_tmp ("b64img-stress-XXXXXX.txt", &path, &err);
  fail_unless (fd >= 0, "%s", err ? err->message : "");
  close (fd);
  for (guint i = 0; i < LINES; i++) {
    gchar *t = make_b64_jpeg (i);

    starts[i] = all->len;
    g_string_append (all, t);
    g_string_append_c (all, '\n');
    g_free (t);
  }
  fail_unless (g_file_set_contents (path, all->str, all->len, NULL));
  g_string_free (all, TRUE);
  return path;
}

/* Waits up to WAIT_S for an ERROR (fails) or, with @eos, for EOS. */
static void
check_bus (GstElement *pipeline, gboolean eos, const gchar *what)
{
  GstBus *bus = gst_element_get_bus (pipeline);
  GstMessageType types = GST_MESSAGE_ERROR | (eos ? GST_MESSAGE_EOS : 0);
  GstMessage *m
      = gst_bus_timed_pop_filtered (bus, eos ? WAIT_S * GST_SECOND : 0, types);

  if (m && GST_MESSAGE_TYPE (m) == GST_MESSAGE_ERROR) {
    GError *err = NULL;
    gchar *dbg = NULL;

    gst_message_parse_error (m, &err, &dbg);
    fail ("%s: error from %s: %s (%s)", what, GST_MESSAGE_SRC_NAME (m),
        err->message, dbg);
  }
  fail_unless (!eos || m, "%s: no EOS within %d s", what, WAIT_S);
  if (m)
    gst_message_unref (m);
  gst_object_unref (bus);
}

static void
set_state_checked (GstElement *pipeline, GstState state)
{
  GstStateChangeReturn ret = gst_element_set_state (pipeline, state);

  fail_unless (ret != GST_STATE_CHANGE_FAILURE, "to %s failed",
      gst_element_state_get_name (state));
  fail_unless (gst_element_get_state (pipeline, NULL, NULL, WAIT_S * GST_SECOND)
                   != GST_STATE_CHANGE_FAILURE,
      "to %s: no state within %d s", gst_element_state_get_name (state),
      WAIT_S);
}

/* Until @r's current run holds @n frames (or WAIT_S passes: a hang). */
static void
wait_frames (Runs *r, guint n)
{
  gint64 end = g_get_monotonic_time () + WAIT_S * G_TIME_SPAN_SECOND;

  while (runs_current (r) < n) {
    fail_unless (g_get_monotonic_time () < end, "no frames flow");
    g_usleep (500);
  }
}

/* ---- flushing BYTES seeks ------------------------------------------------ */

/* Flushing seeks on filesrc while frames are in flight behind a slow
 * downstream: each run after a seek must be the frames from the new
 * position, in order, and the last run all of them up to the end. With
 * @chain the decoded frames are encoded and decoded again, so the encoder
 * sees the same flushes. */
static void
check_seeks (gint threads, gboolean mid_line, gboolean chain)
{
  static const guint targets[] = { 30, 5, 17, 2, 33, 11, 24, 1 };
  guint starts[LINES];
  gchar *path = write_lines (starts);
  gchar *desc = chain ? g_strdup_printf (
                    "filesrc name=src location=%s blocksize=1000 ! "
                    "b64imgdec threads=%d ! b64imgenc threads=%d ! "
                    "b64imgdec threads=%d ! identity sleep-time=700 ! "
                    "fakesink name=sink",
                    path, threads, threads, threads)
                      : g_strdup_printf (
                          "filesrc name=src location=%s blocksize=1000 ! "
                          "b64imgdec threads=%d ! identity sleep-time=700 ! "
                          "fakesink name=sink",
                          path, threads);
  GstElement *pipeline = gst_parse_launch (desc, NULL);
  GstElement *src = gst_bin_get_by_name (GST_BIN (pipeline), "src");
  GstElement *sink = gst_bin_get_by_name (GST_BIN (pipeline), "sink");
  GstPad *pad = gst_element_get_static_pad (sink, "sink");
  guint first[G_N_ELEMENTS (targets) + 1];
  Runs r;

  fail_unless (pipeline != NULL);
  runs_attach (&r, pad);
  set_state_checked (pipeline, GST_STATE_PLAYING);
  first[0] = 0;
  for (guint i = 0; i < G_N_ELEMENTS (targets); i++) {
    guint line = targets[i];
    guint64 offset = starts[line] + (mid_line ? 7 + i * 13 : 0);

    /* frames in flight: a few out, more behind them */
    wait_frames (&r, 2 + i % 3);
    fail_unless (
        gst_element_seek (src, 1.0, GST_FORMAT_BYTES, GST_SEEK_FLAG_FLUSH,
            GST_SEEK_TYPE_SET, offset, GST_SEEK_TYPE_NONE, -1));
    /* mid-line: the rest of that line is a bad frame, dropped */
    first[i + 1] = line + (mid_line ? 1 : 0);
    check_bus (pipeline, FALSE, "seek");
  }
  check_bus (pipeline, TRUE, "last seek");
  g_mutex_lock (&r.lock);
  fail_unless_equals_int (r.runs->len, G_N_ELEMENTS (targets) + 1);
  for (guint i = 0; i < r.runs->len; i++)
    check_run (&r, i, first[i], LINES - 1, i + 1 == r.runs->len, threads);
  fail_unless (r.eos);
  g_mutex_unlock (&r.lock);
  set_state_checked (pipeline, GST_STATE_NULL);

  runs_clear (&r);
  gst_object_unref (pad);
  gst_object_unref (sink);
  gst_object_unref (src);
  gst_object_unref (pipeline);
  g_unlink (path);
  g_free (path);
  g_free (desc);
}

GST_START_TEST (test_seek_line_start)
{
  check_seeks (thread_counts[__i__], FALSE, FALSE);
}

GST_END_TEST;

GST_START_TEST (test_seek_mid_line)
{
  check_seeks (thread_counts[__i__], TRUE, FALSE);
}

GST_END_TEST;

GST_START_TEST (test_seek_through_encoder)
{
  check_seeks (thread_counts[__i__], FALSE, TRUE);
  check_seeks (thread_counts[__i__], TRUE, TRUE);
}

GST_END_TEST;

/* ---- FLUSH_START/STOP with frames in flight ------------------------------ */

/* A harness of @element with @threads, its input caps set. */
static GstHarness *
harness_new (const gchar *element, gint threads)
{
  GstHarness *h = b64t_harness_threads (element, threads);

  if (g_str_equal (element, "b64imgenc"))
    gst_harness_set_src_caps_str (h, "video/x-raw,format=I420,width=64,"
                                     "height=48,framerate=30/1");
  else
    gst_harness_set_src_caps_str (
        h, "image/x-base64,framed=true,framerate=30/1");
  return h;
}

/* Frame @n as input of @element. */
static GstBuffer *
input_frame (const gchar *element, guint n)
{
  gchar *t;
  GstBuffer *buf;

  if (g_str_equal (element, "b64imgenc"))
    return b64t_numbered_frame_at (GST_VIDEO_FORMAT_I420, W, H, n, DUR);
  t = make_b64_jpeg (n);
  buf = gst_buffer_new_wrapped (t, strlen (t));
  GST_BUFFER_PTS (buf) = n * DUR;
  return buf;
}

/* Frames 0-7 in, a flush while they are in flight, frames 100-109 in, EOS:
 * exactly 100-109 come out after the flush. Three times over. */
static void
check_flush (const gchar *element, gint threads)
{
  GstHarness *h = harness_new (element, threads);
  Runs r;

  runs_attach (&r, h->sinkpad);
  for (guint round = 0; round < 3; round++) {
    for (guint i = 0; i < 8; i++)
      fail_unless_equals_int (
          gst_harness_push (h, input_frame (element, i)), GST_FLOW_OK);
    b64t_push_flush (h);
  }
  for (guint i = 100; i < 110; i++)
    fail_unless_equals_int (
        gst_harness_push (h, input_frame (element, i)), GST_FLOW_OK);
  fail_unless (gst_harness_push_event (h, gst_event_new_eos ()));
  g_mutex_lock (&r.lock);
  fail_unless (r.eos);
  fail_unless_equals_int (r.runs->len, 4);
  for (guint i = 0; i < 3; i++)
    check_run (&r, i, 0, 7, FALSE, threads);
  check_run (&r, 3, 100, 109, TRUE, threads);
  g_mutex_unlock (&r.lock);
  gst_harness_teardown (h);
  runs_clear (&r);
}

GST_START_TEST (test_flush_events)
{
  check_flush ("b64imgenc", thread_counts[__i__]);
  check_flush ("b64imgdec", thread_counts[__i__]);
}

GST_END_TEST;

/* ---- state loops, teardown in flight, heap ------------------------------- */

static gsize
heap_in_use (void)
{
  struct mallinfo2 mi = mallinfo2 ();

  return mi.uordblks + mi.hblkhd;
}

static const GstState loop_states[] = {
  GST_STATE_PLAYING, GST_STATE_PAUSED, GST_STATE_PLAYING, GST_STATE_READY,
  GST_STATE_PLAYING, GST_STATE_PAUSED, GST_STATE_NULL, GST_STATE_PLAYING,
  GST_STATE_NULL, /* straight from PLAYING, frames in flight */
};

/* A live-like source through both elements; every state of loop_states in
 * turn, frames flowing between them, @cycles times. The heap in use after
 * the last cycle may exceed that after the second by 2 MiB at most: what
 * a cycle leaks adds up. (Under ASan mallinfo2 reports nothing; its leak
 * checker covers that case.) */
static void
check_state_loops (gint threads, guint cycles)
{
  gchar *desc = g_strdup_printf (
      "videotestsrc pattern=ball ! video/x-raw,format=I420,width=%d,height=%d,"
      "framerate=%d/1 ! b64imgenc threads=%d ! b64imgdec threads=%d ! "
      "fakesink name=sink sync=false",
      W, H, FPS, threads, threads);
  GstElement *pipeline = gst_parse_launch (desc, NULL);
  GstElement *sink = gst_bin_get_by_name (GST_BIN (pipeline), "sink");
  GstPad *pad = gst_element_get_static_pad (sink, "sink");
  gsize base = 0;
  Runs r;

  fail_unless (pipeline != NULL);
  runs_attach (&r, pad);
  for (guint c = 0; c < cycles; c++) {
    for (guint s = 0; s < G_N_ELEMENTS (loop_states); s++) {
      guint before = runs_current (&r);

      set_state_checked (pipeline, loop_states[s]);
      if (loop_states[s] == GST_STATE_PLAYING)
        wait_frames (&r, before + 3);
      check_bus (pipeline, FALSE, "state loop");
    }
    g_mutex_lock (&r.lock);
    g_array_set_size (last_run (&r), 0);
    g_mutex_unlock (&r.lock);
    if (c == 1)
      base = heap_in_use ();
  }
  fail_unless (heap_in_use () <= base + 2 * 1024 * 1024,
      "threads=%d: heap %" G_GSIZE_FORMAT " after %u cycles, %" G_GSIZE_FORMAT
      " after 2",
      threads, heap_in_use (), cycles, base);
  runs_clear (&r);
  gst_object_unref (pad);
  gst_object_unref (sink);
  gst_object_unref (pipeline);
  g_free (desc);
}

GST_START_TEST (test_state_loops)
{
  check_state_loops (thread_counts[__i__], 12);
}

GST_END_TEST;

/* ---- many pipelines in threads of one process ---------------------------- */

typedef struct
{
  gint threads;
  guint pattern;
  gchar *enc_sum; /* of the texts, in order */
  gchar *dec_sum; /* of the decoded frames */
} Job;

static GstPadProbeReturn
sum_probe (G_GNUC_UNUSED GstPad *pad, GstPadProbeInfo *info, gpointer user_data)
{
  GstMapInfo map;

  if (gst_buffer_map (GST_PAD_PROBE_INFO_BUFFER (info), &map, GST_MAP_READ)) {
    g_checksum_update (user_data, map.data, map.size);
    gst_buffer_unmap (GST_PAD_PROBE_INFO_BUFFER (info), &map);
  }
  return GST_PAD_PROBE_OK;
}

static GChecksum *
sum_pad (GstElement *pipeline, const gchar *name, const gchar *pad_name)
{
  GstElement *e = gst_bin_get_by_name (GST_BIN (pipeline), name);
  GstPad *pad = gst_element_get_static_pad (e, pad_name);
  GChecksum *sum = g_checksum_new (G_CHECKSUM_SHA256);

  gst_pad_add_probe (pad, GST_PAD_PROBE_TYPE_BUFFER, sum_probe, sum, NULL);
  gst_object_unref (pad);
  gst_object_unref (e);
  return sum;
}

static gpointer
run_job (gpointer data)
{
  Job *job = data;
  gchar *desc = g_strdup_printf (
      "videotestsrc num-buffers=24 pattern=%u ! video/x-raw,format=I420,"
      "width=160,height=120,framerate=30/1 ! b64imgenc name=enc threads=%d ! "
      "b64imgdec threads=%d ! fakesink name=sink",
      job->pattern, job->threads, job->threads);
  GstElement *pipeline = gst_parse_launch (desc, NULL);
  GChecksum *enc = sum_pad (pipeline, "enc", "src");
  GChecksum *dec = sum_pad (pipeline, "sink", "sink");

  set_state_checked (pipeline, GST_STATE_PLAYING);
  check_bus (pipeline, TRUE, "parallel pipelines");
  set_state_checked (pipeline, GST_STATE_NULL);
  gst_object_unref (pipeline);
  job->enc_sum = g_strdup (g_checksum_get_string (enc));
  job->dec_sum = g_strdup (g_checksum_get_string (dec));
  g_checksum_free (enc);
  g_checksum_free (dec);
  g_free (desc);
  return NULL;
}

/* Four pipelines at once, each of another pattern, give the bytes of the
 * same pipelines run one after the other with threads=1. */
GST_START_TEST (test_parallel_pipelines)
{
  enum
  {
    N_PIPES = 4
  };
  static const guint patterns[N_PIPES] = { 0, 1, 18, 24 };
  Job ref[N_PIPES], par[N_PIPES];
  GThread *t[N_PIPES];

  for (guint i = 0; i < N_PIPES; i++) {
    ref[i] = (Job){ 1, patterns[i], NULL, NULL };
    run_job (&ref[i]);
    par[i] = (Job){ thread_counts[__i__], patterns[i], NULL, NULL };
  }
  for (guint i = 0; i < N_PIPES; i++)
    t[i] = g_thread_new ("pipeline", run_job, &par[i]);
  for (guint i = 0; i < N_PIPES; i++) {
    g_thread_join (t[i]);
    fail_unless_equals_string (par[i].enc_sum, ref[i].enc_sum);
    fail_unless_equals_string (par[i].dec_sum, ref[i].dec_sum);
    g_free (par[i].enc_sum);
    g_free (par[i].dec_sum);
    g_free (ref[i].enc_sum);
    g_free (ref[i].dec_sum);
  }
}

GST_END_TEST;

/* ---- downstream's flow returns ------------------------------------------- */

typedef struct
{
  GMutex lock;
  GCond cond;
  GstFlowReturn flow; /* what downstream returns */
  guint seen;         /* buffers downstream was offered */
} Downstream;

static GstPadProbeReturn
flow_probe (
    G_GNUC_UNUSED GstPad *pad, GstPadProbeInfo *info, gpointer user_data)
{
  Downstream *d = user_data;
  GstPadProbeReturn ret = GST_PAD_PROBE_OK;

  g_mutex_lock (&d->lock);
  d->seen++;
  if (d->flow != GST_FLOW_OK) {
    gst_buffer_unref (GST_PAD_PROBE_INFO_BUFFER (info));
    GST_PAD_PROBE_INFO_DATA (info) = NULL;
    GST_PAD_PROBE_INFO_FLOW_RETURN (info) = d->flow;
    ret = GST_PAD_PROBE_HANDLED;
  }
  g_cond_broadcast (&d->cond);
  g_mutex_unlock (&d->lock);
  return ret;
}

/* Downstream was offered @n buffers (within WAIT_S). */
static void
wait_seen (Downstream *d, guint n)
{
  gint64 end = g_get_monotonic_time () + WAIT_S * G_TIME_SPAN_SECOND;

  g_mutex_lock (&d->lock);
  while (d->seen < n)
    fail_unless (g_cond_wait_until (&d->cond, &d->lock, end) || d->seen >= n,
        "downstream offered %u of %u buffers", d->seen, n);
  g_mutex_unlock (&d->lock);
}

/* A few frames go out; then downstream answers @flow: the push whose frame
 * met it returns it (threads=1, or threads=N when the frame ran inline),
 * else the first push after downstream was offered that frame; and the
 * element takes frames again once downstream does. */
static void
check_flow (const gchar *element, gint threads, GstFlowReturn flow)
{
  GstHarness *h = harness_new (element, threads);
  GstPad *src = gst_element_get_static_pad (h->element, "src");
  Downstream d = { .flow = GST_FLOW_OK };
  GstFlowReturn ret;
  guint n = 0;

  g_mutex_init (&d.lock);
  g_cond_init (&d.cond);
  gst_pad_add_probe (src, GST_PAD_PROBE_TYPE_BUFFER, flow_probe, &d, NULL);
  for (; n < 4; n++)
    fail_unless_equals_int (
        gst_harness_push (h, input_frame (element, n)), GST_FLOW_OK);
  wait_seen (&d, 4);
  g_mutex_lock (&d.lock);
  d.flow = flow;
  g_mutex_unlock (&d.lock);

  ret = gst_harness_push (h, input_frame (element, n++));
  if (threads != 1 && !(threads == 0 && g_get_num_processors () == 1)
      && ret == GST_FLOW_OK) {
    wait_seen (&d, n);
    ret = gst_harness_push (h, input_frame (element, n++));
  }
  fail_unless_equals_int_with_message (ret, flow, "%s threads=%d: %s, not %s",
      element, threads, gst_flow_get_name (ret), gst_flow_get_name (flow));

  /* downstream takes frames again: so do we */
  g_mutex_lock (&d.lock);
  d.flow = GST_FLOW_OK;
  g_mutex_unlock (&d.lock);
  for (guint i = 0; i < 6; i++) {
    ret = gst_harness_push (h, input_frame (element, n++));
    fail_unless (ret == GST_FLOW_OK || (i == 0 && ret == flow),
        "%s threads=%d: %s after downstream recovered", element, threads,
        gst_flow_get_name (ret));
  }
  gst_object_unref (src);
  gst_harness_teardown (h);
  g_mutex_clear (&d.lock);
  g_cond_clear (&d.cond);
}

GST_START_TEST (test_flow_returns)
{
  static const GstFlowReturn flows[] = { GST_FLOW_NOT_LINKED, GST_FLOW_FLUSHING,
    GST_FLOW_ERROR, GST_FLOW_EOS, GST_FLOW_NOT_NEGOTIATED };

  for (guint i = 0; i < G_N_ELEMENTS (flows); i++) {
    check_flow ("b64imgenc", thread_counts[__i__], flows[i]);
    check_flow ("b64imgdec", thread_counts[__i__], flows[i]);
  }
}

GST_END_TEST;

static Suite *
stress_lifecycle_suite (void)
{
  Suite *s = suite_create ("stress_lifecycle");
  TCase *tc = b64t_add_tcase (s, "lifecycle", 0);

  tcase_add_loop_test (tc, test_seek_line_start, 0, N_COUNTS);
  tcase_add_loop_test (tc, test_seek_mid_line, 0, N_COUNTS);
  tcase_add_loop_test (tc, test_seek_through_encoder, 0, N_COUNTS);
  tcase_add_loop_test (tc, test_flush_events, 0, N_COUNTS);
  tcase_add_loop_test (tc, test_state_loops, 0, N_COUNTS);
  tcase_add_loop_test (tc, test_parallel_pipelines, 0, N_COUNTS);
  tcase_add_loop_test (tc, test_flow_returns, 0, N_COUNTS);
  return s;
}

GST_CHECK_MAIN (stress_lifecycle);
