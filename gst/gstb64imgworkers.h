/* b64img — frames in parallel: a worker pool that finishes frames in order
 * Copyright (C) 2026 The b64img authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#ifndef GST_B64IMG_WORKERS_H
#define GST_B64IMG_WORKERS_H

#include <gst/gst.h>
#include <gst/video/video.h>

G_BEGIN_DECLS

/* Up to n jobs in flight, one per slot: the element owns one job (and its
 * scratch context) per slot and reuses it from frame to frame. Jobs run on
 * n pool threads; they are finished strictly in submission order, under
 * the base class's STREAM lock, by whichever thread gets there first: a
 * worker when the streaming thread is elsewhere (so a live stream gets no
 * extra latency), else the streaming thread itself while it waits.
 *
 * The streaming thread never gives up the STREAM lock: the base classes
 * take it recursively (GstVideoDecoder's have_frame () nests it inside
 * chain or drain), so a single unlock would not release it. Workers
 * therefore never block on it; they only try it, and hand over to the
 * holder otherwise. */
typedef struct _GstB64ImgWorkers GstB64ImgWorkers;

/* Runs on a worker thread, without any lock held. */
typedef void (*GstB64ImgWorkFunc) (gpointer job, gpointer user_data);

/* Called in order with the STREAM lock held: pushes or drops the frame of
 * @job and returns the flow; with @discard (flush, stop) it only releases
 * the job's frame and buffers, without pushing. */
typedef GstFlowReturn (*GstB64ImgFinishFunc) (
    gpointer job, gboolean discard, gpointer user_data);

/* The number of workers for the "threads" property: 0 = one per core. */
guint gst_b64img_workers_count (gint threads);

/* Starts @n threads for @element; on failure posts an element error and
 * returns NULL. */
GstB64ImgWorkers *gst_b64img_workers_new (GstElement *element, guint n,
    GRecMutex *stream_lock, GstB64ImgWorkFunc work, GstB64ImgFinishFunc finish,
    gpointer user_data);

/* Latency of @n frames in flight: a frame waits for at most n - 1 frames
 * ahead of it; 0 without a frame rate (no known time). */
GstClockTime gst_b64img_workers_latency (guint n, const GstVideoInfo *info);

/* Discards whatever is in flight and joins the threads. */
void gst_b64img_workers_free (GstB64ImgWorkers *w);

/* The rest is for the streaming thread, STREAM lock held. */

/* Waits for a free slot (finishing completed frames meanwhile) and returns
 * it, or -1 when flushing. */
gint gst_b64img_workers_acquire (GstB64ImgWorkers *w);

/* Queues @job in @slot behind every earlier job. With @work FALSE it needs
 * no work and is only finished in its turn (a frame to drop). */
void gst_b64img_workers_submit (
    GstB64ImgWorkers *w, guint slot, gpointer job, gboolean work);

/* Waits until every queued job is finished (flushing: until no work runs;
 * the jobs stay queued for flush ()). */
void gst_b64img_workers_drain (GstB64ImgWorkers *w);

/* Finishes the completed jobs at the head, then returns (and forgets) the
 * first flow other than OK met while finishing since the last call. */
GstFlowReturn gst_b64img_workers_take_flow (GstB64ImgWorkers *w);

/* From any thread: until the next flush (), nothing is finished (pushed),
 * waits return at once and acquire () fails. For a state change, so that
 * the streaming thread leaves before the pads are deactivated. */
void gst_b64img_workers_start_flush (GstB64ImgWorkers *w);

/* Waits for running work, discards every queued job (none is pushed),
 * forgets the remembered flow and leaves the flushing state. */
void gst_b64img_workers_flush (GstB64ImgWorkers *w);

G_END_DECLS

#endif /* GST_B64IMG_WORKERS_H */
