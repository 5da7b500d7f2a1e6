/* test_parse_date.c - tests for server/engine/parse_date.c. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "engine/parse_date.h"

typedef struct date_case {
  const char *text;
  const char *iso; /* NULL: no date expected */
  bool vague;
} date_case;

/* Reference: Tuesday 2026-10-06. */
static const date_case k_cases[] = {
    {"They want to decide by November 30th.", "2026-11-30", false},
    {"Nov 30, 2026", "2026-11-30", false},
    {"30/11", "2026-11-30", false},
    {"2026-11-30", "2026-11-30", false},
    {"by Friday", "2026-10-09", false},
    {"on Tuesday", "2026-10-13", false},
    {"next Friday", "2026-10-16", false},
    {"next week", "2026-10-13", true},
    {"in two weeks", "2026-10-20", false},
    {"within two weeks", "2026-10-20", false},
    {"in thirty days", "2026-11-05", false},
    {"two weeks from today", "2026-10-20", false},
    {"within a week of getting the export", "2026-10-13", true},
    {"in six months", "2027-04", false},
    {"Friday next week", "2026-10-16", false},
    {"by Friday of next week", "2026-10-16", false},
    {"by fri", "2026-10-09", false},
    {"thurs", "2026-10-08", false},
    {"by wed", "2026-10-07", false},
    {"on mon", "2026-10-12", false},
    {"around march next year", "2027-03", false},
    {"in may", "2027-05", false},
    {"by mar", "2027-03", false},
    {"signed last week", "2026-09-29", true},
    {"in 3 days", "2026-10-09", false},
    {"tomorrow", "2026-10-07", false},
    {"end of next month", "2026-11-30", false},
    {"end of the month", "2026-10-31", false},
    {"next month", "2026-11", true},
    {"end of Q1", "2027-03-31", false},
    {"Q4", "2026-12-31", false},
    {"by the end of the year", "2026-12-31", false},
    {"March 2020", "2020-03", false},
    {"in March", "2027-03", false},
    {"early September", "2027-09", false},
    {"the 15th of January 2027", "2027-01-15", false},
    /* A day spoken as an ordinal word. */
    {"on the eighth of November", "2026-11-08", false},
    {"by the twenty-third of January", "2027-01-23", false},
    {"by the thirty first", "2026-10-31", false},
    {"by November twenty second", "2026-11-22", false},
    {"by the end of it, December the fourth", "2026-12-04", false},
    /* A day in the month named after it ("of this month", "of next
       month"); a spelled day without "the" before "of <month>", as an
       ordinal or, in a second language, a cardinal. */
    {"the board sits on the twenty eighth of this month", "2026-10-28", false},
    {"go-live the 3rd of next month", "2026-11-03", false},
    {"they sign on the first of next month", "2026-11-01", false},
    {"decision expected twenty-second of June", "2027-06-22", false},
    {"committee meets the fifteen of October", "2026-10-15", false},
    {"contract ends thirty one of December", "2026-12-31", false},
    {"mtg 28th of next month w/ their board", "2026-11-28", false},
    {"one of October's board meetings", "2026-10", false},
    {"two of the managers", NULL, false},
    /* "end <month>" typed without "of". */
    {"decide by end nov", "2026-11-30", false},
    /* A day and a two-digit month typed with a dot after a deadline word. */
    {"report by 19.11", "2026-11-19", false},
    /* A year said in words after its month. */
    {"since May twenty nineteen", "2019-05", false},
    {"in October twenty twenty three", "2023-10", false},
    {"from July two thousand and nine", "2009-07", false},
    {"until March nineteen ninety nine", "1999-03", false},
    {"left in june of 2019", "2019-06", false},
    {"left in may of twenty twenty two", "2022-05", false},
    /* A day and a one-digit month typed with a dot after a word that
       restates a date; not a decimal. */
    {"before their fiscal yr end, thats 30.9", "2026-12-31", false},
    {"the board, which is 14.5.", "2027-05-14", false},
    {"thats 30.9 million", NULL, false},
    {"revenue grew by 2.5", NULL, false},
    /* A short month typed after "so"; "so may" is the verb. */
    {"after the trial, so jan.", "2027-01", false},
    {"end of pilot, so nov", "2026-11", false},
    {"so may I ask", NULL, false},
    /* A bare ordinal day after a deadline word: "by 15th", "on 3rd". */
    {"desai to share the drawings by 15th", "2026-10-15", false},
    {"send it on 3rd", "2026-11-03", false},
    {"report due 28th", "2026-10-28", false},
    {"finished 2nd in the league", NULL, false},
    {"we need 3 by 15 people", NULL, false},
    /* Date words typed short on a phone. */
    {"osaka tech list nxt wk", "2026-10-13", true},
    {"site survey - our team - wk of 20th", "2026-10-20", false},
    {"call on the backlog this wk", "2026-10-09", false},
    {"pilot report in 2 wks", "2026-10-20", false},
    {"by nxt wed", "2026-10-14", false},
    {"budget lock nxt yr", "2027", true},
    {"3 yrs of data", NULL, false},
    /* A year in words on its own, after a word that leads a date. */
    {"I started in the summer of twenty twenty, July", "2020", false},
    {"from autumn twenty sixteen onwards", "2016", false},
    {"joined in twenty twenty two, in February", "2022", false},
    {"been there since two thousand and nine", "2009", false},
    {"we hired twenty twenty-year-olds", NULL, false},
    {"sales went up in the year after the rebrand", NULL, false},
    {"by March twenty one", "2027-03", false}, /* a day, not the year 2001 */
    {"until 05.12 (both of us)", "2026-12-05", false},
    {"by the 20th", "2026-10-20", false},
    {"12/25/2026", "2026-12-25", false},
    {"25.12.2026", "2026-12-25", false},
    {"October 2nd", "2027-10-02", false},
    {"since 2022", "2022", false},
    {"end of November", "2026-11-30", false},
    /* Months said against the reference's year, and month.year. */
    {"left last September", "2026-09", false},
    {"until last November", "2025-11", false},
    {"January of this year", "2026-01", false},
    {"June last year", "2025-06", false},
    {"02.2020", "2020-02", false},
    /* Not dates. */
    {"we may decide later", NULL, false},
    {"the second phase", NULL, false},
    {"grew by 12.05 percent", NULL, false},
    {"cut by 12.05%", NULL, false},
    {"the price is 1.5 per unit", NULL, false},
    {"Go and Rust", NULL, false},
    {"we sat down with them", NULL, false},
    {"the sun was out", NULL, false},
    {"they march on", NULL, false},
    {"400 trucks a week", NULL, false},
    {"twice a month", NULL, false},
    {"$2019 in fees", NULL, false},
    {"", NULL, false},
    {"99/99/9999", NULL, false},
    {"February 30", NULL, false},
    /* A weekday counted in a month, a holiday, a day before "May". */
    {"the board meets on the first Tuesday of April", "2027-04-06", false},
    {"the last Friday in November", "2026-11-27", false},
    {"sign before Christmas", "2026-12-25", true},
    {"Board meets on 12 May", "2027-05-12", false},
    {"on the 3rd of May", "2027-05-03", false},
    {"10 may not be enough", NULL, false},
    /* Said in lower case, "may" after a day and "of", or before a day
       said as an ordinal word, is the month. */
    {"the council sits on the seventh of may", "2027-05-07", false},
    {"probably the 3rd of may", "2027-05-03", false},
    {"sign off on the fourteenth of may i think", "2027-05-14", false},
    {"they decide may eleventh", "2027-05-11", false},
    {"go live may the twentieth", "2027-05-20", false},
    {"they may first want a pilot", NULL, false},
    {"she said 12 may work", NULL, false},
    /* ... and so is "may" or "march" before a year said in words. */
    {"may twenty seventeen to july", "2017-05", false},
    {"from march twenty eighteen", "2018-03", false},
    {"started may two thousand and nine", "2009-05", false},
    {"till march twenty twenty two", "2022-03", false},
    {"we may twenty times a day", NULL, false},
    {"we regroup on the eighth of march", "2027-03-08", false},
    {"by the 2nd of march", "2027-03-02", false},
    /* A day said after the weekday names the date. */
    {"by friday the twenty third", "2026-10-23", false},
    {"by Friday the 30th", "2026-10-30", false},
    {"thursday the fifth of november", "2026-11-05", false},
    {"Monday the 12th of October", "2026-10-12", false},
    /* A day after a weekday, dictated without "the" or followed by more
       of the sentence; an ordinal word that orders things stays out. */
    {"invoices go out by monday the nineteenth and then we chase", "2026-10-19", false},
    {"the crane arrives wednesday 21st if the permit clears", "2026-10-21", false},
    {"audit slot is thu 29th", "2026-10-29", false},
    {"pilot ends friday twenty third so book the review", "2026-10-23", false},
    {"we met on Tuesday the 13th with procurement", "2026-10-13", false},
    {"on friday the first thing we did was the walk-through", "2026-10-09", false},
    {"we tackle monday first then the rest", "2026-10-12", false},
    {"thursday second shift runs the trial", "2026-10-08", false},
    /* A day in words after a deadline word, then a capitalized name that
       opens the next clause without a stop; a month or a weekday after it
       is still read with it, and with no deadline word it is no day. */
    {"the cable schedule by the twentieth Olwen checks it", "2026-10-20", false},
    {"quote by the fifteenth Hamza books the hall", "2026-10-15", false},
    {"pallets on the twenty first Dagny signs for them", "2026-10-21", false},
    {"crane permit before the ninth Teodor calls the council", "2026-10-09", false},
    /* A hesitation after "the" before the day, with or without commas. */
    {"the roof inspection lands on the uh nineteenth", "2026-10-19", false},
    {"permits by the, um, 23rd", "2026-10-23", false},
    {"we ship on the er twenty sixth of November", "2026-11-26", false},
    {"friday the uhm thirtieth if the auditors agree", "2026-10-30", false},
    {"the um first thing we fixed was billing", NULL, false},
    {"by the uh team lead", NULL, false},
    /* ... or an honorific before a name in any case, as dictated. */
    {"the sample kit by the eighteenth ms ferreira tests it", "2026-10-18", false},
    {"lease draft before the twelfth dr nakamura reviews", "2026-10-12", false},
    {"on the twenty second Mrs Abiodun opens the site", "2026-10-22", false},
    {"rollout plan by the thirtieth mr. lindqvist approves it", "2026-10-30", false},
    {"the second mr jones on the call", NULL, false},
    {"by the third March at the latest", "2027-03-03", false},
    {"under the fourth Amendment", NULL, false},
    /* A deadline relative to the meeting's week or month: a day. */
    {"send it this week", "2026-10-09", false},
    {"later this week", "2026-10-09", false},
    {"end of next week", "2026-10-16", false},
    {"early next month", "2026-11-10", false},
    {"by early next month", "2026-11-10", false},
    /* A month typed after its year with a slash or a dot. */
    {"2016/04 to 2020/11", "2016-04", false},
    {"joined 2019.02, left 2023.07", "2019-02", false},
    {"2012.11 ~ 2017.06", "2012-11", false},
    {"started 2021/09 as a cashier", "2021-09", false},
    /* Near misses: a pair of years, a longer number. */
    {"the 2011/12 season", "2011", false},
    {"release 2019.10.3 shipped", "2019", false},
    /* A year typed as an apostrophe and two digits. */
    {"from '16 until '20", "2016", false},
    {"since '09", "2009", false},
    {"class of '98", "1998", false},
    {"joined in '23 as a temp", "2023", false},
    /* Near misses: a decade, a count. */
    {"back in the '80s", NULL, false},
    {"we sold 12 units", NULL, false},
};

static void test_date_table(void **state) {
  (void)state;
  dbf__ymd ref;
  assert_true(dbf__date_parse_ref("2026-10-06", &ref));
  for (size_t i = 0; i < sizeof(k_cases) / sizeof(k_cases[0]); i++) {
    const date_case *c = &k_cases[i];
    dbf__date d[8];
    size_t n = dbf__date_scan(c->text, strlen(c->text), &ref, true, d, 8);
    if (!c->iso) {
      if (n != 0) {
        char got[16];
        dbf__date_format(&d[0], got, sizeof(got));
        fail_msg("'%s': expected no date, got %s", c->text, got);
      }
      continue;
    }
    if (n < 1)
      fail_msg("'%s': no date found", c->text);
    char got[16];
    dbf__date_format(&d[0], got, sizeof(got));
    if (strcmp(got, c->iso) != 0)
      fail_msg("'%s': got %s, want %s", c->text, got, c->iso);
    if (d[0].vague != c->vague)
      fail_msg("'%s': vague %d, want %d", c->text, d[0].vague, c->vague);
  }
}

static void test_date_negation_and_ranges(void **state) {
  (void)state;
  dbf__ymd ref = {2026, 10, 6};
  dbf__date d[8];
  const char *t = "actually, Thursday not Tuesday";
  assert_int_equal(dbf__date_scan(t, strlen(t), &ref, true, d, 8), 2);
  assert_false(d[0].negated);
  assert_true(d[1].negated);
  t = "From March 2020 until June 2024";
  assert_int_equal(dbf__date_scan(t, strlen(t), &ref, false, d, 8), 2);
  char a[16], b[16];
  dbf__date_format(&d[0], a, sizeof(a));
  dbf__date_format(&d[1], b, sizeof(b));
  assert_string_equal(a, "2020-03");
  assert_string_equal(b, "2024-06");
  t = "2019-2021";
  assert_int_equal(dbf__date_scan(t, strlen(t), &ref, false, d, 8), 2);
  dbf__date_format(&d[1], b, sizeof(b));
  assert_string_equal(b, "2021");
}

static void test_calendar(void **state) {
  (void)state;
  dbf__ymd d = {2026, 10, 6};
  assert_int_equal(dbf__weekday(d), 1); /* Tuesday */
  long z = dbf__days_from_civil(d);
  dbf__ymd back = dbf__civil_from_days(z + 365);
  assert_int_equal(back.y, 2027);
  assert_int_equal(back.m, 10);
  assert_int_equal(back.d, 6);
  dbf__ymd ref;
  assert_false(dbf__date_parse_ref("2026-13-01", &ref));
  assert_false(dbf__date_parse_ref("nope", &ref));
  assert_false(dbf__date_parse_ref(NULL, &ref));
  assert_true(dbf__date_parse_ref("2026-10-06T14:00:00Z", &ref));
}

static void test_date_hostile(void **state) {
  (void)state;
  size_t n = 100 * 1024;
  char *big = malloc(n + 1);
  assert_non_null(big);
  for (size_t i = 0; i < n; i++)
    big[i] = "Q1 next 30/11 Friday "[i % 21];
  big[n] = '\0';
  dbf__ymd ref = {2026, 10, 6};
  dbf__date d[16];
  assert_true(dbf__date_scan(big, n, &ref, true, d, 16) <= 16);
  free(big);
}

/* The first date of text read looking back from 2026-10-06 is iso. */
static void expect_past(const char *text, const char *iso) {
  dbf__ymd ref = {2026, 10, 6};
  dbf__date d[8];
  char got[16];
  if (dbf__date_scan(text, strlen(text), &ref, false, d, 8) < 1)
    fail_msg("'%s': no date found", text);
  dbf__date_format(&d[0], got, sizeof(got));
  if (strcmp(got, iso) != 0)
    fail_msg("'%s': got %s, want %s", text, got, iso);
}

/* Looking back (a job's dates), a year said in words after the month as its
   last two digits ("november twenty two") or before the month ("twenty
   nineteen april"), and the end of a month of this or last year. */
static void test_date_spoken_past(void **state) {
  (void)state;
  expect_past("until november twenty two", "2022-11");
  expect_past("started february sixteen", "2016-02");
  expect_past("from october ninety nine", "1999-10");
  expect_past("left july twenty five then", "2025-07");
  expect_past("joined twenty nineteen april", "2019-04");
  expect_past("left twenty twenty two november", "2022-11");
  expect_past("at the end of february this year", "2026-02-28");
  expect_past("the end of june last year", "2025-06-30");
  expect_past("in march twenty people joined", "2026-03");
}

/* The first date of text read looking ahead from 2026-10-06 is iso, or
   none when iso is NULL. */
static void expect_ahead(const char *text, const char *iso) {
  dbf__ymd ref = {2026, 10, 6};
  dbf__date d[8];
  char got[16];
  size_t n = dbf__date_scan(text, strlen(text), &ref, true, d, 8);
  if (!iso && n == 0)
    return;
  if (n < 1)
    fail_msg("'%s': no date found", text);
  dbf__date_format(&d[0], got, sizeof(got));
  if (!iso || strcmp(got, iso) != 0)
    fail_msg("'%s': got %s, want %s", text, got, iso ? iso : "none");
}

/* After a deadline word, a day said as an ordinal word before a function
   word is a day ("votes on the twenty fourth so we hear then"); before
   a noun it is no day ("on the first time we met"); before "of" and a
   capitalized "May" it is a day of May. */
static void test_date_ordinal_day_before_function_word(void **state) {
  (void)state;
  expect_ahead("the council votes on the twenty fourth so we hear then", "2026-10-24");
  expect_ahead("they sign by the fifteenth and then we start", "2026-10-15");
  expect_ahead("legal is back on the thirtieth i think", "2026-10-30");
  expect_ahead("on the first time we met", NULL);
  expect_ahead("we sign on the twelfth of May and start", "2027-05-12");
  expect_ahead("the second quarter", "2027-06-30");
}

/* A hedged count after "in" ("in about two weeks", "in ~3 months", "in
   like 3 days") still counts ahead from the meeting. */
static void test_date_hedged_count(void **state) {
  (void)state;
  expect_ahead("we talk again in about two weeks", "2026-10-20");
  expect_ahead("i'll check back in ~3 months to see", "2027-01");
  expect_ahead("they come back to us in like 3 days", "2026-10-09");
  expect_ahead("in roughly a month", "2026-11-06");
}

/* A weekday counted in a month whose name is said in lower case, even the
   words "may" and "march"; near misses: the verbs. */
static void test_date_nth_weekday_lower_month(void **state) {
  (void)state;
  expect_ahead("the vote is on the first tuesday of may", "2027-05-04");
  expect_ahead("auditors arrive the second Monday of March", "2027-03-08");
  expect_ahead("closing on the last thursday of may", "2027-05-27");
  expect_ahead("the 3rd friday in march works for the growers", "2027-03-19");
  expect_ahead("the first week of march", "2027-03");
  expect_ahead("they may first want the figures", NULL);
  expect_ahead("crews march on at dawn", NULL);
}

/* The month said first, then the weekday counted in it ("in June, the
   last Friday"); "the second" alone after a month stays a day. */
static void test_date_month_then_nth_weekday(void **state) {
  (void)state;
  expect_ahead("budget sits in February, the third Wednesday", "2027-02-17");
  expect_ahead("the roof goes on in april the first monday", "2027-04-05");
  expect_ahead("they convene in june, the last friday I believe", "2027-06-25");
  expect_ahead("signing in may the 2nd thursday", "2027-05-13");
  expect_ahead("in July the fourth we open", "2027-07-04");
  expect_ahead("in march the second", "2027-03-02");
}

/* A weekday of the week before or after the meeting's: "Thursday last
   week", "last week on Monday", "Monday just gone", "next week
   Wednesday"; a week alone stays a rough span. */
static void test_date_weekday_of_adjacent_week(void **state) {
  (void)state;
  expect_ahead("the crane arrived Thursday last week", "2026-10-01");
  expect_ahead("approved last week on Monday", "2026-09-28");
  expect_ahead("we heard back Monday just gone", "2026-10-05");
  expect_ahead("the audit ran this past Friday", "2026-10-02");
  expect_ahead("she phoned on friday of last week", "2026-10-02");
  expect_ahead("kickoff is next week Wednesday", "2026-10-14");
  expect_ahead("last week was busy", "2026-09-29");
  expect_ahead("in the past two weeks", NULL);
}

/* A weekday then a plain day and its month ("Thursday 19 November",
   "mon, 9 nov"); a plain number that counts things stays out. */
static void test_date_weekday_day_month(void **state) {
  (void)state;
  expect_ahead("we present on Thursday 19 November", "2026-11-19");
  expect_ahead("the go-live is Saturday, 5 December", "2026-12-05");
  expect_ahead("cutover on mon 9 nov", "2026-11-09");
  expect_ahead("the panel sits Wednesday 2 December at ten", "2026-12-02");
  expect_ahead("on friday 12 crates came", "2026-10-09");
  expect_ahead("tuesday 3 may not work", "2026-10-13");
}

/* Said in lower case, "march" before a day said as an ordinal word is the
   month; "march" the verb before "first" or "the second" is not. */
static void test_date_lower_march_ordinal_day(void **state) {
  (void)state;
  expect_ahead("payroll closes march thirtieth", "2027-03-30");
  expect_ahead("the vote is march the fourteenth", "2027-03-14");
  expect_ahead("books close on march thirty first for them", "2027-03-31");
  expect_ahead("the permit lapses march twenty second", "2027-03-22");
  expect_ahead("we march first to the depot", NULL);
  expect_ahead("they march the second team out", NULL);
}

/* A short month typed in lower case ("nov", "aug", "sept") with its day
   said later in the clause as "the 12th"; alone, or before a count, it is
   left unread. */
static void test_date_lower_short_month_then_day(void **state) {
  (void)state;
  dbf__ymd ref = {2026, 10, 6};
  dbf__date d[8];
  char got[16];
  static const struct {
    const char *text, *iso;
  } k[] = {
      {"the nov audit, likely on the 12th", "2026-11-12"},
      {"aug shutdown starts the 3rd", "2027-08-03"},
      {"the oct review is the twentieth", "2026-10-20"},
      {"sept intake call, i think the 9th", "2027-09-09"},
  };
  for (size_t i = 0; i < sizeof(k) / sizeof(k[0]); i++) {
    size_t n = dbf__date_scan(k[i].text, strlen(k[i].text), &ref, true, d, 8);
    if (n != 2)
      fail_msg("'%s': %zu dates, want 2", k[i].text, n);
    dbf__date_format(&d[1], got, sizeof(got));
    if (strcmp(got, k[i].iso) != 0)
      fail_msg("'%s': got %s, want %s", k[i].text, got, k[i].iso);
  }
  expect_ahead("the oct figures were strong", NULL);
  expect_ahead("aug was slow, the 3 of us left", NULL);
  expect_ahead("share the oct-dec rota", NULL);
}

/* A stammered "the the" before a day. */
static void test_date_stammered_article(void **state) {
  (void)state;
  expect_ahead("the board meets in march the the ninth", "2027-03-09");
  expect_ahead("ships on the the 18th", "2026-10-18");
  expect_ahead("we said the the first offer was low", NULL);
}

/* The middle of a quarter is its middle month, with no day said. */
static void test_date_mid_quarter(void **state) {
  (void)state;
  expect_ahead("the rollout lands mid-Q3", "2027-08");
  expect_ahead("they budget in the middle of Q1", "2027-02");
  expect_ahead("sign-off is mid Q4 at best", "2026-11");
  expect_ahead("the board looks at it mid-q2", "2027-05");
  expect_ahead("the mid-sized team", NULL);
}

/* Half-years read like quarters: the half's last day; a bare "H2" with
   no year and no deadline word is left (hydrogen), and so is a half of
   something else. */
static void test_date_half_year(void **state) {
  (void)state;
  expect_ahead("funding by H1 2027", "2027-06-30");
  expect_ahead("a decision in the first half of next year", "2027-06-30");
  expect_ahead("done before the second half of the year", "2026-12-31");
  expect_ahead("by H2 they want it live", "2026-12-31");
  expect_ahead("half of the year we travel", NULL);
  expect_ahead("our H2 tanks hold the surplus", NULL);
  expect_ahead("first half of the match", NULL);
}

/* A calendar week by its number is its Monday; a low week number after
   "in" counts a project's weeks, and a week "of" something is no date. */
static void test_date_week_number(void **state) {
  (void)state;
  expect_ahead("install target week 48", "2026-11-23");
  expect_ahead("kit ships by wk 50", "2026-12-07");
  expect_ahead("the crew starts in week 46", "2026-11-09");
  expect_ahead("pick calendar week 3", "2027-01-18");
  expect_ahead("in week 3 we saw churn drop", NULL);
  expect_ahead("week 6 of the trial", NULL);
  expect_ahead("by week 7 of onboarding", NULL);
  expect_ahead("by week 60", NULL);
}

/* A bare ordinal day bounded by "latest" is a day; a rank is not. */
static void test_date_day_at_the_latest(void **state) {
  (void)state;
  expect_ahead("the 14th latest, before the audit", "2026-10-14");
  expect_ahead("the deposit by 29th at the latest", "2026-10-29");
  expect_ahead("wire it 18th latest", "2026-10-18");
  expect_ahead("funds land 27th at the latest i hope", "2026-10-27");
  expect_ahead("we finished 3rd", NULL);
  expect_ahead("came 2nd at the fair", NULL);
}

/* A weekday then a day and month typed with dots ("thu 19.11."); a
   decimal after a weekday stays a number. */
static void test_date_weekday_dotted_day_month(void **state) {
  (void)state;
  expect_ahead("by thu 19.11. the crane", "2026-11-19");
  expect_ahead("Mon 7.12. at nine", "2026-12-07");
  expect_ahead("on wed 16.12 or later", "2026-12-16");
  expect_ahead("pay Friday 30.10.", "2026-10-30");
  expect_ahead("friday 2.5 hours", "2026-10-09");
  expect_ahead("thursday 1.5 million", "2026-10-08");
}

/* A count of months ahead is a month, no day said; one month, or months
   counted from something else, stay a rough day. */
static void test_date_months_ahead(void **state) {
  (void)state;
  expect_ahead("ring the depot again in 18 months", "2028-04");
  expect_ahead("revisit the tariff in about nine months", "2027-07");
  expect_ahead("audit them in 4 months from now", "2027-02");
  expect_ahead("the lease is up in twelve months", "2027-10");
  expect_ahead("we talk again in a month", "2026-11-06");
  expect_ahead("paid within two months of delivery", "2026-12-06");
}

/* The last date of text read looking ahead from 2026-10-06 is iso. */
static void expect_last(const char *text, const char *iso) {
  dbf__ymd ref = {2026, 10, 6};
  dbf__date d[8];
  char got[16];
  size_t n = dbf__date_scan(text, strlen(text), &ref, true, d, 8);
  if (n < 1) {
    fail_msg("'%s': no date found", text);
    return;
  }
  dbf__date_format(&d[n - 1], got, sizeof(got));
  if (strcmp(got, iso) != 0)
    fail_msg("'%s': got %s, want %s", text, got, iso);
}

/* A weekday counted with no month after it ("the last Thursday") falls in
   the month of the date said just before it in the clause; after a
   sentence end or "and", or with no date before, it is the past weekday. */
static void test_date_nth_weekday_of_month_said_before(void **state) {
  (void)state;
  expect_last("they vote end of this month, the last thursday", "2026-10-29");
  expect_last("in May - the second Friday works", "2027-05-14");
  expect_last("the fair is early in December, the first Saturday", "2026-12-05");
  expect_last("sometime in january, the first monday probably", "2027-01-04");
  expect_last("in March. The last Friday we met was fun", "2026-10-02");
  expect_last("we wrapped in june and the first monday we rested", "2026-10-12");
  expect_last("the last tuesday was rough", "2026-09-29");
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_date_table),
      cmocka_unit_test(test_date_negation_and_ranges),
      cmocka_unit_test(test_calendar),
      cmocka_unit_test(test_date_hostile),
      cmocka_unit_test(test_date_spoken_past),
      cmocka_unit_test(test_date_ordinal_day_before_function_word),
      cmocka_unit_test(test_date_hedged_count),
      cmocka_unit_test(test_date_nth_weekday_lower_month),
      cmocka_unit_test(test_date_month_then_nth_weekday),
      cmocka_unit_test(test_date_weekday_of_adjacent_week),
      cmocka_unit_test(test_date_weekday_day_month),
      cmocka_unit_test(test_date_lower_march_ordinal_day),
      cmocka_unit_test(test_date_lower_short_month_then_day),
      cmocka_unit_test(test_date_stammered_article),
      cmocka_unit_test(test_date_mid_quarter),
      cmocka_unit_test(test_date_half_year),
      cmocka_unit_test(test_date_week_number),
      cmocka_unit_test(test_date_day_at_the_latest),
      cmocka_unit_test(test_date_weekday_dotted_day_month),
      cmocka_unit_test(test_date_months_ahead),
      cmocka_unit_test(test_date_nth_weekday_of_month_said_before),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
