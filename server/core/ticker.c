/*
 * ticker.c - background round-and-sleep threads (see ticker.h).
 *
 * The sleep is a pthread_cond_timedwait on CLOCK_MONOTONIC, so a wall
 * clock step neither shortens nor stretches it; a spurious wake-up goes
 * back to sleep until the deadline. A wake is counted (pending_wakes, at
 * most one per thread) so that a wake sent while every thread is in a
 * round is not lost: the next thread to finish its round runs again.
 */
#include "core/ticker.h"

#include <time.h>

#include "core/alloc.h"
#include "core/clock.h"

/* Sleeps up to period_ms, or until woken or stopped. Called with mu held. */
static void idle_wait(dbf_ticker *t) {
  struct timespec until = dbf_clock_after(CLOCK_MONOTONIC, t->def.period_ms);
  while (!atomic_load(&t->stopping) && !t->pending_wakes &&
         pthread_cond_timedwait(&t->cv, &t->mu, &until) == 0)
    ; /* woken without cause: sleep on until the deadline */
  if (t->pending_wakes)
    t->pending_wakes--;
}

static void *ticker_main(void *arg) {
  dbf_ticker_slot *slot = arg;
  dbf_ticker *t = slot->t;
  const dbf_ticker_def *d = &t->def;
  if (d->init && !d->init(d->arg, slot->index, slot->local))
    return NULL;
  pthread_mutex_lock(&t->mu);
  while (!atomic_load(&t->stopping)) {
    pthread_mutex_unlock(&t->mu);
    bool more = d->tick(d->arg, slot->local);
    pthread_mutex_lock(&t->mu);
    if (!more && !atomic_load(&t->stopping))
      idle_wait(t);
  }
  pthread_mutex_unlock(&t->mu);
  if (d->fini)
    d->fini(d->arg, slot->local);
  return NULL;
}

static void free_slots(dbf_ticker *t) {
  for (int i = 0; i < DBF_TICKER_MAX_THREADS; i++) {
    dbf_free(t->slots[i].local);
    t->slots[i].local = NULL;
  }
}

dbf_err dbf_ticker_start(dbf_ticker *t, const dbf_ticker_def *def, dbf_status *st) {
  if (!def->tick || def->threads < 1 || def->threads > DBF_TICKER_MAX_THREADS || def->period_ms < 1)
    return dbf_fail(st, DBF_ERR_INVALID, "%s: 1..%d threads, a period and a tick are required",
                    def->what, DBF_TICKER_MAX_THREADS);
  pthread_mutex_lock(&t->mu);
  if (t->n_threads) {
    pthread_mutex_unlock(&t->mu);
    return dbf_fail(st, DBF_ERR_STATE, "%s is already running", def->what);
  }
  t->def = *def;
  for (int i = 0; i < def->threads; i++) {
    t->slots[i] = (dbf_ticker_slot){.t = t, .index = i};
    if (def->local_size && !(t->slots[i].local = dbf_calloc(1, def->local_size))) {
      free_slots(t);
      pthread_mutex_unlock(&t->mu);
      return dbf_fail(st, DBF_ERR_NOMEM, "%s: out of memory", def->what);
    }
  }
  dbf_cond_init_mono(&t->cv);
  atomic_store(&t->stopping, false);
  t->pending_wakes = 0;
  int err = 0;
  for (int i = 0; i < def->threads && !err; i++)
    if (!(err = pthread_create(&t->threads[i], NULL, ticker_main, &t->slots[i])))
      t->n_threads++;
  bool none = t->n_threads == 0;
  pthread_mutex_unlock(&t->mu);
  if (err) {
    if (none) {
      pthread_cond_destroy(&t->cv);
      free_slots(t);
    } else {
      dbf_ticker_stop(t);
    }
    return dbf_fail(st, DBF_ERR_INTERNAL, "cannot start the threads of %s (error %d)", def->what,
                    err);
  }
  return DBF_OK;
}

void dbf_ticker_wake(dbf_ticker *t) {
  pthread_mutex_lock(&t->mu);
  if (t->n_threads && !atomic_load(&t->stopping)) {
    if (t->pending_wakes < t->n_threads)
      t->pending_wakes++;
    pthread_cond_signal(&t->cv);
  }
  pthread_mutex_unlock(&t->mu);
}

bool dbf_ticker_stopping(dbf_ticker *t) {
  return atomic_load(&t->stopping);
}

void dbf_ticker_stop(dbf_ticker *t) {
  pthread_mutex_lock(&t->mu);
  int n = t->n_threads;
  if (!n) {
    pthread_mutex_unlock(&t->mu);
    return;
  }
  atomic_store(&t->stopping, true);
  pthread_cond_broadcast(&t->cv);
  pthread_mutex_unlock(&t->mu);
  for (int i = 0; i < n; i++)
    pthread_join(t->threads[i], NULL);
  pthread_mutex_lock(&t->mu);
  t->n_threads = 0;
  pthread_mutex_unlock(&t->mu);
  pthread_cond_destroy(&t->cv);
  free_slots(t);
}
