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
#include "gstb64imgerror.h"
#include "gstb64imgformats.h"
#include "gstb64imgworkers.h"
#include "b64codec.h"
#include "b64jpeg.h"
#include "b64depth.h"
#include "b64json.h"
#include "b64rangeexpand.h"
#if HAVE_SPNG
#include "b64png.h"
#endif

#include <string.h>

GST_DEBUG_CATEGORY_STATIC (gst_b64img_enc_debug);
#define GST_CAT_DEFAULT gst_b64img_enc_debug
GST_DEBUG_CATEGORY_EXTERN (GST_CAT_PERFORMANCE);

#define DEFAULT_IMAGE_FORMAT GST_B64IMG_IMAGE_FORMAT_JPEG
#define DEFAULT_QUALITY      85
#define DEFAULT_OPTIMIZE     FALSE
#define DEFAULT_CHROMA       GST_B64IMG_CHROMA_AUTO
#define DEFAULT_PNG_LEVEL    6
#define DEFAULT_SIG_BITS     0
#define DEFAULT_DATA_URI     FALSE
#define DEFAULT_ENVELOPE     GST_B64IMG_ENVELOPE_NONE
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
  PROP_SIGNIFICANT_BITS,
  PROP_DATA_URI,
  PROP_ALPHABET,
  PROP_PADDING,
  PROP_NEWLINE,
  PROP_THREADS,
  PROP_OPTIMIZE,
  PROP_ENVELOPE,
};

/* How a negotiated input format reaches the image encoder. */
typedef enum
{
  PATH_JPEG_PACKED, /* tjCompress2 straight from the frame */
  PATH_JPEG_PLANES, /* tjCompressFromYUVPlanes */
  PATH_PNG,
} EncodePath;

static const gchar *const path_names[]
    = { "packed JPEG", "planar JPEG", "PNG" };

/* What a frame is made with: the properties, copied under the object
 * lock when the frame comes in. A change of those the plan or the caps
 * depend on renegotiates before the frame (see renegotiate ()). */
typedef struct
{
  GstB64ImgImageFormat image_format; /* the caps' payload, the plan */
  gint quality;
  gboolean optimize;
  GstB64ImgChroma chroma; /* the plan */
  gint png_level;
  guint sig_bits;
  gboolean data_uri;
  GstB64ImgAlphabet alphabet; /* changes the caps from one frame on */
  gboolean padding;
  gboolean newline;
  GstB64ImgEnvelope envelope; /* changes the caps from one frame on */
  gint threads;               /* READY only */
} EncSettings;

/* How the negotiated input reaches the image encoder; set with the caps,
 * after a drain, and copied into each job. */
typedef struct
{
  EncodePath path;
  B64JpegPixel pixel;
  B64JpegSamp samp;
  gboolean expand_range; /* limited-range YUV to full range */
  gboolean convert;      /* through the job's converter first */
  gboolean depth;        /* 16-bit input through b64depth first */
  gboolean widen_411;    /* Y41B made Y42B before the converter */
  B64Depth16 depth_layout;
  GstVideoInfo in_info;
  GstVideoInfo convert_info; /* what the converter or b64depth writes */
#if HAVE_SPNG
  gint png_format; /* B64PngFormat */
#endif
} EncPlan;

typedef enum
{
  ENC_OK,
  ENC_MAP_FAILED,
  ENC_CONVERT_FAILED,
  ENC_ENCODE_FAILED,
  ENC_ALLOC_FAILED,
} EncResult;

/* One frame on its way, and the scratch state kept from frame to frame. */
typedef struct
{
  /* scratch */
  B64Jpeg *jpeg;
  GstVideoConverter *convert; /* layout change, when one is needed */
  GstVideoInfo convert_in;
  GstVideoInfo convert_out;
  GstBuffer *convert_buf; /* the converter's or b64depth's output */
  GstBuffer *widen_buf;   /* the Y42B frame of widen_411 */
#if HAVE_SPNG
  guint8 *png;
  gsize png_cap;
#endif
  B64Error png_error; /* why the last PNG encode failed */
  /* the frame */
  GstVideoCodecFrame *frame;
  EncSettings set;
  EncPlan plan;
  GstAllocator *allocator; /* downstream's, for the text */
  GstAllocationParams params;
  EncResult result;
  GstBuffer *text;
  gsize size; /* of the image, for error messages */
} EncJob;

struct _GstB64ImgEnc
{
  GstVideoEncoder parent;

  EncSettings props; /* object lock */

  /* negotiated, STREAM lock */
  GstVideoCodecState *input_state;
  EncPlan plan;
  EncSettings planned; /* what plan and output caps were made for */
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
        "video/x-raw, format = (string) " GST_B64IMG_ENC_FORMATS
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

#define GST_TYPE_B64IMG_ENVELOPE (gst_b64img_envelope_get_type ())
static GType
gst_b64img_envelope_get_type (void)
{
  static GType type = 0;
  static const GEnumValue values[] = {
    { GST_B64IMG_ENVELOPE_NONE, "The base64 text alone", "none" },
    { GST_B64IMG_ENVELOPE_JSON,
        "One JSON object per frame: pts, duration, width, height, type, "
        "data",
        "json" },
    { 0, NULL, NULL },
  };

  if (g_once_init_enter (&type))
    g_once_init_leave (
        &type, g_enum_register_static ("GstB64ImgEnvelope", values));
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

  gst_buffer_pool_config_set_params (config, NULL, bytes, 0,
      2 * gst_b64img_workers_n (self->workers) + POOL_EXTRA);
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

/* ---- settings ------------------------------------------------------------ */

static void
take_settings (GstB64ImgEnc *self, EncSettings *set)
{
  GST_OBJECT_LOCK (self);
  *set = self->props;
  GST_OBJECT_UNLOCK (self);
}

static gboolean
is_png (const EncSettings *set)
{
  return set->image_format == GST_B64IMG_IMAGE_FORMAT_PNG;
}

/* ---- negotiation --------------------------------------------------------- */

/* A converter from the input to @format, made by each job when it first
 * needs it. @keep_colour keeps the input's colorimetry: a YUV layout change
 * only. (GstVideoConverter's YUV fast paths ignore a change of range, so
 * expansion happens later.) */
static void
plan_convert (EncPlan *plan, GstVideoFormat format, gboolean keep_colour)
{
  const GstVideoInfo *in = &plan->in_info;
  GstVideoInfo *out = &plan->convert_info;

  gst_video_info_set_format (out, format, in->width, in->height);
  out->fps_n = in->fps_n;
  out->fps_d = in->fps_d;
  out->par_n = in->par_n;
  out->par_d = in->par_d;
  if (keep_colour)
    out->colorimetry = in->colorimetry;
  out->chroma_site = in->chroma_site;
  plan->convert = TRUE;
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

/* What the image encoder reads: the input, or b64depth's 8-bit or PNG
 * layout of it. */
static const GstVideoInfo *
encoder_input (const EncPlan *plan)
{
  return plan->depth ? &plan->convert_info : &plan->in_info;
}

/* 16-bit packed gray or RGBA input, as b64depth reads it. */
static gboolean
depth_layout (GstVideoFormat format, B64Depth16 *l)
{
  const GstVideoFormatInfo *fi = gst_video_format_get_info (format);

  if (!fi || GST_VIDEO_FORMAT_INFO_IS_YUV (fi)
      || GST_VIDEO_FORMAT_INFO_N_PLANES (fi) != 1
      || GST_VIDEO_FORMAT_INFO_DEPTH (fi, 0) != 16)
    return FALSE;
  l->channels = GST_VIDEO_FORMAT_INFO_N_COMPONENTS (fi);
  if (l->channels != 1 && l->channels != 4)
    return FALSE;
  for (guint c = 0; c < l->channels; c++)
    l->offset[c] = GST_VIDEO_FORMAT_INFO_POFFSET (fi, c);
  l->big_endian = !GST_VIDEO_FORMAT_INFO_IS_LE (fi);
  return TRUE;
}

#if HAVE_SPNG
/* The formats libspng encodes as they are, with their layout: the one list
 * of them (plan_depth, plan_png). */
static gboolean
png_direct_format (GstVideoFormat format, B64PngFormat *png)
{
  switch (format) {
    case GST_VIDEO_FORMAT_GRAY8:
      *png = B64_PNG_GRAY8;
      return TRUE;
    case GST_VIDEO_FORMAT_RGB:
      *png = B64_PNG_RGB8;
      return TRUE;
    case GST_VIDEO_FORMAT_RGBA:
      *png = B64_PNG_RGBA8;
      return TRUE;
    case GST_VIDEO_FORMAT_GRAY16_BE:
      *png = B64_PNG_GRAY16_BE;
      return TRUE;
    case GST_VIDEO_FORMAT_GRAY16_LE:
      *png = B64_PNG_GRAY16_LE;
      return TRUE;
    case GST_VIDEO_FORMAT_RGBA64_BE:
      *png = B64_PNG_RGBA16_BE;
      return TRUE;
    case GST_VIDEO_FORMAT_RGBA64_LE:
      *png = B64_PNG_RGBA16_LE;
      return TRUE;
    default:
      return FALSE;
  }
}
#endif

/* 16-bit input goes through b64depth: rounded to 8 bits for JPEG (which
 * then takes the GRAY8 or RGBA path), or reordered to PNG's big-endian
 * layout when libspng cannot read it as it is. */
static void
plan_depth (EncPlan *plan, gboolean png)
{
  const GstVideoInfo *in = &plan->in_info;
  GstVideoFormat format = GST_VIDEO_INFO_FORMAT (in), to;
  gboolean gray;

  if (!depth_layout (format, &plan->depth_layout))
    return;
  gray = plan->depth_layout.channels == 1;
  if (png) {
#if HAVE_SPNG
    B64PngFormat direct;

    if (png_direct_format (format, &direct))
      return; /* libspng reads it as it is */
#endif
    to = gray ? GST_VIDEO_FORMAT_GRAY16_BE : GST_VIDEO_FORMAT_RGBA64_BE;
  } else {
    to = gray ? GST_VIDEO_FORMAT_GRAY8 : GST_VIDEO_FORMAT_RGBA;
  }
  gst_video_info_set_format (&plan->convert_info, to, in->width, in->height);
  plan->depth = TRUE;
}

static void
plan_jpeg (EncPlan *plan, GstB64ImgChroma chroma)
{
  const GstVideoInfo *in = encoder_input (plan);
  GstVideoFormat format = GST_VIDEO_INFO_FORMAT (in), planar;
  B64JpegSamp native;

  if (gst_b64img_format_to_pixel (format, &plan->pixel)) {
    plan->path = PATH_JPEG_PACKED;
    plan->samp = chroma_to_samp (chroma);
    return;
  }

  plan->path = PATH_JPEG_PLANES;
  plan->expand_range = is_limited_range (in);
  if (gst_b64img_format_to_samp (format, &native))
    planar = format;
  else {
    planar = gst_b64img_planar_equivalent (format);
    gst_b64img_format_to_samp (planar, &native);
  }

  if (native == B64_JPEG_SAMP_GRAY || chroma == GST_B64IMG_CHROMA_GRAY)
    plan->samp = B64_JPEG_SAMP_GRAY; /* the Y plane alone */
  else if (chroma == GST_B64IMG_CHROMA_AUTO)
    plan->samp = native;
  else
    plan->samp = chroma_to_samp (chroma);

  if (plan->samp == B64_JPEG_SAMP_GRAY) {
    /* the Y plane alone: any planar or semi-planar input has one */
    if (GST_VIDEO_INFO_N_PLANES (in) > 1 || format == GST_VIDEO_FORMAT_GRAY8)
      return;
  } else if (plan->samp != native) {
    planar = gst_b64img_samp_to_format (plan->samp);
  }
  if (planar != format)
    plan_convert (plan, planar, TRUE);
}

#if HAVE_SPNG
static void
plan_png (EncPlan *plan)
{
  GstVideoFormat format = GST_VIDEO_INFO_FORMAT (encoder_input (plan));
  B64PngFormat direct;

  plan->path = PATH_PNG;
  if (png_direct_format (format, &direct)) {
    plan->png_format = direct;
    return;
  }
  /* alpha is kept, padding bytes are dropped, YUV becomes RGB; Y41B
   * through Y42B, as the decoder does (gst_b64img_double_row) */
  plan->widen_411 = format == GST_VIDEO_FORMAT_Y41B;
  plan->png_format = GST_VIDEO_INFO_HAS_ALPHA (&plan->in_info) ? B64_PNG_RGBA8
                                                               : B64_PNG_RGB8;
  plan_convert (plan,
      plan->png_format == B64_PNG_RGBA8 ? GST_VIDEO_FORMAT_RGBA
                                        : GST_VIDEO_FORMAT_RGB,
      FALSE);
}
#endif

/* The output caps name the payload and the alphabet: the frames that
 * follow are made with @set. */
static void
set_output_caps (GstB64ImgEnc *self, const EncSettings *set)
{
  GstVideoCodecState *out;
  GstCaps *caps;

  caps = gst_caps_new_simple ("image/x-base64", "framed", G_TYPE_BOOLEAN, TRUE,
      "payload", G_TYPE_STRING, is_png (set) ? "image/png" : "image/jpeg",
      "alphabet", G_TYPE_STRING,
      set->alphabet == GST_B64IMG_ALPHABET_URL ? "url" : "standard", NULL);
  /* the text is JSON: a consumer that wants bare base64 can refuse it */
  if (set->envelope == GST_B64IMG_ENVELOPE_JSON)
    gst_caps_set_simple (caps, "envelope", G_TYPE_STRING, "json", NULL);
  out = gst_video_encoder_set_output_state (
      GST_VIDEO_ENCODER (self), caps, self->input_state);
  /* the caps describe what is inside: full-range JFIF or sRGB, not the
   * input's colours */
  if (is_png (set)) {
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
}

/* The plan and output caps for the input state and @set, once the frames
 * in flight are out (they use the old plan and go out under the old
 * caps). */
static GstFlowReturn
configure (GstB64ImgEnc *self, const EncSettings *set)
{
  GstFlowReturn ret = gst_b64img_workers_drain (self->workers);
  EncPlan *plan = &self->plan;

  /* texts of another size: a pool sized for a bigger picture would keep
   * its resident pages */
  clear_pool (self);
  memset (plan, 0, sizeof (*plan));
  plan->in_info = self->input_state->info;
  plan_depth (plan, is_png (set));
#if HAVE_SPNG
  if (is_png (set))
    plan_png (plan);
  else
#endif
    plan_jpeg (plan, set->chroma);
  GST_DEBUG_OBJECT (self,
      "%s %dx%d: %s, sampling %d, range expansion %d, 16-bit input %d",
      gst_video_format_to_string (GST_VIDEO_INFO_FORMAT (&plan->in_info)),
      GST_VIDEO_INFO_WIDTH (&plan->in_info),
      GST_VIDEO_INFO_HEIGHT (&plan->in_info), path_names[plan->path],
      plan->samp, plan->expand_range, plan->depth);
  if (plan->convert)
    GST_CAT_DEBUG_OBJECT (GST_CAT_PERFORMANCE, self,
        "no direct path from %s: every frame converted to %s first",
        gst_video_format_to_string (GST_VIDEO_INFO_FORMAT (&plan->in_info)),
        gst_video_format_to_string (
            GST_VIDEO_INFO_FORMAT (&plan->convert_info)));
  set_output_caps (self, set);
  self->planned = *set;
  return ret;
}

static gboolean
needs_configure (const EncSettings *a, const EncSettings *b)
{
  return a->image_format != b->image_format || a->chroma != b->chroma
         || a->alphabet != b->alphabet || a->envelope != b->envelope;
}

static gboolean
gst_b64img_enc_set_format (GstVideoEncoder *encoder, GstVideoCodecState *state)
{
  GstB64ImgEnc *self = GST_B64IMG_ENC (encoder);
  GstClockTime latency;
  EncSettings set;

  gst_b64img_workers_drain (self->workers);
  if (self->input_state)
    gst_video_codec_state_unref (self->input_state);
  self->input_state = gst_video_codec_state_ref (state);
  take_settings (self, &set);
  configure (self, &set);
  latency = gst_b64img_workers_set_stream (
      self->workers, GST_VIDEO_ENCODER_SINK_PAD (encoder), &state->info);
  gst_video_encoder_set_latency (encoder, latency, latency);
  return gst_video_encoder_negotiate (encoder);
}

/* image-format, chroma or alphabet changed while playing: the frames in
 * flight go out as they were, the next ones with the new plan and caps. */
static GstFlowReturn
renegotiate (GstB64ImgEnc *self, const EncSettings *set)
{
  GstVideoEncoder *encoder = GST_VIDEO_ENCODER (self);
  GstFlowReturn ret;

  GST_INFO_OBJECT (self, "image-format %d chroma %d alphabet %d",
      set->image_format, set->chroma, set->alphabet);
  ret = configure (self, set);
  if (ret != GST_FLOW_OK)
    return ret;
  if (gst_video_encoder_negotiate (encoder))
    return GST_FLOW_OK;
  if (GST_PAD_IS_FLUSHING (GST_VIDEO_ENCODER_SRC_PAD (self)))
    return GST_FLOW_FLUSHING;
  GST_ELEMENT_ERROR (self, CORE, NEGOTIATION, (NULL),
      ("Downstream refused the caps for %s in the %s alphabet",
          is_png (set) ? "PNG" : "JPEG",
          set->alphabet == GST_B64IMG_ALPHABET_URL ? "url" : "standard"));
  return GST_FLOW_NOT_NEGOTIATED;
}

static gboolean
gst_b64img_enc_propose_allocation (GstVideoEncoder *encoder, GstQuery *query)
{
  gst_query_add_allocation_meta (query, GST_VIDEO_META_API_TYPE, NULL);
  return GST_VIDEO_ENCODER_CLASS (parent_class)
      ->propose_allocation (encoder, query);
}

/* ---- encoding (on any thread: only the job is read) ---------------------- */

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

  b64_range_expand_plane (
      src + (gsize) y * stride, stride, dst, dst_stride, cw, rows, comp == 0);
}

/* Components, not planes: YV12 works. */
static gboolean
encode_planes (EncJob *job, GstVideoFrame *f, const guint8 **jpeg, gsize *size)
{
  const guint8 *planes[3] = { NULL, NULL, NULL };
  gint strides[3] = { 0, 0, 0 };
  guint n = job->plan.samp == B64_JPEG_SAMP_GRAY ? 1 : 3;

  for (guint c = 0; c < n; c++) {
    planes[c] = GST_VIDEO_FRAME_COMP_DATA (f, c);
    strides[c] = GST_VIDEO_FRAME_COMP_STRIDE (f, c);
  }
  return b64_jpeg_encode_planes (job->jpeg, planes, strides,
      job->plan.expand_range ? fill_expanded : NULL, f,
      GST_VIDEO_FRAME_WIDTH (f), GST_VIDEO_FRAME_HEIGHT (f), job->plan.samp,
      job->set.quality, jpeg, size);
}

#if HAVE_SPNG
/* significant-bits beyond the PNG's own depth say nothing: none written */
static guint
png_sig_bits (B64PngFormat png_format, guint sig_bits)
{
  return sig_bits <= b64_png_format_depth (png_format) ? sig_bits : 0;
}
#endif

static gboolean
encode_image (EncJob *job, GstVideoFrame *f, const guint8 **data, gsize *size)
{
  b64_jpeg_set_optimize (job->jpeg, job->set.optimize);
  switch (job->plan.path) {
    case PATH_JPEG_PACKED:
      return b64_jpeg_encode_packed (job->jpeg,
          GST_VIDEO_FRAME_PLANE_DATA (f, 0),
          GST_VIDEO_FRAME_PLANE_STRIDE (f, 0), GST_VIDEO_FRAME_WIDTH (f),
          GST_VIDEO_FRAME_HEIGHT (f), job->plan.pixel, job->plan.samp,
          job->set.quality, data, size);
    case PATH_JPEG_PLANES:
      return encode_planes (job, f, data, size);
#if HAVE_SPNG
    case PATH_PNG: {
      gsize len;

      if (!b64_png_encode_sbit (GST_VIDEO_FRAME_PLANE_DATA (f, 0),
              GST_VIDEO_FRAME_PLANE_STRIDE (f, 0), GST_VIDEO_FRAME_WIDTH (f),
              GST_VIDEO_FRAME_HEIGHT (f), job->plan.png_format,
              job->set.png_level,
              png_sig_bits (job->plan.png_format, job->set.sig_bits), &job->png,
              &len, &job->png_cap, &job->png_error))
        return FALSE;
      *data = job->png;
      *size = len;
      return TRUE;
    }
#endif
    default:
      return FALSE;
  }
}

static const gchar *
text_prefix (const EncSettings *set)
{
  if (!set->data_uri)
    return "";
  return is_png (set) ? "data:image/png;base64," : "data:image/jpeg;base64,";
}

/* The JSON envelope's head for @job's frame into @head; its length. */
static gsize
json_head (const EncJob *job, gchar *head)
{
  const GstVideoCodecFrame *frame = job->frame;
  B64JsonEnvelope e = {
    .has_pts = GST_CLOCK_TIME_IS_VALID (frame->pts),
    .pts = (gint64) frame->pts,
    .has_duration = GST_CLOCK_TIME_IS_VALID (frame->duration),
    .duration = (gint64) frame->duration,
    .width = GST_VIDEO_INFO_WIDTH (&job->plan.in_info),
    .height = GST_VIDEO_INFO_HEIGHT (&job->plan.in_info),
    .type = is_png (&job->set) ? "image/png" : "image/jpeg",
  };

  return b64_json_envelope_head (head, &e);
}

/* One buffer of exactly the text's size; the base64 is written straight
 * into it, inside the JSON envelope if there is one. */
static GstBuffer *
make_text (GstB64ImgEnc *self, EncJob *job, const guint8 *data, gsize size)
{
  const EncSettings *set = &job->set;
  gboolean json = set->envelope == GST_B64IMG_ENVELOPE_JSON;
  gchar head[B64_JSON_HEAD_MAX];
  gsize hlen = json ? json_head (job, head) : 0;
  gsize tlen = json ? strlen (B64_JSON_TAIL) : 0;
  const gchar *prefix = text_prefix (set);
  gsize plen = strlen (prefix);
  gsize blen = b64_encoded_size (size, set->padding);
  gsize total = hlen + plen + blen + tlen + (set->newline ? 1 : 0);
  GstBuffer *buf;
  GstMapInfo map;
  gchar *p;

  buf = text_buffer (self, job, total);
  if (!buf || !gst_buffer_map (buf, &map, GST_MAP_WRITE)) {
    gst_clear_buffer (&buf);
    return NULL;
  }
  p = (gchar *) map.data;
  memcpy (p, head, hlen);
  memcpy (p + hlen, prefix, plen);
  b64_encode (data, size, p + hlen + plen,
      set->alphabet == GST_B64IMG_ALPHABET_URL ? B64_ALPHABET_URL
                                               : B64_ALPHABET_STANDARD,
      set->padding);
  memcpy (p + hlen + plen + blen, B64_JSON_TAIL, tlen);
  if (set->newline)
    map.data[total - 1] = '\n';
  gst_buffer_unmap (buf, &map);
  return buf;
}

/* What the converter reads: the input, or its Y42B widening. */
static void
converter_input (const EncPlan *plan, GstVideoInfo *info)
{
  const GstVideoInfo *in = &plan->in_info;

  *info = *in;
  if (!plan->widen_411)
    return;
  gst_video_info_set_format (
      info, GST_VIDEO_FORMAT_Y42B, in->width, in->height);
  info->fps_n = in->fps_n;
  info->fps_d = in->fps_d;
  info->par_n = in->par_n;
  info->par_d = in->par_d;
  info->colorimetry = in->colorimetry;
  info->chroma_site = in->chroma_site;
}

/* Y41B @in into the Y42B @out, chroma samples repeated. */
static void
widen_411 (GstVideoFrame *in, GstVideoFrame *out)
{
  gint h = GST_VIDEO_FRAME_HEIGHT (in);

  for (guint c = 0; c < 3; c++) {
    const guint8 *s = GST_VIDEO_FRAME_COMP_DATA (in, c);
    guint8 *d = GST_VIDEO_FRAME_COMP_DATA (out, c);
    gint ss = GST_VIDEO_FRAME_COMP_STRIDE (in, c);
    gint ds = GST_VIDEO_FRAME_COMP_STRIDE (out, c);
    gint w = GST_VIDEO_FRAME_COMP_WIDTH (out, c);

    for (gint y = 0; y < h; y++) {
      if (c == 0)
        memcpy (d + (gsize) y * ds, s + (gsize) y * ss, w);
      else
        gst_b64img_double_row (s + (gsize) y * ss, d + (gsize) y * ds, w);
    }
  }
}

/* The job's converter (or, for b64depth, just the frame it writes) for
 * its plan, kept while the plan's formats stay. */
static gboolean
ensure_converter (EncJob *job)
{
  const EncPlan *plan = &job->plan;
  GstVideoInfo in;

  converter_input (plan, &in);
  if (job->convert_buf && (job->convert || plan->depth)
      && gst_video_info_is_equal (&job->convert_in, &in)
      && gst_video_info_is_equal (&job->convert_out, &plan->convert_info)
      && (!plan->widen_411 || job->widen_buf))
    return TRUE;
  g_clear_pointer (&job->convert, gst_video_converter_free);
  gst_clear_buffer (&job->convert_buf);
  gst_clear_buffer (&job->widen_buf);
  job->convert_in = in;
  job->convert_out = plan->convert_info;
  if (plan->widen_411
      && !(job->widen_buf = gst_buffer_new_allocate (NULL, in.size, NULL)))
    return FALSE;
  if (!plan->depth) {
    job->convert = gst_video_converter_new (&job->convert_in, &job->convert_out,
        gst_structure_new ("options", GST_VIDEO_CONVERTER_OPT_DITHER_METHOD,
            GST_TYPE_VIDEO_DITHER_METHOD, GST_VIDEO_DITHER_NONE, NULL));
    if (!job->convert)
      return FALSE;
  }
  job->convert_buf
      = gst_buffer_new_allocate (NULL, job->convert_out.size, NULL);
  return job->convert_buf != NULL;
}

/* 16-bit samples into the job's frame: rounded to 8 bits, or reordered to
 * PNG's gray / RGBA big-endian. */
static void
depth_frame (const EncPlan *plan, GstVideoFrame *in, GstVideoFrame *out)
{
  const guint8 *s = GST_VIDEO_FRAME_PLANE_DATA (in, 0);
  guint8 *d = GST_VIDEO_FRAME_PLANE_DATA (out, 0);
  gint ss = GST_VIDEO_FRAME_PLANE_STRIDE (in, 0);
  gint ds = GST_VIDEO_FRAME_PLANE_STRIDE (out, 0);
  guint w = GST_VIDEO_FRAME_WIDTH (in), h = GST_VIDEO_FRAME_HEIGHT (in);

  if (GST_VIDEO_FORMAT_INFO_DEPTH (out->info.finfo, 0) == 8)
    b64_depth_round_to_8 (s, ss, w, h, &plan->depth_layout, d, ds);
  else
    b64_depth_to_png16 (s, ss, w, h, &plan->depth_layout, d, ds);
}

/* Encodes job->frame into job->text. */
static EncResult
encode_job (GstB64ImgEnc *self, EncJob *job)
{
  GstVideoFrame in, conv, wide, *src = &in;
  gboolean scratch = job->plan.convert || job->plan.depth;
  const guint8 *data = NULL;
  gboolean ok;

  job->size = 0;
  if (!job->jpeg && !(job->jpeg = b64_jpeg_new ()))
    return ENC_ENCODE_FAILED;
  if (scratch && !ensure_converter (job))
    return ENC_CONVERT_FAILED;
  if (!gst_video_frame_map (
          &in, &job->plan.in_info, job->frame->input_buffer, GST_MAP_READ))
    return ENC_MAP_FAILED;
  if (job->plan.widen_411) {
    if (!gst_video_frame_map (
            &wide, &job->convert_in, job->widen_buf, GST_MAP_READWRITE)) {
      gst_video_frame_unmap (&in);
      return ENC_MAP_FAILED;
    }
    widen_411 (&in, &wide);
    gst_video_frame_unmap (&in);
    in = wide; /* unmapped as the input below */
  }
  if (scratch) {
    if (!gst_video_frame_map (
            &conv, &job->convert_out, job->convert_buf, GST_MAP_WRITE)) {
      gst_video_frame_unmap (&in);
      return ENC_MAP_FAILED;
    }
    if (job->plan.depth)
      depth_frame (&job->plan, &in, &conv);
    else
      gst_video_converter_frame (job->convert, &in, &conv);
    src = &conv;
  }

  ok = encode_image (job, src, &data, &job->size);

  if (scratch)
    gst_video_frame_unmap (&conv);
  gst_video_frame_unmap (&in);
  if (!ok)
    return ENC_ENCODE_FAILED;
  job->text = make_text (self, job, data, job->size);
  return job->text ? ENC_OK : ENC_ALLOC_FAILED;
}

static void
work_job (gpointer job, gpointer user_data)
{
  ((EncJob *) job)->result = encode_job (GST_B64IMG_ENC (user_data), job);
}

/* The one place a module's failure to encode reaches the bus: an error
 * giving the module's message (gstb64imgerror.h). */
static void
post_encode_error (GstB64ImgEnc *self, const EncJob *job)
{
  B64Error err;
  gchar *text;

  gst_b64img_error_take (&err,
      is_png (&job->set) ? &job->png_error
      : job->jpeg        ? b64_jpeg_error (job->jpeg)
                         : NULL,
      "no encoder");
  text = gst_b64img_error_text ("Could not encode the image", &err);
  GST_ELEMENT_ERROR (self, STREAM, ENCODE, ("%s", text), (NULL));
  g_free (text);
}

/* Hands the frame of an encoded job to the base class; STREAM lock held. */
static GstFlowReturn
finish_job (gpointer data, gpointer user_data)
{
  GstB64ImgEnc *self = GST_B64IMG_ENC (user_data);
  GstVideoEncoder *encoder = GST_VIDEO_ENCODER (self);
  EncJob *job = data;
  GstVideoCodecFrame *frame = job->frame;

  job->frame = NULL;
  gst_clear_object (&job->allocator);
  switch (job->result) {
    case ENC_OK:
      GST_LOG_OBJECT (self,
          "frame %u (slot %u): %s %dx%d, %s, %" G_GSIZE_FORMAT
          " bytes of image, %" G_GSIZE_FORMAT " of text",
          frame->system_frame_number,
          gst_b64img_workers_slot (self->workers, job),
          gst_video_format_to_string (
              GST_VIDEO_INFO_FORMAT (&job->plan.in_info)),
          GST_VIDEO_INFO_WIDTH (&job->plan.in_info),
          GST_VIDEO_INFO_HEIGHT (&job->plan.in_info),
          path_names[job->plan.path], job->size,
          gst_buffer_get_size (job->text));
      frame->output_buffer = job->text;
      job->text = NULL;
      GST_VIDEO_CODEC_FRAME_SET_SYNC_POINT (frame);
      return gst_video_encoder_finish_frame (encoder, frame);
    case ENC_MAP_FAILED:
      GST_ELEMENT_ERROR (
          self, STREAM, FORMAT, (NULL), ("Could not map the input frame"));
      break;
    case ENC_CONVERT_FAILED:
      GST_ELEMENT_ERROR (self, CORE, NEGOTIATION, (NULL),
          ("Could not convert %s to %s",
              gst_video_format_to_string (
                  GST_VIDEO_INFO_FORMAT (&job->plan.in_info)),
              gst_video_format_to_string (
                  GST_VIDEO_INFO_FORMAT (&job->plan.convert_info))));
      break;
    case ENC_ENCODE_FAILED:
      post_encode_error (self, job);
      break;
    case ENC_ALLOC_FAILED:
      GST_ELEMENT_ERROR (self, RESOURCE, NO_SPACE_LEFT, (NULL),
          ("Could not allocate %" G_GSIZE_FORMAT " bytes of text",
              b64_encoded_size (job->size, job->set.padding)));
      break;
  }
  gst_video_encoder_finish_frame (encoder, frame);
  return GST_FLOW_ERROR;
}

static void
discard_job (gpointer data, G_GNUC_UNUSED gpointer user_data)
{
  EncJob *job = data;

  gst_clear_object (&job->allocator);
  gst_clear_buffer (&job->text);
  g_clear_pointer (&job->frame, gst_video_codec_frame_unref);
}

static void
clear_job (gpointer data, G_GNUC_UNUSED gpointer user_data)
{
  EncJob *job = data;

  g_clear_pointer (&job->jpeg, b64_jpeg_free);
  g_clear_pointer (&job->convert, gst_video_converter_free);
  gst_clear_buffer (&job->convert_buf);
  gst_clear_buffer (&job->widen_buf);
#if HAVE_SPNG
  free (job->png);
#endif
}

/* The frame, the properties it came with and the negotiated plan go into
 * a job; so does downstream's allocator, since a worker must not ask the
 * base class (it would take the STREAM lock). */
static GstFlowReturn
gst_b64img_enc_handle_frame (
    GstVideoEncoder *encoder, GstVideoCodecFrame *frame)
{
  GstB64ImgEnc *self = GST_B64IMG_ENC (encoder);
  GstFlowReturn ret = GST_FLOW_NOT_NEGOTIATED;
  EncSettings set;
  EncJob *job = NULL;

  take_settings (self, &set);
  if (self->input_state && needs_configure (&set, &self->planned))
    ret = renegotiate (self, &set);
  else if (self->input_state)
    ret = GST_FLOW_OK;
  if (ret == GST_FLOW_OK)
    job = gst_b64img_workers_acquire (self->workers, &ret);
  if (!job) {
    gst_video_encoder_finish_frame (encoder, frame);
    return ret;
  }
  job->frame = frame;
  job->set = set;
  job->plan = self->plan;
  gst_video_encoder_get_allocator (encoder, &job->allocator, &job->params);
  return gst_b64img_workers_submit (self->workers, job, TRUE);
}

/* EOS: every frame in flight goes out before the EOS event. */
static GstFlowReturn
gst_b64img_enc_finish (GstVideoEncoder *encoder)
{
  return gst_b64img_workers_drain (GST_B64IMG_ENC (encoder)->workers);
}

/* FLUSH_STOP: the frames in flight are dropped, not pushed. */
static gboolean
gst_b64img_enc_flush (GstVideoEncoder *encoder)
{
  gst_b64img_workers_flush (GST_B64IMG_ENC (encoder)->workers);
  return TRUE;
}

/* ---- life cycle ---------------------------------------------------------- */

static gboolean
gst_b64img_enc_stop (GstVideoEncoder *encoder)
{
  GstB64ImgEnc *self = GST_B64IMG_ENC (encoder);

  /* drops whatever is still in flight (the work running reads
   * self->workers until then) */
  gst_b64img_workers_free (self->workers);
  self->workers = NULL;
  clear_pool (self);
  g_clear_pointer (&self->input_state, gst_video_codec_state_unref);
  return TRUE;
}

static const GstB64ImgWorkerFuncs enc_funcs = {
  .job_size = sizeof (EncJob),
  .work = work_job,
  .finish = finish_job,
  .discard = discard_job,
  .clear = clear_job,
};

static gboolean
gst_b64img_enc_start (GstVideoEncoder *encoder)
{
  GstB64ImgEnc *self = GST_B64IMG_ENC (encoder);
  EncSettings set;

  take_settings (self, &set);
  self->workers = gst_b64img_workers_new (
      GST_ELEMENT (self), set.threads, &encoder->stream_lock, &enc_funcs, self);
  return self->workers != NULL;
}

static void
gst_b64img_enc_set_property (
    GObject *object, guint prop_id, const GValue *value, GParamSpec *pspec)
{
  GstB64ImgEnc *self = GST_B64IMG_ENC (object);
  EncSettings *p = &self->props;

  GST_OBJECT_LOCK (self);
  if (!gst_b64img_property_settable (GST_ELEMENT (self), pspec)) {
    GST_OBJECT_UNLOCK (self);
    return;
  }
  switch (prop_id) {
    case PROP_IMAGE_FORMAT:
      p->image_format = g_value_get_enum (value);
      break;
    case PROP_QUALITY:
      p->quality = g_value_get_int (value);
      break;
    case PROP_CHROMA:
      p->chroma = g_value_get_enum (value);
      break;
    case PROP_PNG_LEVEL:
      p->png_level = g_value_get_int (value);
      break;
    case PROP_SIGNIFICANT_BITS:
      p->sig_bits = g_value_get_uint (value);
      break;
    case PROP_DATA_URI:
      p->data_uri = g_value_get_boolean (value);
      break;
    case PROP_ALPHABET:
      p->alphabet = g_value_get_enum (value);
      break;
    case PROP_PADDING:
      p->padding = g_value_get_boolean (value);
      break;
    case PROP_NEWLINE:
      p->newline = g_value_get_boolean (value);
      break;
    case PROP_ENVELOPE:
      p->envelope = g_value_get_enum (value);
      break;
    case PROP_THREADS:
      p->threads = g_value_get_int (value);
      break;
    case PROP_OPTIMIZE:
      p->optimize = g_value_get_boolean (value);
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
  EncSettings *p = &self->props;

  GST_OBJECT_LOCK (self);
  switch (prop_id) {
    case PROP_IMAGE_FORMAT:
      g_value_set_enum (value, p->image_format);
      break;
    case PROP_QUALITY:
      g_value_set_int (value, p->quality);
      break;
    case PROP_CHROMA:
      g_value_set_enum (value, p->chroma);
      break;
    case PROP_PNG_LEVEL:
      g_value_set_int (value, p->png_level);
      break;
    case PROP_SIGNIFICANT_BITS:
      g_value_set_uint (value, p->sig_bits);
      break;
    case PROP_DATA_URI:
      g_value_set_boolean (value, p->data_uri);
      break;
    case PROP_ALPHABET:
      g_value_set_enum (value, p->alphabet);
      break;
    case PROP_PADDING:
      g_value_set_boolean (value, p->padding);
      break;
    case PROP_NEWLINE:
      g_value_set_boolean (value, p->newline);
      break;
    case PROP_ENVELOPE:
      g_value_set_enum (value, p->envelope);
      break;
    case PROP_THREADS:
      g_value_set_int (value, p->threads);
      break;
    case PROP_OPTIMIZE:
      g_value_set_boolean (value, p->optimize);
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
  EncSettings *p = &self->props;

  p->image_format = DEFAULT_IMAGE_FORMAT;
  p->quality = DEFAULT_QUALITY;
  p->optimize = DEFAULT_OPTIMIZE;
  p->chroma = DEFAULT_CHROMA;
  p->png_level = DEFAULT_PNG_LEVEL;
  p->sig_bits = DEFAULT_SIG_BITS;
  p->data_uri = DEFAULT_DATA_URI;
  p->alphabet = DEFAULT_ALPHABET;
  p->padding = DEFAULT_PADDING;
  p->newline = DEFAULT_NEWLINE;
  p->envelope = DEFAULT_ENVELOPE;
  p->threads = DEFAULT_THREADS;
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
  const GParamFlags playing = rw | GST_PARAM_MUTABLE_PLAYING;

  gobject_class->set_property = gst_b64img_enc_set_property;
  gobject_class->get_property = gst_b64img_enc_get_property;
  gobject_class->finalize = gst_b64img_enc_finalize;

  /**
   * GstB64ImgEnc:image-format:
   *
   * What the base64 text holds: a JPEG (lossy, through libjpeg-turbo)
   * or a PNG (lossless, keeps alpha, through libspng).
   *
   * Since: 1.0
   */
  g_object_class_install_property (gobject_class, PROP_IMAGE_FORMAT,
      g_param_spec_enum ("image-format", "Image format",
          "Image format inside the base64 text; a change while playing "
          "renegotiates the caps (their payload field) from the next frame on",
          GST_TYPE_B64IMG_IMAGE_FORMAT, DEFAULT_IMAGE_FORMAT, playing));
  /**
   * GstB64ImgEnc:quality:
   *
   * JPEG quality, 1 to 100. It may change while playing: each frame is
   * encoded with the value it had when the frame came in.
   *
   * Since: 1.0
   */
  g_object_class_install_property (gobject_class, PROP_QUALITY,
      g_param_spec_int ("quality", "Quality", "JPEG quality", 1, 100,
          DEFAULT_QUALITY, playing));
  /**
   * GstB64ImgEnc:chroma:
   *
   * JPEG chroma subsampling. %GST_B64IMG_CHROMA_AUTO keeps the sampling of
   * planar YUV input and takes 4:2:0 for packed RGB.
   *
   * Since: 1.0
   */
  g_object_class_install_property (gobject_class, PROP_CHROMA,
      g_param_spec_enum ("chroma", "Chroma subsampling",
          "JPEG chroma subsampling", GST_TYPE_B64IMG_CHROMA, DEFAULT_CHROMA,
          playing));
  /**
   * GstB64ImgEnc:png-compression-level:
   *
   * zlib compression level of PNG, 0 (none) to 9 (smallest).
   *
   * Since: 1.0
   */
  g_object_class_install_property (gobject_class, PROP_PNG_LEVEL,
      g_param_spec_int ("png-compression-level", "PNG compression level",
          "zlib compression level of PNG (0 = none, 9 = smallest)", 0, 9,
          DEFAULT_PNG_LEVEL, playing));
  /**
   * GstB64ImgEnc:significant-bits:
   *
   * Writes a PNG sBIT chunk saying how many bits of each sample carry
   * data, e.g. 12 for a 12-bit sensor delivered in 16-bit samples. 0, a
   * value above the PNG's own depth, or JPEG output: no chunk. May change
   * while playing.
   *
   * Since: 1.0
   */
  g_object_class_install_property (gobject_class, PROP_SIGNIFICANT_BITS,
      g_param_spec_uint ("significant-bits", "Significant bits",
          "Significant bits per sample written as a PNG sBIT chunk (e.g. 12 "
          "for a 12-bit sensor in 16-bit samples; 0 = no chunk)",
          0, 16, DEFAULT_SIG_BITS, playing));
  /**
   * GstB64ImgEnc:data-uri:
   *
   * Prefix each frame with `data:image/jpeg;base64,` (or `image/png`), so
   * that a line is a URI a browser shows as it is.
   *
   * Since: 1.0
   */
  g_object_class_install_property (gobject_class, PROP_DATA_URI,
      g_param_spec_boolean ("data-uri", "Data URI",
          "Prefix each frame with data:image/jpeg;base64, (or image/png)",
          DEFAULT_DATA_URI, playing));
  /**
   * GstB64ImgEnc:alphabet:
   *
   * The base64 alphabet: standard (`+/`, RFC 4648 section 4) or URL and
   * file name safe (`-_`, section 5). Browsers take only the standard one
   * in data URIs.
   *
   * Since: 1.0
   */
  g_object_class_install_property (gobject_class, PROP_ALPHABET,
      g_param_spec_enum ("alphabet", "Alphabet",
          "base64 alphabet; a change while playing renegotiates the caps "
          "(their alphabet field) from the next frame on",
          GST_TYPE_B64IMG_ALPHABET, DEFAULT_ALPHABET, playing));
  /**
   * GstB64ImgEnc:padding:
   *
   * End the base64 with `=` padding to a multiple of 4 characters.
   *
   * Since: 1.0
   */
  g_object_class_install_property (gobject_class, PROP_PADDING,
      g_param_spec_boolean ("padding", "Padding",
          "End the base64 with = padding to a multiple of 4 characters",
          DEFAULT_PADDING, playing));
  /**
   * GstB64ImgEnc:newline:
   *
   * End each frame's text with a line feed: one frame per line for
   * files, pipes and sockets, which b64imgdec splits again.
   *
   * Since: 1.0
   */
  g_object_class_install_property (gobject_class, PROP_NEWLINE,
      g_param_spec_boolean ("newline", "Newline",
          "End each frame's text with a line feed, one frame per line",
          DEFAULT_NEWLINE, playing));
  /**
   * GstB64ImgEnc:envelope:
   *
   * none: each frame is its base64 text. json: each frame is one JSON
   * object, {"pts":…,"duration":…,"width":…,"height":…,"type":"image/jpeg",
   * "data":"…"}, with pts and duration in integer nanoseconds or null and
   * data obeying data-uri, alphabet and padding; with newline, one per line
   * (NDJSON). The caps then say envelope=json; b64imgdec reads it back,
   * PTS included.
   *
   * Since: 1.0
   */
  g_object_class_install_property (gobject_class, PROP_ENVELOPE,
      g_param_spec_enum ("envelope", "Envelope",
          "none: the base64 text alone; json: one JSON object per frame "
          "(pts, duration, width, height, type, data), one per line with "
          "newline; a change while playing renegotiates the caps",
          GST_TYPE_B64IMG_ENVELOPE, DEFAULT_ENVELOPE, playing));
  /**
   * GstB64ImgEnc:threads:
   *
   * Frames encoded in parallel, one worker thread each (0: one per CPU
   * core). 1 encodes on the streaming thread; N > 1 keeps up to N frames in
   * flight, with the same output, and reports N - 1 frames of latency; from a
   * non-live source (a file, a socket) one frame more is prepared while
   * every thread works, for throughput, and the latency says N frames.
   *
   * Since: 1.0
   */
  g_object_class_install_property (gobject_class, PROP_THREADS,
      g_param_spec_int ("threads", "Threads",
          "Frames encoded in parallel, each on a thread of its own (0 = one "
          "per CPU core). 1 encodes on the streaming thread, one frame in, "
          "one frame out; more adds threads - 1 frames of latency on a live "
          "stream (set in NULL or READY only)",
          0, MAX_THREADS, DEFAULT_THREADS, ready));
  /**
   * GstB64ImgEnc:optimize:
   *
   * Fits JPEG's Huffman tables to each frame (libjpeg's optimize_coding,
   * as cjpeg -optimize, PIL's optimize=True, OpenCV's
   * IMWRITE_JPEG_OPTIMIZE): less text for the same pixels, at the cost of
   * a second pass over each frame's coefficients. May change while
   * playing: each frame takes the current value.
   *
   * Since: 1.0
   */
  g_object_class_install_property (gobject_class, PROP_OPTIMIZE,
      g_param_spec_boolean ("optimize", "Optimize Huffman tables",
          "Fit JPEG's Huffman tables to each frame: smaller text, the same "
          "pixels, some encoding speed",
          DEFAULT_OPTIMIZE, playing));

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
  gst_type_mark_as_plugin_api (GST_TYPE_B64IMG_ENVELOPE, 0);
}
