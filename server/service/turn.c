/*
 * turn.c - the transactional steps of an interview (see turn.h and, for
 * the shape every step follows, turn_int.h): the runner that wraps a
 * locked step in dbf_store_tx, and one body per step (open, answer,
 * control, edit, heartbeat, replay, the CompleteSession hook) with the
 * completion and planning they share. The row lives in turn_row.c, the
 * frames in turn_frames.c.
 */
#include "service/turn_int.h"

#include "service/crm.h"

#include <inttypes.h>
#include <stdio.h>
#include <string.h>

/* ---- the runner ---- */

/*
 * Runs the locked step fn over a in one transaction (dbf_store_tx may run
 * it more than once) and hands its frames to r only if it committed.
 */
static dbf_err run(const dbf_turn_ctx *c, dbf__turn_args *a, dbf_tx_fn fn, dbf_turn_result *r,
                   dbf_status *st) {
  a->c = c;
  a->r = r;
  dbf_err rc = dbf_store_tx(c->app->store, c->deadline_ms, fn, a, st);
  r->state = a->state;
  dbf__args_release(a);
  if (rc)
    r->n_frames = 0;
  return rc;
}

/* ---- shared by the steps: completion and planning ---- */

/*
 * The model's prepared output for this answer, when it was made from the
 * row as it still is; NULL otherwise (then the offline engine's output
 * stands).
 */
static const dbf_turn_llm *fresh_llm(const dbf__turn_args *a) {
  const dbf_turn_llm *l = a->c->llm;
  return l && l->used && l->version == a->version ? l : NULL;
}

/* Metadata for output the offline engine produced in this step. */
static dbf_turn_usage engine_usage(const dbf__turn_args *a) {
  dbf_turn_usage u = dbf__offline_usage;
  u.fallback = a->c->llm && a->c->llm->used;
  return u;
}

/*
 * Completes the locked session: summary, insights, open items, the state
 * and completed frames, and notifications.
 */
static dbf_err complete(dbf_tx *tx, dbf__turn_args *a, Debrief__V1__CompletionReason reason,
                        const char *reason_text, dbf_status *st) {
  dbf_err rc = DBF_OK;
  json_t *missing = NULL, *insights = NULL;
  dbf_completion_check(a->tpl, a->record, a->turns, &missing);
  const dbf_turn_llm *l = fresh_llm(a);
  dbf_turn_usage usage = l && l->summary ? l->usage : engine_usage(a);
  a->summary =
      l && l->summary ? json_deep_copy(l->summary) : dbf_summarize(a->tpl, a->record, a->subject);
  insights = dbf_derive_insights(a->tpl, a->record, a->subject);
  char ref[11];
  dbf__reference_date(a->subject, ref);
  a->open_items = dbf_open_items(a->tpl, a->record, a->summary, ref);
  if (!a->summary || !insights || !a->open_items || !missing) {
    rc = dbf_fail(st, DBF_ERR_NOMEM, "out of memory building the summary");
    goto out;
  }
  json_object_set(a->summary, "missing_fields", missing);
  snprintf(a->end_reason, sizeof a->end_reason, "%s", reason_text);
  a->pending = (json_decref(a->pending), NULL);
  rc = dbf__push_state(tx, a, a->state, DBF_SESSION_COMPLETED, reason_text, st);
  if (rc)
    goto out;
  size_t n_insights = 0;
  rc = dbf__push_completed(tx, a, reason, reason_text, missing, insights, &usage, &n_insights, st);
  if (!rc)
    rc = dbf__notify(tx, a, "session_completed", "Your interview is complete.", st);
  if (!rc && n_insights)
    rc = dbf__notify(tx, a, "insights_ready", "Insights are ready for review.", st);
  if (!rc && a->tpl->crm_auto_push) {
    /* The push commits with the completion, at the version the row write
       below gives the session (every completing step bumps it once). */
    dbf_crm_input in = {
        .session_id = a->c->session_id,
        .session_version = a->version + 1,
        .template_slug = a->tpl->slug,
        .template_version = a->tpl->version,
        .owner_id = a->c->who->user_id,
        .team_id = a->team_id,
        .subject_kind = json_string_value(json_object_get(a->subject, "kind")),
        .subject_key = json_string_value(json_object_get(a->subject, "key")),
        .subject_title = json_string_value(json_object_get(a->subject, "title")),
        .subject_attributes = json_object_get(a->subject, "attributes"),
        .record = a->record,
        .summary = a->summary,
    };
    rc = dbf_crm_auto_push_tx(tx, a->tpl, &in, st);
  }
out:
  json_decref(missing);
  json_decref(insights);
  return rc;
}

static bool same_targets(const dbf_question_plan *x, const dbf_question_plan *y) {
  if (x->n_targets != y->n_targets || x->follow_up != y->follow_up)
    return false;
  for (size_t i = 0; i < x->n_targets; i++)
    if (strcmp(x->target_fields[i], y->target_fields[i]))
      return false;
  return true;
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
static dbf_err advance(dbf_tx *tx, dbf__turn_args *a, const dbf_plan_input *in, bool user_done,
                       dbf_status *st) {
  Debrief__V1__CompletionReason due = dbf__completion_due(a, user_done);
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
    return dbf__push_question(tx, a, &q, l->question_id, &l->usage, st);
  }
  dbf_turn_usage u = engine_usage(a);
  return dbf__push_question(tx, a, &q, l ? l->question_id : NULL, &u, st);
}

/* ---- open ---- */

static dbf_err load_context(dbf_tx *tx, dbf__turn_args *a, dbf_status *st) {
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
  dbf__turn_args *a = arg;
  dbf__args_reset(a);
  dbf_err rc = dbf__lock_session(tx, a, st);
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
      rc = dbf__push_state(tx, a, DBF_SESSION_CREATED, DBF_SESSION_ACTIVE, "the interview started",
                           st);
      if (rc)
        return rc;
    }
    dbf_plan_input in;
    dbf__plan_input(a, &in);
    in.open_items = a->r->open_items;
    dbf_question_plan q;
    rc = dbf_plan_opening(&in, &q, st);
    if (!rc)
      rc = dbf__push_question(tx, a, &q, NULL, &dbf__offline_usage, st);
    if (rc)
      return rc;
  }
  a->r->state = a->state;
  return dbf__save_session(tx, a, st);
}

dbf_err dbf_turn_open(const dbf_turn_ctx *c, dbf_turn_result *r, dbf_status *st) {
  dbf__turn_args a = {0};
  return run(c, &a, open_tx, r, st);
}

/* ---- answer ---- */

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

static dbf_err answer_tx(dbf_tx *tx, void *arg, dbf_status *st) {
  dbf__turn_args *a = arg;
  dbf__args_reset(a);
  dbf_err rc = dbf__lock_session(tx, a, st);
  if (rc)
    return rc;
  /* A committed answer re-sent gets its ack again, even after the session moved on. */
  if (a->dup_seq)
    return dbf__duplicate_ack(a, a->dup_seq, st);
  if (a->state != DBF_SESSION_ACTIVE)
    return dbf_fail(st, DBF_ERR_STATE, "cannot answer: session %s is %s; %s", a->c->session_id,
                    state_upper(a->state), state_hint(a->state));
  /* The answer and its ack frame; the unique constraint backs the check above. */
  int64_t seq = ++a->seq;
  Debrief__V1__ConverseResponse *f = dbf__frame_ack(a, seq);
  if (!f)
    return dbf_fail(st, DBF_ERR_NOMEM, "out of memory");
  const json_t *targets = json_object_get(a->pending, "target_fields");
  const char *qid = a->question_id && *a->question_id
                        ? a->question_id
                        : json_string_value(json_object_get(a->pending, "question_id"));
  dbf__msg_row m = {.role = "user",
                    .kind = "answer",
                    .text = a->text,
                    .question_id = qid,
                    .targets = targets,
                    .client_msg_id = a->client_msg_id,
                    .on_conflict_nothing = true};
  rc = dbf__persist(tx, a, f, &m, NULL, st);
  if (rc)
    return rc;
  a->r->ack_seq = seq;
  a->turns++;

  json_t *changed = NULL;
  dbf_plan_input in;
  const dbf_turn_llm *l = fresh_llm(a);
  dbf_iv_counts counts = l ? l->counts : (dbf_iv_counts){0};
  rc = dbf__extract_merge(a, seq, l ? l->updates : NULL, &counts, &changed, &in, st);
  a->r->llm_merged = l != NULL;
  a->r->llm_counts = counts;
  if (!rc)
    rc = dbf__push_extraction(tx, a, changed, st);
  json_decref(changed);
  if (!rc)
    rc = advance(tx, a, &in, in.last_done, st);
  return rc ? rc : dbf__save_session(tx, a, st);
}

dbf_err dbf_turn_answer(const dbf_turn_ctx *c, const char *client_msg_id, const char *text,
                        const char *question_id, dbf_turn_result *r, dbf_status *st) {
  dbf__turn_args a = {.client_msg_id = client_msg_id, .text = text, .question_id = question_id};
  return run(c, &a, answer_tx, r, st);
}

/* ---- control ---- */

/* Whether action fits state s: DBF_OK, or the reason it does not. */
static dbf_err check_control_state(int action, dbf_session_state s, dbf_status *st) {
  switch (action) {
    case DEBRIEF__V1__CONTROL_ACTION__CONTROL_ACTION_PAUSE:
      return s == DBF_SESSION_ACTIVE
                 ? DBF_OK
                 : dbf_fail(
                       st, DBF_ERR_STATE,
                       "cannot pause a session in state %s; only ACTIVE sessions can be paused",
                       state_upper(s));
    case DEBRIEF__V1__CONTROL_ACTION__CONTROL_ACTION_RESUME:
      return s == DBF_SESSION_PAUSED ? DBF_OK
                                     : dbf_fail(st, DBF_ERR_STATE,
                                                "cannot resume a session in state %s; only PAUSED "
                                                "sessions can be resumed",
                                                state_upper(s));
    case DEBRIEF__V1__CONTROL_ACTION__CONTROL_ACTION_SKIP:
      return s == DBF_SESSION_ACTIVE ? DBF_OK
                                     : dbf_fail(st, DBF_ERR_STATE,
                                                "cannot skip in state %s; only ACTIVE sessions "
                                                "have a question to skip",
                                                state_upper(s));
    case DEBRIEF__V1__CONTROL_ACTION__CONTROL_ACTION_FINISH:
      return s == DBF_SESSION_ACTIVE || s == DBF_SESSION_PAUSED
                 ? DBF_OK
                 : dbf_fail(st, DBF_ERR_STATE,
                            "cannot finish a session in state %s; only ACTIVE or PAUSED sessions "
                            "can be finished",
                            state_upper(s));
    default:
      return dbf_fail(st, DBF_ERR_INVALID,
                      "control.action must be PAUSE, RESUME, SKIP or FINISH, not %d", action);
  }
}

/*
 * A control with a client_msg_id: its ack frame, persisted with a user
 * note under that id, so a re-send finds it (the unique constraint backs
 * the lookup, as for answers and edits).
 */
static dbf_err ack_control(dbf_tx *tx, dbf__turn_args *a, dbf_status *st) {
  static const char *const what[] = {
      [DEBRIEF__V1__CONTROL_ACTION__CONTROL_ACTION_PAUSE] = "control: pause",
      [DEBRIEF__V1__CONTROL_ACTION__CONTROL_ACTION_RESUME] = "control: resume",
      [DEBRIEF__V1__CONTROL_ACTION__CONTROL_ACTION_SKIP] = "control: skip",
      [DEBRIEF__V1__CONTROL_ACTION__CONTROL_ACTION_FINISH] = "control: finish",
  };
  int64_t seq = ++a->seq;
  Debrief__V1__ConverseResponse *f = dbf__frame_ack(a, seq);
  if (!f)
    return dbf_fail(st, DBF_ERR_NOMEM, "out of memory");
  dbf__msg_row m = {.role = "user",
                    .kind = "note",
                    .text = what[a->action],
                    .client_msg_id = a->client_msg_id,
                    .on_conflict_nothing = true};
  dbf_err rc = dbf__persist(tx, a, f, &m, NULL, st);
  if (!rc)
    a->r->ack_seq = seq;
  return rc;
}

static dbf_err control_tx(dbf_tx *tx, void *arg, dbf_status *st) {
  dbf__turn_args *a = arg;
  dbf__args_reset(a);
  dbf_err rc = dbf__lock_session(tx, a, st);
  if (rc)
    return rc;
  if (a->dup_seq) /* this control was committed before: ack it again, do not act twice */
    return dbf__duplicate_ack(a, a->dup_seq, st);
  dbf_session_state s = a->state;
  rc = check_control_state(a->action, s, st);
  if (!rc && a->client_msg_id)
    rc = ack_control(tx, a, st);
  if (rc)
    return rc;
  switch (a->action) {
    case DEBRIEF__V1__CONTROL_ACTION__CONTROL_ACTION_PAUSE:
      rc = dbf__push_state(tx, a, s, DBF_SESSION_PAUSED, "paused by the user", st);
      break;
    case DEBRIEF__V1__CONTROL_ACTION__CONTROL_ACTION_RESUME:
      rc = dbf__push_state(tx, a, s, DBF_SESSION_ACTIVE, "resumed by the user", st);
      break;
    case DEBRIEF__V1__CONTROL_ACTION__CONTROL_ACTION_SKIP: {
      dbf_plan_note_skip(a->plan);
      dbf_plan_input in;
      dbf__plan_input(a, &in);
      rc = advance(tx, a, &in, false, st);
      break;
    }
    case DEBRIEF__V1__CONTROL_ACTION__CONTROL_ACTION_FINISH:
      rc = complete(tx, a, DEBRIEF__V1__COMPLETION_REASON__COMPLETION_REASON_USER_FINISHED,
                    "the user finished the interview", st);
      break;
    default: /* check_control_state refused it */
      return dbf_fail(st, DBF_ERR_INTERNAL, "unchecked control action %d", a->action);
  }
  return rc ? rc : dbf__save_session(tx, a, st);
}

dbf_err dbf_turn_control(const dbf_turn_ctx *c, int action, const char *client_msg_id,
                         dbf_turn_result *r, dbf_status *st) {
  dbf__turn_args a = {.action = action,
                      .client_msg_id = client_msg_id && *client_msg_id ? client_msg_id : NULL};
  return run(c, &a, control_tx, r, st);
}

/* ---- edit ---- */

static dbf_err edit_tx(dbf_tx *tx, void *arg, dbf_status *st) {
  dbf__turn_args *a = arg;
  dbf__args_reset(a);
  dbf_err rc = dbf__lock_session(tx, a, st);
  if (rc)
    return rc;
  if (a->dup_seq) /* this edit was committed before: ack it again */
    return dbf__duplicate_ack(a, a->dup_seq, st);
  if (a->state != DBF_SESSION_ACTIVE && a->state != DBF_SESSION_PAUSED &&
      a->state != DBF_SESSION_COMPLETED)
    return dbf_fail(st, DBF_ERR_STATE, "cannot edit fields of a session in state %s",
                    state_upper(a->state));
  const dbf_template_field *field = dbf_template_field_find(a->tpl, a->edit_key);
  if (!field)
    return dbf_fail(st, DBF_ERR_INVALID, "edit_field.key '%s' is not a field of template %s",
                    a->edit_key, a->tpl->slug);
  char why[400];
  if (!dbf_template_value_fits(field, a->edit_value, why, sizeof why))
    return dbf_fail(st, DBF_ERR_INVALID, "edit_field.value does not fit: %s", why);
  /* The edit is a user message too, deduplicated like an answer. */
  int64_t seq = ++a->seq;
  /* An object list sent as one text (an older client's edit) is a list of that one item. */
  json_t *value = field->type == DBF_FIELD_OBJECT_LIST && json_is_string(a->edit_value)
                      ? json_pack("[O]", a->edit_value)
                      : json_deep_copy(a->edit_value);
  json_t *entry = value ? json_pack("{s:o, s:f, s:I, s:s}", "value", value, "confidence", 1.0,
                                    "evidence_seq", (json_int_t)seq, "source", "user")
                        : NULL;
  json_t *changed = json_object();
  if (!entry || !changed || json_object_set_new(changed, a->edit_key, entry)) {
    json_decref(changed);
    return dbf_fail(st, DBF_ERR_NOMEM, "out of memory");
  }
  json_object_set(a->record, a->edit_key, entry);
  Debrief__V1__ConverseResponse *f = dbf__frame_extraction(a, seq, changed);
  if (!f) {
    json_decref(changed);
    return dbf_fail(st, DBF_ERR_NOMEM, "out of memory");
  }
  json_t *keys = json_pack("[s]", a->edit_key);
  dbf__msg_row m = {.role = "user",
                    .kind = "note",
                    .text = "field edited",
                    .targets = keys,
                    .client_msg_id =
                        a->client_msg_id && *a->client_msg_id ? a->client_msg_id : NULL,
                    .on_conflict_nothing = true};
  rc = dbf__persist(tx, a, f, &m, NULL, st);
  json_decref(keys);
  /* Written directly: a person's edit wins over any earlier value. */
  if (!rc)
    rc = dbf__store_extractions(tx, a, changed, st);
  json_decref(changed);
  return rc ? rc : dbf__save_session(tx, a, st);
}

dbf_err dbf_turn_edit(const dbf_turn_ctx *c, const char *key, const json_t *value,
                      const char *client_msg_id, dbf_turn_result *r, dbf_status *st) {
  dbf__turn_args a = {.edit_key = key, .edit_value = value, .client_msg_id = client_msg_id};
  return run(c, &a, edit_tx, r, st);
}

/* ---- heartbeat and replay ---- */

static dbf_err heartbeat_tx(dbf_tx *tx, void *arg, dbf_status *st) {
  dbf__turn_args *a = arg;
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
  dbf__turn_args a = {.c = c};
  return dbf_store_tx(c->app->store, c->deadline_ms, heartbeat_tx, &a, st);
}

static dbf_err replay_tx(dbf_tx *tx, void *arg, dbf_status *st) {
  dbf__turn_args *a = arg;
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
  dbf__turn_args a = {.c = c, .r = r, .after_seq = after_seq};
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
  dbf__turn_args a = {.c = &c, .r = &r};
  dbf_err rc = dbf__args_from_session(tx, &a, sess, NULL, 0, st);
  if (!rc)
    rc = complete(tx, &a, DEBRIEF__V1__COMPLETION_REASON__COMPLETION_REASON_REQUESTED,
                  "completed on request", st);
  if (!rc)
    rc = dbf_store_turn_mark_completing(tx, sess->owner_id, sess->id, a.seq, a.open_items, st);
  if (!rc) {
    *summary = a.summary;
    a.summary = NULL;
  }
  dbf__args_release(&a);
  dbf_turn_result_clear(&r);
  dbf_arena_destroy(arena);
  return rc;
}
