/* b64img — frames in parallel: a worker pool that finishes frames in order
 * Copyright (C) 2026 The b64img authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include "gstb64imgworkers.h"

#include <time.h>

GST_DEBUG_CATEGORY_STATIC (gst_b64img_workers_debug);
#define GST_CAT_DEFAULT gst_b64img_workers_debug

typedef enum
{
  JOB_FREE,
  JOB_PREPARING, /* acquired by the streaming thread */
  JOB_RUNNING,   /* queued, work in progress */
  JOB_DONE,      /* queued, may be finished in its turn */
} JobState;

struct _GstB64ImgWorkers
{
  GstElement *element; /* for logging; not a reference */
  GRecMutex *stream_lock;
  GstB64ImgWorkerFuncs funcs;
  gpointer user_data;
  guint n;         /* jobs: n_threads, and one more with several */
  guint n_threads; /* worker threads */
  guint8 *jobs;    /* n jobs, stride bytes apart */
  gsize stride;
  /* only with n > 1, as is all that follows; the threads are the
   * module's own and joined by free (), so that nothing of theirs (GLib's
   * per-thread slice block, say) outlives the element */
  GThread **workers; /* n_threads, NULL-terminated */
  GThread *output;

  GMutex lock;     /* what follows; taken after the STREAM lock, never before */
  GCond cond;      /* a job done or freed, quit */
  GCond work_cond; /* a job to work on, quit */
  JobState *state;
  guint *order; /* ring of queued jobs, oldest first */
  guint head;
  guint queued;
  guint *pending; /* ring of jobs no worker has taken yet, oldest first */
  guint pending_head;
  guint n_pending;
  guint running;      /* given to the workers, not done */
  guint limit;        /* jobs that may be in flight: n, or n_threads live */
  gboolean quit;      /* free (): the output thread leaves */
  GstFlowReturn flow; /* first flow other than OK not yet returned */
  gint64 work_us;     /* a frame's work, smoothed; 0 before the first */

  /* the streaming thread's own: how long it slept upstream between the
   * last frame and this one (see run_inline ()) */
  GThread *left_thread; /* the thread that left the last submit () */
  gint64 left_wall;     /* and when: monotonic clock, */
  gint64 left_cpu;      /* that thread's CPU clock (-1: none) */
  gint64 idle_us;       /* measured by acquire () */
};

static void
init_debug (void)
{
  static gsize done = 0;

  if (g_once_init_enter (&done)) {
    GST_DEBUG_CATEGORY_INIT (gst_b64img_workers_debug, "b64imgworkers", 0,
        "b64img frames in parallel");
    g_once_init_leave (&done, 1);
  }
}

guint
gst_b64img_workers_count (gint threads)
{
  if (threads > 0)
    return threads;
  return MAX (g_get_num_processors (), 1);
}

static gpointer
job_at (GstB64ImgWorkers *w, guint i)
{
  return w->jobs + i * w->stride;
}

static gboolean
head_done (GstB64ImgWorkers *w)
{
  return w->queued > 0 && w->state[w->order[w->head]] == JOB_DONE;
}

static guint
pop_head (GstB64ImgWorkers *w)
{
  guint i = w->order[w->head];

  w->head = (w->head + 1) % w->n;
  w->queued--;
  return i;
}

static void
keep_flow (GstB64ImgWorkers *w, GstFlowReturn ret)
{
  if (ret != GST_FLOW_OK && w->flow == GST_FLOW_OK) {
    GST_DEBUG_OBJECT (w->element, "downstream: %s", gst_flow_get_name (ret));
    w->flow = ret;
  }
}

static GstFlowReturn
take_flow (GstB64ImgWorkers *w)
{
  GstFlowReturn ret = w->flow;

  w->flow = GST_FLOW_OK;
  return ret;
}

/* Finishes the done jobs at the head of the queue, in order. The caller
 * holds the STREAM lock, which serialises all finishing; w->lock held on
 * entry and return. */
static void
finish_ready (GstB64ImgWorkers *w)
{
  while (!w->quit && head_done (w)) {
    guint i = pop_head (w);
    GstFlowReturn ret;

    g_mutex_unlock (&w->lock);
    GST_LOG_OBJECT (w->element, "slot %u: finishing", i);
    ret = w->funcs.finish (job_at (w, i), w->user_data);
    g_mutex_lock (&w->lock);
    keep_flow (w, ret);
    w->state[i] = JOB_FREE;
    g_cond_broadcast (&w->cond);
  }
}

/* Blocks until a frame is done at the head, then on the STREAM lock: the
 * streaming thread releases it as soon as it has handed its frame in. */
static gpointer
output_loop (gpointer data)
{
  GstB64ImgWorkers *w = data;

  g_mutex_lock (&w->lock);
  while (!w->quit) {
    if (!head_done (w)) {
      g_cond_wait (&w->cond, &w->lock);
      continue;
    }
    g_mutex_unlock (&w->lock);
    g_rec_mutex_lock (w->stream_lock);
    g_mutex_lock (&w->lock);
    finish_ready (w);
    g_mutex_unlock (&w->lock);
    g_rec_mutex_unlock (w->stream_lock);
    g_mutex_lock (&w->lock);
  }
  g_mutex_unlock (&w->lock);
  return NULL;
}

/* w->lock held */
static void
note_work (GstB64ImgWorkers *w, gint64 us)
{
  w->work_us = w->work_us ? (3 * w->work_us + us) / 4 : us;
}

/* w->lock held on entry and return */
static void
run_job (GstB64ImgWorkers *w, guint i)
{
  gint64 start;

  g_mutex_unlock (&w->lock);
  GST_LOG_OBJECT (w->element, "slot %u: work starts", i);
  start = g_get_monotonic_time ();
  w->funcs.work (job_at (w, i), w->user_data);
  GST_LOG_OBJECT (w->element, "slot %u: work done", i);
  g_mutex_lock (&w->lock);
  note_work (w, g_get_monotonic_time () - start);
  w->state[i] = JOB_DONE;
  w->running--;
  /* a live stream: the STREAM lock is free, so this thread pushes the
   * frame itself rather than wake the output thread for it; one attempt,
   * the output thread (woken below) blocks for it otherwise */
  if (head_done (w) && g_rec_mutex_trylock (w->stream_lock)) {
    finish_ready (w);
    g_rec_mutex_unlock (w->stream_lock);
  }
  g_cond_broadcast (&w->cond);
}

/* Works on the jobs in the order they were submitted; at quit, on those
 * still pending too (free () discards them worked, as flush () does). */
static gpointer
worker_loop (gpointer data)
{
  GstB64ImgWorkers *w = data;

  g_mutex_lock (&w->lock);
  for (;;) {
    guint i;

    if (w->n_pending == 0) {
      if (w->quit)
        break;
      g_cond_wait (&w->work_cond, &w->lock);
      continue;
    }
    i = w->pending[w->pending_head];
    w->pending_head = (w->pending_head + 1) % w->n;
    w->n_pending--;
    run_job (w, i);
  }
  g_mutex_unlock (&w->lock);
  return NULL;
}

static gboolean
start_threads (GstB64ImgWorkers *w, GError **err)
{
  w->state = g_new0 (JobState, w->n);
  w->order = g_new0 (guint, w->n);
  w->pending = g_new0 (guint, w->n);
  w->workers = g_new0 (GThread *, w->n_threads + 1);
  for (guint i = 0; i < w->n_threads; i++) {
    w->workers[i] = g_thread_try_new ("b64img-worker", worker_loop, w, err);
    if (!w->workers[i])
      return FALSE;
  }
  w->output = g_thread_try_new ("b64img-output", output_loop, w, err);
  return w->output != NULL;
}

GstB64ImgWorkers *
gst_b64img_workers_new (GstElement *element, gint threads,
    GRecMutex *stream_lock, const GstB64ImgWorkerFuncs *funcs,
    gpointer user_data)
{
  GstB64ImgWorkers *w = g_new0 (GstB64ImgWorkers, 1);
  GError *err = NULL;

  init_debug ();
  w->element = element;
  w->stream_lock = stream_lock;
  w->funcs = *funcs;
  w->user_data = user_data;
  w->n_threads = gst_b64img_workers_count (threads);
  /* with several threads one more job, so that the streaming thread
   * prepares the next frame while every worker is busy */
  w->n = w->n_threads > 1 ? w->n_threads + 1 : 1;
  w->limit = w->n;
  w->stride = GST_ROUND_UP_16 (funcs->job_size);
  w->jobs = g_malloc0 (w->n * w->stride);
  w->flow = GST_FLOW_OK;
  g_mutex_init (&w->lock);
  g_cond_init (&w->cond);
  g_cond_init (&w->work_cond);
  if (w->n > 1 && !start_threads (w, &err)) {
    GST_ELEMENT_ERROR (element, RESOURCE, FAILED, (NULL),
        ("Could not start %u threads: %s", w->n_threads, err->message));
    g_clear_error (&err);
    gst_b64img_workers_free (w);
    return NULL;
  }
  GST_DEBUG_OBJECT (element, "%u threads, %u jobs", w->n_threads, w->n);
  return w;
}

/* Discards every queued job; w->lock held, no work running. */
static void
discard_queued (GstB64ImgWorkers *w)
{
  while (w->queued > 0) {
    guint i = pop_head (w);

    g_mutex_unlock (&w->lock);
    w->funcs.discard (job_at (w, i), w->user_data);
    g_mutex_lock (&w->lock);
    w->state[i] = JOB_FREE;
  }
}

void
gst_b64img_workers_free (GstB64ImgWorkers *w)
{
  if (!w)
    return;
  g_mutex_lock (&w->lock);
  w->quit = TRUE;
  g_cond_broadcast (&w->cond);
  g_cond_broadcast (&w->work_cond);
  g_mutex_unlock (&w->lock);
  /* the output thread ends its finish () (downstream is deactivated: it
   * returns at once) and leaves; the workers end the work given them */
  if (w->output)
    g_thread_join (w->output);
  for (guint i = 0; w->workers && w->workers[i]; i++)
    g_thread_join (w->workers[i]);
  g_mutex_lock (&w->lock);
  GST_DEBUG_OBJECT (w->element, "discarding %u frames", w->queued);
  discard_queued (w);
  g_mutex_unlock (&w->lock);
  for (guint i = 0; i < w->n; i++)
    w->funcs.clear (job_at (w, i), w->user_data);
  g_mutex_clear (&w->lock);
  g_cond_clear (&w->cond);
  g_cond_clear (&w->work_cond);
  g_free (w->workers);
  g_free (w->state);
  g_free (w->order);
  g_free (w->pending);
  g_free (w->jobs);
  g_free (w);
}

guint
gst_b64img_workers_n (const GstB64ImgWorkers *w)
{
  return w->n;
}

guint
gst_b64img_workers_slot (const GstB64ImgWorkers *w, gconstpointer job)
{
  return ((const guint8 *) job - w->jobs) / w->stride;
}

/* Whether what comes into @sinkpad is live, as upstream answers a latency
 * query (FALSE when it does not answer). */
static gboolean
upstream_live (GstPad *sinkpad)
{
  GstQuery *q = gst_query_new_latency ();
  gboolean live = FALSE;

  if (gst_pad_peer_query (sinkpad, q))
    gst_query_parse_latency (q, &live, NULL, NULL);
  gst_query_unref (q);
  return live;
}

GstClockTime
gst_b64img_workers_set_stream (
    GstB64ImgWorkers *w, GstPad *sinkpad, const GstVideoInfo *info)
{
  gboolean live = w->n > 1 && upstream_live (sinkpad);
  guint limit = live ? w->n_threads : w->n;

  g_mutex_lock (&w->lock);
  w->limit = limit;
  g_mutex_unlock (&w->lock);
  GST_DEBUG_OBJECT (w->element, "%s stream: up to %u frames in flight",
      live ? "live" : "non-live", limit);
  if (info->fps_n <= 0 || info->fps_d <= 0)
    return 0;
  return gst_util_uint64_scale (
      GST_SECOND, (guint64) info->fps_d * (limit - 1), info->fps_n);
}

/* A free job, now PREPARING, or NULL when w->limit jobs are in flight
 * already; w->lock held. */
static gpointer
take_free_job (GstB64ImgWorkers *w)
{
  gint free_job = -1;
  guint busy = 0;

  for (guint i = 0; i < w->n; i++) {
    if (w->state[i] != JOB_FREE)
      busy++;
    else if (free_job < 0)
      free_job = i;
  }
  if (busy >= w->limit || free_job < 0)
    return NULL;
  w->state[free_job] = JOB_PREPARING;
  return job_at (w, free_job);
}

/* The calling thread's CPU time in µs, -1 where there is no such clock. */
static gint64
thread_cpu_us (void)
{
#ifdef CLOCK_THREAD_CPUTIME_ID
  struct timespec ts;

  if (clock_gettime (CLOCK_THREAD_CPUTIME_ID, &ts) == 0)
    return (gint64) ts.tv_sec * G_USEC_PER_SEC + ts.tv_nsec / 1000;
#endif
  return -1;
}

/* The streaming thread leaves the element (end of submit ()). */
static void
note_leaving (GstB64ImgWorkers *w)
{
  w->left_thread = g_thread_self ();
  w->left_wall = g_get_monotonic_time ();
  w->left_cpu = thread_cpu_us ();
}

/* A frame arrives (acquire ()): the time since the last one left that the
 * thread spent asleep rather than running upstream; 0 when unknown (first
 * frame after a flush, another thread, no CPU clock). */
static void
note_arriving (GstB64ImgWorkers *w)
{
  gint64 cpu = thread_cpu_us ();

  w->idle_us = 0;
  if (w->left_thread == g_thread_self () && cpu >= 0 && w->left_cpu >= 0)
    w->idle_us = (g_get_monotonic_time () - w->left_wall) - (cpu - w->left_cpu);
}

gpointer
gst_b64img_workers_acquire (GstB64ImgWorkers *w, GstFlowReturn *flow)
{
  gpointer job = NULL;

  *flow = GST_FLOW_OK;
  if (w->n == 1)
    return job_at (w, 0);
  note_arriving (w);
  g_mutex_lock (&w->lock);
  for (;;) {
    *flow = take_flow (w);
    if (*flow != GST_FLOW_OK)
      break;
    job = take_free_job (w);
    if (job)
      break;
    /* every job in flight: the output thread waits for our STREAM lock */
    if (head_done (w))
      finish_ready (w);
    else
      g_cond_wait (&w->cond, &w->lock);
  }
  g_mutex_unlock (&w->lock);
  return job;
}

/* A frame whose streaming thread slept upstream (a live source waiting
 * for its clock, a socket waiting for data) for longer than a frame's work
 * gains nothing from the pool, only two thread hand-offs: with nothing in
 * flight it runs inline, as with one thread. Frames that come as fast as
 * upstream can make them (a file, a burst) go to the pool. w->lock held,
 * nothing queued. */
static gboolean
run_inline (GstB64ImgWorkers *w)
{
  return w->idle_us > w->work_us + w->work_us / 2;
}

/* With nothing queued the frame's turn has come: work and finish it here. */
static GstFlowReturn
submit_inline (GstB64ImgWorkers *w, gpointer job, gboolean work)
{
  guint i = gst_b64img_workers_slot (w, job);
  GstFlowReturn ret;

  GST_LOG_OBJECT (w->element, "slot %u: inline", i);
  if (work) {
    gint64 start = g_get_monotonic_time ();

    w->funcs.work (job, w->user_data);
    g_mutex_lock (&w->lock);
    note_work (w, g_get_monotonic_time () - start);
    g_mutex_unlock (&w->lock);
  }
  ret = w->funcs.finish (job, w->user_data);
  g_mutex_lock (&w->lock);
  keep_flow (w, ret);
  w->state[i] = JOB_FREE;
  ret = take_flow (w);
  g_cond_broadcast (&w->cond);
  g_mutex_unlock (&w->lock);
  return ret;
}

GstFlowReturn
gst_b64img_workers_submit (GstB64ImgWorkers *w, gpointer job, gboolean work)
{
  guint i = gst_b64img_workers_slot (w, job);
  GstFlowReturn ret;

  if (w->n == 1) {
    if (work)
      w->funcs.work (job, w->user_data);
    return w->funcs.finish (job, w->user_data);
  }
  g_mutex_lock (&w->lock);
  if (w->queued == 0 && (!work || run_inline (w))) {
    g_mutex_unlock (&w->lock);
    ret = submit_inline (w, job, work);
    note_leaving (w);
    return ret;
  }
  w->state[i] = work ? JOB_RUNNING : JOB_DONE;
  w->order[(w->head + w->queued) % w->n] = i;
  w->queued++;
  if (work) {
    w->pending[(w->pending_head + w->n_pending) % w->n] = i;
    w->n_pending++;
    w->running++;
    g_cond_signal (&w->work_cond);
  } else {
    g_cond_broadcast (&w->cond);
  }
  ret = take_flow (w);
  g_mutex_unlock (&w->lock);
  GST_LOG_OBJECT (w->element, "slot %u: queued", i);
  note_leaving (w);
  return ret;
}

void
gst_b64img_workers_release (GstB64ImgWorkers *w, gpointer job)
{
  if (w->n == 1)
    return;
  g_mutex_lock (&w->lock);
  w->state[gst_b64img_workers_slot (w, job)] = JOB_FREE;
  g_cond_broadcast (&w->cond);
  g_mutex_unlock (&w->lock);
}

GstFlowReturn
gst_b64img_workers_drain (GstB64ImgWorkers *w)
{
  GstFlowReturn ret;

  if (w->n == 1)
    return GST_FLOW_OK;
  g_mutex_lock (&w->lock);
  GST_LOG_OBJECT (w->element, "draining %u frames", w->queued);
  while (w->queued > 0) {
    if (head_done (w))
      finish_ready (w);
    else
      g_cond_wait (&w->cond, &w->lock);
  }
  ret = take_flow (w);
  g_mutex_unlock (&w->lock);
  return ret;
}

void
gst_b64img_workers_flush (GstB64ImgWorkers *w)
{
  if (w->n == 1)
    return;
  g_mutex_lock (&w->lock);
  GST_DEBUG_OBJECT (w->element, "flushing %u frames", w->queued);
  /* the STREAM lock keeps the output thread out; the work uses the jobs */
  while (w->running > 0)
    g_cond_wait (&w->cond, &w->lock);
  discard_queued (w);
  w->flow = GST_FLOW_OK;
  w->left_thread = NULL;
  g_mutex_unlock (&w->lock);
}
