/*
 * tplcache.h - parsed template versions, cached for the life of the process.
 *
 * A (slug, version) pair never changes once stored, so a parsed template
 * can be shared by every call without invalidation. Sessions keep the
 * version they started with, so a new version simply becomes a new entry.
 */
#ifndef DBF_SERVICE_TPLCACHE_H
#define DBF_SERVICE_TPLCACHE_H

#include "engine/template.h"
#include "service/app.h"
#include "store/store.h"

/* New empty cache holding at most max entries. Free with dbf_tplcache_free. */
dbf_tplcache *dbf_tplcache_new(size_t max);
void dbf_tplcache_free(dbf_tplcache *c);

/*
 * The parsed template slug@version, read through tx on a miss. *out is
 * borrowed from the cache and lives as long as the cache.
 */
dbf_err dbf_tplcache_get(dbf_app *app, dbf_tx *tx, const char *slug, int version,
                         const dbf_template **out, dbf_status *st);

#endif
