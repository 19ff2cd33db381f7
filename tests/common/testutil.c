/* b64img — test helpers without GStreamer (see testutil.h)
 * Copyright (C) 2026 The b64img authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "testutil.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <turbojpeg.h>

guint8 *
b64t_random_bytes (GRand *rand, gsize n)
{
  guint8 *p = g_malloc (MAX (n, 1));

  for (gsize i = 0; i < n; i++)
    p[i] = g_rand_int (rand) & 0xff;
  return p;
}

/* The number after @field in /proc/self/status, -1 when there is none. */
static glong
proc_status_number (const gchar *field)
{
  gchar *status = NULL;
  const gchar *p;
  glong n = -1;

  if (!g_file_get_contents ("/proc/self/status", &status, NULL, NULL))
    return -1;
  p = strstr (status, field);
  if (p)
    n = strtol (p + strlen (field), NULL, 10);
  g_free (status);
  return n;
}

/* Whether the thread whose /proc stat line is @stat has a name starting
 * with @prefix and is not exiting: a joined thread may stay listed for a
 * moment after pthread_join () returns, with PF_EXITING (0x4) in its
 * flags, the 9th field (the name, 2nd, is in parentheses and may hold
 * spaces). */
static gboolean
live_thread_named (const gchar *stat, const gchar *prefix)
{
  const gchar *open = strchr (stat, '(');
  const gchar *close = strrchr (stat, ')');
  gchar **f;
  gboolean live;

  if (!open || !close || close < open
      || strncmp (open + 1, prefix, strlen (prefix)) != 0)
    return FALSE;
  /* state ppid pgrp session tty_nr tpgid flags */
  f = g_strsplit (close + 2, " ", 8);
  live = g_strv_length (f) >= 7 && !(strtoul (f[6], NULL, 10) & 0x4);
  g_strfreev (f);
  return live;
}

glong
b64t_threads_named (const gchar *prefix)
{
  GDir *dir = g_dir_open ("/proc/self/task", 0, NULL);
  const gchar *tid;
  glong n = 0;

  if (!dir)
    return -1;
  while ((tid = g_dir_read_name (dir)) != NULL) {
    gchar *path = g_build_filename ("/proc/self/task", tid, "stat", NULL);
    gchar *stat = NULL;

    if (g_file_get_contents (path, &stat, NULL, NULL)
        && live_thread_named (stat, prefix))
      n++;
    g_free (stat);
    g_free (path);
  }
  g_dir_close (dir);
  return n;
}

glong
b64t_vm_hwm_kib (void)
{
  return proc_status_number ("VmHWM:");
}

glong
b64t_vm_rss_kib (void)
{
  return proc_status_number ("VmRSS:");
}

gboolean
b64t_reset_peak (void)
{
  /* "5" resets VmHWM to the current RSS (Linux >= 4.0) */
  FILE *f = fopen ("/proc/self/clear_refs", "w");
  gboolean ok;

  if (!f)
    return FALSE;
  ok = fputs ("5", f) >= 0;
  ok = fclose (f) == 0 && ok;
  return ok;
}

gdouble
b64t_psnr (const guint8 *a, const guint8 *b, gsize n)
{
  gdouble se = 0.0;

  for (gsize i = 0; i < n; i++) {
    gdouble d = (gdouble) a[i] - b[i];

    se += d * d;
  }
  if (se == 0.0)
    return 99.0;
  return 10.0 * log10 (255.0 * 255.0 * n / se);
}

guint8 *
b64t_tj_compress (const guint8 *pixels, gint w, gint stride, gint h, gint pf,
    gint samp, gint quality, gint flags, gsize *size)
{
  tjhandle tj = tjInitCompress ();
  unsigned char *buf = NULL;
  unsigned long len = 0;
  guint8 *out;

  g_assert_nonnull (tj);
  if (tjCompress2 (
          tj, pixels, w, stride, h, pf, &buf, &len, samp, quality, flags)
      != 0)
    g_error ("tjCompress2: %s", tjGetErrorStr2 (tj));
  out = g_memdup2 (buf, len);
  *size = len;
  tjFree (buf);
  tjDestroy (tj);
  return out;
}

/* 0..255..0.. with a slope of one level per unit */
static gint
tri (gint v)
{
  v %= 510;
  return v < 256 ? v : 510 - v;
}

guint8 *
b64t_smooth_rgb (gint w, gint h, guint seed)
{
  guint8 *rgb = g_malloc ((gsize) w * h * 3);

  for (gint y = 0; y < h; y++) {
    for (gint x = 0; x < w; x++) {
      guint8 *p = rgb + ((gsize) y * w + x) * 3;

      p[0] = tri (40 + 3 * x + seed * 17);
      p[1] = tri (200 + 2 * y + x + seed * 5);
      p[2] = 60 + tri (2 * x + 2 * y + seed * 31) * 140 / 255;
    }
  }
  return rgb;
}

guint8 *
b64t_smooth_jpeg (gint w, gint h, gint samp, gint quality, guint seed,
    gint flags, gsize *size)
{
  guint8 *rgb = b64t_smooth_rgb (w, h, seed);
  guint8 *jpeg = b64t_tj_compress (
      rgb, w, w * 3, h, TJPF_RGB, samp, quality, flags, size);

  g_free (rgb);
  return jpeg;
}

gchar *
b64t_smooth_b64 (gint w, gint h, gint samp, guint seed)
{
  gsize len;
  guint8 *jpeg = b64t_smooth_jpeg (w, h, samp, 90, seed, 0, &len);
  gchar *text = g_base64_encode (jpeg, len);

  g_free (jpeg);
  return text;
}

guint32
b64t_png_crc32 (const guint8 *p, gsize n)
{
  guint32 c = 0xffffffffu;

  for (gsize i = 0; i < n; i++) {
    c ^= p[i];
    for (gint k = 0; k < 8; k++)
      c = (c >> 1) ^ (0xedb88320u & (0u - (c & 1)));
  }
  return c ^ 0xffffffffu;
}

guint32
b64t_be32 (const guint8 *p)
{
  return (guint32) p[0] << 24 | (guint32) p[1] << 16 | (guint32) p[2] << 8
         | p[3];
}

static void
put_be32 (guint8 *p, guint32 v)
{
  p[0] = v >> 24;
  p[1] = v >> 16;
  p[2] = v >> 8;
  p[3] = v;
}

gsize
b64t_png_find_chunk (const guint8 *png, gsize size, const gchar *type)
{
  gsize pos = 8;

  while (pos + 12 <= size) {
    if (memcmp (png + pos + 4, type, 4) == 0)
      return pos;
    pos += 12 + (gsize) b64t_be32 (png + pos);
  }
  return 0;
}

void
b64t_png_set_ihdr_size (guint8 *png, guint32 w, guint32 h)
{
  put_be32 (png + 16, w);
  put_be32 (png + 20, h);
  put_be32 (png + 29, b64t_png_crc32 (png + 12, 17));
}

guint8 *
b64t_load_file (const gchar *dir, const gchar *name, gsize *size)
{
  gchar *path = g_build_filename (dir, name, NULL);
  gchar *data = NULL;
  GError *error = NULL;

  g_file_get_contents (path, &data, size, &error);
  g_assert_no_error (error);
  g_free (path);
  return (guint8 *) data;
}
