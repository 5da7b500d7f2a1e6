/*
 * wkt.h - the text forms of the well-known types and of bytes, shared by
 * both directions of the JSON mapping: RFC 3339 timestamps, durations
 * ("1.5s") and base64.
 */
#ifndef DBF_GATEWAY_WKT_H
#define DBF_GATEWAY_WKT_H

#include <stddef.h>
#include <stdint.h>

#include "core/buf.h"
#include "core/err.h"

/* 0001-01-01T00:00:00Z and 9999-12-31T23:59:59Z, the range proto3 JSON allows. */
#define DBF_GW_TS_MIN (-62135596800LL)
#define DBF_GW_TS_MAX (253402300799LL)
/* Durations are capped at ten thousand years either way, as protobuf does. */
#define DBF_GW_DURATION_MAX (315576000000LL)

/* Parses RFC 3339 ("2024-05-01T10:00:00.5+02:00"); DBF_ERR_INVALID when malformed or out of range.
 */
dbf_err dbf_gw_ts_parse(const char *s, int64_t *secs, int32_t *nanos);
/* Appends the UTC form with 0, 3, 6 or 9 fraction digits and "Z". */
dbf_err dbf_gw_ts_format(int64_t secs, int32_t nanos, dbf_buf *out);

/* Parses "-1.5s"; DBF_ERR_INVALID when malformed or out of range. */
dbf_err dbf_gw_duration_parse(const char *s, int64_t *secs, int32_t *nanos);
dbf_err dbf_gw_duration_format(int64_t secs, int32_t nanos, dbf_buf *out);

/* Appends standard padded base64 of n bytes. */
dbf_err dbf_gw_base64_encode(const uint8_t *p, size_t n, dbf_buf *out);
/*
 * Decodes standard or URL-safe base64, padding optional, into dst (which
 * must hold 3 * (len / 4 + 1) bytes). DBF_ERR_INVALID on a bad character.
 */
dbf_err dbf_gw_base64_decode(const char *s, size_t len, uint8_t *dst, size_t *n);

/* Appends the shortest decimal text that strtod reads back as v (finite v only). */
dbf_err dbf_gw_double_format(double v, int is_float, dbf_buf *out);

#endif
