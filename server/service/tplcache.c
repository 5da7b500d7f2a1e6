/*
 * tplcache.c - a mutex-guarded list of parsed templates. The list is short
 * (one entry per template version in use), so a linear scan under the lock
 * is cheaper than any hashing; parsing happens outside the lock. A miss
 * reads the definition through the store (dbf_store_template_get_tx), in
 * the caller's transaction.
 */
#include "service/tplcache.h"

#include <pthread.h>
#include <stdio.h>
#include <string.h>

#include "core/alloc.h"

typedef struct entry {
  char *slug;
  int version;
  dbf_template *tpl;
} entry;

struct dbf_tplcache {
  pthread_mutex_t mu;
  entry *items;
  size_t n, max;
};

dbf_tplcache *dbf_tplcache_new(size_t max) {
  dbf_tplcache *c = dbf_calloc(1, sizeof *c);
  if (!c)
    return NULL;
  c->items = dbf_calloc(max ? max : 1, sizeof *c->items);
  if (!c->items) {
    dbf_free(c);
    return NULL;
  }
  c->max = max;
  pthread_mutex_init(&c->mu, NULL);
  return c;
}

void dbf_tplcache_free(dbf_tplcache *c) {
  if (!c)
    return;
  for (size_t i = 0; i < c->n; i++) {
    dbf_free(c->items[i].slug);
    dbf_template_free(c->items[i].tpl);
  }
  dbf_free(c->items);
  pthread_mutex_destroy(&c->mu);
  dbf_free(c);
}

static const dbf_template *lookup(dbf_tplcache *c, const char *slug, int version) {
  for (size_t i = 0; i < c->n; i++)
    if (c->items[i].version == version && !strcmp(c->items[i].slug, slug))
      return c->items[i].tpl;
  return NULL;
}

dbf_err dbf_tplcache_get(dbf_app *app, dbf_tx *tx, const char *slug, int version,
                         const dbf_template **out, dbf_status *st) {
  dbf_tplcache *c = app->tplcache;
  pthread_mutex_lock(&c->mu);
  *out = lookup(c, slug, version);
  pthread_mutex_unlock(&c->mu);
  if (*out)
    return DBF_OK;

  /* A (slug, version) pair never changes, so the store's reader is enough. */
  dbf_template_rec *rec = NULL;
  dbf_template *tpl = NULL;
  dbf_err rc = dbf_store_template_get_tx(tx, slug, version, &rec, st);
  if (!rc)
    rc = rec->definition
             ? dbf_template_parse(rec->definition, &tpl, NULL, st)
             : dbf_fail(st, DBF_ERR_INTERNAL, "template %s@%d is not valid JSON", slug, version);
  if (rc)
    goto out;
  tpl->version = version;
  pthread_mutex_lock(&c->mu);
  *out = lookup(c, slug, version); /* another thread may have won */
  if (!*out && c->n < c->max && (c->items[c->n].slug = dbf_strdup(slug))) {
    c->items[c->n].version = version;
    c->items[c->n].tpl = tpl;
    *out = tpl;
    tpl = NULL;
    c->n++;
  }
  pthread_mutex_unlock(&c->mu);
  if (!*out)
    rc = dbf_fail(st, DBF_ERR_TOO_BIG, "too many template versions in use (%zu)", c->max);
out:
  dbf_template_rec_free(rec);
  dbf_template_free(tpl);
  return rc;
}
