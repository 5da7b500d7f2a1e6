/*
 * fuzz_provider_json.c - libFuzzer target for the providers' stream
 * parsing: the on_event functions of server/llm/openai.c, anthropic.c and
 * gemini.c, fed the events of an SSE stream (fuzz/provider_feed.h).
 *
 * Input byte 0 picks the provider (value % 3) and a split stride (value /
 * 3 % 17 + 1); the rest is the stream, normally "event:" and "data:" lines
 * whose data is the provider's JSON. Invariants: no crash; every refusal
 * by a provider is recorded on the call (the ops contract in llm_int.h);
 * the text never passes its cap; and feeding the stream whole or in pieces
 * gives the same outcome.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz.h"
#include "provider_feed.h"

#define MAX_EVENT 8192 /* small caps, so the fuzzer reaches them */
#define MAX_TEXT  2048

static const dbf_llm_provider providers[] = {DBF_LLM_OPENAI, DBF_LLM_ANTHROPIC, DBF_LLM_GEMINI};

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  if (size < 1)
    return 0;
  dbf_llm_provider p = providers[data[0] % 3];
  size_t stride = (size_t)(data[0] / 3) % 17 + 1;
  const char *stream = (const char *)data + 1;
  size--;
  provider_outcome whole, pieces;
  provider_feed(p, stream, size, 0, MAX_EVENT, MAX_TEXT, &whole);
  provider_feed(p, stream, size, stride, MAX_EVENT, MAX_TEXT, &pieces);
  if (whole.rc != DBF_OK && whole.rc != DBF_ERR_INVALID && whole.rc != DBF_ERR_TOO_BIG)
    abort();
  if (whole.rc == DBF_ERR_INVALID && (whole.fail == DBF_LLM_E_OK || !whole.why[0]))
    abort(); /* a provider refused the stream without saying why */
  if (whole.text_len > MAX_TEXT)
    abort();
  if (!provider_outcome_equal(&whole, &pieces))
    abort(); /* how the bytes arrived changed what was understood */
  return 0;
}
