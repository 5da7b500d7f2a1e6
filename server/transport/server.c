/*
 * server.c - the gRPC server and the one generic call state machine.
 *
 * Completion-queue threads only dispatch tags: they accept calls, copy
 * metadata, and hand received bytes to the call's serial executor on the
 * worker pool (workq.h). Decoding, the interceptor and every handler
 * callback run on workers, one callback per call at a time.
 *
 * A call owns these gRPC batches, each holding a reference:
 *   - RECV_CLOSE_ON_SERVER, started first, completes when the call is over
 *     (status sent, or the peer cancelled / the deadline passed). It posts
 *     the final job, which runs on_done and logs the call.
 *   - at most one RECV_MESSAGE; a bidi call re-arms it only after
 *     on_message returned, which is the backpressure towards the client.
 *   - at most one send batch; dbf_call_send/dbf_call_finish queue behind it
 *     and the completion starts the next one.
 * The final job holds the "lifecycle" reference, so a call is freed only
 * when every batch has completed and on_done has run.
 *
 * Lock order: call->mu, then the worker queue's lock. srv->mu is never
 * held while taking a call's lock.
 */
#include "transport/server.h"

#include <inttypes.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <string.h>
#include <sys/random.h>
#include <time.h>
#include <unistd.h>

#include <grpc/byte_buffer_reader.h>
#include <grpc/grpc.h>
#include <grpc/grpc_security.h>
#include <grpc/support/alloc.h>
#include <grpc/support/time.h>

#include "core/alloc.h"
#include "core/buf.h"
#include "core/clock.h"
#include "core/config.h"
#include "core/log.h"
#include "transport/transport_int.h"
#include "transport/wire.h"
#include "transport/workq.h"

#define REQUESTS_PER_METHOD  2u                   /* outstanding accepts per method per CQ */
#define DEFAULT_ARENA_BYTES  (4u << 20)           /* per-call arena cap when opts say 0 */
#define DEFAULT_QUEUED_BYTES (8u << 20)           /* per-call write queue cap when opts say 0 */
#define REQUEST_ID_MAX       64u                  /* longest x-request-id we accept */
#define PEM_MAX_BYTES        (1u << 20)           /* certificates and keys are small */
#define STATUS_DETAILS_MAX   1024u                /* longest status message we send */
#define PUBLIC_WORKERS       2                    /* the lane of health and reflection calls */
#define DEFAULT_MAX_STREAMS  1024                 /* HTTP/2 streams per connection */
#define DEFAULT_METADATA     (16 << 10)           /* request header block */
#define DEFAULT_KEEPALIVE_MS (2 * 60 * 60 * 1000) /* server pings after 2 h idle */
#define DEFAULT_KA_TIMEOUT   (20 * 1000)          /* ...and waits 20 s for the pong */
#define DEFAULT_MIN_PING_MS  (10 * 1000)          /* clients may ping every 10 s */
#define DEFAULT_PUBLIC_STRMS 1024                 /* open health Watch + reflection streams */

/* Every tag given to a completion queue starts with this header. */
typedef struct cq_tag cq_tag;
typedef void (*cq_tag_fn)(cq_tag *t, bool ok);
struct cq_tag {
  cq_tag_fn fn;
};

#define CONTAINER_OF(p, type, member) ((type *)(void *)((char *)(p)-offsetof(type, member)))

typedef struct srv_method {
  const dbf_method *m;
  void *handle;      /* from grpc_server_register_method */
  size_t stream_idx; /* its value in debrief_rpc_open_streams; SIZE_MAX for a unary method */
} srv_method;

/* One outstanding request for a new call on one CQ; re-armed after each call. */
typedef struct listener {
  cq_tag tag;
  dbf_server *srv;
  grpc_completion_queue *cq;
  srv_method *sm; /* NULL: the generic listener for unregistered methods */
  grpc_call *call;
  gpr_timespec deadline;
  grpc_metadata_array md;
  grpc_call_details details;
} listener;

/* One packed message waiting for the send slot. */
typedef struct wnode {
  struct wnode *next;
  grpc_byte_buffer *bb;
  size_t len;
} wnode;

struct dbf_server {
  char *addr, *cert_file, *key_file, *ca_file; /* owned copies of the options */
  int cq_threads, worker_threads, max_message_bytes;
  int max_concurrent_streams, max_metadata_bytes, keepalive_time_ms, keepalive_timeout_ms,
      min_ping_interval_ms, max_public_streams;
  size_t arena_bytes, max_queued_bytes;
  bool allow_insecure;

  grpc_server *server;
  grpc_completion_queue **cqs;
  pthread_t *threads;
  int nthreads;         /* CQ threads actually started */
  dbf_workq *wq;        /* every authenticated call */
  dbf_workq *wq_public; /* health and reflection: never queued behind turns */

  srv_method *methods;
  size_t nmethods, cap_methods;
  char **services; /* distinct service names, built at start */
  size_t nservices;

  dbf_interceptor_fn interceptor;
  void *interceptor_arg;
  dbf__health *health;
  dbf__reflection *reflection;
  dbf_metrics *metrics;  /* borrowed from the options; NULL: none */
  dbf_metric *m_handled; /* debrief_rpc_handled_total{method,code} */
  dbf_metric *m_rpc;     /* debrief_rpc_duration_seconds{method,outcome} */
  dbf_metric *m_streams; /* debrief_rpc_open_streams{method} */

  int port;
  bool started, stopped;
  bool grpc_started; /* grpc_server_start ran, so shutdown must notify */
  atomic_bool shutting_down;
  cq_tag shutdown_tag;

  pthread_mutex_t mu; /* guards the counters below */
  pthread_cond_t cv;
  size_t active_calls, listeners;
  size_t public_streams; /* open public streaming calls, against max_public_streams */
  bool shutdown_done;
};

struct dbf_call {
  dbf_server *srv;
  const dbf_method *m; /* NULL for an unregistered method */
  const char *path;    /* arena or the method table */
  grpc_call *call;
  grpc_completion_queue *cq;
  dbf_arena *arena;
  int64_t deadline_ms;
  struct timespec started_at; /* CLOCK_MONOTONIC, for duration_ms */
  size_t midx;                /* index of the method in srv->methods; nmethods: unregistered */
  bool stream_counted;        /* in debrief_rpc_open_streams: on_start accepted the stream */
  size_t nmd;
  const char **md_keys, **md_vals; /* arena copies of the request metadata */
  const char *peer;
  char request_id[REQUEST_ID_MAX + 1];
  void *user;
  void *principal;
  void (*principal_free)(void *);
  atomic_int refs;
  atomic_bool cancelled;

  dbf_serial ser;
  dbf_job job_start; /* interceptor, decode and the first handler callback */
  dbf_job job_msg;   /* one bidi message */
  dbf_job job_half;  /* bidi half-close */
  dbf_job job_done;  /* final: on_done, the log line, the lifecycle ref */

  cq_tag t_close;
  int close_cancelled; /* written by the core for RECV_CLOSE_ON_SERVER */
  cq_tag t_recv;
  grpc_byte_buffer *recv_bb; /* written by the core for RECV_MESSAGE */
  grpc_byte_buffer *req_bb;  /* handed from the CQ thread to job_start/job_msg */
  cq_tag t_send;

  pthread_mutex_t mu;     /* guards everything below */
  pthread_cond_t sent_cv; /* a send batch completed (dbf_call_wait_writable) */
  bool handler_started;   /* the unary handler or on_start ran: on_done is owed */
  bool deferred;          /* dbf_call_defer: the running callback ends later */
  bool deferred_in_cb;    /* ...and that callback has not returned yet */
  bool public_stream;     /* counted in srv->public_streams */
  bool done_posted;       /* no job may be posted after job_done */
  bool finish_requested;  /* no more sends; the status follows the queue */
  bool status_started;
  bool write_broken; /* a send failed: the peer is gone */
  bool init_md_sent;
  bool send_inflight;
  bool corked; /* dbf_call_cork: hold queued messages until uncorked */
  wnode *wq_head, *wq_tail;
  size_t queued_bytes;
  grpc_byte_buffer *send_bb; /* the message in flight */
  grpc_status_code final_code;
  grpc_slice final_details;
  bool has_details;
  grpc_metadata init_md[1];
  grpc_slice rid_slice; /* the x-request-id value in init_md */
  bool has_rid_slice;
  grpc_op send_ops[3];
};

static atomic_uint_fast64_t rid_counter;
static uint64_t rid_seed;
static pthread_once_t rid_once = PTHREAD_ONCE_INIT;

static const char *code_name(grpc_status_code c) {
  return dbf_grpc_code_name((int)c);
}

/* ---- small helpers ---- */

static int64_t timespec_to_ms(gpr_timespec t) {
  if (gpr_time_cmp(t, gpr_inf_future(t.clock_type)) == 0)
    return INT64_MAX;
  gpr_timespec rt = gpr_convert_clock_type(t, GPR_CLOCK_REALTIME);
  return rt.tv_sec * 1000 + rt.tv_nsec / 1000000;
}

static void rid_init(void) {
  uint64_t seed = 0;
  if (getrandom(&seed, sizeof seed, GRND_NONBLOCK) != (ssize_t)sizeof seed)
    seed = (uint64_t)dbf_now_ms() ^ ((uint64_t)getpid() << 32);
  rid_seed = seed;
}

/*
 * A fresh request id: splitmix64 of seed + n*golden is a bijection of a
 * counter, so ids never repeat within a process and differ across runs.
 */
static void rid_generate(char out[REQUEST_ID_MAX + 1]) {
  pthread_once(&rid_once, rid_init);
  uint64_t z = rid_seed + (atomic_fetch_add(&rid_counter, 1) + 1) * 0x9E3779B97F4A7C15ull;
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
  z ^= z >> 31;
  snprintf(out, REQUEST_ID_MAX + 1, "%016" PRIx64, z);
}

/* x-request-id comes from the peer, so it must be short and log-safe. */
static bool rid_is_sane(const char *s) {
  size_t n = strnlen(s, REQUEST_ID_MAX + 1);
  if (n == 0 || n > REQUEST_ID_MAX)
    return false;
  for (size_t i = 0; i < n; i++) {
    char c = s[i];
    bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
              c == '.' || c == '_' || c == '-';
    if (!ok)
      return false;
  }
  return true;
}

static grpc_byte_buffer *pack_message(const ProtobufCMessage *msg, size_t *len) {
  size_t n = protobuf_c_message_get_packed_size(msg);
  grpc_slice s = grpc_slice_malloc(n);
  protobuf_c_message_pack(msg, GRPC_SLICE_START_PTR(s));
  grpc_byte_buffer *bb = grpc_raw_byte_buffer_create(&s, 1);
  grpc_slice_unref(s);
  *len = n;
  return bb;
}

/* The arena's protobuf-c allocator, noting whether an allocation failed. */
typedef struct unpack_alloc {
  ProtobufCAllocator inner;
  bool failed;
} unpack_alloc;

static void *unpack_alloc_fn(void *data, size_t n) {
  unpack_alloc *u = data;
  void *p = u->inner.alloc(u->inner.allocator_data, n);
  if (!p)
    u->failed = true;
  return p;
}

static void unpack_free_fn(void *data, void *p) {
  unpack_alloc *u = data;
  u->inner.free(u->inner.allocator_data, p);
}

/*
 * Unpacks bb with an allocator from a. NULL with st set when the bytes are
 * not a d, nest too deeply (checked before protobuf-c recurses: wire.h), or
 * the call's memory ran out.
 */
static ProtobufCMessage *unpack_message(dbf_arena *a, const ProtobufCMessageDescriptor *d,
                                        grpc_byte_buffer *bb, dbf_status *st) {
  grpc_byte_buffer_reader r;
  if (!a) {
    dbf_fail(st, DBF_ERR_NOMEM, "out of memory reading the request");
    return NULL;
  }
  if (!grpc_byte_buffer_reader_init(&r, bb)) {
    dbf_fail(st, DBF_ERR_INVALID, "the request is not a valid %s message", d->name);
    return NULL;
  }
  grpc_slice s = grpc_byte_buffer_reader_readall(&r);
  grpc_byte_buffer_reader_destroy(&r);
  ProtobufCMessage *msg = NULL;
  if (!dbf_wire_check(d, GRPC_SLICE_START_PTR(s), GRPC_SLICE_LENGTH(s), DBF_WIRE_MAX_DEPTH, st)) {
    unpack_alloc u = {.failed = false};
    dbf_arena_protobuf_allocator(a, &u.inner);
    ProtobufCAllocator al = {
        .alloc = unpack_alloc_fn, .free = unpack_free_fn, .allocator_data = &u};
    msg = protobuf_c_message_unpack(d, &al, GRPC_SLICE_LENGTH(s), GRPC_SLICE_START_PTR(s));
    if (!msg && u.failed)
      dbf_fail(st, DBF_ERR_TOO_BIG, "the request needs more memory than one call may use");
    else if (!msg)
      dbf_fail(st, DBF_ERR_INVALID, "the request is not a valid %s message", d->name);
  }
  grpc_slice_unref(s);
  return msg;
}

/* ---- call lifetime ---- */

static void call_free(dbf_call *c) {
  dbf_server *srv = c->srv;
  bool public_stream = c->public_stream;
  wnode *n = c->wq_head;
  while (n) {
    wnode *next = n->next;
    grpc_byte_buffer_destroy(n->bb);
    dbf_free(n);
    n = next;
  }
  if (c->send_bb)
    grpc_byte_buffer_destroy(c->send_bb);
  if (c->recv_bb)
    grpc_byte_buffer_destroy(c->recv_bb);
  if (c->req_bb)
    grpc_byte_buffer_destroy(c->req_bb);
  if (c->has_details)
    grpc_slice_unref(c->final_details);
  if (c->has_rid_slice)
    grpc_slice_unref(c->rid_slice);
  if (c->principal && c->principal_free)
    c->principal_free(c->principal);
  if (c->call)
    grpc_call_unref(c->call);
  dbf_arena_destroy(c->arena);
  pthread_mutex_destroy(&c->mu);
  pthread_cond_destroy(&c->sent_cv);
  dbf_free(c);

  pthread_mutex_lock(&srv->mu);
  srv->active_calls--;
  if (public_stream)
    srv->public_streams--;
  pthread_cond_broadcast(&srv->cv);
  pthread_mutex_unlock(&srv->mu);
}

void dbf_call_ref(dbf_call *call) {
  atomic_fetch_add(&call->refs, 1);
}

void dbf_call_unref(dbf_call *call) {
  if (atomic_fetch_sub(&call->refs, 1) == 1)
    call_free(call);
}

/* Posts job unless the final job is already queued. Caller holds c->mu. */
static bool post_locked(dbf_call *c, dbf_job *job) {
  if (c->done_posted)
    return false;
  dbf_serial_post(&c->ser, job);
  return true;
}

/* ---- sending ---- */

static void on_send_done(cq_tag *t, bool ok);

/* Starts the next send batch if the slot is free. Caller holds c->mu. */
static void start_send_locked(dbf_call *c) {
  if (c->send_inflight || c->status_started || c->write_broken || c->corked)
    return;
  if (!c->wq_head && !c->finish_requested)
    return;
  size_t n = 0;
  grpc_op *ops = c->send_ops;
  memset(ops, 0, sizeof c->send_ops);
  if (!c->init_md_sent) {
    c->init_md[0].key = grpc_slice_from_static_string("x-request-id");
    /* A refcounted copy: the core may keep header values past the batch. */
    c->rid_slice = grpc_slice_from_copied_string(c->request_id);
    c->has_rid_slice = true;
    c->init_md[0].value = c->rid_slice;
    ops[n].op = GRPC_OP_SEND_INITIAL_METADATA;
    ops[n].data.send_initial_metadata.count = 1;
    ops[n].data.send_initial_metadata.metadata = c->init_md;
    n++;
    c->init_md_sent = true;
  }
  if (c->wq_head) {
    wnode *w = c->wq_head;
    c->wq_head = w->next;
    if (!c->wq_head)
      c->wq_tail = NULL;
    c->queued_bytes -= w->len;
    c->send_bb = w->bb;
    dbf_free(w);
    ops[n].op = GRPC_OP_SEND_MESSAGE;
    ops[n].data.send_message.send_message = c->send_bb;
    /* More are queued behind it (a turn's frames): let the transport hold
     * this one and write the burst with one syscall, flushed by the last. */
    if (c->wq_head)
      ops[n].flags = GRPC_WRITE_BUFFER_HINT;
    n++;
  }
  /* The status rides with the last message, which makes a unary reply one
   * batch: initial metadata, message and status together. */
  if (c->finish_requested && !c->wq_head) {
    ops[n].op = GRPC_OP_SEND_STATUS_FROM_SERVER;
    ops[n].data.send_status_from_server.status = c->final_code;
    ops[n].data.send_status_from_server.status_details = c->has_details ? &c->final_details : NULL;
    ops[n].data.send_status_from_server.trailing_metadata_count = 0;
    n++;
    c->status_started = true;
  }
  c->send_inflight = true;
  dbf_call_ref(c);
  c->t_send.fn = on_send_done;
  grpc_call_error e = grpc_call_start_batch(c->call, ops, n, &c->t_send, NULL);
  if (e != GRPC_CALL_OK) {
    /* Only a bug gets here (two sends in flight, bad ops); fail the call
     * rather than hang it. */
    dbf_log(DBF_LOG_ERROR, "transport.batch_failed", "send batch on %s: grpc_call_error %d",
            c->path, (int)e);
    c->send_inflight = false;
    c->write_broken = true;
    grpc_call_cancel(c->call, NULL);
    atomic_fetch_sub(&c->refs, 1); /* cannot be the last: the caller holds one */
  }
}

static void on_send_done(cq_tag *t, bool ok) {
  dbf_call *c = CONTAINER_OF(t, dbf_call, t_send);
  pthread_mutex_lock(&c->mu);
  c->send_inflight = false;
  if (c->send_bb) {
    grpc_byte_buffer_destroy(c->send_bb);
    c->send_bb = NULL;
  }
  if (!ok)
    c->write_broken = true; /* the call is cancelled; RECV_CLOSE will tell */
  else
    start_send_locked(c);
  pthread_cond_broadcast(&c->sent_cv); /* never blocks: a waiting producer may go on */
  pthread_mutex_unlock(&c->mu);
  dbf_call_unref(c);
}

static void finish_locked(dbf_call *c, grpc_status_code code, const char *msg) {
  if (c->finish_requested)
    return;
  c->finish_requested = true;
  c->corked = false; /* the status must go out */
  c->final_code = code;
  if (msg && *msg) {
    c->final_details = grpc_slice_from_copied_buffer(msg, strnlen(msg, STATUS_DETAILS_MAX));
    c->has_details = true;
  }
  start_send_locked(c);
}

void dbf_call_finish(dbf_call *call, dbf_err code, const char *msg) {
  if (code != DBF_OK && (!msg || !*msg))
    msg = dbf_err_name(code);
  pthread_mutex_lock(&call->mu);
  finish_locked(call, (grpc_status_code)dbf_err_to_grpc_status(code), msg);
  pthread_mutex_unlock(&call->mu);
}

/* Finishes with the status a handler reported through rc and st. */
static void finish_with_status(dbf_call *c, dbf_err rc, const dbf_status *st) {
  dbf_err code = st->code != DBF_OK ? st->code : rc;
  dbf_call_finish(c, code, st->msg[0] ? st->msg : dbf_err_name(code));
}

/*
 * Packs msg and appends it to the write queue; with finish set, the status
 * follows in the same critical section so a unary reply goes out as one
 * batch.
 */
static dbf_err enqueue(dbf_call *call, const ProtobufCMessage *msg, bool finish) {
  size_t len = 0;
  grpc_byte_buffer *bb = pack_message(msg, &len);
  dbf_err rc = DBF_OK;
  wnode *w = dbf_malloc(sizeof *w);
  if (!w) {
    rc = DBF_ERR_NOMEM;
    goto out;
  }
  w->next = NULL;
  w->bb = bb;
  w->len = len;
  pthread_mutex_lock(&call->mu);
  if (call->finish_requested || call->write_broken || call->done_posted ||
      atomic_load(&call->cancelled)) {
    rc = DBF_ERR_CANCELLED;
  } else if (len > call->srv->max_queued_bytes - call->queued_bytes) {
    rc = DBF_ERR_TOO_BIG; /* a slow reader; the handler decides what to do */
  } else {
    if (call->wq_tail)
      call->wq_tail->next = w;
    else
      call->wq_head = w;
    call->wq_tail = w;
    call->queued_bytes += len;
    w = NULL;
    bb = NULL;
    if (finish) {
      call->finish_requested = true;
      call->corked = false;
      call->final_code = GRPC_STATUS_OK;
    }
    start_send_locked(call);
  }
  pthread_mutex_unlock(&call->mu);
out:
  dbf_free(w);
  if (bb)
    grpc_byte_buffer_destroy(bb);
  return rc;
}

dbf_err dbf_call_send(dbf_call *call, const ProtobufCMessage *msg) {
  return enqueue(call, msg, false);
}

dbf_err dbf_call_wait_writable(dbf_call *call, size_t max_bytes, int64_t timeout_ms) {
  /* Slices bound how late a cancellation (which signals nothing here) is seen. */
  const int64_t slice_ms = 50;
  int64_t end = dbf_now_ms() + (timeout_ms < 0 ? 0 : timeout_ms);
  dbf_err rc = DBF_OK;
  pthread_mutex_lock(&call->mu);
  for (;;) {
    int64_t now = dbf_now_ms();
    if (call->finish_requested || call->write_broken || call->done_posted ||
        atomic_load(&call->cancelled) ||
        (call->deadline_ms != INT64_MAX && now >= call->deadline_ms)) {
      rc = DBF_ERR_CANCELLED;
      break;
    }
    if (call->queued_bytes <= max_bytes)
      break;
    if (now >= end) {
      rc = DBF_ERR_DEADLINE;
      break;
    }
    int64_t wait = end - now < slice_ms ? end - now : slice_ms;
    struct timespec ts = dbf_clock_after(CLOCK_MONOTONIC, wait);
    pthread_cond_timedwait(&call->sent_cv, &call->mu, &ts);
  }
  pthread_mutex_unlock(&call->mu);
  return rc;
}

void dbf_call_cork(dbf_call *call) {
  pthread_mutex_lock(&call->mu);
  call->corked = true;
  pthread_mutex_unlock(&call->mu);
}

void dbf_call_uncork(dbf_call *call) {
  pthread_mutex_lock(&call->mu);
  call->corked = false;
  start_send_locked(call);
  pthread_mutex_unlock(&call->mu);
}

dbf_err dbf_call_reply(dbf_call *call, const ProtobufCMessage *resp) {
  dbf_err rc = enqueue(call, resp, true);
  if (rc)
    dbf_call_finish(call, rc, "the response could not be sent");
  return rc;
}

/* Takes one of the server's public stream slots for c; false when none is free. */
static bool public_stream_admit(dbf_call *c) {
  dbf_server *srv = c->srv;
  pthread_mutex_lock(&srv->mu);
  bool ok = srv->public_streams < (size_t)srv->max_public_streams;
  if (ok) {
    srv->public_streams++;
    c->public_stream = true;
  }
  pthread_mutex_unlock(&srv->mu);
  return ok;
}

/* ---- receiving ---- */

static void on_recv_done(cq_tag *t, bool ok);

/* Arms one RECV_MESSAGE. Caller holds c->mu. */
static void start_recv_locked(dbf_call *c) {
  grpc_op op;
  memset(&op, 0, sizeof op);
  op.op = GRPC_OP_RECV_MESSAGE;
  op.data.recv_message.recv_message = &c->recv_bb;
  dbf_call_ref(c);
  c->t_recv.fn = on_recv_done;
  grpc_call_error e = grpc_call_start_batch(c->call, &op, 1, &c->t_recv, NULL);
  if (e != GRPC_CALL_OK) {
    dbf_log(DBF_LOG_ERROR, "transport.batch_failed", "recv batch on %s: grpc_call_error %d",
            c->path, (int)e);
    grpc_call_cancel(c->call, NULL);
    atomic_fetch_sub(&c->refs, 1); /* the caller holds another reference */
  }
}

static void on_recv_done(cq_tag *t, bool ok) {
  dbf_call *c = CONTAINER_OF(t, dbf_call, t_recv);
  grpc_byte_buffer *bb = c->recv_bb;
  c->recv_bb = NULL;
  pthread_mutex_lock(&c->mu);
  if (!ok || c->done_posted || c->finish_requested) {
    /* Failed reads mean the call is being torn down; RECV_CLOSE reports it. */
  } else if (c->m->kind != DBF_RPC_BIDI_STREAMING) {
    if (!bb) {
      finish_locked(c, GRPC_STATUS_INVALID_ARGUMENT, "the request message is missing");
    } else {
      c->req_bb = bb;
      bb = NULL;
      post_locked(c, &c->job_start);
    }
  } else if (!bb) {
    post_locked(c, &c->job_half);
  } else {
    c->req_bb = bb;
    bb = NULL;
    post_locked(c, &c->job_msg);
  }
  pthread_mutex_unlock(&c->mu);
  if (bb)
    grpc_byte_buffer_destroy(bb);
  dbf_call_unref(c);
}

/* ---- jobs (workers) ---- */

static void job_start_fn(dbf_job *job) {
  dbf_call *c = CONTAINER_OF(job, dbf_call, job_start);
  const dbf_method *m = c->m;
  dbf_server *srv = c->srv;
  dbf_status st = {0};
  dbf_err rc = DBF_OK;
  grpc_byte_buffer *bb = c->req_bb;
  c->req_bb = NULL;
  dbf_log_set_request_id(c->request_id);
  if (dbf_call_cancelled(c))
    goto out; /* nobody is listening; on_done is not owed either */
  if (srv->interceptor && !m->public_call) {
    rc = srv->interceptor(c, m, srv->interceptor_arg, &st);
    if (rc) {
      finish_with_status(c, rc, &st);
      goto out;
    }
  }
  /* A method registered without a handler is planned, not public: only an
   * authenticated caller learns that it is not built yet. */
  if ((m->kind == DBF_RPC_UNARY && !m->unary) || (m->kind != DBF_RPC_UNARY && !m->on_start)) {
    char msg[300];
    snprintf(msg, sizeof msg, "method %.200s is not implemented yet", c->path);
    dbf_call_finish(c, DBF_ERR_UNIMPLEMENTED, msg);
    goto out;
  }
  ProtobufCMessage *req = NULL;
  if (m->kind != DBF_RPC_BIDI_STREAMING) {
    req = unpack_message(c->arena, m->request, bb, &st);
    if (!req) {
      finish_with_status(c, st.code, &st);
      goto out;
    }
  }
  pthread_mutex_lock(&c->mu);
  c->handler_started = true;
  pthread_mutex_unlock(&c->mu);
  if (m->kind == DBF_RPC_UNARY) {
    ProtobufCMessage *resp = NULL;
    rc = m->unary(c, req, &resp, &st);
    pthread_mutex_lock(&c->mu);
    bool deferred = c->deferred_in_cb; /* it may even have replied already */
    c->deferred_in_cb = false;
    pthread_mutex_unlock(&c->mu);
    if (rc) {
      finish_with_status(c, rc, &st);
    } else if (deferred) {
      /* dbf_call_reply or dbf_call_finish answers later */
    } else if (!resp) {
      dbf_call_finish(c, DBF_ERR_INTERNAL, "the handler returned no response");
    } else {
      rc = enqueue(c, resp, true);
      if (rc)
        dbf_call_finish(c, rc, "the response could not be sent");
    }
  } else {
    rc = m->on_start(c, req, &st);
    if (!rc && srv->m_streams) {
      /* Open until job_done, which runs after this job on the call's executor. */
      c->stream_counted = true;
      dbf_metric_add(srv->m_streams, srv->methods[c->midx].stream_idx, 0, 1);
    }
    if (rc) {
      finish_with_status(c, rc, &st);
    } else if (m->kind == DBF_RPC_BIDI_STREAMING) {
      /* Messages flow only once the handler has started and accepted. */
      pthread_mutex_lock(&c->mu);
      if (!c->finish_requested && !c->done_posted)
        start_recv_locked(c);
      pthread_mutex_unlock(&c->mu);
    }
  }
out:
  if (bb)
    grpc_byte_buffer_destroy(bb);
  dbf_log_set_request_id(NULL);
}

static void job_msg_fn(dbf_job *job) {
  dbf_call *c = CONTAINER_OF(job, dbf_call, job_msg);
  const dbf_method *m = c->m;
  grpc_byte_buffer *bb = c->req_bb;
  c->req_bb = NULL;
  dbf_log_set_request_id(c->request_id);
  pthread_mutex_lock(&c->mu);
  bool deliver = c->handler_started && !c->finish_requested && !c->done_posted;
  pthread_mutex_unlock(&c->mu);
  if (deliver && m->on_message) {
    /* Each message gets its own arena: a long stream must not grow the
     * call arena without bound. */
    dbf_arena *a = dbf_arena_create(c->srv->arena_bytes);
    dbf_status st = {0};
    ProtobufCMessage *msg = unpack_message(a, m->request, bb, &st);
    if (!msg) {
      dbf_call_finish(c, st.code, st.msg);
    } else {
      m->on_message(c, msg);
    }
    dbf_arena_destroy(a);
  }
  grpc_byte_buffer_destroy(bb);
  pthread_mutex_lock(&c->mu);
  /* A callback that deferred leaves the next read to dbf_call_resume, unless
   * the resume already came (on another thread) before the callback returned:
   * then it is armed here, exactly once either way. */
  bool wait_resume = c->deferred_in_cb && c->deferred;
  c->deferred_in_cb = false;
  if (!wait_resume && c->handler_started && !c->finish_requested && !c->done_posted)
    start_recv_locked(c);
  pthread_mutex_unlock(&c->mu);
  dbf_log_set_request_id(NULL);
}

void dbf_call_defer(dbf_call *call) {
  pthread_mutex_lock(&call->mu);
  DBF_ASSERT(!call->deferred);
  call->deferred = true;
  call->deferred_in_cb = true;
  pthread_mutex_unlock(&call->mu);
  dbf_call_ref(call);
}

void dbf_call_resume(dbf_call *call) {
  pthread_mutex_lock(&call->mu);
  DBF_ASSERT(call->deferred);
  call->deferred = false;
  /* While the deferring callback still runs, it arms the read on return. */
  if (!call->deferred_in_cb && call->m && call->m->kind == DBF_RPC_BIDI_STREAMING &&
      call->handler_started && !call->finish_requested && !call->done_posted)
    start_recv_locked(call);
  pthread_mutex_unlock(&call->mu);
  dbf_call_unref(call);
}

static void job_half_fn(dbf_job *job) {
  dbf_call *c = CONTAINER_OF(job, dbf_call, job_half);
  pthread_mutex_lock(&c->mu);
  bool deliver = c->handler_started && !c->finish_requested && !c->done_posted;
  pthread_mutex_unlock(&c->mu);
  if (deliver && c->m->on_half_close) {
    dbf_log_set_request_id(c->request_id);
    c->m->on_half_close(c);
    dbf_log_set_request_id(NULL);
  }
}

static void job_done_fn(dbf_job *job) {
  dbf_call *c = CONTAINER_OF(job, dbf_call, job_done);
  bool cancelled = c->close_cancelled != 0;
  if (cancelled)
    atomic_store(&c->cancelled, true);
  pthread_mutex_lock(&c->mu);
  bool started = c->handler_started;
  grpc_status_code code = c->status_started ? c->final_code : GRPC_STATUS_CANCELLED;
  pthread_mutex_unlock(&c->mu);
  if (cancelled && dbf_now_ms() >= c->deadline_ms)
    code = GRPC_STATUS_DEADLINE_EXCEEDED;
  else if (cancelled)
    code = GRPC_STATUS_CANCELLED;
  dbf_log_set_request_id(c->request_id);
  if (started && c->m && c->m->on_done)
    c->m->on_done(c, cancelled);
  struct timespec end;
  clock_gettime(CLOCK_MONOTONIC, &end);
  /* Integers: jansson would print a double as 0.13700000000000001. */
  json_int_t us = (json_int_t)(end.tv_sec - c->started_at.tv_sec) * 1000000 +
                  (end.tv_nsec - c->started_at.tv_nsec) / 1000;
  json_t *f = json_pack("{s:s, s:s, s:i, s:I, s:I, s:s}", "method", c->path, "status",
                        code_name(code), "code", (int)code, "duration_ms", us / 1000, "duration_us",
                        us, "peer", c->peer ? c->peer : "");
  dbf_log_fields(code == GRPC_STATUS_INTERNAL ? DBF_LOG_WARN : DBF_LOG_INFO, "rpc.finished", f);
  /* Atomics only: this may run on a CQ thread (on_close_done). */
  size_t code_idx = (unsigned)code < DBF_GRPC_CODE_COUNT ? (size_t)code : GRPC_STATUS_UNKNOWN;
  dbf_metric_add(c->srv->m_handled, c->midx, code_idx, 1);
  dbf_metric_observe_us(c->srv->m_rpc, c->midx, code == GRPC_STATUS_OK ? 0 : 1,
                        us > 0 ? (uint64_t)us : 0);
  if (c->stream_counted)
    dbf_metric_add(c->srv->m_streams, c->srv->methods[c->midx].stream_idx, 0, -1);
  dbf_log_set_request_id(NULL);
  dbf_call_unref(c); /* the lifecycle reference; may free c and its executor */
}

static void on_close_done(cq_tag *t, bool ok) {
  dbf_call *c = CONTAINER_OF(t, dbf_call, t_close);
  if (!ok)
    c->close_cancelled = 1;
  if (c->close_cancelled)
    atomic_store(&c->cancelled, true);
  pthread_mutex_lock(&c->mu);
  c->done_posted = true; /* from here nothing else is posted for c */
  pthread_mutex_unlock(&c->mu);
  /*
   * A unary call's end is a log line and a few frees: when its handler is
   * no longer running, do that here rather than wake a worker for it. A
   * stream's on_done belongs to its service and always runs on a worker.
   */
  if (!c->m || c->m->kind == DBF_RPC_UNARY)
    dbf_serial_run_or_post(&c->ser, &c->job_done);
  else
    dbf_serial_post(&c->ser, &c->job_done);
  dbf_call_unref(c);
}

/* ---- accepting calls ---- */

static dbf_call *call_create(listener *l) {
  dbf_server *srv = l->srv;
  dbf_call *c = dbf_calloc(1, sizeof *c);
  if (!c)
    return NULL;
  c->arena = dbf_arena_create(srv->arena_bytes);
  if (!c->arena) {
    dbf_free(c);
    return NULL;
  }
  pthread_mutex_init(&c->mu, NULL);
  dbf_cond_init_mono(&c->sent_cv);
  c->srv = srv;
  c->call = l->call;
  c->cq = l->cq;
  atomic_init(&c->refs, 1); /* the lifecycle reference, dropped by job_done */
  atomic_init(&c->cancelled, false);
  clock_gettime(CLOCK_MONOTONIC, &c->started_at);
  dbf_serial_init(&c->ser, l->sm && l->sm->m->public_call ? srv->wq_public : srv->wq);
  c->job_start.fn = job_start_fn;
  c->job_msg.fn = job_msg_fn;
  c->job_half.fn = job_half_fn;
  c->job_done.fn = job_done_fn;
  c->job_done.final = true;
  c->t_close.fn = on_close_done;

  c->midx = l->sm ? (size_t)(l->sm - srv->methods) : srv->nmethods;
  if (l->sm) {
    c->m = l->sm->m;
    c->path = c->m->path;
    c->deadline_ms = timespec_to_ms(l->deadline);
  } else {
    c->path = dbf_arena_strndup(c->arena, (const char *)GRPC_SLICE_START_PTR(l->details.method),
                                GRPC_SLICE_LENGTH(l->details.method));
    c->deadline_ms = timespec_to_ms(l->details.deadline);
  }
  c->nmd = l->md.count;
  c->md_keys = dbf_arena_calloc(c->arena, c->nmd ? c->nmd : 1, sizeof *c->md_keys);
  c->md_vals = dbf_arena_calloc(c->arena, c->nmd ? c->nmd : 1, sizeof *c->md_vals);
  for (size_t i = 0; c->md_keys && c->md_vals && i < c->nmd; i++) {
    grpc_metadata *md = &l->md.metadata[i];
    c->md_keys[i] = dbf_arena_strndup(c->arena, (const char *)GRPC_SLICE_START_PTR(md->key),
                                      GRPC_SLICE_LENGTH(md->key));
    c->md_vals[i] = dbf_arena_strndup(c->arena, (const char *)GRPC_SLICE_START_PTR(md->value),
                                      GRPC_SLICE_LENGTH(md->value));
  }
  if (!c->path || !c->md_keys || !c->md_vals)
    c->nmd = 0; /* the arena cap was hit by metadata; treat it as absent */
  const char *rid = dbf_call_metadata(c, "x-request-id");
  if (rid && rid_is_sane(rid))
    snprintf(c->request_id, sizeof c->request_id, "%s", rid);
  else
    rid_generate(c->request_id);
  char *peer = grpc_call_get_peer(c->call);
  c->peer = dbf_arena_strdup(c->arena, peer ? peer : "");
  gpr_free(peer);
  if (!c->path)
    c->path = "?";

  pthread_mutex_lock(&srv->mu);
  srv->active_calls++;
  pthread_mutex_unlock(&srv->mu);
  return c;
}

/* Runs on the CQ thread right after a call was accepted. */
static void call_begin(dbf_call *c) {
  grpc_op op;
  memset(&op, 0, sizeof op);
  op.op = GRPC_OP_RECV_CLOSE_ON_SERVER;
  op.data.recv_close_on_server.cancelled = &c->close_cancelled;
  dbf_call_ref(c);
  grpc_call_error e = grpc_call_start_batch(c->call, &op, 1, &c->t_close, NULL);
  if (e != GRPC_CALL_OK) {
    /* Without RECV_CLOSE nothing would ever end the call; end it here. */
    dbf_log(DBF_LOG_ERROR, "transport.batch_failed", "close batch on %s: grpc_call_error %d",
            c->path, (int)e);
    grpc_call_cancel(c->call, NULL);
    pthread_mutex_lock(&c->mu);
    c->done_posted = true;
    c->close_cancelled = 1;
    dbf_serial_post(&c->ser, &c->job_done);
    pthread_mutex_unlock(&c->mu);
    dbf_call_unref(c);
    return;
  }

  const dbf_method *m = c->m;
  pthread_mutex_lock(&c->mu);
  if (!m) {
    char msg[300];
    snprintf(msg, sizeof msg, "method %.200s is not implemented by this server", c->path);
    finish_locked(c, GRPC_STATUS_UNIMPLEMENTED, msg);
  } else if (!dbf_workq_admit(m->public_call ? c->srv->wq_public : c->srv->wq)) {
    finish_locked(c, GRPC_STATUS_RESOURCE_EXHAUSTED, "the server is overloaded; retry later");
  } else if (m->public_call && m->kind != DBF_RPC_UNARY && !public_stream_admit(c)) {
    finish_locked(c, GRPC_STATUS_RESOURCE_EXHAUSTED,
                  "too many open health and reflection streams on this server; retry later");
  } else if (m->kind == DBF_RPC_BIDI_STREAMING) {
    /* The interceptor and on_start run before the first read is armed. */
    post_locked(c, &c->job_start);
  } else {
    start_recv_locked(c);
  }
  pthread_mutex_unlock(&c->mu);
}

static void on_listener(cq_tag *t, bool ok);

static grpc_call_error listener_request(listener *l) {
  l->tag.fn = on_listener;
  if (l->sm)
    return grpc_server_request_registered_call(l->srv->server, l->sm->handle, &l->call,
                                               &l->deadline, &l->md, NULL, l->cq, l->cq, &l->tag);
  return grpc_server_request_call(l->srv->server, &l->call, &l->details, &l->md, l->cq, l->cq,
                                  &l->tag);
}

static void listener_free(listener *l) {
  dbf_server *srv = l->srv;
  grpc_metadata_array_destroy(&l->md);
  grpc_call_details_destroy(&l->details);
  dbf_free(l);
  pthread_mutex_lock(&srv->mu);
  srv->listeners--;
  pthread_cond_broadcast(&srv->cv);
  pthread_mutex_unlock(&srv->mu);
}

static void on_listener(cq_tag *t, bool ok) {
  listener *l = CONTAINER_OF(t, listener, tag);
  dbf_server *srv = l->srv;
  if (!ok) {
    listener_free(l); /* the server is shutting down */
    return;
  }
  dbf_call *c = call_create(l);
  if (!c) {
    grpc_call_cancel_with_status(l->call, GRPC_STATUS_RESOURCE_EXHAUSTED,
                                 "out of memory accepting the call", NULL);
    grpc_call_unref(l->call);
  }
  l->call = NULL;
  grpc_metadata_array_destroy(&l->md);
  grpc_metadata_array_init(&l->md);
  grpc_call_details_destroy(&l->details);
  grpc_call_details_init(&l->details);
  /* Re-arm before running the call so accepting never waits on it. The
   * call was counted in active_calls before this listener can go away, so
   * shutdown cannot miss it. */
  if (atomic_load(&srv->shutting_down) || listener_request(l) != GRPC_CALL_OK)
    listener_free(l);
  if (c)
    call_begin(c);
}

static dbf_err listener_add(dbf_server *srv, grpc_completion_queue *cq, srv_method *sm,
                            dbf_status *st) {
  listener *l = dbf_calloc(1, sizeof *l);
  if (!l)
    return dbf_fail(st, DBF_ERR_NOMEM, "out of memory starting the server");
  l->srv = srv;
  l->cq = cq;
  l->sm = sm;
  grpc_metadata_array_init(&l->md);
  grpc_call_details_init(&l->details);
  pthread_mutex_lock(&srv->mu);
  srv->listeners++;
  pthread_mutex_unlock(&srv->mu);
  if (listener_request(l) != GRPC_CALL_OK) {
    listener_free(l);
    return dbf_fail(st, DBF_ERR_INTERNAL, "grpc refused to accept calls");
  }
  return DBF_OK;
}

/* ---- threads ---- */

static void *cq_main(void *arg) {
  grpc_completion_queue *cq = arg;
  for (;;) {
    grpc_event ev = grpc_completion_queue_next(cq, gpr_inf_future(GPR_CLOCK_REALTIME), NULL);
    if (ev.type == GRPC_QUEUE_SHUTDOWN)
      break;
    if (ev.type == GRPC_OP_COMPLETE) {
      cq_tag *t = ev.tag;
      t->fn(t, ev.success != 0);
    }
  }
  return NULL;
}

static void on_server_shutdown(cq_tag *t, bool ok) {
  dbf_server *srv = CONTAINER_OF(t, dbf_server, shutdown_tag);
  pthread_mutex_lock(&srv->mu);
  srv->shutdown_done = true;
  pthread_cond_broadcast(&srv->cv);
  pthread_mutex_unlock(&srv->mu);
}

/* ---- the server ---- */

/* A limit from the options, or its default when the options say 0. */
static int or_default(int v, int def) {
  return v > 0 ? v : def;
}

dbf_err dbf_server_create(const dbf_server_opts *opts, dbf_server **out, dbf_status *st) {
  dbf_err rc = DBF_OK;
  *out = NULL;
  if (!opts || !opts->addr || !*opts->addr)
    return dbf_fail(st, DBF_ERR_INVALID, "the gRPC listen address is empty");
  if (opts->cq_threads < 1 || opts->worker_threads < 1)
    return dbf_fail(st, DBF_ERR_INVALID,
                    "cq_threads and worker_threads must be at least 1 (got %d and %d)",
                    opts->cq_threads, opts->worker_threads);
  bool has_cert = opts->tls_cert_file && *opts->tls_cert_file;
  bool has_key = opts->tls_key_file && *opts->tls_key_file;
  if (has_cert != has_key)
    return dbf_fail(st, DBF_ERR_INVALID, "TLS needs both a certificate and a key file");
  if (opts->tls_client_ca_file && *opts->tls_client_ca_file && !has_cert)
    return dbf_fail(st, DBF_ERR_INVALID,
                    "a client CA was given without a server certificate and key");
  if (!has_cert && !opts->allow_insecure && !dbf_addr_is_loopback(opts->addr))
    return dbf_fail(st, DBF_ERR_INVALID,
                    "refusing plaintext gRPC on non-loopback address %s: configure a TLS "
                    "certificate and key, or allow insecure explicitly",
                    opts->addr);

  dbf_server *srv = dbf_calloc(1, sizeof *srv);
  if (!srv)
    return dbf_fail(st, DBF_ERR_NOMEM, "out of memory creating the server");
  pthread_mutex_init(&srv->mu, NULL);
  dbf_cond_init_mono(&srv->cv);
  atomic_init(&srv->shutting_down, false);
  srv->shutdown_tag.fn = on_server_shutdown;
  srv->addr = dbf_strdup(opts->addr);
  srv->cert_file = has_cert ? dbf_strdup(opts->tls_cert_file) : NULL;
  srv->key_file = has_key ? dbf_strdup(opts->tls_key_file) : NULL;
  srv->ca_file = opts->tls_client_ca_file && *opts->tls_client_ca_file
                     ? dbf_strdup(opts->tls_client_ca_file)
                     : NULL;
  srv->cq_threads = opts->cq_threads;
  srv->worker_threads = opts->worker_threads;
  srv->max_message_bytes = opts->max_message_bytes;
  srv->arena_bytes = opts->call_arena_bytes ? opts->call_arena_bytes : DEFAULT_ARENA_BYTES;
  srv->max_queued_bytes = opts->max_queued_bytes ? opts->max_queued_bytes : DEFAULT_QUEUED_BYTES;
  srv->allow_insecure = opts->allow_insecure;
  srv->max_concurrent_streams = or_default(opts->max_concurrent_streams, DEFAULT_MAX_STREAMS);
  srv->max_metadata_bytes = or_default(opts->max_metadata_bytes, DEFAULT_METADATA);
  srv->keepalive_time_ms = or_default(opts->keepalive_time_ms, DEFAULT_KEEPALIVE_MS);
  srv->keepalive_timeout_ms = or_default(opts->keepalive_timeout_ms, DEFAULT_KA_TIMEOUT);
  srv->min_ping_interval_ms = or_default(opts->min_ping_interval_ms, DEFAULT_MIN_PING_MS);
  srv->max_public_streams = or_default(opts->max_public_streams, DEFAULT_PUBLIC_STRMS);
  srv->metrics = opts->metrics;
  grpc_init(); /* balanced in dbf_server_destroy */
  if (!srv->addr || (has_cert && (!srv->cert_file || !srv->key_file))) {
    rc = dbf_fail(st, DBF_ERR_NOMEM, "out of memory creating the server");
    goto out;
  }
  *out = srv;
  srv = NULL;
out:
  dbf_server_destroy(srv);
  return rc;
}

dbf_err dbf_server_add_methods(dbf_server *srv, const dbf_method *methods, size_t n,
                               dbf_status *st) {
  if (srv->started)
    return dbf_fail(st, DBF_ERR_STATE, "methods must be added before the server starts");
  for (size_t i = 0; i < n; i++) {
    const dbf_method *m = &methods[i];
    const char *slash = m->path ? strrchr(m->path, '/') : NULL;
    if (!m->path || m->path[0] != '/' || !slash || slash == m->path || !slash[1])
      return dbf_fail(st, DBF_ERR_INVALID, "method path \"%s\" is not /package.Service/Method",
                      m->path ? m->path : "(null)");
    if (m->kind != DBF_RPC_UNARY && m->kind != DBF_RPC_SERVER_STREAMING &&
        m->kind != DBF_RPC_BIDI_STREAMING)
      return dbf_fail(st, DBF_ERR_INVALID, "method %s has an unknown kind", m->path);
    bool has_handler = m->kind == DBF_RPC_UNARY ? m->unary != NULL : m->on_start != NULL;
    if (has_handler && (!m->request || !m->response))
      return dbf_fail(st, DBF_ERR_INVALID, "method %s needs request and response types", m->path);
    for (size_t j = 0; j < srv->nmethods; j++)
      if (!strcmp(srv->methods[j].m->path, m->path))
        return dbf_fail(st, DBF_ERR_EXISTS, "method %s is registered twice", m->path);
    for (size_t j = 0; j < i; j++)
      if (!strcmp(methods[j].path, m->path))
        return dbf_fail(st, DBF_ERR_EXISTS, "method %s is registered twice", m->path);
  }
  /* Everything was validated first, so a failure leaves the table as it was. */
  if (n > srv->cap_methods - srv->nmethods) {
    size_t cap = srv->cap_methods ? srv->cap_methods : 16;
    while (cap - srv->nmethods < n)
      cap *= 2;
    srv_method *nm = dbf_realloc(srv->methods, cap * sizeof *nm);
    if (!nm)
      return dbf_fail(st, DBF_ERR_NOMEM, "out of memory registering %zu methods", n);
    srv->methods = nm;
    srv->cap_methods = cap;
  }
  for (size_t i = 0; i < n; i++) {
    srv->methods[srv->nmethods].m = &methods[i];
    srv->methods[srv->nmethods].handle = NULL;
    srv->nmethods++;
  }
  return DBF_OK;
}

void dbf_server_set_interceptor(dbf_server *srv, dbf_interceptor_fn fn, void *arg) {
  srv->interceptor = fn;
  srv->interceptor_arg = arg;
}

dbf_err dbf_server_add_builtin_services(dbf_server *srv, dbf_status *st) {
  if (srv->health || srv->reflection)
    return dbf_fail(st, DBF_ERR_EXISTS, "the builtin services were already added");
  dbf_err rc = dbf__health_add(srv, &srv->health, st);
  if (rc)
    return rc;
  return dbf__reflection_add(srv, &srv->reflection, st);
}

static dbf_err read_pem(const char *path, char **out, dbf_status *st) {
  dbf_err rc = DBF_OK;
  dbf_buf b;
  dbf_buf_init(&b, PEM_MAX_BYTES);
  FILE *f = fopen(path, "rb");
  if (!f)
    return dbf_fail(st, DBF_ERR_IO, "cannot open TLS file %s", path);
  char chunk[4096];
  size_t n;
  while ((n = fread(chunk, 1, sizeof chunk, f)) > 0) {
    rc = dbf_buf_append(&b, chunk, n);
    if (rc) {
      dbf_fail(st, rc, "TLS file %s is too large or memory ran out", path);
      goto out;
    }
  }
  if (ferror(f) || b.len == 0) {
    rc = dbf_fail(st, DBF_ERR_IO, "cannot read TLS file %s (empty or unreadable)", path);
    goto out;
  }
  *out = dbf_buf_steal(&b, NULL);
out:
  fclose(f);
  dbf_buf_free(&b);
  return rc;
}

static dbf_err make_credentials(dbf_server *srv, grpc_server_credentials **out, dbf_status *st) {
  dbf_err rc = DBF_OK;
  char *cert = NULL, *key = NULL, *ca = NULL;
  if (!srv->cert_file) {
    *out = grpc_insecure_server_credentials_create();
    return DBF_OK;
  }
  if ((rc = read_pem(srv->cert_file, &cert, st)) || (rc = read_pem(srv->key_file, &key, st)))
    goto out;
  if (srv->ca_file && (rc = read_pem(srv->ca_file, &ca, st)))
    goto out;
  grpc_ssl_pem_key_cert_pair pair = {.private_key = key, .cert_chain = cert};
  *out = grpc_ssl_server_credentials_create_ex(
      ca, &pair, 1,
      ca ? GRPC_SSL_REQUEST_AND_REQUIRE_CLIENT_CERTIFICATE_AND_VERIFY
         : GRPC_SSL_DONT_REQUEST_CLIENT_CERTIFICATE,
      NULL);
  if (!*out)
    rc = dbf_fail(st, DBF_ERR_INVALID, "the TLS certificate or key was rejected");
out:
  if (key)
    memset(key, 0, strlen(key)); /* do not leave the private key in freed memory */
  dbf_free(cert);
  dbf_free(key);
  dbf_free(ca);
  return rc;
}

static dbf_err build_services(dbf_server *srv, dbf_status *st) {
  srv->services = dbf_calloc(srv->nmethods ? srv->nmethods : 1, sizeof *srv->services);
  if (!srv->services)
    return dbf_fail(st, DBF_ERR_NOMEM, "out of memory starting the server");
  for (size_t i = 0; i < srv->nmethods; i++) {
    const char *p = srv->methods[i].m->path + 1;
    size_t len = (size_t)(strrchr(p, '/') - p);
    bool seen = false;
    for (size_t j = 0; j < srv->nservices && !seen; j++)
      seen = strlen(srv->services[j]) == len && !strncmp(srv->services[j], p, len);
    if (seen)
      continue;
    srv->services[srv->nservices] = dbf_strndup(p, len);
    if (!srv->services[srv->nservices])
      return dbf_fail(st, DBF_ERR_NOMEM, "out of memory starting the server");
    srv->nservices++;
  }
  return DBF_OK;
}

/* Upper bounds of debrief_rpc_duration_seconds: a unary call's milliseconds to seconds; a
   stream usually lives longer than the last and lands in +Inf. */
static const double RPC_BUCKETS[] = {0.001, 0.0025, 0.005, 0.01, 0.025, 0.05,
                                     0.1,   0.25,   0.5,   1,    2.5,   10};
static const char *const OUTCOMES[] = {"ok", "error"}; /* the status OK, or any other */

/*
 * The RPC families (docs/operations.md). Their label values are known now:
 * the registered methods' names (without the leading slash) and "unknown"
 * for a method this server does not serve, and the 17 status codes; so a
 * client cannot make up series. The count is by code, the histogram by
 * outcome: a histogram by code would be 15 lines for each of up to
 * (methods + 1) x 17 series, about 1 MB of text, more than one message
 * may carry; this way the worst scrape stays under 200 KB (bench_metrics).
 */
static dbf_err register_metrics(dbf_server *srv, dbf_status *st) {
  dbf_err rc = DBF_OK;
  const char **names = dbf_calloc(srv->nmethods + 1, sizeof *names);
  const char **streams = dbf_calloc(srv->nmethods + 1, sizeof *streams);
  size_t nstreams = 0;
  if (!names || !streams) {
    rc = dbf_fail(st, DBF_ERR_NOMEM, "out of memory starting the server");
    goto out;
  }
  for (size_t i = 0; i < srv->nmethods; i++) {
    names[i] = srv->methods[i].m->path + 1;
    srv->methods[i].stream_idx = SIZE_MAX;
    if (srv->methods[i].m->kind != DBF_RPC_UNARY) {
      srv->methods[i].stream_idx = nstreams;
      streams[nstreams++] = names[i];
    }
  }
  names[srv->nmethods] = "unknown";
  if (!srv->metrics)
    goto out;
  dbf_metric_desc handled = {
      .name = "debrief_rpc_handled_total",
      .help = "Calls that ended, by method and status code.",
      .type = DBF_METRIC_COUNTER,
      .labels = {{"method", names, srv->nmethods + 1},
                 {"code", dbf_grpc_code_names, DBF_GRPC_CODE_COUNT}},
      .nlabels = 2,
      .sparse = true,
  };
  dbf_metric_desc rpc = {
      .name = "debrief_rpc_duration_seconds",
      .help = "Time from accepting a call to its end (a stream's whole life), by method and "
              "outcome (ok: status OK; error: any other).",
      .type = DBF_METRIC_HISTOGRAM,
      .labels = {{"method", names, srv->nmethods + 1}, {"outcome", OUTCOMES, 2}},
      .nlabels = 2,
      .buckets = RPC_BUCKETS,
      .nbuckets = DBF_ARRAY_LEN(RPC_BUCKETS),
      .sparse = true,
  };
  dbf_metric_desc open = {
      .name = "debrief_rpc_open_streams",
      .help = "Streaming calls open now (accepted by their handler and not ended), by method.",
      .type = DBF_METRIC_GAUGE,
      .labels = {{"method", streams, nstreams}},
      .nlabels = 1,
  };
  if ((rc = dbf_metrics_register(srv->metrics, &handled, &srv->m_handled, st)) ||
      (rc = dbf_metrics_register(srv->metrics, &rpc, &srv->m_rpc, st)))
    goto out;
  if (nstreams)
    rc = dbf_metrics_register(srv->metrics, &open, &srv->m_streams, st);
out:
  dbf_free(names);
  dbf_free(streams);
  return rc;
}

dbf_err dbf_server_start(dbf_server *srv, dbf_status *st) {
  dbf_err rc = DBF_OK;
  grpc_server_credentials *creds = NULL;
  if (srv->started)
    return dbf_fail(st, DBF_ERR_STATE, "the server was already started");
  srv->started = true;
  if ((rc = build_services(srv, st)) || (rc = register_metrics(srv, st)))
    return rc;
  if ((rc = dbf_workq_create(srv->worker_threads, 0, &srv->wq, st)) ||
      (rc = dbf_workq_create(PUBLIC_WORKERS, 0, &srv->wq_public, st)))
    return rc;

  /* Per-connection limits: streams, header size, and keepalive both ways
   * (the server's own pings find dead peers; a client pinging faster than
   * min_ping_interval_ms gets GOAWAY after two strikes). gRPC core binds
   * with SO_REUSEPORT by default, so a second server started on a port in
   * use would share its connections silently; without it, that server
   * fails to listen and says so. */
  const struct {
    const char *key;
    int value;
  } limits[] = {
      {GRPC_ARG_MAX_CONCURRENT_STREAMS, srv->max_concurrent_streams},
      {GRPC_ARG_MAX_METADATA_SIZE, srv->max_metadata_bytes},
      {GRPC_ARG_KEEPALIVE_TIME_MS, srv->keepalive_time_ms},
      {GRPC_ARG_KEEPALIVE_TIMEOUT_MS, srv->keepalive_timeout_ms},
      {GRPC_ARG_KEEPALIVE_PERMIT_WITHOUT_CALLS, 1},
      {GRPC_ARG_HTTP2_MIN_RECV_PING_INTERVAL_WITHOUT_DATA_MS, srv->min_ping_interval_ms},
      {GRPC_ARG_HTTP2_MAX_PING_STRIKES, 2},
      {GRPC_ARG_ALLOW_REUSEPORT, 0},
  };
  grpc_arg args[2 + DBF_ARRAY_LEN(limits)];
  size_t nargs = 0;
  for (size_t i = 0; i < DBF_ARRAY_LEN(limits); i++) {
    args[nargs].type = GRPC_ARG_INTEGER;
    args[nargs].key = (char *)limits[i].key;
    args[nargs].value.integer = limits[i].value;
    nargs++;
  }
  if (srv->max_message_bytes > 0) {
    args[nargs].type = GRPC_ARG_INTEGER;
    args[nargs].key = GRPC_ARG_MAX_RECEIVE_MESSAGE_LENGTH;
    args[nargs].value.integer = srv->max_message_bytes;
    nargs++;
    args[nargs].type = GRPC_ARG_INTEGER;
    args[nargs].key = GRPC_ARG_MAX_SEND_MESSAGE_LENGTH;
    args[nargs].value.integer = srv->max_message_bytes;
    nargs++;
  }
  grpc_channel_args cargs = {.num_args = nargs, .args = args};
  srv->server = grpc_server_create(&cargs, NULL);
  if (!srv->server)
    return dbf_fail(st, DBF_ERR_INTERNAL, "grpc_server_create failed");
  for (size_t i = 0; i < srv->nmethods; i++) {
    srv->methods[i].handle = grpc_server_register_method(srv->server, srv->methods[i].m->path, NULL,
                                                         GRPC_SRM_PAYLOAD_NONE, 0);
    if (!srv->methods[i].handle)
      return dbf_fail(st, DBF_ERR_INTERNAL, "grpc refused to register %s", srv->methods[i].m->path);
  }
  srv->cqs = dbf_calloc((size_t)srv->cq_threads, sizeof *srv->cqs);
  srv->threads = dbf_calloc((size_t)srv->cq_threads, sizeof *srv->threads);
  if (!srv->cqs || !srv->threads)
    return dbf_fail(st, DBF_ERR_NOMEM, "out of memory starting the server");
  for (int i = 0; i < srv->cq_threads; i++) {
    srv->cqs[i] = grpc_completion_queue_create_for_next(NULL);
    grpc_server_register_completion_queue(srv->server, srv->cqs[i], NULL);
  }
  /* The threads start before the server so that every failure after this
   * point leaves one uniform state for dbf_server_shutdown to unwind. */
  for (int i = 0; i < srv->cq_threads; i++) {
    if (pthread_create(&srv->threads[i], NULL, cq_main, srv->cqs[i]))
      return dbf_fail(st, DBF_ERR_INTERNAL, "cannot start completion-queue thread %d", i);
    srv->nthreads++;
  }
  if ((rc = make_credentials(srv, &creds, st)))
    goto out;
  srv->port = grpc_server_add_http2_port(srv->server, srv->addr, creds);
  if (srv->port <= 0) {
    srv->port = 0;
    rc =
        dbf_fail(st, DBF_ERR_IO, "cannot listen on %s (in use, or not a valid address)", srv->addr);
    goto out;
  }
  grpc_server_start(srv->server);
  srv->grpc_started = true;
  for (int i = 0; i < srv->cq_threads; i++) {
    for (size_t j = 0; j < srv->nmethods; j++)
      for (unsigned k = 0; k < REQUESTS_PER_METHOD; k++)
        if ((rc = listener_add(srv, srv->cqs[i], &srv->methods[j], st)))
          goto out;
    for (unsigned k = 0; k < REQUESTS_PER_METHOD; k++)
      if ((rc = listener_add(srv, srv->cqs[i], NULL, st)))
        goto out;
  }
out:
  if (creds)
    grpc_server_credentials_release(creds);
  return rc;
}

int dbf_server_port(const dbf_server *srv) {
  return srv->port;
}

/* Waits on srv->cv until *flag or the monotonic deadline; caller holds srv->mu. */
static void wait_until(dbf_server *srv, const bool *flag, const struct timespec *deadline) {
  while (!*flag) {
    if (!deadline) {
      pthread_cond_wait(&srv->cv, &srv->mu);
    } else if (pthread_cond_timedwait(&srv->cv, &srv->mu, deadline) != 0) {
      return;
    }
  }
}

/* Waits for the shutdown event of a queue that had no thread. */
static void drain_cq(grpc_completion_queue *cq) {
  for (;;) {
    grpc_event ev = grpc_completion_queue_next(cq, gpr_inf_future(GPR_CLOCK_REALTIME), NULL);
    if (ev.type == GRPC_QUEUE_SHUTDOWN)
      break;
  }
}

void dbf_server_shutdown(dbf_server *srv, int64_t grace_ms) {
  if (!srv || !srv->started || srv->stopped)
    return;
  srv->stopped = true;
  atomic_store(&srv->shutting_down, true);
  if (srv->health)
    dbf__health_stop(srv->health); /* Watch streams would hold the grace open */
  if (srv->grpc_started) {
    grpc_server_shutdown_and_notify(srv->server, srv->cqs[0], &srv->shutdown_tag);
    if (grace_ms < 0)
      grace_ms = 0;
    struct timespec dl = dbf_clock_after(CLOCK_MONOTONIC, grace_ms);
    pthread_mutex_lock(&srv->mu);
    wait_until(srv, &srv->shutdown_done, &dl);
    bool done = srv->shutdown_done;
    pthread_mutex_unlock(&srv->mu);
    if (!done) {
      dbf_log(DBF_LOG_WARN, "server.cancel_calls",
              "grace period of %" PRId64 " ms is over; cancelling the remaining calls", grace_ms);
      grpc_server_cancel_all_calls(srv->server);
    }
    pthread_mutex_lock(&srv->mu);
    wait_until(srv, &srv->shutdown_done, NULL);
    /* Calls finish on workers after gRPC is done with them, and every
     * listener must have seen its failure before the queues close. */
    while (srv->active_calls > 0 || srv->listeners > 0)
      pthread_cond_wait(&srv->cv, &srv->mu);
    pthread_mutex_unlock(&srv->mu);
  }
  for (int i = 0; srv->cqs && i < srv->cq_threads; i++)
    grpc_completion_queue_shutdown(srv->cqs[i]);
  for (int i = 0; i < srv->nthreads; i++)
    pthread_join(srv->threads[i], NULL);
  /* A queue whose thread never started holds no operations (the server was
   * not started), but it must still see its shutdown event. */
  for (int i = srv->nthreads; srv->cqs && i < srv->cq_threads; i++)
    if (srv->cqs[i])
      drain_cq(srv->cqs[i]);
  srv->nthreads = 0;
  dbf_workq_destroy(srv->wq);
  srv->wq = NULL;
  dbf_workq_destroy(srv->wq_public);
  srv->wq_public = NULL;
}

void dbf_server_destroy(dbf_server *srv) {
  if (!srv)
    return;
  if (srv->started && !srv->stopped)
    dbf_server_shutdown(srv, 0);
  if (srv->server)
    grpc_server_destroy(srv->server);
  for (int i = 0; srv->cqs && i < srv->cq_threads; i++)
    if (srv->cqs[i])
      grpc_completion_queue_destroy(srv->cqs[i]);
  if (srv->health)
    dbf__health_free(srv->health);
  if (srv->reflection)
    dbf__reflection_free(srv->reflection);
  for (size_t i = 0; i < srv->nservices; i++)
    dbf_free(srv->services[i]);
  dbf_free(srv->services);
  dbf_free(srv->methods);
  dbf_free(srv->cqs);
  dbf_free(srv->threads);
  dbf_free(srv->addr);
  dbf_free(srv->cert_file);
  dbf_free(srv->key_file);
  dbf_free(srv->ca_file);
  pthread_cond_destroy(&srv->cv);
  pthread_mutex_destroy(&srv->mu);
  dbf_free(srv);
  grpc_shutdown();
}

/* ---- internal accessors (transport_int.h) ---- */

dbf_server *dbf__call_server(const dbf_call *call) {
  return call->srv;
}

size_t dbf__server_service_count(const dbf_server *srv) {
  return srv->nservices;
}

const char *dbf__server_service_name(const dbf_server *srv, size_t i) {
  return i < srv->nservices ? srv->services[i] : NULL;
}

bool dbf__server_has_service(const dbf_server *srv, const char *name) {
  for (size_t i = 0; i < srv->nservices; i++)
    if (!strcmp(srv->services[i], name))
      return true;
  return false;
}

dbf__health *dbf__server_health(const dbf_server *srv) {
  return srv->health;
}

/* ---- per-call accessors ---- */

const dbf_method *dbf_call_method(const dbf_call *call) {
  return call->m;
}

const char *dbf_call_metadata(const dbf_call *call, const char *key) {
  for (size_t i = 0; i < call->nmd; i++)
    if (call->md_keys[i] && !strcmp(call->md_keys[i], key))
      return call->md_vals[i];
  return NULL;
}

int64_t dbf_call_deadline_ms(const dbf_call *call) {
  return call->deadline_ms;
}

bool dbf_call_cancelled(const dbf_call *call) {
  if (atomic_load(&((dbf_call *)call)->cancelled))
    return true;
  return call->deadline_ms != INT64_MAX && dbf_now_ms() >= call->deadline_ms;
}

const char *dbf_call_request_id(const dbf_call *call) {
  return call->request_id;
}

const char *dbf_call_peer(const dbf_call *call) {
  return call->peer ? call->peer : "";
}

dbf_arena *dbf_call_arena(dbf_call *call) {
  return call->arena;
}

void *dbf_call_user(const dbf_call *call) {
  return call->user;
}

void dbf_call_set_user(dbf_call *call, void *user) {
  call->user = user;
}

const void *dbf_call_principal(const dbf_call *call) {
  return call->principal;
}

void dbf_call_set_principal(dbf_call *call, void *principal, void (*free_fn)(void *)) {
  if (call->principal && call->principal_free && call->principal != principal)
    call->principal_free(call->principal);
  call->principal = principal;
  call->principal_free = free_fn;
}
