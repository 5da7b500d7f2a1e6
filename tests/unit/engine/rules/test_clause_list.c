/*
 * test_clause_list.c - tests for server/engine/rules/clause_list.c: short
 * clauses in the person's words (objections, needs, duties, challenges).
 */
#include "fixture.h"

/* One answer and a word an item of the list must hold (wanted) or that no
   item may hold. */
typedef struct said_case {
  const char *text;
  const char *word;
  bool wanted; /* false: a near miss that must stay out */
} said_case;

/* Does some string item of v hold word (case-insensitive)? */
static bool item_holds(const json_t *v, const char *word) {
  size_t i;
  const json_t *it;
  json_array_foreach(v, i, it) {
    if (json_is_string(it) && strcasestr(json_string_value(it), word))
      return true;
  }
  return false;
}

/* Is the objections list read from c's answer, given to the question of
   field asked, right about c's word? Prints what was read when it is not. */
static bool objection_read_right(fixture *fx, const char *asked, const said_case *c) {
  json_t *u = fx_run(fx, fx->sales, asked, c->text);
  bool right = item_holds(fx_val(u, "objections"), c->word) == c->wanted;
  if (!right)
    print_error("'%s': '%s' %s in %s\n", c->text, c->word, c->wanted ? "wanted" : "unwanted",
                fx_dump(u, "objections"));
  json_decref(u);
  return right;
}

/* An answer that opens with a bare none ("none really", "not much") and
   then tells of a concern after all, in the next clause or sentence: the
   concern is the item, the none is no item. */
static const said_case k_none_then_concern[] = {
    {"None really. The warehouse lead was a bit annoyed about the label printer jams.",
     "label printer", true},
    {"none left honestly, back in spring it was the licence cost but we sorted that",
     "licence cost", true},
    {"Not much. Their finance head still finds the onboarding fee steep.", "onboarding fee", true},
    {"nothing now really. earlier the clinic manager worried about the rota export", "rota export",
     true},
    {"None really. The warehouse lead was a bit annoyed about the label printer jams.", "none",
     false},
    /* A longer opening "no ..." is a concern of its own, not a none. */
    {"no depot near their sites, that sank it. cost wasnt the problem", "cost", false},
    /* A none with nothing after it stays empty. */
    {"None really, it went smoothly.", "smoothly", false},
    {"nope nothing at all, they signed the same day", "signed", false},
};

/* Checks each of n answers, given to the question of field asked. */
static void check_objections(fixture *fx, const char *asked, const said_case *said, size_t n) {
  size_t right = 0;
  for (size_t k = 0; k < n; k++)
    right += objection_read_right(fx, asked, &said[k]);
  assert_int_equal(right, n);
}

static void test_objections_none_then_concern(void **state) {
  check_objections(*state, "objections", k_none_then_concern,
                   sizeof k_none_then_concern / sizeof k_none_then_concern[0]);
}

/* Asked another question (the budget), a concern said in passing with a
   cue and a word that calls it too much ("a stretch", "steep") is an
   objection; a cue said as a plain fact is none. */
static const said_case k_stretch_in_passing[] = {
    {"Cost per seat is a stretch for them. Legal nervous about auto-renewal.", "cost per seat",
     true},
    {"the monthly cost a bit of a stretch honestly", "monthly cost", true},
    {"Pricing feels steep to the ops director.", "pricing", true},
    {"their pricing pretty steep for a school that size", "pricing", true},
    {"Pricing is forty pounds per seat a month.", "pricing", false},
    {"They stretch every pound, around 9k set aside.", "stretch", false},
};

static void test_objections_stretch_in_passing(void **state) {
  check_objections(*state, "budget", k_stretch_in_passing,
                   sizeof k_stretch_in_passing / sizeof k_stretch_in_passing[0]);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_objections_none_then_concern),
      cmocka_unit_test(test_objections_stretch_in_passing),
  };
  return cmocka_run_group_tests(tests, fx_setup, fx_teardown);
}
