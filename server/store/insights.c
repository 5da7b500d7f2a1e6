/*
 * insights.c - the insights and insight_reviews tables: listing what the
 * interview derived, and recording people's verdicts with an audit trail.
 *
 * Insights are written by the interview itself when a session completes
 * (service/turn.c store_insights); this file only reads and reviews them.
 * Visibility mirrors sessions (store/sessions.c): the viewer parameters are
 * always $1 user, $2 team, $3 scope, and insights carry the session's
 * owner_id and team_id, so the same predicate applies without a join.
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/alloc.h"
#include "store/store_int.h"

/* Microseconds since the epoch, exact (extract returns numeric). */

#define INSIGHT_COLS                                                                               \
  "id::text, session_id::text, owner_id, team_id, kind, text, original_text, status, "             \
  "reviewed_by, confidence, array_to_json(source_fields)::text, version, " DBF__US(                \
      "reviewed_at") ", " DBF__US("created_at")

/* The viewer may see the row: own, team (managers), or everything (admins). */
#define VISIBLE "(owner_id = $1 OR $3::int = 3 OR ($3::int = 2 AND $2 <> '' AND team_id = $2))"

#define MAX_LIST_PAGE    100
#define MAX_REVIEWS      1000
#define LIST_MAX_PARAMS  16
#define MAX_FILTER_ITEMS 8

/* ---- rows ---- */

void dbf_insight_free(dbf_insight *in) {
  if (!in)
    return;
  dbf_free(in->owner_id);
  dbf_free(in->team_id);
  dbf_free(in->kind);
  dbf_free(in->text);
  dbf_free(in->original_text);
  dbf_free(in->status);
  dbf_free(in->reviewed_by);
  for (size_t i = 0; i < in->n_source_fields; i++)
    dbf_free(in->source_fields[i]);
  dbf_free(in->source_fields);
  dbf_free(in);
}

/* The columns of INSIGHT_COLS that list pages are keyed on. */
#define INSIGHT_COL_ID      0
#define INSIGHT_COL_CREATED 13

static dbf_err insight_from_row(const PGresult *res, int row, dbf_insight **out, dbf_status *st) {
  bool oom = false;
  dbf_insight *in = dbf_calloc(1, sizeof *in);
  if (!in)
    return dbf_fail(st, DBF_ERR_NOMEM, "out of memory reading an insight");
  const char *id = dbf_pg_str(res, row, INSIGHT_COL_ID), *sid = dbf_pg_str(res, row, 1);
  snprintf(in->id, sizeof in->id, "%s", id ? id : "");
  snprintf(in->session_id, sizeof in->session_id, "%s", sid ? sid : "");
  in->owner_id = dbf__pg_dup(res, row, 2, &oom);
  in->team_id = dbf__pg_dup(res, row, 3, &oom);
  in->kind = dbf__pg_dup(res, row, 4, &oom);
  in->text = dbf__pg_dup(res, row, 5, &oom);
  in->original_text = dbf__pg_dup(res, row, 6, &oom);
  in->status = dbf__pg_dup(res, row, 7, &oom);
  if (dbf_pg_str(res, row, 8) && !(in->reviewed_by = dbf_strdup(dbf_pg_str(res, row, 8))))
    oom = true;
  const char *conf = dbf_pg_str(res, row, 9);
  char *end = NULL;
  in->confidence = conf ? strtod(conf, &end) : 0;
  if (conf && (end == conf || *end))
    in->confidence = 0; /* cannot happen for a float8 column; never trust it blindly */
  json_t *sf = dbf_pg_json(res, row, 10);
  size_t n = json_array_size(sf);
  if (n && !(in->source_fields = dbf_calloc(n, sizeof *in->source_fields)))
    oom = true;
  for (size_t i = 0; !oom && i < n; i++) {
    const char *v = json_string_value(json_array_get(sf, i));
    if (!(in->source_fields[i] = dbf_strdup(v ? v : "")))
      oom = true;
    else
      in->n_source_fields++;
  }
  json_decref(sf);
  in->version = dbf_pg_i64(res, row, 11, 0);
  in->review_us = dbf_pg_i64(res, row, 12, 0);
  in->create_us = dbf_pg_i64(res, row, INSIGHT_COL_CREATED, 0);
  if (oom) {
    dbf_insight_free(in);
    return dbf_fail(st, DBF_ERR_NOMEM, "out of memory reading an insight");
  }
  *out = in;
  return DBF_OK;
}

/* ---- list ---- */

void dbf_insight_page_free(dbf_insight_page *p) {
  if (!p)
    return;
  for (size_t i = 0; i < p->n; i++)
    dbf_insight_free(p->items[i]);
  dbf_free(p->items);
  dbf_free(p->next_page_token);
  memset(p, 0, sizeof *p);
}

typedef struct list_args {
  const dbf_store_viewer *who;
  const char *session_id; /* checked for visibility first when set */
  const char *sql;
  const char *params[LIST_MAX_PARAMS];
  int n_params;
  int page_size;
  uint64_t fingerprint;
  dbf_insight_page page;
} list_args;

static dbf_err list_row(PGresult *res, int i, int kept, void *arg, dbf_status *st) {
  dbf_insight_page *p = arg;
  if (i == 0 && !(p->items = dbf_calloc((size_t)kept, sizeof *p->items)))
    return dbf_fail(st, DBF_ERR_NOMEM, "out of memory listing insights");
  dbf_err rc = insight_from_row(res, i, &p->items[i], st);
  if (!rc)
    p->n++;
  return rc;
}

static dbf_err list_tx(dbf_tx *tx, void *arg, dbf_status *st) {
  list_args *a = arg;
  PGresult *res = NULL;
  dbf_err rc;
  dbf_insight_page_free(&a->page);
  if (a->session_id) {
    /* An invisible session is NOT_FOUND, exactly like a missing one. */
    const char *p[] = {a->who->user_id, a->who->team_id ? a->who->team_id : "",
                       dbf__viewer_scope(a->who), a->session_id};
    rc = dbf_tx_exec(tx, "SELECT 1 FROM sessions WHERE id = $4::uuid AND " VISIBLE, 4, p, &res, st);
    if (rc)
      return rc;
    bool found = PQntuples(res) == 1;
    PQclear(res);
    if (!found)
      return dbf_fail(st, DBF_ERR_NOT_FOUND, "no session '%s'", a->session_id);
  }
  return dbf__keyset_read(tx, a->sql, a->n_params, a->params, a->page_size, "i", a->fingerprint,
                          INSIGHT_COL_CREATED, INSIGHT_COL_ID, list_row, &a->page,
                          &a->page.next_page_token, st);
}

/* Appends "{a,b}" of known-safe database names (validated by the caller). */
static dbf_err name_array(dbf_buf *b, const char *const *v, size_t n) {
  dbf_err rc = dbf_buf_appends(b, "{");
  for (size_t i = 0; !rc && i < n; i++)
    rc = dbf_buf_printf(b, "%s%s", i ? "," : "", v[i]);
  return rc ? rc : dbf_buf_appends(b, "}");
}

static bool is_one_of(const char *s, const char *const *allowed) {
  for (; s && *allowed; allowed++)
    if (!strcmp(s, *allowed))
      return true;
  return false;
}

static const char *const kind_names[] = {"risk", "opportunity", "next_step", "coaching", NULL};
static const char *const status_names[] = {"proposed", "accepted", "rejected", "edited", NULL};

dbf_err dbf_store_insight_list(dbf_store *s, int64_t deadline_ms, const dbf_store_viewer *who,
                               const dbf_insight_filter *f, dbf_insight_page *out, dbf_status *st) {
  dbf_err rc = dbf__check_viewer(who, st);
  list_args a = {.who = who};
  dbf_buf sql, statuses, kinds;
  dbf__keyset_buf kb;
  dbf_buf_init(&sql, 8 * 1024);
  dbf_buf_init(&statuses, 256);
  dbf_buf_init(&kinds, 256);
  memset(out, 0, sizeof *out);
  if (rc)
    goto out;
  if (f->page_size < 1 || f->page_size > MAX_LIST_PAGE) {
    rc = dbf_fail(st, DBF_ERR_INVALID, "page_size must be between 1 and %d, got %d", MAX_LIST_PAGE,
                  f->page_size);
    goto out;
  }
  if (f->n_statuses > MAX_FILTER_ITEMS || f->n_kinds > MAX_FILTER_ITEMS) {
    rc = dbf_fail(st, DBF_ERR_INVALID, "at most %d statuses and %d kinds may be given",
                  MAX_FILTER_ITEMS, MAX_FILTER_ITEMS);
    goto out;
  }
  for (size_t i = 0; i < f->n_statuses; i++)
    if (!is_one_of(f->statuses[i], status_names)) {
      rc = dbf_fail(st, DBF_ERR_INVALID, "statuses[%zu] is not a known insight status", i);
      goto out;
    }
  for (size_t i = 0; i < f->n_kinds; i++)
    if (!is_one_of(f->kinds[i], kind_names)) {
      rc = dbf_fail(st, DBF_ERR_INVALID, "kinds[%zu] is not a known insight kind", i);
      goto out;
    }
  bool one_session = f->session_id && *f->session_id;
  if (one_session && !dbf_uuid_valid(f->session_id)) {
    rc = dbf_fail(st, DBF_ERR_NOT_FOUND, "no session '%.40s'", f->session_id);
    goto out;
  }
  const char *team = who->team_id ? who->team_id : "";
  a.params[a.n_params++] = who->user_id;
  a.params[a.n_params++] = team;
  a.params[a.n_params++] = dbf__viewer_scope(who);
  a.page_size = f->page_size;
  a.session_id = one_session ? f->session_id : NULL;

  uint64_t fp = DBF__FNV_INIT;
  fp = dbf__fnv1a(fp, who->user_id);
  fp = dbf__fnv1a(fp, team);
  fp = dbf__fnv1a(fp, dbf__viewer_scope(who));
  fp = dbf__fnv1a(fp, one_session ? f->session_id : "");

  rc = dbf_buf_appends(&sql, "SELECT " INSIGHT_COLS " FROM insights WHERE " VISIBLE);
  if (!rc && one_session) {
    rc = dbf_buf_printf(&sql, " AND session_id = $%d::uuid", a.n_params + 1);
    a.params[a.n_params++] = f->session_id;
  }
  if (!rc && f->n_statuses) {
    rc = name_array(&statuses, f->statuses, f->n_statuses);
    if (!rc)
      rc = dbf_buf_printf(&sql, " AND status = ANY($%d::text[])", a.n_params + 1);
    a.params[a.n_params++] = statuses.data;
  }
  fp = dbf__fnv1a(fp, statuses.data);
  if (!rc && f->n_kinds) {
    rc = name_array(&kinds, f->kinds, f->n_kinds);
    if (!rc)
      rc = dbf_buf_printf(&sql, " AND kind = ANY($%d::text[])", a.n_params + 1);
    a.params[a.n_params++] = kinds.data;
  }
  fp = dbf__fnv1a(fp, kinds.data);
  a.fingerprint = fp;
  if (rc) {
    rc = dbf_fail(st, rc, "out of memory building the insight query");
    goto out;
  }
  rc = dbf__keyset_tail(&sql, f->page_token, "i", fp, f->page_size, a.params, &a.n_params, &kb, st);
  if (rc)
    goto out;
  DBF_ASSERT(a.n_params <= LIST_MAX_PARAMS);
  a.sql = sql.data;
  rc = dbf_store_tx(s, deadline_ms, list_tx, &a, st);
  if (rc)
    goto out;
  *out = a.page;
  memset(&a.page, 0, sizeof a.page);
out:
  dbf_insight_page_free(&a.page);
  dbf_buf_free(&sql);
  dbf_buf_free(&statuses);
  dbf_buf_free(&kinds);
  return rc;
}

/* ---- review ---- */

static const char *const action_db[] = {
    [DBF_REVIEW_ACCEPT] = "accept", [DBF_REVIEW_REJECT] = "reject", [DBF_REVIEW_EDIT] = "edit"};
static const char *const action_status[] = {[DBF_REVIEW_ACCEPT] = "accepted",
                                            [DBF_REVIEW_REJECT] = "rejected",
                                            [DBF_REVIEW_EDIT] = "edited"};

typedef struct review_args {
  const dbf_store_viewer *who;
  const dbf_insight_review_in *in;
  dbf_insight *out;
} review_args;

/*
 * Who may review is decided here rather than in SQL so that the two
 * answers differ: a viewer who cannot see the insight learns nothing
 * (NOT_FOUND), one who can see it but may not review it is told so.
 * Today every viewer who can see an insight may also review it (the owner,
 * a manager of the session's team, an admin); the separate check keeps the
 * rule explicit should visibility ever widen (e.g. read-only auditors).
 */
static bool may_see(const dbf_store_viewer *who, const dbf_insight *in) {
  const char *team = who->team_id ? who->team_id : "";
  return !strcmp(in->owner_id, who->user_id) || who->scope == DBF_SCOPE_ALL ||
         (who->scope == DBF_SCOPE_TEAM && *team && !strcmp(in->team_id, team));
}

static bool may_review(const dbf_store_viewer *who, const dbf_insight *in) {
  const char *team = who->team_id ? who->team_id : "";
  bool is_manager = who->role && !strcmp(who->role, "manager");
  bool is_admin = who->scope == DBF_SCOPE_ALL;
  return !strcmp(in->owner_id, who->user_id) || is_admin ||
         (is_manager && who->scope == DBF_SCOPE_TEAM && *team && !strcmp(in->team_id, team));
}

static dbf_err review_tx(dbf_tx *tx, void *arg, dbf_status *st) {
  review_args *a = arg;
  const dbf_insight_review_in *in = a->in;
  PGresult *res = NULL;
  dbf_insight *cur = NULL;
  dbf_insight_free(a->out); /* a retried attempt starts over */
  a->out = NULL;
  const char *p[] = {in->insight_id};
  /* Locked by id alone (insights_id_idx); visibility is checked in C below. */
  dbf_err rc = dbf_tx_exec(
      tx, "SELECT " INSIGHT_COLS " FROM insights WHERE id = $1::uuid FOR UPDATE", 1, p, &res, st);
  if (rc)
    goto out;
  if (PQntuples(res) != 1) {
    rc = dbf_fail(st, DBF_ERR_NOT_FOUND, "no insight '%s'", in->insight_id);
    goto out;
  }
  rc = insight_from_row(res, 0, &cur, st);
  PQclear(res);
  res = NULL;
  if (rc)
    goto out;
  if (!may_see(a->who, cur)) {
    rc = dbf_fail(st, DBF_ERR_NOT_FOUND, "no insight '%s'", in->insight_id);
    goto out;
  }
  if (!may_review(a->who, cur)) {
    rc = dbf_fail(st, DBF_ERR_PERMISSION,
                  "only the session owner, a manager of its team or an admin can review insight "
                  "%s",
                  cur->id);
    goto out;
  }
  const char *new_text = in->action == DBF_REVIEW_EDIT ? in->edited_text : cur->text;
  const char *up[] = {cur->owner_id, cur->id,         action_status[in->action],
                      new_text,      a->who->user_id, action_db[in->action],
                      cur->status,   cur->text,       in->note ? in->note : ""};
  /* The update and its audit row commit together, or neither does. */
  rc = dbf_tx_exec(tx,
                   "WITH u AS (UPDATE insights SET status = $3, text = $4, reviewed_by = $5, "
                   " reviewed_at = now(), version = version + 1 "
                   " WHERE owner_id = $1 AND id = $2::uuid RETURNING " INSIGHT_COLS "), "
                   "r AS (INSERT INTO insight_reviews (owner_id, insight_id, reviewer_id, "
                   " action, old_status, new_status, old_text, new_text, note) "
                   " SELECT $1, $2::uuid, $5, $6, $7, $3, $8, $4, $9 FROM u) "
                   "SELECT * FROM u",
                   9, up, &res, st);
  if (rc)
    goto out;
  rc = PQntuples(res) == 1 ? insight_from_row(res, 0, &a->out, st)
                           : dbf_fail(st, DBF_ERR_INTERNAL, "locked insight %s vanished", cur->id);
out:
  PQclear(res);
  dbf_insight_free(cur);
  return rc;
}

dbf_err dbf_store_insight_review(dbf_store *s, int64_t deadline_ms, const dbf_store_viewer *who,
                                 const dbf_insight_review_in *in, dbf_insight **out,
                                 dbf_status *st) {
  dbf_err rc = dbf__check_viewer(who, st);
  if (rc)
    return rc;
  if (!in || in->action < DBF_REVIEW_ACCEPT || in->action > DBF_REVIEW_EDIT)
    return dbf_fail(st, DBF_ERR_INVALID, "unknown review action");
  if (in->action == DBF_REVIEW_EDIT && (!in->edited_text || !*in->edited_text))
    return dbf_fail(st, DBF_ERR_INVALID, "edited_text is required to edit an insight");
  if (!dbf_uuid_valid(in->insight_id))
    return dbf_fail(st, DBF_ERR_NOT_FOUND, "no insight '%.40s'",
                    in->insight_id ? in->insight_id : "");
  review_args a = {.who = who, .in = in};
  rc = dbf_store_tx(s, deadline_ms, review_tx, &a, st);
  if (rc) {
    dbf_insight_free(a.out);
    return rc;
  }
  *out = a.out;
  return DBF_OK;
}

/* ---- audit trail ---- */

void dbf_insight_review_list_free(dbf_insight_review_list *l) {
  if (!l)
    return;
  for (size_t i = 0; i < l->n; i++) {
    dbf_insight_review *r = &l->items[i];
    dbf_free(r->reviewer_id);
    dbf_free(r->action);
    dbf_free(r->old_status);
    dbf_free(r->new_status);
    dbf_free(r->old_text);
    dbf_free(r->new_text);
    dbf_free(r->note);
  }
  dbf_free(l->items);
  memset(l, 0, sizeof *l);
}

typedef struct reviews_args {
  const dbf_store_viewer *who;
  const char *insight_id;
  dbf_insight_review_list list;
} reviews_args;

static dbf_err reviews_tx(dbf_tx *tx, void *arg, dbf_status *st) {
  reviews_args *a = arg;
  PGresult *res = NULL;
  dbf_insight_review_list_free(&a->list);
  char limit[16];
  snprintf(limit, sizeof limit, "%d", MAX_REVIEWS);
  const char *p[] = {a->who->user_id, a->who->team_id ? a->who->team_id : "",
                     dbf__viewer_scope(a->who), a->insight_id};
  dbf_err rc =
      dbf_tx_exec(tx, "SELECT 1 FROM insights WHERE id = $4::uuid AND " VISIBLE, 4, p, &res, st);
  if (rc)
    return rc;
  bool found = PQntuples(res) == 1;
  PQclear(res);
  res = NULL;
  if (!found)
    return dbf_fail(st, DBF_ERR_NOT_FOUND, "no insight '%s'", a->insight_id);
  /* id is an identity, so it orders the trail by insertion: oldest first. */
  const char *q[] = {a->insight_id, limit};
  rc = dbf_tx_exec(
      tx,
      "SELECT reviewer_id, action, old_status, new_status, old_text, new_text, "
      " note, " DBF__US("created_at") " FROM insight_reviews WHERE insight_id = $1::uuid "
                                      "ORDER BY id LIMIT $2::int",
      2, q, &res, st);
  if (rc)
    return rc;
  int n = PQntuples(res);
  if (n && !(a->list.items = dbf_calloc((size_t)n, sizeof *a->list.items))) {
    rc = dbf_fail(st, DBF_ERR_NOMEM, "out of memory listing reviews");
    goto out;
  }
  for (int i = 0; i < n; i++) {
    bool oom = false;
    dbf_insight_review *r = &a->list.items[i];
    a->list.n++;
    r->reviewer_id = dbf__pg_dup(res, i, 0, &oom);
    r->action = dbf__pg_dup(res, i, 1, &oom);
    r->old_status = dbf__pg_dup(res, i, 2, &oom);
    r->new_status = dbf__pg_dup(res, i, 3, &oom);
    r->old_text = dbf__pg_dup(res, i, 4, &oom);
    r->new_text = dbf__pg_dup(res, i, 5, &oom);
    r->note = dbf__pg_dup(res, i, 6, &oom);
    r->create_us = dbf_pg_i64(res, i, 7, 0);
    if (oom) {
      rc = dbf_fail(st, DBF_ERR_NOMEM, "out of memory listing reviews");
      goto out;
    }
  }
out:
  PQclear(res);
  return rc;
}

dbf_err dbf_store_insight_reviews(dbf_store *s, int64_t deadline_ms, const dbf_store_viewer *who,
                                  const char *insight_id, dbf_insight_review_list *out,
                                  dbf_status *st) {
  dbf_err rc = dbf__check_viewer(who, st);
  memset(out, 0, sizeof *out);
  if (rc)
    return rc;
  if (!dbf_uuid_valid(insight_id))
    return dbf_fail(st, DBF_ERR_NOT_FOUND, "no insight '%.40s'", insight_id ? insight_id : "");
  reviews_args a = {.who = who, .insight_id = insight_id};
  rc = dbf_store_tx(s, deadline_ms, reviews_tx, &a, st);
  if (rc) {
    dbf_insight_review_list_free(&a.list);
    return rc;
  }
  *out = a.list;
  return DBF_OK;
}
