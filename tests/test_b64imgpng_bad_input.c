/* b64img — b64imgdec, bad PNGs: CRC errors, corrupt and truncated data, huge
 * headers, decompression bombs between good frames; one warning each naming
 * the reason, no good frame lost, memory bounded
 * Copyright (C) 2026 The b64img authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include "common/pngref.h"

#include <string.h>

typedef enum
{
  GOOD,
  BAD,
  EITHER, /* decoded or dropped, bounded either way */
} Verdict;

typedef struct
{
  gchar *label;
  gchar *text; /* one line, or a framed buffer */
  Verdict verdict;
  const gchar *reason; /* BAD: the warning must contain this */
  gint w, h;           /* GOOD */
} BadItem;

static void
add_item (GPtrArray *items, const gchar *label, const guint8 *data, gsize size,
    Verdict v, const gchar *reason, gint w, gint h)
{
  BadItem *it = g_new0 (BadItem, 1);

  *it = (BadItem){ .label = g_strdup (label),
    .text = make_text (data, size, TEXT_LINE, NULL),
    .verdict = v,
    .reason = reason,
    .w = w,
    .h = h };
  g_ptr_array_add (items, it);
}

static void
bad_item_free (gpointer p)
{
  BadItem *it = p;

  g_free (it->label);
  g_free (it->text);
  g_free (it);
}

static void
add_good (GPtrArray *items, GRand *r, gint k)
{
  gsize size;
  gint w = 8 + k, h = 4 + k % 3;
  guint8 *png
      = random_png (r, w, h, k % 2 ? B64_PNG_RGBA8 : B64_PNG_RGB8, &size);
  gchar *label = g_strdup_printf ("good %d", k);

  add_item (items, label, png, size, GOOD, NULL, w, h);
  g_free (label);
  g_free (png);
}

/* How a reason may say that the data ended early. */
#define TRUNCATED "truncated|end of stream|too short|unexpected end|EOF"

static GPtrArray *
bad_items (void)
{
  GPtrArray *items = g_ptr_array_new_with_free_func (bad_item_free);
  GRand *r = g_rand_new_with_seed (900);
  gsize size, bsize, pos;
  guint8 *png = random_png (r, 32, 32, B64_PNG_RGB8, &size), *bad, *bomb;
  gint k = 0;

  add_good (items, r, k++);

  /* IDAT intact, its CRC wrong: only CRC checking notices */
  bad = g_memdup2 (png, size);
  pos = b64t_png_find_chunk (bad, size, "IDAT");
  fail_unless (pos > 0, "no IDAT chunk");
  bad[pos + 8 + GST_READ_UINT32_BE (bad + pos)] ^= 0x01;
  add_item (items, "IDAT bad CRC", bad, size, BAD, "CRC|checksum", 0, 0);
  g_free (bad);
  add_good (items, r, k++);

  /* a flipped bit inside IDAT's data (caught by zlib or the CRC) */
  bad = g_memdup2 (png, size);
  bad[pos + 8 + GST_READ_UINT32_BE (bad + pos) / 2] ^= 0x10;
  add_item (items, "IDAT corrupt data", bad, size, BAD,
      "IDAT|CRC|checksum|zlib|inflate", 0, 0);
  g_free (bad);
  add_good (items, r, k++);

  /* IHDR's own CRC broken */
  bad = g_memdup2 (png, size);
  bad[29] ^= 0xff;
  add_item (items, "IHDR bad CRC", bad, size, BAD, "CRC|checksum", 0, 0);
  g_free (bad);
  add_good (items, r, k++);

  /* cut in the middle of IDAT's data */
  pos = b64t_png_find_chunk (png, size, "IDAT");
  fail_unless (pos > 0, "no IDAT chunk");
  add_item (items, "truncated IDAT", png,
      pos + 8 + GST_READ_UINT32_BE (png + pos) / 2, BAD, TRUNCATED, 0, 0);
  add_good (items, r, k++);

  /* IHDR claiming 100000x100000 */
  bad = g_memdup2 (png, size);
  b64t_png_set_ihdr_size (bad, 100000, 100000);
  add_item (items, "100000x100000", bad, size, BAD, "100000x100000", 0, 0);
  g_free (bad);
  add_good (items, r, k++);

  /* 16x16 whose IDAT inflates to 256 MiB */
  bomb = fixture_file ("bomb_idat.bin", &bsize);
  add_item (items, "IDAT bomb", bomb, bsize, EITHER, NULL, 16, 16);
  g_free (bomb);
  add_good (items, r, k++);

  /* 256 MiB in a zTXt chunk before IDAT */
  bomb = fixture_file ("bomb_ztxt.bin", &bsize);
  add_item (items, "zTXt bomb", bomb, bsize, EITHER, NULL, 16, 16);
  g_free (bomb);
  add_good (items, r, k++);

  g_free (png);

  /* 20000x20000 with 8 rows of data: over max-pixels */
  png = random_png (r, 20000, 8, B64_PNG_GRAY8, &size);
  b64t_png_set_ihdr_size (png, 20000, 20000);
  add_item (
      items, "20000x20000 truncated", png, size, BAD, "20000x20000", 0, 0);
  g_free (png);
  add_good (items, r, k++);

  /* 9000x9000 RGBA (under max-pixels: 324 MB if allocated and written)
   * with 4 rows of data */
  png = random_png (r, 9000, 4, B64_PNG_RGBA8, &size);
  b64t_png_set_ihdr_size (png, 9000, 9000);
  add_item (items, "9000x9000 truncated", png, size, BAD, TRUNCATED, 0, 0);
  g_free (png);
  add_good (items, r, k++);

  /* a PNG signature and nothing else */
  add_item (items, "signature only", (const guint8 *) "\x89PNG\r\n\x1a\n", 8,
      BAD, TRUNCATED, 0, 0);
  add_good (items, r, k++);

  g_rand_free (r);
  return items;
}

/* The frames one by one (framed) or as one stream; after each bad one a
 * warning naming the reason, after each good one its frame. Problems are
 * collected so that one run reports them all. */
static void
run_bad_items (InputMode mode)
{
  GPtrArray *items = bad_items ();
  GstBus *bus;
  GstHarness *h = new_dec (NULL, mode, &bus);
  GRand *r = g_rand_new_with_seed (901);
  GString *problems = g_string_new (NULL);
  guint good = 0, warnings = 0, dropped = 0, either_out = 0, n_good = 0;
  gsize base, peak;
  gboolean can_reset = b64t_reset_peak ();
  gint64 t0 = g_get_monotonic_time ();

  for (guint i = 0; i < items->len; i++)
    n_good += ((BadItem *) g_ptr_array_index (items, i))->verdict == GOOD;
  base = (gsize) b64t_vm_hwm_kib ();
  for (guint i = 0; i < items->len; i++) {
    BadItem *it = g_ptr_array_index (items, i);
    guint before = gst_harness_buffers_received (h), out;
    GstMessage *msg, *more;
    GstBuffer *buf;
    gint64 t1 = g_get_monotonic_time ();

    b64t_push_pieces (h, it->text, mode == IN_FRAMED ? NULL : r, 1 << 16);
    out = gst_harness_buffers_received (h) - before;
    msg = gst_bus_pop_filtered (bus, GST_MESSAGE_WARNING | GST_MESSAGE_ERROR);
    GST_INFO ("%s: %u out, %s, %" G_GINT64_FORMAT " ms", it->label, out,
        msg ? GST_MESSAGE_TYPE_NAME (msg) : "no message",
        (g_get_monotonic_time () - t1) / 1000);
    if (msg && GST_MESSAGE_TYPE (msg) == GST_MESSAGE_ERROR)
      g_string_append_printf (problems, "%s: error message\n", it->label);
    if (out > 1)
      g_string_append_printf (problems, "%s: %u frames out\n", it->label, out);
    switch (it->verdict) {
      case GOOD:
        if (msg)
          g_string_append_printf (
              problems, "%s: unexpected message\n", it->label);
        if (out == 1) {
          GstVideoInfo info;

          b64t_current_info (h, &info);
          if (GST_VIDEO_INFO_WIDTH (&info) != it->w
              || GST_VIDEO_INFO_HEIGHT (&info) != it->h)
            g_string_append_printf (problems, "%s: came out %dx%d\n", it->label,
                GST_VIDEO_INFO_WIDTH (&info), GST_VIDEO_INFO_HEIGHT (&info));
          good++;
        } else {
          g_string_append_printf (problems, "%s: no frame out\n", it->label);
        }
        break;
      case BAD:
        if (out)
          g_string_append_printf (
              problems, "%s: a frame came out\n", it->label);
        else
          dropped++;
        if (!msg)
          g_string_append_printf (problems,
              "%s: dropped without a warning "
              "message\n",
              it->label);
        else if (!b64t_message_says (msg, it->reason))
          g_string_append_printf (problems,
              "%s: warning does not say "
              "'%s'\n",
              it->label, it->reason);
        else
          warnings++;
        break;
      case EITHER:
        if (out)
          either_out++;
        else
          dropped++;
        if (!out && !msg)
          g_string_append_printf (problems,
              "%s: dropped without a warning "
              "message\n",
              it->label);
        else if (msg)
          warnings++;
        GST_INFO ("%s: %s", it->label, out ? "decoded" : "dropped");
        break;
    }
    while ((buf = gst_harness_try_pull (h)))
      gst_buffer_unref (buf);
    if (msg)
      gst_message_unref (msg);
    /* one message per bad frame */
    if ((more = gst_bus_pop_filtered (
             bus, GST_MESSAGE_WARNING | GST_MESSAGE_ERROR))) {
      g_string_append_printf (problems, "%s: more messages (%s)\n", it->label,
          GST_MESSAGE_TYPE_NAME (more));
      gst_message_unref (more);
    }
  }
  peak = (gsize) b64t_vm_hwm_kib ();
  GST_INFO ("%u good, %u dropped, %u warnings, %u bombs decoded; peak RSS "
            "%" G_GSIZE_FORMAT " kB above %" G_GSIZE_FORMAT
            " kB (%s); %" G_GINT64_FORMAT " ms",
      good, dropped, warnings, either_out, peak - base, base,
      can_reset ? "reset" : "not reset", (g_get_monotonic_time () - t0) / 1000);
  if (can_reset && peak - base >= 100 * 1024)
    g_string_append_printf (
        problems, "peak memory grew by %" G_GSIZE_FORMAT " kB\n", peak - base);
  if (good != n_good)
    g_string_append_printf (
        problems, "%u good frames out of %u\n", good, n_good);
  if (good + dropped + either_out != items->len)
    g_string_append_printf (problems, "%u frames accounted for, not %u\n",
        good + dropped + either_out, items->len);
  fail_unless (problems->len == 0, "%s input:\n%s",
      mode == IN_FRAMED ? "framed" : "stream", problems->str);
  g_string_free (problems, TRUE);
  g_rand_free (r);
  free_dec (h, bus);
  g_ptr_array_unref (items);
}

GST_START_TEST (test_bad_framed)
{
  run_bad_items (IN_FRAMED);
}

GST_END_TEST;

GST_START_TEST (test_bad_stream)
{
  run_bad_items (IN_NO_CAPS);
}

GST_END_TEST;

/* A header over the default max-pixels let through by a raised limit: the
 * output frame is allocated, but a truncated stream must not make it (or
 * anything else) resident. */
GST_START_TEST (test_big_header_raised_limit)
{
  GRand *r = g_rand_new_with_seed (950);
  GstBus *bus;
  GstHarness *h;
  gsize size, base, peak;
  guint8 *png = random_png (r, 20000, 8, B64_PNG_GRAY8, &size);
  gchar *text;
  GstMessage *msg;
  gboolean can_reset;

  b64t_png_set_ihdr_size (png, 20000, 20000);
  text = make_text (png, size, TEXT_LINE, NULL);
  h = new_dec (NULL, IN_FRAMED, &bus);
  gst_harness_set (
      h, "b64imgdec", "max-pixels", G_GUINT64_CONSTANT (400000000), NULL);
  can_reset = b64t_reset_peak ();
  base = (gsize) b64t_vm_hwm_kib ();
  b64t_push_pieces (h, text, NULL, 0);
  peak = (gsize) b64t_vm_hwm_kib ();
  fail_unless_equals_int (gst_harness_buffers_received (h), 0);
  GST_INFO ("20000x20000, 8 rows: peak %" G_GSIZE_FORMAT " kB above base",
      peak - base);
  if (can_reset)
    fail_unless (peak - base < 100 * 1024,
        "peak memory grew by %" G_GSIZE_FORMAT " kB", peak - base);
  /* and the decoder goes on */
  g_free (png);
  g_free (text);
  png = random_png (r, 6, 5, B64_PNG_RGB8, &size);
  text = make_text (png, size, 0, NULL);
  b64t_push_pieces (h, text, NULL, 0);
  fail_unless_equals_int (gst_harness_buffers_received (h), 1);
  g_free (png);
  g_free (text);
  msg = gst_bus_pop_filtered (bus, GST_MESSAGE_WARNING);
  fail_unless (msg != NULL, "dropped without a warning message");
  fail_unless (b64t_message_says (msg, TRUNCATED), "warning does not say why");
  gst_message_unref (msg);
  free_dec (h, bus);
  g_rand_free (r);
}

GST_END_TEST;

static Suite *
b64imgpng_bad_input_suite (void)
{
  Suite *s = suite_create ("b64imgpng_bad_input");
  TCase *bad = b64t_add_tcase (s, "bad", 0);

  tcase_add_test (bad, test_bad_framed);
  tcase_add_test (bad, test_bad_stream);
  tcase_add_test (bad, test_big_header_raised_limit);
  return s;
}

int
main (int argc, char **argv)
{
  return b64t_png_main (argc, argv, b64imgpng_bad_input_suite);
}
