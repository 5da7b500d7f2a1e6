/*
 * json_out.c - protobuf-c message -> canonical proto3 JSON text, for any
 * message type, through its descriptor. The text is written straight into
 * a capped buffer rather than through jansson, because jansson cannot
 * write a double with the shortest text that round-trips.
 */
#include <inttypes.h>
#include <math.h>
#include <string.h>

#include "core/utf8.h"
#include "gateway/json.h"
#include "gateway/json_int.h"
#include "gateway/wkt.h"
#include "google/protobuf/struct.pb-c.h"

typedef struct out_ctx {
  dbf_buf *b;
  dbf_status *st;
} out_ctx;

static dbf_err emit_msg(out_ctx *c, const ProtobufCMessage *m, unsigned depth);
static dbf_err emit_value(out_ctx *c, const Google__Protobuf__Value *v, unsigned depth);

static dbf_err put(out_ctx *c, const char *s) {
  return dbf_buf_appends(c->b, s);
}

static dbf_err emit_string(out_ctx *c, const char *s, size_t n) {
  if (dbf_utf8_check((const uint8_t *)s, n, NULL, NULL))
    return dbf_fail(c->st, DBF_ERR_INTERNAL, "a reply string is not valid UTF-8");
  dbf_err rc = put(c, "\"");
  size_t run = 0;
  for (size_t i = 0; rc == DBF_OK && i < n; i++) {
    unsigned char ch = (unsigned char)s[i];
    if (ch >= 0x20 && ch != '"' && ch != '\\')
      continue;
    if ((rc = dbf_buf_append(c->b, s + run, i - run)) != DBF_OK)
      break;
    run = i + 1;
    switch (ch) {
      case '"':
        rc = put(c, "\\\"");
        break;
      case '\\':
        rc = put(c, "\\\\");
        break;
      case '\n':
        rc = put(c, "\\n");
        break;
      case '\r':
        rc = put(c, "\\r");
        break;
      case '\t':
        rc = put(c, "\\t");
        break;
      default:
        rc = dbf_buf_printf(c->b, "\\u%04x", ch);
    }
  }
  if (rc == DBF_OK)
    rc = dbf_buf_append(c->b, s + run, n - run);
  return rc ? rc : put(c, "\"");
}

static dbf_err emit_double(out_ctx *c, double v, int is_float) {
  if (isnan(v))
    return put(c, "\"NaN\"");
  if (isinf(v))
    return put(c, v < 0 ? "\"-Infinity\"" : "\"Infinity\"");
  return dbf_gw_double_format(v, is_float, c->b);
}

static dbf_err emit_struct(out_ctx *c, const Google__Protobuf__Struct *s, unsigned depth) {
  dbf_err rc = put(c, "{");
  for (size_t i = 0; rc == DBF_OK && i < s->n_fields; i++) {
    const Google__Protobuf__Struct__FieldsEntry *e = s->fields[i];
    const char *k = e->key ? e->key : "";
    if ((i && (rc = put(c, ",")) != DBF_OK) || (rc = emit_string(c, k, strlen(k))) != DBF_OK ||
        (rc = put(c, ":")) != DBF_OK)
      break;
    rc = e->value ? emit_value(c, e->value, depth + 1) : put(c, "null");
  }
  return rc ? rc : put(c, "}");
}

static dbf_err emit_list(out_ctx *c, const Google__Protobuf__ListValue *l, unsigned depth) {
  dbf_err rc = put(c, "[");
  for (size_t i = 0; rc == DBF_OK && i < l->n_values; i++) {
    if (i && (rc = put(c, ",")) != DBF_OK)
      break;
    rc = emit_value(c, l->values[i], depth + 1);
  }
  return rc ? rc : put(c, "]");
}

static dbf_err emit_value(out_ctx *c, const Google__Protobuf__Value *v, unsigned depth) {
  if (depth > DBF_GW_JSON_MAX_DEPTH)
    return dbf_fail(c->st, DBF_ERR_TOO_BIG, "a reply value is nested deeper than %d levels",
                    DBF_GW_JSON_MAX_DEPTH);
  switch (v->kind_case) {
    case GOOGLE__PROTOBUF__VALUE__KIND_NUMBER_VALUE:
      return emit_double(c, v->number_value, 0);
    case GOOGLE__PROTOBUF__VALUE__KIND_STRING_VALUE:
      return emit_string(c, v->string_value, strlen(v->string_value));
    case GOOGLE__PROTOBUF__VALUE__KIND_BOOL_VALUE:
      return put(c, v->bool_value ? "true" : "false");
    case GOOGLE__PROTOBUF__VALUE__KIND_STRUCT_VALUE:
      return emit_struct(c, v->struct_value, depth);
    case GOOGLE__PROTOBUF__VALUE__KIND_LIST_VALUE:
      return emit_list(c, v->list_value, depth);
    default:
      return put(c, "null");
  }
}

/* One value of field f stored at p (an element, for a repeated field). */
static dbf_err emit_scalar(out_ctx *c, const ProtobufCFieldDescriptor *f, const void *p,
                           unsigned depth) {
  switch (f->type) {
    case PROTOBUF_C_TYPE_INT32:
    case PROTOBUF_C_TYPE_SINT32:
    case PROTOBUF_C_TYPE_SFIXED32:
      return dbf_buf_printf(c->b, "%" PRId32, *(const int32_t *)p);
    case PROTOBUF_C_TYPE_UINT32:
    case PROTOBUF_C_TYPE_FIXED32:
      return dbf_buf_printf(c->b, "%" PRIu32, *(const uint32_t *)p);
    case PROTOBUF_C_TYPE_INT64:
    case PROTOBUF_C_TYPE_SINT64:
    case PROTOBUF_C_TYPE_SFIXED64:
      return dbf_buf_printf(c->b, "\"%" PRId64 "\"", *(const int64_t *)p);
    case PROTOBUF_C_TYPE_UINT64:
    case PROTOBUF_C_TYPE_FIXED64:
      return dbf_buf_printf(c->b, "\"%" PRIu64 "\"", *(const uint64_t *)p);
    case PROTOBUF_C_TYPE_FLOAT:
      return emit_double(c, *(const float *)p, 1);
    case PROTOBUF_C_TYPE_DOUBLE:
      return emit_double(c, *(const double *)p, 0);
    case PROTOBUF_C_TYPE_BOOL:
      return put(c, *(const protobuf_c_boolean *)p ? "true" : "false");
    case PROTOBUF_C_TYPE_ENUM: {
      const ProtobufCEnumValue *ev =
          protobuf_c_enum_descriptor_get_value(f->descriptor, *(const int *)p);
      if (!ev)
        return dbf_buf_printf(c->b, "%d", *(const int *)p);
      return dbf_buf_printf(c->b, "\"%s\"", ev->name);
    }
    case PROTOBUF_C_TYPE_STRING: {
      const char *s = *(char *const *)p;
      return s ? emit_string(c, s, strlen(s)) : put(c, "\"\"");
    }
    case PROTOBUF_C_TYPE_BYTES: {
      const ProtobufCBinaryData *b = p;
      dbf_err rc = put(c, "\"");
      if (rc == DBF_OK)
        rc = dbf_gw_base64_encode(b->data, b->len, c->b);
      return rc ? rc : put(c, "\"");
    }
    case PROTOBUF_C_TYPE_MESSAGE: {
      const ProtobufCMessage *m = *(ProtobufCMessage *const *)p;
      return m ? emit_msg(c, m, depth + 1) : put(c, "null");
    }
  }
  return dbf_fail(c->st, DBF_ERR_INTERNAL, "field %s has an unknown type", f->name);
}

/* True when a singular field without presence holds its default (and is left out). */
static int is_default(const ProtobufCFieldDescriptor *f, const void *p) {
  switch (f->type) {
    case PROTOBUF_C_TYPE_STRING: {
      const char *s = *(char *const *)p;
      return !s || !*s;
    }
    case PROTOBUF_C_TYPE_BYTES:
      return ((const ProtobufCBinaryData *)p)->len == 0;
    case PROTOBUF_C_TYPE_MESSAGE:
      return *(void *const *)p == NULL;
    case PROTOBUF_C_TYPE_DOUBLE:
      return *(const double *)p == 0 && !signbit(*(const double *)p);
    case PROTOBUF_C_TYPE_FLOAT:
      return *(const float *)p == 0 && !signbit(*(const float *)p);
    default: {
      size_t n = dbf__gw_elem_size(f->type);
      static const uint8_t zero[8];
      return memcmp(p, zero, n) == 0;
    }
  }
}

/* Whether field f of m is written, per proto3 JSON's presence rules. */
static int present(const ProtobufCFieldDescriptor *f, const char *base) {
  if (f->flags & PROTOBUF_C_FIELD_FLAG_ONEOF)
    return *(const uint32_t *)(base + f->quantifier_offset) == f->id;
  if (f->label == PROTOBUF_C_LABEL_REPEATED)
    return *(const size_t *)(base + f->quantifier_offset) > 0;
  if (f->label == PROTOBUF_C_LABEL_OPTIONAL && f->type != PROTOBUF_C_TYPE_STRING &&
      f->type != PROTOBUF_C_TYPE_MESSAGE)
    return *(const protobuf_c_boolean *)(base + f->quantifier_offset);
  return !is_default(f, base + f->offset);
}

static dbf_err emit_field(out_ctx *c, const ProtobufCFieldDescriptor *f, const char *base,
                          unsigned depth) {
  if (f->label != PROTOBUF_C_LABEL_REPEATED)
    return emit_scalar(c, f, base + f->offset, depth);
  size_t n = *(const size_t *)(base + f->quantifier_offset), sz = dbf__gw_elem_size(f->type);
  const char *arr = *(char *const *)(base + f->offset);
  dbf_err rc = put(c, "[");
  for (size_t i = 0; rc == DBF_OK && i < n; i++) {
    if (i && (rc = put(c, ",")) != DBF_OK)
      break;
    rc = emit_scalar(c, f, arr + i * sz, depth);
  }
  return rc ? rc : put(c, "]");
}

/* The well-known types written as JSON scalars; returns 1 when m is one of them. */
static int emit_wkt(out_ctx *c, const ProtobufCMessage *m, unsigned depth, dbf_err *rc) {
  const ProtobufCMessageDescriptor *d = m->descriptor;
  int ts = strcmp(d->name, "google.protobuf.Timestamp") == 0;
  if (!dbf_gw_json_is_wkt(d))
    return 0;
  const char *base = (const char *)m;
  if (ts || strcmp(d->name, "google.protobuf.Duration") == 0) {
    int64_t secs = *(const int64_t *)(base + d->fields[0].offset);
    int32_t nanos = *(const int32_t *)(base + d->fields[1].offset);
    if ((*rc = put(c, "\"")) == DBF_OK)
      *rc = ts ? dbf_gw_ts_format(secs, nanos, c->b) : dbf_gw_duration_format(secs, nanos, c->b);
    if (*rc == DBF_ERR_INVALID)
      *rc = dbf_fail(c->st, DBF_ERR_INTERNAL, "a reply %s is out of range", d->name);
    if (*rc == DBF_OK)
      *rc = put(c, "\"");
  } else if (strcmp(d->name, "google.protobuf.Struct") == 0) {
    *rc = emit_struct(c, (const Google__Protobuf__Struct *)m, depth);
  } else if (strcmp(d->name, "google.protobuf.Value") == 0) {
    *rc = emit_value(c, (const Google__Protobuf__Value *)m, depth);
  } else if (strcmp(d->name, "google.protobuf.ListValue") == 0) {
    *rc = emit_list(c, (const Google__Protobuf__ListValue *)m, depth);
  } else {
    *rc = emit_field(c, &d->fields[0], base, depth); /* a wrapper: its value */
  }
  return 1;
}

static dbf_err emit_msg(out_ctx *c, const ProtobufCMessage *m, unsigned depth) {
  dbf_err rc;
  if (depth > DBF_GW_JSON_MAX_DEPTH)
    return dbf_fail(c->st, DBF_ERR_TOO_BIG, "a reply is nested deeper than %d levels",
                    DBF_GW_JSON_MAX_DEPTH);
  if (emit_wkt(c, m, depth, &rc))
    return rc;
  const ProtobufCMessageDescriptor *d = m->descriptor;
  const char *base = (const char *)m;
  int first = 1;
  if ((rc = put(c, "{")) != DBF_OK)
    return rc;
  for (unsigned i = 0; i < d->n_fields; i++) {
    const ProtobufCFieldDescriptor *f = &d->fields[i];
    if (!present(f, base))
      continue;
    char name[128];
    dbf_gw_json_name(f->name, name, sizeof name);
    if ((rc = dbf_buf_printf(c->b, "%s\"%s\":", first ? "" : ",", name)) != DBF_OK ||
        (rc = emit_field(c, f, base, depth)) != DBF_OK)
      return rc;
    first = 0;
  }
  return put(c, "}");
}

dbf_err dbf_gw_msg_to_json(const ProtobufCMessage *m, dbf_buf *out, dbf_status *st) {
  out_ctx c = {.b = out, .st = st};
  dbf_err rc = emit_msg(&c, m, 0);
  if (rc == DBF_ERR_TOO_BIG && st && !st->msg[0])
    dbf_fail(st, rc, "the reply is larger than the gateway's %zu-byte cap", out->max);
  return rc;
}
