/*
 * http.c - REST over libwebsockets: one request at a time per connection,
 * matched against the route table, bound into the request message, sent
 * upstream as a gRPC call, and answered with canonical JSON. Also the
 * operations endpoints (/healthz, /readyz, /metrics, /openapi.json), CORS,
 * and server streams as NDJSON or Server-Sent Events.
 *
 * Every callback here runs on the libwebsockets service thread, the
 * upstream events included (upstream.h), so a request's state needs no
 * lock. A request's memory lives in its arena and its buffers, freed when
 * the request ends (keep-alive reuses the connection's state).
 */
#include <stdio.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "core/alloc.h"
#include "core/arena.h"
#include "core/clock.h"
#include "core/config.h"
#include "core/log.h"
#include "gateway/bind.h"
#include "gateway/devtoken.h"
#include "gateway/errors.h"
#include "gateway/json.h"
#include "gateway/server_int.h"
#include "gateway/static.h"
#include "debrief/v1/ops_service.pb-c.h"
#include "grpc/health/v1/health.pb-c.h"

#define STREAM_BUF_MAX (8u << 20) /* a server stream's unsent output before it is cut */
#define HEADERS_DELAY_US                                                                           \
  (300 * 1000) /* a stream's status line waits this long for an early error */
#define HEALTH_PATH        "/grpc.health.v1.Health/Check"
#define METRICS_PATH       "/debrief.v1.OpsService/GetMetrics"
#define METRICS_TIMEOUT_MS 5000 /* the server's part of a scrape; Prometheus waits 10 s */
#define PROTOBUF_TYPE      "application/x-protobuf" /* REST bodies for clients without JSON */

typedef enum req_state {
  RQ_IDLE = 0, /* waiting for a request */
  RQ_BODY,     /* reading the body */
  RQ_UPSTREAM, /* the call is running */
  RQ_RESPOND,  /* the response is ready or being written */
} req_state;

typedef struct http_req {
  struct lws *wsi;
  dbf_gw_server *srv;
  req_state state;
  char method[8];
  char path[1024];
  char request_id[DBF__GW_REQUEST_ID_MAX + 1];
  char origin[256];
  int64_t start_us;
  const char *label; /* metrics route label */
  bool has_body;     /* a Content-Length above 0 came */
  bool body_too_big; /* past max_body_bytes: 413, then close */
  dbf_buf body;
  dbf_arena *arena;
  dbf_gw_match match;
  dbf_gw_call *call;
  bool pb_in;  /* Content-Type: application/x-protobuf: the body is protobuf */
  bool pb_out; /* answer in application/x-protobuf (pb_in, or Accept names it) */
  bool readyz; /* the call is the /readyz health check */
  bool scrape; /* the call is the server's part of a /metrics scrape (OpsService.GetMetrics) */
  /* the reply */
  uint8_t *reply;
  size_t reply_len;
  int status; /* HTTP */
  const char *content_type;
  const char *www_auth; /* "Bearer" on 401 */
  char allow[64];       /* on 405 */
  bool web;             /* a file of the web app: CSP, caching and validator headers */
  const char *cache;    /* Cache-Control of a web app file */
  char etag[48];        /* its ETag */
  dbf_buf out;          /* body (or pending stream bytes) */
  size_t out_off;
  bool headers_sent; /* the status line and headers are written */
  bool close_after;  /* close instead of keeping the connection */
  /* server streams */
  bool streaming;      /* a server stream: NDJSON or SSE, no Content-Length */
  bool sse;            /* Accept asked for text/event-stream */
  bool stream_done;    /* the status came: close once the output is written */
  bool recv_armed;     /* a receive is in flight upstream */
  bool stream_counted; /* counted in the open-streams gauge */
  bool observed;       /* counted in the request metrics */
} http_req;

size_t dbf__gw_http_pss_size(void) {
  return sizeof(http_req);
}

/* ---- the response ---- */

static void observe(http_req *r);

static void req_reset(http_req *r) {
  if (r->status && !r->observed)
    observe(r); /* a stream the client closed, or a response cut short */
  if (r->call)
    dbf_gw_call_release(r->call);
  if (r->stream_counted)
    dbf_gw_metrics_stream(r->srv->metrics, r->sse ? "sse" : "ndjson", -1);
  dbf_arena_destroy(r->arena);
  dbf_buf_free(&r->body);
  dbf_buf_free(&r->out);
  struct lws *wsi = r->wsi;
  dbf_gw_server *srv = r->srv;
  memset(r, 0, sizeof *r);
  r->wsi = wsi;
  r->srv = srv;
}

static void respond(http_req *r, int status, const char *ctype) {
  r->status = status;
  r->content_type = ctype;
  r->state = RQ_RESPOND;
  lws_callback_on_writable(r->wsi);
}

/* An error response with a google.rpc.Status body, in JSON or protobuf. */
static void respond_error(http_req *r, int http, int code, const char *msg) {
  dbf_buf_reset(&r->out);
  r->out_off = 0;
  if ((r->pb_out ? dbf_gw_status_pb(code, msg, &r->out) : dbf_gw_status_json(code, msg, &r->out)) !=
      DBF_OK)
    dbf_buf_reset(&r->out);
  if (http == 401)
    r->www_auth = "Bearer";
  respond(r, http, r->pb_out ? PROTOBUF_TYPE : "application/json");
}

static void respond_status(http_req *r, int code, const char *msg) {
  respond_error(r, dbf_gw_http_status(code), code, msg);
}

static int add_header(struct lws *wsi, const char *name, const char *value, unsigned char **p,
                      unsigned char *end) {
  return lws_add_http_header_by_name(wsi, (const unsigned char *)name, (const unsigned char *)value,
                                     (int)strlen(value), p, end);
}

static int write_headers(http_req *r) {
  dbf_gw_server *s = r->srv;
  unsigned char *start = s->scratch + LWS_PRE, *p = start, *end = s->scratch + sizeof s->scratch;
  lws_filepos_t len = r->streaming ? LWS_ILLEGAL_HTTP_CONTENT_LEN : (lws_filepos_t)r->out.len;
  if (lws_add_http_common_headers(r->wsi, (unsigned)r->status, r->content_type, len, &p, end) ||
      add_header(r->wsi, "x-request-id:", r->request_id, &p, end) ||
      (r->www_auth && add_header(r->wsi, "www-authenticate:", r->www_auth, &p, end)) ||
      (r->allow[0] && add_header(r->wsi, "allow:", r->allow, &p, end)) ||
      /* lws says "connection: close" itself for a body without a length */
      (r->streaming && add_header(r->wsi, "cache-control:", "no-cache", &p, end)) ||
      (r->close_after && add_header(r->wsi, "connection:", "close", &p, end)) ||
      add_header(r->wsi, "x-content-type-options:", "nosniff", &p, end))
    return -1;
  if (r->web && (add_header(r->wsi, "content-security-policy:", DBF_GW_STATIC_CSP, &p, end) ||
                 add_header(r->wsi, "referrer-policy:", "no-referrer", &p, end) ||
                 add_header(r->wsi, "x-frame-options:", "DENY", &p, end) ||
                 add_header(r->wsi, "cache-control:", r->cache, &p, end) ||
                 (r->etag[0] && add_header(r->wsi, "etag:", r->etag, &p, end))))
    return -1;
  if (dbf_gw_origin_listed(s->opts->cors_origins, r->origin) &&
      (add_header(r->wsi, "access-control-allow-origin:", r->origin, &p, end) ||
       add_header(r->wsi, "vary:", "Origin", &p, end) ||
       add_header(r->wsi, "access-control-expose-headers:", "x-request-id", &p, end)))
    return -1;
  if (r->status == 204 && r->origin[0] && dbf_gw_origin_listed(s->opts->cors_origins, r->origin) &&
      (add_header(r->wsi, "access-control-allow-methods:", "GET, POST, PUT, PATCH, DELETE", &p,
                  end) ||
       add_header(r->wsi, "access-control-allow-headers:",
                  "authorization, content-type, x-request-id, x-request-timeout, timeout", &p,
                  end) ||
       add_header(r->wsi, "access-control-max-age:", "600", &p, end)))
    return -1;
  return lws_finalize_write_http_header(r->wsi, start, &p, end) ? -1 : 0;
}

static void observe(http_req *r) {
  r->observed = true;
  double secs = (double)(dbf_mono_ms() * 1000 - r->start_us) / 1e6;
  dbf_gw_metrics_request(r->srv->metrics, r->label ? r->label : "other", r->status,
                         secs < 0 ? 0 : secs);
}

/* The last byte of a response is written: count it, then keep the connection for the next
   request or close it. Returns what the lws callback should return. */
static int response_done(http_req *r) {
  observe(r);
  bool close_after = r->close_after;
  req_reset(r);
  return close_after || lws_http_transaction_completed(r->wsi) ? -1 : 0;
}

/* Writes the next piece; returns what the lws callback should return. */
static int on_writable(http_req *r) {
  if (r->state != RQ_RESPOND && !(r->streaming && r->headers_sent))
    return 0;
  if (!r->headers_sent) {
    r->headers_sent = true;
    if (write_headers(r))
      return -1;
    if (r->streaming) {
      lws_callback_on_writable(r->wsi);
      return 0;
    }
    if (r->out.len == 0)
      return response_done(r);
    /* A small body goes out in the same turn as the headers: libwebsockets queues a write
       behind one the socket did not take whole, so this costs no extra round of poll. */
  }
  size_t left = r->out.len - r->out_off, n = left < DBF__GW_CHUNK ? left : DBF__GW_CHUNK;
  bool final = !r->streaming && n == left;
  if (n > 0) {
    memcpy(r->srv->scratch + LWS_PRE, r->out.data + r->out_off, n);
    if (lws_write(r->wsi, r->srv->scratch + LWS_PRE, n,
                  final ? LWS_WRITE_HTTP_FINAL : LWS_WRITE_HTTP) < (int)n)
      return -1;
    r->out_off += n;
  }
  if (r->streaming) {
    if (r->out_off == r->out.len) {
      dbf_buf_reset(&r->out);
      r->out_off = 0;
      if (r->stream_done) {
        observe(r);
        return -1; /* the body of a stream ends when the connection does */
      }
      if (!r->recv_armed && r->call && dbf_gw_call_recv(r->call) == DBF_OK)
        r->recv_armed = true;
    } else {
      lws_callback_on_writable(r->wsi);
    }
    return 0;
  }
  if (!final) {
    lws_callback_on_writable(r->wsi);
    return 0;
  }
  return response_done(r);
}

/* ---- unary and server-stream calls ---- */

/*
 * /metrics: the gateway's own series, then whether the server's part is in
 * this scrape, then that part (server_text, or NULL when it is not).
 */
static void respond_metrics(http_req *r, const char *server_text) {
  dbf_buf_reset(&r->out);
  dbf_err rc = dbf_gw_metrics_render(r->srv->metrics, &r->out);
  if (rc == DBF_OK)
    rc = dbf_buf_printf(&r->out,
                        "# HELP debrief_gateway_server_metrics_up 1 when this scrape carries "
                        "the server's metrics (OpsService.GetMetrics answered), else 0.\n"
                        "# TYPE debrief_gateway_server_metrics_up gauge\n"
                        "debrief_gateway_server_metrics_up %d\n",
                        server_text ? 1 : 0);
  if (rc == DBF_OK && server_text)
    rc = dbf_buf_appends(&r->out, server_text);
  if (rc != DBF_OK) {
    respond_status(r, DBF_GW_RESOURCE_EXHAUSTED, "the metrics do not fit in the response buffer");
    return;
  }
  respond(r, 200, "text/plain; version=0.0.4");
}

/*
 * The server's answer to a scrape with a token. A token it refuses is the
 * scrape's answer (401, 403), so a Prometheus with a wrong token fails
 * loudly; a server that cannot answer leaves the gateway's own series,
 * with debrief_gateway_server_metrics_up 0.
 */
static void finish_scrape(http_req *r, int code, const char *details, ProtobufCMessage *m) {
  if (code == DBF_GW_UNAUTHENTICATED || code == DBF_GW_PERMISSION_DENIED) {
    respond_status(r, code, details);
    return;
  }
  if (code != DBF_GW_OK || !m) {
    dbf_log(DBF_LOG_WARN, "gateway.metrics_upstream",
            "the server's metrics are left out of this scrape: status %d: %s", code,
            details ? details : "its reply does not parse");
    respond_metrics(r, NULL);
    return;
  }
  respond_metrics(r, ((Debrief__V1__GetMetricsResponse *)m)->text);
}

static void finish_unary(http_req *r, int code, const char *details) {
  r->call = NULL; /* released by the caller of this callback chain below */
  if (r->scrape && code != DBF_GW_OK) {
    finish_scrape(r, code, details, NULL);
    return;
  }
  if (code != DBF_GW_OK) {
    respond_status(r, code, details);
    return;
  }
  if (r->pb_out && !r->readyz && !r->scrape) { /* the server's reply is the body as it is */
    dbf_buf_reset(&r->out);
    if (dbf_buf_append(&r->out, r->reply ? r->reply : (const uint8_t *)"", r->reply_len) !=
        DBF_OK) {
      respond_status(r, DBF_GW_RESOURCE_EXHAUSTED, "the reply is larger than the gateway sends");
      return;
    }
    respond(r, 200, PROTOBUF_TYPE);
    return;
  }
  ProtobufCAllocator alloc;
  dbf_arena_protobuf_allocator(r->arena, &alloc);
  const ProtobufCMessageDescriptor *d = r->readyz
                                            ? &grpc__health__v1__health_check_response__descriptor
                                        : r->scrape ? &debrief__v1__get_metrics_response__descriptor
                                                    : r->match.route->output;
  ProtobufCMessage *m =
      protobuf_c_message_unpack(d, &alloc, r->reply_len, r->reply ? r->reply : (const uint8_t *)"");
  if (r->scrape) {
    finish_scrape(r, code, details, m);
    return;
  }
  if (!m) {
    respond_status(r, DBF_GW_INTERNAL, "the server's reply does not parse");
    return;
  }
  if (r->readyz) {
    bool serving = ((Grpc__Health__V1__HealthCheckResponse *)m)->status ==
                   GRPC__HEALTH__V1__HEALTH_CHECK_RESPONSE__SERVING_STATUS__SERVING;
    dbf_buf_appends(&r->out, serving ? "{\"status\":\"SERVING\"}" : "{\"status\":\"NOT_SERVING\"}");
    respond(r, serving ? 200 : 503, "application/json");
    return;
  }
  dbf_status st = {0};
  dbf_buf_reset(&r->out);
  if (dbf_gw_msg_to_json(m, &r->out, &st) != DBF_OK) {
    respond_status(r, DBF_GW_INTERNAL, st.msg);
    return;
  }
  respond(r, 200, "application/json");
}

/* Appends one stream item: NDJSON {"result":...} or an SSE event. */
static dbf_err stream_item(http_req *r, const char *key, const char *json, size_t n) {
  dbf_buf *o = &r->out;
  dbf_err rc =
      r->sse ? dbf_buf_printf(o, "event: %s\ndata: ", key) : dbf_buf_printf(o, "{\"%s\":", key);
  if (rc == DBF_OK)
    rc = dbf_buf_append(o, json, n);
  if (rc == DBF_OK)
    rc = dbf_buf_appends(o, r->sse ? "\n\n" : "}\n");
  return rc;
}

static void stream_start_body(http_req *r) {
  if (r->headers_sent || r->state == RQ_RESPOND)
    return;
  r->status = 200;
  r->content_type = r->sse ? "text/event-stream" : "application/x-ndjson";
  r->state = RQ_RESPOND;
  r->stream_counted = true;
  dbf_gw_metrics_stream(r->srv->metrics, r->sse ? "sse" : "ndjson", 1);
  lws_callback_on_writable(r->wsi);
  if (r->sse)
    lws_set_timer_usecs(r->wsi, (lws_usec_t)r->srv->opts->sse_heartbeat_s * LWS_US_PER_SEC);
}

static void on_stream_event(http_req *r, const dbf_gw_event *ev) {
  if (ev->kind == DBF_GW_EV_MESSAGE) {
    r->recv_armed = false;
    if (!ev->data)
      return; /* the end; the status follows */
    ProtobufCAllocator alloc;
    dbf_arena *a = dbf_arena_create(r->srv->opts->max_message_bytes * 4 + (1u << 20));
    dbf_arena_protobuf_allocator(a, &alloc);
    ProtobufCMessage *m =
        a ? protobuf_c_message_unpack(r->match.route->output, &alloc, ev->len, ev->data) : NULL;
    dbf_buf j;
    dbf_status st = {0};
    dbf_buf_init(&j, STREAM_BUF_MAX);
    bool ok = m && dbf_gw_msg_to_json(m, &j, &st) == DBF_OK;
    dbf_arena_destroy(a);
    stream_start_body(r);
    if (!ok || stream_item(r, "result", j.data, j.len) != DBF_OK)
      dbf_gw_call_cancel(r->call); /* the status (CANCELLED) ends the body */
    dbf_buf_free(&j);
    lws_callback_on_writable(r->wsi);
    /* The next message is asked for once this one is written (on_writable). */
    return;
  }
  if (ev->kind != DBF_GW_EV_STATUS)
    return;
  if (!r->headers_sent && r->state != RQ_RESPOND && ev->code != DBF_GW_OK) {
    lws_set_timer_usecs(r->wsi, LWS_SET_TIMER_USEC_CANCEL);
    r->streaming = false; /* an early error is a plain response with a status */
    respond_status(r, ev->code, ev->details);
    return;
  }
  stream_start_body(r);
  if (ev->code != DBF_GW_OK) {
    dbf_buf s;
    dbf_buf_init(&s, 4096);
    if (dbf_gw_status_json(ev->code, ev->details, &s) == DBF_OK)
      stream_item(r, "error", s.data, s.len);
    dbf_buf_free(&s);
  }
  r->stream_done = true;
  lws_callback_on_writable(r->wsi);
}

static void on_call_event(dbf_gw_call *call, const dbf_gw_event *ev, void *arg) {
  http_req *r = arg;
  if (r->streaming) {
    on_stream_event(r, ev);
    if (ev->kind == DBF_GW_EV_STATUS) {
      r->call = NULL;
      dbf_gw_call_release(call);
    }
    return;
  }
  if (ev->kind == DBF_GW_EV_MESSAGE && ev->data && !r->reply) {
    r->reply = dbf_arena_alloc(r->arena, ev->len ? ev->len : 1);
    if (r->reply) {
      memcpy(r->reply, ev->data, ev->len);
      r->reply_len = ev->len;
    }
  } else if (ev->kind == DBF_GW_EV_STATUS) {
    finish_unary(r, ev->code, ev->details);
    dbf_gw_call_release(call);
  }
}

/* Starts the upstream call for r with the packed request; answers r itself on failure. */
static void call_upstream(http_req *r, const char *method, const uint8_t *req, size_t n,
                          int64_t timeout_ms) {
  char auth[DBF__GW_AUTH_MAX + 1];
  dbf_gw_md md[2];
  size_t nmd = 0;
  md[nmd++] = (dbf_gw_md){"x-request-id", r->request_id};
  int alen = dbf__gw_header(r->wsi, WSI_TOKEN_HTTP_AUTHORIZATION, auth, sizeof auth);
  if (alen < 0 && lws_hdr_total_length(r->wsi, WSI_TOKEN_HTTP_AUTHORIZATION) > 0) {
    respond_status(r, DBF_GW_UNAUTHENTICATED, "the Authorization header is too long");
    return;
  }
  if (alen > 0)
    md[nmd++] = (dbf_gw_md){"authorization", auth};
  dbf_err rc;
  if (r->streaming)
    rc = dbf_gw_call_start(r->srv->up, method, md, nmd, timeout_ms, on_call_event, r, &r->call);
  else /* one batch, one completion */
    rc = dbf_gw_call_unary(r->srv->up, method, md, nmd, timeout_ms, req, n, on_call_event, r,
                           &r->call);
  if (rc == DBF_OK && r->streaming &&
      (dbf_gw_call_send(r->call, req, n, true) != DBF_OK || dbf_gw_call_recv(r->call) != DBF_OK))
    rc = DBF_ERR_INTERNAL;
  if (rc != DBF_OK) {
    if (r->call)
      dbf_gw_call_release(r->call);
    r->call = NULL;
    if (r->scrape)
      finish_scrape(r, DBF_GW_UNAVAILABLE, "the gateway cannot reach the server", NULL);
    else
      respond_status(r, DBF_GW_UNAVAILABLE, "the gateway cannot reach the server");
    return;
  }
  r->recv_armed = true;
  r->state = RQ_UPSTREAM;
}

/* The call's deadline from Timeout / X-Request-Timeout, else the default; -1 when malformed. */
static int64_t request_timeout(http_req *r, bool stream) {
  char v[32];
  const dbf_gw_opts *o = r->srv->opts;
  if (dbf__gw_custom_header(r->wsi, "x-request-timeout:", v, sizeof v) < 0 &&
      dbf__gw_custom_header(r->wsi, "timeout:", v, sizeof v) < 0)
    return stream ? 0 : o->default_timeout_ms;
  int64_t ms;
  if (dbf_gw_parse_timeout(v, &ms) != DBF_OK || ms <= 0)
    return -1;
  return ms > o->max_timeout_ms ? o->max_timeout_ms : ms;
}

static void collect_query(http_req *r, const char **q, size_t *nq) {
  char frag[4096];
  *nq = 0;
  for (int i = 0; *nq < DBF_GW_MAX_QUERY_PARAMS; i++) {
    int n = lws_hdr_copy_fragment(r->wsi, frag, sizeof frag, WSI_TOKEN_HTTP_URI_ARGS, i);
    if (n < 0)
      break;
    if (n > 0)
      q[(*nq)++] = dbf_arena_strndup(r->arena, frag, (size_t)n);
  }
}

static void run_route(http_req *r) {
  dbf_gw_server *s = r->srv;
  const dbf_gw_route *rt = r->match.route;
  r->label = rt->method;
  const char *q[DBF_GW_MAX_QUERY_PARAMS];
  size_t nq;
  collect_query(r, q, &nq);
  for (size_t i = 0; i < nq; i++)
    if (!q[i]) {
      respond_status(r, DBF_GW_RESOURCE_EXHAUSTED, "out of memory");
      return;
    }
  ProtobufCMessage *m = NULL;
  dbf_status st = {0};
  dbf_err rc = r->pb_in
                   ? dbf_gw_bind_proto(r->arena, &r->match, (const uint8_t *)r->body.data,
                                       r->body.len, q, nq, &m, &st)
                   : dbf_gw_bind(r->arena, &r->match, r->body.data, r->body.len, q, nq, &m, &st);
  if (rc) {
    respond_status(r, dbf_gw_code_of_err(rc), st.msg);
    return;
  }
  size_t n = protobuf_c_message_get_packed_size(m);
  if (n > s->opts->max_message_bytes) {
    respond_error(r, 413, DBF_GW_RESOURCE_EXHAUSTED, "the request is larger than a message may be");
    return;
  }
  uint8_t *packed = dbf_arena_alloc(r->arena, n ? n : 1);
  if (!packed) {
    respond_status(r, DBF_GW_RESOURCE_EXHAUSTED, "out of memory");
    return;
  }
  protobuf_c_message_pack(m, packed);
  bool stream = rt->kind == DBF_GW_SERVER_STREAM;
  int64_t tmo = request_timeout(r, stream);
  if (tmo < 0) {
    respond_status(r, DBF_GW_INVALID_ARGUMENT,
                   "Timeout must be digits with an optional unit ms, s, m or h");
    return;
  }
  if (stream) {
    char accept[256];
    r->pb_out = false; /* server streams answer NDJSON or SSE (docs/gateway.md) */
    r->streaming = true;
    r->sse = dbf__gw_header(r->wsi, WSI_TOKEN_HTTP_ACCEPT, accept, sizeof accept) > 0 &&
             strstr(accept, "text/event-stream") != NULL;
    lws_set_timer_usecs(r->wsi, HEADERS_DELAY_US);
  }
  call_upstream(r, rt->grpc_path, packed, n, tmo);
}

static void ops_endpoint(http_req *r) {
  dbf_gw_server *s = r->srv;
  if (strcmp(r->path, "/healthz") == 0) {
    r->label = "healthz";
    dbf_buf_appends(&r->out, "{\"status\":\"ok\"}");
    respond(r, 200, "application/json");
  } else if (strcmp(r->path, "/readyz") == 0) {
    r->label = "readyz";
    r->readyz = true;
    call_upstream(r, HEALTH_PATH, (const uint8_t *)"", 0, 2000);
  } else if (strcmp(r->path, "/metrics") == 0) {
    /* With a token, the server's metrics follow the gateway's: the server decides whether
       the token may read them (admin only), as for any other call (docs/operations.md). */
    r->label = "metrics";
    if (lws_hdr_total_length(r->wsi, WSI_TOKEN_HTTP_AUTHORIZATION) > 0) {
      r->scrape = true;
      call_upstream(r, METRICS_PATH, (const uint8_t *)"", 0, METRICS_TIMEOUT_MS);
    } else {
      respond_metrics(r, NULL);
    }
  } else {
    r->label = "openapi";
    dbf_buf_append(&r->out, s->openapi, s->openapi_len);
    respond(r, 200, "application/json");
  }
}

/* A file of the web app, or 404 in the same JSON shape as any other miss. */
static void web_file(http_req *r) {
  const char *root = r->srv->opts->web_dir;
  char rel[512];
  r->label = "web";
  if (dbf_gw_static_path(r->path, rel, sizeof rel) != DBF_OK) {
    respond_error(r, 404, DBF_GW_NOT_FOUND, "no such file");
    return;
  }
  const char *type = dbf_gw_static_type(rel);
  if (!type || dbf_gw_static_read(root, rel, &r->out, r->etag, sizeof r->etag) != DBF_OK) {
    dbf_buf_reset(&r->out);
    r->etag[0] = '\0';
    respond_error(r, 404, DBF_GW_NOT_FOUND, "no such file");
    return;
  }
  r->web = true;
  r->cache = dbf_gw_static_cache(rel);
  char inm[64];
  if (dbf__gw_header(r->wsi, WSI_TOKEN_HTTP_IF_NONE_MATCH, inm, sizeof inm) > 0 &&
      strcmp(inm, r->etag) == 0) {
    dbf_buf_reset(&r->out);
    respond(r, 304, type);
    return;
  }
  respond(r, 200, type);
}

/* The API, the WebSocket and the operations endpoints own these; everything else is the app. */
static bool is_web_path(const char *p) {
  return strncmp(p, "/v1/", 4) != 0 && strcmp(p, "/v1") != 0;
}

static bool is_ops_path(const char *p) {
  return strcmp(p, "/healthz") == 0 || strcmp(p, "/readyz") == 0 || strcmp(p, "/metrics") == 0 ||
         strcmp(p, "/openapi.json") == 0;
}

/* The request is complete (headers and body): route it. */
static void dispatch_request(http_req *r) {
  dbf_gw_server *s = r->srv;
  char id[256];
  if (r->body_too_big) {
    r->close_after = true;
    respond_error(r, 413, DBF_GW_RESOURCE_EXHAUSTED, "the body is larger than the gateway accepts");
    return;
  }
  if (strcmp(r->method, "GET") == 0 && is_ops_path(r->path)) {
    ops_endpoint(r);
    return;
  }
  if (strcmp(r->method, "OPTIONS") == 0 && r->origin[0] &&
      dbf_gw_origin_listed(s->opts->cors_origins, r->origin)) {
    r->label = "preflight";
    respond(r, 204, "text/plain");
    return;
  }
  if (strcmp(r->path, "/dev/token") == 0 && strcmp(r->method, "GET") == 0 && s->opts->dev_secret) {
    r->label = "devtoken"; /* lets the app know it may offer the dev sign-in */
    dbf_buf_appends(&r->out, "{\"devMode\":true}");
    respond(r, 200, "application/json");
    return;
  }
  if (strcmp(r->path, "/dev/token") == 0 && strcmp(r->method, "POST") == 0 && s->opts->dev_secret) {
    dbf_status st = {0};
    r->label = "devtoken";
    dbf_buf_reset(&r->out);
    if (dbf_gw_dev_token(s->opts->dev_secret, r->body.data, r->body.len, &r->out, &st) != DBF_OK)
      respond_status(r, dbf_gw_code_of_err(st.code), st.msg);
    else
      respond(r, 200, "application/json");
    return;
  }
  if (strcmp(r->method, "GET") == 0 && is_web_path(r->path)) {
    web_file(r);
    return;
  }
  if (dbf__gw_converse_path(r->path, id, sizeof id)) {
    r->label = "Converse";
    respond_error(r, 426, DBF_GW_FAILED_PRECONDITION,
                  "Converse is a WebSocket: upgrade with subprotocol " DBF__GW_WS_PROTOCOL);
    return;
  }
  dbf_err rc = dbf_gw_route_match(s->routes, r->method, r->path, false, r->arena, &r->match);
  if (rc == DBF_ERR_NOT_FOUND) {
    respond_error(r, 404, DBF_GW_NOT_FOUND, "no route matches this path");
    return;
  }
  if (rc == DBF_ERR_UNIMPLEMENTED) {
    snprintf(r->allow, sizeof r->allow, "%s", r->match.allow);
    respond_error(r, 405, DBF_GW_UNIMPLEMENTED, "this path takes another HTTP method");
    return;
  }
  if (rc) {
    respond_status(r, DBF_GW_RESOURCE_EXHAUSTED, "out of memory");
    return;
  }
  run_route(r);
}

static const struct {
  enum lws_token_indexes tok;
  const char *name;
} METHODS[] = {
    {WSI_TOKEN_GET_URI, "GET"},       {WSI_TOKEN_POST_URI, "POST"},
    {WSI_TOKEN_PUT_URI, "PUT"},       {WSI_TOKEN_PATCH_URI, "PATCH"},
    {WSI_TOKEN_DELETE_URI, "DELETE"}, {WSI_TOKEN_OPTIONS_URI, "OPTIONS"},
    {WSI_TOKEN_HEAD_URI, "HEAD"},
};

/* True for "application/x-protobuf", with or without parameters, in any case. */
static bool is_protobuf_type(const char *v) {
  size_t n = strlen(PROTOBUF_TYPE);
  while (*v == ' ')
    v++;
  return strncasecmp(v, PROTOBUF_TYPE, n) == 0 && (v[n] == '\0' || v[n] == ';' || v[n] == ' ');
}

static int on_http(http_req *r, const char *path) {
  dbf_gw_server *s = r->srv;
  req_reset(r);
  r->start_us = dbf_mono_ms() * 1000;
  dbf_buf_init(&r->body, s->opts->max_body_bytes);
  dbf_buf_init(&r->out, s->opts->max_message_bytes * 4 + (64u << 10));
  r->arena = dbf_arena_create(s->opts->max_body_bytes * 8 + (1u << 20));
  dbf__gw_request_id(r->wsi, r->request_id, sizeof r->request_id);
  dbf__gw_header(r->wsi, WSI_TOKEN_ORIGIN, r->origin, sizeof r->origin);
  char ctype[128], accept[512];
  r->pb_in = dbf__gw_header(r->wsi, WSI_TOKEN_HTTP_CONTENT_TYPE, ctype, sizeof ctype) > 0 &&
             is_protobuf_type(ctype);
  r->pb_out =
      r->pb_in || (dbf__gw_header(r->wsi, WSI_TOKEN_HTTP_ACCEPT, accept, sizeof accept) > 0 &&
                   strstr(accept, PROTOBUF_TYPE) != NULL);
  for (size_t i = 0; i < DBF_ARRAY_LEN(METHODS); i++)
    if (lws_hdr_total_length(r->wsi, METHODS[i].tok) > 0)
      snprintf(r->method, sizeof r->method, "%s", METHODS[i].name);
  if (!r->arena) {
    respond_status(r, DBF_GW_RESOURCE_EXHAUSTED, "out of memory");
    return 0;
  }
  if (snprintf(r->path, sizeof r->path, "%s", path) >= (int)sizeof r->path || !r->method[0]) {
    r->close_after = true;
    respond_error(r, !r->method[0] ? 501 : 414, DBF_GW_INVALID_ARGUMENT,
                  "unsupported method or path too long");
    return 0;
  }
  char cl[32];
  int64_t clen = 0;
  if (dbf__gw_header(r->wsi, WSI_TOKEN_HTTP_CONTENT_LENGTH, cl, sizeof cl) > 0 &&
      dbf_parse_i64(cl, 0, INT64_MAX, &clen) != DBF_OK) {
    r->close_after = true;
    respond_status(r, DBF_GW_INVALID_ARGUMENT, "bad Content-Length");
    return 0;
  }
  char te[32];
  if (clen == 0 && dbf__gw_header(r->wsi, WSI_TOKEN_HTTP_TRANSFER_ENCODING, te, sizeof te) > 0 &&
      strstr(te, "chunked")) {
    /* libwebsockets 4.1 never says when a chunked request body ends: ask for a length. */
    r->close_after = true;
    respond_error(r, 411, DBF_GW_INVALID_ARGUMENT, "send the body with a Content-Length");
    return 0;
  }
  if (clen > 0) {
    r->has_body = true;
    r->state = RQ_BODY;
    if ((uint64_t)clen > s->opts->max_body_bytes) {
      r->body_too_big = true;
      dispatch_request(r); /* answer at once; the connection closes after */
    }
    return 0;
  }
  dispatch_request(r);
  return 0;
}

/* True when the comma-separated list names the protocol p exactly. */
static bool list_has(const char *list, const char *p) {
  size_t pn = strlen(p);
  for (const char *q = list; *q;) {
    while (*q == ' ' || *q == ',')
      q++;
    const char *e = q;
    while (*e && *e != ',' && *e != ' ')
      e++;
    if ((size_t)(e - q) == pn && memcmp(q, p, pn) == 0)
      return true;
    q = e;
  }
  return false;
}

/*
 * Before libwebsockets takes an upgrade: it must ask for our subprotocol (else lws would bind it
 * to plain HTTP and leave it hanging), and the list must fit lws 4.1's 127-byte buffer (else lws
 * drops the connection without a word). Both are refused with 400 and the reason.
 */
static int confirm_upgrade(struct lws *wsi) {
  char list[128];
  const char *why = NULL;
  if (lws_hdr_total_length(wsi, WSI_TOKEN_PROTOCOL) > 126)
    why = "the Sec-WebSocket-Protocol list is longer than 126 bytes: send the token in the "
          "Authorization header or as the first message";
  else if (dbf__gw_header(wsi, WSI_TOKEN_PROTOCOL, list, sizeof list) < 0 ||
           !list_has(list, DBF__GW_WS_PROTOCOL))
    why = "the WebSocket needs the subprotocol " DBF__GW_WS_PROTOCOL;
  if (!why)
    return 0;
  lws_return_http_status(wsi, HTTP_STATUS_BAD_REQUEST, why);
  return -1;
}

int dbf__gw_http_cb(struct lws *wsi, enum lws_callback_reasons reason, void *user, void *in,
                    size_t len) {
  http_req *r = user;
  dbf_gw_server *s = dbf__gw_server_of(wsi);
  switch (reason) {
    case LWS_CALLBACK_EVENT_WAIT_CANCELLED:
      if (s) {
        dbf_gw_upstream_dispatch(s->up);
      }
      return 0;
    case LWS_CALLBACK_HTTP_CONFIRM_UPGRADE:
      return confirm_upgrade(wsi);
    case LWS_CALLBACK_HTTP:
      r->wsi = wsi;
      r->srv = s;
      return on_http(r, in ? in : "/");
    case LWS_CALLBACK_HTTP_BODY:
      if (r->state != RQ_BODY || r->body_too_big)
        return 0;
      if (dbf_buf_append(&r->body, in, len) != DBF_OK) {
        r->body_too_big = true;
        dispatch_request(r);
      }
      return 0;
    case LWS_CALLBACK_HTTP_BODY_COMPLETION:
      if (r->state == RQ_BODY && !r->body_too_big)
        dispatch_request(r);
      return 0;
    case LWS_CALLBACK_HTTP_WRITEABLE:
      return on_writable(r);
    case LWS_CALLBACK_TIMER:
      if (r->streaming && !r->headers_sent && r->state == RQ_UPSTREAM) {
        stream_start_body(r);
      } else if (r->streaming && r->sse && !r->stream_done) {
        if (r->out.len == 0)
          dbf_buf_appends(&r->out, ": heartbeat\n\n");
        lws_callback_on_writable(wsi);
        lws_set_timer_usecs(wsi, (lws_usec_t)s->opts->sse_heartbeat_s * LWS_US_PER_SEC);
      }
      return 0;
    case LWS_CALLBACK_CLOSED_HTTP:
      /* No per-request memory when lws refused the request before the HTTP callback (a path
         with %00, for one): r is NULL then. */
      if (r && r->srv)
        req_reset(r);
      return 0;
    default:
      return lws_callback_http_dummy(wsi, reason, user, in, len);
  }
}
