/*
 * test_date.c - tests for server/engine/rules/date.c: one date, such as a
 * decision date, resolved against the meeting date (2026-10-06).
 */
#include "fixture.h"

/* The decision date read from text as the decision_timeline answer. */
static void expect_decision(fixture *fx, const char *text, const char *want) {
  fx_expect_str(fx, fx->sales, "decision_timeline", "decision_timeline", text, want);
}

/* A month's end said loosely and a day named in that same month elsewhere
   in the answer: the named day is the date. */
static void test_date_named_day_inside_loose_month_end(void **state) {
  fixture *fx = *state;
  expect_decision(fx,
                  "Signature hoped for before the end of November. Their committee actually "
                  "meets on November 19th, so that's it.",
                  "2026-11-19");
  expect_decision(fx,
                  "end of dec is the target but realistically the trustees sit on the 12th of "
                  "december",
                  "2026-12-12");
  expect_decision(fx, "Decision by end of January. The steering group convenes 21 January.",
                  "2027-01-21");
  expect_decision(fx, "procurement closes end feb and the vote itself is feb 17", "2027-02-17");
}

/* A loose month end alone stays the month's last day. */
static void test_date_loose_month_end_alone(void **state) {
  fixture *fx = *state;
  expect_decision(fx, "Verdict expected by the end of November.", "2026-11-30");
  expect_decision(fx, "Sign-off by the end of March, no firm day yet.", "2027-03-31");
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_date_named_day_inside_loose_month_end),
      cmocka_unit_test(test_date_loose_month_end_alone),
  };
  return cmocka_run_group_tests(tests, fx_setup, fx_teardown);
}
