/*
 * templates.h - the built-in templates for the engine's unit tests: where
 * the data folder is (DEBRIEF_DATA_DIR, else the source tree), a loaded
 * template by slug, and a record built from plain values. Header-only;
 * include cmocka.h first.
 */
#ifndef DBF_TESTS_SUPPORT_TEMPLATES_H
#define DBF_TESTS_SUPPORT_TEMPLATES_H

#include <stdlib.h>

#include <jansson.h>

#include "engine/template.h"

static inline const char *data_dir(void) {
  const char *d = getenv("DEBRIEF_DATA_DIR");
  return d && *d ? d : DBF_SOURCE_DIR;
}

/* The built-in template slug; fails the running test when it cannot load. Free with
 * dbf_template_free. */
static inline dbf_template *load(const char *slug) {
  dbf_template *t = NULL;
  dbf_status st = {0};
  if (dbf_template_load_builtin(data_dir(), slug, &t, &st))
    fail_msg("%s: %s", slug, st.msg);
  return t;
}

/*
 * Wraps {"field": value, ...} (JSON text) into record entries as the rule
 * extractor makes them: confidence 0.9, from message 2. A new reference;
 * fails the running test on bad JSON.
 */
static inline json_t *record_of(const char *values) {
  json_error_t jerr;
  json_t *v = json_loads(values, 0, &jerr);
  if (!v)
    fail_msg("bad JSON: %s", jerr.text);
  json_t *rec = json_object();
  const char *k;
  json_t *x;
  json_object_foreach(v, k, x) {
    json_object_set_new(rec, k,
                        json_pack("{s:O, s:f, s:i, s:s}", "value", x, "confidence", 0.9,
                                  "evidence_seq", 2, "source", "rule"));
  }
  json_decref(v);
  return rec;
}

#endif
