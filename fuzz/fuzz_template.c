/*
 * fuzz_template.c - libFuzzer target for template definitions
 * (server/engine/template.c): parsing, validation and serialisation.
 *
 * The input is JSON text, as a TemplateService caller or a template file
 * supplies it. Invariants: parsing answers OK or INVALID; an INVALID
 * answer lists at least one violation; an accepted template serialises to
 * a definition that parses again and serialises to the same JSON (the
 * canonical form is a fixed point).
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

#include <jansson.h>

#include "engine/template.h"
#include "fuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  json_t *def = json_loadb((const char *)data, size, JSON_DECODE_ANY, NULL);
  if (!def)
    return 0;
  dbf_template *t = NULL;
  dbf_violations viol = {0};
  dbf_status st = {0};
  dbf_err rc = dbf_template_parse(def, &t, &viol, &st);
  if (rc != DBF_OK && rc != DBF_ERR_INVALID)
    abort();
  if (rc == DBF_ERR_INVALID && (viol.n == 0 || t))
    abort(); /* refused without saying why, or refused and returned a template */
  if (rc == DBF_OK) {
    json_t *canon = dbf_template_to_json(t);
    dbf_template *again = NULL;
    if (!canon || dbf_template_parse(canon, &again, NULL, &st) != DBF_OK)
      abort(); /* our own serialisation does not parse */
    json_t *canon2 = dbf_template_to_json(again);
    if (!canon2 || !json_equal(canon, canon2))
      abort();
    json_decref(canon2);
    json_decref(canon);
    dbf_template_free(again);
    dbf_template_free(t);
  }
  dbf_violations_free(&viol);
  json_decref(def);
  return 0;
}
