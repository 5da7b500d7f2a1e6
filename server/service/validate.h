/*
 * validate.h - input checks and response helpers shared by the RPC
 * handlers, so every service words the same problem the same way.
 */
#ifndef DBF_SERVICE_VALIDATE_H
#define DBF_SERVICE_VALIDATE_H

#include <stdbool.h>
#include <stddef.h>

#include "core/arena.h"
#include "core/err.h"

#define DBF_EXAMPLE_UUID "3f2a6c1e-8b7d-4e21-9a0f-5c6d7e8f9a0b"

/* DBF_ERR_NOMEM "out of memory building the response". */
dbf_err dbf_svc_nomem(dbf_status *st);
/* An arena copy of s, "" for NULL (protobuf-c wants non-NULL strings); NULL on OOM. */
char *dbf_svc_str(dbf_arena *a, const char *s);
/* what must be a canonical UUID; an empty one is fine unless required. */
dbf_err dbf_svc_check_uuid(const char *what, const char *s, bool required, dbf_status *st);
/* s (may be NULL) must be at most max bytes. */
dbf_err dbf_svc_check_len(const char *what, const char *s, size_t max, dbf_status *st);
/* Number of UTF-8 code points in s, or -1 when s is not valid UTF-8. */
long dbf_svc_utf8_chars(const char *s);
/* True when s is NULL or only white space. */
bool dbf_svc_blank(const char *s);

#endif
