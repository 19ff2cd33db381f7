/* b64img — helpers of the b64codec unit tests (test_b64codec*.c): every
 * implementation in turn, the codec's contract written out as a reference
 * decoder, one-shot and streamed decodes checked against it, encoding into
 * a guarded buffer, random and wrapped texts.
 * Copyright (C) 2026 The b64img authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#ifndef B64_TEST_CODECUNIT_H
#define B64_TEST_CODECUNIT_H

#include "b64codec.h"

#include <glib.h>

G_BEGIN_DECLS

#define SP B64_DECODE_SKIP_SPACE
#define LF B64_DECODE_SKIP_LF

/* Every implementation, whether this machine has it or not. */
#define N_IMPLS 2
extern const B64Impl all_impls[N_IMPLS];

/* Makes @impl the current implementation; FALSE where this machine does
 * not have it. */
gboolean select_impl (B64Impl impl);

/* Runs the statement once for every implementation this machine has. */
#define FOR_EACH_IMPL(impl)                                                    \
  for (guint impl##_i = 0; impl##_i < G_N_ELEMENTS (all_impls); impl##_i++)    \
    for (B64Impl impl = all_impls[impl##_i];                                   \
         impl != B64_IMPL_AUTO && select_impl (impl); impl = B64_IMPL_AUTO)

typedef struct
{
  B64DecodeStatus status;
  gsize err_pos;
  GByteArray *out;
} Result;

void result_clear (Result *r);
/* Same status, same error position (when not OK), same output. */
void assert_results_equal (const Result *a, const Result *b);

/* One-shot decode into a buffer of exactly the documented size (so that
 * ASan or valgrind see any overrun). */
Result decode_once (const char *text, gsize len, unsigned flags);

/* Streaming decode of @text cut at the (sorted) offsets @cuts. A stop at
 * LF must not happen (callers pass B64_DECODE_SKIP_LF or texts without). */
Result decode_pieces (const char *text, gsize len, unsigned flags,
    const gsize *cuts, guint n_cuts);

/* The contract written out naively, one character at a time: what every
 * implementation must match. */
Result decode_reference (const char *text, gsize len, unsigned flags);

/* Checks one text against the reference, one-shot and fed in @n_cuts random
 * pieces, with the current implementation. */
void check_text (
    const char *text, gsize len, unsigned flags, GRand *rnd, guint n_cuts);

/* @data encoded into a buffer of exactly b64_encoded_size () plus a guard
 * byte that must stay untouched; NUL-terminated, its length in @out_len. */
gchar *encode_new (const guint8 *data, gsize len, B64Alphabet alphabet,
    gboolean padding, gsize *out_len);

/* A random base64 text of @len characters without "+/-_" or '='. */
gchar *random_alnum_text (GRand *rnd, gsize len);

/* A text with everything: whitespace, wrapped lines, padding. */
gchar *wrapped_text (
    GRand *rnd, gsize raw_len, B64Alphabet alphabet, gsize *len);

G_END_DECLS
#endif
