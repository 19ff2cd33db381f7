/* b64img — how the GStreamer-free modules say why something failed.
 * Independent of GStreamer.
 * Copyright (C) 2026 The b64img authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * One convention for b64codec, b64framer, b64json, b64jpeg and b64png, as
 * libspng's return code and spng_strerror (): a call that fails returns
 * false (or a status other than OK), and the caller reads why in a
 * B64Error: a status code of the module (0 is no error; each module's
 * header lists its codes) and a message for a person that names what was
 * wrong and where ("invalid base64 character '!' (0x21) at offset 17",
 * "PNG decode: CRC mismatch"). Where the B64Error lives is the only thing
 * that differs, by what the module is:
 *
 *  - b64jpeg (a handle): b64_jpeg_error (), the last failure's;
 *  - b64json (a handle): b64_json_error (), the object in progress's;
 *  - b64png (no handle): the B64Error *err the caller passes (NULL: none);
 *  - b64framer: each frame's B64Frame.error (code a B64FrameStatus);
 *  - b64codec (no state, on the hot path): the decode calls return only a
 *    B64DecodeStatus and an offset, and b64_decode_error () fills a
 *    B64Error from them after a failure, so success costs nothing.
 *
 * The elements carry a module's B64Error as it is to the one place that
 * reports it (gstb64imgerror.h): "Dropped a bad frame: <message>".
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
