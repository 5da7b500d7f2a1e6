/*
 * client.c - the client, typed unary calls over dbc/rpc.h, the gRPC status
 * boundary of the client side, and page iterators.
 */
#include "dbc/client.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include <grpc/grpc.h>
#include <grpc/status.h>

#include "core/alloc.h"
#include "dbc/rpc.h"

struct dbc_client {
  grpc_channel *ch;
  char *token; /* owned; NULL: none */
  dbc_token_fn token_fn;
  void *token_arg;
  int64_t timeout_ms;
};

dbf_err dbc__fail(dbc_status *st, dbf_err code, int grpc, const char *fmt, ...) {
  if (!st)
    return code;
  st->code = code;
  st->grpc = grpc;
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(st->msg, sizeof st->msg, fmt, ap);
  va_end(ap);
  return code;
}

static void status_ok(dbc_status *st) {
  if (st) {
    st->code = DBF_OK;
    st->grpc = GRPC_STATUS_OK;
    st->msg[0] = '\0';
  }
}

dbf_err dbc_client_new(const dbc_client_opts *o, dbc_client **out, dbc_status *st) {
  *out = NULL;
  if (!o || !o->target || !*o->target)
    return dbc__fail(st, DBF_ERR_INVALID, -1, "no server address (host:port) was given");
  if (o->token && strlen(o->token) >= DBC_TOKEN_MAX)
    return dbc__fail(st, DBF_ERR_TOO_BIG, -1, "the token is longer than %d bytes",
                     DBC_TOKEN_MAX - 1);
  dbc_client *c = dbf_calloc(1, sizeof *c);
  if (!c)
    return dbc__fail(st, DBF_ERR_NOMEM, -1, "out of memory");
  grpc_init();
  c->ch = dbc_channel_insecure(o->target, o->max_recv_bytes);
  c->token = o->token && *o->token ? dbf_strdup(o->token) : NULL;
  c->token_fn = o->token_fn;
  c->token_arg = o->token_arg;
  c->timeout_ms = o->default_timeout_ms > 0 ? o->default_timeout_ms : DBC_DEFAULT_TIMEOUT_MS;
  if (!c->ch || (o->token && *o->token && !c->token)) {
    dbc_client_free(c);
    return dbc__fail(st, DBF_ERR_NOMEM, -1, "out of memory");
  }
  *out = c;
  status_ok(st);
  return DBF_OK;
}

void dbc_client_free(dbc_client *c) {
  if (!c)
    return;
  if (c->ch)
    grpc_channel_destroy(c->ch);
  dbf_free(c->token);
  dbf_free(c);
  grpc_shutdown();
}

grpc_channel *dbc__channel(dbc_client *c) {
  return c->ch;
}

int64_t dbc__timeout(const dbc_client *c, const dbc_call_opts *opts) {
  return opts && opts->timeout_ms > 0 ? opts->timeout_ms : c->timeout_ms;
}

/* Asks the token provider (or takes the fixed token) into buf[0..cap). */
static dbf_err get_token(dbc_client *c, bool refresh, char *buf, size_t cap, dbc_status *st) {
  buf[0] = '\0';
  if (c->token_fn) {
    dbf_err rc = c->token_fn(c->token_arg, refresh, buf, cap, st);
    if (rc)
      return rc;
    if (!memchr(buf, '\0', cap))
      return dbc__fail(st, DBF_ERR_INVALID, -1,
                       "the token provider returned no NUL-terminated token");
    return DBF_OK;
  }
  if (c->token)
    snprintf(buf, cap, "%s", c->token);
  return DBF_OK;
}

dbf_err dbc__auth(dbc_client *c, bool refresh, dbc__auth_md *out, dbc_status *st) {
  memset(out, 0, sizeof *out);
  char *token = dbf_malloc(DBC_TOKEN_MAX);
  dbf_err rc = DBF_OK;
  if (!token || !(out->value = dbf_malloc(DBC_TOKEN_MAX + 16))) {
    rc = dbc__fail(st, DBF_ERR_NOMEM, -1, "out of memory");
    goto out;
  }
  if ((rc = get_token(c, refresh, token, DBC_TOKEN_MAX, st)))
    goto out;
  snprintf(out->value, DBC_TOKEN_MAX + 16, "Bearer %s", token);
  out->md.key = "authorization";
  out->md.value = out->value;
  out->n = token[0] ? 1 : 0;
out:
  dbf_free(token);
  if (rc)
    dbc__auth_free(out);
  return rc;
}

void dbc__auth_free(dbc__auth_md *a) {
  dbf_free(a->value);
  memset(a, 0, sizeof *a);
}

dbf_err dbc_err_from_grpc(int code) {
  switch (code) {
    case GRPC_STATUS_OK:
      return DBF_OK;
    case GRPC_STATUS_CANCELLED:
      return DBF_ERR_CANCELLED;
    case GRPC_STATUS_INVALID_ARGUMENT:
    case GRPC_STATUS_OUT_OF_RANGE:
      return DBF_ERR_INVALID;
    case GRPC_STATUS_DEADLINE_EXCEEDED:
      return DBF_ERR_DEADLINE;
    case GRPC_STATUS_NOT_FOUND:
      return DBF_ERR_NOT_FOUND;
    case GRPC_STATUS_ALREADY_EXISTS:
      return DBF_ERR_EXISTS;
    case GRPC_STATUS_PERMISSION_DENIED:
      return DBF_ERR_PERMISSION;
    case GRPC_STATUS_RESOURCE_EXHAUSTED:
      return DBF_ERR_TOO_BIG;
    case GRPC_STATUS_FAILED_PRECONDITION:
      return DBF_ERR_STATE;
    case GRPC_STATUS_ABORTED:
      return DBF_ERR_CONFLICT;
    case GRPC_STATUS_UNIMPLEMENTED:
      return DBF_ERR_UNIMPLEMENTED;
    case GRPC_STATUS_UNAVAILABLE:
      return DBF_ERR_UNAVAILABLE;
    case GRPC_STATUS_UNAUTHENTICATED:
      return DBF_ERR_UNAUTHENTICATED;
    default:
      return DBF_ERR_INTERNAL; /* UNKNOWN, INTERNAL, DATA_LOSS */
  }
}

const char *dbc_grpc_code_name(int code) {
  return code < 0 ? "NO_STATUS" : dbf_grpc_code_name(code);
}

static int64_t now_ms(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

dbf_err dbc_call(dbc_client *c, const char *method, const ProtobufCMessage *req,
                 const ProtobufCMessageDescriptor *resp_desc, ProtobufCMessage **resp,
                 const dbc_call_opts *opts, dbc_status *st) {
  *resp = NULL;
  dbf_err rc = DBF_OK;
  dbc_raw_result r = {0};
  dbc__auth_md auth = {0};
  size_t n = protobuf_c_message_get_packed_size(req);
  uint8_t *buf = dbf_malloc(n ? n : 1);
  if (!buf) {
    rc = dbc__fail(st, DBF_ERR_NOMEM, -1, "out of memory");
    goto out;
  }
  protobuf_c_message_pack(req, buf);
  /* One deadline over both tries; the second try, with a refreshed token,
   * happens only when the first was UNAUTHENTICATED and a provider is set. */
  int64_t timeout = dbc__timeout(c, opts), deadline = now_ms() + timeout;
  for (int attempt = 0;; attempt++) {
    if ((rc = dbc__auth(c, attempt > 0, &auth, st)))
      goto out;
    int64_t left = deadline - now_ms();
    if ((rc = dbc_raw_unary(c->ch, NULL, method, buf, n, &auth.md, auth.n, left > 0 ? left : 1,
                            &r))) {
      dbc__fail(st, rc, -1, "%s: the call could not be started", method);
      goto out;
    }
    dbc__auth_free(&auth);
    if (r.status != GRPC_STATUS_UNAUTHENTICATED || !c->token_fn || attempt > 0)
      break;
    dbc_raw_result_free(&r);
  }
  if (r.status != GRPC_STATUS_OK) {
    rc = dbc__fail(st, dbc_err_from_grpc(r.status), r.status, "%s", r.details ? r.details : "");
    goto out;
  }
  *resp = protobuf_c_message_unpack(resp_desc, &dbf_protobuf_allocator, r.resp_len,
                                    r.resp ? r.resp : (const uint8_t *)"");
  if (!*resp) {
    rc = dbc__fail(st, DBF_ERR_INTERNAL, GRPC_STATUS_INTERNAL,
                   "%s: the server's reply is not a valid %s", method, resp_desc->name);
    goto out;
  }
  status_ok(st);
out:
  dbc__auth_free(&auth);
  dbc_raw_result_free(&r);
  dbf_free(buf);
  return rc;
}

void dbc_msg_free(void *msg) {
  if (msg)
    protobuf_c_message_free_unpacked(msg, &dbf_protobuf_allocator);
}

/* Detaches the message field `field` of reply (a new message) and frees the reply. */
static void *take_field(ProtobufCMessage *reply, void **field) {
  void *m = *field;
  *field = NULL;
  dbc_msg_free(reply);
  return m;
}

dbf_err dbc_create_session(dbc_client *c, const char *template_slug,
                           const Debrief__V1__Subject *subject, const char *request_id,
                           Debrief__V1__Session **out, const dbc_call_opts *opts, dbc_status *st) {
  *out = NULL;
  Debrief__V1__CreateSessionRequest req = DEBRIEF__V1__CREATE_SESSION_REQUEST__INIT;
  req.template_slug = (char *)(template_slug ? template_slug : "");
  req.subject = (Debrief__V1__Subject *)subject;
  req.request_id = (char *)(request_id ? request_id : "");
  Debrief__V1__CreateSessionResponse *r = NULL;
  dbf_err rc = dbc_call(c, "/debrief.v1.SessionService/CreateSession", &req.base,
                        &debrief__v1__create_session_response__descriptor, (ProtobufCMessage **)&r,
                        opts, st);
  if (rc)
    return rc;
  *out = take_field(&r->base, (void **)&r->session);
  return *out ? DBF_OK : dbc__fail(st, DBF_ERR_INTERNAL, -1, "the reply holds no session");
}

dbf_err dbc_get_session(dbc_client *c, const char *session_id, Debrief__V1__Session **out,
                        const dbc_call_opts *opts, dbc_status *st) {
  *out = NULL;
  Debrief__V1__GetSessionRequest req = DEBRIEF__V1__GET_SESSION_REQUEST__INIT;
  req.session_id = (char *)(session_id ? session_id : "");
  Debrief__V1__GetSessionResponse *r = NULL;
  dbf_err rc =
      dbc_call(c, "/debrief.v1.SessionService/GetSession", &req.base,
               &debrief__v1__get_session_response__descriptor, (ProtobufCMessage **)&r, opts, st);
  if (rc)
    return rc;
  *out = take_field(&r->base, (void **)&r->session);
  return *out ? DBF_OK : dbc__fail(st, DBF_ERR_INTERNAL, -1, "the reply holds no session");
}

/* ---- pagers ---- */

struct dbc_pager {
  dbc_client *c;
  dbc_call_opts opts;
  const char *method;
  ProtobufCMessage *req; /* owned buffer; strings in it are borrowed or in owned_str */
  const ProtobufCFieldDescriptor *req_token;
  const ProtobufCMessageDescriptor *resp_desc;
  const ProtobufCFieldDescriptor *items, *next_token;
  ProtobufCMessage *page; /* the current reply, owned */
  size_t i, pages;
  char *token;     /* owned: the next page's token */
  char *owned_str; /* owned: a string the request points at */
  bool last;       /* the current page is the last one */
};

static dbf_err pager_new(dbc_client *c, const char *method, const ProtobufCMessage *filter,
                         const ProtobufCMessageDescriptor *req_desc,
                         const ProtobufCMessageDescriptor *resp_desc, const char *items,
                         const dbc_call_opts *opts, dbc_pager **out, dbc_status *st) {
  *out = NULL;
  dbc_pager *p = dbf_calloc(1, sizeof *p);
  if (!p || !(p->req = dbf_calloc(1, req_desc->sizeof_message))) {
    dbf_free(p);
    return dbc__fail(st, DBF_ERR_NOMEM, -1, "out of memory");
  }
  if (filter)
    memcpy(p->req, filter, req_desc->sizeof_message); /* shallow: the filter is borrowed */
  else
    req_desc->message_init(p->req);
  p->c = c;
  p->opts.timeout_ms = opts ? opts->timeout_ms : 0;
  p->method = method;
  p->resp_desc = resp_desc;
  p->req_token = protobuf_c_message_descriptor_get_field_by_name(req_desc, "page_token");
  p->items = protobuf_c_message_descriptor_get_field_by_name(resp_desc, items);
  p->next_token = protobuf_c_message_descriptor_get_field_by_name(resp_desc, "next_page_token");
  DBF_ASSERT(p->req_token && p->items && p->next_token);
  DBF_ASSERT(p->items->label == PROTOBUF_C_LABEL_REPEATED);
  *(const char **)((char *)p->req + p->req_token->offset) = "";
  *out = p;
  return DBF_OK;
}

dbf_err dbc_list_sessions(dbc_client *c, const Debrief__V1__ListSessionsRequest *filter,
                          const dbc_call_opts *opts, dbc_pager **out, dbc_status *st) {
  return pager_new(c, "/debrief.v1.SessionService/ListSessions", filter ? &filter->base : NULL,
                   &debrief__v1__list_sessions_request__descriptor,
                   &debrief__v1__list_sessions_response__descriptor, "sessions", opts, out, st);
}

dbf_err dbc_session_history(dbc_client *c, const char *session_id, int64_t after_seq,
                            const dbc_call_opts *opts, dbc_pager **out, dbc_status *st) {
  dbf_err rc =
      pager_new(c, "/debrief.v1.SessionService/GetSessionHistory", NULL,
                &debrief__v1__get_session_history_request__descriptor,
                &debrief__v1__get_session_history_response__descriptor, "messages", opts, out, st);
  if (rc)
    return rc;
  Debrief__V1__GetSessionHistoryRequest *req = (void *)(*out)->req;
  if (!((*out)->owned_str = dbf_strdup(session_id ? session_id : ""))) {
    dbc_pager_free(*out);
    *out = NULL;
    return dbc__fail(st, DBF_ERR_NOMEM, -1, "out of memory");
  }
  req->session_id = (*out)->owned_str;
  req->after_seq = after_seq;
  return DBF_OK;
}

dbf_err dbc_pager_next(dbc_pager *p, const ProtobufCMessage **item, dbc_status *st) {
  *item = NULL;
  for (;;) {
    if (p->page) {
      size_t n = *(size_t *)((char *)p->page + p->items->quantifier_offset);
      ProtobufCMessage **arr = *(ProtobufCMessage ***)((char *)p->page + p->items->offset);
      if (p->i < n) {
        *item = arr[p->i++];
        return DBF_OK;
      }
      if (p->last)
        return DBF_OK;
      dbc_msg_free(p->page);
      p->page = NULL;
    }
    *(const char **)((char *)p->req + p->req_token->offset) = p->token ? p->token : "";
    dbf_err rc = dbc_call(p->c, p->method, p->req, p->resp_desc, &p->page, &p->opts, st);
    if (rc)
      return rc;
    p->pages++;
    p->i = 0;
    const char *next = *(const char **)((char *)p->page + p->next_token->offset);
    dbf_free(p->token);
    p->token = NULL;
    p->last = !next || !*next;
    if (!p->last && !(p->token = dbf_strdup(next)))
      return dbc__fail(st, DBF_ERR_NOMEM, -1, "out of memory");
  }
}

size_t dbc_pager_pages(const dbc_pager *p) {
  return p->pages;
}

void dbc_pager_free(dbc_pager *p) {
  if (!p)
    return;
  dbc_msg_free(p->page);
  dbf_free(p->token);
  dbf_free(p->owned_str);
  dbf_free(p->req);
  dbf_free(p);
}
