"""Reliability matrix item 3: `pg_ctl stop -m immediate` under load.

Several clients take turns (three over SendMessage, one over Converse)
against one debrief-server while PostgreSQL is stopped with -m immediate
(no checkpoint, no goodbye to clients: crash recovery on the next start),
held down for a moment, then started again. Meanwhile clients must see
UNAVAILABLE and nothing else; they retry the same answer (same
client_msg_id) until it is acknowledged. Measured: the time from the
database accepting connections again to the first successful turn (goal
<= 5 s) and to every client's first successful turn. At the end every
acknowledged answer is stored exactly once.

The cluster is test_db_outage.py's private one, not the shared ctest
fixture, so other test modules running in parallel are not disturbed. It
runs with fsync on: an immediate stop must not lose a committed answer.
"""
import collections
import glob
import os
import queue
import subprocess
import threading
import time

import grpc
import pytest

from conftest import Client, Server
from debrief.v1 import conversation_service_pb2 as cpb
from debrief.v1 import session_service_pb2 as spb
from debrief.v1 import types_pb2 as types
from test_conversation import SimUser, Stream, create, load_case
from test_db_outage import pg, private_cluster  # noqa: F401 (a fixture)
from test_llm_conversation import frames_until_question

CASE = load_case("debrief-sample-1")
SEND_CLIENTS = 3
GOAL_MS = 5000


def pg_stop_immediate(cluster):
    bindir = sorted(glob.glob("/usr/lib/postgresql/*/bin"),
                    key=lambda p: [int(x) for x in p.split("/")[-2].split(".") if x.isdigit()])[-1]
    cmd = [os.path.join(bindir, "pg_ctl"), "stop", "-D", os.path.join(cluster, "data"),
           "-m", "immediate", "-w", "-t", "30"]
    if os.getuid() == 0:
        cmd = ["runuser", "-u", "postgres", "--"] + cmd  # as scripts/pg.sh does
    subprocess.run(cmd, check=True, capture_output=True, stdin=subprocess.DEVNULL)


@pytest.fixture(autouse=True)
def fsync_on(monkeypatch):
    """The private cluster runs with fsync on (autouse: set before it starts)."""
    monkeypatch.delenv("DEBRIEF_PG_FAST", raising=False)


class Load:
    """Shared bookkeeping of the client threads."""

    def __init__(self):
        self.mu = threading.Lock()
        self.stop = threading.Event()
        self.acked = {}  # (session, client_msg_id) -> seq
        self.ok_times = collections.defaultdict(list)  # worker -> success end times
        self.codes = collections.Counter()
        self.fail_times = []
        self.unexpected = []
        self.sessions = set()

    def ok(self, worker, sid, cid, seq):
        with self.mu:
            prev = self.acked.setdefault((sid, cid), seq)
            assert prev == seq, (cid, prev, seq)
            self.ok_times[worker].append(time.monotonic())

    def failed(self, worker, code, details):
        with self.mu:
            self.codes[code.name] += 1
            self.fail_times.append(time.monotonic())
            if code != grpc.StatusCode.UNAVAILABLE:
                self.unexpected.append((worker, code.name, details))


def send_worker(load, client, worker):
    sess = iv = None
    cid = text = None
    for turn in range(100000):
        if load.stop.is_set():
            return
        try:
            if sess is None:
                sess = create(client, CASE)
                with load.mu:
                    load.sessions.add(sess.id)
                iv, text = SimUser(CASE), CASE["opening"]
            if cid is None:
                cid = "%s-%d" % (worker, turn)
            r = client.call(client.conversation.SendMessage, cpb.SendMessageRequest(
                session_id=sess.id, client_msg_id=cid, text=text), timeout=5)
            load.ok(worker, sess.id, cid, r.ack.seq)
            cid = None
            if r.HasField("completed") or r.session.state != types.SESSION_STATE_ACTIVE:
                sess = None
            else:
                text = iv.reply(list(r.next_question.target_fields))
        except grpc.RpcError as e:
            load.failed(worker, e.code(), e.details())
            load.stop.wait(0.1)  # then the same answer again


def converse_worker(load, client, worker):
    sid, user, seen, pending, targets, n = None, None, 0, None, [], 0
    for _ in range(100000):
        if load.stop.is_set():
            return
        try:
            if sid is None:
                sid = create(client, CASE).id
                with load.mu:
                    load.sessions.add(sid)
                user, seen, pending = SimUser(CASE), 0, ("%s-%d" % (worker, n), CASE["opening"])
        except grpc.RpcError as e:
            load.failed(worker, e.code(), e.details())
            load.stop.wait(0.1)
            continue
        s = Stream(client, timeout=120)
        s.send(open=cpb.OpenFrame(session_id=sid, resume_after_seq=seen))
        try:
            snap = s.recv().snapshot
            if seen == 0:  # a fresh session: resume_after_seq 0 replays nothing
                seen = snap.session.last_seq
            frames = [s.recv() for _ in range(snap.session.last_seq - seen)]
            targets = list(snap.pending_question.target_fields)
            if snap.session.state != types.SESSION_STATE_ACTIVE:
                sid = None
            while sid and not load.stop.is_set():
                for f in frames:
                    seen = max(seen, f.seq)
                    kind = f.WhichOneof("frame")
                    if kind == "ack":
                        load.ok(worker, sid, f.ack.client_msg_id, f.ack.seq)
                        if pending and f.ack.client_msg_id == pending[0]:
                            pending = None
                    elif kind == "question":
                        targets = list(f.question.target_fields)
                    elif kind == "completed":
                        sid = None
                if sid is None:
                    break
                if pending is None:
                    n += 1
                    pending = ("%s-%d" % (worker, n), user.reply(targets))
                s.send(answer=cpb.AnswerFrame(client_msg_id=pending[0], text=pending[1]))
                frames = frames_until_question(s)
            s.close()
        except EOFError:
            if s.error is not None:
                load.failed(worker, s.error.code(), s.error.details())
            load.stop.wait(0.1)  # reopen after seen and re-send the pending answer
        except queue.Empty:
            load.failed(worker, grpc.StatusCode.UNKNOWN, "no frame within 20 s")
            s.cancel()


def test_pg_immediate_stop_under_load(private_cluster):
    cluster, port, url = private_cluster
    srv = Server(url, log_name="rel-pg-immediate").start()
    load = Load()
    clients, threads = [], []
    try:
        for i in range(SEND_CLIENTS + 1):
            c = Client(srv, srv.token("immediate-%d" % i, "member", "team-a"))
            clients.append(c)
            fn = converse_worker if i == SEND_CLIENTS else send_worker
            name = ("conv%d" if i == SEND_CLIENTS else "send%d") % i
            threads.append(threading.Thread(target=fn, args=(load, c, name), daemon=True))
        for t in threads:
            t.start()
        time.sleep(2.0)  # load before the stop
        before = sum(len(v) for v in load.ok_times.values())
        assert before > 0, "no turn succeeded before the stop"

        t_stop = time.monotonic()
        pg_stop_immediate(cluster)
        time.sleep(2.0)  # down: clients keep trying
        failed_during = sum(load.codes.values())
        pg("start", cluster, port)  # returns once PostgreSQL accepts connections
        t_back = time.monotonic()

        # Every client gets at least one turn through after the restart (bounded).
        deadline = t_back + 30
        while time.monotonic() < deadline:
            with load.mu:
                firsts = [next((t for t in load.ok_times[w] if t >= t_back), None)
                          for w in list(load.ok_times)]
            if len(firsts) == len(threads) and all(firsts):
                break
            time.sleep(0.05)
        time.sleep(1.0)  # a little more load after recovery
    finally:
        load.stop.set()
        for t in threads:
            t.join(15)
        alive = [t.name for t in threads if t.is_alive()]
    try:
        assert not alive, "client threads did not stop: %s" % alive
        with load.mu:
            firsts = {w: next((t for t in ts if t >= t_back), None)
                      for w, ts in load.ok_times.items()}
        assert all(firsts.values()) and len(firsts) == len(threads), \
            "a client never recovered: %s" % firsts
        first_ms = (min(firsts.values()) - t_back) * 1000
        all_ms = (max(firsts.values()) - t_back) * 1000
        # How fast clients noticed, and how long they kept failing after the restart.
        fails = [t for t in load.fail_times if t >= t_stop]
        noticed_ms = (min(fails) - t_stop) * 1000 if fails else -1
        last_fail_ms = (max(fails) - t_back) * 1000 if fails else -1
        # Nothing acknowledged was lost, nothing stored twice.
        lost = duplicated = 0
        by_session = collections.defaultdict(dict)
        for (sid, cid), seq in load.acked.items():
            by_session[sid][cid] = seq
        for c in clients:
            for sid in load.sessions:
                try:
                    hist = c.call(c.sessions.GetSessionHistory,
                                  spb.GetSessionHistoryRequest(session_id=sid, page_size=500))
                except grpc.RpcError as e:
                    if e.code() == grpc.StatusCode.NOT_FOUND:
                        continue  # another client's session
                    raise
                answers = collections.Counter(m.client_msg_id for m in hist.messages
                                              if m.kind == types.MESSAGE_KIND_ANSWER)
                duplicated += sum(n - 1 for n in answers.values() if n > 1)
                stored = {m.client_msg_id: m.seq for m in hist.messages
                          if m.kind == types.MESSAGE_KIND_ANSWER}
                lost += sum(1 for cid, seq in by_session.pop(sid, {}).items()
                            if stored.get(cid) != seq)
        lost += sum(len(v) for v in by_session.values())  # sessions nobody could read
        print("\nFIGURE: pg-immediate-stop clients=%d down_ms=%.0f first_turn_after_db_back_ms=%.0f "
              "all_clients_after_db_back_ms=%.0f first_failure_after_stop_ms=%.0f "
              "last_failure_after_db_back_ms=%.0f acked=%d lost=%d "
              "duplicated=%d failures_while_down=%s unexpected=%d" % (
                  len(threads), (t_back - t_stop) * 1000, max(0.0, first_ms), all_ms,
                  noticed_ms, last_fail_ms, len(load.acked), lost, duplicated,
                  ",".join("%s:%d" % kv for kv in sorted(load.codes.items())),
                  len(load.unexpected)))
        assert failed_during > 0, "the clients never noticed the outage"
        assert not load.unexpected, load.unexpected[:5]
        assert lost == 0 and duplicated == 0
        assert first_ms <= GOAL_MS, "first turn %.0f ms after the database came back" % first_ms
    finally:
        for c in clients:
            c.close()
        assert srv.stop() == 0, srv.read_log()
