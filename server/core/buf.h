/*
 * buf.h - a growable byte buffer with a hard cap (docs/conventions.md rule 5).
 */
#ifndef DBF_CORE_BUF_H
#define DBF_CORE_BUF_H

#include <stdbool.h>
#include <stddef.h>

#include "core/err.h"

typedef struct dbf_buf {
  char *data; /* always NUL-terminated when non-NULL; owned */
  size_t len;
  size_t alloc;
  size_t max; /* appends that would pass this fail with DBF_ERR_TOO_BIG */
} dbf_buf;

/* Initialises an empty buffer that may grow to max bytes. */
void dbf_buf_init(dbf_buf *b, size_t max);
/* Frees the data and resets to empty (max is kept). */
void dbf_buf_free(dbf_buf *b);
/* Sets len to 0 but keeps the memory. */
void dbf_buf_reset(dbf_buf *b);
/* Appends n bytes. DBF_ERR_TOO_BIG past max, DBF_ERR_NOMEM on allocation failure. */
dbf_err dbf_buf_append(dbf_buf *b, const void *p, size_t n);
dbf_err dbf_buf_appends(dbf_buf *b, const char *s);
dbf_err dbf_buf_printf(dbf_buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/*
 * Appends the shortest decimal text that strtod reads back as v (as a
 * float when is_float): "0.1", not "0.10000000000000001". Negative zero is
 * "-0.0". A non-finite v is DBF_ERR_INVALID (JSON has no such number).
 */
dbf_err dbf_buf_double(dbf_buf *b, double v, bool is_float);
/* Hands the data to the caller (free with dbf_free) and resets b. */
char *dbf_buf_steal(dbf_buf *b, size_t *len);

#endif
