/*
 * test_ticker.c - server/core/ticker.c: a round that says "more" runs again
 * at once, an idle thread sleeps its period and no longer, a wake or a stop
 * ends the sleep at once, per-thread state is made and freed once per
 * thread, a failing init ends only its thread, and the definition is
 * checked. Runs under TSan in CI.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdint.h>
#include <string.h>
#include <time.h>

#include <cmocka.h>

#include "core/clock.h"
#include "core/ticker.h"

typedef struct probe {
  atomic_int rounds;
  atomic_int more; /* rounds that still report more work */
  atomic_int inits, finis, index_mask;
  atomic_int fail_index; /* init of this index fails; -1: none */
  atomic_bool saw_stop;  /* a round saw dbf_ticker_stopping */
  dbf_ticker *t;
  atomic_bool spin; /* the round loops until stop is asked */
} probe;

typedef struct local {
  int index;
  int rounds;
} local;

static bool probe_init(void *arg, int index, void *l) {
  probe *p = arg;
  local *lc = l;
  assert_int_equal(lc->rounds, 0); /* zeroed */
  lc->index = index;
  atomic_fetch_add(&p->inits, 1);
  atomic_fetch_or(&p->index_mask, 1 << index);
  return index != atomic_load(&p->fail_index);
}

static void probe_fini(void *arg, void *l) {
  probe *p = arg;
  assert_true(((local *)l)->index != atomic_load(&p->fail_index));
  atomic_fetch_add(&p->finis, 1);
}

static bool probe_round(void *arg, void *l) {
  probe *p = arg;
  if (l)
    ((local *)l)->rounds++;
  atomic_fetch_add(&p->rounds, 1);
  if (atomic_load(&p->spin)) {
    while (!dbf_ticker_stopping(p->t)) {
      struct timespec ms = {0, 1000000};
      nanosleep(&ms, NULL);
    }
    atomic_store(&p->saw_stop, true);
    return false;
  }
  return atomic_fetch_sub(&p->more, 1) > 0;
}

/* Waits up to ms for rounds to reach n; returns the count seen. */
static int wait_rounds(probe *p, int n, int ms) {
  int64_t until = dbf_mono_ms() + ms;
  while (atomic_load(&p->rounds) < n && dbf_mono_ms() < until) {
    struct timespec d = {0, 2000000};
    nanosleep(&d, NULL);
  }
  return atomic_load(&p->rounds);
}

static dbf_ticker_def def_of(probe *p, int threads, int period_ms) {
  return (dbf_ticker_def){.what = "the test ticker",
                          .threads = threads,
                          .period_ms = period_ms,
                          .local_size = sizeof(local),
                          .init = probe_init,
                          .fini = probe_fini,
                          .tick = probe_round,
                          .arg = p};
}

static void test_more_runs_again_then_sleeps(void **state) {
  (void)state;
  static dbf_ticker t = DBF_TICKER_INIT;
  probe p = {.fail_index = -1, .t = &t};
  atomic_store(&p.more, 5);
  dbf_ticker_def d = def_of(&p, 1, 60000);
  dbf_status st = {0};
  assert_int_equal(dbf_ticker_start(&t, &d, &st), DBF_OK);
  /* The first round runs at once; five of them say "more"; then the thread sleeps. */
  assert_int_equal(wait_rounds(&p, 6, 5000), 6);
  struct timespec d100 = {0, 100000000};
  nanosleep(&d100, NULL);
  assert_int_equal(atomic_load(&p.rounds), 6);
  int64_t t0 = dbf_mono_ms();
  dbf_ticker_stop(&t); /* ends a 60 s sleep at once */
  assert_true(dbf_mono_ms() - t0 < 2000);
  assert_int_equal(atomic_load(&p.inits), 1);
  assert_int_equal(atomic_load(&p.finis), 1);
}

static void test_period_and_wake(void **state) {
  (void)state;
  static dbf_ticker t = DBF_TICKER_INIT;
  probe p = {.fail_index = -1, .t = &t};
  dbf_ticker_def d = def_of(&p, 1, 50);
  dbf_status st = {0};
  assert_int_equal(dbf_ticker_start(&t, &d, &st), DBF_OK);
  assert_true(wait_rounds(&p, 4, 5000) >= 4); /* a 50 ms period keeps it going */
  dbf_ticker_stop(&t);

  /* A long period: only a wake brings the next round. */
  probe q = {.fail_index = -1, .t = &t};
  d = def_of(&q, 1, 60000);
  assert_int_equal(dbf_ticker_start(&t, &d, &st), DBF_OK); /* a stopped ticker starts again */
  assert_int_equal(wait_rounds(&q, 1, 5000), 1);
  for (int i = 2; i <= 4; i++) {
    dbf_ticker_wake(&t);
    assert_int_equal(wait_rounds(&q, i, 5000), i);
  }
  dbf_ticker_stop(&t);
  dbf_ticker_wake(&t); /* after stop: a no-op */
  dbf_ticker_stop(&t); /* twice: a no-op */
}

static void test_threads_and_failed_init(void **state) {
  (void)state;
  static dbf_ticker t = DBF_TICKER_INIT;
  probe p = {.t = &t};
  atomic_store(&p.fail_index, 2);
  dbf_ticker_def d = def_of(&p, 4, 60000);
  dbf_status st = {0};
  assert_int_equal(dbf_ticker_start(&t, &d, &st), DBF_OK);
  assert_int_equal(wait_rounds(&p, 3, 5000), 3); /* thread 2 never runs a round */
  int64_t until = dbf_mono_ms() + 5000;
  while (atomic_load(&p.inits) < 4 && dbf_mono_ms() < until)
    nanosleep(&(struct timespec){0, 2000000}, NULL);
  assert_int_equal(atomic_load(&p.index_mask), 0xf);
  assert_int_equal(dbf_ticker_start(&t, &d, &st), DBF_ERR_STATE);
  dbf_ticker_stop(&t);
  assert_int_equal(atomic_load(&p.rounds), 3);
  assert_int_equal(atomic_load(&p.finis), 3); /* not for the thread whose init failed */
}

static void test_long_round_sees_stop(void **state) {
  (void)state;
  static dbf_ticker t = DBF_TICKER_INIT;
  probe p = {.fail_index = -1, .t = &t};
  atomic_store(&p.spin, true);
  dbf_ticker_def d = def_of(&p, 1, 60000);
  d.local_size = 0; /* no per-thread state */
  d.init = NULL;
  d.fini = NULL;
  dbf_status st = {0};
  assert_int_equal(dbf_ticker_start(&t, &d, &st), DBF_OK);
  assert_int_equal(wait_rounds(&p, 1, 5000), 1);
  assert_false(dbf_ticker_stopping(&t));
  dbf_ticker_stop(&t);
  assert_true(atomic_load(&p.saw_stop));
}

static void test_definition_checked(void **state) {
  (void)state;
  static dbf_ticker t = DBF_TICKER_INIT;
  probe p = {.fail_index = -1, .t = &t};
  dbf_status st = {0};
  dbf_ticker_def d = def_of(&p, 0, 10);
  assert_int_equal(dbf_ticker_start(&t, &d, &st), DBF_ERR_INVALID);
  d = def_of(&p, DBF_TICKER_MAX_THREADS + 1, 10);
  assert_int_equal(dbf_ticker_start(&t, &d, &st), DBF_ERR_INVALID);
  d = def_of(&p, 1, 0);
  assert_int_equal(dbf_ticker_start(&t, &d, &st), DBF_ERR_INVALID);
  d = def_of(&p, 1, 10);
  d.tick = NULL;
  assert_int_equal(dbf_ticker_start(&t, &d, &st), DBF_ERR_INVALID);
  assert_non_null(strstr(st.msg, "the test ticker"));
  dbf_ticker_stop(&t); /* never started: a no-op */
  assert_int_equal(atomic_load(&p.inits), 0);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_more_runs_again_then_sleeps),
      cmocka_unit_test(test_period_and_wake),
      cmocka_unit_test(test_threads_and_failed_init),
      cmocka_unit_test(test_long_round_sees_stop),
      cmocka_unit_test(test_definition_checked),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
