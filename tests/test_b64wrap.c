/* b64img — unit tests of wrapped base64 in stream mode: the image-end walk
 * (gst/b64imgend.c) and the framer's wrapped-line rule (gst/b64framer.c)
 * Copyright (C) 2026 The b64img authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include <glib.h>
#include <string.h>

#include "b64framer.h"
#include "b64imgend.h"

/* ---- synthetic images ---------------------------------------------------- */

static void
put (GByteArray *a, const char *bytes, size_t n)
{
  g_byte_array_append (a, (const guint8 *) bytes, n);
}

static void
put_segment (GByteArray *a, guint8 marker, const guint8 *data, size_t n)
{
  guint8 head[4] = { 0xff, marker, (guint8) ((n + 2) >> 8), (guint8) (n + 2) };

  g_byte_array_append (a, head, 4);
  g_byte_array_append (a, data, n);
}

/* Entropy-coded data: random bytes, 0xFF stuffed, a RST marker now and
 * then. */
static void
put_entropy (GByteArray *a, GRand *rand, size_t n)
{
  size_t i;

  for (i = 0; i < n; i++) {
    guint8 b = g_rand_int_range (rand, 0, 256);

    g_byte_array_append (a, &b, 1);
    if (b == 0xff)
      put (a, "\x00", 1);
    if (i % 500 == 499) {
      guint8 rst[2] = { 0xff, 0xd0 + (i / 500) % 8 };

      g_byte_array_append (a, rst, 2);
    }
  }
}

/* A JPEG as far as its structure goes: JFIF APP0, an EXIF APP1 holding a
 * thumbnail JPEG after @pad bytes (its own SOI and EOI), DQT, two scans
 * with a DHT between them (progressive style), fill bytes before EOI. Sets
 * *thumb_end to the offset just after the thumbnail's EOI. */
static GByteArray *
make_jpeg (GRand *rand, size_t entropy, size_t pad, size_t *thumb_end)
{
  GByteArray *a = g_byte_array_new ();
  GByteArray *app1 = g_byte_array_new ();
  guint8 dqt[65] = { 0 }, sos[6] = { 1, 1, 0, 0, 63, 0 }, dht[3] = { 0 };
  size_t i;

  put (a, "\xff\xd8", 2);
  put_segment (a, 0xe0, (const guint8 *) "JFIF\0\1\1\0\0\1\0\1\0\0", 14);
  put (app1, "Exif\0\0", 6);
  for (i = 0; i < pad; i++) {
    guint8 b = (guint8) (i * 7);

    g_byte_array_append (app1, &b, 1);
  }
  put (app1, "\xff\xd8\xff\xdb\x00\x03\x00\xff\xd9", 9);
  put_segment (a, 0xe1, app1->data, app1->len);
  if (thumb_end)
    *thumb_end = 2 + 18 + 4 + app1->len;
  g_byte_array_unref (app1);
  put_segment (a, 0xdb, dqt, sizeof (dqt));
  put_segment (a, 0xda, sos, sizeof (sos));
  put_entropy (a, rand, entropy / 2);
  put_segment (a, 0xc4, dht, sizeof (dht));
  put_segment (a, 0xda, sos, sizeof (sos));
  put_entropy (a, rand, entropy - entropy / 2);
  put (a, "\xff\xff\xd9", 3);
  return a;
}

static void
put_chunk (GByteArray *a, const char *type, const guint8 *data, guint32 n)
{
  guint8 len[4] = { n >> 24, n >> 16, n >> 8, n };

  g_byte_array_append (a, len, 4);
  put (a, type, 4);
  g_byte_array_append (a, data, n);
  put (a, "\x12\x34\x56\x78", 4); /* CRC: not the walk's business */
}

/* A PNG as far as its chunks go; the IDAT data holds "IEND" too. */
static GByteArray *
make_png (GRand *rand, guint32 idat)
{
  GByteArray *a = g_byte_array_new ();
  guint8 *data = g_malloc (idat + 13);
  guint32 i;

  put (a, "\x89PNG\r\n\x1a\n", 8);
  memset (data, 1, 13);
  put_chunk (a, "IHDR", data, 13);
  for (i = 0; i < idat; i++)
    data[i] = g_rand_int_range (rand, 0, 256);
  if (idat >= 12)
    memcpy (data + 4, "\0\0\0\0IEND", 8);
  put_chunk (a, "IDAT", data, idat);
  put_chunk (a, "IEND", NULL, 0);
  g_free (data);
  return a;
}

/* ---- the image-end walk ------------------------------------------------- */

/* Fed a byte at a time, the walk says MORE up to the last byte and DONE at
 * it; fed whole, DONE. */
static void
check_end_at_last_byte (const GByteArray *img)
{
  B64ImageEnd e;
  guint i;

  b64_image_end_init (&e);
  for (i = 0; i + 1 < img->len; i++)
    g_assert_cmpint (
        b64_image_end_feed (&e, img->data + i, 1), ==, B64_IMAGE_MORE);
  g_assert_cmpint (
      b64_image_end_feed (&e, img->data + i, 1), ==, B64_IMAGE_DONE);
  b64_image_end_init (&e);
  g_assert_cmpint (
      b64_image_end_feed (&e, img->data, img->len), ==, B64_IMAGE_DONE);
}

static void
test_end_jpeg (void)
{
  GRand *rand = g_rand_new_with_seed (1);
  size_t entropy, thumb_end;

  for (entropy = 0; entropy < 3000; entropy += 299) {
    GByteArray *img = make_jpeg (rand, entropy, entropy % 50, &thumb_end);

    /* the thumbnail's EOI is where a naive search would stop */
    g_assert_cmpmem (img->data + thumb_end - 2, 2, "\xff\xd9", 2);
    check_end_at_last_byte (img);
    g_byte_array_unref (img);
  }
  g_rand_free (rand);
}

static void
test_end_png (void)
{
  GRand *rand = g_rand_new_with_seed (2);
  guint32 n;

  for (n = 0; n < 3000; n += 277) {
    GByteArray *img = make_png (rand, n);

    check_end_at_last_byte (img);
    g_byte_array_unref (img);
  }
  g_rand_free (rand);
}

static void
test_end_not_image (void)
{
  static const struct
  {
    const char *bytes;
    size_t len;
    B64ImageEndResult want;
  } cases[] = {
    { "hello", 5, B64_IMAGE_NOT },
    { "\xff", 1, B64_IMAGE_MORE },
    { "\xff\xd9", 2, B64_IMAGE_NOT },
    { "\x89PN", 3, B64_IMAGE_MORE },
    { "\x89PNx", 4, B64_IMAGE_NOT },
    /* a segment length below 2 */
    { "\xff\xd8\xff\xe0\x00\x01", 6, B64_IMAGE_NOT },
    /* a second SOI in entropy-coded data: the start of another file */
    { "\xff\xd8\xff\xda\x00\x02\x11\xff\xd8", 9, B64_IMAGE_NOT },
    /* stuffed 0xFF, RST and fill bytes in entropy-coded data */
    { "\xff\xd8\xff\xda\x00\x02\xff\x00\xff\xd3\xff\xff\xd9", 13,
        B64_IMAGE_DONE },
    /* a chunk longer than PNG allows */
    { "\x89PNG\r\n\x1a\n\x80\0\0\0IDAT", 16, B64_IMAGE_NOT },
  };
  guint i;

  for (i = 0; i < G_N_ELEMENTS (cases); i++) {
    B64ImageEnd e;

    b64_image_end_init (&e);
    g_assert_cmpint (
        b64_image_end_feed (&e, (const guint8 *) cases[i].bytes, cases[i].len),
        ==, cases[i].want);
  }
}

/* ---- text --------------------------------------------------------------- */

/* @img in base64 wrapped at @width (0: one line) with @eol after every
 * line, the last one too. */
static void
append_wrapped (
    GString *s, const GByteArray *img, size_t width, const char *eol)
{
  gchar *b64 = g_base64_encode (img->data, img->len);
  size_t n = strlen (b64), i;

  if (width == 0)
    width = n;
  for (i = 0; i < n; i += width) {
    g_string_append_len (s, b64 + i, MIN (width, n - i));
    g_string_append (s, eol);
  }
  g_free (b64);
}

/* ---- framer harness ----------------------------------------------------- */

/* A frame as it came out: its payload (or NULL) and where the text fed so
 * far stood when it came. */
typedef struct
{
  B64FrameStatus status;
  GBytes *payload;
  size_t at; /* bytes of text fed when the frame came out */
} Out;

static void
out_free (gpointer p)
{
  Out *o = p;

  if (o->payload)
    g_bytes_unref (o->payload);
  g_free (o);
}

static void
take_frame (B64Framer *f, GPtrArray *outs, size_t at)
{
  const B64Frame *fr = b64_framer_frame (f);
  Out *o = g_new0 (Out, 1);

  o->status = fr->error.code;
  o->payload = fr->error.code == B64_FRAME_OK ? g_bytes_new (fr->data, fr->size)
                                              : NULL;
  o->at = at;
  g_ptr_array_add (outs, o);
}

/* Feeds @text in pieces of @chunk bytes (0: whole) as the element does:
 * bytes the framer leaves are fed again with the next piece, and the
 * last piece goes through b64_framer_feed_last(). */
static GPtrArray *
frames_of (const char *text, size_t len, size_t chunk, size_t max)
{
  B64Framer *f = b64_framer_new (false, max);
  GPtrArray *outs = g_ptr_array_new_with_free_func (out_free);
  GString *pending = g_string_new (NULL);
  size_t fed = 0;

  if (chunk == 0)
    chunk = len;
  while (fed < len || pending->len > 0) {
    size_t n = MIN (chunk, len - fed);
    gboolean last;
    size_t off = 0;

    g_string_append_len (pending, text + fed, n);
    fed += n;
    last = fed == len;
    for (;;) {
      size_t skipped, used;
      B64FramerResult res = last ? b64_framer_feed_last (f, pending->str + off,
                                pending->len - off, &skipped, &used)
                                 : b64_framer_feed (f, pending->str + off,
                                     pending->len - off, &skipped, &used);

      off += skipped + used;
      if (res == B64_FRAMER_FRAME) {
        take_frame (f, outs, fed);
        continue;
      }
      if (off == pending->len || !last)
        break;
    }
    g_assert_true (last ? off == pending->len : TRUE);
    g_string_erase (pending, 0, off);
    /* what is left is at most one line being looked at */
    g_assert_cmpuint (pending->len, <, b64_framer_want (f) + 1);
  }
  if (b64_framer_finish (f) == B64_FRAMER_FRAME)
    take_frame (f, outs, fed);
  g_string_free (pending, TRUE);
  b64_framer_free (f);
  return outs;
}

static void
assert_payload (GPtrArray *outs, guint i, const GByteArray *img)
{
  Out *o;

  g_assert_cmpuint (i, <, outs->len);
  o = g_ptr_array_index (outs, i);
  g_assert_cmpint (o->status, ==, B64_FRAME_OK);
  g_assert_cmpmem (g_bytes_get_data (o->payload, NULL),
      g_bytes_get_size (o->payload), img->data, img->len);
}

static const size_t chunks[] = { 0, 1, 3, 64, 77, 4096 };

/* @text fed in pieces of each size in chunks[] gives the @n images of
 * @imgs, in order, and nothing else. */
static void
assert_images (const GString *text, GByteArray *const *imgs, guint n)
{
  guint c, i;

  for (c = 0; c < G_N_ELEMENTS (chunks); c++) {
    GPtrArray *outs = frames_of (text->str, text->len, chunks[c], 0);

    g_assert_cmpuint (outs->len, ==, n);
    for (i = 0; i < n; i++)
      assert_payload (outs, i, imgs[i]);
    g_ptr_array_unref (outs);
  }
}

/* ---- framer: wrapped text ----------------------------------------------- */

/* Each tool's wrapping, with sizes whose last line is full or not, is one
 * frame at every chunk size. */
static void
test_wrap_widths (void)
{
  static const struct
  {
    size_t width;
    const char *eol;
  } styles[] = {
    { 76, "\n" },   /* coreutils base64, Python's encodebytes */
    { 64, "\n" },   /* openssl base64, PEM */
    { 76, "\r\n" }, /* MIME */
    { 4, "\n" },
    { B64_FRAMER_MAX_WRAP, "\n" },
  };
  GRand *rand = g_rand_new_with_seed (3);
  guint s, k;

  for (s = 0; s < G_N_ELEMENTS (styles); s++) {
    for (k = 0; k < 4; k++) {
      /* k = 0: the last line is full (57 * 3 bytes = 3 lines of 76) */
      size_t entropy = 1000 + k * 337;
      GByteArray *img = k < 2 ? make_jpeg (rand, entropy, k, NULL)
                              : make_png (rand, entropy);
      GString *text = g_string_new (NULL);

      append_wrapped (text, img, styles[s].width, styles[s].eol);
      assert_images (text, &img, 1);
      g_string_free (text, TRUE);
      g_byte_array_unref (img);
    }
  }
  g_rand_free (rand);
}

/* The last line may be exactly as wide as the others: the image's end, not
 * a short line, ends the frame, and the next image is not taken along. */
static void
test_wrap_full_last_line (void)
{
  GRand *rand = g_rand_new_with_seed (4);
  GByteArray *img = NULL;
  GString *text = g_string_new (NULL);
  size_t e;
  guint c;

  for (e = 1000; img == NULL || img->len % 57 != 0; e++) {
    if (img)
      g_byte_array_unref (img);
    img = make_jpeg (rand, e, 0, NULL);
  }
  append_wrapped (text, img, 76, "\n");
  append_wrapped (text, img, 76, "\n");
  for (c = 0; c < G_N_ELEMENTS (chunks); c++) {
    GPtrArray *outs = frames_of (text->str, text->len, chunks[c], 0);

    g_assert_cmpuint (outs->len, ==, 2);
    assert_payload (outs, 0, img);
    assert_payload (outs, 1, img);
    /* the first came out at its own last LF, not a line later */
    if (chunks[c] == 1)
      g_assert_cmpuint (
          ((Out *) g_ptr_array_index (outs, 0))->at, ==, text->len / 2);
    g_ptr_array_unref (outs);
  }
  g_string_free (text, TRUE);
  g_byte_array_unref (img);
  g_rand_free (rand);
}

/* A thumbnail's EOI at the end of a line does not end the frame. */
static void
test_wrap_thumbnail_at_line_end (void)
{
  GRand *rand = g_rand_new_with_seed (5);
  size_t pad, thumb_end;
  GByteArray *img;
  GString *text = g_string_new (NULL);
  GPtrArray *outs;

  for (pad = 0;; pad++) {
    img = make_jpeg (rand, 2000, pad, &thumb_end);
    if (thumb_end % 57 == 0)
      break;
    g_byte_array_unref (img);
  }
  append_wrapped (text, img, 76, "\n");
  outs = frames_of (text->str, text->len, 0, 0);
  g_assert_cmpuint (outs->len, ==, 1);
  assert_payload (outs, 0, img);
  g_ptr_array_unref (outs);
  g_string_free (text, TRUE);
  g_byte_array_unref (img);
  g_rand_free (rand);
}

/* Images in a row: wrapped at different widths, with and without blank
 * lines between, one-line ones and data URIs among them. */
static void
test_wrap_sequence (void)
{
  GRand *rand = g_rand_new_with_seed (6);
  GByteArray *imgs[6];
  GString *text = g_string_new (NULL);
  guint i;

  for (i = 0; i < G_N_ELEMENTS (imgs); i++)
    imgs[i] = i % 2 ? make_png (rand, 700 + 100 * i)
                    : make_jpeg (rand, 900 + 50 * i, i, NULL);
  append_wrapped (text, imgs[0], 76, "\n");
  append_wrapped (text, imgs[1], 64, "\n");
  g_string_append (text, "\n\n");
  append_wrapped (text, imgs[2], 0, "\n");
  append_wrapped (text, imgs[3], 76, "\r\n");
  g_string_append (text, "\r\n");
  g_string_append (text, "data:image/jpeg;base64,");
  append_wrapped (text, imgs[4], 76, "\n");
  append_wrapped (text, imgs[5], 0, ""); /* no LF at the end */
  assert_images (text, imgs, G_N_ELEMENTS (imgs));
  for (i = 0; i < G_N_ELEMENTS (imgs); i++)
    g_byte_array_unref (imgs[i]);
  g_string_free (text, TRUE);
  g_rand_free (rand);
}

/* One image per line: each frame comes out at its own LF, even a short
 * one that could have been the first line of wrapped text. */
static void
test_one_line_no_latency (void)
{
  GRand *rand = g_rand_new_with_seed (7);
  GByteArray *small = make_jpeg (rand, 300, 0, NULL);
  GByteArray *big = make_png (rand, 5000);
  GString *text = g_string_new (NULL);
  size_t end_small, end_big;
  GPtrArray *outs;
  guint i;

  append_wrapped (text, small, 0, "\n");
  end_small = text->len;
  append_wrapped (text, big, 0, "\n");
  end_big = text->len;
  append_wrapped (text, small, 0, "\n");
  g_assert_cmpuint (end_small, <=, B64_FRAMER_MAX_WRAP);
  outs = frames_of (text->str, text->len, 1, 0);
  g_assert_cmpuint (outs->len, ==, 3);
  for (i = 0; i < 3; i++)
    assert_payload (outs, i, i == 1 ? big : small);
  g_assert_cmpuint (((Out *) g_ptr_array_index (outs, 0))->at, ==, end_small);
  g_assert_cmpuint (((Out *) g_ptr_array_index (outs, 1))->at, ==, end_big);
  g_assert_cmpuint (((Out *) g_ptr_array_index (outs, 2))->at, ==, text->len);
  g_ptr_array_unref (outs);
  g_string_free (text, TRUE);
  g_byte_array_unref (small);
  g_byte_array_unref (big);
  g_rand_free (rand);
}

/* A truncated one-line image short enough to start wrapped text never
 * takes the next line, whatever that line's length and wherever the cut
 * fell (in entropy-coded data, inside a marker segment). */
static void
test_broken_line_keeps_next (void)
{
  GRand *rand = g_rand_new_with_seed (8);
  guint pad, n;

  for (pad = 0; pad <= 400; pad += 400) {
    GByteArray *full = make_jpeg (rand, 500, pad, NULL);
    GByteArray *cut = g_byte_array_new ();

    /* 300 bytes: 400 characters, a multiple of 4 */
    g_byte_array_append (cut, full->data, 300);
    for (n = 0; n < 3; n++) {
      /* shorter, exactly as long, longer */
      GByteArray *next = n == 0   ? make_png (rand, 100)
                         : n == 1 ? make_png (rand, 300 - 57)
                                  : make_jpeg (rand, 600, 0, NULL);
      GString *text = g_string_new (NULL);
      GByteArray *want[3] = { cut, next, full };

      append_wrapped (text, cut, 0, "\n");
      append_wrapped (text, next, 0, "\n");
      append_wrapped (text, full, 0, "\n");
      assert_images (text, want, 3);
      g_string_free (text, TRUE);
      g_byte_array_unref (next);
    }
    g_byte_array_unref (cut);
    g_byte_array_unref (full);
  }
  g_rand_free (rand);
}

/* A truncated wrapped image: a shorter line after it that does not end
 * its image is the next frame. */
static void
test_truncated_wrap_keeps_next (void)
{
  GRand *rand = g_rand_new_with_seed (11);
  GByteArray *full = make_jpeg (rand, 4000, 0, NULL);
  GByteArray *cut = g_byte_array_new ();
  GByteArray *next = make_png (rand, 100);
  GString *text = g_string_new (NULL);
  GByteArray *want[2] = { cut, next };

  g_byte_array_append (cut, full->data, 768 * 3);
  append_wrapped (text, cut, B64_FRAMER_MAX_WRAP, "\n");
  append_wrapped (text, next, 0, "\n");
  assert_images (text, want, 2);
  g_string_free (text, TRUE);
  g_byte_array_unref (full);
  g_byte_array_unref (cut);
  g_byte_array_unref (next);
  g_rand_free (rand);
}

/* A wrapped image past max_frame_bytes is one TOO_LONG frame, reported at
 * its end; the next image is whole. */
static void
test_wrap_too_long (void)
{
  GRand *rand = g_rand_new_with_seed (9);
  GByteArray *big = make_jpeg (rand, 6000, 0, NULL);
  GByteArray *small = make_jpeg (rand, 500, 0, NULL);
  GString *text = g_string_new (NULL);
  guint c;

  append_wrapped (text, big, 76, "\n");
  append_wrapped (text, small, 76, "\n");
  for (c = 0; c < G_N_ELEMENTS (chunks); c++) {
    GPtrArray *outs = frames_of (text->str, text->len, chunks[c], 4000);

    g_assert_cmpuint (outs->len, ==, 2);
    g_assert_cmpint (
        ((Out *) g_ptr_array_index (outs, 0))->status, ==, B64_FRAME_TOO_LONG);
    assert_payload (outs, 1, small);
    g_ptr_array_unref (outs);
  }
  g_string_free (text, TRUE);
  g_byte_array_unref (big);
  g_byte_array_unref (small);
  g_rand_free (rand);
}

/* A wrapped image with a bad character inside: that line and the rest are
 * frames of their own, reported bad; the next image is whole. */
static void
test_wrap_bad_line (void)
{
  GRand *rand = g_rand_new_with_seed (10);
  GByteArray *img = make_jpeg (rand, 2000, 0, NULL);
  GString *text = g_string_new (NULL);
  GPtrArray *outs;
  Out *last;

  append_wrapped (text, img, 76, "\n");
  text->str[77 * 3 + 10] = '!';
  append_wrapped (text, img, 76, "\n");
  outs = frames_of (text->str, text->len, 0, 0);
  g_assert_cmpuint (outs->len, >=, 3);
  last = g_ptr_array_index (outs, outs->len - 1);
  g_assert_cmpint (last->status, ==, B64_FRAME_OK);
  assert_payload (outs, outs->len - 1, img);
  g_assert_cmpint (
      ((Out *) g_ptr_array_index (outs, 1))->status, ==, B64_FRAME_BAD_BASE64);
  g_ptr_array_unref (outs);
  g_string_free (text, TRUE);
  g_byte_array_unref (img);
  g_rand_free (rand);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/imgend/jpeg", test_end_jpeg);
  g_test_add_func ("/imgend/png", test_end_png);
  g_test_add_func ("/imgend/not-image", test_end_not_image);
  g_test_add_func ("/wrap/widths", test_wrap_widths);
  g_test_add_func ("/wrap/full-last-line", test_wrap_full_last_line);
  g_test_add_func (
      "/wrap/thumbnail-at-line-end", test_wrap_thumbnail_at_line_end);
  g_test_add_func ("/wrap/sequence", test_wrap_sequence);
  g_test_add_func ("/wrap/one-line-no-latency", test_one_line_no_latency);
  g_test_add_func ("/wrap/broken-line-keeps-next", test_broken_line_keeps_next);
  g_test_add_func (
      "/wrap/truncated-keeps-next", test_truncated_wrap_keeps_next);
  g_test_add_func ("/wrap/too-long", test_wrap_too_long);
  g_test_add_func ("/wrap/bad-line", test_wrap_bad_line);
  return g_test_run ();
}
