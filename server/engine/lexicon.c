/*
 * lexicon.c - loading lexicon files and matching them against answers
 * (format in lexicon.h).
 *
 * Aliases are bucketed by their first (lower-cased) byte and sorted longest
 * first inside a bucket, so a match at one position costs one bucket walk
 * and the first hit is the longest. Everything is built once at load time;
 * matching never allocates.
 */
#include "engine/lexicon.h"

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/alloc.h"
#include "core/buf.h"
#include "engine/text.h"

#define LEX_MAX_FILE   (2u * 1024u * 1024u) /* one lexicon file */
#define LEX_MAX_FILES  128u                 /* files per directory */
#define LEX_MAX_ALIAS  256u                 /* bytes per alias */
#define LEX_MAX_FIELDS 32u                  /* @fields keys per file */

typedef struct lex_alias {
  char *text;
  size_t len;
  size_t entry;
  bool exact_case; /* "=" prefix: "Go" the language, not "go" the verb */
} lex_alias;

struct dbf__lexicon {
  char *name;
  char **fields;
  size_t n_fields;
  char **canon;
  size_t n_canon, cap_canon;
  lex_alias *aliases;
  size_t n_aliases, cap_aliases;
  size_t bucket[257]; /* aliases with first byte b are [bucket[b], bucket[b+1]) */
};

struct dbf_lexicons {
  dbf__lexicon *items;
  size_t n;
};

static void lexicon_clear(dbf__lexicon *l) {
  dbf_free(l->name);
  for (size_t i = 0; i < l->n_fields; i++)
    dbf_free(l->fields[i]);
  dbf_free(l->fields);
  for (size_t i = 0; i < l->n_canon; i++)
    dbf_free(l->canon[i]);
  dbf_free(l->canon);
  for (size_t i = 0; i < l->n_aliases; i++)
    dbf_free(l->aliases[i].text);
  dbf_free(l->aliases);
  memset(l, 0, sizeof(*l));
}

void dbf_lexicons_free(dbf_lexicons *lex) {
  if (!lex)
    return;
  for (size_t i = 0; i < lex->n; i++)
    lexicon_clear(&lex->items[i]);
  dbf_free(lex->items);
  dbf_free(lex);
}

/* Grows an array of elem-sized items to hold one more; checked for overflow. */
static dbf_err grow(void **arr, size_t *cap, size_t n, size_t elem) {
  if (n < *cap)
    return DBF_OK;
  size_t nc = *cap ? *cap * 2 : 16;
  if (nc > ((size_t)-1) / elem)
    return DBF_ERR_NOMEM;
  void *p = dbf_realloc(*arr, nc * elem);
  if (!p)
    return DBF_ERR_NOMEM;
  *arr = p;
  *cap = nc;
  return DBF_OK;
}

static dbf_err add_alias(dbf__lexicon *l, const char *s, size_t len, size_t entry) {
  bool exact = false;
  if (len > 0 && s[0] == '=') {
    exact = true;
    s++;
    len--;
  }
  dbf_span sp = {0, len};
  while (sp.len > 0 && dbf__tx_isspace((unsigned char)s[sp.off])) {
    sp.off++;
    sp.len--;
  }
  while (sp.len > 0 && dbf__tx_isspace((unsigned char)s[sp.off + sp.len - 1]))
    sp.len--;
  if (sp.len == 0 || sp.len > LEX_MAX_ALIAS)
    return DBF_OK;
  /* Skip an alias already present for the same entry (canonical repeated). */
  for (size_t i = 0; i < l->n_aliases; i++) {
    const lex_alias *a = &l->aliases[i];
    if (a->entry == entry && a->len == sp.len && a->exact_case == exact &&
        dbf__tx_ieqn(a->text, s + sp.off, sp.len))
      return DBF_OK;
  }
  dbf_err rc = grow((void **)&l->aliases, &l->cap_aliases, l->n_aliases, sizeof(lex_alias));
  if (rc)
    return rc;
  char *t = dbf_strndup(s + sp.off, sp.len);
  if (!t)
    return DBF_ERR_NOMEM;
  l->aliases[l->n_aliases++] = (lex_alias){t, sp.len, entry, exact};
  return DBF_OK;
}

/* Parses one "canonical | alias | ..." line. */
static dbf_err parse_entry(dbf__lexicon *l, const char *line, size_t len) {
  dbf_err rc;
  const char *bar = memchr(line, '|', len);
  size_t clen = bar ? (size_t)(bar - line) : len;
  const char *c = line;
  bool exact = clen > 0 && c[0] == '=';
  size_t coff = exact ? 1 : 0;
  /* Only whitespace is trimmed: canonical names such as
     "Node.js" or ".NET" keep their punctuation. */
  dbf_span sp = {coff, clen - coff};
  while (sp.len > 0 && dbf__tx_isspace((unsigned char)c[sp.off])) {
    sp.off++;
    sp.len--;
  }
  while (sp.len > 0 && dbf__tx_isspace((unsigned char)c[sp.off + sp.len - 1]))
    sp.len--;
  if (sp.len == 0 || sp.len > LEX_MAX_ALIAS)
    return DBF_OK;
  rc = grow((void **)&l->canon, &l->cap_canon, l->n_canon, sizeof(char *));
  if (rc)
    return rc;
  char *canon = dbf_strndup(c + sp.off, sp.len);
  if (!canon)
    return DBF_ERR_NOMEM;
  size_t entry = l->n_canon;
  l->canon[l->n_canon++] = canon;
  if (exact) {
    char tmp[LEX_MAX_ALIAS + 2];
    tmp[0] = '=';
    memcpy(tmp + 1, canon, sp.len);
    rc = add_alias(l, tmp, sp.len + 1, entry);
  } else {
    rc = add_alias(l, canon, sp.len, entry);
  }
  if (rc)
    return rc;
  while (bar) {
    const char *a = bar + 1;
    size_t rest = len - (size_t)(a - line);
    bar = memchr(a, '|', rest);
    size_t alen = bar ? (size_t)(bar - a) : rest;
    rc = add_alias(l, a, alen, entry);
    if (rc)
      return rc;
  }
  return DBF_OK;
}

static dbf_err parse_fields(dbf__lexicon *l, const char *s, size_t len) {
  size_t i = 0;
  while (i < len && l->n_fields < LEX_MAX_FIELDS) {
    while (i < len && (s[i] == ' ' || s[i] == ',' || s[i] == '\t'))
      i++;
    size_t b = i;
    while (i < len && s[i] != ' ' && s[i] != ',' && s[i] != '\t')
      i++;
    if (i == b)
      break;
    char **nf = dbf_realloc(l->fields, (l->n_fields + 1) * sizeof(char *));
    if (!nf)
      return DBF_ERR_NOMEM;
    l->fields = nf;
    if (!(l->fields[l->n_fields] = dbf_strndup(s + b, i - b)))
      return DBF_ERR_NOMEM;
    l->n_fields++;
  }
  return DBF_OK;
}

static int alias_cmp(const void *pa, const void *pb) {
  const lex_alias *a = pa, *b = pb;
  unsigned char ca = (unsigned char)dbf__tx_lower(a->text[0]);
  unsigned char cb = (unsigned char)dbf__tx_lower(b->text[0]);
  if (ca != cb)
    return ca < cb ? -1 : 1;
  if (a->len != b->len)
    return a->len > b->len ? -1 : 1;
  return strcmp(a->text, b->text);
}

static void build_buckets(dbf__lexicon *l) {
  if (l->n_aliases > 1)
    qsort(l->aliases, l->n_aliases, sizeof(lex_alias), alias_cmp);
  size_t j = 0;
  for (size_t b = 0; b < 256; b++) {
    l->bucket[b] = j;
    while (j < l->n_aliases && (unsigned char)dbf__tx_lower(l->aliases[j].text[0]) == b)
      j++;
  }
  l->bucket[256] = l->n_aliases;
}

static dbf_err parse_file(dbf__lexicon *l, const char *data, size_t len) {
  size_t i = 0;
  while (i < len) {
    size_t e = i;
    while (e < len && data[e] != '\n')
      e++;
    size_t b = i, ll = e - i;
    i = e + 1;
    while (ll > 0 && (data[b] == ' ' || data[b] == '\t')) {
      b++;
      ll--;
    }
    while (ll > 0 && (data[b + ll - 1] == '\r' || data[b + ll - 1] == ' '))
      ll--;
    if (ll == 0 || data[b] == '#')
      continue;
    dbf_err rc;
    if (ll > 7 && memcmp(data + b, "@fields", 7) == 0)
      rc = parse_fields(l, data + b + 7, ll - 7);
    else if (data[b] == '@')
      rc = DBF_OK; /* unknown directive: ignored so newer files load */
    else
      rc = parse_entry(l, data + b, ll);
    if (rc)
      return rc;
  }
  build_buckets(l);
  return DBF_OK;
}

static dbf_err read_file(const char *path, dbf_buf *b, dbf_status *st) {
  FILE *f = fopen(path, "rb");
  if (!f)
    return dbf_fail(st, DBF_ERR_IO, "cannot open lexicon %s", path);
  dbf_err rc = DBF_OK;
  char chunk[8192];
  size_t got;
  while ((got = fread(chunk, 1, sizeof(chunk), f)) > 0) {
    rc = dbf_buf_append(b, chunk, got);
    if (rc) {
      rc = dbf_fail(st, rc, "lexicon %s is too big or memory ran out", path);
      break;
    }
  }
  if (!rc && ferror(f))
    rc = dbf_fail(st, DBF_ERR_IO, "cannot read lexicon %s", path);
  fclose(f);
  return rc;
}

static int name_cmp(const void *a, const void *b) {
  return strcmp(((const dbf__lexicon *)a)->name, ((const dbf__lexicon *)b)->name);
}

dbf_err dbf_lexicons_load(const char *dir, dbf_lexicons **out, dbf_status *st) {
  dbf_err rc = DBF_OK;
  dbf_lexicons *lx = NULL;
  DIR *d = NULL;
  dbf_buf b;
  dbf_buf_init(&b, LEX_MAX_FILE);
  *out = NULL;
  if (!dir) {
    rc = dbf_fail(st, DBF_ERR_INVALID, "no lexicon directory given");
    goto out;
  }
  lx = dbf_calloc(1, sizeof(*lx));
  if (!lx) {
    rc = dbf_fail(st, DBF_ERR_NOMEM, "out of memory loading lexicons");
    goto out;
  }
  d = opendir(dir);
  if (!d) {
    rc = dbf_fail(st, DBF_ERR_NOT_FOUND, "lexicon directory %s cannot be opened", dir);
    goto out;
  }
  lx->items = dbf_calloc(LEX_MAX_FILES, sizeof(dbf__lexicon));
  if (!lx->items) {
    rc = dbf_fail(st, DBF_ERR_NOMEM, "out of memory loading lexicons");
    goto out;
  }
  struct dirent *de;
  while ((de = readdir(d)) != NULL) {
    size_t nl = strlen(de->d_name);
    if (nl < 5 || de->d_name[0] == '.' || strcmp(de->d_name + nl - 4, ".txt") != 0)
      continue;
    if (lx->n >= LEX_MAX_FILES) {
      rc = dbf_fail(st, DBF_ERR_TOO_BIG, "more than %u lexicon files in %s", LEX_MAX_FILES, dir);
      goto out;
    }
    char path[4096];
    int pn = snprintf(path, sizeof(path), "%s/%s", dir, de->d_name);
    if (pn < 0 || (size_t)pn >= sizeof(path)) {
      rc = dbf_fail(st, DBF_ERR_INVALID, "lexicon path too long in %s", dir);
      goto out;
    }
    dbf_buf_reset(&b);
    rc = read_file(path, &b, st);
    if (rc)
      goto out;
    dbf__lexicon *l = &lx->items[lx->n++];
    l->name = dbf_strndup(de->d_name, nl - 4);
    if (!l->name || (rc = parse_file(l, b.data ? b.data : "", b.len)) != DBF_OK) {
      rc = dbf_fail(st, DBF_ERR_NOMEM, "out of memory parsing lexicon %s", path);
      goto out;
    }
  }
  /* readdir order is arbitrary; sort so lookups are reproducible. */
  if (lx->n > 1)
    qsort(lx->items, lx->n, sizeof(dbf__lexicon), name_cmp);
  *out = lx;
  lx = NULL;
out:
  if (d)
    closedir(d);
  dbf_buf_free(&b);
  dbf_lexicons_free(lx);
  return rc;
}

const dbf__lexicon *dbf__lex_get(const dbf_lexicons *lx, const char *name) {
  if (!lx || !name)
    return NULL;
  for (size_t i = 0; i < lx->n; i++) {
    if (strcmp(lx->items[i].name, name) == 0)
      return &lx->items[i];
  }
  return NULL;
}

const dbf__lexicon *dbf__lex_for_field(const dbf_lexicons *lx, const char *key) {
  if (!lx || !key)
    return NULL;
  for (size_t i = 0; i < lx->n; i++) {
    for (size_t f = 0; f < lx->items[i].n_fields; f++) {
      if (strcmp(lx->items[i].fields[f], key) == 0)
        return &lx->items[i];
    }
  }
  return NULL;
}

const char *dbf__lex_canon(const dbf__lexicon *l, size_t i) {
  return (l && i < l->n_canon) ? l->canon[i] : "";
}

size_t dbf__lex_size(const dbf__lexicon *l) {
  return l ? l->n_canon : 0;
}

/* "Go with the formal title.": a case-exact name that is also an everyday
   word ("Go"), capitalized only because it opens a sentence and followed
   by a word that goes with the everyday sense. */
static bool word_at_sentence_start(const char *s, size_t n, size_t off, size_t len) {
  size_t b = off;
  while (b > 0 && s[b - 1] == ' ')
    b--;
  if (b > 0 && !strchr(".!?\n", s[b - 1]))
    return false;
  static const char *const after[] = {"with ", "ahead", "back",   "for ",  "to ", "through",
                                      "on ",   "live",  "over",   "out",   "up ", "down ",
                                      "into ", "home",  "figure", "check", NULL};
  size_t q = off + len;
  if (q >= n || s[q] != ' ')
    return false;
  q++;
  for (size_t k = 0; after[k]; k++) {
    size_t l = strlen(after[k]);
    if (q + l <= n && memcmp(s + q, after[k], l) == 0)
      return true;
  }
  return false;
}

bool dbf__lex_match_at(const dbf__lexicon *l, const char *s, size_t n, size_t off,
                       dbf__lex_match *m) {
  if (!l || off >= n)
    return false;
  unsigned char b = (unsigned char)dbf__tx_lower(s[off]);
  for (size_t i = l->bucket[b]; i < l->bucket[b + 1]; i++) {
    const lex_alias *a = &l->aliases[i];
    if (a->len > n - off)
      continue;
    bool eq = a->exact_case ? memcmp(s + off, a->text, a->len) == 0
                            : dbf__tx_ieqn(s + off, a->text, a->len);
    if (eq && dbf__tx_is_word_at(s, n, off, a->len) &&
        !(a->exact_case && word_at_sentence_start(s, n, off, a->len))) {
      m->off = off;
      m->len = a->len;
      m->entry = a->entry;
      return true;
    }
  }
  return false;
}

/* "ICH-GCP": an acronym joined by a hyphen to the word before it is part
   of that name, not an entry of its own. */
static bool acronym_in_compound(const char *s, size_t off, size_t len) {
  if (off < 2 || s[off - 1] != '-' || !dbf__tx_isalnum((unsigned char)s[off - 2]))
    return false;
  for (size_t k = off; k < off + len; k++)
    if (!dbf__tx_isupper((unsigned char)s[k]))
      return false;
  return true;
}

/* "R&D", "P&L", "Series C", "Plan B": a one-letter entry (the R or C
   language) is no name when it is a letter of a compound or follows a
   capitalized word as its grade. */
static bool letter_in_compound(const char *s, size_t n, size_t off, size_t len) {
  if (len != 1)
    return false;
  if ((off + 1 < n && s[off + 1] == '&') || (off > 0 && s[off - 1] == '&'))
    return true;
  size_t b = off;
  if (b < 2 || s[b - 1] != ' ' || !dbf__tx_islower((unsigned char)s[b - 2]))
    return false;
  b--;
  while (b > 0 && dbf__tx_isalnum((unsigned char)s[b - 1]))
    b--;
  /* A capitalized word inside a sentence, not one that opens it. */
  return off - b > 3 && dbf__tx_isupper((unsigned char)s[b]) && b >= 2 && s[b - 1] == ' ' &&
         dbf__tx_isalnum((unsigned char)s[b - 2]);
}

size_t dbf__lex_scan(const dbf__lexicon *l, const char *s, size_t n, dbf__lex_match *out,
                     size_t max) {
  size_t cnt = 0;
  if (!l)
    return 0;
  for (size_t i = 0; i < n && cnt < max;) {
    /* Only try positions where a word can start. */
    if (i > 0 && dbf__tx_isalnum((unsigned char)s[i - 1]) && dbf__tx_isalnum((unsigned char)s[i])) {
      i++;
      continue;
    }
    dbf__lex_match m;
    if (dbf__lex_match_at(l, s, n, i, &m) && !acronym_in_compound(s, i, m.len) &&
        !letter_in_compound(s, n, i, m.len)) {
      out[cnt++] = m;
      i += m.len;
    } else {
      i++;
    }
  }
  return cnt;
}

/* "sap" opens "sap s/4hana", "google" opens "google sheets": what the
   aliases that begin with a maker's name say after it. */
size_t dbf__lex_alias_rests(const dbf__lexicon *l, const char *s, size_t n, const char **out,
                            size_t max) {
  if (!l || n == 0)
    return 0;
  size_t cnt = 0;
  unsigned char b = (unsigned char)dbf__tx_lower(s[0]);
  for (size_t i = l->bucket[b]; i < l->bucket[b + 1] && cnt < max; i++) {
    const lex_alias *a = &l->aliases[i];
    if (a->len > n + 1 && a->text[n] == ' ' && dbf__tx_ieqn(a->text, s, n))
      out[cnt++] = a->text + n + 1;
  }
  return cnt;
}

bool dbf__lex_any(const dbf__lexicon *l, const char *s, size_t n) {
  dbf__lex_match m;
  return dbf__lex_scan(l, s, n, &m, 1) > 0;
}

long dbf__lex_find_canon(const dbf__lexicon *l, const char *name) {
  if (!l || !name)
    return -1;
  size_t nl = strlen(name);
  for (size_t i = 0; i < l->n_canon; i++) {
    if (strlen(l->canon[i]) == nl && dbf__tx_ieqn(l->canon[i], name, nl))
      return (long)i;
  }
  return -1;
}
