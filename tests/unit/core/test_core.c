/* test_core.c - tests for server/core: errors, arena, buffers, config parsing, clocks. */
#include <errno.h>
#include <pthread.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <cmocka.h>

#include "core/alloc.h"
#include "core/arena.h"
#include "core/buf.h"
#include "core/clock.h"
#include "core/config.h"
#include "core/err.h"

static void test_fail_sets_message(void **state) {
  (void)state;
  dbf_status st = {0};
  assert_int_equal(dbf_fail(&st, DBF_ERR_INVALID, "page_size %d too big", 5000), DBF_ERR_INVALID);
  assert_int_equal(st.code, DBF_ERR_INVALID);
  assert_string_equal(st.msg, "page_size 5000 too big");
  assert_string_equal(dbf_err_name(DBF_ERR_STATE), "STATE");
  assert_string_equal(dbf_err_name((dbf_err)999), "UNKNOWN");
}

static void test_arena_cap_and_alignment(void **state) {
  (void)state;
  dbf_arena *a = dbf_arena_create(64 * 1024);
  assert_non_null(a);
  void *p = dbf_arena_alloc(a, 3);
  void *q = dbf_arena_alloc(a, 5);
  assert_int_equal((uintptr_t)p % 16, 0);
  assert_int_equal((uintptr_t)q % 16, 0);
  assert_non_null(dbf_arena_alloc(a, 20000)); /* a big block of its own */
  assert_null(dbf_arena_alloc(a, 64 * 1024)); /* past the cap */
  assert_null(dbf_arena_calloc(a, SIZE_MAX / 2, 4));
  char *s = dbf_arena_printf(a, "%s-%d", "seq", 42);
  assert_string_equal(s, "seq-42");
  dbf_arena_destroy(a);
}

static void test_buf_cap(void **state) {
  (void)state;
  dbf_buf b;
  dbf_buf_init(&b, 8);
  assert_int_equal(dbf_buf_appends(&b, "1234"), DBF_OK);
  assert_int_equal(dbf_buf_printf(&b, "%d", 5678), DBF_OK);
  assert_string_equal(b.data, "12345678");
  assert_int_equal(dbf_buf_appends(&b, "9"), DBF_ERR_TOO_BIG);
  assert_int_equal(b.len, 8);
  dbf_buf_free(&b);
}

static void test_parse_i64(void **state) {
  (void)state;
  int64_t v = 0;
  assert_int_equal(dbf_parse_i64("42", 0, 100, &v), DBF_OK);
  assert_int_equal(v, 42);
  assert_int_equal(dbf_parse_i64("42x", 0, 100, &v), DBF_ERR_INVALID);
  assert_int_equal(dbf_parse_i64("", 0, 100, &v), DBF_ERR_INVALID);
  assert_int_equal(dbf_parse_i64("101", 0, 100, &v), DBF_ERR_INVALID);
  assert_int_equal(dbf_parse_i64("99999999999999999999", 0, INT64_MAX, &v), DBF_ERR_INVALID);
}

static void test_config_env_and_errors(void **state) {
  (void)state;
  dbf_config cfg;
  dbf_status st = {0};
  setenv("DEBRIEF_SESSION_TIMEOUT", "5", 1);
  setenv("DEBRIEF_DEV_MODE", "1", 1);
  assert_int_equal(dbf_config_load(&cfg, &st), DBF_OK);
  assert_int_equal(cfg.session_timeout_s, 5);
  assert_true(cfg.dev_mode);
  assert_string_equal(cfg.grpc_addr, "127.0.0.1:50051");
  dbf_config_free(&cfg);
  setenv("DEBRIEF_SESSION_TIMEOUT", "soon", 1);
  assert_int_equal(dbf_config_load(&cfg, &st), DBF_ERR_INVALID);
  assert_non_null(strstr(st.msg, "DEBRIEF_SESSION_TIMEOUT"));
  unsetenv("DEBRIEF_SESSION_TIMEOUT");
  unsetenv("DEBRIEF_DEV_MODE");
  assert_true(dbf_addr_is_loopback("127.0.0.1:50051"));
  assert_true(dbf_addr_is_loopback("[::1]:1"));
  assert_false(dbf_addr_is_loopback("0.0.0.0:50051"));
}

static void test_config_file_llm_settings(void **state) {
  (void)state;
  char path[] = "/tmp/debrief-config-XXXXXX";
  int fd = mkstemp(path);
  assert_true(fd >= 0);
  const char text[] = "# provider settings may live in the file\n"
                      "DEBRIEF_LLM=openai\nDEBRIEF_LLM_MODEL=from-file\n"
                      "DEBRIEF_LLM_BASE_URL=http://127.0.0.1:11434/v1\n";
  assert_int_equal(write(fd, text, sizeof text - 1), (ssize_t)(sizeof text - 1));
  close(fd);
  setenv("DEBRIEF_CONFIG", path, 1);
  setenv("DEBRIEF_LLM_MODEL", "from-env", 1);
  setenv("DEBRIEF_TEST_OTHER_KEY", "plain-env", 1);
  dbf_config cfg;
  dbf_status st = {0};
  assert_int_equal(dbf_config_load(&cfg, &st), DBF_OK);
  assert_string_equal(dbf_config_get("DEBRIEF_LLM", &cfg), "openai");
  assert_string_equal(dbf_config_get("DEBRIEF_LLM_MODEL", &cfg), "from-env"); /* env wins */
  assert_string_equal(dbf_config_get("DEBRIEF_LLM_BASE_URL", &cfg), "http://127.0.0.1:11434/v1");
  assert_string_equal(dbf_config_get("DEBRIEF_TEST_OTHER_KEY", &cfg), "plain-env");
  assert_null(dbf_config_get("DEBRIEF_DEV_MODE", &cfg)); /* not a string setting */
  dbf_config_free(&cfg);
  unsetenv("DEBRIEF_CONFIG");
  unsetenv("DEBRIEF_LLM_MODEL");
  unsetenv("DEBRIEF_TEST_OTHER_KEY");
  unlink(path);
}

static void test_alloc_fault_injection(void **state) {
  (void)state;
  dbf_alloc_fail_after(1);
  void *ok = dbf_malloc(8);
  void *bad = dbf_malloc(8);
  dbf_alloc_fail_after(-1);
  assert_non_null(ok);
  assert_null(bad);
  dbf_free(ok);
}

static int64_t ns_between(struct timespec a, struct timespec b) {
  return ((int64_t)b.tv_sec - a.tv_sec) * 1000000000LL + (b.tv_nsec - a.tv_nsec);
}

static void test_clock_after_normalises(void **state) {
  (void)state;
  struct timespec before;
  clock_gettime(CLOCK_MONOTONIC, &before);
  struct timespec at = dbf_clock_after(CLOCK_MONOTONIC, 1999);
  assert_true(at.tv_nsec >= 0 && at.tv_nsec < 1000000000L);
  int64_t ahead = ns_between(before, at);
  assert_true(ahead >= 1999000000LL && ahead < 2999000000LL);
  at = dbf_clock_after(CLOCK_MONOTONIC, -5); /* the past counts as now */
  assert_true(ns_between(before, at) >= 0 && ns_between(before, at) < 1000000000LL);
  clock_gettime(CLOCK_REALTIME, &before);
  at = dbf_clock_after(CLOCK_REALTIME, 250);
  assert_true(ns_between(before, at) >= 250000000LL);
}

/* A condition made by dbf_cond_init_mono times out at a monotonic instant:
 * on a wall-clock condition that instant (time since boot) lies decades in
 * the past, and the wait would return at once. */
static void test_cond_init_mono_waits_on_the_monotonic_clock(void **state) {
  (void)state;
  pthread_mutex_t mu = PTHREAD_MUTEX_INITIALIZER;
  pthread_cond_t cv;
  assert_int_equal(dbf_cond_init_mono(&cv), 0);
  int64_t from = dbf_mono_us();
  struct timespec until = dbf_clock_after(CLOCK_MONOTONIC, 30);
  pthread_mutex_lock(&mu);
  int rc = 0;
  while ((rc = pthread_cond_timedwait(&cv, &mu, &until)) == 0)
    ;
  pthread_mutex_unlock(&mu);
  assert_int_equal(rc, ETIMEDOUT);
  assert_true(dbf_mono_us() - from >= 25000);
  pthread_cond_destroy(&cv);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_fail_sets_message),
      cmocka_unit_test(test_arena_cap_and_alignment),
      cmocka_unit_test(test_buf_cap),
      cmocka_unit_test(test_parse_i64),
      cmocka_unit_test(test_config_env_and_errors),
      cmocka_unit_test(test_config_file_llm_settings),
      cmocka_unit_test(test_alloc_fault_injection),
      cmocka_unit_test(test_clock_after_normalises),
      cmocka_unit_test(test_cond_init_mono_waits_on_the_monotonic_clock),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
