/*
 * analytics.c - the reads behind AnalyticsService, and the pure rules they
 * follow (range, scope, latency quantiles).
 *
 * Every figure comes from the rollup tables of sql/003_analytics.sql:
 * session_stats, which triggers keep in the turn's own transaction, and
 * the daily tables, which analytics_fold() (sql/006_analytics_fold.sql,
 * run by dbf_store_analytics_fold) keeps from it; no read here touches
 * messages, extractions or sessions. Each *_daily table has a row per
 * (owner, day, team, template), a team total with owner_id = '' and a
 * system total with owner_id = '' and team_id = analytics_all_teams(): a
 * query scoped to one person reads the first, a team's the second and a
 * system-wide one the third, so the rows read grow with days (and teams
 * for a per-team breakdown), not with sessions. docs/analytics.md shows
 * the plans.
 */
#include <inttypes.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/arena.h"
#include "core/utf8.h"
#include "store/store_int.h"

#define US_PER_DAY    86400000000LL
#define SQL_MAX       (16u << 10) /* one generated analytics statement */
#define MAX_PARAMS    8
#define N_SUMS        20 /* columns of SUMS_COLS */
#define HIST_SQL_COLS (2 * DBF_ANALYTICS_HIST)

/* ---- pure rules ---- */

/* Floor division for days before the epoch too. */
static int64_t floor_day(int64_t us) {
  return us >= 0 ? us / US_PER_DAY : -((-us + US_PER_DAY - 1) / US_PER_DAY);
}

dbf_err dbf_analytics_range(int64_t start_us, int64_t end_us, int64_t now_us, int64_t *start_day,
                            int64_t *end_day, dbf_status *st) {
  int64_t end = end_us ? floor_day(end_us) + (end_us % US_PER_DAY != 0) : floor_day(now_us) + 1;
  int64_t start = start_us ? floor_day(start_us) : end - DBF_ANALYTICS_DEF_DAYS;
  if (start_us && end_us && start_us >= end_us)
    return dbf_fail(st, DBF_ERR_INVALID,
                    "filter.start_time must be before filter.end_time; swap them or leave "
                    "end_time empty for 'until now'");
  if (start >= end)
    return dbf_fail(st, DBF_ERR_INVALID,
                    "filter.start_time is after the end of the range (end_time, or today when "
                    "it is empty); pass an earlier start_time");
  if (end - start > DBF_ANALYTICS_MAX_DAYS)
    return dbf_fail(st, DBF_ERR_INVALID,
                    "the range spans %" PRId64 " days; at most %d are allowed: narrow "
                    "filter.start_time..filter.end_time",
                    end - start, DBF_ANALYTICS_MAX_DAYS);
  *start_day = start;
  *end_day = end;
  return DBF_OK;
}

static bool given(const char *s) {
  return s && *s;
}

dbf_err dbf_analytics_scope(const dbf_store_viewer *who, const char *team, const char *owner,
                            dbf_analytics_query *q, dbf_status *st) {
  const char *my_team = who->team_id ? who->team_id : "";
  q->check_owner_team = false;
  switch (who->scope) {
    case DBF_SCOPE_ALL:
      if (given(team) && dbf_utf8_has_control(team))
        return dbf_fail(st, DBF_ERR_INVALID,
                        "filter.team_id holds a control character, which no team id has");
      q->team_id = given(team) ? team : NULL;
      q->owner_id = given(owner) ? owner : NULL;
      return DBF_OK;
    case DBF_SCOPE_TEAM:
      if (given(team) && strcmp(team, my_team))
        return dbf_fail(st, DBF_ERR_PERMISSION,
                        "managers see only their own team's figures; leave filter.team_id empty "
                        "or pass '%s'",
                        my_team);
      if (!*my_team) {
        /* A manager without a team has only their own sessions. */
        if (given(owner) && strcmp(owner, who->user_id))
          return dbf_fail(st, DBF_ERR_PERMISSION,
                          "you have no team, so you see only your own figures; leave "
                          "filter.owner_id empty");
        q->team_id = NULL;
        q->owner_id = who->user_id;
        return DBF_OK;
      }
      q->team_id = my_team;
      q->owner_id = given(owner) ? owner : NULL;
      q->check_owner_team = given(owner) && strcmp(owner, who->user_id);
      return DBF_OK;
    case DBF_SCOPE_OWN:
    default:
      if (given(team))
        return dbf_fail(st, DBF_ERR_PERMISSION,
                        "members see only their own figures; leave filter.team_id empty (team "
                        "figures are for managers and admins)");
      if (given(owner) && strcmp(owner, who->user_id))
        return dbf_fail(st, DBF_ERR_PERMISSION,
                        "members see only their own figures; leave filter.owner_id empty or "
                        "pass your own user id");
      q->team_id = NULL;
      q->owner_id = who->user_id;
      return DBF_OK;
  }
}

double dbf_analytics_quantile(const int64_t hist[DBF_ANALYTICS_HIST], double q) {
  int64_t n = 0;
  for (int b = 0; b < DBF_ANALYTICS_HIST; b++)
    n += hist[b] > 0 ? hist[b] : 0;
  if (n == 0 || !(q > 0))
    return 0;
  /* The rank of the quantile, 1-based, as in "the ceil(q * n)-th smallest". */
  int64_t rank = (int64_t)ceil(q * (double)n);
  if (rank < 1)
    rank = 1;
  int64_t seen = 0;
  for (int b = 0; b < DBF_ANALYTICS_HIST; b++) {
    seen += hist[b] > 0 ? hist[b] : 0;
    if (seen >= rank)
      return ldexp(1.0, b + 1);
  }
  return ldexp(1.0, DBF_ANALYTICS_HIST);
}

/* ---- the shared WHERE clause ---- */

/*
 * The parameters of one rollup query: $1 start day, $2 end day (days since
 * the epoch), then the owner, team and template when the query names them.
 * Only the filters given are written into the SQL (never "$n IS NULL OR
 * ..."), so a generic plan of a prepared statement can still use the
 * (team_id, owner_id, day) index and prune to the team totals' partition.
 */
typedef struct qparams {
  char start[24], end[24];
  const char *p[MAX_PARAMS];
  int n;
} qparams;

/* The rows a rollup query reads (the levels of sql/006_analytics_fold.sql). */
typedef enum level {
  ROWS_ONE,    /* the owner's rows, else the team's total, else the system total */
  ROWS_OWNERS, /* every owner's rows (a per-user breakdown of several people) */
  ROWS_TEAMS,  /* every team's total, or the one team's (a per-team breakdown) */
} level;

/*
 * Appends the WHERE clause to b and sets qp. Calling it again with the
 * same arguments yields the same parameters.
 */
static dbf_err where_clause(dbf_buf *b, qparams *qp, const dbf_analytics_query *q, level which) {
  snprintf(qp->start, sizeof qp->start, "%" PRId64, q->start_day);
  snprintf(qp->end, sizeof qp->end, "%" PRId64, q->end_day);
  qp->n = 0;
  qp->p[qp->n++] = qp->start;
  qp->p[qp->n++] = qp->end;
  dbf_err rc = dbf_buf_appends(b, " WHERE day >= date '1970-01-01' + $1::int"
                                  " AND day < date '1970-01-01' + $2::int");
  if (!rc && which == ROWS_OWNERS) {
    /* With no team, the team clause is what sql/007's partial day index is for. */
    rc =
        dbf_buf_appends(b, q->team_id ? " AND owner_id <> ''"
                                      : " AND owner_id <> '' AND team_id <> analytics_all_teams()");
  } else if (!rc && q->owner_id) {
    qp->p[qp->n++] = q->owner_id;
    rc = dbf_buf_printf(b, " AND owner_id = $%d", qp->n);
  } else if (!rc) {
    rc = dbf_buf_appends(b, " AND owner_id = ''");
    if (!rc && !q->team_id)
      rc = dbf_buf_appends(b, which == ROWS_TEAMS ? " AND team_id <> analytics_all_teams()"
                                                  : " AND team_id = analytics_all_teams()");
  }
  if (!rc && q->team_id) {
    qp->p[qp->n++] = q->team_id;
    rc = dbf_buf_printf(b, " AND team_id = $%d", qp->n);
  }
  if (!rc && q->template_slug) {
    qp->p[qp->n++] = q->template_slug;
    rc = dbf_buf_printf(b, " AND template_slug = $%d", qp->n);
  }
  return rc;
}

/* A manager naming a user: the user must be in the manager's team. */
static dbf_err check_owner(dbf_tx *tx, const dbf_analytics_query *q, dbf_status *st) {
  if (!q->check_owner_team)
    return DBF_OK;
  PGresult *res = NULL;
  const char *p[] = {q->owner_id, q->team_id};
  dbf_err rc =
      dbf_tx_exec(tx, "SELECT 1 FROM users WHERE id = $1 AND team_id = $2", 2, p, &res, st);
  bool member = !rc && PQntuples(res) == 1;
  PQclear(res);
  if (rc)
    return rc;
  if (!member)
    return dbf_fail(st, DBF_ERR_PERMISSION,
                    "user '%s' is not in your team '%s'; managers see only their team's figures",
                    q->owner_id, q->team_id);
  return DBF_OK;
}

static double col_f64(const PGresult *res, int row, int col) {
  const char *v = dbf_pg_str(res, row, col);
  char *end = NULL;
  double d = v ? strtod(v, &end) : 0;
  return v && end != v && !*end && isfinite(d) ? d : 0;
}

static const char *col_str(dbf_arena *a, const PGresult *res, int row, int col, bool *oom) {
  const char *v = dbf_pg_str(res, row, col);
  char *d = dbf_arena_strdup(a, v ? v : "");
  if (!d)
    *oom = true;
  return d;
}

/* ---- session metrics ---- */

/* clang-format off */
#define SUMS_COLS                                                                                  \
  "sum(sessions), sum(n_created), sum(n_active), sum(n_paused), sum(n_completed), "                \
  "sum(n_expired), sum(n_cancelled), sum(turns), sum(answered), sum(fields_filled), "              \
  "sum(fields_required), sum(required_filled), sum(follow_ups), sum(edits), sum(replies), "        \
  "sum(model_replies), sum(fallbacks), sum(duration_s), sum(first_answer_s), sum(conf_sum)"
/* clang-format on */

static void sums_from_row(const PGresult *res, int row, int c, dbf_analytics_sums *s) {
  int64_t *ints[] = {&s->sessions,    &s->by_state[0],   &s->by_state[1],     &s->by_state[2],
                     &s->by_state[3], &s->by_state[4],   &s->by_state[5],     &s->turns,
                     &s->answered,    &s->fields_filled, &s->fields_required, &s->required_filled,
                     &s->follow_ups,  &s->edits,         &s->replies,         &s->model_replies,
                     &s->fallbacks};
  size_t n = sizeof ints / sizeof ints[0];
  for (size_t i = 0; i < n; i++)
    *ints[i] = dbf_pg_i64(res, row, c + (int)i, 0);
  s->duration_s = col_f64(res, row, c + (int)n);
  s->first_answer_s = col_f64(res, row, c + (int)n + 1);
  s->conf_sum = col_f64(res, row, c + (int)n + 2);
}

static void sums_add(dbf_analytics_sums *to, const dbf_analytics_sums *s) {
  to->sessions += s->sessions;
  for (int i = 0; i < 6; i++)
    to->by_state[i] += s->by_state[i];
  to->turns += s->turns;
  to->answered += s->answered;
  to->fields_filled += s->fields_filled;
  to->fields_required += s->fields_required;
  to->required_filled += s->required_filled;
  to->follow_ups += s->follow_ups;
  to->edits += s->edits;
  to->replies += s->replies;
  to->model_replies += s->model_replies;
  to->fallbacks += s->fallbacks;
  to->duration_s += s->duration_s;
  to->first_answer_s += s->first_answer_s;
  to->conf_sum += s->conf_sum;
}

typedef struct metrics_args {
  const dbf_analytics_query *q;
  dbf_arena *arena;
  const char *trend_sql, *group_sql;
  qparams trend_qp, group_qp;
  dbf_analytics_metrics out;
} metrics_args;

static dbf_err metrics_tx(dbf_tx *tx, void *arg, dbf_status *st) {
  metrics_args *a = arg;
  PGresult *res = NULL;
  memset(&a->out, 0, sizeof a->out);
  dbf_err rc = check_owner(tx, a->q, st);
  if (rc)
    return rc;
  rc = dbf_tx_exec(tx, a->trend_sql, a->trend_qp.n, a->trend_qp.p, &res, st);
  if (rc)
    goto out;
  int rows = PQntuples(res);
  if (a->q->bucket != DBF_ANALYTICS_NO_TREND && rows &&
      !(a->out.trend = dbf_arena_calloc(a->arena, (size_t)rows, sizeof *a->out.trend))) {
    rc = dbf_fail(st, DBF_ERR_NOMEM, "out of memory reading the trend");
    goto out;
  }
  for (int i = 0; i < rows; i++) {
    dbf_analytics_sums s = {0};
    sums_from_row(res, i, 1, &s);
    sums_add(&a->out.total, &s);
    if (a->out.trend) {
      a->out.trend[a->out.n_trend].day = dbf_pg_i64(res, i, 0, 0);
      a->out.trend[a->out.n_trend++].sums = s;
    }
  }
  PQclear(res);
  res = NULL;
  if (!a->group_sql)
    goto out;
  rc = dbf_tx_exec(tx, a->group_sql, a->group_qp.n, a->group_qp.p, &res, st);
  if (rc)
    goto out;
  rows = PQntuples(res);
  a->out.groups_truncated = rows > DBF_ANALYTICS_MAX_GROUPS;
  size_t keep = a->out.groups_truncated ? DBF_ANALYTICS_MAX_GROUPS : (size_t)rows;
  if (keep && !(a->out.groups = dbf_arena_calloc(a->arena, keep, sizeof *a->out.groups))) {
    rc = dbf_fail(st, DBF_ERR_NOMEM, "out of memory reading the groups");
    goto out;
  }
  for (size_t i = 0; i < keep; i++) {
    bool oom = false;
    a->out.groups[i].key = col_str(a->arena, res, (int)i, 0, &oom);
    if (oom) {
      rc = dbf_fail(st, DBF_ERR_NOMEM, "out of memory reading the groups");
      goto out;
    }
    sums_from_row(res, (int)i, 1, &a->out.groups[i].sums);
    a->out.n_groups++;
  }
out:
  PQclear(res);
  return rc;
}

dbf_err dbf_store_analytics_metrics(dbf_store *s, int64_t deadline_ms, const dbf_analytics_query *q,
                                    dbf_arena *arena, dbf_analytics_metrics *out, dbf_status *st) {
  static const char *const bucket_expr[] = {
      [DBF_ANALYTICS_NO_TREND] = "0",
      [DBF_ANALYTICS_DAY] = "(day - date '1970-01-01')",
      [DBF_ANALYTICS_WEEK] = "(date_trunc('week', day)::date - date '1970-01-01')",
  };
  dbf_buf trend, group;
  dbf_buf_init(&trend, SQL_MAX);
  dbf_buf_init(&group, SQL_MAX);
  memset(out, 0, sizeof *out);
  if ((unsigned)q->bucket > DBF_ANALYTICS_WEEK || (unsigned)q->group_by > DBF_ANALYTICS_BY_TEAM)
    return dbf_fail(st, DBF_ERR_INVALID, "unknown trend bucket or grouping");
  const char *b = bucket_expr[q->bucket];
  metrics_args a = {.q = q, .arena = arena};
  dbf_err rc = dbf_buf_printf(&trend, "SELECT %s AS b, " SUMS_COLS " FROM analytics_daily", b);
  if (!rc)
    rc = where_clause(&trend, &a.trend_qp, q, ROWS_ONE);
  if (!rc)
    rc = dbf_buf_printf(&trend, " GROUP BY 1 HAVING sum(sessions) > 0 ORDER BY 1");
  level grouped = q->group_by == DBF_ANALYTICS_BY_TEAM ? ROWS_TEAMS
                  : q->owner_id                        ? ROWS_ONE
                                                       : ROWS_OWNERS;
  if (!rc && q->group_by != DBF_ANALYTICS_NO_GROUPS) {
    rc = dbf_buf_printf(&group, "SELECT %s, " SUMS_COLS " FROM analytics_daily",
                        q->group_by == DBF_ANALYTICS_BY_USER ? "owner_id" : "team_id");
    if (!rc)
      rc = where_clause(&group, &a.group_qp, q, grouped);
    if (!rc)
      rc = dbf_buf_printf(&group,
                          " GROUP BY 1 HAVING sum(sessions) > 0 ORDER BY sum(sessions) DESC, 1 "
                          "LIMIT %d",
                          DBF_ANALYTICS_MAX_GROUPS + 1);
  }
  if (rc) {
    rc = dbf_fail(st, rc, "out of memory building the metrics query");
    goto out;
  }
  a.trend_sql = trend.data;
  a.group_sql = q->group_by != DBF_ANALYTICS_NO_GROUPS ? group.data : NULL;
  rc = dbf_store_tx(s, deadline_ms, metrics_tx, &a, st);
  if (!rc)
    *out = a.out;
out:
  dbf_buf_free(&trend);
  dbf_buf_free(&group);
  return rc;
}

/* ---- fields, usage, pipeline: one grouped query each ---- */

typedef dbf_err (*row_fn)(void *items, size_t i, const PGresult *res, int row, dbf_arena *a,
                          dbf_status *st);

typedef struct list_args {
  const dbf_analytics_query *q;
  dbf_arena *arena;
  const char *sql;
  const qparams *qp;
  size_t item_size;
  row_fn row;
  void *items;
  size_t n;
} list_args;

static dbf_err list_tx(dbf_tx *tx, void *arg, dbf_status *st) {
  list_args *a = arg;
  PGresult *res = NULL;
  a->items = NULL;
  a->n = 0;
  dbf_err rc = check_owner(tx, a->q, st);
  if (rc)
    return rc;
  rc = dbf_tx_exec(tx, a->sql, a->qp->n, a->qp->p, &res, st);
  if (rc)
    goto out;
  int rows = PQntuples(res);
  if (rows > DBF_ANALYTICS_MAX_GROUPS)
    rows = DBF_ANALYTICS_MAX_GROUPS;
  if (rows && !(a->items = dbf_arena_calloc(a->arena, (size_t)rows, a->item_size))) {
    rc = dbf_fail(st, DBF_ERR_NOMEM, "out of memory reading analytics rows");
    goto out;
  }
  for (int i = 0; !rc && i < rows; i++) {
    rc = a->row(a->items, (size_t)i, res, i, a->arena, st);
    if (!rc)
      a->n++;
  }
out:
  PQclear(res);
  return rc;
}

static dbf_err run_list(dbf_store *s, int64_t deadline_ms, const dbf_analytics_query *q,
                        dbf_arena *arena, dbf_buf *sql, const qparams *qp, size_t item_size,
                        row_fn row, void **out, size_t *n, dbf_status *st) {
  *out = NULL;
  *n = 0;
  list_args a = {
      .q = q, .arena = arena, .sql = sql->data, .qp = qp, .item_size = item_size, .row = row};
  dbf_err rc = dbf_store_tx(s, deadline_ms, list_tx, &a, st);
  if (!rc) {
    *out = a.items;
    *n = a.n;
  }
  return rc;
}

static dbf_err field_row(void *items, size_t i, const PGresult *res, int row, dbf_arena *a,
                         dbf_status *st) {
  dbf_analytics_field *f = (dbf_analytics_field *)items + i;
  bool oom = false;
  f->template_slug = col_str(a, res, row, 0, &oom);
  f->field_key = col_str(a, res, row, 1, &oom);
  f->filled = dbf_pg_i64(res, row, 2, 0);
  f->sessions = dbf_pg_i64(res, row, 3, 0);
  f->asks = dbf_pg_i64(res, row, 4, 0);
  f->follow_ups = dbf_pg_i64(res, row, 5, 0);
  f->edits = dbf_pg_i64(res, row, 6, 0);
  f->conf_sum = col_f64(res, row, 7);
  return oom ? dbf_fail(st, DBF_ERR_NOMEM, "out of memory reading field coverage") : DBF_OK;
}

dbf_err dbf_store_analytics_fields(dbf_store *s, int64_t deadline_ms, const dbf_analytics_query *q,
                                   dbf_arena *arena, dbf_analytics_field **out, size_t *n,
                                   dbf_status *st) {
  dbf_buf sql;
  qparams qp;
  dbf_buf_init(&sql, SQL_MAX);
  /* Sessions per template come from analytics_daily over the same rows. */
  dbf_err rc = dbf_buf_appends(&sql, "WITH t AS (SELECT template_slug, sum(sessions) AS sessions "
                                     "FROM analytics_daily");
  if (!rc)
    rc = where_clause(&sql, &qp, q, ROWS_ONE);
  if (!rc)
    rc = dbf_buf_appends(&sql, " GROUP BY 1), f AS (SELECT template_slug, field_key, sum(filled) "
                               "AS filled, sum(asks) AS asks, sum(follow_ups) AS follow_ups, "
                               "sum(edits) AS edits, sum(conf_sum) AS conf_sum "
                               "FROM analytics_field_daily");
  if (!rc)
    rc = where_clause(&sql, &qp, q, ROWS_ONE);
  if (!rc)
    rc = dbf_buf_printf(&sql,
                        " GROUP BY 1, 2) SELECT f.template_slug, f.field_key, f.filled, "
                        "coalesce(t.sessions, 0), f.asks, f.follow_ups, f.edits, f.conf_sum "
                        "FROM f LEFT JOIN t USING (template_slug) "
                        "WHERE f.filled <> 0 OR f.asks <> 0 OR f.edits <> 0 "
                        "ORDER BY 1, 2 LIMIT %d",
                        DBF_ANALYTICS_MAX_GROUPS);
  if (rc)
    rc = dbf_fail(st, rc, "out of memory building the field query");
  else
    rc =
        run_list(s, deadline_ms, q, arena, &sql, &qp, sizeof **out, field_row, (void **)out, n, st);
  dbf_buf_free(&sql);
  return rc;
}

static dbf_err usage_row(void *items, size_t i, const PGresult *res, int row, dbf_arena *a,
                         dbf_status *st) {
  dbf_analytics_usage *u = (dbf_analytics_usage *)items + i;
  bool oom = false;
  u->provider = col_str(a, res, row, 0, &oom);
  u->model = col_str(a, res, row, 1, &oom);
  u->replies = dbf_pg_i64(res, row, 2, 0);
  u->tokens_in = dbf_pg_i64(res, row, 3, 0);
  u->tokens_out = dbf_pg_i64(res, row, 4, 0);
  u->fallbacks = dbf_pg_i64(res, row, 5, 0);
  for (int b = 0; b < DBF_ANALYTICS_HIST; b++) {
    u->latency_hist[b] = dbf_pg_i64(res, row, 6 + b, 0);
    u->first_token_hist[b] = dbf_pg_i64(res, row, 6 + DBF_ANALYTICS_HIST + b, 0);
  }
  return oom ? dbf_fail(st, DBF_ERR_NOMEM, "out of memory reading provider usage") : DBF_OK;
}

dbf_err dbf_store_analytics_usage(dbf_store *s, int64_t deadline_ms, const dbf_analytics_query *q,
                                  dbf_arena *arena, dbf_analytics_usage **out, size_t *n,
                                  dbf_status *st) {
  dbf_buf sql;
  qparams qp;
  dbf_buf_init(&sql, SQL_MAX);
  dbf_err rc = dbf_buf_appends(&sql, "SELECT provider, model, sum(replies), sum(tokens_in), "
                                     "sum(tokens_out), sum(fallbacks)");
  /* Histograms are summed element by element: one sum() per bucket. */
  for (int b = 1; !rc && b <= HIST_SQL_COLS; b++)
    rc = dbf_buf_printf(&sql, ", sum(%s[%d])",
                        b <= DBF_ANALYTICS_HIST ? "latency_hist" : "first_token_hist",
                        b <= DBF_ANALYTICS_HIST ? b : b - DBF_ANALYTICS_HIST);
  if (!rc)
    rc = dbf_buf_appends(&sql, " FROM analytics_usage_daily");
  if (!rc)
    rc = where_clause(&sql, &qp, q, ROWS_ONE);
  if (!rc)
    rc = dbf_buf_printf(&sql, " GROUP BY 1, 2 HAVING sum(replies) > 0 ORDER BY 1, 2 LIMIT %d",
                        DBF_ANALYTICS_MAX_GROUPS);
  if (rc)
    rc = dbf_fail(st, rc, "out of memory building the usage query");
  else
    rc =
        run_list(s, deadline_ms, q, arena, &sql, &qp, sizeof **out, usage_row, (void **)out, n, st);
  dbf_buf_free(&sql);
  return rc;
}

static dbf_err stage_row(void *items, size_t i, const PGresult *res, int row, dbf_arena *a,
                         dbf_status *st) {
  dbf_analytics_stage *p = (dbf_analytics_stage *)items + i;
  bool oom = false;
  p->deal_stage = col_str(a, res, row, 0, &oom);
  p->sessions = dbf_pg_i64(res, row, 1, 0);
  p->positive = dbf_pg_i64(res, row, 2, 0);
  p->neutral = dbf_pg_i64(res, row, 3, 0);
  p->negative = dbf_pg_i64(res, row, 4, 0);
  p->budget = col_f64(res, row, 5);
  return oom ? dbf_fail(st, DBF_ERR_NOMEM, "out of memory reading the pipeline") : DBF_OK;
}

dbf_err dbf_store_analytics_pipeline(dbf_store *s, int64_t deadline_ms,
                                     const dbf_analytics_query *q, dbf_arena *arena,
                                     dbf_analytics_stage **out, size_t *n, dbf_status *st) {
  dbf_buf sql;
  qparams qp;
  dbf_buf_init(&sql, SQL_MAX);
  dbf_err rc = dbf_buf_appends(&sql, "SELECT deal_stage, sum(sessions), sum(positive), "
                                     "sum(neutral), sum(negative), sum(budget) "
                                     "FROM analytics_pipeline_daily");
  if (!rc)
    rc = where_clause(&sql, &qp, q, ROWS_ONE);
  if (!rc)
    rc = dbf_buf_printf(&sql, " GROUP BY 1 HAVING sum(sessions) > 0 ORDER BY 1 LIMIT %d",
                        DBF_ANALYTICS_MAX_GROUPS);
  if (rc)
    rc = dbf_fail(st, rc, "out of memory building the pipeline query");
  else
    rc =
        run_list(s, deadline_ms, q, arena, &sql, &qp, sizeof **out, stage_row, (void **)out, n, st);
  dbf_buf_free(&sql);
  return rc;
}

/* ---- one session ---- */

typedef struct session_args {
  const dbf_store_viewer *who;
  const char *session_id;
  dbf_arena *arena;
  dbf_analytics_session out;
} session_args;

static dbf_err session_tx(dbf_tx *tx, void *arg, dbf_status *st) {
  session_args *a = arg;
  PGresult *res = NULL;
  const char *p[] = {a->who->user_id, a->who->team_id ? a->who->team_id : "",
                     dbf__viewer_scope(a->who), a->session_id};
  /* The visibility rule of store/sessions.c: own, the team's (managers), all (admins). */
  dbf_err rc = dbf_tx_exec(
      tx,
      "SELECT owner_id, team_id, template_slug, state, turns, fields_filled, "
      " cardinality(required_fields), required_filled, asks, follow_ups, edits, replies, "
      " model_replies, fallbacks, "
      " CASE WHEN state = 'completed' AND completed_at IS NOT NULL THEN extract(epoch FROM "
      "  completed_at - coalesce(started_at, created_at)) ELSE 0 END, "
      " coalesce(extract(epoch FROM first_answer_at - coalesce(started_at, created_at)), 0), "
      " conf_sum FROM session_stats WHERE session_id = $4::uuid AND (owner_id = $1 OR "
      " $3::int = 3 OR ($3::int = 2 AND $2 <> '' AND team_id = $2))",
      4, p, &res, st);
  if (rc)
    goto out;
  if (PQntuples(res) != 1) {
    rc = dbf_fail(st, DBF_ERR_NOT_FOUND, "no session '%s'", a->session_id);
    goto out;
  }
  bool oom = false;
  dbf_analytics_session *o = &a->out;
  o->owner_id = col_str(a->arena, res, 0, 0, &oom);
  o->team_id = col_str(a->arena, res, 0, 1, &oom);
  o->template_slug = col_str(a->arena, res, 0, 2, &oom);
  o->state = col_str(a->arena, res, 0, 3, &oom);
  int64_t *ints[] = {&o->turns,         &o->fields_filled, &o->fields_required, &o->required_filled,
                     &o->asks,          &o->follow_ups,    &o->edits,           &o->replies,
                     &o->model_replies, &o->fallbacks};
  for (size_t i = 0; i < sizeof ints / sizeof ints[0]; i++)
    *ints[i] = dbf_pg_i64(res, 0, 4 + (int)i, 0);
  o->duration_s = col_f64(res, 0, 14);
  o->first_answer_s = col_f64(res, 0, 15);
  o->conf_sum = col_f64(res, 0, 16);
  if (oom)
    rc = dbf_fail(st, DBF_ERR_NOMEM, "out of memory reading session figures");
out:
  PQclear(res);
  return rc;
}

dbf_err dbf_store_analytics_session(dbf_store *s, int64_t deadline_ms, const dbf_store_viewer *who,
                                    const char *session_id, dbf_arena *arena,
                                    dbf_analytics_session *out, dbf_status *st) {
  dbf_err rc = dbf__check_viewer(who, st);
  if (rc)
    return rc;
  if (!dbf_uuid_valid(session_id))
    return dbf_fail(st, DBF_ERR_NOT_FOUND, "no session '%.40s'", session_id ? session_id : "");
  session_args a = {.who = who, .session_id = session_id, .arena = arena};
  rc = dbf_store_read(s, deadline_ms, session_tx, &a, st);
  if (!rc)
    *out = a.out;
  return rc;
}

/* ---- the fold ---- */

typedef struct fold_args {
  int batch;
  int folded;
} fold_args;

static dbf_err fold_tx(dbf_tx *tx, void *arg, dbf_status *st) {
  fold_args *a = arg;
  char batch[16];
  snprintf(batch, sizeof batch, "%d", a->batch);
  const char *p[] = {batch};
  PGresult *res = NULL;
  dbf_err rc = dbf_tx_exec(tx, "SELECT analytics_fold($1::integer)", 1, p, &res, st);
  if (rc)
    return rc;
  a->folded = (int)dbf_pg_i64(res, 0, 0, 0);
  PQclear(res);
  return DBF_OK;
}

dbf_err dbf_store_analytics_fold(dbf_store *s, int64_t deadline_ms, int batch, int *folded,
                                 dbf_status *st) {
  fold_args a = {.batch = batch};
  *folded = 0;
  dbf_err rc = dbf_store_tx(s, deadline_ms, fold_tx, &a, st);
  if (!rc)
    *folded = a.folded;
  return rc;
}
