/*
 * analytics_fold.h - the analytics fold: a background thread that folds
 * changed sessions into the daily rollup tables (docs/analytics.md, "The
 * fold"), so a turn's transaction only touches its own session's row.
 *
 * Every DEBRIEF_ANALYTICS_FOLD_MS (default 1000) it calls
 * dbf_store_analytics_fold in batches on a pooled store connection, never
 * on a completion-queue thread. The fold is idempotent and claims
 * sessions with FOR UPDATE SKIP LOCKED, so any number of instances may
 * run it on one database. One fold thread per process; main.c starts it
 * after the store is open and stops it before the store closes.
 */
#ifndef DBF_SERVICE_ANALYTICS_FOLD_H
#define DBF_SERVICE_ANALYTICS_FOLD_H

#include "core/err.h"
#include "service/app.h"

/* Starts the thread. Borrows app, which must outlive dbf_analytics_fold_stop. */
dbf_err dbf_analytics_fold_start(dbf_app *app, dbf_status *st);

/* Stops and joins the thread; a fold in progress finishes first. Safe when not started. */
void dbf_analytics_fold_stop(void);

#endif
