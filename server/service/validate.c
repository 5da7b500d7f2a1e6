/* validate.c - shared input checks for the RPC handlers (see validate.h). */
#include "service/validate.h"

#include <string.h>

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
  long n = 0;
  const unsigned char *p = (const unsigned char *)s;
  while (*p) {
    int len = *p < 0x80 ? 1 : (*p >> 5) == 6 ? 2 : (*p >> 4) == 14 ? 3 : (*p >> 3) == 30 ? 4 : 0;
    if (!len)
      return -1;
    for (int i = 1; i < len; i++)
      if ((p[i] & 0xC0) != 0x80)
        return -1;
    p += len;
    n++;
  }
  return n;
}

bool dbf_svc_blank(const char *s) {
  for (; s && *s; s++)
    if (*s != ' ' && *s != '\t' && *s != '\n' && *s != '\r')
      return false;
  return true;
}
