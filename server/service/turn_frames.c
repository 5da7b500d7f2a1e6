/*
 * turn_frames.c - the frame builder of a turn (see turn_int.h): each
 * ConverseResponse frame a step produces (ack, question, extraction,
 * state, warning, completed), packed and persisted as a message through
 * the store with the seq the step allocated.
 */
#include "service/turn_int.h"

#include <inttypes.h>
#include <string.h>
#include <time.h>

#include "service/pbjson.h"

#define MAX_FRAMES  16 /* frames one step can produce */
#define ENGINE_NAME "offline"

/* Appends a frame at seq to the step's result; NULL when full or out of memory. */
static Debrief__V1__ConverseResponse *frame_new(dbf__turn_args *a, int64_t seq) {
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

const dbf_turn_usage dbf__offline_usage = {.provider = ENGINE_NAME,
                                           .tokens_in = -1,
                                           .tokens_out = -1,
                                           .latency_ms = -1,
                                           .first_token_ms = -1};

/* The strings of a JSON array, in arena memory (non-strings are left out). */
static dbf_err string_list(dbf__turn_args *a, const json_t *arr, const char ***out, size_t *n,
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
dbf_err dbf__persist(dbf_tx *tx, dbf__turn_args *a, const Debrief__V1__ConverseResponse *f,
                     const dbf__msg_row *m, bool *inserted, dbf_status *st) {
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
  const dbf_turn_usage *u = m->usage ? m->usage : &dbf__offline_usage;
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

/* ---- building frame payloads ---- */

static Debrief__V1__FieldValue *field_value(dbf__turn_args *a, const char *key, const json_t *e) {
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
static Debrief__V1__FieldValue **field_values(dbf__turn_args *a, const json_t *obj, size_t *n) {
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

Debrief__V1__ConverseResponse *dbf__frame_extraction(dbf__turn_args *a, int64_t seq,
                                                     const json_t *changed) {
  Debrief__V1__ConverseResponse *f = frame_new(a, seq);
  Debrief__V1__ExtractionUpdate *u = dbf_arena_calloc(a->c->arena, 1, sizeof *u);
  if (!f || !u)
    return NULL;
  debrief__v1__extraction_update__init(u);
  u->updates = field_values(a, changed, &u->n_updates);
  f->frame_case = DEBRIEF__V1__CONVERSE_RESPONSE__FRAME_EXTRACTION;
  f->extraction = u;
  return f;
}

/*
 * Writes the changed entries to extractions and extraction_history in one
 * statement. A person's edit (source "user") records who made it.
 */
dbf_err dbf__store_extractions(dbf_tx *tx, dbf__turn_args *a, const json_t *changed,
                               dbf_status *st) {
  return dbf_store_turn_extractions(tx, a->c->who->user_id, a->c->session_id, changed,
                                    a->c->who->user_id, st);
}

dbf_err dbf__push_extraction(dbf_tx *tx, dbf__turn_args *a, const json_t *changed, dbf_status *st) {
  if (!changed || !json_object_size(changed))
    return DBF_OK;
  dbf_err rc = dbf__store_extractions(tx, a, changed, st);
  if (rc)
    return rc;
  Debrief__V1__ConverseResponse *f = dbf__frame_extraction(a, ++a->seq, changed);
  if (!f)
    return dbf_fail(st, DBF_ERR_NOMEM, "out of memory");
  json_t *keys = json_array();
  const char *k;
  json_t *v;
  json_object_foreach((json_t *)changed, k, v) json_array_append_new(keys, json_string(k));
  dbf__msg_row m = {.role = "system", .kind = "extraction", .text = "", .targets = keys};
  rc = dbf__persist(tx, a, f, &m, NULL, st);
  json_decref(keys);
  return rc;
}

dbf_err dbf__push_state(dbf_tx *tx, dbf__turn_args *a, dbf_session_state from, dbf_session_state to,
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
  dbf__msg_row m = {.role = "system", .kind = "state", .text = reason ? reason : ""};
  return dbf__persist(tx, a, f, &m, NULL, st);
}

/*
 * Persists the planned question and makes it the pending one. qid is the
 * id the model's text_delta frames already used, or NULL for a fresh one;
 * usage says which engine worded it.
 */
dbf_err dbf__push_question(dbf_tx *tx, dbf__turn_args *a, const dbf_question_plan *q,
                           const char *qid, const dbf_turn_usage *usage, dbf_status *st) {
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
  dbf__msg_row m = {.role = "assistant",
                    .kind = "question",
                    .text = q->text,
                    .question_id = qq->question_id,
                    .targets = tj,
                    .usage = usage};
  dbf_err rc = a->pending && qq->question_id && qq->text && qq->engine
                   ? dbf__persist(tx, a, f, &m, NULL, st)
                   : dbf_fail(st, DBF_ERR_NOMEM, "out of memory");
  json_decref(tj);
  return rc;
}

/* ---- acks and warnings ---- */

Debrief__V1__ConverseResponse *dbf__frame_ack(dbf__turn_args *a, int64_t seq) {
  Debrief__V1__ConverseResponse *f = frame_new(a, seq);
  Debrief__V1__Ack *ack = dbf_arena_calloc(a->c->arena, 1, sizeof *ack);
  if (!f || !ack)
    return NULL;
  debrief__v1__ack__init(ack);
  ack->client_msg_id = dbf_arena_strdup(a->c->arena, a->client_msg_id);
  ack->seq = seq;
  f->frame_case = DEBRIEF__V1__CONVERSE_RESPONSE__FRAME_ACK;
  f->ack = ack;
  return f;
}

dbf_err dbf__duplicate_ack(dbf__turn_args *a, int64_t seq, dbf_status *st) {
  a->r->n_frames = 0;
  Debrief__V1__ConverseResponse *f = dbf__frame_ack(a, seq);
  if (!f)
    return dbf_fail(st, DBF_ERR_NOMEM, "out of memory");
  f->ack->duplicate = true;
  a->r->duplicate = true;
  a->r->ack_seq = seq;
  return DBF_OK;
}

dbf_err dbf__push_warning(dbf_tx *tx, dbf__turn_args *a, const char *text, dbf_status *st) {
  dbf_arena *ar = a->c->arena;
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
  dbf__msg_row m = {.role = "system", .kind = "warning", .text = text};
  return dbf__persist(tx, a, f, &m, NULL, st);
}

/* ---- completion: insights and the completed frame ---- */

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

static dbf_err store_insights(dbf_tx *tx, dbf__turn_args *a, const json_t *insights,
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

dbf_err dbf__push_completed(dbf_tx *tx, dbf__turn_args *a, Debrief__V1__CompletionReason reason,
                            const char *reason_text, const json_t *missing, const json_t *insights,
                            const dbf_turn_usage *usage, size_t *n_insights, dbf_status *st) {
  *n_insights = 0;
  Debrief__V1__ConverseResponse *f = frame_new(a, ++a->seq);
  Debrief__V1__Completed *done = dbf_arena_calloc(a->c->arena, 1, sizeof *done);
  if (!f || !done)
    return dbf_fail(st, DBF_ERR_NOMEM, "out of memory");
  debrief__v1__completed__init(done);
  done->reason = reason;
  dbf_err rc = dbf_pbjson_to_struct(a->c->arena, a->summary, "summary", &done->summary, st);
  if (rc)
    return rc;
  done->extracted = field_values(a, a->record, &done->n_extracted);
  size_t nm = json_array_size(missing);
  done->missing_fields = dbf_arena_calloc(a->c->arena, nm ? nm : 1, sizeof(char *));
  for (size_t i = 0; done->missing_fields && i < nm; i++)
    done->missing_fields[done->n_missing_fields++] =
        dbf_arena_strdup(a->c->arena, json_string_value(json_array_get(missing, i)));
  rc = store_insights(tx, a, insights, done, st);
  if (rc)
    return rc;
  f->frame_case = DEBRIEF__V1__CONVERSE_RESPONSE__FRAME_COMPLETED;
  f->completed = done;
  *n_insights = done->n_insights;
  dbf__msg_row m = {.role = "assistant", .kind = "completed", .text = reason_text, .usage = usage};
  return dbf__persist(tx, a, f, &m, NULL, st);
}
