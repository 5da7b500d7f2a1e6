/*
 * worker.c - the delivery threads that drain the crm_deliveries outbox
 * (delivery.h, docs/crm.md).
 *
 * Each thread loops: claim one due delivery under a lease (a short
 * transaction of its own), POST it with a blocking libcurl easy transfer
 * bounded by the connect and total timeouts, and record the outcome. It
 * never runs on a transport thread and holds no database connection while
 * the request is in flight, so a slow endpoint delays only other
 * deliveries. An idle thread sleeps DEBRIEF_CRM_POLL_MS, or until this
 * instance enqueues (dbf_delivery_wake); other instances' pushes are found
 * at the next poll.
 *
 * The lease is the longest attempt plus DBF_DELIVERY_LEASE_PAD, so a live
 * worker's claim never runs out mid-attempt; a crashed instance's claim
 * runs out and another instance re-delivers the same body with the same
 * Idempotency-Key.
 */
#include <inttypes.h>
#include <pthread.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>
#include <time.h>
#include <unistd.h>

#include <curl/curl.h>

#include "core/alloc.h"
#include "core/clock.h"
#include "core/log.h"
#include "core/metrics.h"
#include "core/ticker.h"
#include "delivery/delivery.h"

#define STEP_MS      10000 /* bound on one claim or outcome transaction */
#define WORKER_ID_SZ 96

static pthread_mutex_t life = PTHREAD_MUTEX_INITIALIZER; /* start and stop, one at a time */
static bool running;                                     /* guarded by life */
static dbf_ticker ticker = DBF_TICKER_INIT;
static dbf_store *store;
static dbf_delivery_config cfg;
static char instance[64];

/* What the workers count (docs/operations.md): attempts by outcome, and their duration. */
static const char *const OUTCOMES[] = {"delivered", "retry", "dead"};
static const double ATTEMPT_BUCKETS[] = {0.01, 0.05, 0.1, 0.25, 0.5, 1, 2, 5, 10, 30, 60};
static pthread_once_t metrics_once = PTHREAD_ONCE_INIT;
static dbf_metric *m_attempts, *m_seconds;

static void metrics_init(void) {
  dbf_metric_desc attempts = {
      .name = "debrief_crm_attempts_total",
      .help = "CRM webhook attempts that ended, by outcome (delivered, retry, dead).",
      .type = DBF_METRIC_COUNTER,
      .labels = {{"outcome", OUTCOMES, DBF_ARRAY_LEN(OUTCOMES)}},
      .nlabels = 1,
  };
  dbf_metric_desc seconds = {
      .name = "debrief_crm_attempt_duration_seconds",
      .help = "Time of one CRM webhook attempt, from the request's start to its end.",
      .type = DBF_METRIC_HISTOGRAM,
      .buckets = ATTEMPT_BUCKETS,
      .nbuckets = DBF_ARRAY_LEN(ATTEMPT_BUCKETS),
  };
  dbf_status st = {0};
  if (dbf_metrics_register(dbf_metrics_default(), &attempts, &m_attempts, &st) ||
      dbf_metrics_register(dbf_metrics_default(), &seconds, &m_seconds, &st))
    dbf_log(DBF_LOG_WARN, "crm.metrics", "%s; CRM attempts go uncounted there", st.msg);
}

typedef struct attempt {
  int64_t retry_after_ms; /* -1: the response had none */
  char error[CURL_ERROR_SIZE];
} attempt;

static bool stop_asked(void) {
  return dbf_ticker_stopping(&ticker);
}

/* libcurl's progress callback: a non-zero return aborts the transfer at shutdown. */
static int on_progress(void *p, curl_off_t dt, curl_off_t dn, curl_off_t ut, curl_off_t un) {
  (void)p, (void)dt, (void)dn, (void)ut, (void)un;
  return stop_asked() ? 1 : 0;
}

/* The receiver's body is not kept: its status is what counts. */
static size_t on_body(char *ptr, size_t size, size_t nmemb, void *arg) {
  (void)ptr, (void)arg;
  return size * nmemb;
}

static size_t on_header(char *line, size_t size, size_t nmemb, void *arg) {
  attempt *a = arg;
  size_t n = size * nmemb;
  static const char name[] = "retry-after:";
  if (n > sizeof name - 1 && n < 200 && !strncasecmp(line, name, sizeof name - 1)) {
    char v[200];
    memcpy(v, line + sizeof name - 1, n - (sizeof name - 1));
    v[n - (sizeof name - 1)] = '\0';
    int64_t ms;
    if (dbf_delivery_retry_after_ms(v, dbf_now_ms() / 1000, cfg.retry_after_max_s, &ms))
      a->retry_after_ms = ms;
  } else if (n >= 5 && !strncmp(line, "HTTP/", 5)) {
    a->retry_after_ms = -1; /* a new response (after a 100 Continue, say) */
  }
  return n;
}

/* One POST of job. Returns the HTTP status, 0 when nothing answered (a->error says why). */
static int post(CURL *h, const dbf_crm_job *job, attempt *a) {
  char sig[DBF_DELIVERY_SIG_MAX], hdr[DBF_DELIVERY_SIG_MAX + 64], key[256], del[80], att[48];
  dbf_status st = {0};
  struct curl_slist *headers = NULL, *t = NULL;
  long status = 0;
  size_t len = strlen(job->body);
  a->retry_after_ms = -1;
  a->error[0] = '\0';
  if (dbf_delivery_sign(cfg.secret, dbf_now_ms() / 1000, job->body, len, sig, &st)) {
    snprintf(a->error, sizeof a->error, "%.200s", st.msg);
    return 0;
  }
  snprintf(hdr, sizeof hdr, "Debrief-Signature: %s", sig);
  snprintf(key, sizeof key, "Idempotency-Key: %s", job->idempotency_key);
  snprintf(del, sizeof del, "Debrief-Delivery: %s", job->id);
  snprintf(att, sizeof att, "Debrief-Attempt: %d", job->attempts);
  const char *lines[] = {"Content-Type: application/json", "Expect:", hdr, key, del, att};
  for (size_t i = 0; i < DBF_ARRAY_LEN(lines); i++) {
    if (!(t = curl_slist_append(headers, lines[i]))) {
      snprintf(a->error, sizeof a->error, "out of memory");
      goto out;
    }
    headers = t;
  }
  curl_easy_reset(h);
  curl_easy_setopt(h, CURLOPT_URL, cfg.url);
  curl_easy_setopt(h, CURLOPT_PROTOCOLS_STR, "http,https");
  curl_easy_setopt(h, CURLOPT_FOLLOWLOCATION, 0L); /* a redirect is a refusal, never followed */
  curl_easy_setopt(h, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(h, CURLOPT_POST, 1L);
  curl_easy_setopt(h, CURLOPT_POSTFIELDS, job->body);
  curl_easy_setopt(h, CURLOPT_POSTFIELDSIZE_LARGE, (curl_off_t)len);
  curl_easy_setopt(h, CURLOPT_HTTPHEADER, headers);
  curl_easy_setopt(h, CURLOPT_USERAGENT, "debrief-crm-delivery/1");
  curl_easy_setopt(h, CURLOPT_CONNECTTIMEOUT_MS, (long)cfg.connect_timeout_ms);
  curl_easy_setopt(h, CURLOPT_TIMEOUT_MS, (long)cfg.timeout_ms);
  curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, on_body);
  curl_easy_setopt(h, CURLOPT_HEADERFUNCTION, on_header);
  curl_easy_setopt(h, CURLOPT_HEADERDATA, a);
  curl_easy_setopt(h, CURLOPT_NOPROGRESS, 0L);
  curl_easy_setopt(h, CURLOPT_XFERINFOFUNCTION, on_progress);
  curl_easy_setopt(h, CURLOPT_ERRORBUFFER, a->error);
  CURLcode cc = curl_easy_perform(h);
  if (cc == CURLE_OK) {
    curl_easy_getinfo(h, CURLINFO_RESPONSE_CODE, &status);
    a->error[0] = '\0';
  } else if (!a->error[0]) {
    snprintf(a->error, sizeof a->error, "%s", curl_easy_strerror(cc));
  }
out:
  curl_slist_free_all(headers);
  return (int)status;
}

/* Delivers one claimed job and records how it went. */
static void deliver(CURL *h, const char *worker_id, const dbf_crm_job *job, uint64_t *rng) {
  attempt a;
  int64_t t0 = dbf_mono_ms();
  int http = post(h, job, &a);
  bool shutdown = http == 0 && stop_asked();
  dbf_crm_outcome o = {.http_status = http, .error = ""};
  char why[CURL_ERROR_SIZE + 64];
  switch (dbf_delivery_classify(http)) {
    case DBF_DELIVERY_DONE:
      o.status = DBF_CRM_DELIVERED;
      break;
    case DBF_DELIVERY_REJECT:
      o.status = DBF_CRM_DEAD;
      snprintf(why, sizeof why, "the receiver refused it: HTTP %d", http);
      o.error = why;
      break;
    case DBF_DELIVERY_RETRY:
      if (http)
        snprintf(why, sizeof why, "HTTP %d", http);
      else
        snprintf(why, sizeof why, "%s", a.error[0] ? a.error : "no response");
      o.error = why;
      *rng = *rng * 6364136223846793005ull + 1442695040888963407ull;
      if (shutdown) {
        o.status = DBF_CRM_PENDING; /* due again at once, on any instance */
        o.retry_in_ms = 0;
        snprintf(why, sizeof why, "interrupted by a server shutdown");
      } else if (job->attempts >= cfg.max_attempts) {
        o.status = DBF_CRM_DEAD;
        snprintf(why + strlen(why), sizeof why - strlen(why), "; gave up after %d attempts",
                 job->attempts);
      } else {
        o.status = DBF_CRM_PENDING;
        o.retry_in_ms = a.retry_after_ms >= 0
                            ? a.retry_after_ms
                            : dbf_delivery_backoff_ms(&cfg, job->attempts, *rng >> 17);
      }
      break;
  }
  int64_t took_ms = dbf_mono_ms() - t0;
  dbf_metric_add(m_attempts,
                 o.status == DBF_CRM_DELIVERED ? 0
                 : o.status == DBF_CRM_PENDING ? 1
                                               : 2,
                 0, 1);
  dbf_metric_observe_us(m_seconds, 0, 0, (uint64_t)(took_ms > 0 ? took_ms : 0) * 1000);
  dbf_status st = {0};
  bool current = false;
  dbf_err rc =
      dbf_store_crm_finish(store, dbf_now_ms() + STEP_MS, worker_id, job, &o, &current, &st);
  json_t *f = json_pack("{s:s, s:i, s:i, s:s, s:I, s:I, s:b}", "delivery", job->id, "attempt",
                        job->attempts, "http_status", http, "status",
                        o.status == DBF_CRM_DELIVERED ? "delivered"
                        : o.status == DBF_CRM_DEAD    ? "dead"
                                                      : "retry",
                        "ms", (json_int_t)took_ms, "retry_in_ms", (json_int_t)o.retry_in_ms,
                        "recorded", !rc && current);
  if (f && o.error[0])
    json_object_set_new(f, "error", json_string(o.error));
  if (rc && f)
    json_object_set_new(f, "store_error", json_string(st.msg));
  dbf_log_fields(o.status == DBF_CRM_DEAD || rc ? DBF_LOG_WARN : DBF_LOG_INFO, "crm.attempt", f);
}

/* A worker thread's own: its id in the outbox, its libcurl handle, its jitter. */
typedef struct worker {
  char id[WORKER_ID_SZ];
  CURL *h;
  uint64_t rng;
} worker;

static bool worker_init(void *arg, int index, void *local) {
  (void)arg;
  worker *w = local;
  snprintf(w->id, sizeof w->id, "%s/%d", instance, index);
  w->rng = (uint64_t)dbf_now_us() ^ ((uint64_t)index << 32) ^ (uint64_t)getpid();
  if (!(w->h = curl_easy_init())) {
    dbf_log(DBF_LOG_ERROR, "crm.worker_failed", "%s: cannot create a libcurl handle", w->id);
    return false;
  }
  return true;
}

static void worker_fini(void *arg, void *local) {
  (void)arg;
  curl_easy_cleanup(((worker *)local)->h);
}

/* Claims one due delivery and delivers it; true when there was one (there may be more due). */
static bool worker_round(void *arg, void *local) {
  (void)arg;
  worker *w = local;
  dbf_crm_job *job = NULL;
  dbf_status st = {0};
  dbf_err rc = dbf_store_crm_claim(store, dbf_now_ms() + STEP_MS, w->id,
                                   (int64_t)cfg.timeout_ms + DBF_DELIVERY_LEASE_PAD, &job, &st);
  if (rc)
    dbf_log(DBF_LOG_WARN, "crm.claim_failed", "%s: %s", w->id, st.msg);
  if (!job)
    return false;
  deliver(w->h, w->id, job, &w->rng);
  dbf_crm_job_free(job);
  return true;
}

dbf_err dbf_delivery_start(dbf_store *s, const dbf_delivery_config *c, dbf_status *st) {
  if (!c->url)
    return DBF_OK;
  pthread_once(&metrics_once, metrics_init);
  pthread_mutex_lock(&life);
  if (running) {
    pthread_mutex_unlock(&life);
    return dbf_fail(st, DBF_ERR_STATE, "the CRM delivery worker is already running");
  }
  store = s;
  cfg = *c;
  cfg.url = dbf_strdup(c->url);
  cfg.secret = dbf_strdup(c->secret);
  cfg.target = dbf_strdup(c->target);
  if (!cfg.url || !cfg.secret || !cfg.target) {
    dbf_delivery_config_free(&cfg);
    pthread_mutex_unlock(&life);
    return dbf_fail(st, DBF_ERR_NOMEM, "out of memory");
  }
  char host[48] = "host";
  gethostname(host, sizeof host - 1);
  host[sizeof host - 1] = '\0';
  snprintf(instance, sizeof instance, "%s:%d:%04x", host, (int)getpid(),
           (unsigned)(dbf_now_us() & 0xffff));
  dbf_ticker_def def = {.what = "the CRM delivery worker",
                        .threads = cfg.workers < DBF_TICKER_MAX_THREADS ? cfg.workers
                                                                        : DBF_TICKER_MAX_THREADS,
                        .period_ms = cfg.poll_ms,
                        .local_size = sizeof(worker),
                        .init = worker_init,
                        .fini = worker_fini,
                        .tick = worker_round};
  dbf_err rc = dbf_ticker_start(&ticker, &def, st);
  running = rc == DBF_OK;
  if (rc)
    dbf_delivery_config_free(&cfg);
  pthread_mutex_unlock(&life);
  if (rc)
    return rc;
  /* The URL may carry credentials and the secret is secret: neither is logged. */
  dbf_log(DBF_LOG_INFO, "crm.delivery_started",
          "%d workers, target %s, timeout %d ms, at most %d attempts, instance %s", def.threads,
          cfg.target, cfg.timeout_ms, cfg.max_attempts, instance);
  return DBF_OK;
}

void dbf_delivery_wake(void) {
  dbf_ticker_wake(&ticker);
}

void dbf_delivery_stop(void) {
  pthread_mutex_lock(&life);
  if (running) {
    dbf_ticker_stop(&ticker);
    dbf_delivery_config_free(&cfg);
    running = false;
  }
  pthread_mutex_unlock(&life);
}
