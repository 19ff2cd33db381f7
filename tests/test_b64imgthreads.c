/* b64img — GstHarness tests of the "threads" property of b64imgenc and
 * b64imgdec: frames in parallel
 * Copyright (C) 2026 The b64img authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * Each frame carries its number drawn as 8 black or white blocks in its top
 * left corner, so that order survives JPEG. With threads > 1 every frame
 * must come out, in order, with its timestamps, before EOS, and the bytes
 * must equal those of threads=1; a flush drops what is in flight; a size
 * change and bad frames keep their places; a state change to NULL with
 * frames in flight neither crashes nor hangs, nor leaves a thread; the
 * latency is (threads - 1) frames on a live stream, threads otherwise.
 */

#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include "common/harness.h"
#include "common/numbered.h"

#include <string.h>

#define FPS 30
#define DUR (GST_SECOND / FPS)

static const gint thread_counts[] = { 2, 4, 0 };

static gboolean
same_bytes (GstBuffer *a, GstBuffer *b)
{
  GstMapInfo ma, mb;
  gboolean same;

  fail_unless (gst_buffer_map (a, &ma, GST_MAP_READ));
  fail_unless (gst_buffer_map (b, &mb, GST_MAP_READ));
  same = ma.size == mb.size && memcmp (ma.data, mb.data, ma.size) == 0;
  gst_buffer_unmap (a, &ma);
  gst_buffer_unmap (b, &mb);
  return same;
}

/* The numbers in @r (base64 JPEG lines when @text, else raw frames) rise;
 * each is below @below (sent before a flush) or at least @from (after it),
 * and exactly @n_after are; EOS came after all. */
static void
check_after_flush (
    B64tRecorder *r, gboolean text, guint below, guint from, guint n_after)
{
  guint last = 0, after = 0;

  g_mutex_lock (&r->lock);
  for (guint k = 0; k < r->bufs->len; k++) {
    GstBuffer *buf = g_ptr_array_index (r->bufs, k);
    gint ow, oh;
    guint n = text ? b64t_text_number (buf, &ow, &oh)
                   : b64t_raw_number (
                       buf, g_ptr_array_index (r->caps, k), &ow, &oh);

    fail_unless (k == 0 || n > last, "frame %u after %u", n, last);
    fail_unless (n < below || n >= from, "frame %u", n);
    if (n >= from)
      after++;
    last = n;
  }
  fail_unless_equals_int (after, n_after);
  fail_unless_equals_int (r->eos_after, r->bufs->len);
  g_mutex_unlock (&r->lock);
}

/* ---- encoder ------------------------------------------------------------- */

/* Encodes @frames numbered frames; the outputs, in order, in @r. */
static void
run_encoder (B64tRecorder *r, gint threads, const gchar *format, gint w, gint h,
    guint frames)
{
  GstHarness *hh = b64t_harness_threads ("b64imgenc", threads);
  GstVideoFormat fmt = gst_video_format_from_string (format);
  gchar *caps;

  /* as from a file: one frame in flight more than threads */
  gst_harness_set_live (hh, FALSE);
  b64t_recorder_attach (r, hh);
  caps = g_strdup_printf ("video/x-raw,format=%s,width=%d,height=%d,"
                          "framerate=%d/1",
      format, w, h, FPS);
  gst_harness_set_src_caps_str (hh, caps);
  for (guint i = 0; i < frames; i++)
    fail_unless_equals_int (
        gst_harness_push (hh, b64t_numbered_frame_at (fmt, w, h, i, DUR)),
        GST_FLOW_OK);
  fail_unless (gst_harness_push_event (hh, gst_event_new_eos ()));
  /* EOS drains: every frame went out before it */
  b64t_recorder_check_eos (r, frames);
  gst_harness_teardown (hh);
  g_free (caps);
}

static void
check_encoder (const gchar *format, gint threads)
{
  const guint frames = 60;
  const gint w = 320, h = 240;
  B64tRecorder ref, r;

  run_encoder (&ref, 1, format, w, h, frames);
  run_encoder (&r, threads, format, w, h, frames);
  for (guint i = 0; i < frames; i++) {
    GstBuffer *buf = g_ptr_array_index (r.bufs, i);
    gint ow, oh;

    fail_unless_equals_uint64 (GST_BUFFER_PTS (buf), i * DUR);
    fail_unless_equals_uint64 (GST_BUFFER_DURATION (buf), DUR);
    fail_unless_equals_int (b64t_text_number (buf, &ow, &oh), i);
    fail_unless_equals_int (ow, w);
    fail_unless_equals_int (oh, h);
    fail_unless (same_bytes (buf, g_ptr_array_index (ref.bufs, i)),
        "%s threads=%d: frame %u differs from threads=1", format, threads, i);
  }
  b64t_recorder_clear (&ref);
  b64t_recorder_clear (&r);
}

/* I420 as it is, NV12 through a converter per thread, RGB packed */
GST_START_TEST (test_enc_order_and_bytes)
{
  static const gchar *formats[] = { "I420", "NV12", "RGB" };

  for (guint f = 0; f < G_N_ELEMENTS (formats); f++)
    check_encoder (formats[f], thread_counts[__i__]);
}

GST_END_TEST;

GST_START_TEST (test_enc_flush)
{
  GstHarness *hh = b64t_harness_threads ("b64imgenc", 4);
  GstVideoInfo info;
  B64tRecorder r;

  b64t_recorder_attach (&r, hh);
  gst_harness_set_src_caps_str (hh, "video/x-raw,format=I420,width=640,"
                                    "height=480,framerate=30/1");
  gst_video_info_set_format (&info, GST_VIDEO_FORMAT_I420, 640, 480);
  for (guint i = 0; i < 12; i++) {
    GstBuffer *buf = b64t_numbered_frame (&info, i);

    GST_BUFFER_PTS (buf) = i * DUR;
    gst_harness_push (hh, buf);
  }
  b64t_push_flush (hh);
  for (guint i = 100; i < 130; i++) {
    GstBuffer *buf = b64t_numbered_frame (&info, i);

    GST_BUFFER_PTS (buf) = i * DUR;
    fail_unless_equals_int (gst_harness_push (hh, buf), GST_FLOW_OK);
  }
  fail_unless (gst_harness_push_event (hh, gst_event_new_eos ()));

  /* some of the first 12, then exactly 100..129, in order */
  check_after_flush (&r, TRUE, 12, 100, 30);
  gst_harness_teardown (hh);
  b64t_recorder_clear (&r);
}

GST_END_TEST;

/* ---- decoder ------------------------------------------------------------- */

/* Decodes @texts (NULL-terminated) to I420, framed buffers with PTS or one
 * text stream cut in chunks; the outputs, in order, in @r. */
static void
run_decoder (
    B64tRecorder *r, gint threads, gchar **texts, gboolean framed, guint expect)
{
  GstHarness *hh = b64t_harness_threads ("b64imgdec", threads);

  gst_harness_set_live (hh, FALSE); /* as from a file, see run_encoder () */
  b64t_recorder_attach (r, hh);
  gst_harness_set_sink_caps_str (hh, "video/x-raw,format=I420");
  gst_harness_set_src_caps_str (
      hh, framed ? "image/x-base64,framed=true,framerate=30/1"
                 : "image/x-base64,framerate=30/1");
  if (framed) {
    for (guint i = 0; texts[i]; i++) {
      GstBuffer *buf = gst_buffer_new_memdup (texts[i], strlen (texts[i]));

      GST_BUFFER_PTS (buf) = i * DUR;
      GST_BUFFER_DURATION (buf) = DUR;
      fail_unless_equals_int (gst_harness_push (hh, buf), GST_FLOW_OK);
    }
  } else {
    gchar *all = g_strjoinv ("\n", texts);
    gsize len = strlen (all);

    /* several frames per chunk: have_frame () nests the STREAM lock */
    for (gsize off = 0; off < len; off += 20011) {
      gsize n = MIN (20011, len - off);

      fail_unless_equals_int (
          gst_harness_push (hh, gst_buffer_new_memdup (all + off, n)),
          GST_FLOW_OK);
    }
    g_free (all);
  }
  fail_unless (gst_harness_push_event (hh, gst_event_new_eos ()));
  b64t_recorder_check_eos (r, expect);
  gst_harness_teardown (hh);
}

static gchar **
make_texts (guint frames, gint w, gint h)
{
  gchar **texts = g_new0 (gchar *, frames + 1);

  for (guint i = 0; i < frames; i++)
    texts[i] = b64t_numbered_b64_jpeg (w, h, i);
  return texts;
}

static void
check_decoder (gint threads, gboolean framed)
{
  const guint frames = 60;
  gchar **texts = make_texts (frames, 320, 240);
  B64tRecorder ref, r;

  run_decoder (&ref, 1, texts, framed, frames);
  run_decoder (&r, threads, texts, framed, frames);
  for (guint i = 0; i < frames; i++) {
    GstBuffer *buf = g_ptr_array_index (r.bufs, i);
    GstBuffer *rbuf = g_ptr_array_index (ref.bufs, i);
    gint ow, oh;

    fail_unless_equals_int (
        b64t_raw_number (buf, g_ptr_array_index (r.caps, i), &ow, &oh), i);
    fail_unless_equals_int (ow, 320);
    fail_unless_equals_int (oh, 240);
    fail_unless_equals_uint64 (GST_BUFFER_PTS (buf), GST_BUFFER_PTS (rbuf));
    fail_unless_equals_uint64 (
        GST_BUFFER_DURATION (buf), GST_BUFFER_DURATION (rbuf));
    fail_unless (
        ABS ((gint64) GST_BUFFER_PTS (buf) - (gint64) (i * DUR)) <= (gint64) i,
        "frame %u: PTS %" GST_TIME_FORMAT, i,
        GST_TIME_ARGS (GST_BUFFER_PTS (buf)));
    fail_unless (
        same_bytes (buf, rbuf), "threads=%d: frame %u differs", threads, i);
  }
  b64t_recorder_clear (&ref);
  b64t_recorder_clear (&r);
  g_strfreev (texts);
}

GST_START_TEST (test_dec_order_framed)
{
  check_decoder (thread_counts[__i__], TRUE);
}

GST_END_TEST;

GST_START_TEST (test_dec_order_stream)
{
  check_decoder (thread_counts[__i__], FALSE);
}

GST_END_TEST;

/* 64x48 frames, a bad base64 text, 96x64 frames, a truncated JPEG (found
 * bad on a worker), 64x48 frames: each output has its own caps. */
GST_START_TEST (test_dec_size_change_and_bad)
{
  const guint frames = 30;
  gchar **texts = g_new0 (gchar *, frames + 1);
  GstBus *bus = gst_bus_new ();
  GstHarness *hh = b64t_harness_threads ("b64imgdec", 2);
  B64tRecorder r;
  guint k = 0;

  for (guint i = 0; i < frames; i++) {
    gboolean big = i > 10 && i < 20;

    texts[i] = b64t_numbered_b64_jpeg (big ? 96 : 64, big ? 64 : 48, i);
  }
  g_free (texts[10]);
  texts[10] = g_strdup ("this is !!! not base64");
  /* past the header, short of the end */
  texts[20][(strlen (texts[20]) * 7 / 8) & ~(gsize) 3] = '\0';

  gst_element_set_bus (hh->element, bus);
  b64t_recorder_attach (&r, hh);
  gst_harness_set_sink_caps_str (hh, "video/x-raw,format=I420");
  gst_harness_set_src_caps_str (
      hh, "image/x-base64,framed=true,framerate=30/1");
  for (guint i = 0; i < frames; i++) {
    GstBuffer *buf = gst_buffer_new_memdup (texts[i], strlen (texts[i]));

    GST_BUFFER_PTS (buf) = i * DUR;
    fail_unless_equals_int (gst_harness_push (hh, buf), GST_FLOW_OK);
  }
  fail_unless (gst_harness_push_event (hh, gst_event_new_eos ()));
  b64t_recorder_check_eos (&r, frames - 2);
  for (guint i = 0; i < frames; i++) {
    GstBuffer *buf;
    gint ow, oh;
    gboolean big = i > 10 && i < 20;

    if (i == 10 || i == 20)
      continue;
    buf = g_ptr_array_index (r.bufs, k);
    fail_unless_equals_int (
        b64t_raw_number (buf, g_ptr_array_index (r.caps, k), &ow, &oh), i);
    fail_unless_equals_int (ow, big ? 96 : 64);
    fail_unless_equals_int (oh, big ? 64 : 48);
    fail_unless_equals_uint64 (GST_BUFFER_PTS (buf), i * DUR);
    fail_unless_equals_int (gst_buffer_get_size (buf), ow * oh * 3 / 2);
    k++;
  }
  fail_unless_equals_int (b64t_bus_count_warnings (bus), 2);
  gst_element_set_bus (hh->element, NULL);
  gst_object_unref (bus);
  gst_harness_teardown (hh);
  b64t_recorder_clear (&r);
  g_strfreev (texts);
}

GST_END_TEST;

GST_START_TEST (test_dec_flush)
{
  gchar **texts = make_texts (40, 640, 480);
  GstHarness *hh = b64t_harness_threads ("b64imgdec", 4);
  B64tRecorder r;

  b64t_recorder_attach (&r, hh);
  gst_harness_set_sink_caps_str (hh, "video/x-raw,format=I420");
  gst_harness_set_src_caps_str (
      hh, "image/x-base64,framed=true,framerate=30/1");
  for (guint i = 0; i < 40; i++) {
    GstBuffer *buf = gst_buffer_new_memdup (texts[i], strlen (texts[i]));

    GST_BUFFER_PTS (buf) = i * DUR;
    if (i < 12) {
      gst_harness_push (hh, buf);
      continue;
    }
    if (i == 12)
      b64t_push_flush (hh);
    fail_unless_equals_int (gst_harness_push (hh, buf), GST_FLOW_OK);
  }
  fail_unless (gst_harness_push_event (hh, gst_event_new_eos ()));

  /* some of the first 12, then exactly 12..39, in order */
  check_after_flush (&r, FALSE, 12, 12, 28);
  gst_harness_teardown (hh);
  b64t_recorder_clear (&r);
  g_strfreev (texts);
}

GST_END_TEST;

/* ---- state changes with frames in flight --------------------------------- */

typedef struct
{
  GstHarness *h;
  GPtrArray *bufs;
} Pusher;

static gpointer
push_all (gpointer data)
{
  Pusher *p = data;

  for (guint i = 0; i < p->bufs->len; i++) {
    GstBuffer *buf = gst_buffer_copy (g_ptr_array_index (p->bufs, i));

    GST_BUFFER_PTS (buf) = i * DUR;
    if (gst_harness_push (p->h, buf) != GST_FLOW_OK)
      break;
  }
  return NULL;
}

/* Waits up to @ms ms until @want_any (or no) thread of the element is
 * listed: a thread names itself once it runs, and a joined one may stay
 * listed a moment (under qemu-user the join returns before the host
 * thread ends; that the workers are joined before stop returns is
 * test_b64imgworkers's to check). Returns how many are listed. */
static glong
wait_element_threads (gboolean want_any, guint ms)
{
  glong n = b64t_threads_named ("b64img-");

  for (guint i = 0; i < ms && (want_any ? n == 0 : n > 0); i++) {
    g_usleep (1000);
    n = b64t_threads_named ("b64img-");
  }
  return n;
}

/* Pushes @bufs from a thread and goes to NULL after @delay_ms; then no
 * thread of the element is left. */
static void
stop_in_flight (GstHarness *h, GPtrArray *bufs, guint delay_ms)
{
  Pusher p = { h, bufs };
  GThread *t;

  t = g_thread_new ("pusher", push_all, &p);
  g_usleep (delay_ms * 1000);
  fail_unless (wait_element_threads (TRUE, 1000) != 0);
  fail_unless_equals_int (gst_element_set_state (h->element, GST_STATE_NULL),
      GST_STATE_CHANGE_SUCCESS);
  g_thread_join (t);
  fail_unless (wait_element_threads (FALSE, 2000) <= 0);
  gst_harness_teardown (h);
}

GST_START_TEST (test_enc_state_change)
{
  static const guint delays[] = { 0, 15, 60 };
  GPtrArray *bufs
      = g_ptr_array_new_with_free_func ((GDestroyNotify) gst_buffer_unref);
  GstVideoInfo info;

  gst_video_info_set_format (&info, GST_VIDEO_FORMAT_I420, 1920, 1080);
  for (guint i = 0; i < 20; i++)
    g_ptr_array_add (bufs, b64t_numbered_frame (&info, i));
  for (guint d = 0; d < G_N_ELEMENTS (delays); d++) {
    GstHarness *hh = b64t_harness_threads ("b64imgenc", thread_counts[__i__]);

    gst_harness_set_src_caps_str (hh, "video/x-raw,format=I420,width=1920,"
                                      "height=1080,framerate=30/1");
    stop_in_flight (hh, bufs, delays[d]);
  }
  g_ptr_array_unref (bufs);
}

GST_END_TEST;

GST_START_TEST (test_dec_state_change)
{
  static const guint delays[] = { 0, 15, 60 };
  GPtrArray *bufs
      = g_ptr_array_new_with_free_func ((GDestroyNotify) gst_buffer_unref);

  for (guint i = 0; i < 20; i++) {
    gchar *t = b64t_numbered_b64_jpeg (1920, 1080, i);

    g_ptr_array_add (bufs, gst_buffer_new_wrapped (t, strlen (t)));
  }
  for (guint d = 0; d < G_N_ELEMENTS (delays); d++) {
    GstHarness *hh = b64t_harness_threads ("b64imgdec", thread_counts[__i__]);

    gst_harness_set_src_caps_str (
        hh, "image/x-base64,framed=true,framerate=30/1");
    stop_in_flight (hh, bufs, delays[d]);
  }
  g_ptr_array_unref (bufs);
}

GST_END_TEST;

/* ---- live: no waiting for the next frame --------------------------------- */

/* Waits up to 10 s until @h's sink got @n buffers. */
static gboolean
wait_received (GstHarness *h, guint n)
{
  gint64 end = g_get_monotonic_time () + 10 * G_TIME_SPAN_SECOND;

  while (gst_harness_buffers_received (h) < n) {
    if (g_get_monotonic_time () > end)
      return FALSE;
    g_usleep (1000);
  }
  return TRUE;
}

/* Counts the buffers @pad receives from @data's thread. */
static GstPadProbeReturn
count_from_thread (GstPad *pad, GstPadProbeInfo *info, gpointer data)
{
  gint *from = data;

  (void) pad;
  (void) info;
  if (g_thread_self () == g_object_get_data (G_OBJECT (pad), "thread"))
    g_atomic_int_inc (from);
  return GST_PAD_PROBE_OK;
}

/* Counts in @from the frames @h pushes from this thread. */
static void
watch_pushing_thread (GstHarness *h, gint *from)
{
  g_object_set_data (G_OBJECT (h->sinkpad), "thread", g_thread_self ());
  gst_pad_add_probe (
      h->sinkpad, GST_PAD_PROBE_TYPE_BUFFER, count_from_thread, from, NULL);
}

/* One frame at a time: each goes out with no further input. Sparse frames
 * (the pushing thread sleeps between them, as a live source does) run
 * inline once the work of one is known, pushed by the streaming thread as
 * with one thread. */
GST_START_TEST (test_live_one_at_a_time)
{
  gint threads = thread_counts[__i__];
  GstHarness *he = b64t_harness_threads ("b64imgenc", threads);
  GstHarness *hd = b64t_harness_threads ("b64imgdec", threads);
  gint enc_inline = 0, dec_inline = 0;
  GstVideoInfo info;

  watch_pushing_thread (he, &enc_inline);
  watch_pushing_thread (hd, &dec_inline);
  gst_video_info_set_format (&info, GST_VIDEO_FORMAT_I420, 320, 240);
  gst_harness_set_src_caps_str (he, "video/x-raw,format=I420,width=320,"
                                    "height=240,framerate=30/1");
  gst_harness_set_src_caps_str (
      hd, "image/x-base64,framed=true,framerate=30/1");
  for (guint i = 0; i < 10; i++) {
    GstBuffer *raw = b64t_numbered_frame (&info, i);
    gchar *b64 = b64t_numbered_b64_jpeg (320, 240, i);

    GST_BUFFER_PTS (raw) = i * DUR;
    g_usleep (10000); /* a live source waits for its clock */
    fail_unless_equals_int (gst_harness_push (he, raw), GST_FLOW_OK);
    fail_unless (wait_received (he, i + 1), "encoder held frame %u", i);
    g_usleep (10000);
    fail_unless_equals_int (
        gst_harness_push (hd, gst_buffer_new_wrapped (b64, strlen (b64))),
        GST_FLOW_OK);
    fail_unless (wait_received (hd, i + 1), "decoder held frame %u", i);
  }
  /* the first frame goes to the pool (nothing known yet), the second at
   * the latest runs inline */
  fail_unless (enc_inline >= 8, "%d of 10 encoded inline", enc_inline);
  fail_unless (dec_inline >= 8, "%d of 10 decoded inline", dec_inline);
  gst_harness_teardown (he);
  gst_harness_teardown (hd);
}

GST_END_TEST;

/* The encoder's frames that went out inline: pushed by the streaming
 * thread while it pushed that very frame. (It also pushes earlier frames
 * itself while it waits for a free job; those went to the pool.) */
typedef struct
{
  GThread *thread;
  gint pushing; /* the number of the frame being pushed */
  gint n_inline;
} InlineCount;

static GstPadProbeReturn
count_inline (GstPad *pad, GstPadProbeInfo *info, gpointer data)
{
  InlineCount *c = data;
  gint w, h;

  (void) pad;
  if (g_thread_self () == c->thread
      && (gint) b64t_text_number (GST_PAD_PROBE_INFO_BUFFER (info), &w, &h)
             == c->pushing)
    c->n_inline++;
  return GST_PAD_PROBE_OK;
}

/* A burst (upstream pushes as fast as it makes frames): the pool takes
 * them, and they still come out in order. */
GST_START_TEST (test_live_burst)
{
  GstHarness *h = b64t_harness_threads ("b64imgenc", thread_counts[__i__]);
  InlineCount c = { g_thread_self (), -1, 0 };
  GstVideoInfo info;

  gst_pad_add_probe (
      h->sinkpad, GST_PAD_PROBE_TYPE_BUFFER, count_inline, &c, NULL);
  gst_video_info_set_format (&info, GST_VIDEO_FORMAT_I420, 640, 480);
  gst_harness_set_src_caps_str (h, "video/x-raw,format=I420,width=640,"
                                   "height=480,framerate=30/1");
  for (guint i = 0; i < 40; i++) {
    GstBuffer *raw = b64t_numbered_frame (&info, i);

    GST_BUFFER_PTS (raw) = i * DUR;
    c.pushing = i;
    fail_unless_equals_int (gst_harness_push (h, raw), GST_FLOW_OK);
  }
  c.pushing = -1;
  fail_unless (gst_harness_push_event (h, gst_event_new_eos ()));
  fail_unless_equals_int (gst_harness_buffers_received (h), 40);
  for (guint i = 0; i < 40; i++) {
    GstBuffer *buf = gst_harness_pull (h);
    gint w, hh;

    fail_unless_equals_int (b64t_text_number (buf, &w, &hh), i);
    gst_buffer_unref (buf);
  }
  fail_unless (
      c.n_inline < 20, "%d of 40 frames of a burst inline", c.n_inline);
  gst_harness_teardown (h);
}

GST_END_TEST;

/* ---- latency and the property -------------------------------------------- */

/* threads - 1 frames live (at most one frame a thread in flight), one more
 * otherwise; none with one thread */
static GstClockTime
expected_latency (gint threads, gboolean live)
{
  guint n = threads > 0 ? (guint) threads : g_get_num_processors ();

  if (n == 1)
    return 0;
  return gst_util_uint64_scale (GST_SECOND, live ? n - 1 : n, FPS);
}

/* The latency @name in @h set, and, live, what a latency query finds (a
 * non-live query adds no element's latency). */
static void
check_latency (GstHarness *h, const gchar *name, gint threads, gboolean live)
{
  GstElement *e = gst_harness_find_element (h, name);
  GstClockTime min, max;

  if (GST_IS_VIDEO_ENCODER (e))
    gst_video_encoder_get_latency (GST_VIDEO_ENCODER (e), &min, &max);
  else
    gst_video_decoder_get_latency (GST_VIDEO_DECODER (e), &min, &max);
  fail_unless_equals_uint64 (min, expected_latency (threads, live));
  fail_unless_equals_uint64 (max, min);
  if (live)
    fail_unless_equals_uint64 (gst_harness_query_latency (h), min);
  gst_object_unref (e);
}

GST_START_TEST (test_latency)
{
  static const gint counts[] = { 1, 2, 4, 0 };
  GstVideoInfo info;

  gst_video_info_set_format (&info, GST_VIDEO_FORMAT_I420, 64, 48);
  for (guint i = 0; i < 2 * G_N_ELEMENTS (counts); i++) {
    const gint threads = counts[i / 2];
    const gboolean live = i % 2 == 0;
    GstHarness *he = b64t_harness_threads ("b64imgenc", threads);
    GstHarness *hd = b64t_harness_threads ("b64imgdec", threads);
    gchar *b64 = b64t_numbered_b64_jpeg (64, 48, 1);

    gst_harness_set_live (he, live);
    gst_harness_set_live (hd, live);

    gst_harness_set_src_caps_str (he, "video/x-raw,format=I420,width=64,"
                                      "height=48,framerate=30/1");
    fail_unless_equals_int (
        gst_harness_push (he, b64t_numbered_frame (&info, 1)), GST_FLOW_OK);
    check_latency (he, "b64imgenc", threads, live);

    gst_harness_set_src_caps_str (
        hd, "image/x-base64,framed=true,framerate=30/1");
    fail_unless_equals_int (
        gst_harness_push (hd, gst_buffer_new_wrapped (b64, strlen (b64))),
        GST_FLOW_OK);
    check_latency (hd, "b64imgdec", threads, live);
    gst_harness_teardown (he);
    gst_harness_teardown (hd);
  }
}

GST_END_TEST;

GST_START_TEST (test_property)
{
  static const gchar *names[] = { "b64imgenc", "b64imgdec" };

  for (guint i = 0; i < G_N_ELEMENTS (names); i++) {
    GstElement *e = gst_element_factory_make (names[i], NULL);
    GParamSpec *ps
        = g_object_class_find_property (G_OBJECT_GET_CLASS (e), "threads");
    GParamSpecInt *pi = G_PARAM_SPEC_INT (ps);
    gint v = -1;

    fail_unless (ps != NULL);
    g_object_get (e, "threads", &v, NULL);
    fail_unless_equals_int (v, 1);
    fail_unless_equals_int (pi->minimum, 0);
    fail_unless_equals_int (pi->maximum, 64);
    fail_unless (ps->flags & GST_PARAM_MUTABLE_READY);
    gst_object_unref (e);
  }
}

GST_END_TEST;

static Suite *
b64imgthreads_suite (void)
{
  Suite *s = suite_create ("b64imgthreads");
  TCase *te = b64t_add_tcase (s, "encoder", 0);
  TCase *td = b64t_add_tcase (s, "decoder", 0);
  TCase *tl = b64t_add_tcase (s, "life-cycle", 0);
  gint n = G_N_ELEMENTS (thread_counts);

  tcase_add_loop_test (te, test_enc_order_and_bytes, 0, n);
  tcase_add_test (te, test_enc_flush);

  tcase_add_loop_test (td, test_dec_order_framed, 0, n);
  tcase_add_loop_test (td, test_dec_order_stream, 0, n);
  tcase_add_test (td, test_dec_size_change_and_bad);
  tcase_add_test (td, test_dec_flush);

  tcase_add_loop_test (tl, test_enc_state_change, 0, n);
  tcase_add_loop_test (tl, test_dec_state_change, 0, n);
  tcase_add_loop_test (tl, test_live_one_at_a_time, 0, n);
  tcase_add_loop_test (tl, test_live_burst, 0, n);
  tcase_add_test (tl, test_latency);
  tcase_add_test (tl, test_property);
  return s;
}

GST_CHECK_MAIN (b64imgthreads);
