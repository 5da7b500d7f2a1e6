/*
 * test_llm_oom.c - out-of-memory sweeps of the providers' stream parsing
 * (the on_event of server/llm/openai.c, anthropic.c and gemini.c behind
 * the SSE parser), run in memory through fuzz/provider_feed.h.
 *
 * Each allocation of a stream, ours or jansson's, is made to fail in turn.
 * Every failure must end the stream with an error recorded on the call,
 * never a crash, a leak (under ASan) or a stream that claims success with
 * other text than the fault-free run.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "provider_feed.h"

#define MAX_EVENT (64u * 1024)
#define MAX_TEXT  (64u * 1024)

static const char openai_stream[] =
    "data: {\"choices\":[{\"index\":0,\"delta\":{\"role\":\"assistant\",\"content\":\"\"}}]}\n\n"
    "data: {\"choices\":[{\"index\":0,\"delta\":{\"content\":\"What was \"}}]}\n\n"
    "data: {\"choices\":[{\"index\":0,\"delta\":{\"content\":\"the budget?\"}}]}\n\n"
    "data: {\"choices\":[{\"index\":0,\"delta\":{},\"finish_reason\":\"stop\"}],"
    "\"usage\":{\"prompt_tokens\":120,\"completion_tokens\":7}}\n\n"
    "data: [DONE]\n\n";

static const char anthropic_stream[] =
    "event: message_start\n"
    "data: {\"type\":\"message_start\",\"message\":{\"usage\":{\"input_tokens\":25,"
    "\"output_tokens\":1}}}\n\n"
    "event: ping\ndata: {\"type\": \"ping\"}\n\n"
    "event: content_block_delta\n"
    "data: {\"type\":\"content_block_delta\",\"index\":0,"
    "\"delta\":{\"type\":\"text_delta\",\"text\":\"What was \"}}\n\n"
    "event: content_block_delta\n"
    "data: {\"type\":\"content_block_delta\",\"index\":0,"
    "\"delta\":{\"type\":\"text_delta\",\"text\":\"the budget?\"}}\n\n"
    "event: message_delta\n"
    "data: {\"type\":\"message_delta\",\"delta\":{\"stop_reason\":\"end_turn\"},"
    "\"usage\":{\"output_tokens\":7}}\n\n"
    "event: message_stop\ndata: {\"type\":\"message_stop\"}\n\n";

static const char gemini_stream[] =
    "data: {\"candidates\":[{\"content\":{\"parts\":[{\"text\":\"hmm\",\"thought\":true},"
    "{\"text\":\"What was \"}]}}]}\r\n\r\n"
    "data: {\"candidates\":[{\"content\":{\"parts\":[{\"text\":\"the budget?\"}]},"
    "\"finishReason\":\"STOP\"}],\"usageMetadata\":{\"promptTokenCount\":120,"
    "\"candidatesTokenCount\":7}}\r\n\r\n";

/* Sweeps one stream; returns how many failure points it went through. */
static long sweep(dbf_llm_provider p, const char *stream) {
  provider_outcome want, got;
  provider_feed(p, stream, strlen(stream), 0, MAX_EVENT, MAX_TEXT, &want);
  assert_int_equal(want.rc, DBF_OK);
  assert_true(want.done);
  assert_string_equal(want.text, "What was the budget?");
  assert_int_equal(want.tokens_out, 7);
  for (long n = 0; n < 10000; n++) {
    dbf_alloc_fail_after(n);
    provider_feed(p, stream, strlen(stream), 0, MAX_EVENT, MAX_TEXT, &got);
    dbf_alloc_fail_after(-1);
    if (got.rc == DBF_OK) {
      /* No failure point was hit, or one was and the stream still says OK: then it must
         have understood everything. */
      assert_true(provider_outcome_equal(&got, &want));
      return n;
    }
    /* The SSE parser's own buffers fail as NOMEM, and a provider records why it stopped:
       NOMEM, or BAD_RESPONSE when jansson failed, because jansson reports most of its
       allocation failures as syntax errors ("string or '}' expected"). */
    if (got.rc == DBF_ERR_NOMEM)
      continue;
    assert_int_equal(got.rc, DBF_ERR_INVALID);
    if (got.fail != DBF_LLM_E_NOMEM && got.fail != DBF_LLM_E_BAD_RESPONSE)
      fail_msg("failure point %ld: the stream failed as %s: %s", n, dbf_llm_error_name(got.fail),
               got.why);
  }
  fail_msg("the sweep never reached a run without a failure");
  return -1;
}

static void test_openai_out_of_memory(void **state) {
  (void)state;
  assert_true(sweep(DBF_LLM_OPENAI, openai_stream) > 5);
}

static void test_anthropic_out_of_memory(void **state) {
  (void)state;
  assert_true(sweep(DBF_LLM_ANTHROPIC, anthropic_stream) > 5);
}

static void test_gemini_out_of_memory(void **state) {
  (void)state;
  assert_true(sweep(DBF_LLM_GEMINI, gemini_stream) > 5);
}

int main(void) {
  dbf_log_init(DBF_LOG_ERROR, NULL);
  dbf_alloc_install();
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_openai_out_of_memory),
      cmocka_unit_test(test_anthropic_out_of_memory),
      cmocka_unit_test(test_gemini_out_of_memory),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
