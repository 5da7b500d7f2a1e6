/*
 * ops_service.c - debrief.v1.OpsService: the operations endpoints of one
 * instance, for the admin role only (docs/operations.md).
 *
 * GetMetrics renders the process's metrics registry (core/metrics.h). Most
 * series are counted where things happen: the transport counts every call
 * and stream, the llm layer every model call, the notification hub every
 * delivery. What another layer already keeps under its own lock (the
 * database pool's figures, the token cache's hits) is copied into this
 * file's series when a scrape asks, so those paths do no extra work. The
 * answers the offline engine took over from a configured model are counted
 * here, for conversation_service.c (service/ops.h).
 */
#include <stdio.h>
#include <string.h>

#include "core/clock.h"
#include "core/log.h"
#include "core/metrics.h"
#include "debrief/v1/ops_service.pb-c.h"
#include "service/app.h"
#include "service/ops.h"
#include "service/services.h"
#include "service/validate.h"
#include "store/store.h"

#define TEXT_MIN_BYTES (64u << 10) /* the cap of a scrape's text when messages are tiny */
#define PROVIDERS      4           /* dbf_llm_provider: offline, openai, anthropic, gemini */

/* Written by dbf_ops_service_register before the server starts; read by workers after. */
static struct {
  dbf_metric *pool_size, *pool_in_use, *pool_waiters, *pool_waits, *pool_wait_s, *connects,
      *connect_errors, *tx_retries, *token_cache, *fallbacks, *started;
} ops;

static const char *const FALLBACK_REASONS[] = {
    [DBF_OPS_FALLBACK_MODEL_FAILED] = "model_failed",
    [DBF_OPS_FALLBACK_NO_TIME] = "no_time",
    [DBF_OPS_FALLBACK_LANE_FULL] = "lane_full",
};
static const char *const CACHE_RESULTS[] = {"hit", "miss"};

void dbf_ops_count_fallback(const dbf_app *app, dbf_ops_fallback why) {
  const dbf_llm_config *c = app->llm ? dbf_llm_get_config(app->llm) : NULL;
  dbf_metric_add(ops.fallbacks, c ? (size_t)c->provider : 0, (size_t)why, 1);
}

/* Copies what the pool and the token cache count into their series. */
static void refresh(dbf_app *app) {
  dbf_store_stats s;
  dbf_store_get_stats(app->store, &s);
  dbf_metric_set(ops.pool_size, 0, 0, s.size);
  dbf_metric_set(ops.pool_in_use, 0, 0, s.in_use);
  dbf_metric_set(ops.pool_waiters, 0, 0, s.waiters);
  dbf_metric_set(ops.pool_waits, 0, 0, (int64_t)s.waits);
  dbf_metric_set(ops.pool_wait_s, 0, 0, (int64_t)s.wait_us);
  dbf_metric_set(ops.connects, 0, 0, (int64_t)s.connects);
  dbf_metric_set(ops.connect_errors, 0, 0, (int64_t)s.connect_errors);
  dbf_metric_set(ops.tx_retries, 0, 0, (int64_t)s.tx_retries);
  uint64_t hits = 0, misses = 0;
  dbf_auth_cache_stats(app->auth, &hits, &misses);
  dbf_metric_set(ops.token_cache, 0, 0, (int64_t)hits);
  dbf_metric_set(ops.token_cache, 1, 0, (int64_t)misses);
}

static dbf_err get_metrics(dbf_call *call, const ProtobufCMessage *req, ProtobufCMessage **resp,
                           dbf_status *st) {
  (void)req;
  dbf_app *app = dbf_service_app(call);
  refresh(app);
  /* The text must fit in one response message. */
  size_t cap = app->cfg->max_message_bytes > (int)(2 * TEXT_MIN_BYTES)
                   ? (size_t)app->cfg->max_message_bytes - TEXT_MIN_BYTES
                   : TEXT_MIN_BYTES;
  dbf_buf text;
  dbf_buf_init(&text, cap);
  dbf_err rc = dbf_metrics_render(dbf_metrics_default(), &text);
  Debrief__V1__GetMetricsResponse *r = NULL;
  if (rc == DBF_ERR_TOO_BIG) {
    rc =
        dbf_fail(st, DBF_ERR_TOO_BIG,
                 "the metrics text is larger than %zu bytes; raise DEBRIEF_MAX_MESSAGE_BYTES", cap);
    goto out;
  }
  r = rc ? NULL : dbf_arena_alloc(dbf_call_arena(call), sizeof *r);
  if (!r) {
    rc = dbf_svc_nomem(st);
    goto out;
  }
  debrief__v1__get_metrics_response__init(r);
  r->text = dbf_arena_strndup(dbf_call_arena(call), text.data ? text.data : "", text.len);
  if (!r->text) {
    rc = dbf_svc_nomem(st);
    goto out;
  }
  *resp = &r->base;
out:
  dbf_buf_free(&text);
  return rc;
}

/* ---- registration ---- */

/* A family without labels. */
typedef struct plain {
  dbf_metric **out;
  const char *name;
  dbf_metric_type type;
  bool us; /* a counter of microseconds, printed as seconds */
  const char *help;
} plain;

static const plain PLAIN[] = {
    {&ops.started, "debrief_server_start_time_seconds", DBF_METRIC_GAUGE, false,
     "When this server process started, in seconds since the Unix epoch."},
    {&ops.pool_size, "debrief_db_pool_size", DBF_METRIC_GAUGE, false,
     "Connections the database pool may hold (DEBRIEF_DB_POOL_SIZE)."},
    {&ops.pool_in_use, "debrief_db_pool_in_use", DBF_METRIC_GAUGE, false,
     "Pool connections held by a transaction or read now."},
    {&ops.pool_waiters, "debrief_db_pool_waiters", DBF_METRIC_GAUGE, false,
     "Callers waiting now for a free pool connection."},
    {&ops.pool_waits, "debrief_db_pool_waits_total", DBF_METRIC_COUNTER, false,
     "Acquisitions that found every pool connection busy and waited."},
    {&ops.pool_wait_s, "debrief_db_pool_wait_seconds_total", DBF_METRIC_COUNTER, true,
     "Time spent waiting for a free pool connection, in total."},
    {&ops.connects, "debrief_db_connects_total", DBF_METRIC_COUNTER, false,
     "Database connections the pool opened, the first included."},
    {&ops.connect_errors, "debrief_db_connect_errors_total", DBF_METRIC_COUNTER, false,
     "Failed attempts to open a database connection."},
    {&ops.tx_retries, "debrief_db_tx_retries_total", DBF_METRIC_COUNTER, false,
     "Transactions run again after a serialization failure, deadlock or lost connection."},
};

static dbf_err register_families(dbf_status *st) {
  dbf_metrics *r = dbf_metrics_default();
  dbf_err rc = DBF_OK;
  for (size_t i = 0; i < DBF_ARRAY_LEN(PLAIN) && !rc; i++) {
    const dbf_metric_desc d = {.name = PLAIN[i].name,
                               .help = PLAIN[i].help,
                               .type = PLAIN[i].type,
                               .us_as_seconds = PLAIN[i].us};
    rc = dbf_metrics_register(r, &d, PLAIN[i].out, st);
  }
  static const char *providers[PROVIDERS];
  for (size_t i = 0; i < PROVIDERS; i++)
    providers[i] = dbf_llm_provider_name((dbf_llm_provider)i);
  const dbf_metric_desc cache = {
      .name = "debrief_auth_token_cache_total",
      .help = "Bearer token verifications answered by the token cache (hit) or not (miss).",
      .type = DBF_METRIC_COUNTER,
      .labels = {{"result", CACHE_RESULTS, DBF_ARRAY_LEN(CACHE_RESULTS)}},
      .nlabels = 1,
  };
  const dbf_metric_desc fallbacks = {
      .name = "debrief_llm_fallbacks_total",
      .help = "Answers the offline engine took over although a model is configured, by "
              "provider and reason.",
      .type = DBF_METRIC_COUNTER,
      .labels = {{"provider", providers, PROVIDERS},
                 {"reason", FALLBACK_REASONS, DBF_ARRAY_LEN(FALLBACK_REASONS)}},
      .nlabels = 2,
      .sparse = true,
  };
  if (!rc)
    rc = dbf_metrics_register(r, &cache, &ops.token_cache, st);
  if (!rc)
    rc = dbf_metrics_register(r, &fallbacks, &ops.fallbacks, st);
  if (!rc)
    dbf_metric_set(ops.started, 0, 0, dbf_now_ms() / 1000);
  return rc;
}

/* Not const: register stores the app in .data. */
static dbf_method ops_methods[] = {
    {
        .path = "/debrief.v1.OpsService/GetMetrics",
        .kind = DBF_RPC_UNARY,
        .request = &debrief__v1__get_metrics_request__descriptor,
        .response = &debrief__v1__get_metrics_response__descriptor,
        .unary = get_metrics,
        /* Every caller's method names, statuses and volumes: operators only. */
        .policy = DBF_POLICY_ADMIN,
    },
};

dbf_err dbf_ops_service_register(dbf_app *app, dbf_server *srv, dbf_status *st) {
  dbf_err rc = register_families(st);
  if (rc)
    return rc;
  for (size_t i = 0; i < DBF_ARRAY_LEN(ops_methods); i++)
    ops_methods[i].data = app;
  return dbf_server_add_methods(srv, ops_methods, DBF_ARRAY_LEN(ops_methods), st);
}
