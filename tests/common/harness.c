/* b64img — helpers of the element tests (see harness.h)
 * Copyright (C) 2026 The b64img authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include "harness.h"
#include "gstb64imgformats.h"

#include <string.h>

/* ---- formats ----------------------------------------------------------- */

/* The names in a caps list "{ A, B, ... }", in order, NULL-terminated. */
static gchar **
parse_formats (const gchar *list, gboolean yuv_only)
{
  gchar *str = g_strdup_printf ("video/x-raw, format=(string)%s", list);
  GstCaps *caps = gst_caps_from_string (str);
  const GValue *v;
  GPtrArray *out = g_ptr_array_new ();

  g_assert_nonnull (caps);
  v = gst_structure_get_value (gst_caps_get_structure (caps, 0), "format");
  g_assert_true (GST_VALUE_HOLDS_LIST (v));
  for (guint i = 0; i < gst_value_list_get_size (v); i++) {
    const gchar *name = g_value_get_string (gst_value_list_get_value (v, i));
    const GstVideoFormatInfo *fi
        = gst_video_format_get_info (gst_video_format_from_string (name));

    if (!yuv_only || GST_VIDEO_FORMAT_INFO_IS_YUV (fi))
      g_ptr_array_add (out, g_strdup (name));
  }
  g_ptr_array_add (out, NULL);
  gst_caps_unref (caps);
  g_free (str);
  return (gchar **) g_ptr_array_free (out, FALSE);
}

static const gchar *const *
formats_once (gchar ***cache, gboolean yuv_only, guint *n)
{
  if (g_once_init_enter (cache))
    g_once_init_leave (
        cache, parse_formats (GST_B64IMG_VIDEO_FORMATS, yuv_only));
  if (n)
    *n = g_strv_length (*cache);
  return (const gchar *const *) *cache;
}

const gchar *const *
b64t_enc_formats (guint *n)
{
  static gchar **all;

  return formats_once (&all, FALSE, n);
}

const gchar *const *
b64t_yuv_formats (guint *n)
{
  static gchar **yuv;

  return formats_once (&yuv, TRUE, n);
}

/* ---- suites ------------------------------------------------------------ */

TCase *
b64t_add_tcase (Suite *s, const gchar *name, gint timeout)
{
  TCase *tc = tcase_create (name);

  suite_add_tcase (s, tc);
  if (timeout > 0)
    tcase_set_timeout (tc, timeout);
  return tc;
}

/* ---- a harness with a bus ---------------------------------------------- */

GstHarness *
b64t_harness_threads (const gchar *element, gint threads)
{
  gchar *desc = g_strdup_printf ("%s threads=%d", element, threads);
  GstHarness *h = gst_harness_new_parse (desc);

  g_free (desc);
  fail_unless (h != NULL);
  return h;
}

void
b64t_set_raw_caps (
    GstHarness *h, GstVideoFormat fmt, gint w, gint hgt, gint fps)
{
  gchar *caps = g_strdup_printf (
      "video/x-raw, format=%s, width=%d, height=%d, framerate=%d/1",
      gst_video_format_to_string (fmt), w, hgt, fps);

  gst_harness_set_src_caps_str (h, caps);
  g_free (caps);
}

gchar *
b64t_encode_frame_text (const gchar *launch, GstVideoFormat fmt, gint w,
    gint hgt, gint fps, GstBuffer *frame, GstCaps **caps)
{
  GstHarness *h = gst_harness_new_parse (launch);
  GstBuffer *out;
  GstMapInfo map;
  gchar *text;

  b64t_set_raw_caps (h, fmt, w, hgt, fps);
  fail_unless_equals_int (
      gst_harness_push (h, gst_buffer_ref (frame)), GST_FLOW_OK);
  out = gst_harness_pull (h);
  fail_unless (out != NULL);
  fail_unless (gst_buffer_map (out, &map, GST_MAP_READ));
  text = g_strndup ((const gchar *) map.data, map.size);
  fail_unless_equals_uint64 (strlen (text), map.size);
  gst_buffer_unmap (out, &map);
  gst_buffer_unref (out);
  if (caps)
    *caps = gst_pad_get_current_caps (h->sinkpad);
  gst_harness_teardown (h);
  return text;
}

/* The child of @bin made by @factory, or NULL. */
static GstElement *
child_of_factory (GstBin *bin, const gchar *factory)
{
  GstElement *found = NULL;
  GstIterator *it = gst_bin_iterate_elements (bin);
  GValue v = G_VALUE_INIT;

  while (!found && gst_iterator_next (it, &v) == GST_ITERATOR_OK) {
    GstElement *child = g_value_get_object (&v);
    GstElementFactory *fac = gst_element_get_factory (child);

    if (fac && g_str_equal (GST_OBJECT_NAME (fac), factory))
      found = gst_object_ref (child);
    g_value_reset (&v);
  }
  g_value_unset (&v);
  gst_iterator_free (it);
  return found;
}

/* @e itself, or its b64imgdec, or its b64imgenc. */
static GstElement *
find_b64img_element (GstElement *e)
{
  GstElement *found;

  if (!GST_IS_BIN (e))
    return gst_object_ref (e);
  found = child_of_factory (GST_BIN (e), "b64imgdec");
  return found ? found : child_of_factory (GST_BIN (e), "b64imgenc");
}

void
b64t_open (B64tRun *r, const gchar *pipeline, const gchar *src_caps,
    const gchar *sink_caps)
{
  r->h = gst_harness_new_parse (pipeline);
  fail_unless (r->h != NULL, "cannot parse %s", pipeline);
  r->element = find_b64img_element (r->h->element);
  fail_unless (r->element != NULL, "no b64img element in %s", pipeline);
  g_queue_init (&r->msgs);
  r->bus = gst_bus_new ();
  gst_element_set_bus (r->h->element, r->bus);
  if (sink_caps)
    gst_harness_set_sink_caps_str (r->h, sink_caps);
  if (src_caps)
    gst_harness_set_src_caps_str (r->h, src_caps);
  else
    b64t_start_byte_stream (r->h);
}

void
b64t_start_byte_stream (GstHarness *h)
{
  GstSegment seg;

  gst_segment_init (&seg, GST_FORMAT_BYTES);
  fail_unless (
      gst_harness_push_event (h, gst_event_new_stream_start ("b64text")));
  fail_unless (gst_harness_push_event (h, gst_event_new_segment (&seg)));
}

void
b64t_close (B64tRun *r)
{
  gst_element_set_bus (r->h->element, NULL);
  g_queue_clear_full (&r->msgs, (GDestroyNotify) gst_message_unref);
  gst_object_unref (r->bus);
  gst_object_unref (r->element);
  gst_harness_teardown (r->h);
}

guint
b64t_count_messages (B64tRun *r, GstMessageType type, const gchar *must_contain,
    gchar **first_text)
{
  GstMessage *m;
  GList *l, *next;
  guint n = 0;

  /* gst_bus_pop_filtered () would drop the other types */
  while ((m = gst_bus_pop (r->bus)))
    g_queue_push_tail (&r->msgs, m);
  for (l = r->msgs.head; l; l = next) {
    GError *err = NULL;
    gchar *dbg = NULL;

    next = l->next;
    m = l->data;
    if (GST_MESSAGE_TYPE (m) != type)
      continue;
    g_queue_delete_link (&r->msgs, l);

    if (type == GST_MESSAGE_WARNING)
      gst_message_parse_warning (m, &err, &dbg);
    else
      gst_message_parse_error (m, &err, &dbg);
    if (must_contain) {
      gchar *low = g_ascii_strdown (err->message, -1);
      gchar *want = g_ascii_strdown (must_contain, -1);

      fail_unless (strstr (low, want) != NULL,
          "message \"%s\" does not name \"%s\"", err->message, must_contain);
      g_free (low);
      g_free (want);
    }
    if (first_text && !*first_text)
      *first_text = g_strdup (err->message);
    g_clear_error (&err);
    g_free (dbg);
    gst_message_unref (m);
    n++;
  }
  return n;
}

guint
b64t_bus_count_warnings (GstBus *bus)
{
  GstMessage *m;
  guint n = 0;

  while ((m = gst_bus_pop_filtered (bus, GST_MESSAGE_WARNING))) {
    n++;
    gst_message_unref (m);
  }
  return n;
}

static void
parse_message (GstMessage *msg, GError **err, gchar **debug)
{
  if (GST_MESSAGE_TYPE (msg) == GST_MESSAGE_ERROR)
    gst_message_parse_error (msg, err, debug);
  else
    gst_message_parse_warning (msg, err, debug);
}

gchar *
b64t_message_text (GstMessage *msg)
{
  GError *err = NULL;
  gchar *debug = NULL, *text;

  parse_message (msg, &err, &debug);
  text = g_strdup_printf ("%s: %s (%s)", GST_MESSAGE_TYPE_NAME (msg),
      err->message, debug ? debug : "");
  g_clear_error (&err);
  g_free (debug);
  return text;
}

gboolean
b64t_message_says (GstMessage *msg, const gchar *reasons)
{
  GError *err = NULL;
  gchar *debug = NULL, *both, *text, **alts;
  gboolean ok = FALSE;

  parse_message (msg, &err, &debug);
  GST_INFO ("%s: %s (%s)", GST_MESSAGE_TYPE_NAME (msg), err->message,
      debug ? debug : "");
  both = g_strconcat (err->message, " ", debug ? debug : "", NULL);
  text = g_ascii_strdown (both, -1);
  alts = g_strsplit (reasons, "|", -1);
  for (gchar **a = alts; *a && !ok; a++) {
    gchar *want = g_ascii_strdown (*a, -1);

    ok = strstr (text, want) != NULL;
    g_free (want);
  }
  g_strfreev (alts);
  g_free (text);
  g_free (both);
  g_clear_error (&err);
  g_free (debug);
  return ok;
}

void
b64t_assert_no_warning (GstBus *bus, const gchar *what)
{
  GstMessage *msg
      = gst_bus_pop_filtered (bus, GST_MESSAGE_WARNING | GST_MESSAGE_ERROR);

  if (msg) {
    gchar *text = b64t_message_text (msg);

    ck_abort_msg ("%s: %s", what, text);
    g_free (text);
  }
}

void
b64t_push_flush (GstHarness *h)
{
  GstSegment seg;

  fail_unless (gst_harness_push_event (h, gst_event_new_flush_start ()));
  fail_unless (gst_harness_push_event (h, gst_event_new_flush_stop (TRUE)));
  gst_segment_init (&seg, GST_FORMAT_TIME);
  fail_unless (gst_harness_push_event (h, gst_event_new_segment (&seg)));
}

/* ---- pushing text ------------------------------------------------------ */

GstFlowReturn
b64t_push_text (GstHarness *h, const gchar *text, gsize len, GstClockTime pts)
{
  GstBuffer *b = gst_buffer_new_memdup (text, len);

  GST_BUFFER_PTS (b) = pts;
  return gst_harness_push (h, b);
}

GstFlowReturn
b64t_push_str (GstHarness *h, const gchar *text)
{
  return b64t_push_text (h, text, strlen (text), GST_CLOCK_TIME_NONE);
}

GstFlowReturn
b64t_push_frame (GstHarness *h, const gchar *b64, gboolean framed)
{
  GstFlowReturn ret;
  gchar *line;

  if (framed)
    return b64t_push_str (h, b64);
  line = g_strconcat (b64, "\n", NULL);
  ret = b64t_push_str (h, line);
  g_free (line);
  return ret;
}

void
b64t_push_pieces (GstHarness *h, const gchar *text, GRand *rand, gint max)
{
  gsize len = strlen (text), pos = 0;

  if (!rand) {
    fail_unless_equals_int (
        b64t_push_text (h, text, len, GST_CLOCK_TIME_NONE), GST_FLOW_OK);
    return;
  }
  while (pos < len) {
    gsize n = g_rand_int_range (rand, 1, max + 1); /* MIN evaluates twice */

    n = MIN (n, len - pos);
    fail_unless_equals_int (
        b64t_push_text (h, text + pos, n, GST_CLOCK_TIME_NONE), GST_FLOW_OK);
    pos += n;
  }
}

/* ---- what came out ----------------------------------------------------- */

GstCaps *
b64t_current_caps (GstHarness *h)
{
  GstCaps *caps = gst_pad_get_current_caps (h->sinkpad);

  fail_unless (caps != NULL, "no caps downstream");
  return caps;
}

void
b64t_current_info (GstHarness *h, GstVideoInfo *info)
{
  GstCaps *caps = b64t_current_caps (h);

  fail_unless (
      gst_video_info_from_caps (info, caps), "bad caps %" GST_PTR_FORMAT, caps);
  gst_caps_unref (caps);
}

const gchar *
b64t_current_format (GstHarness *h)
{
  GstVideoInfo info;

  b64t_current_info (h, &info);
  return gst_video_format_to_string (GST_VIDEO_INFO_FORMAT (&info));
}

GPtrArray *
b64t_pull_caps_events (GstHarness *h)
{
  GPtrArray *caps
      = g_ptr_array_new_with_free_func ((GDestroyNotify) gst_caps_unref);
  GstEvent *ev;

  while ((ev = gst_harness_try_pull_event (h))) {
    if (GST_EVENT_TYPE (ev) == GST_EVENT_CAPS) {
      GstCaps *c;

      gst_event_parse_caps (ev, &c);
      g_ptr_array_add (caps, gst_caps_ref (c));
    }
    gst_event_unref (ev);
  }
  return caps;
}

void
b64t_append_pixels (GByteArray *a, GstBuffer *buf, GstCaps *caps)
{
  GstVideoInfo info;
  GstVideoFrame f;

  fail_unless (gst_video_info_from_caps (&info, caps));
  fail_unless (gst_video_frame_map (&f, &info, buf, GST_MAP_READ));
  for (guint p = 0; p < GST_VIDEO_FRAME_N_PLANES (&f); p++) {
    gint comp[GST_VIDEO_MAX_COMPONENTS];
    gint w, h;

    gst_video_format_info_component (info.finfo, p, comp);
    w = GST_VIDEO_FRAME_COMP_WIDTH (&f, comp[0])
        * GST_VIDEO_FRAME_COMP_PSTRIDE (&f, comp[0]);
    h = GST_VIDEO_FRAME_COMP_HEIGHT (&f, comp[0]);
    for (gint y = 0; y < h; y++)
      g_byte_array_append (a,
          (const guint8 *) GST_VIDEO_FRAME_PLANE_DATA (&f, p)
              + (gsize) y * GST_VIDEO_FRAME_PLANE_STRIDE (&f, p),
          w);
  }
  gst_video_frame_unmap (&f);
}

/* ---- raw frames -------------------------------------------------------- */

GstBuffer *
b64t_frame_from_samples (
    const GstVideoInfo *info, B64tSampleFunc fn, gpointer user)
{
  GstBuffer *buf = gst_buffer_new_allocate (NULL, info->size, NULL);
  GstVideoFrame f;

  fail_unless (
      gst_video_frame_map (&f, (GstVideoInfo *) info, buf, GST_MAP_WRITE));
  for (guint c = 0; c < GST_VIDEO_FRAME_N_COMPONENTS (&f); c++) {
    guint8 *data = GST_VIDEO_FRAME_COMP_DATA (&f, c);
    gint stride = GST_VIDEO_FRAME_COMP_STRIDE (&f, c);
    gint ps = GST_VIDEO_FRAME_COMP_PSTRIDE (&f, c);

    for (gint y = 0; y < GST_VIDEO_FRAME_COMP_HEIGHT (&f, c); y++)
      for (gint x = 0; x < GST_VIDEO_FRAME_COMP_WIDTH (&f, c); x++)
        data[(gsize) y * stride + (gsize) x * ps] = fn (info, c, x, y, user);
  }
  gst_video_frame_unmap (&f);
  return buf;
}

GstBuffer *
b64t_random_frame (GRand *rand, const GstVideoInfo *info)
{
  GstBuffer *buf = gst_buffer_new_allocate (NULL, info->size, NULL);
  GstMapInfo map;

  fail_unless (gst_buffer_map (buf, &map, GST_MAP_WRITE));
  for (gsize i = 0; i < map.size; i++)
    map.data[i] = g_rand_int (rand) & 0xff;
  gst_buffer_unmap (buf, &map);
  return buf;
}

GstBuffer *
b64t_convert (
    GstVideoFrame *src, const GstVideoInfo *info, GstStructure *options)
{
  GstVideoInfo out = *info;
  GstVideoConverter *conv;
  GstBuffer *buf;
  GstVideoFrame f;

  gst_video_info_set_format (&out, GST_VIDEO_INFO_FORMAT (info),
      GST_VIDEO_INFO_WIDTH (info), GST_VIDEO_INFO_HEIGHT (info));
  out.colorimetry = info->colorimetry;
  out.chroma_site = info->chroma_site;
  /* GstVideoConverter converts pixels, not rates */
  out.fps_n = src->info.fps_n;
  out.fps_d = src->info.fps_d;
  buf = gst_buffer_new_allocate (NULL, out.size, NULL);
  conv = gst_video_converter_new (&src->info, &out, options);
  fail_unless (conv != NULL);
  fail_unless (gst_video_frame_map (&f, &out, buf, GST_MAP_WRITE));
  gst_video_converter_frame (conv, src, &f);
  gst_video_frame_unmap (&f);
  gst_video_converter_free (conv);
  return buf;
}

GstBuffer *
b64t_make_raw (const GstVideoInfo *info, guint seed)
{
  GstVideoInfo rgb_info;
  GstVideoFrame in, out;
  GstBuffer *rgb, *buf;
  GstVideoConverter *conv;
  guint8 *pix;
  gint w = GST_VIDEO_INFO_WIDTH (info), h = GST_VIDEO_INFO_HEIGHT (info);

  gst_video_info_set_format (&rgb_info, GST_VIDEO_FORMAT_RGB, w, h);
  rgb_info.fps_n = info->fps_n;
  rgb_info.fps_d = info->fps_d;
  rgb = gst_buffer_new_allocate (NULL, rgb_info.size, NULL);
  pix = b64t_smooth_rgb (w, h, seed);
  fail_unless (gst_video_frame_map (&in, &rgb_info, rgb, GST_MAP_WRITE));
  for (gint y = 0; y < h; y++)
    memcpy ((guint8 *) GST_VIDEO_FRAME_PLANE_DATA (&in, 0)
                + (gsize) y * GST_VIDEO_FRAME_PLANE_STRIDE (&in, 0),
        pix + (gsize) y * w * 3, (gsize) w * 3);
  gst_video_frame_unmap (&in);
  g_free (pix);

  buf = gst_buffer_new_allocate (NULL, info->size, NULL);
  fail_unless (gst_video_frame_map (&in, &rgb_info, rgb, GST_MAP_READ));
  fail_unless (
      gst_video_frame_map (&out, (GstVideoInfo *) info, buf, GST_MAP_WRITE));
  conv = gst_video_converter_new (&rgb_info, (GstVideoInfo *) info, NULL);
  gst_video_converter_frame (conv, &in, &out);
  gst_video_converter_free (conv);
  if (GST_VIDEO_INFO_HAS_ALPHA (info)) {
    gint a = GST_VIDEO_INFO_COMP_POFFSET (info, 3);
    for (gint y = 0; y < h; y++)
      for (gint x = 0; x < w; x++)
        ((guint8 *) GST_VIDEO_FRAME_PLANE_DATA (
            &out, 0))[y * GST_VIDEO_FRAME_PLANE_STRIDE (&out, 0) + x * 4 + a]
            = x * 7;
  }
  gst_video_frame_unmap (&out);
  gst_video_frame_unmap (&in);
  gst_buffer_unref (rgb);
  return buf;
}

/* Y41B as Y42B, each chroma sample twice (as libjpeg upsamples 4:1:1):
 * GstVideoConverter's own Y41B unpack is wrong on arm64 with ORC 0.4.33's
 * NEON code (chroma one pixel pair late; see docs/design.md), so RGB
 * references never go through it. */
static GstBuffer *
y41b_as_y42b (GstBuffer *buf, const GstVideoInfo *info, GstVideoInfo *wide)
{
  GstVideoFrame in, out;
  GstBuffer *res;

  gst_video_info_set_format (
      wide, GST_VIDEO_FORMAT_Y42B, info->width, info->height);
  wide->fps_n = info->fps_n;
  wide->fps_d = info->fps_d;
  wide->colorimetry = info->colorimetry;
  wide->chroma_site = info->chroma_site;
  res = gst_buffer_new_allocate (NULL, wide->size, NULL);
  fail_unless (
      gst_video_frame_map (&in, (GstVideoInfo *) info, buf, GST_MAP_READ));
  fail_unless (gst_video_frame_map (&out, wide, res, GST_MAP_WRITE));
  for (guint c = 0; c < 3; c++) {
    for (gint y = 0; y < GST_VIDEO_FRAME_COMP_HEIGHT (&out, c); y++) {
      const guint8 *s = (const guint8 *) GST_VIDEO_FRAME_COMP_DATA (&in, c)
                        + (gsize) y * GST_VIDEO_FRAME_COMP_STRIDE (&in, c);
      guint8 *d = (guint8 *) GST_VIDEO_FRAME_COMP_DATA (&out, c)
                  + (gsize) y * GST_VIDEO_FRAME_COMP_STRIDE (&out, c);

      for (gint x = 0; x < GST_VIDEO_FRAME_COMP_WIDTH (&out, c); x++)
        d[x] = s[c == 0 ? x : x / 2];
    }
  }
  gst_video_frame_unmap (&out);
  gst_video_frame_unmap (&in);
  return res;
}

static guint8 *
converted_rgb (GstBuffer *buf, const GstVideoInfo *info)
{
  GstVideoInfo rgb_info;
  GstVideoFrame in, out;
  GstBuffer *rgb;
  GstVideoConverter *conv;
  gint w = GST_VIDEO_INFO_WIDTH (info), h = GST_VIDEO_INFO_HEIGHT (info);
  guint8 *pix = g_malloc ((gsize) w * h * 3);

  gst_video_info_set_format (&rgb_info, GST_VIDEO_FORMAT_RGB, w, h);
  rgb_info.fps_n = info->fps_n;
  rgb_info.fps_d = info->fps_d;
  rgb = gst_buffer_new_allocate (NULL, rgb_info.size, NULL);
  fail_unless (
      gst_video_frame_map (&in, (GstVideoInfo *) info, buf, GST_MAP_READ));
  fail_unless (gst_video_frame_map (&out, &rgb_info, rgb, GST_MAP_WRITE));
  conv = gst_video_converter_new ((GstVideoInfo *) info, &rgb_info, NULL);
  gst_video_converter_frame (conv, &in, &out);
  gst_video_converter_free (conv);
  for (gint y = 0; y < h; y++)
    memcpy (pix + (gsize) y * w * 3,
        (guint8 *) GST_VIDEO_FRAME_PLANE_DATA (&out, 0)
            + (gsize) y * GST_VIDEO_FRAME_PLANE_STRIDE (&out, 0),
        (gsize) w * 3);
  gst_video_frame_unmap (&out);
  gst_video_frame_unmap (&in);
  gst_buffer_unref (rgb);
  return pix;
}

guint8 *
b64t_to_rgb (GstBuffer *buf, const GstVideoInfo *info)
{
  GstVideoInfo wide;
  GstBuffer *w;
  guint8 *pix;

  if (GST_VIDEO_INFO_FORMAT (info) != GST_VIDEO_FORMAT_Y41B)
    return converted_rgb (buf, info);
  w = y41b_as_y42b (buf, info, &wide);
  pix = converted_rgb (w, &wide);
  gst_buffer_unref (w);
  return pix;
}

void
b64t_info_from_string (GstVideoInfo *info, const gchar *caps_str)
{
  GstCaps *caps = gst_caps_from_string (caps_str);

  fail_unless (caps != NULL, "bad caps %s", caps_str);
  fail_unless (gst_video_info_from_caps (info, caps), "bad caps %s", caps_str);
  gst_caps_unref (caps);
}
