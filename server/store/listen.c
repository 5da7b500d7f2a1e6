/*
 * listen.c - the notification listener: the receiving end of
 * DBF_NOTIFY_CHANNEL (see store.h). Writers send DBF__NOTIFY_SQL in the
 * transaction that inserts a notification row; this file LISTENs on a
 * dedicated connection and parses the payloads back.
 *
 * The connection is non-blocking once LISTEN has succeeded: a wait polls
 * its socket together with the caller's wake fd, so a caller that wants
 * to stop is never stuck behind the database.
 */
#include <errno.h>
#include <limits.h>
#include <poll.h>
#include <stdbool.h>
#include <string.h>

#include "core/alloc.h"
#include "core/clock.h"
#include "core/config.h"
#include "core/log.h"
#include "store/store_int.h"

#define LISTENER_APP  "debrief-listener" /* application_name, as pg_stat_activity shows it */
#define POLL_SLICE_MS 1000               /* longest single poll while LISTEN runs */

struct dbf_store_listener {
  PGconn *conn;
  bool broken; /* the connection was lost: every wait fails until closed */
};

/* Waits for the result of the LISTEN sent on c, never past deadline_ms. */
static dbf_err await_listen(PGconn *c, int64_t deadline_ms, dbf_status *st) {
  dbf_err rc = DBF_OK;
  for (;;) {
    while (PQisBusy(c)) {
      int64_t left = deadline_ms - dbf_now_ms();
      if (left <= 0)
        return dbf_fail(st, DBF_ERR_UNAVAILABLE,
                        "database unavailable: LISTEN got no answer in time; retry shortly");
      struct pollfd p = {.fd = PQsocket(c), .events = POLLIN};
      int ready = poll(&p, 1, left > POLL_SLICE_MS ? POLL_SLICE_MS : (int)left);
      if (ready < 0 && errno != EINTR)
        return dbf_fail(st, DBF_ERR_IO, "waiting for LISTEN: %s", strerror(errno));
      if (ready > 0 && !PQconsumeInput(c))
        return dbf__pg_fail(c, NULL, "LISTEN", st);
    }
    PGresult *res = PQgetResult(c);
    if (!res)
      return rc;
    if (!rc && PQresultStatus(res) != PGRES_COMMAND_OK)
      rc = dbf__pg_fail(c, res, "LISTEN", st);
    PQclear(res);
  }
}

dbf_err dbf_store_listener_open(dbf_store *s, int64_t deadline_ms, dbf_store_listener **out,
                                dbf_status *st) {
  *out = NULL;
  int64_t left_ms = deadline_ms - dbf_now_ms();
  if (left_ms <= 0)
    return dbf_fail(st, DBF_ERR_DEADLINE, "deadline passed before connecting the listener");
  int64_t left_s = (left_ms + 999) / 1000;
  dbf_store_listener *l = dbf_calloc(1, sizeof *l);
  if (!l)
    return dbf_fail(st, DBF_ERR_NOMEM, "out of memory opening the notification listener");
  dbf_err rc = DBF_OK;
  l->conn = dbf__store_pg_connect(s, left_s > INT_MAX ? INT_MAX : (int)left_s, LISTENER_APP);
  if (!l->conn) {
    rc = dbf_fail(st, DBF_ERR_NOMEM, "out of memory opening the notification listener");
    goto out;
  }
  if (PQstatus(l->conn) != CONNECTION_OK) {
    rc = dbf__pg_fail(l->conn, NULL, "connecting the notification listener", st);
    goto out;
  }
  /* Sent while still blocking (it is a few bytes on a fresh socket), then
     awaited without blocking so that the deadline holds. */
  if (!PQsendQuery(l->conn, "LISTEN " DBF_NOTIFY_CHANNEL) || PQsetnonblocking(l->conn, 1)) {
    rc = dbf__pg_fail(l->conn, NULL, "LISTEN", st);
    goto out;
  }
  rc = await_listen(l->conn, deadline_ms, st);
out:
  if (rc) {
    dbf_store_listener_close(l);
    return rc;
  }
  *out = l;
  return DBF_OK;
}

/*
 * Parses a payload "<user_id>:<id>" (DBF__NOTIFY_SQL) into user (cap
 * DBF_STORE_NOTIFY_USER_MAX) and *id. False when malformed: no colon, an
 * empty or too long user id, or an id that is not a positive integer.
 */
static bool parse_payload(const char *payload, char *user, int64_t *id) {
  const char *colon = payload ? strrchr(payload, ':') : NULL;
  size_t ulen = colon ? (size_t)(colon - payload) : 0;
  if (!colon || ulen == 0 || ulen >= DBF_STORE_NOTIFY_USER_MAX ||
      dbf_parse_i64(colon + 1, 1, INT64_MAX, id))
    return false;
  memcpy(user, payload, ulen);
  user[ulen] = '\0';
  return true;
}

/* Hands every notification libpq has already read to fn; how many there were. */
static size_t deliver(dbf_store_listener *l, dbf_store_notify_fn fn, void *arg) {
  size_t n = 0;
  PGnotify *m;
  while ((m = PQnotifies(l->conn)) != NULL) {
    char user[DBF_STORE_NOTIFY_USER_MAX];
    int64_t id = 0;
    if (parse_payload(m->extra, user, &id)) {
      fn(arg, user, id);
      n++;
    } else {
      dbf_log(DBF_LOG_WARN, "db.listen_bad_payload", "ignoring '%.80s'", m->extra ? m->extra : "");
    }
    PQfreemem(m);
  }
  return n;
}

dbf_err dbf_store_listener_wait(dbf_store_listener *l, int timeout_ms, int wake_fd,
                                dbf_store_notify_fn fn, void *arg, dbf_status *st) {
  if (l->broken)
    return dbf_fail(st, DBF_ERR_UNAVAILABLE,
                    "database unavailable: the listener's connection was lost; reopen it");
  if (deliver(l, fn, arg))
    return DBF_OK; /* read by an earlier wait, or never polled for */
  struct pollfd p[2] = {{.fd = PQsocket(l->conn), .events = POLLIN},
                        {.fd = wake_fd, .events = POLLIN}};
  int ready = poll(p, wake_fd >= 0 ? 2 : 1, timeout_ms);
  if (ready < 0 && errno != EINTR)
    return dbf_fail(st, DBF_ERR_IO, "waiting for notifications: %s", strerror(errno));
  if (ready <= 0 || (wake_fd >= 0 && p[1].revents))
    return DBF_OK; /* timeout, a signal, or a wake-up: the caller decides */
  if (!PQconsumeInput(l->conn) || PQstatus(l->conn) != CONNECTION_OK) {
    l->broken = true;
    return dbf__pg_fail(l->conn, NULL, "listening for notifications", st);
  }
  deliver(l, fn, arg);
  return DBF_OK;
}

void dbf_store_listener_close(dbf_store_listener *l) {
  if (!l)
    return;
  PQfinish(l->conn);
  dbf_free(l);
}
