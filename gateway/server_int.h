/*
 * server_int.h - what the HTTP and WebSocket halves of the gateway server
 * share; private to gateway/.
 */
#ifndef DBF_GATEWAY_SERVER_INT_H
#define DBF_GATEWAY_SERVER_INT_H

#include <stdatomic.h>
#include <stdbool.h>

#include <libwebsockets.h>

#include "core/buf.h"
#include "gateway/metrics.h"
#include "gateway/opts.h"
#include "gateway/routes.h"
#include "gateway/server.h"
#include "gateway/upstream.h"

#define DBF__GW_CHUNK          (16u << 10) /* bytes per lws_write */
#define DBF__GW_REQUEST_ID_MAX 64          /* longest x-request-id passed on */
#define DBF__GW_AUTH_MAX       8200        /* "Bearer " and an 8 KiB token */
#define DBF__GW_WS_PROTOCOL    "debrief.v1.json"

struct dbf_gw_server {
  const dbf_gw_opts *opts;
  struct lws_context *ctx;
  dbf_gw_routes *routes;
  dbf_gw_upstream *up;
  dbf_gw_metrics *metrics;
  char *openapi; /* the document, generated once */
  size_t openapi_len;
  const dbf_gw_rpc *converse; /* the Converse method, for the WebSocket bridge */
  void *ws_open;              /* the established WebSockets (ws.c's list) */
  atomic_bool stop;
  lws_retry_bo_t retry; /* WebSocket ping/pong idle policy */
  unsigned char scratch[LWS_PRE + DBF__GW_CHUNK];
};

int dbf__gw_http_cb(struct lws *wsi, enum lws_callback_reasons reason, void *user, void *in,
                    size_t len);
int dbf__gw_ws_cb(struct lws *wsi, enum lws_callback_reasons reason, void *user, void *in,
                  size_t len);
size_t dbf__gw_http_pss_size(void);
size_t dbf__gw_ws_pss_size(void);

/* Ends every open WebSocket with UNAVAILABLE: its final status, then the close. */
void dbf__gw_ws_shutdown(dbf_gw_server *s);

/* The server of a connection. */
dbf_gw_server *dbf__gw_server_of(struct lws *wsi);

/* Copies header t into buf (cap n); returns its length, or -1 when absent or too long. */
int dbf__gw_header(struct lws *wsi, enum lws_token_indexes t, char *buf, size_t n);
int dbf__gw_custom_header(struct lws *wsi, const char *name, char *buf, size_t n);

/* The client's x-request-id when it is short and plain, else a new random one. */
void dbf__gw_request_id(struct lws *wsi, char *out, size_t n);

/* True when the request's Origin may open a WebSocket (allowlist, or same origin as Host). */
bool dbf__gw_ws_origin_ok(struct lws *wsi, const dbf_gw_opts *o);

/* True when path is /v1/sessions/{id}/converse; the id goes to id (cap n). */
bool dbf__gw_converse_path(const char *path, char *id, size_t n);

#endif
