/*
 * testdb.h - a throwaway PostgreSQL database for a unit-test program.
 *
 * DEBRIEF_TEST_DATABASE_URL names a server we may create databases on (the
 * ctest fixture in tests/integration/fixture.cmake starts a private cluster
 * and sets it). Each program creates its own database, named after it, the
 * process id and the time, and drops it at the end, so test programs never
 * see each other's rows or NOTIFYs. Without the variable a program's tests
 * skip. Failures here fail the running cmocka test.
 */
#ifndef DBF_TESTS_SUPPORT_TESTDB_H
#define DBF_TESTS_SUPPORT_TESTDB_H

#include <stdbool.h>
#include <stddef.h>

#include "store/store.h"

typedef struct dbf_testdb {
  const char *url;     /* the admin URL, borrowed from the environment; NULL: no database */
  char dbname[64];     /* this run's database */
  char conninfo[2048]; /* key=value conninfo of that database, the URL's other settings kept */
} dbf_testdb;

/*
 * Creates "<prefix>_<pid>_<time>" on the server of DEBRIEF_TEST_DATABASE_URL.
 * False (and db->url NULL) when the variable is unset.
 */
bool dbf_testdb_create(dbf_testdb *db, const char *prefix);
/* The conninfo of another database (dbname) on the same server, into out. */
void dbf_testdb_conninfo(const dbf_testdb *db, const char *dbname, char *out, size_t len);
/* Drops the database; a no-op when none was created. */
void dbf_testdb_drop(dbf_testdb *db);
/* True when a database exists, i.e. the tests can run. */
bool dbf_testdb_ready(const dbf_testdb *db);
/* Runs sql on the test database (or, with admin, on the URL's); fails the test on error. */
void dbf_testdb_exec(const dbf_testdb *db, bool admin, const char *sql);
/* The first value of a query on the test database ("NULL" for NULL), copied into out. */
void dbf_testdb_value(const dbf_testdb *db, const char *sql, char *out, size_t len);

/* Skips the running test when there is no database (include cmocka.h first). */
#define DBF_TESTDB_NEED(db)                                                                        \
  do {                                                                                             \
    if (!dbf_testdb_ready(db))                                                                     \
      skip();                                                                                      \
  } while (0)

/*
 * A cmocka group set-up: creates "<prefix>_..." and opens *out on it with
 * o (conninfo filled in here), migrated and with the built-in templates
 * synced when migrate. 0, or -1 with the reason on stderr; 0 with *out
 * NULL when there is no database (the tests then skip).
 */
int dbf_testdb_store_setup(dbf_testdb *db, const char *prefix, dbf_store_opts o, bool migrate,
                           dbf_store **out);
/* The matching group tear-down: closes s and drops the database. 0. */
int dbf_testdb_store_teardown(dbf_testdb *db, dbf_store *s);

#endif
