/* testdb.c - a throwaway PostgreSQL database per unit-test program (see testdb.h). */
#include "support/testdb.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <cmocka.h>
#include <libpq-fe.h>

/* Builds a key=value conninfo from the URL with another dbname. */
static void conninfo_for(const char *url, const char *dbname, char *out, size_t len) {
  char *err = NULL;
  PQconninfoOption *opts = PQconninfoParse(url, &err);
  assert_non_null(opts);
  size_t o = 0;
  for (PQconninfoOption *p = opts; p->keyword; p++) {
    const char *v = !strcmp(p->keyword, "dbname") ? dbname : p->val;
    if (!v)
      continue;
    o += (size_t)snprintf(out + o, len - o, "%s='", p->keyword);
    for (const char *c = v; *c && o + 3 < len; c++) {
      if (*c == '\'' || *c == '\\')
        out[o++] = '\\';
      out[o++] = *c;
    }
    o += (size_t)snprintf(out + o, len - o, "' ");
    assert_true(o < len);
  }
  if (!strstr(out, "dbname="))
    snprintf(out + o, len - o, "dbname='%s'", dbname);
  PQconninfoFree(opts);
}

/* A new connection to conninfo, and the first result of sql on it. */
static PGresult *run(const char *conninfo, const char *sql, PGconn **conn) {
  *conn = PQconnectdb(conninfo);
  assert_int_equal(PQstatus(*conn), CONNECTION_OK);
  return PQexec(*conn, sql);
}

bool dbf_testdb_create(dbf_testdb *db, const char *prefix) {
  memset(db, 0, sizeof *db);
  const char *url = getenv("DEBRIEF_TEST_DATABASE_URL");
  if (!url || !*url)
    return false;
  snprintf(db->dbname, sizeof db->dbname, "%s_%ld_%ld", prefix, (long)getpid(), (long)time(NULL));
  char sql[160];
  snprintf(sql, sizeof sql, "CREATE DATABASE %s", db->dbname);
  db->url = url;
  dbf_testdb_exec(db, true, sql);
  conninfo_for(url, db->dbname, db->conninfo, sizeof db->conninfo);
  return true;
}

void dbf_testdb_conninfo(const dbf_testdb *db, const char *dbname, char *out, size_t len) {
  conninfo_for(db->url, dbname, out, len);
}

void dbf_testdb_drop(dbf_testdb *db) {
  if (!db->url)
    return;
  char sql[160];
  snprintf(sql, sizeof sql, "DROP DATABASE IF EXISTS %s WITH (FORCE)", db->dbname);
  dbf_testdb_exec(db, true, sql);
  db->url = NULL;
}

bool dbf_testdb_ready(const dbf_testdb *db) {
  return db->url != NULL;
}

void dbf_testdb_exec(const dbf_testdb *db, bool admin, const char *sql) {
  PGconn *c = NULL;
  PGresult *r = run(admin ? db->url : db->conninfo, sql, &c);
  if (PQresultStatus(r) != PGRES_COMMAND_OK && PQresultStatus(r) != PGRES_TUPLES_OK)
    fail_msg("%s: %s", sql, PQresultErrorMessage(r));
  PQclear(r);
  PQfinish(c);
}

void dbf_testdb_value(const dbf_testdb *db, const char *sql, char *out, size_t len) {
  PGconn *c = NULL;
  PGresult *r = run(db->conninfo, sql, &c);
  if (PQresultStatus(r) != PGRES_TUPLES_OK || PQntuples(r) < 1)
    fail_msg("%s: %s", sql, PQresultErrorMessage(r));
  snprintf(out, len, "%s", PQgetisnull(r, 0, 0) ? "NULL" : PQgetvalue(r, 0, 0));
  PQclear(r);
  PQfinish(c);
}

int dbf_testdb_store_setup(dbf_testdb *db, const char *prefix, dbf_store_opts o, bool migrate,
                           dbf_store **out) {
  *out = NULL;
  if (!dbf_testdb_create(db, prefix))
    return 0;
  o.conninfo = db->conninfo;
  dbf_status st = {0};
  if (dbf_store_open(&o, out, &st) ||
      (migrate && (dbf_store_migrate(*out, &st) || dbf_store_sync_templates(*out, &st)))) {
    fprintf(stderr, "store setup failed: %s\n", st.msg);
    return -1;
  }
  return 0;
}

int dbf_testdb_store_teardown(dbf_testdb *db, dbf_store *s) {
  if (!dbf_testdb_ready(db))
    return 0;
  dbf_store_close(s);
  dbf_testdb_drop(db);
  return 0;
}
