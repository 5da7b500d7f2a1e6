-- explain.sql - the plans of the main analytics queries on the seeded data
-- (bench/analytics/run.sh). The statements are those server/store/analytics.c
-- builds, with its parameters written in: $1/$2 the last 90 days, $3 the
-- owner ('' for team and system totals), $4 the team (analytics_all_teams()
-- for the system totals), $5 the template (NULL: any).
\set ON_ERROR_STOP 1
\set start '(current_date - date ''1970-01-01'' - 89)'
\set end '(current_date - date ''1970-01-01'' + 1)'

\echo '## GetSessionMetrics, team t001, 90 days, daily trend'
EXPLAIN (ANALYZE, BUFFERS, COSTS OFF)
SELECT (day - date '1970-01-01') AS b, sum(sessions), sum(n_created), sum(n_active),
  sum(n_paused), sum(n_completed), sum(n_expired), sum(n_cancelled), sum(turns), sum(answered),
  sum(fields_filled), sum(fields_required), sum(required_filled), sum(follow_ups), sum(edits),
  sum(replies), sum(model_replies), sum(fallbacks), sum(duration_s), sum(first_answer_s),
  sum(conf_sum)
FROM analytics_daily WHERE owner_id = '' AND day >= date '1970-01-01' + :start
  AND day < date '1970-01-01' + :end AND team_id = 't001'
GROUP BY 1 HAVING sum(sessions) > 0 ORDER BY 1;

\echo '## GetSessionMetrics, system-wide, 90 days, weekly trend'
EXPLAIN (ANALYZE, BUFFERS, COSTS OFF)
SELECT (date_trunc('week', day)::date - date '1970-01-01') AS b, sum(sessions), sum(n_completed),
  sum(turns), sum(duration_s), sum(conf_sum)
FROM analytics_daily WHERE owner_id = '' AND day >= date '1970-01-01' + :start
  AND day < date '1970-01-01' + :end AND team_id = analytics_all_teams()
GROUP BY 1 HAVING sum(sessions) > 0 ORDER BY 1;

\echo '## GetSessionMetrics, team t001, 90 days, per user'
EXPLAIN (ANALYZE, BUFFERS, COSTS OFF)
SELECT owner_id, sum(sessions), sum(n_completed), sum(turns), sum(duration_s)
FROM analytics_daily WHERE owner_id <> '' AND day >= date '1970-01-01' + :start
  AND day < date '1970-01-01' + :end AND team_id = 't001'
GROUP BY 1 HAVING sum(sessions) > 0 ORDER BY sum(sessions) DESC, 1 LIMIT 1001;

\echo '## GetFieldCoverage, system-wide, 90 days'
EXPLAIN (ANALYZE, BUFFERS, COSTS OFF)
WITH t AS (SELECT template_slug, sum(sessions) AS sessions FROM analytics_daily
           WHERE owner_id = '' AND day >= date '1970-01-01' + :start
             AND day < date '1970-01-01' + :end AND team_id = analytics_all_teams()
           GROUP BY 1),
f AS (SELECT template_slug, field_key, sum(filled) AS filled, sum(asks) AS asks,
        sum(follow_ups) AS follow_ups, sum(edits) AS edits, sum(conf_sum) AS conf_sum
      FROM analytics_field_daily WHERE owner_id = '' AND day >= date '1970-01-01' + :start
        AND day < date '1970-01-01' + :end AND team_id = analytics_all_teams() GROUP BY 1, 2)
SELECT f.template_slug, f.field_key, f.filled, coalesce(t.sessions, 0), f.asks, f.follow_ups,
  f.edits, f.conf_sum FROM f LEFT JOIN t USING (template_slug)
WHERE f.filled <> 0 OR f.asks <> 0 OR f.edits <> 0 ORDER BY 1, 2 LIMIT 1000;

\echo '## GetProviderUsage, member u00002, 90 days (histogram sums abridged to 2 of 48)'
EXPLAIN (ANALYZE, BUFFERS, COSTS OFF)
SELECT provider, model, sum(replies), sum(tokens_in), sum(tokens_out), sum(fallbacks),
  sum(latency_hist[1]), sum(first_token_hist[1])
FROM analytics_usage_daily WHERE owner_id = 'u00002' AND day >= date '1970-01-01' + :start
  AND day < date '1970-01-01' + :end
GROUP BY 1, 2 HAVING sum(replies) > 0 ORDER BY 1, 2 LIMIT 1000;

\echo '## GetProviderUsage, system-wide, 90 days (histogram sums abridged to 2 of 48)'
EXPLAIN (ANALYZE, BUFFERS, COSTS OFF)
SELECT provider, model, sum(replies), sum(tokens_in), sum(tokens_out), sum(fallbacks),
  sum(latency_hist[1]), sum(first_token_hist[1])
FROM analytics_usage_daily WHERE owner_id = '' AND day >= date '1970-01-01' + :start
  AND day < date '1970-01-01' + :end AND team_id = analytics_all_teams()
GROUP BY 1, 2 HAVING sum(replies) > 0 ORDER BY 1, 2 LIMIT 1000;

\echo '## GetPipeline, system-wide, 90 days'
EXPLAIN (ANALYZE, BUFFERS, COSTS OFF)
SELECT deal_stage, sum(sessions), sum(positive), sum(neutral), sum(negative), sum(budget)
FROM analytics_pipeline_daily WHERE day >= date '1970-01-01' + :start
  AND day < date '1970-01-01' + :end AND owner_id = '' AND team_id = analytics_all_teams()
GROUP BY 1 HAVING sum(sessions) > 0 ORDER BY 1 LIMIT 1000;

\echo '## GetSessionMetrics, system-wide, 90 days, per user (every owner row of the range)'
EXPLAIN (ANALYZE, BUFFERS, COSTS OFF)
SELECT owner_id, sum(sessions), sum(n_completed), sum(turns), sum(duration_s)
FROM analytics_daily WHERE day >= date '1970-01-01' + :start
  AND day < date '1970-01-01' + :end AND owner_id <> '' AND team_id <> analytics_all_teams()
GROUP BY 1 HAVING sum(sessions) > 0 ORDER BY sum(sessions) DESC, 1 LIMIT 1001;
