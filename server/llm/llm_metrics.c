/*
 * llm_metrics.c - what the provider layer counts for the process's metrics
 * (core/metrics.h; every metric is in docs/operations.md): each model call
 * by provider and result, its duration and time to first token, and the
 * tokens the provider reported. Counted in finish() (llm.c), the one place
 * every call ends, on the loop thread: relaxed atomics only, no lock.
 */
#include <pthread.h>

#include "core/log.h"
#include "core/metrics.h"
#include "llm/llm_int.h"

#define PROVIDERS (DBF_LLM_GEMINI + 1)

static const double CALL_BUCKETS[] = {0.05, 0.1, 0.25, 0.5, 1, 2, 4, 8, 15, 30, 60, 120};
static const char *const DIRECTIONS[] = {"in", "out"};

static struct {
  pthread_once_t once;
  dbf_metric *calls, *seconds, *first_token, *tokens;
} m = {.once = PTHREAD_ONCE_INIT};

static void metrics_init(void) {
  static const char *providers[PROVIDERS], *results[DBF_LLM_E__COUNT];
  for (size_t i = 0; i < PROVIDERS; i++)
    providers[i] = dbf_llm_provider_name((dbf_llm_provider)i);
  for (size_t i = 0; i < DBF_LLM_E__COUNT; i++)
    results[i] = dbf_llm_error_name((dbf_llm_error)i);
  const dbf_metric_label by_provider = {"provider", providers, PROVIDERS};
  /* The two histograms differ only in name and help. */
  dbf_metric_desc seconds = {
      .name = "debrief_llm_call_duration_seconds",
      .help = "Time from a model call's start to its end, retries included, by provider.",
      .type = DBF_METRIC_HISTOGRAM,
      .labels = {by_provider},
      .nlabels = 1,
      .buckets = CALL_BUCKETS,
      .nbuckets = DBF_ARRAY_LEN(CALL_BUCKETS),
      .sparse = true,
  };
  dbf_metric_desc first = seconds;
  first.name = "debrief_llm_first_token_seconds";
  first.help = "Time from a model call's start to its first piece of text, by provider.";
  const struct {
    dbf_metric **out;
    dbf_metric_desc d;
  } fs[] = {
      {&m.calls,
       {.name = "debrief_llm_calls_total",
        .help = "Model calls that ended, by provider and result (ok, timeout, unavailable...).",
        .type = DBF_METRIC_COUNTER,
        .labels = {by_provider, {"result", results, DBF_LLM_E__COUNT}},
        .nlabels = 2,
        .sparse = true}},
      {&m.seconds, seconds},
      {&m.first_token, first},
      {&m.tokens,
       {.name = "debrief_llm_tokens_total",
        .help = "Tokens the providers reported, by provider and direction (in: prompt, out: "
                "generated).",
        .type = DBF_METRIC_COUNTER,
        .labels = {by_provider, {"direction", DIRECTIONS, 2}},
        .nlabels = 2,
        .sparse = true}},
  };
  for (size_t i = 0; i < DBF_ARRAY_LEN(fs); i++) {
    dbf_status st = {0};
    if (dbf_metrics_register(dbf_metrics_default(), &fs[i].d, fs[i].out, &st))
      dbf_log(DBF_LOG_WARN, "llm.metrics", "%s; model calls go uncounted there", st.msg);
  }
}

void dbf__llm_metrics_init(void) {
  pthread_once(&m.once, metrics_init);
}

void dbf__llm_count(const dbf_llm_result *r) {
  size_t p = (size_t)r->provider;
  dbf_metric_add(m.calls, p, (size_t)r->error, 1);
  dbf_metric_observe_us(m.seconds, p, 0, r->latency_ms > 0 ? (uint64_t)r->latency_ms * 1000 : 0);
  if (r->first_token_ms >= 0)
    dbf_metric_observe_us(m.first_token, p, 0, (uint64_t)r->first_token_ms * 1000);
  if (r->tokens_in > 0)
    dbf_metric_add(m.tokens, p, 0, r->tokens_in);
  if (r->tokens_out > 0)
    dbf_metric_add(m.tokens, p, 1, r->tokens_out);
}
