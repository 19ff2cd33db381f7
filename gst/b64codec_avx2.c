/* b64img — base64 codec: AVX2 kernels
 * Copyright (C) 2026 The b64img authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * Built with -mavx2 and only called after the run-time CPU check. The
 * methods are those published by W. Muła and D. Lemire ("Faster Base64
 * Encoding and Decoding Using AVX2 Instructions", 2018): multiplies to
 * gather the sextets, nibble lookups to translate and validate.
 */
#include "b64codec_internal.h"

#if B64_WITH_AVX2

#include <immintrin.h>

/* A 16-byte table repeated in both lanes, as vpshufb wants it. */
#define LUT16(                                                                 \
    a0, a1, a2, a3, a4, a5, a6, a7, a8, a9, a10, a11, a12, a13, a14, a15)      \
  _mm256_setr_epi8 (a0, a1, a2, a3, a4, a5, a6, a7, a8, a9, a10, a11, a12,     \
      a13, a14, a15, a0, a1, a2, a3, a4, a5, a6, a7, a8, a9, a10, a11, a12,    \
      a13, a14, a15)

/* ---- encoding ------------------------------------------------------------ */

/* 24 bytes, 12 per lane at the start of each lane, to 32 sextets. */
static inline __m256i
enc_split (__m256i in)
{
  /* Each 3 bytes b0 b1 b2 become the 32-bit word b1 b0 b2 b1, so that the
   * two 16-bit halves hold b0:b1 and b1:b2 with the sextets at known bit
   * offsets. */
  const __m256i shuf
      = LUT16 (1, 0, 2, 1, 4, 3, 5, 4, 7, 6, 8, 7, 10, 9, 11, 10);
  __m256i t, a, b;

  t = _mm256_shuffle_epi8 (in, shuf);
  /* sextets 0 and 2 shifted right into bytes 0 and 2 ... */
  a = _mm256_mulhi_epu16 (_mm256_and_si256 (t, _mm256_set1_epi32 (0x0fc0fc00)),
      _mm256_set1_epi32 (0x04000040));
  /* ... sextets 1 and 3 shifted left into bytes 1 and 3. */
  b = _mm256_mullo_epi16 (_mm256_and_si256 (t, _mm256_set1_epi32 (0x003f03f0)),
      _mm256_set1_epi32 (0x01000010));
  return _mm256_or_si256 (a, b);
}

/* Sextets to characters: one offset per range, picked with vpshufb. */
static inline __m256i
enc_translate (__m256i s, __m256i offsets)
{
  /* 0 for 0..51 and 1..12 for 52..63; 0..25 then become 13. */
  __m256i idx = _mm256_subs_epu8 (s, _mm256_set1_epi8 (51));
  __m256i lower = _mm256_cmpgt_epi8 (_mm256_set1_epi8 (26), s);

  idx = _mm256_or_si256 (idx, _mm256_and_si256 (lower, _mm256_set1_epi8 (13)));
  return _mm256_add_epi8 (s, _mm256_shuffle_epi8 (offsets, idx));
}

static inline __m256i
load_24 (const uint8_t *src)
{
  /* reads 28 bytes */
  return _mm256_inserti128_si256 (
      _mm256_castsi128_si256 (_mm_loadu_si128 ((const __m128i *) src)),
      _mm_loadu_si128 ((const __m128i *) (src + 12)), 1);
}

size_t
b64_encode_blocks_avx2 (
    const uint8_t *src, size_t len, char *dst, B64Alphabet alphabet)
{
  const bool url = alphabet == B64_ALPHABET_URL;
  const __m256i offsets = LUT16 ('a' - 26, '0' - 52, '0' - 52, '0' - 52,
      '0' - 52, '0' - 52, '0' - 52, '0' - 52, '0' - 52, '0' - 52, '0' - 52,
      url ? '-' - 62 : '+' - 62, url ? '_' - 63 : '/' - 63, 'A', 0, 0);
  size_t i = 0;

  /* Two blocks a step; each load reads 4 bytes beyond its 24. */
  while (len - i >= 52) {
    __m256i a = enc_translate (enc_split (load_24 (src + i)), offsets);
    __m256i b = enc_translate (enc_split (load_24 (src + i + 24)), offsets);

    _mm256_storeu_si256 ((__m256i *) dst, a);
    _mm256_storeu_si256 ((__m256i *) (dst + 32), b);
    i += 48;
    dst += 64;
  }
  if (len - i >= 28) {
    __m256i a = enc_translate (enc_split (load_24 (src + i)), offsets);

    _mm256_storeu_si256 ((__m256i *) dst, a);
    i += 24;
    dst += 32;
  }
  return i + b64_encode_blocks_scalar (src + i, len - i, dst, alphabet);
}

/* ---- decoding ------------------------------------------------------------ */

/* Validation: a byte is bad when the classes of its low and of its high
 * nibble share a bit. Low nibble classes, shared by all alphabets:
 *   0x01 any              0x02 0              0x04 A..F
 *   0x08 B..F             0x10 not B, F       0x20 not D
 *   0x40 B..E
 * High nibble 2 takes 0x10 ("+/") or 0x20 ("-"), nibble 5 takes 0x40 in
 * the URL alphabet (letters and "_"), 0x08 otherwise (letters only). */
#define LO_CLASSES                                                             \
  LUT16 (0x33, 0x31, 0x31, 0x31, 0x31, 0x31, 0x31, 0x31, 0x31, 0x31, 0x35,     \
      0x6d, 0x7d, 0x5d, 0x7d, 0x2d)
#define HI_CLASSES(h2, h5)                                                     \
  LUT16 (0x01, 0x01, h2, 0x04, 0x02, h5, 0x02, 0x08, 0x01, 0x01, 0x01, 0x01,   \
      0x01, 0x01, 0x01, 0x01)

/* Translation: an offset per high nibble; the character of sextet 63
 * shares its nibble with others and is moved to index nibble | 8. */
#define STD_OFFSETS                                                            \
  LUT16 (0, 0, 62 - '+', 52 - '0', -'A', -'A', 26 - 'a', 26 - 'a', 0, 0,       \
      63 - '/', 0, 0, 0, 0, 0)
#define URL_OFFSETS                                                            \
  LUT16 (0, 0, 62 - '-', 52 - '0', -'A', -'A', 26 - 'a', 26 - 'a', 0, 0, 0, 0, \
      0, 63 - '_', 0, 0)

/* Whitespace to skip, by decoder flags: the character with each low nibble
 * that is skipped (0x20 for nibble 0), else 0xff, which no byte matches
 * after vpshufb. */
#define WS_ROW(sp, lf)                                                         \
  {                                                                            \
    sp ? 0x20 : 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,          \
        sp ? 0x09 : 0xff, lf ? 0x0a : 0xff, sp ? 0x0b : 0xff,                  \
        sp ? 0x0c : 0xff, sp ? 0x0d : 0xff, 0xff, 0xff                         \
  }
static const uint8_t ws_chars[4][16]
    = { WS_ROW (0, 0), WS_ROW (1, 0), WS_ROW (0, 1), WS_ROW (1, 1) };

typedef struct
{
  __m256i hi_classes, offsets, char63, ws_chars;
} DecodeParams;

/* Mask of the characters of @v not in the alphabet. */
static inline uint32_t
dec_bad_mask (__m256i v, const DecodeParams *p)
{
  const __m256i nibble = _mm256_set1_epi8 (0x0f);
  __m256i hi = _mm256_and_si256 (_mm256_srli_epi32 (v, 4), nibble);
  __m256i bad = _mm256_and_si256 (
      _mm256_shuffle_epi8 (LO_CLASSES, _mm256_and_si256 (v, nibble)),
      _mm256_shuffle_epi8 (p->hi_classes, hi));

  return ~(uint32_t) _mm256_movemask_epi8 (
      _mm256_cmpeq_epi8 (bad, _mm256_setzero_si256 ()));
}

/* Mask of the characters of @v that are whitespace to skip. */
static inline uint32_t
dec_ws_mask (__m256i v, const DecodeParams *p)
{
  return (uint32_t) _mm256_movemask_epi8 (
      _mm256_cmpeq_epi8 (v, _mm256_shuffle_epi8 (p->ws_chars, v)));
}

/* 32 alphabet characters to 24 bytes. */
static inline void
dec_translate_store (__m256i v, uint8_t *dst, const DecodeParams *p)
{
  __m256i hi
      = _mm256_and_si256 (_mm256_srli_epi32 (v, 4), _mm256_set1_epi8 (0x0f));
  __m256i idx, s, packed;

  idx = _mm256_or_si256 (hi, _mm256_and_si256 (_mm256_cmpeq_epi8 (v, p->char63),
                                 _mm256_set1_epi8 (8)));
  s = _mm256_add_epi8 (v, _mm256_shuffle_epi8 (p->offsets, idx));

  /* a b c d sextets -> (a << 6 | b), (c << 6 | d) -> 24-bit words */
  s = _mm256_maddubs_epi16 (s, _mm256_set1_epi32 (0x01400140));
  s = _mm256_madd_epi16 (s, _mm256_set1_epi32 (0x00011000));
  /* 3 bytes of each word, most significant first, 12 bytes a lane ... */
  s = _mm256_shuffle_epi8 (
      s, LUT16 (2, 1, 0, 6, 5, 4, 10, 9, 8, 14, 13, 12, -1, -1, -1, -1));
  /* ... and the two lanes joined. */
  packed = _mm256_permutevar8x32_epi32 (
      s, _mm256_setr_epi32 (0, 1, 2, 4, 5, 6, 3, 7));
  _mm_storeu_si128 ((__m128i *) dst, _mm256_castsi256_si128 (packed));
  _mm_storel_epi64 (
      (__m128i *) (dst + 16), _mm256_extracti128_si256 (packed, 1));
}

/* 32 zero bytes then 32 0xff: a load at 32 - p selects bytes p to 31. */
static const uint8_t tail_mask[64] = { [32 ... 63] = 0xff };

/* @v, read at @src, has characters out of the alphabet (@bad): when they
 * are all whitespace to skip, closes each gap by reading the rest of the
 * block again past it, until the 32 characters are all in the alphabet.
 * Returns the number of characters skipped, or -1 when anything else (or
 * the end of the text) comes first. */
static inline ptrdiff_t
dec_close_gaps (const char *src, size_t len, __m256i *v, uint32_t bad,
    const DecodeParams *p)
{
  size_t skipped = 0;

  do {
    unsigned at = __builtin_ctz (bad);
    __m256i keep = _mm256_loadu_si256 ((const __m256i *) (tail_mask + 32 - at));

    if (bad & ~dec_ws_mask (*v, p))
      return -1;
    /* the run of whitespace, up to the end of the block */
    skipped += __builtin_ctzll (~((uint64_t) bad >> at));
    if (len < 32 + skipped)
      return -1;
    *v = _mm256_blendv_epi8 (
        *v, _mm256_loadu_si256 ((const __m256i *) (src + skipped)), keep);
    bad = dec_bad_mask (*v, p);
  } while (bad);
  return (ptrdiff_t) skipped;
}

/* The usual line end: @v, read at @src, holds one run of @gap whitespace
 * characters to skip (@bad, which is @gap_bits shifted), as the last line
 * end did. The bytes that close the gap are read and checked before knowing
 * where it is, which keeps the wait short. Returns false, changing nothing,
 * for anything else. */
static inline bool
dec_close_same_gap (const char *src, size_t len, __m256i *v, uint32_t bad,
    size_t gap, uint64_t gap_bits, const DecodeParams *p)
{
  unsigned at = __builtin_ctz (bad);
  __m256i r;

  if (bad != gap_bits << at || len < 32 + gap || (bad & ~dec_ws_mask (*v, p)))
    return false;
  /* only its last @gap bytes are new */
  r = _mm256_loadu_si256 ((const __m256i *) (src + gap));
  if (dec_bad_mask (r, p) >> at)
    return false;
  *v = _mm256_blendv_epi8 (
      *v, r, _mm256_loadu_si256 ((const __m256i *) (tail_mask + 32 - at)));
  return true;
}

size_t
b64_decode_blocks_avx2 (const char *src, size_t len, uint8_t *dst,
    size_t *written, int alphabet, unsigned skip)
{
  DecodeParams p;
  uint8_t *d = dst;
  size_t i = 0, w, gap = 1;
  uint64_t gap_bits = 1;

  if (alphabet == B64_ALPHABET_URL) {
    p.hi_classes = HI_CLASSES (0x20, 0x40);
    p.offsets = URL_OFFSETS;
    p.char63 = _mm256_set1_epi8 ('_');
  } else {
    /* "+/" are only taken once the standard alphabet is known. */
    p.hi_classes = alphabet == B64_ALPHABET_STANDARD ? HI_CLASSES (0x10, 0x08)
                                                     : HI_CLASSES (0x01, 0x08);
    p.offsets = STD_OFFSETS;
    p.char63 = _mm256_set1_epi8 ('/');
  }
  p.ws_chars = _mm256_broadcastsi128_si256 (_mm_loadu_si128 ((const __m128i *)
          ws_chars[skip & (B64_DECODE_SKIP_SPACE | B64_DECODE_SKIP_LF)]));

  while (len - i >= 32) {
    __m256i v = _mm256_loadu_si256 ((const __m256i *) (src + i));
    uint32_t bad = dec_bad_mask (v, &p);

    if (__builtin_expect (bad != 0, 0)) {
      /* Lines of one width end alike: a gap like the last one is stepped
       * over by a known size, so that the next loads need not wait for
       * this block's classification. */
      if (!dec_close_same_gap (src + i, len - i, &v, bad, gap, gap_bits, &p)) {
        /* A block holding anything else than whitespace to skip is left
         * to the scalar code, which stops before the quantum holding it. */
        ptrdiff_t skipped = dec_close_gaps (src + i, len - i, &v, bad, &p);

        if (skipped < 0)
          break;
        gap = (size_t) skipped;
        gap_bits = gap <= 32 ? (1ull << gap) - 1 : 0;
      }
      i += gap;
    }
    dec_translate_store (v, d, &p);
    i += 32;
    d += 24;
  }
  i += b64_decode_blocks_scalar (src + i, len - i, d, &w, alphabet, skip);
  *written = (size_t) (d - dst) + w;
  return i;
}

#endif /* B64_WITH_AVX2 */
