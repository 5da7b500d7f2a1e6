"""Requests built to hurt the server: deeply nested messages, oversized
values and malformed UTF-8. Each must get a clear INVALID_ARGUMENT (or
RESOURCE_EXHAUSTED for size) and leave the server answering the next call."""
import grpc
import pytest

from conftest import Client, Server, db_url_for
from debrief.v1 import conversation_service_pb2 as cpb
from debrief.v1 import session_service_pb2 as spb
from grpc_health.v1 import health_pb2, health_pb2_grpc


def varint(n):
    out = bytearray()
    while True:
        b = n & 0x7F
        n >>= 7
        out.append(b | (0x80 if n else 0))
        if not n:
            return bytes(out)


def nested_value(levels):
    """A google.protobuf.Value holding a list inside a list... `levels` deep,
    built inside out from raw wire bytes (protobuf's own encoder would hit
    its recursion limit first)."""
    prefixes, size = [], 2
    for _ in range(levels):
        for tag in (b"\x0a", b"\x32"):  # ListValue.values, then Value.list_value
            p = tag + varint(size)
            prefixes.append(p)
            size += len(p)
    prefixes.reverse()
    return b"".join(prefixes) + b"\x08\x00"  # the innermost Value.null_value


def wrap(number, payload):
    return varint(number << 3 | 2) + varint(len(payload)) + payload


def create_session_bytes(levels):
    entry = wrap(1, b"k") + wrap(2, nested_value(levels))  # FieldsEntry{key, value}
    attributes = wrap(1, entry)  # Struct.fields
    subject = wrap(1, b"meeting") + wrap(2, b"account:x") + wrap(4, attributes)
    return wrap(1, b"sales_debrief") + wrap(3, subject)


def raw_unary(client, path):
    return client.channel.unary_unary(path, request_serializer=lambda b: b,
                                      response_deserializer=lambda b: b)


def assert_alive(server, member):
    with server.channel() as ch:
        r = health_pb2_grpc.HealthStub(ch).Check(health_pb2.HealthCheckRequest(), timeout=5)
        assert r.status == health_pb2.HealthCheckResponse.SERVING
    member.call(member.sessions.ListSessions, spb.ListSessionsRequest())
    assert server.proc.poll() is None


@pytest.fixture(scope="module")
def server():
    # 4 MiB messages, so the 200,000-level request (about 1.6 MB) reaches the
    # depth check instead of stopping at the size limit.
    srv = Server(db_url_for("it_hostile_requests"), log_name="it_hostile_requests",
                 env={"DEBRIEF_MAX_MESSAGE_BYTES": str(4 << 20)}).start()
    yield srv
    assert srv.stop() == 0, "server did not shut down cleanly:\n" + srv.read_log()


@pytest.mark.parametrize("levels", [20000, 200000])
def test_deeply_nested_attributes_are_refused(server, member, levels):
    body = create_session_bytes(levels)
    if levels == 20000:
        assert 100_000 < len(body) < 200_000  # the reported ~150 KB request
    fn = raw_unary(member, "/debrief.v1.SessionService/CreateSession")
    with pytest.raises(grpc.RpcError) as e:
        fn(body, metadata=member.md, timeout=10)
    assert e.value.code() == grpc.StatusCode.INVALID_ARGUMENT
    assert "levels deep" in e.value.details()
    assert_alive(server, member)


def test_moderately_nested_attributes_still_work(server, member):
    fn = raw_unary(member, "/debrief.v1.SessionService/CreateSession")
    resp = spb.CreateSessionResponse.FromString(
        fn(create_session_bytes(5), metadata=member.md, timeout=10))
    assert resp.session.id


def test_deeply_nested_edit_field_on_the_stream(server, member):
    s = member.call(member.sessions.CreateSession, spb.CreateSessionRequest(
        template_slug="sales_debrief",
        subject={"kind": "meeting", "key": "account:deep", "title": "Deep"}))
    open_frame = cpb.ConverseRequest(open=cpb.OpenFrame(session_id=s.session.id))
    edit = wrap(2, nested_value(20000))  # EditFieldFrame.value
    edit = wrap(1, b"budget") + edit
    frames = [open_frame.SerializeToString(), wrap(5, edit)]  # ConverseRequest.edit_field
    stream = member.channel.stream_stream(
        "/debrief.v1.ConversationService/Converse", request_serializer=lambda b: b,
        response_deserializer=cpb.ConverseResponse.FromString)
    call = stream(iter(frames), metadata=member.md, timeout=10)
    with pytest.raises(grpc.RpcError) as e:
        for _ in call:
            pass
    assert e.value.code() == grpc.StatusCode.INVALID_ARGUMENT
    assert "levels deep" in e.value.details()
    assert_alive(server, member)


# ---- strict UTF-8 on every text field, checked before unpacking ----

BAD_UTF8 = {
    "overlong": b"\xc0\xaf",
    "surrogate": b"\xed\xa0\x80",
    "above U+10FFFF": b"\xf4\x90\x80\x80",
    "truncated": b"ab\xe2\x82",
    "NUL": b"a\x00b",
}


def subject_bytes(kind=b"meeting", key=b"account:x", title=b"T"):
    return wrap(1, kind) + wrap(2, key) + wrap(3, title)


def expect_invalid(fn, body, member, *words):
    with pytest.raises(grpc.RpcError) as e:
        fn(body, metadata=member.md, timeout=10)
    assert e.value.code() == grpc.StatusCode.INVALID_ARGUMENT, e.value.details()
    for w in words:
        assert w in e.value.details(), e.value.details()
    assert "ERROR:" not in e.value.details()  # never a raw PostgreSQL message
    return e.value.details()


@pytest.mark.parametrize("why", sorted(BAD_UTF8))
@pytest.mark.parametrize("field", ["kind", "key", "title"])
def test_bad_utf8_in_subject_fields(server, member, field, why):
    parts = {"kind": b"meeting", "key": b"account:x", "title": b"T"}
    parts[field] = b"x" + BAD_UTF8[why]
    body = wrap(1, b"sales_debrief") + wrap(3, subject_bytes(**parts))
    fn = raw_unary(member, "/debrief.v1.SessionService/CreateSession")
    expect_invalid(fn, body, member, "subject.%s is not valid UTF-8" % field, why)


@pytest.mark.parametrize("why", sorted(BAD_UTF8))
def test_bad_utf8_in_answers_and_attribute_keys(server, member, why):
    s = member.call(member.sessions.CreateSession, spb.CreateSessionRequest(
        template_slug="sales_debrief", subject={"kind": "meeting", "key": "account:u"}))
    bad = b"Budget is " + BAD_UTF8[why]
    body = wrap(1, s.session.id.encode()) + wrap(2, b"c1") + wrap(3, bad)
    fn = raw_unary(member, "/debrief.v1.ConversationService/SendMessage")
    expect_invalid(fn, body, member, "text is not valid UTF-8", why)
    # A key inside subject.attributes (a map key, deep in a Struct).
    entry = wrap(1, b"k" + BAD_UTF8[why]) + wrap(2, b"\x1a\x01v")  # {key, Value{string "v"}}
    body = wrap(1, b"sales_debrief") + wrap(3, subject_bytes() + wrap(4, wrap(1, entry)))
    fn = raw_unary(member, "/debrief.v1.SessionService/CreateSession")
    expect_invalid(fn, body, member, "subject.attributes.fields.key is not valid UTF-8")
    assert_alive(server, member)


# ---- limits on stored client values ----

def test_value_limits(server, member):
    big_attrs = {"notes": "x" * (16 * 1024)}
    with pytest.raises(grpc.RpcError) as e:
        member.call(member.sessions.CreateSession, spb.CreateSessionRequest(
            template_slug="sales_debrief",
            subject={"kind": "meeting", "key": "account:big", "attributes": big_attrs}))
    assert e.value.code() == grpc.StatusCode.INVALID_ARGUMENT
    assert "subject.attributes" in e.value.details() and "16384" in e.value.details()

    s = member.call(member.sessions.CreateSession, spb.CreateSessionRequest(
        template_slug="sales_debrief", subject={"kind": "meeting", "key": "account:lim"}))
    with pytest.raises(grpc.RpcError) as e:
        member.call(member.conversation.SendMessage, cpb.SendMessageRequest(
            session_id=s.session.id, client_msg_id="q1", text="fine",
            question_id="q" * 65))
    assert e.value.code() == grpc.StatusCode.INVALID_ARGUMENT
    assert "question_id" in e.value.details()

    from google.protobuf import struct_pb2
    value = struct_pb2.Value(string_value="y" * (8 * 1024 + 1))
    frames = [cpb.ConverseRequest(open=cpb.OpenFrame(session_id=s.session.id)),
              cpb.ConverseRequest(edit_field=cpb.EditFieldFrame(key="budget", value=value))]
    call = member.conversation.Converse(iter(frames), metadata=member.md, timeout=10)
    got = [f for f in call]  # the stream ends cleanly when the client half-closes
    rejected = [f.rejected for f in got if f.WhichOneof("frame") == "rejected"]
    assert len(rejected) == 1 and rejected[0].code == grpc.StatusCode.INVALID_ARGUMENT.value[0]
    assert "edit_field.value" in rejected[0].message and "8192" in rejected[0].message


def test_large_values_never_break_a_teammates_list(server, member, user_id):
    """A member stores sessions as large as the limits allow, built to grow
    several-fold as protobuf (a list of small numbers); the manager's team
    page still answers, ending early, and paging reaches every session once."""
    from google.protobuf import struct_pb2
    attrs = struct_pb2.Struct()
    attrs.update({"n": [1] * 8000})  # ~16 KB of JSON, ~88 KB as protobuf
    ids = set()
    for _ in range(24):
        s = member.call(member.sessions.CreateSession, spb.CreateSessionRequest(
            template_slug="sales_debrief",
            subject={"kind": "meeting", "key": "account:heavy", "attributes": attrs}))
        ids.add(s.session.id)
    mgr = Client(server, server.token("mgr-" + user_id, "manager", "team-a"))
    try:
        seen, token, pages = [], "", 0
        while True:
            r = mgr.call(mgr.sessions.ListSessions, spb.ListSessionsRequest(
                page_size=100, page_token=token, owner_id=member.user_id))
            pages += 1
            assert r.ByteSize() < 1024 * 1024
            seen += [x.id for x in r.sessions]
            token = r.next_page_token
            if not token:
                break
            assert pages < 30
        assert pages > 1  # the page ended early rather than failing
        assert len(seen) == len(set(seen)) and set(seen) == ids
    finally:
        mgr.close()


def test_hostile_text_is_inert_or_refused(server, member):
    """SQL fragments and markup are stored and read back as plain text; a
    1 MB string is refused by size, and the server answers the next call."""
    nasty = "Robert'); DROP TABLE sessions;-- \\x00 $1 %s %n {{7*7}} <script>alert(1)</script> ∑ 🚀"
    s = member.call(member.sessions.CreateSession, spb.CreateSessionRequest(
        template_slug="sales_debrief",
        subject={"kind": "meeting", "key": "account:'; --", "title": nasty,
                 "attributes": {"note": nasty}}))
    got = member.call(member.sessions.GetSession, spb.GetSessionRequest(session_id=s.session.id))
    assert got.session.subject.title == nasty
    assert got.session.subject.attributes["note"] == nasty
    r = member.call(member.conversation.SendMessage, cpb.SendMessageRequest(
        session_id=s.session.id, client_msg_id="x' OR '1'='1", text=nasty))
    assert r.ack.seq > 0
    hist = member.call(member.sessions.GetSessionHistory, spb.GetSessionHistoryRequest(
        session_id=s.session.id))
    assert nasty in [m.text for m in hist.messages]
    for field in ("title", "text"):
        with pytest.raises(grpc.RpcError) as e:
            if field == "title":
                member.call(member.sessions.CreateSession, spb.CreateSessionRequest(
                    template_slug="sales_debrief",
                    subject={"kind": "meeting", "key": "k", "title": "x" * (1 << 20)}))
            else:
                member.call(member.conversation.SendMessage, cpb.SendMessageRequest(
                    session_id=s.session.id, client_msg_id="big", text="y" * (1 << 20)))
        assert e.value.code() in (grpc.StatusCode.INVALID_ARGUMENT,
                                  grpc.StatusCode.RESOURCE_EXHAUSTED), e.value.details()
    assert_alive(server, member)


def test_request_that_unpacks_too_large_is_resource_exhausted(server, member):
    """1 MB of empty map entries unpacks to far more than a call's memory:
    refused as too big (not as malformed), and the server carries on."""
    attributes = b"\x0a\x00" * (512 * 1024)  # Struct.fields, each an empty entry
    body = wrap(1, b"sales_debrief") + wrap(3, subject_bytes() + wrap(4, attributes))
    fn = raw_unary(member, "/debrief.v1.SessionService/CreateSession")
    with pytest.raises(grpc.RpcError) as e:
        fn(body, metadata=member.md, timeout=10)
    assert e.value.code() == grpc.StatusCode.RESOURCE_EXHAUSTED, e.value.details()
    assert "memory" in e.value.details()
    assert_alive(server, member)
