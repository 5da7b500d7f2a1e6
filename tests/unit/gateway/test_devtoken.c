/*
 * test_devtoken.c - gateway/devtoken.c: the development sign-in mints a
 * token the server's claims reader accepts, and refuses bad bodies.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <cmocka.h>
#include <jansson.h>
#include <jwt.h>

#include "gateway/devtoken.h"

#define SECRET "unit-test-secret-0123456789abcdef"

static dbf_err mint(const char *body, dbf_buf *out, dbf_status *st) {
  dbf_buf_reset(out);
  return dbf_gw_dev_token(SECRET, body, strlen(body), out, st);
}

static void test_mints_a_verifiable_token(void **state) {
  (void)state;
  dbf_buf out;
  dbf_buf_init(&out, 8192);
  dbf_status st = {0};
  assert_int_equal(mint("{\"user\":\"alice\",\"role\":\"manager\",\"team\":\"sales\"}", &out, &st),
                   DBF_OK);
  json_t *j = json_loads(out.data, 0, NULL);
  assert_non_null(j);
  assert_int_equal(json_integer_value(json_object_get(j, "expiresIn")), DBF_GW_DEV_TOKEN_TTL_S);
  const char *tok = json_string_value(json_object_get(j, "token"));
  assert_non_null(tok);
  jwt_t *jwt = NULL;
  assert_int_equal(jwt_decode(&jwt, tok, (const unsigned char *)SECRET, strlen(SECRET)), 0);
  assert_int_equal(jwt_get_alg(jwt), JWT_ALG_HS256);
  assert_string_equal(jwt_get_grant(jwt, "sub"), "alice");
  assert_string_equal(jwt_get_grant(jwt, "role"), "manager");
  assert_string_equal(jwt_get_grant(jwt, "team"), "sales");
  long exp = jwt_get_grant_int(jwt, "exp");
  long now = (long)time(NULL);
  assert_true(exp > now && exp <= now + DBF_GW_DEV_TOKEN_TTL_S + 1);
  jwt_free(jwt);
  /* Another secret does not verify it. */
  jwt = NULL;
  assert_int_not_equal(jwt_decode(&jwt, tok, (const unsigned char *)"other", 5), 0);
  jwt_free(jwt);
  json_decref(j);
  dbf_buf_free(&out);
}

static void test_refuses_bad_bodies(void **state) {
  (void)state;
  static const char *const bad[] = {
      "",
      "[]",
      "{",
      "{\"role\":\"member\"}",
      "{\"user\":\"\",\"role\":\"member\"}",
      "{\"user\":\"a b\",\"role\":\"member\"}",
      "{\"user\":\"a\\\"b\",\"role\":\"member\"}",
      "{\"user\":\"alice\"}",
      "{\"user\":\"alice\",\"role\":\"root\"}",
      "{\"user\":\"alice\",\"role\":\"member\",\"team\":\"x/y\"}",
      "{\"user\":\"alice\",\"user\":\"bob\",\"role\":\"member\"}",
      "{\"user\":\"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\","
      "\"role\":\"member\"}",
  };
  dbf_buf out;
  dbf_buf_init(&out, 8192);
  for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
    dbf_status st = {0};
    if (mint(bad[i], &out, &st) != DBF_ERR_INVALID)
      fail_msg("'%s' was not refused", bad[i]);
    assert_true(st.msg[0] != '\0');
  }
  dbf_status st = {0};
  const char *ok = "{\"user\":\"a\",\"role\":\"member\"}";
  assert_int_equal(dbf_gw_dev_token("", ok, strlen(ok), &out, &st), DBF_ERR_INTERNAL);
  dbf_buf_free(&out);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_mints_a_verifiable_token),
      cmocka_unit_test(test_refuses_bad_bodies),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
