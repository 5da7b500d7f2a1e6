#!/usr/bin/env bash
# eval_model.sh - the evaluation over the real gRPC server, offline and with
# the local model (docs/quality.md, "Model mode"): the same scripted cases
# played by tests/eval/e2e.py against debrief-server once offline and once
# with DEBRIEF_LLM=openai pointed at the llama.cpp server of
# scripts/model.sh, both sets of records scored by the one scorer
# (dbf_eval --score-records). Prints F1 per set and mode, then per answer:
# model calls, prompt tokens, model latency and wall time, and what became
# of the model's values (proposed, grounded, dropped by reason, stored).
#
#   bench/eval_model.sh                        # the default subset (below), ~25 min
#   CASES="tests/eval/cases tests/eval/holdout" bench/eval_model.sh   # every case: hours
#   ONLY="debrief-sample-1" bench/eval_model.sh
#
# A turn takes 15-30 s on two shared cores, so the default is a subset: two
# cases of each template, fixed by id (all four are in cases/ now; two were
# a holdout's when the subset was chosen). TURN_BUDGET_MS
# (default 45000) is DEBRIEF_LLM_TURN_BUDGET_MS. Records and logs stay in
# .data/bench/eval-model/<mode>/.
set -euo pipefail

NAME=eval_model
PGDIR_NAME=pg-eval-model
PG_PORT="${PG_PORT:-55476}"
# shellcheck source=bench/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

SUBSET="debrief-sample-1 experience-sample-1 debrief-hospitality-renewal-lumen experience-sre-gaming"
CASES="${CASES:-tests/eval/cases tests/eval/holdout}"
ONLY="${ONLY-$SUBSET}"
[ "${CASES}" != "tests/eval/cases tests/eval/holdout" ] && [ "$ONLY" = "$SUBSET" ] && ONLY=""
TURN_BUDGET_MS="${TURN_BUDGET_MS:-45000}"
OUT="$ROOT/.data/bench/eval-model"
PY="$ROOT/.data/venv/bin/python3"

"$ROOT/scripts/deps.sh"
bench_build debrief-server dbf_eval
say "installing the model if needed (scripts/model.sh)"
"$ROOT/scripts/model.sh" install >/dev/null
bench_pg eval_model

say "starting the llama server"
"$ROOT/scripts/model.sh" serve --port 0 --port-file "$RUN/llama.port" >"$RUN/llama.log" 2>&1 &
SERVER_PID=$! # bench_cleanup stops it
for _ in $(seq 1 600); do
  [ -s "$RUN/llama.port" ] && break
  kill -0 "$SERVER_PID" 2>/dev/null || { tail -n 20 "$RUN/llama.log" >&2; exit 1; }
  sleep 0.2
done
LLAMA="http://127.0.0.1:$(cat "$RUN/llama.port")/v1"

case_args=()
for c in $CASES; do case_args+=(--cases "$ROOT/$c"); done
for id in $ONLY; do case_args+=(--case "$id"); done
rm -rf "$OUT"
mkdir -p "$OUT"
export DEBRIEF_SERVER_BIN="$BUILD/server/debrief-server" DEBRIEF_PY_GEN="$BUILD/py-gen"
say "offline, over gRPC"
"$PY" "$ROOT/tests/eval/e2e.py" --database-url "$URL" --out "$OUT/offline" "${case_args[@]}"
say "with the model, over gRPC (turn budget $TURN_BUDGET_MS ms)"
"$PY" "$ROOT/tests/eval/e2e.py" --database-url "$URL" --out "$OUT/model" "${case_args[@]}" \
  --llm-base-url "$LLAMA" --turn-budget-ms "$TURN_BUDGET_MS"

for mode in offline model; do
  for c in $CASES; do
    "$BUILD/tests/dbf_eval" --data-dir "$ROOT" --cases "$ROOT/$c" --score-records "$OUT/$mode" \
      --json 2>/dev/null | sed "s|^|$mode $(basename "$c") |" >>"$OUT/scores.txt" || true
  done
done

"$PY" - "$OUT" <<'EOF'
import glob, json, os, sys
out = sys.argv[1]
print("\n%-8s %-8s %5s %6s %6s %6s" % ("mode", "set", "cases", "P", "R", "F1"))
for line in open(os.path.join(out, "scores.txt")):
    mode, cset, doc = line.split(" ", 2)
    d = json.loads(doc)
    ok = [c for c in d["cases"] if not c["error"]]
    if not ok:
        continue
    # Only the cases this run played (the others have no record: errors).
    pn = sum(f["precision_credit"] for c in ok for f in c["fields"] if f["extracted_present"])
    pd = sum(1 for c in ok for f in c["fields"] if f["extracted_present"])
    rn = sum(f["recall_credit"] for c in ok for f in c["fields"] if f["expected_present"])
    rd = sum(1 for c in ok for f in c["fields"] if f["expected_present"])
    p, r = (pn / pd if pd else 1.0), (rn / rd if rd else 1.0)
    f1 = 2 * p * r / (p + r) if p + r else 0.0
    print("%-8s %-8s %5d %6.3f %6.3f %6.3f" % (mode, cset, len(ok), p, r, f1))
    for c in ok:
        print("%-8s   %-44s F1 %.3f" % (mode, c["id"], c["f1"]))

turns = []
for f in sorted(glob.glob(os.path.join(out, "model", "*.json"))):
    turns += json.load(open(f)).get("per_turn", [])
llm = [t["llm"] for t in turns if "llm" in t]
if not llm:
    sys.exit("no llm.turn lines: did the model run?")
n = len(llm)
def mean(xs):
    xs = list(xs)
    return sum(xs) / len(xs) if xs else 0.0
print("\nper answer with the model (%d answers):" % n)
print("  model calls          %.2f" % mean(x["calls"] for x in llm))
print("  prompt tokens        %.0f (extraction %.0f, question or summary %.0f)" % (
    mean(x["tokens_in"] for x in llm), mean(x["extract_tokens_in"] for x in llm),
    mean(x["reply_tokens_in"] for x in llm if x["reply_tokens_in"] >= 0)))
print("  model latency        %.1f s (extraction %.1f s)" % (
    mean(x["latency_ms"] for x in llm) / 1000, mean(x["extract_ms"] for x in llm) / 1000))
print("  wall time per answer %.1f s" % mean(t["wall_s"] for t in turns))
print("  fallback turns       %d of %d" % (sum(1 for t in turns if t["fallback"]), len(turns)))
tot = {k: sum(x[k] for x in llm) for k in ("proposed", "grounded", "dropped", "stored",
                                            "items_dropped")}
drops = {}
for x in llm:
    for k, v in x["drops"].items():
        drops[k] = drops.get(k, 0) + v
print("  values: proposed %(proposed)d, grounded %(grounded)d, dropped %(dropped)d, "
      "stored %(stored)d (list items pruned %(items_dropped)d)" % tot)
print("  dropped by reason:", ", ".join("%s %d" % kv for kv in sorted(drops.items())))
EOF
