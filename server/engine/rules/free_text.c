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

/* A figure typed at s[p] that can count people: digits that start a word
   and end it ("15", "24-bed"), not a model or version with letters on
   either side ("x3", "survey123", "4g") and not a year ("in 2023"). */
static bool typed_count_at(const char *s, size_t p, size_t n) {
  if (!(s[p] >= '0' && s[p] <= '9') || (p > 0 && dbf__tx_isalnum((unsigned char)s[p - 1])))
    return false;
  size_t e = p;
  int v = 0;
  while (e < n && s[e] >= '0' && s[e] <= '9') {
    v = v * 10 + (s[e] - '0');
    e++;
    if (v > 100000)
      v = 100000;
  }
  if (e < n && dbf__tx_isalnum((unsigned char)s[e]))
    return false;
  return !(e - p == 4 && v >= 1900 && v < 2100);
}

/* A figure in s[from..to) of the answer that is no amount of money:
   "about 15 adjuncts", "three of us". */
static bool counts_in(const dbf__rx *x, size_t from, size_t to) {
  dbf__money m[8];
  size_t cnt = dbf__money_scan(x->s, x->n, true, m, DBF_ARRAY_LEN(m));
  for (size_t p = from; p < to; p++) {
    bool in_money = false;
    for (size_t i = 0; i < cnt && !in_money; i++)
      in_money = p >= m[i].off && p < m[i].off + m[i].len;
    if (in_money)
      continue;
    int v = 0;
    if (typed_count_at(x->s, p, x->n) ||
        ((p == 0 || !dbf__tx_isalnum((unsigned char)x->s[p - 1])) &&
         dbf__tx_number_word_at(x->s, p, x->n, &v)))
      return true;
  }
  return false;
}

/* The confidence of the team read from the opening answer: below what an
   answer to another question gives (CONF_CROSS_WEAK), which replaces it. */
#define CONF_OPENING 0.3

/* A figure anywhere in the answer. */
static bool counts_something(const dbf__rx *x) {
  return counts_in(x, 0, x->n);
}

/*
 * "packhouse supervisor at <firm>, reported to the ops manager, team of 9
 * graders", said in the opening answer, before any field was asked: the
 * sentences that speak of the team (a word for it with a count, or whom
 * the person reported to) are kept weakly for a field that counts people
 * while it is empty, so the team is still asked and a real answer
 * replaces them, and they stand when that question gets another answer.
 * Returns the span from the first such sentence to the last, or an empty
 * one.
 */
static dbf_span opening_team(const dbf__rx *x, const dbf_template_field *f,
                             const dbf__lexicon *cues) {
  static const char *const reported[] = {
      "reported to", "report to", "reporting to", "reports to", "my boss", "under me", NULL};
  /* A count of the firm ("a small shop, ~25 ppl") is not the team's. */
  static const char *const teamed[] = {"team", "crew", "squad", "direct reports", "of us", NULL};
  dbf_span none = {0, 0};
  if (!cues || x->n_targets > 0 || x->ctx->n_target_fields > 0 ||
      !dbf__rx_param_bool(f, "counts", false) || dbf__rx_rec_conf(x, f->key) >= 0)
    return none;
  size_t first = x->n, last = 0;
  for (size_t i = 0; i < x->n_sent; i++) {
    dbf_span sn = x->sent[i];
    size_t e = sn.off + sn.len;
    bool team =
        dbf__tx_find_any(x->s, e, sn.off, teamed, NULL) != (size_t)-1 && counts_in(x, sn.off, e);
    team = team || dbf__tx_find_any(x->s, e, sn.off, reported, NULL) != (size_t)-1;
    if (!team)
      continue;
    if (sn.off < first)
      first = sn.off;
    if (e > last)
      last = e;
  }
  return first < last ? dbf__tx_trim(x->s, (dbf_span){first, last - first}) : none;
}

/* The next word's start after the spaces (or one hyphen) from q. */
static size_t skip_gap(const char *s, size_t q, size_t end, bool hyphen) {
  if (hyphen && q < end && s[q] == '-')
    return q + 1;
  while (q < end && s[q] == ' ')
    q++;
  return q;
}

/*
 * A count said in words at s[p]: "fourteen", "twenty two", "thirty-four",
 * "a hundred and twenty", "one hundred and ten", "two thousand". Its
 * length and value; 0 when none starts there, or when what is said is no
 * whole number ("two and a half").
 */
static size_t said_count(const char *s, size_t p, size_t end, int *value) {
  double v = 0;
  size_t l = dbf__tx_spoken_number_at(s, p, end, &v);
  size_t a = l ? 0 : dbf__tx_word_at(s, p, end, "a");
  if (a) {
    /* "a hundred and twenty": "a" opens a hundred or a thousand. */
    size_t h = skip_gap(s, p + a, end, false);
    if (dbf__tx_word_at(s, h, end, "hundred") || dbf__tx_word_at(s, h, end, "thousand")) {
      size_t hl = dbf__tx_spoken_number_at(s, h, end, &v);
      l = hl ? h + hl - p : 0;
    }
  }
  if (!l || v != floor(v) || v > 1e6)
    return 0;
  *value = (int)v;
  return l;
}

/* Ordinal words that turn a number before them into a place ("twenty
   first"), never a count. */
static bool ordinal_at(const char *s, size_t p, size_t end) {
  size_t e = p;
  while (e < end && dbf__tx_isalnum((unsigned char)s[e]))
    e++;
  if (e - p >= 3 && dbf__tx_word_in(s + p, e - p, dbf__tx_ordinal_words))
    return true;
  return e - p > 3 && dbf__tx_ieqn(s + e - 2, "th", 2) && dbf__tx_number_word(s + p, e - p - 2);
}

/* Is the count at s[p..e) one of two figures said side by side ("twenty
   twenty six", "ten thirty", "2026 twenty"): a year or a time of day,
   never a count? */
static bool figure_beside(const char *s, size_t p, size_t e, size_t end) {
  int v = 0;
  size_t nx = skip_gap(s, e, end, false);
  if (nx > e &&
      (dbf__tx_number_word_at(s, nx, end, &v) || (nx < end && s[nx] >= '0' && s[nx] <= '9')))
    return true;
  dbf_span w = dbf__tx_word_before(s, p);
  return w.len > 0 && w.off + w.len < p &&
         ((s[w.off] >= '0' && s[w.off] <= '9') || dbf__tx_number_word(s + w.off, w.len));
}

/*
 * Every count said in words in the kept text, from least up, gets its
 * digits after it ("a team of fourteen (14) support workers", "twenty two
 * (22) caregivers"), so the record reads the figure whichever way the
 * person said it and their own words stay. Left as said: a lone "one"
 * ("one of", "no one", "one-off"), a number joined on by a hyphen
 * ("two-week", "five-a-side"), one before an ordinal ("twenty first"), a
 * capitalized one inside a sentence (part of a name), a share ("ninety
 * percent"), any inside an amount of money, two figures side by side (a
 * year or a time) and a count below least. Writes into out (cap) and
 * returns the length, or 0 when the figures would not fit: the text then
 * stays as said rather than lose its end.
 */
static size_t write_counts(const char *s, size_t n, int least, char *out, size_t cap) {
  dbf__money m[8];
  size_t cnt = dbf__money_scan(s, n, false, m, DBF_ARRAY_LEN(m));
  size_t o = 0, i = 0;
  while (i < n && o + 1 < cap) {
    int v = 0;
    size_t l = 0;
    bool start = i == 0 ||
                 !(dbf__tx_isalnum((unsigned char)s[i - 1]) || s[i - 1] == '-' || s[i - 1] == '\'');
    if (start)
      l = said_count(s, i, n, &v);
    if (l) {
      bool keep = v < least;
      for (size_t k = 0; k < cnt && !keep; k++)
        keep = i < m[k].off + m[k].len && i + l > m[k].off;
      /* "two-week", "one-off": a word joined on by a hyphen. */
      keep = keep || (i + l < n && s[i + l] == '-') || figure_beside(s, i, i + l, n);
      size_t nx = skip_gap(s, i + l, n, false);
      /* "a hundred percent", "ninety per cent": a share, not a count. */
      size_t pc = dbf__tx_word_at(s, nx, n, "per");
      keep = keep || ordinal_at(s, nx, n) || dbf__tx_word_at(s, nx, n, "percent") ||
             (pc && dbf__tx_word_at(s, skip_gap(s, nx + pc, n, false), n, "cent"));
      /* "Seven Seas", "the Four Seasons": a capital inside a sentence. */
      if (!keep && dbf__tx_isupper((unsigned char)s[i])) {
        size_t b = i;
        while (b > 0 && s[b - 1] == ' ')
          b--;
        keep = b > 0 && !strchr(".!?\n:;\"", s[b - 1]);
      }
      char fig[24];
      int fl = snprintf(fig, sizeof fig, " (%d)", v);
      if (!keep && o + l + (size_t)fl < cap) {
        memcpy(out + o, s + i, l);
        memcpy(out + o + l, fig, (size_t)fl);
        o += l + (size_t)fl;
        i += l;
        continue;
      }
      if (o + l >= cap)
        break;
      memcpy(out + o, s + i, l);
      o += l;
      i += l;
      continue;
    }
    out[o++] = s[i++];
  }
  out[o] = '\0';
  return i < n ? 0 : o;
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
 * question they had in mind. Kept, weakly, while the field is empty (or
 * holds only what the opening answer said of the team), so it is still
 * asked and a real answer replaces it.
 */
static bool answers_this_instead(const dbf__rx *x, const dbf_template_field *f,
                                 const dbf__lexicon *cues) {
  return cues && x->n_targets > 0 && x->spec >= VAGUE_SPEC_FOLLOW &&
         (dbf__rx_rec_conf(x, f->key) < 0 || (dbf__rx_param_bool(f, "counts", false) &&
                                              dbf__rx_rec_conf(x, f->key) < CONF_OPENING + 0.01)) &&
         !json_object_get(x->updates, f->key) && !answered_a_target(x) &&
         dbf__lex_any(cues, x->s, x->n);
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
  dbf_span opening = targeted || instead ? (dbf_span){0, 0} : opening_team(x, f, cues);
  if (!targeted && !instead && !opening.len)
    return;
  instead = instead || opening.len > 0;
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
  dbf_span sp = opening.len ? opening : dbf__tx_trim(x->s, (dbf_span){0, x->n});
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
  /* A field that counts people reads every count from two up; any other
     (the outcome: "they took a hundred and twenty licences") reads the
     counts from ten up, which a record wants in figures, and keeps the
     small ones a sentence reads easily in words ("two sites"). */
  {
    char cnt[TEXT_CAP + 1];
    int least = dbf__rx_param_bool(f, "counts", false) ? 2 : 10;
    size_t cl = write_counts(buf, strlen(buf), least, cnt, sizeof cnt);
    if (cl)
      memcpy(buf, cnt, cl + 1);
  }
  if (buf[0] >= 'a' && buf[0] <= 'z')
    buf[0] = (char)(buf[0] - 'a' + 'A');
  double conf = CONF_TARGET_TEXT;
  if (dbf__tx_word_count(x->s, sp) < 4)
    conf -= 0.2;
  /* "Fine, it was an intro.": kept, but below the completion threshold, so
     the field is asked again and a real answer replaces it. */
  if (x->spec < VAGUE_SPEC_FOLLOW || instead)
    conf = opening.len ? CONF_OPENING : CONF_CROSS_WEAK;
  dbf__rx_put(x, f->key, json_string(buf), dbf__rx_hedge(x, conf),
              !instead && x->n_sent > 0 && x->sent_correction[0]);
}
