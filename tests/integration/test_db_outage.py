"""A database outage while the server runs: calls fail fast with
UNAVAILABLE, and the server recovers by itself when PostgreSQL returns."""
import os
import subprocess
import tempfile
import time
import uuid

import grpc
import pytest

from conftest import SOURCE_DIR, Client, Server, free_port
from debrief.v1 import session_service_pb2 as spb
from debrief.v1 import types_pb2 as types

PG = os.path.join(SOURCE_DIR, "scripts", "pg.sh")


def pg(cmd, cluster, port):
    env = dict(os.environ, DEBRIEF_PG_PORT=str(port))
    out = subprocess.run(["bash", PG, cmd, cluster], env=env, check=True, capture_output=True,
                         text=True, stdin=subprocess.DEVNULL)
    return out.stdout.strip()


@pytest.fixture
def private_cluster():
    root = os.environ.get("DEBRIEF_TEST_LOG_DIR") or tempfile.gettempdir()
    cluster = os.path.join(root, "pg-outage-" + uuid.uuid4().hex[:6])
    port = free_port()
    pg("start", cluster, port)
    url = pg("url", cluster, port)
    yield cluster, port, url
    try:
        pg("stop", cluster, port)
    except subprocess.CalledProcessError:
        pass


def test_database_outage_and_recovery(private_cluster):
    cluster, port, url = private_cluster
    srv = Server(url, log_name="outage").start()
    c = Client(srv, srv.token("outage-user", "member", "team-a"))
    try:
        s = c.call(c.sessions.CreateSession, spb.CreateSessionRequest(
            template_slug="sales_debrief", subject=types.Subject(kind="meeting", key="k"))).session

        pg("stop", cluster, port)
        t0 = time.time()
        with pytest.raises(grpc.RpcError) as e:
            c.call(c.sessions.GetSession, spb.GetSessionRequest(session_id=s.id), timeout=20)
        assert e.value.code() == grpc.StatusCode.UNAVAILABLE
        assert "database" in e.value.details().lower()
        assert time.time() - t0 < 15, "an outage must fail fast, not hang"
        # The client learns what to do, never where the database lives.
        for secret in (str(port), cluster, "socket", "connection to server", "127.0.0.1"):
            assert secret not in e.value.details(), e.value.details()
        more = []
        for _ in range(3):  # later calls take the reconnect backoff path
            with pytest.raises(grpc.RpcError) as e2:
                c.call(c.sessions.GetSession, spb.GetSessionRequest(session_id=s.id), timeout=20)
            more.append(e2.value.details())
        assert not any(str(port) in d or cluster in d for d in more), more
        assert "db.connect_failed" in srv.read_log() or "db.error" in srv.read_log()

        pg("start", cluster, port)
        deadline = time.time() + 30
        while True:
            try:
                got = c.call(c.sessions.GetSession, spb.GetSessionRequest(session_id=s.id))
                break
            except grpc.RpcError as err:
                assert err.code() == grpc.StatusCode.UNAVAILABLE
                assert time.time() < deadline, "server did not recover after the database returned"
                time.sleep(0.5)
        assert got.session.id == s.id
    finally:
        c.close()
        assert srv.stop() == 0


def cluster_pids(cluster):
    """The postmaster and every backend of a cluster."""
    with open(os.path.join(cluster, "data", "postmaster.pid")) as f:
        master = int(f.readline())
    out = subprocess.run(["ps", "-o", "pid=", "--ppid", str(master)], capture_output=True,
                         text=True).stdout.split()
    return [master] + [int(p) for p in out]


def test_frozen_database_fails_calls_within_the_step_budget(private_cluster):
    """A database host that stops answering without closing anything (as in a
    network partition; here every PostgreSQL process is stopped with SIGSTOP,
    so the sockets stay open and nothing is refused) must not hang calls:
    they fail within the step budget, and the server recovers afterwards."""
    import signal
    cluster, port, url = private_cluster
    srv = Server(url, log_name="frozen", env={"DEBRIEF_STEP_TIMEOUT_MS": "2000"}).start()
    c = Client(srv, srv.token("frozen-user", "member", "team-a"))
    pids = []
    try:
        s = c.call(c.sessions.CreateSession, spb.CreateSessionRequest(
            template_slug="sales_debrief", subject=types.Subject(kind="meeting", key="k"))).session
        pids = cluster_pids(cluster)
        for p in pids:
            os.kill(p, signal.SIGSTOP)
        took = []
        for _ in range(2):  # the pooled connection, then a fresh connection attempt
            t0 = time.time()
            with pytest.raises(grpc.RpcError) as e:
                c.call(c.sessions.GetSession, spb.GetSessionRequest(session_id=s.id), timeout=30)
            took.append(time.time() - t0)
            assert e.value.code() in (grpc.StatusCode.DEADLINE_EXCEEDED,
                                      grpc.StatusCode.UNAVAILABLE), e.value.details()
        assert max(took) < 5, took  # the 2 s budget + 1 s of client-side grace + slack
        assert srv.proc.poll() is None
        # Health and other work are not stuck behind it.
        for p in pids:
            os.kill(p, signal.SIGCONT)
        pids = []
        deadline = time.time() + 20
        while True:
            try:
                c.call(c.sessions.GetSession, spb.GetSessionRequest(session_id=s.id))
                break
            except grpc.RpcError:
                assert time.time() < deadline, "no recovery after the database thawed"
                time.sleep(0.3)
        print("FIGURE: frozen-db step_budget_ms=2000 failed_after_s=%s recovered=yes" %
              ",".join("%.2f" % t for t in took))
    finally:
        for p in pids:
            os.kill(p, signal.SIGCONT)
        c.close()
        assert srv.stop() == 0
