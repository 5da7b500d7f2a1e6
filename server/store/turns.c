/*
 * turns.c - the statements of the turn path (see the "turn path" section
 * of store.h): the session row of a step, its persisted messages and
 * frames, extractions, insights, notifications, replay, and the sweeper's
 * claims.
 *
 * Every function runs inside the caller's transaction and never commits.
 * The session row is read with DBF__SESSION_COLS and dbf__session_from_row,
 * the same definition sessions.c uses, so the row has one owner. All SQL is
 * parameterized; the notification is announced with DBF__NOTIFY_SQL, the
 * one definition of the channel and payload that listen.c reads.
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/alloc.h"
#include "core/arena.h"
#include "core/buf.h"
#include "store/store_int.h"

#define FRAME_HEX_MAX   (8u << 20)  /* hex of one packed frame */
#define TARGETS_MAX     (64u << 10) /* a target_fields text[] literal */
#define TURN_JSON_MAX   (32u << 20) /* one JSON parameter (record, plan, summary...) */
#define CLAIM_BATCH_MAX 1000        /* sessions one sweep transaction may claim */

static const char *i64_str(char *buf, size_t n, int64_t v) {
  snprintf(buf, n, "%" PRId64, v);
  return buf;
}

/* A NULL for unknown (negative) numbers, else the number as text. */
static const char *opt_i64(char *buf, size_t n, int64_t v) {
  return v < 0 ? NULL : i64_str(buf, n, v);
}

/* ---- the session row ---- */

#define TURN_ROW                                                                                   \
  "SELECT " DBF__SESSION_COLS ", stream_epoch FROM sessions "                                      \
  "WHERE owner_id = $1 AND id = $2::uuid"
/* The same row locked, with the seq of the message already stored under the
 * client's message id ($3, NULL for none): the lock and the duplicate check
 * in one statement. */
#define TURN_ROW_LOCKED                                                                            \
  "SELECT " DBF__SESSION_COLS ", stream_epoch, (SELECT m.seq FROM messages m "                     \
  "WHERE m.owner_id = $1 AND m.session_id = $2::uuid AND m.client_msg_id = $3) FROM sessions "     \
  "WHERE owner_id = $1 AND id = $2::uuid FOR UPDATE"

static dbf_err load_row(dbf_tx *tx, const char *owner_id, const char *session_id, bool lock,
                        const char *client_msg_id, dbf_session **out, int64_t *stream_epoch,
                        int64_t *client_msg_seq, dbf_status *st) {
  PGresult *res = NULL;
  const char *p[] = {owner_id, session_id, client_msg_id && *client_msg_id ? client_msg_id : NULL};
  *out = NULL;
  dbf_err rc = dbf_tx_exec(tx, lock ? TURN_ROW_LOCKED : TURN_ROW, lock ? 3 : 2, p, &res, st);
  if (rc)
    goto out;
  if (PQntuples(res) != 1) {
    rc = dbf_fail(st, DBF_ERR_NOT_FOUND, "no session '%s'", session_id);
    goto out;
  }
  rc = dbf__session_from_row(res, 0, out, st);
  if (!rc && stream_epoch)
    *stream_epoch = dbf_pg_i64(res, 0, DBF__SESSION_NCOLS, 0);
  if (!rc && client_msg_seq)
    *client_msg_seq = dbf_pg_i64(res, 0, DBF__SESSION_NCOLS + 1, 0);
out:
  PQclear(res);
  return rc;
}

dbf_err dbf_store_turn_lock(dbf_tx *tx, const char *owner_id, const char *session_id,
                            const char *client_msg_id, dbf_session **out, int64_t *stream_epoch,
                            int64_t *client_msg_seq, dbf_status *st) {
  if (client_msg_seq)
    *client_msg_seq = 0;
  return load_row(tx, owner_id, session_id, true, client_msg_id, out, stream_epoch, client_msg_seq,
                  st);
}

dbf_err dbf_store_turn_read(dbf_tx *tx, const char *owner_id, const char *session_id,
                            dbf_session **out, int64_t *stream_epoch, dbf_status *st) {
  return load_row(tx, owner_id, session_id, false, NULL, out, stream_epoch, NULL, st);
}

/* The JSON text of j into b (initialised by the caller); NULL j leaves *out NULL. */
static dbf_err json_param(const json_t *j, dbf_buf *b, const char **out, dbf_status *st) {
  *out = NULL;
  if (!j)
    return DBF_OK;
  dbf_err rc = dbf__json_text(j, b, st);
  if (!rc)
    *out = b->data;
  return rc;
}

dbf_err dbf_store_turn_save(dbf_tx *tx, const char *owner_id, const char *session_id,
                            const dbf_turn_save *in, dbf_status *st) {
  enum { REC, PLAN, PEND, CTX, ITEMS, SUM, NJSON };
  const json_t *src[NJSON] = {in->record,           in->plan_state,
                              in->pending_question, in->context_session_ids,
                              in->open_items,       in->summary};
  dbf_buf b[NJSON];
  const char *js[NJSON] = {0};
  dbf_err rc = DBF_OK;
  for (int i = 0; i < NJSON; i++)
    dbf_buf_init(&b[i], TURN_JSON_MAX);
  for (int i = 0; !rc && i < NJSON; i++)
    rc = json_param(src[i], &b[i], &js[i], st);
  if (!rc && (!js[REC] || !js[PLAN] || !js[CTX]))
    rc = dbf_fail(st, DBF_ERR_INVALID, "a saved session needs its record, plan and context ids");
  if (rc)
    goto out;
  char seq[24], turns[24], epoch[24], timeout[24];
  const char *p[] = {
      owner_id,
      session_id,
      js[REC],
      js[PLAN],
      js[PEND],
      i64_str(seq, sizeof seq, in->last_seq),
      i64_str(turns, sizeof turns, in->turn_count),
      dbf__session_state_db(in->state),
      i64_str(timeout, sizeof timeout, dbf__store_session_timeout_s(dbf_tx_store(tx))),
      in->end_reason && *in->end_reason ? in->end_reason : NULL,
      js[SUM],
      js[ITEMS],
      i64_str(epoch, sizeof epoch, in->stream_epoch),
      js[CTX]};
  rc = dbf_tx_send(
      tx,
      "UPDATE sessions SET record = $3::jsonb, plan_state = $4::jsonb, "
      " pending_question = $5::jsonb, last_seq = $6, turn_count = $7, state = $8, "
      " version = version + 1, updated_at = now(), last_activity_at = now(), warned_at = NULL, "
      " expires_at = CASE WHEN $8 IN ('active', 'paused', 'created') "
      "   THEN now() + $9::bigint * interval '1 second' ELSE NULL END, "
      " started_at = CASE WHEN $8 = 'active' THEN coalesce(started_at, now()) "
      "   ELSE started_at END, "
      " completed_at = CASE WHEN $8 = 'completed' THEN now() ELSE completed_at END, "
      " end_reason = coalesce($10, end_reason), summary = coalesce($11::json, summary), "
      " open_items = coalesce($12::jsonb, open_items), stream_epoch = $13, "
      " context_session_ids = ARRAY(SELECT jsonb_array_elements_text($14::jsonb))::uuid[] "
      "WHERE owner_id = $1 AND id = $2::uuid",
      14, p, -1, st);
out:
  for (int i = 0; i < NJSON; i++)
    dbf_buf_free(&b[i]);
  return rc;
}

dbf_err dbf_store_turn_mark_warned(dbf_tx *tx, const char *owner_id, const char *session_id,
                                   int64_t last_seq, dbf_status *st) {
  char seq[24];
  const char *p[] = {owner_id, session_id, i64_str(seq, sizeof seq, last_seq)};
  return dbf_tx_exec(tx,
                     "UPDATE sessions SET last_seq = $3::bigint, warned_at = now(), "
                     " version = version + 1, updated_at = now() "
                     "WHERE owner_id = $1 AND id = $2::uuid",
                     3, p, NULL, st);
}

dbf_err dbf_store_turn_mark_expired(dbf_tx *tx, const char *owner_id, const char *session_id,
                                    int64_t last_seq, const char *end_reason, dbf_status *st) {
  char seq[24];
  const char *p[] = {owner_id, session_id, i64_str(seq, sizeof seq, last_seq), end_reason};
  return dbf_tx_exec(tx,
                     "UPDATE sessions SET state = 'expired', last_seq = $3::bigint, "
                     " end_reason = $4, version = version + 1, updated_at = now() "
                     "WHERE owner_id = $1 AND id = $2::uuid",
                     4, p, NULL, st);
}

dbf_err dbf_store_turn_mark_completing(dbf_tx *tx, const char *owner_id, const char *session_id,
                                       int64_t last_seq, const json_t *open_items, dbf_status *st) {
  dbf_buf b;
  const char *items = NULL;
  char seq[24];
  dbf_buf_init(&b, TURN_JSON_MAX);
  dbf_err rc = json_param(open_items, &b, &items, st);
  if (!rc && !items)
    rc = dbf_fail(st, DBF_ERR_INVALID, "a completing session needs its open items");
  if (!rc) {
    const char *p[] = {owner_id, session_id, i64_str(seq, sizeof seq, last_seq), items};
    rc = dbf_tx_exec(tx,
                     "UPDATE sessions SET last_seq = $3::bigint, open_items = $4::jsonb "
                     "WHERE owner_id = $1 AND id = $2::uuid",
                     4, p, NULL, st);
  }
  dbf_buf_free(&b);
  return rc;
}

dbf_err dbf_store_turn_touch(dbf_tx *tx, const char *owner_id, const char *session_id,
                             int64_t stream_epoch, bool *current, dbf_status *st) {
  char timeout[24], epoch[24];
  const char *p[] = {
      owner_id, session_id,
      i64_str(timeout, sizeof timeout, dbf__store_session_timeout_s(dbf_tx_store(tx))),
      i64_str(epoch, sizeof epoch, stream_epoch)};
  PGresult *res = NULL;
  *current = false;
  dbf_err rc = dbf_tx_exec(
      tx,
      "UPDATE sessions SET last_activity_at = now(), warned_at = NULL, "
      " expires_at = CASE WHEN state IN ('active', 'paused', 'created') "
      "  THEN now() + $3::bigint * interval '1 second' ELSE expires_at END "
      "WHERE owner_id = $1 AND id = $2::uuid AND ($4::bigint = 0 OR stream_epoch = $4::bigint) "
      "RETURNING 1",
      4, p, &res, st);
  if (!rc)
    *current = PQntuples(res) == 1;
  PQclear(res);
  return rc;
}

/* ---- messages and frames ---- */

/* A text[] literal of the keys (quoted, so any text is safe). */
static dbf_err text_array(const char *const *v, size_t n, dbf_buf *out) {
  dbf_err rc = dbf_buf_appends(out, "{");
  for (size_t i = 0; !rc && i < n; i++) {
    if (!v[i])
      continue;
    if (out->len > 1)
      rc = dbf_buf_appends(out, ",");
    if (!rc)
      rc = dbf_buf_appends(out, "\"");
    for (const char *p = v[i]; !rc && *p; p++)
      rc = (*p == '"' || *p == '\\') ? dbf_buf_printf(out, "\\%c", *p) : dbf_buf_append(out, p, 1);
    if (!rc)
      rc = dbf_buf_appends(out, "\"");
  }
  return rc ? rc : dbf_buf_appends(out, "}");
}

static dbf_err append_one(dbf_tx *tx, const char *owner_id, const char *session_id,
                          const dbf_turn_msg *m, bool *inserted, dbf_status *st) {
  static const char digits[] = "0123456789abcdef";
  PGresult *res = NULL;
  dbf_buf hex, targets;
  dbf_buf_init(&hex, FRAME_HEX_MAX);
  dbf_buf_init(&targets, TARGETS_MAX);
  dbf_err rc = DBF_OK;
  for (size_t i = 0; !rc && i < m->frame_len; i++) {
    char h[2] = {digits[m->frame[i] >> 4], digits[m->frame[i] & 15]};
    rc = dbf_buf_append(&hex, h, 2);
  }
  if (!rc && !hex.data)
    rc = dbf_buf_appends(&hex, "");
  if (!rc)
    rc = text_array(m->target_fields, m->n_target_fields, &targets);
  if (rc) {
    rc = dbf_fail(st, rc, "frame too large to store");
    goto out;
  }
  char seq[24], tin[24], tout[24], lat[24], ftok[24];
  const char *p[] = {owner_id,
                     session_id,
                     i64_str(seq, sizeof seq, m->seq),
                     m->role,
                     m->kind,
                     m->text ? m->text : "",
                     m->question_id,
                     targets.data,
                     m->client_msg_id,
                     hex.data,
                     m->provider,
                     m->model && *m->model ? m->model : NULL,
                     opt_i64(tin, sizeof tin, m->tokens_in),
                     opt_i64(tout, sizeof tout, m->tokens_out),
                     opt_i64(lat, sizeof lat, m->latency_ms),
                     opt_i64(ftok, sizeof ftok, m->first_token_ms),
                     m->fallback ? "true" : "false"};
#define MSG_INSERT                                                                                 \
  "INSERT INTO messages (owner_id, session_id, seq, role, kind, text, question_id, "               \
  "target_fields, client_msg_id, frame, provider, model, tokens_in, tokens_out, latency_ms, "      \
  "first_token_ms, fallback) VALUES ($1, $2::uuid, $3, $4, $5, $6, $7, $8::text[], $9, "           \
  "decode($10, 'hex'), $11, $12, $13, $14, $15, $16, $17) "
  const char *sql = m->dedup ? MSG_INSERT "ON CONFLICT ON CONSTRAINT messages_client_msg_key "
                                          "DO NOTHING RETURNING seq"
                             : MSG_INSERT "RETURNING seq";
#undef MSG_INSERT
  if (!inserted) {
    /* Must insert: queued, and a conflict fails the transaction (retryable). */
    rc = dbf_tx_send(tx, sql, 17, p, 1, st);
    goto out;
  }
  rc = dbf_tx_exec(tx, sql, 17, p, &res, st);
  if (!rc)
    *inserted = PQntuples(res) == 1;
out:
  PQclear(res);
  dbf_buf_free(&hex);
  dbf_buf_free(&targets);
  return rc;
}

dbf_err dbf_store_turn_append_frames(dbf_tx *tx, const char *owner_id, const char *session_id,
                                     const dbf_turn_msg *msgs, size_t n, bool *inserted,
                                     dbf_status *st) {
  bool ins = true;
  dbf_err rc = DBF_OK;
  for (size_t i = 0; !rc && ins && i < n; i++)
    rc = append_one(tx, owner_id, session_id, &msgs[i], inserted ? &ins : NULL, st);
  if (!rc && inserted)
    *inserted = ins;
  return rc;
}

dbf_err dbf_store_turn_find_answer(dbf_tx *tx, const char *owner_id, const char *session_id,
                                   const char *client_msg_id, int64_t *seq, dbf_status *st) {
  PGresult *res = NULL;
  const char *p[] = {owner_id, session_id, client_msg_id};
  dbf_err rc = dbf_tx_exec(tx,
                           "SELECT seq FROM messages WHERE owner_id = $1 AND session_id = $2::uuid "
                           "AND client_msg_id = $3",
                           3, p, &res, st);
  *seq = !rc && PQntuples(res) == 1 ? dbf_pg_i64(res, 0, 0, 0) : 0;
  PQclear(res);
  return rc;
}

dbf_err dbf_store_turn_transcript(dbf_tx *tx, const char *owner_id, const char *session_id,
                                  int limit, json_t **out, dbf_status *st) {
  char lim[16];
  snprintf(lim, sizeof lim, "%d", limit);
  const char *p[] = {owner_id, session_id, lim};
  PGresult *res = NULL;
  *out = NULL;
  dbf_err rc =
      dbf_tx_exec(tx,
                  "SELECT coalesce(json_agg(json_build_object('role', role, 'text', text) "
                  " ORDER BY seq), '[]') FROM (SELECT seq, role, text FROM messages "
                  " WHERE owner_id = $1 AND session_id = $2::uuid AND kind IN ('question', "
                  " 'answer') ORDER BY seq DESC LIMIT $3::int) t",
                  3, p, &res, st);
  if (!rc && !(*out = dbf_pg_json(res, 0, 0)))
    rc = dbf_fail(st, DBF_ERR_NOMEM, "out of memory reading the transcript");
  PQclear(res);
  return rc;
}

static int hexval(char c) {
  return c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1;
}

dbf_err dbf_store_turn_frames_after(dbf_tx *tx, const char *owner_id, const char *session_id,
                                    int64_t after_seq, dbf_arena *arena, dbf_turn_frame **out,
                                    size_t *n, dbf_status *st) {
  char after[24];
  const char *p[] = {owner_id, session_id, i64_str(after, sizeof after, after_seq)};
  PGresult *res = NULL;
  *out = NULL;
  *n = 0;
  dbf_err rc = dbf_tx_exec(tx,
                           "SELECT seq, encode(frame, 'hex') FROM messages WHERE owner_id = $1 "
                           "AND session_id = $2::uuid AND seq > $3::bigint AND frame IS NOT NULL "
                           "ORDER BY seq",
                           3, p, &res, st);
  if (rc)
    goto out;
  int rows = PQntuples(res);
  dbf_turn_frame *f = dbf_arena_calloc(arena, rows ? (size_t)rows : 1, sizeof *f);
  if (!f) {
    rc = dbf_fail(st, DBF_ERR_NOMEM, "out of memory replaying frames");
    goto out;
  }
  for (int i = 0; i < rows; i++) {
    const char *hex = dbf_pg_str(res, i, 1);
    size_t len = hex ? strlen(hex) / 2 : 0;
    uint8_t *bytes = dbf_arena_alloc(arena, len ? len : 1);
    if (!bytes) {
      rc = dbf_fail(st, DBF_ERR_NOMEM, "out of memory replaying frames");
      goto out;
    }
    for (size_t j = 0; j < len; j++)
      bytes[j] = (uint8_t)(hexval(hex[2 * j]) << 4 | hexval(hex[2 * j + 1]));
    f[i].seq = dbf_pg_i64(res, i, 0, 0);
    f[i].bytes = bytes;
    f[i].len = len;
  }
  *out = f;
  *n = (size_t)rows;
out:
  PQclear(res);
  return rc;
}

/* ---- extractions, insights, notifications ---- */

dbf_err dbf_store_turn_extractions(dbf_tx *tx, const char *owner_id, const char *session_id,
                                   const json_t *changed, const char *changed_by, dbf_status *st) {
  dbf_buf b;
  const char *js = NULL;
  dbf_buf_init(&b, TURN_JSON_MAX);
  dbf_err rc = json_param(changed, &b, &js, st);
  if (!rc && !js)
    rc = dbf_fail(st, DBF_ERR_INVALID, "no extraction changes to store");
  if (rc)
    goto out;
  const char *p[] = {owner_id, session_id, js, changed_by};
  rc = dbf_tx_send(
      tx,
      "WITH ch AS (SELECT key, value AS e FROM jsonb_each($3::jsonb)), "
      "h AS (INSERT INTO extraction_history (owner_id, session_id, field_key, value, confidence, "
      "  evidence_seq, source, changed_by) SELECT $1, $2::uuid, key, e->'value', "
      "  least(1, greatest(0, (e->>'confidence')::float8)), "
      "  coalesce((e->>'evidence_seq')::bigint, 0), e->>'source', "
      "  CASE WHEN e->>'source' = 'user' THEN $4 END FROM ch) "
      "INSERT INTO extractions (owner_id, session_id, field_key, value, confidence, evidence_seq, "
      "  source) SELECT $1, $2::uuid, key, e->'value', "
      "  least(1, greatest(0, (e->>'confidence')::float8)), "
      "  coalesce((e->>'evidence_seq')::bigint, 0), e->>'source' FROM ch "
      "ON CONFLICT (owner_id, session_id, field_key) DO UPDATE SET value = EXCLUDED.value, "
      "  confidence = EXCLUDED.confidence, evidence_seq = EXCLUDED.evidence_seq, "
      "  source = EXCLUDED.source, updated_at = now()",
      4, p, -1, st);
out:
  dbf_buf_free(&b);
  return rc;
}

dbf_err dbf_store_turn_insights(dbf_tx *tx, const char *owner_id, const char *session_id,
                                const char *team_id, const json_t *proposed, dbf_arena *arena,
                                dbf_turn_insight **out, size_t *n, dbf_status *st) {
  dbf_buf b;
  const char *js = NULL;
  PGresult *res = NULL;
  *out = NULL;
  *n = 0;
  dbf_buf_init(&b, TURN_JSON_MAX);
  dbf_err rc = json_param(proposed, &b, &js, st);
  if (!rc && !js)
    rc = dbf_fail(st, DBF_ERR_INVALID, "no insights to store");
  if (rc)
    goto out;
  const char *p[] = {owner_id, session_id, team_id, js};
  rc = dbf_tx_exec(
      tx,
      "INSERT INTO insights (owner_id, session_id, team_id, kind, text, original_text, "
      " confidence, source_fields) "
      "SELECT $1, $2::uuid, $3, e->>'kind', e->>'text', e->>'text', "
      " least(1, greatest(0, coalesce((e->>'confidence')::float8, 0.5))), "
      " ARRAY(SELECT jsonb_array_elements_text(coalesce(e->'source_fields', '[]'::jsonb))) "
      "FROM jsonb_array_elements($4::jsonb) WITH ORDINALITY AS x(e, n) "
      "WHERE e->>'kind' IN ('risk', 'opportunity', 'next_step', 'coaching') "
      " AND coalesce(e->>'text', '') <> '' ORDER BY n "
      "RETURNING id::text, kind, text, confidence",
      4, p, &res, st);
  if (rc)
    goto out;
  int rows = PQntuples(res);
  dbf_turn_insight *in = dbf_arena_calloc(arena, rows ? (size_t)rows : 1, sizeof *in);
  if (!in) {
    rc = dbf_fail(st, DBF_ERR_NOMEM, "out of memory");
    goto out;
  }
  for (int i = 0; i < rows; i++) {
    in[i].id = dbf_arena_strdup(arena, dbf_pg_str(res, i, 0));
    in[i].kind = dbf_arena_strdup(arena, dbf_pg_str(res, i, 1));
    in[i].text = dbf_arena_strdup(arena, dbf_pg_str(res, i, 2));
    const char *conf = dbf_pg_str(res, i, 3);
    in[i].confidence = conf ? strtod(conf, NULL) : 0;
    if (!in[i].id || !in[i].kind || !in[i].text) {
      rc = dbf_fail(st, DBF_ERR_NOMEM, "out of memory");
      goto out;
    }
  }
  *out = in;
  *n = (size_t)rows;
out:
  PQclear(res);
  dbf_buf_free(&b);
  return rc;
}

dbf_err dbf_store_turn_notify(dbf_tx *tx, const char *user_id, const char *kind,
                              const char *session_id, const char *text, dbf_status *st) {
  const char *p[] = {user_id, kind, session_id, text};
  return dbf_tx_send(tx,
                     "WITH n AS (INSERT INTO notifications (user_id, kind, session_id, text) "
                     "VALUES ($1, $2, $3::uuid, $4) RETURNING id) "
                     "SELECT " DBF__NOTIFY_SQL("$1", "id") " FROM n",
                     4, p, 1, st);
}

/* ---- the opener's context ---- */

dbf_err dbf_store_turn_context(dbf_tx *tx, const char *subject_key, const char *session_id,
                               const char *owner_id, const char *team_id, json_t **items,
                               json_t **ids, dbf_status *st) {
  json_t *it = json_array(), *id = json_array();
  PGresult *res = NULL;
  dbf_err rc = DBF_OK;
  *items = *ids = NULL;
  if (!it || !id) {
    rc = dbf_fail(st, DBF_ERR_NOMEM, "out of memory");
    goto out;
  }
  if (subject_key && *subject_key) {
    const char *p[] = {subject_key, session_id, owner_id, team_id ? team_id : ""};
    rc = dbf_tx_exec(tx,
                     "SELECT id::text, open_items, to_char(completed_at AT TIME ZONE 'UTC', "
                     " 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"') FROM sessions "
                     "WHERE subject_key = $1 AND state = 'completed' AND id <> $2::uuid "
                     " AND (owner_id = $3 OR ($4 <> '' AND team_id = $4)) "
                     "ORDER BY completed_at DESC LIMIT 3",
                     4, p, &res, st);
    for (int i = 0; !rc && i < PQntuples(res); i++) {
      json_t *oi = dbf_pg_json(res, i, 1);
      size_t j;
      json_t *v;
      json_array_foreach(oi, j, v) {
        json_t *copy = json_deep_copy(v);
        json_object_set_new(copy, "session_id", json_string(dbf_pg_str(res, i, 0)));
        json_object_set_new(copy, "complete_time", json_string(dbf_pg_str(res, i, 2)));
        json_array_append_new(it, copy);
      }
      json_decref(oi);
      json_array_append_new(id, json_string(dbf_pg_str(res, i, 0)));
    }
  }
out:
  PQclear(res);
  if (rc) {
    json_decref(it);
    json_decref(id);
    return rc;
  }
  *items = it;
  *ids = id;
  return DBF_OK;
}

/* ---- the sweeper ---- */

static dbf_err claim(dbf_tx *tx, const char *sql, int nparams, const char *const *p,
                     dbf_arena *arena, dbf_turn_claim **out, size_t *n, dbf_status *st) {
  PGresult *res = NULL;
  *out = NULL;
  *n = 0;
  dbf_err rc = dbf_tx_exec(tx, sql, nparams, p, &res, st);
  if (rc)
    goto out;
  int rows = PQntuples(res);
  dbf_turn_claim *c = dbf_arena_calloc(arena, rows ? (size_t)rows : 1, sizeof *c);
  if (!c) {
    rc = dbf_fail(st, DBF_ERR_NOMEM, "out of memory sweeping sessions");
    goto out;
  }
  for (int i = 0; i < rows; i++) {
    c[i].owner_id = dbf_arena_strdup(arena, dbf_pg_str(res, i, 0));
    c[i].session_id = dbf_arena_strdup(arena, dbf_pg_str(res, i, 1));
    if (!c[i].owner_id || !c[i].session_id) {
      rc = dbf_fail(st, DBF_ERR_NOMEM, "out of memory sweeping sessions");
      goto out;
    }
  }
  *out = c;
  *n = (size_t)rows;
out:
  PQclear(res);
  return rc;
}

static dbf_err check_batch(int batch, dbf_status *st) {
  if (batch < 1 || batch > CLAIM_BATCH_MAX)
    return dbf_fail(st, DBF_ERR_INVALID, "batch must be between 1 and %d, got %d", CLAIM_BATCH_MAX,
                    batch);
  return DBF_OK;
}

/* SKIP LOCKED: rows a turn or another sweeper holds are left for a later tick. */
dbf_err dbf_store_turn_claim_expired(dbf_tx *tx, int batch, dbf_arena *arena, dbf_turn_claim **out,
                                     size_t *n, dbf_status *st) {
  dbf_err rc = check_batch(batch, st);
  if (rc)
    return rc;
  char limit[16];
  snprintf(limit, sizeof limit, "%d", batch);
  const char *p[] = {limit};
  return claim(tx,
               "SELECT owner_id, id::text FROM sessions "
               "WHERE state IN ('created', 'active', 'paused') AND expires_at < now() "
               "ORDER BY expires_at LIMIT $1::int FOR UPDATE SKIP LOCKED",
               1, p, arena, out, n, st);
}

dbf_err dbf_store_turn_claim_idle(dbf_tx *tx, int batch, int64_t idle_s, dbf_arena *arena,
                                  dbf_turn_claim **out, size_t *n, dbf_status *st) {
  dbf_err rc = check_batch(batch, st);
  if (rc)
    return rc;
  char limit[16], idle[24];
  snprintf(limit, sizeof limit, "%d", batch);
  const char *p[] = {limit, i64_str(idle, sizeof idle, idle_s)};
  return claim(tx,
               "SELECT owner_id, id::text FROM sessions "
               "WHERE state IN ('active', 'paused') AND warned_at IS NULL "
               " AND last_activity_at < now() - $2::bigint * interval '1 second' "
               " AND (expires_at IS NULL OR expires_at > now()) "
               "ORDER BY last_activity_at LIMIT $1::int FOR UPDATE SKIP LOCKED",
               2, p, arena, out, n, st);
}

dbf_err dbf_store_turn_savepoint(dbf_tx *tx, dbf_savepoint_op op, dbf_status *st) {
  const char *sql = op == DBF_SAVEPOINT_SET        ? "SAVEPOINT dbf_turn_item"
                    : op == DBF_SAVEPOINT_RELEASE  ? "RELEASE SAVEPOINT dbf_turn_item"
                    : op == DBF_SAVEPOINT_ROLLBACK ? "ROLLBACK TO SAVEPOINT dbf_turn_item"
                                                   : NULL;
  if (!sql)
    return dbf_fail(st, DBF_ERR_INVALID, "unknown savepoint operation %d", (int)op);
  return dbf_tx_exec(tx, sql, 0, NULL, NULL, st);
}
