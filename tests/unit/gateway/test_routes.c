/*
 * test_routes.c - gateway/routes.c and bind.c: the table built from the
 * embedded descriptor set covers every method, template parsing, matching
 * (verbs, 404 vs 405, percent-decoding), and request binding from the
 * path, body and query string.
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

static void test_every_method_has_a_route(void **state) {
  (void)state;
  dbf_gw_routes *r = load();
  size_t methods = 0;
  for (size_t s = 0; s < dbf_gw_services_len; s++)
    methods += dbf_gw_services[s]->n_methods;
  assert_int_equal(r->nrpcs, methods);
  for (size_t i = 0; i < r->nrpcs; i++) {
    const dbf_gw_rpc *rpc = &r->rpcs[i];
    bool converse = strcmp(rpc->grpc_path, "/debrief.v1.ConversationService/Converse") == 0;
    if (converse) {
      assert_false(rpc->has_route);
      assert_int_equal(rpc->kind, DBF_GW_BIDI_STREAM);
      continue;
    }
    if (!rpc->has_route)
      fail_msg("%s has no google.api.http rule", rpc->grpc_path);
    assert_true(rpc->kind == DBF_GW_UNARY || rpc->kind == DBF_GW_SERVER_STREAM);
    for (size_t k = 0; k < r->n; k++)
      if (r->routes[k].grpc_path == rpc->grpc_path)
        assert_int_equal(r->routes[k].kind, rpc->kind);
  }
  /* The streaming kinds come from the descriptor set, not from a list here. */
  for (size_t k = 0; k < r->n; k++) {
    const dbf_gw_route *rt = &r->routes[k];
    bool stream =
        strcmp(rt->method, "WatchNotifications") == 0 || strcmp(rt->method, "ExportSessions") == 0;
    assert_int_equal(rt->kind, stream ? DBF_GW_SERVER_STREAM : DBF_GW_UNARY);
    assert_non_null(rt->input);
    assert_non_null(rt->output);
  }
  dbf_gw_routes_free(r);
}

static void expect(dbf_gw_routes *r, const char *method, const char *path, bool decode,
                   dbf_err want, const char *rpc, const char *var) {
  dbf_arena *a = dbf_arena_create(1 << 16);
  dbf_gw_match m;
  dbf_err rc = dbf_gw_route_match(r, method, path, decode, a, &m);
  if (rc != want)
    fail_msg("%s %s: got %d, want %d", method, path, rc, want);
  if (rpc)
    assert_string_equal(m.route->method, rpc);
  if (var) {
    assert_int_equal(m.nvars, 1);
    assert_string_equal(m.vars[0].value, var);
  }
  dbf_arena_destroy(a);
}

static void test_matching(void **state) {
  (void)state;
  dbf_gw_routes *r = load();
  expect(r, "GET", "/v1/sessions/abc", true, DBF_OK, "GetSession", "abc");
  expect(r, "GET", "/v1/sessions", true, DBF_OK, "ListSessions", NULL);
  expect(r, "POST", "/v1/sessions", true, DBF_OK, "CreateSession", NULL);
  expect(r, "POST", "/v1/sessions/abc:pause", true, DBF_OK, "PauseSession", "abc");
  expect(r, "POST", "/v1/sessions/abc:resume", true, DBF_OK, "ResumeSession", "abc");
  expect(r, "GET", "/v1/sessions/abc:export", true, DBF_OK, "ExportSession", "abc");
  expect(r, "POST", "/v1/sessions/abc/messages", true, DBF_OK, "SendMessage", "abc");
  expect(r, "GET", "/v1/sessions/abc/messages", true, DBF_OK, "GetSessionHistory", "abc");
  expect(r, "POST", "/v1/templates:validate", true, DBF_OK, "ValidateTemplate", NULL);
  expect(r, "POST", "/v1/templates", true, DBF_OK, "CreateTemplate", NULL);
  expect(r, "PUT", "/v1/templates/sales", true, DBF_OK, "UpdateTemplate", "sales");
  expect(r, "GET", "/v1/notifications:watch", true, DBF_OK, "WatchNotifications", NULL);
  /* 405 when the path matches under another method, 404 otherwise. */
  expect(r, "DELETE", "/v1/sessions/abc", true, DBF_ERR_UNIMPLEMENTED, NULL, NULL);
  expect(r, "PUT", "/v1/sessions/abc:pause", true, DBF_ERR_UNIMPLEMENTED, NULL, NULL);
  /* As in grpc-gateway, a route without a verb takes the whole last segment. */
  expect(r, "GET", "/v1/sessions/abc:pause", true, DBF_OK, "GetSession", "abc:pause");
  expect(r, "GET", "/v1/nothing", true, DBF_ERR_NOT_FOUND, NULL, NULL);
  expect(r, "GET", "/v1/sessions/abc/extra/more", true, DBF_ERR_NOT_FOUND, NULL, NULL);
  expect(r, "GET", "/v1/sessions/", true, DBF_ERR_NOT_FOUND, NULL, NULL);
  expect(r, "GET", "", true, DBF_ERR_NOT_FOUND, NULL, NULL);
  expect(r, "POST", "/v1/sessions/abc:bogus", true, DBF_ERR_UNIMPLEMENTED, NULL, NULL);
  expect(r, "POST", "/v1/templates/x/y:validate", true, DBF_ERR_NOT_FOUND, NULL, NULL);
  /* Percent-decoding happens per segment, after splitting. */
  expect(r, "GET", "/v1/sessions/a%2Fb%20c", true, DBF_OK, "GetSession", "a/b c");
  expect(r, "GET", "/v1/%73essions/x", true, DBF_OK, "GetSession", "x");
  expect(r, "GET", "/v1/sessions/a%2", true, DBF_ERR_NOT_FOUND, NULL, NULL);
  expect(r, "GET", "/v1/sessions/a%00", true, DBF_ERR_NOT_FOUND, NULL, NULL);
  expect(r, "GET", "/v1/sessions/a%2Fb", false, DBF_OK, "GetSession", "a%2Fb");

  dbf_arena *a = dbf_arena_create(1 << 16);
  dbf_gw_match m;
  assert_int_equal(dbf_gw_route_match(r, "PATCH", "/v1/sessions/abc", true, a, &m),
                   DBF_ERR_UNIMPLEMENTED);
  assert_string_equal(m.allow, "GET");
  dbf_arena_destroy(a);
  dbf_gw_routes_free(r);
}

static void test_templates(void **state) {
  (void)state;
  dbf_status st = {0};
  dbf_arena *a = dbf_arena_create(1 << 16);
  dbf_gw_route rt;
  memset(&rt, 0, sizeof rt);
  assert_int_equal(dbf_gw_route_parse(a, "/v1/{name=shelves/*/books/*}:get", &rt, &st), DBF_OK);
  assert_int_equal(rt.nsegs, 5);
  assert_string_equal(rt.verb, "get");
  assert_int_equal(rt.nvars, 1);
  assert_int_equal(rt.vars[0].first, 1);
  assert_int_equal(rt.vars[0].last, 5);
  assert_int_equal(dbf_gw_route_parse(a, "/v1/files/{path=**}", &rt, &st), DBF_OK);
  assert_int_equal(rt.segs[2].kind, DBF_GW_SEG_STARS);
  assert_int_equal(dbf_gw_route_parse(a, "v1/x", &rt, &st), DBF_ERR_INVALID);
  assert_int_equal(dbf_gw_route_parse(a, "/v1//x", &rt, &st), DBF_ERR_INVALID);
  assert_int_equal(dbf_gw_route_parse(a, "/v1/{=x}", &rt, &st), DBF_ERR_INVALID);
  assert_int_equal(dbf_gw_route_parse(a, "/v1/{x", &rt, &st), DBF_ERR_INVALID);
  assert_int_equal(dbf_gw_route_parse(a, "/**/x", &rt, &st), DBF_ERR_INVALID);

  /* A multi-segment variable binds the segments joined by '/'. */
  dbf_gw_routes t = {.routes = &rt, .n = 1};
  assert_int_equal(dbf_gw_route_parse(a, "/v1/{name=shelves/*/books/*}", &rt, &st), DBF_OK);
  rt.http_method = "GET";
  dbf_gw_match m;
  assert_int_equal(dbf_gw_route_match(&t, "GET", "/v1/shelves/1/books/2", true, a, &m), DBF_OK);
  assert_string_equal(m.vars[0].value, "shelves/1/books/2");
  assert_int_equal(dbf_gw_route_match(&t, "GET", "/v1/shelves/1/cds/2", true, a, &m),
                   DBF_ERR_NOT_FOUND);
  dbf_arena_destroy(a);
}

/* Matches, splits the raw query and binds; returns bind's rc. */
static dbf_err bind(dbf_gw_routes *r, const char *method, const char *path, const char *query,
                    const char *body, dbf_arena *a, ProtobufCMessage **out, dbf_status *st) {
  dbf_gw_match m;
  assert_int_equal(dbf_gw_route_match(r, method, path, true, a, &m), DBF_OK);
  const char *q[DBF_GW_MAX_QUERY_PARAMS];
  size_t nq = 0;
  dbf_err rc = dbf_gw_query_split(a, query, q, &nq, st);
  if (rc)
    return rc;
  return dbf_gw_bind(a, &m, body, body ? strlen(body) : 0, q, nq, out, st);
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
      cmocka_unit_test(test_every_method_has_a_route),
      cmocka_unit_test(test_matching),
      cmocka_unit_test(test_templates),
      cmocka_unit_test(test_binding),
      cmocka_unit_test(test_out_of_memory_sweep),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
