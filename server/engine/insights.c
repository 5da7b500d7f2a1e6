/*
 * insights.c - insights derived from a completed record, and the open items
 * a session leaves for the next one about the same subject.
 *
 * Every rule keys off a template field by name and fires only when the
 * template has that field, so the sales rules stay silent for other
 * templates while the coaching rules (missing required fields) apply to all.
 * Texts quote the record; nothing is inferred beyond what the rule states.
 */
#include "engine/engine.h"

#include <ctype.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "core/alloc.h"
#include "core/buf.h"
#include "engine/engine_util.h"

#define MAX_ITEMS_PER_RULE 3 /* a long objection list becomes three insights */
#define MAX_OPEN_ITEMS     6
#define LONG_TIMELINE_DAYS 120 /* beyond a quarter or so, deals tend to drift */
#define TEXT_CAP           2048

static bool has_field(const dbf_template *t, const char *key) {
  return dbf_template_field_find(t, key) != NULL;
}

/* Appends {"kind","text","confidence","source_fields":[f1,f2]} to arr. */
static void add(json_t *arr, const char *kind, const char *text, double conf, const char *f1,
                const char *f2) {
  json_t *src = json_array();
  if (src && f1)
    json_array_append_new(src, json_string(f1));
  if (src && f2)
    json_array_append_new(src, json_string(f2));
  json_t *o = json_pack("{s:s, s:s, s:f, s:o}", "kind", kind, "text", text, "confidence", conf,
                        "source_fields", src ? src : json_array());
  if (o)
    json_array_append_new(arr, o);
}

/* Adds an insight whose text is prefix + rendering of v + suffix. */
static void add_v(json_t *arr, const char *kind, const char *prefix, const json_t *v,
                  const char *suffix, double conf, const char *f1, const char *f2) {
  dbf_buf b;
  dbf_buf_init(&b, TEXT_CAP);
  if (!dbf_buf_appends(&b, prefix) && !dbf__value_append_text(&b, v) &&
      !dbf_buf_appends(&b, suffix ? suffix : ""))
    add(arr, kind, b.data, conf, f1, f2);
  dbf_buf_free(&b);
}

/* Parses "YYYY-MM-DD" at the start of s into days since the epoch. */
static bool iso_days(const char *s, long *days) {
  int y, m, d;
  char tail;
  if (!s || strlen(s) < 10 || sscanf(s, "%4d-%2d-%2d%c", &y, &m, &d, &tail) < 3)
    return false;
  if (m < 1 || m > 12 || d < 1 || d > 31)
    return false;
  struct tm tm = {.tm_year = y - 1900, .tm_mon = m - 1, .tm_mday = d, .tm_hour = 12};
  time_t tt = timegm(&tm);
  if (tt == (time_t)-1)
    return false;
  *days = (long)(tt / 86400);
  return true;
}

static long today_days(const json_t *subject) {
  long d;
  if (iso_days(dbf__subject_attr(subject, "occurred_at"), &d))
    return d;
  return (long)(time(NULL) / 86400);
}

/* Words in a customer's own account that point at more business. */
static const char *const EXPANSION_CUES[] = {
    "pilot",       "expand",     "expansion",     "upsell",       "more seats", "more licenses",
    "other teams", "other team", "other regions", "rollout",      "roll out",   "roll it out",
    "additional",  "upgrade",    "add-on",        "company-wide", "scale up",   "second phase",
    "more users",  "renewal",    "multi-year",
};

static const char *find_cue(const char *text) {
  for (size_t i = 0; text && i < DBF_ARRAY_LEN(EXPANSION_CUES); i++)
    if (dbf__str_icontains(text, EXPANSION_CUES[i]))
      return EXPANSION_CUES[i];
  return NULL;
}

/* Searches the text of v (a string or list of strings/objects) for an expansion cue. */
static const char *value_cue(const json_t *v) {
  char *s = dbf__value_text(v);
  const char *cue = find_cue(s);
  dbf_free(s);
  return cue;
}

static void sales_risks(json_t *out, const dbf_template *t, const json_t *rec,
                        const json_t *subject) {
  const json_t *v;
  if (has_field(t, "objections") && (v = dbf__rec_value(rec, "objections"))) {
    if (json_is_array(v)) {
      size_t i;
      const json_t *it;
      json_array_foreach(v, i, it) {
        if (i >= MAX_ITEMS_PER_RULE)
          break;
        add_v(out, "risk", "Objection to resolve: ", it, NULL, 0.75, "objections", NULL);
      }
    } else {
      add_v(out, "risk", "Objection to resolve: ", v, NULL, 0.75, "objections", NULL);
    }
  }
  if (has_field(t, "competitors") && (v = dbf__rec_value(rec, "competitors")))
    add_v(out, "risk", "Competitive deal: they are also evaluating ", v, ".", 0.7, "competitors",
          NULL);
  if (has_field(t, "budget") && !dbf__rec_value(rec, "budget"))
    add(out, "risk", "No budget was confirmed.", 0.6, "budget", NULL);
  if (has_field(t, "decision_makers") && !dbf__rec_value(rec, "decision_makers"))
    add(out, "risk", "No decision maker has been identified.", 0.6, "decision_makers", NULL);
  if (has_field(t, "decision_timeline")) {
    const char *tl = dbf__rec_str(rec, "decision_timeline");
    long d;
    if (!dbf__rec_value(rec, "decision_timeline")) {
      add(out, "risk", "The decision timeline is unknown.", 0.55, "decision_timeline", NULL);
    } else if (tl && iso_days(tl, &d) && d - today_days(subject) > LONG_TIMELINE_DAYS) {
      char line[256];
      snprintf(line, sizeof line, "Long decision timeline: they plan to decide by %.10s.", tl);
      add(out, "risk", line, 0.5, "decision_timeline", NULL);
    }
  }
  const char *sent = dbf__rec_str(rec, "sentiment");
  if (has_field(t, "sentiment") && sent && dbf__str_ieq(sent, "negative"))
    add(out, "risk", "The customer's sentiment was negative.", 0.8, "sentiment", NULL);
  const char *stage = dbf__rec_str(rec, "deal_stage");
  if (stage && dbf__str_ieq(stage, "closed_lost"))
    add(out, "risk", "The deal is marked closed-lost.", 0.9, "deal_stage", NULL);
}

static void sales_opportunities(json_t *out, const dbf_template *t, const json_t *rec) {
  const json_t *v;
  if (has_field(t, "budget") && (v = dbf__rec_value(rec, "budget")))
    add_v(out, "opportunity", "Budget is set aside: ", v, ".", 0.7, "budget", NULL);
  const char *sent = dbf__rec_str(rec, "sentiment");
  if (sent && dbf__str_ieq(sent, "positive"))
    add(out, "opportunity", "The customer was positive; a good moment to push the deal forward.",
        0.65, "sentiment", NULL);
  static const char *const cue_fields[] = {"meeting_outcome", "customer_needs", "next_steps",
                                           "products_discussed"};
  for (size_t i = 0; i < DBF_ARRAY_LEN(cue_fields); i++) {
    const char *cue =
        has_field(t, cue_fields[i]) ? value_cue(dbf__rec_value(rec, cue_fields[i])) : NULL;
    if (!cue)
      continue;
    char line[256];
    snprintf(line, sizeof line, "Expansion cue (\"%s\") in the %s.", cue,
             strcmp(cue_fields[i], "meeting_outcome") == 0  ? "meeting outcome"
             : strcmp(cue_fields[i], "customer_needs") == 0 ? "customer's needs"
             : strcmp(cue_fields[i], "next_steps") == 0     ? "next steps"
                                                            : "products discussed");
    add(out, "opportunity", line, 0.55, cue_fields[i], NULL);
    break;
  }
}

/* A next step's member as a string, or NULL when absent or empty. */
static const char *member(const json_t *o, const char *k) {
  const json_t *v = json_is_object(o) ? json_object_get(o, k) : NULL;
  return json_is_string(v) && json_string_length(v) ? json_string_value(v) : NULL;
}

static void next_step_insights(json_t *out, const dbf_template *t, const json_t *rec) {
  const json_t *steps = has_field(t, "next_steps") ? dbf__rec_value(rec, "next_steps") : NULL;
  if (!json_is_array(steps))
    return;
  size_t i;
  const json_t *s;
  json_array_foreach(steps, i, s) {
    const char *action = json_is_string(s) ? json_string_value(s) : member(s, "action");
    if (!action)
      continue;
    bool owner = member(s, "owner") != NULL, due = member(s, "due") != NULL;
    if (owner && due)
      continue;
    char line[512];
    snprintf(line, sizeof line, "%s for \"%.300s\".",
             !owner && !due ? "Agree an owner and a due date"
             : !owner       ? "Agree an owner"
                            : "Set a due date",
             action);
    add(out, "next_step", line, 0.7, "next_steps", NULL);
  }
}

/* Coaching for required fields the interview could not fill. */
static void coaching(json_t *out, const dbf_template *t, const json_t *rec) {
  bool decision_done = false;
  for (size_t i = 0; i < t->n_required_fields; i++) {
    const char *k = t->required_fields[i];
    if (dbf__rec_filled(rec, k, t->min_confidence))
      continue;
    char line[384];
    if (strncmp(k, "decision_", 9) == 0) {
      if (decision_done)
        continue;
      decision_done = true;
      add(out, "coaching", "Ask about the decision process next time: who decides, and by when.",
          0.6, "decision_makers", "decision_timeline");
      continue;
    }
    if (strcmp(k, "budget") == 0)
      snprintf(line, sizeof line, "Ask about budget next time: is money set aside, and how much?");
    else if (strcmp(k, "next_steps") == 0)
      snprintf(line, sizeof line,
               "End each meeting with an agreed next step, an owner and a due date.");
    else if (strcmp(k, "impact_metrics") == 0)
      snprintf(line, sizeof line,
               "Quantify the impact: numbers (percentages, time, money, volume) make achievements "
               "credible.");
    else {
      const dbf_template_field *f = dbf_template_field_find(t, k);
      char words[80];
      size_t j = 0;
      for (; k[j] && j + 1 < sizeof words; j++)
        words[j] = k[j] == '_' ? ' ' : k[j];
      words[j] = '\0';
      snprintf(line, sizeof line, "Cover the %s next time%s%.200s", words,
               f && f->description ? ": " : ".", f && f->description ? f->description : "");
    }
    add(out, "coaching", line, 0.6, k, NULL);
  }
}

/* Work-experience: stories worth preparing. */
static void work_insights(json_t *out, const dbf_template *t, const json_t *rec) {
  if (!has_field(t, "challenges") || !has_field(t, "achievements"))
    return;
  const json_t *ch = dbf__rec_value(rec, "challenges");
  if (ch && dbf__rec_value(rec, "achievements")) {
    const json_t *first = json_is_array(ch) ? json_array_get(ch, 0) : ch;
    add_v(out, "opportunity", "Prepare this as a behavioural interview story: ", first, ".", 0.6,
          "challenges", "achievements");
  }
}

json_t *dbf_derive_insights(const dbf_template *tpl, const json_t *record, const json_t *subject) {
  json_t *out = json_array();
  if (!out || !tpl)
    return out;
  sales_risks(out, tpl, record, subject);
  sales_opportunities(out, tpl, record);
  work_insights(out, tpl, record);
  next_step_insights(out, tpl, record);
  coaching(out, tpl, record);
  return out;
}

/* --- open items ------------------------------------------------------------------ */

static void add_item(json_t *arr, const char *field, const char *text) {
  if (json_array_size(arr) >= MAX_OPEN_ITEMS)
    return;
  json_t *o = json_pack("{s:s, s:s}", "field_key", field, "text", text);
  if (o)
    json_array_append_new(arr, o);
}

/* "Send the proposal" reads "send the proposal" mid-sentence; "SAP docs" stays. */
static void lower_first(char *s) {
  if (s[0] && s[1] && !isupper((unsigned char)s[1]))
    s[0] = (char)tolower((unsigned char)s[0]);
}

static bool owner_is_self(const char *o) {
  static const char *const self[] = {"me", "i", "myself", "you", "us", "we", "self"};
  for (size_t i = 0; o && i < DBF_ARRAY_LEN(self); i++)
    if (dbf__str_ieq(o, self[i]))
      return true;
  return o == NULL;
}

json_t *dbf_open_items(const dbf_template *tpl, const json_t *record, const json_t *summary,
                       const char *reference_date) {
  json_t *out = json_array();
  if (!out || !tpl)
    return out;
  char line[512], action[320];
  const json_t *steps = has_field(tpl, "next_steps") ? dbf__rec_value(record, "next_steps") : NULL;
  size_t i;
  const json_t *s;
  json_array_foreach(steps, i, s) {
    const char *a = json_is_string(s) ? json_string_value(s) : member(s, "action");
    if (!a)
      continue;
    snprintf(action, sizeof action, "%s", a);
    lower_first(action);
    const char *owner = member(s, "owner"), *due = member(s, "due");
    /* A due date left as said ("next week") meant the week after that meeting, not this one. */
    char when[160] = "";
    if (due && reference_date && !isdigit((unsigned char)due[0]))
      snprintf(when, sizeof when, " by %s, as of %s", due, reference_date);
    else if (due)
      snprintf(when, sizeof when, " by %s", due);
    if (owner_is_self(owner))
      snprintf(line, sizeof line, "You planned to %s%s", action, when);
    else
      snprintf(line, sizeof line, "%s was to %s%s", owner, action, when);
    add_item(out, "next_steps", line);
  }
  if (has_field(tpl, "budget") && !dbf__rec_value(record, "budget"))
    add_item(out, "budget", "The budget was not confirmed");
  if (has_field(tpl, "decision_makers") && !dbf__rec_value(record, "decision_makers"))
    add_item(out, "decision_makers", "No decision maker was identified");
  const json_t *obj = has_field(tpl, "objections") ? dbf__rec_value(record, "objections") : NULL;
  if (obj) {
    const json_t *list = json_is_array(obj) ? obj : NULL;
    size_t n = list ? json_array_size(list) : 1;
    for (size_t k = 0; k < n && k < 2; k++) {
      char *txt = dbf__value_text(list ? json_array_get(list, k) : obj);
      if (!txt)
        continue;
      snprintf(line, sizeof line, "The customer raised a concern: %.400s", txt);
      dbf_free(txt);
      add_item(out, "objections", line);
    }
  }
  if (has_field(tpl, "decision_timeline") && !dbf__rec_value(record, "decision_timeline"))
    add_item(out, "decision_timeline", "There was no decision date yet");
  /* Other templates: the required fields still open, as plain reminders. */
  for (size_t k = 0; k < tpl->n_required_fields; k++) {
    const char *f = tpl->required_fields[k];
    if (dbf__rec_value(record, f) || strcmp(f, "budget") == 0 ||
        strcmp(f, "decision_makers") == 0 || strcmp(f, "decision_timeline") == 0 ||
        strcmp(f, "next_steps") == 0)
      continue;
    char words[80];
    size_t j = 0;
    for (; f[j] && j + 1 < sizeof words; j++)
      words[j] = f[j] == '_' ? ' ' : f[j];
    words[j] = '\0';
    snprintf(line, sizeof line, "The %s was still open", words);
    add_item(out, f, line);
  }
  (void)summary;
  return out;
}
