/*
 * openapi.c - the OpenAPI 3.0 document (openapi.h). Message types become
 * components/schemas named by their full proto name, with the JSON names
 * and types of the canonical mapping (int64 as strings, enums by name,
 * well-known types as their JSON forms).
 */
#include "gateway/openapi.h"

#include <string.h>

#include <jansson.h>

#include "core/alloc.h"
#include "gateway/json.h"

#define MAX_QUERY_DEPTH 3 /* dotted query parameters reach this far into messages */

typedef struct oa_ctx {
  json_t *schemas;
  bool failed; /* an allocation failed somewhere: no document */
} oa_ctx;

static json_t *msg_schema_ref(oa_ctx *c, const ProtobufCMessageDescriptor *d);

static json_t *ref(const char *name) {
  char buf[256];
  snprintf(buf, sizeof buf, "#/components/schemas/%s", name);
  return json_pack("{s:s}", "$ref", buf);
}

static json_t *wkt_schema(const ProtobufCMessageDescriptor *d) {
  if (strcmp(d->name, "google.protobuf.Timestamp") == 0)
    return json_pack("{s:s,s:s}", "type", "string", "format", "date-time");
  if (strcmp(d->name, "google.protobuf.Duration") == 0)
    return json_pack("{s:s,s:s}", "type", "string", "example", "1.5s");
  if (strcmp(d->name, "google.protobuf.Struct") == 0)
    return json_pack("{s:s,s:b}", "type", "object", "additionalProperties", 1);
  if (strcmp(d->name, "google.protobuf.Value") == 0)
    return json_pack("{s:s,s:b}", "description", "any JSON value", "nullable", 1);
  if (strcmp(d->name, "google.protobuf.ListValue") == 0)
    return json_pack("{s:s,s:{}}", "type", "array", "items");
  return NULL;
}

static json_t *enum_schema(oa_ctx *c, const ProtobufCEnumDescriptor *e) {
  if (!json_object_get(c->schemas, e->name)) {
    json_t *names = json_array();
    for (unsigned i = 0; i < e->n_values; i++)
      json_array_append_new(names, json_string(e->values[i].name));
    json_object_set_new(c->schemas, e->name,
                        json_pack("{s:s,s:o}", "type", "string", "enum", names));
  }
  return ref(e->name);
}

/* The schema of one value of field f (an element, for a repeated field). */
static json_t *value_schema(oa_ctx *c, const ProtobufCFieldDescriptor *f) {
  switch (f->type) {
    case PROTOBUF_C_TYPE_INT32:
    case PROTOBUF_C_TYPE_SINT32:
    case PROTOBUF_C_TYPE_SFIXED32:
      return json_pack("{s:s,s:s}", "type", "integer", "format", "int32");
    case PROTOBUF_C_TYPE_UINT32:
    case PROTOBUF_C_TYPE_FIXED32:
      return json_pack("{s:s,s:s,s:i}", "type", "integer", "format", "int64", "minimum", 0);
    case PROTOBUF_C_TYPE_INT64:
    case PROTOBUF_C_TYPE_SINT64:
    case PROTOBUF_C_TYPE_SFIXED64:
      return json_pack("{s:s,s:s}", "type", "string", "format", "int64");
    case PROTOBUF_C_TYPE_UINT64:
    case PROTOBUF_C_TYPE_FIXED64:
      return json_pack("{s:s,s:s}", "type", "string", "format", "uint64");
    case PROTOBUF_C_TYPE_FLOAT:
      return json_pack("{s:s,s:s}", "type", "number", "format", "float");
    case PROTOBUF_C_TYPE_DOUBLE:
      return json_pack("{s:s,s:s}", "type", "number", "format", "double");
    case PROTOBUF_C_TYPE_BOOL:
      return json_pack("{s:s}", "type", "boolean");
    case PROTOBUF_C_TYPE_STRING:
      return json_pack("{s:s}", "type", "string");
    case PROTOBUF_C_TYPE_BYTES:
      return json_pack("{s:s,s:s}", "type", "string", "format", "byte");
    case PROTOBUF_C_TYPE_ENUM:
      return enum_schema(c, f->descriptor);
    case PROTOBUF_C_TYPE_MESSAGE:
      return msg_schema_ref(c, f->descriptor);
  }
  return json_object();
}

static json_t *field_schema(oa_ctx *c, const ProtobufCFieldDescriptor *f) {
  json_t *v = value_schema(c, f);
  if (f->label == PROTOBUF_C_LABEL_REPEATED)
    return json_pack("{s:s,s:o}", "type", "array", "items", v);
  return v;
}

static json_t *msg_schema_ref(oa_ctx *c, const ProtobufCMessageDescriptor *d) {
  json_t *w = wkt_schema(d);
  if (w)
    return w;
  if (!json_object_get(c->schemas, d->name)) {
    json_t *props = json_object(), *s = json_pack("{s:s,s:o,s:b}", "type", "object", "properties",
                                                  props, "additionalProperties", 0);
    if (!s) {
      c->failed = true;
      return json_object();
    }
    json_object_set_new(c->schemas, d->name, s); /* before the fields: types may recurse */
    for (unsigned i = 0; i < d->n_fields; i++) {
      char name[128];
      dbf_gw_json_name(d->fields[i].name, name, sizeof name);
      json_object_set_new(props, name, field_schema(c, &d->fields[i]));
    }
  }
  return ref(d->name);
}

/* True when the dotted path is bound by a path variable or is the body field. */
static bool bound(const dbf_gw_route *rt, const char *path) {
  for (size_t i = 0; i < rt->nvars; i++)
    if (strcmp(rt->vars[i].field, path) == 0)
      return true;
  return strcmp(rt->body, path) == 0;
}

/* Adds query parameters for the fields of d not bound by the route, under prefix. */
static void query_params(oa_ctx *c, const dbf_gw_route *rt, const ProtobufCMessageDescriptor *d,
                         const char *prefix, unsigned depth, json_t *params) {
  for (unsigned i = 0; i < d->n_fields; i++) {
    const ProtobufCFieldDescriptor *f = &d->fields[i];
    char path[256];
    snprintf(path, sizeof path, "%s%s%s", prefix, *prefix ? "." : "", f->name);
    if (bound(rt, path))
      continue;
    if (f->type == PROTOBUF_C_TYPE_MESSAGE && !dbf_gw_json_is_wkt(f->descriptor)) {
      if (f->label != PROTOBUF_C_LABEL_REPEATED && depth < MAX_QUERY_DEPTH)
        query_params(c, rt, f->descriptor, path, depth + 1, params);
      continue;
    }
    if (f->type == PROTOBUF_C_TYPE_MESSAGE &&
        (strcmp(((const ProtobufCMessageDescriptor *)f->descriptor)->name,
                "google.protobuf.Struct") == 0 ||
         strcmp(((const ProtobufCMessageDescriptor *)f->descriptor)->name,
                "google.protobuf.ListValue") == 0))
      continue;
    json_t *p = json_pack("{s:s,s:s,s:b,s:o}", "name", path, "in", "query", "required", 0, "schema",
                          field_schema(c, f));
    if (p && f->label == PROTOBUF_C_LABEL_REPEATED) {
      json_object_set_new(p, "style", json_string("form"));
      json_object_set_new(p, "explode", json_true());
    }
    json_array_append_new(params, p);
  }
}

/* The field at a dotted path of d, or NULL. */
static const ProtobufCFieldDescriptor *field_at(const ProtobufCMessageDescriptor *d,
                                                const char *path) {
  char part[128];
  for (;;) {
    const char *dot = strchr(path, '.');
    size_t n = dot ? (size_t)(dot - path) : strlen(path);
    if (n >= sizeof part)
      return NULL;
    memcpy(part, path, n);
    part[n] = '\0';
    const ProtobufCFieldDescriptor *f = protobuf_c_message_descriptor_get_field_by_name(d, part);
    if (!f || !dot)
      return f;
    if (f->type != PROTOBUF_C_TYPE_MESSAGE)
      return NULL;
    d = f->descriptor;
    path = dot + 1;
  }
}

/* The OpenAPI form of the route's template: variables by name, the verb kept. */
static void openapi_path(const dbf_gw_route *rt, char *out, size_t n) {
  size_t o = 0;
  for (size_t k = 0; k < rt->nsegs && o < n;) {
    const dbf_gw_var *v = NULL;
    for (size_t i = 0; i < rt->nvars; i++)
      if (rt->vars[i].first == k)
        v = &rt->vars[i];
    if (v) {
      o += (size_t)snprintf(out + o, n - o, "/{%s}", v->field);
      k = v->last > k ? v->last : k + 1;
    } else {
      o += (size_t)snprintf(out + o, n - o, "/%s",
                            rt->segs[k].kind == DBF_GW_SEG_LITERAL ? rt->segs[k].lit
                            : rt->segs[k].kind == DBF_GW_SEG_STAR  ? "*"
                                                                   : "**");
      k++;
    }
  }
  if (rt->verb && o < n)
    snprintf(out + o, n - o, ":%s", rt->verb);
}

static json_t *json_content(json_t *schema) {
  return json_pack("{s:{s:o}}", "application/json", "schema", schema);
}

static json_t *operation(oa_ctx *c, const dbf_gw_route *rt) {
  char op_id[256];
  const char *svc = strrchr(rt->service, '.');
  snprintf(op_id, sizeof op_id, "%s_%s", svc ? svc + 1 : rt->service, rt->method);
  json_t *params = json_array();
  for (size_t i = 0; i < rt->nvars; i++) {
    const ProtobufCFieldDescriptor *f = field_at(rt->input, rt->vars[i].field);
    json_array_append_new(params, json_pack("{s:s,s:s,s:b,s:o}", "name", rt->vars[i].field, "in",
                                            "path", "required", 1, "schema",
                                            f ? value_schema(c, f) : json_object()));
  }
  if (strcmp(rt->body, "*") != 0)
    query_params(c, rt, rt->input, "", 0, params);
  json_t *ok;
  if (rt->kind == DBF_GW_SERVER_STREAM) {
    json_t *item = json_pack("{s:s,s:{s:o,s:o}}", "type", "object", "properties", "result",
                             msg_schema_ref(c, rt->output), "error", ref("google.rpc.Status"));
    ok = json_pack("{s:s,s:{s:{s:o},s:{s:{s:s}}}}", "description",
                   "newline-delimited JSON, or Server-Sent Events with Accept: "
                   "text/event-stream",
                   "content", "application/x-ndjson", "schema", item, "text/event-stream", "schema",
                   "type", "string");
  } else {
    ok = json_pack("{s:s,s:o}", "description", "OK", "content",
                   json_content(msg_schema_ref(c, rt->output)));
  }
  json_t *op = json_pack("{s:s,s:[s],s:o,s:{s:o,s:{s:s,s:o}}}", "operationId", op_id, "tags",
                         svc ? svc + 1 : rt->service, "parameters", params, "responses", "200", ok,
                         "default", "description", "an error (google.rpc.Status)", "content",
                         json_content(ref("google.rpc.Status")));
  if (op && *rt->body) {
    const ProtobufCFieldDescriptor *f =
        strcmp(rt->body, "*") == 0 ? NULL : field_at(rt->input, rt->body);
    json_t *schema = f ? field_schema(c, f) : msg_schema_ref(c, rt->input);
    json_object_set_new(op, "requestBody",
                        json_pack("{s:b,s:o}", "required", 1, "content", json_content(schema)));
  }
  if (!op)
    c->failed = true;
  return op ? op : json_object();
}

static json_t *converse_path(void) {
  return json_pack(
      "{s:{s:s,s:[s],s:s,s:[{s:s,s:s,s:b,s:{s:s}}],s:{s:{s:s},s:{s:s}}}}", "get", "operationId",
      "ConversationService_Converse", "tags", "ConversationService", "description",
      "A WebSocket (subprotocol debrief.v1.json): each text message is one ConverseRequest "
      "or ConverseResponse in JSON; see docs/gateway.md.",
      "parameters", "name", "session_id", "in", "path", "required", 1, "schema", "type", "string",
      "responses", "101", "description", "switching to the WebSocket", "default", "description",
      "an error (google.rpc.Status)");
}

dbf_err dbf_gw_openapi_build(const dbf_gw_routes *r, const char *version, char **out, size_t *len,
                             dbf_status *st) {
  oa_ctx c = {.schemas = json_object()};
  json_t *paths = json_object();
  json_t *doc =
      json_pack("{s:s,s:{s:s,s:s,s:s},s:o,s:{s:o,s:{s:{s:s,s:s}}},s:[{s:[]}]}", "openapi", "3.0.3",
                "info", "title", "debrief", "version", version, "description",
                "The debrief API over REST/JSON, generated from the gateway's route table.",
                "paths", paths, "components", "schemas", c.schemas, "securitySchemes", "bearer",
                "type", "http", "scheme", "bearer", "security", "bearer");
  if (!doc)
    return dbf_fail(st, DBF_ERR_NOMEM, "out of memory building the OpenAPI document");
  json_object_set_new(c.schemas, "google.rpc.Status",
                      json_pack("{s:s,s:{s:{s:s,s:s},s:{s:s},s:{s:s,s:{s:s}}}}", "type", "object",
                                "properties", "code", "type", "integer", "format", "int32",
                                "message", "type", "string", "details", "type", "array", "items",
                                "type", "object"));
  for (size_t i = 0; i < r->n; i++) {
    const dbf_gw_route *rt = &r->routes[i];
    char p[1024], method[16];
    openapi_path(rt, p, sizeof p);
    json_t *item = json_object_get(paths, p);
    if (!item) {
      item = json_object();
      json_object_set_new(paths, p, item);
    }
    size_t k = 0;
    for (; rt->http_method[k] && k < sizeof method - 1; k++)
      method[k] = (char)(rt->http_method[k] >= 'A' && rt->http_method[k] <= 'Z'
                             ? rt->http_method[k] - 'A' + 'a'
                             : rt->http_method[k]);
    method[k] = '\0';
    json_object_set_new(item, method, operation(&c, rt));
  }
  json_object_set_new(paths, "/v1/sessions/{session_id}/converse", converse_path());
  char *text = c.failed ? NULL : json_dumps(doc, JSON_COMPACT | JSON_SORT_KEYS);
  json_decref(doc);
  if (!text)
    return dbf_fail(st, DBF_ERR_NOMEM, "out of memory building the OpenAPI document");
  *out = text;
  *len = strlen(text);
  return DBF_OK;
}
