/*
 * delivery_config.c - the DEBRIEF_CRM_* settings of the delivery worker
 * (docs/configuration.md), read through a lookup function so the server
 * uses its configuration and tests pass a table.
 */
#include <stdlib.h>
#include <string.h>

#include "core/alloc.h"
#include "core/config.h"
#include "delivery/delivery.h"

static const char *env_get(const char *name, void *arg) {
  (void)arg;
  return getenv(name);
}

void dbf_delivery_config_free(dbf_delivery_config *c) {
  if (!c)
    return;
  dbf_free(c->url);
  if (c->secret) {
    /* Not left behind in freed memory. */
    volatile char *p = c->secret;
    while (*p)
      *p++ = '\0';
  }
  dbf_free(c->secret);
  dbf_free(c->target);
  memset(c, 0, sizeof *c);
}

dbf_err dbf_delivery_config_load(dbf_delivery_config *c,
                                 const char *(*get)(const char *name, void *arg), void *arg,
                                 dbf_status *st) {
  dbf_err rc = DBF_OK;
  memset(c, 0, sizeof *c);
  if (!get)
    get = env_get;
  int64_t connect = 5000, timeout = 15000, attempts = 8, workers = 2, poll = 1000;
  c->backoff_base_ms = 1000;
  c->backoff_max_ms = 300000;
  c->retry_after_max_s = 3600;
  if ((rc = dbf_config_get_int(get, arg, "DEBRIEF_CRM_CONNECT_TIMEOUT_MS", 100, 60000, &connect,
                               st)) ||
      (rc = dbf_config_get_int(get, arg, "DEBRIEF_CRM_TIMEOUT_MS", 100, 600000, &timeout, st)) ||
      (rc = dbf_config_get_int(get, arg, "DEBRIEF_CRM_MAX_ATTEMPTS", 1, 100, &attempts, st)) ||
      (rc = dbf_config_get_int(get, arg, "DEBRIEF_CRM_BACKOFF_BASE_MS", 10, 3600000,
                               &c->backoff_base_ms, st)) ||
      (rc = dbf_config_get_int(get, arg, "DEBRIEF_CRM_BACKOFF_MAX_MS", 10, 86400000,
                               &c->backoff_max_ms, st)) ||
      (rc = dbf_config_get_int(get, arg, "DEBRIEF_CRM_RETRY_AFTER_MAX_S", 0, 86400,
                               &c->retry_after_max_s, st)) ||
      (rc = dbf_config_get_int(get, arg, "DEBRIEF_CRM_WORKERS", 1, 64, &workers, st)) ||
      (rc = dbf_config_get_int(get, arg, "DEBRIEF_CRM_POLL_MS", 10, 60000, &poll, st)))
    goto out;
  if (c->backoff_max_ms < c->backoff_base_ms) {
    rc = dbf_fail(st, DBF_ERR_INVALID,
                  "DEBRIEF_CRM_BACKOFF_MAX_MS (%lld) must be at least DEBRIEF_CRM_BACKOFF_BASE_MS "
                  "(%lld)",
                  (long long)c->backoff_max_ms, (long long)c->backoff_base_ms);
    goto out;
  }
  c->connect_timeout_ms = (int)connect;
  c->timeout_ms = (int)timeout;
  c->max_attempts = (int)attempts;
  c->workers = (int)workers;
  c->poll_ms = (int)poll;
  const char *target = get("DEBRIEF_CRM_TARGET", arg);
  if (!(c->target = dbf_strdup(target && *target ? target : "generic"))) {
    rc = dbf_fail(st, DBF_ERR_NOMEM, "out of memory");
    goto out;
  }
  const char *url = get("DEBRIEF_CRM_WEBHOOK_URL", arg);
  const char *secret = get("DEBRIEF_CRM_WEBHOOK_SECRET", arg);
  if (!url || !*url)
    goto out; /* pushing is off; the payload still works */
  if (strncmp(url, "http://", 7) && strncmp(url, "https://", 8)) {
    rc = dbf_fail(st, DBF_ERR_INVALID,
                  "DEBRIEF_CRM_WEBHOOK_URL must start with http:// or https://");
    goto out;
  }
  if (strlen(url) > 2048) {
    rc = dbf_fail(st, DBF_ERR_INVALID, "DEBRIEF_CRM_WEBHOOK_URL is longer than 2048 bytes");
    goto out;
  }
  if (!secret || strlen(secret) < DBF_DELIVERY_MIN_SECRET) {
    rc = dbf_fail(st, DBF_ERR_INVALID,
                  "DEBRIEF_CRM_WEBHOOK_SECRET must hold at least %d bytes when "
                  "DEBRIEF_CRM_WEBHOOK_URL is set (e.g. openssl rand -hex 32)",
                  DBF_DELIVERY_MIN_SECRET);
    goto out;
  }
  if (!(c->url = dbf_strdup(url)) || !(c->secret = dbf_strdup(secret)))
    rc = dbf_fail(st, DBF_ERR_NOMEM, "out of memory");
out:
  if (rc)
    dbf_delivery_config_free(c);
  return rc;
}
