/* b64img — tells whether the start of a text is base64 of a JPEG or PNG
 * image (for the typefinder). Independent of GStreamer.
 * Copyright (C) 2026 The b64img authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#ifndef B64_SNIFF_H
#define B64_SNIFF_H

#include <stdbool.h>
#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef enum
{
  B64_SNIFF_NONE = 0,
  B64_SNIFF_JPEG,
  B64_SNIFF_PNG,
} B64SniffImage;

typedef enum
{
  B64_SNIFF_BARE = 0, /* base64 lines, maybe wrapped */
  B64_SNIFF_DATA_URI, /* data:<mime>[;k=v]*;base64, then base64 */
  B64_SNIFF_JSON,     /* a JSON object with such a string value */
} B64SniffForm;

typedef struct
{
  B64SniffImage image;
  B64SniffForm form;
  size_t checked; /* base64 characters found valid */
} B64Sniff;

/* Fewest base64 characters that must check out before a text is taken
 * for an image: the magic bytes alone are 6 to 22 characters. */
#define B64_SNIFF_MIN_CHARS 64

/* Looks at the first @len bytes of a text (a typefinder's window; the text
 * may go on) and returns true when it is base64 of a JPEG or PNG: its first
 * decoded bytes are the image's signature (JPEG SOI and a marker, the PNG
 * signature and IHDR) and every byte of the window after them is what such
 * a text holds (the alphabet, either one, padding, line breaks, CRLF,
 * blanks at line ends but not inside, data-URI prefixes at line starts; in
 * a JSON line the string up to its closing quote, "\/" and "\n" escapes
 * included), at least B64_SNIFF_MIN_CHARS characters of it. Fills @out
 * (when not NULL) on success. Prose, subtitles, CSV, hex dumps, JSON
 * without images and base64 of other data are refused. */
bool b64_sniff (const char *data, size_t len, B64Sniff *out);

#ifdef __cplusplus
}
#endif
#endif /* B64_SNIFF_H */
