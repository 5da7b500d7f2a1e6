/*
 * routes.h - the REST route table, built at start-up from the
 * google.api.http rules in the embedded descriptor set, and the matcher.
 *
 * Templates follow google/api/http.proto: literal segments, `*`, `**`,
 * variables `{field.path}` and `{field.path=pattern}`, and a custom verb
 * after the last `:` ("/v1/sessions/{session_id}:pause"). Matching follows
 * grpc-gateway: a path that matches some route under another HTTP method
 * is 405, no match at all is 404; among matches the route with the verb,
 * then the most literal segments, wins.
 */
#ifndef DBF_GATEWAY_ROUTES_H
#define DBF_GATEWAY_ROUTES_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <protobuf-c/protobuf-c.h>

#include "core/arena.h"
#include "core/err.h"

#define DBF_GW_MAX_SEGMENTS 32 /* path segments in a template or a request path */
#define DBF_GW_MAX_VARS     8  /* variables in one template */

typedef enum dbf_gw_kind {
  DBF_GW_UNARY = 0,
  DBF_GW_SERVER_STREAM,
  DBF_GW_CLIENT_STREAM,
  DBF_GW_BIDI_STREAM,
} dbf_gw_kind;

typedef enum dbf_gw_seg_kind {
  DBF_GW_SEG_LITERAL = 0,
  DBF_GW_SEG_STAR,  /* one segment */
  DBF_GW_SEG_STARS, /* any number of segments; only last */
} dbf_gw_seg_kind;

typedef struct dbf_gw_seg {
  dbf_gw_seg_kind kind;
  char *lit; /* DBF_GW_SEG_LITERAL */
} dbf_gw_seg;

typedef struct dbf_gw_var {
  char *field;  /* dotted proto field path */
  size_t first; /* segments [first, last) */
  size_t last;
} dbf_gw_var;

typedef struct dbf_gw_route {
  char *http_method; /* "GET", "POST", ... (custom kinds as written) */
  char *pattern;     /* the template as written */
  char *body;        /* "" (none), "*" or a top-level field name */
  char *grpc_path;   /* "/debrief.v1.SessionService/PauseSession" */
  char *service;     /* "debrief.v1.SessionService" */
  char *method;      /* "PauseSession" */
  dbf_gw_kind kind;
  const ProtobufCMessageDescriptor *input, *output;
  dbf_gw_seg segs[DBF_GW_MAX_SEGMENTS];
  size_t nsegs;
  dbf_gw_var vars[DBF_GW_MAX_VARS];
  size_t nvars;
  char *verb; /* NULL or the custom verb without ':' */
} dbf_gw_route;

/* A method of the descriptor set, whether or not it has an HTTP rule. */
typedef struct dbf_gw_rpc {
  char *service, *method, *grpc_path;
  dbf_gw_kind kind;
  const ProtobufCMessageDescriptor *input, *output;
  bool has_route; /* at least one google.api.http rule */
} dbf_gw_rpc;

typedef struct dbf_gw_routes {
  dbf_gw_route *routes;
  size_t n;
  dbf_gw_rpc *rpcs; /* every method of a dbf_gw_services service */
  size_t nrpcs;
  dbf_arena *arena; /* owns every string above */
} dbf_gw_routes;

/*
 * Builds the table from a serialized FileDescriptorSet (the embedded one:
 * dbf_descriptor_set). Methods of services outside the registry are
 * skipped. Returns a new table in *out, freed with dbf_gw_routes_free.
 */
dbf_err dbf_gw_routes_load(const uint8_t *set, size_t len, dbf_gw_routes **out, dbf_status *st);
void dbf_gw_routes_free(dbf_gw_routes *r);

/* Parses one path template into rt's segments, variables and verb. */
dbf_err dbf_gw_route_parse(dbf_arena *a, const char *tmpl, dbf_gw_route *rt, dbf_status *st);

typedef struct dbf_gw_binding {
  const char *field; /* borrowed from the route */
  char *value;       /* arena; percent-decoded */
} dbf_gw_binding;

typedef struct dbf_gw_match {
  const dbf_gw_route *route;
  dbf_gw_binding vars[DBF_GW_MAX_VARS];
  size_t nvars;
  char allow[64]; /* on 405: the methods that would match, for the Allow header */
} dbf_gw_match;

/*
 * Matches an HTTP method and a request path (no query string). With
 * decode, each segment is percent-decoded after splitting, so "%2F" stays
 * inside its segment; without it the path is taken as already decoded.
 * Returns DBF_OK with m->route set; DBF_ERR_NOT_FOUND for 404;
 * DBF_ERR_UNIMPLEMENTED for 405 with m->allow filled; or DBF_ERR_NOMEM when
 * the arena is full. Bound values live in arena a.
 */
dbf_err dbf_gw_route_match(const dbf_gw_routes *r, const char *http_method, const char *path,
                           bool decode, dbf_arena *a, dbf_gw_match *m);

/* Percent-decodes n bytes of s into the arena; NULL on a bad escape or a decoded NUL. */
char *dbf_gw_percent_decode(dbf_arena *a, const char *s, size_t n, bool plus_is_space);

#endif
