"""The Converse state machine on its own (debrief._protocol), on frames the
live suites cannot provoke at will: a gap in seqs, a replay boundary,
duplicate acks and stale frames."""
import grpc

from debrief._common import DebriefError
from debrief._protocol import Acked, InterviewProtocol, Opened, Question
from debrief.v1 import conversation_service_pb2 as cpb
from debrief.v1 import types_pb2 as tpb


def snapshot(last_seq, pending_question=None):
    s = cpb.Snapshot(session=tpb.Session(id="s", state=tpb.SESSION_STATE_ACTIVE, last_seq=last_seq))
    if pending_question:
        s.pending_question.CopyFrom(pending_question)
    return cpb.ConverseResponse(snapshot=s)


def ack(seq, cid, duplicate=False, replayed=False):
    return cpb.ConverseResponse(seq=seq, replayed=replayed, ack=cpb.Ack(
        client_msg_id=cid, seq=seq, duplicate=duplicate))


def question(seq, qid="q"):
    return cpb.ConverseResponse(seq=seq, question=tpb.Question(question_id=qid, seq=seq, text="?"))


def test_resume_replays_then_resends_only_what_was_not_acked():
    p = InterviewProtocol("s", id_factory=iter(["a1", "a2", "a3"]).__next__)
    p.open_request()
    evs = p.on_frame(snapshot(3, tpb.Question(question_id="q1", seq=3)))
    assert [type(e) for e in evs] == [Opened, Question] and p.last_seq == 3
    assert p.ready_to_send() and p.take_writes() == []
    p.answer("first")
    p.answer("second")  # both go out; then the connection drops
    req = p.open_request()
    assert req.open.resume_after_seq == 3 and not p.ready_to_send()
    assert p.on_frame(snapshot(5))[0].resumed
    assert not p.ready_to_send()  # seqs 4 and 5 are still to be replayed
    assert isinstance(p.on_frame(ack(4, "a1", replayed=True))[0], Acked)
    assert p.take_writes() == []
    p.on_frame(question(5))
    assert [w.answer.client_msg_id for w in p.take_writes()] == ["a2"]  # a1 was stored
    assert p.ready_to_send() and list(p.pending) == ["a2"]


def test_a_gap_asks_for_a_resync_and_stale_frames_are_dropped():
    p = InterviewProtocol("s")
    p.open_request()
    p.on_frame(snapshot(2))
    assert p.on_frame(question(4)) == [] and p.resync and p.last_seq == 2
    assert p.open_request().open.resume_after_seq == 2 and not p.resync
    p.on_frame(snapshot(4))
    p.on_frame(ack(3, "x", replayed=True))
    p.on_frame(question(4))
    assert p.on_frame(question(4)) == [] and p.on_frame(ack(3, "x")) == []


def test_a_duplicate_ack_clears_a_pending_answer_once():
    p = InterviewProtocol("s", id_factory=lambda: "d1")
    p.open_request()
    p.on_frame(snapshot(7))
    p.answer("again")
    evs = p.on_frame(ack(6, "d1", duplicate=True))
    assert len(evs) == 1 and evs[0].duplicate and not p.pending
    assert p.on_frame(ack(6, "d1", duplicate=True)) == []


def test_takeover_and_completion():
    p = InterviewProtocol("s")
    p.open_request()
    p.on_frame(snapshot(1))
    p.on_frame(cpb.ConverseResponse(warning=cpb.Warning(kind=cpb.WARNING_KIND_TAKEN_OVER)))
    assert p.taken_over
    done = InterviewProtocol("s")
    done.open_request()
    s = snapshot(9)
    s.snapshot.session.state = tpb.SESSION_STATE_COMPLETED
    assert [type(e) for e in done.on_frame(s)] == [Opened] and done.final


class _RpcError(grpc.RpcError):
    def __init__(self, code, details):
        self._code, self._details = code, details

    def code(self):
        return self._code

    def details(self):
        return self._details


def test_a_connection_cut_reported_by_grpc_core_is_unavailable():
    for words in ("Internal error from Core", "Received RST_STREAM with error code 2"):
        err = DebriefError.from_rpc(_RpcError(grpc.StatusCode.INTERNAL, words))
        assert err.code == grpc.StatusCode.UNAVAILABLE and words in err.message
    # The server's own INTERNAL stays what it is: not retried.
    err = DebriefError.from_rpc(_RpcError(grpc.StatusCode.INTERNAL, "the store failed"))
    assert err.code == grpc.StatusCode.INTERNAL
