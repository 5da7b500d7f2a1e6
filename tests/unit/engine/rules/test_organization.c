/*
 * test_organization.c - tests for server/engine/rules/organization.c: an
 * employer's or organization's name.
 */
#include "fixture.h"

/* Said in passing (the opening), a job title right before "at" or "for"
   makes the name after it the employer; "at" after no title does not. */
static void test_company_after_title_in_passing(void **state) {
  fixture *fx = *state;
  static const char *const said[][2] = {
      {"I was the night nurse at Kestrel Care Group, on the cardiac ward.", "Kestrel Care Group"},
      {"Lead barista at Copperleaf Roasters, mostly weekends.", "Copperleaf Roasters"},
      {"Worked three years as a site engineer for Brackwater Civil in Leeds.", "Brackwater Civil"},
      {"so i was payroll officer at Tern Valley Council for a while", "Tern Valley Council"},
  };
  for (size_t k = 0; k < sizeof said / sizeof said[0]; k++) {
    json_t *u = fx_run(fx, fx->work, NULL, said[k][0]);
    const char *got = json_string_value(fx_val(u, "company"));
    if (!got || strcmp(got, said[k][1]) != 0)
      fail_msg("'%s': company %s, want '%s'", said[k][0], fx_dump(u, "company"), said[k][1]);
    json_decref(u);
  }
  static const char *const none[] = {
      "We had the team lunch at Marlow Quay every Friday.",
      "Mostly I fixed the pumps at Dock Four and the gates.",
  };
  for (size_t k = 0; k < sizeof none / sizeof none[0]; k++) {
    json_t *u = fx_run(fx, fx->work, NULL, none[k]);
    if (fx_val(u, "company"))
      fail_msg("'%s': company %s", none[k], fx_dump(u, "company"));
    json_decref(u);
  }
}

/* Asked for the employer, an answer typed with capitals that opens on an
   everyday word running on in lower case is about something else; a name
   that opens it is kept. */
static void test_company_answer_opening_on_everyday_word(void **state) {
  fixture *fx = *state;
  static const char *const none[] = {
      "Performance marketing, SEO and copywriting.",
      "Night shifts mostly, on the surgical wards.",
      "Stock control and ordering, plus SAP reports.",
      "Customer calls all day, Zendesk and phone.",
  };
  for (size_t k = 0; k < sizeof none / sizeof none[0]; k++) {
    json_t *u = fx_run(fx, fx->work, "company", none[k]);
    if (fx_val(u, "company"))
      fail_msg("'%s': company %s", none[k], fx_dump(u, "company"));
    json_decref(u);
  }
  static const char *const said[][2] = {
      {"Kestrel Foods, a family bakery in Hull.", "Kestrel Foods"},
      {"Brightwater, they make pumps for farms.", "Brightwater"},
      {"tern valley council. i was there four years", "tern valley council"},
  };
  for (size_t k = 0; k < sizeof said / sizeof said[0]; k++) {
    json_t *u = fx_run(fx, fx->work, "company", said[k][0]);
    const char *got = json_string_value(fx_val(u, "company"));
    if (!got || strcasecmp(got, said[k][1]) != 0)
      fail_msg("'%s': company %s, want '%s'", said[k][0], fx_dump(u, "company"), said[k][1]);
    json_decref(u);
  }
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_company_after_title_in_passing),
      cmocka_unit_test(test_company_answer_opening_on_everyday_word),
  };
  return cmocka_run_group_tests(tests, fx_setup, fx_teardown);
}
