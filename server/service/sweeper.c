/*
 * sweeper.c - the session sweeper thread (see sweeper.h).
 *
 * A ticker thread (core/ticker.h): each round expires one batch of
 * sessions, or, when no expiry is left, warns one batch, each in its own
 * transaction, and hands the committed frames to live streams on this
 * instance. A full batch runs the next round at once, so a backlog drains
 * batch by batch and stop is seen between batches. A failing database
 * only costs a log line per round: the pool reconnects by itself and the
 * next round picks up where this one stopped, because the sweeper's state
 * is entirely in PostgreSQL (warned_at, expires_at, state).
 */
#include "service/sweeper.h"

#include <stdbool.h>

#include "core/arena.h"
#include "core/clock.h"
#include "core/log.h"
#include "core/ticker.h"
#include "service/turn.h"

#define BATCH        16         /* sessions per transaction: short row locks */
#define TX_BUDGET_MS 10000      /* deadline of one sweep transaction */
#define ARENA_BYTES  (8u << 20) /* frames of one batch */
#define MIN_TICK_S   1
#define MAX_TICK_S   15

static dbf_ticker ticker = DBF_TICKER_INIT;

typedef dbf_err (*sweep_fn)(dbf_app *app, dbf_arena *arena, int64_t deadline_ms, int batch,
                            dbf_turn_swept **out, size_t *n_out, dbf_status *st);

/* Runs one batch of fn: 1 when it was full (more may be due), 0 when short, -1 on failure. */
static int sweep_batch(dbf_app *app, sweep_fn fn, const char *what) {
  dbf_arena *arena = dbf_arena_create(ARENA_BYTES);
  if (!arena) {
    dbf_log(DBF_LOG_ERROR, "sweeper.failed", "%s: out of memory", what);
    return -1;
  }
  dbf_status st = {0};
  dbf_turn_swept *out = NULL;
  size_t n = 0;
  dbf_err rc = fn(app, arena, dbf_now_ms() + TX_BUDGET_MS, BATCH, &out, &n, &st);
  if (rc)
    dbf_log(DBF_LOG_WARN, "sweeper.failed", "%s: %s", what, st.msg);
  /* Committed: now, and only now, the frames may leave. */
  for (size_t i = 0; !rc && i < n; i++) {
    dbf_log(DBF_LOG_INFO, what, "session %s", out[i].session_id);
    dbf_conversation_deliver(out[i].session_id, out[i].frames, out[i].n_frames);
  }
  dbf_arena_destroy(arena);
  return rc ? -1 : n == BATCH;
}

static bool sweep_round(void *arg, void *local) {
  (void)local;
  /* Expire first: a session past its expiry needs no warning any more. */
  int expired = sweep_batch(arg, dbf_turn_expire_due, "sweeper.expired");
  if (expired)
    return expired > 0; /* more to expire first; a failure waits for the next tick */
  return sweep_batch(arg, dbf_turn_warn_idle, "sweeper.warned") > 0;
}

dbf_err dbf_sweeper_start(dbf_app *app, dbf_status *st) {
  int64_t shorter = app->cfg->inactivity_warn_s < app->cfg->session_timeout_s
                        ? app->cfg->inactivity_warn_s
                        : app->cfg->session_timeout_s;
  int64_t t = shorter / 4;
  int tick_s = (int)(t < MIN_TICK_S ? MIN_TICK_S : t > MAX_TICK_S ? MAX_TICK_S : t);
  dbf_ticker_def def = {.what = "the session sweeper",
                        .threads = 1,
                        .period_ms = tick_s * 1000,
                        .tick = sweep_round,
                        .arg = app};
  dbf_err rc = dbf_ticker_start(&ticker, &def, st);
  if (rc)
    return rc;
  dbf_log(DBF_LOG_INFO, "sweeper.started", "tick %d s, warn after %lld s, expire after %lld s",
          tick_s, (long long)app->cfg->inactivity_warn_s, (long long)app->cfg->session_timeout_s);
  return DBF_OK;
}

void dbf_sweeper_stop(void) {
  dbf_ticker_stop(&ticker);
}
