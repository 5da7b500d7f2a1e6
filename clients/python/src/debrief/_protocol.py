"""The Converse protocol as a state machine, without any I/O.

The sync and async Interview objects both drive one InterviewProtocol: they
hand it every frame the server sends and write the requests it asks for. It
keeps the rules of docs/protocol.md in one place:

* every answer carries a client_msg_id, generated unless the caller gives one;
  an answer stays *pending* until an ack (live, replayed or duplicate) names it;
* a (re)connection opens with resume_after_seq = the last seq seen, so the
  server replays exactly the persisted frames that were missed;
* once the replay is over (the snapshot says up to which seq), pending answers
  are re-sent with their original ids, so each is stored exactly once;
* a persisted frame whose seq skips ahead means frames were lost: the stream
  is reopened to replay them (``resync``); older frames are dropped;
* a TAKEN_OVER warning means another client owns the session now: the
  Interview stops instead of fighting it for the stream;
* a refused control comes back as a Rejected event (seq 0) on a stream that
  stays open: nothing changed, and nothing is pending for it (only answers
  are re-sent, and an answer is never refused this way).
"""
from __future__ import annotations

import collections
import uuid
from dataclasses import dataclass, field
from typing import Callable, List, Optional

from google.protobuf import json_format

from debrief._common import TakenOverError
from debrief.v1 import conversation_service_pb2 as cpb
from debrief.v1 import types_pb2 as tpb

FINAL_STATES = (tpb.SESSION_STATE_COMPLETED, tpb.SESSION_STATE_CANCELLED,
                tpb.SESSION_STATE_EXPIRED)


# ---- events ----

@dataclass
class Event:
    """Base of every Interview event: seq is 0 for frames that are not persisted."""
    seq: int = 0
    replayed: bool = False


@dataclass
class Opened(Event):
    """The stream is attached; session is the server's snapshot."""
    session: tpb.Session = None  # type: ignore[assignment]
    resumed: bool = False


@dataclass
class Question(Event):
    question: tpb.Question = None  # type: ignore[assignment]

    @property
    def text(self) -> str:
        return self.question.text

    @property
    def question_id(self) -> str:
        return self.question.question_id

    @property
    def target_fields(self) -> List[str]:
        return list(self.question.target_fields)


@dataclass
class TextDelta(Event):
    question_id: str = ""
    delta: str = ""
    index: int = 0


@dataclass
class Extraction(Event):
    updates: List[tpb.FieldValue] = field(default_factory=list)

    def values(self) -> dict:
        """The updated fields as plain Python values, by key."""
        return {fv.key: json_format.MessageToDict(fv.value) for fv in self.updates}


@dataclass
class Acked(Event):
    """An answer (or edit) is committed; duplicate when an earlier try stored it."""
    client_msg_id: str = ""
    ack_seq: int = 0
    duplicate: bool = False


@dataclass
class Warning(Event):  # noqa: A001 - the protocol's name for it
    kind: int = 0
    message: str = ""

    @property
    def kind_name(self) -> str:
        """INACTIVITY, EXPIRING, PROVIDER_FALLBACK, TAKEN_OVER or SERVER_SHUTDOWN."""
        return cpb.WarningKind.Name(cpb.WarningKind.ValueType(self.kind)).replace("WARNING_KIND_", "")


@dataclass
class StateChanged(Event):
    state: int = 0
    previous: int = 0
    reason: str = ""


@dataclass
class Completed(Event):
    completed: cpb.Completed = None  # type: ignore[assignment]

    @property
    def summary(self) -> dict:
        return json_format.MessageToDict(self.completed.summary)

    @property
    def extracted(self) -> dict:
        return {fv.key: json_format.MessageToDict(fv.value) for fv in self.completed.extracted}


@dataclass
class Rejected(Event):
    """A control or edit was refused and changed nothing; the stream stays open.
    code is the gRPC status code (3 INVALID_ARGUMENT for a value, 9
    FAILED_PRECONDITION for the session's state), frame "control" or "edit_field"."""
    client_msg_id: str = ""
    code: int = 0
    message: str = ""
    frame: str = ""


@dataclass
class Reconnecting(Event):
    """The stream dropped; the next try starts after delay seconds."""
    attempt: int = 0
    delay: float = 0.0
    error: str = ""


# ---- the state machine ----

def new_client_msg_id() -> str:
    return uuid.uuid4().hex


class InterviewProtocol:
    """What one Interview knows and decides, shared by the sync and async drivers."""

    def __init__(self, session_id: str, resume_after_seq: int = 0,
                 id_factory: Callable[[], str] = new_client_msg_id):
        self.session_id = session_id
        self.last_seq = resume_after_seq
        self.id_factory = id_factory
        self.pending: "collections.OrderedDict[str, cpb.ConverseRequest]" = \
            collections.OrderedDict()
        self.opened_once = resume_after_seq > 0
        self.attached = False  # this stream's snapshot arrived
        self.replay_until: Optional[int] = None  # set from a snapshot until the replay is over
        self.question: Optional[tpb.Question] = None
        self.session: Optional[tpb.Session] = None
        self.completed = False
        self.final = False  # completed, or the session was already final at open
        self.taken_over = False
        self.resync = False  # frames were lost: reopen with resume_after_seq
        self._writes: List[cpb.ConverseRequest] = []

    # -- what the driver sends --

    def open_request(self) -> cpb.ConverseRequest:
        self.replay_until = None
        self.attached = False
        self.resync = False
        self._writes = []
        return cpb.ConverseRequest(open=cpb.OpenFrame(session_id=self.session_id,
                                                      resume_after_seq=self.last_seq))

    def answer(self, text: str, question_id: Optional[str] = None,
               client_msg_id: Optional[str] = None):
        """Records a pending answer; returns (client_msg_id, request)."""
        cid = client_msg_id or self.id_factory()
        if question_id is None and self.question is not None:
            question_id = self.question.question_id
        req = cpb.ConverseRequest(answer=cpb.AnswerFrame(client_msg_id=cid, text=text,
                                                         question_id=question_id or ""))
        self.pending[cid] = req
        return cid, req

    def control(self, action: int) -> cpb.ConverseRequest:
        return cpb.ConverseRequest(control=cpb.ControlFrame(action=cpb.ControlAction.ValueType(action)))

    def ready_to_send(self) -> bool:
        """False until the snapshot and the replay are in: pending answers wait."""
        return self.attached and self.replay_until is None

    def take_writes(self) -> List[cpb.ConverseRequest]:
        w, self._writes = self._writes, []
        return w

    def after_error(self, err, retry) -> float:
        """The stream failed with err: seconds to wait before reconnecting (0:
        at once); raises when the Interview must stop."""
        if err is None:
            return 0.0  # a resync
        if self.taken_over:
            raise TakenOverError(err.code, err.message)
        return retry.on_error(err)

    # -- what the driver receives --

    def on_frame(self, f: cpb.ConverseResponse) -> List[Event]:
        kind = f.WhichOneof("frame")
        if kind == "snapshot":
            return self._on_snapshot(f.snapshot)
        if f.seq > 0:
            if kind == "ack" and f.ack.client_msg_id in self.pending and f.seq <= self.last_seq:
                # A duplicate ack for an answer whose original ack we saw (or an
                # earlier process did, when resume_after_seq was given).
                self.pending.pop(f.ack.client_msg_id, None)
                return [self._event(f, kind)]
            if f.seq <= self.last_seq:
                return []  # seen already
            if f.seq > self.last_seq + 1:
                self.resync = True  # a gap: reopen and let the server replay it
                return []
            self.last_seq = f.seq
        out = [self._event(f, kind)]
        if kind == "ack":
            self.pending.pop(f.ack.client_msg_id, None)
        if self.replay_until is not None and self.last_seq >= self.replay_until:
            self._replay_done()
        return out

    def _on_snapshot(self, snap: cpb.Snapshot) -> List[Event]:
        self.session = snap.session
        first = not self.opened_once
        self.opened_once = True
        self.attached = True
        out: List[Event] = [Opened(session=snap.session, resumed=not first)]
        if first:
            self.last_seq = max(self.last_seq, snap.session.last_seq)
            if snap.session.state in FINAL_STATES:
                self.final = True
                return out
            if snap.HasField("pending_question"):
                self.question = snap.pending_question
                out.append(Question(seq=snap.pending_question.seq, question=snap.pending_question))
        if snap.session.last_seq > self.last_seq:
            self.replay_until = snap.session.last_seq
        else:
            self._replay_done()
        return out

    def _replay_done(self) -> None:
        self.replay_until = None
        self._writes.extend(self.pending.values())

    def _event(self, f: cpb.ConverseResponse, kind: Optional[str]) -> Event:
        seq, rep = f.seq, f.replayed
        if kind == "question":
            self.question = f.question
            return Question(question=f.question, seq=seq, replayed=rep)
        if kind == "text_delta":
            d = f.text_delta
            return TextDelta(question_id=d.question_id, delta=d.delta, index=d.index, seq=seq, replayed=rep)
        if kind == "extraction":
            return Extraction(updates=list(f.extraction.updates), seq=seq, replayed=rep)
        if kind == "ack":
            return Acked(client_msg_id=f.ack.client_msg_id, ack_seq=f.ack.seq,
                         duplicate=f.ack.duplicate, seq=seq, replayed=rep)
        if kind == "warning":
            if f.warning.kind == cpb.WARNING_KIND_TAKEN_OVER:
                self.taken_over = True
            return Warning(kind=f.warning.kind, message=f.warning.message, seq=seq, replayed=rep)
        if kind == "state":
            return StateChanged(state=f.state.state, previous=f.state.previous,
                                reason=f.state.reason, seq=seq, replayed=rep)
        if kind == "completed":
            self.completed = self.final = True
            self.question = None
            return Completed(completed=f.completed, seq=seq, replayed=rep)
        if kind == "rejected":
            r = f.rejected
            return Rejected(client_msg_id=r.client_msg_id, code=r.code, message=r.message,
                            frame=r.frame, seq=seq, replayed=rep)
        return Event(seq=seq, replayed=rep)
