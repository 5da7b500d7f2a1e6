/*
 * export.c - the export formats of a session (export.h, docs/export.md):
 * JSON with shortest round-trip numbers, a Markdown report that escapes
 * every byte of user text, RFC 4180 CSV and JSON lines.
 *
 * Everything a person typed (answers, titles, field values, insights) goes
 * through md_text before it reaches Markdown, so an answer cannot open a
 * link, an image, raw HTML, a heading or a list; and through csv_cell
 * before it reaches CSV, so commas, quotes and line breaks stay inside
 * their cell.
 */
#include "engine/export.h"

#include "core/clock.h"

#include <inttypes.h>
#include <math.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAX_DEPTH 64 /* JSON nesting the writer follows; the store's values stay far below */

/* ---- formats ---- */

const char *dbf_export_content_type(dbf_export_format f) {
  switch (f) {
    case DBF_EXPORT_JSON:
      return "application/json";
    case DBF_EXPORT_MARKDOWN:
      return "text/markdown; charset=utf-8";
    case DBF_EXPORT_CSV:
      return "text/csv; charset=utf-8";
    case DBF_EXPORT_JSONL:
      return "application/x-ndjson";
  }
  return NULL;
}

const char *dbf_export_extension(dbf_export_format f) {
  switch (f) {
    case DBF_EXPORT_JSON:
      return "json";
    case DBF_EXPORT_MARKDOWN:
      return "md";
    case DBF_EXPORT_CSV:
      return "csv";
    case DBF_EXPORT_JSONL:
      return "jsonl";
  }
  return NULL;
}

/* ---- timestamps ---- */

void dbf_export_rfc3339(int64_t us, char out[DBF_EXPORT_TS_LEN]) {
  const int64_t min_s = -62135596800LL, max_s = 253402300799LL; /* 0001-01-01 .. 9999-12-31 */
  int64_t s = us / 1000000, frac = us % 1000000;
  if (frac < 0) {
    frac += 1000000;
    s--;
  }
  if (s < min_s) {
    s = min_s;
    frac = 0;
  } else if (s > max_s) {
    s = max_s;
    frac = 0;
  }
  int64_t days = s / 86400, rem = s % 86400;
  if (rem < 0) {
    rem += 86400;
    days--;
  }
  int64_t y;
  unsigned m, d;
  dbf_civil_from_days(days, &y, &m, &d);
  int n = snprintf(out, DBF_EXPORT_TS_LEN, "%04" PRId64 "-%02u-%02uT%02d:%02d:%02d", y, m, d,
                   (int)(rem / 3600), (int)(rem / 60 % 60), (int)(rem % 60));
  if (n < 0 || n >= DBF_EXPORT_TS_LEN)
    return;
  if (frac % 1000 == 0 && frac)
    snprintf(out + n, (size_t)(DBF_EXPORT_TS_LEN - n), ".%03dZ", (int)(frac / 1000));
  else if (frac)
    snprintf(out + n, (size_t)(DBF_EXPORT_TS_LEN - n), ".%06dZ", (int)frac);
  else
    snprintf(out + n, (size_t)(DBF_EXPORT_TS_LEN - n), "Z");
}

/* ---- JSON ---- */

/* The shortest text that reads back as v; "null" for what JSON cannot hold. */
static dbf_err put_double(dbf_buf *out, double v) {
  if (!isfinite(v))
    return dbf_buf_appends(out, "null");
  return dbf_buf_double(out, v, false);
}

static dbf_err put_json_string(dbf_buf *out, const char *s, size_t n) {
  static const char hex[] = "0123456789abcdef";
  dbf_err rc = dbf_buf_append(out, "\"", 1);
  size_t run = 0; /* bytes copied as they are, flushed before each escape */
  for (size_t i = 0; !rc && i < n; i++) {
    const unsigned char c = (unsigned char)s[i];
    char esc[8];
    size_t elen = 0, skip = 0;
    if (c == '"' || c == '\\') {
      esc[0] = '\\';
      esc[1] = (char)c;
      elen = 2;
    } else if (c < 0x20) {
      const char *named = c == '\n' ? "\\n" : c == '\r' ? "\\r" : c == '\t' ? "\\t" : NULL;
      if (named) {
        memcpy(esc, named, 2);
        elen = 2;
      } else {
        memcpy(esc, "\\u00", 4);
        esc[4] = hex[c >> 4];
        esc[5] = hex[c & 15];
        elen = 6;
      }
    } else if (c == 0xe2 && i + 2 < n && (unsigned char)s[i + 1] == 0x80 &&
               ((unsigned char)s[i + 2] == 0xa8 || (unsigned char)s[i + 2] == 0xa9)) {
      /* U+2028 and U+2029 are valid JSON but end a line in JavaScript. */
      memcpy(esc, (unsigned char)s[i + 2] == 0xa8 ? "\\u2028" : "\\u2029", 6);
      elen = 6;
      skip = 2;
    }
    if (!elen) {
      run++;
      continue;
    }
    rc = dbf_buf_append(out, s + i - run, run);
    run = 0;
    if (!rc)
      rc = dbf_buf_append(out, esc, elen);
    i += skip;
  }
  if (!rc)
    rc = dbf_buf_append(out, s + n - run, run);
  return rc ? rc : dbf_buf_append(out, "\"", 1);
}

static dbf_err newline_indent(dbf_buf *out, int indent, int depth) {
  if (!indent)
    return DBF_OK;
  dbf_err rc = dbf_buf_append(out, "\n", 1);
  for (int i = 0; !rc && i < indent * depth; i++)
    rc = dbf_buf_append(out, " ", 1);
  return rc;
}

static dbf_err put_json(dbf_buf *out, const json_t *v, int indent, int depth) {
  dbf_err rc = DBF_OK;
  if (depth > MAX_DEPTH)
    return DBF_ERR_INVALID;
  switch (json_typeof(v)) {
    case JSON_OBJECT: {
      if (!json_object_size(v))
        return dbf_buf_appends(out, "{}");
      rc = dbf_buf_append(out, "{", 1);
      const char *k;
      json_t *x;
      bool first = true;
      json_object_foreach((json_t *)v, k, x) {
        if (!rc && !first)
          rc = dbf_buf_append(out, ",", 1);
        if (!rc)
          rc = newline_indent(out, indent, depth + 1);
        if (!rc)
          rc = put_json_string(out, k, strlen(k));
        if (!rc)
          rc = dbf_buf_appends(out, indent ? ": " : ":");
        if (!rc)
          rc = put_json(out, x, indent, depth + 1);
        first = false;
      }
      if (!rc)
        rc = newline_indent(out, indent, depth);
      return rc ? rc : dbf_buf_append(out, "}", 1);
    }
    case JSON_ARRAY: {
      if (!json_array_size(v))
        return dbf_buf_appends(out, "[]");
      rc = dbf_buf_append(out, "[", 1);
      size_t i;
      json_t *x;
      json_array_foreach(v, i, x) {
        if (!rc && i)
          rc = dbf_buf_append(out, ",", 1);
        if (!rc)
          rc = newline_indent(out, indent, depth + 1);
        if (!rc)
          rc = put_json(out, x, indent, depth + 1);
      }
      if (!rc)
        rc = newline_indent(out, indent, depth);
      return rc ? rc : dbf_buf_append(out, "]", 1);
    }
    case JSON_STRING:
      return put_json_string(out, json_string_value(v), json_string_length(v));
    case JSON_INTEGER:
      return dbf_buf_printf(out, "%" JSON_INTEGER_FORMAT, json_integer_value(v));
    case JSON_REAL:
      return put_double(out, json_real_value(v));
    case JSON_TRUE:
      return dbf_buf_appends(out, "true");
    case JSON_FALSE:
      return dbf_buf_appends(out, "false");
    case JSON_NULL:
      return dbf_buf_appends(out, "null");
  }
  return DBF_ERR_INVALID;
}

dbf_err dbf_export_json(dbf_buf *out, const json_t *v, int indent) {
  if (!v)
    return dbf_buf_appends(out, "null");
  return put_json(out, v, indent < 0 ? 0 : indent, 0);
}

/* ---- small accessors that tolerate any document ---- */

static const json_t *member(const json_t *o, const char *k) {
  return json_is_object(o) ? json_object_get(o, k) : NULL;
}

static const char *str_member(const json_t *o, const char *k) {
  const json_t *v = member(o, k);
  return json_is_string(v) ? json_string_value(v) : "";
}

/* ---- CSV ---- */

const char *const dbf_export_field_columns[] = {
    "session_id", "owner_id", "template_slug", "state",        "create_time",
    "field",      "value",    "confidence",    "evidence_seq", "source",
};
const size_t dbf_export_n_field_columns = DBF_ARRAY_LEN(dbf_export_field_columns);

/* RFC 4180: a cell with a comma, quote, CR, LF or edge space is quoted, quotes doubled. */
static dbf_err csv_cell(dbf_buf *out, const char *s) {
  size_t n = strlen(s);
  bool quote = n && (s[0] == ' ' || s[n - 1] == ' ' || strpbrk(s, ",\"\r\n"));
  if (!quote)
    return dbf_buf_append(out, s, n);
  dbf_err rc = dbf_buf_append(out, "\"", 1);
  for (const char *p = s; !rc && *p;) {
    const char *q = strchr(p, '"');
    size_t len = q ? (size_t)(q - p) + 1 : strlen(p);
    rc = dbf_buf_append(out, p, len);
    if (!rc && q)
      rc = dbf_buf_append(out, "\"", 1);
    p += len;
  }
  return rc ? rc : dbf_buf_append(out, "\"", 1);
}

dbf_err dbf_export_csv_row(dbf_buf *out, const char *const *cells, size_t n) {
  dbf_err rc = DBF_OK;
  for (size_t i = 0; !rc && i < n; i++) {
    if (i)
      rc = dbf_buf_append(out, ",", 1);
    if (!rc)
      rc = csv_cell(out, cells[i] ? cells[i] : "");
  }
  return rc ? rc : dbf_buf_append(out, "\r\n", 2);
}

/* The text of a cell: a string as it is, null as empty, anything else as compact JSON. */
static dbf_err cell_text(dbf_buf *cell, const json_t *v) {
  dbf_buf_reset(cell);
  if (!v || json_is_null(v))
    return dbf_buf_appends(cell, "");
  if (json_is_string(v))
    return dbf_buf_append(cell, json_string_value(v), json_string_length(v));
  return dbf_export_json(cell, v, 0);
}

dbf_err dbf_export_csv_object(dbf_buf *out, const json_t *obj, const char *const *cols, size_t n) {
  dbf_buf cell;
  dbf_buf_init(&cell, out->max);
  dbf_err rc = DBF_OK;
  for (size_t i = 0; !rc && i < n; i++) {
    if (i)
      rc = dbf_buf_append(out, ",", 1);
    if (!rc)
      rc = cell_text(&cell, member(obj, cols[i]));
    if (!rc)
      rc = csv_cell(out, cell.data ? cell.data : "");
  }
  dbf_buf_free(&cell);
  return rc ? rc : dbf_buf_append(out, "\r\n", 2);
}

dbf_err dbf_export_csv_fields(dbf_buf *out, const json_t *doc) {
  const json_t *sess = member(doc, "session");
  const json_t *rec = member(doc, "record");
  dbf_buf value, conf;
  dbf_buf_init(&value, out->max);
  dbf_buf_init(&conf, 64);
  dbf_err rc = DBF_OK;
  const char *k;
  json_t *e;
  if (!json_is_object(rec))
    return DBF_OK;
  json_object_foreach((json_t *)rec, k, e) {
    const json_t *c = member(e, "confidence");
    const json_t *ev = member(e, "evidence_seq");
    char seq[24] = "";
    dbf_buf_reset(&conf);
    rc = cell_text(&value, member(e, "value"));
    if (!rc && json_is_number(c))
      rc = put_double(&conf, json_number_value(c));
    if (json_is_integer(ev))
      snprintf(seq, sizeof seq, "%" JSON_INTEGER_FORMAT, json_integer_value(ev));
    if (rc)
      break;
    const char *cells[] = {
        str_member(sess, "id"),
        str_member(sess, "owner_id"),
        str_member(sess, "template_slug"),
        str_member(sess, "state"),
        str_member(sess, "create_time"),
        k,
        value.data ? value.data : "",
        conf.data ? conf.data : "",
        seq,
        str_member(e, "source"),
    };
    if ((rc = dbf_export_csv_row(out, cells, DBF_ARRAY_LEN(cells))))
      break;
  }
  dbf_buf_free(&value);
  dbf_buf_free(&conf);
  return rc;
}

/* ---- Markdown ---- */

/*
 * Appends user text so that Markdown shows it as text: every ASCII
 * punctuation character that CommonMark or GFM give a meaning to is
 * backslash-escaped (so no link, image, emphasis, code, heading, list,
 * table, autolink or setext underline can start), <, > and & become
 * entities (no raw HTML), other control characters become spaces, and a
 * line break becomes a hard break followed by cont, which keeps the next
 * line inside the same list item. cont NULL: line breaks become spaces
 * (headings). Leading whitespace of each line is dropped, so no line turns
 * into an indented code block.
 */
static dbf_err md_text(dbf_buf *out, const char *s, const char *cont) {
  static const char punct[] = "\\`*_{}[]()#+-.!|~:@=$";
  dbf_err rc = DBF_OK;
  bool line_start = true, pending_break = false;
  for (const unsigned char *p = (const unsigned char *)s; !rc && *p; p++) {
    unsigned char c = *p;
    if (c == '\r' || c == '\n') {
      if (!line_start)
        pending_break = true;
      line_start = true;
      continue;
    }
    if (line_start && (c == ' ' || c == '\t'))
      continue;
    if (pending_break) {
      rc = cont ? dbf_buf_printf(out, "\\\n%s", cont) : dbf_buf_append(out, " ", 1);
      pending_break = false;
      if (rc)
        break;
    }
    line_start = false;
    if (c == '<')
      rc = dbf_buf_appends(out, "&lt;");
    else if (c == '>')
      rc = dbf_buf_appends(out, "&gt;");
    else if (c == '&')
      rc = dbf_buf_appends(out, "&amp;");
    else if (c < 0x20 || c == 0x7f)
      rc = dbf_buf_append(out, " ", 1);
    else if (strchr(punct, c))
      rc = dbf_buf_printf(out, "\\%c", c);
    else
      rc = dbf_buf_append(out, p, 1);
  }
  return rc;
}

/* A section or member key as a label: "next_steps" -> "Next steps". Keys are
   template data, so the label is escaped like user text. */
static dbf_err md_label(dbf_buf *out, const char *key) {
  char tmp[128];
  snprintf(tmp, sizeof tmp, "%s", key);
  for (char *p = tmp; *p; p++)
    if (*p == '_')
      *p = ' ';
  if (tmp[0] >= 'a' && tmp[0] <= 'z')
    tmp[0] = (char)(tmp[0] - 'a' + 'A');
  return md_text(out, tmp, NULL);
}

/* Any value on one line of a list item: strings escaped, lists joined with
   ", ", objects as "key: value" pairs joined with "; ". */
static dbf_err md_inline(dbf_buf *out, const json_t *v, const char *cont, int depth) {
  dbf_err rc = DBF_OK;
  if (depth > MAX_DEPTH)
    return DBF_ERR_INVALID;
  if (json_is_string(v))
    return md_text(out, json_string_value(v), cont);
  if (json_is_array(v)) {
    size_t i;
    json_t *x;
    json_array_foreach(v, i, x) {
      if (!rc && i)
        rc = dbf_buf_appends(out, json_is_object(x) ? "; " : ", ");
      if (!rc)
        rc = md_inline(out, x, cont, depth + 1);
    }
    return rc;
  }
  if (json_is_object(v)) {
    const char *k;
    json_t *x;
    bool first = true;
    json_object_foreach((json_t *)v, k, x) {
      if (json_is_null(x))
        continue;
      if (!first)
        rc = dbf_buf_appends(out, ", ");
      if (!rc)
        rc = md_text(out, k, NULL);
      if (!rc)
        rc = dbf_buf_appends(out, ": ");
      if (!rc)
        rc = md_inline(out, x, cont, depth + 1);
      first = false;
      if (rc)
        break;
    }
    return rc;
  }
  if (!v || json_is_null(v))
    return dbf_buf_appends(out, "\\-");
  /* Numbers and booleans: their JSON text, which holds nothing to escape but '-' and '.'. */
  dbf_buf tmp;
  dbf_buf_init(&tmp, 64);
  rc = dbf_export_json(&tmp, v, 0);
  if (!rc)
    rc = md_text(out, tmp.data ? tmp.data : "", cont);
  dbf_buf_free(&tmp);
  return rc;
}

static bool empty_value(const json_t *v) {
  return !v || json_is_null(v) || (json_is_string(v) && !json_string_length(v)) ||
         (json_is_array(v) && !json_array_size(v)) || (json_is_object(v) && !json_object_size(v));
}

/* next_steps: a checklist, "- [ ] action (owner: X, due: Y)". */
static dbf_err md_checklist(dbf_buf *out, const json_t *steps) {
  dbf_err rc = DBF_OK;
  size_t i;
  json_t *s;
  json_array_foreach(steps, i, s) {
    const json_t *action = json_is_object(s) ? member(s, "action") : s;
    rc = dbf_buf_appends(out, "- [ ] ");
    if (!rc)
      rc = md_inline(out, action, "  ", 0);
    const char *owner = str_member(s, "owner"), *due = str_member(s, "due");
    if (!rc && (*owner || *due)) {
      rc = dbf_buf_appends(out, " (");
      if (!rc && *owner && !(rc = dbf_buf_appends(out, "owner: ")))
        rc = md_text(out, owner, NULL);
      if (!rc && *owner && *due)
        rc = dbf_buf_appends(out, ", ");
      if (!rc && *due && !(rc = dbf_buf_appends(out, "due: ")))
        rc = md_text(out, due, NULL);
      if (!rc)
        rc = dbf_buf_appends(out, ")");
    }
    if (!rc)
      rc = dbf_buf_appends(out, "\n");
    if (rc)
      break;
  }
  return rc;
}

/* An object as "- **Label:** value" lines; the STAR story keeps its order. */
static dbf_err md_object(dbf_buf *out, const json_t *o) {
  static const char *const star[] = {"situation", "task", "action", "result"};
  dbf_err rc = DBF_OK;
  bool is_star = true;
  for (size_t i = 0; i < DBF_ARRAY_LEN(star); i++)
    is_star = is_star && member(o, star[i]);
  const char *k;
  json_t *x;
  for (size_t i = 0; is_star && !rc && i < DBF_ARRAY_LEN(star); i++) {
    rc = dbf_buf_appends(out, "- **");
    if (!rc)
      rc = md_label(out, star[i]);
    if (!rc)
      rc = dbf_buf_appends(out, ":** ");
    if (!rc)
      rc = md_inline(out, member(o, star[i]), "  ", 0);
    if (!rc)
      rc = dbf_buf_appends(out, "\n");
  }
  json_object_foreach((json_t *)o, k, x) {
    bool done = false;
    for (size_t i = 0; is_star && i < DBF_ARRAY_LEN(star); i++)
      done = done || !strcmp(k, star[i]);
    if (rc || done || empty_value(x))
      continue;
    rc = dbf_buf_appends(out, "- **");
    if (!rc)
      rc = md_label(out, k);
    if (!rc)
      rc = dbf_buf_appends(out, ":** ");
    if (!rc)
      rc = md_inline(out, x, "  ", 0);
    if (!rc)
      rc = dbf_buf_appends(out, "\n");
  }
  return rc;
}

/* One summary section: a paragraph, a bullet list, a checklist or labelled lines. */
static dbf_err md_section(dbf_buf *out, const char *key, const json_t *v) {
  dbf_err rc = dbf_buf_appends(out, "### ");
  if (!rc)
    rc = md_label(out, key);
  if (!rc)
    rc = dbf_buf_appends(out, "\n\n");
  if (rc)
    return rc;
  if (empty_value(v))
    rc = dbf_buf_appends(out, "_None._\n");
  else if (!strcmp(key, "next_steps") && json_is_array(v))
    rc = md_checklist(out, v);
  else if (json_is_array(v)) {
    size_t i;
    json_t *x;
    json_array_foreach(v, i, x) {
      rc = dbf_buf_appends(out, "- ");
      if (!rc)
        rc =
            md_inline(out, json_is_object(x) && member(x, "text") ? member(x, "text") : x, "  ", 0);
      if (!rc)
        rc = dbf_buf_appends(out, "\n");
      if (rc)
        break;
    }
  } else if (json_is_object(v))
    rc = md_object(out, v);
  else {
    rc = md_inline(out, v, "", 0);
    if (!rc)
      rc = dbf_buf_appends(out, "\n");
  }
  return rc ? rc : dbf_buf_appends(out, "\n");
}

/* "- **Label:** text" for a session attribute, skipped when empty. */
static dbf_err md_meta(dbf_buf *out, const char *label, const char *text) {
  if (!text || !*text)
    return DBF_OK;
  dbf_err rc = dbf_buf_printf(out, "- **%s:** ", label);
  if (!rc)
    rc = md_text(out, text, "  ");
  return rc ? rc : dbf_buf_appends(out, "\n");
}

static dbf_err md_report(dbf_buf *out, const json_t *doc) {
  const json_t *sess = member(doc, "session"), *subj = member(sess, "subject");
  const char *title = str_member(subj, "title");
  if (!*title)
    title = str_member(subj, "key");
  if (!*title)
    title = str_member(sess, "template_slug");
  char version[24] = "";
  const json_t *tv = member(sess, "template_version");
  if (json_is_integer(tv))
    snprintf(version, sizeof version, " v%" JSON_INTEGER_FORMAT, json_integer_value(tv));
  dbf_err rc = dbf_buf_appends(out, "# ");
  if (!rc)
    rc = md_text(out, title, NULL);
  if (!rc)
    rc = dbf_buf_appends(out, "\n\n");
  if (!rc)
    rc = md_meta(out, "Session", str_member(sess, "id"));
  if (!rc && !(rc = dbf_buf_appends(out, "- **Template:** ")) &&
      !(rc = md_text(out, str_member(sess, "template_slug"), NULL)))
    rc = dbf_buf_printf(out, "%s\n", version);
  if (!rc)
    rc = md_meta(out, "State", str_member(sess, "state"));
  if (!rc)
    rc = md_meta(out, "Owner", str_member(sess, "owner_id"));
  if (!rc)
    rc = md_meta(out, "Team", str_member(sess, "team_id"));
  if (!rc)
    rc = md_meta(out, "Subject", str_member(subj, "key"));
  if (!rc)
    rc = md_meta(out, "Created", str_member(sess, "create_time"));
  if (!rc)
    rc = md_meta(out, "Completed", str_member(sess, "complete_time"));
  if (!rc)
    rc = dbf_buf_appends(out, "\n");

  const json_t *sum = member(doc, "summary");
  if (!rc && json_is_object(sum) && json_object_size(sum)) {
    rc = dbf_buf_appends(out, "## Summary\n\n");
    const char *k;
    json_t *x;
    json_object_foreach((json_t *)sum, k, x) {
      if (!rc)
        rc = md_section(out, k, x);
    }
  }

  const json_t *rec = member(doc, "record");
  if (!rc && json_is_object(rec) && json_object_size(rec)) {
    rc = dbf_buf_appends(out, "## Fields\n\n");
    const char *k;
    json_t *e;
    json_object_foreach((json_t *)rec, k, e) {
      const json_t *c = member(e, "confidence"), *ev = member(e, "evidence_seq");
      if (!rc)
        rc = dbf_buf_appends(out, "- **");
      if (!rc)
        rc = md_text(out, k, NULL);
      if (!rc)
        rc = dbf_buf_appends(out, ":** ");
      if (!rc)
        rc = md_inline(out, member(e, "value"), "  ", 0);
      if (!rc && json_is_number(c) && !(rc = dbf_buf_appends(out, " _(confidence ")))
        rc = put_double(out, json_number_value(c));
      if (!rc && json_is_number(c) && json_is_integer(ev) && json_integer_value(ev) > 0)
        rc = dbf_buf_printf(out, ", message %" JSON_INTEGER_FORMAT, json_integer_value(ev));
      if (!rc && json_is_number(c))
        rc = dbf_buf_appends(out, ")_");
      if (!rc)
        rc = dbf_buf_appends(out, "\n");
    }
    if (!rc)
      rc = dbf_buf_appends(out, "\n");
  }

  const json_t *ins = member(doc, "insights");
  if (!rc && json_is_array(ins) && json_array_size(ins)) {
    rc = dbf_buf_appends(out, "## Insights\n\n");
    size_t i;
    json_t *x;
    json_array_foreach(ins, i, x) {
      if (!rc)
        rc = dbf_buf_appends(out, "- **");
      if (!rc)
        rc = md_label(out, str_member(x, "kind"));
      if (!rc)
        rc = dbf_buf_appends(out, "** (");
      if (!rc)
        rc = md_text(out, str_member(x, "status"), NULL);
      if (!rc)
        rc = dbf_buf_appends(out, "): ");
      if (!rc)
        rc = md_text(out, str_member(x, "text"), "  ");
      if (!rc)
        rc = dbf_buf_appends(out, "\n");
    }
    if (!rc)
      rc = dbf_buf_appends(out, "\n");
  }

  const json_t *tr = member(doc, "transcript");
  if (!rc && json_is_array(tr) && json_array_size(tr)) {
    rc = dbf_buf_appends(out, "## Transcript\n\n");
    size_t i;
    json_t *m;
    json_array_foreach(tr, i, m) {
      const json_t *seq = member(m, "seq");
      if (!rc)
        rc = dbf_buf_appends(out, "- **");
      if (!rc)
        rc = md_label(out, str_member(m, "role"));
      if (!rc)
        rc = dbf_buf_printf(out, "** (%" JSON_INTEGER_FORMAT "): ",
                            json_is_integer(seq) ? json_integer_value(seq) : 0);
      if (!rc)
        rc = md_text(out, str_member(m, "text"), "  ");
      if (!rc)
        rc = dbf_buf_appends(out, "\n");
    }
  }
  return rc;
}

/* ---- JSON lines: one line per transcript message ---- */

static dbf_err jsonl_messages(dbf_buf *out, const json_t *doc) {
  const json_t *tr = member(doc, "transcript");
  const char *sid = str_member(member(doc, "session"), "id");
  dbf_err rc = DBF_OK;
  size_t i;
  json_t *m;
  json_array_foreach(tr, i, m) {
    json_t *line = json_object();
    if (!line || json_object_set_new(line, "session_id", json_string(sid)) ||
        (json_is_object(m) && json_object_update(line, m))) {
      json_decref(line);
      return DBF_ERR_NOMEM;
    }
    rc = dbf_export_json(out, line, 0);
    json_decref(line);
    if (!rc)
      rc = dbf_buf_append(out, "\n", 1);
    if (rc)
      break;
  }
  return rc;
}

dbf_err dbf_export_session(dbf_buf *out, const json_t *doc, dbf_export_format f) {
  dbf_err rc;
  switch (f) {
    case DBF_EXPORT_JSON:
      rc = dbf_export_json(out, doc, 2);
      return rc ? rc : dbf_buf_append(out, "\n", 1);
    case DBF_EXPORT_MARKDOWN:
      return md_report(out, doc);
    case DBF_EXPORT_CSV:
      rc = dbf_export_csv_row(out, dbf_export_field_columns, dbf_export_n_field_columns);
      return rc ? rc : dbf_export_csv_fields(out, doc);
    case DBF_EXPORT_JSONL:
      return jsonl_messages(out, doc);
  }
  return DBF_ERR_INVALID;
}
