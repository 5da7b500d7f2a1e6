// @debrief/client/browser: the Interview over the gateway's WebSocket,
// without the Node-only gRPC transport.
export { Interview, type InterviewOptions, type ConverseFn, type InterviewTransport } from "./interview.js";
export { gatewayConverse, gatewayInterview, type GatewayInterviewOptions } from "./websocket.js";
export { type InterviewEvent, InterviewProtocol, newClientMsgId } from "./protocol.js";
export { type Backoff, defaultBackoff, TakenOverError, type TokenProvider } from "./retry.js";
export { Code, ConnectError } from "@connectrpc/connect";
