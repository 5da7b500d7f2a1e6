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
 * project allocator; what unpacks nests no deeper than the limit and holds
 * only strict UTF-8 strings (core/utf8.h); and it packs again into bytes
 * that pass the check and unpack again.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/alloc.h"
#include "core/utf8.h"
#include "debrief/v1/conversation_service.pb-c.h"
#include "debrief/v1/session_service.pb-c.h"
#include "fuzz.h"
#include "transport/wire.h"

/*
 * Walks every string and message field of msg (level depth) through the
 * descriptors, and aborts on a string that is not strict UTF-8 or a
 * message nested past the limit: the wire check should have refused both.
 */
static void check_unpacked(const ProtobufCMessage *msg, unsigned depth) {
  if (depth > DBF_WIRE_MAX_DEPTH)
    abort();
  const ProtobufCMessageDescriptor *d = msg->descriptor;
  const char *base = (const char *)msg;
  for (unsigned i = 0; i < d->n_fields; i++) {
    const ProtobufCFieldDescriptor *f = &d->fields[i];
    if (f->type != PROTOBUF_C_TYPE_STRING && f->type != PROTOBUF_C_TYPE_MESSAGE)
      continue;
    size_t count = 1;
    const void *const *items = (const void *const *)(base + f->offset);
    if (f->label == PROTOBUF_C_LABEL_REPEATED) {
      count = *(const size_t *)(base + f->quantifier_offset);
      items = *(const void *const *const *)(base + f->offset);
    } else if ((f->flags & PROTOBUF_C_FIELD_FLAG_ONEOF) &&
               *(const uint32_t *)(base + f->quantifier_offset) != f->id) {
      continue; /* another member of the oneof is set */
    }
    for (size_t k = 0; k < count; k++) {
      if (!items[k])
        continue;
      if (f->type == PROTOBUF_C_TYPE_MESSAGE)
        check_unpacked(items[k], depth + 1);
      else if (dbf_utf8_check(items[k], strlen(items[k]), NULL, NULL))
        abort();
    }
  }
}

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
    check_unpacked(msg, 1);
    repack(d, msg);
    protobuf_c_message_free_unpacked(msg, &dbf_protobuf_allocator);
  }
  return 0;
}
