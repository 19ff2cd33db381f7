/* b64img — GstHarness tests of b64imgdec
 * Copyright (C) 2026 The b64img authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * JPEGs are made here with TurboJPEG, base64-encoded with GLib and fed to
 * the decoder as framed buffers and as a text stream; the pixels that come
 * out are compared with TurboJPEG's own decode of the same bytes:
 *
 *  - packed RGB formats and GRAY8: exactly equal to tjDecompress2 () into
 *    the same pixel format (the decoder takes that very path);
 *  - planar YUV of the JPEG's own sampling (I420/YV12 for 4:2:0, Y42B,
 *    Y444, Y41B, and Y444 for 4:4:0 with the chroma rows doubled): exactly
 *    equal to tjDecompressToYUVPlanes ();
 *  - the same sampling repacked (NV12/NV21 from 4:2:0, YUY2/UYVY/YVYU from
 *    4:2:2) and YUV from a grayscale JPEG (chroma 128): exact too — a
 *    repack loses nothing;
 *  - any other YUV output (a chroma resampling by the decoder): luma exact
 *    within TOL_LUMA, chroma within TOL_CHROMA_MAX of the reference sample
 *    at the same place (nearest), and TOL_CHROMA_MEAN on average. The test
 *    image is smooth (at most about 4 levels per pixel), so a resampling
 *    filter moves chroma only a few levels.
 */

#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <gst/check/gstcheck.h>
#include <gst/check/gstharness.h>
#include <gst/video/video.h>
#include <turbojpeg.h>

#include <stdio.h>
#include <string.h>
#include <jpeglib.h> /* after stdio.h, which it needs */

#define TOL_LUMA        1
#define TOL_CHROMA_MAX  12
#define TOL_CHROMA_MEAN 3.0
/* round trip b64imgenc ! b64imgdec at the encoder's default quality,
 * measured in RGB after converting both ends with GstVideoConverter */
#define MIN_ROUND_TRIP_PSNR 35.0

static const struct
{
  int samp;
  const gchar *name;
  const gchar *native;
} samplings[] = {
  { TJSAMP_444, "444", "Y444" },
  { TJSAMP_422, "422", "Y42B" },
  { TJSAMP_420, "420", "I420" },
  { TJSAMP_440, "440", "Y444" },
  { TJSAMP_411, "411", "Y41B" },
  { TJSAMP_GRAY, "gray", "GRAY8" },
};

static const gint sizes[][2] = {
  { 1, 1 },
  { 3, 3 },
  { 17, 9 },
  { 35, 35 },
  { 641, 479 },
};

static const gchar *out_formats[] = {
  "I420",
  "YV12",
  "Y42B",
  "Y444",
  "Y41B",
  "GRAY8",
  "NV12",
  "NV21",
  "YUY2",
  "UYVY",
  "YVYU",
  "RGB",
  "BGR",
  "RGBx",
  "xRGB",
  "BGRx",
  "xBGR",
  "RGBA",
  "BGRA",
  "ARGB",
  "ABGR",
};

static const gchar *enc_formats[] = {
  "I420",
  "YV12",
  "YUY2",
  "UYVY",
  "YVYU",
  "Y41B",
  "Y42B",
  "Y444",
  "NV12",
  "NV21",
  "RGB",
  "BGR",
  "RGBx",
  "xRGB",
  "BGRx",
  "xBGR",
  "GRAY8",
  "RGBA",
  "BGRA",
  "ARGB",
  "ABGR",
};

/* ---- test images --------------------------------------------------------- */

/* 0..255..0.. with a slope of one level per unit */
static gint
tri (gint v)
{
  v %= 510;
  return v < 256 ? v : 510 - v;
}

/* A smooth, asymmetric RGB picture: each channel moves at most a few
 * levels per pixel, and R, G, B differ so that swapped planes show. */
static guint8 *
make_rgb (gint w, gint h, guint seed)
{
  guint8 *rgb = g_malloc ((gsize) w * h * 3);

  for (gint y = 0; y < h; y++) {
    for (gint x = 0; x < w; x++) {
      guint8 *p = rgb + ((gsize) y * w + x) * 3;

      p[0] = tri (40 + 3 * x + seed * 17);
      p[1] = tri (200 + 2 * y + x + seed * 5);
      p[2] = 60 + tri (2 * x + 2 * y + seed * 31) * 140 / 255;
    }
  }
  return rgb;
}

static guint8 *
make_jpeg_full (
    gint w, gint h, int samp, int quality, guint seed, int flags, gsize *len)
{
  tjhandle tj = tjInitCompress ();
  guint8 *rgb = make_rgb (w, h, seed);
  unsigned char *out = NULL;
  unsigned long size = 0;
  guint8 *copy;

  fail_unless (tj != NULL);
  fail_unless (tjCompress2 (tj, rgb, w, w * 3, h, TJPF_RGB, &out, &size, samp,
                   quality, flags)
                   == 0,
      "tjCompress2: %s", tjGetErrorStr2 (tj));
  copy = g_memdup2 (out, size);
  *len = size;
  tjFree (out);
  tjDestroy (tj);
  g_free (rgb);
  return copy;
}

static guint8 *
make_jpeg (gint w, gint h, int samp, guint seed, gsize *len)
{
  return make_jpeg_full (w, h, samp, 90, seed, 0, len);
}

static gchar *
make_b64 (gint w, gint h, int samp, guint seed)
{
  gsize len;
  guint8 *jpeg = make_jpeg (w, h, samp, seed, &len);
  gchar *text = g_base64_encode (jpeg, len);

  g_free (jpeg);
  return text;
}

/* ---- references from TurboJPEG ------------------------------------------- */

typedef struct
{
  gint w, h;
  int samp;
  guint n;
  guint8 *plane[3];
  gint pw[3], ph[3];
  gint hf, vf; /* chroma subsampling factors */
} RefYuv;

static void
ref_yuv_init (RefYuv *r, const guint8 *jpeg, gsize len)
{
  tjhandle tj = tjInitDecompress ();
  int cs;

  memset (r, 0, sizeof (*r));
  fail_unless (
      tjDecompressHeader3 (tj, jpeg, len, &r->w, &r->h, &r->samp, &cs) == 0);
  r->n = r->samp == TJSAMP_GRAY ? 1 : 3;
  for (guint i = 0; i < r->n; i++) {
    r->pw[i] = tjPlaneWidth (i, r->w, r->samp);
    r->ph[i] = tjPlaneHeight (i, r->h, r->samp);
    r->plane[i] = g_malloc ((gsize) r->pw[i] * r->ph[i]);
  }
  r->hf = tjMCUWidth[r->samp] / 8;
  r->vf = tjMCUHeight[r->samp] / 8;
  fail_unless (
      tjDecompressToYUVPlanes (tj, jpeg, len, r->plane, 0, r->pw, 0, 0) == 0,
      "%s", tjGetErrorStr2 (tj));
  tjDestroy (tj);
}

static void
ref_yuv_clear (RefYuv *r)
{
  for (guint i = 0; i < 3; i++)
    g_free (r->plane[i]);
}

/* component @c of pixel (x, y), nearest chroma sample */
static gint
ref_yuv_at (const RefYuv *r, guint c, gint x, gint y)
{
  if (c == 0)
    return r->plane[0][(gsize) y * r->pw[0] + x];
  if (r->n == 1)
    return 128;
  return r->plane[c][(gsize) (y / r->vf) * r->pw[c] + x / r->hf];
}

static guint8 *
ref_packed (const guint8 *jpeg, gsize len, int pf, gint *w, gint *h)
{
  tjhandle tj = tjInitDecompress ();
  int samp, cs;
  guint8 *pix;

  fail_unless (tjDecompressHeader3 (tj, jpeg, len, w, h, &samp, &cs) == 0);
  pix = g_malloc ((gsize) *w * *h * tjPixelSize[pf]);
  fail_unless (
      tjDecompress2 (tj, jpeg, len, pix, *w, *w * tjPixelSize[pf], *h, pf, 0)
          == 0,
      "%s", tjGetErrorStr2 (tj));
  tjDestroy (tj);
  return pix;
}

static gboolean
format_to_tjpf (GstVideoFormat f, int *pf)
{
  switch (f) {
    case GST_VIDEO_FORMAT_RGB:
      *pf = TJPF_RGB;
      return TRUE;
    case GST_VIDEO_FORMAT_BGR:
      *pf = TJPF_BGR;
      return TRUE;
    case GST_VIDEO_FORMAT_RGBx:
      *pf = TJPF_RGBX;
      return TRUE;
    case GST_VIDEO_FORMAT_xRGB:
      *pf = TJPF_XRGB;
      return TRUE;
    case GST_VIDEO_FORMAT_BGRx:
      *pf = TJPF_BGRX;
      return TRUE;
    case GST_VIDEO_FORMAT_xBGR:
      *pf = TJPF_XBGR;
      return TRUE;
    case GST_VIDEO_FORMAT_RGBA:
      *pf = TJPF_RGBA;
      return TRUE;
    case GST_VIDEO_FORMAT_BGRA:
      *pf = TJPF_BGRA;
      return TRUE;
    case GST_VIDEO_FORMAT_ARGB:
      *pf = TJPF_ARGB;
      return TRUE;
    case GST_VIDEO_FORMAT_ABGR:
      *pf = TJPF_ABGR;
      return TRUE;
    case GST_VIDEO_FORMAT_GRAY8:
      *pf = TJPF_GRAY;
      return TRUE;
    default:
      return FALSE;
  }
}

/* Whether the YUV output @f holds the JPEG's chroma samples unchanged
 * (possibly repacked, or rows doubled for 4:4:0 in Y444). */
static gboolean
yuv_same_samples (GstVideoFormat f, int samp)
{
  const GstVideoFormatInfo *fi = gst_video_format_get_info (f);
  gint ws = GST_VIDEO_FORMAT_INFO_W_SUB (fi, 1);
  gint hs = GST_VIDEO_FORMAT_INFO_H_SUB (fi, 1);

  switch (samp) {
    case TJSAMP_444:
      return ws == 0 && hs == 0;
    case TJSAMP_422:
      return ws == 1 && hs == 0;
    case TJSAMP_420:
      return ws == 1 && hs == 1;
    case TJSAMP_440:
      return f == GST_VIDEO_FORMAT_Y444;
    case TJSAMP_411:
      return ws == 2 && hs == 0;
    case TJSAMP_GRAY:
      return TRUE; /* luma as is, chroma 128 */
    default:
      return FALSE;
  }
}

/* Checks one decoded frame against TurboJPEG's decode of @jpeg. */
static void
check_pixels (GstBuffer *buf, GstCaps *caps, const guint8 *jpeg, gsize len,
    const gchar *what)
{
  GstVideoInfo info;
  GstVideoFrame frame;
  GstVideoFormat f;
  int pf;

  fail_unless (gst_video_info_from_caps (&info, caps), "%s", what);
  fail_unless (
      gst_video_frame_map (&frame, &info, buf, GST_MAP_READ), "%s", what);
  f = GST_VIDEO_INFO_FORMAT (&info);

  if (format_to_tjpf (f, &pf)) {
    gint w, h;
    guint8 *ref = ref_packed (jpeg, len, pf, &w, &h);
    gsize row = (gsize) w * tjPixelSize[pf];

    fail_unless_equals_int (GST_VIDEO_INFO_WIDTH (&info), w);
    fail_unless_equals_int (GST_VIDEO_INFO_HEIGHT (&info), h);
    for (gint y = 0; y < h; y++) {
      const guint8 *o = (const guint8 *) GST_VIDEO_FRAME_PLANE_DATA (&frame, 0)
                        + (gsize) y * GST_VIDEO_FRAME_PLANE_STRIDE (&frame, 0);
      const guint8 *r = ref + row * y;

      if (memcmp (o, r, row) != 0) {
        gsize x = 0;
        while (o[x] == r[x])
          x++;
        fail (
            "%s: %s differs from tjDecompress2 at row %d byte %" G_GSIZE_FORMAT
            ": %u != %u",
            what, gst_video_format_to_string (f), y, x, o[x], r[x]);
      }
    }
    g_free (ref);
  } else {
    RefYuv r;
    gboolean exact;
    guint64 sum[3] = { 0, 0, 0 };
    gint maxd[3] = { 0, 0, 0 };
    gint n_comp = GST_VIDEO_FRAME_N_COMPONENTS (&frame);

    fail_unless (GST_VIDEO_INFO_IS_YUV (&info), "%s: %s", what,
        gst_video_format_to_string (f));
    ref_yuv_init (&r, jpeg, len);
    fail_unless_equals_int (GST_VIDEO_INFO_WIDTH (&info), r.w);
    fail_unless_equals_int (GST_VIDEO_INFO_HEIGHT (&info), r.h);
    exact = yuv_same_samples (f, r.samp);
    for (gint c = 0; c < n_comp; c++) {
      const guint8 *d = GST_VIDEO_FRAME_COMP_DATA (&frame, c);
      gint stride = GST_VIDEO_FRAME_COMP_STRIDE (&frame, c);
      gint ps = GST_VIDEO_FRAME_COMP_PSTRIDE (&frame, c);
      gint ws = GST_VIDEO_FORMAT_INFO_W_SUB (info.finfo, c);
      gint hs = GST_VIDEO_FORMAT_INFO_H_SUB (info.finfo, c);

      for (gint y = 0; y < r.h; y++) {
        for (gint x = 0; x < r.w; x++) {
          gint o = d[(gsize) (y >> hs) * stride + (gsize) (x >> ws) * ps];
          gint e = ref_yuv_at (&r, c, x, y);
          gint diff = ABS (o - e);

          if (exact && diff != 0)
            fail ("%s: %s component %d at (%d,%d) is %d, TurboJPEG %d", what,
                gst_video_format_to_string (f), c, x, y, o, e);
          sum[c] += diff;
          maxd[c] = MAX (maxd[c], diff);
        }
      }
    }
    if (!exact) {
      fail_unless (maxd[0] <= TOL_LUMA, "%s: %s luma off by %d", what,
          gst_video_format_to_string (f), maxd[0]);
      for (gint c = 1; c < n_comp; c++) {
        gdouble mean = (gdouble) sum[c] / ((gdouble) r.w * r.h);

        fail_unless (maxd[c] <= TOL_CHROMA_MAX && mean <= TOL_CHROMA_MEAN,
            "%s: %s chroma %d off by %d (mean %.2f)", what,
            gst_video_format_to_string (f), c, maxd[c], mean);
      }
    }
    if (g_getenv ("B64IMGDEC_TEST_VERBOSE"))
      g_printerr ("%s: %s exact=%d max %d %d %d\n", what,
          gst_video_format_to_string (f), exact, maxd[0], maxd[1], maxd[2]);
    ref_yuv_clear (&r);
  }
  gst_video_frame_unmap (&frame);
}

/* ---- harness helpers ----------------------------------------------------- */

typedef struct
{
  GstHarness *h;
  GstBus *bus;
  GstElement *dec;
  GQueue msgs; /* popped from the bus, not counted yet */
} Dec;

/* @pipeline: "b64imgdec ..." plus anything after it; @sink_caps: what the
 * harness sink accepts (NULL: anything); @src_caps: input caps, or NULL for
 * none at all (a byte stream, as from filesrc). */
static void
dec_open (Dec *d, const gchar *pipeline, const gchar *src_caps,
    const gchar *sink_caps)
{
  gchar *desc = g_strdup_printf ("%s", pipeline);

  d->h = gst_harness_new_parse (desc);
  g_free (desc);
  fail_unless (d->h != NULL);
  d->dec = NULL;
  if (GST_IS_BIN (d->h->element)) {
    GstIterator *it = gst_bin_iterate_elements (GST_BIN (d->h->element));
    GValue v = G_VALUE_INIT;

    while (gst_iterator_next (it, &v) == GST_ITERATOR_OK) {
      GstElement *e = g_value_get_object (&v);
      GstElementFactory *fac = gst_element_get_factory (e);

      if (fac && g_str_equal (GST_OBJECT_NAME (fac), "b64imgdec"))
        d->dec = gst_object_ref (e);
      g_value_reset (&v);
    }
    g_value_unset (&v);
    gst_iterator_free (it);
  } else {
    d->dec = gst_object_ref (d->h->element);
  }
  fail_unless (d->dec != NULL);
  g_queue_init (&d->msgs);
  d->bus = gst_bus_new ();
  gst_element_set_bus (d->h->element, d->bus);
  if (sink_caps)
    gst_harness_set_sink_caps_str (d->h, sink_caps);
  if (src_caps) {
    gst_harness_set_src_caps_str (d->h, src_caps);
  } else {
    GstSegment seg;

    gst_segment_init (&seg, GST_FORMAT_BYTES);
    fail_unless (
        gst_harness_push_event (d->h, gst_event_new_stream_start ("b64text")));
    fail_unless (gst_harness_push_event (d->h, gst_event_new_segment (&seg)));
  }
}

static void
dec_close (Dec *d)
{
  gst_element_set_bus (d->h->element, NULL);
  g_queue_clear_full (&d->msgs, (GDestroyNotify) gst_message_unref);
  gst_object_unref (d->bus);
  gst_object_unref (d->dec);
  gst_harness_teardown (d->h);
}

static GstFlowReturn
push_text (GstHarness *h, const gchar *text, gsize len, GstClockTime pts)
{
  GstBuffer *b = gst_buffer_new_memdup (text, len);

  GST_BUFFER_PTS (b) = pts;
  return gst_harness_push (h, b);
}

static GstFlowReturn
push_str (GstHarness *h, const gchar *text)
{
  return push_text (h, text, strlen (text), GST_CLOCK_TIME_NONE);
}

/* A frame pushed as one framed buffer, or as a line of a stream. */
static GstFlowReturn
push_frame (GstHarness *h, const gchar *b64, gboolean framed)
{
  GstFlowReturn ret;
  gchar *line;

  if (framed)
    return push_str (h, b64);
  line = g_strconcat (b64, "\n", NULL);
  ret = push_str (h, line);
  g_free (line);
  return ret;
}

static GstCaps *
current_caps (Dec *d)
{
  GstCaps *caps = gst_pad_get_current_caps (d->h->sinkpad);

  fail_unless (caps != NULL);
  return caps;
}

static guint
count_messages (
    Dec *d, GstMessageType type, const gchar *must_contain, gchar **first_text)
{
  GstMessage *m;
  GList *l, *next;
  guint n = 0;

  /* gst_bus_pop_filtered () would drop the other types */
  while ((m = gst_bus_pop (d->bus)))
    g_queue_push_tail (&d->msgs, m);
  for (l = d->msgs.head; l; l = next) {
    GError *err = NULL;
    gchar *dbg = NULL;

    next = l->next;
    m = l->data;
    if (GST_MESSAGE_TYPE (m) != type)
      continue;
    g_queue_delete_link (&d->msgs, l);

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

static glong
vm_hwm_kib (void)
{
  gchar *status = NULL;
  const gchar *p;
  glong kib = -1;

  if (!g_file_get_contents ("/proc/self/status", &status, NULL, NULL))
    return -1;
  p = strstr (status, "VmHWM:");
  if (p)
    kib = strtol (p + 6, NULL, 10);
  g_free (status);
  return kib;
}

/* ---- pixels: every sampling x size x output format ----------------------- */

static void
check_format (const gchar *format, gboolean framed)
{
  gchar *sink_caps = g_strdup_printf ("video/x-raw,format=%s", format);
  Dec d;

  /* framed as b64imgenc sends it (with a framerate), stream as filesrc
   * sends it (no caps at all) */
  dec_open (&d, "b64imgdec",
      framed ? "image/x-base64,framed=true,framerate=30/1" : NULL, sink_caps);
  for (guint s = 0; s < G_N_ELEMENTS (samplings); s++) {
    for (guint z = 0; z < G_N_ELEMENTS (sizes); z++) {
      gint w = sizes[z][0], hh = sizes[z][1];
      gsize len;
      guint8 *jpeg = make_jpeg (w, hh, samplings[s].samp, s + z, &len);
      gchar *b64 = g_base64_encode (jpeg, len);
      gchar *what = g_strdup_printf ("%s %dx%d -> %s (%s)", samplings[s].name,
          w, hh, format, framed ? "framed" : "stream");
      GstBuffer *buf;
      GstCaps *caps;
      GstStructure *st;

      fail_unless_equals_int (push_frame (d.h, b64, framed), GST_FLOW_OK);
      buf = gst_harness_try_pull (d.h);
      fail_unless (buf != NULL, "%s: no output", what);
      caps = current_caps (&d);
      st = gst_caps_get_structure (caps, 0);
      fail_unless_equals_string (
          gst_structure_get_string (st, "format"), format);
      check_pixels (buf, caps, jpeg, len, what);
      gst_caps_unref (caps);
      gst_buffer_unref (buf);
      g_free (what);
      g_free (b64);
      g_free (jpeg);
    }
  }
  fail_unless_equals_int (
      count_messages (&d, GST_MESSAGE_WARNING, NULL, NULL), 0);
  dec_close (&d);
  g_free (sink_caps);
}

GST_START_TEST (test_format_framed)
{
  check_format (out_formats[__i__], TRUE);
}

GST_END_TEST;

GST_START_TEST (test_format_stream)
{
  check_format (out_formats[__i__], FALSE);
}

GST_END_TEST;

/* No downstream constraint: the JPEG's own layout, full-range BT.601. */
static void
check_native (const gchar *pipeline, gboolean dec_src_caps)
{
  Dec d;

  dec_open (&d, pipeline, "image/x-base64,framed=true", NULL);
  for (guint s = 0; s < G_N_ELEMENTS (samplings); s++) {
    gchar *b64 = make_b64 (17, 9, samplings[s].samp, s);
    GstBuffer *buf;
    GstCaps *caps;
    GstVideoInfo info;

    fail_unless_equals_int (push_frame (d.h, b64, TRUE), GST_FLOW_OK);
    buf = gst_harness_try_pull (d.h);
    fail_unless (buf != NULL);
    if (dec_src_caps) {
      GstPad *pad = gst_element_get_static_pad (d.dec, "src");

      caps = gst_pad_get_current_caps (pad);
      gst_object_unref (pad);
    } else {
      caps = current_caps (&d);
    }
    fail_unless (gst_video_info_from_caps (&info, caps));
    fail_unless_equals_string (
        gst_video_format_to_string (GST_VIDEO_INFO_FORMAT (&info)),
        samplings[s].native);
    fail_unless_equals_int (GST_VIDEO_INFO_WIDTH (&info), 17);
    fail_unless_equals_int (GST_VIDEO_INFO_HEIGHT (&info), 9);
    if (GST_VIDEO_INFO_IS_YUV (&info)) {
      fail_unless_equals_int (
          info.colorimetry.range, GST_VIDEO_COLOR_RANGE_0_255);
      fail_unless_equals_int (
          info.colorimetry.matrix, GST_VIDEO_COLOR_MATRIX_BT601);
    }
    gst_caps_unref (caps);
    gst_buffer_unref (buf);
    g_free (b64);
  }
  dec_close (&d);
}

GST_START_TEST (test_native_any)
{
  check_native ("b64imgdec", FALSE);
}

GST_END_TEST;

GST_START_TEST (test_native_videoconvert)
{
  /* videoconvert accepts every layout: it counts as accepting the native
   * one, whatever it is asked to produce */
  check_native (
      "b64imgdec ! videoconvert ! capsfilter caps=video/x-raw,format=RGB",
      TRUE);
}

GST_END_TEST;

GST_START_TEST (test_native_440_rgb)
{
  /* 4:4:0 has no GStreamer layout: Y444 first, then RGB */
  Dec d;
  gchar *b64 = make_b64 (35, 35, TJSAMP_440, 3);
  GstBuffer *buf;
  GstCaps *caps;

  dec_open (&d, "b64imgdec", "image/x-base64,framed=true",
      "video/x-raw,format={I420,RGB}");
  fail_unless_equals_int (push_frame (d.h, b64, TRUE), GST_FLOW_OK);
  buf = gst_harness_try_pull (d.h);
  fail_unless (buf != NULL);
  caps = current_caps (&d);
  fail_unless_equals_string (
      gst_structure_get_string (gst_caps_get_structure (caps, 0), "format"),
      "RGB");
  gst_caps_unref (caps);
  gst_buffer_unref (buf);
  g_free (b64);
  dec_close (&d);
}

GST_END_TEST;

/* ---- renegotiation ------------------------------------------------------- */

/* Appends the visible pixels of @buf as @caps lay them out (no stride
 * padding). */
static void
append_pixels (GByteArray *a, GstBuffer *buf, GstCaps *caps)
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

/* The pixels of one decoded frame, rows packed. */
static guint8 *
decode_packed_pixels (
    const gchar *method, const gchar *format, const gchar *b64, gsize *size)
{
  gchar *desc = g_strdup_printf ("b64imgdec idct-method=%s", method);
  gchar *caps_str = g_strdup_printf ("video/x-raw,format=%s", format);
  GstBuffer *buf;
  GstCaps *caps;
  GByteArray *out = g_byte_array_new ();
  Dec d;

  dec_open (&d, desc, "image/x-base64,framed=true", caps_str);
  fail_unless_equals_int (push_frame (d.h, b64, TRUE), GST_FLOW_OK);
  buf = gst_harness_pull (d.h);
  caps = current_caps (&d);
  append_pixels (out, buf, caps);
  gst_caps_unref (caps);
  gst_buffer_unref (buf);
  fail_unless_equals_int (
      count_messages (&d, GST_MESSAGE_WARNING, NULL, NULL), 0);
  dec_close (&d);
  g_free (desc);
  g_free (caps_str);
  *size = out->len;
  return g_byte_array_free (out, FALSE);
}

static gint
max_abs_diff (const guint8 *a, const guint8 *b, gsize n)
{
  gint m = 0;

  for (gsize i = 0; i < n; i++)
    m = MAX (m, ABS ((gint) a[i] - (gint) b[i]));
  return m;
}

/* islow (the default) is exactly TurboJPEG's default decode (PIL's and
 * OpenCV's pixels); ifast and float are other, close pictures. */
GST_START_TEST (test_idct_method)
{
  static const gchar *formats[] = { "I420", "RGB" };
  const gint w = 67, h = 45;
  gsize len;
  guint8 *jpeg = make_jpeg (w, h, TJSAMP_420, 7, &len);
  gchar *b64 = g_base64_encode (jpeg, len);
  GstElement *dec = gst_element_factory_make ("b64imgdec", NULL);
  gint def;

  g_object_get (dec, "idct-method", &def, NULL);
  fail_unless_equals_int (def, 0);
  gst_object_unref (dec);
  for (guint f = 0; f < G_N_ELEMENTS (formats); f++) {
    gsize n_islow, n_fast, n_float;
    guint8 *islow = decode_packed_pixels ("islow", formats[f], b64, &n_islow);
    guint8 *ifast = decode_packed_pixels ("ifast", formats[f], b64, &n_fast);
    guint8 *flt = decode_packed_pixels ("float", formats[f], b64, &n_float);

    fail_unless_equals_int (n_fast, n_islow);
    fail_unless_equals_int (n_float, n_islow);
    if (f == 0) {
      RefYuv r;
      gsize o = 0;

      ref_yuv_init (&r, jpeg, len);
      for (guint c = 0; c < 3; c++) {
        gint cw = c ? (w + 1) / 2 : w, ch = c ? (h + 1) / 2 : h;

        for (gint y = 0; y < ch; y++, o += cw)
          fail_unless (
              memcmp (islow + o, r.plane[c] + (gsize) y * r.pw[c], cw) == 0);
      }
      fail_unless_equals_int (o, n_islow);
      ref_yuv_clear (&r);
    } else {
      gint rw, rh;
      guint8 *ref = ref_packed (jpeg, len, TJPF_RGB, &rw, &rh);

      fail_unless_equals_int (n_islow, (gsize) rw * rh * 3);
      fail_unless (memcmp (islow, ref, n_islow) == 0);
      g_free (ref);
    }
    fail_unless (memcmp (ifast, islow, n_islow) != 0, "%s", formats[f]);
    fail_unless (max_abs_diff (ifast, islow, n_islow) <= 12, "%s", formats[f]);
    fail_unless (max_abs_diff (flt, islow, n_islow) <= 4, "%s", formats[f]);
    g_free (islow);
    g_free (ifast);
    g_free (flt);
  }
  g_free (b64);
  g_free (jpeg);
}

GST_END_TEST;

GST_START_TEST (test_renegotiate)
{
  static const struct
  {
    gint w, h;
    int samp;
    const gchar *format;
  } seq[] = {
    { 17, 9, TJSAMP_420, "I420" },
    { 17, 9, TJSAMP_420, "I420" },
    { 35, 35, TJSAMP_420, "I420" },
    { 35, 35, TJSAMP_444, "Y444" },
    { 3, 3, TJSAMP_GRAY, "GRAY8" },
    { 3, 3, TJSAMP_422, "Y42B" },
    { 3, 3, TJSAMP_422, "Y42B" },
    { 1, 1, TJSAMP_411, "Y41B" },
    { 641, 479, TJSAMP_420, "I420" },
  };
  Dec d;

  for (gint framed = 1; framed >= 0; framed--) {
    dec_open (
        &d, "b64imgdec", framed ? "image/x-base64,framed=true" : NULL, NULL);
    /* everything in, then everything out: each buffer's caps come from the
     * caps events in order */
    for (guint i = 0; i < G_N_ELEMENTS (seq); i++) {
      gchar *b64 = make_b64 (seq[i].w, seq[i].h, seq[i].samp, i);
      GstFlowReturn ret = push_frame (d.h, b64, framed);

      fail_unless_equals_int (ret, GST_FLOW_OK);
      g_free (b64);
    }
    fail_unless_equals_int (
        gst_harness_buffers_in_queue (d.h), G_N_ELEMENTS (seq));
    {
      GstEvent *ev;
      GPtrArray *caps_seq
          = g_ptr_array_new_with_free_func ((GDestroyNotify) gst_caps_unref);

      while ((ev = gst_harness_try_pull_event (d.h))) {
        if (GST_EVENT_TYPE (ev) == GST_EVENT_CAPS) {
          GstCaps *c;

          gst_event_parse_caps (ev, &c);
          g_ptr_array_add (caps_seq, gst_caps_ref (c));
        }
        gst_event_unref (ev);
      }
      /* one caps event per change */
      {
        guint k = 0;
        for (guint i = 0; i < G_N_ELEMENTS (seq); i++) {
          GstBuffer *buf = gst_harness_pull (d.h);
          GstVideoInfo info;

          if (i == 0 || seq[i].w != seq[i - 1].w || seq[i].h != seq[i - 1].h
              || strcmp (seq[i].format, seq[i - 1].format) != 0)
            k++;
          fail_unless (k <= caps_seq->len, "frame %u: only %u caps events", i,
              caps_seq->len);
          fail_unless (gst_video_info_from_caps (
              &info, g_ptr_array_index (caps_seq, k - 1)));
          fail_unless_equals_int (info.width, seq[i].w);
          fail_unless_equals_int (info.height, seq[i].h);
          fail_unless_equals_string (
              gst_video_format_to_string (GST_VIDEO_INFO_FORMAT (&info)),
              seq[i].format);
          fail_unless (gst_buffer_get_size (buf) >= info.size);
          gst_buffer_unref (buf);
        }
        fail_unless_equals_int (caps_seq->len, k);
      }
      g_ptr_array_unref (caps_seq);
    }
    dec_close (&d);
  }
}

GST_END_TEST;

/* ---- timestamps ---------------------------------------------------------- */

GST_START_TEST (test_pts_pass_through)
{
  static const GstClockTime pts[] = { 5 * GST_SECOND, 7 * GST_SECOND,
    7 * GST_SECOND + 1, 100 * GST_MSECOND + 20 * GST_SECOND };
  Dec d;

  dec_open (&d, "b64imgdec", "image/x-base64,framed=true", NULL);
  for (guint i = 0; i < G_N_ELEMENTS (pts); i++) {
    gchar *b64 = make_b64 (17, 9, TJSAMP_420, i);
    GstBuffer *buf;

    fail_unless_equals_int (
        push_text (d.h, b64, strlen (b64), pts[i]), GST_FLOW_OK);
    buf = gst_harness_pull (d.h);
    fail_unless_equals_uint64 (GST_BUFFER_PTS (buf), pts[i]);
    gst_buffer_unref (buf);
    g_free (b64);
  }
  dec_close (&d);
}

GST_END_TEST;

static void
check_framerate_pts (const gchar *src_caps, gboolean framed)
{
  Dec d;
  GString *text = g_string_new (NULL);

  dec_open (&d, "b64imgdec", src_caps, NULL);
  for (guint i = 0; i < 4; i++) {
    gchar *b64 = make_b64 (17, 9, TJSAMP_420, i);

    if (framed) {
      fail_unless_equals_int (push_frame (d.h, b64, TRUE), GST_FLOW_OK);
    } else {
      g_string_append (text, b64);
      g_string_append_c (text, '\n');
    }
    g_free (b64);
  }
  if (!framed)
    fail_unless_equals_int (
        push_text (d.h, text->str, text->len, GST_CLOCK_TIME_NONE),
        GST_FLOW_OK);
  for (guint i = 0; i < 4; i++) {
    GstBuffer *buf = gst_harness_pull (d.h);

    /* the base class adds up rounded durations: 1 ns per frame */
    fail_unless (ABS ((gint64) GST_BUFFER_PTS (buf)
                      - (gint64) gst_util_uint64_scale (i, GST_SECOND, 30))
                     <= i,
        "frame %u: PTS %" GST_TIME_FORMAT, i,
        GST_TIME_ARGS (GST_BUFFER_PTS (buf)));
    fail_unless (GST_BUFFER_DURATION_IS_VALID (buf));
    fail_unless (
        ABS ((gint64) GST_BUFFER_DURATION (buf) - (gint64) (GST_SECOND / 30))
        <= 1);
    gst_buffer_unref (buf);
  }
  g_string_free (text, TRUE);
  dec_close (&d);
}

GST_START_TEST (test_pts_from_framerate)
{
  check_framerate_pts ("image/x-base64,framerate=30/1", FALSE);
  check_framerate_pts ("image/x-base64,framed=false,framerate=30/1", FALSE);
  check_framerate_pts ("image/x-base64,framed=true,framerate=30/1", TRUE);
}

GST_END_TEST;

/* ---- framing ------------------------------------------------------------- */

#define N_TEXT_FRAMES 5

/* Frames of different samplings and sizes, their JPEGs in @jpegs. */
static gchar **
make_text_frames (guint8 **jpegs, gsize *lens)
{
  static const gint dims[N_TEXT_FRAMES][3] = {
    { 17, 9, TJSAMP_420 },
    { 3, 3, TJSAMP_444 },
    { 35, 35, TJSAMP_422 },
    { 1, 1, TJSAMP_GRAY },
    { 17, 9, TJSAMP_420 },
  };
  gchar **b64 = g_new0 (gchar *, N_TEXT_FRAMES + 1);

  for (guint i = 0; i < N_TEXT_FRAMES; i++) {
    jpegs[i] = make_jpeg (dims[i][0], dims[i][1], dims[i][2], 10 + i, &lens[i]);
    b64[i] = g_base64_encode (jpegs[i], lens[i]);
  }
  return b64;
}

/* The visible pixels of a frame (no stride padding), after its caps. */
static GBytes *
frame_bytes (GstBuffer *buf, GstCaps *caps)
{
  GByteArray *a = g_byte_array_new ();
  gchar *desc = gst_caps_to_string (caps);

  /* the caps are part of what must be identical */
  g_byte_array_append (a, (const guint8 *) desc, strlen (desc) + 1);
  g_free (desc);
  append_pixels (a, buf, caps);
  return g_byte_array_free_to_bytes (a);
}

/* Keeps each output frame with the caps it was pushed with. */
static GstPadProbeReturn
record_frame (GstPad *pad, GstPadProbeInfo *info, gpointer user_data)
{
  GstCaps *caps = gst_pad_get_current_caps (pad);

  fail_unless (caps != NULL);
  g_ptr_array_add (
      user_data, frame_bytes (GST_PAD_PROBE_INFO_BUFFER (info), caps));
  gst_caps_unref (caps);
  return GST_PAD_PROBE_OK;
}

/* Output frames (caps and visible pixels) of @text pushed in @chunk-byte buffers. */
static GPtrArray *
decode_stream (const gchar *text, gsize len, gsize chunk, gboolean eos)
{
  GPtrArray *out
      = g_ptr_array_new_with_free_func ((GDestroyNotify) g_bytes_unref);
  GstBuffer *buf;
  GstPad *pad;
  Dec d;

  dec_open (&d, "b64imgdec", NULL, "video/x-raw,format=I420");
  pad = gst_element_get_static_pad (d.dec, "src");
  gst_pad_add_probe (pad, GST_PAD_PROBE_TYPE_BUFFER, record_frame, out, NULL);
  gst_object_unref (pad);
  for (gsize off = 0; off < len; off += chunk)
    fail_unless_equals_int (push_text (d.h, text + off, MIN (chunk, len - off),
                                GST_CLOCK_TIME_NONE),
        GST_FLOW_OK);
  if (eos)
    fail_unless (gst_harness_push_event (d.h, gst_event_new_eos ()));
  fail_unless_equals_int (gst_harness_buffers_in_queue (d.h), out->len);
  while ((buf = gst_harness_try_pull (d.h)))
    gst_buffer_unref (buf);
  fail_unless_equals_int (
      count_messages (&d, GST_MESSAGE_WARNING, NULL, NULL), 0);
  fail_unless_equals_int (
      count_messages (&d, GST_MESSAGE_ERROR, NULL, NULL), 0);
  dec_close (&d);
  return out;
}

static void
assert_same_frames (GPtrArray *a, GPtrArray *b, const gchar *what)
{
  fail_unless_equals_int (a->len, b->len);
  for (guint i = 0; i < a->len; i++)
    fail_unless (
        g_bytes_equal (g_ptr_array_index (a, i), g_ptr_array_index (b, i)),
        "%s: frame %u differs", what, i);
}

GST_START_TEST (test_framed_vs_stream)
{
  guint8 *jpegs[N_TEXT_FRAMES];
  gsize lens[N_TEXT_FRAMES];
  gchar **b64 = make_text_frames (jpegs, lens);
  GPtrArray *framed
      = g_ptr_array_new_with_free_func ((GDestroyNotify) g_bytes_unref);
  GString *text = g_string_new (NULL);
  GPtrArray *one, *bytes, *crlf, *noeol, *chunk7;
  Dec d;

  /* framed: one buffer each, with MIME-style wrapping inside */
  dec_open (
      &d, "b64imgdec", "image/x-base64,framed=true", "video/x-raw,format=I420");
  for (guint i = 0; i < N_TEXT_FRAMES; i++) {
    GString *wrapped = g_string_new (" \r\n");
    GstBuffer *buf;
    GstCaps *caps;

    for (const gchar *p = b64[i]; *p; p++) {
      g_string_append_c (wrapped, *p);
      if ((p - b64[i]) % 76 == 75)
        g_string_append (wrapped, "\r\n");
    }
    g_string_append (wrapped, "\n\t ");
    fail_unless_equals_int (
        push_text (d.h, wrapped->str, wrapped->len, GST_CLOCK_TIME_NONE),
        GST_FLOW_OK);
    g_string_free (wrapped, TRUE);
    buf = gst_harness_pull (d.h);
    caps = current_caps (&d);
    check_pixels (buf, caps, jpegs[i], lens[i], "wrapped framed text");
    g_ptr_array_add (framed, frame_bytes (buf, caps));
    gst_caps_unref (caps);
    gst_buffer_unref (buf);
  }
  dec_close (&d);

  for (guint i = 0; i < N_TEXT_FRAMES; i++) {
    g_string_append (text, b64[i]);
    g_string_append_c (text, '\n');
  }
  one = decode_stream (text->str, text->len, text->len, FALSE);
  assert_same_frames (framed, one, "stream in one buffer");
  bytes = decode_stream (text->str, text->len, 1, FALSE);
  assert_same_frames (framed, bytes, "stream byte by byte");
  chunk7 = decode_stream (text->str, text->len, 7, FALSE);
  assert_same_frames (framed, chunk7, "stream in 7-byte buffers");

  /* CRLF, blank lines, spaces and tabs around the lines */
  g_string_truncate (text, 0);
  g_string_append (text, "\r\n\n  \n");
  for (guint i = 0; i < N_TEXT_FRAMES; i++) {
    g_string_append (text, i % 2 ? "\t" : "");
    g_string_append (text, b64[i]);
    g_string_append (text, i % 2 ? " \r\n\r\n" : "\r\n");
  }
  crlf = decode_stream (text->str, text->len, 3, FALSE);
  assert_same_frames (framed, crlf, "CRLF and blank lines");

  /* the last line has no LF: it comes out at EOS */
  g_string_truncate (text, 0);
  for (guint i = 0; i < N_TEXT_FRAMES; i++) {
    g_string_append (text, b64[i]);
    if (i + 1 < N_TEXT_FRAMES)
      g_string_append_c (text, '\n');
  }
  noeol = decode_stream (text->str, text->len, 1000, TRUE);
  assert_same_frames (framed, noeol, "last line without LF at EOS");
  {
    /* and not before EOS */
    GPtrArray *no_eos = decode_stream (text->str, text->len, 1000, FALSE);

    fail_unless_equals_int (no_eos->len, N_TEXT_FRAMES - 1);
    g_ptr_array_unref (no_eos);
  }

  g_ptr_array_unref (framed);
  g_ptr_array_unref (one);
  g_ptr_array_unref (bytes);
  g_ptr_array_unref (chunk7);
  g_ptr_array_unref (crlf);
  g_ptr_array_unref (noeol);
  g_string_free (text, TRUE);
  for (guint i = 0; i < N_TEXT_FRAMES; i++)
    g_free (jpegs[i]);
  g_strfreev (b64);
}

GST_END_TEST;

GST_START_TEST (test_data_uri_and_alphabets)
{
  gsize len;
  guint8 *jpeg = make_jpeg (35, 35, TJSAMP_420, 1, &len);
  gchar *b64 = g_base64_encode (jpeg, len);
  gchar *url = g_strdup (b64);
  gchar *lines[5];
  Dec d;

  /* URL-safe alphabet without padding */
  for (gchar *p = url; *p; p++) {
    if (*p == '+')
      *p = '-';
    else if (*p == '/')
      *p = '_';
    else if (*p == '=')
      *p = '\0';
  }
  fail_unless (strchr (b64, '+') || strchr (b64, '/'));
  lines[0] = g_strdup (b64);
  lines[1] = g_strconcat ("data:image/jpeg;base64,", b64, NULL);
  lines[2] = g_strdup (url);
  lines[3] = g_strconcat ("data:image/jpeg;name=x.jpg;base64,", url, NULL);
  lines[4] = NULL;

  for (gint framed = 0; framed < 2; framed++) {
    dec_open (&d, "b64imgdec", framed ? "image/x-base64,framed=true" : NULL,
        "video/x-raw,format=I420");
    for (guint i = 0; lines[i]; i++) {
      GstBuffer *buf;
      GstCaps *caps;

      fail_unless_equals_int (push_frame (d.h, lines[i], framed), GST_FLOW_OK);
      buf = gst_harness_try_pull (d.h);
      fail_unless (buf != NULL, "line %u", i);
      caps = current_caps (&d);
      check_pixels (buf, caps, jpeg, len, lines[i] + 0);
      gst_caps_unref (caps);
      gst_buffer_unref (buf);
    }
    fail_unless_equals_int (
        count_messages (&d, GST_MESSAGE_WARNING, NULL, NULL), 0);
    dec_close (&d);
  }
  for (guint i = 0; lines[i]; i++)
    g_free (lines[i]);
  g_free (url);
  g_free (b64);
  g_free (jpeg);
}

GST_END_TEST;

/* ---- bad input ----------------------------------------------------------- */

/* A hand-made progressive grayscale 8x8 JPEG whose all-zero coefficients
 * are sent in @al_first + 1 successive-approximation scans per AC
 * coefficient: 1 + 63 * (al_first + 1) scans in all. */
static guint8 *
make_many_scans_jpeg (gint al_first, gsize *len)
{
  GByteArray *a = g_byte_array_new ();
  static const guint8 head[] = {
    0xff,
    0xd8,
    /* DQT: table 0, all ones */
    0xff,
    0xdb,
    0x00,
    0x43,
    0x00,
  };
  static const guint8 sof[] = {
    /* SOF2: 8 bits, 8x8, 1 component (id 1, 1x1, table 0) */
    0xff,
    0xc2,
    0x00,
    0x0b,
    0x08,
    0x00,
    0x08,
    0x00,
    0x08,
    0x01,
    0x01,
    0x11,
    0x00,
    /* DHT DC 0 and AC 0: one symbol 0x00 of code length 1 */
    0xff,
    0xc4,
    0x00,
    0x14,
    0x00,
    0x01,
    0,
    0,
    0,
    0,
    0,
    0,
    0,
    0,
    0,
    0,
    0,
    0,
    0,
    0,
    0,
    0x00,
    0xff,
    0xc4,
    0x00,
    0x14,
    0x10,
    0x01,
    0,
    0,
    0,
    0,
    0,
    0,
    0,
    0,
    0,
    0,
    0,
    0,
    0,
    0,
    0,
    0x00,
  };
  guint8 sos[] = {
    0xff, 0xda, 0x00, 0x08, 0x01, 0x01, 0x00, 0, 0, 0,
    0x7f /* one code "0" (DC diff 0 / EOB), padded */
  };

  g_byte_array_append (a, head, sizeof (head));
  for (guint i = 0; i < 64; i++)
    g_byte_array_append (a, (const guint8 *) "\x01", 1);
  g_byte_array_append (a, sof, sizeof (sof));
  /* DC first scan */
  g_byte_array_append (a, sos, sizeof (sos));
  for (gint k = 1; k < 64; k++) {
    for (gint al = al_first; al >= 0; al--) {
      sos[7] = k; /* Ss */
      sos[8] = k; /* Se */
      sos[9] = al == al_first ? al : (((al + 1) << 4) | al);
      g_byte_array_append (a, sos, sizeof (sos));
    }
  }
  g_byte_array_append (a, (const guint8 *) "\xff\xd9", 2);
  *len = a->len;
  return g_byte_array_free (a, FALSE);
}

typedef enum
{
  BAD_INVALID_CHAR,
  BAD_TRUNCATED_B64,
  BAD_URI_NOT_B64,
  BAD_RANDOM,
  BAD_TRUNCATED_JPEG,
  BAD_TRUNCATED_HEADER,
  BAD_CORRUPT_JPEG_HEADER,
  BAD_CORRUPT_JPEG_DATA,
  BAD_GIF,
  BAD_BMP,
  BAD_MAX_PIXELS,
  BAD_HUGE_SOF,
  BAD_MANY_SCANS,
  BAD_TOO_LONG,
  N_BAD
} BadCase;

static const struct
{
  const gchar *name;
  const gchar *props;
  const gchar *reason; /* the warning must contain this */
} bad_cases[] = {
  { "invalid character", "", "invalid base64 character '!'" },
  { "truncated base64", "", "truncated base64" },
  { "data URI not base64", "", "not base64" },
  { "random bytes", "", "unsupported" },
  { "truncated JPEG", "", "JPEG" },
  { "JPEG truncated in its header", "", "JPEG" },
  { "corrupt JPEG header", "", "JPEG" },
  { "corrupt JPEG data", "", "JPEG" },
  { "GIF", "", "GIF" },
  { "BMP", "", "BMP" },
  { "over max-pixels", "max-pixels=100", "max-pixels" },
  { "60000x60000 header", "", "max-pixels" },
  { "600 progressive scans", "", "scans" },
  { "line over max-frame-bytes", "max-frame-bytes=1000", "longer than" },
};

/* offset of the first marker FF @m */
static gsize
jpeg_marker (const guint8 *jpeg, gsize len, guint8 m)
{
  for (gsize i = 2; i + 1 < len; i++)
    if (jpeg[i] == 0xff && jpeg[i + 1] == m)
      return i;
  fail ("no marker %02x", m);
  return 0;
}

static gchar *
make_bad_text (BadCase c)
{
  gsize len;
  guint8 *jpeg = NULL;
  gchar *text = NULL;

  switch (c) {
    case BAD_INVALID_CHAR:
      text = make_b64 (8, 8, TJSAMP_420, 7);
      text[strlen (text) / 2] = '!';
      return text;
    case BAD_TRUNCATED_B64:
      text = make_b64 (8, 8, TJSAMP_420, 7);
      len = strcspn (text, "=");
      text[len - (len % 4) - 3] = '\0'; /* 4k + 1 characters */
      return text;
    case BAD_URI_NOT_B64:
      return g_strdup ("data:image/jpeg,xxxxyyyyzzzz");
    case BAD_RANDOM: {
      GRand *r = g_rand_new_with_seed (42);
      len = 3000;
      jpeg = g_malloc (len);
      for (gsize i = 0; i < len; i++)
        jpeg[i] = g_rand_int_range (r, 0, 256);
      jpeg[0] = 0x42;
      jpeg[1] = 0x00;
      g_rand_free (r);
      break;
    }
    case BAD_TRUNCATED_JPEG:
      /* cut in the middle of the entropy-coded data */
      jpeg = make_jpeg (64, 64, TJSAMP_420, 7, &len);
      len = (jpeg_marker (jpeg, len, 0xda) + len) / 2;
      break;
    case BAD_TRUNCATED_HEADER:
      /* cut in the tables, before the image */
      jpeg = make_jpeg (64, 64, TJSAMP_420, 7, &len);
      len = jpeg_marker (jpeg, len, 0xc4) + 10;
      break;
    case BAD_CORRUPT_JPEG_HEADER: {
      /* the first DHT: counts of code lengths that overflow */
      jpeg = make_jpeg (64, 64, TJSAMP_420, 7, &len);
      for (gsize i = 2; i + 21 < len; i++) {
        if (jpeg[i] == 0xff && jpeg[i + 1] == 0xc4) {
          memset (jpeg + i + 5, 0xff, 16);
          break;
        }
      }
      break;
    }
    case BAD_CORRUPT_JPEG_DATA:
      /* bogus markers in the middle of the entropy-coded data */
      jpeg = make_jpeg (64, 64, TJSAMP_420, 7, &len);
      memcpy (jpeg + (jpeg_marker (jpeg, len, 0xda) + len) / 2,
          "\xff\xd0\xff\xd5\xff\xc0", 6);
      break;
    case BAD_GIF:
      return g_base64_encode (
          (const guchar *) "GIF89a\x01\x00\x01\x00\x80\x00\x00\xff\xff\xff\x00"
                           "\x00\x00!\xf9"
                           "\x04\x01\x00\x00\x00\x00,"
                           "\x00\x00\x00\x00\x01\x00\x01\x00\x00"
                           "\x02\x02\x44\x01\x00;",
          43);
    case BAD_BMP: {
      static const guint8 bmp[58] = { 'B', 'M', 58, 0, 0, 0, 0, 0, 0, 0, 54, 0,
        0, 0, 40, 0, 0, 0, 1, 0, 0, 0, 1, 0, 0, 0, 1, 0, 24 };
      return g_base64_encode (bmp, sizeof (bmp));
    }
    case BAD_MAX_PIXELS:
      return make_b64 (20, 20, TJSAMP_420, 7);
    case BAD_HUGE_SOF: {
      jpeg = make_jpeg (16, 16, TJSAMP_420, 7, &len);
      for (gsize i = 2; i + 9 < len; i++) {
        if (jpeg[i] == 0xff && jpeg[i + 1] == 0xc0) {
          memcpy (jpeg + i + 5, "\xea\x60\xea\x60", 4);
          break;
        }
      }
      break;
    }
    case BAD_MANY_SCANS:
      jpeg = make_many_scans_jpeg (9, &len); /* 631 scans */
      break;
    case BAD_TOO_LONG:
      return make_b64 (35, 35, TJSAMP_420, 7); /* > 1000 characters */
    default:
      g_assert_not_reached ();
  }
  text = g_base64_encode (jpeg, len);
  g_free (jpeg);
  return text;
}

static void
check_bad (BadCase c, gboolean framed)
{
  gchar *pipeline = g_strdup_printf ("b64imgdec %s", bad_cases[c].props);
  /* good frames: small enough for max-pixels=100, max-frame-bytes=1000 */
  gchar *good1 = make_b64 (9, 7, TJSAMP_420, 1);
  gchar *good2 = make_b64 (5, 3, TJSAMP_444, 2);
  gchar *bad = make_bad_text (c);
  gchar *warning = NULL;
  glong hwm0;
  Dec d;

  fail_unless (strlen (good1) < 1000 && strlen (good2) < 1000);
  dec_open (&d, pipeline, framed ? "image/x-base64,framed=true" : NULL, NULL);
  hwm0 = vm_hwm_kib ();
  fail_unless_equals_int (push_frame (d.h, good1, framed), GST_FLOW_OK);
  fail_unless_equals_int (push_frame (d.h, bad, framed), GST_FLOW_OK);
  fail_unless_equals_int (push_frame (d.h, good1, framed), GST_FLOW_OK);
  fail_unless_equals_int (push_frame (d.h, bad, framed), GST_FLOW_OK);
  fail_unless_equals_int (push_frame (d.h, good2, framed), GST_FLOW_OK);
  fail_unless (gst_harness_push_event (d.h, gst_event_new_eos ()));

  fail_unless_equals_int (gst_harness_buffers_in_queue (d.h), 3);
  for (guint i = 0; i < 3; i++) {
    GstBuffer *buf = gst_harness_pull (d.h);
    gst_buffer_unref (buf);
  }
  fail_unless_equals_int (
      count_messages (&d, GST_MESSAGE_WARNING, bad_cases[c].reason, &warning),
      2);
  fail_unless_equals_int (
      count_messages (&d, GST_MESSAGE_ERROR, NULL, NULL), 0);
  if (g_getenv ("B64IMGDEC_TEST_VERBOSE"))
    g_printerr ("%s (%s): %s\n", bad_cases[c].name,
        framed ? "framed" : "stream", warning);
  /* nothing the size of the claimed image was allocated */
  if (c == BAD_HUGE_SOF && hwm0 > 0)
    fail_unless (vm_hwm_kib () - hwm0 < 50 * 1024, "peak RSS grew %ld KiB",
        vm_hwm_kib () - hwm0);
  g_free (warning);
  dec_close (&d);
  g_free (pipeline);
  g_free (good1);
  g_free (good2);
  g_free (bad);
}

GST_START_TEST (test_bad_framed)
{
  check_bad ((BadCase) __i__, TRUE);
}

GST_END_TEST;

GST_START_TEST (test_bad_stream)
{
  check_bad ((BadCase) __i__, FALSE);
}

GST_END_TEST;

GST_START_TEST (test_many_scans_reference)
{
  /* the same construction with fewer scans is a valid JPEG: so the bad
   * case above is refused for its scan count alone */
  gsize len;
  guint8 *jpeg = make_many_scans_jpeg (2, &len); /* 190 scans */
  gchar *b64 = g_base64_encode (jpeg, len);
  GstBuffer *buf;
  GstCaps *caps;
  Dec d;

  dec_open (&d, "b64imgdec", "image/x-base64,framed=true", NULL);
  fail_unless_equals_int (push_frame (d.h, b64, TRUE), GST_FLOW_OK);
  buf = gst_harness_try_pull (d.h);
  fail_unless (buf != NULL);
  caps = current_caps (&d);
  check_pixels (buf, caps, jpeg, len, "190 scans");
  gst_caps_unref (caps);
  gst_buffer_unref (buf);
  fail_unless_equals_int (
      count_messages (&d, GST_MESSAGE_WARNING, NULL, NULL), 0);
  dec_close (&d);
  g_free (b64);
  g_free (jpeg);
}

GST_END_TEST;

GST_START_TEST (test_max_pixels_boundary)
{
  /* exactly max-pixels is fine */
  gchar *ok = make_b64 (10, 10, TJSAMP_420, 1);
  GstBuffer *buf;
  Dec d;

  dec_open (&d, "b64imgdec max-pixels=100", "image/x-base64,framed=true", NULL);
  fail_unless_equals_int (push_frame (d.h, ok, TRUE), GST_FLOW_OK);
  buf = gst_harness_try_pull (d.h);
  fail_unless (buf != NULL);
  gst_buffer_unref (buf);
  dec_close (&d);
  g_free (ok);
}

GST_END_TEST;

GST_START_TEST (test_max_errors_zero)
{
  gchar *good = make_b64 (9, 7, TJSAMP_420, 1);
  gchar *bad = make_bad_text (BAD_RANDOM);
  Dec d;

  for (gint framed = 0; framed < 2; framed++) {
    dec_open (&d, "b64imgdec max-errors=0",
        framed ? "image/x-base64,framed=true" : NULL, NULL);
    fail_unless_equals_int (push_frame (d.h, good, framed), GST_FLOW_OK);
    fail_unless_equals_int (push_frame (d.h, bad, framed), GST_FLOW_ERROR);
    fail_unless_equals_int (gst_harness_buffers_in_queue (d.h), 1);
    fail_unless_equals_int (
        count_messages (&d, GST_MESSAGE_ERROR, "unsupported", NULL), 1);
    dec_close (&d);
  }
  g_free (good);
  g_free (bad);
}

GST_END_TEST;

GST_START_TEST (test_max_errors_consecutive)
{
  /* max-errors=1: one bad frame between good ones is tolerated every
   * time (the count resets on a good frame), two in a row are fatal */
  gchar *good = make_b64 (9, 7, TJSAMP_420, 1);
  gchar *bad = make_bad_text (BAD_INVALID_CHAR);
  Dec d;

  dec_open (&d, "b64imgdec max-errors=1", NULL, NULL);
  for (guint i = 0; i < 3; i++) {
    fail_unless_equals_int (push_frame (d.h, good, FALSE), GST_FLOW_OK);
    fail_unless_equals_int (push_frame (d.h, bad, FALSE), GST_FLOW_OK);
  }
  fail_unless_equals_int (push_frame (d.h, bad, FALSE), GST_FLOW_ERROR);
  fail_unless_equals_int (gst_harness_buffers_in_queue (d.h), 3);
  fail_unless_equals_int (
      count_messages (&d, GST_MESSAGE_WARNING, "invalid", NULL), 3);
  fail_unless_equals_int (
      count_messages (&d, GST_MESSAGE_ERROR, "invalid", NULL), 1);
  dec_close (&d);
  g_free (good);
  g_free (bad);
}

GST_END_TEST;

GST_START_TEST (test_endless_line)
{
  const gsize chunk = 1024 * 1024;
  gchar *as = g_malloc (chunk);
  gchar *good = make_b64 (17, 9, TJSAMP_420, 1);
  glong hwm0, hwm1;
  Dec d;

  memset (as, 'A', chunk);
  dec_open (&d, "b64imgdec max-frame-bytes=1048576", NULL, NULL);
  /* warm up: a good frame first */
  fail_unless_equals_int (push_frame (d.h, good, FALSE), GST_FLOW_OK);
  hwm0 = vm_hwm_kib ();
  fail_unless (hwm0 > 0);
  for (guint i = 0; i < 200; i++) {
    GstBuffer *b = gst_buffer_new_wrapped_full (
        GST_MEMORY_FLAG_READONLY, as, chunk, 0, chunk, NULL, NULL);

    fail_unless_equals_int (gst_harness_push (d.h, b), GST_FLOW_OK);
  }
  fail_unless_equals_int (push_str (d.h, "\n"), GST_FLOW_OK);
  fail_unless_equals_int (push_frame (d.h, good, FALSE), GST_FLOW_OK);
  hwm1 = vm_hwm_kib ();
  fail_unless_equals_int (gst_harness_buffers_in_queue (d.h), 2);
  fail_unless_equals_int (
      count_messages (&d, GST_MESSAGE_WARNING, "longer than", NULL), 1);
  fail_unless (
      hwm1 - hwm0 < 50 * 1024, "peak RSS grew by %ld KiB", hwm1 - hwm0);
  if (g_getenv ("B64IMGDEC_TEST_VERBOSE"))
    g_printerr ("endless line: VmHWM %ld -> %ld KiB\n", hwm0, hwm1);
  dec_close (&d);
  g_free (good);
  g_free (as);
}

GST_END_TEST;

/* ---- round trip through b64imgenc ---------------------------------------- */

/* Fills any raw format through GstVideoConverter from the RGB picture. */
static GstBuffer *
make_raw (const GstVideoInfo *info, guint seed)
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
  pix = make_rgb (w, h, seed);
  gst_video_frame_map (&in, &rgb_info, rgb, GST_MAP_WRITE);
  for (gint y = 0; y < h; y++)
    memcpy ((guint8 *) GST_VIDEO_FRAME_PLANE_DATA (&in, 0)
                + (gsize) y * GST_VIDEO_FRAME_PLANE_STRIDE (&in, 0),
        pix + (gsize) y * w * 3, (gsize) w * 3);
  gst_video_frame_unmap (&in);
  g_free (pix);

  buf = gst_buffer_new_allocate (NULL, info->size, NULL);
  gst_video_frame_map (&in, &rgb_info, rgb, GST_MAP_READ);
  gst_video_frame_map (&out, info, buf, GST_MAP_WRITE);
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

static guint8 *
to_rgb (GstBuffer *buf, const GstVideoInfo *info)
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
  fail_unless (gst_video_frame_map (&in, info, buf, GST_MAP_READ));
  gst_video_frame_map (&out, &rgb_info, rgb, GST_MAP_WRITE);
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

/* log10 without libm (not linked here) */
static gdouble
log10_ (gdouble x)
{
  gint e = 0;
  gdouble t, t2, sum = 0, term;

  while (x >= 2) {
    x /= 2;
    e++;
  }
  while (x < 1) {
    x *= 2;
    e--;
  }
  /* ln x = 2 atanh ((x - 1) / (x + 1)) */
  t = (x - 1) / (x + 1);
  t2 = t * t;
  term = t;
  for (gint k = 1; k < 60; k += 2) {
    sum += term / k;
    term *= t2;
  }
  return (2 * sum + e * 0.69314718055994530942) / 2.30258509299404568402;
}

static gdouble
psnr (const guint8 *a, const guint8 *b, gsize n)
{
  gdouble se = 0;

  for (gsize i = 0; i < n; i++)
    se += (gdouble) (a[i] - b[i]) * (a[i] - b[i]);
  if (se == 0)
    return 99.0;
  return 10 * log10_ (255.0 * 255.0 * n / se);
}

GST_START_TEST (test_round_trip)
{
  const gchar *format = enc_formats[__i__];
  static const gint dims[][2] = { { 64, 48 }, { 33, 17 } };

  for (guint k = 0; k < G_N_ELEMENTS (dims); k++) {
    gint w = dims[k][0], h = dims[k][1];
    gchar *caps_str = g_strdup_printf ("video/x-raw,format=%s,width=%d,"
                                       "height=%d,framerate=30/1",
        format, w, h);
    gchar *sink_str = g_strdup_printf ("video/x-raw,format=%s", format);
    GstHarness *hh = gst_harness_new_parse ("b64imgenc ! b64imgdec");
    GstCaps *caps = gst_caps_from_string (caps_str);
    GstVideoInfo in_info, out_info;
    GstBuffer *in, *out;
    GstCaps *out_caps;
    guint8 *a, *b;
    gdouble p;

    gst_harness_set_src_caps (hh, gst_caps_ref (caps));
    gst_harness_set_sink_caps_str (hh, sink_str);
    fail_unless (gst_video_info_from_caps (&in_info, caps));
    in = make_raw (&in_info, 3);
    GST_BUFFER_PTS (in) = 0;
    a = to_rgb (in, &in_info);
    fail_unless_equals_int (gst_harness_push (hh, in), GST_FLOW_OK);
    out = gst_harness_try_pull (hh);
    fail_unless (out != NULL, "%s: no output", format);
    out_caps = gst_pad_get_current_caps (hh->sinkpad);
    fail_unless (gst_video_info_from_caps (&out_info, out_caps));
    fail_unless_equals_int (
        GST_VIDEO_INFO_FORMAT (&out_info), GST_VIDEO_INFO_FORMAT (&in_info));
    fail_unless_equals_int (out_info.width, w);
    fail_unless_equals_int (out_info.height, h);
    fail_unless_equals_uint64 (GST_BUFFER_PTS (out), 0);
    b = to_rgb (out, &out_info);
    p = psnr (a, b, (gsize) w * h * 3);
    if (g_getenv ("B64IMGDEC_TEST_VERBOSE"))
      g_printerr ("round trip %s %dx%d: PSNR %.2f dB\n", format, w, h, p);
    fail_unless (p >= MIN_ROUND_TRIP_PSNR, "%s %dx%d: PSNR %.2f dB < %.1f",
        format, w, h, p, MIN_ROUND_TRIP_PSNR);
    g_free (a);
    g_free (b);
    gst_buffer_unref (out);
    gst_caps_unref (out_caps);
    gst_caps_unref (caps);
    gst_harness_teardown (hh);
    g_free (caps_str);
    g_free (sink_str);
  }
}

GST_END_TEST;
/* A JPEG with luma sampled 3x1: TurboJPEG 2.1 has no TJSAMP for it, the
 * decoder reads it through the libjpeg API. */
static guint8 *
make_jpeg_3x1 (gint w, gint h, gsize *len)
{
  struct jpeg_compress_struct c;
  struct jpeg_error_mgr err;
  guint8 *rgb = make_rgb (w, h, 7);
  unsigned char *out = NULL;
  unsigned long out_len = 0;

  c.err = jpeg_std_error (&err);
  jpeg_create_compress (&c);
  jpeg_mem_dest (&c, &out, &out_len);
  c.image_width = w;
  c.image_height = h;
  c.input_components = 3;
  c.in_color_space = JCS_RGB;
  jpeg_set_defaults (&c);
  jpeg_set_quality (&c, 90, TRUE);
  c.comp_info[0].h_samp_factor = 3;
  c.comp_info[0].v_samp_factor = 1;
  jpeg_start_compress (&c, TRUE);
  while (c.next_scanline < c.image_height) {
    JSAMPROW row = rgb + (gsize) c.next_scanline * w * 3;
    jpeg_write_scanlines (&c, &row, 1);
  }
  jpeg_finish_compress (&c);
  jpeg_destroy_compress (&c);
  g_free (rgb);
  *len = out_len;
  return out;
}

/* Good, truncated data, good, truncated header, good: the good ones come
 * out in every format (RGB exact against libjpeg's own decode), the bad ones
 * are dropped with a warning. */
GST_START_TEST (test_libjpeg_fallback)
{
  static const gchar *formats[] = { "RGB", "BGRx", "GRAY8", "I420", "Y444" };

  for (guint f = 0; f < G_N_ELEMENTS (formats); f++) {
    gchar *sink_caps = g_strdup_printf ("video/x-raw,format=%s", formats[f]);
    gsize len;
    guint8 *jpeg = make_jpeg_3x1 (37, 23, &len);
    guint8 *corrupt = g_memdup2 (jpeg, len);
    gchar *good = g_base64_encode (jpeg, len);
    gchar *cut = g_base64_encode (jpeg, len / 2);
    gchar *bad;
    Dec d;

    /* cut inside the header tables: refused by both header readers */
    bad = g_base64_encode (corrupt, 100);
    dec_open (&d, "b64imgdec", NULL, sink_caps);
    fail_unless_equals_int (push_frame (d.h, good, FALSE), GST_FLOW_OK);
    fail_unless_equals_int (push_frame (d.h, cut, FALSE), GST_FLOW_OK);
    fail_unless_equals_int (push_frame (d.h, good, FALSE), GST_FLOW_OK);
    fail_unless_equals_int (push_frame (d.h, bad, FALSE), GST_FLOW_OK);
    fail_unless_equals_int (push_frame (d.h, good, FALSE), GST_FLOW_OK);
    fail_unless (gst_harness_buffers_in_queue (d.h) == 3, "%s: %u frames out",
        formats[f], gst_harness_buffers_in_queue (d.h));
    fail_unless_equals_int (
        count_messages (&d, GST_MESSAGE_WARNING, "Dropped a bad frame", NULL),
        2);
    for (guint k = 0; k < 3; k++) {
      GstBuffer *buf = gst_harness_pull (d.h);
      GstCaps *caps = current_caps (&d);
      GstVideoInfo info;

      fail_unless (gst_video_info_from_caps (&info, caps));
      fail_unless_equals_int (GST_VIDEO_INFO_WIDTH (&info), 37);
      fail_unless_equals_int (GST_VIDEO_INFO_HEIGHT (&info), 23);
      fail_unless_equals_string (
          gst_video_format_to_string (GST_VIDEO_INFO_FORMAT (&info)),
          formats[f]);
      if (f == 0) {
        /* TurboJPEG cannot read this file: compare with libjpeg's RGB */
        struct jpeg_decompress_struct dc;
        struct jpeg_error_mgr err;
        GstMapInfo map;

        dc.err = jpeg_std_error (&err);
        jpeg_create_decompress (&dc);
        jpeg_mem_src (&dc, jpeg, len);
        jpeg_read_header (&dc, TRUE);
        dc.out_color_space = JCS_RGB;
        jpeg_start_decompress (&dc);
        fail_unless (gst_buffer_map (buf, &map, GST_MAP_READ));
        while (dc.output_scanline < dc.output_height) {
          guint8 row[37 * 3];
          JSAMPROW r = row;
          guint y = dc.output_scanline;

          jpeg_read_scanlines (&dc, &r, 1);
          fail_unless (
              memcmp (map.data + y * GST_VIDEO_INFO_PLANE_STRIDE (&info, 0),
                  row, sizeof (row))
              == 0);
        }
        gst_buffer_unmap (buf, &map);
        jpeg_finish_decompress (&dc);
        jpeg_destroy_decompress (&dc);
      }
      gst_caps_unref (caps);
      gst_buffer_unref (buf);
    }
    dec_close (&d);
    g_free (bad);
    g_free (cut);
    g_free (good);
    g_free (corrupt);
    free (jpeg);
    g_free (sink_caps);
  }
}

GST_END_TEST;

/* Downstream that reads GstVideoMeta gets buffers carrying it, and the
 * decoder writes through the meta's plane offsets and strides. */
GST_START_TEST (test_video_meta)
{
  static const gchar *formats[] = { "I420", "Y444", "RGB", "NV12" };

  for (guint f = 0; f < G_N_ELEMENTS (formats); f++) {
    gchar *sink_caps = g_strdup_printf ("video/x-raw,format=%s", formats[f]);
    gsize len;
    guint8 *jpeg = make_jpeg (35, 35, TJSAMP_420, f, &len);
    gchar *b64 = g_base64_encode (jpeg, len);
    GstBuffer *buf;
    GstCaps *caps;
    Dec d;

    dec_open (&d, "b64imgdec", "image/x-base64,framed=true", sink_caps);
    gst_harness_add_propose_allocation_meta (
        d.h, GST_VIDEO_META_API_TYPE, NULL);
    fail_unless_equals_int (push_frame (d.h, b64, TRUE), GST_FLOW_OK);
    buf = gst_harness_pull (d.h);
    fail_unless (gst_buffer_get_video_meta (buf) != NULL, "%s: no video meta",
        formats[f]);
    caps = current_caps (&d);
    check_pixels (buf, caps, jpeg, len, formats[f]);
    gst_caps_unref (caps);
    gst_buffer_unref (buf);
    dec_close (&d);
    g_free (b64);
    g_free (jpeg);
    g_free (sink_caps);
  }
}

GST_END_TEST;

static Suite *
b64imgdec_suite (void)
{
  Suite *s = suite_create ("b64imgdec");
  TCase *tc = tcase_create ("pixels");
  TCase *tf = tcase_create ("framing");
  TCase *tb = tcase_create ("bad-input");
  TCase *tr = tcase_create ("round-trip");

  suite_add_tcase (s, tc);
  tcase_add_loop_test (tc, test_format_framed, 0, G_N_ELEMENTS (out_formats));
  tcase_add_test (tc, test_video_meta);
  tcase_add_test (tc, test_libjpeg_fallback);
  tcase_add_loop_test (tc, test_format_stream, 0, G_N_ELEMENTS (out_formats));
  tcase_add_test (tc, test_native_any);
  tcase_add_test (tc, test_native_videoconvert);
  tcase_add_test (tc, test_native_440_rgb);
  tcase_add_test (tc, test_idct_method);

  suite_add_tcase (s, tf);
  tcase_add_test (tf, test_renegotiate);
  tcase_add_test (tf, test_pts_pass_through);
  tcase_add_test (tf, test_pts_from_framerate);
  tcase_add_test (tf, test_framed_vs_stream);
  tcase_add_test (tf, test_data_uri_and_alphabets);

  suite_add_tcase (s, tb);
  tcase_add_loop_test (tb, test_bad_framed, 0, N_BAD);
  tcase_add_loop_test (tb, test_bad_stream, 0, N_BAD);
  tcase_add_test (tb, test_many_scans_reference);
  tcase_add_test (tb, test_max_pixels_boundary);
  tcase_add_test (tb, test_max_errors_zero);
  tcase_add_test (tb, test_max_errors_consecutive);
  tcase_add_test (tb, test_endless_line);

  suite_add_tcase (s, tr);
  tcase_add_loop_test (tr, test_round_trip, 0, G_N_ELEMENTS (enc_formats));
  return s;
}

GST_CHECK_MAIN (b64imgdec);
