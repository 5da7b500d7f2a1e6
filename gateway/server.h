/*
 * server.h - the gateway's HTTP/1.1 + WebSocket server on libwebsockets,
 * bridging to the debrief server through upstream.h.
 *
 * Threading: libwebsockets runs on the thread that calls
 * dbf_gw_server_run, and every request and socket is handled there. The
 * gRPC completion-queue thread hands completions over through upstream's
 * queue and lws_cancel_service(); LWS_CALLBACK_EVENT_WAIT_CANCELLED then
 * dispatches them on the service thread. Nothing blocks that thread.
 */
#ifndef DBF_GATEWAY_SERVER_H
#define DBF_GATEWAY_SERVER_H

#include "core/err.h"
#include "gateway/opts.h"

typedef struct dbf_gw_server dbf_gw_server;

/* Builds the route table and the OpenAPI document, binds the listening socket and connects the
   upstream channel. o is borrowed until dbf_gw_server_free. */
dbf_err dbf_gw_server_create(const dbf_gw_opts *o, dbf_gw_server **out, dbf_status *st);

/* Serves until dbf_gw_server_stop. */
dbf_err dbf_gw_server_run(dbf_gw_server *s);

/* Asks the serving thread to stop; safe from any thread (not from a signal handler). */
void dbf_gw_server_stop(dbf_gw_server *s);

/* Closes every connection, cancels every call and frees s. */
void dbf_gw_server_free(dbf_gw_server *s);

#endif
