/* b64img — unit tests of the JSON scanner (gst/b64json.c) and of JSON
 * frames in the framer (gst/b64framer.c)
 * Copyright (C) 2026 The b64img authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include <glib.h>
#include <string.h>

#include "b64framer.h"
#include "b64json.h"

/* ---- the scanner on its own --------------------------------------------- */

/* Takes raw text up to a quote, backslash or LF, as the framer does, and
 * records it; escaped characters are recorded in brackets. */
static size_t
take_text (void *ctx, const char *text, size_t len, bool escaped)
{
  GString *got = ctx;
  size_t i;

  if (escaped) {
    g_string_append_printf (got, "[%c]", text[0]);
    return 1;
  }
  for (i = 0; i < len; i++) {
    if (text[i] == '"' || text[i] == '\\' || text[i] == '\n')
      break;
    if (text[i] == '!') /* stands for text the receiver refuses */
      return i;
    g_string_append_c (got, text[i]);
  }
  return i;
}

typedef struct
{
  gboolean ok;
  gchar *reason; /* the error's message, "" when ok */
  int code;      /* the error's code, 0 when ok */
  gchar *image;  /* what the receiver got */
  gboolean has_pts;
  gint64 pts;
  gboolean at_lf;
} Scan;

static void
scan_clear (Scan *s)
{
  g_free (s->reason);
  g_free (s->image);
}

/* Scans @text in pieces of @chunk bytes (0: whole). */
static void
scan (const char *pointer, gboolean lf_ends, const char *text, size_t chunk,
    Scan *out)
{
  GString *got = g_string_new (NULL);
  B64Json *j = b64_json_new (take_text, got);
  size_t len = strlen (text), at = 0;
  B64JsonResult r = B64_JSON_MORE;
  int64_t pts = 0;

  g_assert_true (b64_json_set_pointer (j, pointer));
  b64_json_begin (j, lf_ends);
  if (chunk == 0)
    chunk = len ? len : 1;
  out->at_lf = FALSE;
  while (at < len && r == B64_JSON_MORE) {
    size_t n = MIN (chunk, len - at), k;

    r = b64_json_feed (j, text + at, n, &k);
    g_assert_cmpuint (k, <=, n);
    g_assert_true (r != B64_JSON_MORE || k == n);
    at += k;
  }
  if (r == B64_JSON_LF) {
    g_assert_cmpint (text[at], ==, '\n');
    out->at_lf = TRUE;
  }
  out->ok = r != B64_JSON_ERROR && b64_json_finish (j);
  out->reason = g_strdup (b64_json_error (j)->message);
  out->code = b64_json_error (j)->code;
  g_assert_true ((out->code == B64_JSON_OK) == out->ok);
  out->image = g_string_free (got, FALSE);
  out->has_pts = out->ok && b64_json_pts (j, &pts);
  out->pts = pts;
  b64_json_free (j);
}

/* The same result whatever the pieces. */
static void
scan_all_chunks (const char *pointer, const char *text, Scan *out)
{
  static const size_t chunks[] = { 1, 2, 3, 7, 64 };
  guint c;

  scan (pointer, TRUE, text, 0, out);
  for (c = 0; c < G_N_ELEMENTS (chunks); c++) {
    Scan s;

    scan (pointer, TRUE, text, chunks[c], &s);
    g_assert_cmpint (s.ok, ==, out->ok);
    g_assert_cmpstr (s.reason, ==, out->reason);
    g_assert_cmpint (s.code, ==, out->code);
    g_assert_cmpstr (s.image, ==, out->image);
    g_assert_cmpint (s.has_pts, ==, out->has_pts);
    g_assert_cmpint (s.pts, ==, out->pts);
    scan_clear (&s);
  }
}

static void
expect_image (const char *pointer, const char *text, const char *image)
{
  Scan s;

  scan_all_chunks (pointer, text, &s);
  if (!s.ok)
    g_printerr ("%s: %s\n", text, s.reason);
  g_assert_true (s.ok);
  g_assert_cmpstr (s.reason, ==, "");
  g_assert_cmpstr (s.image, ==, image);
  scan_clear (&s);
}

static void
expect_error (const char *pointer, const char *text, const char *reason)
{
  Scan s;

  scan_all_chunks (pointer, text, &s);
  g_assert_false (s.ok);
  g_assert_cmpstr (s.reason, ==, reason);
  scan_clear (&s);
}

static void
test_default_choice (void)
{
  /* the three shapes web services use */
  expect_image (NULL, "{\"image\": \"/9j/AAAA\"}", "/9j/AAAA");
  expect_image (NULL, "{\"data\": [{\"b64_json\": \"iVBORw0KGgoAAAA\"}]}",
      "iVBORw0KGgoAAAA");
  expect_image (NULL,
      "{\"type\": \"image_url\", \"image_url\": "
      "{\"url\": \"data:image/jpeg;base64,/9j/AB\"}}",
      "data:image/jpeg;base64,/9j/AB");
  /* depth first, document order; strings that do not look like images and
   * keys are passed over, whatever they hold */
  expect_image (NULL,
      "{\"iVBORw0KGgo\": 1, \"name\": \"/9\", \"a\": [\"data:text/plain\", "
      "{\"b\": \"Data:IMAGE/png;base64,iVBO\"}], \"c\": \"/9j/CCCC\"}",
      "Data:IMAGE/png;base64,iVBO");
  expect_image (NULL, "{\"u\": \"_9j_-w\"}", "_9j_-w");
  /* other members hold anything */
  expect_image (NULL,
      "{\"t\": true, \"f\": false, \"n\": null, \"x\": -1.5e+3, "
      "\"e\": [], \"o\": {}, \"s\": \"a\\\"b\\\\c\\u00e9\\n\", "
      "\"deep\": [[[{\"k\": [1, 2, {}]}]]], \"img\": \"/9j/ZZ\"}",
      "/9j/ZZ");
}

static void
test_escapes (void)
{
  /* PHP's \/, wrapped base64's \n, \uXXXX, in the signature too (which
   * is handed over as the characters it stands for) */
  expect_image (
      NULL, "{\"i\": \"\\/9j\\/AB\\nC\\/\\r\\n\"}", "/9j/AB[\n]C[/][\r][\n]");
  expect_image (NULL, "{\"i\": \"\\u002F9j\\u002fA\\u0042\"}", "/9j/A[B]");
  expect_image (NULL, "{\"\\u0069mage\": 1, \"i\": \"data:image\\/png;x\\/\"}",
      "data:image/png;x[/]");
}

static void
test_pointer (void)
{
  expect_image ("/data/0/b64_json",
      "{\"data\": [{\"b64_json\": \"QUJD\"}], \"other\": \"/9j/\"}", "QUJD");
  expect_image ("/a/1", "{\"a\": [\"/9j/x\", \"second\"]}", "second");
  expect_image ("/a~1b/c~0d", "{\"a/b\": {\"c~d\": \"yes\"}}", "yes");
  expect_image ("/x", "{\"y\": {\"x\": \"no\"}, \"x\": \"top\"}", "top");
  expect_image ("/k", "{\"\\u006b\": \"esc\"}", "esc");
  expect_error ("/a/0", "{\"a\": {\"0\": 1}}",
      "the value at json-pointer /a/0 is not a string");
  expect_error (
      "/a", "{\"a\": [\"x\"]}", "the value at json-pointer /a is not a string");
  expect_error (
      "/a/01", "{\"a\": [\"x\", \"y\"]}", "no string at json-pointer /a/01");
  expect_error (
      "/img", "{\"image\": \"/9j/\"}", "no string at json-pointer /img");
  g_assert_true (b64_json_pointer_valid (NULL));
  g_assert_true (b64_json_pointer_valid (""));
  g_assert_true (b64_json_pointer_valid ("/"));
  g_assert_false (b64_json_pointer_valid ("data"));
  g_assert_false (b64_json_pointer_valid (
      "/1/2/3/4/5/6/7/8/9/10/11/12/13/14/15/16/17/18/19/20/21/22/23/24/25/"
      "26/27/28/29/30/31/32/33"));
}

static void
test_pts (void)
{
  static const struct
  {
    const char *text;
    gboolean has;
    gint64 pts;
  } cases[] = {
    { "{\"pts\": 33366666, \"i\": \"/9j/\"}", TRUE, 33366666 },
    { "{\"i\": \"/9j/\", \"pts\": 9223372036854775807}", TRUE, G_MAXINT64 },
    { "{\"pts\": -5, \"i\": \"/9j/\"}", TRUE, -5 },
    { "{\"pts\": null, \"i\": \"/9j/\"}", FALSE, 0 },
    { "{\"pts\": 1.5, \"i\": \"/9j/\"}", FALSE, 0 },
    { "{\"pts\": 1e9, \"i\": \"/9j/\"}", FALSE, 0 },
    { "{\"pts\": \"7\", \"i\": \"/9j/\"}", FALSE, 0 },
    { "{\"pts\": 99999999999999999999, \"i\": \"/9j/\"}", FALSE, 0 },
    { "{\"x\": {\"pts\": 7}, \"i\": \"/9j/\"}", FALSE, 0 },
  };
  guint i;

  for (i = 0; i < G_N_ELEMENTS (cases); i++) {
    Scan s;

    scan_all_chunks (NULL, cases[i].text, &s);
    g_assert_true (s.ok);
    g_assert_cmpint (s.has_pts, ==, cases[i].has);
    g_assert_cmpint (s.pts, ==, cases[i].pts);
    scan_clear (&s);
  }
}

static void
test_errors (void)
{
  GString *deep = g_string_new ("{\"a\": ");
  int i;

  expect_error (NULL, "{\"image\": \"/9j/AAAA", "unterminated JSON string");
  expect_error (NULL, "{\"image\": \"/9j/AAAA\"", "unterminated JSON object");
  expect_error (NULL, "{\"name\": \"x\", \"n\": [1, 2]}",
      "no image in the JSON object (no string holding a data URI or base64 "
      "of a JPEG or PNG)");
  expect_error (NULL, "{\"i\": \"/9j/\"} x", "text after the JSON object");
  expect_error (NULL, "{\"i\": \"/9j/\"}}", "text after the JSON object");
  expect_error (
      NULL, "{\"i\" \"/9j/\"}", "invalid JSON: '\"' where ':' was expected");
  expect_error (NULL, "{\"i\": nul}", "invalid JSON literal 'nul'");
  expect_error (NULL, "{\"i\": -}", "invalid JSON number");
  expect_error (NULL, "{\"i\": [1 2]}",
      "invalid JSON: '2' where ',' or ']' was expected");
  expect_error (NULL, "{\"i\": \"\\q\"}",
      "invalid JSON: 'q' where an escape (\\\", \\\\, \\/, \\b, \\f, \\n, "
      "\\r, \\t, \\uXXXX) was expected");
  expect_error (NULL, "{\"i\": \"\\u12G4\"}",
      "invalid JSON: 'G' where a hex digit of \\uXXXX was expected");
  expect_error (NULL, "{1: 2}",
      "invalid JSON: '1' where a member name was "
      "expected");
  expect_error (NULL, "{\"i\": \x01}",
      "invalid JSON: byte 0x01 where a value was expected");
  /* the receiver refusing the image text: its own reason, none here */
  expect_error (NULL, "{\"i\": \"/9j/AB!CD\"}", "");
  {
    Scan s;

    scan (NULL, TRUE, "{\"i\": \"/9j/AB!CD\"}", 0, &s);
    g_assert_cmpint (s.code, ==, B64_JSON_ERR_IMAGE);
    scan_clear (&s);
  }
  for (i = 0; i < 3000; i++)
    g_string_append (deep, "[");
  expect_error (NULL, deep->str, "JSON nested deeper than 128 levels");
  g_string_free (deep, TRUE);
}

/* Each failure has the code of its kind (b64json.h). */
static void
test_error_codes (void)
{
  static const struct
  {
    const char *pointer, *text;
    B64JsonStatus code;
  } cases[] = {
    { NULL, "{\"i\": nul}", B64_JSON_ERR_SYNTAX },
    { NULL, "{\"i\": \"/9j/\"} x", B64_JSON_ERR_SYNTAX },
    { NULL, "{\"image\": \"/9j/AAAA", B64_JSON_ERR_TRUNCATED },
    { NULL, "{\"image\": \"/9j/AAAA\"", B64_JSON_ERR_TRUNCATED },
    { NULL, "{\"name\": \"x\"}", B64_JSON_ERR_NO_IMAGE },
    { "/a", "{\"b\": \"x\"}", B64_JSON_ERR_NO_IMAGE },
    { "/a", "{\"a\": 1}", B64_JSON_ERR_NOT_STRING },
    { NULL, "{\"i\": \"/9j/AB!CD\"}", B64_JSON_ERR_IMAGE },
    { NULL, "{\"i\": \"/9j/\"}", B64_JSON_OK },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++) {
    Scan s;

    scan_all_chunks (cases[i].pointer, cases[i].text, &s);
    g_assert_cmpint (s.code, ==, cases[i].code);
    scan_clear (&s);
  }
}

static void
test_lf (void)
{
  Scan s;

  /* stream mode: a raw LF ends the text, in a string or not */
  scan (NULL, TRUE, "{\"i\": \"/9j/AB\nCD\"}", 0, &s);
  g_assert_true (s.at_lf);
  g_assert_false (s.ok);
  g_assert_cmpstr (s.reason, ==, "unterminated JSON string");
  scan_clear (&s);
  scan (NULL, TRUE, "{\"i\": \"/9j/AB\"}\n", 0, &s);
  g_assert_true (s.at_lf);
  g_assert_true (s.ok);
  scan_clear (&s);
  scan (NULL, TRUE, "{\"x\": \"ab\ncd\", \"i\": \"/9j/\"}", 0, &s);
  g_assert_true (s.at_lf);
  g_assert_false (s.ok);
  scan_clear (&s);
  /* framed: whitespace (pretty-printed JSON) */
  scan (NULL, FALSE, "{\n  \"x\": \"a\nb\",\n  \"i\": \"/9j/AB\"\n}\n", 0, &s);
  g_assert_false (s.at_lf);
  g_assert_true (s.ok);
  g_assert_cmpstr (s.image, ==, "/9j/AB");
  scan_clear (&s);
}

/* ---- JSON frames in the framer ------------------------------------------ */

static const guint8 tiny_png[] = { 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n',
  0, 0, 0, 0, 'I', 'E', 'N', 'D', 0xae, 0x42, 0x60, 0x82 };

typedef struct
{
  B64FrameStatus status;
  gchar *reason;
  GBytes *payload;
  gboolean has_pts;
  gint64 pts;
} Got;

static void
got_free (gpointer p)
{
  Got *g = p;

  g_free (g->reason);
  if (g->payload)
    g_bytes_unref (g->payload);
  g_free (g);
}

static void
collect (B64Framer *f, GPtrArray *out)
{
  const B64Frame *fr = b64_framer_frame (f);
  Got *g = g_new0 (Got, 1);

  g->status = fr->error.code;
  g->reason = g_strdup (fr->error.message);
  g->payload = fr->data ? g_bytes_new (fr->data, fr->size) : NULL;
  g->has_pts = fr->has_pts;
  g->pts = fr->pts;
  g_ptr_array_add (out, g);
}

/* The frames of @text in stream mode, fed in pieces of @chunk bytes. */
static GPtrArray *
stream_frames (const char *text, size_t chunk, size_t max, const char *ptr)
{
  B64Framer *f = b64_framer_new (false, max);
  GPtrArray *out = g_ptr_array_new_with_free_func (got_free);
  size_t len = strlen (text), at = 0;

  g_assert_true (b64_framer_set_json_pointer (f, ptr));
  while (at < len) {
    size_t n = MIN (chunk, len - at), off = 0, skipped, used;

    while (off < n) {
      if (b64_framer_feed (f, text + at + off, n - off, &skipped, &used)
          == B64_FRAMER_FRAME)
        collect (f, out);
      off += skipped + used;
    }
    at += n;
  }
  if (b64_framer_finish (f) == B64_FRAMER_FRAME)
    collect (f, out);
  b64_framer_free (f);
  return out;
}

static Got *
got (GPtrArray *out, guint i)
{
  g_assert_cmpuint (i, <, out->len);
  return g_ptr_array_index (out, i);
}

static void
assert_png (GPtrArray *out, guint i)
{
  Got *g = got (out, i);

  g_assert_cmpint (g->status, ==, B64_FRAME_OK);
  g_assert_cmpmem (g_bytes_get_data (g->payload, NULL),
      g_bytes_get_size (g->payload), tiny_png, sizeof (tiny_png));
}

/* Good frames around every kind of bad JSON line all come out; each bad
 * one says why. */
static void
test_frames_bad_lines (void)
{
  gchar *b64 = g_base64_encode (tiny_png, sizeof (tiny_png));
  GString *deep = g_string_new ("{\"a\": ");
  gchar *text;
  static const char *const reasons[] = { "unterminated JSON string",
    "no image in the JSON object (no string holding a data URI or base64 of "
    "a JPEG or PNG)",
    "JSON image string: invalid base64 character '*' (0x2a) at offset 11",
    "JSON nested deeper than 128 levels", "frame longer than 600 bytes" };
  static const size_t chunks[] = { 1, 5, 4096 };
  guint c, i;

  for (i = 0; i < 300; i++) /* deeper than the limit, shorter than max */
    g_string_append (deep, "[");
  text = g_strdup_printf ("{\"pts\": 40, \"image\": \"%s\"}\n"
                          "{\"image\": \"%s\n"
                          "%s\n"
                          "{\"name\": \"x\"}\n"
                          "{\"data\": [{\"b64_json\": \"%s\"}]}\n"
                          "{\"image\": \"iVBORw0KGgo**\"}\n"
                          "data:image/png;base64,%s\n"
                          "%s\n"
                          "{\"x\": \"%0700d\", \"image\": \"%s\"}\n"
                          "{\"image\": \"data:image\\/png;base64,%s\"}",
      b64, b64, b64, b64, b64, deep->str, 0, b64, b64);
  for (c = 0; c < G_N_ELEMENTS (chunks); c++) {
    GPtrArray *out = stream_frames (text, chunks[c], 600, NULL);
    guint bad = 0;

    g_assert_cmpuint (out->len, ==, 10);
    for (i = 0; i < out->len; i++) {
      Got *g = got (out, i);

      if (i == 1 || i == 3 || i == 5 || i == 7 || i == 8) {
        g_assert_cmpint (g->status, !=, B64_FRAME_OK);
        g_assert_cmpstr (g->reason, ==, reasons[bad++]);
      } else {
        assert_png (out, i);
      }
    }
    g_assert_true (got (out, 0)->has_pts);
    g_assert_cmpint (got (out, 0)->pts, ==, 40);
    g_assert_false (got (out, 2)->has_pts);
    g_ptr_array_unref (out);
  }
  g_free (text);
  g_string_free (deep, TRUE);
  g_free (b64);
}

/* Base64 wrapped inside the string ("\n" escapes), PHP's "\/", a pointer. */
static void
test_frames_escapes_pointer (void)
{
  gchar *b64 = g_base64_encode (tiny_png, sizeof (tiny_png));
  GString *esc = g_string_new (NULL);
  gchar *text;
  GPtrArray *out;
  const char *p;

  for (p = b64; *p; p++) {
    if (*p == '/')
      g_string_append (esc, "\\/");
    else
      g_string_append_c (esc, *p);
    if ((p - b64) % 8 == 7)
      g_string_append (esc, "\\n");
  }
  text = g_strdup_printf (
      "{\"a\": \"%s\", \"b\": [\"x\", \"%s\"]}\n", esc->str, esc->str);
  out = stream_frames (text, 3, 0, NULL);
  g_assert_cmpuint (out->len, ==, 1);
  assert_png (out, 0);
  g_ptr_array_unref (out);
  out = stream_frames (text, 3, 0, "/b/1");
  assert_png (out, 0);
  g_ptr_array_unref (out);
  out = stream_frames (text, 3, 0, "/b/0");
  g_assert_cmpint (got (out, 0)->status, ==, B64_FRAME_BAD_BASE64);
  g_assert_cmpstr (got (out, 0)->reason, ==,
      "JSON image string: truncated base64: 1 character left over at offset "
      "1");
  g_ptr_array_unref (out);
  g_free (text);
  g_string_free (esc, TRUE);
  g_free (b64);
}

/* Framed input: one buffer, pretty-printed JSON. */
static void
test_frames_framed (void)
{
  B64Framer *f = b64_framer_new (true, 0);
  gchar *b64 = g_base64_encode (tiny_png, sizeof (tiny_png));
  gchar *text
      = g_strdup_printf ("{\n  \"pts\": 5,\n  \"image\": \"%s\"\n}\n", b64);
  const B64Frame *fr = b64_framer_decode_whole (f, text, strlen (text));

  g_assert_cmpint (fr->error.code, ==, B64_FRAME_OK);
  g_assert_cmpmem (fr->data, fr->size, tiny_png, sizeof (tiny_png));
  g_assert_true (fr->has_pts);
  g_assert_cmpint (fr->pts, ==, 5);
  fr = b64_framer_decode_whole (f, "{\"x\": 1}", 8);
  g_assert_cmpint (fr->error.code, ==, B64_FRAME_BAD_JSON);
  g_assert_false (fr->has_pts);
  g_free (text);
  g_free (b64);
  b64_framer_free (f);
}

/* The encoder's head, closed with the tail, is JSON this scanner reads
 * back, pts included; null without timestamps. */
static void
test_envelope_head (void)
{
  B64JsonEnvelope e = { .has_pts = true,
    .pts = G_MAXINT64,
    .has_duration = true,
    .duration = 33333333,
    .width = 65535,
    .height = 1,
    .type = "image/jpeg" };
  char head[B64_JSON_HEAD_MAX];
  size_t n = b64_json_envelope_head (head, &e);
  gchar *text;
  Scan s;

  g_assert_cmpuint (n, ==, strlen (head));
  g_assert_cmpstr (head, ==,
      "{\"pts\":9223372036854775807,\"duration\":33333333,\"width\":65535,"
      "\"height\":1,\"type\":\"image/jpeg\",\"data\":\"");
  text = g_strconcat (head, "/9j/AAAA", B64_JSON_TAIL, NULL);
  scan_all_chunks (NULL, text, &s);
  g_assert_true (s.ok);
  g_assert_cmpstr (s.image, ==, "/9j/AAAA");
  g_assert_true (s.has_pts);
  g_assert_cmpint (s.pts, ==, G_MAXINT64);
  scan_clear (&s);
  g_free (text);
  e.has_pts = e.has_duration = false;
  b64_json_envelope_head (head, &e);
  g_assert_true (g_str_has_prefix (head, "{\"pts\":null,\"duration\":null,"));
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/json/default-choice", test_default_choice);
  g_test_add_func ("/json/escapes", test_escapes);
  g_test_add_func ("/json/pointer", test_pointer);
  g_test_add_func ("/json/pts", test_pts);
  g_test_add_func ("/json/errors", test_errors);
  g_test_add_func ("/json/error-codes", test_error_codes);
  g_test_add_func ("/json/lf", test_lf);
  g_test_add_func ("/json/envelope-head", test_envelope_head);
  g_test_add_func ("/json/frames/bad-lines", test_frames_bad_lines);
  g_test_add_func ("/json/frames/escapes-pointer", test_frames_escapes_pointer);
  g_test_add_func ("/json/frames/framed", test_frames_framed);
  return g_test_run ();
}
