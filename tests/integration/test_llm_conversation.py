"""Interviews through each model provider's real wire format, against the
local fake provider server (tests/fake_llm/fake_llm.py): streamed question
deltas reach the client in order and match the final question, model
extraction is grounded and merged, usage is recorded, and every provider
failure still gives the client a usable turn from the offline engine with
a PROVIDER_FALLBACK notice."""
import json
import os
import subprocess
import sys
import time
import urllib.request

import pytest
from google.protobuf import json_format

from conftest import SOURCE_DIR, Client, Server, db_url_for
from debrief.v1 import conversation_service_pb2 as cpb
from debrief.v1 import session_service_pb2 as spb
from debrief.v1 import types_pb2 as types
from test_conversation import Stream, load_case, subject_of

FAKE = os.path.join(SOURCE_DIR, "tests", "fake_llm", "fake_llm.py")
PATHS = {"openai": "/v1", "anthropic": "", "gemini": "/v1beta"}
QUESTION = "Got it. Who else has to sign off on the budget, and by when do they decide?"
ANSWER = "Priya said they have about $180k set aside, and they are also looking at Samsara."


@pytest.fixture(scope="module")
def fake():
    proc = subprocess.Popen([sys.executable, FAKE, "--port", "0"], stdout=subprocess.PIPE,
                            stderr=subprocess.DEVNULL, stdin=subprocess.DEVNULL, text=True)
    line = proc.stdout.readline()
    assert line.startswith("PORT "), line
    base = "http://127.0.0.1:%d" % int(line.split()[1])
    yield base
    proc.terminate()
    proc.wait(10)


def control(base, path, body=None):
    req = urllib.request.Request(base + path, data=json.dumps(body).encode() if body is not None
                                 else None, method="POST" if body is not None else "GET",
                                 headers={"Content-Type": "application/json"})
    with urllib.request.urlopen(req, timeout=5) as r:
        return json.loads(r.read() or b"null")


@pytest.fixture(scope="module", params=["openai", "anthropic", "gemini"])
def llm_server(request, fake):
    provider = request.param
    srv = Server(db_url_for("it_llm_" + provider), log_name="llm-" + provider, env={
        "DEBRIEF_LLM": provider,
        "DEBRIEF_LLM_BASE_URL": fake + PATHS[provider],
        "DEBRIEF_LLM_API_KEY": "test-key-123",
        "DEBRIEF_LLM_MODEL": "fake-model",
        "DEBRIEF_LLM_TIMEOUT_MS": "3000",
        "DEBRIEF_LLM_FIRST_TOKEN_TIMEOUT_MS": "1500",
        "DEBRIEF_LLM_MAX_RETRIES": "1",
    }).start()
    srv.provider = provider
    yield srv
    assert srv.stop() == 0, srv.read_log()


def open_session(client):
    case = load_case("debrief-sample-1")
    sess = client.call(client.sessions.CreateSession, spb.CreateSessionRequest(
        template_slug="sales_debrief", subject=subject_of(case))).session
    s = Stream(client)
    s.send(open=cpb.OpenFrame(session_id=sess.id))
    assert s.recv().WhichOneof("frame") == "snapshot"
    return sess, s


def frames_until_question(s):
    got = []
    while True:
        f = s.recv(timeout=20)
        got.append(f)
        if f.WhichOneof("frame") in ("question", "completed"):
            return got


def test_streamed_question_and_grounded_extraction(llm_server, fake):
    # The reply shape of docs/quality.md: targets as {value, evidence}, other
    # fields the answer states in other_fields, each with the answer's words.
    extraction = {"other_fields": [
        {"field": "budget", "value": {"amount": 180000, "currency": "USD"},
         "evidence": "about $180k set aside"},
        {"field": "competitors", "value": ["Samsara"], "evidence": "looking at Samsara"},
        {"field": "deal_stage", "value": "closed_won", "evidence": "set aside"}]}  # no cue
    control(fake, "/_reset", {})
    control(fake, "/_script", {"responses": [{"text": json.dumps(extraction)},
                                             {"text": QUESTION, "words_per_chunk": 1}]})
    c = Client(llm_server, llm_server.token("llm-user", "member", "team-a"))
    try:
        sess, s = open_session(c)
        s.send(answer=cpb.AnswerFrame(client_msg_id="l1", text=ANSWER))
        frames = frames_until_question(s)
        kinds = [f.WhichOneof("frame") for f in frames]
        deltas = [f for f in frames if kinds[frames.index(f)] == "text_delta"]
        assert len(deltas) > 3, kinds
        assert all(f.seq == 0 for f in deltas)
        assert [d.text_delta.index for d in deltas] == list(range(len(deltas)))
        assert "warning" not in kinds, kinds
        # The deltas come first, then the committed frames in seq order.
        assert kinds.index("ack") > max(i for i, k in enumerate(kinds) if k == "text_delta")
        q = frames[-1].question
        assert "".join(d.text_delta.delta for d in deltas) == q.text == QUESTION
        assert q.engine == llm_server.provider
        assert {d.text_delta.question_id for d in deltas} == {q.question_id}
        ext = next(f.extraction for f in frames if kinds[frames.index(f)] == "extraction")
        got = {u.key: u for u in ext.updates}
        assert json_format.MessageToDict(got["budget"].value)["amount"] == 180000
        assert "deal_stage" not in got  # the model's unsupported value was dropped
        s.close()
        # One llm.turn line says what became of the model's values.
        lines = [json.loads(x) for x in open(llm_server.log_path) if '"llm.turn"' in x]
        turn = [x for x in lines if x["session_id"] == sess.id][-1]
        assert turn["calls"] == 2 and turn["steps"] == "extract:ok question:ok", turn
        assert turn["proposed"] == 3 and turn["grounded"] == 2, turn
        assert turn["drops"]["ungrounded"] == 1, turn
        assert turn["merged"] and turn["stored"] + turn["dropped"] == 3, turn
        assert turn["tokens_in"] > 0 and turn["latency_ms"] >= 0, turn
        # The request asked for other fields with evidence, not every field nullable.
        body = control(fake, "/_requests")[0]["body"]
        text = json.dumps(body)
        assert "other_fields" in text and "evidence" in text
        assert '"null"' not in text
        reqs = control(fake, "/_requests")
        assert len(reqs) >= 2
        hist = c.call(c.sessions.GetSessionHistory, spb.GetSessionHistoryRequest(
            session_id=sess.id))
        asked = [m for m in hist.messages if m.kind == types.MESSAGE_KIND_QUESTION][-1]
        assert asked.text == QUESTION
        assert asked.usage.provider == llm_server.provider and asked.usage.model == "fake-model"
        assert not asked.usage.fallback
    finally:
        c.close()


@pytest.mark.parametrize("fault", ["500", "429", "reset_before", "reset", "truncate", "badjson",
                                   "stall_before", "stall", "huge", "401"])
def test_provider_faults_fall_back_to_offline(llm_server, fake, fault):
    control(fake, "/_reset", {})
    control(fake, "/_script", {"responses": [], "default": {"fault": fault, "retry_after": 0,
                                                             "text": QUESTION}})
    c = Client(llm_server, llm_server.token("fault-user", "member", "team-a"))
    try:
        sess, s = open_session(c)
        t0 = time.time()
        s.send(answer=cpb.AnswerFrame(client_msg_id="f1", text=ANSWER))
        frames = frames_until_question(s)
        kinds = [f.WhichOneof("frame") for f in frames]
        assert "ack" in kinds and kinds[-1] == "question", kinds
        warn = [f.warning for f in frames if f.WhichOneof("frame") == "warning"]
        assert warn and warn[0].kind == cpb.WARNING_KIND_PROVIDER_FALLBACK, kinds
        q = frames[-1].question
        assert q.engine == "offline" and q.text
        # The offline extractor still read the answer.
        ext = [f.extraction for f in frames if f.WhichOneof("frame") == "extraction"]
        assert ext and any(u.key == "competitors" for u in ext[0].updates)
        assert time.time() - t0 < 15, "a failing provider must not stall the turn"
        s.close()
    finally:
        control(fake, "/_script", {"responses": [], "default": {"fault": "none"}})
        c.close()


def test_unary_send_message_uses_the_model_too(llm_server, fake):
    control(fake, "/_reset", {})
    control(fake, "/_script", {"responses": [{"text": "{}"}, {"text": QUESTION}]})
    c = Client(llm_server, llm_server.token("unary-user", "member", "team-a"))
    try:
        sess, s = open_session(c)
        s.close()
        r = c.call(c.conversation.SendMessage, cpb.SendMessageRequest(
            session_id=sess.id, client_msg_id="u1", text=ANSWER), timeout=20)
        assert r.next_question.text == QUESTION
        assert r.next_question.engine == llm_server.provider
    finally:
        c.close()


def test_one_byte_per_write_still_streams(llm_server, fake):
    control(fake, "/_reset", {})
    control(fake, "/_script", {"responses": [{"text": "{}", "fault": "byte"},
                                             {"text": QUESTION, "fault": "byte"}]})
    c = Client(llm_server, llm_server.token("byte-user", "member", "team-a"))
    try:
        sess, s = open_session(c)
        s.send(answer=cpb.AnswerFrame(client_msg_id="b1", text=ANSWER))
        frames = frames_until_question(s)
        deltas = "".join(f.text_delta.delta for f in frames if f.WhichOneof("frame") == "text_delta")
        assert deltas == frames[-1].question.text == QUESTION
        assert frames[-1].question.engine == llm_server.provider
        s.close()
    finally:
        c.close()


def test_cancelled_client_aborts_the_model_call(llm_server, fake):
    control(fake, "/_reset", {})
    slow = {"text": "word " * 200, "delay_ms": 200, "words_per_chunk": 1}
    control(fake, "/_script", {"responses": [], "default": slow})
    c = Client(llm_server, llm_server.token("cancel-user", "member", "team-a"))
    try:
        sess, s = open_session(c)
        s.send(answer=cpb.AnswerFrame(client_msg_id="x1", text=ANSWER))
        time.sleep(0.6)
        s.cancel()
        deadline = time.time() + 5
        while "CANCELLED" not in llm_server.read_log():
            assert time.time() < deadline, "the model call went on after the client left"
            time.sleep(0.1)
    finally:
        control(fake, "/_script", {"responses": [], "default": {"fault": "none"}})
        c.close()
