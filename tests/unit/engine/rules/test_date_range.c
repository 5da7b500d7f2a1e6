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

/* Runs text as the answer to target with a timeline already held at conf
   and checks the timeline it puts (NULL start: none put). */
static void expect_passing(fixture *fx, const char *held, double conf, const char *target,
                           const char *text, const char *start, const char *end) {
  json_error_t err;
  json_t *rec = json_loads(held, 0, &err);
  assert_non_null(rec);
  json_t *r = json_pack("{s:{s:O,s:f}}", "timeline", "value", rec, "confidence", conf);
  json_t *u = fx_run_with(fx, fx->work, r, target, text);
  const json_t *v = fx_val(u, "timeline");
  const char *s = json_string_value(json_object_get(v, "start"));
  const char *e = json_string_value(json_object_get(v, "end"));
  bool ok = start ? s && strcmp(s, start) == 0 && (end ? e && strcmp(e, end) == 0 : !e) : !v;
  if (!ok)
    fail_msg("'%s': timeline %s, want %s..%s", text, fx_dump(u, "timeline"), start ? start : "none",
             end ? end : "none");
  json_decref(u);
  json_decref(r);
  json_decref(rec);
}

/* A date said in another answer with a correction cue, after the span was
   given when asked: it corrects an event, not the job, unless what it
   takes back is a year of the held span. */
static void test_range_passing_correction(void **state) {
  fixture *fx = *state;
  const char *held = "{\"start\":\"2014-02\",\"end\":\"2022-07\"}";
  static const char *const said[][2] = {
      {"challenges",
       "The 2017 warehouse fire, no sorry, that was 2019, the roof went and we lost stock."},
      {"role_title", "Dispatcher, well actually I got made head dispatcher in 2020."},
      {"challenges",
       "the audit in twenty sixteen no wait twenty eighteen was brutal for the whole team"},
      {"tools_technologies", "We moved onto Workday, no, SuccessFactors, in 2021."},
  };
  for (size_t i = 0; i < DBF_ARRAY_LEN(said); i++)
    expect_passing(fx, held, 0.85, said[i][0], said[i][1], NULL, NULL);
  /* Near miss: what it takes back is the held start's year. */
  expect_passing(fx, held, 0.85, "achievements",
                 "Oh and I said I started in 2014, no sorry, it was March 2015.", "2015-03", NULL);
}

/* A span said in passing in another answer, once a span is known at both
   ends, that starts later than the known start is an event in the role. */
static void test_range_passing_span(void **state) {
  fixture *fx = *state;
  const char *held = "{\"start\":\"2012-05\",\"end\":\"2021-11\"}";
  static const char *const said[][2] = {
      {"impact_metrics", "Membership grew from 900 in 2016 to 2,400 by 2019."},
      {"challenges", "the floods shut the depot from 2017 until 2018 and we ran out of a car park"},
      {"impact_metrics", "zero lost days 2015-2020 on my crew"},
      {"challenges", "When the subsidy ended in 2019 half our clients dropped away."},
  };
  for (size_t i = 0; i < DBF_ARRAY_LEN(said); i++)
    expect_passing(fx, held, 0.5, said[i][0], said[i][1], NULL, NULL);
  /* Near miss: an earlier start said in passing still replaces it. */
  expect_passing(fx, held, 0.5, "achievements",
                 "I was there from March 2010 until November 2021 in the end.", "2010-03",
                 "2021-11");
}

/* A span typed short: a month after its year with a slash or a dot, or a
   year as an apostrophe and two digits, at either end. */
static void test_range_typed_short(void **state) {
  fixture *fx = *state;
  expect_range(fx, "2013.05 ~ 2018.10", "2013-05", "2018-10");
  expect_range(fx, "2019/01 - 2022/04, contract ended", "2019-01", "2022-04");
  expect_range(fx, "'15 to '19 then i moved on", "2015", "2019");
  expect_range(fx, "since '21, still there", "2021", "present");
  expect_range(fx, "was there 2020.06 until present", "2020-06", "present");
  /* Near miss: a pair of years read as one season is no month. */
  expect_range(fx, "from the 2016/17 season to 2022", "2016", "2022");
}

/* A correction cue after an end word that named no date ("stayed till
   the merger, no wait"): the date said after it with a word of leaving is
   the end, and the start stays. */
static void test_range_end_word_taken_back(void **state) {
  fixture *fx = *state;
  expect_range(fx,
               "I began in May 2015 and stayed till the merger, no wait, after it too, I left in "
               "2019.",
               "2015-05", "2019");
  expect_range(fx,
               "i start in april twenty twelve and stay until the new owner came no sorry i stay "
               "longer i leave in march twenty sixteen",
               "2012-04", "2016-03");
  expect_range(fx,
               "Joined in 2010 and was there until the restructure... actually no, until the "
               "office move, which was June 2014.",
               "2010", "2014-06");
  expect_range(fx,
               "started feb 2018 till the lockdown, no wait i mean i stayed on after, left august "
               "2021",
               "2018-02", "2021-08");
  /* Near misses: the cue takes back the start. */
  expect_range(fx, "since 2014 till now, no wait, since 2015", "2015", "present");
  expect_range(fx, "I started in 2016 and stayed, no sorry, I started in 2017, still there.",
               "2017", "present");
}

/* The end counted back in years from now with its month named beside it
   ("resigned 4 years ago in March"): that month, in the year reached. */
static void test_range_years_ago_month(void **state) {
  fixture *fx = *state;
  expect_range(fx, "joined in May 2019 and left three years ago in August", "2019-05", "2023-08");
  expect_range(fx, "started march twenty eighteen and quit two years ago in february", "2018-03",
               "2024-02");
  expect_range(fx, "i started in october 2020 and i left one year ago in november", "2020-10",
               "2025-11");
  expect_range(fx, "Hired July 2012; resigned 4 years ago in March.", "2012-07", "2022-03");
  /* Near misses: no month beside it, or a season. */
  expect_range(fx, "Began in 2015, left two years ago.", "2015", "2024");
  expect_range(fx, "started in 2016 and left 3 years ago, I think in the spring", "2016", "2023");
}

/* A month and two digits typed as the start, then a join and a word that
   the job goes on: the two digits are the year. */
static void test_range_short_year_to_now(void **state) {
  fixture *fx = *state;
  static const char *const said[][2] = {
      {"jan 19 - now", "2019-01"},
      {"Sept 16 to present", "2016-09"},
      {"apr 21 - current, contract role", "2021-04"},
      {"nov 18 till today", "2018-11"},
  };
  for (size_t i = 0; i < DBF_ARRAY_LEN(said); i++)
    expect_range(fx, said[i][0], said[i][1], "present");
  /* Near miss: both ends typed so still read as before. */
  expect_range(fx, "Sept 16 to Dec 20", "2016-09", "2020-12");
}

/* A spoken self-repair inside the range: a bare "no" between two dates
   takes the first back, an apology right after the repaired date takes
   back nothing more, and a verb of starting after the cue says the repair
   is the start's. */
static void test_range_spoken_repair(void **state) {
  fixture *fx = *state;
  expect_range(fx, "from june twenty seventeen no june twenty eighteen sorry until last april",
               "2018-06", "2026-04");
  expect_range(fx, "began feb 2016. no oct 2015 i was on probation first. still employed there.",
               "2015-10", "present");
  expect_range(fx, "april 2012 until july 2019 no august 2019 when the lease ran out", "2012-04",
               "2019-08");
  expect_range(fx,
               "from may twenty nineteen till june twenty twenty three about four years hmm no "
               "wait i joined in twenty eighteen may twenty eighteen",
               "2018-05", "2023-06");
  expect_range(fx, "October 2014 to March 2020, actually I began in 2013, September 2013.",
               "2013-09", "2020-03");
  /* Near misses: a "no" that answers, and one before no date. */
  expect_range(fx, "No, I joined in March 2016 and left in May 2021.", "2016-03", "2021-05");
  expect_range(fx, "from 2014 to 2018 no regrets", "2014", "2018");
}

/* A month and two digits typed as the start, then a join and an end
   with its year said or counted from now ("this yr"), or "since" before
   it: the two digits are the start's year. */
static void test_range_short_year_to_dated_end(void **state) {
  fixture *fx = *state;
  static const char *const said[][3] = {
      {"oct 19 to feb this year", "2019-10", "2026-02"},
      {"barista then shift mgr, nov 21 - jun 2024", "2021-11", "2024-06"},
      {"aug 17 till may last yr when the site shut", "2017-08", "2025-05"},
      {"since sept 23 and still at it", "2023-09", "present"},
      {"site lead at a depot since feb 22, still there", "2022-02", "present"},
      /* Near misses: a day with its year at the end, and a day said alone. */
      {"from March 12, 2021 to June 2024", "2021-03-12", "2024-06"},
      {"I started on the 14th of March 2019.", "2019-03-14", NULL},
  };
  for (size_t i = 0; i < DBF_ARRAY_LEN(said); i++)
    expect_range(fx, said[i][0], said[i][1], said[i][2]);
}

/* An aside in brackets with a year of another calendar or a note: no
   end of the range said outside them. */
static void test_range_bracket_aside(void **state) {
  fixture *fx = *state;
  static const char *const said[][3] = {
      {"mar 2015 (ramadan 1436 by the hijri count) until dec 2019", "2015-03", "2019-12"},
      {"June 2012 (I was 23, fresh from the class of 2011) to April 2018", "2012-06", "2018-04"},
      {"from 2009 [year 5770 on the hebrew calendar] to 2014 when we closed", "2009", "2014"},
      {"nov 2016 (that's 2559 in thai years haha) - aug 2021", "2016-11", "2021-08"},
      /* Near misses: the range itself in brackets, and a month aside. */
      {"Warehouse lead (March 2017 to May 2022)", "2017-03", "2022-05"},
      {"2014 (from august) until 2020", "2014-08", "2020"},
  };
  for (size_t i = 0; i < DBF_ARRAY_LEN(said); i++)
    expect_range(fx, said[i][0], said[i][1], said[i][2]);
}

/* An end said back from now after a verb of leaving, in months or weeks,
   with a bare "now" after it for what came next: that month. A word that
   the job goes on keeps it open. */
static void test_range_left_lately(void **state) {
  fixture *fx = *state;
  static const char *const said[][3] = {
      {"started in april 2019 and left last month, now doing contract work", "2019-04", "2026-09"},
      {"joined june 2020 finished a few weeks ago", "2020-06", "2026-09"},
      {"Began in August 2017. I quit 2 weeks ago and now I'm travelling.", "2017-08", "2026-09"},
      {"from feb 2022 i resigned three months ago im home with the baby now", "2022-02", "2026-07"},
      /* Near misses: the job goes on; someone else left. */
      {"since 2019 and still there now, my boss left last month", "2019", "present"},
      {"Started in May 2020 and I'm currently there.", "2020-05", "present"},
  };
  for (size_t i = 0; i < DBF_ARRAY_LEN(said); i++)
    expect_range(fx, said[i][0], said[i][1], said[i][2]);
}

/* With a span held from an earlier answer, the held start's year said in
   passing in another answer is no new start; an earlier year still is. */
static void test_range_passing_same_year(void **state) {
  fixture *fx = *state;
  const char *held = "{\"start\":\"2019-04\",\"end\":\"2025-02\"}";
  static const char *const said[][2] = {
      {"challenges", "in 2019 nobody knew the tills so i started a training rota"},
      {"achievements", "Opened the second kitchen back in 2019, my first big win."},
      {"challenges", "twenty nineteen was rough we lost two suppliers"},
      {"impact_metrics", "waste down 30% vs 2019 when I started"},
  };
  for (size_t i = 0; i < DBF_ARRAY_LEN(said); i++)
    expect_passing(fx, held, 0.5, said[i][0], said[i][1], NULL, NULL);
  /* Near miss: an earlier year said with a start verb still replaces it. */
  expect_passing(fx, held, 0.5, "achievements", "I actually started there in 2018, as a temp.",
                 "2018", NULL);
}

/* A month without its year after a correction cue repairs the start's
   month; a later end said with a named day of the same month stays the
   end. */
static void test_range_month_repair_then_end(void **state) {
  fixture *fx = *state;
  static const char *const said[][3] = {
      {"I joined in May 2016, no sorry, it was June, the paperwork was late, and I left at the "
       "end of June 2023.",
       "2016-06", "2023-06"},
      {"started march twenty twelve actually no it was april and i left the end of may twenty "
       "nineteen",
       "2012-04", "2019-05"},
      {"Began in Jan 2010, sorry, Feb, and quit at the end of November 2015.", "2010-02",
       "2015-11"},
      {"from july 2014 no wait august and finished end of march 2021", "2014-08", "2021-03"},
      /* Near misses: a day said with its own year stays a day; no cue. */
      {"joined on 3 May 2011 and left on 20 June 2018", "2011-05-03", "2018-06-20"},
      {"Joined in May 2016 and quit at the end of June 2023.", "2016-05", "2023-06"},
  };
  for (size_t i = 0; i < DBF_ARRAY_LEN(said); i++)
    expect_range(fx, said[i][0], said[i][1], said[i][2]);
}

/* A year, then "may" or "march" in lower case and a hedge, dictated with
   no comma: the month of that year. */
static void test_range_year_then_month_hedged(void **state) {
  fixture *fx = *state;
  static const char *const said[][3] = {
      {"from twenty twelve march i think to twenty eighteen", "2012-03", "2018"},
      {"started in summer 2016 may i want to say, left in july 2020", "2016-05", "2020-07"},
      {"joined 2019 march i guess and still there", "2019-03", "present"},
      {"2011 may i believe until 2015", "2011-05", "2015"},
      /* Near misses: "may" as a verb after a year. */
      {"from 2013 to 2017 may have been longer", "2013", "2017"},
      {"since 2021 may i add and still there", "2021", "present"},
  };
  for (size_t i = 0; i < DBF_ARRAY_LEN(said); i++)
    expect_range(fx, said[i][0], said[i][1], said[i][2]);
}

/* A formal apology as the correction cue ("I beg your pardon"): the date
   after it replaces the one before it. */
static void test_range_formal_repair(void **state) {
  fixture *fx = *state;
  static const char *const said[][3] = {
      {"I took up the post in March 2013. I beg your pardon, April 2013. It ended in 2019.",
       "2013-04", "2019"},
      {"i began in june 2008 i beg your pardon july 2008 and retired in 2020", "2008-07", "2020"},
      {"From 2004 until 2011; I beg your pardon, until 2012.", "2004", "2012"},
      {"Appointed October 2015 - I beg your pardon - November 2015, and I am still in post.",
       "2015-11", "present"},
      /* Near miss: no cue, both ends stay. */
      {"I took up the post in March 2013 and it ended in April 2019.", "2013-03", "2019-04"},
  };
  for (size_t i = 0; i < DBF_ARRAY_LEN(said); i++)
    expect_range(fx, said[i][0], said[i][1], said[i][2]);
}

/* A season counted back from now as the end, then the close of a month
   without its year: that month of the season's year. */
static void test_range_season_then_month_close(void **state) {
  fixture *fx = *state;
  static const char *const said[][3] = {
      {"from may 2017 till last spring the end of april", "2017-05", "2026-04"},
      {"Started June 2019 and stayed until last summer, the end of July.", "2019-06", "2026-07"},
      {"i was there from feb twenty twenty until last autumn end of october", "2020-02", "2025-10"},
      {"Hired in 2018; left 2023, the end of March.", "2018", "2023-03"},
      /* Near miss: the close of a month said from now stays this year's. */
      {"joined in March 2020 and am leaving at the end of November", "2020-03", "2026-11"},
  };
  for (size_t i = 0; i < DBF_ARRAY_LEN(said); i++)
    expect_range(fx, said[i][0], said[i][1], said[i][2]);
}

/* A later date with no end word and then words that the person is still in
   the job: a stage of it, the start kept and no end. A later date after a
   leave word, or a still said of something else, stays the end. */
static void test_range_stage_then_still_in_job(void **state) {
  fixture *fx = *state;
  static const char *const said[][3] = {
      {"I began on the bakery line in May 2015, took over the night shift in 2019 and I'm still "
       "there.",
       "2015-05", "present"},
      {"joined as a cadet in september twenty sixteen got my own patch in twenty twenty still "
       "working there",
       "2016-09", "present"},
      {"Started at the front desk in 2012; switched into accounts in 2018. Still with them today.",
       "2012", "present"},
      {"took a lab tech post in march 2017 ran the whole lab by 2021 still here", "2017-03",
       "present"},
      /* Near misses. */
      {"Started in April 2014 and left in 2020, still in touch with the owner.", "2014-04", "2020"},
      {"From June 2011 to 2016. Still there? No, long gone.", "2011-06", "2016"},
  };
  for (size_t k = 0; k < sizeof said / sizeof said[0]; k++)
    expect_range(fx, said[k][0], said[k][1], said[k][2]);
}

/* The start kept, then a leave verb, a month without its year and a
   correction with the dated month: the end, the start kept. A correction
   of the start itself still replaces it. */
static void test_range_left_month_then_repair(void **state) {
  fixture *fx = *state;
  static const char *const said[][3] = {
      {"I began in May 2012 and left in the July, no, it was August 2019.", "2012-05", "2019-08"},
      {"joined in february twenty fifteen and quit in the june no sorry july twenty twenty",
       "2015-02", "2020-07"},
      {"Started January 2010; finished in June, no wait, May 2016.", "2010-01", "2016-05"},
      {"Signed on in April 2013. I quit in March, sorry, my last day was the 2nd of February, so "
       "February 2018.",
       "2013-04", "2018-02"},
      {"i started march 2018 left in the november no actually december 2022 december", "2018-03",
       "2022-12"},
      /* Near miss: the start taken back. */
      {"Started in March 2016, no, actually it was April 2016, and left in 2021.", "2016-04",
       "2021"},
  };
  for (size_t k = 0; k < sizeof said / sizeof said[0]; k++)
    expect_range(fx, said[k][0], said[k][1], said[k][2]);
}

/* Said formally, that the person remains in the job: the end is now. */
static void test_range_remain_in_post(void **state) {
  fixture *fx = *state;
  static const char *const said[][3] = {
      {"I took up the appointment in October 2017 and remain in post.", "2017-10", "present"},
      {"Appointed March 2020; I remain employed by the trust.", "2020-03", "present"},
      {"I was engaged in January 2016 and I remain there as of today.", "2016-01", "present"},
      {"Hired in August 2013, promoted to registrar in 2018, and I remain in post.", "2013-08",
       "present"},
      /* Near miss: a remaining task is no word of the job going on. */
      {"Started in May 2012 and left in 2019; a few files remain unsigned.", "2012-05", "2019"},
  };
  for (size_t k = 0; k < sizeof said / sizeof said[0]; k++)
    expect_range(fx, said[k][0], said[k][1], said[k][2]);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_range_leave_after_stage),
      cmocka_unit_test(test_range_finish_at_month_end),
      cmocka_unit_test(test_range_passing_correction),
      cmocka_unit_test(test_range_passing_span),
      cmocka_unit_test(test_range_typed_short),
      cmocka_unit_test(test_range_end_word_taken_back),
      cmocka_unit_test(test_range_years_ago_month),
      cmocka_unit_test(test_range_short_year_to_now),
      cmocka_unit_test(test_range_spoken_repair),
      cmocka_unit_test(test_range_short_year_to_dated_end),
      cmocka_unit_test(test_range_bracket_aside),
      cmocka_unit_test(test_range_left_lately),
      cmocka_unit_test(test_range_passing_same_year),
      cmocka_unit_test(test_range_month_repair_then_end),
      cmocka_unit_test(test_range_year_then_month_hedged),
      cmocka_unit_test(test_range_formal_repair),
      cmocka_unit_test(test_range_season_then_month_close),
      cmocka_unit_test(test_range_stage_then_still_in_job),
      cmocka_unit_test(test_range_left_month_then_repair),
      cmocka_unit_test(test_range_remain_in_post),
  };
  return cmocka_run_group_tests(tests, fx_setup, fx_teardown);
}
