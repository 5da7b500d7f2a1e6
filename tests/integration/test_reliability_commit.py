"""Reliability matrix item 2: the ambiguous COMMIT.

The PostgreSQL wire proxy (pgproxy.py) drops debrief-server's database
connection in the middle of the COMMIT of the transaction that stores an
answer, in two places:

* "drop": COMMIT reached PostgreSQL (the answer is stored), its reply never
  reaches debrief-server, which cannot know the outcome;
* "drop_before": the connection dies as debrief-server sends COMMIT, so
  PostgreSQL rolls the transaction back.

Either way the client must get an ack or a retryable status (UNAVAILABLE or
ABORTED), never INTERNAL and never SQL text, and after retrying with the same
client_msg_id the answer must be stored exactly once. Over Converse and over
SendMessage; DEBRIEF_COMMIT_CYCLES rounds of the four (default 25).
"""
import collections
import os
import re
import time
import uuid

import grpc
import pytest

from conftest import Client, Server, db_url_for
from debrief.v1 import conversation_service_pb2 as cpb
from debrief.v1 import session_service_pb2 as spb
from debrief.v1 import types_pb2 as types
from pgproxy import PgProxy
from test_conversation import Stream, create, load_case, open_stream

CYCLES = int(os.environ.get("DEBRIEF_COMMIT_CYCLES", "25"))
RETRYABLE = (grpc.StatusCode.UNAVAILABLE, grpc.StatusCode.ABORTED)
SQL_TEXT = re.compile(r"\b(INSERT\s+INTO|SELECT\b.*\bFROM|UPDATE\s+\w+\s+SET|DELETE\s+FROM|"
                      r"ON\s+CONFLICT|RETURNING|SQLSTATE)\b", re.I)
CASE = load_case("debrief-sample-1")


@pytest.fixture(scope="module")
def setup():
    proxy = PgProxy(db_url_for("it_reliability_commit"))
    srv = Server(proxy.url(), log_name="rel-commit").start()
    c = Client(srv, srv.token("ambiguous-user", "member", "team-a"))
    yield proxy, srv, c
    proxy.disarm()
    c.close()
    code = srv.stop()
    proxy.close()
    assert code == 0, "server did not shut down cleanly:\n" + srv.read_log()


class Tally:
    def __init__(self):
        self.first = collections.Counter()  # status of the interrupted attempt
        self.retries = 0  # extra attempts a client needed after the first retry
        self.bad = []  # (mode, path, code, details) that break the contract
        self.rows_ok = 0
        self.retry_ms = []
        self.details = set()  # what clients were told, for the report

    def outcome(self, mode, path, code, details):
        self.first[code.name if code else "OK"] += 1
        if code is not None:
            self.details.add("%s: %s" % (code.name, details))
        if code is not None and (code not in RETRYABLE or SQL_TEXT.search(details or "")):
            self.bad.append((mode, path, code, details))


def retrying(fn, tally, attempts=5):
    """What a client does with a retryable status: back off and try again."""
    for i in range(attempts):
        try:
            return fn()
        except grpc.RpcError as e:
            if e.code() not in RETRYABLE or i == attempts - 1:
                raise
            tally.retries += 1
            time.sleep(0.2 * (i + 1))


def via_send_message(c, proxy, mode, tally):
    sess = create(c, CASE)
    c.call(c.conversation.SendMessage, cpb.SendMessageRequest(
        session_id=sess.id, client_msg_id="first", text=CASE["opening"]))
    cid, text = "amb-" + uuid.uuid4().hex[:8], CASE["answers"]["meeting_outcome"]["text"]
    req = cpb.SendMessageRequest(session_id=sess.id, client_msg_id=cid, text=text)
    proxy.arm(cid, mode)
    try:
        r = c.call(c.conversation.SendMessage, req, timeout=20)
        tally.outcome(mode, "send_message", None, "")
        first_seq = r.ack.seq
    except grpc.RpcError as e:
        tally.outcome(mode, "send_message", e.code(), e.details())
        first_seq = None
    assert proxy.fired.wait(5), "the proxy never saw the answer's COMMIT"
    t0 = time.monotonic()
    r = retrying(lambda: c.call(c.conversation.SendMessage, req), tally)
    tally.retry_ms.append((time.monotonic() - t0) * 1000)
    assert r.ack.client_msg_id == cid
    assert first_seq in (None, r.ack.seq)
    # Stored by the dropped COMMIT: the retry is a duplicate; rolled back: it is new.
    assert r.ack.duplicate == (mode == "drop"), (mode, r.ack)
    return sess.id, cid, r.ack.seq


def via_converse(c, proxy, mode, tally):
    sess = create(c, CASE)
    s, snap = open_stream(c, sess.id)
    s.send(answer=cpb.AnswerFrame(client_msg_id="first", text=CASE["opening"]))
    seen = s.until("question")[-1].seq
    cid, text = "amb-" + uuid.uuid4().hex[:8], CASE["answers"]["meeting_outcome"]["text"]
    proxy.arm(cid, mode)
    s.send(answer=cpb.AnswerFrame(client_msg_id=cid, text=text))
    acked = None
    try:
        for f in s.until("question", timeout=20):
            if f.WhichOneof("frame") == "ack":
                acked = f.ack.seq
            seen = f.seq
        tally.outcome(mode, "converse", None, "")
        s.close()
    except EOFError:
        err = s.error
        tally.outcome(mode, "converse", err.code() if err else grpc.StatusCode.OK,
                      err.details() if err else "")
    assert proxy.fired.wait(5), "the proxy never saw the answer's COMMIT"
    t0 = time.monotonic()

    def resend():
        s2 = Stream(c)
        s2.send(open=cpb.OpenFrame(session_id=sess.id, resume_after_seq=seen))
        try:
            snap2 = s2.recv().snapshot
            replay = [s2.recv() for _ in range(snap2.session.last_seq - seen)]
            s2.send(answer=cpb.AnswerFrame(client_msg_id=cid, text=text))
            f = s2.recv()
        except EOFError:
            raise s2.error
        finally:
            s2.close()
        return replay, f

    replay, f = retrying(resend, tally)
    tally.retry_ms.append((time.monotonic() - t0) * 1000)
    assert f.WhichOneof("frame") == "ack" and f.ack.client_msg_id == cid, f
    assert acked in (None, f.ack.seq)
    assert f.ack.duplicate == (mode == "drop"), (mode, f.ack)
    replayed = [x.ack.seq for x in replay if x.WhichOneof("frame") == "ack"]
    assert replayed == ([f.ack.seq] if mode == "drop" else []), (mode, replay)
    return sess.id, cid, f.ack.seq


def test_ambiguous_commit_is_retried_idempotently(setup):
    proxy, srv, c = setup
    tally = Tally()
    checks = []
    deadline = time.monotonic() + 150
    for n in range(CYCLES):
        for mode in ("drop", "drop_before"):
            for path in (via_send_message, via_converse):
                assert time.monotonic() < deadline, "out of time after %d rounds" % n
                checks.append(path(c, proxy, mode, tally))
    for sid, cid, seq in checks:
        hist = c.call(c.sessions.GetSessionHistory,
                      spb.GetSessionHistoryRequest(session_id=sid, page_size=500))
        rows = [m.seq for m in hist.messages
                if m.kind == types.MESSAGE_KIND_ANSWER and m.client_msg_id == cid]
        assert rows == [seq], (sid, cid, rows, seq)
        tally.rows_ok += 1
    print("\nFIGURE: ambiguous-commit attempts=%d exactly_one_row=%d first_status=%s "
          "contract_breaks=%d extra_retries=%d mean_retry_ms=%.0f max_retry_ms=%.0f" % (
              len(checks), tally.rows_ok,
              ",".join("%s:%d" % kv for kv in sorted(tally.first.items())), len(tally.bad),
              tally.retries, sum(tally.retry_ms) / len(tally.retry_ms), max(tally.retry_ms)))
    for d in sorted(tally.details):
        print("status seen by the client: " + d)
    assert not tally.bad, tally.bad
