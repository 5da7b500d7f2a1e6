/*
 * log.h - structured JSON logs, one object per line, on stderr by default.
 *
 * Each line carries ts, level, event, the request id of the current thread
 * (set by the transport while it runs a handler) and either a formatted
 * "msg" or caller-supplied fields.
 */
#ifndef DBF_CORE_LOG_H
#define DBF_CORE_LOG_H

#include <stdio.h>

#include <jansson.h>

typedef enum dbf_log_level {
  DBF_LOG_DEBUG = 0,
  DBF_LOG_INFO = 1,
  DBF_LOG_WARN = 2,
  DBF_LOG_ERROR = 3,
} dbf_log_level;

/* Sets the minimum level and the stream (borrowed; NULL means stderr). */
void dbf_log_init(dbf_log_level min, FILE *out);
/* Parses "debug", "info", "warn" or "error"; returns def otherwise. */
dbf_log_level dbf_log_level_parse(const char *s, dbf_log_level def);

/* Copies rid into this thread's request id (truncated to 63 bytes); NULL clears it. */
void dbf_log_set_request_id(const char *rid);
/* Borrowed pointer to this thread's request id, "" when none. */
const char *dbf_log_request_id(void);

/* Logs event with a printf-style "msg". */
void dbf_log(dbf_log_level lvl, const char *event, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* Logs event with the members of fields merged in. Steals fields (may be NULL). */
void dbf_log_fields(dbf_log_level lvl, const char *event, json_t *fields);

#endif
