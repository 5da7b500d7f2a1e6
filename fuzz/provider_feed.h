/*
 * provider_feed.h - runs a provider's stream parsing (the on_event of
 * openai.c, anthropic.c, gemini.c behind the SSE parser) on bytes in
 * memory, with no loop thread, no curl and no server. Used by
 * fuzz_provider_json.c and tests/unit/llm/test_llm_oom.c.
 *
 * The call struct is private to server/llm/llm.c, and only dbf_llm_start
 * makes calls, for a running loop. So this header compiles llm.c into the
 * file that includes it and builds a call that is never started, set up the
 * way dbf_llm_start and begin_attempt set one up. A program that includes
 * it links dbf_llm as usual: the archive's own llm.o then defines nothing
 * new and is never pulled in. Include it from one file per program only.
 */
#ifndef DBF_FUZZ_PROVIDER_FEED_H
#define DBF_FUZZ_PROVIDER_FEED_H

#include "llm/llm.c"

/* What a stream did to the call. */
typedef struct provider_outcome {
  dbf_err rc;         /* of dbf_sse_feed: non-OK when the stream was refused */
  dbf_llm_error fail; /* what the provider recorded, DBF_LLM_E_OK when nothing */
  bool done;          /* the provider saw its end-of-stream */
  bool got_token;     /* some text was relayed */
  size_t text_len;    /* bytes of generated text */
  int64_t tokens_in;  /* -1 when the stream did not say */
  int64_t tokens_out; /* -1 when the stream did not say */
  char finish_reason[32];
  char text[256]; /* the first bytes of the text, NUL-terminated */
  char why[256];  /* the provider's failure message, "" when none */
} provider_outcome;

/*
 * Feeds len bytes of an SSE stream to provider p's parser, in one piece or
 * in pieces of stride bytes (0: one piece), with the given caps on one
 * event and on the text. Fills *out; frees everything it allocated.
 */
static void provider_feed(dbf_llm_provider p, const char *data, size_t len, size_t stride,
                          size_t max_event, size_t max_text, provider_outcome *out) {
  dbf_llm llm;
  dbf_llm_call call;
  memset(&llm, 0, sizeof llm);
  memset(&call, 0, sizeof call);
  memset(out, 0, sizeof *out);
  llm.cfg.provider = p;
  llm.cfg.max_event_bytes = max_event;
  llm.cfg.max_text_bytes = max_text;
  llm.ops = ops_for(p);
  if (!llm.ops)
    abort(); /* only the three providers have a stream */
  call.llm = &llm;
  call.res.tokens_in = -1;
  call.res.tokens_out = -1;
  call.res.first_token_ms = -1;
  dbf_buf_init(&call.text, max_text);
  dbf_sse_init(&call.sse, max_event, on_sse_event, &call);
  if (stride == 0)
    stride = len ? len : 1;
  dbf_err rc = DBF_OK;
  for (size_t off = 0; off < len && !rc; off += stride)
    rc = dbf_sse_feed(&call.sse, data + off, len - off < stride ? len - off : stride);
  out->rc = rc;
  out->fail = call.fail_kind;
  out->done = call.stream_done;
  out->got_token = call.got_token;
  out->text_len = call.text.len;
  out->tokens_in = call.res.tokens_in;
  out->tokens_out = call.res.tokens_out;
  snprintf(out->finish_reason, sizeof out->finish_reason, "%s", call.res.finish_reason);
  snprintf(out->why, sizeof out->why, "%s", call.fail_msg);
  size_t n = call.text.len < sizeof out->text - 1 ? call.text.len : sizeof out->text - 1;
  if (n)
    memcpy(out->text, call.text.data, n);
  out->text[n] = '\0';
  dbf_sse_free(&call.sse);
  dbf_buf_free(&call.text);
}

/* Whether two streams did the same to their calls. */
static bool provider_outcome_equal(const provider_outcome *a, const provider_outcome *b) {
  return a->rc == b->rc && a->fail == b->fail && a->done == b->done && a->text_len == b->text_len &&
         a->tokens_in == b->tokens_in && a->tokens_out == b->tokens_out &&
         strcmp(a->finish_reason, b->finish_reason) == 0 && strcmp(a->text, b->text) == 0 &&
         strcmp(a->why, b->why) == 0;
}

#endif
