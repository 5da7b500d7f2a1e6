/*
 * alloc.h - the one allocator hook (docs/conventions.md rule 6).
 *
 * All debrief allocations go through these wrappers, and dbf_alloc_install()
 * points jansson, protobuf-c (via dbf_protobuf_allocator) and libcurl at
 * them, so one out-of-memory test sweeps the whole stack. Tests can make the
 * Nth allocation from now fail with dbf_alloc_fail_after().
 */
#ifndef DBF_CORE_ALLOC_H
#define DBF_CORE_ALLOC_H

#include <stddef.h>

#include <protobuf-c/protobuf-c.h>

/* Returns new memory the caller frees with dbf_free, or NULL. */
void *dbf_malloc(size_t n);
/* Zeroed; checks count*size for overflow. Free with dbf_free. */
void *dbf_calloc(size_t count, size_t size);
/* Like realloc; on NULL the old block is still owned by the caller. */
void *dbf_realloc(void *p, size_t n);
void dbf_free(void *p);
/* Returns a new copy of s (NULL for NULL), freed with dbf_free. */
char *dbf_strdup(const char *s);
/* Returns a new NUL-terminated copy of the first n bytes of s. */
char *dbf_strndup(const char *s, size_t n);

/*
 * Points jansson and libcurl at the wrappers. Call once at start-up, before
 * any other thread runs and before curl_global_init's counterpart is used.
 * Returns DBF_OK or an error if curl refuses the hooks.
 */
int dbf_alloc_install(void);

/* A protobuf-c allocator backed by the wrappers. Borrowed; never freed. */
extern ProtobufCAllocator dbf_protobuf_allocator;

/*
 * Fault injection for tests: after n more successful allocations, every
 * allocation fails until dbf_alloc_fail_after(-1) turns it off.
 */
void dbf_alloc_fail_after(long n);

#endif
