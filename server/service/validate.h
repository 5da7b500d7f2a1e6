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

#include <jansson.h>

#define DBF_EXAMPLE_UUID "3f2a6c1e-8b7d-4e21-9a0f-5c6d7e8f9a0b"

/* DBF_ERR_NOMEM "out of memory building the response". */
dbf_err dbf_svc_nomem(dbf_status *st);
/* An arena copy of s, "" for NULL (protobuf-c wants non-NULL strings); NULL on OOM. */
char *dbf_svc_str(dbf_arena *a, const char *s);
/* what must be a canonical UUID; an empty one is fine unless required. */
dbf_err dbf_svc_check_uuid(const char *what, const char *s, bool required, dbf_status *st);
/* s (may be NULL) must be at most max bytes. */
dbf_err dbf_svc_check_len(const char *what, const char *s, size_t max, dbf_status *st);
/* Number of UTF-8 code points in s, or -1 when s is not strict UTF-8 (core/utf8.h). */
long dbf_svc_utf8_chars(const char *s);
/* Bytes of j as compact JSON (0 for NULL). */
size_t dbf_svc_json_bytes(const json_t *j);
/* what (a JSON value a client sent) must be at most max bytes as compact JSON. */
dbf_err dbf_svc_check_json_size(const char *what, const json_t *j, size_t max, dbf_status *st);

/*
 * Limits on client values that are stored (docs/limits.md). Each keeps one
 * session row, and so one ListSessions page, within the message size.
 */
#define DBF_MAX_ATTRIBUTES_BYTES (16 * 1024) /* subject.attributes as JSON */
#define DBF_MAX_EDIT_VALUE_BYTES (8 * 1024)  /* edit_field.value as JSON */
#define DBF_MAX_QUESTION_ID      64          /* question_id on an answer */
#define DBF_MAX_CLIENT_MSG_ID    128         /* client_msg_id on an answer, edit or control */
#define DBF_MAX_TEMPLATE_BYTES   (64 * 1024) /* a template definition as JSON */
/* True when s is NULL or only white space. */
bool dbf_svc_blank(const char *s);

#endif
