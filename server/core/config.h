/*
 * config.h - server configuration from the environment and an optional file.
 *
 * DEBRIEF_CONFIG names a file of KEY=VALUE lines using the same variable
 * names as the environment ('#' starts a comment). The environment wins
 * over the file. docs/configuration.md lists every variable.
 */
#ifndef DBF_CORE_CONFIG_H
#define DBF_CORE_CONFIG_H

#include <stdbool.h>
#include <stdint.h>

#include "core/err.h"

typedef struct dbf_config {
  char *grpc_addr;                /* DEBRIEF_GRPC_ADDR, default 127.0.0.1:50051 */
  char *http_addr;                /* DEBRIEF_HTTP_ADDR, default 127.0.0.1:8080 */
  char *database_url;             /* DEBRIEF_DATABASE_URL, required by the server */
  char *data_dir;                 /* DEBRIEF_DATA_DIR: templates/, lexicons, prompts */
  char *jwt_secret;               /* DEBRIEF_JWT_SECRET: HS256 shared secret */
  char *jwt_public_key_file;      /* DEBRIEF_JWT_PUBLIC_KEY_FILE: PEM for RS256 */
  char *jwt_alg;                  /* DEBRIEF_JWT_ALG: HS256 (default) or RS256, pinned */
  char *jwt_issuer;               /* DEBRIEF_JWT_ISSUER: required iss when set */
  char *jwt_audience;             /* DEBRIEF_JWT_AUDIENCE: required aud when set */
  int jwt_leeway_s;               /* DEBRIEF_JWT_LEEWAY_S: clock skew on exp and nbf, default 30 */
  bool dev_mode;                  /* DEBRIEF_DEV_MODE=1: relaxed auth, logged loudly */
  char *tls_cert_file;            /* DEBRIEF_TLS_CERT: server certificate chain (PEM) */
  char *tls_key_file;             /* DEBRIEF_TLS_KEY: server private key (PEM) */
  char *tls_client_ca_file;       /* DEBRIEF_TLS_CLIENT_CA: verify client certificates */
  bool allow_insecure;            /* DEBRIEF_ALLOW_INSECURE=1: plaintext off loopback */
  int cq_threads;                 /* DEBRIEF_CQ_THREADS, default one per core */
  int worker_threads;             /* DEBRIEF_WORKER_THREADS, default 2x cores, min 4 */
  int db_pool_size;               /* DEBRIEF_DB_POOL_SIZE, default worker_threads */
  bool db_no_prepared_statements; /* DEBRIEF_DB_NO_PREPARED_STATEMENTS=1: unnamed statements only */
  int max_message_bytes;          /* DEBRIEF_MAX_MESSAGE_BYTES, default 1 MiB */
  int max_answer_chars;           /* DEBRIEF_MAX_ANSWER_CHARS, default 8000 */
  int64_t session_timeout_s;      /* DEBRIEF_SESSION_TIMEOUT, default 1800 */
  int64_t inactivity_warn_s;      /* DEBRIEF_INACTIVITY_WARNING, default 600 */
  int analytics_fold_ms;          /* DEBRIEF_ANALYTICS_FOLD_MS: rollup fold period, default 1000 */
  int step_timeout_ms;            /* DEBRIEF_STEP_TIMEOUT_MS: one database step, default 15000 */
  int llm_turn_budget_ms;         /* DEBRIEF_LLM_TURN_BUDGET_MS: all model calls of a turn, 20000 */
  int commit_reserve_ms;          /* DEBRIEF_COMMIT_RESERVE_MS: kept from a client deadline, 1500 */
  int llm_wait_threads;           /* DEBRIEF_LLM_WAIT_THREADS: turns waiting on the model, 64 */
  int max_streams_per_user;       /* DEBRIEF_MAX_STREAMS_PER_USER: Converse + Watch, default 16 */
  int max_public_streams;         /* DEBRIEF_MAX_PUBLIC_STREAMS: health Watch + reflection, 1024 */
  int max_concurrent_streams;     /* DEBRIEF_MAX_CONCURRENT_STREAMS: per connection, 1024 */
  int max_metadata_bytes;         /* DEBRIEF_MAX_METADATA_BYTES: request headers, 16384 */
  int keepalive_time_ms;          /* DEBRIEF_KEEPALIVE_TIME_MS: server pings, default 7200000 */
  int keepalive_timeout_ms;       /* DEBRIEF_KEEPALIVE_TIMEOUT_MS: pong wait, default 20000 */
  int min_ping_interval_ms;       /* DEBRIEF_MIN_PING_INTERVAL_MS: client pings, default 10000 */
  int drain_ms;                   /* DEBRIEF_DRAIN_MS: NOT_SERVING before GOAWAY, default 2000 */
  int shutdown_grace_ms;          /* DEBRIEF_SHUTDOWN_GRACE_MS: calls may finish, default 5000 */
  char *llm;                      /* DEBRIEF_LLM: offline (default), openai, anthropic, gemini */
  char *log_level;                /* DEBRIEF_LOG_LEVEL: debug, info (default), warn, error */
  /* DEBRIEF_LLM_* provider settings, kept as text for server/llm/llm_config.c,
     which validates them; see dbf_config_get. */
  char *llm_base_url;       /* DEBRIEF_LLM_BASE_URL */
  char *llm_model;          /* DEBRIEF_LLM_MODEL */
  char *llm_api_key;        /* DEBRIEF_LLM_API_KEY */
  char *llm_timeout_ms;     /* DEBRIEF_LLM_TIMEOUT_MS */
  char *llm_first_token_ms; /* DEBRIEF_LLM_FIRST_TOKEN_TIMEOUT_MS */
  char *llm_max_tokens;     /* DEBRIEF_LLM_MAX_TOKENS */
  char *llm_temperature;    /* DEBRIEF_LLM_TEMPERATURE */
  char *llm_max_retries;    /* DEBRIEF_LLM_MAX_RETRIES */
  /* DEBRIEF_CRM_* settings, kept as text for server/delivery/delivery_config.c,
     which validates them; see dbf_config_get. */
  char *crm_webhook_url;     /* DEBRIEF_CRM_WEBHOOK_URL */
  char *crm_webhook_secret;  /* DEBRIEF_CRM_WEBHOOK_SECRET */
  char *crm_target;          /* DEBRIEF_CRM_TARGET */
  char *crm_connect_timeout; /* DEBRIEF_CRM_CONNECT_TIMEOUT_MS */
  char *crm_timeout;         /* DEBRIEF_CRM_TIMEOUT_MS */
  char *crm_max_attempts;    /* DEBRIEF_CRM_MAX_ATTEMPTS */
  char *crm_backoff_base;    /* DEBRIEF_CRM_BACKOFF_BASE_MS */
  char *crm_backoff_max;     /* DEBRIEF_CRM_BACKOFF_MAX_MS */
  char *crm_retry_after_max; /* DEBRIEF_CRM_RETRY_AFTER_MAX_S */
  char *crm_workers;         /* DEBRIEF_CRM_WORKERS */
  char *crm_poll;            /* DEBRIEF_CRM_POLL_MS */
} dbf_config;

/* Fills cfg from the file (if any) and the environment. Free with dbf_config_free. */
dbf_err dbf_config_load(dbf_config *cfg, dbf_status *st);
void dbf_config_free(dbf_config *cfg);

/*
 * Checked integer parsing (docs/conventions.md rule 7): the whole of s must be a base-10
 * integer within [min, max]. Returns DBF_ERR_INVALID otherwise.
 */
dbf_err dbf_parse_i64(const char *s, int64_t min, int64_t max, int64_t *out);

/*
 * The value of a string setting by its variable name (environment first,
 * then the file; both already merged into cfg), or NULL when unset or not a
 * string setting. Names that are not debrief settings (OPENAI_API_KEY...)
 * come from the environment. Borrowed. The signature fits
 * dbf_llm_config_load's getter with cfg as its argument.
 */
const char *dbf_config_get(const char *name, void *cfg);

/*
 * An integer setting read through get (dbf_config_get's shape, with arg):
 * unset or empty keeps *out (the caller's default); otherwise the whole
 * value must be an integer in [min, max], else DBF_ERR_INVALID naming the
 * variable and the range. Shared by the settings that layers above core
 * validate themselves (server/llm/llm_config.c, server/delivery/).
 */
dbf_err dbf_config_get_int(const char *(*get)(const char *name, void *arg), void *arg,
                           const char *name, int64_t min, int64_t max, int64_t *out,
                           dbf_status *st);

/* True when addr ("host:port") names a loopback host. */
bool dbf_addr_is_loopback(const char *addr);

#endif
