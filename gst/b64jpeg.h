/* b64img — thin wrapper over libjpeg-turbo (TurboJPEG and libjpeg APIs).
 * Independent of GStreamer.
 * Copyright (C) 2026 The b64img authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#ifndef B64_JPEG_H
#define B64_JPEG_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "b64error.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Chroma subsampling; the values are TurboJPEG's TJSAMP_*. */
typedef enum
{
  B64_JPEG_SAMP_444 = 0,
  B64_JPEG_SAMP_422 = 1,
  B64_JPEG_SAMP_420 = 2,
  B64_JPEG_SAMP_GRAY = 3,
  B64_JPEG_SAMP_440 = 4,
  B64_JPEG_SAMP_411 = 5,
  /* sampling factors TurboJPEG has no name for (e.g. cjpeg -sample 3x1):
   * decoded through the libjpeg API, to packed pixels only */
  B64_JPEG_SAMP_OTHER = -1,
} B64JpegSamp;

/* Packed pixel layouts; the values are TurboJPEG's TJPF_*. */
typedef enum
{
  B64_JPEG_PF_RGB = 0,
  B64_JPEG_PF_BGR = 1,
  B64_JPEG_PF_RGBX = 2,
  B64_JPEG_PF_BGRX = 3,
  B64_JPEG_PF_XBGR = 4,
  B64_JPEG_PF_XRGB = 5,
  B64_JPEG_PF_GRAY = 6,
  B64_JPEG_PF_RGBA = 7,
  B64_JPEG_PF_BGRA = 8,
  B64_JPEG_PF_ABGR = 9,
  B64_JPEG_PF_ARGB = 10,
} B64JpegPixel;

typedef enum
{
  B64_JPEG_CS_RGB = 0,
  B64_JPEG_CS_YCBCR,
  B64_JPEG_CS_GRAY,
  B64_JPEG_CS_CMYK,
  B64_JPEG_CS_YCCK,
} B64JpegColorspace;

/* Inverse DCT used by the decoder; the values are libjpeg's J_DCT_METHOD.
 * ISLOW is libjpeg's default, the one PIL and OpenCV decode with. */
typedef enum
{
  B64_JPEG_DCT_ISLOW = 0,
  B64_JPEG_DCT_IFAST = 1,
  B64_JPEG_DCT_FLOAT = 2,
} B64JpegDct;

typedef struct
{
  int width;
  int height;
  B64JpegSamp samp;
  B64JpegColorspace colorspace;
} B64JpegInfo;

typedef struct _B64Jpeg B64Jpeg;

B64Jpeg *b64_jpeg_new (void);
void b64_jpeg_free (B64Jpeg *j);

/* The inverse DCT of the following decodes (ISLOW until set). */
void b64_jpeg_set_dct (B64Jpeg *j, B64JpegDct dct);

/* The following decodes scale the image by @eighths / 8 (1 to 8; 8, full
 * size, until set) in the DCT domain, as libjpeg's scale_num / scale_denom
 * and OpenCV's IMREAD_REDUCED_*: the output is b64_jpeg_scaled () of the
 * header's width and height. */
void b64_jpeg_set_scale (B64Jpeg *j, int eighths);

/* libjpeg's scaled size of an image side: ceil (@size * @eighths / 8). */
int b64_jpeg_scaled (int size, int eighths);

/* The following encodes fit their Huffman tables to each image (libjpeg's
 * optimize_coding, as cjpeg -optimize): smaller files, the same pixels when
 * decoded (false until set). */
void b64_jpeg_set_optimize (B64Jpeg *j, bool optimize);

/* B64Error.code of the calls below (see b64error.h). */
typedef enum
{
  B64_JPEG_OK = 0,
  B64_JPEG_ERR_HEADER,      /* no image header libjpeg can read */
  B64_JPEG_ERR_DECODE,      /* libjpeg or TurboJPEG refused the data */
  B64_JPEG_ERR_ENCODE,      /* the compressor refused the image */
  B64_JPEG_ERR_UNSUPPORTED, /* a colour space or sampling with no path */
  B64_JPEG_ERR_TOO_BIG,     /* larger than the wrapper takes */
  B64_JPEG_ERR_NOMEM,
} B64JpegStatus;

/* Why the last call on @j that failed did: its B64JpegStatus and message. */
const B64Error *b64_jpeg_error (const B64Jpeg *j);

/* True when @data starts with a JPEG SOI marker. */
bool b64_jpeg_sniff (const uint8_t *data, size_t size);

/* Bytes per pixel of a packed layout. */
int b64_jpeg_pixel_size (B64JpegPixel pf);

/* Planes as TurboJPEG reads and writes them: component @comp of a @width x
 * @height image, padded to the sampling factors. */
int b64_jpeg_plane_width (int comp, int width, B64JpegSamp samp);
int b64_jpeg_plane_height (int comp, int height, B64JpegSamp samp);

/* ---- encoding: the JPEG goes to a scratch buffer owned by @j, reused from
 * call to call; *jpeg stays valid until the next call. -------------------- */

/* Fills @rows rows of component @comp from its row @y into @dst, rows
 * @dst_stride bytes apart: the component's own width of pixels (see
 * b64_jpeg_decode_planes), full range; the encoder pads the rest. */
typedef void (*B64JpegFillFn) (
    void *user, int comp, int y, int rows, uint8_t *dst, int dst_stride);

/* Y, Cb, Cr (only Y for GRAY) in @samp, full range: from @planes (each of
 * the component's own size, rows @strides apart), or, when @fill is set,
 * one block row at a time from @fill (then @planes is not read). Same
 * bytes as TurboJPEG's tjCompressFromYUVPlanes. */
bool b64_jpeg_encode_planes (B64Jpeg *j, const uint8_t *const planes[3],
    const int strides[3], B64JpegFillFn fill, void *user, int width, int height,
    B64JpegSamp samp, int quality, const uint8_t **jpeg, size_t *size);

/* Packed pixels (alpha or padding ignored) compressed with @samp. */
bool b64_jpeg_encode_packed (B64Jpeg *j, const uint8_t *pixels, int stride,
    int width, int height, B64JpegPixel pf, B64JpegSamp samp, int quality,
    const uint8_t **jpeg, size_t *size);

/* ---- decoding ------------------------------------------------------------ */

/* Reads the header. Fails for tables-only streams and anything libjpeg
 * cannot read; sampling factors TurboJPEG refuses give SAMP_OTHER. */
bool b64_jpeg_read_header (
    B64Jpeg *j, const uint8_t *data, size_t size, B64JpegInfo *info);

/* Decodes a YCbCr or gray JPEG into planes of its own sampling: component
 * c is ceil(width * h_c / h_max) x ceil(height * v_c / v_max) pixels, rows
 * @strides[c] bytes apart, width and height being the scaled size. Scaled
 * 4:2:0 chroma comes out of libjpeg at the luma's size: it is averaged over
 * 2x2 pixels (those inside the image at its right and bottom edges). Nothing is written below the last row or past
 * its last pixel, so the planes may be exactly that size; the bytes
 * between one row's end and the next row may be overwritten. */
bool b64_jpeg_decode_planes (B64Jpeg *j, const uint8_t *data, size_t size,
    uint8_t *const planes[3], const int strides[3]);

/* Decodes into packed pixels of @pf, rows @stride bytes apart; CMYK and
 * YCCK images are converted to RGB (Adobe-inverted CMYK detected from the
 * APP14 marker), not to GRAY (refused: go through RGB). Alpha bytes are set
 * to 255. */
bool b64_jpeg_decode_packed (B64Jpeg *j, const uint8_t *data, size_t size,
    uint8_t *pixels, int stride, B64JpegPixel pf);

#ifdef __cplusplus
}
#endif
#endif /* B64_JPEG_H */
