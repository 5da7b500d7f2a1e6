/*
 * text.c - text helpers for the rule extractor (see text.h).
 *
 * Everything works on bytes of an already-normalized UTF-8 buffer. Case
 * folding is ASCII-only on purpose: multibyte characters compare exactly,
 * so a split or a fold can never cut a character in half.
 */
#include "engine/text.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#include "core/alloc.h"

/* Decodes one UTF-8 sequence at s[i..n); returns its length (0 if invalid). */
static size_t utf8_decode(const unsigned char *s, size_t n, size_t i, unsigned *cp) {
  unsigned char c = s[i];
  size_t len;
  unsigned v;
  if (c < 0x80) {
    *cp = c;
    return 1;
  }
  if (c >= 0xC2 && c <= 0xDF) {
    len = 2;
    v = c & 0x1Fu;
  } else if (c >= 0xE0 && c <= 0xEF) {
    len = 3;
    v = c & 0x0Fu;
  } else if (c >= 0xF0 && c <= 0xF4) {
    len = 4;
    v = c & 0x07u;
  } else {
    return 0;
  }
  if (n - i < len)
    return 0;
  for (size_t k = 1; k < len; k++) {
    if ((s[i + k] & 0xC0u) != 0x80u)
      return 0;
    v = (v << 6) | (s[i + k] & 0x3Fu);
  }
  /* Reject overlong forms, surrogates and values past U+10FFFF, which
     jansson would refuse later anyway. */
  if ((len == 3 && v < 0x800) || (len == 4 && (v < 0x10000 || v > 0x10FFFF)) ||
      (v >= 0xD800 && v <= 0xDFFF))
    return 0;
  *cp = v;
  return len;
}

/* Contractions typed without their apostrophe, as on a phone ("didnt",
   "theyre"), and where the apostrophe goes back: the negations and subjects
   the rules read are spelled with it. Only forms that are no word of their
   own ("cant" and "wont" are rare enough; "were", "well", "ill", "id" and
   "lets" are left alone). */
static const struct {
  const char *typed;
  unsigned char at; /* the apostrophe goes before typed[at] */
} k_bare_contractions[] = {
    {"dont", 3},    {"didnt", 4},   {"doesnt", 5},  {"isnt", 3},     {"wasnt", 4},   {"arent", 4},
    {"werent", 5},  {"couldnt", 6}, {"wouldnt", 6}, {"shouldnt", 7}, {"havent", 5},  {"hasnt", 4},
    {"hadnt", 4},   {"cant", 3},    {"wont", 3},    {"aint", 3},     {"mustnt", 5},  {"neednt", 5},
    {"theyre", 4},  {"youre", 3},   {"thats", 4},   {"whats", 4},    {"theres", 5},  {"im", 1},
    {"ive", 1},     {"theyve", 4},  {"weve", 2},    {"youve", 3},    {"theyll", 4},  {"youll", 3},
    {"itll", 2},    {"shes", 3},    {"hes", 2},     {"whos", 3},     {"wouldve", 5}, {"couldve", 5},
    {"shouldve", 6}};

/* Copies s[0..n) into out with the apostrophes of bare contractions put
   back; out has room for n + n / 2 + 1 bytes. Returns the new length. */
static size_t restore_apostrophes(const char *s, size_t n, char *out) {
  size_t o = 0;
  for (size_t i = 0; i < n;) {
    size_t e = i;
    while (e < n && ((s[e] >= 'a' && s[e] <= 'z') || (s[e] >= 'A' && s[e] <= 'Z')))
      e++;
    if (e == i) {
      out[o++] = s[i++];
      continue;
    }
    bool word_start = i == 0 || (!dbf__tx_isalnum((unsigned char)s[i - 1]) && s[i - 1] != '\'');
    bool word_end = e == n || (!dbf__tx_isalnum((unsigned char)s[e]) && s[e] != '\'');
    /* In lower case, or capitalized where a sentence starts: a capital
       inside a sentence is a name ("Im", "Ive"). */
    bool lower = true;
    for (size_t k = i + 1; k < e; k++)
      lower = lower && s[k] >= 'a' && s[k] <= 'z';
    size_t b = i;
    while (b > 0 && s[b - 1] == ' ')
      b--;
    bool opens = b == 0 || strchr(".!?\n", s[b - 1]);
    lower = lower && ((s[i] >= 'a' && s[i] <= 'z') || opens);
    size_t at = 0;
    for (size_t k = 0; lower && word_start && word_end && k < DBF_ARRAY_LEN(k_bare_contractions);
         k++) {
      const char *t = k_bare_contractions[k].typed;
      if (strlen(t) == e - i && dbf__tx_ieqn(s + i, t, e - i))
        at = k_bare_contractions[k].at;
    }
    for (size_t k = i; k < e; k++) {
      if (at && k == i + at)
        out[o++] = '\'';
      out[o++] = s[k];
    }
    i = e;
  }
  return o;
}

/*
 * Hesitations of speech ("um", "uh", "erm") say nothing, and a speaker who
 * restarts after one repeats or replaces what came before: "from uh from
 * the depot", "two hundred um two hundred and fifty", "a buyer um senior
 * buyer". A dictated answer is read as the speaker meant it: the hesitation
 * goes, and so does what its repair replaces - the words before it that
 * the words after it say again, or a last word the next two or three words
 * end on again. A stutter of a small word ("the the", "we we") goes too.
 * The one list of hesitation words.
 */
static const char *const k_hesitations[] = {"um", "umm", "uh",   "uhh", "uhm",
                                            "er", "erm", "errm", "ehm", NULL};
bool dbf__tx_hesitation(const char *s, size_t n) {
  return dbf__tx_word_in(s, n, k_hesitations);
}

static const char *const k_opinion_verbs[] = {"thinks", "feels", "believes", "reckons", "suspects",
                                              "doubts", "fears", "worries",  NULL};

bool dbf__tx_opinion_verb(const char *s, size_t n) {
  return dbf__tx_word_in(s, n, k_opinion_verbs);
}

static const char *const k_stutter_words[] = {"i",  "we",   "they", "he",  "she", "it",    "the",
                                              "a",  "an",   "to",   "and", "of",  "in",    "on",
                                              "so", "with", "from", "my",  "our", "their", NULL};

static bool same_word(const char *s, dbf_span a, dbf_span b) {
  return a.len == b.len && dbf__tx_ieqn(s + a.off, s + b.off, a.len);
}

/* True when only spaces stand between words a and b (no pause mark). */
static bool joined(const char *s, dbf_span a, dbf_span b) {
  for (size_t i = a.off + a.len; i < b.off; i++)
    if (s[i] != ' ')
      return false;
  return true;
}

static void mark(bool *drop, size_t from, size_t to) {
  for (size_t i = from; i < to; i++)
    drop[i] = true;
}

/* The bytes of the repair's replaced words before hesitation h, as
   [*from, w[h].off), or false when the speaker restarted nothing. */
static bool reparandum(const char *s, const dbf_span *w, size_t nw, size_t h, size_t *from) {
  if (h == 0 || h + 1 >= nw || !joined(s, w[h - 1], w[h]))
    return false;
  /* "two hundred um two hundred and fifty": the words before it said again. */
  for (size_t j = 4; j >= 1; j--) {
    if (j > h || h + j >= nw)
      continue;
    bool same = true;
    for (size_t k = 0; k < j && same; k++)
      same = same_word(s, w[h - j + k], w[h + 1 + k]) &&
             (k + 1 == j ||
              (joined(s, w[h - j + k], w[h - j + k + 1]) && joined(s, w[h + 1 + k], w[h + 2 + k])));
    if (same) {
      *from = w[h - j].off;
      return true;
    }
  }
  /* "forty uh forty-five", "3 um 4 weeks": a figure replaces the one
     before it. */
  dbf_span last = w[h - 1];
  int v = 0;
  if (joined(s, w[h], w[h + 1]) &&
      ((s[last.off] >= '0' && s[last.off] <= '9') || dbf__tx_number_word(s + last.off, last.len)) &&
      ((s[w[h + 1].off] >= '0' && s[w[h + 1].off] <= '9') ||
       dbf__tx_number_word_at(s, w[h + 1].off, w[h + 1].off + w[h + 1].len, &v))) {
    *from = last.off;
    return true;
  }
  /* "a buyer um senior buyer": the last word comes again two or three
     words on, after the words that replace what went before it. */
  if (last.len < 3 || dbf__tx_function_word(s + last.off, last.len))
    return false;
  for (size_t m = 2; m <= 3 && h + m < nw; m++) {
    if (!joined(s, w[h + m - 1], w[h + m]))
      break;
    if (same_word(s, last, w[h + m])) {
      /* "the pilot um the second pilot": the word before it too, when the
         repair opens with it again. */
      bool again = h >= 2 && same_word(s, w[h - 2], w[h + 1]) && joined(s, w[h - 2], last);
      *from = again ? w[h - 2].off : last.off;
      return true;
    }
  }
  return false;
}

/* Drops hesitations, their repairs' replaced words and small-word stutters
   from s[0..n) in place; returns the new length. */
static size_t drop_disfluencies(char *s, size_t n) {
  size_t cap = n / 2 + 1;
  dbf_span *w = dbf_malloc(cap * sizeof *w);
  bool *drop = dbf_calloc(n + 1, sizeof *drop);
  if (!w || !drop) {
    dbf_free(w);
    dbf_free(drop);
    return n;
  }
  size_t nw = dbf__tx_words(s, n, w, cap);
  bool any = false;
  for (size_t h = 0; h < nw; h++) {
    if (dbf__tx_hesitation(s + w[h].off, w[h].len)) {
      size_t from = w[h].off, to = w[h].off + w[h].len;
      if (!reparandum(s, w, nw, h, &from))
        while (from > 0 && s[from - 1] == ' ')
          from--;
      /* ", uh," is one pause: both its commas go with it, and so does the
         comma before one that ends a sentence. */
      bool comma_after = to < n && s[to] == ',';
      if (comma_after)
        to++;
      if (from > 0 && s[from - 1] == ',' && (comma_after || to == n || strchr(".!?\n", s[to])))
        from--;
      mark(drop, from, to);
      any = true;
    } else if (h + 1 < nw && same_word(s, w[h], w[h + 1]) && joined(s, w[h], w[h + 1]) &&
               dbf__tx_word_in(s + w[h].off, w[h].len, k_stutter_words)) {
      mark(drop, w[h].off, w[h + 1].off);
      any = true;
    }
  }
  size_t o = 0;
  if (any) {
    /* Only the spaces a dropped span leaves behind are tidied: doubled,
       before a comma or a full stop, or at either end. */
    bool cap_next = false, after_drop = false;
    for (size_t i = 0; i < n; i++) {
      if (drop[i]) {
        /* A capital hesitation opening a sentence passes its capital on. */
        if (dbf__tx_isupper((unsigned char)s[i]) &&
            (o == 0 || strchr(".!?\n", s[o - 1]) ||
             (o >= 2 && s[o - 1] == ' ' && strchr(".!?\n", s[o - 2]))))
          cap_next = true;
        after_drop = true;
        continue;
      }
      char c = s[i];
      if (after_drop && c == ' ' && (o == 0 || s[o - 1] == ' ' || s[o - 1] == '\n'))
        continue;
      if (after_drop && (c == ',' || c == '.') && o > 0 && s[o - 1] == ' ')
        o--;
      if (cap_next && c >= 'a' && c <= 'z')
        c = (char)(c - 'a' + 'A');
      if (c != ' ') {
        cap_next = false;
        after_drop = false;
      }
      s[o++] = c;
    }
    while (o > 0 && s[o - 1] == ' ' && after_drop)
      o--;
  } else {
    o = n;
  }
  dbf_free(w);
  dbf_free(drop);
  return o;
}

dbf_err dbf__tx_normalize(const char *text, char **out, size_t *out_len) {
  const unsigned char *s = (const unsigned char *)(text ? text : "");
  size_t n = strlen((const char *)s);
  /* Input is capped first so the loop below is bounded; output can only
     shrink or stay equal except "..." for U+2026 (3 bytes in, 3 out). */
  if (n > DBF_TX_MAX_INPUT)
    n = DBF_TX_MAX_INPUT;
  char *buf = dbf_malloc(n + 1);
  size_t o = 0;
  if (!buf) {
    *out = NULL;
    return DBF_ERR_NOMEM;
  }
  for (size_t i = 0; i < n;) {
    unsigned cp = 0;
    size_t len = utf8_decode(s, n, i, &cp);
    if (len == 0) {
      i++; /* drop the invalid byte */
      continue;
    }
    const char *rep = NULL;
    switch (cp) {
      case 0x2018:
      case 0x2019:
      case 0x201B:
      case 0x2032:
      case 0x00B4:
        rep = "'";
        break;
      case 0x201C:
      case 0x201D:
      case 0x201E:
        rep = "\"";
        break;
      case 0x2010:
      case 0x2011:
      case 0x2012:
      case 0x2013:
      case 0x2014:
      case 0x2212:
        rep = "-";
        break;
      case 0x00A0:
      case 0x2002:
      case 0x2003:
      case 0x2009:
      case 0x200A:
      case 0x202F:
        rep = " ";
        break;
      case 0x2026:
        rep = "...";
        break;
      case 0x200B:
      case 0xFEFF:
        rep = "";
        break;
      default:
        break;
    }
    if (!rep && cp < 0x20)
      rep = (cp == '\n' || cp == '\r') ? "\n" : " ";
    if (!rep && cp == 0x7F)
      rep = " ";
    if (rep) {
      size_t rl = strlen(rep);
      if (o + rl > n) /* only "..." can grow, never past the input size */
        break;
      memcpy(buf + o, rep, rl);
      o += rl;
    } else {
      memcpy(buf + o, s + i, len);
      o += len;
    }
    i += len;
  }
  buf[o] = '\0';
  /* Each restored apostrophe follows a word of two letters or more. */
  char *fixed = dbf_malloc(o + o / 2 + 1);
  if (!fixed) {
    dbf_free(buf);
    *out = NULL;
    return DBF_ERR_NOMEM;
  }
  o = restore_apostrophes(buf, o, fixed);
  o = drop_disfluencies(fixed, o);
  fixed[o] = '\0';
  dbf_free(buf);
  *out = fixed;
  if (out_len)
    *out_len = o;
  return DBF_OK;
}

bool dbf__tx_is_word_at(const char *s, size_t n, size_t off, size_t len) {
  if (off > n || len > n - off)
    return false;
  /* Only alphanumeric edges need a boundary: "C++" or ".NET" end or start
     on punctuation and can touch anything. */
  if (len > 0 && off > 0 && dbf__tx_isalnum((unsigned char)s[off]) &&
      dbf__tx_isalnum((unsigned char)s[off - 1]))
    return false;
  size_t e = off + len;
  if (len > 0 && e < n && dbf__tx_isalnum((unsigned char)s[e - 1]) &&
      dbf__tx_isalnum((unsigned char)s[e]))
    return false;
  return true;
}

size_t dbf__tx_find_word(const char *s, size_t n, size_t from, const char *needle) {
  size_t nl = strlen(needle);
  if (nl == 0 || nl > n)
    return (size_t)-1;
  char first = dbf__tx_lower(needle[0]);
  for (size_t i = from; i + nl <= n; i++) {
    if (dbf__tx_lower(s[i]) == first && dbf__tx_ieqn(s + i + 1, needle + 1, nl - 1) &&
        dbf__tx_is_word_at(s, n, i, nl))
      return i;
  }
  return (size_t)-1;
}

size_t dbf__tx_find_any(const char *s, size_t n, size_t from, const char *const *needles,
                        size_t *which) {
  size_t best = (size_t)-1;
  for (size_t k = 0; needles[k]; k++) {
    size_t p = dbf__tx_find_word(s, n, from, needles[k]);
    if (p < best) {
      best = p;
      if (which)
        *which = k;
    }
  }
  return best;
}

static bool is_trim_char(unsigned char c) {
  return dbf__tx_isspace(c) || c == ',' || c == '.' || c == ';' || c == ':' || c == '!' ||
         c == '?' || c == '"' || c == '(' || c == ')' || c == '-' || c == '\'' || c == '*';
}

dbf_span dbf__tx_trim(const char *s, dbf_span sp) {
  while (sp.len > 0 && is_trim_char((unsigned char)s[sp.off])) {
    /* Keep a leading "$" or "." of ".NET"-style words out of this set. */
    sp.off++;
    sp.len--;
  }
  while (sp.len > 0) {
    unsigned char c = (unsigned char)s[sp.off + sp.len - 1];
    /* Keep the closing ")" of "(VP)" and "+" of "C++" ("+" is not trimmed). */
    if (c == ')' && memchr(s + sp.off, '(', sp.len))
      break;
    if (!is_trim_char(c))
      break;
    sp.len--;
  }
  return sp;
}

/* Short forms that take a full stop and go on ("incl. VAT", "esp. the
   night shift"); one that often ends a sentence ("etc.") is no such form. */
static const char *const k_abbrevs[] = {"mr",  "mrs",  "ms",   "dr",     "prof", "inc",    "ltd",
                                        "co",  "corp", "vs",   "approx", "jr",   "sr",     "st",
                                        "e.g", "i.e",  "eg",   "ie",     "cf",   "etc.al", "no",
                                        "ca",  "incl", "excl", "esp",    "dept", NULL};

/* True when the '.' at s[i] ends an abbreviation or an initial, not a sentence. */
static bool dot_is_abbrev(const char *s, size_t i) {
  size_t b = i;
  while (b > 0 && (dbf__tx_isalnum((unsigned char)s[b - 1]) || s[b - 1] == '.'))
    b--;
  size_t wl = i - b;
  if (wl == 0)
    return false;
  /* A single capital letter ("J. Smith") is an initial. */
  if (wl == 1 && dbf__tx_isupper((unsigned char)s[b]))
    return true;
  for (size_t k = 0; k_abbrevs[k]; k++) {
    if (strlen(k_abbrevs[k]) == wl && dbf__tx_ieqn(s + b, k_abbrevs[k], wl))
      return true;
  }
  return false;
}

/* A month's short form before a year or a day: "Oct. 2018", "Sept. 14". */
static bool dot_after_month(const char *s, size_t n, size_t i) {
  static const char *const mon[] = {"jan", "feb",  "mar", "apr", "jun", "jul", "aug",
                                    "sep", "sept", "oct", "nov", "dec", NULL};
  size_t b = i;
  while (b > 0 && dbf__tx_isalnum((unsigned char)s[b - 1]))
    b--;
  bool month = false;
  for (size_t k = 0; mon[k] && !month; k++)
    month = strlen(mon[k]) == i - b && dbf__tx_ieqn(s + b, mon[k], i - b);
  size_t j = i + 1;
  while (j < n && s[j] == ' ')
    j++;
  if (j < n && s[j] == '\'')
    j++;
  return month && j < n && s[j] >= '0' && s[j] <= '9';
}

/*
 * The length of an inline list marker at s[i] ("1. ", "2) ") numbered
 * want, or 0. A marker follows the start or a space and is followed by
 * a space.
 */
static size_t list_marker_at(const char *s, size_t n, size_t i, int want) {
  if (i > 0 && !dbf__tx_isspace((unsigned char)s[i - 1]))
    return 0;
  size_t e = i;
  int v = 0;
  while (e < n && e - i < 2 && s[e] >= '0' && s[e] <= '9')
    v = v * 10 + (s[e++] - '0');
  if (e == i || v != want || e + 1 >= n || (s[e] != '.' && s[e] != ')') || s[e + 1] != ' ')
    return 0;
  return e + 2 - i;
}

static bool starts_subject(const char *s, size_t n, size_t p);

/*
 * A dictated run-on ("we showed them the dispatch board so they want a
 * pilot and then I send the quote by friday") has no full stops, yet a
 * listener hears where one thought ends: at "so", "and then", "anyway", "then"
 * or "also" followed by a new subject (a pronoun or a name). Only a run-on
 * is cut there: at least RUNON_WORDS words since the last cut and no comma
 * or semicolon among them, so punctuated text keeps its sentences.
 */
#define RUNON_WORDS 8
static const char *const k_runon_turns[] = {"and then", "so then", "and so", "so",
                                            "anyway",   "also",    "then",   NULL};

/* The length of the turn word at s[i..) that cuts a run-on there, or 0.
   The caller counts the words and the punctuation since the last cut, so
   a long answer is read once. */
static size_t runon_cut_at(const char *s, size_t n, size_t i) {
  if (i == 0 || s[i - 1] != ' ' || !(s[i] >= 'a' && s[i] <= 'z'))
    return 0;
  for (size_t k = 0; k_runon_turns[k]; k++) {
    size_t l = strlen(k_runon_turns[k]);
    if (i + l < n && dbf__tx_ieqn(s + i, k_runon_turns[k], l) && s[i + l] == ' ' &&
        starts_subject(s, n, i + l))
      return l;
  }
  return 0;
}

/* Pronouns that can only be a subject: where one follows a finished
   thought in a run-on, a new sentence starts ("we showed them the board they
   want a pilot"). */
static const char *const k_subject_pronouns[] = {
    "i",      "we",    "they",  "he",     "she",   "i'll",    "i'm",     "i've",
    "i'd",    "we'll", "we're", "we've",  "we'd",  "they'll", "they're", "they've",
    "they'd", "he'll", "he's",  "she'll", "she's", NULL};

/* Words after which a subject goes on the same thought: conjunctions,
   words that open a clause, and verbs of saying or thinking ("they said
   we ...", "I think they ..."). */
static const char *const k_clause_openers[] = {
    "and",    "but",       "or",        "so",      "because", "cause",     "cos",      "if",
    "when",   "while",     "where",     "whereas", "since",   "until",     "unless",   "as",
    "though", "although",  "which",     "who",     "what",    "how",       "why",      "whether",
    "before", "after",     "once",      "that",    "than",    "said",      "says",     "say",
    "told",   "tell",      "think",     "thought", "thinks",  "know",      "knew",     "guess",
    "hope",   "feel",      "felt",      "believe", "mean",    "meant",     "reckon",   "suppose",
    "sure",   "like",      "then",      "also",    "even",    "maybe",     "probably", "saying",
    "asked",  "explained", "mentioned", "agreed",  "whom",    "basically", "no",       "yes",
    "yeah",   "oh",        "well",      "okay",    "ok",      "actually",  "sorry",    "wait",
    "now",    NULL};

/* "I think", "we reckon": said in passing, the thought before goes on. */
static const char *const k_asides[] = {"think",    "guess",  "mean",    "believe", "reckon",
                                       "suppose",  "feel",   "hope",    "know",    "recall",
                                       "remember", "said",   "say",     "heard",   "gather",
                                       "assume",   "figure", "imagine", NULL};

/* Words after a verb that show its object is missing: the clause is a
   noun's ("the signage I pushed", "the tool we use for rosters", "the
   price they quoted was high"), not a new thought. */
static const char *const k_gap_after[] = {
    "for",  "to",  "with", "in",     "on",    "at",   "from",  "of",   "by",        "about", "last",
    "this", "was", "is",   "were",   "are",   "has",  "had",   "will", "would",     "and",   "but",
    "or",   "so",  "then", "before", "after", "back", "there", "here", "yesterday", "today", NULL};

/* Auxiliaries and modals after a subject: a finite clause follows. */
static const char *const k_auxiliaries[] = {
    "will",   "would", "can",     "could",  "should",  "must",   "might",   "may",     "have",
    "has",    "had",   "are",     "were",   "was",     "is",     "do",      "did",     "don't",
    "didn't", "won't", "can't",   "wasn't", "weren't", "aren't", "doesn't", "haven't", "hasn't",
    "also",   "just",  "already", "still",  "really",  "never",  "then",    NULL};

static size_t word_end(const char *s, size_t n, size_t i) {
  while (i < n && (dbf__tx_isalnum((unsigned char)s[i]) || s[i] == '\''))
    i++;
  return i;
}

/* A function word written with a capital inside a run ("... the March
   update Also our support ...") starts a sentence whose full stop was
   lost; "I" is always written so. */
static bool capital_cut_at(const char *s, size_t n, size_t i) {
  if (i < 2 || s[i - 1] != ' ' || !dbf__tx_isupper((unsigned char)s[i]))
    return false;
  size_t e = word_end(s, n, i);
  for (size_t k = i + 1; k < e; k++)
    if (!(s[k] >= 'a' && s[k] <= 'z') && s[k] != '\'')
      return false;
  if (e - i < 2 || (s[i] == 'I' && (e - i == 1 || s[i + 1] == '\'')) ||
      !dbf__tx_function_word(s + i, e - i) || dbf__tx_number_word(s + i, e - i))
    return false;
  /* Between capitals it is part of a name: "The Loan Desk", "Bay Of Plenty". */
  dbf_span before = dbf__tx_word_before(s, i);
  size_t a = e;
  while (a < n && s[a] == ' ')
    a++;
  bool article =
      (e - i == 3 && dbf__tx_ieqn(s + i, "the", 3)) || (e - i == 2 && dbf__tx_ieqn(s + i, "an", 2));
  return !(before.len > 0 && dbf__tx_isupper((unsigned char)s[before.off])) &&
         !(article && a < n && dbf__tx_isupper((unsigned char)s[a]));
}

/* Words that open a time phrase before a date: "by", "until", "end". */
static const char *const k_time_preps[] = {"by",   "in",   "on",     "before", "after",  "until",
                                           "till", "from", "around", "within", "during", "since",
                                           "next", "last", "this",   "every",  "end",    NULL};

bool dbf__tx_time_prep(const char *s, size_t n) {
  return dbf__tx_word_in(s, n, k_time_preps);
}

static bool pronoun_cut_at(const char *s, size_t n, size_t i) {
  if (i < 2 || s[i - 1] != ' ')
    return false;
  size_t e = word_end(s, n, i);
  if (e >= n || s[e] != ' ' || !dbf__tx_word_in(s + i, e - i, k_subject_pronouns))
    return false;
  dbf_span before = dbf__tx_word_before(s, i);
  if (before.len == 0 || before.off + before.len + 1 != i ||
      dbf__tx_word_in(s + before.off, before.len, k_clause_openers) ||
      dbf__tx_word_in(s + before.off, before.len, k_subject_pronouns))
    return false;
  /* "by mid January they must decide": a time phrase of up to three words
     before the subject may be its own, said first. */
  dbf_span back = before;
  for (int k = 0; k < 3 && back.len > 0; k++) {
    if (dbf__tx_word_in(s + back.off, back.len, k_time_preps))
      return false;
    back = dbf__tx_word_before(s, back.off);
  }
  /* The verb, and the word after it. */
  size_t v = e + 1, ve = word_end(s, n, e + 1);
  if (ve == v || dbf__tx_word_in(s + v, ve - v, k_asides))
    return false;
  bool contracted = memchr(s + i, '\'', e - i) != NULL;
  if (contracted || dbf__tx_word_in(s + v, ve - v, k_auxiliaries))
    return true;
  size_t a = ve;
  while (a < n && s[a] == ' ')
    a++;
  size_t ae = word_end(s, n, a);
  return ae > a && !dbf__tx_word_in(s + a, ae - a, k_gap_after);
}

size_t dbf__tx_sentences(const char *s, size_t n, dbf_span *out, size_t max) {
  size_t cnt = 0, start = 0;
  /* "1. scoped proposal (me) 2. Martin shares the map 3. reference call":
     numbered items written on one line are sentences of their own. */
  int marker = 0;
  size_t words = 0;   /* words begun in s[start..i) */
  bool punct = false; /* a comma, semicolon or colon in s[start..i) */
  for (size_t i = 0; i <= n && cnt < max; i++) {
    bool cut = false;
    size_t end = i;
    size_t ml = i < n ? list_marker_at(s, n, i, marker + 1) : 0;
    if (ml) {
      dbf_span sp = dbf__tx_trim(s, (dbf_span){start, i - start});
      if (sp.len > 0)
        out[cnt++] = sp;
      marker++;
      start = i + ml; /* the marker is no part of the item */
      i += ml - 1;
      words = 0;
      punct = false;
      continue;
    }
    if (i < n && !punct && words >= RUNON_WORDS &&
        (runon_cut_at(s, n, i) || pronoun_cut_at(s, n, i))) {
      cut = true;
      end = i;
    } else if (i < n && !punct && words >= 2 && capital_cut_at(s, n, i)) {
      cut = true;
      end = i;
    } else if (i == n) {
      cut = true;
    } else if (s[i] == '\n' || s[i] == '!' || s[i] == '?') {
      cut = true;
      end = i + 1;
    } else if (s[i] == '.') {
      bool next_space = (i + 1 == n) || dbf__tx_isspace((unsigned char)s[i + 1]) ||
                        s[i + 1] == '"' || s[i + 1] == ')';
      if (next_space && !dot_is_abbrev(s, i) && !dot_after_month(s, n, i)) {
        cut = true;
        end = i + 1;
      }
    }
    if (!cut) {
      punct = punct || s[i] == ',' || s[i] == ';' || s[i] == ':';
      if (s[i] != ' ' && (i == start || s[i - 1] == ' '))
        words++;
      continue;
    }
    dbf_span sp = dbf__tx_trim(s, (dbf_span){start, end - start});
    if (sp.len > 0)
      out[cnt++] = sp;
    start = end;
    punct = false;
    words = end == i && i < n ? 1 : 0; /* a run-on cut: s[i] begins a word */
  }
  return cnt;
}

/* Words that open a new subject besides the subject pronouns
   (k_subject_pronouns): other pronouns, possessives and pointers. */
static const char *const k_subject_words[] = {"it",    "you",   "our",   "their", "my",
                                              "his",   "her",   "there", "that",  "this",
                                              "those", "these", "it's",  "also",  NULL};

/* True when the word at s[p..) is a pronoun or capitalized (a new subject). */
static bool starts_subject(const char *s, size_t n, size_t p) {
  while (p < n && s[p] == ' ')
    p++;
  if (p >= n)
    return false;
  if (dbf__tx_isupper((unsigned char)s[p]) && !(p + 1 < n && s[p] == 'I' && s[p + 1] == ' ')) {
    /* A capital before a number names a date or an amount, not who acts:
       "so March twenty twenty seven", "then June 3". */
    size_t e = p;
    while (e < n && dbf__tx_isalnum((unsigned char)s[e]))
      e++;
    while (e < n && s[e] == ' ')
      e++;
    int v = 0;
    return !(e < n && ((s[e] >= '0' && s[e] <= '9') || dbf__tx_number_word_at(s, e, n, &v)));
  }
  size_t e = word_end(s, n, p);
  return dbf__tx_word_in(s + p, e - p, k_subject_pronouns) ||
         dbf__tx_word_in(s + p, e - p, k_subject_words);
}

bool dbf__tx_acronym_pair(const char *s, size_t b, size_t n, size_t i) {
  size_t w = i;
  while (w > b && dbf__tx_isalnum((unsigned char)s[w - 1]))
    w--;
  size_t q = i + 5, qe = q;
  while (qe < n && dbf__tx_isalnum((unsigned char)s[qe]))
    qe++;
  if (i - w < 2 || qe - q < 2)
    return false;
  for (size_t k = w; k < i; k++)
    if (!dbf__tx_isupper((unsigned char)s[k]) && !(s[k] >= '0' && s[k] <= '9'))
      return false;
  for (size_t k = q; k < qe; k++)
    if (!dbf__tx_isupper((unsigned char)s[k]) && !(s[k] >= '0' && s[k] <= '9'))
      return false;
  return true;
}

/* Shared splitter: seps are cut points; "and" is conditional when and_subject. */
static size_t split_span(const char *s, dbf_span sp, dbf_span *out, size_t max, bool list) {
  static const char *const clause_words[] = {" but ",     " although ", " though ",   " however ",
                                             " whereas ", " while ",    " plus they", NULL};
  static const char *const list_words[] = {" and ",           " & ",         " + ",
                                           " as well as ",    " plus ",      " along with ",
                                           " together with ", " alongside ", NULL};
  size_t cnt = 0, start = sp.off, end = sp.off + sp.len;
  for (size_t i = sp.off; i < end && cnt < max; i++) {
    size_t cut_len = 0;
    char c = s[i];
    bool digits = i > sp.off && i + 1 < end && s[i - 1] >= '0' && s[i - 1] <= '9' &&
                  s[i + 1] >= '0' && s[i + 1] <= '9';
    if (c == ';' || (c == ':' && !digits)) {
      cut_len = 1; /* "2:40" is a time of day, not a label's colon */
    } else if (c == ',') {
      if (!digits)
        cut_len = 1;
    } else if (c == ' ') {
      const char *const *words = list ? list_words : clause_words;
      for (size_t k = 0; words[k]; k++) {
        size_t l = strlen(words[k]);
        if (i + l <= end && dbf__tx_ieqn(s + i, words[k], l)) {
          cut_len = l - 1; /* keep the trailing space out of the cut */
          break;
        }
      }
      if (!cut_len && !list && i + 5 <= end && dbf__tx_ieqn(s + i, " and ", 5) &&
          starts_subject(s, end, i + 5) && !dbf__tx_acronym_pair(s, sp.off, end, i))
        cut_len = 4;
    }
    if (!cut_len)
      continue;
    dbf_span piece = dbf__tx_trim(s, (dbf_span){start, i - start});
    if (piece.len > 0)
      out[cnt++] = piece;
    start = i + cut_len;
    i = start - 1;
  }
  if (cnt < max && start < end) {
    dbf_span piece = dbf__tx_trim(s, (dbf_span){start, end - start});
    if (piece.len > 0)
      out[cnt++] = piece;
  }
  return cnt;
}

size_t dbf__tx_clauses(const char *s, dbf_span sp, dbf_span *out, size_t max) {
  return split_span(s, sp, out, max, false);
}

size_t dbf__tx_list_items(const char *s, dbf_span sp, dbf_span *out, size_t max) {
  return split_span(s, sp, out, max, true);
}

static const char *const k_lead_fillers[] = {"and then",
                                             "and",
                                             "also",
                                             "mostly",
                                             "mainly",
                                             "primarily",
                                             "mostly just",
                                             "really",
                                             "basically",
                                             "just",
                                             "then",
                                             "plus",
                                             "like",
                                             "well",
                                             "so",
                                             "oh",
                                             "ok",
                                             "okay",
                                             "yeah",
                                             "yes",
                                             "i think",
                                             "i guess",
                                             "i'd say",
                                             "probably",
                                             "maybe",
                                             "they need",
                                             "they needed",
                                             "they want",
                                             "they wanted",
                                             "they'd like",
                                             "they would like",
                                             "they're looking for",
                                             "they are looking for",
                                             "they asked for",
                                             "we need",
                                             "we want",
                                             "what they need is",
                                             "their main need is",
                                             "they mentioned",
                                             "they said",
                                             "they",
                                             "need",
                                             "needs",
                                             "wants",
                                             "want",
                                             "looking for",
                                             "things like",
                                             "stuff like",
                                             "such as",
                                             "including",
                                             "especially",
                                             "lots of",
                                             "a lot of",
                                             "a bit of",
                                             "some",
                                             "the",
                                             "a little",
                                             "a",
                                             "an",
                                             "both",
                                             "i used",
                                             "we used",
                                             "i worked with",
                                             "we worked with",
                                             "worked with",
                                             "using",
                                             "used",
                                             "with",
                                             "to have",
                                             "having",
                                             "more",
                                             "honestly",
                                             "obviously",
                                             "of course",
                                             NULL};

static const char *const k_trail_fillers[] = {
    "mostly",     "mainly",    "as well",  "too",          "also",         "etc",
    "and so on",  "and stuff", "stuff",    "things",       "i think",      "i guess",
    "probably",   "really",    "and more", "among others", "and the like", "for the most part",
    "in general", "obviously", "honestly", "of course",    "above all",    NULL};

bool dbf__tx_only_filler(const char *s, dbf_span sp) {
  sp = dbf__tx_trim(s, sp);
  while (sp.len > 0 && strchr(".!?,;", s[sp.off + sp.len - 1]))
    sp.len--;
  for (size_t k = 0; k_trail_fillers[k]; k++)
    if (strlen(k_trail_fillers[k]) == sp.len &&
        dbf__tx_ieqn(s + sp.off, k_trail_fillers[k], sp.len))
      return true;
  return false;
}

dbf_span dbf__tx_strip_fillers(const char *s, dbf_span sp) {
  sp = dbf__tx_trim(s, sp);
  for (int guard = 0; guard < 8; guard++) {
    bool changed = false;
    for (size_t k = 0; k_lead_fillers[k]; k++) {
      size_t l = strlen(k_lead_fillers[k]);
      /* Strip only whole leading words, and never the whole item. */
      if (l < sp.len && dbf__tx_ieqn(s + sp.off, k_lead_fillers[k], l) && s[sp.off + l] == ' ') {
        sp.off += l;
        sp.len -= l;
        sp = dbf__tx_trim(s, sp);
        changed = true;
        break;
      }
    }
    for (size_t k = 0; k_trail_fillers[k]; k++) {
      size_t l = strlen(k_trail_fillers[k]);
      if (l < sp.len && s[sp.off + sp.len - l - 1] == ' ' &&
          dbf__tx_ieqn(s + sp.off + sp.len - l, k_trail_fillers[k], l)) {
        sp.len -= l;
        sp = dbf__tx_trim(s, sp);
        changed = true;
        break;
      }
    }
    if (!changed)
      break;
  }
  return sp;
}

size_t dbf__tx_word_count(const char *s, dbf_span sp) {
  size_t cnt = 0;
  bool in = false;
  for (size_t i = sp.off; i < sp.off + sp.len; i++) {
    bool w = dbf__tx_isalnum((unsigned char)s[i]) || s[i] == '\'' || s[i] == '$';
    if (w && !in)
      cnt++;
    in = w;
  }
  return cnt;
}

static const char *const k_negations[] = {
    "not",    "no",      "never",     "without",  "nor",      "neither", "none",
    "hardly", "barely",  "didn't",    "don't",    "doesn't",  "isn't",   "wasn't",
    "aren't", "weren't", "won't",     "can't",    "couldn't", "haven't", "hasn't",
    "hadn't", "cannot",  "shouldn't", "wouldn't", "nobody",   "nothing", "lack",
    "lacks",  "zero",    "nothing's", "nobody's", NULL};

bool dbf__tx_phrase_ends_at(const char *s, size_t p, const char *const *phrases) {
  for (size_t k = 0; phrases[k]; k++) {
    size_t l = strlen(phrases[k]);
    if (p >= l && dbf__tx_ieqn(s + p - l, phrases[k], l) &&
        (p == l || !dbf__tx_isalnum((unsigned char)s[p - l - 1])))
      return true;
  }
  return false;
}

/* The base letters of U+00C0..U+017F, lower case ('*' for the two signs).
   Letters that do not decompose (Æ, Ø, ß, Ł, ı, Œ...) give their first
   Latin letter. */
static const char k_latin_base[] =
    "aaaaaaaceeeeiiiidnooooo*ouuuuytsaaaaaaaceeeeiiiidnooooo*ouuuuyty"
    "aaaaaaccccccccddddeeeeeeeeeegggggggghhhhiiiiiiiiiiiijjkkklllllll"
    "lllnnnnnnnnnoooooooorrrrrrssssssssttttttuuuuuuuuuuuuwwyyyzzzzzzs";
_Static_assert(sizeof k_latin_base == 0x180 - 0xC0 + 1, "one base letter per code point");

char dbf__tx_latin_base(const unsigned char *u) {
  if (u[0] < 0xC3 || u[0] > 0xC5 || (u[1] & 0xC0) != 0x80)
    return 0;
  unsigned cp = ((u[0] & 0x1Fu) << 6) | (u[1] & 0x3Fu);
  if (cp < 0xC0 || cp >= 0x180 || k_latin_base[cp - 0xC0] == '*')
    return 0;
  return k_latin_base[cp - 0xC0];
}

size_t dbf__tx_figure_digits(double v, char *out, size_t cap) {
  static const struct {
    double m;
    const char *w;
  } scales[] = {{1e9, "billion"}, {1e6, "million"}};
  for (size_t k = 0; k < 2; k++)
    if (v >= scales[k].m && fmod(v, scales[k].m / 10) == 0)
      return (size_t)snprintf(out, cap, "%.12g %s", v / scales[k].m, scales[k].w);
  bool year = v > 1900 && v < 2100 && fmod(v, 100) != 0;
  if (v < 1000 || year || v != floor(v) || v >= 1e15)
    return (size_t)snprintf(out, cap, "%.12g", v);
  char d[24];
  int n = snprintf(d, sizeof d, "%.0f", v);
  size_t o = 0;
  for (int k = 0; k < n && o + 2 < cap; k++) {
    if (k > 0 && (n - k) % 3 == 0)
      out[o++] = ',';
    out[o++] = d[k];
  }
  out[o] = '\0';
  return o;
}

bool dbf__tx_capital_at(const char *s, size_t n) {
  const unsigned char *u = (const unsigned char *)s;
  if (n == 0)
    return false;
  if (dbf__tx_isupper(u[0]))
    return true;
  if (n < 2 || u[0] < 0xC3 || u[0] > 0xC5 || (u[1] & 0xC0) != 0x80)
    return false;
  unsigned cp = ((u[0] & 0x1Fu) << 6) | (u[1] & 0x3Fu);
  if (cp < 0x100) /* Latin-1: "À".."Þ", less the sign "×" */
    return cp >= 0xC0 && cp <= 0xDE && cp != 0xD7;
  if (cp == 0x138) /* "ĸ", a small letter with no capital */
    return false;
  /* Latin Extended-A pairs a capital with its small letter; two runs
     start the pairs one code point late ("Ĺ".."ň", "Ź".."ž"). */
  bool odd_caps = (cp >= 0x139 && cp <= 0x148) || (cp >= 0x179 && cp <= 0x17E);
  return odd_caps ? (cp & 1u) == 1u : (cp & 1u) == 0u;
}

bool dbf__tx_negated_before(const char *s, size_t off, size_t window_words) {
  size_t p = off;
  for (size_t w = 0; w < window_words; w++) {
    while (p > 0 && s[p - 1] == ' ')
      p--;
    if (p == 0)
      return false;
    char c = s[p - 1];
    /* A clause boundary ends the negation's scope. */
    if (c == ',' || c == ';' || c == '.' || c == '!' || c == '?' || c == ':' || c == '\n')
      return false;
    size_t e = p;
    while (p > 0 && (dbf__tx_isalnum((unsigned char)s[p - 1]) || s[p - 1] == '\''))
      p--;
    if (p == e) {
      /* A dash between spaces ends it too: "No - discovery." */
      if (c == '-' && p >= 2 && s[p - 2] == ' ' && (p == off || s[p] == ' '))
        return false;
      p--; /* some other punctuation: skip it */
      continue;
    }
    size_t wl = e - p;
    if (wl == 3 && dbf__tx_ieqn(s + p, "but", 3))
      return false;
    if (wl > 3 && dbf__tx_ieqn(s + e - 3, "n't", 3))
      return true;
    for (size_t k = 0; k_negations[k]; k++) {
      if (strlen(k_negations[k]) == wl && dbf__tx_ieqn(s + p, k_negations[k], wl))
        return true;
    }
  }
  return false;
}

size_t dbf__tx_copy(const char *s, dbf_span sp, char *out, size_t cap) {
  if (cap == 0)
    return 0;
  size_t l = sp.len < cap - 1 ? sp.len : cap - 1;
  /* Back off to a character boundary so the copy stays valid UTF-8. */
  if (l < sp.len) {
    while (l > 0 && (((unsigned char)s[sp.off + l]) & 0xC0u) == 0x80u)
      l--;
  }
  memcpy(out, s + sp.off, l);
  out[l] = '\0';
  return l;
}

/* English function words: pronouns, determiners, conjunctions, prepositions,
   the fillers people start a sentence with, and the shorthand asides typed
   on a phone ("tbh", "btw"). None of them is ever a name, a product or a
   company. */
static const char *const k_function_words[] = {
    "i",      "we",      "they",    "the",   "it",       "he",    "she",    "our",    "their",
    "my",     "and",     "but",     "so",    "also",     "that",  "this",   "there",  "then",
    "yes",    "no",      "not",     "just",  "well",     "maybe", "both",   "some",   "mostly",
    "only",   "plus",    "a",       "an",    "in",       "on",    "at",     "for",    "with",
    "from",   "what",    "if",      "when",  "as",       "yeah",  "oh",     "ok",     "none",
    "nobody", "nothing", "neither", "nope",  "sure",     "by",    "after",  "before", "during",
    "since",  "until",   "back",    "later", "now",      "today", "or",     "of",     "to",
    "who",    "which",   "its",     "is",    "was",      "were",  "are",    "be",     "all",
    "one",    "two",     "three",   "else",  "everyone", "me",    "myself", "us",     "them",
    "him",    "her",     "his",     "your",  "you",      "etc",   "too",    "via",    "over",
    "about",  "into",    "really",  "very",  "okay",     "like",  "tbh",    "btw",    "imo",
    "imho",   "fyi",     "idk",     "lol",   "iirc",     "afaik", "yep",    NULL};

const char *const dbf__tx_ordinal_words[] = {
    "first",     "second",    "third",       "fourth",     "fifth",      "sixth",      "seventh",
    "eighth",    "ninth",     "tenth",       "eleventh",   "twelfth",    "thirteenth", "fourteenth",
    "fifteenth", "sixteenth", "seventeenth", "eighteenth", "nineteenth", "twentieth",  NULL};

int dbf__tx_number_word(const char *s, size_t n) {
  static const char *const units[] = {"one",     "two",       "three",    "four",     "five",
                                      "six",     "seven",     "eight",    "nine",     "ten",
                                      "eleven",  "twelve",    "thirteen", "fourteen", "fifteen",
                                      "sixteen", "seventeen", "eighteen", "nineteen", NULL};
  static const char *const tens[] = {"twenty",  "thirty", "forty",  "fifty", "sixty",
                                     "seventy", "eighty", "ninety", NULL};
  for (size_t k = 0; units[k]; k++)
    if (strlen(units[k]) == n && dbf__tx_ieqn(s, units[k], n))
      return (int)k + 1;
  for (size_t k = 0; tens[k]; k++)
    if (strlen(tens[k]) == n && dbf__tx_ieqn(s, tens[k], n))
      return (int)(k + 2) * 10;
  return 0;
}

size_t dbf__tx_number_word_at(const char *s, size_t p, size_t end, int *v) {
  size_t e = p;
  while (e < end && ((s[e] >= 'a' && s[e] <= 'z') || (s[e] >= 'A' && s[e] <= 'Z')))
    e++;
  if (e == p || (e < end && dbf__tx_isalnum((unsigned char)s[e])))
    return 0;
  int n = dbf__tx_number_word(s + p, e - p);
  if (!n)
    return 0;
  *v = n;
  return e - p;
}

size_t dbf__tx_word_at(const char *s, size_t p, size_t end, const char *w) {
  size_t l = strlen(w);
  return p + l <= end && dbf__tx_ieqn(s + p, w, l) &&
                 (p + l == end || !dbf__tx_isalnum((unsigned char)s[p + l]))
             ? l
             : 0;
}

size_t dbf__tx_spoken_number_at(const char *s, size_t p, size_t end, double *value) {
  double total = 0, group = 0;
  size_t q = p, last = p;
  bool any = false, after_scale = false;
  int prev = 0; /* the last number word's value */
  for (;;) {
    size_t w = q;
    if (any) {
      while (w < end && (s[w] == ' ' || s[w] == '-'))
        w++;
      if (w == q)
        break;
    }
    int v = 0;
    size_t l = dbf__tx_number_word_at(s, w, end, &v);
    /* "zero point six": a decimal below one opens with "zero". */
    if (!l && !any && dbf__tx_word_at(s, w, end, "zero")) {
      size_t z = w + 4;
      while (z < end && s[z] == ' ')
        z++;
      if (dbf__tx_word_at(s, z, end, "point"))
        l = 4, v = 0;
    }
    size_t sl = 0;
    double scale = 0;
    if (!l) {
      static const struct {
        const char *w;
        double m;
      } scales[] = {{"hundred", 100}, {"thousand", 1e3}, {"million", 1e6}, {"billion", 1e9}};
      /* "like hundred and forty a week": "hundred" alone opens a number. */
      for (size_t k = 0; k < 4 && (any || k == 0) && !sl; k++)
        if ((sl = dbf__tx_word_at(s, w, end, scales[k].w)))
          scale = scales[k].m;
    }
    if (l) {
      bool fits = !any || after_scale || (prev >= 20 && prev % 10 == 0 && v < 10);
      if (!fits)
        break;
      group += v;
      prev = v;
      after_scale = false;
      any = true;
      q = last = w + l;
    } else if (sl) {
      if (!any)
        group = 1, any = true;
      if (scale == 100)
        group *= 100;
      else
        total += group * scale, group = 0;
      after_scale = true;
      prev = 0;
      q = last = w + sl;
    } else if (any && after_scale && dbf__tx_word_at(s, w, end, "and")) {
      size_t a = w + 3;
      while (a < end && s[a] == ' ')
        a++;
      int nv = 0;
      if (!dbf__tx_number_word_at(s, a, end, &nv))
        break;
      q = w + 3;
    } else if (any && !after_scale && dbf__tx_word_at(s, w, end, "and") && w + 10 <= end &&
               dbf__tx_ieqn(s + w, "and a half", 10) &&
               (w + 10 == end || !dbf__tx_isalnum((unsigned char)s[w + 10]))) {
      /* "two and a half days" */
      group += 0.5;
      q = last = w + 10;
      break;
    } else if (any && !after_scale && dbf__tx_word_at(s, w, end, "point")) {
      /* "point one five": digit words after it. */
      size_t d = w + 5;
      double frac = 0, unit = 0.1;
      size_t de = 0;
      for (;;) {
        size_t b = d;
        while (b < end && s[b] == ' ')
          b++;
        int dv = 0;
        size_t dl = dbf__tx_number_word_at(s, b, end, &dv);
        if (!dl && dbf__tx_word_at(s, b, end, "zero"))
          dl = 4, dv = 0;
        if (!dl || dv > 9 || unit < 1e-6)
          break;
        frac += dv * unit;
        unit /= 10;
        d = de = b + dl;
      }
      if (!de)
        break;
      group += frac;
      q = last = de;
      break;
    } else {
      break;
    }
  }
  if (!any)
    return 0;
  *value = total + group;
  return last - p;
}

bool dbf__tx_word_in(const char *s, size_t n, const char *const *list) {
  for (size_t k = 0; list[k]; k++)
    if (strlen(list[k]) == n && dbf__tx_ieqn(list[k], s, n))
      return true;
  return false;
}

dbf_span dbf__tx_word_before(const char *s, size_t p) {
  while (p > 0 && s[p - 1] == ' ')
    p--;
  size_t b = p;
  while (b > 0 && dbf__tx_isalnum((unsigned char)s[b - 1]))
    b--;
  return (dbf_span){b, p - b};
}

bool dbf__tx_function_word(const char *s, size_t n) {
  /* An acronym ("IT", "US", "ON") is no function word; "OK" is. */
  bool caps = n >= 2;
  for (size_t i = 0; i < n && caps; i++)
    caps = !(s[i] >= 'a' && s[i] <= 'z');
  if (caps && !(n == 2 && dbf__tx_ieqn(s, "ok", 2)))
    return false;
  return dbf__tx_word_in(s, n, k_function_words);
}

size_t dbf__tx_words(const char *s, size_t n, dbf_span *w, size_t max) {
  size_t k = 0;
  for (size_t i = 0; i < n && k < max;) {
    if (!dbf__tx_isalnum((unsigned char)s[i])) {
      i++;
      continue;
    }
    size_t e = i;
    while (e < n &&
           (dbf__tx_isalnum((unsigned char)s[e]) || ((s[e] == '\'' || s[e] == '-') && e + 1 < n &&
                                                     dbf__tx_isalnum((unsigned char)s[e + 1]))))
      e++;
    w[k++] = (dbf_span){i, e - i};
    i = e;
  }
  return k;
}

/* True when the answer was typed in lower case: its sentences mostly start
   in lower case, and at most one word in eight elsewhere is capitalized
   ("I" aside), so "jannie from the AgriWes co-op" still counts. */
bool dbf__tx_typed_lower(const char *s, const dbf_span *w, size_t nw) {
  size_t alpha = 0, caps = 0, starts_lower = 0, starts_upper = 0;
  for (size_t k = 0; k < nw; k++) {
    unsigned char c = (unsigned char)s[w[k].off];
    bool upper = dbf__tx_isupper(c);
    if (!upper && !dbf__tx_islower(c))
      continue;
    if (s[w[k].off] == 'I' && (w[k].len == 1 || s[w[k].off + 1] == '\''))
      continue;
    /* An acronym ("GM", "KPMG") is typed in capitals in any case. */
    bool acronym = w[k].len >= 2;
    for (size_t i = w[k].off; acronym && i < w[k].off + w[k].len; i++)
      acronym = dbf__tx_isupper((unsigned char)s[i]) || (s[i] >= '0' && s[i] <= '9');
    if (acronym)
      continue;
    size_t p = w[k].off;
    while (p > 0 && dbf__tx_isspace((unsigned char)s[p - 1]))
      p--;
    if (p == 0 || strchr(".!?:;\n-*(", s[p - 1])) {
      /* a sentence or list item start */
      if (upper)
        starts_upper++;
      else
        starts_lower++;
      continue;
    }
    alpha++;
    caps += upper;
  }
  return alpha >= 2 && caps * 4 <= alpha && starts_lower >= starts_upper;
}
