/*
 * alloc.c - allocation wrappers with fault injection.
 *
 * The fault counter is a process-wide atomic so that an out-of-memory sweep
 * in a unit test reaches allocations made by jansson and protobuf-c too.
 */
#include "core/alloc.h"

#include <stdatomic.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <curl/curl.h>
#include <jansson.h>

static atomic_long fail_countdown = -1; /* -1: never fail */

static int should_fail(void) {
  long v = atomic_load_explicit(&fail_countdown, memory_order_relaxed);
  if (v < 0)
    return 0;
  if (v == 0)
    return 1;
  atomic_fetch_sub_explicit(&fail_countdown, 1, memory_order_relaxed);
  return 0;
}

void dbf_alloc_fail_after(long n) {
  atomic_store(&fail_countdown, n < 0 ? -1 : n);
}

void *dbf_malloc(size_t n) {
  if (should_fail())
    return NULL;
  return malloc(n ? n : 1);
}

void *dbf_calloc(size_t count, size_t size) {
  if (size && count > SIZE_MAX / size)
    return NULL;
  if (should_fail())
    return NULL;
  return calloc(count ? count : 1, size ? size : 1);
}

void *dbf_realloc(void *p, size_t n) {
  if (should_fail())
    return NULL;
  return realloc(p, n ? n : 1);
}

void dbf_free(void *p) {
  free(p);
}

char *dbf_strndup(const char *s, size_t n) {
  if (!s)
    return NULL;
  size_t len = strnlen(s, n);
  char *out = dbf_malloc(len + 1);
  if (!out)
    return NULL;
  memcpy(out, s, len);
  out[len] = '\0';
  return out;
}

char *dbf_strdup(const char *s) {
  if (!s)
    return NULL;
  return dbf_strndup(s, strlen(s));
}

static void *pb_alloc(void *data, size_t size) {
  (void)data;
  return dbf_malloc(size);
}

static void pb_free(void *data, void *p) {
  (void)data;
  dbf_free(p);
}

ProtobufCAllocator dbf_protobuf_allocator = {pb_alloc, pb_free, NULL};

static char *curl_strdup_hook(const char *s) {
  return dbf_strdup(s);
}

int dbf_alloc_install(void) {
  json_set_alloc_funcs(dbf_malloc, dbf_free);
  if (curl_global_init_mem(CURL_GLOBAL_ALL, dbf_malloc, dbf_free, dbf_realloc, curl_strdup_hook,
                           dbf_calloc) != CURLE_OK)
    return -1;
  return 0;
}
