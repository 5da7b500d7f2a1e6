/*
 * test_extract.c - tests for server/engine/extract.c (whole-answer rule
 * extraction, merge, specificity, done detection) and for the lexicon and
 * text helpers it is built on (lexicon.c, text.c, parse_people.c).
 *
 * The built-in templates are loaded from <DEBRIEF_DATA_DIR>/templates and
 * the lexicons from <DEBRIEF_DATA_DIR>/lexicons.
 */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "core/alloc.h"
#include "engine/extract.h"
#include "engine/lexicon.h"
#include "engine/template.h"
#include "engine/text.h"
#include "rules/fixture.h"

/* Extracts text as an answer to target (NULL: the opening); returns new updates. */
static json_t *run(fixture *fx, const dbf_template *tpl, const json_t *record, const char *target,
                   const char *text) {
  return fx_run_with(fx, tpl, record, target, text);
}

static const json_t *val(const json_t *updates, const char *key) {
  return fx_val(updates, key);
}

/* True when list value v holds s (case-insensitive). */
static bool has(const json_t *v, const char *s) {
  return fx_has(v, s);
}

static double conf(const json_t *updates, const char *key) {
  return json_number_value(json_object_get(json_object_get(updates, key), "confidence"));
}

static const char *sval(const json_t *updates, const char *key) {
  return json_string_value(val(updates, key));
}

/* Runs each cases[k][0] as the answer to field: its value is cases[k][1]. */
static void expect_strings(fixture *fx, const dbf_template *tpl, const char *field,
                           const char *const (*cases)[2], size_t n) {
  for (size_t k = 0; k < n; k++) {
    json_t *u = run(fx, tpl, NULL, field, cases[k][0]);
    assert_string_equal(sval(u, field), cases[k][1]);
    json_decref(u);
  }
}

/* Runs each of texts as the work answer to field: none may fill it. */
static void expect_none(fixture *fx, const char *field, const char *const *texts, size_t n) {
  for (size_t k = 0; k < n; k++) {
    json_t *u = run(fx, fx->work, NULL, field, texts[k]);
    if (val(u, field))
      fail_msg("'%s': %s '%s'", texts[k], field, sval(u, field));
    json_decref(u);
  }
}

/* ----------------------------------------------------------- text, lexicon */

static void test_normalize_utf8(void **state) {
  (void)state;
  char *out = NULL;
  size_t n = 0;
  /* Curly quote, en dash, NBSP, an invalid byte and a truncated sequence. */
  assert_int_equal(dbf__tx_normalize("they\xE2\x80\x99re 2019\xE2\x80\x93"
                                     "2021\xC2\xA0ok\xFF\xE2\x82",
                                     &out, &n),
                   DBF_OK);
  assert_string_equal(out, "they're 2019-2021 ok");
  dbf_free(out);
  assert_int_equal(dbf__tx_normalize(NULL, &out, &n), DBF_OK);
  assert_string_equal(out, "");
  dbf_free(out);
  /* Contractions typed without the apostrophe get it back, in lower case or
     where a sentence starts; a capitalized word inside one is a name. */
  static const char *const bare[][2] = {
      {"they didnt want it, dont ask", "they didn't want it, don't ask"},
      {"Theyre on paper. Im the lead", "They're on paper. I'm the lead"},
      {"met Im Jae-won and Jony Ive", "met Im Jae-won and Jony Ive"},
      {"wasnt cheap + havent signed", "wasn't cheap + haven't signed"},
      {"the dontcare flag, isnt'", "the dontcare flag, isnt'"}};
  for (size_t i = 0; i < DBF_ARRAY_LEN(bare); i++) {
    assert_int_equal(dbf__tx_normalize(bare[i][0], &out, &n), DBF_OK);
    assert_string_equal(out, bare[i][1]);
    assert_int_equal(n, strlen(bare[i][1]));
    dbf_free(out);
  }
}

/* A dictated run-on is cut where "so", "and then", "anyway", "also" or
   "then" brings in a new subject; punctuated or short text is not. */
static void test_sentences_of_a_run_on(void **state) {
  (void)state;
  static const struct {
    const char *text;
    size_t want;
  } said[] = {
      {"we showed them the dispatch board on the big screen so they want a pilot in march", 2},
      {"the ops director liked the routing part a lot and then we went through the price list "
       "anyway they said the budget is about forty grand",
       3},
      {"i ran the night shift for about two years on the packing line also i trained the new "
       "starters every spring",
       2},
      {"it was mostly about the cold store sensors and the alarms then they asked about the app",
       2},
      {"They liked it, so they want a pilot.", 1},
      {"short one so they agreed", 1},
      {"we went through the whole proposal with them so Maria wants a second call", 2},
      /* A subject pronoun after a finished thought starts the next one... */
      {"we walked them through the cold room layout they want a second quote by june", 2},
      {"the board already approved the first phase of the refit we'll start fitting in may", 2},
      /* ...but not in a noun's clause, an aside, or after a word that
         leads into it. */
      {"they went through every line of the mould schedule we use for nights", 1},
      {"the packing line was down about a fifth i think and returns went up", 1},
      {"the foreman from the north site told us on friday that they lost two days", 1},
      {"the price went up by a lot this year actually no sorry i mean last year", 1},
      {"we will go over the drawings with the site team and by next friday they sign", 1},
      /* A function word with a capital inside a run lost its full stop. */
      {"the van came late on tuesday and nobody had the keys Also our driver got lost", 2},
      {"we moved the whole fleet over to Bay Of Plenty depots for the winter runs", 1},
      {"CMS The Collection Manager for the loans register and crate tracking", 1},
      /* A short form with its full stop goes on. */
      {"Quote goes out Monday incl. the two spare pumps and the install.", 1},
      {"Training for all shifts, esp. the weekend crew. Then the audit.", 2},
      {"Prices excl. freight are fine. The rollout is not.", 2},
      {"Talk to the finance dept. about the invoices by friday", 1},
      {"Pallets, crates, drums etc. Then the cold chain part.", 2},
      /* A capital before a number is a date or an amount, not a subject. */
      {"the board meets at the end of their financial year so April twenty twenty eight", 1},
      {"they said they would pay the deposit after the audit then June 12 for the rest", 1},
  };
  for (size_t i = 0; i < DBF_ARRAY_LEN(said); i++) {
    dbf_span sp[8];
    size_t got = dbf__tx_sentences(said[i].text, strlen(said[i].text), sp, 8);
    if (got != said[i].want)
      fail_msg("'%s': %zu sentences, want %zu", said[i].text, got, said[i].want);
  }
}

/* Hesitations go, with what the speaker's repair replaces: words said
   again after it, a figure replaced by the next, or a last word the next
   few words end on again; a small word said twice is said once. */
static void test_normalize_disfluencies(void **state) {
  (void)state;
  static const char *const said[][2] = {
      {"we ship from uh from the north depot", "we ship from the north depot"},
      {"the cost is two hundred um two hundred and fifty", "the cost is two hundred and fifty"},
      {"she's a clerk um senior clerk now", "she's a senior clerk now"},
      {"Um, the the panels arrive Tuesday", "The panels arrive Tuesday"},
      {"they were, uh, quite happy", "they were quite happy"},
      {"maybe 40 erm 45 people on site", "maybe 45 people on site"},
      {"we need uh faster lorries", "we need faster lorries"},
      {"Drums, ehm", "Drums"},
      {"an umbrella and the uhlan", "an umbrella and the uhlan"},
      {"we run the pilot um the second pilot in may", "we run the second pilot in may"},
      {"two  spaces , kept  um here", "two  spaces , kept here"}};
  for (size_t i = 0; i < DBF_ARRAY_LEN(said); i++) {
    char *out = NULL;
    size_t n = 0;
    assert_int_equal(dbf__tx_normalize(said[i][0], &out, &n), DBF_OK);
    if (strcmp(out, said[i][1]) != 0)
      fail_msg("'%s' -> '%s', want '%s'", said[i][0], out, said[i][1]);
    assert_int_equal(n, strlen(said[i][1]));
    dbf_free(out);
  }
}

static void test_sentences_and_lists(void **state) {
  (void)state;
  const char *s = "Budget is $1.2M. Dr. Smith agreed! Next: send docs";
  dbf_span sp[8];
  assert_int_equal(dbf__tx_sentences(s, strlen(s), sp, 8), 3);
  const char *l = "Kafka, Kubernetes, Terraform and Grafana as well as Go";
  dbf_span it[8];
  assert_int_equal(dbf__tx_list_items(l, (dbf_span){0, strlen(l)}, it, 8), 5);
  assert_true(dbf__tx_negated_before("they didn't mention competitors", 19, 3));
  assert_false(dbf__tx_negated_before("no budget, but competitors", 15, 3));
  /* The one test for a capital letter, ASCII or Latin. */
  static const char *const caps[] = {"Anna",          "\xc3\x89mile",        "\xc3\x98ystein",
                                     "\xc5\x81ukasz", "\xc5\xa0\xc3\xa1rka", "\xc4\xb9ubica",
                                     "\xc5\xbdofia"};
  static const char *const smalls[] = {
      "anna",     "\xc3\xa9mile", "\xc3\x97", "\xc5\x82ukasz", "\xc5\xa1", "\xc4\xba", "\xc5\xbe",
      "\xc4\xb8", "1a",           ""};
  for (size_t i = 0; i < DBF_ARRAY_LEN(caps); i++)
    assert_true(dbf__tx_capital_at(caps[i], strlen(caps[i])));
  for (size_t i = 0; i < DBF_ARRAY_LEN(smalls); i++)
    assert_false(dbf__tx_capital_at(smalls[i], strlen(smalls[i])));
  /* The one list of number words. */
  int v = 0;
  assert_int_equal(dbf__tx_number_word("Nineteen", 8), 19);
  assert_int_equal(dbf__tx_number_word("seventy", 7), 70);
  assert_int_equal(dbf__tx_number_word("none", 4), 0);
  const char *n = "thirty days, twenty-five, tenth";
  assert_int_equal(dbf__tx_number_word_at(n, 0, strlen(n), &v), 6);
  assert_int_equal(v, 30);
  assert_int_equal(dbf__tx_number_word_at(n, 13, strlen(n), &v), 6); /* "twenty" of "twenty-five" */
  assert_int_equal(dbf__tx_number_word_at(n, 26, strlen(n), &v), 0); /* "tenth" is no count */
}

static void test_lexicon_matching(void **state) {
  fixture *fx = *state;
  const dbf__lexicon *tools = dbf__lex_get(fx->lex, "tools_technologies");
  assert_non_null(tools);
  assert_ptr_equal(dbf__lex_for_field(fx->lex, "tech_stack"), tools);
  const char *t = "we ran k8s on GKE with Postgres, plus Node.js and C++";
  dbf__lex_match m[8];
  size_t n = dbf__lex_scan(tools, t, strlen(t), m, 8);
  assert_true(n >= 4);
  assert_string_equal(dbf__lex_canon(tools, m[0].entry), "Kubernetes");
  assert_string_equal(dbf__lex_canon(tools, m[1].entry), "Google Kubernetes Engine");
  assert_string_equal(dbf__lex_canon(tools, m[2].entry), "PostgreSQL");
  assert_string_equal(dbf__lex_canon(tools, m[3].entry), "Node.js");
  /* Case-sensitive aliases: "go" the verb is not Go the language. */
  const dbf__lexicon *tech = dbf__lex_get(fx->lex, "technical_skills");
  t = "we go live next week";
  assert_int_equal(dbf__lex_scan(tech, t, strlen(t), m, 8), 0);
  t = "mostly Go";
  assert_int_equal(dbf__lex_scan(tech, t, strlen(t), m, 8), 1);
  /* Whole words only: "Kafkaesque" is not Kafka. */
  t = "a Kafkaesque process";
  assert_int_equal(dbf__lex_scan(tools, t, strlen(t), m, 8), 0);
}

static void test_lexicon_load_errors(void **state) {
  (void)state;
  dbf_lexicons *lx = NULL;
  dbf_status st = {0};
  assert_int_equal(dbf_lexicons_load("/nonexistent/lexicons", &lx, &st), DBF_ERR_NOT_FOUND);
  assert_null(lx);
  assert_int_equal(dbf_lexicons_load(NULL, &lx, &st), DBF_ERR_INVALID);
  dbf_lexicons_free(NULL);
}

/* ------------------------------------------------------------ sales fields */

static void test_sales_sample_answers(void **state) {
  fixture *fx = *state;
  json_t *u = run(fx, fx->sales, NULL, "budget",
                  "Priya said they have about $180k set aside for this year.");
  assert_int_equal(json_integer_value(json_object_get(val(u, "budget"), "amount")), 180000);
  assert_string_equal(json_string_value(json_object_get(val(u, "budget"), "currency")), "USD");
  assert_true(conf(u, "budget") >= 0.6);
  assert_string_equal(json_string_value(json_object_get(json_object_get(u, "budget"), "source")),
                      "rule");
  assert_int_equal(
      json_integer_value(json_object_get(json_object_get(u, "budget"), "evidence_seq")), 7);
  json_decref(u);

  u = run(fx, fx->sales, NULL, "decision_timeline", "They want to decide by November 30th.");
  assert_string_equal(sval(u, "decision_timeline"), "2026-11-30");
  json_decref(u);

  u = run(fx, fx->sales, NULL, "attendees",
          "Priya Raman, VP Operations, and Tom Becker, their IT lead.");
  const json_t *a = val(u, "attendees");
  assert_int_equal(json_array_size(a), 2);
  assert_string_equal(json_string_value(json_object_get(json_array_get(a, 1), "name")),
                      "Tom Becker");
  assert_string_equal(json_string_value(json_object_get(json_array_get(a, 1), "role")), "IT lead");
  assert_string_equal(json_string_value(json_object_get(json_array_get(a, 1), "company")),
                      "Northwind Freight");
  json_decref(u);

  u = run(fx, fx->sales, NULL, "decision_makers",
          "Priya decides, but the CFO, Alan Moore, has to sign off.");
  assert_true(has(val(u, "decision_makers"), "Priya Raman"));
  assert_true(has(val(u, "decision_makers"), "Alan Moore"));
  json_decref(u);

  u = run(fx, fx->sales, NULL, "next_steps",
          "I'll send the pilot proposal by Friday, and Tom Becker will share their SAP API docs "
          "next week.");
  const json_t *ns = val(u, "next_steps");
  assert_int_equal(json_array_size(ns), 2);
  assert_string_equal(json_string_value(json_object_get(json_array_get(ns, 0), "action")),
                      "send pilot proposal");
  assert_string_equal(json_string_value(json_object_get(json_array_get(ns, 0), "owner")), "me");
  assert_string_equal(json_string_value(json_object_get(json_array_get(ns, 0), "due")),
                      "2026-10-09");
  assert_string_equal(json_string_value(json_object_get(json_array_get(ns, 1), "owner")),
                      "Tom Becker");
  assert_string_equal(json_string_value(json_object_get(json_array_get(ns, 1), "due")),
                      "next week");
  json_decref(u);

  u = run(fx, fx->sales, NULL, "competitors",
          "They're also looking at Samsara and a startup called Fleetly.");
  assert_true(has(val(u, "competitors"), "Samsara"));
  assert_true(has(val(u, "competitors"), "Fleetly"));
  json_decref(u);

  u = run(fx, fx->sales, NULL, "deal_stage", "I'd say we're at proposal now.");
  assert_string_equal(sval(u, "deal_stage"), "proposal");
  json_decref(u);
  u = run(fx, fx->sales, NULL, "deal_stage",
          "We sent the proposal last week and are now negotiating terms with procurement.");
  assert_string_equal(sval(u, "deal_stage"), "negotiation");
  json_decref(u);
  /* A stage under a negation anywhere in its clause is not reached. */
  static const char *const unreached[][2] = {
      {"still qualification. they haven't asked for a proposal", "qualification"},
      {"qualification - we didn't get to pricing or a quote", "qualification"},
      {"discovery really, they have not requested the statement of work yet", "discovery"},
      {"negotiation; we sent the proposal last week and they didn't push back much",
       "negotiation"}};
  for (size_t k = 0; k < sizeof unreached / sizeof unreached[0]; k++) {
    u = run(fx, fx->sales, NULL, "deal_stage", unreached[k][0]);
    assert_string_equal(sval(u, "deal_stage"), unreached[k][1]);
    json_decref(u);
  }

  u = run(fx, fx->sales, NULL, "products_discussed", "Fleet Tracker and the ETA Alerts add-on.");
  assert_true(has(val(u, "products_discussed"), "Fleet Tracker"));
  assert_true(has(val(u, "products_discussed"), "ETA Alerts"));
  json_decref(u);

  u = run(fx, fx->sales, NULL, "objections",
          "Tom is worried about integrating with their old SAP system, and they think the "
          "per-truck price is high.");
  const json_t *ob = val(u, "objections");
  assert_int_equal(json_array_size(ob), 2);
  assert_non_null(strstr(json_string_value(json_array_get(ob, 0)), "SAP"));
  assert_non_null(strstr(json_string_value(json_array_get(ob, 1)), "price"));
  json_decref(u);
}

static void test_sentiment(void **state) {
  fixture *fx = *state;
  static const struct {
    const char *text;
    const char *want;
  } cases[] = {
      {"Positive, they were engaged the whole time.", "positive"},
      {"They loved it and seemed really excited.", "positive"},
      {"Honestly it went badly, they were frustrated.", "negative"},
      {"They were not happy with the demo.", "negative"},
      {"Not bad at all, they seemed interested.", "positive"},
      {"Mixed, hard to read them.", "neutral"},
  };
  for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
    json_t *u = run(fx, fx->sales, NULL, "sentiment", cases[i].text);
    if (!sval(u, "sentiment") || strcmp(sval(u, "sentiment"), cases[i].want) != 0)
      fail_msg("'%s': got %s, want %s", cases[i].text, sval(u, "sentiment"), cases[i].want);
    json_decref(u);
  }
}

static void test_negation_creates_nothing(void **state) {
  fixture *fx = *state;
  json_t *u = run(fx, fx->sales, NULL, "competitors", "They didn't mention competitors.");
  assert_null(val(u, "competitors"));
  json_decref(u);
  u = run(fx, fx->sales, NULL, "budget", "No budget yet, they're still figuring it out.");
  assert_null(val(u, "budget"));
  json_decref(u);
  u = run(fx, fx->sales, NULL, "objections", "None really.");
  assert_null(val(u, "objections"));
  json_decref(u);
  u = run(fx, fx->sales, NULL, "budget", "They said it is not $500k, more like $300k.");
  assert_int_equal(json_integer_value(json_object_get(val(u, "budget"), "amount")), 300000);
  json_decref(u);
  /* A bare figure after a correction repairs the amount before it, in its
     scale and currency. */
  u = run(fx, fx->sales, NULL, "budget",
          "the budget is three point four million euros, sorry, three point one");
  assert_int_equal(json_integer_value(json_object_get(val(u, "budget"), "amount")), 3100000);
  assert_string_equal(json_string_value(json_object_get(val(u, "budget"), "currency")), "EUR");
  json_decref(u);
  /* A correction of the seller's own price stays the seller's price. */
  u = run(fx, fx->sales, NULL, "budget",
          "they have 90k GBP approved. our quote is 120k... actually 115k with the discount");
  assert_int_equal(json_integer_value(json_object_get(val(u, "budget"), "amount")), 90000);
  json_decref(u);
}

static void test_cross_field(void **state) {
  fixture *fx = *state;
  /* Opening: a known attendee, a competitor, money with a budget cue and a weak sentiment. */
  json_t *u = run(fx, fx->sales, NULL, NULL,
                  "Demo with Priya went pretty well. They're currently using Samsara and have a "
                  "budget of EUR 90k. They need to decide by end of Q1.");
  const json_t *a = val(u, "attendees");
  assert_int_equal(json_array_size(a), 1);
  assert_string_equal(json_string_value(json_object_get(json_array_get(a, 0), "role")),
                      "VP Operations");
  assert_true(has(val(u, "competitors"), "Samsara"));
  assert_int_equal(json_integer_value(json_object_get(val(u, "budget"), "amount")), 90000);
  assert_string_equal(json_string_value(json_object_get(val(u, "budget"), "currency")), "EUR");
  assert_true(conf(u, "budget") < 0.6); /* cross-field: still asked */
  assert_string_equal(sval(u, "decision_timeline"), "2027-03-31");
  assert_string_equal(sval(u, "sentiment"), "positive");
  assert_true(conf(u, "sentiment") < 0.5);
  json_decref(u);
  /* A price per unit in an objection is not the budget. */
  u = run(fx, fx->sales, NULL, "objections", "They think $45 per truck a month is too expensive.");
  assert_null(val(u, "budget"));
  json_decref(u);
}

/* A date said in passing in another answer is an event within the role
   once its span is known: a promotion, a certification, a crisis. */
static void test_timeline_passing_events(void **state) {
  fixture *fx = *state;
  static const char *const events[] = {
      "Senior since 2018, same team.",
      "realtime certified too since 2020",
      "in twenty nineteen the labs had no running water for a term, that is actually how the "
      "kits started",
      "Winter 2023 was the worst, from January we had main breaks every week",
      "got promoted to lead in March 2021 and started running the night shift",
  };
  json_t *given =
      json_pack("{s:{s:{s:s, s:s}, s:f, s:i, s:s}}", "timeline", "value", "start", "2014-01", "end",
                "2025-12", "confidence", 0.85, "evidence_seq", 3, "source", "rule");
  json_t *passing =
      json_pack("{s:{s:{s:s, s:s}, s:f, s:i, s:s}}", "timeline", "value", "start", "2011-09", "end",
                "present", "confidence", 0.5, "evidence_seq", 3, "source", "rule");
  for (size_t i = 0; i < sizeof events / sizeof events[0]; i++) {
    json_t *u = run(fx, fx->work, given, "challenges", events[i]);
    if (val(u, "timeline"))
      fail_msg("'%s' (timeline given when asked): a timeline", events[i]);
    json_decref(u);
    u = run(fx, fx->work, passing, "role_title", events[i]);
    if (val(u, "timeline"))
      fail_msg("'%s' (an earlier start known): a timeline", events[i]);
    json_decref(u);
  }
  /* Asked, or corrected in passing, the date is the span. */
  json_t *u = run(fx, fx->work, given, "timeline", "Since 2018.");
  assert_string_equal(json_string_value(json_object_get(val(u, "timeline"), "start")), "2018");
  json_decref(u);
  u = run(fx, fx->work, passing, "challenges", "Oh and actually I started in June 2009.");
  assert_string_equal(json_string_value(json_object_get(val(u, "timeline"), "start")), "2009-06");
  json_decref(u);
  /* A date and a word that the person is still there, said in passing,
     are a span to the present; an earlier start replaces a later one. */
  static const char *const still[][2] = {{"September 2011. Still there.", "2011-09"},
                                         {"March 2009 and still going", "2009-03"},
                                         {"since June 2008, ongoing", "2008-06"},
                                         {"Feb 2010 to date, same desk", "2010-02"}};
  for (size_t k = 0; k < sizeof still / sizeof still[0]; k++) {
    json_t *v = run(fx, fx->work, passing, "company", still[k][0]);
    const json_t *tl = val(v, "timeline");
    assert_string_equal(json_string_value(json_object_get(tl, "start")), still[k][1]);
    assert_string_equal(json_string_value(json_object_get(tl, "end")), "present");
    json_decref(v);
  }
  /* With nothing known, a span said in passing is still taken. */
  u = run(fx, fx->work, NULL, "role_title", "Senior engineer there since 2018.");
  assert_string_equal(json_string_value(json_object_get(val(u, "timeline"), "start")), "2018");
  json_decref(u);
  json_decref(given);
  json_decref(passing);
}

/* A correction word after a title said in passing stresses it; it takes
   the place of the asked title only when the title follows the cue. */
static void test_title_in_passing_not_corrected(void **state) {
  fixture *fx = *state;
  json_t *rec = json_pack("{s:{s:s, s:f, s:i, s:s}}", "role_title", "value", "ICU Charge Nurse",
                          "confidence", 0.85, "evidence_seq", 3, "source", "rule");
  static const char *const side[][2] = {
      {"technical_skills", "ACLS, I'm an ACLS instructor actually, ventilator management"},
      {"tools_technologies", "Excel mostly, I'm a certified Excel trainer actually"},
      {"soft_skills", "mentoring, I was the union rep too, actually, for two years"},
      {"challenges", "we lost the SAP vendor; I became the SAP super user, actually."},
  };
  for (size_t k = 0; k < sizeof side / sizeof side[0]; k++) {
    json_t *u = run(fx, fx->work, rec, side[k][0], side[k][1]);
    const json_t *e = json_object_get(u, "role_title");
    if (e && json_is_true(json_object_get(e, "replace")))
      fail_msg("'%s': replaces the title with '%s'", side[k][1], sval(u, "role_title"));
    json_decref(u);
  }
  json_t *u = run(fx, fx->work, rec, "challenges", "Actually I'm a Senior Charge Nurse now.");
  assert_true(json_is_true(json_object_get(json_object_get(u, "role_title"), "replace")));
  json_decref(u);
  json_decref(rec);
}

static void test_corrections(void **state) {
  fixture *fx = *state;
  json_t *rec = json_pack(
      "{s:{s:{s:i, s:s}, s:f, s:i, s:s}, s:{s:[{s:s, s:s, s:s}], s:f, s:i, s:s}}", "budget",
      "value", "amount", 150000, "currency", "USD", "confidence", 0.85, "evidence_seq", 3, "source",
      "rule", "next_steps", "value", "action", "send pricing", "owner", "me", "due", "2026-10-13",
      "confidence", 0.85, "evidence_seq", 4, "source", "rule");
  json_t *u = run(fx, fx->sales, rec, "deal_stage", "Sorry, I meant $200k for the budget.");
  assert_int_equal(json_integer_value(json_object_get(val(u, "budget"), "amount")), 200000);
  assert_true(json_is_true(json_object_get(json_object_get(u, "budget"), "replace")));
  json_t *changed = NULL;
  assert_int_equal(dbf_record_merge(fx->sales, rec, u, &changed), DBF_OK);
  assert_int_equal(json_integer_value(json_object_get(
                       json_object_get(json_object_get(rec, "budget"), "value"), "amount")),
                   200000);
  assert_null(json_object_get(json_object_get(rec, "budget"), "replace"));
  assert_non_null(json_object_get(changed, "budget"));
  json_decref(changed);
  json_decref(u);
  /* "Thursday not Tuesday": the step due next Tuesday moves to Thursday. */
  u = run(fx, fx->sales, rec, NULL, "Actually, Thursday not Tuesday.");
  const json_t *ns = val(u, "next_steps");
  assert_non_null(ns);
  assert_string_equal(json_string_value(json_object_get(json_array_get(ns, 0), "due")),
                      "2026-10-08");
  assert_true(json_is_true(json_object_get(json_object_get(u, "next_steps"), "replace")));
  json_decref(u);
  json_decref(rec);
}

/* ------------------------------------------------------- work_experience */

static void test_work_answers(void **state) {
  fixture *fx = *state;
  json_t *u = run(fx, fx->work, NULL, "role_title",
                  "Senior Backend Engineer by the end, I started as Backend Engineer.");
  assert_string_equal(sval(u, "role_title"), "Senior Backend Engineer");
  json_decref(u);
  /* A title said with the year it began is the later one; a year said in
     words is no modifier of it. */
  static const char *const later[][2] = {
      {"data analyst, principal data analyst from 2022", "Principal Data Analyst"},
      {"then from twenty nineteen Site Manager", "Site Manager"},
      /* A grade said after the title, alone or with its last word. */
      {"claims assessor - senior since 2019", "Senior Claims Assessor"},
      {"pastry chef, lead chef the last 3 yrs", "Lead Pastry Chef"},
      {"lifeguard, then senior lifeguard", "Senior Lifeguard"},
      /* Titles after "before that" are earlier ones, "then" among them. */
      {"Store Manager, before that I was cashier then shift supervisor", "Store Manager"},
      /* A title said "first" before "then" opens a sequence. */
      {"first technician, then from twenty twenty Service Manager", "Service Manager"},
      /* Typed in lower case, "&" joins a title's words too. */
      {"parts & service manager", "Parts & Service Manager"}};
  for (size_t k = 0; k < 8; k++) {
    u = run(fx, fx->work, NULL, "role_title", later[k][0]);
    assert_string_equal(sval(u, "role_title"), later[k][1]);
    json_decref(u);
  }
  u = run(fx, fx->work, NULL, NULL,
          "I was a backend engineer at a payments startup called Ledgerly for a few years.");
  assert_string_equal(sval(u, "company"), "Ledgerly");
  assert_string_equal(sval(u, "role_title"), "Backend Engineer");
  json_decref(u);
  u = run(fx, fx->work, NULL, "timeline", "From March 2020 until June 2024.");
  assert_string_equal(json_string_value(json_object_get(val(u, "timeline"), "start")), "2020-03");
  assert_string_equal(json_string_value(json_object_get(val(u, "timeline"), "end")), "2024-06");
  json_decref(u);
  u = run(fx, fx->work, NULL, "timeline", "Since 2022.");
  assert_string_equal(json_string_value(json_object_get(val(u, "timeline"), "end")), "present");
  json_decref(u);
  u = run(fx, fx->work, NULL, "timeline",
          "2019\xE2\x80\x93"
          "2021");
  assert_string_equal(json_string_value(json_object_get(val(u, "timeline"), "start")), "2019");
  assert_string_equal(json_string_value(json_object_get(val(u, "timeline"), "end")), "2021");
  json_decref(u);
  u = run(fx, fx->work, NULL, "technical_skills",
          "Go, PostgreSQL tuning, distributed systems, event sourcing.");
  const json_t *ts = val(u, "technical_skills");
  /* Recognised by the lexicons, kept in the person's words. */
  assert_true(has(ts, "Go") && has(ts, "PostgreSQL tuning") && has(ts, "distributed systems") &&
              has(ts, "event sourcing"));
  assert_int_equal(json_array_size(ts), 4);
  assert_null(val(u, "tools_technologies")); /* consumed by the targeted field */
  json_decref(u);
  u = run(fx, fx->work, NULL, "tools_technologies",
          "Mostly k8s, Postgres and Terraform, plus some Datadog.");
  const json_t *tt = val(u, "tools_technologies");
  /* A bare short form names its tool; a name as said stays as said. */
  assert_true(has(tt, "Kubernetes") && has(tt, "Postgres") && has(tt, "Terraform") &&
              has(tt, "Datadog"));
  json_decref(u);
  u = run(fx, fx->work, NULL, "soft_skills",
          "I mentored two juniors and led the incident reviews.");
  /* The person's words, not a lexicon's canonical "mentoring". */
  char *said = json_dumps(val(u, "soft_skills"), 0);
  assert_non_null(said);
  assert_non_null(strstr(said, "mentored two juniors"));
  assert_non_null(strstr(said, "led the incident reviews"));
  assert_null(strstr(said, "mentoring"));
  free(said);
  json_decref(u);
  u = run(fx, fx->work, NULL, "impact_metrics",
          "Settlement latency dropped by 85% and we cut failed payouts from 2% to 0.3%. Deploys "
          "got 3x faster and I saved 200 hours a month.");
  const json_t *im = val(u, "impact_metrics");
  assert_true(json_array_size(im) >= 4);
  assert_string_equal(json_string_value(json_object_get(json_array_get(im, 0), "metric")),
                      "settlement latency");
  assert_string_equal(json_string_value(json_object_get(json_array_get(im, 0), "value")), "85%");
  assert_string_equal(json_string_value(json_object_get(json_array_get(im, 1), "metric")),
                      "failed payouts");
  /* A range keeps both ends, as said. */
  assert_string_equal(json_string_value(json_object_get(json_array_get(im, 1), "value")),
                      "2% to 0.3%");
  assert_string_equal(json_string_value(json_object_get(json_array_get(im, 2), "value")), "3x");
  assert_string_equal(json_string_value(json_object_get(json_array_get(im, 3), "value")),
                      "200 hours a month");
  json_decref(u);
  u = run(fx, fx->work, NULL, "impact_metrics",
          "Snagging items at handover went from 300 to 45, and cycle time from 42 min to 27 min. "
          "I flew about 11000 hours.");
  char *metrics = json_dumps(val(u, "impact_metrics"), 0);
  assert_non_null(metrics);
  assert_non_null(strstr(metrics, "300 to 45"));
  assert_non_null(strstr(metrics, "42 min to 27 min"));
  assert_non_null(strstr(metrics, "about 11000 hours"));
  free(metrics);
  json_decref(u);
  /* A figure said in words is read whole and written in digits; in an
     answer with no digit at all (said aloud), a single number word before
     a unit is written in digits too; "and a half" ends a figure;
     "hundred" without "a" or "one" opens one. */
  static const char *const spoken[][3] = {
      {"Scrap rate went from sixty three percent to twenty one percent, and the audit score "
       "from three hundred and twelve to four point seven, in three weeks to one.",
       "63% to 21%", "312 to 4.7"},
      {"Changeover time went from about six days to three and a half days.", "6 days to 3.5 days",
       "about 6 days"},
      {"missed pickups went from like hundred and twenty a month to under fifteen", "120 a month",
       "under 15"}};
  for (size_t k = 0; k < 3; k++) {
    u = run(fx, fx->work, NULL, "impact_metrics", spoken[k][0]);
    metrics = json_dumps(val(u, "impact_metrics"), 0);
    assert_non_null(metrics);
    assert_non_null(strstr(metrics, spoken[k][1]));
    assert_non_null(strstr(metrics, spoken[k][2]));
    free(metrics);
    json_decref(u);
  }
  /* A range said without a verb is named by the words before "from". */
  u = run(fx, fx->work, NULL, "impact_metrics",
          "repeat call rate of the depot from 18% to 7% in two winters");
  im = val(u, "impact_metrics");
  assert_string_equal(json_string_value(json_object_get(json_array_get(im, 0), "metric")),
                      "repeat call rate of the depot");
  json_decref(u);
  u = run(fx, fx->work, NULL, "challenges",
          "Migrating off a legacy MySQL ledger without downtime was the hardest part.");
  assert_non_null(strstr(json_string_value(json_array_get(val(u, "challenges"), 0)), "MySQL"));
  json_decref(u);
}

static void test_vague_answer_fills_nothing(void **state) {
  fixture *fx = *state;
  json_t *u = run(fx, fx->work, NULL, "responsibilities", "Backend stuff mostly.");
  assert_null(val(u, "responsibilities"));
  json_decref(u);
  u = run(fx, fx->sales, NULL, "meeting_outcome", "It was good I think.");
  assert_null(val(u, "meeting_outcome"));
  json_decref(u);
}

/* A user-defined template gets the same rules by declaring extractor kinds,
   whatever its keys are called. */
static void test_custom_template(void **state) {
  fixture *fx = *state;
  json_error_t jerr;
  json_t *def = json_loads(
      "{\"slug\":\"vendor_review\",\"title\":\"Vendor review\",\"opening\":\"How did it go?\","
      "\"fields\":[{\"key\":\"rivals\",\"type\":\"list\",\"ask\":\"Who else?\","
      "\"extractor\":{\"kind\":\"named_list\",\"params\":{\"lexicons\":[\"competitors\"],"
      "\"cues\":\"competitor_cues\",\"unknown\":\"after_cues\"}}},"
      "{\"key\":\"spend\",\"type\":\"money\",\"ask\":\"Budget?\"},"
      "{\"key\":\"launch\",\"type\":\"date\",\"ask\":\"When?\"},"
      "{\"key\":\"platform\",\"type\":\"list\",\"ask\":\"Stack?\","
      "\"extractor\":{\"kind\":\"named_list\",\"params\":{\"lexicons\":"
      "[\"tools_technologies\",\"technical_skills\"]}}}]}",
      0, &jerr);
  assert_non_null(def);
  dbf_template *tpl = NULL;
  dbf_status st = {0};
  assert_int_equal(dbf_template_parse(def, &tpl, NULL, &st), DBF_OK);
  json_t *u =
      run(fx, tpl, NULL, "platform",
          "Python, Snowflake and dbt, compared us to Databricks, budget 1.2 million euros.");
  assert_true(has(val(u, "platform"), "Python"));
  assert_true(has(val(u, "platform"), "Snowflake"));
  assert_true(has(val(u, "platform"), "dbt"));
  assert_true(has(val(u, "rivals"), "Databricks"));
  assert_int_equal(json_integer_value(json_object_get(val(u, "spend"), "amount")), 1200000);
  json_decref(u);
  u = run(fx, tpl, NULL, "launch", "In two weeks.");
  assert_string_equal(sval(u, "launch"), "2026-10-20");
  json_decref(u);
  /* A vendor named after a cue that no lexicon knows. */
  u = run(fx, tpl, NULL, "rivals", "They are also talking to Quillbase.");
  assert_true(has(val(u, "rivals"), "Quillbase"));
  json_decref(u);
  dbf_template_free(tpl);
  json_decref(def);
}

/* People answer the question they have in mind: an answer whose every
   sentence is another field's typed content goes to that field, at a lower
   confidence than a targeted answer, and nothing is stored under the asked
   field. An answer with content of the asked kind stays where it was asked. */
static void test_off_target_answers(void **state) {
  fixture *fx = *state;
  json_t *u = run(fx, fx->sales, NULL, "meeting_outcome", "Budget is around 80k a year.");
  assert_null(val(u, "meeting_outcome"));
  assert_int_equal(json_integer_value(json_object_get(val(u, "budget"), "amount")), 80000);
  assert_true(conf(u, "budget") > 0.6 && conf(u, "budget") < 0.85);
  json_decref(u);

  u = run(fx, fx->sales, NULL, "objections",
          "1) Dana sends the SOW by Friday 2) I set up the sandbox next week 3) Their IT lead, "
          "Raj Patel, will review security docs by October 20.");
  assert_null(val(u, "objections"));
  const json_t *steps = val(u, "next_steps");
  assert_int_equal(json_array_size(steps), 3);
  assert_string_equal(json_string_value(json_object_get(json_array_get(steps, 0), "action")),
                      "send SOW");
  assert_string_equal(json_string_value(json_object_get(json_array_get(steps, 1), "owner")), "me");
  assert_string_equal(json_string_value(json_object_get(json_array_get(steps, 2), "owner")),
                      "Raj Patel");
  assert_string_equal(json_string_value(json_object_get(json_array_get(steps, 2), "due")),
                      "2026-10-20");
  json_decref(u);

  u = run(fx, fx->sales, NULL, "meeting_outcome", "They want to decide by the end of November.");
  assert_null(val(u, "meeting_outcome"));
  assert_string_equal(sval(u, "decision_timeline"), "2026-11-30");
  json_decref(u);

  /* A commitment is an outcome in any words; objections with a cue stay. */
  u = run(fx, fx->sales, NULL, "meeting_outcome",
          "They'll add 18 seats for their three new clinics, starting next month.");
  assert_non_null(val(u, "meeting_outcome"));
  json_decref(u);
  u = run(fx, fx->sales, NULL, "objections", "They worried the price is too high for year one.");
  assert_non_null(val(u, "objections"));
  json_decref(u);

  /* A name that ends in a company's legal form is an employer, never a
     title, even as the whole answer to the title question. */
  static const char *const legal[] = {"Comal Rodante LLC", "Nordlicht Bau GmbH.",
                                      "Brightwater Logistics Pty Ltd", "Kestrel Analytics Inc"};
  expect_none(fx, "role_title", legal, sizeof legal / sizeof legal[0]);
  /* A title is never a company; a date range is never a title. */
  u = run(fx, fx->work, NULL, "company", "I was a Senior Analyst there.");
  assert_null(val(u, "company"));
  assert_string_equal(sval(u, "role_title"), "Senior Analyst");
  json_decref(u);
  u = run(fx, fx->work, NULL, "role_title", "From March 2019 to June 2022.");
  assert_null(val(u, "role_title"));
  assert_string_equal(json_string_value(json_object_get(val(u, "timeline"), "start")), "2019-03");
  json_decref(u);
  u = run(fx, fx->work, NULL, "role_title", "Captain. FO until 2016.");
  assert_non_null(val(u, "role_title"));
  json_decref(u);
}

/* Amounts as people write them around the world. */
static void test_money_forms(void **state) {
  fixture *fx = *state;
  static const struct {
    const char *text;
    json_int_t amount;
    const char *currency;
  } cases[] = {
      {"\xE2\x82\xAC"
       "85.000 a year, that number won't move.",
       85000, "EUR"},
      {"CHF 310'000 for year one, implementation included.", 310000, "CHF"},
      {"Around 900 000 kronor a year.", 900000, "SEK"},
      {"R2.4 million over two seasons.", 2400000, "ZAR"},
      {"1.8 million pesos in the 2027 capex.", 1800000, "MXN"},
      {"They spend about $96K CAD a year with us and that's the ceiling.", 96000, "CAD"},
      {"\xC2\xA3"
       "42k, sorry no, \xC2\xA3"
       "38.5k a year.",
       38500, "GBP"},
      {"A $2.3 million grant, but only about $600K of it is earmarked for software.", 600000,
       "USD"},
      {"$1.250 million all in.", 1250000, "USD"},
      /* An amount restated after it, converted or split per period, does
         not replace the amount first said; a point in a range narrows it
         and a total worked out from a unit price is the amount. */
      {"they have about 2.4 million zloty for it, so roughly like 550 thousand euros, but that "
       "covers everything",
       2400000, "PLN"},
      {"Contract value is 3.6M NOK over three years. So 1.2M a year.", 3600000, "NOK"},
      {"the budget is four crore rupees, that's about half a million dollars", 40000000, "INR"},
      {"they set aside 900k CHF (around a million dollars) for the rollout", 900000, "CHF"},
      {"annual spend of 18 million yen, i.e. around 120 thousand dollars", 18000000, "JPY"},
      {"funding is 300k USD over two years, which comes to 150k a year", 300000, "USD"},
      {"between eighty and a hundred thousand reais, um, so around ninety thousand reais I "
       "would put",
       90000, "BRL"},
      {"$45 per seat per month, 200 seats = about $108k a year", 108000, "USD"},
      /* A sum said after its parts is the amount, after a correction too. */
      {"they have 140k budgeted for software. wait, actually 140 is software only, and another "
       "20k for training, so 160k total",
       160000, "USD"},
      {"EUR 60k for licences plus EUR 15k for services, EUR 75k all in", 75000, "EUR"},
      {"30k from IT and 25k from ops, so 55k combined", 55000, "USD"},
  };
  for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
    json_t *u = run(fx, fx->sales, NULL, "budget", cases[i].text);
    const json_t *b = val(u, "budget");
    if (!b || json_integer_value(json_object_get(b, "amount")) != cases[i].amount ||
        strcmp(json_string_value(json_object_get(b, "currency")), cases[i].currency) != 0) {
      char *got = json_dumps(b, JSON_COMPACT);
      fail_msg("'%s' gave %s", cases[i].text, got ? got : "nothing");
    }
    json_decref(u);
  }
}

/* Next steps in the forms people type them. */
static void test_next_step_forms(void **state) {
  fixture *fx = *state;
  json_t *u = run(fx, fx->sales, NULL, "next_steps",
                  "Me: quote by Tue. Omar - list of the 30 clients, next Monday. Our SE - cold "
                  "search benchmark by October 30.");
  char *steps = json_dumps(val(u, "next_steps"), JSON_COMPACT);
  assert_non_null(steps);
  assert_non_null(strstr(steps, "\"owner\":\"me\""));
  assert_non_null(strstr(steps, "\"owner\":\"Omar\""));
  assert_non_null(strstr(steps, "benchmark"));
  free(steps);
  json_decref(u);
  u = run(fx, fx->sales, NULL, "next_steps",
          "I'm visiting the brewery on Thursday, then Priya is picking two farms by Friday, and "
          "I'll send the deck tomorrow and check back in November.");
  steps = json_dumps(val(u, "next_steps"), JSON_COMPACT);
  assert_non_null(steps);
  assert_non_null(strstr(steps, "visiting the brewery") ? strstr(steps, "visiting the brewery")
                                                        : strstr(steps, "visiting brewery"));
  assert_non_null(strstr(steps, "Priya Raman"));
  assert_non_null(strstr(steps, "check back"));
  assert_null(strstr(steps, "I'm"));
  free(steps);
  json_decref(u);
  /* "<someone> will handle that", "... will go": who handles or joins the
     step said with it, not a step; its owner when that step names none. */
  static const char *const handled[][2] = {
      {"pilot on five buses starts on the 1st of July, our installation team will handle that",
       NULL},
      {"the install in March, their IT will own it", "their IT"},
      {"we organise the reference visit to the plant in Egypt in March, Faisal and Rami will go",
       NULL},
      {"we book the site walk for the first week of March, Hassan takes care of it", NULL}};
  for (size_t k = 0; k < sizeof handled / sizeof handled[0]; k++) {
    u = run(fx, fx->sales, NULL, "next_steps", handled[k][0]);
    const json_t *sts = val(u, "next_steps");
    assert_int_equal(json_array_size(sts), 1);
    if (handled[k][1])
      assert_string_equal(json_string_value(json_object_get(json_array_get(sts, 0), "owner")),
                          handled[k][1]);
    json_decref(u);
  }
  /* A reporting tail (", he said", ", I think") is no part of the action. */
  static const char *const reported[] = {"Priya sends the usage export next week, she said",
                                         "I send the deck on Monday, I think",
                                         "Omar shares the driver list tomorrow, he said"};
  for (size_t k = 0; k < sizeof reported / sizeof reported[0]; k++) {
    u = run(fx, fx->sales, NULL, "next_steps", reported[k]);
    steps = json_dumps(val(u, "next_steps"), JSON_COMPACT);
    assert_non_null(steps);
    assert_null(strstr(steps, " said"));
    assert_null(strstr(steps, "think"));
    free(steps);
    json_decref(u);
  }
  /* "<action> - <team> - <due>": a team between two dashes owns the action
     before it. */
  static const char *const team_notes[][3] = {
      {"battery fix - our dev team - jul release", "battery fix", "our dev team"},
      {"site survey plant 2 - our engg team - wk of 20th", "site survey plant 2", "our engg team"},
      {"new price list - their procurement team, by friday", "new price list",
       "their procurement team"},
      {"refresh the demo data - our SE team - before thursday", "demo data", "our SE team"}};
  for (size_t k = 0; k < sizeof team_notes / sizeof team_notes[0]; k++) {
    u = run(fx, fx->sales, NULL, "next_steps", team_notes[k][0]);
    const json_t *st = json_array_get(val(u, "next_steps"), 0);
    assert_non_null(strstr(json_string_value(json_object_get(st, "action")), team_notes[k][1]));
    assert_string_equal(json_string_value(json_object_get(st, "owner")), team_notes[k][2]);
    json_decref(u);
  }
}

/* Competitors no lexicon knows, named before a cue or after "called", and
   never our own products. */
static void test_unknown_competitors(void **state) {
  fixture *fx = *state;
  json_t *u = run(fx, fx->sales, NULL, "competitors",
                  "A company called Fleetora approached them last month, and Trackwise pitched "
                  "them too; they liked our Fleet Tracker demo.");
  const json_t *c = val(u, "competitors");
  assert_true(has(c, "Fleetora"));
  assert_true(has(c, "Trackwise"));
  assert_false(has(c, "Fleet Tracker"));
  json_decref(u);
  u = run(fx, fx->sales, NULL, "competitors", "None. Nobody else was considered.");
  assert_null(val(u, "competitors"));
  json_decref(u);
}

/* Competitor shapes: a name before "is still in the mix" or "as the other
   finalist", a deal that goes "to X, and to Y", the speaker's "I" after a
   name, a lower-case name before "won", a kind of system after a cue. */
static void test_competitor_shapes(void **state) {
  fixture *fx = *state;
  static const struct {
    const char *field, *text, *want[2];
  } cases[] = {
      {"competitors",
       "They had ZORB as the other finalist, and QRTX is still in the mix as well.",
       {"ZORB", "QRTX"}},
      {"competitors",
       "The contract will go to Fleetora, and to Trackwise, plus us.",
       {"Fleetora", "Trackwise"}},
      {"competitors", "Also a local package, Routeza I think it was.", {"Routeza", NULL}},
      {"competitors",
       "fleetora won. nobody else was close, price wasnt the issue",
       {"Fleetora", NULL}},
      /* A name that only says whose scheme: "through the X program". */
      {"competitors",
       "They've got Fleetora at two depots, through the Trackwise program.",
       {"Fleetora", NULL}},
      /* Kinds of system after a cue, and a tier the answer calls ours. */
      {"customer_needs",
       "They need to replace an old on-prem TMS before support ends and handle EDI with "
       "their carriers.",
       {NULL, NULL}},
      {"meeting_outcome",
       "They want our Gold tier, so they will look at an upgrade to Gold next quarter.",
       {NULL, NULL}},
  };
  for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
    json_t *u = run(fx, fx->sales, NULL, cases[i].field, cases[i].text);
    const json_t *c = val(u, "competitors");
    if (!cases[i].want[0])
      assert_null(c);
    for (size_t k = 0; k < 2 && cases[i].want[k]; k++)
      assert_true(has(c, cases[i].want[k]));
    assert_false(has(c, "Trackwise") && !cases[i].want[1]);
    json_decref(u);
  }
}

/* The last stated value wins: narrowed dates, taken-back dates, stated titles. */
static void test_last_stated_value(void **state) {
  fixture *fx = *state;
  json_t *u = run(fx, fx->sales, NULL, "decision_timeline",
                  "They want to decide in Q4, so by the end of November.");
  assert_string_equal(sval(u, "decision_timeline"), "2026-11-30");
  json_decref(u);
  u = run(fx, fx->sales, NULL, "decision_timeline",
          "The contract ends December 31; they'll decide by December 15.");
  assert_string_equal(sval(u, "decision_timeline"), "2026-12-15");
  json_decref(u);
  /* "before the <event> in <month>" dates the event, not the decision. */
  u = run(fx, fx->sales, NULL, "decision_timeline",
          "they decide before the new fiscal year begins in March so, um, the CFO said by mid "
          "January they must decide");
  assert_non_null(strstr(sval(u, "decision_timeline"), "-01"));
  json_decref(u);
  u = run(fx, fx->work, NULL, "timeline",
          "I started there in 2017 - no, sorry, it was February 2018, I was still at my "
          "previous job in 2017. I left in October 2023.");
  const json_t *tl = val(u, "timeline");
  assert_string_equal(json_string_value(json_object_get(tl, "start")), "2018-02");
  assert_string_equal(json_string_value(json_object_get(tl, "end")), "2023-10");
  json_decref(u);
  u = run(fx, fx->work, NULL, "timeline", "from march 2017 until jan '21");
  tl = val(u, "timeline");
  assert_string_equal(json_string_value(json_object_get(tl, "end")), "2021-01");
  json_decref(u);
  u = run(fx, fx->work, NULL, "timeline", "Oct. 2018 - present");
  tl = val(u, "timeline");
  assert_string_equal(json_string_value(json_object_get(tl, "start")), "2018-10");
  json_decref(u);
  u = run(fx, fx->work, NULL, "timeline", "From 2008 until last year.");
  assert_string_equal(json_string_value(json_object_get(val(u, "timeline"), "end")), "2025");
  json_decref(u);
  u = run(fx, fx->work, NULL, "timeline",
          "From March 2016 to 2021, actually it was April 2016 when I started, until August 2021.");
  tl = val(u, "timeline");
  assert_string_equal(json_string_value(json_object_get(tl, "start")), "2016-04");
  assert_string_equal(json_string_value(json_object_get(tl, "end")), "2021-08");
  json_decref(u);
  u = run(fx, fx->work, NULL, "timeline",
          "I was there from 2018 to 2023. Actually I started in October 2017, not 2018, and I left "
          "in May 2023.");
  tl = val(u, "timeline");
  assert_string_equal(json_string_value(json_object_get(tl, "start")), "2017-10");
  assert_string_equal(json_string_value(json_object_get(tl, "end")), "2023-05");
  json_decref(u);
  /* A year said in words, its month said after it, refines it. */
  static const char *const spoken[][3] = {
      {"I started in the summer of twenty twenty, July, and I'm still there", "2020-07", "present"},
      {"from autumn twenty sixteen, October, until February twenty twenty two", "2016-10",
       "2022-02"},
  };
  for (size_t i = 0; i < sizeof spoken / sizeof spoken[0]; i++) {
    u = run(fx, fx->work, NULL, "timeline", spoken[i][0]);
    tl = val(u, "timeline");
    assert_string_equal(json_string_value(json_object_get(tl, "start")), spoken[i][1]);
    assert_string_equal(json_string_value(json_object_get(tl, "end")), spoken[i][2]);
    json_decref(u);
  }
  /* Said without commas, a date joined by "so", "because", "but" or
     "when" to the decision belongs to another event. */
  static const char *const joined[][2] = {
      {"their contract renews november 1st so they want to decide by october 15th", "2026-10-15"},
      {"the new term starts on december 1st so they will decide by november 12th", "2026-11-12"},
      {"they decide on october 20th because the budget closes on november 30th", "2026-10-20"},
      {"the pilot ends november 27th but they want to decide by november 13th", "2026-11-13"},
      {"They'll decide by Nov 6 when the board meets again on Dec 10.", "2026-11-06"}};
  expect_strings(fx, fx->sales, "decision_timeline", joined, sizeof joined / sizeof joined[0]);
  /* A date restated after another ("that's", "which is", "i.e.") names
     it exactly. */
  static const char *const restated[][2] = {
      {"matthias said hed decide before their fiscal yr end, thats 30.9", "2027-09-30"},
      {"they'll decide at the next board meeting, i.e. the 14th of May", "2027-05-14"},
      {"they decide at their year end, which is the 31st of March", "2027-03-31"},
      /* A date the decision is said to come before, after it, is an event. */
      {"hennie said after the trial, so jan. their fin yr starts 1 march so def before that",
       "2027-01"},
      {"probably December. the new budget starts on the 1st of February, they decide before "
       "then",
       "2026-12"}};
  expect_strings(fx, fx->sales, "decision_timeline", restated,
                 sizeof restated / sizeof restated[0]);
  u = run(fx, fx->sales, NULL, "decision_timeline",
          "Want to sign by Oct 30 so they can roll out in November.");
  assert_string_equal(sval(u, "decision_timeline"), "2026-10-30");
  json_decref(u);
  u = run(fx, fx->sales, NULL, "decision_timeline",
          "They'd decide in the first quarter of next year, before their budget lock on March 15.");
  assert_string_equal(sval(u, "decision_timeline"), "2027-03-15");
  json_decref(u);
  u = run(fx, fx->work, NULL, "company", "barton creek animal hospital. its privately owned");
  assert_string_equal(sval(u, "company"), "barton creek animal hospital");
  json_decref(u);
  /* A name typed in lower case without a comma ends where what is said
     about it starts: an article, a pronoun, a verb, a place, a number. */
  static const char *const run_on[][2] = {
      {"brennick tool hire a small plant hire firm in derby", "brennick tool hire"},
      {"oakridge veterinary group based in leeds", "oakridge veterinary group"},
      {"corvane labs they build lidar sensors", "corvane labs"},
      {"halden & moss accountants 12 staff mostly bookkeepers", "halden & moss accountants"},
      {"tessaly freight - the reno depot", "tessaly freight"},
      {"pinewick county council the highways team", "pinewick county council"}};
  for (size_t k = 0; k < sizeof run_on / sizeof run_on[0]; k++) {
    u = run(fx, fx->work, NULL, "company", run_on[k][0]);
    assert_non_null(sval(u, "company"));
    assert_string_equal(sval(u, "company"), run_on[k][1]);
    json_decref(u);
  }
  /* Two words or more after "the" are a name: with the article when that
     is all the answer says, but for a public body's. */
  static const char *const the_name[][2] = {
      {"the brackenfield gazette.", "the brackenfield gazette"},
      {"the northmoor water authority.", "northmoor water authority"},
      {"the harwick arms hotel, family owned", "harwick arms hotel"},
      {"the kestrel rowing club which runs the regatta", "kestrel rowing club"}};
  expect_strings(fx, fx->work, "company", the_name, sizeof the_name / sizeof the_name[0]);
  /* After a cue, typed in lower case: the words up to what is said
     about them. */
  static const char *const cued[][2] = {
      {"i was with brightwell crane hire, they rent out cranes", "brightwell crane hire"},
      {"self-employed, under the name tiny oak tutoring", "tiny oak tutoring"},
      {"freelance, but i worked for marston & pryce architects in leeds",
       "marston & pryce architects"},
      {"agency placed me but i was with corrie bay logistics the whole time",
       "corrie bay logistics"}};
  expect_strings(fx, fx->work, "company", cued, sizeof cued / sizeof cued[0]);
  /* A count or a function word opens no name. */
  static const char *const no_head[] = {"by the end i was a senior clerk there", "the council.",
                                        "three nurses and a ward clerk",
                                        "By the end I was Senior Clerk there."};
  expect_none(fx, "company", no_head, sizeof no_head / sizeof no_head[0]);
  /* A pointer back to what was said, and what follows the first comma, are
     no part of a name typed in lower case. */
  static const char *const typed[][2] = {
      {"like i said, harlow county council", "harlow county council"},
      {"norfield building society as i mentioned", "norfield building society"},
      {"pell & grant freight forwarding limited, about 40 staff", "pell & grant freight forwarding "
                                                                  "limited"}};
  for (size_t k = 0; k < 3; k++) {
    u = run(fx, fx->work, NULL, "company", typed[k][0]);
    assert_non_null(sval(u, "company"));
    assert_string_equal(sval(u, "company"), typed[k][1]);
    json_decref(u);
  }
  /* An answer that only points back to the employer named before, or says
     the person is still there, names none. */
  static const char *const back[] = {"same as before",        "September 2011. Still there.",
                                     "Same place as before.", "like i said",
                                     "Still with them, yes.", "Same company, different team."};
  expect_none(fx, "company", back, sizeof back / sizeof back[0]);
  /* A month after "joined", a count or a person opening the answer, is no
     employer. */
  static const char *const not_names[] = {
      "Joined May 2021, actually no, I signed in April but started in May 2021.",
      "Four dispatchers and two planners; I reported to the operations manager, Gary Lutz.",
      "Twelve of us in the office, all remote", "started March 2019 and still there"};
  expect_none(fx, "company", not_names, sizeof not_names / sizeof not_names[0]);
  u = run(fx, fx->work, NULL, "company", "Lena Ortiz Photography - it's just me");
  assert_string_equal(sval(u, "company"), "Lena Ortiz Photography");
  json_decref(u);
  /* Said to another question, an answer that opens with a name alone is
     the employer; a tool, a person or a title alone is not. */
  static const char *const alone[][2] = {
      {"Halvorsen Freight. I was there the whole time, the last two years as lead.",
       "Halvorsen Freight"},
      {"Comal Rodante LLC", "Comal Rodante LLC"},
      {"Brightwater Logistics. Night shift mostly.", "Brightwater Logistics"},
      {"Google Sheets.", NULL},
      {"Jane Smith.", NULL},
      {"Senior Analyst.", NULL}};
  for (size_t k = 0; k < sizeof alone / sizeof alone[0]; k++) {
    u = run(fx, fx->work, NULL, "role_title", alone[k][0]);
    if (alone[k][1])
      assert_string_equal(sval(u, "company"), alone[k][1]);
    else if (val(u, "company"))
      fail_msg("'%s': company '%s'", alone[k][0], sval(u, "company"));
    json_decref(u);
  }
  u = run(fx, fx->work, NULL, "company", "Stillwater Mining, since 2019");
  assert_string_equal(sval(u, "company"), "Stillwater Mining");
  json_decref(u);
  u = run(fx, fx->work, NULL, "company", "Halloway Museum of Art, in Hartford.");
  assert_string_equal(sval(u, "company"), "Halloway Museum of Art");
  json_decref(u);
  u = run(fx, fx->work, NULL, "role_title",
          "I was a team lead - well, officially my title was Senior Civil Engineer.");
  assert_string_equal(sval(u, "role_title"), "Senior Civil Engineer");
  json_decref(u);
  /* A progression written with an arrow or a dash: the titles on either
     side are two, the last the one held. A title chosen inside quotes is
     the quoted text, whole; a quoted earlier title stays earlier. */
  static const char *const stated[][2] = {
      {"team mgr (academy) \xE2\x86\x92 general mgr of the academy in my last yr",
       "General Manager"},
      {"Junior Buyer \xE2\x86\x92 Senior Buyer \xE2\x86\x92 Head of Buying", "Head of Buying"},
      {"line cook \xE2\x86\x92 sous chef, 2019", "Sous Chef"},
      {"started as a porter - then night manager", "Night Manager"},
      {"started as developer, ended as 'Senior Software Engineer, Core Systems'",
       "Senior Software Engineer, Core Systems"},
      {"my badge said \"Lead Data Engineer, Platform\" but everyone called me the data guy",
       "Lead Data Engineer, Platform"},
      {"began as intern, finished as 'Associate Product Manager'", "Associate Product Manager"},
      {"they called me 'Head of People & Culture' in the end", "Head of People & Culture"},
      {"the first year it was 'Junior Planner', then Planning Lead till I left", "Planning Lead"}};
  expect_strings(fx, fx->work, "role_title", stated, sizeof stated / sizeof stated[0]);
  u = run(fx, fx->work, NULL, "role_title",
          "Head Sommelier. I was also sort of the beverage manager, but that wasn't the title.");
  assert_string_equal(sval(u, "role_title"), "Head Sommelier");
  json_decref(u);
}

/* ------------------------------------------------------------------ merge */

static void test_merge(void **state) {
  fixture *fx = *state;
  json_t *rec = json_object();
  json_t *u1 =
      json_pack("{s:{s:[s], s:f, s:i, s:s}, s:{s:s, s:f, s:i, s:s}}", "competitors", "value",
                "Samsara", "confidence", 0.45, "evidence_seq", 1, "source", "rule", "deal_stage",
                "value", "proposal", "confidence", 0.85, "evidence_seq", 1, "source", "user");
  json_t *ch = NULL;
  assert_int_equal(dbf_record_merge(fx->sales, rec, u1, &ch), DBF_OK);
  assert_int_equal(json_object_size(ch), 2);
  json_decref(ch);
  /* Lists union without duplicates; a user edit survives a rule value. */
  json_t *u2 = json_pack("{s:{s:[s,s], s:f, s:i, s:s}, s:{s:s, s:f, s:i, s:s}}", "competitors",
                         "value", "samsara", "Motive", "confidence", 0.85, "evidence_seq", 2,
                         "source", "rule", "deal_stage", "value", "negotiation", "confidence", 0.9,
                         "evidence_seq", 2, "source", "rule");
  assert_int_equal(dbf_record_merge(fx->sales, rec, u2, &ch), DBF_OK);
  const json_t *comp = json_object_get(json_object_get(rec, "competitors"), "value");
  assert_int_equal(json_array_size(comp), 2);
  assert_true(
      json_number_value(json_object_get(json_object_get(rec, "competitors"), "confidence")) > 0.8);
  assert_string_equal(
      json_string_value(json_object_get(json_object_get(rec, "deal_stage"), "value")), "proposal");
  assert_null(json_object_get(ch, "deal_stage"));
  json_decref(ch);
  /* Lower confidence does not replace a scalar; the same update twice changes nothing. */
  json_t *u3 = json_pack("{s:{s:[s], s:f, s:i, s:s}}", "competitors", "value", "Motive",
                         "confidence", 0.5, "evidence_seq", 3, "source", "rule");
  assert_int_equal(dbf_record_merge(fx->sales, rec, u3, &ch), DBF_OK);
  assert_int_equal(json_object_size(ch), 0);
  json_decref(ch);
  assert_int_equal(dbf_record_merge(fx->sales, rec, json_null(), NULL), DBF_ERR_INVALID);
  json_decref(u1);
  json_decref(u2);
  json_decref(u3);
  json_decref(rec);
}

/* Merges into rec an update of one list field (key: items, conf, seq);
   returns the field's value after it. */
static const json_t *merge_list(const dbf_template *tpl, json_t *rec, const char *key,
                                const char *items, double conf, int seq) {
  json_error_t err;
  json_t *u = json_pack("{s:{s:o, s:f, s:i, s:s}}", key, "value", json_loads(items, 0, &err),
                        "confidence", conf, "evidence_seq", seq, "source", "rule");
  assert_int_equal(dbf_record_merge(tpl, rec, u, NULL), DBF_OK);
  json_decref(u);
  return json_object_get(json_object_get(rec, key), "value");
}

/* Names heard in passing give way to the answer that lists them; the list
   answered first still takes what is heard later. */
static void test_merge_own_list(void **state) {
  fixture *fx = *state;
  json_t *rec = json_object();
  merge_list(fx->work, rec, "technical_skills", "[\"auditing\"]", 0.45, 1);
  const json_t *v = merge_list(fx->work, rec, "technical_skills", "[\"Python\", \"SQL\"]", 0.85, 2);
  assert_true(json_array_size(v) == 2 && !has(v, "auditing"));
  v = merge_list(fx->work, rec, "technical_skills", "[\"auditing\"]", 0.45, 3);
  assert_true(json_array_size(v) == 3 && has(v, "auditing"));
  /* A vendor said in passing, then the answer about competitors. */
  merge_list(fx->sales, rec, "competitors", "[\"Oracle\"]", 0.45, 4);
  v = merge_list(fx->sales, rec, "competitors", "[\"Samsara\"]", 0.85, 5);
  assert_true(json_array_size(v) == 1 && has(v, "Samsara"));
  json_decref(rec);
}

/* A name said among competitors that a later answer lists as our product
   leaves the competitors; "Samsa" said of "SamsaTrack" is that one. */
static void test_merge_ours_said_later(void **state) {
  fixture *fx = *state;
  json_t *rec = json_object();
  merge_list(fx->sales, rec, "competitors", "[\"Motive\", \"FleetPilot\"]", 0.85, 1);
  merge_list(fx->sales, rec, "products_discussed", "[\"FleetPilot\"]", 0.85, 2);
  const json_t *v = json_object_get(json_object_get(rec, "competitors"), "value");
  assert_true(json_array_size(v) == 1 && has(v, "Motive"));
  merge_list(fx->sales, rec, "competitors", "[\"SamsaTrack\"]", 0.85, 3);
  v = merge_list(fx->sales, rec, "competitors", "[\"Samsa\"]", 0.85, 4);
  assert_true(has(v, "SamsaTrack") && !has(v, "Samsa"));
  json_decref(rec);
}

/* ------------------------------------------------- specificity and "done" */

static void test_specificity_and_done(void **state) {
  fixture *fx = *state;
  dbf_extract_ctx ctx = {.tpl = fx->sales, .lex = fx->lex, .reference_date = "2026-10-06"};
  assert_true(dbf_answer_specificity(&ctx, "It was good I think.") < 0.35);
  assert_true(dbf_answer_specificity(&ctx, "Backend stuff mostly.") < 0.35);
  assert_true(dbf_answer_specificity(&ctx, "They have about $180k set aside for this year.") >=
              0.35);
  assert_true(dbf_answer_specificity(
                  &ctx, "Priya Raman, VP Operations, and Tom Becker, their IT lead.") >= 0.35);
  assert_true(dbf_answer_specificity(&ctx, "") < 0.2);
  assert_true(dbf_answer_is_done("That's all."));
  assert_true(dbf_answer_is_done("nothing else, thanks"));
  assert_true(dbf_answer_is_done("I'm done"));
  assert_true(dbf_answer_is_done("Done."));
  assert_false(dbf_answer_is_done("No."));
  assert_false(
      dbf_answer_is_done("Done with the migration in May, then moved to the payments team."));
  assert_false(dbf_answer_is_done("They need real-time tracking."));
  assert_false(dbf_answer_is_done(NULL));
}

/* Extracts text as an answer to a question with two targets. */
static json_t *run2(fixture *fx, const dbf_template *tpl, const char *t1, const char *t2,
                    const char *text, const char *ref) {
  const char *targets[2] = {t1, t2};
  dbf_extract_ctx ctx = {.tpl = tpl,
                         .lex = fx->lex,
                         .subject = tpl == fx->sales ? fx->subject : NULL,
                         .target_fields = targets,
                         .n_target_fields = t2 ? 2 : 1,
                         .seq = 9,
                         .reference_date = ref};
  json_t *u = NULL;
  dbf_status st = {0};
  assert_int_equal(dbf_extract(&ctx, text, &u, &st), DBF_OK);
  assert_non_null(u);
  return u;
}

/* The failure classes found by the held-out evaluation (docs/quality.md). */
static void test_done_phrases_are_not_values(void **state) {
  fixture *fx = *state;
  static const char *const done[] = {"That's all I have.", "Nothing else.", "No, that's it.", NULL};
  for (size_t i = 0; done[i]; i++) {
    assert_true(dbf_answer_is_done(done[i]));
    json_t *u = run(fx, fx->work, NULL, "soft_skills", done[i]);
    assert_int_equal(json_object_size(u), 0);
    json_decref(u);
    u = run(fx, fx->sales, NULL, "products_discussed", done[i]);
    assert_int_equal(json_object_size(u), 0);
    json_decref(u);
  }
}

/* The outcome question answered with another field's content (who was
   there, a worry, an amount, a tool) leaves the outcome open; an answer
   with any word of an outcome, in any phrasing, fills it. */
static void test_outcome_takes_only_outcomes(void **state) {
  fixture *fx = *state;
  static const struct {
    const char *text;
    bool fills;
  } answers[] = {
      {"Priya Raman from finance and their plant manager Tomasz sat in", false},
      {"Well, Haruto said they have roughly 90k they could put toward this", false},
      {"their IT lead is worried about single sign-on with the old directory", false},
      {"mostly the scheduling module and the mobile app", false},
      {"um so the CFO Ines Duarte chaired it and two planners did most of the talking", false},
      {"They're going with the other vendor, the parent company froze spend", true},
      {"verbal yes on the three-year term, paperwork next week", true},
      {"Pausing everything until their migration is done, so we're out for now", true},
      {"they asked us for a costed proposal for two sites", true},
      {"Really warm, Ines wants her planners to try it for a month", true},
      /* A "none" opening a long answer whose rest is an outcome. */
      {"no decision yet, it was an intro call. marta wants two references and a site visit first",
       true},
      {"No commitment yet. They want a costed pilot for the two northern depots first.", true},
      {"Nothing signed. But the board agreed to a proof of concept over the summer.", true},
      {"No deal today. Their COO wants to see the integration working on their own data.", true},
      {"No, nothing agreed.", false},
      /* A refusal in plain words. */
      {"lena said thanks but no, their supplier bundles it for free", true},
      {"they see no point paying twice, the group already has one", true},
  };
  for (size_t i = 0; i < DBF_ARRAY_LEN(answers); i++) {
    json_t *u = run(fx, fx->sales, NULL, "meeting_outcome", answers[i].text);
    if ((val(u, "meeting_outcome") != NULL) != answers[i].fills)
      fail_msg("'%s' %s the outcome", answers[i].text, answers[i].fills ? "left empty" : "filled");
    json_decref(u);
  }
}

/* An answer to another question that filled nothing it was asked for and
   speaks in an outcome's (or a team's) words is kept there, weakly, while
   that field is empty; an answer that filled its own field is not. */
static void test_answer_meant_for_another_text_field(void **state) {
  fixture *fx = *state;
  static const struct {
    bool sales;
    const char *asked, *text, *lands; /* lands: NULL when nothing should */
  } answers[] = {
      {true, "competitors", "they'd like a second session with the planners next month",
       "meeting_outcome"},
      {true, "budget", "really positive, they loved the live map and the dispatch view",
       "meeting_outcome"},
      {true, "decision_makers", "verbal yes on the three year term, paperwork to follow",
       "meeting_outcome"},
      {false, "timeline", "there were four of us on the team, all reporting to Mo", "team_context"},
      {true, "budget", "they agreed to 60k for the first year", NULL},
      {true, "budget", "budget is two hundred no wait the board approved two fifty", NULL},
      {true, "objections", "the security team wants on-prem hosting", NULL},
  };
  for (size_t i = 0; i < DBF_ARRAY_LEN(answers); i++) {
    const dbf_template *tpl = answers[i].sales ? fx->sales : fx->work;
    const char *field = answers[i].sales ? "meeting_outcome" : "team_context";
    json_t *u = run(fx, tpl, NULL, answers[i].asked, answers[i].text);
    json_t *e = json_object_get(u, field);
    if (answers[i].lands && (!e || json_real_value(json_object_get(e, "confidence")) >= 0.6))
      fail_msg("'%s' should fill %s weakly: %s", answers[i].text, field, json_dumps(u, 0));
    if (!answers[i].lands && e)
      fail_msg("'%s' filled %s", answers[i].text, field);
    json_decref(u);
  }
}

/* Typed in lower case, a date said where a name could stand ("around
   july", "end of march") is no person; the name said before it still is. */
static void test_lower_case_date_is_no_person(void **state) {
  fixture *fx = *state;
  static const char *const said[] = {
      "they pick one after the trade fair, around july",
      "whoever signs it will be end of march",
      "decision mid june prob, the committee decides",
      "board decides, sometime early september",
  };
  for (size_t i = 0; i < DBF_ARRAY_LEN(said); i++) {
    json_t *u = run(fx, fx->sales, NULL, "decision_makers", said[i]);
    json_t *dm = json_object_get(json_object_get(u, "decision_makers"), "value");
    size_t k;
    json_t *v;
    json_array_foreach(dm, k, v) {
      const char *name = json_string_value(v);
      if (name && (strstr(name, "uly") || strstr(name, "arch") || strstr(name, "une") ||
                   strstr(name, "eptember")))
        fail_msg("'%s' gave the decision maker '%s'", said[i], name);
    }
    json_decref(u);
  }
  json_t *u = run(fx, fx->sales, NULL, "decision_makers", "priya nair signs off, around july");
  if (!has(val(u, "decision_makers"), "Priya Nair"))
    fail_msg("priya nair: %s", json_dumps(u, 0));
  json_decref(u);
}

static const char *role_of(const json_t *people, const char *name);

/* Typed in lower case with a capital here and there (an acronym, one
   name): the lower-case names are still read. */
static void test_mostly_lower_case_names(void **state) {
  fixture *fx = *state;
  static const struct {
    const char *text, *name;
  } said[] = {
      {"kwame boateng plant mgr, adwoa frimpong quality lead, + IT guy from Tema",
       "Adwoa Frimpong"},
      {"rania haddad the CFO, omar saleh who runs ops, and Dr Nasser from the board",
       "Rania Haddad"},
      {"ingrid berg GM, lars holm finance + a consultant from KPMG, Mr Dahl", "Lars Holm"},
      {"tomasz nowak head of maintenance and marta kowalska HR, plus Ewa from IT",
       "Marta Kowalska"},
  };
  for (size_t i = 0; i < DBF_ARRAY_LEN(said); i++) {
    json_t *u = run(fx, fx->sales, NULL, "attendees", said[i].text);
    if (!role_of(val(u, "attendees"), said[i].name))
      fail_msg("'%s': no %s in %s", said[i].text, said[i].name, json_dumps(u, 0));
    json_decref(u);
  }
}

/* Shorthand asides typed on a phone ("tbh", "btw", "imo", "fyi") are
   never a name, whatever cue stands next to them. */
static void test_phone_asides_are_no_names(void **state) {
  fixture *fx = *state;
  static const char *const said[] = {
      "their own in-house tool is the real competitor tbh",
      "btw they also looked at quillfern",
      "the main rival imo is the incumbent spreadsheet",
      "fyi the competitor idk, someone local",
  };
  static const char *const asides[] = {"Tbh", "Btw", "Imo", "Fyi", "Idk", NULL};
  for (size_t i = 0; i < DBF_ARRAY_LEN(said); i++) {
    json_t *u = run(fx, fx->sales, NULL, "competitors", said[i]);
    for (size_t k = 0; asides[k]; k++)
      if (has(val(u, "competitors"), asides[k]))
        fail_msg("'%s' gave the rival '%s'", said[i], asides[k]);
    json_decref(u);
  }
}

static void test_negation_is_answered(void **state) {
  fixture *fx = *state;
  dbf_extract_ctx ctx = {.tpl = fx->sales, .lex = fx->lex, .reference_date = "2026-10-06"};
  /* An explicit "none" is specific: the planner must not follow up. */
  assert_true(dbf_answer_specificity(&ctx, "No, they didn't mention anyone else.") >= 0.35);
  assert_true(dbf_answer_specificity(&ctx, "No objections this time.") >= 0.35);
  assert_true(dbf_answer_specificity(&ctx, "Budget didn't come up.") >= 0.35);
  /* Uncertainty is not a negation. */
  assert_true(dbf_answer_specificity(&ctx, "No idea, honestly.") < 0.35);
  assert_true(dbf_answer_specificity(&ctx, "Not sure.") < 0.35);
  json_t *u = run(fx, fx->sales, NULL, "competitors", "No, they didn't bring up anyone else.");
  assert_null(val(u, "competitors"));
  json_decref(u);
  /* A negation before a verb of talking says the topic never came up, in
     any words: the field is answered, empty, and not asked again. */
  static const struct {
    const char *field, *text;
  } never_talked[] = {
      {"competitors", "we didn't talk about other suppliers at all"},
      {"competitors", "we never really got into who else they're looking at"},
      {"budget", "money wasn't discussed at all"},
      {"objections", "Honestly, nobody raised anything"},
      {"decision_makers", "no one brought up who signs"},
      {"budget", "we did not even touch on price"},
  };
  for (size_t i = 0; i < DBF_ARRAY_LEN(never_talked); i++) {
    if (dbf_answer_specificity(&ctx, never_talked[i].text) < 0.35)
      fail_msg("'%s' should be a clear none", never_talked[i].text);
    u = run(fx, fx->sales, NULL, never_talked[i].field, never_talked[i].text);
    if (val(u, never_talked[i].field))
      fail_msg("'%s' filled %s", never_talked[i].text, never_talked[i].field);
    json_decref(u);
  }
  /* After content, the same words are a side remark: the content stays. */
  u = run(fx, fx->sales, NULL, "products_discussed",
          "Just Fleet Tracker, we didn't get into add-ons.");
  assert_non_null(val(u, "products_discussed"));
  json_decref(u);
  /* "Doesn't cover" is no verb of talking. */
  assert_false(dbf_answer_specificity(&ctx, "The grant does not cover training.") == 0.5);
}

static void test_two_skill_lists_split(void **state) {
  fixture *fx = *state;
  json_t *u = run2(fx, fx->work, "technical_skills", "soft_skills",
                   "Butchery, menu costing, food safety and fermentation.", "2026-03-02");
  assert_true(has(val(u, "technical_skills"), "Butchery"));
  assert_null(val(u, "soft_skills"));
  json_decref(u);
  u = run2(fx, fx->work, "technical_skills", "soft_skills",
           "Python and SQL, and mentoring junior analysts.", "2026-03-02");
  assert_true(has(val(u, "technical_skills"), "Python"));
  assert_false(has(val(u, "technical_skills"), "mentoring junior analysts"));
  assert_true(has(val(u, "soft_skills"), "mentoring junior analysts"));
  json_decref(u);
}

static void test_decision_makers_people_and_groups(void **state) {
  fixture *fx = *state;
  json_t *u = run(fx, fx->sales, NULL, "decision_makers",
                  "Their managing director, Venkat Sundaram, and the board of directors.");
  const json_t *dm = val(u, "decision_makers");
  assert_true(has(dm, "Venkat Sundaram"));
  assert_true(has(dm, "board of directors"));
  json_decref(u);
  u = run(fx, fx->sales, NULL, "decision_makers",
          "The county commissioners approve it, on Priya's recommendation.");
  dm = val(u, "decision_makers");
  assert_true(has(dm, "county commissioners"));
  assert_true(has(dm, "Priya Raman"));
  json_decref(u);
  /* Asked when and who, an answer about when names no decider by the way. */
  u = run2(fx, fx->sales, "decision_timeline", "decision_makers",
           "They want to sign by June 15th, Priya said, when their board meets.", "2026-10-06");
  assert_false(has(val(u, "decision_makers"), "Priya Raman"));
  json_decref(u);
  u = run2(fx, fx->sales, "decision_timeline", "decision_makers", "Priya signs it by June 15th.",
           "2026-10-06");
  assert_true(has(val(u, "decision_makers"), "Priya Raman"));
  json_decref(u);
  /* A board meeting is a date, not a decider. */
  u = run2(fx, fx->sales, "decision_timeline", "decision_makers",
           "After their board meeting in November.", "2026-10-06");
  assert_null(val(u, "decision_makers"));
  json_decref(u);
  /* A deciding role without a name is kept; a role with its name is the person. */
  u = run(fx, fx->sales, NULL, "decision_makers",
          "Bettina decides, and their VP of Retail has to sign; their CFO, Elena Rossi, too.");
  assert_true(has(val(u, "decision_makers"), "their VP of Retail") ||
              has(val(u, "decision_makers"), "VP of Retail"));
  assert_true(has(val(u, "decision_makers"), "Elena Rossi"));
  assert_false(has(val(u, "decision_makers"), "their CFO"));
  json_decref(u);
}

/* Asked about competitors: every vendor named, in-house builds, lower case. */
static void test_competitors_named_any_way(void **state) {
  fixture *fx = *state;
  json_t *u = run(fx, fx->sales, NULL, "competitors",
                  "They trialled Plattr last year. Carla brought up Fixora, and Lutz also floated "
                  "building it in-house. Nobody from the trade show in Cologne.");
  const json_t *c = val(u, "competitors");
  assert_true(has(c, "Plattr"));
  assert_true(has(c, "Fixora"));
  assert_true(has(c, "in-house build"));
  assert_false(has(c, "Lutz"));
  assert_false(has(c, "Cologne"));
  json_decref(u);
  u = run(fx, fx->sales, NULL, "competitors",
          "Portwise is still in the running. Earlier on, a Danish outfit, Vindsyn, approached "
          "them; the POC with IT went fine. Cheaper per seat.");
  c = val(u, "competitors");
  assert_true(has(c, "Portwise"));
  assert_true(has(c, "Vindsyn"));
  assert_int_equal(json_array_size(c), 2);
  json_decref(u);
  u = run(fx, fx->sales, NULL, "competitors",
          "theyre looking at givebase too, and they also looked at bibliotek cloud early on");
  c = val(u, "competitors");
  assert_true(has(c, "Givebase"));
  assert_true(has(c, "Bibliotek Cloud"));
  json_decref(u);
  u = run(fx, fx->sales, NULL, "competitors",
          "They're on a heavily customized in-house system today.");
  assert_true(has(val(u, "competitors"), "in-house system"));
  json_decref(u);
  /* What they build in-house, named before or after it, or after "its
     own" when another in-house word comes first. */
  static const char *const built[][2] = {
      {"Their ops team hacked together a dashboard app in-house last spring.", "in-house app"},
      {"Mostly an in-house model their analysts maintain.", "in-house model"},
      {"Their internal analytics group wants to build its own forecasts.", "in-house forecasts"},
  };
  for (size_t i = 0; i < sizeof built / sizeof built[0]; i++) {
    u = run(fx, fx->sales, NULL, "competitors", built[i][0]);
    assert_true(has(val(u, "competitors"), built[i][1]));
    json_decref(u);
  }
}

/* Next steps said as events, reported, or typed in a hurry. */
static const char *step_field(const json_t *steps, size_t i, const char *k) {
  return json_string_value(json_object_get(json_array_get(steps, i), k));
}

typedef struct step_want {
  size_t i;
  const char *key, *value;
} step_want;

/* Extracts text as a next-steps answer: n steps, each want holding. */
static void check_steps(fixture *fx, const char *text, size_t n, const step_want *want,
                        size_t n_want) {
  json_t *u = run(fx, fx->sales, NULL, "next_steps", text);
  const json_t *ns = val(u, "next_steps");
  assert_int_equal(json_array_size(ns), n);
  for (size_t k = 0; k < n_want; k++)
    assert_string_equal(step_field(ns, want[k].i, want[k].key), want[k].value);
  json_decref(u);
}

static void test_next_steps_events_and_reports(void **state) {
  fixture *fx = *state;
  /* Reference: Tuesday 2026-10-06. */
  static const step_want events[] = {{0, "action", "send SOW"},       {0, "due", "2026-10-09"},
                                     {1, "owner", "Priya Raman"},     {1, "due", "2026-10-16"},
                                     {2, "owner", "onboarding team"}, {2, "due", "2026-10-20"}};
  check_steps(fx,
              "Implementation kickoff on October 20th with our onboarding team; I told them I'd "
              "send the SOW by Friday; Priya to send the floor plans by Friday next week.",
              3, events, DBF_ARRAY_LEN(events));
  /* Steps as notes: imperatives, noun phrases with an owner marker. */
  static const step_want notes[] = {
      {0, "owner", "me"},          {1, "due", "2026-10-07"},
      {2, "owner", "Priya Raman"}, {3, "action", "Revised quote with 10% off"},
      {3, "owner", "me"},          {4, "owner", "me"},
      {5, "owner", "finance"}};
  check_steps(fx,
              "Send the deck by Friday, check the integration tomorrow, and Priya's sending the "
              "report. Revised quote with 10% off, me, Monday. Usage report by school by October "
              "30, that's on me. A credit memo from finance.",
              6, notes, DBF_ARRAY_LEN(notes));
  json_t *u;
  const json_t *ns;
  /* Deliberation is no step, and "a week" is no due date. */
  u = run(fx, fx->sales, NULL, "competitors",
          "They're thinking about extending Figshare. Peak runs 400 trucks a week.");
  assert_null(val(u, "next_steps"));
  json_decref(u);
  u = run(fx, fx->sales, NULL, "next_steps",
          "ill check back w priya in june next year, and send the quote within two weeks");
  ns = val(u, "next_steps");
  assert_int_equal(json_array_size(ns), 2);
  assert_string_equal(step_field(ns, 0, "due"), "2027-06");
  assert_string_equal(step_field(ns, 1, "due"), "2026-10-20");
  json_decref(u);
}

/* A due phrase relative to the meeting's week or month resolves to a day:
   "this week" ends on its Friday, "early next month" is its 10th. */
static void test_next_steps_due_relative_to_meeting(void **state) {
  fixture *fx = *state;
  /* Reference: Tuesday 2026-10-06. */
  static const step_want want[] = {{0, "owner", "me"},
                                   {0, "due", "2026-10-09"},
                                   {1, "owner", "Priya Raman"},
                                   {1, "due", "2026-10-16"},
                                   {2, "due", "2026-11-10"}};
  check_steps(fx,
              "I'll send the revised quote this week, Priya will share the floor plans by the "
              "end of next week, and we schedule the kickoff early next month.",
              3, want, DBF_ARRAY_LEN(want));
}

/* Attendees as people list them: names alone, roles after a company or as
   what someone runs, capitals outside ASCII, roles on separate lines. */
static const char *person_field(const json_t *list, const char *name, const char *k) {
  size_t i;
  const json_t *it;
  json_array_foreach(list, i, it) {
    if (strcmp(json_string_value(json_object_get(it, "name")), name) == 0)
      return json_string_value(json_object_get(it, k));
  }
  return NULL;
}

static void test_attendees_as_listed(void **state) {
  fixture *fx = *state;
  json_t *u =
      run(fx, fx->sales, NULL, "attendees",
          "Sara Lindqvist, COO; Björn Åkesson, their BIM manager; Ollie Bashir from "
          "Trident Secure, their account manager; Suresh Pillai who runs their IT, and one of "
          "their superintendents, Dwayne Pitts.");
  const json_t *a = val(u, "attendees");
  assert_int_equal(json_array_size(a), 5);
  assert_string_equal(person_field(a, "Björn Åkesson", "role"), "BIM manager");
  assert_string_equal(person_field(a, "Ollie Bashir", "role"), "account manager");
  assert_string_equal(person_field(a, "Ollie Bashir", "company"), "Trident Secure");
  assert_string_equal(person_field(a, "Suresh Pillai", "role"), "IT");
  assert_non_null(person_field(a, "Dwayne Pitts", "company"));
  json_decref(u);
  u = run(fx, fx->sales, NULL, "attendees",
          "Mrs Penelope Ashworth-Hale, the CFO; Pieter van der Merwe, procurement; Wei Ling "
          "Tan (GM); and Doug, head of security.");
  a = val(u, "attendees");
  assert_int_equal(json_array_size(a), 4);
  assert_string_equal(person_field(a, "Penelope Ashworth-Hale", "role"), "CFO");
  assert_non_null(person_field(a, "Pieter van der Merwe", "company"));
  assert_string_equal(person_field(a, "Wei Ling Tan", "role"), "GM");
  assert_string_equal(person_field(a, "Doug", "role"), "head of security");
  json_decref(u);
  u = run(fx, fx->sales, NULL, "attendees",
          "- Dr. Wei-Chen Lin, director of yield engineering\n- Kevin Huang, MES architect");
  a = val(u, "attendees");
  assert_string_equal(person_field(a, "Wei-Chen Lin", "role"), "director of yield engineering");
  json_decref(u);
}

/* Impact as people say it: spelled numbers, units at both ends, labels. */
static const char *metric_of(const json_t *list, const char *value_part) {
  size_t i;
  const json_t *it;
  json_array_foreach(list, i, it) {
    const char *v = json_string_value(json_object_get(it, "value"));
    if (v && strstr(v, value_part))
      return json_string_value(json_object_get(it, "metric"));
  }
  return NULL;
}

/* Runs text as the impact answer: each want[k][0] is part of a value whose
   metric is want[k][1] (NULL: any metric). */
static void expect_metrics(fixture *fx, const char *text, const char *const want[][2], size_t n) {
  json_t *u = run(fx, fx->work, NULL, "impact_metrics", text);
  const json_t *m = val(u, "impact_metrics");
  for (size_t k = 0; k < n; k++) {
    const char *got = metric_of(m, want[k][0]);
    assert_non_null(got);
    if (want[k][1])
      assert_string_equal(got, want[k][1]);
  }
  json_decref(u);
}

/* Results said without a comma run on: the words after a value that name
   something and lead to the next figure name the next result; a stretch of
   time or a baseline after it is no result of its own. */
static void test_metrics_run_on(void **state) {
  fixture *fx = *state;
  static const char *const scrap[][2] = {{"under 1%", "scrap"}, {"27 min", "cycle time"}};
  expect_metrics(fx, "scrap went from 8% to under 1% cycle time 42 min to 27 min", scrap, 2);
  static const char *const churn[][2] = {{"6%", NULL}, {"112%", NULL}};
  expect_metrics(fx, "churn dropped from 14% to 6% net retention was 112% my last year", churn, 2);
  static const char *const tickets[][2] = {{"30%", NULL}, {"1 hour", "response time"}};
  expect_metrics(fx, "tickets down 30% response time 4 hours to 1 hour", tickets, 2);
  static const char *const rework[][2] = {{"2%", NULL}, {"$40k", NULL}};
  expect_metrics(fx, "defects went from 5% to 2% rework costs down $40k a year", rework, 2);
  json_t *u = run(fx, fx->work, NULL, "impact_metrics", "zero reportable accidents in 7 years");
  assert_int_equal(json_array_size(val(u, "impact_metrics")), 1);
  json_decref(u);
}

static void test_metrics_as_said(void **state) {
  fixture *fx = *state;
  json_t *u = run(fx, fx->work, NULL, "impact_metrics",
                  "The pricing cycle went from six weeks to ten days. Boot time went from 180 "
                  "ms to 95 ms, and callbacks from 1 in 10 jobs to 1 in 50. zero lost-time "
                  "injuries on my crew. And I'd say 70% of new clients came from referrals.");
  const json_t *m = val(u, "impact_metrics");
  assert_string_equal(metric_of(m, "ten days"), "pricing cycle");
  assert_non_null(metric_of(m, "95 ms"));
  assert_string_equal(metric_of(m, "1 in 50"), "callbacks");
  assert_string_equal(metric_of(m, "zero"), "lost-time injuries");
  assert_string_equal(metric_of(m, "70%"), "new clients came from referrals");
  json_decref(u);
  u = run(fx, fx->work, NULL, "impact_metrics",
          "Hearings postponed for lack of an interpreter: from 30 a month to under 5. Day-7 "
          "retention went from 18% to 24%.");
  m = val(u, "impact_metrics");
  assert_string_equal(metric_of(m, "under 5"), "hearings postponed for lack of an interpreter");
  assert_null(metric_of(m, "7"));
  json_decref(u);
}

/* Figures with their currency letters, signs, rates and units, and a share
   said after a count that is part of the metric's name. */
static void test_metrics_figures_as_written(void **state) {
  static const char *const text =
      "Grade 9 pass rate went from 40% to 65%. Revenue grew from A$300k to A$900k. "
      "Satisfaction score up from +5 to +40. Releases 2/month -> 15/day. Startup "
      "time: 30 s -> 4 s. The script saved about 15 min per request. About 600 "
      "RFPs a year answered. We recovered 50,000 euros in overcharges. Margin up 1.8 "
      "percentage points.";
  static const char *const want[][2] = {{"40% to 65%", "grade 9 pass rate"},
                                        {"A$300k to A$900k", NULL},
                                        {"+5 to +40", NULL},
                                        {"15/day", NULL},
                                        {"4 s", NULL},
                                        {"15 min", NULL},
                                        {"600", NULL},
                                        {"50,000 euros", NULL},
                                        {"1.8 percentage points", NULL}};
  expect_metrics(*state, text, want, sizeof want / sizeof want[0]);
}

/* A figure said in words reads as one in digits: with its unit or a
   currency said in words, or, when asked, as a count; number words that
   run on into a year are no figure. */
static void test_metrics_spelled_figures(void **state) {
  fixture *fx = *state;
  static const char *const text =
      "upsell income is around one point one million rupees a year now. overtime cost down "
      "three point two million yen per year. we trained around six hundred farmers. twelve "
      "hundred wells dug in the district. in twenty twenty two and twenty twenty four we won "
      "prizes.";
  static const char *const want[][2] = {{"1.1 million rupees", "upsell income"},
                                        {"3.2 million yen", NULL},
                                        {"600", "farmers"},
                                        {"1,200", NULL}};
  expect_metrics(fx, text, want, sizeof want / sizeof want[0]);
  json_t *u = run(fx, fx->work, NULL, "impact_metrics", text);
  const json_t *m = val(u, "impact_metrics");
  assert_null(metric_of(m, "22"));
  assert_null(metric_of(m, "twenty"));
  json_decref(u);
}

/* A clause that opens with its change verb takes its subject from the
   first clause before it without a figure: a subject in apposition. A
   spelled number after "per" is a rate's base, no figure. */
static void test_metrics_subject_in_apposition(void **state) {
  static const char *const text =
      "the CLABSI rate, the central line infections, went from four point one to one point two "
      "per thousand catheter days. DHU, defects per hundred units, went down from eight point "
      "five to three point two percent. churn, the monthly one, dropped from 4% to 2%. Our NPS, "
      "measured quarterly, rose from 31 to 48.";
  static const char *const want[][2] = {{"4.1 to 1.2", "CLABSI rate"},
                                        {"8.5 to 3.2%", "DHU"},
                                        {"4% to 2%", "churn"},
                                        {"31 to 48", "NPS"}};
  expect_metrics(*state, text, want, sizeof want / sizeof want[0]);
}

/* A baseline after "vs" or "compared to" that no words name, or one named
   as a baseline ("the industry average"), is part of the value. */
static void test_metrics_baseline_in_value(void **state) {
  fixture *fx = *state;
  static const char *const text =
      "promotions: 3 in 2 yrs vs 0 before me. onboarding takes 4 days versus 9 days before. "
      "churn 2% compared to the industry average of 5%.";
  static const char *const want[][2] = {
      {"3 vs 0", "promotions"}, {"4 days vs 9 days", "onboarding takes"}, {"2% vs 5%", "churn"}};
  expect_metrics(fx, text, want, sizeof want / sizeof want[0]);
  json_t *u = run(fx, fx->work, NULL, "impact_metrics", text);
  assert_int_equal(json_array_size(val(u, "impact_metrics")), 3);
  json_decref(u);
}

/* A count named by the noun after it keeps the subject it is said of:
   "<subject> has <N> <noun>" is "<subject> <noun>", "I <verb>ed <N>
   <noun>" is "<noun> <verb>ed". */
static void test_metrics_count_with_subject(void **state) {
  static const char *const text =
      "the style guide has like four hundred rules. I think I reviewed in more than nine hundred "
      "contracts. I trained 35 new drivers. the app had 50k downloads. I inspected about two "
      "hundred and fifty bridges.";
  static const char *const want[][2] = {{"400", "style guide rules"},
                                        {"more than 900", "contracts reviewed"},
                                        {"35", "new drivers trained"},
                                        {"50k", "app downloads"},
                                        {"about 250", "bridges inspected"}};
  expect_metrics(*state, text, want, sizeof want / sizeof want[0]);
}

/* "saved <amount> of/in/on <thing>": the thing saved names the metric;
   "<subject> saved <amount>" with nothing after it, what made the saving,
   unless it is time; "from X <a unit of several words> to Y" is one range. */
static void test_metrics_saved_and_long_units(void **state) {
  static const char *const text =
      "the new routing saved about forty tonnes of diesel a year, and the cutting plan saved 90 "
      "thousand euros on steel in one tender. output went from sixty two bags of coffee per "
      "picker to about seventy five. rejects went from 40 parts per thousand shipped to 12. The "
      "script saved about 15 min per request. The kiln upgrade saved about 3 million rupees. "
      "the new rota saved about $40k a year. Our vendor switch saved 25k euros.";
  static const char *const want[][2] = {{"forty tonnes", "diesel saved"},
                                        {"90 thousand euros", "steel saved"},
                                        {"per picker to about 75", "output"},
                                        {"shipped to 12", "rejects"},
                                        {"15 min", "time saved"},
                                        {"3 million rupees", "kiln upgrade saved"},
                                        {"$40k a year", "new rota saved"},
                                        {"25k euros", "vendor switch saved"}};
  expect_metrics(*state, text, want, sizeof want / sizeof want[0]);
}

/* Metrics inside longer sentences: a scene set before the subject, a
   multiple spelled out as a range, a unit said once, a second result after
   "and", a comparison after the value. */
static void test_metrics_in_longer_sentences(void **state) {
  fixture *fx = *state;
  static const char *const text =
      "After the new intake form our rejected applications went from 40 a month to "
      "about 5. Membership roughly doubled, from 300 to 640. Average response from "
      "12 days to 3. We shipped 4 releases and onboarded 250 schools. Cut fuel use "
      "by 12% vs the old fleet.";
  static const char *const want[][2] = {{"40 a month to about 5", "rejected applications"},
                                        {"300 to 640 (roughly doubled)", "membership"},
                                        {"12 days to 3 days", NULL},
                                        {"250", NULL},
                                        {"12%", "fuel use"}};
  expect_metrics(fx, text, want, sizeof want / sizeof want[0]);
  static const char *const text2 = "Scrap under 2% on line one when the plant average was about "
                                   "6%. The guide was translated into 9 languages.";
  static const char *const want2[][2] = {{"under 2% vs about 6%", NULL}, {"9 languages", NULL}};
  expect_metrics(fx, text2, want2, sizeof want2 / sizeof want2[0]);
  json_t *u = run(fx, fx->work, NULL, "impact_metrics", "Wait times between 3 and 5 days.");
  assert_int_equal(json_array_size(val(u, "impact_metrics")), 1);
  json_decref(u);
}

/* Budgets and decision dates as corrected, capped and narrowed in speech. */
static void test_budget_and_dates_as_said(void **state) {
  fixture *fx = *state;
  json_t *u =
      run(fx, fx->sales, NULL, "budget", "Lukas said they won't go above EUR 140,000 a year.");
  assert_int_equal(json_integer_value(json_object_get(val(u, "budget"), "amount")), 140000);
  json_decref(u);
  u = run(fx, fx->sales, NULL, "budget", "A quarter of a million euro for the pilot.");
  assert_int_equal(json_integer_value(json_object_get(val(u, "budget"), "amount")), 250000);
  json_decref(u);
  u = run(fx, fx->sales, NULL, "budget",
          "They have EUR 420k approved. Actually no, it's EUR 380k, not EUR 420k.");
  assert_int_equal(json_integer_value(json_object_get(val(u, "budget"), "amount")), 380000);
  json_decref(u);
  u = run(fx, fx->sales, NULL, "budget", "they had $85k, after the cut its more like $75k");
  assert_int_equal(json_integer_value(json_object_get(val(u, "budget"), "amount")), 75000);
  json_decref(u);
  /* Reference: 2026-10-06. */
  u = run(fx, fx->sales, NULL, "decision_timeline",
          "It goes to their investment committee in December, the 18th she said.");
  assert_string_equal(sval(u, "decision_timeline"), "2026-12-18");
  json_decref(u);
  u = run(fx, fx->sales, NULL, "next_steps",
          "Yusuf books the server install for December, and I'll call Claire on the 15th.");
  assert_string_equal(
      json_string_value(json_object_get(json_array_get(val(u, "next_steps"), 1), "due")),
      "2026-10-15");
  json_decref(u);
  u = run(fx, fx->sales, NULL, "decision_timeline", "The board voted oct 2.");
  assert_string_equal(sval(u, "decision_timeline"), "2026-10-02");
  json_decref(u);
}

/* Titles no lexicon knows, said in sequence or stated on a card. */
static void test_titles_no_lexicon_knows(void **state) {
  fixture *fx = *state;
  json_t *u = run(fx, fx->work, NULL, "role_title", "QA Tester, then Senior QA Tester.");
  assert_string_equal(sval(u, "role_title"), "Senior QA Tester");
  json_decref(u);
  u = run(fx, fx->work, NULL, "role_title",
          "Started as a Keeper, then Senior Primate Keeper from 2016.");
  assert_string_equal(sval(u, "role_title"), "Senior Primate Keeper");
  json_decref(u);
  u = run(fx, fx->work, NULL, "role_title", "It was at Fynbos & Fire, in the City Bowl.");
  assert_null(val(u, "role_title"));
  json_decref(u);
  u = run(fx, fx->work, NULL, "role_title",
          "Realtor, but on my cards and LinkedIn it's Broker Associate.");
  assert_string_equal(sval(u, "role_title"), "Broker Associate");
  json_decref(u);
}

/* Names in an answer typed all in lower case. */
static const char *person_name(const json_t *list, size_t i) {
  return json_string_value(json_object_get(json_array_get(list, i), "name"));
}

static void test_lower_case_typing(void **state) {
  fixture *fx = *state;
  json_t *u = run(fx, fx->sales, NULL, "attendees",
                  "dr chidi okafor (clinical director), marisol reyes-whitlock - regional ops "
                  "mgr, and jannie from the AgriWes co-op. thats it");
  const json_t *a = val(u, "attendees");
  assert_int_equal(json_array_size(a), 3);
  assert_string_equal(person_name(a, 0), "Chidi Okafor");
  assert_string_equal(person_name(a, 1), "Marisol Reyes-Whitlock");
  assert_string_equal(person_name(a, 2), "Jannie");
  json_decref(u);
  u = run(fx, fx->sales, NULL, "attendees", "pieter du plessis (farm manager), priya");
  a = val(u, "attendees");
  assert_string_equal(person_name(a, 0), "Pieter du Plessis");
  assert_string_equal(person_name(a, 1), "Priya Raman"); /* the known attendee */
  json_decref(u);
  /* Owners typed in lower case, and lower-case weekday abbreviations. */
  u = run(fx, fx->sales, NULL, "next_steps",
          "me: set up trial workspace by fri. theo: send sample call sheets monday");
  const json_t *ns = val(u, "next_steps");
  assert_int_equal(json_array_size(ns), 2);
  assert_string_equal(json_string_value(json_object_get(json_array_get(ns, 0), "due")),
                      "2026-10-09");
  assert_string_equal(json_string_value(json_object_get(json_array_get(ns, 1), "owner")), "Theo");
  json_decref(u);
  /* Sentence case is left alone: "Marianne signs" is no name. */
  u = run(fx, fx->sales, NULL, "decision_makers",
          "Marianne signs off, but the co-op board has to approve anything over budget.");
  assert_true(has(val(u, "decision_makers"), "Marianne"));
  assert_false(has(val(u, "decision_makers"), "Marianne Signs"));
  json_decref(u);
}

static void test_titles_companies_money_dates(void **state) {
  fixture *fx = *state;
  json_t *u = run(fx, fx->work, NULL, "role_title", "Lead Product Designer.");
  assert_string_equal(json_string_value(val(u, "role_title")), "Lead Product Designer");
  json_decref(u);
  u = run(fx, fx->work, NULL, "role_title", "Principal Site Reliability Engineer.");
  assert_string_equal(json_string_value(val(u, "role_title")),
                      "Principal Site Reliability Engineer");
  json_decref(u);
  u = run(fx, fx->work, NULL, "role_title", "Data Scientist, then Senior Data Scientist.");
  assert_string_equal(json_string_value(val(u, "role_title")), "Senior Data Scientist");
  json_decref(u);
  /* A bare one-word title in a vague answer stays tentative. */
  u = run(fx, fx->work, NULL, "role_title", "Teacher.");
  assert_true(conf(u, "role_title") < 0.6);
  json_decref(u);
  u = run(fx, fx->work, NULL, "company", "Hollister & Vane, a retail chain.");
  assert_string_equal(json_string_value(val(u, "company")), "Hollister & Vane");
  json_decref(u);
  u = run(fx, fx->work, NULL, "company", "Marrow and Vine in Austin.");
  assert_string_equal(json_string_value(val(u, "company")), "Marrow and Vine");
  json_decref(u);
  u = run(fx, fx->sales, NULL, "budget", "They have ₹40 lakh approved.");
  assert_true(fabs(json_number_value(json_object_get(val(u, "budget"), "amount")) - 4000000.0) <
              0.5);
  json_decref(u);
  u = run(fx, fx->sales, NULL, "budget", "About 1.5 crore rupees.");
  assert_true(fabs(json_number_value(json_object_get(val(u, "budget"), "amount")) - 15000000.0) <
              0.5);
  json_decref(u);
  /* Reference 2026-10-06: a past award resolves backward, a deadline forward. */
  u = run(fx, fx->sales, NULL, "decision_timeline", "The award was announced on June 12th.");
  assert_string_equal(json_string_value(val(u, "decision_timeline")), "2026-06-12");
  json_decref(u);
  u = run(fx, fx->sales, NULL, "decision_timeline", "They want to decide by June 12th.");
  assert_string_equal(json_string_value(val(u, "decision_timeline")), "2027-06-12");
  json_decref(u);
  u = run(fx, fx->sales, NULL, "decision_timeline",
          "They said November 30th, but actually they moved it to December 15th.");
  assert_string_equal(json_string_value(val(u, "decision_timeline")), "2026-12-15");
  json_decref(u);
}

/* -------------------------------------------------------------- hostile */

static void test_hostile_input(void **state) {
  fixture *fx = *state;
  /* Empty and NULL answers give {}. */
  json_t *u = run(fx, fx->sales, NULL, "budget", "");
  assert_int_equal(json_object_size(u), 0);
  json_decref(u);
  u = run(fx, fx->sales, NULL, "budget", NULL);
  assert_int_equal(json_object_size(u), 0);
  json_decref(u);
  /* 100 KB of mixed text: bounded output, valid JSON, no crash. */
  size_t n = 100 * 1024;
  char *big = malloc(n + 1);
  assert_non_null(big);
  const char *pat =
      "Tom Becker will send $99999999999999999999 by Friday, k8s and Samsara; \xE2\x82\xAC\xFF ";
  size_t pl = strlen(pat);
  for (size_t i = 0; i < n; i++)
    big[i] = pat[i % pl];
  big[n] = '\0';
  for (size_t t = 0; t < fx->sales->n_fields; t++) {
    u = run(fx, fx->sales, NULL, fx->sales->fields[t].key, big);
    const char *k;
    json_t *e;
    json_object_foreach(u, k, e) {
      const json_t *v = json_object_get(e, "value");
      if (json_is_array(v))
        assert_true(json_array_size(v) <= 64);
      double c = json_number_value(json_object_get(e, "confidence"));
      assert_true(c >= 0 && c <= 1);
    }
    char *dump = json_dumps(u, 0);
    assert_non_null(dump);
    free(dump);
    json_decref(u);
  }
  /* Invalid UTF-8 everywhere still yields valid strings. */
  u = run(fx, fx->work, NULL, "company", "\xC3\x28 Acme\xE2\x82 Corp \xF0\x9F\x98");
  assert_non_null(u);
  json_decref(u);
  free(big);
  /* No template is an input error. */
  dbf_extract_ctx ctx = {0};
  json_t *out = NULL;
  dbf_status st = {0};
  assert_int_equal(dbf_extract(&ctx, "hi", &out, &st), DBF_ERR_INVALID);
  assert_null(out);
}

static void test_out_of_memory(void **state) {
  fixture *fx = *state;
  /* Every allocation failing in turn must give an error or a result, never a crash or leak. */
  for (long k = 0; k < 400; k += 7) {
    const char *targets[1] = {"next_steps"};
    dbf_extract_ctx ctx = {.tpl = fx->sales,
                           .lex = fx->lex,
                           .subject = fx->subject,
                           .target_fields = targets,
                           .n_target_fields = 1,
                           .seq = 1,
                           .reference_date = "2026-10-06"};
    json_t *u = NULL;
    dbf_status st = {0};
    dbf_alloc_fail_after(k);
    dbf_err rc =
        dbf_extract(&ctx, "I'll send the proposal by Friday and Tom will call Priya.", &u, &st);
    dbf_alloc_fail_after(-1);
    if (rc == DBF_OK)
      json_decref(u);
    else
      assert_null(u);
  }
}

/* Round 7: deciders said the ways people say them (sentences of our own). */
static void test_deciders_as_said(void **state) {
  fixture *fx = *state;
  /* A name, then "no one else": the negative does not open the answer. */
  json_t *u = run(fx, fx->sales, NULL, "decision_makers", "Priya. No one else gets a vote.");
  assert_true(has(val(u, "decision_makers"), "Priya Raman"));
  json_decref(u);
  /* A role with the name in brackets, joined by "+". */
  u = run(fx, fx->sales, NULL, "decision_makers", "Priya + their controller (Ottilie Brandvold).");
  assert_true(has(val(u, "decision_makers"), "Priya Raman"));
  assert_true(has(val(u, "decision_makers"), "Ottilie Brandvold"));
  json_decref(u);
  /* A name introduced as one, whatever the first name, in either case. */
  u = run(fx, fx->sales, NULL, "decision_makers",
          "The money is approved by a fellow named Radomir Quist in their treasury.");
  assert_true(has(val(u, "decision_makers"), "Radomir Quist"));
  json_decref(u);
  u = run(fx, fx->sales, NULL, "decision_makers",
          "a lady called ingrid halvorsen has the final word");
  assert_true(has(val(u, "decision_makers"), "Ingrid Halvorsen"));
  json_decref(u);
  /* "a product called X" names no one. */
  u = run(fx, fx->sales, NULL, "competitors", "They trialled a scheduler called Quillmore.");
  assert_false(has(val(u, "decision_makers"), "Quillmore"));
  json_decref(u);
  /* A known person by surname alone; a lower-case name with particles. */
  u = run(fx, fx->sales, NULL, "decision_makers", "Raman and their controller.");
  assert_true(has(val(u, "decision_makers"), "Priya Raman"));
  json_decref(u);
  u = run(fx, fx->sales, NULL, "decision_makers",
          "raman, and the chairman, willemijn van der hoek");
  assert_true(has(val(u, "decision_makers"), "Priya Raman"));
  assert_true(has(val(u, "decision_makers"), "Willemijn van der Hoek"));
  json_decref(u);
}

/* Round 7: roles and titles in more words, and lists of things done. */
static void test_roles_and_activities(void **state) {
  fixture *fx = *state;
  /* An honorific before a name no lexicon knows; a role run with plain
     words inside it is named by the person after it. */
  json_t *u = run(fx, fx->sales, NULL, "decision_makers",
                  "Their bursar, and the deputy city manager, Ferdinand Okoro.");
  assert_true(has(val(u, "decision_makers"), "Ferdinand Okoro"));
  assert_false(has(val(u, "decision_makers"), "deputy"));
  json_decref(u);
  u = run(fx, fx->sales, NULL, "decision_makers", "The regional MD, Mrs. Thandiwe Nkosi, signs.");
  assert_true(has(val(u, "decision_makers"), "Thandiwe Nkosi"));
  assert_false(has(val(u, "decision_makers"), "MD"));
  json_decref(u);
  /* Occupations the roles lexicon knows now. */
  u = run(fx, fx->sales, NULL, "attendees",
          "Yusuf Demir, their line producer; Ilse Vaandrager, harbour master.");
  const json_t *a = val(u, "attendees");
  assert_int_equal(json_array_size(a), 2);
  assert_string_equal(json_string_value(json_object_get(json_array_get(a, 1), "role")),
                      "harbour master");
  json_decref(u);
  /* A role word about someone else is not the speaker's title. */
  u = run(fx, fx->work, NULL, "soft_skills",
          "I was the one who could walk a worried florist through the paperwork.");
  assert_null(val(u, "role_title"));
  json_decref(u);
  /* A role word inside a longer title is no title of its own. */
  u = run(fx, fx->work, NULL, "role_title",
          "Junior Copy Editor, and later Deputy Features Editor.");
  assert_string_equal(sval(u, "role_title"), "Junior Copy Editor and Deputy Features Editor");
  json_decref(u);
  /* A list of things done stays with the asked list, skills named or not. */
  u = run(
      fx, fx->work, NULL, "responsibilities",
      "Scheduling the night crews, auditing the fuel logs, training drivers on Excel, payroll.");
  assert_non_null(val(u, "responsibilities"));
  assert_true(conf(u, "responsibilities") >= 0.6);
  json_decref(u);
}

/* Round 7: which of several amounts is the budget (sentences of our own). */
static void test_budget_among_amounts(void **state) {
  fixture *fx = *state;
  static const struct {
    const char *text;
    double amount;
    const char *currency;
  } rows[] = {
      /* The seller's price against the customer's ceiling. */
      {"We pitched EUR 64k for the bundle; their limit is EUR 51k.", 51000, "EUR"},
      {"Their pot is A$210,000 this financial year. We came in at A$245k.", 210000, "AUD"},
      /* A figure they pay now against the new one. */
      {"They currently spend CHF 30,000 a year; with the new sites it's CHF 44k.", 44000, "CHF"},
      /* A total, then an amount worked out from it. */
      {"SGD 300,000 over the two years, so 150k a year.", 300000, "SGD"},
      /* A correction beats a stronger cue before it. */
      {"Budget is $70k. Hmm, actually no, more like $64k.", 64000, "USD"},
      /* A count is no amount when money is named. */
      {"Roughly 2,400 drivers, so about $96k a year at our rate.", 96000, "USD"},
      /* A rough figure or a range first, then the one settled on. */
      {"Their CFO floated EUR 80k to EUR 120k, then said to plan on EUR 95k.", 95000, "EUR"},
      {"Somewhere between $40k and $60k for now; they'll land around $52k.", 52000, "USD"},
      {"A bit under 30 grand a year, $28.5k all up.", 28500, "USD"},
      /* Currencies as symbols and words. */
      {"Maybe 120 grand, Aussie dollars, possibly more.", 120000, "AUD"},
      {"They have \xE2\x82\xA9 55 million set aside.", 55000000, "KRW"},
      {"Rs 9,00,000 is what they have.", 900000, "INR"},
      {"About 700,000 dirhams a year.", 700000, "AED"},
  };
  for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
    json_t *u = run(fx, fx->sales, NULL, "budget", rows[i].text);
    const json_t *b = val(u, "budget");
    assert_non_null(b);
    assert_true(fabs(json_number_value(json_object_get(b, "amount")) - rows[i].amount) < 1e-6);
    assert_string_equal(json_string_value(json_object_get(b, "currency")), rows[i].currency);
    json_decref(u);
  }
}

/* Round 7: attendees said the ways people say them (sentences of our own). */
static const char *role_of(const json_t *people, const char *name) {
  size_t i;
  const json_t *it;
  json_array_foreach(people, i, it) {
    if (strcasecmp(json_string_value(json_object_get(it, "name")), name) == 0) {
      const char *r = json_string_value(json_object_get(it, "role"));
      return r ? r : "";
    }
  }
  return NULL;
}

static void test_attendees_as_said(void **state) {
  fixture *fx = *state;
  /* A department as the role, after a dash or "from their"; never a name. */
  json_t *u = run(fx, fx->sales, NULL, "attendees",
                  "1. Odette Marchal - Customer Care\n2. Piet Visagie - Internal Audit");
  const json_t *a = val(u, "attendees");
  assert_int_equal(json_array_size(a), 2);
  assert_string_equal(role_of(a, "Piet Visagie"), "Internal Audit");
  json_decref(u);
  u = run(fx, fx->sales, NULL, "attendees",
          "Tomasz Wrona, their CTO, and Halima from their accounts payable team.");
  assert_string_equal(role_of(val(u, "attendees"), "Halima"), "accounts payable team");
  json_decref(u);
  /* A full name right after a role phrase; "their IT person". */
  u = run(fx, fx->sales, NULL, "attendees",
          "Priya, plus their treasurer Gunnhild Aasen and their IT person Ruairi Gallen.");
  a = val(u, "attendees");
  assert_string_equal(role_of(a, "Gunnhild Aasen"), "treasurer");
  assert_string_equal(role_of(a, "Ruairi Gallen"), "IT person");
  json_decref(u);
  /* A role right after the name, with no comma or "the" between, typed in
     lower case too. */
  u = run(fx, fx->sales, NULL, "attendees",
          "tomasz wrona the cto, odalys quintero head of logistics, and halima from payroll");
  a = val(u, "attendees");
  assert_string_equal(role_of(a, "Odalys Quintero"), "head of logistics");
  json_decref(u);
  /* "+ their ..." opens the next person's role; "Also" opens no role. */
  u = run(fx, fx->sales, NULL, "attendees",
          "Tomasz Wrona, CTO. His billing lead, Odalys Quintero, + their treasurer, Gunnhild "
          "Aasen. Also payroll manager Ms. Halima Osei joined late.");
  a = val(u, "attendees");
  assert_string_equal(role_of(a, "Odalys Quintero"), "billing lead");
  assert_string_equal(role_of(a, "Halima Osei"), "payroll manager");
  json_decref(u);
  /* "Was" opening the answer is no name's; a spelled-out honorific
     ("senhor", "signora") makes a name of what follows. */
  u = run(fx, fx->sales, NULL, "attendees",
          "Was Tomasz Wrona, director of the plant, and the maintenance chief, senhor Odalys "
          "Quintero.");
  a = val(u, "attendees");
  assert_true(role_of(a, "Tomasz Wrona") && role_of(a, "Odalys Quintero") &&
              !role_of(a, "Was Tomasz Wrona"));
  json_decref(u);
  /* An honorific after ";" is no person; a scientist's title is a role. */
  u = run(fx, fx->sales, NULL, "attendees",
          "Odette Marchal, IT director; Dr. Piet Visagie, the biologist in charge of quality.");
  a = val(u, "attendees");
  assert_null(role_of(a, "Dr"));
  assert_string_equal(role_of(a, "Piet Visagie"), "biologist in charge of quality");
  json_decref(u);
  /* A known first name with another surname is another person. */
  u = run(fx, fx->sales, NULL, "attendees", "Priya Sundberg, head of payroll.");
  assert_non_null(role_of(val(u, "attendees"), "Priya Sundberg"));
  assert_null(role_of(val(u, "attendees"), "Priya Raman"));
  json_decref(u);
  /* Given names joined in lower case; professional honorifics; a known
     surname with a Japanese honorific. */
  u = run(fx, fx->sales, NULL, "attendees",
          "Raman-san, then Seo Yeon-woo, product lead, and Arq. Beatriz Olmedo, site architect.");
  a = val(u, "attendees");
  assert_non_null(role_of(a, "Priya Raman"));
  assert_string_equal(role_of(a, "Seo Yeon-woo"), "product lead");
  assert_string_equal(role_of(a, "Beatriz Olmedo"), "site architect");
  json_decref(u);
  /* Typed in lower case, a sentence opens a list item too. */
  u = run(fx, fx->sales, NULL, "attendees",
          "priya raman - vp ops. oskar lindfors, site mgr, joined late. both from them");
  assert_non_null(role_of(val(u, "attendees"), "Oskar Lindfors"));
  json_decref(u);
  /* "and then" opens a list item: the name after it counts. */
  u = run(fx, fx->sales, NULL, "attendees",
          "Priya, and then Oisin Farrelly who runs logistics for them.");
  assert_string_equal(role_of(val(u, "attendees"), "Oisin Farrelly"), "logistics");
  json_decref(u);
}

/* Round 7: more deciders (sentences of our own). */
static void test_deciders_named_any_way(void **state) {
  fixture *fx = *state;
  /* First names no lexicon knows, joined to a known person or said with a
     deciding verb; a group of owners or a panel. */
  json_t *u = run(fx, fx->sales, NULL, "decision_makers",
                  "Priya and Oddvar between them; Thorbjorn has to agree on the spend.");
  const json_t *dm = val(u, "decision_makers");
  assert_true(has(dm, "Priya Raman"));
  assert_true(has(dm, "Oddvar"));
  assert_true(has(dm, "Thorbjorn"));
  json_decref(u);
  u = run(fx, fx->sales, NULL, "decision_makers",
          "the grant review panel, and the owners need to okay it");
  dm = val(u, "decision_makers");
  assert_true(has(dm, "grant review panel"));
  assert_true(has(dm, "owners"));
  json_decref(u);
  /* A capitalized role of a longer title is no name. */
  u = run(fx, fx->sales, NULL, "decision_makers",
          "On the advice of the VP of Fleet Services, Radka Novak.");
  dm = val(u, "decision_makers");
  assert_true(has(dm, "Radka Novak"));
  assert_false(has(dm, "Services"));
  assert_false(has(dm, "VP of Fleet Services"));
  json_decref(u);
  /* A Japanese honorific marks a surname; a known one is that person. */
  u = run(fx, fx->sales, NULL, "decision_makers",
          "Approval comes from the plant director, Hayashida-san. Raman-san prepares it.");
  dm = val(u, "decision_makers");
  assert_true(has(dm, "Hayashida"));
  assert_true(has(dm, "Priya Raman"));
  json_decref(u);
  /* A deciding role the meeting's attendee holds is that attendee. */
  u = run(fx, fx->sales, NULL, "decision_makers", "The VP Operations decides.");
  assert_true(has(val(u, "decision_makers"), "Priya Raman"));
  json_decref(u);
}

/* Round 7: job timelines as people tell them (sentences of our own). */
static void test_timeline_as_told(void **state) {
  fixture *fx = *state;
  static const struct {
    const char *text, *start, *end;
  } rows[] = {
      /* The last span said as one is the role's. */
      {"I waited tables from 2012, then sous chef from May 2015 until the end of 2019.", "2015-05",
       "2019-12"},
      {"Joined them in 2010. Team lead from June 2014 until I left in March 2018.", "2014-06",
       "2018-03"},
      /* A correction with "no, it was". */
      {"From 2011, no, it was October 2011, through to April 2016.", "2011-10", "2016-04"},
      /* "the end of <month year>" is an end. */
      {"I started in February 2013 and left at the end of August 2017.", "2013-02", "2017-08"},
      /* A month without a year refines the year before it; a date said
         again is no end. */
      {"Autumn 2018, October, until now.", "2018-10", "present"},
      {"From June 2009 onwards. So June 2009 to, I'd say, May 2012.", "2009-06", "2012-05"},
  };
  for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
    json_t *u = run(fx, fx->work, NULL, "timeline", rows[i].text);
    const json_t *t = val(u, "timeline");
    assert_non_null(t);
    assert_true(strncmp(json_string_value(json_object_get(t, "start")), rows[i].start,
                        strlen(rows[i].start)) == 0);
    assert_true(strncmp(json_string_value(json_object_get(t, "end")), rows[i].end,
                        strlen(rows[i].end)) == 0);
    json_decref(u);
  }
}

/* Round 7: vendors named in more ways, and words that name no vendor. */
static void test_competitors_round7(void **state) {
  fixture *fx = *state;
  json_t *u =
      run(fx, fx->sales, NULL, "competitors",
          "They got a proposal from Brelvik last spring, and have demos booked with Quorra.");
  assert_true(has(val(u, "competitors"), "Brelvik"));
  assert_true(has(val(u, "competitors"), "Quorra"));
  json_decref(u);
  u = run(fx, fx->sales, NULL, "competitors",
          "A regional reseller, Tandem Kontor, will pitch them next month.");
  assert_true(has(val(u, "competitors"), "Tandem Kontor"));
  json_decref(u);
  /* "X mentioned by <person>": X is the vendor. */
  u = run(fx, fx->sales, NULL, "competitors", "- 4cast mentioned by Priya, one depot uses it");
  assert_true(has(val(u, "competitors"), "4cast"));
  json_decref(u);
  /* A name after "onto" or "into" is no place, as one after "to" is. */
  u = run(fx, fx->sales, NULL, "competitors",
          "Their IT lead thinks he can bolt an add-on onto Quendra himself.");
  assert_true(has(val(u, "competitors"), "Quendra"));
  json_decref(u);
  /* A language and a currency code are no vendors. */
  u = run(fx, fx->sales, NULL, "competitors",
          "Nobody else yet; their own prototype could not cope with Tagalog. Costs are in NZD.");
  assert_false(has(val(u, "competitors"), "Tagalog"));
  assert_false(has(val(u, "competitors"), "NZD"));
  json_decref(u);
}

/* Round 7: titles and employers as stated (sentences of our own). */
static void test_titles_and_employers_round7(void **state) {
  fixture *fx = *state;
  static const struct {
    const char *text, *title;
  } titles[] = {
      /* A title with its specialty after a comma; the first one held. */
      {"Analyst, Structured Credit. Junior analyst for the first year.",
       "Analyst, Structured Credit"},
      /* A title in brackets names the one before it. */
      {"Line Cook, then Senior Line Cook (Grill Lead) from 2019.", "Senior Line Cook"},
      /* Restated after "so", or after "but it's". */
      {"Agronomist, and at the end the cooperative's soil lead, so Senior Soil Agronomist.",
       "Senior Soil Agronomist"},
      {"head of rigging. payroll had it as 'stage crew manager' for a while, but it's head of "
       "rigging",
       "Head of Rigging"},
  };
  for (size_t i = 0; i < sizeof titles / sizeof titles[0]; i++) {
    json_t *u = run(fx, fx->work, NULL, "role_title", titles[i].text);
    assert_string_equal(sval(u, "role_title"), titles[i].title);
    json_decref(u);
  }
  static const struct {
    const char *text, *company;
  } employers[] = {
      /* The name an answer opens with beats a place after "at"... */
      {"Kestrel Dredging Ltd, at Port Hedland.", "Kestrel Dredging Ltd"},
      /* ... said without a comma, when a gloss or a place follows it. */
      {"Aldren Foods head office at Leeds Airport.", "Aldren Foods"},
      {"Fieldmark Studio a design agency for Harlow Council", "Fieldmark Studio"},
      {"Brackwater Marine based at Port Talbot", "Brackwater Marine"},
      {"Pellow Health in the clinic at Truro Hospital", "Pellow Health"},
      /* ... but words that run on into the sentence open it and name nothing. */
      {"Frankly I was a porter at Elmwood Clinic.", "Elmwood Clinic"},
      {"Mostly We ran the depot for Tarn Haulage.", "Tarn Haulage"},
      {"A staffing agency, placed with the Harrow Valley Water Board.",
       "Harrow Valley Water Board"},
  };
  json_t *u;
  for (size_t i = 0; i < sizeof employers / sizeof employers[0]; i++) {
    u = run(fx, fx->work, NULL, "company", employers[i].text);
    assert_string_equal(sval(u, "company"), employers[i].company);
    json_decref(u);
  }
  /* A kind of employer is no name: the follow-up asks for it. */
  u = run(fx, fx->work, NULL, "company", "the hospital");
  assert_null(val(u, "company"));
  json_decref(u);
}

/* Round 7: next steps in more of the ways people write them. */
static void test_next_steps_round7(void **state) {
  fixture *fx = *state;
  json_t *u = run(fx, fx->sales, NULL, "next_steps",
                  "I'm on the hook to book the site survey, probably the week of November 16. "
                  "Ravi raises the purchase order once legal is done.");
  const json_t *v = val(u, "next_steps");
  assert_int_equal(json_array_size(v), 2);
  const json_t *a = json_array_get(v, 0);
  assert_string_equal(json_string_value(json_object_get(a, "action")), "book site survey");
  assert_string_equal(json_string_value(json_object_get(a, "owner")), "me");
  assert_string_equal(json_string_value(json_object_get(a, "due")), "2026-11-16");
  const json_t *b = json_array_get(v, 1);
  assert_true(
      strncmp(json_string_value(json_object_get(b, "action")), "raise purchase order", 20) == 0);
  json_decref(u);
  /* A note: the step, then "me, due <date>". */
  u = run(fx, fx->sales, NULL, "next_steps", "- updated rollout plan: me, due 20 November");
  a = json_array_get(val(u, "next_steps"), 0);
  assert_string_equal(json_string_value(json_object_get(a, "action")), "updated rollout plan");
  assert_string_equal(json_string_value(json_object_get(a, "owner")), "me");
  assert_string_equal(json_string_value(json_object_get(a, "due")), "2026-11-20");
  json_decref(u);
}

/* Round 7: impact figures in more shapes (sentences of our own). */
static void test_impact_round7(void **state) {
  fixture *fx = *state;
  json_t *u = run(fx, fx->work, NULL, "impact_metrics",
                  "Pick errors went from ~4% to ~1.5%. Complaints fell from 30 per thousand "
                  "orders shipped each week down to 12. NPS at handover 8.6/10. The new pallet "
                  "design saved 2.5 kg of plastic per load. Review time cut in half.");
  const json_t *m = val(u, "impact_metrics");
  char *dump = json_dumps(m, JSON_COMPACT);
  assert_non_null(dump);
  assert_non_null(strstr(dump, "~4% to ~1.5%"));
  assert_non_null(strstr(dump, "down to 12"));
  assert_non_null(strstr(dump, "8.6/10"));
  assert_non_null(strstr(dump, "2.5 kg"));
  assert_non_null(strstr(dump, "in half"));
  free(dump);
  json_decref(u);
  /* Many words before a plain "to" are no range: "3 crews ... to Leeds". */
  u = run(fx, fx->work, NULL, "impact_metrics",
          "We moved 3 crews from the old depot over to Leeds and cut overtime 20%.");
  dump = json_dumps(val(u, "impact_metrics"), JSON_COMPACT);
  assert_non_null(dump);
  assert_null(strstr(dump, "to Leeds"));
  free(dump);
  json_decref(u);
}

/* Asks for field alone with text and checks that the extracted value, as
   compact JSON, holds each of want (NULL-terminated) and none of unwanted. */
static void expect_json(fixture *fx, const dbf_template *tpl, const char *field, const char *text,
                        const char *const *want, const char *const *unwanted) {
  json_t *u = run(fx, tpl, NULL, field, text);
  char *dump = json_dumps(val(u, field), JSON_COMPACT);
  assert_non_null(dump);
  for (size_t k = 0; want && want[k]; k++)
    if (!strstr(dump, want[k]))
      fail_msg("%s: no %s in %s", field, want[k], dump);
  for (size_t k = 0; unwanted && unwanted[k]; k++)
    if (strstr(dump, unwanted[k]))
      fail_msg("%s: %s in %s", field, unwanted[k], dump);
  free(dump);
  json_decref(u);
}

/* Figures said in words keep their form inside a range or an approximation:
   "about 7 percent", "60ish percent", "from 5 days to same day". */
static void test_impact_worded_values(void **state) {
  static const char *const want[] = {"about 7%", "30%", "3 days to same day", NULL};
  expect_json(*state, ((fixture *)*state)->work, "impact_metrics",
              "Scrap on the line down about 7 percent. Late deliveries down 30ish percent. "
              "Quote turnaround went from 3 days to same day.",
              want, NULL);
}

/* A stretch of time said with "for" or "first" is when, not a result; the
   result after it in the clause is read ("in the first two weeks down by
   about half"). */
static void test_impact_period_is_no_result(void **state) {
  static const char *const want[] = {"by about half", "18%", NULL};
  static const char *const unwanted[] = {"two months\"", "three years\"", "two weeks", NULL};
  expect_json(*state, ((fixture *)*state)->work, "impact_metrics",
              "We ran the old and new rosters in parallel for two months, and overtime fell 18%. "
              "Sick days in the first two weeks went down by about half. I led the depot for "
              "my first three years.",
              want, unwanted);
}

/* "<figure>, sorry, <figure>": the second figure corrects the first and
   makes no metric of its own. */
static void test_impact_corrected_figure(void **state) {
  static const char *const want[] = {"4 MB", "12%", NULL};
  static const char *const unwanted[] = {"6 MB", "10%", "impact", NULL};
  expect_json(*state, ((fixture *)*state)->work, "impact_metrics",
              "Image compression cut app size by 6 MB, sorry, 4 MB. Churn is down 10%, I mean "
              "12%.",
              want, unwanted);
}

/* Runs each said[k][0] as the answer to next_steps: the steps hold
   said[k][1] and said[k][2] (when not NULL) and not said[k][3]. */
static void expect_steps(fixture *fx, const char *const (*said)[4], size_t n) {
  for (size_t k = 0; k < n; k++) {
    json_t *u = run(fx, fx->sales, NULL, "next_steps", said[k][0]);
    char *steps = json_dumps(val(u, "next_steps"), JSON_COMPACT);
    bool ok = steps && strstr(steps, said[k][1]) && (!said[k][2] || strstr(steps, said[k][2])) &&
              (!said[k][3] || !strstr(steps, said[k][3]));
    if (!ok)
      fail_msg("'%s': %s", said[k][0], steps ? steps : "no steps");
    free(steps);
    json_decref(u);
  }
}

/* A step whose owner follows only fillers, or the speaker naming
   themselves ("so I send ...", "ok so me I book ..."), is a step. */
static void test_next_step_after_openers(void **state) {
  static const char *const me = "\"owner\":\"me\"";
  static const char *const said[][4] = {
      {"so I send the revised price list by friday then Marek sends the site plan", "price list",
       me, NULL},
      {"ok so me I book the install crew for next week", "install crew", me, NULL},
      {"um yeah I draft the rollout plan by thursday", "rollout plan", me, NULL},
      {"right, well I call their finance lead tomorrow", "call", me, NULL},
  };
  expect_steps(*state, said, sizeof said / sizeof said[0]);
}

/* An owner named with a title of address ("Dr Okafor sends", "mrs
   penrose sends") is that person, the title with the name. */
static void test_next_step_owner_with_title(void **state) {
  static const char *const said[][4] = {
      {"Dr Okafor sends the protocol next week", "\"owner\":\"Dr Okafor\"", NULL, NULL},
      {"mrs penrose sends the privacy form by friday", "\"owner\":\"mrs penrose\"", NULL, NULL},
      {"ms. tan will book the room on monday", "\"owner\":\"ms. tan\"", NULL, NULL},
      {"I send the deck and Mr Haldane reviews it by friday", "\"owner\":\"Mr Haldane\"",
       "send deck", NULL},
  };
  expect_steps(*state, said, sizeof said / sizeof said[0]);
}

/* What the speaker owes someone is a step ("i also owe their ops lead a
   one-pager"), as are introductions, things brought or mounted. */
static void test_next_step_more_verbs(void **state) {
  static const char *const said[][4] = {
      {"Dana intros us to their CFO next week", "\"owner\":\"Dana\"", "intro us", NULL},
      {"I bring the demo unit on the 2nd of march", "bring demo unit", NULL, NULL},
      {"Tomas mounts the sensors in cellar two by friday", "mount sensors", NULL, NULL},
      {"i also owe their ops lead a one-pager on privacy", "owe", "\"owner\":\"me\"", NULL},
      {"and I owe Dana a call back on monday", "owe Dana", NULL, NULL},
  };
  expect_steps(*state, said, sizeof said / sizeof said[0]);
}

/* The topic said after a step's due date ("re the second site", "about
   the renewal") belongs to its action, as its purpose does. */
static void test_next_step_topic_after_due(void **state) {
  static const char *const said[][4] = {
      {"and check in again in june re the spare parts list", "re spare parts list", NULL, NULL},
      {"I call them on Monday about the renewal terms", "about renewal terms", NULL, NULL},
      {"I follow up next week regarding the pilot scope", "regarding pilot scope", NULL, NULL},
      {"I call Claire on the 15th to confirm the signature", "to confirm signature", NULL, NULL},
  };
  expect_steps(*state, said, sizeof said / sizeof said[0]);
}

/* "<Name> and I <verb> ...": a step done with a person named before the
   speaker is that person's, and the name is no step of its own. */
static void test_next_step_with_named_partner(void **state) {
  static const char *const said[][4] = {
      {"Dana and I review the pilot results on friday", "\"owner\":\"Dana", NULL, NULL},
      {"1. I send the quote 2. Kofi and I meet the board on the 20th", "\"owner\":\"Kofi", NULL,
       "{\"action\":\"Kofi\"}"},
      {"so Lena and I draft the rollout plan by thursday", "\"owner\":\"Lena", NULL, NULL},
      {"Ingrid and I walk the site next week", "\"owner\":\"Ingrid", NULL, NULL},
  };
  expect_steps(*state, said, sizeof said / sizeof said[0]);
}

typedef struct budget_case {
  const char *text;
  double amount;
} budget_case;

/* Runs each case as the answer to budget: its amount is the case's. */
static void expect_budgets(fixture *fx, const budget_case *cases, size_t n) {
  for (size_t k = 0; k < n; k++) {
    json_t *u = run(fx, fx->sales, NULL, "budget", cases[k].text);
    const json_t *v = json_object_get(val(u, "budget"), "amount");
    if (!v || json_number_value(v) != cases[k].amount)
      fail_msg("'%s': budget %g", cases[k].text, v ? json_number_value(v) : -1.0);
    json_decref(u);
  }
}

/* Said with a wider figure that covers more than the deal ("but that's
   everything, not just software"), the budget is the deal's share of it
   ("our slice", "our portion"). */
static void test_budget_share_of_wider(void **state) {
  static const budget_case said[] = {
      {"the estates plan is 6 million pounds this year but that covers all works not just IT. the "
       "IT slice is maybe 500k",
       500000},
      {"the capex budget is 5 million euros but that covers everything, not just software. our "
       "share is maybe 400k",
       400000},
      {"they have 1.2M for the whole programme, not only the platform; the platform slice is "
       "around 300k",
       300000},
      {"total IT spend is $3M but that's everything. our portion maybe $250k", 250000},
      {"Budget is around $80k a year.", 80000},
  };
  expect_budgets(*state, said, sizeof said / sizeof said[0]);
}

/* A number that counts a period or a step ("phase one eur", "year two")
   is no amount; a figure said again after a correction that took it back
   ("20k, sorry no, 25k, 20k was the old quote") is not the correction. */
static void test_budget_labels_and_taken_back(void **state) {
  static const budget_case said[] = {
      {"between 60 and 80k for phase one eur", 80000},
      {"around 90k for phase one, more later", 90000},
      {"about 12k dollars for round two", 12000},
      {"he said 20k sorry no he said 25k 20k was the old quote", 25000},
      {"they said 40k, no wait, 45k, 40k was last year's number", 45000},
  };
  expect_budgets(*state, said, sizeof said / sizeof said[0]);
}

/* A sentence that opens with a correction word ("Sorry, ...", "no wait
   ...") corrects the value said before it: an amount, a date, a title,
   with or without the punctuation around the cue. */
static void test_sentence_opening_correction(void **state) {
  fixture *fx = *state;
  static const budget_case money[] = {
      {"They set aside $60k. Sorry, $75k.", 75000},
      {"around 120 thousand euros. no wait 140 thousand euros", 140000},
      {"they have 50k. sorry 55k", 55000},
      {"Budget is 400k dollars sorry 450k", 450000},
      {"It was \xC2\xA3"
       "30k. No wait - \xC2\xA3"
       "35k.",
       35000},
  };
  expect_budgets(fx, money, sizeof money / sizeof money[0]);
  /* A date, then a title: the value after the cue. */
  static const char *const said[][2] = {
      {"They'll decide by November 12. Sorry, November 19.", "2026-11-19"},
      {"decision by december 4. no wait december 11", "2026-12-11"},
      {"by january 15 sorry january 22", "2027-01-22"},
      {"Signing on March 3rd. No wait, it's March 10th.", "2027-03-10"},
      {"Operations Lead. No wait, Head of Operations.", "Head of Operations"},
      {"i was the store manager. no wait regional manager", "Regional Manager"},
      {"i was the store manager sorry area manager", "Area Manager"},
      {"Head of Support. Sorry, Support Team Lead.", "Support Team Lead"},
  };
  expect_strings(fx, fx->sales, "decision_timeline", said, 4);
  expect_strings(fx, fx->work, "role_title", said + 4, 4);
}

/* Said in passing after a figure that is no date, a correction corrects
   that figure: the date after it is no correction of the timeline. */
static void test_timeline_not_corrected_by_figure(void **state) {
  fixture *fx = *state;
  json_t *given =
      json_pack("{s:{s:{s:s, s:s}, s:f, s:i, s:s}}", "timeline", "value", "start", "2016-05", "end",
                "present", "confidence", 0.85, "evidence_seq", 3, "source", "rule");
  static const char *const figures[] = {
      "we placed about 30 a quarter sorry it was 45 in 2022",
      "bookings rose from 300 in the first season, sorry, 340, to 900 in 2023",
      "ticket volume fell by forty percent no wait fifty percent in 2021",
      "we shipped 12 releases, I mean 14, in 2023",
  };
  for (size_t k = 0; k < sizeof figures / sizeof figures[0]; k++) {
    json_t *u = run(fx, fx->work, given, "impact_metrics", figures[k]);
    const json_t *e = json_object_get(u, "timeline");
    if (e && json_is_true(json_object_get(e, "replace")))
      fail_msg("'%s': the timeline corrected", figures[k]);
    json_decref(u);
  }
  json_decref(given);
}

/* A list of names with their roles, volunteered when something else was
   asked, answers who was there: every name with its role, known or not.
   A list of product names is no list of people. */
static void test_attendee_list_volunteered(void **state) {
  fixture *fx = *state;
  static const char *const want[] = {
      "\"name\":\"Ysolde Marchetti\",\"role\":\"Head of Fleet Safety\"", NULL};
  expect_json(fx, fx->sales, "attendees",
              "Priya Raman, VP Operations, and Ysolde Marchetti, Head of Fleet Safety.", want,
              NULL);
  json_t *u = run(fx, fx->sales, NULL, "meeting_outcome",
                  "Priya Raman, VP Operations, and Ysolde Marchetti, Head of Fleet Safety.");
  assert_non_null(role_of(val(u, "attendees"), "Ysolde Marchetti"));
  assert_null(val(u, "meeting_outcome"));
  json_decref(u);
  u = run(fx, fx->sales, NULL, "meeting_outcome",
          "Fleet Portal, Route Manager and the Driver App.");
  assert_null(val(u, "attendees"));
  json_decref(u);
}

/* "Just Lukas Hoffmann, the COO", "Plus Mark Tully, an engineer": a
   list's filler word opening a sentence is not part of the name. */
static void test_attendee_after_filler(void **state) {
  fixture *fx = *state;
  static const char *const want[] = {"\"name\":\"Ysolde Marchetti\"", "\"name\":\"Ola Berntsen\"",
                                     NULL};
  static const char *const unwanted[] = {"Just ", "Plus ", NULL};
  expect_json(fx, fx->sales, "attendees",
              "Just Ysolde Marchetti, the COO. Plus Ola Berntsen, an engineer from their partner.",
              want, unwanted);
}

/* A role said in the plural of a group: "two analysts, A and B" gives both
   names the role; "C, one of their account managers" gives C the singular. */
static void test_attendee_group_roles(void **state) {
  static const char *const want[] = {"\"name\":\"Ysolde Marchetti\",\"role\":\"analyst\"",
                                     "\"name\":\"Ola Berntsen\",\"role\":\"analyst\"",
                                     "\"name\":\"Kofi Mensah\",\"role\":\"account manager\"", NULL};
  expect_json(*state, ((fixture *)*state)->sales, "attendees",
              "Priya Raman, and two analysts, Ysolde Marchetti and Ola Berntsen. Also Kofi "
              "Mensah, one of their account managers.",
              want, NULL);
}

/* Where someone outside the account works: "A of Some Firm", "their
   auditor from Grey & Moss, B"; "the firm's tax adviser, Dr. C": the
   possessive and the honorific hide no role. */
static void test_attendee_outside_company(void **state) {
  static const char *const want[] = {
      "\"name\":\"Ysolde Marchetti\",\"role\":\"tax adviser\",\"company\":\"Keld Partners\"",
      "\"name\":\"Ola Berntsen\",\"role\":\"auditor\",\"company\":\"Grey & Moss\"", NULL};
  expect_json(*state, ((fixture *)*state)->sales, "attendees",
              "Priya Raman; the firm's tax adviser, Dr. Ysolde Marchetti of Keld Partners; and "
              "their auditor from Grey & Moss, Ola Berntsen.",
              want, NULL);
}

/* A dash between spaces ends a negation's scope ("No - discovery"), and
   "nothing's" negates what follows like "nothing". */
static void test_negation_scope_dash(void **state) {
  fixture *fx = *state;
  assert_false(dbf__tx_negated_before("No - discovery", 5, 3));
  assert_true(dbf__tx_negated_before("nothing's signed yet", 10, 3));
  assert_true(dbf__tx_negated_before("a non-starter, not discovery", 19, 3));
  json_t *u = run(fx, fx->sales, NULL, "deal_stage", "Still prospecting? No - discovery.");
  assert_string_equal(sval(u, "deal_stage"), "discovery");
  json_decref(u);
  u = run(fx, fx->sales, NULL, "deal_stage", "Negotiation, nothing's signed yet.");
  assert_string_equal(sval(u, "deal_stage"), "negotiation");
  json_decref(u);
}

/* Where the person files the deal wins over the stages around it; a stage
   still to come ("heading into", "-> ... once", "... next") is not the
   current one. */
/* Asks for field alone with text and checks its string value. */
static void expect_str(fixture *fx, const dbf_template *tpl, const char *field, const char *text,
                       const char *want) {
  json_t *u = run(fx, tpl, NULL, field, text);
  assert_string_equal(sval(u, field), want);
  json_decref(u);
}

static void expect_stage(fixture *fx, const char *text, const char *want) {
  expect_str(fx, fx->sales, "deal_stage", text, want);
}

static void test_deal_stage_as_filed(void **state) {
  fixture *fx = *state;
  expect_stage(fx, "Verbal yes, but I'd keep it at proposal until the paperwork is back.",
               "proposal");
  expect_stage(fx, "Pretty much negotiating already; put it down as proposal for now.", "proposal");
  expect_stage(fx, "Discovery, heading into qualification after the workshop.", "discovery");
  expect_stage(fx, "qualification -> proposal once legal is happy", "qualification");
  expect_stage(fx, "Discovery is done and qualification comes next.", "discovery");
  /* A stage only possible, or one with its condition after it, is not where
     the deal is; one named after taking back the filed one is. */
  expect_stage(fx, "Discovery, maybe even qualification, hard to say.", "discovery");
  expect_stage(fx, "Proposal, though there's a real risk to be closed lost.", "proposal");
  expect_stage(fx, "Discovery, on to qualification once we see their data.", "discovery");
  expect_stage(fx, "I'd put it in discovery... no, qualification, they confirmed budget.",
               "qualification");
  /* Unfiled, a stage named after a correction of the stage before it. */
  expect_stage(fx, "proposal or even negotiation nah proposal", "proposal");
  expect_stage(fx, "proposal, no wait, still qualification really", "qualification");
  expect_stage(fx, "negotiation sorry proposal", "proposal");
  expect_stage(fx, "Discovery, actually more like qualification.", "qualification");
  expect_stage(fx, "We sent the proposal, now negotiating.", "negotiation");
}

/* "Nope, none." to the competitors question withdraws a name picked up in
   passing from another answer; a name the person gave when asked stays. */
static void test_none_withdraws_inferred(void **state) {
  fixture *fx = *state;
  json_t *rec = json_pack("{s:{s:[s], s:f, s:s}}", "competitors", "value", "Fleetora", "confidence",
                          0.45, "source", "rule");
  json_t *u = run(fx, fx->sales, rec, "competitors", "Nope, none.");
  assert_non_null(val(u, "competitors"));
  assert_int_equal(json_array_size(val(u, "competitors")), 0);
  assert_true(json_is_true(json_object_get(json_object_get(u, "competitors"), "replace")));
  json_decref(u);
  json_object_set_new(json_object_get(rec, "competitors"), "confidence", json_real(0.85));
  u = run(fx, fx->sales, rec, "competitors", "Nope, none.");
  assert_null(val(u, "competitors"));
  json_decref(u);
  json_decref(rec);
}

/* An answer that opens with "nothing" / "no <thing>" of a few words says
   there is none, however it goes on, unless it turns to content ("but")
   or gives a figure. */
static void expect_filled(fixture *fx, const dbf_template *tpl, const char *field, const char *text,
                          bool filled) {
  json_t *u = run(fx, tpl, NULL, field, text);
  if ((val(u, field) != NULL) != filled)
    fail_msg("%s after \"%s\": %s", field, text, filled ? "empty" : "filled");
  json_decref(u);
}

static void test_answer_opening_with_none(void **state) {
  fixture *fx = *state;
  expect_filled(fx, fx->sales, "objections",
                "Nothing really, it's early days. They seemed relaxed about the rollout plan.",
                false);
  expect_filled(fx, fx->work, "tools_technologies",
                "Honestly, nothing worth listing. It was a very hands-on job with paper forms.",
                false);
  expect_filled(fx, fx->sales, "objections",
                "No objections, but their CFO worried about the price of the SSO add-on.", true);
  /* Fillers before the "none" are read past, in any order. */
  expect_filled(fx, fx->sales, "competitors",
                "Um okay so nobody really. They seemed happy enough with what they saw.", false);
}

/* An answer that names its topic and nothing of it is vague: nothing is
   stored, so the planner asks again; a word of content makes it an answer. */
static void test_topic_only_answer_is_vague(void **state) {
  fixture *fx = *state;
  dbf_extract_ctx ctx = {.tpl = fx->sales, .lex = fx->lex, .reference_date = "2026-10-06"};
  static const char *const vague[] = {
      "there were a few worries I guess", "Yeah, some pushback.", "just the usual stuff",
      "He had a couple of comments, you know.", "yes definitely a handful of issues"};
  for (size_t i = 0; i < DBF_ARRAY_LEN(vague); i++) {
    if (dbf_answer_specificity(&ctx, vague[i]) >= 0.2)
      fail_msg("'%s' should be vague", vague[i]);
    expect_filled(fx, fx->sales, "objections", vague[i], false);
  }
  assert_true(dbf_answer_specificity(&ctx, "a few worries about the install weekend") >= 0.2);
  expect_filled(fx, fx->sales, "objections", "a few worries about the install weekend", true);
}

/* A "no" or "nothing" in an idiom says something: "no point ...", "no more
   than ...", "nothing but ..." are content, whatever their length. */
static void test_none_idioms_are_content(void **state) {
  fixture *fx = *state;
  expect_filled(fx, fx->sales, "objections", "No point pushing them before the audit closes.",
                true);
  expect_filled(fx, fx->sales, "objections", "Nothing but worries about the install downtime.",
                true);
  expect_filled(fx, fx->sales, "meeting_outcome",
                "No doubt they want it, the pilot goes ahead in spring.", true);
  expect_filled(fx, fx->sales, "objections",
                "No question the lead time bothers them. Eight weeks is long for a refit.", true);
}

/* A first name before a company word ("Jordan Logistics", "Grace
   Associates") names a firm, not a person. */
static void test_first_name_firms(void **state) {
  static const char *const want[] = {"Jordan Logistics", "Grace Associates", NULL};
  expect_json(*state, ((fixture *)*state)->sales, "competitors",
              "Jordan Logistics won the last tender; Grace Associates also bid.", want, NULL);
}

/* A vendor named by what it keeps doing: "X keeps pitching ...", "Y
   themselves offer something similar". */
static void test_competitors_by_their_pitch(void **state) {
  static const char *const want[] = {"Routewell", "Fleetora", NULL};
  expect_json(*state, ((fixture *)*state)->sales, "competitors",
              "Routewell keeps pitching their own dispatch add-on. Fleetora themselves offer "
              "something similar.",
              want, NULL);
}

/* A step's purpose after its due date stays with it ("call Dana on the
   12th to confirm the order"), and "for" before the date is dropped ("book
   the crane for March"). */
static void test_next_step_purpose_after_date(void **state) {
  static const char *const want[] = {"call Dana to confirm order", "book crane\"", NULL};
  static const char *const unwanted[] = {"crane for", NULL};
  expect_json(*state, ((fixture *)*state)->sales, "next_steps",
              "I'll call Dana on the 12th to confirm the order, and Omar will book the crane for "
              "March.",
              want, unwanted);
}

/* A step says what is to be done: what a date leaves behind ("tentatively",
   "aiming for") is no step, and the same owner's "and send it Monday" is the
   step before, which takes its date; someone else's "reviews it" is a step. */
static void test_next_steps_without_substance(void **state) {
  fixture *fx = *state;
  json_t *u = run(fx, fx->sales, NULL, "next_steps",
                  "1. Pricing sheet from me by Friday 2. Call with the buyer after that, "
                  "tentatively October 22. I'll set up the pilot, aiming for October 27.");
  const json_t *ns = val(u, "next_steps");
  char *steps = json_dumps(ns, JSON_COMPACT);
  assert_non_null(steps);
  assert_null(strstr(steps, "\"tentatively\""));
  assert_null(strstr(steps, "\"aiming for\""));
  assert_non_null(strstr(steps, "pilot"));
  free(steps);
  json_decref(u);
  u = run(fx, fx->sales, NULL, "next_steps",
          "I redo the proposal as two phases and send it Monday, and Grace reviews it by "
          "Wednesday.");
  ns = val(u, "next_steps");
  steps = json_dumps(ns, JSON_COMPACT);
  assert_non_null(steps);
  assert_null(strstr(steps, "\"send it\""));
  assert_non_null(strstr(steps, "\"owner\":\"Grace\""));
  assert_int_equal(json_array_size(ns), 2);
  const json_t *first = json_array_get(ns, 0);
  assert_non_null(strstr(json_string_value(json_object_get(first, "action")), "proposal"));
  assert_string_equal(json_string_value(json_object_get(first, "due")), "2026-10-12");
  free(steps);
  json_decref(u);
}

/* Items numbered on one line ("1. ... 2) ... 3. ...") are sentences of
   their own, without their markers; a number that does not go on from the
   last marker is text ("we had 3. Then ..."). */
static void test_numbered_items_inline(void **state) {
  (void)state;
  const char *s = "1. draft the plan (me) 2) Ana sends the map 3. kickoff call, we had 4. Done";
  dbf_span sp[8];
  assert_int_equal(dbf__tx_sentences(s, strlen(s), sp, 8), 4);
  assert_int_equal(strncmp(s + sp[0].off, "draft the plan (me)", sp[0].len), 0);
  assert_int_equal(strncmp(s + sp[1].off, "Ana sends the map", sp[1].len), 0);
  assert_int_equal(strncmp(s + sp[2].off, "kickoff call, we had 4.", sp[2].len), 0);
}

/* An item of a numbered list of next steps is a step as it stands, verb,
   owner and date or not; "(me, Friday)" names the owner and the date. */
static void test_next_steps_as_listed_items(void **state) {
  static const char *const want[] = {
      "{\"action\":\"pricing workbook for both sites\",\"owner\":\"me\",\"due\":\"2026-10-09\"}",
      "{\"action\":\"site survey with facilities team\"}", NULL};
  fixture *fx = *state;
  const char *text = "1. pricing workbook for both sites (me, Friday) 2. Ana shares the floor "
                     "plans 3. site survey with their facilities team";
  expect_json(fx, fx->sales, "next_steps", text, want, NULL);
  json_t *u = run(fx, fx->sales, NULL, "next_steps", text);
  assert_int_equal(json_array_size(val(u, "next_steps")), 3);
  json_decref(u);
  /* A step whose whole action the step before says is a leftover of it. */
  u = run(fx, fx->sales, NULL, "next_steps",
          "1) me: updated quote at 80k, needs my vp ok first - by 14.10\n2) Dana sends the "
          "security questionnaire by Friday");
  assert_int_equal(json_array_size(val(u, "next_steps")), 2);
  json_decref(u);
  /* An irregular third person reads as an instruction too. */
  u = run(fx, fx->sales, NULL, "next_steps", "Dana does a walkthrough of the site by Friday");
  assert_non_null(
      strstr(json_string_value(json_object_get(json_array_get(val(u, "next_steps"), 0), "action")),
             "do walkthrough"));
  json_decref(u);
  /* In passing, a dated decision is the decision's date, not a step. */
  u = run(fx, fx->sales, NULL, "decision_timeline",
          "Council decides the budget on the ninth of March. After that they can sign.");
  assert_null(val(u, "next_steps"));
  assert_non_null(strstr(sval(u, "decision_timeline"), "-03-09"));
  json_decref(u);
}

/* Occupations of the trades and of care people name as their titles. */
static void test_titles_of_trades_and_care(void **state) {
  fixture *fx = *state;
  expect_str(fx, fx->work, "role_title", "Senior hospital chaplain, mostly nights.",
             "Senior Hospital Chaplain");
  expect_str(fx, fx->work, "role_title", "I was the head barber there.", "Head Barber");
  /* Hotel front-of-house and workshop crafts. */
  expect_str(fx, fx->work, "role_title", "Head Concierge since 2021, before that doorman.",
             "Head Concierge");
  expect_str(fx, fx->work, "role_title",
             "Usta, which means master cabinetmaker. Before that an apprentice.",
             "Master Cabinetmaker");
}

/* The title held last, told by what follows it ("X at the end", "Y now",
   "Z for my last year", "W since last year") over the one told as earlier
   ("before that V", "it was U when I joined"). */
static void test_title_held_last(void **state) {
  fixture *fx = *state;
  expect_str(fx, fx->work, "role_title", "Lead Chaplain at the end; I was Chaplain before that.",
             "Lead Chaplain");
  expect_str(fx, fx->work, "role_title", "journeyman electrician now. before that apprentice",
             "Journeyman Electrician");
  expect_str(fx, fx->work, "role_title",
             "Junior Planner at first, then Planner, and Senior Planner for my last year.",
             "Senior Planner");
  expect_str(fx, fx->work, "role_title",
             "Account Manager, well, Senior Account Manager since last year.",
             "Senior Account Manager");
  /* Two roles joined by "and" alone are one title held at once. */
  expect_str(fx, fx->work, "role_title", "Co-founder and head baker, really.",
             "Co-founder and Head Baker");
  expect_str(fx, fx->work, "role_title", "Owner & Managing Director.", "Owner & Managing Director");
}

/* Typing shorthand in a title or a role is spelled out in the record;
   words of their own ("ops", "rep") and acronyms stay as said. */
static void test_titles_spell_out_shorthand(void **state) {
  fixture *fx = *state;
  expect_str(fx, fx->work, "role_title", "asst store mgr for the last two years",
             "Assistant Store Manager");
  expect_str(fx, fx->work, "role_title", "Sr. Dir of Mktg", "Senior Director of Marketing");
  expect_str(fx, fx->work, "role_title", "ops lead, VP later on? no, ops lead", "Ops Lead");
  json_t *u = run(fx, fx->sales, NULL, "attendees",
                  "Hana Sato (plant mgr), Luis Ortega - svc dept mgr, and Ike Bello, "
                  "their sales rep");
  const json_t *a = val(u, "attendees");
  assert_string_equal(role_of(a, "Hana Sato"), "plant manager");
  assert_string_equal(role_of(a, "Luis Ortega"), "service department manager");
  assert_string_equal(role_of(a, "Ike Bello"), "sales rep");
  json_decref(u);
}

/* Typed in lower case, a rival named while another field was asked is
   still a rival: every list field's cues restore the capitals. */
static void test_lower_case_rival_in_passing(void **state) {
  fixture *fx = *state;
  static const char *const rows[][3] = {
      {"customer_needs", "they need faster payroll runs. they keep comparing us to ledgerkite",
       "Ledgerkite"},
      {"objections", "price mostly, they had a proposal from brightnook that came in cheaper",
       "Brightnook"},
      {"meeting_outcome", "went ok, they will decide in june. zephyrgrid pitched them last week",
       "Zephyrgrid"}};
  for (size_t i = 0; i < DBF_ARRAY_LEN(rows); i++) {
    json_t *u = run(fx, fx->sales, NULL, rows[i][0], rows[i][1]);
    char *dump = json_dumps(val(u, "competitors"), JSON_COMPACT | JSON_ENCODE_ANY);
    if (!dump || !strstr(dump, rows[i][2]))
      fail_msg("competitors of '%s': want %s, got %s", rows[i][1], rows[i][2], dump);
    free(dump);
    json_decref(u);
  }
}

/* Months said without their year after a span of years refine the end
   their verb names: "I started in October ... and left in June". */
static void test_timeline_months_by_their_verb(void **state) {
  static const char *const text =
      "I was there from 2016 to 2023. I started in the autumn, October I think, and left in June.";
  fixture *fx = *state;
  json_t *u = run(fx, fx->work, NULL, "timeline", text);
  char *dump = json_dumps(val(u, "timeline"), JSON_COMPACT | JSON_SORT_KEYS);
  assert_string_equal(dump, "{\"end\":\"2023-06\",\"start\":\"2016-10\"}");
  free(dump);
  json_decref(u);
}

/* A lone name opening a clause with a verb of deciding after it, whatever
   the first name: "Ysolde signs, Oddny processes the PO"; "Already
   decided" names no one. */
static void test_deciders_by_their_verb(void **state) {
  static const char *const want[] = {"Ysolde", "Oddny", NULL};
  static const char *const none[] = {"Already", NULL};
  fixture *fx = *state;
  expect_json(fx, fx->sales, "decision_makers", "Ysolde signs; Oddny processes the PO.", want,
              NULL);
  json_t *u = run(fx, fx->sales, NULL, "decision_makers", "Already decided.");
  char *dump = json_dumps(val(u, "decision_makers"), JSON_ENCODE_ANY);
  assert_true(dump == NULL || strstr(dump, none[0]) == NULL);
  free(dump);
  json_decref(u);
  /* A thing done ("Paperwork signed today", "Order made and signed") names
     no one; "Oddny signed; ..." still does. */
  u = run(fx, fx->sales, NULL, "decision_makers", "Paperwork signed today. Order made and signed.");
  assert_false(has(val(u, "decision_makers"), "Paperwork"));
  assert_false(has(val(u, "decision_makers"), "Order"));
  json_decref(u);
  u = run(fx, fx->sales, NULL, "decision_makers", "Oddny signed; legal had already approved.");
  assert_true(has(val(u, "decision_makers"), "Oddny"));
  json_decref(u);
}

/* Two names joined in one list item are two items: "Excel with VBA",
   "Rhino/Grasshopper"; a pair of acronyms ("BSA/AML compliance") and a
   "with" that goes on in words stay one. */
static void test_tools_joined_in_one_item(void **state) {
  static const char *const want[] = {"\"Rhino\"", "\"Grasshopper\"", "\"Tableau\"", "\"Alteryx\"",
                                     NULL};
  static const char *const unwanted[] = {"Rhino/", "with Alteryx", NULL};
  fixture *fx = *state;
  expect_json(fx, fx->work, "tools_technologies", "Rhino/Grasshopper, Tableau with Alteryx, Jira.",
              want, unwanted);
}

/* An employer's name with a particle or an accented capital ("Banco del
   Sur", "Éditions de la Loire"), and without the short form after it. */
static void test_employer_names_as_written(void **state) {
  static const char *const names[][2] = {
      {"Banco del Sur. A regional bank with 40 branches.", "Banco del Sur"},
      {"Éditions Marlowe de Nantes, a small publisher.", "Éditions Marlowe de Nantes"},
      {"northfield technical institute (NTI)", "northfield technical institute"}};
  for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
    expect_str(*state, ((fixture *)*state)->work, "company", names[i][0], names[i][1]);
}

/* Outages, downtime and crashes are objections about reliability. */
static void test_objections_about_reliability(void **state) {
  static const char *const want[] = {"outages", "crashes", NULL};
  expect_json(*state, ((fixture *)*state)->sales, "objections",
              "The outages last quarter, mainly. And the tablet app crashes at the dock.", want,
              NULL);
}

/* Products joined in one item ("Dockyard with the Berth Planner add-on")
   are both named; one typed in lower case after "mentioned" or "touched
   on" is named without those words; what the item goes on to say ("for
   the Norway rollout") names no product. */
static void test_products_joined_and_mentioned(void **state) {
  static const char *const want[] = {"\"Dockyard\"", "\"Berth Planner\"", "\"tide alerts\"", NULL};
  static const char *const unwanted[] = {"Norway", "touched", NULL};
  fixture *fx = *state;
  expect_json(fx, fx->sales, "products_discussed",
              "Dockyard w/ the Berth Planner add-on for the Norway rollout, touched on tide alerts "
              "a bit",
              want, unwanted);
}

/* A given name that is also a role word ("Dev") names a person before a
   surname, typed in lower case too ("dev sharma their billing lead"). */
static void test_given_name_that_is_a_role_word(void **state) {
  static const char *const typed[] = {"\"name\":\"Dev Sharma\",\"role\":\"billing lead\"", NULL};
  static const char *const cased[] = {"\"name\":\"Dev Okoro\"", NULL};
  fixture *fx = *state;
  expect_json(fx, fx->sales, "attendees", "priya raman, and dev sharma their billing lead", typed,
              NULL);
  expect_json(fx, fx->sales, "attendees", "Priya Raman and Dev Okoro, their CTO.", cased, NULL);
}

/* A lone given name no lexicon knows, with its role: "their electrician
   Oisin joined", "Tamsin, her chief of staff", "Ruari, who runs the
   booking office"; "their VP Product" still names no one. */
static void test_lone_names_with_roles(void **state) {
  static const char *const want[] = {"\"name\":\"Oisin\",\"role\":\"electrician\"",
                                     "\"name\":\"Tamsin\",\"role\":\"chief of staff\"",
                                     "\"name\":\"Ruari\",\"role\":\"booking office\"", NULL};
  static const char *const unwanted[] = {"\"name\":\"Product\"", NULL};
  fixture *fx = *state;
  expect_json(fx, fx->sales, "attendees",
              "Priya Raman, their VP Product, and Tamsin, her chief of staff. Their electrician "
              "Oisin joined late, and Ruari, who runs the booking office in Oban.",
              want, unwanted);
}

/* A title of address before a name ("Captain", "Professor") gives way to
   the role said after it. */
static void test_title_of_address_before_name(void **state) {
  static const char *const want[] = {"\"name\":\"Ysolde Marchetti\",\"role\":\"harbour master\"",
                                     NULL};
  fixture *fx = *state;
  expect_json(fx, fx->sales, "attendees",
              "Captain Ysolde Marchetti, the harbour master, and Priya Raman.", want, NULL);
}

/* A range whose ends repeat their word: "from tier 3 to tier 1". */
static void test_impact_range_of_levels(void **state) {
  static const char *const want[] = {"3 to tier 1", NULL};
  fixture *fx = *state;
  expect_json(fx, fx->work, "impact_metrics",
              "Our supplier rating went from tier 3 to tier 1 in two years.", want, NULL);
}

/* Two figures no words name stay two results. */
static void test_impact_unnamed_figures_kept_apart(void **state) {
  fixture *fx = *state;
  json_t *u = run(fx, fx->work, NULL, "impact_metrics",
                  "19% to 8%. About 120 business owners came to the workshops.");
  assert_int_equal(json_array_size(val(u, "impact_metrics")), 2);
  json_decref(u);
}

/* Typed in lower case without the apostrophe: "theyre on fleetora right
   now" names Fleetora, and a word of time after it is no part of it. */
static void test_competitor_after_unpunctuated_cue(void **state) {
  static const char *const want[] = {"[\"Fleetora\"]", NULL};
  fixture *fx = *state;
  expect_json(fx, fx->sales, "competitors", "theyre on fleetora right now, renewal in june", want,
              NULL);
}

/* "Legal to review the DPA.", "Ysolde to set up a call": an owner opening
   the sentence with "to" and a verb plans a step, whoever the owner. */
static void test_next_step_owner_to_verb(void **state) {
  static const char *const want[] = {"{\"action\":\"review DPA template\",\"owner\":\"Legal\"}",
                                     "{\"action\":\"set up call with DPO\",\"owner\":\"Ysolde\"}",
                                     NULL};
  fixture *fx = *state;
  expect_json(fx, fx->sales, "next_steps",
              "Legal to review their DPA template. Ysolde to set up a call with their DPO.", want,
              NULL);
}

/* Who owns a step, said after it: "(our Lisbon office)" in brackets,
   "from us"; "translate" starts a step like "send". */
static void test_next_step_owner_after_it(void **state) {
  static const char *const want[] = {
      "{\"action\":\"Translate onboarding guide\",\"owner\":\"Lisbon office\"}",
      "\"action\":\"Signed order form\",\"owner\":\"me\"", NULL};
  fixture *fx = *state;
  expect_json(fx, fx->sales, "next_steps",
              "Signed order form from us by Friday. Translate the onboarding guide (our Lisbon "
              "office).",
              want, NULL);
}

/* An acronym joined by a hyphen to the word before it ("ICH-GCP") is part
   of that name, not the lexicon's entry for the acronym alone. */
static void test_acronym_inside_compound(void **state) {
  fixture *fx = *state;
  json_t *u = run(fx, fx->work, NULL, "technical_skills", "ICH-GCP, informed consent.");
  assert_true(has(val(u, "technical_skills"), "ICH-GCP"));
  assert_false(has(val(u, "technical_skills"), "Google Cloud"));
  json_decref(u);
}

/* "Brightwave's CFO made the call, not Jordan": the firm's role decides,
   and a name denied with "not" does not. */
static void test_deciders_firm_role_and_denied_name(void **state) {
  fixture *fx = *state;
  json_t *u = run(fx, fx->sales, NULL, "decision_makers",
                  "Brightwave's CFO made the call, not Jordan Pike.");
  char *dump = json_dumps(val(u, "decision_makers"), JSON_COMPACT);
  assert_string_equal(dump, "[\"Brightwave CFO\"]");
  free(dump);
  json_decref(u);
}

/* A deciding group with a proper name keeps it ("the city's Audit
   Committee"), without whose it is. */
static void test_deciding_group_with_its_name(void **state) {
  static const char *const want[] = {"[\"Audit Committee\"]", NULL};
  expect_json(*state, ((fixture *)*state)->sales, "decision_makers",
              "Then the city's Audit Committee has to approve.", want, NULL);
}

/* A volunteered list of people may say what one of them does ("Ruari,
   who runs the booking office"): still a list of people. */
static void test_volunteered_people_with_relative_clause(void **state) {
  fixture *fx = *state;
  json_t *u = run(fx, fx->sales, NULL, "meeting_outcome",
                  "Priya Raman, VP Operations, and Ruari Bell, who runs the booking office.");
  assert_null(val(u, "meeting_outcome"));
  assert_non_null(role_of(val(u, "attendees"), "Ruari Bell"));
  json_decref(u);
}

/* "From <firm>: names" headings say whose people follow: the account's
   own heading keeps the account, another firm's gives its name; such a
   list volunteered under another question is still read as people. */
static void test_people_under_firm_headings(void **state) {
  static const char *const want[] = {
      "{\"name\":\"Ysolde Marchetti\",\"role\":\"Base Maintenance Manager\",\"company\":"
      "\"Keld Aero Services\"}",
      "{\"name\":\"Priya Raman\",\"role\":\"VP Operations\",\"company\":\"Northwind "
      "Freight\"}",
      NULL};
  static const char *const text = "From Northwind: Priya Raman, VP Operations. From Keld Aero "
                                  "Services: Ysolde Marchetti, Base Maintenance Manager.";
  fixture *fx = *state;
  expect_json(fx, fx->sales, "attendees", text, want, NULL);
  json_t *u = run(fx, fx->sales, NULL, "budget", text);
  assert_int_equal(json_array_size(val(u, "attendees")), 2);
  json_decref(u);
}

/* "Ysolde Marchetti from guest experience": a function said in a few
   lower-case words after "from" is the person's role. */
static void test_attendee_role_after_from(void **state) {
  fixture *fx = *state;
  json_t *u = run(fx, fx->sales, NULL, "attendees",
                  "Priya Raman; Ysolde Marchetti from guest experience; and Ola Berntsen, CFO.");
  assert_string_equal(role_of(val(u, "attendees"), "Ysolde Marchetti"), "guest experience");
  json_decref(u);
  /* "the rental shop" too; a role said of the person before ("who's ...")
     is not the next one's. */
  u = run(fx, fx->sales, NULL, "attendees",
          "Priya Raman who's head of fleet, Omar Haddad from the rental shop.");
  assert_string_equal(role_of(val(u, "attendees"), "Omar Haddad"), "rental shop");
  json_decref(u);
}

/* A list item that is a clause of its own ("we moved scheduling to
   Fieldly Pro")
   names the tool it is about, not its opening words. */
static void test_tools_item_as_clause(void **state) {
  static const char *const want[] = {"\"Fieldly Pro\"", NULL};
  static const char *const unwanted[] = {"moved", NULL};
  expect_json(*state, ((fixture *)*state)->work, "tools_technologies",
              "Torque wrenches, a borescope, and we moved scheduling to Fieldly Pro which I ran",
              want, unwanted);
}

/* Soft skills in the person's words: what they got good at inside a longer
   clause, a second "I" after a dash, a known one-word skill. */
static void test_soft_skills_self_appraisal(void **state) {
  static const char *const want[] = {"\"calming people down on the phone\"",
                                     "\"I kept the team together\"",
                                     "\"I ran the weekly check-ins\"", "\"Diplomacy\"", NULL};
  expect_json(*state, ((fixture *)*state)->work, "soft_skills",
              "Customers get angry when orders are late so I got really good at calming people "
              "down on the phone. I kept the team together - I ran the weekly check-ins. "
              "Diplomacy, and a lot of listening.",
              want, NULL);
}

/* A known attendee's first name typed in lower case inside an answer typed
   with capitals is that attendee. */
static void test_known_first_name_in_lower_case(void **state) {
  static const char *const want[] = {"\"Venkat Rao\"", "\"Priya Raman\"", NULL};
  expect_json(*state, ((fixture *)*state)->sales, "decision_makers",
              "Final call is the MD, Mr Venkat Rao, priya recommends.", want, NULL);
}

/* A decision said as a tender award or a vote picks its date over another
   date of the sentence. */
static void test_decision_date_as_award(void **state) {
  fixture *fx = *state;
  json_t *u = run(fx, fx->sales, NULL, "decision_timeline",
                  "Tender goes out in February, award probably June 2027.");
  assert_string_equal(json_string_value(val(u, "decision_timeline")), "2027-06");
  json_decref(u);
}

/* Employer names: a legal form with its dots or its slash ("A/S"),
   "<Institute> for ...", the name after an opening article, a lower-case
   name before a bracket or before the group that owns it. */
static void test_company_name_shapes(void **state) {
  fixture *fx = *state;
  static const char *const cases[][2] = {
      {"Marlow Trading Pte. Ltd.", "Marlow Trading Pte. Ltd."},
      {"I ran the lab at the Brennan Centre for Coastal Studies in Hobart.",
       "Brennan Centre for Coastal Studies"},
      {"The Harbour Gazette, a weekly. Owned by a media group.", "Harbour Gazette"},
      {"pine hollow bakery co (two shops, family run)", "pine hollow bakery co"},
      {"Fjordline Kemi A/S", "Fjordline Kemi A/S"},
      {"we were at Havbrug Nord I/S", "Havbrug Nord I/S"},
      {"I worked for Skagerak Rederi K/S out of Aarhus", "Skagerak Rederi K/S"},
      {"Brasil Cargas S/A, in Santos", "Brasil Cargas S/A"},
      /* Typed in lower case, the name the answer opens with, not the
         capitalized one that owns it. */
      {"harbour view hotel, part of a regional group Meridian Stays", "harbour view hotel"},
      {"brookfield dairy, it's owned by Northfold Foods", "brookfield dairy"},
      {"kestrel print works, we were a subsidiary of Halden Media", "kestrel print works"},
      {"Harbour View Hotel, part of the Meridian Group", "Harbour View Hotel"}};
  for (size_t k = 0; k < sizeof cases / sizeof cases[0]; k++) {
    json_t *u = run(fx, fx->work, NULL, "company", cases[k][0]);
    assert_string_equal(json_string_value(val(u, "company")), cases[k][1]);
    json_decref(u);
  }
}

/* Typed in lower case, a title keeps the words after its "of" up to a
   function word, a number or a date. */
static void test_title_of_tail_lower(void **state) {
  fixture *fx = *state;
  static const char *const tails[][2] = {
      {"head of customer support since 2022", "Head of Customer Support"},
      {"curator of decorative arts at the city museum", "Curator of Decorative Arts"},
      {"i was director of clinical operations for three years", "Director of Clinical Operations"},
      {"head of field engineering september 2021 to now", "Head of Field Engineering"}};
  expect_strings(fx, fx->work, "role_title", tails, sizeof tails / sizeof tails[0]);
}

/* Steps said without commas run on: after a step, an owner followed right
   away by a step verb ("I send", "Marco schedules") starts the next one; a
   name after a preposition is an object, not an owner. */
static void test_next_steps_run_on_owners(void **state) {
  fixture *fx = *state;
  static const step_want three[] = {{1, "owner", "Marco"}, {2, "action", "send final quote"}};
  check_steps(fx, "Dana sends the plans by Friday Marco books the visit I send the final quote", 3,
              three, DBF_ARRAY_LEN(three));
  static const step_want two[] = {{0, "owner", "me"}, {1, "owner", "Priya Raman"}};
  check_steps(fx, "i draft the sow tomorrow Priya reviews it by thursday", 2, two,
              DBF_ARRAY_LEN(two));
  static const step_want legal[] = {{1, "owner", "me"}, {1, "action", "book kickoff"}};
  check_steps(fx, "our legal returns the redlines next week I book the kickoff", 2, legal,
              DBF_ARRAY_LEN(legal));
  static const step_want finish[] = {{1, "owner", "Tomas"}};
  check_steps(fx,
              "I'll send the pricing sheet Friday Tomas finishes the security review by the 20th",
              2, finish, DBF_ARRAY_LEN(finish));
  /* Typed in lower case, a name no list knows owns a step when a step verb
     follows it at once; a noun before a preposition does not. */
  static const step_want sanne[] = {{1, "owner", "brannagh"}};
  check_steps(fx, "i send the quote monday and brannagh sends the floor plans by friday", 2, sanne,
              DBF_ARRAY_LEN(sanne));
  static const step_want marcus[] = {{1, "owner", "quillan"}};
  check_steps(fx, "i'll book the demo and quillan will set up a test account", 2, marcus,
              DBF_ARRAY_LEN(marcus));
  static const step_want felipe[] = {{0, "owner", "tavish"}, {1, "owner", "me"}};
  check_steps(fx, "tavish sends api access and i draft the sow", 2, felipe, DBF_ARRAY_LEN(felipe));
  static const step_want pete[] = {{1, "owner", "jorvik"}};
  check_steps(fx, "i send the report today and jorvik is going to do a survey next week", 2, pete,
              DBF_ARRAY_LEN(pete));
  /* ... and, said without commas, starts the next step mid-sentence. */
  static const char *const run_on[][2] = {
      {"i send the quote by friday morwen returns the redlines", "morwen"},
      {"i draft the sow tomorrow rui reviews it by thursday", "rui"},
      {"our legal sends the clause next week bongani schedules the pilot", "bongani"},
      {"i check with finance monday yaw will send the pricing by the 20th", "yaw"}};
  for (size_t k = 0; k < DBF_ARRAY_LEN(run_on); k++) {
    const step_want want[] = {{1, "owner", run_on[k][1]}};
    check_steps(fx, run_on[k][0], 2, want, 1);
  }
  json_t *u = run(fx, fx->sales, NULL, "next_steps", "olof - pipe maps for the northern district");
  assert_true(step_field(val(u, "next_steps"), 0, "owner") == NULL ||
              strcmp(step_field(val(u, "next_steps"), 0, "owner"), "pipe") != 0);
  json_decref(u);
  static const step_want object[] = {{0, "owner", "me"}};
  check_steps(fx, "I'll send the pricing for the pilot at Greenfield starts in May", 1, object,
              DBF_ARRAY_LEN(object));
}

/* Next steps: a hyphenated word inside an action ("a follow-up") and two
   acronyms joined by "and" do not open a new step. */
static void test_next_steps_hyphens_and_acronyms(void **state) {
  static const char *const want[] = {"\"action\":\"run stress-test on data\"",
                                     "\"action\":\"send SOC2 and ISO certificates\"", NULL};
  static const char *const unwanted[] = {"\"action\":\"test", "\"action\":\"ISO", NULL};
  expect_json(*state, ((fixture *)*state)->sales, "next_steps",
              "Our analysts will run a stress-test on their data. I'll send the SOC2 and ISO "
              "certificates by Friday.",
              want, unwanted);
}

/* Budgets: a currency named apart from a bare amount (in its sentence or
   a later one), and the customer's figure over our proposal's. */
static void test_budget_currency_apart_and_our_proposal(void **state) {
  static const char *const want[] = {"\"amount\":60000", "\"currency\":\"NZD\"", NULL};
  expect_json(*state, ((fixture *)*state)->sales, "budget",
              "They've got about 60 grand for it, NZD of course.", want, NULL);
  static const char *const want_later[] = {"\"amount\":95000", "\"currency\":\"GBP\"", NULL};
  expect_json(*state, ((fixture *)*state)->sales, "budget",
              "They have 95k signed off for the first year. Pounds, naturally.", want_later, NULL);
  static const char *const want2[] = {"\"amount\":800000", NULL};
  expect_json(*state, ((fixture *)*state)->sales, "budget",
              "Our proposal was EUR 950k all in. Their capital plan has 800 thousand for it.",
              want2, NULL);
}

/* Budgets: a sign-off threshold ("the CFO approves anything over N") is
   no budget; a ceiling on what they will spend is. */
static void test_budget_not_sign_off_threshold(void **state) {
  fixture *fx = *state;
  json_t *u = run(fx, fx->sales, NULL, "budget",
                  "Their finance director has to sign anything over €80k, so she's involved.");
  assert_null(val(u, "budget"));
  json_decref(u);
  static const char *const want[] = {"\"amount\":140000", NULL};
  expect_json(*state, fx->sales, "budget", "They won't spend anything over €140k this year.", want,
              NULL);
}

/* Budgets: a range narrowed after it to one bare figure at its scale
   ("between 60 and 90k ... more like 70", "... they'll land around 175")
   is that figure. */
static void test_budget_range_narrowed(void **state) {
  static const char *const want[] = {"\"amount\":70000", NULL};
  static const char *const unwanted[] = {"\"amount\":90000", NULL};
  expect_json(*state, ((fixture *)*state)->sales, "budget",
              "Somewhere between 60 and 90k dollars. Pressed on it, she said more like 70.", want,
              unwanted);
  static const char *const want_land[] = {"\"amount\":175000", NULL};
  expect_json(*state, ((fixture *)*state)->sales, "budget",
              "Between 150 and 200k for year one, and he thinks they'll land around 175.",
              want_land, unwanted);
  /* After a correction, "so X" restates the figure corrected to. */
  static const char *const want_so[] = {"\"amount\":1200000", NULL};
  expect_json(*state, ((fixture *)*state)->sales, "budget",
              "EUR 1.6 million a year is their number. Wait, she said 1.2, the 1.6 included "
              "hardware. So 1.2 million euros.",
              want_so, NULL);
}

/* Each said[i][0], answered to key, gives the string said[i][1]. */
static void assert_values(fixture *fx, const dbf_template *tpl, const char *key,
                          const char *const said[][2], size_t n) {
  for (size_t i = 0; i < n; i++) {
    json_t *u = run(fx, tpl, NULL, key, said[i][0]);
    assert_non_null(sval(u, key));
    assert_string_equal(sval(u, key), said[i][1]);
    json_decref(u);
  }
}

/* Titles: a progression written with arrows ("A -> B -> C") is the last
   title held, not both, as is one promoted to or held for the last
   years; initials after a title ("... nurse RDN") and a filler before a
   later one ("X well senior X") are no words of it;
   "X & Y Manager" is one title; "'X' was the HR
   title", "X is what my contract said" name the official title. */
static void test_title_arrow_progression(void **state) {
  fixture *fx = *state;
  static const char *const said[][2] = {
      {"Junior Buyer -> Buyer -> Category Manager", "Category Manager"},
      /* A title's initials said after it are no word of the title. */
      {"my role is registered dental nurse RDN", "Registered Dental Nurse"},
      {"Project Manager PM", "Project Manager"},
      {"Senior Software Engineer SSE", "Senior Software Engineer"},
      {"i was customer service rep CSR on the phones", "Customer Service Rep"},
      {"Head of IT", "Head of IT"},
      /* A filler between two titles is no modifier of the later one, which
         a final cue after it makes the title. */
      {"site electrician well senior site electrician by the end", "Senior Site Electrician"},
      {"Staff Nurse, well, Senior Staff Nurse by the time I left", "Senior Staff Nurse"},
      {"buyer um senior buyer by the end", "Senior Buyer"},
      {"shift manager yeah senior shift manager by the time i left", "Senior Shift Manager"},
      /* A promotion said with its time before "to", and a title of the
         job's last years, are the title held last. */
      {"started night porter, promoted 2019 to Duty Manager", "Duty Manager"},
      {"began as line cook, promoted in the spring to Head Chef", "Head Chef"},
      {"I was promoted from Night Porter to Duty Manager", "Duty Manager"},
      {"stock clerk, last 2 yrs Senior Stock Controller", "Senior Stock Controller"},
      {"Analyst, and for the last three years Senior Analyst", "Senior Analyst"},
      /* One role word named as a title is the grade of the title said. */
      {"plant fitter well lead plant fitter by the end, I got the lead title after the audit",
       "Lead Plant Fitter"},
      {"machinist, then senior machinist, and I picked up the lead title too", "Senior Machinist"},
      /* The title put in English after one in another language. */
      {"chef de rang, so head waiter in english", "Head Waiter"},
      {"Oberarzt, senior physician in English", "Senior Physician"},
      {"jefe de obra so site manager in english", "Site Manager"},
      /* The title the person says to write down, in any case. */
      {"started on the tills, now it is more. just put Store Supervisor", "Store Supervisor"},
      {"sous chef mostly, put down head chef for the last year", "Head Chef"},
      {"so write head of sales", "Head of Sales"},
      {"partner and lead designer, so write partner / lead designer", "Partner / Lead Designer"},
      /* Typed in lower case, a grade after the title is part of it. */
      {"i was product analyst ii on the growth team", "Product Analyst II"},
      {"social worker iii in the county", "Social Worker III"},
      {"lab technician ii at a biotech", "Lab Technician II"},
      {"data centre technician ii for about four years", "Data Centre Technician II"},
      {"Support Engineer -> Team Lead (2023).", "Team Lead"},
      /* A capitalized word joined by "&" before the role is part of it. */
      {"Brand & Content Lead, for the whole group.", "Brand & Content Lead"},
      {"Finance & Operations Manager is the title now.", "Finance & Operations Manager"},
      /* The title named right before a cue that it is the official one. */
      {"Office Manager. Well, 'Operations Coordinator' was the HR title, but nobody used it.",
       "Operations Coordinator"},
      {"shift lead really. senior barista is what my contract said", "Senior Barista"},
      {"Lead Gardener, that was the title.", "Lead Gardener"},
      /* A title of a first period is an earlier one. */
      {"Head of Growth to the CEO. For the first six months the title was 'Growth Marketing "
       "Lead', then they made it official.",
       "Head of Growth"},
      /* Care roles by their common short forms (HCA, HHA, CNA). */
      {"Nursing assistant to start with, then senior HCA for my last year.", "Senior HCA"},
  };
  assert_values(fx, fx->work, "role_title", said, sizeof said / sizeof said[0]);
}

/* Decision dates (reference 2026-10-06): "mid-<month>" is its 15th; the
   date the person says to put down ("Say end of November.") wins; of two
   dates as good, the one that narrows the other ("realistically X"); a
   bare day after "before <month>" falls before that month. */
static void test_decision_date_forms(void **state) {
  fixture *fx = *state;
  static const char *const said[][2] = {
      {"The board decides at its meeting in mid-November.", "2026-11-15"},
      {"After the pilot, before the December board. Say end of November.", "2026-11-30"},
      {"The tender is awarded by the end of November, though the buyer said realistically "
       "December.",
       "2026-12"},
      {"They want it live before the winter shutdown in December, so they'll decide by the "
       "20th.",
       "2026-11-20"},
  };
  assert_values(fx, fx->sales, "decision_timeline", said, sizeof said / sizeof said[0]);
}

/* Decision dates: none when the person says there is no timeline ("No
   timeline. Maybe this year sometime.") or the decision is past. */
static void test_decision_date_none(void **state) {
  fixture *fx = *state;
  static const char *const said[] = {
      "No timeline yet, honestly. She said maybe this year sometime.",
      "Nothing left to decide, the decision was made before the meeting.",
  };
  for (size_t i = 0; i < sizeof said / sizeof said[0]; i++) {
    json_t *u = run(fx, fx->sales, NULL, "decision_timeline", said[i]);
    assert_null(val(u, "decision_timeline"));
    json_decref(u);
  }
}

/* Company: the name traded under ("Self-employed, under the name X"); an
   acronym glossed by the name its capitals spell is that name; a name
   taken back in its sentence ("X, sorry, technically Y") is the later; a
   public body's name ("The X Commission.") drops its article. */
static void test_company_forms(void **state) {
  fixture *fx = *state;
  static const char *const said[][2] = {
      {"Freelance, under the name Blue Heron Design.", "Blue Heron Design"},
      {"Self-employed, trading as Northgate Joinery.", "Northgate Joinery"},
      {"DVLA, the Driver and Vehicle Licensing Agency.", "Driver and Vehicle Licensing Agency"},
      {"WFP, the World Food Programme.", "World Food Programme"},
      {"The Forestry Commission.", "Forestry Commission"},
      {"The Evening Chronicle.", "The Evening Chronicle"},
      {"Riverside Clinic, sorry, technically the Eastvale Health Trust. The clinic was one site.",
       "Eastvale Health Trust"},
  };
  assert_values(fx, fx->work, "company", said, sizeof said / sizeof said[0]);
}

/* Titles in passing: a later title that grows the one on record ("welder"
   asked, then "I was Lead Pipe Welder there by the end") is the promotion. */
static void test_title_promotion_in_passing(void **state) {
  fixture *fx = *state;
  json_t *rec = json_pack("{s:{s:s, s:f}}", "role_title", "value", "Welder", "confidence", 0.85);
  json_t *u = run(fx, fx->work, rec, "company",
                  "Harbour Fabrication Ltd, I was Lead Pipe Welder on nights there by the end.");
  assert_non_null(sval(u, "role_title"));
  assert_string_equal(sval(u, "role_title"), "Lead Pipe Welder");
  char *dump = json_dumps(u, JSON_COMPACT);
  if (!json_is_true(json_object_get(json_object_get(u, "role_title"), "replace")))
    fail_msg("%s", dump);
  free(dump);
  json_decref(u);
  json_decref(rec);
}

/* Titles: a vague answer with no role word ("people person for small
   shops :)") is kept only tentatively, so the title is asked again. */
static void test_title_vague_phrase_tentative(void **state) {
  fixture *fx = *state;
  json_t *u = run(fx, fx->work, NULL, "role_title", "numbers person for small shops :)");
  assert_true(val(u, "role_title") == NULL || conf(u, "role_title") < 0.55);
  json_decref(u);
}

/* Sentiment: the value the person files it under ("Put neutral.", "Overall
   I'd say neutral", "neutral overall, ...", "X... Y really", "X, no wait,
   Y"), else the one they lead with
   ("Neutral - one positive, one skeptical"); "neutral-positive" is its
   head, positive; in passing, a value said as a sentence of its own. */
static void test_sentiment_verdict(void **state) {
  fixture *fx = *state;
  static const char *const said[][2] = {
      {"Positive on the demo, negative on price. Overall I'd say neutral.", "neutral"},
      {"Neutral - the CFO positive, the CIO skeptical.", "neutral"},
      {"Negative leaning neutral.", "negative"},
      {"Positive from the buyer, negative from IT. Put neutral.", "neutral"},
      {"neutral overall, positive from the ops lead", "neutral"},
      {"neutral-positive, one doubter in the room", "positive"},
      /* A value said after a correction of the first, or summed up with
         "really", takes its place. */
      {"negative-ish... positive really, they warmed up", "positive"},
      {"positive, no wait, neutral", "neutral"},
      {"negative sorry neutral", "neutral"},
      {"Neutral, actually positive once they saw the numbers.", "positive"},
      {"they were positive really", "positive"},
  };
  assert_values(fx, fx->sales, "sentiment", said, sizeof said / sizeof said[0]);
  /* Said to another question, a value that is a sentence of its own. */
  json_t *u = run(fx, fx->sales, NULL, "objections", "Neutral. Polite, not excited.");
  assert_non_null(sval(u, "sentiment"));
  assert_string_equal(sval(u, "sentiment"), "neutral");
  json_decref(u);
}

/* Titles in passing: a qualification held ("I'm a qualified first aid
   trainer") is not the job's title. */
static void test_title_not_qualification_in_passing(void **state) {
  fixture *fx = *state;
  json_t *u =
      run(fx, fx->work, NULL, "technical_skills",
          "Safeguarding and manual handling - I'm actually a qualified fire safety trainer.");
  assert_null(val(u, "role_title"));
  json_decref(u);
}

/* Technical skills: a denial in the list names none, and "Go" opening a
   sentence as the verb ("Go with the first title") is no language. */
static void test_skills_denials_and_sentence_verbs(void **state) {
  static const char *const want[] = {"\"Forecasting\"", "\"SQL\"", NULL};
  static const char *const unwanted[] = {"Not a", NULL};
  expect_json(*state, ((fixture *)*state)->work, "technical_skills",
              "Forecasting, SQL, and spreadsheets. Not a data scientist though.", want, unwanted);
  fixture *fx = *state;
  json_t *u = run(fx, fx->work, NULL, "role_title",
                  "Analyst, or maybe Senior Analyst. Go with Senior Analyst.");
  assert_null(val(u, "technical_skills"));
  json_decref(u);
}

/* Products: a word capitalized only because it opens a sentence (an
   adverb, a participle, a step of the sale) or a role is no product. */
static void test_products_not_sentence_openers(void **state) {
  /* A product keeps the word of its kind said with it ("the FieldSync app"). */
  static const char *const want[] = {"\"Lumina Suite\"", "\"FieldSync app\"", NULL};
  static const char *const unwanted[] = {"\"Briefly", "\"Demo\"", "\"SE\"", "\"Still\"", NULL};
  expect_json(*state, ((fixture *)*state)->sales, "products_discussed",
              "Lumina Suite mostly. Briefly the FieldSync app. Demo of reporting next week with "
              "our SE. Still open: the reporting module.",
              want, unwanted);
}

/* Attendee roles: two lower-case words joined by "and" ("quality and
   compliance", "stores and logistics manager"), a role before a dash aside,
   and the function after a title of address. */
static void test_attendee_roles_joined_and_aside(void **state) {
  static const char *const want[] = {
      "\"name\":\"Ravi Menon\",\"role\":\"stores and logistics manager\"",
      "\"name\":\"Lena Park\",\"role\":\"quality and compliance\"",
      "\"name\":\"Ana Ruiz\",\"role\":\"finance\"", NULL};
  expect_json(*state, ((fixture *)*state)->sales, "attendees",
              "Ravi Menon, their stores and logistics manager. Captain Lena Park, quality and "
              "compliance. Ana Ruiz, finance - she joined late.",
              want, NULL);
}

/* Titles: common ones the role words lacked, and a particle inside a
   title keeps its lower case. */
static void test_titles_with_particles(void **state) {
  fixture *fx = *state;
  static const char *const cases[][2] = {
      {"Chef de Partie for the last two years. Commis Chef before.", "Chef de Partie"},
      {"Developer Advocate at first, and by the end Senior Developer Advocate.",
       "Senior Developer Advocate"}};
  for (size_t k = 0; k < sizeof cases / sizeof cases[0]; k++) {
    json_t *u = run(fx, fx->work, NULL, "role_title", cases[k][0]);
    assert_string_equal(json_string_value(val(u, "role_title")), cases[k][1]);
    json_decref(u);
  }
}

/* Tools: two names around a spaced slash, a known tool without what it was
   for, the name an item says something is, a name before "as the ...", and
   no "I'm afraid". */
static void test_tools_item_shapes(void **state) {
  static const char *const want[] = {"\"Gradle\"",  "\"Maven\"",  "\"Trello\"",
                                     "\"Medisys\"", "\"Quorvo\"", NULL};
  static const char *const unwanted[] = {"for planning", "afraid", "Gradle / Maven", NULL};
  expect_json(*state, ((fixture *)*state)->work, "tools_technologies",
              "Gradle / Maven, Trello for planning, our records system is Medisys, Quorvo as the "
              "booking platform, and spreadsheets, I'm afraid.",
              want, unwanted);
}

/* Decision makers: the champion argues for the deal and decides nothing. */
static void test_champion_is_no_decider(void **state) {
  static const char *const want[] = {"\"Alan Moore\"", NULL};
  static const char *const unwanted[] = {"Priya", "champion", NULL};
  expect_json(*state, ((fixture *)*state)->sales, "decision_makers",
              "Alan Moore decides, it's his budget. Priya is our champion.", want, unwanted);
}

/* Timeline: an end counted from the start ("left 18 months later") or said
   from now ("until the end of this month"). */
static void test_timeline_end_counted_from_start(void **state) {
  static const char *const want[] = {"\"start\":\"2020-09\"", "\"end\":\"2022-03\"", NULL};
  expect_json(*state, ((fixture *)*state)->work, "timeline",
              "I started in September 2020 and left 18 months later.", want, NULL);
  static const char *const want2[] = {"\"start\":\"2014\"", "\"end\":\"2017\"", NULL};
  expect_json(*state, ((fixture *)*state)->work, "timeline",
              "Joined in 2014, moved on three years later.", want2, NULL);
  /* An end said from now: "until the end of this month" (meeting in October 2026). */
  static const char *const want3[] = {"\"end\":\"2026-10\"", NULL};
  expect_json(*state, ((fixture *)*state)->work, "timeline",
              "I started in May 2018 and I'm there until the end of this month.", want3, NULL);
}

/* Objections: a definite noun said as a clause of its own ("The crash,
   obviously.") names the concern. */
static void test_objection_definite_noun(void **state) {
  static const char *const want[] = {"\"The flicker\"", "\"the wording\"", NULL};
  static const char *const unwanted[] = {"obviously", NULL};
  expect_json(*state, ((fixture *)*state)->sales, "objections",
              "The flicker, obviously. And the wording.", want, unwanted);
}

/* Decision makers: no one said to be an influencer or "not a decider", and
   no role said of "he" or "she" after the person is named. */
static void test_decision_makers_denied_and_pronoun_roles(void **state) {
  static const char *const want[] = {"\"Priya Raman\"", "\"Odalys Quintero\"", NULL};
  static const char *const unwanted[] = {"Daniel Osei", "\"founder\"", NULL};
  expect_json(*state, ((fixture *)*state)->sales, "decision_makers",
              "Priya signs. But she'll want their chairman, Odalys Quintero, to bless it, she's "
              "the founder. Daniel Osei is an influencer, not a decider.",
              want, unwanted);
}

/* Objections: an acronym said as a clause of its own ("SSO, as said."), a
   name after a comma kept with the clause it names, and none of the
   seller's own notes ("I wasn't sure", "need to check"). */
static void test_objection_names_and_own_notes(void **state) {
  static const char *const want[] = {"\"SSO\"", "their current ledger tool, Ledgerly\"", NULL};
  static const char *const unwanted[] = {"as said", "wasn't sure", "\"to check\"", NULL};
  expect_json(*state, ((fixture *)*state)->sales, "objections",
              "SSO, as said. And the controller asked whether it syncs with their current "
              "ledger tool, Ledgerly, I wasn't sure, need to check.",
              want, unwanted);
}

/* Soft skills: an answer that denies any ("its a solo job, i didnt manage
   anyone", "Don't really do the people side") names none. */
static void test_soft_skills_denied(void **state) {
  fixture *fx = *state;
  static const char *const answers[] = {
      "its a solo job mostly, i didnt manage or train anyone",
      "Don't really do the people side. I just get on with my work. Not something I'd put down.",
      NULL};
  for (size_t k = 0; answers[k]; k++) {
    json_t *u = run(fx, fx->work, NULL, "soft_skills", answers[k]);
    assert_null(val(u, "soft_skills"));
    json_decref(u);
  }
}

/* Round 7: soft skills in the person's words, short or long. */
static void test_soft_skills_round7(void **state) {
  fixture *fx = *state;
  json_t *u = run(fx, fx->work, NULL, "soft_skills",
                  "Mentoring, mostly through pairing. And I spent months convincing the finance "
                  "director that a smaller pilot with two depots would tell us more than a "
                  "national rollout would.");
  const json_t *v = val(u, "soft_skills");
  assert_true(has(v, "Mentoring"));
  char *dump = json_dumps(v, JSON_COMPACT);
  assert_non_null(strstr(dump, "convincing the finance director"));
  free(dump);
  json_decref(u);
}

/* A second lexicon's word inside a name the first knows is that name:
   "BI" in "Power BI" is no business intelligence; "Weights & Biases" is
   one name. */
static void test_tools_inner_word(void **state) {
  static const char *const want[] = {"\"Power BI\"", "\"Excel\"", NULL};
  static const char *const unwanted[] = {"business intelligence", NULL};
  expect_json(*state, ((fixture *)*state)->work, "tools_technologies",
              "Power BI for reporting and Excel.", want, unwanted);
  /* "&" between two capitalized words joins one tool's name. */
  static const char *const joined[] = {"\"Pine & Alder\"", NULL};
  static const char *const halves[] = {"\"Pine\"", "\"Alder\"", NULL};
  expect_json(*state, ((fixture *)*state)->work, "tools_technologies",
              "PyTorch, Pine & Alder, and DVC.", joined, halves);
}

/* "Nothing really, ... Some PowerPoint.": a known name said after a denial
   is said; office tools are tools. */
static void test_tools_after_denial(void **state) {
  static const char *const want[] = {"\"PowerPoint\"", "\"Outlook\"", NULL};
  expect_json(*state, ((fixture *)*state)->work, "tools_technologies",
              "Nothing really, a whiteboard and flashcards. Some PowerPoint and Outlook.", want,
              NULL);
  /* A clause that says a name ("everything is Xero") gives the name. */
  static const char *const named[] = {"\"Xero\"", NULL};
  static const char *const clause[] = {"everything is", NULL};
  expect_json(*state, ((fixture *)*state)->work, "tools_technologies",
              "Dext for receipts, everything is Xero.", named, clause);
  json_t *u = run(*state, ((fixture *)*state)->work, NULL, "tools_technologies",
                  "Nothing really, it was all on paper.");
  assert_null(val(u, "tools_technologies"));
  json_decref(u);
}

/* A pronoun or an adverb of frequency left of a list item names no tool. */
static void test_tools_leftover_words(void **state) {
  fixture *fx = *state;
  json_t *u = run(fx, fx->work, NULL, "tools_technologies",
                  "Planview, a lot of it. Whiteboards, sometimes in workshops.");
  const json_t *v = val(u, "tools_technologies");
  bool named_only = has(v, "Planview") && !has(v, "it") && !has(v, "sometimes");
  json_decref(u);
  assert_true(named_only);
}

/* A soft skill is a way of working with people: a cue that stops at an
   article ("owned the", "led the") and goes on to a system or project names
   none; a cue that names its people ("led the team") still counts. */
/* True when text, given as the answer to the tools question, yields the
   soft skill item. */
static bool soft_skill_by_the_way(fixture *fx, const char *text, const char *item) {
  json_t *u = run(fx, fx->work, NULL, "tools_technologies", text);
  bool found = has(val(u, "soft_skills"), item);
  json_decref(u);
  return found;
}

static void test_soft_skill_not_verb_and_article(void **state) {
  fixture *fx = *state;
  const char *said = "I owned the billing service and led the rewrite, mostly Kafka and Postgres.";
  assert_false(soft_skill_by_the_way(fx, said, "owned the"));
  assert_false(soft_skill_by_the_way(fx, said, "led the"));
  assert_true(soft_skill_by_the_way(
      fx, "Mostly Kafka and Postgres, and I led the team through the cutover.", "led the team"));
}

/* An answer to the team question that only says a title at an employer,
   with no word about a team, is the title's and the employer's; one that
   speaks of the team stays the team's. */
static bool kept_as_team(fixture *fx, const char *text) {
  json_t *u = run(fx, fx->work, NULL, "team_context", text);
  bool kept = val(u, "team_context") != NULL;
  json_decref(u);
  return kept;
}

static void test_team_context_not_title_at_employer(void **state) {
  fixture *fx = *state;
  const char *titled = "I was a payroll specialist at Brightwater Foods, a frozen food maker.";
  json_t *u = run(fx, fx->work, NULL, "team_context", titled);
  assert_non_null(strstr(sval(u, "role_title"), "Payroll Specialist"));
  assert_string_equal(sval(u, "company"), "Brightwater Foods");
  json_decref(u);
  assert_false(kept_as_team(fx, titled));
  assert_true(
      kept_as_team(fx, "I was a payroll specialist at Brightwater Foods, in a team of four."));
  assert_true(kept_as_team(
      fx, "I was the only accountant at Brightwater Foods and reported to the owner."));
  /* Nor is one that names tools and no team or count. */
  assert_false(kept_as_team(fx, "the booking system was called Opera on the intranet, and excel"));
  assert_true(kept_as_team(fx, "me, two nurses and a porter"));
}

/* Each said[i][0], answered to "timeline", gives start said[i][1] and end
   said[i][2]. */
static void assert_timelines(fixture *fx, const char *const said[][3], size_t n) {
  for (size_t i = 0; i < n; i++) {
    json_t *u = run(fx, fx->work, NULL, "timeline", said[i][0]);
    const json_t *tl = val(u, "timeline");
    assert_non_null(json_string_value(json_object_get(tl, "start")));
    assert_non_null(json_string_value(json_object_get(tl, "end")));
    assert_string_equal(json_string_value(json_object_get(tl, "start")), said[i][1]);
    assert_string_equal(json_string_value(json_object_get(tl, "end")), said[i][2]);
    json_decref(u);
  }
}

/* A job's end or start said back from now: "N months ago", "at the end of
   last year", "until this <month>", "joined N years ago, in <month>"
   (reference 2026-10-06). */
static void test_timeline_end_from_now(void **state) {
  fixture *fx = *state;
  static const char *const said[][3] = {
      {"I joined in March 2019 and left four months ago for a startup.", "2019-03", "2026-06"},
      {"Started in June 2017, and I retired at the end of last year.", "2017-06", "2025-12"},
      {"From May 2016 until this February, then I went back to school.", "2016-05", "2026-02"},
      {"Since April 2020, and I'm still there.", "2020-04", "present"},
      {"I joined four years ago, in May, and I'm still there.", "2022-05", "present"},
      {"I started in February three years ago and I'm still with them.", "2023-02", "present"},
      /* Typed short. */
      {"started jan 2015, left 3 yrs ago", "2015-01", "2023"},
      {"joined 18 mths ago, still there", "2025-04", "present"},
      {"Started in June 2019 and quit 1 yr ago.", "2019-06", "2025"},
      {"began in 2016, finished 6 mos ago", "2016", "2026"},
  };
  assert_timelines(fx, said, sizeof said / sizeof said[0]);
}

/* A job's range said out of order or in spoken forms: the end said before
   the start, "<month> of <year>", "<month> <yy> to <month> <yy>", a
   holiday of a year, "last <season>",
   and only the end with the length served (reference 2026-10-06). */
static void test_timeline_spoken_forms(void **state) {
  fixture *fx = *state;
  static const char *const said[][3] = {
      {"I left in March 2024, so I'd have started in 2019.", "2019", "2024-03"},
      {"From Feb 2020 until Nov of 2023.", "2020-02", "2023-11"},
      {"Started May 2019 and finished just before Christmas 2023.", "2019-05", "2023-12"},
      {"I joined in the spring of 2020 and stayed until last summer.", "2020", "2026"},
      {"Five years in total. I left in 2023.", "2018", "2023"},
      {"About three and a half years. I left in the spring of 2024.", "2021", "2024"},
      {"Started in spring 2018, May I think, and left in June 2022.", "2018-05", "2022-06"},
      {"october 17 to march 22, roughly", "2017-10", "2022-03"},
  };
  assert_timelines(fx, said, sizeof said / sizeof said[0]);
}

/* Which dates make the range (reference 2026-10-06): a date said again
   after a correction cue confirms it, so the cue takes back nothing after
   it; still in the job, a date still to come is no end; of several spans,
   the one the person says to record is the range; a new sentence opening
   "No, <date>" corrects the date before; "no wait, <month>" its month. */
static void test_timeline_which_dates(void **state) {
  static const char *const said[][3] = {
      {"I started in May 2018, no wait, I was hired in April and began in May 2018, and left in "
       "June 2023.",
       "2018-05", "2023-06"},
      {"Since March 2021 and I'm still there; my fixed-term contract runs to 2028.", "2021-03",
       "present"},
      {"contracting from 2017, staff from may 2019 and i left in june 2023. on the cv put may 2019 "
       "to june 2023",
       "2019-05", "2023-06"},
      {"Started Feb 2021. No, Oct 2020, I did the training first. Still there.", "2020-10",
       "present"},
      {"Since May 2020, no wait, April. In May I was still on probation. Still there.", "2020-04",
       "present"},
  };
  assert_timelines(*state, said, sizeof said / sizeof said[0]);
}

/* One vendor, one item: a known vendor's name opening a longer product
   name is that product, and a possessive names the vendor. */
static void test_competitors_one_item_per_vendor(void **state) {
  static const char *const want[] = {"\"Siemens Opcenter\"", "\"Fiserv\"", NULL};
  static const char *const unwanted[] = {"\"Siemens\"", "Fiserv's", NULL};
  expect_json(*state, ((fixture *)*state)->sales, "competitors",
              "They have an offer from Siemens Opcenter, and the incumbent is Fiserv's lending "
              "module.",
              want, unwanted);
}

/* A rival is no product of ours: names read as competitors in the same
   answer, and an owner's possessive, stay out of products_discussed. Our
   own product named next to a rival ("cheaper than our X") is a product,
   never a competitor; a place or a role of ours is neither. */
static void test_products_not_rivals(void **state) {
  static const char *const answers[][3] = {
      {"objections", "They're currently using Geotab, and Samsara pitched them last month.", NULL},
      {"competitors", "The incumbent is Acme's dispatch tool, and Fleetly pitched them too.", NULL},
      {"objections", "Samsara came in cheaper than our Route Planner add-on.", "Route Planner"},
      {"competitors", "Our CTO says our Tokyo office knows them, and our SE Jonas met Motive.",
       NULL},
  };
  for (size_t i = 0; i < DBF_ARRAY_LEN(answers); i++) {
    json_t *u = run(*state, ((fixture *)*state)->sales, NULL, answers[i][0], answers[i][1]);
    const json_t *p = val(u, "products_discussed");
    const char *ours = answers[i][2];
    if (ours ? !has(p, ours) || has(val(u, "competitors"), ours) : p != NULL)
      fail_msg("products from \"%s\"", answers[i][1]);
    json_decref(u);
  }
}

/* A bare list of names, one of them a product the record already holds,
   lists our products, whatever was asked: none of them is a rival. */
static void test_products_listed_with_one_of_ours(void **state) {
  fixture *fx = *state;
  json_t *rec = json_pack("{s:{s:[s], s:f}}", "products_discussed", "value", "Route Planner",
                          "confidence", 0.5);
  static const char *const asked[] = {"competitors", "budget"};
  for (size_t i = 0; i < DBF_ARRAY_LEN(asked); i++) {
    json_t *u = run(fx, fx->sales, rec, asked[i], "Route Planner and the Yard Manager.");
    assert_true(has(val(u, "products_discussed"), "Yard Manager"));
    assert_null(val(u, "competitors"));
    json_decref(u);
  }
  json_t *u = run(fx, fx->sales, rec, "competitors", "Samsara, Motive and Geotab.");
  assert_int_equal(json_array_size(val(u, "competitors")), 3);
  json_decref(u);
  json_decref(rec);
}

/* The record after two answers to field, each merged in turn. */
static json_t *record_after(fixture *fx, const char *field, const char *first, const char *second) {
  json_t *rec = json_object();
  const char *answers[] = {first, second};
  const dbf_template *tpl = dbf_template_field_find(fx->sales, field) ? fx->sales : fx->work;
  for (size_t i = 0; i < DBF_ARRAY_LEN(answers); i++) {
    json_t *u = run(fx, tpl, rec, field, answers[i]);
    assert_int_equal(dbf_record_merge(tpl, rec, u, NULL), DBF_OK);
    json_decref(u);
  }
  return rec;
}

/* One vendor, one item across answers too: a product name said later
   ("FraudShield Pro") takes the place of its vendor's shorter name. */
static void test_competitors_merge_longer_name(void **state) {
  json_t *rec = record_after(*state, "competitors", "FraudShield came in around $1.6M.",
                             "FraudShield Pro won it, over Featurespace.");
  const json_t *c = json_object_get(json_object_get(rec, "competitors"), "value");
  assert_int_equal(json_array_size(c), 2);
  assert_true(has(c, "FraudShield Pro"));
  assert_true(has(c, "Featurespace"));
  json_decref(rec);
}

/* An answer read for both skills and tools (given to another question):
   each item goes to the list whose own lexicon knows it, never to both. */
static void test_skills_tools_not_both(void **state) {
  static const char *const answers[][2] = {
      {"Snowflake, Fivetran and dbt.", "tools_technologies"},
      {"Python, Go and data modeling.", "technical_skills"},
  };
  fixture *fx = *state;
  for (size_t i = 0; i < DBF_ARRAY_LEN(answers); i++) {
    json_t *u = run(fx, fx->work, NULL, "team_context", answers[i][0]);
    bool tools = strcmp(answers[i][1], "tools_technologies") == 0;
    assert_int_equal(json_array_size(val(u, answers[i][1])), 3);
    assert_null(val(u, tools ? "technical_skills" : "tools_technologies"));
    json_decref(u);
  }
}

/* A one-letter language name (R, C) is a word of its own, not the letter
   of "R&D" or "P&L" or the grade after a capitalized word ("Series C"). */
static void test_one_letter_skill_not_in_compound(void **state) {
  fixture *fx = *state;
  json_t *u = run(fx, fx->work, NULL, "team_context",
                  "I worked closely with sales, R&D and the P&L owners, and we raised our "
                  "Series C in 2021.");
  assert_null(val(u, "technical_skills"));
  json_decref(u);
  u = run(fx, fx->work, NULL, "team_context", "Four analysts. We used SQL and R. Some C too.");
  assert_true(has(val(u, "technical_skills"), "R"));
  assert_true(has(val(u, "technical_skills"), "C"));
  json_decref(u);
}

/* One person, one item: a first name said in one answer and the full name
   in a later one are that one person. */
static void test_decision_makers_one_per_name(void **state) {
  json_t *rec = record_after(*state, "decision_makers", "Siobhan has the final say.",
                             "Siobhan Kelly signs, with Brendan O'Sullivan.");
  const json_t *d = json_object_get(json_object_get(rec, "decision_makers"), "value");
  assert_false(has(d, "Siobhan"));
  assert_true(has(d, "Siobhan Kelly"));
  json_decref(rec);
}

/* A role that only says who a named person is ("the exec producer (Tom
   Becker)", "Mrs. Hofer-Brandl, the managing director") or a word inside a
   deciding group ("executive" in "the executive committee") is no second
   decision maker, nor is a nickname given after the full name; a role
   said alone still is. */
static void test_decision_makers_role_of_named(void **state) {
  static const char *const cases[][3] = {
      {"Dana decides, the exec producer (Tom Becker) signs.", "exec producer", "Tom Becker"},
      {"Leitner signs, but that's Mrs. Hofer-Brandl, the managing director.", "managing director",
       "Hofer-Brandl"},
      {"The executive committee approves it, and the Site Head signs off.", "executive",
       "Site Head"},
      /* A nickname given after the full name is that person. */
      {"Margaret Olsen, everyone calls her Maggie. Maggie signs off.", "Maggie", "Margaret Olsen"},
      {"Robert Lim decides, he goes by Bob. Bob has the final say.", "Bob", "Robert Lim"},
  };
  for (size_t i = 0; i < DBF_ARRAY_LEN(cases); i++) {
    json_t *u = run(*state, ((fixture *)*state)->sales, NULL, "decision_makers", cases[i][0]);
    const json_t *d = val(u, "decision_makers");
    if (has(d, cases[i][1]) || !has(d, cases[i][2]))
      fail_msg("decision makers from \"%s\"", cases[i][0]);
    json_decref(u);
  }
}

/* A name that only says what kind of people, firm or data it is ("their
   IT people", "their SIS vendor", "a Warsaw firm") names no vendor and no
   product. */
static void test_name_as_kind_is_no_vendor(void **state) {
  /* And an acronym no vendor lexicon knows that qualifies a noun ("AML
     alerts") or follows an article and a lower-case word ("an open-source
     LIMS") is a kind of system. */
  static const char *const want[] = {"\"Motive\"",  "\"Datanova\"", "\"Edulink\"",
                                     "\"SENAITE\"", "\"Napier\"",   NULL};
  static const char *const unwanted[] = {"\"IT\"",   "Warsaw",  "\"SIS\"",
                                         "\"LIMS\"", "\"AML\"", NULL};
  expect_json(
      *state, ((fixture *)*state)->sales, "competitors",
      "Their IT people prefer Motive, and some local Warsaw firm, Datanova, also bid. They "
      "looked at the add-on from their SIS vendor, Edulink. Stefan would replace us with an "
      "open-source LIMS, he mentioned SENAITE. They have demos booked with Napier for AML alerts.",
      want, unwanted);
  json_t *u = run(*state, ((fixture *)*state)->sales, NULL, "objections",
                  "They want pricing for the add-on from their SIS vendor.");
  assert_null(val(u, "products_discussed"));
  json_decref(u);
}

/* For each {answer, item} given to asked: field holds item, or, with a
   NULL item, stays empty. */
static void expect_items(void **state, const char *asked, const char *field,
                         const char *const (*answers)[2], size_t n) {
  for (size_t i = 0; i < n; i++) {
    json_t *u = run(*state, ((fixture *)*state)->work, NULL, asked, answers[i][0]);
    const json_t *v = val(u, field);
    if (answers[i][1] ? !has(v, answers[i][1]) : v != NULL)
      fail_msg("%s from \"%s\"", field, answers[i][0]);
    json_decref(u);
  }
}

/* An ordinary English word that is also a tool's name (chef, spring,
   rest, make, segment, vault, box) names the tool only as written so. */
static void test_tool_names_that_are_words(void **state) {
  static const char *const answers[][2] = {
      {"As head chef, every spring we'd rest the kitchen for a week, make a new menu, segment "
       "the regulars and box up the old stock in the vault.",
       NULL},
      {"I ran the Chef cookbooks and the Vault secrets.", "Chef"},
      {"I ran the Chef cookbooks and the Vault secrets.", "Vault"},
  };
  expect_items(state, "responsibilities", "tools_technologies", answers, DBF_ARRAY_LEN(answers));
}

/* Answered to asked, field holds exactly the n names (NULL-terminated). */
static void expect_exactly(void **state, const dbf_template *tpl, const char *asked,
                           const char *field, const char *text, const char *const *names) {
  json_t *u = run(*state, tpl, NULL, asked, text);
  const json_t *v = val(u, field);
  size_t n = 0;
  for (; names[n]; n++)
    if (!has(v, names[n]))
      fail_msg("%s: no %s", field, names[n]);
  assert_int_equal(json_array_size(v), n);
  json_decref(u);
}

/* A hyphenated word ("X-ray", "body-worn") is one word of an item no
   lexicon knows when its length is weighed. */
static void test_list_item_hyphenated_word(void **state) {
  static const char *const names[] = {"Handheld scanners", "mobile container X-ray units",
                                      "Carestream digital X-ray sensors", NULL};
  expect_exactly(state, ((fixture *)*state)->work, "tools_technologies", "tools_technologies",
                 "Handheld scanners, the mobile container X-ray units, and Carestream digital "
                 "X-ray sensors.",
                 names);
}

/* A filler adverb before or after a list item ("obviously", "honestly",
   "of course", "a little") is no part of the name. */
static void test_list_item_filler_adverbs(void **state) {
  static const char *const names[] = {"PostgreSQL", "Grafana", "Docker", "After Effects", NULL};
  expect_exactly(state, ((fixture *)*state)->work, "tools_technologies", "tools_technologies",
                 "PostgreSQL obviously, honestly Grafana, of course Docker, and a little After "
                 "Effects.",
                 names);
  /* A remark that closes or pads the list is no item, nor is a label no
     lexicon knows before a colon. */
  static const char *const closed[] = {"OneTrust", "SharePoint", NULL};
  expect_exactly(state, ((fixture *)*state)->work, "tools_technologies", "tools_technologies",
                 "Systems: OneTrust, SharePoint. That's about it, honestly.", closed);
}

/* In passing, a skill word that qualifies the noun after it ("the pricing
   team", "an accounting practice") names the kind of team or place, and
   one before a role word is part of a title ("Analytics Engineer"), not a
   skill; said as a skill it still is one. */
static void test_skill_word_qualifying_noun(void **state) {
  static const char *const answers[][2] = {
      {"I ran the pricing team at an accounting practice next to a nursing home.", NULL},
      {"I was the Analytics Engineer, then Procurement Lead, then Embedded Software Engineer.",
       NULL},
      {"Day to day I did pricing and accounting for the clinics.", "pricing"},
  };
  expect_items(state, "achievements", "technical_skills", answers, DBF_ARRAY_LEN(answers));
}

/* When answers' lists of names join, an item whose words stand inside a
   longer item ("NetSuite", then "Oracle NetSuite") is that item; a short
   name ("SQL" next to "SQL Server") stays its own. */
static void test_tools_merge_name_inside_longer(void **state) {
  json_t *rec = record_after(*state, "tools_technologies", "NetSuite and SQL, mostly.",
                             "Oracle NetSuite, SQL Server and Excel.");
  static const char *const kept[] = {"Oracle NetSuite", "SQL", "SQL Server", "Excel"};
  const json_t *tools = json_object_get(json_object_get(rec, "tools_technologies"), "value");
  assert_int_equal(json_array_size(tools), DBF_ARRAY_LEN(kept));
  for (size_t i = 0; i < DBF_ARRAY_LEN(kept); i++)
    if (!has(tools, kept[i]))
      fail_msg("no %s", kept[i]);
  json_decref(rec);
}

/* A weekday, a month, a currency code or a place after "in" names no
   product of ours, as it names no vendor. */
static void test_products_not_dates_or_codes(void **state) {
  static const char *const names[] = {"Yard Manager", NULL};
  expect_exactly(state, ((fixture *)*state)->sales, "objections", "products_discussed",
                 "They liked the Yard Manager module, but the Friday demo with AUD pricing was "
                 "shaky.",
                 names);
}

/* Asked for products, a denial ("no demo", "we didn't get into modules"),
   a comment on the item before ("which flopped") or an adverb ("briefly")
   names no product. */
static void test_products_not_comments(void **state) {
  static const char *const names[] = {"member app", "relay analytics", NULL};
  expect_exactly(state, ((fixture *)*state)->sales, "products_discussed", "products_discussed",
                 "the member app, which flopped, and relay analytics, briefly. We didn't get "
                 "into modules, no demo.",
                 names);
}

/* A product's name joined by "&" ("Track & Trace") is one name; known
   tools joined by "&" stay two. */
static void test_products_ampersand_name(void **state) {
  static const char *const names[] = {"LineView OEE", "Track & Trace connector", NULL};
  expect_exactly(state, ((fixture *)*state)->sales, "products_discussed", "products_discussed",
                 "LineView OEE and the Track & Trace connector.", names);
  static const char *const tools[] = {"Excel", "PowerPoint", "Asana", NULL};
  expect_exactly(state, ((fixture *)*state)->work, "tools_technologies", "tools_technologies",
                 "Excel & PowerPoint, and Asana.", tools);
}

/* Vendors in more forms: the one they were on before ("they were on
   rezdy before", "were using fleetio"), an acronym's possessive ("KLA's
   module"), a second lower-case name after "and"/"or". */
static void test_competitors_cue_forms(void **state) {
  static const char *const answers[][2] = {
      {"they were on rezdy before, thats who were replacing", "Rezdy"},
      {"honestly they were using fleetio until march", "Fleetio"},
      /* An acronym with a possessive names a firm, not a term. */
      {"They tested KLA's software module, and the POC went well.", "KLA"},
      /* Typed in lower case, a second name after "and" that ends the clause. */
      {"they looked at archisnapper and harvest, didnt like either", "Harvest"},
      {"theyre looking at givebase or bloomerang.", "Bloomerang"},
      /* A one-word sentence names a vendor, unless it says how ("Cheaper"). */
      {"Grantly.", "Grantly"},
  };
  for (size_t i = 0; i < DBF_ARRAY_LEN(answers); i++) {
    json_t *u = run(*state, ((fixture *)*state)->sales, NULL, "competitors", answers[i][0]);
    if (!has(val(u, "competitors"), answers[i][1]))
      fail_msg("no %s in \"%s\"", answers[i][1], answers[i][0]);
    json_decref(u);
  }
}

/* A role ends before the words that bring in the name ("an architect
   called Maja") and before the next numbered item ("engineer 2. Kevin"). */
static void test_attendee_role_ends_before_name_or_number(void **state) {
  static const char *const want[] = {"\"role\":\"architect\"",
                                     "\"role\":\"director of process engineering\"",
                                     "\"role\":\"AOI equipment engineer\"", NULL};
  static const char *const unwanted[] = {"called", "engineering 2", "engineer 3", NULL};
  expect_json(*state, ((fixture *)*state)->sales, "attendees",
              "1. Dr. Wei-Ting Chen, director of process engineering 2. Kevin Lin, AOI equipment "
              "engineer 3. Ms. Huang from IT security. Also an architect called Maja.",
              want, unwanted);
}

/* A sentence of one generic word ("Cheaper, but no client portal.") names
   no vendor, nor does a weekday that a vendor shares its name with. */
static void test_competitors_generic_word_alone(void **state) {
  static const char *const want[] = {"\"Guardtrek\"", NULL};
  static const char *const unwanted[] = {"Cheaper", "onday", NULL};
  expect_json(*state, ((fixture *)*state)->sales, "competitors",
              "They're comparing us to Guardtrek. Cheaper, but no client portal. They want the "
              "quote by monday, and the demo from us on Monday.",
              want, unwanted);
  /* The generic "in-house build" gives way to the in-house thing named. */
  static const char *const in_house[] = {"in-house model", NULL};
  expect_exactly(state, ((fixture *)*state)->sales, "competitors", "competitors",
                 "There's an in-house model from their own AI team. The in-house one is the "
                 "real alternative, they might build it.",
                 in_house);
}

/* Runs an attendees answer and checks names and roles: pairs of a name
   and its role, "*" for any role, "-" for a name that must be absent. */
static void expect_roles_in(fixture *fx, const json_t *rec, const char *text,
                            const char *const *pairs) {
  json_t *u = run(fx, fx->sales, rec, "attendees", text);
  const json_t *a = val(u, "attendees");
  for (size_t k = 0; pairs[k]; k += 2) {
    const char *r = role_of(a, pairs[k]);
    if (strcmp(pairs[k + 1], "-") == 0)
      assert_null(r);
    else if (strcmp(pairs[k + 1], "*") == 0)
      assert_non_null(r);
    else
      assert_string_equal(r, pairs[k + 1]);
  }
  json_decref(u);
}

static void expect_roles(fixture *fx, const char *text, const char *const *pairs) {
  expect_roles_in(fx, NULL, text, pairs);
}

/* Round 12: a form of address in any language before a name ("Madam",
   "Khun", "pani", "Ibu", "Engineer" opening an item) is neither part of the
   name nor the person's role; the role said after the name is. */
static void test_attendee_forms_of_address(void **state) {
  fixture *fx = *state;
  static const char *const madam[] = {"Efua Mensah", "chief accountant", "Tobias Lind", "*", NULL};
  expect_roles(fx, "Madam Efua Mensah the chief accountant, plus Mister Tobias Lind", madam);
  static const char *const khun[] = {"Anong Srisuk", "*", "Porntip", "*",
                                     "Khun Porntip", "-", NULL};
  expect_roles(fx, "khun Anong Srisuk (procurement) and Khun Porntip, who heads the spa", khun);
  static const char *const others[] = {
      "Joanna", "legal", "Marek Wolski", "IT manager", "Sari Wulandari", "finance director", NULL};
  expect_roles(fx,
               "pani Joanna from legal, pan Marek Wolski the IT manager, and Ibu Sari Wulandari "
               "the finance director",
               others);
  /* A profession as a form of address gives way to the role after the
     name; inside a role ("Chief Engineer") it stays the role. */
  static const char *const prof[] = {
      "Tariq Mansour", "site manager",   "Ines Varga", "head of pathology",
      "Omar Saleh",    "Chief Engineer", NULL};
  expect_roles(fx,
               "Engineer Tariq Mansour the site manager he runs both kilns, Doctor Ines Varga, "
               "head of pathology, and Chief Engineer Omar Saleh",
               prof);
  /* Capitalized too: "Pak Budi Santoso", "Seu Joaquim". */
  json_t *u = run(fx, fx->sales, NULL, "decision_makers",
                  "Pak Budi Santoso signed it, and Seu Joaquim Ferreira approves the budget");
  assert_true(has(val(u, "decision_makers"), "Budi Santoso") &&
              has(val(u, "decision_makers"), "Joaquim Ferreira") &&
              !has(val(u, "decision_makers"), "Pak Budi Santoso"));
  json_decref(u);
  /* A capitalized "Pan" is a given name. */
  static const char *const pan[] = {"Pan Wei", "*", NULL};
  expect_roles(fx, "Pan Wei, their CFO", pan);
}

/* Round 12: the role said after a name in any of the ways people say it
   ("who is head of X", a bare "electrical superintendent", "transport in
   charge", after "sir" or "ji"), and never a role before that holds the
   previous person's name. */
static void test_attendee_role_after_name_forms(void **state) {
  static const struct {
    const char *text;
    const char *pairs[9]; /* name, role; "" for none */
  } said[] = {
      {"Yusuf Demir night shift supervisor. Lena Vogt stores in charge, and Ana Lima brought the "
       "engineer",
       {"Yusuf Demir", "night shift supervisor", "Lena Vogt", "stores in charge", "Ana Lima", ""}},
      {"chief nurse Hanna Kowal, Mirela Pop who is head of the billing department, and Jonas "
       "Berg who is their lead architect",
       {"Jonas Berg", "lead architect", "Mirela Pop", "head of the billing department"}},
      {"Ravi ji from finance, Ahmet bey who is plant manager, Ayse hanim from purchasing",
       {"Ravi", "finance", "Ahmet", "plant manager", "Ayse", "purchasing"}},
      /* "..., he is the IT head", "..., she's Operations Director"; a role
         ends where the person's coming and going begins ("joined"). */
      {"Mr. Ravi Menon, he is the IT head. Ms. Lucia Ferri, she's Operations Director. Jonas "
       "Berg the plant manager joined for ten minutes",
       {"Ravi Menon", "IT head", "Lucia Ferri", "Operations Director", "Jonas Berg",
        "plant manager"}},
      /* A department that starts with a determiner's letters ("a", "an",
         "my", "the") is still the role. */
      {"Tom from admin, Maren from accounts, Raj from analytics",
       {"Tom", "admin", "Maren", "accounts", "Raj", "analytics"}},
  };
  for (size_t k = 0; k < sizeof said / sizeof said[0]; k++)
    expect_roles(*state, said[k].text, said[k].pairs);
}

/* Round 12: a name typed without its accents is the accented name the
   session knows ("ines" is Inés Calvo, "Jose" is José), and a given name
   written with accents is a given name ("Lucía", "Zoé", "Renée");
   "something" after a given name stands for a surname not caught. */
static void test_people_names_without_accents(void **state) {
  fixture *fx = *state;
  json_t *rec = json_pack("{s:{s:[s,s]}}", "decision_makers", "value", "Inés Calvo", "José Ortega");
  static const char *const known[] = {"Inés Calvo", "*", "José Ortega", "*", "Ines", "-", NULL};
  expect_roles_in(fx, rec, "ines + jose, and a new finance person", known);
  json_t *u = run(fx, fx->sales, rec, "decision_makers", "Ines decides, with Jose Ortega's ok");
  assert_true(has(val(u, "decision_makers"), "Inés Calvo") &&
              !has(val(u, "decision_makers"), "Ines"));
  json_decref(u);
  json_decref(rec);
  static const char *const accented[] = {
      "Lucía", "finance controller", "Zoé", "legal", "Renée", "*", NULL};
  expect_roles(fx, "Lucía something, finance controller; Zoé from legal; and Renée, who sat in",
               accented);
}

/* Round 12: a rival's name spelled any way a firm spells it ("Keltech
   Solutions" is no nationality, "DKWerke", "iControl", "xPlan" are names
   at a sentence's start), named after "an offer from" a kind of firm, and
   never the firm of someone who sat in the meeting. */
static void test_competitor_name_spellings(void **state) {
  fixture *fx = *state;
  static const char *const spelled[] = {"\"Keltech Solutions\"", "\"Voltreg Zürich\"", NULL};
  static const char *const not_firms[] = {"\"Dutch\"", NULL};
  expect_json(fx, fx->sales, "competitors",
              "A Dutch outfit came by. Keltech Solutions quoted them lower, and they hold an offer "
              "from a regional integrator, Voltreg Zürich, hardware only.",
              spelled, not_firms);
  static const char *const mixed[] = {"\"DKWerke\"", "\"iControl\"", "\"xPlan\"", NULL};
  expect_json(fx, fx->sales, "competitors",
              "DKWerke want to bid on it. iControl also pitched. xPlan and us are the last two.",
              mixed, NULL);
  json_t *rec = json_pack("{s:{s:[{s:s,s:s}]}}", "attendees", "value", "name", "Lotte Brink",
                          "company", "Norvik Partners");
  json_t *u = run(fx, fx->sales, rec, "competitors",
                  "Norvik pitched them its own portal, FleetDesk, and they still run Trackwise.");
  assert_true(has(val(u, "competitors"), "FleetDesk") && has(val(u, "competitors"), "Trackwise") &&
              !has(val(u, "competitors"), "Norvik"));
  json_decref(u);
  json_decref(rec);
}

/* Round 12: a lead-in verb that is negated ("did not want", "dont want",
   "doesn't need") is the objection itself and keeps who said it and the
   topic before it; a plain "they want" is still dropped. */
static void test_objection_negated_leadin(void **state) {
  static const char *const want[] = {
      "\"drivers did not want yet another app\"", "their union doesn't want cameras in the cab",
      "security - they don't want patient data in any cloud", "\"net 60 terms\"", NULL};
  static const char *const unwanted[] = {"\"yet another app\"", "\"cameras in the cab\"", NULL};
  expect_json(*state, ((fixture *)*state)->sales, "objections",
              "the drivers did not want yet another app. their union doesnt want cameras in the "
              "cab + pharmacists dont want alerts. security - they don't want patient data in any "
              "cloud. they want net 60 terms.",
              want, unwanted);
}

/* Round 12: typed in lower case, a known person's surname with an
   honorific or a Japanese suffix is that person ("kobayashi-san", "dr
   okafor has to back it"); a verb after a given name ("tomas presents
   it") or how the meeting was held ("video call") is no surname. */
static void test_people_lower_case_surnames_and_verbs(void **state) {
  fixture *fx = *state;
  json_t *rec = json_pack("{s:{s:[{s:s},{s:s}]}}", "attendees", "value", "name", "Mei Kobayashi",
                          "name", "Adaeze Okafor");
  static const char *const known[] = {"Mei Kobayashi", "*", "Adaeze Okafor", "*", NULL};
  expect_roles_in(fx, rec, "kobayashi-san, prof okafor, and Lena Park from QA", known);
  json_t *u = run(fx, fx->sales, rec, "decision_makers",
                  "the board decides. tomas presents it, and dr okafor has to back it");
  const json_t *dm = val(u, "decision_makers");
  assert_true(has(dm, "Adaeze Okafor") && !has(dm, "Tomas Presents"));
  json_decref(u);
  json_decref(rec);
  static const char *const how[] = {"Video Call", "-", "Over Zoom", "-", NULL};
  expect_roles(fx, "just mateo, video call. and wen from finance, over zoom", how);
}

/* Round 12: a person who only feeds the decision - recommended, will
   prepare the numbers, gives input, was overruled, is said to be our
   champion or a strong influencer, doesn't sign, has no budget, or no
   longer approves - is no decision maker; what is said of the next person
   named is not said of this one. */
static void test_decision_makers_not_advisers(void **state) {
  fixture *fx = *state;
  static const char *const texts[] = {
      "Omar Haddad and the credit committee decide; Lena Vogt recommended us, but she was "
      "overruled.",
      "Omar Haddad signs. Lena Vogt will prepare the numbers for him.",
      "Lena Vogt, head of quality, she was our champion, and Omar Haddad has the final say.",
      /* said not to sign, in her own clause only */
      "Omar Haddad decides. Lena Vogt is the day-to-day owner but doesnt sign.",
      "Omar Haddad decides on the money, Lena Vogt is our champion but doesn't sign.",
      "Omar Haddad signs; Lena Vogt has influence but no budget.",
      "Lena Vogt used to approve up to 20k alone, not anymore. Now Omar Haddad signs.",
      "Lena Vogt's a strong influencer, Omar Haddad signs.", NULL};
  for (size_t k = 0; texts[k]; k++) {
    json_t *u = run(fx, fx->sales, NULL, "decision_makers", texts[k]);
    const json_t *dm = val(u, "decision_makers");
    if (!has(dm, "Omar Haddad") || has(dm, "Lena Vogt"))
      fail_msg("decision makers of \"%s\"", texts[k]);
    json_decref(u);
  }
}

/* Round 12: a tool item is its name, without how much it is used ("just
   to read", "every minute of the day", "only for"), what it is for when
   the name is capitalized ("QMetrics for KPI dashboards"), or an aside
   about it ("it's a homegrown system"). */
static void test_tools_name_without_use(void **state) {
  static const char *const want[] = {"\"Kanbanize\"",   "\"Figma\"",   "\"Slack\"", "\"QMetrics\"",
                                     "\"Opera Cloud\"", "\"Dentrix\"", NULL};
  static const char *const unwanted[] = {"every",          "only",      "all day",
                                         "KPI dashboards", "homegrown", NULL};
  expect_json(*state, ((fixture *)*state)->work, "tools_technologies",
              "Kanbanize every day, Figma only for the website bits, and Slack all day long. "
              "QMetrics for KPI dashboards, Opera Cloud every minute of the shift. Also the "
              "clinic's own EHR, it's a homegrown system, and Dentrix.",
              want, unwanted);
}

/* Runs each answer for field and fails when one fills it, or when the
   answer still (if any) does not. */
static void expect_nothing(fixture *fx, const dbf_template *tpl, const char *field,
                           const char *const *texts, const char *still) {
  for (size_t k = 0; texts[k]; k++) {
    json_t *u = run(fx, tpl, NULL, field, texts[k]);
    if (val(u, field))
      fail_msg("%s from \"%s\"", field, texts[k]);
    json_decref(u);
  }
  json_t *u = still ? run(fx, tpl, NULL, field, still) : NULL;
  if (still && !val(u, field))
    fail_msg("no %s from \"%s\"", field, still);
  json_decref(u);
}

/* Round 12: an answer that says nothing comes to mind ("I can't think of
   one", "nothing major", "can't recall any") names no challenge or
   objection; a "but" that brings one after all still does. */
static void test_nothing_comes_to_mind(void **state) {
  fixture *fx = *state;
  static const char *const none[] = {
      "honestly I can't think of one, it was a calm job, every week the same",
      "hmm... nothing major. the site mostly ran itself, cant recall any", NULL};
  expect_nothing(fx, fx->work, "challenges", none, NULL);
  json_t *u = run(fx, fx->sales, NULL, "objections",
                  "nothing comes to mind at first, but the nurses hated the login flow");
  assert_non_null(val(u, "objections"));
  json_decref(u);
}

/* Round 12: "the ticketing was in Freshdesk", "our LMS is Moodle": the
   name a kind of work was kept in; and a soft skill's word that qualifies
   a noun, even the answer's last ("pressure gauge"), is no soft skill. */
static void test_tools_kept_in_and_qualifiers(void **state) {
  fixture *fx = *state;
  static const char *const want[] = {"\"Freshdesk\"", "\"Moodle\"", "\"Deputy\"", NULL};
  static const char *const unwanted[] = {"ticketing", "LMS", "scheduling", NULL};
  expect_json(fx, fx->work, "tools_technologies",
              "the ticketing was in Freshdesk, our LMS is Moodle, scheduling was on Deputy", want,
              unwanted);
  json_t *u = run(fx, fx->work, NULL, "tools_technologies",
                  "Zabbix for the alerts, a Fluke meter and the pressure gauge");
  assert_null(val(u, "soft_skills"));
  json_decref(u);
}

/* Round 12: a lead-in's word inside a hyphenated word ("pre-need",
   "needs-based") opens nothing; a short answer that only says there is
   much ("lots of things", "we did a lot") keeps nothing, so it is asked
   again. */
static void test_achievements_hyphen_and_sweeping(void **state) {
  fixture *fx = *state;
  static const char *const want[] = {"launched the needs-based triage at the front desk",
                                     "set up the pre-need plan sales from zero", NULL};
  expect_json(fx, fx->work, "achievements",
              "launched the needs-based triage at the front desk. set up the pre-need plan sales "
              "from zero.",
              want, NULL);
  static const char *const thin[] = {"oh, lots of things, the unit runs better now",
                                     "we did a lot in the district", "many things really", NULL};
  expect_nothing(fx, fx->work, "achievements", thin, "did a lot of the hiring, 14 nurses in 2022");
}

/* Round 12: our product as said: a camel-case brand before a lower-case
   word is no nationality ("MediScan Hub gateway"), a clause about a thing
   or a denial names none ("is roadmap", "dont promise anything"), and the
   speaker before a mention is no part of it ("I mentioned the routing
   module because ..."). */
static void test_products_as_said(void **state) {
  static const char *const want[] = {"MediScan Hub", "routing module", "payroll report builder",
                                     "\"TallyDesk\"", NULL};
  static const char *const unwanted[] = {"PACS",        "roadmap",   "promise", "because",
                                         "I mentioned", "we showed", NULL};
  expect_json(
      *state, ((fixture *)*state)->sales, "products_discussed",
      "TallyDesk mainly, and the MediScan Hub gateway for the PACS link. expense planner is "
      "roadmap, dont promise anything. and I mentioned the routing module because of the "
      "depot issue, and we showed the payroll report builder in the demo",
      want, unwanted);
}

/* Round 12: the seller's own people ("Tomas from our side", "our account
   manager Wei Chen") are no attendees of the customer's; a partner or
   consultant the seller brought ("from our partner ...") is one. */
static void test_attendees_not_our_side(void **state) {
  static const char *const pairs[] = {"Anna Brandt", "*", "Tomas",        "-", "Wei Chen", "-",
                                      "Dave Ortiz",  "*", "Brian Okello", "*", NULL};
  expect_roles(*state,
               "Anna Brandt the plant manager, and Tomas from our side. our account manager Wei "
               "Chen dialed in. Dave Ortiz from our partner Skyline Integrators, and our "
               "implementation consultant, Brian Okello.",
               pairs);
}

/* Round 12: what stands where a name was not caught ("didnt catch names",
   "someone from their auditors", "um the IT guy") is no person. */
static void test_attendees_names_not_caught(void **state) {
  fixture *fx = *state;
  static const struct {
    const char *text, *not_a_person;
  } said[] = {
      {"pieter botha owner, + 2 drivers, didnt catch names", "Didnt Catch Names"},
      {"foreman peter came in, didnt get surname", "Didnt Get Surname"},
      {"nomsa dlamini ops mgr, and um the IT guy", "Um"},
      {"Someone from their auditors, and Ruth Okafor from finance.", "Someone"},
  };
  for (size_t k = 0; k < sizeof said / sizeof said[0]; k++) {
    json_t *u = run(fx, fx->sales, NULL, "attendees", said[k].text);
    if (!val(u, "attendees") || role_of(val(u, "attendees"), said[k].not_a_person))
      fail_msg("attendees of \"%s\"", said[k].text);
    json_decref(u);
  }
}

/* Round 12: the status quo in plain words, typed in lower case ("theyre on
   paper + old laptops", "on pen and paper", "whiteboards"), or "anyone
   mentioned", is no vendor; a name after the same cue still is. */
static void test_competitors_status_quo_words(void **state) {
  fixture *fx = *state;
  static const char *const none[] = {"theyre on paper + some old laptops, nobody else came up",
                                     "still on whiteboards and pen and paper tbh",
                                     "they didnt have anyone mentioned", NULL};
  static const char *const named[] = {"\"Shiftboard\"", NULL};
  expect_nothing(fx, fx->sales, "competitors", none, NULL);
  expect_json(fx, fx->sales, "competitors", "theyre on shiftboard right now", named, NULL);
}

/* Round 12: what a named tool is used for ("Metabase for dashboards",
   "Power BI for data visualization") is no second item, even when a
   lexicon knows its words; "Python with pandas" still names both. */
static void test_tools_purpose_not_an_item(void **state) {
  static const char *const want[] = {"\"Metabase\"", "\"Grafana\"", "\"Power BI\"", NULL};
  static const char *const unwanted[] = {"dashboards", "visualization", NULL};
  expect_json(*state, ((fixture *)*state)->work, "tools_technologies",
              "Metabase for dashboards, Grafana for the KPI dashboards in every demo, and Power BI "
              "for data visualization",
              want, unwanted);
  static const char *const both[] = {"\"Python\"", "\"pandas\"", NULL};
  expect_json(*state, ((fixture *)*state)->work, "technical_skills", "SQL, Python with pandas",
              both, NULL);
}

/* Round 12: a remark on a tool list ("which wasn't ideal", "if those
   count", "very handy") names nothing; an aside that names a tool ("it
   was called Shelfwise", "which was replaced by Loftware") names that one. */
static void test_tools_remarks_and_asides(void **state) {
  static const char *const want[] = {"\"Shelfwise\"", "\"Loftware\"", "\"Excel\"", "\"BarTender\"",
                                     NULL};
  static const char *const unwanted[] = {"ideal", "count", "handy", NULL};
  expect_json(*state, ((fixture *)*state)->work, "tools_technologies",
              "a tablet app, it was called Shelfwise, BarTender, which was replaced by Loftware, "
              "Excel, which wasn't ideal, very handy, and label printers if those count",
              want, unwanted);
}

/* Round 12: a short answer that only appraises ("I got on fine with
   everybody", "customers liked straight answers", "I'm good with people,
   I think") names no soft skill, so it is asked again; a named skill or
   an activity ("mentoring the juniors") still counts. */
static void test_soft_skills_appraisal_only(void **state) {
  fixture *fx = *state;
  static const char *const thin[] = {"I got on fine with everybody.",
                                     "Customers liked straight answers.",
                                     "I'm good with people, I think", NULL};
  expect_nothing(fx, fx->work, "soft_skills", thin, "mentoring the juniors");
}

/* Round 12: the group that owns a deciding group ("the board's risk
   committee", "the council's planning committee") is no decider of its
   own. */
static void test_decision_group_of_a_group(void **state) {
  static const char *const want[] = {"risk committee", "planning committee", "Omar Haddad", NULL};
  static const char *const unwanted[] = {"\"board\"", "\"council\"", NULL};
  expect_json(*state, ((fixture *)*state)->sales, "decision_makers",
              "Omar Haddad decides, and the board's risk committee signs off over 75k. Then "
              "the council's planning committee votes in May.",
              want, unwanted);
}

/* Round 12: lower-case words the lexicons know, one after another with
   nothing between them, say one skill ("time series forecasting",
   "blockchain analytics"); a list of them is still a list. */
static void test_skills_adjacent_known_words(void **state) {
  static const char *const want[] = {"\"time series forecasting\"", "\"blockchain analytics\"",
                                     "\"SQL\"", NULL};
  static const char *const unwanted[] = {"\"forecasting\"", "\"analytics\"", NULL};
  expect_json(*state, ((fixture *)*state)->work, "technical_skills",
              "time series forecasting, blockchain analytics, SQL", want, unwanted);
}

/* One answer and what its list must hold, quoted as in the JSON. */
typedef struct {
  const char *text;
  const char *want[5];
} list_case;

static void expect_list_cases(fixture *fx, const dbf_template *tpl, const char *field,
                              const list_case *cases, size_t n, const char *const *unwanted) {
  for (size_t c = 0; c < n; c++)
    expect_json(fx, tpl, field, cases[c].text, cases[c].want, unwanted);
}

/* Round 12: a list said without commas ("cash handling fraud detection
   vault management") is cut where a known term begins, after a word that
   ends a skill's name ("handling", "detection", "control") and before a
   verb that takes an article; what a name is for stays with it. */
static void test_skills_run_on_list(void **state) {
  fixture *fx = *state;
  static const list_case cases[] = {
      {"payroll processing fraud detection vendor management and sql",
       {"\"payroll processing\"", "\"fraud detection\"", "\"vendor management\"", "\"SQL\"", NULL}},
      {"Network design incident triage firewall configuration Python",
       {"\"Network design\"", "\"incident triage\"", "\"firewall configuration\"", "\"Python\"",
        NULL}},
      {"stock control food safety menu costing running a busy pass",
       {"\"stock control\"", "\"food safety\"", "\"menu costing\"", NULL}},
      {"medication administration patient assessment wound dressing",
       {"\"medication administration\"", "\"patient assessment\"", "\"wound dressing\"", NULL}},
  };
  expect_list_cases(fx, fx->work, "technical_skills", cases, sizeof cases / sizeof cases[0], NULL);
  /* A list set apart by commas keeps its long items whole. */
  static const char *const want[] = {"\"Kubernetes\"", "\"Excel\"", NULL};
  static const char *const unwanted[] = {"chart demos", NULL};
  expect_json(fx, fx->work, "tools_technologies", "Kubernetes for the Helm chart demos, Excel",
              want, unwanted);
}

/* Round 12: typed in lower case, a rival is the word before what a rival
   does ("pitched them", "came in") when it is no everyday word, also after
   "and" or "also" and before a weak cue; a made-up name in -ly is a name,
   and a cue after the name ends it ("called leadsy approached them"). */
static void test_competitors_lower_case_before_cue(void **state) {
  fixture *fx = *state;
  static const struct {
    const char *text;
    const char *want;
  } cases[] = {
      {"zephyrgrid pitched them last month, we'll see", "\"Zephyrgrid\""},
      {"they liked the demo. also zentrova came in last week", "\"Zentrova\""},
      {"plannerly pitched them in the spring", "\"Plannerly\""},
      {"a vendor called leadsy approached them at the trade show", "\"Leadsy\""},
      {"pricing came up. and brevanta approached them in may", "\"Brevanta\""},
  };
  static const char *const unwanted[] = {"Pricing", "Approached", NULL};
  for (size_t c = 0; c < sizeof cases / sizeof cases[0]; c++) {
    const char *want[] = {cases[c].want, NULL};
    expect_json(fx, fx->sales, "competitors", cases[c].text, want, unwanted);
  }
}

/* Round 12: our products listed without commas ("BillDesk suite the
   Payments Hub and the kiosk app") are cut where "the" or "our" starts a
   new one after a name; "for the night rota" keeps its "the", and "I
   mentioned the" names nothing. */
static void test_products_run_on_articles(void **state) {
  fixture *fx = *state;
  static const struct {
    const char *text;
    const char *want[3];
    const char *unwanted[2];
  } cases[] = {
      {"Our BillDesk suite the Payments Hub and the kiosk app",
       {"Payments Hub", "kiosk app", NULL},
       {"suite the", NULL}},
      {"RoomWise core the Rate Planner", {"RoomWise", "Rate Planner", NULL}, {"core the", NULL}},
      {"lockerline core the parcel tracker", {"parcel tracker", NULL, NULL}, {"core the", NULL}},
      {"ShiftPal for the night rota. I mentioned the Fleet Board",
       {"ShiftPal", "Fleet Board", NULL},
       {"I mentioned", NULL}},
  };
  for (size_t c = 0; c < sizeof cases / sizeof cases[0]; c++)
    expect_json(fx, fx->sales, "products_discussed", cases[c].text, cases[c].want,
                cases[c].unwanted);
}

/* Round 12: people listed without commas: the role right after a name
   is that person's ("Maria Lopez COO Daniel Fischer Head of Quality"),
   and it ends where "and" or "from" goes on or the next given name
   begins. */
static void test_attendees_roles_without_commas(void **state) {
  fixture *fx = *state;
  static const struct {
    const char *text;
    const char *name;
    const char *role;
  } cases[] = {
      {"Maria Lopez COO Daniel Fischer Head of Quality", "Daniel Fischer", "Head of Quality"},
      {"Peter Hall CFO Emma Stone Head of Procurement and a consultant from their bank",
       "Emma Stone", "Head of Procurement"},
      {"Sarah Collins head of finance Tom Reid IT manager and Lucy from procurement",
       "Sarah Collins", "head of finance"},
      {"Grace Kim finance director and Mark Evans from their legal team", "Grace Kim",
       "finance director"},
  };
  for (size_t c = 0; c < sizeof cases / sizeof cases[0]; c++) {
    json_t *u = run(fx, fx->sales, NULL, "attendees", cases[c].text);
    const char *r = role_of(val(u, "attendees"), cases[c].name);
    if (!r || strcasecmp(r, cases[c].role) != 0)
      fail_msg("%s: %s is %s", cases[c].text, cases[c].name, r ? r : "(missing)");
    json_decref(u);
  }
}

/* Round 12: in a tool list said without commas, a name in capitals after
   a word in lower case starts a new tool ("Zendrix for ticketing Palomar
   for rotas", "Vantrel scanners Orbix handhelds"). */
static void test_tools_run_on_capitals(void **state) {
  fixture *fx = *state;
  static const list_case cases[] = {
      {"Zendrix for ticketing Palomar for rotas and Excel", {"\"Zendrix\"", "\"Palomar\"", NULL}},
      {"Vantrel scanners Orbix handhelds Excel",
       {"\"Vantrel scanners\"", "\"Orbix handhelds\"", NULL}},
      {"shared drive folders Trakmo dashboards for the weekly review",
       {"\"shared drive folders\"", "\"Trakmo", NULL}},
      {"old paper job cards Fieldwise app on the tablets", {"\"Fieldwise app\"", NULL, NULL}},
  };
  expect_list_cases(fx, fx->work, "tools_technologies", cases, sizeof cases / sizeof cases[0],
                    NULL);
}

/* Round 12: a rival named after "demoed", "a quotation from" or "a
   framework agreement with" is named after a cue, in lower case too. */
static void test_competitors_more_cues(void **state) {
  static const list_case cases[] = {
      {"they demoed plantrix last spring and did not like it", {"\"Plantrix\"", NULL}},
      {"they have a quotation from movendo as well", {"\"Movendo\"", NULL}},
      {"They have a framework agreement with Carrigo for the trucks", {"\"Carrigo\"", NULL}},
      {"there is a quotation also from zentiq", {"\"Zentiq\"", NULL}},
  };
  expect_list_cases(*state, ((fixture *)*state)->sales, "competitors", cases,
                    sizeof cases / sizeof cases[0], NULL);
}

/* Round 12: soft skills said as one run of activities without commas
   ("mentoring the new hires running the weekly standups and handling
   upset clients") are one skill each, cut where a verb in -ing starts
   the next after a word that is no function word, or after "and". */
static void test_soft_skills_run_on_activities(void **state) {
  static const list_case cases[] = {
      {"Mentoring the new hires running the weekly standups and handling upset clients on the "
       "phone when things went wrong",
       {"\"Mentoring the new hires\"", "\"running the weekly standups\"", NULL}},
      {"coaching junior staff through reviews and keeping the team calm during outages",
       {"\"coaching junior staff through reviews\"", "\"keeping the team calm during outages\"",
        NULL}},
      {"negotiating with suppliers every quarter presenting results to the board",
       {"\"negotiating with suppliers every quarter\"", "\"presenting results to the board\"",
        NULL}},
      {"Listening to families in hard moments training volunteers and organising the rota",
       {"\"training volunteers\"", "\"organising the rota\"", NULL}},
  };
  expect_list_cases(*state, ((fixture *)*state)->work, "soft_skills", cases,
                    sizeof cases / sizeof cases[0], NULL);
}

/* Round 12: in a skill list said without commas, a known term that ends
   in a word that ends a skill's name ("project management", "data
   analysis") ends its part: what follows is the next skill. */
static void test_skills_run_on_after_known_term(void **state) {
  static const list_case cases[] = {
      {"project management site surveys contract drafting", {"\"project management\"", NULL}},
      {"risk management loss adjusting claims triage", {"\"risk management\"", NULL}},
      {"data analysis survey design focus groups", {"\"data analysis\"", NULL}},
      {"Financial analysis board reporting cash forecasting", {"\"Financial analysis\"", NULL}},
  };
  static const char *const unwanted[] = {"management site", "management loss", "analysis survey",
                                         "analysis board", NULL};
  expect_list_cases(*state, ((fixture *)*state)->work, "technical_skills", cases,
                    sizeof cases / sizeof cases[0], unwanted);
}

/* Round 12: typed in lower case, the word after a given name is the
   surname when it is no everyday word, no everyday verb with its -s
   ("signs", "decides") and no verb in -ed ("deepa nair signs", "oliver
   told us" keeps "Oliver" alone). */
static void test_attendees_lower_case_surnames(void **state) {
  static const list_case cases[] = {
      {"sarah okonkwo from finance and the ops lead", {"\"Sarah Okonkwo\"", NULL}},
      {"we met james whitfield and anna kowalczyk",
       {"\"James Whitfield\"", "\"Anna Kowalczyk\"", NULL}},
      {"oliver told us about it. maria santos runs the warehouse", {"\"Maria Santos\"", NULL}},
      {"peter signs off and lucy brennan decides", {"\"Lucy Brennan\"", NULL}},
  };
  static const char *const unwanted[] = {"Oliver Told", "Peter Signs", "Brennan Decides", NULL};
  expect_list_cases(*state, ((fixture *)*state)->sales, "attendees", cases,
                    sizeof cases / sizeof cases[0], unwanted);
}

/* Round 13: typed in lower case, given names from every region are read
   as people: West African, Nordic, Dutch, Slavic, South and Southeast
   Asian. */
static void test_people_lower_case_names_of_every_region(void **state) {
  static const list_case cases[] = {
      {"we met thijs and linnea from their planning team", {"\"Thijs\"", "\"Linnea\"", NULL}},
      {"it was ngozi and kwesi, both from finance", {"\"Ngozi\"", "\"Kwesi\"", NULL}},
      {"oleksiy joined with sanjeev from it", {"\"Oleksiy\"", "\"Sanjeev\"", NULL}},
      {"just khanh and anouk on the call", {"\"Khanh\"", "\"Anouk\"", NULL}},
  };
  expect_list_cases(*state, ((fixture *)*state)->sales, "attendees", cases,
                    sizeof cases / sizeof cases[0], NULL);
  json_t *u = run(*state, ((fixture *)*state)->sales, NULL, "decision_makers",
                  "jarkko signs off, mikko has to agree");
  assert_true(has(val(u, "decision_makers"), "Jarkko"));
  json_decref(u);
}

/* Round 13: a given name said as a brand names no one: spelled with a
   capital inside it, after a determiner with a thing after it, in
   apposition to a word for a firm, or as a word of a firm the session
   knows next to another of its words. */
static void test_given_name_as_brand_is_no_person(void **state) {
  fixture *fx = *state;
  static const char *const texts[] = {
      "Tomas Berg decides, and he asked if SaRa runs offline.",
      "Tomas Berg decides; he wants it in their Ingrid work orders.",
      "Tomas Berg decides, they also talk to a regional provider, Elsa Norte.",
      "Tomas Berg decides, after a couple of Marta scanners failed.",
  };
  static const char *const unwanted[] = {"SaRa", "Ingrid", "Elsa", "Marta", NULL};
  for (size_t k = 0; k < DBF_ARRAY_LEN(texts); k++) {
    json_t *u = run(fx, fx->sales, NULL, "decision_makers", texts[k]);
    assert_true(has(val(u, "decision_makers"), "Tomas Berg"));
    char *dump = json_dumps(val(u, "decision_makers"), JSON_COMPACT);
    assert_non_null(dump);
    if (strstr(dump, unwanted[k]))
      fail_msg("decision makers from \"%s\": %s", texts[k], dump);
    free(dump);
    json_decref(u);
  }
  json_t *rec = json_pack("{s:{s:[{s:s, s:s}]}}", "attendees", "value", "name", "Olga Berg",
                          "company", "Sofia Reliability");
  assert_non_null(rec);
  json_t *u = run(fx, fx->sales, rec, "attendees",
                  "Olga Berg, and two engineers from the Sofia Reliability side.");
  char *dump = json_dumps(val(u, "attendees"), JSON_COMPACT);
  assert_non_null(dump);
  if (strstr(dump, "\"name\":\"Sofia"))
    fail_msg("attendees: %s", dump);
  free(dump);
  json_decref(u);
  json_decref(rec);
}

/* Round 13: a lone first name and the full name it begins, in one answer
   or across answers, are one attendee, with what each says of them. */
static void test_attendees_one_per_name(void **state) {
  static const char *const want[] = {"\"Ingrid Solberg\"", NULL};
  static const char *const unwanted[] = {"\"Ingrid\"", NULL};
  expect_json(*state, ((fixture *)*state)->sales, "attendees",
              "Ingrid came with Tomas Berg. Ingrid Solberg runs quality for them.", want, unwanted);
  json_t *rec = record_after(*state, "attendees", "Ingrid from quality and Tomas Berg.",
                             "Ingrid Solberg, their quality lead, and Tomas Berg.");
  const json_t *a = json_object_get(json_object_get(rec, "attendees"), "value");
  char *dump = json_dumps(a, JSON_COMPACT);
  assert_non_null(dump);
  if (strstr(dump, "\"Ingrid\"") || !strstr(dump, "\"Ingrid Solberg\""))
    fail_msg("attendees: %s", dump);
  free(dump);
  json_decref(rec);
}

/* Round 13: typed in lower case, an everyday work verb in -s after a
   given name ("mounts", "configures", "schedules") is what the person
   does, not their surname. */
static void test_lower_case_verb_after_name_is_no_surname(void **state) {
  static const char *const unwanted[] = {"Mounts", "Configures", "Schedules", "Migrates", NULL};
  expect_json(*state, ((fixture *)*state)->sales, "next_steps",
              "i send the quote friday. our installer linnea mounts the sensors by the 20th. "
              "kwesi configures the gateways next week and i book the training. thijs "
              "schedules the site visit for march. anouk migrates the old data by end of month",
              NULL, unwanted);
}

/* Round 13: said without commas, a name is read by its cue as a reader
   does: a word of kin before it ("her husband", "his son"), a role phrase
   after it ("the owner", "their head of finance", "she is the IT lead");
   the role stops where "and" brings in the next person's ("and the
   treasurer"), and ", that's it" holds no role. */
static void test_people_by_cue_without_commas(void **state) {
  static const list_case cases[] = {
      {"Kasia Wrona the owner and her husband Zbigniew Wrona who does the books",
       {"{\"name\":\"Kasia Wrona\",\"role\":\"owner\"", "\"Zbigniew Wrona\"", NULL}},
      {"radek the owner and his son bartek who runs the crews",
       {"{\"name\":\"Radek\",\"role\":\"owner\"", "\"Bartek\"", NULL}},
      {"Dorota Pawlak their head of finance and Lior Ben-Ami the controller",
       {"\"role\":\"head of finance\"", "{\"name\":\"Lior Ben-Ami\",\"role\":\"controller\"",
        NULL}},
      {"Marta Lind the director, and one fellow from IT Tej Rao he is the IT lead, that's it",
       {"{\"name\":\"Marta Lind\",\"role\":\"director\"",
        "{\"name\":\"Tej Rao\",\"role\":\"IT lead\"", NULL}},
  };
  static const char *const unwanted[] = {"and her", "and his", "and Lior", "\"it\"", NULL};
  expect_list_cases(*state, ((fixture *)*state)->sales, "attendees", cases,
                    sizeof cases / sizeof cases[0], unwanted);
}

/* Round 13: a list of tools said without commas opens its next item with
   an article after a named thing ("drills the Leica scanner a Trimble
   tablet"); a list set apart by commas keeps its items whole. */
static void test_tools_article_opens_item_without_commas(void **state) {
  static const char *const want[] = {
      "\"Hilti drills\"",   "\"Leica scanner\"",    "\"Trimble tablet\"", "\"Procore\"",
      "\"bench grinders\"", "\"Instron tester\"",   "\"Zwick rig\"",      "\"Navisworks model\"",
      "\"Cisco switches\"", "\"Meraki dashboard\"", "\"Fluke tester\"",   NULL};
  expect_json(*state, ((fixture *)*state)->work, "tools_technologies",
              "Hilti drills the Leica scanner a Trimble tablet and Procore for the daily logs. "
              "bench grinders an Instron tester the Zwick rig. we had Bluebeam the Navisworks "
              "model and an old Makita saw. Cisco switches the Meraki dashboard a Fluke tester",
              want, NULL);
}

/* Round 13: an adverb of degree after an item's words ("mostly", "mainly",
   "especially") says where or how much; the item is the words before it. */
static void test_list_item_ends_before_degree_adverb(void **state) {
  static const struct {
    const char *field, *text, *want[4];
  } cases[] = {
      {"technical_skills",
       "PLC fault finding mostly Siemens, thermography, cost estimating especially for tenders",
       {"\"PLC fault finding\"", "\"thermography\"", "\"cost estimating\"", NULL}},
      {"tools_technologies",
       "Sage mostly for payroll, Jira mainly, some Confluence primarily",
       {"\"Sage\"", "\"Jira\"", "\"Confluence\"", NULL}},
  };
  static const char *const unwanted[] = {"mostly", "mainly", "especially", "primarily", NULL};
  for (size_t k = 0; k < DBF_ARRAY_LEN(cases); k++)
    expect_json(*state, ((fixture *)*state)->work, cases[k].field, cases[k].text, cases[k].want,
                unwanted);
}

/* Round 13: typed in lower case, a rival is read by more of the cues a
   rival's name sits by: "was also bidding", "also came in", "is
   proposing", "offered" after it; "their current vendor", "had a call
   with" before it. */
static void test_competitors_lower_case_more_cues(void **state) {
  static const char *const want[] = {"\"Corvexa\"", "\"Ledgerhook\"", "\"Tallyforge\"",
                                     "\"Pelanti\"", "\"Quarrow\"",    NULL};
  static const char *const unwanted[] = {"Offered", NULL};
  expect_json(*state, ((fixture *)*state)->sales, "competitors",
              "brightlane won. corvexa was also bidding. their current vendor ledgerhook offered "
              "a discount to stay. they also had a call with tallyforge last week. pelanti also "
              "came in in may. and quarrow is proposing the upgrade",
              want, unwanted);
}

/* Round 13: someone said to "only recommend" or "just advise" feeds the
   decision and is no decision maker; one who recommends without "only"
   still counts. */
static void test_decision_makers_only_recommends(void **state) {
  static const char *const cases[][3] = {
      {"the MD Mr Tomas Berg decides everything Lukas only recommends", "Tomas Berg", "Lukas"},
      {"Tomas decides, Marek just advises on money", "Tomas", "Marek"},
      {"Anja signs, Lukas just influences", "Anja", "Lukas"},
      {"Anja Berg signs; Piotr only brings the numbers", "Anja Berg", "Piotr"},
  };
  for (size_t i = 0; i < DBF_ARRAY_LEN(cases); i++) {
    json_t *u = run(*state, ((fixture *)*state)->sales, NULL, "decision_makers", cases[i][0]);
    const json_t *d = val(u, "decision_makers");
    if (!has(d, cases[i][1]) || has(d, cases[i][2]))
      fail_msg("decision makers from \"%s\"", cases[i][0]);
    json_decref(u);
  }
  json_t *u = run(*state, ((fixture *)*state)->sales, NULL, "decision_makers",
                  "Ingrid recommends, CEO Lars Berg signs");
  assert_true(has(val(u, "decision_makers"), "Ingrid"));
  json_decref(u);
}

/* Runs text as the answer to field of tpl: its value holds each of said. */
static void expect_all_said(void **state, const dbf_template *tpl, const char *field,
                            const char *text, const char *const *said, size_t n) {
  json_t *u = run(*state, tpl, NULL, field, text);
  for (size_t k = 0; k < n; k++)
    if (!has(val(u, field), said[k]))
      fail_msg("%s: no \"%s\"", field, said[k]);
  json_decref(u);
}

/* Round 13: said without commas, "and" before a determiner opens the
   next objection when both sides say something of their own subject. */
static void test_objections_and_opens_next_clause(void **state) {
  static const char *const said[] = {"training time is a concern", "price per seat is steep",
                                     "onboarding was painful last time",
                                     "contract term is too long", "rollout is long"};
  expect_all_said(state, ((fixture *)*state)->sales, "objections",
                  "training time is a concern and the price per seat is steep. onboarding was "
                  "painful last time and also the contract term is too long. price is high and "
                  "the rollout is long",
                  said, DBF_ARRAY_LEN(said));
}

/* Round 13: the skills lexicon knows the skills of trades, care,
   hospitality and finance, so a list of them said without commas is cut
   where each begins. */
static void test_skills_of_trades_without_commas(void **state) {
  static const char *const said[] = {"forklift driving", "first aid",         "manual handling",
                                     "phlebotomy",       "infection control", "wound care",
                                     "accounts payable", "accruals",          "month end close"};
  expect_all_said(state, ((fixture *)*state)->work, "technical_skills",
                  "forklift driving first aid manual handling. phlebotomy infection control wound "
                  "care. accounts payable accruals month end close",
                  said, DBF_ARRAY_LEN(said));
}

/* Round 13: a clause that closes the answer (", that's it") after a name
   leaves the role said before the name to it: "and the treasurer Gurpreet
   Dhillon, that's it". */
static void test_role_before_name_with_closer_after(void **state) {
  static const char *const cases[][3] = {
      {"Marta Lind the director and the treasurer Gurpreet Dhillon, that's it", "Gurpreet Dhillon",
       "treasurer"},
      {"Tomas Berg and their controller Ines Vidal, thats all", "Ines Vidal", "controller"},
      {"we met Anja Berg and the plant manager Lukas Brandt, that is it", "Lukas Brandt",
       "plant manager"},
      {"just the owner Piotr Nowak, that's all", "Piotr Nowak", "owner"},
  };
  for (size_t i = 0; i < DBF_ARRAY_LEN(cases); i++) {
    json_t *u = run(*state, ((fixture *)*state)->sales, NULL, "attendees", cases[i][0]);
    const char *r = role_of(val(u, "attendees"), cases[i][1]);
    if (!r || strcmp(r, cases[i][2]) != 0)
      fail_msg("attendees from \"%s\": role %s", cases[i][0], r ? r : "(none)");
    json_decref(u);
  }
}

/* Round 13: typed in lower case, a given name is no person's when it is
   the word of a thing of the family ("their sister bank"), of a place
   ("sankt jakob"), or of a firm the session knows ("the sofia reliability
   side" when Sofia Reliability is a known person's firm). */
static void test_lower_case_given_name_of_place_or_firm(void **state) {
  fixture *fx = *state;
  static const struct {
    const char *field, *text, *unwanted;
  } cases[] = {
      {"competitors", "tomas mentioned that their sister bank in oslo uses ledgerhook", "Bank"},
      {"attendees", "we presented to tomas berg at sankt jakob in graz", "Jakob"},
      {"attendees", "tomas berg and two engineers from the sofia reliability side",
       "\"name\":\"Sofia"},
  };
  json_t *rec = json_pack("{s:{s:[{s:s, s:s}]}}", "attendees", "value", "name", "Olga Berg",
                          "company", "Sofia Reliability");
  assert_non_null(rec);
  for (size_t k = 0; k < DBF_ARRAY_LEN(cases); k++) {
    json_t *u = run(fx, fx->sales, rec, cases[k].field, cases[k].text);
    char *dump = json_dumps(u, JSON_COMPACT);
    assert_non_null(dump);
    if (strstr(dump, cases[k].unwanted))
      fail_msg("from \"%s\": %s", cases[k].text, dump);
    free(dump);
    json_decref(u);
  }
  json_decref(rec);
}

/* One answer each, with the item it must hold and a word it
   must not. */
typedef struct {
  const char *text, *want, *unwanted;
} named_case;

static void expect_named_cases(fixture *fx, const dbf_template *tpl, const char *field,
                               const named_case *cases, size_t n) {
  for (size_t c = 0; c < n; c++) {
    const char *want[] = {cases[c].want, NULL};
    const char *unwanted[] = {cases[c].unwanted, NULL};
    if (cases[c].want) {
      expect_json(fx, tpl, field, cases[c].text, want, unwanted);
      continue;
    }
    /* Nothing wanted: the field may stay empty. */
    json_t *u = run(fx, tpl, NULL, field, cases[c].text);
    char *dump = json_dumps(val(u, field), JSON_COMPACT | JSON_ENCODE_ANY);
    if (dump && cases[c].unwanted && strstr(dump, cases[c].unwanted))
      fail_msg("%s: %s in %s", field, cases[c].unwanted, dump);
    free(dump);
    json_decref(u);
  }
}

/* A rival named without a name, by where it comes from or what
   it is ("a Korean manufacturer", "some local outfit", "the incumbent",
   "their current provider"), is kept in the person's words, short; not
   when a name next to it says who it is. */
static void test_competitors_described_without_name(void **state) {
  static const named_case cases[] = {
      {"Another bid came from a Korean manufacturer, nobody gave us the name.",
       "\"Korean manufacturer\"", "Another"},
      {"honestly the only other quote is from some local outfit up north", "\"local outfit\"",
       NULL},
      {"They would rather stay with the incumbent for another year.", "\"incumbent\"", NULL},
      {"their current provider offered a price cut to keep them", "\"current provider\"", NULL},
      {"The Swedish offer was cheaper on paper.", "\"Swedish offer\"", NULL},
      {"Brandvik, a Danish integrator, quoted lower.", "\"Brandvik\"", "integrator"},
      {"Corvane is the incumbent and they like it.", "\"Corvane\"", "incumbent"},
      {"Last spring they took a quote from a local firm, Tessaly Systems.", "\"Tessaly Systems\"",
       "local firm"},
  };
  expect_named_cases(*state, ((fixture *)*state)->sales, "competitors", cases,
                     sizeof cases / sizeof cases[0]);
}

/* A capitalized word after "from" that follows a firm's name or
   a maker's kind says where the firm is ("Rovantis from Lisbon", "an
   integrator from Graz"), not a second rival; after "a quote from" it is
   still the rival. */
static void test_competitors_place_after_name(void **state) {
  static const named_case cases[] = {
      {"They also talked to Rovantis from Lisbon.", "\"Rovantis\"", "Lisbon"},
      {"Kelvora from Denmark pitched them in March.", "\"Kelvora\"", "Denmark"},
      {"A regional integrator from Graz quoted too.", "\"regional integrator from Graz\"",
       "\"Graz\""},
      {"They got a quote from Ardentix last week.", "\"Ardentix\"", NULL},
      /* A particle between capitalized words joins one name. */
      {"They also talked to Bodegas del Rio about it.", "\"Bodegas del Rio\"", NULL},
      {"Casa van Dijk quoted them lower.", "\"Casa van Dijk\"", NULL},
  };
  expect_named_cases(*state, ((fixture *)*state)->sales, "competitors", cases,
                     sizeof cases / sizeof cases[0]);
}

/* A list item is a thing, a name or a noun phrase; never a
   filler, a clause, a verdict or status, or a quantity word ("that's all",
   "verbal yes", "all reporting", "we sent"). What names a thing inside
   one is kept: before the speaker's "I" ("wound care I'm certified"), after
   "lots of", after the speaker and the verb ("we pitched X"). */
static void test_list_items_are_things(void **state) {
  fixture *fx = *state;
  static const named_case tools[] = {
      {"Trello, Slack, that's all really", "\"Slack\"", "that's"},
      {"Figma, all reporting, Miro", "\"Miro\"", "reporting"},
      {"lots of Excel, Tableau", "\"Excel\"", "lots"},
      {"Notion, um, Linear", "\"Linear\"", "\"um\""},
  };
  expect_named_cases(fx, fx->work, "tools_technologies", tools, sizeof tools / sizeof tools[0]);
  static const named_case skills[] = {
      {"wound care I'm certified, triage", "\"wound care\"", "certified"},
      {"Python, I'd say statistics, we're all remote", "\"Python\"", "remote"},
  };
  expect_named_cases(fx, fx->work, "technical_skills", skills, sizeof skills / sizeof skills[0]);
  static const named_case products[] = {
      {"Ledgerly and the Payroll Sync add-on, verbal yes on both", "\"Ledgerly\"", "yes"},
      {"we pitched ledgerly and the payroll sync add-on, paperwork", "\"ledgerly\"", "pitched"},
  };
  expect_named_cases(fx, fx->sales, "products_discussed", products,
                     sizeof products / sizeof products[0]);
}

/* Where a rival named by its kind comes from is part of what it
   is ("a local outfit from Tromso"); "the incumbent is ..." says what the
   incumbent is, so "incumbent" alone is no item. */
static void test_competitors_described_from_place(void **state) {
  static const named_case cases[] = {
      {"a local outfit from Tromso quoted cheaper", "\"local outfit from Tromso\"", NULL},
      {"one korean maker from busan is bidding too", "\"korean maker from busan\"", NULL},
      {"There is also a regional integrator from Linz in the running.",
       "\"regional integrator from Linz\"", NULL},
      {"the incumbent is just paper forms from the printer", NULL, "incumbent"},
  };
  expect_named_cases(*state, ((fixture *)*state)->sales, "competitors", cases,
                     sizeof cases / sizeof cases[0]);
}

/* A placeholder for what goes unsaid ("the usual stuff", "normal
   stuff", "standard things") names no skill or tool; the question is
   then asked again. */
static void test_list_item_placeholder_is_none(void **state) {
  fixture *fx = *state;
  static const char *const texts[] = {"oh the usual stuff", "normal stuff", "oh standard things",
                                      "whatever, the typical"};
  for (size_t c = 0; c < sizeof texts / sizeof texts[0]; c++) {
    json_t *u = run(fx, fx->work, NULL, "technical_skills", texts[c]);
    const json_t *v = val(u, "technical_skills");
    if (json_array_size(v) > 0)
      fail_msg("technical_skills: %s gave %zu items", texts[c], json_array_size(v));
    json_decref(u);
  }
}

/* Typed in lower case, a rival is found by the cue around it:
   before "was in the mix", "was in the running", "who won", and after
   "the other bid is", "comparing with". */
static void test_competitors_lower_case_status_cues(void **state) {
  static const named_case cases[] = {
      {"zentor was in the mix at the start", "\"Zentor\"", "Mix"},
      {"plovix was in the running until may, they dropped out on price", "\"Plovix\"", "May"},
      {"the other bid is marvanta", "\"Marvanta\"", NULL},
      {"we were comparing with kestrio till last month", "\"Kestrio\"", "Till"},
      {"qualtaro, who won.", "\"Qualtaro\"", NULL},
      /* Two names joined by "and" before the cue are both rivals. */
      {"brevix and tollmark both quoted them", "\"Brevix\"", NULL},
      {"Veltra and Quonix both pitched.", "\"Veltra\"", NULL},
      /* A second name after "and" ends before a word that closes the
         list, said without a comma. */
      {"we were comparing with dovarra and kelm till march", "\"Kelm\"", NULL},
      {"they looked at strova and pellam didnt like either", "\"Pellam\"", NULL},
  };
  expect_named_cases(*state, ((fixture *)*state)->sales, "competitors", cases,
                     sizeof cases / sizeof cases[0]);
}

/* Our products by their shape: the name in brackets after what
   it does ("reminders add-on (PingPal)"), a model number after a name
   ("Trakmaster 450"), not an acronym that says what kind ("our GPS
   tracking add-on TagWise"), and not the words that only say it came up
   ("talked abt the mobile scanner kit"). */
static void test_products_name_shapes(void **state) {
  static const named_case cases[] = {
      {"Ledgerly and the reminders add-on (PingPal)", "\"PingPal\"", "reminders"},
      {"the Trakmaster 450 with the winch kit", "\"Trakmaster 450\"", NULL},
      {"the Payroll Sync and our GPS tracking add-on TagWise", "\"TagWise\"", "\"GPS\""},
      {"Ledgerly. talked abt the mobile scanner kit", "\"mobile scanner kit\"", "abt"},
      /* Said without commas, an adverb of degree between two names parts
         them. */
      {"quillpad mainly mentioned stocksy", "\"stocksy\"", "mainly"},
      {"the ledger core mostly the vault add-on", "\"ledger core\"", "mostly"},
  };
  expect_named_cases(*state, ((fixture *)*state)->sales, "products_discussed", cases,
                     sizeof cases / sizeof cases[0]);
}

/* A phrase cut off before its noun ("we went over the") or one
   that only points back ("the old steel one") is no list item; a cue
   right before an after-cue ("no other vendors came up") names no rival. */
static void test_list_items_cut_or_pointing_back(void **state) {
  fixture *fx = *state;
  static const named_case tools[] = {
      {"Jira, the old steel one, Confluence", "\"Confluence\"", "one"},
      {"Slack and a bit of", "\"Slack\"", "of"},
  };
  expect_named_cases(fx, fx->work, "tools_technologies", tools, sizeof tools / sizeof tools[0]);
  static const named_case rivals[] = {
      {"no other vendors came up when we pressed them", NULL, "Came"},
      {"other vendors came up but nobody serious", NULL, "Came"},
  };
  expect_named_cases(fx, fx->sales, "competitors", rivals, sizeof rivals / sizeof rivals[0]);
}

/* A tool by the shape around it: what a thing is called ("a
   planning app called Rotaly"), two names joined by "then" ("Tableau
   then Looker when ..."), a name before "before" or "until" ("Sage
   before it was retired"), and past how much is said ("a little bit
   Blender", "loads of Excel"). */
static void test_tools_by_shape_around_name(void **state) {
  static const named_case cases[] = {
      {"Slack, a small planning app called Rotaly, and Excel", "\"Rotaly\"", "planning app"},
      {"Tableau then Looker when the licence ran out", "\"Looker\"", "then"},
      {"Jira, and Sage before it was retired", "\"Sage\"", "retired"},
      {"Figma, a little bit Blender and loads of Excel", "\"Blender\"", "little"},
      {"Figma, a little bit Blender and loads of Excel", "\"Excel\"", "loads"},
      /* Typed in lower case without commas, two names run together in a
         short item are two where a known term starts after another or
         after a word that is no everyday word. */
      {"mostly jira confluence", "\"confluence\"", "jira confluence"},
      {"photoshop figma and some excel", "\"figma\"", "photoshop figma"},
      {"snowplow kubernetes", "\"kubernetes\"", "snowplow kubernetes"},
      {"tableau python", "\"python\"", "tableau python"},
      /* Two tokens each shaped like a name are two ("Rovo3 StaadLink"); a
         noun that ends the item says what the named thing is ("we had a
         Brenner sheeter"); what a thing is for, without it, is none. */
      {"Rovo3 StaadLink Revit", "\"StaadLink\"", "Rovo3 StaadLink"},
      {"we had a Brenner sheeter", "\"Brenner sheeter\"", NULL},
      {"Excel, for ordering", "\"Excel\"", "ordering"},
  };
  expect_named_cases(*state, ((fixture *)*state)->work, "tools_technologies", cases,
                     sizeof cases / sizeof cases[0]);
}

/* A list said without commas ends where the speaker's own
   clause begins ("... menu costing I did the ordering too"), and a vague
   aside inside it ("all the usual cisco stuff") is a part of its own,
   which names nothing. */
static void test_skills_run_on_ends_at_speaker(void **state) {
  static const named_case cases[] = {
      {"stock control food safety menu costing I did the ordering too", "\"menu costing\"",
       "ordering"},
      {"wound dressing patient assessment medication rounds we had loads of those",
       "\"patient assessment\"", "those"},
      {"network design firewall configuration all the usual cisco stuff incident triage",
       "\"incident triage\"", "stuff"},
      {"payroll processing fraud detection vendor management they trusted me with it",
       "\"vendor management\"", "trusted"},
  };
  expect_named_cases(*state, ((fixture *)*state)->work, "technical_skills", cases,
                     sizeof cases / sizeof cases[0]);
}

typedef struct step_said {
  const char *text, *want;
} step_said;

/* Runs each text as the answer on next steps: the last step's key holds
   its want. */
static void expect_last_step(fixture *fx, const char *key, const step_said *cases, size_t n) {
  int failed = 0;
  for (size_t k = 0; k < n; k++) {
    json_t *u = run(fx, fx->sales, NULL, "next_steps", cases[k].text);
    const json_t *ns = val(u, "next_steps");
    const char *got = step_field(ns, json_array_size(ns) ? json_array_size(ns) - 1 : 0, key);
    if (!got || !strstr(got, cases[k].want)) {
      char *dump = json_dumps(ns, JSON_COMPACT | JSON_ENCODE_ANY);
      print_message("'%s': %s\n", cases[k].text, dump ? dump : "(none)");
      free(dump);
      failed++;
    }
    json_decref(u);
  }
  assert_int_equal(failed, 0);
}

/* A step's later date that narrows its first is the due date: a day inside
   the month named first, or a deadline after the period the work is for. */
static void test_next_steps_due_narrowed_later(void **state) {
  /* Reference: Tuesday 2026-10-06. */
  static const step_said cases[] = {
      {"Dana sends the usage figures for Q4 by Thursday.", "2026-10-08"},
      {"I'll book the workshop in November, probably the 12th.", "2026-11-12"},
      {"i'll run the onsite training early december most likely 3 december", "2026-12-03"},
      {"our analyst kofi will send the headcount plan for 2027 by monday", "2026-10-12"},
  };
  expect_last_step(*state, "due", cases, sizeof cases / sizeof cases[0]);
}

/* A step that is only a verb does what the clause before it asks for:
   "they want X, I'll organise for Friday". */
static void test_next_steps_bare_verb_takes_wanted_object(void **state) {
  static const step_said cases[] = {
      {"Their CFO wants a reference call with another hospital, I'll arrange by Friday.",
       "reference call"},
      {"the ops lead needs 50 demo tags for the warehouse pilot i'll organise by monday",
       "demo tags"},
      {"Marta asked for a pricing breakdown per site; Tom will prepare before the 20th.",
       "pricing breakdown"},
      {"They would like 1,500 spare filters for the pump trial, I'll order for end of the month.",
       "spare filters"},
  };
  expect_last_step(*state, "action", cases, sizeof cases / sizeof cases[0]);
}

/* "I'll send the recap today and put a hold on the unit": the owner's
   second verb after "and" is known by the object after it. */
static void test_next_steps_and_verb_by_its_object(void **state) {
  static const step_said cases[] = {
      {"I'll send the recap tonight and put a hold on the demo unit", "demo unit"},
      {"we'll ship the samples monday and add their depot to the rollout", "rollout"},
      {"Priya will call the lab on Friday and nudge the finance team about the invoices.",
       "finance team"},
      {"i'll email the deck tomorrow and pencil a workshop in for june", "workshop"},
  };
  expect_last_step(*state, "action", cases, sizeof cases / sizeof cases[0]);
}

/* "..., Sam guesses that's in May": an aside on when is neither a
   step nor part of the step before it. */
static void test_next_steps_aside_on_when(void **state) {
  fixture *fx = *state;
  static const char *const texts[] = {
      "I'll renew the fleet lease quote, he guesses that's around August.",
      "i'll chase the grain tender, mia thinks thats around june",
      "We'll set up a call with their buyer, Sam says it's in May.",
      "Dana will send the rollout plan, I think that is next month",
  };
  int failed = 0;
  for (size_t k = 0; k < sizeof texts / sizeof texts[0]; k++) {
    json_t *u = run(fx, fx->sales, NULL, "next_steps", texts[k]);
    char *dump = json_dumps(val(u, "next_steps"), JSON_COMPACT | JSON_ENCODE_ANY);
    if (!dump || strstr(dump, "that") || strstr(dump, "it's") || !strstr(dump, "\"due\"")) {
      print_message("'%s': %s\n", texts[k], dump ? dump : "(none)");
      failed++;
    }
    free(dump);
    json_decref(u);
  }
  assert_int_equal(failed, 0);
}

/* "check the clause with legal, confirm by the 15th": a lone verb with
   only a date after the same owner's undated step is that step's date. */
static void test_next_steps_lone_verb_dates_step_before(void **state) {
  fixture *fx = *state;
  /* Reference: Tuesday 2026-10-06. */
  static const char *const texts[] = {
      "I'll check with legal on the indemnity clause, answer by Friday.",
      "1. me: confirm rack sizes w landlord, reply by thu",
      "Dana will ask procurement about the payment terms, confirm by the 15th.",
      "we'll go over the draft contract internally, reply by Monday",
  };
  static const char *const dues[] = {"2026-10-09", "2026-10-08", "2026-10-15", "2026-10-12"};
  int failed = 0;
  for (size_t k = 0; k < sizeof texts / sizeof texts[0]; k++) {
    json_t *u = run(fx, fx->sales, NULL, "next_steps", texts[k]);
    const json_t *ns = val(u, "next_steps");
    const char *due = step_field(ns, 0, "due");
    if (json_array_size(ns) != 1 || !due || strcmp(due, dues[k]) != 0) {
      char *dump = json_dumps(ns, JSON_COMPACT | JSON_ENCODE_ANY);
      print_message("'%s': %s\n", texts[k], dump ? dump : "(none)");
      free(dump);
      failed++;
    }
    json_decref(u);
  }
  assert_int_equal(failed, 0);
}

/* Runs each of texts as the sales answer to asked: field stays empty. */
static void expect_sales_none(fixture *fx, const char *asked, const char *field,
                              const char *const *texts, size_t n) {
  for (size_t k = 0; k < n; k++) {
    json_t *u = run(fx, fx->sales, NULL, asked, texts[k]);
    char *dump = json_dumps(val(u, field), JSON_COMPACT | JSON_ENCODE_ANY);
    if (val(u, field))
      fail_msg("'%s': %s %s", texts[k], field, dump);
    free(dump);
    json_decref(u);
  }
}

/* Runs each of cases as the sales answer about objections. */
static void expect_objections(void **state, const list_case *cases, size_t n) {
  expect_list_cases(*state, ((fixture *)*state)->sales, "objections", cases, n, NULL);
}

/* Asked for objections, an answer that gives a verdict or a
   status and no worry has none to tell; a verdict clause beside a worry
   is dropped and the worry kept. */
static void test_objections_verdict_is_none(void **state) {
  static const char *const texts[] = {
      "thumbs up from the owner, contract to follow", "yes in principle, purchase order next week",
      "green light from finance, we send the order form", "it went well, all good on their side",
      "they're on board, the signed copy to follow"};
  expect_sales_none(*state, "objections", "objections", texts, DBF_ARRAY_LEN(texts));
  static const char *const want[] = {"rollout", NULL};
  static const char *const unwanted[] = {"principle", NULL};
  expect_json(*state, ((fixture *)*state)->sales, "objections",
              "a yes in principle, but the rollout effort worries them", want, unwanted);
}

/* What is asked of the seller or a meeting wanted ("wants us
   back", "would like a follow-up call") is a next step, never a need
   taken in passing. */
static void test_needs_not_a_meeting_asked(void **state) {
  static const char *const texts[] = {"the owner wants us back to present to the board",
                                      "they'd like a follow-up call with their IT lead next week",
                                      "she wants another session with the warehouse team on friday",
                                      "he wants us to come in on tuesday and walk the floor",
                                      "the plant manager wanted a second demo for the night shift"};
  expect_sales_none(*state, "next_steps", "customer_needs", texts, DBF_ARRAY_LEN(texts));
}

/* A condition set on the deal ("only if", "as long as",
   "unless", "provided that") is an objection, in passing too, from the
   condition on. */
static void test_objections_as_conditions(void **state) {
  static const list_case cases[] = {
      {"positive, they go ahead unless legal blocks the contract terms",
       {"\"unless legal blocks the contract terms\"", NULL}},
      {"keen to move, as long as the training load is light",
       {"\"as long as the training load is light\"", NULL}},
      {"they'll buy provided that the integration with their ERP works",
       {"\"provided that the integration with their ERP works\"", NULL}},
      {"they would sign only if onboarding takes under a month",
       {"\"only if onboarding takes under a month\"", NULL}},
  };
  expect_objections(state, cases, DBF_ARRAY_LEN(cases));
  /* Passing from an outcome: the same shape. */
  json_t *u = run(*state, ((fixture *)*state)->sales, NULL, "meeting_outcome",
                  "good meeting, they'd sign as long as the rollout effort stays small");
  if (!has(val(u, "objections"), "as long as the rollout effort stays small"))
    fail_msg("no condition in passing");
  json_decref(u);
}

/* An answer that says there were some ("a couple of
   questions", "some worries yes") and not what they were fills nothing,
   so the question is asked again. */
static void test_objections_only_some_said(void **state) {
  static const char *const texts[] = {
      "some worries yes", "oh a handful of questions you know the usual",
      "he had a couple of concerns", "a few comments, the usual", "they raised several points"};
  expect_sales_none(*state, "objections", "objections", texts, DBF_ARRAY_LEN(texts));
}

/* A topic said before the lead-in ("pricing yeah they said the
   fee is steep") stays with what it tells of. */
static void test_objections_topic_before_leadin(void **state) {
  static const char *const topics[] = {"pricing", "integration", "security", "training", NULL};
  expect_json(*state, ((fixture *)*state)->sales, "objections",
              "pricing yeah they said the per seat fee is too steep. integration honestly they "
              "think the connector is too thin. security mostly they felt the audit trail was "
              "weak. the training um they said nobody has time for it",
              topics, NULL);
}

/* Said without punctuation, a clause too long to be one concern
   is cut where "and" or "so" brings a new subject. */
static void test_objections_long_run_on_cut(void **state) {
  static const char *const parts[] = {
      "\"noise from the compressors",
      "footprint is a real concern\"",
      "\"rollout effort across",
      "\"training will take",
      "\"price per unit",
      "\"migration\"",
      "battery life of the handhelds in the cold store during the night shifts\"",
      "integration with their warehouse system breaks\"",
      NULL};
  expect_json(*state, ((fixture *)*state)->sales, "objections",
              "she was worried about the noise from the compressors next to the tasting room and "
              "um she said the floor space is tiny it's an old stone barn so the footprint is a "
              "real concern. they were concerned about the rollout effort across all eleven "
              "depots in the first quarter and they think the training will take the drivers off "
              "the road for too many days. the price per unit is higher than what they paid for "
              "the last batch of scanners from the old vendor so they want a discount and their "
              "it team is nervous about the migration. he had doubts about the battery life of "
              "the handhelds in the cold store during the night shifts and he worries that the "
              "integration with their warehouse system breaks",
              parts, NULL);
}

/* Runs each of rows[k][0] as the attendees answer: rows[k][1] has the
   role rows[k][2] ("" for none). */
static void expect_role_rows(fixture *fx, const char *const (*rows)[3], size_t n) {
  for (size_t k = 0; k < n; k++)
    expect_roles(fx, rows[k][0], (const char *const[]){rows[k][1], rows[k][2], NULL});
}

/* What a person runs or does, said with a pronoun or "who"
   and no comma ("she runs sales", "who does all the bookkeeping", "he
   does the commercial side"), is their role. */
static void test_attendee_role_by_what_they_do(void **state) {
  static const char *const rows[][3] = {
      {"Tom Reid and his daughter Emma Reid she runs sales", "Emma Reid", "sales"},
      {"Kenji Sato, his wife Aiko Sato who does all the bookkeeping, and Mr Ito", "Aiko Sato",
       "bookkeeping"},
      {"Ravi Shah director and his brother Anil Shah who now runs the Pune plant", "Anil Shah",
       "Pune plant"},
      {"Luis Vega and Pedro Gil he does the commercial side", "Pedro Gil", "commercial side"},
      {"jane kim who does most of the scheduling and tom ash", "Jane Kim", "scheduling"},
  };
  expect_role_rows(*state, rows, DBF_ARRAY_LEN(rows));
}

/* What a pronoun and its verb say a person is, with "the"
   ("he is the cellar master"), is their role though the lexicon does not
   know its words; "she is the one who signs" is none. */
static void test_attendee_role_said_of_unknown_words(void **state) {
  static const char *const rows[][3] = {
      {"Ana Ruiz, she's the cellar master, and Jo Ng", "Ana Ruiz", "cellar master"},
      {"Piet Smit he's the harbour master and Ola Dahl", "Piet Smit", "harbour master"},
      {"Kofi Owusu he is the yard foreman", "Kofi Owusu", "yard foreman"},
      {"Nils Berg he is the farrier / stable master, and Jo Ng", "Nils Berg",
       "farrier / stable master"},
      {"Emma Reid she is the one who signs, and Jo Ng", "Emma Reid", ""},
  };
  expect_role_rows(*state, rows, DBF_ARRAY_LEN(rows));
}

/* Typed in lower case, what stands where a name was not
   caught ("dont know name", "forgot name") is no person's name. */
static void test_name_not_caught_is_no_name(void **state) {
  static const char *const texts[] = {
      "tom reid plant mgr, & their fire inspector dialled in remotely, dont know name",
      "ana lima cfo and their auditor, forgot name",
      "jo ng coo, their lawyer - didnt catch the name",
      "tom reid plant mgr, their safety consultant, don't know the name",
  };
  static const char *const unwanted[] = {"Know", "Name", "Forgot", "Catch", NULL};
  for (size_t k = 0; k < DBF_ARRAY_LEN(texts); k++)
    expect_json(*state, ((fixture *)*state)->sales, "attendees", texts[k], NULL, unwanted);
}

/* "On board" says someone agrees; it names no board that
   decides ("has to be on board", "get the union on board"). */
static void test_decision_makers_on_board_is_no_board(void **state) {
  static const list_case cases[] = {
      {"Maria Lopez decides but Pedro has to be on board", {"\"Maria Lopez\"", "\"Pedro\"", NULL}},
      {"Anna decides, the CTO needs to get on board first", {"\"Anna\"", "\"CTO\"", NULL}},
      {"Tom Reid signs once the plant manager is on board", {"\"Tom Reid\"", NULL}},
      {"Ines decides; she wants the union on board too", {"\"Ines\"", NULL}},
  };
  static const char *const unwanted[] = {"\"board\"", NULL};
  expect_list_cases(*state, ((fixture *)*state)->sales, "decision_makers", cases,
                    DBF_ARRAY_LEN(cases), unwanted);
  static const char *const want[] = {"\"board\"", "\"COO\"", NULL};
  expect_json(*state, ((fixture *)*state)->sales, "decision_makers",
              "the board decides, the COO has to be on board", want, NULL);
}

/* An answer that opens by denying the field's kind of thing,
   with a word of degree between ("no big obstacles I recall"),
   and no "but" has none to tell; with a "but" it still has one. */
static void test_clause_list_opens_denying_kind(void **state) {
  static const char *const texts[] = {
      "no big obstacles I recall the harvest ran smoothly",
      "no real challenges that I can think of, pretty steady job",
      "not many challenges to be honest it was routine work",
      "um no major problems really, a calm place",
  };
  expect_none(*state, "challenges", texts, DBF_ARRAY_LEN(texts));
  static const char *const sales[] = {"no real concerns, they seemed keen",
                                      "no particular objections, all fine on their end"};
  expect_sales_none(*state, "objections", "objections", sales, DBF_ARRAY_LEN(sales));
  static const char *const want[] = {"depot move", NULL};
  expect_json(*state, ((fixture *)*state)->work, "challenges",
              "no big obstacles but the depot move in 2021 was rough", want, NULL);
}

/* Dictated without commas, a long list of duties opens a new
   duty at each verb in -ing after a word of content or "and"; a verb in
   -ing right after another ends a compound noun ("fault finding"). */
static void test_responsibilities_run_on_duties(void **state) {
  static const list_case cases[] = {
      {"driving the vans to the markets twice a week and sometimes to the big hotels in town "
       "loading the pallets with the night crew checking the cold chain logs",
       {"\"loading the pallets with the night crew\"", "\"checking the cold chain logs\"", NULL}},
      {"teaching the year ten classes most days plus some cover lessons for the other staff "
       "marking the mock exams with the team organising the science fair",
       {"\"marking the mock exams with the team\"", "\"organising the science fair\"", NULL}},
      {"servicing the boilers across the estate and all the call outs in the winter months "
       "problem solving doing the gas safety checks training the apprentices",
       {"problem solving\"", "\"doing the gas safety checks\"", "\"training the apprentices\"",
        NULL}},
      {"picking the orders for the shops every morning before the first trucks leave the yard "
       "counting the stock on fridays reporting the damages to the office",
       {"\"counting the stock on fridays\"", "\"reporting the damages to the office\"", NULL}},
  };
  expect_list_cases(*state, ((fixture *)*state)->work, "responsibilities", cases,
                    DBF_ARRAY_LEN(cases), NULL);
}

/* Typed in lower case, two words right after a role with its
   determiner are a name when a verb of deciding, "as", or a bracket
   closes them; a verb form ("wants changes") is none. */
static void test_decision_makers_lower_case_name_after_role(void **state) {
  static const list_case cases[] = {
      {"ida decides but their president osric lindgren signs.", {"\"Osric Lindgren\"", NULL}},
      {"kemal and the md wendel haddad decided together.", {"\"Wendel Haddad\"", NULL}},
      {"noor signed with their ceo garrick visser as co-signatory.", {"\"Garrick Visser\"", NULL}},
      {"the cfo anneke jansen (the owner's niece) signs the po", {"\"Anneke Jansen\"", NULL}},
  };
  static const char *const unwanted[] = {"Wants", "Changes", NULL};
  expect_list_cases(*state, ((fixture *)*state)->sales, "decision_makers", cases,
                    DBF_ARRAY_LEN(cases), unwanted);
  expect_json(*state, ((fixture *)*state)->sales, "decision_makers",
              "tom decides, the cfo wants changes.", NULL, unwanted);
}

/* Said without commas, "her", "his", "a" or "an" after a name
   opens its role; the next person's given name, "they" or "who'll" ends
   it. */
static void test_attendee_role_after_name_without_comma(void **state) {
  static const char *const rows[][3] = {
      {"oksana veres and teodor brodsky her logistics manager.", "Teodor Brodsky",
       "logistics manager"},
      {"Ola Berg and Tomas Lind his plant manager", "Tomas Lind", "plant manager"},
      {"dragan kowal and eamon vasquez a contract network engineer they hired in", "Eamon Vasquez",
       "contract network engineer"},
      {"gisela brandauer the owner and linnea her studio manager who'll handle the bookings.",
       "Linnea", "studio manager"},
      {"idris halloran the coo solveig marsh their head of logistics", "Idris Halloran", "coo"},
  };
  expect_role_rows(*state, rows, DBF_ARRAY_LEN(rows));
}

/* A run-on clause of concerns is cut where "and", "but" or
   "plus" brings a determiner, "with" or a name too, and failing any such
   subject at an "and". */
static void test_objections_long_run_on_more_joins(void **state) {
  static const char *const parts[] = {
      "\"upfront deposit of thirty percent (30%) instead of ten (10)",
      "\"replacement blades because everything comes from",
      "keep having to onboard people every few weeks",
      "\"scheduling is awkward on the phones in the loading bay",
      "\"Ilse doubts the loaders will use the scanner with mittens on",
      "\"privacy where the footage is stored",
      NULL};
  expect_json(*state, ((fixture *)*state)->sales, "objections",
              "upfront deposit of thirty percent instead of ten and the replacement blades because "
              "everything comes from the far side of the country and the delivery is about four "
              "weeks they cannot idle the mill that long with a blunt saw. the scheduling is "
              "awkward on the phones in the loading bay the early crew grumbled about that plus "
              "with the seasonal hiring they keep having to onboard people every few weeks. they "
              "are worried about privacy where the footage is stored they want it on their own "
              "servers not in a cloud and ilse doubts the loaders will use the scanner with "
              "mittens on in january",
              parts, NULL);
}

/* Three words of content before a lead-in ("payback period
   the cfo wants it under 3 years") are the topic it tells of and stay. */
static void test_objections_content_before_leadin(void **state) {
  static const char *const parts[] = {"payback period", "licence fee model", "night shift rota",
                                      "warranty length terms", NULL};
  expect_json(*state, ((fixture *)*state)->sales, "objections",
              "payback period gunnar wants it under two years. licence fee model they think "
              "twelve percent is steep. the night shift rota they said it clashes with the "
              "rollout. warranty length terms he wants five years not three",
              parts, NULL);
}

/* In a need too, three words of content before a lead-in are
   the topic it tells of ("pallet counts done by hand they want it
   automated"). */
static void test_needs_content_before_leadin(void **state) {
  static const list_case cases[] = {
      {"pallet counts done by hand takes ages they want it automated", {"pallet counts", NULL}},
      {"boiler downtime is eating their margin they need alerts before failures",
       {"boiler downtime", NULL}},
      {"missed school pickups upset parents so they want live bus tracking",
       {"missed school pickups", NULL}},
      {"chronic late invoices hurt cash flow so they need automatic reminders",
       {"late invoices", NULL}},
  };
  expect_list_cases(*state, ((fixture *)*state)->sales, "customer_needs", cases,
                    DBF_ARRAY_LEN(cases), NULL);
}

/* A word of address before a name ("their MD Mrs <Name>") is
   no part of the role; "then" ends a role; what ", &" or ", and" opens
   after a name is the next person, not the name's role. */
static void test_attendee_role_bounds_of_address_and_joins(void **state) {
  static const char *const rows[][3] = {
      {"Ivo Brandt the treasurer then their MD Mrs Lena Vogt", "Lena Vogt", "MD"},
      {"Ivo Brandt the treasurer then their MD Mrs Lena Vogt", "Ivo Brandt", "treasurer"},
      {"their CFO Dr Amal Haddad and Tom", "Amal Haddad", "CFO"},
      {"tom ash plant mgr, his safety officer Nia Jones, & a contractor electrician - Rhys.",
       "Nia Jones", "safety officer"},
      {"their buyer Ola Lind, and a consultant from Norvik - Per", "Ola Lind", "buyer"},
  };
  expect_role_rows(*state, rows, DBF_ARRAY_LEN(rows));
}

/* A "nothing" said of the kind's quality ("nothing stood out
   as hard", "nothing was too tough") has none to tell, without a "but". */
static void test_challenges_nothing_hard(void **state) {
  static const char *const texts[] = {
      "nothing stood out as hard the seasons were steady and predictable",
      "honestly nothing really difficult comes to mind it was calm",
      "nothing was too tough the team was great",
      "um nothing challenging springs to mind, a quiet role",
      "nothing stood out as hard but the 2021 depot move was rough",
  };
  /* All but the last, which a "but" turns. */
  expect_none(*state, "challenges", texts, DBF_ARRAY_LEN(texts) - 1);
  json_t *u = run(*state, ((fixture *)*state)->work, NULL, "challenges", texts[4]);
  assert_non_null(val(u, "challenges"));
  json_decref(u);
}

/* Typed in lower case, the word after a word of address ("mr",
   "mrs", "dr", "madam") is a name, and the next one too when it is no
   everyday word. */
static void test_people_lower_case_after_word_of_address(void **state) {
  static const list_case cases[] = {
      {"final say on spend is the cfo mr. fennimore", {"\"Fennimore\"", NULL}},
      {"ines + the owner mrs fairweather", {"\"Fairweather\"", NULL}},
      {"the md mr tadeusz wrona decides everything", {"\"Tadeusz Wrona\"", NULL}},
      {"kofi carries them and madam asantewaa has to sign the cheque", {"\"Asantewaa\"", NULL}},
  };
  expect_list_cases(*state, ((fixture *)*state)->sales, "decision_makers", cases,
                    DBF_ARRAY_LEN(cases), NULL);
}

/* The impact metrics read from text: exactly items results, the dump
   holding every string of want. */
static void expect_impact_items(fixture *fx, const char *text, size_t items,
                                const char *const *want) {
  json_t *u = run(fx, fx->work, NULL, "impact_metrics", text);
  const json_t *m = val(u, "impact_metrics");
  char *dump = m ? json_dumps(m, JSON_COMPACT) : strdup("none");
  assert_non_null(dump);
  if (json_array_size(m) != items)
    fail_msg("from \"%s\": want %zu items, got %s", text, items, dump);
  for (size_t w = 0; want[w]; w++)
    if (!strstr(dump, want[w]))
      fail_msg("from \"%s\": no %s in %s", text, want[w], dump);
  free(dump);
  json_decref(u);
}

/* Results said one after another without a comma: the words after a value
   and before the next figure name the next result, also past an "and"
   further on and past a stretch of time said after the first value. A
   figure after a scene set with a preposition is a result only when it is
   more than a count ("in tier 2 claims" is no result). */
static void test_impact_run_on_results(void **state) {
  static const struct {
    const char *text;
    size_t items;
    const char *const want[4];
  } cases[] = {
      {"churn fell from 9% to 4% in my second year support tickets dropped from 300 a week to 120 "
       "and we onboarded 45 new clinics",
       3,
       {"4%", "to 120", "45", NULL}},
      {"defect rate went from 3 percent to under 1 percent the night shift output rose 18% and "
       "overtime went down a lot",
       2,
       {"under 1%", "18%", NULL}},
      {"signups grew from 2,000 to 9,000 a month our refund rate was down 40% and nps went from 20 "
       "to 55",
       3,
       {"9,000", "40%", "20 to 55", NULL}},
      {"response times improved 25% over the first quarter average wait went from 12 minutes to 5",
       2,
       {"25%", "12 minutes to 5", NULL}},
      {"we recovered about 40,000 euros in tier 2 claims for our members", 1, {"40,000", NULL}},
  };
  for (size_t k = 0; k < DBF_ARRAY_LEN(cases); k++)
    expect_impact_items(*state, cases[k].text, cases[k].items, cases[k].want);
}

/* Money said right after a share is what the share amounted to: one result
   holding both. Money with words of its own is a result of its own. */
static void test_impact_money_restating_share(void **state) {
  static const char *const fifteen[] = {"15%", "$120k", NULL};
  static const char *const twenty[] = {"20%", "45,000 euros", NULL};
  static const char *const pounds[] = {"12%", "30k", NULL};
  static const char *const lakh[] = {"8%", "6 lakh", NULL};
  static const char *const apart[] = {"20%", "$50k", NULL};
  expect_impact_items(*state, "Energy use fell by 15%, which is roughly $120k a year.", 1, fifteen);
  expect_impact_items(*state, "we trimmed print spend by 20% over three years roughly 45,000 euros",
                      1, twenty);
  expect_impact_items(*state,
                      "Returns fell 12%, which was about \xC2\xA3"
                      "30k a year.",
                      1, pounds);
  expect_impact_items(*state,
                      "fees down 8% around \xE2\x82\xB9"
                      "6 lakh per year",
                      1, lakh);
  expect_impact_items(*state, "Revenue up 20%, and we saved $50k in fees.", 2, apart);
}

/* The company read from text, in any case. */
static void expect_company(fixture *fx, const char *text, const char *want) {
  json_t *u = run(fx, fx->work, NULL, "company", text);
  const char *got = json_string_value(val(u, "company"));
  if (!got || strcasecmp(got, want) != 0)
    fail_msg("from \"%s\": want %s, got %s", text, want, got ? got : "none");
  json_decref(u);
}

/* Typed in lower case without a comma, the employer's name ends where what
   is said about it starts, also when a word in it is a known given name
   (whose capital is given back) and after its legal form. */
static void test_company_lower_case_name_ends(void **state) {
  expect_company(*state, "marlow james carpentry a six person workshop in leeds",
                 "marlow james carpentry");
  expect_company(*state, "kestrel ridge logistics ltd regional haulier about 90 trucks",
                 "kestrel ridge logistics ltd");
  expect_company(*state, "dunmore & hale pvt ltd pune based", "dunmore & hale pvt ltd");
  expect_company(*state, "amara wells consulting llc mostly remote work",
                 "amara wells consulting llc");
  expect_company(*state, "sophie lane bakery head office in york.", "sophie lane bakery");
}

/* A stage taken back right after it is said ("negotiation? no, they
   haven't seen a price", "proposal? not yet") is not where the deal is; a negation before a
   "so" that opens the next clause does not deny the stage after it. */
static void test_deal_stage_taken_back(void **state) {
  expect_stage(*state, "negotiation? no, they haven't seen a price, so proposal for now",
               "proposal");
  expect_stage(*state, "proposal? not yet, still qualification really", "qualification");
  expect_stage(*state, "closed won no they have not signed so negotiation", "negotiation");
  expect_stage(*state, "they didn't want a demo so discovery for now", "discovery");
}

static void expect_sentiment(fixture *fx, const char *text, const char *want) {
  expect_str(fx, fx->sales, "sentiment", text, want);
}

/* A sentiment typed short as a sentence of its own or before a comma or a
   dash ("pos.", "neg -") is the value the person files it under. */
static void test_sentiment_short_form(void **state) {
  expect_sentiment(*state, "pos. finance pushed back on price but ops loved it", "positive");
  expect_sentiment(*state, "neg - loved the demo but they want out of the deal", "negative");
  expect_sentiment(*state, "neu, pleased with the price but worried about support", "neutral");
}

/* A change said as a fraction ("by about a third", "by a quarter", "by
   roughly two thirds") is a value; a quarter of time ("every quarter"), a
   fraction of something ("a quarter of the staff") or an ordinal ("a
   third vendor") is none. */
static void test_impact_fraction_said(void **state) {
  static const char *const third[] = {"about a third", NULL};
  static const char *const quarter[] = {"a quarter", NULL};
  static const char *const thirds[] = {"two thirds", NULL};
  static const char *const per_quarter[] = {"10%", NULL};
  static const char *const none[] = {NULL};
  expect_impact_items(*state, "complaints to the council shrank by about a third", 1, third);
  expect_impact_items(*state, "we cut rework on the line by a quarter", 1, quarter);
  expect_impact_items(*state, "late deliveries went down by roughly two thirds", 1, thirds);
  expect_impact_items(*state, "we report every quarter and sales grew 10%", 1, per_quarter);
  expect_impact_items(*state, "about a quarter of the staff joined the pilot", 0, none);
  expect_impact_items(*state, "we brought in a third vendor to cover nights", 0, none);
}

/* A result compared with what it replaced ("in 3 days rather than 10
   days", "instead of a week") keeps the comparison in its value, and what
   is said after it is read on. */
static void test_impact_instead_of_baseline(void **state) {
  static const char *const rather[] = {"3 days vs 10 days", "70% to 88%", NULL};
  static const char *const instead[] = {"2 days", "15%", NULL};
  expect_impact_items(*state,
                      "tickets are closed in 3 days rather than 10 days and csat went from 70% "
                      "to 88%",
                      2, rather);
  expect_impact_items(*state, "orders ship in 2 days instead of a week and returns fell 15%", 2,
                      instead);
}

/* A metric's name from the words before its verb when a stretch of time
   or a place follows it ("weekend kitchen staff attrition during the summer pilot fell"),
   from the noun after a count up to an "and", never with a dangling
   "in". */
static void test_impact_names_without_scene(void **state) {
  static const char *const turnover[] = {"\"weekend kitchen staff attrition\"", NULL};
  static const char *const parcels[] = {"\"parcels scanned\"", NULL};
  static const char *const paid[] = {"\"invoices are paid\"", NULL};
  expect_impact_items(
      *state, "weekend kitchen staff attrition during the summer pilot fell from 25% to 11%", 1,
      turnover);
  expect_impact_items(
      *state, "about three hundred parcels scanned and checked by hand each night for the depot", 1,
      parcels);
  expect_impact_items(*state, "invoices are paid in 10 days rather than 30 days", 1, paid);
}

static void expect_title(fixture *fx, const char *text, const char *want) {
  expect_str(fx, fx->work, "role_title", text, want);
}

/* A title said first and named as the title after it ("Harbour Master was
   my title", "X is the official title") is the title, also when no word of
   it is a known role and one after "before that" is. */
static void test_title_named_after_it(void **state) {
  /* Each answer, then the title it gives. */
  static const char *const said[] = {
      "Cellar Door Host was my title. Before that I was a sales assistant.",
      "Cellar Door Host",
      "Harbour Master was my title, before that deck officer",
      "Harbour Master",
      "Night Desk Editor is the official title, before that court reporter",
      "Night Desk Editor",
      "Yard Marshal is the official title. before that a warehouse operative for 3 yrs",
      "Yard Marshal",
      NULL};
  for (size_t k = 0; said[k]; k += 2)
    expect_title(*state, said[k], said[k + 1]);
}

/* "approx" before a figure is its hedge, part of the value as "about" is,
   not a word of the metric's name. */
static void test_impact_approx_hedge(void **state) {
  static const char *const saving[] = {"\"licence renewal saving\"", "approx 12k a year", NULL};
  static const char *const callbacks[] = {"\"callbacks\"", "approx 15 a week", NULL};
  expect_impact_items(*state, "licence renewal saving approx 12k a year", 1, saving);
  expect_impact_items(*state, "callbacks approx 15 a week now", 1, callbacks);
}

/* No company in the text. */
static void expect_no_company(fixture *fx, const char *text) {
  json_t *u = run(fx, fx->work, NULL, "company", text);
  if (val(u, "company"))
    fail_msg("from \"%s\": company %s", text, json_string_value(val(u, "company")));
  json_decref(u);
}

/* Whom the person reported to or worked for is no employer ("Reporting to
   Gwen Adair.", "worked for Helen Brooks directly"), but a firm named
   after a person is ("worked for Tomas Reyes Carpentry"). */
static void test_company_not_the_boss(void **state) {
  expect_no_company(*state, "Reporting to Gwen Adair.");
  expect_no_company(*state, "worked for Helen Brooks directly, she owned the bakery");
  expect_no_company(*state, "reporting to marcus oyelaran at first");
  expect_company(*state, "I worked for Tomas Reyes Carpentry, just me and an apprentice",
                 "Tomas Reyes Carpentry");
}

/* Typed in lower case, a given name with its possessive ("on
   nathan's recommendation") is restored as the name. */
static void test_people_lower_case_possessive_name(void **state) {
  static const list_case cases[] = {
      {"the board decides on priyanka's recommendation.", {"\"Priyanka\"", NULL}},
      {"the governors decide based on imogen's recommendation", {"\"Imogen\"", NULL}},
      {"the panel. greta's vote weighs most as chair.", {"\"Greta\"", NULL}},
      {"council awards it based on daniel's evaluation", {"\"Daniel\"", NULL}},
  };
  expect_list_cases(*state, ((fixture *)*state)->sales, "decision_makers", cases,
                    DBF_ARRAY_LEN(cases), NULL);
}

/* A job in stages (reference 2026-10-06): a later date that opens a stage
   of the same job (a start cue before it, or a span of its own) is no end
   of the role, and "until today" says the job goes on. */
static void test_timeline_stages_of_one_job(void **state) {
  static const char *const said[][3] = {
      {"I joined as a trainee in March 2018, team lead from September 2021, and I'm still there.",
       "2018-03", "present"},
      {"started 2015 as a junior, senior from feb 2019, still with them", "2015", "present"},
      {"Hired in April 2016 as a temp, got promoted in 2019 and I'm currently there.", "2016-04",
       "present"},
      {"analyst from 2012 manager from jun 2017 moved on in nov 2023", "2012", "2023-11"},
      {"line cook from may 2014, head chef oct 2018 to mar 2024", "2014-05", "2024-03"},
      {"From June 2019. Until today.", "2019-06", "present"},
      {"i started in august twenty twenty one and i am there until today", "2021-08", "present"},
  };
  assert_timelines(*state, said, sizeof said / sizeof said[0]);
}

/* A year said in words with no lead word before it opens a span when a
   later year follows after "to", "till", "until" or "through". */
static void test_timeline_spoken_year_opens_span(void **state) {
  static const char *const said[][3] = {
      {"twenty fifteen to twenty nineteen, roughly", "2015", "2019"},
      {"nineteen ninety eight till two thousand and four", "1998", "2004"},
      {"uh twenty twelve through twenty twenty", "2012", "2020"},
      {"Twenty sixteen until twenty twenty one when the site closed.", "2016", "2021"},
  };
  assert_timelines(*state, said, sizeof said / sizeof said[0]);
}

/* A month said alone holds only its own days: a deadline at the end of
   the month before it is no day inside it, so the decision date said
   after both wins (reference 2026-10-06). */
static void test_decision_date_month_holds_own_days(void **state) {
  static const char *const said[][2] = {
      {"Their fiscal year opens in April, the paperwork needs filing by end of March, so "
       "they'll decide by mid-March.",
       "2027-03-15"},
      {"the show opens in june, stands must be booked by end of may so they decide by mid may",
       "2027-05-15"},
      {"Term begins in January and kit has to be ordered by the end of December, so the "
       "decision comes by mid-December.",
       "2026-12-15"},
      {"peak starts in august. orders close end of july so sign off mid july", "2027-07-15"},
  };
  fixture *fx = *state;
  expect_strings(fx, fx->sales, "decision_timeline", said, sizeof said / sizeof said[0]);
}

/* "before then" points back to the date said last before it, however
   many words lie between; the deadline said after is the decision's
   (reference 2026-10-06). */
static void test_decision_date_before_then_far_back(void **state) {
  static const char *const said[][2] = {
      {"The new season opens on the first of May so they would want to choose a supplier before "
       "then, Priya said by end of March.",
       "2027-03-31"},
      {"their audit starts 1 february so theyd like to settle on a vendor before then, marco "
       "said by 15 december",
       "2026-12-15"},
      {"The lease ends on the 30th of June so they want to have it all agreed before then. Carla "
       "said by the end of April at the latest.",
       "2027-04-30"},
      {"the grant year closes 31 march so they need to sign the paperwork off before then, Dev "
       "thinks by 20 january",
       "2027-01-20"},
      {"Their financial year starts on the first of July and they plan to pick one of us before "
       "that, so by the end of May.",
       "2027-05-31"},
  };
  fixture *fx = *state;
  expect_strings(fx, fx->sales, "decision_timeline", said, sizeof said / sizeof said[0]);
}

/* A month said again loosely, after a correction, holds the day said of
   it earlier in the answer (reference 2026-10-06). */
static void test_decision_date_month_restated_keeps_day(void **state) {
  static const char *const said[][2] = {
      {"they will decide by end of this month so they can start in January no sorry I mean "
       "February so decide this month",
       "2026-10-31"},
      {"Sign off by November 12th, then install, no wait, just say November for the decision.",
       "2026-11-12"},
      {"decision by the end of next month, actually hmm, next month anyway", "2026-11-30"},
      {"They said the 20th of December, or, well, sorry, December.", "2026-12-20"},
  };
  fixture *fx = *state;
  expect_strings(fx, fx->sales, "decision_timeline", said, sizeof said / sizeof said[0]);
}

/* A title said twice ("<owner> and lead <x> ... so <owner> and lead <x>"):
   a grade word already in the title is no promotion said after it. */
static void test_title_said_twice_keeps_its_grade(void **state) {
  static const char *const said[][2] = {
      {"owner and lead baker I ran the place so owner and lead baker", "Owner and Lead Baker"},
      {"Managing Partner and Lead Designer. I owned it, so Managing Partner and Lead Designer.",
       "Managing Partner and Lead Designer"},
      {"director and chief engineer it was my firm so director and chief engineer",
       "Director and Chief Engineer"},
      {"Founder and Principal Consultant, it was my own practice, founder and principal "
       "consultant",
       "Founder and Principal Consultant"},
  };
  fixture *fx = *state;
  expect_strings(fx, fx->work, "role_title", said, sizeof said / sizeof said[0]);
}

/* A title and then "that is / which is the title": the pronoun is no word
   of the title. */
static void test_title_then_pronoun_naming_it(void **state) {
  static const char *const said[][2] = {
      {"night shift supervisor that is the official title but everyone says boss",
       "Night Shift Supervisor"},
      {"head groundskeeper that is my title although people call me the gardener",
       "Head Groundskeeper"},
      {"senior lab technician which is the official title even if i run the lab",
       "Senior Lab Technician"},
      {"assistant site manager that is what it says on my contract", "Assistant Site Manager"},
  };
  fixture *fx = *state;
  expect_strings(fx, fx->work, "role_title", said, sizeof said / sizeof said[0]);
}

/* A title said in the present after a time it began ("since <time> I'm
   <title>") is the one held now, over one said before it. */
static void test_title_held_since_is_current(void **state) {
  static const char *const said[][2] = {
      {"Line Cook, grill station. Well, since March I'm Sous Chef on the weekend team.",
       "Sous Chef"},
      {"Staff Accountant. Officially since 2023 I am Finance Manager there.", "Finance Manager"},
      {"Junior Developer, payments. Honestly since last spring I'm Tech Lead for the squad.",
       "Tech Lead"},
      {"warehouse operative, nights. well since last year i'm shift supervisor",
       "Shift Supervisor"},
  };
  fixture *fx = *state;
  expect_strings(fx, fx->work, "role_title", said, sizeof said / sizeof said[0]);
}

/* A bracket of a few words right after the title, naming no role and no
   date, is the title's specialty and stays with it, typed in any case. */
static void test_title_keeps_bracketed_specialty(void **state) {
  static const char *const said[][2] = {
      {"site foreman (electrical). before that i was an electrician", "Site Foreman (Electrical)"},
      {"Project Engineer (Structures) at a consultancy in Leeds.", "Project Engineer (Structures)"},
      {"lead tutor (maths and physics) at the learning centre", "Lead Tutor (Maths and Physics)"},
      {"Senior Buyer (Home & Garden), before that assistant buyer", "Senior Buyer (Home & Garden)"},
  };
  fixture *fx = *state;
  expect_strings(fx, fx->work, "role_title", said, sizeof said / sizeof said[0]);
}

/* A word of a rival's kind that opens a sentence with its capital
   ("Incumbent is ...", "Competitor was ...") says what, not who. */
static void test_competitors_kind_word_opening_sentence(void **state) {
  static const named_case cases[] = {
      {"Incumbent is Corvane, and they like them.", "\"Corvane\"", "Incumbent"},
      {"Competitor was Brevix mostly.", "\"Brevix\"", "Competitor"},
      {"Incumbent: Zentor, been there for years.", "\"Zentor\"", "Incumbent"},
      {"Rival is mostly Kestrio on price.", "\"Kestrio\"", "Rival"},
  };
  expect_named_cases(*state, ((fixture *)*state)->sales, "competitors", cases,
                     sizeof cases / sizeof cases[0]);
}

/* Typed in lower case, a name of two words that opens its sentence
   before a cue only a vendor does is one name; the cue may stand in
   brackets after it. */
static void test_competitors_lower_case_two_word_name_before_cue(void **state) {
  static const named_case cases[] = {
      {"marvanta logistics won it", "\"Marvanta Logistics\"", NULL},
      {"velmor nord undercut us by a lot", "\"Velmor Nord\"", NULL},
      {"so. tarvik freight beat us on price", "\"Tarvik Freight\"", NULL},
      {"halvard systems (beat us) on service", "\"Halvard Systems\"", NULL},
      {"pellam (won it), we were second", "\"Pellam\"", NULL},
      /* An everyday word first is no name. */
      {"the cheaper one won", NULL, "Cheaper"},
      {"price alone won it for them", NULL, "Price"},
  };
  expect_named_cases(*state, ((fixture *)*state)->sales, "competitors", cases,
                     sizeof cases / sizeof cases[0]);
}

/* After a thing done ("doing it", "run it all", "keep them"), "in"
   before a name says what it is done with, not where: the name is a
   rival; a place after a word that is no such object stays a place. */
static void test_competitors_done_in_a_tool(void **state) {
  static const named_case cases[] = {
      {"she priced up simply running it in Qorlane herself", "\"Qorlane\"", NULL},
      {"they might run it all in Dashwick on their own", "\"Dashwick\"", NULL},
      {"or they keep doing it in Fennel Desk internally", "\"Fennel Desk\"", NULL},
      {"Plovix quoted, and they talked about building that in Grovix instead", "\"Grovix\"", NULL},
      {"Corvane pitched them at the trade show in Lisbon", "\"Corvane\"", "Lisbon"},
  };
  expect_named_cases(*state, ((fixture *)*state)->sales, "competitors", cases,
                     sizeof cases / sizeof cases[0]);
}

/* After a cue, a name whose last word says what kind of firm or
   product it is ("... App", "... Software", "... Health") names a firm,
   even when its first word is a given name. */
static void test_competitors_given_name_with_firm_head(void **state) {
  static const named_case cases[] = {
      {"they got a quote from Kate Cloud too", "\"Kate Cloud\"", NULL},
      {"also an offer from Mary Logistics last week", "\"Mary Logistics\"", NULL},
      {"- on Plovix now\n- demo from Tom Health booked", "\"Tom Health\"", NULL},
      {"currently using Paul Apps for rostering", "\"Paul Apps\"", NULL},
  };
  expect_named_cases(*state, ((fixture *)*state)->sales, "competitors", cases,
                     sizeof cases / sizeof cases[0]);
}

/* An alternative said as a thing they would do, a verb in -ing after a
   word of weighing up to "instead", is kept in the person's words; the
   verb after a cue is no name typed in lower case. */
static void test_competitors_activity_instead(void **state) {
  static const named_case cases[] = {
      {"they thought about renting vans instead", "\"renting vans\"", NULL},
      {"plovix quoted. also they thought abt leasing the trucks instead", "\"leasing the trucks\"",
       "Leasing"},
      {"They are considering just hiring a contractor instead.", "\"hiring a contractor\"", NULL},
      {"might look at keeping the old presses instead", "\"keeping the old presses\"", "Keeping"},
      {"they're not thinking of switching instead", NULL, "switching"},
  };
  expect_named_cases(*state, ((fixture *)*state)->sales, "competitors", cases,
                     sizeof cases / sizeof cases[0]);
}

/* Right after a cue of an offer made ("a bid from", "a counter-offer
   from"), one word that could be a given name names the firm that made
   it, unless a firm follows to say where the person works. */
static void test_competitors_given_name_after_offer_cue(void **state) {
  static const named_case cases[] = {
      {"the group also holds a counter-offer from Ravel for two years", "\"Ravel\"", NULL},
      {"there was also a bid from Noor", "\"Noor\"", NULL},
      {"they had a proposal from Amara, a local outfit", "\"Amara\"", NULL},
      {"Plovix is the incumbent and an offer from Leona came in too", "\"Leona\"", NULL},
      {"a quote from Noor at Kelvix", NULL, "Noor"},
  };
  expect_named_cases(*state, ((fixture *)*state)->sales, "competitors", cases,
                     sizeof cases / sizeof cases[0]);
}

/* Typed in lower case, the words set apart before a hedge on a name
   ("or something like that", "or whatever its called") are a name when
   the first is no everyday word. */
static void test_competitors_lower_case_name_before_hedge(void **state) {
  static const named_case cases[] = {
      {"they run with a small firm, dorran wash co or something like that", "\"Dorran Wash Co\"",
       NULL},
      {"they use the one across town, kelvane or whatever its called", "\"Kelvane\"", NULL},
      {"the other quote, marlo signs or something like it, was cheaper", "\"Marlo Signs\"", NULL},
      {"for now they keep a small supplier, tarrow dairy or sth like that", "\"Tarrow Dairy\"",
       NULL},
      {"the price was fine or something like that", NULL, "Price"},
  };
  expect_named_cases(*state, ((fixture *)*state)->sales, "competitors", cases,
                     sizeof cases / sizeof cases[0]);
}

/* Asked again for a title on record, an answer with no role word, no
   noun of one who does and no date is the employer's answer: the held
   title stays and the employer is read from it. */
/* Asked for concerns, an answer where a person and a verb carry each
   concern ("the ops lead fretted about ...") stays the concerns' answer
   when no day is due; a step given off the question with a day it is due
   still goes to the steps. */
static void test_objections_told_by_person_stay_asked(void **state) {
  fixture *fx = *state;
  static const char *const said[] = {
      "only one really - Kwame fretted about the integration with their old billing system",
      "mainly cost - Ingrid thinks the licence is too expensive for a small depot",
      "security - Tomasz asked how we handle gdpr for the driver photos",
      "the legacy system - Priyanka doubts we can connect to their warehouse database",
  };
  for (size_t k = 0; k < sizeof said / sizeof *said; k++) {
    json_t *u = run(fx, fx->sales, NULL, "objections", said[k]);
    const json_t *ob = val(u, "objections");
    if (!json_is_array(ob) || json_array_size(ob) == 0 || conf(u, "objections") < 0.6)
      fail_msg("'%s': objections %s, next_steps %s", said[k], fx_dump(u, "objections"),
               fx_dump(u, "next_steps"));
    json_decref(u);
  }
  /* Near misses: steps with the day each is due, asked about concerns. */
  static const char *const steps[] = {
      "Kwame sends the integration spec by next Friday",
      "Ingrid shares the security questionnaire on Monday",
  };
  for (size_t k = 0; k < sizeof steps / sizeof *steps; k++) {
    json_t *u = run(fx, fx->sales, NULL, "objections", steps[k]);
    if (!val(u, "next_steps"))
      fail_msg("'%s': next_steps none, objections %s", steps[k], fx_dump(u, "objections"));
    json_decref(u);
  }
}

static void test_title_followup_answered_with_employer(void **state) {
  fixture *fx = *state;
  json_t *rec = json_pack("{s:{s:s, s:f}}", "role_title", "value", "Welder", "confidence", 0.5);
  static const struct {
    const char *text, *company;
  } said[] = {
      {"marlow quay holdings sp. z o.o.", "marlow quay holdings"},
      {"brightwater dental group, leeds", "brightwater dental group"},
      {"kestrel valley co-op", "kestrel valley co-op"},
      {"Ostara Fisheries BV, Rotterdam", "Ostara Fisheries"},
  };
  for (size_t k = 0; k < sizeof said / sizeof *said; k++) {
    json_t *u = run(fx, fx->work, rec, "role_title", said[k].text);
    const char *c = sval(u, "company");
    if (val(u, "role_title") || !c || strncasecmp(c, said[k].company, strlen(said[k].company)) != 0)
      fail_msg("'%s': role_title %s, company %s", said[k].text, fx_dump(u, "role_title"),
               fx_dump(u, "company"));
    json_decref(u);
  }
  /* Near misses: a title the lexicon lacks, the dates' answer, and an
     employer already on record. */
  static const char *const titles[] = {"leading hand laminator", "chief cellarist, then owner",
                                       "from 2019 until march 2022"};
  for (size_t k = 0; k < sizeof titles / sizeof *titles; k++) {
    json_t *u = run(fx, fx->work, rec, "role_title", titles[k]);
    if (val(u, "company"))
      fail_msg("'%s': company %s, want none", titles[k], fx_dump(u, "company"));
    json_decref(u);
  }
  json_t *both =
      json_pack("{s:{s:s, s:f}, s:{s:s, s:f}}", "role_title", "value", "Welder", "confidence", 0.5,
                "company", "value", "Harrow Steel", "confidence", 0.85);
  json_t *u = run(fx, fx->work, both, "role_title", "brightwater dental group, leeds");
  assert_null(val(u, "company"));
  json_decref(u);
  json_decref(both);
  json_decref(rec);
}

/* A name of three words said right after a role and a comma keeps its
   third word ("<role>, <family> <middle> <given>"), whatever the order of
   its words; a weekday or a role after two name words stays out. */
static void test_attendee_three_word_name_after_role_comma(void **state) {
  fixture *fx = *state;
  static const struct {
    const char *text, *name, *role;
  } said[] = {
      {"Duong Minh Chau the director, Pham Van Long the site manager, and that was all",
       "Pham Van Long", "site manager"},
      {"Joao Pedro Santos the finance lead, Maria Clara Souza the buyer", "Maria Clara Souza",
       "buyer"},
      /* the name set off by commas on both sides */
      {"we had the CFO, Juan Carlos Ibarra, plus Nina", "Juan Carlos Ibarra", "CFO"},
      {"the quality lead, Tran Thi Bich, sat in too", "Tran Thi Bich", "quality lead"},
      /* near misses: a weekday, a role after two name words */
      {"the buyer, Ana Lima Thursday said yes", "Ana Lima", "buyer"},
      {"their plant manager, Rui Costa Finance Director was away", "Rui Costa", NULL},
  };
  for (size_t i = 0; i < sizeof said / sizeof said[0]; i++) {
    json_t *u = run(fx, fx->sales, NULL, "attendees", said[i].text);
    const json_t *a = val(u, "attendees");
    assert_non_null(a);
    bool seen = false;
    for (size_t k = 0; k < json_array_size(a); k++) {
      const char *nm = person_name(a, k);
      /* no part of the name read as a person of its own */
      assert_true(strcmp(nm, "Long") != 0 && strcmp(nm, "Pham Van") != 0 &&
                  strcmp(nm, "Maria Clara") != 0 && strcmp(nm, "Juan Carlos") != 0 &&
                  strcmp(nm, "Tran Thi") != 0 && strcmp(nm, "Ana Lima Thursday") != 0 &&
                  strcmp(nm, "Rui Costa Finance") != 0);
      seen = seen || strcmp(nm, said[i].name) == 0;
    }
    assert_true(seen);
    if (said[i].role)
      assert_string_equal(role_of(a, said[i].name), said[i].role);
    json_decref(u);
  }
}

/* A given name the session knows alone, said again with two more name
   words after it, is read with all three; a weekday or a role after two
   name words stays out. */
static void test_attendee_known_given_name_then_two_name_words(void **state) {
  fixture *fx = *state;
  static const char *const said[][3] = {
      {"Liv", "Tor Berg (CEO), Liv Aasen Dahl who is head of finance", "Liv Aasen Dahl"},
      {"Rafael", "Rafael Mendes Prado the buyer and Tor Berg", "Rafael Mendes Prado"},
      {"Anh", "Anh Quoc Bao, the QA lead, joined late", "Anh Quoc Bao"},
      {"Ines", "and Ines Moura Castro who handles the budget", "Ines Moura Castro"},
      /* near misses */
      {"Liv", "Liv Aasen Monday said she would sign", "Liv Aasen"},
      {"Liv", "Tor Berg and Liv Aasen Finance Director were there", "Liv Aasen"},
  };
  for (size_t i = 0; i < sizeof said / sizeof said[0]; i++) {
    json_t *rec = json_pack("{s:{s:[{s:s}]}}", "attendees", "value", "name", said[i][0]);
    json_t *u = run(fx, fx->sales, rec, "attendees", said[i][1]);
    const json_t *a = val(u, "attendees");
    assert_non_null(a);
    bool seen = false;
    for (size_t k = 0; k < json_array_size(a); k++)
      seen = seen || strcmp(person_name(a, k), said[i][2]) == 0;
    assert_true(seen);
    json_decref(u);
    json_decref(rec);
  }
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_normalize_utf8),
      cmocka_unit_test(test_normalize_disfluencies),
      cmocka_unit_test(test_sentences_and_lists),
      cmocka_unit_test(test_sentences_of_a_run_on),
      cmocka_unit_test(test_lexicon_matching),
      cmocka_unit_test(test_lexicon_load_errors),
      cmocka_unit_test(test_sales_sample_answers),
      cmocka_unit_test(test_sentiment),
      cmocka_unit_test(test_negation_creates_nothing),
      cmocka_unit_test(test_cross_field),
      cmocka_unit_test(test_corrections),
      cmocka_unit_test(test_timeline_passing_events),
      cmocka_unit_test(test_title_in_passing_not_corrected),
      cmocka_unit_test(test_work_answers),
      cmocka_unit_test(test_vague_answer_fills_nothing),
      cmocka_unit_test(test_custom_template),
      cmocka_unit_test(test_off_target_answers),
      cmocka_unit_test(test_unknown_competitors),
      cmocka_unit_test(test_competitor_shapes),
      cmocka_unit_test(test_last_stated_value),
      cmocka_unit_test(test_next_step_forms),
      cmocka_unit_test(test_money_forms),
      cmocka_unit_test(test_merge),
      cmocka_unit_test(test_merge_own_list),
      cmocka_unit_test(test_merge_ours_said_later),
      cmocka_unit_test(test_specificity_and_done),
      cmocka_unit_test(test_done_phrases_are_not_values),
      cmocka_unit_test(test_negation_is_answered),
      cmocka_unit_test(test_phone_asides_are_no_names),
      cmocka_unit_test(test_mostly_lower_case_names),
      cmocka_unit_test(test_lower_case_date_is_no_person),
      cmocka_unit_test(test_outcome_takes_only_outcomes),
      cmocka_unit_test(test_answer_meant_for_another_text_field),
      cmocka_unit_test(test_two_skill_lists_split),
      cmocka_unit_test(test_decision_makers_people_and_groups),
      cmocka_unit_test(test_decision_makers_denied_and_pronoun_roles),
      cmocka_unit_test(test_lower_case_typing),
      cmocka_unit_test(test_titles_no_lexicon_knows),
      cmocka_unit_test(test_budget_and_dates_as_said),
      cmocka_unit_test(test_metrics_run_on),
      cmocka_unit_test(test_metrics_as_said),
      cmocka_unit_test(test_metrics_figures_as_written),
      cmocka_unit_test(test_metrics_spelled_figures),
      cmocka_unit_test(test_metrics_saved_and_long_units),
      cmocka_unit_test(test_metrics_subject_in_apposition),
      cmocka_unit_test(test_metrics_baseline_in_value),
      cmocka_unit_test(test_metrics_in_longer_sentences),
      cmocka_unit_test(test_soft_skills_self_appraisal),
      cmocka_unit_test(test_known_first_name_in_lower_case),
      cmocka_unit_test(test_decision_date_as_award),
      cmocka_unit_test(test_company_name_shapes),
      cmocka_unit_test(test_title_of_tail_lower),
      cmocka_unit_test(test_next_steps_run_on_owners),
      cmocka_unit_test(test_next_steps_hyphens_and_acronyms),
      cmocka_unit_test(test_budget_currency_apart_and_our_proposal),
      cmocka_unit_test(test_budget_not_sign_off_threshold),
      cmocka_unit_test(test_budget_range_narrowed),
      cmocka_unit_test(test_title_arrow_progression),
      cmocka_unit_test(test_sentiment_verdict),
      cmocka_unit_test(test_title_promotion_in_passing),
      cmocka_unit_test(test_title_vague_phrase_tentative),
      cmocka_unit_test(test_company_forms),
      cmocka_unit_test(test_decision_date_forms),
      cmocka_unit_test(test_decision_date_none),
      cmocka_unit_test(test_title_not_qualification_in_passing),
      cmocka_unit_test(test_skills_denials_and_sentence_verbs),
      cmocka_unit_test(test_products_not_sentence_openers),
      cmocka_unit_test(test_attendee_roles_joined_and_aside),
      cmocka_unit_test(test_titles_with_particles),
      cmocka_unit_test(test_tools_item_shapes),
      cmocka_unit_test(test_champion_is_no_decider),
      cmocka_unit_test(test_timeline_end_counted_from_start),
      cmocka_unit_test(test_objection_definite_noun),
      cmocka_unit_test(test_objection_names_and_own_notes),
      cmocka_unit_test(test_attendees_as_listed),
      cmocka_unit_test(test_next_steps_events_and_reports),
      cmocka_unit_test(test_competitors_named_any_way),
      cmocka_unit_test(test_titles_companies_money_dates),
      cmocka_unit_test(test_hostile_input),
      cmocka_unit_test(test_out_of_memory),
      cmocka_unit_test(test_deciders_as_said),
      cmocka_unit_test(test_roles_and_activities),
      cmocka_unit_test(test_budget_among_amounts),
      cmocka_unit_test(test_attendees_as_said),
      cmocka_unit_test(test_deciders_named_any_way),
      cmocka_unit_test(test_timeline_as_told),
      cmocka_unit_test(test_competitors_round7),
      cmocka_unit_test(test_titles_and_employers_round7),
      cmocka_unit_test(test_next_steps_round7),
      cmocka_unit_test(test_impact_round7),
      cmocka_unit_test(test_soft_skills_round7),
      cmocka_unit_test(test_soft_skills_denied),
      cmocka_unit_test(test_impact_worded_values),
      cmocka_unit_test(test_impact_period_is_no_result),
      cmocka_unit_test(test_impact_corrected_figure),
      cmocka_unit_test(test_sentence_opening_correction),
      cmocka_unit_test(test_metrics_count_with_subject),
      cmocka_unit_test(test_budget_share_of_wider),
      cmocka_unit_test(test_budget_labels_and_taken_back),
      cmocka_unit_test(test_next_step_after_openers),
      cmocka_unit_test(test_next_step_with_named_partner),
      cmocka_unit_test(test_next_step_topic_after_due),
      cmocka_unit_test(test_next_step_owner_with_title),
      cmocka_unit_test(test_next_step_more_verbs),
      cmocka_unit_test(test_timeline_not_corrected_by_figure),
      cmocka_unit_test(test_attendee_list_volunteered),
      cmocka_unit_test(test_attendee_after_filler),
      cmocka_unit_test(test_attendee_group_roles),
      cmocka_unit_test(test_attendee_outside_company),
      cmocka_unit_test(test_negation_scope_dash),
      cmocka_unit_test(test_deal_stage_as_filed),
      cmocka_unit_test(test_none_withdraws_inferred),
      cmocka_unit_test(test_answer_opening_with_none),
      cmocka_unit_test(test_none_idioms_are_content),
      cmocka_unit_test(test_topic_only_answer_is_vague),
      cmocka_unit_test(test_first_name_firms),
      cmocka_unit_test(test_competitors_by_their_pitch),
      cmocka_unit_test(test_next_step_purpose_after_date),
      cmocka_unit_test(test_next_steps_without_substance),
      cmocka_unit_test(test_numbered_items_inline),
      cmocka_unit_test(test_next_steps_as_listed_items),
      cmocka_unit_test(test_titles_of_trades_and_care),
      cmocka_unit_test(test_title_held_last),
      cmocka_unit_test(test_titles_spell_out_shorthand),
      cmocka_unit_test(test_lower_case_rival_in_passing),
      cmocka_unit_test(test_timeline_months_by_their_verb),
      cmocka_unit_test(test_deciders_by_their_verb),
      cmocka_unit_test(test_tools_joined_in_one_item),
      cmocka_unit_test(test_employer_names_as_written),
      cmocka_unit_test(test_objections_about_reliability),
      cmocka_unit_test(test_products_joined_and_mentioned),
      cmocka_unit_test(test_given_name_that_is_a_role_word),
      cmocka_unit_test(test_lone_names_with_roles),
      cmocka_unit_test(test_title_of_address_before_name),
      cmocka_unit_test(test_impact_range_of_levels),
      cmocka_unit_test(test_impact_unnamed_figures_kept_apart),
      cmocka_unit_test(test_competitor_after_unpunctuated_cue),
      cmocka_unit_test(test_next_step_owner_to_verb),
      cmocka_unit_test(test_next_step_owner_after_it),
      cmocka_unit_test(test_acronym_inside_compound),
      cmocka_unit_test(test_deciders_firm_role_and_denied_name),
      cmocka_unit_test(test_deciding_group_with_its_name),
      cmocka_unit_test(test_volunteered_people_with_relative_clause),
      cmocka_unit_test(test_people_under_firm_headings),
      cmocka_unit_test(test_attendee_role_after_from),
      cmocka_unit_test(test_tools_item_as_clause),
      cmocka_unit_test(test_soft_skill_not_verb_and_article),
      cmocka_unit_test(test_tools_leftover_words),
      cmocka_unit_test(test_tools_inner_word),
      cmocka_unit_test(test_tools_after_denial),
      cmocka_unit_test(test_team_context_not_title_at_employer),
      cmocka_unit_test(test_timeline_end_from_now),
      cmocka_unit_test(test_timeline_spoken_forms),
      cmocka_unit_test(test_timeline_which_dates),
      cmocka_unit_test(test_next_steps_due_relative_to_meeting),
      cmocka_unit_test(test_competitors_one_item_per_vendor),
      cmocka_unit_test(test_competitors_merge_longer_name),
      cmocka_unit_test(test_skills_tools_not_both),
      cmocka_unit_test(test_one_letter_skill_not_in_compound),
      cmocka_unit_test(test_decision_makers_one_per_name),
      cmocka_unit_test(test_decision_makers_role_of_named),
      cmocka_unit_test(test_name_as_kind_is_no_vendor),
      cmocka_unit_test(test_tool_names_that_are_words),
      cmocka_unit_test(test_list_item_hyphenated_word),
      cmocka_unit_test(test_list_item_filler_adverbs),
      cmocka_unit_test(test_skill_word_qualifying_noun),
      cmocka_unit_test(test_tools_merge_name_inside_longer),
      cmocka_unit_test(test_products_not_dates_or_codes),
      cmocka_unit_test(test_products_not_comments),
      cmocka_unit_test(test_products_ampersand_name),
      cmocka_unit_test(test_competitors_cue_forms),
      cmocka_unit_test(test_attendee_role_ends_before_name_or_number),
      cmocka_unit_test(test_competitors_generic_word_alone),
      cmocka_unit_test(test_products_not_rivals),
      cmocka_unit_test(test_products_listed_with_one_of_ours),
      cmocka_unit_test(test_attendee_forms_of_address),
      cmocka_unit_test(test_attendee_role_after_name_forms),
      cmocka_unit_test(test_people_names_without_accents),
      cmocka_unit_test(test_competitor_name_spellings),
      cmocka_unit_test(test_objection_negated_leadin),
      cmocka_unit_test(test_people_lower_case_surnames_and_verbs),
      cmocka_unit_test(test_decision_makers_not_advisers),
      cmocka_unit_test(test_tools_name_without_use),
      cmocka_unit_test(test_nothing_comes_to_mind),
      cmocka_unit_test(test_tools_kept_in_and_qualifiers),
      cmocka_unit_test(test_achievements_hyphen_and_sweeping),
      cmocka_unit_test(test_products_as_said),
      cmocka_unit_test(test_attendees_not_our_side),
      cmocka_unit_test(test_attendees_names_not_caught),
      cmocka_unit_test(test_competitors_status_quo_words),
      cmocka_unit_test(test_tools_purpose_not_an_item),
      cmocka_unit_test(test_tools_remarks_and_asides),
      cmocka_unit_test(test_soft_skills_appraisal_only),
      cmocka_unit_test(test_decision_group_of_a_group),
      cmocka_unit_test(test_skills_adjacent_known_words),
      cmocka_unit_test(test_skills_run_on_list),
      cmocka_unit_test(test_competitors_lower_case_before_cue),
      cmocka_unit_test(test_products_run_on_articles),
      cmocka_unit_test(test_attendees_roles_without_commas),
      cmocka_unit_test(test_tools_run_on_capitals),
      cmocka_unit_test(test_competitors_more_cues),
      cmocka_unit_test(test_soft_skills_run_on_activities),
      cmocka_unit_test(test_skills_run_on_after_known_term),
      cmocka_unit_test(test_attendees_lower_case_surnames),
      cmocka_unit_test(test_people_lower_case_names_of_every_region),
      cmocka_unit_test(test_given_name_as_brand_is_no_person),
      cmocka_unit_test(test_attendees_one_per_name),
      cmocka_unit_test(test_lower_case_verb_after_name_is_no_surname),
      cmocka_unit_test(test_people_by_cue_without_commas),
      cmocka_unit_test(test_tools_article_opens_item_without_commas),
      cmocka_unit_test(test_list_item_ends_before_degree_adverb),
      cmocka_unit_test(test_impact_approx_hedge),
      cmocka_unit_test(test_company_not_the_boss),
      cmocka_unit_test(test_competitors_lower_case_more_cues),
      cmocka_unit_test(test_decision_makers_only_recommends),
      cmocka_unit_test(test_objections_and_opens_next_clause),
      cmocka_unit_test(test_skills_of_trades_without_commas),
      cmocka_unit_test(test_impact_run_on_results),
      cmocka_unit_test(test_impact_money_restating_share),
      cmocka_unit_test(test_company_lower_case_name_ends),
      cmocka_unit_test(test_deal_stage_taken_back),
      cmocka_unit_test(test_sentiment_short_form),
      cmocka_unit_test(test_impact_fraction_said),
      cmocka_unit_test(test_impact_instead_of_baseline),
      cmocka_unit_test(test_impact_names_without_scene),
      cmocka_unit_test(test_title_named_after_it),
      cmocka_unit_test(test_objections_verdict_is_none),
      cmocka_unit_test(test_needs_not_a_meeting_asked),
      cmocka_unit_test(test_objections_as_conditions),
      cmocka_unit_test(test_objections_only_some_said),
      cmocka_unit_test(test_objections_topic_before_leadin),
      cmocka_unit_test(test_objections_long_run_on_cut),
      cmocka_unit_test(test_attendee_role_by_what_they_do),
      cmocka_unit_test(test_attendee_role_said_of_unknown_words),
      cmocka_unit_test(test_name_not_caught_is_no_name),
      cmocka_unit_test(test_decision_makers_on_board_is_no_board),
      cmocka_unit_test(test_clause_list_opens_denying_kind),
      cmocka_unit_test(test_people_lower_case_possessive_name),
      cmocka_unit_test(test_responsibilities_run_on_duties),
      cmocka_unit_test(test_decision_makers_lower_case_name_after_role),
      cmocka_unit_test(test_attendee_role_after_name_without_comma),
      cmocka_unit_test(test_objections_long_run_on_more_joins),
      cmocka_unit_test(test_objections_content_before_leadin),
      cmocka_unit_test(test_needs_content_before_leadin),
      cmocka_unit_test(test_attendee_role_bounds_of_address_and_joins),
      cmocka_unit_test(test_challenges_nothing_hard),
      cmocka_unit_test(test_people_lower_case_after_word_of_address),
      cmocka_unit_test(test_role_before_name_with_closer_after),
      cmocka_unit_test(test_lower_case_given_name_of_place_or_firm),
      cmocka_unit_test(test_competitors_described_without_name),
      cmocka_unit_test(test_competitors_place_after_name),
      cmocka_unit_test(test_list_items_are_things),
      cmocka_unit_test(test_competitors_described_from_place),
      cmocka_unit_test(test_list_item_placeholder_is_none),
      cmocka_unit_test(test_competitors_lower_case_status_cues),
      cmocka_unit_test(test_products_name_shapes),
      cmocka_unit_test(test_list_items_cut_or_pointing_back),
      cmocka_unit_test(test_tools_by_shape_around_name),
      cmocka_unit_test(test_skills_run_on_ends_at_speaker),
      cmocka_unit_test(test_competitors_kind_word_opening_sentence),
      cmocka_unit_test(test_competitors_lower_case_two_word_name_before_cue),
      cmocka_unit_test(test_competitors_done_in_a_tool),
      cmocka_unit_test(test_competitors_given_name_with_firm_head),
      cmocka_unit_test(test_competitors_activity_instead),
      cmocka_unit_test(test_competitors_given_name_after_offer_cue),
      cmocka_unit_test(test_competitors_lower_case_name_before_hedge),
      cmocka_unit_test(test_timeline_stages_of_one_job),
      cmocka_unit_test(test_timeline_spoken_year_opens_span),
      cmocka_unit_test(test_decision_date_month_holds_own_days),
      cmocka_unit_test(test_decision_date_before_then_far_back),
      cmocka_unit_test(test_decision_date_month_restated_keeps_day),
      cmocka_unit_test(test_title_said_twice_keeps_its_grade),
      cmocka_unit_test(test_title_then_pronoun_naming_it),
      cmocka_unit_test(test_title_held_since_is_current),
      cmocka_unit_test(test_title_keeps_bracketed_specialty),
      cmocka_unit_test(test_next_steps_due_narrowed_later),
      cmocka_unit_test(test_next_steps_bare_verb_takes_wanted_object),
      cmocka_unit_test(test_next_steps_and_verb_by_its_object),
      cmocka_unit_test(test_next_steps_aside_on_when),
      cmocka_unit_test(test_next_steps_lone_verb_dates_step_before),
      cmocka_unit_test(test_title_followup_answered_with_employer),
      cmocka_unit_test(test_objections_told_by_person_stay_asked),
      cmocka_unit_test(test_attendee_three_word_name_after_role_comma),
      cmocka_unit_test(test_attendee_known_given_name_then_two_name_words),
  };
  return cmocka_run_group_tests(tests, fx_setup, fx_teardown);
}
