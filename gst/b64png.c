/* b64img — thin wrapper over libspng: PNG header, decode, encode.
 * Copyright (C) 2026 The b64img authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include "b64png.h"

#include <inttypes.h>
#include <spng.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* libspng keeps at most one chunk in memory while decoding image data, and
 * caches ancillary chunks (text, ICC, ...) up to the cache limit; both are
 * far above what real images need and far below what hurts. */
#define CHUNK_LIMIT (16u << 20)
#define CACHE_LIMIT (64u << 20)
/* Largest width/height PNG allows; the real limit is max_pixels. */
#define DIM_LIMIT 0x7fffffffu

#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_BIG_ENDIAN__
#define HOST_BE 1
#else
#define HOST_BE 0
#endif

static const uint8_t png_signature[8] = { 137, 80, 78, 71, 13, 10, 26, 10 };

/* Adam7 pass geometry: first column/row and steps. */
static const uint8_t adam7_x0[7] = { 0, 4, 0, 2, 0, 1, 0 };
static const uint8_t adam7_y0[7] = { 0, 0, 4, 0, 2, 0, 1 };
static const uint8_t adam7_dx[7] = { 8, 8, 4, 4, 2, 2, 1 };
static const uint8_t adam7_dy[7] = { 8, 8, 8, 4, 4, 2, 2 };

/* libspng's refusal of @what: its code and text. */
static bool
fail_spng (B64Error *err, const char *what, int rc)
{
  return b64_error_set (
      err, B64_PNG_ERR_LIBSPNG, "PNG %s: %s", what, spng_strerror (rc));
}

bool
b64_png_sniff (const uint8_t *data, size_t size)
{
  return size >= sizeof (png_signature)
         && memcmp (data, png_signature, sizeof (png_signature)) == 0;
}

static uint32_t
read_be32 (const uint8_t *p)
{
  return (uint32_t) p[0] << 24 | (uint32_t) p[1] << 16 | (uint32_t) p[2] << 8
         | p[3];
}

/* tEXt: keyword NUL text. */
static void
text_chunk (const uint8_t *d, size_t n, B64PngTextFunc func, void *user)
{
  const uint8_t *nul = memchr (d, 0, n < 80 ? n : 80);

  if (nul && nul > d)
    func ((const char *) d, (const char *) nul + 1, n - (nul + 1 - d), false,
        user);
}

/* iTXt: keyword NUL, compression flag and method, language NUL,
 * translated keyword NUL, text. Compressed ones are left out. */
static void
itxt_chunk (const uint8_t *d, size_t n, B64PngTextFunc func, void *user)
{
  const uint8_t *nul = memchr (d, 0, n < 80 ? n : 80), *p, *end = d + n;

  if (!nul || nul == d || end - nul < 3 || nul[1] != 0)
    return;
  p = nul + 3;
  for (int field = 0; field < 2; field++) {
    const uint8_t *z = memchr (p, 0, end - p);

    if (!z)
      return;
    p = z + 1;
  }
  func ((const char *) d, (const char *) p, end - p, true, user);
}

void
b64_png_for_each_text (
    const uint8_t *data, size_t size, B64PngTextFunc func, void *user)
{
  size_t pos = sizeof (png_signature);

  if (!b64_png_sniff (data, size))
    return;
  while (size - pos >= 12) {
    uint32_t len = read_be32 (data + pos);
    const uint8_t *type = data + pos + 4, *body = data + pos + 8;

    if (len > size - pos - 12)
      return;
    if (memcmp (type, "tEXt", 4) == 0)
      text_chunk (body, len, func, user);
    else if (memcmp (type, "iTXt", 4) == 0)
      itxt_chunk (body, len, func, user);
    else if (memcmp (type, "IEND", 4) == 0)
      return;
    pos += 12 + (size_t) len;
  }
}

unsigned
b64_png_format_depth (B64PngFormat fmt)
{
  switch (fmt) {
    case B64_PNG_GRAY8:
    case B64_PNG_RGB8:
    case B64_PNG_RGBA8:
      return 8;
    case B64_PNG_GRAY16_BE:
    case B64_PNG_GRAY16_LE:
    case B64_PNG_RGBA16_BE:
    case B64_PNG_RGBA16_LE:
      return 16;
  }
  return 0;
}

unsigned
b64_png_format_bpp (B64PngFormat fmt)
{
  switch (fmt) {
    case B64_PNG_GRAY8:
      return 1;
    case B64_PNG_RGB8:
      return 3;
    case B64_PNG_RGBA8:
      return 4;
    case B64_PNG_GRAY16_BE:
    case B64_PNG_GRAY16_LE:
      return 2;
    case B64_PNG_RGBA16_BE:
    case B64_PNG_RGBA16_LE:
      return 8;
  }
  return 0;
}

static bool
is_16_le (B64PngFormat fmt)
{
  return fmt == B64_PNG_GRAY16_LE || fmt == B64_PNG_RGBA16_LE;
}

static void
swap16 (uint8_t *p, size_t n_bytes)
{
  for (size_t i = 0; i + 1 < n_bytes; i += 2) {
    uint8_t t = p[i];
    p[i] = p[i + 1];
    p[i + 1] = t;
  }
}

/* A decoder context over @data with bounded memory use; the header is read
 * and checked against @max_pixels. */
static spng_ctx *
open_decoder (const uint8_t *data, size_t size, uint64_t max_pixels,
    struct spng_ihdr *ihdr, B64Error *err)
{
  spng_ctx *ctx;
  int rc;

  if (!data || !b64_png_sniff (data, size)) {
    b64_error_set (err, B64_PNG_ERR_NOT_PNG, "not a PNG (bad signature)");
    return NULL;
  }
  ctx = spng_ctx_new (0);
  if (!ctx) {
    b64_error_set (err, B64_PNG_ERR_NOMEM, "PNG: out of memory");
    return NULL;
  }
  /* Default CRC action already errors on critical chunks (IHDR, PLTE,
   * IDAT, IEND) and skips bad ancillary ones; keep it. */
  if ((rc = spng_set_image_limits (ctx, DIM_LIMIT, DIM_LIMIT))
      || (rc = spng_set_chunk_limits (ctx, CHUNK_LIMIT, CACHE_LIMIT))
      || (rc = spng_set_png_buffer (ctx, data, size))) {
    fail_spng (err, "setup", rc);
    goto error;
  }
  if ((rc = spng_get_ihdr (ctx, ihdr))) {
    fail_spng (err, "header", rc);
    goto error;
  }
  if ((uint64_t) ihdr->width * ihdr->height > max_pixels) {
    b64_error_set (err, B64_PNG_ERR_TOO_BIG,
        "PNG of %" PRIu32 "x%" PRIu32 " exceeds %" PRIu64 " pixels",
        ihdr->width, ihdr->height, max_pixels);
    goto error;
  }
  return ctx;

error:
  spng_ctx_free (ctx);
  return NULL;
}

static uint8_t
max_sbit (const struct spng_sbit *s)
{
  uint8_t m = s->grayscale_bits;

  m = s->red_bits > m ? s->red_bits : m;
  m = s->green_bits > m ? s->green_bits : m;
  m = s->blue_bits > m ? s->blue_bits : m;
  return s->alpha_bits > m ? s->alpha_bits : m;
}

bool
b64_png_read_header (const uint8_t *data, size_t size, uint64_t max_pixels,
    B64PngInfo *info, B64Error *err)
{
  struct spng_ihdr ihdr;
  struct spng_trns trns;
  struct spng_sbit sbit;
  spng_ctx *ctx;
  bool gray;
  int rc, rc_sbit;

  ctx = open_decoder (data, size, max_pixels, &ihdr, err);
  if (!ctx)
    return false;
  /* tRNS and sBIT sit between IHDR and IDAT: this reads the chunks before
   * IDAT. */
  rc = spng_get_trns (ctx, &trns);
  rc_sbit = rc && rc != SPNG_ECHUNKAVAIL ? rc : spng_get_sbit (ctx, &sbit);
  spng_ctx_free (ctx);
  if (rc && rc != SPNG_ECHUNKAVAIL)
    return fail_spng (err, "chunks", rc);
  if (rc_sbit && rc_sbit != SPNG_ECHUNKAVAIL)
    return fail_spng (err, "sBIT", rc_sbit);

  memset (info, 0, sizeof (*info));
  if (!rc_sbit)
    info->significant_bits = max_sbit (&sbit);
  info->width = ihdr.width;
  info->height = ihdr.height;
  info->bit_depth = ihdr.bit_depth;
  info->color_type = ihdr.color_type;
  info->interlaced = ihdr.interlace_method != SPNG_INTERLACE_NONE;
  info->has_alpha = ihdr.color_type == SPNG_COLOR_TYPE_GRAYSCALE_ALPHA
                    || ihdr.color_type == SPNG_COLOR_TYPE_TRUECOLOR_ALPHA
                    || rc == 0;
  gray = ihdr.color_type == SPNG_COLOR_TYPE_GRAYSCALE;
  if (info->has_alpha)
    info->native = B64_PNG_RGBA8;
  else
    info->native = gray ? B64_PNG_GRAY8 : B64_PNG_RGB8;
  /* No RGB48 in common use downstream: 16-bit colour without alpha is
   * delivered as RGBA16 with opaque alpha. */
  if (ihdr.bit_depth == 16)
    info->native16
        = gray && !info->has_alpha ? B64_PNG_GRAY16_BE : B64_PNG_RGBA16_BE;
  else
    info->native16 = info->native;
  return true;
}

/* How one output row is produced. */
typedef enum
{
  PATH_DIRECT,  /* libspng writes the layout itself */
  PATH_SWAP,    /* ... in the other byte order */
  PATH_CONVERT, /* per pixel, from a scanline */
} Path;

/* Pixel converters for PATH_CONVERT. Each reads a pixel of the
 * intermediate format at @s and returns a 16-bit gray value. */
typedef uint16_t (*GrayFn) (const uint8_t *s);

/* First sample of a big-endian PNG pixel (gray or gray+alpha). */
static uint16_t
gray_raw8 (const uint8_t *s)
{
  return s[0] * 257;
}

static uint16_t
gray_raw16 (const uint8_t *s)
{
  return (uint16_t) (s[0] << 8 | s[1]);
}

/* BT.601 luma with weights scaled to 65536 (19595 + 38470 + 7471). */
static uint16_t
luma (uint32_t r, uint32_t g, uint32_t b)
{
  return (uint16_t) ((19595 * r + 38470 * g + 7471 * b + 32768) >> 16);
}

static uint16_t
gray_rgb8 (const uint8_t *s)
{
  return luma (s[0], s[1], s[2]) * 257;
}

static uint16_t
gray_rgba16 (const uint8_t *s)
{
  uint16_t px[3];

  memcpy (px, s, sizeof (px)); /* host-endian, maybe unaligned */
  return luma (px[0], px[1], px[2]);
}

typedef struct
{
  Path path;
  int spng_fmt;
  int flags;
  GrayFn gray;      /* PATH_CONVERT */
  unsigned src_bpp; /* PATH_CONVERT: bytes per scanline pixel */
} Plan;

/* Picks how to turn a PNG of @ihdr into @fmt. */
static bool
plan_decode (const struct spng_ihdr *ihdr, B64PngFormat fmt, Plan *p)
{
  uint8_t ct = ihdr->color_type;
  bool gray = ct == SPNG_COLOR_TYPE_GRAYSCALE;
  bool gray_like = gray || ct == SPNG_COLOR_TYPE_GRAYSCALE_ALPHA;
  bool wide = ihdr->bit_depth == 16;

  memset (p, 0, sizeof (*p));
  switch (fmt) {
    case B64_PNG_RGB8:
      p->spng_fmt = SPNG_FMT_RGB8;
      return true;
    case B64_PNG_RGBA8:
      p->spng_fmt = SPNG_FMT_RGBA8;
      p->flags = SPNG_DECODE_TRNS;
      return true;
    case B64_PNG_RGBA16_BE:
    case B64_PNG_RGBA16_LE:
      p->spng_fmt = SPNG_FMT_RGBA16; /* host-endian */
      p->flags = SPNG_DECODE_TRNS;
      p->path = (fmt == B64_PNG_RGBA16_BE) == HOST_BE ? PATH_DIRECT : PATH_SWAP;
      return true;
    case B64_PNG_GRAY8:
    case B64_PNG_GRAY16_BE:
    case B64_PNG_GRAY16_LE:
      break;
    default:
      return false;
  }

  /* Gray targets. */
  if (gray && !wide && fmt == B64_PNG_GRAY8) {
    p->spng_fmt = SPNG_FMT_G8;
  } else if (gray && wide && fmt != B64_PNG_GRAY8) {
    p->spng_fmt = SPNG_FMT_RAW;
    p->path = fmt == B64_PNG_GRAY16_BE ? PATH_DIRECT : PATH_SWAP;
  } else if (gray && !wide) {
    /* G8 scales sub-byte depths to 8 bits for us. */
    p->spng_fmt = SPNG_FMT_G8;
    p->path = PATH_CONVERT;
    p->gray = gray_raw8;
    p->src_bpp = 1;
  } else if (gray_like) {
    /* Take the gray sample, drop alpha. */
    p->spng_fmt = SPNG_FMT_RAW;
    p->path = PATH_CONVERT;
    p->gray = wide ? gray_raw16 : gray_raw8;
    p->src_bpp = (gray ? 1 : 2) * (wide ? 2 : 1);
  } else if (fmt == B64_PNG_GRAY8) {
    p->spng_fmt = SPNG_FMT_RGB8;
    p->path = PATH_CONVERT;
    p->gray = gray_rgb8;
    p->src_bpp = 3;
  } else {
    p->spng_fmt = SPNG_FMT_RGBA16;
    p->path = PATH_CONVERT;
    p->gray = gray_rgba16;
    p->src_bpp = 8;
  }
  return true;
}

static void
put_gray (uint8_t *d, B64PngFormat fmt, uint16_t v)
{
  switch (fmt) {
    case B64_PNG_GRAY8:
      d[0] = v >> 8;
      break;
    case B64_PNG_GRAY16_BE:
      d[0] = v >> 8;
      d[1] = v & 0xff;
      break;
    default:
      d[0] = v & 0xff;
      d[1] = v >> 8;
      break;
  }
}

/* Converts the scanline @s (@n pixels) into @d, pixels @d_step apart. */
static void
convert_scanline (const Plan *p, const uint8_t *s, uint32_t n, B64PngFormat fmt,
    uint8_t *d, size_t d_step)
{
  for (uint32_t i = 0; i < n; i++, s += p->src_bpp, d += d_step)
    put_gray (d, fmt, p->gray (s));
}

/* PATH_CONVERT: scanlines of any interlace pass go through a one-row
 * scratch buffer straight to their final pixels, so no image-sized
 * temporary is ever needed. */
static int
decode_converted (spng_ctx *ctx, const struct spng_ihdr *ihdr, const Plan *p,
    B64PngFormat fmt, uint8_t *dst, size_t stride)
{
  size_t row_len = (size_t) ihdr->width * p->src_bpp;
  unsigned bpp = b64_png_format_bpp (fmt);
  bool adam7 = ihdr->interlace_method != SPNG_INTERLACE_NONE;
  struct spng_row_info ri;
  uint8_t *row;
  int rc;

  row = malloc (row_len);
  if (!row)
    return SPNG_EMEM;
  do {
    uint32_t x0 = 0, dx = 1, y, n = ihdr->width;

    if ((rc = spng_get_row_info (ctx, &ri)))
      break;
    y = ri.scanline_idx;
    if (adam7) {
      x0 = adam7_x0[ri.pass];
      dx = adam7_dx[ri.pass];
      y = adam7_y0[ri.pass] + y * adam7_dy[ri.pass];
      n = (ihdr->width - x0 + dx - 1) / dx;
    }
    if (y >= ihdr->height || x0 >= ihdr->width) {
      rc = SPNG_EINTERNAL;
      break;
    }
    rc = spng_decode_scanline (ctx, row, row_len);
    if (rc && rc != SPNG_EOI)
      break;
    convert_scanline (p, row, n, fmt, dst + y * stride + (size_t) x0 * bpp,
        (size_t) dx * bpp);
  } while (rc == 0);
  free (row);
  return rc;
}

/* PATH_DIRECT / PATH_SWAP: libspng writes into @dst. For Adam7 each
 * spng_decode_row () call fills only the current pass's pixels of row
 * row_num, at their final places, so it must get the real row each time. */
static int
decode_direct (spng_ctx *ctx, const struct spng_ihdr *ihdr, const Plan *p,
    B64PngFormat fmt, uint8_t *dst, size_t stride)
{
  size_t row_len = (size_t) ihdr->width * b64_png_format_bpp (fmt);
  bool adam7 = ihdr->interlace_method != SPNG_INTERLACE_NONE;
  struct spng_row_info ri;
  int rc;

  do {
    uint8_t *row;

    if ((rc = spng_get_row_info (ctx, &ri)))
      break;
    if (ri.row_num >= ihdr->height) {
      rc = SPNG_EINTERNAL;
      break;
    }
    row = dst + (size_t) ri.row_num * stride;
    rc = spng_decode_row (ctx, row, row_len);
    if (rc && rc != SPNG_EOI)
      break;
    /* Adam7 rows are filled over several passes: swap at the end. */
    if (p->path == PATH_SWAP && !adam7)
      swap16 (row, row_len);
  } while (rc == 0);
  if (rc == SPNG_EOI && p->path == PATH_SWAP && adam7)
    for (uint32_t y = 0; y < ihdr->height; y++)
      swap16 (dst + y * stride, row_len);
  return rc;
}

bool
b64_png_decode (const uint8_t *data, size_t size, uint64_t max_pixels,
    B64PngFormat fmt, uint8_t *dst, size_t stride, B64Error *err)
{
  struct spng_ihdr ihdr;
  spng_ctx *ctx;
  Plan plan;
  int rc;

  if (b64_png_format_bpp (fmt) == 0 || !dst)
    return b64_error_set (err, B64_PNG_ERR_ARGS, "PNG decode: bad arguments");
  ctx = open_decoder (data, size, max_pixels, &ihdr, err);
  if (!ctx)
    return false;
  if (stride / b64_png_format_bpp (fmt) < ihdr.width) {
    spng_ctx_free (ctx);
    return b64_error_set (err, B64_PNG_ERR_ARGS,
        "PNG decode: stride %zu too small for %" PRIu32 " pixels", stride,
        ihdr.width);
  }
  plan_decode (&ihdr, fmt, &plan);
  rc = spng_decode_image (
      ctx, NULL, 0, plan.spng_fmt, plan.flags | SPNG_DECODE_PROGRESSIVE);
  if (rc == 0) {
    if (plan.path == PATH_CONVERT)
      rc = decode_converted (ctx, &ihdr, &plan, fmt, dst, stride);
    else
      rc = decode_direct (ctx, &ihdr, &plan, fmt, dst, stride);
  }
  /* The last row can come before the end of the IDAT chunk, whose CRC is
   * then never read: read on to IEND so that bad or missing data fails. */
  if (rc == SPNG_EOI && (rc = spng_decode_chunks (ctx)) == 0)
    rc = SPNG_EOI;
  spng_ctx_free (ctx);
  if (rc != SPNG_EOI)
    return fail_spng (err, "decode", rc ? rc : SPNG_EOF);
  return true;
}

/* Encoder output: appends to the caller's growable buffer. */
typedef struct
{
  uint8_t **buf;
  size_t *cap;
  size_t size;
} Sink;

static int
sink_write (spng_ctx *ctx, void *user, void *src, size_t len)
{
  Sink *s = user;

  (void) ctx;
  if (len > *s->cap - s->size) {
    size_t cap = *s->cap ? *s->cap : 4096;
    uint8_t *b;

    while (len > cap - s->size) {
      if (cap > SIZE_MAX / 2)
        return SPNG_IO_ERROR;
      cap *= 2;
    }
    b = realloc (*s->buf, cap);
    if (!b)
      return SPNG_IO_ERROR;
    *s->buf = b;
    *s->cap = cap;
  }
  memcpy (*s->buf + s->size, src, len);
  s->size += len;
  return 0;
}

static bool
encode_ihdr (
    B64PngFormat fmt, uint32_t width, uint32_t height, struct spng_ihdr *ihdr)
{
  memset (ihdr, 0, sizeof (*ihdr));
  ihdr->width = width;
  ihdr->height = height;
  ihdr->bit_depth = b64_png_format_depth (fmt);
  switch (fmt) {
    case B64_PNG_GRAY8:
      ihdr->color_type = SPNG_COLOR_TYPE_GRAYSCALE;
      return true;
    case B64_PNG_RGB8:
      ihdr->color_type = SPNG_COLOR_TYPE_TRUECOLOR;
      return true;
    case B64_PNG_RGBA8:
      ihdr->color_type = SPNG_COLOR_TYPE_TRUECOLOR_ALPHA;
      return true;
    case B64_PNG_GRAY16_BE:
    case B64_PNG_GRAY16_LE:
      ihdr->color_type = SPNG_COLOR_TYPE_GRAYSCALE;
      return true;
    case B64_PNG_RGBA16_BE:
    case B64_PNG_RGBA16_LE:
      ihdr->color_type = SPNG_COLOR_TYPE_TRUECOLOR_ALPHA;
      return true;
  }
  return false;
}

/* At low levels filtering costs as much as deflate: none at level 0, the
 * cheapest useful filter (Sub) up to 3, the usually best single one (Paeth)
 * up to 6, libspng's per-row adaptive choice above. */
static int
filter_choice (int level)
{
  if (level <= 0)
    return SPNG_DISABLE_FILTERING;
  if (level <= 3)
    return SPNG_FILTER_CHOICE_SUB;
  if (level <= 6)
    return SPNG_FILTER_CHOICE_PAETH;
  return SPNG_FILTER_CHOICE_ALL;
}

static int
encode_rows (spng_ctx *ctx, const uint8_t *src, size_t stride, uint32_t height,
    size_t row_len, bool swap)
{
  uint8_t *tmp = NULL;
  int rc = 0;

  /* FMT_PNG is host-endian and FMT_RAW big-endian: a layout of the
   * other order goes through a swapped copy of each row. */
  if (swap && !(tmp = malloc (row_len)))
    return SPNG_EMEM;
  for (uint32_t y = 0; y < height && rc == 0; y++) {
    const uint8_t *row = src + y * stride;

    if (swap) {
      memcpy (tmp, row, row_len);
      swap16 (tmp, row_len);
      row = tmp;
    }
    rc = spng_encode_row (ctx, row, row_len);
  }
  free (tmp);
  return rc;
}

bool
b64_png_encode (const uint8_t *src, size_t stride, uint32_t width,
    uint32_t height, B64PngFormat fmt, int level, uint8_t **out,
    size_t *out_size, size_t *out_cap, B64Error *err)
{
  return b64_png_encode_sbit (
      src, stride, width, height, fmt, level, 0, out, out_size, out_cap, err);
}

/* sBIT of @bits for every channel the colour type has. */
static struct spng_sbit
make_sbit (const struct spng_ihdr *ihdr, unsigned bits)
{
  struct spng_sbit s = { 0 };
  uint8_t b = (uint8_t) bits;

  if (ihdr->color_type == SPNG_COLOR_TYPE_GRAYSCALE
      || ihdr->color_type == SPNG_COLOR_TYPE_GRAYSCALE_ALPHA)
    s.grayscale_bits = b;
  else
    s.red_bits = s.green_bits = s.blue_bits = b;
  if (ihdr->color_type == SPNG_COLOR_TYPE_GRAYSCALE_ALPHA
      || ihdr->color_type == SPNG_COLOR_TYPE_TRUECOLOR_ALPHA)
    s.alpha_bits = b;
  return s;
}

bool
b64_png_encode_sbit (const uint8_t *src, size_t stride, uint32_t width,
    uint32_t height, B64PngFormat fmt, int level, unsigned sig_bits,
    uint8_t **out, size_t *out_size, size_t *out_cap, B64Error *err)
{
  struct spng_sbit sbit;
  struct spng_ihdr ihdr;
  Sink sink = { out, out_cap, 0 };
  size_t row_len = (size_t) width * b64_png_format_bpp (fmt);
  bool swap = false;
  int spng_fmt = SPNG_FMT_RAW;
  spng_ctx *ctx;
  int rc;

  if (!src || !out || !out_size || !out_cap || width == 0 || height == 0
      || level < 0 || level > 9 || !encode_ihdr (fmt, width, height, &ihdr)
      || stride < row_len || sig_bits > ihdr.bit_depth)
    return b64_error_set (err, B64_PNG_ERR_ARGS, "PNG encode: bad arguments");
  sbit = make_sbit (&ihdr, sig_bits);
  if (is_16_le (fmt)) { /* 16 bits, little-endian */
    if (HOST_BE)
      swap = true;
    else
      spng_fmt = SPNG_FMT_PNG;
  }

  ctx = spng_ctx_new (SPNG_CTX_ENCODER);
  if (!ctx)
    return b64_error_set (err, B64_PNG_ERR_NOMEM, "PNG encode: out of memory");
  if (!(rc = spng_set_png_stream (ctx, sink_write, &sink))
      && !(rc = spng_set_ihdr (ctx, &ihdr))
      && !(rc = sig_bits ? spng_set_sbit (ctx, &sbit) : 0)
      && !(rc = spng_set_option (ctx, SPNG_IMG_COMPRESSION_LEVEL, level))
      && !(
          rc = spng_set_option (ctx, SPNG_FILTER_CHOICE, filter_choice (level)))
      && !(rc = spng_encode_image (ctx, NULL, 0, spng_fmt,
               SPNG_ENCODE_PROGRESSIVE | SPNG_ENCODE_FINALIZE)))
    rc = encode_rows (ctx, src, stride, height, row_len, swap);
  spng_ctx_free (ctx);
  if (rc != SPNG_EOI)
    return fail_spng (err, "encode", rc ? rc : SPNG_EOI);
  *out_size = sink.size;
  return true;
}

/* ---- box reduction -------------------------------------------------------- */

static unsigned
sample_at (const uint8_t *p, unsigned depth, bool le)
{
  if (depth == 1)
    return p[0];
  return le ? (unsigned) p[0] | (unsigned) p[1] << 8
            : (unsigned) p[0] << 8 | (unsigned) p[1];
}

static void
sample_put (uint8_t *p, unsigned v, unsigned depth, bool le)
{
  if (depth == 1) {
    p[0] = (uint8_t) v;
  } else {
    p[le ? 0 : 1] = (uint8_t) (v & 0xff);
    p[le ? 1 : 0] = (uint8_t) (v >> 8);
  }
}

void
b64_png_reduce (const uint8_t *src, size_t src_stride, uint32_t width,
    uint32_t height, B64PngFormat fmt, unsigned k, uint8_t *dst,
    size_t dst_stride)
{
  unsigned bpp = b64_png_format_bpp (fmt);
  unsigned depth = fmt >= B64_PNG_GRAY16_BE ? 2 : 1, ch = bpp / depth;
  bool le = is_16_le (fmt);
  uint32_t ow = (width + k - 1) / k;

  for (uint32_t oy = 0; oy * k < height; oy++) {
    uint32_t rows = height - oy * k < k ? height - oy * k : k;
    uint8_t *out = dst + (size_t) oy * dst_stride;

    for (uint32_t ox = 0; ox < ow; ox++) {
      uint32_t cols = width - ox * k < k ? width - ox * k : k;
      uint64_t n = (uint64_t) rows * cols;

      for (unsigned c = 0; c < ch; c++) {
        uint64_t sum = 0;

        for (uint32_t y = 0; y < rows; y++) {
          const uint8_t *p = src + (size_t) (oy * k + y) * src_stride
                             + (size_t) ox * k * bpp + c * depth;

          for (uint32_t x = 0; x < cols; x++, p += bpp)
            sum += sample_at (p, depth, le);
        }
        sample_put (out + (size_t) ox * bpp + c * depth,
            (unsigned) ((sum + n / 2) / n), depth, le);
      }
    }
  }
}
