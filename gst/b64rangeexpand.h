/* b64img — limited to full range YUV expansion, independent of GStreamer
 * Copyright (C) 2026 The b64img authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#ifndef B64_RANGE_EXPAND_H
#define B64_RANGE_EXPAND_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* Limited (studio) range to full range, as JPEG (JFIF) wants it:
 * luma 16..235 -> 0..255 as (v - 16) * 149 / 128, chroma 16..240 around 128
 * -> 0..255 as (c - 128) * 146 / 128 + 128, rounded half up, clamped. The
 * factors keep every product in 16 bits, so that SIMD paths (SSE2 on
 * x86-64, NEON on arm64) give exactly the scalar results. */

/* Expands @n samples of one row; @luma selects the luma or chroma rule.
 * @src and @dst may be the same row. */
void b64_range_expand_row (
    const uint8_t *src, uint8_t *dst, size_t n, bool luma);

/* The same without SIMD: the definition the SIMD paths are tested against. */
void b64_range_expand_row_scalar (
    const uint8_t *src, uint8_t *dst, size_t n, bool luma);

/* "sse2", "neon" or "none": the SIMD path b64_range_expand_row uses. */
const char *b64_range_expand_simd (void);

/* Expands @h rows of @w samples, @src_stride and @dst_stride bytes apart. */
void b64_range_expand_plane (const uint8_t *src, size_t src_stride,
    uint8_t *dst, size_t dst_stride, size_t w, size_t h, bool luma);

#ifdef __cplusplus
}
#endif
#endif
