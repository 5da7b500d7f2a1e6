/*
 * sweeper.h - the session sweeper: a background thread that warns idle
 * sessions and expires dead ones (the session states in docs/architecture.md,
 * section 2; the timeouts in docs/configuration.md).
 *
 * Every tick it runs two short transactions (turn.h dbf_turn_warn_idle and
 * dbf_turn_expire_due) that claim a small batch with FOR UPDATE SKIP
 * LOCKED, so any number of server instances can sweep the same database
 * without doing the same work twice. Frames it commits are also pushed to
 * a live Converse stream on this instance (dbf_conversation_deliver).
 *
 * One sweeper per process. main.c starts it after the store is open and
 * stops it before the server shuts down.
 */
#ifndef DBF_SERVICE_SWEEPER_H
#define DBF_SERVICE_SWEEPER_H

#include "core/err.h"
#include "service/app.h"

/*
 * Starts the thread. The tick is derived from the configured thresholds
 * (a quarter of the shorter of DEBRIEF_INACTIVITY_WARNING and
 * DEBRIEF_SESSION_TIMEOUT, clamped to 1..15 s), so tests that set them to
 * seconds see warnings and expiry within about a second. Borrows app,
 * which must outlive dbf_sweeper_stop. DBF_ERR_STATE when already running.
 */
dbf_err dbf_sweeper_start(dbf_app *app, dbf_status *st);

/* Stops and joins the thread; a tick in progress finishes first. Safe when not started. */
void dbf_sweeper_stop(void);

#endif
