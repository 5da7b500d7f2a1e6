/*
 * transport_int.h - names shared between the files of the transport layer
 * and nobody else (the dbf__ prefix marks them internal, docs/conventions.md rule 1).
 *
 * server.c owns the server and call machinery; health.c and reflection.c
 * are ordinary method handlers plus a little server-wide state reached
 * through these accessors.
 */
#ifndef DBF_TRANSPORT_INT_H
#define DBF_TRANSPORT_INT_H

#include <stdbool.h>
#include <stddef.h>

#include "transport/server.h"

typedef struct dbf__health dbf__health;
typedef struct dbf__reflection dbf__reflection;

/* The server a call belongs to (borrowed). */
dbf_server *dbf__call_server(const dbf_call *call);

/*
 * The distinct service names ("debrief.v1.SessionService") of every method
 * registered on srv, computed by dbf_server_start. Borrowed; valid until
 * dbf_server_destroy. Zero before start.
 */
size_t dbf__server_service_count(const dbf_server *srv);
const char *dbf__server_service_name(const dbf_server *srv, size_t i);
bool dbf__server_has_service(const dbf_server *srv, const char *name);

/* The health state (owned by the server), or NULL without builtin services. */
dbf__health *dbf__server_health(const dbf_server *srv);

/* health.c: creates the state and registers grpc.health.v1.Health on srv. */
dbf_err dbf__health_add(dbf_server *srv, dbf__health **out, dbf_status *st);
/* Ends every Watch stream; called when shutdown begins so it is not held open. */
void dbf__health_stop(dbf__health *h);
void dbf__health_free(dbf__health *h);

/* reflection.c: indexes the embedded descriptor set and registers v1 and v1alpha. */
dbf_err dbf__reflection_add(dbf_server *srv, dbf__reflection **out, dbf_status *st);
void dbf__reflection_free(dbf__reflection *r);

#endif
