/* b64img — how the GStreamer-free modules say why something failed.
 * Independent of GStreamer.
 * Copyright (C) 2026 The b64img authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * One convention for b64codec, b64framer, b64json, b64jpeg and b64png, as
 * libspng's return code and spng_strerror (): a call that fails returns
 * false (or a status other than OK) and leaves the pair the caller reads,
 * a status code of its module (0 is no error) and a message for a person
 * that names what was wrong and where ("invalid base64 character '!'
 * (0x21) at offset 17", "PNG decode: CRC mismatch"). The elements put the
 * message in their warning as it is (b64_error_message ()).
 *
 *  - b64jpeg (a handle): b64_jpeg_error (), the B64Error of the last
 *    failure;
 *  - b64png (no handle): the B64Error the caller passes;
 *  - b64framer: each frame's status and reason (B64Frame), b64json the
 *    status returned and b64_json_reason ();
 *  - b64codec (no state, on the hot path): the B64DecodeStatus returned,
 *    b64_decode_status_to_string () for its text, and the offset.
 */
#ifndef B64_ERROR_H
#define B64_ERROR_H

#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef struct
{
  int code;          /* the module's status code; 0: no error */
  char message[320]; /* why, for a person; "" when code is 0 */
} B64Error;

static inline void
b64_error_clear (B64Error *err)
{
  if (err) {
    err->code = 0;
    err->message[0] = '\0';
  }
}

/* Sets @err (if not NULL) to @code and the vprintf-style message; returns
 * false. */
#if defined(__GNUC__)
__attribute__ ((format (printf, 3, 0)))
#endif
static inline bool
b64_error_vset (B64Error *err, int code, const char *fmt, va_list args)
{
  if (err) {
    err->code = code;
    vsnprintf (err->message, sizeof (err->message), fmt, args);
  }
  return false;
}

/* Sets @err (if not NULL) to @code and the printf-style message; returns
 * false, for "return b64_error_set (...)" in functions that report
 * failure with false. */
#if defined(__GNUC__)
__attribute__ ((format (printf, 3, 4)))
#endif
static inline bool
b64_error_set (B64Error *err, int code, const char *fmt, ...)
{
  va_list args;

  va_start (args, fmt);
  b64_error_vset (err, code, fmt, args);
  va_end (args);
  return false;
}

/* A byte as messages name it: "'!' (0x21)" when printable, "0x01"
 * otherwise, "?" for -1 (not known); @size 16 is enough. */
static inline void
b64_error_describe_byte (char *buf, size_t size, int c)
{
  if (c > 0x20 && c < 0x7f)
    snprintf (buf, size, "'%c' (0x%02x)", c, (unsigned) c);
  else if (c >= 0 && c <= 0xff)
    snprintf (buf, size, "0x%02x", (unsigned) c);
  else
    snprintf (buf, size, "?");
}

/* The message of @err, or @fallback when there is none. */
static inline const char *
b64_error_message (const B64Error *err, const char *fallback)
{
  return err && err->code && err->message[0] ? err->message : fallback;
}

#ifdef __cplusplus
}
#endif
#endif /* B64_ERROR_H */
