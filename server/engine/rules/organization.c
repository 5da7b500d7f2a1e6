/*
 * organization.c - the "organization" kind: an employer's or
 * organization's name.
 */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "engine/engine_util.h"
#include "engine/lexicon.h"
#include "engine/rules/registry.h"
#include "engine/rules/rules.h"

/* True when a capital letter starts at p, in ASCII or as a two-byte Latin
   capital ("Ōtautahi", "Świdnica", "Łódź", "Ženski"): the shared test
   knows only U+00C0..U+00DE, so the capitals of U+0100..U+017F are read
   here by their place in that block. */
static bool upper_at(const dbf__rx *x, size_t p) {
  if (p >= x->n)
    return false;
  if (dbf__rx_cap_at(x, p))
    return true;
  unsigned char c = (unsigned char)x->s[p];
  unsigned char d = p + 1 < x->n ? (unsigned char)x->s[p + 1] : 0;
  if (c < 0xC4 || c > 0xC5 || (d & 0xC0) != 0x80)
    return false;
  unsigned cp = ((c & 0x1Fu) << 6) | (d & 0x3Fu);
  if (cp == 0x178)
    return true;
  if (cp == 0x138 || cp == 0x149 || cp == 0x17F)
    return false;
  bool odd_upper = (cp >= 0x139 && cp <= 0x148) || cp >= 0x179;
  return (cp % 2 == 1) == odd_upper;
}

/* The capitalized run at p (see dbf__rx_cap_run_joined), read on over a
   word that opens with a Latin capital outside ASCII, first or later:
   "Ōtautahi Community Health", "Vinařství Šťastný", "Bank Österreich". */
static dbf_span name_run(const dbf__rx *x, size_t p, size_t end) {
  while (p < end && x->s[p] == ' ')
    p++;
  dbf_span sp = {p, 0};
  for (int k = 0; k < 4; k++) {
    size_t q = k ? sp.off + sp.len + 1 : p;
    if (k && !(sp.len && q < end && x->s[q - 1] == ' ' && upper_at(x, q) &&
               !dbf__tx_isupper((unsigned char)x->s[q])))
      break; /* only a capital the shared reader stops at carries it on */
    dbf_span more = {q, 0};
    if (!upper_at(x, q) || dbf__rx_cap_at(x, q)) {
      more = dbf__rx_cap_run_joined(x, q, end);
    } else {
      /* A word the shared reader cannot open, then what it runs on into. */
      size_t e = q;
      while (e < end && (dbf__tx_isalnum((unsigned char)x->s[e]) || x->s[e] == '-' ||
                         x->s[e] == '\'' || (unsigned char)x->s[e] >= 0x80))
        e++;
      more.len = e - q;
      if (e + 1 < end && x->s[e] == ' ' && dbf__rx_cap_at(x, e + 1)) {
        dbf_span tail = dbf__rx_cap_run_joined(x, e + 1, end);
        if (tail.len && tail.off == e + 1)
          more.len = tail.off + tail.len - q;
      }
    }
    if (!k)
      sp = more;
    else if (more.len && more.off == q)
      sp.len = more.off + more.len - sp.off;
    else
      break;
  }
  return sp;
}

/* Is run part of a date of the answer ("Oct. 2018", "March 2020")? */
static bool in_date(const dbf__rx *x, dbf_span run) {
  dbf__date d[MAX_DATES];
  size_t cnt = dbf__date_scan(x->s, x->n, &x->ref, false, d, MAX_DATES);
  for (size_t i = 0; i < cnt; i++)
    if (run.off < d[i].off + d[i].len && d[i].off < run.off + run.len)
      return true;
  return false;
}

/* A job title is never an organization: "Senior Analyst", "Station Officer".
   A name that only starts with a role word ("Baker Fenwick & Co") is one. */
static bool is_role_name(const dbf__rx *x, dbf_span run) {
  dbf__lex_match m;
  const dbf__lexicon *roles = dbf__lex_get(x->ctx->lex, "roles");
  size_t end = run.off + run.len;
  /* "Product Analyst II": the grade is part of the title; typed in lower
     case too ("records officer ii"), but for "i". */
  static const char *const grades[] = {" III", " II", " IV", " I", NULL};
  for (size_t k = 0; grades[k]; k++) {
    size_t l = strlen(grades[k]);
    if (end - run.off > l && (grades[k + 1] ? dbf__tx_ieqn(x->s + end - l, grades[k], l)
                                            : memcmp(x->s + end - l, grades[k], l) == 0)) {
      end -= l;
      break;
    }
  }
  for (size_t p = run.off; p < end; p++) {
    if ((p == run.off || x->s[p - 1] == ' ') && dbf__lex_match_at(roles, x->s, end, p, &m) &&
        p + m.len == end)
      return true;
  }
  return false;
}

/* "the Head of Retail", "Director of Nursing": a role word opening a run
   that goes on with "of" names a post, not the employer. */
static bool role_of(const dbf__rx *x, dbf_span run) {
  dbf__lex_match m;
  const dbf__lexicon *roles = dbf__lex_get(x->ctx->lex, "roles");
  size_t e = run.off + run.len;
  return roles && dbf__lex_match_at(roles, x->s, e, run.off, &m) && run.off + m.len + 4 < e &&
         dbf__tx_ieqn(x->s + run.off + m.len, " of ", 4);
}

/* Words that say a run is the people of a unit, not a firm: "bg team",
   "the night crew". */
static const char *const k_units[] = {"team", "teams", "crew", "squad", "pod", "shift", NULL};

/* Words after which a lone capitalized word is a time: "right after Eid",
   "since Ramadan". */
static const char *const k_time_words[] = {"after", "before", "since", "until",
                                           "till",  "during", NULL};

/* True when the word [off, we) is a short acronym said in capitals
   ("NGO", "DB", "IT"): two to four capital letters. */
static bool acronym_word(const dbf__rx *x, size_t off, size_t we) {
  if (we - off < 2 || we - off > 4)
    return false;
  for (size_t p = off; p < we; p++)
    if (!dbf__tx_isupper((unsigned char)x->s[p]))
      return false;
  return true;
}

/* True when a number of four digits or more follows the word ending at
   we, before end: "ISO 9001", "IEC 61508". */
static bool standard_number(const dbf__rx *x, size_t we, size_t end) {
  if (we + 1 >= end || x->s[we] != ' ')
    return false;
  size_t d = we + 1;
  while (d < end && x->s[d] >= '0' && x->s[d] <= '9')
    d++;
  return d - we - 1 >= 4 && (d == end || !dbf__tx_isalnum((unsigned char)x->s[d]));
}

/* What a capitalized run can be that is no employer: a language ("so
   Belediye in Turkish"), a feast or a month of another calendar ("right
   after Eid", "in Magha 2075"), a kind of body after "a" ("a swiss NGO", "an
   NHS trust"), a unit of people ("bg team") or a person addressed. */
static bool not_a_name(const dbf__rx *x, dbf_span run) {
  dbf__lex_match m;
  const dbf__lexicon *langs = dbf__lex_get(x->ctx->lex, "languages");
  size_t e = run.off + run.len;
  if (langs && dbf__lex_match_at(langs, x->s, e, run.off, &m) && m.len == run.len)
    return true;
  if (dbf__rx_last_word_in(x, run, k_units))
    return true;
  /* "Monsieur Kouadio Ange", "Mrs. Ode": a person addressed. */
  if (dbf__people_honorific_at(x->s, x->n, run.off) > 0)
    return true;
  /* "QC team is nine inspectors", "to the HR lead": the unit's word, or a
     role after a short acronym, right after the run: a department. */
  if (e + 1 < x->n && x->s[e] == ' ') {
    size_t ue = e + 1;
    size_t we = ue;
    while (we < x->n && dbf__tx_isalnum((unsigned char)x->s[we]))
      we++;
    if (we > ue && dbf__tx_word_in(x->s + ue, we - ue, k_units))
      return true;
    bool acro = run.len <= 4;
    for (size_t i = run.off; i < e && acro; i++)
      acro = dbf__tx_isupper((unsigned char)x->s[i]);
    const dbf__lexicon *roles = dbf__lex_get(x->ctx->lex, "roles");
    if (acro && we > ue && roles && dbf__lex_match_at(roles, x->s, we, ue, &m) && ue + m.len == we)
      return true;
  }
  if (role_of(x, run))
    return true;
  dbf_span w = dbf__tx_word_before(x->s, run.off);
  bool one = dbf__tx_word_count(x->s, run) == 1;
  /* "the Head of Sales for Leeds": the place of a post. */
  static const char *const of_place[] = {"for", "in", NULL};
  if (w.len && dbf__tx_word_in(x->s + w.off, w.len, of_place)) {
    size_t b = w.off, pe = w.off;
    while (pe > 0 && x->s[pe - 1] == ' ')
      pe--;
    for (dbf_span v = dbf__tx_word_before(x->s, b); v.len > 0 && v.off + v.len == pe;
         v = dbf__tx_word_before(x->s, b)) {
      if (!dbf__tx_isupper((unsigned char)x->s[v.off]) && !dbf__tx_ieqn(x->s + v.off, "of", 2))
        break;
      b = v.off;
      pe = b;
      while (pe > 0 && x->s[pe - 1] == ' ')
        pe--;
      if (role_of(x, dbf__tx_trim(x->s, (dbf_span){b, w.off - b})))
        return true;
    }
  }
  if (one && w.len && dbf__tx_word_in(x->s + w.off, w.len, k_time_words))
    return true;
  /* "in Magha 2075": a year right after the word. */
  if (one && e + 5 <= x->n && x->s[e] == ' ') {
    size_t d = e + 1;
    while (d < x->n && x->s[d] >= '0' && x->s[d] <= '9')
      d++;
    if (d - e - 1 == 4 && (d == x->n || !dbf__tx_isalnum((unsigned char)x->s[d])))
      return true;
  }
  /* "ISO 17025 accredited", "to IEC 61508": an acronym with a number of
     four digits or more after it names a standard. */
  if (acronym_word(x, run.off, e) && standard_number(x, e, x->n))
    return true;
  /* "a swiss NGO": an acronym after "a", one word between at most. */
  size_t b = e;
  while (b > run.off && x->s[b - 1] != ' ')
    b--;
  bool caps = e - b >= 2;
  for (size_t i = b; i < e && caps; i++)
    caps = dbf__tx_isupper((unsigned char)x->s[i]);
  static const char *const arts[] = {"a", "an", NULL};
  if (caps && w.len && !dbf__tx_word_in(x->s + w.off, w.len, arts) &&
      dbf__tx_islower((unsigned char)x->s[w.off]))
    w = dbf__tx_word_before(x->s, w.off);
  return caps && w.len && dbf__tx_word_in(x->s + w.off, w.len, arts);
}

/* The name with its legal form's dots: "Coinvale Pte. Ltd.", "Acme
   Trading Co., Ltd.", "Lumen Foods S.A." */
static dbf_span legal_suffix(const dbf__rx *x, dbf_span sp) {
  static const char *const forms[] = {"Pte", "Co",  "Inc", "Ltd", "Corp", "Pty",   "S.A", "S.L",
                                      "N.V", "B.V", "Bhd", "Sdn", "Pvt",  "L.L.C", "Sp",  NULL};
  /* "Sp. z o.o.": the Polish limited company's form runs on past its dot. */
  static const char *const tails[] = {" Ltd.", ", Ltd.",  " Ltd",   ", Ltd",
                                      " Bhd.", " z o.o.", " z o.o", NULL};
  size_t e = sp.off + sp.len;
  /* "Fjordline Kemi A/S", "Havbrug Nord I/S": a legal form of capitals
     around a slash. */
  size_t w = e;
  while (w > sp.off && dbf__tx_isupper((unsigned char)x->s[w - 1]))
    w--;
  if (e < x->n && x->s[e] == '/' && w < e && e - w <= 2 && w > sp.off && x->s[w - 1] == ' ') {
    size_t q = e + 1;
    while (q < x->n && dbf__tx_isupper((unsigned char)x->s[q]))
      q++;
    if (q > e + 1 && q - e - 1 <= 2 && (q == x->n || !dbf__tx_isalnum((unsigned char)x->s[q])))
      return (dbf_span){sp.off, q - sp.off};
  }
  if (!dbf__rx_last_word_in(x, sp, forms) || e >= x->n || x->s[e] != '.')
    return sp;
  return (dbf_span){sp.off, dbf__rx_past_tail(x, e + 1, tails) - sp.off};
}

/* A legal form typed in lower case with its dots or slash, starting at
   p: single letters joined by dots or a slash ("s.a.", "k.k.", "w.l.l.",
   "a/s"), or a short form with its dot ("pte. ltd.", "inc."; not "co.", often
   followed by more of the name). Returns
   where it ends, or p when none starts there. */
static size_t lower_form_end(const dbf__rx *x, size_t p) {
  static const char *const forms[] = {"pte", "ltd", "inc", "corp", "pty", "bhd", "pvt", NULL};
  static const char *const tails[] = {" ltd.", " ltd", NULL};
  size_t q = p, letters = 0;
  while (q < x->n && dbf__tx_islower((unsigned char)x->s[q]) &&
         (q + 1 == x->n || !dbf__tx_isalnum((unsigned char)x->s[q + 1]))) {
    letters++;
    if (q + 1 < x->n && (x->s[q + 1] == '.' || (x->s[q + 1] == '/' && letters == 1))) {
      q += 2;
      continue;
    }
    q++;
    break;
  }
  if (letters >= 2 && q > p && (q == x->n || !dbf__tx_isalnum((unsigned char)x->s[q])))
    return x->s[q - 1] == '/' ? p : q;
  size_t w = p;
  while (w < x->n && dbf__tx_isalnum((unsigned char)x->s[w]))
    w++;
  if (w > p && w < x->n && x->s[w] == '.' && dbf__tx_word_in(x->s + p, w - p, forms))
    return dbf__rx_past_tail(x, w + 1, tails);
  return p;
}

/* "delfina textiles s.a. a mill", "hoshizora robotics k.k": a name typed
   in lower case whose last word opens such a form runs to the form's end;
   what follows it is said about the firm. */
static dbf_span lower_form(const dbf__rx *x, dbf_span sp) {
  size_t e = sp.off + sp.len, b = e;
  while (b > sp.off && x->s[b - 1] != ' ')
    b--;
  size_t fe = b > sp.off ? lower_form_end(x, b) : b;
  return fe > b ? (dbf_span){sp.off, fe - sp.off} : sp;
}

/* "SARS, the South African Revenue Service": an acronym glossed right
   after by the name its capitals spell is that name. */
static dbf_span glossed(const dbf__rx *x, dbf_span sp) {
  for (size_t i = sp.off; i < sp.off + sp.len; i++)
    if (!dbf__tx_isupper((unsigned char)x->s[i]))
      return sp;
  size_t p = sp.off + sp.len;
  static const char *const leads[] = {", the ", " (the ", ", ", " (", NULL};
  size_t l = 0;
  for (size_t k = 0; leads[k] && !l; k++)
    if (p + strlen(leads[k]) <= x->n && dbf__tx_ieqn(x->s + p, leads[k], strlen(leads[k])))
      l = strlen(leads[k]);
  if (!l || sp.len < 2)
    return sp;
  dbf_span run = name_run(x, p + l, x->n);
  if (run.off != p + l)
    return sp;
  /* The capitals of its words, past "of", "and", "for", "&". */
  size_t k = 0;
  for (size_t i = run.off; i < run.off + run.len; i++)
    if ((i == run.off || x->s[i - 1] == ' ') && dbf__tx_isupper((unsigned char)x->s[i]) &&
        (k >= sp.len || x->s[i] != x->s[sp.off + k++]))
      return sp;
  return k == sp.len ? run : sp;
}

/* "Salem Public Library, sorry, no, technically the Willamette County
   Library system": a name taken back in its sentence for another. */
static dbf_span corrected(const dbf__rx *x, dbf_span sp) {
  static const char *const cues[] = {"sorry", "actually", "technically", "i mean", "no wait", NULL};
  dbf_span sent = dbf__rx_sentence_of(x, sp.off);
  size_t end = sent.off + sent.len, which = 0;
  size_t c = dbf__tx_find_any(x->s, end, sp.off + sp.len, cues, &which);
  if (c == (size_t)-1 || c > sp.off + sp.len + 4)
    return sp;
  for (size_t p = c + strlen(cues[which]); p < end; p++) {
    if (x->s[p - 1] != ' ' || !dbf__rx_cap_at(x, p))
      continue;
    dbf_span run = dbf__rx_cap_run_joined(x, p, end);
    if (run.len > 0 && dbf__tx_word_count(x->s, run) >= 2 && !is_role_name(x, run) &&
        !in_date(x, run))
      return run;
    return sp;
  }
  return sp;
}

/* Words that point back to what was said, before a name or alone: "same
   as i said, fenmouth city council", "like I said". */
static const char *const k_said[] = {
    "same as i said",   "like i said",    "as i said",     "as i mentioned",
    "like i mentioned", "same as before", "same as above", NULL};
/* Words that say the employer is the one already named, or that the
   person is still there: "Same place, different team", "Still there." */
static const char *const k_same[] = {
    "same place",  "same company", "same one",        "same employer", "same as the last",
    "still there", "still here",   "still with them", "still at it",   NULL};

/* True when one of words starts at off. */
static bool opens_with(const dbf__rx *x, size_t off, const char *const *words) {
  for (size_t k = 0; words[k]; k++) {
    size_t l = strlen(words[k]);
    if (off + l <= x->n && dbf__tx_ieqn(x->s + off, words[k], l) &&
        (off + l == x->n || !dbf__tx_isalnum((unsigned char)x->s[off + l])))
      return true;
  }
  return false;
}

/* True when run is a person's name and nothing more: "Gary Lutz", not
   "Lena Ortiz Photography". */
static bool only_person(const dbf__rx *x, dbf_span run) {
  for (size_t i = 0; i < x->n_persons; i++)
    if (x->persons[i].off == run.off && x->persons[i].len >= run.len)
      return true;
  return false;
}

/* Words that start what is said about a name and are never inside one:
   an article, a pronoun, a verb, a place or a gloss ("staffweave an hr
   software company", "terravolt carbon based in oakland", "fade district
   my own shop"). */
static const char *const k_after_name[] = {
    "a",       "an", "the",   "my",  "our",  "its",    "it's",    "it",  "they",
    "they're", "we", "we're", "i",   "i'm",  "im",     "which",   "who", "that",
    "was",     "is", "are",   "has", "have", "theyre", "they've", NULL};
/* ... and where it is, what it is part of, or a dash before its gloss. */
static const char *const k_after_name_place[] = {
    "in", "at", "based", "out of", "part of", "under", "just", "like", "sorry", "but", "so",
    "where", "near", "since", "until", "mainly", "from", "till", "head office", "owned", "run by",
    "-", "\xE2\x80\x94", "\xE2\x80\x93",
    /* ... or a sentence adverb before a gloss ("... technically a ..."). */
    "technically", "officially", "basically", "actually", "legally", "formally", "essentially",
    "originally", NULL};
/* ... or its size: "tolland freight mid size", "orla print approx 40". */
static const char *const k_after_name_size[] = {
    "approx",   "approximately", "roughly", "around", "mid",
    "mid-size", "midsize",       "small",   "tiny",   NULL};

/* ... or a word that opens a description of the firm: how it is owned or
   run, who founded it, what everyone calls it ("Kettle Yard Bakery Family
   owned", "Pell Marine Independent yard", "Osk Data Remote-first"); or of
   how the speaker was hired there ("Orlen Gas Direct hire, no agency"). */
static const char *const k_after_name_kind[] = {
    "independent",       "family",          "privately", "publicly",  "founded",     "everyone",
    "everybody",         "remote",          "mostly",    "basically", "direct hire", "hired direct",
    "directly employed", "direct employee", NULL};
/* ... or an estimate of its size before a figure ("about 200 people"). */
static const char *const k_about[] = {"about", "over", "nearly", "almost", "some", NULL};
/* Endings of a hyphenated word that glosses a firm and is never its last
   word: "lisbon-based", "state-owned", "malta-flagged", "remote-first". */
static const char *const k_gloss_endings[] = {"-based", "-owned",  "-run",        "-flagged",
                                              "-first", "-funded", "-registered", NULL};
/* Legal forms that end a name said with capitals. */
static const char *const k_cap_forms[] = {
    "Ltd", "Ltd.", "LLC", "Inc",  "Inc.", "PLC",  "GmbH", "AS",   "ASA", "AG",  "BV",   "B.V.",
    "Pty", "Pte",  "SA",  "S.A.", "Oy",   "AB",   "SpA",  "Srl",  "LLP", "NV",  "N.V.", "K.K.",
    "Bhd", "UAB",  "SIA", "OÜ",   "Kft",  "Kft.", "Zrt",  "Zrt.", "ApS", "SRL", "SARL", NULL};

/* "hallberg marine AB", "so um nordvik frakt AS it's ...": the name typed in
   lower case before a legal form said with capitals. When what was found
   is the form alone, the one to four lower-case words right before it
   are the name, when they follow the start of the sentence, a pause or a
   function word; otherwise the form stays as found. */
static dbf_span name_before_form(const dbf__rx *x, dbf_span found) {
  if (!found.len || memchr(x->s + found.off, ' ', found.len))
    return found;
  bool form = false;
  for (size_t k = 0; k_cap_forms[k] && !form; k++)
    form = strlen(k_cap_forms[k]) == found.len &&
           memcmp(x->s + found.off, k_cap_forms[k], found.len) == 0;
  if (!form)
    return found;
  static const char *const pauses[] = {"um", "uh", "er", "erm", "hmm", "mm", "ah", NULL};
  size_t b = found.off, words = 0;
  for (;;) {
    size_t e = b;
    while (e > 0 && x->s[e - 1] == ' ')
      e--;
    size_t w = e;
    while (w > 0 && (dbf__tx_isalnum((unsigned char)x->s[w - 1]) || x->s[w - 1] == '&' ||
                     x->s[w - 1] == '-' || x->s[w - 1] == '\''))
      w--;
    /* The start, a mark or a stop word before the words: they are the name. */
    if (w == e || dbf__tx_function_word(x->s + w, e - w) ||
        dbf__tx_word_in(x->s + w, e - w, pauses) || opens_with(x, w, k_after_name))
      break;
    if (!dbf__tx_islower((unsigned char)x->s[w]) || ++words > 4)
      return found;
    b = w;
    if (w == 0 || x->s[w - 1] != ' ')
      break;
  }
  if (!words)
    return found;
  dbf_span name = {b, found.off - b};
  name = dbf__tx_trim(x->s, name);
  if (in_date(x, name) || is_role_name(x, name) || not_a_name(x, name))
    return found;
  return (dbf_span){b, found.off + found.len - b};
}

/* True when the word at off, ending at we, is an estimate word followed by
   a figure or a number word. */
static bool about_figure(const dbf__rx *x, size_t off, size_t we) {
  if (!opens_with(x, off, k_about))
    return false;
  size_t d = we;
  while (d < x->n && x->s[d] == ' ')
    d++;
  int nv = 0;
  return d < x->n && ((x->s[d] >= '0' && x->s[d] <= '9') || x->s[d] == '~' ||
                      dbf__tx_number_word_at(x->s, d, x->n, &nv) > 0);
}

/* True when the word at off, ending at we, is "for" before a length of
   time: "for about six years", "for three seasons", "for a while", "for
   the last year", "for ages", "for a long time"; not the "for" inside a
   name ("centre for ageing"). */
static bool for_duration(const dbf__rx *x, size_t off, size_t we) {
  if (we - off != 3 || !dbf__tx_ieqn(x->s + off, "for", 3))
    return false;
  size_t d = we;
  while (d < x->n && x->s[d] == ' ')
    d++;
  static const char *const spans[] = {"a while",  "a bit",    "a year",    "a few",   "a couple",
                                      "the last", "the past", "the first", "several", "many",
                                      "some",     "years",    "months",    "about",   "around",
                                      "nearly",   "almost",   "over",      "just",    "most",
                                      "ages",     "donkey's", "a long",    "a good",  NULL};
  int nv = 0;
  return d < x->n && ((x->s[d] >= '0' && x->s[d] <= '9') || opens_with(x, d, spans) ||
                      dbf__tx_number_word_at(x->s, d, x->n, &nv) > 0);
}

/* True when the word [off, we) is hyphenated and ends in a gloss. */
static bool gloss_hyphen(const dbf__rx *x, size_t off, size_t we) {
  for (size_t k = 0; k_gloss_endings[k]; k++) {
    size_t l = strlen(k_gloss_endings[k]);
    if (we - off > l + 1 && dbf__tx_ieqn(x->s + we - l, k_gloss_endings[k], l))
      return true;
  }
  return false;
}

/* Words for a kind of employer: "the coop is called ...". */
static const char *const k_employer_kinds[] = {
    "company", "firm",   "business",   "coop",   "cooperative", "co-op",       "ngo",
    "charity", "agency", "studio",     "shop",   "clinic",      "hospital",    "school",
    "bank",    "centre", "center",     "brand",  "practice",    "startup",     "employer",
    "hotel",   "camp",   "restaurant", "bakery", "workshop",    "trust",       "lodge",
    "surgery", "farm",   "mill",       "store",  "foundation",  "association", NULL};

/* True when the word [off, we) is a capitalized compound whose second
   part is lower case ("Quick-commerce", "Self-storage", "Time-series"):
   a gloss opening the next sentence, not a word for the firm's kind
   ("Co-op"). */
static bool lower_compound(const dbf__rx *x, size_t off, size_t we) {
  if (we - off < 4 || !dbf__tx_isupper((unsigned char)x->s[off]) ||
      dbf__tx_word_in(x->s + off, we - off, k_employer_kinds))
    return false;
  for (size_t p = off + 1; p + 1 < we; p++)
    if (x->s[p] == '-')
      return dbf__tx_islower((unsigned char)x->s[p + 1]);
  return false;
}

/* "Fenlow Paper Mills It's a family firm", "Ardmoor Dairy They make
   cheese", "Corrie Print Small shop": said without the stop between, the
   capitalized word that opens the next sentence with what is said about
   the name (a pronoun, an article, its size, where it is) is not the
   name's last word. */
static dbf_span without_next_opener(const dbf__rx *x, dbf_span found) {
  size_t b = found.off + found.len;
  while (b > found.off && x->s[b - 1] != ' ')
    b--;
  dbf_span last = {b, found.off + found.len - b};
  size_t end = found.off + found.len;
  /* "Harrowgate Analytics Ltd Leeds", "Brekke Subsea AS Bergen": said with
     capitals, a legal form ends the name; a capitalized word after it is
     a place or the next sentence. */
  for (size_t p = found.off; p < end;) {
    size_t we = p;
    while (we < end && x->s[we] != ' ')
      we++;
    size_t nx = we;
    while (nx < end && x->s[nx] == ' ')
      nx++;
    size_t ne = nx;
    while (ne < end && x->s[ne] != ' ')
      ne++;
    if (p > found.off && nx < end && dbf__tx_word_in(x->s + p, we - p, k_cap_forms) &&
        !dbf__tx_word_in(x->s + nx, ne - nx, k_cap_forms) &&
        dbf__tx_isupper((unsigned char)x->s[nx]))
      for (size_t k = 0; k_cap_forms[k]; k++)
        if (strlen(k_cap_forms[k]) == we - p && memcmp(x->s + p, k_cap_forms[k], we - p) == 0)
          return dbf__tx_trim(x->s, (dbf_span){found.off, we - found.off});
    p = nx;
  }
  if (last.len < 2 || last.off <= found.off || !dbf__tx_isupper((unsigned char)x->s[last.off]))
    return found;
  if (opens_with(x, last.off, k_after_name) || opens_with(x, last.off, k_after_name_size) ||
      opens_with(x, last.off, k_after_name_place))
    return dbf__tx_trim(x->s, (dbf_span){found.off, last.off - found.off});
  /* "Vantor Freight Danish carrier", "Pell Marine Independent yard",
     "Osk Data Remote-first but ...": a description word, a nationality or
     a hyphenated gloss, with the sentence going on in lower case after it;
     or an estimate before a figure ("... Surveying About 40 staff"). */
  size_t nx = end;
  while (nx < x->n && x->s[nx] == ' ')
    nx++;
  bool goes_on = nx > end && nx < x->n && dbf__tx_islower((unsigned char)x->s[nx]);
  const dbf__lexicon *langs = dbf__lex_get(x->ctx->lex, "languages");
  dbf__lex_match m;
  bool nation = langs && dbf__lex_match_at(langs, x->s, end, last.off, &m) && m.len == last.len;
  /* A hyphenated gloss is never a name's last word, even with nothing
     after it: "Brenna Shipping Panama-flagged" said without a stop. */
  if (about_figure(x, last.off, end) || gloss_hyphen(x, last.off, end) ||
      (goes_on &&
       (opens_with(x, last.off, k_after_name_kind) || nation || lower_compound(x, last.off, end))))
    return dbf__tx_trim(x->s, (dbf_span){found.off, last.off - found.off});
  /* "Brisk Labs Tiny QA outfit", "Holm Analytics Time-series DB vendor":
     the opener of the next sentence followed by a short capitalized
     acronym (the kind of firm) is not the name's either. */
  if (!acronym_word(x, last.off, end) || last.off < found.off + 2)
    return found;
  size_t pe = last.off;
  while (pe > found.off && x->s[pe - 1] == ' ')
    pe--;
  size_t pb = pe;
  while (pb > found.off && x->s[pb - 1] != ' ')
    pb--;
  if (pb <= found.off || pe - pb < 2 || !dbf__tx_isupper((unsigned char)x->s[pb]))
    return found;
  bool open_prev = opens_with(x, pb, k_after_name) || opens_with(x, pb, k_after_name_size) ||
                   opens_with(x, pb, k_after_name_place) || about_figure(x, pb, pe) ||
                   gloss_hyphen(x, pb, pe) || opens_with(x, pb, k_after_name_kind) ||
                   lower_compound(x, pb, pe);
  if (open_prev && (goes_on || nx >= x->n || !dbf__tx_isalnum((unsigned char)x->s[nx])))
    return dbf__tx_trim(x->s, (dbf_span){found.off, pb - found.off});
  return found;
}

/* "Harlow Print Harlow Print Ltd", "Selby Vets Selby Vets": said without
   the stop, the name said once and then again in full (with its legal
   form, or the same words twice) is the first saying of it. One word said
   twice with nothing after it is kept ("Walla Walla"). */
static dbf_span said_twice(const dbf__rx *x, dbf_span found) {
  dbf_span w[12];
  size_t n = 0;
  for (size_t p = found.off, end = found.off + found.len; p < end && n < 12;) {
    while (p < end && x->s[p] == ' ')
      p++;
    size_t q = p;
    while (q < end && x->s[q] != ' ')
      q++;
    if (q > p)
      w[n++] = (dbf_span){p, q - p};
    p = q;
  }
  for (size_t k = 1; 2 * k <= n; k++) {
    bool same = true;
    for (size_t i = 0; i < k && same; i++)
      same =
          w[i].len == w[k + i].len && dbf__tx_ieqn(x->s + w[i].off, x->s + w[k + i].off, w[i].len);
    if (!same)
      continue;
    bool form = 2 * k < n && dbf__tx_word_in(x->s + w[2 * k].off, w[2 * k].len, k_cap_forms);
    if (form || (2 * k == n && k >= 2))
      return (dbf_span){found.off, w[k - 1].off + w[k - 1].len - found.off};
  }
  return found;
}

/* "harbour view hotel, part of a regional group Meridian Stays",
   "brookfield dairy, owned by Arla Foods": typed in lower case, the name
   the answer opens with is the employer; a capitalized one after a word
   of ownership is what owns it. */
static bool parent_after_name(const dbf__rx *x, dbf_span run) {
  static const char *const owners[] = {"part of", "owned by",  "belongs to", "subsidiary of",
                                       "group",   "member of", NULL};
  if (run.off == 0 || !dbf__tx_islower((unsigned char)x->s[0]))
    return false;
  size_t from = run.off > 32 ? run.off - 32 : 0;
  return dbf__tx_find_any(x->s, run.off, from, owners, NULL) != (size_t)-1;
}

/* Words for a public or teaching body that end its name: "... council". */
static const char *const k_body_kinds[] = {"university", "college",   "council",    "academy",
                                           "ministry",   "library",   "institute",  "government",
                                           "service",    "authority", "commission", NULL};
/* Words that end or open the part of an employer a person worked in. */
static const char *const k_subunit_last[] = {"office", "department", "dept",    "division",
                                             "branch", "campus",     "council", NULL};
static const char *const k_subunit_first[] = {"office",   "department", "dept",
                                              "division", "faculty",    NULL};

/* "fenwick college student services department", "marlow county council
   office of the clerk", "city of tarrow parks department", "holm academy
   east riding council": typed without a comma, the name of the employer
   (up to a word for its kind, or "city of" and one word) goes on into the
   part of it, or the body over it; the name ends at that word. */
static dbf_span without_subunit(const dbf__rx *x, dbf_span sp) {
  size_t end = sp.off + sp.len, head = 0;
  static const char *const cities[] = {"city of ", "town of ", "county of ", NULL};
  for (size_t k = 0; cities[k] && !head; k++) {
    size_t l = strlen(cities[k]);
    if (sp.len > l && dbf__tx_ieqn(x->s + sp.off, cities[k], l)) {
      head = sp.off + l;
      while (head < end && x->s[head] != ' ')
        head++;
    }
  }
  for (size_t p = sp.off; !head && p < end;) {
    size_t w = p;
    while (w < end && x->s[w] != ' ')
      w++;
    if (p > sp.off && (dbf__tx_word_in(x->s + p, w - p, k_body_kinds) ||
                       dbf__tx_word_in(x->s + p, w - p, k_employer_kinds)))
      head = w;
    p = w;
    while (p < end && x->s[p] == ' ')
      p++;
  }
  if (!head || head >= end)
    return sp;
  dbf_span tail = dbf__tx_trim(x->s, (dbf_span){head, end - head});
  dbf_span last = dbf__tx_word_before(x->s, end);
  size_t fe = tail.off;
  while (fe < end && x->s[fe] != ' ')
    fe++;
  if (tail.len == 0 || !(dbf__tx_word_in(x->s + last.off, last.len, k_subunit_last) ||
                         dbf__tx_word_in(x->s + tail.off, fe - tail.off, k_subunit_first)))
    return sp;
  return dbf__tx_trim(x->s, (dbf_span){sp.off, head - sp.off});
}

/* A name typed without a comma after it ends where what is said about it
   starts: "first prairie bank the main street branch", "hollister & vane a
   home goods retailer", "sanjeevani multispeciality hospital 450 beds". The
   first word is always kept; a name said with capitals is left whole. */
static dbf_span name_head(const dbf__rx *x, dbf_span sp) {
  size_t end = sp.off + sp.len;
  size_t p = sp.off;
  /* Said with capitals, the name has them: "By the end I was ...". Typed
     in lower case, the capitals are the ones given back to known names. */
  for (size_t i = sp.off + 1; i < end && !x->lower_typed; i++)
    if (dbf__tx_isupper((unsigned char)x->s[i]))
      return sp;
  /* "four dispatchers and two planners", "by the end i was ...": a count
     or a function word opens no name. */
  int nv = 0;
  if (dbf__tx_number_word_at(x->s, sp.off, end, &nv) > 0)
    return (dbf_span){sp.off, 0};
  /* "34 staff: sales reps": a count in figures, a word of its own. */
  size_t d = sp.off;
  while (d < end && x->s[d] >= '0' && x->s[d] <= '9')
    d++;
  if (d > sp.off && (d == end || x->s[d] == ' '))
    return (dbf_span){sp.off, 0};
  while (p < end && x->s[p] != ' ')
    p++;
  if (dbf__tx_function_word(x->s + sp.off, p - sp.off))
    return (dbf_span){sp.off, 0};
  /* "kestrel ridge logistics ltd regional haulier": the legal form
     ends the name. */
  static const char *const forms[] = {"ltd", "ltd.", "llc", "inc", "inc.", "plc", "gmbh", "pvt",
                                      "pte", "pte.", "pty", "llp", "corp", "bhd", "ag",   "bv",
                                      "oy",  "ab",   "srl", "spa", "kk",   NULL};
  bool form = dbf__tx_word_in(x->s + sp.off, p - sp.off, forms);
  for (; p < end; p++) {
    if (x->s[p - 1] != ' ' || x->s[p] == ' ')
      continue;
    size_t we = p;
    while (we < end && x->s[we] != ' ')
      we++;
    bool next_form = dbf__tx_word_in(x->s + p, we - p, forms);
    /* "fjellgrunn as in bergen", "lumen foods sa", "noravik as it's a
       yard": "as" and "sa" are a legal form right after a name word and
       before a place, a pronoun or the end; "as" before an article
       opens what is said about the name ("... as a weekend job"). */
    if (dbf__tx_word_in(x->s + p, we - p, (const char *const[]){"as", "sa", NULL})) {
      size_t nx = we;
      while (nx < end && x->s[nx] == ' ')
        nx++;
      static const char *const said_of[] = {"it",     "it's", "its",   "they", "they're",
                                            "theyre", "we",   "which", "who",  "that",
                                            "is",     "was",  "has",   NULL};
      if (nx >= end || opens_with(x, nx, k_after_name_place) || opens_with(x, nx, said_of))
        next_form = true;
      else if (dbf__tx_ieqn(x->s + p, "as", 2) &&
               opens_with(x, nx, (const char *const[]){"a", "an", "the", "well", "part", NULL}))
        return without_subunit(x, dbf__tx_trim(x->s, (dbf_span){sp.off, p - sp.off}));
    }
    bool about = x->s[p] == '~' && p + 1 < end && x->s[p + 1] >= '0' && x->s[p + 1] <= '9';
    about = about || about_figure(x, p, we) || gloss_hyphen(x, p, we) || for_duration(x, p, we);
    /* "... ISO 9001 certified": a standard's acronym and number. */
    about = about || (acronym_word(x, p, we) && standard_number(x, we, end));
    if ((x->s[p] >= '0' && x->s[p] <= '9') || about || opens_with(x, p, k_after_name) ||
        opens_with(x, p, k_after_name_size) || opens_with(x, p, k_after_name_place) ||
        (form && !next_form))
      return without_subunit(x, dbf__tx_trim(x->s, (dbf_span){sp.off, p - sp.off}));
    form = next_form;
  }
  return without_subunit(x, sp);
}

/* "the growth lead at Tandem Works", "a night nurse for Kestrel Care",
   "buyer @ Fenloe Foods": a job title (or a word for the job) just before
   "at", "for" or "@" makes it an employer's cue, as sure
   as "worked at". True when one to four words that end right before the
   cue at c are a role. */
static bool role_before(const dbf__rx *x, size_t c) {
  size_t e = c;
  while (e > 0 && x->s[e - 1] == ' ')
    e--;
  /* "my job at Tessel Mills", "I work at ...": a word for the job. */
  static const char *const jobs[] = {"job",       "role", "position",   "post",
                                     "placement", "work", "internship", NULL};
  dbf_span jw = dbf__tx_word_before(x->s, c);
  if (jw.len && jw.off + jw.len == e && dbf__tx_word_in(x->s + jw.off, jw.len, jobs))
    return true;
  size_t b = e;
  for (int words = 0; words < 4 && b > 0; words++) {
    while (b > 0 && x->s[b - 1] != ' ' && !strchr(",.;:!?()", x->s[b - 1]))
      b--;
    if (b < e && is_role_name(x, (dbf_span){b, e - b}))
      return true;
    if (b == 0 || x->s[b - 1] != ' ')
      break;
    while (b > 0 && x->s[b - 1] == ' ')
      b--;
  }
  return false;
}

/* "Performance marketing, SEO and copywriting", "Night shifts mostly":
   an everyday word capitalized only because it opens a sentence, with the
   phrase going on in lower case after it, is no name ("Acme, a small
   firm" and "Kestrel makes boats" are). */
static bool everyday_opener(const dbf__rx *x, dbf_span run) {
  size_t e = run.off + run.len;
  return dbf__rx_opens_sentence(x, run.off, ".!?\n") && dbf__tx_word_count(x->s, run) == 1 &&
         e + 1 < x->n && x->s[e] == ' ' && dbf__tx_islower((unsigned char)x->s[e + 1]) &&
         dbf__rx_common_word(x, x->s, run.off, run.len);
}

/* "reporting to Dana Whitfield", "worked for Helen Brooks directly": a
   person said after a preposition is whom the person worked for, not the
   employer, when nothing capitalized follows the name ("worked for Lena
   Ortiz Photography" names a firm). */
static bool boss_not_firm(const dbf__rx *x, dbf_span found) {
  /* "Reporting to Dana Whitfield.": the verb before the person. */
  size_t e = found.off + found.len;
  if (e + 4 <= x->n && dbf__tx_ieqn(x->s + e, " to ", 4) && dbf__tx_word_count(x->s, found) == 1) {
    if (found.len > 5 && dbf__tx_ieqn(x->s + e - 3, "ing", 3))
      return true;
    for (size_t i = 0; i < x->n_persons; i++)
      if (x->persons[i].off == e + 4)
        return true;
  }
  dbf_span w = dbf__tx_word_before(x->s, found.off);
  if (w.len == 0 ||
      !dbf__tx_word_in(x->s + w.off, w.len, (const char *const[]){"to", "for", "under", NULL}))
    return false;
  for (size_t i = 0; i < x->n_persons; i++) {
    if (x->persons[i].off != found.off)
      continue;
    size_t pe = found.off + x->persons[i].len;
    for (size_t p = pe; p < found.off + found.len; p++)
      if ((p == pe || x->s[p - 1] == ' ') && dbf__tx_isupper((unsigned char)x->s[p]))
        return false;
    return true;
  }
  return false;
}

/* "harlow parish trust (HPT)", "wexley county hospital, an NHS trust":
   an answer that opens in lower case and names a short form in capitals
   only after a comma or a bracket glosses the name it opens with. */
static bool acronym_gloss(const dbf__rx *x, dbf_span run) {
  if (run.off == 0 || !dbf__tx_islower((unsigned char)x->s[0]) ||
      dbf__tx_word_count(x->s, run) != 1)
    return false;
  for (size_t i = run.off; i < run.off + run.len; i++)
    if (dbf__tx_islower((unsigned char)x->s[i]))
      return false;
  dbf_span sent = dbf__rx_sentence_of(x, run.off);
  for (size_t i = sent.off; i < run.off; i++)
    if (x->s[i] == ',' || x->s[i] == '(')
      return dbf__tx_word_count(x->s, (dbf_span){sent.off, i - sent.off}) >= 2;
  return false;
}

/* No name starts with a pointer back. */
static bool points_back(const dbf__rx *x, size_t off) {
  return opens_with(x, off, k_said) || opens_with(x, off, k_same);
}

/* "the lodge sits in a chain called Fernway Homes", "owned by a trust
   named Alder": a name after "called" or "named" (cues 0 and 1) that a
   word of ownership comes before in its sentence is what owns the
   employer. */
static bool owner_called(const dbf__rx *x, size_t c, size_t which) {
  static const char *const owners[] = {"part of",   "owned by", "belongs to", "subsidiary of",
                                       "member of", "a group",  "a chain",    NULL};
  if (which > 1)
    return false;
  dbf_span sent = dbf__rx_sentence_of(x, c);
  return dbf__tx_find_any(x->s, c, sent.off, owners, NULL) != (size_t)-1;
}

/* True when the answer was asked for the tools: "a portal called
   Tradewell" there names a product. */
static bool asked_tools(const dbf__rx *x) {
  for (size_t i = 0; i < x->n_targets; i++)
    if (x->targets[i] && strcmp(x->targets[i], "tools_technologies") == 0)
      return true;
  return false;
}

/* "QC team is nine inspectors. I report to ...", "the night crew was six":
   an answer whose first three words name a unit of people is about the
   team, and names no employer but after a cue. */
static bool about_team(const dbf__rx *x) {
  if (x->n_sent == 0)
    return false;
  dbf_span first = dbf__tx_strip_fillers(x->s, x->sent[0]);
  size_t p = first.off, end = first.off + first.len;
  for (int words = 0; words < 3 && p < end; words++) {
    size_t we = p;
    while (we < end && dbf__tx_isalnum((unsigned char)x->s[we]))
      we++;
    if (we > p && dbf__tx_word_in(x->s + p, we - p, k_units))
      return true;
    if (we >= end || x->s[we] != ' ')
      return false;
    p = we + 1;
  }
  return false;
}

/* "Harlow General." said after "Harlow General Hospital" was held: the
   name cut short keeps the whole name already held. */
static json_t *whole_of_held(const dbf__rx *x, const dbf_template_field *f, dbf_span found) {
  const char *held = x->ctx->record ? dbf__rec_str(x->ctx->record, f->key) : NULL;
  if (!held || strlen(held) <= found.len || held[found.len] != ' ' ||
      !dbf__tx_ieqn(held, x->s + found.off, found.len))
    return dbf__rx_jstr_span(x, found);
  /* What the held name goes on with is more of the name: capitalized
     words of three letters or more ("Hospital"), not "and I", "I'm". */
  for (const char *w = held + found.len + 1; *w;) {
    size_t l = 0;
    while (w[l] && dbf__tx_isalnum((unsigned char)w[l]))
      l++;
    if (l < 3 || !dbf__tx_isupper((unsigned char)w[0]) || (w[l] && w[l] != ' ') ||
        dbf__tx_function_word(w, l))
      return dbf__rx_jstr_span(x, found);
    w += l + (w[l] == ' ');
  }
  return json_string(held);
  return dbf__rx_jstr_span(x, found);
}

/* "Élan bakery ltd", "Ørsted wind services": typed in lower case, a name
   whose first letter keeps its accented capital goes on in lower case; the
   capital alone is not the name, the words of the sentence are. */
static bool accented_lead(const dbf__rx *x, dbf_span run) {
  size_t e = run.off + run.len;
  return x->lower_typed && run.len > 0 && (unsigned char)x->s[run.off] >= 0x80 &&
         dbf__tx_word_count(x->s, run) == 1 && e + 1 < x->n && x->s[e] == ' ' &&
         dbf__tx_islower((unsigned char)x->s[e + 1]);
}

/* "with responsibility for", "at the front desk": a run typed in lower
   case that ends on a preposition or a joining word (a legal form such as
   "as" may end a name), or whose every word is an everyday one, names no
   firm. */
static bool everyday_run(const dbf__rx *x, dbf_span run) {
  static const char *const joins[] = {"for",  "of",   "in", "on", "to", "and",
                                      "with", "from", "by", "or", NULL};
  dbf_span last = dbf__tx_word_before(x->s, run.off + run.len);
  if (last.len && dbf__tx_word_in(x->s + last.off, last.len, joins))
    return true;
  for (size_t p = run.off, end = run.off + run.len; p < end;) {
    size_t we = p;
    while (we < end && x->s[we] != ' ')
      we++;
    if (!dbf__rx_common_word(x, x->s, p, we - p))
      return false;
    p = we;
    while (p < end && x->s[p] == ' ')
      p++;
  }
  return true;
}

/* True when a word of run is a word for a kind of employer or of public
   body: "grantly hythe hotel", "westvale ambulance service". */
static bool kind_in(const dbf__rx *x, dbf_span run) {
  for (size_t p = run.off, end = run.off + run.len; p < end;) {
    size_t we = p;
    while (we < end && x->s[we] != ' ')
      we++;
    if (dbf__tx_word_in(x->s + p, we - p, k_employer_kinds) ||
        dbf__tx_word_in(x->s + p, we - p, k_body_kinds))
      return true;
    p = we;
    while (p < end && x->s[p] == ' ')
      p++;
  }
  return false;
}

/* True when a word for a kind of employer comes right before the cue at c,
   past "is", "was", "it's": "a charity called", "the coop is called". */
static bool kind_before(const dbf__rx *x, size_t c) {
  static const char *const links[] = {"is", "was", "it's", "its", "s", "it", NULL};
  dbf_span w = dbf__tx_word_before(x->s, c);
  for (int k = 0; k < 3 && w.len; k++) {
    if (dbf__tx_word_in(x->s + w.off, w.len, k_employer_kinds))
      return true;
    if (!dbf__tx_word_in(x->s + w.off, w.len, links))
      return false;
    w = dbf__tx_word_before(x->s, w.off > 0 && x->s[w.off - 1] == '\'' ? w.off - 1 : w.off);
  }
  return false;
}

/* "marrow district council adult services team", "fenner and holt sewage
   and drainage service": typed in lower case without a stop, a name runs
   on to six words or more into the part of it or what it does. It ends
   at the last word for a kind of employer or public body among its
   second to fifth words or at its end within eight ("... university
   hospital nhs trust" keeps its trust), but not one before "of", which
   goes on ("county government of ..."); or before a word that opens a
   part of it ("... department of roads"). Nothing when its first word
   is an everyday one or all its words are ("customer service desk",
   "weekend cover nights bank holidays"). */
static dbf_span upto_kind(const dbf__rx *x, dbf_span sp) {
  static const char *const of[] = {"of", NULL};
  size_t end = sp.off + sp.len, p = sp.off, cut = 0;
  size_t lw = sp.off;
  while (lw < end && x->s[lw] != ' ')
    lw++;
  if (lw == sp.off || dbf__rx_common_word(x, x->s, sp.off, lw - sp.off))
    return (dbf_span){sp.off, 0};
  for (size_t words = 0; p < end && words < 8; words++) {
    size_t we = p;
    while (we < end && x->s[we] != ' ')
      we++;
    /* "... government of <place>": a kind word before "of" goes on. */
    if (words >= 1 && (words < 5 || we == end) && (we == end || !opens_with(x, we + 1, of)) &&
        (dbf__tx_word_in(x->s + p, we - p, k_employer_kinds) ||
         dbf__tx_word_in(x->s + p, we - p, k_body_kinds)))
      cut = we;
    /* "... <place> department of ...": the part of it opens after. */
    else if (words >= 2 && words < 5 && dbf__tx_word_in(x->s + p, we - p, k_subunit_first))
      cut = p - 1;
    p = we;
    while (p < end && x->s[p] == ' ')
      p++;
  }
  dbf_span name = dbf__tx_trim(x->s, (dbf_span){sp.off, cut > sp.off ? cut - sp.off : 0});
  return name.len && !everyday_run(x, name) ? name : (dbf_span){sp.off, 0};
}

/* "our lady of the valley hospital in the north": typed in lower case, a
   devotional name opens with "our", a word, "of", and ends in a word for a
   kind of employer; "our head of school" is a post, not a name. The name
   up to what is said about it, or nothing. */
static dbf_span lower_devout(const dbf__rx *x, dbf_span sp) {
  if (!x->lower_typed || sp.len <= 4 || !dbf__tx_ieqn(x->s + sp.off, "our ", 4))
    return (dbf_span){sp.off, 0};
  dbf_span rest = name_head(x, dbf__tx_trim(x->s, (dbf_span){sp.off + 4, sp.len - 4}));
  size_t w = rest.len ? dbf__tx_word_count(x->s, rest) : 0;
  size_t p = rest.off;
  while (p < rest.off + rest.len && x->s[p] != ' ')
    p++;
  if (w < 3 || !opens_with(x, p + 1, (const char *const[]){"of", NULL}) || !kind_in(x, rest) ||
      is_role_name(x, rest) || role_of(x, rest))
    return (dbf_span){sp.off, 0};
  return (dbf_span){sp.off, rest.off + rest.len - sp.off};
}

/* "Inventory management, sales forecasting, ...": asked for the employer,
   an answer that opens with a skill or a tool running on past its capital
   in lower case answers another question. */
static bool skill_opener(const dbf__rx *x, dbf_span run) {
  static const char *const kinds[] = {"technical_skills", "tools_technologies", NULL};
  size_t e = run.off + run.len;
  if (run.len == 0 || e + 1 >= x->n || x->s[e] != ' ' ||
      !dbf__tx_islower((unsigned char)x->s[e + 1]))
    return false;
  dbf_span first = x->n_sent ? dbf__tx_strip_fillers(x->s, x->sent[0]) : (dbf_span){0, x->n};
  if (run.off != first.off)
    return false;
  for (size_t k = 0; kinds[k]; k++) {
    const dbf__lexicon *l = dbf__lex_get(x->ctx->lex, kinds[k]);
    dbf__lex_match m;
    if (l && dbf__lex_match_at(l, x->s, x->n, run.off, &m) && m.len > run.len + 1)
      return true;
  }
  return false;
}

/* "a buyer for frozen foods at ...", "Lead Officer for Housing at ...":
   a title, then the area it covers after "for" (one to four words, no
   stop between), right before the cue at c. */
static bool role_area_before(const dbf__rx *x, size_t c) {
  size_t b = c;
  for (int words = 0; words < 5 && b > 0; words++) {
    while (b > 0 && x->s[b - 1] == ' ')
      b--;
    size_t we = b;
    while (b > 0 && x->s[b - 1] != ' ' && !strchr(",.;:!?()", x->s[b - 1]))
      b--;
    if (b == we || (b > 0 && x->s[b - 1] != ' '))
      return false;
    if (words > 0 && we - b == 3 && dbf__tx_ieqn(x->s + b, "for", 3))
      return role_before(x, b);
  }
  return false;
}

/* "the post I'd like to describe is at ...", "my work in ...", "my role
   in logistics with ...": in the same sentence, "my", "our" or "the" and
   a word for the job (not right before the cue, which role_before sees)
   make "at", "in" or "with" at c name the employer. True when that word
   comes before c within its sentence. */
static bool job_said_before(const dbf__rx *x, size_t c) {
  static const char *const jobs[] = {"job", "role", "position", "post", "work", "placement", NULL};
  static const char *const owners[] = {"my", "our", "the", NULL};
  dbf_span sent = dbf__rx_sentence_of(x, c);
  size_t p = sent.off;
  while (p < c) {
    while (p < c && !dbf__tx_isalnum((unsigned char)x->s[p]))
      p++;
    size_t we = p;
    while (we < c && dbf__tx_isalnum((unsigned char)x->s[we]))
      we++;
    if (we > p && dbf__tx_word_in(x->s + p, we - p, jobs)) {
      dbf_span before = dbf__tx_word_before(x->s, p);
      if (before.len && before.off >= sent.off &&
          dbf__tx_word_in(x->s + before.off, before.len, owners))
        return true;
    }
    p = we;
  }
  return false;
}

/* An employer after a job said in passing (see job_said_before): two
   capitalized words or more, none a title, a date, a person or a tool;
   after "in" the name carries a word for its kind ("in Fenwick Data
   Services", not "in Lower Saxony"). */
static dbf_span employer_after_job(const dbf__rx *x) {
  static const char *const cues[] = {"at", "in", "with", NULL};
  const dbf__lexicon *tools = dbf__lex_get(x->ctx->lex, "tools_technologies");
  for (size_t p = 0; p < x->n;) {
    size_t which = 0;
    size_t c = dbf__tx_find_any(x->s, x->n, p, cues, &which);
    if (c == (size_t)-1)
      break;
    size_t after = c + strlen(cues[which]);
    p = after;
    if (!job_said_before(x, c))
      continue;
    dbf_span run = name_run(x, after, x->n);
    /* "... Print Works and I ...": the speaker joined on is no part of it. */
    dbf_span last = dbf__tx_word_before(x->s, run.off + run.len);
    if (run.len && last.len == 1 && x->s[last.off] == 'I' && last.off > run.off) {
      dbf_span link = dbf__tx_word_before(x->s, last.off);
      if (link.len && dbf__tx_word_in(x->s + link.off, link.len,
                                      (const char *const[]){"and", "but", "or", NULL}))
        run = dbf__tx_trim(x->s, (dbf_span){run.off, link.off - run.off});
    }
    if (run.len == 0 || run.off > after + 1 || dbf__tx_word_count(x->s, run) < 2 ||
        dbf__rx_is_starter(x, run) || is_role_name(x, run) || not_a_name(x, run) ||
        in_date(x, run) || only_person(x, run))
      continue;
    dbf__lex_match tm[2];
    if (tools && dbf__lex_scan(tools, x->s + run.off, run.len, tm, 2) > 0)
      continue;
    if (which == 1 && !kind_in(x, run))
      continue;
    return run;
  }
  return (dbf_span){0, 0};
}

/* True when run is one word said right after a preposition of place
   ("in", "near", "outside"): a town, not an employer. */
static bool place_word(const dbf__rx *x, dbf_span run) {
  static const char *const where[] = {"in", "near", "outside", NULL};
  dbf_span before = dbf__tx_word_before(x->s, run.off);
  return run.len && !memchr(x->s + run.off, ' ', run.len) && before.len &&
         before.off + before.len < run.off && x->s[before.off + before.len] == ' ' &&
         dbf__tx_word_in(x->s + before.off, before.len, where);
}

void dbf__rule_organization(dbf__rx *x, const dbf_template_field *f, bool targeted) {
  /* Every cue but the last five is strong: "at", "for" and "@" name a
     place or a client as often as an employer, "with" and "w/" only after
     a title. */
  static const char *const cues[] = {"called",
                                     "named",
                                     "worked at",
                                     "worked for",
                                     "joined",
                                     "employed at",
                                     "employer is",
                                     "company is",
                                     "placed with",
                                     "employed by",
                                     "contracted to",
                                     "under the name",
                                     "trading as",
                                     "operating as",
                                     "doing business as",
                                     "at",
                                     "for",
                                     "@",
                                     "with",
                                     "w/",
                                     NULL};
  const size_t n_strong = 15;
  /* "with" and "w/" name an employer only after a title: "a deckhand with
     Norrland Ferries", not "worked with Dana" or "with Excel". */
  const size_t n_titled = 18;
  dbf_span found = {0, 0};
  bool strong = false;
  for (size_t p = 0; p < x->n && !found.len;) {
    size_t which = 0;
    size_t c = dbf__tx_find_any(x->s, x->n, p, cues, &which);
    if (c == (size_t)-1)
      break;
    size_t after = c + strlen(cues[which]);
    /* "Institute for Medical Research": "for" inside a name is no cue;
       "at" after a title said with capitals ("Head Chef at Osteria
       Bruna") is one, but "for" there names an area ("Lead Officer for
       Food"). */
    size_t pw = c;
    while (pw > 0 && x->s[pw - 1] == ' ')
      pw--;
    while (pw > 0 && dbf__tx_isalnum((unsigned char)x->s[pw - 1]))
      pw--;
    if (which >= n_strong && which < n_titled && pw < c &&
        dbf__tx_isupper((unsigned char)x->s[pw]) && pw > 0 &&
        (strcmp(cues[which], "for") == 0 || !role_before(x, c))) {
      p = after;
      continue;
    }
    if (which >= n_titled && !role_before(x, c)) {
      p = after;
      continue;
    }
    dbf_span run = name_run(x, after, x->n);
    if (run.len > 0 && run.off <= after + 1 && !dbf__rx_is_starter(x, run)) {
      /* Months, weekdays and people are not employers. */
      dbf__date d;
      /* "Joined May 2021": a month is part of the answer's date. */
      bool is_date =
          dbf__date_scan(x->s + run.off, run.len, &x->ref, false, &d, 1) > 0 || in_date(x, run);
      bool person = false;
      for (size_t i = 0; i < x->n_persons; i++)
        person = person || x->persons[i].off == run.off;
      bool role = is_role_name(x, run) || not_a_name(x, run) || owner_called(x, c, which) ||
                  (!targeted && which <= 1 && asked_tools(x));
      if (!is_date && !person && !role) {
        found = run;
        strong = which < n_strong || role_before(x, c) ||
                 (strcmp(cues[which], "at") == 0 && role_area_before(x, c));
      }
    }
    p = after;
  }
  /* "Falcon Aviation Services, at DXB.": asked for the employer, the name
     the answer opens with beats one after "at" or "for", when it stands
     apart (a comma, a dash, a bracket or the end follows it). Words that
     run on into the sentence ("Honestly I was a nurse at St Mary's") open
     it and name nothing. */
  if (found.len && !strong && targeted && !x->negative && dbf__tx_isupper((unsigned char)x->s[0])) {
    dbf_span run = name_run(x, 0, x->n);
    size_t e = run.off + run.len;
    while (e < x->n && x->s[e] == ' ')
      e++;
    /* ... or said without a comma, a gloss or a place follows it: "Aer
       Lumen head office at Dublin Airport", "Quillhaven Studio a design
       agency in Portland". */
    static const char *const gloss[] = {"a", "an", "the", NULL};
    bool apart = e >= x->n || strchr(",.;:-(", x->s[e]) != NULL || (unsigned char)x->s[e] >= 0x80 ||
                 (run.len > 0 && dbf__tx_word_count(x->s, run) >= 2 &&
                  (opens_with(x, e, k_after_name_place) || opens_with(x, e, gloss)));
    if (run.len > 0 && run.off == 0 && run.off + run.len < found.off && apart &&
        !dbf__rx_is_starter(x, run) && !is_role_name(x, run) && !in_date(x, run) &&
        !not_a_name(x, run))
      found = run;
  }
  bool team = about_team(x);
  if (!found.len && targeted && !x->negative && !team) {
    /* A targeted answer usually opens with the name: "Ledgerly, a B2B startup". */
    for (size_t p = 0; p < x->n; p++) {
      if ((p == 0 || x->s[p - 1] == ' ') && upper_at(x, p)) {
        dbf_span run = name_run(x, p, x->n);
        /* "The Coastal Herald." as the whole answer keeps its article. */
        /* ... but not a public body's: "The National Park Service." */
        static const char *const bodies[] = {"Service",   "Department", "Agency", "Ministry",
                                             "Authority", "Commission", "Bureau", NULL};
        bool whole = p == 0 && run.len > 4 && dbf__tx_ieqn(x->s, "The ", 4) && x->n_sent == 1 &&
                     dbf__tx_word_count(x->s, run) >= 3 &&
                     dbf__tx_strip_fillers(x->s, x->sent[0]).len <= run.len + 1 &&
                     !dbf__rx_last_word_in(x, run, bodies);
        /* "Our Lady of Mercy College", "Our Saviour of the Hills School": a
           devotional name opens with "Our", its words joined by "of". */
        bool devout = run.len > 4 && dbf__tx_ieqn(x->s + run.off, "Our ", 4) &&
                      dbf__rx_cap_at(x, run.off + 4) && dbf__tx_word_count(x->s, run) >= 4 &&
                      dbf__tx_find_word(x->s, run.off + run.len, run.off, "of") != (size_t)-1 &&
                      !is_role_name(x, (dbf_span){run.off + 4, run.len - 4}) &&
                      !role_of(x, (dbf_span){run.off + 4, run.len - 4});
        whole = whole || devout;
        /* "Four dispatchers and two planners": a count opens the sentence. */
        int nv = 0;
        bool count = dbf__tx_word_count(x->s, run) == 1 &&
                     dbf__tx_number_word_at(x->s, run.off, run.off + run.len, &nv) == run.len;
        if (accented_lead(x, run))
          break;
        /* "..., not IT": a name said only to be denied is no employer. */
        dbf_span neg = dbf__tx_word_before(x->s, run.off);
        bool denied = neg.len == 3 && dbf__tx_ieqn(x->s + neg.off, "not", 3);
        /* "A small joinery in Galway", "mostly agency work near Leeds": one
           capitalized word after a preposition of place is where. */
        if (place_word(x, run)) {
          p = run.off + run.len;
          continue;
        }
        if (run.len > 0 && (whole || !dbf__rx_is_starter(x, run)) && !is_role_name(x, run) &&
            !denied && !in_date(x, run) && !points_back(x, run.off) && !count &&
            !only_person(x, run) && !parent_after_name(x, run) && !not_a_name(x, run)) {
          /* An answer that opens on an everyday phrase is about something
             else; a capital further on is an item of it ("SEO"). */
          if (everyday_opener(x, run) || acronym_gloss(x, run) || skill_opener(x, run))
            break;
          found = run;
          break;
        }
        /* "The Western Clarion, weekly paper plus the website.": the name
           after the article the answer opens with. */
        if (p == 0 && run.len > 4 && dbf__tx_ieqn(x->s, "The ", 4) && dbf__rx_cap_at(x, 4)) {
          dbf_span rest = {4, run.len - 4};
          if (!dbf__rx_is_starter(x, rest) && !is_role_name(x, rest) && !in_date(x, rest)) {
            found = rest;
            break;
          }
        }
        if (run.len > 0)
          p = run.off + run.len; /* not inside a rejected name ("Analyst II") */
      }
    }
  }
  /* Typed in lower case after a cue: "i was with hadley lifting services,
     they hire out cranes", "self-employed, under the name little acorns
     childminding": the words after it up to what is said about them. */
  if (!found.len && targeted && !x->negative && x->lower_typed) {
    static const char *const lcues[] = {
        "worked at",   "worked for",   "employed by", "employed at", "under the name",
        "trading as",  "operating as", "was with",    "company is",  "employer is",
        "placed with", "invoice as",   "called",      "named",       NULL};
    size_t which = 0;
    size_t c = dbf__tx_find_any(x->s, x->n, 0, lcues, &which);
    if (c != (size_t)-1) {
      size_t b = c + strlen(lcues[which]);
      while (b < x->n && x->s[b] == ' ')
        b++;
      size_t e = b;
      while (e < x->n && !strchr(",.;:!?()", x->s[e]))
        e++;
      dbf_span run =
          e > b ? name_head(x, dbf__tx_trim(x->s, (dbf_span){b, e - b})) : (dbf_span){b, 0};
      size_t w = run.len ? dbf__tx_word_count(x->s, run) : 0;
      if (w >= 2 && w <= 6 && !in_date(x, run) && !is_role_name(x, run) && !points_back(x, run.off))
        found = run;
    }
  }
  /* Typed in lower case, in any answer: "dispatch supervisor @ <firm> <city>,
     ...", "my job as coordinator at at <firm> that's an ngo", "a site
     foreman with <firm> in <town>", "outreach officer w/ <firm>": after a
     title (or a word for the job) and "at", "@", "with" or "w/", the words
     up to what is said about them. A stutter of the cue ("at at") is one
     cue; "the" after it opens a name of three words or more with a word for
     its kind ("nurse at the <x> <y> hospital"), not a place in the firm
     ("at the front desk"). */
  for (size_t p = 0; !found.len && !x->negative && x->lower_typed && !asked_tools(x) && p < x->n;) {
    static const char *const lc_cues[] = {"at", "@", "with", "w/", NULL};
    size_t which = 0;
    size_t c = dbf__tx_find_any(x->s, x->n, p, lc_cues, &which);
    if (c == (size_t)-1)
      break;
    size_t b = c + strlen(lc_cues[which]);
    p = b;
    if (!role_before(x, c))
      continue;
    while (b < x->n && x->s[b] == ' ')
      b++;
    if (which == 0 && b + 3 <= x->n && dbf__tx_ieqn(x->s + b, "at ", 3))
      b += 3;
    size_t least = 2;
    if (b + 4 <= x->n && dbf__tx_ieqn(x->s + b, "the ", 4)) {
      b += 4;
      least = 3;
    }
    size_t e = b;
    while (e < x->n && !strchr(",.;:!?()", x->s[e]))
      e++;
    dbf_span run = e > b && dbf__tx_islower((unsigned char)x->s[b])
                       ? name_head(x, dbf__tx_trim(x->s, (dbf_span){b, e - b}))
                       : (dbf_span){b, 0};
    size_t w = run.len ? dbf__tx_word_count(x->s, run) : 0;
    if (least > 2 && !kind_in(x, run))
      continue;
    if (w >= least && w <= 5 && !in_date(x, run) && !is_role_name(x, run) && !not_a_name(x, run) &&
        !points_back(x, run.off) && !everyday_run(x, run)) {
      found = run;
      strong = true;
    }
  }
  /* "the coop is called tano valley growers but all say TVG", "a clinic
     named harbour physio": after a kind of employer and "called", a name
     typed in lower case in any answer, up to a capital or what is said
     about it. */
  if (!found.len && !x->negative && !asked_tools(x)) {
    size_t which = 0;
    size_t c =
        dbf__tx_find_any(x->s, x->n, 0, (const char *const[]){"called", "named", NULL}, &which);
    size_t b = c == (size_t)-1 ? x->n : c + (which ? 5 : 6);
    while (b < x->n && x->s[b] == ' ')
      b++;
    size_t e = b;
    while (e < x->n && !strchr(",.;:!?()", x->s[e]) &&
           !(x->s[e - 1] == ' ' && dbf__tx_isupper((unsigned char)x->s[e])))
      e++;
    /* "... books and I did": the "and" before the capital is not the name's. */
    dbf_span last = dbf__tx_word_before(x->s, e);
    if (e < x->n && last.len && last.off > b &&
        dbf__tx_word_in(x->s + last.off, last.len, (const char *const[]){"and", "or", NULL}))
      e = last.off;
    dbf_span run = b < x->n && dbf__tx_islower((unsigned char)x->s[b]) && kind_before(x, c)
                       ? name_head(x, dbf__tx_trim(x->s, (dbf_span){b, e - b}))
                       : (dbf_span){b, 0};
    size_t w = run.len ? dbf__tx_word_count(x->s, run) : 0;
    if (w >= 2 && w <= 6 && !in_date(x, run) && !is_role_name(x, run) && !points_back(x, run.off)) {
      found = run;
      strong = true;
    }
  }
  /* Typed in lower case: "ud castellar. i was head physio there", "barton
     creek animal hospital. its privately owned": a short first sentence
     without a verb is the name. */
  if (!found.len && targeted && !x->negative && !team && x->n_sent > 0 &&
      !skill_opener(x, name_run(x, dbf__tx_strip_fillers(x->s, x->sent[0]).off, x->n))) {
    dbf_span first = dbf__tx_trim(x->s, x->sent[0]);
    /* "same as i said, fenmouth city council", "milton skills partnership
       like i said": a pointer back to what was said is no part of the name;
       nor is what follows its first comma ("..., around 80 stores"). */
    const char *const *back = k_said;
    if (opens_with(x, first.off, k_same))
      first.len = 0; /* the employer already named */
    for (size_t k = 0; back[k] && first.len; k++) {
      size_t l = strlen(back[k]);
      /* Nothing but the pointer: no name. */
      if (first.len <= l + 2 && first.len >= l && dbf__tx_ieqn(x->s + first.off, back[k], l) &&
          (first.len == l || !dbf__tx_isalnum((unsigned char)x->s[first.off + l]))) {
        first.len = 0;
        break;
      }
      if (first.len > l + 2 && dbf__tx_ieqn(x->s + first.off, back[k], l) &&
          !dbf__tx_isalnum((unsigned char)x->s[first.off + l])) {
        size_t q = first.off + l;
        while (q < first.off + first.len && strchr(" ,:-", x->s[q]))
          q++;
        first = (dbf_span){q, first.off + first.len - q};
        break;
      }
    }
    first = dbf__tx_strip_fillers(x->s, first);
    /* "it's orrin vale holdings limited they own two quarries", "that's
       pell & dunn ltd": typed in lower case, a name said after "it's" or
       "that's" is kept only when its last word is a legal form. */
    bool said_is = false;
    static const char *const is_opens[] = {"it's ",  "its ",    "it is ",    "that's ",
                                           "thats ", "it was ", "that was ", NULL};
    for (size_t k = 0; x->lower_typed && is_opens[k]; k++) {
      size_t l = strlen(is_opens[k]);
      if (first.len <= l || !dbf__tx_ieqn(x->s + first.off, is_opens[k], l))
        continue;
      size_t q = first.off + l, we = q;
      while (we < first.off + first.len && x->s[we] != ' ')
        we++;
      if (we > q && !dbf__tx_function_word(x->s + q, we - q)) {
        first = (dbf_span){q, first.off + first.len - q};
        said_is = true;
      }
      break;
    }
    /* "delfina textiles s.a. a mill with 90 looms": a legal form typed in
       lower case ends the name; it is set aside and put back after. */
    size_t form_at = 0, form_end = 0;
    for (size_t w = first.off + 1; x->lower_typed && w < first.off + first.len && !form_end; w++)
      if (x->s[w - 1] == ' ' && (form_end = lower_form_end(x, w)) > w)
        form_at = w;
      else
        form_end = 0;
    if (form_end)
      first = dbf__tx_trim(x->s, (dbf_span){first.off, form_at - first.off});
    const char *comma = memchr(x->s + first.off, ',', first.len);
    if (comma && comma > x->s + first.off)
      first = dbf__tx_trim(x->s, (dbf_span){first.off, (size_t)(comma - (x->s + first.off))});
    /* "riverside valley community college (RVCC)": not its short form. */
    const char *open = memchr(x->s + first.off, '(', first.len);
    if (open && open > x->s + first.off + 1)
      first = dbf__tx_trim(x->s, (dbf_span){first.off, (size_t)(open - (x->s + first.off))});
    for (size_t k = 0; back[k]; k++) {
      size_t l = strlen(back[k]);
      size_t e = first.off + first.len;
      if (first.len > l + 2 && dbf__tx_ieqn(x->s + e - l, back[k], l) && x->s[e - l - 1] == ' ') {
        first = dbf__tx_trim(x->s, (dbf_span){first.off, first.len - l});
        break;
      }
    }
    /* "the australian border force, which sits under home affairs", "the
       coastal herald.": two words or more after the article are a name; it
       keeps the article when it is all the answer says, but for a public
       body's ("the national park service."). */
    dbf_span core = {0, 0};
    bool article = false;
    dbf_span s0 = dbf__tx_trim(x->s, x->sent[0]);
    size_t the = first.len > 4 && dbf__tx_ieqn(x->s + first.off, "the ", 4) ? first.off
                 : s0.len > 4 && dbf__tx_ieqn(x->s + s0.off, "the ", 4) && first.off == s0.off + 4
                     ? s0.off
                     : (size_t)-1;
    if (the != (size_t)-1 && first.off + first.len > the + 4) {
      static const char *const bodies[] = {"service",   "department", "agency", "ministry",
                                           "authority", "commission", "bureau", NULL};
      dbf_span rest =
          name_head(x, dbf__tx_trim(x->s, (dbf_span){the + 4, first.off + first.len - the - 4}));
      if (rest.len && dbf__tx_word_count(x->s, rest) >= 2) {
        bool whole = rest.off + rest.len + 1 >= s0.off + s0.len && x->n_sent == 1 &&
                     !dbf__rx_last_word_in(x, rest, bodies);
        core = rest;
        article = true;
        first = whole ? (dbf_span){the, rest.off + rest.len - the} : rest;
      }
    }
    dbf_span devout = article ? (dbf_span){0, 0} : lower_devout(x, first);
    if (devout.len)
      first = core = devout;
    else if (!article)
      first = core = name_head(x, first);
    static const char *const verbs[] = {
        "i",  "was", "is",  "were", "worked", "it",        "we",       "my",     "they", "a",
        "an", "the", "not", "no",   "sure",   "reporting", "reported", "report", NULL};
    /* "the council", "a bank": a kind of employer, not its name. */
    static const char *const dets[] = {"the ", "a ", "an ", "our ", "my ", "their ", "some ", NULL};
    bool generic = false;
    for (size_t k = 0; dets[k] && !generic && !article && !devout.len; k++)
      generic = dbf__tx_ieqn(x->s + s0.off, dets[k], strlen(dets[k]));
    size_t w = first.len ? dbf__tx_word_count(x->s, first) : 0;
    /* Typed with capitals, a name has them: "Performance marketing, SEO"
       opens on an everyday word. */
    bool everyday = !x->lower_typed && first.len > 0 &&
                    everyday_opener(x, dbf__rx_cap_run_joined(x, first.off, first.off + first.len));
    static const char *const spelled_forms[] = {"limited", "ltd",          "ltd.", "llc", "inc",
                                                "inc.",    "plc",          "gmbh", "pty", "llp",
                                                "corp",    "incorporated", NULL};
    if (said_is && (w < 2 || !dbf__rx_last_word_in(x, core, spelled_forms)))
      w = 0;
    /* Six words may be a whole name ("... hospital nhs foundation trust")
       or one run on ("... school junior years only"): cut only when a
       word for its kind is found; past six, nothing unless it is. */
    bool cut = w >= 6 && x->lower_typed && !article && !said_is;
    if (cut) {
      dbf_span head = upto_kind(x, first);
      if (head.len || w > 6) {
        first = core = head;
        w = first.len ? dbf__tx_word_count(x->s, first) : 0;
      }
    }
    if (w >= 1 && (w <= 6 || cut) && !generic && !everyday && !points_back(x, first.off) &&
        !dbf__rx_span_has_any(x, core, verbs) && !in_date(x, first) && !is_role_name(x, core) &&
        !not_a_name(x, core))
      found = form_end && first.off + first.len + 1 == form_at
                  ? (dbf_span){first.off, form_end - first.off}
                  : first;
  }
  /* Said to another question, an answer that opens with a name alone
     ("Halvorsen Freight. I was there the whole time", "Comal Rodante
     LLC"): two or more capitalized words, none a tool, a title, a date or
     a person. */
  if (!found.len && !targeted && x->n_sent > 0) {
    dbf_span first = dbf__tx_strip_fillers(x->s, x->sent[0]);
    while (first.len > 0 && strchr(".!", x->s[first.off + first.len - 1]))
      first.len--;
    dbf_span run = dbf__rx_cap_run_joined(x, first.off, first.off + first.len);
    const dbf__lexicon *tools = dbf__lex_get(x->ctx->lex, "tools_technologies");
    dbf__lex_match tm[2];
    if (run.off == first.off && run.len == first.len && dbf__tx_word_count(x->s, run) >= 2 &&
        !dbf__rx_is_starter(x, run) && !is_role_name(x, run) && !in_date(x, run) &&
        !only_person(x, run) && dbf__lex_scan(tools, x->s + run.off, run.len, tm, 2) == 0)
      found = run;
  }
  /* A name after a job said earlier in the sentence (employer_after_job)
     is as sure as one after "worked at"; asked for the employer, a name
     the answer opens with before it still wins. */
  if (!strong && !x->negative) {
    dbf_span job = employer_after_job(x);
    if (job.len && (!found.len || !targeted || job.off <= found.off)) {
      found = job;
      strong = true;
    }
  }
  if (!found.len || boss_not_firm(x, found))
    return;
  found = name_before_form(x, found);
  found = without_next_opener(x, found);
  found = said_twice(x, found);
  /* Said with capitals but no comma: "Harwick College Student Services
     Department", "Fenmoor Academy Eastshire County Council". */
  if (!x->lower_typed)
    found = without_subunit(x, found);
  found = glossed(x, found);
  if (targeted)
    found = corrected(x, found);
  found = legal_suffix(x, found);
  if (x->lower_typed)
    found = lower_form(x, found);
  /* In passing, a sentence that is only a name ("Halvorsen Freight.") is
     the organization the person is talking about. */
  if (!targeted && !strong) {
    bool alone = false;
    for (size_t i = 0; i < x->n_sent && !alone; i++) {
      dbf_span sent = dbf__tx_strip_fillers(x->s, x->sent[i]);
      alone = found.off == sent.off && found.len + 1 >= sent.len;
    }
    if (!alone || !dbf__rx_cross_list_ok(x, f->key))
      return;
  }
  dbf__rx_put(x, f->key, whole_of_held(x, f, found),
              dbf__rx_hedge(x, targeted ? CONF_TARGET : CONF_CROSS),
              x->n_sent > 0 && x->sent_correction[0]);
}

/* The asked organization holds its own answer when a name is in it. */
bool dbf__claim_organization(dbf__rx *x, const dbf_template_field *f, dbf_span sent, bool own) {
  (void)f;
  if (!own)
    return false;
  for (size_t p = sent.off; p < sent.off + sent.len; p++) {
    if ((p == sent.off || x->s[p - 1] == ' ') && dbf__tx_isupper((unsigned char)x->s[p])) {
      dbf_span run = dbf__rx_cap_run_joined(x, p, sent.off + sent.len);
      if (run.len > 0 && !dbf__rx_is_starter(x, run) && !is_role_name(x, run) && !in_date(x, run))
        return true;
    }
  }
  return false;
}
