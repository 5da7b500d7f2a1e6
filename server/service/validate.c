/* validate.c - shared input checks for the RPC handlers (see validate.h). */
#include "service/validate.h"

#include <limits.h>
#include <string.h>

#include "core/utf8.h"

#include "store/store.h"

dbf_err dbf_svc_nomem(dbf_status *st) {
  return dbf_fail(st, DBF_ERR_NOMEM, "out of memory building the response");
}

char *dbf_svc_str(dbf_arena *a, const char *s) {
  return dbf_arena_strdup(a, s ? s : "");
}

dbf_err dbf_svc_check_uuid(const char *what, const char *s, bool required, dbf_status *st) {
  if (!s || !*s)
    return required ? dbf_fail(st, DBF_ERR_INVALID, "%s is required: a UUID like " DBF_EXAMPLE_UUID,
                               what)
                    : DBF_OK;
  if (!dbf_uuid_valid(s))
    return dbf_fail(st, DBF_ERR_INVALID,
                    "%s must be a UUID like " DBF_EXAMPLE_UUID ", got '%.64s%s'", what, s,
                    strlen(s) > 64 ? "..." : "");
  return DBF_OK;
}

dbf_err dbf_svc_check_len(const char *what, const char *s, size_t max, dbf_status *st) {
  if (s && strnlen(s, max + 1) > max)
    return dbf_fail(st, DBF_ERR_INVALID, "%s must be at most %zu bytes long", what, max);
  return DBF_OK;
}

long dbf_svc_utf8_chars(const char *s) {
  size_t chars = 0;
  if (dbf_utf8_check((const uint8_t *)s, strlen(s), NULL, &chars))
    return -1;
  return chars > LONG_MAX ? -1 : (long)chars;
}

/* A json_dump_callback sink that only counts. */
static int count_bytes(const char *buf, size_t n, void *arg) {
  (void)buf;
  *(size_t *)arg += n;
  return 0;
}

size_t dbf_svc_json_bytes(const json_t *j) {
  size_t n = 0;
  if (j)
    json_dump_callback(j, count_bytes, &n, JSON_COMPACT | JSON_ENCODE_ANY);
  return n;
}

dbf_err dbf_svc_check_json_size(const char *what, const json_t *j, size_t max, dbf_status *st) {
  size_t n = dbf_svc_json_bytes(j);
  if (n > max)
    return dbf_fail(st, DBF_ERR_INVALID, "%s is %zu bytes as JSON; it may be at most %zu bytes",
                    what, n, max);
  return DBF_OK;
}

bool dbf_svc_blank(const char *s) {
  for (; s && *s; s++)
    if (*s != ' ' && *s != '\t' && *s != '\n' && *s != '\r')
      return false;
  return true;
}
