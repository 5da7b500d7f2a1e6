"""A slow or stalled model provider never ends an interview and never
starves other callers: answers wait for the model on the model lane, not on
the transport's workers; the model's calls in a turn share one budget that
always leaves time to commit the offline fallback; and every such turn
says so with a PROVIDER_FALLBACK warning."""
import concurrent.futures
import time

import pytest

from conftest import Client, Server, db_url_for
from debrief.v1 import conversation_service_pb2 as cpb
from debrief.v1 import session_service_pb2 as spb
from grpc_health.v1 import health_pb2, health_pb2_grpc
from test_conversation import SimUser, check_debrief, create, load_case, open_stream
from test_llm_conversation import control, fake  # noqa: F401  (fake is a fixture)

SLOW = {"text": "{}", "delay_ms": 12000, "words_per_chunk": 100000}  # answers after 12 s
STALLED = {"fault": "stall_before", "stall_s": 30}  # headers, then 30 s of silence


def model_server(fake, name, **env):
    e = {"DEBRIEF_LLM": "openai", "DEBRIEF_LLM_BASE_URL": fake + "/v1",
         "DEBRIEF_LLM_API_KEY": "test-key", "DEBRIEF_LLM_MODEL": "fake-model",
         "DEBRIEF_LLM_TIMEOUT_MS": "60000", "DEBRIEF_LLM_FIRST_TOKEN_TIMEOUT_MS": "60000",
         "DEBRIEF_LLM_MAX_RETRIES": "0"}
    e.update(env)
    return Server(db_url_for(name), log_name=name, env=e).start()


@pytest.fixture
def slow(fake):
    control(fake, "/_reset", {})
    control(fake, "/_script", {"responses": [], "default": SLOW})
    yield fake
    control(fake, "/_script", {"responses": [], "default": {"fault": "none", "text": "{}"}})


def test_slow_provider_interview_completes_with_fallback(slow):
    srv = model_server(slow, "it_slow_interview", DEBRIEF_LLM_TURN_BUDGET_MS="1500")
    c = Client(srv, srv.token("slow-user", "member", "team-a"))
    try:
        case = load_case("debrief-sample-1")
        sess = create(c, case)
        s, snap = open_stream(c, sess.id)
        q, user, turns, waits = snap.pending_question, SimUser(case), 0, []
        for turn in range(40):
            text = case["opening"] if turn == 0 else user.reply(list(q.target_fields))
            t0 = time.monotonic()
            s.send(answer=cpb.AnswerFrame(client_msg_id="s%d" % turn, text=text))
            frames = []
            while not frames or frames[-1].WhichOneof("frame") not in ("question", "completed"):
                frames.append(s.recv(timeout=20))
            waits.append(time.monotonic() - t0)
            kinds = [f.WhichOneof("frame") for f in frames]
            turns += 1
            # Every turn: the fallback warning first, then the committed frames.
            assert kinds[0] == "warning", kinds
            assert frames[0].warning.kind == cpb.WARNING_KIND_PROVIDER_FALLBACK
            assert "ack" in kinds
            if kinds[-1] == "completed":
                check_debrief(frames[-1].completed)
                break
            q = frames[-1].question
            assert q.engine == "offline"
        else:
            raise AssertionError("the interview never completed")
        s.close()
        # Each turn waited about the model budget, never the provider's 12 s.
        assert max(waits) < 6, waits
        print("FIGURE: slow-provider turns=%d fallback=%d max_turn_s=%.2f mean_turn_s=%.2f" % (
            turns, turns, max(waits), sum(waits) / len(waits)))
    finally:
        c.close()
        assert srv.stop() == 0, srv.read_log()


def test_client_deadline_leaves_time_to_commit(slow):
    srv = model_server(slow, "it_slow_deadline")  # the default 20 s model budget
    c = Client(srv, srv.token("deadline-user", "member", "team-a"))
    try:
        sess = create(c, load_case("debrief-sample-1"))
        t0 = time.monotonic()
        r = c.call(c.conversation.SendMessage, cpb.SendMessageRequest(
            session_id=sess.id, client_msg_id="d1", text="The demo went well."), timeout=4)
        took = time.monotonic() - t0
        assert r.ack.seq > 0 and r.next_question.engine == "offline"
        assert took < 4
        print("FIGURE: client-deadline-4s answered_in_s=%.2f engine=offline" % took)
    finally:
        c.close()
        assert srv.stop() == 0, srv.read_log()


def timed(fn):
    t0 = time.monotonic()
    fn()
    return (time.monotonic() - t0) * 1000


def test_stalled_provider_starves_nobody(fake):
    control(fake, "/_reset", {})
    control(fake, "/_script", {"responses": [], "default": STALLED})
    srv = model_server(fake, "it_slow_starve", DEBRIEF_LLM_TURN_BUDGET_MS="8000")
    try:
        c = Client(srv, srv.token("starve-user", "member", "team-a"))
        sessions = [create(c, load_case("debrief-sample-1")) for _ in range(33)]
        probe = sessions.pop()
        health = health_pb2_grpc.HealthStub(c.channel)
        c.call(c.sessions.GetSession, spb.GetSessionRequest(session_id=probe.id))  # warm up

        def turn(i):
            return c.call(c.conversation.SendMessage, cpb.SendMessageRequest(
                session_id=sessions[i].id, client_msg_id="t", text="The demo went well."),
                timeout=60)

        with concurrent.futures.ThreadPoolExecutor(32) as pool:
            futs = [pool.submit(turn, i) for i in range(32)]
            time.sleep(2)  # every turn is now waiting on the stalled provider
            assert len(control(fake, "/_requests")) >= 32
            gets = [timed(lambda: c.call(c.sessions.GetSession, spb.GetSessionRequest(
                session_id=probe.id))) for _ in range(10)]
            checks = [timed(lambda: health.Check(health_pb2.HealthCheckRequest(), timeout=5))
                      for _ in range(10)]
            assert not any(f.done() for f in futs)
            results = [f.result() for f in futs]
        assert all(r.next_question.engine == "offline" for r in results)
        print("FIGURE: stalled-provider turns=32 get_session_max_ms=%.1f health_max_ms=%.1f" % (
            max(gets), max(checks)))
        assert max(gets) < 100, gets
        assert max(checks) < 100, checks
        c.close()
    finally:
        control(fake, "/_script", {"responses": [], "default": {"fault": "none", "text": "{}"}})
        assert srv.stop() == 0, srv.read_log()


def test_full_model_lane_answers_offline_at_once(fake):
    control(fake, "/_reset", {})
    control(fake, "/_script", {"responses": [], "default": STALLED})
    srv = model_server(fake, "it_slow_lane", DEBRIEF_LLM_WAIT_THREADS="2",
                       DEBRIEF_LLM_TURN_BUDGET_MS="6000")
    try:
        c = Client(srv, srv.token("lane-user", "member", "team-a"))
        sessions = [create(c, load_case("debrief-sample-1")) for _ in range(8)]

        def turn(i):
            t0 = time.monotonic()
            r = c.call(c.conversation.SendMessage, cpb.SendMessageRequest(
                session_id=sessions[i].id, client_msg_id="t", text="The demo went well."),
                timeout=30)
            return time.monotonic() - t0, r

        with concurrent.futures.ThreadPoolExecutor(8) as pool:
            done = list(pool.map(turn, range(8)))
        fast = [t for t, _ in done if t < 2]
        # 2 threads + a backlog of 2 wait for the model; the rest go offline at once.
        assert len(fast) >= 4, [t for t, _ in done]
        assert all(r.next_question.engine == "offline" for _, r in done)
        c.close()
    finally:
        control(fake, "/_script", {"responses": [], "default": {"fault": "none", "text": "{}"}})
        assert srv.stop() == 0, srv.read_log()
