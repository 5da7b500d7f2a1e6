/*
 * template.h - declarative interview definitions (docs/protocol.md, section 1).
 *
 * The canonical form of a template is a JSON document (templates/<slug>.json,
 * and the templates.definition column):
 *
 *   { "slug": "sales_debrief", "title": "...", "description": "...",
 *     "opening": "...",
 *     "fields": [ { "key": "budget", "label": "Budget", "type": "money", "description": "...",
 *                   "required": true, "enum_values": [], "examples": [],
 *                   "ask": "...", "follow_up": "...",
 *                   "item_keys": ["amount","currency"], "priority": 1.0,
 *                   "extractor": {"kind": "money", "params": {}} } ],
 *     "completion": { "required_fields": [...], "min_confidence": 0.6, "max_turns": 20 },
 *     "summary": [ { "key": "...", "title": "...", "description": "..." } ],
 *     "context_rules": [ { "attribute": "meeting_type", "equals": "negotiation",
 *                          "boost_fields": ["budget","decision_makers"] } ],
 *     "crm": { "auto_push": false } }
 *
 * A field's label (at most 80 characters) is how people read it; without
 * one it is the key as words ("tools_technologies" -> "Tools technologies").
 * Field types are the lowercase names of dbf_field_type. The version is not
 * part of the document; the store assigns it.
 */
#ifndef DBF_ENGINE_TEMPLATE_H
#define DBF_ENGINE_TEMPLATE_H

#include <stdbool.h>
#include <stddef.h>

#include <jansson.h>

#include "core/err.h"

typedef enum dbf_field_type {
  DBF_FIELD_TEXT = 1,
  DBF_FIELD_STRING,
  DBF_FIELD_NUMBER,
  DBF_FIELD_MONEY,
  DBF_FIELD_DATE,
  DBF_FIELD_ENUM,
  DBF_FIELD_LIST,
  DBF_FIELD_OBJECT_LIST,
  DBF_FIELD_BOOL,
} dbf_field_type;

typedef struct dbf_template_field {
  char *key;
  dbf_field_type type;
  char *description;
  bool required;
  char **enum_values;
  size_t n_enum_values;
  char **examples;
  size_t n_examples;
  char *label; /* how people read the field; the key as words when not given */
  char *ask;
  char *follow_up;
  char **item_keys;
  size_t n_item_keys;
  double priority; /* default 1.0 */
  /* How the rule extractor reads answers for this field: a kind
     (engine/rules/registry.h; never NULL after parsing, defaulted from the
     type) and its parameters (an object, owned; NULL when none). */
  char *extract_kind;
  json_t *extract_params;
} dbf_template_field;

typedef struct dbf_context_rule {
  char *attribute;
  char *equals;
  char **boost_fields;
  size_t n_boost_fields;
} dbf_context_rule;

typedef struct dbf_summary_section {
  char *key;
  char *title;
  char *description;
} dbf_summary_section;

typedef struct dbf_template {
  char *slug;
  int version; /* 0 until stored */
  char *title;
  char *description;
  char *opening;
  dbf_template_field *fields;
  size_t n_fields;
  char **required_fields; /* completion.required_fields, defaulted from required flags */
  size_t n_required_fields;
  double min_confidence; /* default 0.6 */
  int max_turns;         /* default 25 */
  dbf_summary_section *summary;
  size_t n_summary;
  dbf_context_rule *context_rules;
  size_t n_context_rules;
  bool builtin;
  bool crm_auto_push; /* "crm": {"auto_push": true}: push to the CRM on completion */
} dbf_template;

/* One problem in a definition, e.g. {"fields[2].type", "unknown type 'moneyy'"}. */
typedef struct dbf_violation {
  char field[128];
  char description[256];
} dbf_violation;

typedef struct dbf_violations {
  dbf_violation *items; /* owned */
  size_t n;
} dbf_violations;

/*
 * Parses and validates a definition. On success *out is a new template the
 * caller frees with dbf_template_free. When the definition is invalid,
 * returns DBF_ERR_INVALID, fills viol (if non-NULL; free with
 * dbf_violations_free) with every problem found, and st with a summary.
 * Borrows def.
 */
dbf_err dbf_template_parse(const json_t *def, dbf_template **out, dbf_violations *viol,
                           dbf_status *st);
/* Reads and parses a template file. */
dbf_err dbf_template_load_file(const char *path, dbf_template **out, dbf_status *st);
/*
 * Loads <data_dir>/templates/<slug>.json and marks it builtin. *out is a new
 * template the caller frees with dbf_template_free.
 */
dbf_err dbf_template_load_builtin(const char *data_dir, const char *slug, dbf_template **out,
                                  dbf_status *st);
/* Returns a new reference to the canonical JSON definition of t. */
json_t *dbf_template_to_json(const dbf_template *t);
/* Borrowed pointer to field key, or NULL. */
const dbf_template_field *dbf_template_field_find(const dbf_template *t, const char *key);
/*
 * Whether v has the shape of a value of f that a person may set (an edit):
 * the record's value shapes (engine/extract.h) by f's type, strictly for
 * money, numbers, booleans, enums, lists and date spans; object lists take
 * items as objects of the item keys or as text. On false, why (n bytes)
 * says what f takes, for a message; on true it is empty.
 */
bool dbf_template_value_fits(const dbf_template_field *f, const json_t *v, char *why, size_t n);
const char *dbf_field_type_name(dbf_field_type t);
/* 0 when s is not a known type name. */
dbf_field_type dbf_field_type_parse(const char *s);
void dbf_template_free(dbf_template *t);
void dbf_violations_free(dbf_violations *v);

#endif
