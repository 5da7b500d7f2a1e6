-- queries.sql - the SQL both peer servers (python/, go/) run, one statement
-- per "-- name:" section, with $n parameters. Both peers read this file at
-- start, so they run the same text.
--
-- get_session is debrief's GetSession read (server/store/sessions.c,
-- SESSION_COLS with the VISIBLE filter), run as one autocommit statement as
-- the store runs single-statement reads. The jsonb columns come back as text
-- and the peers parse them (record into FieldValue entries, the pending
-- question into a Question), as debrief does with jansson.
--
-- The others are one answer turn, in the order and shape of
-- bench/turn.pgbench.sql (server/service/turn.c answer_tx): BEGIN,
-- set_config, lock the session row, insert the answer message, upsert the
-- extractions with their history, insert the extraction frame and the
-- question frame, update the session row, COMMIT - 9 round trips, 5 rows
-- inserted or upserted per changed field plus 3 messages and 1 session
-- update. The peers run no extractor or planner: the changed set, the frames
-- and the next question are fixed payloads (--payload, copied by
-- bench/run_peers.sh from a real turn of a real session in the same run),
-- and the record, plan and pending question read under the lock are written
-- back unchanged, as pgbench does. Parameters that are arrays or jsonb go in
-- as text and are cast here, so both drivers bind plain strings.

-- name: get_session
SELECT id::text, template_slug, template_version, owner_id, team_id, subject_kind, subject_key,
  subject_title, subject_attributes::text, state,
  (extract(epoch FROM created_at) * 1000000)::bigint,
  (extract(epoch FROM updated_at) * 1000000)::bigint,
  (extract(epoch FROM started_at) * 1000000)::bigint,
  (extract(epoch FROM completed_at) * 1000000)::bigint,
  (extract(epoch FROM last_activity_at) * 1000000)::bigint,
  (extract(epoch FROM expires_at) * 1000000)::bigint,
  turn_count, version, last_seq, plan_state::text, record::text, summary::text,
  pending_question::text, context_session_ids::text[], end_reason
  FROM sessions
  WHERE id = $4::uuid AND (owner_id = $1 OR $3::int = 3 OR ($3::int = 2 AND $2 <> '' AND team_id = $2))

-- name: set_timeout
SELECT set_config('statement_timeout', $1, true)

-- name: lock_session
SELECT state, template_slug, template_version, record::text, plan_state::text,
  pending_question::text, last_seq, turn_count, stream_epoch, subject_kind, subject_key,
  subject_title, subject_attributes::text, team_id,
  array_to_json(context_session_ids)::text AS context_ids
  FROM sessions WHERE owner_id = $1 AND id = $2::uuid FOR UPDATE

-- name: insert_answer
INSERT INTO messages (owner_id, session_id, seq, role, kind, text, question_id, target_fields,
  client_msg_id, frame, provider)
  VALUES ($1, $2::uuid, $3::bigint, 'user', 'answer', $4, $5, $6::text::text[], $7,
  decode($8::text, 'hex'), 'offline')
  ON CONFLICT ON CONSTRAINT messages_client_msg_key DO NOTHING RETURNING seq

-- name: push_extraction
WITH ch AS (SELECT key, value AS e FROM jsonb_each($3::text::jsonb)),
h AS (INSERT INTO extraction_history (owner_id, session_id, field_key, value, confidence,
  evidence_seq, source, changed_by) SELECT $1, $2::uuid, key, e->'value',
  least(1, greatest(0, (e->>'confidence')::float8)), coalesce((e->>'evidence_seq')::bigint, 0),
  e->>'source', CASE WHEN e->>'source' = 'user' THEN $1 END FROM ch)
INSERT INTO extractions (owner_id, session_id, field_key, value, confidence, evidence_seq,
  source) SELECT $1, $2::uuid, key, e->'value',
  least(1, greatest(0, (e->>'confidence')::float8)), coalesce((e->>'evidence_seq')::bigint, 0),
  e->>'source' FROM ch
  ON CONFLICT (owner_id, session_id, field_key) DO UPDATE SET value = EXCLUDED.value,
  confidence = EXCLUDED.confidence, evidence_seq = EXCLUDED.evidence_seq,
  source = EXCLUDED.source, updated_at = now()

-- name: insert_extraction
INSERT INTO messages (owner_id, session_id, seq, role, kind, text, question_id, target_fields,
  client_msg_id, frame, provider)
  VALUES ($1, $2::uuid, $3::bigint, 'system', 'extraction', '', NULL, $4::text::text[], NULL,
  decode($5::text, 'hex'), 'offline') RETURNING seq

-- name: insert_question
INSERT INTO messages (owner_id, session_id, seq, role, kind, text, question_id, target_fields,
  client_msg_id, frame, provider)
  VALUES ($1, $2::uuid, $3::bigint, 'assistant', 'question', $4, $5, $6::text::text[], NULL,
  decode($7::text, 'hex'), 'offline') RETURNING seq

-- name: save_session
UPDATE sessions SET record = $3::text::jsonb, plan_state = $4::text::jsonb,
  pending_question = $5::text::jsonb, last_seq = $6::bigint, turn_count = $7::int,
  state = $8, version = version + 1, updated_at = now(), last_activity_at = now(),
  warned_at = NULL,
  expires_at = CASE WHEN $8 IN ('active', 'paused', 'created')
    THEN now() + $9::bigint * interval '1 second' ELSE NULL END,
  started_at = CASE WHEN $8 = 'active' THEN coalesce(started_at, now()) ELSE started_at END,
  completed_at = CASE WHEN $8 = 'completed' THEN now() ELSE completed_at END,
  end_reason = coalesce(NULL, end_reason), summary = coalesce(NULL::jsonb, summary),
  open_items = coalesce(NULL::jsonb, open_items), stream_epoch = $10::bigint,
  context_session_ids = ARRAY(SELECT jsonb_array_elements_text($11::text::jsonb))::uuid[]
  WHERE owner_id = $1 AND id = $2::uuid
