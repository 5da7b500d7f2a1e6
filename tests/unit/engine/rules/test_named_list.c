/*
 * test_named_list.c - tests for server/engine/rules/named_list.c: lists of
 * named things (products, rivals, tools, skills) read from one answer.
 */
#include "fixture.h"

/* Products said without commas split where "the" or "our" opens the next
   name, also when the list opens the answer and when the answer starts
   with bytes no sentence has (CI's fuzzer found the byte before offset 0
   read there). */
static void test_products_article_items_from_the_start(void **state) {
  fixture *fx = *state;
  static const struct {
    const char *text;
    const char *want[3];
  } said[] = {
      {"The Crop Ledger the Spray Planner and the Yard App.",
       {"Crop Ledger", "Spray Planner", "Yard App"}},
      {"our Dock Manager the Slot Booker and the Gate Kiosk",
       {"Dock Manager", "Slot Booker", "Gate Kiosk"}},
  };
  for (size_t k = 0; k < sizeof said / sizeof said[0]; k++) {
    json_t *u = fx_run(fx, fx->sales, "products_discussed", said[k].text);
    const json_t *v = fx_val(u, "products_discussed");
    for (size_t i = 0; i < 3; i++)
      if (!fx_has(v, said[k].want[i]))
        fail_msg("'%s': want '%s' in %s", said[k].text, said[k].want[i],
                 fx_dump(u, "products_discussed"));
    json_decref(u);
  }
  static const char *const odd[] = {
      "\x06]hey want the module\x16\xe6or the installat/ion ?will interrupt sprin",
      "\x01the pump the valve",
      " \x02our kit the app",
  };
  for (size_t k = 0; k < sizeof odd / sizeof odd[0]; k++)
    json_decref(fx_run(fx, fx->sales, "products_discussed", odd[k]));
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_products_article_items_from_the_start),
  };
  return cmocka_run_group_tests(tests, fx_setup, fx_teardown);
}
