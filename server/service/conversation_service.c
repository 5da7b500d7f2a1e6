/*
 * conversation_service.c - ConversationService: the Converse stream and
 * the unary SendMessage (docs/protocol.md, section 2; the invariants they
 * keep are in docs/architecture.md, section 2).
 *
 * Both paths run the same committed steps in turn.c and only then send the
 * resulting frames, so an ack always describes a committed answer. The
 * transport serializes one stream's callbacks, so a stream's frames leave
 * in seq order; across streams the session row lock and the stream epoch
 * decide who drives the session.
 *
 * Takeover: an in-process registry maps a session to its live stream so a
 * newer open can end the older stream at once with ABORTED. Streams on
 * other instances learn it from the epoch check at their next step.
 */
#include <inttypes.h>
#include <pthread.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "core/alloc.h"
#include "core/clock.h"
#include "core/log.h"
#include "debrief/v1/conversation_service.pb-c.h"
#include "service/validate.h"
#include "service/ops.h"
#include "service/pbjson.h"
#include "service/services.h"
#include "service/turn.h"

#define TURN_ARENA_BYTES (4u << 20) /* one Converse step's frames; freed when it ends */

/* ---- the takeover registry ---- */

typedef struct live_stream {
  struct live_stream *next;
  char session_id[37];
  int64_t epoch;  /* the stream epoch its open got; a newer open has a larger one */
  dbf_call *call; /* referenced while registered */
} live_stream;

static pthread_mutex_t registry_mu = PTHREAD_MUTEX_INITIALIZER;
static live_stream *registry;
static bool registry_closed; /* dbf_conversation_shutdown ran: no new live streams */

#define SHUTDOWN_MSG                                                                               \
  "the server is shutting down; reconnect with resume_after_seq set to the last seq you saw"

/*
 * Registers call (opened with epoch) as the live stream of session_id and
 * returns the stream to end (referenced): the older one it displaced, or
 * call itself when a newer open already registered, since two opens can
 * finish their transactions in one order and reach this point in the
 * other. NULL when there is nothing to end. *closed: the server is shutting
 * down and nothing was registered.
 */
static dbf_call *registry_claim(const char *session_id, dbf_call *call, int64_t epoch,
                                bool *closed) {
  live_stream *e = dbf_calloc(1, sizeof *e);
  dbf_call *loser = NULL;
  pthread_mutex_lock(&registry_mu);
  if ((*closed = registry_closed)) {
    pthread_mutex_unlock(&registry_mu);
    dbf_free(e);
    return NULL;
  }
  for (live_stream **pp = &registry; *pp; pp = &(*pp)->next)
    if (!strcmp((*pp)->session_id, session_id)) {
      if ((*pp)->epoch > epoch) {
        dbf_call_ref(call);
        loser = call;
        dbf_free(e);
        e = NULL;
        break;
      }
      live_stream *victim = *pp;
      *pp = victim->next;
      loser = victim->call; /* the registry's reference passes to the caller */
      dbf_free(victim);
      break;
    }
  if (e) {
    snprintf(e->session_id, sizeof e->session_id, "%s", session_id);
    e->epoch = epoch;
    dbf_call_ref(call);
    e->call = call;
    e->next = registry;
    registry = e;
  }
  pthread_mutex_unlock(&registry_mu);
  return loser;
}

static void registry_release(dbf_call *call) {
  dbf_call *drop = NULL;
  pthread_mutex_lock(&registry_mu);
  for (live_stream **pp = &registry; *pp; pp = &(*pp)->next)
    if ((*pp)->call == call) {
      live_stream *e = *pp;
      *pp = e->next;
      drop = e->call;
      dbf_free(e);
      break;
    }
  pthread_mutex_unlock(&registry_mu);
  if (drop)
    dbf_call_unref(drop);
}

/* ---- helpers ---- */

typedef struct conv {
  char session_id[37];
  int64_t epoch;
  bool opened;
  bool ended;
  bool busy;          /* an answer is running; guarded by registry_mu */
  bool told_shutdown; /* the SERVER_SHUTDOWN notice went out; guarded by registry_mu */
} conv;

/* A database step's deadline: the step budget from now, within the caller's. */
static int64_t step_deadline(dbf_call *call) {
  int64_t d = dbf_call_deadline_ms(call);
  int64_t cap = dbf_now_ms() + dbf_service_app(call)->cfg->step_timeout_ms;
  return d < cap ? d : cap;
}

static dbf_err check_answer(const dbf_app *app, const char *client_msg_id, const char *text,
                            const char *question_id, dbf_status *st) {
  dbf_err rc = dbf_svc_check_len("question_id", question_id, DBF_MAX_QUESTION_ID, st);
  if (rc)
    return rc;
  if (!client_msg_id || !*client_msg_id)
    return dbf_fail(st, DBF_ERR_INVALID,
                    "client_msg_id is required: a unique id per answer, reused on retries");
  if ((rc = dbf_svc_check_len("client_msg_id", client_msg_id, DBF_MAX_CLIENT_MSG_ID, st)))
    return rc;
  if (dbf_svc_blank(text))
    return dbf_fail(st, DBF_ERR_INVALID, "text is required: the answer must not be empty");
  long chars = dbf_svc_utf8_chars(text);
  if (chars < 0)
    return dbf_fail(st, DBF_ERR_INVALID, "text is not valid UTF-8");
  if (chars > app->cfg->max_answer_chars)
    return dbf_fail(st, DBF_ERR_TOO_BIG, "text has %ld characters; an answer may have at most %d",
                    chars, app->cfg->max_answer_chars);
  return DBF_OK;
}

/* Sends r's frames in order; false when the call can take no more. */
static bool send_frames(dbf_call *call, const dbf_turn_result *r) {
  bool ok = true;
  dbf_call_cork(call);
  for (size_t i = 0; ok && i < r->n_frames; i++)
    ok = !dbf_call_send(call, &r->frames[i]->base);
  dbf_call_uncork(call);
  return ok;
}

static void send_warning(dbf_call *call, Debrief__V1__WarningKind kind, const char *msg) {
  Debrief__V1__ConverseResponse f = DEBRIEF__V1__CONVERSE_RESPONSE__INIT;
  Debrief__V1__Warning w = DEBRIEF__V1__WARNING__INIT;
  Google__Protobuf__Timestamp at = GOOGLE__PROTOBUF__TIMESTAMP__INIT;
  struct timespec ts;
  clock_gettime(CLOCK_REALTIME, &ts);
  at.seconds = ts.tv_sec;
  at.nanos = (int32_t)ts.tv_nsec;
  w.kind = kind;
  w.at = &at;
  w.message = (char *)msg;
  f.frame_case = DEBRIEF__V1__CONVERSE_RESPONSE__FRAME_WARNING;
  f.warning = &w;
  dbf_call_send(call, &f.base);
}

/*
 * A control or edit_field refused for its value or for the session's state
 * (INVALID_ARGUMENT, FAILED_PRECONDITION) changed nothing: the client hears
 * why in a Rejected frame and the stream stays open. True when rc was such a
 * refusal and the frame went out.
 */
static bool send_rejected(dbf_call *call, const char *frame, const char *client_msg_id, dbf_err rc,
                          const dbf_status *st) {
  if (rc != DBF_ERR_INVALID && rc != DBF_ERR_STATE)
    return false;
  Debrief__V1__ConverseResponse f = DEBRIEF__V1__CONVERSE_RESPONSE__INIT;
  Debrief__V1__Rejected rj = DEBRIEF__V1__REJECTED__INIT;
  rj.client_msg_id = (char *)(client_msg_id ? client_msg_id : "");
  rj.code = dbf_err_to_grpc_status(rc);
  rj.message = (char *)(st->msg[0] ? st->msg : dbf_err_name(rc));
  rj.frame = (char *)frame;
  f.frame_case = DEBRIEF__V1__CONVERSE_RESPONSE__FRAME_REJECTED;
  f.rejected = &rj;
  return !dbf_call_send(call, &f.base);
}

/* Ends the stream after a failed step, telling the client why. */
static void end_with(dbf_call *call, conv *cv, dbf_err rc, const dbf_status *st) {
  if (cv->ended)
    return;
  cv->ended = true;
  if (rc == DBF_ERR_CONFLICT)
    send_warning(call, DEBRIEF__V1__WARNING_KIND__WARNING_KIND_TAKEN_OVER, st->msg);
  dbf_call_finish(call, rc, st->msg[0] ? st->msg : dbf_err_name(rc));
}

/* Sends the shutdown notice and ends the stream. */
static void tell_shutdown(dbf_call *call) {
  send_warning(call, DEBRIEF__V1__WARNING_KIND__WARNING_KIND_SERVER_SHUTDOWN, SHUTDOWN_MSG);
  dbf_call_finish(call, DBF_ERR_UNAVAILABLE, SHUTDOWN_MSG);
}

/*
 * Marks cv busy for an answer (start) or not (end). At the end of an answer
 * that was running when the shutdown notice went round, the notice follows
 * the answer's frames, so a turn in flight still reaches its client.
 */
static void conv_busy(dbf_call *call, conv *cv, bool start) {
  pthread_mutex_lock(&registry_mu);
  cv->busy = start;
  bool tell = !start && registry_closed && !cv->told_shutdown && !cv->ended;
  if (tell)
    cv->told_shutdown = true;
  pthread_mutex_unlock(&registry_mu);
  if (tell)
    tell_shutdown(call);
}

static dbf_turn_ctx turn_ctx(dbf_call *call, const conv *cv, dbf_arena *arena) {
  dbf_turn_ctx c = {
      .app = dbf_service_app(call),
      .who = dbf_service_principal(call),
      .arena = arena,
      .deadline_ms = step_deadline(call),
      .session_id = cv ? cv->session_id : NULL,
      .stream_epoch = cv ? cv->epoch : 0,
  };
  return c;
}

/* ---- answers, with the model's preparation when one is configured ---- */

typedef struct delta_sink {
  dbf_call *call; /* NULL on the unary path: deltas are not relayed */
  int32_t index;
} delta_sink;

/*
 * Relays one piece of the model's question as a text_delta frame. Runs on
 * the provider's thread; dbf_call_send only queues, so it never blocks it.
 * Deltas are not persisted (seq 0): the question frame that follows is.
 */
static void send_delta(void *arg, const char *question_id, const char *text, size_t len) {
  delta_sink *d = arg;
  if (!d->call || !len)
    return;
  char *piece = dbf_strndup(text, len);
  if (!piece)
    return;
  Debrief__V1__ConverseResponse f = DEBRIEF__V1__CONVERSE_RESPONSE__INIT;
  Debrief__V1__TextDelta td = DEBRIEF__V1__TEXT_DELTA__INIT;
  td.question_id = (char *)question_id;
  td.delta = piece;
  td.index = d->index++;
  f.frame_case = DEBRIEF__V1__CONVERSE_RESPONSE__FRAME_TEXT_DELTA;
  f.text_delta = &td;
  dbf_call_send(d->call, &f.base);
  dbf_free(piece);
}

static bool call_gone(void *arg) {
  return dbf_call_cancelled(arg);
}

/*
 * The deadline of an answer's model calls: the turn's model budget from now,
 * and never closer to the caller's own deadline than the commit reserve,
 * so the offline fallback can always still commit. 0 when no time is left.
 */
static int64_t model_deadline(dbf_call *call) {
  const dbf_config *cfg = dbf_service_app(call)->cfg;
  int64_t now = dbf_now_ms(), d = now + cfg->llm_turn_budget_ms;
  int64_t client = dbf_call_deadline_ms(call);
  if (client != INT64_MAX && client - cfg->commit_reserve_ms < d)
    d = client - cfg->commit_reserve_ms;
  return d > now ? d : 0;
}

/*
 * One answer: the model's steps first (outside any transaction, within the
 * turn's model budget), then the committed turn, whose database step gets
 * its own budget from the moment the model is done. A model failure only
 * makes the offline engine answer; streams are told so with a
 * PROVIDER_FALLBACK warning before the ack. use_model false (the model lane
 * is full) answers offline at once.
 */
static dbf_err answer(dbf_call *call, dbf_turn_ctx *c, const char *client_msg_id, const char *text,
                      const char *question_id, bool stream, bool use_model, dbf_turn_result *r,
                      dbf_status *st) {
  dbf_turn_llm prep = {0};
  if (dbf_llm_enabled(c->app->llm)) {
    int64_t deadline = use_model ? model_deadline(call) : 0;
    if (deadline) {
      delta_sink sink = {.call = stream ? call : NULL};
      dbf_turn_ctx pc = *c;
      pc.deadline_ms = deadline;
      pc.cancelled = call_gone;
      pc.cancel_arg = call;
      dbf_status ignore = {0};
      dbf_turn_prepare(&pc, client_msg_id, text, send_delta, &sink, &prep, &ignore);
      if (prep.fallback)
        dbf_ops_count_fallback(c->app, DBF_OPS_FALLBACK_MODEL_FAILED);
    } else {
      prep.fallback = true;
      dbf_ops_count_fallback(c->app,
                             use_model ? DBF_OPS_FALLBACK_NO_TIME : DBF_OPS_FALLBACK_LANE_FULL);
      snprintf(prep.why, sizeof prep.why, "%s",
               use_model ? "no time was left for the model before the call's deadline"
                         : "the model is busy with other turns");
    }
  }
  if (prep.fallback && stream)
    send_warning(call, DEBRIEF__V1__WARNING_KIND__WARNING_KIND_PROVIDER_FALLBACK, prep.why);
  c->llm = &prep;
  c->deadline_ms = step_deadline(call);
  dbf_err rc = dbf_turn_answer(c, client_msg_id, text, question_id, r, st);
  dbf_turn_llm_log(c, &prep, rc ? NULL : r);
  c->llm = NULL;
  dbf_turn_llm_clear(&prep);
  return rc;
}

/*
 * ---- the model lane ----
 *
 * With a model configured, an answer waits seconds for the provider. It
 * must not hold one of the transport's workers meanwhile, or a few slow
 * turns would starve every other call (GetSession, other sessions' turns).
 * The answer is handed to the model lane, its own bounded pool of threads
 * (DEBRIEF_LLM_WAIT_THREADS), and the call is deferred: a stream reads no
 * further frame and a unary call sends nothing until the turn is done.
 * When the lane's backlog is full the answer is taken offline at once
 * instead of queueing behind a saturated provider.
 */
typedef struct lane_turn {
  dbf_serial ser;
  dbf_job job;
  dbf_call *call;              /* deferred: alive until dbf_call_resume */
  conv *cv;                    /* Converse: the stream's state (call arena); NULL for SendMessage */
  const ProtobufCMessage *req; /* SendMessage: the request (call arena) */
  char *client_msg_id, *text, *question_id; /* Converse: copies of the answer frame */
} lane_turn;

static void converse_answer(dbf_call *call, conv *cv, const char *client_msg_id, const char *text,
                            const char *question_id, bool use_model);
static dbf_err send_message_run(dbf_call *call, const Debrief__V1__SendMessageRequest *req,
                                bool use_model, ProtobufCMessage **out, dbf_status *st);

static void lane_turn_free(lane_turn *t) {
  dbf_free(t->client_msg_id);
  dbf_free(t->text);
  dbf_free(t->question_id);
  dbf_free(t);
}

static void lane_run(dbf_job *job) {
  lane_turn *t = (lane_turn *)(void *)((char *)job - offsetof(lane_turn, job));
  dbf_call *call = t->call;
  dbf_log_set_request_id(dbf_call_request_id(call));
  if (t->cv) {
    converse_answer(call, t->cv, t->client_msg_id, t->text, t->question_id, true);
  } else {
    ProtobufCMessage *resp = NULL;
    dbf_status st = {0};
    dbf_err rc =
        send_message_run(call, (const Debrief__V1__SendMessageRequest *)t->req, true, &resp, &st);
    if (rc)
      dbf_call_finish(call, rc, st.msg[0] ? st.msg : dbf_err_name(rc));
    else
      dbf_call_reply(call, resp);
  }
  lane_turn_free(t);
  dbf_log_set_request_id(NULL);
  dbf_call_resume(call);
}

/*
 * Hands an answer to the model lane and defers the call. False when there
 * is no model, the lane is full or memory ran out: the caller then answers
 * on its own thread (offline when a model is configured).
 */
static bool lane_offer(dbf_call *call, conv *cv, const ProtobufCMessage *req,
                       const Debrief__V1__AnswerFrame *a) {
  dbf_app *app = dbf_service_app(call);
  if (!app->llm_lane || !dbf_llm_enabled(app->llm) || !dbf_workq_reserve(app->llm_lane))
    return false;
  lane_turn *t = dbf_calloc(1, sizeof *t);
  if (!t) {
    dbf_workq_release(app->llm_lane);
    return false;
  }
  t->call = call;
  t->cv = cv;
  t->req = req;
  if (a &&
      (!(t->client_msg_id = dbf_strdup(a->client_msg_id)) || !(t->text = dbf_strdup(a->text)) ||
       !(t->question_id = dbf_strdup(a->question_id ? a->question_id : "")))) {
    lane_turn_free(t);
    dbf_workq_release(app->llm_lane);
    return false;
  }
  t->job.fn = lane_run;
  t->job.final = true; /* lane_run frees the job's owner */
  dbf_serial_init(&t->ser, app->llm_lane);
  dbf_call_defer(call);
  dbf_serial_post_reserved(&t->ser, &t->job);
  return true;
}

/* ---- Converse ---- */

static dbf_err converse_start(dbf_call *call, const ProtobufCMessage *req, dbf_status *st) {
  conv *cv = dbf_arena_calloc(dbf_call_arena(call), 1, sizeof *cv);
  if (!cv)
    return dbf_fail(st, DBF_ERR_NOMEM, "out of memory starting the stream");
  dbf_call_set_user(call, cv);
  return DBF_OK;
}

static dbf_err do_open(dbf_call *call, conv *cv, dbf_arena *arena, const Debrief__V1__OpenFrame *o,
                       dbf_status *st) {
  dbf_err rc = dbf_svc_check_uuid("session_id", o->session_id, true, st);
  if (rc)
    return rc;
  if (o->resume_after_seq < 0)
    return dbf_fail(st, DBF_ERR_INVALID, "resume_after_seq must be >= 0, got %" PRId64,
                    o->resume_after_seq);
  snprintf(cv->session_id, sizeof cv->session_id, "%s", o->session_id);
  dbf_turn_ctx c = turn_ctx(call, cv, arena);
  dbf_turn_result r = {0};
  rc = dbf_turn_open(&c, &r, st);
  if (rc)
    goto out;
  cv->epoch = r.epoch;
  cv->opened = true;
  bool closed = false;
  dbf_call *loser = registry_claim(cv->session_id, call, cv->epoch, &closed);
  if (closed) {
    send_warning(call, DEBRIEF__V1__WARNING_KIND__WARNING_KIND_SERVER_SHUTDOWN, SHUTDOWN_MSG);
    rc = dbf_fail(st, DBF_ERR_UNAVAILABLE, SHUTDOWN_MSG);
    goto out;
  }
  if (loser) {
    char msg[160];
    snprintf(msg, sizeof msg, "another stream opened session %s; this stream is closed",
             cv->session_id);
    send_warning(loser, DEBRIEF__V1__WARNING_KIND__WARNING_KIND_TAKEN_OVER, msg);
    dbf_call_finish(loser, DBF_ERR_CONFLICT, msg);
    bool self = loser == call;
    dbf_call_unref(loser);
    if (self) {
      cv->ended = true; /* a newer open won the race: this stream ends here */
      goto out;
    }
  }

  /* The snapshot, then every persisted frame the client missed. */
  dbf_session *sess = NULL;
  dbf_store_viewer who = dbf_service_viewer(call);
  rc = dbf_store_session_get(c.app->store, c.deadline_ms, &who, cv->session_id, &sess, st);
  if (rc)
    goto out;
  Debrief__V1__ConverseResponse f = DEBRIEF__V1__CONVERSE_RESPONSE__INIT;
  Debrief__V1__Snapshot snap = DEBRIEF__V1__SNAPSHOT__INIT;
  rc = dbf_session_to_pb(c.arena, sess, &snap.session, st);
  if (rc)
    goto out_sess;
  snap.pending_question = snap.session ? snap.session->pending_question : NULL;
  size_t nids = sess->n_context_session_ids;
  snap.context_session_ids = sess->context_session_ids;
  snap.n_context_session_ids = nids;
  size_t nitems = json_array_size(r.open_items);
  Debrief__V1__OpenItem **items = dbf_arena_calloc(c.arena, nitems ? nitems : 1, sizeof *items);
  for (size_t i = 0; items && i < nitems; i++) {
    const json_t *it = json_array_get(r.open_items, i);
    Debrief__V1__OpenItem *oi = dbf_arena_calloc(c.arena, 1, sizeof *oi);
    if (!oi)
      break;
    debrief__v1__open_item__init(oi);
    oi->session_id =
        dbf_arena_strdup(c.arena, json_string_value(json_object_get(it, "session_id")));
    oi->field_key = dbf_arena_strdup(c.arena, json_string_value(json_object_get(it, "field_key")));
    oi->text = dbf_arena_strdup(c.arena, json_string_value(json_object_get(it, "text")));
    if (!oi->session_id)
      oi->session_id = "";
    if (!oi->field_key)
      oi->field_key = "";
    if (!oi->text)
      oi->text = "";
    items[snap.n_open_items++] = oi;
  }
  snap.open_items = items;
  f.frame_case = DEBRIEF__V1__CONVERSE_RESPONSE__FRAME_SNAPSHOT;
  f.snapshot = &snap;
  if (!snap.session) {
    rc = dbf_fail(st, DBF_ERR_NOMEM, "out of memory building the snapshot");
  } else if (!dbf_call_send(call, &f.base) && o->resume_after_seq > 0) {
    dbf_turn_result rp = {0};
    rc = dbf_turn_replay(&c, o->resume_after_seq, &rp, st);
    if (!rc)
      send_frames(call, &rp);
  }
out_sess:
  dbf_session_free(sess);
out:
  dbf_turn_result_clear(&r);
  return rc;
}

/*
 * Ends one step of a stream: on success its frames go out (they were
 * committed), then the step's memory is freed; on failure the stream ends
 * with the step's status.
 */
static void step_end(dbf_call *call, conv *cv, dbf_err rc, dbf_status *st, dbf_turn_result *r,
                     dbf_arena *arena) {
  if (!rc && !send_frames(call, r))
    rc = dbf_fail(st, DBF_ERR_TOO_BIG, "the client is not reading its frames fast enough");
  dbf_turn_result_clear(r);
  dbf_arena_destroy(arena);
  if (rc)
    end_with(call, cv, rc, st);
}

/*
 * One answer on a stream, run on the worker or on the model lane. Its frames
 * live in an arena of their own, freed when the step ends, so a long stream
 * does not grow its call's memory turn by turn.
 */
static void converse_answer(dbf_call *call, conv *cv, const char *client_msg_id, const char *text,
                            const char *question_id, bool use_model) {
  dbf_status st = {0};
  dbf_turn_result r = {0};
  dbf_err rc;
  dbf_arena *arena = dbf_arena_create(TURN_ARENA_BYTES);
  if (!arena) {
    rc = dbf_fail(&st, DBF_ERR_NOMEM, "out of memory starting the turn");
    goto out;
  }
  dbf_turn_ctx c = turn_ctx(call, cv, arena);
  conv_busy(call, cv, true);
  rc = answer(call, &c, client_msg_id, text, question_id, true, use_model, &r, &st);
out:
  step_end(call, cv, rc, &st, &r, arena);
  conv_busy(call, cv, false);
}

/* An edit_field frame: the value must be present and within its limits. */
static dbf_err converse_edit(dbf_turn_ctx *c, const Debrief__V1__EditFieldFrame *e,
                             dbf_turn_result *r, dbf_status *st) {
  json_t *value = NULL;
  dbf_err rc = DBF_OK;
  if (e->value && e->value->kind_case != GOOGLE__PROTOBUF__VALUE__KIND__NOT_SET)
    rc = dbf_pbjson_from_value(e->value, "edit_field.value", &value, st);
  if (!rc)
    rc = dbf_svc_check_json_size("edit_field.value", value, DBF_MAX_EDIT_VALUE_BYTES, st);
  if (rc)
    ;
  else if (!e->key || !*e->key)
    rc = dbf_fail(st, DBF_ERR_INVALID, "edit_field.key is required");
  else if (!value)
    rc = dbf_fail(st, DBF_ERR_INVALID, "edit_field.value is required");
  else if (!(rc = dbf_svc_check_len("edit_field.client_msg_id", e->client_msg_id,
                                    DBF_MAX_CLIENT_MSG_ID, st)))
    rc = dbf_turn_edit(c, e->key, value, e->client_msg_id, r, st);
  json_decref(value);
  return rc;
}

static void converse_message(dbf_call *call, const ProtobufCMessage *msg) {
  conv *cv = dbf_call_user(call);
  const Debrief__V1__ConverseRequest *req = (const Debrief__V1__ConverseRequest *)msg;
  dbf_status st = {0};
  dbf_err rc = DBF_OK;
  dbf_turn_result r = {0};
  dbf_arena *arena = NULL;
  if (cv->ended)
    return;
  if (!cv->opened && req->frame_case != DEBRIEF__V1__CONVERSE_REQUEST__FRAME_OPEN) {
    rc = dbf_fail(&st, DBF_ERR_INVALID, "the first frame must be open{session_id}");
    goto out;
  }
  if (req->frame_case == DEBRIEF__V1__CONVERSE_REQUEST__FRAME_ANSWER) {
    const Debrief__V1__AnswerFrame *a = req->answer;
    rc = check_answer(dbf_service_app(call), a->client_msg_id, a->text, a->question_id, &st);
    if (!rc && !lane_offer(call, cv, NULL, a))
      converse_answer(call, cv, a->client_msg_id, a->text, a->question_id, false);
    goto out;
  }
  if (!(arena = dbf_arena_create(TURN_ARENA_BYTES))) {
    rc = dbf_fail(&st, DBF_ERR_NOMEM, "out of memory starting the step");
    goto out;
  }
  dbf_turn_ctx c = turn_ctx(call, cv, arena);
  switch (req->frame_case) {
    case DEBRIEF__V1__CONVERSE_REQUEST__FRAME_OPEN:
      if (cv->opened) {
        rc = dbf_fail(&st, DBF_ERR_INVALID,
                      "open may only be sent once per stream; start a new stream instead");
        break;
      }
      rc = do_open(call, cv, arena, req->open, &st);
      break;
    case DEBRIEF__V1__CONVERSE_REQUEST__FRAME_HEARTBEAT:
      rc = dbf_turn_heartbeat(&c, &st);
      break;
    case DEBRIEF__V1__CONVERSE_REQUEST__FRAME_CONTROL:
      rc = dbf_svc_check_len("control.client_msg_id", req->control->client_msg_id,
                             DBF_MAX_CLIENT_MSG_ID, &st);
      if (!rc)
        rc = dbf_turn_control(&c, (int)req->control->action, req->control->client_msg_id, &r, &st);
      if (rc && send_rejected(call, "control", req->control->client_msg_id, rc, &st)) {
        r.n_frames = 0; /* the step rolled back: nothing of it is sent */
        rc = DBF_OK;
      }
      break;
    case DEBRIEF__V1__CONVERSE_REQUEST__FRAME_EDIT_FIELD:
      rc = converse_edit(&c, req->edit_field, &r, &st);
      if (rc && send_rejected(call, "edit_field", req->edit_field->client_msg_id, rc, &st)) {
        r.n_frames = 0; /* the step rolled back: nothing of it is sent */
        rc = DBF_OK;
      }
      break;
    default:
      rc = dbf_fail(&st, DBF_ERR_INVALID,
                    "empty frame: set one of open, answer, heartbeat, control or edit_field");
  }
out:
  step_end(call, cv, rc, &st, &r, arena);
}

static void converse_half_close(dbf_call *call) {
  conv *cv = dbf_call_user(call);
  if (cv && !cv->ended) {
    cv->ended = true;
    dbf_call_finish(call, DBF_OK, NULL);
  }
}

static void converse_done(dbf_call *call, bool cancelled) {
  registry_release(call);
}

/* ---- SendMessage ---- */

/* The body of SendMessage, on a worker or on the model lane; req is validated. */
static dbf_err send_message_run(dbf_call *call, const Debrief__V1__SendMessageRequest *req,
                                bool use_model, ProtobufCMessage **out, dbf_status *st) {
  dbf_app *app = dbf_service_app(call);
  dbf_err rc;
  conv cv = {0};
  snprintf(cv.session_id, sizeof cv.session_id, "%s", req->session_id);
  dbf_turn_ctx c = turn_ctx(call, &cv, dbf_call_arena(call));
  dbf_turn_result r = {0};
  /* A CREATED session is opened first: this answer answers its opening question. */
  dbf_session *sess = NULL;
  dbf_store_viewer who = dbf_service_viewer(call);
  rc = dbf_store_session_get(app->store, c.deadline_ms, &who, req->session_id, &sess, st);
  if (!rc && sess->state == DBF_SESSION_CREATED)
    rc = dbf_turn_open(&c, &r, st);
  dbf_session_free(sess);
  sess = NULL;
  dbf_turn_result_clear(&r);
  if (rc)
    return rc;
  memset(&r, 0, sizeof r);
  rc = answer(call, &c, req->client_msg_id, req->text, req->question_id, false, use_model, &r, st);
  if (rc)
    return rc;
  Debrief__V1__SendMessageResponse *resp = dbf_arena_calloc(c.arena, 1, sizeof *resp);
  if (!resp) {
    rc = dbf_fail(st, DBF_ERR_NOMEM, "out of memory");
    goto out;
  }
  debrief__v1__send_message_response__init(resp);
  for (size_t i = 0; i < r.n_frames; i++) {
    Debrief__V1__ConverseResponse *f = r.frames[i];
    switch (f->frame_case) {
      case DEBRIEF__V1__CONVERSE_RESPONSE__FRAME_ACK:
        resp->ack = f->ack;
        break;
      case DEBRIEF__V1__CONVERSE_RESPONSE__FRAME_EXTRACTION:
        resp->updates = f->extraction->updates;
        resp->n_updates = f->extraction->n_updates;
        break;
      case DEBRIEF__V1__CONVERSE_RESPONSE__FRAME_QUESTION:
        resp->next_question = f->question;
        break;
      case DEBRIEF__V1__CONVERSE_RESPONSE__FRAME_COMPLETED:
        resp->completed = f->completed;
        break;
      default:
        break;
    }
  }
  c.deadline_ms = step_deadline(call);
  rc = dbf_store_session_get(app->store, c.deadline_ms, &who, req->session_id, &sess, st);
  if (rc)
    goto out;
  rc = dbf_session_to_pb(c.arena, sess, &resp->session, st);
  if (rc)
    goto out;
  /* A duplicate re-reports the question still pending, so a retry can carry on. */
  if (!resp->next_question && !resp->completed && resp->session)
    resp->next_question = resp->session->pending_question;
  *out = &resp->base;
out:
  dbf_session_free(sess);
  dbf_turn_result_clear(&r);
  return rc;
}

static dbf_err send_message(dbf_call *call, const ProtobufCMessage *msg, ProtobufCMessage **out,
                            dbf_status *st) {
  const Debrief__V1__SendMessageRequest *req = (const Debrief__V1__SendMessageRequest *)msg;
  dbf_err rc = dbf_svc_check_uuid("session_id", req->session_id, true, st);
  if (!rc)
    rc = check_answer(dbf_service_app(call), req->client_msg_id, req->text, req->question_id, st);
  if (rc)
    return rc;
  if (lane_offer(call, NULL, msg, NULL))
    return DBF_OK; /* deferred: lane_run replies */
  return send_message_run(call, req, false, out, st);
}

/* ---- registration ---- */

static dbf_method methods[] = {
    {
        .path = "/debrief.v1.ConversationService/Converse",
        .kind = DBF_RPC_BIDI_STREAMING,
        .request = &debrief__v1__converse_request__descriptor,
        .response = &debrief__v1__converse_response__descriptor,
        .on_start = converse_start,
        .on_message = converse_message,
        .on_half_close = converse_half_close,
        .on_done = converse_done,
        .policy = DBF_POLICY_MEMBER,
    },
    {
        .path = "/debrief.v1.ConversationService/SendMessage",
        .kind = DBF_RPC_UNARY,
        .request = &debrief__v1__send_message_request__descriptor,
        .response = &debrief__v1__send_message_response__descriptor,
        .unary = send_message,
        .policy = DBF_POLICY_MEMBER,
    },
};

dbf_err dbf_conversation_service_register(dbf_app *app, dbf_server *srv, dbf_status *st) {
  for (size_t i = 0; i < DBF_ARRAY_LEN(methods); i++)
    methods[i].data = app;
  return dbf_server_add_methods(srv, methods, DBF_ARRAY_LEN(methods), st);
}

/* ---- delivery from outside the stream (appended; see turn.h) ---- */

/*
 * The sweeper commits warning and state frames for sessions nobody is
 * answering; a stream open on this instance should see them at once. The
 * registry's reference is borrowed under the lock and a new one taken, so
 * the call cannot be freed while frames are queued. dbf_call_send is safe
 * from any thread; it fails harmlessly once the call is over.
 */
void dbf_conversation_deliver(const char *session_id, Debrief__V1__ConverseResponse *const *frames,
                              size_t n_frames) {
  dbf_call *call = NULL;
  pthread_mutex_lock(&registry_mu);
  for (live_stream *e = registry; e; e = e->next)
    if (!strcmp(e->session_id, session_id)) {
      call = e->call;
      dbf_call_ref(call);
      break;
    }
  pthread_mutex_unlock(&registry_mu);
  if (!call)
    return;
  dbf_call_cork(call);
  for (size_t i = 0; i < n_frames; i++)
    if (dbf_call_send(call, &frames[i]->base))
      break;
  dbf_call_uncork(call);
  dbf_call_unref(call);
}

void dbf_conversation_shutdown(void) {
  size_t told = 0, later = 0;
  pthread_mutex_lock(&registry_mu);
  registry_closed = true;
  live_stream *all = registry;
  registry = NULL;
  for (live_stream *e = all; e; e = e->next) {
    conv *cv = dbf_call_user(e->call);
    bool now = cv && !cv->busy && !cv->told_shutdown;
    if (cv && !cv->busy)
      cv->told_shutdown = true;
    e->epoch = now ? 1 : 0; /* reused below as "tell now" */
    now ? told++ : later++;
  }
  pthread_mutex_unlock(&registry_mu);
  while (all) {
    live_stream *e = all;
    all = e->next;
    if (e->epoch)
      tell_shutdown(e->call);
    dbf_call_unref(e->call); /* the registry's reference */
    dbf_free(e);
  }
  dbf_log(DBF_LOG_INFO, "conversation.shutdown",
          "told %zu live streams to reconnect; %zu more after their answer in flight", told, later);
}
