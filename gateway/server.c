/*
 * server.c - the gateway server's life cycle (server.h): the route table,
 * the OpenAPI document, the upstream client and the libwebsockets context
 * with its two protocols, plain HTTP (http.c) and the Converse WebSocket
 * (ws.c).
 */
#include <pthread.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "core/alloc.h"
#include "core/clock.h"
#include "core/config.h"
#include "core/log.h"
#include "gateway/openapi.h"
#include "gateway/registry.h"
#include "gateway/server_int.h"

#define CONVERSE_PATH "/debrief.v1.ConversationService/Converse"
#define WS_DRAIN_MS   1000 /* how long WebSockets may take to read their last status at shutdown */

/* Wakes the service thread from the completion-queue thread; the context pointer is guarded
   because the context goes away while that thread may still run. */
static pthread_mutex_t wake_mu = PTHREAD_MUTEX_INITIALIZER;

typedef struct server_full {
  dbf_gw_server s;
  struct lws_protocols protocols[3];
  char host[256];
} server_full;

static void wake(void *arg) {
  dbf_gw_server *s = arg;
  pthread_mutex_lock(&wake_mu);
  if (s->ctx)
    lws_cancel_service(s->ctx);
  pthread_mutex_unlock(&wake_mu);
}

/* libwebsockets' allocations go through the project's hook too (docs/conventions.md rule 6);
   its realloc with size 0 frees. */
static void *lws_alloc(void *p, size_t n, const char *reason) {
  (void)reason;
  if (n == 0) {
    dbf_free(p);
    return NULL;
  }
  return dbf_realloc(p, n);
}

static dbf_err split_addr(const char *addr, char *host, size_t n, int *port, dbf_status *st) {
  const char *colon = strrchr(addr, ':');
  int64_t p;
  if (!colon || dbf_parse_i64(colon + 1, 0, 65535, &p) != DBF_OK)
    return dbf_fail(st, DBF_ERR_INVALID, "DEBRIEF_HTTP_ADDR must be host:port, not '%s'", addr);
  const char *h = addr;
  size_t hn = (size_t)(colon - addr);
  if (hn >= 2 && h[0] == '[' && h[hn - 1] == ']')
    h++, hn -= 2;
  if (hn >= n)
    return dbf_fail(st, DBF_ERR_INVALID, "DEBRIEF_HTTP_ADDR host is too long");
  memcpy(host, h, hn);
  host[hn] = '\0';
  *port = (int)p;
  return DBF_OK;
}

dbf_err dbf_gw_server_create(const dbf_gw_opts *o, dbf_gw_server **out, dbf_status *st) {
  dbf_err rc;
  server_full *f = dbf_calloc(1, sizeof *f);
  if (!f)
    return dbf_fail(st, DBF_ERR_NOMEM, "out of memory");
  dbf_gw_server *s = &f->s;
  s->opts = o;
  int port = 0;
  if ((rc = split_addr(o->listen_addr, f->host, sizeof f->host, &port, st)) != DBF_OK ||
      (rc = dbf_gw_routes_load(dbf_descriptor_set, dbf_descriptor_set_len, &s->routes, st)) !=
          DBF_OK ||
      (rc = dbf_gw_openapi_build(s->routes, DBF_GW_VERSION, &s->openapi, &s->openapi_len, st)) !=
          DBF_OK)
    goto fail;
  for (size_t i = 0; i < s->routes->nrpcs; i++)
    if (strcmp(s->routes->rpcs[i].grpc_path, CONVERSE_PATH) == 0)
      s->converse = &s->routes->rpcs[i];
  if (!s->converse) {
    rc = dbf_fail(st, DBF_ERR_INTERNAL, "the descriptor set has no %s", CONVERSE_PATH);
    goto fail;
  }
  if (!(s->metrics = dbf_gw_metrics_create())) {
    rc = dbf_fail(st, DBF_ERR_NOMEM, "out of memory");
    goto fail;
  }
  s->retry.secs_since_valid_ping = (uint16_t)o->ws_idle_s;
  s->retry.secs_since_valid_hangup = (uint16_t)(o->ws_idle_s * 2);
  f->protocols[0] =
      (struct lws_protocols){"http", dbf__gw_http_cb, dbf__gw_http_pss_size(), 0, 0, NULL, 0};
  f->protocols[1] = (struct lws_protocols){
      DBF__GW_WS_PROTOCOL, dbf__gw_ws_cb, dbf__gw_ws_pss_size(), 4096, 0, NULL, 0};
  struct lws_context_creation_info info;
  memset(&info, 0, sizeof info);
  info.port = port;
  info.iface = f->host[0] ? f->host : NULL;
  info.protocols = f->protocols;
  info.user = s;
  info.vhost_name = "debrief";
  info.options = LWS_SERVER_OPTION_VALIDATE_UTF8;
  if (!strchr(f->host, ':'))
    info.options |= LWS_SERVER_OPTION_DISABLE_IPV6;
  info.max_http_header_data = 16384; /* a long bearer token fits */
  info.max_http_header_pool = 256;
  info.timeout_secs = 30;
  info.keepalive_timeout = 60;
  info.retry_and_idle_policy = &s->retry;
  lws_set_log_level(LLL_ERR | LLL_WARN, NULL);
  lws_set_allocator(lws_alloc);
  pthread_mutex_lock(&wake_mu);
  s->ctx = lws_create_context(&info);
  pthread_mutex_unlock(&wake_mu);
  if (!s->ctx) {
    rc = dbf_fail(st, DBF_ERR_IO, "cannot listen on %s", o->listen_addr);
    goto fail;
  }
  if ((rc = dbf_gw_upstream_create(o->upstream, o->max_message_bytes + 4096, wake, s, &s->up,
                                   st)) != DBF_OK)
    goto fail;
  *out = s;
  return DBF_OK;
fail:
  dbf_gw_server_free(s);
  return rc;
}

dbf_err dbf_gw_server_run(dbf_gw_server *s) {
  while (!atomic_load(&s->stop))
    if (lws_service(s->ctx, 0) < 0)
      return DBF_ERR_IO;
  /* Open WebSockets get their final status (UNAVAILABLE, so clients resume elsewhere) and up to
     WS_DRAIN_MS to read it before the context closes what is left. */
  dbf__gw_ws_shutdown(s);
  int64_t until = dbf_mono_ms() + WS_DRAIN_MS;
  while (s->ws_open && dbf_mono_ms() < until) {
    lws_cancel_service(s->ctx); /* lws_service returns at once rather than waiting */
    if (lws_service(s->ctx, 0) < 0)
      break;
    struct timespec ts = {0, 5 * 1000 * 1000};
    nanosleep(&ts, NULL);
  }
  return DBF_OK;
}

void dbf_gw_server_stop(dbf_gw_server *s) {
  atomic_store(&s->stop, true);
  wake(s);
}

void dbf_gw_server_free(dbf_gw_server *s) {
  if (!s)
    return;
  if (s->ctx) {
    /* Closing the connections releases their calls; the context must be gone from wake()
       before it is destroyed. */
    pthread_mutex_lock(&wake_mu);
    struct lws_context *ctx = s->ctx;
    s->ctx = NULL;
    pthread_mutex_unlock(&wake_mu);
    lws_context_destroy(ctx);
  }
  dbf_gw_upstream_destroy(s->up);
  dbf_gw_metrics_free(s->metrics);
  dbf_free(s->openapi);
  dbf_gw_routes_free(s->routes);
  dbf_free(s);
}
