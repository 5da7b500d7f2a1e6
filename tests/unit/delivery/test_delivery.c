/* test_delivery.c - tests for server/delivery: sign.c, retry.c and
 * delivery_config.c (the worker itself runs in tests/integration/test_crm.py). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "delivery/delivery.h"

#define SECRET "whsec_0123456789abcdef"

/* Made with: hmac.new(SECRET, b'1700000000.' + body, hashlib.sha256).hexdigest() */
static void test_signature_matches_a_reference_hmac(void **state) {
  (void)state;
  char sig[DBF_DELIVERY_SIG_MAX];
  dbf_status st = {0};
  const char *body = "{\"schema\":\"debrief.crm.v1\"}";
  assert_int_equal(dbf_delivery_sign(SECRET, 1700000000, body, strlen(body), sig, &st), DBF_OK);
  assert_string_equal(
      sig, "t=1700000000,v1=e8ebc16f2131dc767f21fd5507071a2bb67c7a3fb4611693de4075748191a922");
  assert_int_equal(dbf_delivery_sign(SECRET, 1700000000, "", 0, sig, &st), DBF_OK);
  assert_string_equal(
      sig, "t=1700000000,v1=0e1fd9afd303fb6f213cc511093ec9783e6286d777cfee89f917aebd54d9a963");
}

static void test_signature_binds_body_time_and_secret(void **state) {
  (void)state;
  char a[DBF_DELIVERY_SIG_MAX], b[DBF_DELIVERY_SIG_MAX];
  dbf_status st = {0};
  assert_int_equal(dbf_delivery_sign(SECRET, 10, "{}", 2, a, &st), DBF_OK);
  assert_int_equal(dbf_delivery_sign(SECRET, 11, "{}", 2, b, &st), DBF_OK);
  assert_string_not_equal(strchr(a, ','), strchr(b, ','));
  assert_int_equal(dbf_delivery_sign(SECRET, 10, "{ }", 3, b, &st), DBF_OK);
  assert_string_not_equal(a, b);
  assert_int_equal(dbf_delivery_sign(SECRET "x", 10, "{}", 2, b, &st), DBF_OK);
  assert_string_not_equal(a, b);
  assert_int_equal(dbf_delivery_sign("", 10, "{}", 2, b, &st), DBF_ERR_INVALID);
  assert_int_equal(dbf_delivery_sign(SECRET, -1, "{}", 2, b, &st), DBF_ERR_INVALID);
}

static void test_statuses(void **state) {
  (void)state;
  assert_int_equal(dbf_delivery_classify(200), DBF_DELIVERY_DONE);
  assert_int_equal(dbf_delivery_classify(204), DBF_DELIVERY_DONE);
  const int retry[] = {0, 408, 425, 429, 500, 502, 503, 504, 599};
  for (size_t i = 0; i < sizeof retry / sizeof *retry; i++)
    assert_int_equal(dbf_delivery_classify(retry[i]), DBF_DELIVERY_RETRY);
  const int reject[] = {100, 301, 302, 400, 401, 403, 404, 409, 410, 413, 422, 600};
  for (size_t i = 0; i < sizeof reject / sizeof *reject; i++)
    assert_int_equal(dbf_delivery_classify(reject[i]), DBF_DELIVERY_REJECT);
}

static void test_backoff_grows_jitters_and_caps(void **state) {
  (void)state;
  dbf_delivery_config c = {.backoff_base_ms = 1000, .backoff_max_ms = 8000};
  /* Equal jitter: within [cap/2, cap], cap doubling from the base up to the max. */
  const int64_t caps[] = {1000, 2000, 4000, 8000, 8000, 8000};
  for (int attempt = 1; attempt <= 6; attempt++) {
    int64_t cap = caps[attempt - 1];
    assert_int_equal(dbf_delivery_backoff_ms(&c, attempt, 0), cap - cap / 2);
    assert_int_equal(dbf_delivery_backoff_ms(&c, attempt, (uint64_t)(cap / 2)), cap);
    for (uint64_t r = 0; r < 5000; r += 97) {
      int64_t d = dbf_delivery_backoff_ms(&c, attempt, r * 7919u);
      assert_true(d >= cap - cap / 2 && d <= cap);
    }
  }
  /* Huge attempt counts never overflow. */
  assert_true(dbf_delivery_backoff_ms(&c, 1000000, 12345) <= 8000);
  /* Different random draws spread retries. */
  assert_int_not_equal(dbf_delivery_backoff_ms(&c, 3, 1), dbf_delivery_backoff_ms(&c, 3, 1500));
}

static void test_retry_after_seconds_and_dates(void **state) {
  (void)state;
  int64_t ms = -1;
  const int64_t now = 1700000000;
  assert_true(dbf_delivery_retry_after_ms("120", now, 3600, &ms));
  assert_int_equal(ms, 120000);
  assert_true(dbf_delivery_retry_after_ms("  0\r\n", now, 3600, &ms));
  assert_int_equal(ms, 0);
  assert_true(dbf_delivery_retry_after_ms("99999999999999999999", now, 3600, &ms));
  assert_int_equal(ms, 3600 * 1000); /* capped, not refused */
  char many[200];
  memset(many, '9', sizeof many - 1);
  many[sizeof many - 1] = '\0';
  ms = -1;
  assert_true(dbf_delivery_retry_after_ms(many, now, 3600, &ms)); /* found by fuzz_retry_after */
  assert_int_equal(ms, 3600 * 1000);
  /* IMF-fixdate, RFC 850 and asctime: 100 s after now. */
  assert_true(dbf_delivery_retry_after_ms("Tue, 14 Nov 2023 22:15:00 GMT", now, 3600, &ms));
  assert_int_equal(ms, 100000);
  assert_true(dbf_delivery_retry_after_ms("Tuesday, 14-Nov-23 22:15:00 GMT", now, 3600, &ms));
  assert_int_equal(ms, 100000);
  assert_true(dbf_delivery_retry_after_ms("Tue Nov 14 22:15:00 2023", now, 3600, &ms));
  assert_int_equal(ms, 100000);
  /* A date in the past means now. */
  assert_true(dbf_delivery_retry_after_ms("Sun, 06 Nov 1994 08:49:37 GMT", now, 3600, &ms));
  assert_int_equal(ms, 0);
  const char *bad[] = {"", "  ", "-5", "1.5", "12abc", "soon", NULL};
  for (size_t i = 0; i < sizeof bad / sizeof *bad; i++)
    assert_false(dbf_delivery_retry_after_ms(bad[i], now, 3600, &ms));
}

static const char *table[16][2];
static const char *get(const char *name, void *arg) {
  (void)arg;
  for (size_t i = 0; i < 16 && table[i][0]; i++)
    if (!strcmp(table[i][0], name))
      return table[i][1];
  return NULL;
}

static dbf_err load_with(const char *const kv[][2], size_t n, dbf_delivery_config *c,
                         dbf_status *st) {
  memset(table, 0, sizeof table);
  for (size_t i = 0; i < n; i++) {
    table[i][0] = kv[i][0];
    table[i][1] = kv[i][1];
  }
  return dbf_delivery_config_load(c, get, NULL, st);
}

static void test_settings(void **state) {
  (void)state;
  dbf_delivery_config c;
  dbf_status st = {0};
  assert_int_equal(load_with(NULL, 0, &c, &st), DBF_OK);
  assert_null(c.url); /* off by default */
  assert_string_equal(c.target, "generic");
  assert_int_equal(c.max_attempts, 8);
  assert_int_equal(c.timeout_ms, 15000);
  dbf_delivery_config_free(&c);

  const char *ok[][2] = {{"DEBRIEF_CRM_WEBHOOK_URL", "https://crm.example/hook"},
                         {"DEBRIEF_CRM_WEBHOOK_SECRET", SECRET},
                         {"DEBRIEF_CRM_MAX_ATTEMPTS", "3"},
                         {"DEBRIEF_CRM_TARGET", "hubspot"}};
  assert_int_equal(load_with(ok, 4, &c, &st), DBF_OK);
  assert_string_equal(c.url, "https://crm.example/hook");
  assert_int_equal(c.max_attempts, 3);
  assert_string_equal(c.target, "hubspot");
  dbf_delivery_config_free(&c);

  const char *no_secret[][2] = {{"DEBRIEF_CRM_WEBHOOK_URL", "https://crm.example/hook"},
                                {"DEBRIEF_CRM_WEBHOOK_SECRET", "short"}};
  assert_int_equal(load_with(no_secret, 2, &c, &st), DBF_ERR_INVALID);
  assert_non_null(strstr(st.msg, "DEBRIEF_CRM_WEBHOOK_SECRET"));
  assert_null(strstr(st.msg, "short")); /* a secret never appears in a message */
  const char *bad_url[][2] = {{"DEBRIEF_CRM_WEBHOOK_URL", "file:///etc/passwd"},
                              {"DEBRIEF_CRM_WEBHOOK_SECRET", SECRET}};
  assert_int_equal(load_with(bad_url, 2, &c, &st), DBF_ERR_INVALID);
  const char *bad_int[][2] = {{"DEBRIEF_CRM_MAX_ATTEMPTS", "0"}};
  assert_int_equal(load_with(bad_int, 1, &c, &st), DBF_ERR_INVALID);
  assert_non_null(strstr(st.msg, "DEBRIEF_CRM_MAX_ATTEMPTS"));
  const char *bad_backoff[][2] = {{"DEBRIEF_CRM_BACKOFF_BASE_MS", "5000"},
                                  {"DEBRIEF_CRM_BACKOFF_MAX_MS", "1000"}};
  assert_int_equal(load_with(bad_backoff, 2, &c, &st), DBF_ERR_INVALID);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_signature_matches_a_reference_hmac),
      cmocka_unit_test(test_signature_binds_body_time_and_secret),
      cmocka_unit_test(test_statuses),
      cmocka_unit_test(test_backoff_grows_jitters_and_caps),
      cmocka_unit_test(test_retry_after_seconds_and_dates),
      cmocka_unit_test(test_settings),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
