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
#include "delivery/delivery.h"

#define STEP_MS      10000 /* bound on one claim or outcome transaction */
#define MAX_WORKERS  64
#define WORKER_ID_SZ 96

static pthread_mutex_t mu = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t cv;
static bool running;  /* the threads exist (guarded by mu) */
static bool stopping; /* stop was asked (guarded by mu; read unlocked by the abort check) */
static int pending_wakes;
static pthread_t threads[MAX_WORKERS];
static int n_threads;
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
  pthread_mutex_lock(&mu);
  bool s = stopping;
  pthread_mutex_unlock(&mu);
  return s;
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

/* Sleeps up to poll_ms, or until woken or stopped. Called with mu held. */
static void idle_wait(void) {
  struct timespec until;
  clock_gettime(CLOCK_MONOTONIC, &until);
  until.tv_sec += cfg.poll_ms / 1000;
  until.tv_nsec += (long)(cfg.poll_ms % 1000) * 1000000L;
  if (until.tv_nsec >= 1000000000L) {
    until.tv_sec++;
    until.tv_nsec -= 1000000000L;
  }
  while (!stopping && !pending_wakes && pthread_cond_timedwait(&cv, &mu, &until) == 0)
    ;
  if (pending_wakes)
    pending_wakes--;
}

static void *worker_main(void *arg) {
  char worker_id[WORKER_ID_SZ];
  snprintf(worker_id, sizeof worker_id, "%s/%d", instance, (int)(intptr_t)arg);
  uint64_t rng = (uint64_t)dbf_now_us() ^ ((uint64_t)(intptr_t)arg << 32) ^ (uint64_t)getpid();
  CURL *h = curl_easy_init();
  if (!h) {
    dbf_log(DBF_LOG_ERROR, "crm.worker_failed", "%s: cannot create a libcurl handle", worker_id);
    return NULL;
  }
  pthread_mutex_lock(&mu);
  while (!stopping) {
    pthread_mutex_unlock(&mu);
    dbf_crm_job *job = NULL;
    dbf_status st = {0};
    dbf_err rc = dbf_store_crm_claim(store, dbf_now_ms() + STEP_MS, worker_id,
                                     (int64_t)cfg.timeout_ms + DBF_DELIVERY_LEASE_PAD, &job, &st);
    if (rc)
      dbf_log(DBF_LOG_WARN, "crm.claim_failed", "%s: %s", worker_id, st.msg);
    if (job) {
      deliver(h, worker_id, job, &rng);
      dbf_crm_job_free(job);
      pthread_mutex_lock(&mu);
      continue; /* there may be more due */
    }
    pthread_mutex_lock(&mu);
    if (!stopping)
      idle_wait();
  }
  pthread_mutex_unlock(&mu);
  curl_easy_cleanup(h);
  return NULL;
}

dbf_err dbf_delivery_start(dbf_store *s, const dbf_delivery_config *c, dbf_status *st) {
  if (!c->url)
    return DBF_OK;
  pthread_once(&metrics_once, metrics_init);
  pthread_mutex_lock(&mu);
  if (running) {
    pthread_mutex_unlock(&mu);
    return dbf_fail(st, DBF_ERR_STATE, "the CRM delivery worker is already running");
  }
  store = s;
  cfg = *c;
  cfg.url = dbf_strdup(c->url);
  cfg.secret = dbf_strdup(c->secret);
  cfg.target = dbf_strdup(c->target);
  if (!cfg.url || !cfg.secret || !cfg.target) {
    dbf_delivery_config_free(&cfg);
    pthread_mutex_unlock(&mu);
    return dbf_fail(st, DBF_ERR_NOMEM, "out of memory");
  }
  char host[48] = "host";
  gethostname(host, sizeof host - 1);
  host[sizeof host - 1] = '\0';
  snprintf(instance, sizeof instance, "%s:%d:%04x", host, (int)getpid(),
           (unsigned)(dbf_now_us() & 0xffff));
  pthread_condattr_t ca;
  pthread_condattr_init(&ca);
  pthread_condattr_setclock(&ca, CLOCK_MONOTONIC);
  pthread_cond_init(&cv, &ca);
  pthread_condattr_destroy(&ca);
  stopping = false;
  pending_wakes = 0;
  int err = 0;
  n_threads = 0;
  for (int i = 0; i < cfg.workers && i < MAX_WORKERS && !err; i++)
    if (!(err = pthread_create(&threads[i], NULL, worker_main, (void *)(intptr_t)i)))
      n_threads++;
  running = n_threads > 0;
  pthread_mutex_unlock(&mu);
  if (err) {
    dbf_delivery_stop();
    return dbf_fail(st, DBF_ERR_INTERNAL, "cannot start the CRM delivery threads (error %d)", err);
  }
  /* The URL may carry credentials and the secret is secret: neither is logged. */
  dbf_log(DBF_LOG_INFO, "crm.delivery_started",
          "%d workers, target %s, timeout %d ms, at most %d attempts, instance %s", n_threads,
          cfg.target, cfg.timeout_ms, cfg.max_attempts, instance);
  return DBF_OK;
}

void dbf_delivery_wake(void) {
  pthread_mutex_lock(&mu);
  if (running) {
    if (pending_wakes < n_threads)
      pending_wakes++;
    pthread_cond_signal(&cv);
  }
  pthread_mutex_unlock(&mu);
}

void dbf_delivery_stop(void) {
  pthread_mutex_lock(&mu);
  if (!running && !n_threads) {
    pthread_mutex_unlock(&mu);
    return;
  }
  stopping = true;
  pthread_cond_broadcast(&cv);
  pthread_mutex_unlock(&mu);
  for (int i = 0; i < n_threads; i++)
    pthread_join(threads[i], NULL);
  pthread_mutex_lock(&mu);
  running = false;
  n_threads = 0;
  pthread_mutex_unlock(&mu);
  pthread_cond_destroy(&cv);
  dbf_delivery_config_free(&cfg);
}
