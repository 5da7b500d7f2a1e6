#!/usr/bin/env python3
"""relay_e2e.py - model delta relay latency, end to end.

Measures the time from the fake provider writing a streamed delta to a
gRPC client receiving it as a Converse text_delta frame, through the real
debrief-server (provider layer, libcurl loop, transport). The baseline,
measured in the same run by the same Python client, is that client reading
the same deltas straight from the fake provider over HTTP/SSE; the ratio
is what debrief's relay adds. Each delta's text is the fake's wall-clock
write time (the fake replaces "@STAMP@" at write time), so both paths are
timed on the same clock. A benchmark, not a test: it prints and never fails
for speed. Loopback only; bounded by TURNS.

  .data/venv/bin/python3 bench/relay_e2e.py [--turns 20] [--deltas 20] [--provider openai]

Needs a built tree (BUILD_DIR, default build) and scripts/pg.sh.
"""
import argparse
import http.client
import json
import os
import subprocess
import sys
import tempfile
import time
import urllib.request
import uuid

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), ".."))
BUILD = os.path.join(ROOT, os.environ.get("BUILD_DIR", "build"))
os.environ.setdefault("DEBRIEF_SERVER_BIN", os.path.join(BUILD, "server", "debrief-server"))
os.environ.setdefault("DEBRIEF_PY_GEN", os.path.join(BUILD, "py-gen"))
os.environ.setdefault("DEBRIEF_SOURCE_DIR", ROOT)
sys.path.insert(0, os.path.join(ROOT, "tests", "integration"))

from conftest import Client, Server, free_port  # noqa: E402
from debrief.v1 import conversation_service_pb2 as cpb  # noqa: E402
from debrief.v1 import session_service_pb2 as spb  # noqa: E402
from debrief.v1 import types_pb2 as types  # noqa: E402



def post(base, path, body):
    req = urllib.request.Request(base + path, data=json.dumps(body).encode(), method="POST",
                                 headers={"Content-Type": "application/json"})
    with urllib.request.urlopen(req, timeout=5) as r:
        return r.read()


def pct(xs, p):
    xs = sorted(xs)
    return xs[min(len(xs) - 1, int(round(p / 100.0 * (len(xs) - 1))))] if xs else float("nan")


def stamp_spec(n):
    return {"text": " ".join(["@STAMP@"] * n), "words_per_chunk": 1, "delay_ms": 2}


def baseline(fake, port, turns, n):
    """The same client reading the fake's SSE stream directly."""
    lat = []
    for _ in range(turns):
        post(fake, "/_script", {"responses": [stamp_spec(n)]})
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
        conn.request("POST", "/v1/chat/completions", body=json.dumps({
            "model": "fake-model", "stream": True,
            "messages": [{"role": "user", "content": "hi"}]}),
            headers={"Content-Type": "application/json", "Authorization": "Bearer k"})
        resp = conn.getresponse()
        while True:
            line = resp.readline()
            if not line:
                break
            line = line.strip()
            if not line.startswith(b"data: ") or line == b"data: [DONE]":
                continue
            d = json.loads(line[6:])
            text = (d.get("choices") or [{}])[0].get("delta", {}).get("content") or ""
            if text.strip().isdigit():
                lat.append((time.time_ns() - int(text.strip())) / 1e6)
        conn.close()
    return lat


def through_debrief(srv, fake, turns, n):
    c = Client(srv, srv.token("relay-bench", "member", "bench"))
    from test_conversation import Stream  # the tests' stream driver
    lat = []
    try:
        done_turns = 0
        while done_turns < turns:
            sess = c.call(c.sessions.CreateSession, spb.CreateSessionRequest(
                template_slug="sales_debrief",
                subject=types.Subject(kind="meeting", key="account:bench"))).session
            s = Stream(c, timeout=120)
            s.send(open=cpb.OpenFrame(session_id=sess.id))
            s.recv()
            for i in range(8):
                if done_turns >= turns:
                    break
                # One extraction call, then the question whose deltas are stamped.
                post(fake, "/_script", {"responses": [{"text": "{}"}, stamp_spec(n)]})
                s.send(answer=cpb.AnswerFrame(client_msg_id=uuid.uuid4().hex,
                                              text="We talked about the pilot with Priya."))
                while True:
                    f = s.recv(timeout=30)
                    kind = f.WhichOneof("frame")
                    if kind == "text_delta" and f.text_delta.delta.strip().isdigit():
                        lat.append((time.time_ns() - int(f.text_delta.delta.strip())) / 1e6)
                    if kind in ("question", "completed"):
                        break
                done_turns += 1
                if kind == "completed":
                    break
            s.close()
    finally:
        c.close()
    return lat


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--turns", type=int, default=20)
    ap.add_argument("--deltas", type=int, default=20)
    args = ap.parse_args()
    turns = max(1, min(args.turns, 200))
    n = max(1, min(args.deltas, 200))

    work = tempfile.mkdtemp(prefix="relay-", dir=os.path.join(ROOT, ".data"))
    pgdir, pgport = os.path.join(work, "pg"), free_port()
    env = dict(os.environ, DEBRIEF_PG_PORT=str(pgport))
    pg = os.path.join(ROOT, "scripts", "pg.sh")
    subprocess.run(["bash", pg, "start", pgdir], env=env, check=True, capture_output=True)
    fake_proc = srv = None
    try:
        url = subprocess.run(["bash", pg, "url", pgdir], env=env, check=True,
                             capture_output=True, text=True).stdout.strip()
        fake_proc = subprocess.Popen([sys.executable, os.path.join(ROOT, "tests", "fake_llm",
                                                                   "fake_llm.py"), "--port", "0"],
                                     stdout=subprocess.PIPE, text=True)
        port = int(fake_proc.stdout.readline().split()[1])
        fake = "http://127.0.0.1:%d" % port
        srv = Server(url, log_name="relay-bench", env={
            "DEBRIEF_LLM": "openai", "DEBRIEF_LLM_BASE_URL": fake + "/v1",
            "DEBRIEF_LLM_API_KEY": "bench", "DEBRIEF_LLM_MODEL": "fake-model",
            "DEBRIEF_LOG_LEVEL": "warn", "DEBRIEF_TEST_LOG_DIR": work}).start()
        base = baseline(fake, port, turns, n)
        relay = through_debrief(srv, fake, turns, n)
        print("# text_delta relay latency: %d turns x %d deltas, %d cores" % (
            turns, n, os.cpu_count()))
        print("%-28s %8s %10s %10s" % ("path", "deltas", "p50_ms", "p99_ms"))
        print("%-28s %8d %10.3f %10.3f" % ("fake -> client (baseline)", len(base), pct(base, 50),
                                           pct(base, 99)))
        print("%-28s %8d %10.3f %10.3f" % ("fake -> debrief -> client", len(relay),
                                           pct(relay, 50), pct(relay, 99)))
        print("ratio debrief/baseline      p50 %.2f   p99 %.2f" % (
            pct(relay, 50) / pct(base, 50), pct(relay, 99) / pct(base, 99)))
    finally:
        if srv:
            srv.stop()
        if fake_proc:
            fake_proc.terminate()
        subprocess.run(["bash", pg, "stop", pgdir], env=env, capture_output=True)
        subprocess.run(["rm", "-rf", work])


if __name__ == "__main__":
    main()
