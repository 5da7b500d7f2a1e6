"""Reliability matrix item 9: size limits on the wire.

An oversized request message, an oversized response message and oversized
request metadata each get RESOURCE_EXHAUSTED, and the next call on the same
channel works. Where the connection underneath survives, the test proves it
by the peer address the server logged for the calls before and after.

What the real server does with oversized metadata (gRPC C-core 1.51): the
call gets RESOURCE_EXHAUSTED "received initial metadata size exceeds limit",
and the server then closes the whole HTTP/2 connection. The channel
reconnects, so a later call works, but a call racing the close can fail
UNAVAILABLE "Stream removed (Socket closed)", and a header block spanning
several frames can itself get UNAVAILABLE "Broken pipe" when the close
overtakes the client's writes. The desired behaviour (the connection
survives) is kept below as a strict xfail.

The limit itself is GRPC_ARG_MAX_METADATA_SIZE. The committed
server/transport/server.c does not set it, so the C-core default of 8192
bytes applies (name + value + 32 per header); a change in progress adds
DEBRIEF_MAX_METADATA_BYTES with a 16 KiB default. The tests here do not
hard-code either: the oversized cases are far above both, and the token cap
test probes what the transport admits. With the 8192-byte default the 8 KiB
bearer-token cap in server/auth is unreachable over the wire: the transport
refuses such a token before auth can say "token too large".
"""
import json
import sys
import time
import uuid

import grpc
import pytest

from conftest import Client, Server, db_url_for, make_jwt
from debrief.v1 import conversation_service_pb2 as cpb
from debrief.v1 import session_service_pb2 as spb
from debrief.v1 import template_service_pb2 as tpb

MAX_MESSAGE = 1024 * 1024      # DEBRIEF_MAX_MESSAGE_BYTES default
TOKEN_CAP = 8192               # AUTH_TOKEN_MAX in server/auth/auth.c
SMALL_MAX = 4096               # DEBRIEF_MAX_MESSAGE_BYTES of the second server
RESULTS = []                   # (case, code, connection_kept) for the FIGURE line


def figure(request, line):
    """Prints a FIGURE line past pytest's output capture, so ctest's log keeps it."""
    capman = request.config.pluginmanager.getplugin("capturemanager")
    with capman.global_and_fixture_disabled():
        sys.stdout.write("\nFIGURE: %s\n" % line)
        sys.stdout.flush()


@pytest.fixture(scope="module", autouse=True)
def limits_figure(request):
    yield
    if RESULTS:
        figure(request, "limits-matrix cases=%d resource_exhausted=%d unauthenticated=%d "
               "connection_kept=%d connection_dropped=%d next_call_unavailable=%d" % (
                   len(RESULTS),
                   sum(1 for r in RESULTS if r[1] == grpc.StatusCode.RESOURCE_EXHAUSTED),
                   sum(1 for r in RESULTS if r[1] == grpc.StatusCode.UNAUTHENTICATED),
                   sum(1 for r in RESULTS if r[2] is True),
                   sum(1 for r in RESULTS if r[2] is False), len(RACES)))


def rid():
    return "lim-" + uuid.uuid4().hex[:16]


def peer_of(server, request_id, timeout=5):
    """The peer the server logged for the call with this x-request-id."""
    deadline = time.time() + timeout
    while time.time() < deadline:
        with open(server.log_path, errors="replace") as f:
            for line in f:
                if request_id not in line:
                    continue
                try:
                    j = json.loads(line)
                except ValueError:
                    continue
                if j.get("event") == "rpc.finished" and j.get("request_id") == request_id:
                    return j.get("peer")
        time.sleep(0.05)
    raise AssertionError("the server logged no rpc.finished for " + request_id)


def ok_call(server, client, wait_for_ready=False):
    """A small call that must succeed; returns the peer the server saw."""
    r = rid()
    client.sessions.ListSessions(spb.ListSessionsRequest(page_size=1),
                                 metadata=client.md + [("x-request-id", r)], timeout=10,
                                 wait_for_ready=wait_for_ready)
    return peer_of(server, r)


RACES = []  # UNAVAILABLE calls racing a connection the server closed


def recover(server, client, attempts=3):
    """ok_call, retried while the call races a connection the server is closing."""
    for i in range(attempts):
        try:
            return ok_call(server, client, wait_for_ready=True)
        except grpc.RpcError as e:
            if e.code() != grpc.StatusCode.UNAVAILABLE or i == attempts - 1:
                raise
            RACES.append(e.details())


def failing(fn):
    with pytest.raises(grpc.RpcError) as e:
        fn()
    return e.value.code(), e.value.details() or ""


def sized_get(total):
    """A GetSessionRequest whose serialized size is exactly `total` bytes."""
    n = total - 4
    while True:
        m = spb.GetSessionRequest(session_id="x" * n)
        size = m.ByteSize()
        if size == total:
            return m
        n += total - size


class OwnConnection:
    """Makes Client open a channel with its own connection: gRPC Python shares
    connections between channels to one address by default, so a connection
    the server closed in one test would otherwise leak into the next."""

    def __init__(self, server):
        self.addr = server.addr

    def channel(self):
        return grpc.insecure_channel(self.addr, options=[
            ("grpc.max_send_message_length", 64 * 1024 * 1024),
            ("grpc.use_local_subchannel_pool", 1)])


def own_client(server, token):
    return Client(OwnConnection(server), token)


@pytest.fixture
def client(server):
    c = own_client(server, server.token("limits-" + uuid.uuid4().hex[:8]))
    yield c
    c.close()


@pytest.fixture(scope="module")
def small_server():
    """A second server whose DEBRIEF_MAX_MESSAGE_BYTES is 4 KiB."""
    srv = Server(db_url_for("it_limits_small"), env={"DEBRIEF_MAX_MESSAGE_BYTES": str(SMALL_MAX)},
                 log_name="it_limits_small").start()
    yield srv
    assert srv.stop() == 0, "server did not shut down cleanly:\n" + srv.read_log()


# ---- messages ----

def test_message_at_the_limit_is_read(server, client):
    """Exactly DEBRIEF_MAX_MESSAGE_BYTES reaches the handler (which refuses the fake id)."""
    m = sized_get(MAX_MESSAGE)
    code, details = failing(lambda: client.call(client.sessions.GetSession, m))
    assert code == grpc.StatusCode.INVALID_ARGUMENT, details
    assert "session_id must be a UUID" in details


def test_unary_message_one_byte_over_is_resource_exhausted_and_connection_kept(server, client):
    before = ok_call(server, client)
    m = sized_get(MAX_MESSAGE + 1)
    code, details = failing(lambda: client.call(client.sessions.GetSession, m))
    assert code == grpc.StatusCode.RESOURCE_EXHAUSTED, details
    assert "larger than max" in details and str(MAX_MESSAGE) in details
    after = ok_call(server, client)
    RESULTS.append(("unary-message", code, after == before))
    assert after == before, "the connection was dropped (%s then %s)" % (before, after)


def test_streamed_frame_over_the_limit_is_resource_exhausted_and_connection_kept(server, client):
    before = ok_call(server, client)
    frames = iter([cpb.ConverseRequest(open=cpb.OpenFrame(session_id="x" * (2 * MAX_MESSAGE)))])

    def converse():
        for _ in client.conversation.Converse(frames, metadata=client.md, timeout=10):
            pass
    code, details = failing(converse)
    assert code == grpc.StatusCode.RESOURCE_EXHAUSTED, details
    assert "larger than max" in details
    after = ok_call(server, client)
    RESULTS.append(("stream-message", code, after == before))
    assert after == before, "the connection was dropped (%s then %s)" % (before, after)


def test_configured_limit_applies_to_requests(small_server):
    c = own_client(small_server, small_server.token("limits-small"))
    try:
        code, _ = failing(lambda: c.call(c.sessions.GetSession, sized_get(SMALL_MAX)))
        assert code == grpc.StatusCode.INVALID_ARGUMENT  # at the limit: read, then refused
        before = ok_call(small_server, c)
        code, details = failing(lambda: c.call(c.sessions.GetSession, sized_get(SMALL_MAX + 1)))
        assert code == grpc.StatusCode.RESOURCE_EXHAUSTED, details
        assert str(SMALL_MAX) in details
        after = ok_call(small_server, c)
        RESULTS.append(("configured-request", code, after == before))
        assert after == before
    finally:
        c.close()


def test_response_over_the_limit_is_resource_exhausted(small_server):
    """The template catalogue is larger than 4 KiB: the server refuses to send it."""
    c = own_client(small_server, small_server.token("limits-small"))
    try:
        before = ok_call(small_server, c)
        code, details = failing(lambda: c.call(c.templates.ListTemplates,
                                               tpb.ListTemplatesRequest()))
        assert code == grpc.StatusCode.RESOURCE_EXHAUSTED, details
        assert "Sent message larger than max" in details
        after = ok_call(small_server, c)
        RESULTS.append(("response-message", code, after == before))
        assert after == before
    finally:
        c.close()


# ---- metadata ----

def test_metadata_under_the_limit_is_fine(server, client):
    before = ok_call(server, client)
    r = rid()
    client.sessions.ListSessions(spb.ListSessionsRequest(page_size=1), timeout=10,
                                 metadata=client.md + [("x-request-id", r), ("x-pad", "a" * 4000)])
    assert peer_of(server, r) == before


def oversized_call(server, client, extra, attempts=6):
    """The outcomes of up to `attempts` calls carrying oversized metadata, stopping at the
    first RESOURCE_EXHAUSTED. A header block over 16 KiB spans CONTINUATION frames, and
    when the server closes the connection while the client is still writing them the
    call gets UNAVAILABLE 'Broken pipe' instead (see the module doc). After such a race
    the channel is brought back up before the next attempt, so each attempt starts on a
    fresh connection; a slow build (ThreadSanitizer) loses the race more often."""
    seen = []
    for _ in range(attempts):
        code, details = failing(lambda: client.sessions.ListSessions(
            spb.ListSessionsRequest(page_size=1), metadata=client.md + extra, timeout=10))
        seen.append((code, details))
        if code == grpc.StatusCode.RESOURCE_EXHAUSTED:
            break
        RACES.append(details)
        recover(server, client)
    return seen


# Header blocks over the limit. One that fits a single HEADERS frame (16 KiB on the wire)
# reaches the server whole, so the refusal is always read: RESOURCE_EXHAUSTED is required.
# One spanning CONTINUATION frames races the server's close against the client's writes;
# on a slow build every attempt can lose that race, so there each outcome must be the
# refusal or the race, and the channel must come back after every one.
@pytest.mark.parametrize("name,extra,one_frame", [
    ("120-small-headers", [("x-pad-%03d" % i, "c" * 100) for i in range(120)], True),
    ("one-64k-header", [("x-pad", "a" * 65536)], False),
    ("400-small-headers", [("x-pad-%03d" % i, "b" * 100) for i in range(400)], False),
])
def test_oversized_metadata_is_resource_exhausted_and_the_channel_recovers(server, client, name,
                                                                           extra, one_frame):
    assert sum(len(k) + len(v) + 32 for k, v in extra) > 16384  # over the default limit
    ok_call(server, client)
    seen = oversized_call(server, client, extra)
    for code, details in seen:
        assert (code == grpc.StatusCode.RESOURCE_EXHAUSTED
                and "metadata size exceeds limit" in details) or (
            code == grpc.StatusCode.UNAVAILABLE and "Broken pipe" in details), (code, details)
        recover(server, client)
    if one_frame:
        assert seen[-1][0] == grpc.StatusCode.RESOURCE_EXHAUSTED, seen
    RESULTS.append(("metadata-" + name, seen[-1][0], False))


@pytest.mark.xfail(strict=True, reason=(
    "gRPC C-core 1.51 closes the whole HTTP/2 connection after refusing oversized request "
    "metadata: the next call on the channel reconnects, and one made right after can fail "
    "UNAVAILABLE 'Stream removed (Socket closed)'; a block spanning several frames can itself "
    "get UNAVAILABLE 'Broken pipe'. Desired: RESOURCE_EXHAUSTED for the offending stream only, "
    "and the connection is kept."))
@pytest.mark.parametrize("size", [20000, 100000])
def test_oversized_metadata_keeps_the_connection(server, client, size):
    before = ok_call(server, client)
    code, _ = failing(lambda: client.sessions.ListSessions(
        spb.ListSessionsRequest(page_size=1), metadata=client.md + [("x-pad", "a" * size)],
        timeout=10))
    assert code == grpc.StatusCode.RESOURCE_EXHAUSTED
    after = ok_call(server, client)  # no retry: the next call itself must work
    assert after == before, "the connection was dropped (%s then %s)" % (before, after)


# ---- the bearer token cap ----

def big_token(size):
    """A well-formed HS256 token of exactly `size` bytes (a long claim pads it)."""
    claims = {"sub": "big", "role": "member", "team": "team-a", "exp": int(time.time()) + 600,
              "pad": ""}
    base = len(make_jwt(claims))
    claims["pad"] = "p" * int((size - base) * 3 / 4)
    tok = make_jwt(claims)
    while len(tok) < size:
        claims["pad"] += "p"
        tok = make_jwt(claims)
    while len(tok) > size:
        claims["pad"] = claims["pad"][:-1]
        tok = make_jwt(claims)
    return tok if len(tok) == size else tok + "A" * (size - len(tok))


def transport_admits(server, client, nbytes):
    """True when the server reads a request carrying nbytes of extra metadata."""
    try:
        client.sessions.ListSessions(spb.ListSessionsRequest(page_size=1), timeout=10,
                                     metadata=client.md + [("x-pad", "a" * nbytes)])
        return True
    except grpc.RpcError as e:
        if e.code() != grpc.StatusCode.RESOURCE_EXHAUSTED:
            raise
        recover(server, client)
        return False


def test_token_just_under_the_cap_reaches_auth(server, client):
    """A 6 KB token fits the transport: a valid one is accepted, a tampered one is refused
    for its signature (so auth, not the transport, read it)."""
    tok = big_token(6000)
    c = own_client(server, tok)
    try:
        c.call(c.sessions.ListSessions, spb.ListSessionsRequest())
    finally:
        c.close()
    c = own_client(server, tok[:-4] + ("AAAA" if not tok.endswith("AAAA") else "BBBB"))
    try:
        code, details = failing(lambda: c.call(c.sessions.ListSessions, spb.ListSessionsRequest()))
    finally:
        c.close()
    assert code == grpc.StatusCode.UNAUTHENTICATED and "signature" in details, details


def test_token_over_the_cap_is_never_accepted(server, client):
    """Truth today: whichever layer refuses it, a 9 KiB token never reaches a handler."""
    tok = big_token(TOKEN_CAP + 808)
    c = own_client(server, tok)
    try:
        code, details = failing(lambda: c.call(c.sessions.ListSessions, spb.ListSessionsRequest()))
        assert code in (grpc.StatusCode.UNAUTHENTICATED, grpc.StatusCode.RESOURCE_EXHAUSTED), details
        assert tok[-40:] not in details
        RESULTS.append(("token-over-cap", code, None))
    finally:
        c.close()


def test_token_over_the_cap_is_unauthenticated_with_a_clear_message(request, server, client):
    if not transport_admits(server, client, TOKEN_CAP + 1024):
        request.node.add_marker(pytest.mark.xfail(strict=True, reason=(
            "the transport's metadata limit (C-core default 8192 bytes; server/transport/server.c "
            "sets no GRPC_ARG_MAX_METADATA_SIZE) is smaller than the 8 KiB token cap, so an "
            "oversized token gets RESOURCE_EXHAUSTED 'received initial metadata size exceeds "
            "limit' from the transport instead of UNAUTHENTICATED 'token too large'")))
    tok = big_token(TOKEN_CAP + 1)
    c = own_client(server, tok)
    try:
        code, details = failing(lambda: c.call(c.sessions.ListSessions, spb.ListSessionsRequest()))
    finally:
        c.close()
    assert code == grpc.StatusCode.UNAUTHENTICATED, (code, details)
    assert "token too large" in details and str(TOKEN_CAP) in details
