"""InsightService end to end: a completed interview proposes insights; the
owner, a manager of the team or an admin review them (accept, reject, edit)
with an audit trail; everyone else sees NOT_FOUND, never data; bad input is
INVALID_ARGUMENT with a message a person can act on."""
import os
import uuid

import grpc
import pytest

from conftest import SOURCE_DIR, Client, session_for_case
from debrief.v1 import conversation_service_pb2 as cpb
from debrief.v1 import insight_service_pb2 as ipb
from debrief.v1 import types_pb2 as types

CASE = os.path.join(SOURCE_DIR, "tests", "eval", "cases", "debrief-sample-1.json")


def complete_session(client):
    """Runs a sales debrief over SendMessage until it completes; returns (session, completed)."""
    sess, case = session_for_case(client, CASE)
    texts = [case["opening"]] + [a["text"] for a in case["answers"].values()]
    texts.append("That's all I have.")
    r = None
    for i, text in enumerate(texts):
        r = client.call(client.conversation.SendMessage, cpb.SendMessageRequest(
            session_id=sess.id, client_msg_id="m%d" % i, text=text))
        if r.HasField("completed"):
            break
    assert r is not None and r.HasField("completed"), "the interview never completed"
    return r.session, r.completed


def code_of(fn):
    with pytest.raises(grpc.RpcError) as e:
        fn()
    return e.value.code(), e.value.details()


@pytest.fixture(scope="module")
def people(server):
    """One owner (member, team-a) and the people around them."""
    def mk(role, team):
        uid = "%s-%s" % (role, uuid.uuid4().hex[:8])
        c = Client(server, server.token(uid, role, team))
        c.user_id = uid
        return c
    p = {
        "owner": mk("member", "team-a"),
        "manager": mk("manager", "team-a"),
        "teammate": mk("member", "team-a"),
        "other_member": mk("member", "team-b"),
        "other_manager": mk("manager", "team-b"),
        "admin": mk("admin", "team-z"),
    }
    yield p
    for c in p.values():
        c.close()


@pytest.fixture(scope="module")
def done(people):
    """A completed session of the owner and its insights."""
    owner = people["owner"]
    sess, completed = complete_session(owner)
    assert sess.state == types.SESSION_STATE_COMPLETED
    listed = owner.call(owner.insights.ListInsights,
                        ipb.ListInsightsRequest(session_id=sess.id)).insights
    return sess, completed, listed


def test_completion_yields_insights(people, done):
    sess, completed, listed = done
    assert len(completed.insights) >= 2, "expected the sample debrief to propose insights"
    assert {i.id for i in listed} == {i.id for i in completed.insights}
    for i in listed:
        assert i.session_id == sess.id
        assert i.status == types.INSIGHT_STATUS_PROPOSED
        assert i.kind != types.INSIGHT_KIND_UNSPECIFIED
        assert i.text and i.original_text == i.text
        assert 0 <= i.confidence <= 1
        assert not i.reviewed_by and not i.HasField("review_time")
        assert i.HasField("create_time")
    # The cross-session listing (no session_id) includes them too.
    owner = people["owner"]
    every = owner.call(owner.insights.ListInsights, ipb.ListInsightsRequest(page_size=100))
    assert {i.id for i in listed} <= {i.id for i in every.insights}


def test_owner_accepts(people, done):
    owner = people["owner"]
    target = done[2][0]
    r = owner.call(owner.insights.ReviewInsight, ipb.ReviewInsightRequest(
        insight_id=target.id, action=ipb.REVIEW_ACTION_ACCEPT, note="looks right"))
    assert r.insight.status == types.INSIGHT_STATUS_ACCEPTED
    assert r.insight.reviewed_by == owner.user_id
    assert r.insight.HasField("review_time")
    assert r.insight.text == target.text == r.insight.original_text


def test_manager_of_the_team_edits(people, done):
    mgr = people["manager"]
    target = done[2][1]
    new_text = "Procurement needs a security review before signing; schedule it this week."
    r = mgr.call(mgr.insights.ReviewInsight, ipb.ReviewInsightRequest(
        insight_id=target.id, action=ipb.REVIEW_ACTION_EDIT, edited_text=new_text))
    assert r.insight.status == types.INSIGHT_STATUS_EDITED
    assert r.insight.text == new_text
    assert r.insight.original_text == target.text
    assert r.insight.reviewed_by == mgr.user_id
    # The owner sees the edit.
    owner = people["owner"]
    got = {i.id: i for i in owner.call(owner.insights.ListInsights, ipb.ListInsightsRequest(
        session_id=done[0].id)).insights}
    assert got[target.id].text == new_text


@pytest.mark.parametrize("who", ["teammate", "other_member", "other_manager"])
def test_others_get_not_found_and_no_data(people, done, who):
    c = people[who]
    sess, _, listed = done
    target = listed[0]
    code, _ = code_of(lambda: c.call(c.insights.ReviewInsight, ipb.ReviewInsightRequest(
        insight_id=target.id, action=ipb.REVIEW_ACTION_REJECT)))
    assert code == grpc.StatusCode.NOT_FOUND
    code, _ = code_of(lambda: c.call(c.insights.ListInsights,
                                     ipb.ListInsightsRequest(session_id=sess.id)))
    assert code == grpc.StatusCode.NOT_FOUND
    code, _ = code_of(lambda: c.call(c.insights.ListInsightReviews,
                                     ipb.ListInsightReviewsRequest(insight_id=target.id)))
    assert code == grpc.StatusCode.NOT_FOUND
    mine = c.call(c.insights.ListInsights, ipb.ListInsightsRequest(page_size=100)).insights
    assert not {i.id for i in mine} & {i.id for i in listed}
    # A made-up id answers exactly like someone else's.
    code2, _ = code_of(lambda: c.call(c.insights.ReviewInsight, ipb.ReviewInsightRequest(
        insight_id=str(uuid.uuid4()), action=ipb.REVIEW_ACTION_REJECT)))
    assert code2 == grpc.StatusCode.NOT_FOUND


def test_admin_reviews_anything(people, done):
    admin = people["admin"]
    target = done[2][-1]
    r = admin.call(admin.insights.ReviewInsight, ipb.ReviewInsightRequest(
        insight_id=target.id, action=ipb.REVIEW_ACTION_REJECT, note="not actionable"))
    assert r.insight.status == types.INSIGHT_STATUS_REJECTED
    assert r.insight.reviewed_by == admin.user_id


@pytest.mark.parametrize("req,needle", [
    (dict(action=0), "action must be"),
    (dict(action=9), "action must be"),
    (dict(action=ipb.REVIEW_ACTION_EDIT), "edited_text is required"),
    (dict(action=ipb.REVIEW_ACTION_EDIT, edited_text="   \n"), "edited_text is required"),
    (dict(action=ipb.REVIEW_ACTION_EDIT, edited_text="x" * 2001), "at most 2000"),
    (dict(action=ipb.REVIEW_ACTION_ACCEPT, edited_text="why"), "only allowed with"),
    (dict(action=ipb.REVIEW_ACTION_ACCEPT, note="n" * 1001), "at most 1000"),
])
def test_bad_review_is_invalid_argument(people, done, req, needle):
    owner = people["owner"]
    code, details = code_of(lambda: owner.call(owner.insights.ReviewInsight,
                                               ipb.ReviewInsightRequest(insight_id=done[2][0].id,
                                                                        **req)))
    assert code == grpc.StatusCode.INVALID_ARGUMENT
    assert needle in details


def test_edit_of_exactly_2000_characters_is_fine(people, done):
    owner = people["owner"]
    text = "é" * 2000  # characters, not bytes
    r = owner.call(owner.insights.ReviewInsight, ipb.ReviewInsightRequest(
        insight_id=done[2][0].id, action=ipb.REVIEW_ACTION_EDIT, edited_text=text))
    assert r.insight.text == text


@pytest.mark.parametrize("call,req,needle", [
    ("ReviewInsight", ipb.ReviewInsightRequest(insight_id="nope", action=1), "must be a UUID"),
    ("ReviewInsight", ipb.ReviewInsightRequest(action=1), "insight_id is required"),
    ("ListInsightReviews", ipb.ListInsightReviewsRequest(insight_id=""), "insight_id is required"),
    ("ListInsights", ipb.ListInsightsRequest(session_id="x"), "must be a UUID"),
    ("ListInsights", ipb.ListInsightsRequest(page_size=101), "page_size must be between"),
    ("ListInsights", ipb.ListInsightsRequest(page_size=-1), "page_size must be between"),
    ("ListInsights", ipb.ListInsightsRequest(statuses=[7]), "statuses[0] must be"),
    ("ListInsights", ipb.ListInsightsRequest(kinds=[0]), "kinds[0] must be"),
    ("ListInsights", ipb.ListInsightsRequest(page_token="garbage"), "page_token"),
])
def test_bad_requests(people, call, req, needle):
    owner = people["owner"]
    code, details = code_of(lambda: owner.call(getattr(owner.insights, call), req))
    assert code == grpc.StatusCode.INVALID_ARGUMENT
    assert needle in details


def test_audit_trail_lists_each_review_oldest_first(people, done):
    owner, mgr = people["owner"], people["manager"]
    target = done[2][0]
    steps = [
        (owner, dict(action=ipb.REVIEW_ACTION_ACCEPT, note="first")),
        (mgr, dict(action=ipb.REVIEW_ACTION_EDIT, edited_text="Sharper wording.", note="tighter")),
        (owner, dict(action=ipb.REVIEW_ACTION_REJECT)),
    ]
    before = owner.call(owner.insights.ListInsightReviews,
                        ipb.ListInsightReviewsRequest(insight_id=target.id)).reviews
    for c, req in steps:
        c.call(c.insights.ReviewInsight, ipb.ReviewInsightRequest(insight_id=target.id, **req))
    trail = owner.call(owner.insights.ListInsightReviews,
                       ipb.ListInsightReviewsRequest(insight_id=target.id)).reviews
    new = trail[len(before):]
    assert [r.action for r in new] == [ipb.REVIEW_ACTION_ACCEPT, ipb.REVIEW_ACTION_EDIT,
                                       ipb.REVIEW_ACTION_REJECT]
    assert [r.reviewer_id for r in new] == [owner.user_id, mgr.user_id, owner.user_id]
    assert new[1].new_text == "Sharper wording." and new[1].note == "tighter"
    assert new[2].previous_text == "Sharper wording." == new[2].new_text
    for r in trail:
        assert r.insight_id == target.id and r.HasField("create_time")
    times = [r.create_time.ToNanoseconds() for r in trail]
    assert times == sorted(times)
    # The manager reads the same trail; the insight keeps its original text.
    assert len(mgr.call(mgr.insights.ListInsightReviews,
                        ipb.ListInsightReviewsRequest(insight_id=target.id)).reviews) == len(trail)
    final = {i.id: i for i in owner.call(owner.insights.ListInsights, ipb.ListInsightsRequest(
        session_id=done[0].id)).insights}[target.id]
    assert final.status == types.INSIGHT_STATUS_REJECTED
    assert final.original_text == target.original_text


def test_filters_and_pages(people, done):
    owner = people["owner"]
    sid = done[0].id
    every = owner.call(owner.insights.ListInsights,
                       ipb.ListInsightsRequest(session_id=sid)).insights
    by_status = {}
    for i in every:
        by_status.setdefault(i.status, set()).add(i.id)
    for status, ids in by_status.items():
        got = owner.call(owner.insights.ListInsights, ipb.ListInsightsRequest(
            session_id=sid, statuses=[status])).insights
        assert {i.id for i in got} == ids
    kind = every[0].kind
    got = owner.call(owner.insights.ListInsights, ipb.ListInsightsRequest(
        session_id=sid, kinds=[kind])).insights
    assert got and all(i.kind == kind for i in got)
    assert {i.id for i in got} == {i.id for i in every if i.kind == kind}
    # One at a time: every insight exactly once, then no token.
    seen, token = [], ""
    for _ in range(len(every) + 1):
        r = owner.call(owner.insights.ListInsights, ipb.ListInsightsRequest(
            session_id=sid, page_size=1, page_token=token))
        seen += [i.id for i in r.insights]
        token = r.next_page_token
        if not token:
            break
    assert sorted(seen) == sorted(i.id for i in every) and len(seen) == len(set(seen))
    # A token is bound to its query.
    r = owner.call(owner.insights.ListInsights, ipb.ListInsightsRequest(session_id=sid,
                                                                        page_size=1))
    if r.next_page_token:
        code, _ = code_of(lambda: owner.call(owner.insights.ListInsights, ipb.ListInsightsRequest(
            session_id=sid, page_size=1, page_token=r.next_page_token, kinds=[kind])))
        assert code == grpc.StatusCode.INVALID_ARGUMENT


def test_manager_lists_the_team(people, done):
    mgr, other = people["manager"], people["other_manager"]
    ids = {i.id for i in done[2]}
    team = mgr.call(mgr.insights.ListInsights, ipb.ListInsightsRequest(page_size=100)).insights
    assert ids <= {i.id for i in team}
    outside = other.call(other.insights.ListInsights,
                         ipb.ListInsightsRequest(page_size=100)).insights
    assert not ids & {i.id for i in outside}
