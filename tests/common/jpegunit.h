/* b64img — helpers of the b64jpeg unit tests (test_b64jpeg*.c): smooth
 * ramps, a colour JPEG of them, marker positions, plane sizes, libjpeg's
 * own decodes.
 * Copyright (C) 2026 The b64img authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#ifndef B64_TEST_JPEGUNIT_H
#define B64_TEST_JPEGUNIT_H

#include "b64jpeg.h"

#include <glib.h>
#include <stdio.h>
#include <jpeglib.h>

G_BEGIN_DECLS

/* Every sampling TurboJPEG names. */
#define N_ALL_SAMPS 6
extern const B64JpegSamp all_samps[N_ALL_SAMPS];

/* The packed layouts (B64JpegPixel), and libjpeg's name of each. */
#define N_PF 11
extern const J_COLOR_SPACE lj_space[N_PF];

/* libjpeg's own decode of @data at @n / 8 (8: full size) into @space, rows
 * @stride bytes apart; fancy upsampling off for YCbCr, so that chroma is
 * the planes' samples repeated. */
void lj_decode_ref (const guint8 *data, gsize size, int n, J_COLOR_SPACE space,
    guint8 *out, int stride);

/* Smooth ramps with a different slope per channel, so that chroma varies
 * too; within 0..255 up to 35x35. */
guint8 smooth (int x, int y, int ch);

/* A 17x9 4:2:0 colour JPEG of the ramps. */
guint8 *color_jpeg (gsize *size);

/* Offset of the SOF0 marker (@sof) or of the SOS marker. */
gsize marker_pos (const guint8 *data, gsize size, guint8 marker);

/* A length cutting the entropy-coded data in half. */
gsize truncated_size (const guint8 *data, gsize size);

/* A component's own size: the image's, scaled by its sampling and rounded
 * up (what GStreamer's planar formats hold). */
void comp_size (int c, int w, int h, B64JpegSamp samp, int *cw, int *ch);

void assert_good_header (B64Jpeg *j, const guint8 *data, gsize size);

G_END_DECLS
#endif
