// The debrief client: sessions with page iterators, and the Interview over
// Converse, on @connectrpc/connect with connect-node's gRPC transport.
import { create, type MessageInitShape } from "@bufbuild/protobuf";
import { Code, ConnectError, type Client as RpcClient, createClient, type Transport } from "@connectrpc/connect";
import { createGrpcTransport } from "@connectrpc/connect-node";
import {
  ControlAction,
  ConversationService,
  type ConverseRequest,
  ConverseRequestSchema,
} from "../gen/debrief/v1/conversation_service_pb.js";
import {
  type CreateSessionRequestSchema,
  type GetSessionHistoryRequestSchema,
  type ListSessionsRequestSchema,
  SessionService,
} from "../gen/debrief/v1/session_service_pb.js";
import type { Message, Session } from "../gen/debrief/v1/types_pb.js";
import { type InterviewEvent, InterviewProtocol, newClientMsgId } from "./protocol.js";

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

export interface ClientOptions {
  /** "http://host:port" of the gRPC server (https:// for TLS). */
  baseUrl: string;
  token?: TokenProvider;
  /** Deadline of a unary call, retries included, unless the call says otherwise (10 s). */
  timeoutMs?: number;
  backoff?: Backoff;
  /** Another transport (e.g. one with TLS options); default createGrpcTransport({baseUrl}). */
  transport?: Transport;
}

export interface CallOptions {
  timeoutMs?: number;
  signal?: AbortSignal;
}

/** The Interview ended because a newer stream took the session over. */
export class TakenOverError extends ConnectError {
  constructor(cause: ConnectError) {
    super("the session was taken over by another stream: " + cause.rawMessage, cause.code);
  }
}

function sleep(ms: number, signal?: AbortSignal): Promise<void> {
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
function failure(e: unknown, signal?: AbortSignal): ConnectError {
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
class Retry {
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

export class Client {
  readonly sessions: RpcClient<typeof SessionService>;
  readonly conversation: RpcClient<typeof ConversationService>;
  readonly timeoutMs: number;
  readonly backoff: Backoff;
  private readonly token?: TokenProvider;

  constructor(opts: ClientOptions) {
    const transport = opts.transport ?? createGrpcTransport({ baseUrl: opts.baseUrl });
    this.sessions = createClient(SessionService, transport);
    this.conversation = createClient(ConversationService, transport);
    this.timeoutMs = opts.timeoutMs ?? 10_000;
    this.backoff = opts.backoff ?? defaultBackoff;
    this.token = opts.token;
  }

  /** @internal The headers of one call. */
  async headers(refresh: boolean): Promise<Record<string, string>> {
    const tok = typeof this.token === "function" ? await this.token(refresh) : this.token;
    return tok ? { authorization: "Bearer " + tok } : {};
  }

  /**
   * Runs any unary call the SDK's way: one deadline over all tries, retries on
   * UNAVAILABLE, a token refresh on UNAUTHENTICATED.
   */
  async call<T>(
    fn: (o: { headers: Record<string, string>; timeoutMs: number; signal?: AbortSignal }) => Promise<T>,
    opts: CallOptions = {},
  ): Promise<T> {
    const deadline = Date.now() + (opts.timeoutMs ?? this.timeoutMs);
    const retry = new Retry(this.backoff);
    for (;;) {
      const left = deadline - Date.now();
      if (left <= 0) throw new ConnectError("no answer within the call's deadline", Code.DeadlineExceeded);
      try {
        return await fn({ headers: await this.headers(retry.refresh), timeoutMs: left, signal: opts.signal });
      } catch (e) {
        const wait = retry.onError(failure(e, opts.signal));
        await sleep(Math.min(wait, Math.max(0, deadline - Date.now())), opts.signal);
      }
    }
  }

  /** Creates a session; a request id is generated so a retry returns the same session. */
  async createSession(
    req: MessageInitShape<typeof CreateSessionRequestSchema>,
    opts?: CallOptions,
  ): Promise<Session> {
    const r = { ...req, requestId: req.requestId || newClientMsgId() };
    return (await this.call((o) => this.sessions.createSession(r, o), opts)).session!;
  }

  async getSession(sessionId: string, opts?: CallOptions): Promise<Session> {
    return (await this.call((o) => this.sessions.getSession({ sessionId }, o), opts)).session!;
  }

  /** Every visible session, newest first, fetching pages as the iteration goes. */
  async *listSessions(
    req: MessageInitShape<typeof ListSessionsRequestSchema> = {},
    opts?: CallOptions,
  ): AsyncGenerator<Session> {
    let pageToken = req.pageToken ?? "";
    do {
      const r = await this.call((o) => this.sessions.listSessions({ ...req, pageToken }, o), opts);
      yield* r.sessions;
      pageToken = r.nextPageToken;
    } while (pageToken);
  }

  /** The persisted transcript in seq order, fetching pages as the iteration goes. */
  async *sessionHistory(
    req: MessageInitShape<typeof GetSessionHistoryRequestSchema>,
    opts?: CallOptions,
  ): AsyncGenerator<Message> {
    let pageToken = req.pageToken ?? "";
    do {
      const r = await this.call((o) => this.sessions.getSessionHistory({ ...req, pageToken }, o), opts);
      yield* r.messages;
      pageToken = r.nextPageToken;
    } while (pageToken);
  }

  interview(sessionId: string, opts: InterviewOptions = {}): Interview {
    return new Interview(this, sessionId, opts);
  }
}

export interface InterviewOptions {
  /** Resume where an earlier process stopped (its lastSeq). */
  resumeAfterSeq?: number;
  /** Bound on each (re)connection until the snapshot arrives (10 s). */
  openTimeoutMs?: number;
  newClientMsgId?: () => string;
}

/** An async queue the request side of a stream reads from. */
class Outbox implements AsyncIterable<ConverseRequest> {
  private items: ConverseRequest[] = [];
  private wake?: () => void;
  private ended = false;

  push(v: ConverseRequest): void {
    if (this.ended) return;
    this.items.push(v);
    this.wake?.();
  }

  end(): void {
    this.ended = true;
    this.wake?.();
  }

  async *[Symbol.asyncIterator](): AsyncGenerator<ConverseRequest> {
    for (;;) {
      while (this.items.length) yield this.items.shift()!;
      if (this.ended) return;
      await new Promise<void>((r) => (this.wake = r));
      this.wake = undefined;
    }
  }
}

function within<T>(p: Promise<T>, ms: number, what: string): Promise<T> {
  let t: ReturnType<typeof setTimeout>;
  const timeout = new Promise<never>((_, reject) => {
    t = setTimeout(() => reject(new ConnectError(what, Code.Unavailable)), ms);
  });
  return Promise.race([p, timeout]).finally(() => clearTimeout(t));
}

/**
 * One session's interview over Converse: `for await (const ev of interview)`.
 * answer() works at any time, also while reconnecting: the answer goes when
 * the stream is back, under the same client_msg_id. Iteration ends after the
 * "completed" event (or at once when the session was already over); it
 * throws TakenOverError when another stream took the session, and the last
 * ConnectError when reconnecting fails for good.
 */
export class Interview implements AsyncIterable<InterviewEvent> {
  reconnects = 0;
  private readonly p: InterviewProtocol;
  private readonly openTimeoutMs: number;
  private out?: Outbox;
  private abort?: AbortController;
  private closed = false;

  constructor(
    readonly client: Client,
    sessionId: string,
    opts: InterviewOptions = {},
  ) {
    this.p = new InterviewProtocol(sessionId, opts.resumeAfterSeq ?? 0, opts.newClientMsgId);
    this.openTimeoutMs = opts.openTimeoutMs ?? 10_000;
  }

  /** The last persisted seq seen; keep it to resume elsewhere. */
  get lastSeq(): number {
    return this.p.lastSeq;
  }

  /** client_msg_ids of answers not acknowledged yet. */
  get pending(): string[] {
    return [...this.p.pending.keys()];
  }

  /** Sends an answer to the current question; returns its client_msg_id. */
  answer(text: string, opts: { questionId?: string; clientMsgId?: string } = {}): string {
    const [id, req] = this.p.answer(text, opts.questionId, opts.clientMsgId);
    if (this.p.readyToSend()) this.out?.push(req);
    return id;
  }

  control(action: ControlAction): void {
    if (!this.out || !this.p.attached) throw new ConnectError("the stream is reconnecting", Code.Unavailable);
    this.out.push(create(ConverseRequestSchema, { frame: { case: "control", value: { action } } }));
  }

  pause(): void {
    this.control(ControlAction.PAUSE);
  }

  resume(): void {
    this.control(ControlAction.RESUME);
  }

  skip(): void {
    this.control(ControlAction.SKIP);
  }

  finish(): void {
    this.control(ControlAction.FINISH);
  }

  close(): void {
    this.closed = true;
    this.disconnect();
  }

  private disconnect(): void {
    this.out?.end();
    this.abort?.abort();
    this.out = this.abort = undefined;
  }

  [Symbol.asyncIterator](): AsyncGenerator<InterviewEvent> {
    return this.events();
  }

  async *events(): AsyncGenerator<InterviewEvent> {
    const retry = new Retry(this.client.backoff);
    try {
      while (!this.closed) {
        const out = (this.out = new Outbox());
        const abort = (this.abort = new AbortController());
        out.push(this.p.openRequest());
        let err: ConnectError | undefined;
        try {
          const headers = await this.client.headers(retry.refresh);
          const frames = this.client.conversation
            .converse(out, { headers, signal: abort.signal })
            [Symbol.asyncIterator]();
          for (;;) {
            const next = frames.next();
            const r = await (this.p.attached
              ? next
              : within(next, this.openTimeoutMs, `no snapshot within ${this.openTimeoutMs} ms of opening`));
            if (r.done) throw new ConnectError("the server ended the stream", Code.Unavailable);
            if (r.value.frame.case === "snapshot") retry.reset();
            const evs = this.p.onFrame(r.value);
            for (const w of this.p.takeWrites()) out.push(w);
            yield* evs;
            if (this.p.final) {
              this.close();
              return;
            }
            if (this.p.resync) break; // frames were lost: reopen with resume_after_seq
          }
        } catch (e) {
          err = failure(e, abort.signal);
        }
        this.disconnect();
        if (this.closed || !err) continue;
        if (this.p.takenOver) throw new TakenOverError(err);
        const wait = retry.onError(err);
        if (wait > 0) {
          this.reconnects++;
          yield { kind: "reconnecting", seq: 0, replayed: false, attempt: retry.attempt, delayMs: wait, error: err };
          await sleep(wait);
        }
      }
    } finally {
      this.disconnect();
    }
  }
}
