/*
 * test_free_text.c - tests for server/engine/rules/free_text.c: a targeted
 * answer kept verbatim.
 */
#include "fixture.h"

/* Runs each answer of said as the answer to the team: the text stored
   (second). */
static void expect_team(fixture *fx, const char *const said[][2], size_t n) {
  for (size_t k = 0; k < n; k++)
    fx_expect_str(fx, fx->work, "team_context", "team_context", said[k][0], said[k][1]);
}

/* A field that counts: a count said in words gets its digits after it,
   compounds read whole, and the rest stays in the person's words. */
static void test_free_text_count_in_words_gets_digits(void **state) {
  static const char *const said[][2] = {
      {"We were a crew of eleven riggers and I answered to the stage manager.",
       "We were a crew of eleven (11) riggers and I answered to the stage manager"},
      {"thirty-six nurses across the two wards, reporting to the matron",
       "Thirty-six (36) nurses across the two (2) wards, reporting to the matron"},
      {"I looked after forty seven drivers and reported to the depot boss",
       "I looked after forty seven (47) drivers and reported to the depot boss"},
      {"The kitchen had a hundred and twenty covers and nine cooks under the head chef",
       "The kitchen had a hundred and twenty (120) covers and nine (9) cooks under the head "
       "chef"},
      {"Around one hundred and five pickers in season, I reported to the grower",
       "Around one hundred and five (105) pickers in season, I reported to the grower"},
      {"Eight analysts sat with me, the treasury head was my boss",
       "Eight (8) analysts sat with me, the treasury head was my boss"},
      {"about two thousand volunteers across the region, my manager was the area lead",
       "About two thousand (2000) volunteers across the region, my manager was the area lead"},
  };
  expect_team(*state, said, DBF_ARRAY_LEN(said));
}

/* Words that only look like counts stay as said: "one of", a hyphen-joined
   length, an ordinal, an idiom, a name, and money. */
static void test_free_text_not_a_count_stays(void **state) {
  static const char *const said[][2] = {
      {"I was one of the senior porters and reported to the duty manager.",
       "I was one of the senior porters and reported to the duty manager"},
      {"A two-week rota with the crew chief in charge of the team",
       "A two-week rota with the crew chief in charge of the team"},
      {"Our team sat on the twenty first floor under the chief architect",
       "Our team sat on the twenty first floor under the chief architect"},
      {"The team was at sixes and sevens until the new manager came",
       "The team was at sixes and sevens until the new manager came"},
      {"Our crew covered the Seven Dials branch under a regional lead",
       "Our crew covered the Seven Dials branch under a regional lead"},
      {"Small team with a budget of fifty thousand euros, reporting to the CFO",
       "Small team with a budget of fifty thousand euros, reporting to the CFO"},
      {"Ninety percent of the crew were agency staff, the site lead ran it",
       "Ninety percent of the crew were agency staff, the site lead ran it"},
      {"A six person shift, eighty per cent of them on nights, under the charge hand",
       "A six (6) person shift, eighty per cent of them on nights, under the charge hand"},
      {"It was a one-off team pulled together by the programme lead",
       "It was a one-off team pulled together by the programme lead"},
  };
  expect_team(*state, said, DBF_ARRAY_LEN(said));
}

/* A field without "counts" (the outcome) writes the digits after a count
   of ten or more said in words, and keeps smaller ones, shares, money,
   times and years as said. */
static void expect_outcome(fixture *fx, const char *const said[][2], size_t n) {
  for (size_t k = 0; k < n; k++)
    fx_expect_str(fx, fx->sales, "meeting_outcome", "meeting_outcome", said[k][0], said[k][1]);
}

static void test_free_text_outcome_large_count_gets_digits(void **state) {
  static const char *const said[][2] = {
      {"Pilot agreed on twelve vans, plus three reference calls wanted.",
       "Pilot agreed on twelve (12) vans, plus three reference calls wanted"},
      {"Good reaction, they asked for a demo for forty planners next month.",
       "Good reaction, they asked for a demo for forty (40) planners next month"},
      {"the hospital signed off on a hundred and thirty beds for phase one",
       "The hospital signed off on a hundred and thirty (130) beds for phase one"},
      {"They committed to twenty seven kiosks no hang on twenty nine kiosks across the malls",
       "They committed to twenty seven (27) kiosks no hang on twenty nine (29) kiosks across "
       "the malls"},
      {"Verbal yes to fifteen cranes and a two year support term",
       "Verbal yes to fifteen (15) cranes and a two year support term"},
  };
  expect_outcome(*state, said, DBF_ARRAY_LEN(said));
}

static void test_free_text_outcome_small_or_no_count_stays(void **state) {
  static const char *const said[][2] = {
      {"They agreed to trial it on two sites before the board meets",
       "They agreed to trial it on two sites before the board meets"},
      {"They want fifteen percent off before they sign anything",
       "They want fifteen percent off before they sign anything"},
      {"Agreed at forty thousand dollars a year for the first term",
       "Agreed at forty thousand dollars a year for the first term"},
      {"They signed a twenty-four-month deal with the option to extend",
       "They signed a twenty-four-month deal with the option to extend"},
      {"Go-live is fixed for twenty twenty seven once the budget lands",
       "Go-live is fixed for twenty twenty seven once the budget lands"},
      {"Follow-up call booked at ten thirty on Friday with their ops lead",
       "Follow-up call booked at ten thirty on Friday with their ops lead"},
      {"We agreed the go-live date of the twenty first of March",
       "We agreed the go-live date of the twenty first of March"},
  };
  expect_outcome(*state, said, DBF_ARRAY_LEN(said));
}

/* Asked about the team, an answer that names no team word is kept only for
   a figure that counts: digits glued to letters (a model, a version) and a
   year count nobody. */
static void test_free_text_model_or_year_is_no_count(void **state) {
  static const char *const said[][2] = {
      {"Mostly Revit and the Trimble X7 scanner, with Navisworks for clashes", NULL},
      {"we logged samples in labware, moved to benchling in 2021", NULL},
      {"QGIS, a Garmin GPSMAP66 and the odk collect app on cheap phones", NULL},
      {"Maximo for work orders since 2016 and a Fluke ti480 camera", NULL},
      {"roughly 30 pickers in the high season", "Roughly 30 pickers in the high season"},
      {"7 nurses on days plus 3 on nights", "7 nurses on days plus 3 on nights"},
      {"twelve apprentices and two fitters", "Twelve (12) apprentices and two (2) fitters"},
  };
  expect_team(*state, said, DBF_ARRAY_LEN(said));
}

/* A long answer whose figures would push its end past the stored length
   stays as said, with the one it reported to at the end. */
static void test_free_text_long_answer_keeps_its_end(void **state) {
  static const char said[] =
      "Across the dry dock the yard had eleven welders, twelve fitters, thirteen riggers, "
      "fourteen painters, fifteen scaffolders, sixteen labourers, seventeen drivers, eighteen "
      "crane hands, nineteen cleaners, and twenty trainees spread across the early and late "
      "rotations on the big hull refits, with the paint bay crews and the blast bay crews kept "
      "apart by the safety office, while the tank cleaning gang and the pipe shop shared one "
      "canteen and one toolstore, and the night watch had its own small hut by the gate, "
      "and I reported to the docking superintendent Adaeze Obi";
  fixture *fx = *state;
  json_t *u = fx_run(fx, fx->work, "team_context", said);
  const json_t *v = fx_val(u, "team_context");
  assert_true(json_is_string(v));
  assert_non_null(strstr(json_string_value(v), "superintendent Adaeze Obi"));
  json_decref(u);
}

/* Said in the opening answer, before any field is asked, the sentences
   about the team (a team word with a count, or whom the person reported
   to) fill the team weakly; the size of the firm, or a title alone, does
   not. */
static void test_free_text_team_in_opening_answer(void **state) {
  fixture *fx = *state;
  static const char *const said[][2] = {
      {"Packhouse supervisor at Orrin Fruit. Team of 9 graders on my line.",
       "Team of 9 graders on my line"},
      {"i drove for a parcel firm in leeds. reported to the depot manager, sue",
       "Reported to the depot manager, sue"},
      {"Lab tech at a water board 2019-2022. Small crew of 3 techs under me.",
       "Small crew of 3 techs under me"},
      {"junior editor at a trade weekly reporting to the features editor with a squad of 4 "
       "freelancers",
       "Junior editor at a trade weekly reporting to the features editor with a squad of 4 "
       "freelancers"},
      {"Barista at Kettle Lane Roasters. Small shop, about 12 staff.", NULL},
      {"Site engineer at Colm Civils from 2016 to 2021.", NULL},
      {"I was a team lead at a bank in Porto.", NULL},
  };
  for (size_t k = 0; k < sizeof said / sizeof said[0]; k++) {
    json_t *u = fx_run(fx, fx->work, NULL, said[k][0]);
    const json_t *v = fx_val(u, "team_context");
    if (said[k][1] ? !json_is_string(v) || strcasecmp(json_string_value(v), said[k][1]) != 0
                   : v != NULL)
      fail_msg("'%s': team %s, want %s", said[k][0], fx_dump(u, "team_context"),
               said[k][1] ? said[k][1] : "none");
    json_decref(u);
  }
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_free_text_count_in_words_gets_digits),
      cmocka_unit_test(test_free_text_not_a_count_stays),
      cmocka_unit_test(test_free_text_outcome_large_count_gets_digits),
      cmocka_unit_test(test_free_text_outcome_small_or_no_count_stays),
      cmocka_unit_test(test_free_text_model_or_year_is_no_count),
      cmocka_unit_test(test_free_text_long_answer_keeps_its_end),
      cmocka_unit_test(test_free_text_team_in_opening_answer),
  };
  return cmocka_run_group_tests(tests, fx_setup, fx_teardown);
}
