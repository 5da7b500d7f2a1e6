/*
 * pbjson.h - conversions between jansson values and the protobuf
 * well-known types google.protobuf.Struct / Value / ListValue / Timestamp.
 *
 * Protobuf results are allocated in a dbf_arena (normally the call arena,
 * dbf_call_arena(call)), so they need no freeing of their own. JSON results
 * are new jansson references. Both directions enforce a nesting depth cap
 * and a node-count cap, because these values arrive from peers (subject
 * attributes, edited field values) and from the database.
 */
#ifndef DBF_SERVICE_PBJSON_H
#define DBF_SERVICE_PBJSON_H

#include <stdint.h>

#include <jansson.h>

#include "core/arena.h"
#include "core/err.h"
#include "google/protobuf/struct.pb-c.h"
#include "google/protobuf/timestamp.pb-c.h"

#define DBF_PBJSON_MAX_DEPTH 32     /* nested objects/lists */
#define DBF_PBJSON_MAX_NODES 100000 /* values in one conversion */

/*
 * JSON -> protobuf. what names the value in error messages, e.g.
 * "subject.attributes". Non-finite numbers, too deep or too big values are
 * DBF_ERR_INVALID / DBF_ERR_TOO_BIG. *out is arena memory.
 */
dbf_err dbf_pbjson_to_value(dbf_arena *a, const json_t *j, const char *what,
                            Google__Protobuf__Value **out, dbf_status *st);
/* j must be an object. */
dbf_err dbf_pbjson_to_struct(dbf_arena *a, const json_t *j, const char *what,
                             Google__Protobuf__Struct **out, dbf_status *st);
dbf_err dbf_pbjson_to_list(dbf_arena *a, const json_t *j, const char *what,
                           Google__Protobuf__ListValue **out, dbf_status *st);

/*
 * Protobuf -> JSON. *out is a new reference (json_decref). A Value with no
 * kind set becomes null; NULL inputs become an empty object/list/null.
 */
dbf_err dbf_pbjson_from_value(const Google__Protobuf__Value *v, const char *what, json_t **out,
                              dbf_status *st);
dbf_err dbf_pbjson_from_struct(const Google__Protobuf__Struct *s, const char *what, json_t **out,
                               dbf_status *st);
dbf_err dbf_pbjson_from_list(const Google__Protobuf__ListValue *l, const char *what, json_t **out,
                             dbf_status *st);

/* A Timestamp in the arena for microseconds since the epoch; NULL when us == 0 or on OOM. */
Google__Protobuf__Timestamp *dbf_pbjson_timestamp(dbf_arena *a, int64_t us);
/*
 * Checks a Timestamp the way the protobuf spec defines it (0001-01-01 to
 * 9999-12-31, nanos in [0, 1e9)) and converts it to microseconds since the
 * epoch. NULL ts gives 0. DBF_ERR_INVALID naming what otherwise.
 */
dbf_err dbf_pbjson_timestamp_us(const Google__Protobuf__Timestamp *ts, const char *what,
                                int64_t *us, dbf_status *st);

#endif
