/*
 * exports.c - the reads behind ExportService (docs/export.md): one session
 * with its insights and transcript, the sessions of an export in keyset
 * batches, and the totals report.
 *
 * A many-session export never runs one big query: each batch is its own
 * short read (dbf_store_read) of at most `limit` rows after a (created_at,
 * id) cursor, oldest first, so the server holds one batch at a time, the
 * connection goes back to the pool between batches, and no snapshot or
 * cursor stays open while a slow client reads. Rows created after the
 * export began appear if they sort after the cursor; rows never appear
 * twice. Visibility is the sessions' (sessions.c): viewer parameters $1
 * user, $2 team, $3 scope in every WHERE clause.
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/alloc.h"
#include "store/store_int.h"

/* The viewer may see the row: own, team (managers), or everything (admins). */
#define VISIBLE "(owner_id = $1 OR $3::int = 3 OR ($3::int = 2 AND $2 <> '' AND team_id = $2))"

#define MAX_PARAMS     16
#define MAX_BATCH      1000 /* rows one batch may ask for */
#define MAX_TRANSCRIPT 100000

/* The insights of session row s, oldest first, as a JSON array text. */
#define INSIGHTS_JSON                                                                              \
  "(SELECT coalesce(json_agg(json_build_object('id', i.id::text, 'kind', i.kind, 'text', i.text, " \
  "'confidence', i.confidence, 'status', i.status) ORDER BY i.created_at, i.id), '[]') "           \
  "FROM insights i WHERE i.owner_id = s.owner_id AND i.session_id = s.id)::text"

void dbf_export_row_clear(dbf_export_row *r) {
  if (!r)
    return;
  dbf_session_free(r->session);
  json_decref(r->insights);
  json_decref(r->transcript);
  memset(r, 0, sizeof *r);
}

void dbf_export_batch_free(dbf_export_batch *b) {
  if (!b)
    return;
  for (size_t i = 0; i < b->n; i++)
    dbf_export_row_clear(&b->rows[i]);
  dbf_free(b->rows);
  memset(b, 0, sizeof *b);
}

/* Fills r from row row: the session columns, then the insights JSON at column ncols. */
static dbf_err row_from(const PGresult *res, int row, dbf_export_row *r, dbf_status *st) {
  dbf_err rc = dbf__session_from_row(res, row, &r->session, st);
  if (rc)
    return rc;
  r->insights = dbf_pg_json(res, row, DBF__SESSION_NCOLS);
  if (!json_is_array(r->insights))
    return dbf_fail(st, DBF_ERR_NOMEM, "out of memory reading the insights of session '%s'",
                    r->session->id);
  return DBF_OK;
}

/* ---- one session ---- */

typedef struct one_args {
  const dbf_store_viewer *who;
  const char *id;
  int transcript_limit;
  dbf_export_row row;
} one_args;

static dbf_err one_tx(dbf_tx *tx, void *arg, dbf_status *st) {
  one_args *a = arg;
  PGresult *res = NULL;
  dbf_export_row_clear(&a->row); /* a retried attempt starts over */
  char limit[16];
  snprintf(limit, sizeof limit, "%d", a->transcript_limit + 1);
  const char *p[] = {a->who->user_id, a->who->team_id ? a->who->team_id : "",
                     dbf__viewer_scope(a->who), a->id, limit};
  dbf_err rc =
      dbf_tx_exec(tx,
                  "SELECT " DBF__SESSION_COLS ", " INSIGHTS_JSON ", "
                  " CASE WHEN $5::int > 1 THEN (SELECT coalesce(json_agg(json_build_object("
                  "  'seq', m.seq, 'role', m.role, 'kind', m.kind, 'text', m.text, "
                  "  'create_us', " DBF__US(
                      "m.created_at") ") ORDER BY m.seq), '[]') FROM ("
                                      "  SELECT seq, role, kind, text, created_at FROM messages "
                                      "  WHERE owner_id = s.owner_id AND session_id = s.id "
                                      "  AND kind IN ('question', 'answer', 'note', 'summary') "
                                      "ORDER BY seq LIMIT $5::int) m)::text"
                                      " END "
                                      "FROM sessions s WHERE id = $4::uuid AND " VISIBLE,
                  5, p, &res, st);
  if (rc)
    return rc;
  if (PQntuples(res) != 1) {
    rc = dbf_fail(st, DBF_ERR_NOT_FOUND, "no session '%s'", a->id);
    goto out;
  }
  if ((rc = row_from(res, 0, &a->row, st)))
    goto out;
  if (a->transcript_limit > 0) {
    a->row.transcript = dbf_pg_json(res, 0, DBF__SESSION_NCOLS + 1);
    if (!json_is_array(a->row.transcript)) {
      rc = dbf_fail(st, DBF_ERR_NOMEM, "out of memory reading the transcript of session '%s'",
                    a->id);
      goto out;
    }
    if (json_array_size(a->row.transcript) > (size_t)a->transcript_limit)
      rc = dbf_fail(st, DBF_ERR_TOO_BIG,
                    "session '%s' has more than %d transcript messages, more than one export "
                    "holds; export it without the transcript",
                    a->id, a->transcript_limit);
  }
out:
  PQclear(res);
  return rc;
}

dbf_err dbf_store_export_session(dbf_store *s, int64_t deadline_ms, const dbf_store_viewer *who,
                                 const char *id, int transcript_limit, dbf_export_row *out,
                                 dbf_status *st) {
  memset(out, 0, sizeof *out);
  dbf_err rc = dbf__check_session_ref(who, id, st);
  if (rc)
    return rc;
  if (transcript_limit < 0 || transcript_limit > MAX_TRANSCRIPT)
    return dbf_fail(st, DBF_ERR_INVALID, "transcript_limit must be between 0 and %d, got %d",
                    MAX_TRANSCRIPT, transcript_limit);
  one_args a = {.who = who, .id = id, .transcript_limit = transcript_limit};
  rc = dbf_store_read(s, deadline_ms, one_tx, &a, st);
  if (rc) {
    dbf_export_row_clear(&a.row);
    return rc;
  }
  *out = a.row;
  return DBF_OK;
}

/* ---- the sessions of an export, one batch at a time ---- */

typedef struct query_args {
  const char *sql;
  const char *params[MAX_PARAMS];
  int n_params;
  dbf_export_batch batch;
  json_t *totals;
} query_args;

static dbf_err batch_tx(dbf_tx *tx, void *arg, dbf_status *st) {
  query_args *a = arg;
  PGresult *res = NULL;
  dbf_export_batch_free(&a->batch);
  dbf_err rc = dbf_tx_exec(tx, a->sql, a->n_params, a->params, &res, st);
  if (rc)
    return rc;
  int rows = PQntuples(res);
  if (rows && !(a->batch.rows = dbf_calloc((size_t)rows, sizeof *a->batch.rows))) {
    rc = dbf_fail(st, DBF_ERR_NOMEM, "out of memory reading an export batch");
    goto out;
  }
  for (int i = 0; i < rows; i++) {
    a->batch.n++;
    if ((rc = row_from(res, i, &a->batch.rows[i], st)))
      goto out;
  }
out:
  PQclear(res);
  return rc;
}

/* SELECT ... FROM sessions s WHERE <visible> <filters>: the shared head. */
static dbf_err filtered(dbf_buf *sql, const char *select, const dbf_store_viewer *who,
                        const dbf_session_filter *f, query_args *a, dbf__filter_buf *fb,
                        dbf_status *st) {
  uint64_t fp = DBF__FNV_INIT; /* unused: exports have no page tokens */
  a->params[a->n_params++] = who->user_id;
  a->params[a->n_params++] = who->team_id ? who->team_id : "";
  a->params[a->n_params++] = dbf__viewer_scope(who);
  if (dbf_buf_appends(sql, select) || dbf_buf_appends(sql, " FROM sessions s WHERE " VISIBLE))
    return dbf_fail(st, DBF_ERR_NOMEM, "out of memory building the export query");
  return dbf__session_filter_sql(sql, f, a->params, &a->n_params, fb, &fp, st);
}

dbf_err dbf_store_export_batch(dbf_store *s, int64_t deadline_ms, const dbf_store_viewer *who,
                               const dbf_session_filter *f, dbf_export_cursor *cursor, int limit,
                               dbf_export_batch *out, dbf_status *st) {
  query_args a = {0};
  dbf_buf sql;
  dbf__filter_buf fb;
  char us[24], lim[16];
  dbf_buf_init(&sql, 16 * 1024);
  dbf_buf_init(&fb.states, 256);
  memset(out, 0, sizeof *out);
  dbf_err rc = dbf__check_viewer(who, st);
  if (rc)
    goto out;
  if (limit < 1 || limit > MAX_BATCH) {
    rc = dbf_fail(st, DBF_ERR_INVALID, "an export batch holds 1 to %d rows, got %d", MAX_BATCH,
                  limit);
    goto out;
  }
  if ((rc = filtered(&sql, "SELECT " DBF__SESSION_COLS ", " INSIGHTS_JSON, who, f, &a, &fb, st)))
    goto out;
  if (cursor->id[0]) {
    snprintf(us, sizeof us, "%" PRId64, cursor->create_us);
    rc = dbf_buf_printf(&sql, " AND (created_at, id) > (" DBF__TS("$%d") ", $%d::uuid)",
                        a.n_params + 1, a.n_params + 2);
    a.params[a.n_params++] = us;
    a.params[a.n_params++] = cursor->id;
  }
  snprintf(lim, sizeof lim, "%d", limit);
  if (!rc)
    rc = dbf_buf_printf(&sql, " ORDER BY created_at, id LIMIT $%d::int", a.n_params + 1);
  a.params[a.n_params++] = lim;
  if (rc) {
    rc = dbf_fail(st, rc, "out of memory building the export query");
    goto out;
  }
  DBF_ASSERT(a.n_params <= MAX_PARAMS);
  a.sql = sql.data;
  if ((rc = dbf_store_read(s, deadline_ms, batch_tx, &a, st)))
    goto out;
  if (a.batch.n) {
    const dbf_session *last = a.batch.rows[a.batch.n - 1].session;
    cursor->create_us = last->create_us;
    snprintf(cursor->id, sizeof cursor->id, "%s", last->id);
  }
  *out = a.batch;
  memset(&a.batch, 0, sizeof a.batch);
out:
  dbf_export_batch_free(&a.batch);
  dbf_buf_free(&sql);
  dbf_buf_free(&fb.states);
  return rc;
}

/* ---- totals ---- */

static dbf_err totals_tx(dbf_tx *tx, void *arg, dbf_status *st) {
  query_args *a = arg;
  PGresult *res = NULL;
  json_decref(a->totals);
  a->totals = NULL;
  dbf_err rc = dbf_tx_exec(tx, a->sql, a->n_params, a->params, &res, st);
  if (rc)
    return rc;
  const char *text = dbf_pg_str(res, 0, 0);
  json_error_t err;
  if (PQntuples(res) != 1 || !text || !(a->totals = json_loads(text, 0, &err)))
    rc = dbf_fail(st, DBF_ERR_NOMEM, "out of memory reading the export totals");
  PQclear(res);
  return rc;
}

dbf_err dbf_store_export_totals(dbf_store *s, int64_t deadline_ms, const dbf_store_viewer *who,
                                const dbf_session_filter *f, int max_rows, json_t **out,
                                dbf_status *st) {
  query_args a = {0};
  dbf_buf sql;
  dbf__filter_buf fb;
  char lim[16];
  dbf_buf_init(&sql, 16 * 1024);
  dbf_buf_init(&fb.states, 256);
  *out = NULL;
  dbf_err rc = dbf__check_viewer(who, st);
  if (rc)
    goto out;
  if (max_rows < 1 || max_rows > MAX_BATCH * 10) {
    rc = dbf_fail(st, DBF_ERR_INVALID, "max_rows must be between 1 and %d, got %d", MAX_BATCH * 10,
                  max_rows);
    goto out;
  }
  rc = filtered(&sql,
                "SELECT coalesce(json_agg(t ORDER BY t.template_slug, t.state), '[]')::text "
                "FROM (SELECT template_slug, upper(state) AS state, count(*) AS sessions, "
                " sum(turn_count) AS turns, "
                " round(avg(turn_count), 2)::float8 AS avg_turns, "
                " round(avg(extract(epoch FROM completed_at - started_at)) FILTER "
                "  (WHERE completed_at IS NOT NULL AND started_at IS NOT NULL), 3)::float8 "
                "  AS avg_duration_s, "
                " " DBF__US("min(created_at)") " AS first_create_us, "
                                               " " DBF__US("max(created_at)") " AS last_create_us",
                who, f, &a, &fb, st);
  if (rc)
    goto out;
  snprintf(lim, sizeof lim, "%d", max_rows + 1);
  rc = dbf_buf_printf(&sql,
                      " GROUP BY template_slug, state ORDER BY template_slug, state "
                      "LIMIT $%d::int) t",
                      a.n_params + 1);
  a.params[a.n_params++] = lim;
  if (rc) {
    rc = dbf_fail(st, rc, "out of memory building the export query");
    goto out;
  }
  a.sql = sql.data;
  if ((rc = dbf_store_read(s, deadline_ms, totals_tx, &a, st)))
    goto out;
  if (json_array_size(a.totals) > (size_t)max_rows) {
    rc = dbf_fail(st, DBF_ERR_TOO_BIG,
                  "the totals have more than %d template and state groups; narrow the export "
                  "with template_slug",
                  max_rows);
    goto out;
  }
  *out = a.totals;
  a.totals = NULL;
out:
  json_decref(a.totals);
  dbf_buf_free(&sql);
  dbf_buf_free(&fb.states);
  return rc;
}
