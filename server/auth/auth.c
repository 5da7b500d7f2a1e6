/*
 * auth.c - bearer-token verification, minting and role-based access control.
 *
 * Verification is layered so that no single library decision lets a token
 * in. Before libjwt sees a token we check its size, its three-segment
 * shape, and its header ourselves: the "alg" must equal the pinned
 * algorithm exactly, so "none" and the HS256-with-an-RSA-public-key
 * confusion attack are refused before any key is used. libjwt then checks
 * the signature, we check again that it verified with the pinned
 * algorithm, and finally the claims (exp, nbf, iss, aud, sub, role, team,
 * name) are validated here with jansson on the payload libjwt
 * authenticated.
 */
#include "auth/auth.h"

#include <errno.h>
#include <inttypes.h>
#include <math.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include <jansson.h>
#include <jwt.h>

#include "core/alloc.h"
#include "core/log.h"
#include "core/utf8.h"

#define AUTH_TOKEN_MAX        8192         /* bytes; larger tokens are refused before parsing */
#define AUTH_KEY_FILE_MAX     65536        /* bytes; a PEM key is a few KiB at most */
#define AUTH_DEFAULT_LEEWAY_S 30           /* clock skew allowed on exp and nbf */
#define AUTH_MAX_LEEWAY_S     3600         /* more than an hour of skew is a misconfiguration */
#define AUTH_MAX_TIME         253402300799 /* 9999-12-31T23:59:59Z; later claims are nonsense */
#define AUTH_DEV_TTL_S        86400        /* how long a dev principal claims to be valid */
#define AUTH_SHORT_SECRET     32           /* HS256 secrets shorter than this get a warning */
#define AUTH_CACHE_SLOTS      1024         /* verified tokens remembered (direct-mapped) */
#define AUTH_CACHE_TOKEN_MAX  2048         /* longer tokens are verified on every call */

/*
 * A token that verified, with what it grants. A token is immutable and
 * carries its own expiry, so a remembered verification stays true until
 * then on every instance; nothing needs invalidating.
 */
typedef struct auth_cached {
  uint64_t hash;     /* of the token's bytes */
  size_t len;        /* bytes in token */
  char *token;       /* owned copy; NULL while the slot is empty */
  dbf_principal who; /* what it granted, valid_until included */
} auth_cached;

struct dbf_auth {
  jwt_alg_t alg;        /* the pinned algorithm */
  const char *alg_name; /* "HS256" or "RS256", static */
  unsigned char *key;   /* HS256 secret or RS256 public key PEM; NULL when none */
  size_t key_len;       /* bytes in key */
  char *issuer;         /* required iss, or NULL */
  char *audience;       /* required aud, or NULL */
  bool dev_mode;        /* a missing token becomes the dev principal */
  int64_t leeway_s;     /* clock skew on exp and nbf */
  pthread_mutex_t cache_mu;
  auth_cached *cache;    /* AUTH_CACHE_SLOTS, guarded by cache_mu; NULL: verify every time */
  uint64_t hits, misses; /* guarded by cache_mu */
};

static uint64_t token_hash(const char *s, size_t n) {
  uint64_t h = 0xcbf29ce484222325ull; /* FNV-1a */
  for (size_t i = 0; i < n; i++) {
    h ^= (unsigned char)s[i];
    h *= 0x100000001b3ull;
  }
  return h;
}

/* Compares n bytes in time that does not depend on where they differ. */
static bool same_bytes(const char *a, const char *b, size_t n) {
  unsigned char d = 0;
  for (size_t i = 0; i < n; i++)
    d |= (unsigned char)(a[i] ^ b[i]);
  return d == 0;
}

/* The remembered verification of raw, if any and not expired, into *out. */
static bool cache_get(dbf_auth *a, const char *raw, size_t len, uint64_t h, dbf_principal *out) {
  if (!a->cache || len > AUTH_CACHE_TOKEN_MAX)
    return false;
  bool hit = false;
  int64_t now = (int64_t)time(NULL);
  pthread_mutex_lock(&a->cache_mu);
  auth_cached *c = &a->cache[h % AUTH_CACHE_SLOTS];
  if (c->token && c->hash == h && c->len == len && same_bytes(c->token, raw, len)) {
    if (now <= c->who.valid_until) {
      *out = c->who;
      hit = true;
    } else {
      dbf_free(c->token); /* expired: the full check says so in words */
      c->token = NULL;
    }
  }
  if (hit)
    a->hits++;
  else
    a->misses++;
  pthread_mutex_unlock(&a->cache_mu);
  return hit;
}

static void cache_put(dbf_auth *a, const char *raw, size_t len, uint64_t h,
                      const dbf_principal *who) {
  if (!a->cache || len > AUTH_CACHE_TOKEN_MAX)
    return;
  char *copy = dbf_strndup(raw, len);
  if (!copy)
    return; /* only a cache */
  pthread_mutex_lock(&a->cache_mu);
  auth_cached *c = &a->cache[h % AUTH_CACHE_SLOTS];
  dbf_free(c->token);
  *c = (auth_cached){.hash = h, .len = len, .token = copy, .who = *who};
  pthread_mutex_unlock(&a->cache_mu);
}

void dbf_auth_cache_stats(dbf_auth *a, uint64_t *hits, uint64_t *misses) {
  pthread_mutex_lock(&a->cache_mu);
  *hits = a->hits;
  *misses = a->misses;
  pthread_mutex_unlock(&a->cache_mu);
}

static const char *const role_names[] = {
    [DBF_ROLE_NONE] = "none",
    [DBF_ROLE_MEMBER] = "member",
    [DBF_ROLE_MANAGER] = "manager",
    [DBF_ROLE_ADMIN] = "admin",
};

dbf_role dbf_role_parse(const char *s) {
  if (!s)
    return DBF_ROLE_NONE;
  for (size_t i = DBF_ROLE_MEMBER; i < DBF_ARRAY_LEN(role_names); i++)
    if (!strcmp(s, role_names[i]))
      return (dbf_role)i;
  return DBF_ROLE_NONE;
}

const char *dbf_role_name(dbf_role r) {
  if ((unsigned)r >= DBF_ARRAY_LEN(role_names))
    return "none";
  return role_names[r];
}

/* Maps a configured algorithm name to libjwt's; JWT_ALG_INVAL when unsupported. */
static jwt_alg_t auth_alg_parse(const char *name, const char **canonical) {
  if (!name || !*name || !strcmp(name, "HS256")) {
    *canonical = "HS256";
    return JWT_ALG_HS256;
  }
  if (!strcmp(name, "RS256")) {
    *canonical = "RS256";
    return JWT_ALG_RS256;
  }
  return JWT_ALG_INVAL;
}

/* Reads a whole (small) file into a new NUL-terminated buffer freed with dbf_free. */
static dbf_err auth_read_file(const char *path, const char *what, unsigned char **out,
                              size_t *out_len, dbf_status *st) {
  dbf_err rc = DBF_OK;
  unsigned char *buf = NULL;
  size_t len = 0;
  FILE *f = fopen(path, "rb");
  if (!f) {
    rc = dbf_fail(st, DBF_ERR_INVALID, "cannot open %s %s: %s", what, path, strerror(errno));
    goto out;
  }
  buf = dbf_malloc(AUTH_KEY_FILE_MAX + 1);
  if (!buf) {
    rc = dbf_fail(st, DBF_ERR_NOMEM, "out of memory reading %s", what);
    goto out;
  }
  len = fread(buf, 1, AUTH_KEY_FILE_MAX + 1, f);
  if (ferror(f)) {
    rc = dbf_fail(st, DBF_ERR_INVALID, "cannot read %s %s", what, path);
    goto out;
  }
  if (len > AUTH_KEY_FILE_MAX) {
    rc = dbf_fail(st, DBF_ERR_INVALID, "%s %s is larger than %d bytes; is it really a PEM key?",
                  what, path, AUTH_KEY_FILE_MAX);
    goto out;
  }
  buf[len] = '\0';
  *out = buf;
  *out_len = len;
  buf = NULL;
out:
  if (f)
    fclose(f);
  dbf_free(buf);
  return rc;
}

void dbf_auth_destroy(dbf_auth *a) {
  if (!a)
    return;
  if (a->key) {
    /* The key is a secret: do not leave it in freed memory. */
    volatile unsigned char *k = a->key;
    for (size_t i = 0; i < a->key_len; i++)
      k[i] = 0;
  }
  dbf_free(a->key);
  dbf_free(a->issuer);
  dbf_free(a->audience);
  if (a->cache) {
    for (size_t i = 0; i < AUTH_CACHE_SLOTS; i++)
      dbf_free(a->cache[i].token);
    dbf_free(a->cache);
  }
  pthread_mutex_destroy(&a->cache_mu);
  dbf_free(a);
}

dbf_err dbf_auth_create(const dbf_auth_opts *opts, dbf_auth **out, dbf_status *st) {
  dbf_err rc = DBF_OK;
  dbf_auth *a = NULL;
  *out = NULL;
  if (!opts)
    return dbf_fail(st, DBF_ERR_INVALID, "no authentication options given");
  a = dbf_calloc(1, sizeof *a);
  if (!a)
    return dbf_fail(st, DBF_ERR_NOMEM, "out of memory creating the token verifier");
  pthread_mutex_init(&a->cache_mu, NULL);
  a->cache = dbf_calloc(AUTH_CACHE_SLOTS, sizeof *a->cache); /* NULL: verify every time */
  a->alg = auth_alg_parse(opts->alg, &a->alg_name);
  if (a->alg == JWT_ALG_INVAL) {
    rc = dbf_fail(st, DBF_ERR_INVALID, "DEBRIEF_JWT_ALG must be HS256 or RS256, not '%s'",
                  opts->alg);
    goto out;
  }
  a->dev_mode = opts->dev_mode;
  a->leeway_s = opts->leeway_s ? opts->leeway_s : AUTH_DEFAULT_LEEWAY_S;
  if (a->leeway_s < 0 || a->leeway_s > AUTH_MAX_LEEWAY_S) {
    rc = dbf_fail(st, DBF_ERR_INVALID, "token leeway must be within [0, %d] seconds, not %" PRId64,
                  AUTH_MAX_LEEWAY_S, opts->leeway_s);
    goto out;
  }
  if (a->alg == JWT_ALG_HS256) {
    if (opts->secret && *opts->secret) {
      a->key_len = strlen(opts->secret);
      a->key = (unsigned char *)dbf_strdup(opts->secret);
      if (!a->key) {
        rc = dbf_fail(st, DBF_ERR_NOMEM, "out of memory copying the token secret");
        goto out;
      }
      if (a->key_len < AUTH_SHORT_SECRET)
        dbf_log(DBF_LOG_WARN, "auth.weak_secret",
                "DEBRIEF_JWT_SECRET is only %zu bytes; use at least %d random bytes", a->key_len,
                AUTH_SHORT_SECRET);
    } else if (!a->dev_mode) {
      rc = dbf_fail(st, DBF_ERR_INVALID, "HS256 needs a secret: set DEBRIEF_JWT_SECRET");
      goto out;
    }
  } else {
    if (opts->public_key_file && *opts->public_key_file) {
      rc = auth_read_file(opts->public_key_file, "public key", &a->key, &a->key_len, st);
      if (rc)
        goto out;
      if (strstr((const char *)a->key, "PRIVATE KEY")) {
        rc = dbf_fail(st, DBF_ERR_INVALID,
                      "%s holds a private key; give the server only the public key "
                      "(openssl pkey -in key.pem -pubout)",
                      opts->public_key_file);
        goto out;
      }
      if (!strstr((const char *)a->key, "-----BEGIN PUBLIC KEY-----")) {
        rc = dbf_fail(st, DBF_ERR_INVALID,
                      "%s is not a PEM public key (expected '-----BEGIN PUBLIC KEY-----')",
                      opts->public_key_file);
        goto out;
      }
    } else if (!a->dev_mode) {
      rc = dbf_fail(st, DBF_ERR_INVALID,
                    "RS256 needs a public key: set DEBRIEF_JWT_PUBLIC_KEY_FILE");
      goto out;
    }
  }
  if (opts->issuer && *opts->issuer && !(a->issuer = dbf_strdup(opts->issuer))) {
    rc = dbf_fail(st, DBF_ERR_NOMEM, "out of memory copying the issuer");
    goto out;
  }
  if (opts->audience && *opts->audience && !(a->audience = dbf_strdup(opts->audience))) {
    rc = dbf_fail(st, DBF_ERR_NOMEM, "out of memory copying the audience");
    goto out;
  }
  if (a->dev_mode)
    dbf_log(DBF_LOG_WARN, "auth.dev_mode",
            "AUTHENTICATION IS RELAXED (DEBRIEF_DEV_MODE): calls without a token run as user "
            "'dev' with role admin; never enable this in production");
  *out = a;
  a = NULL;
out:
  dbf_auth_destroy(a);
  return rc;
}

/* Formats t (seconds since epoch) as an RFC 3339 UTC time into buf. */
static const char *auth_fmt_time(int64_t t, char *buf, size_t cap) {
  struct tm tm;
  time_t tt = (time_t)t;
  if (!gmtime_r(&tt, &tm) || !strftime(buf, cap, "%Y-%m-%dT%H:%M:%SZ", &tm))
    snprintf(buf, cap, "%" PRId64, t);
  return buf;
}

/* Value of one base64url character, or -1. Padding is not part of JWS compact form. */
static int auth_b64url_val(unsigned char c) {
  if (c >= 'A' && c <= 'Z')
    return c - 'A';
  if (c >= 'a' && c <= 'z')
    return c - 'a' + 26;
  if (c >= '0' && c <= '9')
    return c - '0' + 52;
  if (c == '-')
    return 62;
  if (c == '_')
    return 63;
  return -1;
}

/*
 * Strictly decodes n base64url characters (no padding) into a new
 * NUL-terminated buffer freed with dbf_free. DBF_ERR_INVALID on bad input.
 */
static dbf_err auth_b64url_decode(const char *s, size_t n, char **out, size_t *out_len) {
  if (n % 4 == 1)
    return DBF_ERR_INVALID;
  char *buf = dbf_malloc(n / 4 * 3 + 3 + 1);
  if (!buf)
    return DBF_ERR_NOMEM;
  size_t o = 0;
  uint32_t acc = 0;
  unsigned bits = 0;
  for (size_t i = 0; i < n; i++) {
    int v = auth_b64url_val((unsigned char)s[i]);
    if (v < 0) {
      dbf_free(buf);
      return DBF_ERR_INVALID;
    }
    acc = (acc << 6) | (uint32_t)v;
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      buf[o++] = (char)((acc >> bits) & 0xff);
    }
  }
  buf[o] = '\0';
  *out = buf;
  *out_len = o;
  return DBF_OK;
}

/* Decodes one base64url JSON segment into a new object reference (json_decref). */
static dbf_err auth_decode_segment(const char *s, size_t n, json_t **out) {
  char *raw = NULL;
  size_t len = 0;
  dbf_err rc = auth_b64url_decode(s, n, &raw, &len);
  if (rc)
    return rc;
  /* Duplicate keys are refused so that no two parsers can disagree on "alg" or "sub". */
  json_error_t jerr;
  json_t *j = json_loadb(raw, len, JSON_REJECT_DUPLICATES, &jerr);
  dbf_free(raw);
  if (!j && json_error_code(&jerr) == json_error_out_of_memory)
    return DBF_ERR_NOMEM;
  if (!j || !json_is_object(j)) {
    json_decref(j);
    return DBF_ERR_INVALID;
  }
  *out = j;
  return DBF_OK;
}

static void auth_dev_principal(dbf_principal *out) {
  memset(out, 0, sizeof *out);
  snprintf(out->user_id, sizeof out->user_id, "dev");
  snprintf(out->team_id, sizeof out->team_id, "dev");
  snprintf(out->display_name, sizeof out->display_name, "Developer (dev mode)");
  out->role = DBF_ROLE_ADMIN;
  out->expires_at = (int64_t)time(NULL) + AUTH_DEV_TTL_S;
  out->valid_until = out->expires_at;
}

/* Reads a NumericDate claim. *present is false when absent. */
static dbf_err auth_numeric_date(const json_t *claims, const char *name, bool *present,
                                 int64_t *out, dbf_status *st) {
  const json_t *v = json_object_get(claims, name);
  *present = v != NULL;
  if (!v)
    return DBF_OK;
  double d;
  if (json_is_integer(v))
    d = (double)json_integer_value(v);
  else if (json_is_real(v))
    d = json_real_value(v);
  else
    return dbf_fail(st, DBF_ERR_UNAUTHENTICATED, "token %s claim must be a number of seconds",
                    name);
  if (!isfinite(d) || d < 0 || d > (double)AUTH_MAX_TIME)
    return dbf_fail(st, DBF_ERR_UNAUTHENTICATED, "token %s claim is out of range", name);
  *out = json_is_integer(v) ? (int64_t)json_integer_value(v) : (int64_t)floor(d);
  return DBF_OK;
}

/* Copies an optional (or required) string claim into dst[DBF_ID_MAX]. */
static dbf_err auth_string_claim(const json_t *claims, const char *name, bool required, char *dst,
                                 dbf_status *st) {
  const json_t *v = json_object_get(claims, name);
  dst[0] = '\0';
  if (!v || json_is_null(v)) {
    if (required)
      return dbf_fail(st, DBF_ERR_UNAUTHENTICATED, "token has no %s claim", name);
    return DBF_OK;
  }
  if (!json_is_string(v))
    return dbf_fail(st, DBF_ERR_UNAUTHENTICATED, "token %s claim must be a string", name);
  size_t len = json_string_length(v);
  const char *s = json_string_value(v);
  if (required && len == 0)
    return dbf_fail(st, DBF_ERR_UNAUTHENTICATED, "token %s claim is empty", name);
  if (len >= DBF_ID_MAX)
    return dbf_fail(st, DBF_ERR_UNAUTHENTICATED, "token %s claim is too long (max %d bytes)", name,
                    DBF_ID_MAX - 1);
  if (memchr(s, '\0', len))
    return dbf_fail(st, DBF_ERR_UNAUTHENTICATED, "token %s claim contains a NUL byte", name);
  if (dbf_utf8_has_control(s))
    return dbf_fail(st, DBF_ERR_UNAUTHENTICATED, "token %s claim contains a control character",
                    name);
  memcpy(dst, s, len + 1);
  return DBF_OK;
}

static bool auth_aud_matches(const json_t *aud, const char *want) {
  if (json_is_string(aud))
    return !strcmp(json_string_value(aud), want);
  if (json_is_array(aud)) {
    size_t i;
    const json_t *v;
    json_array_foreach(aud, i, v) {
      if (json_is_string(v) && !strcmp(json_string_value(v), want))
        return true;
    }
  }
  return false;
}

/* Validates the authenticated claims and fills *out. */
static dbf_err auth_check_claims(const dbf_auth *a, const json_t *claims, dbf_principal *out,
                                 dbf_status *st) {
  dbf_err rc;
  bool present = false;
  int64_t exp = 0, nbf = 0;
  int64_t now = (int64_t)time(NULL);
  char when[64];

  rc = auth_numeric_date(claims, "exp", &present, &exp, st);
  if (rc)
    return rc;
  if (!present)
    return dbf_fail(st, DBF_ERR_UNAUTHENTICATED,
                    "token has no exp claim; debrief only accepts tokens that expire");
  if (now - a->leeway_s >= exp)
    return dbf_fail(st, DBF_ERR_UNAUTHENTICATED, "token expired at %s",
                    auth_fmt_time(exp, when, sizeof when));
  rc = auth_numeric_date(claims, "nbf", &present, &nbf, st);
  if (rc)
    return rc;
  if (present && now + a->leeway_s < nbf)
    return dbf_fail(st, DBF_ERR_UNAUTHENTICATED, "token is not valid before %s",
                    auth_fmt_time(nbf, when, sizeof when));

  if (a->issuer) {
    const json_t *iss = json_object_get(claims, "iss");
    if (!json_is_string(iss))
      return dbf_fail(st, DBF_ERR_UNAUTHENTICATED, "token has no iss claim; expected '%s'",
                      a->issuer);
    if (strcmp(json_string_value(iss), a->issuer))
      return dbf_fail(st, DBF_ERR_UNAUTHENTICATED,
                      "token issuer '%.128s' is not accepted; expected '%s'",
                      json_string_value(iss), a->issuer);
  }
  if (a->audience) {
    const json_t *aud = json_object_get(claims, "aud");
    if (!aud)
      return dbf_fail(st, DBF_ERR_UNAUTHENTICATED, "token has no aud claim; expected '%s'",
                      a->audience);
    if (!auth_aud_matches(aud, a->audience))
      return dbf_fail(st, DBF_ERR_UNAUTHENTICATED, "token audience does not include '%s'",
                      a->audience);
  }

  memset(out, 0, sizeof *out);
  rc = auth_string_claim(claims, "sub", true, out->user_id, st);
  if (!rc)
    rc = auth_string_claim(claims, "team", false, out->team_id, st);
  if (!rc)
    rc = auth_string_claim(claims, "name", false, out->display_name, st);
  if (rc)
    return rc;
  const json_t *role = json_object_get(claims, "role");
  if (!role)
    return dbf_fail(st, DBF_ERR_UNAUTHENTICATED,
                    "token has no role claim; expected member, manager or admin");
  out->role = json_is_string(role) ? dbf_role_parse(json_string_value(role)) : DBF_ROLE_NONE;
  if (out->role == DBF_ROLE_NONE)
    return dbf_fail(st, DBF_ERR_UNAUTHENTICATED,
                    "token role '%.64s' is unknown; expected member, manager or admin",
                    json_is_string(role) ? json_string_value(role) : "(not a string)");
  out->expires_at = exp;
  out->valid_until = exp + a->leeway_s;
  return DBF_OK;
}

/*
 * Splits "Bearer <jwt>" into the token (borrowed from authorization) and its
 * length. The scheme is case-insensitive (RFC 7235); one or more spaces
 * separate it from the token, and trailing whitespace is ignored.
 */
static dbf_err auth_bearer(const char *authorization, const char **tok, size_t *tok_len,
                           dbf_status *st) {
  static const char scheme[] = "bearer";
  const size_t slen = sizeof scheme - 1;
  size_t n = strnlen(authorization, AUTH_TOKEN_MAX + 64 + 1);
  if (n > AUTH_TOKEN_MAX + 64)
    return dbf_fail(st, DBF_ERR_UNAUTHENTICATED, "token too large (max %d bytes)", AUTH_TOKEN_MAX);
  if (n <= slen || strncasecmp(authorization, scheme, slen) ||
      (authorization[slen] != ' ' && authorization[slen] != '\t'))
    return dbf_fail(st, DBF_ERR_UNAUTHENTICATED,
                    "malformed authorization header: expected 'Bearer <jwt>'");
  const char *p = authorization + slen;
  const char *end = authorization + n;
  while (p < end && (*p == ' ' || *p == '\t'))
    p++;
  while (end > p && (end[-1] == ' ' || end[-1] == '\t' || end[-1] == '\r' || end[-1] == '\n'))
    end--;
  if (p == end)
    return dbf_fail(st, DBF_ERR_UNAUTHENTICATED,
                    "malformed authorization header: 'Bearer' is not followed by a token");
  for (const char *q = p; q < end; q++)
    if (*q == ' ' || *q == '\t')
      return dbf_fail(st, DBF_ERR_UNAUTHENTICATED,
                      "malformed authorization header: expected 'Bearer <jwt>' with no "
                      "spaces in the token");
  if ((size_t)(end - p) > AUTH_TOKEN_MAX)
    return dbf_fail(st, DBF_ERR_UNAUTHENTICATED, "token too large (%zu bytes; max %d)",
                    (size_t)(end - p), AUTH_TOKEN_MAX);
  *tok = p;
  *tok_len = (size_t)(end - p);
  return DBF_OK;
}

dbf_err dbf_auth_verify(dbf_auth *a, const char *authorization, dbf_principal *out,
                        dbf_status *st) {
  dbf_err rc = DBF_OK;
  char *tok = NULL;
  json_t *header = NULL;
  json_t *claims = NULL;
  jwt_t *jwt = NULL;
  const char *raw = NULL;
  size_t raw_len = 0;

  if (!a)
    return dbf_fail(st, DBF_ERR_INTERNAL, "token verifier not configured");
  if (!authorization || !*authorization) {
    if (a->dev_mode) {
      auth_dev_principal(out);
      return DBF_OK;
    }
    return dbf_fail(st, DBF_ERR_UNAUTHENTICATED,
                    "missing bearer token: send 'authorization: Bearer <jwt>'");
  }
  rc = auth_bearer(authorization, &raw, &raw_len, st);
  if (rc)
    goto out;
  uint64_t h = token_hash(raw, raw_len);
  if (a->key && cache_get(a, raw, raw_len, h, out))
    return DBF_OK; /* verified before, by the same key, and not expired */
  if (!a->key) {
    /* Only reachable in dev mode, where create allows running without a key. */
    rc = dbf_fail(st, DBF_ERR_UNAUTHENTICATED,
                  "cannot verify tokens: dev mode is on but no %s key is configured; "
                  "send no authorization header or configure the key",
                  a->alg_name);
    goto out;
  }
  tok = dbf_strndup(raw, raw_len);
  if (!tok) {
    rc = dbf_fail(st, DBF_ERR_NOMEM, "out of memory verifying the token");
    goto out;
  }

  /* Shape: header.payload.signature, each a non-empty base64url segment. */
  const char *d1 = memchr(tok, '.', raw_len);
  const char *d2 = d1 ? memchr(d1 + 1, '.', raw_len - (size_t)(d1 + 1 - tok)) : NULL;
  if (!d1 || !d2 || memchr(d2 + 1, '.', raw_len - (size_t)(d2 + 1 - tok)) || d1 == tok) {
    rc = dbf_fail(st, DBF_ERR_UNAUTHENTICATED,
                  "malformed token: expected three base64url parts separated by '.'");
    goto out;
  }
  rc = auth_decode_segment(tok, (size_t)(d1 - tok), &header);
  if (rc) {
    rc = rc == DBF_ERR_NOMEM ? dbf_fail(st, rc, "out of memory verifying the token")
                             : dbf_fail(st, DBF_ERR_UNAUTHENTICATED,
                                        "malformed token: the header is not base64url JSON");
    goto out;
  }

  /* The pinned-algorithm check, made before libjwt touches the key. */
  const json_t *alg = json_object_get(header, "alg");
  if (!json_is_string(alg)) {
    rc = dbf_fail(st, DBF_ERR_UNAUTHENTICATED, "token header has no alg; expected %s", a->alg_name);
    goto out;
  }
  if (strcmp(json_string_value(alg), a->alg_name)) {
    rc = dbf_fail(st, DBF_ERR_UNAUTHENTICATED, "token algorithm %.32s is not allowed; expected %s",
                  json_string_value(alg), a->alg_name);
    goto out;
  }
  const json_t *typ = json_object_get(header, "typ");
  if (typ && (!json_is_string(typ) || strcasecmp(json_string_value(typ), "JWT"))) {
    /* libjwt 1.10 refuses other types too; saying so beats "bad signature". */
    rc = dbf_fail(st, DBF_ERR_UNAUTHENTICATED, "token type %.32s is not supported; expected JWT",
                  json_is_string(typ) ? json_string_value(typ) : "(not a string)");
    goto out;
  }
  if (json_object_get(header, "crit")) {
    /* RFC 7515 4.1.11: extensions we do not understand must be refused. */
    rc = dbf_fail(st, DBF_ERR_UNAUTHENTICATED, "token header has unsupported crit extensions");
    goto out;
  }
  if (d2 == d1 + 1 || d2 + 1 == tok + raw_len) {
    rc = dbf_fail(st, DBF_ERR_UNAUTHENTICATED,
                  "malformed token: the payload or signature part is empty");
    goto out;
  }
  rc = auth_decode_segment(d1 + 1, (size_t)(d2 - d1 - 1), &claims);
  if (rc) {
    rc = rc == DBF_ERR_NOMEM ? dbf_fail(st, rc, "out of memory verifying the token")
                             : dbf_fail(st, DBF_ERR_UNAUTHENTICATED,
                                        "malformed token: the payload is not a base64url "
                                        "JSON object");
    goto out;
  }

  /* Shape and header are fine, so a failure here is the signature (or memory). */
  int jrc = jwt_decode(&jwt, tok, a->key, (int)a->key_len);
  if (jrc || !jwt) {
    rc = jrc == ENOMEM ? dbf_fail(st, DBF_ERR_NOMEM, "out of memory verifying the token")
                       : dbf_fail(st, DBF_ERR_UNAUTHENTICATED, "bad token signature");
    goto out;
  }
  if (jwt_get_alg(jwt) != a->alg) {
    rc = dbf_fail(st, DBF_ERR_UNAUTHENTICATED, "token algorithm %s is not allowed; expected %s",
                  jwt_alg_str(jwt_get_alg(jwt)), a->alg_name);
    goto out;
  }
  /*
   * Claims come from our own strict parse of the payload segment: libjwt has
   * just authenticated exactly those bytes, and our decoder is the stricter.
   */
  rc = auth_check_claims(a, claims, out, st);
  if (!rc)
    cache_put(a, raw, raw_len, h, out);
out:
  jwt_free(jwt);
  json_decref(claims);
  json_decref(header);
  dbf_free(tok);
  if (rc)
    memset(out, 0, sizeof *out);
  return rc;
}

dbf_err dbf_auth_mint(const dbf_auth_opts *opts, const char *user, dbf_role role, const char *team,
                      const char *name, int64_t ttl_s, char **out, dbf_status *st) {
  dbf_err rc = DBF_OK;
  jwt_t *jwt = NULL;
  unsigned char *key = NULL;
  size_t key_len = 0;
  char *enc = NULL;
  const char *alg_name = NULL;

  *out = NULL;
  if (!opts)
    return dbf_fail(st, DBF_ERR_INVALID, "no authentication options given");
  jwt_alg_t alg = auth_alg_parse(opts->alg, &alg_name);
  if (alg == JWT_ALG_INVAL)
    return dbf_fail(st, DBF_ERR_INVALID, "DEBRIEF_JWT_ALG must be HS256 or RS256, not '%s'",
                    opts->alg);
  if (!user || !*user || strlen(user) >= DBF_ID_MAX)
    return dbf_fail(st, DBF_ERR_INVALID, "user must be 1 to %d bytes", DBF_ID_MAX - 1);
  if (role == DBF_ROLE_NONE || (unsigned)role >= DBF_ARRAY_LEN(role_names))
    return dbf_fail(st, DBF_ERR_INVALID, "role must be member, manager or admin");
  if ((team && strlen(team) >= DBF_ID_MAX) || (name && strlen(name) >= DBF_ID_MAX))
    return dbf_fail(st, DBF_ERR_INVALID, "team and name must be under %d bytes", DBF_ID_MAX);
  if (ttl_s <= 0 || ttl_s > AUTH_MAX_TIME / 2)
    return dbf_fail(st, DBF_ERR_INVALID, "token lifetime must be a positive number of seconds");

  if (alg == JWT_ALG_HS256) {
    if (!opts->secret || !*opts->secret)
      return dbf_fail(st, DBF_ERR_INVALID, "minting an HS256 token needs DEBRIEF_JWT_SECRET");
    key = (unsigned char *)dbf_strdup(opts->secret);
    key_len = strlen(opts->secret);
    if (!key)
      return dbf_fail(st, DBF_ERR_NOMEM, "out of memory minting a token");
  } else {
    if (!opts->private_key_file || !*opts->private_key_file)
      return dbf_fail(st, DBF_ERR_INVALID,
                      "minting an RS256 token needs DEBRIEF_JWT_PRIVATE_KEY_FILE");
    rc = auth_read_file(opts->private_key_file, "private key", &key, &key_len, st);
    if (rc)
      goto out;
    if (!strstr((const char *)key, "PRIVATE KEY")) {
      rc = dbf_fail(st, DBF_ERR_INVALID, "%s is not a PEM private key", opts->private_key_file);
      goto out;
    }
  }

  int64_t now = (int64_t)time(NULL);
  if (jwt_new(&jwt)) {
    rc = dbf_fail(st, DBF_ERR_NOMEM, "out of memory minting a token");
    goto out;
  }
  if (jwt_add_grant(jwt, "sub", user) || jwt_add_grant(jwt, "role", dbf_role_name(role)) ||
      jwt_add_grant_int(jwt, "iat", (long)now) ||
      jwt_add_grant_int(jwt, "exp", (long)(now + ttl_s)) ||
      (team && *team && jwt_add_grant(jwt, "team", team)) ||
      (name && *name && jwt_add_grant(jwt, "name", name)) ||
      (opts->issuer && *opts->issuer && jwt_add_grant(jwt, "iss", opts->issuer)) ||
      (opts->audience && *opts->audience && jwt_add_grant(jwt, "aud", opts->audience))) {
    rc = dbf_fail(st, DBF_ERR_INVALID, "cannot build the token claims (are they valid UTF-8?)");
    goto out;
  }
  if (jwt_set_alg(jwt, alg, key, (int)key_len)) {
    rc = dbf_fail(st, DBF_ERR_INVALID, "cannot use the %s key to sign", alg_name);
    goto out;
  }
  enc = jwt_encode_str(jwt); /* malloc'd by libjwt; copied so callers can dbf_free */
  if (!enc) {
    rc = dbf_fail(st, DBF_ERR_INVALID, "signing the token failed (is the %s key valid?)", alg_name);
    goto out;
  }
  *out = dbf_strdup(enc);
  if (!*out)
    rc = dbf_fail(st, DBF_ERR_NOMEM, "out of memory minting a token");
out:
  /* free(), not dbf_free(): libjwt 1.10 allocates with malloc and has no free hook. */
  free(enc);
  jwt_free(jwt);
  if (key) {
    volatile unsigned char *k = key;
    for (size_t i = 0; i < key_len; i++)
      k[i] = 0;
  }
  dbf_free(key);
  return rc;
}

dbf_err dbf_auth_check_policy(const dbf_principal *p, uint32_t policy, const char *method,
                              dbf_status *st) {
  dbf_role need = DBF_ROLE_NONE;
  if (policy & DBF_POLICY_ADMIN)
    need = DBF_ROLE_ADMIN;
  else if (policy & DBF_POLICY_MANAGER)
    need = DBF_ROLE_MANAGER;
  else if (policy & DBF_POLICY_MEMBER)
    need = DBF_ROLE_MEMBER;
  if (!p || p->role == DBF_ROLE_NONE)
    return dbf_fail(st, DBF_ERR_UNAUTHENTICATED, "%s needs an authenticated caller",
                    method ? method : "this call");
  if (p->role >= need)
    return DBF_OK;
  return dbf_fail(st, DBF_ERR_PERMISSION, "%s requires the %s role%s; you are %s",
                  method ? method : "this call", dbf_role_name(need),
                  need == DBF_ROLE_ADMIN ? "" : " or higher", dbf_role_name(p->role));
}

bool dbf_auth_can_see(const dbf_principal *p, const char *owner_id, const char *team_id) {
  if (!p || p->role == DBF_ROLE_NONE)
    return false;
  if (p->role == DBF_ROLE_ADMIN)
    return true;
  if (owner_id && p->user_id[0] && !strcmp(owner_id, p->user_id))
    return true;
  /* A team of "" is no team: managers without one see only their own. */
  return p->role == DBF_ROLE_MANAGER && team_id && team_id[0] && p->team_id[0] &&
         !strcmp(team_id, p->team_id);
}
