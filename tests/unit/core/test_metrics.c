/*
 * test_metrics.c - server/core/metrics.c: registration and its checks, the
 * exact exposition text (histogram buckets, escaping, sparse families),
 * updates from many threads while a scrape renders (run under TSan in CI),
 * and out-of-memory during registration.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "core/alloc.h"
#include "core/metrics.h"

static const char *const METHODS[] = {"a.S/Get", "a.S/List"};
static const char *const CODES[] = {"OK", "NOT_FOUND", "INTERNAL"};
static const double BUCKETS[] = {0.001, 0.0025, 0.5, 30};

static dbf_metric *reg(dbf_metrics *r, const dbf_metric_desc *d) {
  dbf_metric *m = NULL;
  dbf_status st = {0};
  assert_int_equal(dbf_metrics_register(r, d, &m, &st), DBF_OK);
  assert_non_null(m);
  return m;
}

static char *render(dbf_metrics *r, dbf_buf *b) {
  dbf_buf_init(b, 1 << 20);
  assert_int_equal(dbf_metrics_render(r, b), DBF_OK);
  return b->data ? b->data : "";
}

static void test_counter_gauge_text(void **state) {
  (void)state;
  dbf_metrics *r = dbf_metrics_new();
  assert_non_null(r);
  dbf_metric *up =
      reg(r, &(dbf_metric_desc){.name = "x_up", .help = "Up.", .type = DBF_METRIC_GAUGE});
  dbf_metric *calls =
      reg(r, &(dbf_metric_desc){.name = "x_calls_total",
                                .help = "Calls.",
                                .type = DBF_METRIC_COUNTER,
                                .labels = {{"method", METHODS, 2}, {"code", CODES, 3}},
                                .nlabels = 2,
                                .sparse = true});
  dbf_metric *open = reg(r, &(dbf_metric_desc){.name = "x_open",
                                               .help = "Open.",
                                               .type = DBF_METRIC_GAUGE,
                                               .labels = {{"method", METHODS, 2}},
                                               .nlabels = 1});
  dbf_metric *waited = reg(r, &(dbf_metric_desc){.name = "x_wait_seconds_total",
                                                 .help = "W.",
                                                 .type = DBF_METRIC_COUNTER,
                                                 .us_as_seconds = true});
  dbf_metric_add(waited, 0, 0, 2500001);
  dbf_metric_set(up, 0, 0, 1);
  dbf_metric_add(calls, 0, 0, 2);
  dbf_metric_add(calls, 1, 2, 1);
  dbf_metric_add(open, 1, 0, 3);
  dbf_metric_add(open, 1, 0, -4);
  /* Out of range and NULL are ignored, not a crash. */
  dbf_metric_add(calls, 2, 0, 1);
  dbf_metric_add(calls, 0, 3, 1);
  dbf_metric_add(NULL, 0, 0, 1);
  dbf_metric_observe_us(calls, 0, 0, 5); /* not a histogram */
  dbf_buf b;
  assert_string_equal(render(r, &b), "# HELP x_up Up.\n"
                                     "# TYPE x_up gauge\n"
                                     "x_up 1\n"
                                     "# HELP x_calls_total Calls.\n"
                                     "# TYPE x_calls_total counter\n"
                                     "x_calls_total{method=\"a.S/Get\",code=\"OK\"} 2\n"
                                     "x_calls_total{method=\"a.S/List\",code=\"INTERNAL\"} 1\n"
                                     "# HELP x_open Open.\n"
                                     "# TYPE x_open gauge\n"
                                     "x_open{method=\"a.S/Get\"} 0\n"
                                     "x_open{method=\"a.S/List\"} -1\n"
                                     "# HELP x_wait_seconds_total W.\n"
                                     "# TYPE x_wait_seconds_total counter\n"
                                     "x_wait_seconds_total 2.500001\n");
  assert_int_equal(dbf_metric_get(calls, 0, 0), 2);
  assert_int_equal(dbf_metric_get(open, 1, 0), -1);
  assert_int_equal(dbf_metric_get(open, 5, 0), 0);
  assert_int_equal(dbf_metric_index(calls, 1, "INTERNAL"), 2);
  assert_int_equal(dbf_metric_index(calls, 1, "nope"), SIZE_MAX);
  assert_int_equal(dbf_metric_index(calls, 2, "OK"), SIZE_MAX);
  dbf_buf_free(&b);
  dbf_metrics_free(r);
}

static void test_histogram_buckets(void **state) {
  (void)state;
  dbf_metrics *r = dbf_metrics_new();
  dbf_metric *h = reg(r, &(dbf_metric_desc){.name = "x_seconds",
                                            .help = "Time.",
                                            .type = DBF_METRIC_HISTOGRAM,
                                            .labels = {{"method", METHODS, 2}},
                                            .nlabels = 1,
                                            .buckets = BUCKETS,
                                            .nbuckets = 4,
                                            .sparse = true});
  /* A bound is inclusive: exactly 1 ms is in le="0.001"; 1.001 ms is not. */
  dbf_metric_observe_us(h, 1, 0, 1000);
  dbf_metric_observe_us(h, 1, 0, 1001);
  dbf_metric_observe_us(h, 1, 0, 0);
  dbf_metric_observe_us(h, 1, 0, 500000);
  dbf_metric_observe_us(h, 1, 0, 90000000); /* 90 s: only +Inf */
  dbf_buf b;
  assert_string_equal(render(r, &b), "# HELP x_seconds Time.\n"
                                     "# TYPE x_seconds histogram\n"
                                     "x_seconds_bucket{method=\"a.S/List\",le=\"0.001\"} 2\n"
                                     "x_seconds_bucket{method=\"a.S/List\",le=\"0.0025\"} 3\n"
                                     "x_seconds_bucket{method=\"a.S/List\",le=\"0.5\"} 4\n"
                                     "x_seconds_bucket{method=\"a.S/List\",le=\"30\"} 4\n"
                                     "x_seconds_bucket{method=\"a.S/List\",le=\"+Inf\"} 5\n"
                                     "x_seconds_sum{method=\"a.S/List\"} 90.502001\n"
                                     "x_seconds_count{method=\"a.S/List\"} 5\n");
  assert_int_equal(dbf_metric_get(h, 1, 0), 5);
  assert_int_equal(dbf_metric_get(h, 0, 0), 0);
  dbf_buf_free(&b);
  /* Without labels and not sparse: the empty series is shown, with no braces but le's. */
  dbf_metric *lag = reg(r, &(dbf_metric_desc){.name = "y_seconds",
                                              .help = "Lag.",
                                              .type = DBF_METRIC_HISTOGRAM,
                                              .buckets = BUCKETS + 3,
                                              .nbuckets = 1});
  (void)lag;
  render(r, &b);
  assert_non_null(strstr(b.data, "y_seconds_bucket{le=\"30\"} 0\n"
                                 "y_seconds_bucket{le=\"+Inf\"} 0\n"
                                 "y_seconds_sum 0\n"
                                 "y_seconds_count 0\n"));
  dbf_buf_free(&b);
  dbf_metrics_free(r);
}

static void test_escaping(void **state) {
  (void)state;
  dbf_metrics *r = dbf_metrics_new();
  static const char *const odd[] = {"say \"hi\"", "back\\slash", "two\nlines", "é"};
  dbf_metric *m = reg(r, &(dbf_metric_desc){.name = "odd:total",
                                            .help = "A \\ and a\nnewline.",
                                            .type = DBF_METRIC_COUNTER,
                                            .labels = {{"v", odd, 4}},
                                            .nlabels = 1});
  for (size_t i = 0; i < 4; i++)
    dbf_metric_add(m, i, 0, (int64_t)i);
  dbf_buf b;
  assert_string_equal(render(r, &b), "# HELP odd:total A \\\\ and a\\nnewline.\n"
                                     "# TYPE odd:total counter\n"
                                     "odd:total{v=\"say \\\"hi\\\"\"} 0\n"
                                     "odd:total{v=\"back\\\\slash\"} 1\n"
                                     "odd:total{v=\"two\\nlines\"} 2\n"
                                     "odd:total{v=\"é\"} 3\n");
  dbf_buf_free(&b);
  /* A full buffer is an error, never a silently cut scrape. */
  dbf_buf small;
  dbf_buf_init(&small, 40);
  assert_int_equal(dbf_metrics_render(r, &small), DBF_ERR_TOO_BIG);
  dbf_buf_free(&small);
  dbf_metrics_free(r);
}

static dbf_err try_reg(dbf_metrics *r, dbf_metric_desc d) {
  dbf_metric *m = (dbf_metric *)&m;
  dbf_status st = {0};
  dbf_err rc = dbf_metrics_register(r, &d, &m, &st);
  if (rc) {
    assert_null(m);
    assert_int_equal(st.code, rc);
    assert_true(st.msg[0] != '\0');
  }
  return rc;
}

static void test_register_checks(void **state) {
  (void)state;
  dbf_metrics *r = dbf_metrics_new();
  static const char *const dup[] = {"a", "a"};
  static const char *const bad_utf8[] = {"\xc0\x80"};
  static const double down[] = {1, 0.5};
  static const double near[] = {1, 1.0000001};
  static const double *none = NULL;
  dbf_metric_desc ok = {.name = "ok_total",
                        .help = "h",
                        .type = DBF_METRIC_COUNTER,
                        .labels = {{"code", CODES, 3}},
                        .nlabels = 1};
  assert_int_equal(try_reg(r, ok), DBF_OK);
  dbf_metric_desc d = ok;
  d.name = "9lives";
  assert_int_equal(try_reg(r, d), DBF_ERR_INVALID);
  d.name = "has-dash";
  assert_int_equal(try_reg(r, d), DBF_ERR_INVALID);
  d = ok;
  d.labels[0].name = "__reserved";
  assert_int_equal(try_reg(r, d), DBF_ERR_INVALID);
  d = ok;
  d.labels[0].name = "a:b"; /* colons are for metric names only */
  assert_int_equal(try_reg(r, d), DBF_ERR_INVALID);
  d = ok;
  d.labels[0] = (dbf_metric_label){"v", dup, 2};
  assert_int_equal(try_reg(r, d), DBF_ERR_INVALID);
  d.labels[0] = (dbf_metric_label){"v", bad_utf8, 1};
  assert_int_equal(try_reg(r, d), DBF_ERR_INVALID);
  d.labels[0] = (dbf_metric_label){"v", CODES, 0};
  assert_int_equal(try_reg(r, d), DBF_ERR_INVALID);
  d = ok;
  d.labels[1] = d.labels[0];
  d.nlabels = 2;
  assert_int_equal(try_reg(r, d), DBF_ERR_INVALID); /* the same label twice */
  d = ok;
  d.type = DBF_METRIC_GAUGE;
  d.name = "g";
  d.sparse = true;
  assert_int_equal(try_reg(r, d), DBF_ERR_INVALID);
  d.sparse = false;
  d.us_as_seconds = true;
  assert_int_equal(try_reg(r, d), DBF_ERR_INVALID);
  d = (dbf_metric_desc){.name = "h",
                        .type = DBF_METRIC_HISTOGRAM,
                        .labels = {{"le", CODES, 3}},
                        .nlabels = 1,
                        .buckets = BUCKETS,
                        .nbuckets = 4};
  assert_int_equal(try_reg(r, d), DBF_ERR_INVALID);
  d.nlabels = 0;
  d.buckets = down;
  d.nbuckets = 2;
  assert_int_equal(try_reg(r, d), DBF_ERR_INVALID);
  d.buckets = near;
  assert_int_equal(try_reg(r, d), DBF_ERR_INVALID);
  d.buckets = none;
  assert_int_equal(try_reg(r, d), DBF_ERR_INVALID);
  d.buckets = BUCKETS;
  d.nbuckets = DBF_METRIC_MAX_BUCKETS + 1;
  assert_int_equal(try_reg(r, d), DBF_ERR_INVALID);
  /* Too many series: 512 x 512. */
  static const char *many[DBF_METRIC_MAX_VALUES];
  static char names[DBF_METRIC_MAX_VALUES][8];
  for (size_t i = 0; i < DBF_METRIC_MAX_VALUES; i++) {
    snprintf(names[i], sizeof names[i], "v%zu", i);
    many[i] = names[i];
  }
  d = (dbf_metric_desc){
      .name = "wide",
      .type = DBF_METRIC_GAUGE,
      .labels = {{"a", many, DBF_METRIC_MAX_VALUES}, {"b", many, DBF_METRIC_MAX_VALUES}},
      .nlabels = 2};
  assert_int_equal(try_reg(r, d), DBF_ERR_INVALID);
  /* The same family again is the same family; another shape under its name is refused. */
  dbf_metric *a = reg(r, &ok), *b = reg(r, &ok);
  assert_ptr_equal(a, b);
  assert_ptr_equal(dbf_metrics_find(r, "ok_total"), a);
  assert_null(dbf_metrics_find(r, "ok"));
  d = ok;
  d.labels[0].n = 2;
  assert_int_equal(try_reg(r, d), DBF_ERR_EXISTS);
  d = ok;
  d.type = DBF_METRIC_GAUGE;
  assert_int_equal(try_reg(r, d), DBF_ERR_EXISTS);
  dbf_metrics_free(r);
  assert_ptr_equal(dbf_metrics_default(), dbf_metrics_default());
}

static void test_register_out_of_memory(void **state) {
  (void)state;
  static const double b[] = {0.1, 1};
  dbf_metric_desc d = {.name = "oom_seconds",
                       .help = "h \\ \n",
                       .type = DBF_METRIC_HISTOGRAM,
                       .labels = {{"method", METHODS, 2}, {"code", CODES, 3}},
                       .nlabels = 2,
                       .buckets = b,
                       .nbuckets = 2};
  for (long n = 0;; n++) {
    dbf_metrics *r = dbf_metrics_new();
    assert_non_null(r);
    dbf_metric *m = NULL;
    dbf_status st = {0};
    dbf_alloc_fail_after(n);
    dbf_err rc = dbf_metrics_register(r, &d, &m, &st);
    dbf_alloc_fail_after(-1);
    dbf_metrics_free(r); /* whatever happened, nothing leaks (ASan) */
    if (rc == DBF_OK)
      break;
    assert_int_equal(rc, DBF_ERR_NOMEM);
    assert_true(n < 1000);
  }
}

/* ---- many threads, one scrape loop ---- */

#define THREADS 4
#define ROUNDS  20000

typedef struct hammer {
  dbf_metric *calls, *open, *secs;
  size_t id;
} hammer;

static void *hammer_main(void *arg) {
  hammer *h = arg;
  for (size_t n = 0; n < ROUNDS; n++) {
    dbf_metric_add(h->calls, h->id % 2, n % 3, 1);
    dbf_metric_add(h->open, 0, 0, 1);
    dbf_metric_observe_us(h->secs, h->id % 2, 0, n % 3000);
    dbf_metric_add(h->open, 0, 0, -1);
  }
  return NULL;
}

typedef struct scraper {
  dbf_metrics *r;
  _Atomic int stop;
  size_t scrapes, failures; /* cmocka's asserts are for the main thread */
} scraper;

static void *scrape_main(void *arg) {
  scraper *s = arg;
  while (!atomic_load(&s->stop)) {
    dbf_buf b;
    dbf_buf_init(&b, 1 << 20);
    if (dbf_metrics_render(s->r, &b) != DBF_OK)
      s->failures++;
    dbf_buf_free(&b);
    s->scrapes++;
  }
  return NULL;
}

static void test_concurrent_updates(void **state) {
  (void)state;
  dbf_metrics *r = dbf_metrics_new();
  hammer hs[THREADS];
  dbf_metric *calls = reg(r, &(dbf_metric_desc){.name = "c_total",
                                                .type = DBF_METRIC_COUNTER,
                                                .labels = {{"m", METHODS, 2}, {"c", CODES, 3}},
                                                .nlabels = 2});
  dbf_metric *open = reg(r, &(dbf_metric_desc){.name = "o", .type = DBF_METRIC_GAUGE});
  dbf_metric *secs = reg(r, &(dbf_metric_desc){.name = "s_seconds",
                                               .type = DBF_METRIC_HISTOGRAM,
                                               .labels = {{"m", METHODS, 2}},
                                               .nlabels = 1,
                                               .buckets = BUCKETS,
                                               .nbuckets = 4});
  scraper sc = {.r = r};
  pthread_t scrape, t[THREADS];
  assert_int_equal(pthread_create(&scrape, NULL, scrape_main, &sc), 0);
  for (size_t i = 0; i < THREADS; i++) {
    hs[i] = (hammer){.calls = calls, .open = open, .secs = secs, .id = i};
    assert_int_equal(pthread_create(&t[i], NULL, hammer_main, &hs[i]), 0);
  }
  for (size_t i = 0; i < THREADS; i++)
    pthread_join(t[i], NULL);
  atomic_store(&sc.stop, 1);
  pthread_join(scrape, NULL);
  assert_true(sc.scrapes > 0);
  assert_int_equal(sc.failures, 0);
  int64_t total = 0;
  for (size_t i = 0; i < 2; i++)
    for (size_t j = 0; j < 3; j++)
      total += dbf_metric_get(calls, i, j);
  assert_int_equal(total, (int64_t)THREADS * ROUNDS);
  assert_int_equal(dbf_metric_get(open, 0, 0), 0);
  assert_int_equal(dbf_metric_get(secs, 0, 0) + dbf_metric_get(secs, 1, 0),
                   (int64_t)THREADS * ROUNDS);
  dbf_buf b;
  render(r, &b);
  /* Threads 0 and 2 observed a.S/Get. */
  assert_non_null(strstr(b.data, "s_seconds_count{m=\"a.S/Get\"} 40000\n"));
  dbf_buf_free(&b);
  dbf_metrics_free(r);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_counter_gauge_text),
      cmocka_unit_test(test_histogram_buckets),
      cmocka_unit_test(test_escaping),
      cmocka_unit_test(test_register_checks),
      cmocka_unit_test(test_register_out_of_memory),
      cmocka_unit_test(test_concurrent_updates),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
