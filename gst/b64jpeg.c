/* b64img — thin wrapper over libjpeg-turbo (TurboJPEG and libjpeg APIs)
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
#include <jerror.h>

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
  B64JpegDct dct;
  int scale; /* eighths */
  bool optimize;
  struct LjRaw *raw;    /* libjpeg decoder for planar output, kept */
  struct LjEnc *lj_enc; /* libjpeg encoder for planar input, kept */
  B64Error error;       /* the last failure */
};

static void lj_raw_free (struct LjRaw *raw);
static void lj_enc_free (struct LjEnc *enc);

B64Jpeg *
b64_jpeg_new (void)
{
  B64Jpeg *j = calloc (1, sizeof (B64Jpeg));

  if (j)
    j->scale = 8;
  return j;
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
  lj_raw_free (j->raw);
  lj_enc_free (j->lj_enc);
  free (j);
}

void
b64_jpeg_set_dct (B64Jpeg *j, B64JpegDct dct)
{
  j->dct = dct;
}

void
b64_jpeg_set_scale (B64Jpeg *j, int eighths)
{
  j->scale = eighths < 1 ? 1 : eighths > 8 ? 8 : eighths;
}

int
b64_jpeg_scaled (int size, int eighths)
{
  return (int) (((long long) size * eighths + 7) / 8);
}

void
b64_jpeg_set_optimize (B64Jpeg *j, bool optimize)
{
  j->optimize = optimize;
}

const B64Error *
b64_jpeg_error (const B64Jpeg *j)
{
  return &j->error;
}

/* @what failed with @code; TurboJPEG's text of @h, if any, says why. */
static bool
fail (B64Jpeg *j, B64JpegStatus code, tjhandle h, const char *what)
{
  return b64_error_set (&j->error, code, "%s: %s", what,
      h ? tjGetErrorStr2 (h) : "out of memory");
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

  b64_error_clear (&j->error); /* every call starts afresh */

  if (!*h)
    *h = encoder ? tjInitCompress () : tjInitDecompress ();
  if (!*h)
    return fail (j, B64_JPEG_ERR_NOMEM, NULL, "TurboJPEG init");
  return true;
}

/* With TJFLAG_NOREALLOC TurboJPEG assumes tjBufSize() bytes whatever size we
 * pass, so the scratch must always be that large. */
static bool
ensure_out_bytes (B64Jpeg *j, size_t need)
{
  if (need > j->out_cap) {
    uint8_t *p = realloc (j->out, need);
    if (!p)
      return fail (j, B64_JPEG_ERR_NOMEM, NULL, "JPEG buffer");
    j->out = p;
    j->out_cap = need;
  }
  return true;
}

static bool
ensure_out (B64Jpeg *j, int width, int height, B64JpegSamp samp)
{
  unsigned long need = tjBufSize (width, height, (int) samp);

  if (need == (unsigned long) -1)
    return fail (j, B64_JPEG_ERR_ENCODE, j->enc, "tjBufSize");
  return ensure_out_bytes (j, need);
}

static bool encode_packed_optimized (B64Jpeg *j, const uint8_t *pixels,
    int stride, int width, int height, B64JpegPixel pf, B64JpegSamp samp,
    int quality, const uint8_t **jpeg, size_t *size);

bool
b64_jpeg_encode_packed (B64Jpeg *j, const uint8_t *pixels, int stride,
    int width, int height, B64JpegPixel pf, B64JpegSamp samp, int quality,
    const uint8_t **jpeg, size_t *size)
{
  unsigned long len;

  if (pf == B64_JPEG_PF_GRAY)
    samp = B64_JPEG_SAMP_GRAY; /* TurboJPEG refuses anything else */
  if (j->optimize)
    return encode_packed_optimized (
        j, pixels, stride, width, height, pf, samp, quality, jpeg, size);
  if (!ensure_handles (j, true) || !ensure_out (j, width, height, samp))
    return false;
  len = j->out_cap;
  if (tjCompress2 (j->enc, pixels, width, stride, height, (int) pf, &j->out,
          &len, (int) samp, quality, TJFLAG_NOREALLOC)
      != 0)
    return fail (j, B64_JPEG_ERR_ENCODE, j->enc, "JPEG compression");
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

/* A decoder with our error, warning and scan-count rules; errors longjmp to
 * e->jump, which the caller has set. */
static void
lj_create (struct jpeg_decompress_struct *d, LjErr *e)
{
  d->err = jpeg_std_error (&e->pub);
  e->pub.error_exit = lj_error_exit;
  e->pub.emit_message = lj_emit_message;
  e->msg[0] = '\0';
  jpeg_create_decompress (d);
  e->progress.progress_monitor = lj_progress;
  d->progress = &e->progress;
}

static void
lj_init (struct jpeg_decompress_struct *d, LjErr *e, const uint8_t *data,
    size_t size)
{
  lj_create (d, e);
  jpeg_mem_src (d, data, (unsigned long) size);
}

/* One block row of every component, as the raw-data API reads or writes
 * it: comp[i] is component i's part, rows width_in_blocks * 8 bytes. */
typedef struct
{
  uint8_t *data;
  size_t cap;
  uint8_t *comp[MAX_COMPONENTS];
} LjBand;

/* The side of a component's blocks in pixels: DCTSIZE, but smaller when
 * decoding scaled, and then twice the luma's for 4:2:0 chroma (libjpeg
 * scales chroma up through the IDCT rather than upsampling it). */
static int
lj_block (const jpeg_component_info *comp)
{
  return comp->DCT_scaled_size;
}

static int
lj_band_width (const jpeg_component_info *comp)
{
  return (int) comp->width_in_blocks * lj_block (comp);
}

static int
lj_band_rows (const jpeg_component_info *comp)
{
  return comp->v_samp_factor * lj_block (comp);
}

/* Grows @band for the @n components of an image and points comp[]. */
static bool
lj_band_fit (LjBand *band, const jpeg_component_info *comps, int n)
{
  size_t need = 0, at = 0;

  for (int i = 0; i < n; i++)
    need += (size_t) lj_band_width (&comps[i]) * lj_band_rows (&comps[i]);
  if (need > band->cap) {
    uint8_t *p = realloc (band->data, need);
    if (!p)
      return false;
    band->data = p;
    band->cap = need;
  }
  for (int i = 0; i < n; i++) {
    band->comp[i] = band->data + at;
    at += (size_t) lj_band_width (&comps[i]) * lj_band_rows (&comps[i]);
  }
  return true;
}

/* ---- planar encoding through libjpeg's raw-data API ------------------------
 * tjCompressFromYUVPlanes copies every plane through a temporary buffer
 * when any plane's size is not a whole number of blocks (the chroma of
 * 1080 rows of 4:2:0), and it needs a whole transformed frame when the
 * caller must change the pixels first (range expansion). Here libjpeg reads
 * one block row at a time from a band that the caller's fill function, or
 * a copy, produced. The settings are TurboJPEG's, so the bytes are the same
 * as tjCompressFromYUVPlanes'. */

struct LjEnc
{
  struct jpeg_compress_struct c;
  struct jpeg_destination_mgr dest;
  LjErr e;
  B64Jpeg *owner;
  LjBand band;
  /* libjpeg's standard Huffman tables, as jpeg_set_defaults first set them */
  JHUFF_TBL std_dc[2], std_ac[2];
  bool have_std;
};

static void
lj_dest_init (j_compress_ptr c)
{
  struct LjEnc *enc = (struct LjEnc *) c; /* c is the first member */

  c->dest->next_output_byte = enc->owner->out;
  c->dest->free_in_buffer = enc->owner->out_cap;
}

/* The scratch is usually large enough (sized by the last frames); else it
 * doubles, keeping what was written. */
static boolean
lj_dest_grow (j_compress_ptr c)
{
  B64Jpeg *j = ((struct LjEnc *) c)->owner;
  size_t used = j->out_cap, cap = j->out_cap * 2;
  uint8_t *p = realloc (j->out, cap);

  if (!p)
    ERREXIT1 (c, JERR_OUT_OF_MEMORY, 0);
  j->out = p;
  j->out_cap = cap;
  c->dest->next_output_byte = p + used;
  c->dest->free_in_buffer = cap - used;
  return TRUE;
}

static void
lj_dest_term (j_compress_ptr c)
{
  (void) c;
}

static void
lj_enc_free (struct LjEnc *enc)
{
  if (!enc)
    return;
  jpeg_destroy_compress (&enc->c);
  free (enc->band.data);
  free (enc);
}

/* Creates j->lj_enc. */
static bool
lj_enc_new (B64Jpeg *j)
{
  j->lj_enc = calloc (1, sizeof (*j->lj_enc));
  if (!j->lj_enc)
    return false;
  j->lj_enc->owner = j;
  j->lj_enc->c.err = jpeg_std_error (&j->lj_enc->e.pub);
  j->lj_enc->e.pub.error_exit = lj_error_exit;
  if (setjmp (j->lj_enc->e.jump)) {
    free (j->lj_enc);
    j->lj_enc = NULL;
    return false;
  }
  jpeg_create_compress (&j->lj_enc->c);
  j->lj_enc->dest.init_destination = lj_dest_init;
  j->lj_enc->dest.empty_output_buffer = lj_dest_grow;
  j->lj_enc->dest.term_destination = lj_dest_term;
  j->lj_enc->c.dest = &j->lj_enc->dest;
  return true;
}

typedef struct
{
  const uint8_t *const *planes;
  const int *strides;
  B64JpegFillFn fill;
  void *user;
  const uint8_t *pixels; /* packed input instead, when set */
  int stride;
  B64JpegPixel pf;
} LjSource;

static J_COLOR_SPACE lj_out_space (B64JpegPixel pf);

/* TurboJPEG 2.1's settings for tjCompressFromYUVPlanes and, for packed
 * input, tjCompress2 (without its TJ_* environment variables). */
/* optimize_coding leaves its tables in the compressor, and
 * jpeg_set_defaults only fills tables that are not there yet (the cause of
 * TurboJPEG 2.1.5's broken files after a progressive one): keep the
 * standard tables and put them back for every image. */
static void
lj_enc_std_tables (struct LjEnc *enc)
{
  j_compress_ptr c = &enc->c;

  for (int i = 0; i < 2; i++) {
    if (!enc->have_std) {
      enc->std_dc[i] = *c->dc_huff_tbl_ptrs[i];
      enc->std_ac[i] = *c->ac_huff_tbl_ptrs[i];
    } else {
      *c->dc_huff_tbl_ptrs[i] = enc->std_dc[i];
      *c->ac_huff_tbl_ptrs[i] = enc->std_ac[i];
    }
  }
  enc->have_std = true;
}

static void
lj_enc_setup (struct LjEnc *enc, const LjSource *src, int width, int height,
    B64JpegSamp samp, int quality, bool optimize)
{
  j_compress_ptr c = &enc->c;

  static const int mcu_w[] = { 1, 2, 2, 1, 1, 4 },
                   mcu_h[] = { 1, 1, 2, 1, 2, 1 };

  c->image_width = (JDIMENSION) width;
  c->image_height = (JDIMENSION) height;
  c->in_color_space = src->pixels ? lj_out_space (src->pf) : JCS_RGB;
  c->input_components = src->pixels ? tjPixelSize[src->pf] : 3;
  jpeg_set_defaults (c);
  lj_enc_std_tables (enc);
  jpeg_set_quality (c, quality, TRUE);
  c->dct_method = quality >= 96 ? JDCT_ISLOW : JDCT_FASTEST;
  jpeg_set_colorspace (
      c, samp == B64_JPEG_SAMP_GRAY ? JCS_GRAYSCALE : JCS_YCbCr);
  c->comp_info[0].h_samp_factor = mcu_w[samp];
  c->comp_info[0].v_samp_factor = mcu_h[samp];
  for (int i = 1; i < c->num_components; i++)
    c->comp_info[i].h_samp_factor = c->comp_info[i].v_samp_factor = 1;
  c->raw_data_in = !src->pixels;
  c->optimize_coding = optimize;
}

/* Points the rows of component @i's block row at plane row @y into @band,
 * filled by the caller or copied from the plane, and padded with the last
 * pixel; rows below the plane repeat its last row, as TurboJPEG's do. The
 * copy pays: the DCT reads a small contiguous band faster than the frame
 * itself (1080p: 4.2 instead of 4.8 ms a frame). */
static void
lj_enc_rows (const LjSource *src, int i, const jpeg_component_info *comp, int y,
    uint8_t *band, JSAMPROW *rows)
{
  int bw = lj_band_width (comp), th = comp->v_samp_factor * DCTSIZE;
  int w = (int) comp->downsampled_width, h = (int) comp->downsampled_height;
  int n = h - y < th ? h - y : th;

  if (src->fill)
    src->fill (src->user, i, y, n, band, bw);
  for (int k = 0; k < n; k++) {
    rows[k] = band + (size_t) k * bw;
    if (!src->fill)
      memcpy (rows[k], src->planes[i] + (size_t) (y + k) * src->strides[i], w);
    memset (rows[k] + w, rows[k][w - 1], bw - w);
  }
  for (int k = n; k < th; k++)
    rows[k] = rows[n - 1];
}

static bool
lj_encode (B64Jpeg *j, const LjSource *src, int width, int height,
    B64JpegSamp samp, int quality, const uint8_t **jpeg, size_t *size)
{
  struct LjEnc *enc = j->lj_enc;
  j_compress_ptr c = &enc->c;
  JSAMPROW rows[3][MAX_SAMP_FACTOR * DCTSIZE];
  JSAMPARRAY bufs[3] = { rows[0], rows[1], rows[2] };

  if (setjmp (enc->e.jump)) {
    jpeg_abort_compress (c);
    return b64_error_set (
        &j->error, B64_JPEG_ERR_ENCODE, "JPEG compression: %s", enc->e.msg);
  }
  lj_enc_setup (enc, src, width, height, samp, quality, j->optimize);
  jpeg_start_compress (c, TRUE);
  if (!src->pixels
      && !lj_band_fit (&enc->band, c->comp_info, c->num_components))
    ERREXIT1 (c, JERR_OUT_OF_MEMORY, 1);
  while (src->pixels && c->next_scanline < c->image_height) {
    JSAMPROW row
        = (JSAMPROW) src->pixels + (size_t) c->next_scanline * src->stride;

    jpeg_write_scanlines (c, &row, 1);
  }
  while (c->next_scanline < c->image_height) {
    int iy = (int) c->next_scanline / (c->max_v_samp_factor * DCTSIZE);

    for (int i = 0; i < c->num_components; i++) {
      const jpeg_component_info *comp = &c->comp_info[i];

      lj_enc_rows (src, i, comp, iy * comp->v_samp_factor * DCTSIZE,
          enc->band.comp[i], rows[i]);
    }
    jpeg_write_raw_data (c, bufs, c->max_v_samp_factor * DCTSIZE);
  }
  jpeg_finish_compress (c);
  *jpeg = j->out;
  *size = j->out_cap - c->dest->free_in_buffer;
  return true;
}

static bool
lj_encode_start (B64Jpeg *j, const LjSource *src, int width, int height,
    B64JpegSamp samp, int quality, const uint8_t **jpeg, size_t *size)
{
  b64_error_clear (&j->error);
  if (!j->lj_enc && !lj_enc_new (j))
    return fail (j, B64_JPEG_ERR_NOMEM, NULL, "JPEG encoder");
  /* a first guess; the destination grows when a frame needs more */
  if (!j->out && !ensure_out_bytes (j, (size_t) width * height / 2 + 4096))
    return false;
  return lj_encode (j, src, width, height, samp, quality, jpeg, size);
}

bool
b64_jpeg_encode_planes (B64Jpeg *j, const uint8_t *const planes[3],
    const int strides[3], B64JpegFillFn fill, void *user, int width, int height,
    B64JpegSamp samp, int quality, const uint8_t **jpeg, size_t *size)
{
  LjSource src = { planes, strides, fill, user, NULL, 0, B64_JPEG_PF_RGB };

  return lj_encode_start (j, &src, width, height, samp, quality, jpeg, size);
}

/* TurboJPEG 2.1 has no flag for optimize_coding (only its TJ_OPTIMIZE
 * environment variable, process-wide), so optimized packed input goes
 * through libjpeg with tjCompress2's settings: the same coefficients, other
 * Huffman tables. */
static bool
encode_packed_optimized (B64Jpeg *j, const uint8_t *pixels, int stride,
    int width, int height, B64JpegPixel pf, B64JpegSamp samp, int quality,
    const uint8_t **jpeg, size_t *size)
{
  LjSource src = { NULL, NULL, NULL, NULL, pixels, stride, pf };

  return lj_encode_start (j, &src, width, height, samp, quality, jpeg, size);
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
  b64_error_clear (&j->error);
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

static J_DCT_METHOD lj_dct (B64JpegDct dct);
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
    return b64_error_set (
        &j->error, B64_JPEG_ERR_DECODE, "JPEG decoding: %s", e.msg);
  }
  lj_init (&d, &e, data, size);
  jpeg_read_header (&d, TRUE);
  d.out_color_space = space;
  d.dct_method = lj_dct (j->dct);
  d.scale_num = (unsigned) j->scale;
  d.scale_denom = 8;
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
  int w = b64_jpeg_scaled (info->width, j->scale);
  int h = b64_jpeg_scaled (info->height, j->scale);

  if ((info->colorspace != B64_JPEG_CS_CMYK
          && info->colorspace != B64_JPEG_CS_YCCK)
      || pf == B64_JPEG_PF_GRAY)
    return lj_decode_rows (j, data, size, lj_out_space (pf), pixels, stride);
  if (!ensure_cmyk (j, (size_t) w * h * 4)
      || !lj_decode_rows (j, data, size, JCS_CMYK, j->cmyk, w * 4))
    return false;
  cmyk_to_rgb (
      j->cmyk, w, h, has_adobe_marker (data, size), pixels, stride, pf);
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
    return fail (j, B64_JPEG_ERR_TOO_BIG, NULL, "JPEG too large");
  if (tjDecompressHeader3 (j->dec, data, size, &w, &h, &samp, &cs) != 0) {
    fail (j, B64_JPEG_ERR_HEADER, j->dec, "JPEG header");
    /* TurboJPEG 2.1 leaves the handle unusable for the next header */
    tjDestroy (j->dec);
    j->dec = NULL;
    /* sampling factors TurboJPEG cannot name: libjpeg itself reads them */
    return lj_read_header (j, data, size, info);
  }
  /* a tables-only stream "succeeds" without a size */
  if (w <= 0 || h <= 0 || samp < 0 || cs < 0) {
    return b64_error_set (
        &j->error, B64_JPEG_ERR_HEADER, "JPEG header: no image");
  }
  info->width = w;
  info->height = h;
  info->samp = (B64JpegSamp) samp;
  info->colorspace = (B64JpegColorspace) cs;
  return true;
}

/* ---- planar decoding through libjpeg's raw-data API ------------------------
 * TurboJPEG writes planes padded to whole blocks, and when the padded size
 * differs from the planes' (1080 rows of 4:2:0, odd widths) it decodes the
 * whole image through a temporary buffer and copies it. Here each block row
 * goes straight into the caller's planes; only rows whose block padding
 * would spill past the plane (its last row, or every row when the stride is
 * narrower than the blocks) go through a small scratch band and are copied,
 * and rows below the image land in the scratch and are dropped. */

struct LjRaw
{
  struct jpeg_decompress_struct d;
  LjErr e;
  LjBand band;
};

static void
lj_raw_free (struct LjRaw *raw)
{
  if (!raw)
    return;
  jpeg_destroy_decompress (&raw->d);
  free (raw->band.data);
  free (raw);
}

static J_DCT_METHOD
lj_dct (B64JpegDct dct)
{
  switch (dct) {
    case B64_JPEG_DCT_IFAST:
      return JDCT_IFAST;
    case B64_JPEG_DCT_FLOAT:
      return JDCT_FLOAT;
    default:
      return JDCT_ISLOW;
  }
}

/* Points the rows of component @c's block row starting at its row @crow
 * into the plane or, where the blocks would spill or must be averaged
 * (@reduce > 1), into @band. */
static void
lj_raw_rows (const jpeg_component_info *comp, int reduce, uint8_t *plane,
    int stride, int crow, uint8_t *band, JSAMPROW *rows)
{
  int bw = lj_band_width (comp);
  int w = (int) comp->downsampled_width, h = (int) comp->downsampled_height;
  bool fits = stride >= bw && reduce == 1;

  for (int k = 0; k < lj_band_rows (comp); k++) {
    int r = crow + k;

    if (r < h && fits && (r < h - 1 || bw == w))
      rows[k] = plane + (size_t) r * stride;
    else
      rows[k] = band + (size_t) k * bw;
  }
}

static void
lj_raw_copy_back (const jpeg_component_info *comp, uint8_t *plane, int stride,
    int crow, const uint8_t *band, JSAMPROW *rows)
{
  int bw = lj_band_width (comp);
  int w = (int) comp->downsampled_width, h = (int) comp->downsampled_height;

  for (int k = 0; k < lj_band_rows (comp) && crow + k < h; k++)
    if (rows[k] == band + (size_t) k * bw)
      memcpy (plane + (size_t) (crow + k) * stride, rows[k], w);
}

/* Averages the component's rows from @crow in @band over @f x @f pixels
 * into plane row @crow / @f on: the mean of the pixels inside the
 * component (the block padding past its edges is left out). */
static void
lj_raw_reduce (const jpeg_component_info *comp, int f, uint8_t *plane,
    int stride, int crow, const uint8_t *band)
{
  int bw = lj_band_width (comp);
  int w = (int) comp->downsampled_width, h = (int) comp->downsampled_height;

  for (int k = 0; k < lj_band_rows (comp) && crow + k < h; k += f) {
    uint8_t *dst = plane + (size_t) ((crow + k) / f) * stride;
    int nr = h - crow - k < f ? h - crow - k : f;

    if (f == 2 && nr == 2) { /* 4:2:0, all but the last row: no division */
      const uint8_t *r0 = band + (size_t) k * bw, *r1 = r0 + bw;
      int x = 0;

      for (; 2 * x + 1 < w; x++)
        dst[x] = (uint8_t) ((r0[2 * x] + r0[2 * x + 1] + r1[2 * x]
                                + r1[2 * x + 1] + 2)
                            >> 2);
      if (2 * x < w)
        dst[x] = (uint8_t) ((r0[2 * x] + r1[2 * x] + 1) >> 1);
      continue;
    }
    for (int x = 0; x * f < w; x++) {
      int nc = w - x * f < f ? w - x * f : f;
      unsigned sum = 0, n = (unsigned) (nr * nc);

      for (int r = 0; r < nr; r++)
        for (int c = 0; c < nc; c++)
          sum += band[(size_t) (k + r) * bw + x * f + c];
      dst[x] = (uint8_t) ((sum + n / 2) / n);
    }
  }
}

/* YCbCr with a sampling TurboJPEG names (chroma 1x1, luma 1x1, 2x1, 2x2,
 * 1x2 or 4x1), or gray: what the caller can size planes for. */
static bool
lj_raw_named (const struct jpeg_decompress_struct *d)
{
  const jpeg_component_info *c = d->comp_info;
  int hv = c[0].h_samp_factor * 10 + c[0].v_samp_factor;

  if (d->jpeg_color_space == JCS_GRAYSCALE)
    return d->num_components == 1;
  if (d->jpeg_color_space != JCS_YCbCr || d->num_components != 3)
    return false;
  for (int i = 1; i < 3; i++)
    if (c[i].h_samp_factor != 1 || c[i].v_samp_factor != 1)
      return false;
  return hv == 11 || hv == 21 || hv == 22 || hv == 12 || hv == 41;
}

static bool
lj_raw_decode (B64Jpeg *j, const uint8_t *data, size_t size,
    uint8_t *const planes[3], const int strides[3])
{
  struct LjRaw *raw = j->raw;
  struct jpeg_decompress_struct *d = &raw->d;
  JSAMPROW rows[3][MAX_SAMP_FACTOR * DCTSIZE];
  JSAMPARRAY bufs[3] = { rows[0], rows[1], rows[2] };
  int band_rows, reduce[3] = { 1, 1, 1 };

  if (setjmp (raw->e.jump)) {
    jpeg_abort_decompress (d);
    return b64_error_set (
        &j->error, B64_JPEG_ERR_DECODE, "JPEG decoding: %s", raw->e.msg);
  }
  raw->e.msg[0] = '\0';
  jpeg_mem_src (d, data, (unsigned long) size);
  jpeg_read_header (d, TRUE);
  if (!lj_raw_named (d)) {
    jpeg_abort_decompress (d);
    return b64_error_set (&j->error, B64_JPEG_ERR_UNSUPPORTED,
        "JPEG decoding: no planes for this colour space or sampling");
  }
  d->raw_data_out = TRUE;
  d->dct_method = lj_dct (j->dct);
  d->scale_num = (unsigned) j->scale;
  d->scale_denom = 8;
  jpeg_start_decompress (d);
  if (!lj_band_fit (&raw->band, d->comp_info, d->num_components)) {
    jpeg_abort_decompress (d);
    return fail (j, B64_JPEG_ERR_NOMEM, NULL, "JPEG band");
  }
  band_rows = d->max_v_samp_factor * d->min_DCT_scaled_size;
  for (int c = 0; c < d->num_components; c++)
    reduce[c] = lj_block (&d->comp_info[c]) / d->min_DCT_scaled_size;
  while (d->output_scanline < d->output_height) {
    int iy = (int) d->output_scanline / band_rows; /* block row */

    for (int c = 0; c < d->num_components; c++) {
      const jpeg_component_info *comp = &d->comp_info[c];

      lj_raw_rows (comp, reduce[c], planes[c], strides[c],
          iy * lj_band_rows (comp), raw->band.comp[c], rows[c]);
    }
    jpeg_read_raw_data (d, bufs, band_rows);
    for (int c = 0; c < d->num_components; c++) {
      const jpeg_component_info *comp = &d->comp_info[c];
      int crow = iy * lj_band_rows (comp);

      if (reduce[c] > 1)
        lj_raw_reduce (
            comp, reduce[c], planes[c], strides[c], crow, raw->band.comp[c]);
      else
        lj_raw_copy_back (
            comp, planes[c], strides[c], crow, raw->band.comp[c], rows[c]);
    }
  }
  jpeg_finish_decompress (d);
  return true;
}

bool
b64_jpeg_decode_planes (B64Jpeg *j, const uint8_t *data, size_t size,
    uint8_t *const planes[3], const int strides[3])
{
  b64_error_clear (&j->error);
  if (!j->raw) {
    j->raw = calloc (1, sizeof (*j->raw));
    if (!j->raw)
      return fail (j, B64_JPEG_ERR_NOMEM, NULL, "JPEG decoder");
    /* created once: the decoder is reused from frame to frame */
    if (setjmp (j->raw->e.jump)) {
      free (j->raw);
      j->raw = NULL;
      return fail (j, B64_JPEG_ERR_NOMEM, NULL, "JPEG decoder");
    }
    lj_create (&j->raw->d, &j->raw->e);
  }
  return lj_raw_decode (j, data, size, planes, strides);
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
      return fail (j, B64_JPEG_ERR_NOMEM, NULL, "CMYK buffer");
    j->cmyk = p;
    j->cmyk_cap = need;
  }
  return true;
}

static int
decode_flags (const B64Jpeg *j)
{
  return DECODE_FLAGS | (j->dct == B64_JPEG_DCT_IFAST ? TJFLAG_FASTDCT : 0);
}

static bool
decode_cmyk (B64Jpeg *j, const uint8_t *data, size_t size, int width,
    int height, uint8_t *pixels, int stride, B64JpegPixel pf)
{
  if (!ensure_cmyk (j, (size_t) width * height * 4))
    return false;
  if (tjDecompress2 (j->dec, data, size, j->cmyk, width, width * 4, height,
          TJPF_CMYK, decode_flags (j))
      != 0)
    return fail (j, B64_JPEG_ERR_DECODE, j->dec, "JPEG decoding");
  cmyk_to_rgb (j->cmyk, width, height, has_adobe_marker (data, size), pixels,
      stride, pf);
  return true;
}

/* TurboJPEG takes the largest of its factors (n/8, n up to 16) that fits
 * the size it is given: true when that is not ours (tiny images, where a
 * larger factor gives the same size). */
static bool
tj_scale_ambiguous (int width, int height, int scale)
{
  int w = b64_jpeg_scaled (width, scale), h = b64_jpeg_scaled (height, scale);

  for (int n = scale + 1; n <= 16; n++)
    if (b64_jpeg_scaled (width, n) == w && b64_jpeg_scaled (height, n) == h)
      return true;
  return false;
}

bool
b64_jpeg_decode_packed (B64Jpeg *j, const uint8_t *data, size_t size,
    uint8_t *pixels, int stride, B64JpegPixel pf)
{
  B64JpegInfo info;
  int w, h;

  if (!b64_jpeg_read_header (j, data, size, &info))
    return false;
  /* TurboJPEG has no float IDCT */
  if (info.samp == B64_JPEG_SAMP_OTHER || j->dct == B64_JPEG_DCT_FLOAT
      || tj_scale_ambiguous (info.width, info.height, j->scale))
    return lj_decode_packed (j, data, size, &info, pixels, stride, pf);
  w = b64_jpeg_scaled (info.width, j->scale);
  h = b64_jpeg_scaled (info.height, j->scale);
  if ((info.colorspace == B64_JPEG_CS_CMYK
          || info.colorspace == B64_JPEG_CS_YCCK)
      && pf != B64_JPEG_PF_GRAY)
    return decode_cmyk (j, data, size, w, h, pixels, stride, pf);
  /* given the scaled size, TurboJPEG decodes at our factor */
  if (tjDecompress2 (
          j->dec, data, size, pixels, w, stride, h, (int) pf, decode_flags (j))
      != 0)
    return fail (j, B64_JPEG_ERR_DECODE, j->dec, "JPEG decoding");
  return true;
}
