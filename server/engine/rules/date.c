/*
 * date.c - the "date" kind: one date, resolved against the meeting date,
 * forward for deadlines unless the answer tells of the past.
 */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "engine/lexicon.h"
#include "engine/rules/registry.h"
#include "engine/rules/rules.h"

static const char *const k_past_cues[] = {"was awarded",
                                          "were awarded",
                                          "was announced",
                                          "were announced",
                                          "was made",
                                          "was signed",
                                          "made the final decision",
                                          "made the decision",
                                          "made their decision",
                                          "made the call",
                                          "decided on",
                                          "chose",
                                          "picked",
                                          "went with",
                                          "was decided",
                                          "voted",
                                          "signed with",
                                          "signed on",

                                          "last",
                                          "ago",
                                          "already",
                                          "this past",
                                          "it's done",
                                          "its done",
                                          NULL};
static const char *const k_future_cues[] = {"will",     "'ll",    "by",   "expect", "expects",
                                            "plan",     "plans",  "want", "wants",  "next",
                                            "going to", "should", NULL};

/* "there's no deadline on it", "they named no time frame": the answer
   says there is no date. */
static const char *const k_no_timeline[] = {"no timeline",  "no date",       "no deadline",
                                            "no timeframe", "no time frame", NULL};

/* Words that narrow a date just given without taking it back: "in Q2, so
   by the end of April", "in May, ideally the 10th". A correction cue
   (dbf__rx_find_correction) narrows it too; these say the first date still
   holds, so they are no correction cues themselves. */
static const char *const k_narrowing[] = {"so by",
                                          "so",
                                          "well",
                                          "realistically",
                                          "ideally",
                                          "more precisely",
                                          "specifically",
                                          "at the latest",
                                          "latest",
                                          "probably",
                                          NULL};

/*
 * Is d[i] said after an earlier date of its sentence and narrows it: right
 * after a narrowing word ("in Q2, so by the end of April"; not "so they
 * can roll out in February"), or a day inside an earlier period ("in the
 * first quarter, before their budget lock on March 15")?
 */
static bool narrowed(const dbf__rx *x, const dbf__date *d, size_t i) {
  dbf_span sent = dbf__rx_sentence_of(x, d[i].off);
  for (size_t k = 0; k < i; k++) {
    if (d[k].negated || d[k].off < sent.off)
      continue;
    size_t from = d[k].off + d[k].len;
    if (from >= d[i].off)
      continue;
    size_t which = 0, cue_len = 0;
    size_t at = dbf__tx_find_any(x->s, d[i].off, from, k_narrowing, &which);
    if (at != (size_t)-1)
      cue_len = strlen(k_narrowing[which]);
    size_t corr = dbf__rx_find_correction(x, d[i].off, from, &which);
    if (corr < at) {
      at = corr;
      cue_len = which;
    }
    if (at != (size_t)-1 && d[i].off <= at + cue_len + 12)
      return true;
    bool several = dbf__tx_find_any(x->s, from, d[k].off,
                                    (const char *const[]){"quarter", "q1", "q2", "q3", "q4",
                                                          "end of", "half", NULL},
                                    NULL) != (size_t)-1;
    bool period = d[k].prec != DBF_DATE_DAY || d[k].vague || several;
    /* A quarter or a half holds the months before its last; a month said
       alone holds only its own days: "by end of August" is no day inside
       "in September". */
    bool one_month = d[k].prec == DBF_DATE_MONTH && !several;
    bool inside = d[i].ymd.y == d[k].ymd.y && d[i].ymd.m <= d[k].ymd.m &&
                  d[k].ymd.m - d[i].ymd.m <= (one_month ? 0 : 2);
    if (period && d[i].prec == DBF_DATE_DAY && !d[i].vague && inside)
      return true;
  }
  return false;
}

/* The part of clause cl around off between the words that join one
   statement to another: said without commas, "the contract renews november
   1st so they want to decide by mid-october" holds two. */
static dbf_span own_part(const dbf__rx *x, dbf_span cl, size_t off) {
  static const char *const joins[] = {"so", "because", "since", "when", "but", "and then", NULL};
  size_t b = cl.off, e = cl.off + cl.len;
  for (size_t p = cl.off; p < cl.off + cl.len; p++) {
    if (p > cl.off && x->s[p - 1] != ' ')
      continue;
    for (size_t k = 0; joins[k]; k++) {
      size_t l = strlen(joins[k]);
      if (!dbf__tx_ieqn(x->s + p, joins[k], l) || !dbf__tx_is_word_at(x->s, cl.off + cl.len, p, l))
        continue;
      if (p <= off)
        b = p;
      else if (p < e)
        e = p;
    }
  }
  return (dbf_span){b, e - b};
}

/* Words that end the term they are in: "contract ends Dec 31". */
static const char *const k_term_ends[] = {"ends",     "ending", "expires", "expiry", "runs out",
                                          "run out",  "dies",   "lapses",  "renews", "renewal",
                                          "finishes", "is up",  NULL};

/* Is d[i] the date a word at p of part holds? Said without punctuation,
   "the tender closes end of may decision by june 20" runs one event into
   the next: a word holds the first date after it in its part, unless the
   end of a term is said between ("they decide then the lease ends 31
   may"); failing one, the last date before it ("by the 4th they sign"). */
static bool holds(const dbf__rx *x, const dbf__date *d, size_t cnt, size_t i, dbf_span part,
                  size_t p, size_t len) {
  size_t own = (size_t)-1;
  for (size_t k = 0; k < cnt && own == (size_t)-1; k++) {
    if (d[k].off < p + len || d[k].off >= part.off + part.len)
      continue;
    /* The term's end said as a verb; "approve the renewal in june" ends
       nothing. */
    static const char *const stops[] = {"ends", "ending", "expires",  "runs out", "run out",
                                        "dies", "lapses", "finishes", "is up",    NULL};
    if (dbf__tx_find_any(x->s, d[k].off, p + len, stops, NULL) != (size_t)-1)
      break;
    own = k;
  }
  if (own == (size_t)-1)
    for (size_t k = 0; k < cnt; k++)
      if (d[k].off >= part.off && d[k].off + d[k].len <= p)
        own = k;
  return own == i;
}

/* Does one of words occur in part and hold d[i]? */
static bool part_holds_any(const dbf__rx *x, dbf_span part, const char *const *words,
                           const dbf__date *d, size_t cnt, size_t i) {
  size_t e = part.off + part.len, which = 0;
  for (size_t p = part.off; p < e; p++) {
    p = dbf__tx_find_any(x->s, e, p, words, &which);
    if (p == (size_t)-1)
      return false;
    if (holds(x, d, cnt, i, part, p, strlen(words[which])))
      return true;
  }
  return false;
}

/* Is one of f's "about" words in the clause holding d[i], and said of it
   ("the board decides on 2 May" in "The lease lapses 30 June; the board
   decides on 2 May")? */
static bool about_in_clause(const dbf__rx *x, const dbf_template_field *f, const dbf__date *d,
                            size_t cnt, size_t i) {
  const json_t *about = dbf__rx_param_list(f, "about");
  if (!about)
    return false;
  dbf_span cl = dbf__rx_clause_of(x, d[i].off);
  if (cl.len == 0)
    return false;
  cl = own_part(x, cl, d[i].off);
  size_t k;
  const json_t *w;
  json_array_foreach(about, k, w) {
    if (part_holds_any(x, cl, (const char *const[]){json_string_value(w), NULL}, d, cnt, i))
      return true;
  }
  /* A decision said as a tender's award, a vote or a go-ahead. */
  static const char *const decided[] = {"award",    "awarded",     "awards",   "vote",
                                        "votes",    "approve",     "approves", "approval",
                                        "go-ahead", "green light", NULL};
  return part_holds_any(x, cl, decided, d, cnt, i);
}

/* "Contract ends Dec 31", "the licence runs out 30 June": the date at off
   ends what they have now, in its own part of its clause, with no word of
   the decision there. */
static bool term_end_at(const dbf__rx *x, const dbf_template_field *f, const dbf__date *d,
                        size_t cnt, size_t i) {
  dbf_span cl = dbf__rx_clause_of(x, d[i].off);
  return cl.len > 0 && dbf__rx_span_has_any(x, own_part(x, cl, d[i].off), k_term_ends) &&
         !about_in_clause(x, f, d, cnt, i);
}

/* ... and the word that ends the term is said of that very date ("lease
   ends 31 may", not "ends" said of another date beside it). */
static bool term_end_of(const dbf__rx *x, const dbf_template_field *f, const dbf__date *d,
                        size_t cnt, size_t i) {
  dbf_span cl = dbf__rx_clause_of(x, d[i].off);
  return cl.len > 0 && term_end_at(x, f, d, cnt, i) &&
         part_holds_any(x, own_part(x, cl, d[i].off), k_term_ends, d, cnt, i);
}

/* Is the date at off the one the person says to put down ("Say end of
   October.", "put the 15th", "call it March")? */
static bool filed_at(const dbf__rx *x, size_t off) {
  static const char *const cues[] = {"say",     "say the",     "put", "put the",
                                     "call it", "call it the", NULL};
  size_t from = off > 14 ? off - 14 : 0, which = 0;
  for (size_t p = from;; p++) {
    p = dbf__tx_find_any(x->s, off, p, cues, &which);
    if (p == (size_t)-1)
      return false;
    if (p + strlen(cues[which]) + 1 == off)
      return true;
  }
}

/* "in mid-October", "mid March": the middle of the month, its 15th. */
static void mid_month(const dbf__rx *x, dbf__date *d) {
  static const char *const mids[] = {"mid-", "mid ", "middle of ", NULL};
  if (d->prec != DBF_DATE_MONTH || d->vague)
    return;
  for (size_t k = 0; mids[k]; k++) {
    size_t l = strlen(mids[k]);
    if (d->off >= l && dbf__tx_ieqn(x->s + d->off - l, mids[k], l)) {
      d->prec = DBF_DATE_DAY;
      d->ymd.d = 15;
      return;
    }
  }
}

/* True when "before" opens an event named between it and the date at off
   ("before the school year start in February"), not the date itself
   ("before March"). */
static bool event_after_before(const dbf__rx *x, size_t off) {
  size_t from = off > 48 ? off - 48 : 0;
  size_t b = dbf__tx_find_word(x->s, off, from, "before");
  if (b == (size_t)-1)
    return false;
  size_t q = b + 6;
  while (q < off && x->s[q] == ' ')
    q++;
  if (q >= off || !dbf__tx_ieqn(x->s + q, "the ", 4))
    return false;
  for (size_t p = q; p < off; p++)
    if (strchr(",.;", x->s[p]))
      return false;
  return dbf__tx_word_count(x->s, (dbf_span){q, off - q}) >= 3;
}

/* "budget yr opens 1 july so def before that", "the year starts in
   July so they want to decide on it before then": a date the decision is
   said to come before, after it in its sentence with no other date
   between. */
static bool before_that_after(const dbf__rx *x, const dbf__date *d, size_t i, size_t cnt) {
  static const char *const back[] = {"before that", "before then", "prior to that", "ahead of that",
                                     NULL};
  dbf_span sent = dbf__rx_sentence_of(x, d[i].off);
  size_t e = d[i].off + d[i].len, se = sent.off + sent.len;
  size_t lim = e + 64 < se ? e + 64 : se;
  if (i + 1 < cnt && d[i + 1].off < lim)
    lim = d[i + 1].off;
  return lim > e && dbf__tx_find_any(x->s, lim, e, back, NULL) != (size_t)-1;
}

/* Does a end after b, a month said alone taken to its last day? */
static bool ends_after(const dbf__date *a, const dbf__date *b) {
  long ka = a->ymd.y * 400L + a->ymd.m * 32L + (a->prec == DBF_DATE_DAY ? a->ymd.d : 31);
  long kb = b->ymd.y * 400L + b->ymd.m * 32L + (b->prec == DBF_DATE_DAY ? b->ymd.d : 31);
  return ka > kb;
}

/* "nothing moves before the audit on 12 November", "they won't sign
   before March", "3 February at the earliest": a date the decision is
   said not to come before, a lower bound rather than the decision's own. */
static bool lower_bound_at(const dbf__rx *x, const dbf__date *d) {
  static const char *const floors[] = {"no earlier than", "not earlier than", "no sooner than",
                                       "not sooner than", NULL};
  static const char *const after[] = {"at the earliest", "earliest", NULL};
  dbf_span sent = dbf__rx_sentence_of(x, d->off);
  size_t b = d->off > 40 ? d->off - 40 : 0;
  if (b < sent.off)
    b = sent.off;
  if (dbf__tx_find_any(x->s, d->off, b, floors, NULL) != (size_t)-1)
    return true;
  /* A bare "no" right before it takes back what was said before ("in
     June, no, before 20 May"); it bounds nothing. */
  size_t bf = dbf__tx_find_word(x->s, d->off, b, "before");
  dbf_span no = bf != (size_t)-1 ? dbf__tx_word_before(x->s, bf) : (dbf_span){0, 0};
  bool bare_no = no.len == 2 && dbf__tx_ieqn(x->s + no.off, "no", 2);
  /* ... nor does a "no" that is part of a cue taking it back, said just
     before ("in May no sorry before 20 April"). */
  size_t cb = bf != (size_t)-1 && bf > b + 20 ? bf - 20 : b;
  bool take_back = bf != (size_t)-1 && dbf__rx_find_correction(x, bf, cb, NULL) != (size_t)-1;
  if (bf != (size_t)-1 && !bare_no && !take_back && dbf__tx_negated_before(x->s, bf, 4))
    return true;
  size_t e = d->off + d->len, se = sent.off + sent.len;
  size_t lim = e + 20 < se ? e + 20 : se;
  return lim > e && dbf__tx_find_any(x->s, lim, e, after, NULL) != (size_t)-1;
}

/* Is d the last day of a month said loosely ("by the end of June", "end
   jun") rather than a day named? */
static bool month_end(const dbf__rx *x, const dbf__date *d) {
  static const char *const ends[] = {"end of", "end", NULL};
  if (d->prec != DBF_DATE_DAY || d->vague || d->ymd.d < 28)
    return false;
  size_t b = d->off > 8 ? d->off - 8 : 0, e = d->off + 8 < x->n ? d->off + 8 : x->n;
  return dbf__tx_find_any(x->s, e, b, ends, NULL) != (size_t)-1;
}

/*
 * "they signed on Monday", "the vote was this past Tuesday", "signed Friday
 * the 18th": in an answer told as past, a weekday resolved forward names
 * the last such day on or before the meeting, and a weekday with a day of
 * the month the last month where that day falls on it.
 */
static void past_weekday(const dbf__rx *x, dbf__date *d) {
  long ref = dbf__days_from_civil(x->ref), at = dbf__days_from_civil(d->ymd);
  if (d->prec != DBF_DATE_DAY || d->explicit_year || d->vague || at <= ref)
    return;
  size_t p = d->off;
  if (p + 5 <= x->n && dbf__tx_ieqn(x->s + p, "this ", 5))
    p += 5;
  int w = dbf__date_weekday_at(x->s, x->n, p);
  if (w < 0)
    return;
  if (dbf__weekday(d->ymd) == w && at - ref <= 7) {
    d->ymd = dbf__civil_from_days(at - 7);
    return;
  }
  dbf__ymd m = d->ymd;
  for (int k = 0; k < 12; k++) {
    m = (dbf__ymd){m.m == 1 ? m.y - 1 : m.y, m.m == 1 ? 12 : m.m - 1, d->ymd.d};
    dbf__ymd back = dbf__civil_from_days(dbf__days_from_civil(m));
    if (back.d == m.d && dbf__days_from_civil(m) <= ref && dbf__weekday(m) == w) {
      d->ymd = m;
      return;
    }
  }
}

/* "the last week in February", "last Friday of June": "last" that picks a
   week or a weekday inside a month, which tells nothing of the past. True
   when every "last" in the answer is such. */
static bool last_only_ordinal(const dbf__rx *x) {
  for (size_t at = 0; (at = dbf__tx_find_word(x->s, x->n, at, "last")) != (size_t)-1; at++) {
    size_t p = at + 4;
    while (p < x->n && x->s[p] == ' ')
      p++;
    size_t we = p;
    while (we < x->n && dbf__tx_isalnum((unsigned char)x->s[we]))
      we++;
    bool week = (we - p == 4 && dbf__tx_ieqn(x->s + p, "week", 4)) ||
                (we - p == 2 && dbf__tx_ieqn(x->s + p, "wk", 2));
    if (!week && dbf__date_weekday_at(x->s, x->n, p) < 0)
      return false;
    while (we < x->n && x->s[we] == ' ')
      we++;
    if (!(we + 3 <= x->n &&
          (dbf__tx_ieqn(x->s + we, "of ", 3) || dbf__tx_ieqn(x->s + we, "in ", 3))))
      return false;
  }
  return true;
}

void dbf__rule_date(dbf__rx *x, const dbf_template_field *f, bool targeted) {
  dbf__date d[MAX_DATES];
  /* Dates resolve forward (a deadline) unless the answer tells of the past. */
  dbf_span all = {0, x->n};
  bool past =
      dbf__rx_span_has_any(x, all, k_past_cues) && !dbf__rx_span_has_any(x, all, k_future_cues);
  /* "last" alone as the cue, and it an ordinal: no past. */
  if (past && last_only_ordinal(x)) {
    bool other = false;
    for (size_t k = 0; k_past_cues[k] && !other; k++)
      other = strcmp(k_past_cues[k], "last") != 0 &&
              dbf__rx_span_has_any(x, all, (const char *const[]){k_past_cues[k], NULL});
    past = other;
  }
  const json_t *about = dbf__rx_param_list(f, "about");
  if (!targeted && !about)
    return;
  size_t cnt = dbf__date_scan(x->s, x->n, &x->ref, !past, d, MAX_DATES);
  for (size_t i = 0; past && i < cnt; i++)
    past_weekday(x, &d[i]);
  int best = -1;
  int best_score = -1000, prev_score = 0;
  size_t prev_i = (size_t)-2; /* the date scored last, and its score */
  for (size_t i = 0; i < cnt; i++) {
    if (d[i].negated)
      continue;
    dbf_span sent = dbf__rx_sentence_of(x, d[i].off);
    bool cue = dbf__rx_span_has_any(x, sent, dbf__rx_decision_cues);
    if (!targeted) {
      /* Cross-field: the sentence must be about this field, which the
         template says with "about" words ("decide" for a decision date). */
      bool own = false;
      size_t k;
      const json_t *w;
      json_array_foreach(about, k, w) {
        if (!own && dbf__tx_find_word(x->s, sent.off + sent.len, sent.off, json_string_value(w)) !=
                        (size_t)-1)
          own = true;
      }
      if (!own || d[i].prec == DBF_DATE_YEAR)
        continue;
    }
    int score = (d[i].prec == DBF_DATE_DAY     ? 3
                 : d[i].prec == DBF_DATE_MONTH ? 2
                                               : 1) +
                (cue ? 2 : 0) +
                /* "June 30th, but actually July 15th": the date after the cue. */
                (dbf__rx_correction_at(x, d[i].off) != (size_t)-1 &&
                         d[i].off > dbf__rx_correction_at(x, d[i].off)
                     ? 8
                     : 0) -
                (d[i].vague ? 1 : 0) + (narrowed(x, d, i) ? 4 : 0) +
                (about_in_clause(x, f, d, cnt, i) ? 3 : 0) + (filed_at(x, d[i].off) ? 8 : 0);
    /* "before their fiscal yr end, thats 30.9", "at the next board, i.e.
       the 14th of May": a date restated after another names it exactly. */
    static const char *const restate[] = {"that's", "thats", "that is", "which is", "i.e.", NULL};
    size_t rb = d[i].off > 14 ? d[i].off - 14 : 0;
    if (prev_i + 1 == i && dbf__rx_span_has_any(x, (dbf_span){rb, d[i].off - rb}, restate) &&
        score <= prev_score)
      score = prev_score + 1;
    prev_i = i;
    prev_score = score;
    /* "decide before the school year starts in February": the date of the
       event the decision comes before, not the decision's own. */
    if (event_after_before(x, d[i].off))
      score -= 2;
    /* ... or an event said first: "it starts 1 march, so before that". */
    if (before_that_after(x, d, i, cnt))
      score -= 3;
    /* ... or the end of the term they are in, beside another date. */
    if (cnt > 1 && term_end_at(x, f, d, cnt, i))
      score -= 3;
    /* ... or a date it will not come before, with a later one said. */
    bool later = false;
    for (size_t k = 0; k < cnt && !later; k++)
      later = k != i && !d[k].negated && d[k].prec != DBF_DATE_YEAR && ends_after(&d[k], &d[i]);
    if (later && lower_bound_at(x, &d[i]))
      score -= 5;
    /* "by the end of September, though Raul said realistically October":
       of two dates as good, the one that narrows the other. */
    if (score > best_score || (score == best_score && narrowed(x, d, i))) {
      best_score = score;
      best = (int)i;
    }
  }
  /* "No timeline either. She said 'this year sometime'": a year or a
     vague span after saying there is none is no date. */
  if (best >= 0 && (d[best].prec == DBF_DATE_YEAR || d[best].vague) &&
      dbf__rx_span_has_any(x, all, k_no_timeline))
    return;
  /* "live before the school holidays in April, so she'll decide by the
     20th": a bare day said after "before <month>" falls before it. */
  for (int k = 0; best > 0 && k < best && d[best].bare_day && d[best].prec == DBF_DATE_DAY; k++) {
    size_t b4 = d[k].off > 40 ? d[k].off - 40 : 0;
    if (d[k].prec != DBF_DATE_MONTH || d[best].ymd.y != d[k].ymd.y || d[best].ymd.m != d[k].ymd.m ||
        dbf__tx_find_word(x->s, d[k].off, b4, "before") == (size_t)-1)
      continue;
    dbf__ymd earlier = {d[best].ymd.m == 1 ? d[best].ymd.y - 1 : d[best].ymd.y,
                        d[best].ymd.m == 1 ? 12 : d[best].ymd.m - 1, d[best].ymd.d};
    if (dbf__days_from_civil(earlier) >= dbf__days_from_civil(x->ref))
      d[best].ymd = earlier;
    break;
  }
  if (best >= 0)
    mid_month(x, &d[best]);
  /* "confirm by end of this month ... no sorry ... confirm this month": a
     month said loosely holds the day said of it elsewhere in the answer;
     so does its end said loosely ("before the end of June ... their
     board sits June 24th"). */
  bool loose_end = best >= 0 && month_end(x, &d[best]);
  for (size_t k = 0; best >= 0 && (d[best].prec == DBF_DATE_MONTH || loose_end) && k < cnt; k++) {
    if (d[k].negated || d[k].prec != DBF_DATE_DAY || d[k].ymd.y != d[best].ymd.y ||
        d[k].ymd.m != d[best].ymd.m || before_that_after(x, d, k, cnt) ||
        (cnt > 1 && term_end_of(x, f, d, cnt, k)) ||
        (loose_end && ((int)k == best || d[k].vague || month_end(x, &d[k]))))
      continue;
    best = (int)k;
    break;
  }
  if (best >= 0) {
    char iso[16];
    dbf__rx_date_iso(&d[best], iso, sizeof(iso));
    double conf = targeted ? CONF_TARGET : CONF_CROSS;
    if (d[best].vague)
      conf -= 0.1;
    dbf__rx_put(x, f->key, json_string(iso), dbf__rx_hedge(x, conf),
                dbf__rx_sentence_is_correction(x, d[best].off));
    return;
  }
  /* No resolvable date: a targeted answer keeps a short phrase
     ("after their board meeting") at low confidence. */
  /* "There's nothing left to decide, the decision was made before the
     meeting": a decision told as past keeps no phrase. */
  /* ... nor does one that says there is no date ("n/a, no timeframe"). */
  if (targeted && !x->negative && !past && x->n > 0 &&
      !dbf__rx_span_has_any(x, all, k_no_timeline)) {
    dbf_span sp = dbf__tx_strip_fillers(x->s, (dbf_span){0, x->n});
    if (sp.len > 0 && dbf__tx_word_count(x->s, sp) <= 12)
      dbf__rx_put(x, f->key, dbf__rx_jstr_span(x, sp), 0.4, false);
  }
}

/* A date next to one of the field's "about" words ("decide ... by April"). */
bool dbf__claim_date(dbf__rx *x, const dbf_template_field *f, dbf_span sent, bool own) {
  dbf__date d[8];
  size_t cnt = dbf__date_scan(x->s + sent.off, sent.len, &x->ref, true, d, 8);
  dbf_span cover[12];
  size_t nc = 0;
  for (size_t i = 0; i < cnt && nc < 8; i++) {
    if (d[i].negated)
      continue;
    if (own)
      return true;
    if (d[i].prec != DBF_DATE_YEAR)
      cover[nc++] = (dbf_span){sent.off + d[i].off, d[i].len};
  }
  const json_t *about = dbf__rx_param_list(f, "about");
  if (own || nc == 0 || !about)
    return false;
  size_t ndates = nc, k;
  const json_t *w;
  json_array_foreach(about, k, w) {
    const char *word = json_string_value(w);
    size_t p = dbf__tx_find_word(x->s, sent.off + sent.len, sent.off, word);
    if (p != (size_t)-1 && nc < DBF_ARRAY_LEN(cover))
      cover[nc++] = (dbf_span){p, strlen(word)};
  }
  return nc > ndates && dbf__rx_dominates(x, sent, cover, nc);
}
