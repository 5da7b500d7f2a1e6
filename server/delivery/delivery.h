/*
 * delivery.h - the CRM webhook delivery worker (docs/crm.md): its settings,
 * the signature, the retry policy, and the threads that drain the
 * crm_deliveries outbox.
 *
 * The worker runs on threads of its own, never on the transport's threads:
 * each claims one due delivery under a lease (store/crm.c), POSTs it with
 * libcurl (connect and total timeouts) outside any transaction, and
 * records the outcome. A slow or dead endpoint holds only these threads.
 *
 * Every request carries
 *   Content-Type: application/json
 *   Idempotency-Key: <session_id>:v<session_version>   (the same on every attempt)
 *   Debrief-Delivery: <delivery id>
 *   Debrief-Attempt: <n>
 *   Debrief-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256(secret, "<t>.<body>")>
 * so a receiver verifies the body and the time and deduplicates by key.
 */
#ifndef DBF_DELIVERY_DELIVERY_H
#define DBF_DELIVERY_DELIVERY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/err.h"
#include "store/store.h"

#define DBF_DELIVERY_SIG_MAX    96   /* "t=<20 digits>,v1=<64 hex>" and the NUL */
#define DBF_DELIVERY_LEASE_PAD  5000 /* ms a claim outlives the longest attempt */
#define DBF_DELIVERY_MIN_SECRET 16   /* bytes of DEBRIEF_CRM_WEBHOOK_SECRET */

/* The DEBRIEF_CRM_* settings (docs/configuration.md). Owned: free with dbf_delivery_config_free. */
typedef struct dbf_delivery_config {
  char *url;                 /* DEBRIEF_CRM_WEBHOOK_URL; NULL: pushing is off */
  char *secret;              /* DEBRIEF_CRM_WEBHOOK_SECRET; required with a URL; never logged */
  char *target;              /* DEBRIEF_CRM_TARGET: which crm/<slug>.<target>.json, "generic" */
  int connect_timeout_ms;    /* DEBRIEF_CRM_CONNECT_TIMEOUT_MS, 5000 */
  int timeout_ms;            /* DEBRIEF_CRM_TIMEOUT_MS: one whole attempt, 15000 */
  int max_attempts;          /* DEBRIEF_CRM_MAX_ATTEMPTS: then the dead letter, 8 */
  int64_t backoff_base_ms;   /* DEBRIEF_CRM_BACKOFF_BASE_MS, 1000 */
  int64_t backoff_max_ms;    /* DEBRIEF_CRM_BACKOFF_MAX_MS, 300000 */
  int64_t retry_after_max_s; /* DEBRIEF_CRM_RETRY_AFTER_MAX_S: cap on Retry-After, 3600 */
  int workers;               /* DEBRIEF_CRM_WORKERS: delivery threads, 2 */
  int poll_ms;               /* DEBRIEF_CRM_POLL_MS: how often an idle worker looks, 1000 */
} dbf_delivery_config;

/*
 * Reads the settings through get (dbf_config_get's shape; NULL means the
 * environment) and validates them: a URL must be http(s) and comes with a
 * secret of at least 16 bytes. DBF_ERR_INVALID names the variable.
 */
dbf_err dbf_delivery_config_load(dbf_delivery_config *c,
                                 const char *(*get)(const char *name, void *arg), void *arg,
                                 dbf_status *st);
void dbf_delivery_config_free(dbf_delivery_config *c);

/*
 * The Debrief-Signature value for body sent at unix time t:
 * "t=<t>,v1=<lowercase hex HMAC-SHA256(secret, "<t>.<body>")>", in out.
 */
dbf_err dbf_delivery_sign(const char *secret, int64_t t, const char *body, size_t len,
                          char out[DBF_DELIVERY_SIG_MAX], dbf_status *st);

/* What an attempt's HTTP status (0: no response) means. */
typedef enum dbf_delivery_verdict {
  DBF_DELIVERY_DONE = 1, /* 2xx: delivered */
  DBF_DELIVERY_RETRY,    /* no response, 408, 425, 429, 5xx: try again later */
  DBF_DELIVERY_REJECT,   /* any other status: the receiver refuses it; dead letter at once */
} dbf_delivery_verdict;
dbf_delivery_verdict dbf_delivery_classify(int http_status);

/*
 * The wait before the attempt after failed attempt number attempt (1 is
 * the first): an exponential cap min(max, base * 2^(attempt-1)) with equal
 * jitter, cap/2 + rnd % (cap/2 + 1), so retries of many deliveries spread
 * out but none comes back at once.
 */
int64_t dbf_delivery_backoff_ms(const dbf_delivery_config *c, int attempt, uint64_t rnd);

/*
 * Parses a Retry-After value: delay-seconds or an HTTP-date (any form
 * RFC 9110 allows), relative to now_s. A date in the past is 0. Returns
 * false for anything else. The result is capped at max_s seconds.
 */
bool dbf_delivery_retry_after_ms(const char *value, int64_t now_s, int64_t max_s, int64_t *out_ms);

/*
 * Starts c->workers delivery threads on store (borrowed; it must outlive
 * dbf_delivery_stop). Does nothing when c->url is NULL. Copies c.
 */
dbf_err dbf_delivery_start(dbf_store *store, const dbf_delivery_config *c, dbf_status *st);
/* Wakes an idle worker of this instance at once (after a commit that enqueued). */
void dbf_delivery_wake(void);
/*
 * Stops the threads: an attempt in flight is aborted, its lease dropped so
 * that it is due again at once (on any instance). Idempotent.
 */
void dbf_delivery_stop(void);

#endif
