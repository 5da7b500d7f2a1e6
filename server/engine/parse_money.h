/*
 * parse_money.h - money amounts in free text: "$250k", "USD 1.2M",
 * "1.2 million euros", "€40,000", "£3.5k", "180k dollars", "two hundred
 * thousand dollars", ranges ("$150-200k": the upper value).
 * Engine-internal (dbf__ prefix).
 */
#ifndef DBF_ENGINE_PARSE_MONEY_H
#define DBF_ENGINE_PARSE_MONEY_H

#include <stdbool.h>
#include <stddef.h>

typedef struct dbf__money {
  size_t off, len;
  double amount;
  char currency[4]; /* ISO 4217, "" when the text named none */
  bool multiplier;  /* "k", "million"...: a bare "180k" is money-like */
  bool range;       /* two values were given; amount is the upper one */
  bool per_unit;    /* "$40 per truck", "$9/seat a month": a price, not a total */
  bool negated;     /* "not $150k": what a correction replaces */
} dbf__money;

/*
 * Finds up to max amounts in s[0..n). With bare true, numbers without a
 * currency are kept when they carry a multiplier or are at least 1000 and
 * not a year; otherwise a currency is required.
 */
size_t dbf__money_scan(const char *s, size_t n, bool bare, dbf__money *out, size_t max);

/* Whether the currency tables keep the order their lookups rely on: codes
   sorted (binary search), names grouped by first letter (a search then a
   walk) and each code given once. For the unit tests. */
bool dbf__money_tables_ordered(void);

#endif
