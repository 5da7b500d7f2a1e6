/*
 * gemini.c - Gemini models/<model>:streamGenerateContent?alt=sse.
 *
 * Each event's data is a GenerateContentResponse: candidates[0].content.parts
 * carry text, finishReason marks the end, usageMetadata the token counts.
 * There is no end-of-stream marker, so a stream is complete only when a
 * finishReason arrived. A schema becomes generationConfig.responseSchema,
 * which takes an OpenAPI subset: no additionalProperties, and nullable
 * instead of a "null" member in a type array.
 */
#include <ctype.h>
#include <string.h>

#include "core/alloc.h"
#include "llm/llm_int.h"

/* Returns a new Gemini-dialect copy of a JSON schema, or NULL on OOM. */
static json_t *to_gemini_schema(const json_t *s) {
  if (!json_is_object(s))
    return json_deep_copy(s);
  json_t *out = json_object();
  const char *k;
  json_t *v;
  json_object_foreach((json_t *)s, k, v) {
    json_t *nv = NULL;
    if (strcmp(k, "additionalProperties") == 0 || strcmp(k, "$schema") == 0)
      continue;
    if (strcmp(k, "type") == 0 && json_is_array(v)) {
      /* ["string","null"] -> "string" + nullable */
      size_t i;
      json_t *t;
      json_array_foreach(v, i, t) {
        if (json_is_string(t) && strcmp(json_string_value(t), "null") == 0)
          json_object_set_new(out, "nullable", json_true());
        else if (!nv)
          nv = json_copy(t);
      }
    } else if (strcmp(k, "properties") == 0 && json_is_object(v)) {
      nv = json_object();
      const char *pk;
      json_t *pv;
      json_object_foreach(v, pk, pv) {
        json_object_set_new(nv, pk, to_gemini_schema(pv));
      }
    } else if (strcmp(k, "enum") == 0 && json_is_array(v)) {
      /* Gemini enums hold strings only; null is expressed by nullable. */
      nv = json_array();
      size_t i;
      json_t *t;
      json_array_foreach(v, i, t) {
        if (json_is_string(t))
          json_array_append_new(nv, json_copy(t));
      }
    } else if (strcmp(k, "items") == 0) {
      nv = to_gemini_schema(v);
    } else {
      nv = json_deep_copy(v);
    }
    if (!nv || json_object_set_new(out, k, nv) != 0) {
      json_decref(out);
      return NULL;
    }
  }
  return out;
}

static dbf_err build(const dbf_llm_config *cfg, const dbf_llm_request *req, char **url,
                     struct curl_slist **headers, char **body, dbf_status *st) {
  dbf_err rc = DBF_OK;
  json_t *root = NULL, *turns = NULL;
  char *model = NULL;
  dbf_buf u;
  dbf_buf_init(&u, 4096);
  /* The model goes into the path: escape it so it cannot change the URL. */
  model = curl_easy_escape(NULL, cfg->model, 0);
  if (!model)
    goto nomem;
  if (dbf_buf_printf(&u, "%s/models/%s:streamGenerateContent?alt=sse", cfg->base_url, model)) {
    rc = dbf_fail(st, DBF_ERR_INVALID, "LLM base URL is too long");
    goto out;
  }
  turns = dbf__llm_merged_turns(req);
  json_t *contents = json_array();
  root = json_pack("{s:o, s:{s:i, s:f}}", "contents", contents, "generationConfig",
                   "maxOutputTokens", req->max_tokens > 0 ? req->max_tokens : cfg->max_tokens,
                   "temperature", req->temperature >= 0 ? req->temperature : cfg->temperature);
  if (!root || !turns)
    goto nomem;
  size_t i;
  json_t *t;
  json_array_foreach(turns, i, t) {
    const char *role = json_string_value(json_object_get(t, "role"));
    if (json_array_append_new(contents, json_pack("{s:s, s:[{s:O}]}", "role",
                                                  strcmp(role, "user") == 0 ? "user" : "model",
                                                  "parts", "text", json_object_get(t, "text"))) !=
        0)
      goto nomem;
  }
  if (req->system &&
      json_object_set_new(root, "systemInstruction",
                          json_pack("{s:[{s:s}]}", "parts", "text", req->system)) != 0)
    goto nomem;
  if (req->schema) {
    json_t *gc = json_object_get(root, "generationConfig");
    json_t *gs = to_gemini_schema(req->schema);
    if (!gs || json_object_set_new(gc, "responseSchema", gs) != 0 ||
        json_object_set_new(gc, "responseMimeType", json_string("application/json")) != 0)
      goto nomem;
  }
  if ((rc = dbf__llm_dump(root, body, st)))
    goto out;
  if (dbf__llm_header(headers, "Content-Type: application/json") ||
      dbf__llm_header(headers, "Accept: text/event-stream"))
    goto nomem;
  if (cfg->api_key && cfg->api_key[0] &&
      dbf__llm_header(headers, "x-goog-api-key: %s", cfg->api_key)) {
    rc = dbf_fail(st, DBF_ERR_INVALID, "the LLM API key is too long");
    goto out;
  }
  *url = dbf_buf_steal(&u, NULL);
  goto out;
nomem:
  rc = dbf_fail(st, DBF_ERR_NOMEM, "out of memory building the LLM request");
out:
  curl_free(model);
  json_decref(root);
  json_decref(turns);
  dbf_buf_free(&u);
  return rc;
}

static dbf_err on_event(dbf_llm_call *call, const dbf_sse_event *ev) {
  json_t *j = NULL;
  dbf_err rc = dbf__llm_event_json(call, ev, &j);
  if (rc)
    return rc;
  json_t *err = json_object_get(j, "error");
  if (err) {
    rc = dbf__llm_stream_error(call, err);
    goto out;
  }
  json_t *um = json_object_get(j, "usageMetadata");
  if (json_is_object(um)) {
    json_t *in = json_object_get(um, "promptTokenCount");
    json_t *outv = json_object_get(um, "candidatesTokenCount");
    dbf__llm_usage(call, json_is_integer(in) ? json_integer_value(in) : -1,
                   json_is_integer(outv) ? json_integer_value(outv) : -1);
  }
  json_t *cand = json_array_get(json_object_get(j, "candidates"), 0);
  json_t *parts = json_object_get(json_object_get(cand, "content"), "parts");
  size_t i;
  json_t *p;
  json_array_foreach(parts, i, p) {
    json_t *text = json_object_get(p, "text");
    if (json_is_boolean(json_object_get(p, "thought")) &&
        json_is_true(json_object_get(p, "thought")))
      continue; /* a thinking model's reasoning is not the answer */
    if (json_is_string(text) &&
        (rc = dbf__llm_delta(call, json_string_value(text), json_string_length(text))))
      goto out;
  }
  const char *fr = json_string_value(json_object_get(cand, "finishReason"));
  if (fr)
    dbf__llm_finished(call, fr);
  json_t *block = json_object_get(json_object_get(j, "promptFeedback"), "blockReason");
  if (json_is_string(block))
    rc = dbf__llm_fail(call, DBF_LLM_E_REQUEST, false, "prompt blocked: %s",
                       json_string_value(block));
out:
  json_decref(j);
  return rc;
}

const dbf__llm_ops dbf__llm_gemini_ops = {build, on_event};
