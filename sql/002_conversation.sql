-- 002_conversation.sql - what the Converse protocol needs beyond 001.
--
-- messages.frame holds the packed debrief.v1.ConverseResponse exactly as it
-- was sent, so a reconnecting client replays byte-identical frames
-- (DESIGN.md section 2, invariant 3).
--
-- sessions.stream_epoch implements "at most one live stream drives a
-- session" across server instances: every open bumps it under the row lock,
-- and every turn a stream makes checks that its epoch is still current, so a
-- stream that was taken over on another instance learns it at its next
-- write, without any in-memory state shared between instances.
--
-- sessions.open_items are the items a completed session leaves for the next
-- session about the same subject key (engine.h dbf_open_items).
ALTER TABLE messages ADD COLUMN frame bytea;
ALTER TABLE sessions ADD COLUMN stream_epoch bigint NOT NULL DEFAULT 0;
ALTER TABLE sessions ADD COLUMN open_items jsonb NOT NULL DEFAULT '[]'::jsonb;
-- Context continuity looks for completed sessions with the same key in a team.
CREATE INDEX sessions_team_subject_idx ON sessions (team_id, subject_key, completed_at DESC)
  WHERE subject_key <> '' AND state = 'completed';
