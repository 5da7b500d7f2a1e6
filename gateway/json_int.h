/*
 * json_int.h - what the two directions of the JSON mapping share; private
 * to gateway/.
 */
#ifndef DBF_GATEWAY_JSON_INT_H
#define DBF_GATEWAY_JSON_INT_H

#include <stddef.h>

#include <protobuf-c/protobuf-c.h>

/* The size of one element of a repeated field of type t, as protobuf-c lays it out. */
size_t dbf__gw_elem_size(ProtobufCType t);

#endif
