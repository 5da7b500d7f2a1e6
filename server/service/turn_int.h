/*
 * turn_int.h - what the files of the turn pipeline share (see turn.h for
 * the public steps). Not for callers outside server/service.
 *
 *   turn_row.c      the session row: loading and locking it through the
 *                   store, the per-attempt step state (dbf__turn_args),
 *                   the engine work on that state, and saving it;
 *   turn_frames.c   the frame builder: each ConverseResponse frame, packed
 *                   and persisted as a message through the store;
 *   turn.c          the runner for locked steps and one body per step;
 *   turn_sweep.c    the sweeper's steps (warn idle, expire due);
 *   turn_prepare.c  the model's preparation outside the transaction.
 *
 * Every step follows one shape inside dbf_store_tx:
 *   1. lock the session row (owner only) and check the stream epoch;
 *   2. allocate seqs from last_seq under that lock, so they are gap-free;
 *   3. run the offline engine (pure CPU: extract, merge, plan, summarise);
 *   4. persist each resulting server frame (packed protobuf) as a message;
 *   5. write the session row back and commit.
 * The transaction body has no side effects outside the database and the
 * per-attempt state in dbf__turn_args, because dbf_store_tx may run it
 * again.
 */
#ifndef DBF_SERVICE_TURN_INT_H
#define DBF_SERVICE_TURN_INT_H

#include <stdbool.h>
#include <stdint.h>

#include <jansson.h>

#include "service/turn.h"

typedef struct dbf__turn_args {
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
  int64_t dup_seq;    /* the seq already stored under client_msg_id, 0 when none */
  json_t *open_items; /* set on completion */
  json_t *summary;    /* set on completion */
  char end_reason[64];
} dbf__turn_args;

/* ---- turn_row.c: the session row and the step state ---- */

/* Drops the locked-row state of one attempt (not the result's frames). */
void dbf__args_release(dbf__turn_args *a);
/* Starts an attempt afresh: dbf_store_tx may run a body more than once. */
void dbf__args_reset(dbf__turn_args *a);
/*
 * Fills the per-attempt state from a session row: new references and
 * copies, so sess may be freed (or, for the complete hook, stays the
 * caller's) afterwards.
 */
dbf_err dbf__args_from_session(dbf_tx *tx, dbf__turn_args *a, const dbf_session *sess,
                               dbf_session *owned, int64_t epoch, dbf_status *st);
/* Loads the session row, locked unless this is the model's unlocked snapshot. */
dbf_err dbf__load_session(dbf_tx *tx, dbf__turn_args *a, bool lock, dbf_status *st);
dbf_err dbf__lock_session(dbf_tx *tx, dbf__turn_args *a, dbf_status *st);
/* Writes the step state back to the row (and records activity). */
dbf_err dbf__save_session(dbf_tx *tx, dbf__turn_args *a, dbf_status *st);
/* The planner's input for the current state. */
void dbf__plan_input(dbf__turn_args *a, dbf_plan_input *in);
/* A notification of kind for the session's owner. */
dbf_err dbf__notify(dbf_tx *tx, dbf__turn_args *a, const char *kind, const char *text,
                    dbf_status *st);
/* The seq of an answer already stored under a->client_msg_id, or 0. */
dbf_err dbf__find_answer(dbf_tx *tx, dbf__turn_args *a, int64_t *seq, dbf_status *st);
/*
 * Extracts and merges the answer a->text (message seq) into a->record
 * with the model's updates, if any, through the merge policy
 * (dbf_iv_reconcile), and fills *in for the planner. *changed gets a new
 * reference to what changed; counts (may be NULL) gets the merge's drops
 * and the model values stored.
 */
dbf_err dbf__extract_merge(dbf__turn_args *a, int64_t seq, const json_t *llm_updates,
                           dbf_iv_counts *counts, json_t **changed, dbf_plan_input *in,
                           dbf_status *st);
/* The date relative dates resolve against: the subject's occurred_at, else today (UTC). */
void dbf__reference_date(const json_t *subject, char out[11]);
/* The reason this step ends the interview before planning, or 0. */
Debrief__V1__CompletionReason dbf__completion_due(const dbf__turn_args *a, bool user_done);

/* ---- turn_frames.c: building and persisting frames ---- */

/* How a frame is stored as a message row. */
typedef struct dbf__msg_row {
  const char *role;
  const char *kind;
  const char *text;
  const char *question_id;
  const json_t *targets;
  const char *client_msg_id;
  bool on_conflict_nothing;    /* answers: dedup on client_msg_id */
  const dbf_turn_usage *usage; /* provider metadata; NULL for the offline engine */
} dbf__msg_row;

/* Provider metadata for output of the offline engine. */
extern const dbf_turn_usage dbf__offline_usage;

/*
 * Packs f and stores it as message seq f->seq. *inserted is false when an
 * answer with the same client_msg_id was already stored (a duplicate).
 */
dbf_err dbf__persist(dbf_tx *tx, dbf__turn_args *a, const Debrief__V1__ConverseResponse *f,
                     const dbf__msg_row *m, bool *inserted, dbf_status *st);
/* An ack frame for a->client_msg_id at seq, not yet persisted; NULL when out of memory. */
Debrief__V1__ConverseResponse *dbf__frame_ack(dbf__turn_args *a, int64_t seq);
/* Replaces this attempt's frames with the ack of the answer stored earlier at seq. */
dbf_err dbf__duplicate_ack(dbf__turn_args *a, int64_t seq, dbf_status *st);
/* An extraction frame at seq for changed, not yet persisted; NULL when out of memory. */
Debrief__V1__ConverseResponse *dbf__frame_extraction(dbf__turn_args *a, int64_t seq,
                                                     const json_t *changed);
/* Writes changed entries to extractions and extraction_history. */
dbf_err dbf__store_extractions(dbf_tx *tx, dbf__turn_args *a, const json_t *changed,
                               dbf_status *st);
/* Stores changed (if not empty) and persists its extraction frame. */
dbf_err dbf__push_extraction(dbf_tx *tx, dbf__turn_args *a, const json_t *changed, dbf_status *st);
/* Persists a state-change frame and sets a->state to to. */
dbf_err dbf__push_state(dbf_tx *tx, dbf__turn_args *a, dbf_session_state from, dbf_session_state to,
                        const char *reason, dbf_status *st);
/* Persists the planned question and makes it the pending one. */
dbf_err dbf__push_question(dbf_tx *tx, dbf__turn_args *a, const dbf_question_plan *q,
                           const char *qid, const dbf_turn_usage *usage, dbf_status *st);
/* Persists an inactivity warning frame with text (NULL: out of memory). */
dbf_err dbf__push_warning(dbf_tx *tx, dbf__turn_args *a, const char *text, dbf_status *st);
/*
 * Stores the insights and persists the completed frame (summary a->summary,
 * the record, missing, the stored insights); *n_insights says how many.
 */
dbf_err dbf__push_completed(dbf_tx *tx, dbf__turn_args *a, Debrief__V1__CompletionReason reason,
                            const char *reason_text, const json_t *missing, const json_t *insights,
                            const dbf_turn_usage *usage, size_t *n_insights, dbf_status *st);

#endif
