"""SessionService and TemplateService end to end: the real server, a real
PostgreSQL, a real gRPC client."""
import uuid

import grpc
import pytest
from google.protobuf import struct_pb2, timestamp_pb2

from conftest import Client
from debrief.v1 import session_service_pb2 as spb
from debrief.v1 import template_service_pb2 as tpb
from debrief.v1 import types_pb2 as types


def subject(account="acme"):
    attrs = struct_pb2.Struct()
    attrs.update({"meeting_type": "demo", "account": account.title(),
                  "occurred_at": "2026-10-06T14:00:00Z"})
    return types.Subject(kind="meeting", key="account:" + account, title="Demo with " + account,
                         attributes=attrs)


def create(client, account="acme", template="sales_debrief", **kw):
    return client.call(client.sessions.CreateSession, spb.CreateSessionRequest(
        template_slug=template, subject=subject(account), **kw)).session


def code_of(fn):
    with pytest.raises(grpc.RpcError) as e:
        fn()
    return e.value.code(), e.value.details()


def test_builtin_templates_are_listed(member):
    r = member.call(member.templates.ListTemplates, tpb.ListTemplatesRequest())
    slugs = {t.slug: t for t in r.templates}
    assert {"sales_debrief", "work_experience"} <= set(slugs)
    keys = [f.key for f in slugs["sales_debrief"].fields]
    assert keys == ["meeting_outcome", "attendees", "customer_needs", "objections", "competitors",
                    "budget", "decision_timeline", "decision_makers", "deal_stage", "next_steps",
                    "sentiment", "products_discussed"]
    keys = [f.key for f in slugs["work_experience"].fields]
    assert keys == ["role_title", "company", "timeline", "team_context", "responsibilities",
                    "technical_skills", "tools_technologies", "soft_skills", "achievements",
                    "impact_metrics", "challenges"]
    got = member.call(member.templates.GetTemplate, tpb.GetTemplateRequest(slug="sales_debrief"))
    assert got.template.version >= 1 and got.template.builtin


def test_create_get_and_lifecycle(member):
    s = create(member)
    assert s.state == types.SESSION_STATE_CREATED
    assert s.template_slug == "sales_debrief" and s.template_version >= 1
    assert s.owner_id == member.user_id and s.subject.key == "account:acme"
    uuid.UUID(s.id)

    got = member.call(member.sessions.GetSession, spb.GetSessionRequest(session_id=s.id)).session
    assert got.id == s.id and got.subject.attributes["meeting_type"] == "demo"

    r = member.call(member.sessions.ResumeSession, spb.ResumeSessionRequest(session_id=s.id))
    assert r.session.state == types.SESSION_STATE_ACTIVE
    p = member.call(member.sessions.PauseSession, spb.PauseSessionRequest(session_id=s.id))
    assert p.session.state == types.SESSION_STATE_PAUSED
    assert p.session.version > r.session.version
    r2 = member.call(member.sessions.ResumeSession, spb.ResumeSessionRequest(session_id=s.id))
    assert r2.session.state == types.SESSION_STATE_ACTIVE


def test_illegal_transition_is_failed_precondition(member):
    s = create(member)
    code, details = code_of(lambda: member.call(member.sessions.PauseSession,
                                                spb.PauseSessionRequest(session_id=s.id)))
    assert code == grpc.StatusCode.FAILED_PRECONDITION
    assert "CREATED" in details
    member.call(member.sessions.CancelSession, spb.CancelSessionRequest(session_id=s.id,
                                                                       reason="test"))
    code, details = code_of(lambda: member.call(member.sessions.ResumeSession,
                                                spb.ResumeSessionRequest(session_id=s.id)))
    assert code == grpc.StatusCode.FAILED_PRECONDITION
    assert "CANCELLED" in details
    code, _ = code_of(lambda: member.call(member.sessions.RecoverSession,
                                          spb.RecoverSessionRequest(session_id=s.id)))
    assert code == grpc.StatusCode.FAILED_PRECONDITION


def test_optimistic_version_conflict(member):
    s = create(member)
    member.call(member.sessions.ResumeSession, spb.ResumeSessionRequest(session_id=s.id))
    code, _ = code_of(lambda: member.call(member.sessions.PauseSession, spb.PauseSessionRequest(
        session_id=s.id, expected_version=s.version)))  # stale: resume bumped it
    assert code == grpc.StatusCode.ABORTED


def test_create_is_idempotent_on_request_id(member):
    rid = uuid.uuid4().hex
    a = create(member, request_id=rid)
    b = create(member, request_id=rid)
    assert a.id == b.id


def test_another_users_session_is_not_found(server, member):
    s = create(member)
    other = Client(server, server.token("intruder-" + uuid.uuid4().hex[:6], "member", "team-b"))
    try:
        for fn in (lambda: other.call(other.sessions.GetSession,
                                      spb.GetSessionRequest(session_id=s.id)),
                   lambda: other.call(other.sessions.PauseSession,
                                      spb.PauseSessionRequest(session_id=s.id)),
                   lambda: other.call(other.sessions.GetSessionHistory,
                                      spb.GetSessionHistoryRequest(session_id=s.id))):
            code, details = code_of(fn)
            assert code == grpc.StatusCode.NOT_FOUND
            assert member.user_id not in details
        listed = other.call(other.sessions.ListSessions, spb.ListSessionsRequest(page_size=100))
        assert s.id not in [x.id for x in listed.sessions]
    finally:
        other.close()


def test_manager_sees_team_but_not_other_teams(server, member):
    s = create(member)
    mgr = Client(server, server.token("mgr-" + uuid.uuid4().hex[:6], "manager", "team-a"))
    outsider = Client(server, server.token("mgr-" + uuid.uuid4().hex[:6], "manager", "team-z"))
    try:
        got = mgr.call(mgr.sessions.GetSession, spb.GetSessionRequest(session_id=s.id))
        assert got.session.id == s.id
        code, _ = code_of(lambda: outsider.call(outsider.sessions.GetSession,
                                                spb.GetSessionRequest(session_id=s.id)))
        assert code == grpc.StatusCode.NOT_FOUND
    finally:
        mgr.close()
        outsider.close()


def test_list_filters_and_pagination(member):
    ids = [create(member, account="globex").id for _ in range(5)]
    create(member, account="initech")
    seen = []
    token = ""
    while True:
        r = member.call(member.sessions.ListSessions, spb.ListSessionsRequest(
            page_size=2, page_token=token, subject_key="account:globex"))
        assert len(r.sessions) <= 2
        seen += [x.id for x in r.sessions]
        token = r.next_page_token
        if not token:
            break
    assert sorted(seen) == sorted(ids)  # every one exactly once
    r = member.call(member.sessions.ListSessions, spb.ListSessionsRequest(
        states=[types.SESSION_STATE_CANCELLED], subject_key="account:globex"))
    assert len(r.sessions) == 0
    future = timestamp_pb2.Timestamp(seconds=4102444800)  # 2100-01-01
    r = member.call(member.sessions.ListSessions, spb.ListSessionsRequest(created_after=future))
    assert len(r.sessions) == 0


@pytest.mark.parametrize("req,needle", [
    (spb.GetSessionRequest(session_id="not-a-uuid"), "session_id"),
    (spb.GetSessionRequest(session_id=""), "session_id"),
])
def test_bad_ids_are_invalid_argument(member, req, needle):
    code, details = code_of(lambda: member.call(member.sessions.GetSession, req))
    assert code == grpc.StatusCode.INVALID_ARGUMENT
    assert needle in details


def test_bad_list_and_create_input(member):
    code, d = code_of(lambda: member.call(member.sessions.ListSessions,
                                          spb.ListSessionsRequest(page_size=100000)))
    assert code == grpc.StatusCode.INVALID_ARGUMENT and "page_size" in d
    code, d = code_of(lambda: member.call(member.sessions.ListSessions,
                                          spb.ListSessionsRequest(page_token="garbage!!")))
    assert code == grpc.StatusCode.INVALID_ARGUMENT and "page_token" in d
    code, d = code_of(lambda: member.call(member.sessions.CreateSession,
                                          spb.CreateSessionRequest(template_slug="")))
    assert code == grpc.StatusCode.INVALID_ARGUMENT and "template_slug" in d
    code, d = code_of(lambda: member.call(member.sessions.CreateSession, spb.CreateSessionRequest(
        template_slug="no_such_template", subject=subject())))
    assert code == grpc.StatusCode.NOT_FOUND and "no_such_template" in d


def test_template_writes_need_admin(server, member):
    t = types.Template(slug="custom_" + uuid.uuid4().hex[:6], title="Custom", opening="Hi?",
                       fields=[types.TemplateField(key="goal", type=types.FIELD_TYPE_TEXT,
                                                   required=True, ask="What is the goal?")])
    code, _ = code_of(lambda: member.call(member.templates.CreateTemplate,
                                          tpb.CreateTemplateRequest(template=t)))
    assert code == grpc.StatusCode.PERMISSION_DENIED
    admin = Client(server, server.token("admin-1", "admin", "ops"))
    try:
        c = admin.call(admin.templates.CreateTemplate, tpb.CreateTemplateRequest(template=t))
        assert c.template.version == 1
        t.title = "Custom v2"
        u = admin.call(admin.templates.UpdateTemplate, tpb.UpdateTemplateRequest(template=t))
        assert u.template.version == 2
        bad = types.Template(slug="Bad Slug", fields=[types.TemplateField(
            key="x", type=types.FIELD_TYPE_ENUM)])
        v = admin.call(admin.templates.ValidateTemplate, tpb.ValidateTemplateRequest(template=bad))
        assert not v.valid
        paths = [x.field for x in v.violations]
        assert any("slug" in p for p in paths) and any("enum_values" in p for p in paths)
        # Extractor declarations: a field-level violation per problem, and a
        # declared kind comes back on the stored template.
        wrong = types.Template(slug="custom_x", title="X", opening="Hi?", fields=[
            types.TemplateField(key="rivals", type=types.FIELD_TYPE_LIST, ask="Who else?",
                                extractor=types.ExtractorSpec(kind="vendor_magic")),
            types.TemplateField(key="spend", type=types.FIELD_TYPE_TEXT, ask="Budget?",
                                extractor=types.ExtractorSpec(kind="money")),
            types.TemplateField(key="stack", type=types.FIELD_TYPE_LIST, ask="Stack?",
                                extractor=types.ExtractorSpec(kind="named_list"))])
        wrong.fields[2].extractor.params.update({"unknown": "guess", "colour": "red"})
        v = admin.call(admin.templates.ValidateTemplate,
                       tpb.ValidateTemplateRequest(template=wrong))
        got = {x.field: x.description for x in v.violations}
        assert not v.valid
        assert "unknown kind" in got["fields[0].extractor.kind"]
        assert "cannot fill" in got["fields[1].extractor.kind"]
        assert "one of" in got["fields[2].extractor.params.unknown"]
        assert "no parameter" in got["fields[2].extractor.params.colour"]
        t.fields.append(types.TemplateField(
            key="wins", type=types.FIELD_TYPE_LIST, ask="What went well?",
            extractor=types.ExtractorSpec(kind="clause_list")))
        t.fields[1].extractor.params.update({"split": "clauses", "resume_style": True})
        u = admin.call(admin.templates.UpdateTemplate, tpb.UpdateTemplateRequest(template=t))
        assert u.template.fields[0].extractor.kind == "free_text"  # the type's default
        assert u.template.fields[1].extractor.kind == "clause_list"
        assert u.template.fields[1].extractor.params["split"] == "clauses"
        g = admin.call(admin.templates.GetTemplate, tpb.GetTemplateRequest(slug=t.slug))
        assert g.template.fields[1].extractor.params["resume_style"] is True
    finally:
        admin.close()
