/*
 * test_errors.c - gateway/errors.c: every gRPC code's HTTP status, the
 * status body, and WebSocket close codes.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>
#include <jansson.h>

#include "gateway/errors.h"
#include "google/rpc/status.pb-c.h"

static void test_http_status(void **state) {
  (void)state;
  const int want[17] = {200, 499, 500, 400, 504, 404, 409, 403, 429,
                        400, 409, 400, 501, 500, 503, 500, 401};
  for (int c = 0; c <= 16; c++)
    assert_int_equal(dbf_gw_http_status(c), want[c]);
  assert_int_equal(dbf_gw_http_status(99), 500);
  assert_int_equal(dbf_gw_http_status(-1), 500);
  assert_string_equal(dbf_gw_code_name(16), "UNAUTHENTICATED");
  assert_string_equal(dbf_gw_code_name(77), "UNKNOWN");
  assert_int_equal(dbf_gw_code_of_err(DBF_ERR_INVALID), DBF_GW_INVALID_ARGUMENT);
  assert_int_equal(dbf_gw_code_of_err(DBF_ERR_TOO_BIG), DBF_GW_RESOURCE_EXHAUSTED);
  assert_int_equal(dbf_gw_code_of_err(DBF_ERR_IO), DBF_GW_INTERNAL);
  assert_int_equal(dbf_gw_ws_close_code(DBF_GW_OK), 1000);
  assert_int_equal(dbf_gw_ws_close_code(DBF_GW_UNAUTHENTICATED), 4401);
  assert_int_equal(dbf_gw_ws_close_code(DBF_GW_ABORTED), 4409);
}

static void test_status_body(void **state) {
  (void)state;
  dbf_buf b;
  dbf_buf_init(&b, 1024);
  assert_int_equal(dbf_gw_status_json(5, "session \"x\" not found", &b), DBF_OK);
  json_t *j = json_loads(b.data, 0, NULL);
  assert_non_null(j);
  assert_int_equal(json_integer_value(json_object_get(j, "code")), 5);
  assert_string_equal(json_string_value(json_object_get(j, "message")), "session \"x\" not found");
  assert_true(json_is_array(json_object_get(j, "details")));
  json_decref(j);
  /* Text that is not UTF-8 is replaced by the code's name rather than failing. */
  dbf_buf_reset(&b);
  assert_int_equal(dbf_gw_status_json(13, "bad \xff", &b), DBF_OK);
  assert_non_null(strstr(b.data, "\"INTERNAL\""));
  dbf_buf_free(&b);
}

/* The same google.rpc.Status in protobuf, for application/x-protobuf clients. */
static void test_status_protobuf(void **state) {
  (void)state;
  dbf_buf b;
  dbf_buf_init(&b, 1 << 16);
  assert_int_equal(dbf_gw_status_pb(5, "session \"x\" not found", &b), DBF_OK);
  Google__Rpc__Status *s = google__rpc__status__unpack(NULL, b.len, (const uint8_t *)b.data);
  assert_non_null(s);
  assert_int_equal(s->code, 5);
  assert_string_equal(s->message, "session \"x\" not found");
  assert_int_equal(s->n_details, 0);
  google__rpc__status__free_unpacked(s, NULL);
  dbf_buf_free(&b);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_http_status),
      cmocka_unit_test(test_status_body),
      cmocka_unit_test(test_status_protobuf),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
