// The Interview over Converse, on any transport that carries its frames:
// gRPC (Client.interview) or the gateway's WebSocket (gatewayInterview).
import { create } from "@bufbuild/protobuf";
import { Code, ConnectError } from "@connectrpc/connect";
import {
  ControlAction,
  type ConverseRequest,
  ConverseRequestSchema,
  type ConverseResponse,
} from "../gen/debrief/v1/conversation_service_pb.js";
import { type InterviewEvent, InterviewProtocol } from "./protocol.js";
import { type Backoff, failure, Retry, sleep, TakenOverError } from "./retry.js";

/** Opens one Converse stream: the requests go out, the frames come back. */
export type ConverseFn = (
  sessionId: string,
  requests: AsyncIterable<ConverseRequest>,
  opts: { headers: Record<string, string>; signal: AbortSignal },
) => AsyncIterable<ConverseResponse>;

/** What an Interview needs from whoever made it. */
export interface InterviewTransport {
  converse: ConverseFn;
  /** The headers of one (re)connection: the bearer token. */
  headers(refresh: boolean): Promise<Record<string, string>>;
  backoff: Backoff;
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
    private readonly transport: InterviewTransport,
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
    const retry = new Retry(this.transport.backoff);
    try {
      while (!this.closed) {
        const out = (this.out = new Outbox());
        const abort = (this.abort = new AbortController());
        out.push(this.p.openRequest());
        let err: ConnectError | undefined;
        try {
          const headers = await this.transport.headers(retry.refresh);
          const frames = this.transport
            .converse(this.p.sessionId, out, { headers, signal: abort.signal })
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
