/* test_insights.c - tests for server/engine/insights.c: risks,
 * opportunities, next-step and coaching insights, and open items. */
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
#include "engine/engine.h"

/* The first insight of kind whose text contains needle, or NULL. */
static const json_t *find(const json_t *arr, const char *kind, const char *needle) {
  size_t i;
  const json_t *it;
  json_array_foreach(arr, i, it) {
    const char *k = json_string_value(json_object_get(it, "kind"));
    const char *t = json_string_value(json_object_get(it, "text"));
    if (k && t && strcmp(k, kind) == 0 && strstr(t, needle))
      return it;
  }
  return NULL;
}

static void dump(const json_t *j) {
  if (!getenv("DBF_TEST_VERBOSE"))
    return;
  char *s = json_dumps(j, JSON_INDENT(2));
  fprintf(stderr, "%s\n", s);
  free(s);
}

static void test_sales_insights(void **state) {
  (void)state;
  dbf_template *t = load("sales_debrief");
  json_t *rec = record_of(
      "{\"meeting_outcome\": \"They want a pilot on 40 trucks.\","
      " \"objections\": [\"SAP integration\", \"price per truck\"],"
      " \"competitors\": [\"Samsara\"],"
      " \"budget\": {\"amount\": 180000, \"currency\": \"USD\"},"
      " \"sentiment\": \"positive\","
      " \"next_steps\": [{\"action\": \"send pilot proposal\", \"owner\": \"me\", \"due\": "
      "\"2026-10-09\"}, {\"action\": \"share SAP API docs\", \"owner\": \"Tom Becker\"},"
      " {\"action\": \"book a workshop\"}]}");
  json_t *subject = json_pack("{s:{s:s}}", "attributes", "occurred_at", "2026-10-06T14:00:00Z");
  json_t *ins = dbf_derive_insights(t, rec, subject);
  dump(ins);
  assert_non_null(find(ins, "risk", "SAP integration"));
  assert_non_null(find(ins, "risk", "price per truck"));
  assert_non_null(find(ins, "risk", "Samsara"));
  assert_non_null(find(ins, "risk", "No decision maker"));
  assert_non_null(find(ins, "risk", "timeline is unknown"));
  assert_null(find(ins, "risk", "No budget"));
  assert_non_null(find(ins, "opportunity", "180,000 USD"));
  assert_non_null(find(ins, "opportunity", "positive"));
  assert_non_null(find(ins, "opportunity", "pilot"));
  assert_null(find(ins, "next_step", "send pilot proposal"));
  assert_non_null(find(ins, "next_step", "Set a due date for \"share SAP API docs\""));
  assert_non_null(find(ins, "next_step", "owner and a due date for \"book a workshop\""));
  const json_t *c = find(ins, "coaching", "decision process");
  assert_non_null(c);
  assert_int_equal(json_array_size(json_object_get(c, "source_fields")), 2);
  size_t i;
  const json_t *it;
  json_array_foreach(ins, i, it) {
    double conf = json_real_value(json_object_get(it, "confidence"));
    assert_true(conf > 0.0 && conf <= 1.0);
  }
  json_decref(ins);

  /* Negative sentiment, no budget, a decision far away. */
  json_t *bad = record_of("{\"sentiment\": \"negative\", \"decision_timeline\": \"2027-09-01\","
                          " \"decision_makers\": [\"Alan Moore\"]}");
  ins = dbf_derive_insights(t, bad, subject);
  dump(ins);
  assert_non_null(find(ins, "risk", "negative"));
  assert_non_null(find(ins, "risk", "No budget"));
  assert_non_null(find(ins, "risk", "Long decision timeline"));
  assert_null(find(ins, "risk", "No decision maker"));
  assert_non_null(find(ins, "coaching", "budget"));
  json_decref(ins);
  json_decref(bad);
  json_decref(subject);
  json_decref(rec);
  dbf_template_free(t);
}

static void test_open_items(void **state) {
  (void)state;
  dbf_template *t = load("sales_debrief");
  json_t *rec = record_of("{\"objections\": [\"SAP integration\"],"
                          " \"next_steps\": [{\"action\": \"Send the proposal\", \"owner\": "
                          "\"me\", \"due\": \"2026-03-01\"}, {\"action\": \"share API docs\", "
                          "\"owner\": \"Tom Becker\", \"due\": \"next week\"}]}");
  json_t *items = dbf_open_items(t, rec, NULL, "2026-02-23");
  dump(items);
  const char *texts[8] = {0};
  size_t n = json_array_size(items);
  assert_true(n >= 4);
  for (size_t i = 0; i < n && i < 8; i++) {
    const json_t *it = json_array_get(items, i);
    assert_true(json_is_string(json_object_get(it, "field_key")));
    texts[i] = json_string_value(json_object_get(it, "text"));
  }
  assert_string_equal(texts[0], "You planned to send the proposal by 2026-03-01");
  assert_string_equal(texts[1], "Tom Becker was to share API docs by next week, as of 2026-02-23");
  bool budget = false, concern = false;
  for (size_t i = 0; i < n && i < 8; i++) {
    budget = budget || strstr(texts[i], "budget was not confirmed");
    concern = concern || strstr(texts[i], "concern: SAP integration");
  }
  assert_true(budget);
  assert_true(concern);

  /* The open items read naturally in the next session's opening. */
  dbf_plan_input in = {.tpl = t, .open_items = items};
  dbf_question_plan q;
  dbf_status st = {0};
  assert_int_equal(dbf_plan_opening(&in, &q, &st), DBF_OK);
  assert_non_null(strstr(q.text, "Last time, you planned to send the proposal by 2026-03-01. "
                                 "Did that happen?"));
  json_decref(items);
  /* Without the meeting's date the phrase stays as said. */
  items = dbf_open_items(t, rec, NULL, NULL);
  assert_string_equal(json_string_value(json_object_get(json_array_get(items, 1), "text")),
                      "Tom Becker was to share API docs by next week");
  json_decref(items);
  json_decref(rec);
  dbf_template_free(t);
}

static void test_work_insights(void **state) {
  (void)state;
  dbf_template *t = load("work_experience");
  json_t *rec = record_of("{\"role_title\": \"Engineer\", \"challenges\": [\"a legacy "
                          "migration\"], \"achievements\": [\"shipped v2\"]}");
  json_t *ins = dbf_derive_insights(t, rec, NULL);
  dump(ins);
  assert_non_null(find(ins, "coaching", "Quantify"));
  assert_non_null(find(ins, "opportunity", "legacy migration"));
  assert_null(find(ins, "risk", "budget")); /* no sales rules on other templates */
  json_decref(ins);
  json_decref(rec);
  dbf_template_free(t);
}

int main(void) {
  dbf_alloc_install();
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_sales_insights),
      cmocka_unit_test(test_open_items),
      cmocka_unit_test(test_work_insights),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
