/*
 * fuzz_gw_static.c - libFuzzer target for the web app's path check
 * (gateway/static.c) and the development token's body (gateway/devtoken.c).
 *
 * The input is a URL path, or, after a first byte 'T', a /dev/token body.
 * Invariants: an admitted path is relative, has no empty, "." or ".."
 * segment and no segment starting with '.', and uses only the admitted
 * bytes; a body is either refused with INVALID or gives a token.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/alloc.h"
#include "fuzz.h"
#include "gateway/devtoken.h"
#include "gateway/static.h"

static void check_path(const char *rel) {
  if (rel[0] == '/' || rel[0] == '\0')
    abort();
  for (const char *seg = rel; *seg;) {
    const char *e = strchr(seg, '/');
    size_t n = e ? (size_t)(e - seg) : strlen(seg);
    if (n == 0 || seg[0] == '.')
      abort();
    seg += n + (e ? 1 : 0);
  }
  for (const char *p = rel; *p; p++)
    if (!strchr("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789._~-/", *p))
      abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  if (size > 4096)
    return 0;
  if (size > 0 && data[0] == 'T') {
    dbf_buf out;
    dbf_buf_init(&out, 64u << 10);
    dbf_status st = {0};
    dbf_err rc = dbf_gw_dev_token("fuzz-secret", (const char *)data + 1, size - 1, &out, &st);
    if (rc != DBF_OK && rc != DBF_ERR_INVALID)
      abort();
    if (rc == DBF_OK && !strstr(out.data, "\"token\":\"ey"))
      abort();
    dbf_buf_free(&out);
    return 0;
  }
  char *path = dbf_malloc(size + 1);
  if (!path)
    return 0;
  memcpy(path, data, size);
  path[size] = '\0';
  char rel[512];
  if (dbf_gw_static_path(path, rel, sizeof rel) == DBF_OK)
    check_path(rel);
  dbf_free(path);
  return 0;
}
