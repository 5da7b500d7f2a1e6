/*
 * sign.c - the Debrief-Signature header of a CRM webhook request, in the
 * style of Stripe's and GitHub's webhook signatures (docs/crm.md has the
 * receiver's side).
 *
 * The signed text is "<t>.<body>": the timestamp binds the signature to
 * the time it was made, so a receiver that rejects old timestamps is safe
 * from replays of a captured request. HMAC-SHA256 comes from OpenSSL's
 * libcrypto. Its one-shot HMAC() keeps nothing after it returns; it is not
 * pointed at dbf_malloc (docs/conventions.md rule 6) because libcrypto is
 * shared with libcurl and gRPC, which initialise it before main runs ours,
 * and CRYPTO_set_mem_functions only works before the first allocation.
 */
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include <openssl/evp.h>
#include <openssl/hmac.h>

#include "core/alloc.h"
#include "delivery/delivery.h"

dbf_err dbf_delivery_sign(const char *secret, int64_t t, const char *body, size_t len,
                          char out[DBF_DELIVERY_SIG_MAX], dbf_status *st) {
  char ts[24];
  unsigned char mac[EVP_MAX_MD_SIZE];
  unsigned int mac_len = 0;
  out[0] = '\0';
  if (!secret || !*secret || t < 0)
    return dbf_fail(st, DBF_ERR_INVALID, "a signature needs a secret and a time");
  int tn = snprintf(ts, sizeof ts, "%" PRId64 ".", t);
  if (tn < 0 || (size_t)tn >= sizeof ts || len > SIZE_MAX - (size_t)tn)
    return dbf_fail(st, DBF_ERR_INVALID, "body too large to sign");
  size_t n = (size_t)tn + len;
  unsigned char *msg = dbf_malloc(n ? n : 1);
  if (!msg)
    return dbf_fail(st, DBF_ERR_NOMEM, "out of memory signing a CRM delivery");
  memcpy(msg, ts, (size_t)tn);
  if (len)
    memcpy(msg + tn, body, len);
  const unsigned char *r = HMAC(EVP_sha256(), secret, (int)strlen(secret), msg, n, mac, &mac_len);
  dbf_free(msg);
  if (!r || mac_len != 32)
    return dbf_fail(st, DBF_ERR_INTERNAL, "HMAC-SHA256 failed");
  static const char hex[] = "0123456789abcdef";
  char h[65];
  for (unsigned i = 0; i < mac_len; i++) {
    h[2 * i] = hex[mac[i] >> 4];
    h[2 * i + 1] = hex[mac[i] & 15];
  }
  h[64] = '\0';
  snprintf(out, DBF_DELIVERY_SIG_MAX, "t=%" PRId64 ",v1=%s", t, h);
  return DBF_OK;
}
