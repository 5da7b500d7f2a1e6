/*
 * record_merge.c - dbf_record_merge (extract.h): how an answer's updates
 * join the record. Corrections replace, confident values win, lists union,
 * and a person's own edit stands until they correct it again in words.
 */
#include <string.h>

#include "engine/extract.h"
#include "engine/rules/rules.h"

/* ------------------------------------------------------------------ merge */

static const dbf_template_field *find_field(const dbf_template *tpl, const char *key) {
  for (size_t i = 0; tpl && i < tpl->n_fields; i++) {
    if (tpl->fields[i].key && strcmp(tpl->fields[i].key, key) == 0)
      return &tpl->fields[i];
  }
  return NULL;
}

/* A fresh record entry from an update entry, without the "replace" flag. */
static json_t *clean_entry(const json_t *upd) {
  json_t *e = json_deep_copy(upd);
  if (e)
    json_object_del(e, "replace");
  return e;
}

/* "RampControl covers the load sheets" said of competitors before the
   products were listed: a name a field excludes ("exclude_fields" of
   competitors lists products_discussed) leaves it once a later answer
   puts it there. Returns false when out of memory. */
static bool drop_excluded_names(const dbf_template *tpl, json_t *record, json_t *ch) {
  for (size_t fi = 0; tpl && fi < tpl->n_fields; fi++) {
    const dbf_template_field *f = &tpl->fields[fi];
    json_t *entry = json_object_get(record, f->key);
    json_t *vals = json_object_get(entry, "value");
    const char *src = json_string_value(json_object_get(entry, "source"));
    if (!json_is_array(vals) || (src && strcmp(src, "user") == 0))
      continue;
    json_t *kept = NULL;
    size_t k;
    const json_t *ex;
    json_array_foreach(dbf__rx_param_list(f, "exclude_fields"), k, ex) {
      /* Only a later answer says the name is ours. */
      const json_t *oe = json_object_get(record, json_string_value(ex));
      if (json_integer_value(json_object_get(oe, "evidence_seq")) <=
          json_integer_value(json_object_get(entry, "evidence_seq")))
        continue;
      const json_t *ours = json_object_get(oe, "value");
      for (size_t i = json_array_size(vals); i-- > 0;) {
        const char *name = json_string_value(json_array_get(vals, i));
        bool dropped = false;
        size_t j;
        const json_t *o;
        json_array_foreach(ours, j, o) {
          dropped =
              dropped || (name && json_is_string(o) && dbf__rx_str_ieq(json_string_value(o), name));
        }
        if (!dropped)
          continue;
        if (!kept) {
          kept = json_deep_copy(vals);
          if (!kept)
            return false;
        }
        json_array_remove(kept, i);
      }
    }
    if (!kept)
      continue;
    json_t *e = json_deep_copy(entry);
    if (!e) {
      json_decref(kept);
      return false;
    }
    json_object_set_new(e, "value", kept);
    json_object_set_new(record, f->key, e);
    json_object_set(ch, f->key, e);
  }
  return true;
}

dbf_err dbf_record_merge(const dbf_template *tpl, json_t *record, const json_t *updates,
                         json_t **changed) {
  dbf_err rc = DBF_OK;
  json_t *ch = NULL;
  if (changed)
    *changed = NULL;
  if (!json_is_object(record) || !json_is_object(updates))
    return DBF_ERR_INVALID;
  ch = json_object();
  if (!ch)
    return DBF_ERR_NOMEM;
  const char *key;
  json_t *upd;
  json_object_foreach((json_t *)updates, key, upd) {
    if (!json_is_object(upd) || !json_object_get(upd, "value"))
      continue;
    const dbf_template_field *f = find_field(tpl, key);
    json_t *old = json_object_get(record, key);
    bool replace = json_is_true(json_object_get(upd, "replace"));
    double nc = json_number_value(json_object_get(upd, "confidence"));
    json_t *nv = json_object_get(upd, "value");
    if (!json_is_object(old) || !json_object_get(old, "value")) {
      json_t *e = clean_entry(upd);
      if (!e) {
        rc = DBF_ERR_NOMEM;
        goto out;
      }
      json_object_set_new(record, key, e);
      json_object_set(ch, key, e);
      continue;
    }
    /* A person's own edit stands until they correct it again in words. */
    const json_t *osrc = json_object_get(old, "source");
    bool user_edit = json_is_string(osrc) && strcmp(json_string_value(osrc), "user") == 0;
    const char *nsrc = json_string_value(json_object_get(upd, "source"));
    if (user_edit && !replace && !(nsrc && strcmp(nsrc, "user") == 0))
      continue;
    double oc = json_number_value(json_object_get(old, "confidence"));
    json_t *ov = json_object_get(old, "value");
    bool is_list = json_is_array(ov) && json_is_array(nv) &&
                   (!f || f->type == DBF_FIELD_LIST || f->type == DBF_FIELD_OBJECT_LIST);
    /* Names heard in passing (skills, tools, vendors, products) give way
       to the answer that lists them: the person's own list is the whole
       of it. */
    bool own_list = is_list && f && f->extract_kind && strcmp(f->extract_kind, "named_list") == 0 &&
                    oc <= CONF_CROSS_LIST && nc >= CONF_TARGET_LOOSE;
    if (replace || own_list || (!is_list && nc >= oc)) {
      if (!replace && json_equal(ov, nv) && nc <= oc)
        continue;
      json_t *e = clean_entry(upd);
      if (!e) {
        rc = DBF_ERR_NOMEM;
        goto out;
      }
      json_object_set_new(record, key, e);
      json_object_set(ch, key, e);
      continue;
    }
    if (!is_list)
      continue;
    /* Lists union; the entry takes the higher confidence and the new evidence. */
    json_t *merged = json_deep_copy(ov);
    if (!merged) {
      rc = DBF_ERR_NOMEM;
      goto out;
    }
    bool grew = false;
    size_t i;
    json_t *item;
    json_array_foreach(nv, i, item) grew = dbf__rx_union_item(merged, json_deep_copy(item)) || grew;
    /* "FraudShield" in one answer and "FraudShield Pro" in the next. */
    if (grew && f && f->extract_kind && strcmp(f->extract_kind, "named_list") == 0 &&
        dbf__rx_param_is(f, "unknown", "after_cues"))
      dbf__named_list_one_per_vendor(merged);
    else if (grew && f && f->extract_kind && strcmp(f->extract_kind, "named_list") == 0 &&
             strcmp(dbf__rx_param_str(f, "unknown", "short_items"), "short_items") == 0 &&
             !dbf__rx_param_is(f, "wording", "own"))
      dbf__named_list_one_per_name(merged);
    if (grew && f && (f->type == DBF_FIELD_LIST || f->type == DBF_FIELD_OBJECT_LIST) &&
        f->extract_kind && strcmp(f->extract_kind, "people") == 0)
      dbf__rx_people_one_per_name(merged);
    if (!grew && nc <= oc) {
      json_decref(merged);
      continue;
    }
    json_t *e = json_deep_copy(old);
    if (!e) {
      json_decref(merged);
      rc = DBF_ERR_NOMEM;
      goto out;
    }
    json_object_set_new(e, "value", merged);
    json_object_set_new(e, "confidence", json_real(nc > oc ? nc : oc));
    json_object_set(e, "evidence_seq", json_object_get(upd, "evidence_seq"));
    if (nsrc)
      json_object_set_new(e, "source", json_string(user_edit ? "user" : nsrc));
    json_object_set_new(record, key, e);
    json_object_set(ch, key, e);
  }
  if (!drop_excluded_names(tpl, record, ch)) {
    rc = DBF_ERR_NOMEM;
    goto out;
  }
  if (changed) {
    *changed = ch;
    ch = NULL;
  }
out:
  json_decref(ch);
  return rc;
}
