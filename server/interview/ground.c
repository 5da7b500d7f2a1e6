/*
 * ground.c - the model never gets the last word on facts. Extraction output
 * is type-checked against the template, its evidence must be a quote of
 * the answer, and each value must be supported by the user's own words:
 * every number, and the significant words of a string, must appear in the
 * answer; an enum needs a cue; a date a date word; an amount's currency
 * the answer's or the subject's (engine/money.h). An empty value means
 * "not stated"; filler ("none", "not mentioned") is no value either.
 */
#include <ctype.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/alloc.h"
#include "engine/money.h"
#include "interview/interview_int.h"
#include "interview/interviewer.h"

/*
 * A model value enters below the rule extractor's lowest confidence for a
 * mention (0.45), so any later rule value replaces it and the planner never
 * counts it as known (dbf_iv_reconcile in reconcile.c says when a value may
 * rise above this).
 */
#define LLM_CONF_TENTATIVE 0.4
#define TEXT_FIELD_RATIO   0.7 /* share of a free-text value's words the answer must hold */
#define EVIDENCE_RATIO     0.8 /* share of an evidence quote's words the answer must hold */
#define MAX_TOKENS_WORDS   256 /* tokens considered per value or answer */

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

/* True for a value that says "not stated": "", [], {} or members all empty, an amount of 0. */
static bool empty_value(const json_t *v) {
  if (!v || json_is_null(v))
    return true;
  if (json_is_string(v))
    return json_string_length(v) == 0;
  if (json_is_array(v))
    return json_array_size(v) == 0;
  if (!json_is_object(v))
    return false;
  const json_t *amount = json_object_get(v, "amount");
  if (json_is_number(amount))
    return json_number_value(amount) == 0;
  bool all = true;
  for (void *it = json_object_iter((json_t *)v); it && all;
       it = json_object_iter_next((json_t *)v, it))
    all = empty_value(json_object_iter_value(it));
  return all;
}

/* Words a small model writes instead of leaving a value empty ("none", "not mentioned"). */
static bool non_value(const char *s) {
  static const char *const filler[] = {
      "none",     "no",      "not",       "nothing", "nobody", "n",         "a",          "na",
      "unknown",  "unclear", "mentioned", "stated",  "given",  "specified", "applicable", "anyone",
      "anything", "else",    "null",      "yet",     "didn",   "t",         "did",        "come",
      "came",     "up",      "the",       "answer",  "field",  NULL};
  tokens tk;
  tokenize(s, &tk);
  bool all = tk.buf != NULL;
  for (size_t i = 0; all && i < tk.n; i++) {
    bool hit = false;
    for (size_t k = 0; filler[k] && !hit; k++)
      hit = strcmp(tk.t[i], filler[k]) == 0;
    all = hit;
  }
  tokens_free(&tk);
  return all;
}

/* True when v (a string, or a list or object of strings) is only filler. */
static bool filler_value(const json_t *v) {
  if (json_is_string(v))
    return non_value(json_string_value(v));
  if (json_is_array(v) && json_array_size(v) == 1)
    return filler_value(json_array_get(v, 0));
  return false;
}

/*
 * The evidence must be the answer's own words: a non-empty quote whose
 * significant words (all but one in five) the answer contains.
 */
static bool evidence_ok(const tokens *ans, const char *answer, const json_t *ev) {
  const char *s = json_string_value(ev);
  if (!s || !*s || strlen(s) > 4000)
    return false;
  return strcasestr(answer, s) != NULL || string_grounded(ans, answer, s, EVIDENCE_RATIO);
}

/* Items the grounding pruned from a list value (both arrays). */
static int pruned(const json_t *proposed, const json_t *kept) {
  if (!json_is_array(proposed) || !json_is_array(kept))
    return 0;
  size_t n = json_array_size(proposed), k = json_array_size(kept);
  return n > k ? (int)(n - k) : 0;
}

typedef struct parse_ctx {
  const dbf_template *tpl;
  const tokens *ans;
  const char *answer;
  const char *default_currency;
  int64_t seq;
  json_t *out;
  dbf_iv_counts *counts;
} parse_ctx;

/* Grounds one proposed entry {value, evidence} for field key into p->out. */
static void take(parse_ctx *p, const char *key, const json_t *e, bool targeted) {
  const dbf_template_field *f = key ? dbf_template_field_find(p->tpl, key) : NULL;
  const json_t *v = json_object_get(e, "value");
  if (f && empty_value(v))
    return; /* "not stated": no proposal */
  p->counts->proposed++;
  dbf_iv_drop why = DBF_IV_DROP__COUNT;
  json_t *gv = NULL;
  if (!f || json_object_get(p->out, key))
    why = DBF_IV_DROP_FIELD;
  else if (filler_value(v))
    why = DBF_IV_DROP_SHAPE;
  else if (!evidence_ok(p->ans, p->answer, json_object_get(e, "evidence")))
    why = DBF_IV_DROP_EVIDENCE;
  else if (!(gv = ground_value(f, v, p->ans, p->answer, p->default_currency)))
    why = DBF_IV_DROP_UNGROUNDED;
  if (why != DBF_IV_DROP__COUNT) {
    p->counts->dropped[why]++;
    return;
  }
  p->counts->grounded++;
  p->counts->items_dropped += pruned(v, gv);
  json_object_set_new(p->out, key,
                      json_pack("{s:o, s:f, s:I, s:s, s:b}", "value", gv, "confidence",
                                LLM_CONF_TENTATIVE, "evidence_seq", (json_int_t)p->seq, "source",
                                "llm", "targeted", targeted));
}

dbf_err dbf_iv_parse_extraction(const dbf_template *tpl, const json_t *subject, const char *answer,
                                int64_t seq, const char *const *targets, size_t n_targets,
                                const char *text, json_t **updates, dbf_iv_counts *counts,
                                dbf_status *st) {
  *updates = NULL;
  memset(counts, 0, sizeof *counts);
  json_t *j = dbf__iv_parse_object(text, st);
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
  parse_ctx p = {.tpl = tpl,
                 .ans = &ans,
                 .answer = answer ? answer : "",
                 .default_currency = dbf_money_default_currency(subject),
                 .seq = seq,
                 .out = out,
                 .counts = counts};
  /* The targeted fields first: they are what the question asked. */
  for (size_t i = 0; i < n_targets; i++) {
    const json_t *e = json_object_get(j, targets[i]);
    if (json_is_object(e))
      take(&p, targets[i], e, true);
  }
  size_t i;
  const json_t *e;
  json_array_foreach(json_object_get(j, "other_fields"), i, e) {
    if (i >= 32)
      break;
    const char *key = json_string_value(json_object_get(e, "field"));
    bool offered = json_is_object(e) && key;
    for (size_t t = 0; offered && t < n_targets; t++)
      offered = strcmp(targets[t], key) != 0;
    take(&p, offered ? key : NULL, e, false);
  }
  json_decref(j);
  tokens_free(&ans);
  *updates = out;
  return DBF_OK;
}
