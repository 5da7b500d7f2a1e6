/*
 * json_in.c - canonical proto3 JSON -> protobuf-c message, for any message
 * type, through its descriptor. Everything is allocated in the caller's
 * arena, so a failure half way leaves nothing to free. See json.h for the
 * rules; every error names the field path.
 */
#include <errno.h>
#include <float.h>
#include <inttypes.h>
#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "gateway/json.h"
#include "gateway/json_int.h"
#include "gateway/wkt.h"
#include "google/protobuf/struct.pb-c.h"

#define PATH_MAX_LEN 256

typedef struct in_ctx {
  dbf_arena *a;
  dbf_status *st;
} in_ctx;

static dbf_err parse_msg(in_ctx *c, const ProtobufCMessageDescriptor *d, const json_t *j, void *msg,
                         const char *path, unsigned depth);
static dbf_err parse_value(in_ctx *c, const json_t *j, Google__Protobuf__Value *v, const char *path,
                           unsigned depth);

static dbf_err nomem(in_ctx *c) {
  return dbf_fail(c->st, DBF_ERR_TOO_BIG, "the request is too large to convert");
}

static dbf_err bad(in_ctx *c, const char *path, const char *what) {
  return dbf_fail(c->st, DBF_ERR_INVALID, "invalid value for field \"%s\": %s",
                  *path ? path : "(request)", what);
}

static void child_path(char *out, const char *path, const char *name) {
  snprintf(out, PATH_MAX_LEN, "%s%s%s", path, *path ? "." : "", name);
}

void dbf_gw_json_name(const char *proto_name, char *buf, size_t n) {
  size_t o = 0;
  int up = 0;
  for (const char *p = proto_name; *p && o + 1 < n; p++) {
    if (*p == '_') {
      up = 1;
      continue;
    }
    buf[o++] = up && *p >= 'a' && *p <= 'z' ? (char)(*p - 'a' + 'A') : *p;
    up = 0;
  }
  if (n)
    buf[o] = '\0';
}

static const char *const WRAPPERS[] = {
    "google.protobuf.DoubleValue", "google.protobuf.FloatValue",  "google.protobuf.Int64Value",
    "google.protobuf.UInt64Value", "google.protobuf.Int32Value",  "google.protobuf.UInt32Value",
    "google.protobuf.BoolValue",   "google.protobuf.StringValue", "google.protobuf.BytesValue"};

static int is_wrapper(const ProtobufCMessageDescriptor *d) {
  for (size_t i = 0; i < DBF_ARRAY_LEN(WRAPPERS); i++)
    if (strcmp(d->name, WRAPPERS[i]) == 0)
      return 1;
  return 0;
}

int dbf_gw_json_is_wkt(const ProtobufCMessageDescriptor *d) {
  return strcmp(d->name, "google.protobuf.Timestamp") == 0 ||
         strcmp(d->name, "google.protobuf.Duration") == 0 ||
         strcmp(d->name, "google.protobuf.Struct") == 0 ||
         strcmp(d->name, "google.protobuf.Value") == 0 ||
         strcmp(d->name, "google.protobuf.ListValue") == 0 || is_wrapper(d);
}

/* An integral value from a JSON integer, an integral real or a decimal string. */
static int get_i64(const json_t *j, int64_t *out) {
  if (json_is_integer(j)) {
    *out = json_integer_value(j);
    return 1;
  }
  if (json_is_real(j)) {
    double v = json_real_value(j);
    if (v != floor(v) || v < -9223372036854775808.0 || v >= 9223372036854775808.0)
      return 0;
    *out = (int64_t)v;
    return 1;
  }
  if (json_is_string(j)) {
    const char *s = json_string_value(j);
    char *end;
    if (!*s || (*s != '-' && (*s < '0' || *s > '9')))
      return 0;
    errno = 0;
    long long v = strtoll(s, &end, 10);
    if (errno || *end)
      return 0;
    *out = v;
    return 1;
  }
  return 0;
}

static int get_u64(const json_t *j, uint64_t *out) {
  if (json_is_string(j)) {
    const char *s = json_string_value(j);
    char *end;
    if (*s < '0' || *s > '9')
      return 0;
    errno = 0;
    unsigned long long v = strtoull(s, &end, 10);
    if (errno || *end)
      return 0;
    *out = v;
    return 1;
  }
  int64_t v;
  if (!get_i64(j, &v) || v < 0)
    return 0;
  *out = (uint64_t)v;
  return 1;
}

static int get_double(const json_t *j, double *out) {
  if (json_is_number(j)) {
    *out = json_number_value(j);
    return 1;
  }
  if (!json_is_string(j))
    return 0;
  const char *s = json_string_value(j);
  if (strcmp(s, "NaN") == 0) {
    *out = NAN;
    return 1;
  }
  if (strcmp(s, "Infinity") == 0 || strcmp(s, "-Infinity") == 0) {
    *out = *s == '-' ? -INFINITY : INFINITY;
    return 1;
  }
  char *end;
  if (!*s || strchr(" \t\n\r", *s))
    return 0;
  errno = 0;
  double v = strtod(s, &end);
  if (errno || *end || !isfinite(v))
    return 0;
  *out = v;
  return 1;
}

static dbf_err parse_bytes(in_ctx *c, const json_t *j, ProtobufCBinaryData *b, const char *path) {
  if (!json_is_string(j))
    return bad(c, path, "expected a base64 string");
  size_t len = json_string_length(j);
  b->data = dbf_arena_alloc(c->a, 3 * (len / 4 + 1));
  if (!b->data)
    return nomem(c);
  if (dbf_gw_base64_decode(json_string_value(j), len, b->data, &b->len))
    return bad(c, path, "not base64");
  return DBF_OK;
}

static void *new_msg(in_ctx *c, const ProtobufCMessageDescriptor *d) {
  void *m = dbf_arena_alloc(c->a, d->sizeof_message);
  if (m)
    d->message_init((ProtobufCMessage *)m);
  return m;
}

/* One value of field f (an element, for a repeated field) into dst. */
static dbf_err parse_scalar(in_ctx *c, const ProtobufCFieldDescriptor *f, const json_t *j,
                            void *dst, const char *path, unsigned depth) {
  int64_t i;
  uint64_t u;
  double dv;
  switch (f->type) {
    case PROTOBUF_C_TYPE_INT32:
    case PROTOBUF_C_TYPE_SINT32:
    case PROTOBUF_C_TYPE_SFIXED32:
      if (!get_i64(j, &i) || i < INT32_MIN || i > INT32_MAX)
        return bad(c, path, "expected a 32-bit integer");
      *(int32_t *)dst = (int32_t)i;
      return DBF_OK;
    case PROTOBUF_C_TYPE_UINT32:
    case PROTOBUF_C_TYPE_FIXED32:
      if (!get_u64(j, &u) || u > UINT32_MAX)
        return bad(c, path, "expected an unsigned 32-bit integer");
      *(uint32_t *)dst = (uint32_t)u;
      return DBF_OK;
    case PROTOBUF_C_TYPE_INT64:
    case PROTOBUF_C_TYPE_SINT64:
    case PROTOBUF_C_TYPE_SFIXED64:
      if (!get_i64(j, &i))
        return bad(c, path, "expected a 64-bit integer (a number or a decimal string)");
      *(int64_t *)dst = i;
      return DBF_OK;
    case PROTOBUF_C_TYPE_UINT64:
    case PROTOBUF_C_TYPE_FIXED64:
      if (!get_u64(j, &u))
        return bad(c, path, "expected an unsigned 64-bit integer");
      *(uint64_t *)dst = u;
      return DBF_OK;
    case PROTOBUF_C_TYPE_FLOAT:
      if (!get_double(j, &dv) || (isfinite(dv) && fabs(dv) > FLT_MAX))
        return bad(c, path, "expected a 32-bit floating point number");
      *(float *)dst = (float)dv;
      return DBF_OK;
    case PROTOBUF_C_TYPE_DOUBLE:
      if (!get_double(j, &dv))
        return bad(c, path, "expected a number");
      *(double *)dst = dv;
      return DBF_OK;
    case PROTOBUF_C_TYPE_BOOL:
      if (!json_is_boolean(j))
        return bad(c, path, "expected true or false");
      *(protobuf_c_boolean *)dst = json_is_true(j);
      return DBF_OK;
    case PROTOBUF_C_TYPE_ENUM: {
      const ProtobufCEnumDescriptor *ed = f->descriptor;
      if (json_is_string(j)) {
        const ProtobufCEnumValue *ev =
            protobuf_c_enum_descriptor_get_value_by_name(ed, json_string_value(j));
        if (!ev)
          return dbf_fail(c->st, DBF_ERR_INVALID, "invalid value for field \"%s\": %s is not a %s",
                          path, json_string_value(j), ed->name);
        *(int *)dst = ev->value;
        return DBF_OK;
      }
      if (!json_is_integer(j) || json_integer_value(j) < INT32_MIN ||
          json_integer_value(j) > INT32_MAX)
        return bad(c, path, "expected an enum name or number");
      *(int *)dst = (int)json_integer_value(j);
      return DBF_OK;
    }
    case PROTOBUF_C_TYPE_STRING:
      if (!json_is_string(j))
        return bad(c, path, "expected a string");
      *(char **)dst = dbf_arena_strndup(c->a, json_string_value(j), json_string_length(j));
      return *(char **)dst ? DBF_OK : nomem(c);
    case PROTOBUF_C_TYPE_BYTES:
      return parse_bytes(c, j, dst, path);
    case PROTOBUF_C_TYPE_MESSAGE: {
      void *m = new_msg(c, f->descriptor);
      if (!m)
        return nomem(c);
      *(void **)dst = m;
      return parse_msg(c, f->descriptor, j, m, path, depth + 1);
    }
  }
  return bad(c, path, "unsupported field type");
}

size_t dbf__gw_elem_size(ProtobufCType t) {
  switch (t) {
    case PROTOBUF_C_TYPE_INT64:
    case PROTOBUF_C_TYPE_SINT64:
    case PROTOBUF_C_TYPE_SFIXED64:
    case PROTOBUF_C_TYPE_UINT64:
    case PROTOBUF_C_TYPE_FIXED64:
    case PROTOBUF_C_TYPE_DOUBLE:
      return 8;
    case PROTOBUF_C_TYPE_STRING:
    case PROTOBUF_C_TYPE_MESSAGE:
      return sizeof(void *);
    case PROTOBUF_C_TYPE_BYTES:
      return sizeof(ProtobufCBinaryData);
    case PROTOBUF_C_TYPE_BOOL:
      return sizeof(protobuf_c_boolean);
    default:
      return 4;
  }
}

static dbf_err parse_field(in_ctx *c, const ProtobufCFieldDescriptor *f, const json_t *j, void *msg,
                           const char *path, unsigned depth) {
  char *base = msg;
  if (f->label == PROTOBUF_C_LABEL_REPEATED) {
    if (!json_is_array(j))
      return bad(c, path, "expected a list");
    size_t n = json_array_size(j), sz = dbf__gw_elem_size(f->type);
    uint8_t *arr = n ? dbf_arena_calloc(c->a, n, sz) : NULL;
    if (n && !arr)
      return nomem(c);
    for (size_t i = 0; i < n; i++) {
      char p[PATH_MAX_LEN];
      snprintf(p, sizeof p, "%s[%zu]", path, i);
      if (json_is_null(json_array_get(j, i)) && f->type == PROTOBUF_C_TYPE_MESSAGE &&
          strcmp(((const ProtobufCMessageDescriptor *)f->descriptor)->name,
                 "google.protobuf.Value") != 0)
        return bad(c, p, "null in a list");
      dbf_err rc = parse_scalar(c, f, json_array_get(j, i), arr + i * sz, p, depth);
      if (rc)
        return rc;
    }
    *(size_t *)(base + f->quantifier_offset) = n;
    *(void **)(base + f->offset) = arr;
    return DBF_OK;
  }
  dbf_err rc = parse_scalar(c, f, j, base + f->offset, path, depth);
  if (rc)
    return rc;
  if (f->flags & PROTOBUF_C_FIELD_FLAG_ONEOF)
    *(uint32_t *)(base + f->quantifier_offset) = f->id;
  else if (f->label == PROTOBUF_C_LABEL_OPTIONAL && f->type != PROTOBUF_C_TYPE_STRING &&
           f->type != PROTOBUF_C_TYPE_MESSAGE)
    *(protobuf_c_boolean *)(base + f->quantifier_offset) = 1;
  return DBF_OK;
}

static const ProtobufCFieldDescriptor *find_field(const ProtobufCMessageDescriptor *d,
                                                  const char *key) {
  const ProtobufCFieldDescriptor *f = protobuf_c_message_descriptor_get_field_by_name(d, key);
  if (f)
    return f;
  char camel[PATH_MAX_LEN];
  for (unsigned i = 0; i < d->n_fields; i++) {
    dbf_gw_json_name(d->fields[i].name, camel, sizeof camel);
    if (strcmp(camel, key) == 0)
      return &d->fields[i];
  }
  return NULL;
}

static dbf_err parse_struct(in_ctx *c, const json_t *j, Google__Protobuf__Struct *s,
                            const char *path, unsigned depth) {
  if (!json_is_object(j))
    return bad(c, path, "expected an object");
  size_t n = json_object_size(j), i = 0;
  s->fields = n ? dbf_arena_calloc(c->a, n, sizeof *s->fields) : NULL;
  if (n && !s->fields)
    return nomem(c);
  const char *key;
  json_t *v;
  json_object_foreach((json_t *)j, key, v) {
    Google__Protobuf__Struct__FieldsEntry *e =
        new_msg(c, &google__protobuf__struct__fields_entry__descriptor);
    Google__Protobuf__Value *val = new_msg(c, &google__protobuf__value__descriptor);
    if (!e || !val || !(e->key = dbf_arena_strdup(c->a, key)))
      return nomem(c);
    char p[PATH_MAX_LEN];
    child_path(p, path, key);
    dbf_err rc = parse_value(c, v, val, p, depth + 1);
    if (rc)
      return rc;
    e->value = val;
    s->fields[i++] = e;
  }
  s->n_fields = i;
  return DBF_OK;
}

static dbf_err parse_list(in_ctx *c, const json_t *j, Google__Protobuf__ListValue *l,
                          const char *path, unsigned depth) {
  if (!json_is_array(j))
    return bad(c, path, "expected a list");
  size_t n = json_array_size(j);
  l->values = n ? dbf_arena_calloc(c->a, n, sizeof *l->values) : NULL;
  if (n && !l->values)
    return nomem(c);
  for (size_t i = 0; i < n; i++) {
    Google__Protobuf__Value *val = new_msg(c, &google__protobuf__value__descriptor);
    if (!val)
      return nomem(c);
    char p[PATH_MAX_LEN];
    snprintf(p, sizeof p, "%s[%zu]", path, i);
    dbf_err rc = parse_value(c, json_array_get(j, i), val, p, depth + 1);
    if (rc)
      return rc;
    l->values[i] = val;
  }
  l->n_values = n;
  return DBF_OK;
}

static dbf_err parse_value(in_ctx *c, const json_t *j, Google__Protobuf__Value *v, const char *path,
                           unsigned depth) {
  if (depth > DBF_GW_JSON_MAX_DEPTH)
    return dbf_fail(c->st, DBF_ERR_INVALID, "field \"%s\" is nested deeper than %d levels", path,
                    DBF_GW_JSON_MAX_DEPTH);
  switch (json_typeof(j)) {
    case JSON_NULL:
      v->kind_case = GOOGLE__PROTOBUF__VALUE__KIND_NULL_VALUE;
      v->null_value = GOOGLE__PROTOBUF__NULL_VALUE__NULL_VALUE;
      return DBF_OK;
    case JSON_TRUE:
    case JSON_FALSE:
      v->kind_case = GOOGLE__PROTOBUF__VALUE__KIND_BOOL_VALUE;
      v->bool_value = json_is_true(j);
      return DBF_OK;
    case JSON_INTEGER:
    case JSON_REAL:
      v->kind_case = GOOGLE__PROTOBUF__VALUE__KIND_NUMBER_VALUE;
      v->number_value = json_number_value(j);
      return DBF_OK;
    case JSON_STRING:
      v->kind_case = GOOGLE__PROTOBUF__VALUE__KIND_STRING_VALUE;
      v->string_value = dbf_arena_strndup(c->a, json_string_value(j), json_string_length(j));
      return v->string_value ? DBF_OK : nomem(c);
    case JSON_OBJECT:
      v->kind_case = GOOGLE__PROTOBUF__VALUE__KIND_STRUCT_VALUE;
      if (!(v->struct_value = new_msg(c, &google__protobuf__struct__descriptor)))
        return nomem(c);
      return parse_struct(c, j, v->struct_value, path, depth);
    case JSON_ARRAY:
      v->kind_case = GOOGLE__PROTOBUF__VALUE__KIND_LIST_VALUE;
      if (!(v->list_value = new_msg(c, &google__protobuf__list_value__descriptor)))
        return nomem(c);
      return parse_list(c, j, v->list_value, path, depth);
  }
  return bad(c, path, "not a JSON value");
}

/* The well-known types written as JSON scalars; returns 1 when d is one of them. */
static int parse_wkt(in_ctx *c, const ProtobufCMessageDescriptor *d, const json_t *j, void *msg,
                     const char *path, unsigned depth, dbf_err *rc) {
  int ts = strcmp(d->name, "google.protobuf.Timestamp") == 0;
  if (ts || strcmp(d->name, "google.protobuf.Duration") == 0) {
    /* Both are {int64 seconds = 1; int32 nanos = 2;}. */
    int64_t secs = 0;
    int32_t nanos = 0;
    if (!json_is_string(j))
      *rc =
          bad(c, path, ts ? "expected an RFC 3339 timestamp" : "expected a duration like \"1.5s\"");
    else if ((ts ? dbf_gw_ts_parse : dbf_gw_duration_parse)(json_string_value(j), &secs, &nanos))
      *rc = bad(c, path,
                ts ? "not an RFC 3339 timestamp between years 1 and 9999"
                   : "not a duration like \"1.5s\"");
    else {
      *(int64_t *)((char *)msg + d->fields[0].offset) = secs;
      *(int32_t *)((char *)msg + d->fields[1].offset) = nanos;
      *rc = DBF_OK;
    }
    return 1;
  }
  if (strcmp(d->name, "google.protobuf.Struct") == 0) {
    *rc = parse_struct(c, j, msg, path, depth);
    return 1;
  }
  if (strcmp(d->name, "google.protobuf.Value") == 0) {
    *rc = parse_value(c, j, msg, path, depth);
    return 1;
  }
  if (strcmp(d->name, "google.protobuf.ListValue") == 0) {
    *rc = parse_list(c, j, msg, path, depth);
    return 1;
  }
  if (is_wrapper(d)) {
    *rc = json_is_null(j) ? DBF_OK : parse_field(c, &d->fields[0], j, msg, path, depth);
    return 1;
  }
  return 0;
}

static dbf_err parse_msg(in_ctx *c, const ProtobufCMessageDescriptor *d, const json_t *j, void *msg,
                         const char *path, unsigned depth) {
  dbf_err rc;
  if (depth > DBF_GW_JSON_MAX_DEPTH)
    return dbf_fail(c->st, DBF_ERR_INVALID, "field \"%s\" is nested deeper than %d levels",
                    *path ? path : "(request)", DBF_GW_JSON_MAX_DEPTH);
  if (parse_wkt(c, d, j, msg, path, depth, &rc))
    return rc;
  if (!json_is_object(j))
    return bad(c, path, "expected an object");
  uint8_t *seen = d->n_fields ? dbf_arena_calloc(c->a, d->n_fields, 1) : NULL;
  if (d->n_fields && !seen)
    return nomem(c);
  const char *key;
  json_t *v;
  json_object_foreach((json_t *)j, key, v) {
    char p[PATH_MAX_LEN];
    child_path(p, path, key);
    const ProtobufCFieldDescriptor *f = find_field(d, key);
    if (!f)
      return dbf_fail(c->st, DBF_ERR_INVALID, "unknown field \"%s\" in %s", p, d->name);
    child_path(p, path, f->name);
    size_t idx = (size_t)(f - d->fields);
    if (seen[idx])
      return dbf_fail(c->st, DBF_ERR_INVALID, "field \"%s\" is given twice", p);
    seen[idx] = 1;
    int is_value = f->type == PROTOBUF_C_TYPE_MESSAGE &&
                   strcmp(((const ProtobufCMessageDescriptor *)f->descriptor)->name,
                          "google.protobuf.Value") == 0;
    if (json_is_null(v) && !(is_value && f->label != PROTOBUF_C_LABEL_REPEATED))
      continue;
    if (f->flags & PROTOBUF_C_FIELD_FLAG_ONEOF) {
      uint32_t cs = *(uint32_t *)((char *)msg + f->quantifier_offset);
      if (cs != 0 && cs != f->id)
        return dbf_fail(c->st, DBF_ERR_INVALID,
                        "field \"%s\" is a second member of a oneof that is already set", p);
    }
    if ((rc = parse_field(c, f, v, msg, p, depth)) != DBF_OK)
      return rc;
  }
  return DBF_OK;
}

dbf_err dbf_gw_json_to_msg(dbf_arena *a, const ProtobufCMessageDescriptor *d, const json_t *j,
                           const char *what, ProtobufCMessage **out, dbf_status *st) {
  in_ctx c = {.a = a, .st = st};
  void *m = new_msg(&c, d);
  if (!m)
    return nomem(&c);
  dbf_err rc = parse_msg(&c, d, j, m, what ? what : "", 0);
  if (rc == DBF_OK)
    *out = m;
  return rc;
}
