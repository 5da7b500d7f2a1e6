/* test_export.c - tests for server/engine/export.c: every format of two
 * export documents (a sales debrief and a work experience interview, both
 * full of hostile text) against golden files in golden/, CSV that parses
 * back to the values it was given, Markdown that cannot open a link or HTML,
 * JSON that parses back to the document, shortest round-trip numbers and
 * RFC 3339 timestamps.
 *
 * DBF_UPDATE_GOLDEN=1 rewrites the golden files from the current output;
 * review the diff before committing it. */
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "core/alloc.h"
#include "core/buf.h"
#include "engine/export.h"

#define GOLDEN_DIR DBF_SOURCE_DIR "/tests/unit/engine/golden/"
#define OUT_MAX    (4u << 20)

static json_t *load_doc(const char *name) {
  char path[512];
  snprintf(path, sizeof path, GOLDEN_DIR "%s.input.json", name);
  json_error_t err;
  json_t *doc = json_load_file(path, 0, &err);
  if (!doc)
    fail_msg("%s: %s (line %d)", path, err.text, err.line);
  return doc;
}

static char *read_file(const char *path, size_t *len) {
  FILE *f = fopen(path, "rb");
  if (!f)
    return NULL;
  fseek(f, 0, SEEK_END);
  long n = ftell(f);
  fseek(f, 0, SEEK_SET);
  char *s = malloc((size_t)n + 1);
  assert_non_null(s);
  assert_int_equal(fread(s, 1, (size_t)n, f), (size_t)n);
  s[n] = '\0';
  fclose(f);
  *len = (size_t)n;
  return s;
}

/* Renders name in format f and compares it byte for byte with its golden file. */
static void golden(const char *name, dbf_export_format f) {
  json_t *doc = load_doc(name);
  dbf_buf out;
  dbf_buf_init(&out, OUT_MAX);
  assert_int_equal(dbf_export_session(&out, doc, f), DBF_OK);
  char path[512];
  snprintf(path, sizeof path, GOLDEN_DIR "%s.%s", name, dbf_export_extension(f));
  if (getenv("DBF_UPDATE_GOLDEN")) {
    FILE *w = fopen(path, "wb");
    assert_non_null(w);
    assert_int_equal(fwrite(out.data ? out.data : "", 1, out.len, w), out.len);
    fclose(w);
  }
  size_t len = 0;
  char *want = read_file(path, &len);
  if (!want)
    fail_msg("missing golden file %s (run with DBF_UPDATE_GOLDEN=1 to write it)", path);
  if (len != out.len || memcmp(want, out.data ? out.data : "", len) != 0)
    fail_msg("%s differs from the output:\n%s", path, out.data ? out.data : "");
  free(want);
  dbf_buf_free(&out);
  json_decref(doc);
}

static void test_golden_json(void **state) {
  (void)state;
  golden("export_sales", DBF_EXPORT_JSON);
  golden("export_experience", DBF_EXPORT_JSON);
}

static void test_golden_markdown(void **state) {
  (void)state;
  golden("export_sales", DBF_EXPORT_MARKDOWN);
  golden("export_experience", DBF_EXPORT_MARKDOWN);
}

static void test_golden_csv(void **state) {
  (void)state;
  golden("export_sales", DBF_EXPORT_CSV);
  golden("export_experience", DBF_EXPORT_CSV);
}

static void test_golden_jsonl(void **state) {
  (void)state;
  golden("export_sales", DBF_EXPORT_JSONL);
  golden("export_experience", DBF_EXPORT_JSONL); /* no transcript: empty */
}

/* ---- CSV: a small RFC 4180 reader, to check that cells come back intact ---- */

/* Reads the cells of every row into rows[r][c] (malloc'd strings). */
static size_t csv_parse(const char *s, char *rows[][16], size_t max_rows) {
  size_t r = 0, c = 0;
  dbf_buf cell;
  dbf_buf_init(&cell, OUT_MAX);
  while (*s && r < max_rows) {
    dbf_buf_reset(&cell);
    if (*s == '"') {
      s++;
      for (;;) {
        assert_true(*s != '\0'); /* an unterminated quote is a defect */
        if (s[0] == '"' && s[1] == '"') {
          dbf_buf_append(&cell, "\"", 1);
          s += 2;
        } else if (s[0] == '"') {
          s++;
          break;
        } else {
          dbf_buf_append(&cell, s++, 1);
        }
      }
    } else {
      while (*s && *s != ',' && *s != '\r' && *s != '\n')
        dbf_buf_append(&cell, s++, 1);
    }
    assert_true(c < 16);
    rows[r][c++] = strdup(cell.data ? cell.data : "");
    if (*s == ',') {
      s++;
    } else {
      assert_true(s[0] == '\r' && s[1] == '\n'); /* rows end with CRLF, nothing else */
      s += 2;
      rows[r][c] = NULL;
      r++;
      c = 0;
    }
  }
  dbf_buf_free(&cell);
  return r;
}

static void test_csv_round_trip(void **state) {
  (void)state;
  json_t *doc = load_doc("export_sales");
  dbf_buf out;
  dbf_buf_init(&out, OUT_MAX);
  assert_int_equal(dbf_export_session(&out, doc, DBF_EXPORT_CSV), DBF_OK);
  static char *rows[16][16];
  size_t n = csv_parse(out.data, rows, 16);
  const json_t *rec = json_object_get(doc, "record");
  assert_int_equal(n, 1 + json_object_size(rec)); /* the header and one row per field */
  for (size_t c = 0; c < dbf_export_n_field_columns; c++)
    assert_string_equal(rows[0][c], dbf_export_field_columns[c]);
  /* The hostile answer (commas, quotes, CR/LF) comes back byte for byte. */
  const char *want =
      json_string_value(json_object_get(json_object_get(rec, "meeting_outcome"), "value"));
  bool found = false;
  for (size_t r = 1; r < n; r++)
    if (!strcmp(rows[r][5], "meeting_outcome")) {
      assert_string_equal(rows[r][6], want);
      assert_string_equal(rows[r][7], "0.85");
      assert_string_equal(rows[r][8], "3");
      found = true;
    }
  assert_true(found);
  for (size_t r = 0; r < n; r++)
    for (size_t c = 0; rows[r][c]; c++)
      free(rows[r][c]);
  dbf_buf_free(&out);
  json_decref(doc);
}

static void test_csv_cells(void **state) {
  (void)state;
  dbf_buf out;
  dbf_buf_init(&out, 1024);
  const char *cells[] = {"plain", "a,b", "say \"hi\"", "two\nlines", " edge", "", "cr\r"};
  assert_int_equal(dbf_export_csv_row(&out, cells, 7), DBF_OK);
  assert_string_equal(out.data,
                      "plain,\"a,b\",\"say \"\"hi\"\"\",\"two\nlines\",\" edge\",,\"cr\r\"\r\n");
  dbf_buf_free(&out);
}

/* ---- Markdown: user text cannot become a link, an image or HTML ---- */

static void test_markdown_escapes(void **state) {
  (void)state;
  json_t *doc = load_doc("export_sales");
  dbf_buf out;
  dbf_buf_init(&out, OUT_MAX);
  assert_int_equal(dbf_export_session(&out, doc, DBF_EXPORT_MARKDOWN), DBF_OK);
  const char *md = out.data;
  /* No raw HTML: every '<' in the report is an entity. */
  assert_null(strchr(md, '<'));
  assert_null(strchr(md, '>'));
  assert_non_null(strstr(md, "&lt;script&gt;"));
  /* No link or image syntax: every '[' and ']' and '(' is escaped. */
  for (const char *p = md; (p = strpbrk(p, "[]()")); p++) {
    bool checklist = p[0] == '[' && !strncmp(p, "[ ] ", 4) && (p == md || p[-1] == ' ');
    bool ours = p[0] == '(' || p[0] == ')'; /* "(owner: ...)", "(proposed)": checked below */
    if (checklist) {
      p += 2;
      continue;
    }
    if (!ours)
      assert_true(p > md && p[-1] == '\\');
  }
  assert_null(strstr(md, "](http"));
  assert_null(strstr(md, "](javascript"));
  /* No line starts a heading or a list except the report's own. */
  assert_null(strstr(md, "\n# not"));
  assert_non_null(strstr(md, "\\# not a heading"));
  /* Autolinks are broken up. */
  assert_null(strstr(md, "https://"));
  assert_null(strstr(md, "www.evil"));
  /* Non-ASCII text passes through untouched. */
  assert_non_null(strstr(md, "Zoë — 東京 🚀"));
  /* Next steps are a checklist. */
  assert_non_null(
      strstr(md, "- [ ] Send pricing &lt;now&gt; (owner: Priya, due: 2026\\-10\\-10)\n"));
  dbf_buf_free(&out);
  json_decref(doc);
}

static void test_markdown_experience(void **state) {
  (void)state;
  json_t *doc = load_doc("export_experience");
  dbf_buf out;
  dbf_buf_init(&out, OUT_MAX);
  assert_int_equal(dbf_export_session(&out, doc, DBF_EXPORT_MARKDOWN), DBF_OK);
  const char *md = out.data;
  assert_non_null(strstr(md, "### Resume bullets\n\n- Cut p99 latency by 40%\n"));
  const char *s = strstr(md, "- **Situation:**"), *t = strstr(md, "- **Task:**");
  const char *a = strstr(md, "- **Action:**"), *r = strstr(md, "- **Result:**");
  assert_true(s && t && a && r && s < t && t < a && a < r); /* STAR, in order */
  dbf_buf_free(&out);
  json_decref(doc);
}

/* ---- JSON ---- */

static void test_json_round_trip(void **state) {
  (void)state;
  json_t *doc = load_doc("export_sales");
  for (int indent = 0; indent <= 2; indent += 2) {
    dbf_buf out;
    dbf_buf_init(&out, OUT_MAX);
    assert_int_equal(dbf_export_json(&out, doc, indent), DBF_OK);
    if (indent == 0)
      assert_null(strchr(out.data, '\n')); /* compact is one line, fit for JSON lines */
    json_error_t err;
    json_t *back = json_loads(out.data, 0, &err);
    assert_non_null(back);
    assert_true(json_equal(back, doc));
    json_decref(back);
    dbf_buf_free(&out);
  }
  json_decref(doc);
}

static void test_json_numbers(void **state) {
  (void)state;
  static const struct {
    double v;
    const char *want;
  } cases[] = {{0.1, "0.1"},    {0.85, "0.85"},        {1.0 / 3, "0.3333333333333333"},
               {1e21, "1e+21"}, {5e-324, "5e-324"},    {-2.5, "-2.5"},
               {0.0, "0"},      {180000.5, "180000.5"}};
  for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
    dbf_buf out;
    dbf_buf_init(&out, 64);
    json_t *r = json_real(cases[i].v);
    assert_int_equal(dbf_export_json(&out, r, 0), DBF_OK);
    assert_string_equal(out.data, cases[i].want);
    json_decref(r);
    dbf_buf_free(&out);
  }
  dbf_buf out;
  dbf_buf_init(&out, 64);
  json_t *s = json_string("a\"b\\c\n\x01\xe2\x80\xa8");
  assert_int_equal(dbf_export_json(&out, s, 0), DBF_OK);
  assert_string_equal(out.data, "\"a\\\"b\\\\c\\n\\u0001\\u2028\"");
  json_decref(s);
  dbf_buf_free(&out);
}

static void test_rfc3339(void **state) {
  (void)state;
  char ts[DBF_EXPORT_TS_LEN];
  dbf_export_rfc3339(0, ts);
  assert_string_equal(ts, "1970-01-01T00:00:00Z");
  dbf_export_rfc3339(1791298800000000LL, ts);
  assert_string_equal(ts, "2026-10-06T15:00:00Z");
  dbf_export_rfc3339(1791298800500000LL, ts);
  assert_string_equal(ts, "2026-10-06T15:00:00.500Z");
  dbf_export_rfc3339(1791298800000001LL, ts);
  assert_string_equal(ts, "2026-10-06T15:00:00.000001Z");
  dbf_export_rfc3339(-1, ts);
  assert_string_equal(ts, "1969-12-31T23:59:59.999999Z");
  dbf_export_rfc3339(951782400000000LL, ts); /* a leap day */
  assert_string_equal(ts, "2000-02-29T00:00:00Z");
  dbf_export_rfc3339(INT64_MAX, ts);
  assert_string_equal(ts, "9999-12-31T23:59:59Z");
}

/* ---- long text and caps ---- */

static void test_long_text_and_cap(void **state) {
  (void)state;
  json_t *doc = load_doc("export_sales");
  size_t n = 200000;
  char *big = malloc(n + 1);
  assert_non_null(big);
  for (size_t i = 0; i < n; i++)
    big[i] = "ab, \"c\"\n[<&"[i % 11]; /* 11 characters: no NUL */
  big[n] = '\0';
  json_t *e = json_object_get(json_object_get(doc, "record"), "meeting_outcome");
  assert_int_equal(json_object_set_new(e, "value", json_string(big)), 0);
  json_t *m = json_array_get(json_object_get(doc, "transcript"), 1);
  assert_int_equal(json_object_set_new(m, "text", json_string(big)), 0);
  for (int f = DBF_EXPORT_JSON; f <= DBF_EXPORT_JSONL; f++) {
    dbf_buf out;
    dbf_buf_init(&out, OUT_MAX);
    assert_int_equal(dbf_export_session(&out, doc, (dbf_export_format)f), DBF_OK);
    dbf_buf_free(&out);
    /* A cap too small is an error, never a cut output. */
    dbf_buf_init(&out, 4096);
    assert_int_equal(dbf_export_session(&out, doc, (dbf_export_format)f), DBF_ERR_TOO_BIG);
    dbf_buf_free(&out);
  }
  free(big);
  json_decref(doc);
}

static void test_formats(void **state) {
  (void)state;
  assert_string_equal(dbf_export_content_type(DBF_EXPORT_CSV), "text/csv; charset=utf-8");
  assert_string_equal(dbf_export_extension(DBF_EXPORT_MARKDOWN), "md");
  assert_null(dbf_export_content_type((dbf_export_format)9));
  dbf_buf out;
  dbf_buf_init(&out, 4096);
  assert_int_equal(dbf_export_session(&out, NULL, (dbf_export_format)0), DBF_ERR_INVALID);
  /* Any document renders, however wrong its shape. */
  json_t *odd = json_pack("{s:i, s:[i], s:s}", "session", 1, "record", 2, "summary", "x");
  assert_int_equal(dbf_export_session(&out, odd, DBF_EXPORT_MARKDOWN), DBF_OK);
  dbf_buf_reset(&out);
  assert_int_equal(dbf_export_session(&out, odd, DBF_EXPORT_CSV), DBF_OK);
  json_decref(odd);
  dbf_buf_free(&out);
}

int main(void) {
  dbf_alloc_install();
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_golden_json),      cmocka_unit_test(test_golden_markdown),
      cmocka_unit_test(test_golden_csv),       cmocka_unit_test(test_golden_jsonl),
      cmocka_unit_test(test_csv_round_trip),   cmocka_unit_test(test_csv_cells),
      cmocka_unit_test(test_markdown_escapes), cmocka_unit_test(test_markdown_experience),
      cmocka_unit_test(test_json_round_trip),  cmocka_unit_test(test_json_numbers),
      cmocka_unit_test(test_rfc3339),          cmocka_unit_test(test_long_text_and_cap),
      cmocka_unit_test(test_formats),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
