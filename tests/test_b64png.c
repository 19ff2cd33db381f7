/* b64img — tests of the libspng wrapper (b64png.c)
 * Copyright (C) 2026 The b64img authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * Reference files come from tests/png_fixtures.py (Pillow, ImageMagick's
 * convert and its own encoder), run by the build into B64T_PNG_FIXTURES;
 * Pillow also reads back what the wrapper writes, through the same script
 * run with Debian's /usr/bin/python3. Missing tools fail the build or the
 * test: they are part of the test's requirements.
 */
#include "b64png.h"
#include "testutil.h"

#include <glib.h>
#include <glib/gstdio.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#ifndef B64T_PNG_FIXTURES
#error "B64T_PNG_FIXTURES: the directory png_fixtures.py make wrote"
#endif
#ifndef TESTS_SRCDIR
#define TESTS_SRCDIR NULL
#endif

#define PYTHON     "/usr/bin/python3"
#define MAX_PIXELS (1u << 26)
#define N_FORMATS  7
#define PAD        0xa5

static const char *fmt_names[N_FORMATS] = { "GRAY8", "RGB8", "RGBA8",
  "GRAY16_BE", "GRAY16_LE", "RGBA16_BE", "RGBA16_LE" };

static gchar *scratch; /* temporary directory for Pillow's decodes */

/* --- helpers ---------------------------------------------------------- */

static gchar *
script_path (void)
{
  gchar *dir
      = TESTS_SRCDIR ? g_strdup (TESTS_SRCDIR) : g_path_get_dirname (__FILE__);
  gchar *path = g_build_filename (dir, "png_fixtures.py", NULL);

  g_free (dir);
  return path;
}

/* Runs png_fixtures.py with @args; any failure fails the test. */
static void
run_script (const gchar *const *args)
{
  GPtrArray *argv = g_ptr_array_new_with_free_func (g_free);
  gchar *out = NULL, *errout = NULL;
  GError *error = NULL;
  gint status = 0;
  gboolean ok;

  g_ptr_array_add (argv, g_strdup (PYTHON));
  g_ptr_array_add (argv, script_path ());
  for (; *args; args++)
    g_ptr_array_add (argv, g_strdup (*args));
  g_ptr_array_add (argv, NULL);
  ok = g_spawn_sync (NULL, (gchar **) argv->pdata, NULL, G_SPAWN_SEARCH_PATH,
      NULL, NULL, &out, &errout, &status, &error);
  g_assert_no_error (error);
  g_assert_true (ok);
  if (!g_spawn_check_wait_status (status, &error))
    g_error ("%s failed: %s\n%s%s", PYTHON, error->message, out, errout);
  g_free (out);
  g_free (errout);
  g_ptr_array_unref (argv);
}

static void
save (const gchar *name, const guint8 *data, gsize size)
{
  gchar *path = g_build_filename (scratch, name, NULL);
  GError *error = NULL;

  g_file_set_contents (path, (const gchar *) data, size, &error);
  g_assert_no_error (error);
  g_free (path);
}

static guint16
luma (guint32 r, guint32 g, guint32 b)
{
  return (19595 * r + 38470 * g + 7471 * b + 32768) >> 16;
}

/* Encodes random pixels; returns the PNG (g_free). */
static guint8 *
encode_random (
    GRand *r, guint32 w, guint32 h, B64PngFormat fmt, int level, gsize *size)
{
  gsize row = (gsize) w * b64_png_format_bpp (fmt);
  guint8 *src = b64t_random_bytes (r, row * h), *out = NULL;
  size_t out_size = 0, out_cap = 0;
  B64Error err = { 0 };

  if (!b64_png_encode (
          src, row, w, h, fmt, level, &out, &out_size, &out_cap, &err))
    g_error ("encode: %s", err.message);
  g_free (src);
  *size = out_size;
  return out;
}

/* --- decode of the fixtures against their references ---------------- */

typedef struct
{
  gchar name[96];
  guint w, h, ct, depth, interlace, alpha, ref_bits;
} Case;

/* Reference pixel @i as 16-bit RGBA. */
static void
ref_pixel (const Case *c, const guint8 *ref, gsize i, guint16 px[4])
{
  for (int k = 0; k < 4; k++) {
    if (c->ref_bits == 16)
      px[k] = ref[8 * i + 2 * k] << 8 | ref[8 * i + 2 * k + 1];
    else
      px[k] = ref[4 * i + k] * 257;
  }
}

/* What pixel @i of @c must decode to in @fmt. */
static void
expected_pixel (
    const Case *c, const guint8 *ref, gsize i, B64PngFormat fmt, guint8 *out)
{
  bool gray_src = c->ct == 0 || c->ct == 4;
  guint16 px[4], g;

  ref_pixel (c, ref, i, px);
  if (fmt == B64_PNG_GRAY8)
    g = gray_src ? px[0] : luma (px[0] >> 8, px[1] >> 8, px[2] >> 8) * 257;
  else
    g = gray_src ? px[0] : luma (px[0], px[1], px[2]);
  switch (fmt) {
    case B64_PNG_GRAY8:
      out[0] = g >> 8;
      break;
    case B64_PNG_RGB8:
    case B64_PNG_RGBA8:
      for (unsigned k = 0; k < b64_png_format_bpp (fmt); k++)
        out[k] = px[k] >> 8;
      break;
    case B64_PNG_GRAY16_BE:
      out[0] = g >> 8;
      out[1] = g & 0xff;
      break;
    case B64_PNG_GRAY16_LE:
      out[0] = g & 0xff;
      out[1] = g >> 8;
      break;
    case B64_PNG_RGBA16_BE:
    case B64_PNG_RGBA16_LE:
      for (int k = 0; k < 4; k++) {
        bool le = fmt == B64_PNG_RGBA16_LE;
        out[2 * k + le] = px[k] >> 8;
        out[2 * k + !le] = px[k] & 0xff;
      }
      break;
  }
}

static void
check_header (const Case *c, const guint8 *png, gsize size)
{
  B64PngInfo info;
  B64Error err = { 0 };
  B64PngFormat native, native16;

  if (!b64_png_read_header (png, size, MAX_PIXELS, &info, &err))
    g_error ("%s: header: %s", c->name, err.message);
  g_assert_cmpuint (info.width, ==, c->w);
  g_assert_cmpuint (info.height, ==, c->h);
  g_assert_cmpuint (info.color_type, ==, c->ct);
  g_assert_cmpuint (info.bit_depth, ==, c->depth);
  g_assert_cmpuint (info.interlaced, ==, c->interlace);
  g_assert_cmpuint (info.has_alpha, ==, c->alpha);
  native = c->alpha ? B64_PNG_RGBA8 : c->ct == 0 ? B64_PNG_GRAY8 : B64_PNG_RGB8;
  native16 = native;
  if (c->depth == 16)
    native16 = c->ct == 0 && !c->alpha ? B64_PNG_GRAY16_BE : B64_PNG_RGBA16_BE;
  g_assert_cmpint (info.native, ==, native);
  g_assert_cmpint (info.native16, ==, native16);
}

/* Decodes @png in @fmt with @stride; returns false (and says why) on any
 * difference from the reference or a write into the row padding. */
static bool
check_decode (const Case *c, const guint8 *png, gsize size, const guint8 *ref,
    B64PngFormat fmt, gsize stride)
{
  unsigned bpp = b64_png_format_bpp (fmt);
  gsize row = (gsize) c->w * bpp;
  guint8 *dst = g_malloc (stride * c->h);
  B64Error err = { 0 };
  bool ok = true;

  memset (dst, PAD, stride * c->h);
  if (!b64_png_decode (png, size, MAX_PIXELS, fmt, dst, stride, &err)) {
    g_test_message ("%s -> %s: %s", c->name, fmt_names[fmt], err.message);
    g_free (dst);
    return false;
  }
  for (guint y = 0; y < c->h && ok; y++) {
    for (guint x = 0; x < c->w && ok; x++) {
      guint8 want[8], *got = dst + y * stride + x * bpp;

      expected_pixel (c, ref, (gsize) y * c->w + x, fmt, want);
      if (memcmp (got, want, bpp) != 0) {
        g_test_message ("%s -> %s: pixel (%u,%u) byte0 %u, want %u", c->name,
            fmt_names[fmt], x, y, got[0], want[0]);
        ok = false;
      }
    }
    for (gsize i = row; i < stride && ok; i++)
      if (dst[y * stride + i] != PAD) {
        g_test_message ("%s -> %s: padding written", c->name, fmt_names[fmt]);
        ok = false;
      }
  }
  g_free (dst);
  return ok;
}

static void
test_fixtures (void)
{
  gchar *manifest
      = (gchar *) b64t_load_file (B64T_PNG_FIXTURES, "manifest.txt", NULL);
  gchar **lines = g_strsplit (manifest, "\n", -1);
  guint n_cases = 0, n_bad = 0;

  for (gchar **l = lines; *l && **l; l++) {
    Case c;
    gchar *file;
    guint8 *png, *ref;
    gsize size, ref_size;

    g_assert_cmpint (
        sscanf (*l, "%95s %u %u %u %u %u %u %u", c.name, &c.w, &c.h, &c.ct,
            &c.depth, &c.interlace, &c.alpha, &c.ref_bits),
        ==, 8);
    file = g_strconcat (c.name, ".png", NULL);
    png = b64t_load_file (B64T_PNG_FIXTURES, file, &size);
    g_free (file);
    file = g_strconcat (c.name, ".ref", NULL);
    ref = b64t_load_file (B64T_PNG_FIXTURES, file, &ref_size);
    g_free (file);
    g_assert_cmpuint (ref_size, ==, (gsize) c.w * c.h * c.ref_bits / 2);

    check_header (&c, png, size);
    for (int f = 0; f < N_FORMATS; f++) {
      gsize row = (gsize) c.w * b64_png_format_bpp (f);

      /* Pillow decodes 16-bit colour to 8 bits only. */
      if (c.depth == 16 && c.ref_bits == 8 && b64_png_format_bpp (f) % 2 == 0)
        continue;
      if (!check_decode (&c, png, size, ref, f, row)
          || !check_decode (&c, png, size, ref, f, row + 7))
        n_bad++;
    }
    n_cases++;
    g_free (png);
    g_free (ref);
  }
  g_strfreev (lines);
  g_free (manifest);
  g_assert_cmpuint (n_cases, >, 150);
  if (n_bad)
    g_test_fail_printf ("%u decodes differ from the reference", n_bad);
}

/* --- encoder ---------------------------------------------------------- */

static void
test_roundtrip (void)
{
  static const guint32 sizes[][2]
      = { { 1, 1 }, { 3, 3 }, { 17, 9 }, { 64, 33 } };
  static const int levels[] = { 0, 1, 6, 9 };
  GRand *r = g_rand_new_with_seed (7);
  uint8_t *out = NULL;
  size_t out_size = 0, out_cap = 0;

  for (int f = 0; f < N_FORMATS; f++) {
    for (gsize s = 0; s < G_N_ELEMENTS (sizes); s++) {
      guint32 w = sizes[s][0], h = sizes[s][1];
      gsize row = (gsize) w * b64_png_format_bpp (f), stride = row + 3;
      guint8 *src = b64t_random_bytes (r, stride * h);
      guint8 *dst = g_malloc (stride * h);
      B64PngInfo info;
      B64Error err = { 0 };

      for (gsize l = 0; l < G_N_ELEMENTS (levels); l++) {
        if (!b64_png_encode (src, stride, w, h, f, levels[l], &out, &out_size,
                &out_cap, &err))
          g_error ("encode %s: %s", fmt_names[f], err.message);
        g_assert_cmpuint (out_size, <=, out_cap);
        g_assert_true (
            b64_png_read_header (out, out_size, MAX_PIXELS, &info, &err));
        g_assert_cmpuint (info.bit_depth, ==, f >= B64_PNG_GRAY16_BE ? 16 : 8);
        g_assert_false (info.interlaced);
        memset (dst, PAD, stride * h);
        if (!b64_png_decode (out, out_size, MAX_PIXELS, f, dst, stride, &err))
          g_error ("decode %s: %s", fmt_names[f], err.message);
        for (guint32 y = 0; y < h; y++)
          g_assert_cmpmem (dst + y * stride, row, src + y * stride, row);
      }
      g_free (src);
      g_free (dst);
    }
  }
  free (out);
  g_rand_free (r);
}

/* Pillow reads what the encoder writes: same pixels, 16-bit byte order
 * included. */
static void
test_encode_vs_pil (void)
{
  GRand *r = g_rand_new_with_seed (11);
  const guint32 w = 13, h = 6;
  guint8 *src[N_FORMATS];
  gchar *files[N_FORMATS + 2];

  files[0] = g_strdup ("dump");
  for (int f = 0; f < N_FORMATS; f++) {
    gsize row = (gsize) w * b64_png_format_bpp (f);
    uint8_t *out = NULL;
    size_t out_size = 0, out_cap = 0;
    gchar *name = g_strdup_printf ("enc_%s.png", fmt_names[f]);

    src[f] = b64t_random_bytes (r, row * h);
    g_assert_true (b64_png_encode (
        src[f], row, w, h, f, 6, &out, &out_size, &out_cap, NULL));
    save (name, out, out_size);
    free (out);
    files[f + 1] = g_build_filename (scratch, name, NULL);
    g_free (name);
  }
  files[N_FORMATS + 1] = NULL;
  run_script ((const gchar *const *) files);

  for (int f = 0; f < N_FORMATS; f++) {
    gchar *name = g_strdup_printf ("enc_%s.png.pil", fmt_names[f]);
    gsize size, n = (gsize) w * h;
    guint8 *pil = b64t_load_file (scratch, name, &size), *s = src[f];

    for (gsize i = 0; i < n; i++) {
      guint8 want[4];

      switch (f) {
        case B64_PNG_GRAY8:
          memset (want, s[i], 3);
          want[3] = 255;
          break;
        case B64_PNG_RGB8:
          memcpy (want, s + 3 * i, 3);
          want[3] = 255;
          break;
        case B64_PNG_RGBA8:
          memcpy (want, s + 4 * i, 4);
          break;
        case B64_PNG_GRAY16_BE: /* Pillow: 16-bit big-endian gray */
        case B64_PNG_GRAY16_LE:
          want[0] = s[2 * i + (f == B64_PNG_GRAY16_LE)];
          want[1] = s[2 * i + (f == B64_PNG_GRAY16_BE)];
          break;
        default: /* Pillow: RGBA, high bytes */
          for (int k = 0; k < 4; k++)
            want[k] = s[8 * i + 2 * k + (f == B64_PNG_RGBA16_LE)];
          break;
      }
      if (f == B64_PNG_GRAY16_BE || f == B64_PNG_GRAY16_LE) {
        g_assert_cmpuint (size, ==, 2 * n);
        g_assert_cmpmem (pil + 2 * i, 2, want, 2);
      } else {
        g_assert_cmpuint (size, ==, 4 * n);
        g_assert_cmpmem (pil + 4 * i, 4, want, 4);
      }
    }
    g_free (pil);
    g_free (name);
    g_free (src[f]);
  }
  for (int i = 0; i <= N_FORMATS; i++)
    g_free (files[i]);
  g_rand_free (r);
}

static void
test_encode_args (void)
{
  guint8 px[16] = { 0 };
  uint8_t *out = NULL;
  size_t out_size = 0, out_cap = 0;
  B64Error err = { 0 };

  /* Stride shorter than a row, empty image, level out of range. */
  g_assert_false (b64_png_encode (
      px, 2, 1, 1, B64_PNG_RGB8, 6, &out, &out_size, &out_cap, &err));
  g_assert_cmpstr (err.message, !=, "");
  g_assert_false (b64_png_encode (
      px, 4, 0, 1, B64_PNG_RGBA8, 6, &out, &out_size, &out_cap, &err));
  g_assert_false (b64_png_encode (
      px, 4, 1, 1, B64_PNG_RGBA8, 10, &out, &out_size, &out_cap, &err));
  g_assert_null (out);
  g_assert_cmpuint (b64_png_format_bpp (B64_PNG_RGBA16_LE), ==, 8);
  g_assert_cmpuint (b64_png_format_bpp (B64_PNG_GRAY16_BE), ==, 2);
  /* the bit depth: 8 for the 8-bit layouts, 16 for the four others */
  for (int f = B64_PNG_GRAY8; f <= B64_PNG_RGBA16_LE; f++)
    g_assert_cmpuint (b64_png_format_depth ((B64PngFormat) f), ==,
        f >= B64_PNG_GRAY16_BE ? 16 : 8);
}

/* sBIT written as asked, read back; none by default; more bits than the
 * samples have refused. */
static void
count_text (
    const char *key, const char *text, size_t len, bool utf8, void *user)
{
  GString *out = user;

  g_string_append_printf (
      out, "%s%s=%.*s;", utf8 ? "i:" : "", key, (int) len, text);
}

/* Text chunks of a hand-made chunk list: good ones reported, compressed
 * iTXt and malformed ones left out, a chunk past the end stops the walk,
 * every cut of the file is safe. */
static void
test_text_chunks (void)
{
  static const guint8 sig[8] = { 137, 80, 78, 71, 13, 10, 26, 10 };
  static const struct
  {
    const char *type;
    const char *body;
    gsize len;
  } chunks[] = {
    { "IHDR", "\0\0\0\1\0\0\0\1\10\0\0\0\0", 13 },
    { "tEXt", "Title\0Hello", 11 }, { "tEXt", "NoNul", 5 }, /* no keyword end */
    { "iTXt", "Comment\0\0\0en\0Kommentar\0Hi", 25 },
    { "iTXt", "Zipped\0\1\0\0\0x", 12 },            /* compressed */
    { "iTXt", "Short\0\0", 7 },                     /* no fields */
    { "IEND", "", 0 }, { "tEXt", "After\0end", 9 }, /* past IEND */
  };
  GByteArray *png = g_byte_array_new ();
  GString *out = g_string_new ("");

  g_byte_array_append (png, sig, 8);
  for (guint i = 0; i < G_N_ELEMENTS (chunks); i++) {
    guint8 len[4] = { 0, 0, 0, (guint8) chunks[i].len }, crc[4] = { 0 };

    g_byte_array_append (png, len, 4);
    g_byte_array_append (png, (const guint8 *) chunks[i].type, 4);
    g_byte_array_append (png, (const guint8 *) chunks[i].body, chunks[i].len);
    g_byte_array_append (png, crc, 4);
  }
  b64_png_for_each_text (png->data, png->len, count_text, out);
  g_assert_cmpstr (out->str, ==, "Title=Hello;i:Comment=Hi;");
  /* every truncation: exact-size copies, so ASan sees any overread */
  for (guint n = 0; n < png->len; n++) {
    guint8 *cut = g_memdup2 (png->data, n);

    g_string_truncate (out, 0);
    b64_png_for_each_text (cut, n, count_text, out);
    g_assert_true (out->len == 0 || g_str_has_prefix (out->str, "Title="));
    g_free (cut);
  }
  /* a length past the end */
  png->data[8 + 25 + 3] = 0xff;
  png->data[8 + 25] = 0x7f;
  g_string_truncate (out, 0);
  b64_png_for_each_text (png->data, png->len, count_text, out);
  g_assert_cmpstr (out->str, ==, "");
  g_string_free (out, TRUE);
  g_byte_array_unref (png);
}

static void
test_sbit (void)
{
  static const struct
  {
    B64PngFormat fmt;
    unsigned bits;
    bool ok;
  } cases[] = {
    { B64_PNG_GRAY16_LE, 12, true },
    { B64_PNG_RGBA16_BE, 10, true },
    { B64_PNG_GRAY8, 5, true },
    { B64_PNG_RGB8, 0, true },
    { B64_PNG_GRAY16_BE, 17, false },
    { B64_PNG_RGBA8, 9, false },
  };
  guint8 px[4 * 3 * 8] = { 0 };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++) {
    uint8_t *out = NULL;
    size_t out_size = 0, out_cap = 0;
    B64PngInfo info;
    B64Error err = { 0 };
    bool ok = b64_png_encode_sbit (px, 4 * 8, 4, 3, cases[i].fmt, 6,
        cases[i].bits, &out, &out_size, &out_cap, &err);

    g_assert_cmpint (ok, ==, cases[i].ok);
    if (ok) {
      g_assert_true (
          b64_png_read_header (out, out_size, MAX_PIXELS, &info, &err));
      g_assert_cmpuint (info.significant_bits, ==, cases[i].bits);
    } else {
      g_assert_cmpstr (err.message, !=, "");
      g_assert_cmpint (err.code, ==, B64_PNG_ERR_ARGS);
    }
    free (out);
  }
}

/* --- bad input -------------------------------------------------------- */

/* Must fail with a reason, in the header or in the decode. */
static void
assert_refused (const guint8 *png, gsize size, const char *what, bool say)
{
  guint8 dst[64 * 64 * 8];
  B64PngInfo info;
  B64Error err = { 0 };

  if (b64_png_read_header (png, size, MAX_PIXELS, &info, &err)) {
    g_assert_cmpuint ((gsize) info.width * info.height, <=, 64 * 64);
    if (b64_png_decode (png, size, MAX_PIXELS, B64_PNG_RGBA16_LE, dst,
            info.width * 8, &err))
      g_error ("%s: decoded", what);
  }
  if (say)
    g_test_message ("%s: %s", what, err.message);
  g_assert_cmpuint (strlen (err.message), >, 0);
  g_assert_cmpint (err.code, !=, B64_PNG_OK);
}

static void
test_sniff (void)
{
  static const guint8 sig[8] = { 137, 'P', 'N', 'G', 13, 10, 26, 10 };
  B64Error err = { 0 };
  B64PngInfo info;

  g_assert_true (b64_png_sniff (sig, 8));
  g_assert_false (b64_png_sniff (sig, 7));
  g_assert_false (b64_png_sniff ((const guint8 *) "\xff\xd8\xff\xe0", 4));
  g_assert_false (b64_png_read_header (sig, 0, MAX_PIXELS, &info, &err));
  g_assert_cmpstr (err.message, !=, "");
  g_assert_cmpint (err.code, ==, B64_PNG_ERR_NOT_PNG);
}

static void
test_bad_crc (void)
{
  GRand *r = g_rand_new_with_seed (3);
  gsize size, idat;
  guint8 *png = encode_random (r, 17, 9, B64_PNG_RGB8, 6, &size);
  guint32 len;

  idat = b64t_png_find_chunk (png, size, "IDAT");
  g_assert_cmpuint (idat, >, 0);
  len = b64t_be32 (png + idat);

  /* Only the CRC is wrong: nothing but CRC checking can notice. */
  png[idat + 8 + len] ^= 0x01;
  assert_refused (png, size, "IDAT CRC", true);
  png[idat + 8 + len] ^= 0x01;

  png[idat + 8 + len / 2] ^= 0x20;
  assert_refused (png, size, "IDAT data", true);
  png[idat + 8 + len / 2] ^= 0x20;

  png[23] ^= 0x02; /* IHDR height 9 -> 11, CRC as it was */
  assert_refused (png, size, "IHDR CRC", true);
  g_free (png);
  g_rand_free (r);
}

static void
test_truncated (void)
{
  GRand *r = g_rand_new_with_seed (5);
  gsize size;
  guint8 *png = encode_random (r, 31, 7, B64_PNG_RGBA8, 1, &size);

  /* Every cut, even in IEND: the stream is read to its end. libspng
   * (0.7.3) does not miss the CRC of IEND, which holds nothing. */
  for (gsize n = 0; n + 4 < size; n++) {
    gchar *what = g_strdup_printf ("cut at %zu of %zu", n, size);

    assert_refused (png, n, what, n % 50 == 0);
    g_free (what);
  }
  g_free (png);
  g_rand_free (r);
}

static void
test_garbage (void)
{
  GRand *r = g_rand_new_with_seed (9);
  guint8 *png = b64t_random_bytes (r, 300);

  memcpy (png, "\x89PNG\r\n\x1a\n", 8);
  assert_refused (png, 300, "garbage after signature", true);
  /* A valid IHDR, then garbage. */
  memcpy (png + 8, "\0\0\0\rIHDR\0\0\0\x10\0\0\0\x10\x08\x00\0\0\0", 21);
  b64t_png_set_ihdr_size (png, 16, 16);
  assert_refused (png, 300, "garbage after IHDR", true);
  g_free (png);
  g_rand_free (r);
}

/* Random byte flips must never crash or leak (run under ASan). */
static void
test_fuzz (void)
{
  GRand *r = g_rand_new_with_seed (13);
  gsize size;
  guint8 *png = encode_random (r, 19, 11, B64_PNG_RGBA8, 6, &size);
  guint8 *dst = g_malloc (19 * 11 * 8);
  B64Error err = { 0 };

  for (int i = 0; i < 3000; i++) {
    guint8 *bad = g_memdup2 (png, size);
    gsize pos = 8 + g_rand_int_range (r, 0, size - 8);
    B64PngInfo info;

    bad[pos] ^= 1 << g_rand_int_range (r, 0, 8);
    if (b64_png_read_header (bad, size, MAX_PIXELS, &info, &err)
        && (gsize) info.width * info.height <= 19 * 11)
      b64_png_decode (
          bad, size, MAX_PIXELS, i % N_FORMATS, dst, info.width * 8, &err);
    g_free (bad);
  }
  g_free (dst);
  g_free (png);
  g_rand_free (r);
}

static void
test_too_big (void)
{
  GRand *r = g_rand_new_with_seed (17);
  gsize size;
  guint8 *png = encode_random (r, 4, 4, B64_PNG_GRAY8, 6, &size);
  guint8 dst[16];
  B64PngInfo info;
  B64Error err = { 0 };

  b64t_png_set_ihdr_size (png, 100000, 100000);
  g_assert_false (b64_png_read_header (png, size, MAX_PIXELS, &info, &err));
  g_assert_nonnull (strstr (err.message, "100000x100000"));
  g_assert_cmpint (err.code, ==, B64_PNG_ERR_TOO_BIG);
  b64_error_clear (&err);
  g_assert_false (
      b64_png_decode (png, size, MAX_PIXELS, B64_PNG_GRAY8, dst, 100000, &err));
  g_assert_cmpstr (err.message, !=, "");
  /* Refused by max_pixels alone. */
  g_assert_false (b64_png_read_header (png, size, 1, &info, &err));
  b64t_png_set_ihdr_size (png, 4, 4);
  g_assert_true (b64_png_read_header (png, size, 16, &info, &err));
  g_assert_false (b64_png_read_header (png, size, 15, &info, &err));
  g_assert_cmpint (err.code, ==, B64_PNG_ERR_TOO_BIG);
  g_assert_false (b64_png_decode (png, size, 15, B64_PNG_GRAY8, dst, 4, &err));
  g_assert_true (b64_png_decode (png, size, 16, B64_PNG_GRAY8, dst, 4, &err));
  /* Stride too small for the row. */
  g_assert_false (b64_png_decode (png, size, 16, B64_PNG_RGB8, dst, 4, &err));
  g_assert_cmpint (err.code, ==, B64_PNG_ERR_ARGS);
  g_free (png);
  g_rand_free (r);
}

/* A header under max_pixels, with far less data than it claims: libspng
 * must not allocate by the header's word. */
static void
test_big_header_little_data (void)
{
  GRand *r = g_rand_new_with_seed (19);
  const guint32 w = 20000, h = 20000;
  gsize size;
  glong peak, base;
  guint8 *png = encode_random (r, w, 8, B64_PNG_GRAY8, 1, &size);
  guint8 *dst = g_malloc ((gsize) w * h); /* pages stay untouched */
  B64Error err = { 0 };

  b64t_png_set_ihdr_size (png, w, h);
  g_assert_true (b64t_reset_peak ());
  base = b64t_vm_hwm_kib ();
  g_assert_cmpint (base, >, 0);
  g_assert_false (
      b64_png_decode (png, size, 1000000000, B64_PNG_GRAY8, dst, w, &err));
  peak = b64t_vm_hwm_kib ();
  g_test_message ("20000x20000 with 8 rows of data: %s; %ld kB above base",
      err.message, peak - base);
  g_assert_cmpstr (err.message, !=, "");
  g_assert_cmpint (peak - base, <, 32 * 1024);
  g_free (dst);
  g_free (png);
  g_rand_free (r);
}

/* 16x16 pixels with 1 GiB of deflated zeros in IDAT, zTXt or iCCP: either
 * outcome is fine, as long as memory and time stay bounded. */
static void
test_bombs (void)
{
  static const char *names[] = { "idat", "ztxt", "iccp", "ztxt_after" };

  for (gsize i = 0; i < G_N_ELEMENTS (names); i++) {
    gchar *file = g_strdup_printf ("bomb_%s.bin", names[i]);
    gsize size;
    glong peak, base;
    guint8 *png = b64t_load_file (B64T_PNG_FIXTURES, file, &size);
    guint8 dst[16 * 16 * 8];
    gint64 t0 = g_get_monotonic_time ();
    B64Error err = { 0 };
    bool ok;

    g_assert_true (b64t_reset_peak ());
    base = b64t_vm_hwm_kib ();
    g_assert_cmpint (base, >, 0);
    ok = b64_png_decode (
        png, size, MAX_PIXELS, B64_PNG_RGBA16_BE, dst, 128, &err);
    peak = b64t_vm_hwm_kib ();
    g_test_message ("%s: %s (%s), %ld kB above base, %" G_GINT64_FORMAT " ms",
        file, ok ? "decoded" : "refused", err.message, peak - base,
        (g_get_monotonic_time () - t0) / 1000);
    g_assert_true (ok || err.message[0]);
    /* Ancillary chunks inflate up to the 16 MiB chunk limit. */
    g_assert_cmpint (peak - base, <, 64 * 1024);
    g_free (png);
    g_free (file);
  }
}

/* --- main ------------------------------------------------------------- */

static void
remove_dir (const gchar *path)
{
  GDir *dir = g_dir_open (path, 0, NULL);
  const gchar *name;

  if (!dir)
    return;
  while ((name = g_dir_read_name (dir))) {
    gchar *file = g_build_filename (path, name, NULL);

    g_unlink (file);
    g_free (file);
  }
  g_dir_close (dir);
  g_rmdir (path);
}

int
main (int argc, char **argv)
{
  GError *error = NULL;
  int rc;

  g_test_init (&argc, &argv, NULL);
  scratch = g_dir_make_tmp ("b64png-XXXXXX", &error);
  g_assert_no_error (error);

  g_test_add_func ("/png/fixtures", test_fixtures);
  g_test_add_func ("/png/roundtrip", test_roundtrip);
  g_test_add_func ("/png/encode-vs-pil", test_encode_vs_pil);
  g_test_add_func ("/png/encode-args", test_encode_args);
  g_test_add_func ("/png/sbit", test_sbit);
  g_test_add_func ("/png/text-chunks", test_text_chunks);
  g_test_add_func ("/png/sniff", test_sniff);
  g_test_add_func ("/png/bad/crc", test_bad_crc);
  g_test_add_func ("/png/bad/truncated", test_truncated);
  g_test_add_func ("/png/bad/garbage", test_garbage);
  g_test_add_func ("/png/bad/fuzz", test_fuzz);
  g_test_add_func ("/png/bad/too-big", test_too_big);
  g_test_add_func ("/png/bad/big-header", test_big_header_little_data);
  g_test_add_func ("/png/bad/bombs", test_bombs);
  rc = g_test_run ();
  remove_dir (scratch);
  g_free (scratch);
  return rc;
}
