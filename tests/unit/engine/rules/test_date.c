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

/* Answers and the decision date each must give, one block a shape; ends
   with a NULL text. */
static const struct {
  const char *text;
  const char *want;
} k_decision_cases[] = {
    /* A decision told as already made, its day said as a weekday (alone or
       with a day of the month): the last such day on or before the
       meeting. */
    {"It's settled already, the trustees picked a vendor on Thursday.", "2026-10-01"},
    {"they went for the other bid this past monday", "2026-10-05"},
    {"Already decided. Signed Wednesday the 30th.", "2026-09-30"},
    {"it's over they chose the incumbent at the board meeting on monday", "2026-10-05"},
    {"it's done the owners made up their minds saturday morning", "2026-10-03"},
    /* A weekday still ahead, or one already said as the last, stays. */
    {"they'll decide at the board meeting on friday", "2026-10-09"},
    {"Decision on Thursday the 15th.", "2026-10-15"},
    {"the committee already approved it last Friday", "2026-10-02"},
    {"nothing decided yet, they want to sign on Monday", "2026-10-12"},
    /* An answer that says there is no date keeps no phrase either; a date
       said after it, or a phrase alone, still counts. */
    {"nothing yet, she gave no timeline whatsoever", NULL},
    {"there's no date on it, too soon to tell", NULL},
    {"no deadline mentioned they're just browsing", NULL},
    {"n/a. honestly no time frame given", NULL},
    {"no date yet but they'll decide by March 15", "2027-03-15"},
    {"after their board meeting", "after their board meeting"},
    /* The end of the term they are in, beside the decision's own date, is
       not the decision date; said alone it still is. */
    {"Their lease expires March 31, so a vendor gets chosen by February 12.", "2027-02-12"},
    {"the current licence runs out on 30 November, and they'll decide on the 20th of October",
     "2026-10-20"},
    {"support contract ends dec 31 so they need sign off by dec 4", "2026-12-04"},
    {"The agreement lapses 15 January. The board meets 10 December to choose.", "2026-12-10"},
    {"the contract expires June 30 and that's their deadline", "2027-06-30"},
    /* An ordinal week inside a named month ("the second week of
       December", typed "2nd wk of dec"): that month. */
    {"the trustees vote sometime in the third week of January", "2027-01"},
    {"sign off expected 2nd wk of nov", "2026-11"},
    {"Realistically the last week in February, once the auditors leave.", "2027-02"},
    {"procurement panel sits first week of march then they pick", "2027-03"},
    {"ops review 4th wk of dec, yes or no there", "2026-12"},
    /* An ordinal weekday of this month or the next, said without its name:
       that day. */
    {"their panel votes the last thursday of this month", "2026-10-29"},
    {"The council meets the first Tuesday of next month.", "2026-11-03"},
    {"decision at the second wednesday of the month review", "2026-10-14"},
    {"final call lands the last friday of next month", "2026-11-27"},
    /* A day written first with a dot ("3. December"): that day. */
    {"Signing planned for 3. December.", "2026-12-03"},
    {"the board meets 14. January to decide", "2027-01-14"},
    {"they commit by 21. November at the latest", "2026-11-21"},
    {"go or no-go on 9. March, per the CFO", "2027-03-09"},
    /* A week that is not inside a month, or a relative last week, stays
       what it was. */
    {"the first week of the pilot was rough, they decide on Friday", "2026-10-09"},
    {"the last week of the trial ends friday and they decide then", "2026-10-09"},
    {"it's done, they signed with the incumbent last week", "2026-09-29"},
    {"the second week went on legal review; decision by March 15", "2027-03-15"},
    /* A date the decision will not come before, with a later one said:
       the later one; said alone it stays. */
    {"Not before their audit closes on 12 November; realistically the board takes it in "
     "December.",
     "2026-12"},
    {"no earlier than 3 february, the steering group likely signs off mid-february", "2027-02-15"},
    {"Jan 20 at the earliest. More likely their March council picks.", "2027-03"},
    {"nothing moves before the rates vote on November 4th, the mayor signs November 25th",
     "2026-11-25"},
    {"they won't commit before the pilot review on 2 december. january is the realistic month",
     "2027-01"},
    {"Not before 15 January.", "2027-01-15"},
    {"they pick in June, no, before 20 May, and the rollout follows in September", "2027-05-20"},
    {"the panel chooses in june no before 20 may and the rollout follows in september",
     "2027-05-20"},
    {"they'll decide on 9 December, nothing before that", "2026-12-09"},
    /* Dictated with no punctuation, one event runs into the next: the
       decision word holds the first date after it, the other events keep
       theirs. */
    {"the lease runs out january 31 the partners decide by january 12", "2027-01-12"},
    {"bids are due november 20 award on december 4", "2026-12-04"},
    {"pilot wraps up end of october decision on the full fleet in november", "2026-11"},
    {"their audit is in january they will sign off in february", "2027-02"},
    {"the trustees vote on march 3 the new wing opens in june", "2027-03-03"},
    /* ... and a decision word with no date after it holds the one before;
       punctuated, each clause still keeps its own. */
    /* ... unless the end of a term is said between the two: then it
       holds the date before it, and that term's end is no day of the
       month the decision is said in. */
    {"the board meets 12 march they decide there the lease ends 31 march", "2027-03-12"},
    {"they choose after the trial the trial ends may 29 decision at the june review", "2027-06"},
    {"current deal ends 30 april the council approves it at its april sitting", "2027-04"},
    {"old agreement lapses 31 may the board approves the renewal at its may meeting on 19 may",
     "2027-05-19"},
    {"shipping starts in april and november 18 is when they decide", "2026-11-18"},
    {"They'll decide by 9 November, well before the contract ends on 31 December.", "2026-11-09"},
    {"Go-live is in March; the decision comes in January.", "2027-01"},
    /* A month's end said, then taken back for another month's end, with
       "no" in the cue and a later month named as the reason: the one
       said after the taking back. */
    {"the partners commit before the end of January no sorry before end of February because "
     "the fleet arrives in March",
     "2027-02-28"},
    {"the trustees decide before the end of april no wait before the end of march since the "
     "season opens in may",
     "2027-03-31"},
    {"Approval before the end of December, sorry, no, before the end of November, because "
     "January is their freeze.",
     "2026-11-30"},
    {"she picks a vendor before the end of august no sorry before end of july because the "
     "summer break starts in september",
     "2027-07-31"},
    /* ... but "no" said of the date itself still bounds it, and a later
       month said as a start takes nothing back. */
    {"Not before the end of January; realistically they sign in March.", "2027-03"},
    {"They settle it by the end of February and roll out in April.", "2027-02-28"},
    {NULL, NULL}};

static void test_date_cases(void **state) {
  for (size_t k = 0; k_decision_cases[k].text; k++)
    expect_decision(*state, k_decision_cases[k].text, k_decision_cases[k].want);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_date_named_day_inside_loose_month_end),
      cmocka_unit_test(test_date_loose_month_end_alone),
      cmocka_unit_test(test_date_cases),
  };
  return cmocka_run_group_tests(tests, fx_setup, fx_teardown);
}
