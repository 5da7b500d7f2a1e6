/*
 * test_interviewer.c - tests for server/interview/ (interviewer.c, schema.c, ground.c,
 * reconcile.c): the extraction schema (targets required, never null; other fields with
 * evidence), grounding (values the answer does not support are dropped, and counted by
 * reason), the merge policy against the rules' values, strict JSON parsing, summary shape
 * validation, and whole calls through the fake provider server.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "core/clock.h"
#include "core/alloc.h"
#include "core/buf.h"
#include "core/log.h"
#include "engine/engine.h"
#include "fake_llm.h"
#include "interview/interviewer.h"

static dbf_fake_llm fake;
static dbf_template *sales, *work;

static const char answer[] =
    "Went well. We met Dana Lee, their CFO, and Raj from procurement at Acme. Budget is $180k "
    "and they want to sign by November 30th. They were pretty excited about the analytics "
    "add-on. Main concern was the SSO integration, and Globex is also in the running.";

static const json_t *upd(const json_t *u, const char *k) {
  return json_object_get(json_object_get(u, k), "value");
}

static const char *const sales_targets[] = {"budget", "attendees"};

static void test_schema_shape(void **state) {
  (void)state;
  json_t *s = dbf_iv_extract_schema(sales, sales_targets, 2);
  assert_non_null(s);
  assert_string_equal(json_string_value(json_object_get(s, "type")), "object");
  assert_true(json_is_false(json_object_get(s, "additionalProperties")));
  json_t *props = json_object_get(s, "properties");
  /* Only the targets, and the list of other fields. */
  assert_int_equal(json_object_size(props), 3);
  assert_int_equal(json_array_size(json_object_get(s, "required")), 3);
  json_t *budget = json_object_get(props, "budget");
  assert_int_equal(json_array_size(json_object_get(budget, "required")), 2); /* value, evidence */
  json_t *bv = json_object_get(json_object_get(budget, "properties"), "value");
  /* Never nullable: a plain object type, not ["object", "null"]. */
  assert_string_equal(json_string_value(json_object_get(bv, "type")), "object");
  assert_non_null(json_object_get(json_object_get(bv, "properties"), "currency"));
  json_t *att =
      json_object_get(json_object_get(json_object_get(props, "attendees"), "properties"), "value");
  assert_string_equal(json_string_value(json_object_get(att, "type")), "array");
  assert_int_equal(json_array_size(json_object_get(json_object_get(att, "items"), "required")), 3);
  /* One branch per other field, its key fixed and its value typed. */
  json_t *any =
      json_object_get(json_object_get(json_object_get(props, "other_fields"), "items"), "anyOf");
  assert_int_equal(json_array_size(any), sales->n_fields - 2);
  size_t i;
  json_t *br;
  bool saw_stage = false;
  json_array_foreach(any, i, br) {
    json_t *bp = json_object_get(br, "properties");
    const char *key =
        json_string_value(json_array_get(json_object_get(json_object_get(bp, "field"), "enum"), 0));
    assert_non_null(key);
    assert_true(strcmp(key, "budget") != 0 && strcmp(key, "attendees") != 0);
    if (strcmp(key, "deal_stage") == 0) {
      saw_stage = true;
      json_t *en = json_object_get(json_object_get(bp, "value"), "enum");
      assert_int_equal(json_array_size(en), 8); /* seven stages and "" for not stated */
    }
  }
  assert_true(saw_stage);
  json_decref(s);
  /* The opening has no targets: every field is an other field. */
  s = dbf_iv_extract_schema(sales, NULL, 0);
  props = json_object_get(s, "properties");
  assert_int_equal(json_object_size(props), 1);
  any = json_object_get(json_object_get(json_object_get(props, "other_fields"), "items"), "anyOf");
  assert_int_equal(json_array_size(any), sales->n_fields);
  json_decref(s);
}

static dbf_err parse(const dbf_template *t, const json_t *subject, const char *ans,
                     const char *const *targets, size_t n, const char *model, json_t **u,
                     dbf_iv_counts *counts) {
  dbf_status st = {0};
  return dbf_iv_parse_extraction(t, subject, ans, 7, targets, n, model, u, counts, &st);
}

/* Parses model against ans for the sales template; returns how many fields were kept. */
static size_t kept_of(const char *ans, const char *const *t, size_t n_t, const char *model,
                      dbf_iv_counts *n) {
  json_t *u = NULL;
  assert_int_equal(parse(sales, NULL, ans, t, n_t, model, &u, n), DBF_OK);
  size_t k = json_object_size(u);
  json_decref(u);
  return k;
}

static void test_extraction_accepts_supported_values(void **state) {
  (void)state;
  const char *model =
      "{\"attendees\": {\"value\": [{\"name\": \"Dana Lee\", \"role\": \"CFO\", \"company\": "
      "\"Acme\"}, {\"name\": \"Raj\", \"role\": \"procurement\", \"company\": \"\"}], "
      "\"evidence\": \"We met Dana Lee, their CFO, and Raj from procurement at Acme\"},"
      " \"budget\": {\"value\": {\"amount\": 180000, \"currency\": \"usd\"}, \"evidence\": "
      "\"Budget is $180k\"},"
      " \"other_fields\": ["
      "  {\"field\": \"decision_timeline\", \"value\": \"2026-11-30\", \"evidence\": \"sign by "
      "November 30th\"},"
      "  {\"field\": \"sentiment\", \"value\": \"positive\", \"evidence\": \"pretty excited\"},"
      "  {\"field\": \"competitors\", \"value\": [\"Globex\"], \"evidence\": \"Globex is also in "
      "the running\"},"
      "  {\"field\": \"objections\", \"value\": [\"SSO integration\"], \"evidence\": \"Main "
      "concern was the SSO integration\"},"
      "  {\"field\": \"products_discussed\", \"value\": [\"analytics add-on\"], \"evidence\": "
      "\"the analytics add-on\"},"
      "  {\"field\": \"deal_stage\", \"value\": \"\", \"evidence\": \"\"}]}";
  json_t *u = NULL;
  dbf_iv_counts n;
  assert_int_equal(parse(sales, NULL, answer, sales_targets, 2, model, &u, &n), DBF_OK);
  /* deal_stage said "not stated": not a proposal. */
  assert_int_equal(n.proposed, 7);
  assert_int_equal(n.grounded, 7);
  assert_int_equal(dbf_iv_counts_dropped(&n), 0);
  assert_int_equal(json_object_size(u), 7);
  const json_t *b = json_object_get(u, "budget");
  assert_int_equal(json_integer_value(json_object_get(b, "evidence_seq")), 7);
  assert_string_equal(json_string_value(json_object_get(b, "source")), "llm");
  assert_true(json_is_true(json_object_get(b, "targeted")));
  assert_true(json_is_false(json_object_get(json_object_get(u, "sentiment"), "targeted")));
  /* Tentative: below the rules' lowest confidence and the planner's bar. */
  assert_true(json_real_value(json_object_get(b, "confidence")) < 0.45);
  assert_true(json_number_value(json_object_get(upd(u, "budget"), "amount")) == 180000);
  assert_string_equal(json_string_value(json_object_get(upd(u, "budget"), "currency")), "USD");
  assert_int_equal(json_array_size(upd(u, "attendees")), 2);
  assert_string_equal(json_string_value(upd(u, "sentiment")), "positive");
  assert_string_equal(json_string_value(upd(u, "decision_timeline")), "2026-11-30");
  json_decref(u);
}

/* A bare amount is in the subject's currency on the model path too, as on
 * the rule path; a currency the answer names is checked with the same words. */
static void test_extraction_currency_follows_the_subject(void **state) {
  (void)state;
  json_t *eur = json_pack("{s:s, s:{s:s}}", "kind", "meeting", "attributes", "currency", "EUR");
  const char *bare = "Budget is around 80k a year.";
  const char *as_eur = "{\"budget\": {\"value\": {\"amount\": 80000, \"currency\": \"EUR\"}, "
                       "\"evidence\": \"around 80k\"}}";
  const char *as_usd = "{\"budget\": {\"value\": {\"amount\": 80000, \"currency\": \"USD\"}, "
                       "\"evidence\": \"around 80k\"}}";
  struct {
    const json_t *subject;
    const char *answer, *model;
    size_t kept;
  } cases[] = {
      {eur, bare, as_eur, 1},  /* the subject's currency */
      {eur, bare, as_usd, 0},  /* not USD: the subject says EUR */
      {NULL, bare, as_usd, 1}, /* no subject currency: USD */
      {NULL, bare, as_eur, 0},
      {NULL, "About 80k kronor.",
       "{\"budget\": {\"value\": {\"amount\": 80000, "
       "\"currency\": \"SEK\"}, \"evidence\": \"80k kronor\"}}",
       1},
      {eur, "About 80k dollars.",
       "{\"budget\": {\"value\": {\"amount\": 80000, "
       "\"currency\": \"USD\"}, \"evidence\": \"80k dollars\"}}",
       1}, /* named beats the default */
  };
  const char *const t[] = {"budget"};
  for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
    json_t *u = NULL;
    dbf_iv_counts n;
    assert_int_equal(parse(sales, cases[i].subject, cases[i].answer, t, 1, cases[i].model, &u, &n),
                     DBF_OK);
    if (json_object_size(u) != cases[i].kept)
      fail_msg("case %zu kept %zu", i, json_object_size(u));
    json_decref(u);
  }
  json_decref(eur);
}

static void test_extraction_drops_unsupported_values(void **state) {
  (void)state;
  const char *model =
      "{\"competitors\": {\"value\": [\"Globex\", \"Initech\"], \"evidence\": \"Globex is also in "
      "the running\"},"
      " \"other_fields\": ["
      "  {\"field\": \"budget\", \"value\": {\"amount\": 250000, \"currency\": \"USD\"}, "
      "\"evidence\": \"Budget is $180k\"},"
      "  {\"field\": \"deal_stage\", \"value\": \"closed_won\", \"evidence\": \"Went well\"},"
      "  {\"field\": \"sentiment\", \"value\": \"ecstatic\", \"evidence\": \"pretty excited\"},"
      "  {\"field\": \"attendees\", \"value\": [{\"name\": \"John Smith\", \"role\": \"CEO\", "
      "\"company\": \"\"}], \"evidence\": \"We met Dana Lee\"},"
      "  {\"field\": \"decision_makers\", \"value\": \"Dana Lee\", \"evidence\": \"Dana Lee\"},"
      "  {\"field\": \"meeting_outcome\", \"value\": \"They signed a contract\", \"evidence\": "
      "\"they signed a three-year contract\"},"
      "  {\"field\": \"next_steps\", \"value\": [{\"action\": \"send the security "
      "questionnaire\", \"owner\": \"Raj\", \"due\": \"2026-12-01\"}], \"evidence\": \"Raj from "
      "procurement\"},"
      "  {\"field\": \"invented_field\", \"value\": \"x\", \"evidence\": \"Acme\"},"
      "  {\"field\": \"competitors\", \"value\": [\"Globex\"], \"evidence\": \"Globex\"},"
      "  {\"field\": \"objections\", \"value\": [\"not mentioned\"], \"evidence\": \"SSO\"},"
      "  {\"field\": \"products_discussed\", \"value\": [\"analytics add-on\"], \"evidence\": "
      "\"\"}]}";
  const char *const t[] = {"competitors"};
  json_t *u = NULL;
  dbf_iv_counts n;
  assert_int_equal(parse(sales, NULL, answer, t, 1, model, &u, &n), DBF_OK);
  /* Only Globex survives: list items are grounded one by one. */
  assert_int_equal(json_object_size(u), 1);
  assert_int_equal(json_array_size(upd(u, "competitors")), 1);
  assert_string_equal(json_string_value(json_array_get(upd(u, "competitors"), 0)), "Globex");
  assert_int_equal(n.items_dropped, 1); /* Initech */
  assert_int_equal(n.proposed, 12);
  assert_int_equal(n.grounded, 1);
  /* The unknown field, and competitors offered again as an other field. */
  assert_int_equal(n.dropped[DBF_IV_DROP_FIELD], 2);
  /* "not mentioned" and a string for a list. */
  assert_int_equal(n.dropped[DBF_IV_DROP_SHAPE], 1);
  /* meeting_outcome's and products_discussed's evidence is not the answer's. */
  assert_int_equal(n.dropped[DBF_IV_DROP_EVIDENCE], 2);
  /* budget (wrong amount), deal_stage (no cue), sentiment (not an enum value), attendees
     (nobody named John), decision_makers (a string for a list), next_steps (the action is
     not in the answer). */
  assert_int_equal(n.dropped[DBF_IV_DROP_UNGROUNDED], 6);
  assert_int_equal(dbf_iv_counts_dropped(&n), 11);
  json_decref(u);
}

static void test_extraction_numbers_and_cues(void **state) {
  (void)state;
  const char *ans = "Honestly it went badly. They said 2.5 million euros, final offer, and we "
                    "are negotiating terms now.";
  const char *model =
      "{\"budget\": {\"value\": {\"amount\": 2500000, \"currency\": \"EUR\"}, \"evidence\": "
      "\"2.5 million euros\"}, \"other_fields\": ["
      " {\"field\": \"sentiment\", \"value\": \"negative\", \"evidence\": \"it went badly\"},"
      " {\"field\": \"deal_stage\", \"value\": \"negotiation\", \"evidence\": \"negotiating "
      "terms\"}]}";
  const char *const t[] = {"budget"};
  json_t *u = NULL;
  dbf_iv_counts n;
  assert_int_equal(parse(sales, NULL, ans, t, 1, model, &u, &n), DBF_OK);
  assert_int_equal(dbf_iv_counts_dropped(&n), 0);
  assert_int_equal(json_object_size(u), 3);
  json_decref(u);
  /* The same amount in dollars is not what the person said. */
  model = "{\"budget\": {\"value\": {\"amount\": 2500000, \"currency\": \"USD\"}, "
          "\"evidence\": \"2.5 million euros\"}, \"other_fields\": []}";
  assert_int_equal(parse(sales, NULL, ans, t, 1, model, &u, &n), DBF_OK);
  assert_int_equal(json_object_size(u), 0);
  assert_int_equal(n.dropped[DBF_IV_DROP_UNGROUNDED], 1);
  json_decref(u);
}

/* Empty values mean "not stated"; filler is no value; evidence must be the answer's. */
static void test_extraction_empty_filler_and_evidence(void **state) {
  (void)state;
  const char *ans = "No, they didn't mention anyone else.";
  const char *const t[] = {"competitors", "budget"};
  json_t *u = NULL;
  dbf_iv_counts n;
  assert_int_equal(parse(sales, NULL, ans, t, 2,
                         "{\"competitors\": {\"value\": [], \"evidence\": \"\"}, \"budget\": "
                         "{\"value\": {\"amount\": 0, \"currency\": \"\"}, \"evidence\": \"\"}, "
                         "\"other_fields\": []}",
                         &u, &n),
                   DBF_OK);
  assert_int_equal(json_object_size(u), 0);
  assert_int_equal(n.proposed, 0);
  json_decref(u);
  struct {
    const char *answer, *model;
    dbf_iv_drop why;
  } drops[] = {
      /* A small model's way of saying nothing is dropped, not stored. */
      {ans,
       "{\"competitors\": {\"value\": [\"anyone else\"], \"evidence\": \"they didn't mention "
       "anyone else\"}}",
       DBF_IV_DROP_SHAPE},
      /* Words the answer does not hold are no evidence, even for a grounded value. */
      {answer,
       "{\"competitors\": {\"value\": [\"Globex\"], \"evidence\": \"they chose Globex over "
       "us\"}}",
       DBF_IV_DROP_EVIDENCE},
  };
  for (size_t i = 0; i < sizeof drops / sizeof drops[0]; i++) {
    assert_int_equal(kept_of(drops[i].answer, t, 1, drops[i].model, &n), 0);
    assert_int_equal(n.dropped[drops[i].why], 1);
  }
}

static void test_extraction_invalid_json(void **state) {
  (void)state;
  json_t *u = NULL;
  dbf_iv_counts n;
  dbf_status st = {0};
  assert_int_equal(
      dbf_iv_parse_extraction(sales, NULL, answer, 1, NULL, 0, "{\"budget\": ", &u, &n, &st),
      DBF_ERR_INVALID);
  assert_null(u);
  assert_non_null(strstr(st.msg, "not JSON"));
  assert_int_equal(parse(sales, NULL, answer, NULL, 0, "[1, 2]", &u, &n), DBF_ERR_INVALID);
  assert_int_equal(parse(sales, NULL, answer, NULL, 0, "Sure! {\"a\": 1}", &u, &n),
                   DBF_ERR_INVALID);
  assert_int_equal(parse(sales, NULL, answer, NULL, 0, "{\"a\": 1, \"a\": 2}", &u, &n),
                   DBF_ERR_INVALID);
  /* A fenced object is still one object. */
  assert_int_equal(kept_of(answer, NULL, 0,
                           "```json\n{\"other_fields\": [{\"field\": \"competitors\", "
                           "\"value\": [\"Globex\"], \"evidence\": \"Globex\"}]}\n```",
                           &n),
                   1);
}

/* ---- the merge policy ---- */

static json_t *entry(const char *value_json, double conf, const char *source, bool targeted) {
  json_error_t e;
  json_t *v = json_loads(value_json, JSON_DECODE_ANY, &e);
  return json_pack("{s:o, s:f, s:i, s:s, s:b}", "value", v, "confidence", conf, "evidence_seq", 9,
                   "source", source, "targeted", targeted);
}

static void test_reconcile_policy(void **state) {
  (void)state;
  json_t *rec = json_object();
  json_object_set_new(rec, "role_title", entry("\"Product Designer\"", 0.85, "rule", false));
  json_object_set_new(rec, "company", entry("\"Initech\"", 0.85, "rule", false));
  json_object_set_new(rec, "timeline", entry("{\"start\": \"2019\"}", 0.85, "rule", false));
  json_object_set_new(rec, "team_context", entry("\"six engineers\"", 1.0, "user", false));
  json_object_set_new(rec, "tools_technologies",
                      entry("[\"Kafka\", \"Marcus Lee\"]", 0.85, "rule", false));
  json_object_set_new(rec, "challenges", entry("\"a flaky build\"", 0.4, "llm", false));
  json_t *model = json_object();
  /* Refines the rule's title: kept, at the rule's confidence. */
  json_object_set_new(model, "role_title", entry("\"Lead Product Designer\"", 0.4, "llm", true));
  /* Contradicts a well-grounded rule value: the rule stands. */
  json_object_set_new(model, "company", entry("\"Globex\"", 0.4, "llm", true));
  /* A month added to the year: a refinement. */
  json_object_set_new(model, "timeline",
                      entry("{\"start\": \"2019-03\", \"end\": \"2022\"}", 0.4, "llm", true));
  /* A person's edit stands. */
  json_object_set_new(model, "team_context", entry("\"eight engineers\"", 0.4, "llm", true));
  /* A list the rules filled stays theirs: no item is added to it. */
  json_object_set_new(model, "tools_technologies",
                      entry("[\"kafka\", \"Marcus\", \"Terraform\"]", 0.4, "llm", false));
  /* A gap is filled; an earlier model value gives way to a later one. */
  json_object_set_new(model, "achievements",
                      entry("[\"cut deploys to 8 minutes\"]", 0.4, "llm", false));
  json_object_set_new(model, "challenges", entry("\"a legacy ledger\"", 0.4, "llm", false));
  /* Not a refinement when the field was not asked. */
  json_t *other = entry("\"Senior Product Designer\"", 0.4, "llm", false);
  json_t *kept = NULL;
  dbf_iv_counts n = {0};
  assert_int_equal(dbf_iv_reconcile(work, rec, NULL, model, &kept, &n), DBF_OK);
  assert_string_equal(json_string_value(upd(kept, "role_title")), "Lead Product Designer");
  assert_true(json_real_value(json_object_get(json_object_get(kept, "role_title"), "confidence")) >
              0.8);
  assert_null(json_object_get(json_object_get(kept, "role_title"), "targeted"));
  assert_null(json_object_get(kept, "company"));
  assert_string_equal(json_string_value(json_object_get(upd(kept, "timeline"), "start")),
                      "2019-03");
  assert_null(json_object_get(kept, "team_context"));
  assert_null(json_object_get(kept, "tools_technologies"));
  assert_non_null(json_object_get(kept, "achievements"));
  assert_non_null(json_object_get(kept, "challenges"));
  assert_int_equal(n.dropped[DBF_IV_DROP_RULE_KEPT], 2);
  assert_int_equal(n.dropped[DBF_IV_DROP_USER_EDIT], 1);
  assert_int_equal(n.items_dropped, 3);
  json_decref(kept);
  json_object_set_new(model, "role_title", other);
  assert_int_equal(dbf_iv_reconcile(work, rec, NULL, model, &kept, &n), DBF_OK);
  assert_null(json_object_get(kept, "role_title"));
  json_decref(kept);
  /* A place joined on to a name the rules hold is another value, not a
     more precise one: the rule's name stands. */
  json_t *placed = json_object();
  json_object_set_new(placed, "company", entry("\"Initech near Austin\"", 0.4, "llm", true));
  json_object_set_new(placed, "role_title",
                      entry("\"Product Designer in the mobile team\"", 0.4, "llm", true));
  assert_int_equal(dbf_iv_reconcile(work, rec, NULL, placed, &kept, &n), DBF_OK);
  assert_null(json_object_get(kept, "company"));
  assert_null(json_object_get(kept, "role_title"));
  json_decref(kept);
  json_decref(placed);
  /* Words of the name are a refinement: "Initech Software Group". */
  json_t *named = json_object();
  json_object_set_new(named, "company", entry("\"Initech Software Group\"", 0.4, "llm", true));
  assert_int_equal(dbf_iv_reconcile(work, rec, NULL, named, &kept, &n), DBF_OK);
  assert_string_equal(json_string_value(upd(kept, "company")), "Initech Software Group");
  json_decref(kept);
  json_decref(named);
  /* The same value again adds nothing. */
  json_t *same = json_object();
  json_object_set_new(same, "company", entry("\"initech\"", 0.4, "llm", true));
  memset(&n, 0, sizeof n);
  assert_int_equal(dbf_iv_reconcile(work, rec, NULL, same, &kept, &n), DBF_OK);
  assert_int_equal(json_object_size(kept), 0);
  assert_int_equal(n.dropped[DBF_IV_DROP_NO_CHANGE], 1);
  json_decref(kept);
  json_decref(same);
  json_decref(model);
  json_decref(rec);
}

/* In a people field the model adds only persons: a sentence is no person,
   and "Prof. Vogt" is the "Annegret Vogt" the record holds (lists the
   model filled before; it adds nothing to the rules' lists). */
static void test_reconcile_people_are_persons(void **state) {
  (void)state;
  json_t *rec = json_object();
  json_object_set_new(rec, "decision_makers",
                      entry("[\"Arjun\", \"Nikhil Deshpande\"]", 0.3, "llm", false));
  json_object_set_new(
      rec, "attendees",
      entry("[{\"name\": \"Annegret Vogt\", \"role\": \"deputy director\"}]", 0.3, "llm", false));
  json_t *model = json_object();
  json_object_set_new(model, "decision_makers",
                      entry("[\"New batch starts on July 1st\", \"Nikhil recommends\", "
                            "\"Arjun\", \"Dr. Meera van der Berg\"]",
                            0.4, "llm", true));
  json_object_set_new(
      model, "attendees",
      entry("[{\"name\": \"Prof. Vogt\", \"role\": \"deputy director\"}]", 0.4, "llm", false));
  json_t *kept = NULL;
  dbf_iv_counts n = {0};
  assert_int_equal(dbf_iv_reconcile(sales, rec, NULL, model, &kept, &n), DBF_OK);
  const json_t *dm = upd(kept, "decision_makers");
  assert_int_equal(json_array_size(dm), 1);
  assert_string_equal(json_string_value(json_array_get(dm, 0)), "Dr. Meera van der Berg");
  assert_null(json_object_get(kept, "attendees"));
  assert_int_equal(n.items_dropped, 4);
  assert_int_equal(n.dropped[DBF_IV_DROP_NO_CHANGE], 1);
  json_decref(kept);
  /* A gap is filled only with persons, and not at all without one. */
  json_t *gap = json_object();
  json_object_set_new(gap, "decision_makers",
                      entry("[\"the budget is approved\"]", 0.4, "llm", true));
  json_object_del(rec, "decision_makers");
  memset(&n, 0, sizeof n);
  assert_int_equal(dbf_iv_reconcile(sales, rec, NULL, gap, &kept, &n), DBF_OK);
  assert_null(json_object_get(kept, "decision_makers"));
  assert_int_equal(n.dropped[DBF_IV_DROP_SHAPE], 1);
  json_decref(kept);
  json_decref(gap);
  json_decref(model);
  json_decref(rec);
}

/* A rule item that restates a model item replaces it; rule lists are left alone. */
static void test_reconcile_record_prefers_rule_wording(void **state) {
  (void)state;
  json_t *rec = json_object();
  json_object_set_new(rec, "tools_technologies",
                      entry("[\"kafka streams\", \"Terraform\"]", 0.4, "llm", false));
  json_object_set_new(rec, "technical_skills",
                      entry("[\"Go\", \"Go tooling\"]", 0.85, "rule", false));
  json_t *rules = json_object();
  json_object_set_new(rules, "tools_technologies", entry("[\"Kafka\"]", 0.85, "rule", false));
  json_object_set_new(rules, "technical_skills", entry("[\"Go tooling\"]", 0.85, "rule", false));
  dbf_iv_reconcile_record(work, rec, rules);
  assert_int_equal(json_array_size(upd(rec, "tools_technologies")), 1);
  assert_string_equal(json_string_value(json_array_get(upd(rec, "tools_technologies"), 0)),
                      "Terraform");
  assert_int_equal(json_array_size(upd(rec, "technical_skills")), 2);
  json_decref(rules);
  json_decref(rec);
}

static json_t *work_record(void) {
  json_error_t e;
  return json_loads(
      "{\"role_title\": {\"value\": \"Staff Engineer\", \"confidence\": 0.9, \"evidence_seq\": 2, "
      "\"source\": \"rule\"},"
      " \"company\": {\"value\": \"Initech\", \"confidence\": 0.9, \"evidence_seq\": 2, "
      "\"source\": \"rule\"},"
      " \"achievements\": {\"value\": [\"cut deploy time from 40 to 8 minutes\"], "
      "\"confidence\": 0.8, \"evidence_seq\": 4, \"source\": \"rule\"},"
      " \"technical_skills\": {\"value\": [\"Go\", \"Kubernetes\"], \"confidence\": 0.8, "
      "\"evidence_seq\": 4, \"source\": \"rule\"}}",
      0, &e);
}

static void test_summary_validation(void **state) {
  (void)state;
  json_t *rec = work_record();
  json_t *ref = dbf_summarize(work, rec, NULL);
  assert_non_null(ref);
  dbf_status st = {0};
  json_t *sum = NULL;
  /* The draft itself is valid, and extra keys are pruned. */
  json_t *good = json_deep_copy(ref);
  json_object_set_new(good, "narrative_summary", json_string("A staff engineer at Initech."));
  json_object_set_new(good, "bonus_section", json_string("x"));
  char *text = json_dumps(good, 0);
  assert_int_equal(dbf_iv_parse_summary(work, ref, text, &sum, &st), DBF_OK);
  assert_null(json_object_get(sum, "bonus_section"));
  assert_string_equal(json_string_value(json_object_get(sum, "narrative_summary")),
                      "A staff engineer at Initech.");
  json_decref(sum);
  dbf_free(text);
  /* A missing section fails. */
  json_t *bad = json_deep_copy(ref);
  json_object_del(bad, "resume_bullets");
  text = json_dumps(bad, 0);
  assert_int_equal(dbf_iv_parse_summary(work, ref, text, &sum, &st), DBF_ERR_INVALID);
  assert_non_null(strstr(st.msg, "resume_bullets"));
  dbf_free(text);
  json_decref(bad);
  /* A section of the wrong shape fails. */
  bad = json_deep_copy(ref);
  json_object_set_new(bad, "interview_story", json_string("once upon a time"));
  text = json_dumps(bad, 0);
  assert_int_equal(dbf_iv_parse_summary(work, ref, text, &sum, &st), DBF_ERR_INVALID);
  assert_non_null(strstr(st.msg, "interview_story"));
  dbf_free(text);
  json_decref(bad);
  assert_int_equal(dbf_iv_parse_summary(work, ref, "not json", &sum, &st), DBF_ERR_INVALID);
  json_decref(good);
  json_decref(ref);
  json_decref(rec);
}

/* ---- through the fake provider ---- */

static dbf_llm *make_llm(dbf_llm_provider p, const char *path, char *base, size_t base_n) {
  snprintf(base, base_n, "%s%s", fake.base, path);
  dbf_llm_config c = {
      .provider = p,
      .base_url = base,
      .model = "fake-model",
      .api_key = "k",
      .timeout_ms = 5000,
      .first_token_timeout_ms = 4000,
      .stall_s = 5,
      .max_tokens = 512,
      .temperature = 0.2,
      .max_retries = 1,
      .max_event_bytes = 1 << 20,
      .max_response_bytes = 8 << 20,
      .max_text_bytes = 256 << 10,
      .backoff_base_ms = 10,
      .backoff_max_ms = 50,
  };
  dbf_llm *llm = NULL;
  dbf_status st = {0};
  assert_int_equal(dbf_llm_create(&c, &llm, &st), DBF_OK);
  return llm;
}

static void on_delta(void *arg, const char *text, size_t len) {
  dbf_buf_append(arg, text, len);
}

static int script_text(const char *text, const char *fault) {
  json_t *a = json_pack("[{s:s, s:s, s:i}]", "text", text, "fault", fault, "words_per_chunk", 3);
  char *s = json_dumps(a, 0);
  int rc = dbf_fake_llm_script(&fake, s);
  dbf_free(s);
  json_decref(a);
  return rc;
}

static void test_question_streams(void **state) {
  (void)state;
  char base[128];
  dbf_llm *llm = make_llm(DBF_LLM_OPENAI, "/v1", base, sizeof(base));
  dbf_fake_llm_reset(&fake);
  assert_int_equal(
      script_text("  Question: \"Who from Acme joined, and what are their roles?\"\n", "none"), 0);
  dbf_llm_message tr[] = {{DBF_LLM_ASSISTANT, "How did the meeting with Acme go?"},
                          {DBF_LLM_USER, "Went well, they liked the demo."}};
  json_t *open = json_pack("[{s:s, s:s}]", "field_key", "budget", "text",
                           "Budget was still unconfirmed last time.");
  json_t *subject = json_pack("{s:s, s:s, s:s}", "kind", "meeting", "key", "account:acme", "title",
                              "Acme renewal");
  dbf_iv_ctx c = {.llm = llm,
                  .tpl = sales,
                  .prompts_dir = DBF_SOURCE_DIR "/prompts",
                  .subject = subject,
                  .open_items = open,
                  .transcript = tr,
                  .n_transcript = 2,
                  .deadline_ms = dbf_now_ms() + 5000};
  dbf_question_plan plan = {.text = "Who attended the meeting?", .n_targets = 1};
  snprintf(plan.target_fields[0], sizeof(plan.target_fields[0]), "attendees");
  dbf_buf d;
  dbf_buf_init(&d, 1 << 16);
  char *q = NULL;
  dbf_iv_outcome out;
  dbf_status st = {0};
  assert_int_equal(dbf_iv_question(&c, &plan, on_delta, &d, &q, &out, &st), DBF_OK);
  assert_string_equal(q, "Who from Acme joined, and what are their roles?");
  assert_non_null(strstr(d.data, "Who from Acme")); /* streamed as it came */
  assert_int_equal(out.error, DBF_LLM_E_OK);
  assert_int_equal(out.usage.tokens_in, 42);
  assert_true(out.usage.first_token_ms >= 0);
  assert_string_equal(out.usage.model, "fake-model");
  /* The prompt carried the template's system prompt, context and transcript. */
  json_t *log = dbf_fake_llm_requests(&fake);
  json_t *msgs = json_object_get(json_object_get(json_array_get(log, 0), "body"), "messages");
  const char *sys = json_string_value(json_object_get(json_array_get(msgs, 0), "content"));
  assert_non_null(strstr(sys, "sales coach"));
  assert_non_null(strstr(sys, "account:acme"));
  assert_non_null(strstr(sys, "Budget was still unconfirmed"));
  assert_non_null(strstr(sys, "- attendees:"));
  assert_int_equal(json_array_size(msgs), 4);
  json_decref(log);
  dbf_free(q);
  dbf_buf_free(&d);

  /* A provider failure is an error kind to fall back on. */
  assert_int_equal(dbf_fake_llm_script(&fake, "[{\"fault\": \"401\"}]"), 0);
  assert_int_equal(dbf_iv_question(&c, &plan, NULL, NULL, &q, &out, &st), DBF_ERR_UNAVAILABLE);
  assert_int_equal(out.error, DBF_LLM_E_AUTH);
  assert_null(q);
  /* So is offline. */
  c.llm = NULL;
  assert_int_equal(dbf_iv_question(&c, &plan, NULL, NULL, &q, &out, &st), DBF_ERR_UNAVAILABLE);
  assert_int_equal(out.error, DBF_LLM_E_NO_PROVIDER);
  json_decref(open);
  json_decref(subject);
  dbf_llm_destroy(llm);
}

static void test_extract_through_anthropic(void **state) {
  (void)state;
  char base[128];
  dbf_llm *llm = make_llm(DBF_LLM_ANTHROPIC, "", base, sizeof(base));
  dbf_fake_llm_reset(&fake);
  assert_int_equal(script_text("{\"competitors\": {\"value\": [\"Globex\", \"Initech\"], "
                               "\"evidence\": \"Globex is also in the running\"}, "
                               "\"other_fields\": [{\"field\": \"budget\", \"value\": "
                               "{\"amount\": 180000, \"currency\": \"USD\"}, \"evidence\": "
                               "\"Budget is $180k\"}]}",
                               "none"),
                   0);
  dbf_llm_message tr[] = {{DBF_LLM_ASSISTANT, "How did the meeting with Acme go?"},
                          {DBF_LLM_USER, "Went well, they liked the demo."},
                          {DBF_LLM_ASSISTANT, "Are they looking at any competitors?"}};
  json_t *rec = json_pack("{s:{s:s, s:f}}", "meeting_outcome", "value", "They liked the demo.",
                          "confidence", 0.85);
  dbf_iv_ctx c = {.llm = llm,
                  .tpl = sales,
                  .prompts_dir = DBF_SOURCE_DIR "/prompts",
                  .record = rec,
                  .reference_date = "2026-03-02",
                  .transcript = tr,
                  .n_transcript = 3};
  const char *targets[] = {"competitors", "no_such_field"};
  json_t *u = NULL;
  dbf_iv_outcome out;
  dbf_status st = {0};
  if (dbf_iv_extract(&c, answer, 12, targets, 2, &u, &out, &st) != DBF_OK)
    fail_msg("extract: %s", st.msg);
  assert_int_equal(json_object_size(u), 2);
  assert_int_equal(json_array_size(upd(u, "competitors")), 1);
  assert_int_equal(out.counts.proposed, 2);
  assert_int_equal(out.counts.items_dropped, 1); /* Initech was pruned from the list */
  json_decref(u);
  json_t *log = dbf_fake_llm_requests(&fake);
  json_t *body = json_object_get(json_array_get(log, 0), "body");
  const char *sys = json_string_value(json_object_get(body, "system"));
  assert_non_null(strstr(sys, "JSON schema"));
  assert_non_null(strstr(sys, "never guess"));
  /* One user turn: no transcript, only the question it answers. */
  json_t *msgs = json_object_get(body, "messages");
  assert_int_equal(json_array_size(msgs), 1);
  const char *task = json_string_value(json_object_get(json_array_get(msgs, 0), "content"));
  assert_non_null(strstr(task, "Asked fields:\n- competitors (list of short items)"));
  assert_null(strstr(task, "no_such_field"));
  assert_non_null(strstr(task, "Other fields: meeting_outcome (text)"));
  assert_non_null(strstr(task, "Already known: meeting_outcome\n"));
  assert_non_null(strstr(task, "Today is 2026-03-02."));
  assert_non_null(strstr(task, "Examples:"));
  assert_non_null(strstr(task, "No, that did not come up."));
  assert_non_null(strstr(task, "Question: Are they looking at any competitors?\nAnswer: Went "));
  assert_null(strstr(task, "Went well, they liked the demo.")); /* earlier turns stay out */
  json_decref(log);
  /* Prose instead of JSON is invalid output. */
  assert_int_equal(script_text("Sure, here you go: the competitor is Globex.", "none"), 0);
  assert_int_equal(dbf_iv_extract(&c, answer, 12, targets, 1, &u, &out, &st), DBF_ERR_INTERNAL);
  assert_int_equal(out.error, DBF_LLM_E_INVALID);
  assert_null(u);
  json_decref(rec);
  dbf_llm_destroy(llm);
}

/* The examples follow the asked field's type, and the prompt stays small. */
static void test_extract_prompt_is_compact(void **state) {
  char base[128];
  dbf_llm *llm = make_llm(DBF_LLM_OPENAI, "/v1", base, sizeof(base));
  (void)state;
  struct {
    const dbf_template *t;
    const char *target, *example;
  } cases[] = {
      {sales, "budget", "\"amount\":40000,\"currency\":\"EUR\""},
      {sales, "decision_timeline", "\"2026-04-30\""},
      {sales, "attendees", "\"name\":\"Ana Ruiz\""},
      {sales, "next_steps", "\"action\":\"send the revised quote\""},
      {sales, "deal_stage", "\"value\":\"proposal\""},
      {work, "timeline", "\"start\":\"2019-05\",\"end\":\"2022-06\""},
      {work, "role_title", "\"value\":\"Senior Backend Engineer\""},
  };
  for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
    dbf_fake_llm_reset(&fake);
    assert_int_equal(script_text("{\"other_fields\": []}", "none"), 0);
    dbf_iv_ctx c = {.llm = llm, .tpl = cases[i].t, .reference_date = "2026-03-02"};
    const char *t[] = {cases[i].target};
    json_t *u = NULL;
    dbf_iv_outcome out;
    dbf_status st = {0};
    assert_int_equal(dbf_iv_extract(&c, "It is hard to say.", 3, t, 1, &u, &out, &st), DBF_OK);
    json_decref(u);
    json_t *log = dbf_fake_llm_requests(&fake);
    json_t *body = json_object_get(json_array_get(log, 0), "body");
    json_t *msgs = json_object_get(body, "messages");
    const char *sys = json_string_value(json_object_get(json_array_get(msgs, 0), "content"));
    const char *task = json_string_value(json_object_get(json_array_get(msgs, 1), "content"));
    if (!strstr(task, cases[i].example))
      fail_msg("%s: no example %s in:\n%s", cases[i].target, cases[i].example, task);
    /* Prompt tokens dominate on a CPU: about 4 bytes a token, under 500 tokens. */
    if (strlen(sys) + strlen(task) > 2000)
      fail_msg("%s: the prompt is %zu bytes", cases[i].target, strlen(sys) + strlen(task));
    json_t *rf = json_object_get(body, "response_format");
    assert_string_equal(json_string_value(json_object_get(rf, "type")), "json_schema");
    json_decref(log);
  }
  dbf_llm_destroy(llm);
}

static void test_summary_through_gemini(void **state) {
  (void)state;
  char base[128];
  dbf_llm *llm = make_llm(DBF_LLM_GEMINI, "/v1beta", base, sizeof(base));
  dbf_fake_llm_reset(&fake);
  json_t *rec = work_record();
  json_t *ref = dbf_summarize(work, rec, NULL);
  json_object_set_new(
      ref, "narrative_summary",
      json_string("As a Staff Engineer at Initech, they cut deploys to 8 minutes."));
  char *text = json_dumps(ref, JSON_INDENT(2));
  assert_int_equal(script_text(text, "none"), 0);
  dbf_iv_ctx c = {.llm = llm, .tpl = work, .prompts_dir = DBF_SOURCE_DIR "/prompts", .record = rec};
  json_t *sum = NULL;
  dbf_iv_outcome out;
  dbf_status st = {0};
  assert_int_equal(dbf_iv_summary(&c, &sum, &out, &st), DBF_OK);
  assert_true(json_equal(sum, ref));
  json_decref(sum);
  json_t *log = dbf_fake_llm_requests(&fake);
  json_t *gc = json_object_get(json_object_get(json_array_get(log, 0), "body"), "generationConfig");
  assert_non_null(json_object_get(
      json_object_get(json_object_get(gc, "responseSchema"), "properties"), "interview_story"));
  json_decref(log);
  /* A summary missing sections is refused: the caller uses dbf_summarize. */
  assert_int_equal(script_text("{\"narrative_summary\": \"short\"}", "none"), 0);
  assert_int_equal(dbf_iv_summary(&c, &sum, &out, &st), DBF_ERR_INTERNAL);
  assert_int_equal(out.error, DBF_LLM_E_INVALID);
  assert_null(sum);
  /* A truncated stream is a failure too, never a half summary. */
  assert_int_equal(script_text(text, "truncate"), 0);
  assert_int_equal(dbf_iv_summary(&c, &sum, &out, &st), DBF_ERR_UNAVAILABLE);
  assert_int_equal(out.error, DBF_LLM_E_INTERRUPTED);
  dbf_free(text);
  json_decref(ref);
  json_decref(rec);
  dbf_llm_destroy(llm);
}

static int group_setup(void **state) {
  (void)state;
  dbf_status st = {0};
  if (dbf_template_load_builtin(DBF_SOURCE_DIR, "sales_debrief", &sales, &st) ||
      dbf_template_load_builtin(DBF_SOURCE_DIR, "work_experience", &work, &st))
    return -1;
  return dbf_fake_llm_start(&fake, DBF_PYTHON, DBF_SOURCE_DIR "/tests/fake_llm/fake_llm.py");
}

static int group_teardown(void **state) {
  (void)state;
  dbf_fake_llm_stop(&fake);
  dbf_template_free(sales);
  dbf_template_free(work);
  return 0;
}

int main(void) {
  dbf_alloc_install();
  dbf_log_init(DBF_LOG_ERROR, NULL);
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_schema_shape),
      cmocka_unit_test(test_extraction_accepts_supported_values),
      cmocka_unit_test(test_extraction_drops_unsupported_values),
      cmocka_unit_test(test_extraction_currency_follows_the_subject),
      cmocka_unit_test(test_extraction_numbers_and_cues),
      cmocka_unit_test(test_extraction_empty_filler_and_evidence),
      cmocka_unit_test(test_extraction_invalid_json),
      cmocka_unit_test(test_reconcile_policy),
      cmocka_unit_test(test_reconcile_people_are_persons),
      cmocka_unit_test(test_reconcile_record_prefers_rule_wording),
      cmocka_unit_test(test_summary_validation),
      cmocka_unit_test(test_question_streams),
      cmocka_unit_test(test_extract_through_anthropic),
      cmocka_unit_test(test_extract_prompt_is_compact),
      cmocka_unit_test(test_summary_through_gemini),
  };
  return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
