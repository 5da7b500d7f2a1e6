/*
 * fuzz_extract.c - libFuzzer target for the rule extractor
 * (server/engine/extract.c and the rule modules under engine/rules/):
 * every answer a person types goes through it, so it must take any bytes.
 *
 * The input's first byte picks the template (low bit) and the asked field
 * (the rest; 127 asks nothing, as the opening does); the remaining bytes
 * are the answer. Invariants: extraction succeeds; every update names a
 * field of the template and carries a value and a confidence in (0, 1];
 * list fields get arrays; the updates merge into a record; the answer's
 * specificity is in [0, 1].
 */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "engine/extract.h"
#include "engine/template.h"
#include "fuzz.h"

static dbf_template *g_tpl[2];
static dbf_lexicons *g_lex;

static void load_once(void) {
  if (g_lex)
    return;
  const char *dir = getenv("DEBRIEF_DATA_DIR");
  if (!dir)
    dir = DBF_SOURCE_DIR;
  char path[1024];
  dbf_status st = {0};
  snprintf(path, sizeof path, "%s/lexicons", dir);
  if (dbf_lexicons_load(path, &g_lex, &st) != DBF_OK)
    abort();
  static const char *const slugs[2] = {"sales_debrief", "work_experience"};
  for (int i = 0; i < 2; i++)
    if (dbf_template_load_builtin(dir, slugs[i], &g_tpl[i], &st) != DBF_OK)
      abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  if (size < 1)
    return 0;
  load_once();
  const dbf_template *tpl = g_tpl[data[0] & 1];
  size_t pick = data[0] >> 1;
  const char *target = pick < tpl->n_fields ? tpl->fields[pick].key : NULL;
  char *text = malloc(size);
  if (!text)
    return 0;
  memcpy(text, data + 1, size - 1);
  text[size - 1] = '\0';
  json_t *subject =
      json_pack("{s:s, s:{s:s, s:s, s:[{s:s, s:s}]}}", "kind", "meeting", "attributes", "account",
                "Northwind Freight", "occurred_at", "2026-10-06T10:00:00Z", "attendees", "name",
                "Priya Raman", "role", "VP Operations");
  const char *targets[1] = {target};
  dbf_extract_ctx ctx = {.tpl = tpl,
                         .lex = g_lex,
                         .subject = subject,
                         .record = NULL,
                         .target_fields = target ? targets : NULL,
                         .n_target_fields = target ? 1 : 0,
                         .seq = 3,
                         .reference_date = "2026-10-06"};
  json_t *updates = NULL;
  dbf_status st = {0};
  if (dbf_extract(&ctx, text, &updates, &st) != DBF_OK || !json_is_object(updates))
    abort();
  const char *key;
  json_t *e;
  json_object_foreach(updates, key, e) {
    const dbf_template_field *f = dbf_template_field_find(tpl, key);
    const json_t *v = json_object_get(e, "value");
    double c = json_number_value(json_object_get(e, "confidence"));
    if (!f || !v || !(c > 0.0 && c <= 1.0))
      abort();
    if ((f->type == DBF_FIELD_LIST || f->type == DBF_FIELD_OBJECT_LIST) && !json_is_array(v))
      abort();
  }
  json_t *record = json_object();
  json_t *changed = NULL;
  if (!record || dbf_record_merge(tpl, record, updates, &changed) != DBF_OK)
    abort();
  double spec = dbf_answer_specificity(&ctx, text);
  if (!(spec >= 0.0 && spec <= 1.0))
    abort();
  (void)dbf_answer_is_done(text);
  json_decref(changed);
  json_decref(record);
  json_decref(updates);
  json_decref(subject);
  free(text);
  return 0;
}
