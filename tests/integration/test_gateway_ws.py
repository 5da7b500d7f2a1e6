"""Converse over the gateway's WebSocket (docs/gateway.md): a whole interview
in canonical JSON, a dropped socket resumed by seq with nothing lost or
duplicated, the token in the subprotocol list or a first message, and the
hostile cases (bad Origin, oversized or binary or malformed frames, missing
or expired token), each with its HTTP status or close code, after which the
gateway still serves."""
import asyncio
import json
import socket
import time

import httpx
import pytest
import websockets

from conftest import make_jwt
from test_conversation import SimUser, load_case

PROTO = "debrief.v1.json"


@pytest.fixture(scope="module")
def token(server):
    return server.token("ws-alice", "member", "team-ws")


def run(coro):
    return asyncio.run(asyncio.wait_for(coro, 60))


def create_session(gateway, token, case):
    r = httpx.post(gateway.url + "/v1/sessions", headers={"authorization": "Bearer " + token},
                   json={"templateSlug": case["template"],
                         "subject": {"kind": "meeting", "key": "account:ws",
                                     "attributes": case["context"]}}, timeout=10)
    assert r.status_code == 200, r.text
    return r.json()["session"]["id"]


def still_serves(gateway, token):
    r = httpx.get(gateway.url + "/v1/templates", headers={"authorization": "Bearer " + token},
                  timeout=10)
    assert r.status_code == 200
    assert gateway.alive()


def url(gateway, sid):
    return "%s/v1/sessions/%s/converse" % (gateway.ws_url, sid)


async def recv_json(ws, timeout=10):
    return json.loads(await asyncio.wait_for(ws.recv(), timeout))


async def until(ws, kinds, timeout=10):
    """Frames up to and including the first whose kind is in kinds."""
    got = []
    while True:
        f = await recv_json(ws, timeout)
        got.append(f)
        if set(f) & set(kinds):
            return got


def kind(f):
    return next(k for k in f if k not in ("seq", "replayed"))


async def send_quietly(ws, msg):
    """Sends msg; the gateway may already have ended the call (a refused token), which is fine:
    the final status is still read from what arrived."""
    try:
        await ws.send(msg)
    except websockets.ConnectionClosed:
        pass


async def final_status(ws):
    """Reads to the end: the last message is {"status":...}, then the close code."""
    msgs = []
    try:
        while True:
            msgs.append(await recv_json(ws))
    except websockets.ConnectionClosed as e:
        assert msgs and "status" in msgs[-1], msgs
        return msgs[-1]["status"], e.rcvd.code if e.rcvd else None, msgs


def test_whole_interview_with_a_drop_and_a_resume(gateway, token):
    case = load_case("debrief-sample-1")
    sid = create_session(gateway, token, case)
    user = SimUser(case)

    async def go():
        seen = []  # every persisted frame's seq, over both sockets
        async with websockets.connect(url(gateway, sid), subprotocols=[PROTO],
                                      additional_headers={"authorization": "Bearer " + token}) as ws:
            assert ws.subprotocol == PROTO
            await ws.send(json.dumps({"open": {}}))  # session_id comes from the URL
            snap = await recv_json(ws)
            assert kind(snap) == "snapshot", snap
            assert snap["snapshot"]["session"]["id"] == sid
            q = snap["snapshot"]["pendingQuestion"]
            last = int(snap["snapshot"]["session"].get("lastSeq", "0"))
            seen.extend(range(1, last + 1))
            for turn in range(3):
                text = case["opening"] if turn == 0 else user.reply(q.get("targetFields", []))
                await ws.send(json.dumps({"answer": {"clientMsgId": "c%d" % turn, "text": text,
                                                     "questionId": q["questionId"]}}))
                frames = await until(ws, ["question", "completed"])
                assert kind(frames[0]) == "ack" and frames[0]["ack"]["clientMsgId"] == "c%d" % turn
                for f in frames:
                    assert int(f["seq"]) == last + 1, frames
                    last = int(f["seq"])
                    seen.append(last)
                q = frames[-1]["question"]
            # Send an answer and drop the socket without reading the reply.
            await ws.send(json.dumps({"answer": {"clientMsgId": "c3",
                                                 "text": user.reply(q.get("targetFields", [])),
                                                 "questionId": q["questionId"]}}))
            await asyncio.sleep(0.5)
            ws.transport.abort()
        # Resume by seq over a new socket, token in a first message this time.
        async with websockets.connect(url(gateway, sid), subprotocols=[PROTO]) as ws:
            await ws.send(json.dumps({"authorization": "Bearer " + token}))
            await ws.send(json.dumps({"open": {"sessionId": sid, "resumeAfterSeq": str(last)}}))
            snap = await recv_json(ws)
            assert kind(snap) == "snapshot"
            committed = int(snap["snapshot"]["session"]["lastSeq"])
            assert committed > last, "the dropped answer was not committed"
            replayed = [await recv_json(ws) for _ in range(committed - last)]
            assert [int(f["seq"]) for f in replayed] == list(range(last + 1, committed + 1))
            assert all(f.get("replayed") for f in replayed)
            assert replayed[0]["ack"]["clientMsgId"] == "c3"
            seen.extend(int(f["seq"]) for f in replayed)
            last = committed
            q = next(f["question"] for f in reversed(replayed) if "question" in f)
            # A resent answer is a duplicate, not a second one.
            await ws.send(json.dumps({"answer": {"clientMsgId": "c3", "text": "again"}}))
            dup = await recv_json(ws)
            assert dup["ack"]["duplicate"] is True and dup["ack"]["seq"] == replayed[0]["seq"]
            # Live again until the interview completes.
            completed = None
            for turn in range(4, 40):
                await ws.send(json.dumps({"answer": {
                    "clientMsgId": "c%d" % turn, "text": user.reply(q.get("targetFields", [])),
                    "questionId": q["questionId"]}}))
                frames = await until(ws, ["question", "completed"])
                for f in frames:
                    assert int(f["seq"]) == last + 1 and not f.get("replayed"), frames
                    last = int(f["seq"])
                    seen.append(last)
                if "completed" in frames[-1]:
                    completed = frames[-1]["completed"]
                    break
                q = frames[-1]["question"]
            assert completed and completed["extracted"]
            await ws.send(json.dumps({"halfClose": True}))
            status, code, _ = await final_status(ws)
            assert status["code"] == 0 and code == 1000
        assert seen == list(range(1, last + 1))  # nothing lost, nothing twice

    run(go())
    still_serves(gateway, token)


def raw_upgrade(gateway, sid, headers):
    """The status line of a hand-made upgrade request."""
    port = int(gateway.url.rsplit(":", 1)[1])
    req = ("GET /v1/sessions/%s/converse HTTP/1.1\r\nHost: 127.0.0.1:%d\r\n"
           "Connection: Upgrade\r\nUpgrade: websocket\r\nSec-WebSocket-Version: 13\r\n"
           "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n" % (sid, port))
    req += "".join("%s: %s\r\n" % kv for kv in headers.items()) + "\r\n"
    with socket.create_connection(("127.0.0.1", port), timeout=10) as s:
        s.sendall(req.encode())
        return s.recv(4096).split(b"\r\n", 1)[0].decode()


def test_origin_is_checked(gateway, token):
    sid = create_session(gateway, token, load_case("debrief-sample-1"))
    hdrs = {"Sec-WebSocket-Protocol": PROTO, "Authorization": "Bearer " + token}
    line = raw_upgrade(gateway, sid, dict(hdrs, Origin="http://evil.example"))
    assert " 403 " in line, line
    still_serves(gateway, token)
    port = int(gateway.url.rsplit(":", 1)[1])
    line = raw_upgrade(gateway, sid, dict(hdrs, Origin="http://127.0.0.1:%d" % port))
    assert " 101 " in line, line
    # Without our subprotocol the upgrade is refused rather than left hanging.
    line = raw_upgrade(gateway, sid, {"Authorization": "Bearer " + token})
    assert " 400 " in line, line
    line = raw_upgrade(gateway, sid, {"Sec-WebSocket-Protocol": "chat, debrief.v1.jsonx"})
    assert " 400 " in line, line
    # A subprotocol list too long for libwebsockets is refused with a status, not dropped.
    line = raw_upgrade(gateway, sid, {"Sec-WebSocket-Protocol": PROTO + ", bearer." + "t" * 200})
    assert " 400 " in line, line
    still_serves(gateway, token)


def test_token_in_subprotocol_list(gateway, token):
    """A short opaque token fits the list; the server still checks it (and refuses this one)."""
    sid = create_session(gateway, token, load_case("debrief-sample-1"))

    async def go():
        async with websockets.connect(url(gateway, sid),
                                      subprotocols=[PROTO, "bearer.not-a-jwt"]) as ws:
            assert ws.subprotocol == PROTO
            await send_quietly(ws, json.dumps({"open": {}}))
            status, code, _ = await final_status(ws)
            assert status["code"] == 16 and code == 4401

    run(go())
    still_serves(gateway, token)


@pytest.mark.parametrize("case_name", ["no_token", "expired", "bad_json", "unknown_field",
                                       "other_session", "binary", "bad_utf8", "oversized"])
def test_hostile_frames(gateway, token, case_name):
    sid = create_session(gateway, token, load_case("debrief-sample-1"))
    expired = make_jwt({"sub": "ws-alice", "role": "member", "team": "team-ws",
                        "exp": int(time.time()) - 3600})
    auth = {"no_token": None, "expired": expired}.get(case_name, token)
    hdrs = {"authorization": "Bearer " + auth} if auth else {}

    async def go():
        async with websockets.connect(url(gateway, sid), subprotocols=[PROTO],
                                      additional_headers=hdrs, max_size=None) as ws:
            if case_name in ("no_token", "expired"):
                await send_quietly(ws, json.dumps({"open": {}}))
                status, code, _ = await final_status(ws)
                assert status["code"] == 16 and code == 4401, status
            elif case_name == "bad_json":
                await ws.send('{"open": ')
                status, code, _ = await final_status(ws)
                assert status["code"] == 3 and code == 4400 and "JSON" in status["message"]
            elif case_name == "unknown_field":
                await ws.send(json.dumps({"open": {"sessionId": sid, "colour": "red"}}))
                status, code, _ = await final_status(ws)
                assert code == 4400 and "open.colour" in status["message"], status
            elif case_name == "other_session":
                await ws.send(json.dumps({"open": {"sessionId": "another"}}))
                status, code, _ = await final_status(ws)
                assert code == 4400 and "URL" in status["message"], status
            elif case_name == "binary":
                await ws.send(b'{"open": {}}')
                status, code, _ = await final_status(ws)
                assert code == 4400 and "binary" in status["message"], status
            elif case_name == "bad_utf8":
                await ws.send(b'{"open": {"sessionId": "\xff"}}', text=True)
                with pytest.raises(websockets.ConnectionClosed) as e:
                    while True:
                        await recv_json(ws)
                assert e.value.rcvd.code == 1007
            else:
                await ws.send(json.dumps({"answer": {"clientMsgId": "x", "text": "a" * (2 << 20)}}))
                with pytest.raises(websockets.ConnectionClosed) as e:
                    while True:
                        await recv_json(ws)
                assert e.value.rcvd.code == 1009

    run(go())
    still_serves(gateway, token)


def test_websocket_metrics(gateway, token):
    m = httpx.get(gateway.url + "/metrics", timeout=10).text
    assert 'debrief_gateway_requests_total{route="Converse",code="101"}' in m
    assert 'debrief_gateway_requests_total{route="Converse",code="403"}' in m
    assert 'debrief_gateway_open_streams{kind="websocket"} 0' in m


def test_idle_socket_is_pinged_then_closed(server, token):
    """A peer that never answers pings is closed (libwebsockets' idle policy)."""
    from conftest import Gateway
    gw = Gateway(server, env={"DEBRIEF_GATEWAY_WS_IDLE_S": "1"}, log_name="gateway_idle").start()
    try:
        sid = create_session(gw, token, load_case("debrief-sample-1"))
        port = int(gw.url.rsplit(":", 1)[1])
        s = socket.create_connection(("127.0.0.1", port), timeout=10)
        s.sendall(("GET /v1/sessions/%s/converse HTTP/1.1\r\nHost: 127.0.0.1:%d\r\n"
                   "Connection: Upgrade\r\nUpgrade: websocket\r\nSec-WebSocket-Version: 13\r\n"
                   "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"
                   "Sec-WebSocket-Protocol: %s\r\nAuthorization: Bearer %s\r\n\r\n"
                   % (sid, port, PROTO, token)).encode())
        t0, got = time.time(), b""
        while True:  # read (and never answer) until the gateway hangs up
            chunk = s.recv(4096)
            if not chunk:
                break
            got += chunk
        elapsed = time.time() - t0
        s.close()
        assert got.startswith(b"HTTP/1.1 101"), got[:80]
        assert b"\x89" in got, "no ping was sent"  # an unmasked PING frame
        assert 1.5 < elapsed < 8, elapsed
        still_serves(gw, token)
    finally:
        assert gw.stop() == 0


def test_gateway_shutdown_ends_sockets_with_a_status(server, token):
    """SIGTERM: an open socket gets UNAVAILABLE (resume elsewhere), then the close."""
    from conftest import Gateway
    import signal
    gw = Gateway(server, log_name="gateway_shutdown").start()
    sid = create_session(gw, token, load_case("debrief-sample-1"))

    async def go():
        async with websockets.connect(url(gw, sid), subprotocols=[PROTO],
                                      additional_headers={"authorization": "Bearer " + token}) as ws:
            await ws.send(json.dumps({"open": {}}))
            assert kind(await recv_json(ws)) == "snapshot"
            gw.proc.send_signal(signal.SIGTERM)
            status, code, _ = await final_status(ws)
            assert status["code"] == 14 and code == 4503, status
            assert "resume" in status["message"]

    run(go())
    assert gw.proc.wait(15) == 0, gw.read_log()
