/*
 * anthropic.c - the Anthropic Messages API with "stream": true.
 *
 * Events: message_start (input usage), content_block_start/_delta/_stop
 * (text_delta pieces), message_delta (stop_reason, output usage),
 * message_stop (the end), ping, and error. The API has no schema-constrained
 * decoding here, so a schema becomes an instruction in the system prompt and
 * the caller parses the text strictly.
 */
#include <string.h>

#include "core/alloc.h"
#include "llm/llm_int.h"

#define ANTHROPIC_VERSION "2023-06-01"

static dbf_err build(const dbf_llm_config *cfg, const dbf_llm_request *req, char **url,
                     struct curl_slist **headers, char **body, dbf_status *st) {
  dbf_err rc = DBF_OK;
  json_t *root = NULL, *turns = NULL;
  char *instr = NULL;
  dbf_buf u, sys;
  dbf_buf_init(&u, 4096);
  dbf_buf_init(&sys, (size_t)4 << 20);
  if (dbf_buf_printf(&u, "%s/v1/messages", cfg->base_url)) {
    rc = dbf_fail(st, DBF_ERR_INVALID, "LLM base URL is too long");
    goto out;
  }
  turns = dbf__llm_merged_turns(req);
  json_t *msgs = json_array();
  root = json_pack("{s:s, s:b, s:o, s:i, s:f}", "model", cfg->model, "stream", 1, "messages", msgs,
                   "max_tokens", req->max_tokens > 0 ? req->max_tokens : cfg->max_tokens,
                   "temperature", req->temperature >= 0 ? req->temperature : cfg->temperature);
  if (!root || !turns)
    goto nomem;
  size_t i;
  json_t *t;
  json_array_foreach(turns, i, t) {
    if (json_array_append_new(msgs, json_pack("{s:O, s:O}", "role", json_object_get(t, "role"),
                                              "content", json_object_get(t, "text"))) != 0)
      goto nomem;
  }
  if (req->schema && !(instr = dbf__llm_schema_instruction(req)))
    goto nomem;
  if ((req->system && dbf_buf_appends(&sys, req->system)) ||
      (instr && dbf_buf_appends(&sys, instr)))
    goto nomem;
  if (sys.len && json_object_set_new(root, "system", json_string(sys.data)) != 0)
    goto nomem;
  if ((rc = dbf__llm_dump(root, body, st)))
    goto out;
  if (dbf__llm_header(headers, "Content-Type: application/json") ||
      dbf__llm_header(headers, "Accept: text/event-stream") ||
      dbf__llm_header(headers, "anthropic-version: %s", ANTHROPIC_VERSION))
    goto nomem;
  if (cfg->api_key && cfg->api_key[0] && dbf__llm_header(headers, "x-api-key: %s", cfg->api_key)) {
    rc = dbf_fail(st, DBF_ERR_INVALID, "the LLM API key is too long");
    goto out;
  }
  *url = dbf_buf_steal(&u, NULL);
  goto out;
nomem:
  rc = dbf_fail(st, DBF_ERR_NOMEM, "out of memory building the LLM request");
out:
  json_decref(root);
  json_decref(turns);
  dbf_free(instr);
  dbf_buf_free(&u);
  dbf_buf_free(&sys);
  return rc;
}

static int64_t usage_int(const json_t *usage, const char *key) {
  json_t *v = json_object_get(usage, key);
  return json_is_integer(v) ? json_integer_value(v) : -1;
}

static dbf_err on_event(dbf_llm_call *call, const dbf_sse_event *ev) {
  if (strcmp(ev->type, "ping") == 0)
    return DBF_OK;
  json_t *j = NULL;
  dbf_err rc = dbf__llm_event_json(call, ev, &j);
  if (rc)
    return rc;
  /* The data's "type" is authoritative; the event name is only a hint. */
  const char *type = json_string_value(json_object_get(j, "type"));
  if (!type)
    type = ev->type;
  if (strcmp(type, "error") == 0) {
    rc = dbf__llm_stream_error(call, json_object_get(j, "error"));
  } else if (strcmp(type, "message_start") == 0) {
    json_t *usage = json_object_get(json_object_get(j, "message"), "usage");
    dbf__llm_usage(call, usage_int(usage, "input_tokens"), usage_int(usage, "output_tokens"));
  } else if (strcmp(type, "content_block_delta") == 0) {
    json_t *d = json_object_get(j, "delta");
    const char *dt = json_string_value(json_object_get(d, "type"));
    json_t *text = json_object_get(d, "text");
    if (dt && strcmp(dt, "text_delta") == 0 && json_is_string(text))
      rc = dbf__llm_delta(call, json_string_value(text), json_string_length(text));
  } else if (strcmp(type, "message_delta") == 0) {
    json_t *usage = json_object_get(j, "usage");
    dbf__llm_usage(call, usage_int(usage, "input_tokens"), usage_int(usage, "output_tokens"));
    dbf__llm_set_reason(
        call, json_string_value(json_object_get(json_object_get(j, "delta"), "stop_reason")));
  } else if (strcmp(type, "message_stop") == 0) {
    dbf__llm_finished(call, NULL);
  }
  /* content_block_start/stop and unknown future events carry nothing we use. */
  json_decref(j);
  return rc;
}

const dbf__llm_ops dbf__llm_anthropic_ops = {build, on_event};
