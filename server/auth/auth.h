/*
 * auth.h - bearer-token authentication and role-based access control.
 *
 * Tokens are JWTs verified with libjwt. The algorithm is pinned by
 * configuration (HS256 by default, or RS256); "none" and any other
 * algorithm are refused. exp is required; iss and aud are checked when
 * configured. Claims: sub (user id), role (member|manager|admin), team.
 */
#ifndef DBF_AUTH_AUTH_H
#define DBF_AUTH_AUTH_H

#include <stdbool.h>
#include <stdint.h>

#include "core/err.h"

typedef enum dbf_role {
  DBF_ROLE_NONE = 0,
  DBF_ROLE_MEMBER = 1,
  DBF_ROLE_MANAGER = 2,
  DBF_ROLE_ADMIN = 3,
} dbf_role;

#define DBF_ID_MAX 128

/* Who is calling. Plain data; copy freely. */
typedef struct dbf_principal {
  char user_id[DBF_ID_MAX];      /* JWT sub */
  char team_id[DBF_ID_MAX];      /* JWT team, may be "" */
  char display_name[DBF_ID_MAX]; /* JWT name, may be "" */
  dbf_role role;
  int64_t expires_at;  /* exp, seconds since epoch */
  int64_t valid_until; /* exp plus the allowed clock skew: the last second it is accepted */
} dbf_principal;

typedef struct dbf_auth dbf_auth;

typedef struct dbf_auth_opts {
  const char *alg;              /* "HS256" or "RS256" */
  const char *secret;           /* HS256 key */
  const char *public_key_file;  /* RS256: PEM public key for verification */
  const char *private_key_file; /* RS256: PEM private key, only for minting */
  const char *issuer;           /* required iss, or NULL */
  const char *audience;         /* required aud, or NULL */
  bool dev_mode;                /* a missing token becomes a dev principal; logged loudly */
  int64_t leeway_s;             /* clock skew allowed on exp/nbf, default 30 */
} dbf_auth_opts;

/* New verifier; fails with DBF_ERR_INVALID and a message when the key setup is unusable. */
dbf_err dbf_auth_create(const dbf_auth_opts *opts, dbf_auth **out, dbf_status *st);
void dbf_auth_destroy(dbf_auth *a);

/*
 * Verifies the value of the "authorization" metadata ("Bearer <jwt>"; may
 * be NULL) and fills *out. Thread-safe. DBF_ERR_UNAUTHENTICATED with a
 * message that says what was wrong (missing, malformed, expired, wrong
 * algorithm, bad signature, wrong issuer or audience, unknown role).
 *
 * A token that verified is remembered (1024 of them, each at most 2 KiB)
 * with what it grants until it expires: the same bytes again skip the
 * base64, JSON and signature work. Nothing needs invalidating, on this
 * instance or any other: a token never changes and carries its expiry.
 */
dbf_err dbf_auth_verify(dbf_auth *a, const char *authorization, dbf_principal *out, dbf_status *st);
/* How many verifications the token cache answered, and how many it did not. */
void dbf_auth_cache_stats(dbf_auth *a, uint64_t *hits, uint64_t *misses);

/*
 * Mints a token. Returns a new string the caller frees with dbf_free.
 * ttl_s must be > 0.
 */
dbf_err dbf_auth_mint(const dbf_auth_opts *opts, const char *user, dbf_role role, const char *team,
                      const char *name, int64_t ttl_s, char **out, dbf_status *st);

/* "member", "manager", "admin" -> role; DBF_ROLE_NONE otherwise. */
dbf_role dbf_role_parse(const char *s);
const char *dbf_role_name(dbf_role r);

/*
 * RBAC. Each RPC declares the least role it needs in dbf_method.policy via
 * these bits; dbf_auth_check_policy answers DBF_ERR_PERMISSION with a
 * message naming the role needed.
 */
enum {
  DBF_POLICY_MEMBER = 1u << 0,  /* any authenticated user */
  DBF_POLICY_MANAGER = 1u << 1, /* manager or admin */
  DBF_POLICY_ADMIN = 1u << 2,   /* admin only */
};
dbf_err dbf_auth_check_policy(const dbf_principal *p, uint32_t policy, const char *method,
                              dbf_status *st);

/*
 * Row-level visibility: may p see a resource owned by owner_id in team_id?
 * Members see their own, managers their team's, admins everything. Callers
 * answer NOT_FOUND (never PERMISSION_DENIED) when this is false.
 */
bool dbf_auth_can_see(const dbf_principal *p, const char *owner_id, const char *team_id);

#endif
