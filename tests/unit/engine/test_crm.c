/* test_crm.c - tests for server/engine/crm.c: mapping documents checked
 * against a template, the shipped crm/ files, and the payload. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "core/alloc.h"
#include "support/templates.h"
#include "engine/crm.h"

static dbf_err parse(const char *text, const char *target, const dbf_template *t,
                     dbf_crm_mapping **m, dbf_status *st) {
  json_error_t jerr;
  json_t *doc = json_loads(text, 0, &jerr);
  if (!doc)
    fail_msg("bad JSON: %s", jerr.text);
  dbf_err rc = dbf_crm_mapping_parse(doc, target, t, m, st);
  json_decref(doc);
  return rc;
}

static void test_mapping_is_checked_against_the_template(void **state) {
  (void)state;
  dbf_template *t = load("sales_debrief");
  dbf_crm_mapping *m = NULL;
  dbf_status st = {0};
  assert_int_equal(parse("{\"template\": \"sales_debrief\", \"target\": \"x\", \"fields\": "
                         "{\"budget\": \"Amount\", \"deal_stage\": \"Stage\"}}",
                         "x", t, &m, &st),
                   DBF_OK);
  assert_int_equal(m->n, 2);
  assert_string_equal(m->names[0], "Amount");
  assert_false(m->include_unmapped);
  dbf_crm_mapping_free(m);
  struct {
    const char *doc, *needle;
  } bad[] = {
      {"{\"template\": \"work_experience\", \"target\": \"x\", \"fields\": {\"budget\": \"A\"}}",
       "\"template\" must be \"sales_debrief\""},
      {"{\"template\": \"sales_debrief\", \"target\": \"y\", \"fields\": {\"budget\": \"A\"}}",
       "\"target\" must be \"x\""},
      {"{\"template\": \"sales_debrief\", \"target\": \"x\", \"fields\": {\"budgett\": \"A\"}}",
       "no field 'budgett'"},
      {"{\"template\": \"sales_debrief\", \"target\": \"x\", \"fields\": {\"budget\": \"\"}}",
       "CRM field name"},
      {"{\"template\": \"sales_debrief\", \"target\": \"x\", \"fields\": {\"budget\": 3}}",
       "CRM field name"},
      {"{\"template\": \"sales_debrief\", \"target\": \"x\", \"fields\": {\"budget\": \"A\", "
       "\"deal_stage\": \"A\"}}",
       "already used"},
      {"{\"template\": \"sales_debrief\", \"target\": \"x\", \"fields\": {}}", "\"fields\""},
      {"{\"template\": \"sales_debrief\", \"target\": \"x\", \"fields\": {\"budget\": \"A\"}, "
       "\"extra\": 1}",
       "unknown member 'extra'"},
      {"{\"template\": \"sales_debrief\", \"target\": \"x\", \"fields\": {\"budget\": "
       "\"deal_stage\"}, \"include_unmapped\": true}",
       "collides"},
      {"{\"template\": \"sales_debrief\", \"target\": \"x\", \"fields\": {\"budget\": \"A\"}, "
       "\"include_unmapped\": \"yes\"}",
       "include_unmapped"},
  };
  for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
    m = NULL;
    assert_int_equal(parse(bad[i].doc, "x", t, &m, &st), DBF_ERR_INVALID);
    assert_null(m);
    if (!strstr(st.msg, bad[i].needle))
      fail_msg("case %zu: '%s' lacks '%s'", i, st.msg, bad[i].needle);
  }
  dbf_template_free(t);
}

static void test_shipped_mappings_load(void **state) {
  (void)state;
  dbf_crm_mappings *m = NULL;
  dbf_status st = {0};
  assert_int_equal(dbf_crm_mappings_load(data_dir(), "hubspot", &m, &st), DBF_OK);
  const dbf_crm_mapping *s = dbf_crm_mappings_find(m, "sales_debrief");
  assert_non_null(s);
  assert_null(dbf_crm_mappings_find(m, "work_experience"));
  dbf_crm_mappings_free(m);
  /* A target with no files: every template goes out under its own keys. */
  assert_int_equal(dbf_crm_mappings_load(data_dir(), "generic", &m, &st), DBF_OK);
  assert_int_equal(m->n, 0);
  dbf_crm_mappings_free(m);
  assert_int_equal(dbf_crm_mappings_load(data_dir(), "Bad Target", &m, &st), DBF_ERR_INVALID);
  assert_false(dbf_crm_target_ok(""));
  assert_false(dbf_crm_target_ok("a/b"));
  assert_true(dbf_crm_target_ok("sales-force_2"));
}

static void test_payload(void **state) {
  (void)state;
  dbf_template *t = load("sales_debrief");
  json_t *rec = record_of("{\"budget\": {\"amount\": 180000, \"currency\": \"USD\"},"
                          " \"deal_stage\": \"proposal\","
                          " \"next_steps\": [{\"action\": \"send the quote\", \"owner\": "
                          "\"me\"}]}");
  json_t *attrs = json_pack("{s:s}", "meeting_type", "demo");
  dbf_crm_input in = {.target = "x",
                      .session_id = "0b0e2a8e-4b3c-4a43-9d59-0a7f8a1d2c3b",
                      .session_version = 7,
                      .template_slug = "sales_debrief",
                      .template_version = 1,
                      .owner_id = "u1",
                      .team_id = "t1",
                      .subject_key = "account:acme",
                      .subject_attributes = attrs,
                      .record = rec};
  dbf_status st = {0};
  json_t *p = NULL;
  /* The identity: every recorded field under its key, in template order. */
  assert_int_equal(dbf_crm_payload(t, NULL, &in, &p, &st), DBF_OK);
  assert_string_equal(json_string_value(json_object_get(p, "schema")), DBF_CRM_SCHEMA);
  json_t *fields = json_object_get(p, "fields");
  assert_int_equal(json_object_size(fields), 3);
  json_t *b = json_object_get(fields, "budget");
  assert_int_equal(json_integer_value(json_object_get(json_object_get(b, "value"), "amount")),
                   180000);
  assert_true(json_array_size(json_object_get(b, "evidence_seqs")) == 1);
  assert_int_equal(json_integer_value(json_object_get(json_object_get(p, "session"), "version")),
                   7);
  assert_int_equal(json_array_size(json_object_get(p, "next_steps")), 1);
  json_decref(p);
  /* A mapping renames, and leaves out what it does not map. */
  dbf_crm_mapping *m = NULL;
  assert_int_equal(parse("{\"template\": \"sales_debrief\", \"target\": \"x\", \"fields\": "
                         "{\"budget\": \"Amount\"}}",
                         "x", t, &m, &st),
                   DBF_OK);
  assert_int_equal(dbf_crm_payload(t, m, &in, &p, &st), DBF_OK);
  fields = json_object_get(p, "fields");
  assert_int_equal(json_object_size(fields), 1);
  assert_string_equal(json_string_value(json_object_get(json_object_get(fields, "Amount"), "key")),
                      "budget");
  json_decref(p);
  m->include_unmapped = true;
  assert_int_equal(dbf_crm_payload(t, m, &in, &p, &st), DBF_OK);
  fields = json_object_get(p, "fields");
  assert_non_null(json_object_get(fields, "Amount"));
  assert_non_null(json_object_get(fields, "deal_stage"));
  assert_null(json_object_get(fields, "budget"));
  json_decref(p);
  dbf_crm_mapping_free(m);
  json_decref(attrs);
  json_decref(rec);
  dbf_template_free(t);
}

static void test_template_crm_flag(void **state) {
  (void)state;
  dbf_template *t = load("sales_debrief");
  json_t *def = dbf_template_to_json(t);
  assert_null(json_object_get(def, "crm")); /* unchanged canonical form when unset */
  dbf_template *u = NULL;
  dbf_violations v = {0};
  dbf_status st = {0};
  json_object_set_new(def, "crm", json_pack("{s:b}", "auto_push", 1));
  assert_int_equal(dbf_template_parse(def, &u, &v, &st), DBF_OK);
  assert_true(u->crm_auto_push);
  json_t *back = dbf_template_to_json(u);
  assert_true(json_is_true(json_object_get(json_object_get(back, "crm"), "auto_push")));
  json_decref(back);
  dbf_template_free(u);
  json_object_set_new(def, "crm", json_pack("{s:s}", "auto_push", "yes"));
  assert_int_equal(dbf_template_parse(def, &u, &v, &st), DBF_ERR_INVALID);
  assert_string_equal(v.items[0].field, "crm.auto_push");
  dbf_violations_free(&v);
  json_object_set_new(def, "crm", json_pack("{s:b}", "autopush", 1));
  assert_int_equal(dbf_template_parse(def, &u, &v, &st), DBF_ERR_INVALID);
  assert_non_null(strstr(v.items[0].description, "unknown member 'autopush'"));
  dbf_violations_free(&v);
  json_decref(def);
  dbf_template_free(t);
}

/* Out-of-memory sweeps: every failure point answers NOMEM (and leaks nothing, under ASan). */
static void test_nomem(void **state) {
  (void)state;
  dbf_template *t = load("sales_debrief");
  json_t *doc =
      json_pack("{s:s, s:s, s:{s:s, s:s}, s:b}", "template", "sales_debrief", "target", "x",
                "fields", "budget", "Amount", "deal_stage", "Stage", "include_unmapped", 1);
  json_t *rec = record_of("{\"budget\": {\"amount\": 5, \"currency\": \"EUR\"},"
                          " \"deal_stage\": \"proposal\"}");
  json_t *summary = json_pack("{s:[{s:s}]}", "next_steps", "action", "call back");
  dbf_crm_input in = {.target = "x", .session_id = "s", .record = rec, .summary = summary};
  dbf_crm_mapping *m = NULL;
  dbf_status st = {0};
  bool parsed = false, built = false;
  for (long n = 0; n < 5000 && !parsed; n++) {
    dbf_alloc_fail_after(n);
    dbf_err rc = dbf_crm_mapping_parse(doc, "x", t, &m, &st);
    dbf_alloc_fail_after(-1);
    if (rc == DBF_OK)
      parsed = true;
    else
      assert_int_equal(rc, DBF_ERR_NOMEM);
  }
  for (long n = 0; parsed && n < 5000 && !built; n++) {
    json_t *p = NULL;
    dbf_alloc_fail_after(n);
    dbf_err rc = dbf_crm_payload(t, m, &in, &p, &st);
    dbf_alloc_fail_after(-1);
    if (rc == DBF_OK) {
      assert_int_equal(json_object_size(json_object_get(p, "fields")), 2);
      built = true;
    } else {
      assert_int_equal(rc, DBF_ERR_NOMEM);
      assert_null(p);
    }
    json_decref(p);
  }
  assert_true(parsed && built);
  dbf_crm_mapping_free(m);
  json_decref(summary);
  json_decref(rec);
  json_decref(doc);
  dbf_template_free(t);
}

int main(void) {
  dbf_alloc_install();
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_mapping_is_checked_against_the_template),
      cmocka_unit_test(test_shipped_mappings_load),
      cmocka_unit_test(test_payload),
      cmocka_unit_test(test_template_crm_flag),
      cmocka_unit_test(test_nomem),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
