"""The C client library (clients/c) live: runs tests/clients/c/test_interview.c
(cmocka) against the real server and PostgreSQL, through a TCP proxy that
cuts the connection mid-interview, then checks from the server's side that
every answer of the interview with the cut was stored exactly once."""
import collections
import os
import re
import subprocess

from conftest import SERVER_BIN, Client
from tcpproxy import TcpProxy

import debrief.v1.session_service_pb2 as spb
import debrief.v1.types_pb2 as types

BUILD_DIR = os.path.dirname(os.path.dirname(os.path.abspath(SERVER_BIN)))
TEST_BIN = os.path.join(BUILD_DIR, "tests", "test_dbc_interview")
QUICKSTART = os.path.join(BUILD_DIR, "clients", "c", "dbc_quickstart")
SOURCE_DIR = os.environ.get("DEBRIEF_SOURCE_DIR") or os.path.abspath(
    os.path.join(os.path.dirname(__file__), "..", ".."))


def test_c_client_suite(server, user_id):
    token = server.token(user_id, "member", "team-a")
    proxy = TcpProxy(server.port)
    try:
        env = dict(os.environ, DEBRIEF_ADDR="127.0.0.1:%d" % proxy.port, DEBRIEF_TOKEN=token,
                   DBC_TEST_PROXY_CTL=str(proxy.ctl_port))
        out = subprocess.run([TEST_BIN], env=env, capture_output=True, text=True, timeout=240)
    finally:
        proxy.close()
    print(out.stdout, out.stderr)
    assert out.returncode == 0, out.stdout + out.stderr
    assert "[  PASSED  ] 3 test(s)." in out.stdout + out.stderr
    assert proxy.cuts >= 1
    assert "1 reconnects" in out.stderr or "2 reconnects" in out.stderr, out.stderr

    # The server's own view: one stored answer per client_msg_id.
    c = Client(server, token)
    try:
        sessions = c.call(c.sessions.ListSessions, spb.ListSessionsRequest(
            template_slug="sales_debrief", subject_key="account:loomwork")).sessions
        assert len(sessions) == 1
        hist = c.call(c.sessions.GetSessionHistory, spb.GetSessionHistoryRequest(
            session_id=sessions[0].id, page_size=500))
        ids = collections.Counter(m.client_msg_id for m in hist.messages
                                  if m.kind == types.MESSAGE_KIND_ANSWER)
        assert ids and max(ids.values()) == 1, ids
        assert sum(ids.values()) == sessions[0].turn_count
    finally:
        c.close()


def test_readme_example_runs_as_written(server, user_id):
    """clients/README.md shows clients/c/examples/quickstart.c verbatim."""
    src = open(os.path.join(SOURCE_DIR, "clients", "c", "examples", "quickstart.c")).read()
    body = src[src.index("#include <stdio.h>"):]
    assert body in open(os.path.join(SOURCE_DIR, "clients", "README.md")).read()
    env = dict(os.environ, DEBRIEF_ADDR=server.addr,
               DEBRIEF_TOKEN=server.token(user_id, "member", "team-a"))
    out = subprocess.run([QUICKSTART], env=env, capture_output=True, text=True, timeout=30)
    assert out.returncode == 0, out.stderr
    assert re.match(r"created session [0-9a-f-]{36} of sales_debrief v\d+$", out.stdout), out.stdout
    env["DEBRIEF_TOKEN"] = ""
    out = subprocess.run([QUICKSTART], env=env, capture_output=True, text=True, timeout=30)
    assert out.returncode == 1 and "(gRPC 16)" in out.stderr
