/* b64img — finds where a JPEG or PNG file ends, fed a piece at a time.
 * Independent of GStreamer.
 * Copyright (C) 2026 The b64img authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#ifndef B64_IMGEND_H
#define B64_IMGEND_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef enum
{
  B64_IMAGE_MORE = 0, /* a JPEG or PNG (or too few bytes to tell) so far */
  B64_IMAGE_DONE,     /* its end was seen: JPEG EOI, PNG IEND chunk */
  B64_IMAGE_NOT,      /* not a JPEG or PNG, or its structure is broken */
} B64ImageEndResult;

/* The walk follows the file's structure rather than looking for the end
 * marker's bytes: JPEG marker segments are skipped by their length (an
 * EXIF thumbnail's EOI is not the end), entropy-coded data is scanned for
 * markers; PNG chunks are skipped by their length up to IEND. */
typedef struct
{
  int kind;        /* 0 not known yet, else JPEG or PNG */
  int state;       /* where in the structure the next byte falls */
  uint8_t head[8]; /* the first bytes, until the kind is known */
  unsigned n_head; /* also the bytes of a length field read so far */
  uint32_t field;  /* length field being read */
  uint8_t marker;  /* JPEG marker whose segment is being read */
  uint64_t skip;   /* bytes still to skip in a segment or chunk */
  int last_chunk;  /* PNG: the chunk being skipped is IEND */
  B64ImageEndResult result;
} B64ImageEnd;

void b64_image_end_init (B64ImageEnd *e);

/* Walks @len more bytes of the file; returns the state after them. DONE
 * and NOT are final: later bytes are not looked at. */
B64ImageEndResult b64_image_end_feed (
    B64ImageEnd *e, const uint8_t *data, size_t len);

#ifdef __cplusplus
}
#endif
#endif /* B64_IMGEND_H */
