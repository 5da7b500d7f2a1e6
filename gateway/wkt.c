/*
 * wkt.c - text forms shared by both directions of the JSON mapping:
 * RFC 3339 timestamps, durations, base64 and shortest round-trip doubles.
 * The calendar arithmetic is core/clock.h's, so no libc time zone state is
 * involved; the doubles are core/buf.h's.
 */
#include "gateway/wkt.h"

#include "core/clock.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Reads exactly n digits at *p into *v. */
static int digits(const char **p, int n, unsigned *v) {
  unsigned r = 0;
  for (int i = 0; i < n; i++) {
    char c = (*p)[i];
    if (c < '0' || c > '9')
      return 0;
    r = r * 10 + (unsigned)(c - '0');
  }
  *p += n;
  *v = r;
  return 1;
}

/* Reads an optional ".ddd" of 1 to 9 digits as nanoseconds. */
static int fraction(const char **p, int32_t *nanos) {
  *nanos = 0;
  if (**p != '.')
    return 1;
  (*p)++;
  int n = 0;
  int32_t v = 0;
  while (**p >= '0' && **p <= '9') {
    if (++n > 9)
      return 0;
    v = v * 10 + (**p - '0');
    (*p)++;
  }
  if (n == 0)
    return 0;
  for (; n < 9; n++)
    v *= 10;
  *nanos = v;
  return 1;
}

static int days_in_month(int64_t y, unsigned m) {
  static const int dm[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  int leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
  return m == 2 ? 28 + leap : dm[m - 1];
}

dbf_err dbf_gw_ts_parse(const char *s, int64_t *secs, int32_t *nanos) {
  unsigned y, mo, d, h, mi, se, oh = 0, om = 0;
  const char *p = s;
  if (!digits(&p, 4, &y) || *p++ != '-' || !digits(&p, 2, &mo) || *p++ != '-' ||
      !digits(&p, 2, &d) || (*p != 'T' && *p != 't'))
    return DBF_ERR_INVALID;
  p++;
  if (!digits(&p, 2, &h) || *p++ != ':' || !digits(&p, 2, &mi) || *p++ != ':' ||
      !digits(&p, 2, &se) || !fraction(&p, nanos))
    return DBF_ERR_INVALID;
  int sign = 0;
  if (*p == 'Z' || *p == 'z') {
    p++;
  } else if (*p == '+' || *p == '-') {
    sign = *p++ == '-' ? -1 : 1;
    if (!digits(&p, 2, &oh) || *p++ != ':' || !digits(&p, 2, &om) || oh > 23 || om > 59)
      return DBF_ERR_INVALID;
  } else {
    return DBF_ERR_INVALID;
  }
  if (*p != '\0' || y < 1 || mo < 1 || mo > 12 || d < 1 || (int)d > days_in_month(y, mo) ||
      h > 23 || mi > 59 || se > 59)
    return DBF_ERR_INVALID;
  int64_t t = dbf_days_from_civil(y, mo, d) * 86400 + h * 3600 + mi * 60 + se;
  t -= sign * (int64_t)(oh * 3600 + om * 60);
  if (t < DBF_GW_TS_MIN || t > DBF_GW_TS_MAX)
    return DBF_ERR_INVALID;
  *secs = t;
  return DBF_OK;
}

static dbf_err append_nanos(int32_t nanos, dbf_buf *out) {
  if (nanos == 0)
    return DBF_OK;
  if (nanos % 1000000 == 0)
    return dbf_buf_printf(out, ".%03d", nanos / 1000000);
  if (nanos % 1000 == 0)
    return dbf_buf_printf(out, ".%06d", nanos / 1000);
  return dbf_buf_printf(out, ".%09d", nanos);
}

dbf_err dbf_gw_ts_format(int64_t secs, int32_t nanos, dbf_buf *out) {
  if (secs < DBF_GW_TS_MIN || secs > DBF_GW_TS_MAX || nanos < 0 || nanos > 999999999)
    return DBF_ERR_INVALID;
  int64_t days = secs >= 0 ? secs / 86400 : -((-secs + 86399) / 86400);
  int64_t rem = secs - days * 86400, y;
  unsigned m, d;
  dbf_civil_from_days(days, &y, &m, &d);
  dbf_err rc = dbf_buf_printf(out, "%04d-%02u-%02uT%02d:%02d:%02d", (int)y, m, d, (int)(rem / 3600),
                              (int)(rem / 60 % 60), (int)(rem % 60));
  if (rc == DBF_OK)
    rc = append_nanos(nanos, out);
  return rc ? rc : dbf_buf_appends(out, "Z");
}

dbf_err dbf_gw_duration_parse(const char *s, int64_t *secs, int32_t *nanos) {
  const char *p = s;
  int neg = *p == '-';
  if (neg)
    p++;
  if (*p < '0' || *p > '9')
    return DBF_ERR_INVALID;
  int64_t v = 0;
  while (*p >= '0' && *p <= '9') {
    v = v * 10 + (*p++ - '0');
    if (v > DBF_GW_DURATION_MAX)
      return DBF_ERR_INVALID;
  }
  if (!fraction(&p, nanos) || *p != 's' || p[1] != '\0')
    return DBF_ERR_INVALID;
  *secs = neg ? -v : v;
  if (neg)
    *nanos = -*nanos;
  return DBF_OK;
}

dbf_err dbf_gw_duration_format(int64_t secs, int32_t nanos, dbf_buf *out) {
  if (secs > DBF_GW_DURATION_MAX || secs < -DBF_GW_DURATION_MAX || nanos > 999999999 ||
      nanos < -999999999 || (secs > 0 && nanos < 0) || (secs < 0 && nanos > 0))
    return DBF_ERR_INVALID;
  int neg = secs < 0 || nanos < 0;
  dbf_err rc = dbf_buf_printf(out, "%s%lld", neg ? "-" : "", (long long)(secs < 0 ? -secs : secs));
  if (rc == DBF_OK)
    rc = append_nanos(nanos < 0 ? -nanos : nanos, out);
  return rc ? rc : dbf_buf_appends(out, "s");
}

static const char B64[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

dbf_err dbf_gw_base64_encode(const uint8_t *p, size_t n, dbf_buf *out) {
  char q[4];
  for (size_t i = 0; i < n; i += 3) {
    uint32_t v = (uint32_t)p[i] << 16;
    if (i + 1 < n)
      v |= (uint32_t)p[i + 1] << 8;
    if (i + 2 < n)
      v |= p[i + 2];
    q[0] = B64[v >> 18];
    q[1] = B64[(v >> 12) & 63];
    q[2] = i + 1 < n ? B64[(v >> 6) & 63] : '=';
    q[3] = i + 2 < n ? B64[v & 63] : '=';
    dbf_err rc = dbf_buf_append(out, q, 4);
    if (rc)
      return rc;
  }
  return DBF_OK;
}

static int b64val(char c) {
  if (c >= 'A' && c <= 'Z')
    return c - 'A';
  if (c >= 'a' && c <= 'z')
    return c - 'a' + 26;
  if (c >= '0' && c <= '9')
    return c - '0' + 52;
  if (c == '+' || c == '-')
    return 62;
  if (c == '/' || c == '_')
    return 63;
  return -1;
}

dbf_err dbf_gw_base64_decode(const char *s, size_t len, uint8_t *dst, size_t *n) {
  while (len > 0 && s[len - 1] == '=')
    len--;
  if (len % 4 == 1)
    return DBF_ERR_INVALID;
  size_t o = 0;
  uint32_t acc = 0;
  unsigned bits = 0;
  for (size_t i = 0; i < len; i++) {
    int v = b64val(s[i]);
    if (v < 0)
      return DBF_ERR_INVALID;
    acc = (acc << 6) | (uint32_t)v;
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      dst[o++] = (uint8_t)(acc >> bits);
      acc &= (1u << bits) - 1;
    }
  }
  *n = o;
  return DBF_OK;
}

dbf_err dbf_gw_double_format(double v, int is_float, dbf_buf *out) {
  return dbf_buf_double(out, v, is_float != 0);
}
