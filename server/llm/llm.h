/*
 * llm.h - the LLM provider layer: one interface over OpenAI-compatible Chat
 * Completions, the Anthropic Messages API and Gemini streamGenerateContent.
 *
 * A dbf_llm owns one libcurl multi event loop running in its own thread;
 * every conversation's transfer shares it. A call is started with callbacks
 * (dbf_llm_start), which run on the loop thread and must not block, or run
 * to completion from a worker thread with dbf_llm_run, which waits on a
 * condition variable. gRPC completion-queue threads never call dbf_llm_run
 * or dbf_llm_wait (docs/architecture.md, invariant 6).
 *
 * Resilience: 429 (honouring Retry-After seconds), 5xx and connection errors
 * are retried with exponential backoff and jitter, but only before the first
 * token reached the caller. After it, an error ends the generation with the
 * text that arrived, marked incomplete. The request's deadline bounds every
 * attempt and every backoff; dbf_llm_cancel aborts the transfer.
 *
 * With DEBRIEF_LLM=offline there is no provider: calls report
 * DBF_LLM_E_NO_PROVIDER and callers use the offline engine.
 */
#ifndef DBF_LLM_LLM_H
#define DBF_LLM_LLM_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <jansson.h>

#include "core/err.h"

typedef enum dbf_llm_provider {
  DBF_LLM_OFFLINE = 0, /* no model: the offline engine answers */
  DBF_LLM_OPENAI,      /* Chat Completions; also Ollama, vLLM, llama.cpp server */
  DBF_LLM_ANTHROPIC,   /* Messages API */
  DBF_LLM_GEMINI,      /* streamGenerateContent?alt=sse */
} dbf_llm_provider;

/* Why a call did not produce a complete answer. Callers fall back on any of these. */
typedef enum dbf_llm_error {
  DBF_LLM_E_OK = 0,
  DBF_LLM_E_NO_PROVIDER,  /* DEBRIEF_LLM=offline */
  DBF_LLM_E_UNAVAILABLE,  /* connection failures or 5xx, retries exhausted */
  DBF_LLM_E_RATE_LIMITED, /* 429, retries exhausted or Retry-After past the deadline */
  DBF_LLM_E_AUTH,         /* 401/403: the key is wrong */
  DBF_LLM_E_REQUEST,      /* another 4xx: the provider refused the request */
  DBF_LLM_E_TIMEOUT,      /* the deadline or the first-token timeout passed */
  DBF_LLM_E_CANCELLED,    /* dbf_llm_cancel */
  DBF_LLM_E_INTERRUPTED,  /* the stream broke after the first token: text is partial */
  DBF_LLM_E_BAD_RESPONSE, /* malformed stream or JSON, or a truncated stream */
  DBF_LLM_E_TOO_BIG,      /* an event or the response passed its cap */
  DBF_LLM_E_NOMEM,        /* an allocation failed */
  DBF_LLM_E_INVALID,      /* interviewer: the output failed validation */
  DBF_LLM_E__COUNT
} dbf_llm_error;

/* Static names: "openai"..., "ok", "unavailable"... Never NULL. */
const char *dbf_llm_provider_name(dbf_llm_provider p);
const char *dbf_llm_error_name(dbf_llm_error e);
/* The dbf_err a caller would report for e (e.g. TIMEOUT -> DBF_ERR_DEADLINE). */
dbf_err dbf_llm_error_to_err(dbf_llm_error e);

typedef struct dbf_llm_config {
  dbf_llm_provider provider;
  char *base_url;                 /* owned; without a trailing slash */
  char *model;                    /* owned */
  char *api_key;                  /* owned; may be NULL (local servers) */
  int64_t timeout_ms;             /* whole call when the request has no deadline */
  int64_t first_token_timeout_ms; /* give up when no token came this long after a start */
  int64_t stall_s;                /* abort a transfer idle this many seconds */
  int max_tokens;
  double temperature;
  int max_retries;           /* retries after the first attempt */
  size_t max_event_bytes;    /* one SSE event */
  size_t max_response_bytes; /* everything a call receives */
  size_t max_text_bytes;     /* the generated text */
  int64_t backoff_base_ms;   /* first backoff; doubled per retry, capped at backoff_max_ms */
  int64_t backoff_max_ms;
} dbf_llm_config;

/*
 * Reads the DEBRIEF_LLM* settings (docs/configuration.md) through get(name,
 * arg), which returns a borrowed value or NULL; get == NULL reads the
 * environment. Fills defaults per provider. Free with dbf_llm_config_free.
 * A bad value is DBF_ERR_INVALID with the variable named in st.
 */
dbf_err dbf_llm_config_load(dbf_llm_config *cfg, const char *(*get)(const char *name, void *arg),
                            void *arg, dbf_status *st);
void dbf_llm_config_free(dbf_llm_config *cfg);

typedef enum dbf_llm_role {
  DBF_LLM_USER = 0,
  DBF_LLM_ASSISTANT,
} dbf_llm_role;

typedef struct dbf_llm_message {
  dbf_llm_role role;
  const char *text; /* borrowed */
} dbf_llm_message;

/* Everything is borrowed and copied by dbf_llm_start. */
typedef struct dbf_llm_request {
  const char *system; /* may be NULL */
  const dbf_llm_message *messages;
  size_t n_messages;
  /* Optional JSON schema of the reply (an object schema). OpenAI gets
     response_format json_schema (strict), Gemini responseSchema with
     responseMimeType application/json, Anthropic an instruction to reply
     with JSON only; callers parse and validate the text in every case. */
  const json_t *schema;
  const char *schema_name; /* [A-Za-z0-9_-]; default "reply" */
  int max_tokens;          /* 0: the configured default */
  double temperature;      /* < 0: the configured default */
  int64_t deadline_ms;     /* absolute (dbf_now_ms, core/clock.h); 0: now + timeout_ms */
  /* Optional: polled on the loop thread (so it must be cheap and thread-safe);
     true aborts the call as CANCELLED, e.g. when the gRPC client went away. */
  bool (*cancelled)(void *arg);
  void *cancel_arg;
} dbf_llm_request;

typedef struct dbf_llm_result {
  char *text; /* owned, NUL-terminated, never NULL after a call; see dbf_llm_result_clear */
  size_t text_len;
  bool complete;          /* the provider ended the stream normally */
  char finish_reason[32]; /* provider's stop reason, e.g. "stop", "length", "end_turn" */
  int64_t tokens_in;      /* -1 when the provider did not say */
  int64_t tokens_out;
  int64_t latency_ms;     /* start to end, retries included */
  int64_t first_token_ms; /* start to first delta, -1 when none */
  long http_status;       /* of the last attempt; 0 when none connected */
  int attempts;
  dbf_llm_provider provider;
  char model[128];
  dbf_llm_error error;
  char error_msg[256];
} dbf_llm_result;

/* Frees text and zeroes r. */
void dbf_llm_result_clear(dbf_llm_result *r);

/*
 * Called on the loop thread for each piece of generated text, in order.
 * text is borrowed and NUL-terminated. Must not block.
 */
typedef void (*dbf_llm_delta_fn)(void *arg, const char *text, size_t len);
/*
 * Called exactly once on the loop thread when a started call ends. res is
 * borrowed; the callback may take res->text (set it to NULL). Must not block.
 */
typedef void (*dbf_llm_done_fn)(void *arg, dbf_llm_result *res);

typedef struct dbf_llm dbf_llm;
typedef struct dbf_llm_call dbf_llm_call;

/*
 * Creates a client for cfg (copied) and, unless the provider is offline,
 * starts its loop thread. curl_global_init must have run (dbf_alloc_install).
 * Free with dbf_llm_destroy.
 */
dbf_err dbf_llm_create(const dbf_llm_config *cfg, dbf_llm **out, dbf_status *st);
/* Cancels every call in flight (their on_done reports CANCELLED), joins the thread, frees. */
void dbf_llm_destroy(dbf_llm *llm);
/* False for offline (and NULL): there is no provider to call. */
bool dbf_llm_enabled(const dbf_llm *llm);
/* Borrowed; the configuration in use. */
const dbf_llm_config *dbf_llm_get_config(const dbf_llm *llm);

/*
 * Starts a call. On DBF_OK, on_done (if any) will be called exactly once,
 * and *out (if out is non-NULL) is a handle the caller must release with
 * dbf_llm_call_release; it can cancel or wait on the call until then.
 * On an error no callback runs. Offline -> DBF_ERR_UNAVAILABLE.
 */
dbf_err dbf_llm_start(dbf_llm *llm, const dbf_llm_request *req, dbf_llm_delta_fn on_delta,
                      dbf_llm_done_fn on_done, void *arg, dbf_llm_call **out, dbf_status *st);
/* Aborts the call soon (from any thread); its result says CANCELLED. Idempotent. */
void dbf_llm_cancel(dbf_llm_call *call);
/*
 * Blocks until the call ends and moves its result into *out (clear it with
 * dbf_llm_result_clear). Once per call. Never from a completion-queue thread.
 */
void dbf_llm_wait(dbf_llm_call *call, dbf_llm_result *out);
/* Drops the caller's handle; the call keeps running unless cancelled. */
void dbf_llm_call_release(dbf_llm_call *call);

/*
 * The blocking convenience for worker threads: starts req, relays deltas to
 * on_delta (on the loop thread), waits for the end and fills *out (clear with
 * dbf_llm_result_clear). Returns DBF_OK when a result was produced, even a
 * failed one: out->error says how it went. Offline fills out->error =
 * DBF_LLM_E_NO_PROVIDER. A NULL llm behaves as offline.
 */
dbf_err dbf_llm_run(dbf_llm *llm, const dbf_llm_request *req, dbf_llm_delta_fn on_delta, void *arg,
                    dbf_llm_result *out, dbf_status *st);

#endif
