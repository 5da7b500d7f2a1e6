/*
 * fuzz_wire.c - libFuzzer target for server/transport/wire.c followed by
 * protobuf-c's unpack, the way the transport reads a request.
 *
 * Input byte 0 picks the message (bit 0: ConverseRequest or
 * CreateSessionRequest, the two requests that carry peer-built nested
 * values) and a depth limit (bits 1-3: 0 means DBF_WIRE_MAX_DEPTH, 1-7 a
 * small limit the fuzzer can reach cheaply); the rest is the wire bytes.
 * Invariants: the check never crashes; what passes a small limit passes
 * the real one; only what passes the real limit is unpacked, with the
 * project allocator; whatever unpacks packs again into bytes that pass the
 * check and unpack again.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

#include "core/alloc.h"
#include "debrief/v1/conversation_service.pb-c.h"
#include "debrief/v1/session_service.pb-c.h"
#include "fuzz.h"
#include "transport/wire.h"

/* Packs msg, and checks that the bytes pass the wire check and unpack again. */
static void repack(const ProtobufCMessageDescriptor *d, const ProtobufCMessage *msg) {
  size_t len = protobuf_c_message_get_packed_size(msg);
  uint8_t *buf = dbf_malloc(len ? len : 1);
  if (!buf)
    abort(); /* no fault injection here: the allocator must not fail */
  if (protobuf_c_message_pack(msg, buf) != len)
    abort();
  if (dbf_wire_check(d, buf, len, DBF_WIRE_MAX_DEPTH, NULL) != DBF_OK)
    abort(); /* we refuse bytes that protobuf-c itself produced */
  ProtobufCMessage *again = protobuf_c_message_unpack(d, &dbf_protobuf_allocator, len, buf);
  if (!again)
    abort();
  protobuf_c_message_free_unpacked(again, &dbf_protobuf_allocator);
  dbf_free(buf);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  if (size < 1)
    return 0;
  const ProtobufCMessageDescriptor *d = (data[0] & 1u)
                                            ? &debrief__v1__create_session_request__descriptor
                                            : &debrief__v1__converse_request__descriptor;
  unsigned small = (data[0] >> 1) & 7u;
  data++;
  size--;
  dbf_status st = {0};
  dbf_err rc = dbf_wire_check(d, data, size, DBF_WIRE_MAX_DEPTH, &st);
  if (rc != DBF_OK && rc != DBF_ERR_INVALID)
    abort(); /* malformed or too deep input is INVALID, nothing else */
  if (small && dbf_wire_check(d, data, size, small, NULL) == DBF_OK && rc != DBF_OK)
    abort(); /* a looser limit refused what a tighter one accepted */
  if (rc != DBF_OK)
    return 0;
  ProtobufCMessage *msg = protobuf_c_message_unpack(d, &dbf_protobuf_allocator, size, data);
  if (msg) {
    repack(d, msg);
    protobuf_c_message_free_unpacked(msg, &dbf_protobuf_allocator);
  }
  return 0;
}
