/*
 * test_title.c - tests for server/engine/rules/title.c: a job title.
 */
#include "fixture.h"

/* Asked for the title, a role said of a colleague is not the person's: one
   with an article or a count in a list of people that names "me" first,
   or the one they report to. */
static void test_title_of_colleague_is_not_own(void **state) {
  fixture *fx = *state;
  static const char *const none[] = {
      "A crew of four: me, a junior buyer and two planners.",
      "Just me and an apprentice electrician most days.",
      "There were three of us, me, a sous chef and a porter.",
      "Small unit, me plus a staff nurse on nights, reporting to the ward manager.",
  };
  for (size_t k = 0; k < sizeof none / sizeof none[0]; k++) {
    json_t *u = fx_run(fx, fx->work, "role_title", none[k]);
    if (fx_val(u, "role_title"))
      fail_msg("'%s': role_title %s", none[k], fx_dump(u, "role_title"));
    json_decref(u);
  }
  static const char *const said[][2] = {
      {"Senior Buyer, in a crew of four with two planners.", "Senior Buyer"},
      {"I was a staff nurse, reporting to the ward manager.", "Staff Nurse"},
  };
  for (size_t k = 0; k < sizeof said / sizeof said[0]; k++) {
    json_t *u = fx_run(fx, fx->work, "role_title", said[k][0]);
    const char *got = json_string_value(fx_val(u, "role_title"));
    if (!got || strcasecmp(got, said[k][1]) != 0)
      fail_msg("'%s': role_title %s, want '%s'", said[k][0], fx_dump(u, "role_title"), said[k][1]);
    json_decref(u);
  }
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_title_of_colleague_is_not_own),
  };
  return cmocka_run_group_tests(tests, fx_setup, fx_teardown);
}
