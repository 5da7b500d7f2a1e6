/*
 * template.c - parsing, validation and serialisation of interview templates
 * (the canonical JSON form documented in template.h).
 *
 * Validation collects every problem it finds rather than stopping at the
 * first, so an author fixing a definition sees the whole list at once. Each
 * problem carries a path such as "fields[3].enum_values".
 */
#include "engine/template.h"

#include <ctype.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "core/alloc.h"
#include "engine/rules/registry.h"

/* Size caps: a template is authored by people and stored in one row. */
#define MAX_FIELDS        100
#define MAX_ENUM_VALUES   64
#define MAX_EXAMPLES      20
#define MAX_ITEM_KEYS     16
#define MAX_SUMMARY       32
#define MAX_RULES         64
#define MAX_BOOSTS        32
#define MAX_REQUIRED      MAX_FIELDS
#define MAX_TITLE_LEN     200  /* title, enum values, examples, attributes */
#define MAX_LABEL_LEN     80   /* a field's label */
#define MAX_TEXT_LEN      4000 /* descriptions */
#define MAX_QUESTION_LEN  1000 /* opening, ask, follow_up: must fit a question plan */
#define MAX_VIOLATIONS    200  /* beyond this the definition is hopeless */
#define DEFAULT_MIN_CONF  0.6
#define DEFAULT_MAX_TURNS 25
#define MAX_FILE_BYTES    (1024 * 1024)

static const char *const TYPE_NAMES[] = {
    NULL, "text", "string", "number", "money", "date", "enum", "list", "object_list", "bool",
};

const char *dbf_field_type_name(dbf_field_type t) {
  if ((int)t <= 0 || (size_t)t >= DBF_ARRAY_LEN(TYPE_NAMES))
    return "unknown";
  return TYPE_NAMES[t];
}

dbf_field_type dbf_field_type_parse(const char *s) {
  if (!s)
    return 0;
  for (size_t i = 1; i < DBF_ARRAY_LEN(TYPE_NAMES); i++)
    if (strcmp(s, TYPE_NAMES[i]) == 0)
      return (dbf_field_type)i;
  return 0;
}

/* ^[a-z][a-z0-9_]{0,62}$ */
static bool key_ok(const char *s) {
  if (!s || !(s[0] >= 'a' && s[0] <= 'z'))
    return false;
  size_t n = 1;
  for (const char *p = s + 1; *p; p++, n++) {
    if (!((*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') || *p == '_'))
      return false;
  }
  return n <= 63;
}

/* A valid key as words, for a field without a label: "tools_technologies" -> "Tools technologies".
 */
static char *default_label(const char *key) {
  char *s = dbf_strdup(key);
  for (char *p = s; p && *p; p++)
    if (*p == '_')
      *p = ' ';
  if (s && *s)
    s[0] = (char)toupper((unsigned char)s[0]);
  return s;
}

/* --- violation collection ---------------------------------------------- */

typedef struct vctx {
  dbf_violations v;
  bool nomem;
} vctx;

static void violate(vctx *c, const char *path, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static void violate(vctx *c, const char *path, const char *fmt, ...) {
  if (c->nomem || c->v.n >= MAX_VIOLATIONS)
    return;
  dbf_violation *items = dbf_realloc(c->v.items, (c->v.n + 1) * sizeof *items);
  if (!items) {
    c->nomem = true;
    return;
  }
  c->v.items = items;
  dbf_violation *it = &items[c->v.n++];
  snprintf(it->field, sizeof it->field, "%s", path);
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(it->description, sizeof it->description, fmt, ap);
  va_end(ap);
}

void dbf_violations_free(dbf_violations *v) {
  if (!v)
    return;
  dbf_free(v->items);
  v->items = NULL;
  v->n = 0;
}

/* --- building blocks ----------------------------------------------------- */

/*
 * Copies an optional string member into *out. Missing or null leaves *out
 * NULL; a non-string or an over-long string is a violation. When required,
 * missing or empty is a violation too.
 */
static void get_str(vctx *c, const json_t *obj, const char *name, const char *path, size_t max_len,
                    bool required, char **out) {
  const json_t *v = json_object_get(obj, name);
  if (!v || json_is_null(v)) {
    if (required)
      violate(c, path, "is required");
    return;
  }
  if (!json_is_string(v)) {
    violate(c, path, "must be a string");
    return;
  }
  size_t len = json_string_length(v);
  if (len > max_len) {
    violate(c, path, "is %zu characters; at most %zu allowed", len, max_len);
    return;
  }
  if (strlen(json_string_value(v)) != len) {
    violate(c, path, "must not contain NUL characters");
    return;
  }
  if (required && len == 0) {
    violate(c, path, "must not be empty");
    return;
  }
  *out = dbf_strdup(json_string_value(v));
  if (!*out)
    c->nomem = true;
}

/*
 * Copies an optional array of strings. Each item must be a non-empty string
 * within max_len; when keys is set each must also match the key syntax.
 * Duplicates are violations when unique is set.
 */
static void get_str_array(vctx *c, const json_t *obj, const char *name, const char *path,
                          size_t max_items, size_t max_len, bool keys, bool unique, char ***out,
                          size_t *n_out) {
  const json_t *arr = json_object_get(obj, name);
  if (!arr || json_is_null(arr))
    return;
  if (!json_is_array(arr)) {
    violate(c, path, "must be an array of strings");
    return;
  }
  size_t n = json_array_size(arr);
  if (n > max_items) {
    violate(c, path, "has %zu items; at most %zu allowed", n, max_items);
    return;
  }
  if (n == 0)
    return;
  char **items = dbf_calloc(n, sizeof *items);
  if (!items) {
    c->nomem = true;
    return;
  }
  size_t k = 0;
  for (size_t i = 0; i < n; i++) {
    const json_t *it = json_array_get(arr, i);
    char ipath[160];
    snprintf(ipath, sizeof ipath, "%s[%zu]", path, i);
    if (!json_is_string(it) || json_string_length(it) == 0) {
      violate(c, ipath, "must be a non-empty string");
      continue;
    }
    const char *s = json_string_value(it);
    if (json_string_length(it) > max_len || strlen(s) != json_string_length(it)) {
      violate(c, ipath, "must be at most %zu characters with no NUL", max_len);
      continue;
    }
    if (keys && !key_ok(s)) {
      violate(c, ipath, "'%.60s' must match ^[a-z][a-z0-9_]{0,62}$", s);
      continue;
    }
    bool dup = false;
    for (size_t j = 0; unique && j < k && !dup; j++)
      dup = strcmp(items[j], s) == 0;
    if (dup) {
      violate(c, ipath, "duplicate value '%.60s'", s);
      continue;
    }
    items[k] = dbf_strdup(s);
    if (!items[k]) {
      c->nomem = true;
      break;
    }
    k++;
  }
  *out = items;
  *n_out = k;
}

static void free_strs(char **s, size_t n) {
  if (!s)
    return;
  for (size_t i = 0; i < n; i++)
    dbf_free(s[i]);
  dbf_free(s);
}

void dbf_template_free(dbf_template *t) {
  if (!t)
    return;
  dbf_free(t->slug);
  dbf_free(t->title);
  dbf_free(t->description);
  dbf_free(t->opening);
  for (size_t i = 0; t->fields && i < t->n_fields; i++) {
    dbf_template_field *f = &t->fields[i];
    dbf_free(f->key);
    dbf_free(f->description);
    free_strs(f->enum_values, f->n_enum_values);
    free_strs(f->examples, f->n_examples);
    dbf_free(f->label);
    dbf_free(f->ask);
    dbf_free(f->follow_up);
    free_strs(f->item_keys, f->n_item_keys);
    dbf_free(f->extract_kind);
    json_decref(f->extract_params);
  }
  dbf_free(t->fields);
  free_strs(t->required_fields, t->n_required_fields);
  for (size_t i = 0; t->summary && i < t->n_summary; i++) {
    dbf_free(t->summary[i].key);
    dbf_free(t->summary[i].title);
    dbf_free(t->summary[i].description);
  }
  dbf_free(t->summary);
  for (size_t i = 0; t->context_rules && i < t->n_context_rules; i++) {
    dbf_free(t->context_rules[i].attribute);
    dbf_free(t->context_rules[i].equals);
    free_strs(t->context_rules[i].boost_fields, t->context_rules[i].n_boost_fields);
  }
  dbf_free(t->context_rules);
  dbf_free(t);
}

const dbf_template_field *dbf_template_field_find(const dbf_template *t, const char *key) {
  if (!t || !key)
    return NULL;
  for (size_t i = 0; i < t->n_fields; i++)
    if (t->fields[i].key && strcmp(t->fields[i].key, key) == 0)
      return &t->fields[i];
  return NULL;
}

/* ---- a person's value for a field ---- */

/* Every key of o is one of keys[0..n) and holds a string (or null). */
static bool members_of(const json_t *o, char *const *keys, size_t n) {
  const char *k;
  json_t *x;
  json_object_foreach((json_t *)o, k, x) {
    bool known = false;
    for (size_t i = 0; i < n && !known; i++)
      known = strcmp(k, keys[i]) == 0;
    if (!known || !(json_is_string(x) || json_is_null(x)))
      return false;
  }
  return true;
}

static bool all_strings(const json_t *a) {
  size_t i;
  json_t *x;
  json_array_foreach(a, i, x) {
    if (!json_is_string(x))
      return false;
  }
  return true;
}

/* "key1, key2": f's item keys, for a message. */
static const char *item_keys_text(const dbf_template_field *f, char *buf, size_t n) {
  size_t used = 0;
  buf[0] = '\0';
  for (size_t i = 0; i < f->n_item_keys && used < n; i++)
    used += (size_t)snprintf(buf + used, n - used, "%s%s", i ? ", " : "", f->item_keys[i]);
  return buf;
}

static bool money_fits(const json_t *v) {
  const json_t *amount = json_object_get(v, "amount");
  const json_t *cur = json_object_get(v, "currency");
  if (!json_is_object(v) || !json_is_number(amount) || json_number_value(amount) < 0 ||
      json_object_size(v) != 1u + (cur != NULL))
    return false;
  if (!cur)
    return true;
  const char *c = json_string_value(cur);
  if (!c)
    return false;
  if (!*c)
    return true;
  return strlen(c) == 3 && isupper((unsigned char)c[0]) && isupper((unsigned char)c[1]) &&
         isupper((unsigned char)c[2]);
}

bool dbf_template_value_fits(const dbf_template_field *f, const json_t *v, char *why, size_t n) {
  char keys[256];
  bool ok = false;
  switch (f->type) {
    case DBF_FIELD_TEXT:
    case DBF_FIELD_STRING:
      ok = json_is_string(v);
      snprintf(why, n, "%s takes text", f->key);
      break;
    case DBF_FIELD_NUMBER:
      ok = json_is_number(v);
      snprintf(why, n, "%s takes a number", f->key);
      break;
    case DBF_FIELD_BOOL:
      ok = json_is_boolean(v);
      snprintf(why, n, "%s takes true or false", f->key);
      break;
    case DBF_FIELD_MONEY:
      ok = money_fits(v);
      snprintf(why, n,
               "%s takes money: {\"amount\": 120000, \"currency\": \"EUR\"}, a non-negative "
               "amount and an ISO 4217 code (or no currency)",
               f->key);
      break;
    case DBF_FIELD_ENUM:
      for (size_t i = 0; json_is_string(v) && i < f->n_enum_values && !ok; i++)
        ok = strcmp(json_string_value(v), f->enum_values[i]) == 0;
      snprintf(why, n, "%s takes one of", f->key);
      for (size_t i = 0, used = strlen(why); i < f->n_enum_values && used < n; i++)
        used += (size_t)snprintf(why + used, n - used, "%s %s", i ? "," : "", f->enum_values[i]);
      break;
    case DBF_FIELD_DATE:
      if (f->n_item_keys > 0) {
        ok = json_is_object(v) && members_of(v, f->item_keys, f->n_item_keys);
        snprintf(why, n, "%s takes an object of dates with the keys %s", f->key,
                 item_keys_text(f, keys, sizeof keys));
      } else {
        ok = json_is_string(v);
        snprintf(why, n, "%s takes a date as text, e.g. \"2026-11-30\"", f->key);
      }
      break;
    case DBF_FIELD_LIST:
      ok = json_is_array(v) && all_strings(v);
      snprintf(why, n, "%s takes a list of text items", f->key);
      break;
    case DBF_FIELD_OBJECT_LIST: {
      /* Items as objects of the item keys, or as text (the lead member said in words). */
      ok = json_is_string(v) || json_is_array(v);
      size_t i;
      json_t *x;
      if (json_is_array(v))
        json_array_foreach(v, i, x) {
          if (!json_is_string(x) &&
              !(json_is_object(x) && members_of(x, f->item_keys, f->n_item_keys)))
            ok = false;
        }
      snprintf(why, n, "%s takes a list of items, each text or an object with the keys %s", f->key,
               item_keys_text(f, keys, sizeof keys));
      break;
    }
  }
  if (ok && n)
    why[0] = '\0';
  return ok;
}

/* Fields whose key failed validation are absent from the lookup on purpose:
   a reference to them is reported once, at the field itself. */
static bool field_known(const dbf_template *t, const char *key) {
  return dbf_template_field_find(t, key) != NULL;
}

/* --- extractor declarations ---------------------------------------------- */

typedef struct field_report {
  vctx *c;
  const char *path; /* "fields[i]" */
} field_report;

static void report_field(void *arg, const char *rel, const char *message) {
  field_report *r = arg;
  char p[200];
  snprintf(p, sizeof p, "%s.%s", r->path, rel);
  violate(r->c, p, "%s", message);
}

/*
 * "extractor": {"kind": ..., "params": {...}}, checked against the field's
 * type and item keys by the rule registry; absent, the type's default kind.
 */
static void parse_extractor(vctx *c, const json_t *jf, const char *path, dbf_template_field *f) {
  char p2[200];
  snprintf(p2, sizeof p2, "%s.extractor", path);
  const json_t *je = json_object_get(jf, "extractor");
  const char *kind = NULL;
  const json_t *params = NULL;
  if (je && !json_is_null(je)) {
    if (!json_is_object(je)) {
      violate(c, p2, "must be an object with a kind and optional params");
      return;
    }
    const json_t *jk = json_object_get(je, "kind");
    params = json_object_get(je, "params");
    if (json_is_null(params))
      params = NULL;
    if (!json_is_string(jk) || json_string_length(jk) == 0) {
      violate(c, p2, "needs a kind: one of %s", dbf__rule_kind_names());
      return;
    }
    kind = json_string_value(jk);
    const char *k;
    const json_t *v;
    json_object_foreach((json_t *)je, k, v) {
      if (strcmp(k, "kind") != 0 && strcmp(k, "params") != 0) {
        char p3[240];
        snprintf(p3, sizeof p3, "%s.%.30s", p2, k);
        violate(c, p3, "unknown member; an extractor has a kind and params");
      }
    }
  } else if (f->type) {
    kind = dbf__rule_default_kind(f);
  } else {
    return;
  }
  field_report r = {c, path};
  dbf__rule_check(f, kind, params, report_field, &r);
  /* Kept even when invalid, so the check of field references still runs;
     an invalid template is freed before anyone extracts with it. */
  bool keep = json_is_object(params) && json_object_size(params) > 0;
  f->extract_kind = dbf_strdup(kind);
  f->extract_params = keep ? json_deep_copy(params) : NULL;
  if (!f->extract_kind || (keep && !f->extract_params))
    c->nomem = true;
}

/* --- sections -------------------------------------------------------------- */

static void parse_field(vctx *c, const dbf_template *t, const json_t *jf, size_t i,
                        dbf_template_field *f) {
  char path[160], p2[200];
  snprintf(path, sizeof path, "fields[%zu]", i);
  f->priority = 1.0;
  if (!json_is_object(jf)) {
    violate(c, path, "must be an object");
    return;
  }
  snprintf(p2, sizeof p2, "%s.key", path);
  char *key = NULL;
  get_str(c, jf, "key", p2, 63, true, &key);
  if (key && !key_ok(key)) {
    violate(c, p2, "'%.60s' must match ^[a-z][a-z0-9_]{0,62}$", key);
    dbf_free(key);
    key = NULL;
  } else if (key && field_known(t, key)) {
    violate(c, p2, "duplicate field key '%s'", key);
    dbf_free(key);
    key = NULL;
  }
  f->key = key;

  snprintf(p2, sizeof p2, "%s.type", path);
  const json_t *jt = json_object_get(jf, "type");
  if (!jt || json_is_null(jt))
    violate(c, p2, "is required");
  else if (!json_is_string(jt))
    violate(c, p2, "must be a string");
  else if (!(f->type = dbf_field_type_parse(json_string_value(jt))))
    violate(c, p2,
            "unknown type '%.40s'; expected text, string, number, money, date, enum, list, "
            "object_list or bool",
            json_string_value(jt));

  snprintf(p2, sizeof p2, "%s.description", path);
  get_str(c, jf, "description", p2, MAX_TEXT_LEN, false, &f->description);

  snprintf(p2, sizeof p2, "%s.label", path);
  get_str(c, jf, "label", p2, MAX_LABEL_LEN, false, &f->label);
  if (f->label && !*f->label) {
    dbf_free(f->label);
    f->label = NULL;
  }
  if (!f->label && f->key)
    f->label = default_label(f->key);

  snprintf(p2, sizeof p2, "%s.required", path);
  const json_t *jr = json_object_get(jf, "required");
  if (jr && !json_is_null(jr) && !json_is_boolean(jr))
    violate(c, p2, "must be a boolean");
  f->required = json_is_true(jr);

  snprintf(p2, sizeof p2, "%s.enum_values", path);
  get_str_array(c, jf, "enum_values", p2, MAX_ENUM_VALUES, MAX_TITLE_LEN, false, true,
                &f->enum_values, &f->n_enum_values);
  if (f->type == DBF_FIELD_ENUM && f->n_enum_values == 0)
    violate(c, p2, "an enum field needs at least one value");
  else if (f->type && f->type != DBF_FIELD_ENUM && f->n_enum_values > 0)
    violate(c, p2, "only enum fields take enum_values");

  snprintf(p2, sizeof p2, "%s.examples", path);
  get_str_array(c, jf, "examples", p2, MAX_EXAMPLES, MAX_TITLE_LEN, false, false, &f->examples,
                &f->n_examples);

  snprintf(p2, sizeof p2, "%s.ask", path);
  get_str(c, jf, "ask", p2, MAX_QUESTION_LEN, false, &f->ask);
  snprintf(p2, sizeof p2, "%s.follow_up", path);
  get_str(c, jf, "follow_up", p2, MAX_QUESTION_LEN, false, &f->follow_up);

  snprintf(p2, sizeof p2, "%s.item_keys", path);
  get_str_array(c, jf, "item_keys", p2, MAX_ITEM_KEYS, 63, true, true, &f->item_keys,
                &f->n_item_keys);
  if (f->type == DBF_FIELD_OBJECT_LIST && f->n_item_keys == 0)
    violate(c, p2, "an object_list field needs item_keys");

  snprintf(p2, sizeof p2, "%s.priority", path);
  const json_t *jp = json_object_get(jf, "priority");
  if (jp && !json_is_null(jp)) {
    if (!json_is_number(jp) || json_number_value(jp) < 0 || json_number_value(jp) > 100)
      violate(c, p2, "must be a number in [0, 100]");
    else if (json_number_value(jp) > 0)
      f->priority = json_number_value(jp);
  }
  parse_extractor(c, jf, path, f);
}

static void parse_completion(vctx *c, const json_t *def, dbf_template *t) {
  t->min_confidence = DEFAULT_MIN_CONF;
  t->max_turns = DEFAULT_MAX_TURNS;
  const json_t *jc = json_object_get(def, "completion");
  bool have_required = false;
  if (jc && !json_is_null(jc)) {
    if (!json_is_object(jc)) {
      violate(c, "completion", "must be an object");
    } else {
      const json_t *rf = json_object_get(jc, "required_fields");
      have_required = rf && !json_is_null(rf);
      get_str_array(c, jc, "required_fields", "completion.required_fields", MAX_REQUIRED, 63, false,
                    true, &t->required_fields, &t->n_required_fields);
      for (size_t i = 0; i < t->n_required_fields; i++) {
        if (!field_known(t, t->required_fields[i])) {
          char p[96];
          snprintf(p, sizeof p, "completion.required_fields[%zu]", i);
          violate(c, p, "names unknown field '%.60s'", t->required_fields[i]);
        }
      }
      const json_t *mc = json_object_get(jc, "min_confidence");
      if (mc && !json_is_null(mc)) {
        if (!json_is_number(mc) || json_number_value(mc) < 0.0 || json_number_value(mc) > 1.0)
          violate(c, "completion.min_confidence", "must be a number in [0, 1]");
        else
          t->min_confidence = json_number_value(mc);
      }
      const json_t *mt = json_object_get(jc, "max_turns");
      if (mt && !json_is_null(mt)) {
        if (!json_is_integer(mt) || json_integer_value(mt) < 1 || json_integer_value(mt) > 200)
          violate(c, "completion.max_turns", "must be an integer in [1, 200]");
        else
          t->max_turns = (int)json_integer_value(mt);
      }
    }
  }
  if (have_required || c->nomem)
    return;
  /* No explicit list: the fields flagged required. */
  size_t n = 0;
  for (size_t i = 0; i < t->n_fields; i++)
    n += t->fields[i].required && t->fields[i].key;
  if (n == 0)
    return;
  t->required_fields = dbf_calloc(n, sizeof(char *));
  if (!t->required_fields) {
    c->nomem = true;
    return;
  }
  for (size_t i = 0; i < t->n_fields; i++) {
    if (!t->fields[i].required || !t->fields[i].key)
      continue;
    if (!(t->required_fields[t->n_required_fields] = dbf_strdup(t->fields[i].key))) {
      c->nomem = true;
      return;
    }
    t->n_required_fields++;
  }
}

static void parse_summary(vctx *c, const json_t *def, dbf_template *t) {
  const json_t *js = json_object_get(def, "summary");
  if (!js || json_is_null(js))
    return;
  if (!json_is_array(js)) {
    violate(c, "summary", "must be an array of sections");
    return;
  }
  size_t n = json_array_size(js);
  if (n > MAX_SUMMARY) {
    violate(c, "summary", "has %zu sections; at most %d allowed", n, MAX_SUMMARY);
    return;
  }
  if (n == 0)
    return;
  if (!(t->summary = dbf_calloc(n, sizeof *t->summary))) {
    c->nomem = true;
    return;
  }
  t->n_summary = n;
  for (size_t i = 0; i < n; i++) {
    const json_t *s = json_array_get(js, i);
    dbf_summary_section *sec = &t->summary[i];
    char path[64], p2[96];
    snprintf(path, sizeof path, "summary[%zu]", i);
    if (!json_is_object(s)) {
      violate(c, path, "must be an object");
      continue;
    }
    snprintf(p2, sizeof p2, "%s.key", path);
    get_str(c, s, "key", p2, 63, true, &sec->key);
    if (sec->key && !key_ok(sec->key)) {
      violate(c, p2, "'%.60s' must match ^[a-z][a-z0-9_]{0,62}$", sec->key);
    } else if (sec->key) {
      for (size_t j = 0; j < i; j++)
        if (t->summary[j].key && strcmp(t->summary[j].key, sec->key) == 0) {
          violate(c, p2, "duplicate section key '%s'", sec->key);
          break;
        }
    }
    snprintf(p2, sizeof p2, "%s.title", path);
    get_str(c, s, "title", p2, MAX_TITLE_LEN, false, &sec->title);
    snprintf(p2, sizeof p2, "%s.description", path);
    get_str(c, s, "description", p2, MAX_TEXT_LEN, false, &sec->description);
  }
}

static void parse_rules(vctx *c, const json_t *def, dbf_template *t) {
  const json_t *jr = json_object_get(def, "context_rules");
  if (!jr || json_is_null(jr))
    return;
  if (!json_is_array(jr)) {
    violate(c, "context_rules", "must be an array of rules");
    return;
  }
  size_t n = json_array_size(jr);
  if (n > MAX_RULES) {
    violate(c, "context_rules", "has %zu rules; at most %d allowed", n, MAX_RULES);
    return;
  }
  if (n == 0)
    return;
  if (!(t->context_rules = dbf_calloc(n, sizeof *t->context_rules))) {
    c->nomem = true;
    return;
  }
  t->n_context_rules = n;
  for (size_t i = 0; i < n; i++) {
    const json_t *r = json_array_get(jr, i);
    dbf_context_rule *rule = &t->context_rules[i];
    char path[64], p2[96];
    snprintf(path, sizeof path, "context_rules[%zu]", i);
    if (!json_is_object(r)) {
      violate(c, path, "must be an object");
      continue;
    }
    snprintf(p2, sizeof p2, "%s.attribute", path);
    get_str(c, r, "attribute", p2, 63, true, &rule->attribute);
    snprintf(p2, sizeof p2, "%s.equals", path);
    get_str(c, r, "equals", p2, MAX_TITLE_LEN, true, &rule->equals);
    snprintf(p2, sizeof p2, "%s.boost_fields", path);
    get_str_array(c, r, "boost_fields", p2, MAX_BOOSTS, 63, false, true, &rule->boost_fields,
                  &rule->n_boost_fields);
    if (rule->n_boost_fields == 0 && json_is_array(json_object_get(r, "boost_fields")) &&
        json_array_size(json_object_get(r, "boost_fields")) == 0)
      violate(c, p2, "must name at least one field");
    else if (!json_object_get(r, "boost_fields"))
      violate(c, p2, "is required");
    for (size_t j = 0; j < rule->n_boost_fields; j++) {
      if (!field_known(t, rule->boost_fields[j])) {
        char p3[128];
        snprintf(p3, sizeof p3, "%s.boost_fields[%zu]", path, j);
        violate(c, p3, "names unknown field '%.60s'", rule->boost_fields[j]);
      }
    }
  }
}

/*
 * The optional "crm" block: {"auto_push": bool}. Completing a session of a
 * template with auto_push enqueues its CRM push in the completion's
 * transaction (docs/crm.md). Unknown members are violations, so a typo
 * never silently turns the push off.
 */
static void parse_crm(vctx *c, const json_t *def, dbf_template *t) {
  const json_t *jc = json_object_get(def, "crm");
  if (!jc || json_is_null(jc))
    return;
  if (!json_is_object(jc)) {
    violate(c, "crm", "must be an object such as {\"auto_push\": true}");
    return;
  }
  const char *k;
  const json_t *v;
  json_object_foreach((json_t *)jc, k, v) {
    if (strcmp(k, "auto_push") != 0) {
      violate(c, "crm", "has unknown member '%.60s'; the only member is auto_push", k);
    } else if (!json_is_boolean(v)) {
      violate(c, "crm.auto_push", "must be true or false");
    } else {
      t->crm_auto_push = json_is_true(v);
    }
  }
}

dbf_err dbf_template_parse(const json_t *def, dbf_template **out, dbf_violations *viol,
                           dbf_status *st) {
  vctx c = {0};
  dbf_err rc = DBF_OK;
  *out = NULL;
  if (viol) {
    viol->items = NULL;
    viol->n = 0;
  }
  dbf_template *t = dbf_calloc(1, sizeof *t);
  if (!t)
    return dbf_fail(st, DBF_ERR_NOMEM, "out of memory parsing a template");
  if (!json_is_object(def)) {
    violate(&c, "definition", "must be a JSON object");
    goto check;
  }

  get_str(&c, def, "slug", "slug", 63, true, &t->slug);
  if (t->slug && !key_ok(t->slug))
    violate(&c, "slug", "'%.60s' must match ^[a-z][a-z0-9_]{0,62}$", t->slug);
  get_str(&c, def, "title", "title", MAX_TITLE_LEN, true, &t->title);
  get_str(&c, def, "description", "description", MAX_TEXT_LEN, false, &t->description);
  get_str(&c, def, "opening", "opening", MAX_QUESTION_LEN, true, &t->opening);

  const json_t *jf = json_object_get(def, "fields");
  if (!json_is_array(jf)) {
    violate(&c, "fields", jf ? "must be an array of fields" : "is required");
  } else if (json_array_size(jf) == 0) {
    violate(&c, "fields", "must hold at least one field");
  } else if (json_array_size(jf) > MAX_FIELDS) {
    violate(&c, "fields", "has %zu fields; at most %d allowed", json_array_size(jf), MAX_FIELDS);
  } else {
    size_t n = json_array_size(jf);
    if (!(t->fields = dbf_calloc(n, sizeof *t->fields))) {
      c.nomem = true;
      goto check;
    }
    /* n_fields grows as fields parse, so duplicate detection sees only earlier ones. */
    for (size_t i = 0; i < n && !c.nomem; i++) {
      t->n_fields = i + 1;
      parse_field(&c, t, json_array_get(jf, i), i, &t->fields[i]);
    }
  }
  if (c.nomem)
    goto check;
  for (size_t i = 0; i < t->n_fields; i++) {
    char path[32];
    snprintf(path, sizeof path, "fields[%zu]", i);
    field_report r = {&c, path};
    if (t->fields[i].extract_params)
      dbf__rule_check_refs(t, &t->fields[i], report_field, &r);
  }
  parse_completion(&c, def, t);
  parse_summary(&c, def, t);
  parse_rules(&c, def, t);
  parse_crm(&c, def, t);

check:
  if (c.nomem) {
    rc = dbf_fail(st, DBF_ERR_NOMEM, "out of memory parsing a template");
    dbf_violations_free(&c.v);
    goto out;
  }
  if (c.v.n > 0) {
    rc = dbf_fail(st, DBF_ERR_INVALID, "template definition has %zu problem%s; first: %s %s", c.v.n,
                  c.v.n == 1 ? "" : "s", c.v.items[0].field, c.v.items[0].description);
    if (viol)
      *viol = c.v;
    else
      dbf_violations_free(&c.v);
    goto out;
  }
  *out = t;
  t = NULL;
out:
  dbf_template_free(t);
  return rc;
}

dbf_err dbf_template_load_file(const char *path, dbf_template **out, dbf_status *st) {
  json_error_t jerr;
  *out = NULL;
  /* Duplicate object keys would silently shadow each other; reject them. */
  json_t *def = json_load_file(path, JSON_REJECT_DUPLICATES, &jerr);
  if (!def)
    return dbf_fail(st, DBF_ERR_INVALID, "template %s: %s at line %d", path, jerr.text, jerr.line);
  dbf_err rc = dbf_template_parse(def, out, NULL, st);
  json_decref(def);
  return rc;
}

dbf_err dbf_template_load_builtin(const char *data_dir, const char *slug, dbf_template **out,
                                  dbf_status *st) {
  char path[4096];
  *out = NULL;
  if (!data_dir || !slug || !key_ok(slug))
    return dbf_fail(st, DBF_ERR_INVALID, "bad built-in template name");
  int n = snprintf(path, sizeof path, "%s/templates/%s.json", data_dir, slug);
  if (n < 0 || (size_t)n >= sizeof path)
    return dbf_fail(st, DBF_ERR_INVALID, "data directory path too long");
  dbf_err rc = dbf_template_load_file(path, out, st);
  if (!rc)
    (*out)->builtin = true;
  return rc;
}

/* --- serialisation --------------------------------------------------------- */

static json_t *str_array(char *const *s, size_t n) {
  json_t *a = json_array();
  for (size_t i = 0; a && i < n; i++)
    if (json_array_append_new(a, json_string(s[i]))) {
      json_decref(a);
      return NULL;
    }
  return a;
}

/* Sets key to a string, or to "" when s is NULL, so the document stays canonical. */
static int set_str(json_t *o, const char *key, const char *s) {
  return json_object_set_new(o, key, json_string(s ? s : ""));
}

static json_t *extractor_json(const dbf_template_field *f) {
  json_t *params = f->extract_params ? json_deep_copy(f->extract_params) : json_object();
  return json_pack("{s:s, s:o}", "kind", f->extract_kind ? f->extract_kind : "", "params", params);
}

json_t *dbf_template_to_json(const dbf_template *t) {
  if (!t)
    return NULL;
  json_t *o = json_object();
  json_t *fields = json_array();
  json_t *summary = json_array();
  json_t *rules = json_array();
  json_t *completion = json_object();
  int bad = !o || !fields || !summary || !rules || !completion;
  bad = bad || set_str(o, "slug", t->slug) || set_str(o, "title", t->title) ||
        set_str(o, "description", t->description) || set_str(o, "opening", t->opening);
  for (size_t i = 0; !bad && i < t->n_fields; i++) {
    const dbf_template_field *f = &t->fields[i];
    json_t *jf = json_object();
    bad = !jf || set_str(jf, "key", f->key) || set_str(jf, "type", dbf_field_type_name(f->type)) ||
          set_str(jf, "description", f->description) || set_str(jf, "label", f->label) ||
          json_object_set_new(jf, "required", json_boolean(f->required)) ||
          json_object_set_new(jf, "enum_values", str_array(f->enum_values, f->n_enum_values)) ||
          json_object_set_new(jf, "examples", str_array(f->examples, f->n_examples)) ||
          set_str(jf, "ask", f->ask) || set_str(jf, "follow_up", f->follow_up) ||
          json_object_set_new(jf, "item_keys", str_array(f->item_keys, f->n_item_keys)) ||
          json_object_set_new(jf, "priority", json_real(f->priority)) ||
          json_object_set_new(jf, "extractor", extractor_json(f));
    if (json_array_append_new(fields, jf))
      bad = 1;
  }
  bad = bad ||
        json_object_set_new(completion, "required_fields",
                            str_array(t->required_fields, t->n_required_fields)) ||
        json_object_set_new(completion, "min_confidence", json_real(t->min_confidence)) ||
        json_object_set_new(completion, "max_turns", json_integer(t->max_turns));
  for (size_t i = 0; !bad && i < t->n_summary; i++) {
    json_t *s = json_object();
    bad = !s || set_str(s, "key", t->summary[i].key) || set_str(s, "title", t->summary[i].title) ||
          set_str(s, "description", t->summary[i].description);
    if (json_array_append_new(summary, s))
      bad = 1;
  }
  for (size_t i = 0; !bad && i < t->n_context_rules; i++) {
    const dbf_context_rule *r = &t->context_rules[i];
    json_t *jr = json_object();
    bad = !jr || set_str(jr, "attribute", r->attribute) || set_str(jr, "equals", r->equals) ||
          json_object_set_new(jr, "boost_fields", str_array(r->boost_fields, r->n_boost_fields));
    if (json_array_append_new(rules, jr))
      bad = 1;
  }
  /* json_object_set_new steals even on failure, so each is handed over once. */
  bad = json_object_set_new(o, "fields", fields) | bad;
  bad = json_object_set_new(o, "completion", completion) | bad;
  bad = json_object_set_new(o, "summary", summary) | bad;
  bad = json_object_set_new(o, "context_rules", rules) | bad;
  /* Only when set, so the canonical form of templates without it is unchanged. */
  if (!bad && t->crm_auto_push)
    bad = json_object_set_new(o, "crm", json_pack("{s:b}", "auto_push", 1));
  if (bad) {
    json_decref(o);
    return NULL;
  }
  return o;
}
