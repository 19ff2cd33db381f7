/* b64img — base64 JPEG/PNG text to raw video
 * Copyright (C) 2026 The b64img authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

/**
 * SECTION:element-b64imgdec
 * @title: b64imgdec
 * @see_also: b64imgenc, jpegdec, pngdec
 *
 * Decodes base64 text holding JPEG or PNG images into raw video frames.
 *
 * The text may come as whole frames (caps `image/x-base64, framed=true`,
 * one buffer per image, whitespace anywhere ignored) or as a stream cut
 * anywhere — no caps at all, as from filesrc, fdsrc or tcpclientsrc — where
 * each line is one image. Each image may be a plain base64 text in the
 * standard or URL-safe alphabet, with or without padding, or a
 * `data:image/...;base64,` URI.
 *
 * The output is the image's own layout (I420 for a 4:2:0 JPEG, GRAY8, RGB or
 * RGBA for a PNG, ...) whenever downstream accepts it, else the first format
 * downstream prefers. A frame that cannot be decoded is dropped with a
 * warning and the stream goes on (see #GstVideoDecoder:max-errors).
 *
 * ## Example launch lines
 * |[
 * some-program | gst-launch-1.0 fdsrc ! b64imgdec ! videoconvert ! autovideosink
 * ]| Shows base64 JPEG lines read from standard input.
 * |[
 * gst-launch-1.0 filesrc location=frames.txt ! \
 *     image/x-base64,framerate=30/1 ! b64imgdec ! videoconvert ! \
 *     pngenc ! multifilesink location=frame-%05d.png
 * ]| Turns a file of data URIs, one per line, into PNG snapshots.
 * |[
 * gst-launch-1.0 tcpclientsrc host=127.0.0.1 port=5000 ! b64imgdec ! \
 *     videoconvert ! autovideosink
 * ]| Receives base64 frames over TCP.
 */

#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include "gstb64imgdec.h"
#include "gstb64imgerror.h"
#include "gstb64imgformats.h"
#include "gstb64imgworkers.h"
#include "b64framer.h"
#include "b64imgend.h"
#include "b64json.h"
#include "b64jpeg.h"
#if HAVE_SPNG
#include "b64png.h"
#endif

#include <gst/base/gstbytereader.h>
#include <gst/tag/tag.h>
#include <string.h>

GST_DEBUG_CATEGORY_STATIC (gst_b64img_dec_debug);
#define GST_CAT_DEFAULT gst_b64img_dec_debug
GST_DEBUG_CATEGORY_EXTERN (GST_CAT_PERFORMANCE);

#define DEFAULT_MAX_PIXELS      G_GUINT64_CONSTANT (89478485)
#define DEFAULT_MAX_FRAME_BYTES (64 * 1024 * 1024)
/* One frame in, one frame out, on the streaming thread (like jpegdec): no
 * extra threads and no latency unless asked for. */
#define DEFAULT_THREADS 1
#define MAX_THREADS     64

enum
{
  PROP_0,
  PROP_MAX_PIXELS,
  PROP_MAX_FRAME_BYTES,
  PROP_THREADS,
  PROP_IDCT_METHOD,
  PROP_JSON_POINTER,
  PROP_KEEP_DEPTH,
  PROP_REDUCE,
};

#define DEFAULT_REDUCE 1

/* The nicks are jpegdec's; the default is not: islow decodes the same
 * pixels as PIL, OpenCV and TurboJPEG's defaults. */
#define DEFAULT_IDCT_METHOD B64_JPEG_DCT_ISLOW
#define DEFAULT_KEEP_DEPTH  FALSE

#define GST_TYPE_B64IMG_IDCT_METHOD (gst_b64img_idct_method_get_type ())
static GType
gst_b64img_idct_method_get_type (void)
{
  static GType type = 0;
  static const GEnumValue values[] = {
    { B64_JPEG_DCT_ISLOW, "Slow but accurate integer DCT (libjpeg's default)",
        "islow" },
    { B64_JPEG_DCT_IFAST, "Faster, less accurate integer DCT", "ifast" },
    { B64_JPEG_DCT_FLOAT, "Floating-point DCT (slowest)", "float" },
    { 0, NULL, NULL },
  };

  if (g_once_init_enter (&type))
    g_once_init_leave (
        &type, g_enum_register_static ("GstB64ImgIdctMethod", values));
  return type;
}

#define GST_TYPE_B64IMG_REDUCE (gst_b64img_reduce_get_type ())
static GType
gst_b64img_reduce_get_type (void)
{
  static GType type = 0;
  static const GEnumValue values[] = {
    { 1, "Full size", "1" },
    { 2, "Half the width and height", "2" },
    { 4, "A quarter of the width and height", "4" },
    { 8, "An eighth of the width and height", "8" },
    { 0, NULL, NULL },
  };

  if (g_once_init_enter (&type))
    g_once_init_leave (
        &type, g_enum_register_static ("GstB64ImgReduce", values));
  return type;
}

typedef enum
{
  PAYLOAD_JPEG,
  PAYLOAD_PNG,
} Payload;

/* What a frame's header says, the layouts it decodes to without loss, and
 * the scale it is decoded at. */
typedef struct
{
  Payload payload;
  gint width; /* the image's own size */
  gint height;
  gint scale; /* eighths of that size decoded (8: full size) */
  gint out_width;
  gint out_height;
  GstVideoFormat native;  /* first choice */
  GstVideoFormat native2; /* second choice, or UNKNOWN */
  gboolean deep;          /* 16-bit PNG */
  B64JpegInfo jpeg;
} ImageInfo;

/* What a frame is decoded with: the properties, copied under the object
 * lock when the frame comes in. */
typedef struct
{
  guint64 max_pixels;
  guint max_frame_bytes; /* READY only: the framer's, set at start */
  gint threads;          /* READY only */
  B64JpegDct idct_method;
  gboolean keep_depth;
  gint reduce;
} DecSettings;

/* Scratch state of one job, reused from frame to frame. */
typedef struct
{
  B64Jpeg *jpeg;

  /* intermediate image and converter, for formats decoded indirectly */
  GstVideoInfo inter_info;
  GstBuffer *inter_buf;
  GstVideoConverter *convert;
  GstVideoInfo convert_in;
  GstVideoInfo convert_out;

  /* a reduced PNG at its own size, before the box filter */
  guint8 *png_full;
  gsize png_full_cap;
} DecCtx;

typedef enum
{
  JOB_DECODE,
  JOB_BAD,  /* dropped with a warning giving error's message */
  JOB_DROP, /* dropped silently: its flow was returned already */
} DecJobKind;

/* One frame on its way. */
typedef struct
{
  DecCtx ctx;
  GstVideoCodecFrame *frame;
  DecSettings set;
  DecJobKind kind;
  B64Error error; /* why a JOB_BAD is bad */
  ImageInfo info;
  GstVideoInfo out_info;
  const guint8 *data; /* the framer's buffer, or payload when in parallel */
  gsize size;
  guint8 *payload; /* the framer reuses its buffer */
  gsize payload_cap;
  GstTagList *tags; /* new tags from this frame on, or NULL */
} DecJob;

struct _GstB64ImgDec
{
  GstVideoDecoder parent;

  DecSettings props;   /* object lock */
  gchar *json_pointer; /* object lock; READY only: the framer's, at start */

  /* STREAM lock */
  GstVideoCodecState *input_state;
  B64Framer *framer;
  gboolean framed;
  gboolean stream_frame_ready; /* parse() ended a frame */
  gboolean in_binary;          /* skipping a binary image file's bytes */
  GstTagList *image_tags;      /* of the last frame prepared */
  B64ImageEnd binary_end;      /* where that file ends */
  B64Jpeg *jpeg;               /* headers */

  /* format choice, cached until the image layout or downstream changes */
  ImageInfo last;
  gboolean keep_depth; /* what out_format was chosen with */
  gint reduce;         /* what out_scale was chosen with */
  GstVideoFormat out_format;
  gint out_scale;

  GstB64ImgWorkers *workers;
};

#define gst_b64img_dec_parent_class parent_class
G_DEFINE_TYPE (GstB64ImgDec, gst_b64img_dec, GST_TYPE_VIDEO_DECODER);
/* MARGINAL, the lowest rank decodebin, playbin and gst-discoverer plug
 * (they list decoders of rank >= MARGINAL): image/x-base64 has no other
 * decoder to outrank, and a higher rank would only push b64imgdec ahead of
 * whatever a user or distribution ranks for the same caps. */
GST_ELEMENT_REGISTER_DEFINE (
    b64imgdec, "b64imgdec", GST_RANK_MARGINAL, GST_TYPE_B64IMG_DEC);

static GstStaticPadTemplate sink_template = GST_STATIC_PAD_TEMPLATE (
    "sink", GST_PAD_SINK, GST_PAD_ALWAYS, GST_STATIC_CAPS ("image/x-base64"));

static GstStaticPadTemplate src_template
    = GST_STATIC_PAD_TEMPLATE ("src", GST_PAD_SRC, GST_PAD_ALWAYS,
        GST_STATIC_CAPS (GST_VIDEO_CAPS_MAKE (GST_B64IMG_DEC_FORMATS)));

/* ---- bad frames ---------------------------------------------------------- */

/* Drops @frame with a warning giving @err's message: the one place a
 * failure, a module's or the element's, reaches the bus. max-errors
 * decides when it becomes fatal. */
static GstFlowReturn
drop_bad_frame (
    GstB64ImgDec *self, GstVideoCodecFrame *frame, const B64Error *err)
{
  GstFlowReturn ret = GST_FLOW_OK;
  gchar *text = gst_b64img_error_text ("Dropped a bad frame", err);

  GST_VIDEO_DECODER_ERROR (self, 1, STREAM, DECODE, ("%s", text), (NULL), ret);
  /* under max-errors the base class (1.22) only logs: tell the bus */
  if (ret == GST_FLOW_OK)
    GST_ELEMENT_WARNING (self, STREAM, DECODE, ("%s", text), (NULL));
  g_free (text);
  gst_video_decoder_drop_frame (GST_VIDEO_DECODER (self), frame);
  return ret;
}

/* ---- headers ------------------------------------------------------------- */

static gboolean
too_many_pixels (guint64 max_pixels, gint w, gint h, B64Error *err)
{
  if ((guint64) w * (guint64) h <= max_pixels)
    return FALSE;
  b64_error_set (err, GST_B64IMG_ERR_ELEMENT,
      "%dx%d image has more than max-pixels=%" G_GUINT64_FORMAT " pixels", w, h,
      max_pixels);
  return TRUE;
}

static gboolean
read_jpeg_info (GstB64ImgDec *self, const guint8 *data, gsize size,
    guint64 max_pixels, ImageInfo *info, B64Error *err)
{
  B64JpegInfo *j = &info->jpeg;

  if (!b64_jpeg_read_header (self->jpeg, data, size, j)) {
    gst_b64img_error_take (err, b64_jpeg_error (self->jpeg), "bad JPEG header");
    return FALSE;
  }
  info->payload = PAYLOAD_JPEG;
  info->width = j->width;
  info->height = j->height;
  info->native2 = GST_VIDEO_FORMAT_UNKNOWN;
  info->deep = FALSE;
  if (j->colorspace == B64_JPEG_CS_YCBCR || j->colorspace == B64_JPEG_CS_GRAY)
    info->native = gst_b64img_samp_to_format (j->samp);
  else
    info->native = GST_VIDEO_FORMAT_UNKNOWN;
  if (info->native == GST_VIDEO_FORMAT_UNKNOWN && j->samp == B64_JPEG_SAMP_440
      && j->colorspace == B64_JPEG_CS_YCBCR) {
    /* no GStreamer layout for 4:4:0 */
    info->native = GST_VIDEO_FORMAT_Y444;
    info->native2 = GST_VIDEO_FORMAT_RGB;
  } else if (info->native == GST_VIDEO_FORMAT_UNKNOWN) {
    info->native = GST_VIDEO_FORMAT_RGB; /* RGB, CMYK, YCCK */
  }
  return !too_many_pixels (max_pixels, j->width, j->height, err);
}

#if HAVE_SPNG
static GstVideoFormat
png_to_video_format (B64PngFormat f)
{
  switch (f) {
    case B64_PNG_GRAY8:
      return GST_VIDEO_FORMAT_GRAY8;
    case B64_PNG_RGB8:
      return GST_VIDEO_FORMAT_RGB;
    case B64_PNG_RGBA8:
      return GST_VIDEO_FORMAT_RGBA;
    case B64_PNG_GRAY16_BE:
      return GST_VIDEO_FORMAT_GRAY16_BE;
    case B64_PNG_GRAY16_LE:
      return GST_VIDEO_FORMAT_GRAY16_LE;
    case B64_PNG_RGBA16_BE:
      return GST_VIDEO_FORMAT_RGBA64_BE;
    case B64_PNG_RGBA16_LE:
      return GST_VIDEO_FORMAT_RGBA64_LE;
    default:
      return GST_VIDEO_FORMAT_UNKNOWN;
  }
}

/* The PNG layouts the wrapper writes straight into a frame. */
static gboolean
video_to_png_format (GstVideoFormat v, B64PngFormat *f)
{
  for (gint i = B64_PNG_GRAY8; i <= B64_PNG_RGBA16_LE; i++) {
    if (png_to_video_format ((B64PngFormat) i) == v) {
      *f = (B64PngFormat) i;
      return TRUE;
    }
  }
  return FALSE;
}

static gboolean
read_png_info (const guint8 *data, gsize size, guint64 max_pixels,
    ImageInfo *info, B64Error *err)
{
  B64PngInfo png;

  if (!b64_png_read_header (data, size, max_pixels, &png, err)) {
    gst_b64img_error_take (err, err, "bad PNG header");
    return FALSE;
  }
  info->payload = PAYLOAD_PNG;
  info->width = png.width;
  info->height = png.height;
  info->native = png_to_video_format (png.native);
  info->deep = png.bit_depth == 16;
  info->native2 = info->deep ? png_to_video_format (png.native16)
                             : GST_VIDEO_FORMAT_UNKNOWN;
  return TRUE;
}
#endif

#if HAVE_SPNG
#define DECODED_TYPES "JPEG and PNG are"
#else
#define DECODED_TYPES "JPEG is"
#endif

static void
describe_unknown (const guint8 *data, gsize size, B64Error *err)
{
  static const struct
  {
    const gchar *magic;
    const gchar *name;
  } known[] = {
    { "GIF8", "GIF" },
    { "BM", "BMP" },
    { "RIFF", "RIFF/WebP" },
    { "II*", "TIFF" },
    { "MM", "TIFF" },
    { "\x89PNG", "PNG (not built with libspng)" },
  };
  const gchar *name = NULL;

  if (size == 0) {
    b64_error_set (err, GST_B64IMG_ERR_ELEMENT, "empty image");
    return;
  }
  for (guint i = 0; i < G_N_ELEMENTS (known) && !name; i++) {
    gsize n = strlen (known[i].magic);
    if (size >= n && memcmp (data, known[i].magic, n) == 0)
      name = known[i].name;
  }
  b64_error_set (err, GST_B64IMG_ERR_ELEMENT,
      "unsupported image (%s, first bytes %02x %02x %02x %02x): "
      "only " DECODED_TYPES " decoded",
      name ? name : "unknown", data[0], size > 1 ? data[1] : 0,
      size > 2 ? data[2] : 0, size > 3 ? data[3] : 0);
}

static gboolean
read_image_info (GstB64ImgDec *self, const guint8 *data, gsize size,
    guint64 max_pixels, ImageInfo *info, B64Error *err)
{
  /* the payload decides, whatever a data URI's mime type said */
  if (b64_jpeg_sniff (data, size))
    return read_jpeg_info (self, data, size, max_pixels, info, err);
#if HAVE_SPNG
  if (b64_png_sniff (data, size))
    return read_png_info (data, size, max_pixels, info, err);
#endif
  describe_unknown (data, size, err);
  return FALSE;
}

/* ---- output format ------------------------------------------------------- */

static gboolean
caps_accept_format (GstCaps *peer, GstVideoFormat format)
{
  GstCaps *caps;
  gboolean ok;

  if (format == GST_VIDEO_FORMAT_UNKNOWN)
    return FALSE;
  caps = gst_caps_new_simple ("video/x-raw", "format", G_TYPE_STRING,
      gst_video_format_to_string (format), NULL);
  ok = gst_caps_can_intersect (peer, caps);
  gst_caps_unref (caps);
  return ok;
}

/* First format of @peer (already our template's subset) in downstream's
 * order: of any depth (@depth 0), 8 bits or less (8) or more (16). */
static GstVideoFormat
first_peer_format (GstCaps *peer, guint depth)
{
  for (guint i = 0; i < gst_caps_get_size (peer); i++) {
    const GValue *v
        = gst_structure_get_value (gst_caps_get_structure (peer, i), "format");
    guint n = v && GST_VALUE_HOLDS_LIST (v) ? gst_value_list_get_size (v) : 1;

    for (guint k = 0; v && k < n; k++) {
      const GValue *s
          = GST_VALUE_HOLDS_LIST (v) ? gst_value_list_get_value (v, k) : v;
      GstVideoFormat f;
      guint d;

      if (!G_VALUE_HOLDS_STRING (s))
        continue;
      f = gst_video_format_from_string (g_value_get_string (s));
      if (f == GST_VIDEO_FORMAT_UNKNOWN)
        continue;
      d = GST_VIDEO_FORMAT_INFO_DEPTH (gst_video_format_get_info (f), 0);
      if (depth == 0 || (depth > 8) == (d > 8))
        return f;
    }
  }
  return GST_VIDEO_FORMAT_UNKNOWN;
}

/* Downstream's caps, in its order, as far as our template goes; NULL when
 * it takes anything (or nothing: negotiation then says so). */
static GstCaps *
query_peer_caps (GstB64ImgDec *self)
{
  GstPad *srcpad = GST_VIDEO_DECODER_SRC_PAD (self);
  GstCaps *templ = gst_pad_get_pad_template_caps (srcpad);
  GstCaps *peer = gst_pad_peer_query_caps (srcpad, NULL);

  /* downstream's order first: as a query filter the template would win */
  if (peer) {
    GstCaps *ours
        = gst_caps_intersect_full (peer, templ, GST_CAPS_INTERSECT_FIRST);
    gst_caps_unref (peer);
    peer = ours;
  }
  gst_caps_unref (templ);
  if (peer && (gst_caps_is_empty (peer) || gst_caps_is_any (peer)))
    gst_clear_caps (&peer);
  return peer;
}

static gboolean
caps_accept_size (GstCaps *peer, gint width, gint height)
{
  GstCaps *caps = gst_caps_new_simple ("video/x-raw", "width", G_TYPE_INT,
      width, "height", G_TYPE_INT, height, NULL);
  gboolean ok = gst_caps_can_intersect (peer, caps);

  gst_caps_unref (caps);
  return ok;
}

/* The scale, in eighths, of @reduce; or, when downstream's caps refuse
 * that size, the largest smaller one that gives a size they take: n/8 for
 * a JPEG (libjpeg's scaling), 1/2, 1/4 or 1/8 for a PNG (the box filter).
 * Else @reduce's, and negotiation fails as it would without scaling. */
static gint
choose_scale (
    GstB64ImgDec *self, const ImageInfo *info, gint reduce, GstCaps *peer)
{
  gint base = 8 / reduce;

  if (!peer
      || caps_accept_size (peer, b64_jpeg_scaled (info->width, base),
          b64_jpeg_scaled (info->height, base)))
    return base;
  for (gint n = base - 1; n >= 1; n--) {
    if (info->payload == PAYLOAD_PNG && 8 % n != 0)
      continue;
    if (caps_accept_size (peer, b64_jpeg_scaled (info->width, n),
            b64_jpeg_scaled (info->height, n))) {
      GST_DEBUG_OBJECT (
          self, "downstream takes %d/8 of %dx%d", n, info->width, info->height);
      return n;
    }
  }
  return base;
}

/* A 16-bit PNG's 16-bit layout, or downstream's first 16-bit format. */
static GstVideoFormat
deep_format (GstCaps *peer, const ImageInfo *info)
{
  return caps_accept_format (peer, info->native2)
             ? info->native2
             : first_peer_format (peer, 16);
}

/* The image's own layout when downstream takes it; 16-bit PNG stays 16-bit
 * when downstream takes nothing of 8 bits, or with @keep_depth whenever
 * downstream takes a 16-bit format; else downstream's first choice. */
static GstVideoFormat
choose_format (GstB64ImgDec *self, const ImageInfo *info, gboolean keep_depth,
    GstCaps *peer)
{
  GstVideoFormat f;

  keep_depth = keep_depth && info->deep;
  if (!peer)
    f = keep_depth ? info->native2 : info->native;
  else if (keep_depth && deep_format (peer, info) != GST_VIDEO_FORMAT_UNKNOWN)
    f = deep_format (peer, info);
  else if (caps_accept_format (peer, info->native))
    f = info->native;
  else if (info->deep
           && first_peer_format (peer, 8) == GST_VIDEO_FORMAT_UNKNOWN)
    f = deep_format (peer, info);
  else if (!info->deep && caps_accept_format (peer, info->native2))
    f = info->native2;
  else
    f = first_peer_format (peer, info->deep ? 8 : 0);
  if (f == GST_VIDEO_FORMAT_UNKNOWN)
    f = info->native;
  GST_DEBUG_OBJECT (self, "native %s, output %s",
      gst_video_format_to_string (info->native),
      gst_video_format_to_string (f));
  return f;
}

static gboolean
same_layout (const ImageInfo *a, const ImageInfo *b)
{
  return a->payload == b->payload && a->width == b->width
         && a->height == b->height && a->native == b->native
         && a->native2 == b->native2 && a->deep == b->deep;
}

/* JPEG YUV is full-range BT.601 (JFIF), sited in the centre. */
static void
set_jpeg_colorimetry (GstVideoInfo *info)
{
  if (!GST_VIDEO_INFO_IS_YUV (info))
    return;
  info->colorimetry.range = GST_VIDEO_COLOR_RANGE_0_255;
  info->colorimetry.matrix = GST_VIDEO_COLOR_MATRIX_BT601;
  info->colorimetry.transfer = GST_VIDEO_TRANSFER_UNKNOWN;
  info->colorimetry.primaries = GST_VIDEO_COLOR_PRIMARIES_UNKNOWN;
  info->chroma_site = GST_VIDEO_CHROMA_SITE_JPEG;
}

/* Chooses the scale and format (again when the image's layout, the
 * settings they depend on or downstream changed), sets @info's output size
 * and negotiates it unless it is negotiated already. A refusal while
 * downstream flushes is no error: FLUSHING. */
static GstFlowReturn
ensure_output (GstB64ImgDec *self, ImageInfo *info, const DecSettings *set)
{
  GstVideoDecoder *dec = GST_VIDEO_DECODER (self);
  GstVideoCodecState *state;
  GstFlowReturn ret;

  if (!same_layout (info, &self->last) || set->keep_depth != self->keep_depth
      || set->reduce != self->reduce
      || gst_pad_needs_reconfigure (GST_VIDEO_DECODER_SRC_PAD (self))
      || self->out_format == GST_VIDEO_FORMAT_UNKNOWN) {
    GstCaps *peer = query_peer_caps (self);

    self->out_scale = choose_scale (self, info, set->reduce, peer);
    self->out_format = choose_format (self, info, set->keep_depth, peer);
    if (peer)
      gst_caps_unref (peer);
    self->last = *info;
    self->keep_depth = set->keep_depth;
    self->reduce = set->reduce;
  }
  info->scale = self->out_scale;
  info->out_width = b64_jpeg_scaled (info->width, info->scale);
  info->out_height = b64_jpeg_scaled (info->height, info->scale);

  state = gst_video_decoder_get_output_state (dec);
  if (state && GST_VIDEO_INFO_FORMAT (&state->info) == self->out_format
      && state->info.width == info->out_width
      && state->info.height == info->out_height) {
    gst_video_codec_state_unref (state);
    return GST_FLOW_OK;
  }
  if (state)
    gst_video_codec_state_unref (state);

  /* the frames in flight go out with the caps they were decoded for */
  ret = gst_b64img_workers_drain (self->workers);
  if (ret != GST_FLOW_OK)
    return ret;
  GST_DEBUG_OBJECT (self, "%s %dx%d image: output %s %dx%d (scale %d/8)",
      info->payload == PAYLOAD_PNG ? "PNG" : "JPEG", info->width, info->height,
      gst_video_format_to_string (self->out_format), info->out_width,
      info->out_height, info->scale);
  state = gst_video_decoder_set_output_state (dec, self->out_format,
      info->out_width, info->out_height, self->input_state);
  set_jpeg_colorimetry (&state->info);
  gst_video_codec_state_unref (state);
  if (gst_video_decoder_negotiate (dec))
    return GST_FLOW_OK;
  if (GST_PAD_IS_FLUSHING (GST_VIDEO_DECODER_SRC_PAD (self)))
    return GST_FLOW_FLUSHING;
  GST_ELEMENT_ERROR (self, CORE, NEGOTIATION, (NULL),
      ("Downstream refused %s %dx%d",
          gst_video_format_to_string (self->out_format), info->out_width,
          info->out_height));
  return GST_FLOW_NOT_NEGOTIATED;
}

/* ---- decoding ------------------------------------------------------------ */

static gboolean
decode_jpeg_planes (
    DecCtx *ctx, const guint8 *data, gsize size, GstVideoFrame *f)
{
  guint8 *planes[3] = { NULL, NULL, NULL };
  gint strides[3] = { 0, 0, 0 };
  guint n = GST_VIDEO_FRAME_N_COMPONENTS (f);

  for (guint i = 0; i < n; i++) {
    planes[i] = GST_VIDEO_FRAME_COMP_DATA (f, i);
    strides[i] = GST_VIDEO_FRAME_COMP_STRIDE (f, i);
  }
  return b64_jpeg_decode_planes (ctx->jpeg, data, size, planes, strides);
}

/* A scratch frame in GStreamer's default layout, kept from frame to frame. */
static gboolean
map_intermediate (DecCtx *ctx, GstVideoFormat format, const GstVideoInfo *out,
    GstVideoFrame *f)
{
  GstVideoInfo info;

  gst_video_info_set_format (&info, format, out->width, out->height);
  /* GstVideoConverter wants the same rate and aspect on both sides */
  info.fps_n = out->fps_n;
  info.fps_d = out->fps_d;
  info.par_n = out->par_n;
  info.par_d = out->par_d;
  set_jpeg_colorimetry (&info);
  if (!ctx->inter_buf || !gst_video_info_is_equal (&info, &ctx->inter_info)) {
    gst_clear_buffer (&ctx->inter_buf);
    ctx->inter_info = info;
    ctx->inter_buf = gst_buffer_new_allocate (NULL, info.size, NULL);
    if (!ctx->inter_buf)
      return FALSE;
  }
  return gst_video_frame_map (
      f, &ctx->inter_info, ctx->inter_buf, GST_MAP_READWRITE);
}

static gboolean
convert_frame (DecCtx *ctx, GstVideoFrame *in, GstVideoFrame *out)
{
  if (!ctx->convert || !gst_video_info_is_equal (&in->info, &ctx->convert_in)
      || !gst_video_info_is_equal (&out->info, &ctx->convert_out)) {
    g_clear_pointer (&ctx->convert, gst_video_converter_free);
    ctx->convert_in = in->info;
    ctx->convert_out = out->info;
    ctx->convert
        = gst_video_converter_new (&ctx->convert_in, &ctx->convert_out, NULL);
    if (!ctx->convert)
      return FALSE;
  }
  gst_video_converter_frame (ctx->convert, in, out);
  return TRUE;
}

/* 4:4:0 has no GStreamer layout: decode its planes into a Y444 frame and
 * double the chroma rows in place, bottom up. */
static gboolean
decode_jpeg_440 (DecCtx *ctx, const guint8 *data, gsize size, GstVideoFrame *f)
{
  gint h = GST_VIDEO_FRAME_HEIGHT (f), w = GST_VIDEO_FRAME_WIDTH (f);

  if (!decode_jpeg_planes (ctx, data, size, f))
    return FALSE;
  for (guint i = 1; i < 3; i++) {
    guint8 *p = GST_VIDEO_FRAME_COMP_DATA (f, i);
    gint stride = GST_VIDEO_FRAME_COMP_STRIDE (f, i);

    /* row y / 2 < ceil (h / 2) always: every row has its source */
    for (gint y = h - 1; y >= 0; y--)
      memmove (p + (gsize) y * stride, p + (gsize) (y / 2) * stride, w);
  }
  return TRUE;
}

/* 4:1:1 into a Y42B frame: its chroma planes are decoded at a quarter of
 * the width, then each sample is doubled in place, right to left (libjpeg
 * also replicates 4:1:1 chroma). Any other output of a 4:1:1 JPEG is
 * converted from this Y42B, never from Y41B: GstVideoConverter unpacks Y41B
 * with ORC's video_orc_unpack_YUV9, whose arm64 NEON code (ORC 0.4.33)
 * takes every chroma sample one pixel pair late when its destination line
 * is 8 bytes off a 16-byte boundary, so YUY2, NV12, ... came out with
 * chroma shifted by 2 pixels (ORC_CODE=backup, the C code, is right). */
static gboolean
decode_jpeg_411 (DecCtx *ctx, const guint8 *data, gsize size, GstVideoFrame *f)
{
  gint h = GST_VIDEO_FRAME_HEIGHT (f);

  if (!decode_jpeg_planes (ctx, data, size, f))
    return FALSE;
  for (guint i = 1; i < 3; i++) {
    guint8 *p = GST_VIDEO_FRAME_COMP_DATA (f, i);
    gint stride = GST_VIDEO_FRAME_COMP_STRIDE (f, i);
    gint cw = GST_VIDEO_FRAME_COMP_WIDTH (f, i);

    /* x / 2 < ceil (w / 4) always: every sample has its source */
    for (gint y = 0; y < h; y++)
      gst_b64img_double_row (
          p + (gsize) y * stride, p + (gsize) y * stride, cw);
  }
  return TRUE;
}

/* Decodes into the image's own layout in a scratch frame, then converts. */
static gboolean
decode_jpeg_indirect (DecCtx *ctx, const guint8 *data, gsize size,
    const ImageInfo *info, GstVideoFrame *out)
{
  GstVideoFrame inter;
  GstVideoFormat format = info->native;
  gboolean ok;

  if (format == GST_VIDEO_FORMAT_Y41B)
    format = GST_VIDEO_FORMAT_Y42B; /* see decode_jpeg_411 */
  if (!map_intermediate (ctx, format, &out->info, &inter))
    return FALSE;
  if (info->jpeg.samp == B64_JPEG_SAMP_440 && format == GST_VIDEO_FORMAT_Y444)
    ok = decode_jpeg_440 (ctx, data, size, &inter);
  else if (info->native == GST_VIDEO_FORMAT_Y41B)
    ok = decode_jpeg_411 (ctx, data, size, &inter);
  else if (format == GST_VIDEO_FORMAT_RGB)
    ok = b64_jpeg_decode_packed (ctx->jpeg, data, size,
        GST_VIDEO_FRAME_PLANE_DATA (&inter, 0),
        GST_VIDEO_FRAME_PLANE_STRIDE (&inter, 0), B64_JPEG_PF_RGB);
  else
    ok = decode_jpeg_planes (ctx, data, size, &inter);
  GST_CAT_LOG (GST_CAT_PERFORMANCE,
      "no direct path to %s: JPEG decoded to %s%s",
      gst_video_format_to_string (GST_VIDEO_FRAME_FORMAT (out)),
      gst_video_format_to_string (format),
      GST_VIDEO_FRAME_FORMAT (out) == format ? " and copied" : ", converted");
  if (ok && GST_VIDEO_FRAME_FORMAT (out) == format)
    ok = gst_video_frame_copy (out, &inter);
  else if (ok)
    ok = convert_frame (ctx, &inter, out);
  gst_video_frame_unmap (&inter);
  return ok;
}

static gboolean
decode_jpeg (DecCtx *ctx, const guint8 *data, gsize size, const ImageInfo *info,
    GstVideoFrame *out)
{
  GstVideoFormat format = GST_VIDEO_FRAME_FORMAT (out);
  gboolean yuv_file = info->jpeg.colorspace == B64_JPEG_CS_YCBCR
                      || info->jpeg.colorspace == B64_JPEG_CS_GRAY;
  gboolean cmyk = !yuv_file && info->jpeg.colorspace != B64_JPEG_CS_RGB;
  B64JpegSamp samp;
  B64JpegPixel pf;

  if (yuv_file && gst_b64img_format_to_samp (format, &samp)
      && samp == info->jpeg.samp)
    return decode_jpeg_planes (ctx, data, size, out);
  if (yuv_file && info->jpeg.samp == B64_JPEG_SAMP_440
      && format == GST_VIDEO_FORMAT_Y444)
    return decode_jpeg_440 (ctx, data, size, out);
  if (yuv_file && info->jpeg.samp == B64_JPEG_SAMP_411
      && format == GST_VIDEO_FORMAT_Y42B)
    return decode_jpeg_411 (ctx, data, size, out);
  if (gst_b64img_format_to_pixel (format, &pf))
    return b64_jpeg_decode_packed (ctx->jpeg, data, size,
        GST_VIDEO_FRAME_PLANE_DATA (out, 0),
        GST_VIDEO_FRAME_PLANE_STRIDE (out, 0), pf);
  if (format == GST_VIDEO_FORMAT_GRAY8 && !cmyk)
    return b64_jpeg_decode_packed (ctx->jpeg, data, size,
        GST_VIDEO_FRAME_PLANE_DATA (out, 0),
        GST_VIDEO_FRAME_PLANE_STRIDE (out, 0), B64_JPEG_PF_GRAY);
  return decode_jpeg_indirect (ctx, data, size, info, out);
}

#if HAVE_SPNG
/* Decodes into @dst, through a full-size scratch and the box filter when
 * the image is reduced. */
static gboolean
decode_png_pixels (DecCtx *ctx, const guint8 *data, gsize size,
    const ImageInfo *info, guint64 max_pixels, B64PngFormat pf, guint8 *dst,
    gsize stride, B64Error *err)
{
  gsize full_stride = (gsize) info->width * b64_png_format_bpp (pf);
  gsize need = full_stride * info->height;

  if (info->scale == 8)
    return b64_png_decode (data, size, max_pixels, pf, dst, stride, err);
  if (need > ctx->png_full_cap) {
    g_free (ctx->png_full);
    ctx->png_full = g_try_malloc (need);
    ctx->png_full_cap = ctx->png_full ? need : 0;
    if (!ctx->png_full)
      return b64_error_set (
          err, GST_B64IMG_ERR_ELEMENT, "out of memory for the image");
  }
  if (!b64_png_decode (
          data, size, max_pixels, pf, ctx->png_full, full_stride, err))
    return FALSE;
  b64_png_reduce (ctx->png_full, full_stride, info->width, info->height, pf,
      8 / info->scale, dst, stride);
  return TRUE;
}

static gboolean
decode_png (DecCtx *ctx, const guint8 *data, gsize size, const ImageInfo *info,
    guint64 max_pixels, GstVideoFrame *out, B64Error *err)
{
  GstVideoFrame inter;
  B64PngFormat pf = B64_PNG_RGBA8;
  gboolean ok;

  if (video_to_png_format (GST_VIDEO_FRAME_FORMAT (out), &pf)) {
    ok = decode_png_pixels (ctx, data, size, info, max_pixels, pf,
        GST_VIDEO_FRAME_PLANE_DATA (out, 0),
        GST_VIDEO_FRAME_PLANE_STRIDE (out, 0), err);
  } else {
    video_to_png_format (info->native, &pf);
    GST_CAT_LOG (GST_CAT_PERFORMANCE,
        "no direct path to %s: PNG decoded to %s, converted",
        gst_video_format_to_string (GST_VIDEO_FRAME_FORMAT (out)),
        gst_video_format_to_string (info->native));
    if (!map_intermediate (ctx, info->native, &out->info, &inter))
      return FALSE;
    ok = decode_png_pixels (ctx, data, size, info, max_pixels, pf,
        GST_VIDEO_FRAME_PLANE_DATA (&inter, 0),
        GST_VIDEO_FRAME_PLANE_STRIDE (&inter, 0), err);
    if (ok)
      ok = convert_frame (ctx, &inter, out);
    gst_video_frame_unmap (&inter);
  }
  if (!ok)
    gst_b64img_error_take (err, err, "PNG could not be decoded");
  return ok;
}
#endif

static gboolean
decode_image (DecCtx *ctx, const guint8 *data, gsize size,
    const ImageInfo *info, guint64 max_pixels, GstVideoFrame *out,
    B64Error *err)
{
#if HAVE_SPNG
  if (info->payload == PAYLOAD_PNG)
    return decode_png (ctx, data, size, info, max_pixels, out, err);
#else
  (void) max_pixels;
#endif
  if (decode_jpeg (ctx, data, size, info, out))
    return TRUE;
  gst_b64img_error_take (
      err, b64_jpeg_error (ctx->jpeg), "JPEG could not be decoded");
  return FALSE;
}

/* ---- frames ------------------------------------------------------------- */

static gboolean
copy_payload (DecJob *job, const guint8 *data, gsize size)
{
  if (job->payload_cap < size) {
    g_free (job->payload);
    job->payload = g_try_malloc (size);
    job->payload_cap = job->payload ? size : 0;
    if (!job->payload)
      return FALSE;
  }
  memcpy (job->payload, data, size);
  job->data = job->payload;
  return TRUE;
}

/* ---- tags ---------------------------------------------------------------- */

/* The TIFF data of a JPEG's EXIF segment (APP1 "Exif\0\0"), looked for
 * among the marker segments before the first scan. */
static gboolean
find_exif (const guint8 *data, gsize size, const guint8 **tiff, gsize *len)
{
  GstByteReader r;
  guint8 marker = 0;
  guint16 seg;

  gst_byte_reader_init (&r, data, size);
  if (!gst_byte_reader_skip (&r, 2)) /* SOI */
    return FALSE;
  while (gst_byte_reader_get_uint8 (&r, &marker) && marker == 0xff) {
    while (gst_byte_reader_peek_uint8 (&r, &marker) && marker == 0xff)
      gst_byte_reader_skip_unchecked (&r, 1); /* fill bytes */
    if (!gst_byte_reader_get_uint8 (&r, &marker) || marker == 0xda
        || marker == 0xd9)
      return FALSE; /* the scan (or the end) comes before any EXIF */
    if ((marker >= 0xd0 && marker <= 0xd7) || marker == 0x01)
      continue; /* no length */
    if (!gst_byte_reader_get_uint16_be (&r, &seg) || seg < 2
        || gst_byte_reader_get_remaining (&r) < seg - 2u)
      return FALSE;
    if (marker == 0xe1 && seg >= 2 + 6 + 8
        && memcmp (gst_byte_reader_peek_data_unchecked (&r), "Exif\0\0", 6)
               == 0) {
      *tiff = gst_byte_reader_peek_data_unchecked (&r) + 6;
      *len = seg - 2 - 6;
      return TRUE;
    }
    gst_byte_reader_skip_unchecked (&r, seg - 2);
  }
  return FALSE;
}

#if HAVE_SPNG
/* PNG's registered keywords that have a GStreamer tag; any other keyword
 * becomes an extended comment "key=value". */
static const struct
{
  const gchar *key, *tag;
} png_keys[] = {
  { "Title", GST_TAG_TITLE },
  { "Author", GST_TAG_ARTIST },
  { "Description", GST_TAG_DESCRIPTION },
  { "Copyright", GST_TAG_COPYRIGHT },
  { "Comment", GST_TAG_COMMENT },
  { "Software", GST_TAG_APPLICATION_NAME },
  { "Source", GST_TAG_DEVICE_MODEL },
  { "Disclaimer", GST_TAG_LICENSE },
};

static void
add_png_text (
    const char *key, const char *text, size_t len, bool utf8, void *user)
{
  GstTagList *tags = user;
  gchar *value
      = utf8 ? g_strndup (text, len)
             : g_convert (text, len, "UTF-8", "ISO-8859-1", NULL, NULL, NULL);
  gchar *k = g_convert (key, -1, "UTF-8", "ISO-8859-1", NULL, NULL, NULL);
  const gchar *tag = NULL;

  if (!value || !k || !g_utf8_validate (value, -1, NULL))
    goto done; /* an iTXt that is not UTF-8, or a NUL inside */
  for (guint i = 0; i < G_N_ELEMENTS (png_keys); i++)
    if (strcmp (k, png_keys[i].key) == 0)
      tag = png_keys[i].tag;
  if (!tag) {
    gchar *kv = g_strdup_printf ("%s=%s", k, value);

    gst_tag_list_add (
        tags, GST_TAG_MERGE_APPEND, GST_TAG_EXTENDED_COMMENT, kv, NULL);
    g_free (kv);
  } else {
    gst_tag_list_add (tags, GST_TAG_MERGE_APPEND, tag, value, NULL);
  }
done:
  g_free (k);
  g_free (value);
}
#endif

/* The frame's tags: its EXIF ones (GStreamer's EXIF reader), a PNG's text
 * chunks, and always an image-orientation (rotate-0 without one), so that
 * a frame without EXIF after a rotated one turns videoflip
 * video-direction=auto back. */
static GstTagList *
image_tags (const ImageInfo *info, const guint8 *data, gsize size)
{
  GstTagList *tags = NULL;
  const guint8 *tiff;
  gsize len;

  if (info->payload == PAYLOAD_JPEG && find_exif (data, size, &tiff, &len)) {
    GstBuffer *buf = gst_buffer_new_wrapped_full (
        GST_MEMORY_FLAG_READONLY, (gpointer) tiff, len, 0, len, NULL, NULL);

    tags = gst_tag_list_from_exif_buffer_with_tiff_header (buf);
    gst_buffer_unref (buf);
  }
  if (!tags)
    tags = gst_tag_list_new_empty ();
#if HAVE_SPNG
  /* text chunks: a walk over the chunk headers, no decoding */
  if (info->payload == PAYLOAD_PNG)
    b64_png_for_each_text (data, size, add_png_text, tags);
#endif
  if (!gst_tag_list_get_tag_size (tags, GST_TAG_IMAGE_ORIENTATION))
    gst_tag_list_add (tags, GST_TAG_MERGE_REPLACE, GST_TAG_IMAGE_ORIENTATION,
        "rotate-0", NULL);
  return tags;
}

/* Frames are prepared in order: @job carries the tags when they differ
 * from the previous frame's, and its finish (in order too) sets them. */
static void
note_tags (GstB64ImgDec *self, DecJob *job, const guint8 *data, gsize size)
{
  GstTagList *tags = image_tags (&job->info, data, size);

  if (self->image_tags && gst_tag_list_is_equal (tags, self->image_tags)) {
    gst_tag_list_unref (tags);
    return;
  }
  GST_DEBUG_OBJECT (self, "new image tags %" GST_PTR_FORMAT, tags);
  gst_tag_list_replace (&self->image_tags, tags);
  job->tags = tags;
}

/* On the streaming thread, in order: header, output format and buffer.
 * Returns the flow of a frame that is only to be dropped (kind JOB_DROP),
 * else OK with kind JOB_DECODE, or JOB_BAD and its error. */
static GstFlowReturn
prepare_job (GstB64ImgDec *self, DecJob *job, const guint8 *data, gsize size)
{
  GstVideoDecoder *dec = GST_VIDEO_DECODER (self);
  GstVideoCodecState *state;
  GstFlowReturn ret;

  job->kind = JOB_BAD;
  if (!read_image_info (
          self, data, size, job->set.max_pixels, &job->info, &job->error))
    return GST_FLOW_OK;
  note_tags (self, job, data, size);
  ret = ensure_output (self, &job->info, &job->set);
  if (ret == GST_FLOW_OK)
    ret = gst_video_decoder_allocate_output_frame (dec, job->frame);
  if (ret != GST_FLOW_OK) {
    job->kind = JOB_DROP;
    return ret;
  }
  /* in parallel the framer's buffer is reused before the work is done */
  job->data = data;
  job->size = size;
  if (gst_b64img_workers_n (self->workers) > 1
      && !copy_payload (job, data, size)) {
    b64_error_set (
        &job->error, GST_B64IMG_ERR_ELEMENT, "out of memory for the image");
    return GST_FLOW_OK;
  }
  state = gst_video_decoder_get_output_state (dec);
  job->out_info = state->info;
  gst_video_codec_state_unref (state);
  job->kind = JOB_DECODE;
  return GST_FLOW_OK;
}

static void
work_job (gpointer data, G_GNUC_UNUSED gpointer user_data)
{
  DecJob *job = data;
  GstVideoFrame out;

  if (!job->ctx.jpeg && !(job->ctx.jpeg = b64_jpeg_new ())) {
    b64_error_set (&job->error, GST_B64IMG_ERR_ELEMENT,
        "could not start the JPEG decoder");
    job->kind = JOB_BAD;
    return;
  }
  b64_jpeg_set_dct (job->ctx.jpeg, job->set.idct_method);
  b64_jpeg_set_scale (job->ctx.jpeg, job->info.scale);
  if (!gst_video_frame_map (
          &out, &job->out_info, job->frame->output_buffer, GST_MAP_WRITE)) {
    b64_error_set (
        &job->error, GST_B64IMG_ERR_ELEMENT, "could not map the output buffer");
    job->kind = JOB_BAD;
    return;
  }
  if (!decode_image (&job->ctx, job->data, job->size, &job->info,
          job->set.max_pixels, &out, &job->error))
    job->kind = JOB_BAD;
  gst_video_frame_unmap (&out);
}

static GstFlowReturn
finish_job (gpointer data, gpointer user_data)
{
  GstB64ImgDec *self = GST_B64IMG_DEC (user_data);
  GstVideoDecoder *dec = GST_VIDEO_DECODER (self);
  DecJob *job = data;
  GstVideoCodecFrame *frame = job->frame;
  GstFlowReturn ret = GST_FLOW_OK;

  job->frame = NULL;
  if (job->tags) {
    /* pushed before the next frame out */
    gst_video_decoder_merge_tags (dec, job->tags, GST_TAG_MERGE_REPLACE);
    g_clear_pointer (&job->tags, gst_tag_list_unref);
  }
  if (job->kind == JOB_DECODE) {
    GST_LOG_OBJECT (self,
        "frame %u (slot %u): %" G_GSIZE_FORMAT "-byte %s %dx%d to %s %dx%d",
        frame->system_frame_number,
        gst_b64img_workers_slot (self->workers, job), job->size,
        job->info.payload == PAYLOAD_PNG ? "PNG" : "JPEG", job->info.width,
        job->info.height,
        gst_video_format_to_string (GST_VIDEO_INFO_FORMAT (&job->out_info)),
        GST_VIDEO_INFO_WIDTH (&job->out_info),
        GST_VIDEO_INFO_HEIGHT (&job->out_info));
    ret = gst_video_decoder_finish_frame (dec, frame);
  } else if (job->kind == JOB_DROP)
    gst_video_decoder_release_frame (dec, frame);
  else
    ret = drop_bad_frame (self, frame, &job->error);
  b64_error_clear (&job->error);
  return ret;
}

static void
discard_job (gpointer data, G_GNUC_UNUSED gpointer user_data)
{
  DecJob *job = data;

  g_clear_pointer (&job->frame, gst_video_codec_frame_unref);
  b64_error_clear (&job->error);
  g_clear_pointer (&job->tags, gst_tag_list_unref);
}

static void
clear_job (gpointer data, G_GNUC_UNUSED gpointer user_data)
{
  DecJob *job = data;
  DecCtx *ctx = &job->ctx;

  g_clear_pointer (&ctx->jpeg, b64_jpeg_free);
  g_clear_pointer (&ctx->convert, gst_video_converter_free);
  gst_clear_buffer (&ctx->inter_buf);
  g_free (ctx->png_full);
  g_free (job->payload);
}

/* Queues @frame to be decoded from @text, or dropped in its turn with
 * @bad set or a bad @text. A flow of downstream's met meanwhile, or of
 * this frame's preparation, is returned at once. */
static GstFlowReturn
queue_frame (GstB64ImgDec *self, GstVideoCodecFrame *frame,
    const B64Frame *text, const B64Error *bad)
{
  DecJob *job;
  GstFlowReturn ret, prepared = GST_FLOW_OK;

  job = gst_b64img_workers_acquire (self->workers, &ret);
  if (!job) {
    gst_video_decoder_release_frame (GST_VIDEO_DECODER (self), frame);
    return ret;
  }
  job->frame = frame;
  if (text && text->error.code == B64_FRAME_OK && text->has_pts
      && text->pts >= 0)
    frame->pts = (GstClockTime) text->pts; /* a JSON frame's own */
  GST_OBJECT_LOCK (self);
  job->set = self->props;
  GST_OBJECT_UNLOCK (self);
  job->kind = JOB_BAD;
  if (!bad && text->error.code != B64_FRAME_OK)
    bad = &text->error;
  if (bad)
    gst_b64img_error_take (&job->error, bad, "bad text");
  else
    prepared = prepare_job (self, job, text->data, text->size);
  ret = gst_b64img_workers_submit (self->workers, job, job->kind == JOB_DECODE);
  return prepared != GST_FLOW_OK ? prepared : ret;
}

/* ---- binary image files ------------------------------------------------ */

/* A binary JPEG or PNG where base64 text was expected (filesrc
 * location=photo.jpg ! b64imgdec) is a common mistake. Base64 text never
 * holds these bytes, so their signatures tell it. Returns "JPEG", "PNG" or
 * NULL; *more: too few bytes to tell yet. */
static const gchar *
binary_image_kind (const guint8 *data, gsize size, gboolean *more)
{
  static const guint8 jpeg[] = { 0xff, 0xd8, 0xff };
  static const guint8 png[] = { 0x89, 'P', 'N', 'G' };

  *more = FALSE;
  if (size > 0 && data[0] == jpeg[0]) {
    *more = size < sizeof (jpeg);
    if (!*more && memcmp (data, jpeg, sizeof (jpeg)) == 0)
      return "JPEG";
  } else if (size > 0 && data[0] == png[0]) {
    *more = size < sizeof (png);
    if (!*more && memcmp (data, png, sizeof (png)) == 0)
      return "PNG";
  }
  return NULL;
}

static const gchar *
binary_image_element (const gchar *kind)
{
  return strcmp (kind, "JPEG") == 0 ? "jpegdec" : "pngdec";
}

/* Of the @size bytes of a binary image at @data, how many belong to it:
 * all, unless its end (or a break in its structure) falls among them. */
static gsize
skip_binary (GstB64ImgDec *self, const guint8 *data, gsize size)
{
  B64ImageEnd before = self->binary_end;

  if (b64_image_end_feed (&self->binary_end, data, size) == B64_IMAGE_MORE)
    return size;
  /* it ended in this piece: find where, a byte at a time */
  self->binary_end = before;
  self->in_binary = FALSE;
  for (gsize i = 0; i < size; i++) {
    if (b64_image_end_feed (&self->binary_end, data + i, 1) != B64_IMAGE_MORE)
      return i + 1;
  }
  return size;
}

/* Between frames: a binary image file starting after blank bytes gets one
 * warning naming the element to use, and its bytes are skipped up to its
 * end, so base64 text after it still decodes. Returns FALSE when parse()
 * goes on with text. */
static gboolean
parse_binary (GstB64ImgDec *self, GstAdapter *adapter, gboolean at_eos,
    GstFlowReturn *ret)
{
  gsize avail = gst_adapter_available_fast (adapter), blank = 0, n;
  const guint8 *data;

  if (!self->in_binary) {
    const gchar *kind;
    gboolean more;

    n = MIN (gst_adapter_available (adapter), 64);
    data = gst_adapter_map (adapter, n);
    while (blank < n && g_ascii_isspace (data[blank]))
      blank++;
    kind = binary_image_kind (data + blank, n - blank, &more);
    gst_adapter_unmap (adapter);
    if (more && !at_eos && n < 64) {
      *ret = GST_VIDEO_DECODER_FLOW_NEED_DATA;
      return TRUE;
    }
    if (!kind)
      return FALSE;
    GST_ELEMENT_WARNING (self, STREAM, WRONG_TYPE,
        ("The input is a binary %s file, not base64 text: decode it with %s "
         "instead (e.g. filesrc location=photo ! %s)",
            kind, binary_image_element (kind), binary_image_element (kind)),
        ("skipping the file's bytes; base64 text after them is decoded"));
    gst_adapter_flush (adapter, blank);
    b64_image_end_init (&self->binary_end);
    self->in_binary = TRUE;
    avail = gst_adapter_available_fast (adapter);
  }
  *ret = avail > 0 ? GST_FLOW_OK : GST_VIDEO_DECODER_FLOW_NEED_DATA;
  if (avail == 0)
    return TRUE;
  data = gst_adapter_map (adapter, avail);
  n = skip_binary (self, data, avail);
  gst_adapter_unmap (adapter);
  gst_adapter_flush (adapter, n);
  GST_LOG_OBJECT (self, "skipped %" G_GSIZE_FORMAT " bytes of a binary image%s",
      n, self->in_binary ? "" : ", its end");
  return TRUE;
}

static GstFlowReturn
gst_b64img_dec_handle_frame (GstVideoDecoder *dec, GstVideoCodecFrame *frame)
{
  GstB64ImgDec *self = GST_B64IMG_DEC (dec);
  const B64Frame *text;
  const gchar *kind;
  gboolean more;
  B64Error bad;
  GstMapInfo map;

  if (self->stream_frame_ready) {
    /* decoded while parse() cut the stream */
    self->stream_frame_ready = FALSE;
    return queue_frame (self, frame, b64_framer_frame (self->framer), NULL);
  }
  if (!gst_buffer_map (frame->input_buffer, &map, GST_MAP_READ)) {
    b64_error_set (
        &bad, GST_B64IMG_ERR_ELEMENT, "could not map the input buffer");
    return queue_frame (self, frame, NULL, &bad);
  }
  if ((kind = binary_image_kind (map.data, map.size, &more))) {
    gst_buffer_unmap (frame->input_buffer, &map);
    b64_error_set (&bad, GST_B64IMG_ERR_ELEMENT,
        "a binary %s file, not base64 text: decode it with %s instead", kind,
        binary_image_element (kind));
    return queue_frame (self, frame, NULL, &bad);
  }
  /* the payload lands in the framer's own buffer: the text can go */
  text = b64_framer_decode_whole (
      self->framer, (const char *) map.data, map.size);
  gst_buffer_unmap (frame->input_buffer, &map);
  return queue_frame (self, frame, text, NULL);
}

/* ---- stream input -------------------------------------------------------- */

static GstFlowReturn
have_stream_frame (GstB64ImgDec *self)
{
  self->stream_frame_ready = TRUE;
  return gst_video_decoder_have_frame (GST_VIDEO_DECODER (self));
}

/* Consumes the first contiguous chunk of the adapter; the base class calls
 * again while data remains. Frame text goes to the frame, blank bytes are
 * flushed, and the framer decodes on the fly, so nothing is scanned twice.
 * At the start of a line that may continue wrapped text the framer looks
 * at the whole line before taking it: then a few more bytes are mapped
 * (a copy of at most one line when they span buffers), or none are taken
 * until more come. */
static GstFlowReturn
gst_b64img_dec_parse (GstVideoDecoder *dec,
    G_GNUC_UNUSED GstVideoCodecFrame *frame, GstAdapter *adapter,
    gboolean at_eos)
{
  GstB64ImgDec *self = GST_B64IMG_DEC (dec);
  gsize avail = gst_adapter_available_fast (adapter);
  gsize total = gst_adapter_available (adapter);
  gsize skipped = 0, used = 0;
  B64FramerResult res = B64_FRAMER_NEED_MORE;
  GstFlowReturn ret;

  if ((self->in_binary || !b64_framer_in_frame (self->framer))
      && parse_binary (self, adapter, at_eos, &ret))
    return ret;
  if (avail < b64_framer_want (self->framer))
    avail = MIN (total, b64_framer_want (self->framer));
  if (avail > 0) {
    const char *data = gst_adapter_map (adapter, avail);

    if (at_eos && avail == total)
      res = b64_framer_feed_last (self->framer, data, avail, &skipped, &used);
    else
      res = b64_framer_feed (self->framer, data, avail, &skipped, &used);
    gst_adapter_unmap (adapter);
    if (skipped)
      gst_adapter_flush (adapter, skipped);
    if (used)
      gst_video_decoder_add_to_frame (dec, used);
  }
  if (res == B64_FRAMER_FRAME)
    return have_stream_frame (self);
  if (at_eos && gst_adapter_available (adapter) == 0
      && b64_framer_finish (self->framer) == B64_FRAMER_FRAME)
    return have_stream_frame (self);
  return skipped + used > 0 ? GST_FLOW_OK : GST_VIDEO_DECODER_FLOW_NEED_DATA;
}

/* Every frame in flight goes out before what follows (EOS, new caps). */
static GstFlowReturn
gst_b64img_dec_drain (GstVideoDecoder *dec)
{
  return gst_b64img_workers_drain (GST_B64IMG_DEC (dec)->workers);
}

/* EOS: a last line without LF is a frame too. */
static GstFlowReturn
gst_b64img_dec_finish (GstVideoDecoder *dec)
{
  GstB64ImgDec *self = GST_B64IMG_DEC (dec);
  GstFlowReturn ret = GST_FLOW_OK, drained;

  if (!self->framed && b64_framer_finish (self->framer) == B64_FRAMER_FRAME)
    ret = have_stream_frame (self);
  drained = gst_b64img_dec_drain (dec);
  return ret != GST_FLOW_OK ? ret : drained;
}

/* FLUSH_STOP: the frames in flight are dropped, not pushed. */
static gboolean
gst_b64img_dec_flush (GstVideoDecoder *dec)
{
  GstB64ImgDec *self = GST_B64IMG_DEC (dec);

  gst_b64img_workers_flush (self->workers);
  b64_framer_reset (self->framer);
  self->stream_frame_ready = FALSE;
  self->in_binary = FALSE;
  gst_clear_tag_list (&self->image_tags); /* sent again with the next frame */
  return TRUE;
}

static gboolean
gst_b64img_dec_set_format (GstVideoDecoder *dec, GstVideoCodecState *state)
{
  GstB64ImgDec *self = GST_B64IMG_DEC (dec);
  GstStructure *s = gst_caps_get_structure (state->caps, 0);
  gboolean framed = FALSE;
  GstClockTime latency;

  gst_structure_get_boolean (s, "framed", &framed);
  if (framed != self->framed)
    b64_framer_reset (self->framer);
  self->framed = framed;
  b64_framer_set_framed (self->framer, framed);
  gst_video_decoder_set_packetized (dec, framed);

  if (self->input_state)
    gst_video_codec_state_unref (self->input_state);
  self->input_state = gst_video_codec_state_ref (state);
  latency = gst_b64img_workers_set_stream (
      self->workers, GST_VIDEO_DECODER_SINK_PAD (dec), &state->info);
  gst_video_decoder_set_latency (dec, latency, latency);
  return TRUE;
}

/* Decoding goes straight into downstream's buffers: let the pool lay them
 * out as downstream likes when it reads GstVideoMeta strides. */
static gboolean
gst_b64img_dec_decide_allocation (GstVideoDecoder *dec, GstQuery *query)
{
  GstB64ImgDec *self = GST_B64IMG_DEC (dec);
  GstBufferPool *pool = NULL;
  GstStructure *config;
  GstCaps *caps;
  guint size, min, max, in_flight;

  if (!GST_VIDEO_DECODER_CLASS (parent_class)->decide_allocation (dec, query))
    return FALSE;
  if (gst_query_get_n_allocation_pools (query) > 0)
    gst_query_parse_nth_allocation_pool (query, 0, &pool, NULL, NULL, NULL);
  if (!pool)
    return FALSE;
  config = gst_buffer_pool_get_config (pool);
  if (gst_query_find_allocation_meta (query, GST_VIDEO_META_API_TYPE, NULL))
    gst_buffer_pool_config_add_option (
        config, GST_BUFFER_POOL_OPTION_VIDEO_META);
  /* the streaming thread allocates holding the STREAM lock, which the
   * frames in flight need to go out and free their buffers: a bounded
   * pool must hold them all on top of what downstream keeps */
  in_flight = gst_b64img_workers_n (self->workers);
  if (in_flight > 1
      && gst_buffer_pool_config_get_params (config, &caps, &size, &min, &max)
      && max != 0 && max < min + in_flight)
    gst_buffer_pool_config_set_params (
        config, caps, size, min, min + in_flight);
  gst_buffer_pool_set_config (pool, config);
  gst_object_unref (pool);
  return TRUE;
}

/* The text carries no pixel layout, so downstream's sizes are not
 * proxied upstream: "image/x-base64, framerate=30/1" must stay fixed. */
static GstCaps *
gst_b64img_dec_getcaps (GstVideoDecoder *dec, GstCaps *filter)
{
  GstCaps *templ
      = gst_pad_get_pad_template_caps (GST_VIDEO_DECODER_SINK_PAD (dec));
  GstCaps *caps;

  if (!filter)
    return templ;
  caps = gst_caps_intersect_full (filter, templ, GST_CAPS_INTERSECT_FIRST);
  gst_caps_unref (templ);
  return caps;
}

/* ---- life cycle ---------------------------------------------------------- */

static gboolean
gst_b64img_dec_stop (GstVideoDecoder *dec)
{
  GstB64ImgDec *self = GST_B64IMG_DEC (dec);

  gst_clear_tag_list (&self->image_tags);
  /* drops whatever is still in flight (the work running reads
   * self->workers until then) */
  gst_b64img_workers_free (self->workers);
  self->workers = NULL;
  g_clear_pointer (&self->jpeg, b64_jpeg_free);
  g_clear_pointer (&self->framer, b64_framer_free);
  g_clear_pointer (&self->input_state, gst_video_codec_state_unref);
  return TRUE;
}

static const GstB64ImgWorkerFuncs dec_funcs = {
  .job_size = sizeof (DecJob),
  .work = work_job,
  .finish = finish_job,
  .discard = discard_job,
  .clear = clear_job,
};

static gboolean
gst_b64img_dec_start (GstVideoDecoder *dec)
{
  GstB64ImgDec *self = GST_B64IMG_DEC (dec);
  DecSettings set;

  GST_OBJECT_LOCK (self);
  set = self->props;
  GST_OBJECT_UNLOCK (self);
  self->framer = b64_framer_new (FALSE, set.max_frame_bytes);
  if (self->framer) {
    GST_OBJECT_LOCK (self);
    /* validated when set */
    b64_framer_set_json_pointer (self->framer, self->json_pointer);
    GST_OBJECT_UNLOCK (self);
  }
  self->framed = FALSE;
  self->stream_frame_ready = FALSE;
  self->in_binary = FALSE;
  self->out_format = GST_VIDEO_FORMAT_UNKNOWN;
  memset (&self->last, 0, sizeof (self->last));
  gst_video_decoder_set_packetized (dec, FALSE);
  self->jpeg = b64_jpeg_new ();
  if (self->framer && self->jpeg)
    self->workers = gst_b64img_workers_new (
        GST_ELEMENT (self), set.threads, &dec->stream_lock, &dec_funcs, self);
  if (!self->workers) {
    gst_b64img_dec_stop (dec);
    return FALSE;
  }
  return TRUE;
}

/* With the object lock held. */
static void
set_json_pointer (GstB64ImgDec *self, const gchar *pointer)
{
  if (!b64_json_pointer_valid (pointer)) {
    g_warning ("b64imgdec: json-pointer \"%s\" is not an RFC 6901 pointer "
               "of at most 32 tokens (e.g. \"/data/0/b64_json\"); the "
               "previous one is kept",
        pointer);
    return;
  }
  g_free (self->json_pointer);
  self->json_pointer = pointer && *pointer ? g_strdup (pointer) : NULL;
}

static void
gst_b64img_dec_finalize (GObject *object)
{
  GstB64ImgDec *self = GST_B64IMG_DEC (object);

  g_free (self->json_pointer);
  G_OBJECT_CLASS (parent_class)->finalize (object);
}

static void
gst_b64img_dec_set_property (
    GObject *object, guint prop_id, const GValue *value, GParamSpec *pspec)
{
  GstB64ImgDec *self = GST_B64IMG_DEC (object);
  DecSettings *p = &self->props;

  GST_OBJECT_LOCK (self);
  if (!gst_b64img_property_settable (GST_ELEMENT (self), pspec)) {
    GST_OBJECT_UNLOCK (self);
    return;
  }
  switch (prop_id) {
    case PROP_MAX_PIXELS:
      p->max_pixels = g_value_get_uint64 (value);
      break;
    case PROP_MAX_FRAME_BYTES:
      p->max_frame_bytes = g_value_get_uint (value);
      break;
    case PROP_THREADS:
      p->threads = g_value_get_int (value);
      break;
    case PROP_IDCT_METHOD:
      p->idct_method = g_value_get_enum (value);
      break;
    case PROP_JSON_POINTER:
      set_json_pointer (self, g_value_get_string (value));
      break;
    case PROP_KEEP_DEPTH:
      p->keep_depth = g_value_get_boolean (value);
      break;
    case PROP_REDUCE:
      p->reduce = g_value_get_enum (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
      break;
  }
  GST_OBJECT_UNLOCK (self);
}

static void
gst_b64img_dec_get_property (
    GObject *object, guint prop_id, GValue *value, GParamSpec *pspec)
{
  GstB64ImgDec *self = GST_B64IMG_DEC (object);
  DecSettings *p = &self->props;

  GST_OBJECT_LOCK (self);
  switch (prop_id) {
    case PROP_MAX_PIXELS:
      g_value_set_uint64 (value, p->max_pixels);
      break;
    case PROP_MAX_FRAME_BYTES:
      g_value_set_uint (value, p->max_frame_bytes);
      break;
    case PROP_THREADS:
      g_value_set_int (value, p->threads);
      break;
    case PROP_IDCT_METHOD:
      g_value_set_enum (value, p->idct_method);
      break;
    case PROP_JSON_POINTER:
      g_value_set_string (value, self->json_pointer);
      break;
    case PROP_KEEP_DEPTH:
      g_value_set_boolean (value, p->keep_depth);
      break;
    case PROP_REDUCE:
      g_value_set_enum (value, p->reduce);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
      break;
  }
  GST_OBJECT_UNLOCK (self);
}

static void
gst_b64img_dec_init (GstB64ImgDec *self)
{
  GstVideoDecoder *dec = GST_VIDEO_DECODER (self);

  self->props.max_pixels = DEFAULT_MAX_PIXELS;
  self->props.max_frame_bytes = DEFAULT_MAX_FRAME_BYTES;
  self->props.threads = DEFAULT_THREADS;
  self->props.idct_method = DEFAULT_IDCT_METHOD;
  self->props.keep_depth = DEFAULT_KEEP_DEPTH;
  self->props.reduce = DEFAULT_REDUCE;
  gst_video_decoder_set_packetized (dec, FALSE);
  gst_video_decoder_set_use_default_pad_acceptcaps (dec, TRUE);
  GST_PAD_SET_ACCEPT_TEMPLATE (GST_VIDEO_DECODER_SINK_PAD (self));
}

static void
gst_b64img_dec_class_init (GstB64ImgDecClass *klass)
{
  GObjectClass *gobject_class = G_OBJECT_CLASS (klass);
  GstElementClass *element_class = GST_ELEMENT_CLASS (klass);
  GstVideoDecoderClass *vdec_class = GST_VIDEO_DECODER_CLASS (klass);
  const GParamFlags rw = G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS;
  const GParamFlags ready = rw | GST_PARAM_MUTABLE_READY;
  const GParamFlags playing = rw | GST_PARAM_MUTABLE_PLAYING;

  gobject_class->set_property = gst_b64img_dec_set_property;
  gobject_class->get_property = gst_b64img_dec_get_property;
  gobject_class->finalize = gst_b64img_dec_finalize;

  /**
   * GstB64ImgDec:max-pixels:
   *
   * Images of more pixels are refused from their header, before any
   * pixel memory is allocated; each is dropped with a warning.
   *
   * Since: 1.0
   */
  g_object_class_install_property (gobject_class, PROP_MAX_PIXELS,
      g_param_spec_uint64 ("max-pixels", "Maximum pixels",
          "Refuse images of more pixels than this, from their header, "
          "before any pixel memory is allocated",
          1, G_MAXUINT64, DEFAULT_MAX_PIXELS, playing));
  /**
   * GstB64ImgDec:max-frame-bytes:
   *
   * A frame text longer than this is dropped with a warning as soon
   * as the limit is passed, and the rest of its line is skipped, so that an
   * endless line cannot exhaust memory.
   *
   * Since: 1.0
   */
  g_object_class_install_property (gobject_class, PROP_MAX_FRAME_BYTES,
      g_param_spec_uint ("max-frame-bytes", "Maximum frame bytes",
          "Discard (with a warning) a frame's text longer than this, up to "
          "the next line feed (set in NULL or READY only)",
          16, G_MAXUINT, DEFAULT_MAX_FRAME_BYTES, ready));
  /**
   * GstB64ImgDec:threads:
   *
   * Frames decoded in parallel, one worker thread each (0: one per CPU
   * core). 1 decodes on the streaming thread; N > 1 keeps up to N frames in
   * flight, in order, and reports N - 1 frames of latency; from a
   * non-live source (a file, a socket) one frame more is prepared while
   * every thread works, for throughput, and the latency says N frames.
   *
   * Since: 1.0
   */
  g_object_class_install_property (gobject_class, PROP_THREADS,
      g_param_spec_int ("threads", "Threads",
          "Frames decoded in parallel, each on a thread of its own (0 = one "
          "per CPU core). 1 decodes on the streaming thread, one frame in, "
          "one frame out; more adds threads - 1 frames of latency on a live "
          "stream (set in NULL or READY only)",
          0, MAX_THREADS, DEFAULT_THREADS, ready));
  /**
   * GstB64ImgDec:idct-method:
   *
   * Inverse DCT of JPEG decoding. The default, islow, gives the pixels
   * PIL and OpenCV give; ifast (jpegdec's default) is a little faster and
   * less exact.
   *
   * Since: 1.0
   */
  g_object_class_install_property (gobject_class, PROP_IDCT_METHOD,
      g_param_spec_enum ("idct-method", "IDCT method",
          "Inverse DCT of JPEG decoding. islow gives the same pixels as PIL "
          "and OpenCV; ifast is a few per cent faster and less exact",
          GST_TYPE_B64IMG_IDCT_METHOD, DEFAULT_IDCT_METHOD, playing));
  /**
   * GstB64ImgDec:json-pointer:
   *
   * In JSON frames (a line, or a framed buffer, that is a JSON object),
   * the RFC 6901 pointer to the image string, e.g. "/data/0/b64_json".
   * Empty (the default): the first string value, depth first in document
   * order, holding a data URI of an image or base64 of a JPEG or PNG.
   *
   * Since: 1.0
   */
  g_object_class_install_property (gobject_class, PROP_JSON_POINTER,
      g_param_spec_string ("json-pointer", "JSON pointer",
          "In JSON frames, the RFC 6901 pointer to the image string (e.g. "
          "/data/0/b64_json); empty: the first string holding a data URI of "
          "an image or base64 of a JPEG or PNG (set in NULL or READY only)",
          NULL, ready));
  /**
   * GstB64ImgDec:keep-depth:
   *
   * 16-bit PNGs are delivered as 8-bit samples unless downstream accepts
   * only 16-bit formats. With keep-depth they keep their 16 bits whenever
   * downstream accepts a 16-bit format at all, e.g. through videoconvert.
   * May change while playing: from the next frame on.
   *
   * Since: 1.0
   */
  g_object_class_install_property (gobject_class, PROP_KEEP_DEPTH,
      g_param_spec_boolean ("keep-depth", "Keep bit depth",
          "Deliver 16-bit PNGs as 16-bit samples whenever downstream accepts "
          "a 16-bit format (off: only when downstream accepts no 8-bit one)",
          DEFAULT_KEEP_DEPTH, playing));
  /**
   * GstB64ImgDec:reduce:
   *
   * Decodes at 1/reduce of the image's size, ceil (width / reduce) x
   * ceil (height / reduce): a JPEG in the DCT domain (libjpeg's scaling,
   * the pixels of OpenCV's IMREAD_REDUCED_COLOR_2/4/8 and PIL's draft ()),
   * a PNG through an area (box) filter. Whatever reduce is, when
   * downstream's caps refuse that size, the largest smaller scale whose
   * size they take is used: n/8 for a JPEG, 1/2, 1/4 or 1/8 for a PNG.
   * May change while playing: from the next frame on.
   *
   * Since: 1.0
   */
  g_object_class_install_property (gobject_class, PROP_REDUCE,
      g_param_spec_enum ("reduce", "Reduce",
          "Decode at 1/reduce of the image's width and height (rounded up): "
          "JPEG in the DCT domain as OpenCV's IMREAD_REDUCED_*, PNG by area "
          "averaging. Smaller n/8 scales are also taken when downstream's "
          "caps ask for their size",
          GST_TYPE_B64IMG_REDUCE, DEFAULT_REDUCE, playing));

  gst_element_class_add_static_pad_template (element_class, &sink_template);
  gst_element_class_add_static_pad_template (element_class, &src_template);
  gst_element_class_set_static_metadata (element_class, "Base64 image decoder",
      "Codec/Decoder/Image",
      "Decodes base64 JPEG or PNG text, whole frames or a stream of lines, "
      "into raw video",
      "The b64img authors");

  vdec_class->start = gst_b64img_dec_start;
  vdec_class->stop = gst_b64img_dec_stop;
  vdec_class->set_format = gst_b64img_dec_set_format;
  vdec_class->parse = gst_b64img_dec_parse;
  vdec_class->finish = gst_b64img_dec_finish;
  vdec_class->drain = gst_b64img_dec_drain;
  vdec_class->flush = gst_b64img_dec_flush;
  vdec_class->handle_frame = gst_b64img_dec_handle_frame;
  vdec_class->getcaps = gst_b64img_dec_getcaps;
  vdec_class->decide_allocation = gst_b64img_dec_decide_allocation;

  gst_type_mark_as_plugin_api (GST_TYPE_B64IMG_IDCT_METHOD, 0);
  gst_type_mark_as_plugin_api (GST_TYPE_B64IMG_REDUCE, 0);

  GST_DEBUG_CATEGORY_INIT (
      gst_b64img_dec_debug, "b64imgdec", 0, "base64 image decoder");
}
