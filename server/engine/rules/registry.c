/*
 * registry.c - every extractor kind: the field types it fills, the item keys
 * it needs, its parameters, and its rule module (registry.h, rules.h).
 * Adding a kind is one row here and one file beside this one.
 */
#include "engine/rules/registry.h"

#include <stdio.h>
#include <string.h>

#include "engine/labelled.h"
#include "engine/rules/rules.h"

#define T(x)    (1u << (x))
#define TEXTISH (T(DBF_FIELD_TEXT) | T(DBF_FIELD_STRING))

#define MAX_PARAM_WORDS 64 /* entries of a word or lexicon list parameter */
#define MAX_WORD_LEN    64

typedef enum ptype {
  P_CHOICE, /* a string, one of choices */
  P_BOOL,   /* true or false */
  P_NAME,   /* a lexicon name: ^[a-z][a-z0-9_]{0,62}$ */
  P_NAMES,  /* an array of lexicon names */
  P_WORDS,  /* an array of words or short phrases */
  P_FIELDS, /* an array of other fields' keys */
} ptype;

typedef struct pspec {
  const char *name;
  ptype type;
  const char *const *choices; /* P_CHOICE */
} pspec;

typedef struct rule {
  const char *kind;
  unsigned types;           /* field types it fills */
  const char *need_keys[3]; /* item keys it needs */
  size_t min_item_keys;
  dbf__rule_fn run;
  dbf__claim_fn claim; /* NULL: the kind claims no sentence (free text) */
  pspec params[7];
} rule;

static const char *const k_scales[] = {"ordered", "sentiment", NULL};
static const char *const k_unknown[] = {"short_items", "after_cues", "capitalized", "none", NULL};
static const char *const k_wording[] = {"canonical", "own", NULL};
static const char *const k_split[] = {"sentences", "clauses", "items", NULL};
static const char *const k_clause_passing[] = {"never", "cue", "concern", "not_own", NULL};
static const char *const k_people_passing[] = {"mentioned", "never", NULL};

static const rule k_rules[] = {
    {"money", T(DBF_FIELD_MONEY), {NULL}, 0, dbf__rule_money, dbf__claim_money, {{NULL, 0, NULL}}},
    {"number", T(DBF_FIELD_NUMBER), {NULL}, 0, dbf__rule_number, NULL, {{NULL, 0, NULL}}},
    {"bool", T(DBF_FIELD_BOOL), {NULL}, 0, dbf__rule_bool, NULL, {{NULL, 0, NULL}}},
    {"date",
     T(DBF_FIELD_DATE),
     {NULL},
     0,
     dbf__rule_date,
     dbf__claim_date,
     {{"about", P_WORDS, NULL}}},
    {"date_range",
     T(DBF_FIELD_DATE),
     {"start", "end", NULL},
     0,
     dbf__rule_date_range,
     dbf__claim_date_range,
     {{NULL, 0, NULL}}},
    {"enum",
     T(DBF_FIELD_ENUM),
     {NULL},
     0,
     dbf__rule_enum,
     dbf__claim_enum,
     {{"lexicon", P_NAME, NULL}, {"scale", P_CHOICE, k_scales}}},
    {"named_list",
     T(DBF_FIELD_LIST),
     {NULL},
     0,
     dbf__rule_named_list,
     dbf__claim_named_list,
     {{"lexicons", P_NAMES, NULL},
      {"cues", P_NAME, NULL},
      {"cues_after", P_NAME, NULL},
      {"unknown", P_CHOICE, k_unknown},
      {"wording", P_CHOICE, k_wording},
      {"exclude_fields", P_FIELDS, NULL}}},
    {"clause_list",
     T(DBF_FIELD_LIST),
     {NULL},
     0,
     dbf__rule_clause_list,
     dbf__claim_clause_list,
     {{"cues", P_NAME, NULL},
      {"split", P_CHOICE, k_split},
      {"in_passing", P_CHOICE, k_clause_passing},
      {"resume_style", P_BOOL, NULL}}},
    {"people",
     T(DBF_FIELD_LIST) | T(DBF_FIELD_OBJECT_LIST),
     {NULL},
     0,
     dbf__rule_people,
     dbf__claim_people,
     {{"in_passing", P_CHOICE, k_people_passing}, {"groups", P_BOOL, NULL}}},
    {"action_items",
     T(DBF_FIELD_OBJECT_LIST),
     {"action", NULL},
     0,
     dbf__rule_action_items,
     dbf__claim_action_items,
     {{NULL, 0, NULL}}},
    {"metrics",
     T(DBF_FIELD_OBJECT_LIST),
     {NULL},
     2,
     dbf__rule_metrics,
     NULL,
     {{"exclude_fields", P_FIELDS, NULL}}},
    {"title", TEXTISH, {NULL}, 0, dbf__rule_title, dbf__claim_title, {{"lexicon", P_NAME, NULL}}},
    {"organization",
     TEXTISH,
     {NULL},
     0,
     dbf__rule_organization,
     dbf__claim_organization,
     {{NULL, 0, NULL}}},
    {"free_text", TEXTISH, {NULL}, 0, dbf__rule_free_text, NULL, {{"counts", P_BOOL, NULL}}},
    {"items", T(DBF_FIELD_OBJECT_LIST), {NULL}, 1, dbf__rule_items, NULL, {{NULL, 0, NULL}}},
};

/* Parameters every kind takes: "labels", the words that name the field at
   the start of a line ("Role: ...", labelled.h). */
static const pspec k_common_params[] = {{"labels", P_WORDS, NULL}};

static const rule *find(const char *kind) {
  for (size_t i = 0; kind && i < DBF_ARRAY_LEN(k_rules); i++) {
    if (strcmp(k_rules[i].kind, kind) == 0)
      return &k_rules[i];
  }
  return NULL;
}

static bool has_key(const dbf_template_field *f, const char *k) {
  for (size_t i = 0; i < f->n_item_keys; i++) {
    if (f->item_keys[i] && strcmp(f->item_keys[i], k) == 0)
      return true;
  }
  return false;
}

dbf__claim_fn dbf__rule_claim(const char *kind) {
  const rule *r = find(kind);
  return r ? r->claim : NULL;
}

bool dbf__rule_claim_is_weak(const char *kind) {
  return kind && (strcmp(kind, "clause_list") == 0 || strcmp(kind, "named_list") == 0);
}

dbf__rule_fn dbf__rule_find(const char *kind) {
  const rule *r = find(kind);
  return r ? r->run : NULL;
}

const char *dbf__rule_default_kind(const dbf_template_field *f) {
  switch (f->type) {
    case DBF_FIELD_MONEY:
      return "money";
    case DBF_FIELD_NUMBER:
      return "number";
    case DBF_FIELD_BOOL:
      return "bool";
    case DBF_FIELD_DATE:
      return has_key(f, "start") && has_key(f, "end") ? "date_range" : "date";
    case DBF_FIELD_ENUM:
      return "enum";
    case DBF_FIELD_LIST:
      return "clause_list";
    case DBF_FIELD_OBJECT_LIST:
      if (has_key(f, "action"))
        return "action_items";
      if (has_key(f, "name"))
        return "people";
      return "items";
    case DBF_FIELD_TEXT:
    case DBF_FIELD_STRING:
    default:
      return "free_text";
  }
}

const char *dbf__rule_kind_names(void) {
  static char names[256];
  if (!names[0]) {
    size_t o = 0;
    for (size_t i = 0; i < DBF_ARRAY_LEN(k_rules) && o < sizeof names; i++)
      o += (size_t)snprintf(names + o, sizeof names - o, "%s%s", i ? ", " : "", k_rules[i].kind);
  }
  return names;
}

static bool name_ok(const char *s) {
  size_t n = strlen(s);
  if (n == 0 || n > 63 || s[0] < 'a' || s[0] > 'z')
    return false;
  for (size_t i = 1; i < n; i++) {
    char c = s[i];
    if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_'))
      return false;
  }
  return true;
}

typedef struct reporter {
  dbf__rule_report_fn fn;
  void *arg;
  bool ok;
} reporter;

static void report(reporter *r, const char *path, const char *fmt, const char *a, const char *b) {
  char msg[200];
  snprintf(msg, sizeof msg, fmt, a ? a : "", b ? b : ""); /* NOLINT: fmt is one of ours */
  r->ok = false;
  r->fn(r->arg, path, msg);
}

static void check_param(reporter *r, const pspec *p, const json_t *v) {
  char path[96];
  snprintf(path, sizeof path, "extractor.params.%s", p->name);
  switch (p->type) {
    case P_CHOICE: {
      bool ok = false;
      for (size_t k = 0; json_is_string(v) && p->choices[k] && !ok; k++)
        ok = strcmp(json_string_value(v), p->choices[k]) == 0;
      if (!ok) {
        char list[160] = "";
        size_t o = 0;
        for (size_t k = 0; p->choices[k] && o < sizeof list; k++)
          o += (size_t)snprintf(list + o, sizeof list - o, "%s%s", k ? ", " : "", p->choices[k]);
        report(r, path, "must be one of: %s%s", list, NULL);
      }
      return;
    }
    case P_BOOL:
      if (!json_is_boolean(v))
        report(r, path, "must be true or false%s%s", NULL, NULL);
      return;
    case P_NAME:
      if (!json_is_string(v) || !name_ok(json_string_value(v)))
        report(r, path, "must be a lexicon name matching ^[a-z][a-z0-9_]{0,62}$%s%s", NULL, NULL);
      return;
    case P_NAMES:
    case P_WORDS:
    case P_FIELDS: {
      if (!json_is_array(v) || json_array_size(v) == 0 ||
          json_array_size(v) > (p->type == P_NAMES ? DBF__RX_MAX_LEXICONS : MAX_PARAM_WORDS)) {
        report(r, path, "must be a non-empty array of at most %s strings%s",
               p->type == P_NAMES ? "4" : "64", NULL);
        return;
      }
      size_t i;
      const json_t *e;
      json_array_foreach(v, i, e) {
        const char *s = json_string_value(e);
        bool ok = s && (p->type == P_WORDS ? s[0] && strlen(s) <= MAX_WORD_LEN : name_ok(s));
        if (!ok) {
          char ip[128];
          snprintf(ip, sizeof ip, "%.96s[%zu]", path, i);
          report(r, ip,
                 p->type == P_WORDS ? "must be a non-empty string of at most 64 bytes%s%s"
                                    : "must be a name matching ^[a-z][a-z0-9_]{0,62}$%s%s",
                 NULL, NULL);
        }
      }
      return;
    }
  }
}

bool dbf__rule_check(const dbf_template_field *f, const char *kind, const json_t *params,
                     dbf__rule_report_fn fn, void *arg) {
  reporter r = {fn, arg, true};
  const rule *ru = find(kind);
  if (!ru) {
    report(&r, "extractor.kind", "unknown kind '%.40s'; expected one of: %.150s", kind,
           dbf__rule_kind_names());
    return false;
  }
  if (f->type && !(ru->types & T(f->type)))
    report(&r, "extractor.kind", "kind '%s' cannot fill a field of type '%s'", kind,
           dbf_field_type_name(f->type));
  for (size_t k = 0; ru->need_keys[k]; k++) {
    if (!has_key(f, ru->need_keys[k]))
      report(&r, "item_keys", "kind '%s' needs the item key '%s'", kind, ru->need_keys[k]);
  }
  if (f->n_item_keys < ru->min_item_keys)
    report(&r, "item_keys", "kind '%s' needs at least %s item keys", kind,
           ru->min_item_keys == 2 ? "2" : "1");
  if (params && !json_is_object(params)) {
    report(&r, "extractor.params", "must be an object%s%s", NULL, NULL);
    return r.ok;
  }
  const char *name;
  const json_t *v;
  json_object_foreach((json_t *)params, name, v) {
    const pspec *p = NULL;
    for (size_t k = 0; k < DBF_ARRAY_LEN(ru->params) && ru->params[k].name && !p; k++)
      if (strcmp(ru->params[k].name, name) == 0)
        p = &ru->params[k];
    for (size_t k = 0; k < DBF_ARRAY_LEN(k_common_params) && !p; k++)
      if (strcmp(k_common_params[k].name, name) == 0)
        p = &k_common_params[k];
    if (!p) {
      char path[96];
      snprintf(path, sizeof path, "extractor.params.%.60s", name);
      report(&r, path, "kind '%s' takes no parameter '%.60s'", kind, name);
      continue;
    }
    check_param(&r, p, v);
  }
  if (strcmp(kind, "named_list") == 0 && json_is_object(params)) {
    const json_t *u = json_object_get(params, "unknown");
    if (json_is_string(u) && strcmp(json_string_value(u), "after_cues") == 0 &&
        !json_object_get(params, "cues"))
      report(&r, "extractor.params.cues", "is required when unknown is 'after_cues'%s%s", NULL,
             NULL);
  }
  return r.ok;
}

bool dbf__rule_check_refs(const dbf_template *t, const dbf_template_field *f,
                          dbf__rule_report_fn fn, void *arg) {
  reporter r = {fn, arg, true};
  const json_t *list = json_is_object(f->extract_params)
                           ? json_object_get(f->extract_params, "exclude_fields")
                           : NULL;
  size_t i;
  const json_t *e;
  json_array_foreach(list, i, e) {
    const char *k = json_string_value(e);
    char path[96];
    snprintf(path, sizeof path, "extractor.params.exclude_fields[%zu]", i);
    if (!k)
      continue;
    if (!dbf_template_field_find(t, k))
      report(&r, path, "names no field of this template: '%.60s'%s", k, NULL);
    else if (strcmp(k, f->key) == 0)
      report(&r, path, "cannot name the field itself%s%s", NULL, NULL);
  }
  const json_t *labels =
      json_is_object(f->extract_params) ? json_object_get(f->extract_params, "labels") : NULL;
  json_array_foreach(labels, i, e) {
    char path[96];
    snprintf(path, sizeof path, "extractor.params.labels[%zu]", i);
    bool usable = false;
    const dbf_template_field *o = dbf__labelled_owner(t, json_string_value(e), f, &usable);
    if (json_is_string(e) && !usable)
      report(&r, path, "must be one to four words of ASCII letters or digits%s%s", NULL, NULL);
    else if (o)
      report(&r, path, "also names the field '%.60s'; a label names one field%s", o->key, NULL);
  }
  return r.ok;
}
