/*
 * metrics.c - the gateway's Prometheus counters (metrics.h). Series live in
 * fixed arrays: the label values come from the route table, so their
 * number is bounded by it; past the arrays' size a series is dropped
 * rather than grown.
 */
#include "gateway/metrics.h"

#include <string.h>

#include "core/alloc.h"

#define MAX_ROUTES 128
#define MAX_STATUS 16 /* distinct statuses per route */
#define MAX_KINDS  4
#define NBUCKETS   12

static const double BUCKETS[NBUCKETS] = {0.001, 0.0025, 0.005, 0.01, 0.025, 0.05,
                                         0.1,   0.25,   0.5,   1,    2.5,   10};

typedef struct route_series {
  const char *route;
  int status[MAX_STATUS];
  unsigned long long count[MAX_STATUS];
  unsigned long long bucket[NBUCKETS];
  unsigned long long n;
  double sum;
} route_series;

struct dbf_gw_metrics {
  route_series routes[MAX_ROUTES];
  size_t nroutes;
  const char *kinds[MAX_KINDS];
  long open[MAX_KINDS];
};

dbf_gw_metrics *dbf_gw_metrics_create(void) {
  return dbf_calloc(1, sizeof(dbf_gw_metrics));
}

void dbf_gw_metrics_free(dbf_gw_metrics *m) {
  dbf_free(m);
}

static route_series *series(dbf_gw_metrics *m, const char *route) {
  for (size_t i = 0; i < m->nroutes; i++)
    if (strcmp(m->routes[i].route, route) == 0)
      return &m->routes[i];
  if (m->nroutes == MAX_ROUTES)
    return NULL;
  m->routes[m->nroutes].route = route;
  return &m->routes[m->nroutes++];
}

void dbf_gw_metrics_request(dbf_gw_metrics *m, const char *route, int http_status, double seconds) {
  route_series *s = m ? series(m, route) : NULL;
  if (!s)
    return;
  for (size_t i = 0; i < MAX_STATUS; i++) {
    if (s->status[i] == 0)
      s->status[i] = http_status;
    if (s->status[i] == http_status) {
      s->count[i]++;
      break;
    }
  }
  for (size_t b = 0; b < NBUCKETS; b++)
    if (seconds <= BUCKETS[b])
      s->bucket[b]++;
  s->n++;
  s->sum += seconds;
}

void dbf_gw_metrics_stream(dbf_gw_metrics *m, const char *kind, int delta) {
  for (size_t i = 0; m && i < MAX_KINDS; i++) {
    if (!m->kinds[i])
      m->kinds[i] = kind;
    if (strcmp(m->kinds[i], kind) == 0) {
      m->open[i] += delta;
      return;
    }
  }
}

dbf_err dbf_gw_metrics_render(const dbf_gw_metrics *m, dbf_buf *out) {
  dbf_err rc = dbf_buf_appends(out, "# HELP debrief_gateway_requests_total HTTP requests the "
                                    "gateway answered, by route and status.\n"
                                    "# TYPE debrief_gateway_requests_total counter\n");
  for (size_t r = 0; rc == DBF_OK && r < m->nroutes; r++)
    for (size_t i = 0; rc == DBF_OK && i < MAX_STATUS && m->routes[r].status[i]; i++)
      rc = dbf_buf_printf(out, "debrief_gateway_requests_total{route=\"%s\",code=\"%d\"} %llu\n",
                          m->routes[r].route, m->routes[r].status[i], m->routes[r].count[i]);
  if (rc == DBF_OK)
    rc = dbf_buf_appends(out, "# HELP debrief_gateway_request_seconds Time from the request to "
                              "its last byte, by route.\n"
                              "# TYPE debrief_gateway_request_seconds histogram\n");
  for (size_t r = 0; rc == DBF_OK && r < m->nroutes; r++) {
    const route_series *s = &m->routes[r];
    for (size_t b = 0; rc == DBF_OK && b < NBUCKETS; b++)
      rc = dbf_buf_printf(out,
                          "debrief_gateway_request_seconds_bucket{route=\"%s\",le=\"%g\"} %llu\n",
                          s->route, BUCKETS[b], s->bucket[b]);
    if (rc == DBF_OK)
      rc = dbf_buf_printf(out,
                          "debrief_gateway_request_seconds_bucket{route=\"%s\",le=\"+Inf\"} %llu\n"
                          "debrief_gateway_request_seconds_sum{route=\"%s\"} %.6f\n"
                          "debrief_gateway_request_seconds_count{route=\"%s\"} %llu\n",
                          s->route, s->n, s->route, s->sum, s->route, s->n);
  }
  if (rc == DBF_OK)
    rc = dbf_buf_appends(out, "# HELP debrief_gateway_open_streams Streams open through the "
                              "gateway, by kind.\n"
                              "# TYPE debrief_gateway_open_streams gauge\n");
  static const char *const KINDS[] = {"websocket", "sse", "ndjson"};
  for (size_t k = 0; rc == DBF_OK && k < DBF_ARRAY_LEN(KINDS); k++) {
    long v = 0;
    for (size_t i = 0; i < MAX_KINDS && m->kinds[i]; i++)
      if (strcmp(m->kinds[i], KINDS[k]) == 0)
        v = m->open[i];
    rc = dbf_buf_printf(out, "debrief_gateway_open_streams{kind=\"%s\"} %ld\n", KINDS[k], v);
  }
  return rc;
}
