/*
 * bind.h - builds the request message of a matched route from its three
 * sources, in this order, later ones winning: the body (the whole message
 * for body "*", one top-level field for a named body), the path variables,
 * then the query string (only when the body is not "*").
 *
 * Query parameters use dotted proto or JSON names ("filter.team_id",
 * "filter.teamId"); a repeated field takes repeated keys; enums go by name
 * or number; Timestamp and Duration by their JSON text. A parameter that
 * names no field, or names a message, is DBF_ERR_INVALID.
 */
#ifndef DBF_GATEWAY_BIND_H
#define DBF_GATEWAY_BIND_H

#include <stddef.h>
#include <stdint.h>

#include "core/arena.h"
#include "core/err.h"
#include "gateway/routes.h"

#define DBF_GW_MAX_QUERY_PARAMS 64 /* key=value pairs in one query string */

/*
 * Builds *out (arena memory) from the match, body[0..body_len) (may be
 * empty) and nquery already-decoded "key=value" strings. Errors are
 * DBF_ERR_INVALID (bad JSON, unknown field, wrong type) with st naming the
 * field, or DBF_ERR_TOO_BIG.
 */
dbf_err dbf_gw_bind(dbf_arena *a, const dbf_gw_match *m, const char *body, size_t body_len,
                    const char *const *query, size_t nquery, ProtobufCMessage **out,
                    dbf_status *st);

/*
 * Like dbf_gw_bind for a body in application/x-protobuf: body[0..body_len)
 * is the route's body message in protobuf (the request for body "*", the
 * named field's message otherwise). It is decoded, then bound exactly as
 * its canonical JSON would be, so path variables and the query string
 * apply the same way. A body that does not decode is DBF_ERR_INVALID.
 */
dbf_err dbf_gw_bind_proto(dbf_arena *a, const dbf_gw_match *m, const uint8_t *body, size_t body_len,
                          const char *const *query, size_t nquery, ProtobufCMessage **out,
                          dbf_status *st);

/*
 * Splits a raw query string ("a=1&b=%20x") into percent-decoded
 * "key=value" strings in the arena ('+' is a space). *n gets the count.
 * DBF_ERR_INVALID on a bad escape, DBF_ERR_TOO_BIG past
 * DBF_GW_MAX_QUERY_PARAMS pairs.
 */
dbf_err dbf_gw_query_split(dbf_arena *a, const char *raw, const char **out, size_t *n,
                           dbf_status *st);

#endif
