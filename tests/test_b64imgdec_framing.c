/* b64img — b64imgdec, text framing: framed buffers against a stream cut
 * anywhere, CRLF, blank lines, no final LF, data URIs and both alphabets
 * Copyright (C) 2026 The b64img authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include "common/jpegref.h"

#include <string.h>

#define N_TEXT_FRAMES 5

/* Frames of different b64t_samplings and sizes, their JPEGs in @jpegs. */
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
    jpegs[i] = b64t_smooth_jpeg (
        dims[i][0], dims[i][1], dims[i][2], 90, 10 + i, 0, &lens[i]);
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
  b64t_append_pixels (a, buf, caps);
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
  B64tRun d;

  b64t_open (&d, "b64imgdec", NULL, "video/x-raw,format=I420");
  pad = gst_element_get_static_pad (d.element, "src");
  gst_pad_add_probe (pad, GST_PAD_PROBE_TYPE_BUFFER, record_frame, out, NULL);
  gst_object_unref (pad);
  for (gsize off = 0; off < len; off += chunk)
    fail_unless_equals_int (b64t_push_text (d.h, text + off,
                                MIN (chunk, len - off), GST_CLOCK_TIME_NONE),
        GST_FLOW_OK);
  if (eos)
    fail_unless (gst_harness_push_event (d.h, gst_event_new_eos ()));
  fail_unless_equals_int (gst_harness_buffers_in_queue (d.h), out->len);
  while ((buf = gst_harness_try_pull (d.h)))
    gst_buffer_unref (buf);
  fail_unless_equals_int (
      b64t_count_messages (&d, GST_MESSAGE_WARNING, NULL, NULL), 0);
  fail_unless_equals_int (
      b64t_count_messages (&d, GST_MESSAGE_ERROR, NULL, NULL), 0);
  b64t_close (&d);
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
  B64tRun d;

  /* framed: one buffer each, with MIME-style wrapping inside */
  b64t_open (
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
        b64t_push_text (d.h, wrapped->str, wrapped->len, GST_CLOCK_TIME_NONE),
        GST_FLOW_OK);
    g_string_free (wrapped, TRUE);
    buf = gst_harness_pull (d.h);
    caps = b64t_current_caps (d.h);
    b64t_check_decoded_jpeg (
        buf, caps, jpegs[i], lens[i], "wrapped framed text");
    g_ptr_array_add (framed, frame_bytes (buf, caps));
    gst_caps_unref (caps);
    gst_buffer_unref (buf);
  }
  b64t_close (&d);

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
  guint8 *jpeg = b64t_smooth_jpeg (35, 35, TJSAMP_420, 90, 1, 0, &len);
  gchar *b64 = g_base64_encode (jpeg, len);
  gchar *url = g_strdup (b64);
  gchar *lines[5];
  B64tRun d;

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
    b64t_open (&d, "b64imgdec", framed ? "image/x-base64,framed=true" : NULL,
        "video/x-raw,format=I420");
    for (guint i = 0; lines[i]; i++) {
      GstBuffer *buf;
      GstCaps *caps;

      fail_unless_equals_int (
          b64t_push_frame (d.h, lines[i], framed), GST_FLOW_OK);
      buf = gst_harness_try_pull (d.h);
      fail_unless (buf != NULL, "line %u", i);
      caps = b64t_current_caps (d.h);
      b64t_check_decoded_jpeg (buf, caps, jpeg, len, lines[i] + 0);
      gst_caps_unref (caps);
      gst_buffer_unref (buf);
    }
    fail_unless_equals_int (
        b64t_count_messages (&d, GST_MESSAGE_WARNING, NULL, NULL), 0);
    b64t_close (&d);
  }
  for (guint i = 0; lines[i]; i++)
    g_free (lines[i]);
  g_free (url);
  g_free (b64);
  g_free (jpeg);
}

GST_END_TEST;

static Suite *
b64imgdec_framing_suite (void)
{
  Suite *s = suite_create ("b64imgdec_framing");
  TCase *tf = b64t_add_tcase (s, "framing", 0);

  tcase_add_test (tf, test_framed_vs_stream);
  tcase_add_test (tf, test_data_uri_and_alphabets);
  return s;
}

GST_CHECK_MAIN (b64imgdec_framing);
