-- turn.pgbench.sql - one Converse answer turn's SQL, as server/service/turn.c
-- runs it (answer_tx: an answer that extracts fields and plans the next
-- question), replayed by pgbench with no gRPC, engine or pool in between.
--
-- bench/run_turns.sh runs it with -M extended (libpq's PQexecParams, which
-- turn.c uses: unnamed statements, parameters sent separately) and defines
-- these variables with -D, all taken from a real session the server made in
-- the same run, so the payload sizes are the server's own:
--   owner               the pgbench sessions' owner id
--   stmt_timeout        the SET LOCAL statement_timeout value (ms) of dbf_store_tx
--   answer_text         an answer's text
--   answer_qid          the question id the answer replies to
--   answer_targets      that question's target fields, a text[] literal
--   answer_frame        a packed Ack frame, hex
--   changed_json        the median-sized changed-set of extracted fields
--   changed_keys        its keys, a text[] literal
--   extraction_frame    a packed ExtractionUpdate frame, hex
--   question_text       a planned question's text
--   question_targets    its target fields, a text[] literal
--   question_frame      a packed Question frame, hex
--   sess_state          'active'
--   session_timeout     DEBRIEF_SESSION_TIMEOUT in seconds
-- Each pgbench client drives its own session, as each Converse stream does:
-- session 00000000-0000-4000-8000-<client_id>, copied from the real one.
-- The record, plan and pending question read under the lock are written
-- back unchanged, so every turn moves the same bytes as a mid-interview turn.
--
-- Not replayed: a completing turn's extra statements (insights, the state and
-- completed frames, notifications), CreateSession, and the open step. The
-- server's figure includes them; docs/benchmarks.md says what that costs.

BEGIN;
SELECT set_config('statement_timeout', :stmt_timeout, true);
-- lock_session
SELECT state, template_slug, template_version, record, plan_state, pending_question,
  last_seq, turn_count, stream_epoch, subject_kind, subject_key, subject_title,
  subject_attributes, team_id, array_to_json(context_session_ids) AS context_ids, id::text AS sid
  FROM sessions
  WHERE owner_id = :owner AND id = ('00000000-0000-4000-8000-' || lpad(:client_id::text, 12, '0'))::uuid
  FOR UPDATE \gset p_
\set aseq :p_last_seq + 1
\set xseq :p_last_seq + 2
\set qseq :p_last_seq + 3
\set turns :p_turn_count + 1
-- persist(answer), deduplicated on client_msg_id
INSERT INTO messages (owner_id, session_id, seq, role, kind, text, question_id, target_fields,
  client_msg_id, frame, provider)
  VALUES (:owner, :p_sid::uuid, :aseq, 'user', 'answer', :answer_text, :answer_qid,
  :answer_targets::text[], 'pgbench-' || :aseq, decode(:answer_frame, 'hex'), 'offline')
  ON CONFLICT ON CONSTRAINT messages_client_msg_key DO NOTHING RETURNING seq;
-- push_extraction: current values and their history in one statement
WITH ch AS (SELECT key, value AS e FROM jsonb_each(:changed_json::jsonb)),
h AS (INSERT INTO extraction_history (owner_id, session_id, field_key, value, confidence,
  evidence_seq, source, changed_by) SELECT :owner, :p_sid::uuid, key, e->'value',
  least(1, greatest(0, (e->>'confidence')::float8)), coalesce((e->>'evidence_seq')::bigint, 0),
  e->>'source', CASE WHEN e->>'source' = 'user' THEN :owner END FROM ch)
INSERT INTO extractions (owner_id, session_id, field_key, value, confidence, evidence_seq,
  source) SELECT :owner, :p_sid::uuid, key, e->'value',
  least(1, greatest(0, (e->>'confidence')::float8)), coalesce((e->>'evidence_seq')::bigint, 0),
  e->>'source' FROM ch
  ON CONFLICT (owner_id, session_id, field_key) DO UPDATE SET value = EXCLUDED.value,
  confidence = EXCLUDED.confidence, evidence_seq = EXCLUDED.evidence_seq,
  source = EXCLUDED.source, updated_at = now();
-- persist(extraction frame)
INSERT INTO messages (owner_id, session_id, seq, role, kind, text, question_id, target_fields,
  client_msg_id, frame, provider)
  VALUES (:owner, :p_sid::uuid, :xseq, 'system', 'extraction', '', NULL,
  :changed_keys::text[], NULL, decode(:extraction_frame, 'hex'), 'offline') RETURNING seq;
-- push_question: persist(question frame)
INSERT INTO messages (owner_id, session_id, seq, role, kind, text, question_id, target_fields,
  client_msg_id, frame, provider)
  VALUES (:owner, :p_sid::uuid, :qseq, 'assistant', 'question', :question_text, 'q' || :qseq,
  :question_targets::text[], NULL, decode(:question_frame, 'hex'), 'offline') RETURNING seq;
-- save_session
UPDATE sessions SET record = :p_record::jsonb, plan_state = :p_plan_state::jsonb,
  pending_question = :p_pending_question::jsonb, last_seq = :qseq, turn_count = :turns,
  state = :sess_state, version = version + 1, updated_at = now(), last_activity_at = now(),
  warned_at = NULL,
  expires_at = CASE WHEN :sess_state IN ('active', 'paused', 'created')
    THEN now() + :session_timeout::bigint * interval '1 second' ELSE NULL END,
  started_at = CASE WHEN :sess_state = 'active' THEN coalesce(started_at, now())
    ELSE started_at END,
  completed_at = CASE WHEN :sess_state = 'completed' THEN now() ELSE completed_at END,
  end_reason = coalesce(NULL, end_reason), summary = coalesce(NULL::jsonb, summary),
  open_items = coalesce(NULL::jsonb, open_items), stream_epoch = :p_stream_epoch,
  context_session_ids = ARRAY(SELECT jsonb_array_elements_text(:p_context_ids::jsonb))::uuid[]
  WHERE owner_id = :owner AND id = :p_sid::uuid;
END;
