// The browser path: a whole interview over the gateway's WebSocket
// (gatewayInterview), through a proxy that cuts it twice, each time right
// after an answer went out (a client's WebSocket frames are masked, so the
// proxy cannot pick one out as it does on gRPC). Node 20 has a
// WebSocket only with --experimental-websocket, which tests/sdk/run.sh sets.
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { test } from "node:test";
import { Client } from "../src/index.js";
import { gatewayInterview } from "../src/browser.js";
import { MessageKind } from "../gen/debrief/v1/types_pb.js";

const { DEBRIEF_ADDR, DEBRIEF_TOKEN, DEBRIEF_GATEWAY_URL, DEBRIEF_CONTROL_URL, DEBRIEF_SDK_CASE } = process.env;
const skip = !(DEBRIEF_ADDR && DEBRIEF_GATEWAY_URL && DEBRIEF_CONTROL_URL && DEBRIEF_SDK_CASE)
  ? "run through tests/sdk/harness.py"
  : typeof WebSocket === "undefined"
    ? "no WebSocket in this Node (run with --experimental-websocket)"
    : false;

async function control(path: string, method = "POST"): Promise<Record<string, any>> {
  return (await fetch(DEBRIEF_CONTROL_URL + path, { method })).json();
}

test("a whole interview over the gateway's WebSocket survives two cuts", { skip, timeout: 60_000 }, async () => {
  const scripted = JSON.parse(readFileSync(DEBRIEF_SDK_CASE!, "utf8"));
  const client = new Client({ baseUrl: "http://" + DEBRIEF_ADDR, token: DEBRIEF_TOKEN });
  const sess = await client.createSession({
    templateSlug: "sales_debrief",
    subject: { kind: "meeting", key: "account:sdk-ws-" + crypto.randomUUID().slice(0, 8) },
  });
  const answers: string[] = [scripted.opening, ...Object.values(scripted.answers).map((a: any) => a.text)];
  const before = await control("/stats?via=gateway", "GET");
  const iv = gatewayInterview(DEBRIEF_GATEWAY_URL!, sess.id, { token: async () => DEBRIEF_TOKEN! });
  const sent = new Map<string, string>();
  const acks: string[] = [];
  let turn = 0;
  let completed = false;
  for await (const ev of iv) {
    if (ev.kind === "acked") acks.push(ev.clientMsgId);
    else if (ev.kind === "completed") completed = true;
    else if (ev.kind === "question") {
      turn++;
      const text = answers.shift();
      if (!text) {
        iv.finish();
        continue;
      }
      sent.set(iv.answer(text), text);
      if (turn === 3 || turn === 6) await control("/cut"); // the answer may or may not be in

    }
  }
  const after = await control("/stats?via=gateway", "GET");
  assert.ok(completed);
  assert.ok(after.accepted - before.accepted >= 3, `connections ${after.accepted - before.accepted}`);
  assert.ok(iv.reconnects >= 2, `reconnects ${iv.reconnects}`);
  assert.deepEqual(acks.sort(), [...sent.keys()].sort());
  const stored: [string, string][] = [];
  for await (const m of client.sessionHistory({ sessionId: sess.id })) {
    if (m.kind === MessageKind.ANSWER) stored.push([m.clientMsgId, m.text]);
  }
  assert.equal(stored.length, sent.size);
  assert.deepEqual(new Map(stored), sent);
});
