/*
 * test_metrics.c - tests for server/engine/rules/metrics.c: measurable
 * results, a metric and its value, read from one answer.
 */
#include "fixture.h"

/* The number of items in the impact_metrics value of updates u. */
static size_t n_metrics(const json_t *u) {
  const json_t *v = fx_val(u, "impact_metrics");
  return json_is_array(v) ? json_array_size(v) : 0;
}

/* Runs each of texts as the answer to target: each must give want
   impact metrics. */
static void expect_counts(fixture *fx, const char *target, const char *const *texts, size_t n,
                          size_t want) {
  for (size_t k = 0; k < n; k++) {
    json_t *u = fx_run(fx, fx->work, target, texts[k]);
    if (n_metrics(u) != want)
      fail_msg("'%s' as %s: want %zu metrics, got %s", texts[k], target, want,
               fx_dump(u, "impact_metrics"));
    json_decref(u);
  }
}

/* A figure in the answer about the difficulties faced or about the team
   is the pressure or the setting, not a result: read in passing, it stays
   out. A result told in passing in another answer still comes in. */
static void test_context_answers_hold_no_result(void **state) {
  fixture *fx = *state;
  static const char *const pressure[] = {
      "Freight rates tripled over one summer, so every lane had to be rebid.",
      "steel prices nearly doubled in a year and i had to requote half the jobs",
      "Patient numbers doubled in flu season while two of our nurses were off.",
      "The worst stretch was when ticket volume quadrupled after the launch and we were four "
      "agents.",
  };
  expect_counts(fx, "challenges", pressure, sizeof pressure / sizeof pressure[0], 0);
  static const char *const team[] = {
      "Eleven engineers; we closed about 300 tickets a week, which doubled in winter.",
  };
  expect_counts(fx, "team_context", team, 1, 0);
  static const char *const results[] = {
      "I cut the scrap rate on line two from 9% to 3%.",
      "we rebuilt the booking flow and online orders doubled",
  };
  expect_counts(fx, "achievements", results, sizeof results / sizeof results[0], 1);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_context_answers_hold_no_result),
  };
  return cmocka_run_group_tests(tests, fx_setup, fx_teardown);
}
