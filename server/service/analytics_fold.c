/*
 * analytics_fold.c - the analytics fold thread (see analytics_fold.h).
 *
 * A period wait on a condition variable (stop wakes it at once), then up
 * to MAX_BATCHES transactions of FOLD_BATCH sessions each, stopping at the
 * first short one. A failed fold costs a log line: its transaction rolled
 * back, the sessions are still dirty, and the next period folds them.
 */
#include "service/analytics_fold.h"

#include <pthread.h>
#include <stdbool.h>
#include <time.h>

#include "core/clock.h"
#include "core/log.h"
#include "store/store.h"

#define FOLD_BATCH  256   /* sessions per fold transaction */
#define MAX_BATCHES 64    /* per period, so a backlog cannot starve stop */
#define FOLD_TX_MS  30000 /* deadline of one fold transaction */

static pthread_mutex_t fold_mu = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t fold_cv;
static pthread_t fold_thread;
static bool fold_running; /* guarded by fold_mu */
static bool fold_stop;    /* guarded by fold_mu */
static dbf_app *fold_app;

static bool stop_asked(void) {
  pthread_mutex_lock(&fold_mu);
  bool s = fold_stop;
  pthread_mutex_unlock(&fold_mu);
  return s;
}

static void fold_backlog(void) {
  for (int i = 0; i < MAX_BATCHES && !stop_asked(); i++) {
    dbf_status st = {0};
    int n = 0;
    if (dbf_store_analytics_fold(fold_app->store, dbf_now_ms() + FOLD_TX_MS, FOLD_BATCH, &n, &st)) {
      dbf_log(DBF_LOG_WARN, "analytics.fold_failed", "%s", st.msg);
      return;
    }
    if (n)
      dbf_log(DBF_LOG_DEBUG, "analytics.folded", "%d sessions", n);
    if (n < FOLD_BATCH)
      return;
  }
}

static void *fold_main(void *arg) {
  (void)arg;
  int period_ms = fold_app->cfg->analytics_fold_ms;
  pthread_mutex_lock(&fold_mu);
  while (!fold_stop) {
    struct timespec until;
    clock_gettime(CLOCK_MONOTONIC, &until);
    until.tv_sec += period_ms / 1000;
    until.tv_nsec += (long)(period_ms % 1000) * 1000000L;
    if (until.tv_nsec >= 1000000000L) {
      until.tv_sec++;
      until.tv_nsec -= 1000000000L;
    }
    while (!fold_stop && pthread_cond_timedwait(&fold_cv, &fold_mu, &until) == 0)
      ; /* woken without stop: keep waiting for the period */
    if (fold_stop)
      break;
    pthread_mutex_unlock(&fold_mu);
    fold_backlog();
    pthread_mutex_lock(&fold_mu);
  }
  pthread_mutex_unlock(&fold_mu);
  return NULL;
}

dbf_err dbf_analytics_fold_start(dbf_app *app, dbf_status *st) {
  pthread_mutex_lock(&fold_mu);
  if (fold_running) {
    pthread_mutex_unlock(&fold_mu);
    return dbf_fail(st, DBF_ERR_STATE, "the analytics fold is already running");
  }
  pthread_condattr_t ca;
  pthread_condattr_init(&ca);
  pthread_condattr_setclock(&ca, CLOCK_MONOTONIC);
  pthread_cond_init(&fold_cv, &ca);
  pthread_condattr_destroy(&ca);
  fold_app = app;
  fold_stop = false;
  int err = pthread_create(&fold_thread, NULL, fold_main, NULL);
  fold_running = err == 0;
  pthread_mutex_unlock(&fold_mu);
  if (err) {
    pthread_cond_destroy(&fold_cv);
    return dbf_fail(st, DBF_ERR_INTERNAL, "cannot start the analytics fold thread (error %d)", err);
  }
  dbf_log(DBF_LOG_INFO, "analytics.fold_started", "every %d ms", app->cfg->analytics_fold_ms);
  return DBF_OK;
}

void dbf_analytics_fold_stop(void) {
  pthread_mutex_lock(&fold_mu);
  if (!fold_running) {
    pthread_mutex_unlock(&fold_mu);
    return;
  }
  fold_stop = true;
  pthread_cond_signal(&fold_cv);
  pthread_mutex_unlock(&fold_mu);
  pthread_join(fold_thread, NULL);
  pthread_mutex_lock(&fold_mu);
  fold_running = false;
  pthread_mutex_unlock(&fold_mu);
  pthread_cond_destroy(&fold_cv);
}
