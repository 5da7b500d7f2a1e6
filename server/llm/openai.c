/*
 * openai.c - the OpenAI Chat Completions wire format with stream: true.
 *
 * The same format is served by Ollama, vLLM and the llama.cpp server, so the
 * base URL is configurable and the API key optional. Each event's data is a
 * chat.completion.chunk; "data: [DONE]" ends the stream. With
 * stream_options.include_usage the last chunk carries usage and no choices.
 */
#include <string.h>

#include "core/alloc.h"
#include "llm/llm_int.h"

static dbf_err build(const dbf_llm_config *cfg, const dbf_llm_request *req, char **url,
                     struct curl_slist **headers, char **body, dbf_status *st) {
  dbf_err rc = DBF_OK;
  json_t *root = NULL;
  dbf_buf u;
  dbf_buf_init(&u, 4096);
  if ((rc = dbf_buf_printf(&u, "%s/chat/completions", cfg->base_url))) {
    rc = dbf_fail(st, DBF_ERR_INVALID, "LLM base URL is too long");
    goto out;
  }
  json_t *msgs = json_array();
  root = json_pack("{s:s, s:b, s:o, s:{s:b}, s:i, s:f}", "model", cfg->model, "stream", 1,
                   "messages", msgs, "stream_options", "include_usage", 1, "max_tokens",
                   req->max_tokens > 0 ? req->max_tokens : cfg->max_tokens, "temperature",
                   req->temperature >= 0 ? req->temperature : cfg->temperature);
  if (!root)
    goto nomem;
  if (req->system && json_array_append_new(msgs, json_pack("{s:s, s:s}", "role", "system",
                                                           "content", req->system)) != 0)
    goto nomem;
  for (size_t i = 0; i < req->n_messages; i++) {
    const dbf_llm_message *m = &req->messages[i];
    if (json_array_append_new(msgs, json_pack("{s:s, s:s}", "role",
                                              m->role == DBF_LLM_USER ? "user" : "assistant",
                                              "content", m->text ? m->text : "")) != 0)
      goto nomem;
  }
  if (req->schema) {
    /* Structured output: the server constrains decoding to the schema. */
    json_t *rf = json_pack("{s:s, s:{s:s, s:O, s:b}}", "type", "json_schema", "json_schema", "name",
                           req->schema_name ? req->schema_name : "reply", "schema", req->schema,
                           "strict", 1);
    if (!rf || json_object_set_new(root, "response_format", rf) != 0)
      goto nomem;
  }
  if ((rc = dbf__llm_dump(root, body, st)))
    goto out;
  if ((rc = dbf__llm_header(headers, "Content-Type: application/json")) ||
      (rc = dbf__llm_header(headers, "Accept: text/event-stream")))
    goto nomem;
  if (cfg->api_key && cfg->api_key[0] &&
      (rc = dbf__llm_header(headers, "Authorization: Bearer %s", cfg->api_key))) {
    rc = dbf_fail(st, DBF_ERR_INVALID, "the LLM API key is too long");
    goto out;
  }
  *url = dbf_buf_steal(&u, NULL);
  goto out;
nomem:
  rc = dbf_fail(st, DBF_ERR_NOMEM, "out of memory building the LLM request");
out:
  json_decref(root);
  dbf_buf_free(&u);
  return rc;
}

static dbf_err on_event(dbf_llm_call *call, const dbf_sse_event *ev) {
  if (ev->done) {
    dbf__llm_finished(call, NULL);
    return DBF_OK;
  }
  json_t *j = NULL;
  dbf_err rc = dbf__llm_event_json(call, ev, &j);
  if (rc)
    return rc;
  json_t *err = json_object_get(j, "error");
  if (err) {
    rc = dbf__llm_stream_error(call, json_is_object(err) ? err : j);
    goto out;
  }
  json_t *usage = json_object_get(j, "usage");
  if (json_is_object(usage))
    dbf__llm_usage(call, json_integer_value(json_object_get(usage, "prompt_tokens")),
                   json_integer_value(json_object_get(usage, "completion_tokens")));
  json_t *choices = json_object_get(j, "choices");
  size_t i;
  json_t *ch;
  json_array_foreach(choices, i, ch) {
    if (json_integer_value(json_object_get(ch, "index")) != 0)
      continue; /* we ask for one choice */
    json_t *content = json_object_get(json_object_get(ch, "delta"), "content");
    if (json_is_string(content) &&
        (rc = dbf__llm_delta(call, json_string_value(content), json_string_length(content))))
      goto out;
    const char *fr = json_string_value(json_object_get(ch, "finish_reason"));
    if (fr)
      dbf__llm_finished(call, fr); /* servers that omit [DONE] still end cleanly */
  }
out:
  json_decref(j);
  return rc;
}

const dbf__llm_ops dbf__llm_openai_ops = {build, on_event};
