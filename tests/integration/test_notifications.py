"""NotificationService and the session sweeper end to end.

WatchNotifications delivers session_completed and insights_ready live (via
LISTEN/NOTIFY), replays after after_id, filters by kind, survives a
database restart, and ends cleanly on client cancel and server shutdown.
The sweeper, with timeouts set to seconds, warns an idle session on its
open Converse stream, then expires it; RecoverSession brings it back."""
import os
import queue
import subprocess
import tempfile
import threading
import time
import uuid

import grpc
import pytest

from conftest import SOURCE_DIR, Client, Server, db_url_for, free_port, session_for_case
from debrief.v1 import conversation_service_pb2 as cpb
from debrief.v1 import notification_service_pb2 as npb
from debrief.v1 import notification_service_pb2_grpc as ngrpc
from debrief.v1 import session_service_pb2 as spb
from debrief.v1 import types_pb2 as types

CASE = os.path.join(SOURCE_DIR, "tests", "eval", "cases", "debrief-sample-1.json")
PG = os.path.join(SOURCE_DIR, "scripts", "pg.sh")
K = types  # NotificationKind values live in types


def client_for(server, role="member", team="team-a"):
    uid = "%s-%s" % (role, uuid.uuid4().hex[:8])
    c = Client(server, server.token(uid, role, team))
    c.user_id = uid
    c.notifications = ngrpc.NotificationServiceStub(c.channel)
    return c


def new_session(client):
    return session_for_case(client, CASE)


def complete_session(client):
    sess, case = new_session(client)
    texts = [case["opening"]] + [a["text"] for a in case["answers"].values()]
    texts.append("That's all I have.")
    for i, text in enumerate(texts):
        r = client.call(client.conversation.SendMessage, cpb.SendMessageRequest(
            session_id=sess.id, client_msg_id="m%d" % i, text=text))
        if r.HasField("completed"):
            return sess.id
    raise AssertionError("the interview never completed")


class Watch:
    """A WatchNotifications call read by a helper thread."""

    def __init__(self, client, after_id=0, kinds=(), timeout=120):
        self.q = queue.Queue()
        self.error = None
        self.call = client.notifications.WatchNotifications(
            npb.WatchNotificationsRequest(after_id=after_id, kinds=list(kinds)),
            metadata=client.md, timeout=timeout)
        self.thread = threading.Thread(target=self._read, daemon=True)
        self.thread.start()

    def _read(self):
        try:
            for r in self.call:
                self.q.put(r.notification)
        except grpc.RpcError as e:
            self.error = e
        self.q.put(None)

    def next(self, timeout=10):
        n = self.q.get(timeout=timeout)
        if n is None:
            raise EOFError(self.error)
        return n

    def collect(self, count, timeout=15):
        got, deadline = [], time.time() + timeout
        while len(got) < count:
            got.append(self.next(max(0.1, deadline - time.time())))
        return got

    def quiet(self, seconds=1.0):
        """True when nothing more arrives for a while."""
        try:
            n = self.q.get(timeout=seconds)
        except queue.Empty:
            return True
        self.q.put(n)
        return False

    def ended(self, timeout=15):
        """The status the stream ended with."""
        self.thread.join(timeout)
        assert not self.thread.is_alive(), "the watch did not end"
        return self.error.code() if self.error else grpc.StatusCode.OK


def listed(client, **kw):
    return client.call(client.notifications.ListNotifications,
                       npb.ListNotificationsRequest(**kw))


def code_of(fn):
    with pytest.raises(grpc.RpcError) as e:
        fn()
    return e.value.code(), e.value.details()


# ---- the shared server of the module ----

def test_watch_receives_completion_live(server):
    c = client_for(server)
    w = Watch(c)
    time.sleep(1.0)  # let the watch register before anything happens
    sid = complete_session(c)
    got = w.collect(2)
    assert [n.kind for n in got] == [K.NOTIFICATION_KIND_SESSION_COMPLETED,
                                     K.NOTIFICATION_KIND_INSIGHTS_READY]
    assert all(n.session_id == sid and n.text and n.HasField("create_time") for n in got)
    assert got[0].id < got[1].id
    # A second completion on the same open stream: live again, nothing replayed twice.
    sid2 = complete_session(c)
    more = w.collect(2)
    assert [n.session_id for n in more] == [sid2, sid2]
    assert more[0].id > got[1].id
    assert w.quiet()
    w.call.cancel()  # client cancel: the server unregisters the call
    assert w.ended() == grpc.StatusCode.CANCELLED
    # The server is unaffected: new notifications still flow to a new watch.
    last = more[1].id
    w2 = Watch(c, after_id=last)
    complete_session(c)
    assert [n.kind for n in w2.collect(2)] == [K.NOTIFICATION_KIND_SESSION_COMPLETED,
                                               K.NOTIFICATION_KIND_INSIGHTS_READY]
    w2.call.cancel()
    c.close()


def test_replay_after_id_and_kinds(server):
    c = client_for(server)
    s1 = complete_session(c)
    s2 = complete_session(c)
    feed = listed(c).notifications
    assert len(feed) == 4
    ids = [n.id for n in feed]
    assert ids == sorted(ids, reverse=True), "ListNotifications is newest first"
    oldest = ids[-1]
    w = Watch(c, after_id=oldest)
    got = w.collect(3)
    assert [n.id for n in got] == sorted(ids)[1:]
    assert [n.session_id for n in got] == [s1, s2, s2]
    assert w.quiet()
    w.call.cancel()
    # Only one kind.
    w = Watch(c, after_id=oldest, kinds=[K.NOTIFICATION_KIND_INSIGHTS_READY])
    got = w.collect(2)
    assert all(n.kind == K.NOTIFICATION_KIND_INSIGHTS_READY for n in got)
    assert [n.session_id for n in got] == [s1, s2]
    assert w.quiet()
    w.call.cancel()
    # after_id = 0 means "only new ones": nothing old is replayed.
    w = Watch(c)
    assert w.quiet(1.5)
    w.call.cancel()
    c.close()


def test_list_pages_and_own_only(server):
    c = client_for(server)
    complete_session(c)
    complete_session(c)
    every = [n.id for n in listed(c).notifications]
    seen, token = [], ""
    for _ in range(10):
        r = listed(c, page_size=3, page_token=token)
        seen += [n.id for n in r.notifications]
        token = r.next_page_token
        if not token:
            break
    assert seen == every
    stranger = client_for(server)
    assert not listed(stranger).notifications
    # Another user's page token is refused, not reused.
    r = listed(c, page_size=1)
    code, _ = code_of(lambda: listed(stranger, page_size=1, page_token=r.next_page_token))
    assert code == grpc.StatusCode.INVALID_ARGUMENT
    # A manager sees only their own notifications too.
    mgr = client_for(server, "manager")
    assert not listed(mgr).notifications
    for x in (c, stranger, mgr):
        x.close()


@pytest.mark.parametrize("req,needle", [
    (dict(after_id=-1), "after_id must be"),
    (dict(kinds=[9]), "kinds[0] must be"),
    (dict(kinds=[0]), "kinds[0] must be"),
])
def test_bad_watch(server, req, needle):
    c = client_for(server)
    w = Watch(c, **req)
    assert w.ended() == grpc.StatusCode.INVALID_ARGUMENT
    assert needle in w.error.details()
    c.close()


@pytest.mark.parametrize("req,needle", [
    (dict(page_size=101), "page_size must be between"),
    (dict(page_size=-2), "page_size must be between"),
    (dict(page_token="garbage"), "page_token"),
])
def test_bad_list(server, req, needle):
    c = client_for(server)
    code, details = code_of(lambda: listed(c, **req))
    assert code == grpc.StatusCode.INVALID_ARGUMENT
    assert needle in details
    c.close()


# ---- the sweeper, on a server with timeouts of seconds ----

WARN_S, TIMEOUT_S = 2, 6


class Stream:
    """A Converse call read by a helper thread."""

    def __init__(self, client, timeout=60):
        self.out = queue.Queue()
        self.inbox = queue.Queue()
        self.error = None
        self.call = client.conversation.Converse(iter(self.out.get, None), metadata=client.md,
                                                 timeout=timeout)
        self.thread = threading.Thread(target=self._read, daemon=True)
        self.thread.start()

    def _read(self):
        try:
            for f in self.call:
                self.inbox.put(f)
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

    def close(self):
        self.out.put(None)


@pytest.fixture(scope="module")
def fast_server():
    srv = Server(db_url_for("it_notifications_sweep"), env={
        "DEBRIEF_INACTIVITY_WARNING": str(WARN_S),
        "DEBRIEF_SESSION_TIMEOUT": str(TIMEOUT_S),
    }, log_name="it_notifications_sweep").start()
    yield srv
    if srv.proc.poll() is None:
        assert srv.stop() == 0, srv.read_log()


def test_idle_session_is_warned_then_expired_and_recovered(fast_server):
    c = client_for(fast_server)
    w = Watch(c)
    time.sleep(0.5)
    sess, _ = new_session(c)
    s = Stream(c)
    s.send(open=cpb.OpenFrame(session_id=sess.id))
    snap = s.recv()
    assert snap.WhichOneof("frame") == "snapshot"
    last = snap.snapshot.session.last_seq
    assert snap.snapshot.session.state == types.SESSION_STATE_ACTIVE
    # Idle: an inactivity warning arrives on the open stream, persisted with the next seq.
    t0 = time.time()
    f = s.recv(timeout=WARN_S + 8)
    assert f.WhichOneof("frame") == "warning", f
    assert f.warning.kind == cpb.WARNING_KIND_INACTIVITY
    assert f.warning.message and f.warning.HasField("at")
    assert f.seq == last + 1
    assert time.time() - t0 >= WARN_S - 1.5
    # Next comes expiry, not a second warning: one warning per idle period.
    f = s.recv(timeout=TIMEOUT_S + 8)
    assert f.WhichOneof("frame") == "state", f
    assert f.state.state == types.SESSION_STATE_EXPIRED
    assert f.state.previous == types.SESSION_STATE_ACTIVE
    assert f.seq == last + 2
    got = c.call(c.sessions.GetSession, spb.GetSessionRequest(session_id=sess.id)).session
    assert got.state == types.SESSION_STATE_EXPIRED
    assert got.end_reason and got.last_seq == last + 2
    # Answering an expired session says what to do.
    code, details = code_of(lambda: c.call(c.conversation.SendMessage, cpb.SendMessageRequest(
        session_id=sess.id, client_msg_id="late", text="hello?")))
    assert code == grpc.StatusCode.FAILED_PRECONDITION and "RecoverSession" in details
    s.close()
    # Both notifications reached the live watch, in order.
    kinds = [(n.kind, n.session_id) for n in w.collect(2)]
    assert kinds == [(K.NOTIFICATION_KIND_INACTIVITY_WARNING, sess.id),
                     (K.NOTIFICATION_KIND_SESSION_EXPIRED, sess.id)]
    w.call.cancel()
    # An expired session cannot be opened; the error says how to go on.
    s2 = Stream(c)
    s2.send(open=cpb.OpenFrame(session_id=sess.id, resume_after_seq=last))
    with pytest.raises(EOFError) as e:
        s2.recv()
    assert e.value.args[0].code() == grpc.StatusCode.FAILED_PRECONDITION
    assert "RecoverSession" in e.value.args[0].details()
    s2.close()
    # Recover: ACTIVE again, with a fresh expiry, and the interview carries on.
    r = c.call(c.sessions.RecoverSession, spb.RecoverSessionRequest(session_id=sess.id)).session
    assert r.state == types.SESSION_STATE_ACTIVE
    assert r.expire_time.ToSeconds() > time.time()
    s3 = Stream(c)
    s3.send(open=cpb.OpenFrame(session_id=sess.id, resume_after_seq=last))
    frames = [s3.recv() for _ in range(3)]
    assert frames[0].WhichOneof("frame") == "snapshot"
    assert [(f.WhichOneof("frame"), f.seq, f.replayed) for f in frames[1:]] == [
        ("warning", last + 1, True), ("state", last + 2, True)]
    s3.close()
    c.close()


def test_active_stream_with_heartbeats_is_not_warned(fast_server):
    c = client_for(fast_server)
    sess, _ = new_session(c)
    s = Stream(c)
    s.send(open=cpb.OpenFrame(session_id=sess.id))
    assert s.recv().WhichOneof("frame") == "snapshot"
    end = time.time() + WARN_S * 2 + 2
    while time.time() < end:
        s.send(heartbeat=cpb.HeartbeatFrame())
        time.sleep(0.5)
    assert s.inbox.empty(), "a session kept alive must not be warned"
    got = c.call(c.sessions.GetSession, spb.GetSessionRequest(session_id=sess.id)).session
    assert got.state == types.SESSION_STATE_ACTIVE
    s.close()
    c.close()


def test_watch_ends_cleanly_on_shutdown(fast_server):
    c = client_for(fast_server)
    w = Watch(c)
    time.sleep(0.5)
    t0 = time.time()
    assert fast_server.stop() == 0, fast_server.read_log()
    assert time.time() - t0 < 4, "watch streams must not hold up the shutdown drain"
    assert w.ended() == grpc.StatusCode.UNAVAILABLE
    assert "shutting down" in w.error.details()
    c.close()


# ---- two instances sweeping one database ----

def test_two_sweepers_never_double_work():
    url = db_url_for("it_notifications_two")
    env = {"DEBRIEF_INACTIVITY_WARNING": str(WARN_S), "DEBRIEF_SESSION_TIMEOUT": str(TIMEOUT_S)}
    a = Server(url, env=env, log_name="it_notifications_two_a").start()
    b = Server(url, env=env, log_name="it_notifications_two_b").start()
    try:
        c = client_for(a)
        ids = set()
        for _ in range(24):  # more than one batch
            sess, _ = new_session(c)
            c.call(c.sessions.ResumeSession, spb.ResumeSessionRequest(session_id=sess.id))
            ids.add(sess.id)
        deadline = time.time() + TIMEOUT_S + 20
        while time.time() < deadline:
            got = c.call(c.sessions.ListSessions, spb.ListSessionsRequest(
                page_size=100, states=[types.SESSION_STATE_EXPIRED])).sessions
            if {x.id for x in got} >= ids:
                break
            time.sleep(0.5)
        else:
            raise AssertionError("not every idle session expired")
        feed = listed(c, page_size=100).notifications
        for kind in (K.NOTIFICATION_KIND_INACTIVITY_WARNING, K.NOTIFICATION_KIND_SESSION_EXPIRED):
            per = [n.session_id for n in feed if n.kind == kind]
            assert sorted(per) == sorted(ids), "each session exactly once (kind %d)" % kind
        # Across both instances each session was expired once (SKIP LOCKED splits the work).
        logs = open(a.log_path).read() + open(b.log_path).read()
        assert logs.count('"sweeper.expired"') == len(ids)
        assert logs.count('"sweeper.warned"') == len(ids)
        c.close()
    finally:
        assert a.stop() == 0
        assert b.stop() == 0


# ---- a database restart under an open watch ----

def pg(cmd, cluster, port):
    env = dict(os.environ, DEBRIEF_PG_PORT=str(port))
    return subprocess.run(["bash", PG, cmd, cluster], env=env, check=True, capture_output=True,
                          text=True, stdin=subprocess.DEVNULL).stdout.strip()


def test_watch_survives_database_restart():
    root = os.environ.get("DEBRIEF_TEST_LOG_DIR") or tempfile.gettempdir()
    cluster = os.path.join(root, "pg-notify-" + uuid.uuid4().hex[:6])
    port = free_port()
    pg("start", cluster, port)
    srv = None
    try:
        srv = Server(pg("url", cluster, port), log_name="notify-outage").start()
        c = client_for(srv)
        w = Watch(c)
        time.sleep(0.5)
        pg("stop", cluster, port)
        time.sleep(1.0)
        pg("start", cluster, port)
        # Retry until the pool is back; the hub reconnects on its own and re-scans.
        deadline = time.time() + 30
        while True:
            try:
                sid = complete_session(c)
                break
            except grpc.RpcError as e:
                if e.code() != grpc.StatusCode.UNAVAILABLE or time.time() > deadline:
                    raise
                time.sleep(0.5)
        got = w.collect(2, timeout=30)
        assert [(n.kind, n.session_id) for n in got] == [
            (K.NOTIFICATION_KIND_SESSION_COMPLETED, sid), (K.NOTIFICATION_KIND_INSIGHTS_READY, sid)]
        w.call.cancel()
        c.close()
        assert srv.stop() == 0, srv.read_log()
    finally:
        if srv and srv.proc and srv.proc.poll() is None:
            srv.proc.kill()
        try:
            pg("stop", cluster, port)
        except subprocess.CalledProcessError:
            pass
