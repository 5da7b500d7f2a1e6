-- 007_analytics_owner_day.sql - a day index for the system-wide per-user
-- breakdown.
--
-- An admin's GetSessionMetrics grouped by user with no owner or team named
-- filters the per-owner daily rows by day alone, which the primary key
-- (owner_id, day, ...) and the (team_id, owner_id, day) index cannot range
-- over: it read the whole partition, every day of every owner. This index
-- lets it read only the days asked for (docs/analytics.md, "Query plans").
--
-- It is partial on a clause only that query states (team_id <>
-- analytics_all_teams(), true of every owner row), so the generic plan of
-- a team's per-user query, whose team_id = $n cannot imply it, keeps the
-- team index: a plain day index looked cheaper to that generic plan and
-- made a team's view 20 times slower. day never changes in a row, so the
-- fold's updates stay heap-only where the page has room.
CREATE INDEX analytics_daily_owners_day_idx ON analytics_daily_owners (day)
  WHERE team_id <> analytics_all_teams();
