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

#define PROMPT_FILE_MAX     (64 * 1024)  /* a system prompt file */
#define PROMPT_MAX          (512 * 1024) /* a whole prompt */
#define QUESTION_TRANSCRIPT 4   /* messages a question or summary sees: the last two exchanges */
#define EXTRACT_MAX_TOKENS  400 /* an extraction reply */
#define OPENING_MAX_TOKENS  800 /* ... of the opening, which may state every field */

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

/* At most n bytes of s, cut at a word and marked with "...". */
static dbf_err append_short(dbf_buf *b, const char *s, size_t n) {
  size_t len = strlen(s);
  if (len <= n)
    return dbf_buf_appends(b, s);
  while (n > 0 && s[n] != ' ')
    n--;
  return dbf_buf_printf(b, "%.*s...", (int)n, s);
}

/* A short digest of a value: strings as they are, lists joined, objects by member. */
static dbf_err append_digest(dbf_buf *b, const json_t *v, size_t n) {
  if (json_is_string(v))
    return append_short(b, json_string_value(v), n);
  char *s = json_dumps(v, JSON_COMPACT | JSON_ENCODE_ANY);
  if (!s)
    return DBF_ERR_NOMEM;
  dbf_err rc = append_short(b, s, n);
  dbf_free(s);
  return rc;
}

#define DIGEST_VALUE_BYTES 60 /* a known value's share of the record digest */

/*
 * The shared context block, kept short because prompt tokens dominate a
 * turn on a CPU: interview, subject, a digest of the known fields, the
 * keys still missing, open items.
 */
static dbf_err append_context(const dbf_iv_ctx *c, dbf_buf *b) {
  const dbf_template *t = c->tpl;
  dbf_err rc = dbf_buf_printf(b, "\n\n## Interview\n%s\n", t->title ? t->title : t->slug);
  const char *title = json_string_value(json_object_get(c->subject, "title"));
  const char *key = json_string_value(json_object_get(c->subject, "key"));
  if (!rc && (title || key))
    rc = dbf_buf_printf(b, "Subject: %s (%s)\n", title && *title ? title : "-", key ? key : "-");
  if (!rc)
    rc = dbf_buf_appends(b, "\n## Known so far\n");
  size_t known = 0;
  for (size_t i = 0; !rc && i < t->n_fields; i++) {
    const json_t *v = json_object_get(rec_entry(c->record, t->fields[i].key), "value");
    if (!v || json_is_null(v))
      continue;
    known++;
    rc = dbf_buf_printf(b, "- %s: ", t->fields[i].key);
    if (!rc)
      rc = append_digest(b, v, DIGEST_VALUE_BYTES);
    if (!rc)
      rc = dbf_buf_appends(b, "\n");
  }
  if (!rc && known == 0)
    rc = dbf_buf_appends(b, "(nothing yet)\n");
  if (!rc)
    rc = dbf_buf_appends(b, "\n## Still missing\n");
  bool first = true;
  for (size_t i = 0; !rc && i < t->n_fields; i++) {
    const dbf_template_field *f = &t->fields[i];
    const json_t *v = json_object_get(rec_entry(c->record, f->key), "value");
    if (v && !json_is_null(v))
      continue;
    rc = dbf_buf_printf(b, "%s%s", first ? "" : ", ", f->key);
    first = false;
  }
  if (!rc)
    rc = dbf_buf_appends(b, first ? "(nothing)\n" : "\n");
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

/*
 * Copies the last keep messages of the transcript (all of it when keep is
 * 0) and appends a final user turn carrying the task.
 */
static dbf_llm_message *messages_with(const dbf_iv_ctx *c, size_t keep, const char *task,
                                      size_t *n) {
  size_t from = keep && c->n_transcript > keep ? c->n_transcript - keep : 0;
  size_t k = c->n_transcript - from;
  dbf_llm_message *m = dbf_calloc(k + 1, sizeof(*m));
  if (!m)
    return NULL;
  for (size_t i = 0; i < k; i++)
    m[i] = c->transcript[from + i];
  m[k].role = DBF_LLM_USER;
  m[k].text = task;
  *n = k + 1;
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
  if (!(msgs = messages_with(c, QUESTION_TRANSCRIPT, "(Write the next interview question now.)",
                             &n_msgs)))
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

/* ---- extraction ---- */

/* How a field's value is written, in a few words. */
static const char *type_hint(const dbf_template_field *f) {
  switch (f->type) {
    case DBF_FIELD_MONEY:
      return "money {\"amount\": number, \"currency\": ISO code}";
    case DBF_FIELD_DATE:
      return f->n_item_keys > 0 ? "dates" : "date";
    case DBF_FIELD_ENUM:
      return "one of";
    case DBF_FIELD_LIST:
      return "list of short items";
    case DBF_FIELD_OBJECT_LIST:
      return "list of";
    case DBF_FIELD_NUMBER:
      return "number";
    case DBF_FIELD_BOOL:
      return "true or false";
    case DBF_FIELD_TEXT:
      return "text";
    case DBF_FIELD_STRING:
      break;
  }
  return "short text";
}

/* " a, b, c": the keys after a space. */
static dbf_err append_keys(dbf_buf *b, char *const *keys, size_t n, const char *sep) {
  dbf_err rc = DBF_OK;
  for (size_t i = 0; !rc && i < n; i++)
    rc = dbf_buf_printf(b, "%s%s", i ? sep : " ", keys[i]);
  return rc;
}

/* "budget (money {...})" or "attendees (list of name, role, company)". */
static dbf_err append_field_type(dbf_buf *b, const dbf_template_field *f) {
  dbf_err rc = dbf_buf_printf(b, "%s (%s", f->key, type_hint(f));
  if (!rc && f->type == DBF_FIELD_ENUM)
    rc = append_keys(b, f->enum_values, f->n_enum_values, ", ");
  else if (!rc && f->n_item_keys > 0 && f->type != DBF_FIELD_MONEY)
    rc = append_keys(b, f->item_keys, f->n_item_keys, ", ");
  return rc ? rc : dbf_buf_appends(b, ")");
}

/* The empty ("not stated") value of f. A new reference. */
static json_t *empty_of(const dbf_template_field *f) {
  switch (f->type) {
    case DBF_FIELD_MONEY:
      return json_pack("{s:i, s:s}", "amount", 0, "currency", "");
    case DBF_FIELD_LIST:
    case DBF_FIELD_OBJECT_LIST:
      return json_array();
    case DBF_FIELD_NUMBER:
      return json_integer(0);
    case DBF_FIELD_BOOL:
      return json_false();
    case DBF_FIELD_DATE:
      if (f->n_item_keys > 0) {
        json_t *o = json_object();
        for (size_t i = 0; i < f->n_item_keys; i++)
          json_object_set_new(o, f->item_keys[i], json_string(""));
        return o;
      }
      break;
    default:
      break;
  }
  return json_string("");
}

/* A stand-in value for an object item's member, by its usual key name. */
static const char *item_sample(const char *key, const char *year) {
  static const char *const pairs[][2] = {{"name", "Ana Ruiz"},
                                         {"role", "CFO"},
                                         {"company", "Kestrel Labs"},
                                         {"action", "send the revised quote"},
                                         {"owner", "Ana"},
                                         {"metric", "onboarding time"},
                                         {"value", "down 40%"}};
  for (size_t i = 0; i < DBF_ARRAY_LEN(pairs); i++)
    if (strcmp(key, pairs[i][0]) == 0)
      return pairs[i][1];
  return strcmp(key, "due") == 0 ? year : "";
}

/*
 * A worked example for f: a made-up answer, its value and the evidence.
 * year is the reference date's "YYYY" (dates resolve against it). The
 * answer goes to ans; *value and *evidence are new references.
 */
static dbf_err example_for(const dbf_template_field *f, const char *year, dbf_buf *ans,
                           json_t **value, json_t **evidence) {
  char tmp[160];
  const char *ev = NULL;
  dbf_err rc = DBF_OK;
  *value = NULL;
  switch (f->type) {
    case DBF_FIELD_MONEY:
      rc = dbf_buf_appends(ans, "They have about 40k euros for it.");
      *value = json_pack("{s:i, s:s}", "amount", 40000, "currency", "EUR");
      ev = "about 40k euros";
      break;
    case DBF_FIELD_DATE:
      if (f->n_item_keys >= 2) {
        rc = dbf_buf_appends(ans, "From May 2019 until June 2022.");
        *value = json_pack("{s:s, s:s}", f->item_keys[0], "2019-05", f->item_keys[1], "2022-06");
        ev = "From May 2019 until June 2022";
      } else {
        rc = dbf_buf_appends(ans, "They want to decide by April 30.");
        snprintf(tmp, sizeof tmp, "%s-04-30", year);
        *value = json_string(tmp);
        ev = "by April 30";
      }
      break;
    case DBF_FIELD_ENUM: {
      const char *v = f->n_enum_values ? f->enum_values[f->n_enum_values / 2] : "";
      snprintf(tmp, sizeof tmp, "I would say %s.", v);
      for (char *p = tmp; *p; p++)
        *p = *p == '_' ? ' ' : *p;
      rc = dbf_buf_appends(ans, tmp);
      *value = json_string(v);
      ev = tmp;
      break;
    }
    case DBF_FIELD_LIST: {
      const char *a = f->n_examples > 0 ? f->examples[0] : "faster onboarding";
      const char *b2 = f->n_examples > 1 ? f->examples[1] : "fewer manual reports";
      rc = dbf_buf_printf(ans, "Mainly %s, and %s.", a, b2);
      *value = json_pack("[s,s]", a, b2);
      break;
    }
    case DBF_FIELD_OBJECT_LIST: {
      json_t *item = json_object();
      for (size_t i = 0; item && i < f->n_item_keys; i++)
        json_object_set_new(item, f->item_keys[i], json_string(item_sample(f->item_keys[i], year)));
      const char *k0 = f->n_item_keys ? f->item_keys[0] : "";
      if (strcmp(k0, "name") == 0)
        rc = dbf_buf_appends(ans, "We met Ana Ruiz, the CFO of Kestrel Labs.");
      else if (strcmp(k0, "action") == 0)
        rc = dbf_buf_printf(ans, "Ana will send the revised quote by the end of %s.", year);
      else if (strcmp(k0, "metric") == 0)
        rc = dbf_buf_appends(ans, "Onboarding time went down 40%.");
      else
        rc = dbf_buf_appends(ans, f->n_examples ? f->examples[0] : "Ana Ruiz");
      *value = f->n_item_keys ? json_pack("[o]", item)
                              : (json_decref(item),
                                 json_pack("[s]", f->n_examples ? f->examples[0] : "Ana Ruiz"));
      break;
    }
    case DBF_FIELD_NUMBER:
      rc = dbf_buf_appends(ans, "About 12.");
      *value = json_integer(12);
      break;
    case DBF_FIELD_BOOL:
      rc = dbf_buf_appends(ans, "Yes, they did.");
      *value = json_true();
      break;
    case DBF_FIELD_TEXT:
    case DBF_FIELD_STRING: {
      const char *v = f->n_examples > 0 ? f->examples[0] : "a pilot on two sites";
      rc = dbf_buf_printf(ans, "%s.", v);
      *value = json_string(v);
      ev = v;
      break;
    }
  }
  if (!rc && ans->len > 1 && !ev) {
    /* The whole answer, without its final full stop, is the evidence. */
    *evidence = json_stringn(ans->data, ans->len - 1);
  } else {
    *evidence = json_string(ev ? ev : "");
  }
  return rc ? rc : (*value && *evidence ? DBF_OK : DBF_ERR_NOMEM);
}

/* One example: the question, the answer and the reply, with targets[0] given or not. */
static dbf_err append_example(dbf_buf *b, const dbf_iv_ctx *c, const char *const *targets,
                              size_t n_targets, const char *year, bool given) {
  dbf_buf ans;
  dbf_buf_init(&ans, 4096);
  json_t *reply = json_object(), *value = NULL, *evidence = NULL;
  dbf_err rc = reply ? DBF_OK : DBF_ERR_NOMEM;
  const dbf_template_field *f0 = dbf_template_field_find(c->tpl, targets[0]);
  if (!rc && given)
    rc = example_for(f0, year, &ans, &value, &evidence);
  else if (!rc)
    rc = dbf_buf_appends(&ans, "No, that did not come up.");
  for (size_t i = 0; !rc && i < n_targets; i++) {
    const dbf_template_field *f = dbf_template_field_find(c->tpl, targets[i]);
    bool filled = i == 0 && given;
    json_t *e = json_pack("{s:O?, s:O?}", "value", filled ? value : NULL, "evidence",
                          filled ? evidence : NULL);
    if (!e)
      rc = DBF_ERR_NOMEM;
    if (!rc && !filled) {
      json_object_set_new(e, "value", empty_of(f));
      json_object_set_new(e, "evidence", json_string(""));
    }
    if (!rc)
      json_object_set_new(reply, targets[i], e);
  }
  if (!rc && n_targets < c->tpl->n_fields)
    json_object_set_new(reply, "other_fields", json_array());
  if (!rc)
    rc = dbf_buf_printf(b, "\nQuestion: %s\nAnswer: %s\nJSON: ",
                        f0->ask           ? f0->ask
                        : f0->description ? f0->description
                                          : f0->key,
                        ans.data);
  if (!rc)
    rc = append_json(b, reply);
  if (!rc)
    rc = dbf_buf_appends(b, "\n");
  json_decref(reply);
  json_decref(value);
  json_decref(evidence);
  dbf_buf_free(&ans);
  return rc;
}

/* The question the answer replies to: the transcript's last one. */
static const char *last_question(const dbf_iv_ctx *c) {
  for (size_t i = c->n_transcript; i-- > 0;)
    if (c->transcript[i].role == DBF_LLM_ASSISTANT && c->transcript[i].text)
      return c->transcript[i].text;
  return NULL;
}

/*
 * The extraction prompt: a fixed system part (the same for every answer of
 * a template, so a server that caches prompt prefixes reads it once), then
 * one user turn with the asked fields, the others by name, the known keys,
 * two examples, and the question and answer.
 */
static dbf_err extract_prompt(const dbf_iv_ctx *c, const char *answer, const char *const *targets,
                              size_t n_targets, dbf_buf *sys, dbf_buf *task) {
  const dbf_template *t = c->tpl;
  char year[5] = "2026";
  if (c->reference_date && strlen(c->reference_date) >= 4)
    snprintf(year, sizeof year, "%.4s", c->reference_date);
  dbf_err rc = dbf_buf_printf(
      sys,
      "You take notes for an interview (%s). Fill in fields from the person's answer alone, "
      "in their own words; never guess, never use earlier answers.\n"
      "Reply with one JSON object. For each asked field: {\"value\": ..., \"evidence\": the "
      "exact words of the answer it comes from}; when the answer does not give it, an empty "
      "value (\"\", [] or 0) and \"evidence\": \"\". In \"other_fields\", list each other "
      "field the answer clearly states, as {\"field\", \"value\", \"evidence\"}; [] when none.\n"
      "Dates are ISO: YYYY-MM-DD, or YYYY-MM without a day. Money is an amount and an ISO "
      "currency code.",
      t->title ? t->title : t->slug);
  if (!rc && n_targets > 0) {
    rc = dbf_buf_appends(task, "Asked fields:\n");
    for (size_t i = 0; !rc && i < n_targets; i++) {
      const dbf_template_field *f = dbf_template_field_find(t, targets[i]);
      if (!f)
        continue;
      rc = dbf_buf_appends(task, "- ");
      if (!rc)
        rc = append_field_type(task, f);
      if (!rc)
        rc = dbf_buf_printf(task, ": %s\n", f->description ? f->description : "");
    }
  }
  if (!rc && n_targets < t->n_fields)
    rc = dbf_buf_appends(task, n_targets ? "Other fields: " : "Fields: ");
  bool first = true;
  for (size_t i = 0; !rc && i < t->n_fields; i++) {
    const dbf_template_field *f = &t->fields[i];
    if (target_has(targets, n_targets, f->key))
      continue;
    rc = dbf_buf_appends(task, first ? "" : "; ");
    if (!rc)
      rc = append_field_type(task, f);
    first = false;
  }
  if (!rc)
    rc = dbf_buf_appends(task, "\nAlready known: ");
  first = true;
  for (size_t i = 0; !rc && i < t->n_fields; i++) {
    const json_t *v = json_object_get(rec_entry(c->record, t->fields[i].key), "value");
    if (!v || json_is_null(v))
      continue;
    rc = dbf_buf_printf(task, "%s%s", first ? "" : ", ", t->fields[i].key);
    first = false;
  }
  if (!rc)
    rc = dbf_buf_printf(task, "%s\nToday is %s.\n", first ? "nothing" : "",
                        c->reference_date ? c->reference_date : "unknown");
  if (!rc && n_targets > 0) {
    rc = dbf_buf_appends(task, "\nExamples:");
    if (!rc)
      rc = append_example(task, c, targets, n_targets, year, true);
    if (!rc)
      rc = append_example(task, c, targets, n_targets, year, false);
  }
  const char *q = last_question(c);
  if (!rc)
    rc = dbf_buf_printf(task, "\nNow the real one.\nQuestion: %s\nAnswer: %s\nJSON:",
                        q ? q : "(the opening question)", answer ? answer : "");
  return rc;
}

dbf_err dbf_iv_extract(const dbf_iv_ctx *c, const char *answer, int64_t seq,
                       const char *const *target_fields, size_t n_target_fields, json_t **updates,
                       dbf_iv_outcome *out, dbf_status *st) {
  dbf_err rc = DBF_OK;
  char *text = NULL;
  json_t *schema = NULL;
  const char *targets[8];
  size_t n_targets = 0;
  dbf_buf sys, task;
  dbf_buf_init(&sys, PROMPT_MAX);
  dbf_buf_init(&task, PROMPT_MAX);
  memset(out, 0, sizeof(*out));
  *updates = NULL;
  /* Only fields of this template, each once. */
  for (size_t i = 0; i < n_target_fields && n_targets < DBF_ARRAY_LEN(targets); i++)
    if (dbf_template_field_find(c->tpl, target_fields[i]) &&
        !target_has(targets, n_targets, target_fields[i]))
      targets[n_targets++] = target_fields[i];
  if (!(schema = dbf_iv_extract_schema(c->tpl, targets, n_targets)))
    goto nomem;
  if ((rc = extract_prompt(c, answer, targets, n_targets, &sys, &task)))
    goto nomem;
  dbf_llm_message msg = {.role = DBF_LLM_USER, .text = task.data};
  dbf_llm_request req = {.system = sys.data,
                         .messages = &msg,
                         .n_messages = 1,
                         .schema = schema,
                         .schema_name = "extraction",
                         .max_tokens = n_targets ? EXTRACT_MAX_TOKENS : OPENING_MAX_TOKENS,
                         .temperature = 0};
  if ((rc = call_model(c, req, NULL, NULL, &text, out, st)))
    goto out;
  dbf_status pst = {0};
  rc = dbf_iv_parse_extraction(c->tpl, c->subject, answer, seq, targets, n_targets, text, updates,
                               &out->counts, &pst);
  if (rc) {
    rc = outcome_fail(out, st, rc == DBF_ERR_NOMEM ? DBF_LLM_E_NOMEM : DBF_LLM_E_INVALID, pst.msg);
    goto out;
  }
  goto out;
nomem:
  rc = outcome_fail(out, st, DBF_LLM_E_NOMEM, "out of memory building the prompt");
out:
  dbf_free(text);
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
  /* The draft carries the facts; the last exchanges give the tone. */
  if (!(msgs = messages_with(c, QUESTION_TRANSCRIPT, "(Write the summary JSON now.)", &n_msgs)))
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
