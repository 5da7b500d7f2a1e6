// The Converse state machine on its own, on frames the live suite cannot
// provoke at will: a gap in seqs, a replay boundary, duplicate acks.
import assert from "node:assert/strict";
import { test } from "node:test";
import { create } from "@bufbuild/protobuf";
import { type ConverseResponse, ConverseResponseSchema } from "../gen/debrief/v1/conversation_service_pb.js";
import { SessionState } from "../gen/debrief/v1/types_pb.js";
import { InterviewProtocol } from "../src/protocol.js";

const snap = (last: number): ConverseResponse =>
  create(ConverseResponseSchema, {
    frame: { case: "snapshot", value: { session: { state: SessionState.ACTIVE, lastSeq: BigInt(last) } } },
  });
const ack = (seq: number, clientMsgId: string, duplicate = false): ConverseResponse =>
  create(ConverseResponseSchema, {
    seq: BigInt(seq),
    frame: { case: "ack", value: { clientMsgId, seq: BigInt(seq), duplicate } },
  });
const question = (seq: number): ConverseResponse =>
  create(ConverseResponseSchema, { seq: BigInt(seq), frame: { case: "question", value: { questionId: "q" } } });

test("a resume re-sends only the answers the replay did not ack", () => {
  const ids = ["a1", "a2"];
  const p = new InterviewProtocol("s", 0, () => ids.shift()!);
  p.openRequest();
  p.onFrame(snap(3));
  p.answer("first");
  p.answer("second");
  const reopen = p.openRequest();
  assert.equal(reopen.frame.case === "open" && reopen.frame.value.resumeAfterSeq, 3n);
  assert.equal(p.readyToSend(), false);
  p.onFrame(snap(5));
  p.onFrame(ack(4, "a1"));
  assert.deepEqual(p.takeWrites(), []);
  p.onFrame(question(5));
  const w = p.takeWrites();
  assert.equal(w.length, 1);
  assert.equal(w[0].frame.case === "answer" && w[0].frame.value.clientMsgId, "a2");
});

test("a gap asks for a resync; stale frames are dropped; a duplicate ack clears a pending answer", () => {
  const p = new InterviewProtocol("s", 0, () => "d");
  p.openRequest();
  p.onFrame(snap(2));
  assert.deepEqual(p.onFrame(question(4)), []);
  assert.ok(p.resync);
  assert.equal(p.lastSeq, 2);
  p.openRequest();
  p.onFrame(snap(3));
  p.onFrame(ack(3, "x"));
  assert.deepEqual(p.onFrame(ack(3, "x")), []);
  p.answer("again");
  const evs = p.onFrame(ack(2, "d", true));
  assert.equal(evs.length, 1);
  assert.deepEqual([...p.pending.keys()], []);
});
