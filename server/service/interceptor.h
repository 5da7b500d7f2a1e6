/*
 * interceptor.h - the auth + RBAC interceptor installed on the server.
 */
#ifndef DBF_SERVICE_INTERCEPTOR_H
#define DBF_SERVICE_INTERCEPTOR_H

#include "service/app.h"

/* A dbf_interceptor_fn; arg is the dbf_app (borrowed). */
dbf_err dbf_service_intercept(dbf_call *call, const dbf_method *m, void *arg, dbf_status *st);

#endif
