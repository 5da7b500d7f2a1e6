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
