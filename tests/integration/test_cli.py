"""The debrief CLI (clients/cli) against the real server: an interactive chat
in a pseudo-terminal with Ctrl-C and a later resume, --json output parsed
here, and exit codes that map the gRPC status (10 + code)."""
import json
import os
import pty
import re
import select
import signal
import subprocess
import time
import uuid

import grpc

from conftest import JWT_SECRET, SERVER_BIN, Client

import debrief.v1.conversation_service_pb2 as cpb
import debrief.v1.export_service_pb2 as epb
import debrief.v1.export_service_pb2_grpc as egrpc
import debrief.v1.session_service_pb2 as spb
import debrief.v1.types_pb2 as types

BUILD_DIR = os.path.dirname(os.path.dirname(os.path.abspath(SERVER_BIN)))
CLI = os.path.join(BUILD_DIR, "clients", "cli", "debrief")
SOURCE_DIR = os.environ.get("DEBRIEF_SOURCE_DIR") or os.path.abspath(
    os.path.join(os.path.dirname(__file__), "..", ".."))


def env_for(server, token):
    env = dict(os.environ, DEBRIEF_ADDR=server.addr, DEBRIEF_TOKEN=token or "")
    env.pop("DEBRIEF_DEV_MODE", None)
    env.pop("DEBRIEF_JWT_SECRET", None)
    return env


def run(env, *args, timeout=30):
    return subprocess.run([CLI, *args], env=env, capture_output=True, text=True, timeout=timeout)


class Pty:
    """The CLI in a pseudo-terminal, as a person would run it."""

    def __init__(self, env, *args):
        self.pid, self.fd = pty.fork()
        if self.pid == 0:
            os.execve(CLI, [CLI, *args], env)
        self.out = ""

    def expect(self, pattern, timeout=20):
        deadline = time.time() + timeout
        rx = re.compile(pattern)
        while True:
            m = rx.search(self.out)
            if m:
                return m
            left = deadline - time.time()
            assert left > 0, "timed out waiting for %r in:\n%s" % (pattern, self.out[-3000:])
            r, _, _ = select.select([self.fd], [], [], left)
            if r:
                try:
                    data = os.read(self.fd, 65536)
                except OSError:
                    data = b""
                if not data:
                    m = rx.search(self.out)
                    assert m, "EOF waiting for %r in:\n%s" % (pattern, self.out[-3000:])
                    return m
                self.out += data.decode(errors="replace")

    def send(self, text):
        os.write(self.fd, text.encode())

    def wait(self, timeout=20):
        deadline = time.time() + timeout
        while time.time() < deadline:
            try:  # drain, so the child never blocks on a full pty
                r, _, _ = select.select([self.fd], [], [], 0.1)
                if r:
                    self.out += os.read(self.fd, 65536).decode(errors="replace")
            except OSError:
                pass
            pid, status = os.waitpid(self.pid, os.WNOHANG)
            if pid:
                os.close(self.fd)
                return os.waitstatus_to_exitcode(status)
        os.kill(self.pid, signal.SIGKILL)
        raise AssertionError("the CLI did not exit:\n" + self.out[-3000:])


ANSWERS = [
    "We agreed on a pilot on 40 trucks; they loved the live map.",
    "Dana Reyes, their VP of operations, and Tom Okafor from IT.",
    "They need real-time tracking and fewer missed deliveries.",
    "Tom worried about the integration effort with their ERP.",
    "They are also looking at Samsara.",
    "Dana said about 120 thousand dollars a year.",
    "Dana decides, with the CFO signing off.",
    "They want to decide by the end of next month.",
    "We're in proposal.",
    "I'll send the pilot plan on Friday and Tom books the IT review.",
    "Positive.",
    "The fleet tracker and the ERP connector.",
]


def start_chat(server, user_id, template, subject):
    """A new chat in a pty, up to its first prompt: (env, token, pty, session id)."""
    token = server.token(user_id, "member", "team-a")
    env = env_for(server, token)
    p = Pty(env, "chat", "--template", template, "--subject", subject)
    sid = p.expect(r"session ([0-9a-f-]{36})").group(1)
    p.expect(r"\n> ")
    return env, token, p, sid


def test_chat_in_a_pty_with_ctrl_c_then_resume(server, user_id):
    env, token, p, sid = start_chat(server, user_id, "sales_debrief", "Acme fleet renewal")
    sent = 0
    for text in ANSWERS[:2]:
        p.out = ""
        p.send(text + "\n")
        sent += 1
        p.expect(r"\[record\]")  # the record is shown as it fills
        p.expect(r"\n> ")
    p.send("\x03")  # Ctrl-C: the terminal sends SIGINT
    assert p.wait() == 130
    assert "resume with: debrief chat --session " + sid in p.out

    c = Client(server, token)
    try:
        s = c.call(c.sessions.GetSession, spb.GetSessionRequest(session_id=sid)).session
        assert s.turn_count == sent and s.state == types.SESSION_STATE_ACTIVE

        p = Pty(env, "chat", "--session", sid)
        p.expect(r"\n> ")
        for text in ANSWERS[2:]:
            p.out = ""
            p.send(text + "\n")
            sent += 1
            m = p.expect(r"(\n> |interview is complete)")
            if "complete" in m.group(1):
                break
        else:
            p.send("/finish\n")
            p.expect("interview is complete")
        assert p.wait() == 0
        s = c.call(c.sessions.GetSession, spb.GetSessionRequest(session_id=sid)).session
        assert s.state == types.SESSION_STATE_COMPLETED
        assert s.turn_count == sent
    finally:
        c.close()


def test_json_output_and_session_commands(server, user_id):
    token = server.token(user_id, "member", "team-a")
    env = env_for(server, token)
    r = run(env, "--json", "templates", "list")
    assert r.returncode == 0, r.stderr
    slugs = {t["slug"] for t in json.loads(r.stdout)["templates"]}
    assert {"sales_debrief", "work_experience"} <= slugs

    c = Client(server, token)
    try:
        ids = [c.call(c.sessions.CreateSession, spb.CreateSessionRequest(
            template_slug="work_experience")).session.id for _ in range(3)]
        c.call(c.conversation.SendMessage, cpb.SendMessageRequest(  # CREATED -> ACTIVE
            session_id=ids[0], client_msg_id=str(uuid.uuid4()), text="I was a staff engineer."))
    finally:
        c.close()
    r = run(env, "--json", "sessions", "list", "--page-size", "2")
    assert r.returncode == 0, r.stderr
    listed = [json.loads(line) for line in r.stdout.splitlines()]
    assert sorted(s["id"] for s in listed) == sorted(ids)  # three, over two pages

    sid = ids[0]
    r = run(env, "--json", "sessions", "show", sid)
    assert r.returncode == 0 and json.loads(r.stdout)["id"] == sid
    for cmd, state in [("pause", "SESSION_STATE_PAUSED"), ("resume", "SESSION_STATE_ACTIVE"),
                       ("cancel", "SESSION_STATE_CANCELLED")]:
        r = run(env, "--json", "sessions", cmd, sid)
        assert r.returncode == 0, r.stderr
        assert json.loads(r.stdout)["session"]["state"] == state, cmd
    r = run(env, "sessions", "pause", sid)  # cancelled: FAILED_PRECONDITION
    assert r.returncode == 10 + grpc.StatusCode.FAILED_PRECONDITION.value[0], r.stderr
    r = run(env, "--json", "sessions", "history", ids[0])
    assert r.returncode == 0
    history = [json.loads(line) for line in r.stdout.splitlines()]
    assert any(m.get("text") == "I was a staff engineer." for m in history), history

    r = run(env, "--json", "templates", "validate",
            os.path.join(SOURCE_DIR, "templates", "sales_debrief.json"))
    assert r.returncode == 0, r.stdout + r.stderr
    assert json.loads(r.stdout)["valid"] is True


def test_exit_codes_map_the_grpc_status(server, user_id):
    token = server.token(user_id, "member", "team-a")
    env = env_for(server, token)
    r = run(env, "sessions", "show", str(uuid.uuid4()))
    assert r.returncode == 10 + grpc.StatusCode.NOT_FOUND.value[0]
    assert "NOT_FOUND" in r.stderr
    r = run(env, "sessions", "show", "not-a-uuid")
    assert r.returncode == 10 + grpc.StatusCode.INVALID_ARGUMENT.value[0]
    r = run(env_for(server, ""), "sessions", "list")
    assert r.returncode == 10 + grpc.StatusCode.UNAUTHENTICATED.value[0]
    r = run(env_for(server, "not.a.jwt"), "sessions", "list")
    assert r.returncode == 10 + grpc.StatusCode.UNAUTHENTICATED.value[0]
    r = run(dict(env, DEBRIEF_ADDR="127.0.0.1:1"), "--timeout", "2000", "sessions", "list")
    assert r.returncode == 10 + grpc.StatusCode.UNAVAILABLE.value[0], r.stderr
    assert run(env, "sessions", "frobnicate", "x").returncode == 2
    assert run(env, "--bogus").returncode == 2
    assert run(env).returncode == 2
    for cmd in (["--help"], ["chat", "--help"], ["sessions", "--help"], ["templates", "--help"],
                ["export", "--help"], ["token", "--help"]):
        r = run(env, *cmd)
        assert r.returncode == 0 and r.stdout.startswith("usage: debrief"), cmd


def test_export_prints_what_the_server_exports(server, user_id):
    """`debrief export` prints ExportSession's content as the server renders it."""
    token = server.token(user_id, "member", "team-a")
    env = env_for(server, token)
    c = Client(server, token)
    try:
        sid = c.call(c.sessions.CreateSession, spb.CreateSessionRequest(
            template_slug="sales_debrief")).session.id
        stub = egrpc.ExportServiceStub(c.channel)
        for fmt, enum in (("json", epb.EXPORT_FORMAT_JSON), ("md", epb.EXPORT_FORMAT_MARKDOWN)):
            want = stub.ExportSession(epb.ExportSessionRequest(session_id=sid, format=enum),
                                      metadata=c.md, timeout=10)
            r = run(env, "export", sid, "--format", fmt)
            assert r.returncode == 0, r.stderr
            assert r.stdout and r.stdout.encode() == want.content
        # Someone else's session is NOT_FOUND: exit 10 + 5.
        other = env_for(server, server.token(user_id + "-other", "member", "team-a"))
        assert run(other, "export", sid, "--format", "json").returncode == 15
    finally:
        c.close()
    assert run(env, "export", sid, "--format", "pdf").returncode == 2


def test_token_mints_in_dev_mode_and_shows_claims(server, user_id):
    env = env_for(server, "")
    env.update(DEBRIEF_DEV_MODE="1", DEBRIEF_JWT_SECRET=JWT_SECRET)
    r = run(env, "token", "--user", user_id, "--role", "manager", "--team", "team-z")
    assert r.returncode == 0, r.stderr
    minted = r.stdout.strip()
    env = env_for(server, minted)
    r = run(env, "--json", "token")
    assert r.returncode == 0, r.stderr
    claims = json.loads(r.stdout)
    assert claims["sub"] == user_id and claims["role"] == "manager" and claims["team"] == "team-z"
    assert claims["exp"] - claims["iat"] == 3600
    assert run(env, "sessions", "list").returncode == 0  # the server accepts it
    assert run(env_for(server, ""), "token").returncode == 26


def test_chat_pause_then_resume_command(server, user_id):
    env, _, p, sid = start_chat(server, user_id, "work_experience", "Staff engineer at Acme")
    p.send("\n")  # an empty line is not an answer: asked again
    p.expect(r"\n> ")
    p.send("I was a staff engineer at Acme from 2019 to 2023.\n")
    p.expect(r"\n> ")
    p.send("/pause\n")
    assert p.wait() == 0
    assert "paused; resume with: debrief chat --session " + sid in p.out
    r = run(env, "--json", "sessions", "show", sid)
    s = json.loads(r.stdout)
    assert s["state"] == "SESSION_STATE_PAUSED" and s["turnCount"] == 1
    # Pausing it again from a chat is refused on a stream that stays open: the CLI says why.
    p = Pty(env, "chat", "--session", sid)
    p.expect(r"\n> ")
    p.send("/pause\n")
    assert p.wait() == 0
    assert re.search(r"not paused: .*PAUSED", p.out), p.out
    r = run(env, "sessions", "resume", sid)
    assert r.returncode == 0 and "ACTIVE" in r.stdout


def test_chat_json_lines_for_scripts(server, user_id):
    """--json chat: answers from a pipe, one JSON frame per line out."""
    env = env_for(server, server.token(user_id, "member", "team-a"))
    answers = "I led the platform team at Acme as a staff engineer.\n/finish\n"
    r = subprocess.run([CLI, "--json", "chat", "--template", "work_experience", "--subject",
                        "Acme"], env=env, input=answers, capture_output=True, text=True,
                       timeout=60)
    assert r.returncode == 0, r.stderr
    frames = [json.loads(line) for line in r.stdout.splitlines()]
    assert "snapshot" in frames[0]
    assert any("ack" in f for f in frames) and any("extraction" in f for f in frames)
    assert "completed" in frames[-1]
    assert frames[-1]["completed"]["reason"] == "COMPLETION_REASON_USER_FINISHED"
