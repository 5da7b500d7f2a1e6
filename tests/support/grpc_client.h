/*
 * grpc_client.h - a small synchronous gRPC C-core client for tests and
 * benchmarks: unary calls and simple streams over raw message bytes, with
 * metadata and a deadline. Not used by the server.
 */
#ifndef DBF_TESTS_GRPC_CLIENT_H
#define DBF_TESTS_GRPC_CLIENT_H

#include <stddef.h>
#include <stdint.h>

#include <grpc/grpc.h>

#include "core/err.h"

typedef struct dbf_tc_md {
  const char *key; /* lowercase */
  const char *value;
} dbf_tc_md;

/* The outcome of a call. Zero-initialise; free with dbf_tc_result_free. */
typedef struct dbf_tc_result {
  grpc_status_code status;
  char *details;       /* owned; "" when the server sent none */
  unsigned char *resp; /* owned; the (last) response message, NULL when none */
  size_t resp_len;
  char *request_id; /* owned; x-request-id from the initial metadata, or NULL */
} dbf_tc_result;

/*
 * Returns a new plaintext channel to target ("127.0.0.1:port"); release it
 * with grpc_channel_destroy. max_recv_bytes <= 0 keeps gRPC's default.
 */
grpc_channel *dbf_tc_channel(const char *target, int max_recv_bytes);

/*
 * Returns a new TLS channel trusting root_pem; cert_pem/key_pem (both or
 * neither) are the client certificate for mutual TLS. host_override names
 * the host the server certificate must match (NULL: the target's).
 */
grpc_channel *dbf_tc_channel_tls(const char *target, const char *root_pem, const char *cert_pem,
                                 const char *key_pem, const char *host_override);

/*
 * One unary call with the request bytes req. cq is a pluck queue owned by
 * the caller (one per thread), or NULL for a private one. timeout_ms <= 0
 * means 30 s, so a test never hangs. Fills *out (free with
 * dbf_tc_result_free) and returns DBF_OK whenever a status arrived.
 */
dbf_err dbf_tc_unary(grpc_channel *ch, grpc_completion_queue *cq, const char *method,
                     const void *req, size_t req_len, const dbf_tc_md *md, size_t nmd,
                     int64_t timeout_ms, dbf_tc_result *out);
void dbf_tc_result_free(dbf_tc_result *r);

/* A streaming call driven one operation at a time. */
typedef struct dbf_tc_stream dbf_tc_stream;

/* Starts a call and sends its metadata. Returns a new stream in *out. */
dbf_err dbf_tc_stream_open(grpc_channel *ch, const char *method, const dbf_tc_md *md, size_t nmd,
                           int64_t timeout_ms, dbf_tc_stream **out);
/* Sends one message (copied). DBF_ERR_CANCELLED when the call is over. */
dbf_err dbf_tc_stream_send(dbf_tc_stream *s, const void *p, size_t n);
/* Half-closes the sending side. */
dbf_err dbf_tc_stream_close_send(dbf_tc_stream *s);
/*
 * Receives one message into *p (owned by the caller, free with dbf_free);
 * *p is NULL at the end of the stream.
 */
dbf_err dbf_tc_stream_recv(dbf_tc_stream *s, unsigned char **p, size_t *n);
/* Cancels the call from the client side. */
void dbf_tc_stream_cancel(dbf_tc_stream *s);
/* Waits for the status and fills out (status, details, request_id). */
dbf_err dbf_tc_stream_finish(dbf_tc_stream *s, dbf_tc_result *out);
/* Cancels if still running, waits for the status, frees s. NULL is fine. */
void dbf_tc_stream_free(dbf_tc_stream *s);

#endif
