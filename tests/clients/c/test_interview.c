/*
 * test_interview.c - the C client library (clients/c) live against a real
 * debrief-server: a whole sales_debrief interview through the Interview
 * object with a forced disconnect mid-way, then every answer is checked to
 * be stored exactly once; a refused control arrives as a REJECTED event
 * and the stream stays open; sessions are listed page by page; per-call
 * deadlines and the token provider are exercised.
 *
 * tests/integration/test_client_c.py starts the server, PostgreSQL and a
 * TCP proxy between this binary and the server, then runs it with
 *   DEBRIEF_ADDR        the proxy's address
 *   DEBRIEF_TOKEN       a member's bearer token
 *   DBC_TEST_PROXY_CTL  the proxy's control port: "cut" makes it forward
 *                       the next client chunk of an answer's size, then
 *                       close every connection (the ack is lost)
 * Run alone (no DEBRIEF_ADDR) it skips.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "core/alloc.h"
#include "dbc/client.h"
#include "dbc/interview.h"
#include "dbc/methods.h"

#define MAX_ANSWERS 24
#define CUT_AT      3 /* the answer sent over the connection the proxy cuts */

typedef struct answer_for {
  const char *field;
  const char *text;
} answer_for;

/* A simulated user: the first unanswered target field's answer. */
static const answer_for SCRIPT[] = {
    {"meeting_outcome", "Rafael signed off on the architecture for the asset sync."},
    {"attendees", "Rafael Ortiz, the CTO, and Nadia Petrov, their lead developer."},
    {"customer_needs", "They need a single source of truth for brand assets across 30 accounts."},
    {"objections", "Nadia worried about API rate limits during big launches."},
    {"competitors", "They're comparing us to Bynder."},
    {"budget", "Rafael said they can spend about 60 thousand dollars a year."},
    {"decision_makers", "Rafael, and the managing partner Fiona Blake has the final say."},
    {"decision_timeline", "They want to decide in two weeks."},
    {"deal_stage", "We're in qualification."},
    {"next_steps", "Nadia will share their bucket policies tomorrow."},
    {"sentiment", "Positive."},
    {"products_discussed", "AssetHub DAM and the Workfront connector."},
};

static int token_calls;

static int refreshes;

static dbf_err env_token(void *arg, bool refresh, char *buf, size_t cap, dbc_status *st) {
  (void)st;
  token_calls++;
  refreshes += refresh;
  snprintf(buf, cap, "%s", getenv((const char *)arg) ? getenv((const char *)arg) : "");
  return DBF_OK;
}

/* Hands out a stale token until asked to refresh, as after an expiry. */
static dbf_err stale_then_fresh(void *arg, bool refresh, char *buf, size_t cap, dbc_status *st) {
  (void)arg;
  (void)st;
  refreshes += refresh;
  snprintf(buf, cap, "%s", refresh ? getenv("DEBRIEF_TOKEN") : "stale.token.value");
  return DBF_OK;
}

static dbc_client *new_client(void) {
  dbc_client_opts o = {.target = getenv("DEBRIEF_ADDR"),
                       .token_fn = env_token,
                       .token_arg = "DEBRIEF_TOKEN",
                       .default_timeout_ms = 10000};
  dbc_client *c = NULL;
  dbc_status st = {0};
  assert_int_equal(dbc_client_new(&o, &c, &st), DBF_OK);
  return c;
}

/* Arms the proxy: it cuts every connection after the next answer-sized chunk. */
static void arm_cut(void) {
  const char *port = getenv("DBC_TEST_PROXY_CTL");
  assert_non_null(port);
  int fd = socket(AF_INET, SOCK_STREAM, 0);
  assert_true(fd >= 0);
  struct sockaddr_in a = {.sin_family = AF_INET,
                          .sin_port = htons((uint16_t)strtoul(port, NULL, 10))};
  a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  assert_int_equal(connect(fd, (struct sockaddr *)&a, sizeof a), 0);
  assert_int_equal(write(fd, "cut\n", 4), 4);
  char buf[8] = {0};
  assert_true(read(fd, buf, sizeof buf - 1) >= 2);
  assert_memory_equal(buf, "ok", 2);
  close(fd);
}

static const char *reply_to(const Debrief__V1__Question *q, bool used[]) {
  for (size_t t = 0; t < q->n_target_fields; t++)
    for (size_t i = 0; i < DBF_ARRAY_LEN(SCRIPT); i++)
      if (!used[i] && strcmp(SCRIPT[i].field, q->target_fields[t]) == 0) {
        used[i] = true;
        return SCRIPT[i].text;
      }
  for (size_t i = 0; i < DBF_ARRAY_LEN(SCRIPT); i++)
    if (!used[i]) {
      used[i] = true;
      return SCRIPT[i].text;
    }
  return "That's all I have.";
}

/* A new sales_debrief session on a meeting with key and title; its id, to dbf_free. */
static char *new_session(dbc_client *c, const char *key, const char *title) {
  dbc_status st = {0};
  Debrief__V1__Subject subj = DEBRIEF__V1__SUBJECT__INIT;
  subj.kind = "meeting";
  subj.key = (char *)key;
  subj.title = (char *)title;
  Debrief__V1__Session *s = NULL;
  assert_int_equal(dbc_create_session(c, "sales_debrief", &subj, NULL, &s, NULL, &st), DBF_OK);
  char *sid = dbf_strdup(s->id);
  dbc_msg_free(s);
  return sid;
}

static void test_interview_with_drop(void **state) {
  (void)state;
  dbc_client *c = new_client();
  dbc_status st = {0};
  char *sid = new_session(c, "account:loomwork", "Loomwork architecture review");

  dbc_interview_opts io = {.backoff_base_ms = 50, .backoff_max_ms = 1000, .max_attempts = 20};
  dbc_interview *iv = NULL;
  assert_int_equal(dbc_interview_open(c, sid, 0, &io, &iv, &st), DBF_OK);
  char ids[MAX_ANSWERS][DBC_MSG_ID_LEN];
  size_t nanswers = 0, questions = 0, extractions = 0, acks = 0, duplicates = 0;
  bool used[DBF_ARRAY_LEN(SCRIPT)] = {false};
  bool completed = false, finish_sent = false, cut = false;
  char last_qid[128] = "";
  while (!completed) {
    dbc_event ev;
    dbf_err rc = dbc_interview_next(iv, 20000, &ev, &st);
    if (rc)
      fail_msg("interview failed: %s (%s)", st.msg, dbc_grpc_code_name(st.grpc));
    assert_int_not_equal(ev.kind, DBC_EV_IDLE); /* 20 s without a frame: stuck */
    assert_int_not_equal(ev.kind, DBC_EV_END);
    switch (ev.kind) {
      case DBC_EV_SNAPSHOT:
      case DBC_EV_QUESTION: {
        const Debrief__V1__Question *q = dbc_event_question(&ev);
        if (!q || ev.frame->replayed || strcmp(q->question_id, last_qid) == 0)
          break; /* none, asked before the drop, or answered already */
        questions++;
        snprintf(last_qid, sizeof last_qid, "%s", q->question_id);
        if (nanswers == MAX_ANSWERS - 1 && !finish_sent) {
          assert_int_equal(
              dbc_interview_control(iv, DEBRIEF__V1__CONTROL_ACTION__CONTROL_ACTION_FINISH, &st),
              DBF_OK);
          finish_sent = true;
          break;
        }
        if (nanswers == CUT_AT) {
          arm_cut();
          cut = true;
        }
        const char *text = reply_to(q, used);
        assert_int_equal(dbc_interview_answer(iv, text, q->question_id, ids[nanswers], &st),
                         DBF_OK);
        nanswers++;
        break;
      }
      case DBC_EV_ACK:
        acks++;
        duplicates += ev.frame->ack->duplicate;
        break;
      case DBC_EV_EXTRACTION:
        extractions++;
        break;
      case DBC_EV_COMPLETED:
        completed = true;
        break;
      default:
        break;
    }
  }
  assert_true(cut);
  assert_true(dbc_interview_reconnects(iv) >= 1);
  assert_int_equal(dbc_interview_pending(iv), 0);
  assert_true(questions >= nanswers);
  assert_true(extractions > 0);
  fprintf(stderr,
          "interview: %zu answers, %zu acks (%zu duplicate), %d reconnects, last seq %lld\n",
          nanswers, acks, duplicates, dbc_interview_reconnects(iv),
          (long long)dbc_interview_last_seq(iv));
  dbc_interview_free(iv);

  /* Every answer is stored exactly once, under the id it was sent with. */
  dbc_pager *p = NULL;
  dbc_call_opts co = {.timeout_ms = 5000};
  assert_int_equal(dbc_session_history(c, sid, 0, &co, &p, &st), DBF_OK);
  size_t seen[MAX_ANSWERS] = {0}, stored = 0;
  const ProtobufCMessage *item;
  while (dbc_pager_next(p, &item, &st) == DBF_OK && item) {
    const Debrief__V1__Message *m = (const Debrief__V1__Message *)item;
    if (m->kind != DEBRIEF__V1__MESSAGE_KIND__MESSAGE_KIND_ANSWER)
      continue;
    stored++;
    for (size_t i = 0; i < nanswers; i++)
      seen[i] += strcmp(ids[i], m->client_msg_id) == 0;
  }
  assert_int_equal(st.code, DBF_OK);
  dbc_pager_free(p);
  assert_int_equal(stored, nanswers);
  for (size_t i = 0; i < nanswers; i++)
    assert_int_equal(seen[i], 1);

  Debrief__V1__Session *after = NULL;
  assert_int_equal(dbc_get_session(c, sid, &after, NULL, &st), DBF_OK);
  assert_int_equal(after->state, DEBRIEF__V1__SESSION_STATE__SESSION_STATE_COMPLETED);
  assert_int_equal(after->turn_count, (int)nanswers);
  dbc_msg_free(after);
  dbf_free(sid);
  assert_true(token_calls >= 3); /* create, every stream open, history, get */
  dbc_client_free(c);
}

/*
 * The next event of kind (DBC_EV_QUESTION: a question, also a snapshot's),
 * skipping others; fails after 20 s without a frame.
 */
static void next_of(dbc_interview *iv, dbc_event_kind kind, dbc_event *ev) {
  dbc_status st = {0};
  do {
    if (dbc_interview_next(iv, 20000, ev, &st))
      fail_msg("interview failed: %s (%s)", st.msg, dbc_grpc_code_name(st.grpc));
    assert_int_not_equal(ev->kind, DBC_EV_IDLE);
    assert_int_not_equal(ev->kind, DBC_EV_END);
  } while (ev->kind != kind && !(kind == DBC_EV_QUESTION && dbc_event_question(ev)));
}

/* Pausing a paused session is a REJECTED event on a stream that stays open. */
static void test_refused_control(void **state) {
  (void)state;
  dbc_client *c = new_client();
  dbc_status st = {0};
  char *sid = new_session(c, "account:loomwork-rejected", "Loomwork follow-up");
  dbc_interview *iv = NULL;
  assert_int_equal(dbc_interview_open(c, sid, 0, NULL, &iv, &st), DBF_OK);
  dbf_free(sid);
  dbc_event ev;
  next_of(iv, DBC_EV_QUESTION, &ev);
  char qid[128];
  snprintf(qid, sizeof qid, "%s", dbc_event_question(&ev)->question_id);
  const Debrief__V1__ControlAction pause = DEBRIEF__V1__CONTROL_ACTION__CONTROL_ACTION_PAUSE;
  assert_int_equal(dbc_interview_control(iv, pause, &st), DBF_OK);
  next_of(iv, DBC_EV_STATE, &ev);
  assert_int_equal(ev.frame->state->state, DEBRIEF__V1__SESSION_STATE__SESSION_STATE_PAUSED);
  assert_int_equal(dbc_interview_control(iv, pause, &st), DBF_OK); /* again: refused */
  next_of(iv, DBC_EV_REJECTED, &ev);
  const Debrief__V1__Rejected *rj = ev.frame->rejected;
  assert_int_equal(ev.frame->seq, 0);
  assert_int_equal(rj->code, 9); /* FAILED_PRECONDITION */
  assert_string_equal(rj->frame, "control");
  assert_int_equal(strlen(rj->client_msg_id), DBC_MSG_ID_LEN - 1);
  assert_non_null(strstr(rj->message, "PAUSED"));
  /* The stream is still open: resume, then an answer is stored. */
  assert_int_equal(
      dbc_interview_control(iv, DEBRIEF__V1__CONTROL_ACTION__CONTROL_ACTION_RESUME, &st), DBF_OK);
  next_of(iv, DBC_EV_STATE, &ev);
  assert_int_equal(ev.frame->state->state, DEBRIEF__V1__SESSION_STATE__SESSION_STATE_ACTIVE);
  char id[DBC_MSG_ID_LEN];
  assert_int_equal(dbc_interview_answer(iv, SCRIPT[0].text, qid, id, &st), DBF_OK);
  next_of(iv, DBC_EV_ACK, &ev);
  assert_string_equal(ev.frame->ack->client_msg_id, id);
  assert_int_equal(dbc_interview_pending(iv), 0);
  assert_int_equal(dbc_interview_reconnects(iv), 0);
  dbc_interview_free(iv);
  dbc_client_free(c);
}

static void test_list_pages_and_errors(void **state) {
  (void)state;
  dbc_client *c = new_client();
  dbc_status st = {0};
  for (int i = 0; i < 3; i++) {
    Debrief__V1__Session *s = NULL;
    assert_int_equal(dbc_create_session(c, "work_experience", NULL, NULL, &s, NULL, &st), DBF_OK);
    dbc_msg_free(s);
  }
  Debrief__V1__ListSessionsRequest f = DEBRIEF__V1__LIST_SESSIONS_REQUEST__INIT;
  f.page_size = 2;
  f.template_slug = "work_experience";
  dbc_pager *p = NULL;
  assert_int_equal(dbc_list_sessions(c, &f, NULL, &p, &st), DBF_OK);
  size_t n = 0;
  const ProtobufCMessage *item;
  while (dbc_pager_next(p, &item, &st) == DBF_OK && item) {
    assert_string_equal(((const Debrief__V1__Session *)item)->template_slug, "work_experience");
    n++;
  }
  assert_int_equal(st.code, DBF_OK);
  assert_int_equal(n, 3);
  assert_int_equal(dbc_pager_pages(p), 2);
  dbc_pager_free(p);

  /* A generated wrapper, and statuses mapped to the project's errors. */
  Debrief__V1__GetSessionRequest gr = DEBRIEF__V1__GET_SESSION_REQUEST__INIT;
  gr.session_id = "00000000-0000-4000-8000-000000000000";
  Debrief__V1__GetSessionResponse *resp = NULL;
  assert_int_equal(dbc_session_service_get_session(c, &gr, &resp, NULL, &st), DBF_ERR_NOT_FOUND);
  assert_null(resp);
  assert_int_equal(st.grpc, 5);
  assert_true(strlen(st.msg) > 0);
  gr.session_id = "not-a-uuid";
  assert_int_equal(dbc_session_service_get_session(c, &gr, &resp, NULL, &st), DBF_ERR_INVALID);

  /* A 1 ms deadline on one call. */
  dbc_call_opts tiny = {.timeout_ms = 1};
  Debrief__V1__ListTemplatesRequest lt = DEBRIEF__V1__LIST_TEMPLATES_REQUEST__INIT;
  Debrief__V1__ListTemplatesResponse *lr = NULL;
  dbf_err rc = dbc_template_service_list_templates(c, &lt, &lr, &tiny, &st);
  if (rc == DBF_OK) /* a very fast answer can still beat 1 ms */
    dbc_msg_free(lr);
  else
    assert_int_equal(st.grpc, 4);
  assert_int_equal(dbc_template_service_list_templates(c, &lt, &lr, NULL, &st), DBF_OK);
  assert_true(lr->n_templates >= 2);
  dbc_msg_free(lr);
  dbc_client_free(c);

  /* A token provider is asked again, with refresh, after UNAUTHENTICATED. */
  dbc_client_opts ro = {.target = getenv("DEBRIEF_ADDR"), .token_fn = stale_then_fresh};
  assert_int_equal(dbc_client_new(&ro, &c, &st), DBF_OK);
  refreshes = 0;
  assert_int_equal(dbc_template_service_list_templates(c, &lt, &lr, NULL, &st), DBF_OK);
  assert_int_equal(refreshes, 1);
  dbc_msg_free(lr);
  dbc_client_free(c);

  /* No token: UNAUTHENTICATED. */
  dbc_client_opts o = {.target = getenv("DEBRIEF_ADDR")};
  assert_int_equal(dbc_client_new(&o, &c, &st), DBF_OK);
  assert_int_equal(dbc_get_session(c, gr.session_id, &(Debrief__V1__Session *){NULL}, NULL, &st),
                   DBF_ERR_UNAUTHENTICATED);
  assert_int_equal(st.grpc, 16);
  dbc_client_free(c);
}

int main(void) {
  if (!getenv("DEBRIEF_ADDR") || !getenv("DEBRIEF_TOKEN")) {
    fprintf(stderr, "DEBRIEF_ADDR/DEBRIEF_TOKEN unset: run through test_client_c.py\n");
    return 77; /* skipped */
  }
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_interview_with_drop),
      cmocka_unit_test(test_list_pages_and_errors),
      cmocka_unit_test(test_refused_control),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
