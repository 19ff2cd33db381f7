/* b64img — base64 codec, private interface between the scalar and SIMD parts
 * Copyright (C) 2026 The b64img authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#ifndef B64_CODEC_INTERNAL_H
#define B64_CODEC_INTERNAL_H

#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include "b64codec.h"

/* Meson's config.h says "#define HAVE_AVX2" or "#undef HAVE_AVX2", a command
 * line may say -DHAVE_AVX2=0 or =1: the odd expression is true for an empty
 * definition and for any non-zero value. */
#if defined(HAVE_AVX2) && (1 - HAVE_AVX2 - 1 != 0) && defined(__x86_64__)
#define B64_WITH_AVX2 1
#else
#define B64_WITH_AVX2 0
#endif

/* Encodes the largest multiple of 3 bytes of @src it is worth doing in bulk
 * (no padding) and returns the number of bytes consumed; 4/3 as many
 * characters are written to @dst. */
typedef size_t (*B64EncodeBlocksFunc) (
    const uint8_t *src, size_t len, char *dst, B64Alphabet alphabet);

/* Decodes whole quanta of 4 alphabet characters from @src, skipping the
 * whitespace that @skip (B64_DECODE_SKIP_SPACE, B64_DECODE_SKIP_LF) allows
 * before and inside them. Stops at a quantum boundary, before the first
 * quantum holding anything else ('=', whitespace not allowed, a character
 * of the other alphabet or of no alphabet) or not complete in @src, so that
 * no sextet is left pending. @alphabet is -1 when not yet known: then
 * "+/-_" all stop it. Returns the characters consumed; *written is 3 bytes
 * per quantum, written to @dst, which must have room for 3 * (len / 4)
 * bytes. */
typedef size_t (*B64DecodeBlocksFunc) (const char *src, size_t len,
    uint8_t *dst, size_t *written, int alphabet, unsigned skip);

size_t b64_encode_blocks_scalar (
    const uint8_t *src, size_t len, char *dst, B64Alphabet alphabet);
size_t b64_decode_blocks_scalar (const char *src, size_t len, uint8_t *dst,
    size_t *written, int alphabet, unsigned skip);

#if B64_WITH_AVX2
size_t b64_encode_blocks_avx2 (
    const uint8_t *src, size_t len, char *dst, B64Alphabet alphabet);
size_t b64_decode_blocks_avx2 (const char *src, size_t len, uint8_t *dst,
    size_t *written, int alphabet, unsigned skip);
#endif

#endif /* B64_CODEC_INTERNAL_H */
