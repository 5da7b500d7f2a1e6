/*
 * title.c - the "title" kind: the speaker's own job title, the final one
 * when it changed.
 */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "engine/lexicon.h"
#include "engine/rules/registry.h"
#include "engine/rules/rules.h"

/* ------------------------------------------------------------ role, company */

static const char *const k_title_stops[] = {
    "a",         "an",       "the",    "as",    "was", "i",     "am",    "my",
    "our",       "their",    "by",     "at",    "to",  "and",   "then",  "started",
    "became",    "promoted", "worked", "been",  "is",  "were",  "being", "later",
    "now",       "also",     "from",   "in",    "for", "with",  "her",   "his",
    "i'm",       "i've",     "ended",  "end",   "job", "title", "role",  "position",
    "currently", "so",       "but",    "which", "who", NULL};

void dbf__rule_title(dbf__rx *x, const dbf_template_field *f, bool targeted) {
  const dbf__lexicon *roles = dbf__lex_get(x->ctx->lex, dbf__rx_param_str(f, "lexicon", "roles"));
  static const char *const final_cues[] = {
      "promoted to", "became",    "by the end",    "ended as",   "ending as",   "final title",
      "now",         "currently", "most recently", "eventually", "moved up to", "then",
      "later",       NULL};
  dbf__lex_match m[32];
  size_t cnt = dbf__lex_scan(roles, x->s, x->n, m, 32);
  char best[ITEM_CAP] = "";
  int best_score = -1;
  /* The title a later one ("then", "later") supersedes, kept when the two
     are different jobs: "Data Journalist, and later Deputy Data Editor". */
  char earlier[ITEM_CAP] = "";
  for (size_t i = 0; i < cnt; i++) {
    /* The head is the last role word in a run: "Engineering Manager". */
    size_t b = m[i].off, e = m[i].off + m[i].len;
    while (i + 1 < cnt && m[i + 1].off <= e + 1 && m[i + 1].off >= e) {
      i++;
      e = m[i].off + m[i].len;
    }
    /* Extend back over modifiers ("Senior Backend"). */
    for (int w = 0; w < 4; w++) {
      size_t t = b;
      if (t == 0 || x->s[t - 1] != ' ')
        break;
      t--;
      size_t ws = t;
      while (ws > 0 && (dbf__tx_isalnum((unsigned char)x->s[ws - 1]) || x->s[ws - 1] == '-' ||
                        x->s[ws - 1] == '/'))
        ws--;
      /* A role word just before ("Lead", "Principal", "Senior") is a
         seniority modifier of this title, not a title of its own. */
      if (ws == t)
        break;
      bool stop = false;
      for (size_t k = 0; k_title_stops[k] && !stop; k++)
        stop =
            strlen(k_title_stops[k]) == t - ws && dbf__tx_ieqn(x->s + ws, k_title_stops[k], t - ws);
      if (stop)
        break;
      b = ws;
    }
    /* Extend forward over "of Engineering" / "of Product Marketing". */
    if (e + 4 < x->n && dbf__tx_ieqn(x->s + e, " of ", 4)) {
      size_t q = e + 4, qe = q;
      for (int w = 0; w < 3 && qe < x->n; w++) {
        size_t ws = qe;
        while (qe < x->n && (dbf__tx_isalnum((unsigned char)x->s[qe]) || x->s[qe] == '&'))
          qe++;
        if (qe == ws || !dbf__tx_isupper((unsigned char)x->s[ws])) {
          qe = ws > q ? ws - 1 : q;
          break;
        }
        if (qe < x->n && x->s[qe] == ' ' && qe + 1 < x->n &&
            dbf__tx_isupper((unsigned char)x->s[qe + 1]))
          qe++;
        else
          break;
      }
      if (qe > q)
        e = qe;
    }
    dbf_span sp = dbf__tx_trim(x->s, (dbf_span){b, e - b});
    if (sp.len == 0)
      continue;
    /* "the CTO" someone reported to is not the person's own title. */
    if (sp.off >= 12 && (dbf__tx_find_word(x->s, sp.off, sp.off - 12, "reported") != (size_t)-1 ||
                         dbf__tx_find_word(x->s, sp.off, sp.off - 12, "report") != (size_t)-1))
      continue;
    int score = 1;
    size_t lookback = sp.off > 40 ? sp.off - 40 : 0;
    if (dbf__rx_span_has_any(x, (dbf_span){lookback, sp.off - lookback}, final_cues) ||
        dbf__rx_span_has_any(
            x, (dbf_span){sp.off, (sp.off + sp.len + 16 < x->n ? sp.len + 16 : x->n - sp.off)},
            (const char *const[]){"by the end", "eventually", NULL}))
      score += 3;
    if (dbf__rx_span_has_any(
            x, (dbf_span){lookback, sp.off - lookback},
            (const char *const[]){"started as", "started out as", "joined as", "initially", NULL}))
      score -= 1;
    if (dbf__tx_word_count(x->s, sp) >= 2)
      score += 1;
    if (score > best_score) {
      if (best[0] && score >= 4 && best_score < 4)
        snprintf(earlier, sizeof earlier, "%s", best);
      best_score = score;
      dbf__tx_copy(x->s, sp, best, sizeof(best));
    }
  }
  if (!targeted && best[0]) {
    /* In passing, only the speaker's own title: "I was a backend engineer". */
    static const char *const own[] = {"i was",       "i'm",         "i am",     "as a",
                                      "as an",       "worked as",   "my title", "my role",
                                      "i joined as", "promoted to", "i became", "i started as",
                                      NULL};
    if (!dbf__rx_span_has_any(x, (dbf_span){0, x->n}, own))
      return;
  }
  if (!best[0]) {
    if (targeted && !x->negative) {
      dbf_span sp = dbf__tx_strip_fillers(x->s, x->n_sent ? x->sent[0] : (dbf_span){0, x->n});
      if (sp.len > 0 && dbf__tx_word_count(x->s, sp) <= 5)
        dbf__rx_put(x, f->key, dbf__rx_jstr_span(x, sp),
                    x->spec < VAGUE_SPEC_FOLLOW && dbf__tx_word_count(x->s, sp) == 1
                        ? CONF_CROSS
                        : dbf__rx_hedge(x, CONF_TARGET_LOOSE),
                    false);
    }
    return;
  }
  /* Both titles of one answer, unless the later one contains the earlier
     (a promotion: "Data Scientist, then Senior Data Scientist"). */
  if (targeted && earlier[0] && dbf__tx_find_word(best, strlen(best), 0, earlier) == (size_t)-1 &&
      x->n_sent <= 1 && !x->sent_correction[0] &&
      strlen(earlier) + strlen(best) + 6 < sizeof best) {
    char both[ITEM_CAP * 2 + 8];
    snprintf(both, sizeof both, "%s and %s", earlier, best);
    dbf__tx_copy(both, (dbf_span){0, strlen(both)}, best, sizeof best);
  }
  dbf__rx_title_case(best);
  bool corr = x->n_sent > 0 && x->sent_correction[0];
  double conf = dbf__rx_hedge(x, targeted ? CONF_TARGET : CONF_CROSS);
  /* A bare one-word title in a vague answer ("Teacher.") is tentative, so
     the follow-up still asks for the full title. */
  if (targeted && x->spec < VAGUE_SPEC_FOLLOW && !strchr(best, ' '))
    conf = CONF_CROSS;
  dbf__rx_put(x, f->key, json_string(best), conf, corr);
}

/* A role word said of oneself: "I was a Senior Analyst there". */
bool dbf__claim_title(dbf__rx *x, const dbf_template_field *f, dbf_span sent, bool own) {
  static const char *const self[] = {"i was",    "i'm",       "i am",        "my title",
                                     "my role",  "as a",      "as an",       "promoted to",
                                     "i became", "ended as",  "officially",  "title was",
                                     "title is", "worked as", "i joined as", NULL};
  const dbf__lexicon *roles = dbf__lex_get(x->ctx->lex, dbf__rx_param_str(f, "lexicon", "roles"));
  dbf__lex_match m[8];
  size_t cnt = dbf__lex_scan(roles, x->s + sent.off, sent.len, m, 8);
  if (cnt == 0)
    return false;
  if (own)
    return true;
  size_t which = 0;
  size_t cue = dbf__tx_find_any(x->s, sent.off + sent.len, sent.off, self, &which);
  if (cue == (size_t)-1)
    return false;
  dbf_span cover[9];
  size_t nc = 0;
  for (size_t i = 0; i < cnt; i++)
    cover[nc++] = (dbf_span){sent.off + m[i].off, m[i].len};
  cover[nc++] = (dbf_span){cue, strlen(self[which])};
  return dbf__rx_dominates(x, sent, cover, nc);
}
