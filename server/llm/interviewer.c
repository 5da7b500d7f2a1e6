/*
 * interviewer.c - prompts, schemas and validation for the model-backed
 * interviewer (see interviewer.h).
 *
 * The model never gets the last word on facts. Extraction output is
 * type-checked against the template and each value must be supported by
 * the user's own words: every number, and the significant words of a
 * string, must appear in the answer; an enum needs a cue; a date a date
 * word. Summaries must have the shape of the deterministic summary of the
 * same record, so every consumer of summaries sees one shape.
 */
#include "llm/interviewer.h"

#include <ctype.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/alloc.h"
#include "core/buf.h"
#include "engine/money.h"

#define PROMPT_FILE_MAX  (64 * 1024)  /* a system prompt file */
#define PROMPT_MAX       (512 * 1024) /* a whole prompt */
#define LLM_CONF_CAP     0.85         /* model confidence never outranks a person's edit */
#define TEXT_FIELD_RATIO 0.7          /* share of a free-text value's words the answer must hold */
#define MAX_TOKENS_WORDS 256          /* tokens considered per value or answer */

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
static dbf_err call_model(const dbf_iv_ctx *c, const dbf_llm_request *req,
                          dbf_llm_delta_fn on_delta, void *arg, char **text, dbf_iv_outcome *out,
                          dbf_status *st) {
  dbf_llm_result r;
  *text = NULL;
  if (!dbf_llm_enabled(c->llm))
    return outcome_fail(out, st, DBF_LLM_E_NO_PROVIDER, "no LLM provider is configured");
  dbf_err rc = dbf_llm_run(c->llm, req, on_delta, arg, &r, st);
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
                         .temperature = -1,
                         .deadline_ms = c->deadline_ms,
                         .cancelled = c->cancelled,
                         .cancel_arg = c->cancel_arg};
  if ((rc = call_model(c, &req, on_delta, arg, &text, out, st)))
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

/* ---- extraction schema ---- */

static json_t *nullable(const char *type) {
  return json_pack("{s:[s,s]}", "type", type, "null");
}

static json_t *strict_object(json_t *props) {
  json_t *req = json_array();
  const char *k;
  json_t *v;
  json_object_foreach(props, k, v) {
    json_array_append_new(req, json_string(k));
  }
  return json_pack("{s:s, s:o, s:o, s:b}", "type", "object", "properties", props, "required", req,
                   "additionalProperties", 0);
}

static json_t *value_schema(const dbf_template_field *f) {
  json_t *s = NULL;
  switch (f->type) {
    case DBF_FIELD_NUMBER:
      return nullable("number");
    case DBF_FIELD_BOOL:
      return nullable("boolean");
    case DBF_FIELD_ENUM: {
      json_t *e = json_array();
      for (size_t i = 0; i < f->n_enum_values; i++)
        json_array_append_new(e, json_string(f->enum_values[i]));
      json_array_append_new(e, json_null());
      s = nullable("string");
      json_object_set_new(s, "enum", e);
      return s;
    }
    case DBF_FIELD_MONEY:
      s = strict_object(json_pack("{s:{s:s}, s:{s:s}}", "amount", "type", "number", "currency",
                                  "type", "string"));
      json_object_set_new(s, "type", json_pack("[s,s]", "object", "null"));
      return s;
    case DBF_FIELD_LIST:
      return json_pack("{s:[s,s], s:{s:s}}", "type", "array", "null", "items", "type", "string");
    case DBF_FIELD_OBJECT_LIST:
    case DBF_FIELD_DATE:
    case DBF_FIELD_TEXT:
    case DBF_FIELD_STRING:
      break;
  }
  if (f->n_item_keys > 0 && (f->type == DBF_FIELD_OBJECT_LIST || f->type == DBF_FIELD_DATE)) {
    json_t *props = json_object();
    for (size_t i = 0; i < f->n_item_keys; i++)
      json_object_set_new(props, f->item_keys[i], nullable("string"));
    json_t *obj = strict_object(props);
    if (f->type == DBF_FIELD_DATE) {
      json_object_set_new(obj, "type", json_pack("[s,s]", "object", "null"));
      return obj;
    }
    return json_pack("{s:[s,s], s:o}", "type", "array", "null", "items", obj);
  }
  if (f->type == DBF_FIELD_OBJECT_LIST)
    return json_pack("{s:[s,s], s:{s:s}}", "type", "array", "null", "items", "type", "string");
  return nullable("string");
}

json_t *dbf_iv_extract_schema(const dbf_template *tpl) {
  json_t *props = json_object();
  if (!props)
    return NULL;
  for (size_t i = 0; i < tpl->n_fields; i++) {
    const dbf_template_field *f = &tpl->fields[i];
    json_t *entry = strict_object(
        json_pack("{s:o, s:{s:s}}", "value", value_schema(f), "confidence", "type", "number"));
    if (!entry) {
      json_decref(props);
      return NULL;
    }
    json_object_set_new(entry, "type", json_pack("[s,s]", "object", "null"));
    json_object_set_new(props, f->key, entry);
  }
  return strict_object(props);
}

/* ---- grounding ---- */

/* Lowercased ASCII alphanumeric tokens of s (others are separators). */
typedef struct tokens {
  char *buf; /* owned: the tokens, NUL-separated */
  const char *t[MAX_TOKENS_WORDS];
  size_t n;
} tokens;

static void tokenize(const char *s, tokens *tk) {
  size_t n = strlen(s);
  tk->n = 0;
  tk->buf = dbf_malloc(n + 1);
  if (!tk->buf)
    return;
  size_t o = 0;
  for (size_t i = 0; i < n && tk->n < MAX_TOKENS_WORDS;) {
    while (i < n && !isalnum((unsigned char)s[i]))
      i++;
    if (i >= n)
      break;
    tk->t[tk->n++] = tk->buf + o;
    while (i < n && (isalnum((unsigned char)s[i]) ||
                     /* 1.5 and 180,000 stay one token */
                     ((s[i] == '.' || s[i] == ',') && i > 0 && isdigit((unsigned char)s[i - 1]) &&
                      i + 1 < n && isdigit((unsigned char)s[i + 1])))) {
      if (s[i] != ',')
        tk->buf[o++] = (char)tolower((unsigned char)s[i]);
      i++;
    }
    tk->buf[o++] = '\0';
  }
}

static void tokens_free(tokens *tk) {
  dbf_free(tk->buf);
  tk->buf = NULL;
  tk->n = 0;
}

static bool is_number(const char *t) {
  if (!isdigit((unsigned char)*t))
    return false;
  for (; *t; t++)
    if (!isdigit((unsigned char)*t) && *t != '.')
      return false;
  return true;
}

static const char *const stopwords[] = {
    "the",  "and",  "for",   "with",  "from",  "that", "this", "they", "their", "them",  "our",
    "was",  "were", "are",   "has",   "have",  "had",  "but",  "not",  "about", "into",  "onto",
    "its",  "his",  "her",   "she",   "him",   "you",  "your", "will", "would", "could", "been",
    "also", "some", "any",   "all",   "per",   "via",  "who",  "what", "when",  "where", "which",
    "than", "then", "there", "these", "those", "over", NULL};

static bool is_stopword(const char *t) {
  for (size_t i = 0; stopwords[i]; i++)
    if (strcmp(t, stopwords[i]) == 0)
      return true;
  return false;
}

/* Strips a few English suffixes so "pricing" meets "price" and "demos" "demo". */
static size_t stem_len(const char *t) {
  static const char *const suf[] = {"ing", "ed", "es", "s", "ly", "e", NULL};
  size_t n = strlen(t);
  for (size_t i = 0; suf[i]; i++) {
    size_t k = strlen(suf[i]);
    if (n > k + 2 && strcmp(t + n - k, suf[i]) == 0)
      return n - k;
  }
  return n;
}

static bool word_in(const tokens *ans, const char *w) {
  size_t wl = stem_len(w);
  for (size_t i = 0; i < ans->n; i++) {
    const char *a = ans->t[i];
    if (strcmp(a, w) == 0)
      return true;
    size_t al = stem_len(a);
    if (al == wl && al >= 3 && strncmp(a, w, al) == 0)
      return true;
  }
  return false;
}

/* Numbers the answer states, with k/m/bn and thousand/million/billion applied. */
static bool number_in(const tokens *ans, double v) {
  for (size_t i = 0; i < ans->n; i++) {
    const char *a = ans->t[i];
    char *end = NULL;
    if (!isdigit((unsigned char)a[0]))
      continue;
    double x = strtod(a, &end);
    double mult = 1;
    const char *suffix = end;
    if (!*suffix && i + 1 < ans->n)
      suffix = ans->t[i + 1]; /* "180 k", "2 million" */
    if (strcmp(suffix, "k") == 0 || strcmp(suffix, "thousand") == 0)
      mult = 1e3;
    else if (strcmp(suffix, "m") == 0 || strcmp(suffix, "mm") == 0 ||
             strcmp(suffix, "million") == 0)
      mult = 1e6;
    else if (strcmp(suffix, "b") == 0 || strcmp(suffix, "bn") == 0 ||
             strcmp(suffix, "billion") == 0)
      mult = 1e9;
    double tol = fabs(v) * 0.005 + 1e-9;
    if (fabs(x - v) <= tol || fabs(x * mult - v) <= tol)
      return true;
  }
  return false;
}

/*
 * A string value is supported when each number in it and enough of its
 * significant words (all, or ratio for free text) appear in the answer.
 */
static bool string_grounded(const tokens *ans, const char *answer, const char *v, double ratio) {
  tokens vt;
  tokenize(v, &vt);
  if (!vt.buf)
    return false;
  size_t sig = 0, hit = 0;
  bool ok = true;
  for (size_t i = 0; ok && i < vt.n; i++) {
    const char *w = vt.t[i];
    if (is_number(w)) {
      char *end = NULL;
      double x = strtod(w, &end);
      ok = word_in(ans, w) || number_in(ans, x);
      continue;
    }
    if (strlen(w) < 3 || is_stopword(w))
      continue;
    sig++;
    hit += word_in(ans, w);
  }
  tokens_free(&vt);
  if (!ok)
    return false;
  if (sig == 0)
    return strcasestr(answer, v) != NULL; /* "Q3", "IT": the literal must be there */
  return (double)hit >= ratio * (double)sig - 1e-9;
}

static const char *const date_cues[] = {
    "jan",      "feb",      "mar",       "apr",     "may",      "jun",       "jul",
    "aug",      "sep",      "sept",      "oct",     "nov",      "dec",       "january",
    "february", "march",    "april",     "june",    "july",     "august",    "september",
    "october",  "november", "december",  "monday",  "tuesday",  "wednesday", "thursday",
    "friday",   "saturday", "sunday",    "today",   "tomorrow", "yesterday", "week",
    "weeks",    "month",    "months",    "quarter", "year",     "years",     "eod",
    "eow",      "eom",      "eoq",       "eoy",     "q1",       "q2",        "q3",
    "q4",       "h1",       "h2",        "next",    "last",     "end",       "present",
    "now",      "current",  "currently", "since",   "ago",      "until",     "till",
    "by",       NULL};

/* The value of t's leading digits (at most 6, else -1); *end after them. */
static long lead_int(const char *t, const char **end) {
  long x = 0;
  size_t i = 0;
  while (isdigit((unsigned char)t[i]) && i < 6)
    x = x * 10 + (t[i++] - '0');
  *end = t + i;
  return i == 0 || isdigit((unsigned char)t[i]) ? -1 : x;
}

static bool date_grounded(const tokens *ans, const char *answer, const char *v) {
  if (string_grounded(ans, answer, v, 1.0))
    return true;
  /* ISO "2026-11-30": the day, the year or a date word must be there. */
  int y = 0, m = 0, d = 0;
  int got = sscanf(v, "%4d-%2d-%2d", &y, &m, &d);
  if (got < 1)
    return false;
  for (size_t i = 0; i < ans->n; i++) {
    for (size_t k = 0; date_cues[k]; k++)
      if (strcmp(ans->t[i], date_cues[k]) == 0)
        return true;
    const char *end = NULL;
    long x = lead_int(ans->t[i], &end);
    if (x >= 0 && !*end && (x == y || (got == 3 && x == d)))
      return true;
    /* "30th", "1st" */
    if (got == 3 && x == d &&
        (strcmp(end, "st") == 0 || strcmp(end, "nd") == 0 || strcmp(end, "rd") == 0 ||
         strcmp(end, "th") == 0))
      return true;
  }
  return false;
}

typedef struct enum_cue {
  const char *value;
  const char *const cues[8];
} enum_cue;

/* Words people use for the built-in enums' values; the value's own words always count. */
static const enum_cue enum_cues[] = {
    {"closed_won", {"won", "signed", "closed", "win", "booked", NULL}},
    {"closed_lost", {"lost", "lose", "declined", "passed", "chose", NULL}},
    {"negotiation", {"negotiating", "negotiate", "terms", "contract", "redlines", NULL}},
    {"proposal", {"proposal", "quote", "pricing", "sow", NULL}},
    {"discovery", {"discovery", "intro", "first", "exploratory", NULL}},
    {"qualification", {"qualify", "qualifying", "qualified", "bant", NULL}},
    {"prospecting", {"prospect", "outreach", "cold", NULL}},
    {"positive", {"great", "good", "excited", "happy", "positive", "enthusiastic", "well", NULL}},
    {"negative", {"bad", "poor", "unhappy", "frustrated", "negative", "badly", "concerned", NULL}},
    {"neutral", {"okay", "ok", "fine", "neutral", "mixed", "lukewarm", NULL}},
};

static bool enum_grounded(const tokens *ans, const char *answer, const char *v) {
  for (size_t i = 0; i < DBF_ARRAY_LEN(enum_cues); i++) {
    if (strcmp(enum_cues[i].value, v) != 0)
      continue;
    /* Cues match exactly: "want to sign" must not read as "signed". */
    for (size_t k = 0; enum_cues[i].cues[k]; k++)
      for (size_t w = 0; w < ans->n; w++)
        if (strcmp(ans->t[w], enum_cues[i].cues[k]) == 0)
          return true;
  }
  /* "closed_won" -> words "closed" and "won" */
  char tmp[128];
  snprintf(tmp, sizeof(tmp), "%s", v);
  for (char *p = tmp; *p; p++)
    if (*p == '_' || *p == '-')
      *p = ' ';
  return string_grounded(ans, answer, tmp, 1.0);
}

/*
 * The model's currency must be named in the answer, or, when the answer
 * names none, be the one a bare amount is in: the subject's currency, else
 * USD (engine/money.h, the same rule as the rule extractor's).
 */
static bool currency_grounded(const char *answer, const char *code, const char *default_code) {
  if (dbf_money_text_names(answer, code))
    return true;
  return strcasecmp(code, default_code) == 0 && !dbf_money_text_names_any(answer);
}

static bool bool_grounded(const tokens *ans) {
  static const char *const cues[] = {"yes",  "yeah",  "yep",  "no",  "nope", "not", "never",
                                     "true", "false", "didn", "don", "none", "did", NULL};
  for (size_t k = 0; cues[k]; k++)
    if (word_in(ans, cues[k]))
      return true;
  return false;
}

/*
 * Checks one value against its field; returns a new reference to the
 * accepted value (list items and object keys may be pruned) or NULL.
 */
static json_t *ground_value(const dbf_template_field *f, const json_t *v, const tokens *ans,
                            const char *answer, const char *default_currency) {
  switch (f->type) {
    case DBF_FIELD_TEXT:
    case DBF_FIELD_STRING: {
      const char *s = json_string_value(v);
      if (!s || !*s || strlen(s) > 2000)
        return NULL;
      double ratio = f->type == DBF_FIELD_TEXT ? TEXT_FIELD_RATIO : 1.0;
      return string_grounded(ans, answer, s, ratio) ? json_string(s) : NULL;
    }
    case DBF_FIELD_NUMBER:
      if (!json_is_number(v) || !isfinite(json_number_value(v)))
        return NULL;
      return number_in(ans, json_number_value(v)) ? json_real(json_number_value(v)) : NULL;
    case DBF_FIELD_BOOL:
      return json_is_boolean(v) && bool_grounded(ans) ? json_copy((json_t *)v) : NULL;
    case DBF_FIELD_ENUM: {
      const char *s = json_string_value(v);
      bool known = false;
      for (size_t i = 0; s && i < f->n_enum_values; i++)
        known = known || strcmp(s, f->enum_values[i]) == 0;
      return known && enum_grounded(ans, answer, s) ? json_string(s) : NULL;
    }
    case DBF_FIELD_MONEY: {
      json_t *a = json_object_get(v, "amount");
      const char *cur = json_string_value(json_object_get(v, "currency"));
      if (!json_is_number(a) || !cur || strlen(cur) != 3 || json_number_value(a) < 0)
        return NULL;
      if (!number_in(ans, json_number_value(a)) ||
          !currency_grounded(answer, cur, default_currency))
        return NULL;
      char up[4];
      for (int i = 0; i < 3; i++)
        up[i] = (char)toupper((unsigned char)cur[i]);
      up[3] = '\0';
      return json_pack("{s:f, s:s}", "amount", json_number_value(a), "currency", up);
    }
    case DBF_FIELD_DATE:
      if (f->n_item_keys > 0) {
        if (!json_is_object(v))
          return NULL;
        json_t *o = json_object();
        for (size_t k = 0; k < f->n_item_keys; k++) {
          const char *s = json_string_value(json_object_get(v, f->item_keys[k]));
          if (s && *s && date_grounded(ans, answer, s))
            json_object_set_new(o, f->item_keys[k], json_string(s));
        }
        if (json_object_size(o) == 0) {
          json_decref(o);
          return NULL;
        }
        return o;
      } else {
        const char *s = json_string_value(v);
        return s && *s && strlen(s) <= 100 && date_grounded(ans, answer, s) ? json_string(s) : NULL;
      }
    case DBF_FIELD_LIST:
    case DBF_FIELD_OBJECT_LIST: {
      if (!json_is_array(v))
        return NULL;
      json_t *outv = json_array();
      size_t i;
      json_t *it;
      json_array_foreach(v, i, it) {
        if (i >= 50)
          break;
        if (json_is_string(it) && f->n_item_keys == 0) {
          const char *s = json_string_value(it);
          if (*s && strlen(s) <= 500 && string_grounded(ans, answer, s, 1.0))
            json_array_append_new(outv, json_string(s));
        } else if (json_is_object(it) && f->n_item_keys > 0) {
          json_t *o = json_object();
          for (size_t k = 0; k < f->n_item_keys; k++) {
            const char *s = json_string_value(json_object_get(it, f->item_keys[k]));
            if (s && *s && strlen(s) <= 500 &&
                (string_grounded(ans, answer, s, 1.0) || date_grounded(ans, answer, s)))
              json_object_set_new(o, f->item_keys[k], json_string(s));
          }
          /* The first item key (name, action, metric) identifies the item. */
          if (json_object_get(o, f->item_keys[0]))
            json_array_append_new(outv, o);
          else
            json_decref(o);
        }
      }
      if (json_array_size(outv) == 0) {
        json_decref(outv);
        return NULL;
      }
      return outv;
    }
  }
  return NULL;
}

/* Parses a reply that must be exactly one JSON object (a ```json fence is tolerated). */
static json_t *parse_object(const char *text, dbf_status *st) {
  const char *s = text;
  size_t n = strlen(s);
  while (n > 0 && isspace((unsigned char)*s)) {
    s++;
    n--;
  }
  while (n > 0 && isspace((unsigned char)s[n - 1]))
    n--;
  if (n >= 6 && strncmp(s, "```", 3) == 0 && strncmp(s + n - 3, "```", 3) == 0) {
    const char *nl = memchr(s, '\n', n);
    if (!nl)
      return NULL;
    n -= (size_t)(nl + 1 - s) + 3;
    s = nl + 1;
  }
  json_error_t jerr;
  json_t *j = json_loadb(s, n, JSON_REJECT_DUPLICATES, &jerr);
  if (!j) {
    dbf_fail(st, DBF_ERR_INVALID, "model output is not JSON: %s", jerr.text);
    return NULL;
  }
  if (!json_is_object(j)) {
    json_decref(j);
    dbf_fail(st, DBF_ERR_INVALID, "model output is not a JSON object");
    return NULL;
  }
  return j;
}

dbf_err dbf_iv_parse_extraction(const dbf_template *tpl, const json_t *subject, const char *answer,
                                int64_t seq, const char *text, json_t **updates, size_t *dropped,
                                dbf_status *st) {
  const char *default_currency = dbf_money_default_currency(subject);
  *updates = NULL;
  *dropped = 0;
  json_t *j = parse_object(text, st);
  if (!j)
    return DBF_ERR_INVALID;
  json_t *out = json_object();
  tokens ans;
  tokenize(answer ? answer : "", &ans);
  if (!out || !ans.buf) {
    json_decref(j);
    json_decref(out);
    tokens_free(&ans);
    return dbf_fail(st, DBF_ERR_NOMEM, "out of memory");
  }
  const char *k;
  json_t *e;
  json_object_foreach(j, k, e) {
    if (json_is_null(e))
      continue;
    const dbf_template_field *f = dbf_template_field_find(tpl, k);
    json_t *v = json_object_get(e, "value");
    json_t *conf = json_object_get(e, "confidence");
    if (!f || !json_is_object(e) || !v || !json_is_number(conf)) {
      (*dropped)++;
      continue;
    }
    if (json_is_null(v))
      continue;
    double cf = json_number_value(conf);
    json_t *gv = isfinite(cf) && cf > 0 && cf <= 1
                     ? ground_value(f, v, &ans, answer, default_currency)
                     : NULL;
    if (!gv) {
      (*dropped)++;
      continue;
    }
    json_object_set_new(out, k,
                        json_pack("{s:o, s:f, s:I, s:s}", "value", gv, "confidence",
                                  cf < LLM_CONF_CAP ? cf : LLM_CONF_CAP, "evidence_seq",
                                  (json_int_t)seq, "source", "llm"));
  }
  json_decref(j);
  tokens_free(&ans);
  *updates = out;
  return DBF_OK;
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
                         .temperature = 0,
                         .deadline_ms = c->deadline_ms,
                         .cancelled = c->cancelled,
                         .cancel_arg = c->cancel_arg};
  if ((rc = call_model(c, &req, NULL, NULL, &text, out, st)))
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

/* ---- summary ---- */

/* The JSON schema of a value shaped like ref (strict-mode compatible). */
static json_t *shape_schema(const json_t *ref, int depth) {
  if (depth > 6)
    return json_pack("{s:s}", "type", "string");
  switch (json_typeof(ref)) {
    case JSON_OBJECT: {
      json_t *props = json_object();
      const char *k;
      json_t *v;
      json_object_foreach((json_t *)ref, k, v) {
        json_object_set_new(props, k, shape_schema(v, depth + 1));
      }
      return strict_object(props);
    }
    case JSON_ARRAY: {
      json_t *first = json_array_get(ref, 0);
      return json_pack("{s:s, s:o}", "type", "array", "items",
                       first ? shape_schema(first, depth + 1)
                             : json_pack("{s:s}", "type", "string"));
    }
    case JSON_INTEGER:
    case JSON_REAL:
      return json_pack("{s:s}", "type", "number");
    case JSON_TRUE:
    case JSON_FALSE:
      return json_pack("{s:s}", "type", "boolean");
    default:
      /* A string, or null in the draft: any text, or null. */
      return nullable("string");
  }
}

/* True when v has ref's shape; prunes keys ref does not have. */
static bool shape_ok(json_t *v, const json_t *ref, int depth, char *why, size_t why_n,
                     const char *path) {
  if (depth > 6)
    return true;
  switch (json_typeof(ref)) {
    case JSON_OBJECT: {
      if (!json_is_object(v)) {
        snprintf(why, why_n, "%s must be an object", path);
        return false;
      }
      const char *k;
      json_t *rv;
      json_object_foreach((json_t *)ref, k, rv) {
        json_t *x = json_object_get(v, k);
        char sub[160];
        snprintf(sub, sizeof(sub), "%s.%s", path, k);
        if (!x) {
          snprintf(why, why_n, "%s is missing", sub);
          return false;
        }
        if (!shape_ok(x, rv, depth + 1, why, why_n, sub))
          return false;
      }
      void *it = json_object_iter(v);
      while (it) {
        const char *key = json_object_iter_key(it);
        it = json_object_iter_next(v, it);
        if (!json_object_get(ref, key))
          json_object_del(v, key);
      }
      return true;
    }
    case JSON_ARRAY: {
      if (!json_is_array(v) || json_array_size(v) > 100) {
        snprintf(why, why_n, "%s must be an array of at most 100 items", path);
        return false;
      }
      json_t *first = json_array_get(ref, 0);
      size_t i;
      json_t *x;
      json_array_foreach(v, i, x) {
        bool ok = first ? shape_ok(x, first, depth + 1, why, why_n, path)
                        : (json_is_string(x) || json_is_object(x));
        if (!ok) {
          if (!first)
            snprintf(why, why_n, "%s items must be strings or objects", path);
          return false;
        }
      }
      return true;
    }
    case JSON_INTEGER:
    case JSON_REAL:
      if (!json_is_number(v)) {
        snprintf(why, why_n, "%s must be a number", path);
        return false;
      }
      return true;
    case JSON_TRUE:
    case JSON_FALSE:
      if (!json_is_boolean(v)) {
        snprintf(why, why_n, "%s must be a boolean", path);
        return false;
      }
      return true;
    default:
      if (!(json_is_string(v) || json_is_null(v)) ||
          (json_is_string(v) && json_string_length(v) > 8000)) {
        snprintf(why, why_n, "%s must be a string of at most 8000 bytes", path);
        return false;
      }
      return true;
  }
}

dbf_err dbf_iv_parse_summary(const dbf_template *tpl, const json_t *reference, const char *text,
                             json_t **summary, dbf_status *st) {
  *summary = NULL;
  json_t *j = parse_object(text, st);
  if (!j)
    return DBF_ERR_INVALID;
  char why[256] = "";
  for (size_t i = 0; i < tpl->n_summary; i++) {
    const char *k = tpl->summary[i].key;
    json_t *v = json_object_get(j, k);
    const json_t *ref = json_object_get(reference, k);
    if (!v || json_is_null(v) || (json_is_string(v) && json_string_length(v) == 0)) {
      json_decref(j);
      return dbf_fail(st, DBF_ERR_INVALID, "summary section '%s' is missing or empty", k);
    }
    if (ref && !shape_ok(v, ref, 0, why, sizeof(why), k)) {
      json_decref(j);
      return dbf_fail(st, DBF_ERR_INVALID, "summary: %s", why);
    }
    if (!ref && !(json_is_string(v) || json_is_array(v) || json_is_object(v))) {
      json_decref(j);
      return dbf_fail(st, DBF_ERR_INVALID, "summary section '%s' has an odd type", k);
    }
  }
  /* Keep only the template's sections. */
  void *it = json_object_iter(j);
  while (it) {
    const char *key = json_object_iter_key(it);
    it = json_object_iter_next(j, it);
    bool known = false;
    for (size_t i = 0; i < tpl->n_summary; i++)
      known = known || strcmp(tpl->summary[i].key, key) == 0;
    if (!known)
      json_object_del(j, key);
  }
  *summary = j;
  return DBF_OK;
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
    json_object_set_new(props, c->tpl->summary[i].key, r ? shape_schema(r, 0) : nullable("string"));
  }
  schema = strict_object(props);
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
                         .temperature = 0.2,
                         .deadline_ms = c->deadline_ms,
                         .cancelled = c->cancelled,
                         .cancel_arg = c->cancel_arg};
  if ((rc = call_model(c, &req, NULL, NULL, &text, out, st)))
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
