/*
 * health.c - grpc.health.v1.Health: Check (unary) and Watch (server
 * streaming), built on the same dbf_method machinery as every other RPC.
 *
 * A service is known when dbf_server_set_health named it, or when it is a
 * service registered on this server; the latter follow the server-wide ""
 * status until set explicitly, so a load balancer asking about
 * "debrief.v1.SessionService" gets an answer without extra wiring.
 */
#include <pthread.h>
#include <stdbool.h>
#include <string.h>

#include "core/alloc.h"
#include "core/log.h"
#include "grpc/health/v1/health.pb-c.h"
#include "transport/server.h"
#include "transport/transport_int.h"

typedef Grpc__Health__V1__HealthCheckResponse__ServingStatus serving_status;

typedef struct health_entry {
  struct health_entry *next;
  char *service; /* owned */
  bool serving;
} health_entry;

/* One open Watch stream; lives from on_start to on_done. */
typedef struct health_watch {
  struct health_watch *next;
  dbf_call *call; /* alive until on_done, which unlinks this first */
  char *service;  /* owned */
  serving_status last;
} health_watch;

struct dbf__health {
  dbf_server *srv;
  pthread_mutex_t mu; /* guards entries, watches and stopping */
  health_entry *entries;
  health_watch *watches;
  bool stopping;
  dbf_method methods[2];
};

static health_entry *find_entry(dbf__health *h, const char *service) {
  for (health_entry *e = h->entries; e; e = e->next)
    if (!strcmp(e->service, service))
      return e;
  return NULL;
}

/* The current status of service. Caller holds h->mu. */
static serving_status lookup(dbf__health *h, const char *service) {
  health_entry *e = find_entry(h, service);
  if (e)
    return e->serving ? GRPC__HEALTH__V1__HEALTH_CHECK_RESPONSE__SERVING_STATUS__SERVING
                      : GRPC__HEALTH__V1__HEALTH_CHECK_RESPONSE__SERVING_STATUS__NOT_SERVING;
  if (dbf__server_has_service(h->srv, service))
    return lookup(h, "");
  return GRPC__HEALTH__V1__HEALTH_CHECK_RESPONSE__SERVING_STATUS__SERVICE_UNKNOWN;
}

static dbf__health *health_of(dbf_call *call) {
  return dbf_call_method(call)->data;
}

static dbf_err check(dbf_call *call, const ProtobufCMessage *req_msg, ProtobufCMessage **resp,
                     dbf_status *st) {
  const Grpc__Health__V1__HealthCheckRequest *req = (const void *)req_msg;
  dbf__health *h = health_of(call);
  pthread_mutex_lock(&h->mu);
  serving_status s = lookup(h, req->service);
  pthread_mutex_unlock(&h->mu);
  if (s == GRPC__HEALTH__V1__HEALTH_CHECK_RESPONSE__SERVING_STATUS__SERVICE_UNKNOWN)
    return dbf_fail(st, DBF_ERR_NOT_FOUND, "unknown service \"%.200s\"", req->service);
  Grpc__Health__V1__HealthCheckResponse *r = dbf_arena_alloc(dbf_call_arena(call), sizeof *r);
  if (!r)
    return dbf_fail(st, DBF_ERR_NOMEM, "out of memory answering the health check");
  grpc__health__v1__health_check_response__init(r);
  r->status = s;
  *resp = &r->base;
  return DBF_OK;
}

static dbf_err send_status(dbf_call *call, serving_status s) {
  Grpc__Health__V1__HealthCheckResponse r = GRPC__HEALTH__V1__HEALTH_CHECK_RESPONSE__INIT;
  r.status = s;
  return dbf_call_send(call, &r.base);
}

static dbf_err watch_start(dbf_call *call, const ProtobufCMessage *req_msg, dbf_status *st) {
  const Grpc__Health__V1__HealthCheckRequest *req = (const void *)req_msg;
  dbf__health *h = health_of(call);
  dbf_err rc = DBF_OK;
  health_watch *w = dbf_calloc(1, sizeof *w);
  if (!w || !(w->service = dbf_strdup(req->service))) {
    rc = dbf_fail(st, DBF_ERR_NOMEM, "out of memory starting the health watch");
    goto out;
  }
  w->call = call;
  pthread_mutex_lock(&h->mu);
  if (h->stopping) {
    pthread_mutex_unlock(&h->mu);
    rc = dbf_fail(st, DBF_ERR_UNAVAILABLE, "the server is shutting down");
    goto out;
  }
  w->last = lookup(h, req->service);
  /* Sent under the lock so a concurrent dbf_server_set_health cannot
   * overtake the first status. dbf_call_send never blocks. */
  rc = send_status(call, w->last);
  if (rc) {
    pthread_mutex_unlock(&h->mu);
    dbf_fail(st, rc, "cannot send the health status");
    goto out;
  }
  w->next = h->watches;
  h->watches = w;
  dbf_call_set_user(call, w);
  w = NULL;
  pthread_mutex_unlock(&h->mu);
out:
  if (w)
    dbf_free(w->service);
  dbf_free(w);
  return rc;
}

static void watch_done(dbf_call *call, bool cancelled) {
  dbf__health *h = health_of(call);
  health_watch *w = dbf_call_user(call);
  if (!w)
    return;
  pthread_mutex_lock(&h->mu);
  for (health_watch **pp = &h->watches; *pp; pp = &(*pp)->next) {
    if (*pp == w) {
      *pp = w->next;
      break;
    }
  }
  pthread_mutex_unlock(&h->mu);
  dbf_call_set_user(call, NULL);
  dbf_free(w->service);
  dbf_free(w);
}

dbf_err dbf__health_add(dbf_server *srv, dbf__health **out, dbf_status *st) {
  dbf__health *h = dbf_calloc(1, sizeof *h);
  if (!h)
    return dbf_fail(st, DBF_ERR_NOMEM, "out of memory adding the health service");
  h->srv = srv;
  pthread_mutex_init(&h->mu, NULL);
  h->methods[0] = (dbf_method){
      .path = "/grpc.health.v1.Health/Check",
      .kind = DBF_RPC_UNARY,
      .request = &grpc__health__v1__health_check_request__descriptor,
      .response = &grpc__health__v1__health_check_response__descriptor,
      .unary = check,
      .public_call = true, /* probes carry no credentials */
      .data = h,
  };
  h->methods[1] = (dbf_method){
      .path = "/grpc.health.v1.Health/Watch",
      .kind = DBF_RPC_SERVER_STREAMING,
      .request = &grpc__health__v1__health_check_request__descriptor,
      .response = &grpc__health__v1__health_check_response__descriptor,
      .on_start = watch_start,
      .on_done = watch_done,
      .public_call = true,
      .data = h,
  };
  /* The server-wide status starts as SERVING, as in gRPC's own servers. */
  h->entries = dbf_calloc(1, sizeof *h->entries);
  if (h->entries)
    h->entries->service = dbf_strdup("");
  dbf_err rc = DBF_OK;
  if (!h->entries || !h->entries->service) {
    rc = dbf_fail(st, DBF_ERR_NOMEM, "out of memory adding the health service");
    goto out;
  }
  h->entries->serving = true;
  rc = dbf_server_add_methods(srv, h->methods, DBF_ARRAY_LEN(h->methods), st);
out:
  if (rc) {
    dbf__health_free(h);
    h = NULL;
  }
  *out = h;
  return rc;
}

void dbf_server_set_health(dbf_server *srv, const char *service, bool serving) {
  dbf__health *h = dbf__server_health(srv);
  if (!h || !service)
    return;
  pthread_mutex_lock(&h->mu);
  health_entry *e = find_entry(h, service);
  if (!e) {
    e = dbf_calloc(1, sizeof *e);
    if (!e || !(e->service = dbf_strdup(service))) {
      dbf_free(e);
      pthread_mutex_unlock(&h->mu);
      dbf_log(DBF_LOG_ERROR, "health.nomem", "cannot record health of %s", service);
      return;
    }
    e->next = h->entries;
    h->entries = e;
  }
  e->serving = serving;
  /* Any watcher may be affected: services without an entry follow "". */
  for (health_watch *w = h->watches; w; w = w->next) {
    serving_status now = lookup(h, w->service);
    if (now != w->last) {
      w->last = now;
      send_status(w->call, now); /* a full queue means a stuck reader; skip it */
    }
  }
  pthread_mutex_unlock(&h->mu);
}

void dbf__health_stop(dbf__health *h) {
  pthread_mutex_lock(&h->mu);
  h->stopping = true;
  for (health_watch *w = h->watches; w; w = w->next)
    dbf_call_finish(w->call, DBF_ERR_UNAVAILABLE, "the server is shutting down");
  pthread_mutex_unlock(&h->mu);
}

void dbf__health_free(dbf__health *h) {
  if (!h)
    return;
  health_entry *e = h->entries;
  while (e) {
    health_entry *next = e->next;
    dbf_free(e->service);
    dbf_free(e);
    e = next;
  }
  pthread_mutex_destroy(&h->mu);
  dbf_free(h);
}
