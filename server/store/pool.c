/*
 * pool.c - the libpq connection pool and the transaction helper.
 *
 * The pool is a fixed array of slots guarded by one mutex. Acquiring waits
 * (bounded by the caller's deadline and acquire_timeout_ms) for a free slot,
 * then - outside the lock, because it may do network I/O - makes sure the
 * slot holds a healthy connection, reconnecting when it does not. That is
 * how the pool recovers by itself after PostgreSQL restarts or a backend is
 * terminated: dead connections are noticed on the next acquire (or, if they
 * die mid-transaction, by dbf_store_tx, which re-runs the transaction on a
 * fresh connection).
 *
 * While the database is down, a failed connection attempt is remembered for
 * a short while so that a burst of requests fails fast with the same
 * "database unavailable" message instead of each one waiting on its own
 * connect_timeout.
 */
#include <errno.h>
#include <limits.h>
#include <inttypes.h>
#include <poll.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "core/alloc.h"
#include "core/clock.h"
#include "core/log.h"
#include "store/store_int.h"

#define POOL_DEFAULT_SIZE                 8
#define POOL_DEFAULT_CONNECT_TIMEOUT_S    5
#define POOL_DEFAULT_ACQUIRE_TIMEOUT_MS   5000
#define POOL_DEFAULT_STATEMENT_TIMEOUT_MS 30000
#define POOL_DEFAULT_SESSION_TIMEOUT_S    1800
/* A connection idle longer than this is pinged before it is handed out. */
#define POOL_IDLE_PING_MS 30000
/* After a failed connect, fail fast for this long rather than retry at once. */
#define POOL_CONNECT_BACKOFF_MS 250
#define CLIENT_GRACE_MS         1000 /* past a statement's deadline before the client gives up */
#define PING_TIMEOUT_MS         2000 /* health pings, SET and ROLLBACK on a pooled connection */
#define TX_MAX_ATTEMPTS         5
#define TX_BACKOFF_BASE_MS      10
#define TX_BACKOFF_MAX_MS       500
/* Statements a transaction may have sent and not yet read back; past this
 * the pipeline is synced early (a turn sends fewer than ten). */
#define TX_PIPE_MAX 32
/* Statements prepared per pooled connection; texts past the cap, or longer
 * than STMT_SQL_MAX, run unnamed (parsed and planned on every call). */
#define STMT_CACHE_MAX 128
#define STMT_SQL_MAX   16384

/*
 * A statement prepared on one connection under a name of its own. The
 * store's statements are a fixed set of texts, so each connection parses
 * and plans each of them once instead of on every call.
 */
typedef struct stmt_entry {
  uint64_t hash;  /* dbf__fnv1a of sql */
  char *sql;      /* owned copy */
  char name[16];  /* "s<n>", unique on its connection */
  bool ready;     /* the server has it */
  bool in_flight; /* its Parse is queued in the current pipeline, not yet read back */
} stmt_entry;

typedef struct pool_slot {
  PGconn *conn; /* NULL until connected, or after it was found dead */
  bool in_use;
  int64_t last_used; /* dbf_now_ms() when last released */
  stmt_entry *stmts; /* prepared on conn; forgotten with it */
  int n_stmts;
  int next_stmt; /* names statements: s1, s2, ... */
} pool_slot;

struct dbf_store {
  pthread_mutex_t mu;
  pthread_cond_t cv; /* signalled when a slot is released */
  pool_slot *slots;
  int n_slots;
  int in_use;
  int waiters;             /* in pool_acquire's wait now */
  uint64_t waits, wait_us; /* acquisitions that waited, and how long */
  char *conninfo;
  char *data_dir;
  int connect_timeout_s;
  int acquire_timeout_ms;
  int statement_timeout_ms;
  bool prepare; /* keep named prepared statements per connection */
  int64_t session_timeout_s;
  int64_t last_connect_fail_ms;                  /* guarded by mu */
  uint64_t connects, connect_errors, tx_retries; /* guarded by mu */
  uint64_t rng;                                  /* jitter state, guarded by mu */
};

struct dbf_tx {
  dbf_store *store;
  pool_slot *slot;
  PGconn *conn;
  int64_t deadline_ms;     /* the transaction's deadline; INT64_MAX when none */
  bool retryable;          /* the failure was transient and the tx may be re-run */
  bool conn_broken;        /* the connection must not go back to the pool as is */
  bool timed_out;          /* the last statement got no answer in time (client side) */
  bool pipelined;          /* the connection is in libpq pipeline mode (every dbf_store_tx) */
  int n_sent;              /* statements sent since the last sync, results unread */
  int expect[TX_PIPE_MAX]; /* per sent statement: rows it must return, -1 for any */
  stmt_entry *prepared[TX_PIPE_MAX]; /* per sent statement: the Parse it is, or NULL */
  char sqlstate[6];
};

static void slot_drop_conn(pool_slot *slot);

const char *dbf__store_data_dir(const dbf_store *s) {
  return s->data_dir;
}
int64_t dbf__store_session_timeout_s(const dbf_store *s) {
  return s->session_timeout_s;
}

/* Copies a libpq message without its trailing newline. */
static void copy_pg_message(char *dst, size_t len, const char *msg) {
  if (!msg || !*msg)
    msg = "no detail from libpq";
  size_t n = strnlen(msg, len - 1);
  while (n > 0 && (msg[n - 1] == '\n' || msg[n - 1] == ' '))
    n--;
  memcpy(dst, msg, n);
  dst[n] = '\0';
}

/* What a client hears when no connection can be made (the log has why). */
#define DB_DOWN_MSG "database unavailable: cannot connect to the database; retry shortly"

static bool sqlstate_is(const char *state, const char *want) {
  return state && !strcmp(state, want);
}

/*
 * Maps a failed statement to a dbf_err. PostgreSQL's own message can name
 * hosts, ports, constraints, values and SQL, so it goes to the log only
 * (with the SQLSTATE and the request id the log line carries); the status
 * a client sees says what happened and what to do, and nothing more.
 */
dbf_err dbf__pg_fail(PGconn *conn, const PGresult *res, const char *what, dbf_status *st) {
  char msg[300];
  const char *state = res ? PQresultErrorField(res, PG_DIAG_SQLSTATE) : NULL;
  copy_pg_message(msg, sizeof msg,
                  res && *PQresultErrorMessage(res) ? PQresultErrorMessage(res)
                                                    : PQerrorMessage(conn));
  dbf_err code;
  const char *says;
  /* No SQLSTATE: libpq itself failed (the connection broke mid-statement). */
  if (!conn || PQstatus(conn) != CONNECTION_OK || !state || !strncmp(state, "08", 2) ||
      sqlstate_is(state, "57P01") || sqlstate_is(state, "57P02") || sqlstate_is(state, "57P03") ||
      !strncmp(state, "53", 2)) {
    code = DBF_ERR_UNAVAILABLE;
    says = "database unavailable: the connection failed or the server is overloaded; retry "
           "shortly";
  } else if (sqlstate_is(state, "57014")) {
    code = DBF_ERR_DEADLINE;
    says = "the database did not finish in time (statement timeout)";
  } else if (sqlstate_is(state, "40001") || sqlstate_is(state, "40P01")) {
    code = DBF_ERR_CONFLICT;
    says = "a concurrent change conflicted with this one; retry";
  } else if (sqlstate_is(state, "23505")) {
    code = DBF_ERR_EXISTS;
    says = "it already exists";
  } else if (state && (!strncmp(state, "23", 2) || !strncmp(state, "22", 2))) {
    code = DBF_ERR_INVALID;
    says = "the database refused a value as malformed or out of range";
  } else {
    code = DBF_ERR_INTERNAL;
    says = "internal error; the server log has the cause";
  }
  dbf_log(code == DBF_ERR_INTERNAL ? DBF_LOG_ERROR : DBF_LOG_WARN, "db.error",
          "%s failed: sqlstate %s: %s", what, state ? state : "none", msg);
  const char *rid = dbf_log_request_id();
  if (code == DBF_ERR_INTERNAL && rid && *rid)
    return dbf_fail(st, code, "%s: %s (request %s, sqlstate %s)", what, says, rid,
                    state ? state : "none");
  return dbf_fail(st, code, "%s: %s (sqlstate %s)", what, says, state ? state : "none");
}

/* ---- connecting and health ---- */

static uint64_t next_rand(dbf_store *s) {
  /* xorshift64*, good enough for jitter; caller holds mu. */
  uint64_t x = s->rng;
  x ^= x >> 12;
  x ^= x << 25;
  x ^= x >> 27;
  s->rng = x;
  return x * 0x2545F4914F6CDD1Dull;
}

/*
 * Server notices (and the FATAL a terminated backend sends while idle) go to
 * the structured log rather than libpq's default of raw stderr.
 */
static void notice_to_log(void *arg, const char *message) {
  (void)arg;
  char msg[300];
  copy_pg_message(msg, sizeof msg, message);
  dbf_log(DBF_LOG_DEBUG, "db.notice", "%s", msg);
}

/*
 * Runs one statement and waits for its whole result, but never past
 * limit_ms (wall clock): the client side of every timeout. The server's
 * statement_timeout normally ends a slow statement first, with a clean
 * error; this bounds what it cannot, a host that stopped answering or a
 * frozen server, whose socket may still look alive. On time-out the result
 * is NULL, *timed_out is set and the connection must be dropped: the
 * statement's outcome is unknown. simple: the simple protocol (several
 * constant statements, no parameters); otherwise one statement with
 * text parameters. Like PQexec, an error result wins over later ones.
 */
/*
 * Waits until the connection has a result ready, within limit_ms. False on
 * time-out or when the socket cannot be waited on (then *timed_out is set
 * and the connection must be dropped); a lost connection returns true and
 * PQgetResult reports it.
 */
static bool wait_ready(PGconn *c, int64_t limit_ms, bool *timed_out) {
  while (PQisBusy(c)) {
    int64_t left = limit_ms - dbf_now_ms();
    if (left <= 0) {
      *timed_out = true;
      return false;
    }
    struct pollfd p = {.fd = PQsocket(c), .events = POLLIN};
    int r = poll(&p, 1, left > INT_MAX ? INT_MAX : (int)left);
    if (r < 0 && errno != EINTR) {
      *timed_out = true; /* cannot wait on this socket: give the connection up */
      return false;
    }
    if (r > 0 && !PQconsumeInput(c))
      return true;
  }
  return true;
}

static bool result_ok(const PGresult *r) {
  ExecStatusType rs = PQresultStatus(r);
  return r && (rs == PGRES_COMMAND_OK || rs == PGRES_TUPLES_OK);
}

/*
 * Reads one statement's results up to libpq's terminating NULL. Like
 * PQexec, an error result wins over later ones. NULL on time-out.
 */
static PGresult *read_results(PGconn *c, int64_t limit_ms, bool *timed_out) {
  PGresult *last = NULL;
  for (;;) {
    if (!wait_ready(c, limit_ms, timed_out)) {
      PQclear(last);
      return NULL;
    }
    PGresult *r = PQgetResult(c);
    if (!r)
      return last;
    if (last && !result_ok(last)) {
      PQclear(r); /* keep the first error */
    } else {
      PQclear(last);
      last = r;
    }
    if (PQstatus(c) != CONNECTION_OK)
      return last;
  }
}

/*
 * Sends one statement and waits for its result, bounded by limit_ms: a
 * frozen server, whose socket may still look alive. On time-out the result
 * is NULL, *timed_out is set and the connection must be dropped: the
 * statement's outcome is unknown. simple: the simple protocol (several
 * constant statements, no parameters); otherwise one statement with
 * text parameters.
 */
static PGresult *exec_wait(PGconn *c, const char *sql, int n, const char *const *params,
                           bool simple, int64_t limit_ms, bool *timed_out) {
  *timed_out = false;
  int sent =
      simple ? PQsendQuery(c, sql) : PQsendQueryParams(c, sql, n, NULL, params, NULL, NULL, 0);
  if (!sent)
    return NULL; /* the connection is bad; the caller reads PQerrorMessage */
  return read_results(c, limit_ms, timed_out);
}

PGconn *dbf__store_pg_connect(const dbf_store *s, int timeout_s, const char *app_name) {
  char timeout[16];
  if (timeout_s > s->connect_timeout_s)
    timeout_s = s->connect_timeout_s;
  snprintf(timeout, sizeof timeout, "%d", timeout_s < 2 ? 2 : timeout_s); /* libpq's minimum */
  /* Our defaults come first so that anything in the URL overrides them;
     dbname is expanded as a full connection string. */
  /* TCP keepalives (ignored on Unix sockets) find silently dropped idle
     connections (a LISTEN connection is idle for hours); tcp_user_timeout
     ends a busy one whose host stopped acknowledging (a partition), instead
     of the kernel's ~15 minutes of retransmissions. */
  const char *keys[] = {"connect_timeout",
                        "application_name",
                        "keepalives",
                        "keepalives_idle",
                        "keepalives_interval",
                        "keepalives_count",
                        "tcp_user_timeout",
                        "dbname",
                        NULL};
  const char *vals[] = {timeout, app_name, "1", "30", "10", "3", "10000", s->conninfo, NULL};
  PGconn *c = PQconnectdbParams(keys, vals, 1);
  if (c)
    PQsetNoticeProcessor(c, notice_to_log, NULL);
  return c;
}

static dbf_err pool_connect(dbf_store *s, int64_t deadline_ms, PGconn **out, dbf_status *st) {
  int64_t now = dbf_now_ms();
  pthread_mutex_lock(&s->mu);
  if (s->last_connect_fail_ms && now - s->last_connect_fail_ms < POOL_CONNECT_BACKOFF_MS) {
    pthread_mutex_unlock(&s->mu); /* the log has why; clients get no host or port */
    return dbf_fail(st, DBF_ERR_UNAVAILABLE, DB_DOWN_MSG);
  }
  pthread_mutex_unlock(&s->mu);

  int timeout_s = s->connect_timeout_s;
  if (deadline_ms > now + s->statement_timeout_ms)
    deadline_ms = now + s->statement_timeout_ms; /* a connect is a statement too */
  {
    int64_t left_s = (deadline_ms - now + 999) / 1000;
    if (left_s <= 0)
      return dbf_fail(st, DBF_ERR_DEADLINE, "deadline passed before connecting to the database");
    if (left_s < timeout_s)
      timeout_s = (int)left_s;
  }
  PGconn *c = dbf__store_pg_connect(s, timeout_s, "debrief");
  if (!c || PQstatus(c) != CONNECTION_OK) {
    char err[256];
    copy_pg_message(err, sizeof err, c ? PQerrorMessage(c) : "out of memory");
    PQfinish(c);
    pthread_mutex_lock(&s->mu);
    s->last_connect_fail_ms = dbf_now_ms();
    s->connect_errors++;
    pthread_mutex_unlock(&s->mu);
    dbf_log(DBF_LOG_WARN, "db.connect_failed", "%s", err);
    return dbf_fail(st, DBF_ERR_UNAVAILABLE, DB_DOWN_MSG);
  }
  /*
   * The session-level default timeout, set once per connection, so that a
   * call whose deadline is further away than the default needs no SET per
   * transaction. The value is our own integer, not input.
   */
  char set_timeout[64];
  snprintf(set_timeout, sizeof set_timeout, "SET statement_timeout = %d", s->statement_timeout_ms);
  bool timed_out = false;
  PGresult *sr =
      exec_wait(c, set_timeout, 0, NULL, true, dbf_now_ms() + PING_TIMEOUT_MS, &timed_out);
  bool set_ok = PQresultStatus(sr) == PGRES_COMMAND_OK;
  PQclear(sr);
  if (!set_ok) {
    char err[256];
    copy_pg_message(err, sizeof err, PQerrorMessage(c));
    PQfinish(c);
    dbf_log(DBF_LOG_WARN, "db.connect_failed", "setting the statement timeout: %s", err);
    return dbf_fail(st, DBF_ERR_UNAVAILABLE, DB_DOWN_MSG);
  }
  pthread_mutex_lock(&s->mu);
  bool was_down = s->last_connect_fail_ms != 0;
  s->last_connect_fail_ms = 0;
  s->connects++;
  pthread_mutex_unlock(&s->mu);
  if (was_down)
    dbf_log(DBF_LOG_INFO, "db.reconnected", "database reachable again");
  *out = c;
  return DBF_OK;
}

/* The client-side limit of a statement started now under deadline_ms. */
static int64_t statement_limit(const dbf_store *s, int64_t deadline_ms) {
  int64_t limit = dbf_now_ms() + s->statement_timeout_ms;
  if (deadline_ms < limit)
    limit = deadline_ms;
  return limit + CLIENT_GRACE_MS;
}

/*
 * True when an idle connection still works. An idle connection should have
 * nothing to read; if the socket is readable the server sent something on
 * its own - most often the FATAL message and EOF of a terminated backend - so
 * the input is consumed and the connection pinged. Long-idle connections are
 * pinged too, since NATs and proxies drop them silently.
 */
static bool conn_healthy(PGconn *c, int64_t idle_ms) {
  if (!c || PQstatus(c) != CONNECTION_OK || PQtransactionStatus(c) != PQTRANS_IDLE)
    return false;
  struct pollfd p = {.fd = PQsocket(c), .events = POLLIN};
  int r = poll(&p, 1, 0);
  if (r < 0)
    return false;
  if (r == 0 && idle_ms < POOL_IDLE_PING_MS)
    return true;
  if (r > 0) {
    if (!PQconsumeInput(c) || PQstatus(c) != CONNECTION_OK)
      return false;
    PGnotify *n;
    while ((n = PQnotifies(c)))
      PQfreemem(n);
  }
  bool timed_out = false;
  PGresult *res = exec_wait(c, "SELECT 1", 0, NULL, true, dbf_now_ms() + PING_TIMEOUT_MS,
                            &timed_out); /* constant; no parameters needed */
  bool ok = PQresultStatus(res) == PGRES_TUPLES_OK;
  PQclear(res);
  return ok && PQstatus(c) == CONNECTION_OK;
}

/* Ends a wait for a slot begun at wait_from (0: there was none) in the stats. Caller holds mu. */
static void pool_wait_end(dbf_store *s, int64_t wait_from) {
  if (!wait_from)
    return;
  int64_t us = dbf_mono_us() - wait_from;
  s->waiters--;
  s->wait_us += us > 0 ? (uint64_t)us : 0;
}

/* Takes a free slot and makes sure it holds a healthy connection. */
static dbf_err pool_acquire(dbf_store *s, int64_t deadline_ms, pool_slot **out, dbf_status *st) {
  int64_t now = dbf_now_ms();
  int64_t wait_ms = s->acquire_timeout_ms;
  if (deadline_ms != INT64_MAX && deadline_ms - now < wait_ms)
    wait_ms = deadline_ms - now;
  if (wait_ms <= 0)
    return dbf_fail(st, DBF_ERR_DEADLINE,
                    "the step's time budget was already spent before it reached the database");
  struct timespec until = dbf_clock_after(CLOCK_MONOTONIC, wait_ms);

  pool_slot *slot = NULL;
  int64_t wait_from = 0; /* dbf_mono_us() when this caller began to wait; 0: it did not */
  pthread_mutex_lock(&s->mu);
  for (;;) {
    /* Prefer a slot that already holds a connection. */
    for (int i = 0; i < s->n_slots && !slot; i++)
      if (!s->slots[i].in_use && s->slots[i].conn)
        slot = &s->slots[i];
    for (int i = 0; i < s->n_slots && !slot; i++)
      if (!s->slots[i].in_use)
        slot = &s->slots[i];
    if (slot)
      break;
    if (!wait_from) {
      wait_from = dbf_mono_us() | 1; /* never 0 */
      s->waiters++;
      s->waits++;
    }
    int rc = pthread_cond_timedwait(&s->cv, &s->mu, &until);
    if (rc == ETIMEDOUT) {
      pool_wait_end(s, wait_from);
      pthread_mutex_unlock(&s->mu);
      if (deadline_ms != INT64_MAX && dbf_now_ms() >= deadline_ms)
        return dbf_fail(st, DBF_ERR_DEADLINE,
                        "deadline passed waiting for a free database connection");
      return dbf_fail(st, DBF_ERR_UNAVAILABLE,
                      "database unavailable: all %d connections stayed busy for %d ms", s->n_slots,
                      s->acquire_timeout_ms);
    }
  }
  slot->in_use = true;
  s->in_use++;
  pool_wait_end(s, wait_from);
  pthread_mutex_unlock(&s->mu);

  if (!conn_healthy(slot->conn, now - slot->last_used)) {
    if (slot->conn)
      dbf_log(DBF_LOG_INFO, "db.reconnect", "replacing a dead pooled connection");
    slot_drop_conn(slot);
    dbf_err rc = pool_connect(s, deadline_ms, &slot->conn, st);
    if (rc) {
      pthread_mutex_lock(&s->mu);
      slot->in_use = false;
      s->in_use--;
      pthread_cond_signal(&s->cv);
      pthread_mutex_unlock(&s->mu);
      return rc;
    }
  }
  *out = slot;
  return DBF_OK;
}

/* Returns a slot; a broken or mid-transaction connection is dropped. */
static void pool_release(dbf_store *s, pool_slot *slot, bool broken) {
  if (broken || (slot->conn && (PQstatus(slot->conn) != CONNECTION_OK ||
                                PQtransactionStatus(slot->conn) != PQTRANS_IDLE)))
    slot_drop_conn(slot);
  pthread_mutex_lock(&s->mu);
  slot->in_use = false;
  slot->last_used = dbf_now_ms();
  s->in_use--;
  pthread_cond_signal(&s->cv);
  pthread_mutex_unlock(&s->mu);
}

/* ---- open / close ---- */

dbf_err dbf_store_open(const dbf_store_opts *opts, dbf_store **out, dbf_status *st) {
  dbf_err rc = DBF_OK;
  *out = NULL;
  if (!opts || !opts->conninfo || !*opts->conninfo)
    return dbf_fail(st, DBF_ERR_INVALID, "no database connection string given");
  dbf_store *s = dbf_calloc(1, sizeof *s);
  if (!s)
    return dbf_fail(st, DBF_ERR_NOMEM, "out of memory opening the store");
  s->n_slots = opts->pool_size > 0 ? opts->pool_size : POOL_DEFAULT_SIZE;
  s->connect_timeout_s =
      opts->connect_timeout_s > 0 ? opts->connect_timeout_s : POOL_DEFAULT_CONNECT_TIMEOUT_S;
  s->acquire_timeout_ms =
      opts->acquire_timeout_ms > 0 ? opts->acquire_timeout_ms : POOL_DEFAULT_ACQUIRE_TIMEOUT_MS;
  s->statement_timeout_ms = opts->statement_timeout_ms > 0 ? opts->statement_timeout_ms
                                                           : POOL_DEFAULT_STATEMENT_TIMEOUT_MS;
  s->session_timeout_s =
      opts->session_timeout_s > 0 ? opts->session_timeout_s : POOL_DEFAULT_SESSION_TIMEOUT_S;
  s->prepare = !opts->no_prepared_statements;
  s->rng = (uint64_t)dbf_now_ms() * 0x9E3779B97F4A7C15ull | 1u;
  s->slots = dbf_calloc((size_t)s->n_slots, sizeof *s->slots);
  s->conninfo = dbf_strdup(opts->conninfo);
  s->data_dir = dbf_strdup(opts->data_dir ? opts->data_dir : ".");
  if (!s->slots || !s->conninfo || !s->data_dir) {
    dbf_free(s->slots);
    dbf_free(s->conninfo);
    dbf_free(s->data_dir);
    dbf_free(s);
    return dbf_fail(st, DBF_ERR_NOMEM, "out of memory opening the store");
  }
  pthread_mutex_init(&s->mu, NULL);
  dbf_cond_init_mono(&s->cv);

  /* Fail start-up early and clearly when the database cannot be reached. */
  rc = pool_connect(s, dbf_now_ms() + (int64_t)s->connect_timeout_s * 1000, &s->slots[0].conn, st);
  if (rc) {
    dbf_store_close(s);
    return rc;
  }
  s->slots[0].last_used = dbf_now_ms();
  *out = s;
  return DBF_OK;
}

void dbf_store_close(dbf_store *s) {
  if (!s)
    return;
  DBF_ASSERT(s->in_use == 0);
  for (int i = 0; i < s->n_slots; i++)
    slot_drop_conn(&s->slots[i]);
  pthread_cond_destroy(&s->cv);
  pthread_mutex_destroy(&s->mu);
  dbf_free(s->slots);
  dbf_free(s->conninfo);
  dbf_free(s->data_dir);
  dbf_free(s);
}

void dbf_store_get_stats(dbf_store *s, dbf_store_stats *out) {
  pthread_mutex_lock(&s->mu);
  out->connects = s->connects;
  out->connect_errors = s->connect_errors;
  out->tx_retries = s->tx_retries;
  out->size = s->n_slots;
  out->in_use = s->in_use;
  out->waiters = s->waiters;
  out->waits = s->waits;
  out->wait_us = s->wait_us;
  pthread_mutex_unlock(&s->mu);
}

/* ---- statements ---- */

/* Maps a statement's result for both protocols; takes ownership of res. */
static dbf_err exec_result(dbf_tx *tx, PGresult *res, PGresult **out, dbf_status *st) {
  if (tx->timed_out) {
    tx->conn_broken = true;
    return dbf_fail(st, DBF_ERR_DEADLINE,
                    "the database did not answer in time (its host may be unreachable); the "
                    "connection was dropped");
  }
  ExecStatusType rs = PQresultStatus(res);
  if (res && (rs == PGRES_COMMAND_OK || rs == PGRES_TUPLES_OK)) {
    tx->sqlstate[0] = '\0';
    if (out)
      *out = res;
    else
      PQclear(res);
    return DBF_OK;
  }
  const char *state = res ? PQresultErrorField(res, PG_DIAG_SQLSTATE) : NULL;
  snprintf(tx->sqlstate, sizeof tx->sqlstate, "%s", state ? state : "");
  dbf_err rc = dbf__pg_fail(tx->conn, res, "query", st);
  if (rc == DBF_ERR_UNAVAILABLE) {
    tx->conn_broken = true;
    tx->retryable = true;
  } else if (rc == DBF_ERR_CONFLICT) {
    tx->retryable = true;
  }
  PQclear(res);
  return rc;
}

/*
 * ---- prepared statements ----
 *
 * Every statement runs as a named prepared statement of its connection:
 * the first use on a connection sends the Parse (in the same pipeline as
 * the statement itself inside a transaction), later uses only Bind and
 * Execute, so PostgreSQL parses and plans each text once per connection.
 * A Parse that fails, or never ran because an earlier statement failed,
 * leaves the entry not ready and the next use sends it again. What a
 * connection prepared is forgotten with the connection.
 */

static void slot_forget_stmts(pool_slot *slot) {
  for (int i = 0; i < slot->n_stmts; i++)
    dbf_free(slot->stmts[i].sql);
  dbf_free(slot->stmts);
  slot->stmts = NULL;
  slot->n_stmts = slot->next_stmt = 0;
}

/* Closes the slot's connection, if any, and forgets its statements. */
static void slot_drop_conn(pool_slot *slot) {
  PQfinish(slot->conn);
  slot->conn = NULL;
  slot_forget_stmts(slot);
}

/*
 * The slot's entry for sql, added (not ready) when missing; NULL when sql
 * runs unnamed: preparing is off, the text is too long, the cache is full
 * or out of memory.
 */
static stmt_entry *stmt_entry_for(dbf_tx *tx, const char *sql) {
  pool_slot *slot = tx->slot;
  if (!tx->store->prepare || !slot || strlen(sql) > STMT_SQL_MAX)
    return NULL;
  uint64_t h = dbf__fnv1a(0xcbf29ce484222325ull, sql);
  for (int i = 0; i < slot->n_stmts; i++)
    if (slot->stmts[i].hash == h && !strcmp(slot->stmts[i].sql, sql))
      return &slot->stmts[i];
  if (slot->n_stmts >= STMT_CACHE_MAX)
    return NULL;
  if (!slot->stmts && !(slot->stmts = dbf_calloc(STMT_CACHE_MAX, sizeof *slot->stmts)))
    return NULL;
  char *copy = dbf_strdup(sql);
  if (!copy)
    return NULL;
  stmt_entry *e = &slot->stmts[slot->n_stmts++];
  *e = (stmt_entry){.hash = h, .sql = copy};
  snprintf(e->name, sizeof e->name, "s%d", ++slot->next_stmt);
  return e;
}

/* Sends sql as e's Bind/Execute, or unnamed when e is NULL. */
static int send_stmt(PGconn *c, const stmt_entry *e, const char *sql, int n,
                     const char *const *params) {
  return e ? PQsendQueryPrepared(c, e->name, n, params, NULL, NULL, 0)
           : PQsendQueryParams(c, sql, n, NULL, params, NULL, NULL, 0);
}

/*
 * Outside a pipeline (an autocommit read): prepares e first when the
 * server does not have it yet, one extra round trip on the connection's
 * first use of the text. NULL (and the statement not sent) on failure,
 * with *timed_out set when the server did not answer.
 */
static PGresult *exec_prepared(dbf_tx *tx, stmt_entry *e, const char *sql, int n,
                               const char *const *params, int64_t limit_ms) {
  tx->timed_out = false;
  if (e && !e->ready) {
    if (!PQsendPrepare(tx->conn, e->name, sql, n, NULL))
      return NULL;
    PGresult *r = read_results(tx->conn, limit_ms, &tx->timed_out);
    if (!result_ok(r))
      return r; /* the error (or NULL on time-out) is the statement's */
    PQclear(r);
    e->ready = true;
  }
  if (!send_stmt(tx->conn, e, sql, n, params))
    return NULL;
  return read_results(tx->conn, limit_ms, &tx->timed_out);
}

/*
 * ---- pipelined transactions ----
 *
 * A transaction (dbf_store_tx) runs its connection in libpq's pipeline
 * mode. A statement whose result the body does not need (dbf_tx_send) is
 * only queued on the connection. A statement whose result it needs
 * (dbf_tx_exec) goes after the queued ones, followed by a sync, and all
 * their results come back in that one round trip. BEGIN travels with the
 * first statement and COMMIT with the last writes, so an interview turn is
 * two round trips: the locked read, then everything it writes and COMMIT.
 * A queued statement's error surfaces at the next sync and fails the
 * transaction, as it would have failed it at once.
 */

/*
 * Sends a sync and reads the results of every queued statement. The first
 * error wins; a statement that returned other than its expected row count
 * is a conflict (retryable). *out, if non-NULL, takes the last statement's
 * result when all succeeded.
 */
static dbf_err pipe_sync(dbf_tx *tx, PGresult **out, dbf_status *st) {
  int n = tx->n_sent;
  PGresult *err = NULL, *last = NULL;
  bool short_rows = false;
  if (out)
    *out = NULL;
  tx->n_sent = 0;
  if (!PQpipelineSync(tx->conn)) {
    tx->conn_broken = true;
    return exec_result(tx, NULL, NULL, st);
  }
  int64_t limit = statement_limit(tx->store, tx->deadline_ms);
  for (int i = 0; i < n; i++) {
    PGresult *r = read_results(tx->conn, limit, &tx->timed_out);
    if (tx->timed_out)
      goto fail;
    if (tx->prepared[i]) {
      /* A Parse: ready if it ran; if not, the next use sends it again. */
      tx->prepared[i]->in_flight = false;
      tx->prepared[i]->ready = result_ok(r);
    }
    if (!result_ok(r)) {
      /* The statements after a failed one report PIPELINE_ABORTED. */
      if (!err && PQresultStatus(r) != PGRES_PIPELINE_ABORTED) {
        err = r;
        r = NULL;
      }
    } else if (tx->expect[i] >= 0 && PQntuples(r) != tx->expect[i]) {
      short_rows = true;
    } else if (out && i == n - 1) {
      last = r;
      r = NULL;
    }
    PQclear(r);
  }
  /* The sync's own result closes the round trip. */
  if (!wait_ready(tx->conn, limit, &tx->timed_out))
    goto fail;
  PGresult *sync = PQgetResult(tx->conn);
  bool synced = PQresultStatus(sync) == PGRES_PIPELINE_SYNC;
  PQclear(sync);
  if (!synced || PQstatus(tx->conn) != CONNECTION_OK) {
    tx->conn_broken = true; /* lost, or out of step with the server: never reuse it */
    if (!err)
      goto fail;
  }
  if (err) {
    PQclear(last);
    return exec_result(tx, err, NULL, st);
  }
  if (short_rows) {
    PQclear(last);
    tx->retryable = true;
    return dbf_fail(st, DBF_ERR_CONFLICT, "a concurrent change touched the same rows; retry");
  }
  if (out)
    *out = last;
  else
    PQclear(last);
  return DBF_OK;
fail:
  PQclear(err);
  PQclear(last);
  tx->conn_broken = true;
  return exec_result(tx, NULL, NULL, st);
}

/* Queues one statement; expect is the row count it must return, -1 for any. */
static dbf_err pipe_send(dbf_tx *tx, const char *sql, int n, const char *const *params, int expect,
                         dbf_status *st) {
  if (tx->n_sent + 2 > TX_PIPE_MAX) { /* room for a Parse and the statement */
    dbf_err rc = pipe_sync(tx, NULL, st);
    if (rc)
      return rc;
  }
  stmt_entry *e = stmt_entry_for(tx, sql);
  if (e && !e->ready && !e->in_flight) {
    if (!PQsendPrepare(tx->conn, e->name, sql, n, NULL))
      goto broken;
    e->in_flight = true;
    tx->prepared[tx->n_sent] = e;
    tx->expect[tx->n_sent++] = -1;
  }
  if (!send_stmt(tx->conn, e, sql, n, params))
    goto broken;
  tx->prepared[tx->n_sent] = NULL;
  tx->expect[tx->n_sent++] = expect < 0 ? -1 : expect;
  return DBF_OK;
broken:
  tx->conn_broken = true; /* the pipeline's state is unknown now */
  return exec_result(tx, NULL, NULL, st);
}

dbf_err dbf_tx_exec(dbf_tx *tx, const char *sql, int n, const char *const *params, PGresult **out,
                    dbf_status *st) {
  if (out)
    *out = NULL;
  if (tx->pipelined) {
    dbf_err rc = pipe_send(tx, sql, n, params, -1, st);
    return rc ? rc : pipe_sync(tx, out, st);
  }
  PGresult *res = exec_prepared(tx, stmt_entry_for(tx, sql), sql, n, params,
                                statement_limit(tx->store, tx->deadline_ms));
  return exec_result(tx, res, out, st);
}

dbf_err dbf_tx_send(dbf_tx *tx, const char *sql, int n, const char *const *params, int expect_rows,
                    dbf_status *st) {
  if (tx->pipelined)
    return pipe_send(tx, sql, n, params, expect_rows, st);
  /* Outside a transaction (dbf_store_read) there is nothing to batch with. */
  PGresult *res = NULL;
  dbf_err rc = dbf_tx_exec(tx, sql, n, params, &res, st);
  if (!rc && expect_rows >= 0 && PQntuples(res) != expect_rows) {
    tx->retryable = true;
    rc = dbf_fail(st, DBF_ERR_CONFLICT, "a concurrent change touched the same rows; retry");
  }
  PQclear(res);
  return rc;
}

const char *dbf_tx_sqlstate(const dbf_tx *tx) {
  return tx->sqlstate;
}
dbf_store *dbf_tx_store(const dbf_tx *tx) {
  return tx->store;
}

/* ---- transactions ---- */

static void sleep_ms(int64_t ms) {
  if (ms <= 0)
    return;
  struct timespec ts = {.tv_sec = ms / 1000, .tv_nsec = (long)(ms % 1000) * 1000000L};
  while (nanosleep(&ts, &ts) == -1 && errno == EINTR) {
  }
}

/*
 * One attempt: BEGIN (with a tighter statement_timeout when the deadline
 * is nearer than the connection's default), fn, COMMIT, pipelined (see
 * above). With autocommit, fn runs without BEGIN/COMMIT and without a
 * pipeline: one round trip for a single-statement read.
 */
static dbf_err tx_attempt(dbf_store *s, int64_t deadline_ms, dbf_tx_fn fn, void *arg, dbf_tx *tx,
                          bool autocommit, dbf_status *st) {
  pool_slot *slot = NULL;
  dbf_err rc = pool_acquire(s, deadline_ms, &slot, st);
  if (rc) {
    /* A connect failure right after losing one is still worth a retry. */
    tx->retryable = rc == DBF_ERR_UNAVAILABLE;
    return rc;
  }
  tx->slot = slot;
  tx->conn = slot->conn;
  tx->deadline_ms = deadline_ms;

  int64_t timeout_ms = s->statement_timeout_ms;
  if (deadline_ms != INT64_MAX) {
    int64_t left = deadline_ms - dbf_now_ms();
    if (left <= 0) {
      rc = dbf_fail(st, DBF_ERR_DEADLINE, "deadline passed before the transaction started");
      goto out;
    }
    if (left < timeout_ms)
      timeout_ms = left;
  }
  if (autocommit && timeout_ms >= s->statement_timeout_ms) {
    rc = fn(tx, arg, st);
    goto out;
  }
  if (!PQenterPipelineMode(tx->conn)) {
    tx->conn_broken = true;
    rc = dbf__pg_fail(tx->conn, NULL, "pipeline", st);
    goto out;
  }
  tx->pipelined = true;
  rc = pipe_send(tx, "BEGIN", 0, NULL, -1, st); /* constant statement */
  if (!rc && timeout_ms < s->statement_timeout_ms) {
    /* One statement text whatever the value, so it is prepared once. */
    char ms[24];
    snprintf(ms, sizeof ms, "%" PRId64, timeout_ms);
    const char *p[] = {ms};
    rc = pipe_send(tx, "SELECT set_config('statement_timeout', $1, true)", 1, p, -1, st);
  }
  if (rc)
    goto out;

  rc = fn(tx, arg, st);
  if (rc)
    goto out;
  if (!tx->n_sent && PQtransactionStatus(tx->conn) == PQTRANS_INERROR) {
    /* fn swallowed an error; COMMIT would silently roll back. */
    rc = dbf_fail(st, DBF_ERR_INTERNAL, "transaction body ignored a database error");
    goto out;
  }
  rc = pipe_send(tx, "COMMIT", 0, NULL, -1, st); /* constant statement */
  PGresult *commit = NULL;
  if (!rc)
    rc = pipe_sync(tx, &commit, st);
  /* COMMIT of a transaction that failed earlier answers "ROLLBACK", not an
   * error: never take that for a commit. */
  if (!rc && (!commit || strcmp(PQcmdStatus(commit), "COMMIT")))
    rc = dbf_fail(st, DBF_ERR_INTERNAL, "the transaction was rolled back instead of committed");
  PQclear(commit);
  if (rc && (tx->timed_out || tx->conn_broken)) {
    /* COMMIT was on its way: whether it happened is unknown. */
    tx->retryable = false;
    rc = dbf_fail(st, DBF_ERR_UNAVAILABLE,
                  tx->timed_out
                      ? "database unavailable: no answer to the commit in time, so the outcome "
                        "is unknown; retry the request (it is safe when idempotent)"
                      : "database unavailable: the connection was lost while committing, so the "
                        "outcome is unknown; retry the request (it is safe when idempotent)");
  }

out:
  if (tx->pipelined && !tx->conn_broken) {
    /* Read back what a failed body left queued, then leave pipeline mode. */
    if (tx->n_sent) {
      dbf_status ignored = {0};
      (void)pipe_sync(tx, NULL, &ignored);
    }
    if (!tx->conn_broken && !PQexitPipelineMode(tx->conn))
      tx->conn_broken = true;
  }
  if (!tx->conn_broken && PQstatus(tx->conn) == CONNECTION_OK &&
      PQtransactionStatus(tx->conn) != PQTRANS_IDLE) {
    bool timed_out = false;
    PGresult *rb = exec_wait(tx->conn, "ROLLBACK", 0, NULL, true, /* constant statement */
                             dbf_now_ms() + PING_TIMEOUT_MS, &timed_out);
    if (PQresultStatus(rb) != PGRES_COMMAND_OK)
      tx->conn_broken = true;
    PQclear(rb);
  }
  pool_release(s, slot, tx->conn_broken);
  tx->conn = NULL;
  return rc;
}

static dbf_err run_attempts(dbf_store *s, int64_t deadline_ms, dbf_tx_fn fn, void *arg,
                            bool autocommit, dbf_status *st) {
  dbf_err rc = DBF_OK;
  for (int attempt = 1;; attempt++) {
    dbf_tx tx = {.store = s};
    rc = tx_attempt(s, deadline_ms, fn, arg, &tx, autocommit, st);
    if (!rc || !tx.retryable || attempt >= TX_MAX_ATTEMPTS)
      break;
    int64_t cap = TX_BACKOFF_BASE_MS << (attempt - 1);
    if (cap > TX_BACKOFF_MAX_MS)
      cap = TX_BACKOFF_MAX_MS;
    pthread_mutex_lock(&s->mu);
    int64_t delay = (int64_t)(next_rand(s) % (uint64_t)cap) + 1; /* full jitter */
    s->tx_retries++;
    pthread_mutex_unlock(&s->mu);
    if (deadline_ms != INT64_MAX && dbf_now_ms() + delay >= deadline_ms)
      break;
    dbf_log(DBF_LOG_DEBUG, "db.tx_retry", "attempt %d failed (%s: %s); retrying in %" PRId64 " ms",
            attempt, dbf_err_name(rc), st ? st->msg : "", delay);
    sleep_ms(delay);
  }
  return rc;
}

dbf_err dbf_store_tx(dbf_store *s, int64_t deadline_ms, dbf_tx_fn fn, void *arg, dbf_status *st) {
  return run_attempts(s, deadline_ms, fn, arg, false, st);
}

dbf_err dbf_store_read(dbf_store *s, int64_t deadline_ms, dbf_tx_fn fn, void *arg, dbf_status *st) {
  return run_attempts(s, deadline_ms, fn, arg, true, st);
}

dbf_err dbf__store_with_conn(dbf_store *s, int64_t deadline_ms, dbf__conn_fn fn, void *arg,
                             dbf_status *st) {
  pool_slot *slot = NULL;
  dbf_err rc = pool_acquire(s, deadline_ms, &slot, st);
  if (rc)
    return rc;
  rc = fn(slot->conn, arg, st);
  pool_release(s, slot, false);
  return rc;
}

/* ---- result helpers ---- */

const char *dbf_pg_str(const PGresult *res, int row, int col) {
  if (!res || row >= PQntuples(res) || col >= PQnfields(res) || PQgetisnull(res, row, col))
    return NULL;
  return PQgetvalue(res, row, col);
}

char *dbf__pg_dup(const PGresult *res, int row, int col, bool *oom) {
  const char *v = dbf_pg_str(res, row, col);
  char *d = dbf_strdup(v ? v : "");
  if (!d)
    *oom = true;
  return d;
}

int64_t dbf_pg_i64(const PGresult *res, int row, int col, int64_t def) {
  const char *v = dbf_pg_str(res, row, col);
  if (!v || !*v)
    return def;
  char *end = NULL;
  errno = 0;
  long long x = strtoll(v, &end, 10);
  if (errno || *end)
    return def;
  return (int64_t)x;
}

bool dbf_pg_bool(const PGresult *res, int row, int col) {
  const char *v = dbf_pg_str(res, row, col);
  return v && v[0] == 't';
}

json_t *dbf_pg_json(const PGresult *res, int row, int col) {
  const char *v = dbf_pg_str(res, row, col);
  if (!v)
    return NULL;
  return json_loads(v, JSON_DECODE_ANY, NULL);
}

bool dbf_uuid_valid(const char *s) {
  if (!s)
    return false;
  for (int i = 0; i < 36; i++) {
    char c = s[i];
    if (i == 8 || i == 13 || i == 18 || i == 23) {
      if (c != '-')
        return false;
    } else if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F'))) {
      return false;
    }
  }
  return s[36] == '\0';
}

static int dump_to_buf(const char *data, size_t size, void *arg) {
  return dbf_buf_append(arg, data, size) ? -1 : 0;
}

dbf_err dbf__json_text(const json_t *j, dbf_buf *b, dbf_status *st) {
  if (!j)
    return DBF_OK;
  if (json_dump_callback(j, dump_to_buf, b, JSON_COMPACT | JSON_ENCODE_ANY) != 0 || !b->data)
    return dbf_fail(st, DBF_ERR_TOO_BIG, "JSON value too big to store (limit %zu bytes)", b->max);
  return DBF_OK;
}

/* ---- page tokens ---- */

uint64_t dbf__fnv1a(uint64_t h, const char *s) {
  for (const unsigned char *p = (const unsigned char *)(s ? s : ""); *p; p++) {
    h ^= *p;
    h *= 0x100000001b3ull;
  }
  h ^= 0xff; /* a separator, so ("ab","c") and ("a","bc") differ */
  h *= 0x100000001b3ull;
  return h;
}

static const char b64url[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

char *dbf__page_token_encode(const char *kind, uint64_t fingerprint, const char *a, const char *b) {
  char raw[512];
  int n = snprintf(raw, sizeof raw, "%s|%016" PRIx64 "|%s|%s", kind, fingerprint, a ? a : "",
                   b ? b : "");
  if (n < 0 || (size_t)n >= sizeof raw)
    return NULL;
  size_t len = (size_t)n;
  char *out = dbf_malloc((len + 2) / 3 * 4 + 1);
  if (!out)
    return NULL;
  size_t o = 0;
  for (size_t i = 0; i < len; i += 3) {
    uint32_t v = (uint32_t)(unsigned char)raw[i] << 16;
    if (i + 1 < len)
      v |= (uint32_t)(unsigned char)raw[i + 1] << 8;
    if (i + 2 < len)
      v |= (uint32_t)(unsigned char)raw[i + 2];
    out[o++] = b64url[(v >> 18) & 63];
    out[o++] = b64url[(v >> 12) & 63];
    if (i + 1 < len)
      out[o++] = b64url[(v >> 6) & 63];
    if (i + 2 < len)
      out[o++] = b64url[v & 63];
  }
  out[o] = '\0';
  return out;
}

static int b64url_val(char c) {
  const char *p = c ? strchr(b64url, c) : NULL;
  return p ? (int)(p - b64url) : -1;
}

dbf_err dbf__page_token_decode(const char *token, const char *kind, uint64_t fingerprint, char *a,
                               size_t a_len, char *b, size_t b_len, dbf_status *st) {
  char raw[512];
  size_t tlen = strnlen(token, 700);
  size_t o = 0;
  if (tlen >= 700 || tlen % 4 == 1)
    goto bad;
  for (size_t i = 0; i < tlen; i += 4) {
    int v[4] = {0, 0, 0, 0};
    size_t k = 0;
    for (; k < 4 && i + k < tlen; k++)
      if ((v[k] = b64url_val(token[i + k])) < 0)
        goto bad;
    uint32_t x = (uint32_t)v[0] << 18 | (uint32_t)v[1] << 12 | (uint32_t)v[2] << 6 | (uint32_t)v[3];
    /* k characters carry k - 1 bytes, and raw keeps one more for the NUL. */
    if (o + (k - 1) >= sizeof raw)
      goto bad;
    raw[o++] = (char)(x >> 16);
    if (k > 2)
      raw[o++] = (char)(x >> 8);
    if (k > 3)
      raw[o++] = (char)x;
  }
  raw[o] = '\0';
  if (strlen(raw) != o)
    goto bad;
  /* kind|fingerprint|a|b */
  char *p1 = strchr(raw, '|');
  char *p2 = p1 ? strchr(p1 + 1, '|') : NULL;
  char *p3 = p2 ? strchr(p2 + 1, '|') : NULL;
  if (!p3 || strchr(p3 + 1, '|'))
    goto bad;
  *p1 = *p2 = *p3 = '\0';
  if (strcmp(raw, kind))
    goto bad;
  char want[17];
  snprintf(want, sizeof want, "%016" PRIx64, fingerprint);
  if (strcmp(p1 + 1, want))
    return dbf_fail(st, DBF_ERR_INVALID,
                    "page_token was issued for a different query; repeat the same filters "
                    "and page_size, or omit page_token to start over");
  if (strlen(p2 + 1) >= a_len || strlen(p3 + 1) >= b_len)
    goto bad;
  snprintf(a, a_len, "%s", p2 + 1);
  snprintf(b, b_len, "%s", p3 + 1);
  return DBF_OK;
bad:
  return dbf_fail(st, DBF_ERR_INVALID,
                  "page_token is not valid; pass the next_page_token of the previous "
                  "response unchanged, or omit it to start from the first page");
}

dbf_err dbf__keyset_tail(dbf_buf *sql, const char *page_token, const char *kind,
                         uint64_t fingerprint, int page_size, const char **params, int *n,
                         dbf__keyset_buf *buf, dbf_status *st) {
  dbf_err rc = DBF_OK;
  if (page_token && *page_token) {
    rc = dbf__page_token_decode(page_token, kind, fingerprint, buf->us, sizeof buf->us, buf->id,
                                sizeof buf->id, st);
    if (rc)
      return rc;
    int64_t us;
    if (dbf_parse_i64(buf->us, 0, INT64_MAX, &us) || !dbf_uuid_valid(buf->id))
      return dbf_fail(st, DBF_ERR_INVALID, "page_token is not valid; omit it to start over");
    rc = dbf_buf_printf(sql, " AND (created_at, id) < (" DBF__TS("$%d") ", $%d::uuid)", *n + 1,
                        *n + 2);
    params[(*n)++] = buf->us;
    params[(*n)++] = buf->id;
  }
  snprintf(buf->limit, sizeof buf->limit, "%d", page_size + 1);
  if (!rc)
    rc = dbf_buf_printf(sql, " ORDER BY created_at DESC, id DESC LIMIT $%d", *n + 1);
  params[(*n)++] = buf->limit;
  return rc ? dbf_fail(st, rc, "out of memory building a list query") : DBF_OK;
}

dbf_err dbf__keyset_read(dbf_tx *tx, const char *sql, int n_params, const char *const *params,
                         int page_size, const char *kind, uint64_t fingerprint, int us_col,
                         int id_col, dbf__page_row_fn row, void *page, char **next_token,
                         dbf_status *st) {
  PGresult *res = NULL;
  *next_token = NULL;
  dbf_err rc = dbf_tx_exec(tx, sql, n_params, params, &res, st);
  if (rc)
    return rc;
  int rows = PQntuples(res);
  int kept = rows > page_size ? page_size : rows;
  for (int i = 0; !rc && i < kept; i++)
    rc = row(res, i, kept, page, st);
  if (!rc && rows > page_size) {
    *next_token = dbf__page_token_encode(kind, fingerprint, PQgetvalue(res, kept - 1, us_col),
                                         PQgetvalue(res, kept - 1, id_col));
    if (!*next_token)
      rc = dbf_fail(st, DBF_ERR_NOMEM, "out of memory making a page token");
  }
  PQclear(res);
  return rc;
}

const char *dbf__viewer_scope(const dbf_store_viewer *who) {
  switch (who->scope) {
    case DBF_SCOPE_ALL:
      return "3";
    case DBF_SCOPE_TEAM:
      return "2";
    default:
      return "1";
  }
}

dbf_err dbf__check_viewer(const dbf_store_viewer *who, dbf_status *st) {
  if (!who || !who->user_id || !*who->user_id)
    return dbf_fail(st, DBF_ERR_UNAUTHENTICATED, "no caller identity");
  return DBF_OK;
}
