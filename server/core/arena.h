/*
 * arena.h - per-call memory (docs/conventions.md rule 4).
 *
 * An arena hands out memory that is freed all at once by dbf_arena_destroy.
 * Each arena has a byte cap, so one call can never eat the process.
 */
#ifndef DBF_CORE_ARENA_H
#define DBF_CORE_ARENA_H

#include <stddef.h>

#include <protobuf-c/protobuf-c.h>

typedef struct dbf_arena dbf_arena;

/* Returns a new arena limited to cap bytes in total, or NULL. */
dbf_arena *dbf_arena_create(size_t cap);
/* Frees every block the arena handed out, and the arena. NULL is fine. */
void dbf_arena_destroy(dbf_arena *a);
/* Returns 16-byte-aligned memory owned by the arena, or NULL past the cap. */
void *dbf_arena_alloc(dbf_arena *a, size_t n);
/* Zeroed dbf_arena_alloc with an overflow check on count*size. */
void *dbf_arena_calloc(dbf_arena *a, size_t count, size_t size);
/* Copies s into the arena; NULL for NULL. */
char *dbf_arena_strdup(dbf_arena *a, const char *s);
/* Copies n bytes of s and NUL-terminates. */
char *dbf_arena_strndup(dbf_arena *a, const char *s, size_t n);
/* printf into the arena. */
char *dbf_arena_printf(dbf_arena *a, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Bytes handed out so far. */
size_t dbf_arena_used(const dbf_arena *a);

/*
 * Fills *out with a protobuf-c allocator that allocates from a and ignores
 * frees, so a message unpacked into an arena needs no free_unpacked.
 */
void dbf_arena_protobuf_allocator(dbf_arena *a, ProtobufCAllocator *out);

#endif
