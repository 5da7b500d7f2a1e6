/*
 * headers.c - what the HTTP and WebSocket halves read from a request the
 * same way: headers by token or by name, the request id, the Origin check
 * and the Converse path (server_int.h).
 */
#include <inttypes.h>
#include <stdio.h>
#include <string.h>
#include <sys/random.h>

#include "core/clock.h"
#include "gateway/server_int.h"

dbf_gw_server *dbf__gw_server_of(struct lws *wsi) {
  return lws_context_user(lws_get_context(wsi));
}

int dbf__gw_header(struct lws *wsi, enum lws_token_indexes t, char *buf, size_t n) {
  int len = lws_hdr_total_length(wsi, t);
  if (len <= 0 || (size_t)len >= n)
    return -1;
  return lws_hdr_copy(wsi, buf, (int)n, t) < 0 ? -1 : len;
}

int dbf__gw_custom_header(struct lws *wsi, const char *name, char *buf, size_t n) {
  int nl = (int)strlen(name);
  int len = lws_hdr_custom_length(wsi, name, nl);
  if (len <= 0 || (size_t)len >= n)
    return -1;
  return lws_hdr_custom_copy(wsi, buf, (int)n, name, nl) < 0 ? -1 : len;
}

void dbf__gw_request_id(struct lws *wsi, char *out, size_t n) {
  char rid[DBF__GW_REQUEST_ID_MAX + 1];
  int len = dbf__gw_custom_header(wsi, "x-request-id:", rid, sizeof rid);
  bool ok = len > 0;
  for (int i = 0; ok && i < len; i++) {
    char c = rid[i];
    ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' ||
         c == '_' || c == '.' || c == ':';
  }
  if (ok) {
    snprintf(out, n, "%s", rid);
    return;
  }
  uint64_t r[2] = {0, 0};
  if (getrandom(r, sizeof r, 0) != sizeof r)
    r[0] = (uint64_t)dbf_mono_ms() ^ (uint64_t)(uintptr_t)wsi;
  snprintf(out, n, "gw-%016" PRIx64 "%016" PRIx64, r[0], r[1]);
}

bool dbf__gw_ws_origin_ok(struct lws *wsi, const dbf_gw_opts *o) {
  char origin[256], host[256];
  if (dbf__gw_header(wsi, WSI_TOKEN_ORIGIN, origin, sizeof origin) < 0)
    return !o->ws_origins; /* not a browser: no Origin to check */
  if (o->ws_origins)
    return dbf_gw_origin_listed(o->ws_origins, origin);
  if (dbf__gw_header(wsi, WSI_TOKEN_HOST, host, sizeof host) < 0)
    return false;
  const char *h = strstr(origin, "://");
  return h && strcmp(h + 3, host) == 0;
}

bool dbf__gw_converse_path(const char *path, char *id, size_t n) {
  static const char pre[] = "/v1/sessions/", suf[] = "/converse";
  size_t len = strlen(path);
  if (len <= sizeof pre - 1 + sizeof suf - 1 || strncmp(path, pre, sizeof pre - 1) != 0 ||
      strcmp(path + len - (sizeof suf - 1), suf) != 0)
    return false;
  size_t idn = len - (sizeof pre - 1) - (sizeof suf - 1);
  if (idn >= n || memchr(path + sizeof pre - 1, '/', idn))
    return false;
  memcpy(id, path + sizeof pre - 1, idn);
  id[idn] = '\0';
  return true;
}
