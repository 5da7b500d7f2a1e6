/*
 * test_transport.c - tests for server/transport: a real gRPC server on
 * 127.0.0.1:0 in this process, driven by a real gRPC C-core client
 * (clients/c/dbc/rpc.h, the C client library's transport). Echo methods
 * under /debrief.test.Echo use grpc.health.v1.HealthCheckRequest as a
 * convenient one-string payload.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <inttypes.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "core/alloc.h"
#include "core/log.h"
#include "grpc/health/v1/health.pb-c.h"
#include "grpc/reflection/v1/reflection.pb-c.h"
#include "dbc/rpc.h"
#include "transport/server.h"
#include "transport/workq.h"

#define MAX_MSG (64 * 1024)

typedef Grpc__Health__V1__HealthCheckRequest echo_msg;

/* ---- what the handlers saw, for the tests to wait on ---- */

static struct {
  pthread_mutex_t mu;
  pthread_cond_t cv;
  int started; /* streaming on_start calls */
  int done;    /* on_done calls */
  int done_cancelled;
  int interceptor_calls;
  int order_errors; /* bidi messages seen out of order */
} seen = {PTHREAD_MUTEX_INITIALIZER, PTHREAD_COND_INITIALIZER, 0, 0, 0, 0, 0};

static void seen_bump(int *field) {
  pthread_mutex_lock(&seen.mu);
  (*field)++;
  pthread_cond_broadcast(&seen.cv);
  pthread_mutex_unlock(&seen.mu);
}

/* Waits until *field >= want or 5 s passed; returns the value seen. */
static int seen_wait(int *field, int want) {
  struct timespec dl;
  clock_gettime(CLOCK_REALTIME, &dl);
  dl.tv_sec += 5;
  pthread_mutex_lock(&seen.mu);
  while (*field < want && pthread_cond_timedwait(&seen.cv, &seen.mu, &dl) == 0)
    ;
  int v = *field;
  pthread_mutex_unlock(&seen.mu);
  return v;
}

static int seen_get(int *field) {
  pthread_mutex_lock(&seen.mu);
  int v = *field;
  pthread_mutex_unlock(&seen.mu);
  return v;
}

/* ---- handlers ---- */

static echo_msg *new_echo(dbf_call *call, const char *text) {
  echo_msg *m = dbf_arena_alloc(dbf_call_arena(call), sizeof *m);
  if (!m)
    return NULL;
  grpc__health__v1__health_check_request__init(m);
  m->service = dbf_arena_strdup(dbf_call_arena(call), text);
  return m;
}

static dbf_err echo_unary(dbf_call *call, const ProtobufCMessage *req, ProtobufCMessage **resp,
                          dbf_status *st) {
  const echo_msg *in = (const void *)req;
  const char *text = in->service;
  if (!strcmp(text, "rid"))
    text = dbf_call_request_id(call);
  else if (!strcmp(text, "principal"))
    text = dbf_call_principal(call) ? dbf_call_principal(call) : "(none)";
  else if (!strcmp(text, "fail"))
    return dbf_fail(st, DBF_ERR_STATE, "the session is completed");
  echo_msg *out = new_echo(call, text);
  if (!out)
    return dbf_fail(st, DBF_ERR_NOMEM, "no memory");
  *resp = &out->base;
  return DBF_OK;
}

/* Server streaming: the request says how many messages to send. */
static dbf_err echo_stream(dbf_call *call, const ProtobufCMessage *req, dbf_status *st) {
  const echo_msg *in = (const void *)req;
  int64_t n = 0;
  if (sscanf(in->service, "%" SCNd64, &n) != 1 || n < 0 || n > 1000)
    return dbf_fail(st, DBF_ERR_INVALID, "want a count");
  for (int64_t i = 0; i < n; i++) {
    char text[32];
    snprintf(text, sizeof text, "%" PRId64, i);
    echo_msg m = GRPC__HEALTH__V1__HEALTH_CHECK_REQUEST__INIT;
    m.service = text;
    dbf_err rc = dbf_call_send(call, &m.base);
    if (rc)
      return dbf_fail(st, rc, "send failed");
  }
  dbf_call_finish(call, DBF_OK, NULL);
  return DBF_OK;
}

typedef struct bidi_state {
  int next; /* the sequence number expected next */
} bidi_state;

static dbf_err bidi_start(dbf_call *call, const ProtobufCMessage *req, dbf_status *st) {
  bidi_state *b = dbf_arena_calloc(dbf_call_arena(call), 1, sizeof *b);
  if (!b)
    return dbf_fail(st, DBF_ERR_NOMEM, "no memory");
  dbf_call_set_user(call, b);
  seen_bump(&seen.started);
  return DBF_OK;
}

static void bidi_message(dbf_call *call, const ProtobufCMessage *msg) {
  const echo_msg *in = (const void *)msg;
  bidi_state *b = dbf_call_user(call);
  int64_t n = -1;
  if (sscanf(in->service, "m%" SCNd64, &n) != 1 || n != b->next)
    seen_bump(&seen.order_errors);
  b->next++;
  echo_msg out = GRPC__HEALTH__V1__HEALTH_CHECK_REQUEST__INIT;
  out.service = in->service;
  dbf_call_send(call, &out.base);
}

static void bidi_half_close(dbf_call *call) {
  dbf_call_finish(call, DBF_OK, NULL);
}

static void stream_done(dbf_call *call, bool cancelled) {
  if (cancelled)
    seen_bump(&seen.done_cancelled);
  seen_bump(&seen.done);
}

/* ---- deferred calls: the work finishes on another thread ---- */

typedef struct deferred_work {
  dbf_call *call;
  char text[64];
  int delay_us; /* 0: race the callback's return */
  bool unary;
} deferred_work;

static void *deferred_thread(void *arg) {
  deferred_work *w = arg;
  if (w->delay_us)
    usleep((useconds_t)w->delay_us);
  echo_msg out = GRPC__HEALTH__V1__HEALTH_CHECK_REQUEST__INIT;
  out.service = w->text;
  if (w->unary)
    dbf_call_reply(w->call, &out.base);
  else
    dbf_call_send(w->call, &out.base);
  dbf_call_resume(w->call);
  dbf_free(w);
  return NULL;
}

/* Defers, then echoes and resumes from a new thread: at once or after a while. */
static bool defer_echo(dbf_call *call, const char *text, int delay_us, bool unary) {
  deferred_work *w = dbf_calloc(1, sizeof *w);
  if (!w)
    return false;
  w->call = call;
  snprintf(w->text, sizeof w->text, "%s", text);
  w->delay_us = delay_us;
  w->unary = unary;
  dbf_call_defer(call);
  pthread_t t;
  if (pthread_create(&t, NULL, deferred_thread, w)) {
    dbf_call_resume(call);
    dbf_free(w);
    return false;
  }
  pthread_detach(t);
  return true;
}

static dbf_err defer_unary(dbf_call *call, const ProtobufCMessage *req, ProtobufCMessage **resp,
                           dbf_status *st) {
  const echo_msg *in = (const void *)req;
  static atomic_int n;
  if (!defer_echo(call, in->service, atomic_fetch_add(&n, 1) % 2 ? 2000 : 0, true))
    return dbf_fail(st, DBF_ERR_NOMEM, "no thread");
  return DBF_OK; /* no response: the thread replies */
}

static void defer_bidi_message(dbf_call *call, const ProtobufCMessage *msg) {
  const echo_msg *in = (const void *)msg;
  bidi_state *b = dbf_call_user(call);
  int64_t n = -1;
  if (sscanf(in->service, "m%" SCNd64, &n) != 1 || n != b->next)
    seen_bump(&seen.order_errors);
  b->next++;
  if (!defer_echo(call, in->service, n % 3 == 0 ? 1000 : 0, false))
    seen_bump(&seen.order_errors);
}

/*
 * Sends "<n>" messages of FLOW_BYTES each, waiting before each one until at
 * most FLOW_WINDOW bytes are queued (dbf_call_wait_writable): a client that
 * reads late gets everything, where sending blindly would pass the call's
 * queue cap; a client that goes away ends the loop (flow_cancelled).
 */
#define FLOW_BYTES  (32 * 1024)
#define FLOW_WINDOW (64 * 1024)
static atomic_int flow_cancelled;

static dbf_err flow_stream(dbf_call *call, const ProtobufCMessage *req, dbf_status *st) {
  const echo_msg *in = (const void *)req;
  int64_t n = 0;
  if (sscanf(in->service, "%" SCNd64, &n) != 1 || n < 0 || n > 1000)
    return dbf_fail(st, DBF_ERR_INVALID, "want a count");
  char *text = dbf_malloc(FLOW_BYTES + 1);
  if (!text)
    return dbf_fail(st, DBF_ERR_NOMEM, "no memory");
  memset(text, 'x', FLOW_BYTES);
  text[FLOW_BYTES] = '\0';
  dbf_err rc = DBF_OK;
  for (int64_t i = 0; !rc && i < n; i++) {
    rc = dbf_call_wait_writable(call, FLOW_WINDOW, 10000);
    echo_msg m = GRPC__HEALTH__V1__HEALTH_CHECK_REQUEST__INIT;
    m.service = text;
    if (!rc)
      rc = dbf_call_send(call, &m.base);
  }
  /* The cancel may land in the wait or between the wait and the send. */
  if (rc == DBF_ERR_CANCELLED)
    atomic_fetch_add(&flow_cancelled, 1);
  dbf_free(text);
  if (rc)
    return dbf_fail(st, rc, "flow stopped");
  dbf_call_finish(call, DBF_OK, NULL);
  return DBF_OK;
}

/* Never finishes: only cancellation, the deadline or shutdown end it. */
static dbf_err hang_start(dbf_call *call, const ProtobufCMessage *req, dbf_status *st) {
  seen_bump(&seen.started);
  return DBF_OK;
}

static dbf_err fake_auth(dbf_call *call, const dbf_method *m, void *arg, dbf_status *st) {
  seen_bump(&seen.interceptor_calls);
  const char *auth = dbf_call_metadata(call, "authorization");
  if (!auth || strcmp(auth, "Bearer ok"))
    return dbf_fail(st, DBF_ERR_UNAUTHENTICATED, "bad token");
  dbf_call_set_principal(call, dbf_strdup("alice"), dbf_free);
  return DBF_OK;
}

#define ECHO_TYPES                                                                                 \
  .request = &grpc__health__v1__health_check_request__descriptor,                                  \
  .response = &grpc__health__v1__health_check_request__descriptor

static const dbf_method test_methods[] = {
    {.path = "/debrief.test.Echo/Unary",
     .kind = DBF_RPC_UNARY,
     ECHO_TYPES,
     .unary = echo_unary,
     .public_call = true},
    {.path = "/debrief.test.Echo/Private", .kind = DBF_RPC_UNARY, ECHO_TYPES, .unary = echo_unary},
    {.path = "/debrief.test.Echo/Stream",
     .kind = DBF_RPC_SERVER_STREAMING,
     ECHO_TYPES,
     .on_start = echo_stream,
     .public_call = true},
    {.path = "/debrief.test.Echo/Bidi",
     .kind = DBF_RPC_BIDI_STREAMING,
     ECHO_TYPES,
     .on_start = bidi_start,
     .on_message = bidi_message,
     .on_half_close = bidi_half_close,
     .on_done = stream_done,
     .public_call = true},
    {.path = "/debrief.test.Echo/Flow",
     .kind = DBF_RPC_SERVER_STREAMING,
     ECHO_TYPES,
     .on_start = flow_stream,
     .public_call = true},
    {.path = "/debrief.test.Echo/Hang",
     .kind = DBF_RPC_SERVER_STREAMING,
     ECHO_TYPES,
     .on_start = hang_start,
     .on_done = stream_done,
     .public_call = true},
    {.path = "/debrief.test.Echo/Null", .kind = DBF_RPC_UNARY, ECHO_TYPES},
    {.path = "/debrief.test.Echo/DeferUnary",
     .kind = DBF_RPC_UNARY,
     ECHO_TYPES,
     .unary = defer_unary,
     .public_call = true},
    {.path = "/debrief.test.Echo/DeferBidi",
     .kind = DBF_RPC_BIDI_STREAMING,
     ECHO_TYPES,
     .on_start = bidi_start,
     .on_message = defer_bidi_message,
     .on_half_close = bidi_half_close,
     .on_done = stream_done,
     .public_call = true},
    {.path = "/debrief.v1.SessionService/GetSession", .kind = DBF_RPC_UNARY},
};

/* ---- fixture ---- */

typedef struct fixture {
  dbf_server *srv;
  grpc_channel *ch;
  char target[64];
  dbf_metrics *metrics; /* the live server's */
} fixture;

static fixture fx;

static dbf_server *start_server(int *port, dbf_metrics *metrics) {
  dbf_server_opts o = {.addr = "127.0.0.1:0",
                       .cq_threads = 2,
                       .worker_threads = 4,
                       .max_message_bytes = MAX_MSG,
                       .metrics = metrics};
  dbf_status st = {0};
  dbf_server *srv = NULL;
  if (dbf_server_create(&o, &srv, &st))
    return NULL;
  dbf_server_set_interceptor(srv, fake_auth, NULL);
  if (dbf_server_add_builtin_services(srv, &st) ||
      dbf_server_add_methods(srv, test_methods, DBF_ARRAY_LEN(test_methods), &st) ||
      dbf_server_start(srv, &st)) {
    fprintf(stderr, "server start failed: %s\n", st.msg);
    dbf_server_destroy(srv);
    return NULL;
  }
  *port = dbf_server_port(srv);
  return srv;
}

static int group_setup(void **state) {
  int port = 0;
  fx.metrics = dbf_metrics_new();
  fx.srv = fx.metrics ? start_server(&port, fx.metrics) : NULL;
  if (!fx.srv || port <= 0)
    return -1;
  snprintf(fx.target, sizeof fx.target, "127.0.0.1:%d", port);
  grpc_init();
  fx.ch = dbc_channel_insecure(fx.target, 0);
  return 0;
}

static int group_teardown(void **state) {
  grpc_channel_destroy(fx.ch);
  grpc_shutdown();
  dbf_server_shutdown(fx.srv, 1000);
  dbf_server_destroy(fx.srv);
  dbf_metrics_free(fx.metrics);
  return 0;
}

/* ---- helpers ---- */

static size_t pack_echo(const char *text, unsigned char *buf, size_t cap) {
  echo_msg m = GRPC__HEALTH__V1__HEALTH_CHECK_REQUEST__INIT;
  m.service = (char *)text;
  size_t n = protobuf_c_message_get_packed_size(&m.base);
  assert_true(n <= cap);
  protobuf_c_message_pack(&m.base, buf);
  return n;
}

/* Unpacks an echo reply into buf; returns false when it does not parse. */
static bool unpack_echo(const unsigned char *p, size_t n, char *buf, size_t cap) {
  echo_msg *m = grpc__health__v1__health_check_request__unpack(NULL, n, p);
  if (!m)
    return false;
  snprintf(buf, cap, "%s", m->service);
  grpc__health__v1__health_check_request__free_unpacked(m, NULL);
  return true;
}

static void call_echo(const char *method, const char *text, const dbc_md *md, size_t nmd,
                      dbc_raw_result *r) {
  unsigned char buf[256];
  size_t n = pack_echo(text, buf, sizeof buf);
  assert_int_equal(dbc_raw_unary(fx.ch, NULL, method, buf, n, md, nmd, 5000, r), DBF_OK);
}

/* ---- tests ---- */

static void test_status_mapping(void **state) {
  assert_int_equal(dbf_err_to_grpc_status(DBF_OK), GRPC_STATUS_OK);
  assert_int_equal(dbf_err_to_grpc_status(DBF_ERR_INVALID), GRPC_STATUS_INVALID_ARGUMENT);
  assert_int_equal(dbf_err_to_grpc_status(DBF_ERR_NOT_FOUND), GRPC_STATUS_NOT_FOUND);
  assert_int_equal(dbf_err_to_grpc_status(DBF_ERR_UNAUTHENTICATED), GRPC_STATUS_UNAUTHENTICATED);
  assert_int_equal(dbf_err_to_grpc_status(DBF_ERR_PERMISSION), GRPC_STATUS_PERMISSION_DENIED);
  assert_int_equal(dbf_err_to_grpc_status(DBF_ERR_STATE), GRPC_STATUS_FAILED_PRECONDITION);
  assert_int_equal(dbf_err_to_grpc_status(DBF_ERR_UNAVAILABLE), GRPC_STATUS_UNAVAILABLE);
  assert_int_equal(dbf_err_to_grpc_status(DBF_ERR_TOO_BIG), GRPC_STATUS_RESOURCE_EXHAUSTED);
  assert_int_equal(dbf_err_to_grpc_status(DBF_ERR_NOMEM), GRPC_STATUS_RESOURCE_EXHAUSTED);
  assert_int_equal(dbf_err_to_grpc_status(DBF_ERR_DEADLINE), GRPC_STATUS_DEADLINE_EXCEEDED);
  assert_int_equal(dbf_err_to_grpc_status(DBF_ERR_CONFLICT), GRPC_STATUS_ABORTED);
  assert_int_equal(dbf_err_to_grpc_status(DBF_ERR_EXISTS), GRPC_STATUS_ALREADY_EXISTS);
  assert_int_equal(dbf_err_to_grpc_status(DBF_ERR_CANCELLED), GRPC_STATUS_CANCELLED);
  assert_int_equal(dbf_err_to_grpc_status(DBF_ERR_UNIMPLEMENTED), GRPC_STATUS_UNIMPLEMENTED);
  assert_int_equal(dbf_err_to_grpc_status(DBF_ERR_INTERNAL), GRPC_STATUS_INTERNAL);
  assert_int_equal(dbf_err_to_grpc_status(DBF_ERR_IO), GRPC_STATUS_INTERNAL);
  assert_int_equal(dbf_err_to_grpc_status((dbf_err)999), GRPC_STATUS_INTERNAL);
}

/* ---- the worker queue on its own ---- */

#define SERIALS 4
#define JOBS    500

typedef struct order_job {
  dbf_job job;
  int serial, index;
} order_job;

static struct {
  pthread_mutex_t mu;
  int last[SERIALS];
  int ran;
  bool bad;
  int running[SERIALS]; /* jobs of a serial executing right now */
} order = {PTHREAD_MUTEX_INITIALIZER, {0}, 0, false, {0}};

static void order_fn(dbf_job *job) {
  order_job *j = (order_job *)job;
  pthread_mutex_lock(&order.mu);
  if (order.running[j->serial]++ != 0 || order.last[j->serial] != j->index - 1)
    order.bad = true;
  order.last[j->serial] = j->index;
  pthread_mutex_unlock(&order.mu);
  for (volatile int spin = 0; spin < 200; spin++)
    ;
  pthread_mutex_lock(&order.mu);
  order.running[j->serial]--;
  order.ran++;
  pthread_mutex_unlock(&order.mu);
}

static void test_workq_serial_order(void **state) {
  dbf_workq *q = NULL;
  dbf_status st = {0};
  assert_int_equal(dbf_workq_create(4, 0, &q, &st), DBF_OK);
  dbf_serial ser[SERIALS];
  order_job *jobs = dbf_calloc(SERIALS * JOBS, sizeof *jobs);
  assert_non_null(jobs);
  for (int s = 0; s < SERIALS; s++) {
    dbf_serial_init(&ser[s], q);
    order.last[s] = 0;
  }
  for (int i = 1; i <= JOBS; i++) {
    for (int s = 0; s < SERIALS; s++) {
      order_job *j = &jobs[s * JOBS + i - 1];
      j->job.fn = order_fn;
      j->serial = s;
      j->index = i;
      dbf_serial_post(&ser[s], &j->job);
    }
  }
  assert_true(dbf_workq_admit(q) || !dbf_workq_admit(q)); /* callable any time */
  dbf_workq_destroy(q);                                   /* runs what was posted */
  assert_int_equal(order.ran, SERIALS * JOBS);
  assert_false(order.bad);
  dbf_free(jobs);
}

/* ---- reserved places: a small backlog is never overrun by callers racing for its last place ----
 */

static atomic_bool hold_started, hold_release;
static atomic_int reserved_ok, reserved_ran;

static void hold_fn(dbf_job *job) {
  (void)job;
  atomic_store(&hold_started, true);
  while (!atomic_load(&hold_release))
    usleep(1000);
}

static void reserved_fn(dbf_job *job) {
  (void)job;
  atomic_fetch_add(&reserved_ran, 1);
}

static void *reserve_main(void *arg) {
  if (dbf_workq_reserve(arg))
    atomic_fetch_add(&reserved_ok, 1);
  return NULL;
}

static void test_workq_reserve_is_exact(void **state) {
  (void)state;
  dbf_workq *q = NULL;
  dbf_status st = {0};
  assert_int_equal(dbf_workq_create(1, 2, &q, &st), DBF_OK);
  dbf_serial hold_ser;
  dbf_job hold = {.fn = hold_fn};
  dbf_serial_init(&hold_ser, q);
  dbf_serial_post(&hold_ser, &hold); /* the one worker is busy with it */
  while (!atomic_load(&hold_started))
    usleep(1000);
  enum { RACERS = 16 };
  pthread_t th[RACERS];
  for (int i = 0; i < RACERS; i++)
    assert_int_equal(pthread_create(&th[i], NULL, reserve_main, q), 0);
  for (int i = 0; i < RACERS; i++)
    pthread_join(th[i], NULL);
  assert_int_equal(atomic_load(&reserved_ok), 2); /* the backlog, exactly */
  assert_false(dbf_workq_admit(q));
  dbf_workq_release(q); /* one caller gives its place back */
  assert_true(dbf_workq_admit(q));
  assert_true(dbf_workq_reserve(q));
  dbf_serial ser[2];
  dbf_job jobs[2] = {{.fn = reserved_fn}, {.fn = reserved_fn}};
  for (int i = 0; i < 2; i++) {
    dbf_serial_init(&ser[i], q);
    dbf_serial_post_reserved(&ser[i], &jobs[i]); /* counted once: no place is taken twice */
  }
  assert_false(dbf_workq_reserve(q));
  atomic_store(&hold_release, true);
  dbf_workq_destroy(q);
  assert_int_equal(atomic_load(&reserved_ran), 2);
}

static void test_unary_echo(void **state) {
  dbc_raw_result r = {0};
  call_echo("/debrief.test.Echo/Unary", "hello", NULL, 0, &r);
  assert_int_equal(r.status, GRPC_STATUS_OK);
  char text[64];
  assert_true(unpack_echo(r.resp, r.resp_len, text, sizeof text));
  assert_string_equal(text, "hello");
  assert_non_null(r.request_id);
  assert_int_equal(strlen(r.request_id), 16);
  dbc_raw_result_free(&r);

  /* Handler errors come back through the one mapping. */
  call_echo("/debrief.test.Echo/Unary", "fail", NULL, 0, &r);
  assert_int_equal(r.status, GRPC_STATUS_FAILED_PRECONDITION);
  assert_string_equal(r.details, "the session is completed");
  dbc_raw_result_free(&r);
}

static void test_request_id(void **state) {
  dbc_raw_result r = {0};
  dbc_md md = {"x-request-id", "client-id.42_x"};
  call_echo("/debrief.test.Echo/Unary", "rid", &md, 1, &r);
  assert_int_equal(r.status, GRPC_STATUS_OK);
  char text[80];
  assert_true(unpack_echo(r.resp, r.resp_len, text, sizeof text));
  assert_string_equal(text, "client-id.42_x"); /* what the handler saw */
  assert_string_equal(r.request_id, "client-id.42_x");
  dbc_raw_result_free(&r);

  dbc_md bad = {"x-request-id", "no spaces or \"quotes\" please"};
  call_echo("/debrief.test.Echo/Unary", "rid", &bad, 1, &r);
  assert_int_equal(r.status, GRPC_STATUS_OK);
  assert_non_null(r.request_id);
  assert_string_not_equal(r.request_id, bad.value);
  assert_int_equal(strlen(r.request_id), 16);
  dbc_raw_result_free(&r);
}

static void test_server_streaming(void **state) {
  dbc_raw_stream *s = NULL;
  assert_int_equal(dbc_raw_stream_open(fx.ch, "/debrief.test.Echo/Stream", NULL, 0, 5000, &s),
                   DBF_OK);
  unsigned char buf[64];
  size_t n = pack_echo("25", buf, sizeof buf);
  assert_int_equal(dbc_raw_stream_send(s, buf, n), DBF_OK);
  assert_int_equal(dbc_raw_stream_close_send(s), DBF_OK);
  for (int i = 0;; i++) {
    unsigned char *p = NULL;
    size_t len = 0;
    assert_int_equal(dbc_raw_stream_recv(s, &p, &len), DBF_OK);
    if (!p) {
      assert_int_equal(i, 25);
      break;
    }
    char text[32], want[32];
    assert_true(unpack_echo(p, len, text, sizeof text));
    snprintf(want, sizeof want, "%d", i);
    assert_string_equal(text, want);
    dbf_free(p);
  }
  dbc_raw_result r = {0};
  dbc_raw_stream_finish(s, &r);
  assert_int_equal(r.status, GRPC_STATUS_OK);
  assert_non_null(r.request_id);
  dbc_raw_result_free(&r);
  dbc_raw_stream_free(s);
}

static dbc_raw_stream *open_flow(const char *count) {
  dbc_raw_stream *s = NULL;
  assert_int_equal(dbc_raw_stream_open(fx.ch, "/debrief.test.Echo/Flow", NULL, 0, 20000, &s),
                   DBF_OK);
  unsigned char buf[64];
  size_t n = pack_echo(count, buf, sizeof buf);
  assert_int_equal(dbc_raw_stream_send(s, buf, n), DBF_OK);
  assert_int_equal(dbc_raw_stream_close_send(s), DBF_OK);
  return s;
}

/* 600 x 32 KiB (more than the 8 MiB queue cap) to a client that starts reading late. */
static void test_flow_control(void **state) {
  dbc_raw_stream *s = open_flow("600");
  usleep(300000);
  int got = 0;
  for (;;) {
    unsigned char *p = NULL;
    size_t len = 0;
    assert_int_equal(dbc_raw_stream_recv(s, &p, &len), DBF_OK);
    if (!p)
      break;
    assert_true(len > FLOW_BYTES);
    dbf_free(p);
    got++;
  }
  assert_int_equal(got, 600);
  dbc_raw_result r = {0};
  dbc_raw_stream_finish(s, &r);
  assert_int_equal(r.status, GRPC_STATUS_OK);
  dbc_raw_result_free(&r);
  dbc_raw_stream_free(s);

  /* A client that goes away: the waiting producer learns it and stops. */
  int before = atomic_load(&flow_cancelled);
  s = open_flow("1000");
  unsigned char *p = NULL;
  size_t len = 0;
  assert_int_equal(dbc_raw_stream_recv(s, &p, &len), DBF_OK);
  dbf_free(p);
  dbc_raw_stream_cancel(s);
  for (int i = 0; i < 2000 && atomic_load(&flow_cancelled) == before; i++)
    usleep(10000);
  assert_int_equal(atomic_load(&flow_cancelled), before + 1);
  dbc_raw_stream_free(s);
}

/*
 * Sends "m<from>".."m<to - 1>" without waiting, half-closes, expects exactly
 * those echoes in order and an OK status, and frees s.
 */
static void echo_burst_and_close(dbc_raw_stream *s, int from, int to) {
  for (int i = from; i < to; i++) {
    char text[32];
    snprintf(text, sizeof text, "m%d", i);
    unsigned char buf[64];
    size_t n = pack_echo(text, buf, sizeof buf);
    assert_int_equal(dbc_raw_stream_send(s, buf, n), DBF_OK);
  }
  assert_int_equal(dbc_raw_stream_close_send(s), DBF_OK);
  for (int i = from;; i++) {
    unsigned char *p = NULL;
    size_t len = 0;
    assert_int_equal(dbc_raw_stream_recv(s, &p, &len), DBF_OK);
    if (!p) {
      assert_int_equal(i, to);
      break;
    }
    char got[32], want[32];
    assert_true(unpack_echo(p, len, got, sizeof got));
    snprintf(want, sizeof want, "m%d", i);
    assert_string_equal(got, want);
    dbf_free(p);
  }
  dbc_raw_result r = {0};
  dbc_raw_stream_finish(s, &r);
  assert_int_equal(r.status, GRPC_STATUS_OK);
  dbc_raw_result_free(&r);
  dbc_raw_stream_free(s);
}

static void test_bidi_ping_pong(void **state) {
  int done_before = seen_get(&seen.done);
  int cancelled_before = seen_get(&seen.done_cancelled);
  dbc_raw_stream *s = NULL;
  assert_int_equal(dbc_raw_stream_open(fx.ch, "/debrief.test.Echo/Bidi", NULL, 0, 5000, &s),
                   DBF_OK);
  for (int i = 0; i < 50; i++) {
    char text[32];
    snprintf(text, sizeof text, "m%d", i);
    unsigned char buf[64];
    size_t n = pack_echo(text, buf, sizeof buf);
    assert_int_equal(dbc_raw_stream_send(s, buf, n), DBF_OK);
    unsigned char *p = NULL;
    size_t len = 0;
    assert_int_equal(dbc_raw_stream_recv(s, &p, &len), DBF_OK);
    assert_non_null(p);
    char got[32];
    assert_true(unpack_echo(p, len, got, sizeof got));
    assert_string_equal(got, text);
    dbf_free(p);
  }
  /* A burst without waiting: ordering must hold under pipelining too. */
  echo_burst_and_close(s, 50, 100);
  assert_true(seen_wait(&seen.done, done_before + 1) > done_before);
  assert_int_equal(seen_get(&seen.done_cancelled), cancelled_before);
  assert_int_equal(seen_get(&seen.order_errors), 0);
}

/* Deferred calls: replies and resumes from other threads, whether they beat
 * the deferring callback's return or come long after it. */
static void test_deferred_calls(void **state) {
  for (int i = 0; i < 40; i++) {
    char text[32];
    snprintf(text, sizeof text, "u%d", i);
    dbc_raw_result r = {0};
    call_echo("/debrief.test.Echo/DeferUnary", text, NULL, 0, &r);
    assert_int_equal(r.status, GRPC_STATUS_OK);
    char got[32];
    assert_true(unpack_echo(r.resp, r.resp_len, got, sizeof got));
    assert_string_equal(got, text);
    dbc_raw_result_free(&r);
  }
  int errors_before = seen_get(&seen.order_errors);
  dbc_raw_stream *s = NULL;
  assert_int_equal(dbc_raw_stream_open(fx.ch, "/debrief.test.Echo/DeferBidi", NULL, 0, 10000, &s),
                   DBF_OK);
  echo_burst_and_close(s, 0, 300); /* pipelined: the next read waits for each resume */
  assert_int_equal(seen_get(&seen.order_errors), errors_before);
}

static void test_unimplemented(void **state) {
  dbc_raw_result r = {0};
  call_echo("/debrief.test.Echo/Nope", "x", NULL, 0, &r);
  assert_int_equal(r.status, GRPC_STATUS_UNIMPLEMENTED);
  assert_non_null(strstr(r.details, "/debrief.test.Echo/Nope"));
  assert_non_null(r.request_id);
  dbc_raw_result_free(&r);

  call_echo("/no.such.Service/Method", "x", NULL, 0, &r);
  assert_int_equal(r.status, GRPC_STATUS_UNIMPLEMENTED);
  dbc_raw_result_free(&r);

  /* Registered, but the handler is NULL: planned, so authentication comes
   * first and only an authenticated caller hears it is not built yet. */
  call_echo("/debrief.test.Echo/Null", "x", NULL, 0, &r);
  assert_int_equal(r.status, GRPC_STATUS_UNAUTHENTICATED);
  dbc_raw_result_free(&r);
  dbc_md md = {"authorization", "Bearer ok"};
  call_echo("/debrief.test.Echo/Null", "x", &md, 1, &r);
  assert_int_equal(r.status, GRPC_STATUS_UNIMPLEMENTED);
  assert_non_null(strstr(r.details, "not implemented"));
  dbc_raw_result_free(&r);
  call_echo("/debrief.v1.SessionService/GetSession", "x", &md, 1, &r);
  assert_int_equal(r.status, GRPC_STATUS_UNIMPLEMENTED);
  dbc_raw_result_free(&r);

  /* A streaming call to an unknown method ends too, rather than hanging. */
  dbc_raw_stream *s = NULL;
  assert_int_equal(dbc_raw_stream_open(fx.ch, "/debrief.test.Echo/NoStream", NULL, 0, 5000, &s),
                   DBF_OK);
  dbc_raw_stream_finish(s, &r);
  assert_int_equal(r.status, GRPC_STATUS_UNIMPLEMENTED);
  dbc_raw_result_free(&r);
  dbc_raw_stream_free(s);
}

static void test_malformed(void **state) {
  static const unsigned char junk[] = {0x0a, 0xff, 0xff, 0xff, 0xff, 0x0f, 0x01};
  dbc_raw_result r = {0};
  assert_int_equal(
      dbc_raw_unary(fx.ch, NULL, "/debrief.test.Echo/Unary", junk, sizeof junk, NULL, 0, 5000, &r),
      DBF_OK);
  assert_int_equal(r.status, GRPC_STATUS_INVALID_ARGUMENT);
  assert_string_equal(
      r.details,
      "the request is not a valid grpc.health.v1.HealthCheckRequest message (truncated)");
  dbc_raw_result_free(&r);

  /* And on a bidi stream the call ends with the same status. */
  dbc_raw_stream *s = NULL;
  assert_int_equal(dbc_raw_stream_open(fx.ch, "/debrief.test.Echo/Bidi", NULL, 0, 5000, &s),
                   DBF_OK);
  dbc_raw_stream_send(s, junk, sizeof junk);
  dbc_raw_stream_finish(s, &r);
  assert_int_equal(r.status, GRPC_STATUS_INVALID_ARGUMENT);
  dbc_raw_result_free(&r);
  dbc_raw_stream_free(s);
}

static void test_oversized(void **state) {
  size_t big = MAX_MSG + 1024;
  char *text = dbf_malloc(big + 1);
  assert_non_null(text);
  memset(text, 'a', big);
  text[big] = '\0';
  echo_msg m = GRPC__HEALTH__V1__HEALTH_CHECK_REQUEST__INIT;
  m.service = text;
  size_t n = protobuf_c_message_get_packed_size(&m.base);
  unsigned char *buf = dbf_malloc(n);
  assert_non_null(buf);
  protobuf_c_message_pack(&m.base, buf);
  dbc_raw_result r = {0};
  assert_int_equal(
      dbc_raw_unary(fx.ch, NULL, "/debrief.test.Echo/Unary", buf, n, NULL, 0, 5000, &r), DBF_OK);
  assert_int_equal(r.status, GRPC_STATUS_RESOURCE_EXHAUSTED);
  dbc_raw_result_free(&r);
  dbf_free(buf);
  dbf_free(text);

  /* The server still works afterwards. */
  call_echo("/debrief.test.Echo/Unary", "still here", NULL, 0, &r);
  assert_int_equal(r.status, GRPC_STATUS_OK);
  dbc_raw_result_free(&r);
}

static void test_interceptor(void **state) {
  int before = seen_get(&seen.interceptor_calls);
  dbc_raw_result r = {0};
  call_echo("/debrief.test.Echo/Private", "principal", NULL, 0, &r);
  assert_int_equal(r.status, GRPC_STATUS_UNAUTHENTICATED);
  assert_string_equal(r.details, "bad token");
  dbc_raw_result_free(&r);

  dbc_md md = {"authorization", "Bearer ok"};
  call_echo("/debrief.test.Echo/Private", "principal", &md, 1, &r);
  assert_int_equal(r.status, GRPC_STATUS_OK);
  char text[32];
  assert_true(unpack_echo(r.resp, r.resp_len, text, sizeof text));
  assert_string_equal(text, "alice");
  dbc_raw_result_free(&r);
  assert_int_equal(seen_get(&seen.interceptor_calls), before + 2);

  /* Public methods skip it. */
  call_echo("/debrief.test.Echo/Unary", "x", NULL, 0, &r);
  assert_int_equal(r.status, GRPC_STATUS_OK);
  dbc_raw_result_free(&r);
  assert_int_equal(seen_get(&seen.interceptor_calls), before + 2);
}

static dbc_raw_stream *open_hang(int64_t timeout_ms) {
  int started = seen_get(&seen.started);
  dbc_raw_stream *s = NULL;
  assert_int_equal(dbc_raw_stream_open(fx.ch, "/debrief.test.Echo/Hang", NULL, 0, timeout_ms, &s),
                   DBF_OK);
  unsigned char buf[16];
  size_t n = pack_echo("x", buf, sizeof buf);
  assert_int_equal(dbc_raw_stream_send(s, buf, n), DBF_OK);
  assert_int_equal(dbc_raw_stream_close_send(s), DBF_OK);
  assert_true(seen_wait(&seen.started, started + 1) > started);
  return s;
}

static void test_client_cancel(void **state) {
  int done = seen_get(&seen.done), cancelled = seen_get(&seen.done_cancelled);
  dbc_raw_stream *s = open_hang(10000);
  dbc_raw_stream_cancel(s);
  dbc_raw_result r = {0};
  dbc_raw_stream_finish(s, &r);
  assert_int_equal(r.status, GRPC_STATUS_CANCELLED);
  dbc_raw_result_free(&r);
  dbc_raw_stream_free(s);
  /* stream_done bumps done_cancelled before done, so wait for the latter. */
  assert_true(seen_wait(&seen.done, done + 1) > done);
  assert_int_equal(seen_get(&seen.done_cancelled), cancelled + 1);
}

static void test_deadline(void **state) {
  int cancelled = seen_get(&seen.done_cancelled);
  dbc_raw_stream *s = open_hang(300);
  dbc_raw_result r = {0};
  dbc_raw_stream_finish(s, &r);
  assert_int_equal(r.status, GRPC_STATUS_DEADLINE_EXCEEDED);
  dbc_raw_result_free(&r);
  dbc_raw_stream_free(s);
  assert_true(seen_wait(&seen.done_cancelled, cancelled + 1) > cancelled);
}

/*
 * The series (method, code) of family name once it is want, or (at_least) at least want:
 * polled, because the server counts a call's end after the client has its status (and an
 * earlier test's last calls may still be ending). Its value after 5 s otherwise.
 */
static int64_t metric_poll(const char *name, const char *method, const char *code, int64_t want,
                           bool at_least) {
  dbf_metric *m = dbf_metrics_find(fx.metrics, name);
  assert_non_null(m);
  size_t i = dbf_metric_index(m, 0, method), j = code ? dbf_metric_index(m, 1, code) : 0;
  assert_true(i != SIZE_MAX && j != SIZE_MAX);
  int64_t v = dbf_metric_get(m, i, j);
  for (int n = 0; n < 500 && !(v == want || (at_least && v > want)); n++) {
    usleep(10000);
    v = dbf_metric_get(m, i, j);
  }
  return v;
}

static int64_t metric_now(const char *name, const char *method, const char *code) {
  return metric_poll(name, method, code, INT64_MIN, true);
}

/* Asserts that the count of (method, code) grows past before. */
static void counted(const char *method, const char *code, int64_t before) {
  assert_true(metric_poll("debrief_rpc_handled_total", method, code, before + 1, true) > before);
}

static int64_t open_streams(int64_t want) {
  return metric_poll("debrief_rpc_open_streams", "debrief.test.Echo/Hang", NULL, want, false);
}

static void test_rpc_metrics(void **state) {
  const char *rpc = "debrief_rpc_handled_total";
  int64_t ok = metric_now(rpc, "debrief.test.Echo/Unary", "OK"),
          failed = metric_now(rpc, "debrief.test.Echo/Unary", "FAILED_PRECONDITION"),
          unknown = metric_now(rpc, "unknown", "UNIMPLEMENTED"),
          hang = metric_now(rpc, "debrief.test.Echo/Hang", "CANCELLED");
  dbc_raw_result r = {0};
  call_echo("/debrief.test.Echo/Unary", "hello", NULL, 0, &r);
  dbc_raw_result_free(&r);
  call_echo("/debrief.test.Echo/Unary", "fail", NULL, 0, &r);
  dbc_raw_result_free(&r);
  call_echo("/no.such.Service/Method", "x", NULL, 0, &r);
  dbc_raw_result_free(&r);
  counted("debrief.test.Echo/Unary", "OK", ok);
  counted("debrief.test.Echo/Unary", "FAILED_PRECONDITION", failed);
  /* A method the server does not serve is one series, whatever its name. */
  counted("unknown", "UNIMPLEMENTED", unknown);

  /* A stream is open from its handler's start to its end. */
  assert_int_equal(open_streams(0), 0);
  dbc_raw_stream *s = open_hang(10000);
  assert_int_equal(open_streams(1), 1);
  dbc_raw_stream_cancel(s);
  dbc_raw_stream_finish(s, &r);
  dbc_raw_result_free(&r);
  dbc_raw_stream_free(s);
  assert_int_equal(open_streams(0), 0);
  counted("debrief.test.Echo/Hang", "CANCELLED", hang);
  /* The histogram has the same calls by outcome. */
  assert_true(metric_now("debrief_rpc_duration_seconds", "debrief.test.Echo/Unary", "ok") >= 1);
  assert_true(metric_now("debrief_rpc_duration_seconds", "debrief.test.Echo/Unary", "error") >= 1);

  dbf_buf b;
  dbf_buf_init(&b, 1 << 20);
  assert_int_equal(dbf_metrics_render(fx.metrics, &b), DBF_OK);
  assert_non_null(strstr(b.data, "# TYPE debrief_rpc_duration_seconds histogram\n"));
  assert_non_null(strstr(b.data, "debrief_rpc_duration_seconds_bucket{method=\"debrief.test.Echo/"
                                 "Unary\",outcome=\"ok\",le=\"+Inf\"}"));
  assert_non_null(strstr(b.data, "debrief_rpc_handled_total{method=\"debrief.test.Echo/"
                                 "Unary\",code=\"FAILED_PRECONDITION\"} "));
  /* Unary methods have no open-streams series. */
  assert_null(strstr(b.data, "debrief_rpc_open_streams{method=\"debrief.test.Echo/Unary\"}"));
  assert_non_null(strstr(b.data, "debrief_rpc_open_streams{method=\"debrief.test.Echo/Bidi\"} 0"));
  dbf_buf_free(&b);
}

static int health_check(const char *service, int *serving) {
  dbc_raw_result r = {0};
  unsigned char buf[128];
  size_t n = pack_echo(service, buf, sizeof buf);
  assert_int_equal(
      dbc_raw_unary(fx.ch, NULL, "/grpc.health.v1.Health/Check", buf, n, NULL, 0, 5000, &r),
      DBF_OK);
  int status = r.status;
  if (status == GRPC_STATUS_OK) {
    Grpc__Health__V1__HealthCheckResponse *h =
        grpc__health__v1__health_check_response__unpack(NULL, r.resp_len, r.resp);
    assert_non_null(h);
    *serving = h->status;
    grpc__health__v1__health_check_response__free_unpacked(h, NULL);
  }
  dbc_raw_result_free(&r);
  return status;
}

static void test_health_check(void **state) {
  int serving = -1;
  assert_int_equal(health_check("", &serving), GRPC_STATUS_OK);
  assert_int_equal(serving, GRPC__HEALTH__V1__HEALTH_CHECK_RESPONSE__SERVING_STATUS__SERVING);
  assert_int_equal(health_check("debrief.test.Echo", &serving), GRPC_STATUS_OK);
  assert_int_equal(serving, GRPC__HEALTH__V1__HEALTH_CHECK_RESPONSE__SERVING_STATUS__SERVING);
  assert_int_equal(health_check("no.such.Service", &serving), GRPC_STATUS_NOT_FOUND);
  dbf_server_set_health(fx.srv, "custom.Thing", false);
  assert_int_equal(health_check("custom.Thing", &serving), GRPC_STATUS_OK);
  assert_int_equal(serving, GRPC__HEALTH__V1__HEALTH_CHECK_RESPONSE__SERVING_STATUS__NOT_SERVING);
}

static int watch_next(dbc_raw_stream *s) {
  unsigned char *p = NULL;
  size_t n = 0;
  assert_int_equal(dbc_raw_stream_recv(s, &p, &n), DBF_OK);
  assert_non_null(p);
  Grpc__Health__V1__HealthCheckResponse *h =
      grpc__health__v1__health_check_response__unpack(NULL, n, p);
  assert_non_null(h);
  int v = h->status;
  grpc__health__v1__health_check_response__free_unpacked(h, NULL);
  dbf_free(p);
  return v;
}

static void test_health_watch(void **state) {
  dbc_raw_stream *s = NULL;
  assert_int_equal(dbc_raw_stream_open(fx.ch, "/grpc.health.v1.Health/Watch", NULL, 0, 5000, &s),
                   DBF_OK);
  unsigned char buf[64];
  size_t n = pack_echo("watched.Service", buf, sizeof buf);
  assert_int_equal(dbc_raw_stream_send(s, buf, n), DBF_OK);
  assert_int_equal(dbc_raw_stream_close_send(s), DBF_OK);
  assert_int_equal(watch_next(s),
                   GRPC__HEALTH__V1__HEALTH_CHECK_RESPONSE__SERVING_STATUS__SERVICE_UNKNOWN);
  dbf_server_set_health(fx.srv, "watched.Service", true);
  assert_int_equal(watch_next(s), GRPC__HEALTH__V1__HEALTH_CHECK_RESPONSE__SERVING_STATUS__SERVING);
  dbf_server_set_health(fx.srv, "watched.Service", true); /* no change, no message */
  dbf_server_set_health(fx.srv, "watched.Service", false);
  assert_int_equal(watch_next(s),
                   GRPC__HEALTH__V1__HEALTH_CHECK_RESPONSE__SERVING_STATUS__NOT_SERVING);
  dbc_raw_stream_free(s); /* cancels */
}

/* Sends one reflection request on path and returns the unpacked response. */
static Grpc__Reflection__V1__ServerReflectionResponse *
reflect(dbc_raw_stream *s, const Grpc__Reflection__V1__ServerReflectionRequest *req) {
  size_t n = protobuf_c_message_get_packed_size(&req->base);
  unsigned char *buf = dbf_malloc(n ? n : 1);
  assert_non_null(buf);
  protobuf_c_message_pack(&req->base, buf);
  assert_int_equal(dbc_raw_stream_send(s, buf, n), DBF_OK);
  dbf_free(buf);
  unsigned char *p = NULL;
  size_t len = 0;
  assert_int_equal(dbc_raw_stream_recv(s, &p, &len), DBF_OK);
  assert_non_null(p);
  Grpc__Reflection__V1__ServerReflectionResponse *r =
      grpc__reflection__v1__server_reflection_response__unpack(NULL, len, p);
  dbf_free(p);
  assert_non_null(r);
  return r;
}

/* The name of a serialized FileDescriptorProto: field 1, a short string. */
static void fd_name(const ProtobufCBinaryData *d, char *out, size_t cap) {
  out[0] = '\0';
  if (d->len >= 2 && d->data[0] == 0x0a && d->data[1] < 0x80 && (size_t)d->data[1] + 2 <= d->len)
    snprintf(out, cap, "%.*s", (int)d->data[1], (const char *)d->data + 2);
}

static bool has_service(const Grpc__Reflection__V1__ListServiceResponse *l, const char *name) {
  for (size_t i = 0; i < l->n_service; i++)
    if (!strcmp(l->service[i]->name, name))
      return true;
  return false;
}

static void check_symbol(dbc_raw_stream *s, const char *symbol, const char *want_file,
                         const char *want_dep) {
  Grpc__Reflection__V1__ServerReflectionRequest req =
      GRPC__REFLECTION__V1__SERVER_REFLECTION_REQUEST__INIT;
  req.message_request_case =
      GRPC__REFLECTION__V1__SERVER_REFLECTION_REQUEST__MESSAGE_REQUEST_FILE_CONTAINING_SYMBOL;
  req.file_containing_symbol = (char *)symbol;
  Grpc__Reflection__V1__ServerReflectionResponse *r = reflect(s, &req);
  assert_int_equal(
      r->message_response_case,
      GRPC__REFLECTION__V1__SERVER_REFLECTION_RESPONSE__MESSAGE_RESPONSE_FILE_DESCRIPTOR_RESPONSE);
  const Grpc__Reflection__V1__FileDescriptorResponse *f = r->file_descriptor_response;
  assert_true(f->n_file_descriptor_proto >= 1);
  char name[128];
  fd_name(&f->file_descriptor_proto[0], name, sizeof name);
  assert_string_equal(name, want_file);
  if (want_dep) {
    bool found = false;
    for (size_t i = 1; i < f->n_file_descriptor_proto; i++) {
      fd_name(&f->file_descriptor_proto[i], name, sizeof name);
      found = found || !strcmp(name, want_dep);
    }
    assert_true(found);
  }
  grpc__reflection__v1__server_reflection_response__free_unpacked(r, NULL);
}

static void reflection_suite(const char *path) {
  dbc_raw_stream *s = NULL;
  assert_int_equal(dbc_raw_stream_open(fx.ch, path, NULL, 0, 5000, &s), DBF_OK);

  Grpc__Reflection__V1__ServerReflectionRequest req =
      GRPC__REFLECTION__V1__SERVER_REFLECTION_REQUEST__INIT;
  req.message_request_case =
      GRPC__REFLECTION__V1__SERVER_REFLECTION_REQUEST__MESSAGE_REQUEST_LIST_SERVICES;
  req.list_services = "";
  Grpc__Reflection__V1__ServerReflectionResponse *r = reflect(s, &req);
  assert_int_equal(
      r->message_response_case,
      GRPC__REFLECTION__V1__SERVER_REFLECTION_RESPONSE__MESSAGE_RESPONSE_LIST_SERVICES_RESPONSE);
  const Grpc__Reflection__V1__ListServiceResponse *l = r->list_services_response;
  assert_true(has_service(l, "debrief.test.Echo"));
  assert_true(has_service(l, "debrief.v1.SessionService"));
  assert_true(has_service(l, "grpc.health.v1.Health"));
  assert_true(has_service(l, "grpc.reflection.v1.ServerReflection"));
  assert_true(has_service(l, "grpc.reflection.v1alpha.ServerReflection"));
  assert_false(has_service(l, "debrief.v1.ConversationService")); /* not registered */
  assert_int_equal(l->n_service, 5);
  grpc__reflection__v1__server_reflection_response__free_unpacked(r, NULL);

  check_symbol(s, "debrief.v1.SessionService", "debrief/v1/session_service.proto",
               "google/api/annotations.proto");
  check_symbol(s, "debrief.v1.SessionService.GetSession", "debrief/v1/session_service.proto",
               "google/protobuf/descriptor.proto"); /* transitive, through annotations */
  check_symbol(s, "debrief.v1.GetSessionRequest", "debrief/v1/session_service.proto", NULL);
  check_symbol(s, "google.protobuf.DescriptorProto.ExtensionRange",
               "google/protobuf/descriptor.proto", NULL);
  check_symbol(s, "google.protobuf.FieldDescriptorProto.Type", "google/protobuf/descriptor.proto",
               NULL);
  check_symbol(s, "grpc.health.v1.Health", "grpc/health/v1/health.proto", NULL);

  req.message_request_case =
      GRPC__REFLECTION__V1__SERVER_REFLECTION_REQUEST__MESSAGE_REQUEST_FILE_BY_FILENAME;
  req.file_by_filename = "debrief/v1/types.proto";
  r = reflect(s, &req);
  assert_int_equal(
      r->message_response_case,
      GRPC__REFLECTION__V1__SERVER_REFLECTION_RESPONSE__MESSAGE_RESPONSE_FILE_DESCRIPTOR_RESPONSE);
  grpc__reflection__v1__server_reflection_response__free_unpacked(r, NULL);

  /* google.api.http extends MethodOptions with field 72295728. */
  Grpc__Reflection__V1__ExtensionRequest ext = GRPC__REFLECTION__V1__EXTENSION_REQUEST__INIT;
  ext.containing_type = "google.protobuf.MethodOptions";
  ext.extension_number = 72295728;
  req.message_request_case =
      GRPC__REFLECTION__V1__SERVER_REFLECTION_REQUEST__MESSAGE_REQUEST_FILE_CONTAINING_EXTENSION;
  req.file_containing_extension = &ext;
  r = reflect(s, &req);
  assert_int_equal(
      r->message_response_case,
      GRPC__REFLECTION__V1__SERVER_REFLECTION_RESPONSE__MESSAGE_RESPONSE_FILE_DESCRIPTOR_RESPONSE);
  char name[128];
  fd_name(&r->file_descriptor_response->file_descriptor_proto[0], name, sizeof name);
  assert_string_equal(name, "google/api/annotations.proto");
  grpc__reflection__v1__server_reflection_response__free_unpacked(r, NULL);

  const char *unknown[] = {"no.such.Symbol", "debrief.v1.SessionService.Nope"};
  for (size_t i = 0; i < DBF_ARRAY_LEN(unknown); i++) {
    req.message_request_case =
        GRPC__REFLECTION__V1__SERVER_REFLECTION_REQUEST__MESSAGE_REQUEST_FILE_CONTAINING_SYMBOL;
    req.file_containing_symbol = (char *)unknown[i];
    r = reflect(s, &req);
    assert_int_equal(
        r->message_response_case,
        GRPC__REFLECTION__V1__SERVER_REFLECTION_RESPONSE__MESSAGE_RESPONSE_ERROR_RESPONSE);
    assert_int_equal(r->error_response->error_code, GRPC_STATUS_NOT_FOUND);
    grpc__reflection__v1__server_reflection_response__free_unpacked(r, NULL);
  }
  req.message_request_case =
      GRPC__REFLECTION__V1__SERVER_REFLECTION_REQUEST__MESSAGE_REQUEST_FILE_BY_FILENAME;
  req.file_by_filename = "nope.proto";
  r = reflect(s, &req);
  assert_int_equal(
      r->message_response_case,
      GRPC__REFLECTION__V1__SERVER_REFLECTION_RESPONSE__MESSAGE_RESPONSE_ERROR_RESPONSE);
  grpc__reflection__v1__server_reflection_response__free_unpacked(r, NULL);

  assert_int_equal(dbc_raw_stream_close_send(s), DBF_OK);
  dbc_raw_result res = {0};
  dbc_raw_stream_finish(s, &res);
  assert_int_equal(res.status, GRPC_STATUS_OK);
  dbc_raw_result_free(&res);
  dbc_raw_stream_free(s);
}

static void test_reflection_v1(void **state) {
  reflection_suite("/grpc.reflection.v1.ServerReflection/ServerReflectionInfo");
}

static void test_reflection_v1alpha(void **state) {
  reflection_suite("/grpc.reflection.v1alpha.ServerReflection/ServerReflectionInfo");
}

/* Many concurrent unary calls from several threads all get their own answer. */
static void *hammer(void *arg) {
  long id = (long)(intptr_t)arg;
  grpc_completion_queue *cq = grpc_completion_queue_create_for_pluck(NULL);
  long bad = 0;
  for (int i = 0; i < 200; i++) {
    char text[64], got[64];
    snprintf(text, sizeof text, "t%ld-%d", id, i);
    unsigned char buf[128];
    size_t n = pack_echo(text, buf, sizeof buf);
    dbc_raw_result r = {0};
    if (dbc_raw_unary(fx.ch, cq, "/debrief.test.Echo/Unary", buf, n, NULL, 0, 5000, &r) ||
        r.status != GRPC_STATUS_OK || !unpack_echo(r.resp, r.resp_len, got, sizeof got) ||
        strcmp(got, text))
      bad++;
    dbc_raw_result_free(&r);
  }
  grpc_completion_queue_shutdown(cq);
  grpc_completion_queue_destroy(cq);
  return (void *)(intptr_t)bad;
}

static void test_concurrent_unary(void **state) {
  pthread_t t[8];
  for (long i = 0; i < 8; i++)
    assert_int_equal(pthread_create(&t[i], NULL, hammer, (void *)(intptr_t)i), 0);
  long bad = 0;
  for (int i = 0; i < 8; i++) {
    void *rv = NULL;
    pthread_join(t[i], &rv);
    bad += (long)(intptr_t)rv;
  }
  assert_int_equal(bad, 0);
}

/* Shutdown waits up to the grace period, then cancels what is left. */
static void test_shutdown_grace(void **state) {
  int port = 0;
  dbf_server *srv = start_server(&port, NULL);
  assert_non_null(srv);
  char target[64];
  snprintf(target, sizeof target, "127.0.0.1:%d", port);
  grpc_channel *ch = dbc_channel_insecure(target, 0);
  int started = seen_get(&seen.started), cancelled = seen_get(&seen.done_cancelled);
  dbc_raw_stream *s = NULL;
  assert_int_equal(dbc_raw_stream_open(ch, "/debrief.test.Echo/Hang", NULL, 0, 20000, &s), DBF_OK);
  unsigned char buf[16];
  size_t n = pack_echo("x", buf, sizeof buf);
  assert_int_equal(dbc_raw_stream_send(s, buf, n), DBF_OK);
  assert_true(seen_wait(&seen.started, started + 1) > started);

  struct timespec a, b;
  clock_gettime(CLOCK_MONOTONIC, &a);
  dbf_server_shutdown(srv, 300);
  clock_gettime(CLOCK_MONOTONIC, &b);
  double ms = (double)(b.tv_sec - a.tv_sec) * 1e3 + (double)(b.tv_nsec - a.tv_nsec) / 1e6;
  assert_true(ms >= 250 && ms < 5000);
  assert_true(seen_get(&seen.done_cancelled) > cancelled);
  dbc_raw_result r = {0};
  dbc_raw_stream_finish(s, &r);
  assert_int_not_equal(r.status, GRPC_STATUS_OK);
  dbc_raw_result_free(&r);
  dbc_raw_stream_free(s);
  dbf_server_shutdown(srv, 300); /* a second call is a no-op */
  dbf_server_destroy(srv);
  grpc_channel_destroy(ch);
}

static void test_create_checks(void **state) {
  dbf_status st = {0};
  dbf_server *srv = NULL;
  dbf_server_opts o = {.addr = "0.0.0.0:0", .cq_threads = 1, .worker_threads = 1};
  assert_int_equal(dbf_server_create(&o, &srv, &st), DBF_ERR_INVALID);
  assert_null(srv);
  assert_non_null(strstr(st.msg, "plaintext"));
  o.allow_insecure = true;
  assert_int_equal(dbf_server_create(&o, &srv, &st), DBF_OK);
  dbf_server_destroy(srv); /* never started */
  srv = NULL;

  dbf_server_opts half = {
      .addr = "127.0.0.1:0", .cq_threads = 1, .worker_threads = 1, .tls_cert_file = "cert.pem"};
  assert_int_equal(dbf_server_create(&half, &srv, &st), DBF_ERR_INVALID);
  dbf_server_opts missing = {.addr = "127.0.0.1:0",
                             .cq_threads = 1,
                             .worker_threads = 1,
                             .tls_cert_file = "/nonexistent/cert.pem",
                             .tls_key_file = "/nonexistent/key.pem"};
  assert_int_equal(dbf_server_create(&missing, &srv, &st), DBF_OK);
  assert_int_equal(dbf_server_start(srv, &st), DBF_ERR_IO);
  assert_non_null(strstr(st.msg, "cert.pem"));
  dbf_server_destroy(srv); /* after a failed start */

  static const dbf_method dup[] = {
      {.path = "/a.B/C", .kind = DBF_RPC_UNARY},
      {.path = "/a.B/C", .kind = DBF_RPC_UNARY},
  };
  static const dbf_method badpath[] = {{.path = "nope", .kind = DBF_RPC_UNARY}};
  o.addr = "127.0.0.1:0";
  assert_int_equal(dbf_server_create(&o, &srv, &st), DBF_OK);
  assert_int_equal(dbf_server_add_methods(srv, dup, 2, &st), DBF_ERR_EXISTS);
  assert_int_equal(dbf_server_add_methods(srv, badpath, 1, &st), DBF_ERR_INVALID);
  dbf_server_destroy(srv);
}

/* ---- TLS, with certificates made by the openssl tool at test time ---- */

static char *slurp(const char *path) {
  FILE *f = fopen(path, "rb");
  if (!f)
    return NULL;
  char *buf = dbf_calloc(1, 65536);
  size_t n = buf ? fread(buf, 1, 65535, f) : 0;
  fclose(f);
  if (buf && n == 0) {
    dbf_free(buf);
    buf = NULL;
  }
  return buf;
}

static dbf_server *start_tls_server(const char *cert, const char *key, const char *ca, int *port) {
  dbf_server_opts o = {.addr = "127.0.0.1:0",
                       .cq_threads = 1,
                       .worker_threads = 2,
                       .tls_cert_file = cert,
                       .tls_key_file = key,
                       .tls_client_ca_file = ca};
  dbf_status st = {0};
  dbf_server *srv = NULL;
  assert_int_equal(dbf_server_create(&o, &srv, &st), DBF_OK);
  assert_int_equal(dbf_server_add_methods(srv, test_methods, 1, &st), DBF_OK);
  assert_int_equal(dbf_server_start(srv, &st), DBF_OK);
  *port = dbf_server_port(srv);
  return srv;
}

static int echo_over(grpc_channel *ch) {
  unsigned char buf[64];
  size_t n = pack_echo("tls", buf, sizeof buf);
  dbc_raw_result r = {0};
  assert_int_equal(dbc_raw_unary(ch, NULL, "/debrief.test.Echo/Unary", buf, n, NULL, 0, 3000, &r),
                   DBF_OK);
  int code = r.status;
  dbc_raw_result_free(&r);
  return code;
}

static void test_tls(void **state) {
  char dir[] = "/tmp/dbf-tls-XXXXXX";
  if (!mkdtemp(dir))
    skip();
  char cmd[1024], cert[128], key[128];
  snprintf(cert, sizeof cert, "%s/cert.pem", dir);
  snprintf(key, sizeof key, "%s/key.pem", dir);
  snprintf(cmd, sizeof cmd,
           "openssl req -x509 -newkey rsa:2048 -nodes -keyout %s -out %s -days 1 "
           "-subj /CN=localhost -addext subjectAltName=DNS:localhost,IP:127.0.0.1 "
           ">/dev/null 2>&1",
           key, cert);
  if (system(cmd) != 0) {
    rmdir(dir);
    skip(); /* no openssl tool here */
  }
  char *cert_pem = slurp(cert), *key_pem = slurp(key);
  assert_non_null(cert_pem);
  assert_non_null(key_pem);
  char target[64];
  int port = 0;

  /* Server TLS: a client trusting the certificate gets through; a
   * plaintext client does not. */
  dbf_server *srv = start_tls_server(cert, key, NULL, &port);
  snprintf(target, sizeof target, "127.0.0.1:%d", port);
  grpc_channel *ch = dbc_channel_tls(target, cert_pem, NULL, NULL, "localhost");
  assert_int_equal(echo_over(ch), GRPC_STATUS_OK);
  grpc_channel_destroy(ch);
  ch = dbc_channel_insecure(target, 0);
  assert_int_not_equal(echo_over(ch), GRPC_STATUS_OK);
  grpc_channel_destroy(ch);
  dbf_server_destroy(srv);

  /* Mutual TLS: without a client certificate the handshake fails. */
  srv = start_tls_server(cert, key, cert, &port);
  snprintf(target, sizeof target, "127.0.0.1:%d", port);
  ch = dbc_channel_tls(target, cert_pem, NULL, NULL, "localhost");
  assert_int_not_equal(echo_over(ch), GRPC_STATUS_OK);
  grpc_channel_destroy(ch);
  ch = dbc_channel_tls(target, cert_pem, cert_pem, key_pem, "localhost");
  assert_int_equal(echo_over(ch), GRPC_STATUS_OK);
  grpc_channel_destroy(ch);
  dbf_server_destroy(srv);

  dbf_free(cert_pem);
  dbf_free(key_pem);
  unlink(cert);
  unlink(key);
  rmdir(dir);
}

int main(void) {
  const struct CMUnitTest standalone[] = {
      cmocka_unit_test(test_status_mapping),         cmocka_unit_test(test_workq_serial_order),
      cmocka_unit_test(test_workq_reserve_is_exact), cmocka_unit_test(test_create_checks),
      cmocka_unit_test(test_shutdown_grace),         cmocka_unit_test(test_tls),
  };
  const struct CMUnitTest live[] = {
      cmocka_unit_test(test_unary_echo),         cmocka_unit_test(test_request_id),
      cmocka_unit_test(test_server_streaming),   cmocka_unit_test(test_bidi_ping_pong),
      cmocka_unit_test(test_deferred_calls),     cmocka_unit_test(test_unimplemented),
      cmocka_unit_test(test_malformed),          cmocka_unit_test(test_oversized),
      cmocka_unit_test(test_interceptor),        cmocka_unit_test(test_client_cancel),
      cmocka_unit_test(test_deadline),           cmocka_unit_test(test_health_check),
      cmocka_unit_test(test_health_watch),       cmocka_unit_test(test_reflection_v1),
      cmocka_unit_test(test_reflection_v1alpha), cmocka_unit_test(test_concurrent_unary),
      cmocka_unit_test(test_rpc_metrics),        cmocka_unit_test(test_flow_control),
  };
  /* DEBRIEF_LOG_LEVEL=info shows the per-call log lines. */
  dbf_log_init(dbf_log_level_parse(getenv("DEBRIEF_LOG_LEVEL"), DBF_LOG_WARN), NULL);
  grpc_init();
  int failed = cmocka_run_group_tests_name("transport_standalone", standalone, NULL, NULL);
  failed += cmocka_run_group_tests_name("transport_live", live, group_setup, group_teardown);
  grpc_shutdown();
  return failed;
}
