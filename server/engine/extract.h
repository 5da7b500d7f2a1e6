/*
 * extract.h - the deterministic rule extractor of the offline interviewer.
 *
 * Runs over every answer, not only the answer to the field that was asked,
 * because people mention things out of order. Lexicons are data files under
 * <data_dir>/lexicons/, never code.
 *
 * The record: a JSON object keyed by field, each entry
 *   { "value": <json>, "confidence": 0..1, "evidence_seq": N, "source": "rule"|"llm"|"user" }
 * Value shapes by field type:
 *   text/string: "..."          number: 12.5         bool: true
 *   money: {"amount": 180000, "currency": "USD"}
 *   date: "2026-11-30" (ISO; "2026-03" or a phrase such as "next week" when
 *         no day can be resolved)
 *   enum: one of enum_values    list: ["a", "b"]
 *   object_list: [{"name": ..., "role": ...}, ...] with the field's item_keys
 *   work_experience.timeline (object with item_keys start/end): {"start": "2020-03", "end":
 * "2024-06"|"present"}
 */
#ifndef DBF_ENGINE_EXTRACT_H
#define DBF_ENGINE_EXTRACT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <jansson.h>

#include "core/err.h"
#include "engine/template.h"

typedef struct dbf_lexicons dbf_lexicons;

/* Loads every lexicon under dir (e.g. "<data_dir>/lexicons"). Free with dbf_lexicons_free. */
dbf_err dbf_lexicons_load(const char *dir, dbf_lexicons **out, dbf_status *st);
void dbf_lexicons_free(dbf_lexicons *lex);

typedef struct dbf_extract_ctx {
  const dbf_template *tpl;
  const dbf_lexicons *lex;
  /* The session subject: {"kind","key","title","attributes":{...}}; may be NULL. */
  const json_t *subject;
  /* The current record (borrowed, not modified); may be NULL. */
  const json_t *record;
  /* Fields the answered question targeted; values for them get more confidence. */
  const char *const *target_fields;
  size_t n_target_fields;
  /* The seq of the answer message: the evidence_seq of every update. */
  int64_t seq;
  /* ISO date ("2026-10-06") that relative dates resolve against: the
     meeting's occurred_at, else today. */
  const char *reference_date;
} dbf_extract_ctx;

/*
 * Extracts field values from one answer. *updates receives a new reference
 * to a JSON object keyed by field, each entry shaped like a record entry
 * with source "rule". Corrections ("actually Thursday, not Tuesday") produce
 * an entry with "replace": true. An answer with nothing usable gives {}.
 */
dbf_err dbf_extract(const dbf_extract_ctx *ctx, const char *text, json_t **updates, dbf_status *st);

/* What reading an answer tells besides its values, from the one
   normalized copy the rules read. */
typedef struct dbf_answer_reading {
  double specificity; /* dbf_answer_specificity of the answer */
  bool done;          /* dbf_answer_is_done of the answer */
} dbf_answer_reading;

/* dbf_extract, also filling *reading (may be NULL). */
dbf_err dbf_extract_read(const dbf_extract_ctx *ctx, const char *text, json_t **updates,
                         dbf_answer_reading *reading, dbf_status *st);

/*
 * Merges updates into record (both borrowed; record is modified). A new
 * value wins when it is a correction, or when its confidence is at least
 * the old one's and the old one is not a user edit (a person's edit
 * stands until a correction replaces it); list and
 * object_list values are unioned without duplicates. *changed (optional)
 * receives a new reference to the entries that actually changed.
 */
dbf_err dbf_record_merge(const dbf_template *tpl, json_t *record, const json_t *updates,
                         json_t **changed);

/*
 * How concrete an answer is, in [0, 1]: short, hedged answers with no
 * names, numbers, dates or lexicon hits score low. The planner asks a
 * follow-up below 0.35 when the targeted field got nothing.
 */
double dbf_answer_specificity(const dbf_extract_ctx *ctx, const char *text);

/* True when the user signals they are done ("that's all", "nothing else"). */
bool dbf_answer_is_done(const char *text);

#endif
