/*
 * test_metrics.c - gateway/metrics.c: counters, the histogram and the
 * stream gauge in the Prometheus text format.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "gateway/metrics.h"

static void test_render(void **state) {
  (void)state;
  dbf_gw_metrics *m = dbf_gw_metrics_create();
  assert_non_null(m);
  dbf_gw_metrics_request(m, "GetSession", 200, 0.002);
  dbf_gw_metrics_request(m, "GetSession", 200, 0.3);
  dbf_gw_metrics_request(m, "GetSession", 404, 20);
  dbf_gw_metrics_stream(m, "websocket", 1);
  dbf_gw_metrics_stream(m, "websocket", 1);
  dbf_gw_metrics_stream(m, "websocket", -1);
  dbf_gw_metrics_stream(m, "sse", 1);
  dbf_buf b;
  dbf_buf_init(&b, 1 << 16);
  assert_int_equal(dbf_gw_metrics_render(m, &b), DBF_OK);
  assert_non_null(
      strstr(b.data, "debrief_gateway_requests_total{route=\"GetSession\",code=\"200\"} 2\n"));
  assert_non_null(
      strstr(b.data, "debrief_gateway_requests_total{route=\"GetSession\",code=\"404\"} 1\n"));
  /* Cumulative buckets: 0.002 is under 0.0025; 0.3 under 0.5; 20 only in +Inf. */
  assert_non_null(strstr(b.data, "seconds_bucket{route=\"GetSession\",le=\"0.001\"} 0\n"));
  assert_non_null(strstr(b.data, "seconds_bucket{route=\"GetSession\",le=\"0.0025\"} 1\n"));
  assert_non_null(strstr(b.data, "seconds_bucket{route=\"GetSession\",le=\"0.5\"} 2\n"));
  assert_non_null(strstr(b.data, "seconds_bucket{route=\"GetSession\",le=\"10\"} 2\n"));
  assert_non_null(strstr(b.data, "seconds_bucket{route=\"GetSession\",le=\"+Inf\"} 3\n"));
  assert_non_null(
      strstr(b.data, "debrief_gateway_request_seconds_count{route=\"GetSession\"} 3\n"));
  assert_non_null(strstr(b.data, "debrief_gateway_open_streams{kind=\"websocket\"} 1\n"));
  assert_non_null(strstr(b.data, "debrief_gateway_open_streams{kind=\"sse\"} 1\n"));
  assert_non_null(strstr(b.data, "debrief_gateway_open_streams{kind=\"ndjson\"} 0\n"));
  /* A full buffer is an error, not a cut. */
  dbf_buf small;
  dbf_buf_init(&small, 64);
  assert_int_equal(dbf_gw_metrics_render(m, &small), DBF_ERR_TOO_BIG);
  dbf_buf_free(&small);
  dbf_buf_free(&b);
  dbf_gw_metrics_free(m);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_render),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
