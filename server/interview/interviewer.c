/*
 * interviewer.c - the model-backed interviewer's calls (see interviewer.h):
 * the prompts for a question, an extraction and a summary, and the one
 * provider call each makes. What a reply must look like lives in
 * schema.c, and which extracted values the answer supports in ground.c.
 */
#include "interview/interviewer.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/alloc.h"
#include "core/buf.h"
#include "interview/interview_int.h"

#define PROMPT_FILE_MAX (64 * 1024)  /* a system prompt file */
#define PROMPT_MAX      (512 * 1024) /* a whole prompt */

static const char fallback_prompt[] =
    "You are a skilled, friendly interviewer. Ask one short, specific question at a time, "
    "build on what the person already said, and never invent facts.";
/* ---- small helpers ---- */

static void outcome_set(dbf_iv_outcome *out, dbf_llm_error e, const char *msg) {
  out->error = e;
  /* Truncation is intended: the message is for logs. */
  snprintf(out->message, sizeof(out->message), "%.*s", (int)sizeof(out->message) - 1,
           msg ? msg : "");
}

static dbf_err outcome_fail(dbf_iv_outcome *out, dbf_status *st, dbf_llm_error e, const char *msg) {
  outcome_set(out, e, msg);
  return dbf_fail(st, dbf_llm_error_to_err(e) ? dbf_llm_error_to_err(e) : DBF_ERR_INTERNAL,
                  "LLM %s: %s", dbf_llm_error_name(e), out->message);
}

static bool slug_ok(const char *s) {
  if (!s || !*s || strlen(s) > 100)
    return false;
  for (; *s; s++)
    if (!(islower((unsigned char)*s) || isdigit((unsigned char)*s) || *s == '_' || *s == '-'))
      return false;
  return true;
}

/* Reads a prompt file into b; false when absent or unreadable. */
static bool read_prompt(const char *dir, const char *name, dbf_buf *b) {
  char path[4096];
  if (!dir || snprintf(path, sizeof(path), "%s/%s.system.txt", dir, name) >= (int)sizeof(path))
    return false;
  FILE *f = fopen(path, "rb");
  if (!f)
    return false;
  char chunk[4096];
  size_t n, total = 0;
  bool ok = true;
  while (ok && (n = fread(chunk, 1, sizeof(chunk), f)) > 0) {
    total += n;
    ok = total <= PROMPT_FILE_MAX && dbf_buf_append(b, chunk, n) == DBF_OK;
  }
  ok = ok && !ferror(f);
  fclose(f);
  return ok;
}

/* The template's prompt, else the default file, else the built-in text. */
static dbf_err append_persona(const dbf_iv_ctx *c, dbf_buf *b) {
  size_t mark = b->len;
  if (slug_ok(c->tpl->slug) && read_prompt(c->prompts_dir, c->tpl->slug, b))
    return DBF_OK;
  b->len = mark;
  if (read_prompt(c->prompts_dir, "default", b))
    return DBF_OK;
  b->len = mark;
  return dbf_buf_appends(b, fallback_prompt);
}

static dbf_err append_json(dbf_buf *b, const json_t *j) {
  char *s = json_dumps(j, JSON_COMPACT | JSON_ENCODE_ANY);
  if (!s)
    return DBF_ERR_NOMEM;
  dbf_err rc = dbf_buf_appends(b, s);
  dbf_free(s);
  return rc;
}

static const json_t *rec_entry(const json_t *record, const char *key) {
  const json_t *e = json_object_get(record, key);
  return json_is_object(e) ? e : NULL;
}

static bool target_has(const char *const *t, size_t n, const char *key) {
  for (size_t i = 0; i < n; i++)
    if (strcmp(t[i], key) == 0)
      return true;
  return false;
}

/* The shared context block: interview, subject, known and missing fields, open items. */
static dbf_err append_context(const dbf_iv_ctx *c, dbf_buf *b) {
  const dbf_template *t = c->tpl;
  dbf_err rc = dbf_buf_printf(b, "\n\n## Interview\n%s: %s\n", t->title ? t->title : t->slug,
                              t->description ? t->description : "");
  if (!rc && c->subject) {
    rc = dbf_buf_appends(b, "\n## Subject\n");
    if (!rc)
      rc = append_json(b, c->subject);
    if (!rc)
      rc = dbf_buf_appends(b, "\n");
  }
  if (!rc)
    rc = dbf_buf_appends(b, "\n## Known so far\n");
  size_t known = 0;
  for (size_t i = 0; !rc && i < t->n_fields; i++) {
    const json_t *e = rec_entry(c->record, t->fields[i].key);
    const json_t *v = json_object_get(e, "value");
    if (!v || json_is_null(v))
      continue;
    known++;
    rc = dbf_buf_printf(b, "- %s: ", t->fields[i].key);
    if (!rc)
      rc = append_json(b, v);
    if (!rc)
      rc = dbf_buf_printf(b, " (confidence %.2f)\n",
                          json_number_value(json_object_get(e, "confidence")));
  }
  if (!rc && known == 0)
    rc = dbf_buf_appends(b, "(nothing yet)\n");
  if (!rc)
    rc = dbf_buf_appends(b, "\n## Still missing\n");
  for (size_t i = 0; !rc && i < t->n_fields; i++) {
    const dbf_template_field *f = &t->fields[i];
    const json_t *v = json_object_get(rec_entry(c->record, f->key), "value");
    if (v && !json_is_null(v))
      continue;
    rc = dbf_buf_printf(b, "- %s (%s%s): %s\n", f->key, dbf_field_type_name(f->type),
                        f->required ? ", required" : "", f->description ? f->description : "");
  }
  if (!rc && json_array_size(c->open_items) > 0) {
    rc = dbf_buf_appends(b, "\n## Open items from earlier sessions with this subject\n");
    size_t i;
    json_t *it;
    json_array_foreach(c->open_items, i, it) {
      const char *txt = json_string_value(json_object_get(it, "text"));
      if (!rc && txt)
        rc = dbf_buf_printf(b, "- %s\n", txt);
    }
  }
  return rc;
}

/* Copies the transcript and appends a final user turn carrying the task. */
static dbf_llm_message *messages_with(const dbf_iv_ctx *c, const char *task, size_t *n) {
  dbf_llm_message *m = dbf_calloc(c->n_transcript + 1, sizeof(*m));
  if (!m)
    return NULL;
  for (size_t i = 0; i < c->n_transcript; i++)
    m[i] = c->transcript[i];
  m[c->n_transcript].role = DBF_LLM_USER;
  m[c->n_transcript].text = task;
  *n = c->n_transcript + 1;
  return m;
}

/* Runs one call and fills the outcome; the text (new memory) in *text on success. */
/*
 * Runs one model call: req's prompt and shape, under the context's
 * deadline and cancellation.
 */
static dbf_err call_model(const dbf_iv_ctx *c, dbf_llm_request req, dbf_llm_delta_fn on_delta,
                          void *arg, char **text, dbf_iv_outcome *out, dbf_status *st) {
  dbf_llm_result r;
  *text = NULL;
  if (!dbf_llm_enabled(c->llm))
    return outcome_fail(out, st, DBF_LLM_E_NO_PROVIDER, "no LLM provider is configured");
  req.deadline_ms = c->deadline_ms;
  req.cancelled = c->cancelled;
  req.cancel_arg = c->cancel_arg;
  dbf_err rc = dbf_llm_run(c->llm, &req, on_delta, arg, &r, st);
  if (rc)
    return outcome_fail(out, st, DBF_LLM_E_NOMEM, st ? st->msg : "out of memory");
  out->usage = r;
  out->usage.text = NULL;
  if (r.error != DBF_LLM_E_OK) {
    dbf_free(r.text);
    return outcome_fail(out, st, r.error, r.error_msg);
  }
  *text = r.text;
  return DBF_OK;
}

/* ---- question ---- */

/* Trims whitespace, wrapping quotes and a "Question:" label a model may add. */
static char *clean_question(char *s) {
  size_t n = strlen(s);
  while (n > 0 && isspace((unsigned char)s[n - 1]))
    s[--n] = '\0';
  while (*s && isspace((unsigned char)*s))
    s++;
  if (strncasecmp(s, "question:", 9) == 0) {
    s += 9;
    while (*s && isspace((unsigned char)*s))
      s++;
  }
  n = strlen(s);
  if (n >= 2 && s[0] == '"' && s[n - 1] == '"') {
    s[n - 1] = '\0';
    s++;
  }
  return s;
}

dbf_err dbf_iv_question(const dbf_iv_ctx *c, const dbf_question_plan *plan,
                        dbf_llm_delta_fn on_delta, void *arg, char **question, dbf_iv_outcome *out,
                        dbf_status *st) {
  dbf_err rc = DBF_OK;
  char *text = NULL;
  dbf_llm_message *msgs = NULL;
  size_t n_msgs = 0;
  dbf_buf sys;
  dbf_buf_init(&sys, PROMPT_MAX);
  memset(out, 0, sizeof(*out));
  *question = NULL;
  DBF_ASSERT(plan && !plan->done);
  if ((rc = append_persona(c, &sys)) || (rc = append_context(c, &sys)))
    goto nomem;
  if ((rc = dbf_buf_appends(&sys, "\n## Ask next about\n")))
    goto nomem;
  for (size_t i = 0; i < plan->n_targets; i++) {
    const dbf_template_field *f = dbf_template_field_find(c->tpl, plan->target_fields[i]);
    if (f && (rc = dbf_buf_printf(&sys, "- %s: %s\n", f->key,
                                  plan->follow_up && f->follow_up ? f->follow_up
                                  : f->ask                        ? f->ask
                                                                  : f->description)))
      goto nomem;
  }
  if ((rc = dbf_buf_printf(
           &sys,
           "%s\nA plain version of the question: %s\n\n## Your task\nWrite the next question "
           "only: one or two sentences, at most 60 words, in the person's language, "
           "acknowledging their last answer briefly when natural. No lists, no JSON, no "
           "preamble.\n",
           plan->follow_up ? "\nThe last answer was vague: ask a concrete follow-up.\n" : "",
           plan->text)))
    goto nomem;
  if (!(msgs = messages_with(c, "(Write the next interview question now.)", &n_msgs)))
    goto nomem;
  dbf_llm_request req = {.system = sys.data,
                         .messages = msgs,
                         .n_messages = n_msgs,
                         .max_tokens = 200,
                         .temperature = -1};
  if ((rc = call_model(c, req, on_delta, arg, &text, out, st)))
    goto out;
  char *q = clean_question(text);
  size_t qn = strlen(q);
  if (qn == 0 || qn >= sizeof(plan->text) || q[0] == '{') {
    rc = outcome_fail(out, st, DBF_LLM_E_INVALID,
                      qn == 0 ? "the model returned an empty question"
                              : "the model's question is too long or not prose");
    goto out;
  }
  if (!(*question = dbf_strdup(q)))
    goto nomem;
  goto out;
nomem:
  rc = outcome_fail(out, st, DBF_LLM_E_NOMEM, "out of memory building the prompt");
out:
  dbf_free(text);
  dbf_free(msgs);
  dbf_buf_free(&sys);
  return rc;
}

dbf_err dbf_iv_extract(const dbf_iv_ctx *c, const char *answer, int64_t seq,
                       const char *const *target_fields, size_t n_target_fields, json_t **updates,
                       dbf_iv_outcome *out, dbf_status *st) {
  dbf_err rc = DBF_OK;
  char *text = NULL;
  json_t *schema = NULL;
  dbf_llm_message *msgs = NULL;
  size_t n_msgs = 0;
  dbf_buf sys, task;
  dbf_buf_init(&sys, PROMPT_MAX);
  dbf_buf_init(&task, PROMPT_MAX);
  memset(out, 0, sizeof(*out));
  *updates = NULL;
  if (!(schema = dbf_iv_extract_schema(c->tpl)))
    goto nomem;
  if ((rc = append_persona(c, &sys)) || (rc = append_context(c, &sys)))
    goto nomem;
  if ((rc = dbf_buf_appends(&sys, "\n## Fields\n")))
    goto nomem;
  for (size_t i = 0; i < c->tpl->n_fields; i++) {
    const dbf_template_field *f = &c->tpl->fields[i];
    if ((rc = dbf_buf_printf(&sys, "- %s (%s)%s: %s\n", f->key, dbf_field_type_name(f->type),
                             target_has(target_fields, n_target_fields, f->key)
                                 ? " [the question asked about this]"
                                 : "",
                             f->description ? f->description : "")))
      goto nomem;
  }
  if ((rc = dbf_buf_appends(
           &sys, "\n## Your task\nYou are now the note-taker, not the interviewer. Read the "
                 "person's last answer and fill every field it states, using the person's own "
                 "words and numbers. Use null for a field the answer does not mention; never "
                 "infer, never repeat facts from earlier turns. Money is {amount, currency} "
                 "with an ISO currency code; dates are ISO (YYYY-MM-DD or YYYY-MM) or the "
                 "person's phrase. confidence is in [0, 1]: how clearly the answer states it.\n")))
    goto nomem;
  if ((rc = dbf_buf_appends(&task, "The answer to extract from:\n\"\"\"\n")) ||
      (rc = dbf_buf_appends(&task, answer ? answer : "")) ||
      (rc = dbf_buf_appends(&task, "\n\"\"\"")))
    goto nomem;
  if (!(msgs = messages_with(c, task.data, &n_msgs)))
    goto nomem;
  dbf_llm_request req = {.system = sys.data,
                         .messages = msgs,
                         .n_messages = n_msgs,
                         .schema = schema,
                         .schema_name = "extraction",
                         .temperature = 0};
  if ((rc = call_model(c, req, NULL, NULL, &text, out, st)))
    goto out;
  dbf_status pst = {0};
  rc = dbf_iv_parse_extraction(c->tpl, c->subject, answer, seq, text, updates, &out->dropped, &pst);
  if (rc) {
    rc = outcome_fail(out, st, rc == DBF_ERR_NOMEM ? DBF_LLM_E_NOMEM : DBF_LLM_E_INVALID, pst.msg);
    goto out;
  }
  goto out;
nomem:
  rc = outcome_fail(out, st, DBF_LLM_E_NOMEM, "out of memory building the prompt");
out:
  dbf_free(text);
  dbf_free(msgs);
  json_decref(schema);
  dbf_buf_free(&sys);
  dbf_buf_free(&task);
  return rc;
}

dbf_err dbf_iv_summary(const dbf_iv_ctx *c, json_t **summary, dbf_iv_outcome *out, dbf_status *st) {
  dbf_err rc = DBF_OK;
  char *text = NULL;
  json_t *ref = NULL, *schema = NULL, *props = NULL;
  dbf_llm_message *msgs = NULL;
  size_t n_msgs = 0;
  dbf_buf sys;
  dbf_buf_init(&sys, PROMPT_MAX);
  memset(out, 0, sizeof(*out));
  *summary = NULL;
  /* The deterministic summary is both the draft and the shape to keep. */
  ref = dbf_summarize(c->tpl, c->record, c->subject);
  props = json_object();
  if (!ref || !props)
    goto nomem;
  for (size_t i = 0; i < c->tpl->n_summary; i++) {
    const json_t *r = json_object_get(ref, c->tpl->summary[i].key);
    json_object_set_new(props, c->tpl->summary[i].key,
                        r ? dbf__iv_shape_schema(r, 0) : dbf__iv_nullable("string"));
  }
  schema = dbf__iv_strict_object(props);
  props = NULL;
  if (!schema)
    goto nomem;
  if ((rc = append_persona(c, &sys)) || (rc = append_context(c, &sys)) ||
      (rc = dbf_buf_appends(&sys, "\n## Summary sections\n")))
    goto nomem;
  for (size_t i = 0; i < c->tpl->n_summary; i++) {
    const dbf_summary_section *s = &c->tpl->summary[i];
    if ((rc = dbf_buf_printf(&sys, "- %s: %s. %s\n", s->key, s->title ? s->title : s->key,
                             s->description ? s->description : "")))
      goto nomem;
  }
  if ((rc = dbf_buf_appends(&sys, "\n## Draft (deterministic; keep its exact JSON shape)\n")) ||
      (rc = append_json(&sys, ref)) ||
      (rc = dbf_buf_appends(
           &sys, "\n\n## Your task\nWrite the final summary of this interview as one JSON "
                 "object with exactly these sections, improving the draft's wording from the "
                 "transcript. State only facts the person gave; do not invent names, numbers "
                 "or dates.\n")))
    goto nomem;
  if (!(msgs = messages_with(c, "(Write the summary JSON now.)", &n_msgs)))
    goto nomem;
  dbf_llm_request req = {.system = sys.data,
                         .messages = msgs,
                         .n_messages = n_msgs,
                         .schema = schema,
                         .schema_name = "summary",
                         .max_tokens = 2048,
                         .temperature = 0.2};
  if ((rc = call_model(c, req, NULL, NULL, &text, out, st)))
    goto out;
  dbf_status pst = {0};
  if ((rc = dbf_iv_parse_summary(c->tpl, ref, text, summary, &pst))) {
    rc = outcome_fail(out, st, DBF_LLM_E_INVALID, pst.msg);
    goto out;
  }
  goto out;
nomem:
  rc = outcome_fail(out, st, DBF_LLM_E_NOMEM, "out of memory building the prompt");
out:
  dbf_free(text);
  dbf_free(msgs);
  json_decref(ref);
  json_decref(props);
  json_decref(schema);
  dbf_buf_free(&sys);
  return rc;
}
