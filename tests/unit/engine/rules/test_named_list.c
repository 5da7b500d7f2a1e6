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

/* Rivals named bare to open a sentence of the rivals answer, closed at
   once by a mark, a bracket, a dash or a word that rates or places them
   ("for sure", "too", "thru"), typed with care or in lower case; everyday
   words and the people met that open an answer stay out. */
static void test_competitors_opening_name(void **state) {
  fixture *fx = *state;
  static const struct {
    const char *text;
    const char *name;
    bool rival; /* false: a near miss that must stay out */
  } said[] = {
      {"Kestrelmark for sure, their rep kept phoning the plant manager.", "Kestrelmark", true},
      {"Orvanta (they won it in the end).", "Orvanta", true},
      {"Good talk. Tallowby Labs too, for the lab side.", "Tallowby Labs", true},
      {"Brinecast thru the regional buying group.", "Brinecast", true},
      {"quillmoor for sure, the ops lead liked their app", "quillmoor", true},
      {"ferrowick freight (cheaper) but slow on claims", "ferrowick freight", true},
      {"norbeck obviously they have been in there ten years", "norbeck", true},
      {"tarnwell roofing is the one they keep bringing up", "tarnwell roofing", true},
      {"Pricing, mostly. They never named anyone.", "Pricing", false},
      {"honestly for now nobody", "honestly", false},
      {"mostly spreadsheets, nothing else.", "mostly", false},
      {"Priya (their VP) said nobody else.", "Priya", false},
      {"priya for sure wants it done by june", "priya", false},
      {"Security for sure, that was the worry.", "Security", false},
  };
  for (size_t k = 0; k < sizeof said / sizeof said[0]; k++) {
    json_t *u = fx_run(fx, fx->sales, "competitors", said[k].text);
    if (fx_has(fx_val(u, "competitors"), said[k].name) != said[k].rival)
      fail_msg("'%s': '%s' %s in %s", said[k].text, said[k].name,
               said[k].rival ? "wanted" : "unwanted", fx_dump(u, "competitors"));
    json_decref(u);
  }
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_products_article_items_from_the_start),
      cmocka_unit_test(test_competitors_opening_name),
  };
  return cmocka_run_group_tests(tests, fx_setup, fx_teardown);
}
