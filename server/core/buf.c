/* buf.c - capped growable buffer; sizes are checked in size_t before use. */
#include "core/buf.h"

#include <math.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/alloc.h"

void dbf_buf_init(dbf_buf *b, size_t max) {
  b->data = NULL;
  b->len = 0;
  b->alloc = 0;
  b->max = max;
}

void dbf_buf_free(dbf_buf *b) {
  dbf_free(b->data);
  b->data = NULL;
  b->len = 0;
  b->alloc = 0;
}

void dbf_buf_reset(dbf_buf *b) {
  b->len = 0;
  if (b->data)
    b->data[0] = '\0';
}

static dbf_err grow(dbf_buf *b, size_t extra) {
  if (extra > b->max || b->len > b->max - extra)
    return DBF_ERR_TOO_BIG;
  size_t need = b->len + extra + 1;
  if (need <= b->alloc)
    return DBF_OK;
  size_t na = b->alloc ? b->alloc : 64;
  while (na < need)
    na = na > SIZE_MAX / 2 ? need : na * 2;
  char *nd = dbf_realloc(b->data, na);
  if (!nd)
    return DBF_ERR_NOMEM;
  b->data = nd;
  b->alloc = na;
  return DBF_OK;
}

dbf_err dbf_buf_append(dbf_buf *b, const void *p, size_t n) {
  dbf_err rc = grow(b, n);
  if (rc)
    return rc;
  if (n)
    memcpy(b->data + b->len, p, n);
  b->len += n;
  b->data[b->len] = '\0';
  return DBF_OK;
}

dbf_err dbf_buf_appends(dbf_buf *b, const char *s) {
  return dbf_buf_append(b, s, strlen(s));
}

dbf_err dbf_buf_printf(dbf_buf *b, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  int n = vsnprintf(NULL, 0, fmt, ap);
  va_end(ap);
  if (n < 0)
    return DBF_ERR_INVALID;
  dbf_err rc = grow(b, (size_t)n);
  if (rc)
    return rc;
  va_start(ap, fmt);
  vsnprintf(b->data + b->len, (size_t)n + 1, fmt, ap);
  va_end(ap);
  b->len += (size_t)n;
  return DBF_OK;
}

dbf_err dbf_buf_double(dbf_buf *b, double v, bool is_float) {
  char tmp[40];
  if (!isfinite(v))
    return DBF_ERR_INVALID;
  if (v == 0 && signbit(v)) /* "-0" would read back as the integer 0 */
    return dbf_buf_appends(b, "-0.0");
  for (int prec = 1; prec <= 17; prec++) {
    snprintf(tmp, sizeof tmp, "%.*g", prec, v);
    double back = strtod(tmp, NULL);
    if (is_float ? (float)back == (float)v : back == v)
      break;
  }
  return dbf_buf_appends(b, tmp);
}

char *dbf_buf_steal(dbf_buf *b, size_t *len) {
  char *d = b->data;
  if (len)
    *len = b->len;
  b->data = NULL;
  b->len = 0;
  b->alloc = 0;
  return d;
}
