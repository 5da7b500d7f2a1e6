"""The gateway's application/x-protobuf REST bodies (docs/gateway.md): a
protobuf request body, path and query bindings as with JSON, protobuf
replies when the client sends protobuf or asks for it in Accept, errors as
google.rpc.Status in protobuf, and JSON unchanged for everyone else."""
import httpx
import pytest
from google.rpc import status_pb2

from debrief.v1 import session_service_pb2 as spb
from debrief.v1 import template_service_pb2 as tpb
from debrief.v1 import types_pb2 as types

PB = "application/x-protobuf"


@pytest.fixture(scope="module")
def http(gateway, server):
    token = server.token("pb-alice", "member", "team-pb")
    with httpx.Client(base_url=gateway.url, timeout=15,
                      headers={"authorization": "Bearer " + token}) as c:
        yield c


def test_protobuf_request_and_reply(http):
    req = spb.CreateSessionRequest(template_slug="sales_debrief", subject=types.Subject(
        kind="meeting", key="account:acme", title="Acme renewal"))
    r = http.post("/v1/sessions", content=req.SerializeToString(), headers={"content-type": PB})
    assert r.status_code == 200, r.content
    assert r.headers["content-type"] == PB
    created = spb.CreateSessionResponse.FromString(r.content).session
    assert created.subject.title == "Acme renewal" and created.template_slug == "sales_debrief"

    # Accept alone asks for a protobuf reply; path variables bind as with JSON.
    r = http.get("/v1/sessions/" + created.id, headers={"accept": PB})
    assert r.status_code == 200 and r.headers["content-type"] == PB
    assert spb.GetSessionResponse.FromString(r.content).session.id == created.id

    # body "*" with a path variable: the path wins over the body, as with JSON.
    body = spb.CancelSessionRequest(session_id="ignored", reason="duplicate").SerializeToString()
    r = http.post("/v1/sessions/%s:cancel" % created.id, content=body,
                  headers={"content-type": PB})
    assert r.status_code == 200, r.content
    s = spb.CancelSessionResponse.FromString(r.content).session
    assert s.id == created.id and s.state == types.SESSION_STATE_CANCELLED

    # Query bindings still apply.
    for _ in range(2):
        http.post("/v1/sessions", content=req.SerializeToString(), headers={"content-type": PB})
    r = http.get("/v1/sessions", params={"pageSize": "2"}, headers={"accept": PB})
    page = spb.ListSessionsResponse.FromString(r.content)
    assert len(page.sessions) == 2 and page.next_page_token


def test_named_body_field(http):
    t = types.Template(slug="probe", title="A template without fields")
    r = http.post("/v1/templates:validate", content=t.SerializeToString(),
                  headers={"content-type": PB})
    assert r.status_code == 200, r.content
    v = tpb.ValidateTemplateResponse.FromString(r.content)
    assert v.valid is False and v.violations  # a template without fields


def test_errors_are_status_protobuf(http):
    r = http.get("/v1/sessions/00000000-0000-4000-8000-000000000000", headers={"accept": PB})
    assert r.status_code == 404 and r.headers["content-type"] == PB
    st = status_pb2.Status.FromString(r.content)
    assert st.code == 5 and st.message

    r = http.post("/v1/sessions", content=b"\x0a\xff\x01", headers={"content-type": PB})
    assert r.status_code == 400 and r.headers["content-type"] == PB
    st = status_pb2.Status.FromString(r.content)
    assert st.code == 3 and "CreateSessionRequest" in st.message

    r = http.get("/v1/sessions", headers={"accept": PB, "authorization": "Bearer nope"})
    assert r.status_code == 401
    assert status_pb2.Status.FromString(r.content).code == 16


def test_json_is_unchanged(http):
    r = http.post("/v1/sessions", json={"templateSlug": "sales_debrief"})
    assert r.status_code == 200 and r.headers["content-type"].startswith("application/json")
    assert r.json()["session"]["templateSlug"] == "sales_debrief"
    r = http.get("/v1/sessions/00000000-0000-4000-8000-000000000000")
    assert r.status_code == 404 and r.json()["code"] == 5
