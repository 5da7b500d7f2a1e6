/*
 * date_range.c - the "date_range" kind: {"start", "end"} of a job or a
 * project ("March 2020 until June 2024", "since 2022").
 */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "engine/lexicon.h"
#include "engine/rules/registry.h"
#include "engine/rules/rules.h"

/* Timeline object {"start","end"}: "From March 2020 until June 2024", "2019-2021", "since 2022". */
/* Words between two dates that make them one span: "from March 2020 until
   June 2025", "2019 to 2021". */
static const char *const k_range_joins[] = {"until", "till", "to", "through", "up to", "-", NULL};

/* Words that open a span said as one: "from X until Y", and the one the
   person says to record ("for LinkedIn put March 2022 to December 2024"). */
static const char *const k_span_leads[] = {"from", "since", "put", "write", "list", NULL};

/*
 * "I rode from 2016, operations lead from January 2019 until the end of
 * 2023": when the answer gives several dates, the last span said as one
 * ("from X until Y") is the role's. Returns the index of its start in d,
 * or -1.
 */
static int last_span(const dbf__rx *x, const dbf__date *d, size_t cnt) {
  int best = -1;
  for (size_t i = 0; i + 1 < cnt; i++) {
    const dbf__date *a = &d[i], *b = &d[i + 1];
    if (a->negated || b->negated || !a->explicit_year || !b->explicit_year || a->vague ||
        b->vague || b->off < a->off + a->len || b->off - (a->off + a->len) > 24)
      continue;
    dbf_span gap = {a->off + a->len, b->off - (a->off + a->len)};
    size_t from = a->off > 12 ? a->off - 12 : 0;
    if (dbf__rx_span_has_any(x, gap, k_range_joins) &&
        dbf__rx_span_has_any(x, (dbf_span){from, a->off - from}, k_span_leads))
      best = (int)i;
  }
  return best;
}

/* Where the last of words in s[from..to) starts, or (size_t)-1. */
static size_t last_of(const dbf__rx *x, size_t from, size_t to, const char *const *words) {
  size_t last = (size_t)-1;
  for (size_t p = from; p < to;) {
    size_t a = dbf__tx_find_any(x->s, to, p, words, NULL);
    if (a == (size_t)-1)
      break;
    last = a;
    p = a + 1;
  }
  return last;
}

/* Which end a month said without its year belongs to, by the last verb
   before it in its sentence: -1 the start ("started", "joined"), 1 the end
   ("left", "finished"), 0 neither. */
static int month_side(const dbf__rx *x, size_t off) {
  static const char *const starts[] = {"started", "joined", "began", "start", NULL};
  static const char *const ends[] = {"left", "ended", "finished", "quit", "stopped", NULL};
  dbf_span sent = dbf__rx_sentence_of(x, off);
  size_t last_start = last_of(x, sent.off, off, starts), last_end = last_of(x, sent.off, off, ends);
  if (last_start == (size_t)-1 && last_end == (size_t)-1)
    return 0;
  if (last_end == (size_t)-1)
    return -1;
  if (last_start == (size_t)-1)
    return 1;
  return last_end > last_start ? 1 : -1;
}

/* The count x->s[b..e) says in digits (under 1000) or as a number word
   (dbf__tx_number_word); 0 when it is neither. */
static int count_of(const dbf__rx *x, size_t b, size_t e) {
  if (b < e && x->s[b] >= '0' && x->s[b] <= '9') {
    int n = 0;
    for (size_t i = b; i < e && n < 1000; i++)
      n = x->s[i] >= '0' && x->s[i] <= '9' ? n * 10 + (x->s[i] - '0') : 1000;
    return n < 1000 ? n : 0;
  }
  return dbf__tx_number_word(x->s + b, e - b);
}

/* "I joined in January 2021 and left 18 months later": the end counted
   from the start. Writes it as the start's precision; false when not said. */
static bool later_end(const dbf__rx *x, const dbf__date *start, char *out, size_t cap) {
  static const char *const units[] = {" months later", " month later", " years later",
                                      " year later", NULL};
  size_t which = 0;
  size_t at = dbf__tx_find_any(x->s, x->n, start->off + start->len, units, &which);
  if (at == (size_t)-1 || start->prec == DBF_DATE_DAY)
    return false;
  size_t b = at;
  while (b > 0 && dbf__tx_isalnum((unsigned char)x->s[b - 1]))
    b--;
  int n = count_of(x, b, at);
  if (n <= 0)
    return false;
  int months = which < 2 ? n : n * 12;
  if (start->prec == DBF_DATE_YEAR) {
    if (months % 12)
      return false;
    snprintf(out, cap, "%04d", start->ymd.y + months / 12);
    return true;
  }
  int t = start->ymd.y * 12 + (start->ymd.m - 1) + months;
  snprintf(out, cap, "%04d-%02d", t / 12, t % 12 + 1);
  return true;
}

/* Words that end a job, or say up to when it ran. */
static const char *const k_end_words[] = {"left",     "finished", "quit",       "retired",
                                          "stopped",  "ended",    "until",      "till",
                                          "moved on", "resigned", "was let go", NULL};

/*
 * "I began in May 2015 and stayed till the merger, no wait, after it too,
 * I left in 2019": with only the start kept, a correction cue after an end
 * word that named no date takes back that end, not the start; the date
 * after it, said after a word of leaving, is the end.
 */
static bool end_word_taken_back(const dbf__rx *x, const dbf__date *kept, size_t nk, size_t cue,
                                const dbf__date *next) {
  size_t from = kept->off + kept->len;
  if (nk != 1 || cue <= from || next->off <= cue)
    return false;
  dbf_span after = {cue, next->off - cue};
  return dbf__rx_span_has_any(x, (dbf_span){from, cue - from},
                              (const char *const[]){"until", "till", "stayed", "stay", NULL}) &&
         (dbf__rx_span_has_any(x, after, k_end_words) ||
          dbf__rx_span_has_any(x, after, (const char *const[]){"leave", NULL}));
}

/*
 * "june twenty sixteen no june twenty seventeen", "feb 2016. no oct 2015":
 * a bare "no" (a "wait" or "oh" around it) said right after a kept date
 * and right before the next takes the kept one back. Returns where the
 * "no" starts, or (size_t)-1.
 */
static size_t bare_no(const dbf__rx *x, const dbf__date *kept, const dbf__date *next) {
  size_t e = kept->off + kept->len, from = 0;
  size_t no = next->off > e ? dbf__rx_bare_no_before(x, next->off, &from) : (size_t)-1;
  if (no == (size_t)-1 || from < e)
    return (size_t)-1;
  /* Only marks between the kept date and the repair. */
  for (size_t p = e; p < from; p++)
    if (dbf__tx_isalnum((unsigned char)x->s[p]))
      return (size_t)-1;
  return no;
}

/*
 * "june twenty eighteen sorry until last april": a cue said right after a
 * date that itself replaced one apologises for that repair; it takes back
 * nothing more. True when only spaces and marks stand between the kept
 * date and the cue.
 */
static bool repair_apology(const dbf__rx *x, const dbf__date *kept, size_t repaired_at, size_t c) {
  size_t e = kept->off + kept->len;
  if (repaired_at == 0 || repaired_at != kept->off || c < e)
    return false;
  for (size_t p = e; p < c; p++)
    if (dbf__tx_isalnum((unsigned char)x->s[p]))
      return false;
  return true;
}

/*
 * "March 2021 to December 2024, no wait, I started in 2020": a verb of
 * starting or leaving between the cue and the date says which end the
 * repair replaces: 0 the start, 1 the end, -1 neither.
 */
static int repair_side(const dbf__rx *x, size_t cue, size_t at) {
  static const char *const starts[] = {"started", "joined", "began", "start", NULL};
  dbf_span sp = {cue, at - cue};
  if (at <= cue)
    return -1;
  if (dbf__rx_span_has_any(x, sp, starts))
    return 0;
  return dbf__rx_span_has_any(x, sp, k_end_words) ? 1 : -1;
}

/* The count said just before s[at] ("three", "18", "a couple of"), or 0. */
static int count_before(const dbf__rx *x, size_t from, size_t at) {
  size_t e = at;
  while (e > from && x->s[e - 1] == ' ')
    e--;
  size_t b = e;
  while (b > from && dbf__tx_isalnum((unsigned char)x->s[b - 1]))
    b--;
  if (b == e)
    return 0;
  if (x->s[b] >= '0' && x->s[b] <= '9')
    return count_of(x, b, e);
  if (e - b == 1 && (x->s[b] == 'a' || x->s[b] == 'A'))
    return 1; /* "a year ago" */
  if (e - b == 6 && dbf__tx_ieqn(x->s + b, "couple", 6))
    return 2;
  if (e - b == 2 && dbf__tx_ieqn(x->s + b, "of", 2))
    return b >= from + 7 && dbf__tx_ieqn(x->s + b - 7, "couple ", 7) ? 2 : 0;
  return count_of(x, b, e);
}

/* A time counted back from now, months first, as said or typed short
   ("2 yrs ago", "6 mths ago"). */
static const char *const k_ago[] = {"months ago", "month ago", "mths ago", "mth ago", "mos ago",
                                    "years ago",  "year ago",  "yrs ago",  "yr ago",  NULL};
#define K_AGO_MONTHS 5 /* the month forms of k_ago */
/* Weeks counted back from now, as said or typed short. */
static const char *const k_weeks_ago[] = {"weeks ago", "week ago", "wks ago", "wk ago", NULL};

/*
 * "I joined in January 2020 and left two months ago", "finished three
 * months ago", "retired at the end of last year", "until this January":
 * the end said back from now, after a kept start. Writes it to the month
 * (to the year for "N years ago" and a bare "last year"); false when not
 * said.
 */
static bool end_from_now(const dbf__rx *x, const dbf__date *start, const dbf__date *d, size_t cnt,
                         char *out, size_t cap) {
  size_t which = 0;
  size_t from = start->off + start->len;
  size_t v = dbf__tx_find_any(x->s, x->n, from, k_end_words, &which);
  if (v == (size_t)-1)
    return false;
  size_t b = v + strlen(k_end_words[which]);
  dbf_span sent = dbf__rx_sentence_of(x, v);
  size_t e = sent.off + sent.len;
  if (e > b + 40)
    e = b + 40;
  int now = x->ref.y * 12 + (x->ref.m - 1), back = -1;
  bool to_year = false;
  size_t u = dbf__tx_find_any(x->s, e, b, k_ago, &which);
  if (u != (size_t)-1) {
    int n = count_before(x, b, u);
    if (n <= 0 || n > 40)
      return false;
    back = which < K_AGO_MONTHS ? n : n * 12;
    to_year = which >= K_AGO_MONTHS;
    /* "resigned four years ago in March": the month named beside the years
       counted back, in the year they reach. */
    for (size_t i = 0; to_year && i < cnt; i++) {
      if (d[i].off < b || d[i].off > u + 24 || d[i].explicit_year || d[i].vague ||
          d[i].prec != DBF_DATE_MONTH)
        continue;
      back = now - ((x->ref.y - n) * 12 + d[i].ymd.m - 1);
      to_year = back < 0;
      break;
    }
  } else if (dbf__tx_find_word(x->s, e, b, "last month") != (size_t)-1) {
    back = 1;
  } else if ((u = dbf__tx_find_any(x->s, e, b, k_weeks_ago, &which)) != (size_t)-1) {
    /* "finished a few weeks ago": the month those weeks reach back to. */
    dbf_span w = dbf__tx_word_before(x->s, u);
    int n = w.len == 3 && dbf__tx_ieqn(x->s + w.off, "few", 3) ? 3 : count_before(x, b, u);
    if (n <= 0 || n > 12)
      return false;
    dbf__ymd day = dbf__civil_from_days(dbf__days_from_civil(x->ref) - 7L * n);
    back = now - (day.y * 12 + day.m - 1);
  } else if ((u = dbf__tx_find_word(x->s, e, b, "last year")) != (size_t)-1) {
    bool end_of = u >= b + 7 && dbf__tx_ieqn(x->s + u - 7, "end of ", 7);
    back = end_of ? x->ref.m : 12;
    to_year = !end_of;
  } else {
    /* "until this January": a month without its year, the latest one
       not after now. */
    for (size_t i = 0; i < cnt; i++) {
      if (d[i].off < b || d[i].off >= e || d[i].explicit_year || d[i].prec != DBF_DATE_MONTH)
        continue;
      int m = d[i].ymd.m;
      int t = x->ref.y * 12 + (m - 1);
      if (t > now)
        t -= 12;
      back = now - t;
      break;
    }
  }
  if (back < 0)
    return false;
  int t = now - back;
  if (t < start->ymd.y * 12 + (start->ymd.m - 1))
    return false;
  if (to_year || start->prec == DBF_DATE_YEAR)
    snprintf(out, cap, "%04d", t / 12);
  else
    snprintf(out, cap, "%04d-%02d", t / 12, t % 12 + 1);
  return true;
}

/*
 * "I joined three years ago, in March", "started in January two years
 * ago", "began 18 months ago": a start counted back from now, with no
 * dated start said. Fills *o (to the month when one is said or counted,
 * else to the year); false when not said.
 */
static bool start_from_now(const dbf__rx *x, const dbf__date *d, size_t cnt, dbf__date *o) {
  static const char *const starts[] = {"joined", "started", "began", "start", "hired", NULL};
  size_t which = 0;
  size_t v = dbf__tx_find_any(x->s, x->n, 0, starts, &which);
  if (v == (size_t)-1)
    return false;
  dbf_span sent = dbf__rx_sentence_of(x, v);
  size_t b = v + strlen(starts[which]), e = sent.off + sent.len;
  if (e > b + 40)
    e = b + 40;
  size_t u = dbf__tx_find_any(x->s, e, b, k_ago, &which);
  if (u == (size_t)-1)
    return false;
  int n = count_before(x, b, u);
  if (n <= 0 || n > 40)
    return false;
  *o = (dbf__date){.off = v, .len = u - v, .explicit_year = true};
  int now = x->ref.y * 12 + (x->ref.m - 1);
  if (which < K_AGO_MONTHS) {
    int t = now - n;
    o->prec = DBF_DATE_MONTH;
    o->ymd = (dbf__ymd){t / 12, t % 12 + 1, 1};
    return true;
  }
  o->prec = DBF_DATE_YEAR;
  o->ymd = (dbf__ymd){x->ref.y - n, 1, 1};
  /* "three years ago, in March": the month named beside it. */
  for (size_t i = 0; i < cnt; i++) {
    if (d[i].off + 20 < v || d[i].off > e || d[i].explicit_year || d[i].vague ||
        d[i].prec != DBF_DATE_MONTH)
      continue;
    o->prec = DBF_DATE_MONTH;
    o->ymd.m = d[i].ymd.m;
    break;
  }
  return true;
}

/* Do exactly two digits end at x->s[e] ("september 16", not "the 16th")? */
static bool two_digits(const dbf__rx *x, size_t e) {
  return e >= 3 && x->s[e - 3] == ' ' && x->s[e - 2] >= '0' && x->s[e - 2] <= '9' &&
         x->s[e - 1] >= '0' && x->s[e - 1] <= '9';
}

/* Is s[off] inside a pair of round or square brackets? */
static bool in_brackets(const dbf__rx *x, size_t off) {
  size_t p = off;
  while (p > 0 && x->s[p - 1] != '(' && x->s[p - 1] != '[' && x->s[p - 1] != ')' &&
         x->s[p - 1] != ']')
    p--;
  if (p == 0 || x->s[p - 1] == ')' || x->s[p - 1] == ']')
    return false;
  char close = x->s[p - 1] == '(' ? ')' : ']';
  for (size_t q = off; q < x->n; q++)
    if (x->s[q] == close)
      return true;
  return false;
}

/*
 * "mar 2015 (ramadan 1436 in the other calendar) to dec 2019": a year said
 * in an aside in brackets, when the range has a dated end outside them,
 * is a note on it, not an end. Drops those dates; returns the new count.
 */
static size_t drop_asides(const dbf__rx *x, dbf__date *d, size_t cnt) {
  size_t outside = 0;
  for (size_t i = 0; i < cnt; i++)
    outside += d[i].explicit_year && !d[i].negated && !in_brackets(x, d[i].off);
  if (outside == 0)
    return cnt;
  size_t k = 0;
  for (size_t i = 0; i < cnt; i++)
    if (!d[i].explicit_year || !in_brackets(x, d[i].off))
      d[k++] = d[i];
  return k;
}

/*
 * Evens out what the date scanner leaves for a job's range, in place:
 * "Nov of 2024" (a month and then its year) is one month; "Christmas 2024"
 * (a named day of a said year) is its month; "last summer" (a season
 * counted back from now) is the year that season last ended; "2019, May
 * I think" names May. Returns the new count.
 */
static size_t range_dates(const dbf__rx *x, dbf__date *d, size_t cnt) {
  cnt = drop_asides(x, d, cnt);
  for (size_t i = 0; i + 1 < cnt; i++) {
    dbf__date *m = &d[i], *y = &d[i + 1];
    size_t gap = y->off - (m->off + m->len);
    const char *g = x->s + m->off + m->len;
    if (m->explicit_year || m->vague || m->prec != DBF_DATE_MONTH || !y->explicit_year ||
        y->vague || y->prec != DBF_DATE_YEAR || y->off < m->off + m->len ||
        !((gap == 4 && dbf__tx_ieqn(g, " of ", 4)) || (gap == 1 && g[0] == ' ')))
      continue;
    y->prec = DBF_DATE_MONTH;
    y->ymd.m = m->ymd.m;
    y->len += y->off - m->off;
    y->off = m->off;
    memmove(m, m + 1, (cnt - i - 1) * sizeof d[0]);
    cnt--;
  }
  /* "september 16 to july 21": both ends a month and two digits, read as
     days, are a month and its year when that makes a span up to now. */
  for (size_t i = 0; i + 1 < cnt; i++) {
    dbf__date *a = &d[i], *b = &d[i + 1];
    if (a->prec != DBF_DATE_DAY || b->prec != DBF_DATE_DAY || a->explicit_year ||
        b->explicit_year || a->vague || b->vague || a->ymd.d < 10 || b->ymd.d < 10 ||
        b->off < a->off + a->len ||
        !dbf__rx_span_has_any(x, (dbf_span){a->off + a->len, b->off - (a->off + a->len)},
                              k_range_joins))
      continue;
    int ya = 2000 + a->ymd.d, yb = 2000 + b->ymd.d;
    if (yb > x->ref.y || ya * 12 + a->ymd.m > yb * 12 + b->ymd.m ||
        !two_digits(x, a->off + a->len) || !two_digits(x, b->off + b->len))
      continue;
    *a = (dbf__date){.off = a->off,
                     .len = a->len,
                     .prec = DBF_DATE_MONTH,
                     .ymd = {ya, a->ymd.m, 1},
                     .explicit_year = true};
    *b = (dbf__date){.off = b->off,
                     .len = b->len,
                     .prec = DBF_DATE_MONTH,
                     .ymd = {yb, b->ymd.m, 1},
                     .explicit_year = true};
  }
  /* "oct 19 to feb this year", "nov 21 - jun 2024": such a start, then a
     join and an end with its year, a later year than the two digits say,
     is a month and its year too. */
  for (size_t i = 0; i + 1 < cnt; i++) {
    dbf__date *a = &d[i];
    const dbf__date *b = &d[i + 1];
    size_t e = a->off + a->len;
    if (a->prec != DBF_DATE_DAY || a->explicit_year || a->vague || a->ymd.d < 10 ||
        !two_digits(x, e) || b->prec == DBF_DATE_DAY || !b->explicit_year || b->negated ||
        b->off < e || b->off - e > 8 || 2000 + a->ymd.d >= b->ymd.y ||
        !dbf__rx_span_has_any(x, (dbf_span){e, b->off - e}, k_range_joins))
      continue;
    *a = (dbf__date){.off = a->off,
                     .len = a->len,
                     .prec = DBF_DATE_MONTH,
                     .ymd = {2000 + a->ymd.d, a->ymd.m, 1},
                     .explicit_year = true};
  }
  /* "jan 19 - now", "sept 16 to present": one such end, then a join and
     a word that the job goes on, is a month and its year too; so is one
     right after "since" ("since sept 23"). */
  for (size_t i = 0; i < cnt; i++) {
    dbf__date *a = &d[i];
    size_t e = a->off + a->len;
    dbf_span after = {e, x->n - e < 16 ? x->n - e : 16};
    if (a->prec != DBF_DATE_DAY || a->explicit_year || a->vague || a->ymd.d < 10 ||
        2000 + a->ymd.d > x->ref.y || !two_digits(x, e) ||
        (i + 1 < cnt && d[i + 1].off < e + after.len && d[i + 1].explicit_year))
      continue;
    dbf_span lead = {a->off > 6 ? a->off - 6 : 0, a->off > 6 ? 6 : a->off};
    bool since = dbf__rx_span_has_any(x, lead, (const char *const[]){"since", NULL});
    if (!since &&
        (!dbf__rx_span_has_any(x, after, k_range_joins) ||
         !dbf__rx_span_has_any(x, after,
                               (const char *const[]){"now", "present", "current", "today", NULL})))
      continue;
    *a = (dbf__date){.off = a->off,
                     .len = a->len,
                     .prec = DBF_DATE_MONTH,
                     .ymd = {2000 + a->ymd.d, a->ymd.m, 1},
                     .explicit_year = true};
  }
  for (size_t i = 0; i < cnt; i++)
    if (d[i].vague && d[i].explicit_year && d[i].prec == DBF_DATE_DAY && !d[i].negated) {
      d[i].vague = false;
      d[i].prec = DBF_DATE_MONTH;
    }
  /* "autumn 2014, May I reckon", "twenty eleven march i think":
     the month the scanner reads as a verb, right after a year it refines,
     with a comma or a hedge after it. */
  for (size_t i = 0; i < cnt && cnt < MAX_DATES; i++) {
    size_t e = d[i].off + d[i].len, m = 0;
    if (d[i].prec != DBF_DATE_YEAR)
      continue;
    size_t b = e + (e < x->n && x->s[e] == ',');
    while (b < x->n && x->s[b] == ' ')
      b++;
    int mon = b + 3 <= x->n && dbf__tx_ieqn(x->s + b, "may", 3)     ? 5
              : b + 5 <= x->n && dbf__tx_ieqn(x->s + b, "march", 5) ? 3
                                                                    : 0;
    m = mon == 5 ? 3 : 5;
    if (!mon || b == e || (b + m < x->n && dbf__tx_isalnum((unsigned char)x->s[b + m])) ||
        (i + 1 < cnt && d[i + 1].off < b + m + 1))
      continue;
    /* Typed with its capital after a comma, or followed by a hedge. */
    bool comma = x->s[e] == ',' && (x->s[b] == 'M');
    size_t h = b + m;
    while (h < x->n && (x->s[h] == ' ' || x->s[h] == ','))
      h++;
    static const char *const hedges[] = {"i think",   "i want to say", "i guess",
                                         "i believe", "maybe",         NULL};
    bool hedged = false;
    for (size_t k = 0; hedges[k] && !hedged; k++)
      hedged =
          h + strlen(hedges[k]) <= x->n && dbf__tx_ieqn(x->s + h, hedges[k], strlen(hedges[k]));
    if (!comma && !hedged)
      continue;
    memmove(d + i + 2, d + i + 1, (cnt - i - 1) * sizeof d[0]);
    cnt++;
    d[i + 1] = (dbf__date){.off = b, .len = m, .prec = DBF_DATE_MONTH, .ymd = {x->ref.y, mon, 1}};
  }
  /* The last month of each season; winter spans the year's turn. */
  static const char *const seasons[] = {"last spring", "last summer", "last autumn", "last fall",
                                        NULL};
  static const int season_end[] = {5, 8, 11, 11};
  for (size_t p = 0; cnt < MAX_DATES;) {
    size_t which = 0;
    size_t at = dbf__tx_find_any(x->s, x->n, p, seasons, &which);
    if (at == (size_t)-1)
      break;
    p = at + strlen(seasons[which]);
    size_t k = 0;
    while (k < cnt && d[k].off < at)
      k++;
    memmove(d + k + 1, d + k, (cnt - k) * sizeof d[0]);
    cnt++;
    int y = x->ref.m > season_end[which] ? x->ref.y : x->ref.y - 1;
    d[k] = (dbf__date){.off = at,
                       .len = strlen(seasons[which]),
                       .prec = DBF_DATE_YEAR,
                       .ymd = {y, 1, 1},
                       .explicit_year = true};
  }
  /* "at the end of June 2023": a job's end said by the close of a month
     of a said year is that month. */
  for (size_t i = 0; i < cnt; i++) {
    const char *t = x->s + d[i].off;
    size_t l = d[i].len;
    bool close = d[i].prec == DBF_DATE_DAY && !d[i].vague && l > 11 &&
                 (dbf__tx_ieqn(t, "end of ", 7) || dbf__tx_ieqn(t, "the end of ", 11));
    /* "till last spring, end of April": without its year, only
       right after a year it refines. */
    bool after_year = i > 0 && d[i - 1].prec == DBF_DATE_YEAR && d[i - 1].explicit_year &&
                      d[i].off >= d[i - 1].off + d[i - 1].len &&
                      d[i].off - (d[i - 1].off + d[i - 1].len) < 8;
    if (close && (d[i].explicit_year || after_year))
      d[i].prec = DBF_DATE_MONTH;
  }
  return cnt;
}

/* Whether a is a later date than b, at the precision both say. */
static bool date_after(const dbf__date *a, const dbf__date *b) {
  if (a->ymd.y != b->ymd.y)
    return a->ymd.y > b->ymd.y;
  return a->prec != DBF_DATE_YEAR && b->prec != DBF_DATE_YEAR && a->ymd.m > b->ymd.m;
}

/* The words between d[i] and the date before it, at most width of them
   back: false when d[i] is no later than ref or overlaps that date. */
static bool later_lead(const dbf__date *ref, const dbf__date *d, size_t i, size_t width,
                       dbf_span *lead) {
  if (i == 0 || !date_after(&d[i], ref))
    return false;
  size_t pe = d[i - 1].off + d[i - 1].len;
  if (d[i].off < pe)
    return false;
  size_t lb = d[i].off > pe + width ? d[i].off - width : pe;
  *lead = (dbf_span){lb, d[i].off - lb};
  return true;
}

/*
 * "assistant from 2019, manager from 2021, still there", "promoted in
 * 2022", "clerk from 2018, then lead 2020 to 2024": with the role's start
 * kept, a later date that opens a stage of the same job (a start cue right
 * before it, and no end word; or a span of its own opening at it) is no
 * end of the role. A stage comes after the start.
 */
static bool stage_start(const dbf__rx *x, const dbf__date *start, const dbf__date *d, size_t cnt,
                        size_t i) {
  static const char *const stage_cues[] = {"from",      "since",  "promoted",
                                           "permanent", "became", NULL};
  static const char *const end_cues[] = {"until", "till", "to",    "through",  "-",
                                         "left",  "quit", "ended", "finished", NULL};
  static const char *const leave_cues[] = {"until", "till",  "through",  "left",
                                           "quit",  "ended", "finished", NULL};
  dbf_span lead;
  if (!later_lead(start, d, i, 24, &lead))
    return false;
  bool ends = dbf__rx_span_has_any(x, lead, end_cues);
  if (!ends && dbf__rx_span_has_any(x, lead, stage_cues))
    return true;
  /* "started driving in 2018, moved into the office in 2022 and I'm still
     there": a later date with no end word, then words that the person is
     still in the job before any other date, dates a stage. */
  static const char *const still_in[] = {
      "still there",    "still here",    "still with",     "still at",        "still working",
      "still employed", "still in post", "remain in post", "remain employed", NULL};
  /* A "to" further back is no end ("promoted to sister in 2019"), one
     right before the date is, as is a leave word. */
  size_t after = d[i].off + d[i].len;
  size_t upto = i + 1 < cnt ? d[i + 1].off : x->n;
  size_t q = d[i].off;
  while (q > lead.off && x->s[q - 1] == ' ')
    q--;
  bool joined = (q > lead.off && x->s[q - 1] == '-') ||
                dbf__tx_phrase_ends_at(x->s, q, (const char *const[]){"to", "until", "till", NULL});
  if (!joined && !dbf__rx_span_has_any(x, lead, leave_cues) && upto > after &&
      dbf__rx_span_has_any(x, (dbf_span){after, upto - after}, still_in))
    return true;
  if (ends || i + 1 >= cnt)
    return false;
  const dbf__date *n = &d[i + 1];
  size_t e = d[i].off + d[i].len;
  return !n->negated && n->explicit_year && !n->vague && n->off >= e && n->off - e <= 8 &&
         dbf__rx_span_has_any(x, (dbf_span){e, n->off - e}, k_range_joins);
}

/*
 * "joined as a trainee in May 2016, made supervisor 2019, left in March
 * 2024": with both ends kept, a later date right after a word that leaves
 * the job, when the kept end had none, is the role's end; the kept end was
 * a stage of the same job.
 */
static bool leave_after_stage(const dbf__rx *x, const dbf__date *kept_end, const dbf__date *d,
                              size_t i) {
  dbf_span lead;
  if (!later_lead(kept_end, d, i, 16, &lead) || !dbf__rx_span_has_any(x, lead, k_end_words))
    return false;
  size_t kb = kept_end->off > 24 ? kept_end->off - 24 : 0;
  dbf_span klead = {kb, kept_end->off - kb};
  return !dbf__rx_span_has_any(x, klead, k_end_words) &&
         !dbf__rx_span_has_any(x, klead, k_range_joins);
}

/*
 * "About four and a half years. I left in the fall of 2024": with only the
 * end dated, the start counted back from it by the length said ("N years",
 * "N and a half years", "N months"). Writes the start's year; false when
 * no length is said.
 */
static bool start_before_end(const dbf__rx *x, const dbf__date *end, char *out, size_t cap) {
  static const char *const units[] = {" years", " year", " months", NULL};
  static const char *const not_length[] = {" ago", " later", " old", " before", " after", NULL};
  for (size_t p = 0;;) {
    size_t which = 0;
    size_t at = dbf__tx_find_any(x->s, x->n, p, units, &which);
    if (at == (size_t)-1)
      return false;
    size_t past = at + strlen(units[which]);
    p = past;
    bool other = false;
    for (size_t k = 0; not_length[k] && !other; k++) {
      size_t l = strlen(not_length[k]);
      other = past + l <= x->n && dbf__tx_ieqn(x->s + past, not_length[k], l);
    }
    if (other)
      continue;
    size_t c = at;
    int half = 0;
    if (which < 2 && at >= 11 && dbf__tx_ieqn(x->s + at - 11, " and a half", 11)) {
      c = at - 11;
      half = 6;
    }
    int n = count_before(x, 0, c);
    if (n <= 0 || n > 40)
      continue;
    int months = which < 2 ? n * 12 + half : n;
    int t = end->ymd.y * 12 + (end->prec == DBF_DATE_YEAR ? 6 : end->ymd.m - 1) - months;
    if (end->prec == DBF_DATE_YEAR && half == 0 && months % 12 == 0)
      t = (end->ymd.y - months / 12) * 12;
    snprintf(out, cap, "%04d", t / 12);
    return true;
  }
}

/*
 * A date said in passing in another answer ("realtime certified too since
 * 2020", "in twenty nineteen the labs had no water", "Senior since 2018"),
 * or in an answer read as the timeline's when another was asked, is an
 * event within the role once its span is known: it replaces neither
 * a span the person gave when asked, nor one with an earlier start.
 */
static bool passing_event(const dbf__rx *x, const char *key, const dbf__date *first, size_t nk) {
  if (dbf__rx_rec_conf(x, key) >= CONF_TARGET_LOOSE)
    return true;
  const json_t *e = json_is_object(x->ctx->record) ? json_object_get(x->ctx->record, key) : NULL;
  const json_t *v = json_object_get(e, "value");
  const char *held = json_string_value(json_object_get(v, "start"));
  /* A span already known at both ends takes no later-starting span said
     in passing either ("revenue doubled from 2021 to 2023"). */
  if (!held || (nk != 1 && !json_string_value(json_object_get(v, "end"))))
    return false;
  char iso[16];
  dbf__rx_date_iso(first, iso, sizeof iso);
  /* ISO strings order by date; compare on the shorter precision. */
  size_t l = strlen(held) < strlen(iso) ? strlen(held) : strlen(iso);
  int c = strncmp(iso, held, l);
  /* "in 2019 we lost two cooks" after "april 19 to feb this year": the held
     start said again less precisely is no new start either. */
  return c > 0 || (c == 0 && strlen(iso) < strlen(held));
}

/* The last figure of the sentence before off, when it is no date of d:
   "£15k in the first quarter, sorry, £17k" takes back an amount. */
static bool figure_before(const dbf__rx *x, const dbf__date *d, size_t cnt, size_t off) {
  dbf_span sent = dbf__rx_sentence_of(x, off);
  for (size_t p = off; p > sent.off; p--) {
    size_t q = p - 1;
    int v = 0;
    bool digit = x->s[q] >= '0' && x->s[q] <= '9';
    bool word = !digit && (q == sent.off || !dbf__tx_isalnum((unsigned char)x->s[q - 1])) &&
                dbf__tx_number_word_at(x->s, q, off, &v) > 0;
    if (!digit && !word)
      continue;
    for (size_t k = 0; k < cnt; k++)
      if (d[k].off <= q && q < d[k].off + d[k].len)
        return false;
    return true;
  }
  return false;
}

/*
 * "The 2019 outage, no wait, that was 2021", "actually, I became lead in
 * 2023": a correction said in passing, once a span was given when asked,
 * corrects that span only when what it takes back is a year of it (a date
 * just before the cue, in its sentence, of the held start's or end's
 * year). Otherwise it corrects an event or a word, not the job's dates.
 */
static bool takes_back_held(const dbf__rx *x, const char *key, const dbf__date *d, size_t cnt,
                            size_t cue) {
  if (dbf__rx_rec_conf(x, key) < CONF_TARGET_LOOSE)
    return true;
  const json_t *e = json_is_object(x->ctx->record) ? json_object_get(x->ctx->record, key) : NULL;
  const json_t *v = json_object_get(e, "value");
  const char *ends[2] = {json_string_value(json_object_get(v, "start")),
                         json_string_value(json_object_get(v, "end"))};
  dbf_span sent = dbf__rx_sentence_of(x, cue);
  for (size_t i = cnt; i-- > 0;) {
    if (d[i].off + d[i].len > cue || d[i].off < sent.off || !d[i].explicit_year)
      continue;
    char y[8];
    snprintf(y, sizeof y, "%04d", d[i].ymd.y);
    for (int k = 0; k < 2; k++)
      if (ends[k] && strncmp(ends[k], y, 4) == 0)
        return true;
    return false;
  }
  return false;
}

/*
 * "left last month, I run my own place now": a word of the present other
 * than a bare "now" or "today" says the job goes on; those two may date
 * what came after it. True when one is said after off.
 */
static bool goes_on(const dbf__rx *x, size_t off, const char *const *present) {
  for (size_t k = 0; present[k]; k++)
    if (strcmp(present[k], "now") != 0 && strcmp(present[k], "today") != 0 &&
        dbf__tx_find_word(x->s, x->n, off, present[k]) != (size_t)-1)
      return true;
  return false;
}

void dbf__rule_date_range(dbf__rx *x, const dbf_template_field *f, bool targeted) {
  /* "remain in post", "remain employed there": the formal way to say it. */
  static const char *const present[] = {
      "present", "now",     "today",          "currently",       "current",      "still",
      "ongoing", "to date", "remain in post", "remain employed", "remain there", NULL};
  static const char *const cues[] = {"since",   "from",   "until",   "till", "to",
                                     "between", "joined", "started", "left", "began",
                                     "through", "in",     NULL};
  dbf__date d[MAX_DATES];
  size_t cnt = range_dates(x, d, dbf__date_scan(x->s, x->n, &x->ref, false, d, MAX_DATES));
  dbf__date keep[2];
  size_t nk = 0;
  /* Several dates and a span said as one after them: that span. */
  int span = cnt > 2 && dbf__rx_find_correction(x, x->n, 0, NULL) == (size_t)-1
                 ? last_span(x, d, cnt)
                 : -1;
  if (span > 0) {
    memmove(d, d + span, (cnt - (size_t)span) * sizeof d[0]);
    cnt -= (size_t)span;
  }
  size_t cue = 0; /* where the last correction cue seen so far ends */
  dbf__date taken_back[4];
  size_t n_taken_back = 0;
  for (size_t i = 0; i < cnt; i++) {
    /* Relative words ("today", "next week") are not job dates, but a
       relative year is ("until last year"). */
    bool rel_year = d[i].vague && d[i].prec == DBF_DATE_YEAR;
    /* "still there until the end of this month": an end said from now. */
    /* A verb of leaving says it too ("finishing end of next month"). */
    size_t lb = d[i].off > 16 ? d[i].off - 16 : 0;
    bool rel_end =
        (d[i].vague || !d[i].explicit_year) && d[i].prec == DBF_DATE_DAY && nk == 1 &&
        dbf__rx_span_has_any(x, (dbf_span){lb, d[i].off - lb},
                             (const char *const[]){"until", "till", "finish", "finishing", "leave",
                                                   "leaving", NULL});
    /* "until today", "till now": no date, the job goes on. */
    if (rel_end && d[i].ymd.y == x->ref.y && d[i].ymd.m == x->ref.m && d[i].ymd.d == x->ref.d)
      rel_end = false;
    rel_year = rel_year || rel_end;
    if (d[i].negated)
      continue; /* "not 2018" */
    /* "2017 to 2024. I left in the spring of 2024, April": a month
       without its year right after a kept year refines it. */
    if (!d[i].explicit_year && !d[i].vague && d[i].prec == DBF_DATE_MONTH && nk > 0) {
      /* "Since June 2021, no wait, July": a month after a correction cue
         replaces the month of the date it corrects. */
      const dbf__date *last = &keep[nk - 1];
      size_t prev = i > 0 ? d[i - 1].off + d[i - 1].len : 0;
      if (last->prec == DBF_DATE_MONTH && i > 0 && d[i - 1].off == last->off && d[i].off > prev &&
          dbf__rx_find_correction(x, d[i].off, prev, NULL) != (size_t)-1) {
        keep[nk - 1].ymd.m = d[i].ymd.m;
        continue;
      }
      /* "I started in the autumn, October I think, and left in June": the
         verb before the month says which end it refines. */
      int side = month_side(x, d[i].off);
      size_t end = side < 0 ? 0 : 1;
      if (side != 0 && end < nk && keep[end].prec == DBF_DATE_YEAR) {
        keep[end].prec = DBF_DATE_MONTH;
        keep[end].ymd.m = d[i].ymd.m;
        continue;
      }
      for (size_t k = nk; k-- > 0;) {
        if (keep[k].prec == DBF_DATE_YEAR && d[i].off > keep[k].off &&
            d[i].off - keep[k].off < 32) {
          keep[k].prec = DBF_DATE_MONTH;
          keep[k].ymd.m = d[i].ymd.m;
          break;
        }
      }
      continue;
    }
    if ((d[i].vague && !rel_year) || (!d[i].explicit_year && !rel_year))
      continue;
    /* "August 2015 to, let's say, October 2026" after "From August 2015":
       a date said again is no second end. */
    bool repeat = false;
    for (size_t k = 0; k < nk && !repeat; k++)
      repeat = keep[k].prec == d[i].prec && keep[k].ymd.y == d[i].ymd.y &&
               keep[k].ymd.m == d[i].ymd.m && keep[k].ymd.d == d[i].ymd.d;
    /* "November 2022, no wait, I signed in October and started in
       November 2022": a date said again after a correction cue confirms
       it, and the cue takes back nothing after it. */
    if (repeat) {
      if (nk > 0 && dbf__rx_find_correction(x, d[i].off, keep[nk - 1].off + keep[nk - 1].len,
                                            NULL) != (size_t)-1)
        cue = d[i].off;
      continue;
    }
    /* "2017 - no, sorry, it was February 2018": a date after a correction
       cue replaces the one before it. */
    size_t c = nk > 0
                   ? dbf__rx_find_correction(x, d[i].off, keep[nk - 1].off + keep[nk - 1].len, NULL)
                   : (size_t)-1;
    if (c == (size_t)-1 && nk > 0)
      c = bare_no(x, &keep[nk - 1], &d[i]);
    if (c != (size_t)-1 && nk > 0 && repair_apology(x, &keep[nk - 1], cue, c))
      c = (size_t)-1;
    /* "joined May 2016, no, it was June, then quit at the close of June
       2023": a leave verb after the cue, when only a start is kept, says
       the date is the end; the cue repaired something before it. */
    size_t kb = keep[0].off > 12 ? keep[0].off - 12 : 0;
    if (c != (size_t)-1 && nk == 1 && repair_side(x, c, d[i].off) == 1 &&
        (month_side(x, keep[0].off) < 0 ||
         dbf__rx_span_has_any(x, (dbf_span){kb, keep[0].off - kb}, k_span_leads)))
      c = (size_t)-1;
    /* "began in May 2012 and left in the July, no, it was August 2019": with
       only the start kept, a cue right after a month or a day said without
       its year after a leave verb takes that back; the date after it is the
       end, and the start stays. */
    if (c != (size_t)-1 && nk == 1 && date_after(&d[i], &keep[0]))
      for (size_t j = 0; j < i; j++)
        if (!d[j].explicit_year && !d[j].vague && d[j].prec != DBF_DATE_YEAR &&
            d[j].off > keep[0].off + keep[0].len && d[j].off + d[j].len <= c &&
            month_side(x, d[j].off) > 0) {
          c = (size_t)-1;
          break;
        }
    if (c != (size_t)-1 && c >= cue && !end_word_taken_back(x, &keep[nk - 1], nk, c, &d[i])) {
      /* It replaces the kept date it corrects: the one of its year ("March
         2016 to 2021, actually it was April 2016"), or the one it negates
         ("October 2017, not 2018"), else the last one. */
      size_t r = nk - 1;
      for (size_t k = 0; k < nk; k++)
        if (keep[k].ymd.y == d[i].ymd.y)
          r = k;
      for (size_t k = 0; k < nk && i + 1 < cnt; k++)
        if (d[i + 1].negated && keep[k].ymd.y == d[i + 1].ymd.y)
          r = k;
      int side = repair_side(x, c, d[i].off);
      if (side >= 0 && (size_t)side < nk)
        r = (size_t)side;
      if (n_taken_back < DBF_ARRAY_LEN(taken_back))
        taken_back[n_taken_back++] = keep[r];
      keep[r] = d[i];
      cue = d[i].off;
      continue;
    }
    /* "from 2018 to 2023 ... I left in May 2023": the same year, said more
       precisely, refines the kept date. */
    bool refined = false;
    for (size_t k = 0; k < nk && !refined; k++) {
      if (keep[k].ymd.y == d[i].ymd.y && keep[k].prec == DBF_DATE_YEAR &&
          d[i].prec != DBF_DATE_YEAR) {
        keep[k] = d[i];
        refined = true;
      }
    }
    if (refined)
      continue;
    /* A date taken back and mentioned again is context, not the range. */
    bool again = false;
    for (size_t k = 0; k < n_taken_back && !again; k++)
      again = taken_back[k].prec == d[i].prec && taken_back[k].ymd.y == d[i].ymd.y &&
              taken_back[k].ymd.m == d[i].ymd.m;
    if (again)
      continue;
    if (nk == 1 && stage_start(x, &keep[0], d, cnt, i))
      continue;
    if (nk == 2 && leave_after_stage(x, &keep[1], d, i)) {
      keep[1] = d[i];
      continue;
    }
    if (nk < 2) {
      keep[nk] = d[i];
      if (rel_end)
        keep[nk].prec = DBF_DATE_MONTH; /* a job's end, to the month */
      /* "retired at the end of last year": its last month. */
      size_t eb = d[i].off > 8 ? d[i].off - 8 : 0;
      if (rel_year && d[i].prec == DBF_DATE_YEAR &&
          dbf__tx_find_word(x->s, d[i].off + d[i].len, eb, "end of") != (size_t)-1) {
        keep[nk].prec = DBF_DATE_MONTH;
        keep[nk].ymd.m = 12;
      }
      nk++;
    }
  }
  if (nk == 0 && start_from_now(x, d, cnt, &keep[0]))
    nk = 1;
  if (nk == 0)
    return;
  /* "I left last October, so I started around autumn 2022": the earlier
     date is the start, whichever was said first. */
  if (nk == 2 && date_after(&keep[0], &keep[1])) {
    dbf__date t = keep[0];
    keep[0] = keep[1];
    keep[1] = t;
  }
  bool has_present = dbf__rx_span_has_any(x, (dbf_span){keep[0].off, x->n - keep[0].off}, present);
  /* "Since October 2019, so still there. The contract runs to 2027": a
     date still to come is no end of a job the person is still in. */
  if (nk == 2 && has_present &&
      keep[1].ymd.y * 12 + (keep[1].prec == DBF_DATE_YEAR ? 0 : keep[1].ymd.m - 1) >
          x->ref.y * 12 + (x->ref.m - 1))
    nk = 1;
  /* "September 2011. Still there.": a date and a word that the person is
     still in the job say a span too. */
  static const char *const still[] = {"still", "to date", "ongoing", "currently", NULL};
  bool has_cue = dbf__rx_span_has_any(x, (dbf_span){0, x->n}, cues) || nk == 2 ||
                 dbf__rx_span_has_any(x, (dbf_span){keep[0].off, x->n - keep[0].off}, still);
  if (!targeted && !has_cue)
    return;
  char a[16], b[16];
  dbf__rx_date_iso(&keep[0], a, sizeof(a));
  json_t *obj = json_object();
  if (!obj)
    return;
  size_t before = keep[0].off;
  bool end_only = false;
  if (nk == 1 && before >= 6) {
    static const char *const endcues[] = {"until", "till",    "left in", "left",
                                          "ended", "through", "up to",   NULL};
    dbf_span lead = {before > 24 ? before - 24 : 0, before - (before > 24 ? before - 24 : 0)};
    end_only = dbf__rx_span_has_any(x, lead, endcues) &&
               !dbf__rx_span_has_any(x, lead, (const char *const[]){"since", "from", NULL});
  }
  /* A correction states its date after its cue ("actually it was 2019").
     Said in passing after a figure that is no date, it corrects that
     figure: "about 40 a month, sorry, it was 55 in March". */
  size_t corr_at = dbf__rx_correction_at(x, keep[0].off);
  bool corr = corr_at != (size_t)-1 && corr_at < keep[0].off;
  if (corr && (!targeted || x->routed))
    corr = !figure_before(x, d, cnt, corr_at) && takes_back_held(x, f->key, d, cnt, corr_at);
  if ((!targeted || x->routed) && !corr && passing_event(x, f->key, &keep[0], end_only ? 2 : nk)) {
    json_decref(obj);
    return;
  }
  if (end_only) {
    json_object_set_new(obj, "end", json_string(a));
    if (start_before_end(x, &keep[0], b, sizeof b))
      json_object_set_new(obj, "start", json_string(b));
  } else {
    json_object_set_new(obj, "start", json_string(a));
    if (nk == 2) {
      dbf__rx_date_iso(&keep[1], b, sizeof(b));
      json_object_set_new(obj, "end", json_string(b));
    } else if (later_end(x, &keep[0], b, sizeof b)) {
      json_object_set_new(obj, "end", json_string(b));
    } else if (!goes_on(x, keep[0].off, present) &&
               end_from_now(x, &keep[0], d, cnt, b, sizeof b)) {
      json_object_set_new(obj, "end", json_string(b));
    } else if (has_present || dbf__tx_find_word(x->s, x->n, 0, "since") != (size_t)-1) {
      json_object_set_new(obj, "end", json_string("present"));
    }
  }
  (void)f;
  corr = dbf__rx_sentence_is_correction(x, keep[0].off) && (corr || (targeted && !x->routed));
  dbf__rx_put(x, f->key, obj, dbf__rx_hedge(x, targeted ? CONF_TARGET : CONF_CROSS), corr);
}

/* Dates with a year and a range word: "From March 2019 to 2022", "since 2021". */
bool dbf__claim_date_range(dbf__rx *x, const dbf_template_field *f, dbf_span sent, bool own) {
  (void)f;
  static const char *const range_words[] = {"from",    "since",  "until",   "till", "to",
                                            "between", "joined", "started", "left", "through",
                                            "present", "now",    "today",   NULL};
  dbf__date d[8];
  size_t cnt = dbf__date_scan(x->s + sent.off, sent.len, &x->ref, false, d, 8);
  dbf_span cover[16];
  size_t nc = 0;
  for (size_t i = 0; i < cnt && nc < 8; i++) {
    if (d[i].negated || d[i].vague || !d[i].explicit_year)
      continue;
    if (own)
      return true;
    cover[nc++] = (dbf_span){sent.off + d[i].off, d[i].len};
  }
  if (own || nc == 0)
    return false;
  size_t ndates = nc;
  for (size_t p = sent.off; p < sent.off + sent.len && nc < DBF_ARRAY_LEN(cover);) {
    size_t which = 0;
    size_t at = dbf__tx_find_any(x->s, sent.off + sent.len, p, range_words, &which);
    if (at == (size_t)-1)
      break;
    cover[nc++] = (dbf_span){at, strlen(range_words[which])};
    p = at + strlen(range_words[which]);
  }
  bool dash = memchr(x->s + sent.off, '-', sent.len) != NULL;
  return (nc > ndates || ndates >= 2 || dash) && dbf__rx_dominates(x, sent, cover, nc);
}
