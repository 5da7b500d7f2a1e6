/*
 * json.h - canonical proto3 JSON for any message the build knows, both ways,
 * driven only by the protobuf-c descriptors (no per-message code).
 *
 * Out: lowerCamelCase names, default values left out (oneof members are
 * always written), int64/uint64 as strings, enums by name, bytes as base64,
 * Timestamp and Duration as text, Struct/Value/ListValue as plain JSON, the
 * wrapper types as their value, and doubles with the shortest text that
 * reads back to the same value.
 *
 * In: both the proto name and the lowerCamelCase name, numbers as JSON
 * numbers or strings, enums by name or number, base64 in either alphabet
 * with or without padding, null as "not set". An unknown field, a wrong
 * type, a value out of range, a field given twice (under both names) or
 * two members of one oneof are DBF_ERR_INVALID with a message that names the
 * field path. Nesting is capped at DBF_GW_JSON_MAX_DEPTH.
 */
#ifndef DBF_GATEWAY_JSON_H
#define DBF_GATEWAY_JSON_H

#include <jansson.h>
#include <protobuf-c/protobuf-c.h>

#include "core/arena.h"
#include "core/buf.h"
#include "core/err.h"

#define DBF_GW_JSON_MAX_DEPTH 64 /* messages, objects and lists inside each other */

/*
 * JSON -> message of type d. j is borrowed. *out and everything it points
 * to live in arena a (no free of its own). what names the root in error
 * messages ("" for the request itself).
 */
dbf_err dbf_gw_json_to_msg(dbf_arena *a, const ProtobufCMessageDescriptor *d, const json_t *j,
                           const char *what, ProtobufCMessage **out, dbf_status *st);

/* Message -> compact JSON text appended to out (whose cap bounds it). m is borrowed. */
dbf_err dbf_gw_msg_to_json(const ProtobufCMessage *m, dbf_buf *out, dbf_status *st);

/* The lowerCamelCase JSON name of a proto field name, into buf (cap n). */
void dbf_gw_json_name(const char *proto_name, char *buf, size_t n);

/*
 * True when d is a well-known type written as a JSON scalar or free-form
 * value (Timestamp, Duration, Struct, Value, ListValue, the wrappers).
 */
int dbf_gw_json_is_wkt(const ProtobufCMessageDescriptor *d);

#endif
