/*
 * notifications.c - reading the notifications table: a user's feed, and
 * the "everything after id N" scans that WatchNotifications and the
 * notification hub (service/notify_hub.c) use.
 *
 * Rows are written by the interview steps (service/turn.c notify) together
 * with pg_notify('debrief_notifications', '<user_id>:<id>'), so this file
 * only reads. Every query is scoped to one user id: a notification is only
 * ever visible to the user it was written for.
 */
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "core/alloc.h"
#include "store/store_int.h"

#define NOTIFICATION_COLS                                                                          \
  "id, kind, coalesce(session_id::text, ''), text, data, " DBF__US("created_at")

#define MAX_LIST_PAGE  100
#define MAX_AFTER_PAGE 500
#define MAX_KINDS      8

static const char *const kind_names[] = {"inactivity_warning", "session_expiring",
                                         "session_expired",    "session_completed",
                                         "insights_ready",     NULL};

static dbf_err check_user(const char *user_id, dbf_status *st) {
  if (!user_id || !*user_id)
    return dbf_fail(st, DBF_ERR_UNAUTHENTICATED, "no caller identity");
  return DBF_OK;
}

void dbf_notification_page_free(dbf_notification_page *p) {
  if (!p)
    return;
  for (size_t i = 0; i < p->n; i++) {
    dbf_free(p->items[i].kind);
    dbf_free(p->items[i].text);
    json_decref(p->items[i].data);
  }
  dbf_free(p->items);
  dbf_free(p->next_page_token);
  memset(p, 0, sizeof *p);
}

/* Fills page->items from res rows [0, keep). */
static dbf_err rows_to_page(const PGresult *res, size_t keep, dbf_notification_page *page,
                            dbf_status *st) {
  if (keep && !(page->items = dbf_calloc(keep, sizeof *page->items)))
    return dbf_fail(st, DBF_ERR_NOMEM, "out of memory reading notifications");
  for (size_t i = 0; i < keep; i++) {
    dbf_notification *n = &page->items[i];
    int row = (int)i;
    page->n++;
    n->id = dbf_pg_i64(res, row, 0, 0);
    const char *kind = dbf_pg_str(res, row, 1), *sid = dbf_pg_str(res, row, 2),
               *text = dbf_pg_str(res, row, 3);
    n->kind = dbf_strdup(kind ? kind : "");
    snprintf(n->session_id, sizeof n->session_id, "%s", sid ? sid : "");
    n->text = dbf_strdup(text ? text : "");
    n->data = dbf_pg_json(res, row, 4);
    if (!json_is_object(n->data)) {
      json_decref(n->data);
      n->data = json_object();
    }
    n->create_us = dbf_pg_i64(res, row, 5, 0);
    if (!n->kind || !n->text || !n->data)
      return dbf_fail(st, DBF_ERR_NOMEM, "out of memory reading notifications");
  }
  return DBF_OK;
}

/* ---- the feed, newest first ---- */

typedef struct list_args {
  const char *user_id;
  const char *before; /* exclusive id bound from the page token, or NULL */
  int page_size;
  uint64_t fingerprint;
  dbf_notification_page page;
} list_args;

static dbf_err list_tx(dbf_tx *tx, void *arg, dbf_status *st) {
  list_args *a = arg;
  PGresult *res = NULL;
  char limit[16];
  dbf_notification_page_free(&a->page);
  snprintf(limit, sizeof limit, "%d", a->page_size + 1); /* one extra: is there a next page? */
  const char *p[] = {a->user_id, limit, a->before};
  dbf_err rc = dbf_tx_exec(tx,
                           "SELECT " NOTIFICATION_COLS " FROM notifications WHERE user_id = $1 "
                           "AND ($3::bigint IS NULL OR id < $3::bigint) "
                           "ORDER BY id DESC LIMIT $2::int",
                           3, p, &res, st);
  if (rc)
    return rc;
  int rows = PQntuples(res);
  size_t keep = rows > a->page_size ? (size_t)a->page_size : (size_t)rows;
  rc = rows_to_page(res, keep, &a->page, st);
  if (!rc && rows > a->page_size) {
    char id[24];
    snprintf(id, sizeof id, "%" PRId64, a->page.items[keep - 1].id);
    a->page.next_page_token = dbf__page_token_encode("n", a->fingerprint, id, "");
    if (!a->page.next_page_token)
      rc = dbf_fail(st, DBF_ERR_NOMEM, "out of memory making a page token");
  }
  PQclear(res);
  return rc;
}

dbf_err dbf_store_notification_list(dbf_store *s, int64_t deadline_ms, const char *user_id,
                                    int page_size, const char *page_token,
                                    dbf_notification_page *out, dbf_status *st) {
  dbf_err rc = check_user(user_id, st);
  memset(out, 0, sizeof *out);
  if (rc)
    return rc;
  if (page_size < 1 || page_size > MAX_LIST_PAGE)
    return dbf_fail(st, DBF_ERR_INVALID, "page_size must be between 1 and %d, got %d",
                    MAX_LIST_PAGE, page_size);
  list_args a = {.user_id = user_id, .page_size = page_size};
  /* Bound to the user: another user's token is rejected, not silently reused. */
  a.fingerprint = dbf__fnv1a(DBF__FNV_INIT, user_id);
  char before[24], unused[8];
  if (page_token && *page_token) {
    rc = dbf__page_token_decode(page_token, "n", a.fingerprint, before, sizeof before, unused,
                                sizeof unused, st);
    if (rc)
      return rc;
    int64_t id;
    if (dbf_parse_i64(before, 1, INT64_MAX, &id))
      return dbf_fail(st, DBF_ERR_INVALID, "page_token is not valid; omit it to start over");
    a.before = before;
  }
  rc = dbf_store_read(s, deadline_ms, list_tx, &a, st);
  if (rc) {
    dbf_notification_page_free(&a.page);
    return rc;
  }
  *out = a.page;
  return DBF_OK;
}

/* ---- scans for WatchNotifications ---- */

typedef struct after_args {
  const char *params[5];
  dbf_notification_page page;
} after_args;

static dbf_err after_tx(dbf_tx *tx, void *arg, dbf_status *st) {
  after_args *a = arg;
  PGresult *res = NULL;
  dbf_notification_page_free(&a->page);
  /* $4 > 0 asks for one id (a late commit below the watcher's high-water mark). */
  dbf_err rc = dbf_tx_exec(tx,
                           "SELECT " NOTIFICATION_COLS " FROM notifications WHERE user_id = $1 "
                           "AND CASE WHEN $4::bigint > 0 THEN id = $4::bigint "
                           " ELSE id > $2::bigint END "
                           "AND ($3::text[] IS NULL OR kind = ANY($3::text[])) "
                           "ORDER BY id LIMIT $5::int",
                           5, a->params, &res, st);
  if (rc)
    return rc;
  rc = rows_to_page(res, (size_t)PQntuples(res), &a->page, st);
  PQclear(res);
  return rc;
}

dbf_err dbf_store_notification_after(dbf_store *s, int64_t deadline_ms, const char *user_id,
                                     int64_t after_id, int64_t only_id, const char *const *kinds,
                                     size_t n_kinds, int limit, dbf_notification_page *out,
                                     dbf_status *st) {
  dbf_err rc = check_user(user_id, st);
  memset(out, 0, sizeof *out);
  if (rc)
    return rc;
  if (limit < 1 || limit > MAX_AFTER_PAGE)
    return dbf_fail(st, DBF_ERR_INVALID, "limit must be between 1 and %d, got %d", MAX_AFTER_PAGE,
                    limit);
  if (n_kinds > MAX_KINDS)
    return dbf_fail(st, DBF_ERR_INVALID, "at most %d kinds may be given", MAX_KINDS);
  dbf_buf karr;
  dbf_buf_init(&karr, 512);
  for (size_t i = 0; !rc && i < n_kinds; i++) {
    bool known = false;
    for (const char *const *k = kind_names; *k; k++)
      known = known || (kinds[i] && !strcmp(kinds[i], *k));
    if (!known)
      rc = dbf_fail(st, DBF_ERR_INVALID, "kinds[%zu] is not a known notification kind", i);
    else if ((rc = dbf_buf_printf(&karr, "%s%s", i ? "," : "{", kinds[i])))
      rc = dbf_fail(st, rc, "out of memory");
  }
  if (!rc && n_kinds && (rc = dbf_buf_appends(&karr, "}")))
    rc = dbf_fail(st, rc, "out of memory");
  if (rc) {
    dbf_buf_free(&karr);
    return rc;
  }
  char after[24], only[24], lim[16];
  snprintf(after, sizeof after, "%" PRId64, after_id);
  snprintf(only, sizeof only, "%" PRId64, only_id);
  snprintf(lim, sizeof lim, "%d", limit);
  after_args a = {.params = {user_id, after, n_kinds ? karr.data : NULL, only, lim}};
  rc = dbf_store_read(s, deadline_ms, after_tx, &a, st);
  dbf_buf_free(&karr);
  if (rc) {
    dbf_notification_page_free(&a.page);
    return rc;
  }
  *out = a.page;
  return DBF_OK;
}

typedef struct max_args {
  const char *user_id;
  int64_t max;
} max_args;

static dbf_err max_tx(dbf_tx *tx, void *arg, dbf_status *st) {
  max_args *a = arg;
  PGresult *res = NULL;
  const char *p[] = {a->user_id};
  dbf_err rc = dbf_tx_exec(tx, "SELECT coalesce(max(id), 0) FROM notifications WHERE user_id = $1",
                           1, p, &res, st);
  if (!rc)
    a->max = dbf_pg_i64(res, 0, 0, 0);
  PQclear(res);
  return rc;
}

dbf_err dbf_store_notification_max_id(dbf_store *s, int64_t deadline_ms, const char *user_id,
                                      int64_t *out, dbf_status *st) {
  dbf_err rc = check_user(user_id, st);
  if (rc)
    return rc;
  max_args a = {.user_id = user_id};
  rc = dbf_store_read(s, deadline_ms, max_tx, &a, st);
  if (!rc)
    *out = a.max;
  return rc;
}
