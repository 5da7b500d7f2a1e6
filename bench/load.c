/*
 * load.c - a gRPC load generator for the transport layer and for a running
 * debrief server.
 *
 * It starts an in-process echo server on the same transport (the baseline:
 * what the transport costs with no handler work), drives it at
 * concurrencies 1, 8 and 32, then drives /debrief.v1.SessionService/GetSession
 * on --target the same way and prints QPS, p50 and p99 for each run plus
 * the GetSession/echo ratios. Every run is bounded by --duration-ms or
 * --count, so the program always stops by itself. Only loopback targets
 * are accepted: this is a local benchmark, never a load test of someone
 * else's machine.
 *
 *   bench_load [--target 127.0.0.1:50051 --token JWT --session-id UUID]
 *              [--duration-ms 2000] [--count N] [--levels 1,8,16] [--no-echo]
 *
 * --levels replaces the concurrencies (up to 8, each 1..256); --no-echo
 * skips the echo baseline, for bench/run_peers.sh, which compares GetSession
 * on debrief with the same call on peer servers instead.
 */
#include <inttypes.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <grpc/grpc.h>

#include "core/alloc.h"
#include "core/config.h"
#include "core/log.h"
#include "debrief/v1/session_service.pb-c.h"
#include "grpc/health/v1/health.pb-c.h"
#include "dbc/rpc.h"
#include "transport/server.h"

#define MAX_SAMPLES_PER_THREAD 500000u /* latency samples kept per thread */
#define MAX_DURATION_MS        60000   /* a run never lasts longer than a minute */
#define CALL_TIMEOUT_MS        10000   /* per call */
#define ECHO_PATH              "/debrief.bench.Echo/Unary"
#define GET_SESSION_PATH       "/debrief.v1.SessionService/GetSession"

#define MAX_LEVELS 8 /* --levels entries */
static int levels[MAX_LEVELS] = {1, 8, 32};
static int NLEVELS = 3;

typedef struct run_cfg {
  const char *target;
  const char *path;
  const unsigned char *req;
  size_t req_len;
  const dbc_md *md;
  size_t nmd;
  int concurrency;
  int64_t duration_ms;
  int64_t count; /* 0: use the duration */
} run_cfg;

typedef struct run_result {
  double qps, p50_ms, p99_ms;
  long ok, errors;
  char first_error[160];
} run_result;

typedef struct worker {
  const run_cfg *cfg;
  pthread_barrier_t *barrier;
  atomic_long *issued;
  atomic_bool *stop;
  double *lat_ms;
  size_t nlat;
  long ok, errors;
  char first_error[160];
} worker;

static double now_ms(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

static void *worker_main(void *arg) {
  worker *w = arg;
  const run_cfg *c = w->cfg;
  grpc_channel *ch = dbc_channel_insecure(c->target, 0);
  grpc_completion_queue *cq = grpc_completion_queue_create_for_pluck(NULL);
  dbc_raw_result r = {0};
  /* One untimed call connects the channel before the clock starts. */
  dbc_raw_unary(ch, cq, c->path, c->req, c->req_len, c->md, c->nmd, CALL_TIMEOUT_MS, &r);
  dbc_raw_result_free(&r);
  pthread_barrier_wait(w->barrier);
  while (!atomic_load(w->stop)) {
    if (c->count > 0 && atomic_fetch_add(w->issued, 1) >= c->count)
      break;
    double t0 = now_ms();
    dbf_err rc =
        dbc_raw_unary(ch, cq, c->path, c->req, c->req_len, c->md, c->nmd, CALL_TIMEOUT_MS, &r);
    double dt = now_ms() - t0;
    if (!rc && r.status == GRPC_STATUS_OK) {
      w->ok++;
      if (w->nlat < MAX_SAMPLES_PER_THREAD)
        w->lat_ms[w->nlat++] = dt;
    } else {
      if (!w->errors)
        snprintf(w->first_error, sizeof w->first_error, "status %d: %s", (int)r.status,
                 r.details ? r.details : "");
      w->errors++;
    }
    dbc_raw_result_free(&r);
  }
  grpc_completion_queue_shutdown(cq);
  grpc_completion_queue_destroy(cq);
  grpc_channel_destroy(ch);
  return NULL;
}

static int cmp_double(const void *a, const void *b) {
  double x = *(const double *)a, y = *(const double *)b;
  return (x > y) - (x < y);
}

static double percentile(const double *v, size_t n, double p) {
  if (!n)
    return 0;
  size_t i = (size_t)(p * (double)(n - 1) + 0.5);
  return v[i < n ? i : n - 1];
}

static dbf_err run(const run_cfg *c, run_result *out) {
  dbf_err rc = DBF_OK;
  memset(out, 0, sizeof *out);
  int n = c->concurrency;
  worker *ws = dbf_calloc((size_t)n, sizeof *ws);
  pthread_t *th = dbf_calloc((size_t)n, sizeof *th);
  double *all = NULL;
  pthread_barrier_t barrier;
  atomic_long issued = 0;
  atomic_bool stop = false;
  if (!ws || !th) {
    rc = DBF_ERR_NOMEM;
    goto out;
  }
  pthread_barrier_init(&barrier, NULL, (unsigned)n + 1);
  int started = 0;
  for (int i = 0; i < n; i++) {
    ws[i] = (worker){.cfg = c, .barrier = &barrier, .issued = &issued, .stop = &stop};
    ws[i].lat_ms = dbf_malloc(MAX_SAMPLES_PER_THREAD * sizeof *ws[i].lat_ms);
    if (!ws[i].lat_ms || pthread_create(&th[i], NULL, worker_main, &ws[i])) {
      /* Threads already started wait on the barrier; it cannot be sized
       * down, so give up loudly rather than deadlock. */
      fprintf(stderr, "cannot start benchmark thread %d\n", i);
      exit(1);
    }
    started++;
  }
  pthread_barrier_wait(&barrier);
  double t0 = now_ms();
  while (now_ms() - t0 < (double)c->duration_ms) {
    if (c->count > 0 && atomic_load(&issued) >= c->count)
      break;
    struct timespec nap = {0, 5 * 1000 * 1000};
    nanosleep(&nap, NULL);
  }
  atomic_store(&stop, true);
  for (int i = 0; i < started; i++)
    pthread_join(th[i], NULL);
  double elapsed = now_ms() - t0;
  pthread_barrier_destroy(&barrier);

  size_t total = 0;
  for (int i = 0; i < n; i++)
    total += ws[i].nlat;
  all = dbf_malloc((total ? total : 1) * sizeof *all);
  if (!all) {
    rc = DBF_ERR_NOMEM;
    goto out;
  }
  size_t k = 0;
  for (int i = 0; i < n; i++) {
    memcpy(all + k, ws[i].lat_ms, ws[i].nlat * sizeof *all);
    k += ws[i].nlat;
    out->ok += ws[i].ok;
    out->errors += ws[i].errors;
    if (ws[i].errors && !out->first_error[0])
      snprintf(out->first_error, sizeof out->first_error, "%s", ws[i].first_error);
  }
  qsort(all, total, sizeof *all, cmp_double);
  out->qps = elapsed > 0 ? (double)out->ok * 1e3 / elapsed : 0;
  out->p50_ms = percentile(all, total, 0.50);
  out->p99_ms = percentile(all, total, 0.99);
out:
  for (int i = 0; ws && i < n; i++)
    dbf_free(ws[i].lat_ms);
  dbf_free(ws);
  dbf_free(th);
  dbf_free(all);
  return rc;
}

/* The baseline handler: echo the request, no other work. */
static dbf_err echo(dbf_call *call, const ProtobufCMessage *req, ProtobufCMessage **resp,
                    dbf_status *st) {
  *resp = (ProtobufCMessage *)req; /* lives in the call arena until the reply is packed */
  return DBF_OK;
}

static const dbf_method echo_methods[] = {{
    .path = ECHO_PATH,
    .kind = DBF_RPC_UNARY,
    .request = &grpc__health__v1__health_check_request__descriptor,
    .response = &grpc__health__v1__health_check_request__descriptor,
    .unary = echo,
    .public_call = true,
}};

static void usage(void) {
  fprintf(stderr, "usage: bench_load [--target HOST:PORT --token JWT --session-id UUID]\n"
                  "                  [--duration-ms N (default 2000)] [--count N]\n"
                  "                  [--levels N,N,... (default 1,8,32)] [--no-echo]\n"
                  "Only loopback targets are accepted.\n");
}

static void print_row(const char *name, int conc, const run_result *r) {
  printf("%-12s %5d %12.0f %10.3f %10.3f %9ld %7ld\n", name, conc, r->qps, r->p50_ms, r->p99_ms,
         r->ok, r->errors);
  if (r->errors)
    printf("  first error: %s\n", r->first_error);
}

int main(int argc, char **argv) {
  const char *target = NULL, *token = NULL, *session_id = NULL;
  int64_t duration_ms = 2000, count = 0;
  bool no_echo = false;
  for (int i = 1; i < argc; i++) {
    const char *a = argv[i], *v = i + 1 < argc ? argv[i + 1] : NULL;
    if (!strcmp(a, "--no-echo")) {
      no_echo = true;
      continue;
    }
    if (!v) {
      usage();
      return 2;
    }
    if (!strcmp(a, "--target"))
      target = v;
    else if (!strcmp(a, "--token"))
      token = v;
    else if (!strcmp(a, "--session-id"))
      session_id = v;
    else if (!strcmp(a, "--duration-ms")) {
      if (dbf_parse_i64(v, 100, MAX_DURATION_MS, &duration_ms)) {
        fprintf(stderr, "--duration-ms must be 100..%d\n", MAX_DURATION_MS);
        return 2;
      }
    } else if (!strcmp(a, "--count")) {
      if (dbf_parse_i64(v, 1, 100000000, &count)) {
        fprintf(stderr, "--count must be 1..100000000\n");
        return 2;
      }
    } else if (!strcmp(a, "--levels")) {
      char buf[128];
      snprintf(buf, sizeof buf, "%s", v);
      NLEVELS = 0;
      for (char *save = NULL, *t = strtok_r(buf, ",", &save); t; t = strtok_r(NULL, ",", &save)) {
        int64_t c = 0;
        if (NLEVELS == MAX_LEVELS || dbf_parse_i64(t, 1, 256, &c)) {
          fprintf(stderr, "--levels takes up to %d numbers in 1..256, comma-separated\n",
                  MAX_LEVELS);
          return 2;
        }
        levels[NLEVELS++] = (int)c;
      }
      if (!NLEVELS) {
        fprintf(stderr, "--levels needs at least one number\n");
        return 2;
      }
    } else {
      usage();
      return 2;
    }
    i++;
  }
  if (count > 0)
    duration_ms = MAX_DURATION_MS; /* the count ends the run; the cap still bounds it */
  if (target && !dbf_addr_is_loopback(target)) {
    fprintf(stderr, "refusing non-loopback target %s\n", target);
    return 2;
  }
  if (target && (!token || !session_id)) {
    fprintf(stderr, "--target needs --token and --session-id\n");
    return 2;
  }
  dbf_log_init(DBF_LOG_WARN, NULL);
  grpc_init();

  dbf_status st = {0};
  dbf_server *srv = NULL;
  dbf_server_opts so = {
      .addr = "127.0.0.1:0", .cq_threads = 2, .worker_threads = 8, .max_message_bytes = 1 << 20};
  if (dbf_server_create(&so, &srv, &st) || dbf_server_add_methods(srv, echo_methods, 1, &st) ||
      dbf_server_start(srv, &st)) {
    fprintf(stderr, "echo server: %s\n", st.msg);
    dbf_server_destroy(srv);
    grpc_shutdown();
    return 1;
  }
  char echo_target[64];
  snprintf(echo_target, sizeof echo_target, "127.0.0.1:%d", dbf_server_port(srv));

  /* The echo payload is about the size of a GetSession request. */
  Grpc__Health__V1__HealthCheckRequest er = GRPC__HEALTH__V1__HEALTH_CHECK_REQUEST__INIT;
  er.service = "00000000-0000-0000-0000-000000000000";
  unsigned char echo_req[128];
  size_t echo_len = grpc__health__v1__health_check_request__pack(&er, echo_req);

  unsigned char gs_req[256];
  size_t gs_len = 0;
  char auth[4096];
  dbc_md md[1];
  if (target) {
    Debrief__V1__GetSessionRequest gr = DEBRIEF__V1__GET_SESSION_REQUEST__INIT;
    gr.session_id = (char *)session_id;
    if (debrief__v1__get_session_request__get_packed_size(&gr) > sizeof gs_req) {
      fprintf(stderr, "--session-id is too long\n");
      return 2;
    }
    gs_len = debrief__v1__get_session_request__pack(&gr, gs_req);
    snprintf(auth, sizeof auth, "Bearer %s", token);
    md[0] = (dbc_md){"authorization", auth};
  }

  if (no_echo && !target) {
    fprintf(stderr, "--no-echo needs --target\n");
    return 2;
  }
  run_result echo_res[MAX_LEVELS] = {0}, gs_res[MAX_LEVELS] = {0};
  printf("%-12s %5s %12s %10s %10s %9s %7s\n", "rpc", "conc", "qps", "p50_ms", "p99_ms", "ok",
         "errors");
  for (int i = 0; i < NLEVELS && !no_echo; i++) {
    run_cfg c = {.target = echo_target,
                 .path = ECHO_PATH,
                 .req = echo_req,
                 .req_len = echo_len,
                 .concurrency = levels[i],
                 .duration_ms = duration_ms,
                 .count = count};
    run(&c, &echo_res[i]);
    print_row("echo", levels[i], &echo_res[i]);
  }
  if (target) {
    for (int i = 0; i < NLEVELS; i++) {
      run_cfg c = {.target = target,
                   .path = GET_SESSION_PATH,
                   .req = gs_req,
                   .req_len = gs_len,
                   .md = md,
                   .nmd = 1,
                   .concurrency = levels[i],
                   .duration_ms = duration_ms,
                   .count = count};
      run(&c, &gs_res[i]);
      print_row("GetSession", levels[i], &gs_res[i]);
    }
    if (!no_echo)
      printf("\nGetSession/echo   conc   qps_ratio  p50_ratio  p99_ratio\n");
    for (int i = 0; i < NLEVELS && !no_echo; i++) {
      const run_result *e = &echo_res[i], *g = &gs_res[i];
      printf("                 %5d %10.3f %10.3f %10.3f\n", levels[i],
             e->qps > 0 ? g->qps / e->qps : 0, e->p50_ms > 0 ? g->p50_ms / e->p50_ms : 0,
             e->p99_ms > 0 ? g->p99_ms / e->p99_ms : 0);
    }
  } else {
    printf("\n(no --target: only the transport baseline was measured)\n");
  }
  dbf_server_shutdown(srv, 1000);
  dbf_server_destroy(srv);
  grpc_shutdown();
  return 0;
}
