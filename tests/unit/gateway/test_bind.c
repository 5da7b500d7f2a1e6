/*
 * test_bind.c - gateway/bind.c: request messages from the path, the body
 * and the query string of a matched route (dotted names, repeated keys,
 * enums by name and number, a named body field, the path winning over the
 * body), the same from application/x-protobuf bodies, the errors that name
 * the field, and an out-of-memory sweep.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "core/alloc.h"
#include "debrief/v1/insight_service.pb-c.h"
#include "debrief/v1/session_service.pb-c.h"
#include "debrief/v1/template_service.pb-c.h"
#include "gateway/bind.h"
#include "gateway/json.h"
#include "gateway/registry.h"
#include "gateway/routes.h"

static dbf_gw_routes *load(void) {
  dbf_gw_routes *r = NULL;
  dbf_status st = {0};
  assert_int_equal(dbf_gw_routes_load(dbf_descriptor_set, dbf_descriptor_set_len, &r, &st), DBF_OK);
  return r;
}

/*
 * Matches, splits the raw query and binds body[0..n): JSON, or protobuf
 * when pb; returns the binding's rc.
 */
static dbf_err bind_any(dbf_gw_routes *r, const char *method, const char *path, const char *query,
                        const void *body, size_t n, bool pb, dbf_arena *a, ProtobufCMessage **out,
                        dbf_status *st) {
  dbf_gw_match m;
  assert_int_equal(dbf_gw_route_match(r, method, path, true, a, &m), DBF_OK);
  const char *q[DBF_GW_MAX_QUERY_PARAMS];
  size_t nq = 0;
  dbf_err rc = dbf_gw_query_split(a, query, q, &nq, st);
  if (rc)
    return rc;
  return pb ? dbf_gw_bind_proto(a, &m, body, n, q, nq, out, st)
            : dbf_gw_bind(a, &m, body, n, q, nq, out, st);
}

static dbf_err bind(dbf_gw_routes *r, const char *method, const char *path, const char *query,
                    const char *body, dbf_arena *a, ProtobufCMessage **out, dbf_status *st) {
  return bind_any(r, method, path, query, body, body ? strlen(body) : 0, false, a, out, st);
}

static void test_binding(void **state) {
  (void)state;
  dbf_gw_routes *r = load();
  dbf_arena *a = dbf_arena_create(1 << 20);
  dbf_status st = {0};
  ProtobufCMessage *m = NULL;

  assert_int_equal(bind(r, "GET", "/v1/sessions",
                        "pageSize=5&states=SESSION_STATE_ACTIVE&states=3&template_slug=a+b%26c"
                        "&created_after=2024-01-01T00:00:00Z",
                        NULL, a, &m, &st),
                   DBF_OK);
  Debrief__V1__ListSessionsRequest *ls = (Debrief__V1__ListSessionsRequest *)m;
  assert_int_equal(ls->page_size, 5);
  assert_int_equal(ls->n_states, 2);
  assert_int_equal(ls->states[0], DEBRIEF__V1__SESSION_STATE__SESSION_STATE_ACTIVE);
  assert_int_equal(ls->states[1], 3);
  assert_string_equal(ls->template_slug, "a b&c");
  assert_int_equal(ls->created_after->seconds, 1704067200);

  assert_int_equal(bind(r, "GET", "/v1/sessions", "bogus=1", NULL, a, &m, &st), DBF_ERR_INVALID);
  assert_non_null(strstr(st.msg, "bogus"));
  assert_int_equal(bind(r, "GET", "/v1/sessions", "pageSize=x", NULL, a, &m, &st), DBF_ERR_INVALID);
  assert_int_equal(bind(r, "GET", "/v1/sessions", "states=NOPE", NULL, a, &m, &st),
                   DBF_ERR_INVALID);
  assert_int_equal(bind(r, "GET", "/v1/sessions", "created_after.seconds=1", NULL, a, &m, &st),
                   DBF_ERR_INVALID);
  assert_int_equal(bind(r, "GET", "/v1/sessions", "page_size=%zz", NULL, a, &m, &st),
                   DBF_ERR_INVALID);

  /* Dotted query names reach into messages. */
  assert_int_equal(bind(r, "GET", "/v1/insights/i1/reviews", "", NULL, a, &m, &st), DBF_OK);
  assert_string_equal(((Debrief__V1__ListInsightReviewsRequest *)m)->insight_id, "i1");

  /* body "*": the path wins over the body; the query string is not read. */
  assert_int_equal(bind(r, "POST", "/v1/sessions/s1:cancel", "ignored=1",
                        "{\"sessionId\":\"other\",\"reason\":\"r\"}", a, &m, &st),
                   DBF_OK);
  Debrief__V1__CancelSessionRequest *cs = (Debrief__V1__CancelSessionRequest *)m;
  assert_string_equal(cs->session_id, "s1");
  assert_string_equal(cs->reason, "r");
  assert_int_equal(bind(r, "POST", "/v1/sessions/s1:cancel", "", "{\"nope\":1}", a, &m, &st),
                   DBF_ERR_INVALID);
  assert_non_null(strstr(st.msg, "nope"));
  assert_int_equal(bind(r, "POST", "/v1/sessions/s1:cancel", "", "{\"reason\":", a, &m, &st),
                   DBF_ERR_INVALID);
  assert_non_null(strstr(st.msg, "not valid JSON"));
  assert_int_equal(bind(r, "POST", "/v1/sessions/s1:cancel", "", "[1]", a, &m, &st),
                   DBF_ERR_INVALID);

  /* A named body field, and a nested path variable inside it. */
  assert_int_equal(bind(r, "PUT", "/v1/templates/sales", "expectedVersion=4",
                        "{\"slug\":\"other\",\"title\":\"T\"}", a, &m, &st),
                   DBF_OK);
  Debrief__V1__UpdateTemplateRequest *ut = (Debrief__V1__UpdateTemplateRequest *)m;
  assert_string_equal(ut->template_->slug, "sales");
  assert_string_equal(ut->template_->title, "T");
  assert_int_equal(ut->expected_version, 4);

  const char *q[DBF_GW_MAX_QUERY_PARAMS + 1];
  size_t nq;
  char many[1024] = "";
  for (int i = 0; i <= DBF_GW_MAX_QUERY_PARAMS; i++)
    strncat(many, "a=1&", sizeof many - strlen(many) - 1);
  assert_int_equal(dbf_gw_query_split(a, many, q, &nq, &st), DBF_ERR_TOO_BIG);
  dbf_arena_destroy(a);
  dbf_gw_routes_free(r);
}

/* Every allocation of a bind and its JSON round trip fails in turn: errors only, no crash and
   (under ASan) no leak, and the request binds once allocations succeed again. */
/* Packs m into the arena, for a protobuf body. */
static const uint8_t *packed(dbf_arena *a, const ProtobufCMessage *m, size_t *n) {
  *n = protobuf_c_message_get_packed_size(m);
  uint8_t *p = dbf_arena_alloc(a, *n ? *n : 1);
  assert_non_null(p);
  protobuf_c_message_pack(m, p);
  return p;
}

static dbf_err bind_pb(dbf_gw_routes *r, const char *method, const char *path, const char *query,
                       const uint8_t *body, size_t n, dbf_arena *a, ProtobufCMessage **out,
                       dbf_status *st) {
  return bind_any(r, method, path, query, body, n, true, a, out, st);
}

/* application/x-protobuf bodies: the same binding as their JSON. */
static void test_binding_protobuf(void **state) {
  (void)state;
  dbf_gw_routes *r = load();
  dbf_arena *a = dbf_arena_create(1 << 20);
  dbf_status st = {0};
  ProtobufCMessage *m = NULL;
  size_t n;

  /* body "*": the whole request; the path still wins over the body. */
  Debrief__V1__CancelSessionRequest c = DEBRIEF__V1__CANCEL_SESSION_REQUEST__INIT;
  c.session_id = "from-body";
  c.reason = "dup";
  c.expected_version = 7;
  const uint8_t *p = packed(a, &c.base, &n);
  assert_int_equal(bind_pb(r, "POST", "/v1/sessions/s1:cancel", "", p, n, a, &m, &st), DBF_OK);
  Debrief__V1__CancelSessionRequest *got = (Debrief__V1__CancelSessionRequest *)m;
  assert_string_equal(got->session_id, "s1");
  assert_string_equal(got->reason, "dup");
  assert_int_equal(got->expected_version, 7);

  /* A named body field: the body is that field's message. */
  Debrief__V1__Template t = DEBRIEF__V1__TEMPLATE__INIT;
  t.slug = "probe";
  t.title = "Probe";
  p = packed(a, &t.base, &n);
  assert_int_equal(bind_pb(r, "POST", "/v1/templates:validate", "", p, n, a, &m, &st), DBF_OK);
  assert_string_equal(((Debrief__V1__ValidateTemplateRequest *)m)->template_->slug, "probe");

  /* No body: path and query only. */
  assert_int_equal(bind_pb(r, "GET", "/v1/sessions", "pageSize=3", NULL, 0, a, &m, &st), DBF_OK);
  assert_int_equal(((Debrief__V1__ListSessionsRequest *)m)->page_size, 3);

  /* Bytes that are not the message are INVALID, and say which message. */
  static const uint8_t junk[] = {0x0a, 0xff, 0x01};
  assert_int_equal(bind_pb(r, "POST", "/v1/sessions", "", junk, sizeof junk, a, &m, &st),
                   DBF_ERR_INVALID);
  assert_non_null(strstr(st.msg, "debrief.v1.CreateSessionRequest"));
  dbf_arena_destroy(a);
  dbf_gw_routes_free(r);
}

static void test_out_of_memory_sweep(void **state) {
  (void)state;
  dbf_gw_routes *r = load();
  const char *body = "{\"templateSlug\":\"sales_debrief\",\"subject\":{\"kind\":\"k\","
                     "\"attributes\":{\"a\":[1,{\"b\":null}],\"c\":\"d\"}}}";
  bool bound = false;
  for (long n = 0; n < 400 && !bound; n++) {
    dbf_arena *a = dbf_arena_create(1 << 20);
    dbf_status st = {0};
    ProtobufCMessage *m = NULL;
    dbf_alloc_fail_after(n);
    dbf_gw_match mt;
    dbf_err rc = a ? dbf_gw_route_match(r, "POST", "/v1/sessions", true, a, &mt) : DBF_ERR_NOMEM;
    if (rc == DBF_OK)
      rc = dbf_gw_bind(a, &mt, body, strlen(body), NULL, 0, &m, &st);
    dbf_buf out;
    dbf_buf_init(&out, 1 << 16);
    if (rc == DBF_OK)
      rc = dbf_gw_msg_to_json(m, &out, &st);
    dbf_alloc_fail_after(-1);
    if (!(rc == DBF_OK || rc == DBF_ERR_NOMEM || rc == DBF_ERR_TOO_BIG || rc == DBF_ERR_INVALID))
      fail_msg("n=%ld rc=%d %s", n, rc, st.msg);
    assert_true(rc == DBF_OK || rc == DBF_ERR_NOMEM || rc == DBF_ERR_TOO_BIG ||
                rc == DBF_ERR_INVALID);
    bound = rc == DBF_OK;
    if (bound)
      assert_non_null(strstr(out.data, "\"templateSlug\":\"sales_debrief\""));
    dbf_buf_free(&out);
    dbf_arena_destroy(a);
  }
  assert_true(bound);
  dbf_gw_routes_free(r);
}

int main(void) {
  dbf_alloc_install(); /* jansson allocates through the hook, so the sweep reaches it */
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_binding),
      cmocka_unit_test(test_binding_protobuf),
      cmocka_unit_test(test_out_of_memory_sweep),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
