"""The evaluation over the real gRPC server (tests/eval/e2e.py), offline:
every scripted case of cases/ and holdout/ is played over Converse and its
final record is scored by the one scorer (dbf_eval --score-records). The
server runs the same engine as the in-process harness, so the two must
agree to the last digit; a difference means the service path (subject,
reference date, turn pipeline, end conditions) and the harness diverged."""
import json
import os
import shutil
import subprocess
import sys

from conftest import SERVER_BIN, SOURCE_DIR

EVAL = os.path.join(os.path.dirname(os.path.dirname(SERVER_BIN)), "tests", "dbf_eval")
SETS = ["cases", "holdout"]
# Under the sanitizers (scripts/test.sh --sanitize or --tsan) the server is
# several times slower: one case of each template from each set is enough there.
SANITIZED = bool(os.environ.get("ASAN_OPTIONS") or os.environ.get("TSAN_OPTIONS"))
FEW = ["debrief-sample-1", "experience-sample-1", "debrief-hospitality-renewal-lumen",
       "experience-sre-gaming"]


def score(case_dir, records=None):
    args = [EVAL, "--data-dir", SOURCE_DIR, "--cases", case_dir, "--json"]
    if records:
        args += ["--score-records", records]
    out = subprocess.run(args, capture_output=True, text=True, timeout=120)
    return json.loads(out.stdout)


def few_of(case_dir, tmp_path):
    """The FEW cases of case_dir in a directory of their own, or None: under
    the sanitizers the in-process harness is too slow to replay every case
    just to compare four."""
    d = os.path.join(str(tmp_path), "few-" + os.path.basename(case_dir))
    os.makedirs(d, exist_ok=True)
    for c in FEW:
        p = os.path.join(case_dir, c + ".json")
        if os.path.exists(p):
            shutil.copy(p, d)
    return d if os.listdir(d) else None


def test_offline_over_grpc_scores_as_in_process(tmp_path):
    base = os.environ["DEBRIEF_TEST_DATABASE_URL"]
    dirs = [os.path.join(SOURCE_DIR, "tests", "eval", s) for s in SETS]
    cmd = [sys.executable, os.path.join(SOURCE_DIR, "tests", "eval", "e2e.py"),
           "--database-url", base, "--out", str(tmp_path)]
    for d in dirs:
        cmd += ["--cases", d]
    for c in FEW if SANITIZED else []:
        cmd += ["--case", c]
    subprocess.run(cmd, check=True, timeout=880)
    for d in dirs:
        if SANITIZED:
            d = few_of(d, tmp_path)
            if d is None:
                continue
        e2e, local = score(d, str(tmp_path)), score(d)
        played = [c for c in e2e["cases"] if not SANITIZED or c["id"] in FEW]
        assert not any(c["error"] for c in played), [c for c in played if c["error"]]
        for a, b in zip(e2e["cases"], local["cases"]):
            if SANITIZED and a["id"] not in FEW:
                continue
            assert a["id"] == b["id"]
            assert abs(a["f1"] - b["f1"]) < 1e-9, (a["id"], a["f1"], b["f1"])
            assert a["turns"] == b["turns"], (a["id"], a["turns"], b["turns"])
        if not SANITIZED:
            print("FIGURE: e2e offline %s F1 %.3f (in process %.3f)" % (
                os.path.basename(d), e2e["overall"]["f1"], local["overall"]["f1"]))
