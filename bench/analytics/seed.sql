-- seed.sql - :sessions sessions (default 1,000,000) with messages,
-- extractions, edits and model usage, for bench/analytics/run.sh.
--
-- Shape: :users users in teams of 20, sessions spread over the 365 days
-- before today, 70% sales_debrief and 30% work_experience. Each session
-- that started has an opening question (half by a model, with tokens and
-- latency, a few fallbacks), a user answer, and a completion when it
-- completed; sales debriefs carry deal_stage, sentiment and budget, and one
-- in ten has a user edit. Written with triggers off (session_replication_role
-- = replica, superuser), then analytics_rebuild() builds every rollup in one
-- set-based pass: the same function the migration uses as its backfill.
\set ON_ERROR_STOP 1
SET session_replication_role = replica;

INSERT INTO users (id, display_name, team_id, role)
SELECT 'u' || lpad(i::text, 5, '0'), 'User ' || i, 't' || lpad(((i - 1) / 20 + 1)::text, 3, '0'),
  CASE WHEN i % 20 = 1 THEN 'manager' ELSE 'member' END
FROM generate_series(1, :users) i;

CREATE TEMP TABLE seed AS
SELECT n, u, 'u' || lpad(u::text, 5, '0') AS owner_id,
  't' || lpad(((u - 1) / 20 + 1)::text, 3, '0') AS team_id,
  CASE WHEN n % 10 < 7 THEN 'sales_debrief' ELSE 'work_experience' END AS slug,
  (ARRAY['completed', 'completed', 'completed', 'completed', 'completed', 'active', 'paused',
         'expired', 'cancelled', 'created'])[1 + n % 10] AS state,
  date_trunc('day', now()) - ((n * 7919) % 365) * interval '1 day'
    + ((n * 104729) % 86000) * interval '1 second' AS created_at,
  gen_random_uuid() AS id
FROM (SELECT n, 1 + (n * 48271) % :users AS u FROM generate_series(1::bigint, :sessions) n) g;

INSERT INTO sessions (owner_id, id, team_id, template_slug, template_version, state, created_at,
  updated_at, started_at, completed_at, turn_count, plan_state)
SELECT s.owner_id, s.id, s.team_id, s.slug, t.version, s.state, s.created_at, s.created_at,
  CASE WHEN s.state <> 'created' THEN s.created_at + interval '20 seconds' END,
  CASE WHEN s.state = 'completed' THEN s.created_at + (300 + s.n % 900) * interval '1 second' END,
  CASE WHEN s.state = 'created' THEN 0 ELSE 1 + s.n % 12 END,
  CASE WHEN s.slug = 'sales_debrief'
    THEN jsonb_build_object('asked', jsonb_build_object('deal_stage', 1 + s.n % 2, 'budget', 1),
                            'follow_ups', jsonb_build_object('deal_stage', s.n % 2))
    ELSE jsonb_build_object('asked', jsonb_build_object('role_title', 1)) END
FROM seed s JOIN (SELECT slug, max(version) AS version FROM templates GROUP BY slug) t
  ON t.slug = s.slug;

-- The opening question: a model's (with usage) for even n, the offline engine's otherwise.
INSERT INTO messages (owner_id, session_id, seq, role, kind, text, provider, model, tokens_in,
  tokens_out, latency_ms, first_token_ms, fallback, created_at)
SELECT owner_id, id, 1, 'assistant', 'question', 'Opening question',
  CASE WHEN n % 2 = 0 THEN 'openai' ELSE 'offline' END,
  CASE WHEN n % 2 = 0 THEN 'gpt-4o-mini' END,
  CASE WHEN n % 2 = 0 THEN 400 + n % 300 END, CASE WHEN n % 2 = 0 THEN 30 + n % 60 END,
  CASE WHEN n % 2 = 0 THEN 300 + (n * 37) % 2500 END, CASE WHEN n % 2 = 0 THEN 80 + n % 400 END,
  n % 2 = 1 AND n % 7 = 0, created_at + interval '20 seconds'
FROM seed WHERE state <> 'created';
INSERT INTO messages (owner_id, session_id, seq, role, kind, text, client_msg_id, provider,
  created_at)
SELECT owner_id, id, 2, 'user', 'answer', 'An answer', 'c1', 'offline',
  created_at + (40 + n % 200) * interval '1 second'
FROM seed WHERE state <> 'created';
INSERT INTO messages (owner_id, session_id, seq, role, kind, text, provider, model, tokens_in,
  tokens_out, latency_ms, first_token_ms, created_at)
SELECT owner_id, id, 3, 'assistant', 'completed', 'Done',
  CASE WHEN n % 3 = 0 THEN 'anthropic' ELSE 'offline' END,
  CASE WHEN n % 3 = 0 THEN 'claude-haiku' END, CASE WHEN n % 3 = 0 THEN 1200 END,
  CASE WHEN n % 3 = 0 THEN 400 END, CASE WHEN n % 3 = 0 THEN 900 + (n * 13) % 4000 END,
  CASE WHEN n % 3 = 0 THEN 150 + n % 500 END, created_at + interval '5 minutes'
FROM seed WHERE state = 'completed';

INSERT INTO extractions (owner_id, session_id, field_key, value, confidence, source)
SELECT owner_id, id, 'deal_stage',
  to_jsonb((ARRAY['prospecting', 'discovery', 'qualification', 'proposal', 'negotiation',
                  'closed_won', 'closed_lost'])[1 + n % 7]), 0.5 + (n % 50) / 100.0, 'rule'
FROM seed WHERE slug = 'sales_debrief' AND state <> 'created';
INSERT INTO extractions (owner_id, session_id, field_key, value, confidence, source)
SELECT owner_id, id, 'sentiment', to_jsonb((ARRAY['positive', 'neutral', 'negative'])[1 + n % 3]),
  0.7, 'rule'
FROM seed WHERE slug = 'sales_debrief' AND state <> 'created';
INSERT INTO extractions (owner_id, session_id, field_key, value, confidence, source)
SELECT owner_id, id, 'budget', jsonb_build_object('amount', 1000 * (1 + n % 90), 'currency', 'USD'),
  CASE WHEN n % 10 = 0 THEN 1 ELSE 0.8 END, CASE WHEN n % 10 = 0 THEN 'user' ELSE 'rule' END
FROM seed WHERE slug = 'sales_debrief' AND state <> 'created' AND n % 4 <> 0;
INSERT INTO extractions (owner_id, session_id, field_key, value, confidence, source)
SELECT owner_id, id, 'role_title', '"Engineer"', 0.9, 'rule'
FROM seed WHERE slug = 'work_experience' AND state <> 'created';
INSERT INTO extraction_history (owner_id, session_id, field_key, value, confidence, source,
  changed_by)
SELECT owner_id, id, 'budget', jsonb_build_object('amount', 1000 * (1 + n % 90)), 1, 'user',
  owner_id
FROM seed WHERE slug = 'sales_debrief' AND state <> 'created' AND n % 4 <> 0 AND n % 10 = 0;

SET session_replication_role = DEFAULT;
SELECT analytics_rebuild();
VACUUM ANALYZE;
