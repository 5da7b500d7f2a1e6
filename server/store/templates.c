/*
 * templates.c - versioned template definitions, and the start-up sync of
 * the built-in templates from <data_dir>/templates/<name>.json.
 *
 * A version is never changed once stored: running sessions keep the
 * version they were created with. New versions are allocated under a
 * per-slug transaction-scoped advisory lock, so concurrent updates (or two
 * instances syncing built-ins at once) serialize instead of colliding on
 * the primary key.
 */
#include <dirent.h>
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/alloc.h"
#include "core/clock.h"
#include "core/log.h"
#include "engine/template.h"
#include "store/store_int.h"

#define TEMPLATE_COLS                                                                              \
  "slug, version, title, description, definition, builtin, created_by, " DBF__US("created_at")
#define MAX_TEMPLATE_PAGE    100
#define MAX_TEMPLATE_FILES   256
#define MAX_DEFINITION_BYTES (1u << 20)

void dbf_template_rec_free(dbf_template_rec *t) {
  if (!t)
    return;
  dbf_free(t->slug);
  dbf_free(t->title);
  dbf_free(t->description);
  json_decref(t->definition);
  dbf_free(t->created_by);
  dbf_free(t);
}

void dbf_template_page_free(dbf_template_page *p) {
  if (!p)
    return;
  for (size_t i = 0; i < p->n; i++)
    dbf_template_rec_free(p->items[i]);
  dbf_free(p->items);
  dbf_free(p->next_page_token);
  memset(p, 0, sizeof *p);
}

static dbf_err rec_from_row(const PGresult *res, int row, dbf_template_rec **out, dbf_status *st) {
  dbf_template_rec *t = dbf_calloc(1, sizeof *t);
  if (!t)
    return dbf_fail(st, DBF_ERR_NOMEM, "out of memory reading a template");
  const char *v;
  t->slug = dbf_strdup((v = dbf_pg_str(res, row, 0)) ? v : "");
  t->version = (int)dbf_pg_i64(res, row, 1, 0);
  t->title = dbf_strdup((v = dbf_pg_str(res, row, 2)) ? v : "");
  t->description = dbf_strdup((v = dbf_pg_str(res, row, 3)) ? v : "");
  t->definition = dbf_pg_json(res, row, 4);
  t->builtin = dbf_pg_bool(res, row, 5);
  t->created_by = dbf_strdup((v = dbf_pg_str(res, row, 6)) ? v : "");
  t->create_us = dbf_pg_i64(res, row, 7, 0);
  if (!t->slug || !t->title || !t->description || !t->definition || !t->created_by) {
    dbf_template_rec_free(t);
    return dbf_fail(st, DBF_ERR_NOMEM, "out of memory reading a template");
  }
  *out = t;
  return DBF_OK;
}

/* ---- writing a new version ---- */

typedef enum put_mode {
  PUT_CREATE, /* version 1; an existing slug is an error */
  PUT_UPDATE, /* next version; a missing slug is an error */
  PUT_SYNC,   /* create or next version, only when the definition changed */
} put_mode;

typedef struct put_args {
  put_mode mode;
  const char *slug;
  const char *definition; /* JSON text */
  const char *title;
  const char *description;
  const char *created_by;
  bool builtin;
  int expected_version;
  dbf_template_rec *out; /* NULL after PUT_SYNC when nothing changed */
} put_args;

static dbf_err put_tx(dbf_tx *tx, void *arg, dbf_status *st) {
  put_args *a = arg;
  PGresult *res = NULL;
  dbf_err rc;
  dbf_template_rec_free(a->out);
  a->out = NULL;

  const char *lp[] = {a->slug};
  rc = dbf_tx_exec(tx, "SELECT pg_advisory_xact_lock(hashtext('debrief.template:' || $1))", 1, lp,
                   NULL, st);
  if (rc)
    return rc;
  const char *qp[] = {a->slug, a->definition};
  rc = dbf_tx_exec(tx,
                   "SELECT version, definition = $2::jsonb FROM templates WHERE slug = $1 "
                   "ORDER BY version DESC LIMIT 1",
                   2, qp, &res, st);
  if (rc)
    return rc;
  bool exists = PQntuples(res) == 1;
  int latest = exists ? (int)dbf_pg_i64(res, 0, 0, 0) : 0;
  bool same = exists && dbf_pg_bool(res, 0, 1);
  PQclear(res);
  res = NULL;

  switch (a->mode) {
    case PUT_CREATE:
      if (exists)
        return dbf_fail(st, DBF_ERR_EXISTS,
                        "template '%s' already exists (latest version %d); use UpdateTemplate to "
                        "store a new version",
                        a->slug, latest);
      break;
    case PUT_UPDATE:
      if (!exists)
        return dbf_fail(st, DBF_ERR_NOT_FOUND, "no template '%s'; use CreateTemplate to create it",
                        a->slug);
      if (a->expected_version && a->expected_version != latest)
        return dbf_fail(st, DBF_ERR_CONFLICT,
                        "template '%s' is at version %d, not the expected %d; read it again and "
                        "retry",
                        a->slug, latest, a->expected_version);
      break;
    case PUT_SYNC:
      if (same)
        return DBF_OK;
      break;
  }

  char version[16];
  snprintf(version, sizeof version, "%d", latest + 1);
  const char *ip[] = {a->slug,        version,       a->title,
                      a->description, a->definition, a->builtin ? "true" : "false",
                      a->created_by};
  rc = dbf_tx_exec(tx,
                   "INSERT INTO templates (slug, version, title, description, definition, "
                   " builtin, created_by) VALUES ($1, $2::int, $3, $4, $5::jsonb, $6::boolean, $7) "
                   "RETURNING " TEMPLATE_COLS,
                   7, ip, &res, st);
  if (rc)
    return rc;
  rc = rec_from_row(res, 0, &a->out, st);
  PQclear(res);
  return rc;
}

static const char *json_str(const json_t *o, const char *key) {
  const char *v = json_string_value(json_object_get(o, key));
  return v ? v : "";
}

static dbf_err put(dbf_store *s, int64_t deadline_ms, put_mode mode, const json_t *definition,
                   const char *created_by, bool builtin, int expected_version,
                   dbf_template_rec **out, dbf_status *st) {
  dbf_err rc = DBF_OK;
  json_t *doc = NULL;
  dbf_buf text;
  dbf_buf_init(&text, MAX_DEFINITION_BYTES);
  put_args a = {.mode = mode,
                .created_by = created_by ? created_by : "",
                .builtin = builtin,
                .expected_version = expected_version};
  if (!json_is_object(definition)) {
    rc = dbf_fail(st, DBF_ERR_INVALID, "a template definition must be a JSON object");
    goto out;
  }
  /* The version lives in the key, never in the stored document. */
  doc = json_deep_copy(definition);
  if (!doc) {
    rc = dbf_fail(st, DBF_ERR_NOMEM, "out of memory copying a template");
    goto out;
  }
  json_object_del(doc, "version");
  a.slug = json_str(doc, "slug");
  a.title = json_str(doc, "title");
  a.description = json_str(doc, "description");
  if (!*a.slug) {
    rc = dbf_fail(st, DBF_ERR_INVALID, "the template has no slug");
    goto out;
  }
  rc = dbf__json_text(doc, &text, st);
  if (rc)
    goto out;
  a.definition = text.data;
  rc = dbf_store_tx(s, deadline_ms, put_tx, &a, st);
  if (rc)
    goto out;
  *out = a.out;
  a.out = NULL;
out:
  dbf_template_rec_free(a.out);
  json_decref(doc);
  dbf_buf_free(&text);
  return rc;
}

dbf_err dbf_store_template_create(dbf_store *s, int64_t deadline_ms, const json_t *definition,
                                  const char *created_by, bool builtin, dbf_template_rec **out,
                                  dbf_status *st) {
  return put(s, deadline_ms, PUT_CREATE, definition, created_by, builtin, 0, out, st);
}

dbf_err dbf_store_template_update(dbf_store *s, int64_t deadline_ms, const json_t *definition,
                                  const char *created_by, int expected_version,
                                  dbf_template_rec **out, dbf_status *st) {
  return put(s, deadline_ms, PUT_UPDATE, definition, created_by, false, expected_version, out, st);
}

/* ---- reading ---- */

typedef struct get_args {
  const char *slug;
  int version;
  dbf_template_rec *out;
} get_args;

static dbf_err get_tx(dbf_tx *tx, void *arg, dbf_status *st) {
  get_args *a = arg;
  PGresult *res = NULL;
  dbf_template_rec_free(a->out);
  a->out = NULL;
  char v[16];
  snprintf(v, sizeof v, "%d", a->version);
  const char *p[] = {a->slug, v};
  dbf_err rc = dbf_tx_exec(tx,
                           "SELECT " TEMPLATE_COLS ", (SELECT max(version) FROM templates "
                           " WHERE slug = $1) FROM templates WHERE slug = $1 "
                           "AND ($2::int = 0 OR version = $2::int) "
                           "ORDER BY version DESC LIMIT 1",
                           2, p, &res, st);
  if (rc)
    return rc;
  if (PQntuples(res) == 1) {
    rc = rec_from_row(res, 0, &a->out, st);
    PQclear(res);
    return rc;
  }
  PQclear(res);
  if (a->version == 0)
    return dbf_fail(st, DBF_ERR_NOT_FOUND, "no template '%s'", a->slug);
  rc = dbf_tx_exec(tx, "SELECT max(version) FROM templates WHERE slug = $1", 1, p, &res, st);
  if (rc)
    return rc;
  int64_t latest = dbf_pg_i64(res, 0, 0, 0);
  PQclear(res);
  if (!latest)
    return dbf_fail(st, DBF_ERR_NOT_FOUND, "no template '%s'", a->slug);
  return dbf_fail(st, DBF_ERR_NOT_FOUND,
                  "template '%s' has no version %d; the latest is %" PRId64
                  " (use 0 for the latest)",
                  a->slug, a->version, latest);
}

dbf_err dbf_store_template_get_tx(dbf_tx *tx, const char *slug, int version, dbf_template_rec **out,
                                  dbf_status *st) {
  get_args a = {.slug = slug, .version = version};
  dbf_err rc = get_tx(tx, &a, st);
  if (rc) {
    dbf_template_rec_free(a.out);
    return rc;
  }
  *out = a.out;
  return DBF_OK;
}

dbf_err dbf_store_template_get(dbf_store *s, int64_t deadline_ms, const char *slug, int version,
                               dbf_template_rec **out, dbf_status *st) {
  if (!slug || !*slug)
    return dbf_fail(st, DBF_ERR_INVALID, "slug is required");
  if (version < 0)
    return dbf_fail(st, DBF_ERR_INVALID, "version must not be negative, got %d", version);
  get_args a = {.slug = slug, .version = version};
  dbf_err rc = dbf_store_tx(s, deadline_ms, get_tx, &a, st);
  if (rc) {
    dbf_template_rec_free(a.out);
    return rc;
  }
  *out = a.out;
  return DBF_OK;
}

typedef struct list_args {
  bool all_versions;
  int page_size;
  const char *after_slug;
  const char *after_version;
  uint64_t fingerprint;
  dbf_template_page page;
} list_args;

static dbf_err list_tx(dbf_tx *tx, void *arg, dbf_status *st) {
  list_args *a = arg;
  PGresult *res = NULL;
  dbf_template_page_free(&a->page);
  char limit[16];
  snprintf(limit, sizeof limit, "%d", a->page_size + 1);
  const char *p[] = {a->after_slug, a->after_version, limit};
  dbf_err rc;
  if (a->all_versions)
    rc = dbf_tx_exec(tx,
                     "SELECT " TEMPLATE_COLS " FROM templates WHERE $1 = '' OR slug > $1 "
                     "OR (slug = $1 AND version < $2::int) "
                     "ORDER BY slug, version DESC LIMIT $3::int",
                     3, p, &res, st);
  else {
    const char *lp[] = {a->after_slug, limit};
    rc = dbf_tx_exec(tx,
                     "SELECT DISTINCT ON (slug) " TEMPLATE_COLS " FROM templates "
                     "WHERE $1 = '' OR slug > $1 ORDER BY slug, version DESC LIMIT $2::int",
                     2, lp, &res, st);
  }
  if (rc)
    return rc;
  int rows = PQntuples(res);
  size_t keep = rows > a->page_size ? (size_t)a->page_size : (size_t)rows;
  if (keep && !(a->page.items = dbf_calloc(keep, sizeof *a->page.items))) {
    rc = dbf_fail(st, DBF_ERR_NOMEM, "out of memory listing templates");
    goto out;
  }
  for (size_t i = 0; i < keep; i++) {
    rc = rec_from_row(res, (int)i, &a->page.items[i], st);
    if (rc)
      goto out;
    a->page.n++;
  }
  if (rows > a->page_size) {
    const dbf_template_rec *last = a->page.items[keep - 1];
    char v[16];
    snprintf(v, sizeof v, "%d", last->version);
    a->page.next_page_token = dbf__page_token_encode("t", a->fingerprint, last->slug, v);
    if (!a->page.next_page_token)
      rc = dbf_fail(st, DBF_ERR_NOMEM, "out of memory making a page token");
  }
out:
  PQclear(res);
  return rc;
}

dbf_err dbf_store_template_list(dbf_store *s, int64_t deadline_ms, bool all_versions, int page_size,
                                const char *page_token, dbf_template_page *out, dbf_status *st) {
  memset(out, 0, sizeof *out);
  if (page_size < 1 || page_size > MAX_TEMPLATE_PAGE)
    return dbf_fail(st, DBF_ERR_INVALID, "page_size must be between 1 and %d, got %d",
                    MAX_TEMPLATE_PAGE, page_size);
  char slug[128] = "", version[16] = "0";
  list_args a = {.all_versions = all_versions, .page_size = page_size};
  a.fingerprint = dbf__fnv1a(DBF__FNV_INIT, all_versions ? "all" : "latest");
  if (page_token && *page_token) {
    int64_t v;
    dbf_err rc = dbf__page_token_decode(page_token, "t", a.fingerprint, slug, sizeof slug, version,
                                        sizeof version, st);
    if (rc)
      return rc;
    if (!*slug || dbf_parse_i64(version, 1, INT32_MAX, &v))
      return dbf_fail(st, DBF_ERR_INVALID, "page_token is not valid; omit it to start over");
  }
  a.after_slug = slug;
  a.after_version = version;
  dbf_err rc = dbf_store_tx(s, deadline_ms, list_tx, &a, st);
  if (rc) {
    dbf_template_page_free(&a.page);
    return rc;
  }
  *out = a.page;
  return DBF_OK;
}

/* ---- start-up sync of built-ins ---- */

static int name_cmp(const void *a, const void *b) {
  return strcmp(*(char *const *)a, *(char *const *)b);
}

dbf_err dbf_store_sync_templates(dbf_store *s, dbf_status *st) {
  dbf_err rc = DBF_OK;
  char dir[4096];
  char *names[MAX_TEMPLATE_FILES];
  size_t n = 0;
  if ((size_t)snprintf(dir, sizeof dir, "%s/templates", dbf__store_data_dir(s)) >= sizeof dir)
    return dbf_fail(st, DBF_ERR_INVALID, "data directory path too long");
  DIR *d = opendir(dir);
  if (!d)
    return dbf_fail(st, DBF_ERR_IO, "cannot open templates folder %s: %s (set DEBRIEF_DATA_DIR)",
                    dir, strerror(errno));
  struct dirent *e;
  while ((e = readdir(d))) {
    size_t len = strlen(e->d_name);
    if (e->d_name[0] == '.' || len < 6 || strcmp(e->d_name + len - 5, ".json"))
      continue;
    if (n >= MAX_TEMPLATE_FILES) {
      rc = dbf_fail(st, DBF_ERR_INVALID, "more than %d template files in %s", MAX_TEMPLATE_FILES,
                    dir);
      break;
    }
    if (!(names[n] = dbf_strdup(e->d_name))) {
      rc = dbf_fail(st, DBF_ERR_NOMEM, "out of memory listing templates");
      break;
    }
    n++;
  }
  closedir(d);
  if (rc)
    goto out;
  /* Sorted, so start-up logs and failures are deterministic. */
  qsort(names, n, sizeof *names, name_cmp);
  for (size_t i = 0; i < n && !rc; i++) {
    char path[4200];
    dbf_template *t = NULL;
    json_t *def = NULL;
    dbf_template_rec *rec = NULL;
    snprintf(path, sizeof path, "%s/%s", dir, names[i]);
    rc = dbf_template_load_file(path, &t, st);
    if (!rc && !(def = dbf_template_to_json(t)))
      rc = dbf_fail(st, DBF_ERR_NOMEM, "out of memory converting %s", path);
    if (!rc)
      rc = put(s, dbf_now_ms() + 30000, PUT_SYNC, def, "system", true, 0, &rec, st);
    if (!rc && rec)
      dbf_log(DBF_LOG_INFO, "template.synced", "stored %s version %d from %s", rec->slug,
              rec->version, names[i]);
    if (rc && st)
      dbf_log(DBF_LOG_ERROR, "template.sync_failed", "%s: %s", names[i], st->msg);
    dbf_template_rec_free(rec);
    json_decref(def);
    dbf_template_free(t);
  }
out:
  for (size_t i = 0; i < n; i++)
    dbf_free(names[i]);
  return rc;
}
