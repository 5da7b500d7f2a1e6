/*
 * test_none_said.c - tests for server/engine/rules/none_said.c: the one
 * vocabulary of an answer that gives nothing.
 */
#include "engine/rules/rules.h"
#include "fixture.h"

/* A short answer that denies a list field's kind of thing has none to
   tell; one that turns after the denial, or gives a thing, has some. */
static void test_denies_kind(void **state) {
  (void)state;
  static const char *const none[] = {
      "No major hurdles that I remember, the install went to plan.",
      "hmm not many issues honestly",
      "Well, no real worries on their side.",
      "Nothing stands out as hard; the rota ran itself.",
      "I can't think of one, to be fair.",
      "hardly any problems once the crew settled in",
  };
  static const char *const some[] = {
      "No major hurdles, but the permit office was slow.",
      "Not many issues at first, then the supplier went bust.",
      "The permit office was slow and the crane broke twice.",
      "no idea about the budget yet",
      "Nothing but delays from the port all spring.",
  };
  for (size_t k = 0; k < sizeof none / sizeof none[0]; k++)
    if (!dbf__rx_denies_kind(none[k], strlen(none[k])))
      fail_msg("'%s' denies its kind", none[k]);
  for (size_t k = 0; k < sizeof some / sizeof some[0]; k++)
    if (dbf__rx_denies_kind(some[k], strlen(some[k])))
      fail_msg("'%s' does not deny its kind", some[k]);
}

/* Asked for challenges, a denial stores nothing; a turn keeps the item. */
static void test_challenges_denied_store_nothing(void **state) {
  fixture *fx = *state;
  json_t *u = fx_run(fx, fx->work, "challenges", "No big obstacles I recall, honestly.");
  if (fx_val(u, "challenges"))
    fail_msg("stored %s", fx_dump(u, "challenges"));
  json_decref(u);
  u = fx_run(fx, fx->work, "challenges",
             "No big obstacles, except the night shift rota that nobody wanted to cover.");
  assert_non_null(fx_val(u, "challenges"));
  json_decref(u);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_denies_kind),
      cmocka_unit_test(test_challenges_denied_store_nothing),
  };
  return cmocka_run_group_tests(tests, fx_setup, fx_teardown);
}
