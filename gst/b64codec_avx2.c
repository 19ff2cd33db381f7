/* b64img — base64 codec: AVX2 kernels (placeholder, being written)
 * Copyright (C) 2026 The b64img authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "b64codec_internal.h"

#if B64_WITH_AVX2
size_t
b64_encode_blocks_avx2 (const uint8_t * src, size_t len, char *dst,
    B64Alphabet alphabet)
{
  return b64_encode_blocks_scalar (src, len, dst, alphabet);
}

size_t
b64_decode_blocks_avx2 (const char *src, size_t len, uint8_t * dst,
    int alphabet)
{
  return b64_decode_blocks_scalar (src, len, dst, alphabet);
}
#endif
