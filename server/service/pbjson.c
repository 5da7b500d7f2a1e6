/*
 * pbjson.c - jansson <-> google.protobuf.Struct/Value/ListValue/Timestamp.
 *
 * Both directions walk the value recursively with an explicit depth and a
 * shared node budget, so a hostile or corrupt value cannot exhaust the
 * stack or the call arena.
 */
#include "service/pbjson.h"

#include <math.h>
#include <stdbool.h>
#include <string.h>

#include "core/utf8.h"

typedef struct walk {
  dbf_arena *a;
  const char *what;
  size_t nodes;
  dbf_status *st;
} walk;

static dbf_err budget(walk *w, int depth) {
  if (depth > DBF_PBJSON_MAX_DEPTH)
    return dbf_fail(w->st, DBF_ERR_INVALID, "%s is nested more than %d levels deep", w->what,
                    DBF_PBJSON_MAX_DEPTH);
  if (++w->nodes > DBF_PBJSON_MAX_NODES)
    return dbf_fail(w->st, DBF_ERR_TOO_BIG, "%s has more than %d values", w->what,
                    DBF_PBJSON_MAX_NODES);
  return DBF_OK;
}

static dbf_err nomem(walk *w) {
  return dbf_fail(w->st, DBF_ERR_NOMEM, "out of memory converting %s", w->what);
}

/*
 * jansson refuses a string or key with NULL both for invalid UTF-8 and when
 * it is out of memory; after such a refusal this tells the two apart.
 */
static bool utf8_refused(const char *s) {
  return dbf_utf8_check((const uint8_t *)s, strlen(s), NULL, NULL) != NULL;
}

/* ---- JSON -> protobuf ---- */

static dbf_err to_value(walk *w, const json_t *j, int depth, Google__Protobuf__Value **out);

static dbf_err to_struct(walk *w, const json_t *j, int depth, Google__Protobuf__Struct **out) {
  dbf_err rc = budget(w, depth);
  if (rc)
    return rc;
  Google__Protobuf__Struct *s = dbf_arena_alloc(w->a, sizeof *s);
  if (!s)
    return nomem(w);
  google__protobuf__struct__init(s);
  size_t n = json_object_size(j);
  if (n) {
    s->fields = dbf_arena_calloc(w->a, n, sizeof *s->fields);
    if (!s->fields)
      return nomem(w);
  }
  const char *key;
  const json_t *v;
  json_object_foreach((json_t *)j, key, v) {
    Google__Protobuf__Struct__FieldsEntry *e = dbf_arena_alloc(w->a, sizeof *e);
    if (!e)
      return nomem(w);
    google__protobuf__struct__fields_entry__init(e);
    if (!(e->key = dbf_arena_strdup(w->a, key)))
      return nomem(w);
    rc = to_value(w, v, depth + 1, &e->value);
    if (rc)
      return rc;
    s->fields[s->n_fields++] = e;
  }
  *out = s;
  return DBF_OK;
}

static dbf_err to_list(walk *w, const json_t *j, int depth, Google__Protobuf__ListValue **out) {
  dbf_err rc = budget(w, depth);
  if (rc)
    return rc;
  Google__Protobuf__ListValue *l = dbf_arena_alloc(w->a, sizeof *l);
  if (!l)
    return nomem(w);
  google__protobuf__list_value__init(l);
  size_t n = json_array_size(j);
  if (n) {
    l->values = dbf_arena_calloc(w->a, n, sizeof *l->values);
    if (!l->values)
      return nomem(w);
  }
  for (size_t i = 0; i < n; i++) {
    rc = to_value(w, json_array_get(j, i), depth + 1, &l->values[i]);
    if (rc)
      return rc;
    l->n_values++;
  }
  *out = l;
  return DBF_OK;
}

static dbf_err to_value(walk *w, const json_t *j, int depth, Google__Protobuf__Value **out) {
  dbf_err rc = DBF_OK;
  Google__Protobuf__Value *v = dbf_arena_alloc(w->a, sizeof *v);
  if (!v)
    return nomem(w);
  google__protobuf__value__init(v);
  switch (json_typeof(j)) {
    case JSON_OBJECT:
      v->kind_case = GOOGLE__PROTOBUF__VALUE__KIND_STRUCT_VALUE;
      rc = to_struct(w, j, depth, &v->struct_value);
      break;
    case JSON_ARRAY:
      v->kind_case = GOOGLE__PROTOBUF__VALUE__KIND_LIST_VALUE;
      rc = to_list(w, j, depth, &v->list_value);
      break;
    case JSON_STRING:
      rc = budget(w, depth);
      v->kind_case = GOOGLE__PROTOBUF__VALUE__KIND_STRING_VALUE;
      if (!rc &&
          !(v->string_value = dbf_arena_strndup(w->a, json_string_value(j), json_string_length(j))))
        rc = nomem(w);
      break;
    case JSON_INTEGER:
      rc = budget(w, depth);
      v->kind_case = GOOGLE__PROTOBUF__VALUE__KIND_NUMBER_VALUE;
      v->number_value = (double)json_integer_value(j);
      break;
    case JSON_REAL:
      rc = budget(w, depth);
      v->kind_case = GOOGLE__PROTOBUF__VALUE__KIND_NUMBER_VALUE;
      v->number_value = json_real_value(j);
      break;
    case JSON_TRUE:
    case JSON_FALSE:
      rc = budget(w, depth);
      v->kind_case = GOOGLE__PROTOBUF__VALUE__KIND_BOOL_VALUE;
      v->bool_value = json_is_true(j);
      break;
    case JSON_NULL:
    default:
      rc = budget(w, depth);
      v->kind_case = GOOGLE__PROTOBUF__VALUE__KIND_NULL_VALUE;
      v->null_value = GOOGLE__PROTOBUF__NULL_VALUE__NULL_VALUE;
      break;
  }
  if (rc)
    return rc;
  *out = v;
  return DBF_OK;
}

dbf_err dbf_pbjson_to_value(dbf_arena *a, const json_t *j, const char *what,
                            Google__Protobuf__Value **out, dbf_status *st) {
  walk w = {.a = a, .what = what ? what : "value", .st = st};
  if (!j)
    return dbf_fail(st, DBF_ERR_INVALID, "%s is missing", w.what);
  return to_value(&w, j, 0, out);
}

dbf_err dbf_pbjson_to_struct(dbf_arena *a, const json_t *j, const char *what,
                             Google__Protobuf__Struct **out, dbf_status *st) {
  walk w = {.a = a, .what = what ? what : "value", .st = st};
  if (!json_is_object(j))
    return dbf_fail(st, DBF_ERR_INVALID, "%s must be an object", w.what);
  return to_struct(&w, j, 0, out);
}

dbf_err dbf_pbjson_to_list(dbf_arena *a, const json_t *j, const char *what,
                           Google__Protobuf__ListValue **out, dbf_status *st) {
  walk w = {.a = a, .what = what ? what : "value", .st = st};
  if (!json_is_array(j))
    return dbf_fail(st, DBF_ERR_INVALID, "%s must be a list", w.what);
  return to_list(&w, j, 0, out);
}

/* ---- protobuf -> JSON ---- */

static dbf_err from_value(walk *w, const Google__Protobuf__Value *v, int depth, json_t **out);

static dbf_err from_struct(walk *w, const Google__Protobuf__Struct *s, int depth, json_t **out) {
  dbf_err rc = budget(w, depth);
  if (rc)
    return rc;
  json_t *o = json_object();
  if (!o)
    return nomem(w);
  for (size_t i = 0; s && i < s->n_fields; i++) {
    const Google__Protobuf__Struct__FieldsEntry *e = s->fields[i];
    json_t *v = NULL;
    if (!e || !e->key) {
      rc = dbf_fail(w->st, DBF_ERR_INVALID, "%s has an entry without a key", w->what);
      break;
    }
    rc = from_value(w, e->value, depth + 1, &v);
    if (rc)
      break;
    if (json_object_set_new(o, e->key, v)) {
      rc = utf8_refused(e->key)
               ? dbf_fail(w->st, DBF_ERR_INVALID, "%s has a key that is not valid UTF-8", w->what)
               : nomem(w);
      break;
    }
  }
  if (rc) {
    json_decref(o);
    return rc;
  }
  *out = o;
  return DBF_OK;
}

static dbf_err from_list(walk *w, const Google__Protobuf__ListValue *l, int depth, json_t **out) {
  dbf_err rc = budget(w, depth);
  if (rc)
    return rc;
  json_t *arr = json_array();
  if (!arr)
    return nomem(w);
  for (size_t i = 0; l && i < l->n_values; i++) {
    json_t *v = NULL;
    rc = from_value(w, l->values[i], depth + 1, &v);
    if (rc)
      break;
    if (json_array_append_new(arr, v)) {
      rc = nomem(w);
      break;
    }
  }
  if (rc) {
    json_decref(arr);
    return rc;
  }
  *out = arr;
  return DBF_OK;
}

static dbf_err from_value(walk *w, const Google__Protobuf__Value *v, int depth, json_t **out) {
  json_t *j = NULL;
  dbf_err rc = DBF_OK;
  switch (v ? v->kind_case : GOOGLE__PROTOBUF__VALUE__KIND__NOT_SET) {
    case GOOGLE__PROTOBUF__VALUE__KIND_STRUCT_VALUE:
      return from_struct(w, v->struct_value, depth, out);
    case GOOGLE__PROTOBUF__VALUE__KIND_LIST_VALUE:
      return from_list(w, v->list_value, depth, out);
    case GOOGLE__PROTOBUF__VALUE__KIND_STRING_VALUE:
      if ((rc = budget(w, depth)))
        return rc;
      j = json_string(v->string_value ? v->string_value : "");
      if (!j && utf8_refused(v->string_value ? v->string_value : ""))
        return dbf_fail(w->st, DBF_ERR_INVALID, "%s holds a string that is not valid UTF-8",
                        w->what);
      break;
    case GOOGLE__PROTOBUF__VALUE__KIND_NUMBER_VALUE:
      if ((rc = budget(w, depth)))
        return rc;
      if (!isfinite(v->number_value))
        return dbf_fail(w->st, DBF_ERR_INVALID, "%s holds a number that is not finite", w->what);
      /* Whole numbers stay integers in JSON, so 3 does not become 3.0. */
      if (v->number_value == floor(v->number_value) && fabs(v->number_value) < 9007199254740992.0)
        j = json_integer((json_int_t)v->number_value);
      else
        j = json_real(v->number_value);
      break;
    case GOOGLE__PROTOBUF__VALUE__KIND_BOOL_VALUE:
      if ((rc = budget(w, depth)))
        return rc;
      j = json_boolean(v->bool_value);
      break;
    default:
      if ((rc = budget(w, depth)))
        return rc;
      j = json_null();
      break;
  }
  if (!j)
    return nomem(w);
  *out = j;
  return DBF_OK;
}

dbf_err dbf_pbjson_from_value(const Google__Protobuf__Value *v, const char *what, json_t **out,
                              dbf_status *st) {
  walk w = {.what = what ? what : "value", .st = st};
  return from_value(&w, v, 0, out);
}

dbf_err dbf_pbjson_from_struct(const Google__Protobuf__Struct *s, const char *what, json_t **out,
                               dbf_status *st) {
  walk w = {.what = what ? what : "value", .st = st};
  return from_struct(&w, s, 0, out);
}

dbf_err dbf_pbjson_from_list(const Google__Protobuf__ListValue *l, const char *what, json_t **out,
                             dbf_status *st) {
  walk w = {.what = what ? what : "value", .st = st};
  return from_list(&w, l, 0, out);
}

/* ---- Timestamp ---- */

/* 0001-01-01T00:00:00Z and 9999-12-31T23:59:59Z, the range the spec allows. */
#define TS_MIN_SECONDS (-62135596800LL)
#define TS_MAX_SECONDS 253402300799LL

Google__Protobuf__Timestamp *dbf_pbjson_timestamp(dbf_arena *a, int64_t us) {
  if (us == 0)
    return NULL;
  Google__Protobuf__Timestamp *ts = dbf_arena_alloc(a, sizeof *ts);
  if (!ts)
    return NULL;
  google__protobuf__timestamp__init(ts);
  int64_t sec = us / 1000000, rem = us % 1000000;
  if (rem < 0) { /* nanos must be non-negative, even before 1970 */
    sec--;
    rem += 1000000;
  }
  ts->seconds = sec;
  ts->nanos = (int32_t)(rem * 1000);
  return ts;
}

dbf_err dbf_pbjson_timestamp_us(const Google__Protobuf__Timestamp *ts, const char *what,
                                int64_t *us, dbf_status *st) {
  *us = 0;
  if (!ts)
    return DBF_OK;
  if (ts->seconds < TS_MIN_SECONDS || ts->seconds > TS_MAX_SECONDS)
    return dbf_fail(st, DBF_ERR_INVALID,
                    "%s is out of range: seconds must be between %lld (year 1) and %lld "
                    "(year 9999), got %lld",
                    what, TS_MIN_SECONDS, TS_MAX_SECONDS, (long long)ts->seconds);
  if (ts->nanos < 0 || ts->nanos > 999999999)
    return dbf_fail(st, DBF_ERR_INVALID, "%s has nanos %d; it must be between 0 and 999999999",
                    what, ts->nanos);
  *us = ts->seconds * 1000000 + ts->nanos / 1000;
  if (*us == 0)
    *us = 1; /* 0 means "unset" to the store; the epoch itself is 1 us later */
  return DBF_OK;
}
