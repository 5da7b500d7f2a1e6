package dev.debrief.client;

import dev.debrief.v1.Completed;
import dev.debrief.v1.FieldValue;
import dev.debrief.v1.Question;
import dev.debrief.v1.SessionState;
import dev.debrief.v1.Snapshot;
import dev.debrief.v1.WarningKind;
import io.grpc.Status;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * What an {@link Interview} yields, in the order the server sent it. Frames
 * replayed after a reconnect carry {@code replayed = true}; each persisted
 * frame is yielded once, however often the stream reconnects.
 */
public sealed interface InterviewEvent {

  /** The stream opened (again, when {@code resumed}); the session as it stands. */
  record Opened(Snapshot snapshot, boolean resumed) implements InterviewEvent {}

  /** The interviewer asks; answer it with {@link Interview#answer}. */
  record QuestionAsked(Question question, boolean replayed) implements InterviewEvent {}

  /** A piece of a question while a model writes it (never replayed). */
  record QuestionDelta(String questionId, String delta, int index) implements InterviewEvent {}

  /** Fields changed by an answer or an edit. */
  record FieldsExtracted(List<FieldValue> updates, boolean replayed) implements InterviewEvent {}

  /** The server committed the answer with this client_msg_id. */
  record AnswerAcked(String clientMsgId, long seq, boolean duplicate) implements InterviewEvent {}

  /** Inactivity, expiry, provider fallback, taken over or server shutdown. */
  record Warned(WarningKind kind, String message, Instant at) implements InterviewEvent {}

  /** The session moved from {@code previous} to {@code state}. */
  record StateChanged(SessionState state, SessionState previous, String reason)
      implements InterviewEvent {}

  /**
   * A control or an edit was refused and changed nothing; the stream stays
   * open. {@code code} is INVALID_ARGUMENT for a value that does not fit,
   * FAILED_PRECONDITION for the session's state (pausing a paused session);
   * {@code frame} is "control" or "edit_field".
   */
  record Rejected(String clientMsgId, Status.Code code, String message, String frame)
      implements InterviewEvent {}

  /** The interview is over: the summary, the record and the insights. */
  record Finished(Completed completed) implements InterviewEvent {}

  /**
   * The stream dropped ({@code cause}); try {@code attempt} opens it again
   * after {@code delay}, resuming after the last seq seen and re-sending the
   * answers not yet acknowledged, with their ids.
   */
  record Reconnecting(int attempt, Duration delay, Status.Code cause, String message)
      implements InterviewEvent {}
}
