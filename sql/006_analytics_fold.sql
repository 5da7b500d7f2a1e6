-- 006_analytics_fold.sql - fold the daily rollups in the background
-- (docs/analytics.md, "The fold").
--
-- 003 kept every rollup in the turn's own transaction, so turns of one
-- owner or one team serialised on the shared daily rows (owner_id = '' is
-- the whole team) until their commit. From here on a turn touches only
-- its own session_stats row, which its session already owns, and marks it
-- dirty. analytics_fold(batch) claims dirty sessions with FOR UPDATE SKIP
-- LOCKED and, in one transaction, subtracts what it folded for each of
-- them last time, adds the session's current contribution and records
-- that contribution as folded. Folding a session twice changes nothing;
-- two instances folding at once claim different sessions. The server runs
-- it every DEBRIEF_ANALYTICS_FOLD_MS (service/analytics_fold.c).
--
--   session_stats.dirty     true when the row changed since its last fold
--                           (new rows start dirty).
--   analytics_folded_stats  the session_stats row as last folded.
--   analytics_folded_field  the session's per-field figures as last folded.
--   analytics_folded_usage  the session's per-model figures as last folded.
--   analytics_fold_gone     sessions deleted since their last fold, whose
--                           folded contribution is still to subtract.

ALTER TABLE session_stats ADD COLUMN dirty boolean NOT NULL DEFAULT true;
CREATE INDEX session_stats_dirty_idx ON session_stats (owner_id, session_id) WHERE dirty;

-- Same columns, in the same order, as session_stats: ROW(f.*)::session_stats
-- turns a folded row back into a session_stats value.
CREATE TABLE analytics_folded_stats (LIKE session_stats);
ALTER TABLE analytics_folded_stats ADD PRIMARY KEY (owner_id, session_id);

CREATE TABLE analytics_folded_field (
  owner_id   text NOT NULL,
  session_id uuid NOT NULL,
  field_key  text NOT NULL,
  filled     bigint NOT NULL,
  conf_sum   double precision NOT NULL,
  asks       bigint NOT NULL,
  follow_ups bigint NOT NULL,
  edits      bigint NOT NULL,
  PRIMARY KEY (owner_id, session_id, field_key)
);

CREATE TABLE analytics_folded_usage (
  owner_id         text NOT NULL,
  session_id       uuid NOT NULL,
  provider         text NOT NULL,
  model            text NOT NULL,
  replies          bigint NOT NULL,
  tokens_in        bigint NOT NULL,
  tokens_out       bigint NOT NULL,
  fallbacks        bigint NOT NULL,
  latency_hist     bigint[] NOT NULL,
  first_token_hist bigint[] NOT NULL,
  PRIMARY KEY (owner_id, session_id, provider, model)
);

CREATE TABLE analytics_fold_gone (
  owner_id   text NOT NULL,
  session_id uuid NOT NULL,
  PRIMARY KEY (owner_id, session_id)
);

-- ---- helpers ----

-- The system totals: owner_id = '' and team_id = analytics_all_teams(), a
-- team id no caller can have (tokens whose claims hold control characters
-- are refused, and so are analytics filters that name one). A system-wide
-- view then reads days x templates rows, not teams x days x templates.
CREATE FUNCTION analytics_all_teams() RETURNS text
  LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$ SELECT chr(1) $$;

-- The daily rows a session's figures count in: its owner's, its team's
-- total and the system total.
CREATE FUNCTION analytics__levels(owner text, team text) RETURNS TABLE (o text, t text)
  LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  VALUES (owner, team), ('', team), ('', analytics_all_teams()) $$;

-- a + k * b, element by element (latency histograms).
CREATE FUNCTION analytics__hist_addk(a bigint[], b bigint[], k integer) RETURNS bigint[]
  LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT ARRAY(SELECT coalesce(x, 0) + k * coalesce(y, 0)
               FROM unnest(a, b) WITH ORDINALITY u(x, y, i) ORDER BY i) $$;

-- sum(k * h) over rows, element by element.
CREATE AGGREGATE analytics__hist_sum(bigint[], integer) (
  SFUNC = analytics__hist_addk, STYPE = bigint[],
  INITCOND = '{0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0}');

-- A session's per-field figures, from its base rows.
CREATE FUNCTION analytics__session_fields(o text, sid uuid)
  RETURNS TABLE (field_key text, filled bigint, conf_sum double precision, asks bigint,
                 follow_ups bigint, edits bigint)
  LANGUAGE sql STABLE AS $$
  SELECT r.field_key, sum(r.filled), sum(r.conf_sum), sum(r.asks), sum(r.follow_ups),
    sum(r.edits)
  FROM (
    SELECT x.field_key, 1::bigint AS filled, x.confidence AS conf_sum, 0::bigint AS asks,
      0::bigint AS follow_ups, 0::bigint AS edits
    FROM extractions x WHERE x.owner_id = o AND x.session_id = sid
    UNION ALL
    SELECT c.field_key, 0, 0, c.asks, c.follow_ups, 0
    FROM sessions z, analytics__plan_counts(z.plan_state) c WHERE z.owner_id = o AND z.id = sid
    UNION ALL
    SELECT y.field_key, 0, 0, 0, 0, 1 FROM extraction_history y
    WHERE y.owner_id = o AND y.session_id = sid AND y.source = 'user') r
  GROUP BY r.field_key $$;

-- A session's replies per provider and model, from its messages.
CREATE FUNCTION analytics__session_usage(o text, sid uuid)
  RETURNS TABLE (provider text, model text, replies bigint, tokens_in bigint, tokens_out bigint,
                 fallbacks bigint, latency_hist bigint[], first_token_hist bigint[])
  LANGUAGE sql STABLE AS $$
  SELECT m.provider, m.model, count(*), coalesce(sum(m.tokens_in), 0),
    coalesce(sum(m.tokens_out), 0), count(*) FILTER (WHERE m.fallback),
    analytics__hist_sum(analytics__hist_add(array_fill(0::bigint, ARRAY[24]), m.lb), 1),
    analytics__hist_sum(analytics__hist_add(array_fill(0::bigint, ARRAY[24]), m.fb), 1)
  FROM (
    SELECT coalesce(x.provider, 'offline') AS provider, coalesce(x.model, '') AS model,
      x.tokens_in, x.tokens_out, x.fallback,
      CASE WHEN coalesce(x.provider, 'offline') <> 'offline' AND x.latency_ms IS NOT NULL
        THEN analytics_latency_bucket(x.latency_ms) END AS lb,
      CASE WHEN coalesce(x.provider, 'offline') <> 'offline' AND x.first_token_ms IS NOT NULL
        THEN analytics_latency_bucket(x.first_token_ms) END AS fb
    FROM messages x WHERE x.owner_id = o AND x.session_id = sid
      AND x.role = 'assistant' AND x.kind IN ('question', 'completed')) m
  GROUP BY m.provider, m.model $$;

-- ---- the turn path: session_stats only ----

DROP TRIGGER analytics_stats_upd ON session_stats;
DROP TRIGGER analytics_stats_ins ON session_stats;
DROP FUNCTION analytics__stats_trg();  -- its upserts move to analytics_fold()

-- Any change of the row marks it dirty; the fold's own update (clearing
-- dirty) does not fire this.
CREATE FUNCTION analytics__dirty_trg() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  NEW.dirty := true;
  RETURN NEW;
END $$;
CREATE TRIGGER analytics_stats_dirty BEFORE UPDATE ON session_stats
  FOR EACH ROW WHEN (NOT (OLD.dirty AND NOT NEW.dirty)) EXECUTE FUNCTION analytics__dirty_trg();

-- A deleted session leaves a tombstone for the fold. The name is the one
-- analytics_rebuild() (003) disables while it rewrites session_stats.
CREATE FUNCTION analytics__gone_trg() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'DELETE' THEN
    INSERT INTO analytics_fold_gone (owner_id, session_id) VALUES (OLD.owner_id, OLD.session_id)
    ON CONFLICT DO NOTHING;
  END IF;
  RETURN NULL;
END $$;
CREATE TRIGGER analytics_stats_ins AFTER INSERT OR DELETE ON session_stats
  FOR EACH ROW EXECUTE FUNCTION analytics__gone_trg();

CREATE OR REPLACE FUNCTION analytics__session_trg() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    INSERT INTO session_stats (owner_id, session_id, team_id, template_slug, day, state,
      created_at, required_fields)
    SELECT NEW.owner_id, NEW.id, NEW.team_id, NEW.template_slug,
      (NEW.created_at AT TIME ZONE 'UTC')::date, NEW.state, NEW.created_at,
      coalesce((SELECT ARRAY(SELECT jsonb_array_elements_text(
                  t.definition -> 'completion' -> 'required_fields'))
                FROM templates t WHERE t.slug = NEW.template_slug
                  AND t.version = NEW.template_version
                  AND jsonb_typeof(t.definition -> 'completion' -> 'required_fields') = 'array'),
               '{}');
  END IF;
  -- Also when only plan_state changed: the update marks the row dirty, so
  -- the fold picks up the per-field asks and follow-ups.
  UPDATE session_stats SET state = NEW.state, turns = NEW.turn_count,
    started_at = NEW.started_at, completed_at = NEW.completed_at,
    asks = coalesce((SELECT sum(c.asks) FROM analytics__plan_counts(NEW.plan_state) c), 0),
    follow_ups = coalesce((SELECT sum(c.follow_ups)
                           FROM analytics__plan_counts(NEW.plan_state) c), 0)
  WHERE owner_id = NEW.owner_id AND session_id = NEW.id;
  RETURN NULL;
END $$;

CREATE OR REPLACE FUNCTION analytics__message_trg() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF NEW.role = 'user' AND NEW.kind = 'answer' THEN
    UPDATE session_stats SET first_answer_at = NEW.created_at
    WHERE owner_id = NEW.owner_id AND session_id = NEW.session_id AND first_answer_at IS NULL;
    RETURN NULL;
  END IF;
  UPDATE session_stats SET replies = replies + 1,
    model_replies = model_replies + (coalesce(NEW.provider, 'offline') <> 'offline')::int,
    fallbacks = fallbacks + NEW.fallback::int
  WHERE owner_id = NEW.owner_id AND session_id = NEW.session_id;
  RETURN NULL;
END $$;

CREATE OR REPLACE FUNCTION analytics__extraction_trg() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  r extractions;
  k integer := CASE TG_OP WHEN 'INSERT' THEN 1 WHEN 'DELETE' THEN -1 ELSE 0 END;
BEGIN
  IF TG_OP = 'DELETE' THEN
    r := OLD;
  ELSE
    r := NEW;
  END IF;
  UPDATE session_stats s SET fields_filled = s.fields_filled + k,
    required_filled = s.required_filled + k * (r.field_key = ANY (s.required_fields))::int,
    conf_sum = s.conf_sum + coalesce(NEW.confidence, 0) - coalesce(OLD.confidence, 0),
    deal_stage = CASE WHEN r.field_key = 'deal_stage' THEN
      coalesce(analytics__text(NEW.value), '') ELSE s.deal_stage END,
    sentiment = CASE WHEN r.field_key = 'sentiment' THEN
      coalesce(analytics__text(NEW.value), '') ELSE s.sentiment END,
    budget = CASE WHEN r.field_key = 'budget' THEN
      coalesce(analytics__amount(NEW.value), 0) ELSE s.budget END
  WHERE s.owner_id = r.owner_id AND s.session_id = r.session_id;
  RETURN NULL;
END $$;

CREATE OR REPLACE FUNCTION analytics__edit_trg() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE session_stats SET edits = edits + 1
  WHERE owner_id = NEW.owner_id AND session_id = NEW.session_id;
  RETURN NULL;
END $$;

-- ---- the fold ----

-- The session_stats rows of sessions (os[i], ids[i]): k = -1 for the row
-- as last folded, k = 1 for the row as it is now (none once deleted).
CREATE FUNCTION analytics__fold_rows(os text[], ids uuid[])
  RETURNS TABLE (k integer, s session_stats) LANGUAGE sql STABLE AS $$
  SELECT -1, ROW(f.*)::session_stats FROM analytics_folded_stats f, unnest(os, ids) c(o, i)
  WHERE f.owner_id = c.o AND f.session_id = c.i
  UNION ALL
  SELECT 1, x FROM session_stats x, unnest(os, ids) c(o, i)
  WHERE x.owner_id = c.o AND x.session_id = c.i $$;

-- Folds up to batch dirty (or deleted) sessions; returns how many.
-- Daily rows are written in primary-key order so that two folds touching
-- the same rows queue instead of deadlocking.
CREATE FUNCTION analytics_fold(batch integer) RETURNS integer LANGUAGE plpgsql AS $$
DECLARE
  os text[];
  ids uuid[];
  n integer;
BEGIN
  WITH d AS (SELECT owner_id, session_id FROM session_stats WHERE dirty
             ORDER BY owner_id, session_id LIMIT batch FOR UPDATE SKIP LOCKED),
       g AS (SELECT owner_id, session_id FROM analytics_fold_gone
             ORDER BY owner_id, session_id LIMIT batch FOR UPDATE SKIP LOCKED)
  SELECT coalesce(array_agg(c.owner_id), '{}'), coalesce(array_agg(c.session_id), '{}')
  INTO os, ids FROM (SELECT * FROM d UNION ALL SELECT * FROM g) c;
  n := cardinality(ids);
  IF n = 0 THEN
    RETURN 0;
  END IF;

  INSERT INTO analytics_daily AS d (day, team_id, owner_id, template_slug, sessions, n_created,
    n_active, n_paused, n_completed, n_expired, n_cancelled, turns, duration_s, answered,
    first_answer_s, fields_filled, fields_required, required_filled, conf_sum, follow_ups, edits,
    replies, model_replies, fallbacks)
  SELECT (s).day, l.t, l.o, (s).template_slug, sum(k),
    sum(k * ((s).state = 'created')::int), sum(k * ((s).state = 'active')::int),
    sum(k * ((s).state = 'paused')::int), sum(k * ((s).state = 'completed')::int),
    sum(k * ((s).state = 'expired')::int), sum(k * ((s).state = 'cancelled')::int),
    sum(k * (s).turns),
    sum(k * CASE WHEN (s).state = 'completed' AND (s).completed_at IS NOT NULL THEN
      extract(epoch FROM (s).completed_at - coalesce((s).started_at, (s).created_at)) ELSE 0 END),
    sum(k * ((s).first_answer_at IS NOT NULL)::int),
    sum(k * coalesce(extract(epoch FROM (s).first_answer_at
                             - coalesce((s).started_at, (s).created_at)), 0)),
    sum(k * (s).fields_filled), sum(k * cardinality((s).required_fields)),
    sum(k * (s).required_filled), sum(k * (s).conf_sum), sum(k * (s).follow_ups),
    sum(k * (s).edits), sum(k * (s).replies), sum(k * (s).model_replies), sum(k * (s).fallbacks)
  FROM analytics__fold_rows(os, ids) v, analytics__levels((s).owner_id, (s).team_id) l
  GROUP BY l.o, (s).day, l.t, (s).template_slug
  ORDER BY l.o, (s).day, l.t, (s).template_slug
  ON CONFLICT (owner_id, day, team_id, template_slug) DO UPDATE SET
    sessions = d.sessions + EXCLUDED.sessions, n_created = d.n_created + EXCLUDED.n_created,
    n_active = d.n_active + EXCLUDED.n_active, n_paused = d.n_paused + EXCLUDED.n_paused,
    n_completed = d.n_completed + EXCLUDED.n_completed,
    n_expired = d.n_expired + EXCLUDED.n_expired,
    n_cancelled = d.n_cancelled + EXCLUDED.n_cancelled, turns = d.turns + EXCLUDED.turns,
    duration_s = d.duration_s + EXCLUDED.duration_s, answered = d.answered + EXCLUDED.answered,
    first_answer_s = d.first_answer_s + EXCLUDED.first_answer_s,
    fields_filled = d.fields_filled + EXCLUDED.fields_filled,
    fields_required = d.fields_required + EXCLUDED.fields_required,
    required_filled = d.required_filled + EXCLUDED.required_filled,
    conf_sum = d.conf_sum + EXCLUDED.conf_sum, follow_ups = d.follow_ups + EXCLUDED.follow_ups,
    edits = d.edits + EXCLUDED.edits, replies = d.replies + EXCLUDED.replies,
    model_replies = d.model_replies + EXCLUDED.model_replies,
    fallbacks = d.fallbacks + EXCLUDED.fallbacks;

  INSERT INTO analytics_pipeline_daily AS p (day, team_id, owner_id, template_slug, deal_stage,
    sessions, budget, positive, neutral, negative)
  SELECT (s).day, l.t, l.o, (s).template_slug, (s).deal_stage, sum(k),
    sum(k * (s).budget), sum(k * ((s).sentiment = 'positive')::int),
    sum(k * ((s).sentiment = 'neutral')::int), sum(k * ((s).sentiment = 'negative')::int)
  FROM analytics__fold_rows(os, ids) v, analytics__levels((s).owner_id, (s).team_id) l
  WHERE (s).deal_stage <> ''
  GROUP BY l.o, (s).day, l.t, (s).template_slug, (s).deal_stage
  ORDER BY l.o, (s).day, l.t, (s).template_slug, (s).deal_stage
  ON CONFLICT (owner_id, day, team_id, template_slug, deal_stage) DO UPDATE SET
    sessions = p.sessions + EXCLUDED.sessions, budget = p.budget + EXCLUDED.budget,
    positive = p.positive + EXCLUDED.positive, neutral = p.neutral + EXCLUDED.neutral,
    negative = p.negative + EXCLUDED.negative;

  INSERT INTO analytics_field_daily AS f (day, team_id, owner_id, template_slug, field_key,
    filled, conf_sum, asks, follow_ups, edits)
  SELECT r.day, l.t, l.o, r.template_slug, r.field_key, sum(r.filled), sum(r.conf_sum),
    sum(r.asks), sum(r.follow_ups), sum(r.edits)
  FROM (SELECT s.day, s.team_id, s.owner_id, s.template_slug, g.field_key, -g.filled AS filled,
          -g.conf_sum AS conf_sum, -g.asks AS asks, -g.follow_ups AS follow_ups,
          -g.edits AS edits
        FROM analytics_folded_stats s, unnest(os, ids) c(o, i), analytics_folded_field g
        WHERE s.owner_id = c.o AND s.session_id = c.i
          AND g.owner_id = c.o AND g.session_id = c.i
        UNION ALL
        SELECT s.day, s.team_id, s.owner_id, s.template_slug, g.field_key, g.filled, g.conf_sum,
          g.asks, g.follow_ups, g.edits
        FROM session_stats s, unnest(os, ids) c(o, i),
          analytics__session_fields(s.owner_id, s.session_id) g
        WHERE s.owner_id = c.o AND s.session_id = c.i) r,
       analytics__levels(r.owner_id, r.team_id) l
  GROUP BY l.o, r.day, l.t, r.template_slug, r.field_key
  HAVING sum(r.filled) <> 0 OR sum(r.conf_sum) <> 0 OR sum(r.asks) <> 0
    OR sum(r.follow_ups) <> 0 OR sum(r.edits) <> 0
  ORDER BY l.o, r.day, l.t, r.template_slug, r.field_key
  ON CONFLICT (owner_id, day, team_id, template_slug, field_key) DO UPDATE SET
    filled = f.filled + EXCLUDED.filled, conf_sum = f.conf_sum + EXCLUDED.conf_sum,
    asks = f.asks + EXCLUDED.asks, follow_ups = f.follow_ups + EXCLUDED.follow_ups,
    edits = f.edits + EXCLUDED.edits;

  INSERT INTO analytics_usage_daily AS u (day, team_id, owner_id, template_slug, provider, model,
    replies, tokens_in, tokens_out, fallbacks, latency_hist, first_token_hist)
  SELECT r.day, l.t, l.o, r.template_slug, r.provider, r.model, sum(r.k * r.replies),
    sum(r.k * r.tokens_in), sum(r.k * r.tokens_out), sum(r.k * r.fallbacks),
    analytics__hist_sum(r.latency_hist, r.k), analytics__hist_sum(r.first_token_hist, r.k)
  FROM (SELECT -1 AS k, s.day, s.team_id, s.owner_id, s.template_slug, g.provider, g.model,
          g.replies, g.tokens_in, g.tokens_out, g.fallbacks, g.latency_hist, g.first_token_hist
        FROM analytics_folded_stats s, unnest(os, ids) c(o, i), analytics_folded_usage g
        WHERE s.owner_id = c.o AND s.session_id = c.i
          AND g.owner_id = c.o AND g.session_id = c.i
        UNION ALL
        SELECT 1, s.day, s.team_id, s.owner_id, s.template_slug, g.provider, g.model, g.replies,
          g.tokens_in, g.tokens_out, g.fallbacks, g.latency_hist, g.first_token_hist
        FROM session_stats s, unnest(os, ids) c(o, i),
          analytics__session_usage(s.owner_id, s.session_id) g
        WHERE s.owner_id = c.o AND s.session_id = c.i) r,
       analytics__levels(r.owner_id, r.team_id) l
  GROUP BY l.o, r.day, l.t, r.template_slug, r.provider, r.model
  HAVING sum(r.k * r.replies) <> 0
  ORDER BY l.o, r.day, l.t, r.template_slug, r.provider, r.model
  ON CONFLICT (owner_id, day, team_id, template_slug, provider, model) DO UPDATE SET
    replies = u.replies + EXCLUDED.replies, tokens_in = u.tokens_in + EXCLUDED.tokens_in,
    tokens_out = u.tokens_out + EXCLUDED.tokens_out, fallbacks = u.fallbacks + EXCLUDED.fallbacks,
    latency_hist = analytics__hist_addk(u.latency_hist, EXCLUDED.latency_hist, 1),
    first_token_hist = analytics__hist_addk(u.first_token_hist, EXCLUDED.first_token_hist, 1);

  -- What was folded, for next time.
  DELETE FROM analytics_folded_field g USING unnest(os, ids) c(o, i)
  WHERE g.owner_id = c.o AND g.session_id = c.i;
  DELETE FROM analytics_folded_usage g USING unnest(os, ids) c(o, i)
  WHERE g.owner_id = c.o AND g.session_id = c.i;
  DELETE FROM analytics_folded_stats g USING unnest(os, ids) c(o, i)
  WHERE g.owner_id = c.o AND g.session_id = c.i;
  DELETE FROM analytics_fold_gone g USING unnest(os, ids) c(o, i)
  WHERE g.owner_id = c.o AND g.session_id = c.i;
  UPDATE session_stats s SET dirty = false FROM unnest(os, ids) c(o, i)
  WHERE s.owner_id = c.o AND s.session_id = c.i;
  PERFORM analytics__snapshot(os, ids);
  RETURN n;
END $$;

-- Records the current contribution of sessions (os[i], ids[i]) as folded.
CREATE FUNCTION analytics__snapshot(os text[], ids uuid[]) RETURNS void LANGUAGE sql AS $$
  INSERT INTO analytics_folded_stats
  SELECT x.* FROM session_stats x, unnest(os, ids) c(o, i)
  WHERE x.owner_id = c.o AND x.session_id = c.i;
  INSERT INTO analytics_folded_field (owner_id, session_id, field_key, filled, conf_sum, asks,
    follow_ups, edits)
  SELECT x.owner_id, x.session_id, g.field_key, g.filled, g.conf_sum, g.asks, g.follow_ups,
    g.edits
  FROM session_stats x, unnest(os, ids) c(o, i),
    analytics__session_fields(x.owner_id, x.session_id) g
  WHERE x.owner_id = c.o AND x.session_id = c.i;
  INSERT INTO analytics_folded_usage (owner_id, session_id, provider, model, replies, tokens_in,
    tokens_out, fallbacks, latency_hist, first_token_hist)
  SELECT x.owner_id, x.session_id, g.provider, g.model, g.replies, g.tokens_in, g.tokens_out,
    g.fallbacks, g.latency_hist, g.first_token_hist
  FROM session_stats x, unnest(os, ids) c(o, i),
    analytics__session_usage(x.owner_id, x.session_id) g
  WHERE x.owner_id = c.o AND x.session_id = c.i $$;

-- ---- rebuild ----

-- 003's rebuild recomputes session_stats and every daily row from the base
-- tables; after it, everything counts as folded.
ALTER FUNCTION analytics_rebuild() RENAME TO analytics__rebuild_all;

-- The system totals, summed from the team totals that 003's rebuild wrote.
CREATE FUNCTION analytics__rebuild_system() RETURNS void LANGUAGE sql AS $$
  INSERT INTO analytics_daily (day, team_id, owner_id, template_slug, sessions, n_created,
    n_active, n_paused, n_completed, n_expired, n_cancelled, turns, duration_s, answered,
    first_answer_s, fields_filled, fields_required, required_filled, conf_sum, follow_ups, edits,
    replies, model_replies, fallbacks)
  SELECT day, analytics_all_teams(), '', template_slug, sum(sessions), sum(n_created),
    sum(n_active), sum(n_paused), sum(n_completed), sum(n_expired), sum(n_cancelled), sum(turns),
    sum(duration_s), sum(answered), sum(first_answer_s), sum(fields_filled),
    sum(fields_required), sum(required_filled), sum(conf_sum), sum(follow_ups), sum(edits),
    sum(replies), sum(model_replies), sum(fallbacks)
  FROM analytics_daily WHERE owner_id = '' GROUP BY day, template_slug;
  INSERT INTO analytics_pipeline_daily (day, team_id, owner_id, template_slug, deal_stage,
    sessions, budget, positive, neutral, negative)
  SELECT day, analytics_all_teams(), '', template_slug, deal_stage, sum(sessions), sum(budget),
    sum(positive), sum(neutral), sum(negative)
  FROM analytics_pipeline_daily WHERE owner_id = '' GROUP BY day, template_slug, deal_stage;
  INSERT INTO analytics_field_daily (day, team_id, owner_id, template_slug, field_key, filled,
    conf_sum, asks, follow_ups, edits)
  SELECT day, analytics_all_teams(), '', template_slug, field_key, sum(filled), sum(conf_sum),
    sum(asks), sum(follow_ups), sum(edits)
  FROM analytics_field_daily WHERE owner_id = '' GROUP BY day, template_slug, field_key;
  INSERT INTO analytics_usage_daily (day, team_id, owner_id, template_slug, provider, model,
    replies, tokens_in, tokens_out, fallbacks, latency_hist, first_token_hist)
  SELECT day, analytics_all_teams(), '', template_slug, provider, model, sum(replies),
    sum(tokens_in), sum(tokens_out), sum(fallbacks), analytics__hist_sum(latency_hist, 1),
    analytics__hist_sum(first_token_hist, 1)
  FROM analytics_usage_daily WHERE owner_id = '' GROUP BY day, template_slug, provider, model $$;

CREATE FUNCTION analytics_rebuild() RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  LOCK TABLE session_stats IN EXCLUSIVE MODE;
  PERFORM analytics__rebuild_all();
  PERFORM analytics__rebuild_system();
  DELETE FROM analytics_folded_stats;
  DELETE FROM analytics_folded_field;
  DELETE FROM analytics_folded_usage;
  DELETE FROM analytics_fold_gone;
  UPDATE session_stats SET dirty = false WHERE dirty;
  PERFORM analytics__snapshot(array_agg(owner_id), array_agg(session_id)) FROM session_stats;
END $$;

SELECT analytics_rebuild();
