/* b64img — element tests of PNG inside the base64: b64imgenc
 * image-format=png and b64imgdec's PNG decoding, through GstHarness.
 * Copyright (C) 2026 The b64img authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * Fixture PNGs come from two independent writers: Pillow (run through
 * /usr/bin/python3, with a tiny hand-written PNG encoder for 16-bit colour,
 * gray+alpha 16 and Adam7) and the project's own libspng wrapper. Each has
 * the exact pixels it must decode to.
 */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <gst/check/gstcheck.h>
#include <gst/check/gstharness.h>
#include <gst/video/video.h>
#include <glib/gstdio.h>
#include <turbojpeg.h>
#include <malloc.h>
#include <stdio.h>
#include <string.h>

#if HAVE_SPNG
#include "b64png.h"

/* ---- fixtures ------------------------------------------------------------ */

typedef struct
{
  gchar *name;
  gint width;
  gint height;
  GstVideoFormat native; /* expected when downstream takes anything */
  gboolean deep;         /* 16-bit samples */
  gboolean gray;         /* no colour: gray output is exact */
  guint8 *png;
  gsize png_size;
  guint16 *ref; /* RGBA, 16 bits per sample, per pixel */
} Fixture;

static gchar *fixture_dir;
static GPtrArray *fixtures; /* Fixture * */

/* Writes the fixtures to argv[1]: NAME.png, NAME.ref (RGBA; 8-bit as
 * Pillow decodes it, or 16-bit big-endian exact values) and manifest.txt
 * ("name width height native bits gray"), plus two decompression bombs. */
static const gchar fixture_script[]
    = "import os, random, struct, sys, zlib\n"
      "from PIL import Image\n"
      "out = sys.argv[1]\n"
      "rnd = random.Random(2026)\n"
      "man = []\n"
      "SIG = bytes([137, 80, 78, 71, 13, 10, 26, 10])\n"
      "def rb(n):\n"
      "    return bytes(rnd.randrange(256) for _ in range(n))\n"
      "def put(name, w, h, native, gray, ref, bits):\n"
      "    with open(os.path.join(out, name + '.ref'), 'wb') as f:\n"
      "        f.write(bytes(ref) if bits == 8 else\n"
      "                struct.pack('>%dH' % len(ref), *ref))\n"
      "    man.append('%s %d %d %s %d %d' % (name, w, h, native, bits, gray))\n"
      "def pil(name, im, native, gray, **kw):\n"
      "    path = os.path.join(out, name + '.png')\n"
      "    im.save(path, **kw)\n"
      "    back = Image.open(path)\n"
      "    put(name, im.width, im.height, native, gray,\n"
      "        back.convert('RGBA').tobytes(), 8)\n"
      "def chunk(t, d):\n"
      "    return (struct.pack('>I', len(d)) + t + d +\n"
      "            struct.pack('>I', zlib.crc32(t + d)))\n"
      "ADAM7 = ((0, 0, 8, 8), (4, 0, 8, 8), (0, 4, 4, 8), (2, 0, 4, 4),\n"
      "         (0, 2, 2, 4), (1, 0, 2, 2), (0, 1, 1, 2))\n"
      "def own(name, w, h, ct, depth, px, native, gray, ref, trns=None, "
      "il=0):\n"
      "    raw = b''\n"
      "    for x0, y0, dx, dy in (ADAM7 if il else ((0, 0, 1, 1),)):\n"
      "        for y in range(y0, h, dy):\n"
      "            s = [v for x in range(x0, w, dx) for v in px[y][x]]\n"
      "            if s:\n"
      "                raw += bytes([0]) + (struct.pack('>%dH' % len(s), *s)\n"
      "                                     if depth == 16 else bytes(s))\n"
      "    png = SIG + chunk(b'IHDR', struct.pack('>IIBBBBB', w, h, depth, "
      "ct,\n"
      "                                           0, 0, il))\n"
      "    if trns is not None:\n"
      "        png += chunk(b'tRNS', trns)\n"
      "    png += chunk(b'IDAT', zlib.compress(raw)) + chunk(b'IEND', b'')\n"
      "    with open(os.path.join(out, name + '.png'), 'wb') as f:\n"
      "        f.write(png)\n"
      "    put(name, w, h, native, gray, ref, depth)\n"
      "def grid(w, h, n, top):\n"
      "    return [[tuple(rnd.randint(0, top) for _ in range(n))\n"
      "             for x in range(w)] for y in range(h)]\n"
      "for w, h in ((1, 1), (13, 7)):\n"
      "    sz = '_%dx%d' % (w, h)\n"
      "    n = w * h\n"
      "    pil('L' + sz, Image.frombytes('L', (w, h), rb(n)), 'GRAY8', 1)\n"
      "    pil('1' + sz, Image.frombytes('L', (w, h), rb(n)).convert('1'),\n"
      "        'GRAY8', 1)\n"
      "    g = Image.frombytes('L', (w, h),\n"
      "                        bytes(rnd.choice((7, 99, 200)) for _ in "
      "range(n)))\n"
      "    pil('Ltrns' + sz, g, 'RGBA', 1, transparency=99)\n"
      "    pil('LA' + sz, Image.frombytes('LA', (w, h), rb(2 * n)), 'RGBA', "
      "1)\n"
      "    pil('RGB' + sz, Image.frombytes('RGB', (w, h), rb(3 * n)), 'RGB', "
      "0)\n"
      "    c = Image.frombytes('RGB', (w, h), b''.join(\n"
      "        rnd.choice((bytes((1, 2, 3)), bytes((9, 8, 7)))) for _ in "
      "range(n)))\n"
      "    pil('RGBtrns' + sz, c, 'RGBA', 0, transparency=(9, 8, 7))\n"
      "    pil('RGBA' + sz, Image.frombytes('RGBA', (w, h), rb(4 * n)), "
      "'RGBA',\n"
      "        0)\n"
      "    p = Image.frombytes('P', (w, h), bytes(rnd.randrange(16)\n"
      "                                           for _ in range(n)))\n"
      "    p.putpalette(list(rb(48)))\n"
      "    pil('P4' + sz, p, 'RGB', 0, bits=4)\n"
      "    pil('P4trns' + sz, p, 'RGBA', 0, bits=4, transparency=rb(16))\n"
      "    p8 = Image.frombytes('P', (w, h), rb(n))\n"
      "    p8.putpalette(list(rb(768)))\n"
      "    pil('P8' + sz, p8, 'RGB', 0)\n"
      "    pil('P8trns' + sz, p8, 'RGBA', 0, transparency=rb(256))\n"
      "    v = [rnd.randrange(65536) for _ in range(n)]\n"
      "    i16 = Image.new('I;16', (w, h))\n"
      "    i16.putdata(v)\n"
      "    i16.save(os.path.join(out, 'I16' + sz + '.png'))\n"
      "    put('I16' + sz, w, h, 'GRAY8', 1,\n"
      "        [s for x in v for s in (x, x, x, 65535)], 16)\n"
      "    px = grid(w, h, 3, 65535)\n"
      "    own('RGB16' + sz, w, h, 2, 16, px, 'RGB', 0,\n"
      "        [s for r in px for p in r for s in p + (65535,)])\n"
      "    px = grid(w, h, 2, 65535)\n"
      "    own('GA16' + sz, w, h, 4, 16, px, 'RGBA', 1,\n"
      "        [s for r in px for p in r for s in (p[0], p[0], p[0], p[1])])\n"
      "    px = grid(w, h, 4, 65535)\n"
      "    own('RGBA16i' + sz, w, h, 6, 16, px, 'RGBA', 0,\n"
      "        [s for r in px for p in r for s in p], il=1)\n"
      "    px = [[(rnd.choice((5, 40000, 65535)),) for x in range(w)]\n"
      "          for y in range(h)]\n"
      "    own('G16trns' + sz, w, h, 0, 16, px, 'RGBA', 1,\n"
      "        [s for r in px for p in r for s in\n"
      "         (p[0], p[0], p[0], 0 if p[0] == 40000 else 65535)],\n"
      "        trns=struct.pack('>H', 40000))\n"
      "    px = grid(w, h, 4, 255)\n"
      "    own('RGBA8i' + sz, w, h, 6, 8, px, 'RGBA', 0,\n"
      "        [s for r in px for p in r for s in p], il=1)\n"
      "z = zlib.compressobj(9)\n"
      "bomb = b''.join(z.compress(bytes(1 << 20)) for _ in range(256))\n"
      "bomb += z.flush()\n"
      "ihdr = chunk(b'IHDR', struct.pack('>IIBBBBB', 16, 16, 8, 0, 0, 0, 0))\n"
      "iend = chunk(b'IEND', b'')\n"
      "with open(os.path.join(out, 'bomb_idat.bin'), 'wb') as f:\n"
      "    f.write(SIG + ihdr + chunk(b'IDAT', bomb) + iend)\n"
      "with open(os.path.join(out, 'bomb_ztxt.bin'), 'wb') as f:\n"
      "    f.write(SIG + ihdr + chunk(b'zTXt', b'Comment' + bytes(2) + bomb) "
      "+\n"
      "            chunk(b'IDAT', zlib.compress(bytes(17 * 16))) + iend)\n"
      "with open(os.path.join(out, 'manifest.txt'), 'w') as f:\n"
      "    f.write(''.join(m + chr(10) for m in man))\n";

static guint8 *
load_file (const gchar *name, gsize *size)
{
  gchar *path = g_build_filename (fixture_dir, name, NULL);
  gchar *data = NULL;
  GError *error = NULL;

  /* also runs before the tests, where check's asserts cannot */
  g_file_get_contents (path, &data, size, &error);
  g_assert_no_error (error);
  g_free (path);
  return (guint8 *) data;
}

static void
fixture_free (gpointer p)
{
  Fixture *f = p;

  g_free (f->name);
  g_free (f->png);
  g_free (f->ref);
  g_free (f);
}

static void
add_fixture (const gchar *name, gint w, gint h, GstVideoFormat native,
    gboolean deep, gboolean gray, guint8 *png, gsize png_size, guint16 *ref)
{
  Fixture *f = g_new0 (Fixture, 1);

  f->name = g_strdup (name);
  f->width = w;
  f->height = h;
  f->native = native;
  f->deep = deep;
  f->gray = gray;
  f->png = png;
  f->png_size = png_size;
  f->ref = ref;
  g_ptr_array_add (fixtures, f);
}

static void
load_script_fixtures (void)
{
  gsize size;
  gchar *manifest = (gchar *) load_file ("manifest.txt", &size);
  gchar **lines = g_strsplit (manifest, "\n", -1);

  for (gchar **l = lines; *l; l++) {
    gchar name[64], native[16], *file;
    gint w, h, bits, gray;
    gsize n, rsize;
    guint8 *raw;
    guint16 *ref;
    guint8 *png;
    gsize png_size;

    if (!**l)
      continue;
    g_assert_cmpint (sscanf (*l, "%63s %d %d %15s %d %d", name, &w, &h, native,
                         &bits, &gray),
        ==, 6);
    n = (gsize) w * h * 4;
    file = g_strconcat (name, ".ref", NULL);
    raw = load_file (file, &rsize);
    g_free (file);
    g_assert_cmpuint (rsize, ==, n * bits / 8);
    ref = g_new (guint16, n);
    for (gsize i = 0; i < n; i++)
      ref[i] = bits == 16 ? GST_READ_UINT16_BE (raw + 2 * i) : raw[i] * 257;
    g_free (raw);
    file = g_strconcat (name, ".png", NULL);
    png = load_file (file, &png_size);
    g_free (file);
    add_fixture (name, w, h, gst_video_format_from_string (native), bits == 16,
        gray, png, png_size, ref);
  }
  g_strfreev (lines);
  g_free (manifest);
}

static guint8 *
random_bytes (GRand *r, gsize n)
{
  guint8 *p = g_malloc (n);

  for (gsize i = 0; i < n; i++)
    p[i] = g_rand_int (r) & 0xff;
  return p;
}

/* PNGs written by the project's wrapper from random pixels. */
static void
add_wrapper_fixtures (void)
{
  static const struct
  {
    B64PngFormat fmt;
    GstVideoFormat native;
    gboolean gray;
    gint channels;
    gint bytes;
  } kinds[] = {
    { B64_PNG_GRAY8, GST_VIDEO_FORMAT_GRAY8, TRUE, 1, 1 },
    { B64_PNG_RGB8, GST_VIDEO_FORMAT_RGB, FALSE, 3, 1 },
    { B64_PNG_RGBA8, GST_VIDEO_FORMAT_RGBA, FALSE, 4, 1 },
    { B64_PNG_GRAY16_BE, GST_VIDEO_FORMAT_GRAY8, TRUE, 1, 2 },
    { B64_PNG_RGBA16_BE, GST_VIDEO_FORMAT_RGBA, FALSE, 4, 2 },
  };
  GRand *r = g_rand_new_with_seed (7);
  const gint w = 11, h = 5;

  for (guint k = 0; k < G_N_ELEMENTS (kinds); k++) {
    gint bpp = kinds[k].channels * kinds[k].bytes;
    guint8 *src = random_bytes (r, (gsize) w * h * bpp);
    guint16 *ref = g_new (guint16, (gsize) w * h * 4);
    guint8 *out = NULL;
    gsize size = 0, cap = 0;
    char err[128];
    gchar *name;

    g_assert_true (b64_png_encode (src, w * bpp, w, h, kinds[k].fmt, 6, &out,
        &size, &cap, err, sizeof (err)));
    for (gint i = 0; i < w * h; i++) {
      guint16 s[4];

      for (gint c = 0; c < kinds[k].channels; c++) {
        const guint8 *p = src + i * bpp + c * kinds[k].bytes;
        s[c] = kinds[k].bytes == 2 ? GST_READ_UINT16_BE (p) : p[0] * 257;
      }
      if (kinds[k].channels == 1)
        s[1] = s[2] = s[0];
      if (kinds[k].channels < 4)
        s[3] = 65535;
      memcpy (ref + 4 * i, s, sizeof (s));
    }
    name = g_strdup_printf ("wrapper_%d", kinds[k].fmt);
    add_fixture (name, w, h, kinds[k].native, kinds[k].bytes == 2,
        kinds[k].gray, g_memdup2 (out, size), size, ref);
    g_free (name);
    free (out);
    g_free (src);
  }
  g_rand_free (r);
}

/* ---- small helpers ------------------------------------------------------- */

static guint32
crc32_of (const guint8 *p, gsize n)
{
  guint32 c = 0xffffffff;

  for (gsize i = 0; i < n; i++) {
    c ^= p[i];
    for (gint k = 0; k < 8; k++)
      c = (c >> 1) ^ (0xedb88320 & (0u - (c & 1)));
  }
  return c ^ 0xffffffff;
}

/* Offset of the first chunk of @type (its length field). */
static gsize
find_chunk (const guint8 *png, gsize size, const gchar *type)
{
  gsize pos = 8;

  while (pos + 12 <= size) {
    if (memcmp (png + pos + 4, type, 4) == 0)
      return pos;
    pos += 12 + GST_READ_UINT32_BE (png + pos);
  }
  ck_abort_msg ("no %s chunk", type);
  return 0;
}

static void
set_ihdr_size (guint8 *png, guint32 w, guint32 h)
{
  GST_WRITE_UINT32_BE (png + 16, w);
  GST_WRITE_UINT32_BE (png + 20, h);
  GST_WRITE_UINT32_BE (png + 29, crc32_of (png + 12, 17));
}

static guint8 *
encode_png (const guint8 *src, gsize stride, gint w, gint h, B64PngFormat fmt,
    gint level, gsize *size)
{
  guint8 *out = NULL, *copy;
  gsize cap = 0;
  char err[128];

  fail_unless (b64_png_encode (src, stride, w, h, fmt, level, &out, size, &cap,
                   err, sizeof (err)),
      "%s", err);
  copy = g_memdup2 (out, *size);
  free (out);
  return copy;
}

static guint8 *
random_png (GRand *r, gint w, gint h, B64PngFormat fmt, gsize *size)
{
  gsize stride = (gsize) w * b64_png_format_bpp (fmt);
  guint8 *src = random_bytes (r, stride * h);
  guint8 *png = encode_png (src, stride, w, h, fmt, 6, size);

  g_free (src);
  return png;
}

static guint8 *
make_jpeg (GRand *r, gint w, gint h, gboolean gray, gsize *size)
{
  tjhandle tj = tjInitCompress ();
  guint8 *src = random_bytes (r, (gsize) w * h * 3);
  unsigned char *jpeg = NULL;
  unsigned long len = 0;
  guint8 *copy;

  fail_unless (tj != NULL);
  fail_unless (tjCompress2 (tj, src, w, 0, h, gray ? TJPF_GRAY : TJPF_RGB,
                   &jpeg, &len, gray ? TJSAMP_GRAY : TJSAMP_420, 90, 0)
                   == 0,
      "%s", tjGetErrorStr2 (tj));
  copy = g_memdup2 (jpeg, len);
  *size = len;
  tjFree (jpeg);
  tjDestroy (tj);
  g_free (src);
  return copy;
}

enum
{
  TEXT_DATA_URI = 1 << 0,
  TEXT_WRAP = 1 << 1, /* MIME style, CRLF every 76 columns */
  TEXT_CRLF = 1 << 2, /* line ends with CRLF instead of LF */
  TEXT_LINE = 1 << 3, /* ends with a line end */
};

/* Base64 text of @data as a framed buffer or a stream line wants it. */
static gchar *
make_text (const guint8 *data, gsize size, guint flags, const gchar *mime)
{
  gchar *b64 = g_base64_encode (data, size);
  GString *s = g_string_new (NULL);

  if (flags & TEXT_DATA_URI)
    g_string_append_printf (s, "data:%s;base64,", mime ? mime : "image/png");
  if (flags & TEXT_WRAP) {
    gsize len = strlen (b64);

    for (gsize i = 0; i < len; i += 76) {
      g_string_append_len (s, b64 + i, MIN (76, len - i));
      if (i + 76 < len)
        g_string_append (s, "\r\n");
    }
  } else {
    g_string_append (s, b64);
  }
  if (flags & TEXT_LINE)
    g_string_append (s, flags & TEXT_CRLF ? "\r\n" : "\n");
  g_free (b64);
  return g_string_free (s, FALSE);
}

/* Peak RSS (kB) since the last reset_peak (). */
static gsize
peak_rss_kb (void)
{
  gchar *status = NULL;
  const gchar *p;
  gsize kb;

  fail_unless (g_file_get_contents ("/proc/self/status", &status, NULL, NULL));
  p = strstr (status, "VmHWM:");
  fail_unless (p != NULL);
  kb = g_ascii_strtoull (p + 6, NULL, 10);
  g_free (status);
  return kb;
}

static gboolean
reset_peak (void)
{
  FILE *f = fopen ("/proc/self/clear_refs", "w");
  gboolean ok;

  if (!f)
    return FALSE;
  ok = fputs ("5", f) >= 0;
  ok = fclose (f) == 0 && ok;
  return ok;
}

/* ---- harnesses ----------------------------------------------------------- */

typedef enum
{
  IN_FRAMED,      /* image/x-base64, framed=true */
  IN_FRAMED_RATE, /* ... with framerate=30/1 */
  IN_STREAM_CAPS, /* image/x-base64, framed=false */
  IN_NO_CAPS,     /* no caps at all, as from filesrc */
} InputMode;

static GstHarness *
new_dec (const gchar *sink_caps, InputMode mode, GstBus **bus)
{
  GstHarness *h = gst_harness_new ("b64imgdec");

  if (bus) {
    *bus = gst_bus_new ();
    gst_element_set_bus (h->element, *bus);
  }
  if (sink_caps)
    gst_harness_set_sink_caps_str (h, sink_caps);
  if (mode == IN_FRAMED) {
    gst_harness_set_src_caps_str (h, "image/x-base64, framed=(boolean)true");
  } else if (mode == IN_FRAMED_RATE) {
    gst_harness_set_src_caps_str (h, "image/x-base64, framed=(boolean)true, "
                                     "framerate=(fraction)30/1");
  } else if (mode == IN_STREAM_CAPS) {
    gst_harness_set_src_caps_str (h, "image/x-base64, framed=(boolean)false");
  } else {
    GstSegment seg;

    gst_segment_init (&seg, GST_FORMAT_TIME);
    fail_unless (gst_harness_push_event (h, gst_event_new_segment (&seg)));
  }
  return h;
}

static void
free_dec (GstHarness *h, GstBus *bus)
{
  if (bus) {
    gst_element_set_bus (h->element, NULL);
    gst_object_unref (bus);
  }
  gst_harness_teardown (h);
}

static void
push_bytes (GstHarness *h, const gchar *text, gsize len)
{
  GstBuffer *buf = gst_buffer_new_memdup (text, len);

  fail_unless_equals_int (gst_harness_push (h, buf), GST_FLOW_OK);
}

/* Pushes @text whole, or (@r not NULL) cut into pieces of 1 to @max
 * bytes. */
static void
push_text (GstHarness *h, const gchar *text, GRand *r, gint max)
{
  gsize len = strlen (text), pos = 0;

  if (!r) {
    push_bytes (h, text, len);
    return;
  }
  while (pos < len) {
    gsize n = g_rand_int_range (r, 1, max + 1); /* MIN evaluates twice */

    n = MIN (n, len - pos);

    push_bytes (h, text + pos, n);
    pos += n;
  }
}

static void
current_info (GstHarness *h, GstVideoInfo *info)
{
  GstCaps *caps = gst_pad_get_current_caps (h->sinkpad);

  fail_unless (caps != NULL, "no caps downstream");
  fail_unless (
      gst_video_info_from_caps (info, caps), "bad caps %" GST_PTR_FORMAT, caps);
  gst_caps_unref (caps);
}

static const gchar *
out_format (GstHarness *h)
{
  GstVideoInfo info;

  current_info (h, &info);
  return gst_video_format_to_string (GST_VIDEO_INFO_FORMAT (&info));
}

/* ---- pixel comparison ---------------------------------------------------- */

/* Component @c at @p (already at the component's offset). */
static guint16
read_at (const guint8 *p, const GstVideoFormatInfo *fi, guint c)
{
  if (GST_VIDEO_FORMAT_INFO_DEPTH (fi, c) > 8)
    return GST_VIDEO_FORMAT_INFO_IS_LE (fi) ? GST_READ_UINT16_LE (p)
                                            : GST_READ_UINT16_BE (p);
  return p[0];
}

/* Component @c of the packed pixel at @px. */
static guint16
read_comp (const guint8 *px, const GstVideoFormatInfo *fi, guint c)
{
  const guint8 *p = px + GST_VIDEO_FORMAT_INFO_POFFSET (fi, c);

  if (GST_VIDEO_FORMAT_INFO_DEPTH (fi, c) > 8)
    return GST_VIDEO_FORMAT_INFO_IS_LE (fi) ? GST_READ_UINT16_LE (p)
                                            : GST_READ_UINT16_BE (p);
  return p[0];
}

/* A packed RGB or gray frame against 16-bit RGBA @ref: every component the
 * format has; 8-bit formats hold the high byte. */
static void
check_packed (GstVideoFrame *f, const guint16 *ref, const gchar *what)
{
  const GstVideoFormatInfo *fi = f->info.finfo;
  gint w = GST_VIDEO_FRAME_WIDTH (f), h = GST_VIDEO_FRAME_HEIGHT (f);
  gint ps = GST_VIDEO_FORMAT_INFO_PSTRIDE (fi, 0);
  guint n = GST_VIDEO_FORMAT_INFO_N_COMPONENTS (fi);

  fail_unless (GST_VIDEO_FORMAT_INFO_N_PLANES (fi) == 1);
  for (gint y = 0; y < h; y++) {
    const guint8 *row = (const guint8 *) GST_VIDEO_FRAME_PLANE_DATA (f, 0)
                        + (gsize) y * GST_VIDEO_FRAME_PLANE_STRIDE (f, 0);

    for (gint x = 0; x < w; x++) {
      for (guint c = 0; c < n; c++) {
        guint16 got = read_comp (row + (gsize) x * ps, fi, c);
        guint16 want = ref[((gsize) y * w + x) * 4 + c];

        if (GST_VIDEO_FORMAT_INFO_DEPTH (fi, c) <= 8)
          want >>= 8;
        if (G_UNLIKELY (got != want))
          ck_abort_msg ("%s: %s pixel (%d,%d) component %u is %u, not %u", what,
              GST_VIDEO_FORMAT_INFO_NAME (fi), x, y, c, got, want);
      }
    }
  }
}

/* Every component of @a against @b, at most @tol apart. */
static void
check_planes (GstVideoFrame *a, GstVideoFrame *b, gint tol, const gchar *what)
{
  const GstVideoFormatInfo *fi = a->info.finfo;

  fail_unless_equals_int (
      GST_VIDEO_FRAME_FORMAT (a), GST_VIDEO_FRAME_FORMAT (b));
  for (guint c = 0; c < GST_VIDEO_FRAME_N_COMPONENTS (a); c++) {
    gint ps = GST_VIDEO_FORMAT_INFO_PSTRIDE (fi, c);

    for (gint y = 0; y < GST_VIDEO_FRAME_COMP_HEIGHT (a, c); y++) {
      const guint8 *pa = (const guint8 *) GST_VIDEO_FRAME_COMP_DATA (a, c)
                         + (gsize) y * GST_VIDEO_FRAME_COMP_STRIDE (a, c);
      const guint8 *pb = (const guint8 *) GST_VIDEO_FRAME_COMP_DATA (b, c)
                         + (gsize) y * GST_VIDEO_FRAME_COMP_STRIDE (b, c);

      for (gint x = 0; x < GST_VIDEO_FRAME_COMP_WIDTH (a, c); x++) {
        gint va = read_at (pa + (gsize) x * ps, fi, c);
        gint vb = read_at (pb + (gsize) x * ps, fi, c);

        if (G_UNLIKELY (ABS (va - vb) > tol))
          ck_abort_msg ("%s: %s component %u at (%d,%d): %d vs %d", what,
              GST_VIDEO_FORMAT_INFO_NAME (fi), c, x, y, va, vb);
      }
    }
  }
}

/* @src converted by GstVideoConverter to @info: what a decoder or encoder
 * going through an intermediate layout should produce. */
static GstBuffer *
convert_reference (
    GstVideoFrame *src, const GstVideoInfo *info, GstStructure *options)
{
  GstVideoInfo out = *info;
  GstVideoConverter *conv;
  GstBuffer *buf;
  GstVideoFrame f;

  gst_video_info_set_format (&out, GST_VIDEO_INFO_FORMAT (info),
      GST_VIDEO_INFO_WIDTH (info), GST_VIDEO_INFO_HEIGHT (info));
  out.colorimetry = info->colorimetry;
  out.chroma_site = info->chroma_site;
  /* GstVideoConverter converts pixels, not rates */
  out.fps_n = src->info.fps_n;
  out.fps_d = src->info.fps_d;
  buf = gst_buffer_new_allocate (NULL, out.size, NULL);
  conv = gst_video_converter_new (&src->info, &out, options);
  fail_unless (conv != NULL);
  fail_unless (gst_video_frame_map (&f, &out, buf, GST_MAP_WRITE));
  gst_video_converter_frame (conv, src, &f);
  gst_video_frame_unmap (&f);
  gst_video_converter_free (conv);
  return buf;
}

/* The fixture in its native 8-bit layout, as the decoder's intermediate
 * frame would hold it. */
static GstBuffer *
native_buffer (const Fixture *fx, GstVideoInfo *info)
{
  GstBuffer *buf;
  GstVideoFrame f;

  gst_video_info_set_format (info, fx->native, fx->width, fx->height);
  buf = gst_buffer_new_allocate (NULL, info->size, NULL);
  fail_unless (gst_video_frame_map (&f, info, buf, GST_MAP_WRITE));
  for (gint y = 0; y < fx->height; y++) {
    guint8 *row = (guint8 *) GST_VIDEO_FRAME_PLANE_DATA (&f, 0)
                  + (gsize) y * GST_VIDEO_FRAME_PLANE_STRIDE (&f, 0);
    guint n = GST_VIDEO_FRAME_N_COMPONENTS (&f);

    for (gint x = 0; x < fx->width; x++)
      for (guint c = 0; c < n; c++)
        row[x * n + c] = fx->ref[((gsize) y * fx->width + x) * 4 + c] >> 8;
  }
  gst_video_frame_unmap (&f);
  return buf;
}

/* Pulls one frame and checks its size and pixels against the fixture:
 * exactly for packed RGB and gray layouts, through the same conversion
 * for YUV ones. */
static void
check_fixture_output (GstHarness *h, const Fixture *fx, const gchar *what)
{
  GstBuffer *buf = gst_harness_try_pull (h);
  GstVideoInfo info;
  GstVideoFrame f;

  fail_unless (buf != NULL, "%s: no frame out", what);
  current_info (h, &info);
  fail_unless_equals_int (GST_VIDEO_INFO_WIDTH (&info), fx->width);
  fail_unless_equals_int (GST_VIDEO_INFO_HEIGHT (&info), fx->height);
  fail_unless (gst_video_frame_map (&f, &info, buf, GST_MAP_READ));
  if (GST_VIDEO_INFO_IS_YUV (&info)) {
    GstVideoInfo ninfo;
    GstBuffer *nbuf = native_buffer (fx, &ninfo), *rbuf;
    GstVideoFrame nf, rf;

    fail_unless (gst_video_frame_map (&nf, &ninfo, nbuf, GST_MAP_READ));
    rbuf = convert_reference (&nf, &info, NULL);
    gst_video_frame_unmap (&nf);
    fail_unless (gst_video_frame_map (&rf, &info, rbuf, GST_MAP_READ));
    check_planes (&f, &rf, 1, what);
    gst_video_frame_unmap (&rf);
    gst_buffer_unref (rbuf);
    gst_buffer_unref (nbuf);
  } else if (!GST_VIDEO_INFO_IS_GRAY (&info) || fx->gray) {
    check_packed (&f, fx->ref, what);
  }
  /* else a colour image to gray: only its size is checked */
  gst_video_frame_unmap (&f);
  gst_buffer_unref (buf);
}

/* ---- encoder round trips ------------------------------------------------- */

static GstBuffer *
random_frame (GRand *r, GstVideoInfo *info)
{
  GstBuffer *buf = gst_buffer_new_allocate (NULL, info->size, NULL);
  GstMapInfo map;

  fail_unless (gst_buffer_map (buf, &map, GST_MAP_WRITE));
  for (gsize i = 0; i < map.size; i++)
    map.data[i] = g_rand_int (r) & 0xff;
  gst_buffer_unmap (buf, &map);
  return buf;
}

static void
set_raw_caps (GstHarness *h, GstVideoFormat fmt, gint w, gint hgt)
{
  gchar *caps = g_strdup_printf ("video/x-raw, format=%s, width=%d, "
                                 "height=%d, framerate=25/1",
      gst_video_format_to_string (fmt), w, hgt);

  gst_harness_set_src_caps_str (h, caps);
  g_free (caps);
}

/* Packed frames @in and @out compared component by component: alpha that
 * @in lacks must come out opaque; padding is ignored. */
static void
check_same_pixels (GstVideoFrame *in, GstVideoFrame *out, const gchar *what)
{
  const GstVideoFormatInfo *fi = in->info.finfo, *fo = out->info.finfo;
  gint w = GST_VIDEO_FRAME_WIDTH (in), hgt = GST_VIDEO_FRAME_HEIGHT (in);

  fail_unless_equals_int (GST_VIDEO_FRAME_WIDTH (out), w);
  fail_unless_equals_int (GST_VIDEO_FRAME_HEIGHT (out), hgt);
  for (gint y = 0; y < hgt; y++) {
    const guint8 *ri = (const guint8 *) GST_VIDEO_FRAME_PLANE_DATA (in, 0)
                       + (gsize) y * GST_VIDEO_FRAME_PLANE_STRIDE (in, 0);
    const guint8 *ro = (const guint8 *) GST_VIDEO_FRAME_PLANE_DATA (out, 0)
                       + (gsize) y * GST_VIDEO_FRAME_PLANE_STRIDE (out, 0);

    for (gint x = 0; x < w; x++) {
      const guint8 *pi = ri + (gsize) x * GST_VIDEO_FORMAT_INFO_PSTRIDE (fi, 0);
      const guint8 *po = ro + (gsize) x * GST_VIDEO_FORMAT_INFO_PSTRIDE (fo, 0);

      for (guint c = 0; c < GST_VIDEO_FORMAT_INFO_N_COMPONENTS (fo); c++) {
        guint want
            = c == GST_VIDEO_COMP_A && !GST_VIDEO_FORMAT_INFO_HAS_ALPHA (fi)
                  ? 255
                  : read_comp (pi, fi, c);
        guint got = read_comp (po, fo, c);

        if (G_UNLIKELY (got != want))
          ck_abort_msg ("%s: %s -> %s pixel (%d,%d) component %u is %u, "
                        "not %u",
              what, GST_VIDEO_FORMAT_INFO_NAME (fi),
              GST_VIDEO_FORMAT_INFO_NAME (fo), x, y, c, got, want);
      }
    }
  }
}

/* `b64imgenc image-format=png ! b64imgdec` on random frames of @in;
 * downstream takes @sink_caps (NULL: anything); the output must be @out
 * with the same pixels. */
static void
round_trip (GstVideoFormat in, const gchar *sink_caps, GstVideoFormat out,
    gint w, gint hgt, guint seed)
{
  GstHarness *h
      = gst_harness_new_parse ("b64imgenc image-format=png ! b64imgdec");
  GRand *r = g_rand_new_with_seed (seed);
  GstVideoInfo info, oinfo;
  gchar *what = g_strdup_printf ("%s %dx%d -> %s",
      gst_video_format_to_string (in), w, hgt, sink_caps ? sink_caps : "any");

  if (sink_caps)
    gst_harness_set_sink_caps_str (h, sink_caps);
  set_raw_caps (h, in, w, hgt);
  gst_video_info_set_format (&info, in, w, hgt);
  for (gint i = 0; i < 2; i++) {
    GstBuffer *src = random_frame (r, &info), *res;
    GstVideoFrame fi, fo;

    fail_unless_equals_int (
        gst_harness_push (h, gst_buffer_ref (src)), GST_FLOW_OK);
    res = gst_harness_try_pull (h);
    fail_unless (res != NULL, "%s: no output", what);
    current_info (h, &oinfo);
    fail_unless_equals_string (
        gst_video_format_to_string (GST_VIDEO_INFO_FORMAT (&oinfo)),
        gst_video_format_to_string (out));
    fail_unless (gst_video_frame_map (&fi, &info, src, GST_MAP_READ));
    fail_unless (gst_video_frame_map (&fo, &oinfo, res, GST_MAP_READ));
    check_same_pixels (&fi, &fo, what);
    gst_video_frame_unmap (&fo);
    gst_video_frame_unmap (&fi);
    gst_buffer_unref (res);
    gst_buffer_unref (src);
  }
  g_free (what);
  g_rand_free (r);
  gst_harness_teardown (h);
}

static const gint rt_sizes[][2]
    = { { 1, 1 }, { 3, 3 }, { 17, 9 }, { 641, 479 } };

GST_START_TEST (test_roundtrip_native)
{
  static const GstVideoFormat formats[]
      = { GST_VIDEO_FORMAT_RGB, GST_VIDEO_FORMAT_RGBA, GST_VIDEO_FORMAT_GRAY8 };

  for (guint f = 0; f < G_N_ELEMENTS (formats); f++) {
    for (guint s = 0; s < G_N_ELEMENTS (rt_sizes); s++) {
      gchar *caps = g_strdup_printf (
          "video/x-raw, format=%s", gst_video_format_to_string (formats[f]));

      round_trip (formats[f], NULL, formats[f], rt_sizes[s][0], rt_sizes[s][1],
          100 + f * 10 + s);
      /* downstream asking for exactly that format */
      round_trip (formats[f], caps, formats[f], rt_sizes[s][0], rt_sizes[s][1],
          200 + f * 10 + s);
      g_free (caps);
    }
  }
}

GST_END_TEST;

static const struct
{
  GstVideoFormat in, native;
} packed_cases[] = {
  { GST_VIDEO_FORMAT_BGRx, GST_VIDEO_FORMAT_RGB },
  { GST_VIDEO_FORMAT_xRGB, GST_VIDEO_FORMAT_RGB },
  { GST_VIDEO_FORMAT_RGBx, GST_VIDEO_FORMAT_RGB },
  { GST_VIDEO_FORMAT_xBGR, GST_VIDEO_FORMAT_RGB },
  { GST_VIDEO_FORMAT_BGR, GST_VIDEO_FORMAT_RGB },
  { GST_VIDEO_FORMAT_BGRA, GST_VIDEO_FORMAT_RGBA },
  { GST_VIDEO_FORMAT_ARGB, GST_VIDEO_FORMAT_RGBA },
  { GST_VIDEO_FORMAT_ABGR, GST_VIDEO_FORMAT_RGBA },
};

GST_START_TEST (test_roundtrip_packed)
{
  /* to the PNG's own layout: alpha kept, padding dropped */
  for (guint i = 0; i < G_N_ELEMENTS (packed_cases); i++) {
    round_trip (
        packed_cases[i].in, NULL, packed_cases[i].native, 17, 9, 300 + i);
    round_trip (
        packed_cases[i].in, NULL, packed_cases[i].native, 641, 479, 320 + i);
  }
}

GST_END_TEST;

/* Back to the input's layout when downstream wants it: the decoder
 * converts, with the framerate the encoder's caps carry. */
GST_START_TEST (test_roundtrip_packed_back)
{
  for (guint i = 0; i < G_N_ELEMENTS (packed_cases); i++) {
    gchar *caps = g_strdup_printf ("video/x-raw, format=%s",
        gst_video_format_to_string (packed_cases[i].in));

    round_trip (packed_cases[i].in, caps, packed_cases[i].in, 17, 9, 340 + i);
    g_free (caps);
  }
}

GST_END_TEST;

/* PNG of YUV is an RGB conversion. */
GST_START_TEST (test_roundtrip_i420)
{
  GstHarness *h
      = gst_harness_new_parse ("b64imgenc image-format=png ! b64imgdec");
  GRand *r = g_rand_new_with_seed (400);
  GstVideoInfo info, oinfo, rinfo;
  GstBuffer *src, *res, *ref;
  GstVideoFrame fi, fo, fr;
  const gint w = 33, hgt = 17;

  set_raw_caps (h, GST_VIDEO_FORMAT_I420, w, hgt);
  {
    GstCaps *caps
        = gst_caps_from_string ("video/x-raw, format=I420, "
                                "width=33, height=17, framerate=25/1");

    fail_unless (gst_video_info_from_caps (&info, caps));
    gst_caps_unref (caps);
  }
  src = random_frame (r, &info);
  fail_unless_equals_int (
      gst_harness_push (h, gst_buffer_ref (src)), GST_FLOW_OK);
  res = gst_harness_try_pull (h);
  fail_unless (res != NULL);
  current_info (h, &oinfo);
  fail_unless_equals_string (out_format (h), "RGB");
  fail_unless_equals_int (GST_VIDEO_INFO_WIDTH (&oinfo), w);
  fail_unless_equals_int (GST_VIDEO_INFO_HEIGHT (&oinfo), hgt);

  /* what GstVideoConverter makes of the frame, as the encoder does */
  fail_unless (gst_video_frame_map (&fi, &info, src, GST_MAP_READ));
  gst_video_info_set_format (&rinfo, GST_VIDEO_FORMAT_RGB, w, hgt);
  ref = convert_reference (&fi, &rinfo,
      gst_structure_new ("options", GST_VIDEO_CONVERTER_OPT_DITHER_METHOD,
          GST_TYPE_VIDEO_DITHER_METHOD, GST_VIDEO_DITHER_NONE, NULL));
  gst_video_frame_unmap (&fi);
  fail_unless (gst_video_frame_map (&fr, &rinfo, ref, GST_MAP_READ));
  fail_unless (gst_video_frame_map (&fo, &oinfo, res, GST_MAP_READ));
  check_planes (&fo, &fr, 1, "I420 -> PNG -> RGB");
  gst_video_frame_unmap (&fo);
  gst_video_frame_unmap (&fr);
  gst_buffer_unref (ref);
  gst_buffer_unref (res);
  gst_buffer_unref (src);
  g_rand_free (r);
  gst_harness_teardown (h);
}

GST_END_TEST;

/* One random frame through a b64imgenc harness; returns its text. */
static gchar *
encode_text (const gchar *launch, GstVideoFormat fmt, gint w, gint hgt,
    GstBuffer *frame, GstCaps **caps)
{
  GstHarness *h = gst_harness_new_parse (launch);
  GstBuffer *out;
  GstMapInfo map;
  gchar *text;

  set_raw_caps (h, fmt, w, hgt);
  fail_unless_equals_int (
      gst_harness_push (h, gst_buffer_ref (frame)), GST_FLOW_OK);
  out = gst_harness_try_pull (h);
  fail_unless (out != NULL);
  fail_unless (gst_buffer_map (out, &map, GST_MAP_READ));
  text = g_strndup ((const gchar *) map.data, map.size);
  fail_unless_equals_uint64 (strlen (text), map.size);
  gst_buffer_unmap (out, &map);
  gst_buffer_unref (out);
  if (caps)
    *caps = gst_pad_get_current_caps (h->sinkpad);
  gst_harness_teardown (h);
  return text;
}

/* Decodes a text with a framed b64imgdec harness into @fmt. */
static GstBuffer *
decode_text (const gchar *text, const gchar *sink_caps, GstVideoInfo *info)
{
  GstHarness *h = new_dec (sink_caps, IN_FRAMED, NULL);
  GstBuffer *out;

  push_text (h, text, NULL, 0);
  out = gst_harness_try_pull (h);
  fail_unless (out != NULL);
  current_info (h, info);
  gst_harness_teardown (h);
  return out;
}

static guint8 *
text_payload (const gchar *text, const gchar *prefix, gsize *size)
{
  gsize plen = strlen (prefix), len = strlen (text);
  gchar *b64;
  guint8 *data;

  fail_unless (g_str_has_prefix (text, prefix), "text starts %.30s", text);
  fail_unless (len > plen && text[len - 1] == '\n');
  b64 = g_strndup (text + plen, len - plen - 1);
  fail_unless (strpbrk (b64, " \r\n\t") == NULL);
  data = g_base64_decode (b64, size);
  g_free (b64);
  return data;
}

GST_START_TEST (test_data_uri)
{
  GRand *r = g_rand_new_with_seed (500);
  GstVideoInfo info, oinfo;
  GstBuffer *frame, *out;
  GstVideoFrame fi, fo;
  GstCaps *caps;
  GstStructure *s;
  gchar *text;
  guint8 *png;
  gsize size;
  gint v;

  gst_video_info_set_format (&info, GST_VIDEO_FORMAT_RGBA, 21, 13);
  frame = random_frame (r, &info);
  text = encode_text ("b64imgenc image-format=png data-uri=true",
      GST_VIDEO_FORMAT_RGBA, 21, 13, frame, &caps);
  png = text_payload (text, "data:image/png;base64,", &size);
  fail_unless (b64_png_sniff (png, size));
  fail_unless_equals_int (GST_READ_UINT32_BE (png + 16), 21);
  fail_unless_equals_int (GST_READ_UINT32_BE (png + 20), 13);
  g_free (png);

  s = gst_caps_get_structure (caps, 0);
  fail_unless (gst_structure_has_name (s, "image/x-base64"));
  fail_unless_equals_string (
      gst_structure_get_string (s, "payload"), "image/png");
  fail_unless (gst_structure_get_boolean (s, "framed", &v) && v);
  fail_unless (gst_structure_get_int (s, "width", &v) && v == 21);
  fail_unless (gst_structure_get_int (s, "height", &v) && v == 13);
  gst_caps_unref (caps);

  /* the data URI decodes back to the same pixels, alpha included */
  out = decode_text (text, NULL, &oinfo);
  fail_unless_equals_int (
      GST_VIDEO_INFO_FORMAT (&oinfo), GST_VIDEO_FORMAT_RGBA);
  fail_unless (gst_video_frame_map (&fi, &info, frame, GST_MAP_READ));
  fail_unless (gst_video_frame_map (&fo, &oinfo, out, GST_MAP_READ));
  check_same_pixels (&fi, &fo, "data URI");
  gst_video_frame_unmap (&fo);
  gst_video_frame_unmap (&fi);
  gst_buffer_unref (out);
  g_free (text);

  /* without data-uri: bare base64 of a PNG */
  text = encode_text (
      "b64imgenc image-format=png", GST_VIDEO_FORMAT_RGBA, 21, 13, frame, NULL);
  png = text_payload (text, "", &size);
  fail_unless (b64_png_sniff (png, size));
  g_free (png);
  g_free (text);
  gst_buffer_unref (frame);
  g_rand_free (r);
}

GST_END_TEST;

GST_START_TEST (test_compression_level)
{
  GRand *r = g_rand_new_with_seed (600);
  GstVideoInfo info, oinfo[2];
  GstBuffer *frame, *out[2];
  GstVideoFrame fi, fo;
  GstMapInfo map;
  gsize sizes[2];
  const gint w = 160, hgt = 90;

  /* smooth gradient with a little noise: compressible, not trivially */
  gst_video_info_set_format (&info, GST_VIDEO_FORMAT_RGB, w, hgt);
  frame = gst_buffer_new_allocate (NULL, info.size, NULL);
  fail_unless (gst_buffer_map (frame, &map, GST_MAP_WRITE));
  for (gint y = 0; y < hgt; y++)
    for (gint x = 0; x < w * 3; x++)
      map.data[y * info.stride[0] + x]
          = (x + 2 * y) / 3 + g_rand_int_range (r, 0, 3);
  gst_buffer_unmap (frame, &map);

  for (gint i = 0; i < 2; i++) {
    gchar *launch = g_strdup_printf ("b64imgenc image-format=png "
                                     "png-compression-level=%d",
        i ? 9 : 0);
    gchar *text
        = encode_text (launch, GST_VIDEO_FORMAT_RGB, w, hgt, frame, NULL);

    sizes[i] = strlen (text);
    out[i] = decode_text (text, NULL, &oinfo[i]);
    fail_unless_equals_int (
        GST_VIDEO_INFO_FORMAT (&oinfo[i]), GST_VIDEO_FORMAT_RGB);
    fail_unless (gst_video_frame_map (&fi, &info, frame, GST_MAP_READ));
    fail_unless (gst_video_frame_map (&fo, &oinfo[i], out[i], GST_MAP_READ));
    check_same_pixels (&fi, &fo, launch);
    gst_video_frame_unmap (&fo);
    gst_video_frame_unmap (&fi);
    gst_buffer_unref (out[i]);
    g_free (text);
    g_free (launch);
  }
  GST_INFO ("level 0: %" G_GSIZE_FORMAT " chars, level 9: %" G_GSIZE_FORMAT,
      sizes[0], sizes[1]);
  /* level 0 stores: larger than the raw pixels in base64 */
  fail_unless (
      sizes[0] > (gsize) w * hgt * 3 * 4 / 3, "%" G_GSIZE_FORMAT, sizes[0]);
  fail_unless (sizes[1] < sizes[0] / 2,
      "level 9 %" G_GSIZE_FORMAT " vs level 0 %" G_GSIZE_FORMAT, sizes[1],
      sizes[0]);
  gst_buffer_unref (frame);
  g_rand_free (r);
}

GST_END_TEST;

/* ---- decoder: every colour type ------------------------------------------ */

static gchar *
message_text (GstMessage *msg)
{
  GError *err = NULL;
  gchar *debug = NULL, *text;

  if (GST_MESSAGE_TYPE (msg) == GST_MESSAGE_ERROR)
    gst_message_parse_error (msg, &err, &debug);
  else
    gst_message_parse_warning (msg, &err, &debug);
  text = g_strdup_printf ("%s: %s (%s)", GST_MESSAGE_TYPE_NAME (msg),
      err->message, debug ? debug : "");
  g_clear_error (&err);
  g_free (debug);
  return text;
}

static void
assert_no_warning (GstBus *bus, const gchar *what)
{
  GstMessage *msg
      = gst_bus_pop_filtered (bus, GST_MESSAGE_WARNING | GST_MESSAGE_ERROR);

  if (msg) {
    gchar *text = message_text (msg);

    ck_abort_msg ("%s: %s", what, text);
    g_free (text);
  }
}

/* Each fixture through @mode input to downstream @sink_caps (NULL: any);
 * @expect is the format that must come out (UNKNOWN: the native one). */
static void
decode_fixtures (InputMode mode, const gchar *sink_caps, GstVideoFormat expect,
    gboolean deep_only)
{
  GRand *r = g_rand_new_with_seed (700);
  guint n = 0;

  for (guint i = 0; i < fixtures->len; i++) {
    const Fixture *fx = g_ptr_array_index (fixtures, i);
    GstHarness *h;
    GstBus *bus;
    guint flags = i % 2 ? TEXT_DATA_URI : 0;
    gchar *text, *what;
    GstVideoFormat want
        = expect == GST_VIDEO_FORMAT_UNKNOWN ? fx->native : expect;

    if (deep_only && !fx->deep)
      continue;
    if (mode == IN_FRAMED || mode == IN_FRAMED_RATE)
      flags |= TEXT_WRAP | (i % 3 ? TEXT_LINE : 0);
    else
      flags |= TEXT_LINE | (i % 3 == 1 ? TEXT_CRLF : 0);
    text = make_text (fx->png, fx->png_size, flags, NULL);
    what = g_strdup_printf ("%s (%s, to %s)", fx->name,
        mode == IN_FRAMED        ? "framed"
        : mode == IN_FRAMED_RATE ? "framed, framerate"
                                 : "stream",
        sink_caps ? sink_caps : "anything");
    h = new_dec (sink_caps, mode, &bus);
    push_text (
        h, text, mode == IN_FRAMED || mode == IN_FRAMED_RATE ? NULL : r, 40);
    if (mode == IN_NO_CAPS || mode == IN_STREAM_CAPS)
      fail_unless (gst_harness_push_event (h, gst_event_new_eos ()));
    assert_no_warning (bus, what);
    fail_unless_equals_int (gst_harness_buffers_received (h), 1);
    fail_unless_equals_string (
        out_format (h), gst_video_format_to_string (want));
    check_fixture_output (h, fx, what);
    free_dec (h, bus);
    g_free (what);
    g_free (text);
    n++;
  }
  fail_unless (n > 0);
  GST_INFO ("%u fixtures decoded", n);
  g_rand_free (r);
}

GST_START_TEST (test_fixtures_loaded)
{
  guint deep = 0;

  /* 2 sizes x 17 from the script, 5 from the wrapper */
  fail_unless_equals_int (fixtures->len, 2 * 17 + 5);
  for (guint i = 0; i < fixtures->len; i++) {
    const Fixture *fx = g_ptr_array_index (fixtures, i);

    fail_unless (fx->native != GST_VIDEO_FORMAT_UNKNOWN, "%s", fx->name);
    fail_unless (b64_png_sniff (fx->png, fx->png_size), "%s", fx->name);
    deep += fx->deep;
  }
  fail_unless_equals_int (deep, 2 * 5 + 2);
}

GST_END_TEST;

GST_START_TEST (test_decode_native_framed)
{
  decode_fixtures (IN_FRAMED, NULL, GST_VIDEO_FORMAT_UNKNOWN, FALSE);
}

GST_END_TEST;

GST_START_TEST (test_decode_native_stream)
{
  decode_fixtures (IN_NO_CAPS, NULL, GST_VIDEO_FORMAT_UNKNOWN, FALSE);
  decode_fixtures (IN_STREAM_CAPS, NULL, GST_VIDEO_FORMAT_UNKNOWN, FALSE);
}

GST_END_TEST;

/* The native layout is taken even when downstream lists it last. */
GST_START_TEST (test_decode_native_among_others)
{
  decode_fixtures (IN_FRAMED,
      "video/x-raw, format={ I420, BGRx, RGBA, RGB, "
      "GRAY8 }",
      GST_VIDEO_FORMAT_UNKNOWN, FALSE);
}

GST_END_TEST;

GST_START_TEST (test_decode_other_formats)
{
  static const GstVideoFormat formats[] = {
    GST_VIDEO_FORMAT_BGRx,
    GST_VIDEO_FORMAT_ARGB,
    GST_VIDEO_FORMAT_BGR,
    GST_VIDEO_FORMAT_ABGR,
    GST_VIDEO_FORMAT_I420,
    GST_VIDEO_FORMAT_Y444,
    GST_VIDEO_FORMAT_NV12,
  };

  for (guint i = 0; i < G_N_ELEMENTS (formats); i++) {
    gchar *caps = g_strdup_printf (
        "video/x-raw, format=%s", gst_video_format_to_string (formats[i]));

    decode_fixtures (i % 2 ? IN_NO_CAPS : IN_FRAMED, caps, formats[i], FALSE);
    g_free (caps);
  }
}

GST_END_TEST;

/* The first of downstream's choices when the native one is absent, in
 * downstream's order (not the decoder's template order: I420 precedes
 * BGRA and YV12 precedes NV12 there). */
GST_START_TEST (test_decode_downstream_order)
{
  decode_fixtures (IN_FRAMED, "video/x-raw, format={ BGRA, I420 }",
      GST_VIDEO_FORMAT_BGRA, FALSE);
  decode_fixtures (IN_NO_CAPS, "video/x-raw, format={ NV12, YV12 }",
      GST_VIDEO_FORMAT_NV12, FALSE);
}

GST_END_TEST;

/* SPEC: `filesrc ! image/x-base64,framerate=30/1 ! b64imgdec`. The output
 * carries the rate; layouts the decoder reaches by conversion work too. */
GST_START_TEST (test_decode_with_framerate)
{
  GstHarness *h = new_dec (NULL, IN_FRAMED_RATE, NULL);
  const Fixture *fx = g_ptr_array_index (fixtures, 0);
  gchar *text = make_text (fx->png, fx->png_size, 0, NULL);
  GstVideoInfo info;

  push_text (h, text, NULL, 0);
  current_info (h, &info);
  fail_unless_equals_int (GST_VIDEO_INFO_FPS_N (&info), 30);
  fail_unless_equals_int (GST_VIDEO_INFO_FPS_D (&info), 1);
  check_fixture_output (h, fx, fx->name);
  g_free (text);
  gst_harness_teardown (h);

  decode_fixtures (IN_FRAMED_RATE, NULL, GST_VIDEO_FORMAT_UNKNOWN, FALSE);
  decode_fixtures (
      IN_FRAMED_RATE, "video/x-raw, format=BGRx", GST_VIDEO_FORMAT_BGRx, FALSE);
  decode_fixtures (
      IN_FRAMED_RATE, "video/x-raw, format=I420", GST_VIDEO_FORMAT_I420, FALSE);
}

GST_END_TEST;

/* 16-bit images keep 16 bits only when downstream takes nothing else. */
GST_START_TEST (test_decode_16bit)
{
  static const gchar *formats[] = { "RGBA64_LE", "RGBA64_BE" };

  for (guint i = 0; i < G_N_ELEMENTS (formats); i++) {
    gchar *caps = g_strdup_printf ("video/x-raw, format=%s", formats[i]);

    decode_fixtures (i ? IN_NO_CAPS : IN_FRAMED, caps,
        gst_video_format_from_string (formats[i]), TRUE);
    /* 8-bit images scaled up when 16 bits is all downstream takes */
    decode_fixtures (
        IN_FRAMED, caps, gst_video_format_from_string (formats[i]), FALSE);
    g_free (caps);
  }
  /* 8 bits when downstream also takes 8-bit formats */
  decode_fixtures (IN_FRAMED, "video/x-raw, format={ RGBA64_LE, BGRx }",
      GST_VIDEO_FORMAT_BGRx, TRUE);
}

GST_END_TEST;

/* Gray 16-bit fixtures into GRAY16_BE / GRAY16_LE, exact. */
GST_START_TEST (test_decode_gray16)
{
  static const gchar *formats[] = { "GRAY16_BE", "GRAY16_LE" };
  guint n = 0;

  for (guint k = 0; k < G_N_ELEMENTS (formats); k++) {
    gchar *caps = g_strdup_printf ("video/x-raw, format=%s", formats[k]);

    for (guint i = 0; i < fixtures->len; i++) {
      const Fixture *fx = g_ptr_array_index (fixtures, i);
      GstHarness *h;
      gchar *text;

      if (!fx->deep || !fx->gray)
        continue;
      h = new_dec (caps, k ? IN_NO_CAPS : IN_FRAMED, NULL);
      text = make_text (fx->png, fx->png_size, TEXT_LINE, NULL);
      push_text (h, text, NULL, 0);
      fail_unless_equals_string (out_format (h), formats[k]);
      check_fixture_output (h, fx, fx->name);
      gst_harness_teardown (h);
      g_free (text);
      n++;
    }
    g_free (caps);
  }
  fail_unless (n >= 8);
}

GST_END_TEST;

/* Gray images (with or without alpha) into GRAY8: the gray samples. */
GST_START_TEST (test_decode_gray8)
{
  guint n = 0;

  for (guint i = 0; i < fixtures->len; i++) {
    const Fixture *fx = g_ptr_array_index (fixtures, i);
    GstHarness *h;
    gchar *text;

    if (!fx->gray)
      continue;
    h = new_dec ("video/x-raw, format=GRAY8", IN_FRAMED, NULL);
    text = make_text (fx->png, fx->png_size, 0, NULL);
    push_text (h, text, NULL, 0);
    fail_unless_equals_string (out_format (h), "GRAY8");
    check_fixture_output (h, fx, fx->name);
    gst_harness_teardown (h);
    g_free (text);
    n++;
  }
  fail_unless (n >= 12);
}

GST_END_TEST;

/* ---- a stream mixing PNG and JPEG ---------------------------------------- */

typedef struct
{
  gboolean jpeg;
  gboolean gray; /* JPEG: grayscale; PNG: use @fmt */
  B64PngFormat fmt;
  gint w, h;
  const gchar *expect;
  const gchar *mime; /* data URI mime, may disagree */
} MixItem;

static const MixItem mix[] = {
  { FALSE, FALSE, B64_PNG_RGB8, 16, 8, "RGB", NULL },
  { TRUE, FALSE, 0, 24, 16, "I420", NULL },
  { FALSE, FALSE, B64_PNG_RGBA8, 5, 3, "RGBA", "image/jpeg" },
  { TRUE, TRUE, 0, 8, 8, "GRAY8", "image/png" },
  { FALSE, FALSE, B64_PNG_GRAY8, 7, 7, "GRAY8", NULL },
  { TRUE, FALSE, 0, 17, 11, "I420", NULL },
  { FALSE, FALSE, B64_PNG_GRAY16_BE, 17, 11, "GRAY8", NULL },
  { FALSE, FALSE, B64_PNG_RGBA16_BE, 17, 11, "RGBA", NULL },
  /* same size and payload, only the layout changes */
  { FALSE, FALSE, B64_PNG_RGB8, 17, 11, "RGB", NULL },
  { FALSE, FALSE, B64_PNG_RGBA8, 17, 11, "RGBA", NULL },
  { TRUE, FALSE, 0, 17, 11, "I420", NULL },
};

static gchar **
mix_texts (guint flags_extra)
{
  GRand *r = g_rand_new_with_seed (800);
  gchar **texts = g_new0 (gchar *, G_N_ELEMENTS (mix) + 1);

  for (guint i = 0; i < G_N_ELEMENTS (mix); i++) {
    gsize size;
    guint8 *data = mix[i].jpeg
                       ? make_jpeg (r, mix[i].w, mix[i].h, mix[i].gray, &size)
                       : random_png (r, mix[i].w, mix[i].h, mix[i].fmt, &size);

    texts[i] = make_text (data, size,
        flags_extra | (mix[i].mime ? TEXT_DATA_URI : 0), mix[i].mime);
    g_free (data);
  }
  g_rand_free (r);
  return texts;
}

static void
check_mix_buffer (GstBuffer *buf, GstCaps *caps, guint i)
{
  GstVideoInfo info;
  GstVideoFrame f;

  fail_unless (gst_video_info_from_caps (&info, caps));
  fail_unless_equals_string (
      gst_video_format_to_string (GST_VIDEO_INFO_FORMAT (&info)),
      mix[i].expect);
  fail_unless_equals_int (GST_VIDEO_INFO_WIDTH (&info), mix[i].w);
  fail_unless_equals_int (GST_VIDEO_INFO_HEIGHT (&info), mix[i].h);
  fail_unless (gst_video_frame_map (&f, &info, buf, GST_MAP_READ),
      "frame %u does not fit its caps", i);
  gst_video_frame_unmap (&f);
}

GST_START_TEST (test_mixed_framed)
{
  gchar **texts = mix_texts (0);
  GstHarness *h = new_dec (NULL, IN_FRAMED, NULL);

  for (guint i = 0; i < G_N_ELEMENTS (mix); i++) {
    GstBuffer *buf;
    GstCaps *caps;

    push_text (h, texts[i], NULL, 0);
    buf = gst_harness_try_pull (h);
    fail_unless (buf != NULL, "frame %u missing", i);
    caps = gst_pad_get_current_caps (h->sinkpad);
    check_mix_buffer (buf, caps, i);
    gst_caps_unref (caps);
    gst_buffer_unref (buf);
  }
  g_strfreev (texts);
  gst_harness_teardown (h);
}

GST_END_TEST;

/* All lines in one go: buffers and caps events in step. */
GST_START_TEST (test_mixed_stream)
{
  gchar **texts = mix_texts (TEXT_LINE);
  gchar *all = g_strjoinv ("", texts);
  GstHarness *h = new_dec (NULL, IN_NO_CAPS, NULL);
  GRand *r = g_rand_new_with_seed (801);
  GPtrArray *caps
      = g_ptr_array_new_with_free_func ((GDestroyNotify) gst_caps_unref);
  GstEvent *ev;

  push_text (h, all, r, 3000);
  fail_unless (gst_harness_push_event (h, gst_event_new_eos ()));
  fail_unless_equals_int (gst_harness_buffers_received (h), G_N_ELEMENTS (mix));
  while ((ev = gst_harness_try_pull_event (h))) {
    if (GST_EVENT_TYPE (ev) == GST_EVENT_CAPS) {
      GstCaps *c;

      gst_event_parse_caps (ev, &c);
      g_ptr_array_add (caps, gst_caps_ref (c));
    }
    gst_event_unref (ev);
  }
  /* every frame differs from the one before in layout or size */
  fail_unless_equals_int (caps->len, G_N_ELEMENTS (mix));
  for (guint i = 0; i < G_N_ELEMENTS (mix); i++) {
    GstBuffer *buf = gst_harness_pull (h);

    check_mix_buffer (buf, g_ptr_array_index (caps, i), i);
    gst_buffer_unref (buf);
  }
  g_ptr_array_unref (caps);
  g_rand_free (r);
  g_free (all);
  g_strfreev (texts);
  gst_harness_teardown (h);
}

GST_END_TEST;

/* ---- bad PNGs ------------------------------------------------------------ */

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

  it->label = g_strdup (label);
  it->text = make_text (data, size, TEXT_LINE, NULL);
  it->verdict = v;
  it->reason = reason;
  it->w = w;
  it->h = h;
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
  pos = find_chunk (bad, size, "IDAT");
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
  pos = find_chunk (png, size, "IDAT");
  add_item (items, "truncated IDAT", png,
      pos + 8 + GST_READ_UINT32_BE (png + pos) / 2, BAD, TRUNCATED, 0, 0);
  add_good (items, r, k++);

  /* IHDR claiming 100000x100000 */
  bad = g_memdup2 (png, size);
  set_ihdr_size (bad, 100000, 100000);
  add_item (items, "100000x100000", bad, size, BAD, "100000x100000", 0, 0);
  g_free (bad);
  add_good (items, r, k++);

  /* 16x16 whose IDAT inflates to 256 MiB */
  bomb = load_file ("bomb_idat.bin", &bsize);
  add_item (items, "IDAT bomb", bomb, bsize, EITHER, NULL, 16, 16);
  g_free (bomb);
  add_good (items, r, k++);

  /* 256 MiB in a zTXt chunk before IDAT */
  bomb = load_file ("bomb_ztxt.bin", &bsize);
  add_item (items, "zTXt bomb", bomb, bsize, EITHER, NULL, 16, 16);
  g_free (bomb);
  add_good (items, r, k++);

  g_free (png);

  /* 20000x20000 with 8 rows of data: over max-pixels */
  png = random_png (r, 20000, 8, B64_PNG_GRAY8, &size);
  set_ihdr_size (png, 20000, 20000);
  add_item (
      items, "20000x20000 truncated", png, size, BAD, "20000x20000", 0, 0);
  g_free (png);
  add_good (items, r, k++);

  /* 9000x9000 RGBA (under max-pixels: 324 MB if allocated and written)
   * with 4 rows of data */
  png = random_png (r, 9000, 4, B64_PNG_RGBA8, &size);
  set_ihdr_size (png, 9000, 9000);
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

/* Whether the warning's text (message or debug, any case) holds one of
 * the |-separated @reasons. */
static gboolean
warning_says (GstMessage *msg, const gchar *reasons)
{
  GError *err = NULL;
  gchar *debug = NULL, *text, **alts;
  gboolean ok = FALSE;

  gst_message_parse_warning (msg, &err, &debug);
  GST_INFO ("warning: %s (%s)", err->message, debug ? debug : "");
  text = g_ascii_strdown (err->message, -1);
  if (debug) {
    gchar *both = g_strconcat (text, " ", debug, NULL);

    g_free (text);
    text = g_ascii_strdown (both, -1);
    g_free (both);
  }
  alts = g_strsplit (reasons, "|", -1);
  for (gchar **a = alts; *a && !ok; a++) {
    gchar *want = g_ascii_strdown (*a, -1);

    ok = strstr (text, want) != NULL;
    g_free (want);
  }
  g_strfreev (alts);
  g_free (text);
  g_clear_error (&err);
  g_free (debug);
  return ok;
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
  gboolean can_reset = reset_peak ();
  gint64 t0 = g_get_monotonic_time ();

  for (guint i = 0; i < items->len; i++)
    n_good += ((BadItem *) g_ptr_array_index (items, i))->verdict == GOOD;
  base = peak_rss_kb ();
  for (guint i = 0; i < items->len; i++) {
    BadItem *it = g_ptr_array_index (items, i);
    guint before = gst_harness_buffers_received (h), out;
    GstMessage *msg, *more;
    GstBuffer *buf;
    gint64 t1 = g_get_monotonic_time ();

    push_text (h, it->text, mode == IN_FRAMED ? NULL : r, 1 << 16);
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

          current_info (h, &info);
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
        else if (!warning_says (msg, it->reason))
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
  peak = peak_rss_kb ();
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

  set_ihdr_size (png, 20000, 20000);
  text = make_text (png, size, TEXT_LINE, NULL);
  h = new_dec (NULL, IN_FRAMED, &bus);
  gst_harness_set (
      h, "b64imgdec", "max-pixels", G_GUINT64_CONSTANT (400000000), NULL);
  can_reset = reset_peak ();
  base = peak_rss_kb ();
  push_text (h, text, NULL, 0);
  peak = peak_rss_kb ();
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
  push_text (h, text, NULL, 0);
  fail_unless_equals_int (gst_harness_buffers_received (h), 1);
  g_free (png);
  g_free (text);
  msg = gst_bus_pop_filtered (bus, GST_MESSAGE_WARNING);
  fail_unless (msg != NULL, "dropped without a warning message");
  fail_unless (warning_says (msg, TRUNCATED), "warning does not say why");
  gst_message_unref (msg);
  free_dec (h, bus);
  g_rand_free (r);
}

GST_END_TEST;

/* ---- main ---------------------------------------------------------------- */

static void
make_fixtures (void)
{
  gchar *argv[] = { (gchar *) "/usr/bin/python3", (gchar *) "-c",
    (gchar *) fixture_script, NULL, NULL };
  gchar *err = NULL;
  gint status = 0;
  GError *error = NULL;

  fixture_dir = g_dir_make_tmp ("b64imgpng-XXXXXX", &error);
  g_assert_no_error (error);
  argv[3] = fixture_dir;
  if (!g_spawn_sync (NULL, argv, NULL, G_SPAWN_STDOUT_TO_DEV_NULL, NULL, NULL,
          NULL, &err, &status, &error)
      || !g_spawn_check_wait_status (status, &error)) {
    g_printerr (
        "fixture script failed: %s\n%s\n", error->message, err ? err : "");
    exit (1);
  }
  g_free (err);
  fixtures = g_ptr_array_new_with_free_func (fixture_free);
  load_script_fixtures ();
  add_wrapper_fixtures ();
}

static void
remove_fixtures (void)
{
  GDir *dir = g_dir_open (fixture_dir, 0, NULL);
  const gchar *name;

  while (dir && (name = g_dir_read_name (dir))) {
    gchar *file = g_build_filename (fixture_dir, name, NULL);

    g_unlink (file);
    g_free (file);
  }
  if (dir)
    g_dir_close (dir);
  g_rmdir (fixture_dir);
  g_free (fixture_dir);
  g_ptr_array_unref (fixtures);
}

static Suite *
b64imgpng_suite (void)
{
  Suite *s = suite_create ("b64imgpng");
  TCase *enc = tcase_create ("encoder");
  TCase *dec = tcase_create ("decoder");
  TCase *bad = tcase_create ("bad");

  suite_add_tcase (s, enc);
  tcase_add_test (enc, test_roundtrip_native);
  tcase_add_test (enc, test_roundtrip_packed);
  tcase_add_test (enc, test_roundtrip_packed_back);
  tcase_add_test (enc, test_roundtrip_i420);
  tcase_add_test (enc, test_data_uri);
  tcase_add_test (enc, test_compression_level);

  suite_add_tcase (s, dec);
  tcase_add_test (dec, test_fixtures_loaded);
  tcase_add_test (dec, test_decode_native_framed);
  tcase_add_test (dec, test_decode_native_stream);
  tcase_add_test (dec, test_decode_native_among_others);
  tcase_add_test (dec, test_decode_other_formats);
  tcase_add_test (dec, test_decode_downstream_order);
  tcase_add_test (dec, test_decode_with_framerate);
  tcase_add_test (dec, test_decode_16bit);
  tcase_add_test (dec, test_decode_gray16);
  tcase_add_test (dec, test_decode_gray8);
  tcase_add_test (dec, test_mixed_framed);
  tcase_add_test (dec, test_mixed_stream);

  suite_add_tcase (s, bad);
  tcase_add_test (bad, test_bad_framed);
  tcase_add_test (bad, test_bad_stream);
  tcase_add_test (bad, test_big_header_raised_limit);
  return s;
}

int
main (int argc, char **argv)
{
  Suite *s;
  SRunner *sr;
  int failed;

  /* meson sets MALLOC_PERTURB_, which fills every malloc'd block and so
   * makes untouched pages of big frames resident: peak memory would then
   * measure the test's environment, not the decoder. */
  mallopt (M_PERTURB, 0);
  gst_check_init (&argc, &argv);
  make_fixtures ();
  s = b64imgpng_suite ();
  sr = srunner_create (s);
  srunner_run_all (sr, CK_NORMAL);
  failed = srunner_ntests_failed (sr);
  srunner_free (sr);
  remove_fixtures ();
  return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}

#else /* !HAVE_SPNG */

int
main (void)
{
  return 77; /* skipped: built without libspng */
}

#endif
