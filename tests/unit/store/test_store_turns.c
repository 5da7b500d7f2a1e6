/*
 * test_store_turns.c - the turn path of server/store/turns.c against a real
 * PostgreSQL: the session row of a step, persisted frames and their
 * deduplication, replay, the saved row, extractions, insights,
 * notifications, the opener's context, heartbeats, the sweeper's claims
 * and the savepoint.
 *
 * DEBRIEF_TEST_DATABASE_URL names a server we may create databases on (the
 * ctest fixture starts a private cluster and sets it). Without it every test
 * skips. The run creates its own database and drops it at the end.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <cmocka.h>

#include "core/alloc.h"
#include "core/arena.h"
#include "store/store.h"
#include "support/testdb.h"

static dbf_testdb g_db; /* this run's database (tests/support/testdb.h) */
static dbf_store *g_store;

#define NO_DEADLINE INT64_MAX

static int group_setup(void **state) {
  (void)state;
  dbf_alloc_install();
  const char *data_dir = getenv("DEBRIEF_DATA_DIR");
  if (!data_dir || !*data_dir)
    data_dir = DBF_SOURCE_DIR;
  dbf_store_opts o = {.pool_size = 2,
                      .data_dir = data_dir,
                      .connect_timeout_s = 2,
                      .acquire_timeout_ms = 2000,
                      .session_timeout_s = 600};
  return dbf_testdb_store_setup(&g_db, "dbf_turns_test", o, true, &g_store);
}

static int group_teardown(void **state) {
  (void)state;
  return dbf_testdb_store_teardown(&g_db, g_store);
}

#define NEED_DB() DBF_TESTDB_NEED(&g_db)

static dbf_session *create(const char *user, const char *team, const char *key) {
  dbf_store_viewer who = {
      .user_id = user, .team_id = team, .role = "member", .scope = DBF_SCOPE_OWN};
  dbf_session_new in = {.template_slug = "sales_debrief",
                        .subject_kind = "meeting",
                        .subject_key = key,
                        .subject_title = "Demo"};
  dbf_status st = {0};
  dbf_session *s = NULL;
  if (dbf_store_session_create(g_store, NO_DEADLINE, &who, &in, &s, NULL, &st))
    fail_msg("create: %s", st.msg);
  return s;
}

/* The state every transaction body below works on; results are checked outside. */
typedef struct turn_case {
  const char *owner;
  const char *id;
  dbf_arena *arena;
  /* inputs */
  const dbf_turn_msg *msgs;
  size_t n_msgs;
  const char *client_msg_id;
  int64_t after_seq;
  int64_t epoch;
  const dbf_turn_save *save;
  const json_t *json;
  const json_t *json2;
  const char *key;
  const char *team;
  int batch;
  bool expire;
  /* outputs */
  dbf_session *sess;
  int64_t stream_epoch;
  bool inserted;
  bool queued; /* append with inserted == NULL: queued, must insert */
  bool current;
  int64_t seq;
  json_t *out, *out2;
  dbf_turn_frame *frames;
  dbf_turn_insight *insights;
  dbf_turn_claim *claims;
  size_t n;
} turn_case;

static dbf_err lock_tx(dbf_tx *tx, void *arg, dbf_status *st) {
  turn_case *c = arg;
  dbf_session_free(c->sess);
  c->sess = NULL;
  return dbf_store_turn_lock(tx, c->owner, c->id, c->client_msg_id, &c->sess, &c->stream_epoch,
                             &c->seq, st);
}

static dbf_err append_tx(dbf_tx *tx, void *arg, dbf_status *st) {
  turn_case *c = arg;
  dbf_err rc = dbf_store_turn_lock(tx, c->owner, c->id, NULL, &c->sess, NULL, NULL, st);
  dbf_session_free(c->sess);
  c->sess = NULL;
  if (!rc)
    rc = dbf_store_turn_append_frames(tx, c->owner, c->id, c->msgs, c->n_msgs,
                                      c->queued ? NULL : &c->inserted, st);
  if (!rc && c->client_msg_id)
    rc = dbf_store_turn_find_answer(tx, c->owner, c->id, c->client_msg_id, &c->seq, st);
  return rc;
}

static dbf_err replay_tx(dbf_tx *tx, void *arg, dbf_status *st) {
  turn_case *c = arg;
  json_decref(c->out);
  c->out = NULL;
  dbf_err rc = dbf_store_turn_frames_after(tx, c->owner, c->id, c->after_seq, c->arena, &c->frames,
                                           &c->n, st);
  return rc ? rc : dbf_store_turn_transcript(tx, c->owner, c->id, 12, &c->out, st);
}

static dbf_err save_tx(dbf_tx *tx, void *arg, dbf_status *st) {
  turn_case *c = arg;
  dbf_session *s = NULL;
  dbf_err rc = dbf_store_turn_lock(tx, c->owner, c->id, NULL, &s, NULL, NULL, st);
  dbf_session_free(s);
  return rc ? rc : dbf_store_turn_save(tx, c->owner, c->id, c->save, st);
}

static dbf_err touch_tx(dbf_tx *tx, void *arg, dbf_status *st) {
  turn_case *c = arg;
  return dbf_store_turn_touch(tx, c->owner, c->id, c->epoch, &c->current, st);
}

static dbf_err complete_tx(dbf_tx *tx, void *arg, dbf_status *st) {
  turn_case *c = arg;
  dbf_err rc = dbf_store_turn_extractions(tx, c->owner, c->id, c->json, c->owner, st);
  if (!rc)
    rc = dbf_store_turn_insights(tx, c->owner, c->id, c->team, c->json2, c->arena, &c->insights,
                                 &c->n, st);
  if (!rc)
    rc = dbf_store_turn_notify(tx, c->owner, "session_completed", c->id, "done", st);
  return rc;
}

static dbf_err context_tx(dbf_tx *tx, void *arg, dbf_status *st) {
  turn_case *c = arg;
  json_decref(c->out);
  json_decref(c->out2);
  c->out = c->out2 = NULL;
  return dbf_store_turn_context(tx, c->key, c->id, c->owner, c->team, &c->out, &c->out2, st);
}

static dbf_err sweep_tx(dbf_tx *tx, void *arg, dbf_status *st) {
  turn_case *c = arg;
  dbf_err rc = c->expire
                   ? dbf_store_turn_claim_expired(tx, c->batch, c->arena, &c->claims, &c->n, st)
                   : dbf_store_turn_claim_idle(tx, c->batch, 60, c->arena, &c->claims, &c->n, st);
  for (size_t i = 0; !rc && i < c->n; i++) {
    const dbf_turn_claim *k = &c->claims[i];
    rc = dbf_store_turn_savepoint(tx, DBF_SAVEPOINT_SET, st);
    /* The first claim's mark is rolled back to the savepoint, the rest kept. */
    if (!rc)
      rc = c->expire ? dbf_store_turn_mark_expired(tx, k->owner_id, k->session_id, 7, "idle", st)
                     : dbf_store_turn_mark_warned(tx, k->owner_id, k->session_id, 7, st);
    if (!rc)
      rc =
          dbf_store_turn_savepoint(tx, i == 0 ? DBF_SAVEPOINT_ROLLBACK : DBF_SAVEPOINT_RELEASE, st);
  }
  return rc;
}

static dbf_turn_msg msg(int64_t seq, const char *kind, const char *cmid, const uint8_t *frame,
                        size_t len) {
  static const char *const targets[] = {"budget", "quo\"ted"};
  return (dbf_turn_msg){.seq = seq,
                        .role = !strcmp(kind, "answer") ? "user" : "assistant",
                        .kind = kind,
                        .text = kind,
                        .question_id = "q1",
                        .target_fields = targets,
                        .n_target_fields = 2,
                        .client_msg_id = cmid,
                        .dedup = cmid != NULL,
                        .frame = frame,
                        .frame_len = len,
                        .provider = "offline",
                        .tokens_in = -1,
                        .tokens_out = 5,
                        .latency_ms = -1,
                        .first_token_ms = -1};
}

/* ---- the row of a step ---- */

static void test_lock_is_owner_only(void **state) {
  (void)state;
  NEED_DB();
  dbf_session *s = create("tu_owner", "tu_team", "tu-lock");
  dbf_status st = {0};
  turn_case c = {.owner = "tu_owner", .id = s->id};
  assert_int_equal(dbf_store_tx(g_store, NO_DEADLINE, lock_tx, &c, &st), DBF_OK);
  assert_string_equal(c.sess->id, s->id);
  assert_int_equal(c.sess->state, DBF_SESSION_CREATED);
  assert_string_equal(c.sess->template_slug, "sales_debrief");
  assert_int_equal(c.stream_epoch, 0);
  dbf_session_free(c.sess);
  /* A teammate (or anyone) cannot even read it: like a missing session. */
  turn_case o = {.owner = "tu_other", .id = s->id};
  assert_int_equal(dbf_store_tx(g_store, NO_DEADLINE, lock_tx, &o, &st), DBF_ERR_NOT_FOUND);
  assert_non_null(strstr(st.msg, s->id));
  assert_null(o.sess);
  dbf_session_free(s);
}

static void test_append_dedup_replay(void **state) {
  (void)state;
  NEED_DB();
  dbf_session *s = create("tu_owner", "tu_team", "tu-append");
  dbf_status st = {0};
  dbf_arena *arena = dbf_arena_create(1u << 20);
  assert_non_null(arena);
  const uint8_t f1[] = {0x08, 0x01, 0x00, 0xff}, f2[] = {0x08, 0x02};
  dbf_turn_msg two[] = {msg(1, "question", NULL, f1, sizeof f1),
                        msg(2, "answer", "cm-1", f2, sizeof f2)};
  turn_case c = {
      .owner = "tu_owner", .id = s->id, .msgs = two, .n_msgs = 2, .client_msg_id = "cm-1"};
  assert_int_equal(dbf_store_tx(g_store, NO_DEADLINE, append_tx, &c, &st), DBF_OK);
  assert_true(c.inserted);
  assert_int_equal(c.seq, 2);

  /* The same client_msg_id again: nothing stored, and the first seq found. */
  dbf_turn_msg again = msg(3, "answer", "cm-1", f2, sizeof f2);
  c.msgs = &again;
  c.n_msgs = 1;
  c.seq = 0;
  assert_int_equal(dbf_store_tx(g_store, NO_DEADLINE, append_tx, &c, &st), DBF_OK);
  assert_false(c.inserted);
  assert_int_equal(c.seq, 2);
  c.client_msg_id = "cm-unknown";
  assert_int_equal(dbf_store_tx(g_store, NO_DEADLINE, append_tx, &c, &st), DBF_OK);
  assert_int_equal(c.seq, 0);

  /* The lock reports the stored answer's seq in the same statement. */
  c.client_msg_id = "cm-1";
  assert_int_equal(dbf_store_tx(g_store, NO_DEADLINE, lock_tx, &c, &st), DBF_OK);
  assert_int_equal(c.seq, 2);
  c.client_msg_id = "cm-unknown";
  assert_int_equal(dbf_store_tx(g_store, NO_DEADLINE, lock_tx, &c, &st), DBF_OK);
  assert_int_equal(c.seq, 0);
  c.client_msg_id = NULL;
  c.seq = -1;
  assert_int_equal(dbf_store_tx(g_store, NO_DEADLINE, lock_tx, &c, &st), DBF_OK);
  assert_int_equal(c.seq, 0);
  dbf_session_free(c.sess);
  c.sess = NULL;

  /* Queued, a duplicate fails the whole transaction as a retryable conflict
   * (each of the store's attempts meets it), and nothing of it is kept. */
  c.msgs = &again;
  c.queued = true;
  assert_int_equal(dbf_store_tx(g_store, NO_DEADLINE, append_tx, &c, &st), DBF_ERR_CONFLICT);
  c.queued = false;

  /* A seq that exists already is a constraint error, not a silent overwrite. */
  dbf_turn_msg clash = msg(1, "question", NULL, f1, sizeof f1);
  c.msgs = &clash;
  c.client_msg_id = NULL;
  assert_int_not_equal(dbf_store_tx(g_store, NO_DEADLINE, append_tx, &c, &st), DBF_OK);

  /* Replay returns the exact bytes in seq order; the transcript the texts. */
  c.arena = arena;
  c.after_seq = 0;
  assert_int_equal(dbf_store_tx(g_store, NO_DEADLINE, replay_tx, &c, &st), DBF_OK);
  assert_int_equal(c.n, 2);
  assert_int_equal(c.frames[0].seq, 1);
  assert_int_equal(c.frames[0].len, sizeof f1);
  assert_memory_equal(c.frames[0].bytes, f1, sizeof f1);
  assert_int_equal(c.frames[1].seq, 2);
  assert_memory_equal(c.frames[1].bytes, f2, sizeof f2);
  assert_int_equal(json_array_size(c.out), 2);
  assert_string_equal(json_string_value(json_object_get(json_array_get(c.out, 1), "role")), "user");
  c.after_seq = 1;
  assert_int_equal(dbf_store_tx(g_store, NO_DEADLINE, replay_tx, &c, &st), DBF_OK);
  assert_int_equal(c.n, 1);
  assert_int_equal(c.frames[0].seq, 2);
  json_decref(c.out);

  /* Targets are stored as an array (quotes included), unknown numbers as NULL. */
  char sql[256], v[256];
  snprintf(sql, sizeof sql,
           "SELECT array_to_json(target_fields)::text || coalesce(tokens_in::text, '-') || "
           "tokens_out FROM messages WHERE session_id = '%s' AND seq = 1",
           s->id);
  dbf_testdb_value(&g_db, sql, v, sizeof v);
  assert_string_equal(v, "[\"budget\",\"quo\\\"ted\"]-5");
  dbf_arena_destroy(arena);
  dbf_session_free(s);
}

static void test_save_and_touch(void **state) {
  (void)state;
  NEED_DB();
  dbf_session *s = create("tu_owner", "tu_team", "tu-save");
  dbf_status st = {0};
  json_t *record = json_pack("{s:{s:i}}", "budget", "value", 5);
  json_t *plan = json_object();
  json_t *pending = json_pack("{s:s}", "question_id", "q1");
  json_t *ctx = json_array();
  dbf_turn_save in = {.state = DBF_SESSION_ACTIVE,
                      .record = record,
                      .plan_state = plan,
                      .pending_question = pending,
                      .last_seq = 4,
                      .turn_count = 1,
                      .stream_epoch = 3,
                      .context_session_ids = ctx};
  turn_case c = {.owner = "tu_owner", .id = s->id, .save = &in};
  assert_int_equal(dbf_store_tx(g_store, NO_DEADLINE, save_tx, &c, &st), DBF_OK);
  assert_int_equal(dbf_store_tx(g_store, NO_DEADLINE, lock_tx, &c, &st), DBF_OK);
  assert_int_equal(c.sess->state, DBF_SESSION_ACTIVE);
  assert_int_equal(c.sess->last_seq, 4);
  assert_int_equal(c.sess->turn_count, 1);
  assert_int_equal(c.sess->version, s->version + 1);
  assert_int_equal(c.stream_epoch, 3);
  assert_true(c.sess->start_us > 0);
  assert_true(c.sess->expire_us > c.sess->last_activity_us);
  assert_true(json_equal(c.sess->record, record));
  assert_true(json_equal(c.sess->pending_question, pending));
  int64_t version = c.sess->version;

  /* A heartbeat of the current stream records activity without a version bump. */
  c.epoch = 3;
  assert_int_equal(dbf_store_tx(g_store, NO_DEADLINE, touch_tx, &c, &st), DBF_OK);
  assert_true(c.current);
  c.epoch = 2; /* an older stream */
  assert_int_equal(dbf_store_tx(g_store, NO_DEADLINE, touch_tx, &c, &st), DBF_OK);
  assert_false(c.current);
  c.epoch = 0; /* unary callers have no epoch */
  assert_int_equal(dbf_store_tx(g_store, NO_DEADLINE, touch_tx, &c, &st), DBF_OK);
  assert_true(c.current);
  assert_int_equal(dbf_store_tx(g_store, NO_DEADLINE, lock_tx, &c, &st), DBF_OK);
  assert_int_equal(c.sess->version, version);

  /* Completing clears the expiry and keeps the summary and end reason. */
  json_t *summary = json_pack("{s:s}", "overview", "ok");
  json_t *items = json_pack("[{s:s}]", "text", "send pricing");
  in.state = DBF_SESSION_COMPLETED;
  in.pending_question = NULL;
  in.end_reason = "finished";
  in.summary = summary;
  in.open_items = items;
  assert_int_equal(dbf_store_tx(g_store, NO_DEADLINE, save_tx, &c, &st), DBF_OK);
  assert_int_equal(dbf_store_tx(g_store, NO_DEADLINE, lock_tx, &c, &st), DBF_OK);
  assert_int_equal(c.sess->state, DBF_SESSION_COMPLETED);
  assert_int_equal(c.sess->expire_us, 0);
  assert_true(c.sess->complete_us > 0);
  assert_string_equal(c.sess->end_reason, "finished");
  assert_true(json_equal(c.sess->summary, summary));
  assert_null(c.sess->pending_question);
  dbf_session_free(c.sess);

  /* The opener of a later session about the same subject sees its open items. */
  dbf_session *next = create("tu_owner", "tu_team", "tu-save");
  turn_case k = {.owner = "tu_owner", .id = next->id, .key = "tu-save", .team = ""};
  assert_int_equal(dbf_store_tx(g_store, NO_DEADLINE, context_tx, &k, &st), DBF_OK);
  assert_int_equal(json_array_size(k.out2), 1);
  assert_string_equal(json_string_value(json_array_get(k.out2, 0)), s->id);
  json_t *it = json_array_get(k.out, 0);
  assert_string_equal(json_string_value(json_object_get(it, "text")), "send pricing");
  assert_string_equal(json_string_value(json_object_get(it, "session_id")), s->id);
  assert_non_null(strchr(json_string_value(json_object_get(it, "complete_time")), 'T'));
  /* A teammate without team-wide sight gets nothing; with it, the same items. */
  k.owner = "tu_mate";
  assert_int_equal(dbf_store_tx(g_store, NO_DEADLINE, context_tx, &k, &st), DBF_OK);
  assert_int_equal(json_array_size(k.out2), 0);
  k.team = "tu_team";
  assert_int_equal(dbf_store_tx(g_store, NO_DEADLINE, context_tx, &k, &st), DBF_OK);
  assert_int_equal(json_array_size(k.out2), 1);
  k.key = ""; /* no subject: no context */
  assert_int_equal(dbf_store_tx(g_store, NO_DEADLINE, context_tx, &k, &st), DBF_OK);
  assert_int_equal(json_array_size(k.out), 0);
  json_decref(k.out);
  json_decref(k.out2);
  dbf_session_free(next);
  json_decref(summary);
  json_decref(items);
  json_decref(record);
  json_decref(plan);
  json_decref(pending);
  json_decref(ctx);
  dbf_session_free(s);
}

static void test_extractions_insights_notify(void **state) {
  (void)state;
  NEED_DB();
  dbf_session *s = create("tu_owner", "tu_team", "tu-ins");
  dbf_status st = {0};
  dbf_arena *arena = dbf_arena_create(1u << 20);
  json_t *j = json_pack("{s:{s:i, s:f, s:i, s:s}}", "budget", "value", 5000, "confidence", 0.9,
                        "evidence_seq", 2, "source", "user");
  /* Unknown kinds and empty texts are left out. */
  json_t *ins = json_pack("[{s:s, s:s, s:f}, {s:s, s:s}, {s:s, s:s}]", "kind", "risk", "text",
                          "No champion", "confidence", 0.7, "kind", "bogus", "text", "dropped",
                          "kind", "next_step", "text", "");
  turn_case c = {
      .owner = "tu_owner", .id = s->id, .arena = arena, .json = j, .json2 = ins, .team = "tu_team"};
  assert_int_equal(dbf_store_tx(g_store, NO_DEADLINE, complete_tx, &c, &st), DBF_OK);
  assert_int_equal(c.n, 1);
  assert_string_equal(c.insights[0].kind, "risk");
  assert_string_equal(c.insights[0].text, "No champion");
  assert_true(c.insights[0].confidence > 0.69 && c.insights[0].confidence < 0.71);
  assert_true(dbf_uuid_valid(c.insights[0].id));

  char sql[256], v[64];
  snprintf(sql, sizeof sql,
           "SELECT value::text || '/' || changed_by FROM extraction_history "
           "WHERE session_id = '%s' AND field_key = 'budget'",
           s->id);
  dbf_testdb_value(&g_db, sql, v, sizeof v);
  assert_string_equal(v, "5000/tu_owner");

  dbf_notification_page page = {0};
  assert_int_equal(
      dbf_store_notification_after(g_store, NO_DEADLINE, "tu_owner", 0, 0, NULL, 0, 10, &page, &st),
      DBF_OK);
  assert_int_equal(page.n, 1);
  assert_string_equal(page.items[0].kind, "session_completed");
  assert_string_equal(page.items[0].session_id, s->id);
  dbf_notification_page_free(&page);
  json_decref(j);
  json_decref(ins);
  dbf_arena_destroy(arena);
  dbf_session_free(s);
}

static void test_sweeper_claims(void **state) {
  (void)state;
  NEED_DB();
  dbf_session *a = create("tu_sweep", "", "tu-sweep");
  dbf_session *b = create("tu_sweep", "", "tu-sweep");
  dbf_status st = {0};
  dbf_arena *arena = dbf_arena_create(1u << 20);
  char sql[512];
  snprintf(sql, sizeof sql,
           "UPDATE sessions SET state = 'active', expires_at = now() - interval '1 minute' "
           "WHERE id IN ('%s', '%s')",
           a->id, b->id);
  dbf_testdb_exec(&g_db, false, sql);

  turn_case c = {.arena = arena, .batch = 1, .expire = true};
  assert_int_equal(dbf_store_tx(g_store, NO_DEADLINE, sweep_tx, &c, &st), DBF_OK);
  assert_int_equal(c.n, 1); /* the batch bounds the claim; the mark was rolled back */
  assert_string_equal(c.claims[0].owner_id, "tu_sweep");
  c.batch = 10;
  assert_int_equal(dbf_store_tx(g_store, NO_DEADLINE, sweep_tx, &c, &st), DBF_OK);
  assert_true(c.n >= 2);
  char v[64];
  snprintf(sql, sizeof sql,
           "SELECT count(*) FILTER (WHERE state = 'expired') || '/' || count(*) FROM sessions "
           "WHERE id IN ('%s', '%s')",
           a->id, b->id);
  dbf_testdb_value(&g_db, sql, v, sizeof v);
  assert_string_equal(v, "1/2"); /* one kept, one rolled back to its savepoint */
  c.batch = 0;
  assert_int_equal(dbf_store_tx(g_store, NO_DEADLINE, sweep_tx, &c, &st), DBF_ERR_INVALID);

  /* Idle sessions: the one still active and long idle, not yet warned. */
  snprintf(sql, sizeof sql,
           "UPDATE sessions SET state = 'active', expires_at = now() + interval '1 hour', "
           " last_activity_at = now() - interval '1 hour', warned_at = NULL "
           "WHERE id IN ('%s', '%s')",
           a->id, b->id);
  dbf_testdb_exec(&g_db, false, sql);
  c.expire = false;
  c.batch = 10;
  assert_int_equal(dbf_store_tx(g_store, NO_DEADLINE, sweep_tx, &c, &st), DBF_OK);
  assert_int_equal(c.n, 2);
  snprintf(sql, sizeof sql,
           "SELECT count(*) FILTER (WHERE warned_at IS NOT NULL AND last_seq = 7) FROM sessions "
           "WHERE id IN ('%s', '%s')",
           a->id, b->id);
  dbf_testdb_value(&g_db, sql, v, sizeof v);
  assert_string_equal(v, "1");
  assert_int_equal(dbf_store_tx(g_store, NO_DEADLINE, sweep_tx, &c, &st), DBF_OK);
  assert_int_equal(c.n, 1); /* the warned one is not claimed again */
  dbf_arena_destroy(arena);
  dbf_session_free(a);
  dbf_session_free(b);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_lock_is_owner_only), cmocka_unit_test(test_append_dedup_replay),
      cmocka_unit_test(test_save_and_touch),     cmocka_unit_test(test_extractions_insights_notify),
      cmocka_unit_test(test_sweeper_claims),
  };
  return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
