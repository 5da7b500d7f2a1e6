/*
 * test_nanopb.c - the nanopb client (clients/nanopb) against the real
 * gateway and server: it encodes a CreateSessionRequest, POSTs it in
 * application/x-protobuf, decodes the reply, reads the session back and
 * decodes a google.rpc.Status error, all with static buffers. malloc,
 * calloc, realloc and free are wrapped here and counted while the client
 * runs: the count must stay 0.
 *
 * tests/integration/test_nanopb.py starts the server and the gateway and
 * runs it with DEBRIEF_HTTP_ADDR (a.b.c.d:port) and DEBRIEF_TOKEN. Run
 * alone it skips (exit 77).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "debrief/v1/session_service.pb.h"
#include "nanopb/dbn.h"

/* ---- a counting allocator: every allocation of the process passes here ---- */

/* Sanitizers own the allocator: under them the count is not measured (the
 * nm check of test_nanopb.py still holds). */
#if defined(__SANITIZE_ADDRESS__) || defined(__SANITIZE_THREAD__)
#define COUNTED 0
static int counting;
static long allocations;
#else
#define COUNTED 1
extern void *__libc_malloc(size_t);
extern void *__libc_calloc(size_t, size_t);
extern void *__libc_realloc(void *, size_t);
extern void __libc_free(void *);

static int counting;
static long allocations;

void *malloc(size_t n) {
  allocations += counting;
  return __libc_malloc(n);
}
void *calloc(size_t c, size_t n) {
  allocations += counting;
  return __libc_calloc(c, n);
}
void *realloc(void *p, size_t n) {
  allocations += counting;
  return __libc_realloc(p, n);
}
void free(void *p) {
  allocations += counting && p;
  __libc_free(p);
}
#endif

static uint8_t work[16 * 1024]; /* the HTTP request and reply */
static debrief_v1_CreateSessionRequest create_req;
static debrief_v1_CreateSessionResponse create_resp;
static debrief_v1_GetSessionResponse get_resp;
static debrief_v1_ListSessionsResponse list_resp;

static void test_create_get_and_error_without_heap(void **state) {
  (void)state;
  dbn_client c;
  assert_int_equal(
      dbn_init(&c, getenv("DEBRIEF_HTTP_ADDR"), getenv("DEBRIEF_TOKEN"), work, sizeof work),
      DBN_OK);
  dbn_result r;
  counting = 1;

  create_req = (debrief_v1_CreateSessionRequest)debrief_v1_CreateSessionRequest_init_zero;
  snprintf(create_req.template_slug, sizeof create_req.template_slug, "sales_debrief");
  create_req.has_subject = true;
  snprintf(create_req.subject.kind, sizeof create_req.subject.kind, "meeting");
  snprintf(create_req.subject.key, sizeof create_req.subject.key, "device:17");
  snprintf(create_req.subject.title, sizeof create_req.subject.title, "Field visit");
  dbn_err e = dbn_call(&c, "POST", "/v1/sessions", debrief_v1_CreateSessionRequest_fields,
                       &create_req, debrief_v1_CreateSessionResponse_fields, &create_resp, &r);

  char path[128];
  snprintf(path, sizeof path, "/v1/sessions/%s", create_resp.session.id);
  dbn_err e2 =
      dbn_call(&c, "GET", path, NULL, NULL, debrief_v1_GetSessionResponse_fields, &get_resp, &r);
  dbn_result miss;
  dbn_err e3 = dbn_call(&c, "GET", "/v1/sessions/00000000-0000-4000-8000-000000000000", NULL, NULL,
                        debrief_v1_GetSessionResponse_fields, &get_resp, &miss);
  counting = 0;

  assert_int_equal(e, DBN_OK);
  assert_true(create_resp.has_session);
  assert_int_equal(strlen(create_resp.session.id), 36);
  assert_string_equal(create_resp.session.template_slug, "sales_debrief");
  assert_string_equal(create_resp.session.subject.title, "Field visit");
  assert_int_equal(create_resp.session.state, debrief_v1_SessionState_SESSION_STATE_CREATED);
  assert_int_equal(e2, DBN_OK);
  assert_int_equal(r.http, 200);
  assert_string_equal(get_resp.session.id, create_resp.session.id);
  assert_string_equal(get_resp.session.subject.key, "device:17");
  assert_int_equal(e3, DBN_ERR_STATUS);
  assert_int_equal(miss.http, 404);
  assert_int_equal(miss.code, 5);
  assert_true(strlen(miss.message) > 0);
  if (COUNTED) {
    printf("allocations while the client ran: %ld\n", allocations);
    assert_int_equal(allocations, 0);
  } else {
    printf("allocations not counted under a sanitizer\n");
  }
}

static void test_bad_input(void **state) {
  (void)state;
  dbn_client c;
  assert_int_equal(dbn_init(&c, "localhost:8080", NULL, work, sizeof work), DBN_ERR_ARG);
  assert_int_equal(dbn_init(&c, "127.0.0.1:0", NULL, work, sizeof work), DBN_ERR_ARG);
  assert_int_equal(dbn_init(&c, "127.0.0.1:8080", NULL, work, 16), DBN_ERR_ARG);
  /* A work buffer too small for the reply is an error, never an overflow. */
  dbn_result r;
  assert_int_equal(
      dbn_init(&c, getenv("DEBRIEF_HTTP_ADDR"), getenv("DEBRIEF_TOKEN"), work, sizeof work),
      DBN_OK);
  for (int i = 0; i < 5; i++)
    assert_int_equal(dbn_call(&c, "POST", "/v1/sessions", debrief_v1_CreateSessionRequest_fields,
                              &create_req, debrief_v1_CreateSessionResponse_fields, &create_resp,
                              &r),
                     DBN_OK);
  assert_int_equal(dbn_call(&c, "GET", "/v1/sessions?pageSize=6", NULL, NULL,
                            debrief_v1_ListSessionsResponse_fields, &list_resp, &r),
                   DBN_OK);
  assert_int_equal(list_resp.sessions_count, 6);
  static uint8_t small[768];
  assert_int_equal(
      dbn_init(&c, getenv("DEBRIEF_HTTP_ADDR"), getenv("DEBRIEF_TOKEN"), small, sizeof small),
      DBN_OK);
  assert_int_equal(dbn_call(&c, "GET", "/v1/sessions?pageSize=6", NULL, NULL,
                            debrief_v1_ListSessionsResponse_fields, &list_resp, &r),
                   DBN_ERR_PROTO);
  assert_non_null(strstr(r.message, "larger than the work buffer"));
  assert_int_equal(dbn_call(&c, "GET", "/v1/x y", NULL, NULL, NULL, NULL, &r), DBN_ERR_ARG);
  /* Nothing listens on port 1. */
  assert_int_equal(dbn_init(&c, "127.0.0.1:1", NULL, work, sizeof work), DBN_OK);
  assert_int_equal(dbn_call(&c, "GET", "/v1/sessions", NULL, NULL, NULL, NULL, &r), DBN_ERR_IO);
}

int main(void) {
  if (!getenv("DEBRIEF_HTTP_ADDR") || !getenv("DEBRIEF_TOKEN")) {
    fprintf(stderr, "DEBRIEF_HTTP_ADDR/DEBRIEF_TOKEN unset: run through test_nanopb.py\n");
    return 77;
  }
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_create_get_and_error_without_heap),
      cmocka_unit_test(test_bad_input),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
