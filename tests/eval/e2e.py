#!/usr/bin/env python3
"""e2e.py - plays the scripted interviews of tests/eval over the real gRPC
server, offline or with a model, and writes each case's final record for
the C scorer (dbf_eval --score-records DIR; docs/quality.md).

    e2e.py --database-url URL --out DIR [--cases DIR|FILE]... [--case ID]... [--jobs N]
           [--llm-base-url URL [--llm-model NAME] [--turn-budget-ms N]]

It starts one debrief-server (the build's, or DEBRIEF_SERVER_BIN) against a
fresh database in the cluster at URL, with DEBRIEF_LLM=openai pointed at
--llm-base-url when given (a llama.cpp server: scripts/model.sh serve), else
offline. For each case it creates a session whose subject is built as the
in-process harness builds it, opens a Converse stream and answers like the
simulated user of tests/eval/README.md, until the server completes the
interview. The server decides when it ends, exactly as for a person.

DIR/<case id>.json gets {"id", "template", "record", "turns", "stop",
"per_turn"}: the record as the completed frame carries it, and per answer
the wall time, the frames seen and, with a model, the server's llm.turn log
line (calls, prompt tokens, latency, values proposed/grounded/dropped/
stored) and what the llama.cpp server counted (its /metrics: prompt tokens
evaluated and reused from its cache, tokens generated). Scoring is not done here: one scorer, in tests/eval/eval.c.

The reference date: cases without context.occurred_at get 2026-03-02, the
date the in-process harness resolves their relative dates against.
"""
import argparse
import concurrent.futures
import json
import os
import re
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
SOURCE_DIR = os.path.abspath(os.path.join(HERE, "..", ".."))
DEFAULT_REF_DATE = "2026-03-02"  # EVAL_DEFAULT_REF_DATE in eval.c
DONE_TEXT = "That's all I have."  # EVAL_DONE_TEXT in eval.c
TURN_CAP = 60  # EVAL_TURN_CAP in eval.c


class SimUser:
    """The simulated user of tests/eval/README.md (eval_user_answer in eval.c):
    answer the first target whose full text was not given (its vague text
    first, when asked and it has one); else volunteer the next unused answer
    in file order, in full; else say it is done."""

    def __init__(self, case):
        self.answers = case["answers"]
        self.gave_vague, self.gave_full = set(), set()

    def _give(self, field, asked):
        a = self.answers[field]
        if asked and isinstance(a.get("vague"), str) and field not in self.gave_vague:
            self.gave_vague.add(field)
            return a["vague"]
        self.gave_full.add(field)
        return a["text"]

    def reply(self, targets):
        for t in targets:
            if isinstance(self.answers.get(t, {}).get("text"), str) and t not in self.gave_full:
                return self._give(t, True), t
        for k, a in self.answers.items():
            if isinstance(a.get("text"), str) and k not in self.gave_full:
                return self._give(k, False), k
        return DONE_TEXT, None


def slug(s):
    return "-".join(re.findall(r"[a-z0-9]+", s.lower()))


def subject_of(case, types, struct_pb2):
    """eval_subject in eval.c, as a Subject message."""
    ctx = dict(case.get("context") or {})
    meeting = case["template"] == "sales_debrief"
    name = ctx.get("account" if meeting else "company") or ""
    title = ctx.get("title") or name or ("Meeting debrief" if meeting else "Work experience")
    key = ("account:" if meeting else "job:") + slug(name or case["id"])
    ctx.setdefault("occurred_at", DEFAULT_REF_DATE)
    attrs = struct_pb2.Struct()
    attrs.update(ctx)
    return types.Subject(kind="meeting" if meeting else "job", key=key, title=title,
                         attributes=attrs)


def load_cases(paths, only):
    files = []
    for p in paths:
        if os.path.isdir(p):
            files += sorted(os.path.join(p, f) for f in os.listdir(p) if f.endswith(".json"))
        else:
            files.append(p)
    cases = [json.load(open(f)) for f in files]
    return [c for c in cases if not only or c["id"] in only]


def turn_lines(log_path, offset):
    """The llm.turn lines written to the server log since offset."""
    out = []
    with open(log_path) as f:
        f.seek(offset)
        for line in f:
            try:
                j = json.loads(line)
            except ValueError:
                continue
            if j.get("event") == "llm.turn":
                out.append(j)
    return out


def llama_metrics(url):
    """The llama.cpp server's token counters (/metrics), or {} when unreachable."""
    import urllib.request
    try:
        with urllib.request.urlopen(url, timeout=2) as r:
            text = r.read().decode()
    except OSError:
        return {}
    out = {}
    for name in ("prompt_tokens_total", "prompt_tokens_cached_total", "tokens_predicted_total"):
        m = re.search(r"^llamacpp:%s (\S+)$" % name, text, re.M)
        if m:
            out[name] = float(m.group(1))
    return out


def play(client, case, log_path, timeout_s, pb, metrics_url=None):
    """Plays one case; returns the result document."""
    cpb, spb, types, struct_pb2, json_format, Stream = pb
    sess = client.call(client.sessions.CreateSession, spb.CreateSessionRequest(
        template_slug=case["template"], subject=subject_of(case, types, struct_pb2))).session
    s = Stream(client, timeout=timeout_s * (TURN_CAP + 2))
    s.send(open=cpb.OpenFrame(session_id=sess.id))
    snap = s.recv(timeout=timeout_s)
    assert snap.WhichOneof("frame") == "snapshot", snap
    q = snap.snapshot.pending_question
    user, per_turn, completed, stop = SimUser(case), [], None, "turn_cap"
    for turn in range(TURN_CAP):
        if turn == 0:
            text, field = case["opening"], None
        else:
            text, field = user.reply(list(q.target_fields))
        offset = os.path.getsize(log_path)
        before = llama_metrics(metrics_url) if metrics_url else {}
        t0 = time.monotonic()
        s.send(answer=cpb.AnswerFrame(client_msg_id="e%d" % turn, text=text,
                                      question_id=q.question_id))
        kinds = []
        while True:
            f = s.recv(timeout=timeout_s)
            kinds.append(f.WhichOneof("frame"))
            if kinds[-1] in ("question", "completed"):
                break
        wall = time.monotonic() - t0
        time.sleep(0.05)  # the log line is written right after the frames are sent
        entry = {"turn": turn, "targets": list(q.target_fields), "field": field,
                 "wall_s": round(wall, 3), "deltas": kinds.count("text_delta"),
                 "fallback": "warning" in kinds}
        after = llama_metrics(metrics_url) if metrics_url else {}
        if before and after:  # what the model server itself counted for this answer
            entry["llama"] = {k.replace("_total", ""): int(after[k] - before.get(k, 0))
                              for k in after}
        lines = [x for x in turn_lines(log_path, offset) if x.get("session_id") == sess.id]
        if lines:
            entry["llm"] = {k: v for k, v in lines[-1].items()
                            if k not in ("ts", "level", "event", "rid", "request_id")}
        if kinds[-1] == "completed":
            entry["engine"] = "summary"
            per_turn.append(entry)
            completed = f.completed
            stop = cpb.CompletionReason.Name(completed.reason)
            break
        q = f.question
        entry["engine"] = q.engine
        per_turn.append(entry)
    s.close()
    record = {}
    if completed is not None:
        for fv in completed.extracted:
            record[fv.key] = {"value": json_format.MessageToDict(fv.value),
                              "confidence": round(fv.confidence, 3),
                              "source": types.ExtractionSource.Name(fv.source)}
    return {"id": case["id"], "template": case["template"], "session_id": sess.id,
            "record": record, "turns": len(per_turn), "stop": stop, "per_turn": per_turn}


def modules():
    """The generated stubs and the integration tests' Stream, for play()."""
    sys.path.insert(0, os.path.join(SOURCE_DIR, "tests", "integration"))
    import conftest  # noqa: F401  (generates the stubs and puts them on the path)
    from google.protobuf import json_format, struct_pb2
    from debrief.v1 import conversation_service_pb2 as cpb
    from debrief.v1 import session_service_pb2 as spb
    from debrief.v1 import types_pb2 as types
    from test_conversation import Stream
    return (cpb, spb, types, struct_pb2, json_format, Stream)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--database-url", required=True,
                    help="libpq URL of a cluster; a fresh database is made in it")
    ap.add_argument("--out", required=True, help="where <case id>.json records go")
    ap.add_argument("--cases", action="append", default=[], help="a case directory or file")
    ap.add_argument("--case", action="append", default=[], help="only this case id")
    ap.add_argument("--llm-base-url", help="an OpenAI-compatible server, e.g. "
                    "http://127.0.0.1:8080/v1; offline when absent")
    ap.add_argument("--llm-model", default="qwen2.5-coder-1.5b-instruct")
    ap.add_argument("--turn-budget-ms", type=int, default=0,
                    help="DEBRIEF_LLM_TURN_BUDGET_MS (0: the server's default)")
    ap.add_argument("--turn-timeout-s", type=float, default=180)
    ap.add_argument("--jobs", type=int, default=0,
                    help="cases played at once (default 4 offline; with a model always 1, "
                         "since its per-turn token counters are the llama server's totals)")
    args = ap.parse_args()
    os.makedirs(args.out, exist_ok=True)
    os.environ.setdefault("DEBRIEF_TEST_LOG_DIR", os.path.abspath(args.out))
    os.environ["DEBRIEF_TEST_DATABASE_URL"] = args.database_url
    pb = modules()
    from conftest import Client, Server, db_url_for

    cases = load_cases(args.cases or [os.path.join(HERE, "cases")], set(args.case))
    if not cases:
        sys.exit("e2e.py: no cases")
    env = {"DEBRIEF_LLM": "offline"}
    if args.llm_base_url:
        env = {"DEBRIEF_LLM": "openai", "DEBRIEF_LLM_BASE_URL": args.llm_base_url,
               "DEBRIEF_LLM_MODEL": args.llm_model,
               # One call may take long on a CPU; the turn budget bounds them all.
               "DEBRIEF_LLM_TIMEOUT_MS": "120000", "DEBRIEF_LLM_FIRST_TOKEN_TIMEOUT_MS": "0",
               "DEBRIEF_LLM_MAX_RETRIES": "0"}
        if args.turn_budget_ms:
            env["DEBRIEF_LLM_TURN_BUDGET_MS"] = str(args.turn_budget_ms)
    mode = "model" if args.llm_base_url else "offline"
    metrics_url = (re.sub(r"/v1/?$", "", args.llm_base_url) + "/metrics"
                   if args.llm_base_url else None)
    srv = Server(db_url_for("e2e_%s_%d" % (mode, os.getpid())), env=env,
                 log_name="e2e-%s" % mode).start()
    jobs = 1 if args.llm_base_url else max(1, args.jobs or 4)

    def one(case):
        """Plays one case and writes its record; True when it broke."""
        c = Client(srv, srv.token("e2e-" + case["id"][:40]))
        t0 = time.monotonic()
        broke = False
        try:
            doc = play(c, case, srv.log_path, args.turn_timeout_s, pb, metrics_url)
        except Exception as e:  # one broken case must not hide the others
            broke = True
            doc = {"id": case["id"], "template": case["template"], "error": repr(e)}
        finally:
            c.close()
        doc["mode"] = mode
        doc["wall_s"] = round(time.monotonic() - t0, 1)
        with open(os.path.join(args.out, case["id"] + ".json"), "w") as f:
            json.dump(doc, f, indent=1)
        print("e2e: %-44s %s turns=%s %.0fs" % (case["id"], doc.get("stop", "ERROR"),
                                                 doc.get("turns", "-"), doc["wall_s"]),
              file=sys.stderr, flush=True)
        return broke

    # Each case is its own user, so cases played at once never see each other's sessions
    # (context continuity is per owner) and score as they would one by one.
    try:
        with concurrent.futures.ThreadPoolExecutor(max_workers=jobs) as pool:
            failed = sum(pool.map(one, cases))
    finally:
        rc = srv.stop()
    if rc != 0:
        sys.exit("e2e.py: the server exited with %d (log: %s)" % (rc, srv.log_path))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
