/*
 * extract.c - the deterministic rule extractor of the offline interviewer
 * (contract in extract.h): per-field rules keyed on field type and key
 * semantics, the record merge, answer specificity and "done" detection.
 *
 * Every answer is read for every field. The field the question targeted
 * gets high confidence; mentions of other fields get lower confidence
 * (below the usual completion threshold, so the planner still asks), and
 * list fields take cross-field mentions only while they are not filled yet,
 * which keeps stray mentions from diluting a good targeted answer.
 *
 * Parsing happens on a normalized copy of the answer (valid UTF-8, ASCII
 * punctuation, capped at DBF_TX_MAX_INPUT bytes); all per-call scratch
 * lives in one heap struct freed at the end of dbf_extract.
 */
#include "engine/extract.h"

#include <math.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "core/alloc.h"
#include "engine/lexicon.h"
#include "engine/parse_date.h"
#include "engine/money.h"
#include "engine/parse_money.h"
#include "engine/parse_people.h"
#include "engine/text.h"

/* Confidence levels. Targeted answers clear the default min_confidence
   (0.6); cross-field mentions stay under it on purpose. */
#define CONF_TARGET       0.85
#define CONF_TARGET_TEXT  0.75
#define CONF_TARGET_LOOSE 0.6 /* a targeted list item no lexicon knows */
#define CONF_CROSS        0.5
#define CONF_CROSS_LIST   0.45
#define CONF_CROSS_WEAK   0.35
#define HEDGE_FACTOR      0.8
#define VAGUE_SPEC        0.2  /* below this specificity free-text fields take nothing */
#define VAGUE_SPEC_FOLLOW 0.35 /* the planner's follow-up threshold (planner.c) */

#define MAX_ITEMS   20 /* values per list field per answer */
#define MAX_PEOPLE  32
#define MAX_DATES   48
#define MAX_MONEY   32
#define MAX_MATCHES 128
#define ITEM_CAP    256 /* bytes per list item */
#define TEXT_CAP    600 /* bytes of a text field */

typedef struct ex {
  const dbf_extract_ctx *ctx;
  const char *s;
  size_t n;
  dbf_span sent[DBF_TX_MAX_SPANS];
  bool sent_correction[DBF_TX_MAX_SPANS];
  size_t n_sent;
  dbf__ymd ref;
  dbf__people_env people;
  dbf__person persons[MAX_PEOPLE];
  size_t n_persons;
  bool hedged;
  bool negative; /* a short "no / none / didn't come up" answer */
  double spec;   /* dbf_answer_specificity of the answer */
  json_t *updates;
  /* Lexicon entries the targeted list field consumed, so sibling fields do
     not pick the same words up as cross-field mentions. */
  char consumed[MAX_ITEMS * 2][ITEM_CAP];
  size_t n_consumed;
} ex;

/* ---------------------------------------------------------------- helpers */

static bool key_has(const char *key, const char *part) {
  return key && strstr(key, part) != NULL;
}

static bool field_targeted(const ex *x, const char *key) {
  for (size_t i = 0; i < x->ctx->n_target_fields; i++) {
    if (x->ctx->target_fields[i] && strcmp(x->ctx->target_fields[i], key) == 0)
      return true;
  }
  return false;
}

static bool has_item_key(const dbf_template_field *f, const char *k) {
  for (size_t i = 0; i < f->n_item_keys; i++) {
    if (f->item_keys[i] && strcmp(f->item_keys[i], k) == 0)
      return true;
  }
  return false;
}

/* Confidence of the record's entry for key, -1 when absent. */
static double rec_conf(const ex *x, const char *key) {
  const json_t *e = json_is_object(x->ctx->record) ? json_object_get(x->ctx->record, key) : NULL;
  const json_t *c = json_is_object(e) ? json_object_get(e, "confidence") : NULL;
  return json_is_number(c) ? json_number_value(c) : -1.0;
}

/* Cross-field list mentions are only taken while the field is not filled. */
static bool cross_list_ok(const ex *x, const char *key) {
  return rec_conf(x, key) < 0.6;
}

static double hedge(const ex *x, double c) {
  return x->hedged ? c * HEDGE_FACTOR : c;
}

static json_t *jstr_span(const ex *x, dbf_span sp) {
  char buf[ITEM_CAP];
  dbf__tx_copy(x->s, sp, buf, sizeof(buf));
  return buf[0] ? json_string(buf) : NULL;
}

static bool sentence_is_correction(const ex *x, size_t off) {
  for (size_t i = 0; i < x->n_sent; i++) {
    if (off >= x->sent[i].off && off < x->sent[i].off + x->sent[i].len)
      return x->sent_correction[i];
  }
  return false;
}

/* The sentence containing off. */
static dbf_span sentence_of(const ex *x, size_t off) {
  for (size_t i = 0; i < x->n_sent; i++) {
    if (off >= x->sent[i].off && off < x->sent[i].off + x->sent[i].len)
      return x->sent[i];
  }
  return (dbf_span){0, x->n};
}

static bool span_has_any(const ex *x, dbf_span sp, const char *const *words) {
  return dbf__tx_find_any(x->s, sp.off + sp.len, sp.off, words, NULL) != (size_t)-1;
}

static bool str_ieq(const char *a, const char *b) {
  size_t la = strlen(a);
  return la == strlen(b) && dbf__tx_ieqn(a, b, la);
}

/* Identity of a list item for de-duplication: the string, or an object's first key. */
static const char *item_identity(const json_t *v) {
  if (json_is_string(v))
    return json_string_value(v);
  if (json_is_object(v)) {
    static const char *const ids[] = {"name", "action", "metric", "title", NULL};
    for (size_t k = 0; ids[k]; k++) {
      const json_t *s = json_object_get(v, ids[k]);
      if (json_is_string(s))
        return json_string_value(s);
    }
    const char *k1;
    json_t *v1;
    json_object_foreach((json_t *)v, k1, v1) {
      if (json_is_string(v1))
        return json_string_value(v1);
    }
  }
  return NULL;
}

/* Index of an item in arr with the same identity, or -1. */
static long find_item(const json_t *arr, const json_t *item) {
  const char *id = item_identity(item);
  size_t i;
  const json_t *v;
  json_array_foreach(arr, i, v) {
    const char *vid = item_identity(v);
    if (id && vid ? str_ieq(id, vid) : json_equal((json_t *)v, (json_t *)item))
      return (long)i;
  }
  return -1;
}

/* Appends item (stolen) to arr unless an equal item exists; fills gaps of objects. */
static bool union_item(json_t *arr, json_t *item) {
  if (!item)
    return false;
  long at = find_item(arr, item);
  if (at < 0) {
    if (json_array_size(arr) >= 64) { /* hard cap on any merged list */
      json_decref(item);
      return false;
    }
    json_array_append_new(arr, item);
    return true;
  }
  bool changed = false;
  json_t *old = json_array_get(arr, (size_t)at);
  if (json_is_object(old) && json_is_object(item)) {
    const char *k;
    json_t *v;
    json_object_foreach(item, k, v) {
      const json_t *ov = json_object_get(old, k);
      if (!ov || (json_is_string(ov) && json_string_length(ov) == 0)) {
        json_object_set(old, k, v);
        changed = true;
      }
    }
  }
  json_decref(item);
  return changed;
}

/*
 * Records a value for key in the updates (value stolen). Lists union with
 * what this answer already produced; scalars keep the more confident one.
 */
static void put(ex *x, const char *key, json_t *value, double conf, bool replace) {
  if (!value)
    return;
  if (json_is_array(value) && json_array_size(value) == 0) {
    json_decref(value);
    return;
  }
  if (conf > 1.0)
    conf = 1.0;
  json_t *cur = json_object_get(x->updates, key);
  if (cur) {
    json_t *cv = json_object_get(cur, "value");
    double cc = json_number_value(json_object_get(cur, "confidence"));
    if (json_is_array(cv) && json_is_array(value)) {
      size_t i;
      json_t *v;
      json_array_foreach(value, i, v) union_item(cv, json_incref(v));
      json_decref(value);
      if (conf > cc)
        json_object_set_new(cur, "confidence", json_real(conf));
      if (replace)
        json_object_set_new(cur, "replace", json_true());
      return;
    }
    if (cc > conf && !replace) {
      json_decref(value);
      return;
    }
  }
  json_t *e = json_object();
  if (!e) {
    json_decref(value);
    return;
  }
  json_object_set_new(e, "value", value);
  json_object_set_new(e, "confidence", json_real(round(conf * 1000.0) / 1000.0));
  json_object_set_new(e, "evidence_seq", json_integer(x->ctx->seq));
  json_object_set_new(e, "source", json_string("rule"));
  if (replace)
    json_object_set_new(e, "replace", json_true());
  json_object_set_new(x->updates, key, e);
}

static void add_str(json_t *arr, const char *s) {
  if (!s || !*s || json_array_size(arr) >= MAX_ITEMS)
    return;
  union_item(arr, json_string(s));
}

static void add_span(ex *x, json_t *arr, dbf_span sp) {
  if (sp.len == 0 || json_array_size(arr) >= MAX_ITEMS)
    return;
  union_item(arr, jstr_span(x, sp));
}

/* Upper-cases the first letter of each word except short function words. */
static void title_case(char *s) {
  static const char *const small[] = {"of", "and", "for", "the", "to", "in", "on", "&", NULL};
  size_t i = 0, n = strlen(s);
  while (i < n) {
    size_t b = i;
    while (i < n && s[i] != ' ')
      i++;
    bool keep = false;
    for (size_t k = 0; small[k] && b > 0; k++)
      keep = keep || (strlen(small[k]) == i - b && dbf__tx_ieqn(s + b, small[k], i - b));
    if (!keep && s[b] >= 'a' && s[b] <= 'z')
      s[b] = (char)(s[b] - 'a' + 'A');
    while (i < n && s[i] == ' ')
      i++;
  }
}

/* ------------------------------------------------------- answer-level cues */

static const char *const k_hedges[] = {
    "i think",        "maybe",       "probably", "not sure",     "i guess",       "kind of",
    "sort of",        "possibly",    "perhaps",  "i believe",    "if i remember", "iirc",
    "don't remember", "not certain", "might",    "i'm not sure", "hard to say",   "unclear",
    "i suppose",      "could be",    NULL};

static const char *const k_negative_answer[] = {"no",
                                                "none",
                                                "nothing",
                                                "nope",
                                                "n/a",
                                                "not really",
                                                "not yet",
                                                "not that i know",
                                                "didn't mention",
                                                "did not mention",
                                                "didn't come up",
                                                "did not come up",
                                                "not discussed",
                                                "didn't discuss",
                                                "no idea",
                                                "don't know",
                                                "do not know",
                                                "dont know",
                                                "not sure",
                                                "nobody",
                                                "no one",
                                                "haven't",
                                                "hasn't",
                                                "not applicable",
                                                "skip",
                                                NULL};

static const char *const k_correction_cues[] = {
    "actually",   "i meant",        "correction", "scratch that", "make that",
    "i misspoke", "to correct",     "my mistake", "oops",         "wait,",
    "rather,",    "let me correct", NULL};

static void analyze_answer(ex *x) {
  dbf_span all = {0, x->n};
  x->hedged = span_has_any(x, all, k_hedges);
  size_t which = 0;
  size_t p = dbf__tx_find_any(x->s, x->n, 0, k_negative_answer, &which);
  /* Only short answers that open with a negative are "nothing to add":
     "No objections, but Tom asked about SAP" still has content. */
  size_t words = dbf__tx_word_count(x->s, all);
  x->negative = p != (size_t)-1 && p < 20 && words <= 9;
  for (size_t i = 0; i < x->n_sent; i++)
    x->sent_correction[i] = span_has_any(x, x->sent[i], k_correction_cues);
}

/* ------------------------------------------------------------------ money */

static const char *const k_budget_cues[] = {
    "budget",    "budgeted",   "set aside",      "allocated", "allocation", "earmarked",
    "spend",     "approved",   "funding",        "funds",     "ceiling",    "cap",
    "up to",     "afford",     "willing to pay", "can pay",   "pay",        "invest",
    "deal size", "deal value", "worth",          "contract",  "acv",        "arr",
    "total",     "annual",     "per year",       "a year",    NULL};

static json_t *money_value(ex *x, const dbf__money *m) {
  char cur[4];
  memcpy(cur, m->currency, 4);
  if (!cur[0])
    memcpy(cur, dbf_money_default_currency(x->ctx->subject), 4);
  double a = m->amount;
  json_t *amt = (a == floor(a) && a < 9e15) ? json_integer((json_int_t)a) : json_real(a);
  return json_pack("{s:o, s:s}", "amount", amt, "currency", cur);
}

static void do_money(ex *x, const dbf_template_field *f, bool targeted) {
  dbf__money m[MAX_MONEY];
  size_t cnt = dbf__money_scan(x->s, x->n, targeted, m, MAX_MONEY);
  int best = -1;
  double best_score = -1e9;
  for (size_t i = 0; i < cnt; i++) {
    if (m[i].negated || dbf__tx_negated_before(x->s, m[i].off, 3))
      continue;
    dbf_span sent = sentence_of(x, m[i].off);
    bool cue = span_has_any(x, sent, k_budget_cues) ||
               (dbf__tx_find_word(x->s, sent.off + sent.len, sent.off, f->key) != (size_t)-1);
    if (!targeted && (!m[i].currency[0] || !cue || m[i].per_unit))
      continue;
    double score = (m[i].currency[0] ? 2 : 0) + (m[i].multiplier ? 1 : 0) + (cue ? 3 : 0) -
                   (m[i].per_unit ? 4 : 0) + (sentence_is_correction(x, m[i].off) ? 5 : 0) +
                   m[i].amount * 1e-12;
    if (score > best_score) {
      best_score = score;
      best = (int)i;
    }
  }
  if (best < 0)
    return;
  const dbf__money *b = &m[best];
  bool corr = sentence_is_correction(x, b->off);
  double conf = targeted ? CONF_TARGET : CONF_CROSS;
  if (b->range || b->per_unit)
    conf -= 0.1;
  put(x, f->key, money_value(x, b), hedge(x, conf), corr);
}

static void do_number(ex *x, const dbf_template_field *f, bool targeted) {
  if (!targeted)
    return;
  for (size_t i = 0; i < x->n; i++) {
    if (x->s[i] < '0' || x->s[i] > '9' || (i > 0 && dbf__tx_isalnum((unsigned char)x->s[i - 1])))
      continue;
    double v = 0;
    size_t j = i, digits = 0;
    while (j < x->n && ((x->s[j] >= '0' && x->s[j] <= '9') || x->s[j] == ',')) {
      if (x->s[j] != ',') {
        if (++digits > 15)
          return;
        v = v * 10 + (x->s[j] - '0');
      }
      j++;
    }
    if (j + 1 < x->n && x->s[j] == '.' && x->s[j + 1] >= '0' && x->s[j + 1] <= '9') {
      double sc = 0.1;
      for (j++; j < x->n && x->s[j] >= '0' && x->s[j] <= '9'; j++, sc /= 10)
        v += (x->s[j] - '0') * sc;
    }
    json_t *val = (v == floor(v) && v < 9e15) ? json_integer((json_int_t)v) : json_real(v);
    put(x, f->key, val, hedge(x, CONF_TARGET), sentence_is_correction(x, i));
    return;
  }
}

static void do_bool(ex *x, const dbf_template_field *f, bool targeted) {
  static const char *const yes[] = {"yes",        "yeah",       "yep",  "correct",
                                    "definitely", "absolutely", "sure", "true",
                                    "they did",   "we did",     NULL};
  static const char *const no[] = {"no",    "nope",   "not",     "never",
                                   "false", "didn't", "did not", NULL};
  if (!targeted)
    return;
  size_t py = dbf__tx_find_any(x->s, x->n, 0, yes, NULL);
  size_t pn = dbf__tx_find_any(x->s, x->n, 0, no, NULL);
  if (py == (size_t)-1 && pn == (size_t)-1)
    return;
  put(x, f->key, json_boolean(pn < py), hedge(x, CONF_TARGET_TEXT), false);
}

/* ------------------------------------------------------------------ dates */

static const char *const k_decision_cues[] = {
    "decide",    "decides",   "decision", "decided", "sign",          "signs",    "signed",
    "signature", "sign off",  "sign-off", "approve", "approval",      "approves", "commit",
    "choose",    "pick",      "select",   "go live", "go-live",       "launch",   "close",
    "deadline",  "final say", "by",       "before",  "no later than", "target",   "timeline",
    "contract",  "start",     NULL};

static void date_iso(const dbf__date *d, char *out, size_t cap) {
  dbf__date_format(d, out, cap);
}

/* Past-tense cues: the date already happened ("was awarded on June 12th"). */
static const char *const k_past_cues[] = {"was awarded",
                                          "were awarded",
                                          "was announced",
                                          "were announced",
                                          "was made",
                                          "was signed",
                                          "made the final decision",
                                          "made the decision",
                                          "made their decision",
                                          "made the call",
                                          "decided on",
                                          "chose",
                                          "picked",
                                          "went with",
                                          "was decided",
                                          "last",
                                          "ago",
                                          "already",
                                          NULL};
static const char *const k_future_cues[] = {"will",     "'ll",    "by",   "expect", "expects",
                                            "plan",     "plans",  "want", "wants",  "next",
                                            "going to", "should", NULL};

/* The offset of the correction cue in a correcting sentence, or (size_t)-1. */
static size_t correction_at(const ex *x, size_t off) {
  if (!sentence_is_correction(x, off))
    return (size_t)-1;
  dbf_span sent = sentence_of(x, off);
  return dbf__tx_find_any(x->s, sent.off + sent.len, sent.off, k_correction_cues, NULL);
}

static void do_date(ex *x, const dbf_template_field *f, bool targeted) {
  dbf__date d[MAX_DATES];
  /* Dates resolve forward (a deadline) unless the answer tells of the past. */
  dbf_span all = {0, x->n};
  bool past = span_has_any(x, all, k_past_cues) && !span_has_any(x, all, k_future_cues);
  size_t cnt = dbf__date_scan(x->s, x->n, &x->ref, !past, d, MAX_DATES);
  int best = -1;
  int best_score = -1000;
  for (size_t i = 0; i < cnt; i++) {
    if (d[i].negated)
      continue;
    dbf_span sent = sentence_of(x, d[i].off);
    bool cue = span_has_any(x, sent, k_decision_cues);
    if (!targeted) {
      /* Cross-field: the sentence must be about this field's subject
         ("decide" for decision_timeline, "close" for close_date...). */
      char kw[64];
      snprintf(kw, sizeof(kw), "%s", f->key);
      char *us = strchr(kw, '_');
      if (us)
        *us = '\0';
      bool own = dbf__tx_find_word(x->s, sent.off + sent.len, sent.off, kw) != (size_t)-1 ||
                 (key_has(f->key, "decision") &&
                  dbf__tx_find_any(x->s, sent.off + sent.len, sent.off,
                                   (const char *const[]){"decide", "decides", "decision",
                                                         "sign off", "sign", NULL},
                                   NULL) != (size_t)-1);
      if (!own || d[i].prec == DBF_DATE_YEAR)
        continue;
    }
    int score =
        (d[i].prec == DBF_DATE_DAY     ? 3
         : d[i].prec == DBF_DATE_MONTH ? 2
                                       : 1) +
        (cue ? 2 : 0) +
        /* "June 30th, but actually July 15th": the date after the cue. */
        (correction_at(x, d[i].off) != (size_t)-1 && d[i].off > correction_at(x, d[i].off) ? 5
                                                                                           : 0) -
        (d[i].vague ? 1 : 0);
    if (score > best_score) {
      best_score = score;
      best = (int)i;
    }
  }
  if (best >= 0) {
    char iso[16];
    date_iso(&d[best], iso, sizeof(iso));
    double conf = targeted ? CONF_TARGET : CONF_CROSS;
    if (d[best].vague)
      conf -= 0.1;
    put(x, f->key, json_string(iso), hedge(x, conf), sentence_is_correction(x, d[best].off));
    return;
  }
  /* No resolvable date: a targeted answer keeps a short phrase
     ("after their board meeting") at low confidence. */
  if (targeted && !x->negative && x->n > 0) {
    dbf_span sp = dbf__tx_strip_fillers(x->s, (dbf_span){0, x->n});
    if (sp.len > 0 && dbf__tx_word_count(x->s, sp) <= 12)
      put(x, f->key, jstr_span(x, sp), 0.4, false);
  }
}

/* Timeline object {"start","end"}: "From March 2020 until June 2024", "2019-2021", "since 2022". */
static void do_timeline(ex *x, const dbf_template_field *f, bool targeted) {
  static const char *const present[] = {"present", "now",     "today",   "currently", "current",
                                        "still",   "ongoing", "to date", NULL};
  static const char *const cues[] = {"since",   "from",   "until",   "till", "to",
                                     "between", "joined", "started", "left", "began",
                                     "through", "in",     NULL};
  dbf__date d[MAX_DATES];
  size_t cnt = dbf__date_scan(x->s, x->n, &x->ref, false, d, MAX_DATES);
  dbf__date keep[2];
  size_t nk = 0;
  for (size_t i = 0; i < cnt && nk < 2; i++) {
    /* Relative words ("today", "next week") are not job dates. */
    if (d[i].vague || (!d[i].explicit_year && d[i].prec != DBF_DATE_MONTH))
      continue;
    if (!d[i].explicit_year)
      continue;
    keep[nk++] = d[i];
  }
  if (nk == 0)
    return;
  bool has_present = span_has_any(x, (dbf_span){keep[0].off, x->n - keep[0].off}, present);
  bool has_cue = span_has_any(x, (dbf_span){0, x->n}, cues) || nk == 2;
  if (!targeted && !has_cue)
    return;
  char a[16], b[16];
  date_iso(&keep[0], a, sizeof(a));
  json_t *obj = json_object();
  if (!obj)
    return;
  size_t before = keep[0].off;
  bool end_only = false;
  if (nk == 1 && before >= 6) {
    static const char *const endcues[] = {"until", "till",    "left in", "left",
                                          "ended", "through", "up to",   NULL};
    dbf_span lead = {before > 24 ? before - 24 : 0, before - (before > 24 ? before - 24 : 0)};
    end_only = span_has_any(x, lead, endcues) &&
               !span_has_any(x, lead, (const char *const[]){"since", "from", NULL});
  }
  if (end_only) {
    json_object_set_new(obj, "end", json_string(a));
  } else {
    json_object_set_new(obj, "start", json_string(a));
    if (nk == 2) {
      date_iso(&keep[1], b, sizeof(b));
      json_object_set_new(obj, "end", json_string(b));
    } else if (has_present || dbf__tx_find_word(x->s, x->n, 0, "since") != (size_t)-1) {
      json_object_set_new(obj, "end", json_string("present"));
    }
  }
  (void)f;
  bool corr = sentence_is_correction(x, keep[0].off);
  put(x, f->key, obj, hedge(x, targeted ? CONF_TARGET : CONF_CROSS), corr);
}

/* ------------------------------------------------------------------ enums */

static long enum_index(const dbf_template_field *f, const char *v) {
  for (size_t i = 0; i < f->n_enum_values; i++) {
    const char *e = f->enum_values[i];
    size_t l = strlen(e);
    if (l != strlen(v))
      continue;
    bool eq = true;
    for (size_t k = 0; k < l && eq; k++) {
      char a = dbf__tx_lower(e[k]), b = dbf__tx_lower(v[k]);
      eq = a == b || ((a == '_' || a == '-' || a == ' ') && (b == '_' || b == '-' || b == ' '));
    }
    if (eq)
      return (long)i;
  }
  return -1;
}

static bool is_sentiment_field(const dbf_template_field *f) {
  return key_has(f->key, "sentiment") || key_has(f->key, "mood") || key_has(f->key, "tone") ||
         (enum_index(f, "positive") >= 0 && enum_index(f, "negative") >= 0);
}

static void do_enum(ex *x, const dbf_template_field *f, bool targeted) {
  const dbf__lexicon *lx = dbf__lex_for_field(x->ctx->lex, f->key);
  if (!lx && is_sentiment_field(f))
    lx = dbf__lex_get(x->ctx->lex, "sentiment");
  bool sentiment = is_sentiment_field(f);
  long literal = -1;
  /* A literal enum value ("Positive.", "we're at proposal") is the strongest signal. */
  if (targeted) {
    for (size_t i = 0; i < f->n_enum_values; i++) {
      char v[128];
      snprintf(v, sizeof(v), "%s", f->enum_values[i]);
      for (char *p = v; *p; p++)
        if (*p == '_')
          *p = ' ';
      size_t p = dbf__tx_find_word(x->s, x->n, 0, v);
      if (p != (size_t)-1 && !dbf__tx_negated_before(x->s, p, 3)) {
        literal = (long)i;
        break;
      }
    }
  }
  long pick = literal;
  double conf = CONF_TARGET;
  /* Sentiment takes a literal value as is; stages still look for a later
     stage ("sent the proposal, now negotiating"). */
  if ((pick < 0 || !sentiment) && lx) {
    dbf__lex_match m[MAX_MATCHES];
    size_t cnt = dbf__lex_scan(lx, x->s, x->n, m, MAX_MATCHES);
    double score_pos = 0, score_neg = 0, score_neu = 0;
    long best = -1;
    for (size_t i = 0; i < cnt; i++) {
      const char *canon = dbf__lex_canon(lx, m[i].entry);
      bool neg = dbf__tx_negated_before(x->s, m[i].off, 3);
      if (sentiment) {
        /* "not happy" counts against, "not bad" / "no concerns" for. */
        if (str_ieq(canon, "positive"))
          *(neg ? &score_neg : &score_pos) += 1;
        else if (str_ieq(canon, "negative"))
          *(neg ? &score_pos : &score_neg) += 1;
        else
          score_neu += 1;
        continue;
      }
      if (neg)
        continue;
      long idx = enum_index(f, canon);
      /* Enum values are ordered by progress (deal stages); the furthest
         stage mentioned wins ("sent the proposal, now negotiating"). */
      if (idx > best)
        best = idx;
    }
    if (sentiment) {
      const char *v = NULL;
      if (score_pos > score_neg)
        v = "positive";
      else if (score_neg > score_pos)
        v = "negative";
      else if (score_neu > 0 || (score_pos > 0 && score_pos == score_neg))
        v = "neutral";
      if (v)
        best = enum_index(f, v);
      if (best >= 0 && fabs(score_pos - score_neg) < 1.5)
        conf -= 0.1;
    }
    if (best > pick)
      pick = best;
  }
  if (pick < 0)
    return;
  if (!targeted) {
    /* Sentiment mentioned in passing is a weak hint, and only until asked. */
    if (sentiment && rec_conf(x, f->key) >= 0)
      return;
    conf = sentiment ? CONF_CROSS_WEAK : CONF_CROSS_LIST;
  }
  put(x, f->key, json_string(f->enum_values[pick]), hedge(x, conf), false);
}

/* ---------------------------------------------------------- lexicon lists */

static bool consumed(const ex *x, const char *canon) {
  for (size_t i = 0; i < x->n_consumed; i++) {
    if (str_ieq(x->consumed[i], canon))
      return true;
  }
  return false;
}

static void mark_consumed(ex *x, const char *canon) {
  if (x->n_consumed < DBF_ARRAY_LEN(x->consumed))
    snprintf(x->consumed[x->n_consumed++], ITEM_CAP, "%s", canon);
}

/* Lexicons a list field reads: its own plus technical siblings. */
static size_t field_lexicons(const ex *x, const dbf_template_field *f, const dbf__lexicon **out) {
  size_t n = 0;
  const dbf__lexicon *own = dbf__lex_for_field(x->ctx->lex, f->key);
  if (own)
    out[n++] = own;
  bool tech = key_has(f->key, "tool") || key_has(f->key, "technical") || key_has(f->key, "tech") ||
              key_has(f->key, "stack");
  if (tech) {
    const dbf__lexicon *a = dbf__lex_get(x->ctx->lex, "tools_technologies");
    const dbf__lexicon *b = dbf__lex_get(x->ctx->lex, "technical_skills");
    if (a && a != own)
      out[n++] = a;
    if (b && b != own)
      out[n++] = b;
  }
  return n;
}

/* Appends lexicon hits in sp (non-negated) to arr; returns how many. */
static size_t lex_hits(ex *x, const dbf__lexicon *const *lxs, size_t nlx, dbf_span sp, json_t *arr,
                       bool mark) {
  size_t added = 0;
  for (size_t k = 0; k < nlx; k++) {
    dbf__lex_match m[MAX_MATCHES];
    size_t cnt = dbf__lex_scan(lxs[k], x->s + sp.off, sp.len, m, MAX_MATCHES);
    for (size_t i = 0; i < cnt; i++) {
      if (dbf__tx_negated_before(x->s, sp.off + m[i].off, 3))
        continue;
      const char *canon = dbf__lex_canon(lxs[k], m[i].entry);
      add_str(arr, canon);
      if (mark)
        mark_consumed(x, canon);
      added++;
    }
  }
  return added;
}

static bool is_lexicon_list_key(const char *k) {
  return key_has(k, "skill") || key_has(k, "tool") || key_has(k, "tech");
}

/*
 * When one question targets two lexicon lists (technical and soft skills),
 * an item belongs to the one whose lexicon knows it. Returns true when item
 * it should stay out of f: another targeted list's lexicon knows it and f's
 * does not, or no lexicon knows it and f is not the first such target.
 */
static bool belongs_to_sibling(ex *x, const dbf_template_field *f, const dbf__lexicon *const *lxs,
                               size_t nlx, dbf_span it) {
  const char *first = NULL;
  bool shared = false;
  for (size_t i = 0; i < x->ctx->n_target_fields; i++) {
    const char *k = x->ctx->target_fields[i];
    if (!k || !is_lexicon_list_key(k))
      continue;
    if (!first)
      first = k;
    if (strcmp(k, f->key) != 0)
      shared = true;
  }
  if (!shared)
    return false;
  dbf__lex_match m[8];
  for (size_t k = 0; k < nlx; k++)
    if (dbf__lex_scan(lxs[k], x->s + it.off, it.len, m, 8) > 0)
      return false;
  for (size_t i = 0; i < x->ctx->n_target_fields; i++) {
    const char *k = x->ctx->target_fields[i];
    if (!k || strcmp(k, f->key) == 0 || !is_lexicon_list_key(k))
      continue;
    const dbf_template_field *g = dbf_template_field_find(x->ctx->tpl, k);
    const dbf__lexicon *gl[4];
    size_t ng = g ? field_lexicons(x, g, gl) : 0;
    for (size_t j = 0; j < ng; j++)
      if (dbf__lex_scan(gl[j], x->s + it.off, it.len, m, 8) > 0)
        return true;
  }
  return strcmp(first, f->key) != 0;
}

/*
 * A skill named by what the person does ("coaching agents", "keeping calm
 * under pressure") opens with a gerund; "I mentored two juniors" or "led
 * the incident reviews" are sentences about a skill, not its name.
 */
static bool opens_with_gerund(const ex *x, dbf_span it) {
  size_t w = 0;
  while (w < it.len && x->s[it.off + w] != ' ')
    w++;
  return w >= 5 && w < it.len && dbf__tx_ieqn(x->s + it.off + w - 3, "ing", 3);
}

static void do_lexicon_list(ex *x, const dbf_template_field *f, bool targeted) {
  const dbf__lexicon *lxs[4];
  size_t nlx = field_lexicons(x, f, lxs);
  json_t *arr = json_array();
  if (!arr)
    return;
  if (targeted) {
    if (x->negative) {
      json_decref(arr);
      return;
    }
    bool soft = key_has(f->key, "soft");
    for (size_t si = 0; si < x->n_sent; si++) {
      dbf_span items[DBF_TX_MAX_SPANS];
      size_t ni = dbf__tx_list_items(x->s, x->sent[si], items, DBF_TX_MAX_SPANS);
      for (size_t i = 0; i < ni; i++) {
        dbf_span it = dbf__tx_strip_fillers(x->s, items[i]);
        if (it.len == 0 || belongs_to_sibling(x, f, lxs, nlx, it))
          continue;
        /* Soft skills keep the person's own words ("coaching agents",
           "staying calm under pressure"): the canonical form loses them. */
        if (soft && dbf__tx_word_count(x->s, it) <= 6 && opens_with_gerund(x, it)) {
          json_t *scratch = json_array();
          size_t hit = scratch ? lex_hits(x, lxs, nlx, it, scratch, true) : 0;
          json_decref(scratch);
          if (hit > 0) {
            add_span(x, arr, it);
            continue;
          }
        }
        if (lex_hits(x, lxs, nlx, it, arr, true) > 0)
          continue;
        /* Something no lexicon knows, in a list-shaped answer: keep it
           when it is short enough to be a name ("event sourcing"). */
        size_t w = dbf__tx_word_count(x->s, it);
        if (!soft && w >= 1 && w <= 4 && !x->hedged)
          add_span(x, arr, it);
        else if (soft && w >= 1 && w <= 4)
          add_span(x, arr, it);
      }
    }
    put(x, f->key, arr, hedge(x, CONF_TARGET), false);
    return;
  }
  if (!cross_list_ok(x, f->key)) {
    json_decref(arr);
    return;
  }
  /* Cross-field: lexicon hits only, and only words the targeted field did not take. */
  json_t *tmp = json_array();
  if (!tmp) {
    json_decref(arr);
    return;
  }
  lex_hits(x, lxs, nlx > 0 ? 1 : 0, (dbf_span){0, x->n}, tmp, false);
  size_t i;
  json_t *v;
  json_array_foreach(tmp, i, v) {
    if (!consumed(x, json_string_value(v)))
      add_str(arr, json_string_value(v));
  }
  json_decref(tmp);
  put(x, f->key, arr, CONF_CROSS_LIST, false);
}

/* ------------------------------------------------------------ competitors */

/* The capitalized run (a name) starting at or after p within sp; length 0 if none. */
static dbf_span cap_run(const ex *x, size_t p, size_t end) {
  while (p < end && x->s[p] == ' ')
    p++;
  size_t b = p, e = p;
  for (int w = 0; w < 4 && e < end; w++) {
    if (!(dbf__tx_isupper((unsigned char)x->s[e]) || (x->s[e] >= '0' && x->s[e] <= '9')))
      break;
    while (e < end && (dbf__tx_isalnum((unsigned char)x->s[e]) || x->s[e] == '.' ||
                       x->s[e] == '-' || x->s[e] == '&' || x->s[e] == '\''))
      e++;
    if (e < end && x->s[e - 1] == '.')
      e--;
    if (e + 1 < end && x->s[e] == ' ' && dbf__tx_isupper((unsigned char)x->s[e + 1]))
      e++;
    else
      break;
  }
  dbf_span sp = dbf__tx_trim(x->s, (dbf_span){b, e - b});
  return sp;
}

/*
 * A company name may join capitalized words with "&" or "and" ("Hollister &
 * Vane", "Marrow and Vine"); lists of competitors use cap_run, which stops there.
 */
static dbf_span cap_run_joined(const ex *x, size_t p, size_t end) {
  dbf_span sp = cap_run(x, p, end);
  for (int k = 0; k < 2 && sp.len > 0; k++) {
    size_t e = sp.off + sp.len;
    size_t j = 0;
    if (e + 3 < end && memcmp(x->s + e, " & ", 3) == 0)
      j = 3;
    else if (e + 5 < end && memcmp(x->s + e, " and ", 5) == 0)
      j = 5;
    if (!j || !dbf__tx_isupper((unsigned char)x->s[e + j]))
      break;
    dbf_span more = cap_run(x, e + j, end);
    if (more.len == 0 || more.off != e + j)
      break;
    sp.len = more.off + more.len - sp.off;
  }
  return sp;
}

static const char *const k_sentence_starters[] = {
    "I",    "We",   "They", "The",  "It",   "He",    "She",  "Our",   "Their",
    "My",   "And",  "But",  "So",   "Also", "That",  "This", "There", "Then",
    "Yes",  "No",   "Not",  "Just", "Well", "Maybe", "Both", "Some",  "Mostly",
    "Only", "Plus", "A",    "An",   "In",   "On",    "At",   "For",   "With",
    "From", "What", "If",   "When", "As",   "Yeah",  "Oh",   "OK",    NULL};

static bool is_starter(const ex *x, dbf_span sp) {
  size_t w = 0;
  while (w < sp.len && dbf__tx_isalnum((unsigned char)x->s[sp.off + w]))
    w++;
  for (size_t k = 0; k_sentence_starters[k]; k++) {
    if (strlen(k_sentence_starters[k]) == w &&
        memcmp(k_sentence_starters[k], x->s + sp.off, w) == 0)
      return true;
  }
  return false;
}

/* Is this capitalized name a person we know, or the customer itself? */
static bool is_person_or_account(const ex *x, dbf_span sp) {
  for (size_t i = 0; i < x->n_persons; i++) {
    if (x->persons[i].off <= sp.off && sp.off < x->persons[i].off + x->persons[i].len)
      return true;
  }
  size_t al = strlen(x->people.account);
  size_t first = strcspn(x->people.account, " ");
  return al && (dbf__tx_ieqn(x->s + sp.off, x->people.account, sp.len < al ? sp.len : al) ||
                (first == sp.len && dbf__tx_ieqn(x->s + sp.off, x->people.account, first)));
}

static void do_competitors(ex *x, const dbf_template_field *f, bool targeted) {
  const dbf__lexicon *vendors = dbf__lex_for_field(x->ctx->lex, f->key);
  const dbf__lexicon *cues = dbf__lex_get(x->ctx->lex, "competitor_cues");
  json_t *arr = json_array();
  if (!arr)
    return;
  if (targeted && x->negative) {
    json_decref(arr);
    return;
  }
  if (!targeted && !cross_list_ok(x, f->key)) {
    json_decref(arr);
    return;
  }
  for (size_t si = 0; si < x->n_sent; si++) {
    dbf_span sent = x->sent[si];
    dbf__lex_match cm[16];
    size_t ncue = dbf__lex_scan(cues, x->s + sent.off, sent.len, cm, 16);
    size_t live_cues = 0;
    for (size_t c = 0; c < ncue; c++) {
      size_t at = sent.off + cm[c].off;
      if (dbf__tx_negated_before(x->s, at, 3))
        continue;
      live_cues++;
      /* Names right after the cue: "also looking at Samsara and Motive". */
      dbf_span rest = {at + cm[c].len, sent.off + sent.len - (at + cm[c].len)};
      dbf_span items[16];
      size_t ni = dbf__tx_list_items(x->s, rest, items, 16);
      for (size_t i = 0; i < ni; i++) {
        dbf_span it = dbf__tx_strip_fillers(x->s, items[i]);
        /* The name may come later in the item: "a startup called Fleetly". */
        dbf_span name = {0, 0};
        for (size_t p = it.off; p < it.off + it.len && !name.len; p++) {
          if ((p == it.off || x->s[p - 1] == ' ') && dbf__tx_isupper((unsigned char)x->s[p])) {
            name = cap_run(x, p, it.off + it.len);
            if (is_starter(x, name))
              name.len = 0;
          }
        }
        if (name.len > 0 && !is_person_or_account(x, name))
          add_span(x, arr, name);
        else if (i > 0)
          break; /* the list after the cue has ended */
      }
    }
    if (!targeted && live_cues == 0)
      continue;
    /* Known vendors anywhere in a sentence about competition. */
    lex_hits(x, &vendors, vendors ? 1 : 0, sent, arr, false);
    if (targeted && ncue == 0) {
      /* A bare list answer: "Samsara, Motive and Geotab." */
      dbf_span items[32];
      size_t ni = dbf__tx_list_items(x->s, sent, items, 32);
      for (size_t i = 0; i < ni; i++) {
        dbf_span it = dbf__tx_strip_fillers(x->s, items[i]);
        dbf_span name = cap_run(x, it.off, it.off + it.len);
        if (name.len > 0 && !is_starter(x, name) && !is_person_or_account(x, name))
          add_span(x, arr, name);
      }
    }
  }
  /* Vendor names in a sentence may repeat what the cue rule found with a
     different spelling; the lexicon form is kept, the raw one dropped. */
  put(x, f->key, arr, targeted ? hedge(x, CONF_TARGET) : CONF_CROSS_LIST, false);
}

/* ------------------------------------------------- clause-shaped lists */

/* Lead-ins that introduce the content of an objection, need or challenge. */
static const char *const k_leadins[] = {"worried about",
                                        "worried that",
                                        "concerned about",
                                        "concerned that",
                                        "concern about",
                                        "concerns about",
                                        "concern is",
                                        "concern was",
                                        "concern is that",
                                        "worry is",
                                        "pushback on",
                                        "push back on",
                                        "pushed back on",
                                        "hesitant about",
                                        "skeptical about",
                                        "skeptical of",
                                        "objected to",
                                        "objection was",
                                        "issue with",
                                        "problem with",
                                        "unhappy with",
                                        "not happy with",
                                        "complained about",
                                        "questioned",
                                        "asked about",
                                        "nervous about",
                                        "they think",
                                        "they thought",
                                        "they felt",
                                        "they feel",
                                        "they said",
                                        "they mentioned",
                                        "they need",
                                        "they want",
                                        "they're looking for",
                                        "looking for",
                                        "they asked for",
                                        "they require",
                                        "they'd like",
                                        "need",
                                        "needs",
                                        "want",
                                        "wants",
                                        "struggling with",
                                        "struggle with",
                                        "pain point is",
                                        "priority is",
                                        "the hardest part was",
                                        "hardest part was",
                                        "the biggest challenge was",
                                        "biggest challenge was",
                                        "challenge was",
                                        "the challenge was",
                                        NULL};

/* Trailers such as "was the hardest part". */
static const char *const k_trailers[] = {" was the hardest part",
                                         " was the biggest challenge",
                                         " was the main challenge",
                                         " was hard",
                                         " was tough",
                                         " was difficult",
                                         " was a challenge",
                                         " was a big challenge",
                                         " was the challenge",
                                         " was painful",
                                         " was the hard part",
                                         " was the tricky part",
                                         NULL};

/* In passing, an objection cue counts only next to a word of concern. */
static const char *const k_concern_words[] = {
    "too",       "high",  "expensive", "costly",  "concern",  "concerns",  "concerned",   "worried",
    "worry",     "issue", "issues",    "problem", "hesitant", "pushback",  "pushed back", "blocker",
    "difficult", "hard",  "lack",      "lacks",   "missing",  "doubt",     "skeptical",   "nervous",
    "objection", "risk",  "risky",     "unhappy", "not sure", "reluctant", "struggle",    NULL};

static const char *const k_own_needs[] = {"i need",    "we need",    "i want",
                                          "we want",   "i have to",  "we have to",
                                          "i'll need", "we'll need", NULL};

static dbf_span strip_leadin(const ex *x, dbf_span sp) {
  size_t which = 0;
  size_t p = dbf__tx_find_any(x->s, sp.off + sp.len, sp.off, k_leadins, &which);
  if (p != (size_t)-1 && p - sp.off < 48) {
    size_t e = p + strlen(k_leadins[which]);
    if (e < sp.off + sp.len) {
      dbf_span rest = {e, sp.off + sp.len - e};
      rest = dbf__tx_trim(x->s, rest);
      if (dbf__tx_word_count(x->s, rest) >= 1)
        sp = rest;
    }
  }
  for (size_t k = 0; k_trailers[k]; k++) {
    size_t l = strlen(k_trailers[k]);
    if (sp.len > l && dbf__tx_ieqn(x->s + sp.off + sp.len - l, k_trailers[k], l)) {
      sp.len -= l;
      break;
    }
  }
  /* "that"/"the fact that" after a lead-in. */
  static const char *const lead[] = {"that ", "the fact that ", "about ", NULL};
  for (size_t k = 0; lead[k]; k++) {
    size_t l = strlen(lead[k]);
    if (sp.len > l && dbf__tx_ieqn(x->s + sp.off, lead[k], l)) {
      sp.off += l;
      sp.len -= l;
    }
  }
  return dbf__tx_strip_fillers(x->s, sp);
}

typedef enum clause_kind {
  CL_OBJECTION,
  CL_NEED,
  CL_CHALLENGE,
  CL_GENERIC, /* responsibilities, achievements, anything list-shaped */
} clause_kind;

static const dbf__lexicon *clause_cues(const ex *x, const dbf_template_field *f, clause_kind k) {
  const dbf__lexicon *own = dbf__lex_for_field(x->ctx->lex, f->key);
  if (own)
    return own;
  switch (k) {
    case CL_OBJECTION:
      return dbf__lex_get(x->ctx->lex, "objections");
    case CL_NEED:
      return dbf__lex_get(x->ctx->lex, "need_cues");
    case CL_CHALLENGE:
      return dbf__lex_get(x->ctx->lex, "challenge_cues");
    default:
      return NULL;
  }
}

static void do_clause_list(ex *x, const dbf_template_field *f, bool targeted, clause_kind kind) {
  const dbf__lexicon *cues = clause_cues(x, f, kind);
  if (targeted && (x->negative || x->spec < VAGUE_SPEC))
    return;
  if (!targeted && (!cues || kind == CL_GENERIC || !cross_list_ok(x, f->key)))
    return;
  json_t *arr = json_array();
  if (!arr)
    return;
  for (size_t si = 0; si < x->n_sent; si++) {
    dbf_span cl[32];
    size_t nc;
    if (kind == CL_NEED && targeted) {
      /* Needs are usually a list of noun phrases: "X and Y". */
      nc = dbf__tx_list_items(x->s, x->sent[si], cl, 32);
    } else if (kind == CL_GENERIC || kind == CL_CHALLENGE) {
      cl[0] = x->sent[si];
      nc = 1;
    } else {
      nc = dbf__tx_clauses(x->s, x->sent[si], cl, 32);
    }
    for (size_t i = 0; i < nc; i++) {
      dbf__lex_match m;
      bool has_cue = false;
      dbf__lex_match ms[8];
      size_t nm = dbf__lex_scan(cues, x->s + cl[i].off, cl[i].len, ms, 8);
      for (size_t k = 0; k < nm && !has_cue; k++) {
        if (!dbf__tx_negated_before(x->s, cl[i].off + ms[k].off, 3)) {
          has_cue = true;
          m = ms[k];
        }
      }
      (void)m;
      if (!targeted && !has_cue)
        continue;
      if (!targeted && kind == CL_OBJECTION && !span_has_any(x, cl[i], k_concern_words))
        continue; /* "pricing is X per seat" in passing is a fact, not an objection */
      if (!targeted && kind == CL_NEED && span_has_any(x, cl[i], k_own_needs))
        continue; /* "I need to loop in legal" is the seller's task, not their need */
      dbf_span it = strip_leadin(x, cl[i]);
      if (kind == CL_GENERIC && it.len > 2 && x->s[it.off] == 'I' && x->s[it.off + 1] == ' ') {
        it.off += 2; /* "I owned X" -> "owned X", resume style */
        it.len -= 2;
      }
      size_t w = dbf__tx_word_count(x->s, it);
      if (w == 0 || w > 25)
        continue;
      if (targeted && !has_cue && w < 2 && kind == CL_OBJECTION)
        continue;
      add_span(x, arr, it);
    }
  }
  put(x, f->key, arr, targeted ? hedge(x, CONF_TARGET_TEXT) : CONF_CROSS_LIST, false);
}

/* --------------------------------------------------------------- products */

static void do_products(ex *x, const dbf_template_field *f, bool targeted) {
  static const char *const suffixes[] = {" add-on",   " addon",   " add on", " module", " feature",
                                         " features", " package", " plan",   " tier",   " bundle",
                                         " product",  " sku",     NULL};
  static const char *const cues[] = {
      "demoed",      "demo of", "showed", "showed them", "presented", "pitched",  "interested in",
      "pricing for", "add-on",  "module", "quote for",   "trial of",  "pilot of", NULL};
  const dbf__lexicon *catalog = dbf__lex_for_field(x->ctx->lex, f->key);
  if (targeted && x->negative)
    return;
  if (!targeted && !cross_list_ok(x, f->key))
    return;
  json_t *arr = json_array();
  if (!arr)
    return;
  lex_hits(x, &catalog, catalog ? 1 : 0, (dbf_span){0, x->n}, arr, false);
  for (size_t si = 0; si < x->n_sent; si++) {
    dbf_span sent = x->sent[si];
    if (!targeted && !span_has_any(x, sent, cues))
      continue;
    dbf_span items[32];
    size_t ni = dbf__tx_list_items(x->s, sent, items, 32);
    for (size_t i = 0; i < ni; i++) {
      dbf_span it = dbf__tx_strip_fillers(x->s, items[i]);
      for (size_t k = 0; suffixes[k]; k++) {
        size_t l = strlen(suffixes[k]);
        if (it.len > l && dbf__tx_ieqn(x->s + it.off + it.len - l, suffixes[k], l)) {
          it.len -= l;
          break;
        }
      }
      it = dbf__tx_trim(x->s, it);
      /* Prefer the capitalized product name inside the item. */
      dbf_span name = {0, 0};
      for (size_t p = it.off; p < it.off + it.len; p++) {
        if ((p == it.off || x->s[p - 1] == ' ') && dbf__tx_isupper((unsigned char)x->s[p])) {
          name = cap_run(x, p, it.off + it.len);
          if (name.len > 0 && !is_starter(x, name) && !is_person_or_account(x, name))
            break;
          name.len = 0;
        }
      }
      if (name.len > 0)
        add_span(x, arr, name);
      else if (targeted && dbf__tx_word_count(x->s, it) <= 5 && !x->hedged)
        add_span(x, arr, it);
    }
  }
  put(x, f->key, arr, targeted ? hedge(x, CONF_TARGET) : CONF_CROSS_LIST, false);
}

/* ----------------------------------------------------------------- people */

static void do_attendees(ex *x, const dbf_template_field *f, bool targeted) {
  json_t *arr = json_array();
  if (!arr)
    return;
  for (size_t i = 0; i < x->n_persons; i++) {
    const dbf__person *p = &x->persons[i];
    static const char *const attend[] = {
        "met with",  "meeting with", "call with",  "demo with",   "joined",      "attended",
        "brought",   "was there",    "were there", "on the call", "in the room", "present",
        "showed up", "dialed in",    "sat in",     "came along",  NULL};
    bool listed = false;
    for (size_t k = 0; k < x->people.n_known; k++)
      listed =
          listed || (x->people.known[k].from_subject && str_ieq(x->people.known[k].name, p->name));
    /* In passing, only the meeting's listed attendees or people said to be
       there count; "the CFO has to sign off" does not make the CFO an attendee. */
    if (!targeted && !listed && !span_has_any(x, sentence_of(x, p->off), attend))
      continue;
    json_t *o = json_object();
    if (!o)
      break;
    json_object_set_new(o, "name", json_string(p->name));
    if (p->role[0] && has_item_key(f, "role"))
      json_object_set_new(o, "role", json_string(p->role));
    if (p->company[0] && has_item_key(f, "company"))
      json_object_set_new(o, "company", json_string(p->company));
    if (json_array_size(arr) < MAX_ITEMS)
      union_item(arr, o);
    else
      json_decref(o);
  }
  put(x, f->key, arr, targeted ? hedge(x, CONF_TARGET) : CONF_CROSS, false);
}

/*
 * Decision-making groups ("the county commissioners", "a five-person
 * evaluation committee", "the board of directors") and unnamed roles that
 * hold a veto ("their finance director"): the head word with up to three
 * modifiers before it.
 */
static void add_groups(ex *x, json_t *arr) {
  static const char *const heads[] = {"board of directors",
                                      "board of trustees",
                                      "committee",
                                      "commissioners",
                                      "council",
                                      "trustees",
                                      "board",
                                      "leadership team",
                                      "executive team",
                                      "steering group",
                                      "finance director",
                                      "general counsel",
                                      "partners",
                                      NULL};
  static const char *const stops[] = {"the",  "a",  "an",   "their", "our", "its", "his",
                                      "her",  "by", "and",  "with",  "on",  "of",  "to",
                                      "from", "at", "then", "but",   "and", NULL};
  size_t covered_end = 0;
  for (size_t p = 0; p < x->n;) {
    size_t which = 0;
    size_t at = dbf__tx_find_any(x->s, x->n, p, heads, &which);
    if (at == (size_t)-1)
      break;
    size_t end = at + strlen(heads[which]);
    p = end;
    if (at < covered_end)
      continue;
    /* "their board meeting", "the board meets in February": a date, not a decider. */
    static const char *const not_deciding[] = {" meeting", " meets", " meet", " deck", NULL};
    bool skip = false;
    for (size_t k = 0; not_deciding[k] && !skip; k++) {
      size_t l = strlen(not_deciding[k]);
      skip = end + l <= x->n && dbf__tx_ieqn(x->s + end, not_deciding[k], l) &&
             dbf__tx_is_word_at(x->s, x->n, end + 1, l - 1);
    }
    if (skip)
      continue;
    /* "partners" only as a group that decides: "the partners' committee"
       is found by "committee"; a bare "partners" needs "the". */
    size_t b = at;
    for (int w = 0; w < 3 && b > 0; w++) {
      size_t e = b;
      while (e > 0 && x->s[e - 1] == ' ')
        e--;
      size_t s0 = e;
      while (s0 > 0 && (dbf__tx_isalnum((unsigned char)x->s[s0 - 1]) || x->s[s0 - 1] == '-' ||
                        x->s[s0 - 1] == '\''))
        s0--;
      if (s0 == e)
        break;
      bool stop = false;
      for (size_t k = 0; stops[k] && !stop; k++)
        stop = e - s0 == strlen(stops[k]) && dbf__tx_ieqn(x->s + s0, stops[k], e - s0);
      if (stop || dbf__tx_isupper((unsigned char)x->s[s0]))
        break;
      b = s0;
    }
    /* "the board risk committee": one group, not two. */
    size_t q = end;
    size_t which2 = 0;
    size_t nxt = dbf__tx_find_any(x->s, x->n, end, heads, &which2);
    if (nxt != (size_t)-1 && nxt <= end + 16) {
      bool plain = true;
      for (size_t i = end; i < nxt && plain; i++)
        plain = x->s[i] == ' ' || (x->s[i] >= 'a' && x->s[i] <= 'z');
      if (plain)
        q = nxt + strlen(heads[which2]);
    }
    if (strcmp(heads[which], "partners") == 0 &&
        (b == at && !(at >= 4 && dbf__tx_ieqn(x->s + at - 4, "the ", 4))))
      continue;
    add_span(x, arr, (dbf_span){b, q - b});
    covered_end = q;
    p = q;
  }
}

static void do_decision_makers(ex *x, const dbf_template_field *f, bool targeted) {
  static const char *const roles_alone[] = {"the board", "procurement", "legal",       "the ceo",
                                            "the cfo",   "the cio",     "the cto",     "the coo",
                                            "finance",   "the owner",   "the founder", NULL};
  if (targeted && x->negative)
    return;
  json_t *arr = json_array();
  if (!arr)
    return;
  for (size_t i = 0; i < x->n_persons; i++) {
    const dbf__person *p = &x->persons[i];
    if (!targeted) {
      dbf_span sent = sentence_of(x, p->off);
      if (!span_has_any(x, sent, k_decision_cues) ||
          dbf__tx_find_any(x->s, sent.off + sent.len, sent.off,
                           (const char *const[]){"decide", "decides", "decision", "sign off",
                                                 "signs off", "sign-off", "approve", "approval",
                                                 "final say", "signature", "budget holder",
                                                 "economic buyer", NULL},
                           NULL) == (size_t)-1)
        continue;
    }
    add_str(arr, p->name);
  }
  if (targeted)
    add_groups(x, arr);
  if (targeted && json_array_size(arr) == 0) {
    /* "Procurement and the CFO decide" with no names: keep the roles. */
    for (size_t k = 0; roles_alone[k]; k++) {
      size_t p = dbf__tx_find_word(x->s, x->n, 0, roles_alone[k]);
      if (p == (size_t)-1)
        continue;
      size_t skip = strncmp(roles_alone[k], "the ", 4) == 0 ? 4 : 0;
      add_span(x, arr, (dbf_span){p + skip, strlen(roles_alone[k]) - skip});
    }
  }
  if (!targeted && !cross_list_ok(x, f->key) && json_array_size(arr) == 0) {
    json_decref(arr);
    return;
  }
  put(x, f->key, arr, targeted ? hedge(x, CONF_TARGET) : CONF_CROSS, false);
}

/* ------------------------------------------------------------- next steps */

typedef struct owner_pat {
  const char *text;
  const char *owner; /* "me", "us", "they"; NULL = none stated */
} owner_pat;

static const owner_pat k_owner_pats[] = {{"i'll", "me"},
                                         {"i will", "me"},
                                         {"i'm going to", "me"},
                                         {"i am going to", "me"},
                                         {"i'm gonna", "me"},
                                         {"i need to", "me"},
                                         {"i have to", "me"},
                                         {"i should", "me"},
                                         {"i promised to", "me"},
                                         {"i agreed to", "me"},
                                         {"i owe them", "me"},
                                         {"i'm to", "me"},
                                         {"we'll", "us"},
                                         {"we will", "us"},
                                         {"we're going to", "us"},
                                         {"we are going to", "us"},
                                         {"we need to", "us"},
                                         {"we have to", "us"},
                                         {"we should", "us"},
                                         {"we agreed to", "us"},
                                         {"we're gonna", "us"},
                                         {"they'll", "they"},
                                         {"they will", "they"},
                                         {"they're going to", "they"},
                                         {"they are going to", "they"},
                                         {"they need to", "they"},
                                         {"they have to", "they"},
                                         {"they promised to", "they"},
                                         {"they agreed to", "they"},
                                         {"next step is to", NULL},
                                         {"next steps are to", NULL},
                                         {"next step:", NULL},
                                         {"next steps:", NULL},
                                         {"the plan is to", NULL},
                                         {"follow up", NULL},
                                         {NULL, NULL}};

static const char *const k_name_modals[] = {
    " will ",   "'ll ",         " is going to ",   " is gonna ",   " needs to ",
    " has to ", " agreed to ",  " promised to ",   " offered to ", " is to ",
    " should ", " is sending ", " is setting up ", " will be ",    NULL};

typedef struct step_start {
  size_t off;    /* where the step's owner phrase starts */
  size_t action; /* where the action verb starts */
  char owner[128];
} step_start;

/* The action without articles: "send the pilot proposal" -> "send pilot proposal". */
static json_t *action_text(const ex *x, dbf_span act) {
  static const char *const drop[] = {"the", "their", "a", "an", NULL};
  char buf[ITEM_CAP];
  size_t o = 0, i = act.off, end = act.off + act.len;
  while (i < end && o + 1 < sizeof(buf)) {
    size_t b = i;
    while (i < end && x->s[i] != ' ')
      i++;
    bool skip = false;
    for (size_t k = 0; drop[k] && !skip; k++)
      skip = strlen(drop[k]) == i - b && dbf__tx_ieqn(x->s + b, drop[k], i - b) && i < end;
    if (!skip && i - b > 0) {
      if (o > 0 && o + 1 < sizeof(buf))
        buf[o++] = ' ';
      size_t l = i - b;
      if (o + l >= sizeof(buf))
        break;
      memcpy(buf + o, x->s + b, l);
      o += l;
    }
    while (i < end && x->s[i] == ' ')
      i++;
  }
  buf[o] = '\0';
  return o ? json_string(buf) : NULL;
}

static size_t find_step_starts(ex *x, dbf_span sent, step_start *out, size_t max) {
  size_t cnt = 0;
  size_t end = sent.off + sent.len;
  for (size_t i = sent.off; i < end && cnt < max; i++) {
    if (i > sent.off && dbf__tx_isalnum((unsigned char)x->s[i - 1]))
      continue;
    bool hit = false;
    for (size_t k = 0; k_owner_pats[k].text && !hit; k++) {
      size_t l = strlen(k_owner_pats[k].text);
      if (i + l <= end && dbf__tx_ieqn(x->s + i, k_owner_pats[k].text, l) &&
          (k_owner_pats[k].text[l - 1] == ':' || dbf__tx_is_word_at(x->s, end, i, l))) {
        step_start *st = &out[cnt];
        st->off = i;
        st->action = i + l;
        const char *o = k_owner_pats[k].owner;
        if (o && strcmp(o, "they") == 0)
          o = x->people.account[0] ? x->people.account : "customer";
        snprintf(st->owner, sizeof(st->owner), "%s", o ? o : "");
        if (strcmp(k_owner_pats[k].text, "follow up") == 0) {
          st->action = i; /* "follow up with X" is itself the action */
          if (i > sent.off + 1 &&
              !(x->s[i - 1] == ' ' && (i < sent.off + 2 || x->s[i - 2] == ',' || i == sent.off)))
            continue; /* only as an imperative at a clause start */
        }
        cnt++;
        hit = true;
        i += l - 1;
      }
    }
    if (hit)
      continue;
    /* "<Person> will ...": the person parser found the name. */
    for (size_t pi = 0; pi < x->n_persons && !hit; pi++) {
      const dbf__person *p = &x->persons[pi];
      if (p->off != i)
        continue;
      size_t e = p->off + p->len;
      for (size_t k = 0; k_name_modals[k]; k++) {
        size_t l = strlen(k_name_modals[k]);
        if (e + l <= end && dbf__tx_ieqn(x->s + e, k_name_modals[k], l)) {
          step_start *st = &out[cnt];
          st->off = i;
          st->action = e + l;
          snprintf(st->owner, sizeof(st->owner), "%s", p->name);
          cnt++;
          hit = true;
          i = e + l - 1;
          break;
        }
      }
    }
  }
  return cnt;
}

static void do_next_steps(ex *x, const dbf_template_field *f, bool targeted) {
  static const char *const preps[] = {" by",     " on", " before", " until",    " no later than",
                                      " within", " in", " at",     " sometime", " around",
                                      NULL};
  if (targeted && x->negative)
    return;
  json_t *arr = json_array();
  if (!arr)
    return;
  dbf__date dates[MAX_DATES];
  size_t nd = dbf__date_scan(x->s, x->n, &x->ref, true, dates, MAX_DATES);
  for (size_t si = 0; si < x->n_sent; si++) {
    step_start st[8];
    size_t ns = find_step_starts(x, x->sent[si], st, 8);
    size_t send = x->sent[si].off + x->sent[si].len;
    for (size_t k = 0; k < ns; k++) {
      size_t b = st[k].action, e = k + 1 < ns ? st[k + 1].off : send;
      if (b >= e)
        continue;
      if (dbf__tx_negated_before(x->s, st[k].off + 1, 1))
        continue;
      /* The due date: the first date inside the step. */
      const dbf__date *due = NULL;
      for (size_t di = 0; di < nd; di++) {
        if (dates[di].off >= b && dates[di].off < e && !dates[di].negated) {
          due = &dates[di];
          break;
        }
      }
      size_t ae = due ? due->off : e;
      dbf_span act = dbf__tx_trim(x->s, (dbf_span){b, ae - b});
      /* Drop the preposition that introduced the date and a trailing "and". */
      for (int guard = 0; guard < 3; guard++) {
        bool cut = false;
        static const char *const tails[] = {" and", " then", ",", NULL};
        for (size_t pk = 0; preps[pk] && !cut; pk++) {
          size_t l = strlen(preps[pk]);
          if (act.len > l && dbf__tx_ieqn(x->s + act.off + act.len - l, preps[pk], l)) {
            act.len -= l;
            cut = true;
          }
        }
        for (size_t tk = 0; tails[tk] && !cut; tk++) {
          size_t l = strlen(tails[tk]);
          if (act.len > l && dbf__tx_ieqn(x->s + act.off + act.len - l, tails[tk], l)) {
            act.len -= l;
            cut = true;
          }
        }
        act = dbf__tx_trim(x->s, act);
        if (!cut)
          break;
      }
      if (act.len == 0 || dbf__tx_word_count(x->s, act) > 25)
        continue;
      json_t *o = json_object();
      if (!o)
        break;
      json_object_set_new(o, "action", action_text(x, act));
      if (st[k].owner[0] && has_item_key(f, "owner"))
        json_object_set_new(o, "owner", json_string(st[k].owner));
      if (due && has_item_key(f, "due")) {
        char iso[16];
        if (due->vague) {
          /* "next week" stays a phrase: a made-up day would look precise. */
          json_object_set_new(o, "due", jstr_span(x, (dbf_span){due->off, due->len}));
        } else {
          date_iso(due, iso, sizeof(iso));
          json_object_set_new(o, "due", json_string(iso));
        }
      }
      if (!json_object_get(o, "action")) {
        json_decref(o);
        continue;
      }
      if (json_array_size(arr) < MAX_ITEMS)
        union_item(arr, o);
      else
        json_decref(o);
    }
  }
  put(x, f->key, arr, targeted ? hedge(x, CONF_TARGET) : CONF_CROSS, false);
}

/* ---------------------------------------------------------------- metrics */

static const char *const k_change_verbs[] = {
    "dropped", "fell",      "decreased", "went down", "declined",  "shrank",
    "went up", "increased", "rose",      "grew",      "improved",  "doubled",
    "tripled", "halved",    "jumped",    "climbed",   "sped up",   "got faster",
    "is down", "was down",  "is up",     "was up",    "went from", NULL};
static const char *const k_action_verbs[] = {
    "cut",         "reduced", "lowered",      "decreased", "increased",  "improved",
    "boosted",     "raised",  "grew",         "doubled",   "tripled",    "halved",
    "saved",       "sped up", "brought down", "slashed",   "trimmed",    "shortened",
    "accelerated", "drove",   "generated",    "added",     "eliminated", "removed",
    "scaled",      "took",    "moved",        "got",       "brought",    NULL};

/* Finds a metric value in clause cl: writes the value text and its span. */
static bool metric_value(const ex *x, dbf_span cl, char *val, size_t cap, dbf_span *vsp) {
  const char *s = x->s;
  size_t end = cl.off + cl.len;
  size_t from_to = dbf__tx_find_word(s, end, cl.off, "from");
  size_t to = from_to != (size_t)-1 ? dbf__tx_find_word(s, end, from_to, "to") : (size_t)-1;
  size_t start = cl.off;
  if (to != (size_t)-1)
    start = to + 2; /* "from 2% to 0.3%": the value after "to" */
  for (size_t i = start; i < end; i++) {
    bool dollar = s[i] == '$' || (unsigned char)s[i] == 0xE2 || (unsigned char)s[i] == 0xC2;
    if (!((s[i] >= '0' && s[i] <= '9') || dollar))
      continue;
    if (i > cl.off && dbf__tx_isalnum((unsigned char)s[i - 1]))
      continue;
    size_t j = i;
    if (dollar)
      j += s[i] == '$' ? 1 : ((unsigned char)s[i] == 0xE2 ? 3 : 2);
    size_t digits_start = j;
    while (j < end && ((s[j] >= '0' && s[j] <= '9') || s[j] == ',' || s[j] == '.'))
      j++;
    while (j > digits_start && (s[j - 1] == '.' || s[j - 1] == ','))
      j--;
    if (j == digits_start)
      continue;
    size_t ve = j;
    if (ve < end && s[ve] == '%') {
      ve++;
    } else if (ve + 8 <= end && dbf__tx_ieqn(s + ve, " percent", 8)) {
      dbf__tx_copy(s, (dbf_span){i, j - i}, val, cap - 1);
      size_t l = strlen(val);
      val[l] = '%';
      val[l + 1] = '\0';
      *vsp = (dbf_span){i, ve + 8 - i};
      return true;
    } else if (ve < end && (s[ve] == 'x' || s[ve] == 'X') &&
               (ve + 1 >= end || !dbf__tx_isalnum((unsigned char)s[ve + 1]))) {
      ve++;
    } else if (ve + 6 <= end && dbf__tx_ieqn(s + ve, " times", 6)) {
      dbf__tx_copy(s, (dbf_span){i, j - i}, val, cap - 1);
      size_t l = strlen(val);
      val[l] = 'x';
      val[l + 1] = '\0';
      *vsp = (dbf_span){i, ve + 6 - i};
      return true;
    } else {
      /* A number with its unit: "$2M", "200 hours a month", "10,000 users". */
      if (ve < end &&
          (s[ve] == 'k' || s[ve] == 'K' || s[ve] == 'M' || s[ve] == 'm' || s[ve] == 'B') &&
          (ve + 1 >= end || !dbf__tx_isalnum((unsigned char)s[ve + 1])))
        ve++;
      size_t ue = ve;
      int words = 0;
      while (ue < end && words < 3) {
        size_t w = ue;
        while (w < end && s[w] == ' ')
          w++;
        size_t we = w;
        while (we < end && (dbf__tx_isalnum((unsigned char)s[we]) || s[we] == '-'))
          we++;
        if (we == w)
          break;
        static const char *const units[] = {
            "hours",  "hour",      "minutes",  "minute",   "days",      "day",
            "weeks",  "seconds",   "ms",       "users",    "customers", "clients",
            "people", "engineers", "deals",    "accounts", "tickets",   "incidents",
            "hrs",    "mins",      "sec",      "a",        "per",       "month",
            "week",   "year",      "quarter",  "in",       "revenue",   "arr",
            "mrr",    "million",   "thousand", "billion",  "k",         NULL};
        bool ok = false;
        for (size_t u = 0; units[u] && !ok; u++)
          ok = strlen(units[u]) == we - w && dbf__tx_ieqn(s + w, units[u], we - w);
        if (!ok)
          break;
        ue = we;
        words++;
      }
      /* Bare numbers (a year, "two juniors") are not metrics. */
      if (ue == ve && !dollar && !(ve > j))
        continue;
      /* Drop a dangling "a"/"per"/"in" at the end. */
      dbf_span v = {i, ue - i};
      while (v.len > 0) {
        size_t p = v.off + v.len;
        size_t b = p;
        while (b > v.off && s[b - 1] != ' ')
          b--;
        if ((p - b == 1 && s[b] == 'a') || (p - b == 3 && dbf__tx_ieqn(s + b, "per", 3)) ||
            (p - b == 2 && dbf__tx_ieqn(s + b, "in", 2))) {
          v.len = b > v.off ? b - 1 - v.off : 0;
        } else {
          break;
        }
      }
      if (v.len == 0)
        continue;
      dbf__tx_copy(s, v, val, cap);
      *vsp = v;
      return true;
    }
    dbf__tx_copy(s, (dbf_span){i, ve - i}, val, cap);
    *vsp = (dbf_span){i, ve - i};
    return true;
  }
  /* Words that are metrics by themselves. */
  static const struct {
    const char *w;
    const char *v;
  } words[] = {{"doubled", "2x"}, {"tripled", "3x"},  {"quadrupled", "4x"},
               {"halved", "50%"}, {"by half", "50%"}, {NULL, NULL}};
  for (size_t k = 0; words[k].w; k++) {
    size_t p = dbf__tx_find_word(s, end, cl.off, words[k].w);
    if (p != (size_t)-1) {
      snprintf(val, cap, "%s", words[k].v);
      *vsp = (dbf_span){p, strlen(words[k].w)};
      return true;
    }
  }
  return false;
}

static dbf_span strip_dets(const ex *x, dbf_span sp) {
  static const char *const dets[] = {"we ",   "i ",    "our ",  "the ", "my ", "their ", "and ",
                                     "also ", "this ", "that ", "it ",  "so ", "then ",  NULL};
  for (int g = 0; g < 4; g++) {
    bool hit = false;
    for (size_t k = 0; dets[k]; k++) {
      size_t l = strlen(dets[k]);
      if (sp.len > l && dbf__tx_ieqn(x->s + sp.off, dets[k], l)) {
        sp.off += l;
        sp.len -= l;
        hit = true;
      }
    }
    if (!hit)
      break;
  }
  return dbf__tx_trim(x->s, sp);
}

/* Names the metric of clause cl whose value sits at vsp. */
static void metric_name(const ex *x, dbf_span cl, dbf_span vsp, char *out, size_t cap) {
  const char *s = x->s;
  size_t end = cl.off + cl.len;
  size_t which = 0;
  /* "<subject> dropped by 85%": the words before the verb. */
  size_t p = dbf__tx_find_any(s, end, cl.off, k_change_verbs, &which);
  if (p != (size_t)-1 && p > cl.off && p <= vsp.off) {
    dbf_span subj = strip_dets(x, (dbf_span){cl.off, p - cl.off});
    if (subj.len > 0 && dbf__tx_word_count(s, subj) <= 6) {
      dbf__tx_copy(s, subj, out, cap);
      return;
    }
  }
  /* "we cut failed payouts from 2% to 0.3%": the words after the verb. */
  p = dbf__tx_find_any(s, end, cl.off, k_action_verbs, &which);
  if (p != (size_t)-1 && p < vsp.off) {
    size_t b = p + strlen(k_action_verbs[which]);
    static const char *const stops[] = {"by", "from", "to",   "down", "up",
                                        "in", "with", "over", NULL};
    size_t e = dbf__tx_find_any(s, vsp.off, b, stops, NULL);
    if (e == (size_t)-1)
      e = vsp.off;
    dbf_span obj = strip_dets(x, (dbf_span){b, e > b ? e - b : 0});
    if (obj.len > 0 && dbf__tx_word_count(s, obj) <= 6) {
      dbf__tx_copy(s, obj, out, cap);
      return;
    }
    /* "saved 200 hours a month": name it after the verb and unit. */
    if (dbf__tx_ieqn(k_action_verbs[which], "saved", 5)) {
      snprintf(out, cap, "time saved");
      return;
    }
  }
  /* "3x faster deploys", "a 20% increase in conversion": the words after the value. */
  size_t ve = vsp.off + vsp.len;
  dbf_span after = strip_dets(x, (dbf_span){ve, end - ve});
  static const char *const lead[] = {
      "increase in ", "decrease in ", "reduction in ", "improvement in ", "drop in ",
      "growth in ",   "lift in ",     "boost in ",     "more ",           "fewer ",
      "less ",        "faster ",      "higher ",       "lower ",          NULL};
  for (size_t k = 0; lead[k]; k++) {
    size_t l = strlen(lead[k]);
    if (after.len > l && dbf__tx_ieqn(s + after.off, lead[k], l)) {
      after.off += l;
      after.len -= l;
      break;
    }
  }
  if (after.len > 0 && dbf__tx_word_count(s, after) <= 5) {
    dbf__tx_copy(s, after, out, cap);
    return;
  }
  dbf_span before = strip_dets(x, (dbf_span){cl.off, vsp.off - cl.off});
  if (before.len > 0 && dbf__tx_word_count(s, before) <= 6)
    dbf__tx_copy(s, before, out, cap);
  else
    out[0] = '\0';
}

static void do_metrics(ex *x, const dbf_template_field *f, bool targeted) {
  json_t *arr = json_array();
  if (!arr)
    return;
  const char *mk = has_item_key(f, "metric") ? "metric" : f->item_keys[0];
  const char *vk =
      has_item_key(f, "value") ? "value" : (f->n_item_keys > 1 ? f->item_keys[1] : "value");
  for (size_t si = 0; si < x->n_sent; si++) {
    dbf_span cl[32];
    size_t nc = dbf__tx_clauses(x->s, x->sent[si], cl, 32);
    for (size_t i = 0; i < nc; i++) {
      char val[64], name[ITEM_CAP];
      dbf_span vsp;
      if (!metric_value(x, cl[i], val, sizeof(val), &vsp))
        continue;
      /* In passing, a number needs a change verb nearby to be an impact. */
      if (!targeted &&
          dbf__tx_find_any(x->s, cl[i].off + cl[i].len, cl[i].off, k_change_verbs, NULL) ==
              (size_t)-1 &&
          dbf__tx_find_any(x->s, cl[i].off + cl[i].len, cl[i].off, k_action_verbs, NULL) ==
              (size_t)-1)
        continue;
      metric_name(x, cl[i], vsp, name, sizeof(name));
      if (name[0] >= 'A' && name[0] <= 'Z' && name[1] >= 'a' && name[1] <= 'z')
        name[0] = (char)(name[0] - 'A' + 'a');
      if (!name[0])
        snprintf(name, sizeof(name), "impact");
      json_t *o = json_object();
      if (!o)
        break;
      json_object_set_new(o, mk, json_string(name));
      json_object_set_new(o, vk, json_string(val));
      if (json_array_size(arr) < MAX_ITEMS)
        union_item(arr, o);
      else
        json_decref(o);
    }
  }
  put(x, f->key, arr, targeted ? hedge(x, CONF_TARGET) : CONF_CROSS, false);
}

/* ------------------------------------------------------------ role, company */

static const char *const k_title_stops[] = {
    "a",         "an",       "the",    "as",    "was", "i",     "am",    "my",
    "our",       "their",    "by",     "at",    "to",  "and",   "then",  "started",
    "became",    "promoted", "worked", "been",  "is",  "were",  "being", "later",
    "now",       "also",     "from",   "in",    "for", "with",  "her",   "his",
    "i'm",       "i've",     "ended",  "end",   "job", "title", "role",  "position",
    "currently", "so",       "but",    "which", "who", NULL};

static void do_role_title(ex *x, const dbf_template_field *f, bool targeted) {
  const dbf__lexicon *roles = dbf__lex_get(x->ctx->lex, "roles");
  static const char *const final_cues[] = {
      "promoted to", "became",    "by the end",    "ended as",   "ending as",   "final title",
      "now",         "currently", "most recently", "eventually", "moved up to", "then",
      "later",       NULL};
  dbf__lex_match m[32];
  size_t cnt = dbf__lex_scan(roles, x->s, x->n, m, 32);
  char best[ITEM_CAP] = "";
  int best_score = -1;
  /* The title a later one ("then", "later") supersedes, kept when the two
     are different jobs: "Data Journalist, and later Deputy Data Editor". */
  char earlier[ITEM_CAP] = "";
  for (size_t i = 0; i < cnt; i++) {
    /* The head is the last role word in a run: "Engineering Manager". */
    size_t b = m[i].off, e = m[i].off + m[i].len;
    while (i + 1 < cnt && m[i + 1].off <= e + 1 && m[i + 1].off >= e) {
      i++;
      e = m[i].off + m[i].len;
    }
    /* Extend back over modifiers ("Senior Backend"). */
    for (int w = 0; w < 4; w++) {
      size_t t = b;
      if (t == 0 || x->s[t - 1] != ' ')
        break;
      t--;
      size_t ws = t;
      while (ws > 0 && (dbf__tx_isalnum((unsigned char)x->s[ws - 1]) || x->s[ws - 1] == '-' ||
                        x->s[ws - 1] == '/'))
        ws--;
      /* A role word just before ("Lead", "Principal", "Senior") is a
         seniority modifier of this title, not a title of its own. */
      if (ws == t)
        break;
      bool stop = false;
      for (size_t k = 0; k_title_stops[k] && !stop; k++)
        stop =
            strlen(k_title_stops[k]) == t - ws && dbf__tx_ieqn(x->s + ws, k_title_stops[k], t - ws);
      if (stop)
        break;
      b = ws;
    }
    /* Extend forward over "of Engineering" / "of Product Marketing". */
    if (e + 4 < x->n && dbf__tx_ieqn(x->s + e, " of ", 4)) {
      size_t q = e + 4, qe = q;
      for (int w = 0; w < 3 && qe < x->n; w++) {
        size_t ws = qe;
        while (qe < x->n && (dbf__tx_isalnum((unsigned char)x->s[qe]) || x->s[qe] == '&'))
          qe++;
        if (qe == ws || !dbf__tx_isupper((unsigned char)x->s[ws])) {
          qe = ws > q ? ws - 1 : q;
          break;
        }
        if (qe < x->n && x->s[qe] == ' ' && qe + 1 < x->n &&
            dbf__tx_isupper((unsigned char)x->s[qe + 1]))
          qe++;
        else
          break;
      }
      if (qe > q)
        e = qe;
    }
    dbf_span sp = dbf__tx_trim(x->s, (dbf_span){b, e - b});
    if (sp.len == 0)
      continue;
    /* "the CTO" someone reported to is not the person's own title. */
    if (sp.off >= 12 && (dbf__tx_find_word(x->s, sp.off, sp.off - 12, "reported") != (size_t)-1 ||
                         dbf__tx_find_word(x->s, sp.off, sp.off - 12, "report") != (size_t)-1))
      continue;
    int score = 1;
    size_t lookback = sp.off > 40 ? sp.off - 40 : 0;
    if (span_has_any(x, (dbf_span){lookback, sp.off - lookback}, final_cues) ||
        span_has_any(
            x, (dbf_span){sp.off, (sp.off + sp.len + 16 < x->n ? sp.len + 16 : x->n - sp.off)},
            (const char *const[]){"by the end", "eventually", NULL}))
      score += 3;
    if (span_has_any(
            x, (dbf_span){lookback, sp.off - lookback},
            (const char *const[]){"started as", "started out as", "joined as", "initially", NULL}))
      score -= 1;
    if (dbf__tx_word_count(x->s, sp) >= 2)
      score += 1;
    if (score > best_score) {
      if (best[0] && score >= 4 && best_score < 4)
        snprintf(earlier, sizeof earlier, "%s", best);
      best_score = score;
      dbf__tx_copy(x->s, sp, best, sizeof(best));
    }
  }
  if (!targeted && best[0]) {
    /* In passing, only the speaker's own title: "I was a backend engineer". */
    static const char *const own[] = {"i was",       "i'm",         "i am",     "as a",
                                      "as an",       "worked as",   "my title", "my role",
                                      "i joined as", "promoted to", "i became", "i started as",
                                      NULL};
    if (!span_has_any(x, (dbf_span){0, x->n}, own))
      return;
  }
  if (!best[0]) {
    if (targeted && !x->negative) {
      dbf_span sp = dbf__tx_strip_fillers(x->s, x->n_sent ? x->sent[0] : (dbf_span){0, x->n});
      if (sp.len > 0 && dbf__tx_word_count(x->s, sp) <= 5)
        put(x, f->key, jstr_span(x, sp),
            x->spec < VAGUE_SPEC_FOLLOW && dbf__tx_word_count(x->s, sp) == 1
                ? CONF_CROSS
                : hedge(x, CONF_TARGET_LOOSE),
            false);
    }
    return;
  }
  /* Both titles of one answer, unless the later one contains the earlier
     (a promotion: "Data Scientist, then Senior Data Scientist"). */
  if (targeted && earlier[0] && dbf__tx_find_word(best, strlen(best), 0, earlier) == (size_t)-1 &&
      x->n_sent <= 1 && !x->sent_correction[0] &&
      strlen(earlier) + strlen(best) + 6 < sizeof best) {
    char both[ITEM_CAP * 2 + 8];
    snprintf(both, sizeof both, "%s and %s", earlier, best);
    dbf__tx_copy(both, (dbf_span){0, strlen(both)}, best, sizeof best);
  }
  title_case(best);
  bool corr = x->n_sent > 0 && x->sent_correction[0];
  double conf = hedge(x, targeted ? CONF_TARGET : CONF_CROSS);
  /* A bare one-word title in a vague answer ("Teacher.") is tentative, so
     the follow-up still asks for the full title. */
  if (targeted && x->spec < VAGUE_SPEC_FOLLOW && !strchr(best, ' '))
    conf = CONF_CROSS;
  put(x, f->key, json_string(best), conf, corr);
}

static void do_company(ex *x, const dbf_template_field *f, bool targeted) {
  static const char *const cues[] = {"called", "named",       "worked at",   "worked for",
                                     "joined", "employed at", "employer is", "company is",
                                     "at",     "for",         NULL};
  dbf_span found = {0, 0};
  bool strong = false;
  for (size_t p = 0; p < x->n && !found.len;) {
    size_t which = 0;
    size_t c = dbf__tx_find_any(x->s, x->n, p, cues, &which);
    if (c == (size_t)-1)
      break;
    size_t after = c + strlen(cues[which]);
    dbf_span run = cap_run_joined(x, after, x->n);
    if (run.len > 0 && run.off <= after + 1 && !is_starter(x, run)) {
      /* Months, weekdays and people are not employers. */
      dbf__date d;
      bool is_date = dbf__date_scan(x->s + run.off, run.len, &x->ref, false, &d, 1) > 0;
      bool person = false;
      for (size_t i = 0; i < x->n_persons; i++)
        person = person || x->persons[i].off == run.off;
      bool role = dbf__people_is_role(&x->people, x->s + run.off, run.len);
      if (!is_date && !person && !role) {
        found = run;
        strong = which < 8;
      }
    }
    p = after;
  }
  if (!found.len && targeted && !x->negative) {
    /* A targeted answer usually opens with the name: "Ledgerly, a B2B startup". */
    for (size_t p = 0; p < x->n; p++) {
      if ((p == 0 || x->s[p - 1] == ' ') && dbf__tx_isupper((unsigned char)x->s[p])) {
        dbf_span run = cap_run_joined(x, p, x->n);
        /* "The Coastal Herald." as the whole answer keeps its article. */
        bool whole = p == 0 && run.len > 4 && dbf__tx_ieqn(x->s, "The ", 4) && x->n_sent == 1 &&
                     dbf__tx_word_count(x->s, run) >= 3 &&
                     dbf__tx_strip_fillers(x->s, x->sent[0]).len <= run.len + 1;
        if (run.len > 0 && (whole || !is_starter(x, run)) &&
            !dbf__people_is_role(&x->people, x->s + run.off, run.len)) {
          found = run;
          break;
        }
      }
    }
  }
  if (!found.len)
    return;
  if (!targeted && !strong)
    return;
  put(x, f->key, jstr_span(x, found), hedge(x, targeted ? CONF_TARGET : CONF_CROSS),
      x->n_sent > 0 && x->sent_correction[0]);
}

static void do_text(ex *x, const dbf_template_field *f, bool targeted) {
  /* A vague answer ("It was good I think.") fills nothing, so the planner
     asks its follow-up instead of settling for it. */
  if (!targeted || x->negative || x->n == 0 || x->spec < VAGUE_SPEC)
    return;
  dbf_span sp = dbf__tx_trim(x->s, (dbf_span){0, x->n});
  /* Drop a leading "well," / "so," and keep the rest verbatim. */
  static const char *const lead[] = {"well ", "so ", "um ", "uh ", "ok ", "okay ", "yeah ", NULL};
  for (size_t k = 0; lead[k]; k++) {
    size_t l = strlen(lead[k]) - 1;
    if (sp.len > l + 1 && dbf__tx_ieqn(x->s + sp.off, lead[k], l) &&
        (x->s[sp.off + l] == ',' || x->s[sp.off + l] == ' ')) {
      sp.off += l + 1;
      sp.len -= l + 1;
      sp = dbf__tx_trim(x->s, sp);
    }
  }
  if (sp.len > TEXT_CAP)
    sp.len = TEXT_CAP;
  char buf[TEXT_CAP + 1];
  dbf__tx_copy(x->s, sp, buf, sizeof(buf));
  if (buf[0] >= 'a' && buf[0] <= 'z')
    buf[0] = (char)(buf[0] - 'a' + 'A');
  double conf = CONF_TARGET_TEXT;
  if (dbf__tx_word_count(x->s, sp) < 4)
    conf -= 0.2;
  put(x, f->key, json_string(buf), hedge(x, conf), x->n_sent > 0 && x->sent_correction[0]);
}

static void do_generic_object_list(ex *x, const dbf_template_field *f, bool targeted) {
  if (!targeted || x->negative || f->n_item_keys == 0)
    return;
  json_t *arr = json_array();
  if (!arr)
    return;
  for (size_t si = 0; si < x->n_sent; si++) {
    dbf_span items[32];
    size_t ni = dbf__tx_list_items(x->s, x->sent[si], items, 32);
    for (size_t i = 0; i < ni; i++) {
      dbf_span it = dbf__tx_strip_fillers(x->s, items[i]);
      if (it.len == 0)
        continue;
      json_t *o = json_object();
      if (!o)
        break;
      json_object_set_new(o, f->item_keys[0], jstr_span(x, it));
      if (json_array_size(arr) < MAX_ITEMS)
        union_item(arr, o);
      else
        json_decref(o);
    }
  }
  put(x, f->key, arr, hedge(x, CONF_TARGET_LOOSE), false);
}

/* ------------------------------------------------------------ corrections */

/*
 * "Actually, Thursday not Tuesday" with no date field asked: find what the
 * negated date replaces. A next step due on that day is updated in place;
 * otherwise a date field holding that day takes the new one.
 */
static void do_date_correction(ex *x) {
  dbf__date d[MAX_DATES];
  size_t cnt = dbf__date_scan(x->s, x->n, &x->ref, true, d, MAX_DATES);
  const dbf__date *newd = NULL, *oldd = NULL;
  for (size_t i = 0; i < cnt; i++) {
    if (!sentence_is_correction(x, d[i].off))
      continue;
    if (d[i].negated && !oldd)
      oldd = &d[i];
    else if (!d[i].negated && !newd)
      newd = &d[i];
  }
  if (!newd || !oldd || !json_is_object(x->ctx->record))
    return;
  char old_iso[16], new_iso[16], old_phrase[64];
  date_iso(oldd, old_iso, sizeof(old_iso));
  date_iso(newd, new_iso, sizeof(new_iso));
  dbf__tx_copy(x->s, (dbf_span){oldd->off, oldd->len}, old_phrase, sizeof(old_phrase));
  const dbf_template *tpl = x->ctx->tpl;
  for (size_t fi = 0; fi < tpl->n_fields; fi++) {
    const dbf_template_field *f = &tpl->fields[fi];
    const json_t *e = json_object_get(x->ctx->record, f->key);
    const json_t *v = json_is_object(e) ? json_object_get(e, "value") : NULL;
    if (f->type == DBF_FIELD_DATE && json_is_string(v) &&
        strcmp(json_string_value(v), old_iso) == 0) {
      put(x, f->key, json_string(new_iso), CONF_TARGET, true);
    } else if (f->type == DBF_FIELD_OBJECT_LIST && has_item_key(f, "due") && json_is_array(v)) {
      json_t *copy = json_deep_copy(v);
      bool hit = false;
      size_t i;
      json_t *it;
      json_array_foreach(copy, i, it) {
        const json_t *due = json_object_get(it, "due");
        if (json_is_string(due) && (strcmp(json_string_value(due), old_iso) == 0 ||
                                    str_ieq(json_string_value(due), old_phrase))) {
          json_object_set_new(it, "due", json_string(new_iso));
          hit = true;
        }
      }
      if (hit)
        put(x, f->key, copy, CONF_TARGET, true);
      else
        json_decref(copy);
    }
  }
}

/* ------------------------------------------------------------- dispatcher */

static void extract_field(ex *x, const dbf_template_field *f) {
  bool t = field_targeted(x, f->key);
  const char *k = f->key;
  if (!k)
    return;
  if (has_item_key(f, "start") && has_item_key(f, "end")) {
    do_timeline(x, f, t);
    return;
  }
  switch (f->type) {
    case DBF_FIELD_MONEY:
      do_money(x, f, t);
      return;
    case DBF_FIELD_DATE:
      if (key_has(k, "timeline") && !key_has(k, "decision"))
        do_date(x, f, t);
      else
        do_date(x, f, t);
      return;
    case DBF_FIELD_NUMBER:
      do_number(x, f, t);
      return;
    case DBF_FIELD_BOOL:
      do_bool(x, f, t);
      return;
    case DBF_FIELD_ENUM:
      do_enum(x, f, t);
      return;
    case DBF_FIELD_OBJECT_LIST:
      if (has_item_key(f, "action"))
        do_next_steps(x, f, t);
      else if (has_item_key(f, "metric") || (has_item_key(f, "value") && key_has(k, "metric")))
        do_metrics(x, f, t);
      else if (has_item_key(f, "name"))
        do_attendees(x, f, t);
      else
        do_generic_object_list(x, f, t);
      return;
    case DBF_FIELD_LIST:
      if (key_has(k, "decision") || key_has(k, "approver") || key_has(k, "stakeholder") ||
          key_has(k, "signer"))
        do_decision_makers(x, f, t);
      else if (key_has(k, "competitor") || key_has(k, "alternative"))
        do_competitors(x, f, t);
      else if (key_has(k, "objection") || key_has(k, "concern") || key_has(k, "pushback"))
        do_clause_list(x, f, t, CL_OBJECTION);
      else if (key_has(k, "need") || key_has(k, "requirement") || key_has(k, "pain"))
        do_clause_list(x, f, t, CL_NEED);
      else if (key_has(k, "challenge") || key_has(k, "risk") || key_has(k, "blocker") ||
               key_has(k, "obstacle"))
        do_clause_list(x, f, t, CL_CHALLENGE);
      else if (key_has(k, "product"))
        do_products(x, f, t);
      else if (dbf__lex_for_field(x->ctx->lex, k) || key_has(k, "skill") || key_has(k, "tool") ||
               key_has(k, "tech"))
        do_lexicon_list(x, f, t);
      else
        do_clause_list(x, f, t, CL_GENERIC);
      return;
    case DBF_FIELD_TEXT:
    case DBF_FIELD_STRING:
    default:
      if (strcmp(k, "role_title") == 0 || strcmp(k, "job_title") == 0 || strcmp(k, "title") == 0 ||
          strcmp(k, "position") == 0 || strcmp(k, "role") == 0)
        do_role_title(x, f, t);
      else if (strcmp(k, "company") == 0 || strcmp(k, "employer") == 0 ||
               strcmp(k, "organization") == 0 || strcmp(k, "organisation") == 0)
        do_company(x, f, t);
      else
        do_text(x, f, t);
      return;
  }
}

/* Lists of people first so later fields can resolve first names. */
static int field_order(const dbf_template_field *f) {
  if (f->type == DBF_FIELD_OBJECT_LIST && has_item_key(f, "name"))
    return 0;
  if (f->type == DBF_FIELD_LIST || f->type == DBF_FIELD_OBJECT_LIST)
    return 1;
  return 2;
}

static dbf_err ex_init(ex *x, const dbf_extract_ctx *ctx, const char *text, char **norm,
                       dbf_status *st) {
  size_t n = 0;
  if (dbf__tx_normalize(text, norm, &n) != DBF_OK)
    return dbf_fail(st, DBF_ERR_NOMEM, "out of memory normalizing the answer");
  x->ctx = ctx;
  x->s = *norm;
  x->n = n;
  if (!dbf__date_parse_ref(ctx->reference_date, &x->ref)) {
    /* No usable meeting date: resolve against today (UTC). */
    time_t now = time(NULL);
    struct tm tmv;
    gmtime_r(&now, &tmv);
    x->ref = (dbf__ymd){tmv.tm_year + 1900, tmv.tm_mon + 1, tmv.tm_mday};
  }
  x->n_sent = dbf__tx_sentences(x->s, x->n, x->sent, DBF_TX_MAX_SPANS);
  analyze_answer(x);
  x->spec = dbf_answer_specificity(ctx, text);
  dbf__people_env_init(&x->people, ctx->lex, ctx->subject, ctx->record);
  x->n_persons = dbf__people_scan(&x->people, x->s, x->n, x->persons, MAX_PEOPLE);
  for (size_t i = 0; i < x->n_persons; i++)
    dbf__people_env_add(&x->people, &x->persons[i]);
  /* Second pass: first names mentioned before the full name resolve now. */
  x->n_persons = dbf__people_scan(&x->people, x->s, x->n, x->persons, MAX_PEOPLE);
  return DBF_OK;
}

dbf_err dbf_extract(const dbf_extract_ctx *ctx, const char *text, json_t **updates,
                    dbf_status *st) {
  dbf_err rc = DBF_OK;
  char *norm = NULL;
  ex *x = NULL;
  *updates = NULL;
  if (!ctx || !ctx->tpl) {
    rc = dbf_fail(st, DBF_ERR_INVALID, "extraction needs a template");
    goto out;
  }
  x = dbf_calloc(1, sizeof(*x));
  if (!x) {
    rc = dbf_fail(st, DBF_ERR_NOMEM, "out of memory extracting");
    goto out;
  }
  x->updates = json_object();
  if (!x->updates) {
    rc = dbf_fail(st, DBF_ERR_NOMEM, "out of memory extracting");
    goto out;
  }
  rc = ex_init(x, ctx, text, &norm, st);
  if (rc)
    goto out;
  /* "That's all I have." ends the interview; it is never a value. */
  if (x->n > 0 && !dbf_answer_is_done(text)) {
    /* Targeted fields first, so their words are "consumed" before sibling
       fields look for cross-field mentions. */
    for (int pass = 0; pass < 2; pass++) {
      for (int order = 0; order < 3; order++) {
        for (size_t i = 0; i < ctx->tpl->n_fields; i++) {
          const dbf_template_field *f = &ctx->tpl->fields[i];
          if (!f->key || field_order(f) != order || field_targeted(x, f->key) != (pass == 0))
            continue;
          extract_field(x, f);
        }
      }
    }
    bool any_corr = false;
    for (size_t i = 0; i < x->n_sent; i++)
      any_corr = any_corr || x->sent_correction[i];
    if (any_corr)
      do_date_correction(x);
  }
  *updates = x->updates;
  x->updates = NULL;
out:
  if (x)
    json_decref(x->updates);
  dbf_free(x);
  dbf_free(norm);
  return rc;
}

/* ------------------------------------------------------------------ merge */

static const dbf_template_field *find_field(const dbf_template *tpl, const char *key) {
  for (size_t i = 0; tpl && i < tpl->n_fields; i++) {
    if (tpl->fields[i].key && strcmp(tpl->fields[i].key, key) == 0)
      return &tpl->fields[i];
  }
  return NULL;
}

/* A fresh record entry from an update entry, without the "replace" flag. */
static json_t *clean_entry(const json_t *upd) {
  json_t *e = json_deep_copy(upd);
  if (e)
    json_object_del(e, "replace");
  return e;
}

dbf_err dbf_record_merge(const dbf_template *tpl, json_t *record, const json_t *updates,
                         json_t **changed) {
  dbf_err rc = DBF_OK;
  json_t *ch = NULL;
  if (changed)
    *changed = NULL;
  if (!json_is_object(record) || !json_is_object(updates))
    return DBF_ERR_INVALID;
  ch = json_object();
  if (!ch)
    return DBF_ERR_NOMEM;
  const char *key;
  json_t *upd;
  json_object_foreach((json_t *)updates, key, upd) {
    if (!json_is_object(upd) || !json_object_get(upd, "value"))
      continue;
    const dbf_template_field *f = find_field(tpl, key);
    json_t *old = json_object_get(record, key);
    bool replace = json_is_true(json_object_get(upd, "replace"));
    double nc = json_number_value(json_object_get(upd, "confidence"));
    json_t *nv = json_object_get(upd, "value");
    if (!json_is_object(old) || !json_object_get(old, "value")) {
      json_t *e = clean_entry(upd);
      if (!e) {
        rc = DBF_ERR_NOMEM;
        goto out;
      }
      json_object_set_new(record, key, e);
      json_object_set(ch, key, e);
      continue;
    }
    /* A person's own edit stands until they correct it again in words. */
    const json_t *osrc = json_object_get(old, "source");
    bool user_edit = json_is_string(osrc) && strcmp(json_string_value(osrc), "user") == 0;
    const char *nsrc = json_string_value(json_object_get(upd, "source"));
    if (user_edit && !replace && !(nsrc && strcmp(nsrc, "user") == 0))
      continue;
    double oc = json_number_value(json_object_get(old, "confidence"));
    json_t *ov = json_object_get(old, "value");
    bool is_list = json_is_array(ov) && json_is_array(nv) &&
                   (!f || f->type == DBF_FIELD_LIST || f->type == DBF_FIELD_OBJECT_LIST);
    if (replace || (!is_list && nc >= oc)) {
      if (!replace && json_equal(ov, nv) && nc <= oc)
        continue;
      json_t *e = clean_entry(upd);
      if (!e) {
        rc = DBF_ERR_NOMEM;
        goto out;
      }
      json_object_set_new(record, key, e);
      json_object_set(ch, key, e);
      continue;
    }
    if (!is_list)
      continue;
    /* Lists union; the entry takes the higher confidence and the new evidence. */
    json_t *merged = json_deep_copy(ov);
    if (!merged) {
      rc = DBF_ERR_NOMEM;
      goto out;
    }
    bool grew = false;
    size_t i;
    json_t *item;
    json_array_foreach(nv, i, item) grew = union_item(merged, json_deep_copy(item)) || grew;
    if (!grew && nc <= oc) {
      json_decref(merged);
      continue;
    }
    json_t *e = json_deep_copy(old);
    if (!e) {
      json_decref(merged);
      rc = DBF_ERR_NOMEM;
      goto out;
    }
    json_object_set_new(e, "value", merged);
    json_object_set_new(e, "confidence", json_real(nc > oc ? nc : oc));
    json_object_set(e, "evidence_seq", json_object_get(upd, "evidence_seq"));
    if (nsrc)
      json_object_set_new(e, "source", json_string(user_edit ? "user" : nsrc));
    json_object_set_new(record, key, e);
    json_object_set(ch, key, e);
  }
  if (changed) {
    *changed = ch;
    ch = NULL;
  }
out:
  json_decref(ch);
  return rc;
}

/* ------------------------------------------------- specificity and "done" */

static const char *const k_vague_words[] = {
    "stuff",    "things",    "good",    "fine",    "ok",     "okay",  "mostly", "etc",
    "whatever", "something", "various", "general", "normal", "usual", "pretty", NULL};

/* Phrases that make an answer a clear "none": the field is answered, empty. */
static const char *const k_negation_open[] = {"no",      "none",  "nope",       "nobody", "no one",
                                              "nothing", "never", "not really", NULL};
static const char *const k_negation_any[] = {
    "didn't come up",   "did not come up",   "never came up",    "didn't mention",
    "did not mention",  "didn't bring up",   "did not bring up", "didn't raise",
    "did not raise",    "not discussed",     "didn't discuss",   "did not discuss",
    "wasn't discussed", "was not discussed", "no objections",    "no concerns",
    "no competitors",   "no one else",       "nobody else",      "anyone else",
    "no budget",        "none at all",       "nothing major",    NULL};
/* Uncertainty is not a negation: "no idea" still deserves a follow-up. */
static const char *const k_negation_unsure[] = {"idea",   "sure",  "know", "remember",
                                                "recall", "maybe", "yet",  NULL};

/*
 * True for a short, explicit "none" ("No, they didn't mention anyone else",
 * "No objections this time", "Budget didn't come up"): the question was
 * answered, so the planner must not follow up on it.
 */
static bool answer_is_negation(const char *s, size_t n) {
  dbf_span all = dbf__tx_trim(s, (dbf_span){0, n});
  if (all.len == 0 || dbf__tx_word_count(s, all) > 12)
    return false;
  if (dbf__tx_find_any(s, n, 0, k_negation_unsure, NULL) != (size_t)-1)
    return false;
  for (size_t k = 0; k_negation_open[k]; k++) {
    size_t l = strlen(k_negation_open[k]);
    if (l <= all.len && dbf__tx_ieqn(s + all.off, k_negation_open[k], l) &&
        dbf__tx_is_word_at(s, all.off + all.len, all.off, l))
      return true;
  }
  return dbf__tx_find_any(s, n, 0, k_negation_any, NULL) != (size_t)-1;
}

double dbf_answer_specificity(const dbf_extract_ctx *ctx, const char *text) {
  char *norm = NULL;
  size_t n = 0;
  if (dbf__tx_normalize(text, &norm, &n) != DBF_OK || !norm)
    return 0.0;
  dbf_span all = {0, n};
  if (answer_is_negation(norm, n)) {
    dbf_free(norm);
    return 0.5;
  }
  size_t words = dbf__tx_word_count(norm, all);
  double s = 0.05 + 0.5 * (double)(words > 15 ? 15 : words) / 15.0;
  bool digit = false, proper = false;
  for (size_t i = 0; i < n; i++) {
    if (norm[i] >= '0' && norm[i] <= '9')
      digit = true;
    /* A capital letter that does not start a sentence: a name. */
    if (i > 1 && dbf__tx_isupper((unsigned char)norm[i]) && norm[i - 1] == ' ' &&
        norm[i - 2] != '.' && norm[i - 2] != '!' && norm[i - 2] != '?' &&
        !(norm[i] == 'I' && (i + 1 >= n || !dbf__tx_isalnum((unsigned char)norm[i + 1]))))
      proper = true;
  }
  if (digit)
    s += 0.2;
  if (proper)
    s += 0.2;
  dbf__ymd ref = {2026, 1, 1};
  if (ctx && ctx->reference_date)
    (void)dbf__date_parse_ref(ctx->reference_date, &ref);
  dbf__date d;
  if (dbf__date_scan(norm, n, &ref, true, &d, 1) > 0)
    s += 0.15;
  if (ctx && ctx->lex) {
    static const char *const lexs[] = {
        "tools_technologies", "technical_skills", "soft_skills", "competitors",
        "objections",         "sentiment",        "deal_stage",  NULL};
    int hits = 0;
    for (size_t k = 0; lexs[k]; k++)
      hits += dbf__lex_any(dbf__lex_get(ctx->lex, lexs[k]), norm, n) ? 1 : 0;
    s += 0.1 * (hits > 3 ? 3 : hits);
  }
  for (size_t k = 0; k_hedges[k]; k++)
    if (dbf__tx_find_word(norm, n, 0, k_hedges[k]) != (size_t)-1)
      s -= 0.15;
  for (size_t k = 0; k_vague_words[k]; k++)
    if (dbf__tx_find_word(norm, n, 0, k_vague_words[k]) != (size_t)-1)
      s -= 0.1;
  dbf_free(norm);
  if (s < 0)
    s = 0;
  if (s > 1)
    s = 1;
  return s;
}

bool dbf_answer_is_done(const char *text) {
  static const char *const done[] = {"that's all",
                                     "that is all",
                                     "that's it",
                                     "that is it",
                                     "nothing else",
                                     "nothing more",
                                     "i'm done",
                                     "i am done",
                                     "we're done",
                                     "all done",
                                     "done",
                                     "no more",
                                     "that's everything",
                                     "finish",
                                     "finished",
                                     "we can stop",
                                     "let's stop",
                                     "stop",
                                     "end",
                                     "nothing to add",
                                     "no, that's all",
                                     "no that's all",
                                     "no, that's it",
                                     "no that's it",
                                     "no, nothing else",
                                     "no, nothing more",
                                     "that's all i have",
                                     "nothing else to add",
                                     "no more",
                                     "that's about it",
                                     "that covers it",
                                     "i think that's it",
                                     "nothing further",
                                     "wrap up",
                                     "let's wrap up",
                                     NULL};
  char *norm = NULL;
  size_t n = 0;
  if (dbf__tx_normalize(text, &norm, &n) != DBF_OK || !norm)
    return false;
  dbf_span sp = dbf__tx_trim(norm, (dbf_span){0, n});
  bool is_done = false;
  size_t words = dbf__tx_word_count(norm, sp);
  /* Only short answers: "done with the migration in May" is content. */
  if (sp.len > 0 && words <= 6) {
    for (size_t k = 0; done[k] && !is_done; k++) {
      size_t l = strlen(done[k]);
      if (l > sp.len || !dbf__tx_ieqn(norm + sp.off, done[k], l) ||
          !dbf__tx_is_word_at(norm, sp.off + sp.len, sp.off, l))
        continue;
      /* Bare "no" / "done" / "end" must be the whole answer. */
      bool bare = strcmp(done[k], "end") == 0 || strcmp(done[k], "stop") == 0 ||
                  strcmp(done[k], "done") == 0;
      if (bare) {
        dbf_span rest = dbf__tx_trim(norm, (dbf_span){sp.off + l, sp.len - l});
        is_done = rest.len == 0;
      } else {
        is_done = true;
      }
    }
  }
  dbf_free(norm);
  return is_done;
}
