/*
 * test_wire.c - tests for server/transport/wire.c: the depth and framing
 * check that runs on a request's bytes before protobuf-c unpacks them.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "debrief/v1/conversation_service.pb-c.h"
#include "debrief/v1/session_service.pb-c.h"
#include "google/protobuf/struct.pb-c.h"
#include "transport/wire.h"

/* A buffer filled from the back, so each nesting level is a prepend. */
typedef struct rbuf {
  uint8_t *base;
  size_t cap, start; /* the data is base[start..cap) */
} rbuf;

static void rb_init(rbuf *b, size_t cap) {
  b->base = malloc(cap);
  assert_non_null(b->base);
  b->cap = cap;
  b->start = cap;
}

static size_t rb_len(const rbuf *b) {
  return b->cap - b->start;
}

static void rb_byte(rbuf *b, uint8_t v) {
  assert_true(b->start > 0);
  b->base[--b->start] = v;
}

static void rb_varint(rbuf *b, uint64_t v) {
  uint8_t tmp[10];
  size_t n = 0;
  do {
    tmp[n] = (uint8_t)(v & 0x7f);
    v >>= 7;
    if (v)
      tmp[n] |= 0x80;
    n++;
  } while (v);
  while (n)
    rb_byte(b, tmp[--n]);
}

/* Wraps everything so far as length-delimited field number. */
static void rb_wrap(rbuf *b, unsigned number) {
  rb_varint(b, rb_len(b));
  rb_varint(b, (uint64_t)number << 3 | 2u);
}

/* A google.protobuf.Value holding a list inside a list... levels deep. */
static void nested_value(rbuf *b, size_t levels) {
  rb_byte(b, 0x00);
  rb_byte(b, 0x08); /* Value.null_value = 0 */
  for (size_t i = 0; i < levels; i++) {
    rb_wrap(b, 1); /* ListValue.values */
    rb_wrap(b, 6); /* Value.list_value */
  }
}

/* CreateSessionRequest{subject{attributes{fields{"k": <nested>}}}}. */
static void create_session_with(rbuf *b, size_t levels) {
  nested_value(b, levels);
  rb_wrap(b, 2); /* FieldsEntry.value */
  rb_byte(b, 'k');
  rb_byte(b, 1);
  rb_byte(b, 0x0a); /* FieldsEntry.key = "k" */
  rb_wrap(b, 1);    /* Struct.fields */
  rb_wrap(b, 4);    /* Subject.attributes */
  rb_wrap(b, 3);    /* CreateSessionRequest.subject */
}

static void test_shallow_passes_and_unpacks(void **state) {
  (void)state;
  rbuf b;
  rb_init(&b, 4096);
  create_session_with(&b, 10);
  dbf_status st = {0};
  assert_int_equal(dbf_wire_check(&debrief__v1__create_session_request__descriptor,
                                  b.base + b.start, rb_len(&b), DBF_WIRE_MAX_DEPTH, &st),
                   DBF_OK);
  ProtobufCMessage *m = protobuf_c_message_unpack(&debrief__v1__create_session_request__descriptor,
                                                  NULL, rb_len(&b), b.base + b.start);
  assert_non_null(m);
  protobuf_c_message_free_unpacked(m, NULL);
  free(b.base);
}

/* The reported crash: ~150 KB, 20,000 levels; and ten times deeper. */
static void test_deep_value_refused(void **state) {
  (void)state;
  static const size_t levels[] = {60, 20000, 200000};
  for (size_t i = 0; i < sizeof levels / sizeof levels[0]; i++) {
    rbuf b;
    rb_init(&b, levels[i] * 12 + 64);
    create_session_with(&b, levels[i]);
    dbf_status st = {0};
    assert_int_equal(dbf_wire_check(&debrief__v1__create_session_request__descriptor,
                                    b.base + b.start, rb_len(&b), DBF_WIRE_MAX_DEPTH, &st),
                     DBF_ERR_INVALID);
    assert_non_null(strstr(st.msg, "more than 100 levels"));
    assert_non_null(strstr(st.msg, "under field subject.attributes.fields..."));
    free(b.base);
  }
}

/* The depth limit is exact: max_depth levels pass, one more does not. */
static void test_limit_is_exact(void **state) {
  (void)state;
  rbuf b;
  rb_init(&b, 4096);
  nested_value(&b, 10); /* 21 messages: the Value, then 10 x (ListValue, Value) */
  dbf_status st = {0};
  assert_int_equal(
      dbf_wire_check(&google__protobuf__value__descriptor, b.base + b.start, rb_len(&b), 21, &st),
      DBF_OK);
  assert_int_equal(
      dbf_wire_check(&google__protobuf__value__descriptor, b.base + b.start, rb_len(&b), 20, &st),
      DBF_ERR_INVALID);
  free(b.base);
}

/* A streaming frame: ConverseRequest{edit_field{value: <nested>}}. */
static void test_edit_field_frame(void **state) {
  (void)state;
  rbuf b;
  rb_init(&b, 20000 * 12 + 64);
  nested_value(&b, 20000);
  rb_wrap(&b, 2); /* EditFieldFrame.value */
  rb_wrap(&b, 5); /* ConverseRequest.edit_field */
  dbf_status st = {0};
  assert_int_equal(dbf_wire_check(&debrief__v1__converse_request__descriptor, b.base + b.start,
                                  rb_len(&b), DBF_WIRE_MAX_DEPTH, &st),
                   DBF_ERR_INVALID);
  assert_non_null(strstr(st.msg, "under field edit_field.value.list_value..."));
  free(b.base);
}

/* Unknown fields and strings are never walked as messages: they cannot nest. */
static void test_unknown_and_bytes_skipped(void **state) {
  (void)state;
  rbuf b;
  rb_init(&b, 20000 * 12 + 64);
  nested_value(&b, 20000);
  rb_wrap(&b, 99); /* an unknown field of CreateSessionRequest */
  dbf_status st = {0};
  assert_int_equal(dbf_wire_check(&debrief__v1__create_session_request__descriptor,
                                  b.base + b.start, rb_len(&b), DBF_WIRE_MAX_DEPTH, &st),
                   DBF_OK);
  rb_wrap(&b, 1); /* ...now inside template_slug, a string: checked as text, not walked */
  assert_int_equal(dbf_wire_check(&debrief__v1__create_session_request__descriptor,
                                  b.base + b.start, rb_len(&b), DBF_WIRE_MAX_DEPTH, &st),
                   DBF_ERR_INVALID);
  assert_non_null(strstr(st.msg, "template_slug is not valid UTF-8"));
  free(b.base);
}

static void test_malformed(void **state) {
  (void)state;
  const ProtobufCMessageDescriptor *d = &debrief__v1__create_session_request__descriptor;
  dbf_status st = {0};
  static const uint8_t truncated_len[] = {0x1a, 0x05, 0x01};    /* 5 bytes promised */
  static const uint8_t truncated_varint[] = {0x10, 0xff, 0xff}; /* never ends */
  static const uint8_t long_varint[] = {0x10, 0xff, 0xff, 0xff, 0xff, 0xff,
                                        0xff, 0xff, 0xff, 0xff, 0xff, 0x01};
  static const uint8_t group[] = {0x0b, 0x0c};             /* start/end group */
  static const uint8_t field_zero[] = {0x02, 0x00};        /* field number 0 */
  static const uint8_t fixed_short[] = {0x09, 0x01, 0x02}; /* fixed64, 2 bytes */
  struct {
    const uint8_t *p;
    size_t n;
  } cases[] = {{truncated_len, sizeof truncated_len}, {truncated_varint, sizeof truncated_varint},
               {long_varint, sizeof long_varint},     {group, sizeof group},
               {field_zero, sizeof field_zero},       {fixed_short, sizeof fixed_short}};
  for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
    assert_int_equal(dbf_wire_check(d, cases[i].p, cases[i].n, DBF_WIRE_MAX_DEPTH, &st),
                     DBF_ERR_INVALID);
    assert_non_null(strstr(st.msg, "not a valid"));
  }
  /* The empty message is valid: every field at its default. */
  assert_int_equal(dbf_wire_check(d, NULL, 0, DBF_WIRE_MAX_DEPTH, &st), DBF_OK);
}

/* Subject{title: bytes} inside a CreateSessionRequest. */
static dbf_err check_title(const uint8_t *bytes, size_t n, dbf_status *st) {
  rbuf b;
  rb_init(&b, 256);
  for (size_t i = n; i > 0; i--)
    rb_byte(&b, bytes[i - 1]);
  rb_wrap(&b, 3); /* Subject.title */
  rb_wrap(&b, 3); /* CreateSessionRequest.subject */
  dbf_err rc = dbf_wire_check(&debrief__v1__create_session_request__descriptor, b.base + b.start,
                              rb_len(&b), DBF_WIRE_MAX_DEPTH, st);
  free(b.base);
  return rc;
}

/* Every string field is strict UTF-8, and the error names the field. */
static void test_strict_utf8(void **state) {
  (void)state;
  static const struct {
    const char *bytes, *why;
  } bad[] = {
      {"\xc0\x80", "overlong"},         /* NUL, overlong */
      {"\xe0\x80\xaf", "overlong"},     /* '/', overlong in 3 bytes */
      {"\xf0\x82\x82\xac", "overlong"}, /* the euro sign in 4 bytes */
      {"\xed\xa0\x80", "surrogate"},    /* U+D800 */
      {"\xed\xbf\xbf", "surrogate"},    /* U+DFFF */
      {"\xf4\x90\x80\x80", "above U+10FFFF"},
      {"\xf5\x80\x80\x80", "above U+10FFFF"},
      {"ok\xe2\x82", "truncated"},
      {"\x80", "stray continuation"},
      {"\xff", "never UTF-8"},
      {"a\0b", "NUL"},
  };
  for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
    dbf_status st = {0};
    size_t n = strlen(bad[i].bytes);
    if (!strcmp(bad[i].why, "NUL"))
      n = 3;
    assert_int_equal(check_title((const uint8_t *)bad[i].bytes, n, &st), DBF_ERR_INVALID);
    assert_non_null(strstr(st.msg, "subject.title is not valid UTF-8"));
    if (!strstr(st.msg, bad[i].why))
      fail_msg("case %zu: '%s' does not say '%s'", i, st.msg, bad[i].why);
  }
  /* The edges that are valid: U+007F, U+0080, U+07FF, U+0800, U+D7FF, U+E000, U+FFFF,
     U+10000, U+10FFFF. */
  static const char good[] = "\x7f\xc2\x80\xdf\xbf\xe0\xa0\x80\xed\x9f\xbf\xee\x80\x80"
                             "\xef\xbf\xbf\xf0\x90\x80\x80\xf4\x8f\xbf\xbf";
  dbf_status st = {0};
  assert_int_equal(check_title((const uint8_t *)good, sizeof good - 1, &st), DBF_OK);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_shallow_passes_and_unpacks),
      cmocka_unit_test(test_deep_value_refused),
      cmocka_unit_test(test_limit_is_exact),
      cmocka_unit_test(test_edit_field_frame),
      cmocka_unit_test(test_unknown_and_bytes_skipped),
      cmocka_unit_test(test_malformed),
      cmocka_unit_test(test_strict_utf8),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
