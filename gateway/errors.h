/*
 * errors.h - gRPC status codes as HTTP: the status line, the
 * google.rpc.Status-shaped JSON body, and the WebSocket close code that
 * ends a Converse stream with that status.
 */
#ifndef DBF_GATEWAY_ERRORS_H
#define DBF_GATEWAY_ERRORS_H

#include "core/buf.h"
#include "core/err.h"

/* gRPC status codes (google.rpc.Code); the gateway keeps gRPC headers out of its API. */
enum {
  DBF_GW_OK = 0,
  DBF_GW_CANCELLED = 1,
  DBF_GW_UNKNOWN = 2,
  DBF_GW_INVALID_ARGUMENT = 3,
  DBF_GW_DEADLINE_EXCEEDED = 4,
  DBF_GW_NOT_FOUND = 5,
  DBF_GW_ALREADY_EXISTS = 6,
  DBF_GW_PERMISSION_DENIED = 7,
  DBF_GW_RESOURCE_EXHAUSTED = 8,
  DBF_GW_FAILED_PRECONDITION = 9,
  DBF_GW_ABORTED = 10,
  DBF_GW_OUT_OF_RANGE = 11,
  DBF_GW_UNIMPLEMENTED = 12,
  DBF_GW_INTERNAL = 13,
  DBF_GW_UNAVAILABLE = 14,
  DBF_GW_DATA_LOSS = 15,
  DBF_GW_UNAUTHENTICATED = 16,
};

/* The HTTP status for a gRPC code (unknown codes are 500). */
int dbf_gw_http_status(int grpc_code);

/* The gRPC code for the gateway's own errors (bad JSON, too big...). */
int dbf_gw_code_of_err(dbf_err err);

/* "INVALID_ARGUMENT"...; static, never NULL. */
const char *dbf_gw_code_name(int grpc_code);

/*
 * The WebSocket close code after a final status: 1000 for OK, else 4000
 * plus the HTTP status (4400, 4401, 4403, 4404, 4409, 4429, 4499, 4500,
 * 4501, 4503, 4504).
 */
int dbf_gw_ws_close_code(int grpc_code);

/* Appends {"code":3,"message":"...","details":[]} to out. */
dbf_err dbf_gw_status_json(int grpc_code, const char *message, dbf_buf *out);

/* Appends the same google.rpc.Status in protobuf (application/x-protobuf) to out. */
dbf_err dbf_gw_status_pb(int grpc_code, const char *message, dbf_buf *out);

#endif
