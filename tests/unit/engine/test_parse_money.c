/* test_parse_money.c - tests for server/engine/parse_money.c. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "core/alloc.h"
#include "engine/money.h"
#include "engine/parse_money.h"

typedef struct money_case {
  const char *text;
  bool bare;
  double amount; /* 0: no amount expected */
  const char *currency;
} money_case;

static const money_case k_cases[] = {
    {"$250k", false, 250000, "USD"},
    /* Hundreds and tens in words; a currency said in its own language;
       Indian numbering counts rupees. */
    {"one hundred and twenty thousand dollars", false, 120000, "USD"},
    {"two hundred fifty thousand euros", false, 250000, "EUR"},
    {"2.4 million z\xC5\x82oty", false, 2400000, "PLN"},
    {"two crore", false, 20000000, "INR"},
    {"15 lakh", false, 1500000, "INR"},
    {"R$ 1,2 milh\xC3\xA3o", false, 1200000, "BRL"},
    /* "mil" is a thousand in Spanish and Portuguese, a million in English slang. */
    {"R$ 900 mil", false, 900000, "BRL"},
    {"350 mil pesos", false, 350000, "MXN"},
    {"2 mil dollars", false, 2000000, "USD"},
    {"two and a half million pesos", false, 2500000, "MXN"},
    {"fourteen million shillings", false, 14000000, "KES"},
    {"fifty thousand Canadian", false, 50000, "CAD"},
    {"3.4 million kroner", false, 3400000, "NOK"},
    {"USD 1.2M", false, 1200000, "USD"},
    {"1.2 million euros", false, 1200000, "EUR"},
    {"\xE2\x82\xAC"
     "40,000",
     false, 40000, "EUR"},
    {"\xC2\xA3"
     "3.5k",
     false, 3500, "GBP"},
    {"180k dollars", false, 180000, "USD"},
    {"they have about $180k set aside", false, 180000, "USD"},
    {"EUR40k", false, 40000, "EUR"},
    {"40,000\xE2\x82\xAC", false, 40000, "EUR"},
    {"two hundred thousand dollars", false, 200000, "USD"},
    {"half a million dollars", false, 500000, "USD"},
    {"$1,250,000", false, 1250000, "USD"},
    {"$3bn", false, 3e9, "USD"},
    {"50k CAD", false, 50000, "CAD"},
    {"US$75,000", false, 75000, "USD"},
    {"somewhere between $150k and $200k", false, 200000, "USD"},
    {"$150-200k", false, 200000, "USD"},
    {"150 to 200k", true, 200000, ""},
    {"around 200k", true, 200000, ""},
    {"roughly 75,000", true, 75000, ""},
    {"2 grand", true, 2000, ""},
    /* A spoken amount in groups, and a spoken decimal before a multiplier. */
    {"seven thousand three hundred US dollars", false, 7300, "USD"},
    {"three crore forty lakh rupees", false, 34000000, "INR"},
    {"four million six hundred thousand euros", false, 4600000, "EUR"},
    {"two point seven five million dollars", false, 2750000, "USD"},
    {"sixty thousand a year", true, 60000, ""},
    /* Hundreds said without "hundred", before a multiplier. */
    {"three twenty million rand", false, 320000000, "ZAR"},
    {"six forty-five thousand dollars", false, 645000, "USD"},
    /* A scale bigger than the whole number before it multiplies all of
       it, as said by those who count millions by the thousand. */
    {"one thousand four hundred million pesos", false, 1.4e9, "MXN"},
    {"two thousand five hundred crore", false, 2.5e10, "INR"},
    {"a thousand two hundred million yen", false, 1.2e9, "JPY"},
    {"three thousand million euros", false, 3e9, "EUR"},
    /* A spelled low end takes the high end's multiplier and currency. */
    {"between eighty and a hundred thousand reais", false, 100000, "BRL"},
    {"forty to fifty grand", true, 50000, ""},
    {"twelve or fifteen thousand pounds", false, 15000, "GBP"},
    /* A spaced multiplier glued to the currency's sign after it. */
    {"an envelope of 800 k\xE2\x82\xAC over three years", false, 800000, "EUR"},
    {"about 1,2 M\xE2\x82\xAC", false, 1200000, "EUR"},
    {"40 k\xC2\xA3 a year", false, 40000, "GBP"},
    /* Typed in lower case: a dollar with its country's letters, the rand's
       "r" touching a figure with its scale. */
    {"roughly a$120,000 a year", false, 120000, "AUD"},
    {"s$45 per seat", false, 45, "SGD"},
    {"c$2.1m capex approved", false, 2100000, "CAD"},
    {"like i said r$300k this yr", false, 300000, "BRL"},
    {"nz$80k", false, 80000, "NZD"},
    {"pieter said r2.4 million over two seasons", false, 2400000, "ZAR"},
    {"about r450k all in", false, 450000, "ZAR"},
    /* Thousands split more than once by an apostrophe, a dot or a space,
       the same sign each time. */
    {"CHF 2'750'000 over four years", false, 2750000, "CHF"},
    {"the envelope is 45'900'000 CHF", false, 45900000, "CHF"},
    {"\xE2\x82\xAC"
     "3.400.000 f\xC3\xBCr alles",
     false, 3400000, "EUR"},
    {"1 350 000 kronor", false, 1350000, "SEK"},
    {"about 12.600.000 pesos", false, 12600000, "MXN"},
    /* A group cut short or run long ends the figure there. */
    {"CHF 1'200'00", false, 1200, "CHF"},
    {"\xE2\x82\xAC"
     "2.500.0000",
     false, 2500, "EUR"},
    /* Not money. */
    {"release r2 ships in june", true, 0, NULL},
    {"a pilot on 40 trucks", true, 0, NULL},
    {"two or three people", true, 0, NULL},
    {"in 2026", true, 0, NULL},
    {"cut latency by 40%", true, 0, NULL},
    {"3x faster", true, 0, NULL},
    {"two people joined", false, 0, NULL},
    {"", true, 0, NULL},
    {"$", false, 0, NULL},
    {"$99999999999999999999999999", false, 0, NULL},
    {"999999999999 billion dollars", false, 0, NULL},
    {"version 1.2.3", true, 0, NULL},
    /* A figure with no currency before things in the plural counts them. */
    {"the park gets forty thousand visitors each summer", true, 0, NULL},
    {"they ship about 2.5 million parcels", true, 0, NULL},
    {"roughly eighteen hundred thousand passengers on the line", true, 0, NULL},
    {"a co-op of 12k growers", true, 0, NULL},
    {"close to 3,400 nurses across the region", true, 0, NULL},
    {"some ninety thousand subscribers, lots of churn", true, 0, NULL},
    {"nearly sixty thousand people walk through the gates", true, 0, NULL},
    {"twenty five thousand sheep on the high station", true, 0, NULL},
    {"about 4,500 staff on three shifts", true, 0, NULL},
    /* Near misses: a money word, a currency or a verb after the figure. */
    {"sixty grand covers the first phase", true, 60000, ""},
    {"about seventy thousand tops for the rollout", true, 70000, ""},
    {"ninety thousand plus tax", true, 90000, ""},
    {"forty thousand euros for the sensors", true, 40000, "EUR"},
    {"150k includes the training", true, 150000, ""},
    {"about thirty grand savings a year", true, 30000, ""},
    {"so 1.4m depends on what the council signs off", true, 1400000, ""},
    {"eighty thousand hinges on the second site", true, 80000, ""},
    {"about three and a half million crowns over two years", true, 3500000, "CZK"},
};

static void test_money_table(void **state) {
  (void)state;
  for (size_t i = 0; i < sizeof(k_cases) / sizeof(k_cases[0]); i++) {
    const money_case *c = &k_cases[i];
    dbf__money m[8];
    size_t n = dbf__money_scan(c->text, strlen(c->text), c->bare, m, 8);
    if (c->amount == 0) {
      if (n != 0)
        fail_msg("'%s': expected no amount, got %f", c->text, m[0].amount);
      continue;
    }
    if (n < 1)
      fail_msg("'%s': no amount found", c->text);
    if (m[0].amount != c->amount)
      fail_msg("'%s': amount %f, want %f", c->text, m[0].amount, c->amount);
    assert_string_equal(m[0].currency, c->currency);
  }
}

static void test_money_flags(void **state) {
  (void)state;
  dbf__money m[4];
  const char *t = "it costs $40 per truck a month";
  assert_int_equal(dbf__money_scan(t, strlen(t), false, m, 4), 1);
  assert_true(m[0].per_unit);
  t = "sorry, I meant $200k, not $150k";
  assert_int_equal(dbf__money_scan(t, strlen(t), false, m, 4), 2);
  assert_false(m[0].negated);
  assert_true(m[1].negated);
  t = "$150k-$200k";
  assert_int_equal(dbf__money_scan(t, strlen(t), false, m, 4), 1);
  assert_true(m[0].range);
  /* "a yr" typed for "a year": a yearly amount, not a unit price. */
  t = "they spend 60k a yr on it";
  assert_int_equal(dbf__money_scan(t, strlen(t), true, m, 4), 1);
  assert_false(m[0].per_unit);
  /* A spelled amount's span starts at its first word, so what is said
     right before it ("not", "so") is right before it. */
  t = "it is not two million euros. So one point two million";
  assert_int_equal(dbf__money_scan(t, strlen(t), true, m, 4), 2);
  assert_true(m[0].negated);
  assert_int_equal(m[0].off, 10);
  assert_int_equal(m[1].off, 32);
  /* A "mil" without its currency, in an answer in reais or pesos, is a
     thousand. */
  t = "R$ 900 mil is the ceiling, wait, 900 mil for year one and 650 mil after";
  assert_int_equal(dbf__money_scan(t, strlen(t), true, m, 4), 3);
  assert_true(m[1].amount == 900000 && m[2].amount == 650000);
  t = "2 mil dollars, then 3 mil";
  assert_int_equal(dbf__money_scan(t, strlen(t), true, m, 4), 2);
  assert_true(m[1].amount == 3e6);
  t = "somewhere from forty to fifty grand";
  assert_int_equal(dbf__money_scan(t, strlen(t), true, m, 4), 1);
  assert_true(m[0].range);
  assert_int_equal(m[0].off, 15);
}

static void test_money_hostile(void **state) {
  (void)state;
  /* 100 KB of digits, dollar signs and separators: bounded and no overflow. */
  size_t n = 100 * 1024;
  char *big = malloc(n + 1);
  assert_non_null(big);
  for (size_t i = 0; i < n; i++)
    big[i] = "9$,.k 1m"[i % 8];
  big[n] = '\0';
  dbf__money m[32];
  size_t cnt = dbf__money_scan(big, n, true, m, 32);
  assert_true(cnt <= 32);
  for (size_t i = 0; i < cnt; i++)
    assert_true(m[i].amount <= 1e15);
  free(big);
}

/* The one vocabulary both paths use (money.h): symbols, codes and words. */
static void test_currency_vocabulary(void **state) {
  (void)state;
  assert_true(dbf_money_text_names("about $80k", "USD"));
  assert_true(dbf_money_text_names("80k \xE2\x82\xAC", "EUR"));
  assert_true(dbf_money_text_names("paid in euros", "EUR"));
  assert_true(dbf_money_text_names("50k kronor a year", "SEK"));
  assert_true(dbf_money_text_names("CHF 120k", "CHF"));
  assert_true(dbf_money_text_names("C$40k", "CAD"));
  assert_false(dbf_money_text_names("C$40k", "USD"));             /* "$" inside "C$" is not USD */
  assert_false(dbf_money_text_names("the eurozone team", "EUR")); /* words, not prefixes */
  assert_false(dbf_money_text_names("around 80k", "USD"));
  assert_false(dbf_money_text_names_any("around 80k a year"));
  assert_true(dbf_money_text_names_any("around 80k yen a year"));
  /* A dollar qualified by its country, named apart from the amount, is
     that country's: the first currency said, not the bare "dollars". */
  assert_string_equal(dbf_money_text_code("maybe 90 grand, Australian dollars"), "AUD");
  assert_string_equal(dbf_money_text_code("maybe 90 grand, Aussie dollars"), "AUD");
  assert_string_equal(dbf_money_text_code("90 grand in New Zealand dollars"), "NZD");
  assert_string_equal(dbf_money_text_code("90 grand, dollars"), "USD");
  assert_null(dbf_money_text_code("90 grand, nothing firm"));
  json_t *eur = json_pack("{s:{s:s}}", "attributes", "currency", "EUR");
  json_t *bad = json_pack("{s:{s:s}}", "attributes", "currency", "euro");
  assert_string_equal(dbf_money_default_currency(eur), "EUR");
  assert_string_equal(dbf_money_default_currency(bad), "USD");
  assert_string_equal(dbf_money_default_currency(NULL), "USD");
  json_decref(eur);
  json_decref(bad);
}

/* The first amount of text is amount in currency. */
static void expect_amount(const char *text, double amount, const char *currency) {
  dbf__money m[8];
  if (dbf__money_scan(text, strlen(text), true, m, 8) < 1)
    fail_msg("'%s': no amount found", text);
  if (m[0].amount != amount)
    fail_msg("'%s': amount %f, want %f", text, m[0].amount, amount);
  assert_string_equal(m[0].currency, currency);
}

/* Said aloud, "hundred" without "a" or "one" opens a number: "the hundred
   and sixty thousand", "hundred and twenty grand". */
static void test_money_bare_hundred(void **state) {
  (void)state;
  expect_amount("the hundred and sixty thousand", 160000, "");
  expect_amount("they have hundred and twenty grand", 120000, "");
  expect_amount("hundred fifty thousand euros", 150000, "EUR");
  expect_amount("about hundred and ten thousand pounds", 110000, "GBP");
}

/* Codes that are common words or names, and bare names that are, do not
   make money of a count or a person: "TOP 10", "try 2 vendors", "Mr Dong";
   said after a figure or before a scaled one they do. */
static void test_currency_word_codes(void **state) {
  (void)state;
  dbf__money m[4];
  const char *top = "our TOP 10 accounts";
  assert_int_equal(dbf__money_scan(top, strlen(top), false, m, 4), 0);
  const char *tr = "we will try 2 vendors first";
  assert_int_equal(dbf__money_scan(tr, strlen(tr), false, m, 4), 0);
  const char *kgs = "they ship 500 kgs a day, 20k mnt contract";
  dbf__money k[4];
  size_t nk = dbf__money_scan(kgs, strlen(kgs), false, k, 4);
  for (size_t i = 0; i < nk; i++)
    assert_true(strcmp(k[i].currency, "KGS") != 0 && strcmp(k[i].currency, "MNT") != 0);
  const char *all = "all 40 stores want it";
  assert_int_equal(dbf__money_scan(all, strlen(all), false, m, 4), 0);
  assert_null(dbf_money_text_code("Dong from procurement said about 500k"));
  assert_null(dbf_money_text_code("we won the last tender at around 80k"));
  assert_null(dbf_money_text_code("try to keep it near 70k"));
  expect_amount("3 billion dong", 3e9, "VND");
  expect_amount("TRY 12 million", 12e6, "TRY");
  expect_amount("try 2m", 2e6, "TRY");
  expect_amount("usd 18k", 18000, "USD");
  expect_amount("45 million TRY", 45e6, "TRY");
  expect_amount("5 lakh taka", 5e5, "BDT");
  /* Central European scale abbreviations. */
  expect_amount("about 400 tys zł for the bakery line", 400000, "PLN");
  expect_amount("12 mln forints over two years", 12e6, "HUF");
  expect_amount("ceiling 1.5 mln zlotys", 1.5e6, "PLN");
  expect_amount("roughly 2 mld lei all in", 2e9, "RON");
  /* The rand's "r" typed in lower case before a figure grouped in
     thousands; an "r" before a bare small number stays no money. */
  expect_amount("they had r380 000 for it", 380000, "ZAR");
  expect_amount("about r1,250,000 over three years", 1250000, "ZAR");
  expect_amount("r95 000 set aside for the pumps", 95000, "ZAR");
  const char *r2 = "the r2 release ships in may";
  assert_int_equal(dbf__money_scan(r2, strlen(r2), false, m, 4), 0);
  expect_amount("90k ghana cedis", 90000, "GHS");
  assert_string_equal(dbf_money_text_code("around 70k, kenyan shillings"), "KES");
  assert_string_equal(dbf_money_text_code("around 70k, shillings"), "KES");
  assert_string_equal(dbf_money_text_code("about 2 million in egyptian pounds"), "EGP");
  assert_true(dbf_money_text_names("1.2 million lira", "TRY"));
  assert_true(dbf_money_text_names("XOF 40 million", "XOF"));
}

/* The lookups search the currency tables: they must stay in order. */
static void test_currency_tables_ordered(void **state) {
  (void)state;
  assert_true(dbf__money_tables_ordered());
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_currency_tables_ordered),
      cmocka_unit_test(test_money_table),
      cmocka_unit_test(test_money_flags),
      cmocka_unit_test(test_money_hostile),
      cmocka_unit_test(test_currency_vocabulary),
      cmocka_unit_test(test_money_bare_hundred),
      cmocka_unit_test(test_currency_word_codes),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
