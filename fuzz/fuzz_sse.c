/*
 * fuzz_sse.c - libFuzzer target for server/llm/sse.c.
 *
 * The first input byte picks a split stride so the fuzzer also explores
 * how events cut across feeds; the rest is the stream. The target checks
 * invariants: no crash, no event larger than the cap, and the same events
 * whether the stream is fed whole or in pieces. Built without
 * -fsanitize=fuzzer, fuzz/replay_main.c replays a corpus as a ctest.
 */
#include <stddef.h>
#include <stdio.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/buf.h"
#include "fuzz.h"
#include "llm/sse.h"

#define CAP 4096

typedef struct sink {
  dbf_buf all; /* every event, serialised */
} sink;

static dbf_err on_event(void *arg, const dbf_sse_event *ev) {
  sink *s = arg;
  if (ev->data_len > CAP)
    abort(); /* the cap was not enforced */
  dbf_buf_appends(&s->all, ev->type);
  dbf_buf_append(&s->all, "\0", 1);
  dbf_buf_append(&s->all, ev->data, ev->data_len);
  dbf_buf_append(&s->all, "\0", 1);
  return DBF_OK;
}

static dbf_err run(const uint8_t *data, size_t size, size_t stride, sink *s) {
  dbf_sse_parser p;
  dbf_sse_init(&p, CAP, on_event, s);
  dbf_err rc = DBF_OK;
  for (size_t off = 0; off < size && !rc; off += stride) {
    size_t n = size - off < stride ? size - off : stride;
    rc = dbf_sse_feed(&p, (const char *)data + off, n);
  }
  dbf_sse_free(&p);
  return rc;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  if (size < 1)
    return 0;
  size_t stride = (size_t)data[0] % 17 + 1;
  data++;
  size--;
  sink whole, pieces;
  dbf_buf_init(&whole.all, (size_t)16 << 20);
  dbf_buf_init(&pieces.all, (size_t)16 << 20);
  dbf_err a = run(data, size, size ? size : 1, &whole);
  dbf_err b = run(data, size, stride, &pieces);
  /* Splitting must never change the outcome. */
  if (a != b || whole.all.len != pieces.all.len ||
      (whole.all.len && memcmp(whole.all.data, pieces.all.data, whole.all.len) != 0))
    abort();
  dbf_buf_free(&whole.all);
  dbf_buf_free(&pieces.all);
  return 0;
}
