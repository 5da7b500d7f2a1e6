/*
 * main.c - the debrief-server binary.
 *
 *   debrief-server                 serve gRPC (the default)
 *   debrief-server serve           same
 *   debrief-server migrate         apply database migrations and exit
 *   debrief-server token --user U --role R [--team T] [--name N] [--ttl SECONDS]
 *                                  mint a bearer token from the configured key
 *   debrief-server version
 *
 * Configuration is read from DEBRIEF_* variables (docs/configuration.md).
 * Signals: SIGTERM and SIGINT start a graceful shutdown. They are blocked in
 * every thread and taken synchronously with sigwait() here, so no handler
 * runs in async-signal context.
 */
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "auth/auth.h"
#include "core/alloc.h"
#include "core/config.h"
#include "core/log.h"
#include "core/metrics.h"
#include "engine/extract.h"
#include "llm/llm.h"
#include "service/analytics_fold.h"
#include "service/app.h"
#include "service/crm.h"
#include "service/interceptor.h"
#include "service/notify_hub.h"
#include "service/services.h"
#include "service/stream_guard.h"
#include "service/sweeper.h"
#include "service/tplcache.h"
#include "store/store.h"
#include "transport/server.h"

static void usage(FILE *out) {
  fputs("usage: debrief-server [serve | migrate | version | token --user U --role "
        "member|manager|admin [--team T] [--name N] [--ttl SECONDS]]\n",
        out);
}

static void auth_opts_from_config(const dbf_config *cfg, dbf_auth_opts *o) {
  memset(o, 0, sizeof *o);
  o->alg = cfg->jwt_alg;
  o->secret = cfg->jwt_secret;
  o->public_key_file = cfg->jwt_public_key_file;
  o->private_key_file = getenv("DEBRIEF_JWT_PRIVATE_KEY_FILE");
  o->issuer = cfg->jwt_issuer;
  o->audience = cfg->jwt_audience;
  o->dev_mode = cfg->dev_mode;
  o->leeway_s = cfg->jwt_leeway_s;
}

static int cmd_token(const dbf_config *cfg, int argc, char **argv) {
  const char *user = NULL, *role = NULL, *team = "", *name = "";
  int64_t ttl = 3600;
  for (int i = 2; i < argc; i++) {
    const char *a = argv[i];
    const char *v = i + 1 < argc ? argv[i + 1] : NULL;
    if (!v) {
      fprintf(stderr, "debrief-server token: %s needs a value\n", a);
      return 2;
    }
    if (!strcmp(a, "--user"))
      user = v;
    else if (!strcmp(a, "--role"))
      role = v;
    else if (!strcmp(a, "--team"))
      team = v;
    else if (!strcmp(a, "--name"))
      name = v;
    else if (!strcmp(a, "--ttl")) {
      if (dbf_parse_i64(v, 1, 366LL * 24 * 3600, &ttl)) {
        fprintf(stderr, "debrief-server token: --ttl must be seconds in [1, 31622400]\n");
        return 2;
      }
    } else {
      fprintf(stderr, "debrief-server token: unknown option %s\n", a);
      usage(stderr);
      return 2;
    }
    i++;
  }
  dbf_role r = dbf_role_parse(role);
  if (!user || !*user || r == DBF_ROLE_NONE) {
    fprintf(stderr, "debrief-server token: --user and --role member|manager|admin are required\n");
    return 2;
  }
  dbf_auth_opts o;
  auth_opts_from_config(cfg, &o);
  dbf_status st = {0};
  char *tok = NULL;
  if (dbf_auth_mint(&o, user, r, team, name, ttl, &tok, &st)) {
    fprintf(stderr, "debrief-server token: %s\n", st.msg);
    return 1;
  }
  puts(tok);
  dbf_free(tok);
  return 0;
}

static dbf_err open_store(const dbf_config *cfg, dbf_store **out, dbf_status *st) {
  if (!cfg->database_url || !*cfg->database_url)
    return dbf_fail(st, DBF_ERR_INVALID,
                    "DEBRIEF_DATABASE_URL is not set; scripts/run.sh starts a private "
                    "PostgreSQL and sets it for you");
  dbf_store_opts so = {
      .conninfo = cfg->database_url,
      .pool_size = cfg->db_pool_size,
      .no_prepared_statements = cfg->db_no_prepared_statements,
      .statement_timeout_ms = cfg->step_timeout_ms, /* no statement outlives a step */
      .data_dir = cfg->data_dir,
      .session_timeout_s = cfg->session_timeout_s,
  };
  return dbf_store_open(&so, out, st);
}

static int cmd_migrate(const dbf_config *cfg) {
  dbf_status st = {0};
  dbf_store *store = NULL;
  dbf_err rc = open_store(cfg, &store, &st);
  if (!rc)
    rc = dbf_store_migrate(store, &st);
  if (rc)
    dbf_log(DBF_LOG_ERROR, "migrate.failed", "%s", st.msg);
  else
    dbf_log(DBF_LOG_INFO, "migrate.done", "migrations applied");
  dbf_store_close(store);
  return rc ? 1 : 0;
}

static dbf_err check_auth_config(const dbf_config *cfg, dbf_status *st) {
  bool have_key = !strcmp(cfg->jwt_alg, "RS256") ? cfg->jwt_public_key_file != NULL
                                                 : cfg->jwt_secret && *cfg->jwt_secret;
  if (have_key || cfg->dev_mode)
    return DBF_OK;
  return dbf_fail(st, DBF_ERR_INVALID,
                  "no token key configured: set DEBRIEF_JWT_SECRET (HS256) or "
                  "DEBRIEF_JWT_ALG=RS256 with DEBRIEF_JWT_PUBLIC_KEY_FILE; for local "
                  "development only, DEBRIEF_DEV_MODE=1 relaxes authentication");
}

static int cmd_serve(const dbf_config *cfg) {
  dbf_status st = {0};
  dbf_app app = {.cfg = cfg};
  dbf_auth_opts ao;
  int status = 1;
  sigset_t sigs;
  sigemptyset(&sigs);
  sigaddset(&sigs, SIGINT);
  sigaddset(&sigs, SIGTERM);
  /* Every thread created from here on inherits the blocked set. */
  pthread_sigmask(SIG_BLOCK, &sigs, NULL);
  signal(SIGPIPE, SIG_IGN);

  if (check_auth_config(cfg, &st))
    goto out;
  auth_opts_from_config(cfg, &ao);
  if (dbf_auth_create(&ao, &app.auth, &st))
    goto out;
  if (open_store(cfg, &app.store, &st) || dbf_store_migrate(app.store, &st) ||
      dbf_store_sync_templates(app.store, &st))
    goto out;
  app.tplcache = dbf_tplcache_new(4096);
  if (!app.tplcache) {
    dbf_fail(&st, DBF_ERR_NOMEM, "out of memory");
    goto out;
  }
  {
    /* DEBRIEF_LLM picks the provider; offline (the default) needs nothing. */
    dbf_llm_config lc;
    if (dbf_llm_config_load(&lc, dbf_config_get, (void *)cfg, &st))
      goto out;
    dbf_err lrc = dbf_llm_create(&lc, &app.llm, &st);
    dbf_llm_config_free(&lc);
    if (lrc)
      goto out;
    /* Answers waiting on the model use their own threads, never the
     * transport's workers; past a backlog as large again they go offline. */
    if (dbf_llm_enabled(app.llm) &&
        dbf_workq_create(cfg->llm_wait_threads, (size_t)cfg->llm_wait_threads, &app.llm_lane, &st))
      goto out;
  }
  char prompts[4096];
  snprintf(prompts, sizeof prompts, "%s/prompts", cfg->data_dir ? cfg->data_dir : ".");
  app.prompts_dir = prompts;
  char lexdir[4096];
  snprintf(lexdir, sizeof lexdir, "%s/lexicons", cfg->data_dir ? cfg->data_dir : ".");
  if (dbf_lexicons_load(lexdir, &app.lex, &st))
    goto out;

  dbf_server_opts so = {
      .addr = cfg->grpc_addr,
      .cq_threads = cfg->cq_threads,
      .worker_threads = cfg->worker_threads,
      .max_message_bytes = cfg->max_message_bytes,
      .tls_cert_file = cfg->tls_cert_file,
      .tls_key_file = cfg->tls_key_file,
      .tls_client_ca_file = cfg->tls_client_ca_file,
      .allow_insecure = cfg->allow_insecure,
      .max_concurrent_streams = cfg->max_concurrent_streams,
      .max_metadata_bytes = cfg->max_metadata_bytes,
      .keepalive_time_ms = cfg->keepalive_time_ms,
      .keepalive_timeout_ms = cfg->keepalive_timeout_ms,
      .min_ping_interval_ms = cfg->min_ping_interval_ms,
      .max_public_streams = cfg->max_public_streams,
      .metrics = dbf_metrics_default(), /* served by OpsService.GetMetrics */
  };
  if (dbf_server_create(&so, &app.srv, &st))
    goto out;
  dbf_server_set_interceptor(app.srv, dbf_service_intercept, &app);
  if (dbf_server_add_builtin_services(app.srv, &st) || dbf_services_register(&app, app.srv, &st))
    goto out;
  if (dbf_server_start(app.srv, &st))
    goto out;
  /* Background work on the store: live notifications and the session sweeper. */
  if (dbf_notify_hub_start(&app, &st) || dbf_sweeper_start(&app, &st) ||
      dbf_analytics_fold_start(&app, &st) || dbf_stream_guard_start(cfg->max_streams_per_user, &st))
    goto out;
  /* The CRM outbox's delivery threads (docs/crm.md). */
  if (dbf_crm_start(&app, &st))
    goto out;
  dbf_server_set_health(app.srv, "", true);
  {
    json_t *f =
        json_pack("{s:s, s:i, s:s, s:b, s:i, s:i}", "addr", cfg->grpc_addr, "port",
                  dbf_server_port(app.srv), "llm", cfg->llm, "tls", cfg->tls_cert_file != NULL,
                  "cq_threads", cfg->cq_threads, "worker_threads", cfg->worker_threads);
    dbf_log_fields(DBF_LOG_INFO, "server.listening", f);
  }
  if (cfg->dev_mode)
    dbf_log(DBF_LOG_WARN, "auth.dev_mode",
            "DEV MODE IS ON: requests without a token run as an admin; never use in production");

  int sig = 0;
  sigwait(&sigs, &sig);
  /*
   * Shutdown, in order: health says NOT_SERVING at once, so load balancers
   * move new calls elsewhere while this instance still serves them for the
   * drain window. Then live streams are told to reconnect (Converse gets a
   * SERVER_SHUTDOWN warning and UNAVAILABLE; watchers end), GOAWAY stops
   * new calls, and calls in flight, commits included, get the grace period
   * to finish before the rest are cancelled. Nothing acknowledged is lost:
   * an answer is acknowledged only after its commit, and a client that
   * reconnects with resume_after_seq gets every frame it missed.
   */
  dbf_log(DBF_LOG_INFO, "server.stopping",
          "signal %d: NOT_SERVING for %d ms, then draining calls for up to %d ms", sig,
          cfg->drain_ms, cfg->shutdown_grace_ms);
  dbf_server_set_health(app.srv, "", false);
  if (cfg->drain_ms > 0) {
    struct timespec drain = {.tv_sec = cfg->drain_ms / 1000,
                             .tv_nsec = (long)(cfg->drain_ms % 1000) * 1000000L};
    while (nanosleep(&drain, &drain) != 0)
      ;
  }
  dbf_sweeper_stop();
  dbf_analytics_fold_stop();
  dbf_notify_hub_stop(); /* watch streams never end by themselves */
  dbf_conversation_shutdown();
  dbf_server_shutdown(app.srv, cfg->shutdown_grace_ms);
  status = 0;
out:
  if (status)
    dbf_log(DBF_LOG_ERROR, "server.failed", "%s", st.msg[0] ? st.msg : "start-up failed");
  dbf_notify_hub_stop(); /* no-ops after a clean stop above */
  dbf_sweeper_stop();
  dbf_analytics_fold_stop();
  dbf_stream_guard_stop();
  dbf_server_destroy(app.srv);
  dbf_crm_stop(); /* after the server (no handler reads its settings now), before the store */
  dbf_workq_destroy(app.llm_lane); /* after the server: no call can post to it now */
  dbf_lexicons_free(app.lex);
  dbf_tplcache_free(app.tplcache);
  dbf_llm_destroy(app.llm);
  dbf_store_close(app.store);
  dbf_auth_destroy(app.auth);
  if (!status)
    dbf_log(DBF_LOG_INFO, "server.stopped", "clean shutdown");
  return status;
}

int main(int argc, char **argv) {
  const char *cmd = argc > 1 ? argv[1] : "serve";
  if (!strcmp(cmd, "-h") || !strcmp(cmd, "--help") || !strcmp(cmd, "help")) {
    usage(stdout);
    return 0;
  }
  if (!strcmp(cmd, "version")) {
    puts("debrief-server " DBF_VERSION);
    return 0;
  }
  if (dbf_alloc_install()) {
    fputs("debrief-server: cannot initialise libcurl\n", stderr);
    return 1;
  }
  dbf_config cfg;
  dbf_status st = {0};
  if (dbf_config_load(&cfg, &st)) {
    fprintf(stderr, "debrief-server: %s\n", st.msg);
    return 2;
  }
  dbf_log_init(dbf_log_level_parse(cfg.log_level, DBF_LOG_INFO), NULL);
  int rc;
  if (!strcmp(cmd, "token"))
    rc = cmd_token(&cfg, argc, argv);
  else if (!strcmp(cmd, "migrate"))
    rc = cmd_migrate(&cfg);
  else if (!strcmp(cmd, "serve"))
    rc = cmd_serve(&cfg);
  else {
    usage(stderr);
    rc = 2;
  }
  dbf_config_free(&cfg);
  return rc;
}
