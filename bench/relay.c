/*
 * relay.c - bench_relay: how long a provider's delta takes to reach the
 * caller through the LLM layer (libcurl multi loop, SSE parser, provider
 * decoding, delta callback), p50/p99, against the fake provider.
 *
 * The fake writes each piece of text as the wall-clock nanoseconds of its
 * write; the receiver subtracts. The baseline is raw libcurl reading the
 * same stream with no parsing, measured in the same run, and the bench
 * prints the ratio. The gRPC hop (delta -> text_delta frame -> client) is
 * to be added when the interviewer is wired into the conversation.
 *
 *   bench_relay [calls] [deltas_per_call] [concurrency]   (defaults 60 20 8)
 */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <curl/curl.h>

#include "core/clock.h"
#include "core/alloc.h"
#include "core/buf.h"
#include "core/config.h"
#include "core/log.h"
#include "fake_llm.h"
#include "llm/llm.h"

typedef struct samples {
  pthread_mutex_t mu;
  double *v; /* microseconds */
  size_t n, cap;
} samples;

static int64_t now_ns(void) {
  struct timespec ts;
  clock_gettime(CLOCK_REALTIME, &ts);
  return (int64_t)ts.tv_sec * 1000000000 + ts.tv_nsec;
}

static void add_sample(samples *s, int64_t stamp) {
  double us = (double)(now_ns() - stamp) / 1000.0;
  pthread_mutex_lock(&s->mu);
  if (s->n < s->cap)
    s->v[s->n++] = us;
  pthread_mutex_unlock(&s->mu);
}

/* Parses every 19-digit stamp in text (the pieces are "<ns> "). */
static void stamps_in(samples *s, const char *text, size_t len) {
  for (size_t i = 0; i + 19 <= len; i++) {
    size_t j = i;
    while (j < len && j - i < 20 && text[j] >= '0' && text[j] <= '9')
      j++;
    if (j - i == 19) {
      char tmp[20];
      memcpy(tmp, text + i, 19);
      tmp[19] = '\0';
      int64_t v;
      if (dbf_parse_i64(tmp, 0, INT64_MAX, &v) == DBF_OK)
        add_sample(s, v);
      i = j;
    }
  }
}

static int cmp(const void *a, const void *b) {
  double x = *(const double *)a, y = *(const double *)b;
  return x < y ? -1 : x > y;
}

static double pct(samples *s, double p) {
  if (s->n == 0)
    return 0;
  qsort(s->v, s->n, sizeof(double), cmp);
  size_t i = (size_t)(p * (double)(s->n - 1));
  return s->v[i];
}

/* ---- through the layer ---- */

/* One argument serves both callbacks of a call. */
typedef struct done_ctx {
  pthread_mutex_t mu;
  pthread_cond_t cv;
  int done, failed;
  samples *s;
} done_ctx;

static void layer_delta(void *arg, const char *text, size_t len) {
  done_ctx *d = arg;
  stamps_in(d->s, text, len);
}

static void layer_done(void *arg, dbf_llm_result *r) {
  done_ctx *d = arg;
  pthread_mutex_lock(&d->mu);
  d->done++;
  d->failed += r->error != DBF_LLM_E_OK;
  pthread_cond_broadcast(&d->cv);
  pthread_mutex_unlock(&d->mu);
}

static int run_layer(dbf_llm *llm, int calls, int conc, samples *s) {
  dbf_llm_message m = {DBF_LLM_USER, "bench"};
  dbf_llm_request req = {.messages = &m, .n_messages = 1, .temperature = -1};
  done_ctx d = {.mu = PTHREAD_MUTEX_INITIALIZER, .cv = PTHREAD_COND_INITIALIZER, .s = s};
  dbf_status st = {0};
  int started = 0;
  pthread_mutex_lock(&d.mu);
  while (d.done < calls) {
    while (started < calls && started - d.done < conc) {
      pthread_mutex_unlock(&d.mu);
      req.deadline_ms = dbf_now_ms() + 30000;
      if (dbf_llm_start(llm, &req, layer_delta, layer_done, &d, NULL, &st) != DBF_OK)
        return -1;
      started++;
      pthread_mutex_lock(&d.mu);
    }
    if (d.done < calls)
      pthread_cond_wait(&d.cv, &d.mu);
  }
  pthread_mutex_unlock(&d.mu);
  return d.failed;
}

/* ---- raw curl baseline: one thread per connection, no SSE parsing ---- */

typedef struct raw_ctx {
  const char *url;
  const char *body;
  int calls;
  samples *s;
} raw_ctx;

static size_t raw_write(char *p, size_t sz, size_t n, void *ud) {
  stamps_in(ud, p, sz * n);
  return sz * n;
}

static void *raw_thread(void *arg) {
  raw_ctx *c = arg;
  CURL *e = curl_easy_init();
  struct curl_slist *h = curl_slist_append(NULL, "Content-Type: application/json");
  for (int i = 0; e && i < c->calls; i++) {
    curl_easy_setopt(e, CURLOPT_URL, c->url);
    curl_easy_setopt(e, CURLOPT_POSTFIELDS, c->body);
    curl_easy_setopt(e, CURLOPT_HTTPHEADER, h);
    curl_easy_setopt(e, CURLOPT_WRITEFUNCTION, raw_write);
    curl_easy_setopt(e, CURLOPT_WRITEDATA, c->s);
    curl_easy_setopt(e, CURLOPT_NOSIGNAL, 1L);
    curl_easy_perform(e);
  }
  curl_slist_free_all(h);
  curl_easy_cleanup(e);
  return NULL;
}

static void run_raw(const char *url, int calls, int conc, samples *s) {
  pthread_t th[64];
  raw_ctx rc[64];
  for (int i = 0; i < conc; i++) {
    rc[i] = (raw_ctx){url, "{\"model\": \"bench\", \"stream\": true}",
                      calls / conc + (i < calls % conc), s};
    pthread_create(&th[i], NULL, raw_thread, &rc[i]);
  }
  for (int i = 0; i < conc; i++)
    pthread_join(th[i], NULL);
}

static int arg_int(int argc, char **argv, int i, int def, int max) {
  int64_t v;
  if (argc > i && dbf_parse_i64(argv[i], 1, max, &v) == DBF_OK)
    return (int)v;
  return def;
}

int main(int argc, char **argv) {
  int calls = arg_int(argc, argv, 1, 60, 100000);
  int per = arg_int(argc, argv, 2, 20, 1000);
  int conc = arg_int(argc, argv, 3, 8, 64);
  dbf_alloc_install();
  dbf_log_init(DBF_LOG_ERROR, NULL);
  dbf_fake_llm fake;
  if (dbf_fake_llm_start(&fake, DBF_PYTHON, DBF_SOURCE_DIR "/tests/fake_llm/fake_llm.py") != 0) {
    fprintf(stderr, "bench_relay: cannot start the fake provider\n");
    return 1;
  }
  /* Every piece is a stamp; 2 ms apart so each delta is measured on its own. */
  dbf_buf text;
  dbf_buf_init(&text, 1 << 20);
  for (int i = 0; i < per; i++)
    dbf_buf_appends(&text, "@STAMP@ ");
  dbf_buf spec;
  dbf_buf_init(&spec, 1 << 20);
  dbf_buf_printf(&spec, "{\"default\": {\"fault\": \"none\", \"text\": \"%s\", \"delay_ms\": 2}}",
                 text.data);
  dbf_fake_llm_post(&fake, "/_script", spec.data);

  size_t cap = (size_t)calls * (size_t)per + 16;
  samples layer = {
      .mu = PTHREAD_MUTEX_INITIALIZER, .v = dbf_calloc(cap, sizeof(double)), .cap = cap};
  samples raw = {.mu = PTHREAD_MUTEX_INITIALIZER, .v = dbf_calloc(cap, sizeof(double)), .cap = cap};
  char base[128], url[160];
  snprintf(base, sizeof(base), "%s/v1", fake.base);
  snprintf(url, sizeof(url), "%s/v1/chat/completions", fake.base);
  dbf_llm_config cfg = {.provider = DBF_LLM_OPENAI,
                        .base_url = base,
                        .model = "bench",
                        .timeout_ms = 30000,
                        .first_token_timeout_ms = 10000,
                        .stall_s = 10,
                        .max_tokens = 64,
                        .temperature = 0,
                        .max_retries = 0,
                        .max_event_bytes = 1 << 20,
                        .max_response_bytes = 8 << 20,
                        .max_text_bytes = 1 << 20,
                        .backoff_base_ms = 10,
                        .backoff_max_ms = 10};
  dbf_llm *llm = NULL;
  dbf_status st = {0};
  if (dbf_llm_create(&cfg, &llm, &st) != DBF_OK) {
    fprintf(stderr, "bench_relay: %s\n", st.msg);
    return 1;
  }
  run_raw(url, conc, conc, &raw); /* warm-up */
  raw.n = 0;
  run_raw(url, calls, conc, &raw);
  int failed = run_layer(llm, calls, conc, &layer);
  dbf_llm_destroy(llm);
  dbf_fake_llm_stop(&fake);

  double rp50 = pct(&raw, 0.50), rp99 = pct(&raw, 0.99);
  double lp50 = pct(&layer, 0.50), lp99 = pct(&layer, 0.99);
  printf("bench_relay: %d calls x %d deltas, %d concurrent, fake provider on loopback\n", calls,
         per, conc);
  printf("  %-28s %8s %10s %10s\n", "path", "deltas", "p50 us", "p99 us");
  printf("  %-28s %8zu %10.0f %10.0f\n", "raw curl (baseline)", raw.n, rp50, rp99);
  printf("  %-28s %8zu %10.0f %10.0f\n", "llm layer (multi+sse+json)", layer.n, lp50, lp99);
  printf("  ratio layer/baseline: p50 %.2fx, p99 %.2fx%s\n", rp50 > 0 ? lp50 / rp50 : 0,
         rp99 > 0 ? lp99 / rp99 : 0, failed ? "  (some calls failed)" : "");
  dbf_free(layer.v);
  dbf_free(raw.v);
  dbf_buf_free(&text);
  dbf_buf_free(&spec);
  return failed ? 1 : 0;
}
