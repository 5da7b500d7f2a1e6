/*
 * labelled.c - finds the lines of an answer that name their field
 * (contract in labelled.h).
 */
#include "engine/labelled.h"

#include <stdbool.h>
#include <string.h>

#include <jansson.h>

#define LABEL_MAX_BYTES 48 /* a label is a few words before its separator */
#define LABEL_MAX_WORDS 4

/* The words that label a date range's start or end on their own line. */
static const char *const k_start_words[] = {"start",      "started", "start date", "from",
                                            "since",      "began",   "joined",     "date started",
                                            "started on", NULL};
static const char *const k_end_words[] = {"end",       "ended",    "end date", "until",
                                          "till",      "to",       "left",     "finished",
                                          "date left", "ended on", "to date",  NULL};

static bool is_alnum(unsigned char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
}

/*
 * Writes s[0..n) as lower-case ASCII words joined by one space into buf:
 * "Role_Title" and "role title" both give "role title". Returns false when
 * it holds no word, more than LABEL_MAX_WORDS words, or bytes that are not
 * ASCII (a label in another script is not matched).
 */
static bool label_words(const char *s, size_t n, char *buf, size_t cap) {
  size_t o = 0, words = 0;
  bool in_word = false;
  for (size_t i = 0; i < n; i++) {
    unsigned char c = (unsigned char)s[i];
    if (c >= 0x80)
      return false;
    if (is_alnum(c)) {
      if (!in_word) {
        if (++words > LABEL_MAX_WORDS || (o > 0 && o + 1 >= cap))
          return false;
        if (o > 0)
          buf[o++] = ' ';
        in_word = true;
      }
      if (o + 1 >= cap)
        return false;
      buf[o++] = (char)(c >= 'A' && c <= 'Z' ? c + 32 : c);
    } else {
      in_word = false;
    }
  }
  buf[o] = '\0';
  return words > 0;
}

static bool same_label(const char *words, const char *candidate) {
  char buf[LABEL_MAX_BYTES + 8];
  return candidate && label_words(candidate, strlen(candidate), buf, sizeof buf) &&
         strcmp(buf, words) == 0;
}

static bool in_list(const char *words, const char *const *list) {
  for (size_t i = 0; list[i]; i++)
    if (strcmp(words, list[i]) == 0)
      return true;
  return false;
}

/* Does label (as words) name field f: its key, its label, or a declared word? */
static bool names_field(const dbf_template_field *f, const char *words) {
  if (same_label(words, f->key) || same_label(words, f->label))
    return true;
  const json_t *labels =
      json_is_object(f->extract_params) ? json_object_get(f->extract_params, "labels") : NULL;
  size_t i;
  const json_t *e;
  json_array_foreach(labels, i, e) {
    if (same_label(words, json_string_value(e)))
      return true;
  }
  return false;
}

/* The template's one date-range field, or NULL when it has none or several. */
static const dbf_template_field *sole_range(const dbf_template *tpl) {
  const dbf_template_field *found = NULL;
  for (size_t i = 0; i < tpl->n_fields; i++) {
    const char *k = tpl->fields[i].extract_kind;
    if (k && strcmp(k, "date_range") == 0) {
      if (found)
        return NULL;
      found = &tpl->fields[i];
    }
  }
  return found;
}

/* Skips a list marker at s[p]: "-", "*", "+", a bullet, "1." or "2)". */
static size_t skip_marker(const char *s, size_t p, size_t e) {
  while (p < e && (s[p] == ' ' || s[p] == '\t'))
    p++;
  size_t q = p;
  if (q < e && (s[q] == '-' || s[q] == '*' || s[q] == '+'))
    q++;
  else if (q + 2 < e && (unsigned char)s[q] == 0xE2 && (unsigned char)s[q + 1] == 0x80 &&
           (unsigned char)s[q + 2] == 0xA2)
    q += 3;
  else {
    while (q < e && q - p < 3 && s[q] >= '0' && s[q] <= '9')
      q++;
    if (q == p || q >= e || (s[q] != '.' && s[q] != ')'))
      return p;
    q++;
  }
  if (q < e && s[q] != ' ' && s[q] != '\t')
    return p;
  while (q < e && (s[q] == ' ' || s[q] == '\t'))
    q++;
  return q;
}

/*
 * The label's end in s[p..e): a colon or an equals sign, or a dash with a
 * space on each side ("Budget - 80k"). Returns the separator's offset and
 * its length in *sep_len, or e when the line has none within reach.
 */
static size_t find_separator(const char *s, size_t p, size_t e, size_t *sep_len) {
  for (size_t i = p; i < e && i - p <= LABEL_MAX_BYTES; i++) {
    if (s[i] == ':' || s[i] == '=') {
      *sep_len = 1;
      return i;
    }
    if (s[i] == ' ' && i + 2 < e && s[i + 1] == '-' && s[i + 2] == ' ') {
      *sep_len = 3;
      return i;
    }
    /* an en or em dash between spaces */
    if (s[i] == ' ' && i + 4 < e && (unsigned char)s[i + 1] == 0xE2 &&
        (unsigned char)s[i + 2] == 0x80 &&
        ((unsigned char)s[i + 3] == 0x93 || (unsigned char)s[i + 3] == 0x94) && s[i + 4] == ' ') {
      *sep_len = 5;
      return i;
    }
  }
  return e;
}

/* Reads the line s[b..e) into *out; false when it names no field. */
static bool read_line(const dbf_template *tpl, const dbf_template_field *range, const char *s,
                      size_t b, size_t e, dbf__labelled *out) {
  size_t p = skip_marker(s, b, e), sep_len = 0;
  size_t sep = find_separator(s, p, e, &sep_len);
  if (sep >= e || sep == p)
    return false;
  char words[LABEL_MAX_BYTES + 8];
  if (!label_words(s + p, sep - p, words, sizeof words))
    return false;
  size_t v = sep + sep_len, ve = e;
  while (v < ve && (s[v] == ' ' || s[v] == '\t'))
    v++;
  while (ve > v && (s[ve - 1] == ' ' || s[ve - 1] == '\t' || s[ve - 1] == '\r'))
    ve--;
  if (ve == v)
    return false;
  const dbf_template_field *field = NULL;
  dbf__label_part part = DBF__LABEL_WHOLE;
  for (size_t i = 0; i < tpl->n_fields && !field; i++)
    if (tpl->fields[i].key && names_field(&tpl->fields[i], words))
      field = &tpl->fields[i];
  if (!field && range) {
    if (in_list(words, k_start_words))
      part = DBF__LABEL_START;
    else if (in_list(words, k_end_words))
      part = DBF__LABEL_END;
    if (part != DBF__LABEL_WHOLE)
      field = range;
  }
  if (!field)
    return false;
  *out = (dbf__labelled){field, part, b, e - b, v, ve - v};
  return true;
}

size_t dbf__labelled_find(const dbf_template *tpl, const char *s, size_t n, dbf__labelled *out,
                          size_t max) {
  size_t found = 0;
  if (!tpl || !s)
    return 0;
  const dbf_template_field *range = sole_range(tpl);
  for (size_t b = 0; b < n && found < max;) {
    size_t e = b;
    while (e < n && s[e] != '\n')
      e++;
    if (read_line(tpl, range, s, b, e, &out[found]))
      found++;
    b = e + 1;
  }
  return found;
}

const dbf_template_field *dbf__labelled_owner(const dbf_template *tpl, const char *label,
                                              const dbf_template_field *self, bool *usable) {
  char words[LABEL_MAX_BYTES + 8];
  bool ok = label && label_words(label, strlen(label), words, sizeof words);
  if (usable)
    *usable = ok;
  for (size_t i = 0; ok && i < tpl->n_fields; i++)
    if (&tpl->fields[i] != self && tpl->fields[i].key && names_field(&tpl->fields[i], words))
      return &tpl->fields[i];
  return NULL;
}
