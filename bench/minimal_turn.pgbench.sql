-- minimal_turn.pgbench.sql - the least a durable chat turn can write: the
-- answer, the next question and the session's counters, in one transaction
-- (1 UPDATE + 2 INSERT, fsync and synchronous_commit on). No lock read, no
-- extractions, no frames beyond the two messages, no statement timeout.
-- bench/run_peers.sh runs it with pgbench -M extended at 16 clients as the
-- floor under every server's turn: debrief turns/s / this tps says how much
-- of the bare commit rate a full turn keeps.
--
-- Variables (-D), the same values run_peers.sh gives the peers:
--   owner          the sessions' owner id
--   answer_text    an answer's text
--   answer_frame   a packed Ack frame, hex
--   question_text  a planned question's text
--   question_frame a packed Question frame, hex
-- Each client drives its own session, 00000000-0000-4000-8000-<client_id>.

BEGIN;
UPDATE sessions SET last_seq = last_seq + 2, turn_count = turn_count + 1, version = version + 1,
  updated_at = now(), last_activity_at = now()
  WHERE owner_id = :owner AND id = ('00000000-0000-4000-8000-' || lpad(:client_id::text, 12, '0'))::uuid
  RETURNING id::text AS sid, last_seq \gset p_
\set aseq :p_last_seq - 1
INSERT INTO messages (owner_id, session_id, seq, role, kind, text, frame, provider)
  VALUES (:owner, :p_sid::uuid, :aseq, 'user', 'answer', :answer_text,
  decode(:answer_frame, 'hex'), 'offline');
INSERT INTO messages (owner_id, session_id, seq, role, kind, text, question_id, frame, provider)
  VALUES (:owner, :p_sid::uuid, :p_last_seq, 'assistant', 'question', :question_text,
  'q' || :p_last_seq, decode(:question_frame, 'hex'), 'offline');
END;
