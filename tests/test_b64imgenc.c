/* b64img — element tests of b64imgenc (GstHarness)
 * Copyright (C) 2026 The b64img authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * Every frame the element outputs is checked the way a user on the other
 * end would read it: the text is validated character by character, decoded
 * (GLib as the reference for the standard alphabet, after our own
 * validation, since GLib skips bad characters silently), and the JPEG is
 * decoded by TurboJPEG and compared with what was pushed in.
 *
 * The input pictures are smooth (slow sinusoids of the pixel position), so
 * that JPEG at the default quality 85 reproduces them closely and a PSNR
 * bound tells a correct picture from a wrong one (swapped chroma, wrong
 * stride, missing range expansion, shifted rows all cost far more than the
 * bounds below leave).
 */

#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <gst/check/gstcheck.h>
#include <gst/check/gstharness.h>
#include <gst/video/video.h>
#include <turbojpeg.h>

#include <string.h>

/* ---- PSNR bounds (quality 85 unless a test says otherwise) -------------
 *
 * Measured on this content with libjpeg-turbo 2.1.5 the values are well
 * above these bounds (RGB 36-50 dB, luma 41-60 dB); a wrong picture (e.g.
 * U and V swapped, limited range not expanded, a stride off by one) falls
 * to 10-25 dB. */

/* The whole picture in RGB, after chroma subsampling and JPEG's own
 * upsampling: every size, 1x1 included. */
#define MIN_PSNR_RGB 36.0
/* The luma plane of a YUV input against the luma the JPEG carries. */
#define MIN_PSNR_LUMA 42.0

static const gchar *all_formats[] = {
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

static const struct
{
  gint w, h;
} all_sizes[] = {
  { 1, 1 },
  { 2, 2 },
  { 3, 3 },
  { 16, 16 },
  { 17, 9 },
  { 641, 479 },
};

/* "jpeg" colorimetry: full-range BT.601, what JFIF stores */
#define FULL_RANGE_COLORIMETRY "1:4:0:0"

/* ---- a little arithmetic (the test links no libm) ---------------------- */

static gdouble
t_sin (gdouble x)
{
  gdouble t, sum;

  /* reduce to [-pi, pi] */
  x -= 2.0 * G_PI * (gint64) (x / (2.0 * G_PI));
  if (x > G_PI)
    x -= 2.0 * G_PI;
  else if (x < -G_PI)
    x += 2.0 * G_PI;
  t = sum = x;
  for (gint n = 1; n < 12; n++) {
    t *= -x * x / ((2.0 * n) * (2.0 * n + 1.0));
    sum += t;
  }
  return sum;
}

static gdouble
t_cos (gdouble x)
{
  return t_sin (x + G_PI / 2.0);
}

/* natural logarithm of @x > 0 */
static gdouble
t_ln (gdouble x)
{
  gdouble z, z2, t, sum = 0.0;
  gint e = 0;

  while (x > 2.0) {
    x /= 2.0;
    e++;
  }
  while (x < 1.0) {
    x *= 2.0;
    e--;
  }
  /* ln x = 2 atanh ((x - 1) / (x + 1)), |z| <= 1/3 */
  z = (x - 1.0) / (x + 1.0);
  z2 = z * z;
  t = z;
  for (gint n = 0; n < 40; n++) {
    sum += t / (2 * n + 1);
    t *= z2;
  }
  return 2.0 * sum + e * G_LN2;
}

static gdouble
t_log10 (gdouble x)
{
  return t_ln (x) / G_LN10;
}

static gdouble
t_fabs (gdouble x)
{
  return x < 0 ? -x : x;
}

static glong
t_lround (gdouble x)
{
  return x < 0 ? (glong) (x - 0.5) : (glong) (x + 0.5);
}

/* ---- reference pictures ------------------------------------------------ */

/* What a correct encoder's JPEG must show: the full-range luma it carries
 * and the RGB a JFIF decoder computes from it. */
typedef struct
{
  gint w, h;
  guint8 *y;
  guint8 *rgb;
} Ref;

static void
ref_free (Ref *ref)
{
  g_free (ref->y);
  g_free (ref->rgb);
  g_free (ref);
}

static guint8
clamp8 (gdouble v)
{
  return (guint8) CLAMP (t_lround (v), 0, 255);
}

/* Slow sinusoids: at most ~3 levels per pixel for luma and ~1.2 for
 * chroma, so chroma siting and subsampling cost little. Within the RGB
 * gamut except near the extremes. */
static gdouble
f_y (gdouble x, gdouble y)
{
  return 128.0 + 70.0 * t_sin (x * 0.041 + y * 0.029 + 0.3);
}

static gdouble
f_u (gdouble x, gdouble y)
{
  return 128.0 + 40.0 * t_sin (x * 0.023 - y * 0.026 - 1.1);
}

static gdouble
f_v (gdouble x, gdouble y)
{
  return 128.0 + 40.0 * t_cos (x * 0.019 + y * 0.024 + 0.4);
}

static gdouble
f_r (gdouble x, gdouble y)
{
  return 128.0 + 90.0 * t_sin (x * 0.037 + y * 0.021);
}

static gdouble
f_g (gdouble x, gdouble y)
{
  return 128.0 + 90.0 * t_cos (x * 0.025 - y * 0.033 + 0.7);
}

static gdouble
f_b (gdouble x, gdouble y)
{
  return 128.0 + 90.0 * t_sin (-x * 0.029 + y * 0.031 + 2.0);
}

/* JFIF: full-range BT.601 */
static void
yuv_to_rgb (gdouble y, gdouble u, gdouble v, guint8 *rgb)
{
  rgb[0] = clamp8 (y + 1.402 * (v - 128.0));
  rgb[1] = clamp8 (y - 0.344136 * (u - 128.0) - 0.714136 * (v - 128.0));
  rgb[2] = clamp8 (y + 1.772 * (u - 128.0));
}

static guint8
rgb_to_y (const guint8 *rgb)
{
  return clamp8 (0.299 * rgb[0] + 0.587 * rgb[1] + 0.114 * rgb[2]);
}

/* Value of component @c of a @format picture at (x, y), in the units
 * stored in the frame. */
static guint8
component_value (const GstVideoFormatInfo *fi, guint c, gdouble x, gdouble y)
{
  if (GST_VIDEO_FORMAT_INFO_IS_YUV (fi) || GST_VIDEO_FORMAT_INFO_IS_GRAY (fi)) {
    switch (c) {
      case 0:
        return clamp8 (f_y (x, y));
      case 1:
        return clamp8 (f_u (x, y));
      default:
        return clamp8 (f_v (x, y));
    }
  }
  switch (c) {
    case 0:
      return clamp8 (f_r (x, y));
    case 1:
      return clamp8 (f_g (x, y));
    case 2:
      return clamp8 (f_b (x, y));
    default: /* alpha: anything; JPEG must ignore it */
      return (guint8) (((gint) x * 37 + (gint) y * 11) & 0xff);
  }
}

/* Fills @buf as a picture of @info (its strides and offsets). Subsampled
 * chroma takes the value at the centre of the pixels it covers, JPEG's
 * own convention. Bytes outside the components (the x of RGBx) keep
 * whatever was there. */
static void
fill_frame (const GstVideoInfo *info, GstBuffer *buf)
{
  GstVideoFrame f;
  const GstVideoFormatInfo *fi = info->finfo;

  fail_unless (
      gst_video_frame_map (&f, (GstVideoInfo *) info, buf, GST_MAP_WRITE));
  for (guint c = 0; c < GST_VIDEO_FORMAT_INFO_N_COMPONENTS (fi); c++) {
    guint8 *data = GST_VIDEO_FRAME_COMP_DATA (&f, c);
    gint stride = GST_VIDEO_FRAME_COMP_STRIDE (&f, c);
    gint ps = GST_VIDEO_FRAME_COMP_PSTRIDE (&f, c);
    gint cw = GST_VIDEO_FRAME_COMP_WIDTH (&f, c);
    gint ch = GST_VIDEO_FRAME_COMP_HEIGHT (&f, c);
    gint ws = 1 << GST_VIDEO_FORMAT_INFO_W_SUB (fi, c);
    gint hs = 1 << GST_VIDEO_FORMAT_INFO_H_SUB (fi, c);

    for (gint sy = 0; sy < ch; sy++) {
      for (gint sx = 0; sx < cw; sx++) {
        gdouble x = (sx + 0.5) * ws - 0.5, y = (sy + 0.5) * hs - 0.5;

        data[(gsize) sy * stride + (gsize) sx * ps]
            = component_value (fi, c, x, y);
      }
    }
  }
  gst_video_frame_unmap (&f);
}

/* The reference a full-range (or RGB) picture of @info must decode to. */
static Ref *
make_ref (const GstVideoInfo *info)
{
  const GstVideoFormatInfo *fi = info->finfo;
  Ref *ref = g_new0 (Ref, 1);

  ref->w = GST_VIDEO_INFO_WIDTH (info);
  ref->h = GST_VIDEO_INFO_HEIGHT (info);
  ref->y = g_malloc ((gsize) ref->w * ref->h);
  ref->rgb = g_malloc ((gsize) ref->w * ref->h * 3);
  for (gint y = 0; y < ref->h; y++) {
    for (gint x = 0; x < ref->w; x++) {
      gsize p = (gsize) y * ref->w + x;
      guint8 *rgb = ref->rgb + p * 3;

      if (GST_VIDEO_FORMAT_INFO_IS_GRAY (fi)) {
        ref->y[p] = component_value (fi, 0, x, y);
        rgb[0] = rgb[1] = rgb[2] = ref->y[p];
      } else if (GST_VIDEO_FORMAT_INFO_IS_YUV (fi)) {
        ref->y[p] = component_value (fi, 0, x, y);
        yuv_to_rgb (ref->y[p], f_u (x, y), f_v (x, y), rgb);
      } else {
        for (guint c = 0; c < 3; c++)
          rgb[c] = component_value (fi, c, x, y);
        ref->y[p] = rgb_to_y (rgb);
      }
    }
  }
  return ref;
}

static gchar *
caps_string (const gchar *format, gint w, gint h, gboolean full_range)
{
  GstVideoFormat vf = gst_video_format_from_string (format);
  const GstVideoFormatInfo *fi = gst_video_format_get_info (vf);

  return g_strdup_printf ("video/x-raw, format=%s, width=%d, height=%d, "
                          "framerate=25/1%s",
      format, w, h,
      full_range && GST_VIDEO_FORMAT_INFO_IS_YUV (fi)
          ? ", colorimetry=" FULL_RANGE_COLORIMETRY
          : "");
}

static void
info_from_string (GstVideoInfo *info, const gchar *caps_str)
{
  GstCaps *caps = gst_caps_from_string (caps_str);

  fail_unless (caps != NULL, "bad caps %s", caps_str);
  fail_unless (gst_video_info_from_caps (info, caps), "bad caps %s", caps_str);
  gst_caps_unref (caps);
}

/* A frame of @info with a recognisable pattern in the bytes the picture
 * does not use. */
static GstBuffer *
new_frame (const GstVideoInfo *info)
{
  GstBuffer *buf = gst_buffer_new_allocate (NULL, info->size, NULL);

  gst_buffer_memset (buf, 0, 0x5a, info->size);
  fill_frame (info, buf);
  return buf;
}

/* ---- the text side ----------------------------------------------------- */

typedef struct
{
  const gchar *prefix; /* exact text before the base64 */
  gboolean url;
  gboolean padding;
  gboolean newline;
} TextForm;

static const TextForm default_form = { "", FALSE, TRUE, TRUE };

static gboolean
in_alphabet (gchar c, gboolean url)
{
  if (g_ascii_isalnum (c))
    return TRUE;
  if (url)
    return c == '-' || c == '_';
  return c == '+' || c == '/';
}

/* Checks the text of @buf has the form @form and returns the base64 part
 * (a new string, standard alphabet, padded) */
static gchar *
text_payload (GstBuffer *buf, const TextForm *form)
{
  GstMapInfo map;
  const gchar *t;
  gsize len, plen = strlen (form->prefix), n, pad = 0;
  gchar *b64;

  fail_unless (gst_buffer_map (buf, &map, GST_MAP_READ));
  t = (const gchar *) map.data;
  len = map.size;

  fail_unless (len > plen, "text too short (%" G_GSIZE_FORMAT ")", len);
  fail_unless (
      memcmp (t, form->prefix, plen) == 0, "prefix is not '%s'", form->prefix);
  t += plen;
  len -= plen;
  if (form->newline) {
    fail_unless (len > 0 && t[len - 1] == '\n', "no newline at the end");
    len--;
  } else {
    fail_unless (len > 0 && t[len - 1] != '\n', "newline at the end");
  }

  /* body: alphabet characters, then padding at the very end only */
  n = len;
  while (n > 0 && t[n - 1] == '=') {
    n--;
    pad++;
  }
  /* (check marks a point on every assertion: none inside byte loops) */
  for (gsize i = 0; i < n; i++) {
    if (!in_alphabet (t[i], form->url))
      fail (
          "bad character 0x%02x at %" G_GSIZE_FORMAT, (guchar) t[i], plen + i);
  }
  fail_unless (n % 4 != 1, "impossible base64 length %" G_GSIZE_FORMAT, n);
  if (form->padding) {
    fail_unless (len % 4 == 0,
        "padded length %" G_GSIZE_FORMAT " not a multiple of 4", len);
    fail_unless (pad == (4 - n % 4) % 4, "wrong padding");
  } else {
    fail_unless (pad == 0, "'=' without padding");
  }

  b64 = g_malloc (n + 4);
  for (gsize i = 0; i < n; i++) {
    gchar c = t[i];

    b64[i] = c == '-' ? '+' : c == '_' ? '/' : c;
  }
  gst_buffer_unmap (buf, &map);
  while (n % 4)
    b64[n++] = '=';
  b64[n] = '\0';
  return b64;
}

static guint8 *
text_to_jpeg (GstBuffer *buf, const TextForm *form, gsize *size)
{
  gchar *b64 = text_payload (buf, form);
  guint8 *jpeg = g_base64_decode (b64, size);

  g_free (b64);
  fail_unless (*size >= 4 && jpeg[0] == 0xff && jpeg[1] == 0xd8,
      "payload is not a JPEG");
  fail_unless (
      jpeg[*size - 2] == 0xff && jpeg[*size - 1] == 0xd9, "JPEG without EOI");
  return jpeg;
}

/* ---- the pixel side ---------------------------------------------------- */

static gdouble
psnr (const guint8 *a, const guint8 *b, gsize n)
{
  gdouble se = 0.0;

  for (gsize i = 0; i < n; i++) {
    gdouble d = (gdouble) a[i] - b[i];
    se += d * d;
  }
  if (se == 0.0)
    return 99.0;
  return 10.0 * t_log10 (255.0 * 255.0 * n / se);
}

typedef struct
{
  gint w, h, samp;
  gdouble psnr_rgb, psnr_luma;
} Decoded;

/* Decodes @jpeg, checks its size and compares it with @ref. */
static void
check_jpeg (const guint8 *jpeg, gsize size, const Ref *ref, Decoded *d)
{
  tjhandle tj = tjInitDecompress ();
  gint w = 0, h = 0, samp = -1, cs = -1;
  guint8 *rgb, *planes[3];
  gint strides[3] = { 0, 0, 0 };

  fail_unless (tj != NULL);
  fail_unless (tjDecompressHeader3 (tj, jpeg, size, &w, &h, &samp, &cs) == 0,
      "header: %s", tjGetErrorStr2 (tj));
  fail_unless_equals_int (w, ref->w);
  fail_unless_equals_int (h, ref->h);
  fail_unless_equals_int (cs, samp == TJSAMP_GRAY ? TJCS_GRAY : TJCS_YCbCr);

  rgb = g_malloc ((gsize) w * h * 3);
  fail_unless (
      tjDecompress2 (tj, jpeg, size, rgb, w, w * 3, h, TJPF_RGB, 0) == 0,
      "decode: %s", tjGetErrorStr2 (tj));

  for (gint i = 0; i < 3; i++) {
    planes[i] = samp == TJSAMP_GRAY && i > 0
                    ? NULL
                    : g_malloc (tjPlaneSizeYUV (i, w, 0, h, samp));
  }
  fail_unless (
      tjDecompressToYUVPlanes (tj, jpeg, size, planes, w, NULL, h, 0) == 0,
      "decode planes: %s", tjGetErrorStr2 (tj));
  strides[0] = tjPlaneWidth (0, w, samp);
  for (gint y = 0; y < h; y++) /* compact the luma rows */
    memmove (planes[0] + (gsize) y * w, planes[0] + (gsize) y * strides[0], w);

  d->w = w;
  d->h = h;
  d->samp = samp;
  d->psnr_rgb = psnr (rgb, ref->rgb, (gsize) w * h * 3);
  d->psnr_luma = psnr (planes[0], ref->y, (gsize) w * h);

  for (gint i = 0; i < 3; i++)
    g_free (planes[i]);
  g_free (rgb);
  tjDestroy (tj);
}

/* Decodes to RGB and to luma, for the colour-range tests. */
static void
decode_means (
    const guint8 *jpeg, gsize size, gdouble *mean_y, gdouble mean_rgb[3])
{
  tjhandle tj = tjInitDecompress ();
  gint w = 0, h = 0, samp = -1, cs = -1;
  guint8 *rgb, *gray;
  gdouble s[3] = { 0, 0, 0 }, sy = 0;

  fail_unless (tjDecompressHeader3 (tj, jpeg, size, &w, &h, &samp, &cs) == 0);
  rgb = g_malloc ((gsize) w * h * 3);
  gray = g_malloc ((gsize) w * h);
  fail_unless (tjDecompress2 (tj, jpeg, size, rgb, w, 0, h, TJPF_RGB, 0) == 0);
  fail_unless (
      tjDecompress2 (tj, jpeg, size, gray, w, 0, h, TJPF_GRAY, 0) == 0);
  for (gint i = 0; i < w * h; i++) {
    for (gint c = 0; c < 3; c++)
      s[c] += rgb[i * 3 + c];
    sy += gray[i];
  }
  for (gint c = 0; c < 3; c++)
    mean_rgb[c] = s[c] / (w * h);
  *mean_y = sy / (w * h);
  g_free (rgb);
  g_free (gray);
  tjDestroy (tj);
}

/* ---- harness helpers --------------------------------------------------- */

static GstHarness *
new_harness (const gchar *caps_str)
{
  GstHarness *h = gst_harness_new ("b64imgenc");

  gst_harness_set_src_caps_str (h, caps_str);
  return h;
}

/* Pushes one frame and returns the single output buffer. */
static GstBuffer *
push_pull (GstHarness *h, GstBuffer *in)
{
  GstBuffer *out;

  fail_unless_equals_int (gst_harness_push (h, in), GST_FLOW_OK);
  out = gst_harness_try_pull (h);
  fail_unless (out != NULL, "no output buffer for an input frame");
  fail_unless_equals_int (gst_harness_buffers_in_queue (h), 0);
  return out;
}

static void
check_src_caps (GstHarness *h, gint w, gint h_, const gchar *alphabet)
{
  GstCaps *caps = gst_pad_get_current_caps (h->sinkpad);
  GstStructure *s;
  gboolean framed = FALSE;
  gint v, fn = 0, fd = 0;

  fail_unless (caps != NULL);
  s = gst_caps_get_structure (caps, 0);
  fail_unless_equals_string (gst_structure_get_name (s), "image/x-base64");
  fail_unless (gst_structure_get_boolean (s, "framed", &framed) && framed);
  fail_unless_equals_string (
      gst_structure_get_string (s, "payload"), "image/jpeg");
  fail_unless_equals_string (
      gst_structure_get_string (s, "alphabet"), alphabet);
  fail_unless (gst_structure_get_int (s, "width", &v));
  fail_unless_equals_int (v, w);
  fail_unless (gst_structure_get_int (s, "height", &v));
  fail_unless_equals_int (v, h_);
  fail_unless (gst_structure_get_fraction (s, "framerate", &fn, &fd));
  fail_unless_equals_int (fn, 25);
  fail_unless_equals_int (fd, 1);
  gst_caps_unref (caps);
}

/* Encodes one smooth full-range frame of @format at @w x @h with @h's
 * current settings and checks text, size and pixels. Returns the JPEG's
 * sampling. */
static gint
encode_and_check (GstHarness *h, const gchar *format, gint w, gint ht,
    const TextForm *form, gdouble min_rgb, gdouble min_luma)
{
  gchar *caps_str = caps_string (format, w, ht, TRUE);
  GstVideoInfo info;
  GstBuffer *out;
  Ref *ref;
  guint8 *jpeg;
  gsize size;
  Decoded d;

  info_from_string (&info, caps_str);
  gst_harness_set_src_caps_str (h, caps_str);
  ref = make_ref (&info);
  out = push_pull (h, new_frame (&info));
  check_src_caps (h, w, ht, form->url ? "url" : "standard");
  jpeg = text_to_jpeg (out, form, &size);
  check_jpeg (jpeg, size, ref, &d);
  GST_INFO ("%s %dx%d: samp %d, %" G_GSIZE_FORMAT " bytes, RGB %.1f dB, "
            "luma %.1f dB",
      format, w, ht, d.samp, size, d.psnr_rgb, d.psnr_luma);
  fail_unless (d.psnr_rgb >= min_rgb, "%s %dx%d: RGB PSNR %.2f dB < %.1f",
      format, w, ht, d.psnr_rgb, min_rgb);
  fail_unless (d.psnr_luma >= min_luma, "%s %dx%d: luma PSNR %.2f dB < %.1f",
      format, w, ht, d.psnr_luma, min_luma);

  g_free (jpeg);
  gst_buffer_unref (out);
  ref_free (ref);
  g_free (caps_str);
  return d.samp;
}

/* The JPEG of one smooth full-range frame with @h's current settings. */
static guint8 *
encode_jpeg (GstHarness *h, const gchar *format, gint w, gint ht, gsize *size)
{
  gchar *caps_str = caps_string (format, w, ht, TRUE);
  GstVideoInfo info;
  GstBuffer *out;
  guint8 *jpeg;

  info_from_string (&info, caps_str);
  gst_harness_set_src_caps_str (h, caps_str);
  out = push_pull (h, new_frame (&info));
  jpeg = text_to_jpeg (out, &default_form, size);
  gst_buffer_unref (out);
  g_free (caps_str);
  return jpeg;
}

/* The raw output text of one smooth full-range frame. */
static GstBuffer *
encode_text (GstHarness *h, const gchar *format, gint w, gint ht)
{
  gchar *caps_str = caps_string (format, w, ht, TRUE);
  GstVideoInfo info;
  GstBuffer *out;

  info_from_string (&info, caps_str);
  gst_harness_set_src_caps_str (h, caps_str);
  out = push_pull (h, new_frame (&info));
  g_free (caps_str);
  return out;
}

/* ---- tests: every format at every size --------------------------------- */

/* One loop iteration per format (tcase_add_loop_test); all sizes in one
 * harness, so size changes renegotiate. */
GST_START_TEST (test_format_sizes)
{
  const gchar *format = all_formats[__i__];
  GstHarness *h = gst_harness_new ("b64imgenc");

  for (guint s = 0; s < G_N_ELEMENTS (all_sizes); s++)
    encode_and_check (h, format, all_sizes[s].w, all_sizes[s].h, &default_form,
        MIN_PSNR_RGB, MIN_PSNR_LUMA);
  gst_harness_teardown (h);
}

GST_END_TEST;

/* The same, a fresh element per size (no state left from a larger frame) */
GST_START_TEST (test_format_sizes_fresh)
{
  const gchar *format = all_formats[__i__];

  for (guint s = 0; s < G_N_ELEMENTS (all_sizes) - 1; s++) {
    GstHarness *h = gst_harness_new ("b64imgenc");

    encode_and_check (h, format, all_sizes[s].w, all_sizes[s].h, &default_form,
        MIN_PSNR_RGB, MIN_PSNR_LUMA);
    gst_harness_teardown (h);
  }
}

GST_END_TEST;

/* A frame whose rows and planes are laid out by a GstVideoMeta, not by the
 * default strides: the element must read the frame's real strides and
 * offsets. Odd and even sizes (direct and copied plane paths). */
static void
check_meta_layout (const gchar *format, gint w, gint ht)
{
  gchar *caps_str = caps_string (format, w, ht, TRUE);
  GstVideoInfo info;
  GstBuffer *buf, *out;
  gsize offset = 64, size;
  Ref *ref;
  guint8 *jpeg;
  Decoded d;
  GstHarness *h = new_harness (caps_str);

  info_from_string (&info, caps_str);
  /* each plane: 64 bytes of gap, then rows 40 bytes longer than needed */
  for (guint p = 0; p < GST_VIDEO_INFO_N_PLANES (&info); p++) {
    gint comp[GST_VIDEO_MAX_COMPONENTS];
    gint rows;

    gst_video_format_info_component (info.finfo, p, comp);
    rows = GST_VIDEO_FORMAT_INFO_SCALE_HEIGHT (info.finfo, comp[0], ht);
    info.stride[p] += 40;
    info.offset[p] = offset;
    offset += (gsize) info.stride[p] * rows + 64;
  }
  info.size = offset;
  buf = gst_buffer_new_allocate (NULL, info.size, NULL);
  gst_buffer_memset (buf, 0, 0xa5, info.size);
  gst_buffer_add_video_meta_full (buf, GST_VIDEO_FRAME_FLAG_NONE,
      GST_VIDEO_INFO_FORMAT (&info), w, ht, GST_VIDEO_INFO_N_PLANES (&info),
      info.offset, info.stride);
  fill_frame (&info, buf);
  ref = make_ref (&info);

  out = push_pull (h, buf);
  jpeg = text_to_jpeg (out, &default_form, &size);
  check_jpeg (jpeg, size, ref, &d);
  fail_unless (d.psnr_rgb >= MIN_PSNR_RGB,
      "%s %dx%d with meta: RGB PSNR "
      "%.2f dB",
      format, w, ht, d.psnr_rgb);
  fail_unless (d.psnr_luma >= MIN_PSNR_LUMA,
      "%s %dx%d with meta: luma PSNR "
      "%.2f dB",
      format, w, ht, d.psnr_luma);

  g_free (jpeg);
  gst_buffer_unref (out);
  ref_free (ref);
  gst_harness_teardown (h);
  g_free (caps_str);
}

GST_START_TEST (test_video_meta_strides)
{
  const gchar *format = all_formats[__i__];

  check_meta_layout (format, 16, 16);
  check_meta_layout (format, 17, 9);
  check_meta_layout (format, 64, 48);
}

GST_END_TEST;

/* ---- tests: colour range ----------------------------------------------- */

/* A flat frame of @format with luma @y and chroma @u, @v (no colorimetry
 * in the caps: GStreamer's default, limited range, unless @full). */
static GstBuffer *
flat_frame (const GstVideoInfo *info, guint8 y, guint8 u, guint8 v)
{
  GstBuffer *buf = gst_buffer_new_allocate (NULL, info->size, NULL);
  GstVideoFrame f;
  const guint8 val[3] = { y, u, v };

  fail_unless (
      gst_video_frame_map (&f, (GstVideoInfo *) info, buf, GST_MAP_WRITE));
  for (guint c = 0; c < GST_VIDEO_FRAME_N_COMPONENTS (&f); c++) {
    guint8 *data = GST_VIDEO_FRAME_COMP_DATA (&f, c);
    gint stride = GST_VIDEO_FRAME_COMP_STRIDE (&f, c);
    gint ps = GST_VIDEO_FRAME_COMP_PSTRIDE (&f, c);

    for (gint sy = 0; sy < GST_VIDEO_FRAME_COMP_HEIGHT (&f, c); sy++)
      for (gint sx = 0; sx < GST_VIDEO_FRAME_COMP_WIDTH (&f, c); sx++)
        data[(gsize) sy * stride + (gsize) sx * ps] = val[c];
  }
  gst_video_frame_unmap (&f);
  return buf;
}

static const gchar *yuv_formats[] = {
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
};

/* Limited range (the default caps): Y 16 is black (0), Y 235 white (255),
 * Y 126 mid grey (128); chroma 240 / 16 are the full-range extremes. A
 * decoder's RGB of white must be 255, not 235. Tolerance: 2 levels. */
GST_START_TEST (test_limited_range_expanded)
{
  const gchar *format = yuv_formats[__i__];
  const struct
  {
    guint8 y, u, v;
    gdouble exp_y, exp_u, exp_v;
  } cases[] = {
    { 16, 128, 128, 0, 128, 128 },
    { 235, 128, 128, 255, 128, 128 },
    { 126, 128, 128, 128, 128, 128 },
    { 126, 240, 16, 128, 255, 0 },
    { 126, 16, 240, 128, 0, 255 },
  };
  gchar *caps_str = g_strdup_printf ("video/x-raw, format=%s, width=33, "
                                     "height=17, framerate=25/1",
      format);
  GstVideoInfo info;
  GstHarness *h = new_harness (caps_str);

  info_from_string (&info, caps_str);
  fail_unless_equals_int (info.colorimetry.range, GST_VIDEO_COLOR_RANGE_16_235);
  for (guint i = 0; i < G_N_ELEMENTS (cases); i++) {
    GstBuffer *out
        = push_pull (h, flat_frame (&info, cases[i].y, cases[i].u, cases[i].v));
    gsize size;
    guint8 *jpeg = text_to_jpeg (out, &default_form, &size);
    gdouble my, rgb[3], er[3];
    guint8 ref_rgb[3];

    decode_means (jpeg, size, &my, rgb);
    fail_unless (t_fabs (my - cases[i].exp_y) <= 2.0,
        "%s limited Y=%u decoded to luma %.1f, expected %.0f", format,
        cases[i].y, my, cases[i].exp_y);
    yuv_to_rgb (cases[i].exp_y, cases[i].exp_u, cases[i].exp_v, ref_rgb);
    for (gint c = 0; c < 3; c++) {
      er[c] = ref_rgb[c];
      fail_unless (t_fabs (rgb[c] - er[c]) <= 3.0,
          "%s limited (%u,%u,%u): RGB[%d] %.1f, expected %.0f", format,
          cases[i].y, cases[i].u, cases[i].v, c, rgb[c], er[c]);
    }
    g_free (jpeg);
    gst_buffer_unref (out);
  }
  gst_harness_teardown (h);
  g_free (caps_str);
}

GST_END_TEST;

/* Full range goes straight through: Y 16 stays 16, Y 235 stays 235. */
GST_START_TEST (test_full_range_untouched)
{
  const gchar *format = yuv_formats[__i__];
  const guint8 ys[] = { 16, 235, 0, 255 };
  gchar *caps_str = caps_string (format, 33, 17, TRUE);
  GstVideoInfo info;
  GstHarness *h = new_harness (caps_str);

  info_from_string (&info, caps_str);
  fail_unless_equals_int (info.colorimetry.range, GST_VIDEO_COLOR_RANGE_0_255);
  for (guint i = 0; i < G_N_ELEMENTS (ys); i++) {
    GstBuffer *out = push_pull (h, flat_frame (&info, ys[i], 128, 128));
    gsize size;
    guint8 *jpeg = text_to_jpeg (out, &default_form, &size);
    gdouble my, rgb[3];

    decode_means (jpeg, size, &my, rgb);
    fail_unless (t_fabs (my - ys[i]) <= 1.0,
        "%s full-range Y=%u decoded to "
        "%.1f",
        format, ys[i], my);
    g_free (jpeg);
    gst_buffer_unref (out);
  }
  gst_harness_teardown (h);
  g_free (caps_str);
}

GST_END_TEST;

/* Limited-range smooth content: the decoded luma is the expanded input
 * luma; PSNR against (Y - 16) * 255 / 219. */
GST_START_TEST (test_limited_range_smooth)
{
  const gchar *format = yuv_formats[__i__];
  gchar *caps_str = g_strdup_printf ("video/x-raw, format=%s, width=641, "
                                     "height=479, framerate=25/1",
      format);
  GstVideoInfo info;
  GstHarness *h = new_harness (caps_str);
  GstBuffer *out;
  gsize size;
  guint8 *jpeg;
  Ref *ref;
  Decoded d;

  info_from_string (&info, caps_str);
  ref = make_ref (&info); /* full-range reference of the same values */
  for (gsize p = 0; p < (gsize) ref->w * ref->h; p++) {
    gint x = p % ref->w, y = p / ref->w;
    gdouble yy = (ref->y[p] - 16.0) * 255.0 / 219.0;
    gdouble u = (f_u (x, y) - 128.0) * 255.0 / 224.0 + 128.0;
    gdouble v = (f_v (x, y) - 128.0) * 255.0 / 224.0 + 128.0;

    ref->y[p] = clamp8 (yy);
    yuv_to_rgb (yy, u, v, ref->rgb + p * 3);
  }
  out = push_pull (h, new_frame (&info));
  jpeg = text_to_jpeg (out, &default_form, &size);
  check_jpeg (jpeg, size, ref, &d);
  fail_unless (d.psnr_rgb >= MIN_PSNR_RGB, "%s limited: RGB PSNR %.2f dB",
      format, d.psnr_rgb);
  fail_unless (d.psnr_luma >= MIN_PSNR_LUMA, "%s limited: luma PSNR %.2f dB",
      format, d.psnr_luma);
  g_free (jpeg);
  gst_buffer_unref (out);
  ref_free (ref);
  gst_harness_teardown (h);
  g_free (caps_str);
}

GST_END_TEST;

/* ---- tests: properties ------------------------------------------------- */

GST_START_TEST (test_defaults)
{
  GstHarness *h = gst_harness_new ("b64imgenc");
  gint quality, chroma, alphabet, image_format;
  gboolean data_uri, padding, newline;

  g_object_get (h->element, "quality", &quality, "chroma", &chroma, "data-uri",
      &data_uri, "alphabet", &alphabet, "padding", &padding, "newline",
      &newline, "image-format", &image_format, NULL);
  fail_unless_equals_int (quality, 85);
  fail_unless_equals_int (chroma, 0);       /* auto */
  fail_unless_equals_int (image_format, 0); /* jpeg */
  fail_unless_equals_int (alphabet, 0);     /* standard */
  fail_unless (!data_uri);
  fail_unless (padding);
  fail_unless (newline);
  gst_harness_teardown (h);
}

GST_END_TEST;

/* Default text: exactly one '\n', at the end; nothing but base64 before. */
GST_START_TEST (test_default_text)
{
  GstHarness *h = gst_harness_new ("b64imgenc");
  GstBuffer *out = encode_text (h, "I420", 641, 479);
  GstMapInfo map;
  gsize lf = 0;

  fail_unless (gst_buffer_map (out, &map, GST_MAP_READ));
  for (gsize i = 0; i < map.size; i++) {
    if (map.data[i] == '\n')
      lf++;
    if (map.data[i] == '\r' || map.data[i] == ' ' || map.data[i] == 0)
      fail ("whitespace or NUL at %" G_GSIZE_FORMAT, i);
  }
  fail_unless_equals_int (lf, 1);
  fail_unless_equals_int (map.data[map.size - 1], '\n');
  gst_buffer_unmap (out, &map);
  g_free (text_payload (out, &default_form));
  gst_buffer_unref (out);
  gst_harness_teardown (h);
}

GST_END_TEST;

GST_START_TEST (test_data_uri)
{
  GstHarness *h = gst_harness_new ("b64imgenc");
  const TextForm form = { "data:image/jpeg;base64,", FALSE, TRUE, TRUE };

  g_object_set (h->element, "data-uri", TRUE, NULL);
  encode_and_check (h, "I420", 641, 479, &form, MIN_PSNR_RGB, MIN_PSNR_LUMA);
  encode_and_check (h, "RGB", 17, 9, &form, MIN_PSNR_RGB, MIN_PSNR_LUMA);
  encode_and_check (h, "GRAY8", 1, 1, &form, MIN_PSNR_RGB, MIN_PSNR_LUMA);
  gst_harness_teardown (h);
}

GST_END_TEST;

/* Count of @c in @buf */
static gsize
count_char (GstBuffer *buf, gchar c)
{
  GstMapInfo map;
  gsize n = 0;

  fail_unless (gst_buffer_map (buf, &map, GST_MAP_READ));
  for (gsize i = 0; i < map.size; i++)
    n += map.data[i] == (guint8) c;
  gst_buffer_unmap (buf, &map);
  return n;
}

/* URL alphabet: the same frame as with the standard alphabet, with '+'
 * and '/' replaced by '-' and '_' (a 641x479 JPEG has plenty of both). */
GST_START_TEST (test_alphabet_url)
{
  GstHarness *hs = gst_harness_new ("b64imgenc");
  GstHarness *hu = gst_harness_new ("b64imgenc");
  const TextForm form = { "", TRUE, TRUE, TRUE };
  GstBuffer *std, *url;
  GstMapInfo ms, mu;

  g_object_set (hu->element, "alphabet", 1, NULL);
  std = encode_text (hs, "I420", 641, 479);
  url = encode_text (hu, "I420", 641, 479);
  check_src_caps (hu, 641, 479, "url");
  check_src_caps (hs, 641, 479, "standard");

  fail_unless (count_char (std, '+') > 0 && count_char (std, '/') > 0,
      "test frame has no '+' or '/' in standard base64");
  fail_unless_equals_int (count_char (std, '-'), 0);
  fail_unless_equals_int (count_char (std, '_'), 0);
  fail_unless_equals_int (count_char (url, '+'), 0);
  fail_unless_equals_int (count_char (url, '/'), 0);
  fail_unless_equals_int (count_char (url, '-'), count_char (std, '+'));
  fail_unless_equals_int (count_char (url, '_'), count_char (std, '/'));

  fail_unless (gst_buffer_map (std, &ms, GST_MAP_READ));
  fail_unless (gst_buffer_map (url, &mu, GST_MAP_READ));
  fail_unless_equals_int (ms.size, mu.size);
  for (gsize i = 0; i < ms.size; i++) {
    guint8 e = ms.data[i] == '+' ? '-' : ms.data[i] == '/' ? '_' : ms.data[i];

    if (mu.data[i] != e)
      fail ("url text differs at %" G_GSIZE_FORMAT, i);
  }
  gst_buffer_unmap (std, &ms);
  gst_buffer_unmap (url, &mu);
  gst_buffer_unref (std);
  gst_buffer_unref (url);

  /* and it decodes to the right pixels */
  encode_and_check (hu, "RGB", 641, 479, &form, MIN_PSNR_RGB, MIN_PSNR_LUMA);
  gst_harness_teardown (hs);
  gst_harness_teardown (hu);
}

GST_END_TEST;

/* padding=false: no '=' and, for a JPEG whose length is not a multiple of
 * 3, a text length that is not a multiple of 4. Qualities are tried until
 * both residues (1 and 2 bytes) have been seen. */
GST_START_TEST (test_no_padding)
{
  GstHarness *hp = gst_harness_new ("b64imgenc");
  GstHarness *hn = gst_harness_new ("b64imgenc");
  const TextForm form = { "", FALSE, FALSE, TRUE };
  gboolean seen[3] = { FALSE, FALSE, FALSE };

  g_object_set (hn->element, "padding", FALSE, NULL);
  for (gint q = 50; q <= 99 && !(seen[1] && seen[2]); q++) {
    GstBuffer *padded, *bare;
    gsize jlen, plen;
    guint8 *jpeg;
    gchar *b64;

    g_object_set (hp->element, "quality", q, NULL);
    g_object_set (hn->element, "quality", q, NULL);
    padded = encode_text (hp, "Y42B", 35, 21);
    bare = encode_text (hn, "Y42B", 35, 21);
    jpeg = text_to_jpeg (padded, &default_form, &jlen);
    b64 = text_payload (bare, &form); /* checks: no '=', valid length */
    fail_unless_equals_int (count_char (bare, '='), 0);
    plen = gst_buffer_get_size (bare) - 1;
    fail_unless_equals_int (plen, (jlen * 4 + 2) / 3);
    if (jlen % 3)
      fail_unless (plen % 4 != 0);
    fail_unless_equals_int (
        gst_buffer_get_size (padded) - 1, (jlen + 2) / 3 * 4);
    /* same text but for the '=' */
    fail_unless (gst_buffer_memcmp (padded, 0, b64, plen) == 0);
    seen[jlen % 3] = TRUE;
    g_free (b64);
    g_free (jpeg);
    gst_buffer_unref (padded);
    gst_buffer_unref (bare);
  }
  fail_unless (seen[1] && seen[2], "no JPEG length needing padding found");
  encode_and_check (hn, "I420", 17, 9, &form, MIN_PSNR_RGB, MIN_PSNR_LUMA);
  gst_harness_teardown (hp);
  gst_harness_teardown (hn);
}

GST_END_TEST;

GST_START_TEST (test_no_newline)
{
  GstHarness *h = gst_harness_new ("b64imgenc");
  const TextForm form = { "", FALSE, TRUE, FALSE };
  GstBuffer *out;

  g_object_set (h->element, "newline", FALSE, NULL);
  encode_and_check (h, "I420", 641, 479, &form, MIN_PSNR_RGB, MIN_PSNR_LUMA);
  out = encode_text (h, "BGRx", 3, 3);
  fail_unless_equals_int (count_char (out, '\n'), 0);
  fail_unless_equals_int (count_char (out, '\r'), 0);
  gst_buffer_unref (out);
  gst_harness_teardown (h);
}

GST_END_TEST;

/* All text options at once */
GST_START_TEST (test_text_options_combined)
{
  GstHarness *h = gst_harness_new ("b64imgenc");
  const TextForm form = { "data:image/jpeg;base64,", TRUE, FALSE, FALSE };

  g_object_set (h->element, "data-uri", TRUE, "alphabet", 1, "padding", FALSE,
      "newline", FALSE, NULL);
  for (guint s = 0; s < G_N_ELEMENTS (all_sizes); s++)
    encode_and_check (h, "NV12", all_sizes[s].w, all_sizes[s].h, &form,
        MIN_PSNR_RGB, MIN_PSNR_LUMA);
  gst_harness_teardown (h);
}

GST_END_TEST;

/* Lower quality, fewer bytes; higher quality, closer pixels. */
GST_START_TEST (test_quality)
{
  const gint qs[] = { 5, 30, 60, 85, 95, 100 };
  gsize sizes[G_N_ELEMENTS (qs)];
  GstHarness *h = gst_harness_new ("b64imgenc");

  for (guint i = 0; i < G_N_ELEMENTS (qs); i++) {
    guint8 *jpeg;

    g_object_set (h->element, "quality", qs[i], NULL);
    jpeg = encode_jpeg (h, "I420", 641, 479, &sizes[i]);
    g_free (jpeg);
    if (i > 0)
      fail_unless (sizes[i] > sizes[i - 1],
          "quality %d: %" G_GSIZE_FORMAT " bytes, quality %d: %" G_GSIZE_FORMAT,
          qs[i - 1], sizes[i - 1], qs[i], sizes[i]);
  }
  /* q5 is far from the picture, q100 close to it (both checked) */
  g_object_set (h->element, "quality", 100, NULL);
  encode_and_check (h, "RGB", 641, 479, &default_form, 40.0, 45.0);
  g_object_set (h->element, "quality", 1, NULL);
  encode_and_check (h, "RGB", 641, 479, &default_form, 18.0, 18.0);
  gst_harness_teardown (h);
}

GST_END_TEST;

/* quality is GST_PARAM_MUTABLE_PLAYING: set between frames of a running
 * stream (same caps, no renegotiation), it takes effect on the next one. */
GST_START_TEST (test_quality_while_playing)
{
  gchar *caps_str = caps_string ("I420", 641, 479, TRUE);
  GstHarness *h = new_harness (caps_str);
  GstVideoInfo info;
  GstState state;
  GParamSpec *pspec;
  gsize sizes[3];
  const gint qs[3] = { 85, 20, 95 };

  pspec = g_object_class_find_property (
      G_OBJECT_GET_CLASS (h->element), "quality");
  fail_unless (pspec->flags & GST_PARAM_MUTABLE_PLAYING);
  fail_unless_equals_int (gst_element_get_state (h->element, &state, NULL, 0),
      GST_STATE_CHANGE_SUCCESS);
  fail_unless_equals_int (state, GST_STATE_PLAYING);

  info_from_string (&info, caps_str);
  for (guint i = 0; i < 3; i++) {
    GstBuffer *out;
    guint8 *jpeg;

    g_object_set (h->element, "quality", qs[i], NULL);
    out = push_pull (h, new_frame (&info));
    jpeg = text_to_jpeg (out, &default_form, &sizes[i]);
    g_free (jpeg);
    gst_buffer_unref (out);
  }
  fail_unless (sizes[1] < sizes[0] && sizes[2] > sizes[0],
      "sizes %" G_GSIZE_FORMAT " (q85) %" G_GSIZE_FORMAT
      " (q20) %" G_GSIZE_FORMAT " (q95)",
      sizes[0], sizes[1], sizes[2]);
  gst_harness_teardown (h);
  g_free (caps_str);
}

GST_END_TEST;

/* chroma=auto: planar YUV keeps its sampling, interleaved YUV its own
 * (YUY2 is 4:2:2, NV12 4:2:0), packed RGB 4:2:0, GRAY8 gray. */
GST_START_TEST (test_chroma_auto)
{
  const struct
  {
    const gchar *format;
    gint samp;
  } cases[] = {
    { "I420", TJSAMP_420 },
    { "YV12", TJSAMP_420 },
    { "NV12", TJSAMP_420 },
    { "NV21", TJSAMP_420 },
    { "Y42B", TJSAMP_422 },
    { "YUY2", TJSAMP_422 },
    { "UYVY", TJSAMP_422 },
    { "YVYU", TJSAMP_422 },
    { "Y444", TJSAMP_444 },
    { "Y41B", TJSAMP_411 },
    { "GRAY8", TJSAMP_GRAY },
    { "RGB", TJSAMP_420 },
    { "BGR", TJSAMP_420 },
    { "RGBx", TJSAMP_420 },
    { "xRGB", TJSAMP_420 },
    { "BGRx", TJSAMP_420 },
    { "xBGR", TJSAMP_420 },
    { "RGBA", TJSAMP_420 },
    { "BGRA", TJSAMP_420 },
    { "ARGB", TJSAMP_420 },
    { "ABGR", TJSAMP_420 },
  };
  GstHarness *h = gst_harness_new ("b64imgenc");

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++) {
    gint samp = encode_and_check (
        h, cases[i].format, 64, 48, &default_form, MIN_PSNR_RGB, MIN_PSNR_LUMA);

    fail_unless (samp == cases[i].samp,
        "%s: chroma=auto gave sampling %d, "
        "expected %d",
        cases[i].format, samp, cases[i].samp);
  }
  gst_harness_teardown (h);
}

GST_END_TEST;

/* chroma=420/422/444/gray: the JPEG header says so, whatever the input
 * (GRAY8 input has no colour to keep: always gray), and the pixels stay
 * right (for gray, the luma). One loop iteration per format. */
GST_START_TEST (test_chroma_forced)
{
  const gchar *format = all_formats[__i__];
  const struct
  {
    const gchar *nick;
    gint samp;
  } modes[] = {
    { "420", TJSAMP_420 },
    { "422", TJSAMP_422 },
    { "444", TJSAMP_444 },
    { "gray", TJSAMP_GRAY },
  };
  gboolean gray_in = g_str_equal (format, "GRAY8");

  for (guint m = 0; m < G_N_ELEMENTS (modes); m++) {
    for (guint s = 0; s < G_N_ELEMENTS (all_sizes); s++) {
      GstHarness *h = gst_harness_new ("b64imgenc");
      gint w = all_sizes[s].w, ht = all_sizes[s].h, samp;

      gst_util_set_object_arg (G_OBJECT (h->element), "chroma", modes[m].nick);
      /* a gray JPEG only carries luma: the RGB bound does not apply */
      samp = encode_and_check (h, format, w, ht, &default_form,
          modes[m].samp == TJSAMP_GRAY && !gray_in ? 0.0 : MIN_PSNR_RGB,
          MIN_PSNR_LUMA);
      fail_unless (samp == (gray_in ? TJSAMP_GRAY : modes[m].samp),
          "%s %dx%d chroma=%s: sampling %d", format, w, ht, modes[m].nick,
          samp);
      gst_harness_teardown (h);
    }
  }
}

GST_END_TEST;

/* ---- tests: stream behaviour ------------------------------------------- */

/* One output per input, PTS and duration passed through, every frame a
 * sync point. */
GST_START_TEST (test_timestamps)
{
  gchar *caps_str = caps_string ("I420", 17, 9, TRUE);
  GstHarness *h = new_harness (caps_str);
  GstVideoInfo info;
  const guint n = 8;

  info_from_string (&info, caps_str);
  for (guint i = 0; i < n; i++) {
    GstBuffer *in = new_frame (&info);

    GST_BUFFER_PTS (in) = 1000 * GST_MSECOND + i * 40 * GST_MSECOND;
    GST_BUFFER_DURATION (in) = (i == 3 ? 80 : 40) * GST_MSECOND;
    if (i == 3) /* a gap */
      GST_BUFFER_PTS (in) += 7 * GST_MSECOND;
    fail_unless_equals_int (gst_harness_push (h, in), GST_FLOW_OK);
  }
  fail_unless (gst_harness_push_event (h, gst_event_new_eos ()));
  fail_unless_equals_int (gst_harness_buffers_in_queue (h), n);
  for (guint i = 0; i < n; i++) {
    GstBuffer *out = gst_harness_pull (h);
    GstClockTime pts = 1000 * GST_MSECOND + i * 40 * GST_MSECOND;

    if (i == 3)
      pts += 7 * GST_MSECOND;
    fail_unless_equals_uint64 (GST_BUFFER_PTS (out), pts);
    fail_unless_equals_uint64 (
        GST_BUFFER_DURATION (out), (i == 3 ? 80 : 40) * GST_MSECOND);
    fail_if (GST_BUFFER_FLAG_IS_SET (out, GST_BUFFER_FLAG_DELTA_UNIT));
    g_free (text_payload (out, &default_form));
    gst_buffer_unref (out);
  }
  gst_harness_teardown (h);
  g_free (caps_str);
}

GST_END_TEST;

/* Still images: framerate 0/1, or no framerate field at all (appsrc users
 * often leave it out), give framerate 0/1 in the output caps; the frame
 * encodes and keeps its PTS. */
static void
check_still (const gchar *caps_str)
{
  GstHarness *h = new_harness (caps_str);
  GstVideoInfo info;
  GstBuffer *in, *out;
  GstCaps *caps;
  GstStructure *st;
  gint fn = -1, fd = -1;
  gsize size;
  guint8 *jpeg;
  Ref *ref;
  Decoded d;

  info_from_string (&info, caps_str);
  ref = make_ref (&info);
  in = new_frame (&info);
  GST_BUFFER_PTS (in) = 5 * GST_SECOND;
  out = push_pull (h, in);
  fail_unless_equals_uint64 (GST_BUFFER_PTS (out), 5 * GST_SECOND);
  caps = gst_pad_get_current_caps (h->sinkpad);
  st = gst_caps_get_structure (caps, 0);
  fail_unless (gst_structure_get_fraction (st, "framerate", &fn, &fd),
      "no framerate in %" GST_PTR_FORMAT, caps);
  fail_unless_equals_int (fn, 0);
  fail_unless_equals_int (fd, 1);
  gst_caps_unref (caps);
  jpeg = text_to_jpeg (out, &default_form, &size);
  check_jpeg (jpeg, size, ref, &d);
  fail_unless (d.psnr_rgb >= MIN_PSNR_RGB && d.psnr_luma >= MIN_PSNR_LUMA);
  g_free (jpeg);
  gst_buffer_unref (out);
  ref_free (ref);
  gst_harness_teardown (h);
}

GST_START_TEST (test_no_framerate)
{
  check_still ("video/x-raw, format=I420, width=17, height=9, "
               "framerate=0/1, colorimetry=" FULL_RANGE_COLORIMETRY);
  check_still ("video/x-raw, format=I420, width=17, height=9, "
               "colorimetry=" FULL_RANGE_COLORIMETRY);
  check_still ("video/x-raw, format=RGBA, width=3, height=3");
}

GST_END_TEST;

/* Caps changes between frames: size, format, sampling path, range. Each
 * output must follow its own input (no state left from the previous). */
GST_START_TEST (test_renegotiation)
{
  GstHarness *h = gst_harness_new ("b64imgenc");
  const struct
  {
    const gchar *format;
    gint w, h;
  } seq[] = {
    { "NV12", 641, 479 },
    { "I420", 17, 9 },
    { "RGB", 3, 3 },
    { "YUY2", 641, 479 },
    { "Y444", 16, 16 },
    { "GRAY8", 17, 9 },
    { "Y41B", 641, 479 },
    { "BGRA", 1, 1 },
    { "NV21", 2, 2 },
    { "I420", 641, 479 },
  };

  for (guint i = 0; i < G_N_ELEMENTS (seq); i++)
    encode_and_check (h, seq[i].format, seq[i].w, seq[i].h, &default_form,
        MIN_PSNR_RGB, MIN_PSNR_LUMA);

  /* limited then full range, same format and size */
  {
    gchar *lim = g_strdup ("video/x-raw, format=NV12, width=32, height=32, "
                           "framerate=25/1");
    gchar *full = caps_string ("NV12", 32, 32, TRUE);
    GstVideoInfo li, fi;
    GstBuffer *out;
    guint8 *jpeg;
    gsize size;
    gdouble my, rgb[3];

    info_from_string (&li, lim);
    info_from_string (&fi, full);
    gst_harness_set_src_caps_str (h, lim);
    out = push_pull (h, flat_frame (&li, 235, 128, 128));
    jpeg = text_to_jpeg (out, &default_form, &size);
    decode_means (jpeg, size, &my, rgb);
    fail_unless (t_fabs (my - 255.0) <= 2.0, "limited: luma %.1f", my);
    g_free (jpeg);
    gst_buffer_unref (out);

    gst_harness_set_src_caps_str (h, full);
    out = push_pull (h, flat_frame (&fi, 235, 128, 128));
    jpeg = text_to_jpeg (out, &default_form, &size);
    decode_means (jpeg, size, &my, rgb);
    fail_unless (
        t_fabs (my - 235.0) <= 1.0, "full after limited: luma %.1f", my);
    g_free (jpeg);
    gst_buffer_unref (out);
    g_free (lim);
    g_free (full);
  }
  gst_harness_teardown (h);
}

GST_END_TEST;

/* Restarting the element (READY and back) keeps it working. */
GST_START_TEST (test_restart)
{
  GstHarness *h = gst_harness_new ("b64imgenc");

  encode_and_check (
      h, "YUY2", 17, 9, &default_form, MIN_PSNR_RGB, MIN_PSNR_LUMA);
  fail_unless_equals_int (gst_element_set_state (h->element, GST_STATE_NULL),
      GST_STATE_CHANGE_SUCCESS);
  fail_unless_equals_int (gst_element_set_state (h->element, GST_STATE_PLAYING),
      GST_STATE_CHANGE_SUCCESS);
  gst_harness_play (h);
  /* caps must be sent again after a stop */
  encode_and_check (
      h, "I420", 3, 3, &default_form, MIN_PSNR_RGB, MIN_PSNR_LUMA);
  gst_harness_teardown (h);
}

GST_END_TEST;

/* ---- tests: recycled text buffers -------------------------------------- */

/* A memory carries a mark as long as it lives: a recycled text buffer
 * keeps it, one freed and allocated again (even at the same address) does
 * not. */
static void
mark_text (GstBuffer *buf, gint mark)
{
  fail_unless_equals_int (gst_buffer_n_memory (buf), 1);
  gst_mini_object_set_qdata (GST_MINI_OBJECT (gst_buffer_peek_memory (buf, 0)),
      g_quark_from_static_string ("test-text-mark"), GINT_TO_POINTER (mark),
      NULL);
}

static gint
text_mark (GstBuffer *buf)
{
  return GPOINTER_TO_INT (gst_mini_object_get_qdata (
      GST_MINI_OBJECT (gst_buffer_peek_memory (buf, 0)),
      g_quark_from_static_string ("test-text-mark")));
}

/* Uniform noise: JPEG cannot compress it, so its text is far bigger than
 * a flat frame's. */
static GstBuffer *
noise_frame (const GstVideoInfo *info)
{
  GstBuffer *buf = gst_buffer_new_allocate (NULL, info->size, NULL);
  GstMapInfo map;
  guint32 x = 12345;

  fail_unless (gst_buffer_map (buf, &map, GST_MAP_WRITE));
  for (gsize i = 0; i < map.size; i++) {
    x = x * 1103515245u + 12345u;
    map.data[i] = x >> 24;
  }
  gst_buffer_unmap (buf, &map);
  return buf;
}

static GstBuffer *
push_pull_at (GstHarness *h, GstBuffer *in, guint n)
{
  GstBuffer *out;

  GST_BUFFER_PTS (in) = n * 40 * GST_MSECOND;
  GST_BUFFER_DURATION (in) = 40 * GST_MSECOND;
  fail_unless_equals_int (gst_harness_push (h, in), GST_FLOW_OK);
  /* threads=2 pushes from a worker: wait for it */
  out = gst_harness_pull (h);
  fail_unless (out != NULL, "no output for frame %u", n);
  fail_unless_equals_uint64 (GST_BUFFER_PTS (out), n * 40 * GST_MSECOND);
  fail_unless_equals_uint64 (GST_BUFFER_DURATION (out), 40 * GST_MSECOND);
  g_free (text_payload (out, &default_form));
  return out;
}

static void
check_same_text (GstBuffer *out, GBytes *ref, const gchar *what)
{
  GstMapInfo map;

  fail_unless (gst_buffer_map (out, &map, GST_MAP_READ));
  fail_unless_equals_uint64 (map.size, g_bytes_get_size (ref));
  fail_unless (memcmp (map.data, g_bytes_get_data (ref, NULL), map.size) == 0,
      "%s: other text than before", what);
  gst_buffer_unmap (out, &map);
}

static GBytes *
text_bytes (GstBuffer *out)
{
  GstMapInfo map;
  GBytes *bytes;

  fail_unless (gst_buffer_map (out, &map, GST_MAP_READ));
  bytes = g_bytes_new (map.data, map.size);
  gst_buffer_unmap (out, &map);
  return bytes;
}

/* The memory of a text that came back is used again, cut to each text's
 * exact size: a small text in a buffer sized for a big one, then a big
 * text in it again (so the pool gave the full size back), a big text after
 * small ones in a new buffer. Same bytes as the first time every time.
 * Loop: threads 1 and 2 (the text is written on a worker). */
GST_START_TEST (test_text_buffers_recycled)
{
  gint threads = __i__ + 1;
  gchar *desc = g_strdup_printf ("b64imgenc threads=%d quality=95", threads);
  gchar *caps_str = caps_string ("I420", 640, 480, TRUE);
  GstHarness *h = gst_harness_new_parse (desc);
  GstVideoInfo info;
  GstBuffer *out, *held;
  GBytes *flat, *noise;
  guint n = 0;
  gdouble my, rgb[3];
  guint8 *jpeg;
  gsize size;

  gst_harness_set_src_caps_str (h, caps_str);
  info_from_string (&info, caps_str);

  out = push_pull_at (h, flat_frame (&info, 128, 128, 128), n++);
  flat = text_bytes (out);
  mark_text (out, 1);
  gst_buffer_unref (out);

  out = push_pull_at (h, flat_frame (&info, 128, 128, 128), n++);
  fail_unless_equals_int (text_mark (out), 1);
  check_same_text (out, flat, "flat again");
  /* while downstream holds it, the next text gets other memory */
  held = out;
  out = push_pull_at (h, flat_frame (&info, 128, 128, 128), n++);
  fail_if (text_mark (out) == 1, "a held text buffer was used again");
  check_same_text (out, flat, "flat, first held");
  gst_buffer_unref (out);
  gst_buffer_unref (held);

  /* far bigger than the flat text and its pool's headroom */
  out = push_pull_at (h, noise_frame (&info), n++);
  fail_unless (gst_buffer_get_size (out) > 64 * g_bytes_get_size (flat),
      "noise: %" G_GSIZE_FORMAT " bytes of text", gst_buffer_get_size (out));
  fail_if (text_mark (out) == 1, "a big text in a small buffer");
  jpeg = text_to_jpeg (out, &default_form, &size);
  decode_means (jpeg, size, &my, rgb);
  fail_unless (my > 100.0 && my < 155.0, "noise: mean luma %.1f", my);
  g_free (jpeg);
  noise = text_bytes (out);
  mark_text (out, 2);
  gst_buffer_unref (out);

  for (guint i = 0; i < 2; i++) {
    out = push_pull_at (h, flat_frame (&info, 128, 128, 128), n++);
    fail_unless_equals_int (text_mark (out), 2);
    check_same_text (out, flat, "flat in a big buffer");
    gst_buffer_unref (out);

    out = push_pull_at (h, noise_frame (&info), n++);
    fail_unless_equals_int (text_mark (out), 2);
    check_same_text (out, noise, "noise again");
    gst_buffer_unref (out);
  }

  g_bytes_unref (flat);
  g_bytes_unref (noise);
  gst_harness_teardown (h);
  g_free (caps_str);
  g_free (desc);
}

GST_END_TEST;

/* Reachable errors end in an error, never a crash or an empty buffer:
 * libjpeg refuses images wider than 65500 pixels (the caps allow up to
 * 65535); a width above 65535 is refused at negotiation. */
GST_START_TEST (test_errors)
{
  GstHarness *h = gst_harness_new ("b64imgenc");
  GstBus *bus = gst_bus_new ();
  GstVideoInfo info;
  GstMessage *msg;
  GstFlowReturn ret;
  const gchar *caps_str = "video/x-raw, format=GRAY8, width=65520, "
                          "height=2, framerate=25/1";

  gst_element_set_bus (h->element, bus);
  gst_harness_set_src_caps_str (h, caps_str);
  info_from_string (&info, caps_str);
  ret = gst_harness_push (h, new_frame (&info));
  fail_unless_equals_int (ret, GST_FLOW_ERROR);
  fail_unless_equals_int (gst_harness_buffers_in_queue (h), 0);
  msg = gst_bus_pop_filtered (bus, GST_MESSAGE_ERROR);
  fail_unless (msg != NULL, "no error message for an unencodable frame");
  gst_message_unref (msg);
  gst_element_set_bus (h->element, NULL);
  gst_object_unref (bus);
  gst_harness_teardown (h);

  /* too wide for the src caps: not negotiated */
  h = gst_harness_new ("b64imgenc");
  caps_str = "video/x-raw, format=GRAY8, width=70000, height=1, "
             "framerate=25/1";
  gst_harness_set_src_caps_str (h, caps_str);
  info_from_string (&info, caps_str);
  ret = gst_harness_push (h, new_frame (&info));
  fail_unless (ret == GST_FLOW_NOT_NEGOTIATED || ret == GST_FLOW_ERROR,
      "flow %s", gst_flow_get_name (ret));
  fail_unless_equals_int (gst_harness_buffers_in_queue (h), 0);
  gst_harness_teardown (h);

  /* a widest legal frame still works */
  h = gst_harness_new ("b64imgenc");
  encode_and_check (
      h, "GRAY8", 65500, 1, &default_form, MIN_PSNR_RGB, MIN_PSNR_LUMA);
  gst_harness_teardown (h);
}

GST_END_TEST;

static Suite *
b64imgenc_suite (void)
{
  Suite *s = suite_create ("b64imgenc");
  TCase *tc = tcase_create ("general");

  tcase_set_timeout (tc, 600);
  suite_add_tcase (s, tc);
  tcase_add_loop_test (tc, test_format_sizes, 0, G_N_ELEMENTS (all_formats));
  tcase_add_loop_test (
      tc, test_format_sizes_fresh, 0, G_N_ELEMENTS (all_formats));
  tcase_add_loop_test (
      tc, test_video_meta_strides, 0, G_N_ELEMENTS (all_formats));
  tcase_add_loop_test (
      tc, test_limited_range_expanded, 0, G_N_ELEMENTS (yuv_formats));
  tcase_add_loop_test (
      tc, test_full_range_untouched, 0, G_N_ELEMENTS (yuv_formats));
  tcase_add_loop_test (
      tc, test_limited_range_smooth, 0, G_N_ELEMENTS (yuv_formats));
  tcase_add_test (tc, test_defaults);
  tcase_add_test (tc, test_default_text);
  tcase_add_test (tc, test_data_uri);
  tcase_add_test (tc, test_alphabet_url);
  tcase_add_test (tc, test_no_padding);
  tcase_add_test (tc, test_no_newline);
  tcase_add_test (tc, test_text_options_combined);
  tcase_add_test (tc, test_quality);
  tcase_add_test (tc, test_quality_while_playing);
  tcase_add_test (tc, test_chroma_auto);
  tcase_add_loop_test (tc, test_chroma_forced, 0, G_N_ELEMENTS (all_formats));
  tcase_add_test (tc, test_timestamps);
  tcase_add_test (tc, test_no_framerate);
  tcase_add_test (tc, test_renegotiation);
  tcase_add_test (tc, test_restart);
  tcase_add_loop_test (tc, test_text_buffers_recycled, 0, 2);
  tcase_add_test (tc, test_errors);
  return s;
}

GST_CHECK_MAIN (b64imgenc);
