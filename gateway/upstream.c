/*
 * upstream.c - the gateway's gRPC client (upstream.h).
 *
 * Each call has four batches, each with its own tag: the initial metadata,
 * one send, one receive and the status. The completion-queue thread pushes
 * a completed batch onto a mutex-protected list and wakes the owner; the
 * owner's thread pops them in dispatch, so every call field is touched by
 * one thread only. A released call is freed when its last batch is back.
 */
#include "gateway/upstream.h"

#include <pthread.h>
#include <string.h>
#include <time.h>

#include <grpc/byte_buffer_reader.h>
#include <grpc/grpc.h>
#include <grpc/grpc_security.h>
#include <grpc/support/time.h>

#include "core/alloc.h"
#include "core/log.h"

#define MAX_METADATA 8 /* entries one call sends */

typedef enum batch_kind { B_INIT = 0, B_SEND, B_RECV, B_STATUS, B_UNARY } batch_kind;

typedef struct gw_batch {
  struct gw_batch *next; /* on the completed list */
  dbf_gw_call *call;
  batch_kind kind;
  bool ok; /* the completion's success flag */
} gw_batch;

struct dbf_gw_call {
  dbf_gw_upstream *up;
  grpc_call *gc;
  gw_batch batches[5];
  grpc_metadata md[MAX_METADATA];
  size_t nmd;
  grpc_metadata_array initial_md, trailing_md;
  grpc_byte_buffer *send_bb, *recv_bb;
  grpc_status_code status;
  grpc_slice details;
  unsigned pending; /* batches started and not yet dispatched */
  bool sending;     /* a send batch is in flight */
  bool receiving;   /* a receive batch is in flight */
  bool released;    /* the owner is done: no more events, free after the last batch */
  bool status_seen; /* the status came: the call is over */
  dbf_gw_event_fn fn;
  void *arg;
};

struct dbf_gw_upstream {
  grpc_channel *channel;
  grpc_completion_queue *cq;
  pthread_t thread;
  bool thread_started; /* cq_main runs and must be joined */
  pthread_mutex_t mu;
  gw_batch *head, *tail; /* completed batches, under mu */
  void (*wake)(void *);
  void *wake_arg;
  size_t live; /* owner's thread only */
};

static void *cq_main(void *arg) {
  dbf_gw_upstream *up = arg;
  for (;;) {
    grpc_event ev = grpc_completion_queue_next(up->cq, gpr_inf_future(GPR_CLOCK_REALTIME), NULL);
    if (ev.type == GRPC_QUEUE_SHUTDOWN)
      break;
    if (ev.type != GRPC_OP_COMPLETE)
      continue;
    gw_batch *b = ev.tag;
    b->ok = ev.success != 0;
    b->next = NULL;
    pthread_mutex_lock(&up->mu);
    bool was_empty = up->head == NULL;
    if (up->tail)
      up->tail->next = b;
    else
      up->head = b;
    up->tail = b;
    pthread_mutex_unlock(&up->mu);
    /* One wake per batch of completions: a non-empty list already has one pending, and the
       owner takes the whole list when it runs. */
    if (was_empty)
      up->wake(up->wake_arg);
  }
  return NULL;
}

dbf_err dbf_gw_upstream_create(const char *target, size_t max_message, void (*wake)(void *),
                               void *wake_arg, dbf_gw_upstream **out, dbf_status *st) {
  dbf_gw_upstream *up = dbf_calloc(1, sizeof *up);
  if (!up)
    return dbf_fail(st, DBF_ERR_NOMEM, "out of memory");
  grpc_init();
  pthread_mutex_init(&up->mu, NULL);
  up->wake = wake;
  up->wake_arg = wake_arg;
  grpc_arg args[] = {
      {.type = GRPC_ARG_INTEGER,
       .key = GRPC_ARG_MAX_RECEIVE_MESSAGE_LENGTH,
       .value.integer = (int)max_message},
      {.type = GRPC_ARG_INTEGER,
       .key = GRPC_ARG_MAX_SEND_MESSAGE_LENGTH,
       .value.integer = (int)max_message},
  };
  grpc_channel_args cargs = {.num_args = DBF_ARRAY_LEN(args), .args = args};
  grpc_channel_credentials *creds = grpc_insecure_credentials_create();
  up->channel = grpc_channel_create(target, creds, &cargs);
  grpc_channel_credentials_release(creds);
  up->cq = grpc_completion_queue_create_for_next(NULL);
  if (!up->channel || !up->cq || pthread_create(&up->thread, NULL, cq_main, up) != 0) {
    dbf_gw_upstream_destroy(up);
    return dbf_fail(st, DBF_ERR_INTERNAL, "cannot create a gRPC channel to %s", target);
  }
  up->thread_started = true;
  *out = up;
  return DBF_OK;
}

size_t dbf_gw_upstream_live_calls(const dbf_gw_upstream *up) {
  return up->live;
}

static void call_free(dbf_gw_call *c) {
  for (size_t i = 0; i < c->nmd; i++) {
    grpc_slice_unref(c->md[i].key);
    grpc_slice_unref(c->md[i].value);
  }
  grpc_metadata_array_destroy(&c->initial_md);
  grpc_metadata_array_destroy(&c->trailing_md);
  if (c->send_bb)
    grpc_byte_buffer_destroy(c->send_bb);
  if (c->recv_bb)
    grpc_byte_buffer_destroy(c->recv_bb);
  grpc_slice_unref(c->details);
  if (c->gc)
    grpc_call_unref(c->gc);
  c->up->live--;
  dbf_free(c);
}

static void deliver(dbf_gw_call *c, dbf_gw_event *ev) {
  if (!c->released && c->fn)
    c->fn(c, ev, c->arg);
}

static void on_status(dbf_gw_call *c, bool ok) {
  dbf_gw_event ev = {.kind = DBF_GW_EV_STATUS, .ok = ok};
  char *details =
      dbf_strndup((const char *)GRPC_SLICE_START_PTR(c->details), GRPC_SLICE_LENGTH(c->details));
  c->status_seen = true;
  ev.code = ok ? (int)c->status : GRPC_STATUS_INTERNAL;
  ev.details = details ? details : "";
  deliver(c, &ev);
  dbf_free(details);
}

static void on_message(dbf_gw_call *c, bool ok) {
  dbf_gw_event ev = {.kind = DBF_GW_EV_MESSAGE, .ok = ok};
  grpc_slice s = grpc_empty_slice();
  c->receiving = false;
  if (c->recv_bb) {
    grpc_byte_buffer_reader r;
    if (grpc_byte_buffer_reader_init(&r, c->recv_bb)) {
      s = grpc_byte_buffer_reader_readall(&r);
      grpc_byte_buffer_reader_destroy(&r);
      ev.data = GRPC_SLICE_START_PTR(s);
      ev.len = GRPC_SLICE_LENGTH(s);
      if (!ev.data)
        ev.data = (const uint8_t *)""; /* an empty message, not the end */
    }
    grpc_byte_buffer_destroy(c->recv_bb);
    c->recv_bb = NULL;
  }
  deliver(c, &ev);
  grpc_slice_unref(s);
}

static void on_batch(gw_batch *b) {
  dbf_gw_call *c = b->call;
  dbf_gw_event ev = {.ok = b->ok};
  /* The batch still counts as pending while its event is delivered, so a
     callback that releases the call cannot free it under this function. */
  switch (b->kind) {
    case B_INIT:
      break;
    case B_SEND:
      c->sending = false;
      if (c->send_bb) {
        grpc_byte_buffer_destroy(c->send_bb);
        c->send_bb = NULL;
      }
      ev.kind = DBF_GW_EV_SENT;
      deliver(c, &ev);
      break;
    case B_RECV:
      on_message(c, b->ok);
      break;
    case B_STATUS:
      on_status(c, b->ok);
      break;
    case B_UNARY:
      /* Everything of a unary call came back at once: the reply (if any), then the status. */
      c->sending = false;
      on_message(c, b->ok);
      on_status(c, b->ok);
      break;
  }
  c->pending--;
  if (c->released && c->pending == 0)
    call_free(c);
}

void dbf_gw_upstream_dispatch(dbf_gw_upstream *up) {
  pthread_mutex_lock(&up->mu);
  gw_batch *b = up->head;
  up->head = up->tail = NULL;
  pthread_mutex_unlock(&up->mu);
  while (b) {
    gw_batch *next = b->next;
    on_batch(b);
    b = next;
  }
}

static dbf_err start(dbf_gw_call *c, batch_kind kind, grpc_op *ops, size_t n) {
  gw_batch *b = &c->batches[kind];
  b->call = c;
  b->kind = kind;
  if (grpc_call_start_batch(c->gc, ops, n, b, NULL) != GRPC_CALL_OK)
    return DBF_ERR_INTERNAL;
  c->pending++;
  return DBF_OK;
}

/* A new call with its metadata copied; no batch started yet. */
static dbf_err call_new(dbf_gw_upstream *up, const char *method, const dbf_gw_md *md, size_t nmd,
                        int64_t timeout_ms, dbf_gw_event_fn fn, void *arg, dbf_gw_call **out) {
  if (nmd > MAX_METADATA)
    return DBF_ERR_INVALID;
  dbf_gw_call *c = dbf_calloc(1, sizeof *c);
  if (!c)
    return DBF_ERR_NOMEM;
  up->live++;
  c->up = up;
  c->fn = fn;
  c->arg = arg;
  c->details = grpc_empty_slice();
  grpc_metadata_array_init(&c->initial_md);
  grpc_metadata_array_init(&c->trailing_md);
  gpr_timespec deadline = timeout_ms > 0
                              ? gpr_time_add(gpr_now(GPR_CLOCK_REALTIME),
                                             gpr_time_from_millis(timeout_ms, GPR_TIMESPAN))
                              : gpr_inf_future(GPR_CLOCK_REALTIME);
  grpc_slice path = grpc_slice_from_copied_string(method);
  c->gc = grpc_channel_create_call(up->channel, NULL, GRPC_PROPAGATE_DEFAULTS, up->cq, path, NULL,
                                   deadline, NULL);
  grpc_slice_unref(path);
  for (size_t i = 0; i < nmd; i++) {
    c->md[i].key = grpc_slice_from_copied_string(md[i].key);
    c->md[i].value = grpc_slice_from_copied_string(md[i].value);
  }
  c->nmd = nmd;
  if (!c->gc) {
    c->released = true;
    call_free(c);
    return DBF_ERR_INTERNAL;
  }
  *out = c;
  return DBF_OK;
}

/* The ops every call has: its metadata out, the server's in, and the status. */
static void op_send_md(dbf_gw_call *c, grpc_op *op) {
  op->op = GRPC_OP_SEND_INITIAL_METADATA;
  op->data.send_initial_metadata.count = c->nmd;
  op->data.send_initial_metadata.metadata = c->md;
}

static void op_recv_md(dbf_gw_call *c, grpc_op *op) {
  op->op = GRPC_OP_RECV_INITIAL_METADATA;
  op->data.recv_initial_metadata.recv_initial_metadata = &c->initial_md;
}

static void op_recv_status(dbf_gw_call *c, grpc_op *op) {
  op->op = GRPC_OP_RECV_STATUS_ON_CLIENT;
  op->data.recv_status_on_client.trailing_metadata = &c->trailing_md;
  op->data.recv_status_on_client.status = &c->status;
  op->data.recv_status_on_client.status_details = &c->details;
}

/* A copy of p[0..n) to send; it is destroyed when its batch completes. */
static void set_send_buffer(dbf_gw_call *c, const void *p, size_t n) {
  grpc_slice s = grpc_slice_from_copied_buffer(p, n);
  c->send_bb = grpc_raw_byte_buffer_create(&s, 1);
  grpc_slice_unref(s);
}

dbf_err dbf_gw_call_start(dbf_gw_upstream *up, const char *method, const dbf_gw_md *md, size_t nmd,
                          int64_t timeout_ms, dbf_gw_event_fn fn, void *arg, dbf_gw_call **out) {
  dbf_gw_call *c;
  dbf_err rc = call_new(up, method, md, nmd, timeout_ms, fn, arg, &c);
  if (rc)
    return rc;
  grpc_op init[2], status[1];
  memset(init, 0, sizeof init);
  memset(status, 0, sizeof status);
  op_send_md(c, &init[0]);
  op_recv_md(c, &init[1]);
  op_recv_status(c, &status[0]);
  if (start(c, B_INIT, init, 2) != DBF_OK || start(c, B_STATUS, status, 1) != DBF_OK) {
    dbf_gw_call_release(c);
    return DBF_ERR_INTERNAL;
  }
  *out = c;
  return DBF_OK;
}

dbf_err dbf_gw_call_unary(dbf_gw_upstream *up, const char *method, const dbf_gw_md *md, size_t nmd,
                          int64_t timeout_ms, const void *p, size_t n, dbf_gw_event_fn fn,
                          void *arg, dbf_gw_call **out) {
  dbf_gw_call *c;
  dbf_err rc = call_new(up, method, md, nmd, timeout_ms, fn, arg, &c);
  if (rc)
    return rc;
  set_send_buffer(c, p, n);
  grpc_op ops[6];
  memset(ops, 0, sizeof ops);
  op_send_md(c, &ops[0]);
  ops[1].op = GRPC_OP_SEND_MESSAGE;
  ops[1].data.send_message.send_message = c->send_bb;
  ops[2].op = GRPC_OP_SEND_CLOSE_FROM_CLIENT;
  op_recv_md(c, &ops[3]);
  ops[4].op = GRPC_OP_RECV_MESSAGE;
  ops[4].data.recv_message.recv_message = &c->recv_bb;
  op_recv_status(c, &ops[5]);
  if (start(c, B_UNARY, ops, 6) != DBF_OK) {
    dbf_gw_call_release(c);
    return DBF_ERR_INTERNAL;
  }
  c->sending = c->receiving = true;
  *out = c;
  return DBF_OK;
}

dbf_err dbf_gw_call_send(dbf_gw_call *c, const void *p, size_t n, bool last) {
  if (c->sending || c->status_seen)
    return DBF_ERR_STATE;
  set_send_buffer(c, p, n);
  grpc_op ops[2];
  memset(ops, 0, sizeof ops);
  ops[0].op = GRPC_OP_SEND_MESSAGE;
  ops[0].data.send_message.send_message = c->send_bb;
  ops[1].op = GRPC_OP_SEND_CLOSE_FROM_CLIENT;
  dbf_err rc = start(c, B_SEND, ops, last ? 2 : 1);
  if (rc == DBF_OK)
    c->sending = true;
  return rc;
}

dbf_err dbf_gw_call_close_send(dbf_gw_call *c) {
  if (c->sending || c->status_seen)
    return DBF_ERR_STATE;
  grpc_op op;
  memset(&op, 0, sizeof op);
  op.op = GRPC_OP_SEND_CLOSE_FROM_CLIENT;
  dbf_err rc = start(c, B_SEND, &op, 1);
  if (rc == DBF_OK)
    c->sending = true;
  return rc;
}

dbf_err dbf_gw_call_recv(dbf_gw_call *c) {
  if (c->receiving)
    return DBF_ERR_STATE;
  grpc_op op;
  memset(&op, 0, sizeof op);
  op.op = GRPC_OP_RECV_MESSAGE;
  op.data.recv_message.recv_message = &c->recv_bb;
  dbf_err rc = start(c, B_RECV, &op, 1);
  if (rc == DBF_OK)
    c->receiving = true;
  return rc;
}

bool dbf_gw_call_sending(const dbf_gw_call *c) {
  return c->sending;
}

void dbf_gw_call_cancel(dbf_gw_call *c) {
  if (c->gc && !c->status_seen)
    grpc_call_cancel(c->gc, NULL);
}

void dbf_gw_call_release(dbf_gw_call *c) {
  if (!c)
    return;
  dbf_gw_call_cancel(c);
  c->released = true;
  if (c->pending == 0)
    call_free(c);
}

void dbf_gw_upstream_destroy(dbf_gw_upstream *up) {
  if (!up)
    return;
  /* Every call the owner still holds was released before this (the server
     closes its connections first); wait for their last batches. */
  for (int i = 0; up->live > 0 && i < 500; i++) {
    dbf_gw_upstream_dispatch(up);
    if (up->live > 0) {
      struct timespec ts = {0, 10 * 1000 * 1000};
      nanosleep(&ts, NULL);
    }
  }
  if (up->live > 0)
    dbf_log(DBF_LOG_WARN, "gateway_upstream_leak", "%zu calls still open at shutdown", up->live);
  if (up->cq) {
    grpc_completion_queue_shutdown(up->cq);
    if (up->thread_started)
      pthread_join(up->thread, NULL);
    grpc_completion_queue_destroy(up->cq);
  }
  if (up->channel)
    grpc_channel_destroy(up->channel);
  pthread_mutex_destroy(&up->mu);
  dbf_free(up);
  grpc_shutdown();
}
