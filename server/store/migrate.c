/*
 * migrate.c - schema migrations from <data_dir>/sql/NNN_name.sql.
 *
 * Files are applied in numeric order, each in its own transaction, while
 * holding a session-level advisory lock so that several instances starting
 * together apply each file exactly once. schema_migrations records the
 * version, the file name and a SHA-256 of the content (computed by
 * PostgreSQL, which saves us a crypto dependency); a file that changed after
 * it was applied stops start-up, because silently running a different
 * schema than the one recorded is worse than not starting.
 *
 * Migration files hold several statements, so they go through PQexec (the
 * simple query protocol) rather than PQexecParams. They are trusted files
 * shipped with the server, never user input; everything else here is
 * parameterized.
 */
#include <dirent.h>
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/alloc.h"
#include "core/buf.h"
#include "core/log.h"
#include "store/store_int.h"

/* An arbitrary constant naming debrief's migration lock ("dbfmigr"). */
#define MIGRATE_LOCK_KEY  "7234023451278962"
#define MIGRATE_MAX_FILES 1000
#define MIGRATE_MAX_BYTES (16u << 20)

typedef struct mig_file {
  int version;
  char name[256];
} mig_file;

static int mig_cmp(const void *a, const void *b) {
  const mig_file *x = a, *y = b;
  return (x->version > y->version) - (x->version < y->version);
}

/* "001_init.sql" -> 1; -1 when the name is not a migration. */
static int parse_version(const char *name) {
  size_t len = strlen(name);
  if (len < 6 || strcmp(name + len - 4, ".sql"))
    return -1;
  int v = 0, digits = 0;
  for (const char *p = name; *p >= '0' && *p <= '9'; p++, digits++) {
    if (digits >= 6)
      return -1;
    v = v * 10 + (*p - '0');
  }
  if (digits == 0 || name[digits] != '_' || v == 0)
    return -1;
  return v;
}

static dbf_err list_files(const char *dir, mig_file **out, size_t *n_out, dbf_status *st) {
  dbf_err rc = DBF_OK;
  mig_file *files = NULL;
  size_t n = 0;
  DIR *d = opendir(dir);
  if (!d)
    return dbf_fail(st, DBF_ERR_IO, "cannot open migrations folder %s: %s (set DEBRIEF_DATA_DIR)",
                    dir, strerror(errno));
  files = dbf_calloc(MIGRATE_MAX_FILES, sizeof *files);
  if (!files) {
    rc = dbf_fail(st, DBF_ERR_NOMEM, "out of memory listing migrations");
    goto out;
  }
  struct dirent *e;
  while ((e = readdir(d))) {
    int v = parse_version(e->d_name);
    if (v < 0)
      continue;
    if (n >= MIGRATE_MAX_FILES) {
      rc = dbf_fail(st, DBF_ERR_INVALID, "more than %d migration files in %s", MIGRATE_MAX_FILES,
                    dir);
      goto out;
    }
    if (strlen(e->d_name) >= sizeof files[n].name) {
      rc = dbf_fail(st, DBF_ERR_INVALID, "migration file name too long: %s", e->d_name);
      goto out;
    }
    files[n].version = v;
    snprintf(files[n].name, sizeof files[n].name, "%s", e->d_name);
    n++;
  }
  qsort(files, n, sizeof *files, mig_cmp);
  for (size_t i = 1; i < n; i++)
    if (files[i].version == files[i - 1].version) {
      rc = dbf_fail(st, DBF_ERR_INVALID, "two migrations share version %d: %s and %s",
                    files[i].version, files[i - 1].name, files[i].name);
      goto out;
    }
out:
  closedir(d);
  if (rc) {
    dbf_free(files);
    return rc;
  }
  *out = files;
  *n_out = n;
  return DBF_OK;
}

static dbf_err read_file(const char *path, char **out, dbf_status *st) {
  dbf_err rc = DBF_OK;
  dbf_buf b;
  dbf_buf_init(&b, MIGRATE_MAX_BYTES);
  FILE *f = fopen(path, "rb");
  if (!f)
    return dbf_fail(st, DBF_ERR_IO, "cannot read %s: %s", path, strerror(errno));
  char chunk[8192];
  size_t got;
  while ((got = fread(chunk, 1, sizeof chunk, f)) > 0) {
    rc = dbf_buf_append(&b, chunk, got);
    if (rc) {
      rc = dbf_fail(st, rc, "migration %s is too big or memory ran out", path);
      goto out;
    }
  }
  if (ferror(f)) {
    rc = dbf_fail(st, DBF_ERR_IO, "error reading %s", path);
    goto out;
  }
  if (!b.data && (rc = dbf_buf_append(&b, "", 0)) != DBF_OK) {
    rc = dbf_fail(st, rc, "out of memory reading %s", path);
    goto out;
  }
  *out = dbf_buf_steal(&b, NULL);
out:
  fclose(f);
  dbf_buf_free(&b);
  return rc;
}

/* Runs one parameterized statement on a bare connection. */
static dbf_err exec_params(PGconn *c, const char *sql, int n, const char *const *p, PGresult **out,
                           const char *what, dbf_status *st) {
  PGresult *res = PQexecParams(c, sql, n, NULL, p, NULL, NULL, 0);
  ExecStatusType rs = PQresultStatus(res);
  if (rs != PGRES_COMMAND_OK && rs != PGRES_TUPLES_OK) {
    dbf_err rc = dbf__pg_fail(c, res, what, st);
    PQclear(res);
    return rc;
  }
  if (out)
    *out = res;
  else
    PQclear(res);
  return DBF_OK;
}

static dbf_err apply_one(PGconn *c, const char *dir, const mig_file *f, dbf_status *st) {
  dbf_err rc = DBF_OK;
  char path[4096];
  char *sql = NULL;
  PGresult *res = NULL;
  bool in_tx = false;
  char vbuf[16];
  snprintf(vbuf, sizeof vbuf, "%d", f->version);
  if ((size_t)snprintf(path, sizeof path, "%s/%s", dir, f->name) >= sizeof path)
    return dbf_fail(st, DBF_ERR_INVALID, "migration path too long");
  rc = read_file(path, &sql, st);
  if (rc)
    goto out;

  const char *cp[] = {sql};
  rc = exec_params(c, "SELECT encode(sha256(convert_to($1, 'UTF8')), 'hex')", 1, cp, &res,
                   "checksum", st);
  if (rc)
    goto out;
  char sum[65];
  snprintf(sum, sizeof sum, "%s", dbf_pg_str(res, 0, 0) ? dbf_pg_str(res, 0, 0) : "");
  PQclear(res);
  res = NULL;

  const char *vp[] = {vbuf};
  rc = exec_params(c, "SELECT name, checksum FROM schema_migrations WHERE version = $1::int", 1, vp,
                   &res, "reading schema_migrations", st);
  if (rc)
    goto out;
  if (PQntuples(res) == 1) {
    if (strcmp(dbf_pg_str(res, 0, 1), sum)) {
      rc = dbf_fail(st, DBF_ERR_INTERNAL,
                    "migration %s changed after it was applied (checksum %.12s..., recorded "
                    "%.12s... as %s); never edit an applied migration, add a new numbered file",
                    f->name, sum, dbf_pg_str(res, 0, 1), dbf_pg_str(res, 0, 0));
    }
    goto out; /* already applied */
  }
  PQclear(res);
  res = NULL;

  rc = exec_params(c, "BEGIN", 0, NULL, NULL, "begin", st);
  if (rc)
    goto out;
  in_tx = true;
  res = PQexec(c, sql); /* trusted file shipped with the server; see the top comment */
  if (PQresultStatus(res) != PGRES_COMMAND_OK && PQresultStatus(res) != PGRES_TUPLES_OK) {
    char what[300];
    snprintf(what, sizeof what, "applying migration %s", f->name);
    rc = dbf__pg_fail(c, res, what, st);
    goto out;
  }
  PQclear(res);
  res = NULL;
  const char *ip[] = {vbuf, f->name, sum};
  rc = exec_params(c,
                   "INSERT INTO schema_migrations (version, name, checksum) "
                   "VALUES ($1::int, $2, $3)",
                   3, ip, NULL, "recording migration", st);
  if (rc)
    goto out;
  rc = exec_params(c, "COMMIT", 0, NULL, NULL, "commit", st);
  in_tx = false;
  if (!rc)
    dbf_log(DBF_LOG_INFO, "db.migrated", "applied %s", f->name);
out:
  if (in_tx) {
    PGresult *rb = PQexec(c, "ROLLBACK"); /* constant statement */
    PQclear(rb);
  }
  PQclear(res);
  dbf_free(sql);
  return rc;
}

static dbf_err migrate_conn(PGconn *c, void *arg, dbf_status *st) {
  const char *dir = arg;
  dbf_err rc = DBF_OK;
  mig_file *files = NULL;
  size_t n = 0;
  bool locked = false;
  PGresult *saved = NULL; /* the pool's statement_timeout on this connection */
  rc = list_files(dir, &files, &n, st);
  if (rc)
    return rc;
  /* Migrations may take longer than any RPC; lift the pool's statement cap. */
  rc = exec_params(c, "SELECT current_setting('statement_timeout')", 0, NULL, &saved,
                   "statement_timeout", st);
  if (!rc)
    rc = exec_params(c, "SELECT set_config('statement_timeout', '0', false)", 0, NULL, NULL,
                     "statement_timeout", st);
  if (rc)
    goto out;
  const char *lp[] = {MIGRATE_LOCK_KEY};
  rc = exec_params(c, "SELECT pg_advisory_lock($1::bigint)", 1, lp, NULL, "migration lock", st);
  if (rc)
    goto out;
  locked = true;
  rc = exec_params(c,
                   "CREATE TABLE IF NOT EXISTS schema_migrations ("
                   " version integer PRIMARY KEY,"
                   " name text NOT NULL,"
                   " checksum text NOT NULL,"
                   " applied_at timestamptz NOT NULL DEFAULT now())",
                   0, NULL, NULL, "creating schema_migrations", st);
  if (rc)
    goto out;
  for (size_t i = 0; i < n && !rc; i++)
    rc = apply_one(c, dir, &files[i], st);
out:
  if (locked) {
    PGresult *res =
        PQexecParams(c, "SELECT pg_advisory_unlock($1::bigint)", 1, NULL, lp, NULL, NULL, 0);
    PQclear(res);
  }
  /*
   * Back to the value the pool set when it connected (pool_connect sets it
   * once per connection, not per transaction): RESET would leave this pooled
   * connection with the server default, usually no timeout at all.
   */
  const char *tp[] = {dbf_pg_str(saved, 0, 0)};
  PGresult *res = tp[0] ? PQexecParams(c, "SELECT set_config('statement_timeout', $1, false)", 1,
                                       NULL, tp, NULL, NULL, 0)
                        : PQexec(c, "RESET statement_timeout"); /* constant statement */
  PQclear(res);
  PQclear(saved);
  dbf_free(files);
  return rc;
}

dbf_err dbf_store_migrate(dbf_store *s, dbf_status *st) {
  char dir[4096];
  if ((size_t)snprintf(dir, sizeof dir, "%s/sql", dbf__store_data_dir(s)) >= sizeof dir)
    return dbf_fail(st, DBF_ERR_INVALID, "data directory path too long");
  /* Waiting on another instance's migration lock is fine; only the
     connection itself is bounded. */
  return dbf__store_with_conn(s, INT64_MAX, migrate_conn, dir, st);
}
