/*
 * metrics.h - what the gateway itself sees, in the Prometheus text format
 * at /metrics: requests by route and HTTP status, a latency histogram by
 * route, and open streams by kind. Everything is updated and rendered on
 * the libwebsockets thread, so there are no locks.
 */
#ifndef DBF_GATEWAY_METRICS_H
#define DBF_GATEWAY_METRICS_H

#include "core/buf.h"
#include "core/err.h"

typedef struct dbf_gw_metrics dbf_gw_metrics;

/* Returns a new, empty registry (NULL when out of memory); free with dbf_gw_metrics_free. */
dbf_gw_metrics *dbf_gw_metrics_create(void);
void dbf_gw_metrics_free(dbf_gw_metrics *m);

/* Counts one finished request. route must outlive m (a route table or a literal). */
void dbf_gw_metrics_request(dbf_gw_metrics *m, const char *route, int http_status, double seconds);

/* Adds delta to the open streams of kind ("websocket", "sse", "ndjson"), a literal. */
void dbf_gw_metrics_stream(dbf_gw_metrics *m, const char *kind, int delta);

/* Appends the exposition text. */
dbf_err dbf_gw_metrics_render(const dbf_gw_metrics *m, dbf_buf *out);

#endif
