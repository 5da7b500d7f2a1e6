"""Long-lived streams are bounded: per-user and unauthenticated stream caps
(RESOURCE_EXHAUSTED past them), token expiry enforced on an open stream
(UNAUTHENTICATED, then a reopen with a fresh token resumes by seq), and a
long Converse stream whose memory stays flat over 2,000 steps."""
import os
import time

import grpc
import pytest
from google.protobuf import struct_pb2

from conftest import Client, Server, db_url_for
from debrief.v1 import conversation_service_pb2 as cpb
from debrief.v1 import notification_service_pb2 as npb
from debrief.v1 import notification_service_pb2_grpc as ngrpc
from grpc_health.v1 import health_pb2, health_pb2_grpc
from test_conversation import Stream, create, load_case, open_stream


@pytest.fixture(scope="module")
def server():
    srv = Server(db_url_for("it_stream_limits"), log_name="it_stream_limits", env={
        "DEBRIEF_MAX_STREAMS_PER_USER": "3", "DEBRIEF_MAX_PUBLIC_STREAMS": "2",
        "DEBRIEF_JWT_LEEWAY_S": "1"}).start()
    yield srv
    assert srv.stop() == 0, srv.read_log()


def watch(client):
    stub = ngrpc.NotificationServiceStub(client.channel)
    return stub.WatchNotifications(npb.WatchNotificationsRequest(), metadata=client.md,
                                   timeout=30)


def first_error(call, wait=5):
    """The status of a stream that should end by itself within wait seconds."""
    try:
        for _ in call:
            pass
    except grpc.RpcError as e:
        return e
    raise AssertionError("the stream ended without an error")


def test_per_user_stream_cap(server, user_id):
    a = Client(server, server.token(user_id, "member", "team-a"))
    b = Client(server, server.token(user_id + "-b", "member", "team-a"))
    try:
        sess = create(a, load_case("debrief-sample-1"))
        held = [open_stream(a, sess.id)[0]] + [watch(a) for _ in range(2)]
        time.sleep(0.3)
        e = first_error(watch(a))
        assert e.code() == grpc.StatusCode.RESOURCE_EXHAUSTED
        assert "3 open streams" in e.details()
        s = Stream(a)  # Converse counts too
        s.send(open=cpb.OpenFrame(session_id=sess.id))
        with pytest.raises(EOFError):
            s.recv()
        assert s.error.code() == grpc.StatusCode.RESOURCE_EXHAUSTED
        other = watch(b)  # another user is unaffected
        time.sleep(0.3)
        assert other.is_active()
        other.cancel()
        held[1].cancel()  # closing one frees a slot
        deadline = time.time() + 5
        while True:
            w = watch(a)
            time.sleep(0.3)
            if w.is_active():
                break
            assert time.time() < deadline, "the slot of a closed stream never came back"
        w.cancel()
        held[0].close()
        held[2].cancel()
    finally:
        a.close()
        b.close()


def test_unauthenticated_stream_cap(server):
    with server.channel() as ch:
        stub = health_pb2_grpc.HealthStub(ch)
        held = [stub.Watch(health_pb2.HealthCheckRequest(), timeout=30) for _ in range(2)]
        for h in held:
            assert next(h).status == health_pb2.HealthCheckResponse.SERVING
        e = first_error(stub.Watch(health_pb2.HealthCheckRequest(), timeout=30))
        assert e.code() == grpc.StatusCode.RESOURCE_EXHAUSTED
        # Unary health checks are not streams and still answer.
        assert stub.Check(health_pb2.HealthCheckRequest(), timeout=5).status == \
            health_pb2.HealthCheckResponse.SERVING
        for h in held:
            h.cancel()


def test_token_expiry_ends_an_open_stream(server, user_id):
    c = Client(server, server.token(user_id, "member", "team-a", ttl=2))
    fresh = Client(server, server.token(user_id, "member", "team-a"))
    try:
        sess = create(c, load_case("debrief-sample-1"))
        s, snap = open_stream(c, sess.id)
        t0 = time.monotonic()
        with pytest.raises(EOFError):
            s.recv(timeout=10)
        ended_after = time.monotonic() - t0
        assert s.error.code() == grpc.StatusCode.UNAUTHENTICATED
        assert "expired" in s.error.details() and "resume_after_seq" in s.error.details()
        assert ended_after < 5  # exp (2 s) + leeway (1 s) + the watchdog's tick
        s2, snap2 = open_stream(fresh, sess.id, after=snap.session.last_seq)
        assert snap2.session.id == sess.id
        s2.close()
        print("FIGURE: token-expiry ttl_s=2 leeway_s=1 stream_ended_after_s=%.2f" % ended_after)
    finally:
        c.close()
        fresh.close()


def rss_kb(pid):
    with open("/proc/%d/status" % pid) as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    raise AssertionError("no VmRSS")


def test_long_stream_memory_is_flat(server, user_id):
    """2,000 steps (edits, pauses and resumes) on one stream: each step's frames
    live in memory of its own, so neither the stream nor the process grows."""
    c = Client(server, server.token(user_id, "member", "team-a"))
    try:
        sess = create(c, load_case("debrief-sample-1"))
        s, _ = open_stream(c, sess.id)
        v = struct_pb2.Value()
        samples = {}
        for i in range(2000):
            k = i % 4
            if k == 0:
                v.struct_value.update({"amount": 1000 + i, "currency": "EUR"})
                s.send(edit_field=cpb.EditFieldFrame(key="budget", value=v,
                                                     client_msg_id="e%d" % i))
            elif k == 1:
                s.send(control=cpb.ControlFrame(action=cpb.CONTROL_ACTION_PAUSE))
            elif k == 2:
                s.send(control=cpb.ControlFrame(action=cpb.CONTROL_ACTION_RESUME))
            else:
                s.send(edit_field=cpb.EditFieldFrame(
                    key="next_steps", value=struct_pb2.Value(string_value="call %d" % i),
                    client_msg_id="n%d" % i))
            s.recv(timeout=10)
            if i + 1 in (500, 1000, 1500, 2000):
                samples[i + 1] = rss_kb(server.proc.pid)
        s.close()
        growth = samples[2000] - samples[500]
        print("FIGURE: long-stream steps=2000 rss_kb=%s growth_after_warmup_kb=%d" % (
            ",".join("%d:%d" % kv for kv in sorted(samples.items())), growth))
        if any(v in os.environ for v in ("ASAN_OPTIONS", "TSAN_OPTIONS")):
            return  # sanitizers keep freed memory in quarantine: RSS says nothing there
        assert growth < 0.05 * samples[500] + 2048, samples
    finally:
        c.close()
