/*
 * notify_hub.h - live delivery of per-user notifications to
 * WatchNotifications calls, across server instances (docs/architecture.md,
 * the section on scale).
 *
 * Writers insert a notifications row and, in the same transaction, send a
 * NOTIFY naming the user and the new id (the store owns the channel, the
 * payload and their SQL). The hub is one dedicated thread with a store
 * listener (dbf_store_listener, its own connection) that waits with a
 * timeout and the hub's wake pipe, so that stop is prompt. The NOTIFYs
 * that arrive together are coalesced by user; for each user the hub reads
 * the new rows once (not once per watch call) and hands each of that
 * user's live watch calls, found in an in-process registry, the rows after
 * the last id it has delivered, so a burst coalesces and nothing is
 * skipped. When the connection drops it reconnects with capped exponential
 * backoff and then re-scans every watcher from its last id, so
 * notifications committed while it was not listening are still delivered.
 *
 * Threads: the hub thread does the per-user database reads; the
 * registering worker does the replay. Neither is a completion-queue
 * thread, and dbf_call_send never blocks. A per-watcher mutex keeps the
 * replay and live deliveries of one call from interleaving, so a client
 * sees each notification once and in id order (except that a row whose
 * transaction commits after a higher id was already sent is still sent,
 * late, rather than lost).
 *
 * One hub per process; main.c starts it after the store and stops it
 * before the server drains calls.
 */
#ifndef DBF_SERVICE_NOTIFY_HUB_H
#define DBF_SERVICE_NOTIFY_HUB_H

#include <stddef.h>
#include <stdint.h>

#include "core/arena.h"
#include "core/err.h"
#include "debrief/v1/types.pb-c.h"
#include "service/app.h"
#include "store/store.h"
#include "transport/server.h"

/*
 * Starts the hub thread. It opens its listener on app->store in the
 * background (start-up does not wait for it; a database that is down is
 * retried). Borrows app until dbf_notify_hub_stop.
 * DBF_ERR_STATE when already running.
 */
dbf_err dbf_notify_hub_start(dbf_app *app, dbf_status *st);

/*
 * Ends every registered watch call with UNAVAILABLE ("server shutting
 * down; reconnect with after_id"), refuses new ones, and joins the thread.
 * Call it before dbf_server_shutdown so the drain does not wait on
 * never-ending streams. Safe when not started.
 */
void dbf_notify_hub_stop(void);

typedef struct dbf_watcher dbf_watcher;

/*
 * Registers call (a WatchNotifications stream of user_id), then replays
 * the user's notifications with id > after_id (after_id == 0: none; only
 * new ones follow) restricted to kinds (database names, borrowed only
 * during the call; n_kinds == 0 means all). Runs on a worker: it reads the
 * database. On DBF_OK *out is the registration, released with
 * dbf_notify_hub_unwatch from the call's on_done. DBF_ERR_UNAVAILABLE when
 * the hub is not running.
 */
dbf_err dbf_notify_hub_watch(dbf_call *call, const char *user_id, int64_t after_id,
                             const char *const *kinds, size_t n_kinds, dbf_watcher **out,
                             dbf_status *st);

/* Unregisters w and releases the caller's reference (NULL is fine). Any thread. */
void dbf_notify_hub_unwatch(dbf_watcher *w);

/* A store notification as a debrief.v1.Notification in arena a (borrowed). */
dbf_err dbf_notification_to_pb(dbf_arena *a, const dbf_notification *n,
                               Debrief__V1__Notification **out, dbf_status *st);

/* The database name of a NotificationKind value, or NULL when unknown. Static. */
const char *dbf_notification_kind_db(int kind);

#endif
