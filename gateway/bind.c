/*
 * bind.c - request messages from the body, path and query string of a REST
 * call (bind.h). Everything is first gathered into one JSON object and then
 * converted once by the JSON mapping, so path and query values get the same
 * type checks and error messages as body fields.
 */
#include "gateway/bind.h"

#include <stdio.h>
#include <string.h>

#include "core/config.h"
#include "gateway/json.h"

/* The field called name (proto or JSON spelling) of d, or NULL. */
static const ProtobufCFieldDescriptor *field_named(const ProtobufCMessageDescriptor *d,
                                                   const char *name) {
  const ProtobufCFieldDescriptor *f = protobuf_c_message_descriptor_get_field_by_name(d, name);
  for (unsigned i = 0; !f && i < d->n_fields; i++) {
    char camel[128];
    dbf_gw_json_name(d->fields[i].name, camel, sizeof camel);
    if (strcmp(camel, name) == 0)
      f = &d->fields[i];
  }
  return f;
}

/* obj's member for field f under either spelling; the other spelling is dropped. */
static json_t *take_member(json_t *obj, const ProtobufCFieldDescriptor *f) {
  char camel[128];
  dbf_gw_json_name(f->name, camel, sizeof camel);
  json_t *v = json_object_get(obj, f->name);
  if (!v && (v = json_object_get(obj, camel)) != NULL) {
    json_incref(v);
    json_object_del(obj, camel);
    json_object_set_new(obj, f->name, v);
  } else if (strcmp(camel, f->name) != 0) {
    json_object_del(obj, camel);
  }
  return v;
}

/* A JSON value for the text s of a scalar (or scalar-like) field f; NULL when s cannot be one. */
static json_t *typed(const ProtobufCFieldDescriptor *f, const char *s) {
  int64_t i;
  switch (f->type) {
    case PROTOBUF_C_TYPE_BOOL:
      if (strcmp(s, "true") == 0 || strcmp(s, "1") == 0)
        return json_true();
      if (strcmp(s, "false") == 0 || strcmp(s, "0") == 0)
        return json_false();
      return NULL;
    case PROTOBUF_C_TYPE_ENUM:
      if (dbf_parse_i64(s, INT32_MIN, INT32_MAX, &i) == DBF_OK)
        return json_integer(i);
      return json_string(s);
    case PROTOBUF_C_TYPE_MESSAGE: {
      const ProtobufCMessageDescriptor *d = f->descriptor;
      if (!dbf_gw_json_is_wkt(d) || strcmp(d->name, "google.protobuf.Struct") == 0 ||
          strcmp(d->name, "google.protobuf.ListValue") == 0)
        return NULL;
      if (d->n_fields == 1) /* a wrapper: its value's own type */
        return typed(&d->fields[0], s);
      return json_string(s);
    }
    default:
      return json_string(s);
  }
}

/*
 * Sets the dotted field path `path` of the object root (for message d) to
 * the text value, creating objects on the way. what says where the value
 * came from, for errors.
 */
static dbf_err set_path(json_t *root, const ProtobufCMessageDescriptor *d, const char *path,
                        const char *value, const char *what, dbf_status *st) {
  char part[128];
  json_t *obj = root;
  const char *p = path;
  for (;;) {
    const char *dot = strchr(p, '.');
    size_t n = dot ? (size_t)(dot - p) : strlen(p);
    if (n == 0 || n >= sizeof part)
      return dbf_fail(st, DBF_ERR_INVALID, "%s \"%s\" is not a field path", what, path);
    memcpy(part, p, n);
    part[n] = '\0';
    const ProtobufCFieldDescriptor *f = field_named(d, part);
    if (!f)
      return dbf_fail(st, DBF_ERR_INVALID, "unknown %s \"%s\" in %s", what, path, d->name);
    json_t *cur = take_member(obj, f);
    if (dot) {
      if (f->type != PROTOBUF_C_TYPE_MESSAGE || f->label == PROTOBUF_C_LABEL_REPEATED ||
          dbf_gw_json_is_wkt(f->descriptor))
        return dbf_fail(st, DBF_ERR_INVALID, "%s \"%s\": %s is not a message", what, path, f->name);
      if (!json_is_object(cur)) {
        cur = json_object();
        if (!cur || json_object_set_new(obj, f->name, cur))
          return dbf_fail(st, DBF_ERR_NOMEM, "out of memory");
      }
      obj = cur;
      d = f->descriptor;
      p = dot + 1;
      continue;
    }
    json_t *v = typed(f, value);
    if (!v)
      return dbf_fail(st, DBF_ERR_INVALID, "invalid value for %s \"%s\"", what, path);
    if (f->label != PROTOBUF_C_LABEL_REPEATED)
      return json_object_set_new(obj, f->name, v) ? dbf_fail(st, DBF_ERR_NOMEM, "out of memory")
                                                  : DBF_OK;
    if (!json_is_array(cur)) {
      cur = json_array();
      if (!cur || json_object_set_new(obj, f->name, cur)) {
        json_decref(v);
        return dbf_fail(st, DBF_ERR_NOMEM, "out of memory");
      }
    }
    if (json_array_size(cur) >= DBF_GW_MAX_QUERY_PARAMS) {
      json_decref(v);
      return dbf_fail(st, DBF_ERR_TOO_BIG, "too many values for %s \"%s\"", what, path);
    }
    return json_array_append_new(cur, v) ? dbf_fail(st, DBF_ERR_NOMEM, "out of memory") : DBF_OK;
  }
}

static dbf_err parse_body(const char *body, size_t len, json_t **out, dbf_status *st) {
  json_error_t je;
  *out = json_loadb(body, len, JSON_REJECT_DUPLICATES | JSON_DECODE_ANY, &je);
  if (!*out)
    return dbf_fail(st, DBF_ERR_INVALID, "the body is not valid JSON: %s at line %d column %d",
                    je.text, je.line, je.column);
  return DBF_OK;
}

dbf_err dbf_gw_bind(dbf_arena *a, const dbf_gw_match *m, const char *body, size_t body_len,
                    const char *const *query, size_t nquery, ProtobufCMessage **out,
                    dbf_status *st) {
  const dbf_gw_route *rt = m->route;
  const ProtobufCMessageDescriptor *d = rt->input;
  json_t *root = NULL, *b = NULL;
  dbf_err rc = DBF_OK;
  bool whole = strcmp(rt->body, "*") == 0;
  if (*rt->body && body_len > 0 && (rc = parse_body(body, body_len, &b, st)) != DBF_OK)
    goto out;
  if (whole && b) {
    if (!json_is_object(b)) {
      rc = dbf_fail(st, DBF_ERR_INVALID, "the body must be a JSON object (%s)", d->name);
      goto out;
    }
    root = b;
    b = NULL;
  } else {
    root = json_object();
    if (!root) {
      rc = dbf_fail(st, DBF_ERR_NOMEM, "out of memory");
      goto out;
    }
    if (b && !whole) {
      const ProtobufCFieldDescriptor *f = field_named(d, rt->body);
      if (!f) {
        rc = dbf_fail(st, DBF_ERR_INTERNAL, "route %s names a missing body field %s", rt->pattern,
                      rt->body);
        goto out;
      }
      json_object_set_new(root, f->name, b);
      b = NULL;
    }
  }
  for (size_t i = 0; i < m->nvars; i++)
    if ((rc = set_path(root, d, m->vars[i].field, m->vars[i].value, "path variable", st)) != DBF_OK)
      goto out;
  for (size_t i = 0; !whole && i < nquery; i++) {
    const char *eq = strchr(query[i], '=');
    char key[256];
    size_t kn = eq ? (size_t)(eq - query[i]) : strlen(query[i]);
    if (kn == 0 || kn >= sizeof key) {
      rc = dbf_fail(st, DBF_ERR_INVALID, "a query parameter has no usable name");
      goto out;
    }
    memcpy(key, query[i], kn);
    key[kn] = '\0';
    if ((rc = set_path(root, d, key, eq ? eq + 1 : "", "query parameter", st)) != DBF_OK)
      goto out;
  }
  rc = dbf_gw_json_to_msg(a, d, root, "", out, st);
out:
  json_decref(b);
  json_decref(root);
  return rc;
}

dbf_err dbf_gw_bind_proto(dbf_arena *a, const dbf_gw_match *m, const uint8_t *body, size_t body_len,
                          const char *const *query, size_t nquery, ProtobufCMessage **out,
                          dbf_status *st) {
  const dbf_gw_route *rt = m->route;
  if (!*rt->body || body_len == 0) /* no body on this route, or none sent */
    return dbf_gw_bind(a, m, NULL, 0, query, nquery, out, st);
  const ProtobufCMessageDescriptor *d = rt->input;
  if (strcmp(rt->body, "*") != 0) {
    const ProtobufCFieldDescriptor *f = field_named(d, rt->body);
    if (!f || f->type != PROTOBUF_C_TYPE_MESSAGE)
      return dbf_fail(st, DBF_ERR_INVALID, "route %s takes no protobuf body", rt->pattern);
    d = f->descriptor;
  }
  ProtobufCAllocator alloc;
  dbf_arena_protobuf_allocator(a, &alloc);
  ProtobufCMessage *b = protobuf_c_message_unpack(d, &alloc, body_len, body);
  if (!b)
    return dbf_fail(st, DBF_ERR_INVALID, "the body is not a valid %s in protobuf", d->name);
  dbf_buf j;
  dbf_buf_init(&j, body_len * 8 + 4096); /* JSON is a few times the wire size at most */
  dbf_err rc = dbf_gw_msg_to_json(b, &j, st);
  if (rc == DBF_OK)
    rc = dbf_gw_bind(a, m, j.data, j.len, query, nquery, out, st);
  dbf_buf_free(&j);
  return rc;
}

dbf_err dbf_gw_query_split(dbf_arena *a, const char *raw, const char **out, size_t *n,
                           dbf_status *st) {
  *n = 0;
  for (const char *p = raw; p && *p;) {
    const char *amp = strchr(p, '&');
    size_t len = amp ? (size_t)(amp - p) : strlen(p);
    if (len > 0) {
      if (*n == DBF_GW_MAX_QUERY_PARAMS)
        return dbf_fail(st, DBF_ERR_TOO_BIG, "more than %d query parameters",
                        DBF_GW_MAX_QUERY_PARAMS);
      const char *kv = dbf_gw_percent_decode(a, p, len, true);
      if (!kv)
        return dbf_fail(st, DBF_ERR_INVALID, "a query parameter has a bad %% escape");
      out[(*n)++] = kv;
    }
    p = amp ? amp + 1 : NULL;
  }
  return DBF_OK;
}
