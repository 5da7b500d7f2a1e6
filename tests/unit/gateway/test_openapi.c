/*
 * test_openapi.c - gateway/openapi.c: the document has one operation per
 * route, every $ref resolves, and the JSON mapping's types show through
 * (int64 as string, Timestamp as date-time, enums by name). The full
 * validation with a standard validator is in
 * tests/integration/test_gateway_rest.py.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>
#include <jansson.h>

#include "core/alloc.h"
#include "gateway/openapi.h"
#include "gateway/registry.h"

/* Every "$ref" under j names a schema in schemas. */
static void check_refs(const json_t *j, const json_t *schemas) {
  const char *k;
  json_t *v;
  size_t i;
  if (json_is_object(j)) {
    json_object_foreach((json_t *)j, k, v) {
      if (strcmp(k, "$ref") == 0) {
        const char *ref = json_string_value(v);
        assert_non_null(ref);
        assert_int_equal(strncmp(ref, "#/components/schemas/", 21), 0);
        if (!json_object_get(schemas, ref + 21))
          fail_msg("dangling $ref %s", ref);
      } else {
        check_refs(v, schemas);
      }
    }
  } else if (json_is_array(j)) {
    json_array_foreach(j, i, v) check_refs(v, schemas);
  }
}

static void test_document(void **state) {
  (void)state;
  dbf_gw_routes *r = NULL;
  dbf_status st = {0};
  assert_int_equal(dbf_gw_routes_load(dbf_descriptor_set, dbf_descriptor_set_len, &r, &st), DBF_OK);
  char *text = NULL;
  size_t len = 0;
  assert_int_equal(dbf_gw_openapi_build(r, "9.9.9", &text, &len, &st), DBF_OK);
  json_t *doc = json_loadb(text, len, 0, NULL);
  assert_non_null(doc);
  assert_string_equal(json_string_value(json_object_get(doc, "openapi")), "3.0.3");
  json_t *paths = json_object_get(doc, "paths"), *schemas;
  schemas = json_object_get(json_object_get(doc, "components"), "schemas");
  size_t ops = 0;
  const char *p;
  json_t *item;
  json_object_foreach(paths, p, item) ops += json_object_size(item);
  assert_int_equal(ops, r->n + 1); /* every route, and the Converse WebSocket */
  check_refs(doc, schemas);
  json_t *sess = json_object_get(json_object_get(schemas, "debrief.v1.Session"), "properties");
  assert_string_equal(json_string_value(json_object_get(json_object_get(sess, "lastSeq"), "type")),
                      "string");
  assert_string_equal(
      json_string_value(json_object_get(json_object_get(sess, "createTime"), "format")),
      "date-time");
  json_t *state_enum = json_object_get(schemas, "debrief.v1.SessionState");
  assert_true(json_array_size(json_object_get(state_enum, "enum")) > 3);
  /* The verb stays in the path; path variables are parameters. */
  json_t *pause =
      json_object_get(json_object_get(paths, "/v1/sessions/{session_id}:pause"), "post");
  assert_non_null(pause);
  assert_string_equal(json_string_value(json_object_get(pause, "operationId")),
                      "SessionService_PauseSession");
  json_decref(doc);
  dbf_free(text);
  dbf_gw_routes_free(r);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_document),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
