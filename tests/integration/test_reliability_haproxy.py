"""Reliability matrix item 14: two instances behind a real HTTP/2 load balancer.

The test starts HAProxy (Debian's package, see scripts/deps.sh) with a
generated config: an HTTP-mode frontend speaking h2 on a loopback port,
round-robin over two debrief-server instances reached with proto h2, TCP
health checks, redispatch on connection failure, and a response header
naming the instance that served each call (x-debrief-backend).

* A Converse conversation moves to the other instance when the one serving
  it is killed with SIGKILL in the middle of a turn: the client reopens
  through HAProxy with resume_after_seq and re-sends its pending answer;
  nothing is lost or duplicated, and the interview completes.
* A notification raised on one instance (session completed) reaches
  WatchNotifications watchers connected through HAProxy to either instance.
"""
import collections
import os
import shutil
import signal
import subprocess
import time
import uuid

import grpc
import pytest

from conftest import Client, Server, db_url_for, free_port, grpc_serving
from debrief.v1 import conversation_service_pb2 as cpb
from debrief.v1 import session_service_pb2 as spb
from debrief.v1 import types_pb2 as types
from test_conversation import SimUser, Stream, create, load_case, wait_for_seq_above
from test_llm_conversation import frames_until_question
from test_notifications import Watch, client_for, complete_session

HAPROXY = shutil.which("haproxy") or "/usr/sbin/haproxy"
HEADER = "x-debrief-backend"
CONFIG = """\
global
    maxconn 512

defaults
    mode http
    timeout connect 200ms
    timeout client 120s
    timeout server 120s
    timeout check 1s
    retries 3
    option redispatch 1
    retry-on conn-failure empty-response

frontend grpc_in
    bind 127.0.0.1:{port} proto h2
    default_backend debrief

backend debrief
    balance roundrobin
    http-response set-header {header} %[srv_name]
    server a {a} proto h2 check inter 250ms fall 1 rise 1
    server b {b} proto h2 check inter 250ms fall 1 rise 1
"""


class Balancer:
    """HAProxy in front of two servers; quacks like a Server for conftest.Client."""

    def __init__(self, servers, log_dir):
        self.port = free_port()
        self.addr = "127.0.0.1:%d" % self.port
        self.names = {"a": servers[0], "b": servers[1]}
        self.cfg = os.path.join(log_dir, "haproxy-%d.cfg" % self.port)
        with open(self.cfg, "w") as f:
            f.write(CONFIG.format(port=self.port, header=HEADER, a=servers[0].addr,
                                  b=servers[1].addr))
        self.log_path = os.path.join(log_dir, "haproxy-%d.log" % self.port)
        self.proc = None

    def start(self, timeout=15):
        if not os.access(HAPROXY, os.X_OK):
            pytest.skip("haproxy is not installed (scripts/deps.sh installs it)")
        subprocess.run([HAPROXY, "-c", "-q", "-f", self.cfg], check=True, capture_output=True)
        self.log = open(self.log_path, "w")
        self.proc = subprocess.Popen([HAPROXY, "-db", "-f", self.cfg], stdout=self.log,
                                     stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL)
        deadline = time.time() + timeout
        while time.time() < deadline:
            assert self.proc.poll() is None, open(self.log_path).read()
            if grpc_serving(self.addr):
                return self
            time.sleep(0.1)
        raise RuntimeError("haproxy did not pass a health check through:\n" +
                           open(self.log_path).read())

    def stop(self):
        if self.proc and self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()

    def channel(self):
        return grpc.insecure_channel(self.addr)

    def token(self, *args, **kw):
        return self.names["a"].token(*args, **kw)


def backend_of(call):
    return dict(call.initial_metadata()).get(HEADER)


@pytest.fixture(scope="module")
def cluster():
    db = db_url_for("it_reliability_haproxy")
    log_dir = os.environ.get("DEBRIEF_TEST_LOG_DIR", "/tmp")
    a = Server(db, log_name="rel-lb-a").start()
    b = Server(db, log_name="rel-lb-b").start()
    lb = Balancer([a, b], log_dir)
    try:
        lb.start()
        yield lb, a, b
    finally:
        lb.stop()
        codes = [s.stop() for s in (a, b)]
    assert codes == [0, 0]


def test_notification_reaches_watchers_on_both_instances(cluster):
    lb, a, b = cluster
    via_lb = client_for(lb)
    direct = Client(a, a.token(via_lb.user_id, "member", "team-a"))
    watches = [Watch(via_lb), Watch(via_lb)]  # round robin: one on each instance
    try:
        time.sleep(1.0)  # let both watches register
        t0 = time.monotonic()
        sid = complete_session(direct)  # raised on instance a only
        got = [w.collect(2, timeout=15) for w in watches]
        latency_ms = (time.monotonic() - t0) * 1000
        served_by = sorted(backend_of(w.call) for w in watches)
        assert served_by == ["a", "b"], served_by
        for ns in got:
            assert [n.kind for n in ns] == [types.NOTIFICATION_KIND_SESSION_COMPLETED,
                                            types.NOTIFICATION_KIND_INSIGHTS_READY]
            assert all(n.session_id == sid for n in ns)
        assert [n.id for n in got[0]] == [n.id for n in got[1]]
        print("\nFIGURE: haproxy-notify watchers_via=%s delivered=%d/%d "
              "complete_to_delivery_ms=%.0f" % (",".join(served_by),
                                                sum(len(g) for g in got), 4, latency_ms))
    finally:
        for w in watches:
            w.call.cancel()
        via_lb.close()
        direct.close()


def reopen(client, sid, seen, attempts=20):
    """Opens Converse through the balancer, retrying while no instance answers."""
    for i in range(attempts):
        s = Stream(client, timeout=120)
        s.send(open=cpb.OpenFrame(session_id=sid, resume_after_seq=seen))
        try:
            f = s.recv(timeout=10)
            assert f.WhichOneof("frame") == "snapshot", f
            return s, f.snapshot, i
        except EOFError:
            assert s.error.code() in (grpc.StatusCode.UNAVAILABLE, grpc.StatusCode.ABORTED), \
                s.error
            time.sleep(0.1 * (i + 1))
    raise AssertionError("could not reopen the conversation through the balancer")


def test_conversation_moves_when_its_instance_is_killed(cluster):
    lb, a, b = cluster
    case = load_case("debrief-sample-1")
    c = Client(lb, lb.token("roaming-" + uuid.uuid4().hex[:6], "member", "team-a"))
    user = SimUser(case)
    seen_seqs = []  # every seq the client received live or replayed, in order
    acked = {}
    moves = []
    try:
        sess = create(c, case)
        s, snap, _ = reopen(c, sess.id, 0)
        seen = snap.session.last_seq
        targets = list(snap.pending_question.target_fields)
        pending = None
        done = False
        for turn in range(40):
            if pending is None:
                text = case["opening"] if turn == 0 else user.reply(targets)
                pending = ("lb%d" % turn, text)
            s.send(answer=cpb.AnswerFrame(client_msg_id=pending[0], text=pending[1]))
            if turn in (2, 5):
                # Kill the instance serving this stream: at turn 2 while the answer
                # is in flight; at turn 5 once it is committed but before the client
                # has processed the frames (they must come back as a replay).
                vname = backend_of(s.call)
                victim = lb.names[vname]
                unread = turn == 5
                if unread:
                    wait_for_seq_above(c, sess.id, seen)
                t_kill = time.monotonic()
                victim.proc.send_signal(signal.SIGKILL)
                victim.proc.wait(10)
                try:
                    while True:
                        f = s.recv(timeout=15)
                        if unread:
                            continue  # lost with the client's buffers
                        seen_seqs.append(f.seq)
                        seen = max(seen, f.seq)
                        if f.WhichOneof("frame") == "ack":
                            acked[f.ack.client_msg_id] = f.ack.seq
                except EOFError:
                    code = s.error.code()
                s, snap, tries = reopen(c, sess.id, seen)
                survivor = backend_of(s.call)
                frames = [s.recv() for _ in range(snap.session.last_seq - seen)]
                assert all(f.replayed for f in frames)
                moves.append(((time.monotonic() - t_kill) * 1000, code.name, tries,
                              len(frames), survivor != vname))
                # A fresh process on the same port, back in the pool (its own log).
                victim.log_path = victim.log_path[:-4] + "-restart%d.log" % turn
                victim.start()
                # The pending answer is re-sent: acked once, whatever the kill interrupted.
                # Committed before the kill, its ack and question are in the replay and
                # the re-send gets a duplicate ack alone; otherwise a whole new turn.
                s.send(answer=cpb.AnswerFrame(client_msg_id=pending[0], text=pending[1]))
                f = s.recv()
                assert f.WhichOneof("frame") == "ack", f
                frames += [f] if f.ack.duplicate else [f] + frames_until_question(s)
            else:
                frames = frames_until_question(s)
            for f in frames:
                kind = f.WhichOneof("frame")
                if kind == "ack" and f.ack.duplicate:
                    assert acked.get(f.ack.client_msg_id) == f.ack.seq, f
                    continue  # a re-sent answer's ack repeats a seq already seen
                seen_seqs.append(f.seq)
                seen = max(seen, f.seq)
                if kind == "ack":
                    acked[f.ack.client_msg_id] = f.ack.seq
                elif kind == "question":
                    targets = list(f.question.target_fields)
                elif kind == "completed":
                    done = True
            pending = None
            if done:
                break
        s.close()
        assert done, "the interview never completed"
        first = seen_seqs[0]
        assert seen_seqs == list(range(first, first + len(seen_seqs))), \
            "a seq was skipped or delivered twice: %s" % seen_seqs
        hist = c.call(c.sessions.GetSessionHistory,
                      spb.GetSessionHistoryRequest(session_id=sess.id, page_size=500))
        answers = collections.Counter(m.client_msg_id for m in hist.messages
                                      if m.kind == types.MESSAGE_KIND_ANSWER)
        lost = sum(1 for cid, seq in acked.items()
                   if [m.seq for m in hist.messages if m.client_msg_id == cid
                       and m.kind == types.MESSAGE_KIND_ANSWER] != [seq])
        duplicated = sum(n - 1 for n in answers.values() if n > 1)
        print("\nFIGURE: haproxy-failover moves=%d answers=%d lost=%d duplicated=%d "
              "reconnect_ms=%s stream_status=%s reopen_retries=%s replayed=%s" % (
                  len(moves), len(answers), lost, duplicated,
                  ",".join("%.0f" % m[0] for m in moves), ",".join(m[1] for m in moves),
                  ",".join(str(m[2]) for m in moves), ",".join(str(m[3]) for m in moves)))
        assert len(moves) == 2 and all(m[4] for m in moves), moves
        assert moves[1][3] > 0, "the committed, unread frames were not replayed"
        assert lost == 0 and duplicated == 0
        assert set(answers) == set(acked)
    finally:
        c.close()
        for srv in (a, b):
            if srv.proc.poll() is not None:
                srv.start()  # leave both running for the fixture's clean stop
