/*
 * status.c - the single boundary from dbf_err to gRPC status codes
 * (docs/conventions.md rule 2). Nothing else in the tree names a grpc_status_code for an
 * application error; the table follows the comments in core/err.h and the
 * error table in docs/protocol.md, section 3.
 */
#include "transport/server.h"

#include <grpc/status.h>

int dbf_err_to_grpc_status(dbf_err err) {
  switch (err) {
    case DBF_OK:
      return GRPC_STATUS_OK;
    case DBF_ERR_INVALID:
      return GRPC_STATUS_INVALID_ARGUMENT;
    case DBF_ERR_NOMEM:
    case DBF_ERR_TOO_BIG:
      return GRPC_STATUS_RESOURCE_EXHAUSTED;
    case DBF_ERR_NOT_FOUND:
      return GRPC_STATUS_NOT_FOUND;
    case DBF_ERR_UNAUTHENTICATED:
      return GRPC_STATUS_UNAUTHENTICATED;
    case DBF_ERR_PERMISSION:
      return GRPC_STATUS_PERMISSION_DENIED;
    case DBF_ERR_STATE:
      return GRPC_STATUS_FAILED_PRECONDITION;
    case DBF_ERR_UNAVAILABLE:
      return GRPC_STATUS_UNAVAILABLE;
    case DBF_ERR_DEADLINE:
      return GRPC_STATUS_DEADLINE_EXCEEDED;
    case DBF_ERR_CONFLICT:
      return GRPC_STATUS_ABORTED;
    case DBF_ERR_EXISTS:
      return GRPC_STATUS_ALREADY_EXISTS;
    case DBF_ERR_CANCELLED:
      return GRPC_STATUS_CANCELLED;
    case DBF_ERR_UNIMPLEMENTED:
      return GRPC_STATUS_UNIMPLEMENTED;
    case DBF_ERR_INTERNAL:
    case DBF_ERR_IO:
    case DBF_ERR__COUNT:
      break;
  }
  /* Unknown values are bugs; INTERNAL never leaks more than "internal". */
  return GRPC_STATUS_INTERNAL;
}
