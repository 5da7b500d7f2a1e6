"""Server streams through the gateway (docs/gateway.md): WatchNotifications
as Server-Sent Events with heartbeat comments and as newline-delimited JSON,
with a notification raised by completing a session over REST, and a stream
refused before it starts with an ordinary error status."""
import json
import threading
import time

import httpx
import pytest

from conftest import Gateway
from test_conversation import load_case


@pytest.fixture(scope="module")
def gw(server):
    g = Gateway(server, env={"DEBRIEF_GATEWAY_SSE_HEARTBEAT_S": "1"}, log_name="gateway_sse").start()
    yield g
    assert g.stop() == 0, g.read_log()


@pytest.fixture(scope="module")
def token(server):
    return server.token("sse-alice", "member", "team-sse")


def complete_session(gw, token, key):
    auth = {"authorization": "Bearer " + token}
    case = load_case("debrief-sample-1")
    r = httpx.post(gw.url + "/v1/sessions", headers=auth, timeout=10, json={
        "templateSlug": case["template"], "subject": {"kind": "meeting", "key": key}})
    sid = r.json()["session"]["id"]
    texts = [case["opening"]] + [a["text"] for a in case["answers"].values()] + ["That's all."]
    for i, text in enumerate(texts):
        r = httpx.post(gw.url + "/v1/sessions/%s/messages" % sid, headers=auth, timeout=10,
                       json={"clientMsgId": "m%d" % i, "text": text})
        assert r.status_code == 200, r.text
        if "completed" in r.json():
            return sid
    r = httpx.post(gw.url + "/v1/sessions/%s:complete" % sid, headers=auth, json={}, timeout=10)
    assert r.status_code == 200, r.text
    return sid


def read_stream(gw, token, accept, stop_when, timeout=20, query=""):
    """Reads the stream in a thread until stop_when(lines) or the timeout; returns the lines."""
    lines, resp = [], {}

    def reader():
        headers = {"authorization": "Bearer " + token, "accept": accept}
        with httpx.stream("GET", gw.url + "/v1/notifications:watch" + query, headers=headers,
                          timeout=httpx.Timeout(timeout)) as r:
            resp["status"] = r.status_code
            resp["headers"] = r.headers
            for line in r.iter_lines():
                lines.append(line)
                if stop_when(lines):
                    return

    t = threading.Thread(target=reader, daemon=True)
    t.start()
    return t, lines, resp


def test_sse_notifications_with_heartbeats(gw, token):
    def done(lines):
        return any(l.startswith("data: ") and "SESSION_COMPLETED" in l for l in lines) and \
            any(l.startswith(": heartbeat") for l in lines)

    t, lines, resp = read_stream(gw, token, "text/event-stream", done)
    time.sleep(1.5)  # the watch is open (and has sent a heartbeat) before the event
    sid = complete_session(gw, token, "account:sse")
    t.join(20)
    assert resp["status"] == 200
    assert resp["headers"]["content-type"] == "text/event-stream"
    assert done(lines), lines
    events = [json.loads(l[len("data: "):]) for l in lines if l.startswith("data: ")]
    assert "event: result" in lines
    got = [e["notification"] for e in events if "notification" in e]
    assert any(n["kind"] == "NOTIFICATION_KIND_SESSION_COMPLETED" and n["sessionId"] == sid
               for n in got), got
    assert all(isinstance(n["id"], str) for n in got)  # int64 as strings
    for _ in range(50):  # the gateway notices the closed stream shortly
        m = httpx.get(gw.url + "/metrics").text
        if 'debrief_gateway_open_streams{kind="sse"} 0' in m:
            break
        time.sleep(0.1)
    assert 'debrief_gateway_open_streams{kind="sse"} 0' in m
    assert 'debrief_gateway_requests_total{route="WatchNotifications",code="200"} 1' in m


def test_ndjson_live_and_replayed(gw, token):
    def done(lines):
        return any("SESSION_COMPLETED" in l for l in lines)

    t, lines, resp = read_stream(gw, token, "application/json", done,
                                 query="?kinds=NOTIFICATION_KIND_SESSION_COMPLETED")
    time.sleep(0.5)
    sid = complete_session(gw, token, "account:ndjson")
    t.join(20)
    assert resp["status"] == 200
    assert resp["headers"]["content-type"] == "application/x-ndjson"
    items = [json.loads(l) for l in lines if l]
    assert items and all(set(i) == {"result"} for i in items), items
    assert items[-1]["result"]["notification"]["sessionId"] == sid
    assert all(not l.startswith(":") for l in lines)  # no heartbeats in NDJSON
    # Replay: after_id (an int64, given as text) just before this one yields it again.
    nid = int(items[-1]["result"]["notification"]["id"])
    t, lines, resp = read_stream(gw, token, "application/x-ndjson", done,
                                 query="?afterId=%d&kinds=4" % (nid - 1))
    t.join(20)
    replayed = [json.loads(l)["result"]["notification"] for l in lines if l]
    assert replayed and replayed[0]["id"] == str(nid), lines


def test_stream_refused_before_it_starts(gw, token):
    r = httpx.get(gw.url + "/v1/notifications:watch", timeout=10)
    assert r.status_code == 401 and r.headers["www-authenticate"] == "Bearer"
    assert r.json()["code"] == 16
    r = httpx.get(gw.url + "/v1/notifications:watch?kinds=NOPE",
                  headers={"authorization": "Bearer " + token}, timeout=10)
    assert r.status_code == 400
    assert httpx.get(gw.url + "/healthz").status_code == 200
