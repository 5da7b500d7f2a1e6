/*
 * test_store_oom.c - the page tokens of server/store/pool.c
 * (dbf__page_token_encode/_decode, store_int.h) without a database: the
 * longest tokens the encoder issues, and an out-of-memory sweep of
 * encoding. Decoding allocates nothing, so it has no sweep of its own.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "core/alloc.h"
#include "store/store_int.h"

#define KIND        "session"
#define FINGERPRINT 0xfeedfacecafebeefull
#define RAW_MAX     511 /* the encoder's limit: its raw buffer is 512 bytes with the NUL */

/*
 * Every token the encoder issues must decode. Raw lengths 510 and 511 once
 * did not: the decoder reserved three bytes for the last group of four
 * characters even when it carried only one or two.
 */
static void test_longest_tokens_round_trip(void **state) {
  (void)state;
  /* "session|<16 hex>|" is 25 bytes and the final '|' one more. */
  const size_t fixed = strlen(KIND) + 1 + 16 + 1 + 1;
  char a[RAW_MAX + 1];
  for (size_t raw = RAW_MAX - 6; raw <= RAW_MAX + 1; raw++) {
    size_t la = raw - fixed;
    memset(a, 'x', la);
    a[la] = '\0';
    char *tok = dbf__page_token_encode(KIND, FINGERPRINT, a, "");
    if (raw > RAW_MAX) {
      assert_null(tok); /* too long to issue */
      continue;
    }
    assert_non_null(tok);
    char a2[RAW_MAX + 1], b2[8];
    dbf_status st = {0};
    assert_int_equal(
        dbf__page_token_decode(tok, KIND, FINGERPRINT, a2, sizeof a2, b2, sizeof b2, &st), DBF_OK);
    assert_string_equal(a2, a);
    assert_string_equal(b2, "");
    dbf_free(tok);
  }
}

/* Encoding under every allocation failure: NULL, or the same token as without faults. */
static void test_encode_out_of_memory(void **state) {
  (void)state;
  const char *us = "1764770000123456", *id = "0b9f7c8e-1d2a-4c3b-9e8f-7a6b5c4d3e2f";
  char *want = dbf__page_token_encode(KIND, FINGERPRINT, us, id);
  assert_non_null(want);
  bool succeeded = false;
  long n;
  for (n = 0; n < 100 && !succeeded; n++) {
    dbf_alloc_fail_after(n);
    char *tok = dbf__page_token_encode(KIND, FINGERPRINT, us, id);
    dbf_alloc_fail_after(-1);
    if (tok) {
      assert_string_equal(tok, want);
      succeeded = true;
    }
    dbf_free(tok);
  }
  assert_true(succeeded);
  assert_true(n >= 2); /* at least one failure point was reached */
  dbf_free(want);
}

int main(void) {
  dbf_alloc_install();
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_longest_tokens_round_trip),
      cmocka_unit_test(test_encode_out_of_memory),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
