"""A real model in the loop (docs/model.md): the llama.cpp server from the
xllamacpp wheel serving Qwen2.5-Coder-1.5B-Instruct (both installed by
scripts/model.sh), the real debrief-server pointed at it as an OpenAI
provider, and the real PostgreSQL of the ctest fixture. One whole interview
of each template is played over Converse by the evaluation's simulated
user (tests/eval/e2e.py). The model's values are not always right, so the
checks are about protocol and shape: every turn completes, the streamed
question deltas arrive and add up to the question, every model output is
either used (schema-valid and grounded) or the turn says PROVIDER_FALLBACK,
and the model answers in most turns within the budget."""
import json
import os
import subprocess
import sys
import time
import urllib.request

import pytest

SOURCE_DIR = os.environ.get("DEBRIEF_SOURCE_DIR") or os.path.abspath(
    os.path.join(os.path.dirname(__file__), "..", ".."))
sys.path.insert(0, os.path.join(SOURCE_DIR, "tests", "eval"))
import e2e  # noqa: E402

PB = e2e.modules()
from conftest import Client, Server, db_url_for  # noqa: E402

# One answer's model work (extraction, then the question) takes 10-25 s on
# two shared cores; a longer budget than the default lets the model answer
# where it can, and the offline engine still covers a slow turn.
TURN_BUDGET_MS = 45000
CASES = ["debrief-sample-1", "experience-sample-1"]


@pytest.fixture(scope="module")
def llama(tmp_path_factory):
    port_file = str(tmp_path_factory.mktemp("llama") / "port")
    log_path = os.path.join(os.environ.get("DEBRIEF_TEST_LOG_DIR", "/tmp"), "llama-server.log")
    log = open(log_path, "w")
    proc = subprocess.Popen([os.path.join(SOURCE_DIR, "scripts", "model.sh"), "serve",
                             "--port", "0", "--port-file", port_file],
                            stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL)
    deadline = time.time() + 900  # a first run downloads about 1.2 GB of wheels
    while not os.path.exists(port_file):
        if proc.poll() is not None:
            raise RuntimeError("scripts/model.sh serve exited with %d; see %s" % (
                proc.returncode, log_path))
        if time.time() > deadline:
            proc.terminate()
            raise RuntimeError("the llama server did not start; see %s" % log_path)
        time.sleep(0.5)
    base = "http://127.0.0.1:%d" % int(open(port_file).read())
    with urllib.request.urlopen(base + "/health", timeout=10) as r:
        assert json.loads(r.read())["status"] == "ok"
    yield base
    proc.terminate()
    proc.wait(30)


@pytest.fixture(scope="module")
def server(llama):
    srv = Server(db_url_for("model_interviews"), log_name="model-server", env={
        "DEBRIEF_LLM": "openai",
        "DEBRIEF_LLM_BASE_URL": llama + "/v1",
        "DEBRIEF_LLM_MODEL": "qwen2.5-coder-1.5b-instruct",
        "DEBRIEF_LLM_TURN_BUDGET_MS": str(TURN_BUDGET_MS),
        "DEBRIEF_LLM_TIMEOUT_MS": str(TURN_BUDGET_MS),
        "DEBRIEF_LLM_FIRST_TOKEN_TIMEOUT_MS": "0",
        "DEBRIEF_LLM_MAX_RETRIES": "0",
    }).start()
    yield srv
    assert srv.stop() == 0, srv.read_log()


@pytest.mark.parametrize("case_id", CASES)
def test_whole_interview_with_the_model(server, case_id):
    case = json.load(open(os.path.join(SOURCE_DIR, "tests", "eval", "cases", case_id + ".json")))
    c = Client(server, server.token("model-" + case_id))
    try:
        doc = e2e.play(c, case, server.log_path, TURN_BUDGET_MS / 1000 + 60, PB)
    finally:
        c.close()
    turns = doc["per_turn"]
    assert doc["stop"].startswith("COMPLETION_REASON_"), doc["stop"]
    assert doc["record"], "the interview ended with an empty record"
    model_questions = 0
    for t in turns:
        llm = t.get("llm")
        assert llm, "no llm.turn log line for turn %d" % t["turn"]
        steps = dict(s.split(":") for s in llm["steps"].split())
        # Every model output is used or the turn falls back, and says so.
        failed = [k for k, v in steps.items() if v != "ok"]
        assert not failed or t["fallback"], (t, failed)
        if t["engine"] == "openai":
            model_questions += 1
            assert steps.get("question") == "ok", t
            assert t["deltas"] > 0, "the model's question was not streamed: %s" % t
        elif t["engine"] != "summary":
            assert t["fallback"], "an offline question without PROVIDER_FALLBACK: %s" % t
        # The counts add up: what was grounded was stored or dropped with a reason.
        assert llm["grounded"] <= llm["proposed"], llm
        if llm["merged"]:
            assert llm["stored"] <= llm["grounded"], llm
    extract_ok = sum(1 for t in turns if "extract:ok" in t["llm"]["steps"])
    assert extract_ok >= len(turns) // 2, "the model's extraction failed too often"
    assert model_questions >= (len(turns) - 1) // 2, "the model worded too few questions"
    total = {k: sum(t["llm"][k] for t in turns) for k in
             ("proposed", "grounded", "dropped", "stored", "tokens_in", "latency_ms")}
    print("FIGURE: model %s turns=%d model_questions=%d extract_ok=%d proposed=%d grounded=%d "
          "dropped=%d stored=%d prompt_tokens_per_turn=%.0f model_s_per_turn=%.1f "
          "wall_s_per_turn=%.1f" % (
              case_id, len(turns), model_questions, extract_ok, total["proposed"],
              total["grounded"], total["dropped"], total["stored"],
              total["tokens_in"] / len(turns), total["latency_ms"] / 1000 / len(turns),
              sum(t["wall_s"] for t in turns) / len(turns)))
