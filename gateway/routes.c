/*
 * routes.c - the route table from the embedded descriptor set, and the
 * path matcher (routes.h).
 *
 * protobuf-c knows no extensions, so the google.api.http option of a
 * method is one of MethodOptions' unknown fields (number 72295728), whose
 * bytes are an HttpRule behind its length prefix.
 */
#include "gateway/routes.h"

#include <stdio.h>
#include <string.h>

#include "core/alloc.h"
#include "gateway/registry.h"
#include "google/api/http.pb-c.h"
#include "google/protobuf/descriptor.pb-c.h"

#define HTTP_RULE_FIELD  72295728u
#define ROUTES_ARENA_CAP (32u << 20) /* the parsed set; it is a few hundred KiB */
#define MAX_ROUTES       512

static char *adup(dbf_arena *a, const char *s) {
  return dbf_arena_strdup(a, s ? s : "");
}

static dbf_err add_seg(dbf_gw_route *rt, dbf_gw_seg_kind kind, char *lit, dbf_status *st) {
  if (rt->nsegs == DBF_GW_MAX_SEGMENTS)
    return dbf_fail(st, DBF_ERR_INVALID, "template %s has more than %d segments", rt->pattern,
                    DBF_GW_MAX_SEGMENTS);
  if (rt->nsegs && rt->segs[rt->nsegs - 1].kind == DBF_GW_SEG_STARS)
    return dbf_fail(st, DBF_ERR_INVALID, "template %s has segments after **", rt->pattern);
  rt->segs[rt->nsegs].kind = kind;
  rt->segs[rt->nsegs++].lit = lit;
  return DBF_OK;
}

/* Adds the '/'-separated segments of s[0..n) (a template or a variable's pattern). */
static dbf_err add_segs(dbf_arena *a, dbf_gw_route *rt, const char *s, size_t n, dbf_status *st) {
  size_t i = 0;
  while (i <= n) {
    size_t j = i;
    while (j < n && s[j] != '/')
      j++;
    dbf_err rc;
    if (j - i == 1 && s[i] == '*')
      rc = add_seg(rt, DBF_GW_SEG_STAR, NULL, st);
    else if (j - i == 2 && s[i] == '*' && s[i + 1] == '*')
      rc = add_seg(rt, DBF_GW_SEG_STARS, NULL, st);
    else if (j == i)
      return dbf_fail(st, DBF_ERR_INVALID, "template %s has an empty segment", rt->pattern);
    else {
      char *lit = dbf_arena_strndup(a, s + i, j - i);
      rc = lit ? add_seg(rt, DBF_GW_SEG_LITERAL, lit, st) : DBF_ERR_NOMEM;
    }
    if (rc)
      return rc;
    i = j + 1;
  }
  return DBF_OK;
}

dbf_err dbf_gw_route_parse(dbf_arena *a, const char *tmpl, dbf_gw_route *rt, dbf_status *st) {
  size_t n = strlen(tmpl);
  rt->pattern = adup(a, tmpl);
  rt->nsegs = rt->nvars = 0;
  rt->verb = NULL;
  if (n < 1 || tmpl[0] != '/')
    return dbf_fail(st, DBF_ERR_INVALID, "template \"%s\" must start with /", tmpl);
  /* The verb follows the last ':' that is outside braces and after the last '/'. */
  const char *last_slash = strrchr(tmpl, '/'), *last_close = strrchr(tmpl, '}');
  const char *colon = strrchr(tmpl, ':');
  if (colon && colon > last_slash && (!last_close || colon > last_close)) {
    rt->verb = dbf_arena_strdup(a, colon + 1);
    n = (size_t)(colon - tmpl);
  }
  size_t i = 1;
  while (i < n) {
    if (tmpl[i] == '{') {
      const char *close = memchr(tmpl + i, '}', n - i);
      if (!close || rt->nvars == DBF_GW_MAX_VARS)
        return dbf_fail(st, DBF_ERR_INVALID, "template %s has a bad variable", tmpl);
      const char *body = tmpl + i + 1, *eq = memchr(body, '=', (size_t)(close - body));
      size_t name_len = (size_t)((eq ? eq : close) - body);
      if (name_len == 0)
        return dbf_fail(st, DBF_ERR_INVALID, "template %s has an unnamed variable", tmpl);
      dbf_gw_var *v = &rt->vars[rt->nvars++];
      v->field = dbf_arena_strndup(a, body, name_len);
      v->first = rt->nsegs;
      dbf_err rc = eq ? add_segs(a, rt, eq + 1, (size_t)(close - eq - 1), st)
                      : add_seg(rt, DBF_GW_SEG_STAR, NULL, st);
      if (rc)
        return rc;
      v->last = rt->nsegs;
      i = (size_t)(close - tmpl) + 1;
      if (i < n && tmpl[i] != '/')
        return dbf_fail(st, DBF_ERR_INVALID, "template %s: text after a variable", tmpl);
      i++;
      continue;
    }
    size_t j = i;
    while (j < n && tmpl[j] != '/')
      j++;
    dbf_err rc = add_segs(a, rt, tmpl + i, j - i, st);
    if (rc)
      return rc;
    i = j + 1;
  }
  return DBF_OK;
}

/* The rule's HTTP method and path, or 0 when it names none. */
static int rule_pattern(const Google__Api__HttpRule *r, const char **method, const char **path) {
  switch (r->pattern_case) {
    case GOOGLE__API__HTTP_RULE__PATTERN_GET:
      *method = "GET", *path = r->get;
      return 1;
    case GOOGLE__API__HTTP_RULE__PATTERN_PUT:
      *method = "PUT", *path = r->put;
      return 1;
    case GOOGLE__API__HTTP_RULE__PATTERN_POST:
      *method = "POST", *path = r->post;
      return 1;
    case GOOGLE__API__HTTP_RULE__PATTERN_DELETE:
      *method = "DELETE", *path = r->delete_;
      return 1;
    case GOOGLE__API__HTTP_RULE__PATTERN_PATCH:
      *method = "PATCH", *path = r->patch;
      return 1;
    case GOOGLE__API__HTTP_RULE__PATTERN_CUSTOM:
      if (!r->custom)
        return 0;
      *method = r->custom->kind, *path = r->custom->path;
      return 1;
    default:
      return 0;
  }
}

static dbf_err add_route(dbf_gw_routes *t, const dbf_gw_rpc *rpc, const Google__Api__HttpRule *r,
                         dbf_status *st) {
  const char *method, *path;
  if (!rule_pattern(r, &method, &path))
    return DBF_OK;
  if (t->n == MAX_ROUTES)
    return dbf_fail(st, DBF_ERR_TOO_BIG, "more than %d routes", MAX_ROUTES);
  dbf_gw_route *rt = &t->routes[t->n];
  memset(rt, 0, sizeof *rt);
  dbf_err rc = dbf_gw_route_parse(t->arena, path, rt, st);
  if (rc)
    return rc;
  rt->http_method = adup(t->arena, method);
  rt->body = adup(t->arena, r->body);
  rt->grpc_path = rpc->grpc_path;
  rt->service = rpc->service;
  rt->method = rpc->method;
  rt->kind = rpc->kind;
  rt->input = rpc->input;
  rt->output = rpc->output;
  t->n++;
  return DBF_OK;
}

/* Reads a varint at p[0..n); returns its length, or 0. */
static size_t varint(const uint8_t *p, size_t n, uint64_t *v) {
  *v = 0;
  for (size_t i = 0; i < n && i < 10; i++) {
    *v |= (uint64_t)(p[i] & 0x7f) << (7 * i);
    if (!(p[i] & 0x80))
      return i + 1;
  }
  return 0;
}

static dbf_err method_rules(dbf_gw_routes *t, dbf_gw_rpc *rpc,
                            const Google__Protobuf__MethodDescriptorProto *md, dbf_status *st) {
  if (!md->options)
    return DBF_OK;
  ProtobufCAllocator alloc;
  dbf_arena_protobuf_allocator(t->arena, &alloc);
  const ProtobufCMessage *opts = &md->options->base;
  for (unsigned i = 0; i < opts->n_unknown_fields; i++) {
    const ProtobufCMessageUnknownField *u = &opts->unknown_fields[i];
    if (u->tag != HTTP_RULE_FIELD || u->wire_type != PROTOBUF_C_WIRE_TYPE_LENGTH_PREFIXED)
      continue;
    const uint8_t *p = u->data;
    size_t n = u->len;
    uint64_t inner;
    size_t pre = varint(p, n, &inner);
    if (pre && inner == n - pre) /* protobuf-c keeps the length prefix */
      p += pre, n -= pre;
    Google__Api__HttpRule *r = google__api__http_rule__unpack(&alloc, n, p);
    if (!r)
      return dbf_fail(st, DBF_ERR_INVALID, "%s has an unreadable google.api.http rule",
                      rpc->grpc_path);
    dbf_err rc = add_route(t, rpc, r, st);
    for (size_t k = 0; rc == DBF_OK && k < r->n_additional_bindings; k++)
      rc = add_route(t, rpc, r->additional_bindings[k], st);
    if (rc)
      return rc;
    rpc->has_route = true;
  }
  return DBF_OK;
}

dbf_err dbf_gw_routes_load(const uint8_t *set, size_t len, dbf_gw_routes **out, dbf_status *st) {
  dbf_err rc = DBF_OK;
  dbf_gw_routes *t = dbf_calloc(1, sizeof *t);
  if (!t || !(t->arena = dbf_arena_create(ROUTES_ARENA_CAP)) ||
      !(t->routes = dbf_arena_calloc(t->arena, MAX_ROUTES, sizeof *t->routes)) ||
      !(t->rpcs = dbf_arena_calloc(t->arena, MAX_ROUTES, sizeof *t->rpcs))) {
    rc = dbf_fail(st, DBF_ERR_NOMEM, "out of memory building the route table");
    goto out;
  }
  ProtobufCAllocator alloc;
  dbf_arena_protobuf_allocator(t->arena, &alloc);
  Google__Protobuf__FileDescriptorSet *fds =
      google__protobuf__file_descriptor_set__unpack(&alloc, len, set);
  if (!fds) {
    rc = dbf_fail(st, DBF_ERR_INVALID, "the embedded descriptor set does not parse");
    goto out;
  }
  for (size_t f = 0; f < fds->n_file; f++) {
    const Google__Protobuf__FileDescriptorProto *fd = fds->file[f];
    for (size_t s = 0; s < fd->n_service; s++) {
      const Google__Protobuf__ServiceDescriptorProto *sd = fd->service[s];
      char *svc = dbf_arena_printf(t->arena, "%s%s%s", fd->package ? fd->package : "",
                                   fd->package ? "." : "", sd->name);
      for (size_t m = 0; svc && m < sd->n_method; m++) {
        const Google__Protobuf__MethodDescriptorProto *md = sd->method[m];
        const ProtobufCMethodDescriptor *pm = dbf_gw_registry_method(svc, md->name);
        if (!pm)
          continue; /* health, reflection: not part of the REST API */
        if (t->nrpcs == MAX_ROUTES) {
          rc = dbf_fail(st, DBF_ERR_TOO_BIG, "more than %d methods", MAX_ROUTES);
          goto out;
        }
        dbf_gw_rpc *rpc = &t->rpcs[t->nrpcs++];
        rpc->service = svc;
        rpc->method = adup(t->arena, md->name);
        rpc->grpc_path = dbf_arena_printf(t->arena, "/%s/%s", svc, md->name);
        rpc->kind = md->client_streaming
                        ? (md->server_streaming ? DBF_GW_BIDI_STREAM : DBF_GW_CLIENT_STREAM)
                        : (md->server_streaming ? DBF_GW_SERVER_STREAM : DBF_GW_UNARY);
        rpc->input = pm->input;
        rpc->output = pm->output;
        if (!rpc->grpc_path || !rpc->method) {
          rc = dbf_fail(st, DBF_ERR_NOMEM, "out of memory building the route table");
          goto out;
        }
        if ((rc = method_rules(t, rpc, md, st)) != DBF_OK)
          goto out;
      }
    }
  }
out:
  if (rc) {
    dbf_gw_routes_free(t);
    return rc;
  }
  *out = t;
  return DBF_OK;
}

void dbf_gw_routes_free(dbf_gw_routes *r) {
  if (!r)
    return;
  dbf_arena_destroy(r->arena);
  dbf_free(r);
}

static int hexval(char c) {
  if (c >= '0' && c <= '9')
    return c - '0';
  if (c >= 'a' && c <= 'f')
    return c - 'a' + 10;
  if (c >= 'A' && c <= 'F')
    return c - 'A' + 10;
  return -1;
}

char *dbf_gw_percent_decode(dbf_arena *a, const char *s, size_t n, bool plus_is_space) {
  char *out = dbf_arena_alloc(a, n + 1);
  size_t o = 0;
  if (!out)
    return NULL;
  for (size_t i = 0; i < n; i++) {
    if (s[i] == '%') {
      int h, l;
      if (i + 2 >= n || (h = hexval(s[i + 1])) < 0 || (l = hexval(s[i + 2])) < 0 ||
          (h == 0 && l == 0))
        return NULL;
      out[o++] = (char)(h * 16 + l);
      i += 2;
    } else if (s[i] == '\0') {
      return NULL;
    } else {
      out[o++] = plus_is_space && s[i] == '+' ? ' ' : s[i];
    }
  }
  out[o] = '\0';
  return out;
}

typedef struct raw_seg {
  const char *p;
  size_t n;
} raw_seg;

/* True when s[0..n) has only well-formed escapes and none decodes to NUL. */
static bool pct_ok(const char *s, size_t n) {
  for (size_t i = 0; i < n; i++) {
    if (s[i] == '\0')
      return false;
    if (s[i] != '%')
      continue;
    if (i + 2 >= n || hexval(s[i + 1]) < 0 || hexval(s[i + 2]) < 0 ||
        (s[i + 1] == '0' && s[i + 2] == '0'))
      return false;
    i += 2;
  }
  return true;
}

enum { NO_MATCH = 0, MATCH = 1, OUT_OF_MEMORY = -1 };

/* Matches the route's segments against segs; fills m's variables on success. */
static int match_segs(const dbf_gw_route *rt, const raw_seg *segs, size_t nsegs, bool decode,
                      dbf_arena *a, dbf_gw_match *m) {
  size_t i = 0;
  for (size_t k = 0; k < rt->nsegs; k++) {
    const dbf_gw_seg *s = &rt->segs[k];
    if (s->kind == DBF_GW_SEG_STARS) {
      for (; i < nsegs; i++)
        if (decode && !pct_ok(segs[i].p, segs[i].n))
          return NO_MATCH;
      break;
    }
    if (i >= nsegs || segs[i].n == 0 || segs[i].n > 1024 ||
        (decode && !pct_ok(segs[i].p, segs[i].n)))
      return NO_MATCH;
    if (s->kind == DBF_GW_SEG_LITERAL) {
      const char *v = decode ? dbf_gw_percent_decode(a, segs[i].p, segs[i].n, false) : NULL;
      if (decode && !v)
        return OUT_OF_MEMORY;
      size_t vn = v ? strlen(v) : segs[i].n;
      if (vn != strlen(s->lit) || memcmp(v ? v : segs[i].p, s->lit, vn) != 0)
        return NO_MATCH;
    }
    i++;
  }
  if (i != nsegs)
    return NO_MATCH;
  if (!m)
    return MATCH;
  m->nvars = 0;
  for (size_t v = 0; v < rt->nvars; v++) {
    const dbf_gw_var *var = &rt->vars[v];
    size_t last = var->last;
    if (last == rt->nsegs && rt->nsegs && rt->segs[rt->nsegs - 1].kind == DBF_GW_SEG_STARS)
      last = nsegs;
    char buf[2048];
    size_t o = 0;
    for (size_t k = var->first; k < last && k < nsegs; k++) {
      const char *d = decode ? dbf_gw_percent_decode(a, segs[k].p, segs[k].n, false)
                             : dbf_arena_strndup(a, segs[k].p, segs[k].n);
      if (!d)
        return OUT_OF_MEMORY;
      int w = snprintf(buf + o, sizeof buf - o, "%s%s", k > var->first ? "/" : "", d);
      if (w < 0 || (size_t)w >= sizeof buf - o)
        return NO_MATCH;
      o += (size_t)w;
    }
    m->vars[m->nvars].field = var->field;
    if (!(m->vars[m->nvars++].value = dbf_arena_strndup(a, buf, o)))
      return OUT_OF_MEMORY;
  }
  return MATCH;
}

dbf_err dbf_gw_route_match(const dbf_gw_routes *r, const char *http_method, const char *path,
                           bool decode, dbf_arena *a, dbf_gw_match *m) {
  raw_seg segs[DBF_GW_MAX_SEGMENTS + 1];
  size_t nsegs = 0;
  memset(m, 0, sizeof *m);
  if (path[0] != '/')
    return DBF_ERR_NOT_FOUND;
  for (const char *p = path + 1;;) {
    const char *e = strchr(p, '/');
    if (nsegs == DBF_GW_MAX_SEGMENTS + 1)
      return DBF_ERR_NOT_FOUND;
    segs[nsegs].p = p;
    segs[nsegs++].n = e ? (size_t)(e - p) : strlen(p);
    if (!e)
      break;
    p = e + 1;
  }
  const dbf_gw_route *best = NULL;
  int best_score = -1;
  bool other_method = false;
  for (size_t i = 0; i < r->n; i++) {
    const dbf_gw_route *rt = &r->routes[i];
    raw_seg tail = segs[nsegs - 1];
    if (rt->verb) {
      size_t vn = strlen(rt->verb);
      if (tail.n < vn + 1 || tail.p[tail.n - vn - 1] != ':' ||
          memcmp(tail.p + tail.n - vn, rt->verb, vn) != 0)
        continue;
      segs[nsegs - 1].n -= vn + 1;
    }
    int got = match_segs(rt, segs, nsegs, decode, a, NULL);
    segs[nsegs - 1] = tail;
    if (got == OUT_OF_MEMORY)
      return DBF_ERR_NOMEM;
    if (got == NO_MATCH)
      continue;
    if (strcmp(rt->http_method, http_method) != 0) {
      if (!strstr(m->allow, rt->http_method) &&
          strlen(m->allow) + strlen(rt->http_method) + 3 < sizeof m->allow) {
        size_t o = strlen(m->allow);
        snprintf(m->allow + o, sizeof m->allow - o, "%s%s", o ? ", " : "", rt->http_method);
      }
      other_method = true;
      continue;
    }
    int score = (rt->verb ? 1000 : 0);
    for (size_t k = 0; k < rt->nsegs; k++)
      score += rt->segs[k].kind == DBF_GW_SEG_LITERAL ? 10 : 0;
    if (score > best_score)
      best = rt, best_score = score;
  }
  if (!best)
    return other_method ? DBF_ERR_UNIMPLEMENTED : DBF_ERR_NOT_FOUND;
  raw_seg tail = segs[nsegs - 1];
  if (best->verb)
    segs[nsegs - 1].n -= strlen(best->verb) + 1;
  int got = match_segs(best, segs, nsegs, decode, a, m);
  segs[nsegs - 1] = tail;
  if (got != MATCH)
    return got == OUT_OF_MEMORY ? DBF_ERR_NOMEM : DBF_ERR_NOT_FOUND;
  m->route = best;
  m->allow[0] = '\0';
  return DBF_OK;
}
