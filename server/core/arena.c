/*
 * arena.c - a chunked bump allocator. Large requests get a block of their
 * own so a single big message does not waste a whole chunk.
 */
#include "core/arena.h"

#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "core/alloc.h"

#define ARENA_CHUNK 8192u
#define ARENA_ALIGN 16u

typedef struct arena_block {
  struct arena_block *next;
  size_t size; /* usable bytes after the header */
  size_t used;
  _Alignas(16) unsigned char data[];
} arena_block;

struct dbf_arena {
  arena_block *head;
  size_t cap;  /* total bytes this arena may hand out */
  size_t used; /* total bytes handed out */
};

dbf_arena *dbf_arena_create(size_t cap) {
  dbf_arena *a = dbf_calloc(1, sizeof *a);
  if (!a)
    return NULL;
  a->cap = cap;
  return a;
}

void dbf_arena_destroy(dbf_arena *a) {
  if (!a)
    return;
  arena_block *b = a->head;
  while (b) {
    arena_block *next = b->next;
    dbf_free(b);
    b = next;
  }
  dbf_free(a);
}

void *dbf_arena_alloc(dbf_arena *a, size_t n) {
  if (n == 0)
    n = 1;
  if (n > SIZE_MAX - ARENA_ALIGN)
    return NULL;
  size_t need = (n + ARENA_ALIGN - 1) & ~(size_t)(ARENA_ALIGN - 1);
  if (need > a->cap || a->used > a->cap - need)
    return NULL;
  arena_block *b = a->head;
  if (!b || b->size - b->used < need) {
    size_t size = need > ARENA_CHUNK ? need : ARENA_CHUNK;
    arena_block *nb = dbf_malloc(sizeof *nb + size);
    if (!nb)
      return NULL;
    nb->size = size;
    nb->used = 0;
    if (b && need > ARENA_CHUNK) {
      /* Keep the partly used head current; chain the big block behind it. */
      nb->next = b->next;
      b->next = nb;
    } else {
      nb->next = b;
      a->head = nb;
    }
    b = nb;
  }
  void *p = b->data + b->used;
  b->used += need;
  a->used += need;
  return p;
}

void *dbf_arena_calloc(dbf_arena *a, size_t count, size_t size) {
  if (size && count > SIZE_MAX / size)
    return NULL;
  size_t n = count * size;
  void *p = dbf_arena_alloc(a, n);
  if (p && n)
    memset(p, 0, n);
  return p;
}

char *dbf_arena_strndup(dbf_arena *a, const char *s, size_t n) {
  if (!s)
    return NULL;
  size_t len = strnlen(s, n);
  char *out = dbf_arena_alloc(a, len + 1);
  if (!out)
    return NULL;
  memcpy(out, s, len);
  out[len] = '\0';
  return out;
}

char *dbf_arena_strdup(dbf_arena *a, const char *s) {
  return s ? dbf_arena_strndup(a, s, strlen(s)) : NULL;
}

char *dbf_arena_printf(dbf_arena *a, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  int n = vsnprintf(NULL, 0, fmt, ap);
  va_end(ap);
  if (n < 0)
    return NULL;
  char *out = dbf_arena_alloc(a, (size_t)n + 1);
  if (!out)
    return NULL;
  va_start(ap, fmt);
  vsnprintf(out, (size_t)n + 1, fmt, ap);
  va_end(ap);
  return out;
}

size_t dbf_arena_used(const dbf_arena *a) {
  return a->used;
}

static void *arena_pb_alloc(void *data, size_t size) {
  return dbf_arena_alloc(data, size);
}

static void arena_pb_free(void *data, void *p) {
  (void)data;
  (void)p; /* freed with the arena */
}

void dbf_arena_protobuf_allocator(dbf_arena *a, ProtobufCAllocator *out) {
  out->alloc = arena_pb_alloc;
  out->free = arena_pb_free;
  out->allocator_data = a;
}
