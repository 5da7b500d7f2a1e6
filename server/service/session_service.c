/*
 * session_service.c - debrief.v1.SessionService: create, read, list and
 * move sessions through their lifecycle, and read their transcript.
 *
 * Handlers validate every input with a message a person can act on, map
 * the caller's principal to a store viewer (the store enforces visibility
 * in SQL, so another user's session is NOT_FOUND), call the store with the
 * call's deadline, and convert the result into call-arena protobufs.
 */
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "debrief/v1/session_service.pb-c.h"
#include "engine/engine.h"
#include "engine/template.h"
#include "service/validate.h"
#include "service/app.h"
#include "service/pbjson.h"
#include "service/services.h"
#include "service/turn.h"
#include "store/store.h"

#define MAX_SLUG_LEN          64
#define MAX_SUBJECT_KIND_LEN  64
#define MAX_SUBJECT_KEY_LEN   256
#define MAX_SUBJECT_TITLE_LEN 512
#define MAX_REQUEST_ID_LEN    128
#define MAX_REASON_LEN        1000
#define MAX_ID_LEN            128
#define MAX_PAGE_TOKEN_LEN    600
#define LIST_DEFAULT_PAGE     20
#define LIST_MAX_PAGE         100
#define HISTORY_DEFAULT_PAGE  100
#define HISTORY_MAX_PAGE      500

/* ---- validation helpers ---- */

static dbf_err check_slug(const char *what, const char *s, dbf_status *st) {
  if (!s || !*s)
    return dbf_fail(st, DBF_ERR_INVALID, "%s is required, e.g. 'sales_debrief'", what);
  size_t n = strnlen(s, MAX_SLUG_LEN + 1);
  bool ok = n <= MAX_SLUG_LEN - 1 && s[0] >= 'a' && s[0] <= 'z';
  for (size_t i = 0; ok && i < n; i++)
    ok = (s[i] >= 'a' && s[i] <= 'z') || (s[i] >= '0' && s[i] <= '9') || s[i] == '_';
  if (!ok)
    return dbf_fail(st, DBF_ERR_INVALID,
                    "%s must be a lowercase identifier (a-z, 0-9, _; starting with a letter; "
                    "at most %d characters), got '%.64s'",
                    what, MAX_SLUG_LEN - 1, s);
  return DBF_OK;
}

static dbf_err page_size(const char *what, int32_t v, int def, int max, int *out, dbf_status *st) {
  if (v == 0) {
    *out = def;
    return DBF_OK;
  }
  if (v < 1 || v > max)
    return dbf_fail(st, DBF_ERR_INVALID, "%s must be between 1 and %d (0 means %d), got %d", what,
                    max, def, v);
  *out = v;
  return DBF_OK;
}

static dbf_err check_version(int64_t v, dbf_status *st) {
  if (v < 0)
    return dbf_fail(st, DBF_ERR_INVALID,
                    "expected_version must be 0 (any) or a version read from the session, got "
                    "%" PRId64,
                    v);
  return DBF_OK;
}

/* ---- conversions to protobuf (call arena) ---- */

static Debrief__V1__ExtractionSource source_of(const char *s) {
  if (!s)
    return DEBRIEF__V1__EXTRACTION_SOURCE__EXTRACTION_SOURCE_UNSPECIFIED;
  if (!strcmp(s, "rule"))
    return DEBRIEF__V1__EXTRACTION_SOURCE__EXTRACTION_SOURCE_RULE;
  if (!strcmp(s, "llm"))
    return DEBRIEF__V1__EXTRACTION_SOURCE__EXTRACTION_SOURCE_LLM;
  if (!strcmp(s, "user"))
    return DEBRIEF__V1__EXTRACTION_SOURCE__EXTRACTION_SOURCE_USER;
  return DEBRIEF__V1__EXTRACTION_SOURCE__EXTRACTION_SOURCE_UNSPECIFIED;
}

/* The record (extract.h shape) as FieldValue entries. */
static dbf_err extracted_pb(dbf_arena *a, const json_t *record, Debrief__V1__Session *out,
                            dbf_status *st) {
  size_t n = json_object_size(record);
  if (!n)
    return DBF_OK;
  out->extracted = dbf_arena_calloc(a, n, sizeof *out->extracted);
  if (!out->extracted)
    return dbf_svc_nomem(st);
  const char *key;
  json_t *e;
  json_object_foreach((json_t *)record, key, e) {
    if (!json_is_object(e))
      continue;
    Debrief__V1__FieldValue *fv = dbf_arena_alloc(a, sizeof *fv);
    if (!fv)
      return dbf_svc_nomem(st);
    debrief__v1__field_value__init(fv);
    if (!(fv->key = dbf_svc_str(a, key)))
      return dbf_svc_nomem(st);
    json_t *v = json_object_get(e, "value");
    json_t *nul = NULL;
    if (!v)
      v = nul = json_null();
    dbf_err rc = dbf_pbjson_to_value(a, v, "extracted value", &fv->value, st);
    json_decref(nul);
    if (rc)
      return rc;
    fv->confidence = json_number_value(json_object_get(e, "confidence"));
    fv->evidence_seq = (int64_t)json_integer_value(json_object_get(e, "evidence_seq"));
    fv->source = source_of(json_string_value(json_object_get(e, "source")));
    json_t *u = json_object_get(e, "updated_us");
    if (json_is_integer(u))
      fv->update_time = dbf_pbjson_timestamp(a, (int64_t)json_integer_value(u));
    out->extracted[out->n_extracted++] = fv;
  }
  return DBF_OK;
}

static dbf_err question_pb(dbf_arena *a, const json_t *q, Debrief__V1__Question **out,
                           dbf_status *st) {
  *out = NULL;
  if (!json_is_object(q))
    return DBF_OK;
  Debrief__V1__Question *pq = dbf_arena_alloc(a, sizeof *pq);
  if (!pq)
    return dbf_svc_nomem(st);
  debrief__v1__question__init(pq);
  pq->question_id = dbf_svc_str(a, json_string_value(json_object_get(q, "question_id")));
  pq->seq = (int64_t)json_integer_value(json_object_get(q, "seq"));
  pq->text = dbf_svc_str(a, json_string_value(json_object_get(q, "text")));
  pq->follow_up = json_is_true(json_object_get(q, "follow_up"));
  pq->engine = dbf_svc_str(a, json_string_value(json_object_get(q, "engine")));
  json_t *tf = json_object_get(q, "target_fields");
  size_t n = json_array_size(tf);
  if (n && !(pq->target_fields = dbf_arena_calloc(a, n, sizeof *pq->target_fields)))
    return dbf_svc_nomem(st);
  for (size_t i = 0; i < n; i++)
    if (!(pq->target_fields[pq->n_target_fields++] =
              dbf_svc_str(a, json_string_value(json_array_get(tf, i)))))
      return dbf_svc_nomem(st);
  if (!pq->question_id || !pq->text || !pq->engine)
    return dbf_svc_nomem(st);
  *out = pq;
  return DBF_OK;
}

/* Exported for the other services (conversation, export) via services.h. */
dbf_err dbf_session_to_pb(dbf_arena *a, const dbf_session *s, Debrief__V1__Session **out,
                          dbf_status *st) {
  dbf_err rc;
  Debrief__V1__Session *p = dbf_arena_alloc(a, sizeof *p);
  Debrief__V1__Subject *subj = dbf_arena_alloc(a, sizeof *subj);
  if (!p || !subj)
    return dbf_svc_nomem(st);
  debrief__v1__session__init(p);
  debrief__v1__subject__init(subj);
  p->id = dbf_svc_str(a, s->id);
  p->template_slug = dbf_svc_str(a, s->template_slug);
  p->template_version = s->template_version;
  p->owner_id = dbf_svc_str(a, s->owner_id);
  p->team_id = dbf_svc_str(a, s->team_id);
  subj->kind = dbf_svc_str(a, s->subject_kind);
  subj->key = dbf_svc_str(a, s->subject_key);
  subj->title = dbf_svc_str(a, s->subject_title);
  if (!p->id || !p->template_slug || !p->owner_id || !p->team_id || !subj->kind || !subj->key ||
      !subj->title)
    return dbf_svc_nomem(st);
  if (json_object_size(s->subject_attributes) &&
      (rc = dbf_pbjson_to_struct(a, s->subject_attributes, "subject.attributes", &subj->attributes,
                                 st)))
    return rc;
  p->subject = subj;
  p->state = (Debrief__V1__SessionState)s->state;
  p->create_time = dbf_pbjson_timestamp(a, s->create_us);
  p->update_time = dbf_pbjson_timestamp(a, s->update_us);
  p->start_time = dbf_pbjson_timestamp(a, s->start_us);
  p->complete_time = dbf_pbjson_timestamp(a, s->complete_us);
  p->last_activity_time = dbf_pbjson_timestamp(a, s->last_activity_us);
  p->expire_time = dbf_pbjson_timestamp(a, s->expire_us);
  p->turn_count = s->turn_count;
  p->version = s->version;
  p->last_seq = s->last_seq;
  if ((rc = extracted_pb(a, s->record, p, st)))
    return rc;
  if (json_is_object(s->summary) &&
      (rc = dbf_pbjson_to_struct(a, s->summary, "summary", &p->summary, st)))
    return rc;
  if ((rc = question_pb(a, s->pending_question, &p->pending_question, st)))
    return rc;
  if (s->n_context_session_ids) {
    p->context_session_ids =
        dbf_arena_calloc(a, s->n_context_session_ids, sizeof *p->context_session_ids);
    if (!p->context_session_ids)
      return dbf_svc_nomem(st);
    for (size_t i = 0; i < s->n_context_session_ids; i++)
      if (!(p->context_session_ids[p->n_context_session_ids++] =
                dbf_svc_str(a, s->context_session_ids[i])))
        return dbf_svc_nomem(st);
  }
  if (!(p->end_reason = dbf_svc_str(a, s->end_reason)))
    return dbf_svc_nomem(st);
  *out = p;
  return DBF_OK;
}

static Debrief__V1__MessageRole role_of(const char *s) {
  if (s && !strcmp(s, "assistant"))
    return DEBRIEF__V1__MESSAGE_ROLE__MESSAGE_ROLE_ASSISTANT;
  if (s && !strcmp(s, "user"))
    return DEBRIEF__V1__MESSAGE_ROLE__MESSAGE_ROLE_USER;
  if (s && !strcmp(s, "system"))
    return DEBRIEF__V1__MESSAGE_ROLE__MESSAGE_ROLE_SYSTEM;
  return DEBRIEF__V1__MESSAGE_ROLE__MESSAGE_ROLE_UNSPECIFIED;
}

static Debrief__V1__MessageKind kind_of(const char *s) {
  if (s && !strcmp(s, "question"))
    return DEBRIEF__V1__MESSAGE_KIND__MESSAGE_KIND_QUESTION;
  if (s && !strcmp(s, "answer"))
    return DEBRIEF__V1__MESSAGE_KIND__MESSAGE_KIND_ANSWER;
  if (s && !strcmp(s, "note"))
    return DEBRIEF__V1__MESSAGE_KIND__MESSAGE_KIND_NOTE;
  if (s && !strcmp(s, "summary"))
    return DEBRIEF__V1__MESSAGE_KIND__MESSAGE_KIND_SUMMARY;
  return DEBRIEF__V1__MESSAGE_KIND__MESSAGE_KIND_UNSPECIFIED;
}

static dbf_err message_pb(dbf_arena *a, const char *session_id, const dbf_message *m,
                          Debrief__V1__Message **out, dbf_status *st) {
  Debrief__V1__Message *p = dbf_arena_alloc(a, sizeof *p);
  if (!p)
    return dbf_svc_nomem(st);
  debrief__v1__message__init(p);
  p->session_id = dbf_svc_str(a, session_id);
  p->seq = m->seq;
  p->role = role_of(m->role);
  p->kind = kind_of(m->kind);
  p->text = dbf_svc_str(a, m->text);
  p->question_id = dbf_svc_str(a, m->question_id);
  p->client_msg_id = dbf_svc_str(a, m->client_msg_id);
  if (!p->session_id || !p->text || !p->question_id || !p->client_msg_id)
    return dbf_svc_nomem(st);
  if (m->n_target_fields) {
    p->target_fields = dbf_arena_calloc(a, m->n_target_fields, sizeof *p->target_fields);
    if (!p->target_fields)
      return dbf_svc_nomem(st);
    for (size_t i = 0; i < m->n_target_fields; i++)
      if (!(p->target_fields[p->n_target_fields++] = dbf_svc_str(a, m->target_fields[i])))
        return dbf_svc_nomem(st);
  }
  if (m->provider) {
    Debrief__V1__Usage *u = dbf_arena_alloc(a, sizeof *u);
    if (!u)
      return dbf_svc_nomem(st);
    debrief__v1__usage__init(u);
    u->provider = dbf_svc_str(a, m->provider);
    u->model = dbf_svc_str(a, m->model);
    u->tokens_in = m->tokens_in;
    u->tokens_out = m->tokens_out;
    u->latency_ms = m->latency_ms;
    u->first_token_ms = m->first_token_ms;
    u->fallback = m->fallback;
    if (!u->provider || !u->model)
      return dbf_svc_nomem(st);
    p->usage = u;
  }
  p->create_time = dbf_pbjson_timestamp(a, m->create_us);
  *out = p;
  return DBF_OK;
}

/* ---- handlers ---- */

/*
 * The bytes a list page may fill, packed and in the call's memory. Rows are
 * only as large as the value limits allow, but a page of many rows could
 * still pass the message size or the call arena, and then the whole call
 * would fail: whoever stored large values could break the page of everyone
 * who sees them (a manager's team list). A page that would pass this budget
 * ends early instead, and its next_page_token continues from there; one
 * row always fits.
 */
static size_t page_budget(const dbf_app *app) {
  return (size_t)app->cfg->max_message_bytes / 4 * 3;
}

#define REQ(type) const type *req = (const type *)req_
#define NEW_RESP(type, init, var)                                                                  \
  type *var = dbf_arena_alloc(dbf_call_arena(call), sizeof *var);                                  \
  if (!var)                                                                                        \
    return dbf_svc_nomem(st);                                                                      \
  init(var)

static dbf_err create_session(dbf_call *call, const ProtobufCMessage *req_, ProtobufCMessage **resp,
                              dbf_status *st) {
  REQ(Debrief__V1__CreateSessionRequest);
  dbf_app *app = dbf_service_app(call);
  dbf_store_viewer who;
  dbf_session *s = NULL;
  json_t *attrs = NULL;
  dbf_err rc;
  who = dbf_service_viewer(call);

  if ((rc = check_slug("template_slug", req->template_slug, st)))
    return rc;
  if (req->template_version < 0)
    return dbf_fail(st, DBF_ERR_INVALID,
                    "template_version must be 0 (the latest) or a stored version, got %d",
                    req->template_version);
  if ((rc = dbf_svc_check_len("request_id", req->request_id, MAX_REQUEST_ID_LEN, st)))
    return rc;
  const Debrief__V1__Subject *subj = req->subject;
  if (subj && ((rc = dbf_svc_check_len("subject.kind", subj->kind, MAX_SUBJECT_KIND_LEN, st)) ||
               (rc = dbf_svc_check_len("subject.key", subj->key, MAX_SUBJECT_KEY_LEN, st)) ||
               (rc = dbf_svc_check_len("subject.title", subj->title, MAX_SUBJECT_TITLE_LEN, st))))
    return rc;
  if (subj && subj->attributes) {
    rc = dbf_pbjson_from_struct(subj->attributes, "subject.attributes", &attrs, st);
    if (rc)
      goto out;
    rc = dbf_svc_check_json_size("subject.attributes", attrs, DBF_MAX_ATTRIBUTES_BYTES, st);
    if (rc)
      goto out;
  }
  dbf_session_new in = {
      .template_slug = req->template_slug,
      .template_version = req->template_version,
      .subject_kind = subj ? subj->kind : NULL,
      .subject_key = subj ? subj->key : NULL,
      .subject_title = subj ? subj->title : NULL,
      .subject_attributes = attrs,
      .request_id = req->request_id,
  };
  rc = dbf_store_session_create(app->store, dbf_call_deadline_ms(call), &who, &in, &s, NULL, st);
  if (rc)
    goto out;
  Debrief__V1__CreateSessionResponse *r = dbf_arena_alloc(dbf_call_arena(call), sizeof *r);
  if (!r) {
    rc = dbf_svc_nomem(st);
    goto out;
  }
  debrief__v1__create_session_response__init(r);
  rc = dbf_session_to_pb(dbf_call_arena(call), s, &r->session, st);
  if (!rc)
    *resp = &r->base;
out:
  json_decref(attrs);
  dbf_session_free(s);
  return rc;
}

static dbf_err get_session(dbf_call *call, const ProtobufCMessage *req_, ProtobufCMessage **resp,
                           dbf_status *st) {
  REQ(Debrief__V1__GetSessionRequest);
  dbf_app *app = dbf_service_app(call);
  dbf_store_viewer who;
  dbf_session *s = NULL;
  dbf_err rc = dbf_svc_check_uuid("session_id", req->session_id, true, st);
  if (rc)
    return rc;
  who = dbf_service_viewer(call);
  rc = dbf_store_session_get(app->store, dbf_call_deadline_ms(call), &who, req->session_id, &s, st);
  if (rc)
    return rc;
  NEW_RESP(Debrief__V1__GetSessionResponse, debrief__v1__get_session_response__init, r);
  rc = dbf_session_to_pb(dbf_call_arena(call), s, &r->session, st);
  dbf_session_free(s);
  if (!rc)
    *resp = &r->base;
  return rc;
}

dbf_err dbf_session_states_in(const Debrief__V1__SessionState *in, size_t n, dbf_session_state *out,
                              size_t max, dbf_status *st) {
  if (n > max)
    return dbf_fail(st, DBF_ERR_INVALID, "states may list at most %zu states", max);
  for (size_t i = 0; i < n; i++) {
    int v = (int)in[i];
    if (v < DBF_SESSION_CREATED || v > DBF_SESSION_CANCELLED)
      return dbf_fail(st, DBF_ERR_INVALID,
                      "states[%zu] must be a SessionState from SESSION_STATE_CREATED (1) to "
                      "SESSION_STATE_CANCELLED (6), got %d",
                      i, v);
    out[i] = (dbf_session_state)v;
  }
  return DBF_OK;
}

dbf_err dbf_session_period_in(const Google__Protobuf__Timestamp *after,
                              const Google__Protobuf__Timestamp *before, dbf_session_filter *f,
                              dbf_status *st) {
  dbf_err rc;
  if ((rc = dbf_pbjson_timestamp_us(after, "created_after", &f->created_after_us, st)) ||
      (rc = dbf_pbjson_timestamp_us(before, "created_before", &f->created_before_us, st)))
    return rc;
  if (f->created_after_us && f->created_before_us && f->created_after_us >= f->created_before_us)
    return dbf_fail(st, DBF_ERR_INVALID, "created_after must be earlier than created_before");
  return DBF_OK;
}

static dbf_err list_sessions(dbf_call *call, const ProtobufCMessage *req_, ProtobufCMessage **resp,
                             dbf_status *st) {
  REQ(Debrief__V1__ListSessionsRequest);
  dbf_app *app = dbf_service_app(call);
  dbf_arena *a = dbf_call_arena(call);
  dbf_store_viewer who;
  dbf_session_filter f = {0};
  dbf_session_page page = {0};
  dbf_session_state states[16];
  dbf_err rc;
  who = dbf_service_viewer(call);

  if ((rc = page_size("page_size", req->page_size, LIST_DEFAULT_PAGE, LIST_MAX_PAGE, &f.page_size,
                      st)))
    return rc;
  if ((rc = dbf_svc_check_len("page_token", req->page_token, MAX_PAGE_TOKEN_LEN, st)))
    return rc;
  if ((rc = dbf_session_states_in(req->states, req->n_states, states, DBF_ARRAY_LEN(states), st)))
    return rc;
  f.states = states;
  f.n_states = req->n_states;
  if (req->template_slug && *req->template_slug &&
      (rc = check_slug("template_slug", req->template_slug, st)))
    return rc;
  if ((rc = dbf_svc_check_len("subject_key", req->subject_key, MAX_SUBJECT_KEY_LEN, st)) ||
      (rc = dbf_svc_check_len("owner_id", req->owner_id, MAX_ID_LEN, st)))
    return rc;
  f.template_slug = req->template_slug;
  f.subject_key = req->subject_key;
  f.owner_id = req->owner_id;
  f.page_token = req->page_token;
  if ((rc = dbf_session_period_in(req->created_after, req->created_before, &f, st)))
    return rc;

  rc = dbf_store_session_list(app->store, dbf_call_deadline_ms(call), &who, &f, &page, st);
  if (rc)
    return rc;
  Debrief__V1__ListSessionsResponse *r = dbf_arena_alloc(a, sizeof *r);
  if (!r) {
    rc = dbf_svc_nomem(st);
    goto out;
  }
  debrief__v1__list_sessions_response__init(r);
  if (page.n && !(r->sessions = dbf_arena_calloc(a, page.n, sizeof *r->sessions))) {
    rc = dbf_svc_nomem(st);
    goto out;
  }
  size_t budget = page_budget(app), used = 0;
  for (size_t i = 0; i < page.n; i++) {
    rc = dbf_session_to_pb(a, page.items[i], &r->sessions[i], st);
    if (!rc)
      used += protobuf_c_message_get_packed_size(&r->sessions[i]->base);
    if (i > 0 && (rc == DBF_ERR_NOMEM || used > budget || dbf_arena_used(a) > budget)) {
      rc = dbf_session_page_truncate(&page, i, st); /* this one starts the next page */
      if (rc)
        goto out;
      dbf_status_clear(st);
      break;
    }
    if (rc)
      goto out;
    r->n_sessions++;
  }
  if (!(r->next_page_token = dbf_svc_str(a, page.next_page_token))) {
    rc = dbf_svc_nomem(st);
    goto out;
  }
  *resp = &r->base;
out:
  dbf_session_page_free(&page);
  return rc;
}

/*
 * The engine's completion hook, run inside the COMPLETE transaction with the
 * session locked: turn.c builds the summary, stores the insights, open items
 * and the completed frame, so all of it commits atomically with the state
 * change. The summary lists the required fields still missing.
 */
typedef struct complete_ctx {
  dbf_app *app;
  json_t *missing; /* new reference: required fields not yet filled */
} complete_ctx;

static dbf_err session_complete_hook(dbf_tx *tx, const dbf_session *sess, void *arg,
                                     json_t **summary, dbf_status *st) {
  complete_ctx *ctx = arg;
  json_decref(ctx->missing); /* the transaction may be re-run */
  ctx->missing = NULL;
  *summary = NULL;
  dbf_err rc = dbf_turn_complete_hook(tx, sess, ctx->app, summary, st);
  if (!rc)
    ctx->missing = json_incref(json_object_get(*summary, "missing_fields"));
  return rc;
}

typedef struct transition_req {
  const char *session_id;
  int64_t expected_version;
  const char *reason;
} transition_req;

static dbf_err do_transition(dbf_call *call, dbf_session_action action, const transition_req *in,
                             Debrief__V1__Session **out, complete_ctx *cctx, dbf_status *st) {
  dbf_app *app = dbf_service_app(call);
  dbf_store_viewer who;
  dbf_session *s = NULL;
  dbf_err rc = dbf_svc_check_uuid("session_id", in->session_id, true, st);
  if (rc)
    return rc;
  if ((rc = check_version(in->expected_version, st)) ||
      (rc = dbf_svc_check_len("reason", in->reason, MAX_REASON_LEN, st)))
    return rc;
  who = dbf_service_viewer(call);
  dbf_session_transition t = {
      .action = action,
      .expected_version = in->expected_version,
      .reason = in->reason,
      .on_complete = cctx ? session_complete_hook : NULL,
      .on_complete_arg = cctx,
  };
  rc = dbf_store_session_transition(app->store, dbf_call_deadline_ms(call), &who, in->session_id,
                                    &t, &s, st);
  if (rc)
    return rc;
  rc = dbf_session_to_pb(dbf_call_arena(call), s, out, st);
  dbf_session_free(s);
  return rc;
}

static dbf_err pause_session(dbf_call *call, const ProtobufCMessage *req_, ProtobufCMessage **resp,
                             dbf_status *st) {
  REQ(Debrief__V1__PauseSessionRequest);
  NEW_RESP(Debrief__V1__PauseSessionResponse, debrief__v1__pause_session_response__init, r);
  transition_req in = {req->session_id, req->expected_version, NULL};
  dbf_err rc = do_transition(call, DBF_SESSION_PAUSE, &in, &r->session, NULL, st);
  if (!rc)
    *resp = &r->base;
  return rc;
}

static dbf_err resume_session(dbf_call *call, const ProtobufCMessage *req_, ProtobufCMessage **resp,
                              dbf_status *st) {
  REQ(Debrief__V1__ResumeSessionRequest);
  NEW_RESP(Debrief__V1__ResumeSessionResponse, debrief__v1__resume_session_response__init, r);
  transition_req in = {req->session_id, req->expected_version, NULL};
  dbf_err rc = do_transition(call, DBF_SESSION_RESUME, &in, &r->session, NULL, st);
  if (!rc)
    *resp = &r->base;
  return rc;
}

static dbf_err complete_session(dbf_call *call, const ProtobufCMessage *req_,
                                ProtobufCMessage **resp, dbf_status *st) {
  REQ(Debrief__V1__CompleteSessionRequest);
  dbf_arena *a = dbf_call_arena(call);
  complete_ctx cctx = {.app = dbf_service_app(call)};
  NEW_RESP(Debrief__V1__CompleteSessionResponse, debrief__v1__complete_session_response__init, r);
  transition_req in = {req->session_id, req->expected_version, NULL};
  dbf_err rc = do_transition(call, DBF_SESSION_COMPLETE, &in, &r->session, &cctx, st);
  if (rc)
    goto out;
  size_t n = json_array_size(cctx.missing);
  if (n && !(r->missing_fields = dbf_arena_calloc(a, n, sizeof *r->missing_fields))) {
    rc = dbf_svc_nomem(st);
    goto out;
  }
  for (size_t i = 0; i < n; i++) {
    const char *k = json_string_value(json_array_get(cctx.missing, i));
    if (!k)
      continue;
    if (!(r->missing_fields[r->n_missing_fields++] = dbf_svc_str(a, k))) {
      rc = dbf_svc_nomem(st);
      goto out;
    }
  }
  *resp = &r->base;
out:
  json_decref(cctx.missing);
  return rc;
}

static dbf_err cancel_session(dbf_call *call, const ProtobufCMessage *req_, ProtobufCMessage **resp,
                              dbf_status *st) {
  REQ(Debrief__V1__CancelSessionRequest);
  NEW_RESP(Debrief__V1__CancelSessionResponse, debrief__v1__cancel_session_response__init, r);
  transition_req in = {req->session_id, req->expected_version, req->reason};
  dbf_err rc = do_transition(call, DBF_SESSION_CANCEL, &in, &r->session, NULL, st);
  if (!rc)
    *resp = &r->base;
  return rc;
}

static dbf_err recover_session(dbf_call *call, const ProtobufCMessage *req_,
                               ProtobufCMessage **resp, dbf_status *st) {
  REQ(Debrief__V1__RecoverSessionRequest);
  NEW_RESP(Debrief__V1__RecoverSessionResponse, debrief__v1__recover_session_response__init, r);
  transition_req in = {req->session_id, req->expected_version, NULL};
  dbf_err rc = do_transition(call, DBF_SESSION_RECOVER, &in, &r->session, NULL, st);
  if (!rc)
    *resp = &r->base;
  return rc;
}

static dbf_err get_session_history(dbf_call *call, const ProtobufCMessage *req_,
                                   ProtobufCMessage **resp, dbf_status *st) {
  REQ(Debrief__V1__GetSessionHistoryRequest);
  dbf_app *app = dbf_service_app(call);
  dbf_arena *a = dbf_call_arena(call);
  dbf_store_viewer who;
  dbf_message_page page = {0};
  int size = 0;
  dbf_err rc = dbf_svc_check_uuid("session_id", req->session_id, true, st);
  if (rc)
    return rc;
  if ((rc = page_size("page_size", req->page_size, HISTORY_DEFAULT_PAGE, HISTORY_MAX_PAGE, &size,
                      st)) ||
      (rc = dbf_svc_check_len("page_token", req->page_token, MAX_PAGE_TOKEN_LEN, st)))
    return rc;
  if (req->after_seq < 0)
    return dbf_fail(st, DBF_ERR_INVALID, "after_seq must be 0 or a seq already seen, got %" PRId64,
                    req->after_seq);
  who = dbf_service_viewer(call);
  rc = dbf_store_session_history(app->store, dbf_call_deadline_ms(call), &who, req->session_id,
                                 req->after_seq, true, size, req->page_token, &page, st);
  if (rc)
    return rc;
  Debrief__V1__GetSessionHistoryResponse *r = dbf_arena_alloc(a, sizeof *r);
  if (!r) {
    rc = dbf_svc_nomem(st);
    goto out;
  }
  debrief__v1__get_session_history_response__init(r);
  if (page.n && !(r->messages = dbf_arena_calloc(a, page.n, sizeof *r->messages))) {
    rc = dbf_svc_nomem(st);
    goto out;
  }
  size_t budget = page_budget(app), used = 0;
  for (size_t i = 0; i < page.n; i++) {
    rc = message_pb(a, req->session_id, &page.items[i], &r->messages[i], st);
    if (!rc)
      used += protobuf_c_message_get_packed_size(&r->messages[i]->base);
    if (i > 0 && (rc == DBF_ERR_NOMEM || used > budget || dbf_arena_used(a) > budget)) {
      rc = dbf_message_page_truncate(&page, i, st); /* this one starts the next page */
      if (rc)
        goto out;
      dbf_status_clear(st);
      break;
    }
    if (rc)
      goto out;
    r->n_messages++;
  }
  if (!(r->next_page_token = dbf_svc_str(a, page.next_page_token))) {
    rc = dbf_svc_nomem(st);
    goto out;
  }
  *resp = &r->base;
out:
  dbf_message_page_free(&page);
  return rc;
}

/* ---- registration ---- */

#define SESSION_METHOD(name, fn, req, resp)                                                        \
  {                                                                                                \
    .path = "/debrief.v1.SessionService/" name, .kind = DBF_RPC_UNARY,                             \
    .request = &debrief__v1__##req##__descriptor, .response = &debrief__v1__##resp##__descriptor,  \
    .unary = fn, .policy = DBF_POLICY_MEMBER,                                                      \
  }

/* Not const: register stores the app in .data. */
static dbf_method session_methods[] = {
    SESSION_METHOD("CreateSession", create_session, create_session_request,
                   create_session_response),
    SESSION_METHOD("GetSession", get_session, get_session_request, get_session_response),
    SESSION_METHOD("ListSessions", list_sessions, list_sessions_request, list_sessions_response),
    SESSION_METHOD("PauseSession", pause_session, pause_session_request, pause_session_response),
    SESSION_METHOD("ResumeSession", resume_session, resume_session_request,
                   resume_session_response),
    SESSION_METHOD("CompleteSession", complete_session, complete_session_request,
                   complete_session_response),
    SESSION_METHOD("CancelSession", cancel_session, cancel_session_request,
                   cancel_session_response),
    SESSION_METHOD("RecoverSession", recover_session, recover_session_request,
                   recover_session_response),
    SESSION_METHOD("GetSessionHistory", get_session_history, get_session_history_request,
                   get_session_history_response),
};

dbf_err dbf_session_service_register(dbf_app *app, dbf_server *srv, dbf_status *st) {
  for (size_t i = 0; i < DBF_ARRAY_LEN(session_methods); i++)
    session_methods[i].data = app;
  return dbf_server_add_methods(srv, session_methods, DBF_ARRAY_LEN(session_methods), st);
}
