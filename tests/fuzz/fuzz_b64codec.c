/* b64img — fuzz target: the base64 codec on every implementation the
 * machine has (scalar, AVX2) must give the same results, fed whole or in
 * pieces, and encoding must round-trip.
 * Copyright (C) 2026 The b64img authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * Input: byte 0 = decoder flags (bits 0-1: skip space, skip LF; bit 4:
 * stop at a quote) and encoder alphabet/padding (bits 2-3), byte 1 = piece size - 1 for the streaming decoder, the rest
 * is the text to decode and the bytes to encode.
 */
#include "b64codec.h"
#include "fuzz_check.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct
{
  B64DecodeStatus status;
  size_t consumed; /* by the streaming decoder, before finish */
  size_t err_pos;
  size_t len;
  uint8_t *out;
} Result;

static B64Impl impls[2];
static int n_impls;

int LLVMFuzzerInitialize (int *argc, char ***argv);
int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

int
LLVMFuzzerInitialize (int *argc, char ***argv)
{
  (void) argc;
  (void) argv;
  impls[n_impls++] = B64_IMPL_SCALAR;
  if (b64_set_impl (B64_IMPL_AVX2))
    impls[n_impls++] = B64_IMPL_AVX2;
  return 0;
}

/* Streaming decode in pieces of @piece bytes (the whole text when 0),
 * stopping where the decoder stops (an error, or a LF it does not skip). */
static void
decode_stream (
    const char *text, size_t len, unsigned flags, size_t piece, Result *r)
{
  B64Decoder dec;
  size_t pos = 0, tail = 0;

  r->out = malloc (b64_decoded_max_size (len) + 2);
  r->len = 0;
  b64_decoder_init (&dec, flags);
  while (pos < len) {
    size_t n = piece && len - pos > piece ? piece : len - pos;
    size_t w = 0;
    size_t used = b64_decoder_feed (&dec, text + pos, n, r->out + r->len, &w);

    FUZZ_CHECK (used <= n);
    r->len += w;
    pos += used;
    if (used < n)
      break;
  }
  r->consumed = pos;
  if (dec.status == B64_DECODE_OK && pos == len)
    b64_decoder_finish (&dec, r->out + r->len, &tail);
  r->len += tail;
  r->status = dec.status;
  r->err_pos = dec.status == B64_DECODE_OK ? 0 : dec.err_pos;
}

static void
check_same (const Result *a, const Result *b)
{
  FUZZ_CHECK (a->status == b->status);
  FUZZ_CHECK (a->consumed == b->consumed);
  FUZZ_CHECK (a->err_pos == b->err_pos);
  FUZZ_CHECK (a->len == b->len);
  FUZZ_CHECK (memcmp (a->out, b->out, a->len) == 0);
}

static void
check_decode (const char *text, size_t len, unsigned flags, size_t piece)
{
  Result first = { 0 };

  for (int i = 0; i < n_impls; i++) {
    Result whole, pieces, shot = { 0 };

    FUZZ_CHECK (b64_set_impl (impls[i]));
    decode_stream (text, len, flags, 0, &whole);
    decode_stream (text, len, flags, piece, &pieces);
    check_same (&whole, &pieces);

    /* one-shot: the streaming result, a stop before the end being bad */
    shot.out = malloc (b64_decoded_max_size (len) + 1);
    shot.status
        = b64_decode (text, len, shot.out, &shot.len, flags, &shot.err_pos);
    FUZZ_CHECK (shot.len <= b64_decoded_max_size (len));
    if (whole.consumed == len) {
      FUZZ_CHECK (shot.status == whole.status);
      if (shot.status != B64_DECODE_OK)
        FUZZ_CHECK (shot.err_pos == whole.err_pos);
    } else {
      FUZZ_CHECK (shot.status != B64_DECODE_OK);
    }
    if (shot.status != B64_DECODE_OK) {
      /* the message a user would read: the status, never empty */
      B64Error e;

      FUZZ_CHECK (!b64_decode_error (&e, shot.status, shot.err_pos,
          shot.err_pos < len ? (unsigned char) text[shot.err_pos] : -1));
      FUZZ_CHECK (e.code == (int) shot.status && e.message[0] != '\0');
    }
    if (shot.status == B64_DECODE_OK) {
      FUZZ_CHECK (shot.len == whole.len);
      FUZZ_CHECK (memcmp (shot.out, whole.out, shot.len) == 0);
    }
    free (shot.out);
    free (pieces.out);

    if (i == 0) {
      first = whole;
    } else {
      check_same (&first, &whole);
      free (whole.out);
    }
  }
  free (first.out);
}

static void
check_encode (
    const uint8_t *src, size_t len, B64Alphabet alphabet, bool padding)
{
  size_t n = b64_encoded_size (len, padding);
  char *first = malloc (n + 1);
  char *text = malloc (n + 1);
  uint8_t *back = malloc (b64_decoded_max_size (n) + 1);

  for (int i = 0; i < n_impls; i++) {
    size_t back_len = 0;

    FUZZ_CHECK (b64_set_impl (impls[i]));
    b64_encode (src, len, i == 0 ? first : text, alphabet, padding);
    if (i > 0)
      FUZZ_CHECK (memcmp (first, text, n) == 0);
    FUZZ_CHECK (
        b64_decode (first, n, back, &back_len, 0, NULL) == B64_DECODE_OK);
    FUZZ_CHECK (back_len == len);
    FUZZ_CHECK (len == 0 || memcmp (back, src, len) == 0);
  }
  free (first);
  free (text);
  free (back);
}

int
LLVMFuzzerTestOneInput (const uint8_t *data, size_t size)
{
  if (size < 2)
    return 0;

  unsigned flags = (data[0] & (B64_DECODE_SKIP_SPACE | B64_DECODE_SKIP_LF))
                   | (data[0] & 16 ? B64_DECODE_STOP_QUOTE : 0);
  B64Alphabet alphabet = data[0] & 4 ? B64_ALPHABET_URL : B64_ALPHABET_STANDARD;
  bool padding = !(data[0] & 8);
  size_t piece = (size_t) data[1] + 1;

  /* a copy of its own, so that ASan sees any read past the end */
  size_t len = size - 2;
  char *text = malloc (len ? len : 1);
  memcpy (text, data + 2, len);
  check_decode (text, len, flags, piece);
  check_encode ((const uint8_t *) text, len, alphabet, padding);
  free (text);
  return 0;
}
