/*
 * fuzz_gateway.c - libFuzzer target for the gateway's request path:
 * gateway/routes.c (matching, percent-decoding), bind.c (query string and
 * body) and json_in.c / json_out.c (the JSON mapping).
 *
 * The input is "METHOD PATH[?QUERY]\n" followed by the body. Invariants:
 * matching and binding fail only with their documented errors; a request
 * that binds packs, unpacks, is written as JSON that jansson accepts, and
 * reads back from that JSON to the same wire bytes.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "core/alloc.h"
#include "fuzz.h"
#include "gateway/bind.h"
#include "gateway/json.h"
#include "gateway/registry.h"
#include "gateway/routes.h"

#define ARENA_CAP (64u << 20)

static dbf_gw_routes *routes;

static uint8_t *pack(const ProtobufCMessage *m, size_t *n) {
  *n = protobuf_c_message_get_packed_size(m);
  uint8_t *p = dbf_malloc(*n ? *n : 1);
  if (!p || protobuf_c_message_pack(m, p) != *n)
    abort();
  return p;
}

/* The JSON fixed point: m -> JSON -> message -> the same bytes. */
static void check_round_trip(dbf_arena *a, const ProtobufCMessage *m) {
  dbf_status st = {0};
  dbf_buf out;
  dbf_buf_init(&out, 64u << 20);
  if (dbf_gw_msg_to_json(m, &out, &st) != DBF_OK)
    abort(); /* a message read from JSON must write as JSON */
  json_t *j = json_loadb(out.data, out.len, JSON_DECODE_ANY, NULL);
  ProtobufCMessage *back = NULL;
  if (!j || dbf_gw_json_to_msg(a, m->descriptor, j, "", &back, &st) != DBF_OK)
    abort();
  size_t n1, n2;
  uint8_t *p1 = pack(m, &n1), *p2 = pack(back, &n2);
  if (n1 != n2 || memcmp(p1, p2, n1) != 0)
    abort();
  dbf_free(p1);
  dbf_free(p2);
  json_decref(j);
  dbf_buf_free(&out);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  dbf_status st = {0};
  if (!routes && dbf_gw_routes_load(dbf_descriptor_set, dbf_descriptor_set_len, &routes, &st))
    abort();
  const uint8_t *nl = memchr(data, '\n', size);
  size_t line = nl ? (size_t)(nl - data) : size;
  char *head = dbf_strndup((const char *)data, line);
  if (!head)
    abort();
  const char *body = nl ? (const char *)nl + 1 : "";
  size_t body_len = nl ? size - line - 1 : 0;
  char *sp = strchr(head, ' '), *q;
  dbf_arena *a = dbf_arena_create(ARENA_CAP);
  if (!a)
    abort();
  if (!sp)
    goto out;
  *sp = '\0';
  if ((q = strchr(sp + 1, '?')) != NULL)
    *q++ = '\0';
  dbf_gw_match m;
  dbf_err rc = dbf_gw_route_match(routes, head, sp + 1, true, a, &m);
  if (rc == DBF_ERR_NOT_FOUND || rc == DBF_ERR_UNIMPLEMENTED)
    goto out;
  if (rc)
    abort();
  const char *query[DBF_GW_MAX_QUERY_PARAMS];
  size_t nq = 0;
  rc = dbf_gw_query_split(a, q ? q : "", query, &nq, &st);
  if (rc == DBF_OK) {
    ProtobufCMessage *msg = NULL;
    rc = dbf_gw_bind(a, &m, body, body_len, query, nq, &msg, &st);
    if (rc == DBF_OK) {
      /* What the server would receive: through the wire format first. */
      ProtobufCAllocator alloc;
      dbf_arena_protobuf_allocator(a, &alloc);
      size_t n;
      uint8_t *p = pack(msg, &n);
      ProtobufCMessage *u = protobuf_c_message_unpack(m.route->input, &alloc, n, p);
      dbf_free(p);
      if (!u)
        abort();
      check_round_trip(a, u);
    }
  }
  if (rc && rc != DBF_ERR_INVALID && rc != DBF_ERR_TOO_BIG)
    abort();
out:
  dbf_arena_destroy(a);
  dbf_free(head);
  return 0;
}
