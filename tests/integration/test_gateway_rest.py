"""The HTTP/JSON gateway (gateway/, docs/gateway.md) in front of the real
server: every REST route of /openapi.json, answers equal to the gRPC ones in
canonical proto3 JSON, the error mapping, and hostile requests, each followed
by a check that the gateway still serves."""
import base64
import json
import re
import time
import uuid

import httpx
import pytest
from google.protobuf import json_format

from conftest import Client, Gateway, make_jwt
from debrief.v1 import session_service_pb2 as spb
from debrief.v1 import template_service_pb2 as tpb

COVERED = set()  # (METHOD, openapi path) of every route a test below called
ANSWERS = []  # (METHOD, openapi path, status, body) of those calls, checked against the document


@pytest.fixture(scope="module")
def tokens(server):
    return {
        "member": server.token("gw-alice", "member", "team-gw"),
        "other": server.token("gw-bob", "member", "team-gw"),
        "admin": server.token("gw-admin", "admin", "team-gw"),
    }


@pytest.fixture(scope="module")
def http(gateway):
    with httpx.Client(base_url=gateway.url, timeout=15) as c:
        yield c


def call(http, tokens, method, template, path=None, who="member", **kw):
    """One request; records the route (template) as covered."""
    COVERED.add((method, template))
    headers = kw.pop("headers", {})
    if who:
        headers["authorization"] = "Bearer " + tokens[who]
    r = http.request(method, path or template, headers=headers, **kw)
    ANSWERS.append((method, template, r.status_code, r.json()))
    return r


def still_serves(http, tokens):
    r = http.get("/healthz")
    assert r.status_code == 200 and r.json() == {"status": "ok"}
    r = http.get("/v1/templates", headers={"authorization": "Bearer " + tokens["member"]})
    assert r.status_code == 200, r.text
    assert any(t["slug"] == "sales_debrief" for t in r.json()["templates"])


def status_body(r):
    """The google.rpc.Status body of an error response."""
    b = r.json()
    assert set(b) == {"code", "message", "details"}, b
    assert isinstance(b["code"], int) and isinstance(b["message"], str)
    return b


def new_session(http, tokens, who="member", key="acme"):
    r = call(http, tokens, "POST", "/v1/sessions", who=who, json={
        "templateSlug": "sales_debrief",
        "subject": {"kind": "meeting", "key": "account:" + key, "title": "Acme QBR",
                    "attributes": {"seats": 50, "tags": ["a", "b"], "nested": {"x": None}}}})
    assert r.status_code == 200, r.text
    return r.json()["session"]


def test_sessions_match_grpc(server, http, tokens):
    s = new_session(http, tokens)
    assert s["state"] == "SESSION_STATE_CREATED"
    assert s["subject"]["attributes"] == {"seats": 50, "tags": ["a", "b"], "nested": {"x": None}}
    r = call(http, tokens, "GET", "/v1/sessions/{session_id}", "/v1/sessions/" + s["id"])
    assert r.status_code == 200
    assert r.headers["content-type"] == "application/json"
    # The same answer as gRPC's, in canonical JSON (camelCase, int64 as strings).
    c = Client(server, tokens["member"])
    try:
        g = c.call(c.sessions.GetSession, spb.GetSessionRequest(session_id=s["id"]))
        assert r.json() == json_format.MessageToDict(g)
        lt = c.call(c.templates.ListTemplates, tpb.ListTemplatesRequest())
    finally:
        c.close()
    r = call(http, tokens, "GET", "/v1/templates")
    assert r.json() == json_format.MessageToDict(lt)
    # The query string: enums by name and by number, repeated keys, camel and proto names.
    r = call(http, tokens, "GET", "/v1/sessions", "/v1/sessions?pageSize=10"
             "&states=SESSION_STATE_CREATED&states=2&subject_key=account:acme")
    assert r.status_code == 200, r.text
    assert s["id"] in [x["id"] for x in r.json()["sessions"]]
    r = call(http, tokens, "GET", "/v1/sessions", "/v1/sessions?states=SESSION_STATE_COMPLETED")
    assert s["id"] not in [x["id"] for x in r.json().get("sessions", [])]
    # Another member does not see it: NOT_FOUND, never the data.
    r = call(http, tokens, "GET", "/v1/sessions/{session_id}", "/v1/sessions/" + s["id"],
             who="other")
    assert r.status_code == 404 and status_body(r)["code"] == 5


def test_session_lifecycle_routes(http, tokens):
    s = new_session(http, tokens, key="life")
    sid = s["id"]
    r = call(http, tokens, "POST", "/v1/sessions/{session_id}/messages",
             "/v1/sessions/%s/messages" % sid,
             json={"clientMsgId": "m1", "text": "We met Acme; they liked the demo."})
    assert r.status_code == 200, r.text
    ack = r.json()["ack"]
    assert ack["clientMsgId"] == "m1" and isinstance(ack["seq"], str) and int(ack["seq"]) > 0
    # Resent: the same ack, marked duplicate.
    r2 = call(http, tokens, "POST", "/v1/sessions/{session_id}/messages",
              "/v1/sessions/%s/messages" % sid, json={"client_msg_id": "m1", "text": "again"})
    assert r2.json()["ack"]["seq"] == ack["seq"] and r2.json()["ack"]["duplicate"] is True
    r = call(http, tokens, "GET", "/v1/sessions/{session_id}/messages",
             "/v1/sessions/%s/messages?afterSeq=0&pageSize=50" % sid)
    assert r.status_code == 200, r.text
    assert r.json()["messages"]
    r = call(http, tokens, "POST", "/v1/sessions/{session_id}:pause",
             "/v1/sessions/%s:pause" % sid, json={})
    assert r.status_code == 200, r.text
    assert r.json()["session"]["state"] == "SESSION_STATE_PAUSED"
    r = call(http, tokens, "POST", "/v1/sessions/{session_id}:resume",
             "/v1/sessions/%s:resume" % sid, json={})
    assert r.status_code == 200 and r.json()["session"]["state"] == "SESSION_STATE_ACTIVE"
    # Wrong state: FAILED_PRECONDITION is 400.
    r = call(http, tokens, "POST", "/v1/sessions/{session_id}:recover",
             "/v1/sessions/%s:recover" % sid, json={})
    assert r.status_code == 400 and status_body(r)["code"] == 9
    r = call(http, tokens, "POST", "/v1/sessions/{session_id}:complete",
             "/v1/sessions/%s:complete" % sid, json={})
    assert r.status_code == 200, r.text
    assert r.json()["session"]["state"] == "SESSION_STATE_COMPLETED"
    other = new_session(http, tokens, key="cancel")
    r = call(http, tokens, "POST", "/v1/sessions/{session_id}:cancel",
             "/v1/sessions/%s:cancel" % other["id"], json={"reason": "no longer needed"})
    assert r.status_code == 200, r.text
    assert r.json()["session"]["state"] == "SESSION_STATE_CANCELLED"
    # Insights come from the completed session.
    r = call(http, tokens, "GET", "/v1/insights", "/v1/insights?sessionId=" + sid)
    assert r.status_code == 200, r.text
    insights = r.json().get("insights", [])
    iid = insights[0]["id"] if insights else "00000000-0000-0000-0000-000000000000"
    r = call(http, tokens, "POST", "/v1/insights/{insight_id}:review",
             "/v1/insights/%s:review" % iid, json={"action": "REVIEW_ACTION_ACCEPT"})
    assert r.status_code in (200, 404), r.text
    r = call(http, tokens, "GET", "/v1/insights/{insight_id}/reviews",
             "/v1/insights/%s/reviews" % iid)
    assert r.status_code in (200, 404), r.text
    r = call(http, tokens, "GET", "/v1/notifications", "/v1/notifications?pageSize=5")
    assert r.status_code == 200, r.text


def test_summary_reads_in_the_order_it_was_written(http, tokens):
    """A completed session's summary comes back with its parts in the order the
    engine wrote them (a STAR story as situation, task, action, result), not in
    the store's order, and template fields carry the labels people read."""
    r = call(http, tokens, "POST", "/v1/sessions", json={
        "templateSlug": "work_experience",
        "subject": {"kind": "job", "key": "job:order", "title": "Order"}})
    assert r.status_code == 200, r.text
    sid = r.json()["session"]["id"]
    r = call(http, tokens, "POST", "/v1/sessions/{session_id}/messages",
             "/v1/sessions/%s/messages" % sid,
             json={"clientMsgId": "o1", "text": "I was a nurse at St Mary's from 2019 to 2023."})
    assert r.status_code == 200, r.text
    r = call(http, tokens, "POST", "/v1/sessions/{session_id}:complete",
             "/v1/sessions/%s:complete" % sid, json={})
    assert r.status_code == 200, r.text
    r = call(http, tokens, "GET", "/v1/sessions/{session_id}", "/v1/sessions/%s" % sid)
    summary = r.json()["session"]["summary"]
    assert list(summary["interview_story"]) == ["situation", "task", "action", "result"], summary
    assert list(summary["role_context"])[-1] == "text", summary
    r = call(http, tokens, "GET", "/v1/templates/{slug}", "/v1/templates/work_experience")
    labels = {f["key"]: f["label"] for f in r.json()["template"]["fields"]}
    assert labels["tools_technologies"] == "Tools and technologies"
    assert labels["role_title"] == "Role title"  # the key as words when the template gives none


def test_template_routes(http, tokens):
    r = call(http, tokens, "GET", "/v1/templates/{slug}", "/v1/templates/sales_debrief")
    assert r.status_code == 200, r.text
    t = r.json()["template"]
    assert t["slug"] == "sales_debrief" and t["fields"]
    # A named body field ("template"); the answer is a ValidateTemplateResponse.
    body = {k: v for k, v in t.items() if k not in ("createTime", "builtin", "createdBy", "version")}
    r = call(http, tokens, "POST", "/v1/templates:validate", json=body)
    assert r.status_code == 200, r.text
    assert r.json().get("valid") is True, r.text
    body["slug"] = "gw_copy"
    r = call(http, tokens, "POST", "/v1/templates", json=body, who="member")
    assert r.status_code == 403 and status_body(r)["code"] == 7
    r = call(http, tokens, "POST", "/v1/templates", json=body, who="admin")
    assert r.status_code == 200, r.text
    assert r.json()["template"]["slug"] == "gw_copy"
    r = call(http, tokens, "POST", "/v1/templates", json=body, who="admin")
    assert r.status_code == 409 and status_body(r)["code"] == 6
    # {template.slug} in the path wins over the body's slug.
    body["slug"] = "ignored"
    body["title"] = "Copy, edited"
    r = call(http, tokens, "PUT", "/v1/templates/{template.slug}", "/v1/templates/gw_copy",
             json=body, who="admin")
    assert r.status_code == 200, r.text
    assert r.json()["template"]["slug"] == "gw_copy"
    assert r.json()["template"]["title"] == "Copy, edited"


def test_crm_routes(http, tokens):
    """The CRM routes map their statuses; the payload and pushes need a completed session."""
    s = new_session(http, tokens, key="crm")
    r = call(http, tokens, "GET", "/v1/sessions/{session_id}/crm", "/v1/sessions/%s/crm" % s["id"])
    assert r.status_code == 400 and status_body(r)["code"] == 9, r.text
    assert "COMPLETED" in status_body(r)["message"]
    r = call(http, tokens, "POST", "/v1/sessions/{session_id}:pushToCrm",
             "/v1/sessions/%s:pushToCrm" % s["id"], json={})
    assert r.status_code == 400 and status_body(r)["code"] == 9, r.text
    r = call(http, tokens, "GET", "/v1/crm/deliveries", who="member")
    assert r.status_code == 403, r.text
    r = call(http, tokens, "GET", "/v1/crm/deliveries", "/v1/crm/deliveries?page_size=5",
             who="admin")
    assert r.status_code == 200, r.text
    r = call(http, tokens, "POST", "/v1/crm/deliveries/{push_id}:retry",
             "/v1/crm/deliveries/%s:retry" % uuid.uuid4(), json={}, who="admin")
    assert r.status_code == 404 and status_body(r)["code"] == 5, r.text


def test_export_route(http, tokens):
    """ExportSession as REST: the rendered bytes in base64; ExportSessions (a stream) is
    tests/integration/test_export.py's."""
    s = new_session(http, tokens, key="export")
    r = call(http, tokens, "GET", "/v1/sessions/{session_id}:export",
             "/v1/sessions/%s:export?format=EXPORT_FORMAT_MARKDOWN" % s["id"])
    assert r.status_code == 200, r.text
    assert r.json()["contentType"] == "text/markdown; charset=utf-8"
    assert base64.b64decode(r.json()["content"]).startswith(b"# Acme QBR")
    r = call(http, tokens, "GET", "/v1/sessions/{session_id}:export",
             "/v1/sessions/%s:export" % s["id"], who="other")
    assert r.status_code == 404 and status_body(r)["code"] == 5


def test_analytics_routes(http, tokens):
    """AnalyticsService as REST: query-string filters, enums by name, 403 past one's scope."""
    s = new_session(http, tokens, key="analytics")
    # The daily rollups lag by one fold (DEBRIEF_ANALYTICS_FOLD_MS, 1 s): poll, with a deadline.
    deadline = time.monotonic() + 20
    while True:
        r = call(http, tokens, "GET", "/v1/analytics/sessions",
                 "/v1/analytics/sessions?filter.templateSlug=sales_debrief"
                 "&bucket=TREND_BUCKET_DAY")
        assert r.status_code == 200, r.text
        if int(r.json().get("total", 0)) >= 1:
            break
        assert time.monotonic() < deadline, "the new session never reached the rollups: " + r.text
        time.sleep(0.1)
    assert r.json()["trend"]
    r = call(http, tokens, "GET", "/v1/analytics/fields",
             "/v1/analytics/fields?filter.start_time=2024-01-01T00:00:00Z")
    assert r.status_code == 400 and "366" in status_body(r)["message"]
    r = call(http, tokens, "GET", "/v1/analytics/usage", "/v1/analytics/usage")
    assert r.status_code == 200, r.text
    r = call(http, tokens, "GET", "/v1/analytics/pipeline", "/v1/analytics/pipeline?filter.team_id=t")
    assert r.status_code == 403 and status_body(r)["code"] == 7
    r = call(http, tokens, "GET", "/v1/analytics/sessions/{session_id}",
             "/v1/analytics/sessions/%s" % s["id"])
    assert r.status_code == 200, r.text
    assert r.json()["sessionId"] == s["id"] and r.json()["templateSlug"] == "sales_debrief"


def test_ops_metrics_route(http, tokens):
    """OpsService.GetMetrics as REST: the server's exposition text in JSON, admin only."""
    r = call(http, tokens, "GET", "/v1/ops/metrics", who="member")
    assert r.status_code == 403 and status_body(r)["code"] == 7
    r = call(http, tokens, "GET", "/v1/ops/metrics", who="admin")
    assert r.status_code == 200, r.text
    assert "# TYPE debrief_rpc_duration_seconds histogram\n" in r.json()["text"]


def test_every_route_was_called(http, tokens):
    """Runs last in this module: every operation of /openapi.json was exercised above."""
    doc = http.get("/openapi.json").json()
    ops = {(m.upper(), p) for p, item in doc["paths"].items() for m in item}
    ops.discard(("GET", "/v1/sessions/{session_id}/converse"))  # tests/integration/test_gateway_ws.py
    ops.discard(("GET", "/v1/notifications:watch"))  # tests/integration/test_gateway_stream.py
    ops.discard(("GET", "/v1/exports/sessions"))  # tests/integration/test_export.py
    assert ops - COVERED == set()


def test_answers_match_the_openapi_document(http):
    """Every answer above has the shape /openapi.json gives for it: the 200 schema of its
    operation (no property the document does not list), or google.rpc.Status."""
    import jsonschema
    doc = http.get("/openapi.json").json()
    assert len(ANSWERS) > 30
    for method, template, status, body in ANSWERS:
        op = doc["paths"][template][method.lower()]
        key = "200" if status == 200 else "default"
        schema = op["responses"][key]["content"]["application/json"]["schema"]
        root = dict(schema, components=doc["components"])
        try:
            jsonschema.Draft7Validator(root).validate(body)
        except jsonschema.ValidationError as e:
            raise AssertionError("%s %s (%d) does not match the document: %s"
                                 % (method, template, status, e.message))


# ---- errors and hostile requests; after each one the gateway still serves ----

def test_auth_errors(http, tokens):
    r = http.get("/v1/sessions")
    assert r.status_code == 401 and r.headers["www-authenticate"] == "Bearer"
    assert status_body(r)["code"] == 16
    expired = make_jwt({"sub": "gw-alice", "role": "member", "team": "team-gw",
                        "exp": int(time.time()) - 3600})
    r = http.get("/v1/sessions", headers={"authorization": "Bearer " + expired})
    assert r.status_code == 401 and r.headers["www-authenticate"] == "Bearer"
    assert "expired" in status_body(r)["message"]
    r = http.get("/v1/sessions", headers={"authorization": "Bearer " + "x" * 9000})
    assert r.status_code == 401
    still_serves(http, tokens)


@pytest.mark.parametrize("body,status,needle", [
    (b'{"templateSlug":', 400, "not valid JSON"),
    (b'{"templateSlug": 5}', 400, "template_slug"),
    (b'{"templateSlug": "sales_debrief", "bogus": 1}', 400, "bogus"),
    (b'{"subject": {"kind": "k", "colour": "red"}}', 400, "subject.colour"),
    (b'{"templateVersion": "seven"}', 400, "template_version"),
    (b'{"templateVersion": 1e40}', 400, "template_version"),
    (b'{"template_slug": "a", "templateSlug": "b"}', 400, "twice"),
    (b'[1, 2]', 400, "object"),
    (b'"just a string"', 400, "object"),
    (b'{"subject": {"attributes": ' + b'{"a":' * 80 + b'1' + b'}' * 80 + b'}}', 400, "deeper"),
    (b'\xff\xfe', 400, "not valid JSON"),
])
def test_bad_bodies(http, tokens, body, status, needle):
    r = http.post("/v1/sessions", content=body, headers={
        "authorization": "Bearer " + tokens["member"], "content-type": "application/json"})
    assert r.status_code == status, r.text
    assert needle in status_body(r)["message"]
    still_serves(http, tokens)


def test_oversized_body(http, tokens):
    r = http.post("/v1/sessions", content=b"x" * (2 << 20),
                  headers={"authorization": "Bearer " + tokens["member"]})
    assert r.status_code == 413
    assert status_body(r)["code"] == 8
    still_serves(http, tokens)


def test_chunked_body_needs_a_length(http, tokens):
    def chunks():
        yield b'{"templateSlug": '
        yield b'"sales_debrief"}'

    r = http.post("/v1/sessions", content=chunks(),
                  headers={"authorization": "Bearer " + tokens["member"]})
    assert r.status_code == 411 and "Content-Length" in status_body(r)["message"]
    still_serves(http, tokens)


def test_routing_errors(http, tokens):
    auth = {"authorization": "Bearer " + tokens["member"]}
    r = http.get("/v1/nowhere", headers=auth)
    assert r.status_code == 404 and status_body(r)["code"] == 5
    r = http.delete("/v1/sessions/abc", headers=auth)
    assert r.status_code == 405 and r.headers["allow"] == "GET"
    r = http.get("/v1/sessions/abc/converse", headers=auth)
    assert r.status_code == 426
    r = http.get("/v1/sessions?bogus=1", headers=auth)
    assert r.status_code == 400 and "bogus" in status_body(r)["message"]
    r = http.get("/v1/sessions?states=NOT_A_STATE", headers=auth)
    assert r.status_code == 400
    r = http.get("/v1/sessions?pageSize=abc", headers=auth)
    assert r.status_code == 400
    r = http.get("/v1/sessions", headers=dict(auth, timeout="soon"))
    assert r.status_code == 400 and "Timeout" in status_body(r)["message"]
    # Percent-encoded path segments reach the server decoded.
    r = http.get("/v1/templates/sales%5Fdebrief", headers=auth)
    assert r.status_code == 200 and r.json()["template"]["slug"] == "sales_debrief"
    still_serves(http, tokens)


def test_headers(server, http, tokens):
    auth = {"authorization": "Bearer " + tokens["member"]}
    r = http.get("/v1/templates", headers=dict(auth, **{"x-request-id": "req-123.abc"}))
    assert r.headers["x-request-id"] == "req-123.abc"
    # The id reached the server as gRPC metadata: its log line for the call carries it.
    for _ in range(50):
        if '"request_id":"req-123.abc"' in server.read_log():
            break
        time.sleep(0.1)
    assert '"request_id":"req-123.abc"' in server.read_log()
    r = http.get("/v1/templates", headers=dict(auth, **{"x-request-id": "bad id;x"}))
    assert re.fullmatch(r"gw-[0-9a-f]{32}", r.headers["x-request-id"])
    # A deadline the server cannot meet comes back as 504, or the answer made it.
    r = http.get("/v1/templates", headers=dict(auth, **{"x-request-timeout": "1ms"}))
    assert r.status_code in (200, 504)
    # CORS is off unless configured.
    r = http.get("/v1/templates", headers=dict(auth, origin="http://app.example"))
    assert "access-control-allow-origin" not in r.headers
    still_serves(http, tokens)


def test_cors_per_origin(server, tokens):
    gw = Gateway(server, env={"DEBRIEF_GATEWAY_CORS_ORIGINS": "http://app.example"},
                 log_name="gateway_cors").start()
    try:
        with httpx.Client(base_url=gw.url, timeout=10) as c:
            r = c.options("/v1/sessions", headers={"origin": "http://app.example",
                                                   "access-control-request-method": "POST"})
            assert r.status_code == 204
            assert r.headers["access-control-allow-origin"] == "http://app.example"
            assert "authorization" in r.headers["access-control-allow-headers"]
            r = c.get("/v1/templates", headers={"origin": "http://app.example",
                                                "authorization": "Bearer " + tokens["member"]})
            assert r.headers["access-control-allow-origin"] == "http://app.example"
            r = c.get("/v1/templates", headers={"origin": "http://evil.example",
                                                "authorization": "Bearer " + tokens["member"]})
            assert r.status_code == 200 and "access-control-allow-origin" not in r.headers
    finally:
        assert gw.stop() == 0


def test_ops_endpoints(http, tokens):
    assert http.get("/readyz").json() == {"status": "SERVING"}
    m = http.get("/metrics")
    assert m.status_code == 200 and m.headers["content-type"].startswith("text/plain")
    assert re.search(r'debrief_gateway_requests_total\{route="GetSession",code="200"\} [1-9]',
                     m.text), m.text
    assert re.search(r'debrief_gateway_requests_total\{route="CreateSession",code="400"\} [1-9]',
                     m.text)
    assert 'debrief_gateway_request_seconds_bucket{route="ListTemplates",le="+Inf"}' in m.text
    assert "debrief_gateway_open_streams{kind=\"websocket\"} 0" in m.text


def test_openapi_document_validates(http):
    from openapi_spec_validator import validate
    doc = http.get("/openapi.json").json()
    validate(doc)
    ops = {(m, p) for p, item in doc["paths"].items() for m in item}
    assert ("post", "/v1/sessions/{session_id}:pause") in ops
    assert ("put", "/v1/templates/{template.slug}") in ops
    s = doc["components"]["schemas"]["debrief.v1.Session"]["properties"]
    assert s["lastSeq"] == {"type": "string", "format": "int64"}
    assert s["createTime"] == {"type": "string", "format": "date-time"}
    params = {p["name"] for p in doc["paths"]["/v1/sessions"]["get"]["parameters"]}
    assert {"page_size", "states", "created_after"} <= params
