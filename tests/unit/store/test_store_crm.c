/*
 * test_store_crm.c - server/store/crm.c, the CRM outbox, against a real
 * PostgreSQL: the idempotent enqueue, the lease and its fence (a worker
 * whose lease ran out cannot record an outcome over a newer attempt), the
 * dead letter's retry and the list. The worker's HTTP side is in
 * tests/integration/test_crm.py.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "core/alloc.h"
#include "store/store.h"
#include "support/testdb.h"

#define NO_DEADLINE INT64_MAX

static dbf_testdb g_db;
static dbf_store *g_store;

#define NEED_DB() DBF_TESTDB_NEED(&g_db)

static int group_setup(void **state) {
  (void)state;
  dbf_alloc_install();
  const char *data_dir = getenv("DEBRIEF_DATA_DIR");
  if (!data_dir || !*data_dir)
    data_dir = DBF_SOURCE_DIR;
  dbf_store_opts o = {.pool_size = 2, .data_dir = data_dir, .connect_timeout_s = 2};
  return dbf_testdb_store_setup(&g_db, "dbf_crm_test", o, true, &g_store);
}

static int group_teardown(void **state) {
  (void)state;
  return dbf_testdb_store_teardown(&g_db, g_store);
}

/* A completed session of user; its id into id, its version returned. */
static int64_t completed(const char *user, char id[37]) {
  dbf_store_viewer who = {
      .user_id = user, .team_id = "t", .role = "member", .scope = DBF_SCOPE_OWN};
  dbf_session_new in = {.template_slug = "sales_debrief"};
  dbf_status st = {0};
  dbf_session *s = NULL;
  if (dbf_store_session_create(g_store, NO_DEADLINE, &who, &in, &s, NULL, &st))
    fail_msg("create: %s", st.msg);
  snprintf(id, 37, "%s", s->id);
  dbf_session_free(s);
  char sql[256], v[32];
  snprintf(sql, sizeof sql, "UPDATE sessions SET state = 'completed', version = 3 WHERE id = '%s'",
           id);
  dbf_testdb_exec(&g_db, false, sql);
  snprintf(sql, sizeof sql, "SELECT version FROM sessions WHERE id = '%s'", id);
  dbf_testdb_value(&g_db, sql, v, sizeof v);
  return strtoll(v, NULL, 10);
}

static dbf_crm_enqueue push_of(const char *user, const char *id, int64_t version) {
  dbf_crm_enqueue e = {.owner_id = user,
                       .session_id = id,
                       .team_id = "t",
                       .session_version = version,
                       .target = "generic",
                       .trigger = "manual",
                       .requested_by = user,
                       .body = "{\"x\":1}",
                       .require_completed = true};
  return e;
}

static void test_enqueue_is_idempotent_per_version(void **state) {
  (void)state;
  NEED_DB();
  char id[37];
  int64_t v = completed("crm-u1", id);
  dbf_crm_enqueue e = push_of("crm-u1", id, v);
  dbf_crm_delivery *a = NULL, *b = NULL;
  dbf_status st = {0};
  bool created = false;
  assert_int_equal(dbf_store_crm_enqueue(g_store, NO_DEADLINE, &e, &a, &created, &st), DBF_OK);
  assert_true(created);
  assert_int_equal(a->status, DBF_CRM_PENDING);
  char key[64];
  snprintf(key, sizeof key, "%s:v%lld", id, (long long)v);
  assert_string_equal(a->idempotency_key, key);
  assert_int_equal(dbf_store_crm_enqueue(g_store, NO_DEADLINE, &e, &b, &created, &st), DBF_OK);
  assert_false(created);
  assert_string_equal(a->id, b->id);
  dbf_crm_delivery_free(b);
  /* A version the session is not at: nothing to push. */
  e.session_version = v + 1;
  assert_int_equal(dbf_store_crm_enqueue(g_store, NO_DEADLINE, &e, &b, &created, &st),
                   DBF_ERR_CONFLICT);
  dbf_crm_delivery_free(a);
}

/* The oldest due delivery, claimed for worker with a one-minute lease; NULL when none. */
static dbf_crm_job *claim(const char *worker, dbf_status *st) {
  dbf_crm_job *j = NULL;
  assert_int_equal(dbf_store_crm_claim(g_store, NO_DEADLINE, worker, 60000, &j, st), DBF_OK);
  return j;
}

static void test_lease_and_fence(void **state) {
  (void)state;
  NEED_DB();
  dbf_testdb_exec(&g_db, false, "UPDATE crm_deliveries SET status = 'delivered'");
  char id[37], sql[256];
  int64_t v = completed("crm-u2", id);
  dbf_crm_enqueue e = push_of("crm-u2", id, v);
  dbf_crm_delivery *d = NULL;
  dbf_status st = {0};
  assert_int_equal(dbf_store_crm_enqueue(g_store, NO_DEADLINE, &e, &d, NULL, &st), DBF_OK);
  dbf_crm_job *a = claim("worker-a", &st);
  assert_non_null(a);
  assert_string_equal(a->id, d->id);
  assert_int_equal(a->attempts, 1);
  assert_string_equal(a->body, "{\"x\":1}");
  /* Leased: nobody else gets it. */
  assert_null(claim("worker-b", &st));
  /* The lease runs out (worker-a stalled): worker-b takes it, with the same key. */
  snprintf(sql, sizeof sql,
           "UPDATE crm_deliveries SET claimed_until = now() - interval '1 second' WHERE id = '%s'",
           d->id);
  dbf_testdb_exec(&g_db, false, sql);
  dbf_crm_job *b = claim("worker-b", &st);
  assert_non_null(b);
  assert_int_equal(b->attempts, 2);
  assert_string_equal(b->idempotency_key, a->idempotency_key);
  /* worker-a's late outcome is not written over worker-b's attempt. */
  dbf_crm_outcome dead = {.status = DBF_CRM_DEAD, .http_status = 400, .error = "late"};
  bool current = true;
  assert_int_equal(dbf_store_crm_finish(g_store, NO_DEADLINE, "worker-a", a, &dead, &current, &st),
                   DBF_OK);
  assert_false(current);
  /* worker-b's retry outcome is, and the row is due again after the wait. */
  dbf_crm_outcome retry = {
      .status = DBF_CRM_PENDING, .http_status = 503, .error = "HTTP 503", .retry_in_ms = 60000};
  assert_int_equal(dbf_store_crm_finish(g_store, NO_DEADLINE, "worker-b", b, &retry, &current, &st),
                   DBF_OK);
  assert_true(current);
  assert_null(claim("worker-c", &st)); /* not due for a minute */
  /* An admin's retry makes it due now. */
  dbf_crm_delivery *r = NULL;
  assert_int_equal(dbf_store_crm_retry(g_store, NO_DEADLINE, d->id, &r, &st), DBF_OK);
  assert_int_equal(r->status, DBF_CRM_PENDING);
  assert_int_equal(r->attempts, 2);
  assert_int_equal(r->http_status, 503);
  assert_false(r->in_flight);
  dbf_crm_delivery_free(r);
  dbf_crm_job *c = claim("worker-c", &st);
  assert_non_null(c);
  dbf_crm_outcome ok = {.status = DBF_CRM_DELIVERED, .http_status = 200, .error = ""};
  assert_int_equal(dbf_store_crm_finish(g_store, NO_DEADLINE, "worker-c", c, &ok, &current, &st),
                   DBF_OK);
  assert_true(current);
  assert_int_equal(dbf_store_crm_retry(g_store, NO_DEADLINE, d->id, &r, &st), DBF_ERR_STATE);
  dbf_crm_job_free(a);
  dbf_crm_job_free(b);
  dbf_crm_job_free(c);
  dbf_crm_delivery_free(d);
}

static void test_dead_letter_retry_and_list(void **state) {
  (void)state;
  NEED_DB();
  dbf_testdb_exec(&g_db, false, "UPDATE crm_deliveries SET status = 'delivered'");
  char id[37];
  int64_t v = completed("crm-u3", id);
  dbf_crm_enqueue e = push_of("crm-u3", id, v);
  dbf_crm_delivery *d = NULL, *r = NULL;
  dbf_status st = {0};
  bool current = false;
  assert_int_equal(dbf_store_crm_enqueue(g_store, NO_DEADLINE, &e, &d, NULL, &st), DBF_OK);
  dbf_crm_job *j = claim("w", &st);
  assert_non_null(j);
  dbf_crm_outcome dead = {.status = DBF_CRM_DEAD, .http_status = 410, .error = "gone"};
  assert_int_equal(dbf_store_crm_finish(g_store, NO_DEADLINE, "w", j, &dead, &current, &st),
                   DBF_OK);
  dbf_crm_status want = DBF_CRM_DEAD;
  dbf_crm_filter f = {.statuses = &want, .n_statuses = 1, .session_id = id, .page_size = 10};
  dbf_crm_delivery_page page = {0};
  assert_int_equal(dbf_store_crm_list(g_store, NO_DEADLINE, &f, &page, &st), DBF_OK);
  assert_int_equal(page.n, 1);
  assert_string_equal(page.items[0]->last_error, "gone");
  assert_null(page.next_page_token);
  dbf_crm_delivery_page_free(&page);
  /* The dead letter gets a fresh budget. */
  assert_int_equal(dbf_store_crm_retry(g_store, NO_DEADLINE, d->id, &r, &st), DBF_OK);
  assert_int_equal(r->status, DBF_CRM_PENDING);
  assert_int_equal(r->attempts, 0);
  dbf_crm_delivery_free(r);
  assert_int_equal(dbf_store_crm_retry(g_store, NO_DEADLINE, "not-a-uuid", &r, &st),
                   DBF_ERR_NOT_FOUND);
  f.page_token = "garbage";
  assert_int_equal(dbf_store_crm_list(g_store, NO_DEADLINE, &f, &page, &st), DBF_ERR_INVALID);
  dbf_crm_job_free(j);
  dbf_crm_delivery_free(d);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_enqueue_is_idempotent_per_version),
      cmocka_unit_test(test_lease_and_fence),
      cmocka_unit_test(test_dead_letter_retry_and_list),
  };
  return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
