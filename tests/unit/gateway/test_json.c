/*
 * test_json.c - gateway/json_in.c and json_out.c: every message
 * type reachable from the API's services is filled with non-default values
 * by walking its descriptor, written as JSON, read back, and must pack to
 * the same bytes; plus the edge cases of proto3 JSON one by one.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "core/alloc.h"
#include "debrief/v1/session_service.pb-c.h"
#include "debrief/v1/conversation_service.pb-c.h"
#include "gateway/json.h"
#include "gateway/registry.h"
#include "google/protobuf/struct.pb-c.h"
#include "google/protobuf/timestamp.pb-c.h"

#define MAX_TYPES 256

static const ProtobufCMessageDescriptor *types[MAX_TYPES];
static size_t ntypes;

static void collect(const ProtobufCMessageDescriptor *d) {
  for (size_t i = 0; i < ntypes; i++)
    if (types[i] == d)
      return;
  assert_true(ntypes < MAX_TYPES);
  types[ntypes++] = d;
  for (unsigned i = 0; i < d->n_fields; i++)
    if (d->fields[i].type == PROTOBUF_C_TYPE_MESSAGE)
      collect(d->fields[i].descriptor);
}

static void collect_all(void) {
  ntypes = 0;
  for (size_t s = 0; s < dbf_gw_services_len; s++)
    for (unsigned m = 0; m < dbf_gw_services[s]->n_methods; m++) {
      collect(dbf_gw_services[s]->methods[m].input);
      collect(dbf_gw_services[s]->methods[m].output);
    }
}

static void *fill(dbf_arena *a, const ProtobufCMessageDescriptor *d, unsigned variant,
                  unsigned depth);

static void fill_one(dbf_arena *a, const ProtobufCFieldDescriptor *f, void *p, unsigned variant,
                     unsigned depth, unsigned i) {
  switch (f->type) {
    case PROTOBUF_C_TYPE_INT32:
    case PROTOBUF_C_TYPE_SINT32:
    case PROTOBUF_C_TYPE_SFIXED32:
      *(int32_t *)p = -7 - (int32_t)f->id - (int32_t)i;
      break;
    case PROTOBUF_C_TYPE_UINT32:
    case PROTOBUF_C_TYPE_FIXED32:
      *(uint32_t *)p = 4000000000u;
      break;
    case PROTOBUF_C_TYPE_INT64:
    case PROTOBUF_C_TYPE_SINT64:
    case PROTOBUF_C_TYPE_SFIXED64:
      *(int64_t *)p = 9007199254740993LL + f->id + i; /* past 2^53: only a string keeps it */
      break;
    case PROTOBUF_C_TYPE_UINT64:
    case PROTOBUF_C_TYPE_FIXED64:
      *(uint64_t *)p = 18446744073709551615ULL - i;
      break;
    case PROTOBUF_C_TYPE_FLOAT:
      *(float *)p = 0.1f + (float)f->id;
      break;
    case PROTOBUF_C_TYPE_DOUBLE:
      *(double *)p = 0.1 + f->id + i * 1e-300;
      break;
    case PROTOBUF_C_TYPE_BOOL:
      *(protobuf_c_boolean *)p = 1;
      break;
    case PROTOBUF_C_TYPE_ENUM: {
      const ProtobufCEnumDescriptor *e = f->descriptor;
      *(int *)p = e->values[(variant + i) % e->n_values].value;
      if (*(int *)p == 0)
        *(int *)p = e->values[e->n_values - 1].value;
      break;
    }
    case PROTOBUF_C_TYPE_STRING:
      *(char **)p = dbf_arena_printf(a, "%s-%u \"q\"\\ é\n\t\x01", f->name, i);
      break;
    case PROTOBUF_C_TYPE_BYTES: {
      ProtobufCBinaryData *b = p;
      b->len = 4 + i;
      b->data = dbf_arena_calloc(a, b->len, 1);
      b->data[0] = 0xff;
      b->data[1] = 0xfb;
      break;
    }
    case PROTOBUF_C_TYPE_MESSAGE:
      *(void **)p = fill(a, f->descriptor, variant + i, depth + 1);
      break;
  }
}

static Google__Protobuf__Value *num_value(dbf_arena *a, double v) {
  Google__Protobuf__Value *val = dbf_arena_alloc(a, sizeof *val);
  google__protobuf__value__init(val);
  val->kind_case = GOOGLE__PROTOBUF__VALUE__KIND_NUMBER_VALUE;
  val->number_value = v;
  return val;
}

static void *fill_wkt(dbf_arena *a, const ProtobufCMessageDescriptor *d, unsigned variant) {
  if (strcmp(d->name, "google.protobuf.Timestamp") == 0) {
    Google__Protobuf__Timestamp *t = dbf_arena_alloc(a, sizeof *t);
    google__protobuf__timestamp__init(t);
    t->seconds = 1700000000 + variant;
    t->nanos = variant % 2 ? 123000000 : 5;
    return t;
  }
  if (strcmp(d->name, "google.protobuf.Value") == 0)
    return num_value(a, 2.5 + variant);
  if (strcmp(d->name, "google.protobuf.ListValue") == 0) {
    Google__Protobuf__ListValue *l = dbf_arena_alloc(a, sizeof *l);
    google__protobuf__list_value__init(l);
    l->n_values = 1;
    l->values = dbf_arena_alloc(a, sizeof *l->values);
    l->values[0] = num_value(a, -1);
    return l;
  }
  if (strcmp(d->name, "google.protobuf.Struct") == 0) {
    Google__Protobuf__Struct *s = dbf_arena_alloc(a, sizeof *s);
    google__protobuf__struct__init(s);
    s->n_fields = 2;
    s->fields = dbf_arena_calloc(a, 2, sizeof *s->fields);
    for (int i = 0; i < 2; i++) {
      s->fields[i] = dbf_arena_alloc(a, sizeof *s->fields[i]);
      google__protobuf__struct__fields_entry__init(s->fields[i]);
      s->fields[i]->key = dbf_arena_printf(a, "k%d", i);
      s->fields[i]->value = num_value(a, 1e21 * i);
    }
    return s;
  }
  return NULL;
}

/* A message of type d with every field set (one member per oneof, chosen by variant). */
static void *fill(dbf_arena *a, const ProtobufCMessageDescriptor *d, unsigned variant,
                  unsigned depth) {
  void *w = fill_wkt(a, d, variant);
  if (w)
    return w;
  char *m = dbf_arena_alloc(a, d->sizeof_message);
  d->message_init((ProtobufCMessage *)m);
  if (depth > 3)
    return m;
  for (unsigned i = 0; i < d->n_fields; i++) {
    const ProtobufCFieldDescriptor *f = &d->fields[i];
    if (f->flags & PROTOBUF_C_FIELD_FLAG_ONEOF) {
      unsigned first = i, n = 0;
      while (first > 0 && (d->fields[first - 1].flags & PROTOBUF_C_FIELD_FLAG_ONEOF) &&
             d->fields[first - 1].quantifier_offset == f->quantifier_offset)
        first--;
      for (unsigned k = first;
           k < d->n_fields && (d->fields[k].flags & PROTOBUF_C_FIELD_FLAG_ONEOF) &&
           d->fields[k].quantifier_offset == f->quantifier_offset;
           k++)
        n++;
      if (i - first != variant % n)
        continue;
      fill_one(a, f, m + f->offset, variant, depth, 0);
      *(uint32_t *)(m + f->quantifier_offset) = f->id;
    } else if (f->label == PROTOBUF_C_LABEL_REPEATED) {
      size_t sz = f->type == PROTOBUF_C_TYPE_MESSAGE || f->type == PROTOBUF_C_TYPE_STRING
                      ? sizeof(void *)
                  : f->type == PROTOBUF_C_TYPE_BYTES ? sizeof(ProtobufCBinaryData)
                  : f->type == PROTOBUF_C_TYPE_DOUBLE || f->type == PROTOBUF_C_TYPE_INT64 ||
                          f->type == PROTOBUF_C_TYPE_UINT64 || f->type == PROTOBUF_C_TYPE_SINT64 ||
                          f->type == PROTOBUF_C_TYPE_SFIXED64 || f->type == PROTOBUF_C_TYPE_FIXED64
                      ? 8
                      : 4;
      char *arr = dbf_arena_calloc(a, 2, sz);
      for (unsigned k = 0; k < 2; k++)
        fill_one(a, f, arr + k * sz, variant, depth, k);
      *(size_t *)(m + f->quantifier_offset) = 2;
      *(void **)(m + f->offset) = arr;
    } else {
      fill_one(a, f, m + f->offset, variant, depth, 0);
    }
  }
  return m;
}

static uint8_t *pack(const ProtobufCMessage *m, size_t *n) {
  *n = protobuf_c_message_get_packed_size(m);
  uint8_t *p = dbf_malloc(*n ? *n : 1);
  assert_int_equal(protobuf_c_message_pack(m, p), *n);
  return p;
}

/* JSON out, JSON in, and the same wire bytes, for one message. */
static void round_trip(const ProtobufCMessage *m) {
  dbf_status st = {0};
  dbf_buf out, out2;
  dbf_buf_init(&out, 1 << 22);
  dbf_buf_init(&out2, 1 << 22);
  assert_int_equal(dbf_gw_msg_to_json(m, &out, &st), DBF_OK);
  json_error_t je;
  json_t *j = json_loads(out.data, JSON_DECODE_ANY, &je);
  if (!j)
    fail_msg("%s wrote invalid JSON (%s): %s", m->descriptor->name, je.text, out.data);
  dbf_arena *a = dbf_arena_create(1 << 24);
  ProtobufCMessage *back = NULL;
  if (dbf_gw_json_to_msg(a, m->descriptor, j, "", &back, &st) != DBF_OK)
    fail_msg("%s did not read back: %s\n%s", m->descriptor->name, st.msg, out.data);
  size_t n1, n2;
  uint8_t *p1 = pack(m, &n1), *p2 = pack(back, &n2);
  if (n1 != n2 || memcmp(p1, p2, n1) != 0)
    fail_msg("%s changed in a round trip: %s", m->descriptor->name, out.data);
  assert_int_equal(dbf_gw_msg_to_json(back, &out2, &st), DBF_OK);
  assert_string_equal(out.data, out2.data);
  dbf_free(p1);
  dbf_free(p2);
  json_decref(j);
  dbf_arena_destroy(a);
  dbf_buf_free(&out);
  dbf_buf_free(&out2);
}

static void test_every_type_round_trips(void **state) {
  (void)state;
  collect_all();
  assert_true(ntypes > 40);
  for (size_t t = 0; t < ntypes; t++)
    for (unsigned variant = 0; variant < 6; variant++) {
      dbf_arena *a = dbf_arena_create(1 << 24);
      ProtobufCMessage *m = fill(a, types[t], variant, 0);
      round_trip(m);
      /* The empty message too: every field left out (a Value without a kind has no JSON). */
      if (strcmp(types[t]->name, "google.protobuf.Value") == 0) {
        dbf_arena_destroy(a);
        continue;
      }
      char *e = dbf_arena_alloc(a, types[t]->sizeof_message);
      types[t]->message_init((ProtobufCMessage *)e);
      round_trip((ProtobufCMessage *)e);
      dbf_arena_destroy(a);
    }
}

/* Converts text into a message of type d; returns the rc and leaves st's message. */
static dbf_err from_text(const ProtobufCMessageDescriptor *d, const char *text, dbf_arena *a,
                         ProtobufCMessage **m, dbf_status *st) {
  json_t *j = json_loads(text, JSON_DECODE_ANY, NULL);
  assert_non_null(j);
  dbf_err rc = dbf_gw_json_to_msg(a, d, j, "", m, st);
  json_decref(j);
  return rc;
}

static char *to_text(const ProtobufCMessage *m) {
  dbf_buf b;
  dbf_status st = {0};
  dbf_buf_init(&b, 1 << 20);
  assert_int_equal(dbf_gw_msg_to_json(m, &b, &st), DBF_OK);
  return b.data;
}

static void test_names_and_scalars(void **state) {
  (void)state;
  dbf_status st = {0};
  dbf_arena *a = dbf_arena_create(1 << 20);
  ProtobufCMessage *m = NULL;
  const ProtobufCMessageDescriptor *d = &debrief__v1__list_sessions_request__descriptor;
  assert_int_equal(from_text(d,
                             "{\"page_size\":\"5\",\"templateSlug\":\"x\",\"states\":"
                             "[\"SESSION_STATE_ACTIVE\",3],\"createdAfter\":"
                             "\"2024-05-01T12:00:00.5+02:00\"}",
                             a, &m, &st),
                   DBF_OK);
  Debrief__V1__ListSessionsRequest *r = (Debrief__V1__ListSessionsRequest *)m;
  assert_int_equal(r->page_size, 5);
  assert_string_equal(r->template_slug, "x");
  assert_int_equal(r->n_states, 2);
  assert_int_equal(r->states[1], 3);
  assert_int_equal(r->created_after->seconds, 1714557600);
  assert_int_equal(r->created_after->nanos, 500000000);
  char *t = to_text(m);
  assert_string_equal(t, "{\"pageSize\":5,\"states\":[\"SESSION_STATE_ACTIVE\",\"SESSION_STATE_"
                         "PAUSED\"],\"templateSlug\":\"x\",\"createdAfter\":\"2024-05-01T10:00:"
                         "00.500Z\"}");
  dbf_free(t);

  /* Unknown fields, both spellings, wrong types and ranges name the field. */
  assert_int_equal(from_text(d, "{\"pageSize\":1,\"bogus\":1}", a, &m, &st), DBF_ERR_INVALID);
  assert_non_null(strstr(st.msg, "\"bogus\""));
  assert_int_equal(from_text(d, "{\"pageSize\":1,\"page_size\":2}", a, &m, &st), DBF_ERR_INVALID);
  assert_non_null(strstr(st.msg, "given twice"));
  assert_int_equal(from_text(d, "{\"pageSize\":2147483648}", a, &m, &st), DBF_ERR_INVALID);
  assert_int_equal(from_text(d, "{\"pageSize\":1.5}", a, &m, &st), DBF_ERR_INVALID);
  assert_int_equal(from_text(d, "{\"templateSlug\":7}", a, &m, &st), DBF_ERR_INVALID);
  assert_non_null(strstr(st.msg, "template_slug"));
  assert_int_equal(from_text(d, "{\"states\":[\"NOPE\"]}", a, &m, &st), DBF_ERR_INVALID);
  assert_int_equal(from_text(d, "{\"createdAfter\":\"2024-02-30T00:00:00Z\"}", a, &m, &st),
                   DBF_ERR_INVALID);
  assert_int_equal(from_text(d, "[]", a, &m, &st), DBF_ERR_INVALID);
  /* null is "not set". */
  assert_int_equal(from_text(d, "{\"pageSize\":null,\"createdAfter\":null}", a, &m, &st), DBF_OK);

  /* Nested errors carry the path; oneofs take one member. */
  d = &debrief__v1__create_session_request__descriptor;
  assert_int_equal(from_text(d, "{\"subject\":{\"kind\":[]}}", a, &m, &st), DBF_ERR_INVALID);
  assert_non_null(strstr(st.msg, "subject.kind"));
  d = &debrief__v1__converse_request__descriptor;
  assert_int_equal(from_text(d, "{\"open\":{},\"heartbeat\":{}}", a, &m, &st), DBF_ERR_INVALID);
  assert_non_null(strstr(st.msg, "oneof"));
  assert_int_equal(
      from_text(d, "{\"open\":{\"sessionId\":\"s\",\"resumeAfterSeq\":\"12\"}}", a, &m, &st),
      DBF_OK);
  t = to_text(m);
  assert_string_equal(t, "{\"open\":{\"sessionId\":\"s\",\"resumeAfterSeq\":\"12\"}}");
  dbf_free(t);
  /* An empty oneof member is still written. */
  assert_int_equal(from_text(d, "{\"heartbeat\":{}}", a, &m, &st), DBF_OK);
  t = to_text(m);
  assert_string_equal(t, "{\"heartbeat\":{}}");
  dbf_free(t);
  dbf_arena_destroy(a);
}

static void test_values_and_depth(void **state) {
  (void)state;
  dbf_status st = {0};
  dbf_arena *a = dbf_arena_create(1 << 22);
  ProtobufCMessage *m = NULL;
  const ProtobufCMessageDescriptor *d = &debrief__v1__converse_request__descriptor;
  const char *in = "{\"editField\":{\"key\":\"k\",\"value\":{\"a\":[1,0.1,1e+300,\"x\",null,true,"
                   "{}],\"b\":null}}}";
  assert_int_equal(from_text(d, in, a, &m, &st), DBF_OK);
  char *t = to_text(m);
  assert_string_equal(t, in);
  dbf_free(t);
  /* A Value field that is JSON null is set, to null_value. */
  assert_int_equal(from_text(d, "{\"editField\":{\"value\":null}}", a, &m, &st), DBF_OK);
  t = to_text(m);
  assert_string_equal(t, "{\"editField\":{\"value\":null}}");
  dbf_free(t);

  char deep[1024] = "{\"editField\":{\"value\":";
  size_t o = strlen(deep);
  for (int i = 0; i < DBF_GW_JSON_MAX_DEPTH + 2; i++)
    deep[o++] = '[';
  for (int i = 0; i < DBF_GW_JSON_MAX_DEPTH + 2; i++)
    deep[o++] = ']';
  memcpy(deep + o, "}}", 3);
  assert_int_equal(from_text(d, deep, a, &m, &st), DBF_ERR_INVALID);
  assert_non_null(strstr(st.msg, "deeper"));
  dbf_arena_destroy(a);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_every_type_round_trips),
      cmocka_unit_test(test_names_and_scalars),
      cmocka_unit_test(test_values_and_depth),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
