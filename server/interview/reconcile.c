/*
 * reconcile.c - the merge policy between the rule extractor and the model
 * (see dbf_iv_reconcile in interviewer.h). The rules' values are grounded
 * by construction and measured by the evaluation; the model's are checked
 * against the answer but not measured case by case. So model mode may only
 * add to what the rules found: fill a field they left empty, add list
 * items they missed, or make a value they found more precise. It never
 * replaces a value the rules hold with enough confidence, and never a
 * person's edit.
 */
#include <ctype.h>
#include <math.h>
#include <string.h>
#include <strings.h>

#include "core/alloc.h"
#include "core/buf.h"
#include "interview/interview_int.h"
#include "interview/interviewer.h"

#define REFINE_MAX_EXTRA_WORDS 4 /* a refined short string adds at most this many words */

const char *dbf_iv_drop_name(dbf_iv_drop d) {
  static const char *const names[DBF_IV_DROP__COUNT] = {
      "field", "shape", "evidence", "ungrounded", "rule_kept", "user_edit", "no_change"};
  return d < DBF_IV_DROP__COUNT ? names[d] : "unknown";
}

int dbf_iv_counts_dropped(const dbf_iv_counts *c) {
  int n = 0;
  for (int i = 0; i < DBF_IV_DROP__COUNT; i++)
    n += c->dropped[i];
  return n;
}

/* ---- people ---- */

static bool is_kind(const dbf_template_field *f, const char *kind) {
  return f && f->extract_kind && strcmp(f->extract_kind, kind) == 0;
}

/* Titles before a surname: "Prof. Vogt", "Dr Okafor", "Ms. Huang". */
static const char *const k_honorifics[] = {"prof", "professor", "dr",   "mr",   "mrs",  "ms",
                                           "miss", "sir",       "dame", "herr", "frau", NULL};
/* Lower-case words inside a name: "Ludwig van Beethoven", "Ana de la Cruz". */
static const char *const k_particles[] = {"van", "von", "de", "der", "den", "da", "das",
                                          "do",  "dos", "di", "del", "la",  "le", "du",
                                          "bin", "al",  "el", "ter", "ten", NULL};

static bool word_is(const char *w, size_t n, const char *const *list) {
  for (size_t k = 0; list[k]; k++)
    if (strlen(list[k]) == n && strncasecmp(w, list[k], n) == 0)
      return true;
  return false;
}

/*
 * A person as a model names one in a people field: one to five words, each
 * capitalized, a name particle or a title ("Prof."). A sentence ("New batch
 * starts on July 1st", "Nikhil recommends") is no person, and a role said
 * in lower case is left to the rules, which read roles with their cues.
 */
static bool reads_as_person(const char *s) {
  size_t words = 0;
  for (const char *p = s; *p;) {
    while (*p == ' ' || *p == '.' || *p == ',')
      p++;
    const char *b = p;
    while (*p && *p != ' ' && *p != ',')
      p++;
    size_t n = (size_t)(p - b);
    if (n == 0)
      break;
    if (n > 1 && b[n - 1] == '.')
      n--;
    if (++words > 5)
      return false;
    unsigned char c = (unsigned char)b[0];
    if (!(isupper(c) || c >= 0x80 || word_is(b, n, k_particles) || word_is(b, n, k_honorifics)))
      return false;
  }
  return words > 0;
}

/* The surname of "Prof. Vogt" (a title and one word), or NULL: where it
   starts in s, its length in *n. */
static const char *titled_surname(const char *s, size_t *n) {
  const char *p = s;
  while (*p == ' ')
    p++;
  const char *b = p;
  while (*p && *p != ' ' && *p != '.')
    p++;
  if (!word_is(b, (size_t)(p - b), k_honorifics))
    return NULL;
  while (*p == '.' || *p == ' ')
    p++;
  b = p;
  while (*p && *p != ' ')
    p++;
  const char *q = p;
  while (*q == ' ')
    q++;
  if (p == b || *q)
    return NULL; /* no surname, or more words after it */
  *n = (size_t)(p - b);
  return b;
}

/* "Prof. Vogt" and "Annegret Vogt": a title and a surname restate the full
   name that ends in it. */
static bool same_person(const char *a, const char *b) {
  for (int pass = 0; pass < 2; pass++) {
    const char *x = pass ? b : a, *y = pass ? a : b;
    size_t n = 0;
    const char *sur = titled_surname(x, &n);
    size_t ly = strlen(y);
    while (ly > 0 && y[ly - 1] == ' ')
      ly--;
    if (sur && ly > n && y[ly - n - 1] == ' ' && strncasecmp(y + ly - n, sur, n) == 0)
      return true;
  }
  return false;
}

/* ---- words ---- */

/* s as lowercase ASCII words separated by single spaces, with a space at each end. */
static char *norm_words(const char *s) {
  size_t n = strlen(s);
  char *o = dbf_malloc(n + 3);
  if (!o)
    return NULL;
  size_t k = 0;
  o[k++] = ' ';
  for (size_t i = 0; i < n; i++) {
    unsigned char c = (unsigned char)s[i];
    if (isalnum(c) || c >= 0x80)
      o[k++] = (char)tolower(c);
    else if (o[k - 1] != ' ')
      o[k++] = ' ';
  }
  if (o[k - 1] != ' ')
    o[k++] = ' ';
  o[k] = '\0';
  return o;
}

static size_t word_count(const char *norm) {
  size_t n = 0;
  for (const char *p = norm; *p; p++)
    n += p[0] != ' ' && p[1] == ' ';
  return n;
}

/* The string that names an item: itself, or its first member (name, action, metric). */
static const char *identity(const dbf_template_field *f, const json_t *item) {
  if (json_is_string(item))
    return json_string_value(item);
  if (json_is_object(item) && f && f->n_item_keys > 0)
    return json_string_value(json_object_get(item, f->item_keys[0]));
  return NULL;
}

/*
 * Two strings restate each other: equal, or one holds the other as whole
 * words ("Marcus" and "Marcus Lee"; not "go" and "google").
 */
static bool restates(const char *a, const char *b) {
  char *na = norm_words(a), *nb = norm_words(b);
  bool same = na && nb && strlen(na) > 2 && strlen(nb) > 2 &&
              (strstr(na, nb) != NULL || strstr(nb, na) != NULL);
  dbf_free(na);
  dbf_free(nb);
  return same;
}

static bool list_restates(const dbf_template_field *f, const json_t *list, const json_t *item) {
  const char *id = identity(f, item);
  size_t i;
  const json_t *x;
  json_array_foreach(list, i, x) {
    const char *xid = identity(f, x);
    if (id && xid ? restates(id, xid) || (is_kind(f, "people") && same_person(id, xid))
                  : json_equal((json_t *)x, (json_t *)item))
      return true;
  }
  return false;
}

/* ---- refinement ---- */

/* new adds detail to old: old is a proper prefix of new ("2019" -> "2019-03"). */
static bool date_refines(const char *old, const char *nw) {
  if (!old || !nw)
    return false;
  size_t n = strlen(old);
  return n > 0 && strlen(nw) > n && strncmp(old, nw, n) == 0;
}

/*
 * True when the words nw adds to old (a short string it holds whole) are
 * words of a name or title: each capitalized, a digit, "of", "and" or a
 * name particle ("Head of Operations" for "Operations", "Quinta do Vale
 * Escuro" for "Quinta do Vale"). A phrase joined on by another lower-case
 * word says where or what ("... near the river", "... in Porto") and
 * makes it another value, not a more precise one.
 */
static bool adds_name_words(const char *old, const char *nw) {
  static const char *const joins[] = {"of", "and", NULL};
  for (const char *p = nw; *p;) {
    while (*p && !isalnum((unsigned char)*p) && (unsigned char)*p < 0x80)
      p++;
    const char *w = p;
    while (*p && (isalnum((unsigned char)*p) || (unsigned char)*p >= 0x80))
      p++;
    size_t n = (size_t)(p - w);
    if (n == 0 || !islower((unsigned char)w[0]) || word_is(w, n, joins) ||
        word_is(w, n, k_particles))
      continue;
    /* a lower-case word of its own: fine only when old has it too */
    bool in_old = false;
    for (const char *q = old; *q && !in_old; q++)
      in_old = strncasecmp(q, w, n) == 0 && (q == old || !isalnum((unsigned char)q[-1])) &&
               !isalnum((unsigned char)q[n]);
    if (!in_old)
      return false;
  }
  return true;
}

/*
 * True when nw only makes old more precise: a date with more digits, a
 * start/end with a member added or made more precise and none changed, the
 * same amount with a currency, or a string that holds all of old's words
 * and a few more.
 */
static bool refines(const dbf_template_field *f, const json_t *old, const json_t *nw) {
  switch (f->type) {
    case DBF_FIELD_DATE:
      if (json_is_string(old) && json_is_string(nw))
        return date_refines(json_string_value(old), json_string_value(nw));
      if (json_is_object(old) && json_is_object(nw)) {
        bool more = false;
        for (size_t i = 0; i < f->n_item_keys; i++) {
          const char *o = json_string_value(json_object_get(old, f->item_keys[i]));
          const char *n = json_string_value(json_object_get(nw, f->item_keys[i]));
          if (o && (!n || (strcmp(o, n) != 0 && !date_refines(o, n))))
            return false; /* a member dropped or changed */
          more = more || (n && (!o || strcmp(o, n) != 0));
        }
        return more;
      }
      return false;
    case DBF_FIELD_MONEY: {
      double a = json_number_value(json_object_get(old, "amount"));
      double b = json_number_value(json_object_get(nw, "amount"));
      return fabs(a - b) <= 1e-6 * fmax(1.0, fabs(a)) &&
             !json_is_string(json_object_get(old, "currency")) &&
             json_is_string(json_object_get(nw, "currency"));
    }
    case DBF_FIELD_STRING:
    case DBF_FIELD_TEXT: {
      const char *o = json_string_value(old), *n = json_string_value(nw);
      if (!o || !n)
        return false;
      char *no = norm_words(o), *nn = norm_words(n);
      bool ok =
          no && nn && strlen(no) > 2 && strstr(nn, no) != NULL && word_count(nn) > word_count(no) &&
          (f->type == DBF_FIELD_TEXT ||
           (word_count(nn) <= word_count(no) + REFINE_MAX_EXTRA_WORDS && adds_name_words(o, n)));
      dbf_free(no);
      dbf_free(nn);
      return ok;
    }
    default:
      return false;
  }
}

/* Equal after normalizing strings (case, punctuation). */
static bool same_value(const json_t *a, const json_t *b) {
  if (json_equal((json_t *)a, (json_t *)b))
    return true;
  if (!json_is_string(a) || !json_is_string(b))
    return false;
  char *na = norm_words(json_string_value(a)), *nb = norm_words(json_string_value(b));
  bool same = na && nb && strcmp(na, nb) == 0;
  dbf_free(na);
  dbf_free(nb);
  return same;
}

/* ---- the policy ---- */

static bool is_list(const dbf_template_field *f) {
  return f->type == DBF_FIELD_LIST || f->type == DBF_FIELD_OBJECT_LIST;
}

static const json_t *entry_value(const json_t *e) {
  const json_t *v = json_is_object(e) ? json_object_get(e, "value") : NULL;
  if (!v || json_is_null(v) || (json_is_array(v) && json_array_size(v) == 0) ||
      (json_is_string(v) && json_string_length(v) == 0))
    return NULL;
  return v;
}

static bool source_is(const json_t *e, const char *src) {
  const char *s = json_string_value(json_object_get(e, "source"));
  return s && strcmp(s, src) == 0;
}

/*
 * Decides one model entry against the record. Returns the entry to merge
 * (a new reference, "targeted" removed), or NULL with *why set.
 */
static json_t *decide(const dbf_template *tpl, const dbf_template_field *f, const json_t *old,
                      const json_t *e, dbf_iv_counts *counts, dbf_iv_drop *why) {
  const json_t *ov = entry_value(old), *nv = json_object_get(e, "value");
  bool targeted = json_is_true(json_object_get(e, "targeted"));
  json_t *keep = json_deep_copy(e);
  if (!keep)
    return NULL;
  json_object_del(keep, "targeted");
  /* In a people field, only items that read as a person. */
  if (is_kind(f, "people") && json_is_array(nv)) {
    json_t *persons = json_array();
    size_t i;
    const json_t *it;
    json_array_foreach(nv, i, it) {
      const char *id = identity(f, it);
      if (id && reads_as_person(id))
        json_array_append(persons, (json_t *)it);
      else
        counts->items_dropped++;
    }
    json_object_set_new(keep, "value", persons);
    nv = json_object_get(keep, "value");
    if (json_array_size(nv) == 0) {
      *why = DBF_IV_DROP_SHAPE;
      json_decref(keep);
      return NULL;
    }
  }
  if (!ov)
    return keep; /* a gap: filled, tentatively */
  *why = DBF_IV_DROP__COUNT;
  if (source_is(old, "user")) {
    *why = DBF_IV_DROP_USER_EDIT;
  } else if (is_list(f) && source_is(old, "rule")) {
    /* A list the rules filled stays theirs. Measured on eight interviews
       (docs/quality.md), what the model added to such lists was the same
       items again in other words ("book the venue for the 3rd" beside
       "book venue"), raw dates and vague asides, and cost precision with
       no recall gained. The model fills lists the rules left empty. */
    counts->items_dropped += (int)json_array_size(nv);
    *why = DBF_IV_DROP_RULE_KEPT;
  } else if (is_list(f) && json_is_array(ov) && json_is_array(nv)) {
    /* Only items the record does not already hold, in any wording. */
    json_t *fresh = json_array();
    size_t i;
    const json_t *it;
    json_array_foreach(nv, i, it) {
      if (list_restates(f, ov, it))
        counts->items_dropped++;
      else
        json_array_append(fresh, (json_t *)it);
    }
    if (json_array_size(fresh) == 0)
      *why = DBF_IV_DROP_NO_CHANGE;
    json_object_set_new(keep, "value", fresh);
  } else if (same_value(ov, nv)) {
    *why = DBF_IV_DROP_NO_CHANGE;
  } else if (targeted && refines(f, ov, nv)) {
    /* More precise, same fact: it takes the old value's standing. */
    json_object_set(keep, "confidence", json_object_get(old, "confidence"));
  } else if (source_is(old, "rule") ||
             json_number_value(json_object_get(old, "confidence")) + 1e-9 >= tpl->min_confidence) {
    *why = DBF_IV_DROP_RULE_KEPT;
  }
  if (*why != DBF_IV_DROP__COUNT) {
    json_decref(keep);
    return NULL;
  }
  return keep;
}

dbf_err dbf_iv_reconcile(const dbf_template *tpl, const json_t *record, const json_t *rules,
                         const json_t *model, json_t **kept, dbf_iv_counts *counts) {
  (void)rules; /* already merged into record; the parameter documents the order */
  *kept = json_object();
  if (!*kept)
    return DBF_ERR_NOMEM;
  const char *k;
  const json_t *e;
  json_object_foreach((json_t *)model, k, e) {
    const dbf_template_field *f = dbf_template_field_find(tpl, k);
    if (!f || !json_is_object(e)) {
      counts->dropped[DBF_IV_DROP_FIELD]++;
      continue;
    }
    dbf_iv_drop why = DBF_IV_DROP__COUNT;
    json_t *keep = decide(tpl, f, json_object_get(record, k), e, counts, &why);
    if (keep) {
      json_object_set_new(*kept, k, keep);
    } else if (why == DBF_IV_DROP__COUNT) {
      json_decref(*kept);
      *kept = NULL;
      return DBF_ERR_NOMEM;
    } else {
      counts->dropped[why]++;
    }
  }
  return DBF_OK;
}

void dbf_iv_reconcile_record(const dbf_template *tpl, json_t *record, const json_t *rules) {
  const char *k;
  const json_t *r;
  json_object_foreach((json_t *)rules, k, r) {
    const dbf_template_field *f = dbf_template_field_find(tpl, k);
    json_t *old = json_object_get(record, k);
    json_t *ov = json_object_get(old, "value");
    const json_t *rv = json_object_get(r, "value");
    if (!f || !is_list(f) || !source_is(old, "llm") || !json_is_array(ov) || !json_is_array(rv))
      continue;
    /* The model's wording gives way to the rule's for the same item. */
    for (size_t i = json_array_size(ov); i-- > 0;) {
      const json_t *it = json_array_get(ov, i);
      const char *id = identity(f, it);
      size_t j;
      const json_t *ri;
      json_array_foreach(rv, j, ri) {
        const char *rid = identity(f, ri);
        if (id && rid && strcasecmp(id, rid) != 0 && restates(id, rid)) {
          json_array_remove(ov, i);
          break;
        }
      }
    }
  }
}
