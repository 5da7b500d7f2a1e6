/*
 * summary.c - deterministic summaries built from the record.
 *
 * dbf_summarize walks the template's summary sections and fills each with a
 * builder chosen by the section key (overview, crm_payload, resume_bullets,
 * interview_story...). A key with no builder falls back to the field of the
 * same name, or to the filled fields, so user-defined templates get a
 * useful summary too. Builders only rearrange and rephrase what the record
 * holds: a fact the person did not give never appears.
 */
#include "engine/engine.h"

#include <ctype.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "core/alloc.h"
#include "core/buf.h"
#include "engine/engine_util.h"

#define TEXT_CAP    8192 /* one paragraph or bullet; far more than any record yields */
#define MAX_BULLETS 8

/* --- small helpers ----------------------------------------------------------- */

static const json_t *val(const json_t *rec, const char *k) {
  return dbf__rec_value(rec, k);
}

/* A value as a list: arrays as they are, a scalar as one item. New reference. */
static json_t *as_list(const json_t *v) {
  if (!v)
    return json_array();
  if (json_is_array(v))
    return json_incref((json_t *)v);
  json_t *a = json_array();
  if (a)
    json_array_append(a, (json_t *)v);
  return a;
}

/* The value, or JSON null, as a new reference for payload members. */
static json_t *or_null(const json_t *v) {
  return v ? json_deep_copy(v) : json_null();
}

static json_t *str_or_null(const char *s) {
  return s && *s ? json_string(s) : json_null();
}

/* Appends text without its trailing period and spaces. */
static void append_trimmed(dbf_buf *b, const char *s) {
  size_t n = strlen(s);
  while (n > 0 && (s[n - 1] == '.' || isspace((unsigned char)s[n - 1])))
    n--;
  dbf_buf_append(b, s, n);
}

/* Appends the rendering of v, trimmed of a final period. */
static void append_value(dbf_buf *b, const json_t *v) {
  char *s = dbf__value_text(v);
  if (s) {
    append_trimmed(b, s);
    dbf_free(s);
  }
}

static json_t *steal_text(dbf_buf *b) {
  json_t *j = b->data && b->len ? json_string(b->data) : json_null();
  dbf_buf_free(b);
  return j;
}

static const char *item_str(const json_t *o, const char *k) {
  const json_t *v = json_is_object(o) ? json_object_get(o, k) : NULL;
  return json_is_string(v) && json_string_length(v) ? json_string_value(v) : NULL;
}

/* --- sales ---------------------------------------------------------------- */

static const char *account_of(const json_t *rec, const json_t *subject) {
  const char *a = dbf__subject_attr(subject, "account");
  if (!a)
    a = dbf__subject_attr(subject, "account_name");
  if (!a)
    a = dbf__subject_attr(subject, "company");
  return a;
}

static json_t *build_overview(const dbf_template *t, const json_t *rec, const json_t *subject) {
  dbf_buf b;
  dbf_buf_init(&b, TEXT_CAP);
  const char *mt = dbf__subject_attr(subject, "meeting_type");
  const char *account = account_of(rec, subject);
  const char *title = dbf__subject_attr(subject, "title");
  const char *when = dbf__subject_attr(subject, "occurred_at");
  if (mt || account || title) {
    dbf_buf_printf(&b, "%s%s%s", mt ? mt : "Meeting", account ? " with " : "",
                   account ? account : "");
    if (b.data && b.len)
      b.data[0] = (char)toupper((unsigned char)b.data[0]);
    if (title)
      dbf_buf_printf(&b, " (%s)", title);
    if (when)
      dbf_buf_printf(&b, " on %.10s", when);
    dbf_buf_appends(&b, ". ");
  }
  /* One sentence per known field, in this order. */
  static const struct {
    const char *key, *lead, *end;
  } sentences[] = {
      {"attendees", "Attendees: ", ". "},     {"meeting_outcome", "Outcome: ", ". "},
      {"customer_needs", "They need ", ". "}, {"deal_stage", "Stage: ", ". "},
      {"sentiment", "Sentiment: ", "."},
  };
  for (size_t i = 0; i < sizeof sentences / sizeof sentences[0]; i++) {
    const json_t *v = val(rec, sentences[i].key);
    if (!v)
      continue;
    dbf_buf_appends(&b, sentences[i].lead);
    append_value(&b, v);
    dbf_buf_appends(&b, sentences[i].end);
  }
  if (b.len == 0) {
    /* Not a sales record: one sentence per filled field. */
    for (size_t i = 0; i < t->n_fields; i++) {
      const json_t *v = val(rec, t->fields[i].key);
      if (!v)
        continue;
      char words[80];
      size_t j = 0;
      for (const char *k = t->fields[i].key; k[j] && j + 1 < sizeof words; j++)
        words[j] = k[j] == '_' ? ' ' : k[j];
      words[j] = '\0';
      words[0] = (char)toupper((unsigned char)words[0]);
      dbf_buf_printf(&b, "%s%s: ", b.len ? " " : "", words);
      append_value(&b, v);
      dbf_buf_appends(&b, ".");
    }
  }
  while (b.len && b.data[b.len - 1] == ' ')
    b.data[--b.len] = '\0';
  return steal_text(&b);
}

/* Next steps with every member present (null when unknown), for CRMs and people. */
static json_t *build_next_steps(const json_t *rec) {
  json_t *out = json_array();
  const json_t *steps = val(rec, "next_steps");
  json_t *list = as_list(steps);
  size_t i;
  const json_t *s;
  json_array_foreach(list, i, s) {
    const char *action = json_is_string(s) ? json_string_value(s) : item_str(s, "action");
    if (!action)
      continue;
    json_t *o =
        json_pack("{s:s, s:o, s:o}", "action", action, "owner", str_or_null(item_str(s, "owner")),
                  "due", str_or_null(item_str(s, "due")));
    if (o)
      json_array_append_new(out, o);
  }
  json_decref(list);
  return out;
}

static json_t *build_contacts(const json_t *rec) {
  json_t *out = json_array();
  json_t *att = as_list(val(rec, "attendees"));
  size_t i;
  const json_t *a;
  json_array_foreach(att, i, a) {
    const char *name = json_is_string(a) ? json_string_value(a) : item_str(a, "name");
    if (!name)
      continue;
    json_t *o =
        json_pack("{s:s, s:o, s:o, s:b}", "name", name, "role", str_or_null(item_str(a, "role")),
                  "company", str_or_null(item_str(a, "company")), "decision_maker", 0);
    if (o)
      json_array_append_new(out, o);
  }
  json_decref(att);
  /* Decision makers: flag matching contacts, add the others as contacts. */
  json_t *dms = as_list(val(rec, "decision_makers"));
  const json_t *d;
  json_array_foreach(dms, i, d) {
    const char *dn = json_is_string(d) ? json_string_value(d) : item_str(d, "name");
    if (!dn)
      continue;
    bool found = false;
    size_t j;
    json_t *c;
    json_array_foreach(out, j, c) {
      const char *cn = item_str(c, "name");
      if (cn && (dbf__str_icontains(dn, cn) || dbf__str_icontains(cn, dn))) {
        json_object_set_new(c, "decision_maker", json_true());
        found = true;
      }
    }
    if (!found) {
      json_t *o =
          json_pack("{s:s, s:o, s:o, s:b}", "name", dn, "role", str_or_null(item_str(d, "role")),
                    "company", json_null(), "decision_maker", 1);
      if (o)
        json_array_append_new(out, o);
    }
  }
  json_decref(dms);
  return out;
}

static json_t *build_crm(const json_t *rec, const json_t *subject) {
  const json_t *budget = val(rec, "budget");
  const json_t *amount = json_is_object(budget) ? json_object_get(budget, "amount") : NULL;
  const json_t *currency = json_is_object(budget) ? json_object_get(budget, "currency") : NULL;
  if (json_is_number(budget))
    amount = budget;
  dbf_buf notes;
  dbf_buf_init(&notes, TEXT_CAP);
  const json_t *v;
  static const struct {
    const char *key, *label;
  } NOTE_FIELDS[] = {{"meeting_outcome", "Outcome"},
                     {"customer_needs", "Needs"},
                     {"objections", "Objections"},
                     {"decision_timeline", "Decision by"}};
  for (size_t i = 0; i < DBF_ARRAY_LEN(NOTE_FIELDS); i++) {
    if (!(v = val(rec, NOTE_FIELDS[i].key)))
      continue;
    dbf_buf_printf(&notes, "%s%s: ", notes.len ? " " : "", NOTE_FIELDS[i].label);
    append_value(&notes, v);
    dbf_buf_appends(&notes, ".");
  }
  const char *account = account_of(rec, subject);
  json_t *crm = json_object();
  if (!crm) {
    dbf_buf_free(&notes);
    return NULL;
  }
  json_object_set_new(crm, "account", str_or_null(account));
  json_object_set_new(crm, "opportunity_name", str_or_null(dbf__subject_attr(subject, "title")));
  json_object_set_new(crm, "meeting_type", str_or_null(dbf__subject_attr(subject, "meeting_type")));
  const char *when = dbf__subject_attr(subject, "occurred_at");
  json_object_set_new(crm, "meeting_date",
                      when ? json_stringn(when, strnlen(when, 10)) : json_null());
  json_object_set_new(crm, "opportunity_stage", or_null(val(rec, "deal_stage")));
  json_object_set_new(crm, "amount", json_is_number(amount) ? json_deep_copy(amount) : json_null());
  json_object_set_new(crm, "currency",
                      json_is_string(currency) ? json_deep_copy(currency) : json_null());
  json_object_set_new(crm, "close_date", or_null(val(rec, "decision_timeline")));
  json_object_set_new(crm, "contacts", build_contacts(rec));
  json_object_set_new(crm, "decision_makers", as_list(val(rec, "decision_makers")));
  json_object_set_new(crm, "next_steps", build_next_steps(rec));
  json_object_set_new(crm, "competitors", as_list(val(rec, "competitors")));
  json_object_set_new(crm, "products", as_list(val(rec, "products_discussed")));
  json_object_set_new(crm, "sentiment", or_null(val(rec, "sentiment")));
  json_object_set_new(crm, "notes", steal_text(&notes));
  return crm;
}

/* Insight texts of one kind (or all kinds when kind is NULL). */
static json_t *insights_of(const json_t *insights, const char *kind, bool full) {
  json_t *out = json_array();
  size_t i;
  const json_t *it;
  json_array_foreach(insights, i, it) {
    const char *k = item_str(it, "kind");
    if (kind && (!k || strcmp(k, kind) != 0))
      continue;
    if (full)
      json_array_append(out, (json_t *)it);
    else
      json_array_append(out, json_object_get(it, "text"));
  }
  return out;
}

/* --- work experience ---------------------------------------------------------- */

/* Irregular past tenses people start achievements with. */
static const char *const PAST_VERBS[] = {
    "built",      "led",         "ran",     "drove",   "wrote",   "rewrote", "grew",  "cut",
    "won",        "made",        "took",    "set",     "brought", "taught",  "began", "sold",
    "shipped",    "spearheaded", "owned",   "kept",    "held",    "found",   "gave",  "chose",
    "overhauled", "halved",      "doubled", "tripled", "oversaw"};

/* Present-tense openers turned into resume verbs. */
static const struct {
  const char *present, *past;
} PRESENT_TO_PAST[] = {
    {"own", "Owned"},
    {"lead", "Led"},
    {"build", "Built"},
    {"run", "Ran"},
    {"manage", "Managed"},
    {"write", "Wrote"},
    {"design", "Designed"},
    {"maintain", "Maintained"},
    {"develop", "Developed"},
    {"handle", "Handled"},
    {"mentor", "Mentored"},
    {"support", "Supported"},
    {"work", "Worked"},
    {"create", "Created"},
    {"drive", "Drove"},
    {"oversee", "Oversaw"},
    {"coordinate", "Coordinated"},
    {"implement", "Implemented"},
    {"improve", "Improved"},
};

/* Strips "I ", "I've ", "We " and similar so the sentence starts with its verb. */
static const char *strip_subject(const char *s) {
  static const char *const lead[] = {"I was responsible for ",
                                     "I was in charge of ",
                                     "I have ",
                                     "I've ",
                                     "I had ",
                                     "I ",
                                     "We ",
                                     "we ",
                                     "i "};
  while (isspace((unsigned char)*s))
    s++;
  for (size_t i = 0; i < DBF_ARRAY_LEN(lead); i++) {
    size_t n = strlen(lead[i]);
    if (strncmp(s, lead[i], n) == 0)
      return s + n;
  }
  return s;
}

/* Appends s as a resume phrase that starts with a strong past-tense verb. */
static void append_verb_led(dbf_buf *b, const char *raw, const char *fallback_verb) {
  bool responsible = strncmp(raw, "I was responsible for ", 22) == 0 ||
                     strncmp(raw, "I was in charge of ", 19) == 0;
  const char *s = strip_subject(raw);
  size_t wl = strcspn(s, " ,.;");
  char word[32];
  if (wl == 0 || wl >= sizeof word) {
    append_trimmed(b, s);
    return;
  }
  for (size_t i = 0; i < wl; i++)
    word[i] = (char)tolower((unsigned char)s[i]);
  word[wl] = '\0';
  if (responsible) {
    dbf_buf_appends(b, "Owned ");
    append_trimmed(b, s);
    return;
  }
  bool past = wl > 3 && strcmp(word + wl - 2, "ed") == 0;
  for (size_t i = 0; !past && i < DBF_ARRAY_LEN(PAST_VERBS); i++)
    past = strcmp(word, PAST_VERBS[i]) == 0;
  if (past) {
    dbf__append_recased(b, s, true);
    if (b->len && b->data[b->len - 1] == '.')
      b->data[--b->len] = '\0';
    while (b->len && (b->data[b->len - 1] == '.' || b->data[b->len - 1] == ' '))
      b->data[--b->len] = '\0';
    return;
  }
  for (size_t i = 0; i < DBF_ARRAY_LEN(PRESENT_TO_PAST); i++) {
    if (strcmp(word, PRESENT_TO_PAST[i].present) == 0 ||
        (strncmp(word, PRESENT_TO_PAST[i].present, strlen(PRESENT_TO_PAST[i].present)) == 0 &&
         strcmp(word + strlen(PRESENT_TO_PAST[i].present), "s") == 0)) {
      dbf_buf_appends(b, PRESENT_TO_PAST[i].past);
      append_trimmed(b, s + wl);
      return;
    }
  }
  dbf_buf_printf(b, "%s ", fallback_verb);
  char *copy = dbf_strdup(s);
  if (copy) {
    if (copy[0] && copy[1] && !isupper((unsigned char)copy[1]))
      copy[0] = (char)tolower((unsigned char)copy[0]);
    append_trimmed(b, copy);
    dbf_free(copy);
  }
}

/* Metric words whose improvement is a decrease. */
static const char *const DOWN_WORDS[] = {
    "latency", "cost",   "time",  "error",  "fail",  "churn",   "downtime",   "incident",
    "bug",     "defect", "spend", "outage", "delay", "backlog", "turnaround", "mttr"};
static const char *const UP_WORDS[] = {"revenue",    "growth",    "user",      "conversion",
                                       "throughput", "retention", "sales",     "adoption",
                                       "uptime",     "coverage",  "customers", "arr",
                                       "mrr",        "nps",       "engagement"};

/* The metric's name and value ({"metric","value"} objects or plain strings);
   a numeric value is formatted into buf. */
static void metric_parts(const json_t *m, const char **name, const char **value, char *buf,
                         size_t cap) {
  *name = json_is_string(m) ? json_string_value(m) : item_str(m, "metric");
  *value = item_str(m, "value");
  const json_t *nv = json_is_object(m) ? json_object_get(m, "value") : NULL;
  if (!*value && json_is_number(nv)) {
    snprintf(buf, cap, "%g", json_number_value(nv));
    *value = buf;
  }
}

/*
 * Appends "reducing settlement latency (85%)". The direction comes from the
 * metric's name; when it says nothing, "improving" is the neutral choice.
 */
static void append_metric_clause(dbf_buf *b, const json_t *m, bool gerund) {
  const char *name, *value;
  char num[64];
  metric_parts(m, &name, &value, num, sizeof num);
  if (!name && !value) {
    append_value(b, m);
    return;
  }
  const char *verb = gerund ? "improving" : "Improved";
  for (size_t i = 0; name && i < DBF_ARRAY_LEN(DOWN_WORDS); i++)
    if (dbf__str_icontains(name, DOWN_WORDS[i]))
      verb = gerund ? "reducing" : "Reduced";
  for (size_t i = 0; name && i < DBF_ARRAY_LEN(UP_WORDS); i++)
    if (dbf__str_icontains(name, UP_WORDS[i]))
      verb = gerund ? "increasing" : "Increased";
  if (name && value)
    dbf_buf_printf(b, "%s %s (%s)", verb, name, value);
  else if (name)
    dbf_buf_printf(b, "%s %s", verb, name);
  else
    dbf_buf_printf(b, "%s results by %s", verb, value);
}

/* "settlement latency: 85%" for results and narratives. */
static void append_metric_plain(dbf_buf *b, const json_t *m) {
  const char *name, *value;
  char num[64];
  metric_parts(m, &name, &value, num, sizeof num);
  if (name && value)
    dbf_buf_printf(b, "%s (%s)", name, value);
  else
    append_value(b, m);
}

static void append_metrics_plain(dbf_buf *b, const json_t *metrics) {
  size_t i;
  const json_t *m;
  json_array_foreach(metrics, i, m) {
    if (i)
      dbf_buf_appends(b, "; ");
    append_metric_plain(b, m);
  }
}

static json_t *build_resume_bullets(const json_t *rec) {
  json_t *out = json_array();
  json_t *ach = as_list(val(rec, "achievements"));
  json_t *met = as_list(val(rec, "impact_metrics"));
  json_t *resp = as_list(val(rec, "responsibilities"));
  size_t n_ach = json_array_size(ach), n_met = json_array_size(met);
  dbf_buf b;
  dbf_buf_init(&b, TEXT_CAP);
  /* Impact first: achievements paired with a number, then bare numbers,
     then the rest of the achievements, then what the person owned. */
  for (size_t i = 0; i < n_ach && i < n_met && json_array_size(out) < MAX_BULLETS; i++) {
    dbf_buf_reset(&b);
    char *a = dbf__value_text(json_array_get(ach, i));
    if (!a)
      continue;
    append_verb_led(&b, a, "Delivered");
    dbf_free(a);
    dbf_buf_appends(&b, ", ");
    append_metric_clause(&b, json_array_get(met, i), true);
    if (b.data)
      json_array_append_new(out, json_string(b.data));
  }
  for (size_t i = n_ach; i < n_met && json_array_size(out) < MAX_BULLETS; i++) {
    dbf_buf_reset(&b);
    append_metric_clause(&b, json_array_get(met, i), false);
    if (b.data)
      json_array_append_new(out, json_string(b.data));
  }
  for (size_t i = n_met; i < n_ach && json_array_size(out) < MAX_BULLETS; i++) {
    dbf_buf_reset(&b);
    char *a = dbf__value_text(json_array_get(ach, i));
    if (!a)
      continue;
    append_verb_led(&b, a, "Delivered");
    dbf_free(a);
    if (b.data)
      json_array_append_new(out, json_string(b.data));
  }
  for (size_t i = 0; i < json_array_size(resp) && json_array_size(out) < MAX_BULLETS; i++) {
    dbf_buf_reset(&b);
    char *r = dbf__value_text(json_array_get(resp, i));
    if (!r)
      continue;
    append_verb_led(&b, r, "Owned");
    dbf_free(r);
    if (b.data)
      json_array_append_new(out, json_string(b.data));
  }
  dbf_buf_free(&b);
  json_decref(ach);
  json_decref(met);
  json_decref(resp);
  return out;
}

/*
 * Whether a phrase names a thing or an activity rather than starting with a
 * verb: its first word is a gerund ("building pipelines") or a determiner
 * ("the data platform", "our billing"). "I" cannot simply go in front of
 * such a phrase.
 */
static bool is_noun_phrase(const char *p) {
  static const char *const determiners[] = {"the", "a",   "an",  "my",    "our",  "their", "its",
                                            "his", "her", "all", "every", "each", "two",   "three"};
  size_t wl = strcspn(p, " ,.;:");
  if (wl > 4 && !strncasecmp(p + wl - 3, "ing", 3))
    return true;
  for (size_t i = 0; i < DBF_ARRAY_LEN(determiners); i++)
    if (strlen(determiners[i]) == wl && !strncasecmp(p, determiners[i], wl))
      return true;
  return false;
}

/*
 * Appends a first-person sentence: the person's words with "I" kept or
 * added, as "I was responsible for ..." before a gerund or a noun phrase.
 */
static void append_first_person(dbf_buf *b, const json_t *v) {
  char *s = dbf__value_text(v);
  if (!s)
    return;
  const char *p = s;
  while (isspace((unsigned char)*p))
    p++;
  if (strncmp(p, "I ", 2) == 0 || strncmp(p, "I'", 2) == 0 || strncmp(p, "We ", 3) == 0) {
    append_trimmed(b, p);
  } else {
    dbf_buf_appends(b, is_noun_phrase(p) ? "I was responsible for " : "I ");
    char *copy = dbf_strdup(p);
    if (copy) {
      if (copy[0] && copy[1] && !isupper((unsigned char)copy[1]))
        copy[0] = (char)tolower((unsigned char)copy[0]);
      append_trimmed(b, copy);
      dbf_free(copy);
    }
  }
  dbf_free(s);
}

static void append_role_at(dbf_buf *b, const json_t *rec) {
  const char *role = dbf__rec_str(rec, "role_title");
  const char *company = dbf__rec_str(rec, "company");
  if (role && company)
    dbf_buf_printf(b, "%s at %s", role, company);
  else if (role)
    dbf_buf_appends(b, role);
  else if (company)
    dbf_buf_printf(b, "at %s", company);
}

static json_t *build_star(const json_t *rec) {
  dbf_buf b;
  json_t *star = json_object();
  if (!star)
    return NULL;
  const json_t *ch = val(rec, "challenges");
  json_t *challenges = as_list(ch);
  const json_t *first_ch = json_array_get(challenges, 0);

  /* Situation: where and in what setting. */
  dbf_buf_init(&b, TEXT_CAP);
  if (val(rec, "role_title") || val(rec, "company")) {
    dbf_buf_appends(&b, "As ");
    append_role_at(&b, rec);
    if (val(rec, "team_context")) {
      dbf_buf_appends(&b, " (");
      append_value(&b, val(rec, "team_context"));
      dbf_buf_appends(&b, ")");
    }
    dbf_buf_appends(&b, first_ch ? ", I faced this challenge: " : ".");
  }
  if (first_ch) {
    if (b.len == 0)
      dbf_buf_appends(&b, "The challenge: ");
    append_value(&b, first_ch);
    dbf_buf_appends(&b, ".");
  }
  json_object_set_new(star, "situation", steal_text(&b));

  /* Task: what the person was accountable for, in their words. */
  dbf_buf_init(&b, TEXT_CAP);
  json_t *rl = as_list(val(rec, "responsibilities"));
  if (json_array_size(rl) > 0) {
    append_first_person(&b, json_array_get(rl, 0));
    dbf_buf_appends(&b, ".");
  }
  json_decref(rl);
  json_object_set_new(star, "task", steal_text(&b));

  /* Action: what they did, with what. */
  dbf_buf_init(&b, TEXT_CAP);
  json_t *ach = as_list(val(rec, "achievements"));
  if (json_array_size(ach) > 0) {
    append_first_person(&b, json_array_get(ach, 0));
    json_t *tools = json_array();
    json_t *ts = as_list(val(rec, "technical_skills"));
    json_t *tt = as_list(val(rec, "tools_technologies"));
    size_t i;
    json_t *x;
    json_array_foreach(ts, i, x) {
      if (json_array_size(tools) < 4)
        json_array_append(tools, x);
    }
    json_array_foreach(tt, i, x) {
      if (json_array_size(tools) < 6)
        json_array_append(tools, x);
    }
    if (json_array_size(tools) > 0) {
      dbf_buf_appends(&b, ", using ");
      append_value(&b, tools);
    }
    dbf_buf_appends(&b, ".");
    json_decref(tools);
    json_decref(ts);
    json_decref(tt);
  }
  json_object_set_new(star, "action", steal_text(&b));

  /* Result: the numbers, else the next achievement. */
  dbf_buf_init(&b, TEXT_CAP);
  json_t *met = as_list(val(rec, "impact_metrics"));
  if (json_array_size(met) > 0) {
    dbf_buf_appends(&b, "Measured impact: ");
    append_metrics_plain(&b, met);
    dbf_buf_appends(&b, ".");
  } else if (json_array_size(ach) > 1) {
    append_first_person(&b, json_array_get(ach, 1));
    dbf_buf_appends(&b, ".");
  }
  json_object_set_new(star, "result", steal_text(&b));
  json_decref(met);
  json_decref(ach);
  json_decref(challenges);
  return star;
}

static json_t *build_skills(const json_t *rec) {
  return json_pack("{s:o, s:o, s:o}", "technical_skills", as_list(val(rec, "technical_skills")),
                   "soft_skills", as_list(val(rec, "soft_skills")), "tools_technologies",
                   as_list(val(rec, "tools_technologies")));
}

static json_t *build_key_achievements(const json_t *rec) {
  json_t *out = json_array();
  json_t *ach = as_list(val(rec, "achievements"));
  json_t *met = as_list(val(rec, "impact_metrics"));
  size_t i;
  json_t *a;
  dbf_buf b;
  dbf_buf_init(&b, TEXT_CAP);
  json_array_foreach(ach, i, a) {
    dbf_buf_reset(&b);
    char *txt = dbf__value_text(a);
    if (!txt)
      continue;
    append_verb_led(&b, txt, "Delivered");
    dbf_free(txt);
    if (b.data && b.len)
      json_array_append_new(out, json_string(b.data));
  }
  json_array_foreach(met, i, a) {
    dbf_buf_reset(&b);
    append_metric_plain(&b, a);
    if (b.data && b.len)
      json_array_append_new(out, json_string(b.data));
  }
  dbf_buf_free(&b);
  json_decref(ach);
  json_decref(met);
  return out;
}

static json_t *build_timeline(const json_t *rec) {
  const json_t *tl = val(rec, "timeline");
  if (!tl)
    return json_pack("{s:n, s:n, s:n}", "start", "end", "text");
  const char *start = item_str(tl, "start"), *end = item_str(tl, "end");
  json_t *text = dbf__value_text_json(tl);
  return json_pack("{s:o, s:o, s:o}", "start", str_or_null(start), "end", str_or_null(end), "text",
                   text ? text : json_null());
}

static json_t *build_role_context(const json_t *rec) {
  dbf_buf b;
  dbf_buf_init(&b, TEXT_CAP);
  append_role_at(&b, rec);
  if (val(rec, "team_context")) {
    dbf_buf_appends(&b, b.len ? "; " : "");
    append_value(&b, val(rec, "team_context"));
  }
  if (b.len)
    dbf_buf_appends(&b, ".");
  return json_pack("{s:o, s:o, s:o, s:o}", "role_title", or_null(val(rec, "role_title")), "company",
                   or_null(val(rec, "company")), "team_context", or_null(val(rec, "team_context")),
                   "text", steal_text(&b));
}

static void sentence(dbf_buf *b, const char *lead, const json_t *v, const char *tail) {
  if (!v)
    return;
  if (b->len)
    dbf_buf_appends(b, " ");
  dbf_buf_appends(b, lead);
  append_value(b, v);
  dbf_buf_appends(b, tail);
}

/* Each item of v as its own verb-led sentence: "Owned the settlement service." */
static void append_verb_led_sentences(dbf_buf *b, const json_t *v, const char *fallback) {
  json_t *list = as_list(v);
  size_t i;
  json_t *x;
  json_array_foreach(list, i, x) {
    char *s = dbf__value_text(x);
    if (!s)
      continue;
    if (b->len)
      dbf_buf_appends(b, " ");
    append_verb_led(b, s, fallback);
    dbf_buf_appends(b, ".");
    dbf_free(s);
  }
  json_decref(list);
}

static json_t *build_narrative(const json_t *rec) {
  dbf_buf b;
  dbf_buf_init(&b, TEXT_CAP);
  if (val(rec, "role_title") || val(rec, "company")) {
    dbf_buf_appends(&b, "Worked as ");
    append_role_at(&b, rec);
    const json_t *tl = val(rec, "timeline");
    if (tl) {
      const char *start = item_str(tl, "start"), *end = item_str(tl, "end");
      if (start && end)
        dbf_buf_printf(&b, " from %s to %s", start, end);
      else if (start)
        dbf_buf_printf(&b, " from %s", start);
      else {
        dbf_buf_appends(&b, " (");
        append_value(&b, tl);
        dbf_buf_appends(&b, ")");
      }
    }
    dbf_buf_appends(&b, ".");
  }
  if (val(rec, "team_context")) {
    if (b.len)
      dbf_buf_appends(&b, " ");
    char *tc = dbf__value_text(val(rec, "team_context"));
    if (tc) {
      dbf__append_recased(&b, tc, true);
      while (b.len && b.data[b.len - 1] == '.')
        b.data[--b.len] = '\0';
      dbf_buf_appends(&b, ".");
      dbf_free(tc);
    }
  }
  append_verb_led_sentences(&b, val(rec, "responsibilities"), "Owned");
  append_verb_led_sentences(&b, val(rec, "achievements"), "Delivered");
  json_t *met = as_list(val(rec, "impact_metrics"));
  if (json_array_size(met)) {
    dbf_buf_appends(&b, b.len ? " Impact: " : "Impact: ");
    append_metrics_plain(&b, met);
    dbf_buf_appends(&b, ".");
  }
  json_decref(met);
  sentence(&b, "Technical skills: ", val(rec, "technical_skills"), ".");
  sentence(&b, "Tools: ", val(rec, "tools_technologies"), ".");
  sentence(&b, "People skills: ", val(rec, "soft_skills"), ".");
  sentence(&b, "The hardest challenge: ", val(rec, "challenges"), ".");
  return steal_text(&b);
}

/* --- generic ---------------------------------------------------------------- */

/* Filled fields whose key or description mentions a word of the section. */
static json_t *build_generic(const dbf_template *t, const dbf_summary_section *sec,
                             const json_t *rec, bool allow_all) {
  const dbf_template_field *f = dbf_template_field_find(t, sec->key);
  if (f) {
    const json_t *v = val(rec, f->key);
    return v ? json_deep_copy(v) : json_null();
  }
  json_t *all = json_object(), *matched = json_object();
  for (size_t i = 0; all && matched && i < t->n_fields; i++) {
    const dbf_template_field *tf = &t->fields[i];
    const json_t *v = val(rec, tf->key);
    if (!v)
      continue;
    json_object_set_new(all, tf->key, json_deep_copy(v));
    /* Words of the section key ("risk", "contact"...) found in the field. */
    char word[64];
    const char *p = sec->key;
    while (*p) {
      size_t n = strcspn(p, "_");
      if (n >= 4 && n < sizeof word) {
        memcpy(word, p, n - (p[n - 1] == 's'));
        word[n - (p[n - 1] == 's')] = '\0';
        if (dbf__str_icontains(tf->key, word) ||
            (tf->description && dbf__str_icontains(tf->description, word))) {
          json_object_set_new(matched, tf->key, json_deep_copy(v));
          break;
        }
      }
      p += n;
      if (*p)
        p++;
    }
  }
  if (json_object_size(matched) > 0) {
    json_decref(all);
    return matched;
  }
  json_decref(matched);
  if (!allow_all) {
    json_decref(all);
    return json_array();
  }
  return all ? all : json_null();
}

/* --- entry point ------------------------------------------------------------- */

static json_t *build_section(const dbf_template *t, const dbf_summary_section *sec,
                             const json_t *rec, const json_t *subject, const json_t *insights) {
  const char *k = sec->key;
  if (!k)
    return NULL;
  if (strcmp(k, "overview") == 0)
    return build_overview(t, rec, subject);
  if (strcmp(k, "crm_payload") == 0)
    return build_crm(rec, subject);
  if (strcmp(k, "next_steps") == 0 && dbf_template_field_find(t, "next_steps"))
    return build_next_steps(rec);
  static const struct {
    const char *section, *kind;
  } KINDS[] = {{"risks", "risk"}, {"opportunities", "opportunity"}, {"coaching", "coaching"}};
  for (size_t i = 0; i < DBF_ARRAY_LEN(KINDS); i++) {
    if (strcmp(k, KINDS[i].section) != 0)
      continue;
    json_t *r = insights_of(insights, KINDS[i].kind, false);
    if (json_array_size(r) > 0)
      return r;
    /* A user template may name a field for it instead ("risks_seen"). */
    json_decref(r);
    return build_generic(t, sec, rec, false);
  }
  if (strcmp(k, "insights") == 0)
    return insights_of(insights, NULL, true);
  if (strcmp(k, "narrative_summary") == 0)
    return build_narrative(rec);
  if (strcmp(k, "resume_bullets") == 0)
    return build_resume_bullets(rec);
  if (strcmp(k, "interview_story") == 0)
    return build_star(rec);
  if (strcmp(k, "skills_identified") == 0)
    return build_skills(rec);
  if (strcmp(k, "key_achievements") == 0)
    return build_key_achievements(rec);
  if (strcmp(k, "timeline") == 0 && dbf_template_field_find(t, "timeline") &&
      dbf_template_field_find(t, "role_title"))
    return build_timeline(rec);
  if (strcmp(k, "role_context") == 0)
    return build_role_context(rec);
  return build_generic(t, sec, rec, true);
}

json_t *dbf_summarize(const dbf_template *tpl, const json_t *record, const json_t *subject) {
  if (!tpl)
    return NULL;
  json_t *out = json_object();
  json_t *insights = dbf_derive_insights(tpl, record, subject);
  if (!out || !insights)
    goto fail;
  if (tpl->n_summary == 0) {
    /* No sections declared: an overview and the filled fields. */
    dbf_summary_section ov = {.key = "overview"}, fl = {.key = "fields"};
    json_t *a = build_section(tpl, &ov, record, subject, insights);
    json_t *b = build_generic(tpl, &fl, record, true);
    if (json_object_set_new(out, "overview", a ? a : json_null()) ||
        json_object_set_new(out, "fields", b ? b : json_null()))
      goto fail;
  }
  for (size_t i = 0; i < tpl->n_summary; i++) {
    json_t *s = build_section(tpl, &tpl->summary[i], record, subject, insights);
    if (!s || json_object_set_new(out, tpl->summary[i].key, s))
      goto fail;
  }
  json_decref(insights);
  return out;
fail:
  json_decref(insights);
  json_decref(out);
  return NULL;
}
