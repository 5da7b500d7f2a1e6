/*
 * interviewer.h - the model-backed interviewer: question wording, schema
 * extraction and summaries over the provider layer (llm.h) and the offline
 * engine's template and record. Pure logic: no database, no gRPC.
 *
 * Every function makes one blocking provider call (dbf_llm_run), so call it
 * from a worker thread, outside any database transaction. Each returns
 * DBF_OK only when the model's output is usable; otherwise it returns the
 * dbf_err of the failure, out->error says which kind (no provider, timeout,
 * invalid output...), and the caller falls back to the offline engine:
 * the planner's question text, the rule extractor alone, dbf_summarize.
 */
#ifndef DBF_INTERVIEW_INTERVIEWER_H
#define DBF_INTERVIEW_INTERVIEWER_H

#include <stddef.h>
#include <stdint.h>

#include <jansson.h>

#include "core/err.h"
#include "engine/engine.h"
#include "engine/template.h"
#include "llm/llm.h"

typedef struct dbf_iv_ctx {
  dbf_llm *llm;             /* borrowed; NULL or offline -> DBF_LLM_E_NO_PROVIDER */
  const dbf_template *tpl;  /* borrowed */
  const char *prompts_dir;  /* "<data_dir>/prompts"; NULL uses a built-in prompt */
  const json_t *record;     /* borrowed; the current record (extract.h shape); may be NULL */
  const json_t *subject;    /* borrowed; {"kind","key","title","attributes"}; may be NULL */
  const json_t *open_items; /* borrowed; earlier sessions' [{"field_key","text"}]; may be NULL */
  /* "YYYY-MM-DD" that relative dates resolve against (the meeting's date, else
     today), as the rule extractor uses it; may be NULL. */
  const char *reference_date;
  /* Recent transcript, oldest first (questions as ASSISTANT, answers as USER). */
  const dbf_llm_message *transcript;
  size_t n_transcript;
  int64_t deadline_ms;          /* absolute (dbf_now_ms, core/clock.h); 0: the provider's timeout */
  bool (*cancelled)(void *arg); /* optional: true aborts the model call (dbf_llm_request) */
  void *cancel_arg;
} dbf_iv_ctx;

/*
 * Why a value the model proposed was not stored. The first four are found
 * while grounding the reply (dbf_iv_parse_extraction), the last three when
 * it meets the rules' values (dbf_iv_reconcile).
 */
typedef enum dbf_iv_drop {
  DBF_IV_DROP_FIELD = 0,  /* not a field the request offered, or offered twice */
  DBF_IV_DROP_SHAPE,      /* wrong type or shape, or a non-value ("none", "n/a") */
  DBF_IV_DROP_EVIDENCE,   /* no evidence, or evidence that is not the answer's words */
  DBF_IV_DROP_UNGROUNDED, /* the answer's words do not support the value */
  DBF_IV_DROP_RULE_KEPT,  /* a well-grounded rule value stands */
  DBF_IV_DROP_USER_EDIT,  /* a person's edit stands */
  DBF_IV_DROP_NO_CHANGE,  /* the rules or the record already say this */
  DBF_IV_DROP__COUNT
} dbf_iv_drop;

/* Static names for logs: "field", "shape", "evidence"... Never NULL. */
const char *dbf_iv_drop_name(dbf_iv_drop d);

/* What became of the model's values for one answer (docs/quality.md). */
typedef struct dbf_iv_counts {
  int proposed; /* non-empty values in the reply */
  int grounded; /* ... that the answer's words support */
  int stored;   /* ... that changed the record (counted by the merge) */
  int dropped[DBF_IV_DROP__COUNT];
  int items_dropped; /* list items pruned from values that were kept */
} dbf_iv_counts;

/* The sum of c->dropped. */
int dbf_iv_counts_dropped(const dbf_iv_counts *c);

/* What happened, for the fallback decision, logs and per-message usage. */
typedef struct dbf_iv_outcome {
  dbf_llm_error error; /* DBF_LLM_E_OK when the model's output was used */
  char message[256];   /* why not, for logs; "" on success */
  /* The call's metadata (provider, model, tokens, latency, first token,
     attempts); usage.text is always NULL. */
  dbf_llm_result usage;
  dbf_iv_counts counts; /* extract: proposed, grounded and dropped values */
} dbf_iv_outcome;

/*
 * Words the next question. plan is the offline planner's choice (borrowed;
 * its targets and follow_up flag steer the model, so plan state and
 * completion stay deterministic); plan->done must be false. Deltas stream
 * to on_delta (on the provider loop thread; may be NULL) as they arrive.
 * On DBF_OK, *question is new memory (dbf_free), at most
 * sizeof(plan->text) - 1 bytes, and the caller keeps plan's targets.
 * Deltas already relayed before a failure are superseded by the fallback
 * question frame.
 */
dbf_err dbf_iv_question(const dbf_iv_ctx *c, const dbf_question_plan *plan,
                        dbf_llm_delta_fn on_delta, void *arg, char **question, dbf_iv_outcome *out,
                        dbf_status *st);

/*
 * Extracts field values from one answer (the text of message seq). The
 * request is small on purpose, since prompt tokens dominate on a CPU: the
 * targeted fields, each required and never null ({"value", "evidence"}, an
 * empty value when the answer does not give it), and "other_fields", a
 * list of other fields the answer states, each with the answer's own words
 * as evidence; two short examples; the question and the answer; the keys
 * already known. No transcript. With no targets (the opening) every field
 * is an "other" one. Values are type-checked against the template and
 * dropped unless their evidence is the answer's words and the answer
 * supports them (out->counts says how many and why). On DBF_OK, *updates
 * is a new reference to an object shaped like dbf_extract's output:
 * {"<field>": {"value", "confidence", "evidence_seq": seq, "source":
 * "llm", "targeted": bool}} (possibly empty); pass it through
 * dbf_iv_reconcile before dbf_record_merge.
 */
dbf_err dbf_iv_extract(const dbf_iv_ctx *c, const char *answer, int64_t seq,
                       const char *const *target_fields, size_t n_target_fields, json_t **updates,
                       dbf_iv_outcome *out, dbf_status *st);

/*
 * The merge policy between the rule extractor and the model, so that model
 * mode never scores below offline: the model fills gaps and never
 * overrules a well-grounded value.
 *
 * record is the record after the rules' updates of this answer were merged
 * (borrowed); rules are those updates (borrowed); model is the output of
 * dbf_iv_extract (borrowed). *kept receives a new reference to the model
 * entries to merge next with dbf_record_merge; counts->dropped gets the
 * reason of each one left out:
 *   - a person's edit stands (USER_EDIT);
 *   - in a people field, only items that read as a person (capitalized
 *     words, name particles, a title) are taken, and "Prof. Vogt" restates
 *     "Annegret Vogt" (SHAPE when no item is left; the others count in
 *     items_dropped);
 *   - a list the rules filled stays the rules' list: the model adds no
 *     items to it (RULE_KEPT; the items count in items_dropped);
 *   - a value equal to the record's, or items of a list the model filled
 *     that the record already has, even in other words ("Marcus" and
 *     "Marcus Lee"), add nothing (NO_CHANGE; pruned items count in
 *     items_dropped);
 *   - a scalar the record holds at or above the template's min_confidence
 *     is kept (RULE_KEPT), unless the model's value, from a targeted field
 *     with evidence, only refines it: the same amount with its currency,
 *     a date with more precision ("2019" -> "2019-03"), the same words
 *     and more. A refinement takes the old value's confidence.
 * Every other value enters below the rules' lowest confidence, so it never
 * counts as known to the planner (follow-ups and asks stay the offline
 * engine's) and any later rule value replaces it.
 *
 * dbf_iv_reconcile_record prepares record (modified) for this answer's
 * rule updates: where a list was last written by the model, the items a
 * rule item restates in other words are removed, so the rule's wording
 * replaces them instead of sitting beside them.
 */
dbf_err dbf_iv_reconcile(const dbf_template *tpl, const json_t *record, const json_t *rules,
                         const json_t *model, json_t **kept, dbf_iv_counts *counts);
void dbf_iv_reconcile_record(const dbf_template *tpl, json_t *record, const json_t *rules);

/*
 * Writes the final summary: a JSON object with every section of the
 * template's summary list, in the shapes dbf_summarize produces for the same
 * record (validated recursively). On DBF_OK *summary is a new reference;
 * otherwise the caller uses dbf_summarize.
 */
dbf_err dbf_iv_summary(const dbf_iv_ctx *c, json_t **summary, dbf_iv_outcome *out, dbf_status *st);

/*
 * Exposed for tests: the extraction schema for the targets (a new
 * reference; every other field of tpl may come in "other_fields"), and the
 * grounding check of one reply against an answer: *updates gets the
 * accepted entries (new reference), counts what was proposed, grounded
 * and dropped. subject (may be NULL) gives the currency of an amount the
 * answer leaves bare, as the rule extractor reads it (engine/money.h).
 * Returns DBF_ERR_INVALID when text is not one JSON object.
 */
json_t *dbf_iv_extract_schema(const dbf_template *tpl, const char *const *targets,
                              size_t n_targets);
dbf_err dbf_iv_parse_extraction(const dbf_template *tpl, const json_t *subject, const char *answer,
                                int64_t seq, const char *const *targets, size_t n_targets,
                                const char *text, json_t **updates, dbf_iv_counts *counts,
                                dbf_status *st);
/* Exposed for tests: validates a summary text against reference's shape. */
dbf_err dbf_iv_parse_summary(const dbf_template *tpl, const json_t *reference, const char *text,
                             json_t **summary, dbf_status *st);

#endif
