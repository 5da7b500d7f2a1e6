/*
 * opts.c - the gateway's settings (opts.h). The listen and upstream
 * addresses come through core/config.h, so DEBRIEF_CONFIG files work the
 * same for the gateway as for the server; the gateway's own limits are
 * read here.
 */
#include "gateway/opts.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/alloc.h"
#include "core/config.h"

static dbf_err env_int(const char *name, int64_t min, int64_t max, int64_t *v, dbf_status *st) {
  const char *s = getenv(name);
  if (!s || !*s)
    return DBF_OK;
  if (dbf_parse_i64(s, min, max, v) != DBF_OK)
    return dbf_fail(st, DBF_ERR_INVALID, "%s must be an integer in [%lld, %lld], not '%s'", name,
                    (long long)min, (long long)max, s);
  return DBF_OK;
}

static char *env_dup(const char *name) {
  const char *s = getenv(name);
  return s && *s ? dbf_strdup(s) : NULL;
}

dbf_err dbf_gw_opts_load(dbf_gw_opts *o, dbf_status *st) {
  memset(o, 0, sizeof *o);
  dbf_config cfg;
  dbf_err rc = dbf_config_load(&cfg, st);
  if (rc)
    return rc;
  o->listen_addr = dbf_strdup(cfg.http_addr);
  o->upstream = env_dup("DEBRIEF_GATEWAY_UPSTREAM");
  if (!o->upstream)
    o->upstream = dbf_strdup(cfg.grpc_addr);
  int64_t max_msg = cfg.max_message_bytes > 0 ? cfg.max_message_bytes : 1 << 20;
  o->web_dir = env_dup("DEBRIEF_GATEWAY_WEB_DIR");
  if (!o->web_dir) { /* found beside templates/, the way the server finds its data */
    const char *d = cfg.data_dir ? cfg.data_dir : ".";
    size_t n = strlen(d) + sizeof "/gateway/web";
    if ((o->web_dir = dbf_malloc(n)) != NULL)
      snprintf(o->web_dir, n, "%s/gateway/web", d);
  }
  if (cfg.dev_mode && cfg.jwt_secret && *cfg.jwt_secret &&
      (!cfg.jwt_alg || strcmp(cfg.jwt_alg, "HS256") == 0))
    o->dev_secret = dbf_strdup(cfg.jwt_secret);
  dbf_config_free(&cfg);
  int64_t body = 1 << 20, ws_msg = 1 << 20, ws_q = 8 << 20, idle = 30, hb = 15;
  int64_t tmo = 30000, max_tmo = 300000;
  if ((rc = env_int("DEBRIEF_GATEWAY_MAX_BODY_BYTES", 1024, 64 << 20, &body, st)) ||
      (rc = env_int("DEBRIEF_GATEWAY_WS_MAX_MESSAGE_BYTES", 1024, 64 << 20, &ws_msg, st)) ||
      (rc = env_int("DEBRIEF_GATEWAY_WS_SEND_QUEUE_BYTES", 4096, 1LL << 30, &ws_q, st)) ||
      (rc = env_int("DEBRIEF_GATEWAY_WS_IDLE_S", 1, 3600, &idle, st)) ||
      (rc = env_int("DEBRIEF_GATEWAY_SSE_HEARTBEAT_S", 1, 3600, &hb, st)) ||
      (rc = env_int("DEBRIEF_GATEWAY_TIMEOUT_MS", 0, 86400000, &tmo, st)) ||
      (rc = env_int("DEBRIEF_GATEWAY_MAX_TIMEOUT_MS", 1, 86400000, &max_tmo, st))) {
    dbf_gw_opts_free(o);
    return rc;
  }
  o->max_body_bytes = (size_t)body;
  o->max_message_bytes = (size_t)max_msg;
  o->ws_max_message_bytes = (size_t)ws_msg;
  o->ws_send_queue_bytes = (size_t)ws_q;
  o->ws_idle_s = (int)idle;
  o->sse_heartbeat_s = (int)hb;
  o->default_timeout_ms = tmo;
  o->max_timeout_ms = max_tmo;
  o->ws_origins = env_dup("DEBRIEF_GATEWAY_WS_ORIGINS");
  o->cors_origins = env_dup("DEBRIEF_GATEWAY_CORS_ORIGINS");
  if (!o->listen_addr || !o->upstream || !o->web_dir) {
    dbf_gw_opts_free(o);
    return dbf_fail(st, DBF_ERR_NOMEM, "out of memory reading the gateway settings");
  }
  return DBF_OK;
}

void dbf_gw_opts_free(dbf_gw_opts *o) {
  dbf_free(o->listen_addr);
  dbf_free(o->upstream);
  dbf_free(o->ws_origins);
  dbf_free(o->cors_origins);
  dbf_free(o->web_dir);
  if (o->dev_secret) /* a signing key: wiped before it is freed */
    memset(o->dev_secret, 0, strlen(o->dev_secret));
  dbf_free(o->dev_secret);
  memset(o, 0, sizeof *o);
}

bool dbf_gw_origin_listed(const char *list, const char *origin) {
  if (!list || !origin || !*origin)
    return false;
  size_t on = strlen(origin);
  for (const char *p = list; *p;) {
    while (*p == ' ' || *p == ',')
      p++;
    const char *e = p;
    while (*e && *e != ',')
      e++;
    const char *t = e;
    while (t > p && t[-1] == ' ')
      t--;
    if ((t - p == 1 && *p == '*') || ((size_t)(t - p) == on && memcmp(p, origin, on) == 0))
      return true;
    p = e;
  }
  return false;
}

dbf_err dbf_gw_parse_timeout(const char *s, int64_t *ms) {
  char num[24];
  size_t n = 0;
  while (s[n] >= '0' && s[n] <= '9' && n < sizeof num - 1) {
    num[n] = s[n];
    n++;
  }
  num[n] = '\0';
  int64_t v;
  if (n == 0 || dbf_parse_i64(num, 0, 1000000000, &v) != DBF_OK)
    return DBF_ERR_INVALID;
  const char *unit = s + n;
  int64_t mul;
  if (strcmp(unit, "ms") == 0)
    mul = 1;
  else if (strcmp(unit, "") == 0 || strcmp(unit, "s") == 0)
    mul = 1000;
  else if (strcmp(unit, "m") == 0)
    mul = 60000;
  else if (strcmp(unit, "h") == 0)
    mul = 3600000;
  else
    return DBF_ERR_INVALID;
  *ms = v * mul;
  return DBF_OK;
}
