/*
 * test_auth.c - tests for server/auth: JWT verification with a pinned
 * algorithm, claim checks, minting, dev mode, RBAC policy and row-level
 * visibility. Hostile tokens (alg none, key confusion, bad signatures) are
 * crafted by hand or with libjwt directly; the RS256 key pair is generated
 * at test time with the openssl command-line tool.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <cmocka.h>
#include <curl/curl.h>
#include <jwt.h>

#include "auth/auth.h"
#include "core/alloc.h"
#include "core/log.h"

#define SECRET "unit-test-secret-0123456789abcdef0123456789"

static char key_dir[80];
static char priv_pem[160];
static char pub_pem[160];

/* A fresh HS256 verifier with optional iss/aud. Freed with dbf_auth_destroy. */
static dbf_auth *hs_auth(const char *iss, const char *aud, bool dev) {
  dbf_auth_opts o = {
      .alg = "HS256", .secret = SECRET, .issuer = iss, .audience = aud, .dev_mode = dev};
  dbf_auth *a = NULL;
  dbf_status st = {0};
  assert_int_equal(dbf_auth_create(&o, &a, &st), DBF_OK);
  assert_non_null(a);
  return a;
}

static dbf_auth *rs_auth(void) {
  dbf_auth_opts o = {.alg = "RS256", .public_key_file = pub_pem};
  dbf_auth *a = NULL;
  dbf_status st = {0};
  assert_int_equal(dbf_auth_create(&o, &a, &st), DBF_OK);
  return a;
}

/* Signs claims (JSON text) with libjwt directly. Returns a malloc'd token. */
static char *sign(jwt_alg_t alg, const unsigned char *key, size_t key_len, const char *claims) {
  jwt_t *j = NULL;
  assert_int_equal(jwt_new(&j), 0);
  assert_int_equal(jwt_add_grants_json(j, claims), 0);
  assert_int_equal(jwt_set_alg(j, alg, key, (int)key_len), 0);
  char *tok = jwt_encode_str(j);
  assert_non_null(tok);
  jwt_free(j);
  return tok;
}

static char *sign_hs(const char *secret, const char *claims) {
  return sign(JWT_ALG_HS256, (const unsigned char *)secret, strlen(secret), claims);
}

/* Claims JSON with exp relative to now; extra is spliced in (may be ""). */
static const char *claims_with(char *buf, size_t cap, long exp_delta, const char *extra) {
  snprintf(buf, cap, "{\"exp\":%ld%s}", (long)time(NULL) + exp_delta, extra);
  return buf;
}

static void b64url(const char *in, char *out, size_t cap) {
  static const char tbl[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
  size_t n = strlen(in), o = 0;
  uint32_t acc = 0;
  int bits = 0;
  for (size_t i = 0; i < n; i++) {
    acc = (acc << 8) | (unsigned char)in[i];
    bits += 8;
    while (bits >= 6) {
      bits -= 6;
      assert_true(o + 1 < cap);
      out[o++] = tbl[(acc >> bits) & 63];
    }
  }
  if (bits > 0)
    out[o++] = tbl[(acc << (6 - bits)) & 63];
  out[o] = '\0';
}

/* Verifies "Bearer <tok>" and returns the error code; fills p and st. */
static dbf_err verify_tok(dbf_auth *a, const char *tok, dbf_principal *p, dbf_status *st) {
  size_t n = strlen(tok) + 8;
  char *h = malloc(n);
  assert_non_null(h);
  snprintf(h, n, "Bearer %s", tok);
  dbf_status_clear(st);
  dbf_err rc = dbf_auth_verify(a, h, p, st);
  free(h);
  return rc;
}

/* Expects verification of tok to fail UNAUTHENTICATED with msg_part in the message. */
static void expect_reject(dbf_auth *a, const char *tok, const char *msg_part) {
  dbf_principal p;
  dbf_status st = {0};
  assert_int_equal(verify_tok(a, tok, &p, &st), DBF_ERR_UNAUTHENTICATED);
  if (!strstr(st.msg, msg_part))
    fail_msg("message '%s' does not contain '%s'", st.msg, msg_part);
  assert_string_equal(p.user_id, "");
  assert_int_equal(p.role, DBF_ROLE_NONE);
}

static void reject_claims(const char *claims, const char *msg_part) {
  dbf_auth *a = hs_auth("https://issuer.example", "debrief", false);
  char *tok = sign_hs(SECRET, claims);
  expect_reject(a, tok, msg_part);
  free(tok);
  dbf_auth_destroy(a);
}

/* The verified-token cache: hits for the same bytes, never for other bytes, and
 * never past the token's expiry. */
static void test_verified_token_cache(void **state) {
  (void)state;
  dbf_auth_opts o = {.alg = "HS256", .secret = SECRET, .leeway_s = 1};
  dbf_auth *a = NULL;
  dbf_status st = {0};
  assert_int_equal(dbf_auth_create(&o, &a, &st), DBF_OK);
  char c[256];
  char *tok =
      sign_hs(SECRET, claims_with(c, sizeof c, 1, ",\"sub\":\"cached\",\"role\":\"manager\""));
  dbf_principal p;
  uint64_t hits = 0, misses = 0;
  assert_int_equal(verify_tok(a, tok, &p, &st), DBF_OK);
  dbf_auth_cache_stats(a, &hits, &misses);
  assert_int_equal(hits, 0);
  assert_int_equal(verify_tok(a, tok, &p, &st), DBF_OK);
  assert_string_equal(p.user_id, "cached");
  assert_int_equal(p.role, DBF_ROLE_MANAGER);
  dbf_auth_cache_stats(a, &hits, &misses);
  assert_int_equal(hits, 1);

  /* The same token with its signature changed is checked in full and refused. */
  char *forged = strdup(tok);
  assert_non_null(forged);
  char *last = forged + strlen(forged) - 2;
  *last = *last == 'A' ? 'B' : 'A';
  expect_reject(a, forged, "signature");
  free(forged);

  /* Past exp plus the leeway, the remembered verification is not used. */
  sleep(3);
  expect_reject(a, tok, "expired");
  dbf_auth_cache_stats(a, &hits, &misses);
  assert_int_equal(hits, 1);
  free(tok);
  dbf_auth_destroy(a);
}

static int keys_setup(void **state) {
  (void)state;
  const char *tmp = getenv("TMPDIR");
  snprintf(key_dir, sizeof key_dir, "%s/dbfauthXXXXXX", tmp && strlen(tmp) < 40 ? tmp : "/tmp");
  if (!mkdtemp(key_dir))
    return -1;
  snprintf(priv_pem, sizeof priv_pem, "%s/priv.pem", key_dir);
  snprintf(pub_pem, sizeof pub_pem, "%s/pub.pem", key_dir);
  char cmd[1024];
  snprintf(cmd, sizeof cmd,
           "openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048 -out '%s' 2>/dev/null "
           "&& openssl pkey -in '%s' -pubout -out '%s' 2>/dev/null",
           priv_pem, priv_pem, pub_pem);
  return system(cmd) == 0 ? 0 : -1;
}

static int keys_teardown(void **state) {
  (void)state;
  unlink(priv_pem);
  unlink(pub_pem);
  rmdir(key_dir);
  return 0;
}

static void test_valid_hs256(void **state) {
  (void)state;
  dbf_auth_opts o = {.alg = "HS256", .secret = SECRET};
  char *tok = NULL;
  dbf_status st = {0};
  assert_int_equal(dbf_auth_mint(&o, "alice", DBF_ROLE_MANAGER, "sales", "Alice A", 600, &tok, &st),
                   DBF_OK);
  dbf_auth *a = hs_auth(NULL, NULL, false);
  dbf_principal p;
  assert_int_equal(verify_tok(a, tok, &p, &st), DBF_OK);
  assert_string_equal(p.user_id, "alice");
  assert_string_equal(p.team_id, "sales");
  assert_string_equal(p.display_name, "Alice A");
  assert_int_equal(p.role, DBF_ROLE_MANAGER);
  assert_true(p.expires_at > (int64_t)time(NULL) + 500);
  /* The scheme is case-insensitive and extra spaces are tolerated. */
  size_t n = strlen(tok) + 16;
  char *h = malloc(n);
  snprintf(h, n, "bearer   %s \r\n", tok);
  assert_int_equal(dbf_auth_verify(a, h, &p, &st), DBF_OK);
  free(h);
  dbf_free(tok);
  dbf_auth_destroy(a);
}

static void test_expired(void **state) {
  (void)state;
  char c[256];
  reject_claims(claims_with(c, sizeof c, -3600,
                            ",\"sub\":\"a\",\"role\":\"member\",\"iss\":\"https://issuer.example\","
                            "\"aud\":\"debrief\""),
                "token expired at 20");
}

static void test_within_leeway(void **state) {
  (void)state;
  char c[256];
  dbf_auth *a = hs_auth(NULL, NULL, false);
  char *tok = sign_hs(SECRET, claims_with(c, sizeof c, -5, ",\"sub\":\"a\",\"role\":\"member\""));
  dbf_principal p;
  dbf_status st = {0};
  assert_int_equal(verify_tok(a, tok, &p, &st), DBF_OK);
  free(tok);
  dbf_auth_destroy(a);
}

static void test_not_yet_valid(void **state) {
  (void)state;
  char c[256], extra[200];
  snprintf(extra, sizeof extra,
           ",\"nbf\":%ld,\"sub\":\"a\",\"role\":\"member\",\"iss\":\"https://issuer.example\","
           "\"aud\":\"debrief\"",
           (long)time(NULL) + 3600);
  reject_claims(claims_with(c, sizeof c, 7200, extra), "token is not valid before 20");
}

static void test_missing_exp(void **state) {
  (void)state;
  reject_claims("{\"sub\":\"a\",\"role\":\"member\",\"iss\":\"https://issuer.example\","
                "\"aud\":\"debrief\"}",
                "token has no exp claim");
  reject_claims("{\"exp\":\"tomorrow\",\"sub\":\"a\",\"role\":\"member\"}",
                "exp claim must be a number");
  reject_claims("{\"exp\":1e300,\"sub\":\"a\",\"role\":\"member\"}", "exp claim is out of range");
}

static void test_alg_none(void **state) {
  (void)state;
  char h[128], b[256], c[256], tok[512];
  b64url("{\"alg\":\"none\",\"typ\":\"JWT\"}", h, sizeof h);
  b64url(claims_with(c, sizeof c, 3600, ",\"sub\":\"mallory\",\"role\":\"admin\""), b, sizeof b);
  dbf_auth *a = hs_auth(NULL, NULL, false);
  snprintf(tok, sizeof tok, "%s.%s.", h, b);
  expect_reject(a, tok, "token algorithm none is not allowed; expected HS256");
  snprintf(tok, sizeof tok, "%s.%s", h, b);
  expect_reject(a, tok, "malformed token");
  b64url("{\"alg\":\"NONE\"}", h, sizeof h);
  snprintf(tok, sizeof tok, "%s.%s.", h, b);
  expect_reject(a, tok, "token algorithm NONE is not allowed; expected HS256");
  b64url("{\"typ\":\"JWT\"}", h, sizeof h);
  snprintf(tok, sizeof tok, "%s.%s.x", h, b);
  expect_reject(a, tok, "token header has no alg");
  b64url("{\"alg\":\"HS256\",\"typ\":\"at+jwt\"}", h, sizeof h);
  snprintf(tok, sizeof tok, "%s.%s.x", h, b);
  expect_reject(a, tok, "token type at+jwt is not supported; expected JWT");
  b64url("{\"alg\":\"HS256\",\"crit\":[\"exp\"]}", h, sizeof h);
  snprintf(tok, sizeof tok, "%s.%s.x", h, b);
  expect_reject(a, tok, "unsupported crit");
  /* Duplicate keys could let two parsers see different algorithms. */
  b64url("{\"alg\":\"HS256\",\"alg\":\"none\"}", h, sizeof h);
  snprintf(tok, sizeof tok, "%s.%s.x", h, b);
  expect_reject(a, tok, "malformed token");
  dbf_auth_destroy(a);
}

static void test_wrong_signature(void **state) {
  (void)state;
  char c[256];
  dbf_auth *a = hs_auth(NULL, NULL, false);
  char *tok = sign_hs(SECRET, claims_with(c, sizeof c, 3600, ",\"sub\":\"a\",\"role\":\"admin\""));
  size_t n = strlen(tok);
  tok[n - 2] = tok[n - 2] == 'A' ? 'B' : 'A';
  expect_reject(a, tok, "bad token signature");
  free(tok);
  /* A payload swapped under the original signature. */
  char *t1 = sign_hs(SECRET, claims_with(c, sizeof c, 3600, ",\"sub\":\"a\",\"role\":\"member\""));
  char *t2 = sign_hs(SECRET, claims_with(c, sizeof c, 3600, ",\"sub\":\"a\",\"role\":\"admin\""));
  char spliced[1024];
  snprintf(spliced, sizeof spliced, "%.*s%s", (int)(strrchr(t2, '.') - t2), t2, strrchr(t1, '.'));
  expect_reject(a, spliced, "bad token signature");
  free(t1);
  free(t2);
  dbf_auth_destroy(a);
}

static void test_wrong_secret(void **state) {
  (void)state;
  char c[256];
  dbf_auth *a = hs_auth(NULL, NULL, false);
  char *tok = sign_hs("some-other-secret-0123456789abcdef0123",
                      claims_with(c, sizeof c, 3600, ",\"sub\":\"a\",\"role\":\"admin\""));
  expect_reject(a, tok, "bad token signature");
  free(tok);
  dbf_auth_destroy(a);
}

static void test_key_confusion_hs256_when_rs256(void **state) {
  (void)state;
  /* The classic attack: HMAC-sign with the server's public key as the secret. */
  FILE *f = fopen(pub_pem, "rb");
  assert_non_null(f);
  char pem[8192];
  size_t n = fread(pem, 1, sizeof pem - 1, f);
  fclose(f);
  pem[n] = '\0';
  char c[256];
  char *tok = sign(JWT_ALG_HS256, (const unsigned char *)pem, n,
                   claims_with(c, sizeof c, 3600, ",\"sub\":\"mallory\",\"role\":\"admin\""));
  dbf_auth *a = rs_auth();
  expect_reject(a, tok, "token algorithm HS256 is not allowed; expected RS256");
  free(tok);
  dbf_auth_destroy(a);
}

static void test_rs256_valid(void **state) {
  (void)state;
  dbf_auth_opts o = {.alg = "RS256",
                     .public_key_file = pub_pem,
                     .private_key_file = priv_pem,
                     .issuer = "debrief-test",
                     .audience = "debrief"};
  char *tok = NULL;
  dbf_status st = {0};
  assert_int_equal(dbf_auth_mint(&o, "bob", DBF_ROLE_ADMIN, "", "", 60, &tok, &st), DBF_OK);
  dbf_auth *a = NULL;
  assert_int_equal(dbf_auth_create(&o, &a, &st), DBF_OK);
  dbf_principal p;
  assert_int_equal(verify_tok(a, tok, &p, &st), DBF_OK);
  assert_string_equal(p.user_id, "bob");
  assert_string_equal(p.team_id, "");
  assert_int_equal(p.role, DBF_ROLE_ADMIN);
  /* The same RS256 token against an HS256 verifier is refused by algorithm. */
  dbf_auth *h = hs_auth(NULL, NULL, false);
  expect_reject(h, tok, "token algorithm RS256 is not allowed; expected HS256");
  dbf_auth_destroy(h);
  /* A tampered RS256 signature fails. */
  size_t n = strlen(tok);
  tok[n - 3] = tok[n - 3] == 'A' ? 'B' : 'A';
  expect_reject(a, tok, "bad token signature");
  dbf_free(tok);
  dbf_auth_destroy(a);
}

static void test_wrong_iss(void **state) {
  (void)state;
  char c[256];
  reject_claims(claims_with(c, sizeof c, 3600,
                            ",\"sub\":\"a\",\"role\":\"member\",\"iss\":\"https://evil.example\","
                            "\"aud\":\"debrief\""),
                "token issuer 'https://evil.example' is not accepted");
  reject_claims(claims_with(c, sizeof c, 3600, ",\"sub\":\"a\",\"role\":\"member\",\"aud\":\"x\""),
                "token has no iss claim");
}

static void test_wrong_aud(void **state) {
  (void)state;
  char c[256];
  reject_claims(claims_with(c, sizeof c, 3600,
                            ",\"sub\":\"a\",\"role\":\"member\",\"iss\":\"https://issuer.example\","
                            "\"aud\":\"other\""),
                "token audience does not include 'debrief'");
  reject_claims(claims_with(c, sizeof c, 3600,
                            ",\"sub\":\"a\",\"role\":\"member\",\"iss\":\"https://issuer.example\","
                            "\"aud\":[\"x\",\"y\"]"),
                "token audience does not include 'debrief'");
  reject_claims(
      claims_with(c, sizeof c, 3600,
                  ",\"sub\":\"a\",\"role\":\"member\",\"iss\":\"https://issuer.example\""),
      "token has no aud claim");
  /* aud may be an array that includes ours. */
  dbf_auth *a = hs_auth("https://issuer.example", "debrief", false);
  char *tok = sign_hs(SECRET, claims_with(c, sizeof c, 3600,
                                          ",\"sub\":\"a\",\"role\":\"member\",\"iss\":\"https://"
                                          "issuer.example\",\"aud\":[\"x\",\"debrief\"]"));
  dbf_principal p;
  dbf_status st = {0};
  assert_int_equal(verify_tok(a, tok, &p, &st), DBF_OK);
  free(tok);
  dbf_auth_destroy(a);
}

static void test_bad_role_and_sub(void **state) {
  (void)state;
  char c[512];
  const char *ok = ",\"iss\":\"https://issuer.example\",\"aud\":\"debrief\"";
  char extra[400];
  snprintf(extra, sizeof extra, ",\"sub\":\"a\",\"role\":\"superuser\"%s", ok);
  reject_claims(claims_with(c, sizeof c, 3600, extra), "token role 'superuser' is unknown");
  snprintf(extra, sizeof extra, ",\"sub\":\"a\"%s", ok);
  reject_claims(claims_with(c, sizeof c, 3600, extra), "token has no role claim");
  snprintf(extra, sizeof extra, ",\"sub\":\"a\",\"role\":3%s", ok);
  reject_claims(claims_with(c, sizeof c, 3600, extra), "is unknown");
  snprintf(extra, sizeof extra, ",\"role\":\"admin\"%s", ok);
  reject_claims(claims_with(c, sizeof c, 3600, extra), "token has no sub claim");
  snprintf(extra, sizeof extra, ",\"sub\":\"\",\"role\":\"admin\"%s", ok);
  reject_claims(claims_with(c, sizeof c, 3600, extra), "token sub claim is empty");
  snprintf(extra, sizeof extra, ",\"sub\":42,\"role\":\"admin\"%s", ok);
  reject_claims(claims_with(c, sizeof c, 3600, extra), "token sub claim must be a string");
  char longsub[200];
  memset(longsub, 'x', 128);
  longsub[128] = '\0';
  snprintf(extra, sizeof extra, ",\"sub\":\"%s\",\"role\":\"admin\"%s", longsub, ok);
  reject_claims(claims_with(c, sizeof c, 3600, extra), "token sub claim is too long");
  snprintf(extra, sizeof extra, ",\"sub\":\"a\",\"team\":[1],\"role\":\"admin\"%s", ok);
  reject_claims(claims_with(c, sizeof c, 3600, extra), "token team claim must be a string");
  /* Control characters: in no identifier (the analytics system totals rely on it). */
  snprintf(extra, sizeof extra, ",\"sub\":\"a\",\"team\":\"\\u0001\",\"role\":\"admin\"%s", ok);
  reject_claims(claims_with(c, sizeof c, 3600, extra),
                "token team claim contains a control character");
  snprintf(extra, sizeof extra, ",\"sub\":\"a\\nb\",\"role\":\"admin\"%s", ok);
  reject_claims(claims_with(c, sizeof c, 3600, extra),
                "token sub claim contains a control character");
}

static void test_oversized_token(void **state) {
  (void)state;
  dbf_auth *a = hs_auth(NULL, NULL, false);
  size_t n = 9000;
  char *tok = malloc(n + 1);
  memset(tok, 'A', n);
  tok[100] = '.';
  tok[200] = '.';
  tok[n] = '\0';
  expect_reject(a, tok, "token too large");
  /* A huge header is refused without being read in full. */
  size_t big = 1u << 20;
  char *h = malloc(big + 1);
  memcpy(h, "Bearer ", 7);
  memset(h + 7, 'A', big - 7);
  h[big] = '\0';
  dbf_principal p;
  dbf_status st = {0};
  assert_int_equal(dbf_auth_verify(a, h, &p, &st), DBF_ERR_UNAUTHENTICATED);
  assert_non_null(strstr(st.msg, "token too large"));
  free(h);
  free(tok);
  dbf_auth_destroy(a);
}

static void test_malformed_header(void **state) {
  (void)state;
  dbf_auth *a = hs_auth(NULL, NULL, false);
  dbf_principal p;
  dbf_status st = {0};
  const char *bad[] = {"Basic dXNlcjpwYXNz", "Bearer",         "Bearer   ",
                       "Bearerabc.def.ghi",  "Bearer a.b.c d", "abc.def.ghi"};
  for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
    assert_int_equal(dbf_auth_verify(a, bad[i], &p, &st), DBF_ERR_UNAUTHENTICATED);
    if (!strstr(st.msg, "malformed authorization header"))
      fail_msg("'%s' gave '%s'", bad[i], st.msg);
  }
  const char *badtok[] = {"a.b", "a.b.c.d", ".b.c", "a..c", "!!!.b.c", "e30.e30.sig"};
  for (size_t i = 0; i < sizeof badtok / sizeof badtok[0]; i++)
    expect_reject(a, badtok[i], "");
  expect_reject(a, "a.b", "malformed token");
  expect_reject(a, "!!!.b.c", "malformed token: the header");
  assert_int_equal(dbf_auth_verify(a, NULL, &p, &st), DBF_ERR_UNAUTHENTICATED);
  assert_string_equal(st.msg, "missing bearer token: send 'authorization: Bearer <jwt>'");
  assert_int_equal(dbf_auth_verify(a, "", &p, &st), DBF_ERR_UNAUTHENTICATED);
  assert_string_equal(st.msg, "missing bearer token: send 'authorization: Bearer <jwt>'");
  dbf_auth_destroy(a);
}

static void test_dev_mode(void **state) {
  (void)state;
  dbf_auth *a = hs_auth(NULL, NULL, true);
  dbf_principal p;
  dbf_status st = {0};
  assert_int_equal(dbf_auth_verify(a, NULL, &p, &st), DBF_OK);
  assert_string_equal(p.user_id, "dev");
  assert_string_equal(p.team_id, "dev");
  assert_int_equal(p.role, DBF_ROLE_ADMIN);
  /* A present token is still verified in dev mode. */
  char c[256];
  char *tok =
      sign_hs(SECRET, claims_with(c, sizeof c, 3600, ",\"sub\":\"carol\",\"role\":\"member\""));
  assert_int_equal(verify_tok(a, tok, &p, &st), DBF_OK);
  assert_string_equal(p.user_id, "carol");
  assert_int_equal(p.role, DBF_ROLE_MEMBER);
  free(tok);
  tok = sign_hs("wrong-secret-wrong-secret-wrong-secret",
                claims_with(c, sizeof c, 3600, ",\"sub\":\"carol\",\"role\":\"member\""));
  expect_reject(a, tok, "bad token signature");
  free(tok);
  dbf_auth_destroy(a);

  /* Dev mode without any key: tokens cannot be verified, so they are refused. */
  dbf_auth_opts o = {.alg = "HS256", .dev_mode = true};
  assert_int_equal(dbf_auth_create(&o, &a, &st), DBF_OK);
  assert_int_equal(dbf_auth_verify(a, NULL, &p, &st), DBF_OK);
  assert_int_equal(dbf_auth_verify(a, "Bearer a.b.c", &p, &st), DBF_ERR_UNAUTHENTICATED);
  dbf_auth_destroy(a);
}

static void test_create_and_mint_errors(void **state) {
  (void)state;
  dbf_auth *a = NULL;
  dbf_status st = {0};
  dbf_auth_opts o = {.alg = "HS512", .secret = SECRET};
  assert_int_equal(dbf_auth_create(&o, &a, &st), DBF_ERR_INVALID);
  assert_non_null(strstr(st.msg, "HS256 or RS256"));
  o = (dbf_auth_opts){.alg = "HS256"};
  assert_int_equal(dbf_auth_create(&o, &a, &st), DBF_ERR_INVALID);
  o = (dbf_auth_opts){.alg = "RS256"};
  assert_int_equal(dbf_auth_create(&o, &a, &st), DBF_ERR_INVALID);
  o = (dbf_auth_opts){.alg = "RS256", .public_key_file = priv_pem};
  assert_int_equal(dbf_auth_create(&o, &a, &st), DBF_ERR_INVALID);
  assert_non_null(strstr(st.msg, "private key"));
  o = (dbf_auth_opts){.alg = "RS256", .public_key_file = "/nonexistent/key.pem"};
  assert_int_equal(dbf_auth_create(&o, &a, &st), DBF_ERR_INVALID);
  assert_null(a);

  char *tok = NULL;
  o = (dbf_auth_opts){.alg = "HS256", .secret = SECRET};
  assert_int_equal(dbf_auth_mint(&o, "u", DBF_ROLE_MEMBER, NULL, NULL, 0, &tok, &st),
                   DBF_ERR_INVALID);
  assert_int_equal(dbf_auth_mint(&o, "", DBF_ROLE_MEMBER, NULL, NULL, 60, &tok, &st),
                   DBF_ERR_INVALID);
  assert_int_equal(dbf_auth_mint(&o, "u", DBF_ROLE_NONE, NULL, NULL, 60, &tok, &st),
                   DBF_ERR_INVALID);
  o = (dbf_auth_opts){.alg = "RS256", .public_key_file = pub_pem};
  assert_int_equal(dbf_auth_mint(&o, "u", DBF_ROLE_MEMBER, NULL, NULL, 60, &tok, &st),
                   DBF_ERR_INVALID);
  assert_null(tok);

  assert_int_equal(dbf_role_parse("manager"), DBF_ROLE_MANAGER);
  assert_int_equal(dbf_role_parse("Admin"), DBF_ROLE_NONE);
  assert_int_equal(dbf_role_parse(NULL), DBF_ROLE_NONE);
  assert_string_equal(dbf_role_name(DBF_ROLE_ADMIN), "admin");
  assert_string_equal(dbf_role_name((dbf_role)99), "none");
}

static dbf_principal who(const char *user, const char *team, dbf_role role) {
  dbf_principal p = {.role = role};
  snprintf(p.user_id, sizeof p.user_id, "%s", user);
  snprintf(p.team_id, sizeof p.team_id, "%s", team);
  return p;
}

static void test_policy(void **state) {
  (void)state;
  dbf_principal m = who("m", "t", DBF_ROLE_MEMBER);
  dbf_principal g = who("g", "t", DBF_ROLE_MANAGER);
  dbf_principal d = who("d", "t", DBF_ROLE_ADMIN);
  dbf_status st = {0};
  const char *rpc = "/debrief.v1.TemplateService/CreateTemplate";
  assert_int_equal(dbf_auth_check_policy(&m, DBF_POLICY_MEMBER, rpc, &st), DBF_OK);
  assert_int_equal(dbf_auth_check_policy(&g, DBF_POLICY_MEMBER, rpc, &st), DBF_OK);
  assert_int_equal(dbf_auth_check_policy(&d, DBF_POLICY_MEMBER, rpc, &st), DBF_OK);
  assert_int_equal(dbf_auth_check_policy(&m, DBF_POLICY_MANAGER, rpc, &st), DBF_ERR_PERMISSION);
  assert_string_equal(st.msg, "/debrief.v1.TemplateService/CreateTemplate requires the manager "
                              "role or higher; you are member");
  assert_int_equal(dbf_auth_check_policy(&g, DBF_POLICY_MANAGER, rpc, &st), DBF_OK);
  assert_int_equal(dbf_auth_check_policy(&d, DBF_POLICY_MANAGER, rpc, &st), DBF_OK);
  assert_int_equal(dbf_auth_check_policy(&m, DBF_POLICY_ADMIN, rpc, &st), DBF_ERR_PERMISSION);
  assert_int_equal(dbf_auth_check_policy(&g, DBF_POLICY_ADMIN, rpc, &st), DBF_ERR_PERMISSION);
  assert_string_equal(st.msg, "/debrief.v1.TemplateService/CreateTemplate requires the admin "
                              "role; you are manager");
  assert_int_equal(dbf_auth_check_policy(&d, DBF_POLICY_ADMIN, rpc, &st), DBF_OK);
  /* The strictest bit wins when several are set. */
  assert_int_equal(dbf_auth_check_policy(&g, DBF_POLICY_MEMBER | DBF_POLICY_ADMIN, rpc, &st),
                   DBF_ERR_PERMISSION);
  dbf_principal none = who("x", "", DBF_ROLE_NONE);
  assert_int_equal(dbf_auth_check_policy(&none, DBF_POLICY_MEMBER, rpc, &st),
                   DBF_ERR_UNAUTHENTICATED);
  assert_int_equal(dbf_auth_check_policy(NULL, DBF_POLICY_MEMBER, rpc, &st),
                   DBF_ERR_UNAUTHENTICATED);
}

static void test_can_see(void **state) {
  (void)state;
  dbf_principal m = who("alice", "sales", DBF_ROLE_MEMBER);
  dbf_principal g = who("gina", "sales", DBF_ROLE_MANAGER);
  dbf_principal d = who("root", "ops", DBF_ROLE_ADMIN);
  dbf_principal lone = who("lou", "", DBF_ROLE_MANAGER);
  /* Members: only their own, whatever the team. */
  assert_true(dbf_auth_can_see(&m, "alice", "sales"));
  assert_true(dbf_auth_can_see(&m, "alice", "other"));
  assert_false(dbf_auth_can_see(&m, "bob", "sales"));
  assert_false(dbf_auth_can_see(&m, NULL, "sales"));
  /* Managers: their own and their team's. */
  assert_true(dbf_auth_can_see(&g, "gina", "eng"));
  assert_true(dbf_auth_can_see(&g, "bob", "sales"));
  assert_false(dbf_auth_can_see(&g, "bob", "eng"));
  assert_false(dbf_auth_can_see(&g, "bob", ""));
  assert_false(dbf_auth_can_see(&g, "bob", NULL));
  /* A manager with no team does not match resources with no team. */
  assert_false(dbf_auth_can_see(&lone, "bob", ""));
  assert_true(dbf_auth_can_see(&lone, "lou", ""));
  /* Admins: everything. */
  assert_true(dbf_auth_can_see(&d, "bob", "eng"));
  assert_true(dbf_auth_can_see(&d, "alice", NULL));
  assert_false(dbf_auth_can_see(NULL, "alice", "sales"));
}

/*
 * Out-of-memory sweep: every allocation in verify (ours and jansson's) is
 * made to fail in turn. The answer is then an error, never a crash, a leak
 * (under ASan) or a half-filled principal that claims success.
 */
static void test_verify_out_of_memory(void **state) {
  (void)state;
  dbf_auth_opts o = {.alg = "HS256", .secret = SECRET};
  char *tok = NULL;
  dbf_status st = {0};
  assert_int_equal(dbf_auth_mint(&o, "alice", DBF_ROLE_MEMBER, "sales", "", 600, &tok, &st),
                   DBF_OK);
  dbf_auth *a = hs_auth(NULL, NULL, false);
  bool succeeded = false;
  for (long n = 0; n < 200 && !succeeded; n++) {
    dbf_principal p;
    dbf_alloc_fail_after(n);
    dbf_err rc = verify_tok(a, tok, &p, &st);
    dbf_alloc_fail_after(-1);
    if (rc == DBF_OK) {
      assert_string_equal(p.user_id, "alice");
      assert_int_equal(p.role, DBF_ROLE_MEMBER);
      succeeded = true;
    } else {
      /* libjwt turns its own allocation failures into a generic failure. */
      assert_true(rc == DBF_ERR_NOMEM || rc == DBF_ERR_UNAUTHENTICATED);
      assert_int_equal(p.role, DBF_ROLE_NONE);
    }
  }
  assert_true(succeeded);
  dbf_free(tok);
  dbf_auth_destroy(a);
}

/*
 * Out-of-memory sweep of refusals: tokens that must be refused for their
 * expiry, signature, issuer or role stay refused whichever allocation
 * fails, and leave no principal behind. (libjwt reports its own allocation
 * failures as a bad signature, so only the code is checked under faults.)
 */
static void test_refuse_out_of_memory(void **state) {
  (void)state;
  char c[512];
  char *toks[] = {
      sign_hs(SECRET, claims_with(c, sizeof c, -3600, ",\"sub\":\"a\",\"role\":\"member\"")),
      sign_hs("another-secret-0123456789abcdef0123456789",
              claims_with(c, sizeof c, 600, ",\"sub\":\"a\",\"role\":\"member\"")),
      sign_hs(SECRET, claims_with(c, sizeof c, 600,
                                  ",\"sub\":\"a\",\"role\":\"member\",\"iss\":\"https://evil\"")),
      sign_hs(SECRET,
              claims_with(c, sizeof c, 600,
                          ",\"sub\":\"a\",\"role\":\"owner\",\"iss\":\"https://issuer.example\","
                          "\"aud\":\"debrief\"")),
  };
  dbf_auth *a = hs_auth("https://issuer.example", "debrief", false);
  for (size_t i = 0; i < sizeof toks / sizeof toks[0]; i++) {
    dbf_principal p;
    dbf_status want = {0}, st = {0};
    assert_int_equal(verify_tok(a, toks[i], &p, &want), DBF_ERR_UNAUTHENTICATED);
    for (long n = 0; n < 300; n++) {
      dbf_alloc_fail_after(n);
      dbf_err rc = verify_tok(a, toks[i], &p, &st);
      dbf_alloc_fail_after(-1);
      assert_true(rc == DBF_ERR_UNAUTHENTICATED || rc == DBF_ERR_NOMEM);
      assert_string_equal(p.user_id, "");
      assert_int_equal(p.role, DBF_ROLE_NONE);
    }
    /* Past every allocation, the refusal is the fault-free one again. */
    assert_string_equal(st.msg, want.msg);
    free(toks[i]);
  }
  dbf_auth_destroy(a);
}

int main(void) {
  /* Keep the loud dev-mode warnings out of the test output. */
  dbf_log_init(DBF_LOG_ERROR, NULL);
  /* Route jansson through dbf_malloc so the out-of-memory sweep reaches it. */
  if (dbf_alloc_install() != 0)
    return 1;
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_valid_hs256),
      cmocka_unit_test(test_expired),
      cmocka_unit_test(test_within_leeway),
      cmocka_unit_test(test_not_yet_valid),
      cmocka_unit_test(test_missing_exp),
      cmocka_unit_test(test_alg_none),
      cmocka_unit_test(test_wrong_signature),
      cmocka_unit_test(test_wrong_secret),
      cmocka_unit_test(test_key_confusion_hs256_when_rs256),
      cmocka_unit_test(test_rs256_valid),
      cmocka_unit_test(test_wrong_iss),
      cmocka_unit_test(test_wrong_aud),
      cmocka_unit_test(test_bad_role_and_sub),
      cmocka_unit_test(test_oversized_token),
      cmocka_unit_test(test_malformed_header),
      cmocka_unit_test(test_dev_mode),
      cmocka_unit_test(test_create_and_mint_errors),
      cmocka_unit_test(test_policy),
      cmocka_unit_test(test_can_see),
      cmocka_unit_test(test_verified_token_cache),
      cmocka_unit_test(test_verify_out_of_memory),
      cmocka_unit_test(test_refuse_out_of_memory),
  };
  int failed = cmocka_run_group_tests(tests, keys_setup, keys_teardown);
  curl_global_cleanup(); /* dbf_alloc_install initialised libcurl */
  return failed;
}
