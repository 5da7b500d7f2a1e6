/*
 * llm.c - the call machinery shared by every provider: one libcurl multi
 * loop in its own thread, attempts with retries and backoff, deadlines,
 * cancellation, size caps, and the blocking wrapper for worker threads.
 *
 * Threads. The loop thread owns every CURL handle and all per-attempt
 * state. Other threads touch a call only under llm->mu: they queue new
 * calls, set cancel flags, wait for `finished` and drop references; then
 * they wake the loop with curl_multi_wakeup. A call is freed when both the
 * loop's reference and the caller's handle are gone.
 *
 * Clocks. Deadlines are wall-clock milliseconds (as gRPC deadlines are
 * converted elsewhere in the server); latencies use the monotonic clock.
 */
#include "llm/llm.h"

#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "core/alloc.h"
#include "core/clock.h"
#include "core/config.h"
#include "core/log.h"
#include "llm/llm_int.h"

#define ERRBODY_MAX  (16 * 1024) /* bytes of a non-2xx body kept for the message */
#define RETRY_MAX_MS 60000       /* Retry-After values beyond this are clamped */
#define POLL_MAX_MS  1000        /* the loop re-checks timers at least this often */
#define CANCEL_POLL_MS                                                                             \
  20 /* ...and cancel predicates this often: a client that left                                    \
        stops its provider call within ~20 ms */

struct dbf_llm {
  dbf_llm_config cfg; /* owned copy */
  const dbf__llm_ops *ops;
  CURLM *multi;
  pthread_t thread;
  bool thread_started;
  pthread_mutex_t mu;
  pthread_cond_t cv;      /* broadcast whenever a call finishes */
  dbf_llm_call *incoming; /* queued by dbf_llm_start, under mu */
  bool stop;              /* under mu */
  dbf_llm_call *active;   /* loop thread only */
  uint64_t rng;           /* loop thread only: jitter */
};

struct dbf_llm_call {
  dbf_llm *llm;
  dbf_llm_call *next; /* incoming queue, then the active list */
  /* Fixed at start. */
  char *url;
  struct curl_slist *headers;
  char *body;
  int64_t deadline_ms; /* wall clock */
  int64_t start_mono;
  dbf_llm_delta_fn on_delta;
  dbf_llm_done_fn on_done;
  void *arg;
  bool (*cancelled)(void *arg); /* the request's cancel predicate, or NULL */
  void *cancel_arg;
  /* Under llm->mu. */
  int refs;
  bool cancel;
  bool finished;
  bool waited;
  /* Loop thread only. */
  CURL *easy;
  bool in_multi;
  bool waiting_retry;
  int64_t retry_at_mono;
  int64_t attempt_start_mono;
  dbf_sse_parser sse;
  dbf_buf text;
  dbf_buf errbody;
  size_t received;
  long status;
  int64_t retry_after_ms; /* -1 when the response had none */
  bool got_token;
  bool stream_done;
  dbf_llm_error fail_kind;
  bool fail_retryable;
  char fail_msg[256];
  dbf_llm_result res;
};

/* ---- names and clocks ---- */

const char *dbf_llm_provider_name(dbf_llm_provider p) {
  switch (p) {
    case DBF_LLM_OFFLINE:
      return "offline";
    case DBF_LLM_OPENAI:
      return "openai";
    case DBF_LLM_ANTHROPIC:
      return "anthropic";
    case DBF_LLM_GEMINI:
      return "gemini";
  }
  return "unknown";
}

const char *dbf_llm_error_name(dbf_llm_error e) {
  static const char *const names[] = {
      "ok",        "no_provider", "unavailable",  "rate_limited", "auth",  "request", "timeout",
      "cancelled", "interrupted", "bad_response", "too_big",      "nomem", "invalid",
  };
  if ((unsigned)e < DBF_ARRAY_LEN(names))
    return names[e];
  return "unknown";
}

dbf_err dbf_llm_error_to_err(dbf_llm_error e) {
  switch (e) {
    case DBF_LLM_E_OK:
      return DBF_OK;
    case DBF_LLM_E_TIMEOUT:
      return DBF_ERR_DEADLINE;
    case DBF_LLM_E_CANCELLED:
      return DBF_ERR_CANCELLED;
    case DBF_LLM_E_NOMEM:
      return DBF_ERR_NOMEM;
    case DBF_LLM_E_TOO_BIG:
      return DBF_ERR_TOO_BIG;
    case DBF_LLM_E_INVALID:
    case DBF_LLM_E_BAD_RESPONSE:
    case DBF_LLM_E_REQUEST:
      return DBF_ERR_INTERNAL;
    default:
      return DBF_ERR_UNAVAILABLE;
  }
}

void dbf_llm_result_clear(dbf_llm_result *r) {
  dbf_free(r->text);
  memset(r, 0, sizeof(*r));
}

/* ---- helpers for providers ---- */

dbf_err dbf__llm_header(struct curl_slist **h, const char *fmt, ...) {
  char line[1024];
  va_list ap;
  va_start(ap, fmt);
  int n = vsnprintf(line, sizeof(line), fmt, ap);
  va_end(ap);
  if (n < 0 || (size_t)n >= sizeof(line))
    return DBF_ERR_INVALID;
  struct curl_slist *nh = curl_slist_append(*h, line);
  if (!nh)
    return DBF_ERR_NOMEM;
  *h = nh;
  return DBF_OK;
}

dbf_err dbf__llm_dump(const json_t *root, char **out, dbf_status *st) {
  *out = root ? json_dumps(root, JSON_COMPACT) : NULL;
  if (!*out)
    return dbf_fail(st, DBF_ERR_NOMEM, "cannot serialise the LLM request");
  return DBF_OK;
}

json_t *dbf__llm_merged_turns(const dbf_llm_request *req) {
  json_t *arr = json_array();
  dbf_buf cur;
  dbf_buf_init(&cur, (size_t)64 << 20);
  int role = -1;
  bool ok = arr != NULL;
  for (size_t i = 0; ok && i <= req->n_messages; i++) {
    bool flush = i == req->n_messages || (int)req->messages[i].role != role;
    if (flush && role >= 0) {
      json_t *m = json_pack("{s:s, s:s}", "role", role == DBF_LLM_USER ? "user" : "assistant",
                            "text", cur.data ? cur.data : "");
      ok = m && json_array_append_new(arr, m) == 0;
      dbf_buf_reset(&cur);
    }
    if (!ok || i == req->n_messages)
      break;
    /* The APIs want the first turn from the user; a leading question of
       ours is kept as context in a short user turn. */
    if (role < 0 && req->messages[i].role == DBF_LLM_ASSISTANT) {
      json_t *m = json_pack("{s:s, s:s}", "role", "user", "text", "(The interview begins.)");
      ok = m && json_array_append_new(arr, m) == 0;
    }
    if (cur.len)
      ok = ok && dbf_buf_appends(&cur, "\n\n") == DBF_OK;
    ok = ok && dbf_buf_appends(&cur, req->messages[i].text ? req->messages[i].text : "") == DBF_OK;
    role = (int)req->messages[i].role;
  }
  dbf_buf_free(&cur);
  if (!ok) {
    json_decref(arr);
    return NULL;
  }
  return arr;
}

char *dbf__llm_schema_instruction(const dbf_llm_request *req) {
  if (!req->schema)
    return NULL;
  char *s = json_dumps(req->schema, JSON_COMPACT | JSON_SORT_KEYS);
  if (!s)
    return NULL;
  dbf_buf b;
  dbf_buf_init(&b, (size_t)1 << 20);
  dbf_err rc = dbf_buf_appends(&b, "\n\nReply with one JSON object and nothing else: no prose, no "
                                   "code fences. It must conform to this JSON schema:\n");
  if (!rc)
    rc = dbf_buf_appends(&b, s);
  dbf_free(s);
  if (rc) {
    dbf_buf_free(&b);
    return NULL;
  }
  return dbf_buf_steal(&b, NULL);
}

dbf_err dbf__llm_delta(dbf_llm_call *call, const char *text, size_t len) {
  if (len == 0)
    return DBF_OK;
  dbf_err rc = dbf_buf_append(&call->text, text, len);
  if (rc == DBF_ERR_TOO_BIG)
    return dbf__llm_fail(call, DBF_LLM_E_TOO_BIG, false, "generated text passed %zu bytes",
                         call->text.max);
  if (rc)
    return dbf__llm_fail(call, DBF_LLM_E_NOMEM, false, "out of memory");
  if (!call->got_token) {
    call->got_token = true;
    call->res.first_token_ms = dbf_mono_ms() - call->start_mono;
  }
  if (call->on_delta)
    call->on_delta(call->arg, text, len);
  return DBF_OK;
}

void dbf__llm_usage(dbf_llm_call *call, int64_t in, int64_t out) {
  if (in >= 0)
    call->res.tokens_in = in;
  if (out >= 0)
    call->res.tokens_out = out;
}

void dbf__llm_set_reason(dbf_llm_call *call, const char *reason) {
  if (reason)
    snprintf(call->res.finish_reason, sizeof(call->res.finish_reason), "%s", reason);
}

void dbf__llm_finished(dbf_llm_call *call, const char *reason) {
  dbf__llm_set_reason(call, reason);
  call->stream_done = true;
}

dbf_err dbf__llm_fail(dbf_llm_call *call, dbf_llm_error kind, bool retryable, const char *fmt,
                      ...) {
  if (call->fail_kind == DBF_LLM_E_OK) {
    call->fail_kind = kind;
    call->fail_retryable = retryable;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(call->fail_msg, sizeof(call->fail_msg), fmt, ap);
    va_end(ap);
  }
  return DBF_ERR_INVALID;
}

dbf_err dbf__llm_event_json(dbf_llm_call *call, const dbf_sse_event *ev, json_t **out) {
  json_error_t jerr;
  *out = json_loadb(ev->data, ev->data_len, JSON_REJECT_DUPLICATES, &jerr);
  if (!*out)
    return dbf__llm_fail(call, DBF_LLM_E_BAD_RESPONSE, false, "invalid JSON in '%s' event: %s",
                         ev->type, jerr.text);
  if (!json_is_object(*out)) {
    json_decref(*out);
    *out = NULL;
    return dbf__llm_fail(call, DBF_LLM_E_BAD_RESPONSE, false, "'%s' event is not an object",
                         ev->type);
  }
  return DBF_OK;
}

dbf_err dbf__llm_stream_error(dbf_llm_call *call, const json_t *err) {
  const char *msg = json_string_value(json_object_get(err, "message"));
  const char *type = json_string_value(json_object_get(err, "type"));
  if (!type)
    type = json_string_value(json_object_get(err, "status"));
  /* Overload and server errors inside a 200 stream are worth a retry. */
  bool retry = type && (strstr(type, "overload") || strstr(type, "server") ||
                        strstr(type, "UNAVAILABLE") || strstr(type, "INTERNAL"));
  return dbf__llm_fail(call, retry ? DBF_LLM_E_UNAVAILABLE : DBF_LLM_E_BAD_RESPONSE, retry,
                       "provider error in stream: %s%s%s", type ? type : "",
                       type && msg ? ": " : "", msg ? msg : "");
}

/* ---- curl callbacks (loop thread, inside curl_multi_perform) ---- */

static dbf_err on_sse_event(void *arg, const dbf_sse_event *ev) {
  dbf_llm_call *call = arg;
  return call->llm->ops->on_event(call, ev);
}

static bool status_ok(long s) {
  return s >= 200 && s < 300;
}

static size_t on_write(char *ptr, size_t size, size_t nmemb, void *userdata) {
  dbf_llm_call *call = userdata;
  size_t n = size * nmemb;
  const dbf_llm_config *cfg = &call->llm->cfg;
  if (n > cfg->max_response_bytes || call->received > cfg->max_response_bytes - n) {
    dbf__llm_fail(call, DBF_LLM_E_TOO_BIG, false, "response passed %zu bytes",
                  cfg->max_response_bytes);
    return 0;
  }
  call->received += n;
  if (call->status == 0)
    curl_easy_getinfo(call->easy, CURLINFO_RESPONSE_CODE, &call->status);
  if (!status_ok(call->status)) {
    size_t room = ERRBODY_MAX - call->errbody.len;
    dbf_buf_append(&call->errbody, ptr, n < room ? n : room); /* best effort */
    return n;
  }
  dbf_err rc = dbf_sse_feed(&call->sse, ptr, n);
  if (rc == DBF_ERR_TOO_BIG)
    dbf__llm_fail(call, DBF_LLM_E_TOO_BIG, false, "an SSE event passed %zu bytes",
                  cfg->max_event_bytes);
  else if (rc == DBF_ERR_NOMEM)
    dbf__llm_fail(call, DBF_LLM_E_NOMEM, false, "out of memory");
  else if (rc)
    dbf__llm_fail(call, DBF_LLM_E_BAD_RESPONSE, false, "stream rejected");
  return rc ? 0 : n;
}

static bool header_is(const char *line, size_t n, const char *name, const char **val,
                      size_t *vlen) {
  size_t k = strlen(name);
  if (n <= k || strncasecmp(line, name, k) != 0 || line[k] != ':')
    return false;
  const char *v = line + k + 1;
  const char *e = line + n;
  while (v < e && (*v == ' ' || *v == '\t'))
    v++;
  while (e > v && (e[-1] == '\r' || e[-1] == '\n' || e[-1] == ' '))
    e--;
  *val = v;
  *vlen = (size_t)(e - v);
  return true;
}

static size_t on_header(char *line, size_t size, size_t nmemb, void *userdata) {
  dbf_llm_call *call = userdata;
  size_t n = size * nmemb;
  const char *v;
  size_t vlen;
  char tmp[32];
  if (n >= 5 && memcmp(line, "HTTP/", 5) == 0) {
    call->retry_after_ms = -1; /* a new response (after a 100-continue, say) */
    return n;
  }
  bool secs = header_is(line, n, "retry-after", &v, &vlen);
  bool ms = !secs && header_is(line, n, "retry-after-ms", &v, &vlen);
  if ((secs || ms) && vlen > 0 && vlen < sizeof(tmp)) {
    memcpy(tmp, v, vlen);
    tmp[vlen] = '\0';
    int64_t x;
    /* An HTTP-date form fails to parse and is ignored: backoff applies. */
    if (dbf_parse_i64(tmp, 0, (int64_t)RETRY_MAX_MS * (secs ? 1 : 1000), &x) == DBF_OK)
      call->retry_after_ms = secs ? (x * 1000 > RETRY_MAX_MS ? RETRY_MAX_MS : x * 1000) : x;
  }
  return n;
}

/* ---- the call lifecycle (loop thread) ---- */

static void call_unref_locked(dbf_llm_call *call) {
  if (--call->refs > 0)
    return;
  dbf_free(call->url);
  dbf_free(call->body);
  curl_slist_free_all(call->headers);
  dbf_sse_free(&call->sse);
  dbf_buf_free(&call->text);
  dbf_buf_free(&call->errbody);
  dbf_free(call->res.text);
  dbf_free(call);
}

static void detach_easy(dbf_llm_call *call) {
  if (!call->easy)
    return;
  if (call->in_multi)
    curl_multi_remove_handle(call->llm->multi, call->easy);
  curl_easy_cleanup(call->easy);
  call->easy = NULL;
  call->in_multi = false;
}

static void active_remove(dbf_llm *llm, dbf_llm_call *call) {
  for (dbf_llm_call **pp = &llm->active; *pp; pp = &(*pp)->next) {
    if (*pp == call) {
      *pp = call->next;
      call->next = NULL;
      return;
    }
  }
}

/* Ends the call with error e (DBF_LLM_E_OK for success) and runs on_done. */
static void finish(dbf_llm_call *call, dbf_llm_error e, const char *msg) {
  dbf_llm *llm = call->llm;
  detach_easy(call);
  active_remove(llm, call);
  dbf_llm_result *r = &call->res;
  r->error = e;
  if (msg && e != DBF_LLM_E_OK)
    snprintf(r->error_msg, sizeof(r->error_msg), "%s", msg);
  r->complete = e == DBF_LLM_E_OK;
  r->http_status = call->status;
  r->latency_ms = dbf_mono_ms() - call->start_mono;
  r->provider = llm->cfg.provider;
  snprintf(r->model, sizeof(r->model), "%s", llm->cfg.model ? llm->cfg.model : "");
  r->text_len = call->text.len;
  r->text = dbf_buf_steal(&call->text, NULL);
  if (!r->text)
    r->text = dbf_strdup("");
  if (e != DBF_LLM_E_OK && e != DBF_LLM_E_CANCELLED)
    dbf_log(DBF_LOG_WARN, "llm.call_failed", "%s %s: %s after %d attempt(s), %lld ms: %s",
            dbf_llm_provider_name(r->provider), r->model, dbf_llm_error_name(e), r->attempts,
            (long long)r->latency_ms, r->error_msg);
  dbf__llm_count(r);
  if (call->on_done)
    call->on_done(call->arg, r);
  pthread_mutex_lock(&llm->mu);
  call->finished = true;
  pthread_cond_broadcast(&llm->cv);
  call_unref_locked(call);
  pthread_mutex_unlock(&llm->mu);
}

static uint64_t rng_next(dbf_llm *llm) {
  uint64_t x = llm->rng;
  x ^= x << 13;
  x ^= x >> 7;
  x ^= x << 17;
  llm->rng = x;
  return x;
}

static void begin_attempt(dbf_llm_call *call) {
  dbf_llm *llm = call->llm;
  const dbf_llm_config *cfg = &llm->cfg;
  int64_t remaining = call->deadline_ms - dbf_now_ms();
  if (remaining <= 0) {
    finish(call, DBF_LLM_E_TIMEOUT, "the deadline passed before the provider answered");
    return;
  }
  call->waiting_retry = false;
  call->res.attempts++;
  call->attempt_start_mono = dbf_mono_ms();
  call->status = 0;
  call->retry_after_ms = -1;
  call->received = 0;
  call->stream_done = false;
  call->fail_kind = DBF_LLM_E_OK;
  call->fail_retryable = false;
  call->fail_msg[0] = '\0';
  call->res.finish_reason[0] = '\0';
  dbf_buf_reset(&call->text);
  dbf_buf_reset(&call->errbody);
  dbf_sse_free(&call->sse);
  dbf_sse_init(&call->sse, cfg->max_event_bytes, on_sse_event, call);
  CURL *e = curl_easy_init();
  if (!e) {
    finish(call, DBF_LLM_E_NOMEM, "curl_easy_init failed");
    return;
  }
  call->easy = e;
  long stall = cfg->stall_s > 0 ? (long)cfg->stall_s : 15;
  long connect_ms = remaining < 10000 ? (long)remaining : 10000;
  CURLcode cc = CURLE_OK;
#define SETOPT(o, v)                                                                               \
  if (cc == CURLE_OK)                                                                              \
  cc = curl_easy_setopt(e, o, v)
  SETOPT(CURLOPT_URL, call->url);
  SETOPT(CURLOPT_PROTOCOLS_STR, "http,https"); /* never file:// or others from a base URL */
  SETOPT(CURLOPT_POSTFIELDS, call->body);
  SETOPT(CURLOPT_HTTPHEADER, call->headers);
  SETOPT(CURLOPT_WRITEFUNCTION, on_write);
  SETOPT(CURLOPT_WRITEDATA, call);
  SETOPT(CURLOPT_HEADERFUNCTION, on_header);
  SETOPT(CURLOPT_HEADERDATA, call);
  SETOPT(CURLOPT_PRIVATE, call);
  SETOPT(CURLOPT_NOSIGNAL, 1L);                /* threads: no SIGALRM for DNS timeouts */
  SETOPT(CURLOPT_TIMEOUT_MS, (long)remaining); /* the caller's deadline bounds the attempt */
  SETOPT(CURLOPT_CONNECTTIMEOUT_MS, connect_ms);
  SETOPT(CURLOPT_LOW_SPEED_LIMIT, 1L);   /* fewer than 1 byte/s ... */
  SETOPT(CURLOPT_LOW_SPEED_TIME, stall); /* ... for this long is a stall */
  SETOPT(CURLOPT_TCP_KEEPALIVE, 1L);
  SETOPT(CURLOPT_FOLLOWLOCATION, 0L); /* an API never redirects; do not leak the key */
#undef SETOPT
  if (cc != CURLE_OK) {
    finish(call, DBF_LLM_E_REQUEST, curl_easy_strerror(cc));
    return;
  }
  if (curl_multi_add_handle(llm->multi, e) != CURLM_OK) {
    finish(call, DBF_LLM_E_NOMEM, "curl_multi_add_handle failed");
    return;
  }
  call->in_multi = true;
}

/* Builds a message from a non-2xx body: the provider's error.message when it is JSON. */
static void http_error_msg(dbf_llm_call *call, char *out, size_t n) {
  const char *detail = NULL;
  json_t *j = NULL;
  if (call->errbody.len) {
    j = json_loadb(call->errbody.data, call->errbody.len, 0, NULL);
    json_t *err = json_object_get(j, "error");
    if (json_is_object(err))
      detail = json_string_value(json_object_get(err, "message"));
    else if (json_is_string(err))
      detail = json_string_value(err);
  }
  snprintf(out, n, "HTTP %ld%s%.200s", call->status, detail ? ": " : "", detail ? detail : "");
  json_decref(j);
}

static void transfer_done(dbf_llm_call *call, CURLcode cc) {
  dbf_llm *llm = call->llm;
  const dbf_llm_config *cfg = &llm->cfg;
  char msg[256];
  dbf_llm_error e = DBF_LLM_E_OK;
  bool retryable = false;
  if (call->status == 0)
    curl_easy_getinfo(call->easy, CURLINFO_RESPONSE_CODE, &call->status);
  detach_easy(call);
  msg[0] = '\0';
  if (call->fail_kind != DBF_LLM_E_OK) {
    e = call->fail_kind;
    retryable = call->fail_retryable;
    snprintf(msg, sizeof(msg), "%s", call->fail_msg);
  } else if (cc == CURLE_OPERATION_TIMEDOUT && dbf_now_ms() >= call->deadline_ms - 50) {
    e = DBF_LLM_E_TIMEOUT;
    snprintf(msg, sizeof(msg), "the deadline passed while the provider was answering");
  } else if (cc != CURLE_OK) {
    switch (cc) {
      case CURLE_UNSUPPORTED_PROTOCOL:
      case CURLE_URL_MALFORMAT:
        e = DBF_LLM_E_REQUEST;
        break;
      default:
        /* Connection refused or reset, TLS failures, stalls: transient. */
        e = DBF_LLM_E_UNAVAILABLE;
        retryable = true;
    }
    snprintf(msg, sizeof(msg), "transfer failed: %s", curl_easy_strerror(cc));
  } else if (!status_ok(call->status)) {
    http_error_msg(call, msg, sizeof(msg));
    if (call->status == 429) {
      e = DBF_LLM_E_RATE_LIMITED;
      retryable = true;
    } else if (call->status >= 500 || call->status == 408) {
      e = DBF_LLM_E_UNAVAILABLE;
      retryable = true;
    } else if (call->status == 401 || call->status == 403) {
      e = DBF_LLM_E_AUTH;
    } else {
      e = DBF_LLM_E_REQUEST;
    }
  } else if (!call->stream_done) {
    e = DBF_LLM_E_BAD_RESPONSE;
    retryable = true; /* like a dropped connection, when nothing was relayed yet */
    snprintf(msg, sizeof(msg), "the stream ended before the provider finished%s",
             dbf_sse_pending(&call->sse) ? " (mid-event)" : "");
  }
  if (e == DBF_LLM_E_OK) {
    finish(call, e, NULL);
    return;
  }
  if (call->got_token) {
    /* Text already reached the caller: no retry can take it back. */
    if (e != DBF_LLM_E_TIMEOUT && e != DBF_LLM_E_TOO_BIG && e != DBF_LLM_E_NOMEM)
      e = DBF_LLM_E_INTERRUPTED;
    finish(call, e, msg);
    return;
  }
  if (retryable && call->res.attempts <= cfg->max_retries) {
    int64_t delay;
    if (call->retry_after_ms >= 0) {
      delay = call->retry_after_ms;
    } else {
      int shift = call->res.attempts - 1 < 20 ? call->res.attempts - 1 : 20;
      delay = cfg->backoff_base_ms << shift;
      if (delay > cfg->backoff_max_ms)
        delay = cfg->backoff_max_ms;
      /* Equal jitter: half fixed, half random, so synchronized clients spread out. */
      int64_t half = delay / 2;
      delay = half + (half > 0 ? (int64_t)(rng_next(llm) % (uint64_t)(half + 1)) : 0);
    }
    if (dbf_now_ms() + delay < call->deadline_ms) {
      call->waiting_retry = true;
      call->retry_at_mono = dbf_mono_ms() + delay;
      dbf_log(DBF_LOG_INFO, "llm.retry", "%s: %s; retry %d in %lld ms",
              dbf_llm_provider_name(cfg->provider), msg, call->res.attempts, (long long)delay);
      return;
    }
    size_t l = strlen(msg);
    snprintf(msg + l, sizeof(msg) - l, " (no time left to retry before the deadline)");
  }
  finish(call, e, msg);
}

static void *loop_main(void *arg) {
  dbf_llm *llm = arg;
  for (;;) {
    pthread_mutex_lock(&llm->mu);
    dbf_llm_call *in = llm->incoming;
    llm->incoming = NULL;
    bool stop = llm->stop;
    pthread_mutex_unlock(&llm->mu);
    /* The queue is LIFO; starting in order keeps fairness simple. */
    dbf_llm_call *rev = NULL;
    while (in) {
      dbf_llm_call *nx = in->next;
      in->next = rev;
      rev = in;
      in = nx;
    }
    while (rev) {
      dbf_llm_call *nx = rev->next;
      rev->next = llm->active;
      llm->active = rev;
      begin_attempt(rev);
      rev = nx;
    }
    int64_t now = dbf_mono_ms();
    int64_t wait = POLL_MAX_MS;
    for (dbf_llm_call *c = llm->active, *nx; c; c = nx) {
      nx = c->next;
      pthread_mutex_lock(&llm->mu);
      bool cancel = c->cancel;
      pthread_mutex_unlock(&llm->mu);
      cancel = cancel || (c->cancelled && c->cancelled(c->cancel_arg));
      if (cancel || stop) {
        finish(c, DBF_LLM_E_CANCELLED, "cancelled");
        continue;
      }
      if (c->cancelled && wait > CANCEL_POLL_MS)
        wait = CANCEL_POLL_MS;
      if (c->waiting_retry) {
        if (now >= c->retry_at_mono)
          begin_attempt(c);
        else if (c->retry_at_mono - now < wait)
          wait = c->retry_at_mono - now;
        continue;
      }
      int64_t ftt = llm->cfg.first_token_timeout_ms;
      if (ftt > 0 && !c->got_token) {
        int64_t due = c->start_mono + ftt;
        if (now >= due) {
          finish(c, DBF_LLM_E_TIMEOUT, "no token within the first-token timeout");
          continue;
        }
        if (due - now < wait)
          wait = due - now;
      }
    }
    if (stop)
      break;
    int running = 0;
    curl_multi_perform(llm->multi, &running);
    CURLMsg *m;
    int left;
    while ((m = curl_multi_info_read(llm->multi, &left))) {
      if (m->msg != CURLMSG_DONE)
        continue;
      dbf_llm_call *c = NULL;
      curl_easy_getinfo(m->easy_handle, CURLINFO_PRIVATE, (char **)&c);
      CURLcode cc = m->data.result;
      if (c)
        transfer_done(c, cc);
      wait = 0; /* a retry may be due now, or new handles need a perform */
    }
    if (wait > 0)
      curl_multi_poll(llm->multi, NULL, 0, (int)wait, NULL);
  }
  return NULL;
}

/* ---- public API ---- */

static const dbf__llm_ops *ops_for(dbf_llm_provider p) {
  switch (p) {
    case DBF_LLM_OPENAI:
      return &dbf__llm_openai_ops;
    case DBF_LLM_ANTHROPIC:
      return &dbf__llm_anthropic_ops;
    case DBF_LLM_GEMINI:
      return &dbf__llm_gemini_ops;
    default:
      return NULL;
  }
}

dbf_err dbf_llm_create(const dbf_llm_config *cfg, dbf_llm **out, dbf_status *st) {
  dbf_err rc = DBF_OK;
  *out = NULL;
  dbf_llm *llm = dbf_calloc(1, sizeof(*llm));
  if (!llm)
    return dbf_fail(st, DBF_ERR_NOMEM, "out of memory");
  llm->cfg = *cfg;
  llm->cfg.base_url = dbf_strdup(cfg->base_url);
  llm->cfg.model = dbf_strdup(cfg->model);
  llm->cfg.api_key = dbf_strdup(cfg->api_key);
  pthread_mutex_init(&llm->mu, NULL);
  pthread_cond_init(&llm->cv, NULL);
  llm->rng = (uint64_t)dbf_mono_ms() * 0x9E3779B97F4A7C15ull | 1;
  if ((cfg->base_url && !llm->cfg.base_url) || (cfg->model && !llm->cfg.model) ||
      (cfg->api_key && !llm->cfg.api_key)) {
    rc = dbf_fail(st, DBF_ERR_NOMEM, "out of memory");
    goto out;
  }
  dbf__llm_metrics_init();
  llm->ops = ops_for(cfg->provider);
  if (!llm->ops)
    goto out; /* offline: no loop */
  if (!cfg->base_url || !cfg->model) {
    rc = dbf_fail(st, DBF_ERR_INVALID, "LLM provider %s needs a base URL and a model",
                  dbf_llm_provider_name(cfg->provider));
    goto out;
  }
  llm->multi = curl_multi_init();
  if (!llm->multi) {
    rc = dbf_fail(st, DBF_ERR_NOMEM, "curl_multi_init failed");
    goto out;
  }
  if (pthread_create(&llm->thread, NULL, loop_main, llm) != 0) {
    rc = dbf_fail(st, DBF_ERR_INTERNAL, "cannot start the LLM loop thread");
    goto out;
  }
  llm->thread_started = true;
out:
  if (rc) {
    dbf_llm_destroy(llm);
    return rc;
  }
  *out = llm;
  return DBF_OK;
}

void dbf_llm_destroy(dbf_llm *llm) {
  if (!llm)
    return;
  if (llm->thread_started) {
    pthread_mutex_lock(&llm->mu);
    llm->stop = true;
    pthread_mutex_unlock(&llm->mu);
    curl_multi_wakeup(llm->multi);
    pthread_join(llm->thread, NULL);
  }
  /* Calls queued after the loop's last look end here, cancelled. */
  for (dbf_llm_call *c = llm->incoming, *nx; c; c = nx) {
    nx = c->next;
    c->next = NULL;
    finish(c, DBF_LLM_E_CANCELLED, "the LLM client shut down");
  }
  if (llm->multi)
    curl_multi_cleanup(llm->multi);
  pthread_mutex_destroy(&llm->mu);
  pthread_cond_destroy(&llm->cv);
  dbf_free(llm->cfg.base_url);
  dbf_free(llm->cfg.model);
  dbf_free(llm->cfg.api_key);
  dbf_free(llm);
}

bool dbf_llm_enabled(const dbf_llm *llm) {
  return llm && llm->ops;
}

const dbf_llm_config *dbf_llm_get_config(const dbf_llm *llm) {
  return &llm->cfg;
}

dbf_err dbf_llm_start(dbf_llm *llm, const dbf_llm_request *req, dbf_llm_delta_fn on_delta,
                      dbf_llm_done_fn on_done, void *arg, dbf_llm_call **out, dbf_status *st) {
  dbf_err rc = DBF_OK;
  if (out)
    *out = NULL;
  if (!dbf_llm_enabled(llm))
    return dbf_fail(st, DBF_ERR_UNAVAILABLE, "no LLM provider is configured");
  const dbf_llm_config *cfg = &llm->cfg;
  dbf_llm_call *call = dbf_calloc(1, sizeof(*call));
  if (!call)
    return dbf_fail(st, DBF_ERR_NOMEM, "out of memory");
  call->llm = llm;
  call->on_delta = on_delta;
  call->on_done = on_done;
  call->arg = arg;
  call->start_mono = dbf_mono_ms();
  call->deadline_ms = req->deadline_ms > 0 ? req->deadline_ms : dbf_now_ms() + cfg->timeout_ms;
  call->cancelled = req->cancelled;
  call->cancel_arg = req->cancel_arg;
  call->refs = out ? 2 : 1;
  call->res.tokens_in = -1;
  call->res.tokens_out = -1;
  call->res.first_token_ms = -1;
  dbf_buf_init(&call->text, cfg->max_text_bytes);
  dbf_buf_init(&call->errbody, ERRBODY_MAX);
  dbf_sse_init(&call->sse, cfg->max_event_bytes, on_sse_event, call);
  rc = llm->ops->build(cfg, req, &call->url, &call->headers, &call->body, st);
  if (rc)
    goto out;
  pthread_mutex_lock(&llm->mu);
  if (llm->stop) {
    pthread_mutex_unlock(&llm->mu);
    rc = dbf_fail(st, DBF_ERR_UNAVAILABLE, "the LLM client is shutting down");
    goto out;
  }
  call->next = llm->incoming;
  llm->incoming = call;
  pthread_mutex_unlock(&llm->mu);
  curl_multi_wakeup(llm->multi);
  if (out)
    *out = call;
  return DBF_OK;
out:
  call->refs = 1;
  call_unref_locked(call); /* not shared yet: no lock needed */
  return rc;
}

void dbf_llm_cancel(dbf_llm_call *call) {
  if (!call)
    return;
  dbf_llm *llm = call->llm;
  pthread_mutex_lock(&llm->mu);
  bool wake = !call->finished && !call->cancel;
  call->cancel = true;
  pthread_mutex_unlock(&llm->mu);
  if (wake)
    curl_multi_wakeup(llm->multi);
}

void dbf_llm_wait(dbf_llm_call *call, dbf_llm_result *out) {
  dbf_llm *llm = call->llm;
  pthread_mutex_lock(&llm->mu);
  while (!call->finished)
    pthread_cond_wait(&llm->cv, &llm->mu);
  DBF_ASSERT(!call->waited);
  call->waited = true;
  *out = call->res;
  memset(&call->res, 0, sizeof(call->res));
  if (!out->text) {
    out->text = dbf_strdup(""); /* on_done took it */
    out->text_len = 0;
  }
  pthread_mutex_unlock(&llm->mu);
}

void dbf_llm_call_release(dbf_llm_call *call) {
  if (!call)
    return;
  dbf_llm *llm = call->llm;
  pthread_mutex_lock(&llm->mu);
  call_unref_locked(call);
  pthread_mutex_unlock(&llm->mu);
}

dbf_err dbf_llm_run(dbf_llm *llm, const dbf_llm_request *req, dbf_llm_delta_fn on_delta, void *arg,
                    dbf_llm_result *out, dbf_status *st) {
  memset(out, 0, sizeof(*out));
  if (!dbf_llm_enabled(llm)) {
    out->error = DBF_LLM_E_NO_PROVIDER;
    out->text = dbf_strdup("");
    snprintf(out->error_msg, sizeof(out->error_msg), "no LLM provider is configured");
    return out->text ? DBF_OK : dbf_fail(st, DBF_ERR_NOMEM, "out of memory");
  }
  dbf_llm_call *call = NULL;
  dbf_err rc = dbf_llm_start(llm, req, on_delta, NULL, arg, &call, st);
  if (rc)
    return rc;
  dbf_llm_wait(call, out);
  dbf_llm_call_release(call);
  if (!out->text)
    return dbf_fail(st, DBF_ERR_NOMEM, "out of memory");
  return DBF_OK;
}
