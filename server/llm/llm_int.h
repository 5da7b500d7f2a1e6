/*
 * llm_int.h - what the provider files share with the call machinery in
 * llm.c. Not for callers outside server/llm.
 *
 * A provider is a pair of functions: build turns a request into the URL,
 * headers and JSON body of its API, and on_event reads one SSE event of its
 * stream, reporting text, usage and the end through the dbf__llm_* helpers.
 * Both run without locks: build on the caller's thread before the call is
 * shared, on_event on the loop thread.
 */
#ifndef DBF_LLM_LLM_INT_H
#define DBF_LLM_LLM_INT_H

#include <curl/curl.h>

#include "core/buf.h"
#include "llm/llm.h"
#include "llm/sse.h"

typedef struct dbf__llm_ops {
  /* Fills *url and *body (dbf_free) and appends to *headers (curl_slist_free_all). */
  dbf_err (*build)(const dbf_llm_config *cfg, const dbf_llm_request *req, char **url,
                   struct curl_slist **headers, char **body, dbf_status *st);
  /* Handles one event of a 2xx stream. A non-OK return aborts the transfer
     and must come from dbf__llm_fail so the call knows why. */
  dbf_err (*on_event)(dbf_llm_call *call, const dbf_sse_event *ev);
} dbf__llm_ops;

extern const dbf__llm_ops dbf__llm_openai_ops;
extern const dbf__llm_ops dbf__llm_anthropic_ops;
extern const dbf__llm_ops dbf__llm_gemini_ops;

/* Hands generated text to the caller (the first call marks the first token). */
dbf_err dbf__llm_delta(dbf_llm_call *call, const char *text, size_t len);
/* Records token counts; negative values leave the old ones. */
void dbf__llm_usage(dbf_llm_call *call, int64_t in, int64_t out);
/* Notes the provider's stop reason (may be NULL) and that the answer is complete. */
void dbf__llm_finished(dbf_llm_call *call, const char *reason);
/* Notes a stop reason without ending the stream (Anthropic's message_delta). */
void dbf__llm_set_reason(dbf_llm_call *call, const char *reason);
/*
 * Records why the stream is unusable and returns DBF_ERR_INVALID so the SSE
 * parser stops. retryable lets the call retry when no token was sent yet.
 */
dbf_err dbf__llm_fail(dbf_llm_call *call, dbf_llm_error kind, bool retryable, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
/*
 * Parses an event's data as a JSON object: a new reference in *out, or a
 * dbf__llm_fail(BAD_RESPONSE) error.
 */
dbf_err dbf__llm_event_json(dbf_llm_call *call, const dbf_sse_event *ev, json_t **out);
/* An in-stream {"error": {...}} object: fails the call with its message. */
dbf_err dbf__llm_stream_error(dbf_llm_call *call, const json_t *err);

/* Appends a printf-formatted header line; DBF_ERR_NOMEM on failure. */
dbf_err dbf__llm_header(struct curl_slist **h, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
/* Serialises root compactly into *out (dbf_free). Borrows root. */
dbf_err dbf__llm_dump(const json_t *root, char **out, dbf_status *st);
/* Concatenated text of the request's messages with the same role runs
   merged, as Anthropic and Gemini require alternating turns. Builds a new
   JSON array of {role, text} with role names r_user/r_assistant. */
json_t *dbf__llm_merged_turns(const dbf_llm_request *req);
/* The instruction appended to the system prompt when a schema is set and the
   provider cannot enforce it. Returns new memory (dbf_free) or NULL. */
char *dbf__llm_schema_instruction(const dbf_llm_request *req);

/* llm_metrics.c: registers the model-call metrics once (dbf_llm_create), and counts one
   ended call (finish in llm.c; relaxed atomics only). */
void dbf__llm_metrics_init(void);
void dbf__llm_count(const dbf_llm_result *r);

#endif
