/* test_planner.c - tests for server/engine/planner.c and completion.c:
 * question order, context boosts, follow-ups, skips, completion, opening. */
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

static void fill(json_t *record, const char *key, double conf) {
  json_object_set_new(record, key,
                      json_pack("{s:s, s:f, s:i, s:s}", "value", "something concrete", "confidence",
                                conf, "evidence_seq", 1, "source", "rule"));
}

static void fill_list(json_t *record, const char *key, const char *a, const char *b) {
  json_t *v = b ? json_pack("[s, s]", a, b) : json_pack("[s]", a);
  json_object_set_new(record, key,
                      json_pack("{s:o, s:f, s:i, s:s}", "value", v, "confidence", 0.9,
                                "evidence_seq", 1, "source", "rule"));
}

static json_t *subject_of(const char *meeting_type) {
  return json_pack("{s:s, s:s, s:s, s:{s:s, s:s}}", "kind", "meeting", "key", "account:acme",
                   "title", "Q3 review", "attributes", "meeting_type", meeting_type, "account",
                   "Acme Corp");
}

static void plan(const dbf_template *t, const json_t *record, const json_t *ps,
                 const json_t *subject, double spec, bool filled, dbf_question_plan *q) {
  dbf_plan_input in = {.tpl = t,
                       .record = record,
                       .plan_state = ps,
                       .subject = subject,
                       .last_specificity = spec,
                       .last_filled_targets = filled};
  dbf_status st = {0};
  assert_int_equal(dbf_plan_next(&in, q, &st), DBF_OK);
}

static bool is_required(const dbf_template *t, const char *k) {
  for (size_t i = 0; i < t->n_required_fields; i++)
    if (strcmp(t->required_fields[i], k) == 0)
      return true;
  return false;
}

/* Answering every question fully: required fields come first, nothing is
   asked twice, and the interview ends with every field covered. */
static void test_required_first_and_done(void **state) {
  (void)state;
  const char *slugs[] = {"sales_debrief", "work_experience"};
  for (size_t s = 0; s < 2; s++) {
    dbf_template *t = load(slugs[s]);
    json_t *record = json_object(), *ps = json_object();
    bool seen_optional = false;
    size_t asked = 0;
    for (int turn = 0; turn < 40; turn++) {
      dbf_question_plan q;
      plan(t, record, ps, NULL, 0.9, true, &q);
      if (q.done)
        break;
      assert_true(q.n_targets >= 1);
      assert_false(q.follow_up);
      assert_true(strlen(q.text) > 5);
      for (size_t i = 0; i < q.n_targets; i++) {
        bool req = is_required(t, q.target_fields[i]);
        if (!req)
          seen_optional = true;
        else
          assert_false(seen_optional);
        assert_null(json_object_get(record, q.target_fields[i]));
        fill(record, q.target_fields[i], 0.9);
        asked++;
      }
      dbf_plan_note_asked(ps, &q);
    }
    assert_int_equal(asked, t->n_fields);
    json_t *missing = NULL;
    assert_true(dbf_completion_check(t, record, 3, &missing));
    assert_int_equal(json_array_size(missing), 0);
    json_decref(missing);
    json_decref(record);
    json_decref(ps);
    dbf_template_free(t);
  }
}

static void test_context_boost_changes_order(void **state) {
  (void)state;
  dbf_template *t = load("sales_debrief");
  json_t *record = json_object(), *ps = json_object();
  json_t *nego = subject_of("negotiation"), *disc = subject_of("Discovery");
  dbf_question_plan qn, qd, q0;
  plan(t, record, ps, nego, 1, true, &qn);
  plan(t, record, ps, disc, 1, true, &qd);
  plan(t, record, ps, NULL, 1, true, &q0);
  assert_string_equal(qn.target_fields[0], "budget");
  assert_string_equal(qd.target_fields[0], "customer_needs");
  assert_string_equal(q0.target_fields[0], "meeting_outcome");
  /* Discovery lifts the optional objections ahead of required fields. */
  fill(record, "customer_needs", 0.9);
  plan(t, record, ps, disc, 1, true, &qd);
  assert_string_equal(qd.target_fields[0], "objections");
  json_decref(nego);
  json_decref(disc);
  json_decref(record);
  json_decref(ps);
  dbf_template_free(t);
}

static bool targets(const dbf_question_plan *q, const char *k) {
  for (size_t i = 0; i < q->n_targets; i++)
    if (strcmp(q->target_fields[i], k) == 0)
      return true;
  return false;
}

static void test_no_reask_of_confident_fields(void **state) {
  (void)state;
  dbf_template *t = load("sales_debrief");
  json_t *record = json_object(), *ps = json_object();
  fill(record, "meeting_outcome", 0.95);
  fill(record, "attendees", 0.3); /* tentative: still worth confirming */
  dbf_question_plan q;
  plan(t, record, ps, NULL, 1, true, &q);
  assert_false(targets(&q, "meeting_outcome"));
  for (int i = 0; i < 30 && !q.done; i++) {
    assert_false(targets(&q, "meeting_outcome"));
    dbf_plan_note_asked(ps, &q);
    plan(t, record, ps, NULL, 1, true, &q); /* answers fill nothing */
  }
  assert_true(q.done);
  json_decref(record);
  json_decref(ps);
  dbf_template_free(t);
}

static void test_follow_up_once(void **state) {
  (void)state;
  dbf_template *t = load("work_experience");
  json_t *record = json_object(), *ps = json_object();
  fill(record, "role_title", 0.9);
  fill(record, "company", 0.9);
  fill(record, "timeline", 0.9);
  dbf_question_plan q;
  plan(t, record, ps, NULL, 0.9, true, &q);
  assert_string_equal(q.target_fields[0], "responsibilities");
  dbf_plan_note_asked(ps, &q);
  /* "Backend stuff mostly." */
  plan(t, record, ps, NULL, 0.1, false, &q);
  assert_true(q.follow_up);
  assert_int_equal(q.n_targets, 1);
  assert_string_equal(q.target_fields[0], "responsibilities");
  const dbf_template_field *f = dbf_template_field_find(t, "responsibilities");
  assert_string_equal(q.text, f->follow_up);
  dbf_plan_note_asked(ps, &q);
  /* Vague again: no second follow-up, move on. */
  plan(t, record, ps, NULL, 0.1, false, &q);
  assert_false(q.follow_up);
  assert_false(targets(&q, "responsibilities"));
  /* A short but specific answer that filled its target draws no follow-up. */
  json_t *ps2 = json_object();
  plan(t, record, ps2, NULL, 0.9, true, &q);
  dbf_plan_note_asked(ps2, &q);
  fill_list(record, q.target_fields[0], "Payroll", "rostering");
  dbf_question_plan q2;
  plan(t, record, ps2, NULL, 0.2, true, &q2);
  assert_false(q2.follow_up);
  json_decref(ps2);
  json_decref(record);
  json_decref(ps);
  dbf_template_free(t);
}

/* The responsibilities question was just asked; the answer filled the field
   with its own words at full confidence. Returns whether a follow-up comes. */
static bool follows_up_after(const dbf_template *t, json_t *record, const char *answer) {
  json_t *ps = json_object();
  dbf_question_plan q;
  plan(t, record, ps, NULL, 0.9, true, &q);
  assert_string_equal(q.target_fields[0], "responsibilities");
  dbf_plan_note_asked(ps, &q);
  fill_list(record, "responsibilities", answer, NULL);
  dbf_extract_ctx ctx = {.tpl = t, .reference_date = "2026-10-06"};
  plan(t, record, ps, NULL, dbf_answer_specificity(&ctx, answer), true, &q);
  bool fu = q.follow_up && targets(&q, "responsibilities");
  json_object_del(record, "responsibilities");
  json_decref(ps);
  return fu;
}

/* A thin answer to a field kept in the person's own words ("helping out
   around the place") stores itself as the value; it still draws the one
   follow-up. A short answer naming two things, a name, or a full sentence
   of substance does not. */
static void test_thin_own_words_follow_up(void **state) {
  (void)state;
  dbf_template *t = load("work_experience");
  json_t *record = json_object();
  fill(record, "role_title", 0.9);
  fill(record, "company", 0.9);
  fill(record, "timeline", 0.9);
  assert_true(follows_up_after(t, record, "Helping out around the place."));
  assert_true(follows_up_after(t, record, "Whatever needed doing, really."));
  assert_true(follows_up_after(t, record, "the regular office work"));
  assert_true(follows_up_after(t, record, "Keeping things going, you know."));
  /* Near miss: a concrete sentence. */
  assert_false(follows_up_after(
      t, record, "Ran the night rota for twelve porters and handled escalations from the wards."));
  /* Near miss: two short items name the things themselves. */
  json_t *ps = json_object();
  dbf_question_plan q;
  plan(t, record, ps, NULL, 0.9, true, &q);
  dbf_plan_note_asked(ps, &q);
  fill_list(record, "responsibilities", "Payroll", "rostering");
  plan(t, record, ps, NULL, 0.2, true, &q);
  assert_false(q.follow_up);
  json_decref(ps);
  json_object_del(record, "responsibilities");
  json_object_del(record, "company");
  /* Near miss: a bare name for a field that holds names. */
  ps = json_object();
  plan(t, record, ps, NULL, 0.9, true, &q);
  assert_string_equal(q.target_fields[0], "company");
  dbf_plan_note_asked(ps, &q);
  fill(record, "company", 0.9);
  plan(t, record, ps, NULL, 0.1, true, &q);
  assert_false(q.follow_up);
  json_decref(ps);
  json_decref(record);
  dbf_template_free(t);
}

/* "No, they didn't mention anyone else" answers the question: no follow-up,
   and the field is not asked again (so the next answer cannot land in it). */
static void test_negation_draws_no_follow_up(void **state) {
  (void)state;
  dbf_template *t = load("sales_debrief");
  json_t *record = json_object(), *ps = json_object();
  for (size_t i = 0; i < t->n_required_fields; i++)
    fill(record, t->required_fields[i], 0.9);
  dbf_question_plan q;
  plan(t, record, ps, NULL, 0.9, true, &q);
  assert_false(q.done);
  char asked[64];
  snprintf(asked, sizeof asked, "%s", q.target_fields[0]);
  dbf_plan_note_asked(ps, &q);
  dbf_extract_ctx ctx = {.tpl = t, .reference_date = "2026-10-06"};
  double spec = dbf_answer_specificity(&ctx, "No, they didn't mention anyone else.");
  plan(t, record, ps, NULL, spec, false, &q);
  assert_false(q.follow_up);
  for (int turn = 0; turn < 12 && !q.done; turn++) {
    assert_false(targets(&q, asked));
    dbf_plan_note_asked(ps, &q);
    plan(t, record, ps, NULL, 0.9, true, &q);
  }
  json_decref(record);
  json_decref(ps);
  dbf_template_free(t);
}

static void test_skip_honoured(void **state) {
  (void)state;
  dbf_template *t = load("sales_debrief");
  json_t *record = json_object(), *ps = json_object();
  dbf_question_plan q;
  plan(t, record, ps, NULL, 1, true, &q);
  char skipped[64];
  snprintf(skipped, sizeof skipped, "%s", q.target_fields[0]);
  dbf_plan_note_asked(ps, &q);
  dbf_plan_note_skip(ps);
  for (int i = 0; i < 40; i++) {
    plan(t, record, ps, NULL, 0.1, false, &q); /* even a "vague" skip gets no follow-up */
    if (q.done)
      break;
    assert_false(targets(&q, skipped));
    for (size_t k = 0; k < q.n_targets; k++)
      fill(record, q.target_fields[k], 0.9);
    dbf_plan_note_asked(ps, &q);
  }
  assert_true(q.done);
  json_t *missing = NULL;
  assert_false(dbf_completion_check(t, record, 5, &missing));
  assert_int_equal(json_array_size(missing), 1);
  assert_string_equal(json_string_value(json_array_get(missing, 0)), skipped);
  json_decref(missing);
  /* max_turns ends it anyway. */
  assert_true(dbf_completion_check(t, record, t->max_turns, NULL));
  json_decref(record);
  json_decref(ps);
  dbf_template_free(t);
}

static void test_combines_related_fields(void **state) {
  (void)state;
  dbf_template *t = load("sales_debrief");
  json_t *record = json_object(), *ps = json_object();
  static const char *const known[] = {"meeting_outcome", "attendees", "customer_needs", "budget"};
  for (size_t i = 0; i < 4; i++)
    fill(record, known[i], 0.9);
  dbf_question_plan q;
  plan(t, record, ps, NULL, 1, true, &q);
  assert_int_equal(q.n_targets, 2);
  assert_string_equal(q.target_fields[0], "decision_timeline");
  assert_string_equal(q.target_fields[1], "decision_makers");
  dbf_plan_note_asked(ps, &q);
  fill(record, "decision_timeline", 0.9);
  /* The decision makers were only a passenger: they are asked again on their own. */
  plan(t, record, ps, NULL, 1, true, &q);
  assert_string_equal(q.target_fields[0], "decision_makers");
  assert_int_equal(q.n_targets, 1);
  json_decref(record);
  json_decref(ps);
  dbf_template_free(t);
}

static void test_max_turns_done(void **state) {
  (void)state;
  dbf_template *t = load("sales_debrief");
  json_t *record = json_object();
  json_t *ps = json_pack("{s:i}", "turns", t->max_turns);
  dbf_question_plan q;
  plan(t, record, ps, NULL, 1, true, &q);
  assert_true(q.done);
  json_decref(record);
  json_decref(ps);
  dbf_template_free(t);
}

static void test_opening_personalised(void **state) {
  (void)state;
  dbf_template *t = load("sales_debrief");
  json_t *subject = json_pack("{s:s, s:s, s:s, s:{s:s, s:s, s:[{s:s, s:s}]}}", "kind", "meeting",
                              "key", "account:acme", "title", "Fleet tracking demo", "attributes",
                              "meeting_type", "demo", "account", "Acme Corp", "attendees", "name",
                              "Priya Raman", "role", "VP Operations");
  json_t *items = json_pack("[{s:s, s:s}, {s:s, s:s}]", "field_key", "budget", "text",
                            "The budget approval was pending.", "field_key", "next_steps", "text",
                            "You planned to send the proposal by 2026-03-01");
  dbf_plan_input in = {.tpl = t, .subject = subject, .open_items = items};
  dbf_question_plan q;
  dbf_status st = {0};
  assert_int_equal(dbf_plan_opening(&in, &q, &st), DBF_OK);
  print_message("%s\n", q.text);
  assert_non_null(strstr(q.text, "demo"));
  assert_non_null(strstr(q.text, "Acme Corp"));
  assert_non_null(strstr(q.text, "Priya Raman"));
  assert_non_null(strstr(q.text, "Last time, the budget approval was pending. Has that changed?"));
  assert_non_null(strstr(q.text, "2026-03-01. Did that happen?"));
  assert_non_null(strstr(q.text, t->opening));
  assert_false(q.done);
  /* No subject: just the template's opening. */
  dbf_plan_input bare = {.tpl = t};
  assert_int_equal(dbf_plan_opening(&bare, &q, &st), DBF_OK);
  assert_string_equal(q.text, t->opening);
  json_decref(subject);
  json_decref(items);
  dbf_template_free(t);
}

int main(void) {
  dbf_alloc_install();
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_required_first_and_done),
      cmocka_unit_test(test_context_boost_changes_order),
      cmocka_unit_test(test_no_reask_of_confident_fields),
      cmocka_unit_test(test_follow_up_once),
      cmocka_unit_test(test_thin_own_words_follow_up),
      cmocka_unit_test(test_negation_draws_no_follow_up),
      cmocka_unit_test(test_skip_honoured),
      cmocka_unit_test(test_combines_related_fields),
      cmocka_unit_test(test_max_turns_done),
      cmocka_unit_test(test_opening_personalised),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
