/*
 * interview.c - the Interview object: one Converse stream, unacked
 * answers kept for re-sending, and reconnection with jittered backoff and
 * resume_after_seq (dbc/interview.h).
 */
#include "dbc/interview.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/random.h>
#include <time.h>

#include <grpc/status.h>

#include "core/alloc.h"
#include "dbc/rpc.h"

#define CONVERSE                "/debrief.v1.ConversationService/Converse"
#define DEFAULT_STREAM_MS       (6LL * 3600 * 1000)
#define DEFAULT_ATTEMPTS        8
#define DEFAULT_BACKOFF_BASE_MS 100
#define DEFAULT_BACKOFF_MAX_MS  5000
#define MAX_TEXT_BYTES          (64 * 1024) /* an answer larger than this is refused here */

typedef struct pending {
  char id[DBC_MSG_ID_LEN];
  char *text; /* owned */
  char *qid;  /* owned */
} pending;

struct dbc_interview {
  dbc_client *c; /* borrowed */
  char *session_id;
  dbc_interview_opts o;
  dbc_raw_stream *s; /* NULL while disconnected */
  bool user_cancelled;
  bool taken_over;
  bool refresh_token; /* the last stream ended UNAUTHENTICATED: refresh before reopening */
  bool auth_retried;  /* one reopen with a refreshed token was tried */
  bool over;          /* the stream ended for good */
  int64_t last_seq;
  pending pend[DBC_INTERVIEW_MAX_PENDING];
  size_t npend;
  Debrief__V1__ConverseResponse *cur; /* the frame last handed out, owned */
  int reconnects;
  int attempt; /* the reconnect attempt under way (0: none) */
};

dbf_err dbc_new_msg_id(char out[DBC_MSG_ID_LEN]) {
  unsigned char b[16];
  if (getrandom(b, sizeof b, 0) != (ssize_t)sizeof b)
    return DBF_ERR_IO;
  b[6] = (unsigned char)((b[6] & 0x0f) | 0x40); /* version 4 */
  b[8] = (unsigned char)((b[8] & 0x3f) | 0x80); /* RFC 4122 variant */
  snprintf(out, DBC_MSG_ID_LEN,
           "%02x%02x%02x%02x-%02x%02x-%02x%02x-%02x%02x-%02x%02x%02x%02x%02x%02x", b[0], b[1], b[2],
           b[3], b[4], b[5], b[6], b[7], b[8], b[9], b[10], b[11], b[12], b[13], b[14], b[15]);
  return DBF_OK;
}

/* Packs and sends one client frame on the open stream. */
static dbf_err send_frame(dbc_interview *iv, const Debrief__V1__ConverseRequest *req,
                          dbc_status *st) {
  if (!iv->s)
    return dbc__fail(st, DBF_ERR_UNAVAILABLE, GRPC_STATUS_UNAVAILABLE, "not connected");
  size_t n = protobuf_c_message_get_packed_size(&req->base);
  uint8_t *buf = dbf_malloc(n ? n : 1);
  if (!buf)
    return dbc__fail(st, DBF_ERR_NOMEM, -1, "out of memory");
  protobuf_c_message_pack(&req->base, buf);
  dbf_err rc = dbc_raw_stream_send(iv->s, buf, n);
  dbf_free(buf);
  if (rc)
    return dbc__fail(st, DBF_ERR_UNAVAILABLE, GRPC_STATUS_UNAVAILABLE,
                     "the stream is down; the frame is re-sent after reconnecting");
  return DBF_OK;
}

static dbf_err send_answer(dbc_interview *iv, const pending *p, dbc_status *st) {
  Debrief__V1__AnswerFrame a = DEBRIEF__V1__ANSWER_FRAME__INIT;
  a.client_msg_id = (char *)p->id;
  a.text = p->text;
  a.question_id = p->qid ? p->qid : (char *)"";
  Debrief__V1__ConverseRequest req = DEBRIEF__V1__CONVERSE_REQUEST__INIT;
  req.frame_case = DEBRIEF__V1__CONVERSE_REQUEST__FRAME_ANSWER;
  req.answer = &a;
  return send_frame(iv, &req, st);
}

static void drop_stream(dbc_interview *iv) {
  dbc_raw_stream_free(iv->s);
  iv->s = NULL;
}

/* Opens a stream, sends open{session, last_seq} and every unacked answer. */
static dbf_err connect_stream(dbc_interview *iv, dbc_status *st) {
  dbc__auth_md auth;
  dbf_err rc = dbc__auth(iv->c, iv->refresh_token, &auth, st);
  if (rc)
    return rc;
  iv->refresh_token = false;
  rc = dbc_raw_stream_open(dbc__channel(iv->c), CONVERSE, &auth.md, auth.n, iv->o.stream_timeout_ms,
                           &iv->s);
  dbc__auth_free(&auth);
  if (rc) {
    drop_stream(iv);
    return dbc__fail(st, DBF_ERR_UNAVAILABLE, GRPC_STATUS_UNAVAILABLE,
                     "could not open the Converse stream");
  }
  Debrief__V1__OpenFrame open = DEBRIEF__V1__OPEN_FRAME__INIT;
  open.session_id = iv->session_id;
  open.resume_after_seq = iv->last_seq;
  Debrief__V1__ConverseRequest req = DEBRIEF__V1__CONVERSE_REQUEST__INIT;
  req.frame_case = DEBRIEF__V1__CONVERSE_REQUEST__FRAME_OPEN;
  req.open = &open;
  if ((rc = send_frame(iv, &req, st)))
    return rc;
  for (size_t i = 0; i < iv->npend && !rc; i++)
    rc = send_answer(iv, &iv->pend[i], st);
  return rc;
}

dbf_err dbc_interview_open(dbc_client *c, const char *session_id, int64_t resume_after_seq,
                           const dbc_interview_opts *opts, dbc_interview **out, dbc_status *st) {
  *out = NULL;
  if (!session_id || !*session_id)
    return dbc__fail(st, DBF_ERR_INVALID, -1, "an interview needs a session id");
  dbc_interview *iv = dbf_calloc(1, sizeof *iv);
  if (!iv || !(iv->session_id = dbf_strdup(session_id))) {
    dbf_free(iv);
    return dbc__fail(st, DBF_ERR_NOMEM, -1, "out of memory");
  }
  iv->c = c;
  if (opts)
    iv->o = *opts;
  if (iv->o.stream_timeout_ms <= 0)
    iv->o.stream_timeout_ms = DEFAULT_STREAM_MS;
  if (iv->o.max_attempts <= 0)
    iv->o.max_attempts = DEFAULT_ATTEMPTS;
  if (iv->o.backoff_base_ms <= 0)
    iv->o.backoff_base_ms = DEFAULT_BACKOFF_BASE_MS;
  if (iv->o.backoff_max_ms <= 0)
    iv->o.backoff_max_ms = DEFAULT_BACKOFF_MAX_MS;
  iv->last_seq = resume_after_seq > 0 ? resume_after_seq : 0;
  dbf_err rc = connect_stream(iv, st);
  if (rc) {
    dbc_interview_free(iv);
    return rc;
  }
  *out = iv;
  return DBF_OK;
}

dbf_err dbc_interview_answer(dbc_interview *iv, const char *text, const char *question_id,
                             char id_out[DBC_MSG_ID_LEN], dbc_status *st) {
  if (!text || !*text)
    return dbc__fail(st, DBF_ERR_INVALID, -1, "an answer needs text");
  if (strlen(text) > MAX_TEXT_BYTES)
    return dbc__fail(st, DBF_ERR_TOO_BIG, -1, "an answer is at most %d bytes", MAX_TEXT_BYTES);
  if (iv->npend == DBC_INTERVIEW_MAX_PENDING)
    return dbc__fail(st, DBF_ERR_TOO_BIG, -1,
                     "%d answers are still waiting for their ack; read events first",
                     DBC_INTERVIEW_MAX_PENDING);
  if (iv->over)
    return dbc__fail(st, DBF_ERR_STATE, -1, "the interview stream has ended");
  pending *p = &iv->pend[iv->npend];
  memset(p, 0, sizeof *p);
  if (dbc_new_msg_id(p->id))
    return dbc__fail(st, DBF_ERR_IO, -1, "no random bytes for a message id");
  p->text = dbf_strdup(text);
  p->qid = question_id ? dbf_strdup(question_id) : NULL;
  if (!p->text || (question_id && !p->qid)) {
    dbf_free(p->text);
    dbf_free(p->qid);
    return dbc__fail(st, DBF_ERR_NOMEM, -1, "out of memory");
  }
  iv->npend++;
  if (id_out)
    memcpy(id_out, p->id, DBC_MSG_ID_LEN);
  /* A failed send leaves the answer pending: next() sees the broken
   * stream, reconnects and sends it again under the same id. */
  if (iv->s)
    send_answer(iv, p, NULL);
  return DBF_OK;
}

dbf_err dbc_interview_control(dbc_interview *iv, Debrief__V1__ControlAction action,
                              dbc_status *st) {
  Debrief__V1__ControlFrame cf = DEBRIEF__V1__CONTROL_FRAME__INIT;
  char id[DBC_MSG_ID_LEN];
  if (dbc_new_msg_id(id))
    return dbc__fail(st, DBF_ERR_IO, -1, "no random bytes for a message id");
  cf.action = action;
  cf.client_msg_id = id;
  Debrief__V1__ConverseRequest req = DEBRIEF__V1__CONVERSE_REQUEST__INIT;
  req.frame_case = DEBRIEF__V1__CONVERSE_REQUEST__FRAME_CONTROL;
  req.control = &cf;
  return send_frame(iv, &req, st);
}

dbf_err dbc_interview_heartbeat(dbc_interview *iv, dbc_status *st) {
  Debrief__V1__HeartbeatFrame hb = DEBRIEF__V1__HEARTBEAT_FRAME__INIT;
  Debrief__V1__ConverseRequest req = DEBRIEF__V1__CONVERSE_REQUEST__INIT;
  req.frame_case = DEBRIEF__V1__CONVERSE_REQUEST__FRAME_HEARTBEAT;
  req.heartbeat = &hb;
  return send_frame(iv, &req, st);
}

static void ack_pending(dbc_interview *iv, const char *id) {
  for (size_t i = 0; i < iv->npend; i++) {
    if (strcmp(iv->pend[i].id, id) != 0)
      continue;
    dbf_free(iv->pend[i].text);
    dbf_free(iv->pend[i].qid);
    memmove(&iv->pend[i], &iv->pend[i + 1], (iv->npend - i - 1) * sizeof iv->pend[0]);
    iv->npend--;
    return;
  }
}

static bool retryable(int grpc) {
  return grpc == GRPC_STATUS_UNAVAILABLE || grpc == GRPC_STATUS_INTERNAL ||
         grpc == GRPC_STATUS_UNKNOWN || grpc == GRPC_STATUS_CANCELLED;
}

/* Full jitter over an exponential backoff: uniform in [d/2, d]. */
static void backoff_sleep(const dbc_interview *iv, int attempt) {
  int64_t d = iv->o.backoff_base_ms;
  for (int i = 1; i < attempt && d < iv->o.backoff_max_ms; i++)
    d *= 2;
  if (d > iv->o.backoff_max_ms)
    d = iv->o.backoff_max_ms;
  uint32_t r = 0;
  if (getrandom(&r, sizeof r, 0) != (ssize_t)sizeof r)
    r = (uint32_t)time(NULL);
  int64_t ms = d / 2 + (int64_t)(r % (uint32_t)(d / 2 + 1));
  struct timespec ts = {.tv_sec = ms / 1000, .tv_nsec = (ms % 1000) * 1000000L};
  while (nanosleep(&ts, &ts) != 0 && errno == EINTR)
    ;
}

static dbc_event_kind kind_of(const Debrief__V1__ConverseResponse *f) {
  switch (f->frame_case) {
    case DEBRIEF__V1__CONVERSE_RESPONSE__FRAME_SNAPSHOT:
      return DBC_EV_SNAPSHOT;
    case DEBRIEF__V1__CONVERSE_RESPONSE__FRAME_ACK:
      return DBC_EV_ACK;
    case DEBRIEF__V1__CONVERSE_RESPONSE__FRAME_TEXT_DELTA:
      return DBC_EV_DELTA;
    case DEBRIEF__V1__CONVERSE_RESPONSE__FRAME_QUESTION:
      return DBC_EV_QUESTION;
    case DEBRIEF__V1__CONVERSE_RESPONSE__FRAME_EXTRACTION:
      return DBC_EV_EXTRACTION;
    case DEBRIEF__V1__CONVERSE_RESPONSE__FRAME_WARNING:
      return DBC_EV_WARNING;
    case DEBRIEF__V1__CONVERSE_RESPONSE__FRAME_STATE:
      return DBC_EV_STATE;
    case DEBRIEF__V1__CONVERSE_RESPONSE__FRAME_COMPLETED:
      return DBC_EV_COMPLETED;
    case DEBRIEF__V1__CONVERSE_RESPONSE__FRAME_REJECTED:
      return DBC_EV_REJECTED;
    default:
      return DBC_EV_IDLE; /* a frame kind newer than this client: skipped */
  }
}

/* Hands one received frame out as an event. */
static dbf_err deliver(dbc_interview *iv, unsigned char *p, size_t n, dbc_event *ev,
                       dbc_status *st) {
  iv->cur = debrief__v1__converse_response__unpack(&dbf_protobuf_allocator, n, p);
  dbf_free(p);
  if (!iv->cur)
    return dbc__fail(st, DBF_ERR_INTERNAL, GRPC_STATUS_INTERNAL,
                     "the server sent a frame that is not a ConverseResponse");
  if (iv->cur->seq > iv->last_seq)
    iv->last_seq = iv->cur->seq;
  ev->kind = kind_of(iv->cur);
  ev->frame = iv->cur;
  if (ev->kind == DBC_EV_ACK && iv->cur->ack->client_msg_id)
    ack_pending(iv, iv->cur->ack->client_msg_id);
  if (ev->kind == DBC_EV_WARNING &&
      iv->cur->warning->kind == DEBRIEF__V1__WARNING_KIND__WARNING_KIND_TAKEN_OVER)
    iv->taken_over = true;
  return DBF_OK;
}

/* The stream ended: its status decides between the end, an error and a reconnect. */
static dbf_err on_stream_end(dbc_interview *iv, dbc_event *ev, bool *retry, dbc_status *st) {
  dbc_raw_result r = {0};
  dbc_raw_stream_finish(iv->s, &r);
  drop_stream(iv);
  int code = r.status;
  *retry = false;
  dbf_err rc = DBF_OK;
  if (code == GRPC_STATUS_OK) {
    iv->over = true;
    ev->kind = DBC_EV_END;
  } else if (!iv->taken_over && !iv->user_cancelled && retryable(code)) {
    *retry = true;
  } else if (code == GRPC_STATUS_UNAUTHENTICATED && !iv->auth_retried) {
    iv->auth_retried = iv->refresh_token = true; /* a token that expired mid-interview */
    *retry = true;
  } else {
    iv->over = true;
    rc = dbc__fail(st, dbc_err_from_grpc(code), code, "%s", r.details ? r.details : "");
  }
  dbc_raw_result_free(&r);
  return rc;
}

dbf_err dbc_interview_next(dbc_interview *iv, int64_t wait_ms, dbc_event *ev, dbc_status *st) {
  memset(ev, 0, sizeof *ev);
  dbc_msg_free(iv->cur);
  iv->cur = NULL;
  if (iv->over)
    return dbc__fail(st, DBF_ERR_STATE, -1, "the interview stream has ended");
  for (;;) {
    if (!iv->s) {
      if (++iv->attempt > iv->o.max_attempts) {
        iv->over = true;
        return dbc__fail(st, DBF_ERR_UNAVAILABLE, GRPC_STATUS_UNAVAILABLE,
                         "gave up after %d reconnect attempts", iv->o.max_attempts);
      }
      backoff_sleep(iv, iv->attempt);
      if (connect_stream(iv, NULL) != DBF_OK) {
        drop_stream(iv);
        continue;
      }
      iv->reconnects++;
      ev->kind = DBC_EV_RECONNECTED;
      ev->attempt = iv->attempt;
      return DBF_OK;
    }
    unsigned char *p = NULL;
    size_t n = 0;
    dbf_err rc = dbc_raw_stream_recv_wait(iv->s, wait_ms, &p, &n);
    if (rc == DBF_ERR_DEADLINE)
      return DBF_OK; /* DBC_EV_IDLE */
    if (rc == DBF_OK && p) {
      iv->attempt = 0; /* the stream works again */
      return deliver(iv, p, n, ev, st);
    }
    dbf_free(p);
    bool retry = false;
    rc = on_stream_end(iv, ev, &retry, st);
    if (!retry)
      return rc;
  }
}

const Debrief__V1__Question *dbc_event_question(const dbc_event *ev) {
  if (ev->kind == DBC_EV_QUESTION)
    return ev->frame->question;
  if (ev->kind == DBC_EV_SNAPSHOT && ev->frame->snapshot)
    return ev->frame->snapshot->pending_question;
  return NULL;
}

int64_t dbc_interview_last_seq(const dbc_interview *iv) {
  return iv->last_seq;
}

size_t dbc_interview_pending(const dbc_interview *iv) {
  return iv->npend;
}

int dbc_interview_reconnects(const dbc_interview *iv) {
  return iv->reconnects;
}

void dbc_interview_free(dbc_interview *iv) {
  if (!iv)
    return;
  iv->user_cancelled = true;
  drop_stream(iv);
  for (size_t i = 0; i < iv->npend; i++) {
    dbf_free(iv->pend[i].text);
    dbf_free(iv->pend[i].qid);
  }
  dbc_msg_free(iv->cur);
  dbf_free(iv->session_id);
  dbf_free(iv);
}
