"""SIGTERM drains: health goes NOT_SERVING at once, the instance keeps
serving for the drain window, live Converse streams are told to reconnect
(a SERVER_SHUTDOWN warning, then UNAVAILABLE), turns in flight commit, and
the process exits 0. Reconnecting to a new instance with resume_after_seq
loses nothing and stores nothing twice."""
import signal
import time

import grpc

from conftest import Client, Server, db_url_for
from debrief.v1 import conversation_service_pb2 as cpb
from debrief.v1 import session_service_pb2 as spb
from debrief.v1 import types_pb2 as types
from grpc_health.v1 import health_pb2, health_pb2_grpc
from test_conversation import Stream, create, load_case, open_stream
from test_llm_conversation import control, fake  # noqa: F401  (fake is a fixture)

STREAMS = 20


def test_sigterm_with_live_streams_and_turns_in_flight(fake):
    control(fake, "/_reset", {})
    # Each model call takes ~0.8 s, so answers are in flight when SIGTERM lands.
    control(fake, "/_script", {"responses": [], "default": {
        "text": "{}", "delay_ms": 800, "words_per_chunk": 100000}})
    db = db_url_for("it_shutdown")
    env = {"DEBRIEF_LLM": "openai", "DEBRIEF_LLM_BASE_URL": fake + "/v1",
           "DEBRIEF_LLM_API_KEY": "k", "DEBRIEF_LLM_MODEL": "fake-model",
           "DEBRIEF_LLM_TURN_BUDGET_MS": "3000", "DEBRIEF_DRAIN_MS": "1500",
           "DEBRIEF_SHUTDOWN_GRACE_MS": "5000", "DEBRIEF_MAX_STREAMS_PER_USER": "64"}
    srv = Server(db, env=env, log_name="it_shutdown").start()
    c = Client(srv, srv.token("drain-user", "member", "team-a"))
    case = load_case("debrief-sample-1")
    opened = []
    for i in range(STREAMS):
        sess = create(c, case)
        s, snap = open_stream(c, sess.id)
        opened.append((sess.id, s, snap.session.last_seq))
    for i, (_, s, _) in enumerate(opened):
        s.send(answer=cpb.AnswerFrame(client_msg_id="a%d" % i, text=case["opening"]))
    time.sleep(0.2)  # the answers are now waiting on the model

    health = health_pb2_grpc.HealthStub(c.channel)
    t0 = time.monotonic()
    srv.proc.send_signal(signal.SIGTERM)
    while health.Check(health_pb2.HealthCheckRequest(), timeout=2).status == \
            health_pb2.HealthCheckResponse.SERVING:
        assert time.monotonic() - t0 < 1, "health still SERVING 1 s after SIGTERM"
        time.sleep(0.01)
    not_serving_ms = (time.monotonic() - t0) * 1000
    # Still serving reads during the drain window.
    c.call(c.sessions.GetSession, spb.GetSessionRequest(session_id=opened[0][0]))

    acked, warned = {}, 0
    for i, (sid, s, last) in enumerate(opened):
        kinds = []
        try:
            while True:
                f = s.recv(timeout=15)
                kinds.append(f.WhichOneof("frame"))
                if f.seq:
                    last = f.seq
                if kinds[-1] == "ack":
                    acked[i] = f.ack.seq
                if kinds[-1] == "warning" and \
                        f.warning.kind == cpb.WARNING_KIND_SERVER_SHUTDOWN:
                    warned += 1
        except EOFError as e:
            err = e.args[0]
            assert err is not None and err.code() == grpc.StatusCode.UNAVAILABLE, (kinds, err)
            assert "reconnect" in err.details()
        opened[i] = (sid, s, last)
    assert srv.proc.wait(15) == 0, srv.read_log()
    exit_s = time.monotonic() - t0
    assert warned == STREAMS
    c.close()

    # A new instance: every stream resumes, re-sends its answer if it saw no
    # ack, and each answer is stored exactly once.
    srv2 = Server(db, env=dict(env, DEBRIEF_DRAIN_MS="0"), log_name="it_shutdown2").start()
    c2 = Client(srv2, srv2.token("drain-user", "member", "team-a"))
    try:
        for i, (sid, _, last) in enumerate(opened):
            s, snap = open_stream(c2, sid, after=last)
            s.send(answer=cpb.AnswerFrame(client_msg_id="a%d" % i, text=case["opening"]))
            f = s.until("ack", timeout=15)[-1]
            if i in acked:
                assert f.ack.duplicate and f.ack.seq == acked[i]
            s.close()
            hist = c2.call(c2.sessions.GetSessionHistory, spb.GetSessionHistoryRequest(
                session_id=sid))
            answers = [m for m in hist.messages if m.kind == types.MESSAGE_KIND_ANSWER]
            assert len(answers) == 1, [m.text for m in answers]
        print("FIGURE: sigterm streams=%d acked_before_exit=%d warned=%d not_serving_ms=%.0f "
              "exit_s=%.2f lost=0 duplicated=0" % (STREAMS, len(acked), warned, not_serving_ms,
                                                   exit_s))
    finally:
        c2.close()
        control(fake, "/_script", {"responses": [], "default": {"fault": "none", "text": "{}"}})
        assert srv2.stop() == 0, srv2.read_log()
