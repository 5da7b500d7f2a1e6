/*
 * retry.c - the retry policy of CRM deliveries: which HTTP statuses are
 * worth another attempt, the exponential backoff with jitter, and the
 * Retry-After header (docs/crm.md, "Retries").
 */
#include <stdlib.h>
#include <string.h>

#include <curl/curl.h>

#include "core/config.h"
#include "delivery/delivery.h"

dbf_delivery_verdict dbf_delivery_classify(int http_status) {
  if (http_status >= 200 && http_status <= 299)
    return DBF_DELIVERY_DONE;
  if (http_status == 0 || http_status == 408 || http_status == 425 || http_status == 429 ||
      (http_status >= 500 && http_status <= 599))
    return DBF_DELIVERY_RETRY;
  return DBF_DELIVERY_REJECT;
}

int64_t dbf_delivery_backoff_ms(const dbf_delivery_config *c, int attempt, uint64_t rnd) {
  int64_t cap = c->backoff_base_ms > 0 ? c->backoff_base_ms : 1;
  for (int i = 1; i < attempt && cap < c->backoff_max_ms; i++)
    cap = cap > INT64_MAX / 2 ? INT64_MAX : cap * 2; /* unsigned-safe: stops at the max */
  if (cap > c->backoff_max_ms)
    cap = c->backoff_max_ms;
  if (cap < 1)
    cap = 1;
  int64_t half = cap / 2;
  return cap - half + (int64_t)(rnd % (uint64_t)(half + 1));
}

bool dbf_delivery_retry_after_ms(const char *value, int64_t now_s, int64_t max_s, int64_t *out_ms) {
  if (!value)
    return false;
  while (*value == ' ' || *value == '\t')
    value++;
  size_t n = strlen(value);
  while (n && (value[n - 1] == ' ' || value[n - 1] == '\t' || value[n - 1] == '\r' ||
               value[n - 1] == '\n'))
    n--;
  if (n == 0)
    return false;
  bool digits = true;
  for (size_t i = 0; i < n && digits; i++)
    digits = value[i] >= '0' && value[i] <= '9';
  int64_t secs;
  char v[65];
  if (digits) {
    /* delay-seconds: a huge number is capped, not refused. */
    memcpy(v, value, n < 13 ? n : 12);
    v[n < 13 ? n : 12] = '\0';
    if (n > 12 || dbf_parse_i64(v, 0, INT64_MAX / 1000, &secs) != DBF_OK)
      secs = max_s;
  } else {
    /* An HTTP-date starts with the day's name; anything else is no date. */
    if (n > 64 || !((value[0] >= 'A' && value[0] <= 'Z') || (value[0] >= 'a' && value[0] <= 'z')))
      return false;
    memcpy(v, value, n);
    v[n] = '\0';
    time_t t = curl_getdate(v, NULL);
    if (t == (time_t)-1)
      return false;
    secs = (int64_t)t > now_s ? (int64_t)t - now_s : 0;
  }
  if (secs > max_s)
    secs = max_s;
  *out_ms = secs * 1000;
  return true;
}
