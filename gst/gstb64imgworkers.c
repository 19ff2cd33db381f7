/* b64img — frames in parallel: a worker pool that finishes frames in order
 * Copyright (C) 2026 The b64img authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include "gstb64imgworkers.h"

/* A worker that could not take the STREAM lock retries after this long,
 * doubling up to the maximum: the holder is outside our code only briefly
 * (base class bookkeeping) or blocked downstream. */
#define RETRY_MIN_US 50
#define RETRY_MAX_US 5000

typedef struct
{
  gpointer job;
  gboolean busy; /* acquired, until finished */
  gboolean done; /* work done: may be finished in its turn */
} Slot;

struct _GstB64ImgWorkers
{
  GRecMutex *stream_lock; /* the base class's */
  GstB64ImgWorkFunc work;
  GstB64ImgFinishFunc finish;
  gpointer user_data;
  GThreadPool *pool;

  GMutex lock; /* everything below; taken after STREAM */
  GCond cond;  /* a job done, a slot freed, flushing */
  guint n;
  Slot *slots;
  guint *order; /* ring of queued slots, oldest first */
  guint head;
  guint queued;
  guint busy;      /* slots acquired */
  guint running;   /* jobs given to the pool, not done */
  guint finishing; /* jobs taken off the queue, being finished */
  gboolean flushing;
  gboolean st_waiting; /* the streaming thread waits: it finishes */
  gboolean finisher;   /* a worker is trying to finish */
  GstFlowReturn flow;  /* first non-OK flow since take_flow () */
};

guint
gst_b64img_workers_count (gint threads)
{
  if (threads > 0)
    return threads;
  return MAX (g_get_num_processors (), 1);
}

static gboolean
head_done (GstB64ImgWorkers *w)
{
  return w->queued > 0 && w->slots[w->order[w->head]].done;
}

static guint
pop_head (GstB64ImgWorkers *w)
{
  guint s = w->order[w->head];

  w->head = (w->head + 1) % w->n;
  w->queued--;
  return s;
}

static void
release_slot (GstB64ImgWorkers *w, guint s)
{
  w->slots[s].busy = FALSE;
  w->slots[s].done = FALSE;
  w->slots[s].job = NULL;
  w->busy--;
  g_cond_broadcast (&w->cond);
}

/* Finishes the completed jobs at the head of the queue, in order. The
 * caller holds the STREAM lock, which serialises all finishing. */
static void
finish_ready (GstB64ImgWorkers *w)
{
  g_mutex_lock (&w->lock);
  while (!w->flushing && head_done (w)) {
    guint s = pop_head (w);
    GstFlowReturn ret;

    w->finishing++;
    g_mutex_unlock (&w->lock);
    ret = w->finish (w->slots[s].job, FALSE, w->user_data);
    g_mutex_lock (&w->lock);
    w->finishing--;
    if (ret != GST_FLOW_OK && w->flow == GST_FLOW_OK)
      w->flow = ret;
    release_slot (w, s);
  }
  g_mutex_unlock (&w->lock);
}

/* A worker finishes when nobody else will: not while the streaming thread
 * waits in acquire () or drain (), where it finishes frames itself. */
static gboolean
worker_should_finish (GstB64ImgWorkers *w)
{
  return !w->flushing && !w->st_waiting && head_done (w);
}

/* Called with w->lock held and w->finisher set; returns unlocked. */
static void
worker_finish (GstB64ImgWorkers *w)
{
  gint64 retry = RETRY_MIN_US;

  while (worker_should_finish (w)) {
    g_mutex_unlock (&w->lock);
    if (g_rec_mutex_trylock (w->stream_lock)) {
      finish_ready (w);
      g_rec_mutex_unlock (w->stream_lock);
      retry = RETRY_MIN_US;
      g_mutex_lock (&w->lock);
      continue;
    }
    g_mutex_lock (&w->lock);
    if (!worker_should_finish (w))
      break;
    g_cond_wait_until (&w->cond, &w->lock, g_get_monotonic_time () + retry);
    retry = MIN (retry * 2, RETRY_MAX_US);
  }
  w->finisher = FALSE;
  g_mutex_unlock (&w->lock);
}

static void
run_job (gpointer data, gpointer user_data)
{
  GstB64ImgWorkers *w = user_data;
  guint s = GPOINTER_TO_UINT (data) - 1;
  gboolean skip;

  g_mutex_lock (&w->lock);
  skip = w->flushing; /* discarded anyway */
  g_mutex_unlock (&w->lock);
  if (!skip)
    w->work (w->slots[s].job, w->user_data);

  g_mutex_lock (&w->lock);
  w->slots[s].done = TRUE;
  w->running--;
  g_cond_broadcast (&w->cond);
  if (w->finisher || !worker_should_finish (w)) {
    g_mutex_unlock (&w->lock);
    return;
  }
  w->finisher = TRUE;
  worker_finish (w);
}

GstB64ImgWorkers *
gst_b64img_workers_new (GstElement *element, guint n, GRecMutex *stream_lock,
    GstB64ImgWorkFunc work, GstB64ImgFinishFunc finish, gpointer user_data)
{
  GstB64ImgWorkers *w;
  GError *err = NULL;

  g_return_val_if_fail (n > 0, NULL);

  w = g_new0 (GstB64ImgWorkers, 1);
  w->stream_lock = stream_lock;
  w->work = work;
  w->finish = finish;
  w->user_data = user_data;
  w->n = n;
  w->slots = g_new0 (Slot, n);
  w->order = g_new0 (guint, n);
  w->flow = GST_FLOW_OK;
  g_mutex_init (&w->lock);
  g_cond_init (&w->cond);
  w->pool = g_thread_pool_new (run_job, w, n, TRUE, &err);
  if (!w->pool) {
    GST_ELEMENT_ERROR (element, RESOURCE, FAILED, (NULL),
        ("Could not start %u threads: %s", n, err->message));
    g_clear_error (&err);
    gst_b64img_workers_free (w);
    return NULL;
  }
  return w;
}

GstClockTime
gst_b64img_workers_latency (guint n, const GstVideoInfo *info)
{
  if (info->fps_n <= 0 || info->fps_d <= 0)
    return 0;
  return gst_util_uint64_scale (
      GST_SECOND, (guint64) info->fps_d * (n - 1), info->fps_n);
}

void
gst_b64img_workers_free (GstB64ImgWorkers *w)
{
  if (!w)
    return;
  if (w->pool) {
    gst_b64img_workers_flush (w);
    g_thread_pool_free (w->pool, FALSE, TRUE);
  }
  g_mutex_clear (&w->lock);
  g_cond_clear (&w->cond);
  g_free (w->slots);
  g_free (w->order);
  g_free (w);
}

/* Waits (w->lock held on return) until @ready or flushing, finishing the
 * head jobs meanwhile: the workers cannot while we hold the STREAM lock. */
static void
wait_until (GstB64ImgWorkers *w, gboolean (*ready) (GstB64ImgWorkers *))
{
  g_mutex_lock (&w->lock);
  while (!w->flushing) {
    if (head_done (w)) {
      g_mutex_unlock (&w->lock);
      finish_ready (w);
      g_mutex_lock (&w->lock);
    } else if (ready (w)) {
      break;
    } else {
      w->st_waiting = TRUE;
      g_cond_wait (&w->cond, &w->lock);
      w->st_waiting = FALSE;
    }
  }
}

static gboolean
has_free_slot (GstB64ImgWorkers *w)
{
  return w->busy < w->n;
}

static gboolean
is_empty (GstB64ImgWorkers *w)
{
  return w->queued == 0;
}

gint
gst_b64img_workers_acquire (GstB64ImgWorkers *w)
{
  gint s = -1;

  wait_until (w, has_free_slot);
  if (!w->flushing) {
    s = 0;
    while (w->slots[s].busy)
      s++;
    w->slots[s].busy = TRUE;
    w->busy++;
  }
  g_mutex_unlock (&w->lock);
  return s;
}

void
gst_b64img_workers_submit (
    GstB64ImgWorkers *w, guint slot, gpointer job, gboolean work)
{
  g_mutex_lock (&w->lock);
  w->slots[slot].job = job;
  w->slots[slot].done = !work;
  w->order[(w->head + w->queued) % w->n] = slot;
  w->queued++;
  if (work)
    w->running++;
  g_mutex_unlock (&w->lock);
  if (work)
    g_thread_pool_push (w->pool, GUINT_TO_POINTER (slot + 1), NULL);
}

void
gst_b64img_workers_drain (GstB64ImgWorkers *w)
{
  wait_until (w, is_empty);
  /* flushing, nothing is finished; still, no work may use the contexts
   * once we return (new caps replace the converters) */
  while (w->running > 0)
    g_cond_wait (&w->cond, &w->lock);
  g_mutex_unlock (&w->lock);
}

GstFlowReturn
gst_b64img_workers_take_flow (GstB64ImgWorkers *w)
{
  GstFlowReturn ret;

  finish_ready (w);
  g_mutex_lock (&w->lock);
  ret = w->flow;
  w->flow = GST_FLOW_OK;
  g_mutex_unlock (&w->lock);
  return ret;
}

void
gst_b64img_workers_start_flush (GstB64ImgWorkers *w)
{
  g_mutex_lock (&w->lock);
  w->flushing = TRUE;
  g_cond_broadcast (&w->cond);
  g_mutex_unlock (&w->lock);
}

void
gst_b64img_workers_flush (GstB64ImgWorkers *w)
{
  g_mutex_lock (&w->lock);
  w->flushing = TRUE;
  g_cond_broadcast (&w->cond);
  while (w->running > 0 || w->finishing > 0)
    g_cond_wait (&w->cond, &w->lock);
  while (w->queued > 0) {
    guint s = pop_head (w);

    g_mutex_unlock (&w->lock);
    w->finish (w->slots[s].job, TRUE, w->user_data);
    g_mutex_lock (&w->lock);
    release_slot (w, s);
  }
  w->flow = GST_FLOW_OK;
  w->flushing = FALSE;
  g_mutex_unlock (&w->lock);
}
