/*
 * sessions.c - the sessions table: create, read, list and the lifecycle
 * state machine (docs/architecture.md).
 *
 * Visibility is part of every WHERE clause (viewer parameters are always
 * $1 user, $2 team, $3 scope), so a session the caller may not see behaves
 * exactly like one that does not exist. Transitions lock the row with
 * SELECT ... FOR UPDATE, check version and state in C (for precise
 * messages), then UPDATE and bump version, all in one transaction.
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/alloc.h"
#include "store/store_int.h"

/* Viewer visibility over table alias-free sessions columns. */
#define VISIBLE "(owner_id = $1 OR $3::int = 3 OR ($3::int = 2 AND $2 <> '' AND team_id = $2))"

#define MAX_HISTORY_PAGE 500
#define MAX_LIST_PAGE    100

static const char *const state_db[] = {
    [DBF_SESSION_CREATED] = "created", [DBF_SESSION_ACTIVE] = "active",
    [DBF_SESSION_PAUSED] = "paused",   [DBF_SESSION_COMPLETED] = "completed",
    [DBF_SESSION_EXPIRED] = "expired", [DBF_SESSION_CANCELLED] = "cancelled",
};
static const char *const state_names[] = {
    [DBF_SESSION_CREATED] = "CREATED", [DBF_SESSION_ACTIVE] = "ACTIVE",
    [DBF_SESSION_PAUSED] = "PAUSED",   [DBF_SESSION_COMPLETED] = "COMPLETED",
    [DBF_SESSION_EXPIRED] = "EXPIRED", [DBF_SESSION_CANCELLED] = "CANCELLED",
};

static bool state_valid(int s) {
  return s >= DBF_SESSION_CREATED && s <= DBF_SESSION_CANCELLED;
}

const char *dbf_session_state_name(dbf_session_state s) {
  return state_valid((int)s) ? state_names[s] : "UNSPECIFIED";
}

const char *dbf__session_state_db(dbf_session_state s) {
  return state_valid((int)s) ? state_db[s] : "";
}

static dbf_session_state state_parse(const char *s) {
  for (int i = DBF_SESSION_CREATED; i <= DBF_SESSION_CANCELLED; i++)
    if (s && !strcmp(s, state_db[i]))
      return (dbf_session_state)i;
  return 0;
}

/* ---- row conversion ---- */

void dbf_session_free(dbf_session *s) {
  if (!s)
    return;
  dbf_free(s->template_slug);
  dbf_free(s->owner_id);
  dbf_free(s->team_id);
  dbf_free(s->subject_kind);
  dbf_free(s->subject_key);
  dbf_free(s->subject_title);
  json_decref(s->subject_attributes);
  json_decref(s->plan_state);
  json_decref(s->record);
  json_decref(s->summary);
  json_decref(s->pending_question);
  for (size_t i = 0; i < s->n_context_session_ids; i++)
    dbf_free(s->context_session_ids[i]);
  dbf_free(s->context_session_ids);
  dbf_free(s->end_reason);
  dbf_free(s);
}

/* A JSON array of strings (from array_to_json) into a new char** array. */
static bool string_array(const PGresult *res, int row, int col, char ***out, size_t *n) {
  *out = NULL;
  *n = 0;
  json_t *a = dbf_pg_json(res, row, col);
  if (!a)
    return true;
  bool ok = true;
  size_t len = json_is_array(a) ? json_array_size(a) : 0;
  if (len) {
    *out = dbf_calloc(len, sizeof **out);
    ok = *out != NULL;
    for (size_t i = 0; ok && i < len; i++) {
      const char *v = json_string_value(json_array_get(a, i));
      (*out)[i] = dbf_strdup(v ? v : "");
      ok = (*out)[i] != NULL;
      (*n)++;
    }
  }
  json_decref(a);
  return ok;
}

/* The columns of SESSION_COLS that list pages are keyed on. */
#define SESSION_COL_ID      0
#define SESSION_COL_CREATED 10

dbf_err dbf__session_from_row(const PGresult *res, int row, dbf_session **out, dbf_status *st) {
  bool oom = false;
  dbf_session *s = dbf_calloc(1, sizeof *s);
  if (!s)
    return dbf_fail(st, DBF_ERR_NOMEM, "out of memory reading a session");
  const char *id = dbf_pg_str(res, row, SESSION_COL_ID);
  snprintf(s->id, sizeof s->id, "%s", id ? id : "");
  s->template_slug = dbf__pg_dup(res, row, 1, &oom);
  s->template_version = (int)dbf_pg_i64(res, row, 2, 0);
  s->owner_id = dbf__pg_dup(res, row, 3, &oom);
  s->team_id = dbf__pg_dup(res, row, 4, &oom);
  s->subject_kind = dbf__pg_dup(res, row, 5, &oom);
  s->subject_key = dbf__pg_dup(res, row, 6, &oom);
  s->subject_title = dbf__pg_dup(res, row, 7, &oom);
  s->subject_attributes = dbf_pg_json(res, row, 8);
  s->state = state_parse(dbf_pg_str(res, row, 9));
  s->create_us = dbf_pg_i64(res, row, SESSION_COL_CREATED, 0);
  s->update_us = dbf_pg_i64(res, row, 11, 0);
  s->start_us = dbf_pg_i64(res, row, 12, 0);
  s->complete_us = dbf_pg_i64(res, row, 13, 0);
  s->last_activity_us = dbf_pg_i64(res, row, 14, 0);
  s->expire_us = dbf_pg_i64(res, row, 15, 0);
  s->turn_count = (int)dbf_pg_i64(res, row, 16, 0);
  s->version = dbf_pg_i64(res, row, 17, 0);
  s->last_seq = dbf_pg_i64(res, row, 18, 0);
  s->plan_state = dbf_pg_json(res, row, 19);
  s->record = dbf_pg_json(res, row, 20);
  s->summary = dbf_pg_json(res, row, 21);
  s->pending_question = dbf_pg_json(res, row, 22);
  if (!string_array(res, row, 23, &s->context_session_ids, &s->n_context_session_ids))
    oom = true;
  if (dbf_pg_str(res, row, 24) && !(s->end_reason = dbf_strdup(dbf_pg_str(res, row, 24))))
    oom = true;
  /* The columns are NOT NULL objects; keep the promise of store.h even so. */
  if (!s->subject_attributes)
    s->subject_attributes = json_object();
  if (!s->plan_state)
    s->plan_state = json_object();
  if (!s->record)
    s->record = json_object();
  if (oom || !s->subject_attributes || !s->plan_state || !s->record) {
    dbf_session_free(s);
    return dbf_fail(st, DBF_ERR_NOMEM, "out of memory reading a session");
  }
  *out = s;
  return DBF_OK;
}

dbf_err dbf__check_session_ref(const dbf_store_viewer *who, const char *id, dbf_status *st) {
  dbf_err rc = dbf__check_viewer(who, st);
  if (rc)
    return rc;
  if (!dbf_uuid_valid(id))
    return dbf_fail(st, DBF_ERR_NOT_FOUND, "no session '%s'", id ? id : "");
  return DBF_OK;
}

/* ---- get ---- */

typedef struct get_args {
  const dbf_store_viewer *who;
  const char *id;
  bool for_update;
  dbf_session *out;
} get_args;

static dbf_err get_locked(dbf_tx *tx, get_args *a, dbf_status *st) {
  const char *p[] = {a->who->user_id, a->who->team_id ? a->who->team_id : "",
                     dbf__viewer_scope(a->who), a->id};
  PGresult *res = NULL;
  dbf_err rc = dbf_tx_exec(tx,
                           a->for_update ? "SELECT " DBF__SESSION_COLS " FROM sessions "
                                           "WHERE id = $4::uuid AND " VISIBLE " FOR UPDATE"
                                         : "SELECT " DBF__SESSION_COLS " FROM sessions "
                                           "WHERE id = $4::uuid AND " VISIBLE,
                           4, p, &res, st);
  if (rc)
    return rc;
  if (PQntuples(res) != 1)
    rc = dbf_fail(st, DBF_ERR_NOT_FOUND, "no session '%s'", a->id);
  else
    rc = dbf__session_from_row(res, 0, &a->out, st);
  PQclear(res);
  return rc;
}

static dbf_err get_tx(dbf_tx *tx, void *arg, dbf_status *st) {
  get_args *a = arg;
  dbf_session_free(a->out); /* a retried attempt starts over */
  a->out = NULL;
  return get_locked(tx, a, st);
}

dbf_err dbf_store_session_get(dbf_store *s, int64_t deadline_ms, const dbf_store_viewer *who,
                              const char *id, dbf_session **out, dbf_status *st) {
  dbf_err rc = dbf__check_session_ref(who, id, st);
  if (rc)
    return rc;
  get_args a = {.who = who, .id = id};
  rc = dbf_store_read(s, deadline_ms, get_tx, &a, st);
  if (rc) {
    dbf_session_free(a.out);
    return rc;
  }
  *out = a.out;
  return DBF_OK;
}

/* ---- create ---- */

typedef struct create_args {
  dbf_store *store;
  const dbf_store_viewer *who;
  const dbf_session_new *in;
  const char *attrs; /* subject attributes as JSON text */
  char *ctx_ids;     /* context ids as a text[] literal */
  dbf_session *out;
  bool created;
} create_args;

static dbf_err find_by_request(dbf_tx *tx, create_args *a, dbf_status *st) {
  const char *p[] = {a->who->user_id, a->in->request_id};
  PGresult *res = NULL;
  dbf_err rc = dbf_tx_exec(
      tx, "SELECT " DBF__SESSION_COLS " FROM sessions WHERE owner_id = $1 AND request_id = $2", 2,
      p, &res, st);
  if (rc)
    return rc;
  if (PQntuples(res) != 1) {
    rc = dbf_fail(st, DBF_ERR_INTERNAL, "session for request_id '%s' vanished", a->in->request_id);
  } else {
    rc = dbf__session_from_row(res, 0, &a->out, st);
    if (!rc && strcmp(a->out->template_slug, a->in->template_slug))
      rc = dbf_fail(st, DBF_ERR_INVALID,
                    "request_id '%s' was already used to create session %s with template '%s'; "
                    "use a new request_id for a different session",
                    a->in->request_id, a->out->id, a->out->template_slug);
  }
  PQclear(res);
  return rc;
}

static dbf_err create_tx(dbf_tx *tx, void *arg, dbf_status *st) {
  create_args *a = arg;
  const dbf_session_new *in = a->in;
  const dbf_store_viewer *who = a->who;
  PGresult *res = NULL;
  dbf_err rc;
  dbf_session_free(a->out);
  a->out = NULL;
  a->created = false;

  const char *up[] = {who->user_id, who->team_id ? who->team_id : "",
                      who->role ? who->role : "member", who->display_name ? who->display_name : ""};
  rc = dbf_tx_exec(tx,
                   "INSERT INTO users (id, team_id, role, display_name) VALUES ($1, $2, $3, $4) "
                   "ON CONFLICT (id) DO UPDATE SET team_id = EXCLUDED.team_id, "
                   " role = EXCLUDED.role, display_name = CASE WHEN EXCLUDED.display_name <> '' "
                   " THEN EXCLUDED.display_name ELSE users.display_name END, updated_at = now() "
                   "WHERE (users.team_id, users.role) IS DISTINCT FROM "
                   " (EXCLUDED.team_id, EXCLUDED.role) OR (EXCLUDED.display_name <> '' AND "
                   " EXCLUDED.display_name IS DISTINCT FROM users.display_name)",
                   4, up, NULL, st);
  if (rc)
    return rc;

  if (in->request_id && *in->request_id) {
    const char *rp[] = {who->user_id, in->request_id};
    rc = dbf_tx_exec(tx, "SELECT 1 FROM sessions WHERE owner_id = $1 AND request_id = $2", 2, rp,
                     &res, st);
    if (rc)
      return rc;
    bool seen = PQntuples(res) > 0;
    PQclear(res);
    res = NULL;
    if (seen)
      return find_by_request(tx, a, st);
  }

  char vbuf[16];
  snprintf(vbuf, sizeof vbuf, "%d", in->template_version);
  const char *tp[] = {in->template_slug, vbuf};
  rc = dbf_tx_exec(tx,
                   "SELECT version, (SELECT max(version) FROM templates WHERE slug = $1) "
                   "FROM templates WHERE slug = $1 AND ($2::int = 0 OR version = $2::int) "
                   "ORDER BY version DESC LIMIT 1",
                   2, tp, &res, st);
  if (rc)
    return rc;
  if (PQntuples(res) != 1) {
    PQclear(res);
    res = NULL;
    if (in->template_version == 0)
      return dbf_fail(st, DBF_ERR_NOT_FOUND, "no template '%s'", in->template_slug);
    rc = dbf_tx_exec(tx, "SELECT max(version) FROM templates WHERE slug = $1", 1, tp, &res, st);
    if (rc)
      return rc;
    int64_t latest = dbf_pg_i64(res, 0, 0, 0);
    PQclear(res);
    if (!latest)
      return dbf_fail(st, DBF_ERR_NOT_FOUND, "no template '%s'", in->template_slug);
    return dbf_fail(st, DBF_ERR_NOT_FOUND,
                    "template '%s' has no version %d; the latest is %" PRId64
                    " (use 0 for the latest)",
                    in->template_slug, in->template_version, latest);
  }
  char version[16];
  snprintf(version, sizeof version, "%s", dbf_pg_str(res, 0, 0));
  PQclear(res);
  res = NULL;

  char timeout[24];
  snprintf(timeout, sizeof timeout, "%" PRId64, dbf__store_session_timeout_s(a->store));
  const char *ip[] = {who->user_id,
                      who->team_id ? who->team_id : "",
                      in->template_slug,
                      version,
                      in->subject_kind ? in->subject_kind : "",
                      in->subject_key ? in->subject_key : "",
                      in->subject_title ? in->subject_title : "",
                      a->attrs,
                      in->request_id && *in->request_id ? in->request_id : NULL,
                      a->ctx_ids,
                      timeout};
  rc = dbf_tx_exec(tx,
                   "INSERT INTO sessions (owner_id, team_id, template_slug, template_version, "
                   " subject_kind, subject_key, subject_title, subject_attributes, request_id, "
                   " context_session_ids, expires_at) "
                   "VALUES ($1, $2, $3, $4::int, $5, $6, $7, $8::jsonb, $9, $10::uuid[], "
                   " now() + $11::bigint * interval '1 second') "
                   "ON CONFLICT (owner_id, request_id) DO NOTHING RETURNING " DBF__SESSION_COLS,
                   11, ip, &res, st);
  if (rc)
    return rc;
  if (PQntuples(res) == 0) {
    /* A concurrent create with the same request_id won; return its session. */
    PQclear(res);
    return find_by_request(tx, a, st);
  }
  rc = dbf__session_from_row(res, 0, &a->out, st);
  a->created = rc == DBF_OK;
  PQclear(res);
  return rc;
}

dbf_err dbf_store_session_create(dbf_store *s, int64_t deadline_ms, const dbf_store_viewer *who,
                                 const dbf_session_new *in, dbf_session **out, bool *created,
                                 dbf_status *st) {
  dbf_err rc = dbf__check_viewer(who, st);
  if (rc)
    return rc;
  if (!in->template_slug || !*in->template_slug)
    return dbf_fail(st, DBF_ERR_INVALID, "template_slug is required");
  create_args a = {.store = s, .who = who, .in = in};
  dbf_buf b, attrs;
  dbf_buf_init(&b, 64 * 1024);
  dbf_buf_init(&attrs, 256 * 1024);

  if (in->subject_attributes && !json_is_object(in->subject_attributes)) {
    rc = dbf_fail(st, DBF_ERR_INVALID, "subject.attributes must be an object");
    goto out;
  }
  rc = in->subject_attributes ? dbf__json_text(in->subject_attributes, &attrs, st) : DBF_OK;
  if (rc)
    goto out;
  a.attrs = attrs.data ? attrs.data : "{}";
  /* A text[] literal of validated UUIDs, so no quoting is needed. */
  rc = dbf_buf_appends(&b, "{");
  for (size_t i = 0; !rc && i < in->n_context_session_ids; i++) {
    if (!dbf_uuid_valid(in->context_session_ids[i])) {
      rc = dbf_fail(st, DBF_ERR_INVALID, "context session id '%s' is not a UUID",
                    in->context_session_ids[i]);
      goto out;
    }
    rc = dbf_buf_printf(&b, "%s%s", i ? "," : "", in->context_session_ids[i]);
  }
  if (!rc)
    rc = dbf_buf_appends(&b, "}");
  if (rc) {
    rc = dbf_fail(st, rc, "too many context sessions");
    goto out;
  }
  a.ctx_ids = b.data;
  rc = dbf_store_tx(s, deadline_ms, create_tx, &a, st);
  if (rc)
    goto out;
  *out = a.out;
  a.out = NULL;
  if (created)
    *created = a.created;
out:
  dbf_session_free(a.out);
  dbf_buf_free(&attrs);
  dbf_buf_free(&b);
  return rc;
}

/* ---- transitions ---- */

typedef struct transition_rule {
  const char *verb;       /* "pause" */
  unsigned from;          /* bit per allowed source state */
  const char *from_words; /* "only ACTIVE sessions can be paused" */
  dbf_session_state to;
} transition_rule;

#define BIT(s) (1u << (s))

static const transition_rule rules[] = {
    [DBF_SESSION_PAUSE] = {"pause", BIT(DBF_SESSION_ACTIVE), "only ACTIVE sessions can be paused",
                           DBF_SESSION_PAUSED},
    [DBF_SESSION_RESUME] = {"resume", BIT(DBF_SESSION_PAUSED) | BIT(DBF_SESSION_CREATED),
                            "only PAUSED or CREATED sessions can be resumed", DBF_SESSION_ACTIVE},
    [DBF_SESSION_COMPLETE] = {"complete", BIT(DBF_SESSION_ACTIVE) | BIT(DBF_SESSION_PAUSED),
                              "only ACTIVE or PAUSED sessions can be completed",
                              DBF_SESSION_COMPLETED},
    [DBF_SESSION_CANCEL] = {"cancel",
                            BIT(DBF_SESSION_CREATED) | BIT(DBF_SESSION_ACTIVE) |
                                BIT(DBF_SESSION_PAUSED) | BIT(DBF_SESSION_EXPIRED),
                            "COMPLETED and CANCELLED sessions are final", DBF_SESSION_CANCELLED},
    [DBF_SESSION_RECOVER] = {"recover", BIT(DBF_SESSION_EXPIRED),
                             "only EXPIRED sessions can be recovered", DBF_SESSION_ACTIVE},
    [DBF_SESSION_EXPIRE] = {"expire",
                            BIT(DBF_SESSION_CREATED) | BIT(DBF_SESSION_ACTIVE) |
                                BIT(DBF_SESSION_PAUSED),
                            "only CREATED, ACTIVE or PAUSED sessions can expire",
                            DBF_SESSION_EXPIRED},
};

typedef struct transition_args {
  dbf_store *store;
  const dbf_store_viewer *who;
  const char *id;
  const dbf_session_transition *t;
  dbf_session *out;
} transition_args;

static const char *default_reason(dbf_session_action a) {
  switch (a) {
    case DBF_SESSION_COMPLETE:
      return "completed";
    case DBF_SESSION_CANCEL:
      return "cancelled";
    case DBF_SESSION_EXPIRE:
      return "expired";
    default:
      return NULL;
  }
}

static dbf_err transition_tx(dbf_tx *tx, void *arg, dbf_status *st) {
  transition_args *a = arg;
  const dbf_session_transition *t = a->t;
  const transition_rule *r = &rules[t->action];
  json_t *summary = NULL;
  dbf_buf summary_text;
  PGresult *res = NULL;
  dbf_err rc;
  get_args g = {.who = a->who, .id = a->id, .for_update = true};

  dbf_buf_init(&summary_text, 4u << 20);
  dbf_session_free(a->out);
  a->out = NULL;
  rc = get_locked(tx, &g, st);
  if (rc)
    goto out;
  dbf_session *cur = g.out;
  if (a->who->scope != DBF_SCOPE_ALL && strcmp(cur->owner_id, a->who->user_id)) {
    rc = dbf_fail(st, DBF_ERR_PERMISSION, "only the owner of session %s can %s it", cur->id,
                  r->verb);
    goto out;
  }
  if (t->expected_version && t->expected_version != cur->version) {
    rc = dbf_fail(st, DBF_ERR_CONFLICT,
                  "session %s is at version %" PRId64 ", not the expected %" PRId64
                  "; read it again and retry",
                  cur->id, cur->version, t->expected_version);
    goto out;
  }
  if (!(r->from & BIT(cur->state))) {
    const char *hint = "";
    if (t->action == DBF_SESSION_RESUME && cur->state == DBF_SESSION_EXPIRED)
      hint = " (use RecoverSession for an EXPIRED session)";
    rc = dbf_fail(st, DBF_ERR_STATE, "cannot %s a session in state %s; %s%s", r->verb,
                  dbf_session_state_name(cur->state), r->from_words, hint);
    goto out;
  }
  if (t->action == DBF_SESSION_COMPLETE && t->on_complete) {
    rc = t->on_complete(tx, cur, t->on_complete_arg, &summary, st);
    if (rc)
      goto out;
    rc = dbf__json_text(summary, &summary_text, st);
    if (rc)
      goto out;
  }

  char timeout[24];
  snprintf(timeout, sizeof timeout, "%" PRId64, dbf__store_session_timeout_s(a->store));
  const char *reason = t->reason && *t->reason ? t->reason : default_reason(t->action);
  const char *up[] = {state_db[r->to], timeout, reason, summary_text.data, cur->owner_id, cur->id};
  rc = dbf_tx_exec(
      tx,
      "UPDATE sessions SET state = $1, version = version + 1, updated_at = now(), "
      " started_at = CASE WHEN $1 = 'active' THEN coalesce(started_at, now()) ELSE started_at "
      "  END, "
      " last_activity_at = CASE WHEN $1 = 'active' THEN now() ELSE last_activity_at END, "
      " expires_at = CASE WHEN $1 = 'active' THEN now() + $2::bigint * interval '1 second' "
      "  WHEN $1 IN ('completed', 'cancelled') THEN NULL ELSE expires_at END, "
      " warned_at = CASE WHEN $1 = 'active' THEN NULL ELSE warned_at END, "
      " completed_at = CASE WHEN $1 = 'completed' THEN now() ELSE completed_at END, "
      " end_reason = CASE WHEN $1 IN ('completed', 'cancelled', 'expired') THEN $3 "
      "  WHEN $1 = 'active' THEN NULL ELSE end_reason END, "
      " summary = coalesce($4::json, summary), "
      " pending_question = CASE WHEN $1 IN ('completed', 'cancelled') THEN NULL "
      "  ELSE pending_question END "
      "WHERE owner_id = $5 AND id = $6::uuid RETURNING " DBF__SESSION_COLS,
      6, up, &res, st);
  if (rc)
    goto out;
  rc = PQntuples(res) == 1 ? dbf__session_from_row(res, 0, &a->out, st)
                           : dbf_fail(st, DBF_ERR_INTERNAL, "locked session %s vanished", a->id);
out:
  PQclear(res);
  dbf_buf_free(&summary_text);
  json_decref(summary);
  dbf_session_free(g.out);
  return rc;
}

dbf_err dbf_store_session_transition(dbf_store *s, int64_t deadline_ms, const dbf_store_viewer *who,
                                     const char *id, const dbf_session_transition *t,
                                     dbf_session **out, dbf_status *st) {
  dbf_err rc = dbf__check_viewer(who, st);
  if (rc)
    return rc;
  if (!t || t->action < DBF_SESSION_PAUSE || t->action > DBF_SESSION_EXPIRE)
    return dbf_fail(st, DBF_ERR_INVALID, "unknown session action");
  if (!dbf_uuid_valid(id))
    return dbf_fail(st, DBF_ERR_NOT_FOUND, "no session '%s'", id ? id : "");
  transition_args a = {.store = s, .who = who, .id = id, .t = t};
  rc = dbf_store_tx(s, deadline_ms, transition_tx, &a, st);
  if (rc) {
    dbf_session_free(a.out);
    return rc;
  }
  *out = a.out;
  return DBF_OK;
}

/* ---- list ---- */

void dbf_session_page_free(dbf_session_page *p) {
  if (!p)
    return;
  for (size_t i = 0; i < p->n; i++)
    dbf_session_free(p->items[i]);
  dbf_free(p->items);
  dbf_free(p->next_page_token);
  memset(p, 0, sizeof *p);
}

/* Replaces *token with one that continues after bound a (and b). */
static dbf_err retoken(char **token, const char *kind, uint64_t fingerprint, const char *a,
                       const char *b, dbf_status *st) {
  char *t = dbf__page_token_encode(kind, fingerprint, a, b);
  if (!t)
    return dbf_fail(st, DBF_ERR_NOMEM, "out of memory making a page token");
  dbf_free(*token);
  *token = t;
  return DBF_OK;
}

dbf_err dbf_session_page_truncate(dbf_session_page *p, size_t keep, dbf_status *st) {
  if (keep == 0 || keep >= p->n)
    return DBF_OK;
  char us[24];
  snprintf(us, sizeof us, "%" PRId64, p->items[keep - 1]->create_us);
  dbf_err rc = retoken(&p->next_page_token, "s", p->fingerprint, us, p->items[keep - 1]->id, st);
  if (rc)
    return rc;
  for (size_t i = keep; i < p->n; i++)
    dbf_session_free(p->items[i]);
  p->n = keep;
  return DBF_OK;
}

#define LIST_MAX_PARAMS 16

typedef struct list_args {
  const char *sql;
  const char *params[LIST_MAX_PARAMS];
  int n_params;
  int page_size;
  uint64_t fingerprint;
  dbf_session_page page;
} list_args;

static dbf_err list_row(PGresult *res, int i, int kept, void *arg, dbf_status *st) {
  dbf_session_page *p = arg;
  if (i == 0 && !(p->items = dbf_calloc((size_t)kept, sizeof *p->items)))
    return dbf_fail(st, DBF_ERR_NOMEM, "out of memory listing sessions");
  dbf_err rc = dbf__session_from_row(res, i, &p->items[i], st);
  if (!rc)
    p->n++;
  return rc;
}

static dbf_err list_tx(dbf_tx *tx, void *arg, dbf_status *st) {
  list_args *a = arg;
  dbf_session_page_free(&a->page);
  a->page.fingerprint = a->fingerprint;
  return dbf__keyset_read(tx, a->sql, a->n_params, a->params, a->page_size, "s", a->fingerprint,
                          SESSION_COL_CREATED, SESSION_COL_ID, list_row, &a->page,
                          &a->page.next_page_token, st);
}

dbf_err dbf__session_filter_sql(dbf_buf *sql, const dbf_session_filter *f, const char **params,
                                int *n, dbf__filter_buf *fb, uint64_t *fp, dbf_status *st) {
  dbf_err rc = DBF_OK;
  if (f->n_states) {
    rc = dbf_buf_appends(&fb->states, "{");
    for (size_t i = 0; !rc && i < f->n_states; i++) {
      if (!state_valid((int)f->states[i]))
        return dbf_fail(st, DBF_ERR_INVALID, "states[%zu] is not a known session state (%d)", i,
                        (int)f->states[i]);
      rc = dbf_buf_printf(&fb->states, "%s%s", i ? "," : "", state_db[f->states[i]]);
    }
    if (!rc)
      rc = dbf_buf_appends(&fb->states, "}");
    if (!rc)
      rc = dbf_buf_printf(sql, " AND state = ANY($%d::text[])", *n + 1);
    params[(*n)++] = fb->states.data;
    *fp = dbf__fnv1a(*fp, fb->states.data);
  }
  if (!rc && f->template_slug && *f->template_slug) {
    rc = dbf_buf_printf(sql, " AND template_slug = $%d", *n + 1);
    params[(*n)++] = f->template_slug;
  }
  *fp = dbf__fnv1a(*fp, f->template_slug);
  if (!rc && f->subject_key && *f->subject_key) {
    rc = dbf_buf_printf(sql, " AND subject_key = $%d", *n + 1);
    params[(*n)++] = f->subject_key;
  }
  *fp = dbf__fnv1a(*fp, f->subject_key);
  if (!rc && f->owner_id && *f->owner_id) {
    rc = dbf_buf_printf(sql, " AND owner_id = $%d", *n + 1);
    params[(*n)++] = f->owner_id;
  }
  *fp = dbf__fnv1a(*fp, f->owner_id);
  snprintf(fb->after, sizeof fb->after, "%" PRId64, f->created_after_us);
  snprintf(fb->before, sizeof fb->before, "%" PRId64, f->created_before_us);
  if (!rc && f->created_after_us) {
    rc = dbf_buf_printf(sql, " AND created_at >= " DBF__TS("$%d"), *n + 1);
    params[(*n)++] = fb->after;
  }
  if (!rc && f->created_before_us) {
    rc = dbf_buf_printf(sql, " AND created_at < " DBF__TS("$%d"), *n + 1);
    params[(*n)++] = fb->before;
  }
  *fp = dbf__fnv1a(*fp, fb->after);
  *fp = dbf__fnv1a(*fp, fb->before);
  if (rc)
    return dbf_fail(st, rc, "out of memory building the session query");
  return DBF_OK;
}

dbf_err dbf_store_session_list(dbf_store *s, int64_t deadline_ms, const dbf_store_viewer *who,
                               const dbf_session_filter *f, dbf_session_page *out, dbf_status *st) {
  dbf_err rc = dbf__check_viewer(who, st);
  list_args a = {0};
  dbf_buf sql;
  dbf__filter_buf fb;
  dbf__keyset_buf kb;
  dbf_buf_init(&sql, 16 * 1024);
  dbf_buf_init(&fb.states, 256);
  memset(out, 0, sizeof *out);
  if (rc)
    goto out;
  if (f->page_size < 1 || f->page_size > MAX_LIST_PAGE) {
    rc = dbf_fail(st, DBF_ERR_INVALID, "page_size must be between 1 and %d, got %d", MAX_LIST_PAGE,
                  f->page_size);
    goto out;
  }
  const char *team = who->team_id ? who->team_id : "";
  a.params[a.n_params++] = who->user_id;
  a.params[a.n_params++] = team;
  a.params[a.n_params++] = dbf__viewer_scope(who);
  a.page_size = f->page_size;

  uint64_t fp = DBF__FNV_INIT;
  fp = dbf__fnv1a(fp, who->user_id);
  fp = dbf__fnv1a(fp, team);
  fp = dbf__fnv1a(fp, dbf__viewer_scope(who));

  rc = dbf_buf_appends(&sql, "SELECT " DBF__SESSION_COLS " FROM sessions WHERE " VISIBLE);
  if (rc) {
    rc = dbf_fail(st, rc, "out of memory building the session query");
    goto out;
  }
  rc = dbf__session_filter_sql(&sql, f, a.params, &a.n_params, &fb, &fp, st);
  if (rc)
    goto out;
  a.fingerprint = fp;
  rc = dbf__keyset_tail(&sql, f->page_token, "s", fp, f->page_size, a.params, &a.n_params, &kb, st);
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
  dbf_session_page_free(&a.page);
  dbf_buf_free(&sql);
  dbf_buf_free(&fb.states);
  return rc;
}

/* ---- history ---- */

static void message_clear(dbf_message *m) {
  dbf_free(m->role);
  dbf_free(m->kind);
  dbf_free(m->text);
  dbf_free(m->question_id);
  for (size_t j = 0; j < m->n_target_fields; j++)
    dbf_free(m->target_fields[j]);
  dbf_free(m->target_fields);
  dbf_free(m->client_msg_id);
  dbf_free(m->provider);
  dbf_free(m->model);
  json_decref(m->payload);
}

void dbf_message_page_free(dbf_message_page *p) {
  if (!p)
    return;
  for (size_t i = 0; i < p->n; i++)
    message_clear(&p->items[i]);
  dbf_free(p->items);
  dbf_free(p->next_page_token);
  memset(p, 0, sizeof *p);
}

dbf_err dbf_message_page_truncate(dbf_message_page *p, size_t keep, dbf_status *st) {
  if (keep == 0 || keep >= p->n)
    return DBF_OK;
  char seq[24];
  snprintf(seq, sizeof seq, "%" PRId64, p->items[keep - 1].seq);
  dbf_err rc = retoken(&p->next_page_token, "h", p->fingerprint, seq, "", st);
  if (rc)
    return rc;
  for (size_t i = keep; i < p->n; i++)
    message_clear(&p->items[i]);
  p->n = keep;
  return DBF_OK;
}

typedef struct history_args {
  const dbf_store_viewer *who;
  const char *id;
  int64_t after_seq;
  bool transcript_only;
  int page_size;
  uint64_t fingerprint;
  dbf_message_page page;
} history_args;

static char *dup_nullable(const PGresult *res, int row, int col, bool *oom) {
  const char *v = dbf_pg_str(res, row, col);
  if (!v)
    return NULL;
  char *d = dbf_strdup(v);
  if (!d)
    *oom = true;
  return d;
}

static dbf_err history_tx(dbf_tx *tx, void *arg, dbf_status *st) {
  history_args *a = arg;
  PGresult *res = NULL;
  dbf_message_page_free(&a->page);
  get_args g = {.who = a->who, .id = a->id};
  dbf_err rc = get_locked(tx, &g, st);
  if (rc)
    goto out;
  char after[24], limit[16];
  snprintf(after, sizeof after, "%" PRId64, a->after_seq);
  snprintf(limit, sizeof limit, "%d", a->page_size + 1);
  const char *p[] = {g.out->owner_id, g.out->id, after, limit,
                     a->transcript_only ? "true" : "false"};
  rc = dbf_tx_exec(
      tx,
      "SELECT seq, role, kind, text, question_id, "
      " array_to_json(target_fields)::text, client_msg_id, provider, model, "
      " coalesce(tokens_in, 0), coalesce(tokens_out, 0), coalesce(latency_ms, 0), "
      " coalesce(first_token_ms, 0), fallback, payload, " DBF__US(
          "created_at") " "
                        "FROM messages WHERE owner_id = $1 AND session_id = $2::uuid "
                        "AND seq > $3::bigint AND (NOT $5::boolean OR kind IN "
                        " ('question', 'answer', 'note', 'summary')) ORDER BY seq LIMIT $4::int",
      5, p, &res, st);
  if (rc)
    goto out;
  int rows = PQntuples(res);
  size_t keep = rows > a->page_size ? (size_t)a->page_size : (size_t)rows;
  if (keep && !(a->page.items = dbf_calloc(keep, sizeof *a->page.items))) {
    rc = dbf_fail(st, DBF_ERR_NOMEM, "out of memory reading history");
    goto out;
  }
  bool oom = false;
  for (size_t i = 0; i < keep; i++) {
    int r = (int)i;
    dbf_message *m = &a->page.items[i];
    a->page.n++;
    m->seq = dbf_pg_i64(res, r, 0, 0);
    m->role = dbf__pg_dup(res, r, 1, &oom);
    m->kind = dbf__pg_dup(res, r, 2, &oom);
    m->text = dbf__pg_dup(res, r, 3, &oom);
    m->question_id = dup_nullable(res, r, 4, &oom);
    if (!string_array(res, r, 5, &m->target_fields, &m->n_target_fields))
      oom = true;
    m->client_msg_id = dup_nullable(res, r, 6, &oom);
    m->provider = dup_nullable(res, r, 7, &oom);
    m->model = dup_nullable(res, r, 8, &oom);
    m->tokens_in = (int)dbf_pg_i64(res, r, 9, 0);
    m->tokens_out = (int)dbf_pg_i64(res, r, 10, 0);
    m->latency_ms = (int)dbf_pg_i64(res, r, 11, 0);
    m->first_token_ms = (int)dbf_pg_i64(res, r, 12, 0);
    m->fallback = dbf_pg_bool(res, r, 13);
    m->payload = dbf_pg_json(res, r, 14);
    m->create_us = dbf_pg_i64(res, r, 15, 0);
  }
  if (oom) {
    rc = dbf_fail(st, DBF_ERR_NOMEM, "out of memory reading history");
    goto out;
  }
  a->page.fingerprint = a->fingerprint;
  if (rows > a->page_size) {
    char seq[24];
    snprintf(seq, sizeof seq, "%" PRId64, a->page.items[keep - 1].seq);
    a->page.next_page_token = dbf__page_token_encode("h", a->fingerprint, seq, "");
    if (!a->page.next_page_token)
      rc = dbf_fail(st, DBF_ERR_NOMEM, "out of memory making a page token");
  }
out:
  PQclear(res);
  dbf_session_free(g.out);
  return rc;
}

dbf_err dbf_store_session_history(dbf_store *s, int64_t deadline_ms, const dbf_store_viewer *who,
                                  const char *id, int64_t after_seq, bool transcript_only,
                                  int page_size, const char *page_token, dbf_message_page *out,
                                  dbf_status *st) {
  memset(out, 0, sizeof *out);
  dbf_err rc = dbf__check_session_ref(who, id, st);
  if (rc)
    return rc;
  if (page_size < 1 || page_size > MAX_HISTORY_PAGE)
    return dbf_fail(st, DBF_ERR_INVALID, "page_size must be between 1 and %d, got %d",
                    MAX_HISTORY_PAGE, page_size);
  if (after_seq < 0)
    return dbf_fail(st, DBF_ERR_INVALID, "after_seq must not be negative, got %" PRId64, after_seq);
  char afterbuf[24];
  snprintf(afterbuf, sizeof afterbuf, "%" PRId64, after_seq);
  history_args a = {.who = who,
                    .id = id,
                    .after_seq = after_seq,
                    .transcript_only = transcript_only,
                    .page_size = page_size};
  a.fingerprint = dbf__fnv1a(dbf__fnv1a(DBF__FNV_INIT, id), afterbuf);
  a.fingerprint = dbf__fnv1a(a.fingerprint, transcript_only ? "t" : "all");
  if (page_token && *page_token) {
    char seq[24], unused[4];
    int64_t v;
    rc = dbf__page_token_decode(page_token, "h", a.fingerprint, seq, sizeof seq, unused,
                                sizeof unused, st);
    if (rc)
      return rc;
    if (dbf_parse_i64(seq, 0, INT64_MAX, &v))
      return dbf_fail(st, DBF_ERR_INVALID, "page_token is not valid; omit it to start over");
    if (v > a.after_seq)
      a.after_seq = v;
  }
  rc = dbf_store_tx(s, deadline_ms, history_tx, &a, st);
  if (rc) {
    dbf_message_page_free(&a.page);
    return rc;
  }
  *out = a.page;
  return DBF_OK;
}
