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

void dbf__rule_enum(dbf__rx *x, const dbf_template_field *f, bool targeted) {
  bool sentiment = dbf__rx_param_is(f, "scale", "sentiment");
  const char *lname = dbf__rx_param_str(f, "lexicon", sentiment ? "sentiment" : NULL);
  const dbf__lexicon *lx =
      lname ? dbf__lex_get(x->ctx->lex, lname) : dbf__lex_for_field(x->ctx->lex, f->key);
  long literal = -1;
  /* A literal enum value ("Positive.", "we're at proposal") is the strongest signal. */
  if (targeted) {
    for (size_t i = 0; i < f->n_enum_values; i++) {
      char v[128];
      snprintf(v, sizeof(v), "%s", f->enum_values[i]);
      for (char *p = v; *p; p++)
        if (*p == '_')
          *p = ' ';
      size_t p = dbf__tx_find_word(x->s, x->n, 0, v);
      if (p != (size_t)-1 && !dbf__tx_negated_before(x->s, p, 3)) {
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
    long best = -1;
    for (size_t i = 0; i < cnt; i++) {
      const char *canon = dbf__lex_canon(lx, m[i].entry);
      bool neg = dbf__tx_negated_before(x->s, m[i].off, 3);
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
      /* Enum values are ordered by progress (deal stages); the furthest
         stage mentioned wins ("sent the proposal, now negotiating"). */
      if (idx > best)
        best = idx;
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
