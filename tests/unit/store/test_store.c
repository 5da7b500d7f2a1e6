/*
 * test_store.c - server/store against a real PostgreSQL.
 *
 * DEBRIEF_TEST_DATABASE_URL names a server we may create databases on (the
 * ctest fixture starts a private cluster and sets it). Without it every test
 * skips. Each run creates its own database, applies the migrations and the
 * built-in templates, and drops the database at the end.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <cmocka.h>

#include "core/clock.h"
#include "core/alloc.h"
#include "store/store.h"
#include "support/testdb.h"

static dbf_testdb g_db; /* this run's database (tests/support/testdb.h) */
static const char *g_data_dir;
static dbf_store *g_store;

#define NO_DEADLINE INT64_MAX

static dbf_err open_store(const char *data_dir, int pool, dbf_store **out, dbf_status *st) {
  dbf_store_opts o = {.conninfo = g_db.conninfo,
                      .pool_size = pool,
                      .data_dir = data_dir,
                      .connect_timeout_s = 2,
                      .acquire_timeout_ms = 2000};
  return dbf_store_open(&o, out, st);
}

static int group_setup(void **state) {
  (void)state;
  dbf_alloc_install();
  g_data_dir = getenv("DEBRIEF_DATA_DIR");
  if (!g_data_dir || !*g_data_dir)
    g_data_dir = DBF_SOURCE_DIR;
  dbf_store_opts o = {
      .pool_size = 4, .data_dir = g_data_dir, .connect_timeout_s = 2, .acquire_timeout_ms = 2000};
  return dbf_testdb_store_setup(&g_db, "dbf_store_test", o, true, &g_store);
}

static int group_teardown(void **state) {
  (void)state;
  return dbf_testdb_store_teardown(&g_db, g_store);
}

#define NEED_DB() DBF_TESTDB_NEED(&g_db)

static dbf_store_viewer member(const char *user, const char *team) {
  return (dbf_store_viewer){
      .user_id = user, .team_id = team, .role = "member", .scope = DBF_SCOPE_OWN};
}
static dbf_store_viewer manager(const char *user, const char *team) {
  return (dbf_store_viewer){
      .user_id = user, .team_id = team, .role = "manager", .scope = DBF_SCOPE_TEAM};
}
static dbf_store_viewer admin(const char *user) {
  return (dbf_store_viewer){
      .user_id = user, .team_id = "", .role = "admin", .scope = DBF_SCOPE_ALL};
}

static dbf_session *create(const dbf_store_viewer *who, const char *key, const char *req_id) {
  dbf_status st = {0};
  dbf_session *s = NULL;
  dbf_session_new in = {.template_slug = "sales_debrief",
                        .subject_kind = "meeting",
                        .subject_key = key,
                        .subject_title = "Demo",
                        .request_id = req_id};
  dbf_err rc = dbf_store_session_create(g_store, NO_DEADLINE, who, &in, &s, NULL, &st);
  if (rc)
    fail_msg("create: %s", st.msg);
  return s;
}

static dbf_err move(const dbf_store_viewer *who, const char *id, dbf_session_action a,
                    int64_t expected, dbf_session **out, dbf_status *st) {
  dbf_session_transition t = {.action = a, .expected_version = expected};
  dbf_session *tmp = NULL;
  dbf_err rc =
      dbf_store_session_transition(g_store, NO_DEADLINE, who, id, &t, out ? out : &tmp, st);
  dbf_session_free(tmp);
  return rc;
}

/* ---- migrations ---- */

static void test_migrate_idempotent(void **state) {
  (void)state;
  NEED_DB();
  dbf_status st = {0};
  assert_int_equal(dbf_store_migrate(g_store, &st), DBF_OK);
  assert_int_equal(dbf_store_migrate(g_store, &st), DBF_OK);
  PGconn *c = PQconnectdb(g_db.conninfo);
  PGresult *r = PQexec(c, "SELECT count(*), min(version) FROM schema_migrations");
  assert_int_equal(PQresultStatus(r), PGRES_TUPLES_OK);
  assert_string_not_equal(PQgetvalue(r, 0, 0), "0");
  assert_string_equal(PQgetvalue(r, 0, 1), "1");
  PQclear(r);
  PQfinish(c);
}

static void test_migrate_changed_file_is_an_error(void **state) {
  (void)state;
  NEED_DB();
  char dir[] = "/tmp/dbf_mig_XXXXXX";
  assert_non_null(mkdtemp(dir));
  char sqldir[128], src[1024], dst[256];
  snprintf(sqldir, sizeof sqldir, "%s/sql", dir);
  assert_int_equal(mkdir(sqldir, 0700), 0);
  snprintf(src, sizeof src, "%s/sql/001_init.sql", g_data_dir);
  snprintf(dst, sizeof dst, "%s/001_init.sql", sqldir);
  FILE *in = fopen(src, "rb"), *out = fopen(dst, "wb");
  assert_non_null(in);
  assert_non_null(out);
  char buf[4096];
  size_t n;
  while ((n = fread(buf, 1, sizeof buf, in)) > 0)
    fwrite(buf, 1, n, out);
  fputs("\n-- edited after it shipped\n", out);
  fclose(in);
  fclose(out);

  dbf_store *s = NULL;
  dbf_status st = {0};
  assert_int_equal(open_store(dir, 1, &s, &st), DBF_OK);
  assert_int_equal(dbf_store_migrate(s, &st), DBF_ERR_INTERNAL);
  assert_non_null(strstr(st.msg, "001_init.sql changed"));
  dbf_store_close(s);
  unlink(dst);
  rmdir(sqldir);
  rmdir(dir);
}

/*
 * Migrations lift statement_timeout on their connection; that connection
 * goes back to the pool afterwards and must carry the pool's cap again, not
 * the server default (none).
 */
static dbf_err slow_tx(dbf_tx *tx, void *arg, dbf_status *st);

static void test_migrate_restores_statement_timeout(void **state) {
  (void)state;
  NEED_DB();
  dbf_store_opts o = {.conninfo = g_db.conninfo,
                      .pool_size = 1,
                      .data_dir = g_data_dir,
                      .connect_timeout_s = 2,
                      .acquire_timeout_ms = 2000,
                      .statement_timeout_ms = 300};
  dbf_store *s = NULL;
  dbf_status st = {0};
  assert_int_equal(dbf_store_open(&o, &s, &st), DBF_OK);
  assert_int_equal(dbf_store_migrate(s, &st), DBF_OK);
  int64_t t0 = dbf_now_ms();
  assert_int_equal(dbf_store_tx(s, NO_DEADLINE, slow_tx, NULL, &st), DBF_ERR_DEADLINE);
  assert_true(dbf_now_ms() - t0 < 2000);
  dbf_store_close(s);
}

/* ---- templates ---- */

static json_t *sales_def(void) {
  dbf_status st = {0};
  dbf_template_rec *rec = NULL;
  assert_int_equal(dbf_store_template_get(g_store, NO_DEADLINE, "sales_debrief", 0, &rec, &st),
                   DBF_OK);
  json_t *d = json_deep_copy(rec->definition);
  dbf_template_rec_free(rec);
  return d;
}

static void test_templates_versioning(void **state) {
  (void)state;
  NEED_DB();
  dbf_status st = {0};
  dbf_template_rec *rec = NULL;

  /* Built-ins were synced once; syncing again stores nothing new. */
  assert_int_equal(dbf_store_template_get(g_store, NO_DEADLINE, "sales_debrief", 0, &rec, &st),
                   DBF_OK);
  int v0 = rec->version;
  assert_true(rec->builtin);
  dbf_template_rec_free(rec);
  assert_int_equal(dbf_store_sync_templates(g_store, &st), DBF_OK);
  assert_int_equal(dbf_store_template_get(g_store, NO_DEADLINE, "sales_debrief", 0, &rec, &st),
                   DBF_OK);
  assert_int_equal(rec->version, v0);
  dbf_template_rec_free(rec);

  /* A new slug starts at 1; creating it again is EXISTS. */
  json_t *d = sales_def();
  json_object_set_new(d, "slug", json_string("custom_debrief"));
  assert_int_equal(dbf_store_template_create(g_store, NO_DEADLINE, d, "admin1", false, &rec, &st),
                   DBF_OK);
  assert_int_equal(rec->version, 1);
  assert_false(rec->builtin);
  assert_string_equal(rec->created_by, "admin1");
  dbf_template_rec_free(rec);
  assert_int_equal(dbf_store_template_create(g_store, NO_DEADLINE, d, "admin1", false, &rec, &st),
                   DBF_ERR_EXISTS);

  /* Updates add versions; a stale expected_version is a conflict. */
  json_object_set_new(d, "title", json_string("Custom v2"));
  assert_int_equal(dbf_store_template_update(g_store, NO_DEADLINE, d, "admin1", 1, &rec, &st),
                   DBF_OK);
  assert_int_equal(rec->version, 2);
  assert_string_equal(rec->title, "Custom v2");
  dbf_template_rec_free(rec);
  assert_int_equal(dbf_store_template_update(g_store, NO_DEADLINE, d, "admin1", 1, &rec, &st),
                   DBF_ERR_CONFLICT);
  assert_non_null(strstr(st.msg, "version 2"));
  json_object_set_new(d, "slug", json_string("never_created"));
  assert_int_equal(dbf_store_template_update(g_store, NO_DEADLINE, d, "admin1", 0, &rec, &st),
                   DBF_ERR_NOT_FOUND);
  json_decref(d);

  /* Reads: specific, latest, missing. */
  assert_int_equal(dbf_store_template_get(g_store, NO_DEADLINE, "custom_debrief", 1, &rec, &st),
                   DBF_OK);
  assert_int_equal(rec->version, 1);
  dbf_template_rec_free(rec);
  assert_int_equal(dbf_store_template_get(g_store, NO_DEADLINE, "custom_debrief", 9, &rec, &st),
                   DBF_ERR_NOT_FOUND);
  assert_non_null(strstr(st.msg, "latest is 2"));
  assert_int_equal(dbf_store_template_get(g_store, NO_DEADLINE, "nope", 0, &rec, &st),
                   DBF_ERR_NOT_FOUND);
  assert_string_equal(st.msg, "no template 'nope'");

  /* Lists: latest per slug, and all versions, one per page. */
  size_t latest = 0, all = 0;
  int custom_seen = 0;
  for (int pass = 0; pass < 2; pass++) {
    char *token = NULL;
    do {
      dbf_template_page page = {0};
      assert_int_equal(
          dbf_store_template_list(g_store, NO_DEADLINE, pass == 1, 1, token, &page, &st), DBF_OK);
      free(token);
      token = page.next_page_token ? strdup(page.next_page_token) : NULL;
      assert_true(page.n <= 1);
      for (size_t i = 0; i < page.n; i++) {
        if (!strcmp(page.items[i]->slug, "custom_debrief"))
          custom_seen++;
        if (pass == 0) {
          latest++;
          if (!strcmp(page.items[i]->slug, "custom_debrief"))
            assert_int_equal(page.items[i]->version, 2);
        } else {
          all++;
        }
      }
      dbf_template_page_free(&page);
    } while (token);
  }
  assert_true(latest >= 3);          /* two built-ins and custom_debrief */
  assert_int_equal(all, latest + 1); /* custom_debrief has two versions */
  assert_int_equal(custom_seen, 3);
  dbf_template_page page = {0};
  assert_int_equal(dbf_store_template_list(g_store, NO_DEADLINE, false, 1, "garbage!", &page, &st),
                   DBF_ERR_INVALID);
}

/* ---- sessions ---- */

static void test_session_create_get_visibility(void **state) {
  (void)state;
  NEED_DB();
  dbf_status st = {0};
  dbf_store_viewer alice = member("alice", "red");
  dbf_session *s = create(&alice, "account:acme", NULL);
  assert_true(dbf_uuid_valid(s->id));
  assert_int_equal(s->state, DBF_SESSION_CREATED);
  assert_string_equal(s->template_slug, "sales_debrief");
  assert_true(s->template_version >= 1);
  assert_string_equal(s->owner_id, "alice");
  assert_string_equal(s->team_id, "red");
  assert_int_equal(s->version, 1);
  assert_true(s->expire_us > s->create_us);

  dbf_session *g = NULL;
  dbf_store_viewer bob = member("bob", "red");
  dbf_store_viewer red_mgr = manager("carol", "red");
  dbf_store_viewer blue_mgr = manager("dave", "blue");
  dbf_store_viewer root = admin("erin");
  assert_int_equal(dbf_store_session_get(g_store, NO_DEADLINE, &alice, s->id, &g, &st), DBF_OK);
  assert_string_equal(g->id, s->id);
  dbf_session_free(g);
  assert_int_equal(dbf_store_session_get(g_store, NO_DEADLINE, &bob, s->id, &g, &st),
                   DBF_ERR_NOT_FOUND);
  assert_int_equal(dbf_store_session_get(g_store, NO_DEADLINE, &blue_mgr, s->id, &g, &st),
                   DBF_ERR_NOT_FOUND);
  assert_int_equal(dbf_store_session_get(g_store, NO_DEADLINE, &red_mgr, s->id, &g, &st), DBF_OK);
  dbf_session_free(g);
  assert_int_equal(dbf_store_session_get(g_store, NO_DEADLINE, &root, s->id, &g, &st), DBF_OK);
  dbf_session_free(g);
  /* A manager may see but not drive someone else's session. */
  assert_int_equal(move(&red_mgr, s->id, DBF_SESSION_CANCEL, 0, NULL, &st), DBF_ERR_PERMISSION);
  assert_int_equal(move(&bob, s->id, DBF_SESSION_CANCEL, 0, NULL, &st), DBF_ERR_NOT_FOUND);
  assert_int_equal(dbf_store_session_get(g_store, NO_DEADLINE, &alice,
                                         "00000000-0000-4000-8000-000000000000", &g, &st),
                   DBF_ERR_NOT_FOUND);

  /* Unknown template and version. */
  dbf_session_new in = {.template_slug = "no_such_template"};
  assert_int_equal(dbf_store_session_create(g_store, NO_DEADLINE, &alice, &in, &g, NULL, &st),
                   DBF_ERR_NOT_FOUND);
  assert_string_equal(st.msg, "no template 'no_such_template'");
  in.template_slug = "sales_debrief";
  in.template_version = 999;
  assert_int_equal(dbf_store_session_create(g_store, NO_DEADLINE, &alice, &in, &g, NULL, &st),
                   DBF_ERR_NOT_FOUND);
  assert_non_null(strstr(st.msg, "no version 999"));
  dbf_session_free(s);
}

static void test_session_idempotent_create(void **state) {
  (void)state;
  NEED_DB();
  dbf_status st = {0};
  dbf_store_viewer v = member("idem", "t");
  dbf_session_new in = {.template_slug = "sales_debrief", .request_id = "req-1"};
  dbf_session *a = NULL, *b = NULL, *c = NULL;
  bool created = false;
  assert_int_equal(dbf_store_session_create(g_store, NO_DEADLINE, &v, &in, &a, &created, &st),
                   DBF_OK);
  assert_true(created);
  assert_int_equal(dbf_store_session_create(g_store, NO_DEADLINE, &v, &in, &b, &created, &st),
                   DBF_OK);
  assert_false(created);
  assert_string_equal(a->id, b->id);
  /* The key is per owner: another user's identical key makes a new session. */
  dbf_store_viewer w = member("idem2", "t");
  assert_int_equal(dbf_store_session_create(g_store, NO_DEADLINE, &w, &in, &c, &created, &st),
                   DBF_OK);
  assert_true(created);
  assert_string_not_equal(a->id, c->id);
  /* Reusing a key for a different template is refused, not silently merged. */
  in.template_slug = "work_experience";
  dbf_session *d = NULL;
  assert_int_equal(dbf_store_session_create(g_store, NO_DEADLINE, &v, &in, &d, NULL, &st),
                   DBF_ERR_INVALID);
  dbf_session_free(a);
  dbf_session_free(b);
  dbf_session_free(c);
}

static void test_session_list_pagination_filters(void **state) {
  (void)state;
  NEED_DB();
  dbf_status st = {0};
  dbf_store_viewer v = member("lister", "green");
  char ids[7][37];
  for (int i = 0; i < 7; i++) {
    dbf_session *s = create(&v, i % 2 ? "account:odd" : "account:even", NULL);
    snprintf(ids[i], sizeof ids[i], "%s", s->id);
    dbf_session_free(s);
  }
  /* Page through 3 at a time: 3, 3, 1, newest first, no repeats. */
  dbf_session_filter f = {.page_size = 3};
  char *token = NULL;
  int seen = 0, pages = 0;
  int64_t prev = INT64_MAX;
  do {
    dbf_session_page page = {0};
    f.page_token = token;
    assert_int_equal(dbf_store_session_list(g_store, NO_DEADLINE, &v, &f, &page, &st), DBF_OK);
    free(token);
    token = page.next_page_token ? strdup(page.next_page_token) : NULL;
    for (size_t i = 0; i < page.n; i++) {
      assert_true(page.items[i]->create_us <= prev);
      prev = page.items[i]->create_us;
      assert_string_equal(page.items[i]->id, ids[6 - seen]);
      seen++;
    }
    pages++;
    dbf_session_page_free(&page);
  } while (token);
  assert_int_equal(seen, 7);
  assert_int_equal(pages, 3);

  /* Filters. */
  dbf_session_page page = {0};
  f = (dbf_session_filter){.page_size = 100, .subject_key = "account:odd"};
  assert_int_equal(dbf_store_session_list(g_store, NO_DEADLINE, &v, &f, &page, &st), DBF_OK);
  assert_int_equal(page.n, 3);
  assert_null(page.next_page_token);
  dbf_session_page_free(&page);

  assert_int_equal(move(&v, ids[0], DBF_SESSION_RESUME, 0, NULL, &st), DBF_OK);
  dbf_session_state active[] = {DBF_SESSION_ACTIVE};
  f = (dbf_session_filter){.page_size = 100, .states = active, .n_states = 1};
  assert_int_equal(dbf_store_session_list(g_store, NO_DEADLINE, &v, &f, &page, &st), DBF_OK);
  assert_int_equal(page.n, 1);
  assert_string_equal(page.items[0]->id, ids[0]);
  dbf_session_page_free(&page);

  f = (dbf_session_filter){.page_size = 100, .template_slug = "work_experience"};
  assert_int_equal(dbf_store_session_list(g_store, NO_DEADLINE, &v, &f, &page, &st), DBF_OK);
  assert_int_equal(page.n, 0);
  dbf_session_page_free(&page);

  f = (dbf_session_filter){.page_size = 100, .created_after_us = (dbf_now_ms() + 60000) * 1000};
  assert_int_equal(dbf_store_session_list(g_store, NO_DEADLINE, &v, &f, &page, &st), DBF_OK);
  assert_int_equal(page.n, 0);
  dbf_session_page_free(&page);
  f = (dbf_session_filter){.page_size = 100,
                           .created_before_us = (dbf_now_ms() + 60000) * 1000,
                           .created_after_us = (dbf_now_ms() - 600000) * 1000};
  assert_int_equal(dbf_store_session_list(g_store, NO_DEADLINE, &v, &f, &page, &st), DBF_OK);
  assert_int_equal(page.n, 7);
  dbf_session_page_free(&page);

  /* Only one's own sessions, even when asking for someone else's. */
  dbf_store_viewer other = member("stranger", "green");
  f = (dbf_session_filter){.page_size = 100, .owner_id = "lister"};
  assert_int_equal(dbf_store_session_list(g_store, NO_DEADLINE, &other, &f, &page, &st), DBF_OK);
  assert_int_equal(page.n, 0);
  dbf_session_page_free(&page);
  dbf_store_viewer mgr = manager("boss", "green");
  assert_int_equal(dbf_store_session_list(g_store, NO_DEADLINE, &mgr, &f, &page, &st), DBF_OK);
  assert_int_equal(page.n, 7);
  dbf_session_page_free(&page);

  /* Tokens are checked and bound to their query. */
  f = (dbf_session_filter){.page_size = 2};
  assert_int_equal(dbf_store_session_list(g_store, NO_DEADLINE, &v, &f, &page, &st), DBF_OK);
  char *tok = strdup(page.next_page_token);
  dbf_session_page_free(&page);
  f = (dbf_session_filter){.page_size = 2, .subject_key = "account:odd", .page_token = tok};
  assert_int_equal(dbf_store_session_list(g_store, NO_DEADLINE, &v, &f, &page, &st),
                   DBF_ERR_INVALID);
  assert_non_null(strstr(st.msg, "different query"));
  f = (dbf_session_filter){.page_size = 2, .page_token = "bm90IGEgdG9rZW4"};
  assert_int_equal(dbf_store_session_list(g_store, NO_DEADLINE, &v, &f, &page, &st),
                   DBF_ERR_INVALID);
  f = (dbf_session_filter){.page_size = 0};
  assert_int_equal(dbf_store_session_list(g_store, NO_DEADLINE, &v, &f, &page, &st),
                   DBF_ERR_INVALID);
  free(tok);
}

/* Puts a fresh session into state s. */
static void session_in_state(const dbf_store_viewer *v, dbf_session_state s, char id[37]) {
  dbf_status st = {0};
  dbf_session *x = create(v, "account:sm", NULL);
  snprintf(id, 37, "%s", x->id);
  dbf_session_free(x);
  static const dbf_session_action path[][2] = {
      [DBF_SESSION_CREATED] = {0, 0},
      [DBF_SESSION_ACTIVE] = {DBF_SESSION_RESUME, 0},
      [DBF_SESSION_PAUSED] = {DBF_SESSION_RESUME, DBF_SESSION_PAUSE},
      [DBF_SESSION_COMPLETED] = {DBF_SESSION_RESUME, DBF_SESSION_COMPLETE},
      [DBF_SESSION_EXPIRED] = {DBF_SESSION_RESUME, DBF_SESSION_EXPIRE},
      [DBF_SESSION_CANCELLED] = {DBF_SESSION_CANCEL, 0},
  };
  for (int i = 0; i < 2 && path[s][i]; i++)
    if (move(v, id, path[s][i], 0, NULL, &st))
      fail_msg("setting up state %d: %s", (int)s, st.msg);
}

static void test_session_state_machine(void **state) {
  (void)state;
  NEED_DB();
  dbf_store_viewer v = member("sm", "t");
  /* allowed[state][action] */
  static const bool allowed[7][7] = {
      [DBF_SESSION_CREATED] =
          {[DBF_SESSION_RESUME] = 1, [DBF_SESSION_CANCEL] = 1, [DBF_SESSION_EXPIRE] = 1},
      [DBF_SESSION_ACTIVE] = {[DBF_SESSION_PAUSE] = 1,
                              [DBF_SESSION_COMPLETE] = 1,
                              [DBF_SESSION_CANCEL] = 1,
                              [DBF_SESSION_EXPIRE] = 1},
      [DBF_SESSION_PAUSED] = {[DBF_SESSION_RESUME] = 1,
                              [DBF_SESSION_COMPLETE] = 1,
                              [DBF_SESSION_CANCEL] = 1,
                              [DBF_SESSION_EXPIRE] = 1},
      [DBF_SESSION_COMPLETED] = {0},
      [DBF_SESSION_EXPIRED] = {[DBF_SESSION_CANCEL] = 1, [DBF_SESSION_RECOVER] = 1},
      [DBF_SESSION_CANCELLED] = {0},
  };
  static const dbf_session_state result[7] = {
      [DBF_SESSION_PAUSE] = DBF_SESSION_PAUSED,       [DBF_SESSION_RESUME] = DBF_SESSION_ACTIVE,
      [DBF_SESSION_COMPLETE] = DBF_SESSION_COMPLETED, [DBF_SESSION_CANCEL] = DBF_SESSION_CANCELLED,
      [DBF_SESSION_RECOVER] = DBF_SESSION_ACTIVE,     [DBF_SESSION_EXPIRE] = DBF_SESSION_EXPIRED,
  };
  for (int s = DBF_SESSION_CREATED; s <= DBF_SESSION_CANCELLED; s++) {
    for (int a = DBF_SESSION_PAUSE; a <= DBF_SESSION_EXPIRE; a++) {
      char id[37];
      dbf_status st = {0};
      dbf_session *out = NULL;
      session_in_state(&v, (dbf_session_state)s, id);
      dbf_err rc = move(&v, id, (dbf_session_action)a, 0, &out, &st);
      if (allowed[s][a]) {
        if (rc)
          fail_msg("state %d action %d should work: %s", s, a, st.msg);
        assert_int_equal(out->state, result[a]);
        if (result[a] == DBF_SESSION_ACTIVE) {
          assert_true(out->start_us > 0);
          assert_true(out->expire_us > 0);
          assert_null(out->end_reason);
        }
        if (result[a] == DBF_SESSION_COMPLETED)
          assert_true(out->complete_us > 0);
        if (result[a] == DBF_SESSION_CANCELLED)
          assert_string_equal(out->end_reason, "cancelled");
        dbf_session_free(out);
      } else {
        if (rc != DBF_ERR_STATE)
          fail_msg("state %d action %d should be refused, got %s", s, a, dbf_err_name(rc));
        assert_non_null(strstr(st.msg, "cannot "));
        assert_non_null(strstr(st.msg, dbf_session_state_name((dbf_session_state)s)));
      }
    }
  }
  /* The exact wording the API promises. */
  char id[37];
  dbf_status st = {0};
  session_in_state(&v, DBF_SESSION_COMPLETED, id);
  assert_int_equal(move(&v, id, DBF_SESSION_PAUSE, 0, NULL, &st), DBF_ERR_STATE);
  assert_string_equal(st.msg, "cannot pause a session in state COMPLETED; only ACTIVE sessions "
                              "can be paused");
}

static void test_session_version_conflict(void **state) {
  (void)state;
  NEED_DB();
  dbf_status st = {0};
  dbf_store_viewer v = member("ver", "t");
  dbf_session *s = create(&v, "account:v", NULL), *out = NULL;
  assert_int_equal(move(&v, s->id, DBF_SESSION_RESUME, s->version, &out, &st), DBF_OK);
  assert_int_equal(out->version, s->version + 1);
  int64_t cur = out->version;
  dbf_session_free(out);
  assert_int_equal(move(&v, s->id, DBF_SESSION_PAUSE, s->version, NULL, &st), DBF_ERR_CONFLICT);
  assert_non_null(strstr(st.msg, "not the expected"));
  assert_int_equal(move(&v, s->id, DBF_SESSION_PAUSE, cur, NULL, &st), DBF_OK);
  dbf_session_free(s);
}

/* Complete hook: runs in the transaction, its summary is stored. */
static dbf_err summary_hook(dbf_tx *tx, const dbf_session *sess, void *arg, json_t **summary,
                            dbf_status *st) {
  (void)tx;
  (void)sess;
  (*(int *)arg)++;
  *summary = json_pack("{s:s}", "narrative", "done");
  return DBF_OK;
}

static void test_session_complete_hook(void **state) {
  (void)state;
  NEED_DB();
  dbf_status st = {0};
  dbf_store_viewer v = member("hook", "t");
  dbf_session *s = create(&v, "account:h", NULL), *out = NULL;
  assert_int_equal(move(&v, s->id, DBF_SESSION_RESUME, 0, NULL, &st), DBF_OK);
  int calls = 0;
  dbf_session_transition t = {
      .action = DBF_SESSION_COMPLETE, .on_complete = summary_hook, .on_complete_arg = &calls};
  assert_int_equal(dbf_store_session_transition(g_store, NO_DEADLINE, &v, s->id, &t, &out, &st),
                   DBF_OK);
  assert_int_equal(calls, 1);
  assert_string_equal(json_string_value(json_object_get(out->summary, "narrative")), "done");
  assert_string_equal(out->end_reason, "completed");
  dbf_session_free(out);
  dbf_session_free(s);
}

/* ---- history and the client_msg_id invariant ---- */

typedef struct msg_args {
  const char *owner, *id;
  int n;
} msg_args;

static dbf_err insert_msgs(dbf_tx *tx, void *arg, dbf_status *st) {
  msg_args *a = arg;
  static const char *kinds[] = {"question", "answer", "extraction", "question", "answer", "note"};
  for (int i = 0; i < a->n; i++) {
    char seq[16], cmid[16];
    snprintf(seq, sizeof seq, "%d", i + 1);
    snprintf(cmid, sizeof cmid, "c%d", i + 1);
    const char *kind = kinds[i % 6];
    const char *role = !strcmp(kind, "answer") ? "user" : "assistant";
    const char *p[] = {a->owner, a->id, seq, role, kind, !strcmp(kind, "answer") ? cmid : NULL};
    dbf_err rc = dbf_tx_exec(tx,
                             "INSERT INTO messages (owner_id, session_id, seq, role, kind, text, "
                             " client_msg_id, target_fields) "
                             "VALUES ($1, $2::uuid, $3::bigint, $4, $5, 'hi', $6, '{budget}')",
                             6, p, NULL, st);
    if (rc)
      return rc;
  }
  const char *p[] = {a->owner, a->id};
  return dbf_tx_exec(tx, "UPDATE sessions SET last_seq = 6 WHERE owner_id = $1 AND id = $2::uuid",
                     2, p, NULL, st);
}

static dbf_err dup_answer(dbf_tx *tx, void *arg, dbf_status *st) {
  msg_args *a = arg;
  PGresult *r = NULL;
  const char *p[] = {a->owner, a->id};
  dbf_err rc = dbf_tx_exec(tx,
                           "INSERT INTO messages (owner_id, session_id, seq, role, kind, "
                           " client_msg_id) VALUES ($1, $2::uuid, 99, 'user', 'answer', 'c2') "
                           "ON CONFLICT ON CONSTRAINT messages_client_msg_key DO NOTHING "
                           "RETURNING seq",
                           2, p, &r, st);
  if (!rc)
    a->n = PQntuples(r);
  PQclear(r);
  return rc;
}

static void test_session_history(void **state) {
  (void)state;
  NEED_DB();
  dbf_status st = {0};
  dbf_store_viewer v = member("hist", "t");
  dbf_session *s = create(&v, "account:hist", NULL);
  msg_args a = {.owner = "hist", .id = s->id, .n = 6};
  assert_int_equal(dbf_store_tx(g_store, NO_DEADLINE, insert_msgs, &a, &st), DBF_OK);
  assert_int_equal(dbf_store_tx(g_store, NO_DEADLINE, dup_answer, &a, &st), DBF_OK);
  assert_int_equal(a.n, 0); /* the second insert of c2 stored nothing */

  /* All frames, two per page: 1-2, 3-4, 5-6. */
  int64_t expect = 1;
  char *token = NULL;
  do {
    dbf_message_page page = {0};
    assert_int_equal(
        dbf_store_session_history(g_store, NO_DEADLINE, &v, s->id, 0, false, 2, token, &page, &st),
        DBF_OK);
    free(token);
    token = page.next_page_token ? strdup(page.next_page_token) : NULL;
    for (size_t i = 0; i < page.n; i++) {
      assert_int_equal(page.items[i].seq, expect++);
      assert_int_equal(page.items[i].n_target_fields, 1);
      assert_string_equal(page.items[i].target_fields[0], "budget");
    }
    dbf_message_page_free(&page);
  } while (token);
  assert_int_equal(expect, 7);

  /* The transcript skips protocol frames; after_seq is honoured. */
  dbf_message_page page = {0};
  assert_int_equal(
      dbf_store_session_history(g_store, NO_DEADLINE, &v, s->id, 1, true, 100, NULL, &page, &st),
      DBF_OK);
  assert_int_equal(page.n, 4); /* 2 answer, 4 question, 5 answer, 6 note */
  assert_int_equal(page.items[0].seq, 2);
  assert_string_equal(page.items[0].client_msg_id, "c2");
  assert_int_equal(page.items[1].seq, 4);
  dbf_message_page_free(&page);

  dbf_store_viewer other = member("nosy", "t");
  assert_int_equal(
      dbf_store_session_history(g_store, NO_DEADLINE, &other, s->id, 0, true, 10, NULL, &page, &st),
      DBF_ERR_NOT_FOUND);
  dbf_session_free(s);
}

/* ---- pool: deadlines, connection loss, database down ---- */

static void test_pool_deadlines(void **state) {
  (void)state;
  NEED_DB();
  dbf_status st = {0};
  dbf_store_viewer v = member("dl", "t");
  dbf_session *s = NULL;
  assert_int_equal(dbf_store_session_get(g_store, dbf_now_ms() - 1, &v,
                                         "00000000-0000-4000-8000-000000000000", &s, &st),
                   DBF_ERR_DEADLINE);
}

static dbf_err slow_tx(dbf_tx *tx, void *arg, dbf_status *st) {
  (void)arg;
  return dbf_tx_exec(tx, "SELECT pg_sleep(3)", 0, NULL, NULL, st);
}

static void test_pool_statement_timeout_from_deadline(void **state) {
  (void)state;
  NEED_DB();
  dbf_status st = {0};
  int64_t t0 = dbf_now_ms();
  assert_int_equal(dbf_store_tx(g_store, t0 + 300, slow_tx, NULL, &st), DBF_ERR_DEADLINE);
  assert_true(dbf_now_ms() - t0 < 2000);
}

static void terminate_backends(void) {
  char sql[512];
  snprintf(sql, sizeof sql,
           "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '%s' "
           "AND application_name = 'debrief' AND pid <> pg_backend_pid()",
           g_db.dbname);
  dbf_testdb_exec(&g_db, true, sql);
  usleep(100 * 1000); /* let the backends exit */
}

static void test_pool_recovers_after_connection_loss(void **state) {
  (void)state;
  NEED_DB();
  dbf_status st = {0};
  dbf_store *s = NULL;
  dbf_store_viewer v = member("pool", "t");
  assert_int_equal(open_store(g_data_dir, 2, &s, &st), DBF_OK);
  dbf_session_page page = {0};
  dbf_session_filter f = {.page_size = 5};
  assert_int_equal(dbf_store_session_list(s, NO_DEADLINE, &v, &f, &page, &st), DBF_OK);
  dbf_session_page_free(&page);
  dbf_store_stats before, after;
  dbf_store_get_stats(s, &before);

  terminate_backends();
  /* The very next call works: the dead connection is replaced on acquire. */
  assert_int_equal(dbf_store_session_list(s, NO_DEADLINE, &v, &f, &page, &st), DBF_OK);
  dbf_session_page_free(&page);
  dbf_store_get_stats(s, &after);
  assert_true(after.connects > before.connects);
  assert_int_equal(after.in_use, 0);
  dbf_store_close(s);
}

static dbf_err short_sleep_tx(dbf_tx *tx, void *arg, dbf_status *st) {
  (void)arg;
  return dbf_tx_exec(tx, "SELECT pg_sleep(0.3)", 0, NULL, NULL, st);
}

typedef struct pool_holder {
  dbf_store *s;
  dbf_err rc;
} pool_holder;

static void *hold_connection(void *arg) {
  pool_holder *h = arg;
  dbf_status st = {0};
  h->rc = dbf_store_tx(h->s, NO_DEADLINE, short_sleep_tx, NULL, &st);
  return NULL;
}

/* The stats the metrics read: a caller that finds every connection busy is a waiter until one
   is released, and its wait is counted and timed. */
static void test_pool_counts_waiters(void **state) {
  (void)state;
  NEED_DB();
  dbf_status st = {0};
  dbf_store *s = NULL;
  assert_int_equal(open_store(g_data_dir, 1, &s, &st), DBF_OK);
  dbf_store_stats before, now;
  dbf_store_get_stats(s, &before);
  assert_int_equal(before.waiters, 0);
  pool_holder a = {.s = s}, b = {.s = s};
  pthread_t ta, tb;
  assert_int_equal(pthread_create(&ta, NULL, hold_connection, &a), 0);
  for (int i = 0; i < 200 && (dbf_store_get_stats(s, &now), now.in_use == 0); i++)
    usleep(1000);
  assert_int_equal(pthread_create(&tb, NULL, hold_connection, &b), 0);
  for (int i = 0; i < 200 && (dbf_store_get_stats(s, &now), now.waiters == 0); i++)
    usleep(1000);
  assert_int_equal(now.waiters, 1);
  assert_int_equal(now.in_use, 1);
  pthread_join(ta, NULL);
  pthread_join(tb, NULL);
  assert_int_equal(a.rc, DBF_OK);
  assert_int_equal(b.rc, DBF_OK);
  dbf_store_get_stats(s, &now);
  assert_int_equal(now.waiters, 0);
  assert_int_equal(now.in_use, 0);
  assert_int_equal(now.waits, before.waits + 1);
  assert_true(now.wait_us - before.wait_us >= 100000); /* most of the first one's 300 ms */
  dbf_store_close(s);
}

/* Kills its own backend on the first attempt, mid-transaction. */
static dbf_err suicide_tx(dbf_tx *tx, void *arg, dbf_status *st) {
  int *attempts = arg;
  if ((*attempts)++ == 0) {
    PGresult *res = NULL;
    dbf_err rc = dbf_tx_exec(tx, "SELECT pg_backend_pid()", 0, NULL, &res, st);
    if (rc)
      return rc;
    char sql[256];
    snprintf(sql, sizeof sql, "SELECT pg_terminate_backend(%d)", (int)dbf_pg_i64(res, 0, 0, 0));
    PQclear(res);
    dbf_testdb_exec(&g_db, true, sql);
    usleep(50 * 1000);
  }
  return dbf_tx_exec(tx, "SELECT count(*) FROM sessions", 0, NULL, NULL, st);
}

static void test_pool_retries_tx_after_connection_loss(void **state) {
  (void)state;
  NEED_DB();
  dbf_status st = {0};
  dbf_store_stats before, after;
  dbf_store_get_stats(g_store, &before);
  int attempts = 0;
  assert_int_equal(dbf_store_tx(g_store, dbf_now_ms() + 10000, suicide_tx, &attempts, &st), DBF_OK);
  assert_int_equal(attempts, 2);
  dbf_store_get_stats(g_store, &after);
  assert_true(after.tx_retries > before.tx_retries);
}

/* Counts the connection's prepared statements whose text is like arg. */
typedef struct prep_case {
  const char *like;
  int64_t count;
  bool fail_first; /* queue a failing statement before the probe */
} prep_case;

static dbf_err prep_probe_tx(dbf_tx *tx, void *arg, dbf_status *st) {
  prep_case *c = arg;
  dbf_err rc = DBF_OK;
  if (c->fail_first)
    rc = dbf_tx_send(tx, "SELECT 1 / (SELECT count(*) FROM sessions WHERE false)", 0, NULL, -1, st);
  if (!rc)
    rc = dbf_tx_exec(tx, "SELECT 42 AS probe_answer", 0, NULL, NULL, st);
  if (rc)
    return rc;
  PGresult *res = NULL;
  const char *p[] = {c->like};
  rc = dbf_tx_exec(tx, "SELECT count(*) FROM pg_prepared_statements WHERE statement LIKE $1", 1, p,
                   &res, st);
  if (!rc)
    c->count = dbf_pg_i64(res, 0, 0, -1);
  PQclear(res);
  return rc;
}

static void test_pool_prepares_each_text_once(void **state) {
  (void)state;
  NEED_DB();
  dbf_status st = {0};
  dbf_store *s = NULL;
  /* One connection, so every transaction sees what the earlier ones prepared. */
  assert_int_equal(open_store(g_data_dir, 1, &s, &st), DBF_OK);
  prep_case c = {.like = "%probe_answer%"};
  for (int i = 0; i < 3; i++) {
    assert_int_equal(dbf_store_tx(s, NO_DEADLINE, prep_probe_tx, &c, &st), DBF_OK);
    assert_int_equal(c.count, 1); /* prepared once, reused after */
  }
  dbf_store_close(s);

  /* A Parse that never ran (an earlier statement in its pipeline failed) is
   * sent again on the next use instead of being taken as prepared. */
  assert_int_equal(open_store(g_data_dir, 1, &s, &st), DBF_OK);
  c.fail_first = true;
  assert_int_equal(dbf_store_tx(s, NO_DEADLINE, prep_probe_tx, &c, &st), DBF_ERR_INVALID);
  c.fail_first = false;
  c.count = -1;
  assert_int_equal(dbf_store_tx(s, NO_DEADLINE, prep_probe_tx, &c, &st), DBF_OK);
  assert_int_equal(c.count, 1);
  dbf_store_close(s);

  /* Transactions with nearer deadlines each set their own statement
   * timeout, all through one prepared text. */
  assert_int_equal(open_store(g_data_dir, 1, &s, &st), DBF_OK);
  c.like = "%statement_timeout%";
  for (int i = 0; i < 4; i++)
    assert_int_equal(dbf_store_tx(s, dbf_now_ms() + 5000 + 37 * i, prep_probe_tx, &c, &st), DBF_OK);
  assert_int_equal(c.count, 1);
  dbf_store_close(s);

  /* Switched off, nothing is prepared. */
  dbf_store_opts o = {.conninfo = g_db.conninfo,
                      .pool_size = 1,
                      .data_dir = g_data_dir,
                      .no_prepared_statements = true};
  assert_int_equal(dbf_store_open(&o, &s, &st), DBF_OK);
  assert_int_equal(dbf_store_tx(s, NO_DEADLINE, prep_probe_tx, &c, &st), DBF_OK);
  assert_int_equal(c.count, 0);
  dbf_store_close(s);
}

static void test_pool_database_down_then_back(void **state) {
  (void)state;
  NEED_DB();
  dbf_status st = {0};
  dbf_store *s = NULL;
  dbf_store_viewer v = member("down", "t");
  dbf_session_filter f = {.page_size = 5};
  dbf_session_page page = {0};
  assert_int_equal(open_store(g_data_dir, 2, &s, &st), DBF_OK);
  char sql[256];
  snprintf(sql, sizeof sql, "ALTER DATABASE %s WITH ALLOW_CONNECTIONS false", g_db.dbname);
  dbf_testdb_exec(&g_db, true, sql);
  terminate_backends();

  assert_int_equal(dbf_store_session_list(s, dbf_now_ms() + 5000, &v, &f, &page, &st),
                   DBF_ERR_UNAVAILABLE);
  assert_memory_equal(st.msg, "database unavailable: ", 22);

  snprintf(sql, sizeof sql, "ALTER DATABASE %s WITH ALLOW_CONNECTIONS true", g_db.dbname);
  dbf_testdb_exec(&g_db, true, sql);
  usleep(400 * 1000); /* past the fail-fast window */
  assert_int_equal(dbf_store_session_list(s, dbf_now_ms() + 5000, &v, &f, &page, &st), DBF_OK);
  dbf_session_page_free(&page);
  dbf_store_close(s);
  /* The shared store recovers too. */
  dbf_session *x = create(&v, "account:back", NULL);
  dbf_session_free(x);
}

static void test_uuid_and_tokens_offline(void **state) {
  (void)state;
  assert_true(dbf_uuid_valid("3f2a6c1e-8b7d-4e21-9a0f-5c6d7e8f9a0b"));
  assert_false(dbf_uuid_valid("3f2a6c1e-8b7d-4e21-9a0f-5c6d7e8f9a0"));
  assert_false(dbf_uuid_valid("3f2a6c1e-8b7d-4e21-9a0f-5c6d7e8f9a0bb"));
  assert_false(dbf_uuid_valid("3f2a6c1e_8b7d-4e21-9a0f-5c6d7e8f9a0b"));
  assert_false(dbf_uuid_valid("abc"));
  assert_false(dbf_uuid_valid(NULL));
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_uuid_and_tokens_offline),
      cmocka_unit_test(test_migrate_idempotent),
      cmocka_unit_test(test_migrate_changed_file_is_an_error),
      cmocka_unit_test(test_migrate_restores_statement_timeout),
      cmocka_unit_test(test_templates_versioning),
      cmocka_unit_test(test_session_create_get_visibility),
      cmocka_unit_test(test_session_idempotent_create),
      cmocka_unit_test(test_session_list_pagination_filters),
      cmocka_unit_test(test_session_state_machine),
      cmocka_unit_test(test_session_version_conflict),
      cmocka_unit_test(test_session_complete_hook),
      cmocka_unit_test(test_session_history),
      cmocka_unit_test(test_pool_deadlines),
      cmocka_unit_test(test_pool_statement_timeout_from_deadline),
      cmocka_unit_test(test_pool_recovers_after_connection_loss),
      cmocka_unit_test(test_pool_retries_tx_after_connection_loss),
      cmocka_unit_test(test_pool_counts_waiters),
      cmocka_unit_test(test_pool_prepares_each_text_once),
      cmocka_unit_test(test_pool_database_down_then_back),
  };
  return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
