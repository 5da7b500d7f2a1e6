/*
 * app.h - the process-wide objects every RPC handler needs.
 *
 * main.c builds one dbf_app and each service's register function stores a
 * pointer to it in dbf_method.data, so handlers reach it with
 * dbf_service_app(call). Nothing here is per-session state: the servers
 * keep none outside PostgreSQL (DESIGN.md section 5).
 */
#ifndef DBF_SERVICE_APP_H
#define DBF_SERVICE_APP_H

#include "auth/auth.h"
#include "core/config.h"
#include "engine/extract.h"
#include "transport/server.h"

typedef struct dbf_store dbf_store; /* server/store/store.h */

typedef struct dbf_app {
  const dbf_config *cfg;
  dbf_store *store;
  dbf_auth *auth;
  dbf_lexicons *lex;
  dbf_server *srv;
} dbf_app;

/* The app a handler runs under (borrowed). */
static inline dbf_app *dbf_service_app(dbf_call *call) {
  return (dbf_app *)dbf_call_method(call)->data;
}

/* The caller, as verified by the auth interceptor (borrowed; never NULL in handlers). */
static inline const dbf_principal *dbf_service_principal(dbf_call *call) {
  return (const dbf_principal *)dbf_call_principal(call);
}

#endif
