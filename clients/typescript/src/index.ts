// @debrief/client: sessions, pages, and a resumable Interview over Converse.
// The generated messages are under "@debrief/client/gen/debrief/v1/<file>_pb".
export {
  type Backoff,
  type CallOptions,
  Client,
  type ClientOptions,
  defaultBackoff,
  Interview,
  type InterviewOptions,
  TakenOverError,
  type TokenProvider,
} from "./client.js";
export { type InterviewEvent, InterviewProtocol, newClientMsgId } from "./protocol.js";
export { Code, ConnectError } from "@connectrpc/connect";
