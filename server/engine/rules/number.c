/*
 * number.c - the "number" kind: the first number of a targeted answer.
 */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "engine/lexicon.h"
#include "engine/rules/registry.h"
#include "engine/rules/rules.h"

void dbf__rule_number(dbf__rx *x, const dbf_template_field *f, bool targeted) {
  if (!targeted)
    return;
  for (size_t i = 0; i < x->n; i++) {
    if (x->s[i] < '0' || x->s[i] > '9' || (i > 0 && dbf__tx_isalnum((unsigned char)x->s[i - 1])))
      continue;
    double v = 0;
    size_t j = i, digits = 0;
    while (j < x->n && ((x->s[j] >= '0' && x->s[j] <= '9') || x->s[j] == ',')) {
      if (x->s[j] != ',') {
        if (++digits > 15)
          return;
        v = v * 10 + (x->s[j] - '0');
      }
      j++;
    }
    if (j + 1 < x->n && x->s[j] == '.' && x->s[j + 1] >= '0' && x->s[j + 1] <= '9') {
      double sc = 0.1;
      for (j++; j < x->n && x->s[j] >= '0' && x->s[j] <= '9'; j++, sc /= 10)
        v += (x->s[j] - '0') * sc;
    }
    json_t *val = (v == floor(v) && v < 9e15) ? json_integer((json_int_t)v) : json_real(v);
    dbf__rx_put(x, f->key, val, dbf__rx_hedge(x, CONF_TARGET),
                dbf__rx_sentence_is_correction(x, i));
    return;
  }
}
