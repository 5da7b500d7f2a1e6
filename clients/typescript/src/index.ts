// @debrief/client: sessions, pages, and a resumable Interview over Converse
// (gRPC from Node; the gateway's WebSocket from browsers, also exported as
// "@debrief/client/browser"). The generated messages are under
// "@debrief/client/gen/debrief/v1/<file>_pb".
export * from "./browser.js";
export { type CallOptions, Client, type ClientOptions } from "./client.js";
