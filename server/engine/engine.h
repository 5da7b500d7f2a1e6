/*
 * engine.h - the offline interviewer: planner, completion, summaries,
 * insights and context continuity. Pure functions over the template, the
 * record (see extract.h) and small JSON documents, so the same code runs in
 * the server, in unit tests and in the evaluation harness.
 *
 * The plan state is a JSON object persisted with the session:
 *   { "asked": {"<field>": n}, "skipped": ["<field>"], "follow_ups": {"<field>": n},
 *     "last_targets": ["<field>"], "turns": n }
 */
#ifndef DBF_ENGINE_ENGINE_H
#define DBF_ENGINE_ENGINE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <jansson.h>

#include "core/err.h"
#include "engine/extract.h"
#include "engine/template.h"

typedef struct dbf_question_plan {
  char text[1024];
  char target_fields[4][64]; /* up to 4 targets */
  size_t n_targets;
  bool follow_up; /* re-asks a vague answer */
  bool done;      /* nothing left worth asking: complete */
} dbf_question_plan;

typedef struct dbf_plan_input {
  const dbf_template *tpl;
  const json_t *record;     /* borrowed */
  const json_t *plan_state; /* borrowed; see above; NULL for a new session */
  const json_t *subject;    /* borrowed; may be NULL */
  /* Open items from earlier sessions with the same subject key:
     [{"session_id","field_key","text","complete_time"}]; may be NULL. */
  const json_t *open_items;
  /* Specificity of the last answer, whether it filled its targets, and
     whether the person said they are done (dbf_answer_is_done). */
  double last_specificity;
  bool last_filled_targets;
  bool last_done;
} dbf_plan_input;

/* The opening question (template opening, personalised by the subject). */
dbf_err dbf_plan_opening(const dbf_plan_input *in, dbf_question_plan *out, dbf_status *st);
/* The next question, or out->done. */
dbf_err dbf_plan_next(const dbf_plan_input *in, dbf_question_plan *out, dbf_status *st);
/*
 * Records that the plan was asked: updates the plan state in place
 * (plan_state must be a JSON object).
 */
void dbf_plan_note_asked(json_t *plan_state, const dbf_question_plan *q);
/* Records a skip of the fields the last question targeted. */
void dbf_plan_note_skip(json_t *plan_state);

/*
 * Completion policy. *missing receives a new reference to a JSON array of
 * required fields not filled at min_confidence. Returns true when they are
 * all filled or turns >= max_turns.
 */
bool dbf_completion_check(const dbf_template *tpl, const json_t *record, int turns,
                          json_t **missing);

/*
 * Deterministic summary per template (sections in the template's summary
 * list). sales_debrief includes "crm_payload", "next_steps", "risks";
 * work_experience includes narrative_summary, resume_bullets,
 * interview_story {situation, task, action, result}, skills_identified
 * {technical_skills, soft_skills, tools_technologies}, key_achievements,
 * timeline and role_context. Returns a new reference.
 */
json_t *dbf_summarize(const dbf_template *tpl, const json_t *record, const json_t *subject);

/*
 * Insights derived on completion: a new JSON array of
 * {"kind": "risk"|"opportunity"|"next_step"|"coaching", "text", "confidence",
 *  "source_fields": [...]}.
 */
json_t *dbf_derive_insights(const dbf_template *tpl, const json_t *record, const json_t *subject);

/*
 * Open items a completed session leaves for the next one with the same
 * subject key: a new JSON array of {"field_key", "text"}. reference_date
 * ("YYYY-MM-DD", the meeting's; may be NULL) dates a step whose due date
 * was left as said ("by next week, as of 2026-03-02").
 */
json_t *dbf_open_items(const dbf_template *tpl, const json_t *record, const json_t *summary,
                       const char *reference_date);

#endif
