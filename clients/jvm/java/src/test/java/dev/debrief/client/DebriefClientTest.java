package dev.debrief.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.Value;
import dev.debrief.v1.Completed;
import dev.debrief.v1.CreateSessionRequest;
import dev.debrief.v1.ListSessionsRequest;
import dev.debrief.v1.Message;
import dev.debrief.v1.MessageKind;
import dev.debrief.v1.MessageRole;
import dev.debrief.v1.Session;
import dev.debrief.v1.SessionState;
import dev.debrief.v1.Subject;
import io.grpc.Status;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The Java client against a real debrief-server and PostgreSQL, which
 * tests/jvm/test_jvm_sdk.py starts; it passes DEBRIEF_ADDR and a token for
 * a fresh user in DEBRIEF_TOKEN. Run alone (no server), the tests are
 * skipped, and that wrapper fails a run with skipped tests.
 */
class DebriefClientTest {
  static final Duration WAIT = Duration.ofSeconds(30);
  static String addr;
  static String token;
  static DebriefClient client;

  @BeforeAll
  static void connect() {
    addr = System.getenv("DEBRIEF_ADDR");
    token = System.getenv("DEBRIEF_TOKEN");
    Assumptions.assumeTrue(addr != null && token != null, "DEBRIEF_ADDR and DEBRIEF_TOKEN unset");
    client = DebriefClient.builder().target(addr).plaintext().token(token).build();
  }

  @AfterAll
  static void disconnect() {
    if (client != null) {
      client.close();
    }
  }

  static Session newSession(String key) {
    return client.createSession(
        CreateSessionRequest.newBuilder()
            .setTemplateSlug("sales_debrief")
            .setSubject(Subject.newBuilder().setKind("meeting").setKey(key).setTitle("Demo"))
            .build());
  }

  @Test
  void listsSessionsPageByPage() {
    String key = "account:jvm-" + UUID.randomUUID();
    List<String> made = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      made.add(0, newSession(key).getId()); // newest first
    }
    List<String> listed = new ArrayList<>();
    ListSessionsRequest filter =
        ListSessionsRequest.newBuilder().setSubjectKey(key).setPageSize(2).build();
    for (Session s : client.listSessions(filter)) {
      listed.add(s.getId());
    }
    assertEquals(made, listed);
    Session one = client.getSession(made.get(2));
    assertEquals(made.get(2), one.getId());
    assertEquals(SessionState.SESSION_STATE_CREATED, one.getState());
    assertEquals(key, one.getSubject().getKey());
  }

  @Test
  void errorsCarryTheStatusCode() {
    DebriefException e =
        assertThrows(DebriefException.class, () -> client.getSession(UUID.randomUUID().toString()));
    assertEquals(Status.Code.NOT_FOUND, e.code());
    e =
        assertThrows(
            DebriefException.class,
            () -> client.createSession(CreateSessionRequest.getDefaultInstance()));
    assertEquals(Status.Code.INVALID_ARGUMENT, e.code());
  }

  @Test
  void deadlinesApplyPerCall() {
    String id = newSession("account:jvm-deadline").getId();
    DebriefException e =
        assertThrows(
            DebriefException.class, () -> client.withDeadline(Duration.ofNanos(1)).getSession(id));
    assertEquals(Status.Code.DEADLINE_EXCEEDED, e.code());
    assertEquals(id, client.withDeadline(Duration.ofSeconds(5)).getSession(id).getId());
  }

  @Test
  void theTokenProviderIsAskedOnEveryCall() {
    AtomicReference<String> current = new AtomicReference<>("not-a-token");
    AtomicInteger asked = new AtomicInteger();
    try (DebriefClient c =
        DebriefClient.builder()
            .target(addr)
            .plaintext()
            .tokenProvider(
                () -> {
                  asked.incrementAndGet();
                  return current.get();
                })
            .build()) {
      DebriefException e =
          assertThrows(DebriefException.class, () -> c.listSessions().iterator().hasNext());
      assertEquals(Status.Code.UNAUTHENTICATED, e.code());
      current.set(token); // "refreshed"
      String id = newSession("account:jvm-token").getId();
      assertEquals(id, c.getSession(id).getId());
      assertEquals(2, asked.get());
    }
  }

  @Test
  void aNewerStreamTakesOverWithAWarning() throws Exception {
    Session s = newSession("account:jvm-takeover-" + UUID.randomUUID());
    try (Interview first = client.interview(s.getId())) {
      assertTrue(first.next(WAIT) instanceof InterviewEvent.Opened);
      try (Interview second = client.interview(s.getId())) {
        assertTrue(second.next(WAIT) instanceof InterviewEvent.Opened);
        List<InterviewEvent> seen = new ArrayList<>();
        DebriefException e =
            assertThrows(
                DebriefException.class,
                () -> {
                  for (InterviewEvent ev = first.next(WAIT); ev != null; ev = first.next(WAIT)) {
                    seen.add(ev);
                  }
                });
        assertEquals(Status.Code.ABORTED, e.code(), "taken over is final, not retried");
        assertTrue(
            seen.stream()
                .anyMatch(
                    ev ->
                        ev instanceof InterviewEvent.Warned w
                            && w.kind() == dev.debrief.v1.WarningKind.WARNING_KIND_TAKEN_OVER),
            "events: " + seen);
      }
    }
  }

  /**
   * A refused control or edit is a Rejected event on a stream that stays
   * open: pausing a paused session (FAILED_PRECONDITION), an edit of a field
   * the template does not have (INVALID_ARGUMENT); then the interview goes on.
   */
  @Test
  void aRefusedControlOrEditIsARejectedEvent() throws Exception {
    Session s = newSession("account:jvm-rejected-" + UUID.randomUUID());
    List<InterviewEvent.Rejected> rejected = new ArrayList<>();
    String edit = null;
    String sent = null;
    boolean acked = false;
    int step = 0;
    try (Interview iv = client.interview(s.getId())) {
      for (InterviewEvent ev = iv.next(WAIT); ev != null && !acked; ev = iv.next(WAIT)) {
        if (step == 0 && ev instanceof InterviewEvent.QuestionAsked) {
          iv.pause();
          step = 1;
        } else if (step == 1 && ev instanceof InterviewEvent.StateChanged c) {
          assertEquals(SessionState.SESSION_STATE_PAUSED, c.state());
          iv.pause(); // again: refused, the stream stays open
          step = 2;
        } else if (step == 2 && ev instanceof InterviewEvent.Rejected r) {
          rejected.add(r);
          iv.resume();
          step = 3;
        } else if (step == 3 && ev instanceof InterviewEvent.StateChanged c) {
          assertEquals(SessionState.SESSION_STATE_ACTIVE, c.state());
          edit = iv.editField("no_such_field", Value.newBuilder().setStringValue("x").build());
          step = 4;
        } else if (step == 4 && ev instanceof InterviewEvent.Rejected r) {
          rejected.add(r);
          sent = iv.answer("Northwind, we met their CFO on Tuesday.");
          step = 5;
        } else if (step == 5 && ev instanceof InterviewEvent.AnswerAcked a) {
          acked = a.clientMsgId().equals(sent);
        }
      }
      assertTrue(acked, "the answer after the refusals was never acked");
      assertTrue(iv.unackedIds().isEmpty(), "unacked: " + iv.unackedIds());
    }
    assertEquals(2, rejected.size(), "rejected: " + rejected);
    InterviewEvent.Rejected pause = rejected.get(0);
    assertEquals(Status.Code.FAILED_PRECONDITION, pause.code());
    assertEquals("control", pause.frame());
    assertTrue(pause.message().contains("PAUSED"), pause.message());
    InterviewEvent.Rejected bad = rejected.get(1);
    assertEquals(Status.Code.INVALID_ARGUMENT, bad.code());
    assertEquals("edit_field", bad.frame());
    assertEquals(edit, bad.clientMsgId());
    assertTrue(bad.message().contains("no_such_field"), bad.message());
  }

  /**
   * A whole interview through a proxy that drops the connection twice: once
   * right after an answer is sent (its ack is likely lost), once with the
   * answer swallowed in flight (the server never saw it). The interview
   * reconnects and re-sends; the transcript holds every answer exactly once.
   */
  @Test
  void aWholeInterviewSurvivesDroppedConnections() throws Exception {
    Session s = newSession("account:jvm-interview-" + UUID.randomUUID());
    SimUser user = new SimUser("debrief-sample-1");
    Map<String, String> sent = new LinkedHashMap<>(); // client_msg_id -> text
    List<String> acked = new ArrayList<>();
    int reconnects = 0;
    int questions = 0;
    Completed completed = null;
    try (TcpProxy proxy = new TcpProxy(addr);
        DebriefClient viaProxy =
            DebriefClient.builder()
                .target(proxy.address())
                .plaintext()
                .token(token)
                .reconnect(new ReconnectPolicy(Duration.ofMillis(50), Duration.ofMillis(500), 10))
                .build();
        Interview iv = viaProxy.interview(s.getId())) {
      // next(WAIT) rather than for-each: a lost answer must fail the test, not hang it.
      for (InterviewEvent ev = iv.next(WAIT); ev != null; ev = iv.next(WAIT)) {
        if (ev instanceof InterviewEvent.QuestionAsked q) {
          assertTrue(questions++ < 40, "the interview never completed");
          String text =
              sent.isEmpty() ? user.opening : user.reply(q.question().getTargetFieldsList());
          if (sent.size() == 4) {
            proxy.blackhole.set(true); // this answer never reaches the server
            sent.put(iv.answer(text), text);
            Thread.sleep(200);
            proxy.cut();
            proxy.blackhole.set(false);
          } else {
            sent.put(iv.answer(text), text);
            if (sent.size() == 2) {
              proxy.cut(); // before the ack comes back, most likely
            }
          }
        } else if (ev instanceof InterviewEvent.AnswerAcked a) {
          acked.add(a.clientMsgId());
        } else if (ev instanceof InterviewEvent.Reconnecting) {
          reconnects++;
        } else if (ev instanceof InterviewEvent.Finished f) {
          completed = f.completed();
        }
      }
      assertTrue(iv.unackedIds().isEmpty(), "unacked: " + iv.unackedIds());
    }
    assertNotNull(completed, "no completion event");
    assertTrue(reconnects >= 2, "reconnects: " + reconnects);
    assertTrue(sent.size() >= 5, "answers: " + sent.size());
    assertEquals(new ArrayList<>(sent.keySet()), acked, "each answer acked once, in order");

    List<Message> answers = new ArrayList<>();
    long seq = 0;
    for (Message m : client.history(s.getId())) {
      assertTrue(m.getSeq() > seq, "the transcript is in seq order");
      seq = m.getSeq();
      if (m.getRole() == MessageRole.MESSAGE_ROLE_USER
          && m.getKind() == MessageKind.MESSAGE_KIND_ANSWER) {
        answers.add(m);
      }
    }
    assertEquals(sent.size(), answers.size(), "every answer stored exactly once");
    int i = 0;
    for (Map.Entry<String, String> e : sent.entrySet()) {
      assertEquals(e.getKey(), answers.get(i).getClientMsgId());
      assertEquals(e.getValue(), answers.get(i).getText());
      i++;
    }
    Session done = client.getSession(s.getId());
    assertEquals(SessionState.SESSION_STATE_COMPLETED, done.getState());
    Value budget = null;
    for (var fv : completed.getExtractedList()) {
      if (fv.getKey().equals("budget")) {
        budget = fv.getValue();
      }
    }
    assertNotNull(budget, "budget extracted");
  }
}
