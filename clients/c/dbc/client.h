/*
 * client.h - libdebrief-client, the C client library of debrief.
 *
 * A client owns one gRPC channel to the server and a way to get a bearer
 * token (a fixed string, or a callback asked before every call and every
 * stream (re)open, so tokens can be refreshed). Every RPC of the API has a
 * typed wrapper generated at build time from the descriptor set
 * (dbc/methods.h, e.g. dbc_session_service_get_session); this header adds
 * the hand-written layer: create/get/list sessions with page iterators.
 * The Interview object over Converse is in dbc/interview.h.
 *
 * Conventions are the project's (docs/conventions.md): every fallible
 * function returns dbf_err, DBF_OK (0) on success, with results through
 * out-parameters; a dbc_status says what failed, with the gRPC status the
 * server answered. Each function says who owns what it returns. Messages
 * returned by the library are protobuf-c messages allocated with the
 * project's allocator: free them with dbc_msg_free.
 *
 * Threading: a client may be used from several threads at once (gRPC's
 * channel is thread-safe and every call has its own completion queue); an
 * interview or a pager belongs to one thread.
 */
#ifndef DBC_CLIENT_H
#define DBC_CLIENT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <protobuf-c/protobuf-c.h>

#include "core/err.h"
#include "dbc/rpc.h"
#include "debrief/v1/session_service.pb-c.h"

/* The longest bearer token a token provider may return, in bytes. */
#define DBC_TOKEN_MAX 8192
/* The per-call deadline when neither the call nor the client sets one. */
#define DBC_DEFAULT_TIMEOUT_MS 10000

/*
 * What went wrong. code is the project's error (DBF_OK on success); grpc
 * is the gRPC status the server answered (0 on success), or -1 when no
 * status came back (the request could not be built or sent).
 */
typedef struct dbc_status {
  dbf_err code;
  int grpc;
  char msg[DBF_STATUS_MSG_MAX]; /* a message a person can act on */
} dbc_status;

/*
 * Writes a NUL-terminated bearer token (without "Bearer ") into buf[0..cap)
 * and returns DBF_OK, or fails with st set; an empty token sends no
 * authorization header. Called on the thread that makes the call, before
 * every call and stream (re)open; refresh is true when the server just
 * answered UNAUTHENTICATED (the call is then tried once more).
 */
typedef dbf_err (*dbc_token_fn)(void *arg, bool refresh, char *buf, size_t cap, dbc_status *st);

typedef struct dbc_client_opts {
  const char *target;         /* "host:port"; required */
  const char *token;          /* a fixed bearer token (copied), used when token_fn is NULL */
  dbc_token_fn token_fn;      /* asked before every call and stream (re)open */
  void *token_arg;            /* passed to token_fn */
  int64_t default_timeout_ms; /* per-call deadline; 0: DBC_DEFAULT_TIMEOUT_MS */
  int max_recv_bytes;         /* the largest reply accepted; 0: gRPC's default (4 MiB) */
} dbc_client_opts;

/* Per-call options; NULL means the client's defaults. */
typedef struct dbc_call_opts {
  int64_t timeout_ms; /* this call's deadline from now; 0: the client's default */
} dbc_call_opts;

typedef struct dbc_client dbc_client;

/* Returns a new client in *out, freed with dbc_client_free. Connects lazily. */
dbf_err dbc_client_new(const dbc_client_opts *o, dbc_client **out, dbc_status *st);
/* Frees the client; nothing it returned may still be in use. NULL is fine. */
void dbc_client_free(dbc_client *c);

/*
 * One unary call to method ("/debrief.v1.SessionService/GetSession") with
 * req (borrowed). On success *resp is a new message of type resp_desc,
 * freed with dbc_msg_free; on failure *resp is NULL and st says why. The
 * generated wrappers in dbc/methods.h call this.
 */
dbf_err dbc_call(dbc_client *c, const char *method, const ProtobufCMessage *req,
                 const ProtobufCMessageDescriptor *resp_desc, ProtobufCMessage **resp,
                 const dbc_call_opts *opts, dbc_status *st);

/* Frees a message the library returned (any protobuf-c message). NULL is fine. */
void dbc_msg_free(void *msg);

/* The project's error for a gRPC status code (the reverse of the server's mapping). */
dbf_err dbc_err_from_grpc(int grpc_code);
/* The canonical name of a gRPC status code ("NOT_FOUND"); static, never NULL. */
const char *dbc_grpc_code_name(int grpc_code);

/*
 * Creates a session of template_slug (version 0: the latest) about subject
 * (borrowed, may be NULL). request_id (may be NULL) makes a retry return
 * the same session. *out is a new Session, freed with dbc_msg_free.
 */
dbf_err dbc_create_session(dbc_client *c, const char *template_slug,
                           const Debrief__V1__Subject *subject, const char *request_id,
                           Debrief__V1__Session **out, const dbc_call_opts *opts, dbc_status *st);
/* Fetches one session. *out is a new Session, freed with dbc_msg_free. */
dbf_err dbc_get_session(dbc_client *c, const char *session_id, Debrief__V1__Session **out,
                        const dbc_call_opts *opts, dbc_status *st);

/*
 * A pager walks a paged List RPC (a request with page_token and a reply
 * with next_page_token and one repeated message field), fetching pages as
 * the caller advances. It belongs to one thread.
 */
typedef struct dbc_pager dbc_pager;

/*
 * Starts listing sessions that match filter (borrowed for the pager's
 * life, may be NULL; its page_token is ignored). *out is a new pager,
 * freed with dbc_pager_free. No call is made until the first next.
 */
dbf_err dbc_list_sessions(dbc_client *c, const Debrief__V1__ListSessionsRequest *filter,
                          const dbc_call_opts *opts, dbc_pager **out, dbc_status *st);
/* Starts listing a session's transcript (Message items) after after_seq. */
dbf_err dbc_session_history(dbc_client *c, const char *session_id, int64_t after_seq,
                            const dbc_call_opts *opts, dbc_pager **out, dbc_status *st);
/*
 * Advances to the next item: *item is borrowed until the next call or
 * dbc_pager_free, and NULL after the last item. A failed page fetch
 * returns its error; the pager may be freed then.
 */
dbf_err dbc_pager_next(dbc_pager *p, const ProtobufCMessage **item, dbc_status *st);
/* Pages fetched so far. */
size_t dbc_pager_pages(const dbc_pager *p);
void dbc_pager_free(dbc_pager *p);

/* Internal to the library: the authorization metadata of one call or stream. */
typedef struct dbc__auth_md {
  char *value; /* owned: "Bearer <token>" */
  dbc_md md;
  size_t n; /* 0 when there is no token */
} dbc__auth_md;
/* Fills *out from the token (provider); free with dbc__auth_free. */
dbf_err dbc__auth(dbc_client *c, bool refresh, dbc__auth_md *out, dbc_status *st);
void dbc__auth_free(dbc__auth_md *a);
/* Internal: the client's channel and default deadline. */
struct grpc_channel *dbc__channel(dbc_client *c);
int64_t dbc__timeout(const dbc_client *c, const dbc_call_opts *opts);
/* Internal: records a failure in st (may be NULL) and returns code. */
dbf_err dbc__fail(dbc_status *st, dbf_err code, int grpc, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

#endif
