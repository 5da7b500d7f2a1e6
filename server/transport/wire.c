/*
 * wire.c - the pre-unpack depth and framing check (see wire.h).
 *
 * The walk reads each tag, skips scalar payloads by their wire type, and
 * descends into a length-delimited field only when the descriptor says the
 * field is a message. Unknown fields and strings are skipped whole, which is
 * also what protobuf-c does with them, so they cannot nest. Groups (wire
 * types 3 and 4) do not exist in proto3 and are refused.
 */
#include "transport/wire.h"

#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "core/utf8.h"

#define WIRE_VARINT    0u
#define WIRE_FIXED64   1u
#define WIRE_LEN       2u
#define WIRE_FIXED32   5u
#define VARINT_MAX     10u /* bytes in the longest 64-bit varint */
#define PATH_MAX_BYTES 200 /* the field path quoted in an error */

typedef struct wire_walk {
  unsigned max_depth;
  dbf_status *st;
  const char *path[DBF_WIRE_MAX_DEPTH + 2]; /* field names from the top, for messages */
} wire_walk;

/* "subject.attributes.fields.key": the fields leading to depth, then name. */
static void field_path(const wire_walk *w, unsigned depth, const char *name, char *out, size_t n) {
  size_t used = 0;
  out[0] = '\0';
  for (unsigned i = 1; i <= depth + 1 && used < n; i++) {
    const char *part = i > depth ? name : i < DBF_ARRAY_LEN(w->path) ? w->path[i] : NULL;
    if (!part)
      continue;
    int k = snprintf(out + used, n - used, "%s%s", used ? "." : "", part);
    if (k < 0)
      break;
    used += (size_t)k;
  }
}

/* Reads a varint at *p (not past end); false when truncated or too long. */
static bool read_varint(const uint8_t **p, const uint8_t *end, uint64_t *out) {
  uint64_t v = 0;
  for (unsigned i = 0; i < VARINT_MAX && *p < end; i++) {
    uint8_t b = *(*p)++;
    v |= (uint64_t)(b & 0x7fu) << (7u * i);
    if (!(b & 0x80u)) {
      *out = v;
      return true;
    }
  }
  return false;
}

static dbf_err walk(wire_walk *w, const ProtobufCMessageDescriptor *d, const uint8_t *p,
                    const uint8_t *end, unsigned depth) {
  if (depth > w->max_depth) {
    char path[PATH_MAX_BYTES];
    field_path(w, depth - 1 < 3 ? depth - 1 : 3, NULL, path, sizeof path);
    return dbf_fail(w->st, DBF_ERR_INVALID,
                    "the request nests messages more than %u levels deep (under field %s...); "
                    "flatten it",
                    w->max_depth, path);
  }
  while (p < end) {
    uint64_t tag = 0, n = 0;
    if (!read_varint(&p, end, &tag) || (tag >> 3) == 0 || (tag >> 3) > 0x1fffffffu)
      return dbf_fail(w->st, DBF_ERR_INVALID, "the request is not a valid %s message (bad tag)",
                      d->name);
    unsigned number = (unsigned)(tag >> 3);
    switch ((unsigned)(tag & 7u)) {
      case WIRE_VARINT:
        if (!read_varint(&p, end, &n))
          goto truncated;
        break;
      case WIRE_FIXED64:
        if ((size_t)(end - p) < 8u)
          goto truncated;
        p += 8;
        break;
      case WIRE_FIXED32:
        if ((size_t)(end - p) < 4u)
          goto truncated;
        p += 4;
        break;
      case WIRE_LEN: {
        if (!read_varint(&p, end, &n) || n > (uint64_t)(end - p))
          goto truncated;
        const ProtobufCFieldDescriptor *f = protobuf_c_message_descriptor_get_field(d, number);
        if (f && f->type == PROTOBUF_C_TYPE_MESSAGE) {
          if (depth < DBF_ARRAY_LEN(w->path))
            w->path[depth] = f->name;
          dbf_err rc = walk(w, f->descriptor, p, p + n, depth + 1);
          if (rc)
            return rc;
        } else if (f && f->type == PROTOBUF_C_TYPE_STRING) {
          size_t at = 0;
          const char *why = dbf_utf8_check(p, (size_t)n, &at, NULL);
          if (why) {
            char path[PATH_MAX_BYTES];
            field_path(w, depth - 1, f->name, path, sizeof path);
            return dbf_fail(w->st, DBF_ERR_INVALID,
                            "%s is not valid UTF-8: %s at byte %zu; send text as UTF-8", path, why,
                            at);
          }
        }
        p += n;
        break;
      }
      default:
        return dbf_fail(w->st, DBF_ERR_INVALID,
                        "the request is not a valid %s message (unsupported wire type %u)", d->name,
                        (unsigned)(tag & 7u));
    }
  }
  return DBF_OK;
truncated:
  return dbf_fail(w->st, DBF_ERR_INVALID, "the request is not a valid %s message (truncated)",
                  d->name);
}

dbf_err dbf_wire_check(const ProtobufCMessageDescriptor *d, const uint8_t *buf, size_t len,
                       unsigned max_depth, dbf_status *st) {
  dbf_status local = {0};
  wire_walk w = {.max_depth = max_depth, .st = st ? st : &local};
  if (!len)
    return DBF_OK; /* every field at its default; buf may be NULL */
  return walk(&w, d, buf, buf + len, 1);
}
