/*
 * fuzz_pbjson.c - libFuzzer target for server/service/pbjson.c.
 *
 * The input is JSON text. It is loaded with jansson, converted to a
 * google.protobuf.Value and back (the path of subject attributes and edited
 * field values), and the result goes round once more, through the wire
 * format this time. Invariants: conversions fail only with INVALID or
 * TOO_BIG; what converted once converts again; the second trip, through
 * the wire bytes, gives the same JSON as the first.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

#include <jansson.h>

#include "core/alloc.h"
#include "fuzz.h"
#include "service/pbjson.h"

#define ARENA_CAP (64u << 20) /* generous: the node cap must bite first */

/* JSON -> Value -> JSON; 0 and a new reference in *out on success. */
static dbf_err trip(dbf_arena *a, const json_t *in, Google__Protobuf__Value **v, json_t **out) {
  dbf_status st = {0};
  *out = NULL;
  dbf_err rc = dbf_pbjson_to_value(a, in, "fuzz", v, &st);
  if (rc && rc != DBF_ERR_INVALID && rc != DBF_ERR_TOO_BIG)
    abort();
  if (!rc && dbf_pbjson_from_value(*v, "fuzz", out, &st) != DBF_OK)
    abort(); /* a Value we built ourselves must convert back */
  return rc;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  json_t *in = json_loadb((const char *)data, size, JSON_DECODE_ANY | JSON_ALLOW_NUL, NULL);
  if (!in)
    return 0;
  dbf_arena *a = dbf_arena_create(ARENA_CAP);
  if (!a)
    abort();
  Google__Protobuf__Value *v = NULL;
  json_t *once = NULL;
  if (trip(a, in, &v, &once) == DBF_OK) {
    /* The second trip goes through the wire format, as values do between services. */
    size_t len = protobuf_c_message_get_packed_size(&v->base);
    uint8_t *buf = dbf_malloc(len ? len : 1);
    if (!buf || protobuf_c_message_pack(&v->base, buf) != len)
      abort();
    Google__Protobuf__Value *u = google__protobuf__value__unpack(&dbf_protobuf_allocator, len, buf);
    json_t *twice = NULL;
    dbf_status st = {0};
    if (!u || dbf_pbjson_from_value(u, "fuzz", &twice, &st) != DBF_OK)
      abort();
    if (!json_equal(once, twice))
      abort(); /* the wire format changed the value */
    Google__Protobuf__Value *v2 = NULL;
    json_t *thrice = NULL;
    if (trip(a, twice, &v2, &thrice) != DBF_OK || !json_equal(twice, thrice))
      abort(); /* a converted value must be a fixed point */
    json_decref(thrice);
    json_decref(twice);
    google__protobuf__value__free_unpacked(u, &dbf_protobuf_allocator);
    dbf_free(buf);
  }
  json_decref(once);
  json_decref(in);
  dbf_arena_destroy(a);
  return 0;
}
