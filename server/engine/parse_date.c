/*
 * parse_date.c - date expressions in free text (see parse_date.h).
 *
 * A small hand-written recognizer: at each word start it tries the forms
 * below in order and keeps the first that matches. Conventions, chosen once
 * and applied everywhere:
 *   - a bare weekday ("by Friday") is the first such day strictly after ref;
 *     "next Friday" moves to the following week when that day is still in
 *     ref's Monday-to-Sunday week;
 *   - "next week" = ref + 7 days (vague), "in N weeks" = ref + 7N, "in N
 *     months" (vague); "within a week of ..." counts from something else
 *     (vague); "Friday next week" is that day of the following week;
 *   - "next month" = the month after ref at month precision (vague);
 *   - a quarter ("Q1", "end of Q1", "by Q1") is the quarter's last day,
 *     "start of Q1" its first day;
 *   - ambiguous numeric dates (both parts <= 12) read month/day (US order);
 *     "30/11" reads day/month because 30 cannot be a month.
 */
#include "engine/parse_date.h"

#include <stdio.h>
#include <string.h>

#include "engine/parse_people.h"
#include "engine/text.h"

long dbf__days_from_civil(dbf__ymd dt) {
  /* Howard Hinnant's days_from_civil, valid for the proleptic Gregorian calendar. */
  long y = dt.y - (dt.m <= 2);
  long era = (y >= 0 ? y : y - 399) / 400;
  long yoe = y - era * 400;
  long mp = (dt.m + 9) % 12;
  long doy = (153 * mp + 2) / 5 + dt.d - 1;
  long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + doe - 719468;
}

dbf__ymd dbf__civil_from_days(long z) {
  z += 719468;
  long era = (z >= 0 ? z : z - 146096) / 146097;
  long doe = z - era * 146097;
  long yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  long y = yoe + era * 400;
  long doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  long mp = (5 * doy + 2) / 153;
  long d = doy - (153 * mp + 2) / 5 + 1;
  long m = mp < 10 ? mp + 3 : mp - 9;
  return (dbf__ymd){(int)(y + (m <= 2)), (int)m, (int)d};
}

int dbf__weekday(dbf__ymd d) {
  long z = dbf__days_from_civil(d);
  /* 1970-01-01 was a Thursday (3 when Monday is 0). */
  long w = (z + 3) % 7;
  return (int)(w < 0 ? w + 7 : w);
}

static bool is_leap(int y) {
  return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

static int days_in_month(int y, int m) {
  static const int dm[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  if (m < 1 || m > 12)
    return 0;
  return m == 2 && is_leap(y) ? 29 : dm[m - 1];
}

static bool valid_ymd(int y, int m, int d) {
  return y >= 1900 && y <= 2200 && m >= 1 && m <= 12 && d >= 1 && d <= days_in_month(y, m);
}

static dbf__ymd add_days(dbf__ymd d, long n) {
  return dbf__civil_from_days(dbf__days_from_civil(d) + n);
}

static dbf__ymd add_months(dbf__ymd d, int n) {
  int idx = d.y * 12 + (d.m - 1) + n;
  dbf__ymd r = {idx / 12, idx % 12 + 1, d.d};
  int dim = days_in_month(r.y, r.m);
  if (r.d > dim)
    r.d = dim;
  return r;
}

static int cmp_ymd(dbf__ymd a, dbf__ymd b) {
  long x = dbf__days_from_civil(a), y = dbf__days_from_civil(b);
  return x < y ? -1 : x > y;
}

bool dbf__date_parse_ref(const char *s, dbf__ymd *out) {
  if (!s)
    return false;
  int y = 0, m = 0, d = 0;
  for (int i = 0; i < 10; i++) {
    char c = s[i];
    if (i == 4 || i == 7) {
      if (c != '-')
        return false;
      continue;
    }
    if (c < '0' || c > '9')
      return false;
    int v = c - '0';
    if (i < 4)
      y = y * 10 + v;
    else if (i < 7)
      m = m * 10 + v;
    else
      d = d * 10 + v;
  }
  if (!valid_ymd(y, m, d))
    return false;
  *out = (dbf__ymd){y, m, d};
  return true;
}

void dbf__date_format(const dbf__date *d, char *out, size_t cap) {
  if (d->prec == DBF_DATE_YEAR)
    snprintf(out, cap, "%04d", d->ymd.y);
  else if (d->prec == DBF_DATE_MONTH)
    snprintf(out, cap, "%04d-%02d", d->ymd.y, d->ymd.m);
  else
    snprintf(out, cap, "%04d-%02d-%02d", d->ymd.y, d->ymd.m, d->ymd.d);
}

/* ---- a tiny cursor over the text ---- */

typedef struct cur {
  const char *s;
  size_t n;
  size_t p;
} cur;

static void skip_sp(cur *c) {
  while (c->p < c->n && c->s[c->p] == ' ')
    c->p++;
}

/* Consumes the l bytes of w as a whole word (case-insensitive) after
   optional spaces. */
static bool eat_exact(cur *c, const char *w, size_t l) {
  cur t = *c;
  skip_sp(&t);
  if (t.p + l <= t.n && dbf__tx_ieqn(t.s + t.p, w, l) && dbf__tx_is_word_at(t.s, t.n, t.p, l)) {
    c->p = t.p + l;
    return true;
  }
  return false;
}

/* Words typed short on a phone: "nxt wk", "wk of the 20th", "in 2 wks". */
static const struct {
  const char *word, *short_form;
} k_typed_short[] = {{"next", "nxt"},  {"week", "wk"},       {"weeks", "wks"},
                     {"month", "mth"}, {"months", "mths"},   {"year", "yr"},
                     {"years", "yrs"}, {"tomorrow", "tmrw"}, {NULL, NULL}};

/* Consumes word w, or the words of a phrase one by one ("the week of"),
   each as said or typed short. */
static bool eat(cur *c, const char *w) {
  if (eat_exact(c, w, strlen(w))) {
    /* Said aloud, "the" is often stammered ("in january the the tenth") or
       followed by a hesitation ("on the, um, twelfth"). */
    while (!strcmp(w, "the")) {
      if (eat_exact(c, w, 3))
        continue;
      cur h = *c;
      if (h.p < h.n && h.s[h.p] == ',')
        h.p++;
      skip_sp(&h);
      size_t e = h.p;
      while (e < h.n && dbf__tx_isalnum((unsigned char)h.s[e]))
        e++;
      if (e == h.p || !dbf__tx_hesitation(h.s + h.p, e - h.p))
        break;
      c->p = e < h.n && h.s[e] == ',' ? e + 1 : e;
    }
    return true;
  }
  cur t = *c;
  bool short_form = false;
  for (const char *p = w; *p;) {
    size_t l = strcspn(p, " ");
    bool ok = eat_exact(&t, p, l);
    for (size_t k = 0; !ok && k_typed_short[k].word; k++)
      if (strlen(k_typed_short[k].word) == l && !memcmp(k_typed_short[k].word, p, l))
        ok = short_form =
            eat_exact(&t, k_typed_short[k].short_form, strlen(k_typed_short[k].short_form));
    if (!ok)
      return false;
    p += l;
    while (*p == ' ')
      p++;
  }
  if (!short_form)
    return false; /* the phrase as said was tried first */
  *c = t;
  return true;
}

static bool eat_ch(cur *c, char ch) {
  if (c->p < c->n && c->s[c->p] == ch) {
    c->p++;
    return true;
  }
  return false;
}

/* Reads 1..maxd digits as an int (no sign); requires a non-digit after. */
static bool eat_digits(cur *c, size_t mind, size_t maxd, int *v) {
  size_t i = c->p, k = 0;
  int acc = 0;
  while (i < c->n && c->s[i] >= '0' && c->s[i] <= '9' && k < maxd + 1) {
    acc = acc * 10 + (c->s[i] - '0');
    i++;
    k++;
  }
  if (k < mind || k > maxd)
    return false;
  c->p = i;
  *v = acc;
  return true;
}

static const char *const k_months[] = {"january",   "february", "march",    "april",
                                       "may",       "june",     "july",     "august",
                                       "september", "october",  "november", "december"};
static const char *const k_mon3[] = {"jan", "feb", "mar", "apr", "may", "jun",
                                     "jul", "aug", "sep", "oct", "nov", "dec"};
static const char *const k_wdays[] = {"monday", "tuesday",  "wednesday", "thursday",
                                      "friday", "saturday", "sunday"};
static const char *const k_wd3[] = {"mon", "tue", "wed", "thu", "fri", "sat", "sun"};

static bool eat_ordinal_word(cur *c, int *d);
static bool eat_year(cur *c, int *y);
static void eat_ordinal(cur *c);

/* True when a day said as "the 17th" or "the seventeenth" follows within
   a few words of the cursor, before the clause ends. */
static bool day_said_ahead(cur c) {
  eat_ch(&c, '.'); /* "nov." */
  for (int words = 0; words < 8 && c.p < c.n; words++) {
    while (c.p < c.n && !dbf__tx_isalnum((unsigned char)c.s[c.p])) {
      if (strchr(".;!?", c.s[c.p]))
        return false;
      c.p++;
    }
    cur t = c;
    int d = 0;
    if (eat_exact(&t, "the", 3)) {
      skip_sp(&t);
      cur u = t;
      if (eat_digits(&u, 1, 2, &d)) {
        size_t digits_end = u.p;
        eat_ordinal(&u);
        if (u.p > digits_end && d >= 1 && d <= 31)
          return true;
      } else if (eat_ordinal_word(&u, &d)) {
        return true;
      }
    }
    while (c.p < c.n && dbf__tx_isalnum((unsigned char)c.s[c.p]))
      c.p++;
  }
  return false;
}

/* Month name at the cursor: 1..12, or 0. Lower-case "may"/"march" need a digit
   or "next year" after, or "by"/"in"/"around" before. */
static int eat_month(cur *c) {
  cur t = *c;
  skip_sp(&t);
  if (t.p >= t.n)
    return 0;
  bool cap = dbf__tx_isupper((unsigned char)t.s[t.p]);
  for (int m = 0; m < 12; m++) {
    const char *forms[3] = {k_months[m], k_mon3[m], m == 8 ? "sept" : NULL};
    for (int f = 0; f < 3; f++) {
      if (!forms[f])
        continue;
      cur u = t;
      if (!eat(&u, forms[f]))
        continue;
      /* Typed in lower case, a short form that is no English word ("sept",
         "aug", "nov") is the month when its day follows in the clause as
         "the 17th"; "jan", "mar", "may" and "dec" still need a cue. */
      bool plain_short = f != 0 && m != 0 && m != 2 && m != 4 && m != 11 && day_said_ahead(u);
      if ((f != 0 || m == 4 || m == 2) && !plain_short) {
        /* Short forms and the English words "may"/"march" must be capitalized
           or followed by a number. */
        cur v = u;
        eat_ch(&v, '.');
        skip_sp(&v);
        if (v.p + 1 < v.n && v.s[v.p] == '\'' && v.s[v.p + 1] >= '0' && v.s[v.p + 1] <= '9')
          v.p++; /* "jan '21" */
        bool digit_next = v.p < v.n && v.s[v.p] >= '0' && v.s[v.p] <= '9';
        /* Typed in lower case, "march next year" and "by march" are dates too. */
        cur y = u;
        bool year_next = eat(&y, "next year") || eat(&y, "this year") || eat(&y, "last year");
        /* "may twenty seventeen", "march twenty fifteen": a year said in
           words after it. */
        int yv = 0;
        y = u;
        year_next = year_next || (!digit_next && eat_year(&y, &yv));
        static const char *const cues[] = {"by ", "in ", "until ", "till ", "since ", "around ",
                                           "early ", "mid ", "mid-", "late ", "end of ",
                                           "start of ", "beginning of ", "end ",
                                           /* "the second wk of dec" */
                                           "week of ", "wk of ", "week in ", "wk in ", NULL};
        bool cue_before = dbf__tx_phrase_ends_at(t.s, t.p, cues);
        /* "after the trial, so jan.": a short month typed after "so". */
        cue_before =
            cue_before || (f != 0 && m != 4 && t.p >= 3 && dbf__tx_ieqn(t.s + t.p - 3, "so ", 3) &&
                           (t.p == 3 || !dbf__tx_isalnum((unsigned char)t.s[t.p - 4])));
        /* "12 May", "the 3rd of May": a day said before the month. */
        size_t b = t.p;
        while (b > 0 && t.s[b - 1] == ' ')
          b--;
        bool of = b >= 3 && dbf__tx_ieqn(t.s + b - 2, "of", 2) && t.s[b - 3] == ' ';
        if (of)
          for (b -= 3; b > 0 && t.s[b - 1] == ' ';)
            b--;
        /* "the seventh of may", "the 7th of may", "the eighth of march": a day
           and "of" before even a lower-case "may" or "march" make it the
           month; so does a day said as an ordinal word after "may" ("may
           eleventh", "may the seventh") or "march" ("march thirty first",
           "march the ninth"). */
        if (of && (m == 4 || m == 2)) {
          size_t ws = b;
          while (ws > 0 && dbf__tx_isalnum((unsigned char)t.s[ws - 1]))
            ws--;
          int dd = 0;
          cur w = {t.s, t.n, ws};
          cue_before = cue_before || (ws < b && t.s[ws] >= '0' && t.s[ws] <= '9') ||
                       (eat_ordinal_word(&w, &dd) && w.p == b);
        }
        if ((m == 4 || (m == 2 && f == 0)) && !cap && !cue_before) {
          cur w = u;
          bool the = eat(&w, "the");
          int dd = 0;
          /* "march" the verb leads a first or second thing ("march the
             second team out"). */
          cue_before = eat_ordinal_word(&w, &dd) && ((the && m == 4) || dd > 2) &&
                       (w.p >= w.n || !dbf__tx_isalnum((unsigned char)w.s[w.p]));
        }
        if (b >= 2 && dbf__tx_islower((unsigned char)t.s[b - 1]) &&
            dbf__tx_islower((unsigned char)t.s[b - 2]) && b >= 3 && t.s[b - 3] >= '0' &&
            t.s[b - 3] <= '9')
          b -= 2; /* "3rd" */
        bool day_before = b > 0 && b < t.p && t.s[b - 1] >= '0' && t.s[b - 1] <= '9';
        cue_before = cue_before || ((cap || m != 4) && day_before);
        /* "by 15 may", "15 may.": a lower-case "may" after a day is the month
           when the day follows "by"/"on"/"before"/"until" or nothing follows
           "may" in the clause ("2 may be enough" stays a verb). */
        if (m == 4 && !cap && day_before && !cue_before) {
          size_t ds = b - 1;
          while (ds > 0 && t.s[ds - 1] >= '0' && t.s[ds - 1] <= '9')
            ds--;
          static const char *const day_cues[] = {"by ", "on ", "before ", "until ", "till ", NULL};
          cue_before = dbf__tx_phrase_ends_at(t.s, ds, day_cues);
          cue_before = cue_before || u.p >= u.n ||
                       (u.s[u.p] != ' ' && !dbf__tx_isalnum((unsigned char)u.s[u.p]));
        }
        if (!cap && !digit_next && !year_next && !cue_before)
          continue;
        if (m == 4 && !digit_next && !year_next && !cue_before && u.p > 0)
          continue; /* "May" alone is too often the verb at a sentence start */
      }
      eat_ch(&u, '.');
      *c = u;
      return m + 1;
    }
  }
  return 0;
}

/* A month name where the words before it already make it one ("the first
   Tuesday of may", "the second week of march"): no cue is needed. */
static int eat_month_bound(cur *c) {
  int m = eat_month(c);
  for (int k = 0; !m && k < 12; k++) {
    cur t = *c;
    if (eat(&t, k_months[k]) || eat(&t, k_mon3[k])) {
      eat_ch(&t, '.');
      *c = t;
      m = k + 1;
    }
  }
  return m;
}

static int eat_weekday(cur *c) {
  cur t = *c;
  skip_sp(&t);
  if (t.p >= t.n)
    return -1;
  bool cap = dbf__tx_isupper((unsigned char)t.s[t.p]);
  for (int w = 0; w < 7; w++) {
    if (eat(&t, k_wdays[w])) {
      *c = t;
      return w;
    }
  }
  /* Typed in lower case, an abbreviation counts when it is no everyday word
     ("fri", "thurs"), or after "by", "on", "until", "next" or "this" ("by wed"). */
  static const char *const cues[] = {"by ",   "on ",  "until ", "till ", "til ",
                                     "next ", "nxt ", "this ",  "b4 ",   NULL};
  bool after_cue = dbf__tx_phrase_ends_at(t.s, t.p, cues);
  if (!cap && !after_cue) {
    static const char *const plain[] = {"tues", "thurs", "thur", "thu", "tue", "fri", "weds"};
    static const int plain_w[] = {1, 3, 3, 3, 1, 4, 2};
    for (int k = 0; k < 7; k++) {
      cur u = t;
      if (eat(&u, plain[k])) {
        eat_ch(&u, '.');
        *c = u;
        return plain_w[k];
      }
    }
    return -1;
  }
  static const char *const extra[] = {"tues", "thur", "thurs", "weds"};
  static const int extra_w[] = {1, 3, 3, 2};
  for (int k = 0; k < 4; k++) {
    if (eat(&t, extra[k])) {
      eat_ch(&t, '.');
      *c = t;
      return extra_w[k];
    }
  }
  for (int w = 0; w < 7; w++) {
    if (eat(&t, k_wd3[w])) {
      eat_ch(&t, '.');
      *c = t;
      return w;
    }
  }
  return -1;
}

/* A small count: digits 1..99 or a number word; "a"/"an" = 1, "a couple of" = 2. */
static bool eat_count(cur *c, int *v) {
  cur t = *c;
  skip_sp(&t);
  if (eat_digits(&t, 1, 2, v) && *v > 0) {
    *c = t;
    return true;
  }
  size_t l = dbf__tx_number_word_at(t.s, t.p, t.n, v);
  if (l) {
    c->p = t.p + l;
    return true;
  }
  if (eat(&t, "a couple of") || eat(&t, "a couple") || eat(&t, "couple of")) {
    *v = 2;
    *c = t;
    return true;
  }
  if (eat(&t, "a few") || eat(&t, "few")) {
    *v = 3;
    *c = t;
    return true;
  }
  if (eat(&t, "a") || eat(&t, "an")) {
    *v = 1;
    *c = t;
    return true;
  }
  return false;
}

/* Optional year after a month/day: ", 2026", "2026", "'27". */
/* A number word at the cursor after spaces (and a hyphen: "twenty-one"):
   its value, or 0. */
static int eat_num_word(cur *c) {
  cur t = *c;
  if (t.p < t.n && t.s[t.p] == '-')
    t.p++;
  skip_sp(&t);
  int v = 0;
  size_t l = dbf__tx_number_word_at(t.s, t.p, t.n, &v);
  if (!l)
    return 0;
  c->p = t.p + l;
  return v;
}

/* A number from 1 to 99 in words at the cursor: "seven", "seventeen",
   "forty", "forty two", "forty-two"; 0 when none. */
static int eat_two_digits(cur *c) {
  int v = eat_num_word(c);
  if (v >= 20 && v % 10 == 0) {
    cur u = *c;
    int unit = eat_num_word(&u);
    if (unit >= 1 && unit <= 9)
      v += unit, *c = u;
  }
  return v;
}

/* A year said in words: "twenty twenty one", "twenty fourteen", "twenty oh
   five", "two thousand (and) eighteen", "nineteen ninety eight". "twenty
   one" alone is a day, not a year. */
static bool eat_spoken_year(cur *c, int *y) {
  cur t = *c;
  int first = eat_num_word(&t);
  if (first == 20 || first == 19) {
    cur u = t;
    if (first == 20 && eat(&u, "oh")) {
      int d = eat_num_word(&u);
      if (d >= 1 && d <= 9) {
        *y = 2000 + d;
        *c = u;
        return true;
      }
      return false;
    }
    int second = eat_two_digits(&u);
    if (second >= 10) {
      *y = first * 100 + second;
      *c = u;
      return true;
    }
    return false;
  }
  if (first == 2 && eat(&t, "thousand")) {
    cur u = t;
    (void)eat(&u, "and");
    int rest = eat_two_digits(&u);
    if (rest >= 1 && rest <= 99) {
      *y = 2000 + rest;
      *c = u;
      return true;
    }
    *y = 2000;
    *c = t;
    return true;
  }
  return false;
}

static bool eat_year(cur *c, int *y) {
  cur t = *c;
  eat_ch(&t, ',');
  skip_sp(&t);
  if (eat_spoken_year(&t, y)) {
    *c = t;
    return true;
  }
  int v;
  if (eat_digits(&t, 4, 4, &v) && v >= 1900 && v <= 2200) {
    *y = v;
    *c = t;
    return true;
  }
  if (eat_ch(&t, '\'') && eat_digits(&t, 2, 2, &v)) {
    *y = 2000 + v;
    *c = t;
    return true;
  }
  return false;
}

/* "30th", "1st": the suffix is glued to the digits, so no word boundary before it. */
static void eat_ordinal(cur *c) {
  static const char *const sfx[] = {"st", "nd", "rd", "th"};
  for (int k = 0; k < 4; k++) {
    if (c->p + 2 <= c->n && dbf__tx_ieqn(c->s + c->p, sfx[k], 2) &&
        (c->p + 2 == c->n || !dbf__tx_isalnum((unsigned char)c->s[c->p + 2]))) {
      c->p += 2;
      return;
    }
  }
}

/* For a month/day without a year: this year, or next year when already past. */
static int infer_year(const dbf__ymd *ref, int m, int d, bool forward) {
  if (!forward)
    return ref->y;
  dbf__ymd cand = {ref->y, m, d ? d : days_in_month(ref->y, m)};
  if (d == 0 && m == ref->m)
    return ref->y;
  if (d && cand.d > days_in_month(ref->y, m))
    cand.d = days_in_month(ref->y, m);
  return cmp_ymd(cand, *ref) < 0 ? ref->y + 1 : ref->y;
}

static dbf__ymd quarter_end(int y, int q) {
  int m = q * 3;
  return (dbf__ymd){y, m, days_in_month(y, m)};
}

static bool set_day(dbf__date *o, dbf__ymd d) {
  if (!valid_ymd(d.y, d.m, d.d))
    return false;
  o->prec = DBF_DATE_DAY;
  o->ymd = d;
  return true;
}

static bool set_month(dbf__date *o, int y, int m) {
  if (!valid_ymd(y, m, 1))
    return false;
  o->prec = DBF_DATE_MONTH;
  o->ymd = (dbf__ymd){y, m, 1};
  return true;
}

/* "by 22.09": see try_numeric. start is at the day, end after the month. */
static bool dotted_day_month(const cur *start, const cur end, int d, int m) {
  /* "fiscal yr end, thats 30.9": a one-digit month after a word that
     restates a date. */
  static const char *const restate[] = {"that's ", "thats ", "which is ", "i.e. ", NULL};
  bool short_month = end.p - start->p >= 3 && end.s[end.p - 2] == '.';
  dbf_span wb = dbf__tx_word_before(start->s, start->p);
  cur wc = {start->s, start->n, wb.off};
  bool after_weekday = wb.len > 0 && eat_weekday(&wc) >= 0 && wc.p <= start->p &&
                       (wc.p == wb.off + wb.len || wc.p == wb.off + wb.len + 1);
  if (end.p - start->p < 3 || (end.s[end.p - 3] != '.' && !short_month) || d < 1 || d > 31 ||
      m < 1 || m > 12)
    return false;
  static const char *const cues[] = {"by ", "until ", "till ", "before ", "due ", "on ", NULL};
  bool cue = false;
  for (int g = short_month ? 1 : 0; g < 2 && !cue; g++) {
    const char *const *list = g == 0 ? cues : restate;
    for (size_t k = 0; list[k] && !cue; k++) {
      size_t l = strlen(list[k]);
      cue = start->p >= l && dbf__tx_ieqn(start->s + start->p - l, list[k], l) &&
            (start->p == l || !dbf__tx_isalnum((unsigned char)start->s[start->p - l - 1]));
    }
  }
  /* "by fri 25.9.", "Tuesday 03.11": a weekday names the date after it. */
  if (!cue && !after_weekday)
    return false;
  cur u = end;
  skip_sp(&u);
  if (u.p >= u.n)
    return true;
  if (u.s[u.p] == '%')
    return false;
  if (!dbf__tx_isalnum((unsigned char)u.s[u.p]))
    return true;
  return eat(&u, "and") || eat(&u, "or") || eat(&u, "at") || eat(&u, "latest") || eat(&u, "then") ||
         eat(&u, "so");
}

/* A month typed after its year with a slash or a dot, "2017/03",
   "2020.09": two digits for the month, nothing after them that goes on
   the number. Not a pair of years ("2011/12", the year after the first). */
static bool year_first_month(cur *t, int y, int *m) {
  cur u = *t;
  if (y < 1900 || u.p + 3 > u.n || (u.s[u.p] != '/' && u.s[u.p] != '.'))
    return false;
  u.p++;
  if (!eat_digits(&u, 2, 2, m) || *m < 1 || *m > 12 || *m == (y + 1) % 100)
    return false;
  if (u.p < u.n && (dbf__tx_isalnum((unsigned char)u.s[u.p]) || u.s[u.p] == '%' ||
                    ((u.s[u.p] == '.' || u.s[u.p] == '/') && u.p + 1 < u.n && u.s[u.p + 1] >= '0' &&
                     u.s[u.p + 1] <= '9')))
    return false;
  *t = u;
  return true;
}

/* A year typed as an apostrophe and its last two digits, "'18", "'21",
   from c to t: the latest such year no later than five years after the
   reference. Not a decade ("the '90s"). */
static bool clipped_year(const cur *c, cur t, const dbf__ymd *ref, int *y) {
  if (c->p == 0 || c->s[c->p - 1] != '\'' || t.p - c->p != 2)
    return false;
  if (c->p >= 2 && dbf__tx_isalnum((unsigned char)c->s[c->p - 2]))
    return false; /* "rock'n'roll 99", a word's apostrophe */
  if (t.p < t.n && (dbf__tx_isalnum((unsigned char)t.s[t.p]) || t.s[t.p] == '%'))
    return false;
  int yy = (c->s[c->p] - '0') * 10 + (c->s[c->p + 1] - '0');
  *y = 2000 + yy <= ref->y + 5 ? 2000 + yy : 1900 + yy;
  return true;
}

/* Numeric forms at a digit: ISO, d/m/y, m/y, dd.mm.yyyy, a bare year. */
static bool try_numeric(cur *c, const dbf__ymd *ref, bool forward, dbf__date *o) {
  cur t = *c;
  int a, b, y;
  /* Money or a decimal ("$2019", "1.2019") is never a date. */
  if (t.p > 0 && (t.s[t.p - 1] == '$' || t.s[t.p - 1] == '.' || t.s[t.p - 1] == ','))
    return false;
  if (eat_digits(&t, 4, 4, &y)) {
    cur u = t;
    char sep = u.p < u.n ? u.s[u.p] : 0;
    if ((sep == '-' || sep == '/') && (u.p++, eat_digits(&u, 1, 2, &a))) {
      cur v = u;
      if (v.p < v.n && v.s[v.p] == sep && (v.p++, eat_digits(&v, 1, 2, &b))) {
        if (!set_day(o, (dbf__ymd){y, a, b}))
          return false;
        o->explicit_year = true;
        *c = v;
        return true;
      }
      if (a >= 1 && a <= 12 && y >= 1900 && sep == '-') {
        o->explicit_year = true;
        *c = u;
        return set_month(o, y, a);
      }
    }
    if (year_first_month(&t, y, &a)) { /* "2017/03", "2020.09" */
      o->explicit_year = true;
      *c = t;
      return set_month(o, y, a);
    }
    /* "2019-2021" is a year range: keep only the first year here. */
    if (y >= 1950 && y <= 2100 && (t.p >= t.n || !dbf__tx_isalnum((unsigned char)t.s[t.p])) &&
        !(t.p < t.n && t.s[t.p] == '%')) {
      o->prec = DBF_DATE_YEAR;
      o->ymd = (dbf__ymd){y, 1, 1};
      o->explicit_year = true;
      *c = t;
      return true;
    }
    return false;
  }
  t = *c;
  if (!eat_digits(&t, 1, 2, &a))
    return false;
  if (clipped_year(c, t, ref, &y)) { /* "'18 to '21", "since '19" */
    o->prec = DBF_DATE_YEAR;
    o->ymd = (dbf__ymd){y, 1, 1};
    o->explicit_year = true;
    *c = t;
    return true;
  }
  char sep = t.p < t.n ? t.s[t.p] : 0;
  if (sep != '/' && sep != '.')
    return false;
  t.p++;
  if (!eat_digits(&t, 1, 4, &b))
    return false;
  if (b >= 1900 && (sep == '/' || (sep == '.' && t.p - c->p == 7))) { /* "03/2020", "02.2020" */
    o->explicit_year = true;
    *c = t;
    return a >= 1 && a <= 12 && set_month(o, b, a);
  }
  if (b > 31)
    return false;
  int yy = 0;
  bool have_year = false;
  cur u = t;
  if (u.p < u.n && u.s[u.p] == sep) {
    u.p++;
    if (eat_digits(&u, 4, 4, &yy) || eat_digits(&u, 2, 2, &yy)) {
      if (yy < 100)
        yy += 2000;
      have_year = true;
      t = u;
    }
  }
  /* "1.5" is a number, not a date; "by 22.09", "until 16.10": a day and a
     two-digit month typed after a deadline word are one, when no unit,
     percent or multiplier follows. */
  if (sep == '.' && !have_year && !dotted_day_month(c, t, a, b))
    return false;
  int m, d;
  if (sep == '.' || a > 12) { /* day first */
    d = a;
    m = b;
  } else {
    m = a;
    d = b;
  }
  if (m > 12 && d <= 12) { /* "11/30" typed day-first by mistake is still clear */
    int tmp = m;
    m = d;
    d = tmp;
  }
  if (m < 1 || m > 12)
    return false;
  if (!have_year)
    yy = infer_year(ref, m, d, forward);
  if (!set_day(o, (dbf__ymd){yy, m, d}))
    return false;
  o->explicit_year = have_year;
  *c = t;
  return true;
}

/* A year said as its last two digits in words, "twenty three", "seventeen",
   "ninety eight": the latest such year up to the reference year. Not a
   count of something ("twenty three days"). */
static bool spoken_two_digit_year(cur *c, const dbf__ymd *ref, int *y) {
  cur t = *c;
  int v = eat_two_digits(&t);
  if (v < 10 || v > 99 || (t.p < t.n && dbf__tx_isalnum((unsigned char)t.s[t.p])))
    return false;
  static const char *const units[] = {"day",    "days",    "week",   "weeks",   "month",
                                      "months", "year",    "years",  "hour",    "hours",
                                      "people", "percent", "minute", "minutes", NULL};
  cur w = t;
  skip_sp(&w);
  size_t we = w.p;
  while (we < w.n && dbf__tx_isalnum((unsigned char)w.s[we]))
    we++;
  if (we > w.p && dbf__tx_word_in(w.s + w.p, we - w.p, units))
    return false;
  *y = 2000 + v <= ref->y ? 2000 + v : 1900 + v;
  *c = t;
  return true;
}

/* "first", "2nd", "last" before a weekday: 1..4, -1 for the last, 0 for
   none. */
static int eat_nth(cur *c) {
  static const char *const nths[] = {"first", "1st",    "second", "2nd",  "third",
                                     "3rd",   "fourth", "4th",    "last", NULL};
  for (int k = 0; nths[k]; k++)
    if (eat(c, nths[k]))
      return nths[k][0] == 'l' ? -1 : k / 2 + 1;
  return 0;
}

/* The nth weekday w (0 = Monday) of month m of year y, or the last one
   when nth < 0. */
static bool set_nth_weekday(dbf__date *o, int y, int m, int nth, int w) {
  int dim = days_in_month(y, m), d;
  if (!dim)
    return false;
  if (nth > 0)
    d = 1 + (w - dbf__weekday((dbf__ymd){y, m, 1}) + 7) % 7 + 7 * (nth - 1);
  else
    d = dim - (dbf__weekday((dbf__ymd){y, m, dim}) - w + 7) % 7;
  return d <= dim && set_day(o, (dbf__ymd){y, m, d});
}

/* Month m, day d said, a year after them at u or inferred: the date, with
 *c moved past it. */
static bool dated(cur *c, cur u, const dbf__ymd *ref, bool forward, int m, int d, dbf__date *o) {
  int y;
  if (eat_year(&u, &y))
    o->explicit_year = true;
  else
    y = infer_year(ref, m, d, forward);
  if (!set_day(o, (dbf__ymd){y, m, d}))
    return false;
  *c = u;
  return true;
}

/* "November 30th, 2026", "Nov 30", "March 2020", "November", "June
   thirtieth". */
static bool try_month_first(cur *c, const dbf__ymd *ref, bool forward, dbf__date *o) {
  cur t = *c;
  int m = eat_month(&t);
  if (!m)
    return false;
  cur u = t;
  skip_sp(&u);
  int d, y;
  {
    /* "in January, the second Tuesday", "March the last Friday": a
       weekday counted in the month said before it. */
    cur w = t;
    if (w.p + 1 < w.n && w.s[w.p] == ',')
      w.p++;
    /* Not across a sentence end: "in March. The last Friday we met". */
    bool stop = t.p > 0 && t.s[t.p - 1] == '.';
    int nth = !stop && eat(&w, "the") ? eat_nth(&w) : 0;
    int wd = nth ? eat_weekday(&w) : -1;
    if (wd >= 0) {
      y = infer_year(ref, m, 0, forward);
      if (!set_nth_weekday(o, y, m, nth, wd))
        return false;
      *c = w;
      return true;
    }
  }
  {
    cur w = u;
    (void)eat(&w, "the");
    if (eat_ordinal_word(&w, &d))
      return dated(c, w, ref, forward, m, d, o);
  }
  if (eat_digits(&u, 1, 2, &d) && d >= 1 && d <= 31 &&
      (u.p >= u.n || !dbf__tx_isalnum((unsigned char)u.s[u.p]) ||
       dbf__tx_isalnum((unsigned char)u.s[u.p]))) {
    cur v = u;
    eat_ordinal(&v);
    if (v.p < v.n && dbf__tx_isalnum((unsigned char)v.s[v.p]) && v.p == u.p)
      goto no_day; /* "Nov 30x" */
    if (eat_year(&v, &y)) {
      o->explicit_year = true;
    } else {
      y = infer_year(ref, m, d, forward);
    }
    if (!set_day(o, (dbf__ymd){y, m, d}))
      return false;
    *c = v;
    return true;
  }
no_day:
  if (eat_year(&t, &y)) {
    o->explicit_year = true;
    *c = t;
    return set_month(o, y, m);
  }
  /* Looking back, "november twenty two", "february sixteen": a year
     said as its last two digits in words after the month. */
  if (!forward && spoken_two_digit_year(&t, ref, &y)) {
    o->explicit_year = true;
    *c = t;
    return set_month(o, y, m);
  }
  /* "March of 2024", "march of twenty twenty four". */
  cur yo = t;
  if (eat(&yo, "of") && eat_year(&yo, &y)) {
    o->explicit_year = true;
    *c = yo;
    return set_month(o, y, m);
  }
  /* "January of this year", "June last year": the year said in words. */
  cur w = t;
  (void)eat(&w, "of");
  cur l = w;
  bool last = eat(&l, "last year"); /* typed short too: "may last yr" */
  if (last || eat(&w, "this year")) {
    if (last)
      w = l;
    *c = w;
    o->explicit_year = true;
    return set_month(o, last ? ref->y - 1 : ref->y, m);
  }
  *c = t;
  return set_month(o, infer_year(ref, m, 0, forward), m);
}

/* A day said as an ordinal word: "first", "tenth", "twenty second",
   "twenty-first", "thirtieth". Sets *d; false when none is at the cursor. */
static bool eat_ordinal_word(cur *c, int *d) {
  const char *const *ords = dbf__tx_ordinal_words;
  cur t = *c;
  skip_sp(&t);
  int tens = 0;
  size_t l = dbf__tx_number_word_at(t.s, t.p, t.n, &tens);
  if (l && (tens == 20 || tens == 30)) {
    cur u = t;
    u.p += l;
    if (u.p < u.n && u.s[u.p] == '-')
      u.p++;
    for (int k = 0; k < 9; k++)
      if (eat(&u, ords[k])) {
        *d = tens + k + 1;
        *c = u;
        return *d <= 31;
      }
  }
  for (int k = 0; ords[k]; k++)
    if (eat(&t, ords[k])) {
      *d = k + 1;
      *c = t;
      return true;
    }
  if (eat(&t, "thirtieth")) {
    *d = 30;
    *c = t;
    return true;
  }
  return false;
}

/* A day said as a cardinal in words, 1 to 31: "fifteen", "thirty one",
   "twenty-eight". Sets *d; false when none is at the cursor. */
static bool spelled_day(cur *c, int *d) {
  cur t = *c;
  skip_sp(&t);
  if (t.p > 0 && dbf__tx_isalnum((unsigned char)t.s[t.p - 1]))
    return false;
  int v = eat_num_word(&t);
  if (v < 1 || v > 31)
    return false;
  if (v == 20 || v == 30) {
    cur u = t;
    int unit = eat_num_word(&u);
    if (unit >= 1 && unit <= 9 && v + unit <= 31) {
      v += unit;
      t = u;
    }
  }
  *d = v;
  *c = t;
  return true;
}

/* True when the word before the cursor, past spaces, is one of list. */
static bool word_before_in(const cur *c, const char *const *list) {
  dbf_span w = dbf__tx_word_before(c->s, c->p);
  return w.len > 0 && w.off + w.len < c->p && dbf__tx_word_in(c->s + w.off, w.len, list);
}

/* True when an honorific and a name open s[i..n), the name in any case as
   dictated ("dr okafor", "Ms Ruiz"). */
static bool honorific_opens(const char *s, size_t n, size_t i) {
  if (dbf__people_honorific_at(s, n, i))
    return true;
  char buf[64];
  size_t len = n - i < sizeof buf ? n - i : sizeof buf, e = 0;
  memcpy(buf, s + i, len);
  while (e < len && dbf__tx_isalnum((unsigned char)buf[e]))
    e++;
  if (e < len && buf[e] == '.')
    e++;
  while (e < len && buf[e] == ' ')
    e++;
  if (e >= len || buf[e] < 'a' || buf[e] > 'z')
    return false;
  buf[e] = (char)(buf[e] - 'a' + 'A');
  return dbf__people_honorific_at(buf, len, 0) > 0;
}

/* "30 November", "30th of November 2026", "the 15th", "the tenth of
   December", "by the twenty second". */
static bool try_day_first_after(cur *c, const dbf__ymd *ref, bool forward, bool the_said,
                                bool after_weekday, dbf__date *o) {
  cur t = *c;
  /* "by 15th", "on 3rd": a deadline word stands for "the". */
  static const char *const leads[] = {"by", "on", "before", "until", "till", "due", NULL};
  bool the = eat(&t, "the") || the_said || word_before_in(c, leads);
  skip_sp(&t);
  int d;
  bool ordinal = false, word = false, cardinal_word = false;
  if (eat_digits(&t, 1, 2, &d)) {
    if (d < 1 || d > 31)
      return false;
    cur after_num = t;
    eat_ordinal(&t);
    ordinal = t.p != after_num.p;
    /* "3. Dezember" typed as "3. December": a day written with a dot
       right before its month. */
    cur dot = t;
    if (!ordinal && eat_ch(&dot, '.') && dot.p < dot.n && dot.s[dot.p] == ' ' && eat_month(&dot)) {
      t.p++;
      ordinal = true;
    }
  } else if (eat_ordinal_word(&t, &d)) {
    ordinal = word = true;
  } else if (spelled_day(&t, &d)) {
    cardinal_word = true;
  } else {
    return false;
  }
  cur u = t;
  bool of = eat(&u, "of");
  int m = eat_month(&u);
  /* "25th latest", "the 3rd at the latest": a bare day with the word
     that bounds it. */
  if (!the && ordinal && !word && !m) {
    cur w = t;
    bool at = eat(&w, "at");
    if (at)
      (void)eat(&w, "the");
    the = eat(&w, "latest");
  }
  /* "twenty-second of June", "the fifteen of October", "thirty one of
     October": a day in words without "the" names a month after it; a
     cardinal one only with "of" ("fifteen October" may be a count). */
  if (!the && word && !m)
    return false;
  if (cardinal_word && (!(of && m) || (u.p < u.n && u.s[u.p] == '\'')))
    return false; /* "one of October's meetings" */
  /* "the twenty eighth of this month", "the 3rd of next month", "the 15th
     next month": the day in the month it names. */
  if (!m) {
    cur w = t;
    (void)eat(&w, "of");
    (void)eat(&w, "the");
    int ahead = eat(&w, "this month") || eat(&w, "the month") ? 0 : eat(&w, "next month") ? 1 : -1;
    if (ahead >= 0 && ordinal) {
      dbf__ymd r = add_months((dbf__ymd){ref->y, ref->m, 1}, ahead);
      r.d = d;
      if (!set_day(o, r))
        return false;
      *c = w;
      return true;
    }
  }
  /* "the second quarter", "the first time": an ordinal word before another
     word is no day; but after a deadline word, one before a function word
     is ("votes on the twenty fourth so we hear then"). */
  if (!m && word) {
    cur w = t;
    skip_sp(&w);
    size_t we = w.p;
    while (we < w.n && dbf__tx_isalnum((unsigned char)w.s[we]))
      we++;
    bool lead =
        (word_before_in(c, leads) && c->p + 3 <= c->n && dbf__tx_ieqn(c->s + c->p, "the", 3)) ||
        after_weekday;
    /* ... nor one before a capital, a name opening the next clause said
       without a stop ("by the twentieth Olof sends the maps"), or before
       an honorific in any case ("by the ninth dr okafor signs"). */
    cur cap = w;
    bool next_clause = dbf__tx_function_word(w.s + w.p, we - w.p) ||
                       honorific_opens(w.s, w.n, w.p) ||
                       (dbf__tx_isupper((unsigned char)w.s[w.p]) && eat_weekday(&cap) < 0 &&
                        (cap = w, !eat_month(&cap)));
    if (we > w.p && !(lead && next_clause && !(we - w.p == 2 && dbf__tx_ieqn(w.s + w.p, "of", 2))))
      return false;
  }
  if (m)
    return dated(c, u, ref, forward, m, d, o);
  if (the && ordinal) {
    o->bare_day = true;
    /* "by the 15th": this month if still ahead, else next month. */
    dbf__ymd r = {ref->y, ref->m, d};
    if (d < ref->d)
      r = add_months((dbf__ymd){ref->y, ref->m, 1}, 1), r.d = d;
    if (!set_day(o, r))
      return false;
    *c = t;
    return true;
  }
  return false;
}

static bool try_day_first(cur *c, const dbf__ymd *ref, bool forward, bool the_said, dbf__date *o) {
  return try_day_first_after(c, ref, forward, the_said, false, o);
}

/* Quarters: "Q1", "Q1 2027", "end of Q2", "first quarter", "next quarter". */
static bool try_quarter(cur *c, const dbf__ymd *ref, bool forward, bool start, bool mid,
                        dbf__date *o) {
  cur t = *c;
  skip_sp(&t);
  int q = 0, y = 0;
  int curq = (ref->m - 1) / 3 + 1;
  if (t.p + 2 <= t.n && (t.s[t.p] == 'Q' || t.s[t.p] == 'q') && t.s[t.p + 1] >= '1' &&
      t.s[t.p + 1] <= '4' && dbf__tx_is_word_at(t.s, t.n, t.p, 2)) {
    q = t.s[t.p + 1] - '0';
    t.p += 2;
  } else {
    static const char *const ords[] = {"first", "second", "third", "fourth"};
    for (int k = 0; k < 4 && !q; k++) {
      cur u = t;
      if (eat(&u, ords[k]) && eat(&u, "quarter")) {
        q = k + 1;
        t = u;
      }
    }
    if (!q) {
      cur u = t;
      if (eat(&u, "next") && eat(&u, "quarter")) {
        q = curq % 4 + 1;
        y = curq == 4 ? ref->y + 1 : ref->y;
        t = u;
      } else if ((u = t, (eat(&u, "this") || eat(&u, "the")) && eat(&u, "quarter"))) {
        q = curq;
        y = ref->y;
        t = u;
      } else {
        return false;
      }
    }
  }
  if (!y) {
    cur u = t;
    if (eat_year(&u, &y)) {
      o->explicit_year = true;
      t = u;
    } else {
      u = t;
      skip_sp(&u);
      int yy;
      /* "Q1 FY27" / "Q1 '27" */
      if ((eat(&u, "fy") || u.p < u.n) && eat_digits(&u, 2, 2, &yy)) {
        y = 2000 + yy;
        t = u;
      } else {
        y = ref->y;
        if (forward && quarter_end(y, q).m < ref->m)
          y++;
      }
    }
  }
  *c = t;
  if (mid) /* "mid-Q2": the quarter's middle month, no day said */
    return set_month(o, y, q * 3 - 1);
  return set_day(o, start ? (dbf__ymd){y, q * 3 - 2, 1} : quarter_end(y, q));
}

/* Half-years, read like quarters: "H1", "H2 2027", "the first half of
   next year", "the second half of the year": the half's last day, or its
   first with "start of". */
static bool try_half_year(cur *c, const dbf__ymd *ref, bool forward, bool start, dbf__date *o) {
  cur t = *c;
  skip_sp(&t);
  int h = 0, y = 0;
  if (t.p + 2 <= t.n && (t.s[t.p] == 'H' || t.s[t.p] == 'h') &&
      (t.s[t.p + 1] == '1' || t.s[t.p + 1] == '2') && dbf__tx_is_word_at(t.s, t.n, t.p, 2)) {
    /* Alone, "H2" is as often hydrogen: a year after it, or a word
       that sets a deadline before it. */
    static const char *const cues[] = {"by ", "until ", "till ", "before ",
                                       "of ", "early ", "late ", NULL};
    bool cue = start || dbf__tx_phrase_ends_at(c->s, t.p, cues);
    h = t.s[t.p + 1] - '0';
    t.p += 2;
    cur u = t;
    if (eat_year(&u, &y)) {
      o->explicit_year = true;
      t = u;
    } else if (!cue) {
      return false;
    }
  } else {
    (void)eat(&t, "the");
    h = eat(&t, "first half") ? 1 : eat(&t, "second half") ? 2 : 0;
    if (!h || !eat(&t, "of"))
      return false;
    cur u = t;
    if (eat(&u, "next year"))
      y = ref->y + 1;
    else if ((u = t, eat(&u, "this year") || eat(&u, "the year")))
      y = ref->y;
    else if ((u = t, eat_year(&u, &y)))
      o->explicit_year = true;
    else
      return false;
    t = u;
  }
  if (!h)
    return false;
  if (!y) {
    y = ref->y;
    if (forward && h * 6 < ref->m)
      y++;
  }
  *c = t;
  return set_day(o, start ? (dbf__ymd){y, h * 6 - 5, 1} : (dbf__ymd){y, h * 6, h == 1 ? 30 : 31});
}

/* A calendar week by its number, "week 25", "wk 14", "calendar week 42":
   its Monday. After a word that sets a deadline; after "in", "for",
   "around" or "during" only past week 12, since the early weeks of a
   project are counted the same way ("in week 3 we saw"). Not a week of
   something else ("week 6 of the pilot"). */
static bool try_week_number(cur *c, const dbf__ymd *ref, bool forward, dbf__date *o) {
  static const char *const firm[] = {"by ",    "target ",   "due ",      "delivery ",
                                     "until ", "till ",     "before ",   "latest ",
                                     "from ",  "starting ", "deadline ", NULL};
  static const char *const loose[] = {"in ", "for ", "around ", "during ", NULL};
  cur t = *c;
  bool calendar = eat(&t, "calendar week");
  bool cue_firm = calendar || dbf__tx_phrase_ends_at(c->s, c->p, firm);
  bool cue_loose = !cue_firm && dbf__tx_phrase_ends_at(c->s, c->p, loose);
  if (!calendar && (!eat(&t, "week") || (!cue_firm && !cue_loose)))
    return false;
  skip_sp(&t);
  int w;
  if (!eat_digits(&t, 1, 2, &w) || w < 1 || w > 53 || (cue_loose && w <= 12))
    return false;
  if (t.p < t.n && (dbf__tx_isalnum((unsigned char)t.s[t.p]) || t.s[t.p] == '%'))
    return false;
  cur u = t;
  if (eat(&u, "of") || eat(&u, "into"))
    return false;
  int y = ref->y;
  u = t;
  bool have_year = eat_year(&u, &y);
  if (have_year)
    t = u;
  /* Week 1 holds January 4th; its Monday may fall in December. */
  dbf__ymd jan4 = {y, 1, 4};
  long mon = dbf__days_from_civil(jan4) - dbf__weekday(jan4) + 7L * (w - 1);
  if (!have_year && forward && mon + 6 < dbf__days_from_civil(*ref)) {
    jan4.y++;
    mon = dbf__days_from_civil(jan4) - dbf__weekday(jan4) + 7L * (w - 1);
  }
  dbf__ymd d = dbf__civil_from_days(mon);
  if (w == 53 && dbf__civil_from_days(mon + 3).y != jan4.y)
    return false; /* a year of 52 weeks */
  o->explicit_year = have_year;
  *c = t;
  return set_day(o, d);
}

/* Relative phrases. Returns true and fills o. */
/* True when the words at c count a span from something else: "(the year)
   after the rebrand", "(the year) we merged". */
static bool counted_from(cur c) {
  static const char *const from[] = {"after", "before", "that", "when", "where", "which", "we",
                                     "i",     "they",   "he",   "she",  "you",   "of",    NULL};
  for (size_t k = 0; from[k]; k++) {
    cur t = c;
    if (eat(&t, from[k]))
      return true;
  }
  return false;
}

/* A year said in words on its own, after a word that leads a date: "in
   twenty twenty two", "the summer of twenty twenty", "from autumn twenty
   sixteen", "since two thousand and nine"; or opening a span to a later
   year. */
static bool try_spoken_year(cur *c, dbf__date *o) {
  static const char *const leads[] = {
      "in",    "of",   "since", "from",   "until",  "till", "to",     "through", "by", "around",
      "early", "late", "mid",   "summer", "autumn", "fall", "winter", "spring",  NULL};
  cur t = *c;
  int y;
  if (!eat_spoken_year(&t, &y) || (t.p < t.n && dbf__tx_isalnum((unsigned char)t.s[t.p])))
    return false;
  /* "started twenty nineteen april": the month said after the year. */
  cur mt = t;
  int m = eat_month(&mt);
  if (m) {
    o->explicit_year = true;
    *c = mt;
    return set_month(o, y, m);
  }
  /* "twenty seventeen to twenty twenty one": a year opening a span of
     years needs no lead. */
  cur sp = t;
  int y2;
  bool opens_span =
      (eat(&sp, "to") || eat(&sp, "till") || eat(&sp, "until") || eat(&sp, "through")) &&
      eat_year(&sp, &y2) && y2 >= y;
  if (!opens_span && !word_before_in(c, leads))
    return false;
  o->prec = DBF_DATE_YEAR;
  o->ymd = (dbf__ymd){y, 1, 1};
  o->explicit_year = true;
  *c = t;
  return true;
}

static bool try_relative(cur *c, const dbf__ymd *ref, dbf__date *o) {
  cur t = *c;
  int n;
  if (eat(&t, "today") || eat(&t, "tonight") || eat(&t, "eod") || eat(&t, "end of day") ||
      eat(&t, "end of today")) {
    *c = t;
    return set_day(o, *ref);
  }
  if (eat(&t, "day after tomorrow")) {
    *c = t;
    return set_day(o, add_days(*ref, 2));
  }
  if (eat(&t, "tomorrow") || eat(&t, "tmrw") || eat(&t, "tmr")) {
    *c = t;
    return set_day(o, add_days(*ref, 1));
  }
  if (eat(&t, "yesterday")) {
    *c = t;
    return set_day(o, add_days(*ref, -1));
  }
  t = *c;
  bool in = eat(&t, "in") || eat(&t, "within");
  cur u = t;
  (void)eat(&u, "the next");
  /* "in about two weeks", "in ~6 months": a hedged count, a rough date. */
  cur h = u;
  skip_sp(&h);
  bool hedged = in && (eat(&h, "about") || eat(&h, "around") || eat(&h, "roughly") ||
                       eat(&h, "approx") || eat(&h, "like") || eat(&h, "maybe") ||
                       (h.p < h.n && h.s[h.p] == '~' && (h.p++, true)));
  if (hedged)
    u = h;
  if (eat_count(&u, &n)) {
    int unit = 0;
    if (eat(&u, "days") || eat(&u, "day"))
      unit = 1;
    else if (eat(&u, "weeks") || eat(&u, "week"))
      unit = 7;
    else if (eat(&u, "months") || eat(&u, "month"))
      unit = 30;
    cur v = u;
    bool from_now = eat(&v, "from now") || eat(&v, "from today") || eat(&v, "out");
    if (unit && (in || from_now)) {
      *c = from_now ? v : u;
      /* "within two weeks" is a date; "within a week of getting it" counts
         from something else, and "in six months" is a rough horizon. */
      cur w = *c;
      bool counted = eat(&w, "of") || eat(&w, "after") || eat(&w, "once") || eat(&w, "from when") ||
                     eat(&w, "from receiving");
      o->vague = hedged || unit == 30 || counted;
      if (unit == 30) {
        dbf__ymd r = add_months(*ref, n);
        /* "in six months", "in about 18 months": a horizon of that month,
           no day said ("in a month" stays a rough day). */
        if (!counted && n >= 2) {
          o->vague = false;
          return set_month(o, r.y, r.m);
        }
        return set_day(o, r);
      }
      return set_day(o, add_days(*ref, (long)n * unit));
    }
  }
  t = *c;
  if (eat(&t, "early") && eat(&t, "next month")) {
    /* "early next month": no day is said; the 10th of next month is taken
       as its deadline (a third of the way in), a day the CRM can hold. */
    dbf__ymd nm = add_months((dbf__ymd){ref->y, ref->m, 1}, 1);
    *c = t;
    return set_day(o, (dbf__ymd){nm.y, nm.m, 10});
  }
  t = *c;
  bool end = eat(&t, "end of") || eat(&t, "the end of") || eat(&t, "by the end of");
  if (!end) {
    cur v = t;
    if (eat(&v, "end") && eat(&v, "of"))
      end = true, t = v;
  }
  if (!end) {
    /* Typed without "of": "by end aug", "end march". */
    cur v = t, mv;
    (void)eat(&v, "by");
    if (eat(&v, "end") && (mv = v, eat_month(&mv)))
      end = true, t = v;
  }
  cur v = t;
  bool this_week = eat(&v, "this");
  bool det_week = this_week || eat(&v, "the");
  /* A bare "week" is a rate ("400 trucks a week"), not a date. */
  if ((det_week || end) && eat(&v, "week")) {
    dbf__ymd fri = add_days(*ref, 4 - dbf__weekday(*ref));
    if (cmp_ymd(fri, *ref) < 0)
      fri = *ref;
    *c = v;
    /* "this week" is the meeting's week, which ends on its Friday; "the
       week" may count from something else ("the week after"). */
    o->vague = !end && !this_week;
    return set_day(o, fri);
  }
  v = t;
  bool det_month = eat(&v, "the") || eat(&v, "this");
  /* A bare "week" is a rate ("400 trucks a week"), not a date. */
  if ((det_month || end) && eat(&v, "month")) {
    *c = v;
    if (end)
      return set_day(o, (dbf__ymd){ref->y, ref->m, days_in_month(ref->y, ref->m)});
    o->vague = true;
    return set_month(o, ref->y, ref->m);
  }
  v = t;
  cur the_v = v;
  bool det_year = eat(&v, "the") || eat(&v, "this");
  bool bare_the = det_year && eat(&the_v, "the");
  /* A bare "week" is a rate ("400 trucks a week"), not a date; "the year
     after the rebrand", "the year we merged" count from something else. */
  if (((det_year || end) && eat(&v, "year") && (end || !bare_the || !counted_from(v))) ||
      (end && eat(&v, "fiscal year"))) {
    *c = v;
    if (end)
      return set_day(o, (dbf__ymd){ref->y, 12, 31});
    o->vague = true;
    o->prec = DBF_DATE_YEAR;
    o->ymd = (dbf__ymd){ref->y, 1, 1};
    return true;
  }
  v = t;
  if (eat(&v, "last") || eat(&v, "previous")) {
    /* "left last September": the latest one before ref's month. */
    cur mv = v;
    int lm = eat_month(&mv);
    if (lm) {
      *c = mv;
      o->explicit_year = true;
      return set_month(o, lm < ref->m ? ref->y : ref->y - 1, lm);
    }
    if (eat(&v, "week")) {
      /* "last week Friday", "last week on Tuesday": that day of the week
         before ref's. */
      cur wv = v;
      (void)eat(&wv, "on");
      int wd = eat_weekday(&wv);
      if (wd >= 0) {
        *c = wv;
        return set_day(o, add_days(*ref, wd - dbf__weekday(*ref) - 7));
      }
      /* "they signed last week": a week before ref, roughly. */
      *c = v;
      o->vague = true;
      return set_day(o, add_days(*ref, -7));
    }
    /* "until last year", "left last month": the one before ref's. */

    if (eat(&v, "year")) {
      *c = v;
      o->vague = true;
      o->prec = DBF_DATE_YEAR;
      o->ymd = (dbf__ymd){ref->y - 1, 1, 1};
      return true;
    }
    if (eat(&v, "month")) {
      dbf__ymd pm = add_months((dbf__ymd){ref->y, ref->m, 1}, -1);
      *c = v;
      o->vague = true;
      return set_month(o, pm.y, pm.m);
    }
  }
  v = t;
  if (eat(&v, "next")) {
    if (eat(&v, "week")) {
      /* "next week Thursday", "next week on Monday": that day of the
         week after ref's. */
      cur wv = v;
      (void)eat(&wv, "on");
      int wd = end ? -1 : eat_weekday(&wv);
      if (wd >= 0) {
        *c = wv;
        return set_day(o, add_days(*ref, 7 + wd - dbf__weekday(*ref)));
      }
      *c = v;
      if (end) {
        return set_day(o, add_days(*ref, 7 + 4 - dbf__weekday(*ref)));
      }
      o->vague = true;
      return set_day(o, add_days(*ref, 7));
    }
    if (eat(&v, "month")) {
      dbf__ymd nm = add_months((dbf__ymd){ref->y, ref->m, 1}, 1);
      *c = v;
      if (end)
        return set_day(o, (dbf__ymd){nm.y, nm.m, days_in_month(nm.y, nm.m)});
      o->vague = true;
      return set_month(o, nm.y, nm.m);
    }
    if (eat(&v, "year")) {
      *c = v;
      if (end)
        return set_day(o, (dbf__ymd){ref->y + 1, 12, 31});
      o->vague = true;
      o->prec = DBF_DATE_YEAR;
      o->ymd = (dbf__ymd){ref->y + 1, 1, 1};
      return true;
    }
  }
  if (end) {
    /* "end of November" -> its last day. */
    v = t;
    int m = eat_month(&v);
    if (m) {
      int y;
      bool have_year = eat_year(&v, &y);
      /* "the end of june this year", "end of march last year". */
      cur w = v;
      (void)eat(&w, "of");
      int shift = !have_year && eat(&w, "this year")   ? 0
                  : !have_year && eat(&w, "last year") ? -1
                  : !have_year && eat(&w, "next year") ? 1
                                                       : 2;
      if (shift != 2) {
        y = ref->y + shift;
        have_year = true;
        v = w;
      }
      if (!have_year)
        y = infer_year(ref, m, days_in_month(ref->y, m), true);
      *c = v;
      bool ok = set_day(o, (dbf__ymd){y, m, days_in_month(y, m)});
      o->explicit_year = have_year; /* "the end of January 2025" */
      return ok;
    }
    /* "the end of 2023": its last month. */
    v = t;
    int y;
    if (eat_year(&v, &y)) {
      *c = v;
      bool ok = set_month(o, y, 12);
      o->explicit_year = true;
      return ok;
    }
  }
  t = *c;
  if (eat(&t, "eoy") || eat(&t, "year-end") || eat(&t, "year end")) {
    *c = t;
    return set_day(o, (dbf__ymd){ref->y, 12, 31});
  }
  if (eat(&t, "eom") || eat(&t, "month-end") || eat(&t, "month end")) {
    *c = t;
    return set_day(o, (dbf__ymd){ref->y, ref->m, days_in_month(ref->y, ref->m)});
  }
  return false;
}

/* The weekday (0 = Monday) the word at off names ("Friday", "fri"), or -1. */
int dbf__date_weekday_at(const char *s, size_t n, size_t off) {
  cur c = {s, n, off};
  return eat_weekday(&c);
}

/* "Friday", "next Friday", "this Friday". */
static bool try_weekday(cur *c, const dbf__ymd *ref, dbf__date *o) {
  cur t = *c;
  bool next = eat(&t, "next");
  /* "this past Monday", "past Monday": the one before ref. */
  bool last = !next && (eat(&t, "last") || eat(&t, "this past") || eat(&t, "past"));
  if (!next && !last)
    (void)eat(&t, "this");
  int w = eat_weekday(&t);
  if (w < 0)
    return false;
  int rw = dbf__weekday(*ref);
  long delta;
  cur u = t;
  if (!next && !last && (eat(&u, "next week") || (eat(&u, "of") && eat(&u, "next week")))) {
    /* "Friday next week": that day in the week after ref's. */
    *c = u;
    return set_day(o, add_days(*ref, 7 - rw + w));
  }
  u = t;
  if (!next && !last && (eat(&u, "last week") || (eat(&u, "of") && eat(&u, "last week")))) {
    /* "Wednesday last week", "Friday of last week": that day in the week
       before ref's. */
    *c = u;
    return set_day(o, add_days(*ref, w - rw - 7));
  }
  u = t;
  /* "Tuesday just gone", "Monday just past": the latest one before ref. */
  if (!next && !last && eat(&u, "just") && (eat(&u, "gone") || eat(&u, "past"))) {
    delta = -(long)((rw - w + 7) % 7);
    *c = u;
    return set_day(o, add_days(*ref, delta == 0 ? -7 : delta));
  }
  if (last) {
    delta = -(long)((rw - w + 7) % 7);
    if (delta == 0)
      delta = -7;
  } else {
    delta = (w - rw + 7) % 7;
    if (delta == 0)
      delta = 7;
    /* "next Friday" said early in the week means the one after this week's. */
    if (next && rw + delta <= 6)
      delta += 7;
  }
  /* "friday the twenty third", "Monday the 12th of October": the day
     said after the weekday names the date. */
  cur v = t;
  dbf__date day = *o;
  if (!next && !last && eat(&v, "the") && try_day_first_after(&v, ref, true, true, true, &day)) {
    *o = day;
    *c = v;
    return true;
  }
  /* "thursday 4th", "by friday twenty second": dictated without "the",
     a day with an ordinal ending, or an ordinal word past "third" ("friday
     first" orders tasks), still names the date. */
  v = t;
  /* "Friday, 13 March": a comma may part the weekday from its date. */
  if (v.p + 2 < v.n && v.s[v.p] == ',' && v.s[v.p + 1] == ' ')
    v.p++;
  day = *o;
  int d = 0;
  cur probe = v;
  skip_sp(&probe);
  cur num = probe;
  bool suffixed = false;
  if (eat_digits(&num, 1, 2, &d)) {
    size_t digits_end = num.p;
    eat_ordinal(&num);
    suffixed = num.p > digits_end;
  }
  cur word = probe;
  bool worded = !suffixed && eat_ordinal_word(&word, &d) && d > 3;
  /* "by fri 25.9.", "Tuesday 03.11": a day and month typed with a dot. */
  if (!next && !last && !suffixed && num.p > probe.p && num.p + 1 < num.n && num.s[num.p] == '.' &&
      num.s[num.p + 1] >= '0' && num.s[num.p + 1] <= '9') {
    cur dn = probe;
    day = *o;
    if (try_numeric(&dn, ref, true, &day)) {
      *o = day;
      *c = dn;
      return true;
    }
  }
  /* "Friday 13 March", "Tue 4 Nov": a plain day with its month after it. */
  cur mon = num;
  bool month_after = !suffixed && num.p > probe.p && eat_month(&mon);
  if (!next && !last && (suffixed || worded || month_after) &&
      try_day_first_after(&v, ref, true, true, true, &day)) {
    *o = day;
    *c = v;
    return true;
  }
  *c = t;
  return set_day(o, add_days(*ref, delta));
}

/* "the second week of December", "3rd wk of feb", "the last week in
   March": a week inside a named month is that month. */
static bool nth_week_of_month(cur *c, const dbf__ymd *ref, bool forward, dbf__date *o) {
  cur t = *c;
  if (!eat(&t, "week") || !(eat(&t, "of") || eat(&t, "in")))
    return false;
  int m = eat_month_bound(&t), y;
  if (!m)
    return false;
  if (eat_year(&t, &y))
    o->explicit_year = true;
  else
    y = infer_year(ref, m, 0, forward);
  if (!set_month(o, y, m))
    return false;
  *c = t;
  return true;
}

/* "of the month", "in this month", "of next month" after a weekday: the
   month it names (1 next month, 0 this one), or -1. */
static int month_ahead(cur *c) {
  cur t = *c;
  (void)eat(&t, "the");
  int ahead = eat(&t, "month") || eat(&t, "this month") ? 0 : eat(&t, "next month") ? 1 : -1;
  if (ahead >= 0)
    *c = t;
  return ahead;
}

/* "the first Tuesday of April", "the last Friday in June", "the last
   Thursday of the month": that day. */
static bool try_nth_weekday(cur *c, const dbf__ymd *ref, bool forward, dbf__date *o) {
  cur t = *c;
  (void)eat(&t, "the");
  int nth = eat_nth(&t);
  if (!nth)
    return false;
  if (nth_week_of_month(&t, ref, forward, o)) {
    *c = t;
    return true;
  }
  int w = eat_weekday(&t);
  if (w < 0 || !(eat(&t, "of") || eat(&t, "in")))
    return false;
  int m = eat_month_bound(&t), y;
  int ahead = m ? -1 : month_ahead(&t);
  if (ahead >= 0) {
    dbf__ymd r = add_months((dbf__ymd){ref->y, ref->m, 1}, ahead);
    y = r.y;
    m = r.m;
  } else if (!m) {
    return false;
  } else if (eat_year(&t, &y)) {
    o->explicit_year = true;
  } else {
    y = infer_year(ref, m, 0, forward);
  }
  if (!set_nth_weekday(o, y, m, nth, w))
    return false;
  *c = t;
  return true;
}

/* "before Christmas": December 25th. */
static bool try_holiday(cur *c, const dbf__ymd *ref, bool forward, dbf__date *o) {
  cur t = *c;
  if (!(eat(&t, "christmas") || eat(&t, "xmas")))
    return false;
  int y;
  if (eat_year(&t, &y))
    o->explicit_year = true;
  else
    y = infer_year(ref, 12, 25, forward);
  if (!set_day(o, (dbf__ymd){y, 12, 25}))
    return false;
  o->vague = true; /* a season's bound; a day said with it narrows it */
  *c = t;
  return true;
}

/* "not Tuesday", "instead of Tuesday", "rather than Tuesday". */
static bool negated_at(const char *s, size_t off) {
  static const char *const neg[] = {"not ",    "instead of ", "rather than ", "not on ",
                                    "not by ", "wasn't ",     "isn't ",       NULL};
  return dbf__tx_phrase_ends_at(s, off, neg);
}

size_t dbf__date_scan(const char *s, size_t n, const dbf__ymd *ref, bool forward, dbf__date *out,
                      size_t max) {
  size_t cnt = 0;
  for (size_t i = 0; i < n && cnt < max;) {
    if (i > 0 && dbf__tx_isalnum((unsigned char)s[i - 1]) && dbf__tx_isalnum((unsigned char)s[i])) {
      i++;
      continue;
    }
    if (!dbf__tx_isalnum((unsigned char)s[i])) {
      i++;
      continue;
    }
    cur c = {s, n, i};
    dbf__date o;
    memset(&o, 0, sizeof(o));
    bool ok = false;
    /* "the week of October 26": that day. */
    cur wk = c;
    if (eat(&wk, "the week of") || eat(&wk, "week of")) {
      cur u = wk;
      ok = try_month_first(&u, ref, forward, &o);
      if (!ok) {
        memset(&o, 0, sizeof(o));
        u = wk;
        ok = try_day_first(&u, ref, forward, true, &o); /* "wk of 20th" */
      }
      if (ok)
        c = u;
      else
        memset(&o, 0, sizeof(o));
    }
    if (!ok) {
      cur t = c;
      bool start = eat(&t, "start of") || eat(&t, "beginning of") || eat(&t, "early");
      bool end = !start && (eat(&t, "end of") || eat(&t, "the end of"));
      /* "mid-Q3", "the middle of Q1". */
      bool mid = !start && !end &&
                 (eat(&t, "middle of") || eat(&t, "the middle of") ||
                  (eat(&t, "mid") && (eat_ch(&t, '-') || true)));
      cur q = t;
      if (try_quarter(&q, ref, forward, start, mid, &o)) {
        c = q;
        ok = true;
      } else if (!mid) {
        memset(&o, 0, sizeof(o));
        q = t;
        ok = try_half_year(&q, ref, forward, start, &o);
        if (ok)
          c = q;
      }
    }
    if (!ok) {
      memset(&o, 0, sizeof(o));
      cur q = c;
      ok = try_week_number(&q, ref, forward, &o);
      if (ok)
        c = q;
    }
    if (!ok)
      ok = try_nth_weekday(&c, ref, forward, &o);
    if (!ok && cnt > 0) {
      /* "end of this month, the last Thursday", "in May - the
         second Friday": a weekday counted with no month after it falls
         in the month of the date just said, in the same clause. */
      cur t = c;
      const dbf__date *p = &out[cnt - 1];
      int nth = eat(&t, "the") ? eat_nth(&t) : 0;
      int wd = nth ? eat_weekday(&t) : -1;
      cur after = t;
      bool same = wd >= 0 && !p->vague && !p->negated && p->prec != DBF_DATE_YEAR &&
                  !(eat(&after, "of") || eat(&after, "in"));
      for (size_t q = p->off + p->len; same && q < i; q++)
        same = !strchr(";.!?", s[q]) && !(q + 5 <= i && dbf__tx_ieqn(s + q, " and ", 5));
      same = same && i - (p->off + p->len) <= 24 && s[p->off + p->len - 1] != '.';
      memset(&o, 0, sizeof(o));
      if (same && set_nth_weekday(&o, p->ymd.y, p->ymd.m, nth, wd)) {
        c = t;
        ok = true;
      } else {
        memset(&o, 0, sizeof(o));
      }
    }
    if (!ok) {
      memset(&o, 0, sizeof(o));
      c.p = i;
      ok = try_holiday(&c, ref, forward, &o);
    }
    if (!ok) {
      memset(&o, 0, sizeof(o));
      c.p = i;
      ok = try_relative(&c, ref, &o);
    }
    if (!ok) {
      memset(&o, 0, sizeof(o));
      ok = try_weekday(&c, ref, &o);
    }
    if (!ok) {
      memset(&o, 0, sizeof(o));
      ok = try_month_first(&c, ref, forward, &o);
    }
    if (!ok) {
      memset(&o, 0, sizeof(o));
      c.p = i;
      ok = try_spoken_year(&c, &o);
    }
    if (!ok) {
      memset(&o, 0, sizeof(o));
      c.p = i;
      ok = try_day_first(&c, ref, forward, false, &o);
    }
    if (!ok && s[i] >= '0' && s[i] <= '9') {
      memset(&o, 0, sizeof(o));
      c.p = i;
      ok = try_numeric(&c, ref, forward, &o);
    }
    if (!ok || c.p <= i) {
      i++;
      continue;
    }
    o.off = i;
    o.len = c.p - i;
    o.negated = negated_at(s, i);
    if (o.bare_day) {
      /* "mid-December, Rodrigo said the 15th": the month last named. */
      for (size_t k = cnt; k-- > 0;) {
        const dbf__date *p = &out[k];
        if (p->bare_day || p->vague || p->prec == DBF_DATE_YEAR)
          continue;
        /* Not across a new clause: "the install for June, and I'll call
           Claire on the 15th" is this month's 15th. */
        bool same = true;
        for (size_t q = p->off + p->len; q + 4 < i && same; q++)
          same = s[q] != ';' && !dbf__tx_ieqn(s + q, " and ", 5);
        dbf__ymd r = {p->ymd.y, p->ymd.m, o.ymd.d};
        if (same && r.d <= days_in_month(r.y, r.m))
          o.ymd = r;
        break;
      }
    }
    out[cnt++] = o;
    i = c.p;
  }
  return cnt;
}
