"""Transport behaviour seen from a real client: health, reflection,
unknown methods, malformed and oversized messages, graceful shutdown."""
import subprocess

import grpc
import pytest

from conftest import SERVER_BIN, Client, Server, db_url_for
from debrief.v1 import session_service_pb2 as spb
from grpc_reflection.v1alpha import reflection_pb2, reflection_pb2_grpc


def test_reflection_lists_services(server):
    with server.channel() as ch:
        stub = reflection_pb2_grpc.ServerReflectionStub(ch)
        reqs = iter([reflection_pb2.ServerReflectionRequest(list_services="*")])
        resp = next(stub.ServerReflectionInfo(reqs, timeout=5))
        names = {s.name for s in resp.list_services_response.service}
    for svc in ("debrief.v1.SessionService", "debrief.v1.ConversationService",
                "debrief.v1.TemplateService", "grpc.health.v1.Health"):
        assert svc in names


def test_unknown_method_is_unimplemented(server, member):
    fn = member.channel.unary_unary("/debrief.v1.NoSuchService/Nope",
                                    request_serializer=lambda b: b,
                                    response_deserializer=lambda b: b)
    with pytest.raises(grpc.RpcError) as e:
        fn(b"", metadata=member.md, timeout=5)
    assert e.value.code() == grpc.StatusCode.UNIMPLEMENTED


def test_malformed_request_bytes(server, member):
    fn = member.channel.unary_unary("/debrief.v1.SessionService/GetSession",
                                    request_serializer=lambda b: b,
                                    response_deserializer=lambda b: b)
    with pytest.raises(grpc.RpcError) as e:
        fn(b"\xff\xff\xff\xff\x0f", metadata=member.md, timeout=5)
    assert e.value.code() == grpc.StatusCode.INVALID_ARGUMENT


def test_oversized_message(server, member):
    huge = spb.GetSessionRequest(session_id="x" * (2 * 1024 * 1024))
    with pytest.raises(grpc.RpcError) as e:
        member.call(member.sessions.GetSession, huge)
    assert e.value.code() == grpc.StatusCode.RESOURCE_EXHAUSTED


def test_graceful_shutdown_exits_zero():
    srv = Server(db_url_for("it_shutdown"), log_name="shutdown").start()
    assert srv.stop() == 0
    assert "server.stopped" in srv.read_log()


def test_refuses_to_start_without_a_key():
    srv = Server(db_url_for("it_nokey"), env={"DEBRIEF_JWT_SECRET": ""}, log_name="nokey")
    with pytest.raises(RuntimeError) as e:
        srv.start(timeout=10)
    assert "DEBRIEF_JWT_SECRET" in str(e.value)


def test_port_in_use_is_not_shared(server):
    """A second server on a port a running one holds exits with a clear error,
    instead of sharing the port's connections with it (SO_REUSEPORT off)."""
    second = Server(db_url_for("it_port_in_use"), log_name="port-in-use")
    second.env["DEBRIEF_GRPC_ADDR"] = server.addr
    with open(second.log_path, "w") as log:
        proc = subprocess.Popen([SERVER_BIN], env=second.env, stdout=log,
                                stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL)
        try:
            rc = proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
            pytest.fail("a second server listened on %s too" % server.addr)
    assert rc != 0
    assert "cannot listen on " + server.addr in second.read_log()
    with server.channel() as ch:  # the first one still serves
        grpc.channel_ready_future(ch).result(timeout=5)


def test_every_v1_rpc_is_served(server, member):
    """Every RPC of every debrief.v1 service that reflection lists has a
    handler: an empty request gets a real answer (often INVALID_ARGUMENT),
    never UNIMPLEMENTED."""
    from google.protobuf import descriptor_pb2
    with server.channel() as ch:
        stub = reflection_pb2_grpc.ServerReflectionStub(ch)
        reqs = iter([reflection_pb2.ServerReflectionRequest(list_services="*")])
        names = sorted(s.name for s in next(stub.ServerReflectionInfo(reqs, timeout=5))
                       .list_services_response.service if s.name.startswith("debrief.v1."))
        assert {"debrief.v1.AnalyticsService", "debrief.v1.ExportService"} <= set(names)
        methods = []
        for name in names:
            reqs = iter([reflection_pb2.ServerReflectionRequest(file_containing_symbol=name)])
            resp = next(stub.ServerReflectionInfo(reqs, timeout=5))
            for raw in resp.file_descriptor_response.file_descriptor_proto:
                fd = descriptor_pb2.FileDescriptorProto.FromString(raw)
                for svc in fd.service:
                    if "%s.%s" % (fd.package, svc.name) != name:
                        continue
                    methods += [("/%s/%s" % (name, m.name), m.client_streaming,
                                 m.server_streaming) for m in svc.method]
    assert len(methods) >= 30
    for path, client_streaming, server_streaming in methods:
        if client_streaming:
            continue  # Converse: tests/integration/test_conversation.py
        ident = dict(request_serializer=lambda b: b, response_deserializer=lambda b: b)
        try:
            if server_streaming:
                call = member.channel.unary_stream(path, **ident)(b"", metadata=member.md,
                                                                   timeout=2)
                next(iter(call), None)
            else:
                member.channel.unary_unary(path, **ident)(b"", metadata=member.md, timeout=5)
        except grpc.RpcError as e:
            assert e.code() != grpc.StatusCode.UNIMPLEMENTED, (path, e.details())
