/* b64img — unit tests of the base64-image sniffer (gst/b64sniff.c), the
 * typefinder's decision
 * Copyright (C) 2026 The b64img authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include <glib.h>
#include <string.h>

#include "b64codec.h"
#include "b64sniff.h"

/* ---- fixtures ------------------------------------------------------------ */

/* An image file's first bytes (signature, first segment or chunk) followed
 * by pseudo-random bytes: the sniffer looks at nothing more. */
static GBytes *
image_bytes (B64SniffImage image, gsize size, guint32 seed)
{
  static const guint8 jpeg[] = { 0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10, 'J', 'F',
    'I', 'F', 0, 1, 1, 0, 0, 1, 0, 1, 0, 0 };
  static const guint8 png[] = { 0x89, 'P', 'N', 'G', 0x0d, 0x0a, 0x1a, 0x0a, 0,
    0, 0, 13, 'I', 'H', 'D', 'R', 0, 0, 0, 1, 0, 0, 0, 1, 8, 2, 0, 0, 0 };
  static const guint8 gif[] = { 'G', 'I', 'F', '8', '9', 'a', 1, 0, 1, 0 };
  const guint8 *head = image == B64_SNIFF_JPEG  ? jpeg
                       : image == B64_SNIFF_PNG ? png
                                                : gif;
  gsize n = image == B64_SNIFF_JPEG  ? sizeof (jpeg)
            : image == B64_SNIFF_PNG ? sizeof (png)
                                     : sizeof (gif);
  guint8 *data = g_malloc (size);
  GRand *rand = g_rand_new_with_seed (seed);

  for (gsize i = 0; i < size; i++)
    data[i] = (guint8) g_rand_int_range (rand, 0, 256);
  memcpy (data, head, MIN (n, size));
  g_rand_free (rand);
  return g_bytes_new_take (data, size);
}

static GBytes *
random_bytes (gsize size, guint32 seed)
{
  GBytes *b = image_bytes (B64_SNIFF_NONE, size, seed);
  guint8 *data = g_bytes_unref_to_data (b, &size);

  /* not GIF's signature: random from the first byte */
  data[0] = 0x5a;
  data[1] = 0x13;
  return g_bytes_new_take (data, size);
}

/* base64 of @b in @alphabet, padded or not */
static gchar *
b64 (GBytes *b, B64Alphabet alphabet, bool padding)
{
  gsize n;
  const guint8 *data = g_bytes_get_data (b, &n);
  gsize len = b64_encoded_size (n, padding);
  gchar *s = g_malloc (len + 1);

  b64_encode (data, n, s, alphabet, padding);
  s[len] = '\0';
  return s;
}

/* @text with @eol after every @width characters */
static gchar *
wrap (const gchar *text, gsize width, const gchar *eol)
{
  GString *s = g_string_new (NULL);
  gsize len = strlen (text);

  for (gsize i = 0; i < len; i += width) {
    g_string_append_len (s, text + i, MIN (width, len - i));
    g_string_append (s, eol);
  }
  return g_string_free (s, FALSE);
}

static gboolean
sniff_str (const gchar *text, B64Sniff *out)
{
  return b64_sniff (text, strlen (text), out);
}

/* Where the first window that takes a text for an image may end at the
 * latest: the fewest characters, a JSON key or data-URI prefix before them,
 * a few escapes. */
#define FIRST_CUT_MAX (B64_SNIFF_MIN_CHARS + 100)

/* Positive: @text is taken for @image in @form, and so is every start of
 * it from some length under FIRST_CUT_MAX on (the window may end
 * anywhere). */
static void
expect_image (const gchar *what, const gchar *text, B64SniffImage image,
    B64SniffForm form)
{
  gsize len = strlen (text), first = 0;
  B64Sniff s = { 0 };

  g_test_message ("%s", what);
  g_assert_true (sniff_str (text, &s));
  g_assert_cmpint (s.image, ==, image);
  g_assert_cmpint (s.form, ==, form);
  g_assert_cmpuint (s.checked, >=, B64_SNIFF_MIN_CHARS);
  while (first < len && !b64_sniff (text, first, NULL))
    first++;
  g_assert_cmpuint (first, >=, B64_SNIFF_MIN_CHARS);
  if (first > FIRST_CUT_MAX)
    g_error ("%s: first taken at %" G_GSIZE_FORMAT, what, first);
  for (gsize cut = first; cut < MIN (len, 5000); cut++) {
    if (!b64_sniff (text, cut, NULL))
      g_error ("%s: refused when cut at %" G_GSIZE_FORMAT, what, cut);
  }
}

/* Negative: no window of @text that ends after @from bytes is taken. */
static void
expect_none_after (const gchar *what, const gchar *text, gsize from)
{
  gsize len = strlen (text);

  g_test_message ("%s", what);
  for (gsize cut = from; cut <= MIN (len, 5000); cut++) {
    if (b64_sniff (text, cut, NULL))
      g_error (
          "%s: taken for an image when cut at %" G_GSIZE_FORMAT, what, cut);
  }
}

/* ---- positives ----------------------------------------------------------- */

static void
test_bare (void)
{
  GBytes *jpeg = image_bytes (B64_SNIFF_JPEG, 3000, 1);
  GBytes *png = image_bytes (B64_SNIFF_PNG, 3000, 2);
  gchar *j = b64 (jpeg, B64_ALPHABET_STANDARD, true);
  gchar *p = b64 (png, B64_ALPHABET_STANDARD, true);
  gchar *ju = b64 (jpeg, B64_ALPHABET_URL, false);
  gchar *pu = b64 (png, B64_ALPHABET_URL, false);
  gchar *lines = g_strconcat (j, "\n", p, "\n", ju, "\n", j, "\n", NULL);
  gchar *crlf = g_strconcat (j, "\r\n", j, "\r\n", NULL);
  gchar *lead = g_strconcat ("\xef\xbb\xbf\n\n  ", j, NULL);

  g_assert_nonnull (strchr (j, '/')); /* both alphabets exercised */
  g_assert_nonnull (strchr (ju, '_'));
  expect_image ("jpeg, one line", j, B64_SNIFF_JPEG, B64_SNIFF_BARE);
  expect_image ("png, one line", p, B64_SNIFF_PNG, B64_SNIFF_BARE);
  expect_image ("jpeg, url-safe unpadded", ju, B64_SNIFF_JPEG, B64_SNIFF_BARE);
  expect_image ("png, url-safe unpadded", pu, B64_SNIFF_PNG, B64_SNIFF_BARE);
  expect_image ("frames, one per line", lines, B64_SNIFF_JPEG, B64_SNIFF_BARE);
  expect_image ("CRLF lines", crlf, B64_SNIFF_JPEG, B64_SNIFF_BARE);
  expect_image (
      "BOM and blank lines first", lead, B64_SNIFF_JPEG, B64_SNIFF_BARE);

  g_free (lines);
  g_free (crlf);
  g_free (lead);
  g_free (j);
  g_free (p);
  g_free (ju);
  g_free (pu);
  g_bytes_unref (jpeg);
  g_bytes_unref (png);
}

static void
test_wrapped (void)
{
  static const struct
  {
    gsize width;
    const gchar *eol;
  } styles[] = {
    { 76, "\n" },   /* coreutils base64, Python's encodebytes */
    { 76, "\r\n" }, /* MIME */
    { 64, "\n" },   /* openssl base64 */
    { 64, "\r\n" },
    { 32, "\n" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (styles); i++) {
    for (B64SniffImage im = B64_SNIFF_JPEG; im <= B64_SNIFF_PNG; im++) {
      GBytes *b = image_bytes (im, 2000 + i, 10 + i);
      gchar *t = b64 (b, B64_ALPHABET_STANDARD, true);
      gchar *w = wrap (t, styles[i].width, styles[i].eol);
      gchar *what = g_strdup_printf ("wrapped at %" G_GSIZE_FORMAT "%s",
          styles[i].width, styles[i].eol[0] == '\r' ? " CRLF" : "");

      expect_image (what, w, im, B64_SNIFF_BARE);
      g_free (what);
      g_free (w);
      g_free (t);
      g_bytes_unref (b);
    }
  }
}

static void
test_data_uri (void)
{
  GBytes *jpeg = image_bytes (B64_SNIFF_JPEG, 3000, 3);
  GBytes *png = image_bytes (B64_SNIFF_PNG, 40, 4); /* a tiny PNG */
  gchar *j = b64 (jpeg, B64_ALPHABET_STANDARD, true);
  gchar *p = b64 (png, B64_ALPHABET_STANDARD, true);
  gchar *uj = g_strconcat ("data:image/jpeg;base64,", j, "\n", NULL);
  gchar *up = g_strconcat ("data:image/png;base64,", p, "\n", NULL);
  gchar *many = g_strconcat (up, up, up, uj, NULL);
  gchar *params = g_strconcat ("DATA:image/jpeg;name=a.jpg;BASE64,", j, NULL);
  gchar *mixed = g_strconcat (uj, j, "\n", uj, NULL);

  expect_image ("data URI, jpeg", uj, B64_SNIFF_JPEG, B64_SNIFF_DATA_URI);
  expect_image ("tiny png data URIs, one per line", many, B64_SNIFF_PNG,
      B64_SNIFF_DATA_URI);
  expect_image ("data URI with parameters, upper case", params, B64_SNIFF_JPEG,
      B64_SNIFF_DATA_URI);
  expect_image (
      "data URIs and bare lines", mixed, B64_SNIFF_JPEG, B64_SNIFF_DATA_URI);

  g_free (uj);
  g_free (up);
  g_free (many);
  g_free (params);
  g_free (mixed);
  g_free (j);
  g_free (p);
  g_bytes_unref (jpeg);
  g_bytes_unref (png);
}

static void
test_json (void)
{
  GBytes *jpeg = image_bytes (B64_SNIFF_JPEG, 3000, 5);
  GBytes *png = image_bytes (B64_SNIFF_PNG, 3000, 6);
  gchar *j = b64 (jpeg, B64_ALPHABET_STANDARD, true);
  gchar *p = b64 (png, B64_ALPHABET_STANDARD, true);
  gchar **parts = g_strsplit (j, "/", -1);
  gchar *php = g_strjoinv ("\\/", parts); /* PHP's json_encode */
  gchar *bare = g_strconcat ("{\"t\": 0.04, \"frame\": \"", j, "\"}\n", NULL);
  gchar *uri = g_strconcat (
      "{\"image\":\"data:image/png;base64,", p, "\",\"id\":7}\n", NULL);
  gchar *esc = g_strconcat ("{\"mime\":\"image\\/jpeg\", \"data\":\"", php,
      "\"}\n{\"data\":\"", php, "\"}\n", NULL);
  gchar *escuri
      = g_strconcat ("{\"src\":\"data:image\\/jpeg;base64,", php, "\"}", NULL);

  expect_image ("JSON, bare jpeg", bare, B64_SNIFF_JPEG, B64_SNIFF_JSON);
  expect_image ("JSON, png data URI", uri, B64_SNIFF_PNG, B64_SNIFF_JSON);
  expect_image ("JSON, escaped slashes", esc, B64_SNIFF_JPEG, B64_SNIFF_JSON);
  expect_image (
      "JSON, escaped data URI", escuri, B64_SNIFF_JPEG, B64_SNIFF_JSON);

  g_strfreev (parts);
  g_free (php);
  g_free (bare);
  g_free (uri);
  g_free (esc);
  g_free (escuri);
  g_free (j);
  g_free (p);
  g_bytes_unref (jpeg);
  g_bytes_unref (png);
}

/* ---- negatives ----------------------------------------------------------- */

static void
expect_none (const gchar *what, const gchar *text)
{
  expect_none_after (what, text, 0);
}

static void
test_text_formats (void)
{
  expect_none ("prose",
      "The quick brown fox jumps over the lazy dog. Base64 is a binary-"
      "to-text encoding; /9j/ starts a JPEG and iVBORw0KGgo a PNG.\n"
      "Lorem ipsum dolor sit amet, consectetur adipiscing elit, sed do "
      "eiusmod tempor incididunt ut labore et dolore magna aliqua.\n");
  expect_none ("SubRip", "1\n00:00:01,000 --> 00:00:04,000\nHello there.\n\n"
                         "2\n00:00:05,000 --> 00:00:08,000\nGeneral Kenobi!\n"
                         "\n3\n00:00:09,000 --> 00:00:12,500\nYou are a bold "
                         "one.\n\n");
  expect_none ("WebVTT", "WEBVTT\n\n00:00:01.000 --> 00:00:04.000\nHello "
                         "there.\n\n00:00:05.000 --> 00:00:08.000\nGeneral "
                         "Kenobi! This line is long enough to matter.\n");
  expect_none ("CSV", "id,name,value,comment\n1,alpha,0.5,first row\n2,beta,"
                      "1.25,second row\n3,gamma,2.0,third row of the table\n");
  expect_none ("hex dump (xxd)",
      "00000000: ffd8 ffe0 0010 4a46 4946 0001 0100 0001  ......JFIF......\n"
      "00000010: 0001 0000 ffdb 0043 0008 0606 0706 0508  .......C........\n");
  expect_none ("hex, one line",
      "ffd8ffe000104a46494600010100000100010000ffdb004300080606070605080707"
      "07090908 0a0c140d0c0b0b0c1912130f141d1a1f1e1d1a1c1c20242e2720222c231c"
      "1c2837292c30313434341f27393d38323c2e333432\n");
  expect_none ("JSON without images",
      "{\"name\": \"camera-1\", \"fps\": 30, \"note\": \"no image here, "
      "just text: /9j/ is a prefix\"}\n{\"name\": \"camera-2\"}\n");
  expect_none ("empty", "");
  expect_none ("blank", " \n\r\n\t\n");
}

static void
test_other_base64 (void)
{
  GBytes *rnd = random_bytes (3000, 7);
  GBytes *gif = image_bytes (B64_SNIFF_NONE, 3000, 8);
  GBytes *jpeg = image_bytes (B64_SNIFF_JPEG, 3000, 9);
  gchar *r = b64 (rnd, B64_ALPHABET_STANDARD, true);
  gchar *g = b64 (gif, B64_ALPHABET_STANDARD, true);
  gchar *j = b64 (jpeg, B64_ALPHABET_STANDARD, true);
  gchar *rw = wrap (r, 76, "\n");
  gchar *guri = g_strconcat ("data:image/gif;base64,", g, "\n", NULL);
  gchar *json = g_strconcat ("{\"blob\": \"", r, "\"}\n", NULL);
  gchar *j200 = g_strndup (j, 200);
  gchar *then_prose = g_strconcat (
      j200, "\nand then some prose, which is no base64.\n", NULL);
  gchar *mixed = g_strdup (j);
  gchar *uri_prose
      = g_strdup ("data:image/jpeg;base64,this is not base64 at all, is it?");

  g_assert_nonnull (strchr (j + 100, '+'));
  *strchr (mixed + 100, '+') = '-'; /* both alphabets in one text */
  expect_none ("base64 of random bytes", r);
  expect_none ("base64 of random bytes, wrapped", rw);
  expect_none ("base64 of a GIF", g);
  expect_none ("data URI of a GIF", guri);
  expect_none ("JSON with random base64", json);
  /* valid until the offending byte */
  expect_none_after (
      "JPEG base64 then prose", then_prose, 201 + strlen ("and ") + 1);
  expect_none_after ("JPEG base64 in both alphabets", mixed,
      (gsize) (strchr (mixed, '-') - mixed) + 1);
  expect_none ("JPEG data URI of prose", uri_prose);
  /* the signature alone is not enough */
  g_assert_false (b64_sniff (j, B64_SNIFF_MIN_CHARS - 1, NULL));

  g_free (r);
  g_free (g);
  g_free (j);
  g_free (rw);
  g_free (guri);
  g_free (json);
  g_free (then_prose);
  g_free (j200);
  g_free (mixed);
  g_free (uri_prose);
  g_bytes_unref (rnd);
  g_bytes_unref (gif);
  g_bytes_unref (jpeg);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/sniff/bare", test_bare);
  g_test_add_func ("/sniff/wrapped", test_wrapped);
  g_test_add_func ("/sniff/data-uri", test_data_uri);
  g_test_add_func ("/sniff/json", test_json);
  g_test_add_func ("/sniff/refused/text", test_text_formats);
  g_test_add_func ("/sniff/refused/base64", test_other_base64);
  return g_test_run ();
}
