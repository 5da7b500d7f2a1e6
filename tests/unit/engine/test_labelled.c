/*
 * test_labelled.c - tests for server/engine/labelled.c (lines that name
 * their field) and for how extract.c reads them.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "engine/labelled.h"
#include "rules/fixture.h"

/* The key and the part of each labelled line of text in the work template. */
static size_t find(fixture *fx, const char *text, dbf__labelled *out) {
  return dbf__labelled_find(fx->work, text, strlen(text), out, DBF__LABELLED_MAX);
}

static void test_find_shapes(void **state) {
  fixture *fx = *state;
  dbf__labelled l[DBF__LABELLED_MAX];
  const char *text = "Position: Night Charge Nurse\n"
                     "  - Employer - Kauri Valley Hospital\n"
                     "2) tools = Epic, Pyxis\n"
                     "\xE2\x80\xA2 Started: feb 2017\n"
                     "Role_Title \xE2\x80\x93 Charge Nurse\n"
                     "until: now";
  assert_int_equal(find(fx, text, l), 6);
  assert_string_equal(l[0].field->key, "role_title");
  assert_int_equal(l[0].len, strlen("Night Charge Nurse"));
  assert_memory_equal(text + l[0].off, "Night Charge Nurse", l[0].len);
  assert_string_equal(l[1].field->key, "company");
  assert_memory_equal(text + l[1].off, "Kauri Valley Hospital", l[1].len);
  assert_string_equal(l[2].field->key, "tools_technologies");
  assert_string_equal(l[3].field->key, "timeline");
  assert_int_equal(l[3].part, DBF__LABEL_START);
  assert_string_equal(l[4].field->key, "role_title");
  assert_int_equal(l[4].part, DBF__LABEL_WHOLE);
  assert_int_equal(l[5].part, DBF__LABEL_END);
}

/* A colon inside a sentence, a label naming no field, an empty value and a
   label too long to be one are not labelled lines. */
static void test_find_near_misses(void **state) {
  fixture *fx = *state;
  dbf__labelled l[DBF__LABELLED_MAX];
  const char *const texts[] = {
      "We had one goal for the year: cut the backlog in half",
      "Note: she wants the deck again",
      "role:",
      "My role: mostly the night rota",
      "the title of the programme we ran for three whole years: Bright Start",
      "tools - ",
      "Role 2019: welder",
  };
  for (size_t i = 0; i < DBF_ARRAY_LEN(texts); i++)
    if (find(fx, texts[i], l) != 0)
      fail_msg("'%s' read as labelled (%s)", texts[i], l[0].field->key);
}

/* A CV pasted as the opening answer fills each field it labels, as if each
   had been asked, and the start and end lines make one range. */
static void test_extract_cv_lines(void **state) {
  fixture *fx = *state;
  json_t *u = fx_run(fx, fx->work, NULL,
                     "Job title: Senior Quantity Surveyor\n"
                     "Employer: Brightwater Civil Contractors (bridges, Waikato)\n"
                     "From: june 2018\n"
                     "To: march 2023\n"
                     "Mostly post-tensioned bridge decks for the regional council");
  assert_string_equal(json_string_value(fx_val(u, "role_title")), "Senior Quantity Surveyor");
  assert_string_equal(json_string_value(fx_val(u, "company")), "Brightwater Civil Contractors");
  const json_t *tl = fx_val(u, "timeline");
  assert_string_equal(json_string_value(json_object_get(tl, "start")), "2018-06");
  assert_string_equal(json_string_value(json_object_get(tl, "end")), "2023-03");
  assert_true(json_number_value(json_object_get(json_object_get(u, "role_title"), "confidence")) >=
              0.8);
  json_decref(u);
}

/* A labelled line answers its own field whatever was asked, and a date in
   it is not read as the title that was asked for. */
static void test_extract_labelled_other_field(void **state) {
  fixture *fx = *state;
  json_t *u = fx_run(fx, fx->work, "role_title", "- start: october 2021\n- end: still there");
  assert_null(fx_val(u, "role_title"));
  const json_t *tl = fx_val(u, "timeline");
  assert_string_equal(json_string_value(json_object_get(tl, "start")), "2021-10");
  assert_string_equal(json_string_value(json_object_get(tl, "end")), "present");
  json_decref(u);
}

/* Notes typed after a meeting: each line fills the field its label names. */
static void test_extract_debrief_notes(void **state) {
  fixture *fx = *state;
  json_t *u = fx_run(fx, fx->sales, "meeting_outcome",
                     "Outcome: they want a paid pilot in two depots\n"
                     "Budget - approx 60k EUR for the pilot\n"
                     "Competition: RouteWise and Fleetmind\n"
                     "Stage: proposal");
  const json_t *b = fx_val(u, "budget");
  assert_int_equal(json_integer_value(json_object_get(b, "amount")), 60000);
  assert_string_equal(json_string_value(json_object_get(b, "currency")), "EUR");
  assert_true(fx_has(fx_val(u, "competitors"), "RouteWise"));
  assert_true(fx_has(fx_val(u, "competitors"), "Fleetmind"));
  assert_non_null(fx_val(u, "meeting_outcome"));
  assert_null(strstr(json_string_value(fx_val(u, "meeting_outcome")), "60k"));
  assert_string_equal(json_string_value(fx_val(u, "deal_stage")), "proposal");
  json_decref(u);
}

/* A template's declared labels are checked: words only, and one field each. */
static void test_labels_validated(void **state) {
  (void)state;
  const char *def =
      "{\"slug\":\"lab\",\"title\":\"Labels\",\"description\":\"d\",\"opening\":\"Hi?\","
      "\"fields\":["
      "{\"key\":\"site\",\"type\":\"string\",\"description\":\"d\",\"ask\":\"Where?\","
      "\"extractor\":{\"kind\":\"free_text\",\"params\":{\"labels\":[\"place\",\"--\"]}}},"
      "{\"key\":\"place\",\"type\":\"string\",\"description\":\"d\",\"ask\":\"Which?\"}]}";
  json_t *j = json_loads(def, 0, NULL);
  assert_non_null(j);
  dbf_template *t = NULL;
  dbf_violations v = {0};
  dbf_status st = {0};
  assert_int_equal(dbf_template_parse(j, &t, &v, &st), DBF_ERR_INVALID);
  bool owner = false, words = false;
  for (size_t i = 0; i < v.n; i++) {
    owner = owner ||
            (strstr(v.items[i].field, "labels[0]") && strstr(v.items[i].description, "'place'"));
    words = words || strstr(v.items[i].field, "labels[1]");
  }
  assert_true(owner);
  assert_true(words);
  dbf_violations_free(&v);
  json_decref(j);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_find_shapes),
      cmocka_unit_test(test_find_near_misses),
      cmocka_unit_test(test_extract_cv_lines),
      cmocka_unit_test(test_extract_labelled_other_field),
      cmocka_unit_test(test_extract_debrief_notes),
      cmocka_unit_test(test_labels_validated),
  };
  return cmocka_run_group_tests(tests, fx_setup, fx_teardown);
}
