/* b64img — what b64imgenc's output must be (see encref.h)
 * Copyright (C) 2026 The b64img authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include "encref.h"

#include <math.h>
#include <string.h>
#include <turbojpeg.h>

const EncSize all_sizes[N_ALL_SIZES] = {
  { 1, 1 },
  { 2, 2 },
  { 3, 3 },
  { 16, 16 },
  { 17, 9 },
  { 641, 479 },
};

const TextForm default_form = { "", FALSE, TRUE, TRUE };

/* ---- reference pictures ------------------------------------------------ */

void
ref_free (Ref *ref)
{
  g_free (ref->y);
  g_free (ref->rgb);
  g_free (ref);
}

guint8
clamp8 (gdouble v)
{
  return (guint8) CLAMP (lround (v), 0, 255);
}

/* Slow sinusoids: at most ~3 levels per pixel for luma and ~1.2 for
 * chroma, so chroma siting and subsampling cost little. Within the RGB
 * gamut except near the extremes. */
static gdouble
f_y (gdouble x, gdouble y)
{
  return 128.0 + 70.0 * sin (x * 0.041 + y * 0.029 + 0.3);
}

gdouble
f_u (gdouble x, gdouble y)
{
  return 128.0 + 40.0 * sin (x * 0.023 - y * 0.026 - 1.1);
}

gdouble
f_v (gdouble x, gdouble y)
{
  return 128.0 + 40.0 * cos (x * 0.019 + y * 0.024 + 0.4);
}

static gdouble
f_r (gdouble x, gdouble y)
{
  return 128.0 + 90.0 * sin (x * 0.037 + y * 0.021);
}

static gdouble
f_g (gdouble x, gdouble y)
{
  return 128.0 + 90.0 * cos (x * 0.025 - y * 0.033 + 0.7);
}

static gdouble
f_b (gdouble x, gdouble y)
{
  return 128.0 + 90.0 * sin (-x * 0.029 + y * 0.031 + 2.0);
}

/* JFIF: full-range BT.601 */
void
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
void
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
Ref *
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

gchar *
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

/* A frame of @info with a recognisable pattern in the bytes the picture
 * does not use. */
GstBuffer *
new_frame (const GstVideoInfo *info)
{
  GstBuffer *buf = gst_buffer_new_allocate (NULL, info->size, NULL);

  gst_buffer_memset (buf, 0, 0x5a, info->size);
  fill_frame (info, buf);
  return buf;
}

/* ---- the text side ----------------------------------------------------- */

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
gchar *
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

guint8 *
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

/* Decodes @jpeg, checks its size and compares it with @ref. */
void
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
  d->psnr_rgb = b64t_psnr (rgb, ref->rgb, (gsize) w * h * 3);
  d->psnr_luma = b64t_psnr (planes[0], ref->y, (gsize) w * h);

  for (gint i = 0; i < 3; i++)
    g_free (planes[i]);
  g_free (rgb);
  tjDestroy (tj);
}

/* Decodes to RGB and to luma, for the colour-range tests. */
void
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

GstHarness *
new_harness (const gchar *caps_str)
{
  GstHarness *h = gst_harness_new ("b64imgenc");

  gst_harness_set_src_caps_str (h, caps_str);
  return h;
}

/* Pushes one frame and returns the single output buffer. */
GstBuffer *
push_pull (GstHarness *h, GstBuffer *in)
{
  GstBuffer *out;

  fail_unless_equals_int (gst_harness_push (h, in), GST_FLOW_OK);
  out = gst_harness_try_pull (h);
  fail_unless (out != NULL, "no output buffer for an input frame");
  fail_unless_equals_int (gst_harness_buffers_in_queue (h), 0);
  return out;
}

void
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
gint
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

  b64t_info_from_string (&info, caps_str);
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
guint8 *
encode_jpeg (GstHarness *h, const gchar *format, gint w, gint ht, gsize *size)
{
  gchar *caps_str = caps_string (format, w, ht, TRUE);
  GstVideoInfo info;
  GstBuffer *out;
  guint8 *jpeg;

  b64t_info_from_string (&info, caps_str);
  gst_harness_set_src_caps_str (h, caps_str);
  out = push_pull (h, new_frame (&info));
  jpeg = text_to_jpeg (out, &default_form, size);
  gst_buffer_unref (out);
  g_free (caps_str);
  return jpeg;
}

/* The raw output text of one smooth full-range frame. */
GstBuffer *
encode_text (GstHarness *h, const gchar *format, gint w, gint ht)
{
  gchar *caps_str = caps_string (format, w, ht, TRUE);
  GstVideoInfo info;
  GstBuffer *out;

  b64t_info_from_string (&info, caps_str);
  gst_harness_set_src_caps_str (h, caps_str);
  out = push_pull (h, new_frame (&info));
  g_free (caps_str);
  return out;
}

static guint8
flat_sample (G_GNUC_UNUSED const GstVideoInfo *info, guint c,
    G_GNUC_UNUSED gint x, G_GNUC_UNUSED gint y, gpointer val)
{
  return ((const guint8 *) val)[c];
}

/* A flat frame of @format with luma @y and chroma @u, @v (no colorimetry
 * in the caps: GStreamer's default, limited range, unless @full). */
GstBuffer *
flat_frame (const GstVideoInfo *info, guint8 y, guint8 u, guint8 v)
{
  guint8 val[3] = { y, u, v };

  return b64t_frame_from_samples (info, flat_sample, val);
}

void
flat_means (GstHarness *h, const GstVideoInfo *info, guint8 y, guint8 u,
    guint8 v, gdouble *mean_y, gdouble mean_rgb[3])
{
  GstBuffer *out = push_pull (h, flat_frame (info, y, u, v));
  gsize size;
  guint8 *jpeg = text_to_jpeg (out, &default_form, &size);

  decode_means (jpeg, size, mean_y, mean_rgb);
  g_free (jpeg);
  gst_buffer_unref (out);
}
