/*
 * turn_sweep.c - the session sweeper's steps (see turn.h and
 * service/sweeper.c): warning idle sessions and expiring due ones. Each
 * sweep claims a batch of sessions in one transaction and handles each
 * inside its own savepoint, through the same row and frame code as the
 * turns (turn_row.c, turn_frames.c).
 */
#include "service/turn_int.h"

#include <inttypes.h>
#include <stdio.h>

#include "core/log.h"

typedef struct sweep_args {
  dbf_app *app;
  dbf_arena *arena;
  int batch;
  bool expire; /* false: inactivity warnings */
  dbf_turn_swept *out;
  size_t n_out;
} sweep_args;

/* The warning frame, its row, the warned_at mark and the notification. */
static dbf_err warn_locked(dbf_tx *tx, dbf__turn_args *a, dbf_status *st) {
  if (a->state != DBF_SESSION_ACTIVE && a->state != DBF_SESSION_PAUSED)
    return DBF_OK; /* moved on since it was claimed: nothing to warn about */
  dbf_arena *ar = a->c->arena;
  int64_t idle = a->c->app->cfg->inactivity_warn_s;
  int64_t left = a->c->app->cfg->session_timeout_s - idle;
  const char *text =
      dbf_arena_printf(ar,
                       "No activity for %" PRId64 " seconds; the session expires in about %" PRId64
                       " seconds unless you continue.",
                       idle, left > 0 ? left : 0);
  dbf_err rc = dbf__push_warning(tx, a, text, st);
  if (rc)
    return rc;
  /*
   * Not save_session: that records activity (last_activity_at = now(),
   * warned_at = NULL, a fresh expires_at), and a warning is the opposite
   * of activity. Only the seq, the mark and the version change.
   */
  rc = dbf_store_turn_mark_warned(tx, a->c->who->user_id, a->c->session_id, a->seq, st);
  return rc ? rc : dbf__notify(tx, a, "inactivity_warning", text, st);
}

/* The EXPIRED state frame, the state change and the notification. */
static dbf_err expire_locked(dbf_tx *tx, dbf__turn_args *a, dbf_status *st) {
  if (a->state != DBF_SESSION_CREATED && a->state != DBF_SESSION_ACTIVE &&
      a->state != DBF_SESSION_PAUSED)
    return DBF_OK;
  snprintf(a->end_reason, sizeof a->end_reason, "expired after %" PRId64 " s without activity",
           a->c->app->cfg->session_timeout_s);
  dbf_err rc = dbf__push_state(tx, a, a->state, DBF_SESSION_EXPIRED, a->end_reason, st);
  if (rc)
    return rc;
  /*
   * Not save_session, for the same reason as warn_locked: expiry is not
   * activity. The pending question stays, so RecoverSession can carry on
   * where the interview stopped.
   */
  rc = dbf_store_turn_mark_expired(tx, a->c->who->user_id, a->c->session_id, a->seq, a->end_reason,
                                   st);
  return rc ? rc
            : dbf__notify(
                  tx, a, "session_expired",
                  "Your interview expired after a period of inactivity; recover it to continue.",
                  st);
}

/*
 * One claimed session, inside a savepoint: a session that fails (say, its
 * template no longer parses) is rolled back and logged alone instead of
 * stalling the whole batch on every tick.
 */
static dbf_err sweep_one(dbf_tx *tx, sweep_args *s, const char *owner, const char *sid,
                         dbf_status *st) {
  dbf_principal *who = dbf_arena_calloc(s->arena, 1, sizeof *who);
  dbf_turn_ctx *c = dbf_arena_calloc(s->arena, 1, sizeof *c);
  dbf_turn_result *r = dbf_arena_calloc(s->arena, 1, sizeof *r);
  char *id = dbf_arena_strdup(s->arena, sid);
  if (!who || !c || !r || !id)
    return dbf_fail(st, DBF_ERR_NOMEM, "out of memory sweeping sessions");
  snprintf(who->user_id, sizeof who->user_id, "%s", owner);
  c->app = s->app;
  c->who = who;
  c->arena = s->arena;
  c->session_id = id;
  dbf__turn_args a = {.c = c, .r = r};
  dbf_err rc = dbf_store_turn_savepoint(tx, DBF_SAVEPOINT_SET, st);
  if (rc)
    return rc;
  dbf_status one = {0};
  dbf_err orc = dbf__lock_session(tx, &a, &one); /* already ours: the claim locked it */
  if (!orc)
    orc = s->expire ? expire_locked(tx, &a, &one) : warn_locked(tx, &a, &one);
  dbf__args_release(&a);
  dbf_turn_result_clear(r);
  if (orc == DBF_ERR_UNAVAILABLE || orc == DBF_ERR_CONFLICT || orc == DBF_ERR_DEADLINE) {
    /* The connection or the transaction is in trouble: let dbf_store_tx decide. */
    *st = one;
    return orc;
  }
  if (orc) {
    dbf_log(DBF_LOG_WARN, "sweeper.session_failed", "session %s: %s (skipped)", sid, one.msg);
    return dbf_store_turn_savepoint(tx, DBF_SAVEPOINT_ROLLBACK, st);
  }
  if (r->n_frames) {
    dbf_turn_swept *e = &s->out[s->n_out++];
    snprintf(e->session_id, sizeof e->session_id, "%s", sid);
    e->frames = r->frames;
    e->n_frames = r->n_frames;
  }
  return dbf_store_turn_savepoint(tx, DBF_SAVEPOINT_RELEASE, st);
}

static dbf_err sweep_tx(dbf_tx *tx, void *arg, dbf_status *st) {
  sweep_args *s = arg;
  s->n_out = 0; /* a re-run attempt starts over; its arena leftovers are harmless */
  dbf_turn_claim *claimed = NULL;
  size_t n = 0;
  dbf_err rc = s->expire ? dbf_store_turn_claim_expired(tx, s->batch, s->arena, &claimed, &n, st)
                         : dbf_store_turn_claim_idle(tx, s->batch, s->app->cfg->inactivity_warn_s,
                                                     s->arena, &claimed, &n, st);
  if (rc)
    return rc;
  if (n && !s->out && !(s->out = dbf_arena_calloc(s->arena, (size_t)s->batch, sizeof *s->out)))
    return dbf_fail(st, DBF_ERR_NOMEM, "out of memory sweeping sessions");
  for (size_t i = 0; !rc && i < n && i < (size_t)s->batch; i++)
    rc = sweep_one(tx, s, claimed[i].owner_id, claimed[i].session_id, st);
  return rc;
}

static dbf_err sweep(dbf_app *app, dbf_arena *arena, int64_t deadline_ms, int batch, bool expire,
                     dbf_turn_swept **out, size_t *n_out, dbf_status *st) {
  *out = NULL;
  *n_out = 0;
  if (batch < 1)
    return dbf_fail(st, DBF_ERR_INVALID, "batch must be at least 1");
  sweep_args s = {.app = app, .arena = arena, .batch = batch, .expire = expire};
  dbf_err rc = dbf_store_tx(app->store, deadline_ms, sweep_tx, &s, st);
  if (!rc) {
    *out = s.out;
    *n_out = s.n_out;
  }
  return rc;
}

dbf_err dbf_turn_warn_idle(dbf_app *app, dbf_arena *arena, int64_t deadline_ms, int batch,
                           dbf_turn_swept **out, size_t *n_out, dbf_status *st) {
  return sweep(app, arena, deadline_ms, batch, false, out, n_out, st);
}

dbf_err dbf_turn_expire_due(dbf_app *app, dbf_arena *arena, int64_t deadline_ms, int batch,
                            dbf_turn_swept **out, size_t *n_out, dbf_status *st) {
  return sweep(app, arena, deadline_ms, batch, true, out, n_out, st);
}
