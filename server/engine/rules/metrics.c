/*
 * metrics.c - the "metrics" kind: measurable results, a metric and its
 * value ("failed payouts from 2% to 0.3%").
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "engine/lexicon.h"
#include "engine/money.h"
#include "engine/parse_money.h"
#include "engine/rules/registry.h"
#include "engine/rules/rules.h"

/* ---------------------------------------------------------------- metrics */

static const char *const k_change_verbs[] = {
    "dropped",   "fell",      "decreased",  "went down",  "declined", "shrank",    "went up",
    "increased", "rose",      "grew",       "improved",   "doubled",  "tripled",   "halved",
    "jumped",    "climbed",   "sped up",    "got faster", "is down",  "was down",  "is up",
    "was up",    "went from", "going from", "gone from",  "up from",  "down from", NULL};
/* The verbs of motion that say where a figure went ("came down to",
   "went from"); alone they name no metric. */
static const char *const k_motion_verbs[] = {"came", "went",    "moved", "crept",
                                             "sank", "slipped", NULL};
static const char *const k_action_verbs[] = {
    "cut",         "reduced", "lowered",      "decreased", "increased",  "improved",
    "boosted",     "raised",  "grew",         "doubled",   "tripled",    "halved",
    "saved",       "sped up", "brought down", "slashed",   "trimmed",    "shortened",
    "accelerated", "drove",   "generated",    "added",     "eliminated", "removed",
    "scaled",      "took",    "moved",        "got",       "brought",    NULL};

/* Periods typed short after a change: "+18% yoy", "up 9% qoq". */
static const char *const k_short_periods[] = {"yoy", "qoq", "mom", "wow", NULL};

/* The parts a fraction is said in: "a third", "two fifths". */
static const char *const k_fraction_parts[] = {"third", "thirds", "quarter", "quarters",
                                               "fifth", "fifths", NULL};

/* Comparatives that say a fraction is a change: "a third fewer". */
static const char *const k_fraction_comparatives[] = {"fewer", "less", "more", NULL};

/* The units a stretch of time is said in: "for two years", "over six months". */
static const char *const k_period_units[] = {"day",    "days", "week",  "weeks", "month",
                                             "months", "year", "years", NULL};

/* The units a stretch of time is said or typed in, the short ones too:
   "within 6 mo", "a 45 min call". */
static const char *const k_time_units[] = {"min",    "mins", "minute", "minutes", "h",     "hr",
                                           "hrs",    "hour", "hours",  "day",     "days",  "wk",
                                           "wks",    "week", "weeks",  "mo",      "mos",   "month",
                                           "months", "yr",   "yrs",    "year",    "years", NULL};

/* Words that say which days or hours a stretch of time counts:
   "12 working days", "3 business weeks". */
static const char *const k_time_kinds[] = {"working", "business", "calendar", "school", NULL};

/* Words that set a scene or a rate's base after a value: "in tier 2",
   "per 1000 bed days", "across the fleet". */
static const char *const k_scene_words[] = {
    "in",     "on",    "at",     "for",   "with",   "by",     "from", "of",   "over",
    "during", "after", "before", "since", "within", "across", "per",  "into", NULL};

/* Words a number after names a level or a grade by, no count: "level 3",
   "band six", "tier 1 supplier". */
static const char *const k_rank_words[] = {"level", "grade", "band", "tier", NULL};

/* Words that end a range besides the number words: "6 a year to zero". */
static const char *const k_range_words[] = {"zero",      "none",    "half", "nothing",
                                            "a hundred", "a dozen", NULL};

/* Words that make a figure said after them a rough one: "about 40",
   "nearly a third". A rule that reads more hedges keeps only those more
   beside it and asks approx_or. */
static const char *const k_approx[] = {"about",  "around", "roughly", "approx",
                                       "nearly", "almost", NULL};

/* True when the word s[0..n) is one of k_approx or of more. */
static bool approx_or(const char *s, size_t n, const char *const *more) {
  return dbf__tx_word_in(s, n, k_approx) || dbf__tx_word_in(s, n, more);
}

/* Length of the first of words at s[p] as whole words, or 0. */
static size_t opens_with_word(const char *s, size_t p, size_t end, const char *const *words) {
  for (size_t k = 0; words[k]; k++) {
    size_t l = strlen(words[k]);
    if (p + l <= end && dbf__tx_ieqn(s + p, words[k], l) &&
        (p + l == end || !dbf__tx_isalnum((unsigned char)s[p + l])))
      return l;
  }
  return 0;
}

/* Length of a kind of time and its unit at s[p] ("working days",
   "business hours"), or 0: a kind word with no unit after it ("working
   with") is none. */
static size_t kind_of_time(const char *s, size_t p, size_t end) {
  size_t l = opens_with_word(s, p, end, k_time_kinds);
  if (!l || p + l + 1 >= end || s[p + l] != ' ')
    return 0;
  size_t t = opens_with_word(s, p + l + 1, end, k_time_units);
  return t ? l + 1 + t : 0;
}

/* Length of a currency sign written in more than one byte ("€", "£",
   "₦") right before a digit at s[p], or 0. */
static size_t sign_len(const char *s, size_t p, size_t end) {
  size_t q = p;
  while (q < end && q < p + 3 && (unsigned char)s[q] >= 0x80)
    q++;
  return q > p && q < end && s[q] >= '0' && s[q] <= '9' ? q - p : 0;
}

/* Length of the number said at s[p] ("ten", "seventy eight", "zero"), or 0. */
static size_t number_word(const char *s, size_t p, size_t end) {
  double v;
  size_t l = dbf__tx_spoken_number_at(s, p, end, &v);
  return l ? l : opens_with_word(s, p, end, k_range_words);
}

/* Rewrites the numbers said in words in a value as digits, and "percent"
   after a number as "%": "seventy eight percent to eighty nine percent" is
   "78% to 89%", as the figure is written. said: the answer holds no digit
   at all (dictated, as speech-to-text writes it), so a single number word
   before a unit is a figure too ("three weeks to five days" is "3 weeks
   to 5 days"); where the person typed digits elsewhere, their words for
   a few weeks stay as they chose them. */
static void spell_digits(char *val, size_t cap, bool said) {
  char out[128];
  size_t o = 0, n = strlen(val);
  for (size_t i = 0; i < n && o + 24 < sizeof out;) {
    double v = 0;
    bool start = i == 0 || !dbf__tx_isalnum((unsigned char)val[i - 1]);
    /* "3 percent to under 1 percent": a digit's percent as a sign too. */
    if (start && val[i] >= '0' && val[i] <= '9') {
      size_t d = i;
      while (d < n && ((val[d] >= '0' && val[d] <= '9') || val[d] == '.' || val[d] == ','))
        d++;
      while (d > i && (val[d - 1] == '.' || val[d - 1] == ','))
        d--;
      bool pc = d + 8 <= n && dbf__tx_ieqn(val + d, " percent", 8) &&
                (d + 8 == n || !dbf__tx_isalnum((unsigned char)val[d + 8]));
      while (i < d)
        out[o++] = val[i++];
      if (pc) {
        out[o++] = '%';
        i += 8;
      }
      continue;
    }
    size_t l = start ? dbf__tx_spoken_number_at(val, i, n, &v) : 0;
    bool pct = l && i + l + 8 <= n && dbf__tx_ieqn(val + i + l, " percent", 8) &&
               (i + l + 8 == n || !dbf__tx_isalnum((unsigned char)val[i + l + 8]));
    /* One word stays as said before a unit or a noun ("three weeks",
       "forty tonnes", "two thirds"); a bare figure or a count per
       period ("about thirty a week to six", "forty to seventy") is
       written in digits, as figures are. */
    static const char *const bare[] = {"to", "a", "an", "per", NULL};
    bool one_word = true;
    for (size_t k = i; k < i + l && one_word; k++)
      one_word = dbf__tx_isalnum((unsigned char)val[k]);
    size_t nx = i + l;
    while (nx < n && val[nx] == ' ')
      nx++;
    /* "two thirds" is a fraction however it was said. */
    static const char *const halves[] = {"half", "halves", NULL};
    bool part =
        opens_with_word(val, nx, n, k_fraction_parts) || opens_with_word(val, nx, n, halves);
    if (one_word && ((said && !part) || nx == n || opens_with_word(val, nx, n, bare)))
      one_word = false;
    if (!l || (one_word && !pct)) {
      size_t e = l ? i + l : i + 1;
      while (i < e)
        out[o++] = val[i++];
      continue;
    }
    o += dbf__tx_figure_digits(v, out + o, sizeof out - o);
    i += l;
    if (pct) {
      out[o++] = '%';
      i += 8;
    }
  }
  out[o] = '\0';
  if (o < cap)
    memcpy(val, out, o + 1);
}

/* Length of a currency's letters before its sign, "A$", "NZ$", "US$":
   1 to 3 capitals at a word start followed by '$' and a digit, or 0. */
static size_t currency_letters(const char *s, size_t p, size_t end) {
  size_t q = p;
  while (q < end && q - p < 3 && s[q] >= 'A' && s[q] <= 'Z')
    q++;
  if (q == p || q + 1 >= end || s[q] != '$' || !(s[q + 1] >= '0' && s[q + 1] <= '9'))
    return 0;
  if (p > 0 && dbf__tx_isalnum((unsigned char)s[p - 1]))
    return 0;
  return q - p;
}

/* Length of an amount whose currency is written before it in letters, a
   code or the rand's R: "USD 85,000", "EUR 1.2bn", "R410m to R560m" (a
   range of such amounts whole), or 0. */
static size_t lettered_amount(const char *s, size_t p, size_t end) {
  if (!(dbf__tx_isupper((unsigned char)s[p]) || dbf__tx_islower((unsigned char)s[p])) ||
      (p > 0 && dbf__tx_isalnum((unsigned char)s[p - 1])))
    return 0;
  dbf__money m;
  if (dbf__money_scan(s + p, end - p, false, &m, 1) != 1 || m.off != 0 || !m.currency[0])
    return 0;
  size_t e = p + m.len, t = e;
  while (t < end && s[t] == ' ')
    t++;
  if (dbf__tx_word_at(s, t, end, "to")) {
    t += 2;
    while (t < end && s[t] == ' ')
      t++;
    dbf__money r;
    if (t < end && (dbf__tx_isupper((unsigned char)s[t]) || dbf__tx_islower((unsigned char)s[t])) &&
        dbf__money_scan(s + t, end - t, false, &r, 1) == 1 && r.off == 0 && r.currency[0])
      e = t + r.len; /* "R9m to R2.5m" */
  }
  return e - p;
}

/* The end of a time of day's minutes and its half of the day after the
   hour ending at p: ":30pm" of "1:30pm", ":40 a.m." of "2:40 a.m."; p
   when no minutes follow. */
static size_t clock_tail(const char *s, size_t p, size_t end) {
  if (!(p + 2 < end && s[p] == ':' && s[p + 1] >= '0' && s[p + 1] <= '5' && s[p + 2] >= '0' &&
        s[p + 2] <= '9' &&
        (p + 3 == end || !dbf__tx_isalnum((unsigned char)s[p + 3]) || s[p + 3] == 'a' ||
         s[p + 3] == 'p')))
    return p;
  size_t q = p + 3;
  static const char *const halves[] = {"am", "pm", "a.m.", "p.m.", NULL};
  size_t h = q < end && s[q] == ' ' ? q + 1 : q;
  for (size_t k = 0; halves[k]; k++) {
    size_t l = strlen(halves[k]);
    if (h + l <= end && dbf__tx_ieqn(s + h, halves[k], l) &&
        (h + l == end || !dbf__tx_isalnum((unsigned char)s[h + l])))
      return h + l;
  }
  return q;
}

/* The end of a whole number grouped in thousands by spaces whose first
   group is the digits s[b..q): "61 000", "1 250 000". Each later group is
   three digits that no digit, hyphen, point or comma goes on from
   ("3 400-bed wards" are two figures); q when none follows or the first
   group is not one to three plain digits. */
static size_t spaced_thousands(const char *s, size_t b, size_t q, size_t end) {
  if (q <= b || q - b > 3)
    return q;
  for (size_t k = b; k < q; k++)
    if (s[k] < '0' || s[k] > '9')
      return q;
  while (q + 4 <= end && s[q] == ' ' && s[q + 1] >= '0' && s[q + 1] <= '9' && s[q + 2] >= '0' &&
         s[q + 2] <= '9' && s[q + 3] >= '0' && s[q + 3] <= '9' &&
         (q + 4 == end || !(dbf__tx_isalnum((unsigned char)s[q + 4]) || s[q + 4] == '-' ||
                            ((s[q + 4] == '.' || s[q + 4] == ',') && q + 5 < end &&
                             s[q + 5] >= '0' && s[q + 5] <= '9'))))
    q += 4;
  return q;
}

/* A stretch of time said in two units, the larger first, goes on after
   its first unit ending at q: " 35 min" of "1 h 35 min", " 20 seconds" of
   "3 minutes 20 seconds". Where it ends; q when it does not go on. */
static size_t time_rest(const char *s, size_t q, size_t end) {
  size_t w = q;
  while (w > 0 && dbf__tx_isalnum((unsigned char)s[w - 1]))
    w--;
  static const char *const larger[] = {"h",   "hr",   "hrs",    "hour",    "hours",
                                       "min", "mins", "minute", "minutes", NULL};
  static const char *const smaller[] = {"min", "mins", "minute", "minutes", "s",
                                        "sec", "secs", "second", "seconds", NULL};
  if (w == q || !dbf__tx_word_in(s + w, q - w, larger))
    return q;
  bool hours = (s[w] | 32) == 'h';
  size_t d = q;
  if (d < end && s[d] == ' ')
    d++;
  size_t de = d;
  while (de < end && de - d < 2 && s[de] >= '0' && s[de] <= '9')
    de++;
  if (de == d ||
      (de < end && dbf__tx_isalnum((unsigned char)s[de]) && s[de] != 'm' && s[de] != 's'))
    return q;
  size_t u = de < end && s[de] == ' ' ? de + 1 : de;
  size_t ue = u;
  while (ue < end && (s[ue] | 32) >= 'a' && (s[ue] | 32) <= 'z')
    ue++;
  if (ue == u || (ue < end && dbf__tx_isalnum((unsigned char)s[ue])) ||
      !dbf__tx_word_in(s + u, ue - u, smaller))
    return q;
  /* The second unit is smaller than the first: minutes after hours,
     seconds after minutes. */
  bool minutes = (s[u] | 32) == 'm';
  return hours == minutes ? ue : q;
}

/* Is p followed by " to " and a number (or "zero"), allowing "under"/"about"? */
static size_t range_after(const dbf__rx *x, size_t p, size_t end) {
  const char *s = x->s;
  /* Hedges before the end; a spoken one may come before a written one:
     "to maybe 1 a month", "to probably just under 5%". */
  static const char *const approx[] = {"under ",      "about ",         "around ",   "just ",
                                       "over ",       "nearly ",        "almost ",   "less than ",
                                       "below ",      "roughly ",       "maybe ",    "like ",
                                       "approx ",     "approximately ", "probably ", "perhaps ",
                                       "plus minus ", "plus or minus ", NULL};
  size_t q = p;
  while (q < end && s[q] == ' ')
    q++;
  /* A unit between: "42 min to 27 min", "1 in 10 jobs to 1 in 50"; more
     words only before "down to" or "up to" ("9 basis points of card spend
     down to 4"). */
  int skipped = 0;
  size_t last_word = q;
  /* The start's unit: the word p ends ("410 kB" read with its unit) or the
     one right after it. */
  dbf_span unit = {p, 0};
  while (unit.off > 0 && ((s[unit.off - 1] | 32) >= 'a' && (s[unit.off - 1] | 32) <= 'z'))
    unit.off--, unit.len++;
  if (!unit.len)
    for (unit.off = q; unit.off + unit.len < end && s[unit.off + unit.len] != ' ';)
      unit.len++;
  /* After a stretch of time ("within 2 hrs 38% -> 71%"), a share starts
     the range itself. */
  bool timed = dbf__tx_word_in(s + unit.off, unit.len, k_time_units);
  bool from_said = false; /* "over 2 weeks from 8% to 3%" */
  for (int w = 0; w < 6 && q < end && !(q + 3 <= end && dbf__tx_ieqn(s + q, "to ", 3)) &&
                  !(q + 2 <= end && memcmp(s + q, "->", 2) == 0) &&
                  !(q + 3 <= end && memcmp(s + q, "\xE2\x86\x92", 3) == 0);
       w++) {
    last_word = q;
    from_said = from_said || dbf__tx_word_at(s, q, end, "from");
    while (q < end && s[q] != ' ')
      if (s[q++] == '%' && timed && !from_said)
        return 0; /* "within 6 mo 38% -> 71%": a share starts the range */
    while (q < end && s[q] == ' ')
      q++;
    skipped++;
  }
  /* "from 98 tonnes of cane per hectare to 112": after "from", the unit
     may take more words. */
  size_t fb = p > 32 ? p - 32 : 0;
  bool from_before =
      skipped > 3 && skipped < 6 && dbf__tx_find_word(s, p, fb, "from") != (size_t)-1;
  /* "6 compared to 40", "4 next to 9": a baseline or a neighbour, no
     range. */
  static const char *const not_ranges[] = {"compared", "next", "close", "due", NULL};
  if (skipped > 0 && last_word < q && opens_with_word(s, last_word, q, not_ranges))
    return 0;
  /* "3 days/month of clerk time -> 2 hours": a rate typed with a slash
     may name what it counts before the range goes on. */
  bool per_rate = p < end && s[p] == '/' && p + 1 < end && dbf__tx_islower((unsigned char)s[p + 1]);
  if (skipped > 3 && !from_before && !(per_rate && skipped < 6) &&
      !(dbf__tx_ieqn(s + last_word, "down ", 5) || dbf__tx_ieqn(s + last_word, "up ", 3)))
    return 0;
  if (q + 3 <= end && dbf__tx_ieqn(s + q, "to ", 3))
    q += 3;
  else if (q + 2 < end && memcmp(s + q, "->", 2) == 0)
    q += 2; /* "14 -> 9 min", typed tight: "90m->20m" */
  else if (q + 3 < end && memcmp(s + q, "\xE2\x86\x92", 3) == 0)
    q += 3; /* "14 \u2192 9 min" */
  else
    return 0;
  while (q < end && s[q] == ' ')
    q++;
  for (int hedges = 0; hedges < 3; hedges++) {
    size_t k = 0;
    while (approx[k] &&
           !(q + strlen(approx[k]) <= end && dbf__tx_ieqn(s + q, approx[k], strlen(approx[k]))))
      k++;
    if (!approx[k])
      break;
    q += strlen(approx[k]);
  }
  if (q < end && s[q] == '~')
    q++; /* "from ~38% to ~21%" */
  /* "maturity level 1 to level 2", "tier 3 to tier 1": the word said
     before the first number again before the second. */
  size_t lw = q;
  while (lw < end && dbf__tx_islower((unsigned char)s[lw]))
    lw++;
  if (lw > q && lw - q <= 8 && lw + 1 < end && s[lw] == ' ' && s[lw + 1] >= '0' &&
      s[lw + 1] <= '9') {
    size_t from = p > 24 ? p - 24 : 0;
    char w[12];
    dbf__tx_copy(s, (dbf_span){q, lw - q}, w, sizeof w);
    if (dbf__tx_find_word(s, p, from, w) != (size_t)-1)
      q = lw + 1;
  }
  /* "from R400k in year one to R4.2 million": an end in lettered money. */
  size_t la = lettered_amount(s, q, end);
  if (la)
    return q + la;
  size_t b = q;
  q += currency_letters(s, q, end);
  if (q < end && (s[q] == '+' || s[q] == '-') && q + 1 < end && s[q + 1] >= '0' && s[q + 1] <= '9')
    q++; /* "+12 to +31" */
  if (q < end && (s[q] == '$' || (unsigned char)s[q] == 0xE2 || (unsigned char)s[q] == 0xC2))
    q += s[q] == '$' ? 1 : ((unsigned char)s[q] == 0xE2 ? 3 : 2);
  if (q < end && s[q] >= '0' && s[q] <= '9') {
    size_t db = q;
    while (q < end &&
           (dbf__tx_isalnum((unsigned char)s[q]) || s[q] == '.' || s[q] == ',' || s[q] == '%'))
      q++;
    while (q > b && (s[q - 1] == '.' || s[q - 1] == ','))
      q--;
    /* "from 45 000 to 60 000", "from 800 to 1 200": an end grouped in
       thousands after a start of three digits or more; after a smaller
       start, a short end and a figure of three digits are two results
       run together, as dictated ("from 12 days to 4 230 suppliers"). */
    size_t sb = p;
    while (sb > 0 && ((s[sb - 1] | 32) >= 'a' && (s[sb - 1] | 32) <= 'z'))
      sb--;
    while (sb > 0 && s[sb - 1] == ' ')
      sb--;
    int start_digits = 0;
    while (sb > 0 && ((s[sb - 1] >= '0' && s[sb - 1] <= '9') || s[sb - 1] == ',' ||
                      (s[sb - 1] == ' ' && sb > 1 && s[sb - 2] >= '0' && s[sb - 2] <= '9')))
      if (s[--sb] >= '0' && s[sb] <= '9')
        start_digits++;
    if (start_digits >= 3)
      q = spaced_thousands(s, db, q, end);
    size_t ct = clock_tail(s, q, end); /* "3pm to 1:30pm" */
    if (ct > q)
      return ct;
    /* A rate: "3/week to 40/day". */
    if (q + 1 < end && s[q] == '/' && dbf__tx_islower((unsigned char)s[q + 1])) {
      size_t r = q + 1;
      while (r < end && dbf__tx_islower((unsigned char)s[r]))
        r++;
      if (r - q - 1 <= 5)
        q = r;
    }
    /* Its unit: "27 min", "9 days", "48 s to 11 s". */
    size_t u = q;
    while (u < end && s[u] == ' ')
      u++;
    size_t ue = u;
    while (ue < end && ((s[ue] | 32) >= 'a' && (s[ue] | 32) <= 'z'))
      ue++;
    static const char *const units[] = {"min",   "mins",   "minutes",  "hours",   "hrs",     "days",
                                        "weeks", "months", "seconds",  "sec",     "percent", "jobs",
                                        "k",     "m",      "ms",       "day",     "week",    "hour",
                                        "month", "year",   "years",    "yrs",     "km",      "kg",
                                        "miles", "s",      "thousand", "million", "billion", NULL};
    size_t bare = q;
    size_t kt = ue > u ? kind_of_time(s, u, end) : 0;
    if (kt)
      return u + kt; /* "8 weeks to 20 working days" */
    /* A share's sign closes the end figure: a word after "88%", said
       without a stop, opens the next result ("to 88% jobs closed ..."). */
    bool share = s[q - 1] == '%';
    for (size_t k = 0; units[k] && !share; k++)
      if (strlen(units[k]) == ue - u && dbf__tx_ieqn(s + u, units[k], ue - u))
        q = ue;
    /* "1 in 10 jobs to 1 in 50": the rate's base. */
    if (q == bare && u + 3 < end && dbf__tx_ieqn(s + u, "in ", 3) &&

        s[u + 3] >= '0' && s[u + 3] <= '9') {
      q = u + 3;
      while (q < end && (dbf__tx_isalnum((unsigned char)s[q]) || s[q] == ','))
        q++;
    }
    /* The start's unit said again on the end: "410 kB to 180 kB", "40
       tonnes to 31 tonnes". */
    if (q == bare && !share && ue > u && unit.len == ue - u &&
        dbf__tx_ieqn(s + u, s + unit.off, unit.len))
      q = ue;
    return time_rest(s, q, end); /* "to 1 h 35 min" */
  }
  /* "5 days to same day", "48 hours to next day": a turnaround's end. */
  static const char *const days[] = {"same day", "same-day", "next day", "next-day", NULL};
  size_t dl = opens_with_word(s, q, end, days);
  if (dl)
    return q + dl;
  size_t l = number_word(s, q, end);
  if (!l)
    return 0;
  /* "six weeks to ten days" */
  size_t u = q + l;
  /* "one in twelve parcels to one in sixty": the rate's base, said. */
  if (u + 4 < end && dbf__tx_ieqn(s + u, " in ", 4)) {
    size_t bl = number_word(s, u + 4, end);
    /* (or in digits, when a unit of time follows them) */
    if (!bl) {
      size_t d = u + 4;
      while (d < end && s[d] >= '0' && s[d] <= '9')
        d++;
      if (d > u + 4 && d + 1 < end && s[d] == ' ' && opens_with_word(s, d + 1, end, k_time_units))
        bl = d - (u + 4);
    }
    size_t be = u + 4 + bl;
    /* "to zero in 18 months": a stretch of time, said with its unit. */
    size_t tl =
        bl && be + 1 < end && s[be] == ' ' ? opens_with_word(s, be + 1, end, k_time_units) : 0;
    if (tl)
      return be + 1 + tl;
    if (bl)
      return be;
  }
  /* "two weeks to half a day", "to half an hour": half of one unit. */
  size_t hu = u;
  if (l == 4 && dbf__tx_ieqn(s + q, "half", 4)) {
    if (u + 3 < end && dbf__tx_ieqn(s + u, " a ", 3))
      hu = u + 2;
    else if (u + 4 < end && dbf__tx_ieqn(s + u, " an ", 4))
      hu = u + 3;
  }
  size_t ue = u + 1;
  while (ue < end && ((s[ue] | 32) >= 'a' && (s[ue] | 32) <= 'z'))
    ue++;
  static const char *const wunits[] = {"days",   "weeks",  "months", "hours", "minutes",
                                       "day",    "week",   "month",  "hour",  "percent",
                                       "tonnes", "minute", NULL};
  size_t kt = u + 1 < end && s[u] == ' ' ? kind_of_time(s, u + 1, end) : 0;
  if (kt)
    return u + 1 + kt; /* "six weeks to ten working days" */
  for (size_t k = 0; u < end && s[u] == ' ' && wunits[k]; k++)
    if (strlen(wunits[k]) == ue - u - 1 && dbf__tx_ieqn(s + u + 1, wunits[k], ue - u - 1))
      return ue;
  if (hu > u) {
    size_t he = hu + 1;
    while (he < end && ((s[he] | 32) >= 'a' && (s[he] | 32) <= 'z'))
      he++;
    for (size_t k = 0; wunits[k]; k++)
      if (strlen(wunits[k]) == he - hu - 1 && dbf__tx_ieqn(s + hu + 1, wunits[k], he - hu - 1))
        return he;
  }
  return u;
}

/*
 * A count in an answer about impact: "Trained 23 first officers", "over
 * 3000 smoke alarms", "0 failed inspections". Not a year, and a word
 * follows.
 */
static bool counted(const dbf__rx *x, size_t b, size_t e, size_t end) {
  const char *s = x->s;
  if (e - b == 4 && (memcmp(s + b, "19", 2) == 0 || memcmp(s + b, "20", 2) == 0) &&
      !(b > 0 && s[b - 1] == '~')) /* "~1900 seats" is said roughly, no year */
    return false;
  size_t p = e;
  while (p < end && s[p] == ' ')
    p++;
  if (p > e && p < end && s[p] >= 'a' && s[p] <= 'z')
    return true;
  /* A plural acronym: "1,800 NDAs", "40 SKUs". */
  size_t q = p;
  while (q < end && s[q] >= 'A' && s[q] <= 'Z')
    q++;
  if (p > e && q - p >= 2 && q + 1 < end && s[q] == ' ' && s[q + 1] >= 'a' && s[q + 1] <= 'z')
    return true; /* an acronym naming the thing counted: "0 OSHA recordables" */
  return p > e && q - p >= 2 && q < end && s[q] == 's' &&
         (q + 1 == end || !dbf__tx_isalnum((unsigned char)s[q + 1]));
}

/* The unit words after a figure ending at ve: "hours a month" of "200
   hours a month", "tonnes" of "40 tonnes of plastic", a currency said in
   words ("million dirhams a year"). Where they end; ve when none. */
static size_t unit_tail(const dbf__rx *x, size_t ve, size_t end) {
  const char *s = x->s;
  size_t ue = ve;
  int words = 0;
  while (ue < end && words < 4) {
    size_t w = ue;
    while (w < end && s[w] == ' ')
      w++;
    size_t we = w;
    while (we < end && (dbf__tx_isalnum((unsigned char)s[we]) ||
                        (s[we] == '-' && !(we + 1 < end && s[we + 1] == '>'))))
      we++;
    if (we == w)
      break;
    /* Typed tight to its number in a hurry before a range or a
       comparison: "10d->4d", "3wk to 1wk", "30h vs 50h"; "per 8h shift"
       is a rate's base. */
    static const char *const tight[] = {"d", "h", "s", "hr", "wk", "wks", "mo", "mos", "yr", NULL};
    size_t nx = we;
    while (nx < end && s[nx] == ' ')
      nx++;
    bool ranged = (nx + 2 < end && memcmp(s + nx, "->", 2) == 0) ||
                  (nx + 3 < end && memcmp(s + nx, "\xE2\x86\x92", 3) == 0) ||
                  (nx > we && nx + 3 < end &&
                   (dbf__tx_ieqn(s + nx, "to ", 3) || dbf__tx_ieqn(s + nx, "vs ", 3)));
    if (w == ve && words == 0 && ve > 0 && s[ve - 1] >= '0' && s[ve - 1] <= '9' && ranged &&
        dbf__tx_word_in(s + w, we - w, tight)) {
      ue = we;
      words++;
      continue;
    }
    static const char *const units[] = {
        "hours",   "hour",     "minutes", "minute",    "days",     "day",     "weeks",
        "seconds", "ms",       "users",   "customers", "clients",  "people",  "engineers",
        "deals",   "accounts", "tickets", "incidents", "hrs",      "mins",    "sec",
        "a",       "per",      "month",   "week",      "year",     "quarter", "in",
        "revenue", "arr",      "mrr",     "million",   "thousand", "billion", "k",
        "kg",      "tonnes",   "tons",    "km",        "miles",    "litres",  "liters",
        "kwh",     "mwh",      "gb",      "tb",        "points",   "bps",     "kb",
        "mb",      "min",      "euros",   "dollars",   "pounds",   "lakh",    "lakhs",
        "crore",   "crores",   "grand",   NULL};
    bool ok = false;
    for (size_t u = 0; units[u] && !ok; u++)
      ok = strlen(units[u]) == we - w && dbf__tx_ieqn(s + w, units[u], we - w);
    ok = ok || dbf__tx_word_in(s + w, we - w, k_time_kinds);
    /* A currency in words: "dirhams", "yen", "reais", "zloty". */
    char word[24];
    if (!ok && we - w < sizeof word) {
      dbf__tx_copy(s, (dbf_span){w, we - w}, word, sizeof word);
      const char *code = dbf_money_text_code(word);
      ok = code != NULL;
    }
    if (!ok)
      break;
    ue = we;
    words++;
  }
  return ue;
}

/* Drops a dangling "a"/"per"/"in" at the end of value v. */
static dbf_span drop_dangling(const dbf__rx *x, dbf_span v) {
  const char *s = x->s;
  while (v.len > 0) {
    size_t p = v.off + v.len;
    size_t b = p;
    while (b > v.off && s[b - 1] != ' ')
      b--;
    if ((p - b == 1 && s[b] == 'a') || (p - b == 3 && dbf__tx_ieqn(s + b, "per", 3)) ||
        (p - b == 2 && dbf__tx_ieqn(s + b, "in", 2))) {
      v.len = b > v.off ? b - 1 - v.off : 0;
    } else {
      break;
    }
  }
  return v;
}

/* A change said as a fraction: "shrank by a fifth", "cut by a third",
   "up by two thirds". Not "a quarter" of time ("every quarter",
   "two hours and a quarter") nor an ordinal ("a third vendor"). */
static bool fraction(const dbf__rx *x, dbf_span cl, char *val, size_t cap, dbf_span *vsp) {
  const char *const *parts = k_fraction_parts;
  static const char *const counts[] = {"a", "one", "two", "three", "four", NULL};
  /* Hedges as typed and as dictated: "down maybe a third", "by like a
     quarter". */
  static const char *const hedges[] = {"about", "around",  "roughly",  "nearly", "almost",
                                       "over",  "by",      "down",     "up",     "like",
                                       "maybe", "perhaps", "probably", "just",   NULL};
  const char *s = x->s;
  size_t end = cl.off + cl.len;
  for (size_t p = cl.off; p < end; p++) {
    if ((p > cl.off && dbf__tx_isalnum((unsigned char)s[p - 1])) ||
        !opens_with_word(s, p, end, parts))
      continue;
    size_t e = p + opens_with_word(s, p, end, parts);
    dbf_span w = dbf__tx_word_before(s, p);
    if (w.len == 0 || w.off < cl.off || !dbf__tx_word_in(s + w.off, w.len, counts))
      continue;
    size_t b = w.off;
    /* Back over hedges and "by": "down by about a fifth". */
    for (int g = 0; g < 4; g++) {
      dbf_span h = dbf__tx_word_before(s, b);
      if (h.len == 0 || h.off < cl.off || !dbf__tx_word_in(s + h.off, h.len, hedges))
        break;
      b = h.off;
    }
    /* Said as a change ("by", "down", "up" before it), not "a third
       vendor", "two hours and a quarter", "a quarter of the staff". */
    bool change = false;
    for (size_t h = b; h < w.off && !change; h++)
      change = (h == b || s[h - 1] == ' ') &&
               opens_with_word(s, h, w.off, (const char *const[]){"by", "down", "up", NULL});
    size_t q = e;
    while (q < end && s[q] == ' ')
      q++;
    size_t qe = q;
    while (qe < end && dbf__tx_isalnum((unsigned char)s[qe]))
      qe++;
    /* "about a third fewer call-outs", "a quarter less diesel": a
       comparative after it says the change too, and is part of it. */
    if (qe > q && dbf__tx_word_in(s + q, qe - q, k_fraction_comparatives)) {
      change = true;
      e = qe;
    } else if (!change || dbf__tx_word_at(s, q, end, "of") ||
               (qe > q && !dbf__tx_function_word(s + q, qe - q) &&
                !dbf__tx_word_in(s + q, qe - q,
                                 (const char *const[]){"last", "year", "since", NULL})))
      continue;
    *vsp = (dbf_span){b, e - b};
    dbf__tx_copy(s, *vsp, val, cap);
    return true;
  }
  return false;
}

/* Length of a multiple said in words at s[p] and its factor: a number
   word and "times" before a comparison ("three times faster", "four
   times as many", "ten times more") or "twice as"/"twice the"; 0 when
   none. "three times a week" is how often, no multiple. */
static size_t spoken_multiple(const char *s, size_t p, size_t end, double *factor) {
  size_t q = dbf__tx_word_at(s, p, end, "twice");
  if (q) {
    *factor = 2;
    q += p;
  } else {
    size_t l = dbf__tx_spoken_number_at(s, p, end, factor);
    if (!l)
      return 0;
    q = p + l;
    while (q < end && s[q] == ' ')
      q++;
    size_t t = dbf__tx_word_at(s, q, end, "times");
    if (!t)
      return 0;
    q += t;
  }
  size_t w = q;
  while (w < end && s[w] == ' ')
    w++;
  size_t we = w;
  while (we < end && ((s[we] | 0x20) >= 'a' && (s[we] | 0x20) <= 'z'))
    we++;
  static const char *const compare[] = {"as", "the", "more", "over", "less", NULL};
  bool er = we - w > 3 && dbf__tx_ieqn(s + we - 2, "er", 2);
  if (!er && !opens_with_word(s, w, end, compare))
    return 0;
  return q - p;
}

/* Length of a multiple typed with a leading x at s[p] ("x3", "x2.5"),
   a factor under 20 ("x86" is a chip), or 0. */
static size_t typed_multiple(const char *s, size_t p, size_t end) {
  if (s[p] != 'x' && s[p] != 'X')
    return 0;
  size_t q = p + 1;
  double v = 0;
  while (q < end && s[q] >= '0' && s[q] <= '9')
    v = v * 10 + (s[q++] - '0');
  if (q == p + 1 || v >= 20)
    return 0;
  if (q + 1 < end && s[q] == '.' && s[q + 1] >= '0' && s[q + 1] <= '9')
    for (q++; q < end && s[q] >= '0' && s[q] <= '9';)
      q++;
  return q < end && dbf__tx_isalnum((unsigned char)s[q]) ? 0 : q - p;
}

/* The mark after digits ending at p that says a count roughly: "-odd"
   of "40-odd sites", "+" of "600+ courses"; its length, or 0. Not before
   a stretch of time ("20+ years" is a tenure). */
static size_t rough_count(const char *s, size_t p, size_t end) {
  size_t n = 0;
  if (p + 5 <= end && dbf__tx_ieqn(s + p, "-odd", 4) && !dbf__tx_isalnum((unsigned char)s[p + 4]))
    n = 4;
  else if (p + 2 < end && s[p] == '+' && s[p + 1] == ' ' && !(s[p + 2] >= '0' && s[p + 2] <= '9'))
    n = 1;
  size_t w = p + n;
  while (w < end && s[w] == ' ')
    w++;
  return n > 0 && !opens_with_word(s, w, end, k_period_units) ? n : 0;
}

/* The end of a level or grade named by a number at s[p] ("NVQ level 3",
   "band six", "tier 1"), or 0. A range of levels stays a result: "level 1
   to level 2". */
static size_t rank_at(const dbf__rx *x, dbf_span cl, size_t p, size_t e) {
  dbf_span wb = dbf__tx_word_before(x->s, p);
  if (wb.len == 0 || wb.off < cl.off || !dbf__tx_word_in(x->s + wb.off, wb.len, k_rank_words))
    return 0;
  size_t end = cl.off + cl.len, q = e;
  while (q < end && x->s[q] == ' ')
    q++;
  if (dbf__tx_word_at(x->s, q, end, "to") || dbf__tx_word_at(x->s, q, end, "from") ||
      opens_with_word(x->s, q, end, k_period_units))
    return 0; /* "an A grade three years running" counts years */
  /* The end of a range of levels: "from level 2 to level 4". */
  dbf_span pw = dbf__tx_word_before(x->s, wb.off);
  char rank[8];
  dbf__tx_copy(x->s, wb, rank, sizeof rank);
  if (pw.len > 0 && pw.off >= cl.off && dbf__tx_word_at(x->s, pw.off, end, "to") &&
      dbf__tx_find_word(x->s, pw.off, cl.off, rank) != (size_t)-1)
    return 0;
  return e;
}

/*
 * "four of my apprentices", "three of our drivers": after a small count
 * said in one word, a part of the speaker's own people or things counts
 * what came of them. True when " of my|our <plural>" follows at p.
 */
static bool part_of_mine(const dbf__rx *x, size_t p, size_t end) {
  static const char *const owners[] = {"my", "our", NULL};
  const char *s = x->s;
  while (p < end && s[p] == ' ')
    p++;
  size_t l = dbf__tx_word_at(s, p, end, "of");
  if (!l)
    return false;
  p += l;
  while (p < end && s[p] == ' ')
    p++;
  l = opens_with_word(s, p, end, owners);
  if (!l)
    return false;
  p += l;
  while (p < end && s[p] == ' ')
    p++;
  size_t e = p;
  while (e < end && dbf__tx_islower((unsigned char)s[e]))
    e++;
  return e > p + 2 && s[e - 1] == 's' && s[e - 2] != 's' &&
         (e == end || !dbf__tx_isalnum((unsigned char)s[e]));
}

/* Finds a metric value in clause cl from `start`: writes the value text and
   its span; *weak when it is only a count ("5 pass"), which a figure said
   later in the clause outranks. */
static bool metric_value_from(const dbf__rx *x, dbf_span cl, size_t start, bool targeted, char *val,
                              size_t cap, dbf_span *vsp, bool *weak) {
  const char *s = x->s;
  size_t end = cl.off + cl.len;
  *weak = false;
  for (size_t i = start; i < end; i++) {
    size_t cur = (i == cl.off || !dbf__tx_isalnum((unsigned char)s[i - 1]))
                     ? currency_letters(s, i, end)
                     : 0; /* "A$400k", "NZ$180k" */
    size_t sign = 0;      /* "+12", "-27%" */
    if ((s[i] == '+' || s[i] == '-') && i + 1 < end && s[i + 1] >= '0' && s[i + 1] <= '9' &&
        (i == cl.off || s[i - 1] == ' ' || s[i - 1] == '('))
      sign = 1;
    bool dollar = cur || s[i] == '$' || (unsigned char)s[i] == 0xE2 || (unsigned char)s[i] == 0xC2;
    bool at_word = i == cl.off || !dbf__tx_isalnum((unsigned char)s[i - 1]);
    double factor = 0;
    size_t ml = at_word ? spoken_multiple(s, i, end, &factor) : 0;
    if (ml) {
      /* "three times faster" is written "3x", as the figure is typed. */
      snprintf(val, cap, "%gx", factor);
      *vsp = (dbf_span){i, ml};
      return true;
    }
    size_t tm = at_word ? typed_multiple(s, i, end) : 0;
    if (tm) {
      *vsp = (dbf_span){i, tm};
      dbf__tx_copy(s, *vsp, val, cap);
      return true;
    }
    size_t nw = at_word ? number_word(s, i, end) : 0;
    if (nw && i + nw >= end)
      nw = 0; /* a number word must have words after it */
    if (nw && rank_at(x, cl, i, i + nw)) {
      i += nw - 1; /* "band six" names a grade */
      continue;
    }
    if (nw) {
      /* "six weeks to ten days", "zero lost-time injuries": a spelled number
         with a unit or a range after it. */
      size_t r = range_after(x, i + nw, end);
      size_t u = i + nw;
      while (u < end && s[u] == ' ')
        u++;
      size_t ue = u;
      while (ue < end && (dbf__tx_isalnum((unsigned char)s[ue]) || s[ue] == '-'))
        ue++;
      static const char *const wunits[] = {"days",    "weeks", "months",  "hours",
                                           "minutes", "years", "percent", NULL};
      bool unit = false;
      for (size_t k = 0; wunits[k] && !unit; k++)
        unit = strlen(wunits[k]) == ue - u && dbf__tx_ieqn(s + u, wunits[k], ue - u);
      bool zero = nw == 4 && dbf__tx_ieqn(s + i, "zero", 4) && targeted && ue > u;
      if (r || unit || zero) {
        size_t e = r ? r : (unit ? ue : i + nw);
        *vsp = (dbf_span){i, e - i};
        dbf__tx_copy(s, *vsp, val, cap);
        return true;
      }
      /* "forty tonnes of plastic", "one point one million dirhams a year",
         "twelve hundred latrines": a figure in words reads as one in
         digits, with its unit, or as a count when asked. */
      double fig = 0;
      size_t fl = dbf__tx_spoken_number_at(s, i, end, &fig);
      /* "in twenty twenty two": number words run on into a year, before
         or after the figure. */
      size_t nx = i + nw, pe = i;
      while (nx < end && (s[nx] == ' ' || s[nx] == '-'))
        nx++;
      while (pe > cl.off && (s[pe - 1] == ' ' || s[pe - 1] == '-'))
        pe--;
      size_t pb = pe;
      while (pb > cl.off && dbf__tx_isalnum((unsigned char)s[pb - 1]))
        pb--;
      int nv = 0;
      /* "defects per hundred units": a rate's base, no figure. */
      bool run_on = dbf__tx_number_word_at(s, nx, end, &nv) ||
                    (pe > pb && pe < i && dbf__tx_number_word_at(s, pb, pe, &nv) == pe - pb) ||
                    (pe - pb == 3 && dbf__tx_ieqn(s + pb, "per", 3));
      if (fl == nw && fig > 0 && !run_on) {
        size_t te = unit_tail(x, i + nw, end);
        dbf_span v = drop_dangling(x, (dbf_span){i, te - i});
        bool words_ = memchr(s + i, ' ', nw) != NULL || memchr(s + i, '-', nw) != NULL;
        if (v.len > nw) {
          *vsp = v;
          dbf__tx_copy(s, v, val, cap);
          return true;
        }
        if (targeted && (words_ || fig >= 10 || (fig >= 2 && part_of_mine(x, i + nw, end))) &&
            counted(x, i, i + nw, end)) {
          *weak = true;
          *vsp = (dbf_span){i, nw};
          dbf__tx_copy(s, *vsp, val, cap);
          return true;
        }
      }
      continue;
    }
    size_t la = cur ? 0 : lettered_amount(s, i, end);
    if (la) {
      size_t ue = unit_tail(x, i + la, end);
      dbf_span v = drop_dangling(x, (dbf_span){i, ue - i});
      dbf__tx_copy(s, v, val, cap);
      *vsp = v;
      return true;
    }
    if (!((s[i] >= '0' && s[i] <= '9') || dollar || sign))
      continue;
    if (i > cl.off && dbf__tx_isalnum((unsigned char)s[i - 1]))
      continue;
    if (i >= cl.off + 2 && s[i - 1] == '-' && dbf__tx_isalnum((unsigned char)s[i - 2]))
      continue; /* "day-7 retention", "COVID-19" */
    size_t j = i + sign + cur;
    if (dollar)
      j += s[j] == '$' ? 1 : ((unsigned char)s[j] == 0xE2 ? 3 : 2);
    size_t digits_start = j;
    while (j < end && ((s[j] >= '0' && s[j] <= '9') || s[j] == ',' || s[j] == '.'))
      j++;
    while (j > digits_start && (s[j - 1] == '.' || s[j - 1] == ','))
      j--;
    if (j == digits_start)
      continue;
    j = spaced_thousands(s, digits_start, j, end); /* "61 000 orders" */
    if (!dollar && !sign && !(j < end && s[j] == '%') && rank_at(x, cl, i, j)) {
      i = j - 1; /* "NVQ level 3" names a level */
      continue;
    }
    size_t ve = clock_tail(s, j, end); /* "at 2:40 a.m." */
    /* "60ish percent", "30-ish%": an approximate number. */
    if (ve + 4 <= end && dbf__tx_ieqn(s + ve, "ish", 3) &&
        !dbf__tx_isalnum((unsigned char)s[ve + 3]))
      ve += 3;
    else if (ve + 5 <= end && dbf__tx_ieqn(s + ve, "-ish", 4) &&
             !dbf__tx_isalnum((unsigned char)s[ve + 4]))
      ve += 4;
    else
      ve += rough_count(s, ve, end);
    if (ve + 1 < end && s[ve] == '/' && s[ve + 1] >= '0' && s[ve + 1] <= '9') {
      ve++; /* a score out of: "4.7/5", "9/10" */
      while (ve < end && s[ve] >= '0' && s[ve] <= '9')
        ve++;
    } else if (ve < end && s[ve] == '%') {
      ve++;
    } else if (ve + 18 <= end && dbf__tx_ieqn(s + ve, " percentage point", 17)) {
      /* "up 1.8 percentage points": points, not a percent. */
      size_t pe = ve + 17;
      if (pe < end && s[pe] == 's')
        pe++;
      *vsp = (dbf_span){i, pe - i};
      dbf__tx_copy(s, *vsp, val, cap);
      return true;
    } else if (ve + 8 <= end && dbf__tx_ieqn(s + ve, " percent", 8) &&
               (ve + 8 == end || !dbf__tx_isalnum((unsigned char)s[ve + 8]))) {
      dbf__tx_copy(s, (dbf_span){i, j - i}, val, cap - 1);
      size_t l = strlen(val);
      val[l] = '%';
      val[l + 1] = '\0';
      *vsp = (dbf_span){i, ve + 8 - i};
      return true;
    } else if (ve < end && (s[ve] == 'x' || s[ve] == 'X') &&
               (ve + 1 >= end || !dbf__tx_isalnum((unsigned char)s[ve + 1]))) {
      ve++;
    } else if (ve + 6 <= end && dbf__tx_ieqn(s + ve, " times", 6)) {
      dbf__tx_copy(s, (dbf_span){i, j - i}, val, cap - 1);
      size_t l = strlen(val);
      val[l] = 'x';
      val[l + 1] = '\0';
      *vsp = (dbf_span){i, ve + 6 - i};
      return true;
    } else {
      /* A number with its unit: "$2M", "200 hours a month", "10,000 users". */
      if (ve < end &&
          (s[ve] == 'k' || s[ve] == 'K' || s[ve] == 'M' || s[ve] == 'm' || s[ve] == 'B') &&
          (ve + 1 >= end || !dbf__tx_isalnum((unsigned char)s[ve + 1])))
        ve++;
      /* "2k/mo", "$40/hr", "300/wk": a rate typed with a slash. */
      static const char *const per[] = {"mo",  "month", "yr", "year", "wk", "week",
                                        "day", "hr",    "h",  "d",    NULL};
      size_t pe = ve + 1;
      while (pe < end && ((s[pe] | 32) >= 'a' && (s[pe] | 32) <= 'z'))
        pe++;
      if (ve < end && s[ve] == '/' && pe > ve + 1 &&
          (pe == end || !dbf__tx_isalnum((unsigned char)s[pe])) &&
          dbf__tx_word_in(s + ve + 1, pe - ve - 1, per))
        ve = pe;
      size_t ue = unit_tail(x, ve, end);
      /* Bare numbers (a year, "two juniors") are not metrics, unless a
         range follows: "300 to 45". */
      if (ue == ve && !dollar && !(ve > j) && !range_after(x, ve, end)) {
        if (!(targeted && counted(x, digits_start, j, end)))
          continue;
        *weak = true;
        /* "translated into 11 languages.": a count that ends its clause
           keeps its noun. */
        size_t w = ve;
        while (w < end && x->s[w] == ' ')
          w++;
        size_t we = w;
        while (we < end && dbf__tx_isalnum((unsigned char)x->s[we]))
          we++;
        size_t r = we;
        while (r < end && (x->s[r] == ' ' || x->s[r] == '.' || x->s[r] == '!'))
          r++;
        if (we > w && r == end && !dbf__tx_function_word(x->s + w, we - w))
          ue = we;
      }
      dbf_span v = drop_dangling(x, (dbf_span){i, ue - i});
      if (v.len == 0)
        continue;
      dbf__tx_copy(s, v, val, cap);
      *vsp = v;
      return true;
    }
    dbf__tx_copy(s, (dbf_span){i, ve - i}, val, cap);
    *vsp = (dbf_span){i, ve - i};
    return true;
  }
  /* Words that are metrics by themselves. */
  static const struct {
    const char *w;
    const char *v;
  } words[] = {{"doubled", "2x"},         {"tripled", "3x"},         {"quadrupled", "4x"},
               {"halved", "50%"},         {"by half", "50%"},        {"in half", "50%"},
               {"half as many", "50%"},   {"half as much", "50%"},   {"half as often", "50%"},
               {"half as long", "50%"},   {"by about half", "50%"},  {"by roughly half", "50%"},
               {"by nearly half", "50%"}, {"by almost half", "50%"}, {NULL, NULL}};
  for (size_t k = 0; words[k].w; k++) {
    size_t p = dbf__tx_find_word(s, end, cl.off, words[k].w);
    if (p != (size_t)-1) {
      /* As said: "dropped by half", not "50%". */
      (void)words[k].v;
      *vsp = (dbf_span){p, strlen(words[k].w)};
      dbf__tx_copy(s, *vsp, val, cap);
      return true;
    }
  }
  return fraction(x, cl, val, cap, vsp);
}

/* True when the value text is a figure a count gives way to: a share,
   money or a range ("48%", "$2M", "22 to 45"). */
static bool strong_value(const char *v) {
  return strchr(v, '%') || strchr(v, '$') || strstr(v, "\xE2\x82\xAC") || strstr(v, "\xC2\xA3") ||
         strstr(v, " to ") || strstr(v, "->") || strstr(v, "\xE2\x86\x92");
}

/* Words that tell the figure after them is a part of the count before:
   "900 growers, of whom 60% women". */
static const char *const k_part_cues[] = {"of which", "of whom", "of those",
                                          "of these", "of them", NULL};

/* Does s[b..e) hold a cue that the next figure is a part of the count? */
static bool part_cue(const dbf__rx *x, size_t b, size_t e) {
  return dbf__tx_find_any(x->s, e, b, k_part_cues, NULL) != (size_t)-1;
}

/* The clause's metric value: the first figure, or a share, money or range
   after a bare count ("National 5 pass rate went from 48% to 71%"). */
static bool metric_value(const dbf__rx *x, dbf_span cl, bool targeted, char *val, size_t cap,
                         dbf_span *vsp) {
  bool weak;
  if (!metric_value_from(x, cl, cl.off, targeted, val, cap, vsp, &weak))
    return false;
  if (!weak)
    return true;
  char v2[128];
  dbf_span sp2;
  bool weak2;
  size_t from = vsp->off + vsp->len;
  if (from < cl.off + cl.len &&
      metric_value_from(x, cl, from, targeted, v2, sizeof v2, &sp2, &weak2) && !weak2 &&
      (strong_value(v2) || range_after(x, sp2.off + sp2.len, cl.off + cl.len)) &&
      !part_cue(x, from, sp2.off)) {
    dbf__tx_copy(v2, (dbf_span){0, strlen(v2)}, val, cap);
    *vsp = sp2;
  }
  return true;
}

static dbf_span strip_dets(const dbf__rx *x, dbf_span sp) {
  static const char *const dets[] = {"we ",   "i ",    "our ",  "the ", "my ", "their ", "and ",
                                     "also ", "this ", "that ", "it ",  "so ", "then ",  NULL};
  for (int g = 0; g < 4; g++) {
    dbf_span rest = dbf__rx_skip_openers(x, sp, dets);
    if (rest.off == sp.off)
      break;
    sp = rest;
  }
  return dbf__tx_trim(x->s, sp);
}

/* Leading words that do not name a metric: "of council projects", "I'd say
   70%", "which saves airlines something like 2 million kg". */
static dbf_span strip_lead(const dbf__rx *x, dbf_span sp) {
  static const char *const leads[] = {"of ",     "from ", "like ",    "with ",           "about ",
                                      "which ",  "that ", "i'd say ", "something like ", "roughly ",
                                      "around ", NULL};
  for (int g = 0; g < 3; g++) {
    bool hit = false;
    for (size_t k = 0; leads[k] && !hit; k++) {
      size_t l = strlen(leads[k]);
      if (sp.len > l && dbf__tx_ieqn(x->s + sp.off, leads[k], l)) {
        sp.off += l;
        sp.len -= l;
        hit = true;
      }
    }
    sp = strip_dets(x, sp);
    if (!hit)
      break;
  }
  /* ... and trailing ones: "callbacks from", "the scrap rate was like". */
  static const char *const tails[] = {
      " from", " by",   " of",    " to",     " at",      " was",    " is",     " were", " are",
      " in",   " like", " about", " around", " roughly", " nearly", " almost", NULL};
  for (bool cut = true; cut;) {
    cut = false;
    for (size_t k = 0; tails[k]; k++) {
      size_t l = strlen(tails[k]);
      if (sp.len > l && dbf__tx_ieqn(x->s + sp.off + sp.len - l, tails[k], l)) {
        sp.len -= l;
        cut = true;
      }
    }
  }
  return sp;
}

/* A label names something: a word of three letters or more that is no
   function word, time unit or period typed short ("from", "/yr", "yrs",
   "yoy" do not). */
static bool good_label(const dbf__rx *x, dbf_span sp) {
  static const char *const units[] = {"yrs", "yr",  "year", "years", "month", "week",
                                      "day", "yoy", "qoq",  "mom",   "wow",   NULL};
  dbf_span w[8];
  size_t nw = dbf__tx_words(x->s + sp.off, sp.len, w, 8);
  for (size_t k = 0; k < nw; k++) {
    const char *ws = x->s + sp.off + w[k].off;
    bool unit = false;
    for (size_t u = 0; units[u] && !unit; u++)
      unit = strlen(units[u]) == w[k].len && dbf__tx_ieqn(ws, units[u], w[k].len);
    unit = unit || dbf__tx_word_in(ws, w[k].len, k_short_periods);
    if (w[k].len >= 3 && !unit && !dbf__tx_function_word(ws, w[k].len) &&
        !(ws[0] >= '0' && ws[0] <= '9'))
      return true;
  }
  return false;
}

/* The words after a value up to a preposition: "weddings a season" of
   "25 weddings a season at the peak". */
static dbf_span after_label(const dbf__rx *x, size_t ve, size_t end) {
  static const char *const cuts[] = {
      " at ",   " on ", " in ", " for ",    " after ",    " since ", " during ", " once ",
      " when ", ",",    " vs ", " versus ", " compared ", " (",      " and ",    NULL};
  size_t e = dbf__tx_find_any(x->s, end, ve, cuts, NULL);
  if (e == (size_t)-1)
    e = end;
  return strip_lead(x, strip_dets(x, (dbf_span){ve, e - ve}));
}

/* A subject after a scene set before it: "after the new checklist our
   compounding errors" names "compounding errors", the words after the last
   determiner or possessive. */
static dbf_span after_scene(const dbf__rx *x, dbf_span sp) {
  static const char *const dets[] = {" our ", " my ", " their ", " that ", " this ", " the ", NULL};
  size_t best = (size_t)-1, bl = 0;
  for (size_t k = 0; dets[k]; k++) {
    size_t l = strlen(dets[k]);
    for (size_t p = sp.off; p + l <= sp.off + sp.len; p++)
      if (dbf__tx_ieqn(x->s + p, dets[k], l) && (best == (size_t)-1 || p > best)) {
        best = p;
        bl = l;
      }
  }
  if (best == (size_t)-1)
    return sp;
  return (dbf_span){best + bl, sp.off + sp.len - best - bl};
}

/* A subject with a scene set after it: "new hire attrition in the
   first year" names "new hire attrition", the words before a
   preposition that opens a stretch of time or a place ("in the", "on
   my", "during"), when they name something. */
static dbf_span before_scene(const dbf__rx *x, dbf_span sp) {
  static const char *const scenes[] = {" in the ", " in my ",  " in our ",   " on the ", " on my ",
                                       " on our ", " during ", " over the ", " at the ", NULL};
  size_t p = dbf__tx_find_any(x->s, sp.off + sp.len, sp.off, scenes, NULL);
  if (p == (size_t)-1 || p <= sp.off)
    return sp;
  dbf_span head = dbf__tx_trim(x->s, (dbf_span){sp.off, p - sp.off});
  return head.len > 0 && good_label(x, head) ? head : sp;
}

/*
 * A count named by the noun after it (name, in out) said of a subject in
 * the words before it, lead: "the style guide has like 400 rules" is
 * "style guide rules"; "I reviewed in more than 900 contracts" is
 * "contracts reviewed". out stays as it is otherwise.
 */
static void with_subject(const dbf__rx *x, dbf_span lead, char *out, size_t cap) {
  static const char *const hedges[] = {"like", "about", "around", "roughly", "some", "over",
                                       "in",   "on",    "at",     "for",     NULL};
  dbf_span w[12];
  size_t nw = dbf__tx_words(x->s + lead.off, lead.len, w, 12);
  while (nw > 0 && dbf__tx_word_in(x->s + lead.off + w[nw - 1].off, w[nw - 1].len, hedges))
    nw--;
  if (nw < 2)
    return;
  const char *verb = x->s + lead.off + w[nw - 1].off;
  size_t vl = w[nw - 1].len;
  char name[ITEM_CAP];
  int n = -1;
  if (dbf__tx_word_in(verb, vl, (const char *const[]){"has", "have", "had", "holds", NULL})) {
    /* The subject: the words before the verb after a determiner. */
    size_t k = nw - 1;
    while (k > 0 && !dbf__tx_function_word(x->s + lead.off + w[k - 1].off, w[k - 1].len))
      k--;
    if (k == nw - 1 || nw - 1 - k > 3)
      return;
    size_t b = lead.off + w[k].off, e = lead.off + w[nw - 2].off + w[nw - 2].len;
    n = snprintf(name, sizeof name, "%.*s %s", (int)(e - b), x->s + b, out);
  } else if (vl > 4 && dbf__tx_ieqn(verb + vl - 2, "ed", 2) && nw >= 2 && w[nw - 2].len == 1 &&
             dbf__tx_ieqn(x->s + lead.off + w[nw - 2].off, "i", 1)) {
    n = snprintf(name, sizeof name, "%s %.*s", out, (int)vl, verb);
  }
  if (n > 0 && (size_t)n < cap && (size_t)n < sizeof name)
    memcpy(out, name, (size_t)n + 1);
}

/*
 * "mean basket up ~20% in euro terms", "parcel losses were down by about
 * 12% after the move", "call-out time cut 40 min -> 25 w/ the new rota":
 * a subject, then a bare "up"/"down" or a verb with no object, then the
 * value. The subject before the cue word, or an empty span.
 */
static dbf_span subject_before_cue(const dbf__rx *x, dbf_span cl, size_t v) {
  static const char *const cues[] = {"up",      "down",     "cut",       "reduced", "lowered",
                                     "trimmed", "slashed",  "shortened", "boosted", "raised",
                                     "halved",  "improved", NULL};
  static const char *const fill[] = {
      "by",     "approx", "approximately", "about", "around", "roughly", "some",
      "nearly", "almost", "like",          "over",  "from",   NULL};
  static const char *const be[] = {"were", "are",  "is",  "was", "been",
                                   "has",  "have", "had", "got", NULL};
  const char *s = x->s;
  dbf_span w[24];
  size_t nw = dbf__tx_words(s + cl.off, v > cl.off ? v - cl.off : 0, w, 24);
  if (nw == 24)
    return (dbf_span){cl.off, 0};
  /* Back over the hedges between the cue and the value. */
  while (nw > 0 && dbf__tx_word_in(s + cl.off + w[nw - 1].off, w[nw - 1].len, fill))
    nw--;
  if (nw < 2 || !dbf__tx_word_in(s + cl.off + w[nw - 1].off, w[nw - 1].len, cues))
    return (dbf_span){cl.off, 0};
  nw--;
  while (nw > 0 && dbf__tx_word_in(s + cl.off + w[nw - 1].off, w[nw - 1].len, be))
    nw--;
  if (nw == 0)
    return (dbf_span){cl.off, 0};
  size_t e = cl.off + w[nw - 1].off + w[nw - 1].len;
  dbf_span subj = strip_lead(x, strip_dets(x, (dbf_span){cl.off, e - cl.off}));
  if (dbf__tx_word_count(s, subj) > 6)
    subj = after_scene(x, subj);
  if (subj.len == 0 || dbf__tx_word_count(s, subj) > 6 || !good_label(x, subj))
    return (dbf_span){cl.off, 0};
  return subj;
}

/* True when the n letters at w are one comparison word ("lower",
   "faster", "cheaper", "more", "less"), which names no metric alone. */
static bool lone_comparison(const char *w, size_t n) {
  static const char *const more[] = {"more", "less", "fewer", "better", "worse", NULL};
  if (dbf__tx_word_in(w, n, more))
    return true;
  static const char *const not_er[] = {"order",  "orders", "customer", "water",  "paper",  "number",
                                       "member", "user",   "partner",  "letter", "centre", "center",
                                       "after",  "over",   "under",    "never",  "other",  NULL};
  return n > 4 && dbf__tx_ieqn(w + n - 2, "er", 2) && !dbf__tx_word_in(w, n, not_er);
}

/* True when sp is one verb of motion and nothing else: "went" of "we
   went from", "it went from". */
static bool motion_only(const dbf__rx *x, dbf_span sp) {
  dbf_span w[2];
  return dbf__tx_words(x->s + sp.off, sp.len, w, 2) == 1 &&
         dbf__tx_word_in(x->s + sp.off + w[0].off, w[0].len, k_motion_verbs);
}

/*
 * "went from 8 audits a year to 20": a range whose start carries its noun
 * is named by that noun, the words after the first figure up to a rate,
 * the range's "to" or a figure ("audits"). An empty span when the first
 * figure stands alone.
 */
static dbf_span noun_of_start(const dbf__rx *x, dbf_span vsp) {
  static const char *const stops[] = {"a", "an", "per", "to", "each", "every", "when", "in", NULL};
  const char *s = x->s;
  dbf_span w[10];
  size_t nw = dbf__tx_words(s + vsp.off, vsp.len, w, 10);
  size_t k = 0;
  while (k < nw && !(s[vsp.off + w[k].off] >= '0' && s[vsp.off + w[k].off] <= '9'))
    k++;
  size_t b = ++k, e = b;
  while (e < nw && e - b < 3) {
    const char *ws = s + vsp.off + w[e].off;
    if ((ws[0] >= '0' && ws[0] <= '9') || dbf__tx_word_in(ws, w[e].len, stops))
      break;
    e++;
  }
  if (b >= nw || e == b)
    return (dbf_span){vsp.off, 0};
  dbf_span n = {vsp.off + w[b].off, w[e - 1].off + w[e - 1].len - w[b].off};
  return good_label(x, n) ? n : (dbf_span){vsp.off, 0};
}

/* Names the metric of clause cl whose value sits at vsp. */
static bool bare_lead(const dbf__rx *x, dbf_span cl, size_t v);

static void metric_name(const dbf__rx *x, dbf_span cl, dbf_span vsp, char *out, size_t cap) {
  const char *s = x->s;
  size_t end = cl.off + cl.len;
  size_t which = 0;
  /* "Glossary: ~2,300 terms", "- fuel cost savings from tankering: roughly
     $400k/yr": the label before the colon names it. */
  const char *colon = memchr(s + cl.off, ':', vsp.off > cl.off ? vsp.off - cl.off : 0);
  size_t lb = cl.off;
  if (!colon) {
    /* "Hearings postponed for lack of an interpreter: from 30 to 5", when
       the colon ended the clause before. */
    size_t q = cl.off;
    while (q > 0 && s[q - 1] == ' ')
      q--;
    if (q > 0 && s[q - 1] == ':') {
      colon = s + q - 1;
      lb = q - 1;
      while (lb > 0 && !strchr(".;\n", s[lb - 1]))
        lb--;
    }
  }
  if (colon) {
    dbf_span label = strip_dets(x, (dbf_span){lb, (size_t)(colon - (s + lb))});
    while (label.len > 0 && (s[label.off] == '-' || s[label.off] == '*' || s[label.off] == ' '))
      label.off++, label.len--;
    if (label.len > 0 && dbf__tx_word_count(s, label) <= 8) {
      dbf__tx_copy(s, label, out, cap);
      return;
    }
  }
  /* "<subject> dropped by 85%": the words before the verb. */
  size_t p = dbf__tx_find_any(s, end, cl.off, k_change_verbs, &which);
  if (p != (size_t)-1 && p > cl.off && p <= vsp.off) {
    dbf_span subj = strip_lead(x, strip_dets(x, (dbf_span){cl.off, p - cl.off}));
    if (dbf__tx_word_count(s, subj) > 6)
      subj = before_scene(x, subj);
    if (dbf__tx_word_count(s, subj) > 6)
      subj = after_scene(x, subj);
    if (subj.len > 0 && dbf__tx_word_count(s, subj) <= 6 && good_label(x, subj)) {
      dbf__tx_copy(s, subj, out, cap);
      return;
    }
  }
  /* "we cut failed payouts from 2% to 0.3%": the words after the verb. */
  p = dbf__tx_find_any(s, end, cl.off, k_action_verbs, &which);
  if (p != (size_t)-1 && p < vsp.off) {
    size_t b = p + strlen(k_action_verbs[which]);
    static const char *const stops[] = {"by", "from", "to",   "down", "up",
                                        "in", "with", "over", NULL};
    size_t e = dbf__tx_find_any(s, vsp.off, b, stops, NULL);
    if (e == (size_t)-1)
      e = vsp.off;
    dbf_span obj = strip_lead(x, strip_dets(x, (dbf_span){b, e > b ? e - b : 0}));
    if (obj.len > 0 && dbf__tx_word_count(s, obj) <= 6 && good_label(x, obj)) {
      dbf__tx_copy(s, obj, out, cap);
      return;
    }
    /* "saved 40 tonnes of plastic", "saved 180 thousand reais in copper
       cable": what was saved is said after the amount; "saved 200 hours
       a month": time. */
    if (dbf__tx_ieqn(k_action_verbs[which], "saved", 5)) {
      size_t q = vsp.off + vsp.len;
      while (q < end && x->s[q] == ' ')
        q++;
      size_t ol = opens_with_word(s, q, end, (const char *const[]){"of", "in", "on", NULL});
      dbf_span what = ol ? after_label(x, q + ol, end) : (dbf_span){q, 0};
      /* "of plastic a year": the rate is the value's, not the name's. */
      static const char *const rates[] = {" a year",   " per year", " a month", " per month",
                                          " a week",   " per week", " a day",   " per day",
                                          " annually", " yearly",   NULL};
      size_t rw = 0;
      size_t ra = dbf__tx_find_any(s, what.off + what.len, what.off, rates, &rw);
      if (ra != (size_t)-1)
        what.len = ra - what.off;
      if (what.len > 0 && dbf__tx_word_count(s, what) <= 4 && good_label(x, what)) {
        char w[64];
        dbf__tx_copy(s, what, w, sizeof w);
        if (snprintf(out, cap, "%s saved", w) >= (int)cap)
          out[0] = '\0';
        return;
      }
      /* "the kiln upgrade saved about 3 million rupees": what made the
         saving names it, unless the saving is time. */
      static const char *const times[] = {"hour", "hours", "day",    "days",    "week", "weeks",
                                          "min",  "mins",  "minute", "minutes", "hrs",  NULL};
      dbf_span subj = strip_lead(x, strip_dets(x, (dbf_span){cl.off, p - cl.off}));
      if (subj.len > 0 && dbf__tx_word_count(s, subj) <= 5 && good_label(x, subj) &&
          !dbf__rx_span_has_any(x, (dbf_span){vsp.off, end - vsp.off}, times)) {
        char w[64];
        dbf__tx_copy(s, subj, w, sizeof w);
        if (snprintf(out, cap, "%s saved", w) >= (int)cap)
          out[0] = '\0';
        return;
      }
      snprintf(out, cap, "time saved");
      return;
    }
  }
  dbf_span cue = subject_before_cue(x, cl, vsp.off);
  if (cue.len > 0) {
    dbf__tx_copy(s, cue, out, cap);
    return;
  }
  /* "recycling rate of the city from nine percent to twenty three percent
     in four years": the words before "from" name a range said without a
     verb. */
  size_t fr = dbf__tx_find_word(s, vsp.off, cl.off, "from");
  if (fr != (size_t)-1 && fr > cl.off &&
      dbf__tx_word_count(s, (dbf_span){fr + 4, vsp.off - fr - 4}) <= 2) {
    dbf_span subj = strip_lead(x, strip_dets(x, (dbf_span){cl.off, fr - cl.off}));
    /* "we went from ...", "it went from ...": a verb of motion with a
       person or "it" before it names nothing; the words with the
       figures do. */
    if (subj.len > 0 && dbf__tx_word_count(s, subj) <= 6 && good_label(x, subj) &&
        !motion_only(x, subj)) {
      dbf__tx_copy(s, subj, out, cap);
      return;
    }
  }
  /* "3x faster deploys", "a 20% increase in conversion": the words after the value. */
  size_t ve = vsp.off + vsp.len;
  /* "three of our drivers passed the test first time": a count of the
     speaker's own that opens the clause is named by the rest of it. */
  if (bare_lead(x, cl, vsp.off) && part_of_mine(x, ve, end)) {
    size_t q = ve;
    for (int k = 0; k < 2; k++) { /* past " of my|our" */
      while (q < end && s[q] == ' ')
        q++;
      while (q < end && s[q] != ' ')
        q++;
    }
    dbf_span rest = dbf__tx_trim(s, (dbf_span){q, end - q});
    while (rest.len > 0 && strchr(" .,;!?", s[rest.off + rest.len - 1]))
      rest.len--;
    if (rest.len > 0 && dbf__tx_word_count(s, rest) <= 8 && good_label(x, rest)) {
      dbf__tx_copy(s, rest, out, cap);
      return;
    }
  }
  dbf_span after = strip_dets(x, (dbf_span){ve, end - ve});
  static const char *const lead[] = {
      "increase in ", "decrease in ", "reduction in ", "improvement in ", "drop in ",
      "growth in ",   "lift in ",     "boost in ",     "more ",           "fewer ",
      "less ",        "faster ",      "higher ",       "lower ",          NULL};
  for (size_t k = 0; lead[k]; k++) {
    size_t l = strlen(lead[k]);
    if (after.len > l && dbf__tx_ieqn(s + after.off, lead[k], l)) {
      after.off += l;
      after.len -= l;
      break;
    }
  }
  /* "40% cheaper deliveries": any comparison word opens as those do. */
  size_t cw = 0;
  while (cw < after.len && dbf__tx_isalnum((unsigned char)s[after.off + cw]))
    cw++;
  if (cw + 1 < after.len && s[after.off + cw] == ' ' && lone_comparison(s + after.off, cw)) {
    after.off += cw + 1;
    after.len -= cw + 1;
  }
  /* "4 days versus 9 days before": a comparison after the value names
     nothing. */
  static const char *const versus[] = {"vs",      "vs.",     "versus", "compared",
                                       "against", "instead", "rather", NULL};
  size_t fw = 0;
  while (fw < after.len && dbf__tx_isalnum((unsigned char)s[after.off + fw]))
    fw++;
  if (fw < after.len && s[after.off + fw] == '.')
    fw++;
  bool compared = dbf__tx_word_in(s + after.off, fw, versus);
  /* "3x faster after the move", "~30% lower": a scene or a lone
     comparison after the value names nothing; the words before do. */
  static const char *const scenes[] = {"after", "since", "during", "once", "when", "than", NULL};
  compared = compared || dbf__tx_word_in(s + after.off, fw, scenes) ||
             dbf__tx_word_in(s + after.off, fw, k_short_periods) ||
             (fw == after.len && lone_comparison(s + after.off, fw));
  if (compared)
    after.len = 0;
  if (after.len > 0 && dbf__tx_word_count(s, after) <= 5 && good_label(x, after)) {
    dbf__tx_copy(s, after, out, cap);
    with_subject(x, (dbf_span){cl.off, vsp.off - cl.off}, out, cap);
    return;
  }
  dbf_span cut = compared ? (dbf_span){after.off, 0} : after_label(x, after.off, end);
  if (cut.len > 0 && dbf__tx_word_count(s, cut) <= 5 && good_label(x, cut)) {
    dbf__tx_copy(s, cut, out, cap);
    with_subject(x, (dbf_span){cl.off, vsp.off - cl.off}, out, cap);
    return;
  }
  dbf_span before = strip_lead(x, strip_dets(x, (dbf_span){cl.off, vsp.off - cl.off}));
  if (motion_only(x, before))
    before = noun_of_start(x, vsp);
  if (before.len > 0 && dbf__tx_word_count(s, before) <= 6 && good_label(x, before))
    dbf__tx_copy(s, before, out, cap);
  else
    out[0] = '\0';
}

/*
 * A share said as a count of a whole after the figure ending at p: "of 12"
 * in "9 of 12 audits", "of the 30" in "4 of the 30 stores", "in 5" in "1
 * in 5 calls". The whole's span (its number, a digit or a word) in *whole
 * and the joining word's length; 0 when none. A year or a stretch of time
 * after "in" is no whole ("0 in 3 years", "12 in 2023").
 */
static size_t share_of(const dbf__rx *x, size_t p, size_t end, dbf_span *whole) {
  static const char *const dets[] = {"the", "my", "our", "their", "his", "her", NULL};
  static const char *const times[] = {"year", "years",  "yr",      "yrs",     "month",    "months",
                                      "week", "weeks",  "day",     "days",    "hour",     "hours",
                                      "hrs",  "season", "seasons", "quarter", "quarters", NULL};
  const char *s = x->s;
  size_t q = p;
  if (q >= end || s[q] != ' ')
    return 0;
  q++;
  size_t jl = dbf__tx_word_at(s, q, end, "of");
  bool in = false;
  if (!jl) {
    jl = dbf__tx_word_at(s, q, end, "in");
    in = jl > 0;
  }
  if (!jl)
    return 0;
  size_t w = q + jl;
  while (w < end && s[w] == ' ')
    w++;
  size_t dl = opens_with_word(s, w, end, dets);
  if (dl && !in) {
    w += dl;
    while (w < end && s[w] == ' ')
      w++;
  }
  size_t we = w;
  while (we < end && ((s[we] >= '0' && s[we] <= '9') ||
                      (s[we] == ',' && we + 1 < end && s[we + 1] >= '0' && s[we + 1] <= '9')))
    we++;
  if (we == w) {
    double v;
    we = w + dbf__tx_spoken_number_at(s, w, end, &v);
  } else if (we - w == 4 && (s[w] == '1' || s[w] == '2')) {
    return 0; /* a year */
  }
  if (we == w || (we < end && dbf__tx_isalnum((unsigned char)s[we])))
    return 0;
  size_t u = we;
  while (u < end && s[u] == ' ')
    u++;
  if (in && opens_with_word(s, u, end, times))
    return 0;
  *whole = (dbf_span){w, we - w};
  return jl;
}

/*
 * The value as the person said it: an approximation before it ("about
 * 11000") and the end of a range after it ("12% to under 2%", "14 days to
 * 9") are part of it.
 */
static void widen_value(const dbf__rx *x, dbf_span cl, char *val, size_t cap, dbf_span *vsp) {
  static const char *const approx[] = {
      "about",     "around",    "over",  "under",  "nearly",        "almost", "roughly",
      "more than", "less than", "up to", "approx", "approximately", NULL};
  const char *s = x->s;
  size_t b = vsp->off, e = vsp->off + vsp->len;
  size_t r = range_after(x, e, cl.off + cl.len);
  if (r)
    e = r;
  for (size_t k = 0; approx[k]; k++) {
    size_t l = strlen(approx[k]);
    if (b >= cl.off + l + 1 && dbf__tx_ieqn(s + b - l - 1, approx[k], l) && s[b - 1] == ' ' &&
        (b - l - 1 == cl.off || !dbf__tx_isalnum((unsigned char)s[b - l - 2]))) {
      b -= l + 1;
      break;
    }
  }
  if (b == vsp->off && b > cl.off && s[b - 1] == '~')
    b--; /* "~45 flights per shift" */
  /* "3 of the 4 pitches" reads "3 of 4"; "number 1 of 8 reps" keeps its
     "number". */
  dbf_span whole;
  size_t jl = r ? 0 : share_of(x, e, cl.off + cl.len, &whole);
  if (jl && strlen(val) < 24 && !strpbrk(val, "%$")) {
    if (b == vsp->off && b >= cl.off + 7 && dbf__tx_ieqn(s + b - 7, "number ", 7))
      b -= 7;
    char pre[64], wt[32], tmp[160];
    dbf__tx_copy(s, (dbf_span){b, vsp->off - b}, pre, sizeof pre);
    dbf__tx_copy(s, whole, wt, sizeof wt);
    int w = snprintf(tmp, sizeof tmp, "%s%s %.*s %s", pre, val, (int)jl, s + e + 1, wt);
    if (w < 0 || (size_t)w >= sizeof tmp)
      return; /* too long to be one share: the value stays as read */
    dbf__tx_copy(tmp, (dbf_span){0, (size_t)w}, val, cap);
    *vsp = (dbf_span){b, whole.off + whole.len - b};
    return;
  }
  if (b == vsp->off && e == vsp->off + vsp->len)
    return;
  /* The value as normalized ("about 7 percent" reads "about 7%"): the words
     around it from the text, the value itself as found. */
  char mid[128], pre[64], post[128];
  dbf__tx_copy(s, *vsp, mid, sizeof mid);
  if (strcmp(mid, val) != 0) {
    dbf__tx_copy(s, (dbf_span){b, vsp->off - b}, pre, sizeof pre);
    dbf__tx_copy(s, (dbf_span){vsp->off + vsp->len, e - vsp->off - vsp->len}, post, sizeof post);
    char tmp[384];
    snprintf(tmp, sizeof tmp, "%s%.*s%s", pre, (int)(cap < 128 ? cap : 128), val, post);
    dbf__tx_copy(tmp, (dbf_span){0, strlen(tmp)}, val, cap);
    *vsp = (dbf_span){b, e - b};
    return;
  }
  *vsp = (dbf_span){b, e - b};
  dbf__tx_copy(s, *vsp, val, cap);
}

/* Does a figure start at s[p]: a digit (after a sign or "$") or a number
   said in words? */
static bool figure_at(const dbf__rx *x, size_t p, size_t end) {
  const char *s = x->s;
  if (p < end && (s[p] == '$' || s[p] == '~' || s[p] == '+'))
    p++;
  else
    p += sign_len(s, p, end);
  return p < end && ((s[p] >= '0' && s[p] <= '9') || number_word(s, p, end) > 0);
}

/* The start of a figure taken back just before v ("six no 7%", "9 sorry
   11 days"), or (size_t)-1. */
static size_t taken_back_before(const dbf__rx *x, dbf_span cl, size_t v) {
  const char *s = x->s;
  size_t from = v > cl.off + 24 ? v - 24 : cl.off;
  for (size_t p = from; p < v; p++) {
    if (p > cl.off && s[p - 1] != ' ')
      continue;
    size_t q = dbf__rx_past_repair(x, p, v);
    if (q == (size_t)-1)
      continue;
    size_t b = p;
    while (b > cl.off && s[b - 1] == ' ')
      b--;
    size_t e = b;
    while (b > cl.off && s[b - 1] != ' ')
      b--;
    if (q == v && b < e && figure_at(x, b, e))
      return b;
  }
  return (size_t)-1;
}

/* Length of the figure at s[p]: digits with their marks, or a number said
   in words; 0 when none starts there. */
static size_t figure_len(const dbf__rx *x, size_t p, size_t end) {
  const char *s = x->s;
  size_t q = p;
  while (q < end && ((s[q] >= '0' && s[q] <= '9') || s[q] == '.' || s[q] == ',' || s[q] == '%'))
    q++;
  while (q > p && (s[q - 1] == '.' || s[q - 1] == ','))
    q--;
  return q > p ? q - p : number_word(s, p, end);
}

/*
 * A figure taken back and said again in speech, with no pause mark:
 * "eleven no thirteen percent down to four", "about forty no forty five
 * of the jobs", "9 sorry 11 days", "from 30 to 12 no 10". Returns where
 * the figure said again starts, when a correction cue (or a bare "no",
 * which repairs only between two figures) follows a figure of the value at
 * vsp, inside it or right after it, and *taken where the figure taken back
 * starts; else (size_t)-1.
 */
static size_t repair_at(const dbf__rx *x, dbf_span cl, dbf_span vsp, size_t *taken) {
  const char *s = x->s;
  size_t end = cl.off + cl.len, stop = vsp.off + vsp.len;
  for (size_t p = vsp.off + 1; p <= stop + 1 && p < end; p++) {
    if (s[p - 1] != ' ' || !dbf__tx_isalnum((unsigned char)s[p]))
      continue;
    size_t b = p - 1; /* the figure before the cue */
    while (b > vsp.off && s[b - 1] != ' ')
      b--;
    if (!figure_at(x, b, p))
      continue;
    size_t q = dbf__rx_past_repair(x, p, end);
    if (q == (size_t)-1)
      continue;
    if (figure_at(x, q, end)) {
      *taken = b;
      return q;
    }
  }
  /* "4,100 farms no sorry 4,300": one word, the thing counted, between a
     single figure and the cue. */
  size_t w = stop;
  while (w < end && s[w] == ' ')
    w++;
  size_t we = w;
  while (we < end &&
         (dbf__tx_isupper((unsigned char)s[we]) || dbf__tx_islower((unsigned char)s[we])))
    we++;
  if (we == w || dbf__rx_past_repair(x, w, end) != (size_t)-1 || we >= end || s[we] != ' ')
    return (size_t)-1;
  for (size_t p = vsp.off; p < stop; p++)
    if (dbf__tx_word_at(s, p, stop, "to") && (p == vsp.off || s[p - 1] == ' '))
      return (size_t)-1; /* a range: its end is taken back above */
  size_t q = dbf__rx_past_repair(x, we + 1, end);
  if (q == (size_t)-1 || !figure_at(x, q, end))
    return (size_t)-1;
  *taken = vsp.off;
  return q;
}

/* A time unit said once, on the range's start, belongs to its end too:
   "26 days to 9" reads "26 days to 9 days". */
static void carry_unit(char *val, size_t cap) {
  static const char *const units[] = {"seconds", "minutes", "mins",   "hours", "hrs",
                                      "days",    "weeks",   "months", "years", NULL};
  char *to = strstr(val, " to ");
  if (!to || to == val)
    return;
  const char *u = to;
  while (u > val && u[-1] != ' ')
    u--;
  size_t ul = (size_t)(to - u);
  if (u < val + 2 || !(u[-2] >= '0' && u[-2] <= '9'))
    return; /* "26 days": a number, then the unit */
  bool unit = false;
  for (size_t k = 0; units[k] && !unit; k++)
    unit = strlen(units[k]) == ul && dbf__tx_ieqn(u, units[k], ul);
  size_t n = strlen(val);
  if (!unit || !(val[n - 1] >= '0' && val[n - 1] <= '9') || n + ul + 2 > cap)
    return;
  val[n] = ' ';
  memcpy(val + n + 1, u, ul);
  val[n + 1 + ul] = '\0';
}

/* A spread said in words is written with its sign: "plus or minus 4 to
   plus minus 1 degree" is "\u00B14 to \u00B11 degree", the sign put before the
   start too when the words come just before the value at v. */
static void tolerance_sign(const dbf__rx *x, size_t v, char *val, size_t cap) {
  static const char *const said[] = {"plus or minus ", "plus minus ", NULL};
  char out[160];
  size_t o = 0, n = strlen(val);
  for (size_t k = 0; said[k]; k++) {
    size_t l = strlen(said[k]);
    if (v >= l && dbf__tx_ieqn(x->s + v - l, said[k], l) &&
        (v == l || !dbf__tx_isalnum((unsigned char)x->s[v - l - 1]))) {
      memcpy(out, "\xC2\xB1", 2);
      o = 2;
      break;
    }
  }
  bool changed = o > 0;
  for (size_t i = 0; i < n && o + 3 < sizeof out;) {
    size_t k = 0, l = 0;
    if (i == 0 || val[i - 1] == ' ')
      for (; said[k]; k++) {
        l = strlen(said[k]);
        if (i + l <= n && dbf__tx_ieqn(val + i, said[k], l))
          break;
      }
    if (said[k] && l) {
      memcpy(out + o, "\xC2\xB1", 2);
      o += 2, i += l, changed = true;
    } else
      out[o++] = val[i++];
  }
  out[o] = '\0';
  if (changed && o < cap)
    memcpy(val, out, o + 1);
}

/* True when "between" comes just before the value at v: "between 3 and 5"
   is one range. */
static bool between_before(const dbf__rx *x, dbf_span cl, size_t v) {
  size_t from = v > cl.off + 12 ? v - 12 : cl.off;
  return dbf__tx_find_word(x->s, v, from, "between") != (size_t)-1;
}

/* True when clause cl is "from X to Y" right after a multiple ("doubled",
   "roughly halved") given as the value before. */
static bool restates_multiple(const dbf__rx *x, dbf_span cl, const char *prev, const char *val) {
  static const char *const multiples[] = {"doubled", "tripled", "quadrupled",
                                          "halved",  "half",    NULL};
  if (!prev || !strstr(val, " to "))
    return false;
  dbf_span t = strip_dets(x, cl);
  if (!(t.len > 5 && dbf__tx_ieqn(x->s + t.off, "from ", 5)))
    return false;
  for (size_t k = 0; multiples[k]; k++)
    if (strstr(prev, multiples[k]))
      return true;
  return false;
}

static int year_at(const char *s, size_t p, size_t end);
static size_t digits_len(const char *s, size_t p, size_t end);

/*
 * The end of a stretch of time that opens the words at p, "over five
 * years", "in the first 18 months", "within a year": said without a full
 * stop after a result, it closes that result, and the next one's subject
 * comes after it. p when none.
 */
static size_t leading_period(const dbf__rx *x, size_t p, size_t end) {
  static const char *const lead[] = {"over", "in",    "within", "across", "during",
                                     "for",  "after", "by",     "since",  NULL};
  static const char *const fill[] = {"the",   "my",     "our",     "first",  "last",   "past",
                                     "about", "around", "roughly", "nearly", "almost", "just",
                                     "under", "a",      "an",      "one",    NULL};
  const char *s = x->s;
  size_t q = p;
  while (q < end && s[q] == ' ')
    q++;
  size_t l = opens_with_word(s, q, end, lead);
  if (l == 0)
    return p;
  q += l;
  while (q < end && s[q] == ' ')
    q++;
  /* "in 2023", "since 2019": a year closes the result too. */
  if (year_at(s, q, end))
    return q + 4;
  bool figure = false;
  for (int guard = 0; guard < 6 && q < end; guard++) {
    while (q < end && s[q] == ' ')
      q++;
    if (q + 1 < end && s[q] == '~')
      q++; /* "in ~1 yr" */
    size_t n = figure_len(x, q, end);
    size_t f = n ? 0 : opens_with_word(s, q, end, fill);
    size_t u = n || f ? 0 : opens_with_word(s, q, end, k_time_units);
    if (u > 0)
      return figure ? q + u : p;
    if (n == 0 && f == 0)
      return p;
    figure = figure || n > 0 || (f == 1 && s[q] == 'a') ||
             (f == 2 && dbf__tx_ieqn(s + q, "an", 2)) || (f == 3 && dbf__tx_ieqn(s + q, "one", 3));
    q += n ? n : f;
  }
  return p;
}

/*
 * Where the words after a value at p go on to something new, said without
 * a full stop: past a short period ("yoy"), past the name when it follows
 * its figure ("0 lost-time injuries"), and past a stretch of time or a
 * year that closes the result ("in 3 yrs", "since 2019"). p when none.
 */
static size_t past_result(const dbf__rx *x, size_t p, size_t end, const char *name) {
  const char *s = x->s;
  size_t q = p, l;
  while (q < end && s[q] == ' ')
    q++;
  if ((l = opens_with_word(s, q, end, k_short_periods)) > 0)
    q += l;
  while (q < end && s[q] == ' ')
    q++;
  size_t r = leading_period(x, q, end);
  l = name ? strlen(name) : 0;
  if (r == q && l > 0 && q + l < end && dbf__tx_ieqn(s + q, name, l) && s[q + l] == ' ') {
    /* The name is passed only with the stretch that closes it: what
       follows a name alone may be the next result's subject. */
    size_t t = leading_period(x, q + l, end);
    if (t > q + l)
      r = t;
  }
  return r;
}

/*
 * Where the next result starts in the words at p that open with a scene
 * or a rate's base of the value before them and run on without a full
 * stop: at a capital that opens a sentence, "per 100 bed days Staff
 * sickness went ...", "across some 300 sites Ticket volume fell ...". p
 * when none.
 */
static size_t capital_restart(const dbf__rx *x, size_t p, size_t end) {
  const char *s = x->s;
  size_t q = p;
  while (q < end && s[q] == ' ')
    q++;
  if (opens_with_word(s, q, end, k_scene_words) == 0)
    return p;
  for (int words = 0; words < 8 && q < end; words++) {
    while (q < end && s[q] != ' ')
      q++;
    while (q < end && s[q] == ' ')
      q++;
    char before = q > 1 ? s[q - 2] : ' ';
    if (q + 1 < end && s[q] >= 'A' && s[q] <= 'Z' && s[q + 1] >= 'a' && s[q + 1] <= 'z' &&
        ((before >= 'a' && before <= 'z') || (before >= '0' && before <= '9')))
      return q;
  }
  return p;
}

/*
 * "ran both systems in parallel for two months", "for my first two years":
 * a stretch of time said with "for" or "first"/"last" is when, not a
 * result; so is a tenure or a wait said after "there" or "after" ("was
 * there like six years", "promoted after 18 months"). A duration that changed ("from six weeks to
 * ten days") or was saved says something else and is a range or has its own verb.
 */
static bool period_of_time(const dbf__rx *x, dbf_span cl, dbf_span vsp) {
  static const char *const lead[] = {"for",  "first", "last",  "past",
                                     "over", "after", "there", NULL};
  static const char *const hedges[] = {"about", "around",    "roughly", "nearly", "almost",
                                       "like",  "over",      "another", "the",    "my",
                                       "next",  "following", NULL};
  if (!dbf__rx_last_word_in(x, vsp, k_period_units))
    return false;
  if (vsp.len > 5 && dbf__tx_ieqn(x->s + vsp.off, "over ", 5))
    return true; /* "over three years", the hedge read into the value */
  size_t p = vsp.off;
  for (int guard = 0; guard < 4; guard++) {
    while (p > cl.off && x->s[p - 1] == ' ')
      p--;
    size_t b = p;
    while (b > cl.off && dbf__tx_isalnum((unsigned char)x->s[b - 1]))
      b--;
    if (b == p)
      return false;
    dbf_span w = {b, p - b};
    if (dbf__rx_last_word_in(x, w, lead))
      return true;
    if (!dbf__rx_last_word_in(x, w, hedges))
      return false;
    p = b;
  }
  return false;
}

/*
 * "share of leavers placed within 6 months went from 40% to 72%", "call
 * time for a 20 min consult from 3 days to 4 hours": a stretch of time
 * after "within", or one that qualifies a noun after "a"/"per"/"each"/
 * "every", bounds or sizes what the result counts; it is part of the
 * name, not a result of its own, when a figure follows it.
 */
static bool window_of_time(const dbf__rx *x, dbf_span cl, dbf_span vsp) {
  static const char *const hedges[] = {"about", "around", "roughly", "nearly", "almost",
                                       "like",  "under",  "the",     "first",  NULL};
  static const char *const sizes[] = {"a", "an", "per", "each", "every", NULL};
  const char *s = x->s;
  size_t end = cl.off + cl.len, ve = vsp.off + vsp.len;
  if (!dbf__rx_last_word_in(x, vsp, k_time_units))
    return false;
  for (size_t q = vsp.off; q < ve; q++)
    if (!dbf__tx_isalnum((unsigned char)s[q]) && s[q] != ' ' && s[q] != '.' && s[q] != ',')
      return false; /* a range or a rate ("3 days to 1", "~2 hrs/wk") */
  if (dbf__tx_find_word(s, ve, vsp.off, "to") != (size_t)-1)
    return false;
  size_t p = vsp.off;
  for (int guard = 0; guard < 4; guard++) {
    while (p > cl.off && s[p - 1] == ' ')
      p--;
    size_t b = p;
    while (b > cl.off && dbf__tx_isalnum((unsigned char)s[b - 1]))
      b--;
    if (b == p)
      return false;
    if (dbf__tx_word_at(s, b, p, "within"))
      return true;
    if (opens_with_word(s, b, p, sizes) == p - b) {
      /* "a 45 min episode": a noun right after the unit. */
      size_t w = ve;
      while (w < end && s[w] == ' ')
        w++;
      size_t we = w;
      while (we < end && dbf__tx_islower((unsigned char)s[we]))
        we++;
      return we > w + 2 && (we == end || !dbf__tx_isalnum((unsigned char)s[we])) &&
             !opens_with_word(s, w, we, k_scene_words) && !dbf__tx_word_at(s, w, we, "to") &&
             !dbf__tx_word_at(s, w, we, "and") && !dbf__tx_word_at(s, w, we, "ago") &&
             !opens_with_word(s, w, we, k_change_verbs) &&
             !opens_with_word(s, w, we, k_action_verbs);
    }
    if (!opens_with_word(s, b, p, hedges))
      return false;
    p = b;
  }
  return false;
}

/*
 * Does sp, the words after a value, hold the next result: a figure (a
 * digit, or a number said in words) after a word that names something?
 * "cycle time 42 min" opens with its name, and "the portal gets 8,000
 * logins" with a new subject; "in my second year support tickets from 300 to
 * 120" sets a scene first, and then only a figure a count does not give
 * way to (a share, money, a range, a unit) is a result of its own, not "in
 * tier 2 claims". Not "(about 18k)", which restates the value, nor "to
 * practically none", the end of its range, nor a figure after "in 4 years",
 * "of 911 calls" or "than", a stretch of time or a baseline.
 */
static bool next_figure(const dbf__rx *x, dbf_span sp) {
  const char *s = x->s;
  size_t end = sp.off + sp.len;
  static const char *const before[] = {"in",      "over",  "for",    "per",     "within",
                                       "across",  "after", "during", "of",      "than",
                                       "against", "last",  "usual",  "average", NULL};
  static const char *const hedges[] = {"like", "some", "just", NULL};
  size_t o = sp.off;
  while (o < end && s[o] == ' ')
    o++;
  if (o == end || s[o] == '(' || dbf__tx_word_at(s, o, end, "to") ||
      (o + 2 <= end && s[o] == '-' && s[o + 1] == '>'))
    return false;
  /* "410 farmers certified", "140 vendor files reviewed": a count with
     the words it counts opens the next result. */
  size_t dl = digits_len(s, o, end), cw = o + dl;
  if (dl > 0 && cw < end && s[cw] == ' ') {
    while (cw < end && s[cw] == ' ')
      cw++;
    size_t ce = cw;
    while (ce < end && dbf__tx_isalnum((unsigned char)s[ce]))
      ce++;
    if (ce - cw >= 3 && (ce == end || s[ce] == ' ' || s[ce] == '-') &&
        !dbf__tx_function_word(s + cw, ce - cw) && !opens_with_word(s, cw, ce, k_time_units) &&
        !opens_with_word(s, cw, ce, k_scene_words) && !number_word(s, cw, ce) &&
        !year_at(s, o, end))
      return true;
  }
  bool named = false, opens_named = false, scene = false;
  size_t prev = (size_t)-1, prev_len = 0; /* the word before, hedges aside */
  size_t past_window = (size_t)-1;        /* words since a window's figure */
  for (size_t w = o; w < end;) {
    while (w < end && !dbf__tx_isalnum((unsigned char)s[w]) && s[w] != '$')
      w++;
    if (w >= end)
      break;
    size_t we = w;
    while (we < end && s[we] != ' ')
      we++;
    size_t ae = w;
    while (ae < we && dbf__tx_isalnum((unsigned char)s[ae]))
      ae++;
    bool figure = (s[w] >= '0' && s[w] <= '9') || s[w] == '$' || (w > o && s[w - 1] == '~') ||
                  sign_len(s, w, end) > 0 || number_word(s, w, end);
    if (figure) {
      bool baseline = prev != (size_t)-1 && dbf__tx_word_in(s + prev, prev_len, before);
      /* "jobs closed within 2 days 50% -> 80%": a window's figure and its
         unit lead on to the result's own; more words between ("in 6
         months (target ...)") tell no new result. */
      if (opens_named && !baseline)
        return past_window == (size_t)-1 || past_window <= 1;
      if (opens_named && past_window != (size_t)-1)
        return false;
      if (opens_named)
        past_window = 0;
      char v[128];
      dbf_span vsp;
      bool weak = true;
      /* The figure's word starts at its sign: "~12", "€18m", "£410k". */
      size_t ts = w;
      while (ts > o && s[ts - 1] != ' ')
        ts--;
      for (size_t at = w;; at = ts) {
        weak = true;
        if (named && !baseline &&
            metric_value_from(x, (dbf_span){at, end - at}, at, true, v, sizeof v, &vsp, &weak) &&
            vsp.off == at && !(weak && scene))
          return true;
        if (at == ts)
          break;
      }
      /* Past a figure that is no result, to the next one. */
      while (we < end && s[we] == ' ')
        we++;
      prev = (size_t)-1;
      w = we;
      continue;
    }
    if (!approx_or(s + w, ae - w, hedges))
      prev = w, prev_len = ae - w;
    if (past_window != (size_t)-1)
      past_window += ae == we ? 1 : 2; /* "months (target" is more than a unit */
    if (ae - w >= 3 && !dbf__tx_function_word(s + w, ae - w))
      named = true;
    if (w == o) {
      scene = dbf__tx_word_in(s + w, ae - w, k_scene_words);
      opens_named = named && ae == we && !scene;
    }
    w = we;
  }
  /* "unplanned downtime roughly halved", "staff turnover down by a
     third": a change said as a multiple or a fraction, with no figure,
     after words that name it. */
  static const char *const multiples[] = {"doubled", "tripled", "quadrupled", "halved",
                                          "in half", "by half", NULL};
  char v[128];
  dbf_span vsp;
  return opens_named && (dbf__tx_find_any(s, end, o, multiples, NULL) != (size_t)-1 ||
                         fraction(x, (dbf_span){o, end - o}, v, sizeof v, &vsp));
}

/* True when value val, money, restates prev, a share, said between b and e
   with no words that name something else: only hedges, a stretch of time
   or a link ("that is", "which was", "a saving of", "over three years"). */
static bool amounts_to(const dbf__rx *x, const char *prev, const char *val, size_t b, size_t e) {
  static const char *const links[] = {
      "that's",  "thats",    "which",   "is",   "was",    "i.e",     "ie",     "roughly", "around",
      "approx",  "nearly",   "almost",  "some", "saving", "savings", "worth",  "equals",  "means",
      "meaning", "season",   "seasons", "year", "years",  "month",   "months", "week",    "weeks",
      "quarter", "quarters", "day",     "days", "or",     NULL};
  if (!prev || !strchr(prev, '%') || dbf_money_text_names_any(prev) || strchr(val, '%') ||
      !dbf_money_text_names_any(val) || e <= b || e - b > 48)
    return false;
  dbf_span w[8];
  size_t nw = dbf__tx_words(x->s + b, e - b, w, 8);
  if (nw == 8)
    return false;
  for (size_t k = 0; k < nw; k++) {
    const char *ws = x->s + b + w[k].off;
    int v = 0;
    if (!dbf__tx_function_word(ws, w[k].len) && !dbf__tx_word_in(ws, w[k].len, links) &&
        !dbf__tx_number_word_at(ws, 0, w[k].len, &v))
      return false;
  }
  return true;
}

/* Does clause cl open with a cue that sets the value before it against a
   baseline: "versus roughly 55% for the region", "against 71% group-wide"? */
static bool opens_comparison(const dbf__rx *x, dbf_span cl) {
  static const char *const cues[] = {"vs", "versus", "against", "compared", NULL};
  dbf_span t = strip_dets(x, cl);
  return opens_with_word(x->s, t.off, t.off + t.len, cues) > 0;
}

/* True when only a cue and hedges come between the start of clause cl and
   the value at v: "versus roughly 55%", not "instead of a week and returns
   fell 15%", where a new subject comes first. */
static bool bare_lead(const dbf__rx *x, dbf_span cl, size_t v) {
  static const char *const ok[] = {"vs",     "versus",  "against", "compared", "roughly",
                                   "around", "approx",  "nearly",  "almost",   "than",
                                   "rather", "instead", NULL};
  if (v <= cl.off)
    return true;
  dbf_span w[8];
  size_t nw = dbf__tx_words(x->s + cl.off, v - cl.off, w, 8);
  if (nw == 8)
    return false;
  for (size_t k = 0; k < nw; k++) {
    const char *ws = x->s + cl.off + w[k].off;
    if (!dbf__tx_function_word(ws, w[k].len) && !dbf__tx_word_in(ws, w[k].len, ok))
      return false;
  }
  return true;
}

/* Does metric name n name a baseline, not a result: one that ends in
   "average", "overall", "norm" or "-wide" ("the ward average",
   "group-wide"), or two words that open with "old" or "previous" ("old
   process")? */
static bool baseline_name(const char *n) {
  static const char *const last[] = {"average", "avg",       "overall",  "norm",
                                     "median",  "benchmark", "baseline", NULL};
  static const char *const first[] = {"old", "previous", "prior", "former", NULL};
  size_t len = strlen(n);
  size_t b = len;
  while (b > 0 && n[b - 1] != ' ')
    b--;
  if (dbf__tx_word_in(n + b, len - b, last) ||
      (len - b > 5 && dbf__tx_ieqn(n + len - 5, "-wide", 5)))
    return true;
  size_t fe = strcspn(n, " ");
  return fe < len && !strchr(n + fe + 1, ' ') && dbf__tx_word_in(n, fe, first);
}

/*
 * Does the lead of clause cl, before the value at v, tell that the value
 * is a reference figure the result is measured against, not a result of
 * its own: what was planned, estimated, forecast, set as a target or a
 * standard ("when we had scheduled 30", "the target was 90%", "against
 * the national standard of 80%", "forecast had been 6 weeks"), or what
 * the figure rose or fell from ("down from 9%")? Only cue, filler,
 * pronoun and copula words stand around the reference word, so "we beat
 * our target of 95%" and "came in 10% under budget" stay results. Returns
 * 1 with the reference word in ref, 2 with the cue ("up from") in ref,
 * else 0.
 */
static int reference_lead(const dbf__rx *x, dbf_span cl, size_t v, char *ref, size_t cap) {
  static const char *const refs[] = {"planned",   "plan",     "scheduled",  "estimate",
                                     "estimated", "forecast", "forecasted", "projected",
                                     "target",    "targeted", "goal",       "standard",
                                     "budget",    "budgeted", "quoted",     NULL};
  /* Said after the reference word, before its figure. */
  static const char *const tail[] = {"is",      "was",    "were",   "had",    "has",   "have",
                                     "been",    "be",     "of",     "at",     "for",   "it",
                                     "it's",    "said",   "like",   "just",   "about", "around",
                                     "roughly", "approx", "nearly", "almost", NULL};
  /* Said before it: cues, copulas and words that only say whose or which. */
  static const char *const head[] = {"vs",       "versus",   "against",  "compared", "when",
                                     "while",    "whereas",  "had",      "has",      "have",
                                     "been",     "where",    "original", "initial",  "official",
                                     "national", "industry", "company",  "client's", "contract",
                                     "required", "minimum",  "usual",    "normal",   NULL};
  dbf_span t = strip_dets(x, cl);
  if (v <= t.off || v - t.off > 64)
    return 0;
  dbf_span w[10];
  size_t nw = dbf__tx_words(x->s + t.off, v - t.off, w, 10);
  if (nw == 0 || nw == 10)
    return 0;
  const char *w0 = x->s + t.off + w[0].off;
  if (nw >= 2 && (dbf__tx_ieqn(w0, "up", w[0].len) || dbf__tx_ieqn(w0, "down", w[0].len)) &&
      (w[0].len == 2 || w[0].len == 4) && dbf__tx_ieqn(x->s + t.off + w[1].off, "from", 4) &&
      w[1].len == 4) {
    for (size_t k = 2; k < nw; k++)
      if (!dbf__tx_word_in(x->s + t.off + w[k].off, w[k].len, tail))
        return 0;
    snprintf(ref, cap, "%.*s from", (int)w[0].len, w0);
    return 2;
  }
  size_t at = nw;
  for (size_t k = 0; k < nw && at == nw; k++)
    if (dbf__tx_word_in(x->s + t.off + w[k].off, w[k].len, refs))
      at = k;
  if (at == nw)
    return 0;
  /* One word of who planned it, right before its verb: "the client had
     budgeted 40k", not "we beat our target". */
  static const char *const aux[] = {"had", "has", "have", "was", "were", "is", NULL};
  size_t who = 0;
  for (size_t k = 0; k < nw; k++) {
    const char *ws = x->s + t.off + w[k].off;
    if (k == at ||
        (k > at ? dbf__tx_word_in(ws, w[k].len, tail)
                : dbf__tx_function_word(ws, w[k].len) || dbf__tx_word_in(ws, w[k].len, head)))
      continue;
    if (k + 1 < at && !who++ && dbf__tx_word_in(x->s + t.off + w[k + 1].off, w[k + 1].len, aux))
      continue;
    return 0;
  }
  const char *rw = x->s + t.off + w[at].off;
  if (w[at].len == 4 && dbf__tx_ieqn(rw, "plan", 4))
    snprintf(ref, cap, "planned");
  else
    snprintf(ref, cap, "%.*s", (int)w[at].len, rw);
  for (char *c = ref; *c; c++)
    if (*c >= 'A' && *c <= 'Z')
      *c = (char)(*c - 'A' + 'a');
  return 1;
}

/*
 * "scrap was 9% before, after it was 3%", "62% shipped on time, before it
 * was about 40%", "used to take 4 days, now it's 6 hours": the same
 * metric told before and after. Returns -1 when the clause cl holding the
 * value at v tells the earlier figure (it opens with "before", "was",
 * "previously" and names nothing), 1 when it tells the later one (it opens
 * with "after" or "now" and the sentence s told an earlier time before
 * it), else 0.
 */
static int before_after(const dbf__rx *x, dbf_span s, dbf_span cl, size_t v) {
  static const char *const earlier[] = {"before", "previously", "was", "were", NULL};
  static const char *const later[] = {"after", "now", NULL};
  /* An earlier time told in the sentence: "before", or the speaker's
     start ("when I joined", "in my first year"). */
  static const char *const told[] = {"before",        "used",      "previously", "taking",
                                     "i joined",      "i started", "i arrived",  "i took over",
                                     "my first year", NULL};
  static const char *const ok[] = {"like",    "used",   "be",     "it's",   "approx",
                                   "roughly", "around", "nearly", "almost", NULL};
  dbf_span t = strip_dets(x, cl);
  if (v <= t.off)
    return 0;
  dbf_span w[8];
  size_t nw = dbf__tx_words(x->s + t.off, v - t.off, w, 8);
  if (nw == 0 || nw == 8)
    return 0;
  const char *w0 = x->s + t.off + w[0].off;
  size_t other = 0;
  for (size_t k = 1; k < nw; k++) {
    const char *ws = x->s + t.off + w[k].off;
    if (!dbf__tx_function_word(ws, w[k].len) && !dbf__tx_word_in(ws, w[k].len, ok))
      other++;
  }
  if (dbf__tx_word_in(w0, w[0].len, earlier))
    return other == 0 ? -1 : 0;
  if (dbf__tx_word_in(w0, w[0].len, later) && other <= 4 &&
      dbf__tx_find_any(x->s, t.off, s.off, told, NULL) != (size_t)-1)
    return 1;
  return 0;
}

static bool holds_figure(const dbf__rx *x, size_t b, size_t e);

/*
 * "9% when I joined, now 2%": the clause right before clause i holds no
 * figure and tells when the speaker started, and the value before ends
 * (at last_end) right before it, with only a joining word between; the
 * earlier figure is still the one right before.
 */
static bool start_between(const dbf__rx *x, const dbf_span *cl, size_t i, size_t last_end) {
  static const char *const starts[] = {"joined", "started", "arrived", "took over", NULL};
  if (i < 1)
    return false;
  dbf_span mid = cl[i - 1];
  if (last_end > mid.off || mid.off - last_end > 8 ||
      holds_figure(x, last_end, mid.off + mid.len) || dbf__tx_word_count(x->s, mid) > 4)
    return false;
  return dbf__tx_find_any(x->s, mid.off + mid.len, mid.off, starts, NULL) != (size_t)-1;
}

/* How deep corrects() looks through a value's tail and a restated "to":
   each level narrows the span, and a real correction needs two at most. */
enum { CORRECTS_DEPTH = 4 };

/* True when a correction cue stands between b and e, alone or followed by
   the figure's restatement: "30%, no wait, it was 35%", "sorry, it's 12".
   depth bounds the search, so a long run of commas or "to"s costs no
   more than a few passes. */
static bool corrects_at(const dbf__rx *x, size_t b, size_t e, int depth) {
  if (dbf__rx_is_correction(x, b, e))
    return true;
  if (depth >= CORRECTS_DEPTH)
    return false;
  /* The value's own tail first, then the cue after a break: "32 kB per
     page, sorry, 35 kB", "51 net - sorry, 49 net", "90 a day; sorry, 95". */
  size_t c = e;
  while (c > b && (x->s[c - 1] == ' ' || x->s[c - 1] == ','))
    c--;
  while (c > b && !strchr(",;-", x->s[c - 1]))
    c--;
  if (c > b && c < e) {
    size_t t = c - 1;
    while (t > b && strchr(" ,;-", x->s[t - 1]))
      t--;
    dbf_span w[5];
    size_t nw = dbf__tx_words(x->s + b, t - b, w, 5);
    bool plain = nw < 5;
    for (size_t i = 0; plain && i < nw; i++)
      plain = !figure_at(x, b + w[i].off, t);
    if (plain && t > b && corrects_at(x, c, e, depth + 1))
      return true;
  }
  /* "40%. Actually closer to 35%", "12 days, sorry, nearer 10": the cue,
     then a word that says the new figure is the nearer one. */
  static const char *const nearer[] = {"closer", "nearer", "close", NULL};
  size_t n = e;
  while (n > b && x->s[n - 1] == ' ')
    n--;
  dbf_span nw = dbf__tx_word_before(x->s, n);
  if (nw.len == 2 && nw.off > b && dbf__tx_ieqn(x->s + nw.off, "to", 2))
    nw = dbf__tx_word_before(x->s, nw.off);
  if (nw.len && nw.off > b && dbf__tx_word_in(x->s + nw.off, nw.len, nearer) &&
      corrects_at(x, b, nw.off, depth + 1))
    return true;
  static const char *const restated[] = {"it was", "it's", "it is", "that was", NULL};
  size_t t = e;
  while (t > b && (x->s[t - 1] == ' ' || x->s[t - 1] == ','))
    t--;
  /* "from 10 weeks to 6 - sorry, to 5 weeks": the cue, then the range's
     end said again with its "to". */
  if (t >= b + 3 && dbf__tx_ieqn(x->s + t - 2, "to", 2) && x->s[t - 3] == ' ') {
    size_t c2 = t - 3;
    while (c2 > b && x->s[c2 - 1] == ' ')
      c2--;
    if (c2 > b && corrects_at(x, b, c2, depth + 1))
      return true;
  }
  for (size_t k = 0; restated[k]; k++) {
    size_t l = strlen(restated[k]);
    if (t >= b + l && dbf__tx_ieqn(x->s + t - l, restated[k], l) &&
        (t - l == b || !dbf__tx_isalnum((unsigned char)x->s[t - l - 1]))) {
      /* "sorry, let me see, it was 850": the look-up said after the cue
         adds nothing to it. */
      size_t c2 = t - l;
      while (c2 > b && strchr(" ,-", x->s[c2 - 1]))
        c2--;
      size_t w = c2;
      while (w > b && (dbf__tx_islower((unsigned char)x->s[w - 1]) ||
                       dbf__tx_isupper((unsigned char)x->s[w - 1])))
        w--;
      size_t lm = w;
      while (lm > b && x->s[lm - 1] == ' ')
        lm--;
      if (w < c2 && lm > b + 6 && dbf__tx_ieqn(x->s + lm - 6, "let me", 6) &&
          !dbf__tx_isalnum((unsigned char)x->s[lm - 7]) && dbf__rx_is_correction(x, b, lm - 6))
        return true;
      return t - l > b && dbf__rx_is_correction(x, b, t - l);
    }
  }
  return false;
}

static bool corrects(const dbf__rx *x, size_t b, size_t e) {
  return corrects_at(x, b, e, 0);
}

/*
 * A figure taken back, told again to say what it was: "the 40 was the
 * gross", "9 was last year's", "2,000 is what we quoted". The clause opens
 * with the bare figure (a "the" aside) and "was" or "is", and the same
 * figure was said before it in the answer: no result of its own.
 */
static bool taken_back_told(const dbf__rx *x, dbf_span cl, dbf_span vsp) {
  static const char *const verbs[] = {"was", "is", "were", NULL};
  size_t o = cl.off;
  while (o < cl.off + cl.len && (x->s[o] == ' ' || x->s[o] == ',' || x->s[o] == '-'))
    o++;
  dbf_span t = strip_dets(x, (dbf_span){o, cl.off + cl.len - o});
  size_t n = figure_len(x, vsp.off, vsp.off + vsp.len);
  if (t.off != vsp.off || n == 0 || n != vsp.len || !(x->s[vsp.off] >= '0' && x->s[vsp.off] <= '9'))
    return false;
  size_t q = vsp.off + n;
  while (q < cl.off + cl.len && x->s[q] == ' ')
    q++;
  if (opens_with_word(x->s, q, cl.off + cl.len, verbs) == 0)
    return false;
  for (size_t p = 0; p + n <= vsp.off; p++) {
    if (memcmp(x->s + p, x->s + vsp.off, n) == 0 &&
        (p == 0 || !(x->s[p - 1] >= '0' && x->s[p - 1] <= '9')) &&
        !(x->s[p + n] >= '0' && x->s[p + n] <= '9') &&
        !((x->s[p + n] == '.' || x->s[p + n] == ',') && x->s[p + n + 1] >= '0' &&
          x->s[p + n + 1] <= '9'))
      return true;
  }
  return false;
}

/* Length of the digits at s[p] with their inner marks ("4,200", "2.5"),
   0 when no digit starts there. */
static size_t digits_len(const char *s, size_t p, size_t end) {
  size_t q = p;
  while (q < end &&
         ((s[q] >= '0' && s[q] <= '9') || ((s[q] == '.' || s[q] == ',') && q > p && q + 1 < end &&
                                           s[q + 1] >= '0' && s[q + 1] <= '9')))
    q++;
  return q - p;
}

/* Past up to three words that hold no figure, and the marks after them,
   from p ("I said ", "it was "): where the next figure starts, or
   (size_t)-1 when none does that soon. */
static size_t past_few_words(const dbf__rx *x, size_t p, size_t end) {
  const char *s = x->s;
  for (int k = 0; k <= 3; k++) {
    while (p < end && strchr(" ,:-", s[p]))
      p++;
    if (digits_len(s, p, end) > 0)
      return p;
    if (k == 3 || p >= end || !dbf__tx_isalnum((unsigned char)s[p]))
      break;
    while (p < end && dbf__tx_isalnum((unsigned char)s[p]))
      p++;
    if (p < end && s[p] == '\'')
      while (++p < end && dbf__tx_isalnum((unsigned char)s[p]))
        ;
  }
  return (size_t)-1;
}

/*
 * The cue of a bare figure at q said after a break that follows the last
 * value's own tail, however long, when that tail holds no figure: "went
 * to 9 once the routes changed, sorry, 8", and after a full stop, "...
 * to 12. No, 10". The cue is one the repair reader takes, a bare "no"
 * with it.
 */
static bool cue_after_tail(const dbf__rx *x, size_t last_end, size_t q) {
  const char *s = x->s;
  size_t c = q;
  while (c > last_end && strchr(" ,:-", s[c - 1]))
    c--;
  size_t b = c;
  while (b > last_end && !strchr(",;.-", s[b - 1]))
    b--;
  for (size_t p = last_end; p < b; p++)
    if (s[p] >= '0' && s[p] <= '9')
      return false;
  while (b < c && s[b] == ' ')
    b++;
  return b < c && dbf__rx_past_repair(x, b, q + 1) == q;
}

/* "...; correction, 4,600", "sorry 950": a clause that is only a figure
   in digits after a correction cue, which says again the last value; its
   figure into val and vsp. */
static bool bare_correction(const dbf__rx *x, dbf_span cl, size_t last_end, char *val, size_t cap,
                            dbf_span *vsp) {
  const char *s = x->s;
  size_t end = cl.off + cl.len, q = cl.off;
  while (q < end && strchr(" ,:-", s[q]))
    q++;
  size_t r = dbf__rx_past_repair(x, q, end);
  if (r != (size_t)-1)
    q = r;
  size_t n = digits_len(s, q, end), e = q + n;
  while (e < end && strchr(" .!", s[e]))
    e++;
  if (n == 0 || e != end || !(corrects(x, last_end, q) || cue_after_tail(x, last_end, q)))
    return false;
  *vsp = (dbf_span){q, n};
  dbf__tx_copy(s, *vsp, val, cap);
  return true;
}

/*
 * A value joined into a fixed buffer may be cut inside a character: drops
 * any UTF-8 sequence left incomplete, so the string is still taken.
 */
static json_t *whole_chars(char *v) {
  size_t w = 0;
  for (size_t r = 0; v[r];) {
    unsigned char c = (unsigned char)v[r];
    size_t n = c < 0x80 ? 1 : c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : c >= 0xC0 ? 2 : 0;
    size_t k = 1;
    while (n > 1 && k < n && ((unsigned char)v[r + k] & 0xC0) == 0x80)
      k++;
    if (n == 0 || k < n) {
      r += k; /* a stray or cut sequence */
      continue;
    }
    memmove(v + w, v + r, n);
    w += n;
    r += n;
  }
  v[w] = '\0';
  return json_string(v);
}

/* Joins a metric's other end, val (spelled as said), to its value told:
   "told to val" when dir > 0 (val is the later figure), "val to told"
   when dir < 0. told may point into last's own value, which is replaced
   only once the join is written. */
static void join_other_end(json_t *last, const char *vk, const char *told, char *val, size_t cap,
                           int dir, bool said) {
  char both[192];
  spell_digits(val, cap, said);
  if (dir < 0)
    snprintf(both, sizeof both, "%s to %s", val, told);
  else
    snprintf(both, sizeof both, "%s to %s", told, val);
  json_object_set_new(last, vk, whole_chars(both));
}

/*
 * "... some 80 a shift before, now about 25", "300 a week now, before it was
 * 120", "... now, it was 200 before": a clause that is only a bare figure
 * with the time it holds for, "now" or "before", and a hedge or a copula
 * (no unit, no noun) tells the same metric's other end. Its figure into
 * val and vsp; returns 1 when it is the later figure (it says "now" and
 * the sentence s told an earlier time before cl), -1 when the earlier
 * one, else 0. An "and" or "but" after the figure opens the next thing:
 * the read stops there, and *stop says where.
 */
static int bare_turn(const dbf__rx *x, dbf_span s, dbf_span cl, char *val, size_t cap,
                     dbf_span *vsp, size_t *stop) {
  static const char *const earlier[] = {"before", "previously", "earlier", "used", NULL};
  static const char *const later[] = {"now", "today", "nowadays", NULL};
  static const char *const ok[] = {
      "it",     "it's", "its",   "was",   "were",   "is",      "are",    "we're",
      "we",     "had",  "have",  "about", "around", "roughly", "approx", "nearly",
      "almost", "like", "maybe", "some",  "just",   "only",    "and",    "but",
      "so",     "that", "down",  "up",    "to",     "be",      NULL};
  const char *str = x->s;
  size_t end = cl.off + cl.len;
  while (end > cl.off && strchr(" .!;", str[end - 1]))
    end--;
  size_t fig = (size_t)-1, fe = 0;
  int when = 0;
  for (size_t p = cl.off; p < end;) {
    while (p < end && strchr(" ,:-~", str[p]))
      p++;
    if (p >= end)
      break;
    double v = 0;
    size_t n = str[p] >= '0' && str[p] <= '9' ? digits_len(str, p, end)
                                              : dbf__tx_spoken_number_at(str, p, end, &v);
    if (n > 0) {
      if (fig != (size_t)-1)
        return 0;
      fig = p;
      fe = p + n;
      p = fe;
      continue;
    }
    size_t q = p;
    while (q < end && (dbf__tx_isalnum((unsigned char)str[q]) || str[q] == '\''))
      q++;
    if (q == p)
      return 0;
    static const char *const next[] = {"and", "but", NULL};
    if (fig != (size_t)-1 && dbf__tx_word_in(str + p, q - p, next)) {
      end = p;
      break;
    }
    if (dbf__tx_word_in(str + p, q - p, earlier))
      when = when > 0 ? 2 : -1;
    else if (dbf__tx_word_in(str + p, q - p, later))
      when = when < 0 ? 2 : 1;
    else if (!dbf__tx_word_in(str + p, q - p, ok))
      return 0;
    p = q;
  }
  if (fig == (size_t)-1 || (when != 1 && when != -1))
    return 0;
  *stop = end;
  if (when > 0 && dbf__tx_find_any(str, cl.off, s.off, earlier, NULL) == (size_t)-1)
    return 0;
  *vsp = (dbf_span){fig, fe - fig};
  /* A hedge said right before the figure stays with it. */
  size_t b = fig;
  while (b > cl.off && str[b - 1] == ' ')
    b--;
  size_t hb = b;
  while (hb > cl.off && dbf__tx_isalnum((unsigned char)str[hb - 1]))
    hb--;
  static const char *const hedges[] = {"some", "maybe", NULL};
  if (hb < b && approx_or(str + hb, b - hb, hedges))
    *vsp = (dbf_span){hb, fe - hb};
  dbf__tx_copy(str, *vsp, val, cap);
  return when;
}

/*
 * "about 60 a shift now it was 45 before", "roughly 200 a month before
 * now around 90": said without a pause, the rest of the clause after a value
 * (from b) may be that value's own unit and time, then the other end of
 * the same metric as bare_turn reads it. Returns what bare_turn returns,
 * with the figure into val and vsp; 0 when the rest is anything else.
 */
static int rest_turn(const dbf__rx *x, dbf_span s, size_t b, size_t end, char *val, size_t cap,
                     dbf_span *vsp, size_t *stop) {
  static const char *const times[] = {"now", "today", "before", "previously", NULL};
  static const char *const later[] = {"now", "today", NULL};
  const char *str = x->s;
  size_t p = b;
  for (int k = 0; k < 5; k++) {
    while (p < end && strchr(" ,:-", str[p]))
      p++;
    size_t q = p;
    while (q < end && (dbf__tx_isalnum((unsigned char)str[q]) || str[q] == '\''))
      q++;
    if (q == p || figure_at(x, p, end))
      return 0;
    if (dbf__tx_word_in(str + p, q - p, times)) {
      /* The time word right after the value is that value's own. */
      bool now = dbf__tx_word_in(str + p, q - p, later);
      int turn = bare_turn(x, s, (dbf_span){q, end - q}, val, cap, vsp, stop);
      return turn == (now ? -1 : 1) ? turn : 0;
    }
    p = q;
  }
  return 0;
}

/*
 * "... fell from 17 to 5 days. Oh wait, I said 17, make it 19", "... 310
 * to 95. sorry i said 310 it was 330": a sentence that opens with a
 * correction cue, says again a figure of the last result told, then the
 * figure meant, puts the new figure in the old one's place (a "from"
 * value stays a "from" value); the sentence gives no result of its own.
 */
static bool restated_repair(const dbf__rx *x, dbf_span sp, json_t *told, const char *vk) {
  const char *s = x->s, *lv = json_string_value(json_object_get(told, vk));
  size_t end = sp.off + sp.len, p = sp.off;
  while (p < end && s[p] == ' ')
    p++;
  size_t q = lv ? dbf__rx_past_repair(x, p, end) : (size_t)-1;
  if (q == (size_t)-1 || (q = past_few_words(x, q, end)) == (size_t)-1)
    return false;
  size_t on = digits_len(s, q, end);
  size_t r = q + on;
  while (r < end && dbf__tx_isalnum((unsigned char)s[r]) && !(s[r] >= '0' && s[r] <= '9'))
    r++; /* the old figure's unit: "41%", "41k" */
  if ((r = past_few_words(x, r, end)) == (size_t)-1)
    return false;
  size_t nn = digits_len(s, r, end);
  size_t ln = strlen(lv);
  for (size_t at = 0; nn > 0 && at + on <= ln; at++) {
    bool alone = at == 0 || !((lv[at - 1] >= '0' && lv[at - 1] <= '9') || lv[at - 1] == '.' ||
                              lv[at - 1] == ',');
    if (!alone || strncmp(lv + at, s + q, on) != 0 || digits_len(lv, at, ln) != on)
      continue;
    const char *f = lv + at;
    char fixed[256];
    int fn = snprintf(fixed, sizeof fixed, "%.*s%.*s%s", (int)at, lv, (int)nn, s + r, f + on);
    if (fn < 0 || (size_t)fn >= sizeof fixed)
      return false; /* too long to repair whole: left as said */
    json_object_set_new(told, vk, json_string(fixed));
    return true;
  }
  return false;
}

/* The figure at s[p] as a result writes it: digits with their inner marks,
   and a percent sign right after. Returns the digits' length (0 when none);
   whether it is a share into *pct. */
static size_t plain_figure(const char *s, size_t p, size_t end, bool *pct) {
  size_t n = digits_len(s, p, end);
  *pct = n > 0 && p + n < end && s[p + n] == '%';
  return n;
}

/* Where the figure f (n bytes, a share when pct) stands whole in v, or
   (size_t)-1. */
static size_t figure_in(const char *v, const char *f, size_t n, bool pct) {
  size_t lv = strlen(v);
  for (size_t at = 0; at + n <= lv; at++) {
    if (at > 0 && ((v[at - 1] >= '0' && v[at - 1] <= '9') || v[at - 1] == '.' || v[at - 1] == ','))
      continue;
    if (strncmp(v + at, f, n) == 0 && digits_len(v, at, lv) == n && (!pct || v[at + n] == '%'))
      return at;
  }
  return (size_t)-1;
}

/*
 * The repair of the latest result of arr whose value holds the old figure
 * (a share when pct): every figure of the sentence sp is the old one, the
 * new one (nw) or one of that result's own, and the old figure gives way
 * to the new one. False, the results left as said, when none holds it,
 * the sentence holds a figure of its own or the repaired value does not
 * fit.
 */
static bool put_figure_back(const dbf__rx *x, dbf_span sp, json_t *arr, const char *vk,
                            const char *old, bool pct, dbf_span nw) {
  const char *s = x->s, *lv = NULL;
  size_t end = sp.off + sp.len, on = strlen(old), at = (size_t)-1;
  json_t *it = NULL;
  for (size_t k = json_array_size(arr); k-- > 0 && at == (size_t)-1;) {
    it = json_array_get(arr, k);
    lv = json_string_value(json_object_get(it, vk));
    at = lv ? figure_in(lv, old, on, pct) : (size_t)-1;
  }
  if (at == (size_t)-1)
    return false;
  for (size_t q = sp.off; q < end; q++) {
    if (!(s[q] >= '0' && s[q] <= '9') || (q > sp.off && ((s[q - 1] >= '0' && s[q - 1] <= '9') ||
                                                         s[q - 1] == '.' || s[q - 1] == ',')))
      continue;
    bool fp;
    size_t fn = plain_figure(s, q, end, &fp);
    char f[32];
    if (fn >= sizeof f)
      return false;
    memcpy(f, s + q, fn);
    f[fn] = '\0';
    bool known = (fn == on && strcmp(f, old) == 0) ||
                 (fn == nw.len && strncmp(f, s + nw.off, nw.len) == 0) ||
                 figure_in(lv, f, fn, false) != (size_t)-1;
    if (!known)
      return false;
  }
  char fixed[256];
  int fn = snprintf(fixed, sizeof fixed, "%.*s%.*s%s", (int)at, lv, (int)nw.len, s + nw.off,
                    lv + at + on);
  if (fn < 0 || (size_t)fn >= sizeof fixed)
    return false; /* too long to repair whole: left as said */
  json_object_set_new(it, vk, whole_chars(fixed));
  return true;
}

/*
 * "Let me correct that: 84%, not 86%", "Sorry, it was 45 days, not 40": a
 * sentence with a correction cue that gives a figure (its time unit with
 * it), then "not" and a figure a result before holds, puts the new figure
 * in the old one's place in the latest result that holds it. Every other
 * figure of the sentence is one of the two again or one of that result's
 * own ("2020 was 84%, not 86%; the 86% was one ward"): the sentence gives
 * no result of its own.
 */
static bool figure_not_figure(const dbf__rx *x, dbf_span sp, json_t *arr, const char *vk) {
  const char *s = x->s;
  size_t end = sp.off + sp.len;
  for (size_t p = sp.off; p + 3 <= end; p++) {
    if (!dbf__tx_word_at(s, p, end, "not") || (p > sp.off && s[p - 1] != ' '))
      continue;
    size_t t = p;
    while (t > sp.off && (s[t - 1] == ' ' || s[t - 1] == ','))
      t--;
    size_t vb = t;
    while (vb > sp.off && s[vb - 1] != ' ')
      vb--;
    if (vb < t && opens_with_word(s, vb, t, k_time_units) == t - vb) {
      /* "7 hours, not 6": the unit said once, on the new figure. */
      for (t = vb; t > sp.off && s[t - 1] == ' ';)
        t--;
      for (vb = t; vb > sp.off && s[vb - 1] != ' ';)
        vb--;
    }
    bool vpct, opct;
    size_t vn = plain_figure(s, vb, t, &vpct);
    if (vn == 0 || vb + vn + (vpct ? 1 : 0) != t)
      continue;
    size_t ob = p + 3;
    while (ob < end && s[ob] == ' ')
      ob++;
    size_t on = plain_figure(s, ob, end, &opct);
    size_t oe = ob + on + (opct ? 1 : 0);
    if (on == 0 || vpct != opct || (oe < end && dbf__tx_isalnum((unsigned char)s[oe])) ||
        (vn == on && strncmp(s + vb, s + ob, on) == 0))
      continue;
    /* A cue says the figure is taken back: "sorry", "correction", "I
       should correct that". */
    size_t cl = 0;
    bool cue = dbf__rx_find_correction(x, vb, sp.off, &cl) != (size_t)-1;
    for (size_t q = sp.off; !cue && q + 7 <= vb; q++)
      cue = (q == sp.off || !dbf__tx_isalnum((unsigned char)s[q - 1])) &&
            dbf__tx_ieqn(s + q, "correct", 7);
    if (!cue)
      return false;
    char old[32];
    if (on >= sizeof old)
      return false;
    memcpy(old, s + ob, on);
    old[on] = '\0';
    return put_figure_back(x, sp, arr, vk, old, opct, (dbf_span){vb, vn});
  }
  return false;
}

/* Words that open the figure meant after the one taken back, when no
   mark stands between them: "forget the 40 make it 45". */
static const char *const k_meant[] = {"it", "make", "should", "that", "was", NULL};

/*
 * "Oh, scratch the 30, it was 35%", "forget the 40 - make it 45", "ignore
 * the 9, should be 7": a verb that takes back a figure by naming it (a
 * "the" between), then within a few words the figure meant, puts the new
 * figure in the old one's place in the latest result that holds it (its
 * unit stays). Every other figure of the sentence is one of the two again
 * or one of that result's own ("28 was only the target"): the sentence
 * gives no result of its own.
 */
static bool taken_back_figure(const dbf__rx *x, dbf_span sp, json_t *arr, const char *vk) {
  const char *s = x->s;
  size_t end = sp.off + sp.len;
  /* The verbs are the forms of the correction cues that end in "the". */
  const dbf__lexicon *cues = x->ctx ? dbf__lex_get(x->ctx->lex, "correction_cues") : NULL;
  if (!cues)
    return false;
  for (size_t p = sp.off; p < end; p++) {
    if (p > sp.off && dbf__tx_isalnum((unsigned char)s[p - 1]))
      continue;
    dbf__lex_match m;
    if (!dbf__lex_match_at(cues, s, end, p, &m) || m.len < 4 ||
        !dbf__tx_ieqn(s + p + m.len - 4, " the", 4))
      continue;
    size_t ob = p + m.len;
    while (ob < end && s[ob] == ' ')
      ob++;
    bool opct, npct;
    size_t on = plain_figure(s, ob, end, &opct);
    size_t oe = ob + on + (opct ? 1 : 0);
    if (on == 0 || on >= 32 || (oe < end && dbf__tx_isalnum((unsigned char)s[oe])))
      return false;
    /* A mark, or a word that says the figure meant comes next. */
    size_t r = oe;
    while (r < end && s[r] == ' ')
      r++;
    if (r >= end || (dbf__tx_isalnum((unsigned char)s[r]) && !opens_with_word(s, r, end, k_meant)))
      return false;
    size_t nb = past_few_words(x, r, end);
    size_t nn = nb == (size_t)-1 ? 0 : plain_figure(s, nb, end, &npct);
    if (nn == 0 || (nn == on && strncmp(s + nb, s + ob, on) == 0))
      return false;
    char old[32];
    memcpy(old, s + ob, on);
    old[on] = '\0';
    return put_figure_back(x, sp, arr, vk, old, opct, (dbf_span){nb, nn});
  }
  return false;
}

/*
 * "Freight rates tripled that summer", "we're nine people and handle 400
 * calls a day": an answer read for a field the template names in
 * "exclude_fields" (the difficulties faced, the team) holds the pressure
 * and the setting, not a result; in passing, its figures stay out.
 */
static bool context_answer(const dbf__rx *x, const dbf_template_field *f) {
  size_t k;
  const json_t *e;
  json_array_foreach(dbf__rx_param_list(f, "exclude_fields"), k, e) {
    if (json_is_string(e) && dbf__rx_field_targeted(x, json_string_value(e)))
      return true;
  }
  return false;
}

/* A year at s[p], 1900 to 2099, as a whole figure: its value, or 0. */
static int year_at(const char *s, size_t p, size_t end) {
  if (p + 4 > end || digits_len(s, p, end) != 4 ||
      (p + 4 < end && dbf__tx_isalnum((unsigned char)s[p + 4])))
    return 0;
  int y = (s[p] - '0') * 1000 + (s[p + 1] - '0') * 100 + (s[p + 2] - '0') * 10 + (s[p + 3] - '0');
  return y >= 1900 && y <= 2099 ? y : 0;
}

/*
 * What closes a clause after its value at ve: "in 2019" (a year the value
 * was true in) gives the year and its span in *ys, and a last word
 * "before" or "after" ("6 a year before", "2 a year after") gives -1 or 1
 * in *side. Only a few words, none a figure but the year, may stand
 * between the value and the clause's end.
 */
static void value_close(const dbf__rx *x, size_t ve, size_t end, int *year, dbf_span *ys,
                        int *side) {
  static const char *const ins[] = {"in", "by", "during", NULL};
  static const char *const earlier[] = {"before", NULL};
  static const char *const later[] = {"after", "afterwards", NULL};
  const char *s = x->s;
  *year = 0;
  *side = 0;
  while (end > ve && strchr(" .,;:!", s[end - 1]))
    end--;
  size_t q = ve;
  while (q < end && s[q] == ' ')
    q++;
  size_t l = opens_with_word(s, q, end, ins);
  if (l) {
    size_t y = q + l;
    while (y < end && s[y] == ' ')
      y++;
    int v = year_at(s, y, end);
    if (v && y + 4 == end) {
      *year = v;
      *ys = (dbf_span){y, 4};
    }
    return;
  }
  dbf_span w[6];
  size_t nw = dbf__tx_words(s + ve, end - ve, w, 6);
  if (nw == 0 || nw == 6)
    return;
  for (size_t k = 0; k < nw; k++)
    if (digits_len(s, ve + w[k].off, end) > 0)
      return;
  const char *lw = s + ve + w[nw - 1].off;
  if (dbf__tx_word_in(lw, w[nw - 1].len, earlier))
    *side = -1;
  else if (dbf__tx_word_in(lw, w[nw - 1].len, later))
    *side = 1;
}

/* Does clause cl tell a change itself ("grew 12% in 2021", "up 9% by
   2020")? Then its figure is a result of its own, not an end figure. */
static bool tells_change(const dbf__rx *x, dbf_span cl) {
  static const char *const ways[] = {"up", "down", NULL};
  size_t e = cl.off + cl.len;
  return dbf__tx_find_any(x->s, e, cl.off, k_change_verbs, NULL) != (size_t)-1 ||
         dbf__tx_find_any(x->s, e, cl.off, k_action_verbs, NULL) != (size_t)-1 ||
         dbf__tx_find_any(x->s, e, cl.off, ways, NULL) != (size_t)-1;
}

/*
 * "zero injuries, 6 years running", "on budget 3 yrs straight", "for two
 * seasons in a row": a stretch of time that closes on a streak word says
 * how long the result before it held; it is no result of its own. True
 * when the value at vsp is such a stretch (its unit in the value or right
 * after it).
 */
static bool streak_of_time(const dbf__rx *x, dbf_span cl, dbf_span vsp) {
  static const char *const units[] = {"season", "seasons", NULL};
  static const char *const streak[] = {"running", "straight", "in a row", NULL};
  const char *s = x->s;
  size_t end = cl.off + cl.len, q = vsp.off + vsp.len;
  if (figure_len(x, vsp.off, q) == 0 && !number_word(s, vsp.off, q))
    return false;
  bool unit = dbf__rx_last_word_in(x, vsp, k_time_units) || dbf__rx_last_word_in(x, vsp, units);
  while (q < end && s[q] == ' ')
    q++;
  if (!unit) {
    size_t l = opens_with_word(s, q, end, k_time_units);
    if (!l)
      l = opens_with_word(s, q, end, units);
    if (!l)
      return false;
    q += l;
    while (q < end && s[q] == ' ')
      q++;
  }
  return opens_with_word(s, q, end, streak) > 0;
}

/*
 * "with a crew of 12", "a team of about 30 nurses", "we handle 2,000 calls
 * a week", "we had some 90 interns a year": the size of a team, or a volume
 * of work a person has or handles each period, or the volume a saving is
 * counted on ("on 8,000 parcels a week"), sets the scene a result is told
 * in; it is no result of its own. A clause that tells a change keeps
 * its figure.
 */
static bool holds_figure(const dbf__rx *x, size_t b, size_t e);

static size_t background_size(const dbf__rx *x, dbf_span cl, dbf_span vsp, size_t send) {
  static const char *const groups[] = {"team", "crew", "staff", "squad",      "group",
                                       "unit", "gang", "pod",   "department", NULL};
  static const char *const hedges[] = {"like", "some", "maybe", "just", "over", "only", NULL};
  static const char *const volumes[] = {"have",    "had",       "has",   "handle",  "handled",
                                        "handles", "get",       "ship",  "shipped", "ships",
                                        "process", "processed", "serve", "served",  NULL};
  static const char *const persons[] = {"we", "i", "they", "you", NULL};
  static const char *const bases[] = {"on", "across", NULL};
  static const char *const rates[] = {"a", "an", "per", "each", "every", NULL};
  static const char *const periods[] = {"day",   "week",   "month",   "year", "shift",
                                        "night", "season", "quarter", "hour", "yr",
                                        "wk",    "mo",     NULL};
  const char *s = x->s;
  dbf_span w[12];
  size_t nw = vsp.off > cl.off ? dbf__tx_words(s + cl.off, vsp.off - cl.off, w, 12) : 0;
  if (nw == 0 || nw == 12)
    return 0;
  size_t k = nw;
  while (k > 0 && approx_or(s + cl.off + w[k - 1].off, w[k - 1].len, hedges))
    k--;
  if (k >= 2 &&
      dbf__tx_word_at(s, cl.off + w[k - 1].off, cl.off + w[k - 1].off + w[k - 1].len, "of") &&
      dbf__tx_word_in(s + cl.off + w[k - 2].off, w[k - 2].len, groups))
    return vsp.off + vsp.len;
  /* "which on 8,000 parcels a week pays off", "across 3,000 orders a week":
     the volume a saving is counted over is its base, never the change. */
  bool base = k >= 1 && dbf__tx_word_in(s + cl.off + w[k - 1].off, w[k - 1].len, bases);
  if (!base && (k < 2 || !dbf__tx_word_in(s + cl.off + w[k - 1].off, w[k - 1].len, volumes) ||
                !dbf__tx_word_in(s + cl.off + w[k - 2].off, w[k - 2].len, persons)))
    return 0;
  size_t end = cl.off + cl.len, ve = vsp.off + vsp.len;
  dbf_span a[5];
  /* A base's rate may be read into its value: "on 500,000 litres a year". */
  size_t from = ve, fl = base ? figure_len(x, vsp.off, ve) : 0;
  if (fl)
    from = vsp.off + fl;
  size_t na = from < end ? dbf__tx_words(s + from, end - from, a, 5) : 0;
  for (size_t j = 0; j + 1 < na; j++) {
    const char *r = s + from + a[j].off, *u = s + from + a[j + 1].off;
    size_t ul = a[j + 1].len;
    if (dbf__tx_word_in(r, a[j].len, rates) &&
        (dbf__tx_word_in(u, ul, periods) ||
         (ul > 1 && u[ul - 1] == 's' && dbf__tx_word_in(u, ul - 1, periods)))) {
      /* A change told of the volume itself, in the sentence before an
         "and" or a semicolon opens the next thing, keeps it: "2,000 a week
         now, up from 1,200". */
      size_t re = from + a[j + 1].off + ul;
      if (re < ve)
        re = ve;
      size_t stop = re;
      while (stop < send && s[stop] != ';' && !dbf__tx_word_at(s, stop, send, "and"))
        stop++;
      /* "4,000 a day now, it was 1,500 before": told against its own
         earlier figure, the volume is the result. */
      size_t nq = re;
      while (nq < stop && s[nq] == ' ')
        nq++;
      if (dbf__tx_word_at(s, nq, stop, "now") && holds_figure(x, nq, stop))
        return 0;
      if (base)
        return re;
      if (dbf__tx_find_any(s, stop, cl.off, k_change_verbs, NULL) != (size_t)-1 ||
          dbf__tx_find_any(s, stop, cl.off, k_action_verbs, NULL) != (size_t)-1)
        return 0;
      return re;
    }
  }
  return 0;
}

/*
 * "won 5 tenders, each worth around 2 million euros", "fixed 40 pumps,
 * every one of them valued at about $3k": a clause that opens with "each"
 * or "every one" and prices or sizes each of the things counted before
 * it is part of that count's value. The start of the words to join, or
 * (size_t)-1.
 */
static size_t each_amount(const dbf__rx *x, dbf_span cl, dbf_span vsp) {
  static const char *const each[] = {"each", "every one", "apiece", NULL};
  static const char *const how[] = {"worth", "valued", "priced", "costing", "at", "of", NULL};
  const char *s = x->s;
  size_t q = cl.off;
  while (q < vsp.off && strchr(" ,-(", s[q]))
    q++;
  size_t l = opens_with_word(s, q, vsp.off, each);
  if (!l)
    return (size_t)-1;
  dbf_span w[8];
  size_t nw = dbf__tx_words(s + q, vsp.off - q, w, 8);
  if (nw == 8)
    return (size_t)-1;
  for (size_t k = 0; k < nw; k++)
    if (dbf__tx_word_in(s + q + w[k].off, w[k].len, how))
      return q;
  return (size_t)-1;
}

/* The first number in v, its thousands commas skipped; -1 when none. */
static double first_number(const char *v) {
  char d[32];
  size_t n = 0;
  const char *p = v;
  while (*p && (*p < '0' || *p > '9'))
    p++;
  for (; *p && n + 1 < sizeof d; p++) {
    if (*p == ',' && p[1] >= '0' && p[1] <= '9')
      continue;
    if ((*p < '0' || *p > '9') && *p != '.')
      break;
    d[n++] = *p;
  }
  d[n] = '\0';
  if (n == 0)
    return -1.0;
  char *e = NULL;
  double r = strtod(d, &e);
  return e && e != d ? r : -1.0;
}

/*
 * "40 apprentices, 37 passed the trade test", "of 30 sites, 28 reached
 * the target": a count told alone, its things named after it, then right
 * after the break a smaller figure and what those did, a verb in the past
 * or one that tells a state. lastv is the count's value, which ended at b;
 * the figure is at vsp and the word after it at q, in a clause that ends
 * at ce.
 */
static bool counted_alone(const dbf__rx *x, const char *lastv, size_t b, dbf_span vsp, size_t q,
                          size_t ce) {
  static const char *const states[] = {"got", "won",  "made", "hit",    "are", "were",
                                       "is",  "was",  "have", "had",    "did", "kept",
                                       "met", "went", "came", "stayed", NULL};
  const char *s = x->s;
  size_t n = digits_len(lastv, 0, strlen(lastv));
  if (n == 0 || lastv[n] != ' ' || s[vsp.off] < '0' || s[vsp.off] > '9' ||
      digits_len(s, vsp.off, ce) != vsp.len)
    return false;
  for (const char *c = lastv + n + 1; *c; c++)
    if (!(dbf__tx_islower((unsigned char)*c) || dbf__tx_isupper((unsigned char)*c) || *c == ' '))
      return false; /* "40 apprentices": the things counted, nothing more */
  for (size_t p = b; p < vsp.off; p++)
    if (s[p] != ' ' && s[p] != ',')
      return false;
  size_t w = q;
  while (w < ce && dbf__tx_islower((unsigned char)s[w]))
    w++;
  return w > q + 1 && (w == ce || !dbf__tx_isalnum((unsigned char)s[w])) &&
         ((w > q + 3 && dbf__tx_ieqn(s + w - 2, "ed", 2)) || dbf__tx_word_in(s + q, w - q, states));
}

/*
 * "1,500 homes approved, of which 40% affordable", "trained 20 welders,
 * 17 still on the tools", "signed up 900 growers, that's about 60% of
 * the region": a figure told right after a bare count, as the part of
 * the things counted, is said of that count; it is no result of its own.
 * lastv is the count's value, which ended at b; the figure is at vsp, in
 * a clause that ends at ce; val is the figure's value. A cue must say it
 * is a part ("of which", "of them", "still", "that's ... of"), or the
 * count is told alone (counted_alone); no other figure or change verb may
 * come between, and a part that is no share is smaller than its count.
 */
static bool part_of_count(const dbf__rx *x, const char *lastv, size_t b, dbf_span vsp, size_t ce,
                          const char *val) {
  static const char *const after[] = {"of which", "of whom", "of those", "of these",
                                      "of them",  "still",   NULL};
  static const char *const restate[] = {"that's",    "thats",    "that is", "which is",
                                        "which was", "that was", NULL};
  const char *s = x->s;
  if (!lastv || strchr(lastv, '%') || strchr(lastv, '(') || strstr(lastv, " to ") ||
      strstr(lastv, "->") || strstr(lastv, " vs ") || strstr(val, " to ") || strstr(val, "->"))
    return false;
  double whole = first_number(lastv), part = first_number(val);
  if (whole <= 0 || part < 0 || vsp.off <= b)
    return false;
  if (!strchr(val, '%') && part >= whole)
    return false;
  for (size_t q = b; q < vsp.off; q++)
    if ((s[q] >= '0' && s[q] <= '9') || strchr(".;:!?", s[q]))
      return false;
  if (dbf__tx_word_count(s, (dbf_span){b, vsp.off - b}) > 8 ||
      dbf__tx_find_any(s, vsp.off, b, k_change_verbs, NULL) != (size_t)-1 ||
      dbf__tx_find_any(s, vsp.off, b, k_action_verbs, NULL) != (size_t)-1)
    return false;
  if (part_cue(x, b, vsp.off))
    return true;
  size_t q = vsp.off + vsp.len;
  while (q < ce && s[q] == ' ')
    q++;
  if (opens_with_word(s, q, ce, after))
    return true;
  if (counted_alone(x, lastv, b, vsp, q, ce))
    return true;
  return strchr(val, '%') && dbf__tx_word_at(s, q, ce, "of") &&
         dbf__tx_find_any(s, vsp.off, b, restate, NULL) != (size_t)-1;
}

/*
 * "sick leave stood at 8% and I got it below 5%", "waits ran 9
 * weeks; we brought them down to 4": an end figure told of the value
 * before it by a pronoun. True when the words from b to the value at v
 * end in a verb, "it" or "them", and only a direction, a bound or a
 * hedge.
 */
static bool pronoun_end(const dbf__rx *x, size_t b, size_t v) {
  static const char *const verbs[] = {"got",     "brought", "cut",    "took",  "pushed", "pulled",
                                      "knocked", "dragged", "driven", "drove", NULL};
  static const char *const refs[] = {"it", "them", NULL};
  static const char *const rest[] = {"down", "up",    "back",  "to",     "under",   "below",
                                     "over", "above", "about", "around", "roughly", "just",
                                     "all",  "the",   "way",   "nearly", "approx",  NULL};
  const char *s = x->s;
  if (v <= b)
    return false;
  dbf_span w[12];
  size_t nw = dbf__tx_words(s + b, v - b, w, 12);
  if (nw < 2 || nw == 12)
    return false;
  size_t k = nw;
  while (k > 0 && dbf__tx_word_in(s + b + w[k - 1].off, w[k - 1].len, rest))
    k--;
  return k >= 2 && dbf__tx_word_in(s + b + w[k - 1].off, w[k - 1].len, refs) &&
         dbf__tx_word_in(s + b + w[k - 2].off, w[k - 2].len, verbs);
}

/*
 * "bounce rate near 70%, eventually went down to 45%", "about 9 defects
 * a week and it dropped to under 2": between the value before
 * (ending at b) and the value at v, only links, hedges, a stretch of time
 * and a change verb that goes "to" the figure, with no new subject; the
 * figure is where the value before ended up, one result.
 */
static bool change_to_end(const dbf__rx *x, size_t b, size_t v) {
  /* Besides the change verbs: the verbs of motion that say where a figure
     went ("came down to", "went up to"). */
  static const char *const ok[] = {
      "down",  "up",    "back", "now",   "then",   "later",   "since",  "finally", "eventually",
      "has",   "had",   "it's", "about", "around", "roughly", "nearly", "approx",  "just",
      "under", "below", "over", "above", "almost", "like",    "per",    NULL};
  /* A person who acts names a new result: "and we went to 12 stores". */
  static const char *const subjects[] = {"i", "we", "they", "he", "she", "you", NULL};
  const char *s = x->s;
  if (v <= b || v - b > 80)
    return false;
  dbf_span w[14];
  size_t nw = dbf__tx_words(s + b, v - b, w, 14);
  if (nw < 2 || nw == 14)
    return false;
  size_t verb = nw, to = nw;
  for (size_t k = 0; k < nw; k++) {
    const char *ws = s + b + w[k].off;
    if (dbf__tx_word_in(ws, w[k].len, k_motion_verbs) ||
        dbf__tx_word_in(ws, w[k].len, k_change_verbs)) {
      if (verb != nw)
        return false;
      verb = k;
    } else if (w[k].len == 2 && dbf__tx_ieqn(ws, "to", 2)) {
      if (verb == nw || to != nw)
        return false;
      to = k;
    } else if (!dbf__tx_word_in(ws, w[k].len, ok) && !dbf__tx_word_in(ws, w[k].len, k_time_units) &&
               !(dbf__tx_function_word(ws, w[k].len) && !dbf__tx_word_in(ws, w[k].len, subjects))) {
      return false;
    }
  }
  return verb != nw && to != nw && to > verb;
}

/* A stretch of time and nothing else: "two years", "about 6 wks"; not a
   range, a rate or a share. */
static bool bare_stretch(const dbf__rx *x, dbf_span vsp) {
  static const char *const seasons[] = {"season", "seasons", NULL};
  size_t ve = vsp.off + vsp.len;
  if (!dbf__rx_last_word_in(x, vsp, k_time_units) && !dbf__rx_last_word_in(x, vsp, seasons))
    return false;
  for (size_t q = vsp.off; q < ve; q++)
    if (!dbf__tx_isalnum((unsigned char)x->s[q]) && x->s[q] != ' ' && x->s[q] != '.')
      return false;
  return dbf__tx_find_word(x->s, ve, vsp.off, "to") == (size_t)-1;
}

/* "the 90 day churn rate", "a 10-day shutdown": a stretch of time said in
   the singular (or joined by a hyphen) right before a word it qualifies
   names or sets the scene, no result; "cut to 3 days", "1 day faster"
   and "within a 2 week window" stay figures. */
static bool duration_modifier(const dbf__rx *x, dbf_span cl, dbf_span vsp, const char *val) {
  static const char *const units[] = {"day", "week", "month", "year", "hour", "minute", NULL};
  static const char *const before[] = {"to",    "from",   "under",   "below",  "within", "than",
                                       "about", "around", "roughly", "approx", "only",   "just",
                                       "over",  "nearly", "almost",  "by",     "in",     NULL};
  static const char *const after[] = {"ago",    "later",   "earlier", "early",   "late",   "ahead",
                                      "behind", "faster",  "sooner",  "shorter", "longer", "less",
                                      "more",   "quicker", "old",     NULL};
  const char *s = x->s;
  size_t ce = cl.off + cl.len;
  if (strstr(val, " to ") || strstr(val, "->") || vsp.off + vsp.len > ce)
    return false;
  /* The figure: digits, or a number word; one day, a week are said in
     the singular anyway. */
  size_t p = vsp.off;
  int n = 0;
  if (s[p] >= '0' && s[p] <= '9') {
    while (p < ce && ((s[p] >= '0' && s[p] <= '9') || s[p] == ',')) {
      if (s[p] != ',' && n < 1000000)
        n = n * 10 + (s[p] - '0');
      p++;
    }
  } else {
    size_t l = dbf__tx_number_word_at(s, p, ce, &n);
    if (l == 0)
      return false;
    p += l;
  }
  if (n == 1 || p >= ce || !(s[p] == ' ' || s[p] == '-'))
    return false;
  size_t ub = p + 1, ue = ub;
  while (ue < ce && dbf__tx_isalnum((unsigned char)s[ue]))
    ue++;
  if (!dbf__tx_word_in(s + ub, ue - ub, units) || ue >= ce || s[ue] != ' ')
    return false;
  size_t q = ue;
  while (q < ce && s[q] == ' ')
    q++;
  size_t qe = q;
  while (qe < ce && dbf__tx_isalnum((unsigned char)s[qe]))
    qe++;
  if (qe == q || (s[q] >= '0' && s[q] <= '9') || dbf__tx_function_word(s + q, qe - q) ||
      dbf__tx_word_in(s + q, qe - q, k_scene_words) || dbf__tx_word_in(s + q, qe - q, after))
    return false;
  /* The word before, past an article: "down to a 6 week wait". */
  static const char *const articles[] = {"a", "an", NULL};
  size_t pe = vsp.off, pb = pe;
  for (int k = 0; k < 2; k++) {
    pe = pb;
    while (pe > cl.off && s[pe - 1] == ' ')
      pe--;
    pb = pe;
    while (pb > cl.off && dbf__tx_isalnum((unsigned char)s[pb - 1]))
      pb--;
    if (!dbf__tx_word_in(s + pb, pe - pb, articles))
      break;
  }
  return pb == pe || !dbf__tx_word_in(s + pb, pe - pb, before);
}

/* "took over the branch about two years ago", "six months after the
   merger", "a year later": a stretch of time that closes on "ago",
   "after" or "later" is when something happened, no result. */
static bool time_ago(const dbf__rx *x, dbf_span cl, dbf_span vsp) {
  static const char *const closes[] = {"ago", "after", "later", NULL};
  size_t q = vsp.off + vsp.len, end = cl.off + cl.len;
  while (q < end && x->s[q] == ' ')
    q++;
  size_t qe = q;
  while (qe < end && dbf__tx_isalnum((unsigned char)x->s[qe]))
    qe++;
  if (!bare_stretch(x, vsp) || qe == q || !dbf__tx_word_in(x->s + q, qe - q, closes))
    return false;
  if (dbf__tx_word_at(x->s, q, end, "ago"))
    return true;
  /* "after"/"later" only past a figure and its unit ("two years after",
     not "30 a week after"), and not the end a change came down to ("cut
     to 3 days after the rebuild"). */
  static const char *const ends[] = {"to", "under", "below", "by", "than", "down", "just", NULL};
  size_t p = vsp.off, ve = vsp.off + vsp.len;
  while (p < ve && x->s[p] != ' ')
    p++;
  while (p < ve && x->s[p] == ' ')
    p++;
  if (!dbf__tx_word_in(x->s + p, ve - p, k_time_units))
    return false;
  size_t pe = vsp.off;
  while (pe > cl.off && x->s[pe - 1] == ' ')
    pe--;
  size_t pb = pe;
  while (pb > cl.off && dbf__tx_isalnum((unsigned char)x->s[pb - 1]))
    pb--;
  return pb == pe || !dbf__tx_word_in(x->s + pb, pe - pb, ends);
}

/*
 * "no injuries on the crew in those two seasons", "zero spills over the
 * last 3 years": a stretch of time said after a result, past only the
 * words that name it, is the stretch the result holds for, not a result of
 * its own. b is where the value before ended, vsp the stretch.
 */
static bool holds_for(const dbf__rx *x, dbf_span cl, size_t b, dbf_span vsp) {
  static const char *const preps[] = {"in", "over", "during", "across", NULL};
  static const char *const dets[] = {"those", "these", "the",    "that",   "this",   "my",
                                     "our",   "his",   "her",    "their",  "last",   "past",
                                     "first", "about", "around", "nearly", "almost", NULL};
  static const char *const joins[] = {"and", "but", "so", "then", "while", "plus", NULL};
  const char *s = x->s;
  if (vsp.off <= b || !bare_stretch(x, vsp))
    return false;
  /* The stretch closes the clause; one with a result after it ("in the
     first month cut by a third") bounds that result instead. */
  size_t ce = cl.off + cl.len;
  dbf_span rest = {vsp.off + vsp.len, ce > vsp.off + vsp.len ? ce - vsp.off - vsp.len : 0};
  for (size_t q = rest.off; q < ce; q++)
    if (s[q] >= '0' && s[q] <= '9')
      return false;
  if (dbf__tx_word_count(s, rest) > 3)
    return false;
  size_t p = vsp.off;
  for (int guard = 0; guard < 4; guard++) {
    while (p > b && s[p - 1] == ' ')
      p--;
    size_t w = p;
    while (w > b && dbf__tx_isalnum((unsigned char)s[w - 1]))
      w--;
    if (w == p)
      return false;
    if (opens_with_word(s, w, p, preps) == p - w) {
      /* Between the value before and the stretch, a name and no more. */
      dbf_span gap = {b, w - b};
      for (size_t q = b; q < w; q++)
        if ((s[q] >= '0' && s[q] <= '9') || strchr(",;:.!?", s[q]))
          return false;
      return dbf__tx_word_count(s, gap) <= 5 &&
             dbf__tx_find_any(s, w, b, joins, NULL) == (size_t)-1 &&
             dbf__tx_find_any(s, w, b, k_change_verbs, NULL) == (size_t)-1 &&
             dbf__tx_find_any(s, w, b, k_action_verbs, NULL) == (size_t)-1;
    }
    if (opens_with_word(s, w, p, dets) != p - w)
      return false;
    p = w;
  }
  return false;
}

/*
 * "a backlog of 600 files, and we cleared it in five weeks", "... 80
 * claims. I closed them all within a month": a stretch of time after a
 * verb done to "it" or "them" says how long the result before took; it is
 * no result of its own. b is where the value before ended (or where the
 * sentence opened), vsp the stretch, ce the end of its clause.
 */
static bool done_within(const dbf__rx *x, size_t b, dbf_span vsp, size_t ce) {
  static const char *const preps[] = {"in", "within", "inside", "over", NULL};
  static const char *const objs[] = {"it", "them", NULL};
  const char *s = x->s;
  if (vsp.off <= b || !bare_stretch(x, vsp))
    return false;
  for (size_t q = vsp.off + vsp.len; q < ce; q++)
    if (s[q] >= '0' && s[q] <= '9')
      return false;
  if (dbf__tx_word_count(s, (dbf_span){vsp.off + vsp.len, ce - vsp.off - vsp.len}) > 3)
    return false;
  for (size_t q = b; q < vsp.off; q++)
    if ((s[q] >= '0' && s[q] <= '9') || strchr("!?:", s[q]))
      return false;
  dbf_span w[10];
  size_t nw = dbf__tx_words(s + b, vsp.off - b, w, 10);
  if (nw < 3 || nw == 10)
    return false;
  size_t k = nw - 1; /* the preposition, "done", "all", then the pronoun */
  if (!dbf__tx_word_in(s + b + w[k].off, w[k].len, preps))
    return false;
  k--;
  if (k > 0 && dbf__tx_word_at(s, b + w[k].off, b + w[k].off + w[k].len, "done"))
    k--;
  if (k > 0 && dbf__tx_word_at(s, b + w[k].off, b + w[k].off + w[k].len, "all"))
    k--;
  if (k == 0 || !dbf__tx_word_in(s + b + w[k].off, w[k].len, objs))
    return false;
  /* A change told of it is a result of its own ("cut it by a third"). */
  return dbf__tx_find_any(s, vsp.off, b, k_change_verbs, NULL) == (size_t)-1;
}

/*
 * "6-wk pass rate 40% -> 70%", "Year 9 attendance 88% to 93%": a value no
 * words named that opens with a name of two words or more, a figure among
 * them, before a range of figures. The name moves to name (ncap bytes) and
 * the range stays in val; false, and both untouched, when the words before
 * the range are no name (a hedge or "from" last, a unit of the start).
 */
static bool name_led_range(char *val, char *name, size_t ncap) {
  static const char *const marks[] = {" -> ", " to ", NULL};
  static const char *const leads[] = {"from", "up", "down", "by", NULL};
  for (size_t m = 0; marks[m]; m++) {
    const char *at = strstr(val, marks[m]);
    if (!at)
      continue;
    size_t f = (size_t)(at - val);
    while (f > 0 && val[f - 1] != ' ')
      f--;
    if (!(val[f] >= '0' && val[f] <= '9'))
      return false; /* "20 per month to 6": the start's unit, no name */
    size_t e = f;
    while (e > 0 && val[e - 1] == ' ')
      e--;
    dbf_span w[3];
    if (e == 0 || dbf__tx_words(val, e, w, 3) < 2)
      return false;
    dbf_span lw = dbf__tx_word_before(val, e);
    if (lw.len == 0 || approx_or(val + lw.off, lw.len, leads) ||
        dbf__tx_function_word(val + lw.off, lw.len) || e + 1 >= ncap)
      return false;
    memcpy(name, val, e);
    name[e] = '\0';
    memmove(val, val + f, strlen(val + f) + 1);
    return true;
  }
  return false;
}

/*
 * "85% of calls answered within 20 s", "the hive is at forty odd so forty
 * plus frames": the figure read next lies inside the words that named the
 * result before; it is part of that name, not a result of its own.
 */
static bool inside_name(const dbf__rx *x, const char *name, dbf_span vsp) {
  char raw[64];
  if (!name || !name[0] || vsp.len == 0 || vsp.len >= sizeof raw)
    return false;
  /* "went down about 40%": a name that holds the change is a misread; the
     figure after its verb is the result. */
  size_t nl = strlen(name);
  if (dbf__tx_find_any(name, nl, 0, k_change_verbs, NULL) != (size_t)-1 ||
      dbf__tx_find_any(name, nl, 0, k_action_verbs, NULL) != (size_t)-1)
    return false;
  dbf__tx_copy(x->s, vsp, raw, sizeof raw);
  size_t n = strlen(raw);
  while (n > 0 && strchr(" .,", raw[n - 1]))
    raw[--n] = '\0';
  size_t at = n > 0 ? dbf__tx_find_word(name, nl, 0, raw) : (size_t)-1;
  if (at == (size_t)-1 || at == 0)
    return false;
  /* "4 releases and onboarded 250 schools": an "and" or a comma before
     the figure joins a second result to the first, which named none. */
  size_t and_at = dbf__tx_find_word(name, at, 0, "and");
  if (and_at != (size_t)-1 || memchr(name, ',', at))
    return false;
  /* The figure closes the name, at most a unit after it: "under 4 ha";
     one the name opens with, or with a clause of its own after it
     ("4200 calls logged by me"), tells a result of its own. */
  size_t after = 0, q0 = at + n;
  if (q0 + 5 <= nl && dbf__tx_ieqn(name + q0, " plus", 5))
    q0 += 5; /* "thirty plus": the figure's own hedge */
  for (size_t q = q0; q < nl; q++)
    if (name[q] == ' ' && q + 1 < nl && name[q + 1] != ' ')
      after++;
  return after <= 1;
}

/* "2019 to 2023", "2021-2024": a value that is a span of years tells
   when, no result. */
static bool span_of_years(const char *v) {
  size_t n = strlen(v);
  if (year_at(v, 0, n) == 0)
    return false;
  size_t q = 4;
  if (q + 4 <= n && dbf__tx_ieqn(v + q, " to ", 4))
    q += 4;
  else if (q < n && (v[q] == '-' || v[q] == '/'))
    q++;
  else
    return false;
  return year_at(v, q, n) != 0 && q + 4 == n;
}

/* "bill down 28% after the move, roughly 90,000 a year": an unnamed
   amount that opens the clause after a share says what the share came to
   in its own units; one result. prev is the share's value. */
static bool restates_share(const dbf__rx *x, dbf_span before, size_t last_end, const char *prev,
                           const char *val) {
  if (!prev || !strchr(prev, '%') || strstr(prev, " to ") || strstr(prev, "->") ||
      strchr(prev, '(') || strchr(val, '%') || strstr(val, " to ") || strstr(val, "->"))
    return false;
  size_t be = before.off + before.len;
  if (last_end <= before.off || last_end > be)
    return false;
  for (size_t q = last_end; q < be; q++)
    if (x->s[q] >= '0' && x->s[q] <= '9')
      return false; /* another figure between */
  return true;
}

/* Does the word ending right before a (past spaces, not before b) say a
   number, in digits or in words? */
static bool number_before(const dbf__rx *x, size_t b, size_t a) {
  size_t e = a;
  while (e > b && x->s[e - 1] == ' ')
    e--;
  size_t w = e;
  while (w > b && dbf__tx_isalnum((unsigned char)x->s[w - 1]))
    w--;
  if (w == e)
    return false;
  if (x->s[w] >= '0' && x->s[w] <= '9')
    return true;
  int v = 0;
  return dbf__tx_number_word_at(x->s, w, e, &v) == e - w;
}

/* True when s[b..e) holds a figure at the start of a word. */
static bool holds_figure(const dbf__rx *x, size_t b, size_t e) {
  for (size_t p = b; p < e; p++)
    if ((p == b || x->s[p - 1] == ' ') && figure_at(x, p, e))
      return true;
  return false;
}

/*
 * Splits sentence sp, said with no mark at all (dictated: no full stop,
 * comma or colon), where a capitalized word opens a new sentence: after a
 * word that starts in lower case or a digit and is no function word ("...
 * to 12 beds per ward Readmissions fell 8%"), and only when the words on
 * both sides hold a figure, so that results run together are read one by
 * one; "for Acme", "the Delta account" stay in their sentence. Writes at
 * most max spans to out, returns how many.
 */
static size_t said_sentences(const dbf__rx *x, dbf_span sp, dbf_span *out, size_t max) {
  const char *s = x->s;
  size_t end = sp.off + sp.len, start = sp.off, n = 0, words = 0;
  for (size_t p = sp.off; p < end; p++)
    if (strchr(".,;:!?", s[p]) &&
        !(p > sp.off && p + 1 < end && (s[p - 1] >= '0' && s[p - 1] <= '9') &&
          (s[p + 1] >= '0' && s[p + 1] <= '9')))
      return out[0] = sp, 1;
  for (size_t p = sp.off + 1; p + 1 < end && n + 1 < max; p++) {
    if (s[p - 1] != ' ' || s[p] == ' ')
      continue;
    words++;
    if (words < 3 || !dbf__tx_isupper((unsigned char)s[p]) ||
        !dbf__tx_islower((unsigned char)s[p + 1]))
      continue;
    /* The word before as written, with its marks: "60%", "~12", "€4m". */
    size_t be = p, bb;
    while (be > start && s[be - 1] == ' ')
      be--;
    for (bb = be; bb > start && s[bb - 1] != ' ';)
      bb--;
    size_t bw = bb;
    while (bw < be && dbf__tx_isalnum((unsigned char)s[bw]))
      bw++;
    unsigned char c = bb < be ? (unsigned char)s[bb] : 'A';
    if (!(dbf__tx_islower(c) || (c >= '0' && c <= '9') || c == '$' || c == '~' || c == '+' ||
          sign_len(s, bb, be) > 0) ||
        dbf__tx_function_word(s + bb, bw - bb) || dbf__rx_past_repair(x, p, end) != (size_t)-1 ||
        !holds_figure(x, start, p) || !holds_figure(x, p, end))
      continue;
    size_t e = p;
    while (e > start && s[e - 1] == ' ')
      e--;
    out[n++] = (dbf_span){start, e - start};
    start = p;
    words = 0;
  }
  out[n++] = (dbf_span){start, end - start};
  return n;
}

/*
 * "in 9 years I missed 3 shifts", "over my six seasons there the crew
 * lost 2 days": a stretch of time that opens the clause, with a figure
 * after it, is when the result after it happened, not a result of its
 * own. The end of the stretch, or 0 when the value is no such stretch.
 */
static size_t opening_stretch(const dbf__rx *x, dbf_span cl, dbf_span vsp, bool targeted) {
  static const char *const joins[] = {"and", "but", "so", "then", "also", "plus", NULL};
  static const char *const leads[] = {"in", "over", "during", "across", NULL};
  const char *s = x->s;
  size_t end = cl.off + cl.len, q = cl.off;
  for (int g = 0; g < 2; g++) {
    while (q < end && s[q] == ' ')
      q++;
    size_t l = opens_with_word(s, q, end, joins);
    if (l == 0)
      break;
    q += l;
  }
  while (q < end && s[q] == ' ')
    q++;
  if (opens_with_word(s, q, end, leads) == 0 || vsp.off < q)
    return 0;
  size_t pe = leading_period(x, q, end);
  /* A year ("in 2023") is when, and the value then no figure of the
     stretch. */
  if (pe <= vsp.off || pe >= end || year_at(s, vsp.off, end))
    return 0;
  char rest[128];
  dbf_span rsp;
  if (!metric_value(x, (dbf_span){pe, end - pe}, targeted, rest, sizeof rest, &rsp))
    return 0;
  return pe;
}

/*
 * "no lost-time injury in 6 years", "not a single failed audit in three
 * years", "eleven years without a preventable collision", "900 days no
 * dropped call": a stretch of time said with a thing that never happened
 * in it is a result, none of that thing in the stretch; the stretch is no
 * result of its own. True when the figure at vsp is such a stretch, with
 * no other figure in the clause before it: name gets the words that say
 * what never happened (or stays empty when nothing names it), *unit the
 * unit of time when it follows the figure (or NULL), *se where the words
 * read end.
 */
static bool none_in_stretch(const dbf__rx *x, dbf_span cl, dbf_span vsp, char *name, size_t cap,
                            dbf_span *unit, size_t *se) {
  static const char *const negs[] = {"not a single", "not one", "not a",   "no",
                                     "nobody",       "none",    "nothing", NULL};
  static const char *const bounds[] = {"more", "longer", "less", "later", "earlier", "than", NULL};
  static const char *const preps[] = {"in", "over", "during", "across", "for", NULL};
  static const char *const dets[] = {"the",   "those", "these",  "last",   "past",   "my", "our",
                                     "first", "about", "around", "nearly", "almost", NULL};
  static const char *const without[] = {
      "without a single", "without any", "without a", "without an", "without one",
      "without",          "with no",     "with zero", "no",         NULL};
  static const char *const seasons[] = {"season", "seasons", NULL};
  const char *s = x->s;
  size_t ce = cl.off + cl.len, q = vsp.off + vsp.len;
  name[0] = '\0';
  *unit = (dbf_span){0, 0};
  if (holds_figure(x, cl.off, vsp.off) ||
      dbf__tx_find_word(s, vsp.off + vsp.len, vsp.off, "to") != (size_t)-1)
    return false;
  /* The stretch: a figure whose unit of time ends it or follows it. */
  if (!dbf__rx_last_word_in(x, vsp, k_time_units) && !dbf__rx_last_word_in(x, vsp, seasons)) {
    while (q < ce && s[q] == ' ')
      q++;
    size_t l = opens_with_word(s, q, ce, k_time_units);
    if (!l)
      l = opens_with_word(s, q, ce, seasons);
    if (!l)
      return false;
    *unit = (dbf_span){q, l};
    q += l;
  }
  *se = q;
  /* "eleven years without a preventable collision": nothing but the
     stretch before it. */
  size_t a = q;
  while (a < ce && s[a] == ' ')
    a++;
  size_t wl = opens_with_word(s, a, ce, without);
  if (wl) {
    dbf_span lead[4];
    size_t nl = vsp.off > cl.off ? dbf__tx_words(s + cl.off, vsp.off - cl.off, lead, 4) : 0;
    if (nl > 2)
      return false;
    size_t b = a + wl, e = b;
    while (e < ce && s[e] != ',' && s[e] != ';' && s[e] != '.' &&
           !((e == b || s[e - 1] == ' ') && dbf__tx_word_at(s, e, ce, "and")))
      e++; /* "and" as a word: not inside "hand" or "demand" */
    dbf_span nm = {b, e - b};
    while (nm.len > 0 && s[nm.off] == ' ') {
      nm.off++;
      nm.len--;
    }
    while (nm.len > 0 && s[nm.off + nm.len - 1] == ' ')
      nm.len--;
    size_t nw = dbf__tx_word_count(s, nm);
    if (nw == 0 || nw > 6 || holds_figure(x, nm.off, nm.off + nm.len))
      return false;
    dbf__tx_copy(s, nm, name, cap);
    *se = nm.off + nm.len;
    return true;
  }
  /* "no lost-time injury in 6 years": the negative, the thing, then the
     preposition and the words that open the stretch. */
  dbf_span w[16];
  size_t nw = vsp.off > cl.off ? dbf__tx_words(s + cl.off, vsp.off - cl.off, w, 16) : 0;
  if (nw < 2 || nw == 16)
    return false;
  size_t k = nw;
  while (k > 0 && dbf__tx_word_in(s + cl.off + w[k - 1].off, w[k - 1].len, dets))
    k--;
  if (k == 0 || !dbf__tx_word_in(s + cl.off + w[k - 1].off, w[k - 1].len, preps))
    return false;
  size_t pe = cl.off + w[k - 1].off; /* where the preposition opens */
  for (size_t j = 0; j + 1 < k; j++) {
    size_t at = cl.off + w[j].off, l = opens_with_word(s, at, pe, negs);
    if (!l)
      continue;
    size_t b = at + l;
    while (b < pe && s[b] == ' ')
      b++;
    if (opens_with_word(s, b, pe, bounds))
      return false;
    dbf_span nm = {b, pe > b ? pe - b : 0};
    while (nm.len > 0 && strchr(" ,-", s[nm.off + nm.len - 1]))
      nm.len--;
    /* "nobody left in two seasons" names nothing itself. */
    if (nm.len > 0 &&
        (dbf__tx_word_count(s, nm) > 8 ||
         dbf__tx_find_any(s, nm.off + nm.len, nm.off, k_change_verbs, NULL) != (size_t)-1))
      return false;
    if (nm.len > 0)
      dbf__tx_copy(s, nm, name, cap);
    return true;
  }
  return false;
}

void dbf__rule_metrics(dbf__rx *x, const dbf_template_field *f, bool targeted) {
  if (!targeted && context_answer(x, f))
    return;
  json_t *arr = json_array();
  if (!arr)
    return;
  const char *mk = dbf__rx_has_item_key(f, "metric") ? "metric" : f->item_keys[0];
  const char *vk =
      dbf__rx_has_item_key(f, "value") ? "value" : (f->n_item_keys > 1 ? f->item_keys[1] : "value");
  bool said = true; /* no digit anywhere: figures were said, not typed */
  for (size_t p = 0; p < x->n && said; p++)
    said = x->s[p] < '0' || x->s[p] > '9';
  json_t *told = NULL; /* the last item of the sentence before */
  size_t told_end = 0; /* where its value ended */
  dbf_span sent[DBF_TX_MAX_SPANS];
  size_t n_sent = 0;
  for (size_t si = 0; si < x->n_sent && n_sent < DBF_TX_MAX_SPANS; si++)
    n_sent += said_sentences(x, x->sent[si], sent + n_sent, DBF_TX_MAX_SPANS - n_sent);
  for (size_t si = 0; si < n_sent; si++) {
    if (told && restated_repair(x, sent[si], told, vk))
      continue;
    if (told && figure_not_figure(x, sent[si], arr, vk))
      continue;
    if (told && taken_back_figure(x, sent[si], arr, vk))
      continue;
    dbf_span cl[32];
    size_t nc = dbf__tx_clauses(x->s, sent[si], cl, 32);
    json_t *last = NULL;   /* this sentence's last item, and where its value ended */
    bool compared = false; /* the clause is what the last value is compared with */
    size_t last_end = 0;
    for (size_t i = 0; i < nc; i++) {
      char val[128], name[ITEM_CAP];
      dbf_span vsp;
      /* A bare figure after a cue says again the last value, also the one
         of the sentence before: "... to 12. No, 10, ...". */
      bool retold = false;
      if (!metric_value(x, cl[i], targeted, val, sizeof(val), &vsp)) {
        retold = (last || told) &&
                 bare_correction(x, cl[i], last ? last_end : told_end, val, sizeof val, &vsp);
        const char *ev = last ? json_string_value(json_object_get(last, vk)) : NULL;
        size_t read = 0;
        int turn = !retold && ev && i > 0 && last_end > cl[i - 1].off &&
                           last_end <= cl[i - 1].off + cl[i - 1].len && !strstr(ev, " to ") &&
                           !strstr(ev, "->")
                       ? bare_turn(x, sent[si], cl[i], val, sizeof val, &vsp, &read)
                       : 0;
        if (turn) {
          /* The other end of the value before: one result. */
          join_other_end(last, vk, ev, val, sizeof val, turn, said);
          last_end = vsp.off + vsp.len;
          /* The rest of the clause, after an "and", is read on its own. */
          size_t ce = cl[i].off + cl[i].len;
          if (read > last_end && read < ce) {
            cl[i] = (dbf_span){read, ce - read};
            i--;
          }
          continue;
        }
        if (!retold)
          continue;
      }
      size_t stretch = retold ? 0 : opening_stretch(x, cl[i], vsp, targeted);
      if (stretch) {
        /* The rest of the clause is read on its own. */
        size_t ce = cl[i].off + cl[i].len;
        cl[i] = (dbf_span){stretch, ce - stretch};
        i--;
        continue;
      }
      widen_value(x, cl[i], val, sizeof(val), &vsp);
      size_t taken = 0, again = repair_at(x, cl[i], vsp, &taken);
      if (again != (size_t)-1) {
        /* What came before the figure taken back, then the figure said
           again: "30 to 12 no 10" is "30 to 10". */
        char said_again[sizeof val];
        dbf_span asp;
        bool again_weak = false;
        if (!metric_value_from(x, cl[i], again, targeted, said_again, sizeof said_again, &asp,
                               &again_weak) ||
            asp.off != again) {
          /* A bare figure ends the clause: "from 30 to 12 no 10". */
          asp = (dbf_span){again, figure_len(x, again, cl[i].off + cl[i].len)};
          dbf__tx_copy(x->s, asp, said_again, sizeof said_again);
        }
        if (asp.len > 0) {
          if (taken > vsp.off) {
            char before[sizeof val];
            size_t te = taken;
            while (te > vsp.off && x->s[te - 1] == ' ')
              te--;
            dbf__tx_copy(x->s, (dbf_span){vsp.off, te - vsp.off}, before, sizeof before);
            snprintf(val, sizeof val, "%.60s %.60s", before, said_again);
          } else {
            memcpy(val, said_again, sizeof val);
            widen_value(x, cl[i], val, sizeof(val), &asp);
          }
          vsp = (dbf_span){vsp.off, asp.off + asp.len - vsp.off};
        }
      }
      size_t none_end = 0;
      dbf_span unit;
      if (targeted && !retold &&
          none_in_stretch(x, cl[i], vsp, name, sizeof name, &unit, &none_end)) {
        /* None of the thing named in the stretch: one result. */
        char none[192];
        spell_digits(val, sizeof val, said);
        if (val[0] >= 'A' && val[0] <= 'Z' && val[1] >= 'a' && val[1] <= 'z')
          val[0] = (char)(val[0] - 'A' + 'a'); /* "Fifteen years without ..." */
        snprintf(none, sizeof none, "none in %s%s%.*s", val, unit.len ? " " : "", (int)unit.len,
                 x->s + unit.off);
        if (!name[0])
          metric_name(x, cl[i], vsp, name, sizeof name);
        if (!name[0])
          snprintf(name, sizeof name, "impact");
        json_t *o = json_object();
        if (!o)
          break;
        json_object_set_new(o, mk, json_string(name));
        json_object_set_new(o, vk, whole_chars(none));
        size_t before = json_array_size(arr);
        if (before < MAX_ITEMS)
          dbf__rx_union_item(arr, o);
        else
          json_decref(o);
        last = json_array_size(arr) > before ? json_array_get(arr, before) : NULL;
        last_end = none_end;
        size_t ce = cl[i].off + cl[i].len;
        if (none_end < ce && holds_figure(x, none_end, ce)) {
          cl[i] = (dbf_span){none_end, ce - none_end};
          i--;
        }
        continue;
      }
      if (taken_back_told(x, cl[i], vsp) || streak_of_time(x, cl[i], vsp) ||
          time_ago(x, cl[i], vsp))
        continue;
      if (duration_modifier(x, cl[i], vsp, val)) {
        /* The rest of the clause is read on its own. */
        size_t ce = cl[i].off + cl[i].len, ve = vsp.off + vsp.len;
        if (ve > cl[i].off && ve < ce) {
          cl[i] = (dbf_span){ve, ce - ve};
          i--;
        }
        continue;
      }
      if (last && inside_name(x, json_string_value(json_object_get(last, mk)), vsp)) {
        /* The rest of the clause is read on its own. */
        size_t ce = cl[i].off + cl[i].len;
        last_end = vsp.off + vsp.len;
        if (vsp.len > 0 && last_end < ce) {
          cl[i] = (dbf_span){last_end, ce - last_end};
          i--;
        }
        continue;
      }
      const char *hv = last ? json_string_value(json_object_get(last, vk)) : NULL;
      if (hv && !strstr(hv, " in ") && holds_for(x, cl[i], last_end, vsp)) {
        /* The stretch joins the result it bounds: "zero in 2 years". */
        char both[192];
        spell_digits(val, sizeof val, said);
        snprintf(both, sizeof both, "%s in %s", hv, val);
        json_object_set_new(last, vk, whole_chars(both));
        last_end = vsp.off + vsp.len;
        continue;
      }
      json_t *took = last ? last : (i == 0 ? told : NULL);
      const char *tv = took ? json_string_value(json_object_get(took, vk)) : NULL;
      if (tv && !strstr(tv, " in ") && !strstr(tv, " to ") && !strstr(tv, "->") &&
          done_within(x, last ? last_end : sent[si].off, vsp, cl[i].off + cl[i].len)) {
        /* The time the result before took joins it: "600 in five weeks". */
        char both[192];
        spell_digits(val, sizeof val, said);
        snprintf(both, sizeof both, "%s in %s", tv, val);
        json_object_set_new(took, vk, whole_chars(both));
        last = took;
        last_end = vsp.off + vsp.len;
        continue;
      }
      const char *plv = last ? json_string_value(json_object_get(last, vk)) : NULL;
      if (plv && !strstr(plv, " to ") && !strstr(plv, "->") && !strstr(val, " to ") &&
          !strstr(val, "->") &&
          (pronoun_end(x, last_end, vsp.off) || change_to_end(x, last_end, vsp.off))) {
        /* The end figure of the value before: one result. Said without
           stops, the rest of the clause may tell the next one. */
        char both[192];
        snprintf(both, sizeof both, "%s to %s", plv, val);
        json_object_set_new(last, vk, whole_chars(both));
        last_end = vsp.off + vsp.len;
        size_t ce = cl[i].off + cl[i].len;
        if (last_end < ce) {
          cl[i] = (dbf_span){last_end, ce - last_end};
          i--;
        }
        continue;
      }
      size_t per = last ? each_amount(x, cl[i], vsp) : (size_t)-1;
      if (per != (size_t)-1) {
        /* The amount each is worth joins the count: one result. */
        const char *lv = json_string_value(json_object_get(last, vk));
        char both[192];
        size_t ve = vsp.off + vsp.len;
        while (ve > per && strchr(" .,;", x->s[ve - 1]))
          ve--;
        snprintf(both, sizeof both, "%s, %.*s", lv ? lv : "", (int)(ve - per), x->s + per);
        json_object_set_new(last, vk, whole_chars(both));
        last_end = vsp.off + vsp.len;
        continue;
      }
      size_t scene = background_size(x, cl[i], vsp, sent[si].off + sent[si].len);
      if (scene) {
        /* The rest of the clause is read on its own: "with a team of 8 we
           cut churn 20%". */
        size_t ce = cl[i].off + cl[i].len;
        if (scene < ce) {
          cl[i] = (dbf_span){scene, ce - scene};
          i--;
        }
        continue;
      }
      carry_unit(val, sizeof(val));
      spell_digits(val, sizeof(val), said);
      tolerance_sign(x, vsp.off, val, sizeof val);
      /* "32 kB per page, sorry, 35 kB", "down 40%, I mean 45%": only a
         correction cue between two values, the second replaces the first. */
      /* "... came to 12 crore. Wait, it was 14": a sentence that opens
         with the cue corrects the last result of the one before. */
      if (!last && told && vsp.off > sent[si].off &&
          (retold || corrects(x, sent[si].off, vsp.off))) {
        last = told;
        last_end = sent[si].off;
      }
      /* "... in a fortnight. The forecast was 5 weeks.": a sentence that opens
         on a reference figure measures the last result of the one before. */
      char ref0[24];
      if (!last && told && i == 0 && reference_lead(x, cl[i], vsp.off, ref0, sizeof ref0)) {
        last = told;
        last_end = sent[si].off;
      }
      if (last && (retold || corrects(x, last_end, vsp.off))) {
        /* "from 38 to 51 - sorry, 49": the range keeps its start. */
        const char *lv = json_string_value(json_object_get(last, vk));
        const char *to = lv ? strstr(lv, " to ") : NULL;
        if (!to && lv)
          to = strstr(lv, " -> ");
        char kept[sizeof val + 64];
        if (to && !strstr(val, " to ") && !strstr(val, "->") && to - lv < 60) {
          snprintf(kept, sizeof kept, "%.*s %s %s", (int)(to - lv), lv, to[1] == 't' ? "to" : "->",
                   val);
          snprintf(val, sizeof val, "%.127s", kept);
        }
        json_object_set_new(last, vk, whole_chars(val));
        last_end = vsp.off + vsp.len;
        continue;
      }
      /* "Revenue roughly tripled, from $400k to $1.2m": the range spells
         out the multiple just said, one result. */
      if (last && restates_multiple(x, cl[i], json_string_value(json_object_get(last, vk)), val)) {
        char both[160];
        snprintf(both, sizeof both, "%s (%s)", val, json_string_value(json_object_get(last, vk)));
        json_object_set_new(last, vk, whole_chars(both));
        last_end = vsp.off + vsp.len;
        continue;
      }
      const char *cv = last ? json_string_value(json_object_get(last, vk)) : NULL;
      if (cv && part_of_count(x, cv, last_end, vsp, cl[i].off + cl[i].len, val)) {
        /* The part joins its count, with the few words that say what it
           is: "1,500 (40% affordable)". */
        size_t ce = cl[i].off + cl[i].len, te = vsp.off + vsp.len, q = te;
        for (int k = 0; k < 4 && q < ce; k++) {
          while (q < ce && x->s[q] == ' ')
            q++;
          size_t w = q;
          while (q < ce && (dbf__tx_isalnum((unsigned char)x->s[q]) || x->s[q] == '\''))
            q++;
          if (q == w || dbf__tx_word_at(x->s, w, q, "and") || dbf__tx_word_at(x->s, w, q, "but"))
            break;
          te = q;
        }
        char both[192];
        snprintf(both, sizeof both, "%s (%s%.*s)", cv, val,
                 (int)(te - vsp.off - vsp.len < 60 ? te - vsp.off - vsp.len : 60),
                 x->s + vsp.off + vsp.len);
        json_object_set_new(last, vk, whole_chars(both));
        last_end = te;
        if (targeted && last_end < ce) {
          cl[i] = (dbf_span){last_end, ce - last_end};
          i--;
        }
        continue;
      }
      /* "turnover in the first two weeks down by about half": past the
         stretch of time to the result. */
      bool weak = false;
      dbf_span named = vsp; /* the name ends before the stretch of time */
      for (;;) {
        if (period_of_time(x, cl[i], vsp)) {
          if (!metric_value_from(x, cl[i], vsp.off + vsp.len, targeted, val, sizeof(val), &vsp,
                                 &weak))
            break;
          continue;
        }
        char wval[sizeof val];
        dbf_span wsp;
        if (!window_of_time(x, cl[i], vsp) ||
            !metric_value_from(x, cl[i], vsp.off + vsp.len, targeted, wval, sizeof wval, &wsp,
                               &weak))
          break;
        /* The name runs on through the window to the result. */
        memcpy(val, wval, sizeof val);
        vsp = named = wsp;
        widen_value(x, cl[i], val, sizeof(val), &vsp);
        carry_unit(val, sizeof(val));
      }
      if (period_of_time(x, cl[i], vsp))
        continue;
      /* "placed within 6 months in the north: 71%": the window is part of
         a label, and the result follows the colon. */
      size_t ws = cl[i].off + cl[i].len;
      while (ws < sent[si].off + sent[si].len && x->s[ws] == ' ')
        ws++;
      char wv[128];
      dbf_span wvsp;
      if (ws < sent[si].off + sent[si].len && x->s[ws] == ':' && i + 1 < nc &&
          window_of_time(x, cl[i], vsp) &&
          metric_value(x, cl[i + 1], targeted, wv, sizeof wv, &wvsp))
        continue;
      spell_digits(val, sizeof(val), said);
      /* In passing, a number needs a change verb nearby to be an impact. */
      if (!targeted &&
          dbf__tx_find_any(x->s, cl[i].off + cl[i].len, cl[i].off, k_change_verbs, NULL) ==
              (size_t)-1 &&
          dbf__tx_find_any(x->s, cl[i].off + cl[i].len, cl[i].off, k_action_verbs, NULL) ==
              (size_t)-1)
        continue;
      dbf_span nsp = named.off < vsp.off ? named : vsp;
      size_t back = taken_back_before(x, cl[i], nsp.off);
      if (back != (size_t)-1) /* "the scrap rate was six no 7%": named before the six */
        nsp = (dbf_span){back, nsp.off + nsp.len - back};
      metric_name(x, cl[i], nsp, name, sizeof(name));
      /* "the CLABSI rate, the central line infections, went from 4.1 to
         1.2", "DHU, defects per hundred units, went down from 8.5%": a
         clause that opens with its change verb takes its subject from the
         first clause of the run before it that holds no figure. */
      size_t which_verb = 0;
      dbf_span bare = strip_dets(x, cl[i]);
      if (i > 0 && dbf__tx_find_any(x->s, bare.off + bare.len, bare.off, k_change_verbs,
                                    &which_verb) == bare.off) {
        size_t j = i;
        char tmp[128];
        dbf_span tsp;
        while (j > 0 && cl[j - 1].off >= sent[si].off &&
               !metric_value(x, cl[j - 1], targeted, tmp, sizeof tmp, &tsp))
          j--;
        dbf_span subj = j < i ? strip_lead(x, strip_dets(x, cl[j])) : (dbf_span){0, 0};
        if (subj.len > 0 && dbf__tx_word_count(x->s, subj) <= 6 && good_label(x, subj))
          dbf__tx_copy(x->s, subj, name, sizeof name);
      }
      if (name[0] >= 'A' && name[0] <= 'Z' && name[1] >= 'a' && name[1] <= 'z')
        name[0] = (char)(name[0] - 'A' + 'a');
      bool unnamed = !name[0];
      /* "it took us two years", said in passing: how long the work ran,
         with nothing named that changed, is no result. */
      if (unnamed && !targeted && bare_stretch(x, vsp))
        continue;
      if (span_of_years(val))
        continue;
      const char *sv = last ? json_string_value(json_object_get(last, vk)) : NULL;
      if (unnamed && i > 0 && sv && bare_lead(x, cl[i], vsp.off) &&
          restates_share(x, cl[i - 1], last_end, sv, val)) {
        char both[192];
        snprintf(both, sizeof both, "%s (%s)", sv, val);
        json_object_set_new(last, vk, whole_chars(both));
        last_end = vsp.off + vsp.len;
        continue;
      }
      /* "5 in a season vs 1 the year before", "81%, against some 64% group-wide",
         "12 days when the ward average was 19": a single figure after a
         comparison cue, or one named as a baseline, is the value's
         baseline, not a result of its own. */
      const char *lastv = last ? json_string_value(json_object_get(last, vk)) : NULL;
      /* "3 weeks where the client had budgeted 5", "2%, down from 7%":
         a figure told as the plan, the target or the start it moved
         from is the result's reference, not a result of its own. */
      char ref[24];
      int refd = lastv && !strstr(lastv, " vs ") && !strstr(lastv, " from ") &&
                         !strstr(val, " to ") && !strstr(val, "->")
                     ? reference_lead(x, cl[i], vsp.off, ref, sizeof ref)
                     : 0;
      bool baseline =
          lastv && !strstr(lastv, " vs ") && !strstr(val, " to ") &&
          (refd || ((compared || opens_comparison(x, cl[i])) && bare_lead(x, cl[i], vsp.off)) ||
           (!unnamed && baseline_name(name)));
      compared = false;
      if (baseline) {
        char both[192];
        int n = refd == 2   ? snprintf(both, sizeof both, "%s, %s %s", lastv, ref, val)
                : refd == 1 ? snprintf(both, sizeof both, "%s vs %s %s", lastv, val, ref)
                            : snprintf(both, sizeof both, "%s vs %s", lastv, val);
        if (!refd && !unnamed && baseline_name(name) && n > 0 && (size_t)n < sizeof both)
          snprintf(both + n, sizeof both - (size_t)n, " %.60s", name);
        json_object_set_new(last, vk, whole_chars(both));
        last_end = vsp.off + vsp.len;
      }
      /* A metric told before and after (before_after) is one result from
         the earlier figure to the later; only right after the clause of
         the value before: "pass rate, before like 60%" names a new metric
         first. */
      char prevv[128];
      dbf_span prevsp;
      int turn = !baseline && lastv && !strstr(lastv, " to ") && !strstr(val, " to ") && i > 0 &&
                         (metric_value(x, cl[i - 1], targeted, prevv, sizeof prevv, &prevsp) ||
                          start_between(x, cl, i, last_end))
                     ? before_after(x, sent[si], cl[i], vsp.off)
                     : 0;
      /* "penalties about 40k in 2018, under 5k in 2024", "4 of 9 quit a
         year before, 1 a year after": two clauses that close on two years
         in order, or on "before" then "after", tell one metric's start and
         end figures, one result. */
      if (!turn && !baseline && lastv && !strstr(lastv, " to ") && !strstr(lastv, "->") &&
          !strstr(val, " to ") && !strstr(val, "->") && i > 0 && last_end > cl[i - 1].off &&
          last_end <= cl[i - 1].off + cl[i - 1].len && bare_lead(x, cl[i], vsp.off) &&
          !tells_change(x, cl[i - 1]) && !tells_change(x, cl[i])) {
        int y0, y1, s0, s1;
        dbf_span ys0 = {0, 0}, ys1 = {0, 0};
        value_close(x, last_end, cl[i - 1].off + cl[i - 1].len, &y0, &ys0, &s0);
        value_close(x, vsp.off + vsp.len, cl[i].off + cl[i].len, &y1, &ys1, &s1);
        char both[192];
        if (y0 && y1 > y0) {
          snprintf(both, sizeof both, "%s in %.4s to %s in %.4s", lastv, x->s + ys0.off, val,
                   x->s + ys1.off);
          json_object_set_new(last, vk, whole_chars(both));
          last_end = vsp.off + vsp.len;
          continue;
        }
        if (s0 < 0 && s1 > 0) {
          snprintf(both, sizeof both, "%s to %s", lastv, val);
          json_object_set_new(last, vk, whole_chars(both));
          last_end = vsp.off + vsp.len;
          continue;
        }
      }
      if (turn) {
        char both[192];
        if (turn < 0)
          snprintf(both, sizeof both, "%s to %s", val, lastv);
        else
          snprintf(both, sizeof both, "%s to %s", lastv, val);
        json_object_set_new(last, vk, whole_chars(both));
        last_end = vsp.off + vsp.len;
        continue;
      }
      /* "energy use fell 15%, which is about $120k a year", "print spend
         cut by 20% over three years, roughly 45,000 euros": money said
         right after a share is what the share amounted to, one result. */
      if (!baseline && last &&
          amounts_to(x, json_string_value(json_object_get(last, vk)), val, last_end, vsp.off)) {
        char both[192];
        snprintf(both, sizeof both, "%s (%s)", json_string_value(json_object_get(last, vk)), val);
        json_object_set_new(last, vk, whole_chars(both));
        last_end = vsp.off + vsp.len;
      } else if (!baseline) {
        if (unnamed && name_led_range(val, name, sizeof name))
          unnamed = false;
        if (unnamed)
          snprintf(name, sizeof(name), "impact");
        json_t *o = json_object();
        if (!o)
          break;
        json_object_set_new(o, mk, json_string(name));
        json_object_set_new(o, vk, whole_chars(val));
        size_t before = json_array_size(arr);
        /* Two figures no words name are two results, not one. */
        if (before < MAX_ITEMS && unnamed)
          json_array_append_new(arr, o);
        else if (before < MAX_ITEMS)
          dbf__rx_union_item(arr, o);
        else
          json_decref(o);
        last = json_array_size(arr) > before ? json_array_get(arr, before) : NULL;
        last_end = vsp.off + vsp.len;
      }
      /* "sold over 200,000 copies and was translated into 11 languages",
         "under 1% when the yard average was about 4%": a second result or
         the baseline it is compared with is read from the rest. */
      size_t ce = cl[i].off + cl[i].len;
      static const char *const joins[] = {
          "and",        "when",        "vs",      "versus",    "compared to", "compared with",
          "instead of", "rather than", "up from", "down from", NULL};
      size_t which = 0;
      size_t a = dbf__tx_find_any(x->s, ce, last_end, joins, &which);
      /* "three and a half years": the "and" is the number's own. */
      while (a != (size_t)-1 && which == 0 && a + 10 <= ce &&
             dbf__tx_ieqn(x->s + a, "and a half", 10) && number_before(x, last_end, a))
        a = dbf__tx_find_any(x->s, ce, a + 10, joins, &which);
      /* "2 faults a shift now down from 9": the start a value moved from
         follows it; a range after the cue ("defects per house down from 9
         to 3") opens the next result's change instead. */
      while (a != (size_t)-1 && which >= 8) {
        size_t l = strlen(joins[which]);
        char rv[128];
        dbf_span rsp;
        if (dbf__tx_word_count(x->s, (dbf_span){last_end, a - last_end}) <= 6 &&
            !holds_figure(x, last_end, a) &&
            !(metric_value(x, (dbf_span){a + l, ce - a - l}, targeted, rv, sizeof rv, &rsp) &&
              (strstr(rv, " to ") || strstr(rv, "->"))))
          break;
        a = dbf__tx_find_any(x->s, ce, a + l, joins, &which);
      }
      size_t stop = a != (size_t)-1 ? a : ce;
      size_t from = last_end < stop
                        ? past_result(x, last_end, stop,
                                      last ? json_string_value(json_object_get(last, mk)) : NULL)
                        : last_end;
      char restv[128];
      dbf_span restsp;
      int rt = 0;
      size_t rs = 0; /* where the other end's words stop */
      const char *lv0 = last ? json_string_value(json_object_get(last, vk)) : NULL;
      if (targeted && last && last_end < ce &&
          metric_value(x, (dbf_span){last_end, ce - last_end}, targeted, restv, sizeof restv,
                       &restsp) &&
          amounts_to(x, json_string_value(json_object_get(last, vk)), restv, last_end,
                     restsp.off)) {
        /* "fees down 8% around 6 lakh a year": the money after the share,
           without a comma, is what it amounted to. */
        cl[i] = (dbf_span){last_end, ce - last_end};
        i--;
      } else if (targeted && lv0 && last_end < ce && !strstr(lv0, " to ") && !strstr(lv0, "->") &&
                 (rt = rest_turn(x, sent[si], last_end, ce, restv, sizeof restv, &restsp, &rs)) !=
                     0) {
        /* The other end of the same metric closes the clause. */
        join_other_end(last, vk, lv0, restv, sizeof restv, rt, said);
        last_end = rs;
        if (rs < ce) {
          /* The next result after the "and" is read on its own. */
          cl[i] = (dbf_span){rs, ce - rs};
          i--;
        }
      } else if (targeted && from < stop && next_figure(x, (dbf_span){from, stop - from})) {
        from = capital_restart(x, from, stop);
        /* "rejects fell from 12% to under 2% changeover 50 min to 35 min",
           "churn fell 9% in my second year tickets dropped from 300 to
           120 and ...": said without a comma, the words after a value and
           before the next figure name the next result. */
        cl[i] = (dbf_span){from, ce - from};
        i--;
      } else if (targeted && a != (size_t)-1 && !between_before(x, cl[i], vsp.off)) {
        size_t l = strlen(joins[which]);
        cl[i] = (dbf_span){a + l, ce - a - l};
        compared = which > 1; /* "vs", "versus", "compared to" */
        i--;
      }
    }
    if (last) {
      told = last;
      told_end = last_end;
    }
  }
  dbf__rx_put(x, f->key, arr, targeted ? dbf__rx_hedge(x, CONF_TARGET) : CONF_CROSS, false);
}
