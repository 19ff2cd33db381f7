/* b64img — tests of the 16-bit sample module (b64depth.c)
 * Copyright (C) 2026 The b64img authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "b64depth.h"

#include <glib.h>
#include <math.h>
#include <string.h>

/* R, G, B, A byte offsets of the 16-bit RGBA orders GStreamer has. */
static const struct
{
  const char *name;
  B64Depth16 layout;
} layouts[] = {
  { "GRAY16_LE", { 1, { 0 }, false } },
  { "GRAY16_BE", { 1, { 0 }, true } },
  { "RGBA64_LE", { 4, { 0, 2, 4, 6 }, false } },
  { "RGBA64_BE", { 4, { 0, 2, 4, 6 }, true } },
  { "ARGB64_BE", { 4, { 2, 4, 6, 0 }, true } },
  { "BGRA64_LE", { 4, { 4, 2, 0, 6 }, false } },
  { "ABGR64_BE", { 4, { 6, 4, 2, 0 }, true } },
};

static void
put16 (uint8_t *p, uint16_t v, bool be)
{
  p[be ? 0 : 1] = (uint8_t) (v >> 8);
  p[be ? 1 : 0] = (uint8_t) v;
}

/* A frame of @w x @h pixels whose channel c of pixel i is value
 * (i * 4 + c) * 7919 mod 65536. */
static uint8_t *
make_frame (const B64Depth16 *l, uint32_t w, uint32_t h, size_t stride)
{
  uint8_t *buf = g_malloc (stride * h);

  memset (buf, 0xa5, stride * h);
  for (uint32_t y = 0; y < h; y++)
    for (uint32_t x = 0; x < w; x++)
      for (unsigned c = 0; c < l->channels; c++) {
        uint32_t i = y * w + x;

        put16 (buf + y * stride + x * 2 * l->channels + l->offset[c],
            (uint16_t) ((i * 4 + c) * 7919u), l->big_endian);
      }
  return buf;
}

static uint16_t
value_of (uint32_t i, unsigned c)
{
  return (uint16_t) ((i * 4 + c) * 7919u);
}

static void
test_round_every_value (void)
{
  B64Depth16 gray = { 1, { 0 }, false };
  uint8_t src[2 * 256], dst[256];

  for (unsigned hi = 0; hi < 256; hi++) {
    for (unsigned lo = 0; lo < 256; lo++)
      put16 (src + 2 * lo, (uint16_t) (hi << 8 | lo), false);
    b64_depth_round_to_8 (src, sizeof src, 256, 1, &gray, dst, sizeof dst);
    for (unsigned lo = 0; lo < 256; lo++) {
      unsigned v = hi << 8 | lo;

      g_assert_cmpuint (
          dst[lo], ==, (unsigned) floor (v * 255.0 / 65535 + 0.5));
    }
  }
}

static void
test_round_layouts (void)
{
  const uint32_t w = 37, h = 5;

  for (unsigned k = 0; k < G_N_ELEMENTS (layouts); k++) {
    const B64Depth16 *l = &layouts[k].layout;
    size_t stride = w * 2 * l->channels + 6, dstride = w * l->channels + 3;
    uint8_t *src = make_frame (l, w, h, stride);
    uint8_t *dst = g_malloc (dstride * h);

    memset (dst, 0x5a, dstride * h);
    b64_depth_round_to_8 (src, stride, w, h, l, dst, dstride);
    for (uint32_t y = 0; y < h; y++) {
      for (uint32_t x = 0; x < w; x++)
        for (unsigned c = 0; c < l->channels; c++)
          g_assert_cmpuint (dst[y * dstride + x * l->channels + c], ==,
              (unsigned) floor (value_of (y * w + x, c) * 255.0 / 65535 + 0.5));
      /* the padding past each row is left alone */
      for (size_t p = w * l->channels; p < dstride; p++)
        g_assert_cmpuint (dst[y * dstride + p], ==, 0x5a);
    }
    g_free (dst);
    g_free (src);
  }
}

static void
test_to_png16 (void)
{
  const uint32_t w = 19, h = 3;

  for (unsigned k = 0; k < G_N_ELEMENTS (layouts); k++) {
    const B64Depth16 *l = &layouts[k].layout;
    size_t stride = w * 2 * l->channels + 2, dstride = w * 2 * l->channels + 8;
    uint8_t *src = make_frame (l, w, h, stride);
    uint8_t *dst = g_malloc (dstride * h);

    memset (dst, 0x5a, dstride * h);
    b64_depth_to_png16 (src, stride, w, h, l, dst, dstride);
    for (uint32_t y = 0; y < h; y++) {
      for (uint32_t x = 0; x < w; x++)
        for (unsigned c = 0; c < l->channels; c++) {
          const uint8_t *p = dst + y * dstride + (x * l->channels + c) * 2;

          g_assert_cmpuint (p[0] << 8 | p[1], ==, value_of (y * w + x, c));
        }
      for (size_t p = w * 2 * l->channels; p < dstride; p++)
        g_assert_cmpuint (dst[y * dstride + p], ==, 0x5a);
    }
    g_free (dst);
    g_free (src);
  }
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/b64depth/round-every-value", test_round_every_value);
  g_test_add_func ("/b64depth/round-layouts", test_round_layouts);
  g_test_add_func ("/b64depth/to-png16", test_to_png16);
  return g_test_run ();
}
