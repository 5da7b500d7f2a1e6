"""Reliability matrix item 1: kill -9 at the worst moment, many times.

A PostgreSQL wire proxy (pgproxy.py) sits between debrief-server and the
database. For one answer per cycle it waits until PostgreSQL has replied
CommandComplete "COMMIT" to the transaction that stored the answer, then
SIGKILLs debrief-server before that reply is forwarded: the answer is
durable but the server never learnt it, so the client never got its ack.
A fresh server is started on the same database and the client re-sends the
same answer with the same client_msg_id, as a client that lost the ack
does. Every cycle also sends one ordinary answer first. At the end every
acknowledged answer must be stored exactly once: lost = 0, duplicated = 0.

Cycles alternate between Converse (resuming with resume_after_seq) and
SendMessage, and sessions are replaced as they complete, so the cycles run
across several sessions. DEBRIEF_KILL9_CYCLES sets the count (default 50).
"""
import collections
import os
import signal
import statistics
import time
import uuid

import grpc
import pytest

from conftest import Client, Server, db_url_for
from debrief.v1 import conversation_service_pb2 as cpb
from debrief.v1 import session_service_pb2 as spb
from debrief.v1 import types_pb2 as types
from pgproxy import PgProxy
from test_conversation import SimUser, create, load_case, open_stream

CYCLES = int(os.environ.get("DEBRIEF_KILL9_CYCLES", "50"))
BUDGET_S = 200  # every loop below is bounded by this and by CYCLES
USER = "kill9-user"


def sigkill_and_reap(proc):
    """A callback for the proxy: SIGKILL and wait until the process is gone."""
    def fire():
        os.kill(proc.pid, signal.SIGKILL)
        deadline = time.monotonic() + 3
        while time.monotonic() < deadline:
            try:
                with open("/proc/%d/stat" % proc.pid) as f:
                    state = f.read().rsplit(")", 1)[1].split()[0]
            except OSError:
                return
            if state in ("Z", "X"):
                return
            time.sleep(0.001)
    return fire


class Interview:
    """One session driven by a simulated user; remembers what was acked."""

    def __init__(self, client, case):
        self.case = case
        self.user = SimUser(case)
        self.session = create(client, case)
        self.sid = self.session.id
        self.targets = []
        self.first = True
        self.seen = 0  # the last seq the client has seen (for resume_after_seq)
        self.done = False

    def next_text(self):
        if self.first:
            self.first = False
            return self.case["opening"]
        return self.user.reply(list(self.targets))


class Run:
    def __init__(self, proxy_url):
        self.proxy_url = proxy_url
        self.srv = None
        self.client = None
        self.case = load_case("debrief-sample-1")
        self.iv = None
        self.interviews = []
        self.acked = {}  # (session, client_msg_id) -> seq from an ack
        self.early_acks = 0  # acks that arrived although the COMMIT reply was withheld
        self.not_duplicate = 0  # retries that stored the answer again instead of deduplicating
        self.restart_ms = []

    def start_server(self, n):
        t0 = time.monotonic()
        self.srv = Server(self.proxy_url, log_name="rel-crash-%02d" % n).start()
        self.restart_ms.append((time.monotonic() - t0) * 1000)
        if self.client:
            self.client.close()
        self.client = Client(self.srv, self.srv.token(USER, "member", "team-a"))

    def ensure_session(self):
        if self.iv is None or self.iv.done:
            self.iv = Interview(self.client, self.case)
            self.interviews.append(self.iv)
            s, snap = open_stream(self.client, self.iv.sid)
            s.close()
            self.iv.targets = list(snap.pending_question.target_fields)
            self.iv.seen = snap.session.last_seq

    def ack(self, iv, cid, seq):
        prev = self.acked.setdefault((iv.sid, cid), seq)
        assert prev == seq, "two different acks for %s: %d and %d" % (cid, prev, seq)

    # ---- Converse ----

    def open(self):
        iv = self.iv
        s, snap = open_stream(self.client, iv.sid, after=iv.seen)
        replay = []
        while iv.seen < snap.session.last_seq:
            f = s.recv()
            assert f.replayed and f.seq == iv.seen + 1, (f, iv.seen)
            iv.seen = f.seq
            replay.append(f)
            if f.WhichOneof("frame") == "ack":
                self.ack(iv, f.ack.client_msg_id, f.ack.seq)
        iv.targets = list(snap.pending_question.target_fields)
        iv.done = snap.session.state != types.SESSION_STATE_ACTIVE
        return s, replay

    def converse_turn(self, s, cid, text):
        iv = self.iv
        s.send(answer=cpb.AnswerFrame(client_msg_id=cid, text=text))
        while True:
            f = s.recv()
            kind = f.WhichOneof("frame")
            iv.seen = max(iv.seen, f.seq)
            if kind == "ack":
                self.ack(iv, f.ack.client_msg_id, f.ack.seq)
            elif kind == "question":
                iv.targets = list(f.question.target_fields)
                return
            elif kind == "completed":
                iv.done = True
                return

    def converse_cycle(self, n, proxy):
        s, _ = self.open()
        if self.iv.done:
            s.close()
            self.ensure_session()
            s, _ = self.open()
        self.converse_turn(s, "n%d" % n, self.iv.next_text())
        if self.iv.done:
            s.close()
            self.ensure_session()
            s, _ = self.open()
        iv, cid, text = self.iv, "k%d-%s" % (n, uuid.uuid4().hex[:6]), self.iv.next_text()
        proxy.arm(cid, "kill", sigkill_and_reap(self.srv.proc))
        s.send(answer=cpb.AnswerFrame(client_msg_id=cid, text=text))
        try:
            while True:
                f = s.recv(timeout=15)
                if f.WhichOneof("frame") == "ack":
                    self.early_acks += 1
        except EOFError:
            pass
        assert proxy.fired.wait(10), "the proxy never saw the answer's COMMIT"
        assert self.srv.proc.wait(10) == -signal.SIGKILL
        self.start_server(n)
        # Reconnect after the missed ack: the replay carries it, and the re-sent
        # answer is recognised as the same one.
        s, replay = self.open()
        replayed_acks = [f.ack for f in replay if f.WhichOneof("frame") == "ack"
                         and f.ack.client_msg_id == cid]
        s.send(answer=cpb.AnswerFrame(client_msg_id=cid, text=text))
        f = s.recv()
        assert f.WhichOneof("frame") == "ack" and f.ack.client_msg_id == cid, f
        if not f.ack.duplicate:
            self.not_duplicate += 1
        self.ack(iv, cid, f.ack.seq)
        assert [a.seq for a in replayed_acks] in ([], [f.ack.seq])
        s.close()

    # ---- SendMessage ----

    def send(self, cid, text, timeout=10):
        iv = self.iv
        r = self.client.call(self.client.conversation.SendMessage, cpb.SendMessageRequest(
            session_id=iv.sid, client_msg_id=cid, text=text), timeout=timeout)
        self.ack(iv, cid, r.ack.seq)
        if r.HasField("completed") or r.session.state != types.SESSION_STATE_ACTIVE:
            iv.done = True
        else:
            iv.targets = list(r.next_question.target_fields)
        return r

    def send_cycle(self, n, proxy):
        self.ensure_session()
        self.send("n%d" % n, self.iv.next_text())
        self.ensure_session()
        iv, cid, text = self.iv, "k%d-%s" % (n, uuid.uuid4().hex[:6]), self.iv.next_text()
        proxy.arm(cid, "kill", sigkill_and_reap(self.srv.proc))
        try:
            self.client.call(self.client.conversation.SendMessage, cpb.SendMessageRequest(
                session_id=iv.sid, client_msg_id=cid, text=text), timeout=15)
            self.early_acks += 1
        except grpc.RpcError as e:
            assert e.code() == grpc.StatusCode.UNAVAILABLE, (e.code(), e.details())
        assert proxy.fired.wait(10), "the proxy never saw the answer's COMMIT"
        assert self.srv.proc.wait(10) == -signal.SIGKILL
        self.start_server(n)
        r = self.send(cid, text)
        if not r.ack.duplicate:
            self.not_duplicate += 1

    # ---- the verdict ----

    def audit(self):
        """(answers acked, lost, duplicated) over every session of the run."""
        lost = duplicated = 0
        for iv in self.interviews:
            hist = self.client.call(self.client.sessions.GetSessionHistory,
                                    spb.GetSessionHistoryRequest(session_id=iv.sid,
                                                                 page_size=500))
            counts = collections.Counter(m.client_msg_id for m in hist.messages
                                         if m.kind == types.MESSAGE_KIND_ANSWER)
            duplicated += sum(c - 1 for c in counts.values() if c > 1)
            for (sid, cid), seq in self.acked.items():
                if sid != iv.sid:
                    continue
                got = [m.seq for m in hist.messages
                       if m.kind == types.MESSAGE_KIND_ANSWER and m.client_msg_id == cid]
                if got != [seq]:
                    lost += 1
        return len(self.acked), lost, duplicated


@pytest.fixture(scope="module")
def proxy():
    p = PgProxy(db_url_for("it_reliability_crash"))
    yield p
    p.close()


def test_kill9_after_commit_before_ack(proxy):
    run = Run(proxy.url())
    run.start_server(0)
    run.ensure_session()
    cycle_ms = []
    t_start = time.monotonic()
    try:
        for n in range(1, CYCLES + 1):
            assert time.monotonic() - t_start < BUDGET_S, \
                "only %d of %d cycles within %d s" % (n - 1, CYCLES, BUDGET_S)
            t0 = time.monotonic()
            if n % 2:
                run.converse_cycle(n, proxy)
            else:
                run.send_cycle(n, proxy)
            cycle_ms.append((time.monotonic() - t0) * 1000)
        acked, lost, duplicated = run.audit()
    finally:
        proxy.disarm()
        if run.client:
            run.client.close()
        code = run.srv.stop() if run.srv else 0
    print("\nFIGURE: kill9-after-commit cycles=%d sessions=%d answers_acked=%d lost=%d "
          "duplicated=%d retried_as_duplicate=%d early_acks=%d mean_cycle_ms=%.0f "
          "max_cycle_ms=%.0f mean_restart_ms=%.0f" % (
              len(cycle_ms), len(run.interviews), acked, lost, duplicated,
              len(cycle_ms) - run.not_duplicate, run.early_acks, statistics.mean(cycle_ms),
              max(cycle_ms), statistics.mean(run.restart_ms[1:])))
    assert code == 0
    assert lost == 0 and duplicated == 0
    assert run.early_acks == 0, "an answer was acked before its COMMIT was confirmed"
    # The proxy let COMMIT reach PostgreSQL, so every retry finds the answer stored.
    assert run.not_duplicate == 0
    assert CYCLES < 10 or len(run.interviews) > 1, "the cycles should span several sessions"
