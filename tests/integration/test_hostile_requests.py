"""Requests built to hurt the server: deeply nested messages, oversized
values and malformed UTF-8. Each must get a clear INVALID_ARGUMENT (or
RESOURCE_EXHAUSTED for size) and leave the server answering the next call."""
import grpc
import pytest

from conftest import Server, db_url_for
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
