/* err.c - names and messages for dbf_err. */
#include "core/err.h"

#include <stdarg.h>
#include <stdio.h>

static const char *const err_names[DBF_ERR__COUNT] = {
    [DBF_OK] = "OK",
    [DBF_ERR_INVALID] = "INVALID",
    [DBF_ERR_NOMEM] = "NOMEM",
    [DBF_ERR_NOT_FOUND] = "NOT_FOUND",
    [DBF_ERR_UNAUTHENTICATED] = "UNAUTHENTICATED",
    [DBF_ERR_PERMISSION] = "PERMISSION",
    [DBF_ERR_STATE] = "STATE",
    [DBF_ERR_UNAVAILABLE] = "UNAVAILABLE",
    [DBF_ERR_TOO_BIG] = "TOO_BIG",
    [DBF_ERR_DEADLINE] = "DEADLINE",
    [DBF_ERR_CONFLICT] = "CONFLICT",
    [DBF_ERR_EXISTS] = "EXISTS",
    [DBF_ERR_CANCELLED] = "CANCELLED",
    [DBF_ERR_UNIMPLEMENTED] = "UNIMPLEMENTED",
    [DBF_ERR_INTERNAL] = "INTERNAL",
    [DBF_ERR_IO] = "IO",
};

const char *dbf_err_name(dbf_err err) {
  if ((unsigned)err >= DBF_ERR__COUNT || !err_names[err])
    return "UNKNOWN";
  return err_names[err];
}

dbf_err dbf_fail(dbf_status *st, dbf_err code, const char *fmt, ...) {
  if (!st)
    return code;
  st->code = code;
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(st->msg, sizeof st->msg, fmt, ap);
  va_end(ap);
  return code;
}

void dbf_status_clear(dbf_status *st) {
  st->code = DBF_OK;
  st->msg[0] = '\0';
}

const char *const dbf_grpc_code_names[DBF_GRPC_CODE_COUNT] = {
    "OK",
    "CANCELLED",
    "UNKNOWN",
    "INVALID_ARGUMENT",
    "DEADLINE_EXCEEDED",
    "NOT_FOUND",
    "ALREADY_EXISTS",
    "PERMISSION_DENIED",
    "RESOURCE_EXHAUSTED",
    "FAILED_PRECONDITION",
    "ABORTED",
    "OUT_OF_RANGE",
    "UNIMPLEMENTED",
    "INTERNAL",
    "UNAVAILABLE",
    "DATA_LOSS",
    "UNAUTHENTICATED",
};

const char *dbf_grpc_code_name(int code) {
  if (code < 0 || code >= DBF_GRPC_CODE_COUNT)
    return "UNKNOWN";
  return dbf_grpc_code_names[code];
}
