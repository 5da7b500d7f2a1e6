/*
 * test_store_listen.c - server/store/listen.c, the notification listener,
 * against a real PostgreSQL.
 *
 * DEBRIEF_TEST_DATABASE_URL names a server we may create databases on (the
 * ctest fixture starts a private cluster and sets it); without it every
 * test skips. The run gets its own empty database (LISTEN and NOTIFY need
 * no tables), so no other test's NOTIFYs reach it. The NOTIFYs are sent
 * with the writers' own SQL (DBF__NOTIFY_SQL), from a plain connection.
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
#include "core/clock.h"
#include "store/store.h"
#include "store/store_int.h"
#include "support/testdb.h"

#define MAX_GOT 16

static dbf_testdb g_db; /* this run's database (tests/support/testdb.h) */
static dbf_store *g_store;

#define NEED_DB() DBF_TESTDB_NEED(&g_db)

static dbf_err open_store(const char *conninfo, dbf_store **out, dbf_status *st) {
  dbf_store_opts o = {.conninfo = conninfo, .pool_size = 1, .connect_timeout_s = 2};
  return dbf_store_open(&o, out, st);
}

static int group_setup(void **state) {
  (void)state;
  dbf_alloc_install();
  dbf_store_opts o = {.pool_size = 1, .connect_timeout_s = 2};
  return dbf_testdb_store_setup(&g_db, "dbf_listen_test", o, false, &g_store);
}

static int group_teardown(void **state) {
  (void)state;
  return dbf_testdb_store_teardown(&g_db, g_store);
}

/* What the listener handed over. */
typedef struct got {
  char user[MAX_GOT][DBF_STORE_NOTIFY_USER_MAX];
  int64_t id[MAX_GOT];
  size_t n;
} got;

static void on_notify(void *arg, const char *user_id, int64_t id) {
  got *g = arg;
  assert_true(g->n < MAX_GOT);
  snprintf(g->user[g->n], sizeof g->user[g->n], "%s", user_id);
  g->id[g->n++] = id;
}

/* Waits until g holds want notifications (or 5 seconds pass); asserts no error. */
static void wait_for(dbf_store_listener *l, got *g, size_t want) {
  int64_t until = dbf_now_ms() + 5000;
  while (g->n < want && dbf_now_ms() < until) {
    dbf_status st = {0};
    assert_int_equal(dbf_store_listener_wait(l, 200, -1, on_notify, g, &st), DBF_OK);
  }
  assert_int_equal(g->n, want);
}

static dbf_store_listener *open_listener(void) {
  dbf_status st = {0};
  dbf_store_listener *l = NULL;
  if (dbf_store_listener_open(g_store, dbf_now_ms() + 5000, &l, &st))
    fail_msg("listener: %s", st.msg);
  return l;
}

static void test_listen_receives_the_writers_notify(void **state) {
  (void)state;
  NEED_DB();
  dbf_store_listener *l = open_listener();
  /* Two in one transaction (delivered on commit, in order), one alone; a
     user id may contain ':'. */
  dbf_testdb_exec(&g_db, false,
                  "BEGIN; SELECT " DBF__NOTIFY_SQL("'alice'", "41") "; SELECT " DBF__NOTIFY_SQL(
                      "'team:bob'", "7") "; COMMIT");
  dbf_testdb_exec(&g_db, false, "SELECT " DBF__NOTIFY_SQL("'alice'", "42::bigint"));
  got g = {.n = 0};
  wait_for(l, &g, 3);
  assert_string_equal(g.user[0], "alice");
  assert_int_equal(g.id[0], 41);
  assert_string_equal(g.user[1], "team:bob");
  assert_int_equal(g.id[1], 7);
  assert_string_equal(g.user[2], "alice");
  assert_int_equal(g.id[2], 42);
  dbf_store_listener_close(l);
}

static void test_listen_skips_malformed_payloads(void **state) {
  (void)state;
  NEED_DB();
  dbf_store_listener *l = open_listener();
  char longest[DBF_STORE_NOTIFY_USER_MAX], too_long[DBF_STORE_NOTIFY_USER_MAX + 1];
  memset(longest, 'u', sizeof longest - 1);
  longest[sizeof longest - 1] = '\0';
  memset(too_long, 'v', sizeof too_long - 1);
  too_long[sizeof too_long - 1] = '\0';
  char sql[1024];
  snprintf(sql, sizeof sql,
           "BEGIN; NOTIFY " DBF_NOTIFY_CHANNEL ", 'garbage'; NOTIFY " DBF_NOTIFY_CHANNEL
           ", ':5'; NOTIFY " DBF_NOTIFY_CHANNEL ", 'u:0'; NOTIFY " DBF_NOTIFY_CHANNEL
           ", 'u:-3'; NOTIFY " DBF_NOTIFY_CHANNEL ", 'u:12abc'; NOTIFY " DBF_NOTIFY_CHANNEL
           ", 'u:'; NOTIFY " DBF_NOTIFY_CHANNEL ", ''; NOTIFY " DBF_NOTIFY_CHANNEL
           ", 'u:99999999999999999999'; NOTIFY " DBF_NOTIFY_CHANNEL
           ", '%s:1'; NOTIFY " DBF_NOTIFY_CHANNEL ", '%s:2'; NOTIFY " DBF_NOTIFY_CHANNEL
           ", 'ok:9'; COMMIT",
           too_long, longest);
  dbf_testdb_exec(&g_db, false, sql);
  got g = {.n = 0};
  wait_for(l, &g, 2);
  assert_string_equal(g.user[0], longest);
  assert_int_equal(g.id[0], 2);
  assert_string_equal(g.user[1], "ok");
  assert_int_equal(g.id[1], 9);
  /* Nothing else is pending. */
  dbf_status st = {0};
  assert_int_equal(dbf_store_listener_wait(l, 100, -1, on_notify, &g, &st), DBF_OK);
  assert_int_equal(g.n, 2);
  dbf_store_listener_close(l);
}

static void test_listen_wait_times_out_and_wakes(void **state) {
  (void)state;
  NEED_DB();
  dbf_store_listener *l = open_listener();
  got g = {.n = 0};
  dbf_status st = {0};
  int64_t t0 = dbf_now_ms();
  assert_int_equal(dbf_store_listener_wait(l, 150, -1, on_notify, &g, &st), DBF_OK);
  assert_true(dbf_now_ms() - t0 >= 100);
  assert_int_equal(g.n, 0);

  int wake[2];
  assert_int_equal(pipe(wake), 0);
  assert_int_equal(write(wake[1], "x", 1), 1);
  t0 = dbf_now_ms();
  assert_int_equal(dbf_store_listener_wait(l, 5000, wake[0], on_notify, &g, &st), DBF_OK);
  assert_true(dbf_now_ms() - t0 < 2000);
  assert_int_equal(g.n, 0);
  close(wake[0]);
  close(wake[1]);

  /* A past deadline fails before connecting. */
  dbf_store_listener *l2 = NULL;
  assert_int_equal(dbf_store_listener_open(g_store, dbf_now_ms() - 1, &l2, &st), DBF_ERR_DEADLINE);
  assert_null(l2);
  dbf_store_listener_close(l);
}

static void test_listen_connection_lost_then_reopened(void **state) {
  (void)state;
  NEED_DB();
  dbf_store_listener *l = open_listener();
  char sql[512];
  snprintf(sql, sizeof sql,
           "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '%s' "
           "AND application_name = 'debrief-listener'",
           g_db.dbname);
  dbf_testdb_exec(&g_db, true, sql);
  got g = {.n = 0};
  dbf_status st = {0};
  dbf_err rc = DBF_OK;
  for (int64_t until = dbf_now_ms() + 5000; rc == DBF_OK && dbf_now_ms() < until;)
    rc = dbf_store_listener_wait(l, 200, -1, on_notify, &g, &st);
  assert_int_equal(rc, DBF_ERR_UNAVAILABLE);
  assert_non_null(strstr(st.msg, "database unavailable"));
  /* It stays failed until closed. */
  assert_int_equal(dbf_store_listener_wait(l, 10, -1, on_notify, &g, &st), DBF_ERR_UNAVAILABLE);
  dbf_store_listener_close(l);

  l = open_listener();
  dbf_testdb_exec(&g_db, false, "SELECT " DBF__NOTIFY_SQL("'carol'", "3"));
  wait_for(l, &g, 1);
  assert_string_equal(g.user[0], "carol");
  assert_int_equal(g.id[0], 3);
  dbf_store_listener_close(l);
}

static void test_listen_open_fails_when_the_database_is_gone(void **state) {
  (void)state;
  NEED_DB();
  char name[96], conninfo[1024], sql[160];
  snprintf(name, sizeof name, "%s_gone", g_db.dbname);
  snprintf(sql, sizeof sql, "CREATE DATABASE %s", name);
  dbf_testdb_exec(&g_db, true, sql);
  dbf_testdb_conninfo(&g_db, name, conninfo, sizeof conninfo);
  dbf_status st = {0};
  dbf_store *s = NULL;
  assert_int_equal(open_store(conninfo, &s, &st), DBF_OK);
  snprintf(sql, sizeof sql, "DROP DATABASE %s WITH (FORCE)", name);
  dbf_testdb_exec(&g_db, true, sql);
  dbf_store_listener *l = NULL;
  assert_int_equal(dbf_store_listener_open(s, dbf_now_ms() + 5000, &l, &st), DBF_ERR_UNAVAILABLE);
  assert_null(l);
  assert_non_null(strstr(st.msg, "database unavailable"));
  dbf_store_close(s);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_listen_receives_the_writers_notify),
      cmocka_unit_test(test_listen_skips_malformed_payloads),
      cmocka_unit_test(test_listen_wait_times_out_and_wakes),
      cmocka_unit_test(test_listen_connection_lost_then_reopened),
      cmocka_unit_test(test_listen_open_fails_when_the_database_is_gone),
  };
  return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
