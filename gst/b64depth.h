/* b64img — 16-bit packed samples: rounding to 8 bits, reordering to RGBA.
 * Independent of GStreamer.
 * Copyright (C) 2026 The b64img authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#ifndef B64_DEPTH_H
#define B64_DEPTH_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* A packed layout of 16-bit samples: 1 channel (gray) or 4 (R, G, B, A in
 * that order in @offset, each the byte offset of the sample in a pixel of
 * 2 * channels bytes), little- or big-endian. */
typedef struct
{
  unsigned channels;
  unsigned offset[4];
  bool big_endian;
} B64Depth16;

/* Writes 8-bit samples, each the 16-bit one rounded to nearest (v / 257):
 * gray to gray, four channels to R, G, B, A. */
void b64_depth_round_to_8 (const uint8_t *src, size_t src_stride,
    uint32_t width, uint32_t height, const B64Depth16 *layout, uint8_t *dst,
    size_t dst_stride);

/* Writes the same 16-bit samples as gray or R, G, B, A, big-endian (PNG's
 * order): a lossless reordering. */
void b64_depth_to_png16 (const uint8_t *src, size_t src_stride, uint32_t width,
    uint32_t height, const B64Depth16 *layout, uint8_t *dst, size_t dst_stride);

#ifdef __cplusplus
}
#endif
#endif /* B64_DEPTH_H */
