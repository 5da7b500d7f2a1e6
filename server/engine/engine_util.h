/*
 * engine_util.h - small helpers shared by the planner, completion, summary
 * and insight code: reading record entries and subject attributes, and
 * rendering field values as readable text. Engine-internal (dbf__ prefix).
 */
#ifndef DBF_ENGINE_ENGINE_UTIL_H
#define DBF_ENGINE_ENGINE_UTIL_H

#include <stdbool.h>
#include <stddef.h>

#include <jansson.h>

#include "core/buf.h"
#include "engine/template.h"

/* Borrowed record entry {"value","confidence",...} for key, or NULL. */
const json_t *dbf__rec_entry(const json_t *record, const char *key);
/* Borrowed value of key when present and not empty, else NULL. */
const json_t *dbf__rec_value(const json_t *record, const char *key);
/* Confidence of key's entry; -1 when the field has no usable value. */
double dbf__rec_conf(const json_t *record, const char *key);
/* True when key has a non-empty value with confidence >= min_conf. */
bool dbf__rec_filled(const json_t *record, const char *key, double min_conf);
/* Borrowed string value of key, or NULL when it is not a non-empty string. */
const char *dbf__rec_str(const json_t *record, const char *key);

/* True for null, "", whitespace-only strings, [], and objects whose members are all empty. */
bool dbf__value_empty(const json_t *v);

/*
 * Borrowed string attribute of the subject: subject.attributes[name], else
 * subject[name]. NULL when absent or not a non-empty string.
 */
const char *dbf__subject_attr(const json_t *subject, const char *name);
/* Borrowed attribute of any JSON type (same lookup order), or NULL. */
const json_t *dbf__subject_attr_json(const json_t *subject, const char *name);

/* ASCII case-insensitive equality and substring search. */
bool dbf__str_ieq(const char *a, const char *b);
bool dbf__str_icontains(const char *hay, const char *needle);

/*
 * Appends a readable rendering of v to b: lists become "a, b and c", money
 * "180,000 USD", objects "k: v" pairs, object_list items "name (role,
 * company)". Errors are the buffer's (TOO_BIG, NOMEM).
 */
dbf_err dbf__value_append_text(dbf_buf *b, const json_t *v);
/* Returns a new string (free with dbf_free) rendering v, or NULL on failure. */
char *dbf__value_text(const json_t *v);

/* Returns a new JSON string rendering v as text, or NULL when v is empty. */
json_t *dbf__value_text_json(const json_t *v);

/*
 * Appends s to b with its first letter upper-cased (cap) or lower-cased,
 * unless the first word looks like a name or acronym (second letter upper).
 */
dbf_err dbf__append_recased(dbf_buf *b, const char *s, bool cap);

/* Formats a money amount like "180,000" or "1,250.50" into out. */
void dbf__format_amount(double amount, char *out, size_t cap);

/* Items of a list value as a borrowed array (a scalar string becomes NULL). */
size_t dbf__list_len(const json_t *v);

#endif
