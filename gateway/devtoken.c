/*
 * devtoken.c - the development sign-in (devtoken.h). It signs with libjwt
 * directly rather than through server/auth, which the gateway may not
 * include (scripts/check-layers.sh); the server verifies the token like
 * any other, so the claims here must be the ones it reads: sub, role,
 * team, iat and exp.
 */
#include "gateway/devtoken.h"

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <jansson.h>
#include <jwt.h>

static bool name_ok(const char *s) {
  size_t n = s ? strlen(s) : 0;
  if (n == 0 || n > 64)
    return false;
  for (size_t i = 0; i < n; i++) {
    char c = s[i];
    if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' ||
          c == '_' || c == '@' || c == '-'))
      return false;
  }
  return true;
}

dbf_err dbf_gw_dev_token(const char *secret, const char *body, size_t len, dbf_buf *out,
                         dbf_status *st) {
  dbf_err rc = DBF_OK;
  jwt_t *jwt = NULL;
  char *enc = NULL;
  json_error_t je;
  json_t *in = json_loadb(body ? body : "", len, JSON_REJECT_DUPLICATES, &je);
  if (!json_is_object(in)) {
    rc = dbf_fail(st, DBF_ERR_INVALID, "the body must be a JSON object {user, role, team}");
    goto out;
  }
  const char *user = json_string_value(json_object_get(in, "user"));
  const char *role = json_string_value(json_object_get(in, "role"));
  const char *team = json_string_value(json_object_get(in, "team"));
  if (!name_ok(user) || (team && *team && !name_ok(team))) {
    rc =
        dbf_fail(st, DBF_ERR_INVALID, "user (and team) must be 1 to 64 letters, digits or . _ @ -");
    goto out;
  }
  if (!role || (strcmp(role, "member") && strcmp(role, "manager") && strcmp(role, "admin"))) {
    rc = dbf_fail(st, DBF_ERR_INVALID, "role must be member, manager or admin");
    goto out;
  }
  long now = (long)time(NULL);
  if (!secret || !*secret || jwt_new(&jwt) || jwt_add_grant(jwt, "sub", user) ||
      jwt_add_grant(jwt, "role", role) || (team && *team && jwt_add_grant(jwt, "team", team)) ||
      jwt_add_grant_int(jwt, "iat", now) ||
      jwt_add_grant_int(jwt, "exp", now + DBF_GW_DEV_TOKEN_TTL_S) ||
      jwt_set_alg(jwt, JWT_ALG_HS256, (const unsigned char *)secret, (int)strlen(secret)) ||
      !(enc = jwt_encode_str(jwt))) {
    rc = dbf_fail(st, DBF_ERR_INTERNAL, "cannot sign a development token");
    goto out;
  }
  rc = dbf_buf_printf(out, "{\"token\":\"%s\",\"expiresIn\":%d}", enc, DBF_GW_DEV_TOKEN_TTL_S);
  if (rc)
    dbf_fail(st, rc, "out of memory");
out:
  free(enc); /* libjwt 1.10 allocates with malloc and has no free hook */
  jwt_free(jwt);
  json_decref(in);
  return rc;
}
