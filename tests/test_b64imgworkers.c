/* b64img — unit tests of the frames-in-parallel bookkeeping
 * (gst/gstb64imgworkers.c) without an element's codec: jobs that only
 * sleep and record their number.
 * Copyright (C) 2026 The b64img authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * Frames finish in the order they were submitted whatever order their
 * work ends in; a drain finishes all; a live stream has one frame in
 * flight less than a non-live one; and when free () returns, every
 * thread that worked is gone, its thread-local data released (what
 * LeakSanitizer checks right after an element stops).
 */

#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include "gstb64imgworkers.h"

#include <gst/check/gstcheck.h>

#include <string.h>

typedef struct
{
  guint number;
} Job;

typedef struct
{
  GMutex lock;
  GArray *finished; /* numbers, in finishing order */
  guint in_flight;  /* acquired, not finished */
  guint max_in_flight;
  GHashTable *worked_on; /* the threads that ran work () */
} Record;

static gint threads_ended; /* thread-local data released */

static void
note_thread_end (gpointer data)
{
  (void) data;
  g_atomic_int_inc (&threads_ended);
}

static GPrivate thread_mark = G_PRIVATE_INIT (note_thread_end);

/* Sleeps up to 1.2 ms, so that later frames often end their work first. */
static void
work (gpointer job, gpointer user_data)
{
  Record *r = user_data;
  guint n = ((Job *) job)->number;

  g_usleep ((n * 7 % 5) * 300);
  if (!g_private_get (&thread_mark))
    g_private_set (&thread_mark, GUINT_TO_POINTER (1));
  g_mutex_lock (&r->lock);
  g_hash_table_add (r->worked_on, g_thread_self ());
  g_mutex_unlock (&r->lock);
}

static GstFlowReturn
finish (gpointer job, gpointer user_data)
{
  Record *r = user_data;

  g_mutex_lock (&r->lock);
  g_array_append_val (r->finished, ((Job *) job)->number);
  r->in_flight--;
  g_mutex_unlock (&r->lock);
  return GST_FLOW_OK;
}

static void
nothing (gpointer job, gpointer user_data)
{
  (void) job;
  (void) user_data;
}

static const GstB64ImgWorkerFuncs funcs
    = { sizeof (Job), work, finish, nothing, nothing };

/* Submits @frames jobs to @w, numbered from 0, as a streaming thread does
 * (as fast as it can), and drains; counts the frames in flight in @r. */
static void
run_frames (GstB64ImgWorkers *w, GRecMutex *stream, Record *r, guint frames)
{
  GstFlowReturn flow;

  for (guint i = 0; i < frames; i++) {
    Job *job;

    g_rec_mutex_lock (stream);
    job = gst_b64img_workers_acquire (w, &flow);
    fail_unless (job != NULL);
    fail_unless_equals_int (flow, GST_FLOW_OK);
    job->number = i;
    g_mutex_lock (&r->lock);
    r->in_flight++;
    r->max_in_flight = MAX (r->max_in_flight, r->in_flight);
    g_mutex_unlock (&r->lock);
    fail_unless_equals_int (
        gst_b64img_workers_submit (w, job, TRUE), GST_FLOW_OK);
    g_rec_mutex_unlock (stream);
  }
  g_rec_mutex_lock (stream);
  fail_unless_equals_int (gst_b64img_workers_drain (w), GST_FLOW_OK);
  g_rec_mutex_unlock (stream);
}

/* Workers of @threads over a Record, with a bin as their element. */
typedef struct
{
  GstElement *element;
  GRecMutex stream;
  Record r;
  GstB64ImgWorkers *w;
} Fixture;

static void
fixture_init (Fixture *f, gint threads)
{
  memset (f, 0, sizeof (*f));
  f->element = gst_bin_new (NULL);
  g_rec_mutex_init (&f->stream);
  g_mutex_init (&f->r.lock);
  f->r.finished = g_array_new (FALSE, FALSE, sizeof (guint));
  f->r.worked_on = g_hash_table_new (NULL, NULL);
  f->w
      = gst_b64img_workers_new (f->element, threads, &f->stream, &funcs, &f->r);
  fail_unless (f->w != NULL);
  fail_unless_equals_int (gst_b64img_workers_n (f->w), threads + 1);
}

/* After gst_b64img_workers_free (f->w). */
static void
fixture_clear (Fixture *f)
{
  g_rec_mutex_clear (&f->stream);
  g_array_unref (f->r.finished);
  g_hash_table_unref (f->r.worked_on);
  g_mutex_clear (&f->r.lock);
  gst_object_unref (f->element);
}

GST_START_TEST (test_in_order)
{
  const guint frames = 60;
  Fixture f;

  fixture_init (&f, 2 + __i__);
  run_frames (f.w, &f.stream, &f.r, frames);
  fail_unless_equals_int (f.r.finished->len, frames);
  for (guint i = 0; i < frames; i++)
    fail_unless_equals_int (g_array_index (f.r.finished, guint, i), i);
  /* one frame more than threads: prepared while all work */
  fail_unless_equals_int (f.r.max_in_flight, 3 + __i__);
  gst_b64img_workers_free (f.w);
  fixture_clear (&f);
}

GST_END_TEST;

GST_START_TEST (test_threads_gone_at_free)
{
  Fixture f;

  g_atomic_int_set (&threads_ended, 0);
  fixture_init (&f, 3);
  run_frames (f.w, &f.stream, &f.r, 30);
  fail_unless (g_hash_table_size (f.r.worked_on) > 0);
  fail_if (g_hash_table_contains (f.r.worked_on, g_thread_self ()),
      "the work ran on the streaming thread");
  gst_b64img_workers_free (f.w);
  /* no waiting: free () returned, so every worker has ended */
  fail_unless_equals_int (
      g_atomic_int_get (&threads_ended), g_hash_table_size (f.r.worked_on));
  fixture_clear (&f);
}

GST_END_TEST;

static gboolean
answer_latency (GstPad *pad, GstObject *parent, GstQuery *query)
{
  (void) parent;
  if (GST_QUERY_TYPE (query) != GST_QUERY_LATENCY)
    return FALSE;
  gst_query_set_latency (query,
      GPOINTER_TO_INT (g_object_get_data (G_OBJECT (pad), "live")), 0, 0);
  return TRUE;
}

/* A live stream: at most one frame per thread in flight, and the latency
 * says threads - 1 frames; a non-live one, one more of each. */
GST_START_TEST (test_live_limit)
{
  const gboolean live = __i__ == 0;
  const gint threads = 3;
  GstPad *src = gst_pad_new ("src", GST_PAD_SRC);
  GstPad *sink = gst_pad_new ("sink", GST_PAD_SINK);
  GstVideoInfo info;
  Fixture f;

  g_object_set_data (G_OBJECT (src), "live", GINT_TO_POINTER (live));
  gst_pad_set_query_function (src, answer_latency);
  fail_unless_equals_int (gst_pad_link (src, sink), GST_PAD_LINK_OK);
  gst_video_info_set_format (&info, GST_VIDEO_FORMAT_I420, 64, 48);
  info.fps_n = 30;
  info.fps_d = 1;
  fixture_init (&f, threads);
  fail_unless_equals_uint64 (gst_b64img_workers_set_stream (f.w, sink, &info),
      gst_util_uint64_scale (GST_SECOND, threads - (live ? 1 : 0), 30));
  run_frames (f.w, &f.stream, &f.r, 40);
  fail_unless_equals_int (f.r.max_in_flight, threads + (live ? 0 : 1));
  gst_b64img_workers_free (f.w);
  fixture_clear (&f);
  gst_object_unref (src);
  gst_object_unref (sink);
}

GST_END_TEST;

static Suite *
workers_suite (void)
{
  Suite *s = suite_create ("b64imgworkers");
  TCase *tc = tcase_create ("workers");

  suite_add_tcase (s, tc);
  tcase_add_loop_test (tc, test_in_order, 0, 3);
  tcase_add_test (tc, test_threads_gone_at_free);
  tcase_add_loop_test (tc, test_live_limit, 0, 2);
  return s;
}

GST_CHECK_MAIN (workers);
