/*
 * schema.c - what a model's reply must look like: the JSON schema of an
 * extraction, generated from the template, the schema and the recursive
 * shape check of a summary (it must have the shape of the deterministic
 * summary of the same record, so every consumer of summaries sees one
 * shape), and the parse of a reply that must be one JSON object.
 */
#include <ctype.h>
#include <stdio.h>
#include <string.h>

#include "interview/interview_int.h"
#include "interview/interviewer.h"

/* ---- extraction schema ---- */

/*
 * Caps on what one reply may list. A small model can repeat itself until
 * it runs out of tokens, and a cut reply is no JSON at all; a grammar that
 * closes the list keeps the reply whole. More than this in one answer is
 * rare, and the rules still read everything.
 */
#define LIST_MAX_ITEMS  8 /* items of one list value */
#define OTHER_MAX_ITEMS 6 /* entries of other_fields */

json_t *dbf__iv_nullable(const char *type) {
  return json_pack("{s:[s,s]}", "type", type, "null");
}

json_t *dbf__iv_strict_object(json_t *props) {
  json_t *req = json_array();
  const char *k;
  json_t *v;
  json_object_foreach(props, k, v) {
    json_array_append_new(req, json_string(k));
  }
  return json_pack("{s:s, s:o, s:o, s:b}", "type", "object", "properties", props, "required", req,
                   "additionalProperties", 0);
}

/* A strict object of string members, one per key. */
static json_t *strings_object(char *const *keys, size_t n) {
  json_t *props = json_object();
  for (size_t i = 0; i < n; i++)
    json_object_set_new(props, keys[i], json_pack("{s:s}", "type", "string"));
  return dbf__iv_strict_object(props);
}

/*
 * The schema of a field's value, never null: a value the answer does not
 * give is empty instead ("", [], an enum's "", an amount of 0), which the
 * grounding step reads as "not stated".
 */
static json_t *value_schema(const dbf_template_field *f) {
  switch (f->type) {
    case DBF_FIELD_NUMBER:
      return json_pack("{s:s}", "type", "number");
    case DBF_FIELD_BOOL:
      return json_pack("{s:s}", "type", "boolean");
    case DBF_FIELD_ENUM: {
      json_t *e = json_array();
      for (size_t i = 0; i < f->n_enum_values; i++)
        json_array_append_new(e, json_string(f->enum_values[i]));
      json_array_append_new(e, json_string(""));
      return json_pack("{s:s, s:o}", "type", "string", "enum", e);
    }
    case DBF_FIELD_MONEY:
      return dbf__iv_strict_object(json_pack("{s:{s:s}, s:{s:s}}", "amount", "type", "number",
                                             "currency", "type", "string"));
    case DBF_FIELD_LIST:
      return json_pack("{s:s, s:{s:s}, s:i}", "type", "array", "items", "type", "string",
                       "maxItems", LIST_MAX_ITEMS);
    case DBF_FIELD_OBJECT_LIST:
      if (f->n_item_keys > 0)
        return json_pack("{s:s, s:o, s:i}", "type", "array", "items",
                         strings_object(f->item_keys, f->n_item_keys), "maxItems", LIST_MAX_ITEMS);
      return json_pack("{s:s, s:{s:s}, s:i}", "type", "array", "items", "type", "string",
                       "maxItems", LIST_MAX_ITEMS);
    case DBF_FIELD_DATE:
      if (f->n_item_keys > 0)
        return strings_object(f->item_keys, f->n_item_keys);
      break;
    case DBF_FIELD_TEXT:
    case DBF_FIELD_STRING:
      break;
  }
  return json_pack("{s:s}", "type", "string");
}

/* {"value": <value schema>, "evidence": string} (+ "field": [key] for an other field). */
static json_t *entry_schema(const dbf_template_field *f, bool named) {
  json_t *props =
      json_pack("{s:o, s:{s:s}}", "value", value_schema(f), "evidence", "type", "string");
  if (props && named)
    json_object_set_new(props, "field",
                        json_pack("{s:s, s:[s]}", "type", "string", "enum", f->key));
  return dbf__iv_strict_object(props);
}

static bool is_target(const char *const *t, size_t n, const char *key) {
  for (size_t i = 0; i < n; i++)
    if (strcmp(t[i], key) == 0)
      return true;
  return false;
}

json_t *dbf_iv_extract_schema(const dbf_template *tpl, const char *const *targets,
                              size_t n_targets) {
  json_t *props = json_object(), *others = json_array();
  if (!props || !others) {
    json_decref(props);
    json_decref(others);
    return NULL;
  }
  for (size_t i = 0; i < tpl->n_fields; i++) {
    const dbf_template_field *f = &tpl->fields[i];
    if (is_target(targets, n_targets, f->key))
      json_object_set_new(props, f->key, entry_schema(f, false));
    else
      json_array_append_new(others, entry_schema(f, true));
  }
  /* Each other field is one branch: its key fixes the shape of its value. */
  if (json_array_size(others) > 0)
    json_object_set_new(props, "other_fields",
                        json_pack("{s:s, s:{s:o}, s:i}", "type", "array", "items", "anyOf", others,
                                  "maxItems", OTHER_MAX_ITEMS));
  else
    json_decref(others);
  return dbf__iv_strict_object(props);
}

/* Parses a reply that must be exactly one JSON object (a ```json fence is tolerated). */
json_t *dbf__iv_parse_object(const char *text, dbf_status *st) {
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

/* ---- summary ---- */

/* The JSON schema of a value shaped like ref (strict-mode compatible). */
json_t *dbf__iv_shape_schema(const json_t *ref, int depth) {
  if (depth > 6)
    return json_pack("{s:s}", "type", "string");
  switch (json_typeof(ref)) {
    case JSON_OBJECT: {
      json_t *props = json_object();
      const char *k;
      json_t *v;
      json_object_foreach((json_t *)ref, k, v) {
        json_object_set_new(props, k, dbf__iv_shape_schema(v, depth + 1));
      }
      return dbf__iv_strict_object(props);
    }
    case JSON_ARRAY: {
      json_t *first = json_array_get(ref, 0);
      return json_pack("{s:s, s:o}", "type", "array", "items",
                       first ? dbf__iv_shape_schema(first, depth + 1)
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
      return dbf__iv_nullable("string");
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
  json_t *j = dbf__iv_parse_object(text, st);
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
