// Converse over the gateway's WebSocket, for browsers (which cannot speak
// gRPC): /v1/sessions/{id}/converse, subprotocol debrief.v1.json, one JSON
// ConverseRequest or ConverseResponse per message (docs/gateway.md). The
// token goes in a first message, since browsers cannot set headers and a
// JWT is too long for the subprotocol list.
import { fromJson, toJson } from "@bufbuild/protobuf";
import { Code, ConnectError } from "@connectrpc/connect";
import {
  type ConverseResponse,
  ConverseRequestSchema,
  ConverseResponseSchema,
} from "../gen/debrief/v1/conversation_service_pb.js";
import { Interview, type InterviewOptions, type ConverseFn } from "./interview.js";
import { type Backoff, bearer, defaultBackoff, type TokenProvider } from "./retry.js";

/** The gateway's Converse as a ConverseFn; gatewayUrl is "https://host" (or http://). */
export function gatewayConverse(gatewayUrl: string, WS: typeof WebSocket = globalThis.WebSocket): ConverseFn {
  const base = gatewayUrl.replace(/^http/, "ws").replace(/\/$/, "");
  return (sessionId, requests, { headers, signal }) => ({
    [Symbol.asyncIterator]: () => {
      const ws = new WS(`${base}/v1/sessions/${encodeURIComponent(sessionId)}/converse`, ["debrief.v1.json"]);
      const inbox: ConverseResponse[] = [];
      let ended: ConnectError | null | undefined; // undefined: open; null: ended OK
      let status: ConnectError | null = null;
      let wake: (() => void) | undefined;
      const notify = () => wake?.();
      const stop = () => ws.close(1000);
      signal.addEventListener("abort", stop, { once: true });
      ws.onopen = async () => {
        if (headers.authorization) ws.send(JSON.stringify({ authorization: headers.authorization }));
        try {
          for await (const r of requests) {
            if (ws.readyState !== WS.OPEN) break;
            ws.send(JSON.stringify(toJson(ConverseRequestSchema, r)));
          }
        } catch {
          /* the reader reports the failure */
        }
      };
      ws.onmessage = (m) => {
        const msg = JSON.parse(String(m.data));
        if (msg.status) {
          const code = Number(msg.status.code ?? 0);
          status = code === 0 ? null : new ConnectError(String(msg.status.message ?? ""), code as Code);
        } else {
          inbox.push(fromJson(ConverseResponseSchema, msg, { ignoreUnknownFields: true }));
        }
        notify();
      };
      ws.onclose = (e) => {
        signal.removeEventListener("abort", stop);
        // A close without the gateway's status message is a dropped connection.
        ended = status ?? (e.code === 1000 ? null : new ConnectError(`the WebSocket closed (${e.code})`, Code.Unavailable));
        notify();
      };
      return {
        async next(): Promise<IteratorResult<ConverseResponse>> {
          for (;;) {
            if (inbox.length) return { done: false, value: inbox.shift()! };
            if (ended !== undefined) {
              if (ended) throw ended;
              return { done: true, value: undefined };
            }
            await new Promise<void>((r) => (wake = r));
            wake = undefined;
          }
        },
        async return(): Promise<IteratorResult<ConverseResponse>> {
          stop();
          return { done: true, value: undefined };
        },
      };
    },
  });
}

export interface GatewayInterviewOptions extends InterviewOptions {
  token?: TokenProvider;
  backoff?: Backoff;
  /** The WebSocket class (the browser's by default). */
  WebSocket?: typeof WebSocket;
}

/** An Interview over the gateway's WebSocket: the same events and rules as over gRPC. */
export function gatewayInterview(gatewayUrl: string, sessionId: string, opts: GatewayInterviewOptions = {}): Interview {
  const token = opts.token;
  return new Interview(
    {
      converse: gatewayConverse(gatewayUrl, opts.WebSocket),
      backoff: opts.backoff ?? defaultBackoff,
      headers: (refresh) => bearer(token, refresh),
    },
    sessionId,
    opts,
  );
}
