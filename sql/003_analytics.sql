-- 003_analytics.sql - rollups behind AnalyticsService (docs/analytics.md).
--
-- Analytics never scans messages, extractions or sessions per request. It
-- reads small rollup tables that triggers keep in the same transaction as
-- the rows they count, so a figure is exactly as committed as the turn it
-- describes:
--
--   session_stats          one row per session: its own figures (turns,
--                          first answer, fields filled, confidence, edits,
--                          follow-ups, model replies, fallbacks, pipeline).
--   analytics_daily        session figures summed per (day, team, owner,
--                          template); day is the UTC day the session was
--                          created, so every figure of a session lands in
--                          one bucket.
--   analytics_field_daily  per field: filled, confidence, asks, follow-ups
--                          and user edits, same key plus field_key.
--   analytics_usage_daily  replies per provider and model: tokens,
--                          fallbacks and log2 latency histograms.
--   analytics_pipeline_daily  sessions per deal stage: budget, sentiment.
--
-- Each *_daily table holds two rows per key: one with the session's owner
-- and one with owner_id = '' that sums the whole team. Queries scoped to a
-- person read the first kind, team and system-wide views the second, so a
-- system-wide 90-day view reads (teams x days x templates) rows whatever
-- the number of users. The tables are partitioned by owner_id: the team
-- totals ('') live in their own partition, packed together on disk, so a
-- system-wide scan reads a few hundred pages instead of a few rows from
-- each of thousands shared with per-owner rows.
--
-- Triggers: sessions, messages, extractions and extraction_history keep
-- session_stats (and the field and usage tables) current; a trigger on
-- session_stats turns each change of a session's row into one upsert of
-- (new - old) per daily row. analytics_rebuild() recomputes everything
-- from the base tables, set-based and idempotent: the backfill below, and
-- the way to load rows written with triggers disabled (bench/analytics).

-- ---- helpers ----

-- The latency histogram bucket of ms: bucket b (0-based) holds
-- [2^b, 2^(b+1)) ms, bucket 0 also holds 0 ms, the last one everything above.
CREATE FUNCTION analytics_latency_bucket(ms integer) RETURNS integer
  LANGUAGE sql IMMUTABLE PARALLEL SAFE
  RETURN least(23, floor(log(2, greatest(ms, 1)::numeric))::integer);

-- h with bucket b (0-based) incremented; h itself when b is NULL.
CREATE FUNCTION analytics__hist_add(h bigint[], b integer) RETURNS bigint[]
  LANGUAGE sql IMMUTABLE PARALLEL SAFE
  RETURN CASE WHEN b IS NULL THEN h ELSE h[1:b] || (h[b + 1] + 1) || h[b + 2:24] END;

-- Text of a JSON scalar field value, '' when it is not a string.
CREATE FUNCTION analytics__text(v jsonb) RETURNS text
  LANGUAGE sql IMMUTABLE PARALLEL SAFE
  RETURN CASE WHEN jsonb_typeof(v) = 'string' THEN v #>> '{}' ELSE '' END;

-- The amount of a money (or plain number) field value, 0 when it has none.
CREATE FUNCTION analytics__amount(v jsonb) RETURNS double precision
  LANGUAGE sql IMMUTABLE PARALLEL SAFE
  RETURN CASE WHEN jsonb_typeof(v) = 'number' THEN (v #>> '{}')::double precision
              WHEN jsonb_typeof(v -> 'amount') = 'number' THEN (v ->> 'amount')::double precision
              ELSE 0 END;

-- ---- tables ----

CREATE TABLE session_stats (
  owner_id        text NOT NULL,
  session_id      uuid NOT NULL,
  team_id         text NOT NULL,
  template_slug   text NOT NULL,
  day             date NOT NULL,                 -- UTC day of sessions.created_at
  state           text NOT NULL,
  created_at      timestamptz NOT NULL,
  started_at      timestamptz,
  completed_at    timestamptz,
  first_answer_at timestamptz,                   -- the first user answer
  turns           integer NOT NULL DEFAULT 0,    -- sessions.turn_count
  required_fields text[] NOT NULL DEFAULT '{}',  -- the template's completion.required_fields
  fields_filled   integer NOT NULL DEFAULT 0,    -- extractions rows
  required_filled integer NOT NULL DEFAULT 0,    -- of those, required fields
  conf_sum        double precision NOT NULL DEFAULT 0,  -- sum of their confidence
  asks            integer NOT NULL DEFAULT 0,    -- sum of plan_state.asked
  follow_ups      integer NOT NULL DEFAULT 0,    -- sum of plan_state.follow_ups
  edits           integer NOT NULL DEFAULT 0,    -- extraction_history rows with source 'user'
  replies         integer NOT NULL DEFAULT 0,    -- assistant questions and completions
  model_replies   integer NOT NULL DEFAULT 0,    -- of those, written by a model (provider <> 'offline')
  fallbacks       integer NOT NULL DEFAULT 0,    -- of those, the offline engine standing in
  deal_stage      text NOT NULL DEFAULT '',
  sentiment       text NOT NULL DEFAULT '',
  budget          double precision NOT NULL DEFAULT 0,
  PRIMARY KEY (owner_id, session_id),
  FOREIGN KEY (owner_id, session_id) REFERENCES sessions (owner_id, id) ON DELETE CASCADE
);
-- GetSessionAnalytics by id alone (a manager or admin reading another's session).
CREATE INDEX session_stats_id_idx ON session_stats (session_id);

CREATE TABLE analytics_daily (
  day             date NOT NULL,
  team_id         text NOT NULL,
  owner_id        text NOT NULL,                 -- '' for the team's total
  template_slug   text NOT NULL,
  sessions        bigint NOT NULL DEFAULT 0,
  n_created       bigint NOT NULL DEFAULT 0,
  n_active        bigint NOT NULL DEFAULT 0,
  n_paused        bigint NOT NULL DEFAULT 0,
  n_completed     bigint NOT NULL DEFAULT 0,
  n_expired       bigint NOT NULL DEFAULT 0,
  n_cancelled     bigint NOT NULL DEFAULT 0,
  turns           bigint NOT NULL DEFAULT 0,
  duration_s      double precision NOT NULL DEFAULT 0,  -- completed sessions only
  answered        bigint NOT NULL DEFAULT 0,            -- sessions with a first answer
  first_answer_s  double precision NOT NULL DEFAULT 0,  -- sum over those
  fields_filled   bigint NOT NULL DEFAULT 0,
  fields_required bigint NOT NULL DEFAULT 0,
  required_filled bigint NOT NULL DEFAULT 0,
  conf_sum        double precision NOT NULL DEFAULT 0,
  follow_ups      bigint NOT NULL DEFAULT 0,
  edits           bigint NOT NULL DEFAULT 0,
  replies         bigint NOT NULL DEFAULT 0,
  model_replies   bigint NOT NULL DEFAULT 0,
  fallbacks       bigint NOT NULL DEFAULT 0,
  PRIMARY KEY (owner_id, day, team_id, template_slug)
) PARTITION BY LIST (owner_id);
CREATE TABLE analytics_daily_totals PARTITION OF analytics_daily FOR VALUES IN ('');
CREATE TABLE analytics_daily_owners PARTITION OF analytics_daily DEFAULT;
-- Team and system-wide views (owner_id = ''), and a manager's per-user breakdown.
CREATE INDEX analytics_daily_team_idx ON analytics_daily (team_id, owner_id, day);

CREATE TABLE analytics_field_daily (
  day           date NOT NULL,
  team_id       text NOT NULL,
  owner_id      text NOT NULL,
  template_slug text NOT NULL,
  field_key     text NOT NULL,
  filled        bigint NOT NULL DEFAULT 0,
  conf_sum      double precision NOT NULL DEFAULT 0,
  asks          bigint NOT NULL DEFAULT 0,
  follow_ups    bigint NOT NULL DEFAULT 0,
  edits         bigint NOT NULL DEFAULT 0,
  PRIMARY KEY (owner_id, day, team_id, template_slug, field_key)
) PARTITION BY LIST (owner_id);
CREATE TABLE analytics_field_daily_totals PARTITION OF analytics_field_daily FOR VALUES IN ('');
CREATE TABLE analytics_field_daily_owners PARTITION OF analytics_field_daily DEFAULT;
CREATE INDEX analytics_field_daily_team_idx ON analytics_field_daily (team_id, owner_id, day);

CREATE TABLE analytics_usage_daily (
  day           date NOT NULL,
  team_id       text NOT NULL,
  owner_id      text NOT NULL,
  template_slug text NOT NULL,
  provider      text NOT NULL,
  model         text NOT NULL,
  replies       bigint NOT NULL DEFAULT 0,
  tokens_in     bigint NOT NULL DEFAULT 0,
  tokens_out    bigint NOT NULL DEFAULT 0,
  fallbacks     bigint NOT NULL DEFAULT 0,
  -- 24 buckets each, analytics_latency_bucket(); replies with a latency only.
  latency_hist  bigint[] NOT NULL DEFAULT array_fill(0::bigint, ARRAY[24]),
  first_token_hist bigint[] NOT NULL DEFAULT array_fill(0::bigint, ARRAY[24]),
  PRIMARY KEY (owner_id, day, team_id, template_slug, provider, model)
) PARTITION BY LIST (owner_id);
CREATE TABLE analytics_usage_daily_totals PARTITION OF analytics_usage_daily FOR VALUES IN ('');
CREATE TABLE analytics_usage_daily_owners PARTITION OF analytics_usage_daily DEFAULT;
CREATE INDEX analytics_usage_daily_team_idx ON analytics_usage_daily (team_id, owner_id, day);

CREATE TABLE analytics_pipeline_daily (
  day           date NOT NULL,
  team_id       text NOT NULL,
  owner_id      text NOT NULL,
  template_slug text NOT NULL,
  deal_stage    text NOT NULL,
  sessions      bigint NOT NULL DEFAULT 0,
  budget        double precision NOT NULL DEFAULT 0,
  positive      bigint NOT NULL DEFAULT 0,
  neutral       bigint NOT NULL DEFAULT 0,
  negative      bigint NOT NULL DEFAULT 0,
  PRIMARY KEY (owner_id, day, team_id, template_slug, deal_stage)
) PARTITION BY LIST (owner_id);
CREATE TABLE analytics_pipeline_daily_totals PARTITION OF analytics_pipeline_daily FOR VALUES IN ('');
CREATE TABLE analytics_pipeline_daily_owners PARTITION OF analytics_pipeline_daily DEFAULT;
CREATE INDEX analytics_pipeline_daily_team_idx ON analytics_pipeline_daily (team_id, owner_id, day);

-- ---- session_stats -> the daily tables ----

-- One upsert per daily row for (new - old); OLD is NULL on INSERT, NEW on DELETE.
CREATE FUNCTION analytics__stats_trg() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO analytics_daily AS d (day, team_id, owner_id, template_slug, sessions, n_created,
    n_active, n_paused, n_completed, n_expired, n_cancelled, turns, duration_s, answered,
    first_answer_s, fields_filled, fields_required, required_filled, conf_sum, follow_ups, edits,
    replies, model_replies, fallbacks)
  SELECT (s).day, (s).team_id, o, (s).template_slug, sum(k),
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
  FROM (VALUES (-1, OLD), (1, NEW)) v(k, s), unnest(ARRAY[(s).owner_id, '']) o
  WHERE (s).session_id IS NOT NULL
  GROUP BY (s).day, (s).team_id, o, (s).template_slug
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

  IF coalesce(OLD.deal_stage, '') <> '' OR coalesce(NEW.deal_stage, '') <> '' THEN
    INSERT INTO analytics_pipeline_daily AS p (day, team_id, owner_id, template_slug, deal_stage,
      sessions, budget, positive, neutral, negative)
    SELECT (s).day, (s).team_id, o, (s).template_slug, (s).deal_stage, sum(k),
      sum(k * (s).budget), sum(k * ((s).sentiment = 'positive')::int),
      sum(k * ((s).sentiment = 'neutral')::int), sum(k * ((s).sentiment = 'negative')::int)
    FROM (VALUES (-1, OLD), (1, NEW)) v(k, s), unnest(ARRAY[(s).owner_id, '']) o
    WHERE (s).session_id IS NOT NULL AND (s).deal_stage <> ''
    GROUP BY (s).day, (s).team_id, o, (s).template_slug, (s).deal_stage
    ON CONFLICT (owner_id, day, team_id, template_slug, deal_stage) DO UPDATE SET
      sessions = p.sessions + EXCLUDED.sessions, budget = p.budget + EXCLUDED.budget,
      positive = p.positive + EXCLUDED.positive, neutral = p.neutral + EXCLUDED.neutral,
      negative = p.negative + EXCLUDED.negative;
  END IF;
  RETURN NULL;
END $$;

CREATE TRIGGER analytics_stats_ins AFTER INSERT OR DELETE ON session_stats
  FOR EACH ROW EXECUTE FUNCTION analytics__stats_trg();
CREATE TRIGGER analytics_stats_upd AFTER UPDATE ON session_stats
  FOR EACH ROW WHEN (OLD IS DISTINCT FROM NEW) EXECUTE FUNCTION analytics__stats_trg();

-- ---- sessions -> session_stats (and asks/follow-ups per field) ----

-- Per-field (asks, follow_ups) of a plan_state.
CREATE FUNCTION analytics__plan_counts(ps jsonb)
  RETURNS TABLE (field_key text, asks bigint, follow_ups bigint)
  LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT k, sum(a), sum(f) FROM (
    SELECT key AS k, CASE WHEN jsonb_typeof(value) = 'number' THEN value::text::numeric::bigint
                          ELSE 0 END AS a, 0::bigint AS f
    FROM jsonb_each(CASE WHEN jsonb_typeof(ps -> 'asked') = 'object' THEN ps -> 'asked'
                         ELSE '{}' END)
    UNION ALL
    SELECT key, 0, CASE WHEN jsonb_typeof(value) = 'number' THEN value::text::numeric::bigint
                        ELSE 0 END
    FROM jsonb_each(CASE WHEN jsonb_typeof(ps -> 'follow_ups') = 'object' THEN ps -> 'follow_ups'
                         ELSE '{}' END)) x
  GROUP BY k ORDER BY k $$;

CREATE FUNCTION analytics__session_trg() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  st session_stats;
  old_plan jsonb := '{}';
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
  ELSE
    old_plan := OLD.plan_state;
  END IF;
  -- The figures the row carries (the trigger's WHEN clause skips other updates).
  UPDATE session_stats SET state = NEW.state, turns = NEW.turn_count,
    started_at = NEW.started_at, completed_at = NEW.completed_at,
    asks = coalesce((SELECT sum(c.asks) FROM analytics__plan_counts(NEW.plan_state) c), 0),
    follow_ups = coalesce((SELECT sum(c.follow_ups)
                           FROM analytics__plan_counts(NEW.plan_state) c), 0)
  WHERE owner_id = NEW.owner_id AND session_id = NEW.id
  RETURNING * INTO st;
  IF FOUND AND NEW.plan_state IS DISTINCT FROM old_plan THEN
    INSERT INTO analytics_field_daily AS f (day, team_id, owner_id, template_slug, field_key,
      asks, follow_ups)
    SELECT st.day, st.team_id, o, st.template_slug, c.field_key, sum(c.asks), sum(c.follow_ups)
    FROM (SELECT n.field_key, n.asks, n.follow_ups FROM analytics__plan_counts(NEW.plan_state) n
          UNION ALL
          SELECT p.field_key, -p.asks, -p.follow_ups FROM analytics__plan_counts(old_plan) p) c,
         unnest(ARRAY[st.owner_id, '']) o
    GROUP BY c.field_key, o HAVING sum(c.asks) <> 0 OR sum(c.follow_ups) <> 0
    ORDER BY o DESC, c.field_key
    ON CONFLICT (owner_id, day, team_id, template_slug, field_key) DO UPDATE SET
      asks = f.asks + EXCLUDED.asks, follow_ups = f.follow_ups + EXCLUDED.follow_ups;
  END IF;
  RETURN NULL;
END $$;

CREATE TRIGGER analytics_session_ins AFTER INSERT ON sessions
  FOR EACH ROW EXECUTE FUNCTION analytics__session_trg();
CREATE TRIGGER analytics_session_upd AFTER UPDATE ON sessions
  FOR EACH ROW WHEN (NEW.state IS DISTINCT FROM OLD.state
                     OR NEW.turn_count IS DISTINCT FROM OLD.turn_count
                     OR NEW.started_at IS DISTINCT FROM OLD.started_at
                     OR NEW.completed_at IS DISTINCT FROM OLD.completed_at
                     OR NEW.plan_state IS DISTINCT FROM OLD.plan_state) EXECUTE FUNCTION analytics__session_trg();

-- ---- messages -> first answer, replies, usage ----

CREATE FUNCTION analytics__message_trg() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  st session_stats;
  is_model boolean := coalesce(NEW.provider, 'offline') <> 'offline';
  lb integer := CASE WHEN is_model THEN analytics_latency_bucket(NEW.latency_ms) END;
  fb integer := CASE WHEN is_model THEN analytics_latency_bucket(NEW.first_token_ms) END;
BEGIN
  IF NEW.role = 'user' AND NEW.kind = 'answer' THEN
    UPDATE session_stats SET first_answer_at = NEW.created_at
    WHERE owner_id = NEW.owner_id AND session_id = NEW.session_id AND first_answer_at IS NULL;
    RETURN NULL;
  END IF;
  -- Replies: the assistant's questions and completions carry the provider.
  UPDATE session_stats SET replies = replies + 1, model_replies = model_replies + is_model::int,
    fallbacks = fallbacks + NEW.fallback::int
  WHERE owner_id = NEW.owner_id AND session_id = NEW.session_id
  RETURNING * INTO st;
  IF NOT FOUND THEN
    RETURN NULL;
  END IF;
  INSERT INTO analytics_usage_daily AS u (day, team_id, owner_id, template_slug, provider, model,
    replies, tokens_in, tokens_out, fallbacks, latency_hist, first_token_hist)
  SELECT st.day, st.team_id, o, st.template_slug, coalesce(NEW.provider, 'offline'),
    coalesce(NEW.model, ''), 1, coalesce(NEW.tokens_in, 0), coalesce(NEW.tokens_out, 0),
    NEW.fallback::int, analytics__hist_add(array_fill(0::bigint, ARRAY[24]), lb),
    analytics__hist_add(array_fill(0::bigint, ARRAY[24]), fb)
  FROM unnest(ARRAY[st.owner_id, '']) o
  ON CONFLICT (owner_id, day, team_id, template_slug, provider, model) DO UPDATE SET
    replies = u.replies + 1, tokens_in = u.tokens_in + EXCLUDED.tokens_in,
    tokens_out = u.tokens_out + EXCLUDED.tokens_out, fallbacks = u.fallbacks + EXCLUDED.fallbacks,
    latency_hist = analytics__hist_add(u.latency_hist, lb),
    first_token_hist = analytics__hist_add(u.first_token_hist, fb);
  RETURN NULL;
END $$;

CREATE TRIGGER analytics_message_ins AFTER INSERT ON messages
  FOR EACH ROW WHEN ((NEW.role = 'user' AND NEW.kind = 'answer')
                     OR (NEW.role = 'assistant' AND NEW.kind IN ('question', 'completed')))
  EXECUTE FUNCTION analytics__message_trg();

-- ---- extractions -> fields filled, confidence, pipeline ----

CREATE FUNCTION analytics__extraction_trg() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  r extractions;
  k integer := CASE TG_OP WHEN 'INSERT' THEN 1 WHEN 'DELETE' THEN -1 ELSE 0 END;
  dconf double precision := coalesce(NEW.confidence, 0) - coalesce(OLD.confidence, 0);
  st session_stats;
BEGIN
  IF TG_OP = 'DELETE' THEN
    r := OLD;
  ELSE
    r := NEW;
  END IF;
  UPDATE session_stats s SET fields_filled = s.fields_filled + k,
    required_filled = s.required_filled + k * (r.field_key = ANY (s.required_fields))::int,
    conf_sum = s.conf_sum + dconf,
    deal_stage = CASE WHEN r.field_key = 'deal_stage' THEN
      coalesce(analytics__text(NEW.value), '') ELSE s.deal_stage END,
    sentiment = CASE WHEN r.field_key = 'sentiment' THEN
      coalesce(analytics__text(NEW.value), '') ELSE s.sentiment END,
    budget = CASE WHEN r.field_key = 'budget' THEN
      coalesce(analytics__amount(NEW.value), 0) ELSE s.budget END
  WHERE s.owner_id = r.owner_id AND s.session_id = r.session_id
  RETURNING * INTO st;
  IF FOUND AND (k <> 0 OR dconf <> 0) THEN
    INSERT INTO analytics_field_daily AS f (day, team_id, owner_id, template_slug, field_key,
      filled, conf_sum)
    SELECT st.day, st.team_id, o, st.template_slug, r.field_key, k, dconf
    FROM unnest(ARRAY[st.owner_id, '']) o
    ON CONFLICT (owner_id, day, team_id, template_slug, field_key) DO UPDATE SET
      filled = f.filled + EXCLUDED.filled, conf_sum = f.conf_sum + EXCLUDED.conf_sum;
  END IF;
  RETURN NULL;
END $$;

CREATE TRIGGER analytics_extraction_chg AFTER INSERT OR UPDATE OR DELETE ON extractions
  FOR EACH ROW EXECUTE FUNCTION analytics__extraction_trg();

-- ---- extraction_history -> user edits ----

CREATE FUNCTION analytics__edit_trg() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  st session_stats;
BEGIN
  UPDATE session_stats SET edits = edits + 1
  WHERE owner_id = NEW.owner_id AND session_id = NEW.session_id
  RETURNING * INTO st;
  IF FOUND THEN
    INSERT INTO analytics_field_daily AS f (day, team_id, owner_id, template_slug, field_key, edits)
    SELECT st.day, st.team_id, o, st.template_slug, NEW.field_key, 1
    FROM unnest(ARRAY[st.owner_id, '']) o
    ON CONFLICT (owner_id, day, team_id, template_slug, field_key) DO UPDATE SET
      edits = f.edits + 1;
  END IF;
  RETURN NULL;
END $$;

CREATE TRIGGER analytics_edit_ins AFTER INSERT ON extraction_history
  FOR EACH ROW WHEN (NEW.source = 'user') EXECUTE FUNCTION analytics__edit_trg();

-- ---- rebuild: the backfill, and the loader for rows written without triggers ----

CREATE FUNCTION analytics_rebuild() RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  LOCK TABLE session_stats IN EXCLUSIVE MODE;
  ALTER TABLE session_stats DISABLE TRIGGER analytics_stats_ins;
  DELETE FROM session_stats;
  DELETE FROM analytics_daily;
  DELETE FROM analytics_field_daily;
  DELETE FROM analytics_usage_daily;
  DELETE FROM analytics_pipeline_daily;

  INSERT INTO session_stats (owner_id, session_id, team_id, template_slug, day, state, created_at,
    started_at, completed_at, first_answer_at, turns, required_fields, fields_filled,
    required_filled, conf_sum, asks, follow_ups, edits, replies, model_replies, fallbacks,
    deal_stage, sentiment, budget)
  SELECT s.owner_id, s.id, s.team_id, s.template_slug, (s.created_at AT TIME ZONE 'UTC')::date,
    s.state, s.created_at, s.started_at, s.completed_at, m.first_answer_at, s.turn_count,
    coalesce(t.req, '{}'), coalesce(e.filled, 0), coalesce(e.req_filled, 0), coalesce(e.conf, 0),
    coalesce(p.asks, 0), coalesce(p.follow_ups, 0), coalesce(h.edits, 0), coalesce(m.replies, 0),
    coalesce(m.model_replies, 0), coalesce(m.fallbacks, 0), coalesce(e.deal_stage, ''),
    coalesce(e.sentiment, ''), coalesce(e.budget, 0)
  FROM sessions s
  LEFT JOIN LATERAL (
    SELECT ARRAY(SELECT jsonb_array_elements_text(t.definition -> 'completion'
                                                  -> 'required_fields')) AS req
    FROM templates t WHERE t.slug = s.template_slug AND t.version = s.template_version
      AND jsonb_typeof(t.definition -> 'completion' -> 'required_fields') = 'array') t ON true
  LEFT JOIN LATERAL (
    SELECT min(created_at) FILTER (WHERE role = 'user' AND kind = 'answer') AS first_answer_at,
      count(*) FILTER (WHERE role = 'assistant') AS replies,
      count(*) FILTER (WHERE role = 'assistant' AND coalesce(provider, 'offline') <> 'offline')
        AS model_replies,
      count(*) FILTER (WHERE role = 'assistant' AND fallback) AS fallbacks
    FROM messages WHERE owner_id = s.owner_id AND session_id = s.id
      AND ((role = 'user' AND kind = 'answer')
           OR (role = 'assistant' AND kind IN ('question', 'completed')))) m ON true
  LEFT JOIN LATERAL (
    SELECT count(*) AS filled, count(*) FILTER (WHERE x.field_key = ANY (t.req)) AS req_filled,
      sum(x.confidence) AS conf,
      max(analytics__text(x.value)) FILTER (WHERE x.field_key = 'deal_stage') AS deal_stage,
      max(analytics__text(x.value)) FILTER (WHERE x.field_key = 'sentiment') AS sentiment,
      max(analytics__amount(x.value)) FILTER (WHERE x.field_key = 'budget') AS budget
    FROM extractions x WHERE x.owner_id = s.owner_id AND x.session_id = s.id) e ON true
  LEFT JOIN LATERAL (
    SELECT sum(c.asks) AS asks, sum(c.follow_ups) AS follow_ups
    FROM analytics__plan_counts(s.plan_state) c) p ON true
  LEFT JOIN LATERAL (
    SELECT count(*) AS edits FROM extraction_history y
    WHERE y.owner_id = s.owner_id AND y.session_id = s.id AND y.source = 'user') h ON true;

  INSERT INTO analytics_daily (day, team_id, owner_id, template_slug, sessions, n_created,
    n_active, n_paused, n_completed, n_expired, n_cancelled, turns, duration_s, answered,
    first_answer_s, fields_filled, fields_required, required_filled, conf_sum, follow_ups, edits,
    replies, model_replies, fallbacks)
  SELECT s.day, s.team_id, o, s.template_slug, count(*),
    count(*) FILTER (WHERE s.state = 'created'), count(*) FILTER (WHERE s.state = 'active'),
    count(*) FILTER (WHERE s.state = 'paused'), count(*) FILTER (WHERE s.state = 'completed'),
    count(*) FILTER (WHERE s.state = 'expired'), count(*) FILTER (WHERE s.state = 'cancelled'),
    sum(s.turns),
    coalesce(sum(extract(epoch FROM s.completed_at - coalesce(s.started_at, s.created_at)))
               FILTER (WHERE s.state = 'completed' AND s.completed_at IS NOT NULL), 0),
    count(s.first_answer_at),
    coalesce(sum(extract(epoch FROM s.first_answer_at - coalesce(s.started_at, s.created_at))),
             0),
    sum(s.fields_filled), sum(cardinality(s.required_fields)), sum(s.required_filled),
    sum(s.conf_sum), sum(s.follow_ups), sum(s.edits), sum(s.replies), sum(s.model_replies),
    sum(s.fallbacks)
  FROM session_stats s, unnest(ARRAY[s.owner_id, '']) o
  GROUP BY s.day, s.team_id, o, s.template_slug;

  INSERT INTO analytics_pipeline_daily (day, team_id, owner_id, template_slug, deal_stage,
    sessions, budget, positive, neutral, negative)
  SELECT s.day, s.team_id, o, s.template_slug, s.deal_stage, count(*), sum(s.budget),
    count(*) FILTER (WHERE s.sentiment = 'positive'),
    count(*) FILTER (WHERE s.sentiment = 'neutral'),
    count(*) FILTER (WHERE s.sentiment = 'negative')
  FROM session_stats s, unnest(ARRAY[s.owner_id, '']) o
  WHERE s.deal_stage <> ''
  GROUP BY s.day, s.team_id, o, s.template_slug, s.deal_stage;

  INSERT INTO analytics_field_daily (day, team_id, owner_id, template_slug, field_key, filled,
    conf_sum, asks, follow_ups, edits)
  SELECT day, team_id, o, template_slug, field_key, sum(filled), sum(conf_sum), sum(asks),
    sum(follow_ups), sum(edits)
  FROM (
    SELECT s.day, s.team_id, s.owner_id, s.template_slug, x.field_key, 1 AS filled,
      x.confidence AS conf_sum, 0 AS asks, 0 AS follow_ups, 0 AS edits
    FROM session_stats s JOIN extractions x ON x.owner_id = s.owner_id
      AND x.session_id = s.session_id
    UNION ALL
    SELECT s.day, s.team_id, s.owner_id, s.template_slug, c.field_key, 0, 0, c.asks,
      c.follow_ups, 0
    FROM session_stats s JOIN sessions z ON z.owner_id = s.owner_id AND z.id = s.session_id,
      analytics__plan_counts(z.plan_state) c
    UNION ALL
    SELECT s.day, s.team_id, s.owner_id, s.template_slug, y.field_key, 0, 0, 0, 0, 1
    FROM session_stats s JOIN extraction_history y ON y.owner_id = s.owner_id
      AND y.session_id = s.session_id AND y.source = 'user') r,
    unnest(ARRAY[r.owner_id, '']) o
  GROUP BY day, team_id, o, template_slug, field_key;

  INSERT INTO analytics_usage_daily (day, team_id, owner_id, template_slug, provider, model,
    replies, tokens_in, tokens_out, fallbacks, latency_hist, first_token_hist)
  WITH m AS (
    SELECT s.day, s.team_id, s.owner_id, s.template_slug, coalesce(x.provider, 'offline') AS provider,
      coalesce(x.model, '') AS model, x.tokens_in, x.tokens_out, x.fallback,
      CASE WHEN coalesce(x.provider, 'offline') <> 'offline' AND x.latency_ms IS NOT NULL
        THEN analytics_latency_bucket(x.latency_ms) END AS lb,
      CASE WHEN coalesce(x.provider, 'offline') <> 'offline' AND x.first_token_ms IS NOT NULL
        THEN analytics_latency_bucket(x.first_token_ms) END AS fb
    FROM session_stats s JOIN messages x ON x.owner_id = s.owner_id
      AND x.session_id = s.session_id
    WHERE x.role = 'assistant' AND x.kind IN ('question', 'completed')),
  g AS (
    SELECT day, team_id, o AS owner_id, template_slug, provider, model, count(*) AS replies,
      coalesce(sum(tokens_in), 0) AS tokens_in, coalesce(sum(tokens_out), 0) AS tokens_out,
      count(*) FILTER (WHERE fallback) AS fallbacks,
      array_agg(lb) FILTER (WHERE lb IS NOT NULL) AS lbs,
      array_agg(fb) FILTER (WHERE fb IS NOT NULL) AS fbs
    FROM m, unnest(ARRAY[m.owner_id, '']) o
    GROUP BY day, team_id, o, template_slug, provider, model)
  SELECT day, team_id, owner_id, template_slug, provider, model, replies, tokens_in, tokens_out,
    fallbacks,
    ARRAY(SELECT count(*) FILTER (WHERE b = i)::bigint
          FROM generate_series(0, 23) i LEFT JOIN unnest(coalesce(lbs, '{}')) b ON b = i
          GROUP BY i ORDER BY i),
    ARRAY(SELECT count(*) FILTER (WHERE b = i)::bigint
          FROM generate_series(0, 23) i LEFT JOIN unnest(coalesce(fbs, '{}')) b ON b = i
          GROUP BY i ORDER BY i)
  FROM g;

  ALTER TABLE session_stats ENABLE TRIGGER analytics_stats_ins;
END $$;

SELECT analytics_rebuild();
