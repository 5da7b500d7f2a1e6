/*
 * upstream.h - the gateway's gRPC client: generic calls with byte buffers
 * over the gRPC C core, to the server the gateway fronts.
 *
 * Threading: one completion-queue thread only waits for completions and
 * queues them; the owner's thread (libwebsockets' service thread) calls
 * dbf_gw_upstream_dispatch after being woken, and every event callback
 * runs there. Calls are started, fed and released on that thread too, so
 * a call's state needs no lock; only the hand-over queue has one.
 */
#ifndef DBF_GATEWAY_UPSTREAM_H
#define DBF_GATEWAY_UPSTREAM_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/err.h"

typedef struct dbf_gw_upstream dbf_gw_upstream;
typedef struct dbf_gw_call dbf_gw_call;

typedef enum dbf_gw_ev_kind {
  DBF_GW_EV_SENT = 0, /* a dbf_gw_call_send finished (ok false: the call is over) */
  DBF_GW_EV_MESSAGE,  /* a dbf_gw_call_recv finished; data NULL at the end of the stream */
  DBF_GW_EV_STATUS,   /* the call ended; always the last event of a call */
} dbf_gw_ev_kind;

typedef struct dbf_gw_event {
  dbf_gw_ev_kind kind;
  bool ok;             /* false: the call is over (cancelled, failed) */
  const uint8_t *data; /* DBF_GW_EV_MESSAGE; borrowed for the callback */
  size_t len;
  int code;            /* DBF_GW_EV_STATUS: the gRPC status code */
  const char *details; /* DBF_GW_EV_STATUS; borrowed for the callback */
} dbf_gw_event;

typedef void (*dbf_gw_event_fn)(dbf_gw_call *call, const dbf_gw_event *ev, void *arg);

typedef struct dbf_gw_md {
  const char *key, *value; /* copied when the call starts */
} dbf_gw_md;

/*
 * Connects (lazily, as gRPC does) to target ("127.0.0.1:50051",
 * "unix:/path") and starts the completion-queue thread. wake(wake_arg) is
 * called from that thread whenever events are queued; it must only poke the
 * owner's loop. Returns a new client in *out, freed with
 * dbf_gw_upstream_destroy.
 */
dbf_err dbf_gw_upstream_create(const char *target, size_t max_message, void (*wake)(void *),
                               void *wake_arg, dbf_gw_upstream **out, dbf_status *st);

/*
 * Cancels what is still open, waits for its completions, stops the thread
 * and frees everything. Callbacks of unreleased calls still run, from here.
 */
void dbf_gw_upstream_destroy(dbf_gw_upstream *up);

/* Runs the callbacks of every queued completion. Owner's thread only. */
void dbf_gw_upstream_dispatch(dbf_gw_upstream *up);

/* Calls that are started and not yet freed. */
size_t dbf_gw_upstream_live_calls(const dbf_gw_upstream *up);

/*
 * Starts a call to method ("/pkg.Service/Method") with the metadata and a
 * deadline timeout_ms from now (0: none), and asks for its status. Events
 * go to fn(call, ev, arg) until dbf_gw_call_release. *out is borrowed
 * until then.
 */
dbf_err dbf_gw_call_start(dbf_gw_upstream *up, const char *method, const dbf_gw_md *md, size_t nmd,
                          int64_t timeout_ms, dbf_gw_event_fn fn, void *arg, dbf_gw_call **out);

/*
 * A unary call in one batch: sends the metadata and req[0..n) (copied),
 * half-closes, and delivers the reply (DBF_GW_EV_MESSAGE) then the status
 * from a single completion. Ownership as for dbf_gw_call_start.
 */
dbf_err dbf_gw_call_unary(dbf_gw_upstream *up, const char *method, const dbf_gw_md *md, size_t nmd,
                          int64_t timeout_ms, const void *req, size_t n, dbf_gw_event_fn fn,
                          void *arg, dbf_gw_call **out);

/* Sends one message (copied); last also half-closes. One send at a time. */
dbf_err dbf_gw_call_send(dbf_gw_call *c, const void *p, size_t n, bool last);
/* Half-closes without a message. Not while a send is in flight. */
dbf_err dbf_gw_call_close_send(dbf_gw_call *c);
/* Asks for the next message. One receive at a time. */
dbf_err dbf_gw_call_recv(dbf_gw_call *c);
/* Cancels the call; its status (CANCELLED) still arrives unless released. */
void dbf_gw_call_cancel(dbf_gw_call *c);
/* The owner is done: the call is cancelled if still open, no more events are
   delivered, and it is freed once gRPC hands back its last batch. */
void dbf_gw_call_release(dbf_gw_call *c);

/* True while a send is in flight. */
bool dbf_gw_call_sending(const dbf_gw_call *c);

#endif
