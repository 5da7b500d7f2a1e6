/*
 * ws.c - Converse over a WebSocket (subprotocol debrief.v1.json): each
 * text message is one ConverseRequest or ConverseResponse in canonical
 * JSON, bridged to one gRPC Converse call.
 *
 * The upgrade is refused with 403 when Origin is not allowed. The token
 * comes from the Authorization header, from a "bearer.<token>" entry in the
 * subprotocol list, or (for browsers whose token is too long for
 * libwebsockets 4.1's 127-byte subprotocol list) from a first message
 * {"authorization":"Bearer <token>"}; never from the URL. The server checks
 * it, like any other call's: the gRPC call starts once the token is known. Reading pauses while a
 * frame is being sent upstream, the queue towards a slow reader is capped, and the gateway's last
 * message is
 * {"status":{...}}, followed by a close whose code matches it
 * (errors.h). {"halfClose":true} from the client half-closes the call.
 */
#include <stdio.h>
#include <string.h>

#include <jansson.h>

#include "core/alloc.h"
#include "core/arena.h"
#include "gateway/errors.h"
#include "gateway/json.h"
#include "gateway/server_int.h"

typedef struct ws_msg {
  struct ws_msg *next;
  size_t len;
  unsigned char data[]; /* LWS_PRE bytes, then len bytes of text */
} ws_msg;

typedef struct ws_conn {
  dbf_gw_server *srv;
  struct lws *wsi;
  struct ws_conn *prev, *next; /* the server's open sockets, for shutdown */
  char session_id[128];
  char request_id[DBF__GW_REQUEST_ID_MAX + 1];
  char auth[DBF__GW_AUTH_MAX + 1];
  dbf_gw_call *call;
  dbf_buf rx;             /* the message being reassembled */
  ws_msg *head, *tail;    /* towards the client */
  size_t queued;          /* bytes in the queue */
  bool half_close_wanted; /* {"halfClose":true} came during a send: do it after */
  bool closing;           /* the final status is queued: close once it is written */
  bool counted;           /* counted in the open-streams gauge */
  bool started;           /* the upstream call was started (with or without a token) */
  int close_code;
  char close_reason[64];
} ws_conn;

size_t dbf__gw_ws_pss_size(void) {
  return sizeof(ws_conn);
}

/* Queues one text message (copied). DBF_ERR_TOO_BIG past the connection's cap. */
static dbf_err enqueue(ws_conn *c, const char *p, size_t n) {
  if (c->queued + n > c->srv->opts->ws_send_queue_bytes)
    return DBF_ERR_TOO_BIG;
  ws_msg *m = dbf_malloc(sizeof *m + LWS_PRE + n);
  if (!m)
    return DBF_ERR_NOMEM;
  m->next = NULL;
  m->len = n;
  memcpy(m->data + LWS_PRE, p, n);
  if (c->tail)
    c->tail->next = m;
  else
    c->head = m;
  c->tail = m;
  c->queued += n;
  lws_callback_on_writable(c->wsi);
  return DBF_OK;
}

/* Sends {"status":...} and then closes with the matching code. */
static void finish(ws_conn *c, int code, const char *msg) {
  if (c->closing)
    return;
  c->closing = true;
  c->close_code = dbf_gw_ws_close_code(code);
  snprintf(c->close_reason, sizeof c->close_reason, "%s", dbf_gw_code_name(code));
  dbf_buf b;
  dbf_buf_init(&b, 8192);
  if (dbf_buf_appends(&b, "{\"status\":") == DBF_OK &&
      dbf_gw_status_json(code, msg, &b) == DBF_OK && dbf_buf_appends(&b, "}") == DBF_OK) {
    c->queued = 0; /* the status always fits: it is the last message */
    enqueue(c, b.data, b.len);
  }
  dbf_buf_free(&b);
  if (c->call)
    dbf_gw_call_cancel(c->call);
  lws_callback_on_writable(c->wsi);
}

/* Drops what is queued: a reader too slow for its cap gets only the final status. */
static void drop_queue(ws_conn *c) {
  while (c->head) {
    ws_msg *m = c->head;
    c->head = m->next;
    dbf_free(m);
  }
  c->tail = NULL;
  c->queued = 0;
}

static void on_message(ws_conn *c, const dbf_gw_event *ev) {
  const dbf_gw_opts *o = c->srv->opts;
  dbf_arena *a = dbf_arena_create(o->max_message_bytes * 4 + (1u << 20));
  ProtobufCAllocator alloc;
  ProtobufCMessage *m = NULL;
  if (a) {
    dbf_arena_protobuf_allocator(a, &alloc);
    m = protobuf_c_message_unpack(c->srv->converse->output, &alloc, ev->len, ev->data);
  }
  dbf_buf j;
  dbf_status st = {0};
  dbf_buf_init(&j, o->ws_send_queue_bytes);
  if (!m || dbf_gw_msg_to_json(m, &j, &st) != DBF_OK)
    finish(c, DBF_GW_INTERNAL, m ? st.msg : "the server's frame does not parse");
  else if (enqueue(c, j.data, j.len) != DBF_OK) {
    drop_queue(c);
    finish(c, DBF_GW_RESOURCE_EXHAUSTED, "the client reads too slowly: its send queue is full");
  } else if (dbf_gw_call_recv(c->call) != DBF_OK)
    finish(c, DBF_GW_INTERNAL, "cannot read the next frame");
  dbf_buf_free(&j);
  dbf_arena_destroy(a);
}

static void on_call_event(dbf_gw_call *call, const dbf_gw_event *ev, void *arg) {
  ws_conn *c = arg;
  switch (ev->kind) {
    case DBF_GW_EV_SENT:
      lws_rx_flow_control(c->wsi, 1);
      if (c->half_close_wanted && ev->ok) {
        c->half_close_wanted = false;
        dbf_gw_call_close_send(call);
      }
      break;
    case DBF_GW_EV_MESSAGE:
      if (ev->data && !c->closing)
        on_message(c, ev);
      break;
    case DBF_GW_EV_STATUS:
      finish(c, ev->code, ev->details);
      c->call = NULL;
      dbf_gw_call_release(call);
      break;
  }
}

static bool is_half_close(const json_t *j) {
  return json_is_object(j) && json_object_size(j) == 1 &&
         json_is_true(json_object_get(j, "halfClose"));
}

static void start_call(ws_conn *c);

/* One whole text message from the client. */
static void on_client_message(ws_conn *c) {
  json_error_t je;
  json_t *j = json_loadb(c->rx.data, c->rx.len, JSON_REJECT_DUPLICATES, &je);
  if (!j) {
    char msg[256];
    snprintf(msg, sizeof msg, "the message is not valid JSON: %s", je.text);
    finish(c, DBF_GW_INVALID_ARGUMENT, msg);
    return;
  }
  if (!c->started) {
    /* No token came with the upgrade: the first message may carry it. */
    const json_t *a =
        json_is_object(j) && json_object_size(j) == 1 ? json_object_get(j, "authorization") : NULL;
    if (json_is_string(a) && json_string_length(a) < sizeof c->auth) {
      snprintf(c->auth, sizeof c->auth, "%s", json_string_value(a));
      json_decref(j);
      start_call(c);
      return;
    }
    start_call(c); /* without a token: the server answers UNAUTHENTICATED */
  }
  if (!c->call) {
    json_decref(j);
    return;
  }
  if (is_half_close(j)) {
    json_decref(j);
    if (dbf_gw_call_sending(c->call))
      c->half_close_wanted = true;
    else
      dbf_gw_call_close_send(c->call);
    return;
  }
  dbf_arena *a = dbf_arena_create(c->srv->opts->ws_max_message_bytes * 8 + (1u << 20));
  ProtobufCMessage *m = NULL;
  dbf_status st = {0};
  dbf_err rc = a ? dbf_gw_json_to_msg(a, c->srv->converse->input, j, "", &m, &st) : DBF_ERR_NOMEM;
  json_decref(j);
  if (rc) {
    finish(c, dbf_gw_code_of_err(rc), a ? st.msg : "out of memory");
    dbf_arena_destroy(a);
    return;
  }
  /* open.session_id defaults to the one in the URL and may not differ from it. */
  const ProtobufCFieldDescriptor *f =
      protobuf_c_message_descriptor_get_field_by_name(c->srv->converse->input, "open");
  if (f && *(uint32_t *)((char *)m + f->quantifier_offset) == f->id) {
    ProtobufCMessage *open = *(ProtobufCMessage **)((char *)m + f->offset);
    const ProtobufCFieldDescriptor *sf =
        protobuf_c_message_descriptor_get_field_by_name(open->descriptor, "session_id");
    char **sid = sf ? (char **)((char *)open + sf->offset) : NULL;
    if (sid && (!*sid || !**sid))
      *sid = c->session_id;
    else if (sid && strcmp(*sid, c->session_id) != 0) {
      finish(c, DBF_GW_INVALID_ARGUMENT, "open.session_id differs from the session in the URL");
      dbf_arena_destroy(a);
      return;
    }
  }
  size_t n = protobuf_c_message_get_packed_size(m);
  uint8_t *p = n <= c->srv->opts->max_message_bytes ? dbf_arena_alloc(a, n ? n : 1) : NULL;
  if (!p) {
    finish(c, DBF_GW_RESOURCE_EXHAUSTED, "the frame is larger than a message may be");
  } else {
    protobuf_c_message_pack(m, p);
    if (dbf_gw_call_send(c->call, p, n, false) == DBF_OK)
      lws_rx_flow_control(c->wsi, 0); /* read on once the server took it */
    else
      finish(c, DBF_GW_FAILED_PRECONDITION, "the stream is no longer open for frames");
  }
  dbf_arena_destroy(a);
}

/* The bearer token from the subprotocol list ("debrief.v1.json, bearer.<token>"). */
static void token_from_protocols(ws_conn *c, const char *list) {
  for (const char *p = list; *p;) {
    while (*p == ' ' || *p == ',')
      p++;
    const char *e = p;
    while (*e && *e != ',' && *e != ' ')
      e++;
    if (e - p > 7 && strncmp(p, "bearer.", 7) == 0 && (size_t)(e - p) < sizeof c->auth - 8) {
      snprintf(c->auth, sizeof c->auth, "Bearer %.*s", (int)(e - p - 7), p + 7);
      return;
    }
    p = e;
  }
}

static int on_filter(struct lws *wsi, ws_conn *c) {
  dbf_gw_server *s = dbf__gw_server_of(wsi);
  char path[512], protos[DBF__GW_AUTH_MAX + 64];
  memset(c, 0, sizeof *c);
  c->srv = s;
  c->wsi = wsi;
  if (dbf__gw_header(wsi, WSI_TOKEN_GET_URI, path, sizeof path) < 0 ||
      !dbf__gw_converse_path(path, c->session_id, sizeof c->session_id)) {
    lws_return_http_status(wsi, HTTP_STATUS_NOT_FOUND, NULL);
    return -1;
  }
  if (!dbf__gw_ws_origin_ok(wsi, s->opts)) {
    dbf_gw_metrics_request(s->metrics, "Converse", 403, 0);
    lws_return_http_status(wsi, HTTP_STATUS_FORBIDDEN, NULL);
    return -1;
  }
  dbf__gw_request_id(wsi, c->request_id, sizeof c->request_id);
  if (dbf__gw_header(wsi, WSI_TOKEN_HTTP_AUTHORIZATION, c->auth, sizeof c->auth) < 0 &&
      dbf__gw_header(wsi, WSI_TOKEN_PROTOCOL, protos, sizeof protos) > 0)
    token_from_protocols(c, protos);
  return 0;
}

static void start_call(ws_conn *c) {
  dbf_gw_md md[2] = {{"x-request-id", c->request_id}, {"authorization", c->auth}};
  c->started = true;
  if (dbf_gw_call_start(c->srv->up, c->srv->converse->grpc_path, md, c->auth[0] ? 2 : 1, 0,
                        on_call_event, c, &c->call) != DBF_OK ||
      dbf_gw_call_recv(c->call) != DBF_OK)
    finish(c, DBF_GW_UNAVAILABLE, "the gateway cannot reach the server");
}

static int on_established(ws_conn *c) {
  dbf_buf_init(&c->rx, c->srv->opts->ws_max_message_bytes);
  c->next = c->srv->ws_open;
  if (c->next)
    ((ws_conn *)c->next)->prev = c;
  c->srv->ws_open = c;
  dbf_gw_metrics_stream(c->srv->metrics, "websocket", 1);
  dbf_gw_metrics_request(c->srv->metrics, "Converse", 101, 0);
  c->counted = true;
  if (c->auth[0])
    start_call(c);
  return 0;
}

static int on_receive(ws_conn *c, const void *in, size_t len) {
  if (c->closing)
    return 0;
  if (lws_frame_is_binary(c->wsi)) {
    finish(c, DBF_GW_INVALID_ARGUMENT, "messages are JSON text, not binary");
    return 0;
  }
  if (dbf_buf_append(&c->rx, in, len) != DBF_OK) {
    /* Too big: no status message, the close says it (1009). */
    lws_close_reason(c->wsi, LWS_CLOSE_STATUS_MESSAGE_TOO_LARGE,
                     (unsigned char *)"message too large", 17);
    return -1;
  }
  if (lws_is_final_fragment(c->wsi) && lws_remaining_packet_payload(c->wsi) == 0) {
    on_client_message(c);
    dbf_buf_reset(&c->rx);
  }
  return 0;
}

static int on_writeable(ws_conn *c) {
  ws_msg *m = c->head;
  if (m) {
    c->head = m->next;
    if (!c->head)
      c->tail = NULL;
    c->queued -= m->len < c->queued ? m->len : c->queued;
    int w = lws_write(c->wsi, m->data + LWS_PRE, m->len, LWS_WRITE_TEXT);
    dbf_free(m);
    if (w < 0)
      return -1;
  }
  if (c->head) {
    lws_callback_on_writable(c->wsi);
    return 0;
  }
  if (c->closing) {
    lws_close_reason(c->wsi, (enum lws_close_status)c->close_code, (unsigned char *)c->close_reason,
                     strlen(c->close_reason));
    return -1;
  }
  return 0;
}

static void on_closed(ws_conn *c) {
  if (c->counted) { /* established, so on the open list */
    if (c->prev)
      c->prev->next = c->next;
    else
      c->srv->ws_open = c->next;
    if (c->next)
      c->next->prev = c->prev;
    c->prev = c->next = NULL;
  }
  if (c->call)
    dbf_gw_call_release(c->call);
  c->call = NULL;
  drop_queue(c);
  dbf_buf_free(&c->rx);
  if (c->counted)
    dbf_gw_metrics_stream(c->srv->metrics, "websocket", -1);
  c->counted = false;
}

void dbf__gw_ws_shutdown(dbf_gw_server *s) {
  for (ws_conn *c = s->ws_open; c; c = c->next)
    finish(c, DBF_GW_UNAVAILABLE,
           "the gateway is shutting down: reconnect and resume after the last seq seen");
}

int dbf__gw_ws_cb(struct lws *wsi, enum lws_callback_reasons reason, void *user, void *in,
                  size_t len) {
  ws_conn *c = user;
  switch (reason) {
    case LWS_CALLBACK_FILTER_PROTOCOL_CONNECTION:
      return on_filter(wsi, c);
    case LWS_CALLBACK_ESTABLISHED:
      c->wsi = wsi;
      return on_established(c);
    case LWS_CALLBACK_RECEIVE:
      return on_receive(c, in, len);
    case LWS_CALLBACK_SERVER_WRITEABLE:
      return on_writeable(c);
    case LWS_CALLBACK_CLOSED:
      on_closed(c);
      return 0;
    default:
      return 0;
  }
}
