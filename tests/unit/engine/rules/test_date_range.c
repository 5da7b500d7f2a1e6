/*
 * test_date_range.c - tests for server/engine/rules/date_range.c: the
 * {"start","end"} of a job.
 */
#include "fixture.h"

/* Runs text as the timeline answer and checks start and end (NULL: none). */
static void expect_range(fixture *fx, const char *text, const char *start, const char *end) {
  json_t *u = fx_run(fx, fx->work, "timeline", text);
  const json_t *v = fx_val(u, "timeline");
  const char *s = json_string_value(json_object_get(v, "start"));
  const char *e = json_string_value(json_object_get(v, "end"));
  bool ok = (start ? s && strcmp(s, start) == 0 : !s) && (end ? e && strcmp(e, end) == 0 : !e);
  if (!ok)
    fail_msg("'%s': timeline %s, want %s..%s", text, fx_dump(u, "timeline"), start ? start : "none",
             end ? end : "none");
  json_decref(u);
}

/* Stages of one job, then the day the person left: the start, a middle
   stage with no leave word, and a later date after one; the last is the
   end. A span said with a join word keeps its own end. */
static void test_range_leave_after_stage(void **state) {
  fixture *fx = *state;
  expect_range(fx,
               "Joined as a trainee in May 2016. Made shift supervisor 2019. Quit in March 2024.",
               "2016-05", "2024-03");
  expect_range(
      fx, "i begin like junior fitter june 2012 then get my ticket 2015 and i left october 2020",
      "2012-06", "2020-10");
  expect_range(fx, "Hired as a porter Feb 2010, head porter by 2014, resigned in November 2018.",
               "2010-02", "2018-11");
  expect_range(fx, "started on the tills in 2011 moved into buying 2016 finally retired in 2023",
               "2011", "2023");
  /* Near misses: the span's own end stays. */
  expect_range(fx, "From April 2013 to August 2019. I left in 2021 for a rival, sadly.", "2013-04",
               "2019-08");
  expect_range(fx, "Began in July 2008 and worked there until 2015.", "2008-07", "2015");
}

/* The end said from now after a verb of leaving, the close of the
   current month: the month it falls in. A leave word with no date after it
   ends nothing. */
static void test_range_finish_at_month_end(void **state) {
  fixture *fx = *state;
  expect_range(fx, "Started in June 2021; my last day, I finish end of this month.", "2021-06",
               "2026-10");
  expect_range(fx, "joined feb 2019 and im leaving at the end of the month", "2019-02", "2026-10");
  expect_range(fx, "Began in March 2020; I leave at the end of October.", "2020-03", "2026-10");
  expect_range(fx, "since april 2018 and finishing end of this month", "2018-04", "2026-10");
  /* Near misses. */
  expect_range(fx, "Started in June 2021, still there, no plans to leave.", "2021-06", "present");
  expect_range(fx, "I started in May 2017 and I sign off on leave requests.", "2017-05", NULL);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_range_leave_after_stage),
      cmocka_unit_test(test_range_finish_at_month_end),
  };
  return cmocka_run_group_tests(tests, fx_setup, fx_teardown);
}
