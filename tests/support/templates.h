/*
 * templates.h - the built-in templates for the engine's unit tests: where
 * the data folder is (DEBRIEF_DATA_DIR, else the source tree) and a loaded
 * template by slug. Header-only; include cmocka.h first.
 */
#ifndef DBF_TESTS_SUPPORT_TEMPLATES_H
#define DBF_TESTS_SUPPORT_TEMPLATES_H

#include <stdlib.h>

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

#endif
