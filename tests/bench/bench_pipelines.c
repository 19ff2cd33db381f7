/* b64img — frame-rate benchmark of b64imgenc/b64imgdec against jpegenc,
 * jpegdec, videoconvert and TurboJPEG alone, in process.
 * Copyright (C) 2026 The b64img authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * Subcommands (see .ci/bench, which drives them):
 *
 *   gen DIR W H N      writes N frames of camera-like content (smooth
 *                      gradients, band-limited texture, edges, sensor noise)
 *                      as DIR/frames-WxH.rgb (RGB), .i420f and .i420l (I420,
 *                      BT.601 full and limited range, GStreamer's default
 *                      layout) and the same frames as TurboJPEG q85 4:2:0
 *                      JPEGs in DIR/jpegs-WxH.bin (each prefixed by its
 *                      size, 4 bytes little-endian)
 *   list               prints the case names, one a line (threads=2 cases
 *                      only when the elements have a "threads" property)
 *   case NAME DIR W H FRAMES RUNS
 *                      runs one case and prints one tab-separated line:
 *                      name w h frames runs median_fps min_fps max_fps
 *                      cpu_ms_per_frame(median) bpp peak_rss_kib base_rss_kib
 *   tj DIR W H FRAMES RUNS
 *                      the same lines for TurboJPEG alone (and TurboJPEG
 *                      plus the project's base64 codec when linked in)
 *
 * Frames are loaded before timing and pushed from appsrc as buffers that
 * wrap the loaded memory (the source costs nothing); the sink is fakesink
 * sync=false. A warm-up, then RUNS timed runs of FRAMES frames each
 * (.ci/bench passes RUNS=1 and interleaves rounds of all cases instead, so
 * that a change of load on the machine hits every case alike).
 * Peak RSS is VmHWM at the end, reset (clear_refs 5) once the input is in
 * memory; base_rss is VmRSS at that point (the input frames and libraries).
 */
#include <gst/gst.h>
#include <gst/app/gstappsrc.h>
#include <gst/video/video.h>
#include <turbojpeg.h>

#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#ifndef BENCH_NO_B64CODEC
#include "b64codec.h"
#endif

#define QUALITY 85

/* ---- content ------------------------------------------------------------- */

static uint32_t
mix32 (uint32_t x)
{
  x ^= x >> 16;
  x *= 0x7feb352dU;
  x ^= x >> 15;
  x *= 0x846ca68bU;
  x ^= x >> 16;
  return x;
}

/* Lattice value in [-1, 1]. */
static float
lattice (int ix, int iy, uint32_t seed)
{
  uint32_t h = mix32 (
      (uint32_t) ix * 0x9e3779b1U ^ mix32 ((uint32_t) iy + seed * 0x85ebca6bU));
  return (float) (h >> 8) * (2.0f / 16777216.0f) - 1.0f;
}

/* Adds amp * (bilinear value noise of cell size @cell) to @acc (w x h),
 * shifted by (ox, oy) pixels. */
static void
add_octave (float *acc, int w, int h, float cell, float amp, uint32_t seed,
    float ox, float oy)
{
  float inv = 1.0f / cell;
  int gx0 = (int) floorf (ox * inv);
  int gw = (int) ((float) w * inv) + 3;
  float *row0 = malloc (sizeof (float) * gw),
        *row1 = malloc (sizeof (float) * gw);
  int cur_gy = INT32_MIN;

  for (int y = 0; y < h; y++) {
    float fy = ((float) y + oy) * inv;
    int gy = (int) floorf (fy);
    float ty = fy - (float) gy;
    float *a = acc + (size_t) y * w;

    ty = ty * ty * (3.0f - 2.0f * ty);
    if (gy != cur_gy) {
      for (int i = 0; i < gw; i++) {
        row0[i] = lattice (gx0 + i, gy, seed);
        row1[i] = lattice (gx0 + i, gy + 1, seed);
      }
      cur_gy = gy;
    }
    for (int x = 0; x < w; x++) {
      float fx = ((float) x + ox) * inv;
      int gx = (int) floorf (fx);
      float tx = fx - (float) gx;
      int i = gx - gx0;
      float top, bot;

      tx = tx * tx * (3.0f - 2.0f * tx);
      top = row0[i] + (row0[i + 1] - row0[i]) * tx;
      bot = row1[i] + (row1[i + 1] - row1[i]) * tx;
      a[x] += amp * (top + (bot - top) * ty);
    }
  }
  free (row0);
  free (row1);
}

static uint8_t
clamp8 (float v)
{
  return v <= 0.0f ? 0 : v >= 255.0f ? 255 : (uint8_t) (v + 0.5f);
}

/* Camera-like RGB frame @k: a lit scene of smooth colour gradients and
 * large soft shapes with hard edges, textured surfaces (band-limited
 * noise), and a little per-pixel sensor noise; the scene pans slowly. */
static void
make_frame (uint8_t *rgb, int w, int h, int k)
{
  size_t n = (size_t) w * h;
  float *lum = calloc (n, sizeof (float));
  float *cb = calloc (n, sizeof (float)), *cr = calloc (n, sizeof (float));
  float s = (float) w / 1920.0f; /* scene units */
  float pan = 3.0f * (float) k;
  uint32_t rng = 0x12345678U + (uint32_t) k * 7919U;

  /* scene lighting and colour: smooth, in scene units */
  add_octave (lum, w, h, 420.0f * s, 55.0f, 1, pan, 0);
  add_octave (lum, w, h, 120.0f * s, 30.0f, 2, pan, 0);
  add_octave (cb, w, h, 300.0f * s, 40.0f, 3, pan, 0);
  add_octave (cr, w, h, 260.0f * s, 40.0f, 4, pan, 0);
  add_octave (cb, w, h, 60.0f * s, 10.0f, 5, pan, 0);
  add_octave (cr, w, h, 60.0f * s, 10.0f, 6, pan, 0);
  /* surface texture: band-limited, in pixels, as a camera resolves it */
  add_octave (lum, w, h, 24.0f, 16.0f, 7, pan, 0);
  add_octave (lum, w, h, 7.0f, 15.0f, 8, pan, 0);
  add_octave (lum, w, h, 2.5f, 15.0f, 9, pan, 0);

  /* objects with hard edges: rectangles and discs */
  for (int o = 0; o < 24; o++) {
    uint32_t r = mix32 (1000 + o);
    float cx = (float) (r % 1920) * s + pan,
          cy = (float) ((r >> 11) % 1080) * s,
          rad = (40.0f + (float) ((r >> 21) % 200)) * s;
    float dl = (float) ((int) (mix32 (r) % 160) - 80);
    float dcb = (float) ((int) (mix32 (r + 1) % 80) - 40);
    float dcr = (float) ((int) (mix32 (r + 2) % 80) - 40);
    gboolean disc = (r & 1) != 0;
    int x0 = (int) fmaxf (0, cx - rad), x1 = (int) fminf (w, cx + rad);
    int y0 = (int) fmaxf (0, cy - rad * 0.7f),
        y1 = (int) fminf (h, cy + rad * 0.7f);

    for (int y = y0; y < y1; y++)
      for (int x = x0; x < x1; x++) {
        float dx = ((float) x - cx) / rad, dy = ((float) y - cy) / (rad * 0.7f);
        size_t i = (size_t) y * w + x;

        if (disc && dx * dx + dy * dy > 1.0f)
          continue;
        lum[i] += dl;
        cb[i] += dcb;
        cr[i] += dcr;
      }
  }

  for (size_t i = 0; i < n; i++) {
    float y, u, v, noise;

    rng ^= rng << 13;
    rng ^= rng >> 17;
    rng ^= rng << 5;
    noise = (float) (rng & 0xff) * (4.0f / 255.0f) - 2.0f; /* sensor */
    y = 118.0f + lum[i] + noise;
    u = cb[i];
    v = cr[i];
    rgb[3 * i + 0] = clamp8 (y + 1.402f * v);
    rgb[3 * i + 1] = clamp8 (y - 0.344136f * u - 0.714136f * v);
    rgb[3 * i + 2] = clamp8 (y + 1.772f * u);
  }
  free (lum);
  free (cb);
  free (cr);
}

/* RGB to I420 in GStreamer's default layout for @info, BT.601 (JFIF)
 * matrix, full or limited range, chroma averaged over 2x2. */
static void
rgb_to_i420 (
    const uint8_t *rgb, const GstVideoInfo *info, uint8_t *dst, gboolean full)
{
  int w = GST_VIDEO_INFO_WIDTH (info), h = GST_VIDEO_INFO_HEIGHT (info);
  uint8_t *yp = dst + GST_VIDEO_INFO_PLANE_OFFSET (info, 0);
  uint8_t *up = dst + GST_VIDEO_INFO_PLANE_OFFSET (info, 1);
  uint8_t *vp = dst + GST_VIDEO_INFO_PLANE_OFFSET (info, 2);
  int ys = GST_VIDEO_INFO_PLANE_STRIDE (info, 0);
  int us = GST_VIDEO_INFO_PLANE_STRIDE (info, 1);
  int vs = GST_VIDEO_INFO_PLANE_STRIDE (info, 2);
  float ysc = full ? 1.0f : 219.0f / 255.0f, yoff = full ? 0.0f : 16.0f;
  float csc = full ? 1.0f : 224.0f / 255.0f;

  for (int y = 0; y < h; y++)
    for (int x = 0; x < w; x++) {
      const uint8_t *p = rgb + ((size_t) y * w + x) * 3;
      float l = 0.299f * p[0] + 0.587f * p[1] + 0.114f * p[2];
      yp[(size_t) y * ys + x] = clamp8 (yoff + l * ysc);
    }
  for (int y = 0; y < (h + 1) / 2; y++)
    for (int x = 0; x < (w + 1) / 2; x++) {
      float r = 0, g = 0, b = 0;
      int c = 0;

      for (int dy = 0; dy < 2; dy++)
        for (int dx = 0; dx < 2; dx++) {
          int sx = 2 * x + dx, sy = 2 * y + dy;
          const uint8_t *p;

          if (sx >= w || sy >= h)
            continue;
          p = rgb + ((size_t) sy * w + sx) * 3;
          r += p[0];
          g += p[1];
          b += p[2];
          c++;
        }
      r /= c;
      g /= c;
      b /= c;
      up[(size_t) y * us + x]
          = clamp8 (128.0f + csc * (-0.168736f * r - 0.331264f * g + 0.5f * b));
      vp[(size_t) y * vs + x]
          = clamp8 (128.0f + csc * (0.5f * r - 0.418688f * g - 0.081312f * b));
    }
}

/* ---- input files --------------------------------------------------------- */

typedef struct
{
  int w, h, n;
  uint8_t *raw; /* n raw frames, frame_size bytes each */
  gsize frame_size;
  guint8 **jpeg; /* n JPEGs */
  gsize *jpeg_size;
} Input;

/* DIR/frames-WxH.rgb (RGB), .i420f (I420 full range), .i420l (I420
 * limited range), all in GStreamer's default layout; DIR/jpegs-WxH.bin */
static gchar *
path_of (const char *dir, const char *ext, int w, int h)
{
  return g_strdup_printf ("%s/%s-%dx%d.%s", dir,
      strcmp (ext, "bin") ? "frames" : "jpegs", w, h, ext);
}

static int
cmd_gen (const char *dir, int w, int h, int n)
{
  gchar *fpath = path_of (dir, "rgb", w, h);
  gchar *jpath = path_of (dir, "bin", w, h);
  gchar *ffpath = path_of (dir, "i420f", w, h);
  gchar *flpath = path_of (dir, "i420l", w, h);
  FILE *ff = fopen (fpath, "wb"), *jf = fopen (jpath, "wb");
  FILE *fff = fopen (ffpath, "wb"), *ffl = fopen (flpath, "wb");
  size_t fsize = (size_t) w * h * 3;
  uint8_t *rgb = malloc (fsize), *i420;
  tjhandle tj = tjInitCompress ();
  double bits = 0;
  GstVideoInfo vinfo;

  gst_video_info_set_format (&vinfo, GST_VIDEO_FORMAT_I420, w, h);
  i420 = malloc (vinfo.size);
  if (!ff || !jf || !fff || !ffl || !rgb || !i420 || !tj) {
    fprintf (stderr, "gen: cannot write %s\n", dir);
    return 1;
  }
  for (int k = 0; k < n; k++) {
    unsigned char *jpeg = NULL;
    unsigned long jsize = 0;
    uint8_t le[4];

    make_frame (rgb, w, h, k);
    fwrite (rgb, 1, fsize, ff);
    rgb_to_i420 (rgb, &vinfo, i420, TRUE);
    fwrite (i420, 1, vinfo.size, fff);
    rgb_to_i420 (rgb, &vinfo, i420, FALSE);
    fwrite (i420, 1, vinfo.size, ffl);
    if (tjCompress2 (tj, rgb, w, w * 3, h, TJPF_RGB, &jpeg, &jsize, TJSAMP_420,
            QUALITY, 0)
        != 0) {
      fprintf (stderr, "gen: %s\n", tjGetErrorStr2 (tj));
      return 1;
    }
    for (int i = 0; i < 4; i++)
      le[i] = (uint8_t) (jsize >> (8 * i));
    fwrite (le, 1, 4, jf);
    fwrite (jpeg, 1, jsize, jf);
    bits += 8.0 * jsize;
    tjFree (jpeg);
  }
  fclose (ff);
  fclose (jf);
  fclose (fff);
  fclose (ffl);
  tjDestroy (tj);
  free (rgb);
  free (i420);
  g_free (ffpath);
  g_free (flpath);
  printf ("%dx%d: %d frames, %.2f bits per pixel at q%d 4:2:0\n", w, h, n,
      bits / n / w / h, QUALITY);
  g_free (fpath);
  g_free (jpath);
  return 0;
}

/* Loads the raw frames of extension @ext (NULL: none) and/or the JPEGs. */
static gboolean
load_input (Input *in, const char *dir, int w, int h, const char *ext,
    gboolean want_jpeg)
{
  gchar *fpath = ext ? path_of (dir, ext, w, h) : NULL;
  gchar *jpath = path_of (dir, "bin", w, h);
  gchar *data = NULL;
  gsize len = 0;
  gboolean ok = FALSE;

  memset (in, 0, sizeof (*in));
  in->w = w;
  in->h = h;
  if (ext) {
    GstVideoInfo vinfo;

    gst_video_info_set_format (&vinfo,
        strcmp (ext, "rgb") ? GST_VIDEO_FORMAT_I420 : GST_VIDEO_FORMAT_RGB, w,
        h);
    if (!g_file_get_contents (fpath, &data, &len, NULL))
      goto out;
    in->raw = (uint8_t *) data;
    in->frame_size = vinfo.size;
    in->n = (int) (len / vinfo.size);
  }
  if (want_jpeg) {
    gsize pos = 0;
    int n = 0;

    if (!g_file_get_contents (jpath, &data, &len, NULL))
      goto out;
    in->jpeg = g_new0 (guint8 *, 1024);
    in->jpeg_size = g_new0 (gsize, 1024);
    while (pos + 4 <= len && n < 1024) {
      const guint8 *p = (const guint8 *) data + pos;
      gsize s = p[0] | (p[1] << 8) | (p[2] << 16) | ((gsize) p[3] << 24);

      in->jpeg[n] = g_memdup2 (p + 4, s);
      in->jpeg_size[n++] = s;
      pos += 4 + s;
    }
    g_free (data);
    in->n = in->n ? MIN (in->n, n) : n;
  }
  ok = in->n > 0;
out:
  if (!ok)
    fprintf (stderr, "cannot read the input in %s (run gen first)\n", dir);
  g_free (fpath);
  g_free (jpath);
  return ok;
}

/* ---- measurement helpers -------------------------------------------------- */

static long
status_kib (const char *field)
{
  FILE *f = fopen ("/proc/self/status", "r");
  char line[256];
  long v = -1;
  size_t fl = strlen (field);

  if (!f)
    return -1;
  while (fgets (line, sizeof (line), f))
    if (strncmp (line, field, fl) == 0 && line[fl] == ':')
      v = strtol (line + fl + 1, NULL, 10);
  fclose (f);
  return v;
}

static void
reset_peak_rss (void)
{
  FILE *f = fopen ("/proc/self/clear_refs", "w");

  if (f) {
    fputs ("5", f);
    fclose (f);
  }
}

static int
cmp_double (const void *a, const void *b)
{
  double x = *(const double *) a, y = *(const double *) b;
  return x < y ? -1 : x > y;
}

static double
median (double *v, int n)
{
  qsort (v, n, sizeof (double), cmp_double);
  return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

/* CPU time of the whole process (all threads), in seconds */
static double
cpu_seconds (void)
{
  struct timespec ts;

  clock_gettime (CLOCK_PROCESS_CPUTIME_ID, &ts);
  return ts.tv_sec + ts.tv_nsec / 1e9;
}

static void
print_result (const char *name, const Input *in, int frames, int runs,
    double *fps, double *cpu_ms, double bpp, long peak, long base)
{
  double med = median (fps, runs);

  printf ("%s\t%d\t%d\t%d\t%d\t%.2f\t%.2f\t%.2f\t%.3f\t%.3f\t%ld\t%ld\n", name,
      in->w, in->h, frames, runs, med, fps[0], fps[runs - 1],
      median (cpu_ms, runs), bpp, peak, base);
  fflush (stdout);
}

/* ---- GStreamer cases ------------------------------------------------------ */

typedef enum
{
  IN_I420_LIMITED,
  IN_I420_FULL,
  IN_RGB,
  IN_TEXT,
  IN_JSON, /* NDJSON lines as b64imgenc envelope=json writes them */
  IN_JPEG,
} InputKind;

typedef struct
{
  const char *name;
  InputKind input;
  const char *pipeline; /* between appsrc and fakesink */
  gboolean threads;     /* needs a "threads" property */
  const char *thread_element;
  int reduce; /* > 0: the pipeline takes ceil (w / reduce), ceil (h / reduce)
               * as its two printf arguments (a caps size) */
} Case;

/* One "threads=2" case per b64img path, added when the property exists. */
static const Case cases[] = {
  { "enc-b64imgenc-i420-limited", IN_I420_LIMITED, "b64imgenc quality=85",
      FALSE, NULL, 0 },
  { "enc-b64imgenc-i420-full", IN_I420_FULL, "b64imgenc quality=85", FALSE,
      NULL, 0 },
  { "enc-jpegenc-i420-limited", IN_I420_LIMITED, "jpegenc quality=85", FALSE,
      NULL, 0 },
  { "enc-jpegenc-i420-full", IN_I420_FULL, "jpegenc quality=85", FALSE, NULL,
      0 },
  { "enc-b64imgenc-rgb", IN_RGB, "b64imgenc quality=85", FALSE, NULL, 0 },
  { "enc-videoconvert-jpegenc-rgb", IN_RGB,
      "videoconvert ! video/x-raw,format=I420 ! jpegenc quality=85", FALSE,
      NULL, 0 },
  { "dec-b64imgdec-i420", IN_TEXT, "b64imgdec ! video/x-raw,format=I420", FALSE,
      NULL, 0 },
  { "dec-jpegdec-i420", IN_JPEG, "jpegdec ! video/x-raw,format=I420", FALSE,
      NULL, 0 },
  { "dec-jpegdec-islow-i420", IN_JPEG,
      "jpegdec idct-method=islow ! video/x-raw,format=I420", FALSE, NULL, 0 },
  { "dec-b64imgdec-ifast-i420", IN_TEXT,
      "b64imgdec idct-method=ifast ! video/x-raw,format=I420", FALSE, NULL, 0 },
  { "dec-b64imgdec-ifast-rgb", IN_TEXT,
      "b64imgdec idct-method=ifast ! video/x-raw,format=RGB", FALSE, NULL, 0 },
  { "dec-b64imgdec-rgb", IN_TEXT, "b64imgdec ! video/x-raw,format=RGB", FALSE,
      NULL, 0 },
  { "dec-jpegdec-videoconvert-rgb", IN_JPEG,
      "jpegdec ! videoconvert ! video/x-raw,format=RGB", FALSE, NULL, 0 },
  { "enc-b64imgenc-i420-limited-t2", IN_I420_LIMITED,
      "b64imgenc quality=85 threads=2", TRUE, "b64imgenc", 0 },
  { "enc-b64imgenc-i420-full-t2", IN_I420_FULL,
      "b64imgenc quality=85 threads=2", TRUE, "b64imgenc", 0 },
  { "enc-b64imgenc-rgb-t2", IN_RGB, "b64imgenc quality=85 threads=2", TRUE,
      "b64imgenc", 0 },
  { "dec-b64imgdec-i420-t2", IN_TEXT,
      "b64imgdec threads=2 ! video/x-raw,format=I420", TRUE, "b64imgdec", 0 },
  { "dec-b64imgdec-rgb-t2", IN_TEXT,
      "b64imgdec threads=2 ! video/x-raw,format=RGB", TRUE, "b64imgdec", 0 },
  /* scaled decoding: reduce, downstream's caps, and the stock way */
  { "dec-b64imgdec-reduce4-rgb", IN_TEXT,
      "b64imgdec reduce=4 ! video/x-raw,format=RGB", FALSE, NULL, 0 },
  { "dec-b64imgdec-caps4-rgb", IN_TEXT,
      "b64imgdec ! video/x-raw,format=RGB,width=%d,height=%d", FALSE, NULL, 4 },
  { "dec-b64imgdec-videoscale4-rgb", IN_TEXT,
      "b64imgdec ! videoscale ! video/x-raw,width=%d,height=%d ! "
      "videoconvert ! video/x-raw,format=RGB",
      FALSE, NULL, 4 },
  { "dec-b64imgdec-reduce8-rgb", IN_TEXT,
      "b64imgdec reduce=8 ! video/x-raw,format=RGB", FALSE, NULL, 0 },
  { "dec-b64imgdec-videoscale8-rgb", IN_TEXT,
      "b64imgdec ! videoscale ! video/x-raw,width=%d,height=%d ! "
      "videoconvert ! video/x-raw,format=RGB",
      FALSE, NULL, 8 },
  { "dec-b64imgdec-reduce4-i420", IN_TEXT,
      "b64imgdec reduce=4 ! video/x-raw,format=I420", FALSE, NULL, 0 },
  { "dec-b64imgdec-reduce8-i420", IN_TEXT,
      "b64imgdec reduce=8 ! video/x-raw,format=I420", FALSE, NULL, 0 },
  /* JSON lines both ways, against the plain rows above */
  { "enc-b64imgenc-i420-full-json", IN_I420_FULL,
      "b64imgenc quality=85 envelope=json", FALSE, NULL, 0 },
  { "dec-b64imgdec-json-i420", IN_JSON, "b64imgdec ! video/x-raw,format=I420",
      FALSE, NULL, 0 },
  /* Huffman tables fitted per frame */
  { "enc-b64imgenc-i420-full-optimize", IN_I420_FULL,
      "b64imgenc quality=85 optimize=true", FALSE, NULL, 0 },
  { "enc-b64imgenc-rgb-optimize", IN_RGB, "b64imgenc quality=85 optimize=true",
      FALSE, NULL, 0 },
};

static gboolean
has_threads (const char *factory_name)
{
  GstElement *e = gst_element_factory_make (factory_name, NULL);
  gboolean yes;

  if (!e)
    return FALSE;
  yes = g_object_class_find_property (G_OBJECT_GET_CLASS (e), "threads")
        != NULL;
  gst_object_unref (e);
  return yes;
}

static int
cmd_list (void)
{
  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    if (!cases[i].threads || has_threads (cases[i].thread_element))
      printf ("%s\n", cases[i].name);
  return 0;
}

typedef struct
{
  GMutex lock;
  GCond cond;
  guint64 count;
  guint64 bytes;
} Sink;

static void
on_handoff (G_GNUC_UNUSED GstElement *sink, GstBuffer *buf,
    G_GNUC_UNUSED GstPad *pad, Sink *s)
{
  g_mutex_lock (&s->lock);
  s->count++;
  s->bytes += gst_buffer_get_size (buf);
  g_cond_signal (&s->cond);
  g_mutex_unlock (&s->lock);
}

/* Waits until the sink has @target buffers; FALSE on a pipeline error. */
static gboolean
wait_count (Sink *s, guint64 target, GstBus *bus)
{
  gboolean ok = TRUE;

  g_mutex_lock (&s->lock);
  while (s->count < target && ok) {
    gint64 until = g_get_monotonic_time () + 100 * G_TIME_SPAN_MILLISECOND;
    GstMessage *m;

    g_cond_wait_until (&s->cond, &s->lock, until);
    if (s->count >= target)
      break;
    g_mutex_unlock (&s->lock);
    m = gst_bus_pop_filtered (bus, GST_MESSAGE_ERROR);
    if (m) {
      GError *err = NULL;
      gchar *dbg = NULL;

      gst_message_parse_error (m, &err, &dbg);
      fprintf (stderr, "error: %s (%s)\n", err->message, dbg ? dbg : "");
      g_clear_error (&err);
      g_free (dbg);
      gst_message_unref (m);
      ok = FALSE;
    }
    g_mutex_lock (&s->lock);
  }
  g_mutex_unlock (&s->lock);
  return ok;
}

static int
cmd_case (const char *name, const char *dir, int w, int h, int frames, int runs)
{
  const Case *c = NULL;
  Input in;
  GstElement *pipeline, *src, *sink;
  GstBus *bus;
  GstCaps *caps;
  gchar *desc, *body;
  GError *err = NULL;
  guint8 **data;
  gsize *sizes;
  int n;
  Sink s;
  double *fps, *cpu_ms;
  guint64 pushed = 0, bytes0;
  int warm = MAX (4, frames / 4);
  long base, peak;
  gsize max_size = 0;
  double bpp = 0;

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    if (strcmp (cases[i].name, name) == 0)
      c = &cases[i];
  if (!c) {
    fprintf (stderr, "unknown case %s\n", name);
    return 2;
  }
  if (!load_input (&in, dir, w, h,
          c->input == IN_RGB            ? "rgb"
          : c->input == IN_I420_FULL    ? "i420f"
          : c->input == IN_I420_LIMITED ? "i420l"
                                        : NULL,
          c->input == IN_TEXT || c->input == IN_JSON || c->input == IN_JPEG))
    return 1;
  n = in.n;
  data = g_new0 (guint8 *, n);
  sizes = g_new0 (gsize, n);

  for (int k = 0; k < n; k++) {
    switch (c->input) {
      case IN_RGB:
      case IN_I420_LIMITED:
      case IN_I420_FULL:
        data[k] = in.raw + (size_t) k * in.frame_size;
        sizes[k] = in.frame_size;
        break;
      case IN_TEXT: {
        gchar *t = g_base64_encode (in.jpeg[k], in.jpeg_size[k]);
        gsize l = strlen (t);

        /* one frame per line, as b64imgenc writes it */
        data[k] = g_malloc (l + 1);
        memcpy (data[k], t, l);
        data[k][l] = '\n';
        sizes[k] = l + 1;
        g_free (t);
        g_free (in.jpeg[k]);
        break;
      }
      case IN_JSON: {
        gchar *t = g_base64_encode (in.jpeg[k], in.jpeg_size[k]);
        gchar *line = g_strdup_printf (
            "{\"pts\":%" G_GINT64_FORMAT ",\"duration\":33333333,"
            "\"width\":%d,\"height\":%d,\"type\":\"image/jpeg\","
            "\"data\":\"%s\"}\n",
            (gint64) k * 33333333, w, h, t);

        data[k] = (guint8 *) line;
        sizes[k] = strlen (line);
        g_free (t);
        g_free (in.jpeg[k]);
        break;
      }
      case IN_JPEG:
        data[k] = in.jpeg[k];
        sizes[k] = in.jpeg_size[k];
        break;
    }
    max_size = MAX (max_size, sizes[k]);
  }

  switch (c->input) {
    case IN_RGB:
      caps = gst_caps_new_simple ("video/x-raw", "format", G_TYPE_STRING, "RGB",
          "width", G_TYPE_INT, w, "height", G_TYPE_INT, h, "framerate",
          GST_TYPE_FRACTION, 30, 1, NULL);
      break;
    case IN_I420_LIMITED:
    case IN_I420_FULL:
      caps = gst_caps_new_simple ("video/x-raw", "format", G_TYPE_STRING,
          "I420", "width", G_TYPE_INT, w, "height", G_TYPE_INT, h, "framerate",
          GST_TYPE_FRACTION, 30, 1, "colorimetry", G_TYPE_STRING,
          c->input == IN_I420_FULL ? "1:4:0:0" : "bt601", NULL);
      break;
    case IN_TEXT:
    case IN_JSON:
      caps = gst_caps_from_string (
          "image/x-base64, framed=(boolean)true, "
          "payload=(string)image/jpeg, framerate=(fraction)30/1");
      break;
    default:
      caps = gst_caps_new_simple ("image/jpeg", "parsed", G_TYPE_BOOLEAN, TRUE,
          "width", G_TYPE_INT, w, "height", G_TYPE_INT, h, "framerate",
          GST_TYPE_FRACTION, 30, 1, NULL);
      break;
  }

  if (c->reduce > 0) {
    int k = c->reduce;

    /* the case's own pattern, from the table above */
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wformat-nonliteral"
    body = g_strdup_printf (c->pipeline, (w + k - 1) / k, (h + k - 1) / k);
#pragma GCC diagnostic pop
  } else {
    body = g_strdup (c->pipeline);
  }
  desc = g_strdup_printf ("appsrc name=src ! %s ! fakesink name=sink "
                          "sync=false async=false signal-handoffs=true",
      body);
  g_free (body);
  pipeline = gst_parse_launch (desc, &err);
  if (!pipeline) {
    fprintf (stderr, "%s: %s\n", desc, err->message);
    return 1;
  }
  g_free (desc);
  src = gst_bin_get_by_name (GST_BIN (pipeline), "src");
  sink = gst_bin_get_by_name (GST_BIN (pipeline), "sink");
  g_object_set (src, "caps", caps, "format", GST_FORMAT_TIME, "block", TRUE,
      "max-bytes", (guint64) (2 * max_size), NULL);
  gst_caps_unref (caps);
  g_mutex_init (&s.lock);
  g_cond_init (&s.cond);
  s.count = s.bytes = 0;
  g_signal_connect (sink, "handoff", G_CALLBACK (on_handoff), &s);
  bus = gst_element_get_bus (pipeline);

  base = status_kib ("VmRSS");
  reset_peak_rss ();
  gst_element_set_state (pipeline, GST_STATE_PLAYING);

  fps = g_new0 (double, runs);
  cpu_ms = g_new0 (double, runs);
  bytes0 = 0;
  for (int r = -1; r < runs; r++) {
    int count = r < 0 ? warm : frames;
    gint64 t0 = g_get_monotonic_time ();
    double c0 = cpu_seconds ();

    if (r == 0) {
      g_mutex_lock (&s.lock);
      bytes0 = s.bytes;
      g_mutex_unlock (&s.lock);
    }
    for (int i = 0; i < count; i++, pushed++) {
      int k = (int) (pushed % n);
      GstBuffer *b = gst_buffer_new_wrapped_full (
          GST_MEMORY_FLAG_READONLY, data[k], sizes[k], 0, sizes[k], NULL, NULL);

      GST_BUFFER_PTS (b) = gst_util_uint64_scale (pushed, GST_SECOND, 30);
      GST_BUFFER_DURATION (b) = GST_SECOND / 30;
      if (gst_app_src_push_buffer (GST_APP_SRC (src), b) != GST_FLOW_OK) {
        fprintf (stderr, "%s: push failed\n", name);
        return 1;
      }
    }
    if (!wait_count (&s, pushed, bus)) {
      fprintf (stderr, "%s: pipeline failed\n", name);
      return 1;
    }
    if (r >= 0) {
      fps[r] = count / ((g_get_monotonic_time () - t0) / 1e6);
      cpu_ms[r] = (cpu_seconds () - c0) * 1e3 / count;
    }
  }
  gst_app_src_end_of_stream (GST_APP_SRC (src));
  gst_message_unref (gst_bus_timed_pop_filtered (
      bus, 10 * GST_SECOND, GST_MESSAGE_EOS | GST_MESSAGE_ERROR));
  peak = status_kib ("VmHWM");

  if (c->input != IN_TEXT && c->input != IN_JSON && c->input != IN_JPEG) {
    /* bits of JPEG per pixel; base64 text is 4/3 of it plus a LF */
    double out = (double) (s.bytes - bytes0) / ((double) frames * runs);

    if (strstr (c->pipeline, "b64imgenc"))
      out = (out - 1) * 3.0 / 4.0;
    bpp = out * 8.0 / ((double) w * h);
  }
  print_result (name, &in, frames, runs, fps, cpu_ms, bpp, peak, base);

  gst_element_set_state (pipeline, GST_STATE_NULL);
  gst_object_unref (bus);
  gst_object_unref (src);
  gst_object_unref (sink);
  gst_object_unref (pipeline);
  return 0;
}

/* ---- TurboJPEG alone ------------------------------------------------------ */

typedef enum
{
  TJ_ENC_I420,
  TJ_ENC_RGB,
  TJ_DEC_I420,
  TJ_DEC_RGB,
} TjOp;

typedef struct
{
  Input *in;
  tjhandle enc, dec;
  uint8_t **i420; /* full-range frames, GStreamer layout */
  uint8_t **rgb;
  GstVideoInfo vinfo;
  gchar **text; /* base64 of each JPEG */
  gsize *text_len;
  unsigned char *jbuf; /* tjBufSize() */
  uint8_t *planes[3];  /* decoded planes, MCU-padded */
  int pstrides[3];
  uint8_t *rgb_out;
  char *tbuf;    /* base64 output */
  uint8_t *dbuf; /* base64-decoded JPEG */
  gsize out_bytes;
} Tj;

static gboolean
tj_once (Tj *t, TjOp op, int k, gboolean with_b64)
{
  Input *in = t->in;
  int w = in->w, h = in->h;
  unsigned long len = tjBufSize (w, h, TJSAMP_420);
  const unsigned char *jpeg = in->jpeg[k];
  gsize jsize = in->jpeg_size[k];
  int r = 0;

  switch (op) {
    case TJ_ENC_I420: {
      const unsigned char *p[3];
      int st[3];

      for (int i = 0; i < 3; i++) {
        p[i] = t->i420[k] + GST_VIDEO_INFO_PLANE_OFFSET (&t->vinfo, i);
        st[i] = GST_VIDEO_INFO_PLANE_STRIDE (&t->vinfo, i);
      }
      r = tjCompressFromYUVPlanes (t->enc, p, w, st, h, TJSAMP_420, &t->jbuf,
          &len, QUALITY, TJFLAG_NOREALLOC);
      break;
    }
    case TJ_ENC_RGB:
      r = tjCompress2 (t->enc, t->rgb[k], w, w * 3, h, TJPF_RGB, &t->jbuf, &len,
          TJSAMP_420, QUALITY, TJFLAG_NOREALLOC);
      break;
    case TJ_DEC_I420:
    case TJ_DEC_RGB:
#ifndef BENCH_NO_B64CODEC
      if (with_b64) {
        size_t dl = 0;

        if (b64_decode (t->text[k], t->text_len[k], t->dbuf, &dl,
                B64_DECODE_SKIP_SPACE | B64_DECODE_SKIP_LF, NULL)
            != B64_DECODE_OK)
          return FALSE;
        jpeg = t->dbuf;
        jsize = dl;
      }
#endif
      if (op == TJ_DEC_I420)
        r = tjDecompressToYUVPlanes (t->dec, jpeg, jsize, t->planes, w,
            t->pstrides, h, TJFLAG_STOPONWARNING);
      else
        r = tjDecompress2 (t->dec, jpeg, jsize, t->rgb_out, w, w * 3, h,
            TJPF_RGB, TJFLAG_STOPONWARNING);
      break;
  }
  if (r != 0) {
    fprintf (stderr, "TurboJPEG: %s\n",
        tjGetErrorStr2 (op >= TJ_DEC_I420 ? t->dec : t->enc));
    return FALSE;
  }
  if (op <= TJ_ENC_RGB) {
    t->out_bytes += len;
#ifndef BENCH_NO_B64CODEC
    if (with_b64)
      b64_encode (t->jbuf, len, t->tbuf, B64_ALPHABET_STANDARD, true);
#endif
  }
  return TRUE;
}

static int
cmd_tj (const char *dir, int w, int h, int frames, int runs)
{
  static const struct
  {
    const char *name;
    TjOp op;
    gboolean b64;
  } ops[] = {
    { "tj-enc-i420", TJ_ENC_I420, FALSE },
    { "tj-enc-rgb", TJ_ENC_RGB, FALSE },
    { "tj-dec-i420", TJ_DEC_I420, FALSE },
    { "tj-dec-rgb", TJ_DEC_RGB, FALSE },
#ifndef BENCH_NO_B64CODEC
    { "tjb64-enc-i420", TJ_ENC_I420, TRUE },
    { "tjb64-enc-rgb", TJ_ENC_RGB, TRUE },
    { "tjb64-dec-i420", TJ_DEC_I420, TRUE },
    { "tjb64-dec-rgb", TJ_DEC_RGB, TRUE },
#endif
  };
  Input in, rin;
  Tj t;
  gsize max_jpeg = 0;
  double *fps = g_new0 (double, runs), *cpu_ms = g_new0 (double, runs);

  if (!load_input (&in, dir, w, h, "i420f", TRUE)
      || !load_input (&rin, dir, w, h, "rgb", FALSE))
    return 1;
  in.n = MIN (in.n, rin.n);
  memset (&t, 0, sizeof (t));
  t.in = &in;
  t.enc = tjInitCompress ();
  t.dec = tjInitDecompress ();
  gst_video_info_set_format (&t.vinfo, GST_VIDEO_FORMAT_I420, w, h);
  t.i420 = g_new0 (uint8_t *, in.n);
  t.rgb = g_new0 (uint8_t *, in.n);
  t.text = g_new0 (gchar *, in.n);
  t.text_len = g_new0 (gsize, in.n);
  for (int k = 0; k < in.n; k++) {
    t.i420[k] = in.raw + (size_t) k * in.frame_size;
    t.rgb[k] = rin.raw + (size_t) k * rin.frame_size;
    t.text[k] = g_base64_encode (in.jpeg[k], in.jpeg_size[k]);
    t.text_len[k] = strlen (t.text[k]);
    max_jpeg = MAX (max_jpeg, in.jpeg_size[k]);
  }
  t.jbuf = tjAlloc (tjBufSize (w, h, TJSAMP_420));
  for (int i = 0; i < 3; i++) {
    t.pstrides[i] = tjPlaneWidth (i, w, TJSAMP_420);
    t.planes[i]
        = malloc ((size_t) t.pstrides[i] * tjPlaneHeight (i, h, TJSAMP_420));
    memset (t.planes[i], 0,
        (size_t) t.pstrides[i] * tjPlaneHeight (i, h, TJSAMP_420));
  }
  t.rgb_out = calloc ((size_t) w * h, 3);
  t.tbuf = calloc (tjBufSize (w, h, TJSAMP_420) / 3 * 4 + 8, 1);
  t.dbuf = calloc (max_jpeg + 16, 1);

  for (guint o = 0; o < G_N_ELEMENTS (ops); o++) {
    int warm = MAX (4, frames / 4), k = 0;

    for (int i = 0; i < warm; i++)
      if (!tj_once (&t, ops[o].op, k++ % in.n, ops[o].b64))
        return 1;
    t.out_bytes = 0;
    for (int r = 0; r < runs; r++) {
      gint64 t0 = g_get_monotonic_time ();
      double c0 = cpu_seconds ();

      for (int i = 0; i < frames; i++)
        if (!tj_once (&t, ops[o].op, k++ % in.n, ops[o].b64))
          return 1;
      fps[r] = frames / ((g_get_monotonic_time () - t0) / 1e6);
      cpu_ms[r] = (cpu_seconds () - c0) * 1e3 / frames;
    }
    print_result (ops[o].name, &in, frames, runs, fps, cpu_ms,
        ops[o].op <= TJ_ENC_RGB
            ? t.out_bytes * 8.0 / ((double) frames * runs * w * h)
            : 0.0,
        -1, -1);
  }
  return 0;
}

int
main (int argc, char **argv)
{
  gst_init (&argc, &argv);
  if (argc == 6 && strcmp (argv[1], "gen") == 0)
    return cmd_gen (argv[2], atoi (argv[3]), atoi (argv[4]), atoi (argv[5]));
  if (argc == 2 && strcmp (argv[1], "list") == 0)
    return cmd_list ();
  if (argc == 8 && strcmp (argv[1], "case") == 0)
    return cmd_case (argv[2], argv[3], atoi (argv[4]), atoi (argv[5]),
        atoi (argv[6]), atoi (argv[7]));
  if (argc == 7 && strcmp (argv[1], "tj") == 0)
    return cmd_tj (argv[2], atoi (argv[3]), atoi (argv[4]), atoi (argv[5]),
        atoi (argv[6]));
  fprintf (stderr,
      "usage: %s gen DIR W H N | list | "
      "case NAME DIR W H FRAMES RUNS | tj DIR W H FRAMES RUNS\n",
      argv[0]);
  return 2;
}
