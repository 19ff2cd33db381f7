/* b64img — text framing: cuts a base64 text stream into frames, strips an
 * optional data-URI prefix and decodes the base64, in one pass.
 * Independent of GStreamer.
 * Copyright (C) 2026 The b64img authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#ifndef B64_FRAMER_H
#define B64_FRAMER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "b64codec.h"
#include "b64error.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef enum
{
  B64_FRAMER_NEED_MORE = 0, /* everything consumed, no frame ended */
  B64_FRAMER_FRAME,         /* a frame ended; see b64_framer_frame() */
} B64FramerResult;

typedef enum
{
  B64_FRAME_OK = 0,
  B64_FRAME_BAD_BASE64,   /* see B64Frame.b64_status */
  B64_FRAME_BAD_DATA_URI, /* malformed prefix, or a data URI without ;base64 */
  B64_FRAME_TOO_LONG,     /* more text than max_frame_bytes */
  B64_FRAME_EMPTY,        /* a data URI with no data */
  B64_FRAME_BAD_JSON,     /* a JSON object that is broken or has no image */
} B64FrameStatus;

typedef struct
{
  /* code: a B64FrameStatus; message: e.g. "invalid base64 character
   * '!' (0x21) at offset 17", "" when OK (see b64error.h) */
  B64Error error;
  B64DecodeStatus b64_status; /* the codec's code, for BAD_BASE64 */
  const uint8_t *data;        /* decoded payload (the image file); NULL and
                               * size 0 unless error.code is OK */
  size_t size;
  const char *mime;  /* mime type of a data URI, lower-cased ("" for
                              * "data:;base64,"), or NULL */
  size_t text_bytes; /* frame text bytes, terminator excluded */
  bool has_pts;      /* a JSON frame's "pts" member (nanoseconds) */
  int64_t pts;
} B64Frame;

/* Offsets in messages count bytes from the frame's first non-blank byte
 * (its first "used" byte), the data-URI prefix and any whitespace inside
 * included. A frame of plain base64 holding only '=' or one character, or
 * a data URI with nothing after the ',', is not OK: the first two are
 * BAD_BASE64, the last EMPTY. Whitespace is space, tab, CR, VT, FF (and LF
 * in framed mode); a line of nothing else is no frame at all.
 *
 * Wrapped text (stream mode): base64 cut into lines of one width, as
 * coreutils base64 (76), openssl base64 (64), MIME (76, CRLF) and Python's
 * base64.encodebytes write it, is one frame. A frame goes on past the LF
 * of its first line only when that line is 4 to B64_FRAMER_MAX_WRAP bytes
 * long (CR excluded, a data-URI prefix not counted), a multiple of 4,
 * without '=', and its payload is the start of a JPEG or PNG whose end
 * has not come. The next line joins it when it has the same width and the
 * image goes on, or when it is shorter and the image ends in it (JPEG EOI,
 * PNG IEND, found by walking the file's structure); otherwise (a blank
 * line, a longer line, a line that breaks the image, a second line that
 * starts like a JPEG or PNG: "/9j/", "iVBORw0KGgo") the frame ended at
 * the LF before it and the line is the next frame's. So a complete
 * one-line image still ends at its own LF, and a broken one never takes a
 * good line with it. A wrapped frame past max_frame_bytes is reported
 * (TOO_LONG) when its last line ends.
 *
 * JSON: a frame whose first non-blank byte is '{' is a JSON object (one
 * line of NDJSON in stream mode; the whole text in framed mode), scanned by
 * b64json: the image is the string it selects (see
 * b64_framer_set_json_pointer()), decoded as any frame's text, JSON
 * escapes included; offsets in messages count from the string's start. A
 * top-level integer "pts" member comes out in has_pts/pts. Broken JSON,
 * no image, or a selected string that is not base64 make the frame bad
 * with a message. */

/* Widest line that may start wrapped text. */
#define B64_FRAMER_MAX_WRAP 1024

typedef struct _B64Framer B64Framer;

/* @framed: the text is one whole frame (LF is whitespace, the frame ends
 * only at b64_framer_finish()); otherwise a frame ends at each LF.
 * @max_frame_bytes: longest frame text (whitespace and prefix included);
 * a longer one is reported as B64_FRAME_TOO_LONG as soon as the limit is
 * passed, and the rest of its line is skipped. 0 means no limit. A CR
 * before the LF counts; the LF ending a line does not. In framed mode
 * the whole text counts, and after TOO_LONG everything is skipped until
 * b64_framer_finish() or b64_framer_reset(). The payload buffer never
 * grows much beyond what max_frame_bytes of text decode to. */
B64Framer *b64_framer_new (bool framed, size_t max_frame_bytes);
void b64_framer_free (B64Framer *f);
/* Takes effect at once: the next byte of a frame beyond the new limit
 * ends it as TOO_LONG. */
void b64_framer_set_max_frame_bytes (B64Framer *f, size_t max_frame_bytes);
/* Takes effect at the next frame; the frame in progress keeps its mode. */
void b64_framer_set_framed (B64Framer *f, bool framed);

/* Which string of a JSON frame is the image: NULL or "" for the first that
 * starts like one, else an RFC 6901 pointer. Returns false (nothing
 * changed) for an invalid pointer. Takes effect at the next frame. */
bool b64_framer_set_json_pointer (B64Framer *f, const char *pointer);

/* Forgets any partial frame and any line being skipped (flush, new
 * stream). */
void b64_framer_reset (B64Framer *f);

/* True while a frame has started (its first non-blank byte was seen) and
 * has not ended yet. */
bool b64_framer_in_frame (const B64Framer *f);

/* Consumes up to @len bytes, stopping right after the end of a frame. The
 * consumed bytes are *skipped bytes that belong to no frame (blank lines,
 * whitespace before a frame, the rest of an over-long line) followed by
 * *used bytes of the current frame (its LF included). A frame that passes
 * max_frame_bytes ends at once (B64_FRAMER_FRAME, status TOO_LONG); the rest
 * of its line comes back as skipped bytes on later calls. */
B64FramerResult b64_framer_feed (
    B64Framer *f, const char *data, size_t len, size_t *skipped, size_t *used);

/* The same, when @data is the last text of the stream: a line that needs
 * more text to be decided is decided with what there is. */
B64FramerResult b64_framer_feed_last (
    B64Framer *f, const char *data, size_t len, size_t *skipped, size_t *used);

/* How many contiguous bytes the next feed needs to make progress: 1, or
 * at the start of a line that may go on a wrapped frame, its width + 3
 * (CR, LF and one more). Given fewer, feed may consume none of them and
 * return B64_FRAMER_NEED_MORE; the caller feeds them again with more.
 * B64_FRAMER_FRAME may come with *used 0: the frame ended at a LF fed
 * before. */
size_t b64_framer_want (const B64Framer *f);

/* End of stream, or end of a framed buffer: ends the frame in progress.
 * Returns B64_FRAMER_FRAME when there was one. */
B64FramerResult b64_framer_finish (B64Framer *f);

/* The frame that ended last; valid until the next feed/finish/reset. */
const B64Frame *b64_framer_frame (const B64Framer *f);

/* Convenience for framed input: decodes one whole text as a frame, in
 * framed mode whatever b64_framer_set_framed() said, after forgetting any
 * partial frame. Never NULL: a text of nothing but whitespace gives
 * B64_FRAME_EMPTY ("no data"). */
const B64Frame *b64_framer_decode_whole (
    B64Framer *f, const char *text, size_t len);

#ifdef __cplusplus
}
#endif
#endif /* B64_FRAMER_H */
