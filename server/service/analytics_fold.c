/*
 * analytics_fold.c - the analytics fold thread (see analytics_fold.h).
 *
 * A ticker thread (core/ticker.h): each round is one transaction folding
 * up to FOLD_BATCH sessions; a full batch runs the next round at once, so
 * a backlog drains batch by batch and stop is seen between batches. A
 * failed fold costs a log line: its transaction rolled back, the sessions
 * are still dirty, and the next period folds them.
 */
#include "service/analytics_fold.h"

#include <stdbool.h>

#include "core/clock.h"
#include "core/log.h"
#include "core/ticker.h"
#include "store/store.h"

#define FOLD_BATCH 256   /* sessions per fold transaction */
#define FOLD_TX_MS 30000 /* deadline of one fold transaction */

static dbf_ticker ticker = DBF_TICKER_INIT;

static bool fold_round(void *arg, void *local) {
  (void)local;
  dbf_app *app = arg;
  dbf_status st = {0};
  int n = 0;
  if (dbf_store_analytics_fold(app->store, dbf_now_ms() + FOLD_TX_MS, FOLD_BATCH, &n, &st)) {
    dbf_log(DBF_LOG_WARN, "analytics.fold_failed", "%s", st.msg);
    return false;
  }
  if (n)
    dbf_log(DBF_LOG_DEBUG, "analytics.folded", "%d sessions", n);
  return n == FOLD_BATCH;
}

dbf_err dbf_analytics_fold_start(dbf_app *app, dbf_status *st) {
  dbf_ticker_def def = {.what = "the analytics fold",
                        .threads = 1,
                        .period_ms = app->cfg->analytics_fold_ms,
                        .tick = fold_round,
                        .arg = app};
  dbf_err rc = dbf_ticker_start(&ticker, &def, st);
  if (rc)
    return rc;
  dbf_log(DBF_LOG_INFO, "analytics.fold_started", "every %d ms", app->cfg->analytics_fold_ms);
  return DBF_OK;
}

void dbf_analytics_fold_stop(void) {
  dbf_ticker_stop(&ticker);
}
