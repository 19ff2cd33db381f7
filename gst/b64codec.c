/* b64img — base64 codec: portable implementation and run-time dispatch
 * Copyright (C) 2026 The b64img authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "b64codec_internal.h"

#include <stdlib.h>
#include <string.h>

/* ---- byte order helpers ------------------------------------------------ */

static inline uint64_t
load_be64 (const void *p)
{
  uint64_t v;

  memcpy (&v, p, 8);
#if __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
  v = __builtin_bswap64 (v);
#endif
  return v;
}

static inline uint32_t
load_le32 (const void *p)
{
  uint32_t v;

  memcpy (&v, p, 4);
#if __BYTE_ORDER__ == __ORDER_BIG_ENDIAN__
  v = __builtin_bswap32 (v);
#endif
  return v;
}

static inline void
store_le64 (void *p, uint64_t v)
{
#if __BYTE_ORDER__ == __ORDER_BIG_ENDIAN__
  v = __builtin_bswap64 (v);
#endif
  memcpy (p, &v, 8);
}

static inline void
store_le16 (void *p, uint16_t v)
{
#if __BYTE_ORDER__ == __ORDER_BIG_ENDIAN__
  v = __builtin_bswap16 (v);
#endif
  memcpy (p, &v, 2);
}

/* ---- tables, built by the compiler --------------------------------------- */

#define R4(M, i)  M (i), M (i + 1), M (i + 2), M (i + 3)
#define R16(M, i) R4 (M, i), R4 (M, i + 4), R4 (M, i + 8), R4 (M, i + 12)
#define R64(M, i) R16 (M, i), R16 (M, i + 16), R16 (M, i + 32), R16 (M, i + 48)
#define R256(M, i)                                                             \
  R64 (M, i), R64 (M, i + 64), R64 (M, i + 128), R64 (M, i + 192)
#define R1024(M, i)                                                            \
  R256 (M, i), R256 (M, i + 256), R256 (M, i + 512), R256 (M, i + 768)
#define R4096(M) R1024 (M, 0), R1024 (M, 1024), R1024 (M, 2048), R1024 (M, 3072)

#define ENC_ALNUM(s)                                                           \
  ((s) < 26 ? 'A' + (s) : (s) < 52 ? 'a' + (s) -26 : '0' + (s) -52)
#define ENC_STD(s) ((s) < 62 ? ENC_ALNUM (s) : (s) == 62 ? '+' : '/')
#define ENC_URL(s) ((s) < 62 ? ENC_ALNUM (s) : (s) == 62 ? '-' : '_')

/* Two characters for 12 bits, the first in the low byte. */
#define E12_STD(i) ((uint16_t) (ENC_STD ((i) >> 6) | ENC_STD ((i) &63) << 8))
#define E12_URL(i) ((uint16_t) (ENC_URL ((i) >> 6) | ENC_URL ((i) &63) << 8))

static const uint16_t enc12_std[4096] = { R4096 (E12_STD) };
static const uint16_t enc12_url[4096] = { R4096 (E12_URL) };

static const char enc_std[65]
    = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
static const char enc_url[65]
    = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

/* Sextet of a character, 64 when it is not in that alphabet. */
#define SX_ALNUM(c)                                                            \
  ((c) >= 'A' && (c) <= 'Z'      ? (c) - 'A'                                   \
      : (c) >= 'a' && (c) <= 'z' ? (c) - 'a' + 26                              \
      : (c) >= '0' && (c) <= '9' ? (c) - '0' + 52                              \
                                 : 64)
#define SX_N(c) SX_ALNUM (c)
#define SX_S(c) ((c) == '+' ? 62 : (c) == '/' ? 63 : SX_ALNUM (c))
#define SX_U(c) ((c) == '-' ? 62 : (c) == '_' ? 63 : SX_ALNUM (c))

/* Decoding: the four characters of a quantum each look their sextet up,
 * already shifted to its place in the 3 output bytes (first byte in the low
 * bits). A character outside the alphabet gives bits above 24, so one test
 * of the OR of the four checks the whole quantum. */
#define DBAD  0x01ffffffu
#define T0(s) ((s) > 63 ? DBAD : (uint32_t) (s) << 2)
#define T1(s)                                                                  \
  ((s) > 63 ? DBAD : ((uint32_t) (s) >> 4) | ((uint32_t) (s) &15) << 12)
#define T2(s)                                                                  \
  ((s) > 63 ? DBAD : ((uint32_t) (s) >> 2) << 8 | ((uint32_t) (s) &3) << 22)
#define T3(s) ((s) > 63 ? DBAD : (uint32_t) (s) << 16)

#define N0(c) T0 (SX_N (c))
#define N1(c) T1 (SX_N (c))
#define N2(c) T2 (SX_N (c))
#define N3(c) T3 (SX_N (c))
#define S0(c) T0 (SX_S (c))
#define S1(c) T1 (SX_S (c))
#define S2(c) T2 (SX_S (c))
#define S3(c) T3 (SX_S (c))
#define U0(c) T0 (SX_U (c))
#define U1(c) T1 (SX_U (c))
#define U2(c) T2 (SX_U (c))
#define U3(c) T3 (SX_U (c))

/* One table per position in the quantum. */
typedef struct
{
  uint32_t d[4][256];
} DecodeTables;

/* Indexed by alphabet + 1: alphanumerics only (alphabet not yet known),
 * standard, URL-safe. */
static const DecodeTables dec_tables[3] = {
  { { { R256 (N0, 0) }, { R256 (N1, 0) }, { R256 (N2, 0) },
      { R256 (N3, 0) } } },
  { { { R256 (S0, 0) }, { R256 (S1, 0) }, { R256 (S2, 0) },
      { R256 (S3, 0) } } },
  { { { R256 (U0, 0) }, { R256 (U1, 0) }, { R256 (U2, 0) },
      { R256 (U3, 0) } } },
};

/* Character classes for the careful path: 0..61 alphanumeric sextets, then
 * the four alphabet-dependent characters and the rest. */
enum
{
  C_PLUS = 64,
  C_SLASH,
  C_MINUS,
  C_UNDERSCORE,
  C_PAD,
  C_SPACE,
  C_LF,
  C_QUOTE, /* '"' and '\\': the end of a JSON string, or an escape */
  C_BAD
};

#define CLASS(c)                                                               \
  ((c) == '+'      ? C_PLUS                                                    \
      : (c) == '/' ? C_SLASH                                                   \
      : (c) == '-' ? C_MINUS                                                   \
      : (c) == '_' ? C_UNDERSCORE                                              \
      : (c) == '=' ? C_PAD                                                     \
      : (c) == ' ' || (c) == '\t' || (c) == '\r' || (c) == '\v' || (c) == '\f' \
          ? C_SPACE                                                            \
      : (c) == '\n'               ? C_LF                                       \
      : (c) == '"' || (c) == '\\' ? C_QUOTE                                    \
      : SX_ALNUM (c) < 64         ? SX_ALNUM (c)                               \
                                  : C_BAD)
#define CLASS8(c) ((uint8_t) CLASS (c))

static const uint8_t char_class[256] = { R256 (CLASS8, 0) };

/* The decoder flag that lets a whitespace character be skipped, else 0. */
#define WS_FLAG(c)                                                             \
  ((c) == '\n' ? B64_DECODE_SKIP_LF                                            \
      : (c) == ' ' || (c) == '\t' || (c) == '\r' || (c) == '\v' || (c) == '\f' \
          ? B64_DECODE_SKIP_SPACE                                              \
          : 0)
#define WS_FLAG8(c) ((uint8_t) WS_FLAG (c))

static const uint8_t ws_flag[256] = { R256 (WS_FLAG8, 0) };

/* ---- scalar kernels ------------------------------------------------------ */

/* 8 characters for the 48 high bits of @w. */
#define ENC8(t, w)                                                             \
  ((uint64_t) t[(w) >> 52] | (uint64_t) t[((w) >> 40) & 0xfff] << 16           \
      | (uint64_t) t[((w) >> 28) & 0xfff] << 32                                \
      | (uint64_t) t[((w) >> 16) & 0xfff] << 48)

size_t
b64_encode_blocks_scalar (
    const uint8_t *src, size_t len, char *dst, B64Alphabet alphabet)
{
  const uint16_t *t = alphabet == B64_ALPHABET_URL ? enc12_url : enc12_std;
  size_t i = 0;

  /* Each 8-byte load gives 6 bytes: 4 lookups of 12 bits, 8 characters. */
  while (len - i >= 14) {
    uint64_t w = load_be64 (src + i), v = load_be64 (src + i + 6);

    store_le64 (dst, ENC8 (t, w));
    store_le64 (dst + 8, ENC8 (t, v));
    i += 12;
    dst += 16;
  }
  while (len - i >= 3) {
    uint32_t v
        = (uint32_t) src[i] << 16 | (uint32_t) src[i + 1] << 8 | src[i + 2];

    store_le16 (dst, t[v >> 12]);
    store_le16 (dst + 2, t[v & 0xfff]);
    i += 3;
    dst += 4;
  }
  return i;
}

/* One quantum: its 3 bytes in the low 24 bits, or bits above them when a
 * character is not in the alphabet. @d holds the 4 tables (pointers of
 * their own, which the compiler keeps in registers). */
static inline uint32_t
quantum_bytes (const uint32_t *const d[4], const uint8_t *s)
{
  return d[0][s[0]] | d[1][s[1]] | d[2][s[2]] | d[3][s[3]];
}

/* The same from one 32-bit load and shifts. */
static inline uint32_t
quantum_word (const uint32_t *const d[4], const uint8_t *s)
{
  uint32_t w = load_le32 (s);

  return d[0][w & 0xff] | d[1][(w >> 8) & 0xff] | d[2][(w >> 16) & 0xff]
         | d[3][w >> 24];
}

static inline void
store_quantum (uint8_t *dst, uint32_t q)
{
  dst[0] = (uint8_t) q;
  dst[1] = (uint8_t) (q >> 8);
  dst[2] = (uint8_t) (q >> 16);
}

/* Whole quanta of alphabet characters up to the first one holding anything
 * else; returns the characters consumed and advances *dst. */
static size_t
decode_run_scalar (
    const DecodeTables *t, const uint8_t *s, size_t len, uint8_t **dst)
{
  const uint32_t *const tab[4] = { t->d[0], t->d[1], t->d[2], t->d[3] };
  const uint8_t *p = s, *end = s + len;
  uint8_t *d = *dst;

  /* Eight quanta per step, one branch. Half of them are read with one
   * 32-bit load and shifts, half byte by byte: the lookups are bound by the
   * load ports, shifting every byte out costs more instructions, and the
   * mix is about 10% faster than either. Each 8-byte store writes 2 bytes
   * past the 6 decoded ones, which the characters left guarantee room
   * for. Pointers rather than an index leave registers enough. */
  while (end - p >= 36) {
    uint32_t q[8];
    int k;

    q[0] = quantum_word (tab, p);
    q[1] = quantum_bytes (tab, p + 4);
    q[2] = quantum_word (tab, p + 8);
    q[3] = quantum_bytes (tab, p + 12);
    q[4] = quantum_word (tab, p + 16);
    q[5] = quantum_bytes (tab, p + 20);
    q[6] = quantum_word (tab, p + 24);
    q[7] = quantum_bytes (tab, p + 28);
    if (__builtin_expect (
            (q[0] | q[1] | q[2] | q[3] | q[4] | q[5] | q[6] | q[7]) >> 24, 0)) {
      /* keep the quanta before the bad one */
      for (k = 0; !(q[k] >> 24); k++)
        store_quantum (d + 3 * k, q[k]);
      *dst = d + 3 * k;
      return (size_t) (p - s) + 4 * k;
    }
    store_le64 (d, q[0] | (uint64_t) q[1] << 24);
    store_le64 (d + 6, q[2] | (uint64_t) q[3] << 24);
    store_le64 (d + 12, q[4] | (uint64_t) q[5] << 24);
    store_le64 (d + 18, q[6] | (uint64_t) q[7] << 24);
    p += 32;
    d += 24;
  }
  for (; end - p >= 4; p += 4, d += 3) {
    uint32_t q = quantum_bytes (tab, p);

    if (q >> 24)
      break;
    store_quantum (d, q);
  }
  *dst = d;
  return (size_t) (p - s);
}

/* One quantum whose characters are separated by whitespace that @skip
 * (decoder flags) allows. Returns the characters up to its last one, or 0
 * when another character or the end of @s comes first. */
static size_t
decode_gapped_quantum (const DecodeTables *t, const uint8_t *s, size_t len,
    uint8_t *dst, unsigned skip)
{
  uint32_t acc = 0;
  unsigned k = 0;

  for (size_t i = 0; i < len; i++) {
    uint32_t v = t->d[k][s[i]];

    if (v >> 24) {
      if (!(ws_flag[s[i]] & skip))
        return 0;
      continue;
    }
    acc |= v;
    if (++k == 4) {
      store_quantum (dst, acc);
      return i + 1;
    }
  }
  return 0;
}

size_t
b64_decode_blocks_scalar (const char *src, size_t len, uint8_t *dst,
    size_t *written, int alphabet, unsigned skip)
{
  const DecodeTables *t = &dec_tables[alphabet + 1];
  const uint8_t *s = (const uint8_t *) src;
  uint8_t *d = dst;
  size_t i = 0, n;

  /* Runs of whole quanta; whitespace between two quanta (lines of a
   * multiple of 4 characters) is skipped, a quantum across whitespace
   * decoded on its own, and on. */
  for (;;) {
    i += decode_run_scalar (t, s + i, len - i, &d);
    if (i < len && (ws_flag[s[i]] & skip)) {
      do
        i++;
      while (i < len && (ws_flag[s[i]] & skip));
      continue;
    }
    if (!skip || !(n = decode_gapped_quantum (t, s + i, len - i, d, skip)))
      break;
    i += n;
    d += 3;
  }
  *written = (size_t) (d - dst);
  return i;
}

/* ---- dispatch -------------------------------------------------------------- */

typedef struct
{
  B64Impl impl;
  B64EncodeBlocksFunc encode_blocks;
  B64DecodeBlocksFunc decode_blocks;
} B64Kernels;

static const B64Kernels scalar_kernels
    = { B64_IMPL_SCALAR, b64_encode_blocks_scalar, b64_decode_blocks_scalar };

#if B64_WITH_AVX2
static const B64Kernels avx2_kernels
    = { B64_IMPL_AVX2, b64_encode_blocks_avx2, b64_decode_blocks_avx2 };
#endif

/* Set once on first use (racing threads all store the same value) or by
 * b64_set_impl (). */
static const B64Kernels *current_kernels;

static const B64Kernels *
kernels_for (B64Impl impl)
{
  switch (impl) {
    case B64_IMPL_SCALAR:
      return &scalar_kernels;
    case B64_IMPL_AVX2:
#if B64_WITH_AVX2
      __builtin_cpu_init ();
      if (__builtin_cpu_supports ("avx2"))
        return &avx2_kernels;
#endif
      return NULL;
    case B64_IMPL_AUTO:
    default:
      break;
  }
  return NULL;
}

static const B64Kernels *
startup_kernels (void)
{
  const char *env = getenv ("B64IMG_FORCE_SCALAR");
  const B64Kernels *k = NULL;

  if (!env || !*env || strcmp (env, "0") == 0)
    k = kernels_for (B64_IMPL_AVX2);
  return k ? k : &scalar_kernels;
}

static inline const B64Kernels *
get_kernels (void)
{
  const B64Kernels *k = __atomic_load_n (&current_kernels, __ATOMIC_ACQUIRE);

  if (__builtin_expect (k == NULL, 0)) {
    const B64Kernels *expected = NULL;

    k = startup_kernels ();
    if (!__atomic_compare_exchange_n (&current_kernels, &expected, k, false,
            __ATOMIC_ACQ_REL, __ATOMIC_ACQUIRE))
      k = expected;
  }
  return k;
}

bool
b64_set_impl (B64Impl impl)
{
  const B64Kernels *k;

  /* AUTO goes back to the start-up choice, which honours the environment. */
  k = impl == B64_IMPL_AUTO ? startup_kernels () : kernels_for (impl);
  if (!k)
    return false;
  __atomic_store_n (&current_kernels, k, __ATOMIC_RELEASE);
  return true;
}

B64Impl
b64_get_impl (void)
{
  return get_kernels ()->impl;
}

const char *
b64_impl_name (B64Impl impl)
{
  switch (impl) {
    case B64_IMPL_AUTO:
      return "auto";
    case B64_IMPL_SCALAR:
      return "scalar";
    case B64_IMPL_AVX2:
      return "avx2";
  }
  return "unknown";
}

/* ---- encoding -------------------------------------------------------------- */

size_t
b64_encoded_size (size_t len, bool padding)
{
  size_t rem = len % 3;

  if (rem == 0)
    return len / 3 * 4;
  return len / 3 * 4 + (padding ? 4 : rem + 1);
}

void
b64_encode (const uint8_t *src, size_t len, char *dst, B64Alphabet alphabet,
    bool padding)
{
  const char *chars = alphabet == B64_ALPHABET_URL ? enc_url : enc_std;
  size_t n = get_kernels ()->encode_blocks (src, len, dst, alphabet);

  src += n;
  dst += n / 3 * 4;
  len -= n;
  if (len >= 3) {
    /* SIMD kernels leave short tails to the scalar one. */
    n = b64_encode_blocks_scalar (src, len, dst, alphabet);
    src += n;
    dst += n / 3 * 4;
    len -= n;
  }
  if (len == 0)
    return;

  dst[0] = chars[src[0] >> 2];
  if (len == 1) {
    dst[1] = chars[(src[0] & 3) << 4];
    if (padding) {
      dst[2] = '=';
      dst[3] = '=';
    }
  } else {
    dst[1] = chars[(src[0] & 3) << 4 | src[1] >> 4];
    dst[2] = chars[(src[1] & 15) << 2];
    if (padding)
      dst[3] = '=';
  }
}

/* ---- decoding -------------------------------------------------------------- */

#define SKIP_FLAGS (B64_DECODE_SKIP_SPACE | B64_DECODE_SKIP_LF)

bool
b64_decode_error (B64Error *err, B64DecodeStatus status, size_t offset, int bad)
{
  char what[24];

  switch (status) {
    case B64_DECODE_OK:
      b64_error_clear (err);
      return true;
    case B64_DECODE_BAD_CHAR:
      b64_error_describe_byte (what, sizeof (what), bad);
      return b64_error_set (err, status,
          "invalid base64 character %s at offset %zu", what, offset);
    case B64_DECODE_BAD_PADDING:
      return b64_error_set (err, status, "bad padding at offset %zu", offset);
    case B64_DECODE_BAD_LENGTH:
      return b64_error_set (err, status,
          "truncated base64: 1 character left over at offset %zu", offset);
    case B64_DECODE_MIXED_ALPHABET:
      return b64_error_set (
          err, status, "mixed base64 alphabets at offset %zu", offset);
  }
  return b64_error_set (
      err, status, "unknown base64 error %d at offset %zu", status, offset);
}

size_t
b64_decoded_max_size (size_t len)
{
  /* Rounded up, so that up to 3 sextets pending from earlier pieces fit
   * as well. */
  return len / 4 * 3 + (len % 4 ? 3 : 0);
}

void
b64_decoder_init (B64Decoder *dec, unsigned flags)
{
  memset (dec, 0, sizeof (*dec));
  dec->flags = flags;
  dec->alphabet = -1;
  dec->status = B64_DECODE_OK;
}

static inline bool
fail (B64Decoder *dec, B64DecodeStatus status, size_t pos)
{
  dec->status = status;
  dec->err_pos = pos;
  return false;
}

/* One character the fast path did not take. Returns false to stop before
 * it (error or LF). */
static bool
decode_one (B64Decoder *dec, uint8_t c, size_t pos, uint8_t *dst, size_t *o)
{
  unsigned cls = char_class[c];
  unsigned sextet;

  switch (cls) {
    case C_PLUS:
    case C_SLASH:
      if (dec->alphabet == B64_ALPHABET_URL)
        return fail (dec, B64_DECODE_MIXED_ALPHABET, pos);
      sextet = cls == C_PLUS ? 62 : 63;
      break;
    case C_MINUS:
    case C_UNDERSCORE:
      if (dec->alphabet == B64_ALPHABET_STANDARD)
        return fail (dec, B64_DECODE_MIXED_ALPHABET, pos);
      sextet = cls == C_MINUS ? 62 : 63;
      break;
    case C_PAD:
      if (dec->n_acc < 2) /* includes after complete padding */
        return fail (dec, B64_DECODE_BAD_PADDING, pos);
      dec->n_pad++;
      if (dec->n_acc == 3) {
        dst[(*o)++] = (uint8_t) (dec->acc >> 10);
        dst[(*o)++] = (uint8_t) (dec->acc >> 2);
      } else if (dec->n_pad == 2) {
        dst[(*o)++] = (uint8_t) (dec->acc >> 4);
      } else {
        return true; /* "xx=": wait for the second '=' */
      }
      dec->n_acc = 0;
      dec->acc = 0;
      return true;
    case C_SPACE:
      if (dec->flags & B64_DECODE_SKIP_SPACE)
        return true;
      return fail (dec, B64_DECODE_BAD_CHAR, pos);
    case C_LF:
      return (dec->flags & B64_DECODE_SKIP_LF) != 0;
    case C_QUOTE:
      if (dec->flags & B64_DECODE_STOP_QUOTE)
        return false;
      return fail (dec, B64_DECODE_BAD_CHAR, pos);
    case C_BAD:
      return fail (dec, B64_DECODE_BAD_CHAR, pos);
    default:
      sextet = cls;
      break;
  }

  if (dec->n_pad) /* data after '=' */
    return fail (dec, B64_DECODE_BAD_PADDING, pos);
  if (sextet >= 62)
    dec->alphabet = cls <= C_SLASH ? B64_ALPHABET_STANDARD : B64_ALPHABET_URL;
  dec->acc = dec->acc << 6 | sextet;
  if (++dec->n_acc == 4) {
    dst[(*o)++] = (uint8_t) (dec->acc >> 16);
    dst[(*o)++] = (uint8_t) (dec->acc >> 8);
    dst[(*o)++] = (uint8_t) dec->acc;
    dec->n_acc = 0;
    dec->acc = 0;
  }
  return true;
}

size_t
b64_decoder_feed (
    B64Decoder *dec, const char *src, size_t len, uint8_t *dst, size_t *written)
{
  B64DecodeBlocksFunc decode_blocks = get_kernels ()->decode_blocks;
  size_t i = 0, o = 0;

  if (dec->status != B64_DECODE_OK) {
    *written = 0;
    return 0;
  }

  while (i < len) {
    /* On a quantum boundary the kernel takes whatever it can in bulk;
     * a run of whitespace is not worth asking it. */
    if (dec->n_acc == 0 && dec->n_pad == 0
        && char_class[(uint8_t) src[i]] < C_PAD) {
      size_t w, n = decode_blocks (src + i, len - i, dst + o, &w, dec->alphabet,
                    dec->flags & SKIP_FLAGS);

      i += n;
      o += w;
      if (i == len)
        break;
    }
    if (!decode_one (dec, (uint8_t) src[i], dec->pos + i, dst, &o))
      break;
    i++;
  }

  dec->pos += i;
  *written = o;
  return i;
}

B64DecodeStatus
b64_decoder_finish (B64Decoder *dec, uint8_t *dst, size_t *written)
{
  *written = 0;
  if (dec->status != B64_DECODE_OK)
    return dec->status;

  switch (dec->n_acc) {
    case 1:
      fail (dec, B64_DECODE_BAD_LENGTH, dec->pos);
      return dec->status;
    case 2:
      if (dec->n_pad) { /* "xx=" */
        fail (dec, B64_DECODE_BAD_PADDING, dec->pos);
        return dec->status;
      }
      dst[0] = (uint8_t) (dec->acc >> 4);
      *written = 1;
      break;
    case 3:
      dst[0] = (uint8_t) (dec->acc >> 10);
      dst[1] = (uint8_t) (dec->acc >> 2);
      *written = 2;
      break;
    default:
      break;
  }
  dec->n_acc = 0;
  dec->acc = 0;
  return B64_DECODE_OK;
}

B64DecodeStatus
b64_decode (const char *src, size_t len, uint8_t *dst, size_t *out_len,
    unsigned flags, size_t *err_pos)
{
  B64Decoder dec;
  size_t n, w, tail = 0;

  b64_decoder_init (&dec, flags);
  n = b64_decoder_feed (&dec, src, len, dst, &w);
  /* A whole text has no line to end: a LF not skipped is just bad. */
  if (dec.status == B64_DECODE_OK && n < len)
    fail (&dec, B64_DECODE_BAD_CHAR, n);
  if (dec.status == B64_DECODE_OK)
    b64_decoder_finish (&dec, dst + w, &tail);

  if (out_len)
    *out_len = w + tail;
  if (err_pos && dec.status != B64_DECODE_OK)
    *err_pos = dec.err_pos;
  return dec.status;
}
