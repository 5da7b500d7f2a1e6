/*
 * bool.c - the "bool" kind: yes or no in a targeted answer.
 */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "engine/lexicon.h"
#include "engine/rules/registry.h"
#include "engine/rules/rules.h"

void dbf__rule_bool(dbf__rx *x, const dbf_template_field *f, bool targeted) {
  static const char *const yes[] = {"yes",        "yeah",       "yep",  "correct",
                                    "definitely", "absolutely", "sure", "true",
                                    "they did",   "we did",     NULL};
  static const char *const no[] = {"no",    "nope",   "not",     "never",
                                   "false", "didn't", "did not", NULL};
  if (!targeted)
    return;
  size_t py = dbf__tx_find_any(x->s, x->n, 0, yes, NULL);
  size_t pn = dbf__tx_find_any(x->s, x->n, 0, no, NULL);
  if (py == (size_t)-1 && pn == (size_t)-1)
    return;
  dbf__rx_put(x, f->key, json_boolean(pn < py), dbf__rx_hedge(x, CONF_TARGET_TEXT), false);
}
