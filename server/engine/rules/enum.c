/*
 * enum.c - the "enum" kind: one of the field's values, literal or through
 * a lexicon; "scale": "sentiment" weighs positive against negative cues.
 */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "engine/lexicon.h"
#include "engine/rules/registry.h"
#include "engine/rules/rules.h"

/* ------------------------------------------------------------------ enums */

static long enum_index(const dbf_template_field *f, const char *v) {
  for (size_t i = 0; i < f->n_enum_values; i++) {
    const char *e = f->enum_values[i];
    size_t l = strlen(e);
    if (l != strlen(v))
      continue;
    bool eq = true;
    for (size_t k = 0; k < l && eq; k++) {
      char a = dbf__tx_lower(e[k]), b = dbf__tx_lower(v[k]);
      eq = a == b || ((a == '_' || a == '-' || a == ' ') && (b == '_' || b == '-' || b == ' '));
    }
    if (eq)
      return (long)i;
  }
  return -1;
}

/* True when s[off] follows one of cues within three short words: "put it
   down as negotiation", "say qualification", "I'd keep it in negotiation". */
static bool after_cue(const char *s, size_t off, const char *const *cues) {
  size_t p = off;
  for (int w = 0; w < 4; w++) {
    for (size_t k = 0; cues[k]; k++) {
      size_t l = strlen(cues[k]);
      if (p >= l + 1 && s[p - 1] == ' ' && dbf__tx_ieqn(s + p - 1 - l, cues[k], l) &&
          (p - 1 == l || !dbf__tx_isalnum((unsigned char)s[p - 2 - l])))
        return true;
    }
    /* Back one word ("it", "at", "as"), never over punctuation. */
    if (p < 2 || s[p - 1] != ' ')
      return false;
    size_t b = p - 1;
    while (b > 0 && dbf__tx_isalnum((unsigned char)s[b - 1]))
      b--;
    if (b == p - 1 || p - 1 - b > 4)
      return false;
    p = b;
  }
  return false;
}

/* Where the person says to file it: "put qualification for now". */
static const char *const k_file_cues[] = {"put",   "say",         "keep", "leave",  "mark",
                                          "log",   "set",         "call", "record", "file",
                                          "enter", "i'd go with", NULL};
/* A stage still to come or only possible: "heading into negotiation", "->
   proposal once ...", "maybe even
   prospecting", "a big risk to be closed lost". */
static const char *const k_next_cues[] = {"heading into", "heading to", "edging into", "edging to",
                                          "->",           "until",      "it'll be",    "will be",
                                          "going to",     "before",     "maybe even",  "or maybe",
                                          "risk to be",   "risk of",    "could be",    "might be",
                                          "could become", "chance of",  NULL};

/* A stage with its condition after it is still to come: "proposal after
   the eval", "negotiation once legal signs off". */
static bool conditioned(const char *s, size_t n, size_t end) {
  static const char *const conds[] = {"after ", "once ", "when ", "if ", NULL};
  while (end < n && s[end] == ' ')
    end++;
  for (size_t k = 0; conds[k]; k++)
    if (end + strlen(conds[k]) <= n && dbf__tx_ieqn(s + end, conds[k], strlen(conds[k])))
      return true;
  return false;
}

/* A negation within words words before p, not past a "so", "now" or "then"
   that opens the stage's clause: "they haven't seen a price, so
   proposal" does not deny the proposal. */
static bool negated_in_clause(const char *s, size_t p, size_t words) {
  static const char *const opens[] = {"so", "now", "then", NULL};
  size_t q = p, w = 0;
  for (; w < words; w++) {
    while (q > 0 && s[q - 1] == ' ')
      q--;
    size_t b = q;
    while (b > 0 && (dbf__tx_isalnum((unsigned char)s[b - 1]) || s[b - 1] == '\''))
      b--;
    if (b == q || dbf__tx_word_in(s + b, q - b, opens))
      break;
    q = b;
  }
  return w > 0 && dbf__tx_negated_before(s, p, w);
}

/* A stage taken back right after it is said: "negotiation, no, they
   haven't seen a price", "negotiation? not yet". */
static bool denied_after(const char *s, size_t n, size_t end) {
  static const char *const after_no[] = {"we",      "they",   "i",      "not",    "it's",  "its",
                                         "haven't", "hasn't", "didn't", "havent", "hasnt", NULL};
  size_t p = end;
  while (p < n && strchr(" ,.?!-", s[p]))
    p++;
  static const char *const nots[] = {"not yet", "not really", "not quite", "not there yet", NULL};
  for (size_t k = 0; nots[k]; k++) {
    size_t l = strlen(nots[k]);
    if (p + l <= n && dbf__tx_ieqn(s + p, nots[k], l) &&
        (p + l == n || !dbf__tx_isalnum((unsigned char)s[p + l])))
      return true;
  }
  if (!(p + 2 <= n && dbf__tx_ieqn(s + p, "no", 2) &&
        (p + 2 == n || !dbf__tx_isalnum((unsigned char)s[p + 2]))))
    return false;
  size_t q = p + 2;
  while (q < n && strchr(" ,.?!-", s[q]))
    q++;
  size_t qe = q;
  while (qe < n && (dbf__tx_isalnum((unsigned char)s[qe]) || s[qe] == '\''))
    qe++;
  return q == n || q > p + 3 || dbf__tx_word_in(s + q, qe - q, after_no);
}

/* A value typed short as a sentence of its own, or before a comma or a
   dash: "pos. finance pushed back but ops loved it", "neg - they want out". The index
   of its value, or -1. */
static long short_form(const dbf__rx *x, const dbf_template_field *f) {
  static const struct {
    const char *w, *v;
  } forms[] = {{"pos", "positive"},
               {"neg", "negative"},
               {"neu", "neutral"},
               {"neut", "neutral"},
               {NULL, NULL}};
  for (size_t i = 0; i < x->n_sent; i++) {
    dbf_span sp = dbf__tx_trim(x->s, x->sent[i]);
    size_t e = sp.off;
    while (e < sp.off + sp.len && dbf__tx_isalnum((unsigned char)x->s[e]))
      e++;
    size_t after = e;
    while (after < sp.off + sp.len && x->s[after] == ' ')
      after++;
    bool apart = after >= sp.off + sp.len || strchr(".,;:-!", x->s[after]) != NULL;
    for (size_t k = 0; forms[k].w && apart; k++)
      if (strlen(forms[k].w) == e - sp.off && dbf__tx_ieqn(x->s + sp.off, forms[k].w, e - sp.off))
        return enum_index(f, forms[k].v);
  }
  return -1;
}

/*
 * The sentiment a person names outright: the one they file it under ("Put
 * neutral.", "Overall I'd say neutral", "neutral overall, positive from
 * Anna"), else the one they lead with ("Neutral - Anna positive, Ben
 * skeptical", "Neutral leaning positive"). The index of its value, or -1.
 */
static long verdict(const dbf__rx *x, const dbf_template_field *f) {
  long first = -1, filed = -1;
  size_t first_at = (size_t)-1, filed_at = 0, said_first = (size_t)-1;
  for (size_t i = 0; i < f->n_enum_values; i++) {
    size_t p = dbf__tx_find_word(x->s, x->n, 0, f->enum_values[i]);
    if (p < said_first)
      said_first = p;
  }
  for (size_t i = 0; i < f->n_enum_values; i++) {
    const char *v = f->enum_values[i];
    for (size_t p = 0; (p = dbf__tx_find_word(x->s, x->n, p, v)) != (size_t)-1; p++) {
      if (dbf__tx_negated_before(x->s, p, 3))
        continue;
      size_t e = p + strlen(v);
      /* "neutral overall", "negative-ish... positive really": a value the
         answer sums up with. */
      bool overall = (e + 8 <= x->n && dbf__tx_ieqn(x->s + e, " overall", 8)) ||
                     (e + 7 <= x->n && dbf__tx_ieqn(x->s + e, " really", 7) &&
                      (e + 7 == x->n || !dbf__tx_isalnum((unsigned char)x->s[e + 7])));
      /* "positive, no wait, neutral": a value said after a correction that
         follows the value first said takes its place. */
      overall = overall ||
                (said_first < p && dbf__rx_find_correction(x, p, said_first, NULL) != (size_t)-1);
      if ((after_cue(x->s, p, k_file_cues) || overall) && (filed < 0 || p > filed_at)) {
        filed = (long)i;
        filed_at = p;
      }
      /* "neutral-positive": a compound of two values is its head, the
         last. */
      bool head = false;
      for (size_t k = 0; k < f->n_enum_values && p > 0 && x->s[p - 1] == '-' && !head; k++) {
        size_t l = strlen(f->enum_values[k]);
        head = p > l && dbf__tx_ieqn(x->s + p - 1 - l, f->enum_values[k], l);
      }
      if (p < first_at || head) {
        first = (long)i;
        first_at = head ? 0 : p;
      }
    }
  }
  if (filed < 0)
    filed = short_form(x, f);
  return filed >= 0 ? filed : first;
}

/* The value a sentence of the answer is on its own ("Warm. Positive.
   They loved it."), or -1. */
static long said_alone(const dbf__rx *x, const dbf_template_field *f) {
  for (size_t i = 0; i < x->n_sent; i++) {
    dbf_span sp = dbf__tx_trim(x->s, x->sent[i]);
    while (sp.len > 0 && strchr(".!", x->s[sp.off + sp.len - 1]))
      sp.len--;
    char v[32];
    if (sp.len == 0 || sp.len >= sizeof v)
      continue;
    dbf__tx_copy(x->s, sp, v, sizeof v);
    long idx = enum_index(f, v);
    if (idx >= 0)
      return idx;
  }
  return -1;
}

void dbf__rule_enum(dbf__rx *x, const dbf_template_field *f, bool targeted) {
  bool sentiment = dbf__rx_param_is(f, "scale", "sentiment");
  const char *lname = dbf__rx_param_str(f, "lexicon", sentiment ? "sentiment" : NULL);
  const dbf__lexicon *lx =
      lname ? dbf__lex_get(x->ctx->lex, lname) : dbf__lex_for_field(x->ctx->lex, f->key);
  /* "Neutral. Polite, not excited." said to another question: a value
     said as a sentence of its own is more than a hint in passing. */
  long alone = !targeted && sentiment ? said_alone(x, f) : -1;
  if (alone >= 0) {
    dbf__rx_put(x, f->key, json_string(f->enum_values[alone]), dbf__rx_hedge(x, CONF_CROSS), false);
    return;
  }
  long literal = -1;
  /* A literal enum value ("Positive.", "we're at proposal") is the strongest signal. */
  if (targeted && sentiment) {
    literal = verdict(x, f);
  } else if (targeted) {
    for (size_t i = 0; i < f->n_enum_values; i++) {
      char v[128];
      snprintf(v, sizeof(v), "%s", f->enum_values[i]);
      for (char *p = v; *p; p++)
        if (*p == '_')
          *p = ' ';
      size_t p = dbf__tx_find_word(x->s, x->n, 0, v);
      if (p != (size_t)-1 && !negated_in_clause(x->s, p, 6) &&
          !denied_after(x->s, x->n, p + strlen(v))) {
        literal = (long)i;
        break;
      }
    }
  }
  long pick = literal;
  double conf = CONF_TARGET;
  /* Sentiment takes a literal value as is; stages still look for a later
     stage ("sent the proposal, now negotiating"). */
  if ((pick < 0 || !sentiment) && lx) {
    dbf__lex_match m[MAX_MATCHES];
    size_t cnt = dbf__lex_scan(lx, x->s, x->n, m, MAX_MATCHES);
    double score_pos = 0, score_neg = 0, score_neu = 0;
    long best = -1, filed = -1, later = -1;
    size_t filed_end = 0, best_end = 0;
    for (size_t i = 0; i < cnt; i++) {
      const char *canon = dbf__lex_canon(lx, m[i].entry);
      /* "they haven't asked for a proposal", "we didn't get to pricing or
         a quote": a stage under a negation anywhere in its clause. */
      bool neg = sentiment ? dbf__tx_negated_before(x->s, m[i].off, 3)
                           : negated_in_clause(x->s, m[i].off, 6) ||
                                 denied_after(x->s, x->n, m[i].off + m[i].len);
      if (sentiment) {
        /* "not happy" counts against, "not bad" / "no concerns" for. */
        if (dbf__rx_str_ieq(canon, "positive"))
          *(neg ? &score_neg : &score_pos) += 1;
        else if (dbf__rx_str_ieq(canon, "negative"))
          *(neg ? &score_pos : &score_neg) += 1;
        else
          score_neu += 1;
        continue;
      }
      if (neg)
        continue;
      long idx = enum_index(f, canon);
      if (targeted && idx >= 0 && after_cue(x->s, m[i].off, k_file_cues)) {
        filed = idx; /* the last stage the person files it under */
        filed_end = m[i].off + m[i].len;
        continue;
      }
      /* "I put it in qualification... no, proposal": the stage named after
         taking back the filed one is filed instead. */
      if (filed >= 0 && idx >= 0 && m[i].off > filed_end &&
          dbf__rx_find_correction(x, m[i].off, filed_end, NULL) != (size_t)-1) {
        filed = idx;
        filed_end = m[i].off + m[i].len;
        continue;
      }
      /* A stage still to come is not where the deal is, unless nothing else
         is said ("moving to proposal next"). */
      if (after_cue(x->s, m[i].off, k_next_cues) || conditioned(x->s, x->n, m[i].off + m[i].len) ||
          dbf__tx_find_word(x->s, m[i].off + m[i].len + 14 < x->n ? m[i].off + m[i].len + 14 : x->n,
                            m[i].off + m[i].len, "next") != (size_t)-1) {
        if (idx > later)
          later = idx;
        continue;
      }
      /* Enum values are ordered by progress (deal stages); the furthest
         stage mentioned wins ("sent the proposal, now negotiating"), but
         one named after a correction of the stage before it takes its
         place ("proposal, no wait, qualification"). */
      if (idx >= 0 && best >= 0 &&
          dbf__rx_find_correction(x, m[i].off, best_end, NULL) != (size_t)-1)
        best = -1;
      if (idx > best) {
        best = idx;
        best_end = m[i].off + m[i].len;
      }
    }
    if (sentiment) {
      const char *v = NULL;
      if (score_pos > score_neg)
        v = "positive";
      else if (score_neg > score_pos)
        v = "negative";
      else if (score_neu > 0 || (score_pos > 0 && score_pos == score_neg))
        v = "neutral";
      if (v)
        best = enum_index(f, v);
      if (best >= 0 && fabs(score_pos - score_neg) < 1.5)
        conf -= 0.1;
    }
    if (!sentiment && best < 0)
      best = later;
    if (filed >= 0)
      pick = best = filed;
    else if (!sentiment && literal >= 0 && best >= 0 && literal > best && literal == later)
      pick = best; /* the literal named is the stage to come */
    if (best > pick)
      pick = best;
  }
  if (pick < 0)
    return;
  if (!targeted) {
    /* Sentiment mentioned in passing is a weak hint, and only until asked. */
    if (sentiment && dbf__rx_rec_conf(x, f->key) >= 0)
      return;
    conf = sentiment ? CONF_CROSS_WEAK : CONF_CROSS_LIST;
  }
  dbf__rx_put(x, f->key, json_string(f->enum_values[pick]), dbf__rx_hedge(x, conf), false);
}

/* The asked enum holds its own answer when a value or one of its cues is in
   it; another field's answer is the enum's when it is the value alone. */
bool dbf__claim_enum(dbf__rx *x, const dbf_template_field *f, dbf_span sent, bool own) {
  for (size_t i = 0; i < f->n_enum_values; i++) {
    char v[128];
    snprintf(v, sizeof(v), "%s", f->enum_values[i]);
    for (char *p = v; *p; p++)
      if (*p == '_')
        *p = ' ';
    size_t at = dbf__tx_find_word(x->s, sent.off + sent.len, sent.off, v);
    if (at == (size_t)-1)
      continue;
    /* Not asked: only a sentence that is the value ("Negotiation, I guess."). */
    dbf_span cover = {at, strlen(v)};
    if (own || dbf__rx_dominates(x, sent, &cover, 1))
      return true;
  }
  if (!own)
    return false;
  bool sentiment = dbf__rx_param_is(f, "scale", "sentiment");
  const char *lname = dbf__rx_param_str(f, "lexicon", sentiment ? "sentiment" : NULL);
  const dbf__lexicon *lx =
      lname ? dbf__lex_get(x->ctx->lex, lname) : dbf__lex_for_field(x->ctx->lex, f->key);
  return dbf__lex_any(lx, x->s + sent.off, sent.len);
}
