"""Shared fixtures for debrief's integration tests.

Each test module gets its own PostgreSQL database inside the ctest fixture
cluster and starts the real debrief-server binary against it on a free
loopback port. Clients are real gRPC clients generated from proto/ at the
start of the run.
"""
import base64
import hashlib
import hmac
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.parse
import uuid

import pytest

SOURCE_DIR = os.environ.get("DEBRIEF_SOURCE_DIR") or os.path.abspath(
    os.path.join(os.path.dirname(__file__), "..", ".."))
SERVER_BIN = os.environ.get("DEBRIEF_SERVER_BIN", os.path.join(SOURCE_DIR, "build", "server",
                                                               "debrief-server"))
GATEWAY_BIN = os.environ.get("DEBRIEF_GATEWAY_BIN", os.path.join(SOURCE_DIR, "build", "gateway",
                                                                 "debrief-gateway"))
GEN_DIR = os.environ.get("DEBRIEF_PY_GEN", os.path.join(SOURCE_DIR, "build", "py-gen"))
GOOGLEAPIS = os.environ.get("DEBRIEF_GOOGLEAPIS_DIR",
                            "/usr/share/gocode/src/github.com/gogo/googleapis")
JWT_SECRET = "integration-test-secret-0123456789abcdef"
TSAN_MARK = "WARNING: ThreadSanitizer"
_started_logs = []  # every server log of this run, scanned for TSan reports


def _generate_stubs():
    """Generates Python stubs once per build (guarded by a stamp of the proto mtimes)."""
    from grpc_tools import protoc
    import grpc_tools
    protos = []
    for root, _, files in os.walk(os.path.join(SOURCE_DIR, "proto")):
        protos += [os.path.relpath(os.path.join(root, f), os.path.join(SOURCE_DIR, "proto"))
                   for f in files if f.endswith(".proto")]
    stamp_val = ",".join(sorted("%s:%d" % (p, os.stat(os.path.join(SOURCE_DIR, "proto", p)).st_mtime_ns)
                                for p in protos))
    stamp = os.path.join(GEN_DIR, ".stamp")
    if os.path.exists(stamp) and open(stamp).read() == stamp_val:
        return
    tmp = GEN_DIR + ".tmp%d" % os.getpid()
    os.makedirs(tmp, exist_ok=True)
    wkt = os.path.join(os.path.dirname(grpc_tools.__file__), "_proto")
    args = ["protoc", "-I" + os.path.join(SOURCE_DIR, "proto"), "-I" + GOOGLEAPIS,
            "-I" + wkt, "--python_out=" + tmp, "--grpc_python_out=" + tmp]
    if protoc.main(args + protos) != 0:
        raise RuntimeError("generating Python stubs failed")
    for d, _, _ in os.walk(tmp):
        open(os.path.join(d, "__init__.py"), "a").close()
    os.remove(os.path.join(tmp, "__init__.py"))
    # google/api comes from googleapis-common-protos; do not shadow the google package.
    shutil.rmtree(os.path.join(tmp, "google"), ignore_errors=True)
    open(os.path.join(tmp, ".stamp"), "w").write(stamp_val)
    if os.path.exists(GEN_DIR):
        shutil.rmtree(GEN_DIR, ignore_errors=True)
    try:
        os.rename(tmp, GEN_DIR)
    except OSError:
        shutil.rmtree(tmp, ignore_errors=True)  # a parallel run won the race


_generate_stubs()
sys.path.insert(0, GEN_DIR)

import grpc  # noqa: E402
from debrief.v1 import session_service_pb2 as spb  # noqa: E402,F401
from debrief.v1 import session_service_pb2_grpc as sgrpc  # noqa: E402
from debrief.v1 import template_service_pb2_grpc as tgrpc  # noqa: E402
from debrief.v1 import conversation_service_pb2_grpc as cgrpc  # noqa: E402
from debrief.v1 import insight_service_pb2_grpc as igrpc  # noqa: E402
from grpc_health.v1 import health_pb2, health_pb2_grpc  # noqa: E402


def b64url(data):
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def make_jwt(claims, secret=JWT_SECRET, alg="HS256", sign=True):
    """Crafts a JWT by hand, so tests can build broken ones too."""
    header = b64url(json.dumps({"alg": alg, "typ": "JWT"}).encode())
    body = b64url(json.dumps(claims).encode())
    signing = (header + "." + body).encode()
    if alg == "none" or not sign:
        return header + "." + body + "."
    sig = hmac.new(secret.encode(), signing, hashlib.sha256).digest()
    return header + "." + body + "." + b64url(sig)


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def db_url_for(name):
    """A fresh database named `name` in the fixture cluster."""
    base = os.environ.get("DEBRIEF_TEST_DATABASE_URL")
    if not base:
        pytest.skip("DEBRIEF_TEST_DATABASE_URL is not set (run through ctest)")
    subprocess.run(["psql", base, "-v", "ON_ERROR_STOP=1", "-qc",
                    'DROP DATABASE IF EXISTS "%s" WITH (FORCE)' % name], check=True)
    subprocess.run(["psql", base, "-v", "ON_ERROR_STOP=1", "-qc",
                    'CREATE DATABASE "%s"' % name], check=True)
    u = urllib.parse.urlsplit(base)
    return urllib.parse.urlunsplit((u.scheme, u.netloc, "/" + name, u.query, u.fragment))


class _Process:
    """What Server and Gateway share: the log and a clean stop."""

    log_path = None
    proc = None

    def read_log(self):
        try:
            return open(self.log_path).read()[-8000:]
        except OSError:
            return ""

    def stop(self, timeout=15):
        """SIGTERM, then wait; returns the exit code."""
        if not self.proc or self.proc.poll() is not None:
            return self.proc.returncode if self.proc else 0
        self.proc.send_signal(signal.SIGTERM)
        try:
            return self.proc.wait(timeout)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()
            raise


class Server(_Process):
    """One debrief-server process."""

    def __init__(self, db_url, env=None, log_name="server"):
        self.port = free_port()
        self.addr = "127.0.0.1:%d" % self.port
        self.env = dict(os.environ)
        self.env.update({
            "DEBRIEF_GRPC_ADDR": self.addr,
            "DEBRIEF_DATABASE_URL": db_url,
            "DEBRIEF_JWT_SECRET": JWT_SECRET,
            "DEBRIEF_DATA_DIR": SOURCE_DIR,
            "DEBRIEF_LOG_LEVEL": "info",
            # No NOT_SERVING window before GOAWAY unless a test asks for one:
            # nothing balances load across these servers.
            "DEBRIEF_DRAIN_MS": "0",
        })
        self.env.pop("DEBRIEF_DEV_MODE", None)
        if env:
            self.env.update(env)
        self.log_path = os.path.join(os.environ.get("DEBRIEF_TEST_LOG_DIR", "/tmp"),
                                     "%s-%d.log" % (log_name, self.port))
        self.proc = None

    def start(self, timeout=30, tries=3):
        self.log = open(self.log_path, "w")
        _started_logs.append(self.log_path)
        self.proc = subprocess.Popen([SERVER_BIN], env=self.env, stdout=self.log,
                                     stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL)
        deadline = time.time() + timeout
        while time.time() < deadline:
            if self.proc.poll() is not None:
                log = self.read_log()
                # free_port() only finds a port free at that moment: a server
                # of a test running alongside may take it first. The server
                # does not share a port (no SO_REUSEPORT), so it exits; try
                # another.
                if tries > 1 and "cannot listen on" in log:
                    self.log.close()
                    self.port = free_port()
                    self.addr = "127.0.0.1:%d" % self.port
                    self.env["DEBRIEF_GRPC_ADDR"] = self.addr
                    self.log_path = self.log_path.rsplit("-", 1)[0] + "-%d.log" % self.port
                    return self.start(timeout, tries - 1)
                raise RuntimeError("server exited with %d:\n%s" % (self.proc.returncode, log))
            try:
                with grpc.insecure_channel(self.addr) as ch:
                    r = health_pb2_grpc.HealthStub(ch).Check(health_pb2.HealthCheckRequest(),
                                                              timeout=1)
                    if r.status == health_pb2.HealthCheckResponse.SERVING:
                        return self
            except grpc.RpcError:
                pass
            time.sleep(0.1)
        raise RuntimeError("server did not become healthy:\n" + self.read_log())

    def token(self, user, role="member", team="team-a", ttl=3600):
        out = subprocess.run([SERVER_BIN, "token", "--user", user, "--role", role, "--team", team,
                              "--ttl", str(ttl)], env=self.env, check=True, capture_output=True,
                             text=True)
        return out.stdout.strip()

    def channel(self):
        return grpc.insecure_channel(self.addr, options=[
            ("grpc.max_send_message_length", 64 * 1024 * 1024)])


def session_for_case(client, case_path):
    """Creates a session for an evaluation case (its template, a fresh subject key, its context
    as the attributes); returns (session, case)."""
    from google.protobuf import struct_pb2
    from debrief.v1 import types_pb2 as types
    with open(case_path) as f:
        case = json.load(f)
    attrs = struct_pb2.Struct()
    attrs.update(case["context"])
    subject = types.Subject(kind="meeting", key="account:" + uuid.uuid4().hex[:8],
                            title=case["context"]["title"], attributes=attrs)
    sess = client.call(client.sessions.CreateSession, spb.CreateSessionRequest(
        template_slug=case["template"], subject=subject)).session
    return sess, case


class Client:
    """Stubs bound to one channel and one bearer token."""

    def __init__(self, server, token):
        self.channel = server.channel()
        self.md = [("authorization", "Bearer " + token)] if token else []
        self.sessions = sgrpc.SessionServiceStub(self.channel)
        self.templates = tgrpc.TemplateServiceStub(self.channel)
        self.conversation = cgrpc.ConversationServiceStub(self.channel)
        self.insights = igrpc.InsightServiceStub(self.channel)

    def call(self, method, request, timeout=10):
        return method(request, metadata=self.md, timeout=timeout)

    def close(self):
        self.channel.close()


class Gateway(_Process):
    """One debrief-gateway process in front of a Server."""

    def __init__(self, server, env=None, log_name="gateway"):
        self.port = free_port()
        self.url = "http://127.0.0.1:%d" % self.port
        self.ws_url = "ws://127.0.0.1:%d" % self.port
        self.env = dict(os.environ)
        self.env.update({
            "DEBRIEF_HTTP_ADDR": "127.0.0.1:%d" % self.port,
            "DEBRIEF_GATEWAY_UPSTREAM": server.addr,
            "DEBRIEF_LOG_LEVEL": "info",
        })
        if env:
            self.env.update(env)
        self.log_path = os.path.join(os.environ.get("DEBRIEF_TEST_LOG_DIR", "/tmp"),
                                     "%s-%d.log" % (log_name, self.port))
        self.proc = None

    def start(self, timeout=20):
        import urllib.request
        self.log = open(self.log_path, "w")
        _started_logs.append(self.log_path)
        self.proc = subprocess.Popen([GATEWAY_BIN], env=self.env, stdout=self.log,
                                     stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL)
        deadline = time.time() + timeout
        while time.time() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError("gateway exited with %d:\n%s" % (self.proc.returncode,
                                                                     self.read_log()))
            try:
                with urllib.request.urlopen(self.url + "/healthz", timeout=1) as r:
                    if r.status == 200:
                        return self
            except OSError:
                pass
            time.sleep(0.05)
        raise RuntimeError("gateway did not come up:\n" + self.read_log())

    def alive(self):
        return self.proc is not None and self.proc.poll() is None


@pytest.fixture(scope="module")
def gateway(server):
    gw = Gateway(server).start()
    yield gw
    code = gw.stop()
    assert code == 0, "gateway did not shut down cleanly:\n" + gw.read_log()


@pytest.fixture(scope="module")
def server(request):
    name = "it_" + request.module.__name__.split(".")[-1].replace("test_", "")[:40]
    srv = Server(db_url_for(name), log_name=name).start()
    yield srv
    code = srv.stop()
    assert code == 0, "server did not shut down cleanly:\n" + srv.read_log()


@pytest.fixture(scope="module", autouse=True)
def no_tsan_reports():
    """Fails the module if a server it started logged a ThreadSanitizer report.

    Under scripts/test.sh --tsan a report also makes the server exit 66, which
    stop() callers catch; this catches the servers a test killed or left
    running. Normal builds never write the mark, so this never fires there.
    """
    first = len(_started_logs)
    yield
    bad = []
    for path in _started_logs[first:]:
        try:
            text = open(path, errors="replace").read()
        except OSError:
            continue
        i = text.find(TSAN_MARK)
        if i >= 0:
            bad.append("%s:\n%s" % (path, text[i:i + 6000]))
    assert not bad, "ThreadSanitizer reported in a server log:\n" + "\n\n".join(bad)


@pytest.fixture
def user_id():
    return "user-" + uuid.uuid4().hex[:10]


@pytest.fixture
def member(server, user_id):
    c = Client(server, server.token(user_id, "member", "team-a"))
    c.user_id = user_id
    yield c
    c.close()


def grpc_serving(addr, timeout=1):
    """True when addr answers a gRPC health check with SERVING (for processes
    other than debrief-server itself, such as a load balancer in front of it)."""
    try:
        with grpc.insecure_channel(addr) as ch:
            r = health_pb2_grpc.HealthStub(ch).Check(health_pb2.HealthCheckRequest(),
                                                      timeout=timeout)
    except grpc.RpcError:
        return False
    return r.status == health_pb2.HealthCheckResponse.SERVING
