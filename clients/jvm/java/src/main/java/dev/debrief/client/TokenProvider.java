package dev.debrief.client;

/**
 * Supplies the bearer token for each call. The client asks again for every
 * call (and for every reconnect of an interview), so a provider that caches
 * a token and refreshes it before it expires keeps long interviews alive.
 */
@FunctionalInterface
public interface TokenProvider {
  /**
   * Returns the token to send, without the "Bearer " prefix. Called on a
   * gRPC executor thread; it may block briefly (e.g. to refresh). Throwing
   * fails the call with UNAUTHENTICATED.
   */
  String token() throws Exception;
}
