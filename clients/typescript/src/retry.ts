// What unary calls and the Interview share: tokens, backoff, and the
// decision after a failed try. No transport here, so browsers can use it.
import { Code, ConnectError } from "@connectrpc/connect";

/**
 * A bearer token, or a callback returning one. The callback gets
 * refresh=true after the server refused the last token (UNAUTHENTICATED),
 * so it can fetch a new one; it is called before every call and every
 * (re)connection, so it should cache.
 */
export type TokenProvider = string | ((refresh: boolean) => string | Promise<string>);

/** Retry pacing: try n waits a random time in [d/2, d], d = min(maxMs, initialMs * 2^(n-1)). */
export interface Backoff {
  initialMs: number;
  maxMs: number;
  /** Tries in a row without progress; 0 means no bound. */
  attempts: number;
}

export const defaultBackoff: Backoff = { initialMs: 200, maxMs: 10_000, attempts: 8 };

/** The Interview ended because a newer stream took the session over. */
export class TakenOverError extends ConnectError {
  constructor(cause: ConnectError) {
    super("the session was taken over by another stream: " + cause.rawMessage, cause.code);
  }
}

export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const t = setTimeout(resolve, ms);
    signal?.addEventListener("abort", () => {
      clearTimeout(t);
      reject(signal.reason);
    }, { once: true });
  });
}

/**
 * A ConnectError; CANCELED that nobody asked for (connect-node's word for a
 * connection that dropped under the call) becomes UNAVAILABLE, which is retried.
 */
export function failure(e: unknown, signal?: AbortSignal): ConnectError {
  const err = ConnectError.from(e);
  if (err.code === Code.Canceled && !signal?.aborted) {
    return new ConnectError("the connection dropped: " + err.rawMessage, Code.Unavailable);
  }
  return err;
}

/**
 * The decision after a failed try, for unary calls and the Interview: once a
 * new token after UNAUTHENTICATED, then backoff on UNAVAILABLE until the
 * Backoff gives up; anything else is thrown.
 */
export class Retry {
  attempt = 0;
  refresh = false;
  private refreshed = false;
  constructor(private readonly b: Backoff) {}

  reset(): void {
    this.attempt = 0;
    this.refreshed = false;
  }

  /** Milliseconds to wait before the next try; throws err when there is none. */
  onError(err: ConnectError): number {
    this.refresh = false;
    if (err.code === Code.Unauthenticated && !this.refreshed) {
      this.refresh = this.refreshed = true;
      return 0;
    }
    this.attempt++;
    if (err.code !== Code.Unavailable || (this.b.attempts > 0 && this.attempt > this.b.attempts)) {
      throw err;
    }
    const d = Math.min(this.b.maxMs, this.b.initialMs * 2 ** (this.attempt - 1));
    return d / 2 + Math.random() * (d / 2);
  }
}

/** The authorization header for one call or connection. */
export async function bearer(token: TokenProvider | undefined, refresh: boolean): Promise<Record<string, string>> {
  const tok = typeof token === "function" ? await token(refresh) : token;
  const h: Record<string, string> = {};
  if (tok) h.authorization = "Bearer " + tok;
  return h;
}
