/* b64img tests — numbered pictures and a recorder of what came out
 * Copyright (C) 2026 The b64img authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include "numbered.h"
#include "testutil.h"
#include "harness.h"

#include <turbojpeg.h>

#include <string.h>

#define BLOCK 8 /* pixels per side of a number block */
#define BITS  8 /* frame numbers modulo 256 */

/* ---- what came out ------------------------------------------------------- */

static GstPadProbeReturn
record (GstPad *pad, GstPadProbeInfo *info, gpointer user_data)
{
  B64tRecorder *r = user_data;

  g_mutex_lock (&r->lock);
  if (GST_PAD_PROBE_INFO_TYPE (info) & GST_PAD_PROBE_TYPE_BUFFER) {
    g_ptr_array_add (
        r->bufs, gst_buffer_ref (GST_PAD_PROBE_INFO_BUFFER (info)));
    g_ptr_array_add (r->caps, gst_pad_get_current_caps (pad));
  } else if (GST_EVENT_TYPE (GST_PAD_PROBE_INFO_EVENT (info))
             == GST_EVENT_EOS) {
    fail_unless (r->eos_after == G_MAXUINT, "two EOS");
    r->eos_after = r->bufs->len;
  }
  g_mutex_unlock (&r->lock);
  return GST_PAD_PROBE_OK;
}

void
b64t_recorder_attach (B64tRecorder *r, GstHarness *h)
{
  g_mutex_init (&r->lock);
  r->bufs = g_ptr_array_new_with_free_func ((GDestroyNotify) gst_buffer_unref);
  r->caps = g_ptr_array_new_with_free_func ((GDestroyNotify) gst_caps_unref);
  r->eos_after = G_MAXUINT;
  gst_pad_add_probe (h->sinkpad,
      GST_PAD_PROBE_TYPE_BUFFER | GST_PAD_PROBE_TYPE_EVENT_DOWNSTREAM, record,
      r, NULL);
}

void
b64t_recorder_clear (B64tRecorder *r)
{
  g_ptr_array_unref (r->bufs);
  g_ptr_array_unref (r->caps);
  g_mutex_clear (&r->lock);
}

/* EOS came, after every one of @n buffers */
void
b64t_recorder_check_eos (B64tRecorder *r, guint n)
{
  g_mutex_lock (&r->lock);
  fail_unless_equals_int (r->bufs->len, n);
  fail_unless_equals_int (r->eos_after, n);
  g_mutex_unlock (&r->lock);
}

/* ---- numbered pictures --------------------------------------------------- */

guint8
b64t_number_level (gint x, gint y, guint n)
{
  if (y < BLOCK && x < BLOCK * BITS)
    return (n >> (x / BLOCK)) & 1 ? 235 : 16;
  return 64 + (x + 2 * y + 7 * n) % 128;
}

static guint8
number_sample (const GstVideoInfo *info, guint c, gint x, gint y, gpointer n)
{
  gboolean luma = c == 0 || GST_VIDEO_INFO_IS_RGB (info);

  return luma ? b64t_number_level (x, y, GPOINTER_TO_UINT (n))
              : 128 + GPOINTER_TO_UINT (n) % 16;
}

/* A raw frame of @info (I420, NV12 or RGB, gray) showing number @n. */
GstBuffer *
b64t_numbered_frame (const GstVideoInfo *info, guint n)
{
  return b64t_frame_from_samples (info, number_sample, GUINT_TO_POINTER (n));
}

/* Frame @n of a stream of @format frames @dur long, showing @n. */
GstBuffer *
b64t_numbered_frame_at (
    GstVideoFormat format, gint w, gint h, guint n, GstClockTime dur)
{
  GstVideoInfo info;
  GstBuffer *buf;

  gst_video_info_set_format (&info, format, w, h);
  buf = b64t_numbered_frame (&info, n);
  GST_BUFFER_PTS (buf) = n * dur;
  GST_BUFFER_DURATION (buf) = dur;
  return buf;
}

/* The number drawn in 8-bit luma, rows @stride bytes apart. */
guint
b64t_read_number (const guint8 *y0, gint stride)
{
  guint n = 0;

  for (guint b = 0; b < BITS; b++) {
    guint sum = 0;

    for (gint y = 2; y < BLOCK - 2; y++)
      for (gint x = 2; x < BLOCK - 2; x++)
        sum += y0[y * stride + b * BLOCK + x];
    if (sum / ((BLOCK - 4) * (BLOCK - 4)) >= 128)
      n |= 1u << b;
  }
  return n;
}

/* The number in a base64 JPEG text, decoded here with TurboJPEG. */
guint
b64t_text_number (GstBuffer *text, gint *w, gint *h)
{
  GstMapInfo map;
  gchar *str;
  guchar *jpeg;
  gsize len;
  guint8 *gray;
  guint n;
  int sub, cs;
  tjhandle tj = tjInitDecompress ();

  fail_unless (gst_buffer_map (text, &map, GST_MAP_READ));
  fail_unless (map.size > 1 && map.data[map.size - 1] == '\n');
  str = g_strndup ((const gchar *) map.data, map.size - 1);
  gst_buffer_unmap (text, &map);
  jpeg = g_base64_decode (str, &len);
  fail_unless (tjDecompressHeader3 (tj, jpeg, len, w, h, &sub, &cs) == 0);
  gray = g_malloc ((gsize) *w * *h);
  fail_unless (
      tjDecompress2 (tj, jpeg, len, gray, *w, *w, *h, TJPF_GRAY, 0) == 0, "%s",
      tjGetErrorStr2 (tj));
  n = b64t_read_number (gray, *w);
  g_free (gray);
  g_free (jpeg);
  g_free (str);
  tjDestroy (tj);
  return n;
}

/* A base64 JPEG (4:2:0, q90) of a @w x @h picture showing @n. */
gchar *
b64t_numbered_b64_jpeg (gint w, gint h, guint n)
{
  guint8 *rgb = g_malloc ((gsize) w * h * 3), *jpeg;
  gsize size;
  gchar *b64;

  /* gray pixels, but a colour JPEG: TJPF_GRAY takes TJSAMP_GRAY only */
  for (gint y = 0; y < h; y++)
    for (gint x = 0; x < w; x++)
      memset (rgb + ((gsize) y * w + x) * 3, b64t_number_level (x, y, n), 3);
  jpeg
      = b64t_tj_compress (rgb, w, w * 3, h, TJPF_RGB, TJSAMP_420, 90, 0, &size);
  b64 = g_base64_encode (jpeg, size);
  g_free (jpeg);
  g_free (rgb);
  return b64;
}

/* The number in a decoded frame, of the caps it went out with. */
guint
b64t_raw_number (GstBuffer *buf, GstCaps *caps, gint *w, gint *h)
{
  GstVideoInfo info;
  GstVideoFrame f;
  guint n;

  fail_unless (caps != NULL);
  fail_unless (gst_video_info_from_caps (&info, caps));
  fail_unless (gst_video_frame_map (&f, &info, buf, GST_MAP_READ));
  n = b64t_read_number (
      GST_VIDEO_FRAME_COMP_DATA (&f, 0), GST_VIDEO_FRAME_COMP_STRIDE (&f, 0));
  *w = info.width;
  *h = info.height;
  gst_video_frame_unmap (&f);
  return n;
}
