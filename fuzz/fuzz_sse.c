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

#include "core/alloc.h"
#include "core/buf.h"
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

#ifndef DBF_LIBFUZZER
#include <dirent.h>
#include <sys/stat.h>

#define REPLAY_MAX_INPUT (1 << 20) /* seeds are small; bigger files are a mistake */

static int replay_file(const char *path) {
  static uint8_t buf[REPLAY_MAX_INPUT];
  FILE *f = fopen(path, "rb");
  if (!f) {
    fprintf(stderr, "cannot open %s\n", path);
    return 1;
  }
  size_t n = fread(buf, 1, sizeof(buf), f);
  fclose(f);
  LLVMFuzzerTestOneInput(buf, n);
  return 0;
}

int main(int argc, char **argv) {
  int bad = 0, runs = 0;
  dbf_alloc_install();
  for (int i = 1; i < argc; i++) {
    struct stat sb;
    if (stat(argv[i], &sb) != 0) {
      fprintf(stderr, "no such path %s\n", argv[i]);
      bad++;
      continue;
    }
    if (!S_ISDIR(sb.st_mode)) {
      bad += replay_file(argv[i]);
      runs++;
      continue;
    }
    DIR *d = opendir(argv[i]);
    struct dirent *e;
    while (d && (e = readdir(d))) {
      char p[4096];
      if (e->d_name[0] == '.')
        continue;
      if (snprintf(p, sizeof(p), "%s/%s", argv[i], e->d_name) >= (int)sizeof(p))
        continue;
      bad += replay_file(p);
      runs++;
    }
    if (d)
      closedir(d);
  }
  printf("replayed %d input(s), %d error(s)\n", runs, bad);
  return bad || runs == 0;
}
#endif
