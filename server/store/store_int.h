/*
 * store_int.h - internals shared by the files of server/store/ only.
 *
 * Names that cross files here use the dbf__ prefix (docs/conventions.md rule 1).
 */
#ifndef DBF_STORE_STORE_INT_H
#define DBF_STORE_STORE_INT_H

#include <stdint.h>

#include "core/buf.h"
#include "core/config.h"
#include "store/store.h"

/* SQL fragments: a timestamptz column as microseconds since the epoch
   (exact: extract returns numeric), and the inverse for a parameter. */
#define DBF__US(col)   "(extract(epoch FROM " col ") * 1000000)::bigint"
#define DBF__TS(param) "('epoch'::timestamptz + (" param ")::bigint * interval '1 microsecond')"

/*
 * Appends the newest-first keyset tail of a list over (created_at, id): the
 * bound decoded from page_token (its kind and filter fingerprint checked;
 * DBF_ERR_INVALID otherwise), ORDER BY, and LIMIT page_size + 1 (the extra
 * row tells whether a next page exists). The values are appended to
 * params[*n]; they point into buf, which must outlive the query.
 */
typedef struct dbf__keyset_buf {
  char us[24], id[40], limit[16];
} dbf__keyset_buf;
dbf_err dbf__keyset_tail(dbf_buf *sql, const char *page_token, const char *kind,
                         uint64_t fingerprint, int page_size, const char **params, int *n,
                         dbf__keyset_buf *buf, dbf_status *st);

/*
 * Runs a list query whose tail dbf__keyset_tail built and hands each of its
 * first page_size rows to row(res, i, kept, page, st), where kept is how
 * many rows the page keeps (row allocates the page's items on i == 0).
 * When the query returned the extra row, *next_token (dbf_free) continues
 * after the last kept row, whose created_at microseconds and id are in
 * columns us_col and id_col.
 */
typedef dbf_err (*dbf__page_row_fn)(PGresult *res, int i, int kept, void *page, dbf_status *st);
dbf_err dbf__keyset_read(dbf_tx *tx, const char *sql, int n_params, const char *const *params,
                         int page_size, const char *kind, uint64_t fingerprint, int us_col,
                         int id_col, dbf__page_row_fn row, void *page, char **next_token,
                         dbf_status *st);

/*
 * The viewer's scope as the SQL visibility clauses take it ($3 in
 * "owner_id = $1 OR $3::int = 3 OR ($3::int = 2 AND team_id = $2)"):
 * "1" own, "2" team, "3" all. Static string.
 */
const char *dbf__viewer_scope(const dbf_store_viewer *who);
/* DBF_ERR_UNAUTHENTICATED unless who names a caller. */
dbf_err dbf__check_viewer(const dbf_store_viewer *who, dbf_status *st);
/* The same, and DBF_ERR_NOT_FOUND "no session '<id>'" unless id is a UUID
   (sessions.c): a malformed id names no session the viewer may see. */
dbf_err dbf__check_session_ref(const dbf_store_viewer *who, const char *id, dbf_status *st);

/* The channel of the pg_notify sent with every new notification (turns.c)
   and LISTENed to by the notification hub (listen.c). */
#define DBF_NOTIFY_CHANNEL "debrief_notifications"

/*
 * The columns of a session row in the order dbf__session_from_row reads
 * them. The one definition of the row: sessions.c and turns.c both select
 * it, and a query may append its own columns after it (from index
 * DBF__SESSION_NCOLS on).
 */
/* clang-format cannot lay out string pieces between macro calls. */
/* clang-format off */
#define DBF__SESSION_COLS                                                                          \
  "id::text, template_slug, template_version, owner_id, team_id, subject_kind, subject_key, "      \
  "subject_title, subject_attributes, state, "                                                     \
  DBF__US("created_at") ", " DBF__US("updated_at") ", " DBF__US("started_at") ", "                 \
  DBF__US("completed_at") ", " DBF__US("last_activity_at") ", " DBF__US("expires_at") ", "         \
  "turn_count, version, last_seq, plan_state, record, summary, pending_question, "                 \
  "array_to_json(context_session_ids)::text, end_reason"
/* clang-format on */
#define DBF__SESSION_NCOLS 25

/*
 * Appends the " AND ..." clauses of a session filter (states, template,
 * subject key, owner, creation range; not the page fields) to sql, with
 * their values at params[*n] onwards, and chains them into *fp (a page
 * token's fingerprint). The values point into fb: the caller initialises
 * fb->states (dbf_buf_init) and frees it whatever the outcome (sessions.c,
 * used by the session list and the exports).
 */
typedef struct dbf__filter_buf {
  char after[24], before[24];
  dbf_buf states;
} dbf__filter_buf;
dbf_err dbf__session_filter_sql(dbf_buf *sql, const dbf_session_filter *f, const char **params,
                                int *n, dbf__filter_buf *fb, uint64_t *fp, dbf_status *st);

/* A new dbf_session from row row of a DBF__SESSION_COLS result. */
dbf_err dbf__session_from_row(const PGresult *res, int row, dbf_session **out, dbf_status *st);
/* The database name of a state ("active"); "" for an unknown one. Static. */
const char *dbf__session_state_db(dbf_session_state s);

/* Accessors for the settings the table files need. Borrowed. */
const char *dbf__store_data_dir(const dbf_store *s);
int64_t dbf__store_session_timeout_s(const dbf_store *s);

/*
 * Runs fn on a dedicated pooled connection outside any transaction (for
 * migrations, which take a session-level advisory lock and run files with
 * several statements). No retries.
 */
typedef dbf_err (*dbf__conn_fn)(PGconn *conn, void *arg, dbf_status *st);
dbf_err dbf__store_with_conn(dbf_store *s, int64_t deadline_ms, dbf__conn_fn fn, void *arg,
                             dbf_status *st);

/* A dbf_strdup of the column's text ("" for NULL); sets *oom when it fails. */
char *dbf__pg_dup(const PGresult *res, int row, int col, bool *oom);

/* Fills st from a failed PGresult/connection with the same mapping as dbf_tx_exec. */
dbf_err dbf__pg_fail(PGconn *conn, const PGresult *res, const char *what, dbf_status *st);

/*
 * Opaque page tokens: base64url of "<kind>|<fingerprint hex>|<a>|<b>". The
 * fingerprint binds a token to the query that produced it. a and b must not
 * contain '|'. Returns a new string (dbf_free) or NULL on OOM.
 */
char *dbf__page_token_encode(const char *kind, uint64_t fingerprint, const char *a, const char *b);
/*
 * Decodes and checks a token: kind and fingerprint must match. On success a
 * and b receive NUL-terminated copies (each truncated fields are an error).
 * DBF_ERR_INVALID with an actionable message otherwise.
 */
dbf_err dbf__page_token_decode(const char *token, const char *kind, uint64_t fingerprint, char *a,
                               size_t a_len, char *b, size_t b_len, dbf_status *st);

/*
 * Appends the compact JSON text of j to b (which must be empty), so that
 * JSON parameters use the project's capped buffers and allocator. NULL j
 * leaves b empty. DBF_ERR_TOO_BIG past b's cap.
 */
dbf_err dbf__json_text(const json_t *j, dbf_buf *b, dbf_status *st);

/* FNV-1a over a string, chained: h = dbf__fnv1a(h, s). NULL hashes like "". */
uint64_t dbf__fnv1a(uint64_t h, const char *s);
#define DBF__FNV_INIT 0xcbf29ce484222325ull

/*
 * A new libpq connection with the settings every store connection shares
 * (TCP keepalives, tcp_user_timeout, application_name app_name; anything
 * in the store's URL overrides them), its server notices going to the log.
 * Blocks at most timeout_s seconds (capped at the store's connect timeout;
 * at least libpq's minimum of 2). The caller checks PQstatus and frees it
 * with PQfinish; NULL only when out of memory. Used by the pool and by the
 * notification listener (listen.c).
 */
PGconn *dbf__store_pg_connect(const dbf_store *s, int timeout_s, const char *app_name);

/*
 * pg_notify of a new notification on DBF_NOTIFY_CHANNEL, as an SQL
 * expression of two SQL expressions, the user id and the row id: its
 * payload "<user_id>:<id>" is what listen.c parses back (user ids may
 * contain ':', ids never do). A writer selects it in the transaction that
 * inserts the row, e.g. "... RETURNING id) SELECT " DBF__NOTIFY_SQL("$1", "id") " FROM n".
 */
#define DBF__NOTIFY_SQL(user, id) "pg_notify('" DBF_NOTIFY_CHANNEL "', " user " || ':' || " id ")"

#endif
