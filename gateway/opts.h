/*
 * opts.h - the gateway's settings, from the environment (and the
 * DEBRIEF_CONFIG file, through core/config.h). docs/configuration.md
 * lists every variable; docs/gateway.md explains the limits.
 */
#ifndef DBF_GATEWAY_OPTS_H
#define DBF_GATEWAY_OPTS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/err.h"

typedef struct dbf_gw_opts {
  char *listen_addr;           /* DEBRIEF_HTTP_ADDR, default 127.0.0.1:8080 */
  char *upstream;              /* DEBRIEF_GATEWAY_UPSTREAM, default DEBRIEF_GRPC_ADDR */
  size_t max_body_bytes;       /* DEBRIEF_GATEWAY_MAX_BODY_BYTES: a REST body, 1 MiB */
  size_t max_message_bytes;    /* DEBRIEF_MAX_MESSAGE_BYTES: one gRPC message, 1 MiB */
  size_t ws_max_message_bytes; /* DEBRIEF_GATEWAY_WS_MAX_MESSAGE_BYTES: one frame, 1 MiB */
  size_t ws_send_queue_bytes;  /* DEBRIEF_GATEWAY_WS_SEND_QUEUE_BYTES: per socket, 8 MiB */
  int ws_idle_s;               /* DEBRIEF_GATEWAY_WS_IDLE_S: ping after, hang up at twice, 30 */
  int sse_heartbeat_s;         /* DEBRIEF_GATEWAY_SSE_HEARTBEAT_S: SSE comment interval, 15 */
  int64_t default_timeout_ms;  /* DEBRIEF_GATEWAY_TIMEOUT_MS: unary deadline, 30000 */
  int64_t max_timeout_ms;      /* DEBRIEF_GATEWAY_MAX_TIMEOUT_MS: cap on Timeout, 300000 */
  char *ws_origins;            /* DEBRIEF_GATEWAY_WS_ORIGINS: comma list; unset: same origin */
  char *cors_origins;          /* DEBRIEF_GATEWAY_CORS_ORIGINS: comma list; unset: CORS off */
  char *web_dir; /* DEBRIEF_GATEWAY_WEB_DIR: the app, default <data dir>/gateway/web */
  char
      *dev_secret; /* DEBRIEF_JWT_SECRET, only with DEBRIEF_DEV_MODE=1 and HS256: POST /dev/token */
} dbf_gw_opts;

/* Fills o with defaults, then the environment. Free with dbf_gw_opts_free. */
dbf_err dbf_gw_opts_load(dbf_gw_opts *o, dbf_status *st);
void dbf_gw_opts_free(dbf_gw_opts *o);

/* True when origin is one of the comma-separated entries of list ("*" allows any). */
bool dbf_gw_origin_listed(const char *list, const char *origin);

/*
 * Parses a Timeout / X-Request-Timeout value: digits with an optional unit
 * ms, s (the default), m or h. DBF_ERR_INVALID when malformed.
 */
dbf_err dbf_gw_parse_timeout(const char *s, int64_t *ms);

#endif
