"""Authentication on the wire: every way a token can be wrong gets
UNAUTHENTICATED with a message that says what is wrong."""
import time

import grpc
import pytest

from conftest import Client, make_jwt
from debrief.v1 import session_service_pb2 as spb

SID = "3f2a9c4e-1b7d-4e8a-9c3f-2a1b7d4e8a9c"


def claims(**kw):
    c = {"sub": "alice", "role": "member", "team": "team-a", "exp": int(time.time()) + 600}
    c.update(kw)
    return c


def rpc_code(server, token):
    c = Client(server, token)
    try:
        with pytest.raises(grpc.RpcError) as e:
            c.call(c.sessions.GetSession, spb.GetSessionRequest(session_id=SID))
        return e.value.code(), e.value.details()
    finally:
        c.close()


def test_no_token(server):
    code, details = rpc_code(server, None)
    assert code == grpc.StatusCode.UNAUTHENTICATED
    assert "bearer" in details.lower()


def test_expired_token(server):
    code, details = rpc_code(server, make_jwt(claims(exp=int(time.time()) - 3600)))
    assert code == grpc.StatusCode.UNAUTHENTICATED
    assert "expired" in details.lower()


def test_alg_none_token(server):
    code, details = rpc_code(server, make_jwt(claims(), alg="none"))
    assert code == grpc.StatusCode.UNAUTHENTICATED
    assert "none" in details.lower() or "algorithm" in details.lower()


def test_wrong_signature(server):
    code, _ = rpc_code(server, make_jwt(claims(), secret="not-the-server-secret"))
    assert code == grpc.StatusCode.UNAUTHENTICATED


def test_missing_exp(server):
    c = claims()
    del c["exp"]
    code, details = rpc_code(server, make_jwt(c))
    assert code == grpc.StatusCode.UNAUTHENTICATED and "exp" in details


def test_garbage_token(server):
    code, _ = rpc_code(server, "this.is.not-a-jwt")
    assert code == grpc.StatusCode.UNAUTHENTICATED


def test_valid_hand_made_token_reaches_the_handler(server):
    code, _ = rpc_code(server, make_jwt(claims()))
    assert code == grpc.StatusCode.NOT_FOUND  # authenticated; the session does not exist
