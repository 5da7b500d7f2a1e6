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
  /* Recent transcript, oldest first (questions as ASSISTANT, answers as USER). */
  const dbf_llm_message *transcript;
  size_t n_transcript;
  int64_t deadline_ms;          /* absolute (dbf_now_ms, core/clock.h); 0: the provider's timeout */
  bool (*cancelled)(void *arg); /* optional: true aborts the model call (dbf_llm_request) */
  void *cancel_arg;
} dbf_iv_ctx;

/* What happened, for the fallback decision, logs and per-message usage. */
typedef struct dbf_iv_outcome {
  dbf_llm_error error; /* DBF_LLM_E_OK when the model's output was used */
  char message[256];   /* why not, for logs; "" on success */
  /* The call's metadata (provider, model, tokens, latency, first token,
     attempts); usage.text is always NULL. */
  dbf_llm_result usage;
  size_t dropped; /* extract: values rejected as ungrounded or ill-typed */
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
 * Extracts field values from one answer (the text of message seq) with a
 * schema generated from the template. Values are type-checked against the
 * template and dropped unless the answer's words support them. On DBF_OK,
 * *updates is a new reference to an object shaped like dbf_extract's
 * output: {"<field>": {"value", "confidence", "evidence_seq": seq,
 * "source": "llm"}} (possibly empty); merge it with dbf_record_merge after
 * the rule extractor's updates.
 */
dbf_err dbf_iv_extract(const dbf_iv_ctx *c, const char *answer, int64_t seq,
                       const char *const *target_fields, size_t n_target_fields, json_t **updates,
                       dbf_iv_outcome *out, dbf_status *st);

/*
 * Writes the final summary: a JSON object with every section of the
 * template's summary list, in the shapes dbf_summarize produces for the same
 * record (validated recursively). On DBF_OK *summary is a new reference;
 * otherwise the caller uses dbf_summarize.
 */
dbf_err dbf_iv_summary(const dbf_iv_ctx *c, json_t **summary, dbf_iv_outcome *out, dbf_status *st);

/*
 * Exposed for tests: the extraction schema for tpl (a new reference), and
 * the grounding check of one output against an answer: *updates gets the
 * accepted entries (new reference), *dropped the count rejected. subject
 * (may be NULL) gives the currency of an amount the answer leaves bare, as
 * the rule extractor reads it (engine/money.h). Returns
 * DBF_ERR_INVALID when text is not one JSON object of the right shape.
 */
json_t *dbf_iv_extract_schema(const dbf_template *tpl);
dbf_err dbf_iv_parse_extraction(const dbf_template *tpl, const json_t *subject, const char *answer,
                                int64_t seq, const char *text, json_t **updates, size_t *dropped,
                                dbf_status *st);
/* Exposed for tests: validates a summary text against reference's shape. */
dbf_err dbf_iv_parse_summary(const dbf_template *tpl, const json_t *reference, const char *text,
                             json_t **summary, dbf_status *st);

#endif
