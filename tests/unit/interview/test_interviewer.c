/*
 * test_interviewer.c - tests for server/interview/ (interviewer.c, schema.c, ground.c): the
 * extraction schema, grounding (values the answer does not support are dropped), strict JSON
 * parsing, summary shape validation, and whole calls through the fake provider server.
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

static void test_schema_shape(void **state) {
  (void)state;
  json_t *s = dbf_iv_extract_schema(sales);
  assert_non_null(s);
  assert_string_equal(json_string_value(json_object_get(s, "type")), "object");
  assert_true(json_is_false(json_object_get(s, "additionalProperties")));
  json_t *props = json_object_get(s, "properties");
  assert_int_equal(json_object_size(props), sales->n_fields);
  assert_int_equal(json_array_size(json_object_get(s, "required")), sales->n_fields);
  json_t *budget =
      json_object_get(json_object_get(json_object_get(props, "budget"), "properties"), "value");
  assert_non_null(json_object_get(json_object_get(budget, "properties"), "currency"));
  json_t *stage =
      json_object_get(json_object_get(json_object_get(props, "deal_stage"), "properties"), "value");
  json_t *en = json_object_get(stage, "enum");
  assert_int_equal(json_array_size(en), 8); /* seven stages and null */
  json_t *att =
      json_object_get(json_object_get(json_object_get(props, "attendees"), "properties"), "value");
  json_t *item = json_object_get(att, "items");
  assert_int_equal(json_array_size(json_object_get(item, "required")), 3);
  json_decref(s);
}

static void test_extraction_accepts_supported_values(void **state) {
  (void)state;
  const char *model =
      "{\"meeting_outcome\": null,"
      " \"attendees\": {\"value\": [{\"name\": \"Dana Lee\", \"role\": \"CFO\", \"company\": "
      "\"Acme\"}, {\"name\": \"Raj\", \"role\": \"procurement\", \"company\": null}], "
      "\"confidence\": 0.9},"
      " \"budget\": {\"value\": {\"amount\": 180000, \"currency\": \"usd\"}, \"confidence\": 0.95},"
      " \"decision_timeline\": {\"value\": \"2026-11-30\", \"confidence\": 0.8},"
      " \"sentiment\": {\"value\": \"positive\", \"confidence\": 0.7},"
      " \"competitors\": {\"value\": [\"Globex\"], \"confidence\": 0.9},"
      " \"objections\": {\"value\": [\"SSO integration\"], \"confidence\": 0.8},"
      " \"products_discussed\": {\"value\": [\"analytics add-on\"], \"confidence\": 0.6},"
      " \"deal_stage\": {\"value\": null, \"confidence\": 0.1}}";
  json_t *u = NULL;
  size_t dropped = 99;
  dbf_status st = {0};
  assert_int_equal(dbf_iv_parse_extraction(sales, NULL, answer, 7, model, &u, &dropped, &st),
                   DBF_OK);
  assert_int_equal(dropped, 0);
  assert_int_equal(json_object_size(u), 7);
  const json_t *b = json_object_get(u, "budget");
  assert_int_equal(json_integer_value(json_object_get(b, "evidence_seq")), 7);
  assert_string_equal(json_string_value(json_object_get(b, "source")), "llm");
  assert_true(json_real_value(json_object_get(b, "confidence")) <= 0.85 + 1e-9);
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
                       "\"confidence\": 0.9}}";
  const char *as_usd = "{\"budget\": {\"value\": {\"amount\": 80000, \"currency\": \"USD\"}, "
                       "\"confidence\": 0.9}}";
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
       "\"currency\": \"SEK\"}, \"confidence\": 0.9}}",
       1},
      {eur, "About 80k dollars.", as_usd, 1}, /* named beats the default */
  };
  for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
    json_t *u = NULL;
    size_t dropped = 0;
    dbf_status st = {0};
    assert_int_equal(dbf_iv_parse_extraction(sales, cases[i].subject, cases[i].answer, 1,
                                             cases[i].model, &u, &dropped, &st),
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
      "{\"competitors\": {\"value\": [\"Globex\", \"Initech\"], \"confidence\": 0.9},"
      " \"budget\": {\"value\": {\"amount\": 250000, \"currency\": \"USD\"}, \"confidence\": 0.9},"
      " \"deal_stage\": {\"value\": \"closed_won\", \"confidence\": 0.9},"
      " \"sentiment\": {\"value\": \"ecstatic\", \"confidence\": 0.9},"
      " \"attendees\": {\"value\": [{\"name\": \"John Smith\", \"role\": \"CEO\", \"company\": "
      "null}], \"confidence\": 0.9},"
      " \"decision_makers\": {\"value\": \"Dana Lee\", \"confidence\": 0.9},"
      " \"meeting_outcome\": {\"value\": \"Signed a three-year contract\", \"confidence\": 0.9},"
      " \"next_steps\": {\"value\": [{\"action\": \"send the security questionnaire\", "
      "\"owner\": \"Raj\", \"due\": \"2026-12-01\"}], \"confidence\": 0.9},"
      " \"invented_field\": {\"value\": \"x\", \"confidence\": 0.9},"
      " \"objections\": {\"value\": [\"SSO integration\"], \"confidence\": 7}}";
  json_t *u = NULL;
  size_t dropped = 0;
  dbf_status st = {0};
  assert_int_equal(dbf_iv_parse_extraction(sales, NULL, answer, 3, model, &u, &dropped, &st),
                   DBF_OK);
  /* Only Globex survives: list items are grounded one by one. */
  assert_int_equal(json_object_size(u), 1);
  assert_int_equal(json_array_size(upd(u, "competitors")), 1);
  assert_string_equal(json_string_value(json_array_get(upd(u, "competitors"), 0)), "Globex");
  /* budget (wrong amount), deal_stage (no cue), sentiment (not an enum value), attendees
     (nobody named John), decision_makers (a string for a list), meeting_outcome
     (unsupported words), next_steps (the action is not in the answer), the unknown field,
     and objections (confidence out of range). */
  assert_int_equal(dropped, 9);
  json_decref(u);
}

static void test_extraction_numbers_and_cues(void **state) {
  (void)state;
  const char *ans = "Honestly it went badly. They said 2.5 million euros, final offer, and we "
                    "are negotiating terms now.";
  const char *model =
      "{\"budget\": {\"value\": {\"amount\": 2500000, \"currency\": \"EUR\"}, \"confidence\": 0.8},"
      " \"sentiment\": {\"value\": \"negative\", \"confidence\": 0.8},"
      " \"deal_stage\": {\"value\": \"negotiation\", \"confidence\": 0.8}}";
  json_t *u = NULL;
  size_t dropped = 0;
  dbf_status st = {0};
  assert_int_equal(dbf_iv_parse_extraction(sales, NULL, ans, 1, model, &u, &dropped, &st), DBF_OK);
  assert_int_equal(dropped, 0);
  assert_int_equal(json_object_size(u), 3);
  json_decref(u);
  /* The same amount in dollars is not what the person said. */
  model = "{\"budget\": {\"value\": {\"amount\": 2500000, \"currency\": \"USD\"}, "
          "\"confidence\": 0.8}}";
  assert_int_equal(dbf_iv_parse_extraction(sales, NULL, ans, 1, model, &u, &dropped, &st), DBF_OK);
  assert_int_equal(json_object_size(u), 0);
  assert_int_equal(dropped, 1);
  json_decref(u);
}

static void test_extraction_invalid_json(void **state) {
  (void)state;
  json_t *u = NULL;
  size_t dropped = 0;
  dbf_status st = {0};
  assert_int_equal(
      dbf_iv_parse_extraction(sales, NULL, answer, 1, "{\"budget\": ", &u, &dropped, &st),
      DBF_ERR_INVALID);
  assert_null(u);
  assert_non_null(strstr(st.msg, "not JSON"));
  assert_int_equal(dbf_iv_parse_extraction(sales, NULL, answer, 1, "[1, 2]", &u, &dropped, &st),
                   DBF_ERR_INVALID);
  assert_int_equal(
      dbf_iv_parse_extraction(sales, NULL, answer, 1, "Sure! {\"a\": 1}", &u, &dropped, &st),
      DBF_ERR_INVALID);
  assert_int_equal(
      dbf_iv_parse_extraction(sales, NULL, answer, 1, "{\"a\": 1, \"a\": 2}", &u, &dropped, &st),
      DBF_ERR_INVALID);
  /* A fenced object is still one object. */
  assert_int_equal(dbf_iv_parse_extraction(sales, NULL, answer, 1,
                                           "```json\n{\"competitors\": {\"value\": [\"Globex\"], "
                                           "\"confidence\": 0.5}}\n```",
                                           &u, &dropped, &st),
                   DBF_OK);
  assert_int_equal(json_object_size(u), 1);
  json_decref(u);
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
                               "\"confidence\": 0.9}, \"budget\": null}",
                               "none"),
                   0);
  dbf_iv_ctx c = {.llm = llm, .tpl = sales, .prompts_dir = DBF_SOURCE_DIR "/prompts"};
  const char *targets[] = {"competitors"};
  json_t *u = NULL;
  dbf_iv_outcome out;
  dbf_status st = {0};
  assert_int_equal(dbf_iv_extract(&c, answer, 12, targets, 1, &u, &out, &st), DBF_OK);
  assert_int_equal(json_object_size(u), 1);
  assert_int_equal(json_array_size(upd(u, "competitors")), 1);
  assert_int_equal(out.dropped, 0); /* Initech was pruned from the list, not the field */
  json_decref(u);
  json_t *log = dbf_fake_llm_requests(&fake);
  const char *sys =
      json_string_value(json_object_get(json_object_get(json_array_get(log, 0), "body"), "system"));
  assert_non_null(strstr(sys, "JSON schema"));
  assert_non_null(strstr(sys, "[the question asked about this]"));
  json_decref(log);
  /* Prose instead of JSON is invalid output. */
  assert_int_equal(script_text("Sure, here you go: the competitor is Globex.", "none"), 0);
  assert_int_equal(dbf_iv_extract(&c, answer, 12, targets, 1, &u, &out, &st), DBF_ERR_INTERNAL);
  assert_int_equal(out.error, DBF_LLM_E_INVALID);
  assert_null(u);
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
      cmocka_unit_test(test_extraction_invalid_json),
      cmocka_unit_test(test_summary_validation),
      cmocka_unit_test(test_question_streams),
      cmocka_unit_test(test_extract_through_anthropic),
      cmocka_unit_test(test_summary_through_gemini),
  };
  return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
