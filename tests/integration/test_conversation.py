"""The interview protocol end to end (docs/protocol.md, section 2): full
interviews over Converse and over SendMessage, idempotent answers, resume
after a killed client, takeover by a newer stream, and clear errors."""
import json
import os
import queue
import threading
import uuid

import grpc
import pytest
from google.protobuf import json_format, struct_pb2

from conftest import SOURCE_DIR, Client
from debrief.v1 import conversation_service_pb2 as cpb
from debrief.v1 import session_service_pb2 as spb
from debrief.v1 import types_pb2 as types

CASES = os.path.join(SOURCE_DIR, "tests", "eval", "cases")


def load_case(name):
    with open(os.path.join(CASES, name + ".json")) as f:
        return json.load(f)


def subject_of(case):
    ctx = case["context"]
    attrs = struct_pb2.Struct()
    attrs.update(ctx)
    if case["template"] == "sales_debrief":
        key = "account:" + ctx["account"].lower().replace(" ", "-")
        return types.Subject(kind="meeting", key=key, title=ctx.get("title", ""), attributes=attrs)
    return types.Subject(kind="job", key="job:" + uuid.uuid4().hex[:8], title="", attributes=attrs)


def create(client, case, key=None):
    subj = subject_of(case)
    if key:
        subj.key = key
    return client.call(client.sessions.CreateSession, spb.CreateSessionRequest(
        template_slug=case["template"], subject=subj)).session


class SimUser:
    """Answers like the eval README's simulated user."""

    def __init__(self, case):
        self.answers = case["answers"]
        self.used = set()
        self.vague_used = set()
        self.order = list(self.answers)

    def reply(self, targets):
        for t in targets:
            if t in self.answers and t not in self.used:
                return self._take(t)
        for t in self.order:
            if t not in self.used:
                return self._take(t)
        return "That's all I have."

    def _take(self, field):
        a = self.answers[field]
        if "vague" in a and field not in self.vague_used:
            self.vague_used.add(field)
            return a["vague"]
        self.used.add(field)
        return a["text"]


class Stream:
    """A Converse call driven from the test thread, read by a helper thread."""

    def __init__(self, client, timeout=30):
        self.out = queue.Queue()
        self.inbox = queue.Queue()
        self.call = client.conversation.Converse(iter(self.out.get, None), metadata=client.md,
                                                 timeout=timeout)
        self.error = None
        self.thread = threading.Thread(target=self._read, daemon=True)
        self.thread.start()

    def _read(self):
        try:
            for frame in self.call:
                self.inbox.put(frame)
        except grpc.RpcError as e:
            self.error = e
        self.inbox.put(None)

    def send(self, **frame):
        self.out.put(cpb.ConverseRequest(**frame))

    def recv(self, timeout=10):
        f = self.inbox.get(timeout=timeout)
        if f is None:
            raise EOFError(self.error)
        return f

    def until(self, kind, timeout=10):
        """Frames up to and including the first of kind."""
        got = []
        while True:
            f = self.recv(timeout)
            got.append(f)
            if f.WhichOneof("frame") == kind:
                return got

    def close(self):
        self.out.put(None)

    def cancel(self):
        self.call.cancel()


def open_stream(client, session_id, after=0):
    s = Stream(client)
    s.send(open=cpb.OpenFrame(session_id=session_id, resume_after_seq=after))
    snap = s.recv()
    assert snap.WhichOneof("frame") == "snapshot", snap
    return s, snap.snapshot


def converse_interview(client, case):
    """Runs a whole interview over Converse; returns (completed, last seq, answers sent)."""
    sess = create(client, case)
    s, snap = open_stream(client, sess.id)
    assert snap.session.state == types.SESSION_STATE_ACTIVE
    q = snap.pending_question
    assert q.text and q.question_id
    last = snap.session.last_seq
    user = SimUser(case)
    for turn in range(40):
        text = case["opening"] if turn == 0 else user.reply(list(q.target_fields))
        cid = "c%d" % turn
        s.send(answer=cpb.AnswerFrame(client_msg_id=cid, text=text, question_id=q.question_id))
        frames = []
        while True:
            f = s.recv()
            frames.append(f)
            if f.WhichOneof("frame") in ("question", "completed"):
                break
        kinds = [f.WhichOneof("frame") for f in frames]
        assert kinds[0] == "ack" and frames[0].ack.client_msg_id == cid
        for f in frames:  # seqs are consecutive: nothing skipped, nothing twice
            assert f.seq == last + 1, (kinds, [x.seq for x in frames], last)
            last = f.seq
        if kinds[-1] == "completed":
            s.close()
            return sess, frames[-1].completed, last, turn + 1
        q = frames[-1].question
    raise AssertionError("the interview never completed")


def send_message_interview(client, case):
    """Runs a whole interview over SendMessage; returns (completed, last seq, answers sent)."""
    sess = create(client, case)
    user = SimUser(case)
    text = case["opening"]
    for turn in range(40):
        r = client.call(client.conversation.SendMessage, cpb.SendMessageRequest(
            session_id=sess.id, client_msg_id="m%d" % turn, text=text))
        assert r.ack.seq > 0 and not r.ack.duplicate
        if r.HasField("completed"):
            assert r.session.state == types.SESSION_STATE_COMPLETED
            return sess, r.completed, r.session.last_seq, turn + 1
        text = user.reply(list(r.next_question.target_fields))
    raise AssertionError("the interview never completed")


def check_debrief(completed):
    summary = json_format.MessageToDict(completed.summary)
    assert "crm_payload" in summary
    got = {fv.key: json_format.MessageToDict(fv.value) for fv in completed.extracted}
    assert got.get("budget", {}).get("amount") == 180000
    assert got.get("deal_stage") == "proposal"
    assert any("samsara" in c.lower() for c in got.get("competitors", []))
    assert {i.kind for i in completed.insights}  # the manager has something to review


def check_experience(completed):
    summary = json_format.MessageToDict(completed.summary)
    for section in ("narrative_summary", "resume_bullets", "interview_story", "skills_identified",
                    "key_achievements", "timeline", "role_context"):
        assert section in summary, section
    assert set(summary["interview_story"]) >= {"situation", "task", "action", "result"}
    assert any("85%" in b for b in summary["resume_bullets"])
    got = {fv.key: json_format.MessageToDict(fv.value) for fv in completed.extracted}
    assert "Kafka" in got.get("tools_technologies", [])


@pytest.mark.parametrize("path", ["converse", "send_message"])
@pytest.mark.parametrize("case_id,check", [("debrief-sample-1", check_debrief),
                                           ("experience-sample-1", check_experience)])
def test_full_interview(member, path, case_id, check):
    run = converse_interview if path == "converse" else send_message_interview
    sess, completed, last, answers = run(member, load_case(case_id))
    check(completed)
    for fv in completed.extracted:
        assert 0 < fv.confidence <= 1 and fv.evidence_seq > 0
    final = member.call(member.sessions.GetSession, spb.GetSessionRequest(session_id=sess.id))
    assert final.session.state == types.SESSION_STATE_COMPLETED
    assert final.session.last_seq == last
    # The transcript holds each answer exactly once.
    hist = member.call(member.sessions.GetSessionHistory, spb.GetSessionHistoryRequest(
        session_id=sess.id, page_size=500))
    got = [m for m in hist.messages if m.kind == types.MESSAGE_KIND_ANSWER]
    assert len(got) == len({m.client_msg_id for m in got}) == answers


def test_resent_answer_is_acked_once(member):
    sess = create(member, load_case("debrief-sample-1"))
    req = cpb.SendMessageRequest(session_id=sess.id, client_msg_id="same-id",
                                 text="The demo went well; they want a pilot on 40 trucks.")
    a = member.call(member.conversation.SendMessage, req)
    b = member.call(member.conversation.SendMessage, req)
    assert a.ack.seq == b.ack.seq and b.ack.duplicate and not a.ack.duplicate
    assert b.next_question.question_id == a.next_question.question_id
    # The same id on the stream gets the same ack too.
    s, snap = open_stream(member, sess.id, after=snap_seq(member, sess.id))
    s.send(answer=cpb.AnswerFrame(client_msg_id="same-id", text="anything"))
    f = s.recv()
    assert f.WhichOneof("frame") == "ack" and f.ack.seq == a.ack.seq and f.ack.duplicate
    s.close()
    hist = member.call(member.sessions.GetSessionHistory,
                       spb.GetSessionHistoryRequest(session_id=sess.id))
    assert [m.client_msg_id for m in hist.messages if m.kind == types.MESSAGE_KIND_ANSWER] == \
        ["same-id"]


def snap_seq(client, sid):
    return client.call(client.sessions.GetSession,
                       spb.GetSessionRequest(session_id=sid)).session.last_seq


def test_killed_client_resumes_without_loss_or_repeat(member):
    case = load_case("debrief-sample-1")
    sess = create(member, case)
    s, snap = open_stream(member, sess.id)
    seen = snap.session.last_seq
    s.send(answer=cpb.AnswerFrame(client_msg_id="k1", text=case["opening"]))
    for f in s.until("question"):
        seen = f.seq
    # Send an answer and kill the client before reading anything back.
    s.send(answer=cpb.AnswerFrame(client_msg_id="k2",
                                  text=case["answers"]["meeting_outcome"]["text"]))
    committed = wait_for_seq_above(member, sess.id, seen)
    s.cancel()
    # Reconnect: exactly the missed frames, in order, then live again.
    s2, snap2 = open_stream(member, sess.id, after=seen)
    replayed = []
    while len(replayed) < committed - seen:
        replayed.append(s2.recv())
    assert [f.seq for f in replayed] == list(range(seen + 1, committed + 1))
    assert all(f.replayed for f in replayed)
    assert replayed[0].WhichOneof("frame") == "ack" and replayed[0].ack.client_msg_id == "k2"
    # A retry of the in-doubt answer is a duplicate, not a second answer.
    s2.send(answer=cpb.AnswerFrame(client_msg_id="k2", text="again"))
    dup = s2.recv()
    assert dup.ack.duplicate and dup.ack.seq == replayed[0].seq
    s2.send(answer=cpb.AnswerFrame(client_msg_id="k3", text="Priya Raman and Tom Becker."))
    live = s2.until("question")
    assert live[0].seq == committed + 1 and not live[0].replayed
    s2.close()


def wait_for_seq_above(client, sid, seq, timeout=10):
    import time
    deadline = time.time() + timeout
    while time.time() < deadline:
        cur = snap_seq(client, sid)
        if cur > seq + 1:
            return cur
        time.sleep(0.05)
    raise AssertionError("the answer was never committed")


def test_newer_stream_takes_over(member):
    sess = create(member, load_case("debrief-sample-1"))
    a, _ = open_stream(member, sess.id)
    b, _ = open_stream(member, sess.id)
    frames = []
    with pytest.raises(EOFError):
        while True:
            frames.append(a.recv())
    assert a.error.code() == grpc.StatusCode.ABORTED
    assert any(f.WhichOneof("frame") == "warning" and
               f.warning.kind == cpb.WARNING_KIND_TAKEN_OVER for f in frames)
    b.send(answer=cpb.AnswerFrame(client_msg_id="t1", text="It went fine."))
    assert b.recv().WhichOneof("frame") == "ack"
    b.close()


def stream_error(client, *frames):
    s = Stream(client)
    for f in frames:
        s.send(**f)
    with pytest.raises(EOFError):
        while True:
            s.recv()
    return s.error.code(), s.error.details()


def test_stream_bad_input(server, member):
    sess = create(member, load_case("debrief-sample-1"))
    code, d = stream_error(member, {"answer": cpb.AnswerFrame(client_msg_id="x", text="hi")})
    assert code == grpc.StatusCode.INVALID_ARGUMENT and "open" in d
    code, d = stream_error(member, {"open": cpb.OpenFrame(session_id="nope")})
    assert code == grpc.StatusCode.INVALID_ARGUMENT and "session_id" in d
    code, d = stream_error(member, {"open": cpb.OpenFrame(session_id=sess.id)},
                           {"answer": cpb.AnswerFrame(client_msg_id="", text="hi")})
    assert code == grpc.StatusCode.INVALID_ARGUMENT and "client_msg_id" in d
    code, d = stream_error(member, {"open": cpb.OpenFrame(session_id=sess.id)},
                           {"answer": cpb.AnswerFrame(client_msg_id="e", text="  ")})
    assert code == grpc.StatusCode.INVALID_ARGUMENT and "text" in d
    code, d = stream_error(member, {"open": cpb.OpenFrame(session_id=sess.id)},
                           {"answer": cpb.AnswerFrame(client_msg_id="big", text="x" * 9000)})
    assert code == grpc.StatusCode.RESOURCE_EXHAUSTED
    other = Client(server, server.token("stranger-" + uuid.uuid4().hex[:6], "member", "team-a"))
    try:
        code, _ = stream_error(other, {"open": cpb.OpenFrame(session_id=sess.id)})
        assert code == grpc.StatusCode.NOT_FOUND
    finally:
        other.close()


def test_controls_and_edits(member):
    sess = create(member, load_case("debrief-sample-1"))
    s, snap = open_stream(member, sess.id)
    s.send(control=cpb.ControlFrame(action=cpb.CONTROL_ACTION_PAUSE))
    f = s.recv()
    assert f.state.state == types.SESSION_STATE_PAUSED
    s.send(answer=cpb.AnswerFrame(client_msg_id="p1", text="hello"))
    with pytest.raises(EOFError):
        s.recv()
    assert s.error.code() == grpc.StatusCode.FAILED_PRECONDITION
    assert "PAUSED" in s.error.details()

    s, snap = open_stream(member, sess.id)
    s.send(control=cpb.ControlFrame(action=cpb.CONTROL_ACTION_RESUME))
    assert s.recv().state.state == types.SESSION_STATE_ACTIVE
    before = snap.pending_question
    s.send(control=cpb.ControlFrame(action=cpb.CONTROL_ACTION_SKIP))
    q = s.recv()
    assert q.WhichOneof("frame") == "question" and q.question.question_id != before.question_id
    v = struct_pb2.Value()
    v.struct_value.update({"amount": 250000, "currency": "EUR"})
    s.send(edit_field=cpb.EditFieldFrame(key="budget", value=v, client_msg_id="edit-1"))
    e = s.recv()
    up = e.extraction.updates[0]
    assert up.key == "budget" and up.source == types.EXTRACTION_SOURCE_USER
    assert up.confidence == 1.0 and up.value.struct_value["amount"] == 250000
    # A refused edit is answered on the stream, which stays open.
    s.send(edit_field=cpb.EditFieldFrame(key="no_such_field", value=v, client_msg_id="edit-2"))
    rj = s.recv()
    assert rj.WhichOneof("frame") == "rejected" and rj.seq == 0
    assert rj.rejected.client_msg_id == "edit-2" and rj.rejected.frame == "edit_field"
    assert rj.rejected.code == grpc.StatusCode.INVALID_ARGUMENT.value[0]
    assert "no_such_field" in rj.rejected.message
    s.send(control=cpb.ControlFrame(action=cpb.CONTROL_ACTION_FINISH))
    frames = s.until("completed")
    assert frames[-1].completed.reason == cpb.COMPLETION_REASON_USER_FINISHED
    got = {fv.key: fv for fv in frames[-1].completed.extracted}
    assert got["budget"].value.struct_value["currency"] == "EUR"  # the edit stuck
    s.close()


def test_control_with_an_id_is_acked_once(member):
    """A control re-sent with its client_msg_id (a retry after a lost reply) acts once."""
    sess = create(member, load_case("debrief-sample-1"))
    s, snap = open_stream(member, sess.id)
    before = snap.pending_question.question_id
    s.send(control=cpb.ControlFrame(action=cpb.CONTROL_ACTION_SKIP, client_msg_id="skip-1"))
    ack = s.recv()
    assert ack.ack.client_msg_id == "skip-1" and not ack.ack.duplicate and ack.seq == ack.ack.seq
    q = s.until("question")[-1]
    assert q.question.question_id != before
    s.send(control=cpb.ControlFrame(action=cpb.CONTROL_ACTION_SKIP, client_msg_id="skip-1"))
    again = s.recv()
    assert again.ack.duplicate and again.ack.seq == ack.ack.seq
    # Nothing else was sent: the question the person sees is still the pending one.
    s.send(heartbeat=cpb.HeartbeatFrame())
    s.send(control=cpb.ControlFrame(action=cpb.CONTROL_ACTION_PAUSE, client_msg_id="pause-1"))
    frames = s.until("state")
    assert [f.WhichOneof("frame") for f in frames] == ["ack", "state"]
    assert frames[0].ack.client_msg_id == "pause-1"
    # A repeat of the pause after the session moved on still gets its ack,
    # not FAILED_PRECONDITION for pausing a PAUSED session.
    s.send(control=cpb.ControlFrame(action=cpb.CONTROL_ACTION_PAUSE, client_msg_id="pause-1"))
    assert s.recv().ack.duplicate
    s.close()
    s, snap = open_stream(member, sess.id)
    assert snap.pending_question.question_id == q.question.question_id
    assert snap.session.state == types.SESSION_STATE_PAUSED
    # A new id in the wrong state is refused, with a Rejected frame: the stream stays open.
    s.send(control=cpb.ControlFrame(action=cpb.CONTROL_ACTION_PAUSE, client_msg_id="pause-2"))
    rj = s.recv()
    assert rj.WhichOneof("frame") == "rejected" and rj.seq == 0
    assert rj.rejected.code == grpc.StatusCode.FAILED_PRECONDITION.value[0]
    assert rj.rejected.client_msg_id == "pause-2" and rj.rejected.frame == "control"
    assert "PAUSED" in rj.rejected.message
    s.send(control=cpb.ControlFrame(action=cpb.CONTROL_ACTION_RESUME,
                                    client_msg_id="x" * 129))
    rj = s.recv()
    assert rj.rejected.code == grpc.StatusCode.INVALID_ARGUMENT.value[0]
    assert "client_msg_id" in rj.rejected.message
    # Nothing was stored for either: the same pause is refused again, not acked as a repeat.
    s.send(control=cpb.ControlFrame(action=cpb.CONTROL_ACTION_PAUSE, client_msg_id="pause-2"))
    assert s.recv().WhichOneof("frame") == "rejected"
    s.send(control=cpb.ControlFrame(action=cpb.CONTROL_ACTION_RESUME, client_msg_id="resume-1"))
    frames = s.until("state")
    assert frames[-1].state.state == types.SESSION_STATE_ACTIVE
    s.close()


def test_an_edit_must_fit_its_field(member):
    """A correction keeps the record's shapes: money stays an amount in a currency."""
    sess = create(member, load_case("debrief-sample-1"))
    s, _ = open_stream(member, sess.id)
    for key, value, word in (("budget", struct_pb2.Value(number_value=120000), "currency"),
                             ("deal_stage", struct_pb2.Value(string_value="nearly"), "proposal"),
                             ("competitors", struct_pb2.Value(number_value=3), "list")):
        s.send(edit_field=cpb.EditFieldFrame(key=key, value=value, client_msg_id="bad-" + key))
        rj = s.recv()
        assert rj.WhichOneof("frame") == "rejected", (key, rj)
        assert rj.rejected.code == grpc.StatusCode.INVALID_ARGUMENT.value[0], (key, rj)
        assert rj.rejected.client_msg_id == "bad-" + key
        assert key in rj.rejected.message and word in rj.rejected.message, rj.rejected.message
    # An object list sent as one text (an older client) is kept as a list of that one item.
    s.send(edit_field=cpb.EditFieldFrame(key="next_steps",
                                         value=struct_pb2.Value(string_value="call Tom on Friday")))
    up = s.recv().extraction.updates[0]
    assert up.key == "next_steps"
    assert [v.string_value for v in up.value.list_value.values] == ["call Tom on Friday"]
    s.close()
    got = member.call(member.sessions.GetSession, spb.GetSessionRequest(session_id=sess.id)).session
    assert not [f for f in got.extracted if f.key in ("budget", "deal_stage", "competitors")]


def test_context_continuity_uses_earlier_sessions(member):
    case = load_case("debrief-sample-1")
    key = "account:continuity-" + uuid.uuid4().hex[:6]
    first = create(member, case, key=key)
    texts = ["I'll send the pilot proposal by Friday, and Tom will share their SAP API docs.",
             "They have about $180k but the CFO still has to approve the budget."]
    for i, t in enumerate(texts):
        member.call(member.conversation.SendMessage, cpb.SendMessageRequest(
            session_id=first.id, client_msg_id="f%d" % i, text=t))
    member.call(member.sessions.CompleteSession, spb.CompleteSessionRequest(session_id=first.id))
    second = create(member, case, key=key)
    s, snap = open_stream(member, second.id)
    s.close()
    assert first.id in snap.context_session_ids
    assert len(snap.open_items) > 0
    assert all(oi.session_id == first.id for oi in snap.open_items)


def test_context_continuity_never_uses_a_teammates_sessions(server, member):
    case = load_case("debrief-sample-1")
    key = "account:shared-" + uuid.uuid4().hex[:6]
    mate = Client(server, server.token("teammate-" + uuid.uuid4().hex[:6], "member", "team-a"))
    try:
        theirs = create(mate, case, key=key)
        mate.call(mate.conversation.SendMessage, cpb.SendMessageRequest(
            session_id=theirs.id, client_msg_id="t0",
            text="I'll send the pilot proposal by Friday; the CFO must approve the budget."))
        mate.call(mate.sessions.CompleteSession, spb.CompleteSessionRequest(session_id=theirs.id))
        mine = create(member, case, key=key)
        s, snap = open_stream(member, mine.id)
        s.close()
        assert theirs.id not in snap.context_session_ids
        assert not snap.open_items
    finally:
        mate.close()
