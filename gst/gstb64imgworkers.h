/* b64img — frames in parallel: a worker pool that finishes frames in order
 * Copyright (C) 2026 The b64img authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#ifndef GST_B64IMG_WORKERS_H
#define GST_B64IMG_WORKERS_H

#include <gst/gst.h>
#include <gst/video/video.h>

G_BEGIN_DECLS

/* The frames of one element on their way: a fixed set of jobs (one per
 * thread, each with the element's scratch state for a frame, reused from
 * frame to frame), their order, and who finishes them.
 *
 * Each frame is prepared by the streaming thread into a job (acquire ()),
 * worked on (work: encode or decode, no lock held) and finished (finish:
 * pushed or dropped, STREAM lock held) strictly in the order of submit ().
 *
 * With one thread everything happens on the streaming thread, inside
 * submit (). With more, so does a frame that comes with nothing in flight
 * after the streaming thread slept upstream for longer than a frame's
 * work (a live source between frames): the pool would only add thread
 * hand-offs to its latency. Others run on a pool of that many threads; a
 * frame is finished as soon as it and every earlier one are done: by the
 * worker that completed it when the STREAM lock is free at that moment
 * (one try), else by an output thread
 * that blocks on the STREAM lock, which the streaming thread holds only
 * while it hands a frame in. When the streaming thread itself has to wait
 * (no free job, or a drain) it holds the STREAM lock, so it finishes the
 * done frames itself meanwhile. Every wait blocks on a condition. */
typedef struct _GstB64ImgWorkers GstB64ImgWorkers;

typedef struct
{
  gsize job_size; /* bytes of the element's job type, zeroed at start */
  /* The frame's work: on a pool thread (or the streaming thread with one
   * thread), no lock held; reads only the job. */
  void (*work) (gpointer job, gpointer user_data);
  /* In order, STREAM lock held: pushes or drops the job's frame. */
  GstFlowReturn (*finish) (gpointer job, gpointer user_data);
  /* Releases the job's frame and buffers without pushing (flush, stop). */
  void (*discard) (gpointer job, gpointer user_data);
  /* Frees the job's scratch state when the workers go. */
  void (*clear) (gpointer job, gpointer user_data);
} GstB64ImgWorkerFuncs;

/* The number of threads for the "threads" property: 0 = one per core. */
guint gst_b64img_workers_count (gint threads);

/* Sets up gst_b64img_workers_count (@threads) jobs, and with more than one
 * the pool and the output thread; on failure posts an element error and
 * returns NULL. @stream_lock is the base class's. */
GstB64ImgWorkers *gst_b64img_workers_new (GstElement *element, gint threads,
    GRecMutex *stream_lock, const GstB64ImgWorkerFuncs *funcs,
    gpointer user_data);

/* Without the STREAM lock (stop): discards whatever is in flight, joins
 * the threads and frees the jobs. */
void gst_b64img_workers_free (GstB64ImgWorkers *w);

/* Jobs, i.e. frames that may be in flight at once: threads, plus one with
 * several threads (at most threads of them on a live stream). */
guint gst_b64img_workers_n (const GstB64ImgWorkers *w);

/* @job's slot, 0 to n - 1 (for logs). */
guint gst_b64img_workers_slot (const GstB64ImgWorkers *w, gconstpointer job);

/* New caps (set_format, streaming thread): asks upstream through
 * @sinkpad whether the stream is live and returns the latency to report
 * for @info's frame rate (0 without one). A live stream keeps at most one
 * frame per thread in flight, so a frame waits for at most threads - 1
 * ahead of it, as the latency says; a non-live one (a file, a socket)
 * has one more, prepared while every thread works, for throughput. */
GstClockTime gst_b64img_workers_set_stream (
    GstB64ImgWorkers *w, GstPad *sinkpad, const GstVideoInfo *info);

/* The rest is for the streaming thread, STREAM lock held. */

/* A free job to prepare, waiting (and finishing done frames meanwhile)
 * while every job is in flight. NULL when a frame already finished met a
 * flow other than OK (downstream flushing, not linked, EOS, error...):
 * that flow is stored in @flow, returned once, and the caller drops its
 * frame and returns it. */
gpointer gst_b64img_workers_acquire (GstB64ImgWorkers *w, GstFlowReturn *flow);

/* Queues the prepared @job behind every earlier one; with @work FALSE it is
 * only finished in its turn (a frame to drop). Returns the first flow other
 * than OK met while finishing since the last acquire () or submit () (with
 * one thread, the flow of this very frame). */
GstFlowReturn gst_b64img_workers_submit (
    GstB64ImgWorkers *w, gpointer job, gboolean work);

/* Returns a job from acquire () unused. */
void gst_b64img_workers_release (GstB64ImgWorkers *w, gpointer job);

/* Waits until every queued frame is finished (EOS, new caps), finishing
 * them here; returns the first flow other than OK met meanwhile. */
GstFlowReturn gst_b64img_workers_drain (GstB64ImgWorkers *w);

/* FLUSH_STOP: waits for the work running, discards every queued frame
 * (none is pushed) and forgets the flow met. */
void gst_b64img_workers_flush (GstB64ImgWorkers *w);

G_END_DECLS

#endif /* GST_B64IMG_WORKERS_H */
