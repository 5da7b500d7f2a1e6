/*
 * crm.c - the crm_deliveries outbox (sql/004_crm.sql, docs/crm.md): enqueue
 * a push (in the caller's transaction or its own), the delivery worker's
 * claim and outcome, and the admins' list and retry.
 *
 * The worker's claim is a lease: one short transaction picks due rows with
 * FOR UPDATE SKIP LOCKED (a row another instance is claiming is skipped,
 * never waited on), sets claimed_until and claimed_by, counts the attempt
 * and commits. The HTTP request runs outside any transaction. The outcome
 * is written only while the claim is still this worker's (same claimed_by
 * and attempts), so a worker whose lease ran out cannot overwrite the
 * newer attempt of another instance.
 */
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "core/alloc.h"
#include "store/store_int.h"

#define DELIVERY_COLS                                                                              \
  "id::text, session_id::text, owner_id, team_id, session_version, target, trigger, "              \
  "idempotency_key, status, attempts, coalesce(last_http_status, 0), last_error, "                 \
  "coalesce(claimed_until > now(), false), " DBF__US("next_attempt_at") ", " DBF__US(              \
      "created_at") ", " DBF__US("updated_at") ", " DBF__US("delivered_at")

/* The columns of DELIVERY_COLS that list pages are keyed on. */
#define DELIVERY_COL_ID      0
#define DELIVERY_COL_CREATED 14

#define MAX_LIST_PAGE   100
#define LIST_MAX_PARAMS 8
#define MAX_ERROR_BYTES 500 /* last_error is kept short: it is for people, not a log */

static const char *const status_db[] = {
    [DBF_CRM_PENDING] = "pending",
    [DBF_CRM_DELIVERED] = "delivered",
    [DBF_CRM_DEAD] = "dead",
};

static dbf_crm_status status_of(const char *s) {
  for (size_t i = 1; s && i < DBF_ARRAY_LEN(status_db); i++)
    if (!strcmp(status_db[i], s))
      return (dbf_crm_status)i;
  return 0;
}

static char *i64_str(char *buf, size_t n, int64_t v) {
  snprintf(buf, n, "%" PRId64, v);
  return buf;
}

void dbf_crm_delivery_free(dbf_crm_delivery *d) {
  if (!d)
    return;
  dbf_free(d->owner_id);
  dbf_free(d->team_id);
  dbf_free(d->target);
  dbf_free(d->trigger);
  dbf_free(d->idempotency_key);
  dbf_free(d->last_error);
  dbf_free(d);
}

/* A new delivery from the DELIVERY_COLS that start at column c of row. */
static dbf_err delivery_from_row(const PGresult *res, int row, int c, dbf_crm_delivery **out,
                                 dbf_status *st) {
  bool oom = false;
  dbf_crm_delivery *d = dbf_calloc(1, sizeof *d);
  if (!d)
    return dbf_fail(st, DBF_ERR_NOMEM, "out of memory reading a CRM delivery");
  const char *id = dbf_pg_str(res, row, c + DELIVERY_COL_ID), *sid = dbf_pg_str(res, row, c + 1);
  snprintf(d->id, sizeof d->id, "%s", id ? id : "");
  snprintf(d->session_id, sizeof d->session_id, "%s", sid ? sid : "");
  d->owner_id = dbf__pg_dup(res, row, c + 2, &oom);
  d->team_id = dbf__pg_dup(res, row, c + 3, &oom);
  d->session_version = dbf_pg_i64(res, row, c + 4, 0);
  d->target = dbf__pg_dup(res, row, c + 5, &oom);
  d->trigger = dbf__pg_dup(res, row, c + 6, &oom);
  d->idempotency_key = dbf__pg_dup(res, row, c + 7, &oom);
  d->status = status_of(dbf_pg_str(res, row, c + 8));
  d->attempts = (int)dbf_pg_i64(res, row, c + 9, 0);
  d->http_status = (int)dbf_pg_i64(res, row, c + 10, 0);
  d->last_error = dbf__pg_dup(res, row, c + 11, &oom);
  d->in_flight = dbf_pg_bool(res, row, c + 12);
  d->next_attempt_us = dbf_pg_i64(res, row, c + 13, 0);
  d->create_us = dbf_pg_i64(res, row, c + DELIVERY_COL_CREATED, 0);
  d->update_us = dbf_pg_i64(res, row, c + 15, 0);
  d->deliver_us = dbf_pg_i64(res, row, c + 16, 0);
  if (oom) {
    dbf_crm_delivery_free(d);
    return dbf_fail(st, DBF_ERR_NOMEM, "out of memory reading a CRM delivery");
  }
  *out = d;
  return DBF_OK;
}

/* ---- enqueue ---- */

dbf_err dbf_store_crm_enqueue_tx(dbf_tx *tx, const dbf_crm_enqueue *in, dbf_crm_delivery **out,
                                 bool *created, dbf_status *st) {
  PGresult *res = NULL;
  char ver[24];
  if (out)
    *out = NULL;
  i64_str(ver, sizeof ver, in->session_version);
  const char *p[] = {in->owner_id,
                     in->session_id,
                     in->team_id ? in->team_id : "",
                     ver,
                     in->target,
                     in->trigger,
                     in->requested_by ? in->requested_by : "",
                     in->body,
                     in->require_completed ? "t" : "f"};
  /* The key is the session and its version: a receiver that sees it twice
     sees the same record twice. The insert happens only while the session
     is (still) completed at that version when the caller asks for it; the
     completion's own transaction enqueues before its row write lands. */
  dbf_err rc = dbf_tx_exec(
      tx,
      "WITH ins AS (INSERT INTO crm_deliveries (owner_id, session_id, team_id, session_version, "
      "  target, trigger, requested_by, idempotency_key, body) "
      " SELECT $1, $2::uuid, $3, $4::bigint, $5, $6, $7, $2 || ':v' || $4, $8 "
      " WHERE NOT $9::bool OR EXISTS (SELECT 1 FROM sessions WHERE owner_id = $1 AND "
      "  id = $2::uuid AND state = 'completed' AND version = $4::bigint) "
      " ON CONFLICT (owner_id, session_id, session_version) DO NOTHING RETURNING " DELIVERY_COLS
      ") SELECT true, * FROM ins UNION ALL SELECT false, " DELIVERY_COLS " FROM crm_deliveries "
      "WHERE owner_id = $1 AND session_id = $2::uuid AND session_version = $4::bigint",
      9, p, &res, st);
  if (rc)
    return rc;
  if (PQntuples(res) < 1) {
    /* A concurrent push of the same version committed after this
       statement's snapshot: a new statement sees it. */
    PQclear(res);
    res = NULL;
    const char *q[] = {in->owner_id, in->session_id, ver};
    rc = dbf_tx_exec(tx,
                     "SELECT false, " DELIVERY_COLS " FROM crm_deliveries WHERE owner_id = $1 "
                     " AND session_id = $2::uuid AND session_version = $3::bigint",
                     3, q, &res, st);
    if (rc)
      return rc;
  }
  if (PQntuples(res) < 1) {
    PQclear(res);
    return dbf_fail(st, DBF_ERR_CONFLICT,
                    "session %s changed while it was being pushed; read it and push again",
                    in->session_id);
  }
  if (created)
    *created = dbf_pg_bool(res, 0, 0);
  if (out)
    rc = delivery_from_row(res, 0, 1, out, st);
  PQclear(res);
  return rc;
}

typedef struct enqueue_args {
  const dbf_crm_enqueue *in;
  dbf_crm_delivery *out;
  bool created;
} enqueue_args;

static dbf_err enqueue_tx(dbf_tx *tx, void *arg, dbf_status *st) {
  enqueue_args *a = arg;
  dbf_crm_delivery_free(a->out);
  a->out = NULL;
  return dbf_store_crm_enqueue_tx(tx, a->in, &a->out, &a->created, st);
}

dbf_err dbf_store_crm_enqueue(dbf_store *s, int64_t deadline_ms, const dbf_crm_enqueue *in,
                              dbf_crm_delivery **out, bool *created, dbf_status *st) {
  enqueue_args a = {.in = in};
  dbf_err rc = dbf_store_tx(s, deadline_ms, enqueue_tx, &a, st);
  if (rc) {
    dbf_crm_delivery_free(a.out);
    return rc;
  }
  *out = a.out;
  if (created)
    *created = a.created;
  return DBF_OK;
}

/* ---- the worker: claim and outcome ---- */

void dbf_crm_job_free(dbf_crm_job *j) {
  if (!j)
    return;
  dbf_free(j->owner_id);
  dbf_free(j->idempotency_key);
  dbf_free(j->body);
  dbf_free(j);
}

typedef struct claim_args {
  const char *worker_id;
  int64_t lease_ms;
  dbf_crm_job *out;
} claim_args;

static dbf_err claim_tx(dbf_tx *tx, void *arg, dbf_status *st) {
  claim_args *a = arg;
  PGresult *res = NULL;
  char lease[24];
  dbf_crm_job_free(a->out);
  a->out = NULL;
  const char *p[] = {a->worker_id, i64_str(lease, sizeof lease, a->lease_ms)};
  /* A pending row is due when its time came and nobody holds a live lease
     on it; SKIP LOCKED passes over a row another instance is claiming. */
  dbf_err rc = dbf_tx_exec(
      tx,
      "UPDATE crm_deliveries d SET claimed_until = now() + $2::bigint * interval '1 millisecond', "
      " claimed_by = $1, attempts = d.attempts + 1, updated_at = now() "
      "FROM (SELECT owner_id, id FROM crm_deliveries WHERE status = 'pending' "
      "  AND next_attempt_at <= now() AND (claimed_until IS NULL OR claimed_until < now()) "
      "  ORDER BY next_attempt_at LIMIT 1 FOR UPDATE SKIP LOCKED) c "
      "WHERE d.owner_id = c.owner_id AND d.id = c.id "
      "RETURNING d.id::text, d.owner_id, d.idempotency_key, d.body, d.attempts",
      2, p, &res, st);
  if (rc)
    return rc;
  if (PQntuples(res) == 1) {
    bool oom = false;
    dbf_crm_job *j = dbf_calloc(1, sizeof *j);
    if (!j) {
      PQclear(res);
      return dbf_fail(st, DBF_ERR_NOMEM, "out of memory claiming a CRM delivery");
    }
    const char *id = dbf_pg_str(res, 0, 0);
    snprintf(j->id, sizeof j->id, "%s", id ? id : "");
    j->owner_id = dbf__pg_dup(res, 0, 1, &oom);
    j->idempotency_key = dbf__pg_dup(res, 0, 2, &oom);
    j->body = dbf__pg_dup(res, 0, 3, &oom);
    j->attempts = (int)dbf_pg_i64(res, 0, 4, 0);
    if (oom) {
      dbf_crm_job_free(j);
      rc = dbf_fail(st, DBF_ERR_NOMEM, "out of memory claiming a CRM delivery");
    } else {
      a->out = j;
    }
  }
  PQclear(res);
  return rc;
}

dbf_err dbf_store_crm_claim(dbf_store *s, int64_t deadline_ms, const char *worker_id,
                            int64_t lease_ms, dbf_crm_job **out, dbf_status *st) {
  claim_args a = {.worker_id = worker_id, .lease_ms = lease_ms};
  *out = NULL;
  dbf_err rc = dbf_store_tx(s, deadline_ms, claim_tx, &a, st);
  if (rc) {
    dbf_crm_job_free(a.out);
    return rc;
  }
  *out = a.out;
  return DBF_OK;
}

typedef struct finish_args {
  const char *worker_id;
  const dbf_crm_job *job;
  const dbf_crm_outcome *o;
  bool current;
} finish_args;

static dbf_err finish_tx(dbf_tx *tx, void *arg, dbf_status *st) {
  finish_args *a = arg;
  PGresult *res = NULL;
  char attempts[24], http[24], retry[24], err[MAX_ERROR_BYTES + 1];
  /* Cut on a UTF-8 boundary so the text column accepts it. */
  size_t n = strnlen(a->o->error ? a->o->error : "", MAX_ERROR_BYTES);
  memcpy(err, a->o->error ? a->o->error : "", n);
  while (n > 0 && n == MAX_ERROR_BYTES && ((unsigned char)err[n - 1] & 0xC0) == 0x80)
    n--;
  if (n > 0 && n == MAX_ERROR_BYTES && ((unsigned char)err[n - 1] & 0x80))
    n--;
  err[n] = '\0';
  const char *p[] = {a->job->owner_id,
                     a->job->id,
                     a->worker_id,
                     i64_str(attempts, sizeof attempts, a->job->attempts),
                     status_db[a->o->status],
                     a->o->http_status > 0 ? i64_str(http, sizeof http, a->o->http_status) : NULL,
                     err,
                     i64_str(retry, sizeof retry, a->o->retry_in_ms)};
  dbf_err rc = dbf_tx_exec(
      tx,
      "UPDATE crm_deliveries SET status = $5, last_http_status = $6::int, last_error = $7, "
      " claimed_until = NULL, claimed_by = NULL, updated_at = now(), "
      " delivered_at = CASE WHEN $5 = 'delivered' THEN now() ELSE delivered_at END, "
      " next_attempt_at = CASE WHEN $5 = 'pending' "
      "   THEN now() + $8::bigint * interval '1 millisecond' ELSE next_attempt_at END "
      "WHERE owner_id = $1 AND id = $2::uuid AND claimed_by = $3 AND attempts = $4::int "
      " AND status = 'pending' RETURNING 1",
      8, p, &res, st);
  if (!rc)
    a->current = PQntuples(res) == 1;
  PQclear(res);
  return rc;
}

dbf_err dbf_store_crm_finish(dbf_store *s, int64_t deadline_ms, const char *worker_id,
                             const dbf_crm_job *job, const dbf_crm_outcome *o, bool *current,
                             dbf_status *st) {
  DBF_ASSERT(o->status >= DBF_CRM_PENDING && o->status <= DBF_CRM_DEAD);
  finish_args a = {.worker_id = worker_id, .job = job, .o = o};
  dbf_err rc = dbf_store_tx(s, deadline_ms, finish_tx, &a, st);
  if (!rc && current)
    *current = a.current;
  return rc;
}

/* ---- reads for people ---- */

void dbf_crm_delivery_page_free(dbf_crm_delivery_page *p) {
  if (!p)
    return;
  for (size_t i = 0; i < p->n; i++)
    dbf_crm_delivery_free(p->items[i]);
  dbf_free(p->items);
  dbf_free(p->next_page_token);
  memset(p, 0, sizeof *p);
}

typedef struct list_args {
  const char *sql;
  const char *params[LIST_MAX_PARAMS];
  int n_params;
  int page_size;
  uint64_t fingerprint;
  dbf_crm_delivery_page page;
} list_args;

static dbf_err list_row(PGresult *res, int i, int kept, void *arg, dbf_status *st) {
  dbf_crm_delivery_page *p = arg;
  if (i == 0 && !(p->items = dbf_calloc((size_t)kept, sizeof *p->items)))
    return dbf_fail(st, DBF_ERR_NOMEM, "out of memory listing CRM deliveries");
  dbf_err rc = delivery_from_row(res, i, 0, &p->items[i], st);
  if (!rc)
    p->n++;
  return rc;
}

static dbf_err list_tx(dbf_tx *tx, void *arg, dbf_status *st) {
  list_args *a = arg;
  dbf_crm_delivery_page_free(&a->page);
  return dbf__keyset_read(tx, a->sql, a->n_params, a->params, a->page_size, "c", a->fingerprint,
                          DELIVERY_COL_CREATED, DELIVERY_COL_ID, list_row, &a->page,
                          &a->page.next_page_token, st);
}

dbf_err dbf_store_crm_list(dbf_store *s, int64_t deadline_ms, const dbf_crm_filter *f,
                           dbf_crm_delivery_page *out, dbf_status *st) {
  dbf_err rc = DBF_OK;
  list_args a = {0};
  dbf_buf sql, statuses;
  dbf__keyset_buf kb;
  dbf_buf_init(&sql, 4 * 1024);
  dbf_buf_init(&statuses, 128);
  memset(out, 0, sizeof *out);
  if (f->page_size < 1 || f->page_size > MAX_LIST_PAGE) {
    rc = dbf_fail(st, DBF_ERR_INVALID, "page_size must be between 1 and %d, got %d", MAX_LIST_PAGE,
                  f->page_size);
    goto out;
  }
  bool one_session = f->session_id && *f->session_id;
  if (one_session && !dbf_uuid_valid(f->session_id)) {
    rc = dbf_fail(st, DBF_ERR_INVALID, "session_id must be a UUID");
    goto out;
  }
  uint64_t fp = dbf__fnv1a(DBF__FNV_INIT, one_session ? f->session_id : "");
  rc = dbf_buf_appends(&sql, "SELECT " DELIVERY_COLS " FROM crm_deliveries WHERE true");
  if (!rc && one_session) {
    rc = dbf_buf_printf(&sql, " AND session_id = $%d::uuid", a.n_params + 1);
    a.params[a.n_params++] = f->session_id;
  }
  rc = rc ? rc : dbf_buf_appends(&statuses, "{");
  for (size_t i = 0; !rc && i < f->n_statuses; i++) {
    if (f->statuses[i] < DBF_CRM_PENDING || f->statuses[i] > DBF_CRM_DEAD) {
      rc = dbf_fail(st, DBF_ERR_INVALID, "statuses[%zu] is not a known delivery status", i);
      goto out;
    }
    rc = dbf_buf_printf(&statuses, "%s%s", i ? "," : "", status_db[f->statuses[i]]);
  }
  rc = rc ? rc : dbf_buf_appends(&statuses, "}");
  if (!rc && f->n_statuses) {
    rc = dbf_buf_printf(&sql, " AND status = ANY($%d::text[])", a.n_params + 1);
    a.params[a.n_params++] = statuses.data;
  }
  if (rc) {
    rc = dbf_fail(st, rc, "the CRM delivery query is too long");
    goto out;
  }
  fp = dbf__fnv1a(fp, statuses.data);
  a.fingerprint = fp;
  a.page_size = f->page_size;
  rc = dbf__keyset_tail(&sql, f->page_token, "c", fp, f->page_size, a.params, &a.n_params, &kb, st);
  if (rc)
    goto out;
  DBF_ASSERT(a.n_params <= LIST_MAX_PARAMS);
  a.sql = sql.data;
  rc = dbf_store_read(s, deadline_ms, list_tx, &a, st);
  if (rc)
    goto out;
  *out = a.page;
  memset(&a.page, 0, sizeof a.page);
out:
  dbf_crm_delivery_page_free(&a.page);
  dbf_buf_free(&sql);
  dbf_buf_free(&statuses);
  return rc;
}

typedef struct retry_args {
  const char *id;
  dbf_crm_delivery *out;
} retry_args;

static dbf_err retry_tx(dbf_tx *tx, void *arg, dbf_status *st) {
  retry_args *a = arg;
  PGresult *res = NULL;
  dbf_crm_delivery_free(a->out);
  a->out = NULL;
  const char *p[] = {a->id};
  dbf_err rc = dbf_tx_exec(tx, "SELECT status FROM crm_deliveries WHERE id = $1::uuid FOR UPDATE",
                           1, p, &res, st);
  if (rc)
    return rc;
  if (PQntuples(res) != 1) {
    PQclear(res);
    return dbf_fail(st, DBF_ERR_NOT_FOUND, "no CRM delivery '%s'", a->id);
  }
  bool delivered = status_of(dbf_pg_str(res, 0, 0)) == DBF_CRM_DELIVERED;
  PQclear(res);
  res = NULL;
  if (delivered)
    return dbf_fail(st, DBF_ERR_STATE, "CRM delivery %s was already delivered; the receiver has it",
                    a->id);
  /* A dead letter gets a fresh budget of attempts; a pending one is only
     made due now. An attempt in flight keeps its lease. */
  rc = dbf_tx_exec(tx,
                   "UPDATE crm_deliveries SET next_attempt_at = now(), updated_at = now(), "
                   " attempts = CASE WHEN status = 'dead' THEN 0 ELSE attempts END, "
                   " status = 'pending' WHERE id = $1::uuid RETURNING " DELIVERY_COLS,
                   1, p, &res, st);
  if (!rc && PQntuples(res) == 1)
    rc = delivery_from_row(res, 0, 0, &a->out, st);
  else if (!rc)
    rc = dbf_fail(st, DBF_ERR_INTERNAL, "locked CRM delivery %s vanished", a->id);
  PQclear(res);
  return rc;
}

dbf_err dbf_store_crm_retry(dbf_store *s, int64_t deadline_ms, const char *id,
                            dbf_crm_delivery **out, dbf_status *st) {
  retry_args a = {.id = id};
  *out = NULL;
  if (!dbf_uuid_valid(id))
    return dbf_fail(st, DBF_ERR_NOT_FOUND, "no CRM delivery '%.40s'", id ? id : "");
  dbf_err rc = dbf_store_tx(s, deadline_ms, retry_tx, &a, st);
  if (rc) {
    dbf_crm_delivery_free(a.out);
    return rc;
  }
  *out = a.out;
  return DBF_OK;
}
