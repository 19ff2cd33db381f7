/* b64img — thin wrapper over libspng: PNG header, decode, encode.
 * Independent of GStreamer.
 * Copyright (C) 2026 The b64img authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#ifndef B64_PNG_H
#define B64_PNG_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "b64error.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Pixel layouts the wrapper reads and writes. 16-bit layouts are
 * big-endian (as in PNG; GStreamer's GRAY16_BE / RGBA64_BE) unless _LE. */
typedef enum
{
  B64_PNG_GRAY8 = 0,
  B64_PNG_RGB8,
  B64_PNG_RGBA8,
  B64_PNG_GRAY16_BE,
  B64_PNG_GRAY16_LE,
  B64_PNG_RGBA16_BE,
  B64_PNG_RGBA16_LE,
} B64PngFormat;

/* B64Error.code of the calls below (see b64error.h). */
typedef enum
{
  B64_PNG_OK = 0,
  B64_PNG_ERR_NOT_PNG, /* no PNG signature */
  B64_PNG_ERR_TOO_BIG, /* more pixels than the caller's max_pixels */
  B64_PNG_ERR_ARGS,    /* the caller's arguments (stride, level, ...) */
  B64_PNG_ERR_NOMEM,
  B64_PNG_ERR_LIBSPNG, /* libspng refused the data: its text in the message */
} B64PngStatus;

typedef struct
{
  uint32_t width;
  uint32_t height;
  uint8_t bit_depth;  /* 1, 2, 4, 8 or 16 */
  uint8_t color_type; /* PNG colour type: 0 gray, 2 RGB, 3 palette,
                          * 4 gray+alpha, 6 RGBA */
  bool interlaced;
  bool has_alpha;           /* alpha channel, or a tRNS chunk */
  B64PngFormat native;      /* the layout that loses nothing at 8 bits:
                          * GRAY8 (gray, no alpha), RGB8, or RGBA8 */
  B64PngFormat native16;    /* same at 16 bits when bit_depth is 16
                          * (GRAY16_BE or RGBA16_BE), else = native */
  uint8_t significant_bits; /* from sBIT: the most of any channel, 0 when
                             * the file has none */
} B64PngInfo;

/* True when @data starts with the PNG signature. */
bool b64_png_sniff (const uint8_t *data, size_t size);

/* Called for each uncompressed text chunk: @key is the keyword (Latin-1,
 * NUL-terminated), @text its value of @len bytes (not terminated), UTF-8
 * when @utf8 (iTXt), else Latin-1 (tEXt). */
typedef void (*B64PngTextFunc) (
    const char *key, const char *text, size_t len, bool utf8, void *user);

/* Walks the chunks of a PNG in memory (no decoding, no CRC check) and
 * calls @func for its tEXt and uncompressed iTXt chunks, in file order.
 * Stops quietly at the first chunk that does not fit in @size. */
void b64_png_for_each_text (
    const uint8_t *data, size_t size, B64PngTextFunc func, void *user);

/* Bytes per pixel of @fmt. */
unsigned b64_png_format_bpp (B64PngFormat fmt);

/* Bits per sample of @fmt, 8 or 16: the bit depth of the PNG it encodes
 * to (the one place it is derived). */
unsigned b64_png_format_depth (B64PngFormat fmt);

/* Reads the header only. Refuses (false, *@err set) images of more than
 * @max_pixels pixels and malformed headers. */
bool b64_png_read_header (const uint8_t *data, size_t size, uint64_t max_pixels,
    B64PngInfo *info, B64Error *err);

/* Decodes the whole image into @dst, rows @stride bytes apart, in @fmt (any
 * of B64PngFormat whatever the file's own type; 8-bit layouts of a 16-bit
 * file keep the high byte). Ancillary chunks (gamma, ICC, ...) are ignored.
 * Memory used by libspng is bounded (chunk limits); a bad CRC, a truncated
 * stream or a decompression bomb fails with *@err set. */
bool b64_png_decode (const uint8_t *data, size_t size, uint64_t max_pixels,
    B64PngFormat fmt, uint8_t *dst, size_t stride, B64Error *err);

/* Reduces @width x @height pixels of @fmt (rows @src_stride bytes apart)
 * by @k with an area (box) filter into @dst: ceil (@width / @k) x
 * ceil (@height / @k) pixels, rows @dst_stride bytes apart, each the
 * rounded mean of every channel over its k x k source pixels (fewer at the
 * right and bottom edges). Alpha is averaged as the other channels. */
void b64_png_reduce (const uint8_t *src, size_t src_stride, uint32_t width,
    uint32_t height, B64PngFormat fmt, unsigned k, uint8_t *dst,
    size_t dst_stride);

/* Encodes @width x @height pixels of @fmt (GRAY8, RGB8, RGBA8, GRAY16_*,
 * RGBA16_*), rows @stride bytes apart, at zlib @level (0-9). The PNG goes to
 * *out, a malloc'd buffer of capacity *out_cap that is grown (realloc) as
 * needed and kept by the caller for reuse; *out_size is the PNG's size. */
bool b64_png_encode (const uint8_t *src, size_t stride, uint32_t width,
    uint32_t height, B64PngFormat fmt, int level, uint8_t **out,
    size_t *out_size, size_t *out_cap, B64Error *err);

/* The same, with an sBIT chunk saying that @sig_bits (1 to the format's
 * depth) of each sample are significant, e.g. 12 for a 12-bit sensor in
 * 16-bit samples; 0 writes none. */
bool b64_png_encode_sbit (const uint8_t *src, size_t stride, uint32_t width,
    uint32_t height, B64PngFormat fmt, int level, unsigned sig_bits,
    uint8_t **out, size_t *out_size, size_t *out_cap, B64Error *err);

#ifdef __cplusplus
}
#endif
#endif /* B64_PNG_H */
