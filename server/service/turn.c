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
#include "core/buf.h"
#include "core/log.h"
#include "engine/engine.h"
#include "service/pbjson.h"
#include "service/tplcache.h"
#include "llm/interviewer.h"

#define MAX_FRAMES    16         /* frames one step can produce */
#define FRAME_HEX_MAX (8u << 20) /* hex of one packed frame */
#define ENGINE_NAME   "offline"

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

static const char *const state_db[] = {"",          "created", "active",   "paused",
                                       "completed", "expired", "cancelled"};

static dbf_session_state state_parse(const char *s) {
  for (int i = 1; i <= 6; i++)
    if (s && !strcmp(s, state_db[i]))
      return (dbf_session_state)i;
  return 0;
}

static const char *int_str(char *buf, size_t n, int64_t v) {
  snprintf(buf, n, "%" PRId64, v);
  return buf;
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

/* A text[] literal for target fields (keys are [a-z0-9_], but quote anyway). */
static dbf_err text_array(const json_t *arr, dbf_buf *out) {
  dbf_err rc = dbf_buf_appends(out, "{");
  size_t i;
  json_t *v;
  json_array_foreach(arr, i, v) {
    const char *s = json_string_value(v);
    if (!s)
      continue;
    if (!rc && i)
      rc = dbf_buf_appends(out, ",");
    if (!rc)
      rc = dbf_buf_appends(out, "\"");
    for (const char *p = s; !rc && *p; p++)
      rc = (*p == '"' || *p == '\\') ? dbf_buf_printf(out, "\\%c", *p) : dbf_buf_append(out, p, 1);
    if (!rc)
      rc = dbf_buf_appends(out, "\"");
  }
  return rc ? rc : dbf_buf_appends(out, "}");
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

/* A NULL for unknown (negative) numbers, else the number as text. */
static const char *opt_int(char *buf, size_t n, int64_t v) {
  return v < 0 ? NULL : int_str(buf, n, v);
}

/*
 * Packs f and stores it as message seq f->seq. *inserted is false when an
 * ON CONFLICT row already existed (a duplicate answer).
 */
static dbf_err persist(dbf_tx *tx, turn_args *a, const Debrief__V1__ConverseResponse *f,
                       const msg_row *m, bool *inserted, dbf_status *st) {
  dbf_err rc = DBF_OK;
  PGresult *res = NULL;
  dbf_buf hex, targets;
  dbf_buf_init(&hex, FRAME_HEX_MAX);
  dbf_buf_init(&targets, 64 * 1024);
  size_t len = protobuf_c_message_get_packed_size(&f->base);
  uint8_t *bytes = dbf_arena_alloc(a->c->arena, len ? len : 1);
  if (!bytes) {
    rc = dbf_fail(st, DBF_ERR_NOMEM, "out of memory packing a frame");
    goto out;
  }
  protobuf_c_message_pack(&f->base, bytes);
  static const char digits[] = "0123456789abcdef";
  for (size_t i = 0; !rc && i < len; i++) {
    char h[2] = {digits[bytes[i] >> 4], digits[bytes[i] & 15]};
    rc = dbf_buf_append(&hex, h, 2);
  }
  if (!rc && !hex.data)
    rc = dbf_buf_appends(&hex, "");
  if (!rc)
    rc = text_array(m->targets, &targets);
  if (rc) {
    rc = dbf_fail(st, rc, "frame too large to store");
    goto out;
  }
  const dbf_turn_usage *u = m->usage ? m->usage : &offline_usage;
  char seq[24], tin[24], tout[24], lat[24], ftok[24];
  const char *p[] = {a->c->who->user_id,
                     a->c->session_id,
                     int_str(seq, sizeof seq, f->seq),
                     m->role,
                     m->kind,
                     m->text ? m->text : "",
                     m->question_id,
                     targets.data,
                     m->client_msg_id,
                     hex.data,
                     u->provider,
                     u->model[0] ? u->model : NULL,
                     opt_int(tin, sizeof tin, u->tokens_in),
                     opt_int(tout, sizeof tout, u->tokens_out),
                     opt_int(lat, sizeof lat, u->latency_ms),
                     opt_int(ftok, sizeof ftok, u->first_token_ms),
                     u->fallback ? "true" : "false"};
#define MSG_INSERT                                                                                 \
  "INSERT INTO messages (owner_id, session_id, seq, role, kind, text, question_id, "               \
  "target_fields, client_msg_id, frame, provider, model, tokens_in, tokens_out, latency_ms, "      \
  "first_token_ms, fallback) VALUES ($1, $2::uuid, $3, $4, $5, $6, $7, $8::text[], $9, "           \
  "decode($10, 'hex'), $11, $12, $13, $14, $15, $16, $17) "
  rc = dbf_tx_exec(tx,
                   m->on_conflict_nothing ? MSG_INSERT "ON CONFLICT ON CONSTRAINT "
                                                       "messages_client_msg_key DO NOTHING "
                                                       "RETURNING seq"
                                          : MSG_INSERT "RETURNING seq",
                   17, p, &res, st);
#undef MSG_INSERT
  if (rc)
    goto out;
  if (inserted)
    *inserted = PQntuples(res) == 1;
out:
  PQclear(res);
  dbf_buf_free(&hex);
  dbf_buf_free(&targets);
  return rc;
}

/* ---- loading the locked session ---- */

#define SESSION_ROW                                                                                \
  "SELECT state, template_slug, template_version, record, plan_state, pending_question, "          \
  "last_seq, turn_count, stream_epoch, subject_kind, subject_key, subject_title, "                 \
  "subject_attributes, team_id, array_to_json(context_session_ids), version "                      \
  "FROM sessions WHERE owner_id = $1 AND id = $2::uuid"

/* Loads the session row, locked unless this is the model's unlocked snapshot. */
static dbf_err load_session(dbf_tx *tx, turn_args *a, bool lock, dbf_status *st) {
  PGresult *res = NULL;
  const char *p[] = {a->c->who->user_id, a->c->session_id};
  /* Only the owner converses; anyone else sees NOT_FOUND, never the data. */
  dbf_err rc = dbf_tx_exec(tx, lock ? SESSION_ROW " FOR UPDATE" : SESSION_ROW, 2, p, &res, st);
  if (rc)
    goto out;
  if (PQntuples(res) != 1) {
    rc = dbf_fail(st, DBF_ERR_NOT_FOUND, "no session '%s'", a->c->session_id);
    goto out;
  }
  a->state = state_parse(dbf_pg_str(res, 0, 0));
  a->record = dbf_pg_json(res, 0, 3);
  a->plan = dbf_pg_json(res, 0, 4);
  a->pending = dbf_pg_json(res, 0, 5);
  if (json_is_null(a->pending)) {
    json_decref(a->pending);
    a->pending = NULL;
  }
  a->seq = dbf_pg_i64(res, 0, 6, 0);
  a->turns = (int)dbf_pg_i64(res, 0, 7, 0);
  a->epoch = dbf_pg_i64(res, 0, 8, 0);
  json_t *attrs = dbf_pg_json(res, 0, 12);
  a->subject = json_pack("{s:s, s:s, s:s, s:o}", "kind", dbf_pg_str(res, 0, 9), "key",
                         dbf_pg_str(res, 0, 10), "title", dbf_pg_str(res, 0, 11), "attributes",
                         attrs ? attrs : json_object());
  a->team_id = dbf_strdup(dbf_pg_str(res, 0, 13));
  a->context_ids = dbf_pg_json(res, 0, 14);
  a->version = dbf_pg_i64(res, 0, 15, 0);
  if (!a->record || !a->plan || !a->subject || !a->team_id || !a->context_ids) {
    rc = dbf_fail(st, DBF_ERR_NOMEM, "out of memory loading session %s", a->c->session_id);
    goto out;
  }
  if (a->c->stream_epoch && a->epoch != a->c->stream_epoch) {
    rc = dbf_fail(st, DBF_ERR_CONFLICT,
                  "another stream opened session %s; this stream no longer drives it",
                  a->c->session_id);
    goto out;
  }
  rc = dbf_tplcache_get(a->c->app, tx, dbf_pg_str(res, 0, 1), (int)dbf_pg_i64(res, 0, 2, 0),
                        &a->tpl, st);
out:
  PQclear(res);
  return rc;
}

static dbf_err lock_session(dbf_tx *tx, turn_args *a, dbf_status *st) {
  return load_session(tx, a, true, st);
}

static dbf_err save_session(dbf_tx *tx, turn_args *a, dbf_status *st) {
  char *rec = json_dumps(a->record, JSON_COMPACT);
  char *plan = json_dumps(a->plan, JSON_COMPACT);
  char *pend = a->pending ? json_dumps(a->pending, JSON_COMPACT) : NULL;
  char *ctx = json_dumps(a->context_ids, JSON_COMPACT);
  char *items = a->open_items ? json_dumps(a->open_items, JSON_COMPACT) : NULL;
  char *sum = a->summary ? json_dumps(a->summary, JSON_COMPACT) : NULL;
  dbf_err rc = DBF_OK;
  if (!rec || !plan || !ctx || (a->pending && !pend) || (a->open_items && !items) ||
      (a->summary && !sum)) {
    rc = dbf_fail(st, DBF_ERR_NOMEM, "out of memory saving session");
    goto out;
  }
  char seq[24], turns[24], epoch[24], timeout[24];
  const char *p[] = {a->c->who->user_id,
                     a->c->session_id,
                     rec,
                     plan,
                     pend,
                     int_str(seq, sizeof seq, a->seq),
                     int_str(turns, sizeof turns, a->turns),
                     state_db[a->state],
                     int_str(timeout, sizeof timeout, a->c->app->cfg->session_timeout_s),
                     a->end_reason[0] ? a->end_reason : NULL,
                     sum,
                     items,
                     int_str(epoch, sizeof epoch, a->epoch),
                     ctx};
  rc = dbf_tx_exec(
      tx,
      "UPDATE sessions SET record = $3::jsonb, plan_state = $4::jsonb, "
      " pending_question = $5::jsonb, last_seq = $6, turn_count = $7, state = $8, "
      " version = version + 1, updated_at = now(), last_activity_at = now(), warned_at = NULL, "
      " expires_at = CASE WHEN $8 IN ('active', 'paused', 'created') "
      "   THEN now() + $9::bigint * interval '1 second' ELSE NULL END, "
      " started_at = CASE WHEN $8 = 'active' THEN coalesce(started_at, now()) "
      "   ELSE started_at END, "
      " completed_at = CASE WHEN $8 = 'completed' THEN now() ELSE completed_at END, "
      " end_reason = coalesce($10, end_reason), summary = coalesce($11::jsonb, summary), "
      " open_items = coalesce($12::jsonb, open_items), stream_epoch = $13, "
      " context_session_ids = ARRAY(SELECT jsonb_array_elements_text($14::jsonb))::uuid[] "
      "WHERE owner_id = $1 AND id = $2::uuid",
      14, p, NULL, st);
out:
  dbf_free(rec);
  dbf_free(plan);
  dbf_free(pend);
  dbf_free(ctx);
  dbf_free(items);
  dbf_free(sum);
  return rc;
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
  char *js = json_dumps(changed, JSON_COMPACT);
  if (!js)
    return dbf_fail(st, DBF_ERR_NOMEM, "out of memory");
  const char *p[] = {a->c->who->user_id, a->c->session_id, js, a->c->who->user_id};
  dbf_err rc = dbf_tx_exec(
      tx,
      "WITH ch AS (SELECT key, value AS e FROM jsonb_each($3::jsonb)), "
      "h AS (INSERT INTO extraction_history (owner_id, session_id, field_key, value, confidence, "
      "  evidence_seq, source, changed_by) SELECT $1, $2::uuid, key, e->'value', "
      "  least(1, greatest(0, (e->>'confidence')::float8)), "
      "  coalesce((e->>'evidence_seq')::bigint, 0), e->>'source', "
      "  CASE WHEN e->>'source' = 'user' THEN $4 END FROM ch) "
      "INSERT INTO extractions (owner_id, session_id, field_key, value, confidence, evidence_seq, "
      "  source) SELECT $1, $2::uuid, key, e->'value', "
      "  least(1, greatest(0, (e->>'confidence')::float8)), "
      "  coalesce((e->>'evidence_seq')::bigint, 0), e->>'source' FROM ch "
      "ON CONFLICT (owner_id, session_id, field_key) DO UPDATE SET value = EXCLUDED.value, "
      "  confidence = EXCLUDED.confidence, evidence_seq = EXCLUDED.evidence_seq, "
      "  source = EXCLUDED.source, updated_at = now()",
      4, p, NULL, st);
  dbf_free(js);
  return rc;
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
  char *js = json_dumps(insights, JSON_COMPACT);
  if (!js)
    return dbf_fail(st, DBF_ERR_NOMEM, "out of memory");
  PGresult *res = NULL;
  const char *p[] = {a->c->who->user_id, a->c->session_id, a->team_id, js};
  dbf_err rc = dbf_tx_exec(
      tx,
      "INSERT INTO insights (owner_id, session_id, team_id, kind, text, original_text, "
      " confidence, source_fields) "
      "SELECT $1, $2::uuid, $3, e->>'kind', e->>'text', e->>'text', "
      " least(1, greatest(0, coalesce((e->>'confidence')::float8, 0.5))), "
      " ARRAY(SELECT jsonb_array_elements_text(coalesce(e->'source_fields', '[]'::jsonb))) "
      "FROM jsonb_array_elements($4::jsonb) WITH ORDINALITY AS x(e, n) "
      "WHERE e->>'kind' IN ('risk', 'opportunity', 'next_step', 'coaching') "
      " AND coalesce(e->>'text', '') <> '' ORDER BY n "
      "RETURNING id::text, kind, text, confidence",
      4, p, &res, st);
  dbf_free(js);
  if (rc)
    goto out;
  int n = PQntuples(res);
  done->insights = dbf_arena_calloc(a->c->arena, n ? (size_t)n : 1, sizeof *done->insights);
  if (!done->insights) {
    rc = dbf_fail(st, DBF_ERR_NOMEM, "out of memory");
    goto out;
  }
  for (int i = 0; i < n; i++) {
    Debrief__V1__Insight *in = dbf_arena_calloc(a->c->arena, 1, sizeof *in);
    if (!in) {
      rc = dbf_fail(st, DBF_ERR_NOMEM, "out of memory");
      goto out;
    }
    debrief__v1__insight__init(in);
    in->id = dbf_arena_strdup(a->c->arena, dbf_pg_str(res, i, 0));
    in->session_id = dbf_arena_strdup(a->c->arena, a->c->session_id);
    in->kind = insight_kind(dbf_pg_str(res, i, 1));
    in->text = dbf_arena_strdup(a->c->arena, dbf_pg_str(res, i, 2));
    in->original_text = in->text;
    const char *conf = dbf_pg_str(res, i, 3);
    in->confidence = conf ? strtod(conf, NULL) : 0;
    in->status = DEBRIEF__V1__INSIGHT_STATUS__INSIGHT_STATUS_PROPOSED;
    done->insights[done->n_insights++] = in;
  }
out:
  PQclear(res);
  return rc;
}

static dbf_err notify(dbf_tx *tx, turn_args *a, const char *kind, const char *text,
                      dbf_status *st) {
  const char *p[] = {a->c->who->user_id, kind, a->c->session_id, text};
  dbf_err rc = dbf_tx_exec(tx,
                           "WITH n AS (INSERT INTO notifications (user_id, kind, session_id, text) "
                           "VALUES ($1, $2, $3::uuid, $4) RETURNING id) "
                           "SELECT pg_notify('debrief_notifications', $1 || ':' || id) FROM n",
                           4, p, NULL, st);
  return rc;
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
  json_t *items = json_array(), *ids = json_array();
  if (!items || !ids) {
    json_decref(items);
    json_decref(ids);
    return dbf_fail(st, DBF_ERR_NOMEM, "out of memory");
  }
  dbf_err rc = DBF_OK;
  PGresult *res = NULL;
  if (key && *key) {
    /*
     * Earlier completed sessions about the same subject that the caller may
     * see (DESIGN.md section 1): a member's own, a manager's or admin's team.
     * Open items are data of those sessions, so a member never gets a
     * teammate's.
     */
    bool team_wide = a->c->who->role == DBF_ROLE_MANAGER || a->c->who->role == DBF_ROLE_ADMIN;
    const char *p[] = {key, a->c->session_id, a->c->who->user_id, team_wide ? a->team_id : ""};
    rc = dbf_tx_exec(tx,
                     "SELECT id::text, open_items, to_char(completed_at AT TIME ZONE 'UTC', "
                     " 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"') FROM sessions "
                     "WHERE subject_key = $1 AND state = 'completed' AND id <> $2::uuid "
                     " AND (owner_id = $3 OR ($4 <> '' AND team_id = $4)) "
                     "ORDER BY completed_at DESC LIMIT 3",
                     4, p, &res, st);
    for (int i = 0; !rc && i < PQntuples(res); i++) {
      json_t *oi = dbf_pg_json(res, i, 1);
      size_t j;
      json_t *it;
      json_array_foreach(oi, j, it) {
        json_t *copy = json_deep_copy(it);
        json_object_set_new(copy, "session_id", json_string(dbf_pg_str(res, i, 0)));
        json_object_set_new(copy, "complete_time", json_string(dbf_pg_str(res, i, 2)));
        json_array_append_new(items, copy);
      }
      json_decref(oi);
      json_array_append_new(ids, json_string(dbf_pg_str(res, i, 0)));
    }
  }
  PQclear(res);
  if (rc) {
    json_decref(items);
    json_decref(ids);
    return rc;
  }
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
  PGresult *res = NULL;
  const char *p[] = {a->c->who->user_id, a->c->session_id, a->client_msg_id};
  dbf_err rc = dbf_tx_exec(tx,
                           "SELECT seq FROM messages WHERE owner_id = $1 AND session_id = $2::uuid "
                           "AND client_msg_id = $3",
                           3, p, &res, st);
  *seq = !rc && PQntuples(res) == 1 ? dbf_pg_i64(res, 0, 0, 0) : 0;
  PQclear(res);
  return rc;
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
  if (rc)
    return rc;
  char lim[8];
  const char *p[] = {a->c->who->user_id, a->c->session_id,
                     int_str(lim, sizeof lim, TRANSCRIPT_MAX)};
  PGresult *res = NULL;
  rc = dbf_tx_exec(tx,
                   "SELECT coalesce(json_agg(json_build_object('role', role, 'text', text) "
                   " ORDER BY seq), '[]') FROM (SELECT seq, role, text FROM messages "
                   " WHERE owner_id = $1 AND session_id = $2::uuid AND kind IN ('question', "
                   " 'answer') ORDER BY seq DESC LIMIT $3::int) t",
                   3, p, &res, st);
  if (!rc && !(sa->transcript = dbf_pg_json(res, 0, 0)))
    rc = dbf_fail(st, DBF_ERR_NOMEM, "out of memory reading the transcript");
  PQclear(res);
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
    rnd = (uint64_t)dbf_llm_now_ms() ^ (uint64_t)a.seq << 32;
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
  char timeout[24], epoch[24];
  const char *p[] = {a->c->who->user_id, a->c->session_id,
                     int_str(timeout, sizeof timeout, a->c->app->cfg->session_timeout_s),
                     int_str(epoch, sizeof epoch, a->c->stream_epoch)};
  PGresult *res = NULL;
  dbf_err rc = dbf_tx_exec(
      tx,
      "UPDATE sessions SET last_activity_at = now(), warned_at = NULL, "
      " expires_at = CASE WHEN state IN ('active', 'paused', 'created') "
      "  THEN now() + $3::bigint * interval '1 second' ELSE expires_at END "
      "WHERE owner_id = $1 AND id = $2::uuid AND ($4::bigint = 0 OR stream_epoch = $4::bigint) "
      "RETURNING 1",
      4, p, &res, st);
  if (!rc && PQntuples(res) != 1)
    rc = dbf_fail(st, DBF_ERR_CONFLICT,
                  "another stream opened session %s; this stream no longer drives it",
                  a->c->session_id);
  PQclear(res);
  return rc;
}

dbf_err dbf_turn_heartbeat(const dbf_turn_ctx *c, dbf_status *st) {
  turn_args a = {.c = c};
  return dbf_store_tx(c->app->store, c->deadline_ms, heartbeat_tx, &a, st);
}

static int hexval(char c) {
  return c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1;
}

static dbf_err replay_tx(dbf_tx *tx, void *arg, dbf_status *st) {
  turn_args *a = arg;
  dbf_turn_result *r = a->r;
  r->n_frames = 0;
  char after[24];
  const char *p[] = {a->c->who->user_id, a->c->session_id,
                     int_str(after, sizeof after, a->after_seq)};
  PGresult *res = NULL;
  dbf_err rc = dbf_tx_exec(tx,
                           "SELECT seq, encode(frame, 'hex') FROM messages WHERE owner_id = $1 "
                           "AND session_id = $2::uuid AND seq > $3::bigint AND frame IS NOT NULL "
                           "ORDER BY seq",
                           3, p, &res, st);
  if (rc)
    goto out;
  int n = PQntuples(res);
  r->frames = dbf_arena_calloc(a->c->arena, n ? (size_t)n : 1, sizeof *r->frames);
  if (!r->frames) {
    rc = dbf_fail(st, DBF_ERR_NOMEM, "out of memory replaying frames");
    goto out;
  }
  ProtobufCAllocator pa;
  dbf_arena_protobuf_allocator(a->c->arena, &pa);
  for (int i = 0; i < n; i++) {
    const char *hex = dbf_pg_str(res, i, 1);
    size_t len = hex ? strlen(hex) / 2 : 0;
    uint8_t *bytes = dbf_arena_alloc(a->c->arena, len ? len : 1);
    if (!bytes) {
      rc = dbf_fail(st, DBF_ERR_NOMEM, "out of memory replaying frames");
      goto out;
    }
    for (size_t j = 0; j < len; j++)
      bytes[j] = (uint8_t)(hexval(hex[2 * j]) << 4 | hexval(hex[2 * j + 1]));
    Debrief__V1__ConverseResponse *f = debrief__v1__converse_response__unpack(&pa, len, bytes);
    if (!f) {
      rc = dbf_fail(st, DBF_ERR_INTERNAL, "stored frame %s of session %s is corrupt",
                    dbf_pg_str(res, i, 0), a->c->session_id);
      goto out;
    }
    f->replayed = true;
    r->frames[r->n_frames++] = f;
  }
out:
  PQclear(res);
  return rc;
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
  a.state = sess->state;
  a.record = json_deep_copy(sess->record);
  a.plan = json_deep_copy(sess->plan_state);
  a.subject = json_pack(
      "{s:s, s:s, s:s, s:O}", "kind", sess->subject_kind ? sess->subject_kind : "", "key",
      sess->subject_key ? sess->subject_key : "", "title",
      sess->subject_title ? sess->subject_title : "", "attributes", sess->subject_attributes);
  a.team_id = dbf_strdup(sess->team_id ? sess->team_id : "");
  a.seq = sess->last_seq;
  a.turns = sess->turn_count;
  dbf_err rc = dbf_tplcache_get(app, tx, sess->template_slug, sess->template_version, &a.tpl, st);
  if (!rc && (!a.record || !a.plan || !a.subject || !a.team_id))
    rc = dbf_fail(st, DBF_ERR_NOMEM, "out of memory");
  if (!rc)
    rc = complete(tx, &a, DEBRIEF__V1__COMPLETION_REASON__COMPLETION_REASON_REQUESTED,
                  "completed on request", st);
  if (!rc) {
    char seq[24];
    char *items = json_dumps(a.open_items, JSON_COMPACT);
    const char *p[] = {sess->owner_id, sess->id, int_str(seq, sizeof seq, a.seq), items};
    rc = items ? dbf_tx_exec(tx,
                             "UPDATE sessions SET last_seq = $3::bigint, open_items = $4::jsonb "
                             "WHERE owner_id = $1 AND id = $2::uuid",
                             4, p, NULL, st)
               : dbf_fail(st, DBF_ERR_NOMEM, "out of memory");
    dbf_free(items);
  }
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
  char seq[24];
  const char *p[] = {a->c->who->user_id, a->c->session_id, int_str(seq, sizeof seq, a->seq)};
  rc = dbf_tx_exec(tx,
                   "UPDATE sessions SET last_seq = $3::bigint, warned_at = now(), "
                   " version = version + 1, updated_at = now() "
                   "WHERE owner_id = $1 AND id = $2::uuid",
                   3, p, NULL, st);
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
  char seq[24];
  const char *p[] = {a->c->who->user_id, a->c->session_id, int_str(seq, sizeof seq, a->seq),
                     a->end_reason};
  rc = dbf_tx_exec(tx,
                   "UPDATE sessions SET state = 'expired', last_seq = $3::bigint, "
                   " end_reason = $4, version = version + 1, updated_at = now() "
                   "WHERE owner_id = $1 AND id = $2::uuid",
                   4, p, NULL, st);
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
  dbf_err rc = dbf_tx_exec(tx, "SAVEPOINT sweep_one", 0, NULL, NULL, st);
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
    return dbf_tx_exec(tx, "ROLLBACK TO SAVEPOINT sweep_one", 0, NULL, NULL, st);
  }
  if (r->n_frames) {
    dbf_turn_swept *e = &s->out[s->n_out++];
    snprintf(e->session_id, sizeof e->session_id, "%s", sid);
    e->frames = r->frames;
    e->n_frames = r->n_frames;
  }
  return dbf_tx_exec(tx, "RELEASE SAVEPOINT sweep_one", 0, NULL, NULL, st);
}

static dbf_err sweep_tx(dbf_tx *tx, void *arg, dbf_status *st) {
  sweep_args *s = arg;
  PGresult *res = NULL;
  s->n_out = 0; /* a re-run attempt starts over; its arena leftovers are harmless */
  char limit[16], idle[24];
  snprintf(limit, sizeof limit, "%d", s->batch);
  const char *p[] = {limit, int_str(idle, sizeof idle, s->app->cfg->inactivity_warn_s)};
  /* SKIP LOCKED: rows a turn or another sweeper holds are left for a later tick. */
  dbf_err rc = dbf_tx_exec(
      tx,
      s->expire ? "SELECT owner_id, id::text FROM sessions "
                  "WHERE state IN ('created', 'active', 'paused') AND expires_at < now() "
                  "ORDER BY expires_at LIMIT $1::int FOR UPDATE SKIP LOCKED"
                : "SELECT owner_id, id::text FROM sessions "
                  "WHERE state IN ('active', 'paused') AND warned_at IS NULL "
                  " AND last_activity_at < now() - $2::bigint * interval '1 second' "
                  " AND (expires_at IS NULL OR expires_at > now()) "
                  "ORDER BY last_activity_at LIMIT $1::int FOR UPDATE SKIP LOCKED",
      s->expire ? 1 : 2, p, &res, st);
  if (rc)
    goto out;
  int n = PQntuples(res);
  if (n && !s->out && !(s->out = dbf_arena_calloc(s->arena, (size_t)s->batch, sizeof *s->out))) {
    rc = dbf_fail(st, DBF_ERR_NOMEM, "out of memory sweeping sessions");
    goto out;
  }
  for (int i = 0; !rc && i < n && i < s->batch; i++)
    rc = sweep_one(tx, s, dbf_pg_str(res, i, 0), dbf_pg_str(res, i, 1), st);
out:
  PQclear(res);
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
