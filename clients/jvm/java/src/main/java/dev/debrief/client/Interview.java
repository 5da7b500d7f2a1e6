package dev.debrief.client;

import dev.debrief.v1.AnswerFrame;
import dev.debrief.v1.ControlAction;
import dev.debrief.v1.ControlFrame;
import dev.debrief.v1.ConversationServiceGrpc;
import dev.debrief.v1.ConverseRequest;
import dev.debrief.v1.ConverseResponse;
import dev.debrief.v1.EditFieldFrame;
import dev.debrief.v1.HeartbeatFrame;
import dev.debrief.v1.OpenFrame;
import com.google.protobuf.Value;
import io.grpc.Status;
import io.grpc.stub.ClientCallStreamObserver;
import io.grpc.stub.ClientResponseObserver;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * One interview over ConversationService/Converse (docs/protocol.md,
 * section 2), kept alive across dropped connections.
 *
 * <p>Answers get a generated client_msg_id and stay "unacked" until the
 * server's ack for that id arrives. When the stream drops, the interview
 * reopens it after a jittered backoff ({@link ReconnectPolicy}) with
 * resume_after_seq set to the last persisted seq it yielded, so the server
 * replays exactly what was missed, and re-sends every unacked answer with
 * its original id, so the server stores each answer once. A stream taken
 * over by a newer one (ABORTED), or any status other than the transient
 * ones (UNAVAILABLE, CANCELLED, DEADLINE_EXCEEDED, INTERNAL, UNKNOWN), ends
 * the interview with a {@link DebriefException}.
 *
 * <p>Events are read with {@link #next()} (or a for-each loop). At most
 * {@link #WINDOW} frames wait to be read; until the caller takes their
 * events the stream is not read further. After
 * {@link InterviewEvent.Finished} the interview closes its side of the
 * stream and the iteration ends. Sending methods are thread-safe.
 */
public final class Interview implements AutoCloseable, Iterable<InterviewEvent> {
  private static final Duration CLOSE_WAIT = Duration.ofSeconds(2);
  /**
   * Frames read from the stream but not yet taken by the caller, at most.
   * Past it the client stops reading and HTTP/2 flow control holds the
   * server back, so an unread interview cannot grow without bound.
   */
  static final int WINDOW = 16;

  private final ConversationServiceGrpc.ConversationServiceStub stub;
  private final String sessionId;
  private final ReconnectPolicy policy;
  private final ScheduledExecutorService scheduler;
  private final BlockingQueue<Object> events = new LinkedBlockingQueue<>();
  private final CountDownLatch endLatch = new CountDownLatch(1);

  // Guarded by this.
  private final Map<String, AnswerFrame> unacked = new LinkedHashMap<>();
  private final List<ConverseRequest> unsent = new ArrayList<>(); // controls made while down
  private ClientCallStreamObserver<ConverseRequest> out; // null while reconnecting
  private int generation; // streams opened so far; late callbacks of older ones are ignored
  private long lastSeq; // the highest persisted seq yielded
  private final boolean fresh; // opened without resume_after_seq: start at the snapshot
  private boolean opened; // a snapshot arrived at least once
  private String pendingQuestionId = "";
  private int attempts;
  private List<InterviewEvent> batch; // the events of the frame being read
  private boolean closing;
  private boolean finished;
  private boolean ended;

  // Read side only (the reader thread).
  private Object endState;

  Interview(
      ConversationServiceGrpc.ConversationServiceStub stub,
      String sessionId,
      long resumeAfterSeq,
      ReconnectPolicy policy,
      ScheduledExecutorService scheduler) {
    this.stub = stub;
    this.sessionId = sessionId;
    this.policy = policy;
    this.scheduler = scheduler;
    this.fresh = resumeAfterSeq < 0;
    this.lastSeq = Math.max(0, resumeAfterSeq);
    open();
  }

  /** The session this interview drives. */
  public String sessionId() {
    return sessionId;
  }

  /** The last persisted seq yielded; resume a later interview after it. */
  public synchronized long lastSeq() {
    return lastSeq;
  }

  /** The ids of the answers sent but not acknowledged yet. */
  public synchronized List<String> unackedIds() {
    return new ArrayList<>(unacked.keySet());
  }

  /** Answers the pending question; returns the answer's client_msg_id. */
  public String answer(String text) {
    synchronized (this) {
      return answer(text, pendingQuestionId);
    }
  }

  /** Answers question {@code questionId}; returns the answer's client_msg_id. */
  public synchronized String answer(String text, String questionId) {
    checkOpen();
    String id = UUID.randomUUID().toString();
    AnswerFrame a =
        AnswerFrame.newBuilder()
            .setClientMsgId(id)
            .setText(text)
            .setQuestionId(questionId == null ? "" : questionId)
            .build();
    unacked.put(id, a);
    send(ConverseRequest.newBuilder().setAnswer(a).build());
    return id;
  }

  /** The user is done: the server completes the session now. */
  public void finish() {
    control(ControlAction.CONTROL_ACTION_FINISH);
  }

  public void pause() {
    control(ControlAction.CONTROL_ACTION_PAUSE);
  }

  public void resume() {
    control(ControlAction.CONTROL_ACTION_RESUME);
  }

  /** Skips the pending question's fields. */
  public void skip() {
    control(ControlAction.CONTROL_ACTION_SKIP);
  }

  /**
   * Corrects an extracted field; returns the edit's client_msg_id, which a
   * {@link InterviewEvent.Rejected} names if the server refuses the value.
   */
  public synchronized String editField(String key, Value value) {
    checkOpen();
    String id = UUID.randomUUID().toString();
    sendOrKeep(
        ConverseRequest.newBuilder()
            .setEditField(
                EditFieldFrame.newBuilder().setKey(key).setValue(value).setClientMsgId(id))
            .build());
    return id;
  }

  /** Keeps the session alive without an answer (dropped while reconnecting). */
  public synchronized void heartbeat() {
    checkOpen();
    send(ConverseRequest.newBuilder().setHeartbeat(HeartbeatFrame.getDefaultInstance()).build());
  }

  private synchronized void control(ControlAction action) {
    checkOpen();
    sendOrKeep(
        ConverseRequest.newBuilder()
            .setControl(
                ControlFrame.newBuilder()
                    .setAction(action)
                    .setClientMsgId(UUID.randomUUID().toString()))
            .build());
  }

  /**
   * The next event, waiting as long as it takes; null once the interview
   * has ended normally. Throws {@link DebriefException} if it ended with an
   * error.
   */
  public InterviewEvent next() {
    try {
      return take(events.take());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting for an interview event", e);
    }
  }

  /** Like {@link #next()}, but gives up after {@code timeout}. */
  public InterviewEvent next(Duration timeout) throws TimeoutException {
    try {
      Object o = endState != null ? endState : events.poll(timeout.toNanos(), TimeUnit.NANOSECONDS);
      if (o == null) {
        throw new TimeoutException("no interview event within " + timeout);
      }
      return take(o);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting for an interview event", e);
    }
  }

  private InterviewEvent take(Object o) {
    if (endState != null) {
      o = endState;
    }
    if (o instanceof Item it) {
      if (it.creditGen != 0) {
        credit(it.creditGen); // the frame's last event is taken: read one more
      }
      return it.event;
    }
    endState = o;
    End end = (End) o;
    if (end.error != null) {
      throw end.error;
    }
    return null;
  }

  /** Iterates over the events until the interview ends. */
  @Override
  public Iterator<InterviewEvent> iterator() {
    return new Iterator<InterviewEvent>() {
      private InterviewEvent ahead;

      @Override
      public boolean hasNext() {
        if (ahead == null) {
          ahead = Interview.this.next();
        }
        return ahead != null;
      }

      @Override
      public InterviewEvent next() {
        if (!hasNext()) {
          throw new NoSuchElementException();
        }
        InterviewEvent ev = ahead;
        ahead = null;
        return ev;
      }
    };
  }

  /**
   * Closes this side of the stream and waits briefly for the server to end
   * it; then cancels it. Unacked answers are not re-sent after close.
   */
  @Override
  public void close() {
    ClientCallStreamObserver<ConverseRequest> o;
    synchronized (this) {
      if (ended) {
        return;
      }
      closing = true;
      o = out;
      if (o == null) {
        end(null);
        return;
      }
      try {
        o.onCompleted();
      } catch (RuntimeException e) {
        // The call is already over; its callback ends the interview.
      }
    }
    try {
      if (!endLatch.await(CLOSE_WAIT.toMillis(), TimeUnit.MILLISECONDS)) {
        o.cancel("the interview was closed", null);
      }
    } catch (InterruptedException e) {
      o.cancel("the interview was closed", null);
      Thread.currentThread().interrupt();
    }
  }

  // ---- the stream ----

  private synchronized void open() {
    if (closing || ended) {
      if (!ended) {
        end(null);
      }
      return;
    }
    int gen = ++generation;
    out = (ClientCallStreamObserver<ConverseRequest>) stub.converse(new Reader(gen));
    long after = fresh && !opened ? 0 : lastSeq;
    out.onNext(
        ConverseRequest.newBuilder()
            .setOpen(OpenFrame.newBuilder().setSessionId(sessionId).setResumeAfterSeq(after))
            .build());
    // The server dedupes by client_msg_id: an answer it already stored is
    // acked again as a duplicate, one it never saw is stored now.
    for (AnswerFrame a : unacked.values()) {
      out.onNext(ConverseRequest.newBuilder().setAnswer(a).build());
    }
    for (ConverseRequest r : unsent) {
      out.onNext(r);
    }
    unsent.clear();
  }

  private void send(ConverseRequest r) {
    if (out == null) {
      return; // reconnecting: answers are re-sent from unacked, heartbeats dropped
    }
    try {
      out.onNext(r);
    } catch (RuntimeException e) {
      // The call just failed; its onError schedules the reconnect.
    }
  }

  private void sendOrKeep(ConverseRequest r) {
    if (out == null) {
      unsent.add(r);
    } else {
      send(r);
    }
  }

  private void checkOpen() {
    if (closing || ended || finished) {
      throw new IllegalStateException("the interview is " + (finished ? "finished" : "closed"));
    }
  }

  private void emit(InterviewEvent ev) {
    if (batch != null) {
      batch.add(ev);
    } else {
      events.add(new Item(ev, 0));
    }
  }

  private synchronized void credit(int gen) {
    if (gen == generation && out != null) {
      out.request(1);
    }
  }

  private void end(DebriefException error) {
    ended = true;
    out = null;
    events.add(new End(error));
    endLatch.countDown();
  }

  private static boolean transient_(Status.Code c) {
    switch (c) {
      case UNAVAILABLE:
      case CANCELLED:
      case DEADLINE_EXCEEDED:
      case INTERNAL:
      case UNKNOWN:
        return true;
      default:
        return false;
    }
  }

  private synchronized void dropped(int gen, Status status) {
    if (gen != generation || ended) {
      return;
    }
    out = null;
    if (closing || finished) {
      end(null);
      return;
    }
    if (!transient_(status.getCode()) || attempts >= policy.maxAttempts()) {
      end(new DebriefException(status));
      return;
    }
    attempts++;
    Duration delay = policy.delay(attempts);
    emit(
        new InterviewEvent.Reconnecting(
            attempts, delay, status.getCode(), String.valueOf(status.getDescription())));
    try {
      scheduler.schedule(this::open, delay.toNanos(), TimeUnit.NANOSECONDS);
    } catch (RejectedExecutionException e) {
      end(new DebriefException(Status.CANCELLED.withDescription("the client was closed")));
    }
  }

  private synchronized void received(int gen, ConverseResponse r) {
    if (gen != generation || ended) {
      return;
    }
    if (r.getSeq() > 0 && r.getSeq() <= lastSeq) {
      if (out != null) {
        out.request(1); // yielded before this reconnect
      }
      return;
    }
    batch = new ArrayList<>();
    List<InterviewEvent> got;
    try {
      dispatch(r);
    } finally {
      got = batch;
      batch = null;
    }
    if (got.isEmpty()) {
      if (out != null) {
        out.request(1);
      }
      return;
    }
    for (int i = 0; i < got.size(); i++) {
      events.add(new Item(got.get(i), i == got.size() - 1 ? gen : 0));
    }
  }

  private void dispatch(ConverseResponse r) {
    if (r.getSeq() > 0) {
      lastSeq = r.getSeq();
    }
    switch (r.getFrameCase()) {
      case SNAPSHOT:
        attempts = 0;
        boolean resumed = opened;
        var snap = r.getSnapshot();
        if (snap.hasPendingQuestion()) {
          pendingQuestionId = snap.getPendingQuestion().getQuestionId();
        }
        emit(new InterviewEvent.Opened(snap, resumed));
        if (fresh && !opened) {
          lastSeq = Math.max(lastSeq, snap.getSession().getLastSeq());
          if (snap.hasPendingQuestion()) {
            emit(new InterviewEvent.QuestionAsked(snap.getPendingQuestion(), false));
          }
        }
        opened = true;
        break;
      case ACK:
        var ack = r.getAck();
        // A re-sent answer the server had already stored is acked twice
        // (the replayed ack, then the duplicate); yield the first.
        if (unacked.remove(ack.getClientMsgId()) != null || r.getReplayed()) {
          emit(new InterviewEvent.AnswerAcked(ack.getClientMsgId(), ack.getSeq(), ack.getDuplicate()));
        }
        break;
      case TEXT_DELTA:
        var d = r.getTextDelta();
        emit(new InterviewEvent.QuestionDelta(d.getQuestionId(), d.getDelta(), d.getIndex()));
        break;
      case QUESTION:
        pendingQuestionId = r.getQuestion().getQuestionId();
        emit(new InterviewEvent.QuestionAsked(r.getQuestion(), r.getReplayed()));
        break;
      case EXTRACTION:
        emit(new InterviewEvent.FieldsExtracted(r.getExtraction().getUpdatesList(), r.getReplayed()));
        break;
      case WARNING:
        var w = r.getWarning();
        emit(
            new InterviewEvent.Warned(
                w.getKind(),
                w.getMessage(),
                Instant.ofEpochSecond(w.getAt().getSeconds(), w.getAt().getNanos())));
        break;
      case STATE:
        var s = r.getState();
        emit(new InterviewEvent.StateChanged(s.getState(), s.getPrevious(), s.getReason()));
        break;
      case REJECTED:
        var rj = r.getRejected();
        emit(
            new InterviewEvent.Rejected(
                rj.getClientMsgId(),
                Status.fromCodeValue(rj.getCode()).getCode(),
                rj.getMessage(),
                rj.getFrame()));
        break;
      case COMPLETED:
        finished = true;
        emit(new InterviewEvent.Finished(r.getCompleted()));
        try {
          out.onCompleted(); // nothing more to say: the server ends the stream
        } catch (RuntimeException e) {
          // Already over; dropped() ends the interview.
        }
        break;
      default:
        break; // a frame kind newer than this client
    }
  }

  private final class Reader implements ClientResponseObserver<ConverseRequest, ConverseResponse> {
    private final int gen;

    Reader(int gen) {
      this.gen = gen;
    }

    @Override
    public void beforeStart(ClientCallStreamObserver<ConverseRequest> stream) {
      stream.disableAutoRequestWithInitial(WINDOW);
    }

    @Override
    public void onNext(ConverseResponse r) {
      received(gen, r);
    }

    @Override
    public void onError(Throwable t) {
      dropped(gen, Status.fromThrowable(t));
    }

    @Override
    public void onCompleted() {
      dropped(gen, Status.UNAVAILABLE.withDescription("the server ended the stream"));
    }
  }

  private record End(DebriefException error) {}

  /** A queued event; creditGen is the stream to read one more frame from once it is taken. */
  private record Item(InterviewEvent event, int creditGen) {}
}
