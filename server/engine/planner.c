/*
 * planner.c - the offline interviewer's question planner.
 *
 * The planner is a pure function of the template, the record, the plan
 * state and the session subject. It ranks the fields still worth asking:
 * fields boosted by a context rule that matches the subject come first
 * (the meeting type says what matters most in this conversation), then
 * required fields, then the rest, each tier ordered by the field's priority
 * and then by template order, which authors write in conversational order.
 *
 * Asking discipline, so the interviewer never nags:
 *   - a field known with confidence >= min_confidence is never asked;
 *   - a skipped field is never asked again;
 *   - a vague answer (specificity < 0.35) that left its target unfilled,
 *     or filled a field kept in the person's own words with those thin
 *     words, draws the field's follow_up prompt, at most once per field;
 *   - a required field may be asked on its own at most twice, an optional
 *     one once (plus the one follow-up);
 *   - two closely related missing fields (sharing a key word, such as
 *     decision_makers and decision_timeline) may be asked together.
 */
#include "engine/engine.h"

#include <ctype.h>
#include <stdio.h>
#include <string.h>

#include "core/alloc.h"
#include "core/buf.h"
#include "engine/engine_util.h"

#define VAGUE_SPECIFICITY 0.35
#define THIN_OWN_WORDS    0.28 /* a stored answer in own words this thin still draws one */
#define MAX_SOLO_ASKS_REQ 2    /* a required field may be asked again once */
#define MAX_SOLO_ASKS_OPT 1
#define MAX_OPEN_ITEMS    3 /* more would drown the opening question */
#define TIER_BOOST        20.0
#define TIER_REQUIRED     10.0
#define REASK_PENALTY     40.0 /* every unasked field comes before any re-ask */
#define LOW_CONF_PENALTY  0.5

/* --- plan state ----------------------------------------------------------- */

static long state_count(const json_t *ps, const char *map, const char *key) {
  const json_t *m = json_is_object(ps) ? json_object_get(ps, map) : NULL;
  const json_t *v = json_is_object(m) ? json_object_get(m, key) : NULL;
  return json_is_integer(v) ? (long)json_integer_value(v) : 0;
}

static bool state_has(const json_t *ps, const char *list, const char *key) {
  const json_t *a = json_is_object(ps) ? json_object_get(ps, list) : NULL;
  size_t i;
  const json_t *v;
  if (!json_is_array(a))
    return false;
  json_array_foreach(a, i, v) {
    if (json_is_string(v) && strcmp(json_string_value(v), key) == 0)
      return true;
  }
  return false;
}

static void state_incr(json_t *ps, const char *map, const char *key) {
  json_t *m = json_object_get(ps, map);
  if (!json_is_object(m)) {
    m = json_object();
    if (!m || json_object_set_new(ps, map, m))
      return;
  }
  json_t *v = json_object_get(m, key);
  json_int_t n = json_is_integer(v) ? json_integer_value(v) : 0;
  json_object_set_new(m, key, json_integer(n + 1));
}

void dbf_plan_note_asked(json_t *plan_state, const dbf_question_plan *q) {
  if (!json_is_object(plan_state) || !q || q->done)
    return;
  json_t *targets = json_array();
  for (size_t i = 0; i < q->n_targets && i < 4; i++) {
    const char *k = q->target_fields[i];
    state_incr(plan_state, "asked", k);
    /* A field asked second in a combined question may still be asked alone. */
    if (i > 0)
      state_incr(plan_state, "secondary", k);
    if (q->follow_up)
      state_incr(plan_state, "follow_ups", k);
    if (targets)
      json_array_append_new(targets, json_string(k));
  }
  if (targets)
    json_object_set_new(plan_state, "last_targets", targets);
  const json_t *t = json_object_get(plan_state, "turns");
  json_int_t turns = json_is_integer(t) ? json_integer_value(t) : 0;
  json_object_set_new(plan_state, "turns", json_integer(turns + 1));
}

void dbf_plan_note_skip(json_t *plan_state) {
  if (!json_is_object(plan_state))
    return;
  json_t *last = json_object_get(plan_state, "last_targets");
  json_t *skipped = json_object_get(plan_state, "skipped");
  if (!json_is_array(skipped)) {
    skipped = json_array();
    if (!skipped || json_object_set_new(plan_state, "skipped", skipped))
      return;
  }
  size_t i;
  json_t *v;
  json_array_foreach(last, i, v) {
    if (json_is_string(v) && !state_has(plan_state, "skipped", json_string_value(v)))
      json_array_append(skipped, v);
  }
}

/* --- ranking -------------------------------------------------------------- */

static bool field_required(const dbf_template *t, const char *key) {
  for (size_t i = 0; i < t->n_required_fields; i++)
    if (strcmp(t->required_fields[i], key) == 0)
      return true;
  return false;
}

/* True when a context rule matching the subject boosts key. */
static bool field_boosted(const dbf_template *t, const json_t *subject, const char *key) {
  for (size_t i = 0; i < t->n_context_rules; i++) {
    const dbf_context_rule *r = &t->context_rules[i];
    const char *v = dbf__subject_attr(subject, r->attribute);
    if (!v || !dbf__str_ieq(v, r->equals))
      continue;
    for (size_t j = 0; j < r->n_boost_fields; j++)
      if (strcmp(r->boost_fields[j], key) == 0)
        return true;
  }
  return false;
}

typedef struct cand {
  const dbf_template_field *f;
  double score;
  long solo_asks;
} cand;

/*
 * Scores f, or returns false when it is not worth asking: known, skipped,
 * or asked as often as its policy allows.
 */
static bool rank_field(const dbf_plan_input *in, const dbf_template_field *f, cand *c) {
  const dbf_template *t = in->tpl;
  const json_t *ps = in->plan_state;
  if (!f->key || state_has(ps, "skipped", f->key))
    return false;
  double conf = dbf__rec_conf(in->record, f->key);
  if (conf >= 0 && conf + 1e-9 >= t->min_confidence)
    return false;
  bool req = field_required(t, f->key);
  long asked = state_count(ps, "asked", f->key);
  long secondary = state_count(ps, "secondary", f->key);
  long follow = state_count(ps, "follow_ups", f->key);
  long solo = asked - secondary - follow;
  if (solo < 0)
    solo = 0;
  if (solo >= (req ? MAX_SOLO_ASKS_REQ : MAX_SOLO_ASKS_OPT))
    return false;
  /* Asked and followed up already, or a tentative value came back: enough. */
  if (solo > 0 && (follow > 0 || conf >= 0))
    return false;
  c->f = f;
  c->solo_asks = solo;
  c->score = f->priority;
  if (req)
    c->score += TIER_REQUIRED;
  if (field_boosted(t, in->subject, f->key))
    c->score += TIER_BOOST;
  /* Riding along in a combined question does not count as having been asked. */
  if (solo > 0 || follow > 0)
    c->score -= REASK_PENALTY;
  if (conf >= 0)
    c->score -= LOW_CONF_PENALTY;
  return true;
}

/* Two keys are related when they share a word of four letters or more. */
static bool keys_related(const char *a, const char *b) {
  char wa[64], wb[64];
  const char *pa = a;
  while (*pa) {
    size_t la = strcspn(pa, "_");
    if (la >= 4 && la < sizeof wa) {
      memcpy(wa, pa, la);
      wa[la] = '\0';
      const char *pb = b;
      while (*pb) {
        size_t lb = strcspn(pb, "_");
        if (lb == la && lb < sizeof wb) {
          memcpy(wb, pb, lb);
          wb[lb] = '\0';
          if (strcmp(wa, wb) == 0)
            return true;
        }
        pb += lb;
        if (*pb)
          pb++;
      }
    }
    pa += la;
    if (*pa)
      pa++;
  }
  return false;
}

/* --- question text -------------------------------------------------------- */

/* Appends s when it fits, else leaves b untouched; returns whether it fitted. */
static bool try_append(dbf_buf *b, const char *s) {
  size_t old = b->len;
  if (dbf_buf_appends(b, s) == DBF_OK)
    return true;
  if (b->data) {
    b->len = old;
    b->data[old] = '\0';
  }
  return false;
}

/* The field's name in prose: "decision timeline". */
static void key_words(const char *key, char *out, size_t cap) {
  size_t i = 0;
  for (; key[i] && i + 1 < cap; i++)
    out[i] = key[i] == '_' ? ' ' : key[i];
  out[i] = '\0';
}

static void append_ask(dbf_buf *b, const dbf_template_field *f, bool follow_up) {
  const char *text = follow_up ? f->follow_up : f->ask;
  if (text && *text) {
    try_append(b, text);
    return;
  }
  char words[80], line[256];
  key_words(f->key, words, sizeof words);
  if (follow_up)
    snprintf(line, sizeof line, "Could you be more specific about the %s?", words);
  else
    snprintf(line, sizeof line, "What can you tell me about the %s?", words);
  try_append(b, line);
}

static dbf_err finish_text(dbf_buf *b, dbf_question_plan *out, dbf_status *st) {
  if (!b->data)
    return dbf_fail(st, DBF_ERR_NOMEM, "out of memory planning a question");
  snprintf(out->text, sizeof out->text, "%s", b->data);
  return DBF_OK;
}

static void add_target(dbf_question_plan *out, const char *key) {
  if (out->n_targets >= DBF_ARRAY_LEN(out->target_fields))
    return;
  snprintf(out->target_fields[out->n_targets], sizeof out->target_fields[0], "%s", key);
  out->n_targets++;
}

/* --- next question -------------------------------------------------------- */

/* A field whose value is the person's own sentences or clauses (an outcome,
   duties, wins, needs), not a name, a number or a choice. */
static bool kept_in_own_words(const dbf_template_field *f) {
  return f->extract_kind &&
         (strcmp(f->extract_kind, "clause_list") == 0 || strcmp(f->extract_kind, "free_text") == 0);
}

/* A thin answer gives one phrase; two or more ("Price. Core integration.")
   name the things themselves, however short. */
static bool one_thin_phrase(const dbf_plan_input *in, const dbf_template_field *f) {
  const json_t *v = dbf__rec_value(in->record, f->key);
  return kept_in_own_words(f) && in->last_specificity < THIN_OWN_WORDS &&
         (!json_is_array(v) || json_array_size(v) <= 1);
}

/* The field the last, vague answer left unfilled (or filled with its own
   thin words) and that may still get a follow-up. */
static const dbf_template_field *follow_up_target(const dbf_plan_input *in) {
  if (in->last_specificity >= VAGUE_SPECIFICITY || !json_is_object(in->plan_state))
    return NULL;
  const json_t *last = json_object_get(in->plan_state, "last_targets");
  size_t i;
  const json_t *v;
  json_array_foreach(last, i, v) {
    if (!json_is_string(v))
      continue;
    const char *k = json_string_value(v);
    const dbf_template_field *f = dbf_template_field_find(in->tpl, k);
    if (!f || state_has(in->plan_state, "skipped", k))
      continue;
    if (state_count(in->plan_state, "follow_ups", k) > 0)
      continue;
    /* Filled at full confidence means the answer was short but enough
       ("Positive.", a company's name), unless the field keeps the person's
       own words: then a thin answer stored itself ("helping people",
       "lots of things") and the follow-up asks for the real ones. */
    if (dbf__rec_filled(in->record, k, in->tpl->min_confidence) && !one_thin_phrase(in, f))
      continue;
    return f;
  }
  return NULL;
}

dbf_err dbf_plan_next(const dbf_plan_input *in, dbf_question_plan *out, dbf_status *st) {
  if (!in || !in->tpl || !out)
    return dbf_fail(st, DBF_ERR_INVALID, "planner needs a template");
  memset(out, 0, sizeof *out);
  const dbf_template *t = in->tpl;
  dbf_err rc = DBF_OK;
  cand *cands = NULL;
  dbf_buf b;
  dbf_buf_init(&b, sizeof out->text - 1);

  const json_t *turns =
      json_is_object(in->plan_state) ? json_object_get(in->plan_state, "turns") : NULL;
  if (json_is_integer(turns) && json_integer_value(turns) >= t->max_turns) {
    out->done = true;
    goto out;
  }

  const dbf_template_field *fu = follow_up_target(in);
  if (fu) {
    append_ask(&b, fu, true);
    add_target(out, fu->key);
    out->follow_up = true;
    rc = finish_text(&b, out, st);
    goto out;
  }

  cands = dbf_calloc(t->n_fields ? t->n_fields : 1, sizeof *cands);
  if (!cands) {
    rc = dbf_fail(st, DBF_ERR_NOMEM, "out of memory planning a question");
    goto out;
  }
  size_t n = 0;
  for (size_t i = 0; i < t->n_fields; i++)
    if (rank_field(in, &t->fields[i], &cands[n]))
      n++;
  if (n == 0) {
    out->done = true;
    goto out;
  }
  /* Highest score wins; ties go to template order (the scan is stable). */
  size_t best = 0;
  for (size_t i = 1; i < n; i++)
    if (cands[i].score > cands[best].score + 1e-9)
      best = i;
  const cand *c1 = &cands[best];
  bool reask = c1->solo_asks > 0;
  if (reask)
    try_append(&b, "Coming back to one thing: ");
  append_ask(&b, c1->f, false);
  add_target(out, c1->f->key);

  /* A closely related field in the same tier, never asked, rides along. */
  if (!reask) {
    for (size_t i = 0; i < n; i++) {
      const cand *c2 = &cands[i];
      if (i == best || c2->score < c1->score - 5.0 || c2->score > c1->score + 5.0)
        continue;
      if (state_count(in->plan_state, "asked", c2->f->key) > 0 ||
          dbf__rec_conf(in->record, c2->f->key) >= 0 || !keys_related(c1->f->key, c2->f->key))
        continue;
      size_t old = b.len;
      if (try_append(&b, " ")) {
        const char *ask2 = c2->f->ask;
        if (ask2 && *ask2 && try_append(&b, ask2)) {
          add_target(out, c2->f->key);
          break;
        }
        b.len = old;
        b.data[old] = '\0';
      }
    }
  }
  rc = finish_text(&b, out, st);

out:
  dbf_free(cands);
  dbf_buf_free(&b);
  return rc;
}

/* --- opening ------------------------------------------------------------------ */

/* Appends "Name (Role)" for up to three attendees, from strings or objects. */
static void append_attendees(dbf_buf *b, const json_t *att) {
  if (!json_is_array(att) || json_array_size(att) == 0)
    return;
  char line[512];
  size_t used = 0, n = json_array_size(att), shown = 0;
  used += (size_t)snprintf(line, sizeof line, " You met with ");
  for (size_t i = 0; i < n && shown < 3 && used < sizeof line; i++) {
    const json_t *a = json_array_get(att, i);
    const char *name = NULL, *role = NULL;
    if (json_is_string(a))
      name = json_string_value(a);
    else if (json_is_object(a)) {
      const json_t *jn = json_object_get(a, "name"), *jr = json_object_get(a, "role");
      name = json_is_string(jn) ? json_string_value(jn) : NULL;
      role = json_is_string(jr) && json_string_length(jr) ? json_string_value(jr) : NULL;
    }
    if (!name || !*name)
      continue;
    const char *sep = shown == 0 ? "" : (i + 1 == n || shown == 2) ? " and " : ", ";
    int k = role ? snprintf(line + used, sizeof line - used, "%s%s (%s)", sep, name, role)
                 : snprintf(line + used, sizeof line - used, "%s%s", sep, name);
    if (k < 0 || (size_t)k >= sizeof line - used)
      break;
    used += (size_t)k;
    shown++;
  }
  if (shown == 0 || used + 2 >= sizeof line)
    return;
  if (shown < n && n > 3)
    used += (size_t)snprintf(line + used, sizeof line - used, " and others");
  if (used + 2 < sizeof line) {
    line[used++] = '.';
    line[used] = '\0';
    try_append(b, line);
  }
}

/* "discovery_call" reads as "discovery call". */
static void humanize(const char *s, char *out, size_t cap) {
  size_t i = 0;
  for (; s[i] && i + 1 < cap; i++)
    out[i] = (s[i] == '_' || s[i] == '-') ? ' ' : s[i];
  out[i] = '\0';
}

static void append_subject(dbf_buf *b, const json_t *subject) {
  const char *mt = dbf__subject_attr(subject, "meeting_type");
  const char *account = dbf__subject_attr(subject, "account");
  if (!account)
    account = dbf__subject_attr(subject, "account_name");
  const char *title = dbf__subject_attr(subject, "title");
  char line[512], mtw[64];
  if (mt || account) {
    humanize(mt ? mt : "meeting", mtw, sizeof mtw);
    for (char *p = mtw; *p; p++)
      *p = (char)tolower((unsigned char)*p);
    int k = snprintf(line, sizeof line, "Let's debrief your %s%s%s", mtw, account ? " with " : "",
                     account ? account : "");
    if (title && k > 0 && (size_t)k < sizeof line &&
        !(account && dbf__str_icontains(account, title)))
      snprintf(line + k, sizeof line - (size_t)k, " (\"%s\").", title);
    else if (k > 0 && (size_t)k + 1 < sizeof line)
      snprintf(line + k, sizeof line - (size_t)k, ".");
    try_append(b, line);
    append_attendees(b, dbf__subject_attr_json(subject, "attendees"));
    try_append(b, " ");
  } else if (title) {
    snprintf(line, sizeof line, "Let's talk about \"%s\". ", title);
    try_append(b, line);
  }
}

/* The question that follows an open item, by the field it concerns. */
static const char *open_item_question(const char *field) {
  if (!field)
    return "Has that changed?";
  if (strcmp(field, "next_steps") == 0)
    return "Did that happen?";
  if (strcmp(field, "objections") == 0)
    return "Has that been resolved?";
  if (strcmp(field, "decision_makers") == 0)
    return "Do you know now who makes the decision?";
  if (strcmp(field, "decision_timeline") == 0)
    return "Is there a date now?";
  return "Has that changed?";
}

static void append_open_items(dbf_buf *b, const json_t *items) {
  if (!json_is_array(items))
    return;
  size_t shown = 0, i;
  const json_t *it;
  json_array_foreach(items, i, it) {
    if (shown >= MAX_OPEN_ITEMS)
      break;
    const json_t *jt = json_object_get(it, "text");
    const json_t *jf = json_object_get(it, "field_key");
    if (!json_is_string(jt) || json_string_length(jt) == 0)
      continue;
    size_t old = b->len;
    const char *text = json_string_value(jt);
    size_t tl = strlen(text);
    while (tl > 0 && (text[tl - 1] == '.' || text[tl - 1] == ' '))
      tl--;
    char *trimmed = dbf_strndup(text, tl);
    if (!trimmed)
      return;
    bool ok = try_append(b, shown == 0 ? "Last time, " : "Also, last time ");
    ok = ok && dbf__append_recased(b, trimmed, false) == DBF_OK;
    ok = ok && try_append(b, ". ");
    ok = ok && try_append(b, open_item_question(json_is_string(jf) ? json_string_value(jf) : NULL));
    ok = ok && try_append(b, " ");
    dbf_free(trimmed);
    if (!ok && b->data) {
      b->len = old;
      b->data[old] = '\0';
      break;
    }
    shown++;
  }
}

dbf_err dbf_plan_opening(const dbf_plan_input *in, dbf_question_plan *out, dbf_status *st) {
  if (!in || !in->tpl || !out)
    return dbf_fail(st, DBF_ERR_INVALID, "planner needs a template");
  memset(out, 0, sizeof *out);
  dbf_buf b;
  dbf_buf_init(&b, sizeof out->text - 1);
  const char *opening = in->tpl->opening && *in->tpl->opening
                            ? in->tpl->opening
                            : "Tell me about it: what happened, and what came out of it?";
  /* The template's own question is the one part that must survive; reserve room for it. */
  size_t reserve = strlen(opening) + 1;
  b.max = reserve < b.max ? b.max - reserve : 0;
  append_subject(&b, in->subject);
  append_open_items(&b, in->open_items);
  b.max = sizeof out->text - 1;
  try_append(&b, opening);
  /* The opening targets nothing: it invites a free account that the
     extractor mines for every field, and no field should lose its one
     follow-up to it. */
  dbf_err rc = finish_text(&b, out, st);
  dbf_buf_free(&b);
  return rc;
}
