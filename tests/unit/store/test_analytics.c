/*
 * test_analytics.c - the pure rules of server/store/analytics.c without a
 * database: the range of a query (whole UTC days, defaults, limits), the
 * RBAC scope each role may query, and latency quantiles from log2
 * histograms.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "store/store.h"

#define DAY_US (86400LL * 1000000LL)

static void test_range_rounds_to_days(void **state) {
  (void)state;
  dbf_status st = {0};
  int64_t s = 0, e = 0;
  /* 2026-12-04 10:00 to 2026-12-06 00:00: start floored, an exact midnight end kept. */
  int64_t d = 20791; /* days from 1970-01-01 to 2026-12-04 */
  assert_int_equal(
      dbf_analytics_range(d * DAY_US + 10 * 3600 * 1000000LL, (d + 2) * DAY_US, 0, &s, &e, &st),
      DBF_OK);
  assert_int_equal(s, d);
  assert_int_equal(e, d + 2);
  /* An end inside a day includes that whole day. */
  assert_int_equal(dbf_analytics_range(d * DAY_US, (d + 2) * DAY_US + 1, 0, &s, &e, &st), DBF_OK);
  assert_int_equal(e, d + 3);
  /* Defaults: until the end of today, DBF_ANALYTICS_DEF_DAYS long. */
  assert_int_equal(dbf_analytics_range(0, 0, d * DAY_US + 5, &s, &e, &st), DBF_OK);
  assert_int_equal(e, d + 1);
  assert_int_equal(e - s, DBF_ANALYTICS_DEF_DAYS);
  /* Before the epoch: floor, not truncation toward zero. */
  assert_int_equal(dbf_analytics_range(-1, DAY_US, 0, &s, &e, &st), DBF_OK);
  assert_int_equal(s, -1);
  assert_int_equal(e, 1);
}

static void test_range_limits(void **state) {
  (void)state;
  dbf_status st = {0};
  int64_t s = 0, e = 0, d = 20791;
  /* Exactly the longest range is fine, one day more is not. */
  assert_int_equal(
      dbf_analytics_range((d - DBF_ANALYTICS_MAX_DAYS) * DAY_US, d * DAY_US, 0, &s, &e, &st),
      DBF_OK);
  assert_int_equal(
      dbf_analytics_range((d - DBF_ANALYTICS_MAX_DAYS - 1) * DAY_US, d * DAY_US, 0, &s, &e, &st),
      DBF_ERR_INVALID);
  assert_non_null(strstr(st.msg, "367 days"));
  /* Reversed or empty. */
  assert_int_equal(dbf_analytics_range(d * DAY_US, d * DAY_US, 0, &s, &e, &st), DBF_ERR_INVALID);
  assert_non_null(strstr(st.msg, "before filter.end_time"));
  /* A start after today with no end. */
  assert_int_equal(dbf_analytics_range((d + 5) * DAY_US, 0, d * DAY_US, &s, &e, &st),
                   DBF_ERR_INVALID);
  assert_non_null(strstr(st.msg, "earlier start_time"));
}

static dbf_store_viewer viewer(const char *user, const char *team, dbf_store_scope scope) {
  dbf_store_viewer v = {.user_id = user, .team_id = team, .scope = scope};
  return v;
}

static void test_scope_member(void **state) {
  (void)state;
  dbf_status st = {0};
  dbf_analytics_query q = {0};
  dbf_store_viewer m = viewer("ann", "red", DBF_SCOPE_OWN);
  assert_int_equal(dbf_analytics_scope(&m, "", NULL, &q, &st), DBF_OK);
  assert_string_equal(q.owner_id, "ann");
  assert_null(q.team_id);
  assert_int_equal(dbf_analytics_scope(&m, NULL, "ann", &q, &st), DBF_OK);
  assert_int_equal(dbf_analytics_scope(&m, NULL, "bob", &q, &st), DBF_ERR_PERMISSION);
  assert_int_equal(dbf_analytics_scope(&m, "red", NULL, &q, &st), DBF_ERR_PERMISSION);
  assert_non_null(strstr(st.msg, "team_id"));
}

static void test_scope_manager(void **state) {
  (void)state;
  dbf_status st = {0};
  dbf_analytics_query q = {0};
  dbf_store_viewer m = viewer("max", "red", DBF_SCOPE_TEAM);
  assert_int_equal(dbf_analytics_scope(&m, NULL, NULL, &q, &st), DBF_OK);
  assert_string_equal(q.team_id, "red");
  assert_null(q.owner_id);
  assert_false(q.check_owner_team);
  assert_int_equal(dbf_analytics_scope(&m, "red", "ann", &q, &st), DBF_OK);
  assert_string_equal(q.owner_id, "ann");
  assert_true(q.check_owner_team); /* the store checks ann is in red */
  assert_int_equal(dbf_analytics_scope(&m, NULL, "max", &q, &st), DBF_OK);
  assert_false(q.check_owner_team);
  assert_int_equal(dbf_analytics_scope(&m, "blue", NULL, &q, &st), DBF_ERR_PERMISSION);
  assert_non_null(strstr(st.msg, "'red'"));
  /* A manager without a team sees only their own figures. */
  dbf_store_viewer lone = viewer("lou", "", DBF_SCOPE_TEAM);
  assert_int_equal(dbf_analytics_scope(&lone, NULL, NULL, &q, &st), DBF_OK);
  assert_string_equal(q.owner_id, "lou");
  assert_int_equal(dbf_analytics_scope(&lone, NULL, "ann", &q, &st), DBF_ERR_PERMISSION);
}

static void test_scope_admin(void **state) {
  (void)state;
  dbf_status st = {0};
  dbf_analytics_query q = {0};
  dbf_store_viewer a = viewer("ada", "", DBF_SCOPE_ALL);
  assert_int_equal(dbf_analytics_scope(&a, "", "", &q, &st), DBF_OK);
  assert_null(q.team_id);
  assert_null(q.owner_id);
  assert_int_equal(dbf_analytics_scope(&a, "blue", "bob", &q, &st), DBF_OK);
  assert_string_equal(q.team_id, "blue");
  assert_string_equal(q.owner_id, "bob");
  assert_false(q.check_owner_team);
}

static void test_quantiles(void **state) {
  (void)state;
  int64_t h[DBF_ANALYTICS_HIST] = {0};
  assert_true(dbf_analytics_quantile(h, 0.5) == 0);
  /* 0-1 ms: bucket 0, upper edge 2 ms. */
  h[0] = 1;
  assert_true(dbf_analytics_quantile(h, 0.5) == 2);
  /* 99 values in [256, 512) and one in [4096, 8192): p50 512, p99 512, p100 8192. */
  h[0] = 0;
  h[8] = 99;
  h[12] = 1;
  assert_true(dbf_analytics_quantile(h, 0.5) == 512);
  assert_true(dbf_analytics_quantile(h, 0.99) == 512);
  assert_true(dbf_analytics_quantile(h, 1.0) == 8192);
  /* Two values: p50 is the first (rank ceil(0.5 * 2) = 1). */
  memset(h, 0, sizeof h);
  h[3] = 1;
  h[20] = 1;
  assert_true(dbf_analytics_quantile(h, 0.5) == 16);
  assert_true(dbf_analytics_quantile(h, 0.99) == 2097152);
  /* Negative counts (cannot happen) are ignored, not subtracted. */
  h[5] = -7;
  assert_true(dbf_analytics_quantile(h, 0.5) == 16);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_range_rounds_to_days), cmocka_unit_test(test_range_limits),
      cmocka_unit_test(test_scope_member),         cmocka_unit_test(test_scope_manager),
      cmocka_unit_test(test_scope_admin),          cmocka_unit_test(test_quantiles),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
