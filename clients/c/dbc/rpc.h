/*
 * rpc.h - the C client library's transport: a small synchronous gRPC
 * C-core client, unary calls and streams over raw message bytes, with
 * metadata and a deadline. dbc/client.h builds typed calls on it; the
 * transport tests and the benchmarks use it directly. Not used by the
 * server.
 */
#ifndef DBC_RPC_H
#define DBC_RPC_H

#include <stddef.h>
#include <stdint.h>

#include <grpc/grpc.h>

#include "core/err.h"

typedef struct dbc_md {
  const char *key; /* lowercase */
  const char *value;
} dbc_md;

/* The outcome of a call. Zero-initialise; free with dbc_raw_result_free. */
typedef struct dbc_raw_result {
  grpc_status_code status;
  char *details;       /* owned; "" when the server sent none */
  unsigned char *resp; /* owned; the (last) response message, NULL when none */
  size_t resp_len;
  char *request_id; /* owned; x-request-id from the initial metadata, or NULL */
} dbc_raw_result;

/*
 * Returns a new plaintext channel to target ("127.0.0.1:port"); release it
 * with grpc_channel_destroy. max_recv_bytes <= 0 keeps gRPC's default.
 */
grpc_channel *dbc_channel_insecure(const char *target, int max_recv_bytes);

/*
 * Returns a new TLS channel trusting root_pem; cert_pem/key_pem (both or
 * neither) are the client certificate for mutual TLS. host_override names
 * the host the server certificate must match (NULL: the target's).
 */
grpc_channel *dbc_channel_tls(const char *target, const char *root_pem, const char *cert_pem,
                              const char *key_pem, const char *host_override);

/*
 * One unary call with the request bytes req. cq is a pluck queue owned by
 * the caller (one per thread), or NULL for a private one. timeout_ms <= 0
 * means 30 s, so a test never hangs. Fills *out (free with
 * dbc_raw_result_free) and returns DBF_OK whenever a status arrived.
 */
dbf_err dbc_raw_unary(grpc_channel *ch, grpc_completion_queue *cq, const char *method,
                      const void *req, size_t req_len, const dbc_md *md, size_t nmd,
                      int64_t timeout_ms, dbc_raw_result *out);
void dbc_raw_result_free(dbc_raw_result *r);

/* A streaming call driven one operation at a time. */
typedef struct dbc_raw_stream dbc_raw_stream;

/* Starts a call and sends its metadata. Returns a new stream in *out. */
dbf_err dbc_raw_stream_open(grpc_channel *ch, const char *method, const dbc_md *md, size_t nmd,
                            int64_t timeout_ms, dbc_raw_stream **out);
/* Sends one message (copied). DBF_ERR_CANCELLED when the call is over. */
dbf_err dbc_raw_stream_send(dbc_raw_stream *s, const void *p, size_t n);
/* Half-closes the sending side. */
dbf_err dbc_raw_stream_close_send(dbc_raw_stream *s);
/*
 * Receives one message into *p (owned by the caller, free with dbf_free);
 * *p is NULL at the end of the stream.
 */
dbf_err dbc_raw_stream_recv(dbc_raw_stream *s, unsigned char **p, size_t *n);
/*
 * Like dbc_raw_stream_recv, waiting at most wait_ms (< 0: until the call's
 * deadline). DBF_ERR_DEADLINE when nothing arrived in time: the receive
 * stays pending and the next call picks it up. A send may run while a
 * receive is pending (one of each at a time).
 */
dbf_err dbc_raw_stream_recv_wait(dbc_raw_stream *s, int64_t wait_ms, unsigned char **p, size_t *n);
/* Cancels the call from the client side. */
void dbc_raw_stream_cancel(dbc_raw_stream *s);
/* Waits for the status and fills out (status, details, request_id). */
dbf_err dbc_raw_stream_finish(dbc_raw_stream *s, dbc_raw_result *out);
/* Cancels if still running, waits for the status, frees s. NULL is fine. */
void dbc_raw_stream_free(dbc_raw_stream *s);

#endif
