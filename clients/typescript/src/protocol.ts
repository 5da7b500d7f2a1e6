// The Converse protocol as a state machine, without I/O: the rules of
// docs/protocol.md in one place. Every answer carries a client_msg_id and
// stays pending until an ack (live, replayed or duplicate) names it; a
// (re)connection opens with resume_after_seq = the last seq seen; once the
// snapshot and the replay are in, pending answers are re-sent under their
// ids; a persisted frame that skips a seq means frames were lost, so the
// stream is reopened (resync); a TAKEN_OVER warning stops the Interview; a
// refused control or edit is a "rejected" event on a stream that stays open.
import { create } from "@bufbuild/protobuf";
import type { Code } from "@connectrpc/connect";
import {
  type AnswerFrame,
  AnswerFrameSchema,
  type Completed,
  type ConverseRequest,
  ConverseRequestSchema,
  type ConverseResponse,
  type Snapshot,
  WarningKind,
} from "../gen/debrief/v1/conversation_service_pb.js";
import {
  type FieldValue,
  type Question,
  type Session,
  SessionState,
} from "../gen/debrief/v1/types_pb.js";

/** What every event carries: seq is 0 for frames that are not persisted. */
interface Base {
  seq: number;
  replayed: boolean;
}

/** One thing that happened on an Interview; switch on `kind`. */
export type InterviewEvent =
  | (Base & { kind: "opened"; session: Session; resumed: boolean })
  | (Base & { kind: "question"; question: Question })
  | (Base & { kind: "textDelta"; questionId: string; delta: string; index: number })
  | (Base & { kind: "extraction"; updates: FieldValue[] })
  | (Base & { kind: "acked"; clientMsgId: string; ackSeq: number; duplicate: boolean })
  | (Base & { kind: "warning"; warning: WarningKind; message: string })
  | (Base & { kind: "state"; state: SessionState; previous: SessionState; reason: string })
  | (Base & { kind: "completed"; completed: Completed })
  /**
   * A control or an edit was refused and changed nothing; the stream stays
   * open. `code` is the gRPC status (`Code.InvalidArgument` for a value,
   * `Code.FailedPrecondition` for the session's state, e.g. pausing a paused
   * session); `frame` is "control" or "edit_field".
   */
  | (Base & { kind: "rejected"; clientMsgId: string; code: Code; message: string; frame: string })
  | (Base & { kind: "reconnecting"; attempt: number; delayMs: number; error: Error });

const FINAL = [SessionState.COMPLETED, SessionState.CANCELLED, SessionState.EXPIRED];

export function newClientMsgId(): string {
  return crypto.randomUUID().replaceAll("-", "");
}

export class InterviewProtocol {
  lastSeq: number;
  readonly pending = new Map<string, AnswerFrame>();
  question: Question | undefined;
  opened: boolean;
  attached = false; // this stream's snapshot arrived
  replayUntil = 0; // > 0 while a replay is arriving
  final = false;
  takenOver = false;
  resync = false;
  private writes: ConverseRequest[] = [];

  constructor(
    readonly sessionId: string,
    resumeAfterSeq = 0,
    private readonly newId: () => string = newClientMsgId,
  ) {
    this.lastSeq = resumeAfterSeq;
    this.opened = resumeAfterSeq > 0;
  }

  openRequest(): ConverseRequest {
    this.replayUntil = 0;
    this.attached = false;
    this.resync = false;
    this.writes = [];
    return create(ConverseRequestSchema, {
      frame: {
        case: "open",
        value: { sessionId: this.sessionId, resumeAfterSeq: BigInt(this.lastSeq) },
      },
    });
  }

  answer(text: string, questionId?: string, clientMsgId?: string): [string, ConverseRequest] {
    const a = create(AnswerFrameSchema, {
      clientMsgId: clientMsgId ?? this.newId(),
      text,
      questionId: questionId ?? this.question?.questionId ?? "",
    });
    this.pending.set(a.clientMsgId, a);
    return [a.clientMsgId, answerRequest(a)];
  }

  /** False until the snapshot and the replay are in: pending answers wait. */
  readyToSend(): boolean {
    return this.attached && this.replayUntil === 0;
  }

  takeWrites(): ConverseRequest[] {
    const w = this.writes;
    this.writes = [];
    return w;
  }

  onFrame(f: ConverseResponse): InterviewEvent[] {
    if (f.frame.case === "snapshot") return this.onSnapshot(f.frame.value);
    const seq = Number(f.seq);
    if (seq > 0) {
      const ack = f.frame.case === "ack" ? f.frame.value : undefined;
      if (ack && seq <= this.lastSeq && this.pending.has(ack.clientMsgId)) {
        this.pending.delete(ack.clientMsgId); // a duplicate ack for an answer stored earlier
        return [this.event(f)];
      }
      if (seq <= this.lastSeq) return [];
      if (seq > this.lastSeq + 1) {
        this.resync = true; // frames were lost: reopen and let the server replay them
        return [];
      }
      this.lastSeq = seq;
    }
    const out = [this.event(f)];
    if (f.frame.case === "ack") this.pending.delete(f.frame.value.clientMsgId);
    if (this.replayUntil > 0 && this.lastSeq >= this.replayUntil) this.replayDone();
    return out;
  }

  private onSnapshot(s: Snapshot): InterviewEvent[] {
    const first = !this.opened;
    this.opened = this.attached = true;
    const session = s.session!;
    const out: InterviewEvent[] = [
      { kind: "opened", seq: 0, replayed: false, session, resumed: !first },
    ];
    const last = Number(session.lastSeq);
    if (first) {
      this.lastSeq = Math.max(this.lastSeq, last);
      if (FINAL.includes(session.state)) {
        this.final = true;
        return out;
      }
      if (s.pendingQuestion) {
        this.question = s.pendingQuestion;
        out.push({
          kind: "question",
          seq: Number(s.pendingQuestion.seq),
          replayed: false,
          question: s.pendingQuestion,
        });
      }
    }
    if (last > this.lastSeq) this.replayUntil = last;
    else this.replayDone();
    return out;
  }

  private replayDone(): void {
    this.replayUntil = 0;
    for (const a of this.pending.values()) this.writes.push(answerRequest(a));
  }

  private event(f: ConverseResponse): InterviewEvent {
    const b = { seq: Number(f.seq), replayed: f.replayed };
    const fr = f.frame;
    switch (fr.case) {
      case "question":
        this.question = fr.value;
        return { kind: "question", ...b, question: fr.value };
      case "textDelta":
        return {
          kind: "textDelta",
          ...b,
          questionId: fr.value.questionId,
          delta: fr.value.delta,
          index: fr.value.index,
        };
      case "extraction":
        return { kind: "extraction", ...b, updates: fr.value.updates };
      case "ack":
        return {
          kind: "acked",
          ...b,
          clientMsgId: fr.value.clientMsgId,
          ackSeq: Number(fr.value.seq),
          duplicate: fr.value.duplicate,
        };
      case "warning":
        if (fr.value.kind === WarningKind.TAKEN_OVER) this.takenOver = true;
        return { kind: "warning", ...b, warning: fr.value.kind, message: fr.value.message };
      case "state":
        return {
          kind: "state",
          ...b,
          state: fr.value.state,
          previous: fr.value.previous,
          reason: fr.value.reason,
        };
      case "completed":
        this.final = true;
        this.question = undefined;
        return { kind: "completed", ...b, completed: fr.value };
      case "rejected":
        return {
          kind: "rejected",
          ...b,
          clientMsgId: fr.value.clientMsgId,
          code: fr.value.code as Code,
          message: fr.value.message,
          frame: fr.value.frame,
        };
    }
    return { kind: "warning", ...b, warning: WarningKind.UNSPECIFIED, message: "unknown frame" };
  }
}

function answerRequest(a: AnswerFrame): ConverseRequest {
  return create(ConverseRequestSchema, { frame: { case: "answer", value: a } });
}
