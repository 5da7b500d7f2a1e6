/*
 * registry.h - the extractor kinds a template field may declare, and the
 * check of a declaration (docs/extraction.md lists every kind and its
 * parameters). Engine-internal: template.c validates with it, extract.c
 * dispatches with it.
 *
 * A field declares its kind in the template:
 *   "extractor": {"kind": "named_list",
 *                 "params": {"lexicons": ["tools_technologies"], "unknown": "short_items"}}
 * A field without one gets the default kind of its type and item keys.
 */
#ifndef DBF_ENGINE_RULES_REGISTRY_H
#define DBF_ENGINE_RULES_REGISTRY_H

#include <stdbool.h>

#include <jansson.h>

#include "engine/template.h"

/* Called once per problem: path is relative to the field ("extractor.params.split"). */
typedef void (*dbf__rule_report_fn)(void *arg, const char *path, const char *message);

/* The kind a field gets when it declares none (never NULL). */
const char *dbf__rule_default_kind(const dbf_template_field *f);

/*
 * Checks kind and params (an object or NULL) against f's type and item
 * keys; reports each problem. Returns true when there was none. Field keys
 * named by parameters are checked by dbf__rule_check_refs once every field
 * is known.
 */
bool dbf__rule_check(const dbf_template_field *f, const char *kind, const json_t *params,
                     dbf__rule_report_fn report, void *arg);
/* Checks parameters that name other fields of t. */
bool dbf__rule_check_refs(const dbf_template *t, const dbf_template_field *f,
                          dbf__rule_report_fn report, void *arg);

/* Comma-separated list of every kind, for messages. */
const char *dbf__rule_kind_names(void);

#endif
