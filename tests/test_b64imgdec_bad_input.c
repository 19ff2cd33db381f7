/* b64img — b64imgdec, bad input: each kind of bad frame between good ones,
 * framed and in a stream, gives one warning naming the reason and loses no
 * good frame; max-errors, max-pixels, max-frame-bytes
 * Copyright (C) 2026 The b64img authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include "common/jpegref.h"

#include <string.h>

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
      text = b64t_smooth_b64 (8, 8, TJSAMP_420, 7);
      text[strlen (text) / 2] = '!';
      return text;
    case BAD_TRUNCATED_B64:
      text = b64t_smooth_b64 (8, 8, TJSAMP_420, 7);
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
      jpeg = b64t_smooth_jpeg (64, 64, TJSAMP_420, 90, 7, 0, &len);
      len = (jpeg_marker (jpeg, len, 0xda) + len) / 2;
      break;
    case BAD_TRUNCATED_HEADER:
      /* cut in the tables, before the image */
      jpeg = b64t_smooth_jpeg (64, 64, TJSAMP_420, 90, 7, 0, &len);
      len = jpeg_marker (jpeg, len, 0xc4) + 10;
      break;
    case BAD_CORRUPT_JPEG_HEADER: {
      /* the first DHT: counts of code lengths that overflow */
      jpeg = b64t_smooth_jpeg (64, 64, TJSAMP_420, 90, 7, 0, &len);
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
      jpeg = b64t_smooth_jpeg (64, 64, TJSAMP_420, 90, 7, 0, &len);
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
      return b64t_smooth_b64 (20, 20, TJSAMP_420, 7);
    case BAD_HUGE_SOF: {
      jpeg = b64t_smooth_jpeg (16, 16, TJSAMP_420, 90, 7, 0, &len);
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
      return b64t_smooth_b64 (35, 35, TJSAMP_420, 7); /* > 1000 characters */
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
  gchar *good1 = b64t_smooth_b64 (9, 7, TJSAMP_420, 1);
  gchar *good2 = b64t_smooth_b64 (5, 3, TJSAMP_444, 2);
  gchar *bad = make_bad_text (c);
  gchar *warning = NULL;
  glong hwm0;
  B64tRun d;

  fail_unless (strlen (good1) < 1000 && strlen (good2) < 1000);
  b64t_open (&d, pipeline, framed ? "image/x-base64,framed=true" : NULL, NULL);
  hwm0 = b64t_vm_hwm_kib ();
  fail_unless_equals_int (b64t_push_frame (d.h, good1, framed), GST_FLOW_OK);
  fail_unless_equals_int (b64t_push_frame (d.h, bad, framed), GST_FLOW_OK);
  fail_unless_equals_int (b64t_push_frame (d.h, good1, framed), GST_FLOW_OK);
  fail_unless_equals_int (b64t_push_frame (d.h, bad, framed), GST_FLOW_OK);
  fail_unless_equals_int (b64t_push_frame (d.h, good2, framed), GST_FLOW_OK);
  fail_unless (gst_harness_push_event (d.h, gst_event_new_eos ()));

  fail_unless_equals_int (gst_harness_buffers_in_queue (d.h), 3);
  for (guint i = 0; i < 3; i++) {
    GstBuffer *buf = gst_harness_pull (d.h);
    gst_buffer_unref (buf);
  }
  fail_unless_equals_int (b64t_count_messages (&d, GST_MESSAGE_WARNING,
                              bad_cases[c].reason, &warning),
      2);
  fail_unless_equals_int (
      b64t_count_messages (&d, GST_MESSAGE_ERROR, NULL, NULL), 0);
  if (g_getenv ("B64IMGDEC_TEST_VERBOSE"))
    g_printerr ("%s (%s): %s\n", bad_cases[c].name,
        framed ? "framed" : "stream", warning);
  /* nothing the size of the claimed image was allocated */
  if (c == BAD_HUGE_SOF && hwm0 > 0)
    fail_unless (b64t_vm_hwm_kib () - hwm0 < 50 * 1024, "peak RSS grew %ld KiB",
        b64t_vm_hwm_kib () - hwm0);
  g_free (warning);
  b64t_close (&d);
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
  B64tRun d;

  b64t_open (&d, "b64imgdec", "image/x-base64,framed=true", NULL);
  fail_unless_equals_int (b64t_push_frame (d.h, b64, TRUE), GST_FLOW_OK);
  buf = gst_harness_try_pull (d.h);
  fail_unless (buf != NULL);
  caps = b64t_current_caps (d.h);
  b64t_check_decoded_jpeg (buf, caps, jpeg, len, "190 scans");
  gst_caps_unref (caps);
  gst_buffer_unref (buf);
  fail_unless_equals_int (
      b64t_count_messages (&d, GST_MESSAGE_WARNING, NULL, NULL), 0);
  b64t_close (&d);
  g_free (b64);
  g_free (jpeg);
}

GST_END_TEST;

GST_START_TEST (test_max_pixels_boundary)
{
  /* exactly max-pixels is fine */
  gchar *ok = b64t_smooth_b64 (10, 10, TJSAMP_420, 1);
  GstBuffer *buf;
  B64tRun d;

  b64t_open (
      &d, "b64imgdec max-pixels=100", "image/x-base64,framed=true", NULL);
  fail_unless_equals_int (b64t_push_frame (d.h, ok, TRUE), GST_FLOW_OK);
  buf = gst_harness_try_pull (d.h);
  fail_unless (buf != NULL);
  gst_buffer_unref (buf);
  b64t_close (&d);
  g_free (ok);
}

GST_END_TEST;

GST_START_TEST (test_max_errors_zero)
{
  gchar *good = b64t_smooth_b64 (9, 7, TJSAMP_420, 1);
  gchar *bad = make_bad_text (BAD_RANDOM);
  B64tRun d;

  for (gint framed = 0; framed < 2; framed++) {
    b64t_open (&d, "b64imgdec max-errors=0",
        framed ? "image/x-base64,framed=true" : NULL, NULL);
    fail_unless_equals_int (b64t_push_frame (d.h, good, framed), GST_FLOW_OK);
    fail_unless_equals_int (b64t_push_frame (d.h, bad, framed), GST_FLOW_ERROR);
    fail_unless_equals_int (gst_harness_buffers_in_queue (d.h), 1);
    fail_unless_equals_int (
        b64t_count_messages (&d, GST_MESSAGE_ERROR, "unsupported", NULL), 1);
    b64t_close (&d);
  }
  g_free (good);
  g_free (bad);
}

GST_END_TEST;

GST_START_TEST (test_max_errors_consecutive)
{
  /* max-errors=1: one bad frame between good ones is tolerated every
   * time (the count resets on a good frame), two in a row are fatal */
  gchar *good = b64t_smooth_b64 (9, 7, TJSAMP_420, 1);
  gchar *bad = make_bad_text (BAD_INVALID_CHAR);
  B64tRun d;

  b64t_open (&d, "b64imgdec max-errors=1", NULL, NULL);
  for (guint i = 0; i < 3; i++) {
    fail_unless_equals_int (b64t_push_frame (d.h, good, FALSE), GST_FLOW_OK);
    fail_unless_equals_int (b64t_push_frame (d.h, bad, FALSE), GST_FLOW_OK);
  }
  fail_unless_equals_int (b64t_push_frame (d.h, bad, FALSE), GST_FLOW_ERROR);
  fail_unless_equals_int (gst_harness_buffers_in_queue (d.h), 3);
  fail_unless_equals_int (
      b64t_count_messages (&d, GST_MESSAGE_WARNING, "invalid", NULL), 3);
  fail_unless_equals_int (
      b64t_count_messages (&d, GST_MESSAGE_ERROR, "invalid", NULL), 1);
  b64t_close (&d);
  g_free (good);
  g_free (bad);
}

GST_END_TEST;

GST_START_TEST (test_endless_line)
{
  const gsize chunk = 1024 * 1024;
  gchar *as = g_malloc (chunk);
  gchar *good = b64t_smooth_b64 (17, 9, TJSAMP_420, 1);
  glong hwm0, hwm1;
  B64tRun d;

  memset (as, 'A', chunk);
  b64t_open (&d, "b64imgdec max-frame-bytes=1048576", NULL, NULL);
  /* warm up: a good frame first */
  fail_unless_equals_int (b64t_push_frame (d.h, good, FALSE), GST_FLOW_OK);
  hwm0 = b64t_vm_hwm_kib ();
  fail_unless (hwm0 > 0);
  for (guint i = 0; i < 200; i++) {
    GstBuffer *b = gst_buffer_new_wrapped_full (
        GST_MEMORY_FLAG_READONLY, as, chunk, 0, chunk, NULL, NULL);

    fail_unless_equals_int (gst_harness_push (d.h, b), GST_FLOW_OK);
  }
  fail_unless_equals_int (b64t_push_str (d.h, "\n"), GST_FLOW_OK);
  fail_unless_equals_int (b64t_push_frame (d.h, good, FALSE), GST_FLOW_OK);
  hwm1 = b64t_vm_hwm_kib ();
  fail_unless_equals_int (gst_harness_buffers_in_queue (d.h), 2);
  fail_unless_equals_int (
      b64t_count_messages (&d, GST_MESSAGE_WARNING, "longer than", NULL), 1);
  fail_unless (
      hwm1 - hwm0 < 50 * 1024, "peak RSS grew by %ld KiB", hwm1 - hwm0);
  if (g_getenv ("B64IMGDEC_TEST_VERBOSE"))
    g_printerr ("endless line: VmHWM %ld -> %ld KiB\n", hwm0, hwm1);
  b64t_close (&d);
  g_free (good);
  g_free (as);
}

GST_END_TEST;

static Suite *
b64imgdec_bad_input_suite (void)
{
  Suite *s = suite_create ("b64imgdec_bad_input");
  TCase *tb = b64t_add_tcase (s, "bad-input", 0);

  tcase_add_loop_test (tb, test_bad_framed, 0, N_BAD);
  tcase_add_loop_test (tb, test_bad_stream, 0, N_BAD);
  tcase_add_test (tb, test_many_scans_reference);
  tcase_add_test (tb, test_max_pixels_boundary);
  tcase_add_test (tb, test_max_errors_zero);
  tcase_add_test (tb, test_max_errors_consecutive);
  tcase_add_test (tb, test_endless_line);
  return s;
}

GST_CHECK_MAIN (b64imgdec_bad_input);
