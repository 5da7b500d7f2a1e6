/*
 * test_static.c - gateway/static.c: URL paths to files under the web
 * root (traversal refused), content types, caching, and reading files.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>

#include "core/alloc.h"
#include "gateway/static.h"

static void test_paths(void **state) {
  (void)state;
  char out[64];
  assert_int_equal(dbf_gw_static_path("/", out, sizeof out), DBF_OK);
  assert_string_equal(out, "index.html");
  assert_int_equal(dbf_gw_static_path("/app.css", out, sizeof out), DBF_OK);
  assert_string_equal(out, "app.css");
  assert_int_equal(dbf_gw_static_path("/js/api.js", out, sizeof out), DBF_OK);
  assert_string_equal(out, "js/api.js");
  assert_int_equal(dbf_gw_static_path("/docs/", out, sizeof out), DBF_OK);
  assert_string_equal(out, "docs/index.html");
  assert_int_equal(dbf_gw_static_path("/a.b-c_d~e", out, sizeof out), DBF_OK);
  assert_string_equal(out, "a.b-c_d~e");
}

static void test_traversal_refused(void **state) {
  (void)state;
  char out[64];
  static const char *const bad[] = {
      "",          "app.css",    "/..",          "/../etc/passwd", "/js/../../x",  "/js/..",
      "/./a",      "/.",         "/.git/config", "/js/.hidden",    "//etc/passwd", "/a//b",
      "/a\\..\\b", "/a%2e%2e/b", "/a b",         "/a\nb",          "/\x80",        "/a:b",
  };
  for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
    dbf_err rc = dbf_gw_static_path(bad[i], out, sizeof out);
    if (rc != DBF_ERR_INVALID)
      fail_msg("'%s' was not refused (%d)", bad[i], (int)rc);
  }
  assert_int_equal(dbf_gw_static_path(NULL, out, sizeof out), DBF_ERR_INVALID);
}

static void test_path_too_long(void **state) {
  (void)state;
  char out[12];
  assert_int_equal(dbf_gw_static_path("/abcdefghijk", out, sizeof out), DBF_OK);
  assert_int_equal(dbf_gw_static_path("/abcdefghijkl", out, sizeof out), DBF_ERR_TOO_BIG);
  assert_int_equal(dbf_gw_static_path("/abc/", out, sizeof out), DBF_ERR_TOO_BIG);
}

static void test_types_and_caching(void **state) {
  (void)state;
  assert_string_equal(dbf_gw_static_type("index.html"), "text/html; charset=utf-8");
  assert_string_equal(dbf_gw_static_type("js/app.js"), "text/javascript; charset=utf-8");
  assert_string_equal(dbf_gw_static_type("app.css"), "text/css; charset=utf-8");
  assert_string_equal(dbf_gw_static_type("icon.svg"), "image/svg+xml");
  assert_null(dbf_gw_static_type("README"));
  assert_null(dbf_gw_static_type("x.sh"));
  assert_null(dbf_gw_static_type("a.js/README"));
  assert_string_equal(dbf_gw_static_cache("index.html"), "no-cache");
  assert_string_equal(dbf_gw_static_cache("js/app.js"), "public, max-age=300");
  assert_non_null(strstr(DBF_GW_STATIC_CSP, "script-src 'self';"));
  assert_null(strstr(DBF_GW_STATIC_CSP, "unsafe"));
}

static void test_read(void **state) {
  (void)state;
  char root[] = "/tmp/dbf-static-XXXXXX";
  assert_non_null(mkdtemp(root));
  char p[256];
  snprintf(p, sizeof p, "%s/index.html", root);
  FILE *f = fopen(p, "w");
  assert_non_null(f);
  fputs("<!doctype html>", f);
  fclose(f);
  snprintf(p, sizeof p, "%s/sub", root);
  assert_int_equal(mkdir(p, 0700), 0);
  char link[256];
  snprintf(link, sizeof link, "%s/link.html", root);
  assert_int_equal(symlink("/etc/hostname", link), 0);

  dbf_buf b;
  dbf_buf_init(&b, DBF_GW_STATIC_MAX_FILE);
  char etag[48];
  assert_int_equal(dbf_gw_static_read(root, "index.html", &b, etag, sizeof etag), DBF_OK);
  assert_int_equal(b.len, 15);
  assert_memory_equal(b.data, "<!doctype html>", 15);
  assert_true(etag[0] == '"' && etag[strlen(etag) - 1] == '"');
  assert_int_equal(dbf_gw_static_read(root, "missing.html", &b, etag, sizeof etag),
                   DBF_ERR_NOT_FOUND);
  assert_int_equal(dbf_gw_static_read(root, "sub", &b, etag, sizeof etag), DBF_ERR_NOT_FOUND);
  assert_int_equal(dbf_gw_static_read(root, "link.html", &b, etag, sizeof etag), DBF_ERR_NOT_FOUND);
  dbf_buf_free(&b);

  unlink(link);
  rmdir(p);
  snprintf(p, sizeof p, "%s/index.html", root);
  unlink(p);
  rmdir(root);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_paths),         cmocka_unit_test(test_traversal_refused),
      cmocka_unit_test(test_path_too_long), cmocka_unit_test(test_types_and_caching),
      cmocka_unit_test(test_read),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
