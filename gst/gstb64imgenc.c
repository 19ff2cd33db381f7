/* b64img — raw video to base64 JPEG/PNG text
 * Copyright (C) 2026 The b64img authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

/**
 * SECTION:element-b64imgenc
 * @title: b64imgenc
 * @see_also: b64imgdec, jpegenc, pngenc
 *
 * Encodes each raw video frame as a JPEG (libjpeg-turbo) or PNG (libspng)
 * image and outputs it as base64 text, one frame per buffer. By default each
 * text ends with a newline, so a file, pipe or socket receives one frame per
 * line; with #GstB64ImgEnc:data-uri each line is a `data:` URI a browser
 * shows as it is.
 *
 * Limited-range YUV input is expanded to full range on the way in, since
 * JPEG (JFIF) is full-range BT.601: browsers, PIL and OpenCV show the colours
 * as they were. PNG is RGB: YUV input is converted to RGB for it.
 *
 * ## Example launch lines
 * |[
 * gst-launch-1.0 -q v4l2src ! videoconvert ! b64imgenc quality=80 ! fdsink
 * ]| Camera frames as base64 JPEG lines on standard output.
 * |[
 * gst-launch-1.0 videotestsrc num-buffers=10 ! b64imgenc data-uri=true ! \
 *     filesink location=frames.txt
 * ]| Ten frames as data URIs, one per line.
 * |[
 * gst-launch-1.0 videotestsrc num-buffers=1 ! video/x-raw,format=RGBA ! \
 *     b64imgenc image-format=png ! filesink location=frame.b64
 * ]| One lossless RGBA frame as base64 PNG.
 */

#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include "gstb64imgenc.h"
#include "gstb64imgformats.h"
#include "gstb64imgworkers.h"
#include "b64codec.h"
#include "b64jpeg.h"
#if HAVE_SPNG
#include "b64png.h"
#endif

#include <string.h>

GST_DEBUG_CATEGORY_STATIC (gst_b64img_enc_debug);
#define GST_CAT_DEFAULT gst_b64img_enc_debug

#define DEFAULT_IMAGE_FORMAT GST_B64IMG_IMAGE_FORMAT_JPEG
#define DEFAULT_QUALITY      85
#define DEFAULT_CHROMA       GST_B64IMG_CHROMA_AUTO
#define DEFAULT_PNG_LEVEL    6
#define DEFAULT_DATA_URI     FALSE
#define DEFAULT_ALPHABET     GST_B64IMG_ALPHABET_STANDARD
#define DEFAULT_PADDING      TRUE
#define DEFAULT_NEWLINE      TRUE
/* One frame in, one frame out, on the streaming thread (like jpegenc): no
 * extra threads and no latency unless asked for. */
#define DEFAULT_THREADS 1
#define MAX_THREADS     64

/* Text buffers of a pool are this much bigger than the text that made the
 * pool (1/8, rounded up to 64 KiB), so that a slightly bigger frame fits.
 * Only the pages a text touches become resident, so the headroom costs
 * address space, not RSS. */
#define POOL_ROUND 65536
/* Buffers one pool keeps: the frames in flight plus a couple downstream. A
 * downstream that holds more gets plainly allocated ones, freed as they
 * come back, so that a burst does not leave the pool big for good. */
#define POOL_EXTRA 2

enum
{
  PROP_0,
  PROP_IMAGE_FORMAT,
  PROP_QUALITY,
  PROP_CHROMA,
  PROP_PNG_LEVEL,
  PROP_DATA_URI,
  PROP_ALPHABET,
  PROP_PADDING,
  PROP_NEWLINE,
  PROP_THREADS,
};

/* How a negotiated input format reaches the image encoder. */
typedef enum
{
  PATH_JPEG_PACKED, /* tjCompress2 straight from the frame */
  PATH_JPEG_PLANES, /* tjCompressFromYUVPlanes */
  PATH_PNG,
} EncodePath;

/* Scratch state of one encoding thread, reused from frame to frame. */
typedef struct
{
  B64Jpeg *jpeg;
  GstVideoConverter *convert; /* layout change, when one is needed */
  GstBuffer *convert_buf;
#if HAVE_SPNG
  guint8 *png;
  gsize png_cap;
#endif
} EncCtx;

typedef enum
{
  ENC_OK,
  ENC_MAP_FAILED,
  ENC_ENCODE_FAILED,
  ENC_ALLOC_FAILED,
} EncResult;

/* One frame on its way: ctx[i] belongs to jobs[i]. */
typedef struct
{
  EncCtx *ctx;
  GstVideoCodecFrame *frame;
  gint quality; /* properties when the frame came in */
  gint png_level;
  GstAllocator *allocator; /* downstream's, for the text */
  GstAllocationParams params;
  EncResult result;
  GstBuffer *text;
  gsize size; /* of the image, for error messages */
} EncJob;

struct _GstB64ImgEnc
{
  GstVideoEncoder parent;

  /* properties; PROP_QUALITY may change while playing */
  GstB64ImgImageFormat image_format;
  gint quality;
  GstB64ImgChroma chroma;
  gint png_level;
  gboolean data_uri;
  GstB64ImgAlphabet alphabet;
  gboolean padding;
  gboolean newline;
  gint threads;

  /* negotiated */
  GstVideoCodecState *input_state;
  EncodePath path;
  B64JpegPixel pixel;
  B64JpegSamp samp;
  gboolean expand_range; /* limited-range YUV to full range */
  gboolean convert;      /* through each context's converter */
  GstVideoInfo convert_info;
#if HAVE_SPNG
  gint png_format; /* B64PngFormat */
#endif

  /* one context and job per thread; workers only when threads > 1 */
  guint n_ctx;
  EncCtx *ctx;
  EncJob *jobs;
  GstB64ImgWorkers *workers;

  /* recycled text buffers, shared by the workers: pool_lock guards the
   * pointer and what the pool was made with, not the pool's use */
  GMutex pool_lock;
  GstBufferPool *pool;
  guint pool_size; /* bytes per buffer */
  GstAllocator *pool_allocator;
  GstAllocationParams pool_params;
};

#define gst_b64img_enc_parent_class parent_class
G_DEFINE_TYPE (GstB64ImgEnc, gst_b64img_enc, GST_TYPE_VIDEO_ENCODER);
GST_ELEMENT_REGISTER_DEFINE (
    b64imgenc, "b64imgenc", GST_RANK_NONE, GST_TYPE_B64IMG_ENC);

static GstStaticPadTemplate sink_template = GST_STATIC_PAD_TEMPLATE ("sink",
    GST_PAD_SINK, GST_PAD_ALWAYS,
    /* no framerate required: appsrc users often leave it out */
    GST_STATIC_CAPS (
        "video/x-raw, format = (string) " GST_B64IMG_VIDEO_FORMATS
        ", width = " GST_VIDEO_SIZE_RANGE ", height = " GST_VIDEO_SIZE_RANGE));

static GstStaticPadTemplate src_template = GST_STATIC_PAD_TEMPLATE ("src",
    GST_PAD_SRC, GST_PAD_ALWAYS,
    GST_STATIC_CAPS ("image/x-base64, framed = (boolean) true, "
                     "payload = (string) { image/jpeg, image/png }, "
                     "alphabet = (string) { standard, url }, "
                     "width = (int) [ 1, 65535 ], height = (int) [ 1, 65535 ], "
                     "framerate = (fraction) [ 0/1, MAX ]"));

/* ---- enums --------------------------------------------------------------- */

#define GST_TYPE_B64IMG_IMAGE_FORMAT (gst_b64img_image_format_get_type ())
static GType
gst_b64img_image_format_get_type (void)
{
  static GType type = 0;
  static const GEnumValue values[] = {
    { GST_B64IMG_IMAGE_FORMAT_JPEG, "JPEG (lossy, libjpeg-turbo)", "jpeg" },
#if HAVE_SPNG
    { GST_B64IMG_IMAGE_FORMAT_PNG, "PNG (lossless, keeps alpha)", "png" },
#endif
    { 0, NULL, NULL },
  };

  if (g_once_init_enter (&type))
    g_once_init_leave (
        &type, g_enum_register_static ("GstB64ImgImageFormat", values));
  return type;
}

#define GST_TYPE_B64IMG_CHROMA (gst_b64img_chroma_get_type ())
static GType
gst_b64img_chroma_get_type (void)
{
  static GType type = 0;
  static const GEnumValue values[] = {
    { GST_B64IMG_CHROMA_AUTO, "Keep planar YUV input's sampling, 4:2:0 for RGB",
        "auto" },
    { GST_B64IMG_CHROMA_420, "4:2:0", "420" },
    { GST_B64IMG_CHROMA_422, "4:2:2", "422" },
    { GST_B64IMG_CHROMA_444, "4:4:4 (no subsampling)", "444" },
    { GST_B64IMG_CHROMA_GRAY, "Grayscale (luma only)", "gray" },
    { 0, NULL, NULL },
  };

  if (g_once_init_enter (&type))
    g_once_init_leave (
        &type, g_enum_register_static ("GstB64ImgChroma", values));
  return type;
}

#define GST_TYPE_B64IMG_ALPHABET (gst_b64img_alphabet_get_type ())
static GType
gst_b64img_alphabet_get_type (void)
{
  static GType type = 0;
  static const GEnumValue values[] = {
    { GST_B64IMG_ALPHABET_STANDARD, "Standard, + and / (RFC 4648 section 4)",
        "standard" },
    { GST_B64IMG_ALPHABET_URL,
        "URL and file name safe, - and _ "
        "(RFC 4648 section 5)",
        "url" },
    { 0, NULL, NULL },
  };

  if (g_once_init_enter (&type))
    g_once_init_leave (
        &type, g_enum_register_static ("GstB64ImgAlphabet", values));
  return type;
}

/* ---- text buffers -------------------------------------------------------- */

static void
clear_pool (GstB64ImgEnc *self)
{
  GstBufferPool *pool;

  g_mutex_lock (&self->pool_lock);
  pool = self->pool;
  self->pool = NULL;
  gst_clear_object (&self->pool_allocator);
  g_mutex_unlock (&self->pool_lock);
  if (pool) {
    /* its buffers still downstream are freed as they come back */
    gst_buffer_pool_set_active (pool, FALSE);
    gst_object_unref (pool);
  }
}

static gboolean
same_params (const GstAllocationParams *a, const GstAllocationParams *b)
{
  return a->flags == b->flags && a->align == b->align && a->prefix == b->prefix
         && a->padding == b->padding;
}

/* Makes self->pool for texts of @size bytes with @job's allocator; pool_lock
 * held. Allocates nothing yet. */
static void
new_pool (GstB64ImgEnc *self, EncJob *job, gsize size)
{
  GstBufferPool *pool = gst_buffer_pool_new ();
  GstStructure *config = gst_buffer_pool_get_config (pool);
  guint bytes = GST_ROUND_UP_N (size + size / 8, POOL_ROUND);

  gst_buffer_pool_config_set_params (
      config, NULL, bytes, 0, 2 * self->n_ctx + POOL_EXTRA);
  gst_buffer_pool_config_set_allocator (config, job->allocator, &job->params);
  if (!gst_buffer_pool_set_config (pool, config)
      || !gst_buffer_pool_set_active (pool, TRUE)) {
    GST_INFO_OBJECT (self, "no pool of %u-byte buffers", bytes);
    gst_object_unref (pool);
    return;
  }
  GST_DEBUG_OBJECT (self, "pool of %u-byte buffers", bytes);
  self->pool = pool;
  self->pool_size = bytes;
  self->pool_allocator
      = job->allocator ? gst_object_ref (job->allocator) : NULL;
  self->pool_params = job->params;
}

/* A buffer of exactly @size bytes for a text; on any thread. Fresh
 * multi-megabyte allocations are mmapped by glibc and page-fault as the
 * text is written, frame after frame: pooled buffers are not. A pool is
 * replaced by a bigger one when a text does not fit, or when downstream's
 * allocator changed. */
static GstBuffer *
text_buffer (GstB64ImgEnc *self, EncJob *job, gsize size)
{
  GstBufferPoolAcquireParams acquire = {
    .flags = GST_BUFFER_POOL_ACQUIRE_FLAG_DONTWAIT,
  };
  GstBufferPool *pool = NULL, *old = NULL;
  GstBuffer *buf = NULL;

  g_mutex_lock (&self->pool_lock);
  if (self->pool
      && (size > self->pool_size || self->pool_allocator != job->allocator
          || !same_params (&self->pool_params, &job->params))) {
    old = self->pool;
    self->pool = NULL;
    gst_clear_object (&self->pool_allocator);
  }
  /* (a pool's buffer size is a guint) */
  if (!self->pool && size <= G_MAXUINT / 2)
    new_pool (self, job, size);
  if (self->pool)
    pool = gst_object_ref (self->pool);
  g_mutex_unlock (&self->pool_lock);

  if (old) {
    gst_buffer_pool_set_active (old, FALSE);
    gst_object_unref (old);
  }
  if (pool) {
    /* fails when the pool's buffers are all downstream, or when another
     * thread has just replaced it */
    if (gst_buffer_pool_acquire_buffer (pool, &buf, &acquire) == GST_FLOW_OK)
      gst_buffer_set_size (buf, size); /* the pool restores it on release */
    gst_object_unref (pool);
  }
  if (!buf)
    buf = gst_buffer_new_allocate (job->allocator, size, &job->params);
  return buf;
}

/* ---- negotiation --------------------------------------------------------- */

static gboolean
is_png (GstB64ImgEnc *self)
{
  return self->image_format == GST_B64IMG_IMAGE_FORMAT_PNG;
}

static void
clear_convert (GstB64ImgEnc *self)
{
  for (guint i = 0; i < self->n_ctx; i++) {
    g_clear_pointer (&self->ctx[i].convert, gst_video_converter_free);
    gst_clear_buffer (&self->ctx[i].convert_buf);
  }
  self->convert = FALSE;
}

/* Sets up a converter from the input to @format. @keep_colour keeps the
 * input's colorimetry: a YUV layout change only. (GstVideoConverter's YUV
 * fast paths ignore a change of range, so expansion happens later.) */
static gboolean
setup_convert (GstB64ImgEnc *self, const GstVideoInfo *in,
    GstVideoFormat format, gboolean keep_colour)
{
  GstVideoInfo *out = &self->convert_info;

  gst_video_info_set_format (out, format, in->width, in->height);
  out->fps_n = in->fps_n;
  out->fps_d = in->fps_d;
  out->par_n = in->par_n;
  out->par_d = in->par_d;
  if (keep_colour) {
    out->colorimetry = in->colorimetry;
  }
  out->chroma_site = in->chroma_site;
  self->convert = TRUE;
  /* converters are not thread-safe: one per context */
  for (guint i = 0; i < self->n_ctx; i++) {
    EncCtx *ctx = &self->ctx[i];

    ctx->convert = gst_video_converter_new ((GstVideoInfo *) in, out,
        gst_structure_new ("options", GST_VIDEO_CONVERTER_OPT_DITHER_METHOD,
            GST_TYPE_VIDEO_DITHER_METHOD, GST_VIDEO_DITHER_NONE, NULL));
    if (!ctx->convert)
      return FALSE;
    ctx->convert_buf = gst_buffer_new_allocate (NULL, out->size, NULL);
    if (!ctx->convert_buf)
      return FALSE;
  }
  return TRUE;
}

static gboolean
is_limited_range (const GstVideoInfo *info)
{
  /* GStreamer's default for YUV is limited range */
  return GST_VIDEO_INFO_IS_YUV (info)
         && info->colorimetry.range != GST_VIDEO_COLOR_RANGE_0_255;
}

static B64JpegSamp
chroma_to_samp (GstB64ImgChroma chroma)
{
  switch (chroma) {
    case GST_B64IMG_CHROMA_422:
      return B64_JPEG_SAMP_422;
    case GST_B64IMG_CHROMA_444:
      return B64_JPEG_SAMP_444;
    case GST_B64IMG_CHROMA_GRAY:
      return B64_JPEG_SAMP_GRAY;
    default:
      return B64_JPEG_SAMP_420;
  }
}

static gboolean
plan_jpeg (GstB64ImgEnc *self, const GstVideoInfo *in)
{
  GstVideoFormat format = GST_VIDEO_INFO_FORMAT (in), planar;
  B64JpegSamp native;

  if (gst_b64img_format_to_pixel (format, &self->pixel)) {
    self->path = PATH_JPEG_PACKED;
    self->samp = chroma_to_samp (self->chroma);
    return TRUE;
  }

  self->path = PATH_JPEG_PLANES;
  self->expand_range = is_limited_range (in);
  if (gst_b64img_format_to_samp (format, &native))
    planar = format;
  else {
    planar = gst_b64img_planar_equivalent (format);
    gst_b64img_format_to_samp (planar, &native);
  }

  if (native == B64_JPEG_SAMP_GRAY || self->chroma == GST_B64IMG_CHROMA_GRAY)
    self->samp = B64_JPEG_SAMP_GRAY; /* the Y plane alone */
  else if (self->chroma == GST_B64IMG_CHROMA_AUTO)
    self->samp = native;
  else
    self->samp = chroma_to_samp (self->chroma);

  if (self->samp == B64_JPEG_SAMP_GRAY) {
    /* the Y plane alone: any planar or semi-planar input has one */
    if (GST_VIDEO_INFO_N_PLANES (in) > 1 || format == GST_VIDEO_FORMAT_GRAY8)
      return TRUE;
  } else if (self->samp != native) {
    planar = gst_b64img_samp_to_format (self->samp);
  }
  if (planar == format)
    return TRUE;
  return setup_convert (self, in, planar, TRUE);
}

#if HAVE_SPNG
static gboolean
plan_png (GstB64ImgEnc *self, const GstVideoInfo *in)
{
  GstVideoFormat format = GST_VIDEO_INFO_FORMAT (in);

  self->path = PATH_PNG;
  switch (format) {
    case GST_VIDEO_FORMAT_GRAY8:
      self->png_format = B64_PNG_GRAY8;
      return TRUE;
    case GST_VIDEO_FORMAT_RGB:
      self->png_format = B64_PNG_RGB8;
      return TRUE;
    case GST_VIDEO_FORMAT_RGBA:
      self->png_format = B64_PNG_RGBA8;
      return TRUE;
    default:
      break;
  }
  /* alpha is kept, padding bytes are dropped, YUV becomes RGB */
  self->png_format
      = GST_VIDEO_INFO_HAS_ALPHA (in) ? B64_PNG_RGBA8 : B64_PNG_RGB8;
  return setup_convert (self, in,
      self->png_format == B64_PNG_RGBA8 ? GST_VIDEO_FORMAT_RGBA
                                        : GST_VIDEO_FORMAT_RGB,
      FALSE);
}
#endif

static void
set_latency (GstB64ImgEnc *self, const GstVideoInfo *info)
{
  GstClockTime latency = gst_b64img_workers_latency (self->n_ctx, info);

  gst_video_encoder_set_latency (GST_VIDEO_ENCODER (self), latency, latency);
}

static gboolean
gst_b64img_enc_set_format (GstVideoEncoder *encoder, GstVideoCodecState *state)
{
  GstB64ImgEnc *self = GST_B64IMG_ENC (encoder);
  GstVideoCodecState *out;
  GstCaps *caps;
  gboolean ok;

  /* the frames in flight use the contexts' converters */
  if (self->workers)
    gst_b64img_workers_drain (self->workers);
  clear_convert (self);
  /* texts of another size: a pool sized for a bigger picture would keep
   * its resident pages */
  clear_pool (self);
#if HAVE_SPNG
  ok = is_png (self) ? plan_png (self, &state->info)
                     : plan_jpeg (self, &state->info);
#else
  ok = plan_jpeg (self, &state->info);
#endif
  if (!ok) {
    GST_ERROR_OBJECT (self, "cannot convert %" GST_PTR_FORMAT, state->caps);
    return FALSE;
  }
  GST_DEBUG_OBJECT (self, "path %d samp %d expand %d convert %d", self->path,
      self->samp, self->expand_range, self->convert);

  if (self->input_state)
    gst_video_codec_state_unref (self->input_state);
  self->input_state = gst_video_codec_state_ref (state);

  caps = gst_caps_new_simple ("image/x-base64", "framed", G_TYPE_BOOLEAN, TRUE,
      "payload", G_TYPE_STRING, is_png (self) ? "image/png" : "image/jpeg",
      "alphabet", G_TYPE_STRING,
      self->alphabet == GST_B64IMG_ALPHABET_URL ? "url" : "standard", NULL);
  out = gst_video_encoder_set_output_state (encoder, caps, state);
  /* the caps describe what is inside: full-range JFIF or sRGB, not the
   * input's colours */
  if (is_png (self)) {
    gst_video_colorimetry_from_string (&out->info.colorimetry, "sRGB");
    out->info.chroma_site = GST_VIDEO_CHROMA_SITE_UNKNOWN;
  } else {
    out->info.colorimetry.range = GST_VIDEO_COLOR_RANGE_0_255;
    out->info.colorimetry.matrix = GST_VIDEO_COLOR_MATRIX_BT601;
    out->info.colorimetry.transfer = GST_VIDEO_TRANSFER_UNKNOWN;
    out->info.colorimetry.primaries = GST_VIDEO_COLOR_PRIMARIES_UNKNOWN;
    out->info.chroma_site = GST_VIDEO_CHROMA_SITE_JPEG;
  }
  gst_video_codec_state_unref (out);
  if (self->workers)
    set_latency (self, &state->info);
  return gst_video_encoder_negotiate (encoder);
}

static gboolean
gst_b64img_enc_propose_allocation (GstVideoEncoder *encoder, GstQuery *query)
{
  gst_query_add_allocation_meta (query, GST_VIDEO_META_API_TYPE, NULL);
  return GST_VIDEO_ENCODER_CLASS (parent_class)
      ->propose_allocation (encoder, query);
}

/* ---- encoding ------------------------------------------------------------ */

/* Limited-range input is expanded one block row at a time, as the JPEG
 * encoder asks for it: no whole-frame copy, and the band stays in cache. */
static void
fill_expanded (
    void *user, int comp, int y, int rows, uint8_t *dst, int dst_stride)
{
  GstVideoFrame *f = user;
  gint cw = GST_VIDEO_FRAME_COMP_WIDTH (f, comp);
  gint stride = GST_VIDEO_FRAME_COMP_STRIDE (f, comp);
  const guint8 *src = GST_VIDEO_FRAME_COMP_DATA (f, comp);

  gst_b64img_copy_plane (src + (gsize) y * stride, stride, cw, rows, dst,
      dst_stride, cw, rows, comp == 0, TRUE);
}

/* Components, not planes: YV12 works. */
static gboolean
encode_planes (GstB64ImgEnc *self, EncJob *job, GstVideoFrame *f,
    const guint8 **jpeg, gsize *size)
{
  const guint8 *planes[3] = { NULL, NULL, NULL };
  gint strides[3] = { 0, 0, 0 };
  guint n = self->samp == B64_JPEG_SAMP_GRAY ? 1 : 3;

  for (guint c = 0; c < n; c++) {
    planes[c] = GST_VIDEO_FRAME_COMP_DATA (f, c);
    strides[c] = GST_VIDEO_FRAME_COMP_STRIDE (f, c);
  }
  return b64_jpeg_encode_planes (job->ctx->jpeg, planes, strides,
      self->expand_range ? fill_expanded : NULL, f, GST_VIDEO_FRAME_WIDTH (f),
      GST_VIDEO_FRAME_HEIGHT (f), self->samp, job->quality, jpeg, size);
}

static gboolean
encode_image (GstB64ImgEnc *self, EncJob *job, GstVideoFrame *f,
    const guint8 **data, gsize *size)
{
  EncCtx *ctx = job->ctx;

  switch (self->path) {
    case PATH_JPEG_PACKED:
      return b64_jpeg_encode_packed (ctx->jpeg,
          GST_VIDEO_FRAME_PLANE_DATA (f, 0),
          GST_VIDEO_FRAME_PLANE_STRIDE (f, 0), GST_VIDEO_FRAME_WIDTH (f),
          GST_VIDEO_FRAME_HEIGHT (f), self->pixel, self->samp, job->quality,
          data, size);
    case PATH_JPEG_PLANES:
      return encode_planes (self, job, f, data, size);
#if HAVE_SPNG
    case PATH_PNG: {
      char err[256];
      gsize len;

      if (!b64_png_encode (GST_VIDEO_FRAME_PLANE_DATA (f, 0),
              GST_VIDEO_FRAME_PLANE_STRIDE (f, 0), GST_VIDEO_FRAME_WIDTH (f),
              GST_VIDEO_FRAME_HEIGHT (f), self->png_format, job->png_level,
              &ctx->png, &len, &ctx->png_cap, err, sizeof (err))) {
        GST_WARNING_OBJECT (self, "PNG: %s", err);
        return FALSE;
      }
      *data = ctx->png;
      *size = len;
      return TRUE;
    }
#endif
    default:
      return FALSE;
  }
}

static const gchar *
text_prefix (GstB64ImgEnc *self)
{
  if (!self->data_uri)
    return "";
  return is_png (self) ? "data:image/png;base64," : "data:image/jpeg;base64,";
}

/* One buffer of exactly the text's size; the base64 is written straight
 * into it. */
static GstBuffer *
make_text (GstB64ImgEnc *self, EncJob *job, const guint8 *data, gsize size)
{
  const gchar *prefix = text_prefix (self);
  gsize plen = strlen (prefix);
  gsize blen = b64_encoded_size (size, self->padding);
  gsize total = plen + blen + (self->newline ? 1 : 0);
  GstBuffer *buf;
  GstMapInfo map;

  buf = text_buffer (self, job, total);
  if (!buf || !gst_buffer_map (buf, &map, GST_MAP_WRITE)) {
    gst_clear_buffer (&buf);
    return NULL;
  }
  memcpy (map.data, prefix, plen);
  b64_encode (data, size, (char *) map.data + plen,
      self->alphabet == GST_B64IMG_ALPHABET_URL ? B64_ALPHABET_URL
                                                : B64_ALPHABET_STANDARD,
      self->padding);
  if (self->newline)
    map.data[total - 1] = '\n';
  gst_buffer_unmap (buf, &map);
  return buf;
}

/* Encodes job->frame into job->text; on any thread. */
static void
encode_job (GstB64ImgEnc *self, EncJob *job)
{
  EncCtx *ctx = job->ctx;
  GstVideoFrame in, conv, *src = &in;
  const guint8 *data = NULL;
  gboolean ok;

  job->size = 0;
  if (!gst_video_frame_map (&in, &self->input_state->info,
          job->frame->input_buffer, GST_MAP_READ)) {
    job->result = ENC_MAP_FAILED;
    return;
  }
  if (ctx->convert) {
    if (!gst_video_frame_map (
            &conv, &self->convert_info, ctx->convert_buf, GST_MAP_WRITE)) {
      gst_video_frame_unmap (&in);
      job->result = ENC_MAP_FAILED;
      return;
    }
    gst_video_converter_frame (ctx->convert, &in, &conv);
    src = &conv;
  }

  ok = encode_image (self, job, src, &data, &job->size);

  if (ctx->convert)
    gst_video_frame_unmap (&conv);
  gst_video_frame_unmap (&in);
  if (!ok) {
    job->result = ENC_ENCODE_FAILED;
    return;
  }
  job->text = make_text (self, job, data, job->size);
  job->result = job->text ? ENC_OK : ENC_ALLOC_FAILED;
}

/* Hands the frame of a finished job to the base class; STREAM lock held. */
static GstFlowReturn
complete_job (GstB64ImgEnc *self, EncJob *job)
{
  GstVideoEncoder *encoder = GST_VIDEO_ENCODER (self);
  GstVideoCodecFrame *frame = job->frame;

  job->frame = NULL;
  switch (job->result) {
    case ENC_OK:
      frame->output_buffer = job->text;
      job->text = NULL;
      GST_VIDEO_CODEC_FRAME_SET_SYNC_POINT (frame);
      return gst_video_encoder_finish_frame (encoder, frame);
    case ENC_MAP_FAILED:
      GST_ELEMENT_ERROR (
          self, STREAM, FORMAT, (NULL), ("Could not map the input frame"));
      break;
    case ENC_ENCODE_FAILED:
      GST_ELEMENT_ERROR (self, STREAM, ENCODE, ("Could not encode the image"),
          ("%s", is_png (self) ? "libspng failed"
                               : b64_jpeg_error (job->ctx->jpeg)));
      break;
    case ENC_ALLOC_FAILED:
      GST_ELEMENT_ERROR (self, RESOURCE, NO_SPACE_LEFT, (NULL),
          ("Could not allocate %" G_GSIZE_FORMAT " bytes of text",
              b64_encoded_size (job->size, self->padding)));
      break;
  }
  gst_video_encoder_finish_frame (encoder, frame);
  return GST_FLOW_ERROR;
}

/* quality may change while playing: each frame takes the current one.
 * So does it downstream's allocator: workers must not ask the base class,
 * which would take the STREAM lock. STREAM lock held. */
static void
take_settings (GstB64ImgEnc *self, EncJob *job)
{
  GST_OBJECT_LOCK (self);
  job->quality = self->quality;
  job->png_level = self->png_level;
  GST_OBJECT_UNLOCK (self);
  gst_video_encoder_get_allocator (
      GST_VIDEO_ENCODER (self), &job->allocator, &job->params);
}

static void
work_job (gpointer job, gpointer user_data)
{
  encode_job (GST_B64IMG_ENC (user_data), job);
}

static GstFlowReturn
finish_job (gpointer data, gboolean discard, gpointer user_data)
{
  EncJob *job = data;

  gst_clear_object (&job->allocator);
  if (!discard)
    return complete_job (GST_B64IMG_ENC (user_data), job);
  gst_clear_buffer (&job->text);
  g_clear_pointer (&job->frame, gst_video_codec_frame_unref);
  return GST_FLOW_OK;
}

/* Queues the frame for a worker; returns at once unless threads frames are
 * in flight already. A flow error met while finishing earlier frames is
 * returned here. */
static GstFlowReturn
handle_frame_threaded (GstB64ImgEnc *self, GstVideoCodecFrame *frame)
{
  gint slot = gst_b64img_workers_acquire (self->workers);
  EncJob *job;

  if (slot < 0) {
    gst_video_codec_frame_unref (frame);
    return GST_FLOW_FLUSHING;
  }
  job = &self->jobs[slot];
  job->frame = frame;
  take_settings (self, job);
  gst_b64img_workers_submit (self->workers, slot, job, TRUE);
  return gst_b64img_workers_take_flow (self->workers);
}

static GstFlowReturn
gst_b64img_enc_handle_frame (
    GstVideoEncoder *encoder, GstVideoCodecFrame *frame)
{
  GstB64ImgEnc *self = GST_B64IMG_ENC (encoder);
  EncJob *job = &self->jobs[0];

  if (!self->input_state) {
    gst_video_encoder_finish_frame (encoder, frame);
    return GST_FLOW_NOT_NEGOTIATED;
  }
  if (self->workers)
    return handle_frame_threaded (self, frame);

  job->frame = frame;
  take_settings (self, job);
  encode_job (self, job);
  gst_clear_object (&job->allocator);
  return complete_job (self, job);
}

/* EOS: every frame in flight goes out before the EOS event. */
static GstFlowReturn
gst_b64img_enc_finish (GstVideoEncoder *encoder)
{
  GstB64ImgEnc *self = GST_B64IMG_ENC (encoder);

  if (!self->workers)
    return GST_FLOW_OK;
  gst_b64img_workers_drain (self->workers);
  return gst_b64img_workers_take_flow (self->workers);
}

/* FLUSH_STOP: the frames in flight are dropped, not pushed. */
static gboolean
gst_b64img_enc_flush (GstVideoEncoder *encoder)
{
  GstB64ImgEnc *self = GST_B64IMG_ENC (encoder);

  if (self->workers)
    gst_b64img_workers_flush (self->workers);
  return TRUE;
}

/* ---- life cycle ---------------------------------------------------------- */

static gboolean
gst_b64img_enc_stop (GstVideoEncoder *encoder)
{
  GstB64ImgEnc *self = GST_B64IMG_ENC (encoder);

  /* drops whatever is still in flight */
  g_clear_pointer (&self->workers, gst_b64img_workers_free);
  clear_convert (self);
  clear_pool (self);
  g_clear_pointer (&self->input_state, gst_video_codec_state_unref);
  for (guint i = 0; i < self->n_ctx; i++) {
    EncCtx *ctx = &self->ctx[i];

    g_clear_pointer (&ctx->jpeg, b64_jpeg_free);
#if HAVE_SPNG
    free (ctx->png);
#endif
  }
  g_clear_pointer (&self->ctx, g_free);
  g_clear_pointer (&self->jobs, g_free);
  self->n_ctx = 0;
  return TRUE;
}

static gboolean
gst_b64img_enc_start (GstVideoEncoder *encoder)
{
  GstB64ImgEnc *self = GST_B64IMG_ENC (encoder);
  gint threads;

  GST_OBJECT_LOCK (self);
  threads = self->threads;
  GST_OBJECT_UNLOCK (self);
  self->n_ctx = gst_b64img_workers_count (threads);
  self->ctx = g_new0 (EncCtx, self->n_ctx);
  self->jobs = g_new0 (EncJob, self->n_ctx);
  for (guint i = 0; i < self->n_ctx; i++) {
    self->jobs[i].ctx = &self->ctx[i];
    self->ctx[i].jpeg = b64_jpeg_new ();
    if (!self->ctx[i].jpeg)
      goto failed;
  }
  if (self->n_ctx == 1)
    return TRUE;
  self->workers = gst_b64img_workers_new (GST_ELEMENT (self), self->n_ctx,
      &encoder->stream_lock, work_job, finish_job, self);
  if (!self->workers)
    goto failed;
  GST_DEBUG_OBJECT (self, "%u threads", self->n_ctx);
  return TRUE;

failed:
  gst_b64img_enc_stop (encoder);
  return FALSE;
}

/* Before the pads are deactivated: a streaming thread waiting for a
 * worker must not keep them waiting. */
static GstStateChangeReturn
gst_b64img_enc_change_state (GstElement *element, GstStateChange transition)
{
  GstB64ImgEnc *self = GST_B64IMG_ENC (element);

  if (transition == GST_STATE_CHANGE_PAUSED_TO_READY && self->workers)
    gst_b64img_workers_start_flush (self->workers);
  return GST_ELEMENT_CLASS (parent_class)->change_state (element, transition);
}

static void
gst_b64img_enc_set_property (
    GObject *object, guint prop_id, const GValue *value, GParamSpec *pspec)
{
  GstB64ImgEnc *self = GST_B64IMG_ENC (object);

  GST_OBJECT_LOCK (self);
  switch (prop_id) {
    case PROP_IMAGE_FORMAT:
      self->image_format = g_value_get_enum (value);
      break;
    case PROP_QUALITY:
      self->quality = g_value_get_int (value);
      break;
    case PROP_CHROMA:
      self->chroma = g_value_get_enum (value);
      break;
    case PROP_PNG_LEVEL:
      self->png_level = g_value_get_int (value);
      break;
    case PROP_DATA_URI:
      self->data_uri = g_value_get_boolean (value);
      break;
    case PROP_ALPHABET:
      self->alphabet = g_value_get_enum (value);
      break;
    case PROP_PADDING:
      self->padding = g_value_get_boolean (value);
      break;
    case PROP_NEWLINE:
      self->newline = g_value_get_boolean (value);
      break;
    case PROP_THREADS:
      self->threads = g_value_get_int (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
      break;
  }
  GST_OBJECT_UNLOCK (self);
}

static void
gst_b64img_enc_get_property (
    GObject *object, guint prop_id, GValue *value, GParamSpec *pspec)
{
  GstB64ImgEnc *self = GST_B64IMG_ENC (object);

  GST_OBJECT_LOCK (self);
  switch (prop_id) {
    case PROP_IMAGE_FORMAT:
      g_value_set_enum (value, self->image_format);
      break;
    case PROP_QUALITY:
      g_value_set_int (value, self->quality);
      break;
    case PROP_CHROMA:
      g_value_set_enum (value, self->chroma);
      break;
    case PROP_PNG_LEVEL:
      g_value_set_int (value, self->png_level);
      break;
    case PROP_DATA_URI:
      g_value_set_boolean (value, self->data_uri);
      break;
    case PROP_ALPHABET:
      g_value_set_enum (value, self->alphabet);
      break;
    case PROP_PADDING:
      g_value_set_boolean (value, self->padding);
      break;
    case PROP_NEWLINE:
      g_value_set_boolean (value, self->newline);
      break;
    case PROP_THREADS:
      g_value_set_int (value, self->threads);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
      break;
  }
  GST_OBJECT_UNLOCK (self);
}

static void
gst_b64img_enc_init (GstB64ImgEnc *self)
{
  self->image_format = DEFAULT_IMAGE_FORMAT;
  self->quality = DEFAULT_QUALITY;
  self->chroma = DEFAULT_CHROMA;
  self->png_level = DEFAULT_PNG_LEVEL;
  self->data_uri = DEFAULT_DATA_URI;
  self->alphabet = DEFAULT_ALPHABET;
  self->padding = DEFAULT_PADDING;
  self->newline = DEFAULT_NEWLINE;
  self->threads = DEFAULT_THREADS;
  g_mutex_init (&self->pool_lock);
  GST_PAD_SET_ACCEPT_TEMPLATE (GST_VIDEO_ENCODER_SINK_PAD (self));
}

static void
gst_b64img_enc_finalize (GObject *object)
{
  GstB64ImgEnc *self = GST_B64IMG_ENC (object);

  g_mutex_clear (&self->pool_lock);
  G_OBJECT_CLASS (parent_class)->finalize (object);
}

static void
gst_b64img_enc_class_init (GstB64ImgEncClass *klass)
{
  GObjectClass *gobject_class = G_OBJECT_CLASS (klass);
  GstElementClass *element_class = GST_ELEMENT_CLASS (klass);
  GstVideoEncoderClass *venc_class = GST_VIDEO_ENCODER_CLASS (klass);
  const GParamFlags rw = G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS;
  const GParamFlags ready = rw | GST_PARAM_MUTABLE_READY;

  gobject_class->set_property = gst_b64img_enc_set_property;
  gobject_class->get_property = gst_b64img_enc_get_property;
  gobject_class->finalize = gst_b64img_enc_finalize;
  element_class->change_state = GST_DEBUG_FUNCPTR (gst_b64img_enc_change_state);

  g_object_class_install_property (gobject_class, PROP_IMAGE_FORMAT,
      g_param_spec_enum ("image-format", "Image format",
          "Image format inside the base64 text", GST_TYPE_B64IMG_IMAGE_FORMAT,
          DEFAULT_IMAGE_FORMAT, ready));
  g_object_class_install_property (gobject_class, PROP_QUALITY,
      g_param_spec_int ("quality", "Quality", "JPEG quality", 1, 100,
          DEFAULT_QUALITY, rw | GST_PARAM_MUTABLE_PLAYING));
  g_object_class_install_property (gobject_class, PROP_CHROMA,
      g_param_spec_enum ("chroma", "Chroma subsampling",
          "JPEG chroma subsampling", GST_TYPE_B64IMG_CHROMA, DEFAULT_CHROMA,
          ready));
  g_object_class_install_property (gobject_class, PROP_PNG_LEVEL,
      g_param_spec_int ("png-compression-level", "PNG compression level",
          "zlib compression level of PNG (0 = none, 9 = smallest)", 0, 9,
          DEFAULT_PNG_LEVEL, ready));
  g_object_class_install_property (gobject_class, PROP_DATA_URI,
      g_param_spec_boolean ("data-uri", "Data URI",
          "Prefix each frame with data:image/jpeg;base64, (or image/png)",
          DEFAULT_DATA_URI, ready));
  g_object_class_install_property (gobject_class, PROP_ALPHABET,
      g_param_spec_enum ("alphabet", "Alphabet", "base64 alphabet",
          GST_TYPE_B64IMG_ALPHABET, DEFAULT_ALPHABET, ready));
  g_object_class_install_property (gobject_class, PROP_PADDING,
      g_param_spec_boolean ("padding", "Padding",
          "End the base64 with = padding to a multiple of 4 characters",
          DEFAULT_PADDING, ready));
  g_object_class_install_property (gobject_class, PROP_NEWLINE,
      g_param_spec_boolean ("newline", "Newline",
          "End each frame's text with a line feed, one frame per line",
          DEFAULT_NEWLINE, ready));
  g_object_class_install_property (gobject_class, PROP_THREADS,
      g_param_spec_int ("threads", "Threads",
          "Frames encoded in parallel, each on a thread of its own (0 = one "
          "per CPU core). 1 encodes on the streaming thread, one frame in, "
          "one frame out; more adds threads - 1 frames of latency",
          0, MAX_THREADS, DEFAULT_THREADS, ready));

  gst_element_class_add_static_pad_template (element_class, &sink_template);
  gst_element_class_add_static_pad_template (element_class, &src_template);
  gst_element_class_set_static_metadata (element_class, "Base64 image encoder",
      "Codec/Encoder/Image",
      "Encodes raw video frames as base64 JPEG or PNG text",
      "The b64img authors");

  venc_class->start = gst_b64img_enc_start;
  venc_class->stop = gst_b64img_enc_stop;
  venc_class->set_format = gst_b64img_enc_set_format;
  venc_class->propose_allocation = gst_b64img_enc_propose_allocation;
  venc_class->handle_frame = gst_b64img_enc_handle_frame;
  venc_class->finish = gst_b64img_enc_finish;
  venc_class->flush = gst_b64img_enc_flush;

  GST_DEBUG_CATEGORY_INIT (
      gst_b64img_enc_debug, "b64imgenc", 0, "base64 image encoder");
  gst_type_mark_as_plugin_api (GST_TYPE_B64IMG_IMAGE_FORMAT, 0);
  gst_type_mark_as_plugin_api (GST_TYPE_B64IMG_CHROMA, 0);
  gst_type_mark_as_plugin_api (GST_TYPE_B64IMG_ALPHABET, 0);
}
