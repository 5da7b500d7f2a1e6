/*
 * test_money.c - tests for server/engine/rules/money.c: a budget's amount
 * and currency.
 */
#include "fixture.h"

/* Checks the budget read from text (asked for the budget): its amount and
   currency code. */
static void expect_budget(fixture *fx, const char *text, double amount, const char *cur) {
  json_t *u = fx_run(fx, fx->sales, "budget", text);
  const json_t *v = fx_val(u, "budget");
  const json_t *a = json_object_get(v, "amount");
  const json_t *c = json_object_get(v, "currency");
  if (!json_is_number(a) || json_number_value(a) != amount || !json_is_string(c) ||
      strcmp(json_string_value(c), cur) != 0)
    fail_msg("'%s': budget %s, want %.0f %s", text, fx_dump(u, "budget"), amount, cur);
  json_decref(u);
}

/* A currency named by a code or a word that is not among the common few:
   an ISO code before the figure ("ISK 40 million"), a currency word after
   it ("tenge", "krónur"), and pesos named with their country. Bare pesos
   stay the default. */
static void test_budget_less_common_currency(void **state) {
  fixture *fx = *state;
  expect_budget(fx, "They have ISK 42 million set aside for the new line.", 42000000, "ISK");
  expect_budget(fx, "funding is KZT 300 million for the depot upgrade", 300000000, "KZT");
  expect_budget(fx, "the ceiling they gave us is 70 million tenge all in", 70000000, "KZT");
  expect_budget(fx, "Roughly 25 million krónur approved by the board.", 25000000, "ISK");
  expect_budget(fx, "they've got eighty million chilean pesos for this phase", 80000000, "CLP");
  expect_budget(fx, "Budget sits at 400 million colombian pesos for the year.", 400000000, "COP");
  expect_budget(fx, "about 3 million philippine pesos, spread over two years", 3000000, "PHP");
  expect_budget(fx, "they have 900 thousand pesos for the pilot", 900000, "MXN");
}

/* A figure said in full, then a correction opening the next sentence with
   a bare figure ("Wait, no, she said 270."): the bare figure repairs it
   and keeps its scale and currency. A next sentence with no correction
   leaves the first figure. */
static void test_budget_corrected_in_next_sentence(void **state) {
  fixture *fx = *state;
  expect_budget(fx, "They set aside €250,000. Wait, no, she said 270, my notes were off.", 270000,
                "EUR");
  expect_budget(fx, "budget is $480k. sorry, 460, i think it was", 460000, "USD");
  expect_budget(fx, "Finance has £1.2 million for it. No wait, they said 1.4.", 1400000, "GBP");
  expect_budget(fx, "roughly 90,000 dollars. actually it was 85, after the cuts", 85000, "USD");
  expect_budget(fx, "They set aside €250,000. She said 270 people would use it.", 250000, "EUR");
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_budget_less_common_currency),
      cmocka_unit_test(test_budget_corrected_in_next_sentence),
  };
  return cmocka_run_group_tests(tests, fx_setup, fx_teardown);
}
