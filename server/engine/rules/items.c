/*
 * items.c - the "items" kind: list-shaped answers as objects keyed by the
 * field's first item key.
 */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "engine/lexicon.h"
#include "engine/rules/registry.h"
#include "engine/rules/rules.h"

void dbf__rule_items(dbf__rx *x, const dbf_template_field *f, bool targeted) {
  if (!targeted || x->negative || f->n_item_keys == 0)
    return;
  json_t *arr = json_array();
  if (!arr)
    return;
  for (size_t si = 0; si < x->n_sent; si++) {
    dbf_span items[32];
    size_t ni = dbf__tx_list_items(x->s, x->sent[si], items, 32);
    for (size_t i = 0; i < ni; i++) {
      dbf_span it = dbf__tx_strip_fillers(x->s, items[i]);
      if (it.len == 0)
        continue;
      json_t *o = json_object();
      if (!o)
        break;
      json_object_set_new(o, f->item_keys[0], dbf__rx_jstr_span(x, it));
      if (json_array_size(arr) < MAX_ITEMS)
        dbf__rx_union_item(arr, o);
      else
        json_decref(o);
    }
  }
  dbf__rx_put(x, f->key, arr, dbf__rx_hedge(x, CONF_TARGET_LOOSE), false);
}
