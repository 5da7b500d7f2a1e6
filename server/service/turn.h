/*
 * turn.h - one step of an interview, committed atomically.
 *
 * Each function runs one PostgreSQL transaction that locks the session row,
 * applies the step (store the answer, extract, plan, complete...), persists
 * every resulting server frame with the next seqs, and commits. Only then
 * does the caller send the frames: an ack therefore always describes a
 * committed answer (docs/architecture.md, the conversation invariants).
 * Converse and SendMessage share these functions, so the unary path has
 * the stream's semantics exactly. Every statement runs in the store
 * (store.h, the turn path section); this layer holds no SQL.
 */
#ifndef DBF_SERVICE_TURN_H
#define DBF_SERVICE_TURN_H

#include <stdbool.h>
#include <stdint.h>

#include <jansson.h>

#include "debrief/v1/conversation_service.pb-c.h"
#include "engine/engine.h"
#include "interview/interviewer.h"
#include "service/app.h"
#include "store/store.h"

/* Provider metadata recorded on a persisted message. */
typedef struct dbf_turn_usage {
  char provider[16]; /* "offline", "openai", "anthropic", "gemini" */
  char model[128];
  int64_t tokens_in, tokens_out; /* -1 when unknown */
  int64_t latency_ms, first_token_ms;
  bool fallback; /* a model was configured but the offline engine answered */
} dbf_turn_usage;

/*
 * What the model prepared for one answer, outside any transaction (model
 * calls take seconds and must never hold the session row lock). The turn's
 * transaction uses it only if the session is still at `version` and the
 * deterministic planner picks the same targets; otherwise the offline
 * engine's output stands, so a race can never commit a stale question.
 */
typedef struct dbf_turn_llm {
  bool used;              /* a model was asked for this answer */
  bool fallback;          /* some model step failed; the offline engine covered it */
  char why[256];          /* the first failure, for the fallback warning */
  int64_t version;        /* the session version the preparation read */
  json_t *updates;        /* model extraction (dbf_extract shape), or NULL */
  char question_id[40];   /* the id the text_delta frames used */
  dbf_question_plan plan; /* the plan the wording is for */
  char *question;         /* the model's wording of plan, or NULL */
  json_t *summary;        /* the model's summary when this answer completes, or NULL */
  dbf_turn_usage usage;   /* of the question or summary call */
  /* For the llm.turn log line (dbf_turn_llm_log) and docs/quality.md. */
  dbf_iv_counts counts;         /* the extraction's proposed, grounded and dropped values */
  dbf_turn_usage extract_usage; /* of the extraction call */
  int calls;                    /* model calls made for this answer */
  char steps[64];               /* which ones, with their outcome: "extract:ok question:ok" */
} dbf_turn_llm;

/* Releases what l owns. */
void dbf_turn_llm_clear(dbf_turn_llm *l);

typedef struct dbf_turn_ctx {
  dbf_app *app;
  const dbf_principal *who;
  dbf_arena *arena;        /* frames are allocated here */
  int64_t deadline_ms;     /* for the transaction */
  const char *session_id;  /* validated UUID */
  int64_t stream_epoch;    /* a stream's epoch from dbf_turn_open; 0 on unary paths */
  const dbf_turn_llm *llm; /* prepared model output for an answer, or NULL */
  /* Optional: true once the caller went away, so model calls stop early. */
  bool (*cancelled)(void *arg);
  void *cancel_arg;
} dbf_turn_ctx;

typedef struct dbf_turn_result {
  /* Frames to send after the commit, in seq order; arena-allocated. */
  Debrief__V1__ConverseResponse **frames;
  size_t n_frames;
  bool duplicate;  /* the answer had been stored by an earlier try */
  int64_t ack_seq; /* the answer's seq */
  int64_t epoch;   /* dbf_turn_open: the stream's epoch */
  dbf_session_state state;
  /* Open items and context sessions used by the opening (dbf_turn_open). */
  json_t *open_items;  /* new reference or NULL */
  json_t *context_ids; /* new reference or NULL */
  /* dbf_turn_answer: what became of the model's values once merged with the
     rules' (the prepared counts plus the merge's drops and stored). */
  bool llm_merged; /* the model's preparation was current and was merged */
  dbf_iv_counts llm_counts;
} dbf_turn_result;

/* Releases the references in r (frames live in the arena). */
void dbf_turn_result_clear(dbf_turn_result *r);

/*
 * Attaches a stream: bumps the stream epoch (taking the session over from
 * any older stream), and for a CREATED session (or an ACTIVE one with no
 * pending question) activates it and asks the opening question, using open
 * items of earlier completed sessions with the same subject key. Only the
 * owner may open. EXPIRED -> DBF_ERR_STATE (recover it first).
 */
dbf_err dbf_turn_open(const dbf_turn_ctx *c, dbf_turn_result *r, dbf_status *st);

/*
 * Stores an answer once per client_msg_id, extracts values from it, and
 * asks the next question or completes the session. A repeated
 * client_msg_id yields the original ack with duplicate = true and no other
 * effect. DBF_ERR_CONFLICT when the stream was taken over.
 */
dbf_err dbf_turn_answer(const dbf_turn_ctx *c, const char *client_msg_id, const char *text,
                        const char *question_id, dbf_turn_result *r, dbf_status *st);

/*
 * Runs the model steps for an answer before its transaction: reads an
 * unlocked snapshot, asks the model to extract values, then either words
 * the planner's next question (streaming its text through on_delta, which
 * runs on the provider thread and must not block) or writes the summary
 * when the answer will complete the session. Does nothing when no model is
 * configured, the answer is a re-send, or the session is not ACTIVE.
 * Model failures are not errors: they set out->fallback. Fills *out
 * (release with dbf_turn_llm_clear); pass it as ctx.llm to dbf_turn_answer.
 */
dbf_err dbf_turn_prepare(const dbf_turn_ctx *c, const char *client_msg_id, const char *text,
                         void (*on_delta)(void *arg, const char *question_id, const char *text,
                                          size_t len),
                         void *arg, dbf_turn_llm *out, dbf_status *st);

/*
 * Logs one llm.turn line for an answer the model worked on: the calls, their
 * tokens and latency, the fallback, and the extraction's counts (proposed,
 * grounded, dropped by reason, stored) from r once the turn committed.
 */
void dbf_turn_llm_log(const dbf_turn_ctx *c, const dbf_turn_llm *l, const dbf_turn_result *r);

/*
 * pause | resume | skip | finish, as Debrief__V1__ControlAction. With a
 * client_msg_id (may be NULL or empty) the control is idempotent like an
 * answer: its first frame is an ack, persisted with the control, and a
 * re-send with the same id gets that ack again (duplicate) instead of
 * acting twice, even after the session moved on.
 */
dbf_err dbf_turn_control(const dbf_turn_ctx *c, int action, const char *client_msg_id,
                         dbf_turn_result *r, dbf_status *st);

/* A person corrects a field; value is borrowed. Unknown key -> DBF_ERR_INVALID. */
dbf_err dbf_turn_edit(const dbf_turn_ctx *c, const char *key, const json_t *value,
                      const char *client_msg_id, dbf_turn_result *r, dbf_status *st);

/* Keeps the session alive (activity and expiry) without a frame. */
dbf_err dbf_turn_heartbeat(const dbf_turn_ctx *c, dbf_status *st);

/* Persisted frames with seq > after_seq, in order, marked replayed. */
dbf_err dbf_turn_replay(const dbf_turn_ctx *c, int64_t after_seq, dbf_turn_result *r,
                        dbf_status *st);

/*
 * The CompleteSession hook (store.h dbf_session_complete_hook): builds the
 * summary and insights and persists the completed frame inside the
 * transition's transaction. arg is the dbf_app.
 */
dbf_err dbf_turn_complete_hook(dbf_tx *tx, const dbf_session *sess, void *arg, json_t **summary,
                               dbf_status *st);

/* ==== the session sweeper's steps (service/sweeper.c) ====
 * Appended for the sweeper; the functions above are unchanged. */

/* One session a sweep step changed, and the frames it persisted (arena memory). */
typedef struct dbf_turn_swept {
  char session_id[37];
  Debrief__V1__ConverseResponse **frames; /* in seq order */
  size_t n_frames;
} dbf_turn_swept;

/*
 * Warns up to batch ACTIVE or PAUSED sessions that have been idle for more
 * than cfg->inactivity_warn_s and were not yet warned in this idle period:
 * a persisted warning frame (WARNING_KIND_INACTIVITY) with the next seq,
 * warned_at = now(), and an inactivity_warning notification. Candidates are
 * claimed with FOR UPDATE SKIP LOCKED inside the one transaction that
 * changes them, so concurrent sweepers (other instances) never do the same
 * work twice and never wait on a session a turn is holding. *out is an
 * arena array of *n_out entries.
 */
dbf_err dbf_turn_warn_idle(dbf_app *app, dbf_arena *arena, int64_t deadline_ms, int batch,
                           dbf_turn_swept **out, size_t *n_out, dbf_status *st);

/*
 * Moves up to batch live (CREATED, ACTIVE, PAUSED) sessions whose
 * expires_at has passed to EXPIRED: a persisted state frame, end_reason,
 * and a session_expired notification, claimed like dbf_turn_warn_idle.
 * RecoverSession brings such a session back to ACTIVE.
 */
dbf_err dbf_turn_expire_due(dbf_app *app, dbf_arena *arena, int64_t deadline_ms, int batch,
                            dbf_turn_swept **out, size_t *n_out, dbf_status *st);

/*
 * Sends already-committed frames to the live Converse stream of session_id
 * on this instance, if there is one (defined in conversation_service.c).
 * Frames are borrowed and packed before return. Streams on other instances
 * get them through replay when they resume.
 */
void dbf_conversation_deliver(const char *session_id, Debrief__V1__ConverseResponse *const *frames,
                              size_t n_frames);

#endif
