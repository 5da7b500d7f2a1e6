/*
 * completion.c - the completion policy: a session may complete when every
 * required field is filled at min_confidence, or when it has run max_turns
 * answers (a long interview ends even with gaps; the gaps become coaching
 * insights and open items).
 */
#include "engine/engine.h"

#include "engine/engine_util.h"

bool dbf_completion_check(const dbf_template *tpl, const json_t *record, int turns,
                          json_t **missing) {
  if (missing)
    *missing = NULL;
  if (!tpl)
    return false;
  json_t *m = json_array();
  size_t n_missing = 0;
  for (size_t i = 0; i < tpl->n_required_fields; i++) {
    const char *k = tpl->required_fields[i];
    if (dbf__rec_filled(record, k, tpl->min_confidence))
      continue;
    n_missing++;
    if (m)
      json_array_append_new(m, json_string(k));
  }
  if (missing)
    *missing = m;
  else
    json_decref(m);
  return n_missing == 0 || (tpl->max_turns > 0 && turns >= tpl->max_turns);
}
