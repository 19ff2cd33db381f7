/* b64img — base64 codec throughput, as a Markdown table
 * Copyright (C) 2026 The b64img authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "b64codec.h"

#include <glib.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define RUNS 9

typedef enum
{
  OP_ENCODE,
  OP_DECODE,
  OP_DECODE_LF,   /* 76-column lines, LF */
  OP_DECODE_CRLF, /* 76-column lines, CRLF */
  OP_GLIB_ENCODE,
  OP_GLIB_DECODE,
  OP_MEMCPY
} Op;

static const uint8_t *raw;
static const char *text;
static size_t text_len;
static uint8_t *obuf;
static char *tbuf;
static volatile size_t sink;

static void
decode_or_die (unsigned flags, size_t size)
{
  size_t n;

  /* a failure would make a fine-looking figure: refuse it */
  if (b64_decode (text, text_len, obuf, &n, flags, NULL) != B64_DECODE_OK
      || n != size) {
    fprintf (stderr, "decode failed\n");
    exit (1);
  }
}

static void
run_once (Op op, size_t size)
{
  size_t tlen = b64_encoded_size (size, true), n = 0;

  switch (op) {
    case OP_ENCODE:
      b64_encode (raw, size, tbuf, B64_ALPHABET_STANDARD, true);
      n = (uint8_t) tbuf[tlen - 1];
      break;
    case OP_DECODE:
      decode_or_die (0, size);
      break;
    case OP_DECODE_LF:
    case OP_DECODE_CRLF:
      decode_or_die (B64_DECODE_SKIP_SPACE | B64_DECODE_SKIP_LF, size);
      break;
    case OP_GLIB_ENCODE: {
      gchar *s = g_base64_encode (raw, size);
      n = (uint8_t) s[0];
      g_free (s);
      break;
    }
    case OP_GLIB_DECODE: {
      /* g_base64_decode needs a NUL-terminated string. */
      guchar *d = g_base64_decode (text, &n);
      g_free (d);
      break;
    }
    case OP_MEMCPY:
      memcpy (obuf, raw, size);
      n = obuf[size - 1];
      break;
  }
  sink += n;
}

/* CPU time of this thread: other processes on the machine count less. */
static double
now (void)
{
  struct timespec ts;

  clock_gettime (CLOCK_THREAD_CPUTIME_ID, &ts);
  return ts.tv_sec + ts.tv_nsec / 1e9;
}

static int
cmp_double (const void *a, const void *b)
{
  double x = *(const double *) a, y = *(const double *) b;

  return (x > y) - (x < y);
}

/* Median GB/s of the binary size (the raw side, as a codec user sees it). */
static double
measure (Op op, size_t size)
{
  double t[RUNS];
  int reps = (int) MAX (1, (64 << 20) / size);

  run_once (op, size);
  for (int r = 0; r < RUNS; r++) {
    double start = now ();

    for (int i = 0; i < reps; i++)
      run_once (op, size);
    t[r] = (now () - start) / reps;
  }
  qsort (t, RUNS, sizeof (double), cmp_double);
  return size / t[RUNS / 2] / 1e9;
}

/* The text @op reads: the encoding of the first @size random bytes, cut
 * into 76-column lines (MIME, PEM) for the wrapped rows. */
static gchar *
make_text (Op op, size_t size)
{
  gchar *t = g_base64_encode (raw, size);
  const char *eol = op == OP_DECODE_CRLF ? "\r\n" : "\n";
  size_t n = strlen (t);
  GString *s;

  text = t;
  text_len = n;
  if (op != OP_DECODE_LF && op != OP_DECODE_CRLF)
    return t;
  s = g_string_sized_new (n + n / 76 * 2 + 2);
  for (size_t i = 0; i < n; i += 76) {
    g_string_append_len (s, t + i, MIN (76, n - i));
    g_string_append (s, eol);
  }
  g_free (t);
  text = s->str;
  text_len = s->len;
  return g_string_free (s, FALSE);
}

static void
print_row (const char *name, Op op)
{
  static const size_t sizes[] = { 64 << 10, 1 << 20, 8 << 20 };

  printf ("| %s |", name);
  for (int s = 0; s < 3; s++) {
    gchar *t = make_text (op, sizes[s]);

    printf (" %.2f |", measure (op, sizes[s]));
    g_free (t);
  }
  printf ("\n");
}

int
main (void)
{
  static const char *const op_names[]
      = { "encode", "decode", "decode 76-col LF", "decode 76-col CRLF" };
  const size_t max = 8 << 20;
  GRand *rnd = g_rand_new_with_seed (1);
  uint8_t *r = g_malloc (max);

  for (size_t i = 0; i < max; i++)
    r[i] = (uint8_t) g_rand_int (rnd);
  raw = r;
  obuf = g_malloc (max + 64);
  tbuf = g_malloc (b64_encoded_size (max, true) + 1);

  printf ("| operation | 64 KiB | 1 MiB | 8 MiB |\n|---|---|---|---|\n");
  for (B64Impl impl = B64_IMPL_SCALAR; impl <= B64_IMPL_AVX2; impl++) {
    if (!b64_set_impl (impl))
      continue;
    for (Op op = OP_ENCODE; op <= OP_DECODE_CRLF; op++) {
      gchar *name
          = g_strdup_printf ("b64 %s %s", b64_impl_name (impl), op_names[op]);

      print_row (name, op);
      g_free (name);
    }
  }
  b64_set_impl (B64_IMPL_AUTO);

  print_row ("g_base64_encode", OP_GLIB_ENCODE);
  print_row ("g_base64_decode", OP_GLIB_DECODE);
  print_row ("memcpy", OP_MEMCPY);
  printf (
      "\nGB/s of binary data (median of %d runs, thread CPU time).\n", RUNS);

  g_free (r);
  g_free (obuf);
  g_free (tbuf);
  g_rand_free (rnd);
  return 0;
}
