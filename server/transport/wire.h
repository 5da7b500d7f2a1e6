/*
 * wire.h - checks a request's protobuf wire bytes before they are unpacked.
 *
 * protobuf-c unpacks nested messages by recursion, with no depth limit of
 * its own, so a small request that nests a message thousands of levels deep
 * (a google.protobuf.ListValue inside a Value inside a ListValue...) would
 * exhaust a worker's stack. dbf_wire_check walks the bytes against the
 * message descriptor, without allocating, and refuses such a request before
 * protobuf-c sees it. The walk itself recurses only into fields the
 * descriptor declares as messages, and never deeper than max_depth.
 */
#ifndef DBF_TRANSPORT_WIRE_H
#define DBF_TRANSPORT_WIRE_H

#include <stddef.h>
#include <stdint.h>

#include <protobuf-c/protobuf-c.h>

#include "core/err.h"

/* Nesting limit for every request: protobuf's own default recursion limit. */
#define DBF_WIRE_MAX_DEPTH 100u

/*
 * Checks that buf (len bytes) is well-formed protobuf wire data for d whose
 * message fields nest at most max_depth levels (the top message is level 1).
 * DBF_ERR_INVALID, with a message naming the field path, when it is too deep
 * or malformed. Borrows everything; allocates nothing.
 */
dbf_err dbf_wire_check(const ProtobufCMessageDescriptor *d, const uint8_t *buf, size_t len,
                       unsigned max_depth, dbf_status *st);

#endif
