/* b64img — limited to full range YUV expansion, independent of GStreamer
 * Copyright (C) 2026 The b64img authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include "b64rangeexpand.h"

#if B64IMG_SIMD && defined(__SSE2__)
#include <emmintrin.h>
#define SIMD_NAME "sse2"
#elif B64IMG_SIMD && defined(__aarch64__) && defined(__ARM_NEON)
#include <arm_neon.h>
#define SIMD_NAME "neon"
#else
#define SIMD_NAME "none"
#endif

static inline uint8_t
expand_luma_px (uint8_t s)
{
  unsigned v = s > 16 ? s - 16u : 0u;
  unsigned y = (v * 149 + 64) >> 7;

  return y > 255 ? 255 : (uint8_t) y;
}

static inline uint8_t
expand_chroma_px (uint8_t s)
{
  /* an arithmetic shift: rounds (c - 128) * 146 / 128 half up, negative
   * values included, as the SIMD paths' shifts do */
  int c = ((((int) s - 128) * 146 + 64) >> 7) + 128;

  return c < 0 ? 0 : c > 255 ? 255 : (uint8_t) c;
}

#if B64IMG_SIMD && defined(__SSE2__)
/* SSE2 (every x86-64): eight 16-bit lanes per multiply. Returns the
 * samples done; the scalar loop does the rest. */
static size_t
expand_simd (const uint8_t *src, uint8_t *dst, size_t n, bool luma)
{
  const __m128i zero = _mm_setzero_si128 ();
  const __m128i mul = _mm_set1_epi16 (luma ? 149 : 146);
  const __m128i round = _mm_set1_epi16 (64);
  const __m128i bias = _mm_set1_epi16 (128);
  const __m128i off = _mm_set1_epi8 (16);
  size_t x = 0;

  for (; x + 16 <= n; x += 16) {
    __m128i v = _mm_loadu_si128 ((const __m128i *) (src + x));
    __m128i lo, hi;

    if (luma) {
      v = _mm_subs_epu8 (v, off);
      lo = _mm_unpacklo_epi8 (v, zero);
      hi = _mm_unpackhi_epi8 (v, zero);
      lo = _mm_srli_epi16 (_mm_add_epi16 (_mm_mullo_epi16 (lo, mul), round), 7);
      hi = _mm_srli_epi16 (_mm_add_epi16 (_mm_mullo_epi16 (hi, mul), round), 7);
    } else {
      lo = _mm_sub_epi16 (_mm_unpacklo_epi8 (v, zero), bias);
      hi = _mm_sub_epi16 (_mm_unpackhi_epi8 (v, zero), bias);
      lo = _mm_add_epi16 (
          _mm_srai_epi16 (_mm_add_epi16 (_mm_mullo_epi16 (lo, mul), round), 7),
          bias);
      hi = _mm_add_epi16 (
          _mm_srai_epi16 (_mm_add_epi16 (_mm_mullo_epi16 (hi, mul), round), 7),
          bias);
    }
    _mm_storeu_si128 ((__m128i *) (dst + x), _mm_packus_epi16 (lo, hi));
  }
  return x;
}
#elif B64IMG_SIMD && defined(__aarch64__) && defined(__ARM_NEON)
/* NEON (every arm64): widening multiplies, then one rounding, saturating
 * narrowing shift does the "+ 64 >> 7" and the clamp of the scalar code. */
static size_t
expand_simd (const uint8_t *src, uint8_t *dst, size_t n, bool luma)
{
  size_t x = 0;

  if (luma) {
    const uint8x16_t off = vdupq_n_u8 (16);
    const uint8x8_t mul = vdup_n_u8 (149);

    for (; x + 16 <= n; x += 16) {
      uint8x16_t v = vqsubq_u8 (vld1q_u8 (src + x), off);
      uint16x8_t lo = vmull_u8 (vget_low_u8 (v), mul);
      uint16x8_t hi = vmull_u8 (vget_high_u8 (v), mul);

      vst1q_u8 (
          dst + x, vcombine_u8 (vqrshrn_n_u16 (lo, 7), vqrshrn_n_u16 (hi, 7)));
    }
  } else {
    const uint8x16_t bias = vdupq_n_u8 (128);

    for (; x + 16 <= n; x += 16) {
      /* s ^ 128 read as signed is s - 128 */
      int8x16_t c = vreinterpretq_s8_u8 (veorq_u8 (vld1q_u8 (src + x), bias));
      int16x8_t lo = vmulq_n_s16 (vmovl_s8 (vget_low_s8 (c)), 146);
      int16x8_t hi = vmulq_n_s16 (vmovl_s8 (vget_high_s8 (c)), 146);
      /* rounded, clamped to -128..127, then + 128 */
      int8x16_t r = vcombine_s8 (vqrshrn_n_s16 (lo, 7), vqrshrn_n_s16 (hi, 7));

      vst1q_u8 (dst + x, veorq_u8 (vreinterpretq_u8_s8 (r), bias));
    }
  }
  return x;
}
#else
static size_t
expand_simd (const uint8_t *src, uint8_t *dst, size_t n, bool luma)
{
  (void) src;
  (void) dst;
  (void) n;
  (void) luma;
  return 0;
}
#endif

static void
expand_tail (const uint8_t *src, uint8_t *dst, size_t x, size_t n, bool luma)
{
  if (luma) {
    for (; x < n; x++)
      dst[x] = expand_luma_px (src[x]);
  } else {
    for (; x < n; x++)
      dst[x] = expand_chroma_px (src[x]);
  }
}

void
b64_range_expand_row_scalar (
    const uint8_t *src, uint8_t *dst, size_t n, bool luma)
{
  expand_tail (src, dst, 0, n, luma);
}

void
b64_range_expand_row (const uint8_t *src, uint8_t *dst, size_t n, bool luma)
{
  expand_tail (src, dst, expand_simd (src, dst, n, luma), n, luma);
}

const char *
b64_range_expand_simd (void)
{
  return SIMD_NAME;
}

void
b64_range_expand_plane (const uint8_t *src, size_t src_stride, uint8_t *dst,
    size_t dst_stride, size_t w, size_t h, bool luma)
{
  for (size_t y = 0; y < h; y++)
    b64_range_expand_row (src + y * src_stride, dst + y * dst_stride, w, luma);
}
