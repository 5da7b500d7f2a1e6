/*
 * test_wkt.c - gateway/wkt.c: shortest round-trip doubles, RFC 3339
 * timestamps at the edges of their range, durations and base64.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "gateway/wkt.h"

static void test_text_forms(void **state) {
  (void)state;
  dbf_buf b;
  dbf_buf_init(&b, 256);
  const double vals[] = {0.1, 1.0 / 3, 1e21, 5e-324, -0.0, 123456789012345680.0, 2.5};
  const char *want[] = {"0.1",  "0.3333333333333333",     "1e+21", "5e-324",
                        "-0.0", "1.2345678901234568e+17", "2.5"};
  for (size_t i = 0; i < DBF_ARRAY_LEN(vals); i++) {
    dbf_buf_reset(&b);
    assert_int_equal(dbf_gw_double_format(vals[i], 0, &b), DBF_OK);
    assert_string_equal(b.data, want[i]);
  }
  int64_t s;
  int32_t n;
  assert_int_equal(dbf_gw_ts_parse("0001-01-01T00:00:00Z", &s, &n), DBF_OK);
  assert_int_equal(s, DBF_GW_TS_MIN);
  assert_int_equal(dbf_gw_ts_parse("9999-12-31T23:59:59.999999999Z", &s, &n), DBF_OK);
  assert_int_equal(n, 999999999);
  assert_int_equal(dbf_gw_ts_parse("2024-01-01T00:00:00", &s, &n), DBF_ERR_INVALID);
  assert_int_equal(dbf_gw_ts_parse("2024-01-01T00:00:00.Z", &s, &n), DBF_ERR_INVALID);
  assert_int_equal(dbf_gw_ts_parse("2023-02-29T00:00:00Z", &s, &n), DBF_ERR_INVALID);
  dbf_buf_reset(&b);
  assert_int_equal(dbf_gw_ts_format(-1, 1000, &b), DBF_OK);
  assert_string_equal(b.data, "1969-12-31T23:59:59.000001Z");
  assert_int_equal(dbf_gw_duration_parse("-1.5s", &s, &n), DBF_OK);
  assert_true(s == -1 && n == -500000000);
  dbf_buf_reset(&b);
  assert_int_equal(dbf_gw_duration_format(s, n, &b), DBF_OK);
  assert_string_equal(b.data, "-1.500s");
  uint8_t raw[8];
  size_t rn;
  assert_int_equal(dbf_gw_base64_decode("_-8", 3, raw, &rn), DBF_OK);
  assert_true(rn == 2 && raw[0] == 0xff && raw[1] == 0xef);
  assert_int_equal(dbf_gw_base64_decode("a*==", 4, raw, &rn), DBF_ERR_INVALID);
  dbf_buf_free(&b);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_text_forms),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
