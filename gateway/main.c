/*
 * main.c - debrief-gateway: the HTTP/JSON + WebSocket gateway in front of
 * a debrief server (docs/gateway.md). Reads its settings from the
 * environment (docs/configuration.md), serves until SIGTERM or SIGINT, then
 * closes its connections and cancels their calls.
 */
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/alloc.h"
#include "core/config.h"
#include "core/log.h"
#include "gateway/opts.h"
#include "gateway/server.h"

static void *signal_main(void *arg) {
  sigset_t set;
  int sig;
  sigemptyset(&set);
  sigaddset(&set, SIGTERM);
  sigaddset(&set, SIGINT);
  if (sigwait(&set, &sig) == 0) {
    dbf_log(DBF_LOG_INFO, "gateway_stopping", "signal %d", sig);
    dbf_gw_server_stop(arg);
  }
  return NULL;
}

int main(int argc, char **argv) {
  (void)argc;
  (void)argv;
  dbf_status st = {0};
  dbf_gw_opts opts;
  dbf_gw_server *srv = NULL;
  int code = 1;
  if (dbf_alloc_install() != 0) {
    fprintf(stderr, "debrief-gateway: cannot install the allocator hooks\n");
    return 1;
  }
  const char *lvl = getenv("DEBRIEF_LOG_LEVEL");
  dbf_log_init(dbf_log_level_parse(lvl, DBF_LOG_INFO), stderr);
  /* Every thread started from here on (gRPC's, libwebsockets') inherits the mask, so the
     signals reach only signal_main. */
  sigset_t set;
  sigemptyset(&set);
  sigaddset(&set, SIGTERM);
  sigaddset(&set, SIGINT);
  pthread_sigmask(SIG_BLOCK, &set, NULL);
  signal(SIGPIPE, SIG_IGN);
  if (dbf_gw_opts_load(&opts, &st) != DBF_OK) {
    dbf_log(DBF_LOG_ERROR, "gateway_config", "%s", st.msg);
    return 2;
  }
  if (dbf_gw_server_create(&opts, &srv, &st) != DBF_OK) {
    dbf_log(DBF_LOG_ERROR, "gateway_start", "%s", st.msg);
    goto out;
  }
  pthread_t sig_thread;
  if (pthread_create(&sig_thread, NULL, signal_main, srv) != 0) {
    dbf_log(DBF_LOG_ERROR, "gateway_start", "cannot start the signal thread");
    goto out;
  }
  pthread_detach(sig_thread);
  dbf_log(DBF_LOG_INFO, "gateway_listening", "http on %s, upstream %s", opts.listen_addr,
          opts.upstream);
  code = dbf_gw_server_run(srv) == DBF_OK ? 0 : 1;
  dbf_log(DBF_LOG_INFO, "gateway_stopped", "exit %d", code);
out:
  dbf_gw_server_free(srv);
  dbf_gw_opts_free(&opts);
  return code;
}
