/*
 * test_opts.c - gateway/opts.c: settings from the environment, origin
 * lists and Timeout headers.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "gateway/opts.h"

static void test_origin_lists(void **state) {
  (void)state;
  assert_false(dbf_gw_origin_listed(NULL, "http://a.example"));
  assert_false(dbf_gw_origin_listed("http://a.example", NULL));
  assert_false(dbf_gw_origin_listed("http://a.example", ""));
  assert_true(dbf_gw_origin_listed("http://a.example", "http://a.example"));
  assert_true(dbf_gw_origin_listed(" http://b.example , http://a.example ", "http://a.example"));
  assert_false(dbf_gw_origin_listed("http://a.example", "http://a.example.evil"));
  assert_false(dbf_gw_origin_listed("http://a.example.evil", "http://a.example"));
  assert_false(dbf_gw_origin_listed("http://a.example,", "http://a"));
  assert_true(dbf_gw_origin_listed("*", "null"));
}

static void test_timeouts(void **state) {
  (void)state;
  int64_t ms;
  assert_int_equal(dbf_gw_parse_timeout("5", &ms), DBF_OK);
  assert_int_equal(ms, 5000);
  assert_int_equal(dbf_gw_parse_timeout("250ms", &ms), DBF_OK);
  assert_int_equal(ms, 250);
  assert_int_equal(dbf_gw_parse_timeout("2m", &ms), DBF_OK);
  assert_int_equal(ms, 120000);
  assert_int_equal(dbf_gw_parse_timeout("1h", &ms), DBF_OK);
  assert_int_equal(ms, 3600000);
  assert_int_equal(dbf_gw_parse_timeout("", &ms), DBF_ERR_INVALID);
  assert_int_equal(dbf_gw_parse_timeout("1.5s", &ms), DBF_ERR_INVALID);
  assert_int_equal(dbf_gw_parse_timeout("-1", &ms), DBF_ERR_INVALID);
  assert_int_equal(dbf_gw_parse_timeout("10us", &ms), DBF_ERR_INVALID);
  assert_int_equal(dbf_gw_parse_timeout("99999999999999999999", &ms), DBF_ERR_INVALID);
}

static void test_load(void **state) {
  (void)state;
  dbf_gw_opts o;
  dbf_status st = {0};
  setenv("DEBRIEF_HTTP_ADDR", "127.0.0.1:9999", 1);
  setenv("DEBRIEF_GRPC_ADDR", "127.0.0.1:7777", 1);
  unsetenv("DEBRIEF_GATEWAY_UPSTREAM");
  setenv("DEBRIEF_GATEWAY_WS_ORIGINS", "http://a.example", 1);
  setenv("DEBRIEF_GATEWAY_WS_IDLE_S", "5", 1);
  assert_int_equal(dbf_gw_opts_load(&o, &st), DBF_OK);
  assert_string_equal(o.listen_addr, "127.0.0.1:9999");
  assert_string_equal(o.upstream, "127.0.0.1:7777"); /* follows the server by default */
  assert_string_equal(o.ws_origins, "http://a.example");
  assert_null(o.cors_origins);
  assert_int_equal(o.ws_idle_s, 5);
  assert_int_equal(o.max_body_bytes, 1 << 20);
  dbf_gw_opts_free(&o);
  setenv("DEBRIEF_GATEWAY_UPSTREAM", "unix:/tmp/debrief.sock", 1);
  setenv("DEBRIEF_GATEWAY_MAX_BODY_BYTES", "12", 1);
  assert_int_equal(dbf_gw_opts_load(&o, &st), DBF_ERR_INVALID);
  assert_non_null(strstr(st.msg, "DEBRIEF_GATEWAY_MAX_BODY_BYTES"));
  unsetenv("DEBRIEF_GATEWAY_MAX_BODY_BYTES");
  assert_int_equal(dbf_gw_opts_load(&o, &st), DBF_OK);
  assert_string_equal(o.upstream, "unix:/tmp/debrief.sock");
  dbf_gw_opts_free(&o);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_origin_lists),
      cmocka_unit_test(test_timeouts),
      cmocka_unit_test(test_load),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
