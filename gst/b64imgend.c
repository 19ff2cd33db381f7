/* b64img — finds where a JPEG or PNG file ends, fed a piece at a time.
 * Copyright (C) 2026 The b64img authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include "b64imgend.h"

#include <string.h>

enum
{
  KIND_UNKNOWN = 0,
  KIND_JPEG,
  KIND_PNG,
};

enum
{
  /* JPEG */
  J_MARKER,  /* between segments: looking for 0xFF */
  J_CODE,    /* after 0xFF: the marker code (0xFF is fill) */
  J_LENGTH,  /* the 2-byte segment length */
  J_SKIP,    /* segment contents */
  J_ENTROPY, /* entropy-coded data after SOS */
  J_ENT_FF,  /* 0xFF in entropy-coded data */
  /* PNG */
  P_HEAD, /* chunk length and type, 8 bytes */
  P_SKIP, /* chunk data and CRC */
};

static const uint8_t png_sig[8]
    = { 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n' };

void
b64_image_end_init (B64ImageEnd *e)
{
  memset (e, 0, sizeof (*e));
  e->result = B64_IMAGE_MORE;
}

/* Collects the first bytes; returns how many of @data it took. */
static size_t
read_head (B64ImageEnd *e, const uint8_t *data, size_t len)
{
  size_t i = 0;

  while (i < len && e->kind == KIND_UNKNOWN) {
    e->head[e->n_head++] = data[i++];
    if (e->head[0] == 0xff) {
      if (e->n_head == 2) {
        if (e->head[1] != 0xd8)
          e->result = B64_IMAGE_NOT;
        e->kind = KIND_JPEG;
        e->state = J_MARKER;
      }
    } else if (e->head[e->n_head - 1] != png_sig[e->n_head - 1]) {
      e->result = B64_IMAGE_NOT;
      return i;
    } else if (e->n_head == 8) {
      e->kind = KIND_PNG;
      e->state = P_HEAD;
    }
    if (e->result != B64_IMAGE_MORE)
      return i;
  }
  if (e->kind != KIND_UNKNOWN)
    e->n_head = 0;
  return i;
}

/* A marker code after 0xFF, between segments or in entropy-coded data. */
static void
jpeg_code (B64ImageEnd *e, uint8_t code)
{
  if (code == 0xd9) {
    e->result = B64_IMAGE_DONE;
  } else if (code == 0xd8) {
    e->result = B64_IMAGE_NOT; /* a second SOI: another file */
  } else if (code == 0xff) {
    e->state = J_CODE; /* fill byte */
  } else if (code == 0x00 || code == 0x01 || (code >= 0xd0 && code <= 0xd7)) {
    e->state = J_MARKER; /* TEM, RSTn (or a stray zero): no segment */
  } else {
    e->marker = code;
    e->state = J_LENGTH;
    e->n_head = 0;
    e->field = 0;
  }
}

static size_t
jpeg_step (B64ImageEnd *e, const uint8_t *p, size_t n)
{
  const uint8_t *ff;
  size_t k;

  switch (e->state) {
    case J_MARKER:
      /* bytes before a marker are skipped, as libjpeg does */
      ff = memchr (p, 0xff, n);
      if (ff == NULL)
        return n;
      e->state = J_CODE;
      return ff - p + 1;
    case J_CODE:
      jpeg_code (e, p[0]);
      return 1;
    case J_LENGTH:
      e->field = e->field << 8 | p[0];
      if (++e->n_head == 2) {
        if (e->field < 2) {
          e->result = B64_IMAGE_NOT;
          return 1;
        }
        e->skip = e->field - 2;
        e->state = J_SKIP;
      }
      return 1;
    case J_SKIP:
      k = e->skip < n ? (size_t) e->skip : n;
      e->skip -= k;
      if (e->skip == 0)
        e->state = e->marker == 0xda ? J_ENTROPY : J_MARKER;
      return k;
    case J_ENTROPY:
      ff = memchr (p, 0xff, n);
      if (ff == NULL)
        return n;
      e->state = J_ENT_FF;
      return ff - p + 1;
    default: /* J_ENT_FF */
      if (p[0] == 0x00 || (p[0] >= 0xd0 && p[0] <= 0xd7))
        e->state = J_ENTROPY;
      else if (p[0] != 0xff)
        jpeg_code (e, p[0]); /* a marker ends the scan */
      return 1;
  }
}

static size_t
png_step (B64ImageEnd *e, const uint8_t *p, size_t n)
{
  size_t k;

  if (e->state == P_HEAD) {
    if (e->n_head < 4)
      e->field = e->field << 8 | p[0];
    e->head[e->n_head++] = p[0];
    if (e->n_head == 8) {
      if (e->field > 0x7fffffffu) { /* the PNG limit on a chunk */
        e->result = B64_IMAGE_NOT;
        return 1;
      }
      e->last_chunk = memcmp (e->head + 4, "IEND", 4) == 0;
      e->skip = (uint64_t) e->field + 4; /* data and CRC */
      e->state = P_SKIP;
      e->n_head = 0;
      e->field = 0;
    }
    return 1;
  }
  k = e->skip < n ? (size_t) e->skip : n;
  e->skip -= k;
  if (e->skip == 0) {
    if (e->last_chunk)
      e->result = B64_IMAGE_DONE;
    e->state = P_HEAD;
  }
  return k;
}

B64ImageEndResult
b64_image_end_feed (B64ImageEnd *e, const uint8_t *data, size_t len)
{
  size_t i = 0;

  if (e->result == B64_IMAGE_MORE && e->kind == KIND_UNKNOWN)
    i = read_head (e, data, len);
  while (i < len && e->result == B64_IMAGE_MORE) {
    if (e->kind == KIND_JPEG)
      i += jpeg_step (e, data + i, len - i);
    else
      i += png_step (e, data + i, len - i);
  }
  return e->result;
}
