/*
 * engine_util.c - helpers shared by the offline interviewer's planner,
 * completion, summary and insight code (see engine_util.h).
 */
#include "engine/engine_util.h"

#include <ctype.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "core/alloc.h"

/* Renderings are for prompts and summaries; 16 KiB is far beyond any of them. */
#define TEXT_MAX 16384

const json_t *dbf__rec_entry(const json_t *record, const char *key) {
  if (!record || !json_is_object(record) || !key)
    return NULL;
  const json_t *e = json_object_get(record, key);
  return json_is_object(e) ? e : NULL;
}

bool dbf__value_empty(const json_t *v) {
  if (!v || json_is_null(v))
    return true;
  if (json_is_string(v)) {
    for (const char *s = json_string_value(v); *s; s++)
      if (!isspace((unsigned char)*s))
        return false;
    return true;
  }
  if (json_is_array(v))
    return json_array_size(v) == 0;
  if (json_is_object(v)) {
    const char *k;
    const json_t *m;
    json_object_foreach((json_t *)v, k, m) {
      if (!dbf__value_empty(m))
        return false;
    }
    return true;
  }
  return false;
}

const json_t *dbf__rec_value(const json_t *record, const char *key) {
  const json_t *e = dbf__rec_entry(record, key);
  if (!e)
    return NULL;
  const json_t *v = json_object_get(e, "value");
  return dbf__value_empty(v) ? NULL : v;
}

double dbf__rec_conf(const json_t *record, const char *key) {
  const json_t *e = dbf__rec_entry(record, key);
  if (!e || !dbf__rec_value(record, key))
    return -1.0;
  const json_t *c = json_object_get(e, "confidence");
  /* An entry without a confidence was written by hand; trust it. */
  return json_is_number(c) ? json_number_value(c) : 1.0;
}

bool dbf__rec_filled(const json_t *record, const char *key, double min_conf) {
  double c = dbf__rec_conf(record, key);
  return c >= 0.0 && c + 1e-9 >= min_conf;
}

const char *dbf__rec_str(const json_t *record, const char *key) {
  const json_t *v = dbf__rec_value(record, key);
  return json_is_string(v) ? json_string_value(v) : NULL;
}

const json_t *dbf__subject_attr_json(const json_t *subject, const char *name) {
  if (!subject || !json_is_object(subject) || !name)
    return NULL;
  const json_t *attrs = json_object_get(subject, "attributes");
  const json_t *v = json_is_object(attrs) ? json_object_get(attrs, name) : NULL;
  if (dbf__value_empty(v))
    v = json_object_get(subject, name);
  return dbf__value_empty(v) ? NULL : v;
}

const char *dbf__subject_attr(const json_t *subject, const char *name) {
  const json_t *v = dbf__subject_attr_json(subject, name);
  return json_is_string(v) ? json_string_value(v) : NULL;
}

bool dbf__str_ieq(const char *a, const char *b) {
  if (!a || !b)
    return false;
  for (; *a && *b; a++, b++)
    if (tolower((unsigned char)*a) != tolower((unsigned char)*b))
      return false;
  return *a == *b;
}

bool dbf__str_icontains(const char *hay, const char *needle) {
  if (!hay || !needle)
    return false;
  size_t n = strlen(needle);
  if (n == 0)
    return true;
  for (; *hay; hay++) {
    size_t i = 0;
    while (i < n && hay[i] && tolower((unsigned char)hay[i]) == tolower((unsigned char)needle[i]))
      i++;
    if (i == n)
      return true;
  }
  return false;
}

void dbf__format_amount(double amount, char *out, size_t cap) {
  char digits[64];
  bool neg = amount < 0;
  double a = fabs(amount);
  if (a > 1e15) {
    snprintf(out, cap, "%s%.0f", neg ? "-" : "", a);
    return;
  }
  double whole = floor(a);
  double frac = a - whole;
  snprintf(digits, sizeof digits, "%.0f", whole);
  size_t n = strlen(digits), o = 0;
  char grouped[96];
  if (neg)
    grouped[o++] = '-';
  for (size_t i = 0; i < n && o + 2 < sizeof grouped; i++) {
    if (i > 0 && (n - i) % 3 == 0)
      grouped[o++] = ',';
    grouped[o++] = digits[i];
  }
  grouped[o] = '\0';
  if (frac >= 0.005)
    snprintf(out, cap, "%s.%02d", grouped, (int)lround(frac * 100) % 100);
  else
    snprintf(out, cap, "%s", grouped);
}

static dbf_err append_number(dbf_buf *b, double d) {
  if (d == floor(d) && fabs(d) < 1e15)
    return dbf_buf_printf(b, "%.0f", d);
  return dbf_buf_printf(b, "%g", d);
}

/* Money is {"amount","currency"}; rendered as "180,000 USD". */
static bool is_money(const json_t *v) {
  return json_is_object(v) && json_is_number(json_object_get(v, "amount"));
}

/* Items of an object_list read best as "name (role, company)". */
static const char *const LEAD_KEYS[] = {"name", "action", "metric", "title"};

static dbf_err append_object(dbf_buf *b, const json_t *v) {
  dbf_err rc = DBF_OK;
  if (is_money(v)) {
    char amt[96];
    dbf__format_amount(json_number_value(json_object_get(v, "amount")), amt, sizeof amt);
    const json_t *cur = json_object_get(v, "currency");
    if (json_is_string(cur) && json_string_length(cur))
      return dbf_buf_printf(b, "%s %s", amt, json_string_value(cur));
    return dbf_buf_appends(b, amt);
  }
  const json_t *st = json_object_get(v, "start"), *en = json_object_get(v, "end");
  if ((json_is_string(st) || json_is_string(en)) && json_object_size(v) <= 2) {
    const char *s = json_is_string(st) ? json_string_value(st) : "?";
    const char *e = json_is_string(en) ? json_string_value(en) : "?";
    return dbf_buf_printf(b, "%s to %s", s, e);
  }
  const char *lead = NULL;
  for (size_t i = 0; i < DBF_ARRAY_LEN(LEAD_KEYS) && !lead; i++) {
    const json_t *m = json_object_get(v, LEAD_KEYS[i]);
    if (json_is_string(m) && json_string_length(m))
      lead = LEAD_KEYS[i];
  }
  if (lead) {
    rc = dbf_buf_appends(b, json_string_value(json_object_get(v, lead)));
    if (rc)
      return rc;
  }
  size_t shown = 0;
  const char *k;
  const json_t *m;
  json_object_foreach((json_t *)v, k, m) {
    if ((lead && strcmp(k, lead) == 0) || dbf__value_empty(m))
      continue;
    if (lead)
      rc = dbf_buf_appends(b, shown == 0 ? " (" : ", ");
    else if (shown > 0)
      rc = dbf_buf_appends(b, ", ");
    if (!rc && !lead)
      rc = dbf_buf_printf(b, "%s: ", k);
    else if (!rc && lead && strcmp(lead, "action") == 0)
      rc = dbf_buf_printf(b, "%s: ", k);
    if (!rc)
      rc = dbf__value_append_text(b, m);
    if (rc)
      return rc;
    shown++;
  }
  if (lead && shown > 0)
    rc = dbf_buf_appends(b, ")");
  return rc;
}

dbf_err dbf__value_append_text(dbf_buf *b, const json_t *v) {
  if (!v || json_is_null(v))
    return DBF_OK;
  switch (json_typeof(v)) {
    case JSON_STRING:
      return dbf_buf_append(b, json_string_value(v), json_string_length(v));
    case JSON_INTEGER:
    case JSON_REAL:
      return append_number(b, json_number_value(v));
    case JSON_TRUE:
      return dbf_buf_appends(b, "yes");
    case JSON_FALSE:
      return dbf_buf_appends(b, "no");
    case JSON_ARRAY: {
      size_t n = json_array_size(v);
      for (size_t i = 0; i < n; i++) {
        dbf_err rc = DBF_OK;
        if (i > 0)
          rc = dbf_buf_appends(b, i + 1 == n ? (n > 2 ? ", and " : " and ") : ", ");
        if (!rc)
          rc = dbf__value_append_text(b, json_array_get(v, i));
        if (rc)
          return rc;
      }
      return DBF_OK;
    }
    case JSON_OBJECT:
      return append_object(b, v);
    default:
      return DBF_OK;
  }
}

char *dbf__value_text(const json_t *v) {
  dbf_buf b;
  dbf_buf_init(&b, TEXT_MAX);
  if (dbf__value_append_text(&b, v) || dbf_buf_appends(&b, "")) {
    dbf_buf_free(&b);
    return NULL;
  }
  return dbf_buf_steal(&b, NULL);
}

json_t *dbf__value_text_json(const json_t *v) {
  if (dbf__value_empty(v))
    return NULL;
  char *s = dbf__value_text(v);
  if (!s)
    return NULL;
  json_t *j = json_string(s);
  dbf_free(s);
  return j;
}

dbf_err dbf__append_recased(dbf_buf *b, const char *s, bool cap) {
  if (!s || !*s)
    return DBF_OK;
  /* "SAP", "IT", "iOS" and names keep their case; only plain words change. */
  bool keep = s[1] && isupper((unsigned char)s[1]);
  if (!cap && !keep && isupper((unsigned char)s[0])) {
    /* A capitalised first word may be a name ("Tom will..."); lowercase only
       common sentence openers. */
    static const char *const openers[] = {"The ",  "A ",     "An ",  "You ",   "No ",  "Budget ",
                                          "Next ", "Nobody", "Some", "Their ", "Our ", "We "};
    keep = true;
    for (size_t i = 0; i < DBF_ARRAY_LEN(openers); i++)
      if (strncmp(s, openers[i], strlen(openers[i])) == 0)
        keep = false;
  }
  char first = s[0];
  if (!keep)
    first = (char)(cap ? toupper((unsigned char)first) : tolower((unsigned char)first));
  dbf_err rc = dbf_buf_append(b, &first, 1);
  if (!rc)
    rc = dbf_buf_appends(b, s + 1);
  return rc;
}

size_t dbf__list_len(const json_t *v) {
  return json_is_array(v) ? json_array_size(v) : 0;
}
