/*
 * config.c - reads DEBRIEF_* settings. Unknown keys in the file are an
 * error, so a typo does not silently fall back to a default.
 */
#include "core/config.h"

#include <errno.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/alloc.h"

#define CONFIG_LINE_MAX 4096

typedef enum { KIND_STR, KIND_BOOL, KIND_INT, KIND_I64 } key_kind;

typedef struct key_spec {
  const char *name;
  key_kind kind;
  size_t offset;
  int64_t min, max;
} key_spec;

#define STR(n, f)                                                                                  \
  { n, KIND_STR, offsetof(dbf_config, f), 0, 0 }
#define BOOL(n, f)                                                                                 \
  { n, KIND_BOOL, offsetof(dbf_config, f), 0, 1 }
#define INT(n, f, lo, hi)                                                                          \
  { n, KIND_INT, offsetof(dbf_config, f), lo, hi }
#define I64(n, f, lo, hi)                                                                          \
  { n, KIND_I64, offsetof(dbf_config, f), lo, hi }

static const key_spec keys[] = {
    STR("DEBRIEF_GRPC_ADDR", grpc_addr),
    STR("DEBRIEF_HTTP_ADDR", http_addr),
    STR("DEBRIEF_DATABASE_URL", database_url),
    STR("DEBRIEF_DATA_DIR", data_dir),
    STR("DEBRIEF_JWT_SECRET", jwt_secret),
    STR("DEBRIEF_JWT_PUBLIC_KEY_FILE", jwt_public_key_file),
    STR("DEBRIEF_JWT_ALG", jwt_alg),
    STR("DEBRIEF_JWT_ISSUER", jwt_issuer),
    STR("DEBRIEF_JWT_AUDIENCE", jwt_audience),
    INT("DEBRIEF_JWT_LEEWAY_S", jwt_leeway_s, 1, 3600),
    BOOL("DEBRIEF_DEV_MODE", dev_mode),
    STR("DEBRIEF_TLS_CERT", tls_cert_file),
    STR("DEBRIEF_TLS_KEY", tls_key_file),
    STR("DEBRIEF_TLS_CLIENT_CA", tls_client_ca_file),
    BOOL("DEBRIEF_ALLOW_INSECURE", allow_insecure),
    INT("DEBRIEF_CQ_THREADS", cq_threads, 1, 256),
    INT("DEBRIEF_WORKER_THREADS", worker_threads, 1, 1024),
    INT("DEBRIEF_DB_POOL_SIZE", db_pool_size, 1, 1024),
    BOOL("DEBRIEF_DB_NO_PREPARED_STATEMENTS", db_no_prepared_statements),
    INT("DEBRIEF_MAX_MESSAGE_BYTES", max_message_bytes, 1024, 64 * 1024 * 1024),
    INT("DEBRIEF_MAX_ANSWER_CHARS", max_answer_chars, 16, 1000000),
    I64("DEBRIEF_SESSION_TIMEOUT", session_timeout_s, 1, 365LL * 24 * 3600),
    I64("DEBRIEF_INACTIVITY_WARNING", inactivity_warn_s, 1, 365LL * 24 * 3600),
    INT("DEBRIEF_STEP_TIMEOUT_MS", step_timeout_ms, 100, 600000),
    INT("DEBRIEF_ANALYTICS_FOLD_MS", analytics_fold_ms, 10, 3600000),
    INT("DEBRIEF_LLM_TURN_BUDGET_MS", llm_turn_budget_ms, 100, 600000),
    INT("DEBRIEF_COMMIT_RESERVE_MS", commit_reserve_ms, 50, 60000),
    INT("DEBRIEF_LLM_WAIT_THREADS", llm_wait_threads, 1, 4096),
    INT("DEBRIEF_MAX_STREAMS_PER_USER", max_streams_per_user, 1, 1000000),
    INT("DEBRIEF_MAX_PUBLIC_STREAMS", max_public_streams, 1, 1000000),
    INT("DEBRIEF_MAX_CONCURRENT_STREAMS", max_concurrent_streams, 1, 1000000),
    INT("DEBRIEF_MAX_METADATA_BYTES", max_metadata_bytes, 1024, 1 << 24),
    INT("DEBRIEF_KEEPALIVE_TIME_MS", keepalive_time_ms, 1000, 24 * 3600 * 1000),
    INT("DEBRIEF_KEEPALIVE_TIMEOUT_MS", keepalive_timeout_ms, 1000, 3600 * 1000),
    INT("DEBRIEF_MIN_PING_INTERVAL_MS", min_ping_interval_ms, 1000, 24 * 3600 * 1000),
    INT("DEBRIEF_DRAIN_MS", drain_ms, 0, 600000),
    INT("DEBRIEF_SHUTDOWN_GRACE_MS", shutdown_grace_ms, 1, 600000),
    STR("DEBRIEF_LLM", llm),
    STR("DEBRIEF_LOG_LEVEL", log_level),
    STR("DEBRIEF_LLM_BASE_URL", llm_base_url),
    STR("DEBRIEF_LLM_MODEL", llm_model),
    STR("DEBRIEF_LLM_API_KEY", llm_api_key),
    STR("DEBRIEF_LLM_TIMEOUT_MS", llm_timeout_ms),
    STR("DEBRIEF_LLM_FIRST_TOKEN_TIMEOUT_MS", llm_first_token_ms),
    STR("DEBRIEF_LLM_MAX_TOKENS", llm_max_tokens),
    STR("DEBRIEF_LLM_TEMPERATURE", llm_temperature),
    STR("DEBRIEF_LLM_MAX_RETRIES", llm_max_retries),
    STR("DEBRIEF_CRM_WEBHOOK_URL", crm_webhook_url),
    STR("DEBRIEF_CRM_WEBHOOK_SECRET", crm_webhook_secret),
    STR("DEBRIEF_CRM_TARGET", crm_target),
    STR("DEBRIEF_CRM_CONNECT_TIMEOUT_MS", crm_connect_timeout),
    STR("DEBRIEF_CRM_TIMEOUT_MS", crm_timeout),
    STR("DEBRIEF_CRM_MAX_ATTEMPTS", crm_max_attempts),
    STR("DEBRIEF_CRM_BACKOFF_BASE_MS", crm_backoff_base),
    STR("DEBRIEF_CRM_BACKOFF_MAX_MS", crm_backoff_max),
    STR("DEBRIEF_CRM_RETRY_AFTER_MAX_S", crm_retry_after_max),
    STR("DEBRIEF_CRM_WORKERS", crm_workers),
    STR("DEBRIEF_CRM_POLL_MS", crm_poll),
};

dbf_err dbf_parse_i64(const char *s, int64_t min, int64_t max, int64_t *out) {
  if (!s || !*s)
    return DBF_ERR_INVALID;
  errno = 0;
  char *end = NULL;
  long long v = strtoll(s, &end, 10);
  if (errno || end == s || *end != '\0' || v < min || v > max)
    return DBF_ERR_INVALID;
  *out = v;
  return DBF_OK;
}

static const key_spec *find_key(const char *name) {
  for (size_t i = 0; i < DBF_ARRAY_LEN(keys); i++)
    if (strcmp(keys[i].name, name) == 0)
      return &keys[i];
  return NULL;
}

static dbf_err set_key(dbf_config *cfg, const key_spec *k, const char *val, dbf_status *st) {
  char *base = (char *)cfg + k->offset;
  int64_t v = 0;
  switch (k->kind) {
    case KIND_STR: {
      char **slot = (char **)base;
      char *copy = dbf_strdup(val);
      if (!copy)
        return dbf_fail(st, DBF_ERR_NOMEM, "out of memory reading %s", k->name);
      dbf_free(*slot);
      *slot = copy;
      return DBF_OK;
    }
    case KIND_BOOL:
      if (!strcmp(val, "1") || !strcmp(val, "true") || !strcmp(val, "yes") || !strcmp(val, "on"))
        *(bool *)base = true;
      else if (!strcmp(val, "0") || !strcmp(val, "false") || !strcmp(val, "no") ||
               !strcmp(val, "off") || !*val)
        *(bool *)base = false;
      else
        return dbf_fail(st, DBF_ERR_INVALID, "%s must be 1 or 0, not '%s'", k->name, val);
      return DBF_OK;
    case KIND_INT:
    case KIND_I64:
      if (dbf_parse_i64(val, k->min, k->max, &v))
        return dbf_fail(st, DBF_ERR_INVALID, "%s must be an integer in [%lld, %lld], not '%s'",
                        k->name, (long long)k->min, (long long)k->max, val);
      if (k->kind == KIND_INT)
        *(int *)base = (int)v;
      else
        *(int64_t *)base = v;
      return DBF_OK;
  }
  return DBF_ERR_INTERNAL;
}

static dbf_err load_file(dbf_config *cfg, const char *path, dbf_status *st) {
  FILE *f = fopen(path, "r");
  if (!f)
    return dbf_fail(st, DBF_ERR_IO, "cannot open config file %s: %s", path, strerror(errno));
  char line[CONFIG_LINE_MAX];
  int lineno = 0;
  dbf_err rc = DBF_OK;
  while (fgets(line, sizeof line, f)) {
    lineno++;
    size_t len = strlen(line);
    while (len && (line[len - 1] == '\n' || line[len - 1] == '\r' || line[len - 1] == ' '))
      line[--len] = '\0';
    char *p = line;
    while (*p == ' ' || *p == '\t')
      p++;
    if (!*p || *p == '#')
      continue;
    char *eq = strchr(p, '=');
    if (!eq) {
      rc = dbf_fail(st, DBF_ERR_INVALID, "%s:%d: expected KEY=VALUE", path, lineno);
      break;
    }
    *eq = '\0';
    const key_spec *k = find_key(p);
    if (!k) {
      rc = dbf_fail(st, DBF_ERR_INVALID, "%s:%d: unknown setting %s", path, lineno, p);
      break;
    }
    if (getenv(k->name))
      continue; /* the environment wins */
    rc = set_key(cfg, k, eq + 1, st);
    if (rc)
      break;
  }
  fclose(f);
  return rc;
}

static long cores(void) {
  long n = sysconf(_SC_NPROCESSORS_ONLN);
  return n > 0 ? n : 1;
}

dbf_err dbf_config_load(dbf_config *cfg, dbf_status *st) {
  memset(cfg, 0, sizeof *cfg);
  cfg->drain_ms = -1; /* 0 is a valid setting: no drain window */
  dbf_err rc = DBF_OK;
  const char *path = getenv("DEBRIEF_CONFIG");
  if (path && *path) {
    rc = load_file(cfg, path, st);
    if (rc)
      goto out;
  }
  for (size_t i = 0; i < DBF_ARRAY_LEN(keys); i++) {
    const char *v = getenv(keys[i].name);
    if (v) {
      rc = set_key(cfg, &keys[i], v, st);
      if (rc)
        goto out;
    }
  }
  /* Defaults for what neither source set. */
  static const struct {
    size_t off;
    const char *val;
  } str_defaults[] = {
      {offsetof(dbf_config, grpc_addr), "127.0.0.1:50051"},
      {offsetof(dbf_config, http_addr), "127.0.0.1:8080"},
      {offsetof(dbf_config, jwt_alg), "HS256"},
      {offsetof(dbf_config, llm), "offline"},
      {offsetof(dbf_config, log_level), "info"},
#ifdef DBF_DEFAULT_DATA_DIR
      {offsetof(dbf_config, data_dir), DBF_DEFAULT_DATA_DIR},
#endif
  };
  for (size_t i = 0; i < DBF_ARRAY_LEN(str_defaults); i++) {
    char **slot = (char **)((char *)cfg + str_defaults[i].off);
    if (!*slot && !(*slot = dbf_strdup(str_defaults[i].val))) {
      rc = dbf_fail(st, DBF_ERR_NOMEM, "out of memory");
      goto out;
    }
  }
  if (!cfg->cq_threads)
    cfg->cq_threads = (int)cores();
  if (!cfg->worker_threads)
    cfg->worker_threads = cores() * 2 < 4 ? 4 : (int)(cores() * 2);
  if (!cfg->db_pool_size)
    cfg->db_pool_size = cfg->worker_threads;
  /* Integer settings left unset (0) take their documented default. The
   * transport's own limits (streams, metadata, keepalive) stay 0 here and
   * are defaulted by server/transport. */
  static const struct {
    size_t off;
    int val;
  } int_defaults[] = {
      {offsetof(dbf_config, max_message_bytes), 1024 * 1024},
      {offsetof(dbf_config, max_answer_chars), 8000},
      {offsetof(dbf_config, step_timeout_ms), 15000},
      {offsetof(dbf_config, llm_turn_budget_ms), 20000},
      {offsetof(dbf_config, commit_reserve_ms), 1500},
      {offsetof(dbf_config, llm_wait_threads), 64},
      {offsetof(dbf_config, max_streams_per_user), 16},
      {offsetof(dbf_config, jwt_leeway_s), 30},
      {offsetof(dbf_config, shutdown_grace_ms), 5000},
      {offsetof(dbf_config, analytics_fold_ms), 1000},
  };
  for (size_t i = 0; i < DBF_ARRAY_LEN(int_defaults); i++) {
    int *slot = (int *)((char *)cfg + int_defaults[i].off);
    if (!*slot)
      *slot = int_defaults[i].val;
  }
  if (cfg->drain_ms < 0)
    cfg->drain_ms = 2000;
  if (!cfg->session_timeout_s)
    cfg->session_timeout_s = 1800;
  if (!cfg->inactivity_warn_s)
    cfg->inactivity_warn_s = 600;
  if (strcmp(cfg->jwt_alg, "HS256") && strcmp(cfg->jwt_alg, "RS256")) {
    rc = dbf_fail(st, DBF_ERR_INVALID, "DEBRIEF_JWT_ALG must be HS256 or RS256, not '%s'",
                  cfg->jwt_alg);
    goto out;
  }
out:
  if (rc)
    dbf_config_free(cfg);
  return rc;
}

void dbf_config_free(dbf_config *cfg) {
  for (size_t i = 0; i < DBF_ARRAY_LEN(keys); i++)
    if (keys[i].kind == KIND_STR) {
      char **slot = (char **)((char *)cfg + keys[i].offset);
      dbf_free(*slot);
      *slot = NULL;
    }
}

const char *dbf_config_get(const char *name, void *cfg) {
  const key_spec *k = name ? find_key(name) : NULL;
  if (!k)
    return name ? getenv(name) : NULL; /* e.g. OPENAI_API_KEY: environment only */
  if (k->kind != KIND_STR)
    return NULL;
  return *(char **)((char *)cfg + k->offset);
}

dbf_err dbf_config_get_int(const char *(*get)(const char *name, void *arg), void *arg,
                           const char *name, int64_t min, int64_t max, int64_t *out,
                           dbf_status *st) {
  const char *v = get(name, arg);
  if (!v || !*v)
    return DBF_OK; /* keep the default */
  if (dbf_parse_i64(v, min, max, out) != DBF_OK)
    return dbf_fail(st, DBF_ERR_INVALID, "%s must be an integer in [%lld, %lld], got '%.60s'", name,
                    (long long)min, (long long)max, v);
  return DBF_OK;
}

bool dbf_addr_is_loopback(const char *addr) {
  if (!addr)
    return false;
  if (!strncmp(addr, "unix:", 5))
    return true;
  if (!strncmp(addr, "127.", 4) || !strncmp(addr, "localhost:", 10) || !strncmp(addr, "[::1]:", 6))
    return true;
  return false;
}
