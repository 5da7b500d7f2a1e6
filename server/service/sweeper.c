/*
 * sweeper.c - the session sweeper thread (see sweeper.h).
 *
 * The thread sleeps on a condition variable with a timeout so that stop
 * wakes it at once. Each tick drains up to MAX_ROUNDS batches of warnings
 * and then of expiries, each in its own transaction, and hands the
 * committed frames to live streams on this instance. A failing database
 * only costs a log line per tick: the pool reconnects by itself and the
 * next tick picks up where this one stopped, because the sweeper's state
 * is entirely in PostgreSQL (warned_at, expires_at, state).
 */
#include "service/sweeper.h"

#include <pthread.h>
#include <stdbool.h>
#include <time.h>

#include "core/clock.h"
#include "core/arena.h"
#include "core/log.h"
#include "service/turn.h"

#define BATCH        16         /* sessions per transaction: short row locks */
#define MAX_ROUNDS   8          /* batches per kind per tick, so a backlog cannot starve stop */
#define TX_BUDGET_MS 10000      /* deadline of one sweep transaction */
#define ARENA_BYTES  (8u << 20) /* frames of one batch */
#define MIN_TICK_S   1
#define MAX_TICK_S   15

static pthread_mutex_t mu = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t cv;
static pthread_t thread;
static bool running;  /* the thread exists (guarded by mu) */
static bool stopping; /* stop was asked (guarded by mu) */
static dbf_app *sweep_app;
static int tick_s;

typedef dbf_err (*sweep_fn)(dbf_app *app, dbf_arena *arena, int64_t deadline_ms, int batch,
                            dbf_turn_swept **out, size_t *n_out, dbf_status *st);

/* Runs batches of fn until one comes back short; returns false on error. */
static bool drain(sweep_fn fn, const char *what) {
  for (int round = 0; round < MAX_ROUNDS; round++) {
    pthread_mutex_lock(&mu);
    bool stop = stopping;
    pthread_mutex_unlock(&mu);
    if (stop)
      return true;
    dbf_arena *arena = dbf_arena_create(ARENA_BYTES);
    if (!arena) {
      dbf_log(DBF_LOG_ERROR, "sweeper.failed", "%s: out of memory", what);
      return false;
    }
    dbf_status st = {0};
    dbf_turn_swept *out = NULL;
    size_t n = 0;
    dbf_err rc = fn(sweep_app, arena, dbf_now_ms() + TX_BUDGET_MS, BATCH, &out, &n, &st);
    if (rc)
      dbf_log(DBF_LOG_WARN, "sweeper.failed", "%s: %s", what, st.msg);
    /* Committed: now, and only now, the frames may leave. */
    for (size_t i = 0; !rc && i < n; i++) {
      dbf_log(DBF_LOG_INFO, what, "session %s", out[i].session_id);
      dbf_conversation_deliver(out[i].session_id, out[i].frames, out[i].n_frames);
    }
    dbf_arena_destroy(arena);
    if (rc || n < BATCH)
      return !rc;
  }
  return true;
}

static void *sweeper_main(void *arg) {
  (void)arg;
  pthread_mutex_lock(&mu);
  while (!stopping) {
    struct timespec until;
    clock_gettime(CLOCK_MONOTONIC, &until);
    until.tv_sec += tick_s;
    while (!stopping && pthread_cond_timedwait(&cv, &mu, &until) == 0)
      ; /* woken without stop: keep waiting for the tick */
    if (stopping)
      break;
    pthread_mutex_unlock(&mu);
    /* Expire first: a session past its expiry needs no warning any more. */
    if (drain(dbf_turn_expire_due, "sweeper.expired"))
      drain(dbf_turn_warn_idle, "sweeper.warned");
    pthread_mutex_lock(&mu);
  }
  pthread_mutex_unlock(&mu);
  return NULL;
}

dbf_err dbf_sweeper_start(dbf_app *app, dbf_status *st) {
  int64_t shorter = app->cfg->inactivity_warn_s < app->cfg->session_timeout_s
                        ? app->cfg->inactivity_warn_s
                        : app->cfg->session_timeout_s;
  int64_t t = shorter / 4;
  tick_s = (int)(t < MIN_TICK_S ? MIN_TICK_S : t > MAX_TICK_S ? MAX_TICK_S : t);
  pthread_mutex_lock(&mu);
  if (running) {
    pthread_mutex_unlock(&mu);
    return dbf_fail(st, DBF_ERR_STATE, "the session sweeper is already running");
  }
  pthread_condattr_t ca;
  pthread_condattr_init(&ca);
  pthread_condattr_setclock(&ca, CLOCK_MONOTONIC);
  pthread_cond_init(&cv, &ca);
  pthread_condattr_destroy(&ca);
  sweep_app = app;
  stopping = false;
  int err = pthread_create(&thread, NULL, sweeper_main, NULL);
  running = err == 0;
  pthread_mutex_unlock(&mu);
  if (err) {
    pthread_cond_destroy(&cv);
    return dbf_fail(st, DBF_ERR_INTERNAL, "cannot start the session sweeper thread (error %d)",
                    err);
  }
  dbf_log(DBF_LOG_INFO, "sweeper.started", "tick %d s, warn after %lld s, expire after %lld s",
          tick_s, (long long)app->cfg->inactivity_warn_s, (long long)app->cfg->session_timeout_s);
  return DBF_OK;
}

void dbf_sweeper_stop(void) {
  pthread_mutex_lock(&mu);
  if (!running) {
    pthread_mutex_unlock(&mu);
    return;
  }
  stopping = true;
  pthread_cond_signal(&cv);
  pthread_mutex_unlock(&mu);
  pthread_join(thread, NULL);
  pthread_mutex_lock(&mu);
  running = false;
  pthread_mutex_unlock(&mu);
  pthread_cond_destroy(&cv);
}
