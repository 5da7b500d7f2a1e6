/*
 * server.h - debrief's transport layer over the gRPC C core.
 *
 * One generic call state machine handles unary, server-streaming and
 * bidirectional calls, so adding an RPC means writing a handler and a
 * dbf_method entry, never a new state machine.
 *
 * Threads: N completion-queue threads only move bytes and never block.
 * Every handler callback runs on the worker pool, serialized per call (one
 * callback of a given call at a time, in arrival order), so handlers may
 * block on PostgreSQL or HTTP. dbf_call_send() and dbf_call_finish() may be
 * called from any thread; writes are queued because the core allows one
 * send in flight per call.
 */
#ifndef DBF_TRANSPORT_SERVER_H
#define DBF_TRANSPORT_SERVER_H

#include <stdbool.h>
#include <stdint.h>

#include <protobuf-c/protobuf-c.h>

#include "core/arena.h"
#include "core/err.h"
#include "core/metrics.h"

typedef struct dbf_server dbf_server;
typedef struct dbf_call dbf_call;
typedef struct dbf_method dbf_method;

typedef enum dbf_rpc_kind {
  DBF_RPC_UNARY = 0,
  DBF_RPC_SERVER_STREAMING, /* one request, many responses */
  DBF_RPC_BIDI_STREAMING,   /* many requests, many responses */
} dbf_rpc_kind;

/*
 * Unary handler. Runs on a worker. On DBF_OK *resp must point to a message
 * allocated in dbf_call_arena(call) (or static); the transport packs it and
 * finishes the call with OK. On error, st carries the code and message.
 */
typedef dbf_err (*dbf_unary_fn)(dbf_call *call, const ProtobufCMessage *req,
                                ProtobufCMessage **resp, dbf_status *st);

/*
 * Streaming start. For server streaming, req is the single request; for bidi
 * it is NULL and messages arrive through on_message. Return an error to end
 * the call with that status; otherwise the handler later calls
 * dbf_call_finish() (from any thread).
 */
typedef dbf_err (*dbf_stream_start_fn)(dbf_call *call, const ProtobufCMessage *req, dbf_status *st);
/* One client message on a bidi call. msg lives until the callback returns. */
typedef void (*dbf_stream_msg_fn)(dbf_call *call, const ProtobufCMessage *msg);
/* The client half-closed (bidi). */
typedef void (*dbf_stream_event_fn)(dbf_call *call);
/* Last callback of a call: release handler state. cancelled: the peer went away. */
typedef void (*dbf_stream_done_fn)(dbf_call *call, bool cancelled);

struct dbf_method {
  const char *path; /* "/debrief.v1.SessionService/GetSession" */
  dbf_rpc_kind kind;
  const ProtobufCMessageDescriptor *request;
  const ProtobufCMessageDescriptor *response;
  dbf_unary_fn unary;           /* DBF_RPC_UNARY; NULL answers UNIMPLEMENTED */
  dbf_stream_start_fn on_start; /* streaming kinds; NULL answers UNIMPLEMENTED */
  dbf_stream_msg_fn on_message; /* bidi */
  dbf_stream_event_fn on_half_close;
  dbf_stream_done_fn on_done;
  uint32_t policy;  /* opaque to the transport; read by the interceptor (RBAC) */
  bool public_call; /* true: the interceptor is skipped (health, reflection) */
  void *data;       /* handler-specific, borrowed */
};

/*
 * Runs on a worker before any handler callback of every non-public call.
 * Returning an error finishes the call with that status. Typically it
 * verifies the bearer token and attaches the principal with
 * dbf_call_set_principal().
 */
typedef dbf_err (*dbf_interceptor_fn)(dbf_call *call, const dbf_method *m, void *arg,
                                      dbf_status *st);

typedef struct dbf_server_opts {
  const char *addr;          /* "host:port" */
  int cq_threads;            /* >= 1 */
  int worker_threads;        /* >= 1 */
  int max_message_bytes;     /* receive and send limit */
  size_t call_arena_bytes;   /* per-call arena cap; 0 means 4 MiB */
  size_t max_queued_bytes;   /* per-call pending write cap; 0 means 8 MiB */
  const char *tls_cert_file; /* PEM; NULL for plaintext */
  const char *tls_key_file;
  const char *tls_client_ca_file; /* when set, client certificates are required */
  bool allow_insecure;            /* allow plaintext on a non-loopback address */
  /* Limits; 0 picks the default named in docs/configuration.md. */
  int max_concurrent_streams; /* HTTP/2 SETTINGS_MAX_CONCURRENT_STREAMS per connection */
  int max_metadata_bytes;     /* request header block; larger is refused by the core */
  int keepalive_time_ms;      /* the server pings an idle connection this often */
  int keepalive_timeout_ms;   /* ...and closes it when the ping is not answered in time */
  int min_ping_interval_ms;   /* client pings closer than this are strikes; 2 close the link */
  int max_public_streams;     /* open unauthenticated streams (health Watch, reflection) */
  /* Where the RPC metrics go (docs/operations.md): every call's duration by method and
     status, and the open streams by method. Borrowed; NULL counts nothing. */
  dbf_metrics *metrics;
} dbf_server_opts;

/* Creates a server; nothing listens until dbf_server_start. Free with dbf_server_destroy. */
dbf_err dbf_server_create(const dbf_server_opts *opts, dbf_server **out, dbf_status *st);
/* Registers methods (borrowed; must outlive the server). Call before start. */
dbf_err dbf_server_add_methods(dbf_server *srv, const dbf_method *methods, size_t n,
                               dbf_status *st);
void dbf_server_set_interceptor(dbf_server *srv, dbf_interceptor_fn fn, void *arg);
/* Adds grpc.health.v1.Health and grpc.reflection v1 and v1alpha. */
dbf_err dbf_server_add_builtin_services(dbf_server *srv, dbf_status *st);
/* Sets a service's health ("" is the whole server) and notifies watchers. */
void dbf_server_set_health(dbf_server *srv, const char *service, bool serving);
/* Binds, starts the threads and begins accepting calls. */
dbf_err dbf_server_start(dbf_server *srv, dbf_status *st);
/* The port actually bound (useful with ":0"). */
int dbf_server_port(const dbf_server *srv);
/*
 * Stops accepting calls, lets in-flight calls finish for up to grace_ms, then
 * cancels the rest and joins every thread. Safe to call once.
 */
void dbf_server_shutdown(dbf_server *srv, int64_t grace_ms);
void dbf_server_destroy(dbf_server *srv);

/* ---- per-call API, usable from handler callbacks ---- */

const dbf_method *dbf_call_method(const dbf_call *call);
/* Borrowed value of request metadata key (lowercase), or NULL. */
const char *dbf_call_metadata(const dbf_call *call, const char *key);
/* The call's deadline in ms since the Unix epoch; INT64_MAX when none. */
int64_t dbf_call_deadline_ms(const dbf_call *call);
/* True once the peer cancelled or the deadline passed. */
bool dbf_call_cancelled(const dbf_call *call);
/* A unique id for logs; also echoed in the x-request-id response header. */
const char *dbf_call_request_id(const dbf_call *call);
const char *dbf_call_peer(const dbf_call *call);
/*
 * Defers the end of the running callback, so its work can go on elsewhere
 * (another thread pool, a provider's callback) without holding a worker.
 * Call it from inside the unary handler or a bidi on_message. A deferred
 * unary handler returns DBF_OK without a response and later answers with
 * dbf_call_reply or dbf_call_finish; a deferred bidi call reads no further
 * message until dbf_call_resume. Either way dbf_call_resume ends the
 * deferral, exactly once. The call stays alive (a reference is held) until
 * then, even if the peer goes away meanwhile; on_done may run before it.
 */
void dbf_call_defer(dbf_call *call);
/* Ends a deferral (any thread): a bidi call reads its next message. */
void dbf_call_resume(dbf_call *call);
/* The reply of a deferred unary call (packed before return); any thread. */
dbf_err dbf_call_reply(dbf_call *call, const ProtobufCMessage *resp);
/* Per-call memory, freed after on_done / after the unary reply is sent. */
dbf_arena *dbf_call_arena(dbf_call *call);
/* A slot for handler state. */
void *dbf_call_user(const dbf_call *call);
void dbf_call_set_user(dbf_call *call, void *user);
/* The authenticated principal set by the interceptor (borrowed, freed with the call). */
const void *dbf_call_principal(const dbf_call *call);
void dbf_call_set_principal(dbf_call *call, void *principal, void (*free_fn)(void *));

/*
 * Queues msg for sending (it is packed before return, so the caller keeps
 * ownership). DBF_ERR_CANCELLED once the call is over or finishing;
 * DBF_ERR_TOO_BIG when the queue passes max_queued_bytes (slow reader).
 */
dbf_err dbf_call_send(dbf_call *call, const ProtobufCMessage *msg);
/*
 * Flow control for a handler that produces a long stream from a worker:
 * waits until at most max_bytes are queued for sending (the message in
 * flight not counted), so the producer makes the next piece only once the
 * client has taken the last ones. DBF_OK when the queue is short enough;
 * DBF_ERR_CANCELLED once the call is over (the peer went away, it was
 * finished, its deadline passed); DBF_ERR_DEADLINE after timeout_ms. It
 * blocks: call it on a worker, never on a completion-queue thread.
 */
dbf_err dbf_call_wait_writable(dbf_call *call, size_t max_bytes, int64_t timeout_ms);
/*
 * Between dbf_call_cork and dbf_call_uncork, dbf_call_send only queues:
 * a burst of messages (one turn's frames) then reaches gRPC together and
 * leaves in one write. Finishing the call uncorks it. Any thread.
 */
void dbf_call_cork(dbf_call *call);
void dbf_call_uncork(dbf_call *call);
/*
 * Ends a streaming call after the queued messages with code and msg
 * (NULL for none). Later calls are no-ops. Any thread.
 */
void dbf_call_finish(dbf_call *call, dbf_err code, const char *msg);
/* Keep a call alive beyond its callbacks (e.g. in a registry); any thread. */
void dbf_call_ref(dbf_call *call);
void dbf_call_unref(dbf_call *call);

/* The single boundary from dbf_err to a grpc_status_code (transport/status.c). */
int dbf_err_to_grpc_status(dbf_err err);

#endif
