/*
 * store.h - debrief's PostgreSQL store: a libpq connection pool, the
 * transaction helper, migrations, and the session and template tables.
 *
 * Every function that touches the database takes the caller's deadline
 * (milliseconds since the Unix epoch, INT64_MAX for none; the transport's
 * dbf_call_deadline_ms) and turns what is left of it into a per-statement
 * timeout. A database that cannot be reached answers DBF_ERR_UNAVAILABLE
 * ("database unavailable: ..."), and the pool reconnects by itself once
 * PostgreSQL is back; nobody needs to restart the server.
 *
 * All SQL is parameterized. The only exception is the migration files,
 * which are trusted files shipped with the server (see migrate.c).
 *
 * The store does not depend on auth: callers describe who is asking with a
 * dbf_store_viewer, and visibility (own / team / all) is enforced in the
 * SQL, so a session the viewer may not see is DBF_ERR_NOT_FOUND exactly
 * like a session that does not exist.
 */
#ifndef DBF_STORE_STORE_H
#define DBF_STORE_STORE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <jansson.h>
#include <libpq-fe.h>

#include "core/err.h"

typedef struct dbf_store dbf_store;

typedef struct dbf_store_opts {
  const char *conninfo;        /* libpq URL or "key=value" string; required */
  int pool_size;               /* connections; <= 0 means 8 */
  const char *data_dir;        /* holds sql/ and templates/; NULL means "." */
  int connect_timeout_s;       /* per connection attempt; <= 0 means 5 */
  int acquire_timeout_ms;      /* longest wait for a free connection; <= 0 means 5000 */
  int statement_timeout_ms;    /* cap when the caller has no deadline; <= 0 means 30000 */
  int64_t session_timeout_s;   /* a session expires this long after its last activity; <= 0: 1800 */
  bool no_prepared_statements; /* run every statement unnamed (for a pooler in transaction mode) */
} dbf_store_opts;

/*
 * Opens the pool and connects one connection eagerly so that a bad URL or a
 * database that is down fails start-up with a clear message. The other
 * connections are made on first use. Copies everything it needs from opts.
 * Free with dbf_store_close.
 */
dbf_err dbf_store_open(const dbf_store_opts *opts, dbf_store **out, dbf_status *st);
/* Closes every connection. Callers must have released all of them. NULL is fine. */
void dbf_store_close(dbf_store *s);

/*
 * Applies <data_dir>/sql/NNN_*.sql in order, each once, under a PostgreSQL
 * advisory lock so that concurrent instances do not race. Applied files are
 * recorded in schema_migrations with a SHA-256 checksum; an applied file
 * whose content changed is an error (DBF_ERR_INTERNAL) naming the file.
 */
dbf_err dbf_store_migrate(dbf_store *s, dbf_status *st);

/*
 * Loads every <data_dir>/templates/<name>.json with dbf_template_load_file and
 * stores it as a new built-in version when its definition differs from the
 * latest stored version of that slug (or the slug is new).
 */
dbf_err dbf_store_sync_templates(dbf_store *s, dbf_status *st);

/* Pool counters, for tests and metrics. */
typedef struct dbf_store_stats {
  uint64_t connects;       /* successful connections made, including the first */
  uint64_t connect_errors; /* failed connection attempts */
  uint64_t tx_retries;     /* transactions re-run after a retryable failure */
  int size;                /* pool size */
  int in_use;              /* connections currently acquired */
  int waiters;             /* callers waiting now for a free connection */
  uint64_t waits;          /* acquisitions that had to wait for one */
  uint64_t wait_us;        /* the time they waited, in total */
} dbf_store_stats;
void dbf_store_get_stats(dbf_store *s, dbf_store_stats *out);

/* ---- transactions: the building block for every query, also for other layers ---- */

typedef struct dbf_tx dbf_tx;

/*
 * The body of a transaction. It must only talk to the database through tx
 * (no other side effects), because dbf_store_tx may run it more than once.
 * Return DBF_OK to commit; anything else rolls back.
 */
typedef dbf_err (*dbf_tx_fn)(dbf_tx *tx, void *arg, dbf_status *st);

/*
 * Runs fn inside BEGIN ... COMMIT (READ COMMITTED) on a pooled connection,
 * with statement_timeout set from the deadline. The whole transaction is
 * re-run, with jittered exponential backoff, on serialization failure
 * (40001), deadlock (40P01), and on connection loss before COMMIT was sent
 * (the server has rolled back, so this is safe). A connection lost during
 * COMMIT is not retried: the outcome is unknown and the caller gets
 * DBF_ERR_UNAVAILABLE saying so. Borrows arg.
 */
dbf_err dbf_store_tx(dbf_store *s, int64_t deadline_ms, dbf_tx_fn fn, void *arg, dbf_status *st);

/*
 * Like dbf_store_tx for a body that runs exactly one read-only statement:
 * when the deadline is no nearer than the default statement timeout it
 * runs in autocommit, one round trip instead of BEGIN/SELECT/COMMIT;
 * otherwise it is a transaction with the tighter timeout. Retried the same
 * way. Never use it for writes or for bodies with several statements.
 */
dbf_err dbf_store_read(dbf_store *s, int64_t deadline_ms, dbf_tx_fn fn, void *arg, dbf_status *st);

/*
 * Runs one parameterized statement ($1..$n, text parameters; NULL entries
 * are SQL NULL). On DBF_OK *out (if non-NULL) is a new result the caller
 * frees with PQclear; with out == NULL the result is cleared here. Errors
 * are mapped once: unique violation -> DBF_ERR_EXISTS, other integrity
 * violations -> DBF_ERR_INVALID, statement timeout -> DBF_ERR_DEADLINE,
 * serialization/deadlock -> DBF_ERR_CONFLICT, connection trouble ->
 * DBF_ERR_UNAVAILABLE, anything else -> DBF_ERR_INTERNAL.
 */
dbf_err dbf_tx_exec(dbf_tx *tx, const char *sql, int n, const char *const *params, PGresult **out,
                    dbf_status *st);
/*
 * Queues one parameterized statement whose result the body does not need:
 * inside dbf_store_tx it travels with the next dbf_tx_exec or with COMMIT,
 * in the same round trip, and its error (mapped as for dbf_tx_exec) fails
 * that call or the commit. expect_rows >= 0 requires that many result rows
 * (an INSERT ... RETURNING that must insert), else the transaction fails
 * with a retryable DBF_ERR_CONFLICT; -1 accepts any. Parameters are copied
 * before it returns.
 */
dbf_err dbf_tx_send(dbf_tx *tx, const char *sql, int n, const char *const *params, int expect_rows,
                    dbf_status *st);
/* The SQLSTATE of the last failed dbf_tx_exec, "" when none. Borrowed. */
const char *dbf_tx_sqlstate(const dbf_tx *tx);
/* The store the transaction runs on (borrowed). */
dbf_store *dbf_tx_store(const dbf_tx *tx);

/* ---- result helpers (borrowed PGresult; never NULL-dereferencing) ---- */

/* The text value, or NULL for SQL NULL. Borrowed from res. */
const char *dbf_pg_str(const PGresult *res, int row, int col);
/* Parsed bigint/integer; def for NULL or garbage. */
int64_t dbf_pg_i64(const PGresult *res, int row, int col, int64_t def);
/* PostgreSQL boolean text ("t"/"f"). */
bool dbf_pg_bool(const PGresult *res, int row, int col);
/* A new reference to the parsed json/jsonb value, or NULL for SQL NULL or bad JSON. */
json_t *dbf_pg_json(const PGresult *res, int row, int col);

/* True when s is a canonical textual UUID (8-4-4-4-12 hex digits). */
bool dbf_uuid_valid(const char *s);

/* ---- who is asking ---- */

typedef enum dbf_store_scope {
  DBF_SCOPE_OWN = 1, /* members: their own rows */
  DBF_SCOPE_TEAM,    /* managers: their own and their team's rows */
  DBF_SCOPE_ALL,     /* admins: everything */
} dbf_store_scope;

typedef struct dbf_store_viewer {
  const char *user_id;      /* required */
  const char *team_id;      /* "" or NULL for none */
  const char *display_name; /* may be NULL */
  const char *role;         /* "member", "manager" or "admin"; recorded in users */
  dbf_store_scope scope;
} dbf_store_viewer;

/* ---- sessions ---- */

/* Same numbers as debrief.v1.SessionState. */
typedef enum dbf_session_state {
  DBF_SESSION_CREATED = 1,
  DBF_SESSION_ACTIVE = 2,
  DBF_SESSION_PAUSED = 3,
  DBF_SESSION_COMPLETED = 4,
  DBF_SESSION_EXPIRED = 5,
  DBF_SESSION_CANCELLED = 6,
} dbf_session_state;

/* "ACTIVE" etc.; "UNSPECIFIED" for anything else. Static. */
const char *dbf_session_state_name(dbf_session_state s);

/* A session row. Owned: free with dbf_session_free. Times are microseconds
   since the epoch, 0 when unset. */
typedef struct dbf_session {
  char id[37];
  char *template_slug;
  int template_version;
  char *owner_id;
  char *team_id;
  char *subject_kind;
  char *subject_key;
  char *subject_title;
  json_t *subject_attributes; /* object, never NULL */
  dbf_session_state state;
  int64_t create_us, update_us, start_us, complete_us, last_activity_us, expire_us;
  int turn_count;
  int64_t version;
  int64_t last_seq;
  json_t *plan_state;       /* object, never NULL */
  json_t *record;           /* object, never NULL */
  json_t *summary;          /* NULL until completed */
  json_t *pending_question; /* NULL when none */
  char **context_session_ids;
  size_t n_context_session_ids;
  char *end_reason; /* NULL when live */
} dbf_session;

void dbf_session_free(dbf_session *s);

typedef struct dbf_session_new {
  const char *template_slug;              /* required */
  int template_version;                   /* 0 means the latest */
  const char *subject_kind;               /* may be NULL */
  const char *subject_key;                /* may be NULL */
  const char *subject_title;              /* may be NULL */
  const json_t *subject_attributes;       /* object or NULL; borrowed */
  const char *request_id;                 /* idempotency key or NULL */
  const char *const *context_session_ids; /* UUIDs; may be NULL */
  size_t n_context_session_ids;
} dbf_session_new;

/*
 * Creates a session (state CREATED) for the viewer and upserts the viewer's
 * users row in the same transaction. With a request_id, a retry returns the
 * session made by the first call and sets *created = false (created may be
 * NULL). Unknown template -> DBF_ERR_NOT_FOUND "no template 'x'".
 * *out is new; free with dbf_session_free.
 */
dbf_err dbf_store_session_create(dbf_store *s, int64_t deadline_ms, const dbf_store_viewer *who,
                                 const dbf_session_new *in, dbf_session **out, bool *created,
                                 dbf_status *st);

/* Reads one visible session. Invisible or absent -> DBF_ERR_NOT_FOUND. *out is new. */
dbf_err dbf_store_session_get(dbf_store *s, int64_t deadline_ms, const dbf_store_viewer *who,
                              const char *id, dbf_session **out, dbf_status *st);

typedef struct dbf_session_filter {
  const dbf_session_state *states; /* borrowed; n_states == 0 means all */
  size_t n_states;
  const char *template_slug; /* NULL or "" for any */
  const char *subject_key;   /* NULL or "" for any */
  const char *owner_id;      /* NULL or "" for any visible owner */
  int64_t created_after_us;  /* inclusive; 0 for none */
  int64_t created_before_us; /* exclusive; 0 for none */
  int page_size;             /* 1..100 */
  const char *page_token;    /* NULL or "" for the first page */
} dbf_session_filter;

typedef struct dbf_session_page {
  dbf_session **items;
  size_t n;
  char *next_page_token; /* NULL on the last page */
  uint64_t fingerprint;  /* store-private: binds page tokens to the query */
} dbf_session_page;

/*
 * Lists visible sessions newest first (created_at, then id), using keyset
 * pagination. The page token is opaque, checked, and bound to the filters:
 * a token from another query is DBF_ERR_INVALID. Free *out with
 * dbf_session_page_free.
 */
dbf_err dbf_store_session_list(dbf_store *s, int64_t deadline_ms, const dbf_store_viewer *who,
                               const dbf_session_filter *f, dbf_session_page *out, dbf_status *st);
void dbf_session_page_free(dbf_session_page *p);
/*
 * Keeps the first keep items (1 <= keep; no-op when keep >= p->n) and makes
 * next_page_token continue right after them, so a caller can end a page
 * early, e.g. when the response would pass the message size.
 */
dbf_err dbf_session_page_truncate(dbf_session_page *p, size_t keep, dbf_status *st);

typedef enum dbf_session_action {
  DBF_SESSION_PAUSE = 1, /* ACTIVE -> PAUSED */
  DBF_SESSION_RESUME,    /* PAUSED or CREATED -> ACTIVE */
  DBF_SESSION_COMPLETE,  /* ACTIVE or PAUSED -> COMPLETED */
  DBF_SESSION_CANCEL,    /* CREATED, ACTIVE, PAUSED or EXPIRED -> CANCELLED */
  DBF_SESSION_RECOVER,   /* EXPIRED -> ACTIVE, with a fresh expiry */
  DBF_SESSION_EXPIRE,    /* CREATED, ACTIVE or PAUSED -> EXPIRED (the sweeper) */
} dbf_session_action;

/*
 * Called inside the COMPLETE transaction with the locked session, before
 * the state changes, so the summary and anything derived from it (insights)
 * commit atomically with the transition. Set *summary to a new reference
 * (or leave NULL) to store it in sessions.summary.
 */
typedef dbf_err (*dbf_session_complete_hook)(dbf_tx *tx, const dbf_session *sess, void *arg,
                                             json_t **summary, dbf_status *st);

typedef struct dbf_session_transition {
  dbf_session_action action;
  int64_t expected_version; /* 0: any; else mismatch -> DBF_ERR_CONFLICT */
  const char *reason;       /* end_reason for CANCEL/COMPLETE/EXPIRE; NULL for a default */
  dbf_session_complete_hook on_complete; /* COMPLETE only; may be NULL */
  void *on_complete_arg;
} dbf_session_transition;

/*
 * Moves a session through the state machine. Only its owner (or an admin
 * viewer) may change it: a manager who can see it gets DBF_ERR_PERMISSION.
 * An illegal move is DBF_ERR_STATE with a message naming the states that
 * allow it. Bumps version. *out (new) is the updated session.
 */
dbf_err dbf_store_session_transition(dbf_store *s, int64_t deadline_ms, const dbf_store_viewer *who,
                                     const char *id, const dbf_session_transition *t,
                                     dbf_session **out, dbf_status *st);

/* One transcript row. Owned by its page. */
typedef struct dbf_message {
  int64_t seq;
  char *role; /* "assistant", "user", "system" */
  char *kind; /* "question", "answer", ... */
  char *text;
  char *question_id; /* NULL when none */
  char **target_fields;
  size_t n_target_fields;
  char *client_msg_id;    /* NULL when none */
  char *provider, *model; /* NULL when none */
  int tokens_in, tokens_out, latency_ms, first_token_ms;
  bool fallback;
  json_t *payload; /* the persisted frame, or NULL */
  int64_t create_us;
} dbf_message;

typedef struct dbf_message_page {
  dbf_message *items;
  size_t n;
  char *next_page_token; /* NULL on the last page */
  uint64_t fingerprint;  /* store-private: binds page tokens to the query */
} dbf_message_page;

/*
 * Messages of a visible session with seq > after_seq in seq order
 * (page_size 1..500). transcript_only keeps the kinds a person reads
 * (question, answer, note, summary) and skips persisted protocol frames
 * (extraction, state, warning, completed) that exist for stream replay.
 * Free *out with dbf_message_page_free.
 */
dbf_err dbf_store_session_history(dbf_store *s, int64_t deadline_ms, const dbf_store_viewer *who,
                                  const char *id, int64_t after_seq, bool transcript_only,
                                  int page_size, const char *page_token, dbf_message_page *out,
                                  dbf_status *st);
void dbf_message_page_free(dbf_message_page *p);
/* As dbf_session_page_truncate, for a history page. */
dbf_err dbf_message_page_truncate(dbf_message_page *p, size_t keep, dbf_status *st);

/* ---- templates ---- */

/* A stored template version. Owned: free with dbf_template_rec_free. */
typedef struct dbf_template_rec {
  char *slug;
  int version;
  char *title;
  char *description;
  json_t *definition; /* the canonical document (engine/template.h) */
  bool builtin;
  char *created_by;
  int64_t create_us;
} dbf_template_rec;

void dbf_template_rec_free(dbf_template_rec *t);

/*
 * Stores version 1 of a new template. definition must already be validated
 * and canonical (dbf_template_to_json); its "slug" must equal slug. An
 * existing slug -> DBF_ERR_EXISTS. Borrows definition; *out is new.
 */
dbf_err dbf_store_template_create(dbf_store *s, int64_t deadline_ms, const json_t *definition,
                                  const char *created_by, bool builtin, dbf_template_rec **out,
                                  dbf_status *st);
/*
 * Stores the next version of an existing template (unknown -> NOT_FOUND).
 * expected_version != 0 must equal the latest version, else DBF_ERR_CONFLICT.
 */
dbf_err dbf_store_template_update(dbf_store *s, int64_t deadline_ms, const json_t *definition,
                                  const char *created_by, int expected_version,
                                  dbf_template_rec **out, dbf_status *st);
/* One version (0: the latest). Unknown -> DBF_ERR_NOT_FOUND "no template 'x'". */
dbf_err dbf_store_template_get(dbf_store *s, int64_t deadline_ms, const char *slug, int version,
                               dbf_template_rec **out, dbf_status *st);

/* The same inside a running transaction (e.g. from a complete hook). */
dbf_err dbf_store_template_get_tx(dbf_tx *tx, const char *slug, int version, dbf_template_rec **out,
                                  dbf_status *st);

typedef struct dbf_template_page {
  dbf_template_rec **items;
  size_t n;
  char *next_page_token; /* NULL on the last page */
} dbf_template_page;

/*
 * Lists the latest version of each slug (or every version) ordered by slug
 * then version descending; page_size 1..100. Free with dbf_template_page_free.
 */
dbf_err dbf_store_template_list(dbf_store *s, int64_t deadline_ms, bool all_versions, int page_size,
                                const char *page_token, dbf_template_page *out, dbf_status *st);
void dbf_template_page_free(dbf_template_page *p);

/* ==== insights and notifications (insights.c, notifications.c) ====
 * Appended by the InsightService / NotificationService work. Same rules as
 * above: visibility is enforced in SQL (an insight of a session the viewer
 * may not see is DBF_ERR_NOT_FOUND), all SQL is parameterized, and every
 * returned object is owned by the caller. */

/* An insight row. Owned: free with dbf_insight_free. Times in microseconds. */
typedef struct dbf_insight {
  char id[37];
  char session_id[37];
  char *owner_id;
  char *team_id;
  char *kind;          /* "risk", "opportunity", "next_step", "coaching" */
  char *text;          /* the current text (edited or as proposed) */
  char *original_text; /* as first proposed */
  char *status;        /* "proposed", "accepted", "rejected", "edited" */
  char *reviewed_by;   /* NULL until reviewed */
  double confidence;
  char **source_fields;
  size_t n_source_fields;
  int64_t version;
  int64_t review_us, create_us;
} dbf_insight;

void dbf_insight_free(dbf_insight *in);

typedef struct dbf_insight_filter {
  const char *session_id;      /* NULL or "" for every visible session; else a UUID */
  const char *const *statuses; /* database names; n_statuses == 0 means all */
  size_t n_statuses;
  const char *const *kinds; /* database names; n_kinds == 0 means all */
  size_t n_kinds;
  int page_size;          /* 1..100 */
  const char *page_token; /* NULL or "" for the first page */
} dbf_insight_filter;

typedef struct dbf_insight_page {
  dbf_insight **items;
  size_t n;
  char *next_page_token; /* NULL on the last page */
} dbf_insight_page;

/*
 * Lists visible insights newest first (created_at, then id) with keyset
 * pagination; the token is bound to the viewer and the filters. With a
 * session_id the session itself must be visible, else DBF_ERR_NOT_FOUND.
 * Free *out with dbf_insight_page_free.
 */
dbf_err dbf_store_insight_list(dbf_store *s, int64_t deadline_ms, const dbf_store_viewer *who,
                               const dbf_insight_filter *f, dbf_insight_page *out, dbf_status *st);
void dbf_insight_page_free(dbf_insight_page *p);

typedef enum dbf_review_action {
  DBF_REVIEW_ACCEPT = 1, /* status -> accepted, text unchanged */
  DBF_REVIEW_REJECT,     /* status -> rejected, text unchanged */
  DBF_REVIEW_EDIT,       /* status -> edited, text -> edited_text (original_text kept) */
} dbf_review_action;

typedef struct dbf_insight_review_in {
  const char *insight_id; /* UUID */
  dbf_review_action action;
  const char *edited_text; /* DBF_REVIEW_EDIT only: non-empty */
  const char *note;        /* may be NULL */
} dbf_insight_review_in;

/*
 * Records a review: locks the insight, checks that the viewer may review
 * it (its owner, a manager of its team, or an admin), updates status,
 * text, reviewed_by, reviewed_at and version, and appends the audit row
 * to insight_reviews, all in one transaction. Invisible -> DBF_ERR_NOT_FOUND;
 * visible but not reviewable -> DBF_ERR_PERMISSION. *out (new) is the
 * updated insight.
 */
dbf_err dbf_store_insight_review(dbf_store *s, int64_t deadline_ms, const dbf_store_viewer *who,
                                 const dbf_insight_review_in *in, dbf_insight **out,
                                 dbf_status *st);

/* One audit entry. Owned by its list. */
typedef struct dbf_insight_review {
  char *reviewer_id;
  char *action; /* "accept", "reject", "edit" */
  char *old_status, *new_status;
  char *old_text, *new_text; /* "" when NULL */
  char *note;
  int64_t create_us;
} dbf_insight_review;

typedef struct dbf_insight_review_list {
  dbf_insight_review *items;
  size_t n;
} dbf_insight_review_list;

/*
 * The audit trail of a visible insight, oldest first (at most 1000
 * entries). Invisible or absent -> DBF_ERR_NOT_FOUND. Free with
 * dbf_insight_review_list_free.
 */
dbf_err dbf_store_insight_reviews(dbf_store *s, int64_t deadline_ms, const dbf_store_viewer *who,
                                  const char *insight_id, dbf_insight_review_list *out,
                                  dbf_status *st);
void dbf_insight_review_list_free(dbf_insight_review_list *l);

/* A notification row. Owned by its page. */
typedef struct dbf_notification {
  int64_t id;
  char *kind;          /* "inactivity_warning", "session_expiring", ... */
  char session_id[37]; /* "" when none */
  char *text;
  json_t *data; /* object, never NULL */
  int64_t create_us;
} dbf_notification;

typedef struct dbf_notification_page {
  dbf_notification *items;
  size_t n;
  char *next_page_token; /* NULL on the last page (dbf_store_notification_list only) */
} dbf_notification_page;
void dbf_notification_page_free(dbf_notification_page *p);

/*
 * The user's own notifications, newest first (id descending), page_size
 * 1..100, keyset pagination on id. Free *out with dbf_notification_page_free.
 */
dbf_err dbf_store_notification_list(dbf_store *s, int64_t deadline_ms, const char *user_id,
                                    int page_size, const char *page_token,
                                    dbf_notification_page *out, dbf_status *st);

/*
 * The user's notifications with id > after_id, oldest first, at most limit
 * (1..500), restricted to kinds (database names; n_kinds == 0 means all).
 * With only_id > 0 it returns that one notification instead (if it exists
 * and matches the kinds), ignoring after_id. Free with
 * dbf_notification_page_free.
 */
dbf_err dbf_store_notification_after(dbf_store *s, int64_t deadline_ms, const char *user_id,
                                     int64_t after_id, int64_t only_id, const char *const *kinds,
                                     size_t n_kinds, int limit, dbf_notification_page *out,
                                     dbf_status *st);

/* The user's highest notification id, 0 when none. */
dbf_err dbf_store_notification_max_id(dbf_store *s, int64_t deadline_ms, const char *user_id,
                                      int64_t *out, dbf_status *st);

/* ==== the turn path (turns.c) ====
 * The statements of one interview step (service/turn.c) and of the session
 * sweeper, as domain operations. Each runs inside the caller's open
 * transaction (the tx of a dbf_store_tx body), so a step stays one
 * transaction that commits everything or nothing; none of them commits.
 * owner_id is the session's owner and session_id a validated UUID: only
 * the owner converses, so every lookup is by owner, and a session of
 * anyone else is exactly like one that does not exist. The invariants
 * these keep (gap-free seqs under the row lock, one answer per
 * client_msg_id) are in docs/architecture.md. */

typedef struct dbf_arena dbf_arena; /* core/arena.h: the results below that say "arena" */

/*
 * The owner's session row, locked FOR UPDATE until the transaction ends,
 * its stream epoch, and in *client_msg_seq the seq of the message already
 * stored under client_msg_id (0 when none, or when client_msg_id is NULL
 * or empty): the duplicate check rides on the lock's round trip.
 * stream_epoch and client_msg_seq may be NULL. Absent or someone else's ->
 * DBF_ERR_NOT_FOUND "no session '<id>'". *out is new; free with
 * dbf_session_free.
 */
dbf_err dbf_store_turn_lock(dbf_tx *tx, const char *owner_id, const char *session_id,
                            const char *client_msg_id, dbf_session **out, int64_t *stream_epoch,
                            int64_t *client_msg_seq, dbf_status *st);
/* The same without the lock: the snapshot a model works from. */
dbf_err dbf_store_turn_read(dbf_tx *tx, const char *owner_id, const char *session_id,
                            dbf_session **out, int64_t *stream_epoch, dbf_status *st);

/* What dbf_store_turn_save writes back to the locked row. Everything is borrowed. */
typedef struct dbf_turn_save {
  dbf_session_state state;
  const json_t *record;           /* object */
  const json_t *plan_state;       /* object */
  const json_t *pending_question; /* NULL: no question is pending */
  int64_t last_seq;
  int turn_count;
  int64_t stream_epoch;
  const json_t *context_session_ids; /* array of UUID strings */
  const char *end_reason;            /* NULL: unchanged */
  const json_t *summary;             /* NULL: unchanged */
  const json_t *open_items;          /* NULL: unchanged */
} dbf_turn_save;

/*
 * Writes the step's outcome to the session row and records activity: bumps
 * version, sets updated_at and last_activity_at, clears warned_at, moves
 * expires_at to now + the session timeout for a live state (NULL
 * otherwise), and stamps started_at / completed_at on entering ACTIVE /
 * COMPLETED. Queued (dbf_tx_send): an error surfaces at the next statement
 * that reads a result, or at the commit.
 */
dbf_err dbf_store_turn_save(dbf_tx *tx, const char *owner_id, const char *session_id,
                            const dbf_turn_save *in, dbf_status *st);

/*
 * A sweeper's write, which is not activity (last_activity_at and
 * expires_at stay): records last_seq, warned_at = now() and bumps version.
 */
dbf_err dbf_store_turn_mark_warned(dbf_tx *tx, const char *owner_id, const char *session_id,
                                   int64_t last_seq, dbf_status *st);
/* The sweeper's expiry: state EXPIRED, last_seq, end_reason, version + 1.
   The pending question stays, so a recovered session carries on. */
dbf_err dbf_store_turn_mark_expired(dbf_tx *tx, const char *owner_id, const char *session_id,
                                    int64_t last_seq, const char *end_reason, dbf_status *st);
/* CompleteSession's part inside its transition: last_seq and open_items
   (borrowed array); the transition itself writes state and summary. */
dbf_err dbf_store_turn_mark_completing(dbf_tx *tx, const char *owner_id, const char *session_id,
                                       int64_t last_seq, const json_t *open_items, dbf_status *st);

/*
 * A heartbeat: records activity (last_activity_at, warned_at = NULL and a
 * fresh expires_at for a live session) without a version bump. With
 * stream_epoch != 0 only while the row still has that epoch. *current is
 * false when the session is absent or another stream took it over.
 */
dbf_err dbf_store_turn_touch(dbf_tx *tx, const char *owner_id, const char *session_id,
                             int64_t stream_epoch, bool *current, dbf_status *st);

/* One persisted message and, for stream replay, its packed frame. Borrowed. */
typedef struct dbf_turn_msg {
  int64_t seq;
  const char *role;                 /* "assistant", "user", "system" */
  const char *kind;                 /* "question", "answer", "extraction", "state", ... */
  const char *text;                 /* NULL is stored as "" */
  const char *question_id;          /* NULL for none */
  const char *const *target_fields; /* n_target_fields keys; may be NULL when 0 */
  size_t n_target_fields;
  const char *client_msg_id; /* NULL for none */
  bool dedup;                /* a row with this client_msg_id already stored wins */
  const uint8_t *frame;      /* the packed ConverseResponse */
  size_t frame_len;
  const char *provider;                                      /* "offline", "openai", ... */
  const char *model;                                         /* NULL or "" for none */
  int64_t tokens_in, tokens_out, latency_ms, first_token_ms; /* < 0: unknown (NULL) */
  bool fallback; /* a model was configured but the offline engine answered */
} dbf_turn_msg;

/*
 * Appends n messages in order. With inserted, a dedup message whose
 * client_msg_id is already stored inserts nothing and stops the append
 * there with *inserted = false; otherwise *inserted = true. With inserted
 * NULL the inserts are queued (dbf_tx_send) and must each insert: a
 * duplicate fails the transaction as a retryable DBF_ERR_CONFLICT (the
 * caller checked for it under the lock, dbf_store_turn_lock). A frame whose
 * hex form passes 8 MiB is DBF_ERR_TOO_BIG.
 */
dbf_err dbf_store_turn_append_frames(dbf_tx *tx, const char *owner_id, const char *session_id,
                                     const dbf_turn_msg *msgs, size_t n, bool *inserted,
                                     dbf_status *st);

/* The seq of the message stored under client_msg_id, 0 when none. */
dbf_err dbf_store_turn_find_answer(dbf_tx *tx, const char *owner_id, const char *session_id,
                                   const char *client_msg_id, int64_t *seq, dbf_status *st);

/*
 * The last limit questions and answers, oldest first, as a new JSON array
 * of {"role", "text"} (json_decref it).
 */
dbf_err dbf_store_turn_transcript(dbf_tx *tx, const char *owner_id, const char *session_id,
                                  int limit, json_t **out, dbf_status *st);

/* A stored frame (arena memory). */
typedef struct dbf_turn_frame {
  int64_t seq;
  const uint8_t *bytes; /* the packed ConverseResponse */
  size_t len;
} dbf_turn_frame;

/* The frames with seq > after_seq in seq order, allocated in arena (freed with it). */
dbf_err dbf_store_turn_frames_after(dbf_tx *tx, const char *owner_id, const char *session_id,
                                    int64_t after_seq, dbf_arena *arena, dbf_turn_frame **out,
                                    size_t *n, dbf_status *st);

/*
 * Upserts the changed extraction entries ({"<key>": {"value", "confidence",
 * "evidence_seq", "source"}}, borrowed) into extractions and appends them
 * to extraction_history; a "user" entry records changed_by. Queued
 * (dbf_tx_send).
 */
dbf_err dbf_store_turn_extractions(dbf_tx *tx, const char *owner_id, const char *session_id,
                                   const json_t *changed, const char *changed_by, dbf_status *st);

/* A stored insight as the completed frame reports it (arena memory). */
typedef struct dbf_turn_insight {
  const char *id;
  const char *kind; /* "risk", "opportunity", "next_step", "coaching" */
  const char *text;
  double confidence;
} dbf_turn_insight;

/*
 * Stores the proposed insights (a borrowed array of {"kind", "text",
 * "confidence", "source_fields"}) in order, skipping unknown kinds and
 * empty texts; *out lists the stored ones, allocated in arena.
 */
dbf_err dbf_store_turn_insights(dbf_tx *tx, const char *owner_id, const char *session_id,
                                const char *team_id, const json_t *proposed, dbf_arena *arena,
                                dbf_turn_insight **out, size_t *n, dbf_status *st);

/* Inserts a notification for user_id and wakes its listeners (pg_notify on
   commit). session_id may be NULL. Queued (dbf_tx_send). */
dbf_err dbf_store_turn_notify(dbf_tx *tx, const char *user_id, const char *kind,
                              const char *session_id, const char *text, dbf_status *st);

/*
 * The up to 3 latest completed sessions about subject_key other than
 * session_id that the opener may build on: owner_id's own, and with a
 * non-empty team_id (managers, admins) the team's. *items (new array) holds
 * their open items, each with "session_id" and "complete_time" added;
 * *ids (new array) their ids. An empty subject_key gives empty arrays.
 */
dbf_err dbf_store_turn_context(dbf_tx *tx, const char *subject_key, const char *session_id,
                               const char *owner_id, const char *team_id, json_t **items,
                               json_t **ids, dbf_status *st);

/* A session a sweep claimed (arena memory). */
typedef struct dbf_turn_claim {
  const char *owner_id;
  const char *session_id;
} dbf_turn_claim;

/*
 * Claims (locks FOR UPDATE SKIP LOCKED) up to batch live sessions whose
 * expires_at has passed, oldest expiry first. Rows a turn or another
 * sweeper holds are skipped, never waited on. *out is arena memory.
 */
dbf_err dbf_store_turn_claim_expired(dbf_tx *tx, int batch, dbf_arena *arena, dbf_turn_claim **out,
                                     size_t *n, dbf_status *st);
/* The same for ACTIVE or PAUSED sessions idle for more than idle_s, not yet
   warned and not yet expired, longest idle first. */
dbf_err dbf_store_turn_claim_idle(dbf_tx *tx, int batch, int64_t idle_s, dbf_arena *arena,
                                  dbf_turn_claim **out, size_t *n, dbf_status *st);

typedef enum dbf_savepoint_op {
  DBF_SAVEPOINT_SET = 1,  /* SAVEPOINT */
  DBF_SAVEPOINT_RELEASE,  /* RELEASE SAVEPOINT: keep what ran since SET */
  DBF_SAVEPOINT_ROLLBACK, /* ROLLBACK TO SAVEPOINT: undo it, the transaction goes on */
} dbf_savepoint_op;

/* The transaction's one savepoint, so a batch can drop one item's work. */
dbf_err dbf_store_turn_savepoint(dbf_tx *tx, dbf_savepoint_op op, dbf_status *st);

/* ==== the notification listener (listen.c) ====
 * The receiving end of the notifications channel: a dedicated connection
 * (not a pooled one) that LISTENs for the pg_notify every new notification
 * row sends on commit, so that the instance holding a user's
 * WatchNotifications stream wakes up (docs/architecture.md, on scale). It
 * says only which user has which new id; the rows are read with
 * dbf_store_notification_after. NOTIFYs sent while no listener is
 * connected are lost: after opening a listener, re-read what you need. */

typedef struct dbf_store_listener dbf_store_listener;

/* Longest user id a notification carries, in bytes with the NUL. */
#define DBF_STORE_NOTIFY_USER_MAX 128

/*
 * Connects to s's database with the pool's connection settings and starts
 * listening, never waiting past deadline_ms (nor the store's connect
 * timeout). DBF_ERR_UNAVAILABLE when the database cannot be reached (the
 * log has why). Borrows s, which must outlive the listener. *out is new;
 * free it with dbf_store_listener_close.
 */
dbf_err dbf_store_listener_open(dbf_store *s, int64_t deadline_ms, dbf_store_listener **out,
                                dbf_status *st);

/* One notification: user_id (borrowed until fn returns) has a new row id. */
typedef void (*dbf_store_notify_fn)(void *arg, const char *user_id, int64_t id);

/*
 * Waits up to timeout_ms for notifications and calls fn(arg, ...) for each
 * one that has arrived, in arrival order, before returning; a malformed
 * payload is logged and skipped. Returns DBF_OK early, with no calls, when
 * wake_fd (-1: none) becomes readable; it does not read from wake_fd.
 * DBF_ERR_UNAVAILABLE when the connection is lost: close the listener and
 * open another. Any other error (DBF_ERR_IO: poll failed) leaves it usable.
 * Borrows arg.
 */
dbf_err dbf_store_listener_wait(dbf_store_listener *l, int timeout_ms, int wake_fd,
                                dbf_store_notify_fn fn, void *arg, dbf_status *st);

/* Disconnects and frees l. NULL is fine. */
void dbf_store_listener_close(dbf_store_listener *l);

/* ==== exports (exports.c) ====
 * The reads behind ExportService (docs/export.md). Visibility as for
 * sessions: a session the viewer may not see is DBF_ERR_NOT_FOUND, and a
 * batch or the totals only ever count what the viewer may see. */

/* One session as an export reads it. Owned: free the members with dbf_export_row_clear. */
typedef struct dbf_export_row {
  dbf_session *session; /* the row */
  json_t *insights;     /* array of {"id", "kind", "text", "confidence", "status"}, oldest first */
  json_t *transcript;   /* array of {"seq", "role", "kind", "text", "create_us"}, or NULL */
} dbf_export_row;
/* Frees what r holds and zeroes it. NULL is fine. */
void dbf_export_row_clear(dbf_export_row *r);

/*
 * One visible session with its insights and, when transcript_limit > 0,
 * its transcript (questions, answers, notes and summaries in seq order).
 * More than transcript_limit messages is DBF_ERR_TOO_BIG (0..100000).
 * *out is filled; clear it with dbf_export_row_clear.
 */
dbf_err dbf_store_export_session(dbf_store *s, int64_t deadline_ms, const dbf_store_viewer *who,
                                 const char *id, int transcript_limit, dbf_export_row *out,
                                 dbf_status *st);

/* Where a many-session export stands: the last row sent. Zeroed: the start. */
typedef struct dbf_export_cursor {
  int64_t create_us;
  char id[37];
} dbf_export_cursor;

typedef struct dbf_export_batch {
  dbf_export_row *rows; /* owned; transcript always NULL */
  size_t n;
} dbf_export_batch;
void dbf_export_batch_free(dbf_export_batch *b);

/*
 * The next at most limit (1..1000) visible sessions matching f (its page
 * fields are ignored) after *cursor, oldest first by (created_at, id), and
 * moves *cursor to the last one. An empty batch is the end. Each call is
 * one short read of its own (no transaction or cursor stays open between
 * batches). Free *out with dbf_export_batch_free.
 */
dbf_err dbf_store_export_batch(dbf_store *s, int64_t deadline_ms, const dbf_store_viewer *who,
                               const dbf_session_filter *f, dbf_export_cursor *cursor, int limit,
                               dbf_export_batch *out, dbf_status *st);

/*
 * The totals of the visible sessions matching f, one object per template
 * and state: {"template_slug", "state" ("COMPLETED"...), "sessions",
 * "turns", "avg_turns", "avg_duration_s" (started to completed, null when
 * none), "first_create_us", "last_create_us"}, ordered by template then
 * state. More than max_rows (1..10000) groups is DBF_ERR_TOO_BIG. *out is
 * a new array (json_decref).
 */
dbf_err dbf_store_export_totals(dbf_store *s, int64_t deadline_ms, const dbf_store_viewer *who,
                                const dbf_session_filter *f, int max_rows, json_t **out,
                                dbf_status *st);

/* ==== the CRM outbox (crm.c) ====
 * One row per pushed session version in crm_deliveries (sql/004_crm.sql,
 * docs/crm.md). The request side enqueues; the delivery worker
 * (server/delivery/) claims due rows under a lease, POSTs them outside any
 * transaction and records the outcome. */

/* Same numbers as debrief.v1.PushStatus; DEAD is its FAILED (the dead letter). */
typedef enum dbf_crm_status {
  DBF_CRM_PENDING = 1,   /* waiting for its next attempt, or in flight */
  DBF_CRM_DELIVERED = 2, /* the receiver answered 2xx */
  DBF_CRM_DEAD = 3,      /* no more automatic attempts */
} dbf_crm_status;

/* A delivery row without its body. Owned: free with dbf_crm_delivery_free. */
typedef struct dbf_crm_delivery {
  char id[37];
  char session_id[37];
  char *owner_id;
  char *team_id;
  int64_t session_version;
  char *target;
  char *trigger; /* "manual" or "auto" */
  char *idempotency_key;
  dbf_crm_status status;
  int attempts;
  int http_status; /* of the last attempt; 0 when none answered */
  char *last_error;
  bool in_flight; /* a worker's lease on it is live */
  int64_t next_attempt_us, create_us, update_us, deliver_us;
} dbf_crm_delivery;
void dbf_crm_delivery_free(dbf_crm_delivery *d);

/* What a push enqueues. Everything is borrowed. */
typedef struct dbf_crm_enqueue {
  const char *owner_id;
  const char *session_id; /* a validated UUID */
  const char *team_id;
  int64_t session_version;
  const char *target;
  const char *trigger; /* "manual" or "auto" */
  const char *requested_by;
  const char *body;       /* the exact bytes to sign and send */
  bool require_completed; /* insert only while the session is completed at session_version */
} dbf_crm_enqueue;

/*
 * Inside the caller's transaction: inserts the delivery of (owner,
 * session, version) unless it exists, and returns that row either way in
 * *out (new; may be NULL), *created saying which (may be NULL). With
 * require_completed and no such completed session version and no row:
 * DBF_ERR_CONFLICT. The idempotency key is "<session_id>:v<version>".
 */
dbf_err dbf_store_crm_enqueue_tx(dbf_tx *tx, const dbf_crm_enqueue *in, dbf_crm_delivery **out,
                                 bool *created, dbf_status *st);
/* The same in a transaction of its own. *out is new. */
dbf_err dbf_store_crm_enqueue(dbf_store *s, int64_t deadline_ms, const dbf_crm_enqueue *in,
                              dbf_crm_delivery **out, bool *created, dbf_status *st);

/* A delivery a worker claimed. Owned: free with dbf_crm_job_free. */
typedef struct dbf_crm_job {
  char id[37];
  char *owner_id;
  char *idempotency_key;
  char *body;
  int attempts; /* including this one */
} dbf_crm_job;
void dbf_crm_job_free(dbf_crm_job *j);

/*
 * Claims the oldest due delivery (FOR UPDATE SKIP LOCKED), leases it to
 * worker_id for lease_ms and counts the attempt, in a transaction of its
 * own. *out is new, or NULL when nothing is due.
 */
dbf_err dbf_store_crm_claim(dbf_store *s, int64_t deadline_ms, const char *worker_id,
                            int64_t lease_ms, dbf_crm_job **out, dbf_status *st);

/* How an attempt ended. Borrowed. */
typedef struct dbf_crm_outcome {
  dbf_crm_status status; /* PENDING: try again after retry_in_ms */
  int http_status;       /* 0 when nothing answered */
  const char *error;     /* "" when none; cut to 500 bytes */
  int64_t retry_in_ms;
} dbf_crm_outcome;

/*
 * Records the outcome of job and drops the lease, only while the claim is
 * still worker_id's (*current false otherwise: the lease ran out and
 * another worker took the row; nothing is written).
 */
dbf_err dbf_store_crm_finish(dbf_store *s, int64_t deadline_ms, const char *worker_id,
                             const dbf_crm_job *job, const dbf_crm_outcome *o, bool *current,
                             dbf_status *st);

typedef struct dbf_crm_filter {
  const dbf_crm_status *statuses; /* n_statuses == 0 means all */
  size_t n_statuses;
  const char *session_id; /* NULL or "" for all */
  int page_size;          /* 1..100 */
  const char *page_token; /* NULL or "" for the first page */
} dbf_crm_filter;

typedef struct dbf_crm_delivery_page {
  dbf_crm_delivery **items;
  size_t n;
  char *next_page_token; /* NULL on the last page */
} dbf_crm_delivery_page;
void dbf_crm_delivery_page_free(dbf_crm_delivery_page *p);

/* Every delivery (admins only: the caller checks), newest first, keyset pages. */
dbf_err dbf_store_crm_list(dbf_store *s, int64_t deadline_ms, const dbf_crm_filter *f,
                           dbf_crm_delivery_page *out, dbf_status *st);

/*
 * Makes a delivery due now: a dead letter becomes pending with a fresh
 * budget of attempts, a pending one keeps its count (and a live lease).
 * Unknown -> DBF_ERR_NOT_FOUND; delivered -> DBF_ERR_STATE. *out is new.
 */
dbf_err dbf_store_crm_retry(dbf_store *s, int64_t deadline_ms, const char *id,
                            dbf_crm_delivery **out, dbf_status *st);

/* ---- analytics (analytics.c; rollups of sql/003_analytics.sql) ---- */

#define DBF_ANALYTICS_MAX_DAYS   366  /* longest range one query may span */
#define DBF_ANALYTICS_DEF_DAYS   30   /* range when start_time is not given */
#define DBF_ANALYTICS_MAX_GROUPS 1000 /* groups, fields or providers in one answer */
#define DBF_ANALYTICS_HIST       24   /* log2 latency buckets (analytics_latency_bucket) */

typedef enum dbf_analytics_bucket {
  DBF_ANALYTICS_NO_TREND = 0,
  DBF_ANALYTICS_DAY,
  DBF_ANALYTICS_WEEK, /* ISO weeks, starting on Monday (UTC) */
} dbf_analytics_bucket;

typedef enum dbf_analytics_group_by {
  DBF_ANALYTICS_NO_GROUPS = 0,
  DBF_ANALYTICS_BY_USER,
  DBF_ANALYTICS_BY_TEAM,
} dbf_analytics_group_by;

/* What a query covers: whole UTC days [start_day, end_day) and a scope. */
typedef struct dbf_analytics_query {
  int64_t start_day;         /* days since 1970-01-01, inclusive */
  int64_t end_day;           /* exclusive */
  const char *team_id;       /* NULL: every team */
  const char *owner_id;      /* NULL: every owner */
  const char *template_slug; /* NULL: every template */
  bool check_owner_team;     /* owner_id must be a member of team_id (a manager naming a user) */
  dbf_analytics_bucket bucket;
  dbf_analytics_group_by group_by;
} dbf_analytics_query;

/*
 * The range of a query from the request's times (microseconds since the
 * epoch, 0 for unset) at now_us: start floored and end ceiled to UTC days;
 * no end means the end of today, no start DBF_ANALYTICS_DEF_DAYS before the
 * end. DBF_ERR_INVALID, saying what to change, for an empty or reversed
 * range or one longer than DBF_ANALYTICS_MAX_DAYS. Pure.
 */
dbf_err dbf_analytics_range(int64_t start_us, int64_t end_us, int64_t now_us, int64_t *start_day,
                            int64_t *end_day, dbf_status *st);

/*
 * The scope a viewer may query (docs/analytics.md): a member only their
 * own figures, a manager their team's (and a named member of it), an admin
 * everything. team and owner are the request's ("" or NULL for none).
 * Sets q->team_id, q->owner_id and q->check_owner_team, borrowing from who
 * and the arguments; DBF_ERR_PERMISSION naming the rule otherwise. Pure.
 */
dbf_err dbf_analytics_scope(const dbf_store_viewer *who, const char *team, const char *owner,
                            dbf_analytics_query *q, dbf_status *st);

/*
 * The q-quantile (0 < q <= 1) of a log2 histogram in milliseconds: the
 * upper edge of the bucket holding it (bucket b is [2^b, 2^(b+1)) ms), so
 * at most twice the true value. 0 for an empty histogram. Pure.
 */
double dbf_analytics_quantile(const int64_t hist[DBF_ANALYTICS_HIST], double q);

/* Sums of the session figures over some daily rows. */
typedef struct dbf_analytics_sums {
  int64_t sessions;
  int64_t by_state[6]; /* created, active, paused, completed, expired, cancelled */
  int64_t turns, answered, fields_filled, fields_required, required_filled;
  int64_t follow_ups, edits, replies, model_replies, fallbacks;
  double duration_s, first_answer_s, conf_sum;
} dbf_analytics_sums;

typedef struct dbf_analytics_point {
  int64_t day; /* first day of the bucket, days since the epoch */
  dbf_analytics_sums sums;
} dbf_analytics_point;

typedef struct dbf_analytics_group {
  const char *key; /* user or team id */
  dbf_analytics_sums sums;
} dbf_analytics_group;

typedef struct dbf_analytics_metrics {
  dbf_analytics_sums total;
  dbf_analytics_point *trend; /* bucket != NO_TREND, oldest first */
  size_t n_trend;
  dbf_analytics_group *groups; /* group_by != NO_GROUPS, most sessions first */
  size_t n_groups;
  bool groups_truncated;
} dbf_analytics_metrics;

typedef struct dbf_analytics_field {
  const char *template_slug, *field_key;
  int64_t filled, sessions, asks, follow_ups, edits;
  double conf_sum;
} dbf_analytics_field;

typedef struct dbf_analytics_usage {
  const char *provider, *model;
  int64_t replies, tokens_in, tokens_out, fallbacks;
  int64_t latency_hist[DBF_ANALYTICS_HIST], first_token_hist[DBF_ANALYTICS_HIST];
} dbf_analytics_usage;

typedef struct dbf_analytics_stage {
  const char *deal_stage;
  int64_t sessions, positive, neutral, negative;
  double budget;
} dbf_analytics_stage;

/* One session's stats row. */
typedef struct dbf_analytics_session {
  const char *owner_id, *team_id, *template_slug, *state;
  int64_t turns, fields_filled, fields_required, required_filled;
  int64_t asks, follow_ups, edits, replies, model_replies, fallbacks;
  double duration_s, first_answer_s, conf_sum;
} dbf_analytics_session;

/*
 * The analytics reads. q comes from dbf_analytics_range and
 * dbf_analytics_scope; results live in arena (borrowed; nothing to free).
 * DBF_ERR_PERMISSION when q->check_owner_team and the user is not in the
 * team. Each reads only rollup rows, never messages.
 */
dbf_err dbf_store_analytics_metrics(dbf_store *s, int64_t deadline_ms, const dbf_analytics_query *q,
                                    dbf_arena *arena, dbf_analytics_metrics *out, dbf_status *st);
dbf_err dbf_store_analytics_fields(dbf_store *s, int64_t deadline_ms, const dbf_analytics_query *q,
                                   dbf_arena *arena, dbf_analytics_field **out, size_t *n,
                                   dbf_status *st);
dbf_err dbf_store_analytics_usage(dbf_store *s, int64_t deadline_ms, const dbf_analytics_query *q,
                                  dbf_arena *arena, dbf_analytics_usage **out, size_t *n,
                                  dbf_status *st);
dbf_err dbf_store_analytics_pipeline(dbf_store *s, int64_t deadline_ms,
                                     const dbf_analytics_query *q, dbf_arena *arena,
                                     dbf_analytics_stage **out, size_t *n, dbf_status *st);
/* One session's figures; DBF_ERR_NOT_FOUND when it is missing or not visible to who. */
dbf_err dbf_store_analytics_session(dbf_store *s, int64_t deadline_ms, const dbf_store_viewer *who,
                                    const char *session_id, dbf_arena *arena,
                                    dbf_analytics_session *out, dbf_status *st);

/*
 * Folds up to batch changed sessions into the daily rollups
 * (analytics_fold() of sql/006_analytics_fold.sql) in one transaction and
 * sets *folded to how many it took. Idempotent, and safe from any number
 * of instances at once (FOR UPDATE SKIP LOCKED); *folded < batch means no
 * backlog is left that another fold is not already holding.
 */
dbf_err dbf_store_analytics_fold(dbf_store *s, int64_t deadline_ms, int batch, int *folded,
                                 dbf_status *st);

#endif
