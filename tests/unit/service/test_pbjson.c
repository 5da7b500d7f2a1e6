/*
 * test_pbjson.c - server/service/pbjson.c: JSON <-> Struct/Value/ListValue
 * round trips, the depth cap, and Timestamp conversion and validation.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "core/alloc.h"
#include "service/pbjson.h"

static void test_roundtrip(void **state) {
  (void)state;
  dbf_status st = {0};
  dbf_arena *a = dbf_arena_create(1 << 20);
  json_t *in = json_loads("{\"s\":\"héllo\",\"n\":3,\"r\":2.5,\"b\":true,\"z\":null,"
                          "\"l\":[1,\"x\",{\"k\":[]}],\"o\":{\"deep\":{\"er\":false}}}",
                          0, NULL);
  assert_non_null(in);
  Google__Protobuf__Struct *s = NULL;
  assert_int_equal(dbf_pbjson_to_struct(a, in, "attrs", &s, &st), DBF_OK);
  assert_int_equal(s->n_fields, 7);

  /* Through the wire format and back. */
  size_t len = google__protobuf__struct__get_packed_size(s);
  uint8_t *buf = dbf_malloc(len);
  google__protobuf__struct__pack(s, buf);
  Google__Protobuf__Struct *u = google__protobuf__struct__unpack(NULL, len, buf);
  assert_non_null(u);
  json_t *out = NULL;
  assert_int_equal(dbf_pbjson_from_struct(u, "attrs", &out, &st), DBF_OK);
  assert_true(json_equal(in, out));
  assert_true(json_is_integer(json_object_get(out, "n"))); /* 3 stays 3, not 3.0 */
  json_decref(out);
  google__protobuf__struct__free_unpacked(u, NULL);
  dbf_free(buf);

  Google__Protobuf__Value *v = NULL;
  json_t *str = json_string("x");
  assert_int_equal(dbf_pbjson_to_value(a, str, "v", &v, &st), DBF_OK);
  assert_int_equal(v->kind_case, GOOGLE__PROTOBUF__VALUE__KIND_STRING_VALUE);
  json_decref(str);
  assert_int_equal(dbf_pbjson_to_struct(a, json_object_get(in, "l"), "attrs", &s, &st),
                   DBF_ERR_INVALID);
  assert_string_equal(st.msg, "attrs must be an object");
  json_decref(in);
  dbf_arena_destroy(a);
}

static void test_depth_cap(void **state) {
  (void)state;
  dbf_status st = {0};
  dbf_arena *a = dbf_arena_create(1 << 20);
  json_t *root = json_object(), *cur = root;
  for (int i = 0; i < DBF_PBJSON_MAX_DEPTH + 5; i++) {
    json_t *next = json_object();
    json_object_set_new(cur, "k", next);
    cur = next;
  }
  Google__Protobuf__Struct *s = NULL;
  assert_int_equal(dbf_pbjson_to_struct(a, root, "attrs", &s, &st), DBF_ERR_INVALID);
  assert_non_null(strstr(st.msg, "nested more than"));
  json_decref(root);

  /* The other direction: a hand-built chain of lists. */
  Google__Protobuf__Value vals[DBF_PBJSON_MAX_DEPTH + 5];
  Google__Protobuf__ListValue lists[DBF_PBJSON_MAX_DEPTH + 5];
  Google__Protobuf__Value *ptrs[DBF_PBJSON_MAX_DEPTH + 5];
  size_t n = DBF_PBJSON_MAX_DEPTH + 5;
  for (size_t i = 0; i < n; i++) {
    google__protobuf__value__init(&vals[i]);
    google__protobuf__list_value__init(&lists[i]);
    vals[i].kind_case = GOOGLE__PROTOBUF__VALUE__KIND_LIST_VALUE;
    vals[i].list_value = &lists[i];
    if (i + 1 < n) {
      ptrs[i] = &vals[i + 1];
      lists[i].n_values = 1;
      lists[i].values = &ptrs[i];
    }
  }
  json_t *out = NULL;
  assert_int_equal(dbf_pbjson_from_value(&vals[0], "value", &out, &st), DBF_ERR_INVALID);
  assert_null(out);
  dbf_arena_destroy(a);
}

static void test_bad_values(void **state) {
  (void)state;
  dbf_status st = {0};
  Google__Protobuf__Value v = GOOGLE__PROTOBUF__VALUE__INIT;
  v.kind_case = GOOGLE__PROTOBUF__VALUE__KIND_NUMBER_VALUE;
  v.number_value = 1.0 / 0.0;
  json_t *out = NULL;
  assert_int_equal(dbf_pbjson_from_value(&v, "value", &out, &st), DBF_ERR_INVALID);
  v.kind_case = GOOGLE__PROTOBUF__VALUE__KIND_STRING_VALUE;
  v.string_value = "\xff\xfe";
  assert_int_equal(dbf_pbjson_from_value(&v, "value", &out, &st), DBF_ERR_INVALID);
  v.kind_case = GOOGLE__PROTOBUF__VALUE__KIND__NOT_SET;
  assert_int_equal(dbf_pbjson_from_value(&v, "value", &out, &st), DBF_OK);
  assert_true(json_is_null(out));
  json_decref(out);
  assert_int_equal(dbf_pbjson_from_struct(NULL, "s", &out, &st), DBF_OK);
  assert_int_equal(json_object_size(out), 0);
  json_decref(out);
}

static void test_timestamps(void **state) {
  (void)state;
  dbf_status st = {0};
  dbf_arena *a = dbf_arena_create(4096);
  assert_null(dbf_pbjson_timestamp(a, 0));
  Google__Protobuf__Timestamp *ts = dbf_pbjson_timestamp(a, 1700000000123456);
  assert_int_equal(ts->seconds, 1700000000);
  assert_int_equal(ts->nanos, 123456000);
  int64_t us = 0;
  assert_int_equal(dbf_pbjson_timestamp_us(ts, "t", &us, &st), DBF_OK);
  assert_int_equal(us, 1700000000123456);
  ts = dbf_pbjson_timestamp(a, -1500000); /* 1.5 s before the epoch */
  assert_int_equal(ts->seconds, -2);
  assert_int_equal(ts->nanos, 500000000);
  assert_int_equal(dbf_pbjson_timestamp_us(ts, "t", &us, &st), DBF_OK);
  assert_int_equal(us, -1500000);

  Google__Protobuf__Timestamp bad = GOOGLE__PROTOBUF__TIMESTAMP__INIT;
  bad.seconds = 253402300800; /* year 10000 */
  assert_int_equal(dbf_pbjson_timestamp_us(&bad, "created_after", &us, &st), DBF_ERR_INVALID);
  assert_non_null(strstr(st.msg, "created_after is out of range"));
  bad.seconds = 0;
  bad.nanos = -1;
  assert_int_equal(dbf_pbjson_timestamp_us(&bad, "created_after", &us, &st), DBF_ERR_INVALID);
  assert_int_equal(dbf_pbjson_timestamp_us(NULL, "t", &us, &st), DBF_OK);
  assert_int_equal(us, 0);
  dbf_arena_destroy(a);
}

/* A value with every kind, nested, for the out-of-memory sweeps. */
static const char sweep_json[] =
    "{\"s\":\"h\u00e9llo\",\"n\":3,\"r\":2.5,\"b\":true,\"z\":null,"
    "\"l\":[1,\"x\",{\"k\":[[],{}]}],\"o\":{\"deep\":{\"er\":[false,\"y\"]}}}";

/*
 * Out-of-memory sweep, JSON -> Struct: each allocation (the arena's blocks)
 * fails in turn. Every failure is NOMEM; a success is the whole value.
 */
static void test_to_struct_out_of_memory(void **state) {
  (void)state;
  json_t *in = json_loads(sweep_json, 0, NULL);
  assert_non_null(in);
  bool succeeded = false;
  long n;
  for (n = 0; n < 1000 && !succeeded; n++) {
    dbf_status st = {0};
    Google__Protobuf__Struct *s = NULL;
    dbf_alloc_fail_after(n);
    dbf_arena *a = dbf_arena_create(1 << 20);
    dbf_err rc = a ? dbf_pbjson_to_struct(a, in, "attrs", &s, &st) : DBF_ERR_NOMEM;
    dbf_alloc_fail_after(-1);
    if (rc == DBF_OK) {
      json_t *back = NULL;
      assert_int_equal(dbf_pbjson_from_struct(s, "attrs", &back, &st), DBF_OK);
      assert_true(json_equal(in, back));
      json_decref(back);
      succeeded = true;
    } else {
      assert_int_equal(rc, DBF_ERR_NOMEM);
    }
    dbf_arena_destroy(a);
  }
  assert_true(succeeded);
  assert_true(n >= 2); /* the arena and its first block failed on the way */
  json_decref(in);
}

/*
 * Out-of-memory sweep, Struct -> JSON: each of jansson's allocations fails
 * in turn. Every failure is NOMEM with no result and nothing leaked; it
 * once came out as INVALID ("not valid UTF-8"), since jansson answers NULL
 * for both.
 */
static void test_from_struct_out_of_memory(void **state) {
  (void)state;
  json_t *in = json_loads(sweep_json, 0, NULL);
  assert_non_null(in);
  dbf_arena *a = dbf_arena_create(1 << 16);
  dbf_status st = {0};
  Google__Protobuf__Struct *s = NULL;
  assert_int_equal(dbf_pbjson_to_struct(a, in, "attrs", &s, &st), DBF_OK);
  bool succeeded = false;
  long n;
  for (n = 0; n < 1000 && !succeeded; n++) {
    json_t *out = NULL;
    dbf_alloc_fail_after(n);
    dbf_err rc = dbf_pbjson_from_struct(s, "attrs", &out, &st);
    dbf_alloc_fail_after(-1);
    if (rc == DBF_OK) {
      assert_true(json_equal(in, out));
      json_decref(out);
      succeeded = true;
    } else {
      /* Not INVALID: the value's UTF-8 is fine, the memory ran out. */
      assert_int_equal(rc, DBF_ERR_NOMEM);
      assert_null(out);
    }
  }
  assert_true(succeeded);
  assert_true(n > 10);

  /* With memory to spare, a key that is not UTF-8 is still the peer's error. */
  Google__Protobuf__Value null_value = GOOGLE__PROTOBUF__VALUE__INIT;
  Google__Protobuf__Struct__FieldsEntry bad = GOOGLE__PROTOBUF__STRUCT__FIELDS_ENTRY__INIT;
  Google__Protobuf__Struct__FieldsEntry *entries[] = {&bad};
  Google__Protobuf__Struct bad_struct = GOOGLE__PROTOBUF__STRUCT__INIT;
  bad.key = "\xff\xfe";
  bad.value = &null_value;
  bad_struct.n_fields = 1;
  bad_struct.fields = entries;
  json_t *out = NULL;
  assert_int_equal(dbf_pbjson_from_struct(&bad_struct, "attrs", &out, &st), DBF_ERR_INVALID);
  assert_string_equal(st.msg, "attrs has a key that is not valid UTF-8");
  assert_null(out);
  dbf_arena_destroy(a);
  json_decref(in);
}

int main(void) {
  dbf_alloc_install();
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_roundtrip),
      cmocka_unit_test(test_depth_cap),
      cmocka_unit_test(test_bad_values),
      cmocka_unit_test(test_timestamps),
      cmocka_unit_test(test_to_struct_out_of_memory),
      cmocka_unit_test(test_from_struct_out_of_memory),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
