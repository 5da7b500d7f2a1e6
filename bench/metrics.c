/*
 * metrics.c - bench_metrics: what the metrics registry (server/core/metrics.h)
 * costs on a call's path and on a scrape, in a registry shaped like the
 * server's: calls by 36 method values x 17 codes, and a histogram of 12
 * buckets by method x outcome.
 *
 *   build/bench/bench_metrics [--ops N]
 *
 * Prints nanoseconds per histogram observation and per counter add, from
 * one thread and from two threads on the same series (the worst case: one
 * hot method) and on different series, next to one clock_gettime (which
 * the transport already pays per call) as a yardstick; then the time and
 * size of rendering a typical scrape (60 method-code pairs that moved) and
 * the worst (every method with every code). Bounded: N operations per thread
 * (default 5,000,000), a few seconds in all.
 */
#include <inttypes.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "core/metrics.h"

#define METHODS 36
#define CODES   17

static const double BUCKETS[] = {0.001, 0.0025, 0.005, 0.01, 0.025, 0.05,
                                 0.1,   0.25,   0.5,   1,    2.5,   10};

static double now_s(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

typedef struct worker {
  dbf_metric *m;
  size_t series; /* the method index every operation uses */
  long ops;
  int kind; /* 0 observe, 1 counter add, 2 clock_gettime */
  double seconds;
} worker;

static void *run(void *arg) {
  worker *w = arg;
  struct timespec ts;
  double t0 = now_s();
  for (long i = 0; i < w->ops; i++) {
    if (w->kind == 0)
      dbf_metric_observe_us(w->m, w->series, (size_t)(i & 1), (uint64_t)(i & 4095) * 10);
    else if (w->kind == 1)
      dbf_metric_add(w->m, w->series, (size_t)(i & 1), 1);
    else
      clock_gettime(CLOCK_MONOTONIC, &ts);
  }
  w->seconds = now_s() - t0;
  return NULL;
}

/* ns per operation with n threads; same: every thread on series 0. */
static double measure(dbf_metric *m, int kind, int n, int same, long ops) {
  pthread_t t[2];
  worker w[2];
  for (int i = 0; i < n; i++) {
    w[i] = (worker){.m = m, .series = same ? 0 : (size_t)i * 7, .ops = ops, .kind = kind};
    pthread_create(&t[i], NULL, run, &w[i]);
  }
  double worst = 0;
  for (int i = 0; i < n; i++) {
    pthread_join(t[i], NULL);
    if (w[i].seconds > worst)
      worst = w[i].seconds;
  }
  return worst * 1e9 / (double)ops;
}

static void render(dbf_metrics *r, const char *what) {
  dbf_buf b;
  int rounds = 200;
  size_t len = 0;
  double t0 = now_s();
  for (int i = 0; i < rounds; i++) {
    dbf_buf_init(&b, 64u << 20);
    if (dbf_metrics_render(r, &b) != DBF_OK) {
      fprintf(stderr, "bench_metrics: render failed\n");
      exit(1);
    }
    len = b.len;
    dbf_buf_free(&b);
  }
  printf("render %-28s %8.1f us  %8zu bytes\n", what, (now_s() - t0) * 1e6 / rounds, len);
}

int main(int argc, char **argv) {
  long ops = 5000000;
  if (argc == 3 && !strcmp(argv[1], "--ops"))
    ops = strtol(argv[2], NULL, 10);
  if (ops < 1000 || ops > 100000000) {
    fprintf(stderr, "usage: bench_metrics [--ops 1000..100000000]\n");
    return 2;
  }
  /* Names as long as the server's ("debrief.v1.SessionService/GetSessionHistory"). */
  static char names[METHODS][64];
  static const char *methods[METHODS];
  static char code_names[CODES][24];
  static const char *codes[CODES];
  for (int i = 0; i < CODES; i++) { /* as long as the status names, 13 bytes on average */
    snprintf(code_names[i], sizeof code_names[i], "STATUS_NAME_%d", i);
    codes[i] = code_names[i];
  }
  for (int i = 0; i < METHODS; i++) {
    snprintf(names[i], sizeof names[i], "debrief.v1.Service%02dService/Method%02d", i / 6, i);
    methods[i] = names[i];
  }
  static const char *const outcomes[] = {"ok", "error"};
  dbf_metric_desc hist = {.name = "debrief_rpc_duration_seconds",
                          .help = "h",
                          .type = DBF_METRIC_HISTOGRAM,
                          .labels = {{"method", methods, METHODS}, {"outcome", outcomes, 2}},
                          .nlabels = 2,
                          .buckets = BUCKETS,
                          .nbuckets = DBF_ARRAY_LEN(BUCKETS),
                          .sparse = true};
  dbf_metric_desc count = {.name = "debrief_rpc_handled_total",
                           .help = "h",
                           .type = DBF_METRIC_COUNTER,
                           .labels = {{"method", methods, METHODS}, {"code", codes, CODES}},
                           .nlabels = 2,
                           .sparse = true};
  dbf_metrics *r = dbf_metrics_new();
  dbf_metric *h = NULL, *c = NULL;
  dbf_status st = {0};
  if (!r || dbf_metrics_register(r, &hist, &h, &st) || dbf_metrics_register(r, &count, &c, &st)) {
    fprintf(stderr, "bench_metrics: %s\n", st.msg);
    return 1;
  }
  printf("# bench_metrics: %ld operations per thread\n", ops);
  printf("%-36s %10s\n", "operation", "ns/op");
  printf("%-36s %10.1f\n", "clock_gettime (yardstick)", measure(NULL, 2, 1, 1, ops));
  printf("%-36s %10.1f\n", "observe, 1 thread", measure(h, 0, 1, 1, ops));
  printf("%-36s %10.1f\n", "observe, 2 threads, same series", measure(h, 0, 2, 1, ops));
  printf("%-36s %10.1f\n", "observe, 2 threads, other series", measure(h, 0, 2, 0, ops));
  printf("%-36s %10.1f\n", "counter add, 1 thread", measure(c, 1, 1, 1, ops));
  printf("%-36s %10.1f\n", "counter add, 2 threads, same series", measure(c, 1, 2, 1, ops));

  /* Fresh families of the same shape for the scrapes: 60 (method, code) pairs that moved,
     then every pair. A call counts in both, as the transport does. */
  dbf_metrics *s = dbf_metrics_new();
  if (!s || dbf_metrics_register(s, &count, &c, &st) || dbf_metrics_register(s, &hist, &h, &st)) {
    fprintf(stderr, "bench_metrics: %s\n", st.msg);
    return 1;
  }
  for (int i = 0; i < 60; i++) {
    size_t method = (size_t)(i % METHODS), code = (size_t)(i / METHODS) * 5;
    dbf_metric_add(c, method, code, 1);
    dbf_metric_observe_us(h, method, code ? 1 : 0, 1000);
  }
  render(s, "typical (60 pairs)");
  for (int i = 0; i < METHODS; i++)
    for (int j = 0; j < CODES; j++) {
      dbf_metric_add(c, (size_t)i, (size_t)j, 1);
      dbf_metric_observe_us(h, (size_t)i, j ? 1 : 0, 1000);
    }
  render(s, "worst (36 x 17 pairs)");
  dbf_metrics_free(s);
  dbf_metrics_free(r);
  return 0;
}
