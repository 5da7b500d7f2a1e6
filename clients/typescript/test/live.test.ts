// The TypeScript SDK against the real server. tests/sdk/harness.py starts the
// server and a cuttable proxy and says where in DEBRIEF_* variables; without
// them the tests are skipped.
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { test } from "node:test";
import { toJson } from "@bufbuild/protobuf";
import { ValueSchema } from "@bufbuild/protobuf/wkt";
import { Client, Code, ConnectError, type InterviewEvent, TakenOverError } from "../src/index.js";
import { WarningKind } from "../gen/debrief/v1/conversation_service_pb.js";
import { MessageKind, SessionState } from "../gen/debrief/v1/types_pb.js";

const { DEBRIEF_ADDR, DEBRIEF_DIRECT_ADDR, DEBRIEF_TOKEN, DEBRIEF_CONTROL_URL, DEBRIEF_SDK_CASE } = process.env;
const skip = !(DEBRIEF_ADDR && DEBRIEF_TOKEN && DEBRIEF_CONTROL_URL && DEBRIEF_SDK_CASE)
  ? "run through tests/sdk/harness.py (ctest -R sdk_typescript)"
  : false;

interface Case {
  opening: string;
  context: Record<string, unknown> & { title: string };
  answers: Record<string, { text: string; vague?: string }>;
}
const scripted: Case = skip ? ({} as Case) : JSON.parse(readFileSync(DEBRIEF_SDK_CASE!, "utf8"));
const token = DEBRIEF_TOKEN ?? "";

async function control(path: string, method = "POST"): Promise<Record<string, any>> {
  const r = await fetch(DEBRIEF_CONTROL_URL + path, { method });
  return r.json();
}

/** Answers like the Python suite's SimUser. */
class SimUser {
  turn = 0;
  private used = new Set<string>();
  private vague = new Set<string>();
  reply(targets: string[]): string {
    this.turn++;
    if (this.turn === 1) return scripted.opening;
    for (const t of [...targets, ...Object.keys(scripted.answers)]) {
      const a = scripted.answers[t];
      if (!a || this.used.has(t)) continue;
      if (a.vague && !this.vague.has(t)) {
        this.vague.add(t);
        return a.vague;
      }
      this.used.add(t);
      return a.text;
    }
    return `That's all I have. (${this.turn})`;
  }
}

const key = () => "account:sdk-ts-" + crypto.randomUUID().slice(0, 8);
const client = () => new Client({ baseUrl: "http://" + DEBRIEF_ADDR, token });
const subject = (k: string) => ({
  kind: "meeting",
  key: k,
  title: scripted.context.title,
  attributes: scripted.context as any,
});

test("sessions and pages", { skip }, async () => {
  const c = client();
  const k = key();
  const requestId = crypto.randomUUID();
  const first = await c.createSession({ templateSlug: "sales_debrief", subject: subject(k), requestId });
  const again = await c.createSession({ templateSlug: "sales_debrief", subject: subject(k), requestId });
  assert.equal(again.id, first.id); // a retried create returns the same session
  const made = new Set([first.id]);
  for (let i = 0; i < 4; i++) made.add((await c.createSession({ templateSlug: "sales_debrief", subject: subject(k) })).id);
  const listed: string[] = [];
  for await (const s of c.listSessions({ pageSize: 2, subjectKey: k })) listed.push(s.id);
  assert.deepEqual(listed.sort(), [...made].sort()); // pages of 2, 2 and 1
  const got = await c.getSession(first.id);
  assert.equal(got.state, SessionState.CREATED);
  await assert.rejects(c.getSession(crypto.randomUUID()), (e: ConnectError) => e.code === Code.NotFound);
});

test("a whole interview survives three forced disconnects", { skip, timeout: 60_000 }, async () => {
  const c = client();
  const direct = new Client({ baseUrl: "http://" + DEBRIEF_DIRECT_ADDR, token });
  const sess = await c.createSession({ templateSlug: "sales_debrief", subject: subject(key()) });
  const before = await control("/stats", "GET");
  const user = new SimUser();
  const sent = new Map<string, string>();
  const acks: string[] = [];
  const kinds = new Set<string>();
  let completed: Extract<InterviewEvent, { kind: "completed" }> | undefined;
  const iv = c.interview(sess.id);
  for await (const ev of iv) {
    kinds.add(ev.kind);
    if (ev.kind === "acked") acks.push(ev.clientMsgId);
    else if (ev.kind === "completed") completed = ev;
    else if (ev.kind === "question") {
      const text = user.reply(ev.question.targetFields);
      if (user.turn === 3) await control("/arm?mode=drop&marker=" + encodeURIComponent(text));
      if (user.turn === 5) await control("/arm?mode=blackhole&marker=" + encodeURIComponent(text));
      sent.set(iv.answer(text), text);
      if (user.turn === 5) {
        await waitStored(direct, sess.id, text); // stored; its ack is lost
        await control("/cut");
      }
      if (user.turn === 7) await control("/cut");
    }
  }
  const after = await control("/stats", "GET");
  assert.equal(after.fired - before.fired, 2);
  assert.ok(iv.reconnects >= 3, `reconnects ${iv.reconnects}`);
  assert.deepEqual(iv.pending, []);
  for (const k of ["opened", "question", "acked", "extraction", "completed", "reconnecting"]) assert.ok(kinds.has(k), k);
  assert.deepEqual(acks.sort(), [...sent.keys()].sort()); // one ack event per answer
  const ex = Object.fromEntries(completed!.completed.extracted.map((f) => [f.key, toJson(ValueSchema, f.value!)]));
  assert.equal(ex.deal_stage, "proposal");
  assert.equal((ex.budget as any).amount, 180000);
  assert.equal((await c.getSession(sess.id)).state, SessionState.COMPLETED);
  // The transcript holds every answer exactly once, under the SDK's id.
  const stored: [string, string][] = [];
  for await (const m of c.sessionHistory({ sessionId: sess.id, pageSize: 7 })) {
    if (m.kind === MessageKind.ANSWER) stored.push([m.clientMsgId, m.text]);
  }
  assert.equal(stored.length, sent.size);
  assert.deepEqual(new Map(stored), sent);
});

test("a refused control is a rejected event and the stream stays open", { skip, timeout: 30_000 }, async () => {
  const c = client();
  const s = await c.createSession({ templateSlug: "sales_debrief", subject: subject(key()) });
  const iv = c.interview(s.id);
  const rejected: Extract<InterviewEvent, { kind: "rejected" }>[] = [];
  let step = 0;
  let sent = "";
  for await (const ev of iv) {
    if (step === 0 && ev.kind === "question") {
      iv.pause();
      step = 1;
    } else if (step === 1 && ev.kind === "state") {
      assert.equal(ev.state, SessionState.PAUSED);
      iv.pause(); // again: refused, the stream stays open
      step = 2;
    } else if (step === 2 && ev.kind === "rejected") {
      rejected.push(ev);
      iv.resume();
      step = 3;
    } else if (step === 3 && ev.kind === "state") {
      assert.equal(ev.state, SessionState.ACTIVE);
      sent = iv.answer("Northwind, we met their CFO on Tuesday.");
      step = 4;
    } else if (step === 4 && ev.kind === "acked" && ev.clientMsgId === sent) {
      break;
    }
  }
  assert.equal(rejected.length, 1);
  const r = rejected[0];
  assert.equal(r.code, Code.FailedPrecondition);
  assert.equal(r.frame, "control");
  assert.equal(r.seq, 0);
  assert.match(r.message, /PAUSED/);
  assert.equal(iv.reconnects, 0);
  assert.deepEqual(iv.pending, []);
});

async function waitStored(direct: Client, sessionId: string, text: string): Promise<void> {
  const deadline = Date.now() + 15_000;
  while (Date.now() < deadline) {
    for await (const m of direct.sessionHistory({ sessionId })) if (m.text === text) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error("the answer never reached the database: " + text);
}

test("token refresh and deadlines", { skip }, async () => {
  const calls: boolean[] = [];
  const c = new Client({
    baseUrl: "http://" + DEBRIEF_ADDR,
    token: async (refresh) => {
      calls.push(refresh);
      return (await control(`/token?ttl=${refresh ? 600 : -60}`, "GET")).token; // the cached one expired
    },
  });
  const s = await c.createSession({ templateSlug: "sales_debrief", subject: subject(key()) });
  assert.deepEqual(calls, [false, true]);
  // A reply that never comes: the deadline ends the call.
  await control("/arm?mode=blackhole&marker=" + s.id);
  const start = Date.now();
  await assert.rejects(c.getSession(s.id, { timeoutMs: 500 }), (e: ConnectError) => e.code === Code.DeadlineExceeded);
  assert.ok(Date.now() - start < 3000);
  await control("/cut");
  assert.equal((await c.getSession(s.id)).id, s.id);
});

test("a takeover stops the older interview", { skip }, async () => {
  const c = client();
  const s = await c.createSession({ templateSlug: "sales_debrief", subject: subject(key()) });
  const first = c.interview(s.id);
  const events = first[Symbol.asyncIterator]();
  assert.equal((await events.next()).value?.kind, "opened");
  const second = c.interview(s.id);
  const secondEvents = second[Symbol.asyncIterator]();
  assert.equal((await secondEvents.next()).value?.kind, "opened");
  const seen: InterviewEvent[] = [];
  await assert.rejects(
    (async () => {
      for (;;) {
        const r = await events.next();
        if (r.done) return;
        seen.push(r.value);
      }
    })(),
    TakenOverError,
  );
  assert.ok(seen.some((e) => e.kind === "warning" && e.warning === WarningKind.TAKEN_OVER));
  assert.equal(first.reconnects, 0);
  second.close();
  await secondEvents.return(undefined);
});
