/* test_sse.c - tests for server/llm/sse.c: splits at every byte, line endings, caps. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "core/alloc.h"
#include "core/buf.h"
#include "llm/sse.h"

/* Events are serialised as "type|id|data\x1e" so two runs compare as strings. */
typedef struct collector {
  dbf_buf out;
  int n;
  int done;
  int stop_after; /* return an error after this many events; 0 = never */
} collector;

static dbf_err collect(void *arg, const dbf_sse_event *ev) {
  collector *c = arg;
  dbf_buf_printf(&c->out, "%s|%s|", ev->type, ev->id);
  dbf_buf_append(&c->out, ev->data, ev->data_len);
  dbf_buf_append(&c->out, "\x1e", 1);
  c->n++;
  c->done += ev->done;
  if (c->stop_after && c->n >= c->stop_after)
    return DBF_ERR_CANCELLED;
  return DBF_OK;
}

static void collector_init(collector *c) {
  memset(c, 0, sizeof(*c));
  dbf_buf_init(&c->out, 1 << 20);
}

static const char *parse_all(collector *c, const char *s, size_t n, size_t max) {
  dbf_sse_parser p;
  dbf_sse_init(&p, max, collect, c);
  assert_int_equal(dbf_sse_feed(&p, s, n), DBF_OK);
  dbf_sse_free(&p);
  return c->out.data ? c->out.data : "";
}

static const char mixed[] = "\xEF\xBB\xBF"
                            ": keep-alive comment\r\n"
                            "event: message_start\r\n"
                            "id: 7\r\n"
                            "data: {\"a\":1}\r\n"
                            "\r\n"
                            "data: line one\n"
                            "data: line two\n"
                            "data:no-space\n"
                            "\n"
                            "data: cr only\r"
                            "\r"
                            "event: ping\n"
                            "\n" /* no data: dropped */
                            "data\n"
                            "\n" /* an empty data line: dispatched as "" */
                            "retry: 100\n"
                            "unknown: x\n"
                            "data:  two spaces\n"
                            "\n"
                            "data: [DONE]\n"
                            "\n";

static const char mixed_expected[] = "message_start|7|{\"a\":1}\x1e"
                                     "message|7|line one\nline two\nno-space\x1e"
                                     "message|7|cr only\x1e"
                                     "message|7|\x1e"
                                     "message|7| two spaces\x1e"
                                     "message|7|[DONE]\x1e";

static void test_mixed_stream(void **state) {
  (void)state;
  collector c;
  collector_init(&c);
  assert_string_equal(parse_all(&c, mixed, sizeof(mixed) - 1, 4096), mixed_expected);
  assert_int_equal(c.n, 6);
  assert_int_equal(c.done, 1);
  dbf_buf_free(&c.out);
}

/* Every split into two feeds, and three feeds around every byte, gives the same events. */
static void test_split_at_every_byte(void **state) {
  (void)state;
  size_t n = sizeof(mixed) - 1;
  for (size_t i = 0; i <= n; i++) {
    for (size_t j = i; j <= n; j += (j < i + 3 ? 1 : 7)) {
      collector c;
      collector_init(&c);
      dbf_sse_parser p;
      dbf_sse_init(&p, 4096, collect, &c);
      assert_int_equal(dbf_sse_feed(&p, mixed, i), DBF_OK);
      assert_int_equal(dbf_sse_feed(&p, mixed + i, j - i), DBF_OK);
      assert_int_equal(dbf_sse_feed(&p, mixed + j, n - j), DBF_OK);
      assert_false(dbf_sse_pending(&p));
      assert_string_equal(c.out.data, mixed_expected);
      dbf_sse_free(&p);
      dbf_buf_free(&c.out);
    }
  }
}

static void test_byte_at_a_time(void **state) {
  (void)state;
  collector c;
  collector_init(&c);
  dbf_sse_parser p;
  dbf_sse_init(&p, 4096, collect, &c);
  for (size_t i = 0; i < sizeof(mixed) - 1; i++)
    assert_int_equal(dbf_sse_feed(&p, mixed + i, 1), DBF_OK);
  assert_string_equal(c.out.data, mixed_expected);
  dbf_sse_free(&p);
  dbf_buf_free(&c.out);
}

static void test_crlf_split_between_cr_and_lf(void **state) {
  (void)state;
  /* "\r" then "\n" in the next feed is one line end, not an empty line. */
  collector c;
  collector_init(&c);
  dbf_sse_parser p;
  dbf_sse_init(&p, 4096, collect, &c);
  assert_int_equal(dbf_sse_feed(&p, "data: a\r", 8), DBF_OK);
  assert_int_equal(dbf_sse_feed(&p, "\ndata: b\r", 9), DBF_OK);
  assert_int_equal(c.n, 0);
  assert_int_equal(dbf_sse_feed(&p, "\n\r\n", 3), DBF_OK);
  assert_int_equal(c.n, 1);
  assert_string_equal(c.out.data, "message||a\nb\x1e");
  dbf_sse_free(&p);
  dbf_buf_free(&c.out);
}

static void test_truncated_event_is_pending(void **state) {
  (void)state;
  collector c;
  collector_init(&c);
  dbf_sse_parser p;
  dbf_sse_init(&p, 4096, collect, &c);
  assert_int_equal(dbf_sse_feed(&p, "data: x\n\ndata: partial", 22), DBF_OK);
  assert_int_equal(c.n, 1);
  assert_true(dbf_sse_pending(&p));
  dbf_sse_free(&p);
  dbf_buf_free(&c.out);
}

static void test_cap_on_one_line(void **state) {
  (void)state;
  collector c;
  collector_init(&c);
  dbf_sse_parser p;
  dbf_sse_init(&p, 64, collect, &c);
  char big[100];
  memset(big, 'x', sizeof(big));
  assert_int_equal(dbf_sse_feed(&p, "data: ", 6), DBF_OK);
  assert_int_equal(dbf_sse_feed(&p, big, 50), DBF_OK);
  assert_int_equal(dbf_sse_feed(&p, big, 50), DBF_ERR_TOO_BIG);
  /* The parser stays failed. */
  assert_int_equal(dbf_sse_feed(&p, "\n\n", 2), DBF_ERR_TOO_BIG);
  assert_int_equal(c.n, 0);
  dbf_sse_free(&p);
  dbf_buf_free(&c.out);
}

static void test_cap_across_data_lines(void **state) {
  (void)state;
  /* Many short data lines must not add up past the cap either. */
  collector c;
  collector_init(&c);
  dbf_sse_parser p;
  dbf_sse_init(&p, 64, collect, &c);
  dbf_err rc = DBF_OK;
  for (int i = 0; i < 20 && !rc; i++)
    rc = dbf_sse_feed(&p, "data: 0123456789\n", 17);
  assert_int_equal(rc, DBF_ERR_TOO_BIG);
  assert_int_equal(c.n, 0);
  dbf_sse_free(&p);
  dbf_buf_free(&c.out);
  /* Events under the cap keep flowing, because the cap is per event. */
  collector_init(&c);
  dbf_sse_init(&p, 64, collect, &c);
  for (int i = 0; i < 100; i++)
    assert_int_equal(dbf_sse_feed(&p, "data: 0123456789\n\n", 18), DBF_OK);
  assert_int_equal(c.n, 100);
  dbf_sse_free(&p);
  dbf_buf_free(&c.out);
}

static void test_callback_error_stops(void **state) {
  (void)state;
  collector c;
  collector_init(&c);
  c.stop_after = 1;
  dbf_sse_parser p;
  dbf_sse_init(&p, 4096, collect, &c);
  assert_int_equal(dbf_sse_feed(&p, "data: 1\n\ndata: 2\n\n", 18), DBF_ERR_CANCELLED);
  assert_int_equal(c.n, 1);
  assert_int_equal(dbf_sse_feed(&p, "data: 3\n\n", 9), DBF_ERR_CANCELLED);
  dbf_sse_free(&p);
  dbf_buf_free(&c.out);
}

static void test_partial_bom_is_data(void **state) {
  (void)state;
  /* Two bytes of a BOM followed by something else are kept as line bytes. */
  collector c;
  collector_init(&c);
  parse_all(&c, "\xEF\xBB: comment\ndata: ok\n\n", 23, 4096);
  assert_string_equal(c.out.data, "message||ok\x1e");
  dbf_buf_free(&c.out);
}

static void test_oom_is_reported(void **state) {
  (void)state;
  collector c;
  collector_init(&c);
  dbf_sse_parser p;
  dbf_sse_init(&p, 4096, collect, &c);
  dbf_alloc_fail_after(0);
  dbf_err rc = dbf_sse_feed(&p, "data: x\n\n", 9);
  dbf_alloc_fail_after(-1);
  assert_int_equal(rc, DBF_ERR_NOMEM);
  dbf_sse_free(&p);
  dbf_buf_free(&c.out);
}

int main(void) {
  dbf_alloc_install();
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_mixed_stream),
      cmocka_unit_test(test_split_at_every_byte),
      cmocka_unit_test(test_byte_at_a_time),
      cmocka_unit_test(test_crlf_split_between_cr_and_lf),
      cmocka_unit_test(test_truncated_event_is_pending),
      cmocka_unit_test(test_cap_on_one_line),
      cmocka_unit_test(test_cap_across_data_lines),
      cmocka_unit_test(test_callback_error_stops),
      cmocka_unit_test(test_partial_bom_is_data),
      cmocka_unit_test(test_oom_is_reported),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
