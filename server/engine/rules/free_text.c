/*
 * free_text.c - the "free_text" kind: a targeted answer kept verbatim.
 */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "engine/lexicon.h"
#include "engine/parse_money.h"
#include "engine/rules/registry.h"
#include "engine/rules/rules.h"

/* A figure in the answer that is no amount of money: "about 15 adjuncts",
   "three of us". */
static bool counts_something(const dbf__rx *x) {
  dbf__money m[8];
  size_t cnt = dbf__money_scan(x->s, x->n, true, m, DBF_ARRAY_LEN(m));
  for (size_t p = 0; p < x->n; p++) {
    bool in_money = false;
    for (size_t i = 0; i < cnt && !in_money; i++)
      in_money = p >= m[i].off && p < m[i].off + m[i].len;
    if (in_money)
      continue;
    int v = 0;
    if ((x->s[p] >= '0' && x->s[p] <= '9') ||
        ((p == 0 || !dbf__tx_isalnum((unsigned char)x->s[p - 1])) &&
         dbf__tx_number_word_at(x->s, p, x->n, &v)))
      return true;
  }
  return false;
}

/* Did the answer fill any field it was asked for, or name one by a word of
   its key ("budget is two hundred, no wait, two fifty" answers
   the budget even when no amount was read)? */
static bool answered_a_target(const dbf__rx *x) {
  for (size_t i = 0; i < x->n_targets; i++) {
    const char *k = x->targets[i];
    if (json_object_get(x->updates, k))
      return true;
    while (*k) {
      size_t l = strcspn(k, "_");
      char word[64];
      if (l >= 4 && l < sizeof word) {
        memcpy(word, k, l);
        word[l] = '\0';
        if (dbf__tx_find_word(x->s, x->n, 0, word) != (size_t)-1)
          return true;
      }
      k += l;
      k += *k == '_';
    }
  }
  return false;
}

/*
 * An answer given to another question that filled nothing it was asked for
 * and speaks in this field's cue words ("they'd like a second session
 * with the planners", said when rivals were asked): someone answering the
 * question they had in mind. Kept, weakly, while the field is empty, so it
 * is still asked and a real answer replaces it.
 */
static bool answers_this_instead(const dbf__rx *x, const dbf_template_field *f,
                                 const dbf__lexicon *cues) {
  return cues && x->n_targets > 0 && x->spec >= VAGUE_SPEC_FOLLOW &&
         dbf__rx_rec_conf(x, f->key) < 0 && !json_object_get(x->updates, f->key) &&
         !answered_a_target(x) && dbf__lex_any(cues, x->s, x->n);
}

/*
 * "No sign-off today, it was an intro. Marta wants references and a
 * costed pilot": a "none" that opens a long answer, followed by
 * the field's own cue words, is the answer itself. A short "No, nothing
 * agreed" stays a none.
 */
static bool none_then_content(const dbf__rx *x, const dbf__lexicon *cues) {
  return x->negative && cues && dbf__tx_word_count(x->s, (dbf_span){0, x->n}) >= 12 &&
         x->n_sent > 1 && dbf__lex_any(cues, x->s + x->sent[1].off, x->n - x->sent[1].off);
}

void dbf__rule_free_text(dbf__rx *x, const dbf_template_field *f, bool targeted) {
  /* The field's own cue words (a lexicon whose @fields names it), or NULL. */
  const dbf__lexicon *cues = dbf__lex_for_field(x->ctx->lex, f->key);
  /* A vague answer ("It was good I think.") fills nothing, so the planner
     asks its follow-up instead of settling for it. */
  if ((x->negative && !(targeted && none_then_content(x, cues))) || x->n == 0 ||
      x->spec < VAGUE_SPEC)
    return;
  bool instead = !targeted && answers_this_instead(x, f, cues);
  if (!targeted && !instead)
    return;
  /* A field with cue words of its own (the team: "team", "reported",
     "colleagues"; the outcome: "wants", "agreed", "demo") takes no answer
     that names none of them: "the booking system was called X, and
     outlook", said to the team question, is the tools' answer, and "Dana
     and two planners from ops sat in" said to the outcome question is the
     attendees'. With "counts", a figure that is no amount of money
     answers it too ("about 15 adjuncts"). */
  if (cues && !dbf__lex_any(cues, x->s, x->n) &&
      !(dbf__rx_param_bool(f, "counts", false) && counts_something(x)))
    return;
  dbf_span sp = dbf__tx_trim(x->s, (dbf_span){0, x->n});
  /* Drop a leading "well," / "so," and keep the rest verbatim. */
  static const char *const lead[] = {"well ", "so ", "um ", "uh ", "ok ", "okay ", "yeah ", NULL};
  for (size_t k = 0; lead[k]; k++) {
    size_t l = strlen(lead[k]) - 1;
    if (sp.len > l + 1 && dbf__tx_ieqn(x->s + sp.off, lead[k], l) &&
        (x->s[sp.off + l] == ',' || x->s[sp.off + l] == ' ')) {
      sp.off += l + 1;
      sp.len -= l + 1;
      sp = dbf__tx_trim(x->s, sp);
    }
  }
  if (sp.len > TEXT_CAP)
    sp.len = TEXT_CAP;
  char buf[TEXT_CAP + 1];
  dbf__tx_copy(x->s, sp, buf, sizeof(buf));
  if (buf[0] >= 'a' && buf[0] <= 'z')
    buf[0] = (char)(buf[0] - 'a' + 'A');
  double conf = CONF_TARGET_TEXT;
  if (dbf__tx_word_count(x->s, sp) < 4)
    conf -= 0.2;
  /* "Fine, it was an intro.": kept, but below the completion threshold, so
     the field is asked again and a real answer replaces it. */
  if (x->spec < VAGUE_SPEC_FOLLOW || instead)
    conf = CONF_CROSS_WEAK;
  dbf__rx_put(x, f->key, json_string(buf), dbf__rx_hedge(x, conf),
              !instead && x->n_sent > 0 && x->sent_correction[0]);
}
