// The debrief client: sessions with page iterators, and the Interview over
// Converse, on @connectrpc/connect with connect-node's gRPC transport.
import type { MessageInitShape } from "@bufbuild/protobuf";
import { Code, ConnectError, type Client as RpcClient, createClient, type Transport } from "@connectrpc/connect";
import { createGrpcTransport } from "@connectrpc/connect-node";
import { ConversationService } from "../gen/debrief/v1/conversation_service_pb.js";
import {
  type CreateSessionRequestSchema,
  type GetSessionHistoryRequestSchema,
  type ListSessionsRequestSchema,
  SessionService,
} from "../gen/debrief/v1/session_service_pb.js";
import type { Message, Session } from "../gen/debrief/v1/types_pb.js";
import { Interview, type InterviewOptions, type InterviewTransport } from "./interview.js";
import { newClientMsgId } from "./protocol.js";
import { type Backoff, bearer, defaultBackoff, failure, Retry, sleep, type TokenProvider } from "./retry.js";

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

export class Client implements InterviewTransport {
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
  headers(refresh: boolean): Promise<Record<string, string>> {
    return bearer(this.token, refresh);
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

  /** @internal Converse over this client's gRPC transport. */
  converse: InterviewTransport["converse"] = (_sessionId, requests, opts) =>
    this.conversation.converse(requests, opts);

  interview(sessionId: string, opts: InterviewOptions = {}): Interview {
    return new Interview(this, sessionId, opts);
  }
}
