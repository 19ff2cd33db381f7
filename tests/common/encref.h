/* b64img — what b64imgenc's output must be: smooth test pictures in any
 * raw layout, the text form (alphabet, padding, prefix, newline) checked
 * character by character, the JPEG decoded by TurboJPEG against the
 * picture, and harness steps that push a frame and check all of it.
 * Copyright (C) 2026 The b64img authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * The input pictures are smooth (slow sinusoids of the pixel position), so
 * that JPEG at the default quality 85 reproduces them closely and a PSNR
 * bound tells a correct picture from a wrong one (swapped chroma, wrong
 * stride, missing range expansion, shifted rows all cost far more than the
 * bounds leave).
 */
#ifndef B64_TEST_ENCREF_H
#define B64_TEST_ENCREF_H

#include "harness.h"

G_BEGIN_DECLS

/* ---- PSNR bounds (quality 85 unless a test says otherwise) -------------
 *
 * Measured on this content with libjpeg-turbo 2.1.5 the values are well
 * above these bounds (RGB 36-50 dB, luma 41-60 dB); a wrong picture (e.g.
 * U and V swapped, limited range not expanded, a stride off by one) falls
 * to 10-25 dB. */

/* The whole picture in RGB, after chroma subsampling and JPEG's own
 * upsampling: every size, 1x1 included. */
#define MIN_PSNR_RGB 36.0
/* The luma plane of a YUV input against the luma the JPEG carries. */
#define MIN_PSNR_LUMA 42.0

typedef struct
{
  gint w, h;
} EncSize;

/* Every size the format tests encode, 1x1 to 641x479. */
#define N_ALL_SIZES 6
extern const EncSize all_sizes[N_ALL_SIZES];

/* "jpeg" colorimetry: full-range BT.601, what JFIF stores */
#define FULL_RANGE_COLORIMETRY "1:4:0:0"

/* What a correct encoder's JPEG must show: the full-range luma it carries
 * and the RGB a JFIF decoder computes from it. */
typedef struct
{
  gint w, h;
  guint8 *y;
  guint8 *rgb;
} Ref;

typedef struct
{
  const gchar *prefix; /* exact text before the base64 */
  gboolean url;
  gboolean padding;
  gboolean newline;
} TextForm;

/* No prefix, standard alphabet, padded, newline. */
extern const TextForm default_form;

typedef struct
{
  gint w, h, samp;
  gdouble psnr_rgb, psnr_luma;
} Decoded;

void ref_free (Ref *ref);

guint8 clamp8 (gdouble v);

gdouble f_u (gdouble x, gdouble y);

gdouble f_v (gdouble x, gdouble y);

/* JFIF: full-range BT.601 */
void yuv_to_rgb (gdouble y, gdouble u, gdouble v, guint8 *rgb);

/* Fills @buf as a picture of @info (its strides and offsets). Subsampled
 * chroma takes the value at the centre of the pixels it covers, JPEG's
 * own convention. Bytes outside the components (the x of RGBx) keep
 * whatever was there. */
void fill_frame (const GstVideoInfo *info, GstBuffer *buf);

/* The reference a full-range (or RGB) picture of @info must decode to. */
Ref *make_ref (const GstVideoInfo *info);

gchar *caps_string (const gchar *format, gint w, gint h, gboolean full_range);

/* A frame of @info with a recognisable pattern in the bytes the picture
 * does not use. */
GstBuffer *new_frame (const GstVideoInfo *info);

/* Checks the text of @buf has the form @form and returns the base64 part
 * (a new string, standard alphabet, padded) */
gchar *text_payload (GstBuffer *buf, const TextForm *form);

guint8 *text_to_jpeg (GstBuffer *buf, const TextForm *form, gsize *size);

/* Decodes @jpeg, checks its size and compares it with @ref. */
void check_jpeg (const guint8 *jpeg, gsize size, const Ref *ref, Decoded *d);

/* Decodes to RGB and to luma, for the colour-range tests. */
void decode_means (
    const guint8 *jpeg, gsize size, gdouble *mean_y, gdouble mean_rgb[3]);

GstHarness *new_harness (const gchar *caps_str);

/* Pushes one frame and returns the single output buffer. */
GstBuffer *push_pull (GstHarness *h, GstBuffer *in);

void check_src_caps (GstHarness *h, gint w, gint h_, const gchar *alphabet);

/* Encodes one smooth full-range frame of @format at @w x @h with @h's
 * current settings and checks text, size and pixels. Returns the JPEG's
 * sampling. */
gint encode_and_check (GstHarness *h, const gchar *format, gint w, gint ht,
    const TextForm *form, gdouble min_rgb, gdouble min_luma);

/* The JPEG of one smooth full-range frame with @h's current settings. */
guint8 *encode_jpeg (
    GstHarness *h, const gchar *format, gint w, gint ht, gsize *size);

/* The raw output text of one smooth full-range frame. */
GstBuffer *encode_text (GstHarness *h, const gchar *format, gint w, gint ht);

/* A flat frame of @format with luma @y and chroma @u, @v (no colorimetry
 * in the caps: GStreamer's default, limited range, unless @full). */
GstBuffer *flat_frame (const GstVideoInfo *info, guint8 y, guint8 u, guint8 v);

/* Pushes a flat frame (flat_frame ()) through @h and returns the means of
 * its JPEG's luma and RGB (decode_means ()). */
void flat_means (GstHarness *h, const GstVideoInfo *info, guint8 y, guint8 u,
    guint8 v, gdouble *mean_y, gdouble mean_rgb[3]);

G_END_DECLS
#endif
