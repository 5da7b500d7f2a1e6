/* test_summary.c - tests for server/engine/summary.c: both built-in
 * templates summarised from hand-built records, and a user template. */
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

static void dump(const json_t *j) {
  char *s = json_dumps(j, JSON_INDENT(2));
  if (getenv("DBF_TEST_VERBOSE"))
    fprintf(stderr, "%s\n", s);
  free(s);
}

static bool text_has(const json_t *v, const char *needle) {
  char *s = json_dumps(v, JSON_ENCODE_ANY);
  bool ok = s && strstr(s, needle) != NULL;
  free(s);
  return ok;
}

static const char *SALES =
    "{\"meeting_outcome\": \"They liked the live map; Priya wants a pilot on 40 trucks.\","
    " \"attendees\": [{\"name\": \"Priya Raman\", \"role\": \"VP Operations\", \"company\": "
    "\"Northwind Freight\"}, {\"name\": \"Tom Becker\", \"role\": \"IT lead\"}],"
    " \"customer_needs\": [\"real-time location for dispatchers\", \"fewer customer calls\"],"
    " \"objections\": [\"SAP integration\", \"price per truck\"],"
    " \"competitors\": [\"Samsara\"],"
    " \"budget\": {\"amount\": 180000, \"currency\": \"USD\"},"
    " \"decision_timeline\": \"2026-11-30\","
    " \"decision_makers\": [\"Priya Raman\", \"Alan Moore\"],"
    " \"deal_stage\": \"proposal\","
    " \"next_steps\": [{\"action\": \"send pilot proposal\", \"owner\": \"me\", \"due\": "
    "\"2026-10-09\"}, {\"action\": \"share SAP API docs\", \"owner\": \"Tom Becker\"}],"
    " \"sentiment\": \"positive\","
    " \"products_discussed\": [\"Fleet Tracker\", \"ETA Alerts\"]}";

static void test_sales_summary(void **state) {
  (void)state;
  dbf_template *t = load("sales_debrief");
  json_t *rec = record_of(SALES);
  json_t *subject =
      json_pack("{s:s, s:s, s:s, s:{s:s, s:s, s:s}}", "kind", "meeting", "key", "account:northwind",
                "title", "Fleet tracking demo", "attributes", "meeting_type", "demo", "account",
                "Northwind Freight", "occurred_at", "2026-10-06T14:00:00Z");
  json_t *sum = dbf_summarize(t, rec, subject);
  assert_non_null(sum);
  dump(sum);
  for (size_t i = 0; i < t->n_summary; i++)
    assert_non_null(json_object_get(sum, t->summary[i].key));
  const json_t *crm = json_object_get(sum, "crm_payload");
  assert_string_equal(json_string_value(json_object_get(crm, "account")), "Northwind Freight");
  assert_string_equal(json_string_value(json_object_get(crm, "opportunity_stage")), "proposal");
  assert_int_equal(json_integer_value(json_object_get(crm, "amount")), 180000);
  assert_string_equal(json_string_value(json_object_get(crm, "currency")), "USD");
  assert_string_equal(json_string_value(json_object_get(crm, "close_date")), "2026-11-30");
  assert_string_equal(json_string_value(json_object_get(crm, "sentiment")), "positive");
  const json_t *contacts = json_object_get(crm, "contacts");
  assert_int_equal(json_array_size(contacts), 3); /* two attendees + the CFO */
  assert_true(json_is_true(json_object_get(json_array_get(contacts, 0), "decision_maker")));
  assert_true(text_has(contacts, "Alan Moore"));
  const json_t *steps = json_object_get(crm, "next_steps");
  assert_int_equal(json_array_size(steps), 2);
  assert_string_equal(json_string_value(json_object_get(json_array_get(steps, 0), "due")),
                      "2026-10-09");
  assert_true(json_is_null(json_object_get(json_array_get(steps, 1), "due")));
  assert_true(text_has(json_object_get(crm, "competitors"), "Samsara"));
  assert_true(text_has(json_object_get(crm, "products"), "ETA Alerts"));
  assert_true(text_has(json_object_get(crm, "notes"), "pilot"));
  assert_true(text_has(json_object_get(sum, "risks"), "SAP integration"));
  assert_true(text_has(json_object_get(sum, "overview"), "Northwind Freight"));
  json_decref(sum);

  /* An empty record invents nothing. */
  json_t *empty = json_object();
  sum = dbf_summarize(t, empty, NULL);
  crm = json_object_get(sum, "crm_payload");
  assert_true(json_is_null(json_object_get(crm, "amount")));
  assert_true(json_is_null(json_object_get(crm, "account")));
  assert_int_equal(json_array_size(json_object_get(crm, "contacts")), 0);
  json_decref(sum);
  json_decref(empty);
  json_decref(subject);
  json_decref(rec);
  dbf_template_free(t);
}

static const char *WORK =
    "{\"role_title\": \"Senior Backend Engineer\", \"company\": \"Ledgerly\","
    " \"timeline\": {\"start\": \"2020-03\", \"end\": \"2024-06\"},"
    " \"team_context\": \"team of six engineers, reporting to the CTO\","
    " \"responsibilities\": [\"I owned the settlement service and the on-call rotation\"],"
    " \"technical_skills\": [\"Go\", \"PostgreSQL\", \"distributed systems\"],"
    " \"tools_technologies\": [\"Kafka\", \"Kubernetes\"],"
    " \"soft_skills\": [\"mentoring\", \"incident reviews\"],"
    " \"achievements\": [\"I rewrote settlement batching so payouts went from daily to hourly\"],"
    " \"impact_metrics\": [{\"metric\": \"settlement latency\", \"value\": \"85%\"},"
    "                      {\"metric\": \"failed payouts\", \"value\": \"0.3%\"}],"
    " \"challenges\": [\"migrating off a legacy MySQL ledger without downtime\"]}";

static void test_work_summary(void **state) {
  (void)state;
  dbf_template *t = load("work_experience");
  json_t *rec = record_of(WORK);
  json_t *sum = dbf_summarize(t, rec, NULL);
  assert_non_null(sum);
  dump(sum);
  const json_t *star = json_object_get(sum, "interview_story");
  static const char *const parts[] = {"situation", "task", "action", "result"};
  for (size_t i = 0; i < 4; i++)
    assert_true(json_is_string(json_object_get(star, parts[i])));
  assert_true(text_has(json_object_get(star, "situation"), "MySQL"));
  assert_true(text_has(json_object_get(star, "action"), "rewrote settlement batching"));
  assert_true(text_has(json_object_get(star, "result"), "85%"));
  const json_t *bullets = json_object_get(sum, "resume_bullets");
  assert_true(json_array_size(bullets) >= 2);
  const char *b0 = json_string_value(json_array_get(bullets, 0));
  assert_non_null(strstr(b0, "85%"));
  assert_true(strncmp(b0, "Rewrote", 7) == 0);
  assert_true(text_has(bullets, "0.3%"));
  assert_true(text_has(bullets, "Owned the settlement service"));
  const json_t *skills = json_object_get(sum, "skills_identified");
  assert_int_equal(json_array_size(json_object_get(skills, "technical_skills")), 3);
  assert_int_equal(json_array_size(json_object_get(skills, "tools_technologies")), 2);
  assert_int_equal(json_array_size(json_object_get(skills, "soft_skills")), 2);
  assert_string_equal(json_string_value(json_object_get(json_object_get(sum, "timeline"), "end")),
                      "2024-06");
  assert_true(text_has(json_object_get(sum, "narrative_summary"), "Ledgerly"));
  assert_true(text_has(json_object_get(sum, "key_achievements"), "settlement latency"));
  assert_true(text_has(json_object_get(sum, "role_context"), "CTO"));
  json_decref(sum);

  /* The task reads as a sentence whatever the shape of the phrase: a verb
   * gets "I", a gerund or a noun phrase "I was responsible for". */
  static const struct {
    const char *resp, *task;
  } shapes[] = {
      {"building pipelines into the warehouse",
       "I was responsible for building pipelines into the warehouse."},
      {"the billing platform and its on-call",
       "I was responsible for the billing platform and its on-call."},
      {"Our data quality checks", "I was responsible for our data quality checks."},
      {"built the ETL jobs", "I built the ETL jobs."},
      {"lead a team of four", "I lead a team of four."},
      {"I ran the migration", "I ran the migration."},
  };
  for (size_t i = 0; i < DBF_ARRAY_LEN(shapes); i++) {
    char doc[256];
    snprintf(doc, sizeof doc, "{\"responsibilities\": [\"%s\"]}", shapes[i].resp);
    json_t *r = record_of(doc);
    sum = dbf_summarize(t, r, NULL);
    assert_string_equal(
        json_string_value(json_object_get(json_object_get(sum, "interview_story"), "task")),
        shapes[i].task);
    json_decref(sum);
    json_decref(r);
  }

  /* A sparse record: the story is partial, never made up. */
  json_t *sparse = record_of("{\"role_title\": \"Designer\"}");
  sum = dbf_summarize(t, sparse, NULL);
  star = json_object_get(sum, "interview_story");
  assert_true(json_is_null(json_object_get(star, "result")));
  assert_int_equal(json_array_size(json_object_get(sum, "resume_bullets")), 0);
  json_decref(sum);
  json_decref(sparse);
  json_decref(rec);
  dbf_template_free(t);
}

static void test_user_template_summary(void **state) {
  (void)state;
  json_error_t jerr;
  json_t *def = json_loads(
      "{\"slug\":\"retro\",\"title\":\"Sprint retro\",\"opening\":\"How was the sprint?\","
      "\"fields\":[{\"key\":\"went_well\",\"type\":\"list\",\"required\":true},"
      "{\"key\":\"risks_seen\",\"type\":\"list\",\"description\":\"Risks for the next sprint\"},"
      "{\"key\":\"owner\",\"type\":\"string\"}],"
      "\"summary\":[{\"key\":\"went_well\"},{\"key\":\"risks\"},{\"key\":\"everything\"}]}",
      0, &jerr);
  dbf_template *t = NULL;
  dbf_status st = {0};
  assert_int_equal(dbf_template_parse(def, &t, NULL, &st), DBF_OK);
  json_t *rec = record_of("{\"went_well\": [\"demo\"], \"risks_seen\": [\"holidays\"], "
                          "\"owner\": \"Kim\"}");
  json_t *sum = dbf_summarize(t, rec, NULL);
  dump(sum);
  assert_true(text_has(json_object_get(sum, "went_well"), "demo"));
  assert_true(text_has(json_object_get(sum, "risks"), "holidays"));
  assert_true(text_has(json_object_get(sum, "everything"), "Kim"));
  json_decref(sum);
  json_decref(rec);
  json_decref(def);
  dbf_template_free(t);
}

int main(void) {
  dbf_alloc_install();
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_sales_summary),
      cmocka_unit_test(test_work_summary),
      cmocka_unit_test(test_user_template_summary),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
