/*
 * turns.c - Converse turn throughput against a running debrief server.
 *
 * Each worker thread runs one Converse stream at a time: it creates a
 * sales_debrief session (CreateSession), opens it on a bidi stream, then
 * answers with a fixed set of realistic sales-debrief answers in order and
 * waits, after each answer, for every frame up to the next question or the
 * completion. A turn is counted when its ack and its question (or
 * completion) arrived: by then the server has committed the answer, its
 * extractions and the next question in one transaction, so the figure is
 * turns per second with durable commits. When a session completes, the
 * worker starts the next one; session set-up is timed separately.
 *
 * Every run lasts --duration-ms and only turns that finished inside the
 * window are counted; a stream also carries a deadline, so nothing can
 * hang. Only loopback targets are accepted. This is a benchmark, not a
 * test: it prints numbers and never fails for speed (the exit status is
 * non-zero only when it could not measure at all).
 *
 *   bench_turns --target 127.0.0.1:PORT --token JWT
 *               [--concurrency N] [--duration-ms 5000]
 *   bench_turns --target 127.0.0.1:PORT --token JWT --create-session [--answers K]
 *
 * Without --concurrency it runs 1, 4 and 16 streams. --create-session
 * creates one session, answers its first K questions (default 6) so the
 * session carries a realistic record, prints the session id and exits; the
 * GetSession benchmark uses it.
 *
 *   bench_turns --target 127.0.0.1:PORT --token JWT --soak-turns N
 *               [--concurrency 64] [--checkpoint-every 10000]
 *               [--max-duration-s 3600]
 *
 *   bench_turns --target 127.0.0.1:PORT --token JWT --send-message UUID_PREFIX
 *               [--concurrency N] [--duration-ms 5000]
 *
 * --send-message drives unary SendMessage instead of Converse, for the peer
 * servers of bench/run_peers.sh: worker i answers session UUID_PREFIX
 * followed by i in 12 digits (which must exist and be active), one answer
 * at a time, and a turn counts when its fresh ack arrived. No sessions are
 * created, so turns/s and busy_turns/s are the same.
 *
 * --token may be repeated (up to 64): worker i uses token i modulo their
 * count, so a soak's streams can belong to several users and stay under the
 * server's per-user stream limit.
 *
 * --soak-turns drives exactly N turns (fewer if errors or the time limit stop
 * it) with the same workers, sessions recycled as they complete, and prints
 * one "checkpoint" line every K completed turns with that window's turn
 * latency p50/p99, then a "done" line. bench/soak.sh reads those lines and
 * samples the server's memory and descriptors at each one.
 */
#include <inttypes.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <grpc/grpc.h>

#include "core/alloc.h"
#include "core/config.h"
#include "core/err.h"
#include "debrief/v1/conversation_service.pb-c.h"
#include "debrief/v1/session_service.pb-c.h"
#include "dbc/rpc.h"

#define MAX_SAMPLES_PER_THREAD 200000u /* turn latencies kept per thread */
#define MAX_DURATION_MS        120000  /* a run never lasts longer than two minutes */
#define MAX_CONCURRENCY        256     /* streams per run */
#define CALL_TIMEOUT_MS        15000   /* CreateSession */
#define STREAM_TIMEOUT_MS      180000  /* one session's stream, all turns included */
#define MAX_FRAMES_PER_TURN    64      /* a turn sends a handful; more is a bug */
#define MAX_ERRORS_PER_WORKER  20      /* a worker gives up after this many */
#define ERROR_PAUSE_MS         20      /* between a failure and the next try */
#define REQ_MAX                8192    /* packed request bytes */
#define CREATE_PATH            "/debrief.v1.SessionService/CreateSession"
#define CONVERSE_PATH          "/debrief.v1.ConversationService/Converse"
#define SEND_MESSAGE_PATH      "/debrief.v1.ConversationService/SendMessage"
#define SM_PREFIX_LEN          24 /* "00000000-0000-4000-8000-": a UUID but its last 12 digits */

#define MAX_SOAK_TURNS       10000000 /* --soak-turns upper bound */
#define MAX_SOAK_S           14400    /* a soak never lasts longer than four hours */
#define MAX_CHECKPOINT_TURNS 1000000  /* --checkpoint-every upper bound */
#define MAX_TOKENS           64       /* --token may be repeated this often */
#define AUTH_MAX             4096     /* "Bearer " and one token */

static const int default_levels[] = {1, 4, 16};

/*
 * What a rep says after a customer meeting, in the order of a typical
 * debrief. The extractor sees money, dates, people with roles, competitors,
 * objections and next steps with owners. The last answer ends the
 * interview if the planner has not ended it earlier.
 */
static const char *const answers[] = {
    "It went well. They liked the live dispatch map and agreed to a paid pilot on 40 trucks "
    "starting next month.",
    "Priya Raman, VP Operations at Northwind Freight, and Tom Becker, their IT lead. Alan Moore, "
    "the CFO, joined for the last ten minutes.",
    "They need real-time location for dispatchers and fewer where-is-my-shipment calls; "
    "customer service spends about 30% of its time on those calls.",
    "Tom is worried about integration with their SAP system, and Alan thinks the price per truck "
    "is high.",
    "They are also looking at Samsara, and IT floated building it in-house.",
    "They have about $180k set aside for this year, approved by Alan.",
    "Priya decides, but Alan has to sign anything over $100k.",
    "They want to decide by the end of next month, before their Q3 planning.",
    "I'd say we're in evaluation, moving to proposal.",
    "I send the pilot proposal by Friday, and Tom shares the SAP API docs next week.",
    "Positive overall, Priya was clearly excited.",
    "We showed the FleetView dispatch map and the ETA notifications module.",
    "That's all I have.",
};
#define NANSWERS ((int)DBF_ARRAY_LEN(answers))

typedef struct bench_cfg {
  const char *target;
  const dbc_md *md; /* one authorization header per --token */
  size_t ntokens;
  const char *sm_prefix; /* --send-message: worker i answers session <prefix><i, 12 digits> */
  long nonce;            /* --send-message: makes client_msg_ids unique across runs */
} bench_cfg;

/*
 * A soak run, shared by all workers under mu: turns are claimed before they
 * are sent, so no more than limit are ever sent, and each completed turn's
 * latency goes into the current checkpoint window.
 */
typedef struct soak {
  pthread_mutex_t mu;
  long limit;        /* turns to send in all */
  long claimed;      /* turns sent or being sent */
  long done, errors; /* completed turns; turns or set-ups that failed */
  long sessions;     /* sessions created */
  long every;        /* checkpoint window, in completed turns */
  double *win;       /* this window's latencies, every entries */
  size_t nwin;       /* entries in win */
  double t_start, t_win, deadline_ms;
} soak;

typedef struct worker {
  const bench_cfg *cfg;
  int id;
  pthread_barrier_t *barrier;
  const double *end_at; /* the window's end, set before the barrier */
  soak *soak;           /* the soak run, or NULL for a timed run */
  double end_ms;
  grpc_channel *ch;
  grpc_completion_queue *cq;
  char session_id[64]; /* the next session to drive; "" when one must be created */
  long sessions_started;
  /* results */
  double *lat_ms;
  size_t nlat;
  long turns, completions, errors;
  double turn_ms, setup_ms;
  char first_error[200];
} worker;

typedef struct run_result {
  double turns_per_s, busy_turns_per_s, p50_ms, p99_ms, setup_share;
  long turns, sessions, completions, errors;
  char first_error[200];
} run_result;

static double now_ms(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

static void pause_ms(long ms) {
  struct timespec ts = {ms / 1000, (ms % 1000) * 1000000L};
  nanosleep(&ts, NULL);
}

static void soak_count(soak *k, long *field);

/* The worker's authorization header: workers take the tokens in turn. */
static const dbc_md *worker_md(const worker *w) {
  return &w->cfg->md[(size_t)w->id % w->cfg->ntokens];
}

static void fail_note(worker *w, const char *fmt, const char *a, long b) {
  if (!w->errors)
    snprintf(w->first_error, sizeof w->first_error, fmt, a ? a : "", b);
  w->errors++;
  if (w->soak)
    soak_count(w->soak, &w->soak->errors);
}

/* ---- CreateSession ---- */

static Google__Protobuf__Value *str_value(Google__Protobuf__Value *v, const char *s) {
  google__protobuf__value__init(v);
  v->kind_case = GOOGLE__PROTOBUF__VALUE__KIND_STRING_VALUE;
  v->string_value = (char *)s;
  return v;
}

/* Creates a sales_debrief session; its id goes to out (cap bytes). */
static dbf_err create_session(worker *w, char *out, size_t cap) {
  char key[64], title[96];
  /* One subject key per worker: later sessions find earlier ones (context continuity). */
  snprintf(key, sizeof key, "account:bench-%d", w->id);
  snprintf(title, sizeof title, "Pilot discussion %ld", w->sessions_started + 1);
  Google__Protobuf__Value vals[3];
  Google__Protobuf__Struct__FieldsEntry ents[3];
  Google__Protobuf__Struct__FieldsEntry *eps[3];
  const char *const kv[3][2] = {{"meeting_type", "demo"},
                                {"account", "Northwind Freight"},
                                {"occurred_at", "2026-03-02T15:00:00Z"}};
  for (int i = 0; i < 3; i++) {
    google__protobuf__struct__fields_entry__init(&ents[i]);
    ents[i].key = (char *)kv[i][0];
    ents[i].value = str_value(&vals[i], kv[i][1]);
    eps[i] = &ents[i];
  }
  Google__Protobuf__Struct attrs = GOOGLE__PROTOBUF__STRUCT__INIT;
  attrs.n_fields = 3;
  attrs.fields = eps;
  Debrief__V1__Subject subj = DEBRIEF__V1__SUBJECT__INIT;
  subj.kind = "meeting";
  subj.key = key;
  subj.title = title;
  subj.attributes = &attrs;
  Debrief__V1__CreateSessionRequest req = DEBRIEF__V1__CREATE_SESSION_REQUEST__INIT;
  req.template_slug = "sales_debrief";
  req.subject = &subj;
  unsigned char buf[REQ_MAX];
  if (debrief__v1__create_session_request__get_packed_size(&req) > sizeof buf)
    return DBF_ERR_TOO_BIG;
  size_t len = debrief__v1__create_session_request__pack(&req, buf);

  dbc_raw_result r = {0};
  dbf_err rc =
      dbc_raw_unary(w->ch, w->cq, CREATE_PATH, buf, len, worker_md(w), 1, CALL_TIMEOUT_MS, &r);
  if (!rc && r.status != GRPC_STATUS_OK) {
    fail_note(w, "CreateSession: %s (status %ld)", r.details, (long)r.status);
    rc = DBF_ERR_UNAVAILABLE;
  } else if (rc) {
    fail_note(w, "CreateSession: %s%ld", "no status, transport error ", (long)rc);
  } else {
    Debrief__V1__CreateSessionResponse *resp =
        debrief__v1__create_session_response__unpack(&dbf_protobuf_allocator, r.resp_len, r.resp);
    if (!resp || !resp->session || !resp->session->id || !*resp->session->id) {
      fail_note(w, "CreateSession: %s%ld", "a response without a session id", 0);
      rc = DBF_ERR_INTERNAL;
    } else {
      snprintf(out, cap, "%s", resp->session->id);
      w->sessions_started++;
    }
    if (resp)
      debrief__v1__create_session_response__free_unpacked(resp, &dbf_protobuf_allocator);
  }
  dbc_raw_result_free(&r);
  return rc;
}

/* ---- one Converse stream ---- */

typedef struct turn_out {
  bool acked, question, completed;
  char question_id[64];
} turn_out;

/* Reads frames until a question or completion; fills *t. */
static dbf_err read_turn(worker *w, dbc_raw_stream *s, turn_out *t) {
  for (int i = 0; i < MAX_FRAMES_PER_TURN; i++) {
    unsigned char *p = NULL;
    size_t n = 0;
    dbf_err rc = dbc_raw_stream_recv(s, &p, &n);
    if (rc || !p) {
      dbf_free(p);
      dbc_raw_result st = {0};
      dbc_raw_stream_finish(s, &st);
      fail_note(w, "Converse ended mid-turn: %s (status %ld)", st.details, (long)st.status);
      dbc_raw_result_free(&st);
      return DBF_ERR_UNAVAILABLE;
    }
    Debrief__V1__ConverseResponse *f =
        debrief__v1__converse_response__unpack(&dbf_protobuf_allocator, n, p);
    dbf_free(p);
    if (!f) {
      fail_note(w, "Converse: %s%ld", "an undecodable frame", 0);
      return DBF_ERR_INTERNAL;
    }
    bool done = false;
    switch (f->frame_case) {
      case DEBRIEF__V1__CONVERSE_RESPONSE__FRAME_ACK:
        t->acked = true;
        break;
      case DEBRIEF__V1__CONVERSE_RESPONSE__FRAME_SNAPSHOT:
        /* The reply to open: its pending question is the one to answer. */
        if (f->snapshot->pending_question)
          snprintf(t->question_id, sizeof t->question_id, "%s",
                   f->snapshot->pending_question->question_id);
        t->question = f->snapshot->pending_question != NULL;
        done = true;
        break;
      case DEBRIEF__V1__CONVERSE_RESPONSE__FRAME_QUESTION:
        snprintf(t->question_id, sizeof t->question_id, "%s", f->question->question_id);
        t->question = done = true;
        break;
      case DEBRIEF__V1__CONVERSE_RESPONSE__FRAME_COMPLETED:
        t->completed = done = true;
        break;
      default: /* extraction, state, warning, text_delta: part of the turn */
        break;
    }
    debrief__v1__converse_response__free_unpacked(f, &dbf_protobuf_allocator);
    if (done)
      return DBF_OK;
  }
  fail_note(w, "Converse: %s%ld frames without a question or completion", "more than ",
            MAX_FRAMES_PER_TURN);
  return DBF_ERR_INTERNAL;
}

static dbf_err send_frame(dbc_raw_stream *s, const Debrief__V1__ConverseRequest *req) {
  unsigned char buf[REQ_MAX];
  if (debrief__v1__converse_request__get_packed_size(req) > sizeof buf)
    return DBF_ERR_TOO_BIG;
  size_t len = debrief__v1__converse_request__pack(req, buf);
  return dbc_raw_stream_send(s, buf, len);
}

/* ---- soak bookkeeping ---- */

static int cmp_double(const void *a, const void *b);
static double percentile(const double *v, size_t n, double p);

/*
 * True while the soak has turns left to send and time to send them; with
 * claim, also takes the next turn.
 */
static bool soak_next(soak *k, bool claim) {
  pthread_mutex_lock(&k->mu);
  bool ok = k->claimed < k->limit && now_ms() < k->deadline_ms;
  if (ok && claim)
    k->claimed++;
  pthread_mutex_unlock(&k->mu);
  return ok;
}

/* Prints the window's line and starts the next one; called with mu held. */
static void soak_checkpoint_locked(soak *k) {
  double t = now_ms();
  qsort(k->win, k->nwin, sizeof *k->win, cmp_double);
  printf("checkpoint turns=%ld window=%zu elapsed_s=%.1f turns_per_s=%.1f p50_ms=%.3f "
         "p99_ms=%.3f errors=%ld sessions=%ld\n",
         k->done, k->nwin, (t - k->t_start) / 1e3,
         t > k->t_win ? (double)k->nwin * 1e3 / (t - k->t_win) : 0.0,
         percentile(k->win, k->nwin, 0.50), percentile(k->win, k->nwin, 0.99), k->errors,
         k->sessions);
  fflush(stdout);
  k->nwin = 0;
  k->t_win = t;
}

static void soak_turn_done(soak *k, double ms) {
  pthread_mutex_lock(&k->mu);
  k->done++;
  k->win[k->nwin++] = ms;
  if (k->nwin >= (size_t)k->every)
    soak_checkpoint_locked(k);
  pthread_mutex_unlock(&k->mu);
}

static void soak_count(soak *k, long *field) {
  pthread_mutex_lock(&k->mu);
  (*field)++;
  pthread_mutex_unlock(&k->mu);
}

/*
 * Drives w->session_id until it completes, max_answers answers were sent, or
 * the window closes. Turns that end inside the window are counted.
 */
static dbf_err drive_session(worker *w, int max_answers, bool timed) {
  dbc_raw_stream *s = NULL;
  double t_setup = now_ms();
  dbf_err rc = dbc_raw_stream_open(w->ch, CONVERSE_PATH, worker_md(w), 1, STREAM_TIMEOUT_MS, &s);
  if (rc) {
    fail_note(w, "Converse: %s%ld", "cannot start the stream, error ", (long)rc);
    goto out;
  }
  Debrief__V1__OpenFrame open = DEBRIEF__V1__OPEN_FRAME__INIT;
  open.session_id = w->session_id;
  Debrief__V1__ConverseRequest req = DEBRIEF__V1__CONVERSE_REQUEST__INIT;
  req.frame_case = DEBRIEF__V1__CONVERSE_REQUEST__FRAME_OPEN;
  req.open = &open;
  turn_out t = {0};
  rc = send_frame(s, &req);
  if (!rc)
    rc = read_turn(w, s, &t);
  if (rc)
    goto out;
  if (!t.question) {
    fail_note(w, "Converse: %s%ld", "the snapshot of a new session has no pending question", 0);
    rc = DBF_ERR_STATE;
    goto out;
  }
  if (timed)
    w->setup_ms += now_ms() - t_setup;

  for (int k = 0; k < max_answers && (!timed || now_ms() < w->end_ms) &&
                  (!w->soak || soak_next(w->soak, true));
       k++) {
    char msg_id[96];
    snprintf(msg_id, sizeof msg_id, "bench-%d-%ld-%d", w->id, w->sessions_started, k);
    Debrief__V1__AnswerFrame a = DEBRIEF__V1__ANSWER_FRAME__INIT;
    a.client_msg_id = msg_id;
    a.text = (char *)answers[k % NANSWERS];
    req = (Debrief__V1__ConverseRequest)DEBRIEF__V1__CONVERSE_REQUEST__INIT;
    req.frame_case = DEBRIEF__V1__CONVERSE_REQUEST__FRAME_ANSWER;
    req.answer = &a;
    char qid[64];
    snprintf(qid, sizeof qid, "%s", t.question_id);
    a.question_id = qid;
    t = (turn_out){0};
    double t0 = now_ms();
    rc = send_frame(s, &req);
    if (rc) {
      fail_note(w, "Converse: %s%ld", "send failed, error ", (long)rc);
      goto out;
    }
    rc = read_turn(w, s, &t);
    double t1 = now_ms();
    if (rc)
      goto out;
    if (!t.acked) {
      fail_note(w, "Converse: %s%ld", "a turn ended without an ack", 0);
      rc = DBF_ERR_INTERNAL;
      goto out;
    }
    if (w->soak)
      soak_turn_done(w->soak, t1 - t0);
    if (timed && t1 <= w->end_ms) {
      w->turns++;
      w->turn_ms += t1 - t0;
      if (w->nlat < MAX_SAMPLES_PER_THREAD)
        w->lat_ms[w->nlat++] = t1 - t0;
      if (t.completed)
        w->completions++;
    }
    if (t.completed)
      break;
  }
  rc = dbc_raw_stream_close_send(s);
  if (!rc) {
    /* The server may still send a frame it had queued; drain to the status. */
    unsigned char *p = NULL;
    size_t n = 0;
    for (int i = 0; i < MAX_FRAMES_PER_TURN && !dbc_raw_stream_recv(s, &p, &n) && p; i++) {
      dbf_free(p);
      p = NULL;
    }
    dbf_free(p);
    dbc_raw_result st = {0};
    dbc_raw_stream_finish(s, &st);
    if (st.status != GRPC_STATUS_OK) {
      fail_note(w, "Converse: %s (status %ld)", st.details, (long)st.status);
      rc = DBF_ERR_INTERNAL;
    }
    dbc_raw_result_free(&st);
  }
out:
  dbc_raw_stream_free(s);
  return rc;
}

/* ---- --send-message: one unary SendMessage per turn on a session of its own ---- */

/* One SendMessage turn on the worker's session; true when it was acked. */
static bool sm_turn(worker *w, long k, char *qid, size_t qid_cap) {
  char msg_id[96];
  snprintf(msg_id, sizeof msg_id, "bench-sm-%ld-%d-%ld", w->cfg->nonce, w->id, k);
  Debrief__V1__SendMessageRequest req = DEBRIEF__V1__SEND_MESSAGE_REQUEST__INIT;
  req.session_id = w->session_id;
  req.client_msg_id = msg_id;
  req.text = (char *)answers[k % NANSWERS];
  req.question_id = qid;
  unsigned char buf[REQ_MAX];
  if (debrief__v1__send_message_request__get_packed_size(&req) > sizeof buf) {
    fail_note(w, "SendMessage: %s%ld", "request too big", 0);
    return false;
  }
  size_t len = debrief__v1__send_message_request__pack(&req, buf);
  dbc_raw_result r = {0};
  dbf_err rc = dbc_raw_unary(w->ch, w->cq, SEND_MESSAGE_PATH, buf, len, worker_md(w), 1,
                             CALL_TIMEOUT_MS, &r);
  bool ok = false;
  if (rc || r.status != GRPC_STATUS_OK) {
    fail_note(w, "SendMessage: %s (status %ld)", r.details, (long)r.status);
  } else {
    Debrief__V1__SendMessageResponse *resp =
        debrief__v1__send_message_response__unpack(&dbf_protobuf_allocator, r.resp_len, r.resp);
    ok = resp && resp->ack && !resp->ack->duplicate;
    if (!ok)
      fail_note(w, "SendMessage: %s%ld", "a response without a fresh ack", 0);
    else if (resp->next_question && resp->next_question->question_id)
      snprintf(qid, qid_cap, "%s", resp->next_question->question_id);
    if (resp)
      debrief__v1__send_message_response__free_unpacked(resp, &dbf_protobuf_allocator);
  }
  dbc_raw_result_free(&r);
  return ok;
}

static void *sm_worker_main(void *arg) {
  worker *w = arg;
  snprintf(w->session_id, sizeof w->session_id, "%.*s%012d", SM_PREFIX_LEN, w->cfg->sm_prefix,
           w->id);
  char qid[64] = "q";
  long k = 0;
  /* One untimed turn connects the channel before the clock starts. */
  sm_turn(w, k++, qid, sizeof qid);
  w->errors = 0;
  w->first_error[0] = '\0';
  pthread_barrier_wait(w->barrier);
  w->end_ms = *w->end_at;
  while (now_ms() < w->end_ms && w->errors < MAX_ERRORS_PER_WORKER) {
    double t0 = now_ms();
    bool ok = sm_turn(w, k++, qid, sizeof qid);
    double t1 = now_ms();
    if (!ok) {
      pause_ms(ERROR_PAUSE_MS);
      continue;
    }
    if (t1 <= w->end_ms) {
      w->turns++;
      w->turn_ms += t1 - t0;
      if (w->nlat < MAX_SAMPLES_PER_THREAD)
        w->lat_ms[w->nlat++] = t1 - t0;
    }
  }
  return NULL;
}

static void *worker_main(void *arg) {
  worker *w = arg;
  if (w->cfg->sm_prefix)
    return sm_worker_main(arg);
  /* The first session is created before the clock starts: it also connects the channel. */
  if (create_session(w, w->session_id, sizeof w->session_id))
    w->session_id[0] = '\0';
  pthread_barrier_wait(w->barrier);
  w->end_ms = *w->end_at;
  while (now_ms() < w->end_ms && w->errors < MAX_ERRORS_PER_WORKER) {
    if (!w->session_id[0]) {
      double t0 = now_ms();
      if (create_session(w, w->session_id, sizeof w->session_id)) {
        pause_ms(ERROR_PAUSE_MS);
        continue;
      }
      w->setup_ms += now_ms() - t0;
    }
    if (drive_session(w, NANSWERS, true))
      pause_ms(ERROR_PAUSE_MS);
    w->session_id[0] = '\0';
  }
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

static dbf_err run(const bench_cfg *c, int n, int64_t duration_ms, run_result *out) {
  dbf_err rc = DBF_OK;
  memset(out, 0, sizeof *out);
  worker *ws = dbf_calloc((size_t)n, sizeof *ws);
  pthread_t *th = dbf_calloc((size_t)n, sizeof *th);
  double *all = NULL, end_ms = 0;
  pthread_barrier_t barrier;
  if (!ws || !th) {
    rc = DBF_ERR_NOMEM;
    goto out;
  }
  pthread_barrier_init(&barrier, NULL, (unsigned)n + 1);
  for (int i = 0; i < n; i++) {
    ws[i] = (worker){.cfg = c, .id = i, .barrier = &barrier, .end_at = &end_ms};
    ws[i].ch = dbc_channel_insecure(c->target, 0);
    ws[i].cq = grpc_completion_queue_create_for_pluck(NULL);
    ws[i].lat_ms = dbf_malloc(MAX_SAMPLES_PER_THREAD * sizeof *ws[i].lat_ms);
    if (!ws[i].ch || !ws[i].cq || !ws[i].lat_ms ||
        pthread_create(&th[i], NULL, worker_main, &ws[i])) {
      /* Threads already started wait on the barrier; it cannot be sized
       * down, so give up loudly rather than deadlock. */
      fprintf(stderr, "cannot start benchmark thread %d\n", i);
      exit(1);
    }
  }
  /* Workers reach the barrier after their untimed first CreateSession. The
   * window's end is written before the barrier, which publishes it to them. */
  end_ms = now_ms() + (double)duration_ms;
  pthread_barrier_wait(&barrier);
  for (int i = 0; i < n; i++)
    pthread_join(th[i], NULL);
  pthread_barrier_destroy(&barrier);

  size_t total = 0;
  double turn_ms = 0, setup_ms = 0;
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
    out->turns += ws[i].turns;
    out->completions += ws[i].completions;
    out->errors += ws[i].errors;
    out->sessions += ws[i].sessions_started;
    turn_ms += ws[i].turn_ms;
    setup_ms += ws[i].setup_ms;
    if (ws[i].errors && !out->first_error[0])
      snprintf(out->first_error, sizeof out->first_error, "%s", ws[i].first_error);
  }
  qsort(all, total, sizeof *all, cmp_double);
  out->turns_per_s = (double)out->turns * 1e3 / (double)duration_ms;
  /* Turns per second of stream time spent in turns (excluding CreateSession and open). */
  out->busy_turns_per_s = turn_ms > 0 ? (double)out->turns * 1e3 * n / turn_ms : 0;
  out->setup_share = turn_ms + setup_ms > 0 ? setup_ms / (turn_ms + setup_ms) : 0;
  out->p50_ms = percentile(all, total, 0.50);
  out->p99_ms = percentile(all, total, 0.99);
out:
  for (int i = 0; ws && i < n; i++) {
    dbf_free(ws[i].lat_ms);
    if (ws[i].cq) {
      grpc_completion_queue_shutdown(ws[i].cq);
      grpc_completion_queue_destroy(ws[i].cq);
    }
    if (ws[i].ch)
      grpc_channel_destroy(ws[i].ch);
  }
  dbf_free(ws);
  dbf_free(th);
  dbf_free(all);
  return rc;
}

/* ---- soak ---- */

static void *soak_worker_main(void *arg) {
  worker *w = arg;
  soak *k = w->soak;
  while (w->errors < MAX_ERRORS_PER_WORKER && soak_next(k, false)) {
    if (create_session(w, w->session_id, sizeof w->session_id)) {
      pause_ms(ERROR_PAUSE_MS);
      continue;
    }
    soak_count(k, &k->sessions);
    if (drive_session(w, NANSWERS, false))
      pause_ms(ERROR_PAUSE_MS);
    w->session_id[0] = '\0';
  }
  return NULL;
}

/*
 * --soak-turns: n workers send limit turns between them, recycling sessions,
 * with a checkpoint line every `every` completed turns and a "done" line.
 * Returns 0 when every turn was sent and completed.
 */
static int soak_run(const bench_cfg *c, int n, long limit, long every, long max_s) {
  soak k = {.limit = limit, .every = every};
  worker *ws = dbf_calloc((size_t)n, sizeof *ws);
  pthread_t *th = dbf_calloc((size_t)n, sizeof *th);
  k.win = dbf_malloc((size_t)every * sizeof *k.win);
  if (!ws || !th || !k.win) {
    fprintf(stderr, "bench_turns: out of memory\n");
    exit(1);
  }
  pthread_mutex_init(&k.mu, NULL);
  k.t_start = k.t_win = now_ms();
  k.deadline_ms = k.t_start + (double)max_s * 1e3;
  for (int i = 0; i < n; i++) {
    ws[i] = (worker){.cfg = c, .id = i, .soak = &k};
    ws[i].ch = dbc_channel_insecure(c->target, 0);
    ws[i].cq = grpc_completion_queue_create_for_pluck(NULL);
    if (!ws[i].ch || !ws[i].cq || pthread_create(&th[i], NULL, soak_worker_main, &ws[i])) {
      fprintf(stderr, "cannot start soak thread %d\n", i);
      exit(1);
    }
  }
  for (int i = 0; i < n; i++)
    pthread_join(th[i], NULL);
  if (k.nwin)
    soak_checkpoint_locked(&k); /* the last, partial window; every thread has ended */
  const char *first_error = "";
  for (int i = 0; i < n && !first_error[0]; i++)
    first_error = ws[i].first_error;
  printf("done turns=%ld claimed=%ld errors=%ld sessions=%ld elapsed_s=%.1f%s%s\n", k.done,
         k.claimed, k.errors, k.sessions, (now_ms() - k.t_start) / 1e3,
         first_error[0] ? " first_error=" : "", first_error);
  fflush(stdout);
  for (int i = 0; i < n; i++) {
    grpc_completion_queue_shutdown(ws[i].cq);
    grpc_completion_queue_destroy(ws[i].cq);
    grpc_channel_destroy(ws[i].ch);
  }
  pthread_mutex_destroy(&k.mu);
  int status = k.done == limit ? 0 : 1;
  dbf_free(k.win);
  dbf_free(ws);
  dbf_free(th);
  return status;
}

/* --create-session: one session with answers_k answers, its id on stdout. */
static int create_only(const bench_cfg *c, int answers_k) {
  worker w = {.cfg = c, .id = 999};
  w.ch = dbc_channel_insecure(c->target, 0);
  w.cq = grpc_completion_queue_create_for_pluck(NULL);
  int status = 1;
  if (!w.ch || !w.cq)
    goto out;
  if (create_session(&w, w.session_id, sizeof w.session_id))
    goto out;
  if (answers_k > 0 && drive_session(&w, answers_k, false))
    goto out;
  puts(w.session_id);
  status = 0;
out:
  if (status)
    fprintf(stderr, "bench_turns: %s\n", w.first_error[0] ? w.first_error : "cannot start");
  if (w.cq) {
    grpc_completion_queue_shutdown(w.cq);
    grpc_completion_queue_destroy(w.cq);
  }
  if (w.ch)
    grpc_channel_destroy(w.ch);
  return status;
}

static void usage(void) {
  fprintf(stderr,
          "usage: bench_turns --target HOST:PORT --token JWT [--concurrency N]\n"
          "                   [--duration-ms N (default 5000)]\n"
          "       bench_turns --target HOST:PORT --token JWT --create-session [--answers K]\n"
          "       bench_turns --target HOST:PORT --token JWT --send-message UUID_PREFIX\n"
          "                   [--concurrency N] [--duration-ms N]\n"
          "       bench_turns --target HOST:PORT --token JWT --soak-turns N [--concurrency C]\n"
          "                   [--checkpoint-every K (default 10000)] [--max-duration-s S]\n"
          "--token may be repeated; workers take the tokens in turn.\n"
          "Only loopback targets are accepted.\n");
}

/* An integer option: its flag, bounds, and where the value goes. */
typedef struct int_opt {
  const char *flag;
  int64_t min, max;
  int64_t *out;
} int_opt;

int main(int argc, char **argv) {
  const char *target = NULL, *tokens[MAX_TOKENS], *sm_prefix = NULL;
  size_t ntokens = 0;
  int64_t duration_ms = 5000, conc = 0, answers_k = 6;
  int64_t soak_turns = 0, every = 10000, max_s = 3600;
  const int_opt int_opts[] = {
      {"--duration-ms", 100, MAX_DURATION_MS, &duration_ms},
      {"--concurrency", 1, MAX_CONCURRENCY, &conc},
      {"--answers", 0, NANSWERS, &answers_k},
      {"--soak-turns", 1, MAX_SOAK_TURNS, &soak_turns},
      {"--checkpoint-every", 1, MAX_CHECKPOINT_TURNS, &every},
      {"--max-duration-s", 1, MAX_SOAK_S, &max_s},
  };
  bool create = false;
  for (int i = 1; i < argc; i++) {
    const char *a = argv[i], *v = i + 1 < argc ? argv[i + 1] : NULL;
    if (!strcmp(a, "--create-session")) {
      create = true;
      continue;
    }
    if (!v) {
      usage();
      return 2;
    }
    i++;
    if (!strcmp(a, "--target")) {
      target = v;
      continue;
    }
    if (!strcmp(a, "--send-message")) {
      sm_prefix = v;
      continue;
    }
    if (!strcmp(a, "--token")) {
      if (ntokens == MAX_TOKENS) {
        fprintf(stderr, "at most %d --token\n", MAX_TOKENS);
        return 2;
      }
      tokens[ntokens++] = v;
      continue;
    }
    const int_opt *o = NULL;
    for (size_t j = 0; j < DBF_ARRAY_LEN(int_opts) && !o; j++)
      if (!strcmp(a, int_opts[j].flag))
        o = &int_opts[j];
    if (!o) {
      usage();
      return 2;
    }
    if (dbf_parse_i64(v, o->min, o->max, o->out)) {
      fprintf(stderr, "%s must be %" PRId64 "..%" PRId64 "\n", o->flag, o->min, o->max);
      return 2;
    }
  }
  if (!target || !ntokens) {
    usage();
    return 2;
  }
  if (sm_prefix && (strlen(sm_prefix) != SM_PREFIX_LEN || create || soak_turns)) {
    fprintf(stderr,
            "--send-message takes a UUID's first %d characters (\"00000000-0000-4000-8000-\") "
            "and no --create-session or --soak-turns\n",
            SM_PREFIX_LEN);
    return 2;
  }
  if (!dbf_addr_is_loopback(target)) {
    fprintf(stderr, "refusing non-loopback target %s\n", target);
    return 2;
  }
  static char auth[MAX_TOKENS][AUTH_MAX];
  dbc_md md[MAX_TOKENS];
  for (size_t i = 0; i < ntokens; i++) {
    if ((size_t)snprintf(auth[i], sizeof auth[i], "Bearer %s", tokens[i]) >= sizeof auth[i]) {
      fprintf(stderr, "--token is too long\n");
      return 2;
    }
    md[i] = (dbc_md){"authorization", auth[i]};
  }
  bench_cfg cfg = {
      .target = target, .md = md, .ntokens = ntokens, .sm_prefix = sm_prefix, .nonce = time(NULL)};
  grpc_init();
  int status = 0;
  if (create) {
    status = create_only(&cfg, (int)answers_k);
    grpc_shutdown();
    return status;
  }
  if (soak_turns > 0) {
    status = soak_run(&cfg, conc > 0 ? (int)conc : 64, (long)soak_turns, (long)every, (long)max_s);
    grpc_shutdown();
    return status;
  }

  int levels[3];
  size_t nlevels = 0;
  if (conc > 0)
    levels[nlevels++] = (int)conc;
  else
    for (size_t i = 0; i < DBF_ARRAY_LEN(default_levels); i++)
      levels[nlevels++] = default_levels[i];

  printf("%-10s %5s %10s %12s %9s %9s %7s %8s %9s %6s %7s\n", "rpc", "conc", "turns/s",
         "busy_turns/s", "p50_ms", "p99_ms", "turns", "sessions", "completed", "setup", "errors");
  long measured = 0;
  for (size_t i = 0; i < nlevels; i++) {
    run_result r;
    if (run(&cfg, levels[i], duration_ms, &r)) {
      fprintf(stderr, "bench_turns: out of memory\n");
      status = 1;
      break;
    }
    printf("%-10s %5d %10.1f %12.1f %9.3f %9.3f %7ld %8ld %9ld %5.1f%% %7ld\n",
           sm_prefix ? "SendMsg" : "Converse", levels[i], r.turns_per_s, r.busy_turns_per_s,
           r.p50_ms, r.p99_ms, r.turns, r.sessions, r.completions, 100.0 * r.setup_share, r.errors);
    if (r.errors)
      printf("  first error: %s\n", r.first_error);
    fflush(stdout);
    measured += r.turns;
  }
  grpc_shutdown();
  return status ? status : measured > 0 ? 0 : 1;
}
