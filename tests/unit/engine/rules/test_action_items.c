/*
 * test_action_items.c - tests for server/engine/rules/action_items.c: the
 * agreed next steps (action, owner, due) read from one answer.
 */
#include "fixture.h"

typedef struct said {
  const char *target; /* the question's field */
  const char *text;
} said;

/* True when the next steps of u hold an action containing want. */
static bool has_action(const json_t *u, const char *want) {
  const json_t *v = fx_val(u, "next_steps");
  size_t i;
  const json_t *it;
  json_array_foreach(v, i, it) {
    const char *a = json_string_value(json_object_get(it, "action"));
    if (a && strstr(a, want))
      return true;
  }
  return false;
}

/* Each answer gives no next step. */
static void expect_no_steps(fixture *fx, const said *in, size_t n) {
  for (size_t k = 0; k < n; k++) {
    json_t *u = fx_run(fx, fx->sales, in[k].target, in[k].text);
    if (fx_val(u, "next_steps"))
      fail_msg("'%s' (asked %s): want no step, got %s", in[k].text, in[k].target,
               fx_dump(u, "next_steps"));
    json_decref(u);
  }
}

/* Said to another question, the customer's decision ("they'll decide",
   "the committee will award", "they'll make the call") dates the decision;
   no step was agreed. */
static void test_decision_in_passing_is_no_step(void **state) {
  static const said in[] = {
      {"decision_timeline", "They'll decide after the pilot wraps up, probably by mid March."},
      {"decision_timeline", "They will pick a supplier at the quarterly review on the 14th."},
      {"decision_timeline", "probably they'll make the call once the trial ends in late june"},
      {"decision_timeline", "they will choose between us and the incumbent by end of april"},
      {"decision_timeline", "Their committee will award the tender in the first week of December."},
  };
  expect_no_steps(*state, in, sizeof in / sizeof in[0]);
}

/* Said to another question, a plan of the customer as a whole ("they'll
   roll it out") and a clause opened by a thing or a count ("contract runs
   out", "Decision will be", "Second, ...") are no agreed step. */
static void test_customer_plan_in_passing_is_no_step(void **state) {
  static const said in[] = {
      {"meeting_outcome", "They're going to roll it out to all twelve depots by the end of May."},
      {"meeting_outcome", "they'll extend the contract for two more years from january"},
      {"decision_timeline",
       "contract runs out on the 31st of January so they need something by then"},
      {"decision_timeline", "Decision will be at the trustees meeting on 3 February."},
      {"decision_timeline", "Second, the finance director signs it off by the 20th."},
  };
  expect_no_steps(*state, in, sizeof in / sizeof in[0]);
}

/* Near misses: a step of ours or of a named person, said in passing with a
   date, stays a step. */
static void test_steps_in_passing_stay(void **state) {
  fixture *fx = *state;
  static const struct {
    said in;
    const char *want;
  } cases[] = {
      {{"meeting_outcome", "Good meeting. I'll send the revised quote by Friday."},
       "send revised quote"},
      {{"meeting_outcome", "They liked it and Marco will send the floor plans by the 20th."},
       "send floor plans"},
      {{"meeting_outcome", "went well, our engineer will visit the plant next Tuesday"},
       "visit plant"},
      {{"decision_timeline",
        "They decide in March, and I'll send the business case by the 12th so it's on the agenda."},
       "send business case"},
  };
  for (size_t k = 0; k < sizeof cases / sizeof cases[0]; k++) {
    json_t *u = fx_run(fx, fx->sales, cases[k].in.target, cases[k].in.text);
    if (!has_action(u, cases[k].want))
      fail_msg("'%s': want '%s' in %s", cases[k].in.text, cases[k].want, fx_dump(u, "next_steps"));
    json_decref(u);
  }
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_decision_in_passing_is_no_step),
      cmocka_unit_test(test_customer_plan_in_passing_is_no_step),
      cmocka_unit_test(test_steps_in_passing_stay),
  };
  return cmocka_run_group_tests(tests, fx_setup, fx_teardown);
}
