/*
 * util.c - helpers the rule modules share (rules.h): reading spans and
 * sentences, recording values, names and corrections.
 */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "engine/lexicon.h"
#include "engine/rules/registry.h"
#include "engine/rules/rules.h"

/* Words that make an answer tentative ("I think", "maybe"). */
const char *const dbf__rx_hedges[] = {
    "i think",        "maybe",       "probably", "not sure",     "i guess",       "kind of",
    "sort of",        "possibly",    "perhaps",  "i believe",    "if i remember", "iirc",
    "don't remember", "not certain", "might",    "i'm not sure", "hard to say",   "unclear",
    "i suppose",      "could be",    NULL};

/* The correction-cue lexicon of the answer's session, or NULL. */
static const dbf__lexicon *correction_lexicon(const dbf__rx *x) {
  return x->ctx ? dbf__lex_get(x->ctx->lex, "correction_cues") : NULL;
}

size_t dbf__rx_find_correction(const dbf__rx *x, size_t end, size_t from, size_t *len) {
  const dbf__lexicon *l = correction_lexicon(x);
  size_t best = (size_t)-1, best_len = 0;
  for (size_t i = 0; i < dbf__lex_size(l); i++) {
    const char *cue = dbf__lex_canon(l, i);
    size_t p = dbf__tx_find_word(x->s, end, from, cue);
    if (p < best) {
      best = p;
      best_len = strlen(cue);
    }
  }
  if (len)
    *len = best_len;
  return best;
}

/* A word said around a repair that adds nothing to it: a hesitation, or
   "wait", "oh", "sorry". */
static bool repair_filler(const char *s, size_t n) {
  static const char *const k_asides[] = {"wait", "oh", "sorry", NULL};
  return dbf__tx_hesitation(s, n) || dbf__tx_word_in(s, n, k_asides);
}

/* Length of the word at x->s[p] (letters and digits, before end). */
static size_t word_at(const dbf__rx *x, size_t p, size_t end) {
  size_t q = p;
  while (q < end && dbf__tx_isalnum((unsigned char)x->s[q]))
    q++;
  return q - p;
}

size_t dbf__rx_past_repair(const dbf__rx *x, size_t p, size_t end) {
  size_t q = p;
  bool any = false;
  for (;;) {
    size_t len = 0, w = word_at(x, q, end);
    if (q < end && dbf__rx_find_correction(x, end < q + 24 ? end : q + 24, q, &len) == q && len)
      q += len;
    else if (w == 2 && dbf__tx_ieqn(x->s + q, "no", 2))
      q += w;
    else if (any && w > 0 && repair_filler(x->s + q, w))
      q += w;
    else
      break;
    any = true;
    while (q < end && strchr(" ,:-", x->s[q]))
      q++;
  }
  return any ? q : (size_t)-1;
}

size_t dbf__rx_bare_no_before(const dbf__rx *x, size_t at, size_t *from) {
  dbf_span w = dbf__tx_word_before(x->s, at);
  for (int k = 0; k < 2 && w.len && repair_filler(x->s + w.off, w.len); k++)
    w = dbf__tx_word_before(x->s, w.off);
  if (w.len != 2 || !dbf__tx_ieqn(x->s + w.off, "no", 2))
    return (size_t)-1;
  size_t start = w.off;
  for (int k = 0; k < 2; k++) {
    dbf_span f = dbf__tx_word_before(x->s, start);
    if (!f.len || !repair_filler(x->s + f.off, f.len))
      break;
    start = f.off;
  }
  if (from)
    *from = start;
  return w.off;
}

/* The words of s[0..n) lower-cased, one space between them, punctuation
   dropped, into out (cap bytes); false when they do not fit. */
static bool bare_words(const char *s, size_t n, char *out, size_t cap) {
  size_t k = 0;
  for (size_t i = 0; i < n; i++) {
    char c = s[i];
    if (dbf__tx_isalnum((unsigned char)c) || c == '\'') {
      if (k + 1 >= cap)
        return false;
      out[k++] = dbf__tx_lower(c);
    } else if (k > 0 && out[k - 1] != ' ') {
      if (k + 1 >= cap)
        return false;
      out[k++] = ' ';
    }
  }
  while (k > 0 && out[k - 1] == ' ')
    k--;
  out[k] = '\0';
  return true;
}

bool dbf__rx_is_correction(const dbf__rx *x, size_t b, size_t e) {
  char said[48], cue[48];
  if (e <= b || !bare_words(x->s + b, e - b, said, sizeof said) || !said[0])
    return false;
  const dbf__lexicon *l = correction_lexicon(x);
  for (size_t i = 0; i < dbf__lex_size(l); i++) {
    const char *c = dbf__lex_canon(l, i);
    if (bare_words(c, strlen(c), cue, sizeof cue) && strcmp(cue, said) == 0)
      return true;
  }
  return false;
}

bool dbf__rx_field_targeted(const dbf__rx *x, const char *key) {
  for (size_t i = 0; i < x->n_targets; i++) {
    if (x->targets[i] && strcmp(x->targets[i], key) == 0)
      return true;
  }
  return false;
}

bool dbf__rx_has_item_key(const dbf_template_field *f, const char *k) {
  for (size_t i = 0; i < f->n_item_keys; i++) {
    if (f->item_keys[i] && strcmp(f->item_keys[i], k) == 0)
      return true;
  }
  return false;
}

/* Confidence of the record's entry for key, -1 when absent. */
double dbf__rx_rec_conf(const dbf__rx *x, const char *key) {
  const json_t *e = json_is_object(x->ctx->record) ? json_object_get(x->ctx->record, key) : NULL;
  const json_t *c = json_is_object(e) ? json_object_get(e, "confidence") : NULL;
  return json_is_number(c) ? json_number_value(c) : -1.0;
}

/* Cross-field list mentions are only taken while the field is not filled. */
bool dbf__rx_cross_list_ok(const dbf__rx *x, const char *key) {
  return dbf__rx_rec_conf(x, key) < 0.6;
}

double dbf__rx_hedge(const dbf__rx *x, double c) {
  if (x->routed)
    c *= ROUTED_FACTOR;
  return x->hedged ? c * HEDGE_FACTOR : c;
}

/* Words that carry no content of their own when a sentence is weighed,
   besides the function words of text.c: fillers, hedges, contractions. */
static const char *const k_filler_words[] = {"been",
                                             "am",
                                             "around",
                                             "roughly",
                                             "probably",
                                             "think",
                                             "guess",
                                             "said",
                                             "want",
                                             "wants",
                                             "need",
                                             "needs",
                                             "will",
                                             "ll",
                                             "s",
                                             "re",
                                             "m",
                                             "d",
                                             "ve",
                                             "t",
                                             "pretty",
                                             "any",
                                             "per",
                                             "each",
                                             "every",
                                             "up",
                                             "end",
                                             "till",
                                             "still",
                                             "currently",
                                             "approximately",
                                             "idea",
                                             "know",
                                             "honestly",
                                             "hmm",
                                             "exactly",
                                             "right",
                                             NULL};

bool dbf__rx_is_empty_word(const char *w, size_t n) {
  if (dbf__tx_function_word(w, n))
    return true;
  return dbf__tx_word_in(w, n, k_filler_words);
}

size_t dbf__rx_content_words(const dbf__rx *x, dbf_span sent, const dbf_span *cover, size_t n) {
  size_t content = 0;
  size_t i = sent.off, end = sent.off + sent.len;
  while (i < end) {
    while (i < end && !dbf__tx_isalnum((unsigned char)x->s[i]))
      i++;
    size_t b = i;
    while (i < end && (dbf__tx_isalnum((unsigned char)x->s[i]) || x->s[i] == '-'))
      i++;
    if (i == b)
      break;
    bool covered = false;
    for (size_t k = 0; k < n && !covered; k++)
      covered = b >= cover[k].off && b < cover[k].off + cover[k].len;
    if (covered)
      continue;
    if (!dbf__rx_is_empty_word(x->s + b, i - b))
      content++;
  }
  return content;
}

bool dbf__rx_dominates(const dbf__rx *x, dbf_span sent, const dbf_span *cover, size_t n) {
  return dbf__rx_content_words(x, sent, cover, n) <= 2;
}

json_t *dbf__rx_jstr_span(const dbf__rx *x, dbf_span sp) {
  char buf[ITEM_CAP];
  dbf__tx_copy(x->s, sp, buf, sizeof(buf));
  return buf[0] ? json_string(buf) : NULL;
}

bool dbf__rx_sentence_is_correction(const dbf__rx *x, size_t off) {
  for (size_t i = 0; i < x->n_sent; i++) {
    if (off >= x->sent[i].off && off < x->sent[i].off + x->sent[i].len)
      return x->sent_correction[i];
  }
  return false;
}

/* The sentence containing off. */
dbf_span dbf__rx_sentence_of(const dbf__rx *x, size_t off) {
  for (size_t i = 0; i < x->n_sent; i++) {
    if (off >= x->sent[i].off && off < x->sent[i].off + x->sent[i].len)
      return x->sent[i];
  }
  return (dbf_span){0, x->n};
}

dbf_span dbf__rx_clause_of(const dbf__rx *x, size_t off) {
  dbf_span cl[16];
  size_t nc = dbf__tx_clauses(x->s, dbf__rx_sentence_of(x, off), cl, 16);
  for (size_t c = 0; c < nc; c++)
    if (off >= cl[c].off && off < cl[c].off + cl[c].len)
      return cl[c];
  return (dbf_span){off, 0};
}

bool dbf__rx_span_has_any(const dbf__rx *x, dbf_span sp, const char *const *words) {
  return dbf__tx_find_any(x->s, sp.off + sp.len, sp.off, words, NULL) != (size_t)-1;
}

bool dbf__rx_str_ieq(const char *a, const char *b) {
  size_t la = strlen(a);
  return la == strlen(b) && dbf__tx_ieqn(a, b, la);
}

/* Identity of a list item for de-duplication: the string, or an object's first key. */
static const char *item_identity(const json_t *v) {
  if (json_is_string(v))
    return json_string_value(v);
  if (json_is_object(v)) {
    static const char *const ids[] = {"name", "action", "metric", "title", NULL};
    for (size_t k = 0; ids[k]; k++) {
      const json_t *s = json_object_get(v, ids[k]);
      if (json_is_string(s))
        return json_string_value(s);
    }
    const char *k1;
    json_t *v1;
    json_object_foreach((json_t *)v, k1, v1) {
      if (json_is_string(v1))
        return json_string_value(v1);
    }
  }
  return NULL;
}

/* Index of an item in arr with the same identity, or -1. */
static long find_item(const json_t *arr, const json_t *item) {
  const char *id = item_identity(item);
  size_t i;
  const json_t *v;
  json_array_foreach(arr, i, v) {
    const char *vid = item_identity(v);
    if (id && vid ? dbf__rx_str_ieq(id, vid) : json_equal((json_t *)v, (json_t *)item))
      return (long)i;
  }
  return -1;
}

/* Appends item (stolen) to arr unless an equal item exists; fills gaps of objects. */
bool dbf__rx_union_item(json_t *arr, json_t *item) {
  if (!item)
    return false;
  long at = find_item(arr, item);
  if (at < 0) {
    if (json_array_size(arr) >= 64) { /* hard cap on any merged list */
      json_decref(item);
      return false;
    }
    json_array_append_new(arr, item);
    return true;
  }
  bool changed = false;
  json_t *old = json_array_get(arr, (size_t)at);
  if (json_is_object(old) && json_is_object(item)) {
    const char *k;
    json_t *v;
    json_object_foreach(item, k, v) {
      const json_t *ov = json_object_get(old, k);
      if (!ov || (json_is_string(ov) && json_string_length(ov) == 0)) {
        json_object_set(old, k, v);
        changed = true;
      }
    }
  }
  json_decref(item);
  return changed;
}

/*
 * Records a value for key in the updates (value stolen). Lists union with
 * what this answer already produced; scalars keep the more confident one.
 */
void dbf__rx_put(dbf__rx *x, const char *key, json_t *value, double conf, bool replace) {
  if (!value)
    return;
  if (json_is_array(value) && json_array_size(value) == 0) {
    json_decref(value);
    return;
  }
  if (conf > 1.0)
    conf = 1.0;
  json_t *cur = json_object_get(x->updates, key);
  if (cur) {
    json_t *cv = json_object_get(cur, "value");
    double cc = json_number_value(json_object_get(cur, "confidence"));
    if (json_is_array(cv) && json_is_array(value)) {
      size_t i;
      json_t *v;
      json_array_foreach(value, i, v) dbf__rx_union_item(cv, json_incref(v));
      json_decref(value);
      if (conf > cc)
        json_object_set_new(cur, "confidence", json_real(conf));
      if (replace)
        json_object_set_new(cur, "replace", json_true());
      return;
    }
    if (cc > conf && !replace) {
      json_decref(value);
      return;
    }
  }
  json_t *e = json_object();
  if (!e) {
    json_decref(value);
    return;
  }
  json_object_set_new(e, "value", value);
  json_object_set_new(e, "confidence", json_real(round(conf * 1000.0) / 1000.0));
  json_object_set_new(e, "evidence_seq", json_integer(x->ctx->seq));
  json_object_set_new(e, "source", json_string("rule"));
  if (replace)
    json_object_set_new(e, "replace", json_true());
  json_object_set_new(x->updates, key, e);
}

void dbf__rx_withdraw_inferred(dbf__rx *x, const char *key) {
  const json_t *e = json_is_object(x->ctx->record) ? json_object_get(x->ctx->record, key) : NULL;
  const char *src = json_string_value(json_object_get(e, "source"));
  double c = dbf__rx_rec_conf(x, key);
  if (!e || c < 0 || c >= CONF_TARGET_LOOSE || (src && strcmp(src, "rule") != 0))
    return;
  json_t *u = json_pack("{s:[], s:f, s:I, s:s, s:b}", "value", "confidence", CONF_TARGET,
                        "evidence_seq", (json_int_t)x->ctx->seq, "source", "rule", "replace", 1);
  if (u)
    json_object_set_new(x->updates, key, u);
}

void dbf__rx_add_str(json_t *arr, const char *s) {
  if (!s || !*s || json_array_size(arr) >= MAX_ITEMS)
    return;
  dbf__rx_union_item(arr, json_string(s));
}

void dbf__rx_add_span(dbf__rx *x, json_t *arr, dbf_span sp) {
  if (sp.len == 0 || json_array_size(arr) >= MAX_ITEMS)
    return;
  dbf__rx_union_item(arr, dbf__rx_jstr_span(x, sp));
}

/* Upper-cases the first letter of each word except short function words. */
void dbf__rx_title_case(char *s) {
  static const char *const small[] = {"of", "and", "for", "the", "to", "in", "on", "&",
                                      "de", "du",  "des", "del", "da", "di", NULL};
  size_t i = 0, n = strlen(s);
  while (i < n) {
    size_t b = i;
    while (i < n && s[i] != ' ')
      i++;
    bool keep = false;
    for (size_t k = 0; small[k] && b > 0; k++)
      keep = keep || (strlen(small[k]) == i - b && dbf__tx_ieqn(s + b, small[k], i - b));
    if (!keep && s[b] >= 'a' && s[b] <= 'z')
      s[b] = (char)(s[b] - 'a' + 'A');
    /* A grade after a title is in capitals: "Analyst II", "Worker III". */
    static const char *const grades[] = {"ii", "iii", "iv", NULL};
    if (b > 0 && dbf__tx_word_in(s + b, i - b, grades))
      for (size_t k = b; k < i; k++)
        s[k] = (char)(s[k] >= 'a' && s[k] <= 'z' ? s[k] - 'a' + 'A' : s[k]);
    while (i < n && s[i] == ' ')
      i++;
  }
}

/* The case of the short form a spelled-out word takes: "Mgr" and "MGR"
   give "Manager", "mgr" gives "manager". */
static void copy_in_case_of(char *dst, const char *canon, size_t n, char first) {
  memcpy(dst, canon, n);
  if (dbf__tx_isupper((unsigned char)first) && dst[0] >= 'a' && dst[0] <= 'z')
    dst[0] = (char)(dst[0] - 'a' + 'A');
}

bool dbf__rx_spell_out(const dbf_lexicons *lex, const char *s, char *out, size_t cap) {
  const dbf__lexicon *l = dbf__lex_get(lex, "abbreviations");
  size_t n = strlen(s), o = 0;
  bool changed = false;
  if (!l || cap == 0)
    return false;
  for (size_t i = 0; i < n;) {
    dbf__lex_match m;
    bool word_start = i == 0 || !dbf__tx_isalnum((unsigned char)s[i - 1]);
    if (word_start && dbf__lex_match_at(l, s, n, i, &m)) {
      const char *canon = dbf__lex_canon(l, m.entry);
      size_t cn = strlen(canon);
      if (cn != m.len || !dbf__tx_ieqn(canon, s + i, cn)) {
        if (o + cn >= cap)
          return false;
        copy_in_case_of(out + o, canon, cn, s[i]);
        o += cn;
        i += m.len;
        /* The period of the short form ("Mgr.") goes with it. */
        if (i < n && s[i] == '.' && (i + 1 == n || s[i + 1] == ' ' || s[i + 1] == ','))
          i++;
        changed = true;
        continue;
      }
    }
    if (o + 1 >= cap)
      return false;
    out[o++] = s[i++];
  }
  out[o] = '\0';
  return changed;
}

const char *const dbf__rx_decision_cues[] = {
    "decide",    "decides",   "decision", "decided", "sign",          "signs",    "signed",
    "signature", "sign off",  "sign-off", "approve", "approval",      "approves", "commit",
    "choose",    "pick",      "select",   "go live", "go-live",       "launch",   "close",
    "deadline",  "final say", "by",       "before",  "no later than", "target",   "timeline",
    "contract",  "start",     NULL};

void dbf__rx_date_iso(const dbf__date *d, char *out, size_t cap) {
  dbf__date_format(d, out, cap);
}

/* Past-tense cues: the date already happened ("was awarded on June 12th"). */

/* The offset of the correction cue in a correcting sentence, or (size_t)-1. */
size_t dbf__rx_correction_at(const dbf__rx *x, size_t off) {
  if (!dbf__rx_sentence_is_correction(x, off))
    return (size_t)-1;
  dbf_span sent = dbf__rx_sentence_of(x, off);
  return dbf__rx_find_correction(x, sent.off + sent.len, sent.off, NULL);
}

/* ------------------------------------------------------------ competitors */

/* The capitalized run (a name) starting at or after p within sp; length 0 if none. */
dbf_span dbf__rx_cap_run(const dbf__rx *x, size_t p, size_t end) {
  while (p < end && x->s[p] == ' ')
    p++;
  size_t b = p, e = p;
  /* Up to six words: "Te Awa District Health Board", "Pennine Community
     Health NHS Trust", "Cipresso & Co. Weddings". */
  for (int w = 0; w < 6 && e < end; w++) {
    /* A capital in UTF-8 too: "École", "Ñandú". */
    if (!(dbf__rx_cap_at(x, e) || (x->s[e] >= '0' && x->s[e] <= '9')))
      break;
    while (e < end &&
           (dbf__tx_isalnum((unsigned char)x->s[e]) || x->s[e] == '.' || x->s[e] == '-' ||
            x->s[e] == '&' || x->s[e] == '\'' || (unsigned char)x->s[e] >= 0x80))
      e++;
    bool abbrev_dot =
        e < end && x->s[e - 1] == '.' && e >= 3 &&
        (dbf__tx_ieqn(x->s + e - 3, "Co.", 3) || dbf__tx_ieqn(x->s + e - 3, "St.", 3));
    if (e < end && x->s[e - 1] == '.' &&
        !(abbrev_dot && e + 1 < end && x->s[e] == ' ' &&
          dbf__tx_isupper((unsigned char)x->s[e + 1])))
      e--;
    if (e + 1 < end && x->s[e] == ' ' && dbf__tx_isupper((unsigned char)x->s[e + 1]))
      e++;
    else
      break;
  }
  dbf_span sp = dbf__tx_trim(x->s, (dbf_span){b, e - b});
  return sp;
}

bool dbf__rx_cap_at(const dbf__rx *x, size_t p) {
  return p < x->n && dbf__tx_capital_at(x->s + p, x->n - p);
}

/* a equals b (n bytes) as written, or in any case when the answer was
   typed in lower case ("pte. ltd." for "Pte. Ltd."). */
static bool same_case_or_typed_lower(const dbf__rx *x, const char *a, const char *b, size_t n) {
  return x->lower_typed ? dbf__tx_ieqn(a, b, n) : memcmp(a, b, n) == 0;
}

bool dbf__rx_last_word_in(const dbf__rx *x, dbf_span sp, const char *const *words) {
  size_t e = sp.off + sp.len, b = e;
  while (b > sp.off && x->s[b - 1] != ' ')
    b--;
  for (size_t k = 0; words[k]; k++)
    if (strlen(words[k]) == e - b && same_case_or_typed_lower(x, x->s + b, words[k], e - b))
      return true;
  return false;
}

size_t dbf__rx_past_tail(const dbf__rx *x, size_t e, const char *const *tails) {
  for (size_t k = 0; tails[k]; k++) {
    size_t l = strlen(tails[k]);
    if (e + l <= x->n && same_case_or_typed_lower(x, x->s + e, tails[k], l) &&
        (e + l == x->n || !dbf__tx_isalnum((unsigned char)x->s[e + l])))
      return e + l;
  }
  return e;
}

/* Words for an institution, one that is named "... for <what it does>". */
static const char *const k_institutions[] = {
    "Institute", "Institution", "Center",      "Centre",     "Foundation",  "Council",
    "Ministry",  "Society",     "Association", "Commission", "Agency",      "Academy",
    "School",    "College",     "Fund",        "Trust",      "Alliance",    "Coalition",
    "Bureau",    "Authority",   "Office",      "Department", "Partnership", NULL};

/*
 * A company name may join capitalized words with "&" or "and" ("Hollister &
 * Vane", "Marrow and Vine"); lists of competitors use cap_run, which stops there.
 */

dbf_span dbf__rx_cap_run_joined(const dbf__rx *x, size_t p, size_t end) {
  dbf_span sp = dbf__rx_cap_run(x, p, end);
  for (int k = 0; k < 3 && sp.len > 0; k++) {
    size_t e = sp.off + sp.len;
    size_t j = 0;
    if (e + 3 < end && memcmp(x->s + e, " & ", 3) == 0)
      j = 3;
    else if (e + 5 < end && memcmp(x->s + e, " and ", 5) == 0)
      j = 5;
    else if (e + 4 < end && memcmp(x->s + e, " of ", 4) == 0)
      j = 4; /* "Halloway Museum of Art", "Bank of Ireland" */
    else if (e + 4 < end && (memcmp(x->s + e, " de ", 4) == 0 || memcmp(x->s + e, " di ", 4) == 0 ||
                             memcmp(x->s + e, " da ", 4) == 0 || memcmp(x->s + e, " do ", 4) == 0))
      j = 4; /* "Banco de Chile", "École Gourmande de Lyon" */
    else if (e + 5 < end &&
             (memcmp(x->s + e, " del ", 5) == 0 || memcmp(x->s + e, " des ", 5) == 0 ||
              memcmp(x->s + e, " dos ", 5) == 0))
      j = 5; /* "Aceros del Norte" */
    else if (e + 3 < end && (memcmp(x->s + e, " y ", 3) == 0 || memcmp(x->s + e, " e ", 3) == 0))
      j = 3; /* "Museo Naval y Fluvial", "Tessuti e Filati" */
    else if (e + 5 < end && memcmp(x->s + e, " und ", 5) == 0)
      j = 5; /* "Brauerei und Mälzerei Huber" */
    else if (e + 5 < end && memcmp(x->s + e, " for ", 5) == 0 &&
             dbf__rx_last_word_in(x, sp, k_institutions))
      j = 5; /* "Harcourt Institute for Medical Research", "Centre for Ageing" */
    if (!j || !dbf__tx_isupper((unsigned char)x->s[e + j]))
      break;
    dbf_span more = dbf__rx_cap_run(x, e + j, end);
    if (more.len == 0 || more.off != e + j)
      break;
    sp.len = more.off + more.len - sp.off;
  }
  return sp;
}

bool dbf__rx_is_starter(const dbf__rx *x, dbf_span sp) {
  size_t w = 0;
  while (w < sp.len && dbf__tx_isalnum((unsigned char)x->s[sp.off + w]))
    w++;
  return dbf__tx_function_word(x->s + sp.off, w);
}

static bool mark_at(const dbf__rx *x, size_t i, const char *marks) {
  return i < x->n && x->s[i] != '\0' && strchr(marks, x->s[i]) != NULL;
}

bool dbf__rx_opens_sentence(const dbf__rx *x, size_t off, const char *marks) {
  if (off == 0)
    return true;
  if (off > x->n)
    return false;
  return mark_at(x, off - 1, marks) ||
         (off >= 2 && x->s[off - 1] == ' ' && mark_at(x, off - 2, marks));
}

bool dbf__rx_common_word(const dbf__rx *x, const char *s, size_t off, size_t n) {
  const dbf__lexicon *l = dbf__lex_get(x->ctx->lex, "common_words");
  dbf__lex_match m;
  return dbf__tx_function_word(s + off, n) ||
         (l && dbf__lex_match_at(l, s, off + n, off, &m) && m.len == n);
}

/* Is this capitalized name a person we know, or the customer itself? */
bool dbf__rx_is_person_or_account(const dbf__rx *x, dbf_span sp) {
  for (size_t i = 0; i < x->n_persons; i++) {
    if (x->persons[i].off <= sp.off && sp.off < x->persons[i].off + x->persons[i].len)
      return true;
  }
  size_t al = strlen(x->people.account);
  size_t first = strcspn(x->people.account, " ");
  return al && (dbf__tx_ieqn(x->s + sp.off, x->people.account, sp.len < al ? sp.len : al) ||
                (first == sp.len && dbf__tx_ieqn(x->s + sp.off, x->people.account, first)));
}

/* --- parameters ----------------------------------------------------------- */

static const json_t *param(const dbf_template_field *f, const char *name) {
  return json_is_object(f->extract_params) ? json_object_get(f->extract_params, name) : NULL;
}

const char *dbf__rx_param_str(const dbf_template_field *f, const char *name, const char *dflt) {
  const json_t *v = param(f, name);
  return json_is_string(v) ? json_string_value(v) : dflt;
}

bool dbf__rx_param_bool(const dbf_template_field *f, const char *name, bool dflt) {
  const json_t *v = param(f, name);
  return json_is_boolean(v) ? json_is_true(v) : dflt;
}

const json_t *dbf__rx_param_list(const dbf_template_field *f, const char *name) {
  const json_t *v = param(f, name);
  return json_is_array(v) ? v : NULL;
}

bool dbf__rx_param_is(const dbf_template_field *f, const char *name, const char *v) {
  const char *s = dbf__rx_param_str(f, name, NULL);
  return s && strcmp(s, v) == 0;
}

dbf_span dbf__rx_skip_openers(const dbf__rx *x, dbf_span sp, const char *const *openers) {
  for (size_t k = 0; openers[k]; k++) {
    size_t l = strlen(openers[k]);
    if (sp.len > l && dbf__tx_ieqn(x->s + sp.off, openers[k], l)) {
      sp.off += l;
      sp.len -= l;
    }
  }
  return sp;
}
