/* b64img — JSON scanner: finds the image string in one JSON object (a
 * line of NDJSON, or a whole buffer) and hands its text over as it goes,
 * without copying it. Independent of GStreamer.
 * Copyright (C) 2026 The b64img authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#ifndef B64_JSON_H
#define B64_JSON_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "b64error.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Deepest nesting accepted; deeper text is an error, not a stack. */
#define B64_JSON_MAX_DEPTH 128

typedef enum
{
  B64_JSON_MORE = 0, /* all consumed, no LF met */
  B64_JSON_LF,       /* a raw LF (stream mode): the frame's end */
  B64_JSON_ERROR,    /* see b64_json_error() */
} B64JsonResult;

/* B64Error.code of b64_json_error () (see b64error.h). */
typedef enum
{
  B64_JSON_OK = 0,
  B64_JSON_ERR_SYNTAX,     /* not JSON, or text after the object */
  B64_JSON_ERR_DEPTH,      /* nested deeper than B64_JSON_MAX_DEPTH */
  B64_JSON_ERR_TRUNCATED,  /* the text ended inside a string or object */
  B64_JSON_ERR_NOT_STRING, /* the value at the pointer is not a string */
  B64_JSON_ERR_NO_IMAGE,   /* no string at the pointer, or none like an
                            * image */
  B64_JSON_ERR_IMAGE,      /* the receiver took less of the image text: it
                            * keeps the message, this one is "" */
  B64_JSON_ERR_INTERNAL,
} B64JsonStatus;

/* Receives the image string's text: raw bytes of the input (@escaped
 * false), which it takes up to (not including) the first '"', '\\' or
 * LF, or one character a JSON escape stands for (@escaped true). Returns
 * how many bytes it took; taking fewer for any other reason means the
 * image is bad (the receiver keeps the message), and the scan stops with
 * B64_JSON_ERROR and B64_JSON_ERR_IMAGE with an empty message. Never called with @len 0. */
typedef size_t (*B64JsonTextFunc) (
    void *ctx, const char *text, size_t len, bool escaped);

typedef struct _B64Json B64Json;

B64Json *b64_json_new (B64JsonTextFunc image_text, void *ctx);
void b64_json_free (B64Json *j);

/* Which string is the image. NULL or "": the first string value, depth
 * first in document order, that starts like an image: a data URI
 * "data:image/…", or base64 of a JPEG ("/9j/", "_9j_") or a PNG
 * ("iVBORw0KGgo"). Else an RFC 6901 pointer such as "/data/0/b64_json"
 * ("~1" is '/', "~0" '~'). Returns false, changing nothing, for a pointer
 * that does not start with '/' or has more than 32 tokens. Applies from
 * the next b64_json_begin(). */
bool b64_json_set_pointer (B64Json *j, const char *pointer);

/* Whether b64_json_set_pointer() would take @pointer. */
bool b64_json_pointer_valid (const char *pointer);

/* Starts an object. @lf_ends: a raw LF ends the text (stream mode);
 * otherwise it is whitespace. */
void b64_json_begin (B64Json *j, bool lf_ends);

/* Scans up to @len bytes; *consumed says how many (a LF ending the text
 * is not consumed; on an error, the bytes before the offending one).
 * Strings are not checked for control characters. */
B64JsonResult b64_json_feed (
    B64Json *j, const char *data, size_t len, size_t *consumed);

/* The text ended: true when it held one whole object with the image in
 * it, else false, with the error set. */
bool b64_json_finish (B64Json *j);

/* Why the object in progress failed (code 0 while it has not): its
 * B64JsonStatus and message. Valid until the next b64_json_begin(). */
const B64Error *b64_json_error (const B64Json *j);

/* A top-level "pts" member holding an integer (nanoseconds); false when
 * there was none, or null, or something else. */
bool b64_json_pts (const B64Json *j, int64_t *pts);

/* ---- writing: the encoder's envelope ------------------------------------ */

typedef struct
{
  bool has_pts; /* else "pts": null */
  int64_t pts;  /* nanoseconds */
  bool has_duration;
  int64_t duration;
  int width;
  int height;
  const char *type; /* mime type of the image, plain ASCII */
} B64JsonEnvelope;

/* Longest head b64_json_envelope_head() writes, its NUL included. */
#define B64_JSON_HEAD_MAX 160

/* Writes the start of one frame's object, up to the opening quote of its
 * "data" member: {"pts":…,"duration":…,"width":…,"height":…,"type":"…",
 * "data":" — the base64 text follows, then B64_JSON_TAIL. Returns the
 * length (NUL not counted). */
size_t b64_json_envelope_head (char *dst, const B64JsonEnvelope *e);

#define B64_JSON_TAIL "\"}"

#ifdef __cplusplus
}
#endif
#endif /* B64_JSON_H */
