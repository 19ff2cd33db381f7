/* b64img — 16-bit packed samples: rounding to 8 bits, reordering to RGBA.
 * Copyright (C) 2026 The b64img authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "b64depth.h"

static inline uint16_t
sample (const uint8_t *p, bool big_endian)
{
  return big_endian ? (uint16_t) (p[0] << 8 | p[1])
                    : (uint16_t) (p[1] << 8 | p[0]);
}

/* v * 255 / 65535 to nearest: 255/65535 is exactly 1/257. */
static inline uint8_t
round_to_8 (uint16_t v)
{
  return (uint8_t) (((uint32_t) v + 128) / 257);
}

void
b64_depth_round_to_8 (const uint8_t *src, size_t src_stride, uint32_t width,
    uint32_t height, const B64Depth16 *layout, uint8_t *dst, size_t dst_stride)
{
  unsigned n = layout->channels, pixel = 2 * n;

  for (uint32_t y = 0; y < height; y++) {
    const uint8_t *s = src + y * src_stride;
    uint8_t *d = dst + y * dst_stride;

    for (uint32_t x = 0; x < width; x++, s += pixel, d += n)
      for (unsigned c = 0; c < n; c++)
        d[c] = round_to_8 (sample (s + layout->offset[c], layout->big_endian));
  }
}

void
b64_depth_to_png16 (const uint8_t *src, size_t src_stride, uint32_t width,
    uint32_t height, const B64Depth16 *layout, uint8_t *dst, size_t dst_stride)
{
  unsigned n = layout->channels, pixel = 2 * n;

  for (uint32_t y = 0; y < height; y++) {
    const uint8_t *s = src + y * src_stride;
    uint8_t *d = dst + y * dst_stride;

    for (uint32_t x = 0; x < width; x++, s += pixel, d += pixel)
      for (unsigned c = 0; c < n; c++) {
        uint16_t v = sample (s + layout->offset[c], layout->big_endian);

        d[2 * c] = (uint8_t) (v >> 8);
        d[2 * c + 1] = (uint8_t) v;
      }
  }
}
