/*
 * fuzz_jwt.c - libFuzzer target for token verification in
 * server/auth/auth.c, with an HS256 key and the algorithm pinned, and iss
 * and aud required.
 *
 * Input byte 0 picks a mode. Bit 0 clear: the rest is the authorization
 * metadata value as a peer sends it ("Bearer <jwt>", or anything). Bit 0
 * set: the rest is a claims object, signed here with the right key through
 * libjwt, so the fuzzer reaches the claim checks behind the signature,
 * which it could never forge. Invariants: verification answers OK,
 * UNAUTHENTICATED or NOMEM; a principal is filled exactly when it answers
 * OK, with a user, a known role and an expiry that has not passed.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <jwt.h>

#include "auth/auth.h"
#include "core/alloc.h"
#include "fuzz.h"

#define SECRET   "fuzz-secret-0123456789abcdef0123456789abcdef"
#define ISSUER   "debrief-fuzz"
#define AUDIENCE "debrief"

static dbf_auth *verifier(void) {
  static dbf_auth *a;
  if (!a) {
    dbf_auth_opts o = {
        .alg = "HS256", .secret = SECRET, .issuer = ISSUER, .audience = AUDIENCE, .leeway_s = 30};
    dbf_status st = {0};
    if (dbf_auth_create(&o, &a, &st) != DBF_OK)
      abort();
  }
  return a;
}

static void verify(const char *authorization) {
  dbf_principal p;
  memset(&p, 0, sizeof p);
  dbf_status st = {0};
  dbf_err rc = dbf_auth_verify(verifier(), authorization, &p, &st);
  if (rc != DBF_OK && rc != DBF_ERR_UNAUTHENTICATED && rc != DBF_ERR_NOMEM)
    abort();
  if (rc != DBF_OK) {
    if (p.role != DBF_ROLE_NONE || p.user_id[0])
      abort(); /* a refused token left a (partly filled) principal behind */
    return;
  }
  if (!p.user_id[0] || memchr(p.user_id, '\0', sizeof p.user_id) == NULL ||
      memchr(p.team_id, '\0', sizeof p.team_id) == NULL ||
      memchr(p.display_name, '\0', sizeof p.display_name) == NULL)
    abort();
  if (p.role != DBF_ROLE_MEMBER && p.role != DBF_ROLE_MANAGER && p.role != DBF_ROLE_ADMIN)
    abort();
  if (p.expires_at + 30 < (int64_t)time(NULL))
    abort(); /* accepted an expired token */
}

/* Signs claims (JSON text) with the verifier's key; the token is malloc'd by libjwt. */
static char *sign(const char *claims) {
  jwt_t *jwt = NULL;
  char *tok = NULL;
  if (jwt_new(&jwt) == 0 && jwt_add_grants_json(jwt, claims) == 0 &&
      jwt_set_alg(jwt, JWT_ALG_HS256, (const unsigned char *)SECRET, (int)strlen(SECRET)) == 0)
    tok = jwt_encode_str(jwt);
  jwt_free(jwt);
  return tok;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  if (size < 1 || size > 16384)
    return 0; /* verify refuses tokens over 8 KiB before parsing anyway */
  int mode = data[0] & 1;
  char *text = dbf_strndup((const char *)data + 1, size - 1);
  if (!text)
    abort();
  if (mode == 0) {
    verify(text);
  } else {
    char *tok = sign(text);
    size_t n = tok ? strlen(tok) + sizeof("Bearer ") : 0;
    char *bearer = n ? dbf_malloc(n) : NULL;
    if (bearer) {
      snprintf(bearer, n, "Bearer %s", tok);
      verify(bearer);
    }
    dbf_free(bearer);
    free(tok); /* libjwt's memory */
  }
  dbf_free(text);
  return 0;
}
