/*
 * interceptor.c - authentication and RBAC for every non-public RPC.
 *
 * The transport runs this on a worker before any handler callback, so no
 * handler can forget it: the bearer token is verified, the method's policy
 * bits are checked against the caller's role, and the principal is
 * attached to the call for row-level visibility checks in the handlers.
 * Streams also pass the stream guard (per-user caps, token expiry).
 */
#include "service/interceptor.h"

#include <string.h>

#include "core/alloc.h"
#include "service/stream_guard.h"

dbf_err dbf_service_intercept(dbf_call *call, const dbf_method *m, void *arg, dbf_status *st) {
  dbf_app *app = arg;
  dbf_principal *p = dbf_calloc(1, sizeof *p);
  if (!p)
    return dbf_fail(st, DBF_ERR_NOMEM, "out of memory authenticating the call");
  dbf_err rc = dbf_auth_verify(app->auth, dbf_call_metadata(call, "authorization"), p, st);
  if (rc)
    goto out;
  rc = dbf_auth_check_policy(p, m->policy, m->path, st);
  if (rc)
    goto out;
  rc = dbf_stream_guard_attach(call, m, p, st); /* steals p */
  p = NULL;
out:
  dbf_free(p);
  return rc;
}
