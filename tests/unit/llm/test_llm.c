/*
 * test_llm.c - tests for server/llm/llm.c and the three providers, run
 * against tests/fake_llm/fake_llm.py started as a subprocess on a free
 * loopback port. Every provider goes through the same matrix: a clean
 * stream, what was sent, and each fault the fake can inject.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <pthread.h>
#include <unistd.h>

#include <cmocka.h>

#include "core/clock.h"
#include "core/alloc.h"
#include "core/buf.h"
#include "core/log.h"
#include "fake_llm.h"
#include "llm/llm.h"

#define FAKE_TEXT "Thanks. What was the outcome of the meeting, and who attended from their side?"

static dbf_fake_llm fake;

typedef struct prov {
  dbf_llm_provider p;
  const char *path; /* appended to the fake's base URL */
  dbf_llm *llm;     /* created per test by setup */
  dbf_llm_config cfg;
} prov;

static prov provs[] = {
    {DBF_LLM_OPENAI, "/v1", NULL, {0}},
    {DBF_LLM_ANTHROPIC, "", NULL, {0}},
    {DBF_LLM_GEMINI, "/v1beta", NULL, {0}},
};

static char base_urls[3][128];

static void make_cfg(prov *pv, const char *model, dbf_llm_config *c) {
  memset(c, 0, sizeof(*c));
  c->provider = pv->p;
  size_t i = (size_t)(pv - provs);
  snprintf(base_urls[i], sizeof(base_urls[i]), "%s%s", fake.base, pv->path);
  c->base_url = base_urls[i];
  c->model = (char *)model;
  c->api_key = "test-key-123";
  c->timeout_ms = 8000;
  c->first_token_timeout_ms = 6000;
  c->stall_s = 10;
  c->max_tokens = 256;
  c->temperature = 0.2;
  c->max_retries = 2;
  c->max_event_bytes = 1 << 20;
  c->max_response_bytes = 16 << 20;
  c->max_text_bytes = 64 << 10;
  c->backoff_base_ms = 20;
  c->backoff_max_ms = 200;
}

static int setup_model(void **state, const char *model) {
  prov *pv = *state;
  dbf_status st = {0};
  make_cfg(pv, model, &pv->cfg);
  if (dbf_llm_create(&pv->cfg, &pv->llm, &st) != DBF_OK)
    return -1;
  return dbf_fake_llm_reset(&fake);
}

static int setup(void **state) {
  return setup_model(state, "fake-model");
}

static int teardown(void **state) {
  prov *pv = *state;
  dbf_llm_destroy(pv->llm);
  pv->llm = NULL;
  return 0;
}

/* Deltas as they arrive, with a count, so order and splitting can be checked. */
typedef struct deltas {
  dbf_buf text;
  int n;
  dbf_llm_call *cancel_on_first; /* cancel the call on the first delta */
} deltas;

static void on_delta(void *arg, const char *text, size_t len) {
  deltas *d = arg;
  assert_int_equal(strlen(text), len);
  dbf_buf_append(&d->text, text, len);
  d->n++;
}

static void run(prov *pv, int64_t timeout_ms, deltas *d, dbf_llm_result *r) {
  static const dbf_llm_message msgs[] = {
      {DBF_LLM_ASSISTANT, "How did the meeting go?"},
      {DBF_LLM_USER, "Great, we met Acme's CFO."},
  };
  dbf_llm_request req = {
      .system = "You are a concise interviewer.",
      .messages = msgs,
      .n_messages = 2,
      .temperature = -1,
      .deadline_ms = dbf_now_ms() + timeout_ms,
  };
  dbf_buf_init(&d->text, 1 << 20);
  d->n = 0;
  dbf_status st = {0};
  assert_int_equal(dbf_llm_run(pv->llm, &req, on_delta, d, r, &st), DBF_OK);
  /* Whatever the outcome, the deltas are exactly the result's text. */
  assert_string_equal(r->text, d->text.data ? d->text.data : "");
  assert_int_equal(r->text_len, d->text.len);
}

static void check_ok(const dbf_llm_result *r, int attempts) {
  if (r->error != DBF_LLM_E_OK)
    fail_msg("%s: %s", dbf_llm_error_name(r->error), r->error_msg);
  assert_true(r->complete);
  assert_string_equal(r->text, FAKE_TEXT);
  assert_int_equal(r->attempts, attempts);
  assert_int_equal(r->http_status, 200);
  assert_int_equal(r->tokens_in, 42);
  assert_true(r->tokens_out > 0);
  assert_true(r->first_token_ms >= 0);
  assert_true(r->latency_ms >= r->first_token_ms);
}

static void test_stream_ok(void **state) {
  prov *pv = *state;
  deltas d;
  dbf_llm_result r;
  run(pv, 5000, &d, &r);
  check_ok(&r, 1);
  assert_true(d.n >= 10); /* one word per delta, in order */
  assert_string_equal(r.model, "fake-model");
  assert_int_equal(r.provider, pv->p);
  assert_true(r.finish_reason[0] != '\0');
  dbf_llm_result_clear(&r);
  dbf_buf_free(&d.text);

  /* What went over the wire: auth, streaming, system prompt and turns. */
  json_t *log = dbf_fake_llm_requests(&fake);
  assert_int_equal(json_array_size(log), 1);
  json_t *req = json_array_get(log, 0);
  json_t *h = json_object_get(req, "headers");
  json_t *b = json_object_get(req, "body");
  const char *sys = NULL;
  if (pv->p == DBF_LLM_OPENAI) {
    assert_string_equal(json_string_value(json_object_get(h, "authorization")),
                        "Bearer test-key-123");
    assert_true(json_is_true(json_object_get(b, "stream")));
    json_t *m = json_object_get(b, "messages");
    assert_int_equal(json_array_size(m), 3);
    sys = json_string_value(json_object_get(json_array_get(m, 0), "content"));
    assert_int_equal(json_integer_value(json_object_get(b, "max_tokens")), 256);
  } else if (pv->p == DBF_LLM_ANTHROPIC) {
    assert_string_equal(json_string_value(json_object_get(h, "x-api-key")), "test-key-123");
    assert_string_equal(json_string_value(json_object_get(h, "anthropic-version")), "2023-06-01");
    assert_null(json_object_get(h, "authorization"));
    sys = json_string_value(json_object_get(b, "system"));
    /* Turns alternate and start with the user. */
    json_t *m = json_object_get(b, "messages");
    assert_int_equal(json_array_size(m), 3);
    assert_string_equal(json_string_value(json_object_get(json_array_get(m, 0), "role")), "user");
  } else {
    assert_string_equal(json_string_value(json_object_get(h, "x-goog-api-key")), "test-key-123");
    assert_string_equal(json_string_value(json_object_get(req, "path")),
                        "/v1beta/models/fake-model:streamGenerateContent?alt=sse");
    sys = json_string_value(json_object_get(
        json_array_get(json_object_get(json_object_get(b, "systemInstruction"), "parts"), 0),
        "text"));
    json_t *c = json_object_get(b, "contents");
    assert_string_equal(json_string_value(json_object_get(json_array_get(c, 1), "role")), "model");
  }
  assert_non_null(sys);
  assert_string_equal(sys, "You are a concise interviewer.");
  json_decref(log);
}

static void test_schema_is_sent(void **state) {
  prov *pv = *state;
  json_t *schema =
      json_pack("{s:s, s:{s:{s:[s,s]}}, s:[s], s:b}", "type", "object", "properties", "x", "type",
                "string", "null", "required", "x", "additionalProperties", 0);
  dbf_llm_message m = {DBF_LLM_USER, "hi"};
  dbf_llm_request req = {.messages = &m,
                         .n_messages = 1,
                         .schema = schema,
                         .schema_name = "extraction",
                         .temperature = -1};
  dbf_llm_result r;
  dbf_status st = {0};
  assert_int_equal(dbf_llm_run(pv->llm, &req, NULL, NULL, &r, &st), DBF_OK);
  assert_int_equal(r.error, DBF_LLM_E_OK);
  dbf_llm_result_clear(&r);
  json_t *log = dbf_fake_llm_requests(&fake);
  json_t *b = json_object_get(json_array_get(log, 0), "body");
  if (pv->p == DBF_LLM_OPENAI) {
    json_t *rf = json_object_get(b, "response_format");
    assert_string_equal(json_string_value(json_object_get(rf, "type")), "json_schema");
    json_t *js = json_object_get(rf, "json_schema");
    assert_string_equal(json_string_value(json_object_get(js, "name")), "extraction");
    assert_true(json_equal(json_object_get(js, "schema"), schema));
    assert_true(json_is_true(json_object_get(js, "strict")));
  } else if (pv->p == DBF_LLM_ANTHROPIC) {
    const char *sys = json_string_value(json_object_get(b, "system"));
    assert_non_null(sys);
    assert_non_null(strstr(sys, "JSON schema"));
    assert_non_null(strstr(sys, "\"additionalProperties\":false"));
  } else {
    json_t *gc = json_object_get(b, "generationConfig");
    assert_string_equal(json_string_value(json_object_get(gc, "responseMimeType")),
                        "application/json");
    json_t *rs = json_object_get(gc, "responseSchema");
    assert_null(json_object_get(rs, "additionalProperties"));
    json_t *x = json_object_get(json_object_get(rs, "properties"), "x");
    assert_string_equal(json_string_value(json_object_get(x, "type")), "string");
    assert_true(json_is_true(json_object_get(x, "nullable")));
  }
  json_decref(log);
  json_decref(schema);
}

static double req_time(json_t *log, size_t i) {
  return json_real_value(json_object_get(json_array_get(log, i), "t"));
}

static void test_429_retry_after_then_ok(void **state) {
  prov *pv = *state;
  assert_int_equal(dbf_fake_llm_script(&fake, "[{\"fault\": \"429\", \"retry_after\": 1}]"), 0);
  deltas d;
  dbf_llm_result r;
  run(pv, 6000, &d, &r);
  check_ok(&r, 2);
  json_t *log = dbf_fake_llm_requests(&fake);
  assert_int_equal(json_array_size(log), 2);
  /* Retry-After: 1 was honoured, not the 20 ms backoff. */
  assert_true(req_time(log, 1) - req_time(log, 0) >= 0.9);
  json_decref(log);
  dbf_llm_result_clear(&r);
  dbf_buf_free(&d.text);
}

static void test_429_retry_after_past_deadline(void **state) {
  prov *pv = *state;
  assert_int_equal(dbf_fake_llm_script(&fake, "[{\"fault\": \"429\", \"retry_after\": 30}]"), 0);
  deltas d;
  dbf_llm_result r;
  run(pv, 2000, &d, &r);
  assert_int_equal(r.error, DBF_LLM_E_RATE_LIMITED);
  assert_int_equal(r.attempts, 1);
  assert_int_equal(r.http_status, 429);
  assert_true(r.latency_ms < 1500); /* gave up at once instead of sleeping past the deadline */
  dbf_llm_result_clear(&r);
  dbf_buf_free(&d.text);
}

static void test_5xx_and_resets_are_retried(void **state) {
  prov *pv = *state;
  assert_int_equal(
      dbf_fake_llm_script(&fake, "[{\"fault\": \"500\"}, {\"fault\": \"reset_before\"}]"), 0);
  deltas d;
  dbf_llm_result r;
  run(pv, 5000, &d, &r);
  check_ok(&r, 3);
  dbf_llm_result_clear(&r);
  dbf_buf_free(&d.text);
  /* An error event inside a 200 stream, before any text, is retried too. */
  assert_int_equal(dbf_fake_llm_script(&fake, "[{\"fault\": \"stream_error\"}]"), 0);
  run(pv, 5000, &d, &r);
  check_ok(&r, 2);
  dbf_llm_result_clear(&r);
  dbf_buf_free(&d.text);
}

static void test_persistent_500_exhausts_retries(void **state) {
  prov *pv = *state;
  teardown(state);
  assert_int_equal(setup_model(state, "m-fault-503"), 0);
  deltas d;
  dbf_llm_result r;
  run(pv, 5000, &d, &r);
  assert_int_equal(r.error, DBF_LLM_E_UNAVAILABLE);
  assert_int_equal(r.attempts, 3);
  assert_int_equal(r.http_status, 503);
  assert_non_null(strstr(r.error_msg, "fake 503"));
  assert_false(r.complete);
  dbf_llm_result_clear(&r);
  dbf_buf_free(&d.text);
}

static void test_401_is_not_retried(void **state) {
  prov *pv = *state;
  assert_int_equal(dbf_fake_llm_script(&fake, "[{\"fault\": \"401\"}]"), 0);
  deltas d;
  dbf_llm_result r;
  run(pv, 5000, &d, &r);
  assert_int_equal(r.error, DBF_LLM_E_AUTH);
  assert_int_equal(r.attempts, 1);
  dbf_llm_result_clear(&r);
  dbf_buf_free(&d.text);
}

/* After the first token, a broken stream ends the call with the partial text. */
static void check_partial(const dbf_llm_result *r, const deltas *d) {
  assert_false(r->complete);
  assert_int_equal(r->attempts, 1);
  assert_true(d->n > 0);
  assert_true(r->text_len > 0 && r->text_len < strlen(FAKE_TEXT));
  assert_memory_equal(r->text, FAKE_TEXT, r->text_len);
}

static void test_reset_mid_stream_is_partial(void **state) {
  prov *pv = *state;
  assert_int_equal(dbf_fake_llm_script(&fake, "[{\"fault\": \"reset\"}]"), 0);
  deltas d;
  dbf_llm_result r;
  run(pv, 5000, &d, &r);
  assert_int_equal(r.error, DBF_LLM_E_INTERRUPTED);
  check_partial(&r, &d);
  dbf_llm_result_clear(&r);
  dbf_buf_free(&d.text);
}

static void test_truncated_stream_is_partial(void **state) {
  prov *pv = *state;
  assert_int_equal(dbf_fake_llm_script(&fake, "[{\"fault\": \"truncate\"}]"), 0);
  deltas d;
  dbf_llm_result r;
  run(pv, 5000, &d, &r);
  assert_int_equal(r.error, DBF_LLM_E_INTERRUPTED);
  assert_non_null(strstr(r.error_msg, "ended before"));
  check_partial(&r, &d);
  dbf_llm_result_clear(&r);
  dbf_buf_free(&d.text);
}

static void test_one_byte_per_write(void **state) {
  prov *pv = *state;
  assert_int_equal(dbf_fake_llm_script(&fake, "[{\"fault\": \"byte\"}]"), 0);
  deltas d;
  dbf_llm_result r;
  run(pv, 8000, &d, &r);
  check_ok(&r, 1);
  dbf_llm_result_clear(&r);
  dbf_buf_free(&d.text);
}

static void test_huge_event_is_capped(void **state) {
  prov *pv = *state;
  assert_int_equal(dbf_fake_llm_script(&fake, "[{\"fault\": \"huge\"}]"), 0);
  deltas d;
  dbf_llm_result r;
  run(pv, 8000, &d, &r);
  assert_int_equal(r.error, DBF_LLM_E_TOO_BIG);
  assert_int_equal(r.attempts, 1);
  assert_int_equal(d.n, 0);
  dbf_llm_result_clear(&r);
  dbf_buf_free(&d.text);
}

static void test_invalid_json(void **state) {
  prov *pv = *state;
  assert_int_equal(dbf_fake_llm_script(&fake, "[{\"fault\": \"badjson\"}]"), 0);
  deltas d;
  dbf_llm_result r;
  run(pv, 5000, &d, &r);
  assert_int_equal(r.error, DBF_LLM_E_BAD_RESPONSE);
  assert_non_null(strstr(r.error_msg, "invalid JSON"));
  assert_int_equal(r.attempts, 1);
  dbf_llm_result_clear(&r);
  dbf_buf_free(&d.text);
}

static void test_stall_past_deadline(void **state) {
  prov *pv = *state;
  assert_int_equal(dbf_fake_llm_script(&fake, "[{\"fault\": \"stall\", \"stall_s\": 4}]"), 0);
  deltas d;
  dbf_llm_result r;
  int64_t t0 = dbf_now_ms();
  run(pv, 1200, &d, &r);
  int64_t took = dbf_now_ms() - t0;
  assert_int_equal(r.error, DBF_LLM_E_TIMEOUT);
  check_partial(&r, &d);
  assert_true(took >= 1100 && took < 2500); /* the deadline, not the stall, ended it */
  dbf_llm_result_clear(&r);
  dbf_buf_free(&d.text);
}

static void test_first_token_timeout(void **state) {
  prov *pv = *state;
  teardown(state);
  pv->cfg.first_token_timeout_ms = 700;
  dbf_status st = {0};
  assert_int_equal(dbf_llm_create(&pv->cfg, &pv->llm, &st), DBF_OK);
  assert_int_equal(dbf_fake_llm_script(&fake, "[{\"fault\": \"stall_before\", \"stall_s\": 4}]"),
                   0);
  deltas d;
  dbf_llm_result r;
  int64_t t0 = dbf_now_ms();
  run(pv, 5000, &d, &r);
  int64_t took = dbf_now_ms() - t0;
  assert_int_equal(r.error, DBF_LLM_E_TIMEOUT);
  assert_int_equal(d.n, 0);
  assert_true(took >= 650 && took < 2000);
  dbf_llm_result_clear(&r);
  dbf_buf_free(&d.text);
}

/* Cancel from another thread once the first delta arrived. */
typedef struct cancel_ctx {
  pthread_mutex_t mu;
  pthread_cond_t cv;
  int deltas;
  int done;
  dbf_llm_result res;
} cancel_ctx;

static void cancel_on_delta(void *arg, const char *text, size_t len) {
  cancel_ctx *c = arg;
  pthread_mutex_lock(&c->mu);
  c->deltas++;
  pthread_cond_broadcast(&c->cv);
  pthread_mutex_unlock(&c->mu);
}

static void cancel_on_done(void *arg, dbf_llm_result *res) {
  cancel_ctx *c = arg;
  pthread_mutex_lock(&c->mu);
  c->res = *res;
  res->text = NULL; /* taken */
  c->done++;
  pthread_cond_broadcast(&c->cv);
  pthread_mutex_unlock(&c->mu);
}

static void test_cancel_aborts(void **state) {
  prov *pv = *state;
  assert_int_equal(dbf_fake_llm_script(&fake, "[{\"delay_ms\": 300}]"), 0);
  cancel_ctx c = {.mu = PTHREAD_MUTEX_INITIALIZER, .cv = PTHREAD_COND_INITIALIZER};
  dbf_llm_message m = {DBF_LLM_USER, "hi"};
  dbf_llm_request req = {.messages = &m, .n_messages = 1, .temperature = -1};
  dbf_llm_call *call = NULL;
  dbf_status st = {0};
  int64_t t0 = dbf_now_ms();
  assert_int_equal(dbf_llm_start(pv->llm, &req, cancel_on_delta, cancel_on_done, &c, &call, &st),
                   DBF_OK);
  pthread_mutex_lock(&c.mu);
  while (c.deltas == 0 && !c.done)
    pthread_cond_wait(&c.cv, &c.mu);
  pthread_mutex_unlock(&c.mu);
  dbf_llm_cancel(call);
  dbf_llm_cancel(call); /* idempotent */
  dbf_llm_result r;
  dbf_llm_wait(call, &r);
  dbf_llm_call_release(call);
  assert_int_equal(c.done, 1);
  assert_int_equal(c.res.error, DBF_LLM_E_CANCELLED);
  assert_false(c.res.complete);
  assert_true(dbf_now_ms() - t0 < 2000); /* the full stream would take ~5 s */
  assert_string_equal(r.text, "");       /* on_done took the text */
  dbf_free(c.res.text);
  dbf_llm_result_clear(&r);
}

/* Many calls share the loop. */
typedef struct multi_ctx {
  pthread_mutex_t mu;
  int ok;
  int done;
} multi_ctx;

static void multi_done(void *arg, dbf_llm_result *res) {
  multi_ctx *c = arg;
  pthread_mutex_lock(&c->mu);
  c->done++;
  if (res->error == DBF_LLM_E_OK && strcmp(res->text, FAKE_TEXT) == 0)
    c->ok++;
  pthread_mutex_unlock(&c->mu);
}

static void test_concurrent_calls(void **state) {
  prov *pv = *state;
  enum { N = 16 };
  multi_ctx c = {.mu = PTHREAD_MUTEX_INITIALIZER};
  dbf_llm_message m = {DBF_LLM_USER, "hi"};
  dbf_llm_request req = {.messages = &m, .n_messages = 1, .temperature = -1};
  dbf_llm_call *calls[N];
  dbf_status st = {0};
  for (int i = 0; i < N; i++)
    assert_int_equal(dbf_llm_start(pv->llm, &req, NULL, multi_done, &c, &calls[i], &st), DBF_OK);
  for (int i = 0; i < N; i++) {
    dbf_llm_result r;
    dbf_llm_wait(calls[i], &r);
    dbf_llm_call_release(calls[i]);
    dbf_llm_result_clear(&r);
  }
  assert_int_equal(c.done, N);
  assert_int_equal(c.ok, N);
}

static void test_destroy_cancels_in_flight(void **state) {
  prov *pv = *state;
  assert_int_equal(dbf_fake_llm_script(&fake, "[{\"fault\": \"stall_before\", \"stall_s\": 3}]"),
                   0);
  multi_ctx c = {.mu = PTHREAD_MUTEX_INITIALIZER};
  dbf_llm_message m = {DBF_LLM_USER, "hi"};
  dbf_llm_request req = {.messages = &m, .n_messages = 1, .temperature = -1};
  dbf_status st = {0};
  /* No handle: the call is fire-and-forget; destroy must still end it. */
  assert_int_equal(dbf_llm_start(pv->llm, &req, NULL, multi_done, &c, NULL, &st), DBF_OK);
  usleep(100 * 1000);
  dbf_llm_destroy(pv->llm);
  pv->llm = NULL;
  assert_int_equal(c.done, 1);
  assert_int_equal(c.ok, 0);
}

/* ---- not per provider ---- */

static void test_connection_refused(void **state) {
  (void)state;
  dbf_llm_config c;
  make_cfg(&provs[0], "m", &c);
  c.base_url = "http://127.0.0.1:1/v1"; /* nothing listens on port 1 */
  dbf_llm *llm = NULL;
  dbf_status st = {0};
  assert_int_equal(dbf_llm_create(&c, &llm, &st), DBF_OK);
  deltas d;
  dbf_llm_result r;
  prov pv = {.p = DBF_LLM_OPENAI, .llm = llm};
  run(&pv, 3000, &d, &r);
  assert_int_equal(r.error, DBF_LLM_E_UNAVAILABLE);
  assert_int_equal(r.attempts, 3);
  assert_int_equal(r.http_status, 0);
  dbf_llm_result_clear(&r);
  dbf_buf_free(&d.text);
  dbf_llm_destroy(llm);
}

static void test_offline(void **state) {
  (void)state;
  dbf_llm_config c = {.provider = DBF_LLM_OFFLINE};
  dbf_llm *llm = NULL;
  dbf_status st = {0};
  assert_int_equal(dbf_llm_create(&c, &llm, &st), DBF_OK);
  assert_false(dbf_llm_enabled(llm));
  dbf_llm_message m = {DBF_LLM_USER, "hi"};
  dbf_llm_request req = {.messages = &m, .n_messages = 1};
  dbf_llm_result r;
  assert_int_equal(dbf_llm_run(llm, &req, NULL, NULL, &r, &st), DBF_OK);
  assert_int_equal(r.error, DBF_LLM_E_NO_PROVIDER);
  dbf_llm_result_clear(&r);
  assert_int_equal(dbf_llm_run(NULL, &req, NULL, NULL, &r, &st), DBF_OK);
  assert_int_equal(r.error, DBF_LLM_E_NO_PROVIDER);
  dbf_llm_result_clear(&r);
  assert_int_equal(dbf_llm_start(llm, &req, NULL, NULL, NULL, NULL, &st), DBF_ERR_UNAVAILABLE);
  dbf_llm_destroy(llm);
}

static const char *table_get(const char *name, void *arg) {
  for (const char *const *kv = arg; *kv; kv += 2)
    if (strcmp(kv[0], name) == 0)
      return kv[1];
  return NULL;
}

static void test_config(void **state) {
  (void)state;
  dbf_llm_config c;
  dbf_status st = {0};
  const char *none[] = {NULL};
  assert_int_equal(dbf_llm_config_load(&c, table_get, (void *)none, &st), DBF_OK);
  assert_int_equal(c.provider, DBF_LLM_OFFLINE);
  dbf_llm_config_free(&c);

  const char *ollama[] = {"DEBRIEF_LLM",
                          "openai",
                          "DEBRIEF_LLM_BASE_URL",
                          "http://127.0.0.1:11434/v1/",
                          "DEBRIEF_LLM_MODEL",
                          "llama3.1:8b",
                          "DEBRIEF_LLM_TIMEOUT_MS",
                          "20000",
                          "DEBRIEF_LLM_TEMPERATURE",
                          "0.7",
                          "DEBRIEF_LLM_MAX_RETRIES",
                          "0",
                          NULL};
  assert_int_equal(dbf_llm_config_load(&c, table_get, (void *)ollama, &st), DBF_OK);
  assert_string_equal(c.base_url, "http://127.0.0.1:11434/v1");
  assert_string_equal(c.model, "llama3.1:8b");
  assert_null(c.api_key); /* a local server needs none */
  assert_int_equal(c.timeout_ms, 20000);
  assert_int_equal(c.max_retries, 0);
  assert_true(c.temperature > 0.69 && c.temperature < 0.71);
  dbf_llm_config_free(&c);

  const char *anth[] = {"DEBRIEF_LLM", "anthropic", "ANTHROPIC_API_KEY", "sk-ant", NULL};
  assert_int_equal(dbf_llm_config_load(&c, table_get, (void *)anth, &st), DBF_OK);
  assert_string_equal(c.api_key, "sk-ant");
  assert_string_equal(c.base_url, "https://api.anthropic.com");
  dbf_llm_config_free(&c);

  const char *nokey[] = {"DEBRIEF_LLM", "gemini", NULL};
  assert_int_equal(dbf_llm_config_load(&c, table_get, (void *)nokey, &st), DBF_ERR_INVALID);
  assert_non_null(strstr(st.msg, "GEMINI_API_KEY"));
  const char *bad[] = {"DEBRIEF_LLM", "openai", "OPENAI_API_KEY", "k", "DEBRIEF_LLM_MAX_TOKENS",
                       "12abc",       NULL};
  assert_int_equal(dbf_llm_config_load(&c, table_get, (void *)bad, &st), DBF_ERR_INVALID);
  assert_non_null(strstr(st.msg, "DEBRIEF_LLM_MAX_TOKENS"));
  const char *temp[] = {"DEBRIEF_LLM", "openai", "OPENAI_API_KEY", "k", "DEBRIEF_LLM_TEMPERATURE",
                        "nan",         NULL};
  assert_int_equal(dbf_llm_config_load(&c, table_get, (void *)temp, &st), DBF_ERR_INVALID);
  const char *which[] = {"DEBRIEF_LLM", "gpt", NULL};
  assert_int_equal(dbf_llm_config_load(&c, table_get, (void *)which, &st), DBF_ERR_INVALID);
  const char *scheme[] = {"DEBRIEF_LLM", "openai", "DEBRIEF_LLM_BASE_URL", "file:///etc", NULL};
  assert_int_equal(dbf_llm_config_load(&c, table_get, (void *)scheme, &st), DBF_ERR_INVALID);
}

static int group_setup(void **state) {
  (void)state;
  return dbf_fake_llm_start(&fake, DBF_PYTHON, DBF_SOURCE_DIR "/tests/fake_llm/fake_llm.py");
}

static int group_teardown(void **state) {
  (void)state;
  dbf_fake_llm_stop(&fake);
  return 0;
}

#define PER_PROVIDER(f)                                                                            \
  cmocka_unit_test_prestate_setup_teardown(f, setup, teardown, &provs[0]),                         \
      cmocka_unit_test_prestate_setup_teardown(f, setup, teardown, &provs[1]),                     \
      cmocka_unit_test_prestate_setup_teardown(f, setup, teardown, &provs[2])

int main(void) {
  dbf_alloc_install();
  dbf_log_init(DBF_LOG_ERROR, NULL);
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_config),
      cmocka_unit_test(test_offline),
      cmocka_unit_test(test_connection_refused),
      PER_PROVIDER(test_stream_ok),
      PER_PROVIDER(test_schema_is_sent),
      PER_PROVIDER(test_429_retry_after_then_ok),
      PER_PROVIDER(test_429_retry_after_past_deadline),
      PER_PROVIDER(test_5xx_and_resets_are_retried),
      PER_PROVIDER(test_persistent_500_exhausts_retries),
      PER_PROVIDER(test_401_is_not_retried),
      PER_PROVIDER(test_reset_mid_stream_is_partial),
      PER_PROVIDER(test_truncated_stream_is_partial),
      PER_PROVIDER(test_one_byte_per_write),
      PER_PROVIDER(test_huge_event_is_capped),
      PER_PROVIDER(test_invalid_json),
      PER_PROVIDER(test_stall_past_deadline),
      PER_PROVIDER(test_first_token_timeout),
      PER_PROVIDER(test_cancel_aborts),
      PER_PROVIDER(test_concurrent_calls),
      PER_PROVIDER(test_destroy_cancels_in_flight),
  };
  return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
