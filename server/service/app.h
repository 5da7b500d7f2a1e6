/*
 * app.h - the process-wide objects every RPC handler needs.
 *
 * main.c builds one dbf_app and each service's register function stores a
 * pointer to it in dbf_method.data, so handlers reach it with
 * dbf_service_app(call). Nothing here is per-session state: the servers
 * keep none outside PostgreSQL (docs/architecture.md, the section on scale).
 */
#ifndef DBF_SERVICE_APP_H
#define DBF_SERVICE_APP_H

#include "auth/auth.h"
#include "core/config.h"
#include "engine/extract.h"
#include "llm/llm.h"
#include "store/store.h"
#include "transport/server.h"
#include "transport/workq.h"

typedef struct dbf_tplcache dbf_tplcache; /* server/service/tplcache.h */

typedef struct dbf_app {
  const dbf_config *cfg;
  dbf_store *store;
  dbf_auth *auth;
  dbf_lexicons *lex;
  dbf_server *srv;
  dbf_tplcache *tplcache; /* parsed template versions, shared by all calls */
  dbf_llm *llm;           /* the model provider; offline when none is configured */
  dbf_workq *llm_lane;    /* threads where answers wait on the model; NULL when offline */
  char *prompts_dir;      /* "<data_dir>/prompts" */
} dbf_app;

/* The app a handler runs under (borrowed). */
static inline dbf_app *dbf_service_app(dbf_call *call) {
  return (dbf_app *)dbf_call_method(call)->data;
}

/* The caller, as verified by the auth interceptor (borrowed; never NULL in handlers). */
static inline const dbf_principal *dbf_service_principal(dbf_call *call) {
  return (const dbf_principal *)dbf_call_principal(call);
}

/*
 * The caller as the store sees it: members see their own rows, managers
 * their team's, admins everything. Borrows from the call's principal.
 */
static inline dbf_store_viewer dbf_service_viewer(dbf_call *call) {
  const dbf_principal *p = dbf_service_principal(call);
  dbf_store_viewer v = {
      .user_id = p->user_id,
      .team_id = p->team_id,
      .display_name = p->display_name,
      .role = dbf_role_name(p->role),
      .scope = p->role == DBF_ROLE_ADMIN     ? DBF_SCOPE_ALL
               : p->role == DBF_ROLE_MANAGER ? DBF_SCOPE_TEAM
                                             : DBF_SCOPE_OWN,
  };
  return v;
}

#endif
