/*
 * turn_row.c - the session-row side of a turn (see turn_int.h): loading
 * and locking the row through the store, the per-attempt step state
 * (dbf__turn_args), the engine's extraction and merge on that state, and
 * saving the row back.
 */
#include "service/turn_int.h"

#include <string.h>
#include <time.h>

#include "core/alloc.h"
#include "interview/interviewer.h"
#include "service/tplcache.h"

/* ---- the step state ---- */

/* Drops the locked-row state of one attempt (not the result's frames). */
void dbf__args_release(dbf__turn_args *a) {
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
void dbf__args_reset(dbf__turn_args *a) {
  dbf__args_release(a);
  a->r->n_frames = 0;
  a->r->duplicate = false;
  json_decref(a->r->open_items);
  json_decref(a->r->context_ids);
  a->r->open_items = a->r->context_ids = NULL;
  a->r->llm_merged = false;
  memset(&a->r->llm_counts, 0, sizeof a->r->llm_counts);
}

void dbf_turn_result_clear(dbf_turn_result *r) {
  json_decref(r->open_items);
  json_decref(r->context_ids);
  r->open_items = r->context_ids = NULL;
}

/* ---- the row in the store: loading, locking, saving ---- */

/* A deep copy of value; or value itself, moved out of the row that owns it
 * (*owned_slot, which is cleared) when there is one. */
static json_t *own_json(json_t *value, json_t **owned_slot) {
  if (!owned_slot)
    return json_deep_copy(value);
  *owned_slot = NULL; /* that row is only freed after this */
  return value;
}

/*
 * Fills the per-attempt state from a session row: new references and
 * copies, so sess may be freed (or, for the complete hook, stays the
 * caller's) afterwards. owned is sess when the step loaded the row itself:
 * its record, plan and pending question are then moved rather than
 * copied, and it may only be freed afterwards.
 */
dbf_err dbf__args_from_session(dbf_tx *tx, dbf__turn_args *a, const dbf_session *sess,
                               dbf_session *owned, int64_t epoch, dbf_status *st) {
  a->state = sess->state;
  bool pending = json_is_object(sess->pending_question);
  a->record = own_json(sess->record, owned ? &owned->record : NULL);
  a->plan = own_json(sess->plan_state, owned ? &owned->plan_state : NULL);
  a->pending =
      pending ? own_json(sess->pending_question, owned ? &owned->pending_question : NULL) : NULL;
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
      (pending && !a->pending))
    return dbf_fail(st, DBF_ERR_NOMEM, "out of memory loading session %s", sess->id);
  return dbf_tplcache_get(a->c->app, tx, sess->template_slug, sess->template_version, &a->tpl, st);
}

/* Loads the session row, locked unless this is the model's unlocked snapshot. */
dbf_err dbf__load_session(dbf_tx *tx, dbf__turn_args *a, bool lock, dbf_status *st) {
  dbf_session *sess = NULL;
  int64_t epoch = 0;
  /* Only the owner converses; anyone else sees NOT_FOUND, never the data. */
  dbf_err rc =
      lock ? dbf_store_turn_lock(tx, a->c->who->user_id, a->c->session_id, a->client_msg_id, &sess,
                                 &epoch, &a->dup_seq, st)
           : dbf_store_turn_read(tx, a->c->who->user_id, a->c->session_id, &sess, &epoch, st);
  if (rc)
    goto out;
  if (a->c->stream_epoch && epoch != a->c->stream_epoch) {
    rc = dbf_fail(st, DBF_ERR_CONFLICT,
                  "another stream opened session %s; this stream no longer drives it",
                  a->c->session_id);
    goto out;
  }
  rc = dbf__args_from_session(tx, a, sess, sess, epoch, st);
out:
  dbf_session_free(sess);
  return rc;
}

dbf_err dbf__lock_session(dbf_tx *tx, dbf__turn_args *a, dbf_status *st) {
  return dbf__load_session(tx, a, true, st);
}

dbf_err dbf__save_session(dbf_tx *tx, dbf__turn_args *a, dbf_status *st) {
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

/* A notification of kind about the session for its owner. */
dbf_err dbf__notify(dbf_tx *tx, dbf__turn_args *a, const char *kind, const char *text,
                    dbf_status *st) {
  return dbf_store_turn_notify(tx, a->c->who->user_id, kind, a->c->session_id, text, st);
}

/* The seq of an answer already stored under client_msg_id, or 0. */
dbf_err dbf__find_answer(dbf_tx *tx, dbf__turn_args *a, int64_t *seq, dbf_status *st) {
  return dbf_store_turn_find_answer(tx, a->c->who->user_id, a->c->session_id, a->client_msg_id, seq,
                                    st);
}

/* ---- the engine on the step state ---- */

void dbf__plan_input(dbf__turn_args *a, dbf_plan_input *in) {
  memset(in, 0, sizeof *in);
  in->tpl = a->tpl;
  in->record = a->record;
  in->plan_state = a->plan;
  in->subject = a->subject;
  in->last_specificity = 1.0;
  in->last_filled_targets = true;
}

static void today_utc(char out[11]) {
  time_t now = time(NULL);
  struct tm tm;
  gmtime_r(&now, &tm);
  strftime(out, 11, "%Y-%m-%d", &tm);
}

void dbf__reference_date(const json_t *subject, char out[11]) {
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
 * re-stamped with seq) that the merge policy keeps (dbf_iv_reconcile: the
 * model fills gaps and never overrules a well-grounded value), and fills
 * *in for the planner. *changed gets a new reference to what changed. The
 * transaction and the model's unlocked preparation both call this, so they
 * plan from identical records.
 */
dbf_err dbf__extract_merge(dbf__turn_args *a, int64_t seq, const json_t *llm_updates,
                           dbf_iv_counts *counts, json_t **changed, dbf_plan_input *in,
                           dbf_status *st) {
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
  dbf__reference_date(a->subject, ref);
  dbf_extract_ctx ex = {.tpl = a->tpl,
                        .lex = a->c->app->lex,
                        .subject = a->subject,
                        .record = a->record,
                        .target_fields = tf,
                        .n_target_fields = ntf,
                        .seq = seq,
                        .reference_date = ref};
  json_t *updates = NULL, *model = NULL, *more = NULL;
  dbf_iv_counts scratch = {0};
  if (!counts)
    counts = &scratch;
  *changed = NULL;
  dbf_answer_reading reading = {0};
  dbf_err rc = dbf_extract_read(&ex, a->text, &updates, &reading, st);
  if (!rc) {
    /* A rule's wording replaces the model's for the same list item. */
    dbf_iv_reconcile_record(a->tpl, a->record, updates);
    rc = dbf_record_merge(a->tpl, a->record, updates, changed);
  }
  if (!rc && llm_updates && json_object_size(llm_updates)) {
    rc = dbf_iv_reconcile(a->tpl, a->record, updates, llm_updates, &model, counts)
             ? dbf_fail(st, DBF_ERR_NOMEM, "out of memory")
             : DBF_OK;
    const char *k;
    json_object_foreach(model, k, v) json_object_set_new(v, "evidence_seq", json_integer(seq));
    if (!rc)
      rc = dbf_record_merge(a->tpl, a->record, model, &more);
    if (!rc && more) {
      counts->stored = (int)json_object_size(more);
      json_object_update(*changed, more);
    }
  }
  if (!rc && !*changed)
    rc = dbf_fail(st, DBF_ERR_NOMEM, "out of memory");
  bool filled = false;
  for (size_t t = 0; !rc && t < ntf; t++)
    if (json_object_get(*changed, tf[t]))
      filled = true;
  dbf__plan_input(a, in);
  in->last_specificity = rc ? 0 : reading.specificity;
  in->last_done = !rc && reading.done;
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

/* The reason this step ends the interview before planning, or 0. */
Debrief__V1__CompletionReason dbf__completion_due(const dbf__turn_args *a, bool user_done) {
  if (user_done)
    return DEBRIEF__V1__COMPLETION_REASON__COMPLETION_REASON_USER_FINISHED;
  if (a->tpl->max_turns > 0 && a->turns >= a->tpl->max_turns)
    return DEBRIEF__V1__COMPLETION_REASON__COMPLETION_REASON_MAX_TURNS;
  return 0;
}
