# turn_template.sh - one real answer turn as replayable payloads, shared by
# run_turns.sh and run_peers.sh. Source it after lib.sh, with DB set and the
# server started (bench_server). Provides:
#
#   turn_template TOKEN   has the server make a mid-interview session (six
#                         answers) and picks one real answer turn of it: the
#                         one whose changed-set has the median size among
#                         turns that went on to a question (answer at seq E,
#                         extraction frame at E + 1, question at E + 2). Sets
#                         TPL_SESSION, TURN (an associative array of the
#                         turn's payloads, the variables bench/turn.pgbench.sql
#                         documents but owner), TURN_NOTE (one line on it).
#   turn_copies OWNER     copies the template session 64 times for OWNER, as
#                         00000000-0000-4000-8000-<0..63>, each active.
#   turn_pgbench_vars OWNER  sets PGB_VARS, the -D options for pgbench.
#   percentiles FILES...  "p50 p99" in ms from pgbench -l logs.

declare -A TURN
TPL_SESSION=""
TURN_NOTE=""

tsql() { psql_q -d "$DB" -tA "$@"; }

turn_template() {
  TPL_SESSION="$("$BUILD/bench/bench_turns" --target "$TARGET" --token "$1" \
    --create-session --answers 6)"
  [[ "$TPL_SESSION" =~ ^[0-9a-f-]{36}$ ]] || { say "could not create the template session"; exit 1; }
  local s="'$TPL_SESSION'::uuid" e
  e="$(tsql -c "SELECT h.evidence_seq FROM extraction_history h
        JOIN messages q ON q.session_id = h.session_id AND q.seq = h.evidence_seq + 2
          AND q.kind = 'question'
        WHERE h.session_id = $s GROUP BY h.evidence_seq ORDER BY count(*), h.evidence_seq
        OFFSET (SELECT count(DISTINCT evidence_seq) / 2 FROM extraction_history
                WHERE session_id = $s) LIMIT 1")"
  [[ "$e" =~ ^[0-9]+$ ]] || { say "the template session has no answer turn with extractions"; exit 1; }
  col() { # seq kind column
    tsql -c "SELECT $3 FROM messages WHERE session_id = $s AND seq = $1 AND kind = '$2'"
  }
  TURN=(
    [stmt_timeout]=15000
    [sess_state]=active
    [session_timeout]=1800
    [answer_text]="$(col "$e" answer text)"
    [answer_qid]="$(col "$e" answer question_id)"
    [answer_targets]="$(col "$e" answer target_fields)"
    [answer_frame]="$(col "$e" answer "encode(frame, 'hex')")"
    [changed_keys]="$(col $((e + 1)) extraction target_fields)"
    [extraction_frame]="$(col $((e + 1)) extraction "encode(frame, 'hex')")"
    [question_text]="$(col $((e + 2)) question text)"
    [question_targets]="$(col $((e + 2)) question target_fields)"
    [question_frame]="$(col $((e + 2)) question "encode(frame, 'hex')")"
    [changed_json]="$(tsql -c "SELECT jsonb_object_agg(field_key, jsonb_build_object(
            'value', value, 'confidence', confidence, 'evidence_seq', evidence_seq,
            'source', source)) FROM extraction_history WHERE session_id = $s
            AND evidence_seq = $e")"
  )
  TURN_NOTE="seq $e of the template session: $(col "$e" answer "length(text)")-char answer,"
  TURN_NOTE+=" $(tsql -c "SELECT count(*) FROM extraction_history WHERE session_id = $s
            AND evidence_seq = $e") field(s) changed"
}

turn_copies() {
  tsql -c "INSERT INTO users (id, team_id, role) VALUES ('$1', 'sales', 'member')
            ON CONFLICT (id) DO NOTHING" \
      -c "INSERT INTO sessions (owner_id, id, team_id, template_slug, template_version,
            subject_kind, subject_key, subject_title, subject_attributes, state, started_at,
            turn_count, last_seq, plan_state, record, pending_question, stream_epoch,
            expires_at, context_session_ids)
          SELECT '$1', ('00000000-0000-4000-8000-' || lpad(g::text, 12, '0'))::uuid,
            team_id, template_slug, template_version, subject_kind, subject_key, subject_title,
            subject_attributes, 'active', now(), turn_count, 0, plan_state, record,
            pending_question, 1, now() + interval '30 minutes', context_session_ids
          FROM sessions, generate_series(0, 63) g WHERE id = '$TPL_SESSION'::uuid" >/dev/null
}

turn_pgbench_vars() {
  PGB_VARS=(-D "owner=$1")
  local k
  for k in "${!TURN[@]}"; do PGB_VARS+=(-D "$k=${TURN[$k]}"); done
}

percentiles() { # files... -> "p50 p99" in ms from pgbench -l logs (3rd field, microseconds)
  cat "$@" | awk '{print $3}' | sort -n | awk '{v[NR]=$1} END {
    if (NR == 0) { print "0 0"; exit }
    i50 = int(0.50 * (NR - 1) + 0.5) + 1; i99 = int(0.99 * (NR - 1) + 0.5) + 1;
    printf "%.3f %.3f\n", v[i50] / 1000, v[i99] / 1000 }'
}
