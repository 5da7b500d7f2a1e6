package dev.debrief.client;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/**
 * How an {@link Interview} reconnects after its stream drops: exponential
 * backoff from {@code initial} up to {@code max}, with jitter (each delay is
 * drawn uniformly from the upper half of the step, so clients cut off
 * together do not return together), at most {@code maxAttempts} tries in a
 * row. A stream that opens again resets the count.
 */
public record ReconnectPolicy(Duration initial, Duration max, int maxAttempts) {
  /** 200 ms doubling to 5 s, 10 tries: about half a minute of outage. */
  public static final ReconnectPolicy DEFAULT =
      new ReconnectPolicy(Duration.ofMillis(200), Duration.ofSeconds(5), 10);

  public ReconnectPolicy {
    if (initial.isNegative() || initial.isZero() || max.compareTo(initial) < 0 || maxAttempts < 0) {
      throw new IllegalArgumentException("need 0 < initial <= max and maxAttempts >= 0");
    }
  }

  /** The delay before try number {@code attempt} (1-based). */
  public Duration delay(int attempt) {
    long step = initial.toMillis();
    for (int i = 1; i < attempt && step < max.toMillis(); i++) {
      step *= 2;
    }
    step = Math.min(step, max.toMillis());
    long half = step / 2;
    return Duration.ofMillis(half + ThreadLocalRandom.current().nextLong(step - half + 1));
  }
}
