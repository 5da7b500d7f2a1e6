/*
 * turn.c - the transactional steps of an interview (see turn.h).
 *
 * Every step follows one shape inside dbf_store_tx:
 *   1. lock the session row (owner only) and check the stream epoch;
 *   2. allocate seqs from last_seq under that lock, so they are gap-free;
 *   3. run the offline engine (pure CPU: extract, merge, plan, summarise);
 *   4. persist each resulting server frame (packed protobuf) as a message;
 *   5. write the session row back and commit.
 * The transaction body has no side effects outside the database and the
 * per-attempt state in turn_args, because dbf_store_tx may run it again.
 */
#include "service/turn.h"

#include <inttypes.h>
#include <sys/random.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "core/alloc.h"
#include "core/clock.h"
#include "core/buf.h"
#include "core/log.h"
#include "engine/engine.h"
#include "service/pbjson.h"
#include "service/tplcache.h"
#include "llm/interviewer.h"

#define MAX_FRAMES  16 /* frames one step can produce */
#define ENGINE_NAME "offline"

typedef struct turn_args {
  const dbf_turn_ctx *c;
  dbf_turn_result *r;
  /* inputs */
  const char *client_msg_id;
  const char *text;
  const char *question_id;
  int action;
  const char *edit_key;
  const json_t *edit_value;
  int64_t after_seq;
  /* the locked row; reset for every attempt */
  dbf_session_state state;
  const dbf_template *tpl;
  json_t *record;
  json_t *plan;
  json_t *pending; /* NULL when no question is pending */
  json_t *subject;
  json_t *context_ids;
  char *team_id;
  int64_t seq; /* the last seq allocated */
  int turns;
  int64_t epoch;
  int64_t version;    /* the row's optimistic-concurrency version */
  json_t *open_items; /* set on completion */
  json_t *summary;    /* set on completion */
  char end_reason[64];
} turn_args;

/* Drops the locked-row state of one attempt (not the result's frames). */
static void args_release(turn_args *a) {
  json_decref(a->record);
  json_decref(a->plan);
  json_decref(a->pending);
  json_decref(a->subject);
  json_decref(a->context_ids);
  json_decref(a->open_items);
  json_decref(a->summary);
  dbf_free(a->team_id);
  a->record = a->plan = a->pending = a->subject = a->context_ids = NULL;
  a->open_items = a->summary = NULL;
  a->team_id = NULL;
  a->tpl = NULL;
  a->end_reason[0] = '\0';
}

/* Starts an attempt afresh: dbf_store_tx may run a body more than once. */
static void args_reset(turn_args *a) {
  args_release(a);
  a->r->n_frames = 0;
  a->r->duplicate = false;
  json_decref(a->r->open_items);
  json_decref(a->r->context_ids);
  a->r->open_items = a->r->context_ids = NULL;
}

void dbf_turn_result_clear(dbf_turn_result *r) {
  json_decref(r->open_items);
  json_decref(r->context_ids);
  r->open_items = r->context_ids = NULL;
}

/* ---- frames ---- */

static Debrief__V1__ConverseResponse *frame_new(turn_args *a, int64_t seq) {
  if (a->r->n_frames >= MAX_FRAMES)
    return NULL;
  if (!a->r->frames) {
    a->r->frames = dbf_arena_calloc(a->c->arena, MAX_FRAMES, sizeof *a->r->frames);
    if (!a->r->frames)
      return NULL;
  }
  Debrief__V1__ConverseResponse *f = dbf_arena_calloc(a->c->arena, 1, sizeof *f);
  if (!f)
    return NULL;
  debrief__v1__converse_response__init(f);
  f->seq = seq;
  a->r->frames[a->r->n_frames++] = f;
  return f;
}

typedef struct msg_row {
  const char *role;
  const char *kind;
  const char *text;
  const char *question_id;
  const json_t *targets;
  const char *client_msg_id;
  bool on_conflict_nothing;    /* answers: dedup on client_msg_id */
  const dbf_turn_usage *usage; /* provider metadata; NULL for the offline engine */
} msg_row;

static const dbf_turn_usage offline_usage = {.provider = ENGINE_NAME,
                                             .tokens_in = -1,
                                             .tokens_out = -1,
                                             .latency_ms = -1,
                                             .first_token_ms = -1};

/* The strings of a JSON array, in arena memory (non-strings are left out). */
static dbf_err string_list(turn_args *a, const json_t *arr, const char ***out, size_t *n,
                           dbf_status *st) {
  size_t cap = json_array_size(arr), i;
  json_t *v;
  *n = 0;
  *out = dbf_arena_calloc(a->c->arena, cap ? cap : 1, sizeof **out);
  if (!*out)
    return dbf_fail(st, DBF_ERR_NOMEM, "out of memory");
  json_array_foreach(arr, i, v) {
    if (json_string_value(v))
      (*out)[(*n)++] = json_string_value(v);
  }
  return DBF_OK;
}

/*
 * Packs f and stores it as message seq f->seq. *inserted is false when an
 * answer with the same client_msg_id was already stored (a duplicate).
 */
static dbf_err persist(dbf_tx *tx, turn_args *a, const Debrief__V1__ConverseResponse *f,
                       const msg_row *m, bool *inserted, dbf_status *st) {
  size_t len = protobuf_c_message_get_packed_size(&f->base);
  uint8_t *bytes = dbf_arena_alloc(a->c->arena, len ? len : 1);
  if (!bytes)
    return dbf_fail(st, DBF_ERR_NOMEM, "out of memory packing a frame");
  protobuf_c_message_pack(&f->base, bytes);
  const char **targets = NULL;
  size_t n_targets = 0;
  dbf_err rc = string_list(a, m->targets, &targets, &n_targets, st);
  if (rc)
    return rc;
  const dbf_turn_usage *u = m->usage ? m->usage : &offline_usage;
  dbf_turn_msg row = {.seq = f->seq,
                      .role = m->role,
                      .kind = m->kind,
                      .text = m->text,
                      .question_id = m->question_id,
                      .target_fields = targets,
                      .n_target_fields = n_targets,
                      .client_msg_id = m->client_msg_id,
                      .dedup = m->on_conflict_nothing,
                      .frame = bytes,
                      .frame_len = len,
                      .provider = u->provider,
                      .model = u->model,
                      .tokens_in = u->tokens_in,
                      .tokens_out = u->tokens_out,
                      .latency_ms = u->latency_ms,
                      .first_token_ms = u->first_token_ms,
                      .fallback = u->fallback};
  return dbf_store_turn_append_frames(tx, a->c->who->user_id, a->c->session_id, &row, 1, inserted,
                                      st);
}

/* ---- loading the locked session ---- */

/*
 * Fills the per-attempt state from a session row: new references and
 * copies, so sess may be freed (or, for the complete hook, stays the
 * caller's) afterwards.
 */
static dbf_err args_from_session(dbf_tx *tx, turn_args *a, const dbf_session *sess, int64_t epoch,
                                 dbf_status *st) {
  a->state = sess->state;
  a->record = json_deep_copy(sess->record);
  a->plan = json_deep_copy(sess->plan_state);
  a->pending =
      json_is_object(sess->pending_question) ? json_deep_copy(sess->pending_question) : NULL;
  a->seq = sess->last_seq;
  a->turns = sess->turn_count;
  a->epoch = epoch;
  a->version = sess->version;
  a->subject = json_pack(
      "{s:s, s:s, s:s, s:O}", "kind", sess->subject_kind ? sess->subject_kind : "", "key",
      sess->subject_key ? sess->subject_key : "", "title",
      sess->subject_title ? sess->subject_title : "", "attributes", sess->subject_attributes);
  a->team_id = dbf_strdup(sess->team_id ? sess->team_id : "");
  a->context_ids = json_array();
  for (size_t i = 0; a->context_ids && i < sess->n_context_session_ids; i++)
    if (json_array_append_new(a->context_ids, json_string(sess->context_session_ids[i]))) {
      json_decref(a->context_ids);
      a->context_ids = NULL;
    }
  if (!a->record || !a->plan || !a->subject || !a->team_id || !a->context_ids ||
      (sess->pending_question && json_is_object(sess->pending_question) && !a->pending))
    return dbf_fail(st, DBF_ERR_NOMEM, "out of memory loading session %s", sess->id);
  return dbf_tplcache_get(a->c->app, tx, sess->template_slug, sess->template_version, &a->tpl, st);
}

/* Loads the session row, locked unless this is the model's unlocked snapshot. */
static dbf_err load_session(dbf_tx *tx, turn_args *a, bool lock, dbf_status *st) {
  dbf_session *sess = NULL;
  int64_t epoch = 0;
  /* Only the owner converses; anyone else sees NOT_FOUND, never the data. */
  dbf_err rc =
      lock ? dbf_store_turn_lock(tx, a->c->who->user_id, a->c->session_id, &sess, &epoch, st)
           : dbf_store_turn_read(tx, a->c->who->user_id, a->c->session_id, &sess, &epoch, st);
  if (rc)
    goto out;
  if (a->c->stream_epoch && epoch != a->c->stream_epoch) {
    rc = dbf_fail(st, DBF_ERR_CONFLICT,
                  "another stream opened session %s; this stream no longer drives it",
                  a->c->session_id);
    goto out;
  }
  rc = args_from_session(tx, a, sess, epoch, st);
out:
  dbf_session_free(sess);
  return rc;
}

static dbf_err lock_session(dbf_tx *tx, turn_args *a, dbf_status *st) {
  return load_session(tx, a, true, st);
}

static dbf_err save_session(dbf_tx *tx, turn_args *a, dbf_status *st) {
  dbf_turn_save in = {.state = a->state,
                      .record = a->record,
                      .plan_state = a->plan,
                      .pending_question = a->pending,
                      .last_seq = a->seq,
                      .turn_count = a->turns,
                      .stream_epoch = a->epoch,
                      .context_session_ids = a->context_ids,
                      .end_reason = a->end_reason[0] ? a->end_reason : NULL,
                      .summary = a->summary,
                      .open_items = a->open_items};
  return dbf_store_turn_save(tx, a->c->who->user_id, a->c->session_id, &in, st);
}

/* ---- building frame payloads ---- */

static Debrief__V1__FieldValue *field_value(turn_args *a, const char *key, const json_t *e) {
  dbf_arena *ar = a->c->arena;
  Debrief__V1__FieldValue *fv = dbf_arena_calloc(ar, 1, sizeof *fv);
  if (!fv)
    return NULL;
  debrief__v1__field_value__init(fv);
  fv->key = dbf_arena_strdup(ar, key);
  dbf_status ignore = {0};
  if (dbf_pbjson_to_value(ar, json_object_get(e, "value"), key, &fv->value, &ignore))
    return NULL;
  fv->confidence = json_number_value(json_object_get(e, "confidence"));
  fv->evidence_seq = json_integer_value(json_object_get(e, "evidence_seq"));
  const char *src = json_string_value(json_object_get(e, "source"));
  fv->source = !src ? DEBRIEF__V1__EXTRACTION_SOURCE__EXTRACTION_SOURCE_UNSPECIFIED
               : !strcmp(src, "user") ? DEBRIEF__V1__EXTRACTION_SOURCE__EXTRACTION_SOURCE_USER
               : !strcmp(src, "llm")  ? DEBRIEF__V1__EXTRACTION_SOURCE__EXTRACTION_SOURCE_LLM
                                      : DEBRIEF__V1__EXTRACTION_SOURCE__EXTRACTION_SOURCE_RULE;
  return fv->key && fv->value ? fv : NULL;
}

/* FieldValues for every entry of obj (a record or a changed-set), template order. */
static Debrief__V1__FieldValue **field_values(turn_args *a, const json_t *obj, size_t *n) {
  size_t cap = json_object_size(obj);
  Debrief__V1__FieldValue **out = dbf_arena_calloc(a->c->arena, cap ? cap : 1, sizeof *out);
  *n = 0;
  if (!out)
    return NULL;
  for (size_t i = 0; i < a->tpl->n_fields && *n < cap; i++) {
    const char *key = a->tpl->fields[i].key;
    const json_t *e = json_object_get(obj, key);
    if (e && (out[*n] = field_value(a, key, e)))
      (*n)++;
  }
  return out;
}

/*
 * Writes the changed entries to extractions and extraction_history in one
 * statement. A person's edit (source "user") records who made it.
 */
static dbf_err store_extractions(dbf_tx *tx, turn_args *a, const json_t *changed, dbf_status *st) {
  return dbf_store_turn_extractions(tx, a->c->who->user_id, a->c->session_id, changed,
                                    a->c->who->user_id, st);
}

static dbf_err push_extraction(dbf_tx *tx, turn_args *a, const json_t *changed, dbf_status *st) {
  if (!changed || !json_object_size(changed))
    return DBF_OK;
  dbf_err rc = store_extractions(tx, a, changed, st);
  if (rc)
    return rc;
  Debrief__V1__ConverseResponse *f = frame_new(a, ++a->seq);
  Debrief__V1__ExtractionUpdate *u = dbf_arena_calloc(a->c->arena, 1, sizeof *u);
  if (!f || !u)
    return dbf_fail(st, DBF_ERR_NOMEM, "out of memory");
  debrief__v1__extraction_update__init(u);
  u->updates = field_values(a, changed, &u->n_updates);
  f->frame_case = DEBRIEF__V1__CONVERSE_RESPONSE__FRAME_EXTRACTION;
  f->extraction = u;
  json_t *keys = json_array();
  const char *k;
  json_t *v;
  json_object_foreach((json_t *)changed, k, v) json_array_append_new(keys, json_string(k));
  msg_row m = {.role = "system", .kind = "extraction", .text = "", .targets = keys};
  rc = persist(tx, a, f, &m, NULL, st);
  json_decref(keys);
  return rc;
}

static dbf_err push_state(dbf_tx *tx, turn_args *a, dbf_session_state from, dbf_session_state to,
                          const char *reason, dbf_status *st) {
  Debrief__V1__ConverseResponse *f = frame_new(a, ++a->seq);
  Debrief__V1__StateChange *sc = dbf_arena_calloc(a->c->arena, 1, sizeof *sc);
  if (!f || !sc)
    return dbf_fail(st, DBF_ERR_NOMEM, "out of memory");
  debrief__v1__state_change__init(sc);
  sc->state = (Debrief__V1__SessionState)to;
  sc->previous = (Debrief__V1__SessionState)from;
  sc->reason = dbf_arena_strdup(a->c->arena, reason ? reason : "");
  f->frame_case = DEBRIEF__V1__CONVERSE_RESPONSE__FRAME_STATE;
  f->state = sc;
  a->state = to;
  msg_row m = {.role = "system", .kind = "state", .text = reason ? reason : ""};
  return persist(tx, a, f, &m, NULL, st);
}

/*
 * Persists the planned question and makes it the pending one. qid is the
 * id the model's text_delta frames already used, or NULL for a fresh one;
 * usage says which engine worded it.
 */
static dbf_err push_question(dbf_tx *tx, turn_args *a, const dbf_question_plan *q, const char *qid,
                             const dbf_turn_usage *usage, dbf_status *st) {
  dbf_arena *ar = a->c->arena;
  int64_t seq = ++a->seq;
  Debrief__V1__ConverseResponse *f = frame_new(a, seq);
  Debrief__V1__Question *qq = dbf_arena_calloc(ar, 1, sizeof *qq);
  char **targets = dbf_arena_calloc(ar, q->n_targets ? q->n_targets : 1, sizeof *targets);
  if (!f || !qq || !targets)
    return dbf_fail(st, DBF_ERR_NOMEM, "out of memory");
  debrief__v1__question__init(qq);
  qq->question_id = qid ? dbf_arena_strdup(ar, qid) : dbf_arena_printf(ar, "q%" PRId64, seq);
  qq->seq = seq;
  qq->text = dbf_arena_strdup(ar, q->text);
  qq->follow_up = q->follow_up;
  qq->engine = dbf_arena_strdup(ar, usage->provider);
  json_t *tj = json_array();
  for (size_t i = 0; i < q->n_targets; i++) {
    targets[i] = dbf_arena_strdup(ar, q->target_fields[i]);
    json_array_append_new(tj, json_string(q->target_fields[i]));
  }
  qq->target_fields = targets;
  qq->n_target_fields = q->n_targets;
  f->frame_case = DEBRIEF__V1__CONVERSE_RESPONSE__FRAME_QUESTION;
  f->question = qq;
  json_decref(a->pending);
  a->pending = json_pack("{s:s, s:I, s:s, s:O, s:b, s:s}", "question_id", qq->question_id, "seq",
                         (json_int_t)seq, "text", q->text, "target_fields", tj, "follow_up",
                         q->follow_up, "engine", usage->provider);
  dbf_plan_note_asked(a->plan, q);
  msg_row m = {.role = "assistant",
               .kind = "question",
               .text = q->text,
               .question_id = qq->question_id,
               .targets = tj,
               .usage = usage};
  dbf_err rc = a->pending && qq->question_id && qq->text && qq->engine
                   ? persist(tx, a, f, &m, NULL, st)
                   : dbf_fail(st, DBF_ERR_NOMEM, "out of memory");
  json_decref(tj);
  return rc;
}

static void plan_input(turn_args *a, dbf_plan_input *in) {
  memset(in, 0, sizeof *in);
  in->tpl = a->tpl;
  in->record = a->record;
  in->plan_state = a->plan;
  in->subject = a->subject;
  in->last_specificity = 1.0;
  in->last_filled_targets = true;
}

/* ---- completion ---- */

static Debrief__V1__InsightKind insight_kind(const char *k) {
  if (!k)
    return DEBRIEF__V1__INSIGHT_KIND__INSIGHT_KIND_UNSPECIFIED;
  if (!strcmp(k, "risk"))
    return DEBRIEF__V1__INSIGHT_KIND__INSIGHT_KIND_RISK;
  if (!strcmp(k, "opportunity"))
    return DEBRIEF__V1__INSIGHT_KIND__INSIGHT_KIND_OPPORTUNITY;
  if (!strcmp(k, "next_step"))
    return DEBRIEF__V1__INSIGHT_KIND__INSIGHT_KIND_NEXT_STEP;
  if (!strcmp(k, "coaching"))
    return DEBRIEF__V1__INSIGHT_KIND__INSIGHT_KIND_COACHING;
  return DEBRIEF__V1__INSIGHT_KIND__INSIGHT_KIND_UNSPECIFIED;
}

static dbf_err store_insights(dbf_tx *tx, turn_args *a, const json_t *insights,
                              Debrief__V1__Completed *done, dbf_status *st) {
  dbf_turn_insight *rows = NULL;
  size_t n = 0;
  dbf_err rc = dbf_store_turn_insights(tx, a->c->who->user_id, a->c->session_id, a->team_id,
                                       insights, a->c->arena, &rows, &n, st);
  if (rc)
    return rc;
  done->insights = dbf_arena_calloc(a->c->arena, n ? n : 1, sizeof *done->insights);
  if (!done->insights)
    return dbf_fail(st, DBF_ERR_NOMEM, "out of memory");
  for (size_t i = 0; i < n; i++) {
    Debrief__V1__Insight *in = dbf_arena_calloc(a->c->arena, 1, sizeof *in);
    if (!in)
      return dbf_fail(st, DBF_ERR_NOMEM, "out of memory");
    debrief__v1__insight__init(in);
    in->id = (char *)rows[i].id;
    in->session_id = dbf_arena_strdup(a->c->arena, a->c->session_id);
    in->kind = insight_kind(rows[i].kind);
    in->text = (char *)rows[i].text;
    in->original_text = in->text;
    in->confidence = rows[i].confidence;
    in->status = DEBRIEF__V1__INSIGHT_STATUS__INSIGHT_STATUS_PROPOSED;
    done->insights[done->n_insights++] = in;
  }
  return DBF_OK;
}

static dbf_err notify(dbf_tx *tx, turn_args *a, const char *kind, const char *text,
                      dbf_status *st) {
  return dbf_store_turn_notify(tx, a->c->who->user_id, kind, a->c->session_id, text, st);
}

/*
 * The model's prepared output for this answer, when it was made from the
 * row as it still is; NULL otherwise (then the offline engine's output
 * stands).
 */
static const dbf_turn_llm *fresh_llm(const turn_args *a) {
  const dbf_turn_llm *l = a->c->llm;
  return l && l->used && l->version == a->version ? l : NULL;
}

/* Metadata for output the offline engine produced in this step. */
static dbf_turn_usage engine_usage(const turn_args *a) {
  dbf_turn_usage u = offline_usage;
  u.fallback = a->c->llm && a->c->llm->used;
  return u;
}

/*
 * Completes the locked session: summary, insights, open items, the state
 * and completed frames, and notifications.
 */
static dbf_err complete(dbf_tx *tx, turn_args *a, Debrief__V1__CompletionReason reason,
                        const char *reason_text, dbf_status *st) {
  dbf_err rc = DBF_OK;
  json_t *missing = NULL, *insights = NULL;
  dbf_completion_check(a->tpl, a->record, a->turns, &missing);
  const dbf_turn_llm *l = fresh_llm(a);
  dbf_turn_usage usage = l && l->summary ? l->usage : engine_usage(a);
  a->summary =
      l && l->summary ? json_deep_copy(l->summary) : dbf_summarize(a->tpl, a->record, a->subject);
  insights = dbf_derive_insights(a->tpl, a->record, a->subject);
  a->open_items = dbf_open_items(a->tpl, a->record, a->summary);
  if (!a->summary || !insights || !a->open_items || !missing) {
    rc = dbf_fail(st, DBF_ERR_NOMEM, "out of memory building the summary");
    goto out;
  }
  json_object_set(a->summary, "missing_fields", missing);
  snprintf(a->end_reason, sizeof a->end_reason, "%s", reason_text);
  a->pending = (json_decref(a->pending), NULL);
  rc = push_state(tx, a, a->state, DBF_SESSION_COMPLETED, reason_text, st);
  if (rc)
    goto out;
  Debrief__V1__ConverseResponse *f = frame_new(a, ++a->seq);
  Debrief__V1__Completed *done = dbf_arena_calloc(a->c->arena, 1, sizeof *done);
  if (!f || !done) {
    rc = dbf_fail(st, DBF_ERR_NOMEM, "out of memory");
    goto out;
  }
  debrief__v1__completed__init(done);
  done->reason = reason;
  rc = dbf_pbjson_to_struct(a->c->arena, a->summary, "summary", &done->summary, st);
  if (rc)
    goto out;
  done->extracted = field_values(a, a->record, &done->n_extracted);
  size_t nm = json_array_size(missing);
  done->missing_fields = dbf_arena_calloc(a->c->arena, nm ? nm : 1, sizeof(char *));
  for (size_t i = 0; done->missing_fields && i < nm; i++)
    done->missing_fields[done->n_missing_fields++] =
        dbf_arena_strdup(a->c->arena, json_string_value(json_array_get(missing, i)));
  rc = store_insights(tx, a, insights, done, st);
  if (rc)
    goto out;
  f->frame_case = DEBRIEF__V1__CONVERSE_RESPONSE__FRAME_COMPLETED;
  f->completed = done;
  msg_row m = {.role = "assistant", .kind = "completed", .text = reason_text, .usage = &usage};
  rc = persist(tx, a, f, &m, NULL, st);
  if (!rc)
    rc = notify(tx, a, "session_completed", "Your interview is complete.", st);
  if (!rc && done->n_insights)
    rc = notify(tx, a, "insights_ready", "Insights are ready for review.", st);
out:
  json_decref(missing);
  json_decref(insights);
  return rc;
}

/*
 * Plans the next question or completes; shared by answers and skips.
 *
 * The interview ends when the user says they are done, at max_turns, or
 * when the planner has nothing left worth asking. Filling the required
 * fields alone does not end it: the planner still asks each optional field
 * once, because ending early would lose what people readily volunteer
 * (competitors, sentiment, soft skills). The completion check then reports
 * which required fields are still missing.
 */
/* The reason this step ends the interview before planning, or 0. */
static Debrief__V1__CompletionReason completion_due(const turn_args *a, bool user_done) {
  if (user_done)
    return DEBRIEF__V1__COMPLETION_REASON__COMPLETION_REASON_USER_FINISHED;
  if (a->tpl->max_turns > 0 && a->turns >= a->tpl->max_turns)
    return DEBRIEF__V1__COMPLETION_REASON__COMPLETION_REASON_MAX_TURNS;
  return 0;
}

static bool same_targets(const dbf_question_plan *x, const dbf_question_plan *y) {
  if (x->n_targets != y->n_targets || x->follow_up != y->follow_up)
    return false;
  for (size_t i = 0; i < x->n_targets; i++)
    if (strcmp(x->target_fields[i], y->target_fields[i]))
      return false;
  return true;
}

static dbf_err advance(dbf_tx *tx, turn_args *a, const dbf_plan_input *in, bool user_done,
                       dbf_status *st) {
  Debrief__V1__CompletionReason due = completion_due(a, user_done);
  if (due)
    return complete(tx, a, due,
                    due == DEBRIEF__V1__COMPLETION_REASON__COMPLETION_REASON_USER_FINISHED
                        ? "the user said they were done"
                        : "the turn limit was reached",
                    st);
  dbf_question_plan q;
  dbf_err rc = dbf_plan_next(in, &q, st);
  if (rc)
    return rc;
  if (q.done)
    return complete(tx, a, DEBRIEF__V1__COMPLETION_REASON__COMPLETION_REASON_REQUIRED_FIELDS,
                    "nothing left worth asking", st);
  const dbf_turn_llm *l = fresh_llm(a);
  if (l && l->question && same_targets(&q, &l->plan)) {
    snprintf(q.text, sizeof q.text, "%s", l->question);
    return push_question(tx, a, &q, l->question_id, &l->usage, st);
  }
  dbf_turn_usage u = engine_usage(a);
  return push_question(tx, a, &q, l ? l->question_id : NULL, &u, st);
}

/* ---- open ---- */

static dbf_err load_context(dbf_tx *tx, turn_args *a, dbf_status *st) {
  const char *key = json_string_value(json_object_get(a->subject, "key"));
  /*
   * Earlier completed sessions about the same subject that the caller may
   * see (docs/architecture.md): a member's own, a manager's or admin's
   * team. Open items are data of those sessions, so a member never gets a
   * teammate's.
   */
  bool team_wide = a->c->who->role == DBF_ROLE_MANAGER || a->c->who->role == DBF_ROLE_ADMIN;
  json_t *items = NULL, *ids = NULL;
  dbf_err rc = dbf_store_turn_context(tx, key, a->c->session_id, a->c->who->user_id,
                                      team_wide ? a->team_id : "", &items, &ids, st);
  if (rc)
    return rc;
  a->r->open_items = items;
  json_decref(a->context_ids);
  a->context_ids = ids;
  a->r->context_ids = json_incref(ids);
  return DBF_OK;
}

static dbf_err open_tx(dbf_tx *tx, void *arg, dbf_status *st) {
  turn_args *a = arg;
  args_reset(a);
  dbf_err rc = lock_session(tx, a, st);
  if (rc)
    return rc;
  if (a->state == DBF_SESSION_EXPIRED)
    return dbf_fail(st, DBF_ERR_STATE,
                    "session %s has expired; recover it with RecoverSession before opening it",
                    a->c->session_id);
  a->epoch++;
  a->r->epoch = a->epoch;
  bool needs_opening =
      a->state == DBF_SESSION_CREATED || (a->state == DBF_SESSION_ACTIVE && !a->pending);
  if (needs_opening) {
    rc = load_context(tx, a, st);
    if (rc)
      return rc;
    if (a->state == DBF_SESSION_CREATED) {
      rc = push_state(tx, a, DBF_SESSION_CREATED, DBF_SESSION_ACTIVE, "the interview started", st);
      if (rc)
        return rc;
    }
    dbf_plan_input in;
    plan_input(a, &in);
    in.open_items = a->r->open_items;
    dbf_question_plan q;
    rc = dbf_plan_opening(&in, &q, st);
    if (!rc)
      rc = push_question(tx, a, &q, NULL, &offline_usage, st);
    if (rc)
      return rc;
  }
  a->r->state = a->state;
  return save_session(tx, a, st);
}

static dbf_err run(const dbf_turn_ctx *c, turn_args *a, dbf_tx_fn fn, dbf_turn_result *r,
                   dbf_status *st) {
  a->c = c;
  a->r = r;
  dbf_err rc = dbf_store_tx(c->app->store, c->deadline_ms, fn, a, st);
  r->state = a->state;
  args_release(a);
  if (rc)
    r->n_frames = 0;
  return rc;
}

dbf_err dbf_turn_open(const dbf_turn_ctx *c, dbf_turn_result *r, dbf_status *st) {
  turn_args a = {0};
  return run(c, &a, open_tx, r, st);
}

/* ---- answer ---- */

/* The seq of an answer already stored under client_msg_id, or 0. */
static dbf_err find_answer(dbf_tx *tx, turn_args *a, int64_t *seq, dbf_status *st) {
  return dbf_store_turn_find_answer(tx, a->c->who->user_id, a->c->session_id, a->client_msg_id, seq,
                                    st);
}

static dbf_err duplicate_ack(turn_args *a, int64_t seq, dbf_status *st) {
  a->r->n_frames = 0;
  Debrief__V1__ConverseResponse *f = frame_new(a, seq);
  Debrief__V1__Ack *ack = dbf_arena_calloc(a->c->arena, 1, sizeof *ack);
  if (!f || !ack)
    return dbf_fail(st, DBF_ERR_NOMEM, "out of memory");
  debrief__v1__ack__init(ack);
  ack->client_msg_id = dbf_arena_strdup(a->c->arena, a->client_msg_id);
  ack->seq = seq;
  ack->duplicate = true;
  f->frame_case = DEBRIEF__V1__CONVERSE_RESPONSE__FRAME_ACK;
  f->ack = ack;
  a->r->duplicate = true;
  a->r->ack_seq = seq;
  return DBF_OK;
}

static const char *state_hint(dbf_session_state s) {
  switch (s) {
    case DBF_SESSION_CREATED:
      return "open it with Converse first";
    case DBF_SESSION_PAUSED:
      return "resume it first";
    case DBF_SESSION_EXPIRED:
      return "recover it with RecoverSession first";
    default:
      return "it is over";
  }
}

static const char *state_upper(dbf_session_state s) {
  return dbf_session_state_name(s);
}

static void today_utc(char out[11]) {
  time_t now = time(NULL);
  struct tm tm;
  gmtime_r(&now, &tm);
  strftime(out, 11, "%Y-%m-%d", &tm);
}

static void reference_date(const json_t *subject, char out[11]) {
  const char *at =
      json_string_value(json_object_get(json_object_get(subject, "attributes"), "occurred_at"));
  if (at && strlen(at) >= 10 && at[4] == '-' && at[7] == '-') {
    memcpy(out, at, 10);
    out[10] = '\0';
    return;
  }
  today_utc(out);
}

/*
 * Extracts values from the answer a->text (message seq) with the rules,
 * merges them into a->record, then merges the model's updates (if any,
 * re-stamped with seq), and fills *in for the planner. *changed gets a new
 * reference to what changed. The transaction and the model's unlocked
 * preparation both call this, so they plan from identical records.
 */
static dbf_err extract_merge(turn_args *a, int64_t seq, const json_t *llm_updates, json_t **changed,
                             dbf_plan_input *in, dbf_status *st) {
  const json_t *targets = json_object_get(a->pending, "target_fields");
  const char *tf[8];
  size_t ntf = 0;
  size_t i;
  json_t *v;
  json_array_foreach(targets, i, v) {
    if (ntf < DBF_ARRAY_LEN(tf) && json_string_value(v))
      tf[ntf++] = json_string_value(v);
  }
  char ref[11];
  reference_date(a->subject, ref);
  dbf_extract_ctx ex = {.tpl = a->tpl,
                        .lex = a->c->app->lex,
                        .subject = a->subject,
                        .record = a->record,
                        .target_fields = tf,
                        .n_target_fields = ntf,
                        .seq = seq,
                        .reference_date = ref};
  json_t *updates = NULL, *model = NULL, *more = NULL;
  *changed = NULL;
  dbf_err rc = dbf_extract(&ex, a->text, &updates, st);
  if (!rc)
    rc = dbf_record_merge(a->tpl, a->record, updates, changed);
  if (!rc && llm_updates && json_object_size(llm_updates)) {
    model = json_deep_copy(llm_updates);
    const char *k;
    json_object_foreach(model, k, v) json_object_set_new(v, "evidence_seq", json_integer(seq));
    rc = model ? dbf_record_merge(a->tpl, a->record, model, &more)
               : dbf_fail(st, DBF_ERR_NOMEM, "out of memory");
    if (!rc && more)
      json_object_update(*changed, more);
  }
  if (!rc && !*changed)
    rc = dbf_fail(st, DBF_ERR_NOMEM, "out of memory");
  bool filled = false;
  for (size_t t = 0; !rc && t < ntf; t++)
    if (json_object_get(*changed, tf[t]))
      filled = true;
  plan_input(a, in);
  in->last_specificity = rc ? 0 : dbf_answer_specificity(&ex, a->text);
  in->last_filled_targets = filled || ntf == 0;
  json_decref(updates);
  json_decref(model);
  json_decref(more);
  if (rc) {
    json_decref(*changed);
    *changed = NULL;
  }
  return rc;
}

static dbf_err answer_tx(dbf_tx *tx, void *arg, dbf_status *st) {
  turn_args *a = arg;
  args_reset(a);
  dbf_err rc = lock_session(tx, a, st);
  if (rc)
    return rc;
  int64_t old = 0;
  if (a->state != DBF_SESSION_ACTIVE) {
    /* A committed answer re-sent after the session moved on still gets its ack. */
    rc = find_answer(tx, a, &old, st);
    if (rc)
      return rc;
    if (old)
      return duplicate_ack(a, old, st);
    return dbf_fail(st, DBF_ERR_STATE, "cannot answer: session %s is %s; %s", a->c->session_id,
                    state_upper(a->state), state_hint(a->state));
  }
  /* The answer and its ack frame, deduplicated by the unique constraint. */
  int64_t seq = ++a->seq;
  Debrief__V1__ConverseResponse *f = frame_new(a, seq);
  Debrief__V1__Ack *ack = dbf_arena_calloc(a->c->arena, 1, sizeof *ack);
  if (!f || !ack)
    return dbf_fail(st, DBF_ERR_NOMEM, "out of memory");
  debrief__v1__ack__init(ack);
  ack->client_msg_id = dbf_arena_strdup(a->c->arena, a->client_msg_id);
  ack->seq = seq;
  f->frame_case = DEBRIEF__V1__CONVERSE_RESPONSE__FRAME_ACK;
  f->ack = ack;
  const json_t *targets = json_object_get(a->pending, "target_fields");
  const char *qid = a->question_id && *a->question_id
                        ? a->question_id
                        : json_string_value(json_object_get(a->pending, "question_id"));
  msg_row m = {.role = "user",
               .kind = "answer",
               .text = a->text,
               .question_id = qid,
               .targets = targets,
               .client_msg_id = a->client_msg_id,
               .on_conflict_nothing = true};
  bool inserted = false;
  rc = persist(tx, a, f, &m, &inserted, st);
  if (rc)
    return rc;
  if (!inserted) {
    rc = find_answer(tx, a, &old, st);
    return rc ? rc : duplicate_ack(a, old, st);
  }
  a->r->ack_seq = seq;
  a->turns++;

  json_t *changed = NULL;
  dbf_plan_input in;
  const dbf_turn_llm *l = fresh_llm(a);
  rc = extract_merge(a, seq, l ? l->updates : NULL, &changed, &in, st);
  if (!rc)
    rc = push_extraction(tx, a, changed, st);
  json_decref(changed);
  if (!rc)
    rc = advance(tx, a, &in, dbf_answer_is_done(a->text), st);
  return rc ? rc : save_session(tx, a, st);
}

dbf_err dbf_turn_answer(const dbf_turn_ctx *c, const char *client_msg_id, const char *text,
                        const char *question_id, dbf_turn_result *r, dbf_status *st) {
  turn_args a = {.client_msg_id = client_msg_id, .text = text, .question_id = question_id};
  return run(c, &a, answer_tx, r, st);
}

/* ---- the model's preparation of an answer ---- */

void dbf_turn_llm_clear(dbf_turn_llm *l) {
  json_decref(l->updates);
  json_decref(l->summary);
  dbf_free(l->question);
  memset(l, 0, sizeof *l);
}

#define TRANSCRIPT_MAX 12 /* recent questions and answers the model sees */

typedef struct snap_args {
  turn_args *a;
  int64_t dup_seq;    /* the seq of an already stored answer with this client_msg_id */
  json_t *transcript; /* [{"role","text"}], oldest first */
} snap_args;

/* The unlocked snapshot the model works from. */
static dbf_err snapshot_tx(dbf_tx *tx, void *arg, dbf_status *st) {
  snap_args *sa = arg;
  turn_args *a = sa->a;
  args_release(a);
  json_decref(sa->transcript);
  sa->transcript = NULL;
  dbf_err rc = load_session(tx, a, false, st);
  if (!rc)
    rc = find_answer(tx, a, &sa->dup_seq, st);
  if (!rc)
    rc = dbf_store_turn_transcript(tx, a->c->who->user_id, a->c->session_id, TRANSCRIPT_MAX,
                                   &sa->transcript, st);
  return rc;
}

static void usage_from(dbf_turn_usage *u, const dbf_llm_result *r) {
  memset(u, 0, sizeof *u);
  snprintf(u->provider, sizeof u->provider, "%s", dbf_llm_provider_name(r->provider));
  snprintf(u->model, sizeof u->model, "%s", r->model);
  u->tokens_in = r->tokens_in;
  u->tokens_out = r->tokens_out;
  u->latency_ms = r->latency_ms;
  u->first_token_ms = r->first_token_ms;
}

static void note_fallback(dbf_turn_llm *l, const char *step, const dbf_iv_outcome *o,
                          const dbf_status *ist) {
  if (!l->fallback)
    snprintf(l->why, sizeof l->why,
             "the model could not %s (%s: %.120s); the offline engine answered", step,
             dbf_llm_error_name(o->error), o->message[0] ? o->message : ist->msg);
  l->fallback = true;
  dbf_log(DBF_LOG_WARN, "llm.fallback", "%s", l->why);
}

typedef struct delta_relay {
  void (*fn)(void *arg, const char *question_id, const char *text, size_t len);
  void *arg;
  const char *question_id;
} delta_relay;

static void relay_delta(void *arg, const char *text, size_t len) {
  delta_relay *d = arg;
  if (d->fn)
    d->fn(d->arg, d->question_id, text, len);
}

dbf_err dbf_turn_prepare(const dbf_turn_ctx *c, const char *client_msg_id, const char *text,
                         void (*on_delta)(void *arg, const char *question_id, const char *text,
                                          size_t len),
                         void *arg, dbf_turn_llm *out, dbf_status *st) {
  memset(out, 0, sizeof *out);
  if (!dbf_llm_enabled(c->app->llm))
    return DBF_OK;
  dbf_turn_result r = {0};
  turn_args a = {.c = c, .r = &r, .client_msg_id = client_msg_id, .text = text};
  snap_args sa = {.a = &a};
  json_t *changed = NULL;
  dbf_status ist = {0};
  dbf_iv_outcome o;
  /* A failed read is reported by the answer's own transaction. */
  dbf_err rc = dbf_store_tx(c->app->store, c->deadline_ms, snapshot_tx, &sa, st);
  if (rc || sa.dup_seq || a.state != DBF_SESSION_ACTIVE)
    goto out;
  out->used = true;
  out->version = a.version;
  uint64_t rnd = 0;
  if (getrandom(&rnd, sizeof rnd, 0) != sizeof rnd)
    rnd = (uint64_t)dbf_now_ms() ^ (uint64_t)a.seq << 32;
  snprintf(out->question_id, sizeof out->question_id, "q-%016" PRIx64, rnd);

  dbf_llm_message msgs[TRANSCRIPT_MAX];
  size_t n = 0, i;
  json_t *m;
  json_array_foreach(sa.transcript, i, m) {
    if (n < TRANSCRIPT_MAX && json_string_value(json_object_get(m, "text"))) {
      const char *role = json_string_value(json_object_get(m, "role"));
      msgs[n].role = role && !strcmp(role, "user") ? DBF_LLM_USER : DBF_LLM_ASSISTANT;
      msgs[n++].text = json_string_value(json_object_get(m, "text"));
    }
  }
  const json_t *targets = json_object_get(a.pending, "target_fields");
  const char *tf[8];
  size_t ntf = 0;
  json_array_foreach(targets, i, m) {
    if (ntf < DBF_ARRAY_LEN(tf) && json_string_value(m))
      tf[ntf++] = json_string_value(m);
  }
  int64_t deadline = c->deadline_ms == INT64_MAX ? 0 : c->deadline_ms;
  dbf_iv_ctx ic = {.llm = c->app->llm,
                   .tpl = a.tpl,
                   .prompts_dir = c->app->prompts_dir,
                   .record = a.record,
                   .subject = a.subject,
                   .transcript = msgs,
                   .n_transcript = n,
                   .deadline_ms = deadline,
                   .cancelled = c->cancelled,
                   .cancel_arg = c->cancel_arg};
  int64_t seq = a.seq + 1; /* restamped with the real seq in the transaction */
  bool provider_down = false;
  if (dbf_iv_extract(&ic, text, seq, tf, ntf, &out->updates, &o, &ist)) {
    note_fallback(out, "read the answer", &o, &ist);
    out->updates = NULL;
    /* The provider itself failed (not just this output): a second call
       would fail the same way, so the offline engine words the question
       at once instead of doubling the turn's delay. */
    provider_down = o.error == DBF_LLM_E_UNAVAILABLE || o.error == DBF_LLM_E_RATE_LIMITED ||
                    o.error == DBF_LLM_E_AUTH || o.error == DBF_LLM_E_TIMEOUT ||
                    o.error == DBF_LLM_E_CANCELLED;
  }
  dbf_llm_result_clear(&o.usage);

  /* Plan from the merged record exactly as the transaction will. */
  a.turns++;
  dbf_plan_input in;
  rc = extract_merge(&a, seq, out->updates, &changed, &in, st);
  if (rc)
    goto out;
  ic.record = a.record;
  dbf_question_plan q = {0};
  bool done = completion_due(&a, dbf_answer_is_done(text)) != 0;
  if (!done) {
    rc = dbf_plan_next(&in, &q, st);
    if (rc)
      goto out;
    done = q.done;
  }
  dbf_status_clear(&ist);
  if (provider_down) {
    /* nothing more to ask the model for this answer */
  } else if (done) {
    if (dbf_iv_summary(&ic, &out->summary, &o, &ist)) {
      note_fallback(out, "write the summary", &o, &ist);
      out->summary = NULL;
    } else {
      usage_from(&out->usage, &o.usage);
    }
  } else {
    out->plan = q;
    delta_relay d = {.fn = on_delta, .arg = arg, .question_id = out->question_id};
    if (dbf_iv_question(&ic, &q, relay_delta, &d, &out->question, &o, &ist)) {
      note_fallback(out, "word the question", &o, &ist);
      out->question = NULL;
    } else {
      usage_from(&out->usage, &o.usage);
    }
  }
  dbf_llm_result_clear(&o.usage);
out:
  json_decref(changed);
  json_decref(sa.transcript);
  args_release(&a);
  return rc;
}

/* ---- control ---- */

static dbf_err control_tx(dbf_tx *tx, void *arg, dbf_status *st) {
  turn_args *a = arg;
  args_reset(a);
  dbf_err rc = lock_session(tx, a, st);
  if (rc)
    return rc;
  dbf_session_state s = a->state;
  switch (a->action) {
    case DEBRIEF__V1__CONTROL_ACTION__CONTROL_ACTION_PAUSE:
      if (s != DBF_SESSION_ACTIVE)
        return dbf_fail(st, DBF_ERR_STATE,
                        "cannot pause a session in state %s; only ACTIVE sessions can be paused",
                        state_upper(s));
      rc = push_state(tx, a, s, DBF_SESSION_PAUSED, "paused by the user", st);
      break;
    case DEBRIEF__V1__CONTROL_ACTION__CONTROL_ACTION_RESUME:
      if (s != DBF_SESSION_PAUSED)
        return dbf_fail(st, DBF_ERR_STATE,
                        "cannot resume a session in state %s; only PAUSED sessions can be resumed",
                        state_upper(s));
      rc = push_state(tx, a, s, DBF_SESSION_ACTIVE, "resumed by the user", st);
      break;
    case DEBRIEF__V1__CONTROL_ACTION__CONTROL_ACTION_SKIP: {
      if (s != DBF_SESSION_ACTIVE)
        return dbf_fail(st, DBF_ERR_STATE,
                        "cannot skip in state %s; only ACTIVE sessions have a question to skip",
                        state_upper(s));
      dbf_plan_note_skip(a->plan);
      dbf_plan_input in;
      plan_input(a, &in);
      rc = advance(tx, a, &in, false, st);
      break;
    }
    case DEBRIEF__V1__CONTROL_ACTION__CONTROL_ACTION_FINISH:
      if (s != DBF_SESSION_ACTIVE && s != DBF_SESSION_PAUSED)
        return dbf_fail(st, DBF_ERR_STATE,
                        "cannot finish a session in state %s; only ACTIVE or PAUSED sessions "
                        "can be finished",
                        state_upper(s));
      rc = complete(tx, a, DEBRIEF__V1__COMPLETION_REASON__COMPLETION_REASON_USER_FINISHED,
                    "the user finished the interview", st);
      break;
    default:
      return dbf_fail(st, DBF_ERR_INVALID,
                      "control.action must be PAUSE, RESUME, SKIP or FINISH, not %d", a->action);
  }
  return rc ? rc : save_session(tx, a, st);
}

dbf_err dbf_turn_control(const dbf_turn_ctx *c, int action, dbf_turn_result *r, dbf_status *st) {
  turn_args a = {.action = action};
  return run(c, &a, control_tx, r, st);
}

/* ---- edit ---- */

static dbf_err edit_tx(dbf_tx *tx, void *arg, dbf_status *st) {
  turn_args *a = arg;
  args_reset(a);
  dbf_err rc = lock_session(tx, a, st);
  if (rc)
    return rc;
  if (a->state != DBF_SESSION_ACTIVE && a->state != DBF_SESSION_PAUSED &&
      a->state != DBF_SESSION_COMPLETED)
    return dbf_fail(st, DBF_ERR_STATE, "cannot edit fields of a session in state %s",
                    state_upper(a->state));
  if (!dbf_template_field_find(a->tpl, a->edit_key))
    return dbf_fail(st, DBF_ERR_INVALID, "edit_field.key '%s' is not a field of template %s",
                    a->edit_key, a->tpl->slug);
  /* The edit is a user message too, deduplicated like an answer. */
  int64_t seq = ++a->seq;
  json_t *entry = json_pack("{s:O, s:f, s:I, s:s}", "value", a->edit_value, "confidence", 1.0,
                            "evidence_seq", (json_int_t)seq, "source", "user");
  json_t *changed = json_object();
  if (!entry || !changed || json_object_set_new(changed, a->edit_key, entry)) {
    json_decref(changed);
    return dbf_fail(st, DBF_ERR_NOMEM, "out of memory");
  }
  json_object_set(a->record, a->edit_key, entry);
  Debrief__V1__ConverseResponse *f = frame_new(a, seq);
  Debrief__V1__ExtractionUpdate *u = dbf_arena_calloc(a->c->arena, 1, sizeof *u);
  if (!f || !u) {
    json_decref(changed);
    return dbf_fail(st, DBF_ERR_NOMEM, "out of memory");
  }
  debrief__v1__extraction_update__init(u);
  u->updates = field_values(a, changed, &u->n_updates);
  f->frame_case = DEBRIEF__V1__CONVERSE_RESPONSE__FRAME_EXTRACTION;
  f->extraction = u;
  json_t *keys = json_pack("[s]", a->edit_key);
  msg_row m = {.role = "user",
               .kind = "note",
               .text = "field edited",
               .targets = keys,
               .client_msg_id = a->client_msg_id && *a->client_msg_id ? a->client_msg_id : NULL,
               .on_conflict_nothing = true};
  bool inserted = false;
  rc = persist(tx, a, f, &m, &inserted, st);
  json_decref(keys);
  if (!rc && !inserted) {
    json_decref(changed);
    int64_t old = 0;
    rc = find_answer(tx, a, &old, st);
    return rc ? rc : duplicate_ack(a, old, st);
  }
  /* Written directly: a person's edit wins over any earlier value. */
  if (!rc)
    rc = store_extractions(tx, a, changed, st);
  json_decref(changed);
  return rc ? rc : save_session(tx, a, st);
}

dbf_err dbf_turn_edit(const dbf_turn_ctx *c, const char *key, const json_t *value,
                      const char *client_msg_id, dbf_turn_result *r, dbf_status *st) {
  turn_args a = {.edit_key = key, .edit_value = value, .client_msg_id = client_msg_id};
  return run(c, &a, edit_tx, r, st);
}

/* ---- heartbeat and replay ---- */

static dbf_err heartbeat_tx(dbf_tx *tx, void *arg, dbf_status *st) {
  turn_args *a = arg;
  bool current = false;
  dbf_err rc = dbf_store_turn_touch(tx, a->c->who->user_id, a->c->session_id, a->c->stream_epoch,
                                    &current, st);
  if (!rc && !current)
    rc = dbf_fail(st, DBF_ERR_CONFLICT,
                  "another stream opened session %s; this stream no longer drives it",
                  a->c->session_id);
  return rc;
}

dbf_err dbf_turn_heartbeat(const dbf_turn_ctx *c, dbf_status *st) {
  turn_args a = {.c = c};
  return dbf_store_tx(c->app->store, c->deadline_ms, heartbeat_tx, &a, st);
}

static dbf_err replay_tx(dbf_tx *tx, void *arg, dbf_status *st) {
  turn_args *a = arg;
  dbf_turn_result *r = a->r;
  r->n_frames = 0;
  dbf_turn_frame *rows = NULL;
  size_t n = 0;
  dbf_err rc = dbf_store_turn_frames_after(tx, a->c->who->user_id, a->c->session_id, a->after_seq,
                                           a->c->arena, &rows, &n, st);
  if (rc)
    return rc;
  r->frames = dbf_arena_calloc(a->c->arena, n ? n : 1, sizeof *r->frames);
  if (!r->frames)
    return dbf_fail(st, DBF_ERR_NOMEM, "out of memory replaying frames");
  ProtobufCAllocator pa;
  dbf_arena_protobuf_allocator(a->c->arena, &pa);
  for (size_t i = 0; i < n; i++) {
    Debrief__V1__ConverseResponse *f =
        debrief__v1__converse_response__unpack(&pa, rows[i].len, rows[i].bytes);
    if (!f)
      return dbf_fail(st, DBF_ERR_INTERNAL, "stored frame %" PRId64 " of session %s is corrupt",
                      rows[i].seq, a->c->session_id);
    f->replayed = true;
    r->frames[r->n_frames++] = f;
  }
  return DBF_OK;
}

dbf_err dbf_turn_replay(const dbf_turn_ctx *c, int64_t after_seq, dbf_turn_result *r,
                        dbf_status *st) {
  turn_args a = {.c = c, .r = r, .after_seq = after_seq};
  return dbf_store_tx(c->app->store, c->deadline_ms, replay_tx, &a, st);
}

/* ---- CompleteSession ---- */

dbf_err dbf_turn_complete_hook(dbf_tx *tx, const dbf_session *sess, void *arg, json_t **summary,
                               dbf_status *st) {
  dbf_app *app = arg;
  dbf_arena *arena = dbf_arena_create(1u << 20);
  if (!arena)
    return dbf_fail(st, DBF_ERR_NOMEM, "out of memory");
  dbf_principal owner = {0};
  snprintf(owner.user_id, sizeof owner.user_id, "%s", sess->owner_id);
  dbf_turn_ctx c = {.app = app, .who = &owner, .arena = arena, .session_id = sess->id};
  dbf_turn_result r = {0};
  turn_args a = {.c = &c, .r = &r};
  dbf_err rc = args_from_session(tx, &a, sess, 0, st);
  if (!rc)
    rc = complete(tx, &a, DEBRIEF__V1__COMPLETION_REASON__COMPLETION_REASON_REQUESTED,
                  "completed on request", st);
  if (!rc)
    rc = dbf_store_turn_mark_completing(tx, sess->owner_id, sess->id, a.seq, a.open_items, st);
  if (!rc) {
    *summary = a.summary;
    a.summary = NULL;
  }
  args_release(&a);
  dbf_turn_result_clear(&r);
  dbf_arena_destroy(arena);
  return rc;
}

/* ==== the session sweeper's steps (see turn.h; appended, nothing above changed) ==== */

typedef struct sweep_args {
  dbf_app *app;
  dbf_arena *arena;
  int batch;
  bool expire; /* false: inactivity warnings */
  dbf_turn_swept *out;
  size_t n_out;
} sweep_args;

/* The warning frame, its row, the warned_at mark and the notification. */
static dbf_err warn_locked(dbf_tx *tx, turn_args *a, dbf_status *st) {
  if (a->state != DBF_SESSION_ACTIVE && a->state != DBF_SESSION_PAUSED)
    return DBF_OK; /* moved on since it was claimed: nothing to warn about */
  dbf_arena *ar = a->c->arena;
  int64_t idle = a->c->app->cfg->inactivity_warn_s;
  int64_t left = a->c->app->cfg->session_timeout_s - idle;
  const char *text =
      dbf_arena_printf(ar,
                       "No activity for %" PRId64 " seconds; the session expires in about %" PRId64
                       " seconds unless you continue.",
                       idle, left > 0 ? left : 0);
  struct timespec now;
  clock_gettime(CLOCK_REALTIME, &now);
  Debrief__V1__ConverseResponse *f = frame_new(a, ++a->seq);
  Debrief__V1__Warning *w = dbf_arena_calloc(ar, 1, sizeof *w);
  if (!text || !f || !w)
    return dbf_fail(st, DBF_ERR_NOMEM, "out of memory");
  debrief__v1__warning__init(w);
  w->kind = DEBRIEF__V1__WARNING_KIND__WARNING_KIND_INACTIVITY;
  w->at = dbf_pbjson_timestamp(ar, (int64_t)now.tv_sec * 1000000 + now.tv_nsec / 1000);
  w->message = (char *)text;
  f->frame_case = DEBRIEF__V1__CONVERSE_RESPONSE__FRAME_WARNING;
  f->warning = w;
  msg_row m = {.role = "system", .kind = "warning", .text = text};
  dbf_err rc = persist(tx, a, f, &m, NULL, st);
  if (rc)
    return rc;
  /*
   * Not save_session: that records activity (last_activity_at = now(),
   * warned_at = NULL, a fresh expires_at), and a warning is the opposite
   * of activity. Only the seq, the mark and the version change.
   */
  rc = dbf_store_turn_mark_warned(tx, a->c->who->user_id, a->c->session_id, a->seq, st);
  return rc ? rc : notify(tx, a, "inactivity_warning", text, st);
}

/* The EXPIRED state frame, the state change and the notification. */
static dbf_err expire_locked(dbf_tx *tx, turn_args *a, dbf_status *st) {
  if (a->state != DBF_SESSION_CREATED && a->state != DBF_SESSION_ACTIVE &&
      a->state != DBF_SESSION_PAUSED)
    return DBF_OK;
  snprintf(a->end_reason, sizeof a->end_reason, "expired after %" PRId64 " s without activity",
           a->c->app->cfg->session_timeout_s);
  dbf_err rc = push_state(tx, a, a->state, DBF_SESSION_EXPIRED, a->end_reason, st);
  if (rc)
    return rc;
  /*
   * Not save_session, for the same reason as warn_locked: expiry is not
   * activity. The pending question stays, so RecoverSession can carry on
   * where the interview stopped.
   */
  rc = dbf_store_turn_mark_expired(tx, a->c->who->user_id, a->c->session_id, a->seq, a->end_reason,
                                   st);
  return rc ? rc
            : notify(tx, a, "session_expired",
                     "Your interview expired after a period of inactivity; recover it to continue.",
                     st);
}

/*
 * One claimed session, inside a savepoint: a session that fails (say, its
 * template no longer parses) is rolled back and logged alone instead of
 * stalling the whole batch on every tick.
 */
static dbf_err sweep_one(dbf_tx *tx, sweep_args *s, const char *owner, const char *sid,
                         dbf_status *st) {
  dbf_principal *who = dbf_arena_calloc(s->arena, 1, sizeof *who);
  dbf_turn_ctx *c = dbf_arena_calloc(s->arena, 1, sizeof *c);
  dbf_turn_result *r = dbf_arena_calloc(s->arena, 1, sizeof *r);
  char *id = dbf_arena_strdup(s->arena, sid);
  if (!who || !c || !r || !id)
    return dbf_fail(st, DBF_ERR_NOMEM, "out of memory sweeping sessions");
  snprintf(who->user_id, sizeof who->user_id, "%s", owner);
  c->app = s->app;
  c->who = who;
  c->arena = s->arena;
  c->session_id = id;
  turn_args a = {.c = c, .r = r};
  dbf_err rc = dbf_store_turn_savepoint(tx, DBF_SAVEPOINT_SET, st);
  if (rc)
    return rc;
  dbf_status one = {0};
  dbf_err orc = lock_session(tx, &a, &one); /* already ours: the claim locked it */
  if (!orc)
    orc = s->expire ? expire_locked(tx, &a, &one) : warn_locked(tx, &a, &one);
  args_release(&a);
  dbf_turn_result_clear(r);
  if (orc == DBF_ERR_UNAVAILABLE || orc == DBF_ERR_CONFLICT || orc == DBF_ERR_DEADLINE) {
    /* The connection or the transaction is in trouble: let dbf_store_tx decide. */
    *st = one;
    return orc;
  }
  if (orc) {
    dbf_log(DBF_LOG_WARN, "sweeper.session_failed", "session %s: %s (skipped)", sid, one.msg);
    return dbf_store_turn_savepoint(tx, DBF_SAVEPOINT_ROLLBACK, st);
  }
  if (r->n_frames) {
    dbf_turn_swept *e = &s->out[s->n_out++];
    snprintf(e->session_id, sizeof e->session_id, "%s", sid);
    e->frames = r->frames;
    e->n_frames = r->n_frames;
  }
  return dbf_store_turn_savepoint(tx, DBF_SAVEPOINT_RELEASE, st);
}

static dbf_err sweep_tx(dbf_tx *tx, void *arg, dbf_status *st) {
  sweep_args *s = arg;
  s->n_out = 0; /* a re-run attempt starts over; its arena leftovers are harmless */
  dbf_turn_claim *claimed = NULL;
  size_t n = 0;
  dbf_err rc = s->expire ? dbf_store_turn_claim_expired(tx, s->batch, s->arena, &claimed, &n, st)
                         : dbf_store_turn_claim_idle(tx, s->batch, s->app->cfg->inactivity_warn_s,
                                                     s->arena, &claimed, &n, st);
  if (rc)
    return rc;
  if (n && !s->out && !(s->out = dbf_arena_calloc(s->arena, (size_t)s->batch, sizeof *s->out)))
    return dbf_fail(st, DBF_ERR_NOMEM, "out of memory sweeping sessions");
  for (size_t i = 0; !rc && i < n && i < (size_t)s->batch; i++)
    rc = sweep_one(tx, s, claimed[i].owner_id, claimed[i].session_id, st);
  return rc;
}

static dbf_err sweep(dbf_app *app, dbf_arena *arena, int64_t deadline_ms, int batch, bool expire,
                     dbf_turn_swept **out, size_t *n_out, dbf_status *st) {
  *out = NULL;
  *n_out = 0;
  if (batch < 1)
    return dbf_fail(st, DBF_ERR_INVALID, "batch must be at least 1");
  sweep_args s = {.app = app, .arena = arena, .batch = batch, .expire = expire};
  dbf_err rc = dbf_store_tx(app->store, deadline_ms, sweep_tx, &s, st);
  if (!rc) {
    *out = s.out;
    *n_out = s.n_out;
  }
  return rc;
}

dbf_err dbf_turn_warn_idle(dbf_app *app, dbf_arena *arena, int64_t deadline_ms, int batch,
                           dbf_turn_swept **out, size_t *n_out, dbf_status *st) {
  return sweep(app, arena, deadline_ms, batch, false, out, n_out, st);
}

dbf_err dbf_turn_expire_due(dbf_app *app, dbf_arena *arena, int64_t deadline_ms, int batch,
                            dbf_turn_swept **out, size_t *n_out, dbf_status *st) {
  return sweep(app, arena, deadline_ms, batch, true, out, n_out, st);
}
