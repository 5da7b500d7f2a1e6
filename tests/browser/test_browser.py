"""The web app in a real browser, against the real server, gateway and database.

Each test runs one scenario of scenarios.mjs in headless chromium and then
checks what the browser did against the server over gRPC, so the app's own
display is never the only witness. Screenshots go to
<build>/browser-artifacts.
"""
import importlib.util
import json
import os
import subprocess

import pytest

HERE = os.path.dirname(os.path.abspath(__file__))
_spec = importlib.util.spec_from_file_location(
    "it_conftest", os.path.join(HERE, "..", "integration", "conftest.py"))
it = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(it)

from debrief.v1 import conversation_service_pb2 as cpb  # noqa: E402
from debrief.v1 import insight_service_pb2 as ipb  # noqa: E402
from debrief.v1 import session_service_pb2 as spb  # noqa: E402
from debrief.v1 import types_pb2 as types  # noqa: E402

CASES = os.path.join(HERE, "..", "eval", "cases")
DEBRIEF_CASE = os.path.join(CASES, "debrief-logistics-discovery-southerncross.json")
EXPERIENCE_CASE = os.path.join(CASES, "experience-data-engineer-energy.json")
ARTIFACTS = os.environ.get("DEBRIEF_BROWSER_ARTIFACTS", "/tmp/debrief-browser-artifacts")
NODE = os.environ.get("DEBRIEF_NODE") or "node"
CHROMIUM = os.environ.get("DEBRIEF_CHROMIUM", "/usr/bin/chromium")


@pytest.fixture(scope="module")
def stack():
    assert os.path.exists(CHROMIUM), "chromium is missing: run scripts/deps.sh"
    assert os.path.isdir(os.path.join(HERE, "node_modules", "playwright-core")), \
        "playwright-core is missing: run scripts/deps.sh"
    srv = it.Server(it.db_url_for("it_browser"), log_name="it_browser").start()
    gw = it.Gateway(srv, env={"DEBRIEF_GATEWAY_WEB_DIR": os.path.join(it.SOURCE_DIR, "gateway",
                                                                       "web")}).start()
    yield srv, gw
    assert gw.stop() == 0, gw.read_log()
    assert srv.stop() == 0, srv.read_log()


def run(stack, scenario, case=DEBRIEF_CASE, user="rep-1", role="member", **extra):
    srv, gw = stack
    env = dict(os.environ, **extra, BASE_URL=gw.url, CASE=case, ARTIFACTS=ARTIFACTS, CHROMIUM=CHROMIUM,
               TOKEN=srv.token(user, role, "team-a"),
               MANAGER_TOKEN=srv.token("lead-1", "manager", "team-a"))
    p = subprocess.run([NODE, os.path.join(HERE, "scenarios.mjs"), scenario], env=env,
                       capture_output=True, text=True, timeout=240, cwd=HERE)
    assert p.returncode == 0, "scenario %s failed:\n%s\n%s\ngateway log:\n%s" % (
        scenario, p.stdout[-4000:], p.stderr[-4000:], gw.read_log()[-2000:])
    out = json.loads(p.stdout.strip().splitlines()[-1])
    assert out.get("errors") == [], "the page logged errors: %r" % out["errors"]
    return out


def client(stack, user, role="member"):
    srv, _ = stack
    return it.Client(srv, srv.token(user, role, "team-a"))


def test_sales_debrief_end_to_end(stack):
    out = run(stack, "interview")
    c = client(stack, "rep-1")
    s = c.call(c.sessions.GetSession, spb.GetSessionRequest(session_id=out["sessionId"])).session
    assert s.state == 4, "the session is not COMPLETED"  # SESSION_STATE_COMPLETED
    keys = set(s.summary.fields.keys())
    assert {"overview", "crm_payload"} <= keys
    assert [k for k in out["sections"] if k in keys] == out["sections"]
    assert "crm_payload" in out["sections"]
    assert "## CRM update" in out["markdownHeadings"]
    assert out["notification"], "no live notification about the session"
    answers = [m for m in c.call(c.sessions.GetSessionHistory, spb.GetSessionHistoryRequest(
        session_id=out["sessionId"])).messages if m.role == 2]
    assert len(answers) == out["turns"]
    # The meeting's date from the form anchors relative dates: "a proposal by November 16",
    # said about a meeting on 2026-11-03, is due 2026-11-16 whatever today is.
    assert s.subject.attributes["occurred_at"].startswith("2026-11-03T09:30:00")
    steps = {x.key: x for x in s.extracted}["next_steps"].value.list_value.values
    dues = [v.struct_value["due"] for v in steps if "proposal" in v.struct_value["action"]]
    assert dues == ["2026-11-16"], dues


def test_field_correction(stack):
    out = run(stack, "correction")
    c = client(stack, "rep-1")
    s = c.call(c.sessions.GetSession, spb.GetSessionRequest(session_id=out["sessionId"])).session
    f = {x.key: x for x in s.extracted}["competitors"]
    assert f.source == 3, "the corrected field is not user-sourced"  # EXTRACTION_SOURCE_USER
    assert [v.string_value for v in f.value.list_value.values] == ["Acme Telematics", "Geotab"]
    b = {x.key: x for x in s.extracted}["budget"]
    assert b.source == 3 and dict(b.value.struct_value) == {"amount": 250000, "currency": "EUR"}
    assert "€" in out["budgetShown"] and "amount" not in out["budgetShown"], out["budgetShown"]
    steps = [dict(v.struct_value) for v in
             {x.key: x for x in s.extracted}["next_steps"].value.list_value.values]
    assert steps == [{"action": "send the pilot proposal", "owner": "me", "due": "2026-11-06"},
                     {"action": "share the SAP docs", "owner": "Tom Becker"}], steps
    # The refused correction was said on the page and stored nowhere.
    assert "Deal stage" in out["refused"] and "proposal" in out["refused"], out["refused"]
    assert {x.key: x for x in s.extracted}.get("deal_stage") is None or \
        {x.key: x for x in s.extracted}["deal_stage"].value.string_value != "nearly there"
    assert s.state == 2  # ACTIVE again after the pause and the resume
    kinds = [m.kind for m in c.call(c.sessions.GetSessionHistory, spb.GetSessionHistoryRequest(
        session_id=out["sessionId"])).messages]
    assert kinds.count(1) >= 3, "skip did not bring a new question"  # MESSAGE_KIND_QUESTION


def test_network_drop_resumes_without_loss_or_duplicates(stack):
    out = run(stack, "drop")
    assert out["opened"] >= 2, "the app did not reconnect"
    c = client(stack, "rep-1")
    msgs = c.call(c.sessions.GetSessionHistory, spb.GetSessionHistoryRequest(
        session_id=out["sessionId"])).messages
    server = [("q" if m.role == 1 else "a", m.text) for m in msgs if m.kind in (1, 2)]
    shown = [(m["who"], m["text"]) for m in out["transcript"]]
    assert shown == server, "the page and the server disagree:\n%r\n%r" % (shown, server)
    assert len(set(m.client_msg_id for m in msgs if m.role == 2)) == \
        len([m for m in msgs if m.role == 2])


def test_phone_viewport(stack):
    out = run(stack, "phone")
    assert out["overflow"] <= 0, "the page is wider than a 360 px screen"
    assert out["panelBelow"], "the record panel is not below the conversation"


def test_accessibility(stack):
    out = run(stack, "axe")
    bad = {screen: [v for v in vs if v["impact"] in ("serious", "critical")]
           for screen, vs in out["results"].items()}
    assert set(bad) == {"signin", "start", "conversation", "history"}
    assert not any(bad.values()), json.dumps(bad, indent=1)


def test_experience_interview_end_to_end(stack):
    out = run(stack, "interview", case=EXPERIENCE_CASE, user="seeker-1")
    c = client(stack, "seeker-1")
    s = c.call(c.sessions.GetSession, spb.GetSessionRequest(session_id=out["sessionId"])).session
    assert s.state == 4
    for k in ("narrative_summary", "resume_bullets", "interview_story", "skills_identified"):
        assert k in out["sections"], "%s is not shown" % k
        assert k in s.summary.fields


def test_manager_accepts_an_insight(stack):
    # The debrief above proposed insights for rep-1 of team-a; their manager reviews one.
    out = run(stack, "review")
    c = client(stack, "lead-1", "manager")
    reviews = c.call(c.insights.ListInsightReviews, ipb.ListInsightReviewsRequest(
        insight_id=out["insightId"])).reviews
    assert [r.action for r in reviews] == [1]  # REVIEW_ACTION_ACCEPT
    assert reviews[0].reviewer_id == "lead-1"
    assert any("accept" in t for t in out["trail"])
    assert any("rep-1" in t for t in out["owners"]), "the manager does not see the team's sessions"


def test_dev_mode_sign_in_mints_a_token(stack):
    srv, gw = stack
    import urllib.error
    import urllib.request
    req = urllib.request.Request(gw.url + "/dev/token", data=b'{"user":"x","role":"member"}')
    with pytest.raises(urllib.error.HTTPError) as e:
        urllib.request.urlopen(req, timeout=5)
    assert e.value.code == 404, "POST /dev/token exists without dev mode"
    dev = it.Gateway(srv, env={"DEBRIEF_DEV_MODE": "1", "DEBRIEF_JWT_SECRET": it.JWT_SECRET},
                     log_name="gateway-dev").start()
    try:
        out = run((srv, dev), "devsignin")
    finally:
        assert dev.stop() == 0
    assert out["claims"]["sub"] == "dev-bob" and out["claims"]["role"] == "manager"
    assert "eyJ" not in out["url"], "the token is in the URL"


def test_question_streams_in_from_a_model(stack):
    """A model's question arrives as text_delta frames: the page shows it growing."""
    import sys
    import urllib.request
    fake_py = os.path.join(it.SOURCE_DIR, "tests", "fake_llm", "fake_llm.py")
    fake = subprocess.Popen([sys.executable, fake_py, "--port", "0"], stdout=subprocess.PIPE,
                            stderr=subprocess.DEVNULL, stdin=subprocess.DEVNULL, text=True)
    line = fake.stdout.readline()
    assert line.startswith("PORT "), line
    base = "http://127.0.0.1:%d" % int(line.split()[1])
    question = "Got it. Who else has to sign off on the budget, and by when do they decide?"
    answer = "Priya said they have about $180k set aside, and they are also looking at Samsara."

    def control(path, body):
        req = urllib.request.Request(base + path, data=json.dumps(body).encode(), method="POST",
                                     headers={"Content-Type": "application/json"})
        urllib.request.urlopen(req, timeout=5).read()

    srv = it.Server(it.db_url_for("it_browser_llm"), log_name="it_browser_llm", env={
        "DEBRIEF_LLM": "openai", "DEBRIEF_LLM_BASE_URL": base + "/v1",
        "DEBRIEF_LLM_API_KEY": "test-key-123", "DEBRIEF_LLM_MODEL": "fake-model",
        "DEBRIEF_LLM_TIMEOUT_MS": "5000", "DEBRIEF_LLM_FIRST_TOKEN_TIMEOUT_MS": "3000",
        "DEBRIEF_LLM_MAX_RETRIES": "1"}).start()
    gw = it.Gateway(srv, log_name="gateway-llm").start()
    try:
        control("/_reset", {})
        extraction = {"competitors": {"value": ["Samsara"], "confidence": 0.8}}
        control("/_script", {"responses": [{"text": json.dumps(extraction)},
                                           {"text": question, "words_per_chunk": 1}]})
        out = run((srv, gw), "stream", ANSWER=answer, QUESTION=question)
    finally:
        assert gw.stop() == 0
        assert srv.stop() == 0
        fake.terminate()
        fake.wait(10)
    partial = [t for t in out["seen"] if t and t != question]
    assert len(set(partial)) >= 3, "the question did not grow word by word: %r" % out["seen"]
    assert all(question.startswith(t) for t in partial), out["seen"]
    assert out["questions"].count(question) == 1, out["questions"]


def test_expired_session_is_recovered_in_the_page(stack):
    """An interview left idle until it expired: the page offers Recover, and it goes on."""
    import time
    srv = it.Server(it.db_url_for("it_browser_expiry"), env={
        "DEBRIEF_INACTIVITY_WARNING": "5", "DEBRIEF_SESSION_TIMEOUT": "10"},
        log_name="it_browser_expiry").start()
    gw = it.Gateway(srv, env={"DEBRIEF_GATEWAY_WEB_DIR": os.path.join(it.SOURCE_DIR, "gateway",
                                                                      "web")},
                    log_name="gateway-expiry").start()
    try:
        c = it.Client(srv, srv.token("rep-7", "member", "team-a"))
        sess, case = it.session_for_case(c, DEBRIEF_CASE)
        c.call(c.conversation.SendMessage, cpb.SendMessageRequest(
            session_id=sess.id, client_msg_id="first", text=case["opening"]))
        deadline = time.time() + 30
        while time.time() < deadline:
            got = c.call(c.sessions.GetSession, spb.GetSessionRequest(session_id=sess.id)).session
            if got.state == types.SESSION_STATE_EXPIRED:
                break
            time.sleep(0.5)
        assert got.state == types.SESSION_STATE_EXPIRED, "the sweeper did not expire it in 30 s"
        answers_before = got.turn_count
        out = run((srv, gw), "recover", user="rep-7", SESSION=sess.id)
        got = c.call(c.sessions.GetSession, spb.GetSessionRequest(session_id=sess.id)).session
        assert got.state in (types.SESSION_STATE_ACTIVE, types.SESSION_STATE_COMPLETED), got.state
        assert got.turn_count == answers_before + 1, "the answer after Recover was not stored"
        assert out["expiredShown"] == 0, "the expired banner stayed after Recover"
        assert out["sendDisabled"] and out["controlsShown"] == 0, out
        c.close()
    finally:
        assert gw.stop() == 0, gw.read_log()
        assert srv.stop() == 0, srv.read_log()
