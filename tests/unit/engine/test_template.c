/* test_template.c - tests for server/engine/template.c: the built-ins,
 * broken definitions (every violation reported with its path), round-trip. */
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "core/alloc.h"
#include "support/templates.h"
#include "engine/template.h"

static void check_field(const dbf_template *t, const char *key, dbf_field_type type,
                        const char *const *items) {
  const dbf_template_field *f = dbf_template_field_find(t, key);
  assert_non_null(f);
  assert_int_equal(f->type, type);
  assert_non_null(f->ask);
  assert_non_null(f->follow_up);
  assert_non_null(f->description);
  for (size_t i = 0; items && items[i]; i++) {
    assert_true(i < f->n_item_keys);
    assert_string_equal(f->item_keys[i], items[i]);
  }
}

static void test_builtin_sales(void **state) {
  (void)state;
  dbf_template *t = load("sales_debrief");
  assert_true(t->builtin);
  assert_int_equal(t->n_fields, 12);
  static const char *const att[] = {"name", "role", "company", NULL};
  static const char *const money[] = {"amount", "currency", NULL};
  static const char *const steps[] = {"action", "owner", "due", NULL};
  check_field(t, "meeting_outcome", DBF_FIELD_TEXT, NULL);
  check_field(t, "attendees", DBF_FIELD_OBJECT_LIST, att);
  check_field(t, "budget", DBF_FIELD_MONEY, money);
  check_field(t, "next_steps", DBF_FIELD_OBJECT_LIST, steps);
  check_field(t, "decision_timeline", DBF_FIELD_DATE, NULL);
  const dbf_template_field *stage = dbf_template_field_find(t, "deal_stage");
  assert_int_equal(stage->type, DBF_FIELD_ENUM);
  assert_int_equal(stage->n_enum_values, 7);
  assert_string_equal(stage->enum_values[5], "closed_won");
  const dbf_template_field *sent = dbf_template_field_find(t, "sentiment");
  assert_int_equal(sent->n_enum_values, 3);
  static const char *const keys[] = {"customer_needs", "objections", "competitors",
                                     "decision_makers", "products_discussed"};
  for (size_t i = 0; i < sizeof keys / sizeof keys[0]; i++)
    assert_non_null(dbf_template_field_find(t, keys[i]));
  assert_true(t->n_required_fields >= 4);
  assert_true(t->n_context_rules >= 4);
  assert_true(t->max_turns >= 12);
  dbf_template_free(t);
}

static void test_builtin_work(void **state) {
  (void)state;
  dbf_template *t = load("work_experience");
  assert_int_equal(t->n_fields, 11);
  static const char *const tl[] = {"start", "end", NULL};
  static const char *const im[] = {"metric", "value", NULL};
  check_field(t, "timeline", DBF_FIELD_DATE, tl);
  check_field(t, "impact_metrics", DBF_FIELD_OBJECT_LIST, im);
  static const char *const secs[] = {"narrative_summary", "resume_bullets",   "interview_story",
                                     "skills_identified", "key_achievements", "timeline",
                                     "role_context"};
  assert_int_equal(t->n_summary, 7);
  for (size_t i = 0; i < 7; i++)
    assert_string_equal(t->summary[i].key, secs[i]);
  dbf_template_free(t);
}

static void test_round_trip(void **state) {
  (void)state;
  const char *slugs[] = {"sales_debrief", "work_experience"};
  for (size_t i = 0; i < 2; i++) {
    dbf_template *t = load(slugs[i]);
    json_t *j1 = dbf_template_to_json(t);
    assert_non_null(j1);
    dbf_template *t2 = NULL;
    dbf_status st = {0};
    assert_int_equal(dbf_template_parse(j1, &t2, NULL, &st), DBF_OK);
    json_t *j2 = dbf_template_to_json(t2);
    assert_true(json_equal(j1, j2));
    assert_int_equal(t2->n_required_fields, t->n_required_fields);
    assert_int_equal(t2->max_turns, t->max_turns);
    json_decref(j1);
    json_decref(j2);
    dbf_template_free(t);
    dbf_template_free(t2);
  }
}

static bool has_violation(const dbf_violations *v, const char *path, const char *needle) {
  for (size_t i = 0; i < v->n; i++)
    if (strcmp(v->items[i].field, path) == 0 &&
        (!needle || strstr(v->items[i].description, needle)))
      return true;
  return false;
}

static void dump(const dbf_violations *v) {
  for (size_t i = 0; i < v->n; i++)
    print_message("  %s: %s\n", v->items[i].field, v->items[i].description);
}

/* A definition with one problem of every kind; each must be reported. */
static void test_broken_collects_everything(void **state) {
  (void)state;
  json_error_t jerr;
  json_t *def = json_loads(
      "{\"slug\": \"Bad Slug\", \"title\": \"t\", \"opening\": \"hi\","
      " \"fields\": ["
      "  {\"key\": \"a\", \"type\": \"text\"},"
      "  {\"key\": \"a\", \"type\": \"text\"},"
      "  {\"key\": \"9x\", \"type\": \"text\"},"
      "  {\"key\": \"b\", \"type\": \"moneyy\"},"
      "  {\"key\": \"c\", \"type\": \"enum\"},"
      "  {\"key\": \"d\", \"type\": \"object_list\"},"
      "  {\"type\": \"text\"},"
      "  {\"key\": \"e\", \"type\": \"enum\", \"enum_values\": [\"x\", \"x\"], \"priority\": -1},"
      "  {\"key\": \"f\", \"type\": \"text\", \"ask\": 42, \"required\": \"yes\"}"
      " ],"
      " \"completion\": {\"required_fields\": [\"a\", \"zz\"], \"min_confidence\": 1.5,"
      "                  \"max_turns\": 0},"
      " \"summary\": [{\"key\": \"s\"}, {\"key\": \"s\"}],"
      " \"context_rules\": [{\"attribute\": \"meeting_type\", \"equals\": \"demo\","
      "                      \"boost_fields\": [\"nope\"]},"
      "                     {\"attribute\": \"meeting_type\", \"equals\": \"x\","
      "                      \"boost_fields\": []}]}",
      0, &jerr);
  assert_non_null(def);
  dbf_template *t = (dbf_template *)1;
  dbf_violations v = {0};
  dbf_status st = {0};
  assert_int_equal(dbf_template_parse(def, &t, &v, &st), DBF_ERR_INVALID);
  assert_null(t);
  dump(&v);
  assert_true(has_violation(&v, "slug", "must match"));
  assert_true(has_violation(&v, "fields[1].key", "duplicate"));
  assert_true(has_violation(&v, "fields[2].key", "must match"));
  assert_true(has_violation(&v, "fields[3].type", "unknown type"));
  assert_true(has_violation(&v, "fields[4].enum_values", NULL));
  assert_true(has_violation(&v, "fields[5].item_keys", NULL));
  assert_true(has_violation(&v, "fields[6].key", "required"));
  assert_true(has_violation(&v, "fields[7].enum_values[1]", "duplicate"));
  assert_true(has_violation(&v, "fields[7].priority", NULL));
  assert_true(has_violation(&v, "fields[8].ask", "string"));
  assert_true(has_violation(&v, "fields[8].required", "boolean"));
  assert_true(has_violation(&v, "completion.required_fields[1]", "unknown field"));
  assert_true(has_violation(&v, "completion.min_confidence", NULL));
  assert_true(has_violation(&v, "completion.max_turns", NULL));
  assert_true(has_violation(&v, "summary[1].key", "duplicate"));
  assert_true(has_violation(&v, "context_rules[0].boost_fields[0]", "unknown field"));
  assert_true(has_violation(&v, "context_rules[1].boost_fields", NULL));
  assert_true(strstr(st.msg, "problem") != NULL);
  dbf_violations_free(&v);
  json_decref(def);
}

static void expect_invalid(const char *text, const char *path) {
  json_error_t jerr;
  json_t *def = json_loads(text, 0, &jerr);
  assert_non_null(def);
  dbf_template *t = NULL;
  dbf_violations v = {0};
  dbf_status st = {0};
  assert_int_equal(dbf_template_parse(def, &t, &v, &st), DBF_ERR_INVALID);
  if (!has_violation(&v, path, NULL)) {
    dump(&v);
    fail_msg("expected a violation at %s", path);
  }
  dbf_violations_free(&v);
  json_decref(def);
}

static void test_broken_one_by_one(void **state) {
  (void)state;
  expect_invalid("[]", "definition");
  expect_invalid(
      "{\"title\":\"t\",\"opening\":\"o\",\"fields\":[{\"key\":\"a\",\"type\":\"text\"}]}", "slug");
  expect_invalid(
      "{\"slug\":\"s\",\"opening\":\"o\",\"fields\":[{\"key\":\"a\",\"type\":\"text\"}]}", "title");
  expect_invalid("{\"slug\":\"s\",\"title\":\"t\",\"fields\":[{\"key\":\"a\",\"type\":\"text\"}]}",
                 "opening");
  expect_invalid("{\"slug\":\"s\",\"title\":\"t\",\"opening\":\"o\"}", "fields");
  expect_invalid("{\"slug\":\"s\",\"title\":\"t\",\"opening\":\"o\",\"fields\":[]}", "fields");
  expect_invalid("{\"slug\":\"s\",\"title\":\"t\",\"opening\":\"o\",\"fields\":[{\"key\":\"a\"}]}",
                 "fields[0].type");
  expect_invalid("{\"slug\":\"s\",\"title\":\"t\",\"opening\":\"o\",\"fields\":[7]}", "fields[0]");
  expect_invalid("{\"slug\":\"s\",\"title\":\"t\",\"opening\":\"o\","
                 "\"fields\":[{\"key\":\"a\",\"type\":\"text\",\"enum_values\":[\"x\"]}]}",
                 "fields[0].enum_values");
  expect_invalid(
      "{\"slug\":\"s\",\"title\":\"t\",\"opening\":\"o\","
      "\"fields\":[{\"key\":\"a\",\"type\":\"text\"}],\"completion\":{\"max_turns\":201}}",
      "completion.max_turns");
  expect_invalid(
      "{\"slug\":\"s\",\"title\":\"t\",\"opening\":\"o\","
      "\"fields\":[{\"key\":\"a\",\"type\":\"text\"}],\"completion\":{\"max_turns\":2.5}}",
      "completion.max_turns");
  expect_invalid("{\"slug\":\"s\",\"title\":\"t\",\"opening\":\"o\","
                 "\"fields\":[{\"key\":\"a\",\"type\":\"text\"}],"
                 "\"completion\":{\"min_confidence\":-0.1}}",
                 "completion.min_confidence");
  expect_invalid("{\"slug\":\"s\",\"title\":\"t\",\"opening\":\"o\","
                 "\"fields\":[{\"key\":\"a\",\"type\":\"object_list\",\"item_keys\":[\"Name\"]}]}",
                 "fields[0].item_keys[0]");
  expect_invalid("{\"slug\":\"s\",\"title\":\"t\",\"opening\":\"o\","
                 "\"fields\":[{\"key\":\"a\",\"type\":\"text\"}],\"context_rules\":[{\"equals\":"
                 "\"x\",\"boost_fields\":[\"a\"]}]}",
                 "context_rules[0].attribute");
  expect_invalid("{\"slug\":\"s\",\"title\":\"t\",\"opening\":\"o\","
                 "\"fields\":[{\"key\":\"a\",\"type\":\"text\"}],\"summary\":{}}",
                 "summary");
  /* Key syntax: 64 characters is one too many. */
  char big[1024];
  snprintf(big, sizeof big,
           "{\"slug\":\"s\",\"title\":\"t\",\"opening\":\"o\",\"fields\":[{\"key\":\"%s\","
           "\"type\":\"text\"}]}",
           "a123456789012345678901234567890123456789012345678901234567890123");
  expect_invalid(big, "fields[0].key");
  /* A label is text of at most 80 characters. */
  expect_invalid("{\"slug\":\"s\",\"title\":\"t\",\"opening\":\"o\","
                 "\"fields\":[{\"key\":\"a\",\"type\":\"text\",\"label\":7}]}",
                 "fields[0].label");
  snprintf(big, sizeof big,
           "{\"slug\":\"s\",\"title\":\"t\",\"opening\":\"o\",\"fields\":[{\"key\":\"a\","
           "\"type\":\"text\",\"label\":\"%081d\"}]}",
           0);
  expect_invalid(big, "fields[0].label");
  /* Size cap on strings. */
  char *huge = malloc(6000);
  assert_non_null(huge);
  memset(huge, 'x', 4500);
  huge[4500] = '\0';
  char *doc = malloc(8000);
  assert_non_null(doc);
  snprintf(doc, 8000,
           "{\"slug\":\"s\",\"title\":\"t\",\"opening\":\"o\",\"fields\":[{\"key\":\"a\","
           "\"type\":\"text\",\"description\":\"%s\"}]}",
           huge);
  expect_invalid(doc, "fields[0].description");
  free(huge);
  free(doc);
}

static void test_minimal_defaults(void **state) {
  (void)state;
  json_error_t jerr;
  json_t *def = json_loads("{\"slug\":\"tiny\",\"title\":\"Tiny\",\"opening\":\"Go on.\","
                           "\"fields\":[{\"key\":\"a\",\"type\":\"text\",\"required\":true},"
                           "{\"key\":\"b\",\"type\":\"bool\"},"
                           "{\"key\":\"tools_used\",\"type\":\"text\",\"label\":\"\"},"
                           "{\"key\":\"c\",\"type\":\"text\",\"label\":\"Cost & time\"}]}",
                           0, &jerr);
  dbf_template *t = NULL;
  dbf_status st = {0};
  assert_int_equal(dbf_template_parse(def, &t, NULL, &st), DBF_OK);
  assert_int_equal(t->n_required_fields, 1);
  assert_string_equal(t->required_fields[0], "a");
  assert_true(t->min_confidence > 0.59 && t->min_confidence < 0.61);
  assert_int_equal(t->max_turns, 25);
  assert_true(t->fields[1].priority == 1.0);
  assert_string_equal(dbf_field_type_name(t->fields[1].type), "bool");
  /* Labels: the key as words unless the template gives one. */
  assert_string_equal(t->fields[0].label, "A");
  assert_string_equal(t->fields[2].label, "Tools used");
  assert_string_equal(t->fields[3].label, "Cost & time");
  assert_int_equal(dbf_field_type_parse("object_list"), DBF_FIELD_OBJECT_LIST);
  assert_int_equal(dbf_field_type_parse("nope"), 0);
  dbf_template_free(t);
  json_decref(def);
}

/* Extractor kinds: declared ones are kept with their parameters, undeclared
   ones default from the type and item keys, and the canonical JSON says which. */
static void test_extractor_kinds(void **state) {
  (void)state;
  json_error_t jerr;
  json_t *def =
      json_loads("{\"slug\":\"k\",\"title\":\"K\",\"opening\":\"Go on.\",\"fields\":["
                 "{\"key\":\"rivals\",\"type\":\"list\",\"extractor\":{\"kind\":\"named_list\","
                 "\"params\":{\"lexicons\":[\"competitors\"],\"cues\":\"competitor_cues\","
                 "\"unknown\":\"after_cues\",\"exclude_fields\":[\"ours\"]}}},"
                 "{\"key\":\"ours\",\"type\":\"list\"},"
                 "{\"key\":\"todo\",\"type\":\"object_list\",\"item_keys\":[\"action\",\"owner\"]},"
                 "{\"key\":\"span\",\"type\":\"date\",\"item_keys\":[\"start\",\"end\"]},"
                 "{\"key\":\"who\",\"type\":\"object_list\",\"item_keys\":[\"name\",\"role\"]},"
                 "{\"key\":\"note\",\"type\":\"text\"}]}",
                 0, &jerr);
  assert_non_null(def);
  dbf_template *t = NULL;
  dbf_status st = {0};
  assert_int_equal(dbf_template_parse(def, &t, NULL, &st), DBF_OK);
  static const char *const want[] = {"named_list", "clause_list", "action_items",
                                     "date_range", "people",      "free_text"};
  for (size_t i = 0; i < t->n_fields; i++)
    assert_string_equal(t->fields[i].extract_kind, want[i]);
  assert_string_equal(json_string_value(json_object_get(t->fields[0].extract_params, "unknown")),
                      "after_cues");
  assert_null(t->fields[1].extract_params);
  json_t *back = dbf_template_to_json(t);
  assert_non_null(back);
  json_t *f0 = json_array_get(json_object_get(back, "fields"), 0);
  assert_string_equal(json_string_value(json_object_get(json_object_get(f0, "extractor"), "kind")),
                      "named_list");
  dbf_template *t2 = NULL;
  assert_int_equal(dbf_template_parse(back, &t2, NULL, &st), DBF_OK);
  assert_true(json_equal(t2->fields[0].extract_params, t->fields[0].extract_params));
  dbf_template_free(t2);
  json_decref(back);
  dbf_template_free(t);
  json_decref(def);
}

static void test_extractor_violations(void **state) {
  (void)state;
  json_error_t jerr;
  json_t *def =
      json_loads("{\"slug\":\"k\",\"title\":\"K\",\"opening\":\"Go on.\",\"fields\":["
                 "{\"key\":\"a\",\"type\":\"list\",\"extractor\":{\"kind\":\"lexicon_magic\"}},"
                 "{\"key\":\"b\",\"type\":\"text\",\"extractor\":{\"kind\":\"money\"}},"
                 "{\"key\":\"c\",\"type\":\"list\",\"extractor\":{\"kind\":\"named_list\","
                 "\"params\":{\"unknown\":\"guess\",\"lexicons\":[\"Bad Name\"],\"colour\":1}}},"
                 "{\"key\":\"d\",\"type\":\"date\",\"extractor\":{\"kind\":\"date_range\"}},"
                 "{\"key\":\"e\",\"type\":\"list\",\"extractor\":{\"kind\":\"named_list\","
                 "\"params\":{\"unknown\":\"after_cues\",\"exclude_fields\":[\"zz\",\"e\"]}}},"
                 "{\"key\":\"f\",\"type\":\"list\",\"extractor\":\"named_list\"},"
                 "{\"key\":\"g\",\"type\":\"list\",\"extractor\":{\"kind\":\"clause_list\","
                 "\"how\":1,\"params\":{\"split\":\"words\",\"resume_style\":\"yes\"}}},"
                 "{\"key\":\"h\",\"type\":\"date\",\"extractor\":{\"kind\":\"date\","
                 "\"params\":{\"about\":[]}}}]}",
                 0, &jerr);
  assert_non_null(def);
  dbf_template *t = NULL;
  dbf_violations v = {0};
  dbf_status st = {0};
  assert_int_equal(dbf_template_parse(def, &t, &v, &st), DBF_ERR_INVALID);
  dump(&v);
  assert_true(has_violation(&v, "fields[0].extractor.kind", "unknown kind"));
  assert_true(has_violation(&v, "fields[0].extractor.kind", "named_list"));
  assert_true(has_violation(&v, "fields[1].extractor.kind", "cannot fill"));
  assert_true(has_violation(&v, "fields[2].extractor.params.unknown", "one of"));
  assert_true(has_violation(&v, "fields[2].extractor.params.lexicons[0]", NULL));
  assert_true(has_violation(&v, "fields[2].extractor.params.colour", "no parameter"));
  assert_true(has_violation(&v, "fields[3].item_keys", "start"));
  assert_true(has_violation(&v, "fields[4].extractor.params.cues", "required"));
  assert_true(has_violation(&v, "fields[4].extractor.params.exclude_fields[0]", "no field"));
  assert_true(has_violation(&v, "fields[4].extractor.params.exclude_fields[1]", "itself"));
  assert_true(has_violation(&v, "fields[5].extractor", "object"));
  assert_true(has_violation(&v, "fields[6].extractor.how", "unknown member"));
  assert_true(has_violation(&v, "fields[6].extractor.params.split", "one of"));
  assert_true(has_violation(&v, "fields[6].extractor.params.resume_style", "true or false"));
  assert_true(has_violation(&v, "fields[7].extractor.params.about", "non-empty"));
  dbf_violations_free(&v);
  json_decref(def);
}

/* Out-of-memory sweep: every failure point must fail cleanly, never crash or leak. */
static void test_parse_nomem(void **state) {
  (void)state;
  dbf_template *t = load("sales_debrief");
  json_t *def = dbf_template_to_json(t);
  dbf_template_free(t);
  for (long n = 0; n < 5000; n++) {
    dbf_template *out = NULL;
    dbf_status st = {0};
    dbf_alloc_fail_after(n);
    dbf_err rc = dbf_template_parse(def, &out, NULL, &st);
    dbf_alloc_fail_after(-1);
    if (rc == DBF_OK) {
      dbf_template_free(out);
      break;
    }
    assert_int_equal(rc, DBF_ERR_NOMEM);
  }
  json_decref(def);
}

/* Whether two violation lists are the same, in the same order. */
static bool same_violations(const dbf_violations *a, const dbf_violations *b) {
  if (a->n != b->n)
    return false;
  for (size_t i = 0; i < a->n; i++)
    if (strcmp(a->items[i].field, b->items[i].field) ||
        strcmp(a->items[i].description, b->items[i].description))
      return false;
  return true;
}

/*
 * Out-of-memory sweep of a definition with many problems: every failure
 * point answers NOMEM, or INVALID with exactly the violations of a run
 * without faults (a lost allocation must never drop a violation silently).
 */
static void test_parse_invalid_nomem(void **state) {
  (void)state;
  json_t *def = json_loads(
      "{\"slug\": \"Bad Slug\", \"title\": \"t\", \"opening\": 3,"
      " \"fields\": [{\"key\": \"a\", \"type\": \"text\"}, {\"key\": \"a\", \"type\": \"moneyy\"},"
      "  {\"key\": \"e\", \"type\": \"enum\", \"enum_values\": [\"x\", \"x\"]}],"
      " \"completion\": {\"required_fields\": [\"zz\"], \"max_turns\": 0},"
      " \"summary\": [{\"key\": \"s\"}, {\"key\": \"s\"}],"
      " \"context_rules\": [{\"attribute\": \"m\", \"boost_fields\": [\"nope\"]}]}",
      0, NULL);
  assert_non_null(def);
  dbf_template *t = NULL;
  dbf_violations want = {0};
  dbf_status st = {0};
  assert_int_equal(dbf_template_parse(def, &t, &want, &st), DBF_ERR_INVALID);
  assert_true(want.n >= 8);
  bool finished = false;
  long n;
  for (n = 0; n < 5000 && !finished; n++) {
    dbf_violations got = {0};
    dbf_alloc_fail_after(n);
    dbf_err rc = dbf_template_parse(def, &t, &got, &st);
    dbf_alloc_fail_after(-1);
    assert_null(t);
    if (rc == DBF_ERR_INVALID) {
      assert_true(same_violations(&got, &want));
      finished = true;
    } else {
      assert_int_equal(rc, DBF_ERR_NOMEM);
    }
    dbf_violations_free(&got);
  }
  assert_true(finished);
  assert_true(n > 10);
  dbf_violations_free(&want);
  json_decref(def);
}

/* Out-of-memory sweep of serialisation: NULL, or the whole canonical definition. */
static void test_to_json_nomem(void **state) {
  (void)state;
  dbf_template *t = load("sales_debrief");
  json_t *want = dbf_template_to_json(t);
  assert_non_null(want);
  bool finished = false;
  long n;
  for (n = 0; n < 5000 && !finished; n++) {
    dbf_alloc_fail_after(n);
    json_t *got = dbf_template_to_json(t);
    dbf_alloc_fail_after(-1);
    if (got) {
      assert_true(json_equal(got, want));
      finished = true;
    }
    json_decref(got);
  }
  assert_true(finished);
  assert_true(n > 10);
  json_decref(want);
  dbf_template_free(t);
}

/*
 * Out-of-memory sweep of loading a built-in from its file: an error and no
 * template, or the same template as without faults. (jansson reports some
 * of its allocation failures as syntax errors, so the code is not checked.)
 */
static void test_load_builtin_nomem(void **state) {
  (void)state;
  dbf_template *ref = load("work_experience");
  json_t *want = dbf_template_to_json(ref);
  assert_non_null(want);
  bool finished = false;
  long n;
  for (n = 0; n < 20000 && !finished; n++) {
    dbf_template *t = (dbf_template *)1;
    dbf_status st = {0};
    dbf_alloc_fail_after(n);
    dbf_err rc = dbf_template_load_builtin(data_dir(), "work_experience", &t, &st);
    dbf_alloc_fail_after(-1);
    if (rc == DBF_OK) {
      json_t *got = dbf_template_to_json(t);
      assert_true(json_equal(got, want));
      assert_true(t->builtin);
      json_decref(got);
      dbf_template_free(t);
      finished = true;
    } else {
      assert_null(t);
    }
  }
  assert_true(finished);
  assert_true(n > 100);
  json_decref(want);
  dbf_template_free(ref);
}

static void test_load_file_errors(void **state) {
  (void)state;
  dbf_template *t = NULL;
  dbf_status st = {0};
  assert_int_equal(dbf_template_load_file("/nonexistent/x.json", &t, &st), DBF_ERR_INVALID);
  assert_null(t);
  assert_int_equal(dbf_template_load_builtin(data_dir(), "../etc", &t, &st), DBF_ERR_INVALID);
}

/* A person's value must fit the field: the shapes of the record, by type. */
static void test_value_fits(void **state) {
  (void)state;
  dbf_template *sd = NULL, *we = NULL;
  dbf_status st = {0};
  assert_int_equal(dbf_template_load_builtin(data_dir(), "sales_debrief", &sd, &st), DBF_OK);
  assert_int_equal(dbf_template_load_builtin(data_dir(), "work_experience", &we, &st), DBF_OK);
  static const struct {
    const char *tpl, *key, *json;
    bool fits;
    const char *why; /* a word the refusal names */
  } cases[] = {
      {"sd", "budget", "{\"amount\": 120000, \"currency\": \"EUR\"}", true, NULL},
      {"sd", "budget", "{\"amount\": 90000.5}", true, NULL},
      {"sd", "budget", "{\"amount\": 1, \"currency\": \"\"}", true, NULL},
      {"sd", "budget", "120000", false, "amount"},
      {"sd", "budget", "\"120k\"", false, "ISO 4217"},
      {"sd", "budget", "{\"amount\": -5, \"currency\": \"EUR\"}", false, "non-negative"},
      {"sd", "budget", "{\"amount\": 5, \"currency\": \"euro\"}", false, "ISO 4217"},
      {"sd", "budget", "{\"amount\": 5, \"note\": \"x\"}", false, "money"},
      {"sd", "deal_stage", "\"proposal\"", true, NULL},
      {"sd", "deal_stage", "\"almost there\"", false, "negotiation"},
      {"sd", "competitors", "[\"Samsara\", \"Geotab\"]", true, NULL},
      {"sd", "competitors", "[]", true, NULL},
      {"sd", "competitors", "[\"Samsara\", 3]", false, "list"},
      {"sd", "competitors", "\"Samsara\"", false, "list"},
      {"sd", "meeting_outcome", "\"a pilot on 40 trucks\"", true, NULL},
      {"sd", "meeting_outcome", "{\"a\": 1}", false, "text"},
      {"sd", "decision_timeline", "\"2026-11-30\"", true, NULL},
      {"sd", "decision_timeline", "20261130", false, "date"},
      {"sd", "next_steps", "[{\"action\": \"send the quote\", \"owner\": \"me\"}]", true, NULL},
      {"sd", "next_steps", "[\"send the quote\"]", true, NULL},
      {"sd", "next_steps", "\"call Tom on Friday\"", true, NULL},
      {"sd", "next_steps", "[{\"action\": \"x\", \"cost\": \"1\"}]", false, "action, owner, due"},
      {"sd", "next_steps", "[{\"action\": 5}]", false, "action"},
      {"we", "timeline", "{\"start\": \"2020-03\", \"end\": \"present\"}", true, NULL},
      {"we", "timeline", "\"2020 to 2024\"", false, "start, end"},
  };
  for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
    const dbf_template *t = strcmp(cases[i].tpl, "sd") == 0 ? sd : we;
    const dbf_template_field *f = dbf_template_field_find(t, cases[i].key);
    assert_non_null(f);
    json_t *v = json_loads(cases[i].json, JSON_DECODE_ANY, NULL);
    assert_non_null(v);
    char why[400] = "x";
    bool fits = dbf_template_value_fits(f, v, why, sizeof why);
    if (fits != cases[i].fits)
      fail_msg("%s = %s: expected %s (%s)", cases[i].key, cases[i].json,
               cases[i].fits ? "to fit" : "not to fit", why);
    if (fits)
      assert_string_equal(why, "");
    else if (!strstr(why, cases[i].why) || !strstr(why, cases[i].key))
      fail_msg("%s = %s: the refusal '%s' does not name '%s'", cases[i].key, cases[i].json, why,
               cases[i].why);
    json_decref(v);
  }
  dbf_template_free(sd);
  dbf_template_free(we);
}

int main(void) {
  dbf_alloc_install();
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_builtin_sales),
      cmocka_unit_test(test_builtin_work),
      cmocka_unit_test(test_round_trip),
      cmocka_unit_test(test_broken_collects_everything),
      cmocka_unit_test(test_broken_one_by_one),
      cmocka_unit_test(test_minimal_defaults),
      cmocka_unit_test(test_parse_nomem),
      cmocka_unit_test(test_load_file_errors),
      cmocka_unit_test(test_parse_invalid_nomem),
      cmocka_unit_test(test_to_json_nomem),
      cmocka_unit_test(test_load_builtin_nomem),
      cmocka_unit_test(test_extractor_kinds),
      cmocka_unit_test(test_extractor_violations),
      cmocka_unit_test(test_value_fits),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
