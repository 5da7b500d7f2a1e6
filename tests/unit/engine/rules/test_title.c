/*
 * test_title.c - tests for server/engine/rules/title.c: a job title.
 */
#include "fixture.h"

/* Asked for the title, a role said of a colleague is not the person's: one
   with an article or a count in a list of people that names "me" first,
   or the one they report to. */
static void test_title_of_colleague_is_not_own(void **state) {
  fixture *fx = *state;
  static const char *const said[][2] = {
      {"A crew of four: me, a junior buyer and two planners.", NULL},
      {"Just me and an apprentice electrician most days.", NULL},
      {"There were three of us, me, a sous chef and a porter.", NULL},
      {"Small unit, me plus a staff nurse on nights, reporting to the ward manager.", NULL},
      {"Senior Buyer, in a crew of four with two planners.", "Senior Buyer"},
      {"I was a staff nurse, reporting to the ward manager.", "Staff Nurse"},
  };
  for (size_t k = 0; k < sizeof said / sizeof said[0]; k++)
    fx_expect_str(fx, fx->work, "role_title", "role_title", said[k][0], said[k][1]);
}

/* Asked for the title, one said again with a grade in front and the same
   head word, run on without a comma, is the promotion: the graded one is
   kept (with the first title when only the head word is said again). Two
   different roles joined by "and" stay one title. */
static void test_title_promotion_said_twice(void **state) {
  fixture *fx = *state;
  static const char *const said[][2] = {
      {"pharmacy technician senior technician since march", "Senior Pharmacy Technician"},
      {"quantity surveyor and associate quantity surveyor", "Associate Quantity Surveyor"},
      {"welder lead welder the last 3 yrs", "Lead Welder"},
      {"so um team lead senior team lead", "Senior Team Lead"},
      {"Copy Editor then Senior Copy Editor from 2020", "Senior Copy Editor"},
      {"founder and lead photographer", "Founder and Lead Photographer"},
      {"sr accountant", "Senior Accountant"},
  };
  for (size_t k = 0; k < sizeof said / sizeof said[0]; k++)
    fx_expect_str(fx, fx->work, "role_title", "role_title", said[k][0], said[k][1]);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_title_of_colleague_is_not_own),
      cmocka_unit_test(test_title_promotion_said_twice),
  };
  return cmocka_run_group_tests(tests, fx_setup, fx_teardown);
}
