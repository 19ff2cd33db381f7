/* b64img — base64 codec (RFC 4648 §4 and §5), independent of GStreamer
 * Copyright (C) 2026 The b64img authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#ifndef B64_CODEC_H
#define B64_CODEC_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "b64error.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef enum
{
  B64_ALPHABET_STANDARD = 0, /* A-Z a-z 0-9 + /  (RFC 4648 §4) */
  B64_ALPHABET_URL = 1,      /* A-Z a-z 0-9 - _  (RFC 4648 §5) */
} B64Alphabet;

/* ---- encoding ---------------------------------------------------------- */

/* Exact number of characters b64_encode() writes for @len input bytes. */
size_t b64_encoded_size (size_t len, bool padding);

/* Writes exactly b64_encoded_size (len, padding) characters to @dst (no NUL
 * terminator). */
void b64_encode (const uint8_t *src, size_t len, char *dst,
    B64Alphabet alphabet, bool padding);

/* ---- decoding ---------------------------------------------------------- */

typedef enum
{
  B64_DECODE_OK = 0,
  B64_DECODE_BAD_CHAR,       /* a byte outside the alphabet */
  B64_DECODE_BAD_PADDING,    /* '=' misplaced, too many or data after it */
  B64_DECODE_BAD_LENGTH,     /* 1 character left over in the last quantum */
  B64_DECODE_MIXED_ALPHABET, /* both "+/" and "-_" in one text */
} B64DecodeStatus;

/* Flags for the decoder. The alphabet is always detected: both "+/" and
 * "-_" are taken, but not mixed in one text. */
enum
{
  /* skip space, tab, CR, vertical tab and form feed */
  B64_DECODE_SKIP_SPACE = 1 << 0,
  /* skip LF too (framed input); without it the decoder stops at a LF */
  B64_DECODE_SKIP_LF = 1 << 1,
  /* stop, without an error, at '"' and '\\' (text inside a JSON string) */
  B64_DECODE_STOP_QUOTE = 1 << 2,
};

/* The decode calls below say only what went wrong (the status returned,
 * or B64Decoder.status) and where (an offset): they never write a message,
 * so the success path pays for nothing. After a failure, this fills @err
 * (if not NULL) as every module does (see b64error.h): code @status, and a
 * message naming the fault and @offset, e.g. "invalid base64 character
 * '!' (0x21) at offset 17" (@bad: the offending byte of a BAD_CHAR, or -1
 * when it is not at hand: then "?"). Offsets are the caller's to count
 * (b64framer counts from the frame's first byte). Returns false; for
 * B64_DECODE_OK it clears @err and returns true. */
bool b64_decode_error (
    B64Error *err, B64DecodeStatus status, size_t offset, int bad);

/* Upper bound of the bytes decoded from @len characters. */
size_t b64_decoded_max_size (size_t len);

/* One-shot strict decode of a whole text. Padding is optional but, when
 * present, must be correct. On failure *err_pos (if not NULL) is the offset
 * in @src of the first offending byte (for BAD_LENGTH: @len), for
 * b64_decode_error (). *out_len is
 * the number of bytes written, also on failure. @dst must hold
 * b64_decoded_max_size (len) bytes. */
B64DecodeStatus b64_decode (const char *src, size_t len, uint8_t *dst,
    size_t *out_len, unsigned flags, size_t *err_pos);

/* Streaming decoder: text may be fed in pieces cut anywhere; no byte is
 * looked at twice. */
typedef struct
{
  unsigned flags;
  uint32_t acc;   /* pending sextets, most recent in the low bits */
  unsigned n_acc; /* 0..3 pending sextets */
  unsigned n_pad; /* '=' seen so far */
  int alphabet;   /* -1 not yet known, else B64Alphabet */
  size_t pos;     /* characters consumed so far */
  B64DecodeStatus status;
  size_t err_pos;
} B64Decoder;

void b64_decoder_init (B64Decoder *dec, unsigned flags);

/* Decodes from @src until it ends or until a byte the decoder does not take
 * (an error, a LF without B64_DECODE_SKIP_LF, a quote or backslash with
 * B64_DECODE_STOP_QUOTE). Returns the number of bytes
 * consumed; *written is the number of bytes stored at @dst, which must hold
 * b64_decoded_max_size (len) + 2 bytes. After a stop on an error,
 * dec->status and dec->err_pos (counted from the first byte ever fed) say
 * why and where; a stop at LF leaves status B64_DECODE_OK. */
size_t b64_decoder_feed (B64Decoder *dec, const char *src, size_t len,
    uint8_t *dst, size_t *written);

/* Ends the text: flushes the last partial quantum (1 or 2 bytes into @dst,
 * which must hold 2) and checks its length and padding. */
B64DecodeStatus b64_decoder_finish (
    B64Decoder *dec, uint8_t *dst, size_t *written);

/* ---- implementation selection (tests and benchmarks) --------------------- */

typedef enum
{
  B64_IMPL_AUTO = 0, /* best the CPU supports */
  B64_IMPL_SCALAR,
  B64_IMPL_AVX2,
} B64Impl;

/* Forces an implementation; returns false (and changes nothing) when the CPU
 * or the build lacks it. The environment variable B64IMG_FORCE_SCALAR=1 has
 * the same effect as B64_IMPL_SCALAR at start-up. */
bool b64_set_impl (B64Impl impl);
B64Impl b64_get_impl (void);
const char *b64_impl_name (B64Impl impl);

#ifdef __cplusplus
}
#endif
#endif /* B64_CODEC_H */
