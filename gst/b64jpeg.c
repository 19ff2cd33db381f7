/* b64img — thin wrapper over TurboJPEG
 * Copyright (C) 2026 The b64img authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include "b64jpeg.h"

#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <turbojpeg.h>
#include <jpeglib.h>

/* Bad input must not cost more than its own pixels: stop at the first
 * libjpeg warning (truncated or corrupt data) and refuse absurd scan
 * counts in progressive files. */
#define DECODE_FLAGS (TJFLAG_STOPONWARNING | TJFLAG_LIMITSCANS)

struct _B64Jpeg
{
  tjhandle enc;
  tjhandle dec;
  uint8_t *out; /* JPEG scratch, tjBufSize() bytes */
  size_t out_cap;
  uint8_t *cmyk; /* CMYK scratch for conversion to RGB */
  size_t cmyk_cap;
  char error[256];
};

B64Jpeg *
b64_jpeg_new (void)
{
  return calloc (1, sizeof (B64Jpeg));
}

void
b64_jpeg_free (B64Jpeg *j)
{
  if (!j)
    return;
  if (j->enc)
    tjDestroy (j->enc);
  if (j->dec)
    tjDestroy (j->dec);
  free (j->out);
  free (j->cmyk);
  free (j);
}

const char *
b64_jpeg_error (const B64Jpeg *j)
{
  return j->error;
}

static bool
fail (B64Jpeg *j, tjhandle h, const char *what)
{
  snprintf (j->error, sizeof (j->error), "%s: %s", what,
      h ? tjGetErrorStr2 (h) : "out of memory");
  return false;
}

bool
b64_jpeg_sniff (const uint8_t *data, size_t size)
{
  return size >= 3 && data[0] == 0xff && data[1] == 0xd8 && data[2] == 0xff;
}

int
b64_jpeg_pixel_size (B64JpegPixel pf)
{
  return tjPixelSize[pf];
}

int
b64_jpeg_plane_width (int comp, int width, B64JpegSamp samp)
{
  return tjPlaneWidth (comp, width, (int) samp);
}

int
b64_jpeg_plane_height (int comp, int height, B64JpegSamp samp)
{
  return tjPlaneHeight (comp, height, (int) samp);
}

static bool
ensure_handles (B64Jpeg *j, bool encoder)
{
  tjhandle *h = encoder ? &j->enc : &j->dec;

  j->error[0] = '\0'; /* every call starts afresh */

  if (!*h)
    *h = encoder ? tjInitCompress () : tjInitDecompress ();
  if (!*h)
    return fail (j, NULL, "TurboJPEG init");
  return true;
}

/* With TJFLAG_NOREALLOC TurboJPEG assumes tjBufSize() bytes whatever size we
 * pass, so the scratch must always be that large. */
static bool
ensure_out (B64Jpeg *j, int width, int height, B64JpegSamp samp)
{
  unsigned long need = tjBufSize (width, height, (int) samp);

  if (need == (unsigned long) -1)
    return fail (j, j->enc, "tjBufSize");
  if (need > j->out_cap) {
    uint8_t *p = realloc (j->out, need);
    if (!p)
      return fail (j, NULL, "JPEG buffer");
    j->out = p;
    j->out_cap = need;
  }
  return true;
}

bool
b64_jpeg_encode_planes (B64Jpeg *j, const uint8_t *const planes[3],
    const int strides[3], int width, int height, B64JpegSamp samp, int quality,
    const uint8_t **jpeg, size_t *size)
{
  unsigned long len;

  if (!ensure_handles (j, true) || !ensure_out (j, width, height, samp))
    return false;
  len = j->out_cap;
  if (tjCompressFromYUVPlanes (j->enc, (const unsigned char **) planes, width,
          strides, height, (int) samp, &j->out, &len, quality, TJFLAG_NOREALLOC)
      != 0)
    return fail (j, j->enc, "JPEG compression");
  *jpeg = j->out;
  *size = len;
  return true;
}

bool
b64_jpeg_encode_packed (B64Jpeg *j, const uint8_t *pixels, int stride,
    int width, int height, B64JpegPixel pf, B64JpegSamp samp, int quality,
    const uint8_t **jpeg, size_t *size)
{
  unsigned long len;

  if (pf == B64_JPEG_PF_GRAY)
    samp = B64_JPEG_SAMP_GRAY; /* TurboJPEG refuses anything else */
  if (!ensure_handles (j, true) || !ensure_out (j, width, height, samp))
    return false;
  len = j->out_cap;
  if (tjCompress2 (j->enc, pixels, width, stride, height, (int) pf, &j->out,
          &len, (int) samp, quality, TJFLAG_NOREALLOC)
      != 0)
    return fail (j, j->enc, "JPEG compression");
  *jpeg = j->out;
  *size = len;
  return true;
}

/* ---- libjpeg fallback ------------------------------------------------------
 * TurboJPEG 2.1 refuses sampling factors it has no TJSAMP for, which libjpeg
 * (the same libjpeg-turbo) decodes fine. Same rules as the TurboJPEG path:
 * the first warning fails, progressive files stop at 500 scans. */

#define LJ_MAX_SCANS 500

typedef struct
{
  struct jpeg_error_mgr pub; /* first: libjpeg hands us this pointer */
  struct jpeg_progress_mgr progress;
  jmp_buf jump;
  char msg[JMSG_LENGTH_MAX];
} LjErr;

static void
lj_error_exit (j_common_ptr cinfo)
{
  LjErr *e = (LjErr *) cinfo->err;

  cinfo->err->format_message (cinfo, e->msg);
  longjmp (e->jump, 1);
}

static void
lj_emit_message (j_common_ptr cinfo, int level)
{
  if (level < 0) /* a warning: corrupt or truncated data */
    lj_error_exit (cinfo);
}

static void
lj_progress (j_common_ptr cinfo)
{
  LjErr *e = (LjErr *) cinfo->err;

  if (cinfo->is_decompressor
      && ((j_decompress_ptr) cinfo)->input_scan_number > LJ_MAX_SCANS) {
    snprintf (e->msg, sizeof (e->msg),
        "Progressive JPEG image has more than %d scans", LJ_MAX_SCANS);
    longjmp (e->jump, 1);
  }
}

static void
lj_init (struct jpeg_decompress_struct *d, LjErr *e, const uint8_t *data,
    size_t size)
{
  d->err = jpeg_std_error (&e->pub);
  e->pub.error_exit = lj_error_exit;
  e->pub.emit_message = lj_emit_message;
  e->msg[0] = '\0';
  jpeg_create_decompress (d);
  e->progress.progress_monitor = lj_progress;
  d->progress = &e->progress;
  jpeg_mem_src (d, data, (unsigned long) size);
}

static B64JpegColorspace
lj_colorspace (J_COLOR_SPACE cs)
{
  switch (cs) {
    case JCS_GRAYSCALE:
      return B64_JPEG_CS_GRAY;
    case JCS_RGB:
      return B64_JPEG_CS_RGB;
    case JCS_CMYK:
      return B64_JPEG_CS_CMYK;
    case JCS_YCCK:
      return B64_JPEG_CS_YCCK;
    default:
      return B64_JPEG_CS_YCBCR;
  }
}

static bool
lj_read_header (B64Jpeg *j, const uint8_t *data, size_t size, B64JpegInfo *info)
{
  struct jpeg_decompress_struct d;
  LjErr e;

  if (size == 0)
    return false;
  if (setjmp (e.jump)) {
    jpeg_destroy_decompress (&d);
    return false; /* keep TurboJPEG's message */
  }
  lj_init (&d, &e, data, size);
  jpeg_read_header (&d, TRUE);
  info->width = (int) d.image_width;
  info->height = (int) d.image_height;
  info->samp = B64_JPEG_SAMP_OTHER;
  info->colorspace = lj_colorspace (d.jpeg_color_space);
  jpeg_destroy_decompress (&d);
  j->error[0] = '\0';
  return info->width > 0 && info->height > 0;
}

static J_COLOR_SPACE
lj_out_space (B64JpegPixel pf)
{
  static const J_COLOR_SPACE map[] = {
    [B64_JPEG_PF_RGB] = JCS_EXT_RGB,
    [B64_JPEG_PF_BGR] = JCS_EXT_BGR,
    [B64_JPEG_PF_RGBX] = JCS_EXT_RGBX,
    [B64_JPEG_PF_BGRX] = JCS_EXT_BGRX,
    [B64_JPEG_PF_XBGR] = JCS_EXT_XBGR,
    [B64_JPEG_PF_XRGB] = JCS_EXT_XRGB,
    [B64_JPEG_PF_GRAY] = JCS_GRAYSCALE,
    [B64_JPEG_PF_RGBA] = JCS_EXT_RGBA,
    [B64_JPEG_PF_BGRA] = JCS_EXT_BGRA,
    [B64_JPEG_PF_ABGR] = JCS_EXT_ABGR,
    [B64_JPEG_PF_ARGB] = JCS_EXT_ARGB,
  };

  return map[pf];
}

static bool ensure_cmyk (B64Jpeg *j, size_t need);
static void cmyk_to_rgb (const uint8_t *cmyk, int width, int height,
    bool inverted, uint8_t *dst, int stride, B64JpegPixel pf);
static bool has_adobe_marker (const uint8_t *data, size_t size);

/* Decodes every row into @out in the colour space @space. */
static bool
lj_decode_rows (B64Jpeg *j, const uint8_t *data, size_t size,
    J_COLOR_SPACE space, uint8_t *out, int out_stride)
{
  struct jpeg_decompress_struct d;
  LjErr e;

  if (setjmp (e.jump)) {
    jpeg_destroy_decompress (&d);
    snprintf (j->error, sizeof (j->error), "JPEG decoding: %s", e.msg);
    return false;
  }
  lj_init (&d, &e, data, size);
  jpeg_read_header (&d, TRUE);
  d.out_color_space = space;
  jpeg_start_decompress (&d);
  while (d.output_scanline < d.output_height) {
    JSAMPROW row = out + (size_t) d.output_scanline * out_stride;
    jpeg_read_scanlines (&d, &row, 1);
  }
  jpeg_finish_decompress (&d);
  jpeg_destroy_decompress (&d);
  return true;
}

static bool
lj_decode_packed (B64Jpeg *j, const uint8_t *data, size_t size,
    const B64JpegInfo *info, uint8_t *pixels, int stride, B64JpegPixel pf)
{
  if ((info->colorspace != B64_JPEG_CS_CMYK
          && info->colorspace != B64_JPEG_CS_YCCK)
      || pf == B64_JPEG_PF_GRAY)
    return lj_decode_rows (j, data, size, lj_out_space (pf), pixels, stride);
  if (!ensure_cmyk (j, (size_t) info->width * info->height * 4)
      || !lj_decode_rows (j, data, size, JCS_CMYK, j->cmyk, info->width * 4))
    return false;
  cmyk_to_rgb (j->cmyk, info->width, info->height,
      has_adobe_marker (data, size), pixels, stride, pf);
  return true;
}

bool
b64_jpeg_read_header (
    B64Jpeg *j, const uint8_t *data, size_t size, B64JpegInfo *info)
{
  int w = 0, h = 0, samp = -1, cs = -1;

  if (!ensure_handles (j, false))
    return false;
  if (size > (unsigned long) -1)
    return fail (j, NULL, "JPEG too large");
  if (tjDecompressHeader3 (j->dec, data, size, &w, &h, &samp, &cs) != 0) {
    fail (j, j->dec, "JPEG header");
    /* TurboJPEG 2.1 leaves the handle unusable for the next header */
    tjDestroy (j->dec);
    j->dec = NULL;
    /* sampling factors TurboJPEG cannot name: libjpeg itself reads them */
    return lj_read_header (j, data, size, info);
  }
  /* a tables-only stream "succeeds" without a size */
  if (w <= 0 || h <= 0 || samp < 0 || cs < 0) {
    snprintf (j->error, sizeof (j->error), "JPEG header: no image");
    return false;
  }
  info->width = w;
  info->height = h;
  info->samp = (B64JpegSamp) samp;
  info->colorspace = (B64JpegColorspace) cs;
  return true;
}

bool
b64_jpeg_decode_planes (B64Jpeg *j, const uint8_t *data, size_t size,
    uint8_t *const planes[3], const int strides[3])
{
  if (!ensure_handles (j, false))
    return false;
  if (tjDecompressToYUVPlanes (j->dec, data, size, (unsigned char **) planes, 0,
          (int *) strides, 0, DECODE_FLAGS)
      != 0)
    return fail (j, j->dec, "JPEG decoding");
  return true;
}

/* Adobe's APP14 marker says the CMYK samples are stored inverted. */
static bool
has_adobe_marker (const uint8_t *data, size_t size)
{
  size_t pos = 2;

  while (pos + 4 <= size && data[pos] == 0xff) {
    uint8_t marker = data[pos + 1];
    size_t len = ((size_t) data[pos + 2] << 8) | data[pos + 3];

    if (marker == 0xff) { /* fill byte before a marker */
      pos++;
      continue;
    }
    if (marker == 0xda || marker == 0xd9) /* SOS, EOI */
      break;
    if (marker == 0xee && len >= 7 && pos + 9 <= size
        && memcmp (data + pos + 4, "Adobe", 5) == 0)
      return true;
    pos += 2 + len;
  }
  return false;
}

static void
cmyk_to_rgb (const uint8_t *cmyk, int width, int height, bool inverted,
    uint8_t *dst, int stride, B64JpegPixel pf)
{
  int ps = tjPixelSize[pf], ro = tjRedOffset[pf], go = tjGreenOffset[pf];
  int bo = tjBlueOffset[pf], ao = tjAlphaOffset[pf];

  for (int y = 0; y < height; y++) {
    const uint8_t *s = cmyk + (size_t) y * width * 4;
    uint8_t *d = dst + (size_t) y * stride;

    for (int x = 0; x < width; x++, s += 4, d += ps) {
      unsigned c = s[0], m = s[1], ye = s[2], k = s[3];

      if (!inverted) {
        c = 255 - c;
        m = 255 - m;
        ye = 255 - ye;
        k = 255 - k;
      }
      /* now each value is "amount of light": 255 = no ink */
      d[ro] = (uint8_t) ((c * k + 127) / 255);
      d[go] = (uint8_t) ((m * k + 127) / 255);
      d[bo] = (uint8_t) ((ye * k + 127) / 255);
      if (ao >= 0)
        d[ao] = 255;
      else if (ps == 4)
        d[6 - ro - go - bo] = 255;
    }
  }
}

static bool
ensure_cmyk (B64Jpeg *j, size_t need)
{
  if (need > j->cmyk_cap) {
    uint8_t *p = realloc (j->cmyk, need);
    if (!p)
      return fail (j, NULL, "CMYK buffer");
    j->cmyk = p;
    j->cmyk_cap = need;
  }
  return true;
}

static bool
decode_cmyk (B64Jpeg *j, const uint8_t *data, size_t size, int width,
    int height, uint8_t *pixels, int stride, B64JpegPixel pf)
{
  if (!ensure_cmyk (j, (size_t) width * height * 4))
    return false;
  if (tjDecompress2 (j->dec, data, size, j->cmyk, width, width * 4, height,
          TJPF_CMYK, DECODE_FLAGS)
      != 0)
    return fail (j, j->dec, "JPEG decoding");
  cmyk_to_rgb (j->cmyk, width, height, has_adobe_marker (data, size), pixels,
      stride, pf);
  return true;
}

bool
b64_jpeg_decode_packed (B64Jpeg *j, const uint8_t *data, size_t size,
    uint8_t *pixels, int stride, B64JpegPixel pf)
{
  B64JpegInfo info;

  if (!b64_jpeg_read_header (j, data, size, &info))
    return false;
  if (info.samp == B64_JPEG_SAMP_OTHER)
    return lj_decode_packed (j, data, size, &info, pixels, stride, pf);
  if ((info.colorspace == B64_JPEG_CS_CMYK
          || info.colorspace == B64_JPEG_CS_YCCK)
      && pf != B64_JPEG_PF_GRAY)
    return decode_cmyk (
        j, data, size, info.width, info.height, pixels, stride, pf);
  if (tjDecompress2 (j->dec, data, size, pixels, info.width, stride,
          info.height, (int) pf, DECODE_FLAGS)
      != 0)
    return fail (j, j->dec, "JPEG decoding");
  return true;
}
