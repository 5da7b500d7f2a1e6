/*
 * errors.c - the one table from gRPC status codes to HTTP statuses and
 * WebSocket close codes (errors.h). It follows grpc-gateway's mapping.
 */
#include "gateway/errors.h"

#include <string.h>

#include <jansson.h>

#include "core/alloc.h"
#include "google/rpc/status.pb-c.h"

static const struct {
  int http;
  const char *name;
} CODES[] = {
    [DBF_GW_OK] = {200, "OK"},
    [DBF_GW_CANCELLED] = {499, "CANCELLED"},
    [DBF_GW_UNKNOWN] = {500, "UNKNOWN"},
    [DBF_GW_INVALID_ARGUMENT] = {400, "INVALID_ARGUMENT"},
    [DBF_GW_DEADLINE_EXCEEDED] = {504, "DEADLINE_EXCEEDED"},
    [DBF_GW_NOT_FOUND] = {404, "NOT_FOUND"},
    [DBF_GW_ALREADY_EXISTS] = {409, "ALREADY_EXISTS"},
    [DBF_GW_PERMISSION_DENIED] = {403, "PERMISSION_DENIED"},
    [DBF_GW_RESOURCE_EXHAUSTED] = {429, "RESOURCE_EXHAUSTED"},
    [DBF_GW_FAILED_PRECONDITION] = {400, "FAILED_PRECONDITION"},
    [DBF_GW_ABORTED] = {409, "ABORTED"},
    [DBF_GW_OUT_OF_RANGE] = {400, "OUT_OF_RANGE"},
    [DBF_GW_UNIMPLEMENTED] = {501, "UNIMPLEMENTED"},
    [DBF_GW_INTERNAL] = {500, "INTERNAL"},
    [DBF_GW_UNAVAILABLE] = {503, "UNAVAILABLE"},
    [DBF_GW_DATA_LOSS] = {500, "DATA_LOSS"},
    [DBF_GW_UNAUTHENTICATED] = {401, "UNAUTHENTICATED"},
};

int dbf_gw_http_status(int grpc_code) {
  if (grpc_code < 0 || (size_t)grpc_code >= DBF_ARRAY_LEN(CODES))
    return 500;
  return CODES[grpc_code].http;
}

const char *dbf_gw_code_name(int grpc_code) {
  if (grpc_code < 0 || (size_t)grpc_code >= DBF_ARRAY_LEN(CODES))
    return "UNKNOWN";
  return CODES[grpc_code].name;
}

int dbf_gw_code_of_err(dbf_err err) {
  switch (err) {
    case DBF_OK:
      return DBF_GW_OK;
    case DBF_ERR_INVALID:
      return DBF_GW_INVALID_ARGUMENT;
    case DBF_ERR_NOMEM:
    case DBF_ERR_TOO_BIG:
      return DBF_GW_RESOURCE_EXHAUSTED;
    case DBF_ERR_NOT_FOUND:
      return DBF_GW_NOT_FOUND;
    case DBF_ERR_UNAUTHENTICATED:
      return DBF_GW_UNAUTHENTICATED;
    case DBF_ERR_PERMISSION:
      return DBF_GW_PERMISSION_DENIED;
    case DBF_ERR_STATE:
      return DBF_GW_FAILED_PRECONDITION;
    case DBF_ERR_UNAVAILABLE:
      return DBF_GW_UNAVAILABLE;
    case DBF_ERR_DEADLINE:
      return DBF_GW_DEADLINE_EXCEEDED;
    case DBF_ERR_CONFLICT:
      return DBF_GW_ABORTED;
    case DBF_ERR_EXISTS:
      return DBF_GW_ALREADY_EXISTS;
    case DBF_ERR_CANCELLED:
      return DBF_GW_CANCELLED;
    case DBF_ERR_UNIMPLEMENTED:
      return DBF_GW_UNIMPLEMENTED;
    default:
      return DBF_GW_INTERNAL;
  }
}

int dbf_gw_ws_close_code(int grpc_code) {
  return grpc_code == DBF_GW_OK ? 1000 : 4000 + dbf_gw_http_status(grpc_code);
}

dbf_err dbf_gw_status_json(int grpc_code, const char *message, dbf_buf *out) {
  json_t *j =
      json_pack("{s:i,s:s,s:[]}", "code", grpc_code, "message", message ? message : "", "details");
  if (!j) /* a message that is not UTF-8 */
    j = json_pack("{s:i,s:s,s:[]}", "code", grpc_code, "message", dbf_gw_code_name(grpc_code),
                  "details");
  char *s = j ? json_dumps(j, JSON_COMPACT) : NULL;
  json_decref(j);
  if (!s)
    return DBF_ERR_NOMEM;
  dbf_err rc = dbf_buf_appends(out, s);
  dbf_free(s); /* jansson allocates through the hook (core/alloc.h) */
  return rc;
}

dbf_err dbf_gw_status_pb(int grpc_code, const char *message, dbf_buf *out) {
  Google__Rpc__Status m = GOOGLE__RPC__STATUS__INIT;
  m.code = grpc_code;
  m.message = (char *)(message ? message : "");
  size_t n = google__rpc__status__get_packed_size(&m);
  uint8_t *p = dbf_malloc(n ? n : 1);
  if (!p)
    return DBF_ERR_NOMEM;
  google__rpc__status__pack(&m, p);
  dbf_err rc = dbf_buf_append(out, p, n);
  dbf_free(p);
  return rc;
}
