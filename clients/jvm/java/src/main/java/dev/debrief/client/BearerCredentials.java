package dev.debrief.client;

import io.grpc.CallCredentials;
import io.grpc.Metadata;
import io.grpc.Status;
import java.util.concurrent.Executor;

/** Puts "authorization: Bearer <token>" on every call, asking the provider each time. */
final class BearerCredentials extends CallCredentials {
  static final Metadata.Key<String> AUTHORIZATION =
      Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER);

  private final TokenProvider provider;

  BearerCredentials(TokenProvider provider) {
    this.provider = provider;
  }

  @Override
  public void applyRequestMetadata(RequestInfo info, Executor executor, MetadataApplier applier) {
    executor.execute(
        () -> {
          String token;
          try {
            token = provider.token();
          } catch (Exception e) {
            applier.fail(
                Status.UNAUTHENTICATED
                    .withDescription("the token provider failed: " + e.getMessage())
                    .withCause(e));
            return;
          }
          if (token == null || token.isEmpty()) {
            applier.fail(Status.UNAUTHENTICATED.withDescription("the token provider gave no token"));
            return;
          }
          Metadata md = new Metadata();
          md.put(AUTHORIZATION, "Bearer " + token);
          applier.apply(md);
        });
  }
}
