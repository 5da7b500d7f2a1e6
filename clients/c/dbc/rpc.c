/*
 * grpc_client.c - synchronous gRPC client helpers for tests and the load
 * generator. Every operation is one batch plucked from a completion queue,
 * and every call carries a deadline, so nothing here can wait forever.
 */
#include "dbc/rpc.h"

#include <stdbool.h>
#include <string.h>

#include <grpc/byte_buffer_reader.h>
#include <grpc/grpc_security.h>
#include <grpc/support/time.h>

#include "core/alloc.h"

#define DEFAULT_TIMEOUT_MS 30000

struct dbc_raw_stream {
  grpc_call *call;
  grpc_completion_queue *cq;
  grpc_metadata_array initial_md, trailing_md;
  bool status_done;
  bool recv_pending;         /* a RECV_MESSAGE batch is in flight */
  grpc_byte_buffer *recv_bb; /* its target */
  grpc_status_code status;
  grpc_slice details;
};

static gpr_timespec deadline_after(int64_t timeout_ms) {
  if (timeout_ms <= 0)
    timeout_ms = DEFAULT_TIMEOUT_MS;
  return gpr_time_add(gpr_now(GPR_CLOCK_REALTIME), gpr_time_from_millis(timeout_ms, GPR_TIMESPAN));
}

/* Waits for tag; the call deadline guarantees it completes. */
static bool pluck(grpc_completion_queue *cq, void *tag) {
  grpc_event ev = grpc_completion_queue_pluck(cq, tag, gpr_inf_future(GPR_CLOCK_REALTIME), NULL);
  return ev.type == GRPC_OP_COMPLETE && ev.success;
}

static void cq_destroy(grpc_completion_queue *cq) {
  grpc_completion_queue_shutdown(cq);
  grpc_completion_queue_destroy(cq);
}

grpc_channel *dbc_channel_insecure(const char *target, int max_recv_bytes) {
  /* A dropped connection is retried after 100 ms rather than gRPC's
   * default 1 s, doubling up to 2 s: a client that resumes a stream after a
   * drop (dbc/interview.h) waits on this backoff, not on its own. gRPC also
   * takes the minimum backoff as the time one connection attempt may take
   * (TCP and the HTTP/2 handshake), so that stays 5 s: a slow or loaded
   * server must not fail calls with "timed out before receiving SETTINGS". */
  grpc_arg args[4] = {
      {.type = GRPC_ARG_INTEGER,
       .key = GRPC_ARG_INITIAL_RECONNECT_BACKOFF_MS,
       .value.integer = 100},
      {.type = GRPC_ARG_INTEGER, .key = GRPC_ARG_MIN_RECONNECT_BACKOFF_MS, .value.integer = 5000},

      {.type = GRPC_ARG_INTEGER, .key = GRPC_ARG_MAX_RECONNECT_BACKOFF_MS, .value.integer = 2000},
      {.type = GRPC_ARG_INTEGER,
       .key = GRPC_ARG_MAX_RECEIVE_MESSAGE_LENGTH,
       .value.integer = max_recv_bytes},
  };
  grpc_channel_args cargs = {.num_args = max_recv_bytes > 0 ? 4 : 3, .args = args};
  grpc_channel_credentials *creds = grpc_insecure_credentials_create();
  grpc_channel *ch = grpc_channel_create(target, creds, &cargs);
  grpc_channel_credentials_release(creds);
  return ch;
}

grpc_channel *dbc_channel_tls(const char *target, const char *root_pem, const char *cert_pem,
                              const char *key_pem, const char *host_override) {
  grpc_ssl_pem_key_cert_pair pair = {.private_key = key_pem, .cert_chain = cert_pem};
  grpc_channel_credentials *creds =
      grpc_ssl_credentials_create(root_pem, cert_pem ? &pair : NULL, NULL, NULL);
  grpc_arg arg = {.type = GRPC_ARG_STRING,
                  .key = GRPC_SSL_TARGET_NAME_OVERRIDE_ARG,
                  .value.string = (char *)host_override};
  grpc_channel_args args = {.num_args = host_override ? 1 : 0, .args = &arg};
  grpc_channel *ch = grpc_channel_create(target, creds, &args);
  grpc_channel_credentials_release(creds);
  return ch;
}

static grpc_metadata *make_md(const dbc_md *md, size_t nmd) {
  grpc_metadata *out = dbf_calloc(nmd ? nmd : 1, sizeof *out);
  for (size_t i = 0; out && i < nmd; i++) {
    out[i].key = grpc_slice_from_static_string(md[i].key);
    out[i].value = grpc_slice_from_static_string(md[i].value);
  }
  return out;
}

static char *copy_slice(grpc_slice s) {
  return dbf_strndup((const char *)GRPC_SLICE_START_PTR(s), GRPC_SLICE_LENGTH(s));
}

static char *find_request_id(const grpc_metadata_array *md) {
  for (size_t i = 0; i < md->count; i++)
    if (grpc_slice_str_cmp(md->metadata[i].key, "x-request-id") == 0)
      return copy_slice(md->metadata[i].value);
  return NULL;
}

static unsigned char *read_bb(grpc_byte_buffer *bb, size_t *n) {
  grpc_byte_buffer_reader r;
  if (!grpc_byte_buffer_reader_init(&r, bb))
    return NULL;
  grpc_slice s = grpc_byte_buffer_reader_readall(&r);
  grpc_byte_buffer_reader_destroy(&r);
  *n = GRPC_SLICE_LENGTH(s);
  unsigned char *p = dbf_malloc(*n ? *n : 1);
  if (p)
    memcpy(p, GRPC_SLICE_START_PTR(s), *n);
  grpc_slice_unref(s);
  return p;
}

dbf_err dbc_raw_unary(grpc_channel *ch, grpc_completion_queue *cq, const char *method,
                      const void *req, size_t req_len, const dbc_md *md, size_t nmd,
                      int64_t timeout_ms, dbc_raw_result *out) {
  dbf_err rc = DBF_OK;
  memset(out, 0, sizeof *out);
  grpc_completion_queue *own = NULL;
  if (!cq)
    cq = own = grpc_completion_queue_create_for_pluck(NULL);
  grpc_slice path = grpc_slice_from_static_string(method);
  grpc_call *call = grpc_channel_create_call(ch, NULL, GRPC_PROPAGATE_DEFAULTS, cq, path, NULL,
                                             deadline_after(timeout_ms), NULL);
  grpc_metadata *gmd = make_md(md, nmd);
  grpc_slice body = grpc_slice_from_copied_buffer(req, req_len);
  grpc_byte_buffer *send = grpc_raw_byte_buffer_create(&body, 1);
  grpc_slice_unref(body);
  grpc_byte_buffer *recv = NULL;
  grpc_metadata_array initial_md, trailing_md;
  grpc_metadata_array_init(&initial_md);
  grpc_metadata_array_init(&trailing_md);
  grpc_slice details = grpc_empty_slice();
  grpc_op ops[6];
  memset(ops, 0, sizeof ops);
  ops[0].op = GRPC_OP_SEND_INITIAL_METADATA;
  ops[0].data.send_initial_metadata.count = gmd ? nmd : 0;
  ops[0].data.send_initial_metadata.metadata = gmd;
  ops[1].op = GRPC_OP_SEND_MESSAGE;
  ops[1].data.send_message.send_message = send;
  ops[2].op = GRPC_OP_SEND_CLOSE_FROM_CLIENT;
  ops[3].op = GRPC_OP_RECV_INITIAL_METADATA;
  ops[3].data.recv_initial_metadata.recv_initial_metadata = &initial_md;
  ops[4].op = GRPC_OP_RECV_MESSAGE;
  ops[4].data.recv_message.recv_message = &recv;
  ops[5].op = GRPC_OP_RECV_STATUS_ON_CLIENT;
  ops[5].data.recv_status_on_client.trailing_metadata = &trailing_md;
  ops[5].data.recv_status_on_client.status = &out->status;
  ops[5].data.recv_status_on_client.status_details = &details;
  if (grpc_call_start_batch(call, ops, 6, (void *)1, NULL) != GRPC_CALL_OK) {
    rc = DBF_ERR_INTERNAL;
    goto out;
  }
  pluck(cq, (void *)1);
  out->details = copy_slice(details);
  out->request_id = find_request_id(&initial_md);
  if (recv)
    out->resp = read_bb(recv, &out->resp_len);
out:
  grpc_slice_unref(details);
  grpc_metadata_array_destroy(&initial_md);
  grpc_metadata_array_destroy(&trailing_md);
  if (recv)
    grpc_byte_buffer_destroy(recv);
  grpc_byte_buffer_destroy(send);
  dbf_free(gmd);
  grpc_call_unref(call);
  if (own)
    cq_destroy(own);
  return rc;
}

void dbc_raw_result_free(dbc_raw_result *r) {
  dbf_free(r->details);
  dbf_free(r->resp);
  dbf_free(r->request_id);
  memset(r, 0, sizeof *r);
}

/* ---- streams ---- */

#define TAG_OP     ((void *)1)
#define TAG_STATUS ((void *)2)
#define TAG_RECV   ((void *)3)

static dbf_err run_op(dbc_raw_stream *s, grpc_op *ops, size_t n) {
  if (grpc_call_start_batch(s->call, ops, n, TAG_OP, NULL) != GRPC_CALL_OK)
    return DBF_ERR_INTERNAL;
  return pluck(s->cq, TAG_OP) ? DBF_OK : DBF_ERR_CANCELLED;
}

dbf_err dbc_raw_stream_open(grpc_channel *ch, const char *method, const dbc_md *md, size_t nmd,
                            int64_t timeout_ms, dbc_raw_stream **out) {
  dbc_raw_stream *s = dbf_calloc(1, sizeof *s);
  if (!s)
    return DBF_ERR_NOMEM;
  s->cq = grpc_completion_queue_create_for_pluck(NULL);
  grpc_metadata_array_init(&s->initial_md);
  grpc_metadata_array_init(&s->trailing_md);
  s->details = grpc_empty_slice();
  s->call = grpc_channel_create_call(ch, NULL, GRPC_PROPAGATE_DEFAULTS, s->cq,
                                     grpc_slice_from_static_string(method), NULL,
                                     deadline_after(timeout_ms), NULL);
  /* Initial metadata is requested up front, with the status: the core
   * delivers a trailers-only response (a status with no messages) to a
   * client only once initial metadata was asked for. */
  grpc_op st[2];
  memset(st, 0, sizeof st);
  st[0].op = GRPC_OP_RECV_INITIAL_METADATA;
  st[0].data.recv_initial_metadata.recv_initial_metadata = &s->initial_md;
  st[1].op = GRPC_OP_RECV_STATUS_ON_CLIENT;
  st[1].data.recv_status_on_client.trailing_metadata = &s->trailing_md;
  st[1].data.recv_status_on_client.status = &s->status;
  st[1].data.recv_status_on_client.status_details = &s->details;
  grpc_call_start_batch(s->call, st, 2, TAG_STATUS, NULL);
  grpc_metadata *gmd = make_md(md, nmd);
  grpc_op op;
  memset(&op, 0, sizeof op);
  op.op = GRPC_OP_SEND_INITIAL_METADATA;
  op.data.send_initial_metadata.count = gmd ? nmd : 0;
  op.data.send_initial_metadata.metadata = gmd;
  dbf_err rc = run_op(s, &op, 1);
  dbf_free(gmd);
  *out = s;
  return rc;
}

dbf_err dbc_raw_stream_send(dbc_raw_stream *s, const void *p, size_t n) {
  grpc_slice body = grpc_slice_from_copied_buffer(p, n);
  grpc_byte_buffer *bb = grpc_raw_byte_buffer_create(&body, 1);
  grpc_slice_unref(body);
  grpc_op op;
  memset(&op, 0, sizeof op);
  op.op = GRPC_OP_SEND_MESSAGE;
  op.data.send_message.send_message = bb;
  dbf_err rc = run_op(s, &op, 1);
  grpc_byte_buffer_destroy(bb);
  return rc;
}

dbf_err dbc_raw_stream_close_send(dbc_raw_stream *s) {
  grpc_op op;
  memset(&op, 0, sizeof op);
  op.op = GRPC_OP_SEND_CLOSE_FROM_CLIENT;
  return run_op(s, &op, 1);
}

dbf_err dbc_raw_stream_recv(dbc_raw_stream *s, unsigned char **p, size_t *n) {
  return dbc_raw_stream_recv_wait(s, -1, p, n);
}

dbf_err dbc_raw_stream_recv_wait(dbc_raw_stream *s, int64_t wait_ms, unsigned char **p, size_t *n) {
  *p = NULL;
  *n = 0;
  if (!s->recv_pending) {
    grpc_op op;
    memset(&op, 0, sizeof op);
    op.op = GRPC_OP_RECV_MESSAGE;
    op.data.recv_message.recv_message = &s->recv_bb;
    s->recv_bb = NULL;
    if (grpc_call_start_batch(s->call, &op, 1, TAG_RECV, NULL) != GRPC_CALL_OK)
      return DBF_ERR_INTERNAL;
    s->recv_pending = true;
  }
  gpr_timespec until = wait_ms < 0 ? gpr_inf_future(GPR_CLOCK_REALTIME)
                                   : gpr_time_add(gpr_now(GPR_CLOCK_REALTIME),
                                                  gpr_time_from_millis(wait_ms, GPR_TIMESPAN));
  grpc_event ev = grpc_completion_queue_pluck(s->cq, TAG_RECV, until, NULL);
  if (ev.type == GRPC_QUEUE_TIMEOUT)
    return DBF_ERR_DEADLINE;
  s->recv_pending = false;
  grpc_byte_buffer *bb = s->recv_bb;
  s->recv_bb = NULL;
  if (bb) {
    *p = read_bb(bb, n);
    grpc_byte_buffer_destroy(bb);
    if (!*p)
      return DBF_ERR_NOMEM;
  }
  return ev.type == GRPC_OP_COMPLETE && ev.success ? DBF_OK : DBF_ERR_CANCELLED;
}

void dbc_raw_stream_cancel(dbc_raw_stream *s) {
  grpc_call_cancel(s->call, NULL);
}

static void wait_status(dbc_raw_stream *s) {
  if (!s->status_done) {
    pluck(s->cq, TAG_STATUS);
    s->status_done = true;
  }
}

dbf_err dbc_raw_stream_finish(dbc_raw_stream *s, dbc_raw_result *out) {
  memset(out, 0, sizeof *out);
  wait_status(s);
  out->status = s->status;
  out->details = copy_slice(s->details);
  out->request_id = find_request_id(&s->initial_md);
  return DBF_OK;
}

void dbc_raw_stream_free(dbc_raw_stream *s) {
  if (!s)
    return;
  if (!s->status_done)
    grpc_call_cancel(s->call, NULL);
  if (s->recv_pending) {
    pluck(s->cq, TAG_RECV);
    if (s->recv_bb)
      grpc_byte_buffer_destroy(s->recv_bb);
  }
  wait_status(s);
  grpc_call_unref(s->call);
  grpc_slice_unref(s->details);
  grpc_metadata_array_destroy(&s->initial_md);
  grpc_metadata_array_destroy(&s->trailing_md);
  cq_destroy(s->cq);
  dbf_free(s);
}
