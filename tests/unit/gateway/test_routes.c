/*
 * test_routes.c - gateway/routes.c: the table built from the embedded
 * descriptor set covers every method with the right streaming kind,
 * template parsing, and matching (verbs, 404 vs 405, percent-decoding).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

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

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_every_method_has_a_route),
      cmocka_unit_test(test_matching),
      cmocka_unit_test(test_templates),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
