/* b64img — what a decoded JPEG must look like: TurboJPEG's own decode of
 * the same bytes, in the layout b64imgdec handed out.
 * Copyright (C) 2026 The b64img authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 *  - packed RGB formats and GRAY8: exactly equal to tjDecompress2 () into
 *    the same pixel format (the decoder takes that very path);
 *  - planar YUV of the JPEG's own sampling (I420/YV12 for 4:2:0, Y42B,
 *    Y444, Y41B, and Y444 for 4:4:0 with the chroma rows doubled): exactly
 *    equal to tjDecompressToYUVPlanes ();
 *  - the same sampling repacked (NV12/NV21 from 4:2:0, YUY2/UYVY/YVYU from
 *    4:2:2) and YUV from a grayscale JPEG (chroma 128): exact too — a
 *    repack loses nothing;
 *  - any other YUV output (a chroma resampling by the decoder): luma exact
 *    within TOL_LUMA, chroma within TOL_CHROMA_MAX of the reference sample
 *    at the same place (nearest), and TOL_CHROMA_MEAN on average. The test
 *    image is smooth (at most about 4 levels per pixel), so a resampling
 *    filter moves chroma only a few levels.
 */
#ifndef B64_TEST_JPEGREF_H
#define B64_TEST_JPEGREF_H

#include "harness.h"

#include <turbojpeg.h>

G_BEGIN_DECLS

#define TOL_LUMA        1
#define TOL_CHROMA_MAX  12
#define TOL_CHROMA_MEAN 3.0

/* Every sampling TurboJPEG writes, and the layout b64imgdec hands out for
 * it when downstream takes anything. */
typedef struct
{
  int samp;
  const gchar *name;
  const gchar *native;
} B64tSampling;

#define B64T_N_SAMPLINGS 6
extern const B64tSampling b64t_samplings[B64T_N_SAMPLINGS];

/* TurboJPEG's planes of a JPEG. */
typedef struct
{
  gint w, h;
  int samp;
  guint n;
  guint8 *plane[3];
  gint pw[3], ph[3];
  gint hf, vf; /* chroma subsampling factors */
} B64tRefYuv;

void b64t_ref_yuv_init (B64tRefYuv *r, const guint8 *jpeg, gsize len);
void b64t_ref_yuv_clear (B64tRefYuv *r);
/* component @c of pixel (x, y), nearest chroma sample */
gint b64t_ref_yuv_at (const B64tRefYuv *r, guint c, gint x, gint y);
/* tjDecompress2 () of @jpeg into TJPF @pf (g_free). */
guint8 *b64t_ref_packed (
    const guint8 *jpeg, gsize len, int pf, gint *w, gint *h);
/* The TJPF of a packed GStreamer format, if it has one. */
gboolean b64t_format_to_tjpf (GstVideoFormat f, int *pf);
/* Whether the YUV output @f holds the JPEG's chroma samples unchanged. */
gboolean b64t_yuv_same_samples (GstVideoFormat f, int samp);
/* Checks one decoded frame against TurboJPEG's decode of @jpeg. */
void b64t_check_decoded_jpeg (GstBuffer *buf, GstCaps *caps, const guint8 *jpeg,
    gsize len, const gchar *what);

G_END_DECLS
#endif
