"""Reliability matrix item 11: cross-user and cross-team access on every RPC.

Member A (team-a) owns a completed session (with insights and notifications)
and a live one. Member B (team-a), manager M (team-b) and an anonymous caller
try every RPC on A's data. Each gets NOT_FOUND or PERMISSION_DENIED
(UNAUTHENTICATED when anonymous; list RPCs answer OK with only the caller's
own rows), and no response, message or error detail carries A's session ids,
A's user id, insight ids or A's answer text. An error for A's real id must
read exactly like the error for a made-up id, so it is no existence oracle.

The RPCs come from the server's reflection service and the generated
descriptors: a newly added RPC without a case here fails
test_every_rpc_has_a_case until it gets one (or an exemption with a reason).
Positive controls (A herself, manager T of team-a, an admin) see the same
data, so the leak detector is known to fire when the data is there.
"""
import glob
import importlib
import json
import os
import uuid

import grpc
import pytest
from google.protobuf import descriptor_pool, message_factory, struct_pb2

from test_limits_matrix import figure  # one FIGURE printer for the matrices
from conftest import GEN_DIR, SOURCE_DIR, Client
from debrief.v1 import conversation_service_pb2 as cpb
from debrief.v1 import insight_service_pb2 as ipb
from debrief.v1 import notification_service_pb2 as npb
from debrief.v1 import session_service_pb2 as spb
from debrief.v1 import types_pb2 as types
from grpc_reflection.v1alpha import reflection_pb2, reflection_pb2_grpc

CASE = os.path.join(SOURCE_DIR, "tests", "eval", "cases", "debrief-sample-1.json")
NF, PD, UNIMPL = "NOT_FOUND", "PERMISSION_DENIED", "UNIMPLEMENTED"

# Whole services and single RPCs that hold no user's data, with the reason.
EXEMPT_SERVICES = {
    "grpc.health.v1.Health": "serving status only; public by design",
    "grpc.reflection.v1alpha.ServerReflection": "the API schema only; public by design",
    "grpc.reflection.v1.ServerReflection": "the API schema only; public by design",
}
EXEMPT_METHODS = {
    "/debrief.v1.TemplateService/ListTemplates":
        "templates are a shared catalogue, owned by no user or team",
    "/debrief.v1.TemplateService/GetTemplate":
        "templates are a shared catalogue, owned by no user or team",
    "/debrief.v1.TemplateService/ValidateTemplate":
        "validates the caller's own draft; reads no stored data",
    "/debrief.v1.SessionService/CreateSession":
        "creates a session owned by the caller; names no one else's data",
}
RESULTS = {"cases": 0, "leaks": 0, "oracles": 0, "rpcs": set()}


@pytest.fixture(scope="module", autouse=True)
def access_figure(request):
    yield
    if RESULTS["cases"]:
        figure(request, "access-matrix rpcs=%d exempt=%d cases=%d leaks=%d oracles=%d" % (
            len(RESULTS["rpcs"]), len(EXEMPT_METHODS), RESULTS["cases"], RESULTS["leaks"],
            RESULTS["oracles"]))


# ---- the RPC surface ----

def _load_generated():
    for path in glob.glob(os.path.join(GEN_DIR, "debrief", "v1", "*_pb2.py")):
        importlib.import_module("debrief.v1." + os.path.basename(path)[:-3])


def served_methods(server):
    """{path: MethodDescriptor or None} for every RPC the server lists by reflection."""
    _load_generated()
    with server.channel() as ch:
        stub = reflection_pb2_grpc.ServerReflectionStub(ch)
        resp = next(stub.ServerReflectionInfo(
            iter([reflection_pb2.ServerReflectionRequest(list_services="*")]), timeout=10))
        names = [s.name for s in resp.list_services_response.service]
    pool = descriptor_pool.Default()
    out = {}
    for name in names:
        if name in EXEMPT_SERVICES:
            continue
        svc = pool.FindServiceByName(name)  # KeyError: a service with no generated stubs
        for m in svc.methods:
            out["/%s/%s" % (name, m.name)] = m
    return out


def invoke(client, md, m, request, timeout=5.0):
    """Calls one RPC generically; returns (code name, details, [responses])."""
    path = "/%s/%s" % (m.containing_service.full_name, m.name)
    out_cls = message_factory.GetMessageClass(m.output_type)
    ser, de = (lambda x: x.SerializeToString()), out_cls.FromString
    got = []
    try:
        if m.client_streaming:
            reqs = request if isinstance(request, list) else [request]
            call = client.channel.stream_stream(path, ser, de)(iter(reqs), metadata=md,
                                                              timeout=timeout)
            for r in call:
                got.append(r)
        elif m.server_streaming:
            call = client.channel.unary_stream(path, ser, de)(request, metadata=md,
                                                             timeout=timeout)
            for r in call:
                got.append(r)
        else:
            got.append(client.channel.unary_unary(path, ser, de)(request, metadata=md,
                                                                timeout=timeout))
        return "OK", "", got
    except grpc.RpcError as e:
        return e.code().name, e.details() or "", got


# ---- the people and A's data ----

def person(server, role, team):
    uid = "%s-%s" % (role, uuid.uuid4().hex[:8])
    c = Client(server, server.token(uid, role, team))
    c.user_id = uid
    return c


def new_session(client, marker):
    with open(CASE) as f:
        case = json.load(f)
    attrs = struct_pb2.Struct()
    attrs.update(case["context"])
    subject = types.Subject(kind="meeting", key="account:" + marker,
                            title="Review " + marker, attributes=attrs)
    s = client.call(client.sessions.CreateSession, spb.CreateSessionRequest(
        template_slug=case["template"], subject=subject)).session
    return s, case


def converse_to_the_end(client, sid, texts):
    for i, text in enumerate(texts):
        r = client.call(client.conversation.SendMessage, cpb.SendMessageRequest(
            session_id=sid, client_msg_id="m%d" % i, text=text))
        if r.HasField("completed"):
            return r
    raise AssertionError("the interview never completed")


@pytest.fixture(scope="module")
def world(server):
    w = {k: person(server, r, t) for k, r, t in [
        ("A", "member", "team-a"), ("B", "member", "team-a"), ("M", "manager", "team-b"),
        ("T", "manager", "team-a"), ("admin", "admin", "team-z")]}
    w["anon"] = Client(server, None)
    a = w["A"]
    marker = "acx" + uuid.uuid4().hex[:12]
    done, case = new_session(a, marker)
    texts = [case["opening"] + " Reference " + marker + "."]
    texts += [x["text"] for x in case["answers"].values()] + ["That's all I have."]
    completed = converse_to_the_end(a, done.id, texts)
    live, _ = new_session(a, marker + "b")
    a.call(a.conversation.SendMessage, cpb.SendMessageRequest(
        session_id=live.id, client_msg_id="live-0", text="Live answer " + marker + "."))
    insights = a.call(a.insights.ListInsights,
                      ipb.ListInsightsRequest(session_id=done.id)).insights
    w.update(marker=marker, done=done.id, live=live.id, insights=[i.id for i in insights],
             completed=completed)
    assert insights, "the sample debrief proposed no insights"
    yield w
    for k in ("A", "B", "M", "T", "admin", "anon"):
        w[k].close()


def needles(w):
    """A's data, as bytes, that nobody else may ever get back."""
    return [x.encode() for x in [w["A"].user_id, w["done"], w["live"], w["marker"]]
            + w["insights"]]


def leaked(w, blobs):
    return sorted({n.decode() for n in needles(w) for b in blobs if n in b})


# ---- the cases: for each RPC, requests that aim at A's data ----
#
# Each builder gets (w, ids) where ids maps "done", "live", "insight" and
# "owner" to A's real values or to made-up ones of the same shape, and
# returns [(label, request, allowed codes for another user)].

def session_targets(make):
    def build(w, ids):
        return [(t, make(ids[t]), {NF, PD}) for t in ("done", "live")]
    return build


def planned(make, kind="target"):
    def build(w, ids):
        if kind == "target":
            return [(t, make(ids[t]), {NF, PD, UNIMPL}) for t in ("done", "live")]
        return [("list", make(ids), {"OK", PD, UNIMPL})]
    return build


def converse_frames(sid):
    return [cpb.ConverseRequest(open=cpb.OpenFrame(session_id=sid)),
            cpb.ConverseRequest(answer=cpb.AnswerFrame(client_msg_id="x1", text="hijack"))]


def _export():
    from debrief.v1 import analytics_service_pb2 as apb
    from debrief.v1 import export_service_pb2 as epb
    return apb, epb


def _analytics(name):
    def build(w, ids):
        apb, _ = _export()
        req = getattr(apb, name)(filter=apb.AnalyticsFilter(owner_id=ids["owner"],
                                                            team_id="team-a"))
        return [("list", req, {"OK", PD})]
    return build


def _ops():
    from debrief.v1 import ops_service_pb2 as opb
    return opb


def _tpl(name):
    def build(w, ids):
        from debrief.v1 import template_service_pb2 as tpb
        return [("admin-only", getattr(tpb, name)(), {PD})]
    return build


CASES = {
    "/debrief.v1.SessionService/GetSession":
        session_targets(lambda s: spb.GetSessionRequest(session_id=s)),
    "/debrief.v1.SessionService/PauseSession":
        session_targets(lambda s: spb.PauseSessionRequest(session_id=s)),
    "/debrief.v1.SessionService/ResumeSession":
        session_targets(lambda s: spb.ResumeSessionRequest(session_id=s)),
    "/debrief.v1.SessionService/CompleteSession":
        session_targets(lambda s: spb.CompleteSessionRequest(session_id=s)),
    "/debrief.v1.SessionService/CancelSession":
        session_targets(lambda s: spb.CancelSessionRequest(session_id=s, reason="x")),
    "/debrief.v1.SessionService/RecoverSession":
        session_targets(lambda s: spb.RecoverSessionRequest(session_id=s)),
    "/debrief.v1.SessionService/GetSessionHistory":
        session_targets(lambda s: spb.GetSessionHistoryRequest(session_id=s)),
    "/debrief.v1.SessionService/ListSessions": lambda w, ids: [
        ("owner-filter", spb.ListSessionsRequest(owner_id=ids["owner"], page_size=100), {"OK"}),
        ("subject-filter", spb.ListSessionsRequest(subject_key="account:" + ids["marker"]),
         {"OK"}),
        ("all", spb.ListSessionsRequest(page_size=100), {"OK"})],
    "/debrief.v1.ConversationService/SendMessage": session_targets(
        lambda s: cpb.SendMessageRequest(session_id=s, client_msg_id="h1", text="hijack")),
    "/debrief.v1.ConversationService/Converse": session_targets(converse_frames),
    "/debrief.v1.InsightService/ListInsights": lambda w, ids: [
        ("by-session", ipb.ListInsightsRequest(session_id=ids["done"]), {NF, PD}),
        ("all", ipb.ListInsightsRequest(page_size=100), {"OK"})],
    "/debrief.v1.InsightService/ReviewInsight": lambda w, ids: [
        ("reject", ipb.ReviewInsightRequest(insight_id=ids["insight"],
                                            action=ipb.REVIEW_ACTION_REJECT), {NF, PD}),
        ("edit", ipb.ReviewInsightRequest(insight_id=ids["insight"], action=ipb.REVIEW_ACTION_EDIT,
                                          edited_text="hijacked"), {NF, PD})],
    "/debrief.v1.InsightService/ListInsightReviews": lambda w, ids: [
        ("trail", ipb.ListInsightReviewsRequest(insight_id=ids["insight"]), {NF, PD})],
    "/debrief.v1.NotificationService/ListNotifications": lambda w, ids: [
        ("feed", npb.ListNotificationsRequest(page_size=100), {"OK"})],
    # A watch from after_id 0 replays nothing; from 1 it would replay A's rows if the
    # per-user filter were broken. Nothing arrives, so it ends at its deadline.
    "/debrief.v1.NotificationService/WatchNotifications": lambda w, ids: [
        ("replay", npb.WatchNotificationsRequest(after_id=1), {"DEADLINE_EXCEEDED"})],
    "/debrief.v1.OpsService/GetMetrics": lambda w, ids: [
        ("admin-only", _ops().GetMetricsRequest(), {PD})],
    "/debrief.v1.TemplateService/CreateTemplate": _tpl("CreateTemplateRequest"),
    "/debrief.v1.TemplateService/UpdateTemplate": _tpl("UpdateTemplateRequest"),
    "/debrief.v1.ExportService/ExportSession": session_targets(
        lambda s: _export()[1].ExportSessionRequest(session_id=s, include_transcript=True,
                                                    format=_export()[1].EXPORT_FORMAT_MARKDOWN)),
    "/debrief.v1.ExportService/GetCrmPayload": session_targets(
        lambda s: _export()[1].GetCrmPayloadRequest(session_id=s)),
    "/debrief.v1.ExportService/PushToCrm": session_targets(
        lambda s: _export()[1].PushToCrmRequest(session_id=s)),
    # A member naming A is PERMISSION_DENIED; a manager of another team gets an empty export.
    "/debrief.v1.ExportService/ExportSessions": lambda w, ids: [
        ("owner-filter", _export()[1].ExportSessionsRequest(owner_id=ids["owner"]), {"OK", PD}),
        ("all", _export()[1].ExportSessionsRequest(format=_export()[1].EXPORT_FORMAT_CSV),
         {"OK"}),
        ("totals", _export()[1].ExportSessionsRequest(report=_export()[1].EXPORT_REPORT_TOTALS),
         {"OK"})],
    "/debrief.v1.ExportService/ListCrmDeliveries": lambda w, ids: [
        ("admin-only", _export()[1].ListCrmDeliveriesRequest(session_id=ids["done"]), {PD})],
    "/debrief.v1.ExportService/RetryCrmDelivery": lambda w, ids: [
        ("admin-only", _export()[1].RetryCrmDeliveryRequest(push_id=ids["insight"]), {PD})],
    "/debrief.v1.AnalyticsService/GetSessionMetrics": _analytics("GetSessionMetricsRequest"),
    "/debrief.v1.AnalyticsService/GetFieldCoverage": _analytics("GetFieldCoverageRequest"),
    "/debrief.v1.AnalyticsService/GetProviderUsage": _analytics("GetProviderUsageRequest"),
    "/debrief.v1.AnalyticsService/GetPipeline": _analytics("GetPipelineRequest"),
    "/debrief.v1.AnalyticsService/GetSessionAnalytics": session_targets(
        lambda s: _export()[0].GetSessionAnalyticsRequest(session_id=s)),
}


def real_ids(w):
    return {"done": w["done"], "live": w["live"], "insight": w["insights"][0],
            "owner": w["A"].user_id, "marker": w["marker"]}


def fake_ids():
    return {"done": str(uuid.uuid4()), "live": str(uuid.uuid4()), "insight": str(uuid.uuid4()),
            "owner": "member-" + uuid.uuid4().hex[:8], "marker": "acx" + uuid.uuid4().hex[:12]}


def normalize(details, ids):
    for k in ("done", "live", "insight", "owner", "marker"):
        details = details.replace(ids[k], "<%s>" % k)
    return details


def test_every_rpc_has_a_case(server):
    methods = served_methods(server)
    missing = sorted(p for p in methods if p not in CASES and p not in EXEMPT_METHODS)
    assert not missing, "RPCs with no access case and no exemption: %s" % missing
    stale = sorted(p for p in list(CASES) + list(EXEMPT_METHODS) if p not in methods)
    assert not stale, "cases for RPCs the server does not serve: %s" % stale


@pytest.mark.parametrize("who", ["B", "M", "anon"])
def test_nobody_else_sees_or_touches_a_data(server, world, who):
    w, caller = world, world[who]
    methods = served_methods(server)
    ids, fakes = real_ids(w), fake_ids()
    failures = []
    for path, m in sorted(methods.items()):
        if path in EXEMPT_METHODS:
            continue
        RESULTS["rpcs"].add(path)
        real_cases, fake_cases = CASES[path](w, ids), CASES[path](w, fakes)
        for (label, req, allowed), (_, fake_req, _) in zip(real_cases, fake_cases):
            timeout = 2.0 if m.server_streaming and not m.client_streaming else 5.0
            code, details, got = invoke(caller, caller.md, m, req, timeout=timeout)
            RESULTS["cases"] += 1
            name = "%s %s[%s]" % (who, path, label)
            want = allowed
            if who == "anon":
                # Nothing skips authentication, planned RPCs included.
                want = {"UNAUTHENTICATED"}
            if code not in want:
                failures.append("%s: %s %r (allowed %s)" % (name, code, details, sorted(want)))
            leak = leaked(w, [r.SerializeToString() for r in got]
                          + [normalize(details, ids).encode()])
            if leak:
                RESULTS["leaks"] += 1
                failures.append("%s: LEAK of %s in %s %r" % (name, leak, code, details))
            if code not in ("OK", "DEADLINE_EXCEEDED"):
                fcode, fdetails, _ = invoke(caller, caller.md, m, fake_req, timeout=timeout)
                if (fcode, normalize(fdetails, fakes)) != (code, normalize(details, ids)):
                    RESULTS["oracles"] += 1
                    failures.append("%s: A's id answers %s %r but a made-up id answers %s %r" % (
                        name, code, details, fcode, fdetails))
    assert not failures, "\n".join(failures)


def test_planned_rpcs_authenticate_first(server, world):
    anon = world["anon"]
    m = served_methods(server)["/debrief.v1.ExportService/ExportSession"]
    code, details, _ = invoke(anon, [], m, CASES["/debrief.v1.ExportService/ExportSession"](
        world, fake_ids())[0][1])
    assert code == "UNAUTHENTICATED", (code, details)


def test_a_data_is_unchanged(world):
    """Run after the attempts above: none of them moved A's sessions or insights."""
    a = world["A"]
    for sid, state in ((world["done"], types.SESSION_STATE_COMPLETED),
                       (world["live"], types.SESSION_STATE_ACTIVE)):
        s = a.call(a.sessions.GetSession, spb.GetSessionRequest(session_id=sid)).session
        assert s.state == state, (sid, s.state)
        hist = a.call(a.sessions.GetSessionHistory,
                      spb.GetSessionHistoryRequest(session_id=sid, page_size=100)).messages
        assert not any("hijack" in msg.text for msg in hist)
    for i in a.call(a.insights.ListInsights,
                    ipb.ListInsightsRequest(session_id=world["done"])).insights:
        assert i.status == types.INSIGHT_STATUS_PROPOSED and i.text != "hijacked"
    for i in world["insights"]:
        assert not a.call(a.insights.ListInsightReviews,
                          ipb.ListInsightReviewsRequest(insight_id=i)).reviews


# ---- positive controls: the data is there for those allowed to see it ----

def blob(*msgs):
    return b"".join(m.SerializeToString() for m in msgs)


@pytest.mark.parametrize("who", ["A", "T", "admin"])
def test_owner_team_manager_and_admin_see_it(world, who):
    c, w = world[who], world
    for sid in (w["done"], w["live"]):
        got = c.call(c.sessions.GetSession, spb.GetSessionRequest(session_id=sid))
        assert got.session.id == sid and got.session.owner_id == w["A"].user_id
    hist = c.call(c.sessions.GetSessionHistory,
                  spb.GetSessionHistoryRequest(session_id=w["done"], page_size=100))
    assert w["marker"].encode() in blob(hist), "the leak needle is not in the transcript"
    listed = c.call(c.sessions.ListSessions, spb.ListSessionsRequest(owner_id=w["A"].user_id,
                                                                     page_size=100))
    assert {w["done"], w["live"]} <= {s.id for s in listed.sessions}
    ins = c.call(c.insights.ListInsights, ipb.ListInsightsRequest(session_id=w["done"]))
    assert set(w["insights"]) <= {i.id for i in ins.insights}
    c.call(c.insights.ListInsightReviews, ipb.ListInsightReviewsRequest(
        insight_id=w["insights"][0]))


@pytest.mark.parametrize("who", ["A", "T", "admin"])
def test_owner_team_manager_and_admin_export_it(world, who):
    from debrief.v1 import export_service_pb2_grpc as egrpc
    _, epb = _export()
    c, w = world[who], world
    stub = egrpc.ExportServiceStub(c.channel)
    got = stub.ExportSession(epb.ExportSessionRequest(session_id=w["done"], include_transcript=True),
                             metadata=c.md, timeout=10)
    assert w["marker"].encode() in got.content, "the leak needle is not in the export"
    body = b"".join(x.chunk for x in stub.ExportSessions(
        epb.ExportSessionsRequest(owner_id=w["A"].user_id), metadata=c.md, timeout=10))
    assert w["done"].encode() in body and w["live"].encode() in body


def test_team_manager_may_see_but_not_steer(world):
    t = world["T"]
    with pytest.raises(grpc.RpcError) as e:
        t.call(t.sessions.PauseSession, spb.PauseSessionRequest(session_id=world["live"]))
    assert e.value.code() == grpc.StatusCode.PERMISSION_DENIED
    assert "only the owner" in e.value.details()
    with pytest.raises(grpc.RpcError) as e:
        t.call(t.conversation.SendMessage, cpb.SendMessageRequest(
            session_id=world["live"], client_msg_id="t1", text="hijack"))
    assert e.value.code() in (grpc.StatusCode.NOT_FOUND, grpc.StatusCode.PERMISSION_DENIED)


def test_owner_gets_her_notifications(server, world):
    from debrief.v1 import notification_service_pb2_grpc as ngrpc
    a = world["A"]
    feed = ngrpc.NotificationServiceStub(a.channel).ListNotifications(
        npb.ListNotificationsRequest(page_size=100), metadata=a.md, timeout=10)
    assert world["done"].encode() in feed.SerializeToString()
