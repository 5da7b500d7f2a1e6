/*
 * fixture.h - the shared fixture of the rule modules' unit tests
 * (tests/unit/engine/rules/test_<module>.c, one file per module of
 * server/engine/rules/): the built-in templates and lexicons, a meeting
 * subject, and helpers that run one answer through dbf_extract.
 *
 * The templates are loaded from <DEBRIEF_DATA_DIR>/templates and the
 * lexicons from <DEBRIEF_DATA_DIR>/lexicons (the source tree by default).
 */
#ifndef DBF_TESTS_ENGINE_RULES_FIXTURE_H
#define DBF_TESTS_ENGINE_RULES_FIXTURE_H

#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <cmocka.h>

#include "core/alloc.h"
#include "engine/extract.h"
#include "engine/lexicon.h"
#include "engine/template.h"

typedef struct fixture {
  dbf_lexicons *lex;
  dbf_template *sales;
  dbf_template *work;
  json_t *subject;
} fixture;

static inline const char *fx_data_dir(void) {
  const char *d = getenv("DEBRIEF_DATA_DIR");
  return d ? d : DBF_SOURCE_DIR;
}

static inline int fx_setup(void **state) {
  fixture *fx = calloc(1, sizeof(*fx));
  char path[1024];
  dbf_status st = {0};
  if (!fx || dbf_alloc_install() != 0)
    return -1;
  *state = fx;
  snprintf(path, sizeof(path), "%s/lexicons", fx_data_dir());
  if (dbf_lexicons_load(path, &fx->lex, &st) != DBF_OK)
    return -1;
  snprintf(path, sizeof(path), "%s/templates/sales_debrief.json", fx_data_dir());
  if (dbf_template_load_file(path, &fx->sales, &st) != DBF_OK)
    return -1;
  snprintf(path, sizeof(path), "%s/templates/work_experience.json", fx_data_dir());
  if (dbf_template_load_file(path, &fx->work, &st) != DBF_OK)
    return -1;
  fx->subject =
      json_pack("{s:s, s:s, s:s, s:{s:s, s:s, s:[{s:s, s:s, s:s}]}}", "kind", "meeting", "key",
                "account:northwind", "title", "Fleet tracking demo", "attributes", "meeting_type",
                "demo", "account", "Northwind Freight", "attendees", "name", "Priya Raman", "role",
                "VP Operations", "company", "Northwind Freight");
  return fx->subject ? 0 : -1;
}

static inline int fx_teardown(void **state) {
  fixture *fx = *state;
  if (!fx)
    return 0;
  dbf_lexicons_free(fx->lex);
  dbf_template_free(fx->sales);
  dbf_template_free(fx->work);
  json_decref(fx->subject);
  free(fx);
  return 0;
}

/* Extracts text as the answer to target (NULL: the opening) with record as
   what is known so far, with the meeting date 2026-10-06; returns the
   updates (json_decref them). */
static inline json_t *fx_run_with(fixture *fx, const dbf_template *tpl, const json_t *record,
                                  const char *target, const char *text) {
  const char *targets[1] = {target};
  dbf_extract_ctx ctx = {.tpl = tpl,
                         .lex = fx->lex,
                         .subject = tpl == fx->sales ? fx->subject : NULL,
                         .record = record,
                         .target_fields = target ? targets : NULL,
                         .n_target_fields = target ? 1 : 0,
                         .seq = 7,
                         .reference_date = "2026-10-06"};
  json_t *u = NULL;
  dbf_status st = {0};
  assert_int_equal(dbf_extract(&ctx, text, &u, &st), DBF_OK);
  assert_non_null(u);
  return u;
}

/* fx_run_with on an empty record. */
static inline json_t *fx_run(fixture *fx, const dbf_template *tpl, const char *target,
                             const char *text) {
  return fx_run_with(fx, tpl, NULL, target, text);
}

/* The value extracted for key, or NULL. */
static inline const json_t *fx_val(const json_t *updates, const char *key) {
  const json_t *e = json_object_get(updates, key);
  return e ? json_object_get(e, "value") : NULL;
}

/* True when list value v holds the string s (case-insensitive). */
static inline bool fx_has(const json_t *v, const char *s) {
  size_t i;
  const json_t *it;
  json_array_foreach(v, i, it) {
    if (json_is_string(it) && strcasecmp(json_string_value(it), s) == 0)
      return true;
  }
  return false;
}

/* The value of key as compact JSON for a failure message (static buffer). */
static inline const char *fx_dump(const json_t *updates, const char *key) {
  static char buf[1024];
  char *s = json_dumps(fx_val(updates, key), JSON_COMPACT | JSON_ENCODE_ANY);
  snprintf(buf, sizeof buf, "%s", s ? s : "null");
  free(s);
  return buf;
}

/* Runs text as the answer to field (NULL: the opening) and checks the
   string value stored for key: want (case-insensitive), or nothing when
   want is NULL. */
static inline void fx_expect_str(fixture *fx, const dbf_template *tpl, const char *field,
                                 const char *key, const char *text, const char *want) {
  json_t *u = fx_run(fx, tpl, field, text);
  const json_t *v = fx_val(u, key);
  if (want ? !json_is_string(v) || strcasecmp(json_string_value(v), want) != 0 : v != NULL)
    fail_msg("'%s': %s %s, want %s", text, key, fx_dump(u, key), want ? want : "none");
  json_decref(u);
}

#endif
