package dev.debrief.client;

import io.grpc.Status;

/**
 * A failed call: the gRPC status code and the server's message, which says
 * what to do (docs/protocol.md, section 3, lists the codes).
 */
public final class DebriefException extends RuntimeException {
  private static final long serialVersionUID = 1L;
  private final Status.Code code;

  DebriefException(Status status) {
    super(status.getCode() + ": " + status.getDescription(), status.getCause());
    this.code = status.getCode();
  }

  /** The status of {@code t} as a DebriefException (t itself if it is one). */
  public static DebriefException of(Throwable t) {
    if (t instanceof DebriefException) {
      return (DebriefException) t;
    }
    return new DebriefException(Status.fromThrowable(t));
  }

  /** The gRPC status code, e.g. NOT_FOUND or FAILED_PRECONDITION. */
  public Status.Code code() {
    return code;
  }
}
