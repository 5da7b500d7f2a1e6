/*
 * crm.c - CRM mapping files and the CRM-ready payload (see crm.h and
 * docs/crm.md).
 */
#include "engine/crm.h"

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "core/alloc.h"

bool dbf_crm_target_ok(const char *s) {
  if (!s || !(s[0] >= 'a' && s[0] <= 'z'))
    return false;
  size_t n = 1;
  for (const char *p = s + 1; *p; p++, n++)
    if (!((*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') || *p == '_' || *p == '-'))
      return false;
  return n < DBF_CRM_MAX_TARGET;
}

/* A CRM field name: 1..DBF_CRM_MAX_NAME bytes, no control characters. */
static bool name_ok(const char *s) {
  size_t n = strlen(s);
  if (n == 0 || n > DBF_CRM_MAX_NAME)
    return false;
  for (const unsigned char *p = (const unsigned char *)s; *p; p++)
    if (*p < 0x20 || *p == 0x7f)
      return false;
  return true;
}

void dbf_crm_mapping_free(dbf_crm_mapping *m) {
  if (!m)
    return;
  for (size_t i = 0; i < m->n; i++) {
    dbf_free(m->keys[i]);
    dbf_free(m->names[i]);
  }
  dbf_free(m->keys);
  dbf_free(m->names);
  dbf_free(m->slug);
  dbf_free(m->target);
  dbf_free(m);
}

dbf_err dbf_crm_mapping_parse(const json_t *doc, const char *target, const dbf_template *tpl,
                              dbf_crm_mapping **out, dbf_status *st) {
  dbf_err rc = DBF_OK;
  dbf_crm_mapping *m = NULL;
  *out = NULL;
  if (!json_is_object(doc))
    return dbf_fail(st, DBF_ERR_INVALID, "must be a JSON object");
  const char *k;
  const json_t *v;
  json_object_foreach((json_t *)doc, k, v) {
    if (strcmp(k, "template") && strcmp(k, "target") && strcmp(k, "fields") &&
        strcmp(k, "include_unmapped"))
      return dbf_fail(st, DBF_ERR_INVALID,
                      "unknown member '%.60s'; allowed: template, target, fields, include_unmapped",
                      k);
  }
  const char *slug = json_string_value(json_object_get(doc, "template"));
  if (!slug || strcmp(slug, tpl->slug))
    return dbf_fail(st, DBF_ERR_INVALID, "\"template\" must be \"%s\", the slug in the file name",
                    tpl->slug);
  const char *tg = json_string_value(json_object_get(doc, "target"));
  if (!tg || !target || strcmp(tg, target))
    return dbf_fail(st, DBF_ERR_INVALID, "\"target\" must be \"%s\", the target in the file name",
                    target ? target : "");
  const json_t *iu = json_object_get(doc, "include_unmapped");
  if (iu && !json_is_boolean(iu))
    return dbf_fail(st, DBF_ERR_INVALID, "\"include_unmapped\" must be true or false");
  const json_t *fields = json_object_get(doc, "fields");
  if (!json_is_object(fields) || json_object_size(fields) == 0)
    return dbf_fail(st, DBF_ERR_INVALID,
                    "\"fields\" must be an object mapping field keys to CRM field names");
  size_t n = json_object_size(fields);
  if (!(m = dbf_calloc(1, sizeof *m)) || !(m->keys = dbf_calloc(n, sizeof *m->keys)) ||
      !(m->names = dbf_calloc(n, sizeof *m->names)) || !(m->slug = dbf_strdup(tpl->slug)) ||
      !(m->target = dbf_strdup(target))) {
    rc = dbf_fail(st, DBF_ERR_NOMEM, "out of memory reading a CRM mapping");
    goto out;
  }
  m->include_unmapped = json_is_true(iu);
  json_object_foreach((json_t *)fields, k, v) {
    const char *name = json_string_value(v);
    if (!dbf_template_field_find(tpl, k)) {
      rc = dbf_fail(st, DBF_ERR_INVALID, "fields.%.60s: template %s has no field '%.60s'", k,
                    tpl->slug, k);
      goto out;
    }
    if (!name || !name_ok(name)) {
      rc = dbf_fail(st, DBF_ERR_INVALID,
                    "fields.%.60s must be a CRM field name of 1 to %d bytes without control "
                    "characters",
                    k, DBF_CRM_MAX_NAME);
      goto out;
    }
    for (size_t i = 0; i < m->n; i++)
      if (!strcmp(m->names[i], name)) {
        rc = dbf_fail(st, DBF_ERR_INVALID,
                      "fields.%.60s: CRM field name '%.60s' is already used by fields.%.60s", k,
                      name, m->keys[i]);
        goto out;
      }
    if (!(m->keys[m->n] = dbf_strdup(k)) || !(m->names[m->n] = dbf_strdup(name))) {
      dbf_free(m->keys[m->n]);
      rc = dbf_fail(st, DBF_ERR_NOMEM, "out of memory reading a CRM mapping");
      goto out;
    }
    m->n++;
  }
  /* An unmapped field under its own key must not collide with a mapped name. */
  for (size_t f = 0; m->include_unmapped && f < tpl->n_fields; f++) {
    const char *key = tpl->fields[f].key;
    bool mapped = false;
    for (size_t i = 0; i < m->n && !mapped; i++)
      mapped = !strcmp(m->keys[i], key);
    for (size_t i = 0; i < m->n && !mapped; i++)
      if (!strcmp(m->names[i], key)) {
        rc = dbf_fail(st, DBF_ERR_INVALID,
                      "fields.%.60s: CRM field name '%.60s' collides with the unmapped field of "
                      "that key (include_unmapped is true)",
                      m->keys[i], key);
        goto out;
      }
  }
  *out = m;
  m = NULL;
out:
  dbf_crm_mapping_free(m);
  return rc;
}

void dbf_crm_mappings_free(dbf_crm_mappings *m) {
  if (!m)
    return;
  for (size_t i = 0; i < m->n; i++)
    dbf_crm_mapping_free(m->items[i]);
  dbf_free(m->items);
  dbf_free(m->target);
  dbf_free(m);
}

const dbf_crm_mapping *dbf_crm_mappings_find(const dbf_crm_mappings *m, const char *slug) {
  for (size_t i = 0; m && slug && i < m->n; i++)
    if (!strcmp(m->items[i]->slug, slug))
      return m->items[i];
  return NULL;
}

/* Loads and validates one file crm/<name>; keeps it in set when its target matches. */
static dbf_err load_one(const char *data_dir, const char *dir, const char *name,
                        dbf_crm_mappings *set, dbf_status *st) {
  char slug[64], target[DBF_CRM_MAX_TARGET + 1], path[4096];
  dbf_err rc = DBF_OK;
  dbf_template *tpl = NULL;
  json_t *doc = NULL;
  dbf_crm_mapping *m = NULL;
  size_t len = strlen(name);
  const char *dot = strchr(name, '.');
  size_t slug_len = dot ? (size_t)(dot - name) : 0;
  size_t target_len = dot && len > 5 ? len - 5 - slug_len - 1 : 0;
  if (!dot || slug_len == 0 || slug_len >= sizeof slug || len <= slug_len + 6 || target_len == 0 ||
      target_len >= sizeof target)
    return dbf_fail(st, DBF_ERR_INVALID,
                    "CRM mapping crm/%s: the name must be <template_slug>.<target>.json", name);
  memcpy(slug, name, slug_len);
  slug[slug_len] = '\0';
  memcpy(target, dot + 1, target_len);
  target[target_len] = '\0';
  if (!dbf_crm_target_ok(target))
    return dbf_fail(st, DBF_ERR_INVALID,
                    "CRM mapping crm/%s: target '%s' must match ^[a-z][a-z0-9_-]{0,31}$", name,
                    target);
  int pn = snprintf(path, sizeof path, "%s/%s", dir, name);
  if (pn < 0 || (size_t)pn >= sizeof path)
    return dbf_fail(st, DBF_ERR_INVALID, "CRM mapping path too long");
  struct stat sb;
  if (stat(path, &sb) != 0 || sb.st_size > DBF_CRM_MAX_FILE_BYTES)
    return dbf_fail(st, DBF_ERR_INVALID, "CRM mapping crm/%s: cannot be read or passes %d bytes",
                    name, DBF_CRM_MAX_FILE_BYTES);
  if ((rc = dbf_template_load_builtin(data_dir, slug, &tpl, st))) {
    char why[sizeof st->msg];
    snprintf(why, sizeof why, "%s", st->msg);
    rc = dbf_fail(st, DBF_ERR_INVALID,
                  "CRM mapping crm/%s maps template '%s', which must be a file in templates/: %s",
                  name, slug, why);
    goto out;
  }
  json_error_t jerr;
  if (!(doc = json_load_file(path, JSON_REJECT_DUPLICATES, &jerr))) {
    rc = dbf_fail(st, DBF_ERR_INVALID, "CRM mapping crm/%s: %s at line %d", name, jerr.text,
                  jerr.line);
    goto out;
  }
  if ((rc = dbf_crm_mapping_parse(doc, target, tpl, &m, st))) {
    char why[sizeof st->msg];
    snprintf(why, sizeof why, "%s", st->msg);
    rc = dbf_fail(st, rc, "CRM mapping crm/%s: %s", name, why);
    goto out;
  }
  if (strcmp(target, set->target))
    goto out; /* valid, for another target */
  dbf_crm_mapping **items = dbf_realloc(set->items, (set->n + 1) * sizeof *items);
  if (!items) {
    rc = dbf_fail(st, DBF_ERR_NOMEM, "out of memory loading CRM mappings");
    goto out;
  }
  set->items = items;
  set->items[set->n++] = m;
  m = NULL;
out:
  dbf_crm_mapping_free(m);
  json_decref(doc);
  dbf_template_free(tpl);
  return rc;
}

dbf_err dbf_crm_mappings_load(const char *data_dir, const char *target, dbf_crm_mappings **out,
                              dbf_status *st) {
  char dir[4096];
  dbf_err rc = DBF_OK;
  size_t files = 0;
  *out = NULL;
  if (!dbf_crm_target_ok(target))
    return dbf_fail(st, DBF_ERR_INVALID, "CRM target '%s' must match ^[a-z][a-z0-9_-]{0,31}$",
                    target ? target : "");
  if (!data_dir)
    data_dir = ".";
  int n = snprintf(dir, sizeof dir, "%s/crm", data_dir);
  if (n < 0 || (size_t)n >= sizeof dir)
    return dbf_fail(st, DBF_ERR_INVALID, "data directory path too long");
  dbf_crm_mappings *set = dbf_calloc(1, sizeof *set);
  if (!set || !(set->target = dbf_strdup(target))) {
    dbf_free(set);
    return dbf_fail(st, DBF_ERR_NOMEM, "out of memory loading CRM mappings");
  }
  DIR *d = opendir(dir);
  if (d) {
    struct dirent *e;
    while (!rc && (e = readdir(d))) {
      size_t len = strlen(e->d_name);
      if (e->d_name[0] == '.' || len < 5 || strcmp(e->d_name + len - 5, ".json"))
        continue;
      if (++files > DBF_CRM_MAX_FILES)
        rc = dbf_fail(st, DBF_ERR_INVALID, "crm/ holds more than %d mapping files",
                      DBF_CRM_MAX_FILES);
      else
        rc = load_one(data_dir, dir, e->d_name, set, st);
    }
    closedir(d);
  }
  for (size_t i = 0; !rc && i < set->n; i++)
    for (size_t j = i + 1; j < set->n; j++)
      if (!strcmp(set->items[i]->slug, set->items[j]->slug))
        rc = dbf_fail(st, DBF_ERR_INVALID, "two CRM mappings for %s.%s", set->items[i]->slug,
                      target);
  if (rc) {
    dbf_crm_mappings_free(set);
    return rc;
  }
  *out = set;
  return DBF_OK;
}

/* ---- the payload ---- */

/* The CRM name of field key under map (NULL: leave the field out). */
static const char *crm_name(const dbf_crm_mapping *map, const char *key) {
  if (!map)
    return key;
  for (size_t i = 0; i < map->n; i++)
    if (!strcmp(map->keys[i], key))
      return map->names[i];
  return map->include_unmapped ? key : NULL;
}

static json_t *str_or_empty(const char *s) {
  return json_string(s ? s : "");
}

/* The next steps: the summary's section when it has one, else the record's field. */
static json_t *next_steps(const json_t *record, const json_t *summary) {
  const json_t *s = json_object_get(summary, "next_steps");
  if (json_is_array(s))
    return json_deep_copy(s);
  const json_t *v = json_object_get(json_object_get(record, "next_steps"), "value");
  return json_is_array(v) ? json_deep_copy(v) : json_array();
}

dbf_err dbf_crm_payload(const dbf_template *tpl, const dbf_crm_mapping *map,
                        const dbf_crm_input *in, json_t **out, dbf_status *st) {
  *out = NULL;
  json_t *fields = json_object();
  json_t *subject = json_object();
  json_t *p = json_object();
  int bad = !fields || !subject || !p;
  for (size_t i = 0; !bad && i < tpl->n_fields; i++) {
    const char *key = tpl->fields[i].key;
    const json_t *e = json_object_get(in->record, key);
    const json_t *value = json_object_get(e, "value");
    const char *name = crm_name(map, key);
    if (!name || !value || json_is_null(value))
      continue;
    json_t *seqs = json_array();
    json_int_t seq = json_integer_value(json_object_get(e, "evidence_seq"));
    if (seqs && seq > 0)
      bad = json_array_append_new(seqs, json_integer(seq));
    const char *source = json_string_value(json_object_get(e, "source"));
    /* "o" steals seqs, also when the pack fails (jansson 2.11 and later). */
    json_t *f = json_pack("{s:s, s:O, s:f, s:o, s:s}", "key", key, "value", value, "confidence",
                          json_number_value(json_object_get(e, "confidence")), "evidence_seqs",
                          seqs, "source", source ? source : "");
    if (bad)
      json_decref(f);
    else
      bad = !f || json_object_set_new(fields, name, f);
  }
  bad = bad || json_object_set_new(subject, "kind", str_or_empty(in->subject_kind)) ||
        json_object_set_new(subject, "key", str_or_empty(in->subject_key)) ||
        json_object_set_new(subject, "title", str_or_empty(in->subject_title)) ||
        json_object_set_new(subject, "attributes",
                            in->subject_attributes ? json_deep_copy(in->subject_attributes)
                                                   : json_object());
  bad = bad || json_object_set_new(p, "schema", json_string(DBF_CRM_SCHEMA)) ||
        json_object_set_new(p, "target", str_or_empty(in->target)) ||
        json_object_set_new(
            p, "session",
            json_pack("{s:s, s:I, s:s, s:i, s:s, s:s}", "id", in->session_id ? in->session_id : "",
                      "version", (json_int_t)in->session_version, "template_slug",
                      in->template_slug ? in->template_slug : "", "template_version",
                      in->template_version, "owner_id", in->owner_id ? in->owner_id : "", "team_id",
                      in->team_id ? in->team_id : ""));
  /* set_new steals even on failure, so each is handed over exactly once. */
  bad = json_object_set_new(p ? p : fields, "subject", subject) | bad;
  subject = NULL;
  if (p) {
    bad = json_object_set_new(p, "fields", fields) | bad;
    fields = NULL;
    bad = bad ||
          json_object_set_new(p, "summary",
                              json_is_object(in->summary) ? json_deep_copy(in->summary)
                                                          : json_object()) ||
          json_object_set_new(p, "next_steps", next_steps(in->record, in->summary));
  }
  json_decref(fields);
  if (bad || !p) {
    json_decref(p);
    return dbf_fail(st, DBF_ERR_NOMEM, "out of memory building the CRM payload");
  }
  *out = p;
  return DBF_OK;
}
