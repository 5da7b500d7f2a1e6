/*
 * llm_config.c - the DEBRIEF_LLM* settings (docs/configuration.md).
 *
 * Read through a lookup function so the server can use the environment and
 * tests can pass a table. The provider-standard key variables
 * (OPENAI_API_KEY...) are honoured when DEBRIEF_LLM_API_KEY is unset. A
 * hosted provider's default base URL requires a key; an overridden base URL
 * (Ollama, a proxy, the test fake) does not.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "core/alloc.h"
#include "core/config.h"
#include "llm/llm.h"

static const char *env_get(const char *name, void *arg) {
  (void)arg;
  return getenv(name);
}

typedef struct provider_defaults {
  const char *name;
  dbf_llm_provider p;
  const char *base_url;
  const char *model;
  const char *key_var;
} provider_defaults;

static const provider_defaults defaults[] = {
    {"offline", DBF_LLM_OFFLINE, NULL, NULL, NULL},
    {"openai", DBF_LLM_OPENAI, "https://api.openai.com/v1", "gpt-4o-mini", "OPENAI_API_KEY"},
    {"anthropic", DBF_LLM_ANTHROPIC, "https://api.anthropic.com", "claude-3-5-haiku-latest",
     "ANTHROPIC_API_KEY"},
    {"gemini", DBF_LLM_GEMINI, "https://generativelanguage.googleapis.com/v1beta",
     "gemini-2.0-flash", "GEMINI_API_KEY"},
};

static dbf_err set_str(char **dst, const char *v, dbf_status *st) {
  char *c = dbf_strdup(v);
  if (v && !c)
    return dbf_fail(st, DBF_ERR_NOMEM, "out of memory");
  dbf_free(*dst);
  *dst = c;
  return DBF_OK;
}

dbf_err dbf_llm_config_load(dbf_llm_config *cfg, const char *(*get)(const char *name, void *arg),
                            void *arg, dbf_status *st) {
  dbf_err rc = DBF_OK;
  memset(cfg, 0, sizeof(*cfg));
  if (!get)
    get = env_get;
  cfg->timeout_ms = 30000;
  cfg->first_token_timeout_ms = 15000;
  cfg->stall_s = 15;
  cfg->max_tokens = 1024;
  cfg->temperature = 0.3;
  cfg->max_retries = 2;
  cfg->max_event_bytes = (size_t)1 << 20;
  cfg->max_response_bytes = (size_t)8 << 20;
  cfg->max_text_bytes = (size_t)256 << 10;
  cfg->backoff_base_ms = 250;
  cfg->backoff_max_ms = 8000;

  const char *name = get("DEBRIEF_LLM", arg);
  const provider_defaults *d = NULL;
  for (size_t i = 0; i < DBF_ARRAY_LEN(defaults); i++)
    if (strcmp(name && *name ? name : "offline", defaults[i].name) == 0)
      d = &defaults[i];
  if (!d)
    return dbf_fail(st, DBF_ERR_INVALID,
                    "DEBRIEF_LLM must be offline, openai, anthropic or gemini, got '%s'", name);
  cfg->provider = d->p;
  if (d->p == DBF_LLM_OFFLINE)
    return DBF_OK;

  const char *base = get("DEBRIEF_LLM_BASE_URL", arg);
  bool custom_base = base && *base;
  if ((rc = set_str(&cfg->base_url, custom_base ? base : d->base_url, st)))
    goto out;
  size_t bl = strlen(cfg->base_url);
  while (bl > 0 && cfg->base_url[bl - 1] == '/')
    cfg->base_url[--bl] = '\0';
  if (strncmp(cfg->base_url, "http://", 7) != 0 && strncmp(cfg->base_url, "https://", 8) != 0) {
    rc = dbf_fail(st, DBF_ERR_INVALID, "DEBRIEF_LLM_BASE_URL must start with http:// or https://");
    goto out;
  }
  const char *model = get("DEBRIEF_LLM_MODEL", arg);
  if ((rc = set_str(&cfg->model, model && *model ? model : d->model, st)))
    goto out;
  const char *key = get("DEBRIEF_LLM_API_KEY", arg);
  if (!key || !*key)
    key = get(d->key_var, arg);
  if (d->p == DBF_LLM_GEMINI && (!key || !*key))
    key = get("GOOGLE_API_KEY", arg);
  if (key && *key) {
    if (strpbrk(key, "\r\n")) {
      rc = dbf_fail(st, DBF_ERR_INVALID, "the LLM API key contains a line break");
      goto out;
    }
    if ((rc = set_str(&cfg->api_key, key, st)))
      goto out;
  } else if (!custom_base) {
    rc = dbf_fail(st, DBF_ERR_INVALID,
                  "DEBRIEF_LLM=%s needs DEBRIEF_LLM_API_KEY or %s (or a DEBRIEF_LLM_BASE_URL "
                  "for a local server)",
                  d->name, d->key_var);
    goto out;
  }

  int64_t v;
  v = cfg->timeout_ms;
  if ((rc = dbf_config_get_int(get, arg, "DEBRIEF_LLM_TIMEOUT_MS", 100, 3600000, &v, st)))
    goto out;
  cfg->timeout_ms = v;
  v = cfg->first_token_timeout_ms;
  if ((rc = dbf_config_get_int(get, arg, "DEBRIEF_LLM_FIRST_TOKEN_TIMEOUT_MS", 0, 3600000, &v, st)))
    goto out;
  cfg->first_token_timeout_ms = v;
  v = cfg->max_tokens;
  if ((rc = dbf_config_get_int(get, arg, "DEBRIEF_LLM_MAX_TOKENS", 1, 1000000, &v, st)))
    goto out;
  cfg->max_tokens = (int)v;
  v = cfg->max_retries;
  if ((rc = dbf_config_get_int(get, arg, "DEBRIEF_LLM_MAX_RETRIES", 0, 10, &v, st)))
    goto out;
  cfg->max_retries = (int)v;

  const char *t = get("DEBRIEF_LLM_TEMPERATURE", arg);
  if (t && *t) {
    char *end = NULL;
    double x = strtod(t, &end);
    if (end == t || *end != '\0' || !isfinite(x) || x < 0 || x > 2) {
      rc = dbf_fail(st, DBF_ERR_INVALID, "DEBRIEF_LLM_TEMPERATURE must be a number in [0, 2]");
      goto out;
    }
    cfg->temperature = x;
  }
out:
  if (rc)
    dbf_llm_config_free(cfg);
  return rc;
}

void dbf_llm_config_free(dbf_llm_config *cfg) {
  dbf_free(cfg->base_url);
  dbf_free(cfg->model);
  dbf_free(cfg->api_key);
  cfg->base_url = cfg->model = cfg->api_key = NULL;
}
