/*
 * ticker.h - background threads that do a round of work, then sleep a
 * period or until woken, and stop at once when asked.
 *
 * The session sweeper, the analytics fold and the CRM delivery workers are
 * all this loop; each supplies its round (tick) and keeps its own state.
 * A thread calls tick; when tick says more is due it calls it again at
 * once, else it sleeps period_ms on CLOCK_MONOTONIC, until
 * dbf_ticker_wake, or until dbf_ticker_stop. Stop is seen between ticks;
 * a long tick checks dbf_ticker_stopping itself.
 *
 *   static dbf_ticker t = DBF_TICKER_INIT;
 *   dbf_ticker_def def = {.what = "the fold", .threads = 1, .period_ms = 1000, .tick = fold};
 *   if (dbf_ticker_start(&t, &def, &st)) ...
 *   dbf_ticker_stop(&t);
 */
#ifndef DBF_CORE_TICKER_H
#define DBF_CORE_TICKER_H

#include <pthread.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stddef.h>

#include "core/err.h"

#define DBF_TICKER_MAX_THREADS 64

typedef struct dbf_ticker_def {
  const char *what; /* names the threads in errors: "the session sweeper" */
  int threads;      /* 1..DBF_TICKER_MAX_THREADS */
  int period_ms;    /* the idle sleep between rounds, >= 1 */
  /*
   * Optional per-thread state: local_size bytes, zeroed, given to init
   * (index 0..threads-1) before the first round and to fini after the
   * last. A thread whose init returns false ends at once (init logs why).
   */
  size_t local_size;
  bool (*init)(void *arg, int index, void *local);
  void (*fini)(void *arg, void *local);
  /* One round of work, off any lock; true when more is due now. */
  bool (*tick)(void *arg, void *local);
  void *arg;
} dbf_ticker_def;

typedef struct dbf_ticker dbf_ticker;

typedef struct dbf_ticker_slot {
  dbf_ticker *t;
  int index;
  void *local; /* def.local_size bytes, or NULL */
} dbf_ticker_slot;

struct dbf_ticker {
  pthread_mutex_t mu;
  pthread_cond_t cv;
  pthread_t threads[DBF_TICKER_MAX_THREADS];
  dbf_ticker_slot slots[DBF_TICKER_MAX_THREADS];
  int n_threads;        /* guarded by mu */
  int pending_wakes;    /* guarded by mu; at most n_threads */
  atomic_bool stopping; /* set under mu; read anywhere */
  dbf_ticker_def def;
};

#define DBF_TICKER_INIT                                                                            \
  { .mu = PTHREAD_MUTEX_INITIALIZER }

/* Starts def->threads threads. DBF_ERR_STATE when t is running already. */
dbf_err dbf_ticker_start(dbf_ticker *t, const dbf_ticker_def *def, dbf_status *st);

/* Ends one thread's sleep now (a no-op when t is not running). */
void dbf_ticker_wake(dbf_ticker *t);

/* True once stop was asked: for a tick that loops, or a transfer's abort check. */
bool dbf_ticker_stopping(dbf_ticker *t);

/* Asks every thread to stop, wakes them and joins them; t can start again. */
void dbf_ticker_stop(dbf_ticker *t);

#endif
