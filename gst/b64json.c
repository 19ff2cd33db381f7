/* b64img — JSON scanner: finds the image string in one JSON object and
 * hands its text over as it goes.
 * Copyright (C) 2026 The b64img authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include "b64json.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAX_TOKENS 32
#define KEY_KEEP   48 /* bytes of a member name kept for messages */
#define PEEK_MAX   11 /* longest image signature: "data:image/" */

typedef enum
{
  J_VALUE,     /* a value comes */
  J_ARR_FIRST, /* after '[': a value or ']' */
  J_KEY_FIRST, /* after '{': a member name or '}' */
  J_KEY,       /* after ',' in an object: a member name */
  J_COLON,
  J_NEXT, /* after a value: ',' or the container's end */
  J_STRING,
  J_ESCAPE,  /* after '\\' in a string */
  J_UESCAPE, /* in \uXXXX */
  J_NUMBER,
  J_LITERAL,
  J_END, /* the object is closed: only whitespace may follow */
  J_FAILED,
} State;

typedef enum
{
  STR_SKIP,  /* contents not looked at */
  STR_KEY,   /* a member name: compared with the pointer and "pts" */
  STR_PEEK,  /* a value: does it start like an image? */
  STR_IMAGE, /* the image: contents go to the receiver */
} StrMode;

typedef struct
{
  char *s;
  size_t len;
  long index; /* the token as an array index, or -1 */
} Token;

struct _B64Json
{
  B64JsonTextFunc image_text;
  void *ctx;

  char *pointer; /* NULL: the first string that starts like an image */
  const char *pointer_text; /* the pointer as given (in pointer's block) */
  Token tok[MAX_TOKENS];
  unsigned n_tok;

  bool lf_ends;
  State state;
  unsigned depth;                     /* open containers */
  char kind[B64_JSON_MAX_DEPTH];      /* '{' or '[' */
  uint32_t index[B64_JSON_MAX_DEPTH]; /* element index in an array */
  unsigned matched; /* leading path components matching the pointer */

  StrMode mode;
  size_t key_len;
  bool key_tok; /* the name read so far matches the pointer's token */
  char key[KEY_KEEP + 1];
  bool is_pts; /* the value coming is the top-level "pts" */
  char peek[PEEK_MAX + 1];
  unsigned n_peek;
  uint32_t uval;
  unsigned n_hex;

  char lit[8];
  unsigned n_lit;
  bool num_int; /* digits only so far (after an optional '-') */
  bool num_neg;
  uint64_t num;
  bool num_ovf;

  bool found;
  bool has_pts;
  int64_t pts;
  B64Error error; /* code: a B64JsonStatus */
};

static const char *const signatures[]
    = { "data:image/", "/9j/", "_9j_", "iVBORw0KGgo" };

B64Json *
b64_json_new (B64JsonTextFunc image_text, void *ctx)
{
  B64Json *j = calloc (1, sizeof (*j));

  if (j == NULL)
    return NULL;
  j->image_text = image_text;
  j->ctx = ctx;
  b64_json_begin (j, true);
  return j;
}

void
b64_json_free (B64Json *j)
{
  if (j == NULL)
    return;
  free (j->pointer);
  free (j);
}

/* Splits @p into unescaped tokens in @buf (strlen (p) + 1 bytes). */
static bool
parse_pointer (const char *p, char *buf, Token *tok, unsigned *n_tok)
{
  unsigned n = 0;
  char *o = buf;

  while (*p == '/') {
    Token *t = &tok[n];

    if (n == MAX_TOKENS)
      return false;
    p++;
    t->s = o;
    while (*p && *p != '/') {
      if (p[0] == '~' && (p[1] == '0' || p[1] == '1')) {
        *o++ = p[1] == '0' ? '~' : '/';
        p += 2;
      } else {
        *o++ = *p++;
      }
    }
    t->len = o - t->s;
    *o++ = '\0';
    t->index = -1;
    /* digits without a leading zero ("0" itself is one) */
    if (t->len > 0 && t->len < 10 && strspn (t->s, "0123456789") == t->len
        && (t->s[0] != '0' || t->len == 1))
      t->index = strtol (t->s, NULL, 10);
    n++;
  }
  if (*p != '\0')
    return false;
  *n_tok = n;
  return true;
}

bool
b64_json_set_pointer (B64Json *j, const char *pointer)
{
  Token tok[MAX_TOKENS];
  unsigned n_tok;
  char *copy, *buf;

  if (pointer == NULL || *pointer == '\0') {
    free (j->pointer);
    j->pointer = NULL;
    j->n_tok = 0;
    return true;
  }
  buf = malloc (2 * strlen (pointer) + 2);
  if (buf == NULL)
    return false;
  copy = buf + strlen (pointer) + 1;
  strcpy (copy, pointer);
  if (!parse_pointer (copy, buf, tok, &n_tok)) {
    free (buf);
    return false;
  }
  free (j->pointer);
  j->pointer = buf; /* tokens first, the pointer as given after them */
  j->pointer_text = copy;
  memcpy (j->tok, tok, sizeof (tok));
  j->n_tok = n_tok;
  return true;
}

bool
b64_json_pointer_valid (const char *pointer)
{
  unsigned n = 0;

  if (pointer == NULL || *pointer == '\0')
    return true;
  if (*pointer != '/')
    return false;
  for (; *pointer; pointer++)
    n += *pointer == '/';
  return n <= MAX_TOKENS;
}

void
b64_json_begin (B64Json *j, bool lf_ends)
{
  j->lf_ends = lf_ends;
  j->state = J_VALUE;
  j->depth = 0;
  j->matched = 0;
  j->is_pts = false;
  j->key[0] = '\0';
  j->found = false;
  j->has_pts = false;
  b64_error_clear (&j->error);
}

static B64JsonResult fail (B64Json *j, B64JsonStatus code, const char *fmt, ...)
    __attribute__ ((format (printf, 3, 4)));

static B64JsonResult
fail (B64Json *j, B64JsonStatus code, const char *fmt, ...)
{
  va_list ap;

  va_start (ap, fmt);
  b64_error_vset (&j->error, code, fmt, ap);
  va_end (ap);
  j->state = J_FAILED;
  return B64_JSON_ERROR;
}

/* The image receiver stopped on bad text: it has the message. */
static B64JsonResult
fail_image (B64Json *j)
{
  j->error.code = B64_JSON_ERR_IMAGE;
  j->error.message[0] = '\0';
  j->state = J_FAILED;
  return B64_JSON_ERROR;
}

static B64JsonResult
unexpected (B64Json *j, unsigned char c, const char *what)
{
  if (c > 0x20 && c < 0x7f)
    return fail (j, B64_JSON_ERR_SYNTAX,
        "invalid JSON: '%c' where %s was expected", c, what);
  return fail (j, B64_JSON_ERR_SYNTAX,
      "invalid JSON: byte 0x%02x where %s was expected", c, what);
}

/* ---- structure ----------------------------------------------------------- */

static void
value_done (B64Json *j)
{
  j->is_pts = false;
  j->state = j->depth == 0 ? J_END : J_NEXT;
}

/* Does the value starting now sit at the pointer? */
static bool
at_pointer (const B64Json *j)
{
  return j->pointer != NULL && !j->found && j->depth == j->n_tok
         && j->matched == j->depth;
}

/* An array element or an object member at the current depth starts:
 * @hit says whether its index or name is the pointer's token there. */
static void
enter_member (B64Json *j, bool hit)
{
  unsigned d = j->depth;

  if (j->matched > d - 1)
    j->matched = d - 1;
  if (hit && j->matched == d - 1)
    j->matched = d;
}

static bool
array_hit (const B64Json *j)
{
  unsigned d = j->depth;

  return d <= j->n_tok && j->tok[d - 1].index >= 0
         && (uint32_t) j->tok[d - 1].index == j->index[d - 1];
}

static B64JsonResult
push (B64Json *j, char kind)
{
  if (j->depth == B64_JSON_MAX_DEPTH)
    return fail (j, B64_JSON_ERR_DEPTH, "JSON nested deeper than %d levels",
        B64_JSON_MAX_DEPTH);
  if (at_pointer (j))
    return fail (j, B64_JSON_ERR_NOT_STRING,
        "the value at json-pointer %s is not a string", j->pointer_text);
  j->kind[j->depth] = kind;
  j->index[j->depth] = 0;
  j->depth++;
  j->is_pts = false;
  if (kind == '[') {
    enter_member (j, array_hit (j));
    j->state = J_ARR_FIRST;
  } else {
    j->state = J_KEY_FIRST;
  }
  return B64_JSON_MORE;
}

static void
pop (B64Json *j)
{
  j->depth--;
  if (j->matched > j->depth)
    j->matched = j->depth;
  value_done (j);
}

static void
start_string (B64Json *j, StrMode mode)
{
  j->mode = mode;
  j->state = J_STRING;
  if (mode == STR_KEY) {
    j->key_len = 0;
    j->key_tok = j->depth <= j->n_tok && j->matched >= j->depth - 1;
  }
  j->n_peek = 0;
}

static B64JsonResult
start_value (B64Json *j, unsigned char c)
{
  if (c == '{' || c == '[')
    return push (j, c);
  if (c == '"') {
    if (at_pointer (j)) {
      j->found = true;
      start_string (j, STR_IMAGE);
    } else {
      start_string (j, j->pointer == NULL && !j->found ? STR_PEEK : STR_SKIP);
    }
    return B64_JSON_MORE;
  }
  if (at_pointer (j))
    return fail (j, B64_JSON_ERR_NOT_STRING,
        "the value at json-pointer %s is not a string", j->pointer_text);
  if (c == '-' || (c >= '0' && c <= '9')) {
    j->state = J_NUMBER;
    j->num_int = true;
    j->num_neg = c == '-';
    j->num = c == '-' ? 0 : c - '0';
    j->num_ovf = false;
    j->n_lit = c == '-' ? 0 : 1;
    return B64_JSON_MORE;
  }
  if (c >= 'a' && c <= 'z') {
    j->state = J_LITERAL;
    j->lit[0] = c;
    j->n_lit = 1;
    return B64_JSON_MORE;
  }
  return unexpected (j, c, "a value");
}

static bool
is_ws (const B64Json *j, unsigned char c)
{
  return c == ' ' || c == '\t' || c == '\r' || (c == '\n' && !j->lf_ends);
}

/* ---- strings ------------------------------------------------------------- */

static void
key_char (B64Json *j, unsigned char c)
{
  unsigned d = j->depth;

  if (j->key_tok
      && (j->key_len >= j->tok[d - 1].len
          || (unsigned char) j->tok[d - 1].s[j->key_len] != c))
    j->key_tok = false;
  if (j->key_len < KEY_KEEP)
    j->key[j->key_len] = c;
  j->key_len++;
}

static void
key_done (B64Json *j)
{
  unsigned d = j->depth;

  j->key[j->key_len < KEY_KEEP ? j->key_len : KEY_KEEP] = '\0';
  enter_member (j, j->key_tok && j->key_len == j->tok[d - 1].len);
  j->is_pts = d == 1 && strcmp (j->key, "pts") == 0;
  j->state = J_COLON;
}

static B64JsonResult
give_image (B64Json *j, const char *text, size_t len, bool escaped)
{
  if (j->image_text (j->ctx, text, len, escaped) < len)
    return fail_image (j);
  return B64_JSON_MORE;
}

/* A character of a string peeked at: decides once it cannot be an image
 * or is one. */
static B64JsonResult
peek_char (B64Json *j, char c)
{
  bool possible = false;
  unsigned i, k;

  if (c == ' ' || c == '\t' || c == '\r' || c == '\n')
    return B64_JSON_MORE; /* wrapped base64: not part of the signature */
  j->peek[j->n_peek++] = c;
  for (i = 0; i < sizeof (signatures) / sizeof (signatures[0]); i++) {
    const char *s = signatures[i];
    size_t n = strlen (s);

    if (j->n_peek > n)
      continue;
    for (k = 0; k < j->n_peek; k++) {
      char p = j->peek[k];

      if (i == 0 && p >= 'A' && p <= 'Z') /* "data:image/" in any case */
        p += 'a' - 'A';
      if (p != s[k])
        break;
    }
    if (k < j->n_peek)
      continue;
    if (j->n_peek == n) {
      j->found = true;
      j->mode = STR_IMAGE;
      return give_image (j, j->peek, j->n_peek, false);
    }
    possible = true;
  }
  if (!possible)
    j->mode = STR_SKIP;
  return B64_JSON_MORE;
}

/* One character of string contents, raw or from an escape. */
static B64JsonResult
string_char (B64Json *j, char c, bool escaped)
{
  switch (j->mode) {
    case STR_KEY:
      key_char (j, (unsigned char) c);
      return B64_JSON_MORE;
    case STR_PEEK:
      return peek_char (j, c);
    case STR_IMAGE:
      return give_image (j, &c, 1, escaped);
    default:
      return B64_JSON_MORE;
  }
}

static void
string_done (B64Json *j)
{
  if (j->mode == STR_KEY)
    key_done (j);
  else
    value_done (j);
}

/* Contents up to the closing quote, an escape or a LF; returns the bytes
 * consumed. */
static size_t
string_run (B64Json *j, const char *p, size_t n, B64JsonResult *res)
{
  const char *q, *b, *lf;
  size_t i, end;

  if (j->mode == STR_IMAGE)
    return j->image_text (j->ctx, p, n, false);
  if (j->mode == STR_SKIP) {
    /* three quick scans rather than one slow one */
    q = memchr (p, '"', n);
    end = q ? (size_t) (q - p) : n;
    b = memchr (p, '\\', end);
    if (b)
      end = b - p;
    lf = j->lf_ends ? memchr (p, '\n', end) : NULL;
    return lf ? (size_t) (lf - p) : end;
  }
  for (i = 0; i < n; i++) {
    char c = p[i];

    if (c == '"' || c == '\\' || (c == '\n' && j->lf_ends))
      return i;
    *res = string_char (j, c, false);
    if (*res != B64_JSON_MORE)
      return i + 1;
    if ((j->mode == STR_SKIP || j->mode == STR_IMAGE) && i + 1 < n)
      return i + 1 + string_run (j, p + i + 1, n - i - 1, res);
  }
  return n;
}

static int
hex_value (unsigned char c)
{
  if (c >= '0' && c <= '9')
    return c - '0';
  if (c >= 'a' && c <= 'f')
    return c - 'a' + 10;
  if (c >= 'A' && c <= 'F')
    return c - 'A' + 10;
  return -1;
}

/* \uXXXX as UTF-8 (each half of a surrogate pair on its own: no image or
 * name this scanner compares holds one). */
static B64JsonResult
unicode_char (B64Json *j)
{
  uint32_t u = j->uval;
  char out[3];
  size_t n, i;
  B64JsonResult r = B64_JSON_MORE;

  if (u < 0x80) {
    out[0] = (char) u;
    n = 1;
  } else if (u < 0x800) {
    out[0] = (char) (0xc0 | u >> 6);
    out[1] = (char) (0x80 | (u & 0x3f));
    n = 2;
  } else {
    out[0] = (char) (0xe0 | u >> 12);
    out[1] = (char) (0x80 | ((u >> 6) & 0x3f));
    out[2] = (char) (0x80 | (u & 0x3f));
    n = 3;
  }
  j->state = J_STRING;
  for (i = 0; i < n && r == B64_JSON_MORE; i++)
    r = string_char (j, out[i], true);
  return r;
}

static B64JsonResult
escape_char (B64Json *j, unsigned char c)
{
  static const char from[] = "\"\\/bfnrt", to[] = "\"\\/\b\f\n\r\t";
  const char *e = c ? strchr (from, c) : NULL;

  if (c == 'u') {
    j->state = J_UESCAPE;
    j->uval = 0;
    j->n_hex = 0;
    return B64_JSON_MORE;
  }
  if (e == NULL)
    return unexpected (j, c,
        "an escape (\\\", \\\\, \\/, \\b, \\f, \\n, "
        "\\r, \\t, \\uXXXX)");
  j->state = J_STRING;
  return string_char (j, to[e - from], true);
}

/* ---- numbers and literals ------------------------------------------------ */

static bool
number_char (unsigned char c)
{
  return (c >= '0' && c <= '9') || c == '.' || c == 'e' || c == 'E' || c == '+'
         || c == '-';
}

static void
number_digit (B64Json *j, unsigned char c)
{
  if (c < '0' || c > '9') {
    j->num_int = false;
    return;
  }
  if (j->num > (UINT64_MAX - 9) / 10)
    j->num_ovf = true;
  else
    j->num = j->num * 10 + (c - '0');
  j->n_lit++;
}

static B64JsonResult
number_done (B64Json *j)
{
  if (j->n_lit == 0)
    return fail (j, B64_JSON_ERR_SYNTAX, "invalid JSON number");
  if (j->is_pts && j->num_int && !j->num_ovf && j->num <= INT64_MAX) {
    j->has_pts = true;
    j->pts = j->num_neg ? -(int64_t) j->num : (int64_t) j->num;
  }
  value_done (j);
  return B64_JSON_MORE;
}

static B64JsonResult
literal_done (B64Json *j)
{
  j->lit[j->n_lit] = '\0';
  if (strcmp (j->lit, "true") && strcmp (j->lit, "false")
      && strcmp (j->lit, "null"))
    return fail (j, B64_JSON_ERR_SYNTAX, "invalid JSON literal '%s'", j->lit);
  value_done (j);
  return B64_JSON_MORE;
}

/* ---- the scan ------------------------------------------------------------ */

/* One byte outside strings, numbers and literals. */
static B64JsonResult
structure_char (B64Json *j, unsigned char c)
{
  switch (j->state) {
    case J_VALUE:
      return start_value (j, c);
    case J_ARR_FIRST:
      if (c == ']') {
        pop (j);
        return B64_JSON_MORE;
      }
      return start_value (j, c);
    case J_KEY_FIRST:
      if (c == '}') {
        pop (j);
        return B64_JSON_MORE;
      }
      /* fall through */
    case J_KEY:
      if (c != '"')
        return unexpected (j, c, "a member name");
      start_string (j, STR_KEY);
      return B64_JSON_MORE;
    case J_COLON:
      if (c != ':')
        return unexpected (j, c, "':'");
      j->state = J_VALUE;
      return B64_JSON_MORE;
    case J_NEXT:
      if (c == ',') {
        if (j->kind[j->depth - 1] == '[') {
          j->index[j->depth - 1]++;
          enter_member (j, array_hit (j));
          j->state = J_VALUE;
        } else {
          j->state = J_KEY;
        }
        return B64_JSON_MORE;
      }
      if (c == (j->kind[j->depth - 1] == '[' ? ']' : '}')) {
        pop (j);
        return B64_JSON_MORE;
      }
      return unexpected (
          j, c, j->kind[j->depth - 1] == '[' ? "',' or ']'" : "',' or '}'");
    case J_END:
      return fail (j, B64_JSON_ERR_SYNTAX, "text after the JSON object");
    default:
      return fail (j, B64_JSON_ERR_INTERNAL, "JSON scanner in a bad state");
  }
}

B64JsonResult
b64_json_feed (B64Json *j, const char *data, size_t len, size_t *consumed)
{
  B64JsonResult r = B64_JSON_MORE;
  size_t i = 0;

  while (i < len && r == B64_JSON_MORE) {
    unsigned char c = data[i];
    int h;

    switch (j->state) {
      case J_STRING:
        i += string_run (j, data + i, len - i, &r);
        if (r != B64_JSON_MORE || i == len)
          break;
        c = data[i];
        if (c == '"') {
          i++;
          string_done (j);
        } else if (c == '\\') {
          i++;
          j->state = J_ESCAPE;
        } else if (c == '\n' && j->lf_ends) {
          r = B64_JSON_LF;
        } else {
          r = fail_image (j);
        }
        break;
      case J_ESCAPE:
        r = escape_char (j, c);
        i += r == B64_JSON_MORE;
        break;
      case J_UESCAPE:
        h = hex_value (c);
        if (h < 0) {
          r = unexpected (j, c, "a hex digit of \\uXXXX");
          break;
        }
        i++;
        j->uval = j->uval << 4 | h;
        if (++j->n_hex == 4)
          r = unicode_char (j);
        break;
      case J_NUMBER:
        if (number_char (c)) {
          number_digit (j, c);
          i++;
        } else {
          r = number_done (j);
        }
        break;
      case J_LITERAL:
        if (c >= 'a' && c <= 'z' && j->n_lit < sizeof (j->lit) - 1) {
          j->lit[j->n_lit++] = c;
          i++;
        } else {
          r = literal_done (j);
        }
        break;
      case J_FAILED:
        r = B64_JSON_ERROR;
        break;
      default:
        if (c == '\n' && j->lf_ends) {
          r = B64_JSON_LF;
        } else if (is_ws (j, c)) {
          i++;
        } else {
          r = structure_char (j, c);
          i += r == B64_JSON_MORE;
        }
        break;
    }
  }
  *consumed = i;
  return r;
}

bool
b64_json_finish (B64Json *j)
{
  if (j->state == J_FAILED)
    return false;
  if (j->state == J_STRING || j->state == J_ESCAPE || j->state == J_UESCAPE) {
    fail (j, B64_JSON_ERR_TRUNCATED, "unterminated JSON string");
    return false;
  }
  if (j->state != J_END) {
    fail (j, B64_JSON_ERR_TRUNCATED, "unterminated JSON object");
    return false;
  }
  if (!j->found) {
    if (j->pointer)
      fail (j, B64_JSON_ERR_NO_IMAGE, "no string at json-pointer %s",
          j->pointer_text);
    else
      fail (j, B64_JSON_ERR_NO_IMAGE,
          "no image in the JSON object (no string holding a data URI "
          "or base64 of a JPEG or PNG)");
    return false;
  }
  return true;
}

const B64Error *
b64_json_error (const B64Json *j)
{
  return &j->error;
}

bool
b64_json_pts (const B64Json *j, int64_t *pts)
{
  if (j->has_pts)
    *pts = j->pts;
  return j->has_pts;
}

/* ---- writing ------------------------------------------------------------- */

static void
put_time (char *dst, size_t size, bool valid, int64_t t)
{
  if (valid)
    snprintf (dst, size, "%lld", (long long) t);
  else
    snprintf (dst, size, "null");
}

size_t
b64_json_envelope_head (char *dst, const B64JsonEnvelope *e)
{
  char pts[24], dur[24];
  int n;

  put_time (pts, sizeof (pts), e->has_pts, e->pts);
  put_time (dur, sizeof (dur), e->has_duration, e->duration);
  n = snprintf (dst, B64_JSON_HEAD_MAX,
      "{\"pts\":%s,\"duration\":%s,\"width\":%d,\"height\":%d,"
      "\"type\":\"%.32s\",\"data\":\"",
      pts, dur, e->width, e->height, e->type);
  return n < 0 ? 0 : (size_t) n;
}
