package dev.debrief.client;

import dev.debrief.v1.ConversationServiceGrpc;
import dev.debrief.v1.CreateSessionRequest;
import dev.debrief.v1.GetSessionHistoryRequest;
import dev.debrief.v1.GetSessionRequest;
import dev.debrief.v1.ListSessionsRequest;
import dev.debrief.v1.Message;
import dev.debrief.v1.Session;
import dev.debrief.v1.SessionServiceGrpc;
import io.grpc.CallCredentials;
import io.grpc.Channel;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.StatusRuntimeException;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * A client of one debrief server: sessions, their history, and
 * {@link Interview}s over ConversationService/Converse.
 *
 * <pre>{@code
 * try (DebriefClient client = DebriefClient.builder()
 *     .target("localhost:50051").plaintext()
 *     .tokenProvider(() -> System.getenv("DEBRIEF_TOKEN"))
 *     .build()) {
 *   Session s = client.createSession(CreateSessionRequest.newBuilder()
 *       .setTemplateSlug("sales_debrief").build());
 * }
 * }</pre>
 *
 * <p>Every unary call has a deadline, {@link Builder#deadline} by default;
 * {@link #withDeadline} gives a view of the same client with another. A
 * failed call throws {@link DebriefException} with the gRPC code. The
 * client is thread-safe; {@link #close} shuts the channel it made (not one
 * passed to {@link Builder#channel}).
 */
public final class DebriefClient implements AutoCloseable {
  private final ManagedChannel ownedChannel; // null when the caller owns the channel
  private final Channel channel;
  private final CallCredentials credentials;
  private final Duration deadline;
  private final ReconnectPolicy reconnect;
  private final ScheduledExecutorService scheduler; // reconnect timers of interviews
  private final boolean view; // made by withDeadline: close() leaves the shared parts alone

  private DebriefClient(
      ManagedChannel ownedChannel,
      Channel channel,
      CallCredentials credentials,
      Duration deadline,
      ReconnectPolicy reconnect,
      ScheduledExecutorService scheduler,
      boolean view) {
    this.ownedChannel = ownedChannel;
    this.channel = channel;
    this.credentials = credentials;
    this.deadline = deadline;
    this.reconnect = reconnect;
    this.scheduler = scheduler;
    this.view = view;
  }

  public static Builder builder() {
    return new Builder();
  }

  /** The same client (channel, token provider) with another per-call deadline. */
  public DebriefClient withDeadline(Duration d) {
    return new DebriefClient(null, channel, credentials, d, reconnect, scheduler, true);
  }

  /** The channel, for calling generated stubs of services this class does not wrap. */
  public Channel channel() {
    return channel;
  }

  /** The per-call credentials that carry the token provider's tokens. */
  public CallCredentials callCredentials() {
    return credentials;
  }

  /** The per-call deadline of this client (or view). */
  public Duration deadline() {
    return deadline;
  }

  /** Creates a session; idempotent when the request has a request_id. */
  public Session createSession(CreateSessionRequest req) {
    return call(() -> sessions().createSession(req).getSession());
  }

  /** Reads one session; another user's session is NOT_FOUND. */
  public Session getSession(String sessionId) {
    return call(
        () ->
            sessions()
                .getSession(GetSessionRequest.newBuilder().setSessionId(sessionId).build())
                .getSession());
  }

  /**
   * The visible sessions that match {@code filter}, newest first, fetched a
   * page at a time as the iteration goes (page_size and the filters come
   * from {@code filter}; its page_token is ignored).
   */
  public Iterable<Session> listSessions(ListSessionsRequest filter) {
    return new Pages<>(
        token -> call(() -> sessions().listSessions(filter.toBuilder().setPageToken(token).build())),
        r -> r.getSessionsList(),
        r -> r.getNextPageToken());
  }

  /** Every visible session, newest first. */
  public Iterable<Session> listSessions() {
    return listSessions(ListSessionsRequest.getDefaultInstance());
  }

  /** The persisted transcript of a session in seq order, a page at a time. */
  public Iterable<Message> history(String sessionId) {
    GetSessionHistoryRequest base =
        GetSessionHistoryRequest.newBuilder().setSessionId(sessionId).build();
    return new Pages<>(
        token ->
            call(() -> sessions().getSessionHistory(base.toBuilder().setPageToken(token).build())),
        r -> r.getMessagesList(),
        r -> r.getNextPageToken());
  }

  /**
   * Opens an interview on a session: the stream opens now, and the
   * session's pending question is the first question event.
   */
  public Interview interview(String sessionId) {
    return interview(sessionId, -1);
  }

  /**
   * Opens an interview that replays every persisted frame after
   * {@code resumeAfterSeq} (the last seq an earlier client saw).
   */
  public Interview interview(String sessionId, long resumeAfterSeq) {
    ConversationServiceGrpc.ConversationServiceStub stub =
        ConversationServiceGrpc.newStub(channel).withCallCredentials(credentials);
    return new Interview(stub, sessionId, resumeAfterSeq, reconnect, scheduler);
  }

  private SessionServiceGrpc.SessionServiceBlockingStub sessions() {
    return SessionServiceGrpc.newBlockingStub(channel)
        .withCallCredentials(credentials)
        .withDeadlineAfter(deadline.toNanos(), TimeUnit.NANOSECONDS);
  }

  private static <T> T call(Supplier<T> rpc) {
    try {
      return rpc.get();
    } catch (StatusRuntimeException e) {
      throw DebriefException.of(e);
    }
  }

  /** Shuts the channel down (if this client made it) and waits up to 5 s. */
  @Override
  public void close() {
    if (view) {
      return;
    }
    scheduler.shutdownNow();
    if (ownedChannel != null) {
      ownedChannel.shutdown();
      try {
        if (!ownedChannel.awaitTermination(5, TimeUnit.SECONDS)) {
          ownedChannel.shutdownNow();
        }
      } catch (InterruptedException e) {
        ownedChannel.shutdownNow();
        Thread.currentThread().interrupt();
      }
    }
  }

  /** Configures a {@link DebriefClient}. */
  public static final class Builder {
    private String target;
    private boolean plaintext;
    private ManagedChannel channel;
    private TokenProvider tokens;
    private Duration deadline = Duration.ofSeconds(10);
    private ReconnectPolicy reconnect = ReconnectPolicy.DEFAULT;

    private Builder() {}

    /** host:port of the server (or any gRPC target string). */
    public Builder target(String target) {
      this.target = target;
      return this;
    }

    /** Connect without TLS (a local or test server). TLS is the default. */
    public Builder plaintext() {
      this.plaintext = true;
      return this;
    }

    /** Use this channel instead of making one; close() leaves it open. */
    public Builder channel(ManagedChannel channel) {
      this.channel = channel;
      return this;
    }

    /** Where each call's bearer token comes from (asked on every call). */
    public Builder tokenProvider(TokenProvider tokens) {
      this.tokens = tokens;
      return this;
    }

    /** A fixed bearer token. */
    public Builder token(String token) {
      return tokenProvider(() -> token);
    }

    /** The deadline of each unary call (10 s by default). */
    public Builder deadline(Duration deadline) {
      if (deadline.isNegative() || deadline.isZero()) {
        throw new IllegalArgumentException("the deadline must be positive");
      }
      this.deadline = deadline;
      return this;
    }

    /** How interviews reconnect ({@link ReconnectPolicy#DEFAULT} by default). */
    public Builder reconnect(ReconnectPolicy reconnect) {
      this.reconnect = Objects.requireNonNull(reconnect);
      return this;
    }

    public DebriefClient build() {
      if (tokens == null) {
        throw new IllegalStateException("set a tokenProvider (or token): every RPC needs one");
      }
      if ((channel == null) == (target == null)) {
        throw new IllegalStateException("set exactly one of target and channel");
      }
      ManagedChannel owned = null;
      Channel ch = channel;
      if (ch == null) {
        ManagedChannelBuilder<?> b = ManagedChannelBuilder.forTarget(target);
        if (plaintext) {
          b.usePlaintext();
        }
        owned = b.build();
        ch = owned;
      }
      ScheduledExecutorService scheduler =
          Executors.newSingleThreadScheduledExecutor(
              r -> {
                Thread t = new Thread(r, "debrief-reconnect");
                t.setDaemon(true);
                return t;
              });
      return new DebriefClient(
          owned, ch, new BearerCredentials(tokens), deadline, reconnect, scheduler, false);
    }
  }
}
