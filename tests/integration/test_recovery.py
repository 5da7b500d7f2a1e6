"""Durability and recovery across server instances (docs/architecture.md,
sections 2 and 5): a server killed with SIGKILL loses no acknowledged answer, any
instance can resume any session, and a stream opened on another instance
takes the session over."""
import signal

import grpc
import pytest

from conftest import Client, Server, db_url_for
from debrief.v1 import conversation_service_pb2 as cpb
from debrief.v1 import session_service_pb2 as spb
from debrief.v1 import types_pb2 as types
from test_conversation import SimUser, create, load_case, open_stream


@pytest.fixture(scope="module")
def db():
    return db_url_for("it_recovery")


def answer_and_wait(stream, cid, text):
    frames = []
    stream.send(answer=cpb.AnswerFrame(client_msg_id=cid, text=text))
    while True:
        f = stream.recv()
        frames.append(f)
        if f.WhichOneof("frame") in ("question", "completed"):
            return frames


def test_sigkill_loses_no_acknowledged_answer(db):
    case = load_case("debrief-sample-1")
    a = Server(db, log_name="recovery-a").start()
    ca = Client(a, a.token("durable-user", "member", "team-a"))
    sess = create(ca, case)
    s, snap = open_stream(ca, sess.id)
    user = SimUser(case)
    q = snap.pending_question
    acked, seen = [], snap.session.last_seq
    for i in range(3):
        text = case["opening"] if i == 0 else user.reply(list(q.target_fields))
        frames = answer_and_wait(s, "d%d" % i, text)
        assert frames[0].WhichOneof("frame") == "ack"
        acked.append(frames[0].ack.seq)
        seen = frames[-1].seq
        q = frames[-1].question
    a.proc.send_signal(signal.SIGKILL)  # no shutdown path runs
    a.proc.wait(10)
    ca.close()

    b = Server(db, log_name="recovery-b").start()
    cb = Client(b, b.token("durable-user", "member", "team-a"))
    try:
        hist = cb.call(cb.sessions.GetSessionHistory,
                       spb.GetSessionHistoryRequest(session_id=sess.id, page_size=500))
        stored = {m.seq for m in hist.messages if m.kind == types.MESSAGE_KIND_ANSWER}
        assert set(acked) <= stored, "an acknowledged answer was lost"
        # Resume on the new instance: nothing missed, nothing repeated, and it carries on.
        s2, snap2 = open_stream(cb, sess.id, after=seen)
        assert snap2.session.last_seq == seen
        assert snap2.pending_question.question_id == q.question_id
        frames = answer_and_wait(s2, "d3", user.reply(list(q.target_fields)))
        assert frames[0].seq == seen + 1 and not frames[0].replayed
        # The answer re-sent after the crash is recognised, not stored twice.
        s2.send(answer=cpb.AnswerFrame(client_msg_id="d2", text="again"))
        dup = s2.recv()
        assert dup.ack.duplicate and dup.ack.seq == acked[2]
        s2.close()
    finally:
        cb.close()
        assert b.stop() == 0


def test_open_on_another_instance_takes_over(db):
    case = load_case("debrief-sample-1")
    a = Server(db, log_name="takeover-a").start()
    b = Server(db, log_name="takeover-b").start()
    ca = Client(a, a.token("roaming-user", "member", "team-a"))
    cb = Client(b, b.token("roaming-user", "member", "team-a"))
    try:
        sess = create(ca, case)
        sa, _ = open_stream(ca, sess.id)
        sb, _ = open_stream(cb, sess.id)  # the user moved to another device/instance
        # The older stream's next step learns it no longer drives the session.
        sa.send(answer=cpb.AnswerFrame(client_msg_id="old-1", text="It went well."))
        frames = []
        with pytest.raises(EOFError):
            while True:
                frames.append(sa.recv())
        assert sa.error.code() == grpc.StatusCode.ABORTED
        assert any(f.WhichOneof("frame") == "warning" and
                   f.warning.kind == cpb.WARNING_KIND_TAKEN_OVER for f in frames)
        # Nothing from the stale stream was stored; the new one drives the session.
        hist = cb.call(cb.sessions.GetSessionHistory,
                       spb.GetSessionHistoryRequest(session_id=sess.id))
        assert "old-1" not in [m.client_msg_id for m in hist.messages]
        frames = answer_and_wait(sb, "new-1", "It went well; they want a pilot.")
        assert frames[0].ack.client_msg_id == "new-1"
        sb.close()
    finally:
        ca.close()
        cb.close()
        assert a.stop() == 0 and b.stop() == 0
