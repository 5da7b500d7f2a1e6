/*
 * stream_guard.h - limits on long-lived authenticated streams.
 *
 * Converse and WatchNotifications streams can stay open for hours, so two
 * things are enforced for them here, beside the per-call auth of the
 * interceptor:
 *   - a cap on the streams one principal (JWT sub) holds open at once
 *     (DEBRIEF_MAX_STREAMS_PER_USER); past it a new stream gets
 *     RESOURCE_EXHAUSTED, so one token cannot hold thousands of streams;
 *   - the token's expiry: a watchdog thread ends a stream whose token has
 *     expired with UNAUTHENTICATED, telling the client to reopen with a
 *     fresh token and resume_after_seq. A unary call checks exp when it
 *     starts, which is enough for calls bounded by their deadline.
 */
#ifndef DBF_SERVICE_STREAM_GUARD_H
#define DBF_SERVICE_STREAM_GUARD_H

#include "auth/auth.h"
#include "core/err.h"
#include "transport/server.h"

/* Starts the expiry watchdog; max_per_user caps each principal's streams. */
dbf_err dbf_stream_guard_start(int max_per_user, dbf_status *st);
/* Stops the watchdog; streams still open stay counted until they end. */
void dbf_stream_guard_stop(void);

/*
 * Attaches p (stolen: freed with the call, or here on error) to call as its
 * principal. For a streaming call it also takes one of the principal's
 * stream slots (released when the call is freed) and registers the call
 * with the expiry watchdog. DBF_ERR_TOO_BIG when the principal has no slot
 * left.
 */
dbf_err dbf_stream_guard_attach(dbf_call *call, const dbf_method *m, dbf_principal *p,
                                dbf_status *st);

/* Open streams held by user_id now (for tests and logs). */
int dbf_stream_guard_count(const char *user_id);

#endif
