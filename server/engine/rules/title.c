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
    "a",      "an",    "the",  "as",       "was",       "i",     "am",      "my",     "our",
    "their",  "by",    "at",   "to",       "and",       "then",  "started", "became", "promoted",
    "worked", "been",  "is",   "were",     "being",     "later", "now",     "also",   "from",
    "in",     "for",   "with", "her",      "his",       "i'm",   "i've",    "ended",  "end",
    "job",    "title", "role", "position", "currently", "so",    "but",     "which",  "who",
    "says",   "said",  "it's", "its",      "called",    "me",    "made",    "well",   "like",
    "yeah",   "years", "yrs",  "months",   "mths",      "year",  "last",    "put",    "we",
    "you",    "they",  "say",  "call",     "or",        NULL};

/* Grades that head a title said again ("Head Cooper" after "Cooper"). */
static const char *const k_grade_words[] = {"senior", "sr",        "lead",  "head",
                                            "chief",  "principal", "staff", NULL};

/* "Sjuksköterska, in English it's like staff nurse", "in English probably
   Senior Fitter?": a title rendered in English with a hedge after the cue
   is a loose gloss of the official title, never the title itself. True
   when such a cue and hedge come within a few words before the end of sp
   (a title said with capitals may have run back over them). */
static bool hedged_english_gloss(const dbf__rx *x, dbf_span sp) {
  static const char *const cue[] = {"in english", NULL};
  static const char *const hedges[] = {"like",    "maybe",   "roughly",      "approximately",
                                       "sort of", "kind of", "more or less", "probably",
                                       "perhaps", NULL};
  size_t end = sp.off + sp.len;
  size_t from = sp.off > 40 ? sp.off - 40 : 0;
  size_t at = dbf__tx_find_any(x->s, end, from, cue, NULL);
  if (at == (size_t)-1)
    return false;
  size_t c = at + strlen(cue[0]);
  return c < end && dbf__tx_find_any(x->s, end, c, hedges, NULL) != (size_t)-1;
}

/* True when the answer's second sentence opens by putting the first in
   other words: "So: pilot", "i.e. pilot", "In other words, pilot". */
static bool renders_first(const dbf__rx *x) {
  static const char *const cues[] = {"so:", "i.e.", "ie:", "in other words", "meaning", NULL};
  if (x->n_sent < 2)
    return false;
  dbf_span s1 = dbf__tx_trim(x->s, x->sent[1]);
  for (size_t k = 0; cues[k]; k++) {
    size_t l = strlen(cues[k]);
    if (s1.len > l + 1 && dbf__tx_ieqn(x->s + s1.off, cues[k], l) &&
        !dbf__tx_isalnum((unsigned char)x->s[s1.off + l]))
      return true;
  }
  return false;
}

/* A sentence of 1 to 6 capitalized words, with "of", "&" or "and" between. */
static bool title_shaped(const dbf__rx *x, dbf_span sent) {
  dbf_span sp = dbf__tx_trim(x->s, sent);
  size_t words = 0, commas = 0, i = sp.off, end = sp.off + sp.len;
  while (i < end && (x->s[end - 1] == '.' || x->s[end - 1] == '!'))
    end--;
  while (i < end) {
    size_t b = i;
    while (i < end && x->s[i] != ' ')
      i++;
    bool join = (i - b == 2 && dbf__tx_ieqn(x->s + b, "of", 2)) || (i - b == 1 && x->s[b] == '&') ||
                (i - b == 3 && dbf__tx_ieqn(x->s + b, "and", 3));
    if (!join && !dbf__tx_isupper((unsigned char)x->s[b]))
      return false;
    /* One comma before a specialty: "Buyer, Womenswear Contemporary". */
    for (size_t k = b; k < i; k++)
      if (x->s[k] == ',' && (commas++ > 0 || k + 1 != i))
        return false;
    if (++words > 6)
      return false;
    while (i < end && x->s[i] == ' ')
      i++;
  }
  return words > 0 && !dbf__rx_is_starter(x, sp);
}

/* Words after a role that say it was not the title. */
static const char *const k_not_title[] = {
    "wasn't the title", "was not the title", "not the title",  "informal",        "unofficial",
    "not official",     "wasn't my title",   "never official", "wasn't official", NULL};

/* Cues after which the person states the title itself. */
static const char *const k_title_is[] = {"title was",     "title is",       "officially",
                                         "it says",       "on my contract", "on the contract",
                                         "contract says", "contract said",  NULL};

/*
 * "so write head of sales / co-founder", "just put Store Manager": the title
 * the person tells us to write down, up to the clause's end, when a role
 * word is in it.
 */
static bool written_title(const dbf__rx *x, const dbf__lexicon *roles, char *out, size_t cap) {
  /* "in English I'd call it plant engineer": the person's own English
     title, kept over the official one said before it. */
  static const char *const cues[] = {"so write",
                                     "just write",
                                     "write down",
                                     "so put",
                                     "just put",
                                     "put down",
                                     "please put",
                                     "please write",
                                     "in english put",
                                     "in english i'd say",
                                     "in english id say",
                                     "in english i would say",
                                     "in english i'd call it",
                                     "in english id call it",
                                     "in english i would call it",
                                     NULL};
  size_t which = 0;
  size_t at = dbf__tx_find_any(x->s, x->n, 0, cues, &which);
  if (at == (size_t)-1)
    return false;
  size_t p = at + strlen(cues[which]);
  while (p < x->n && (x->s[p] == ' ' || x->s[p] == ':'))
    p++;
  size_t e = p;
  while (e < x->n && !strchr(".;,\n(", x->s[e]))
    e++;
  /* "put down head chef for the last year": up to a time said after it. */
  static const char *const whens[] = {" for ", " since ", " from ", " until ",
                                      " in ",  " at ",    " then ", NULL};
  size_t w = dbf__tx_find_any(x->s, e, p, whens, NULL);
  if (w != (size_t)-1)
    e = w;
  dbf_span sp = dbf__tx_trim(x->s, (dbf_span){p, e - p});
  /* "... Warehouse Specialist please": no word of the title. */
  static const char *const asks[] = {" please", " pls", NULL};
  for (size_t k = 0; asks[k]; k++) {
    size_t al = strlen(asks[k]);
    if (sp.len > al && dbf__tx_ieqn(x->s + sp.off + sp.len - al, asks[k], al))
      sp = dbf__tx_trim(x->s, (dbf_span){sp.off, sp.len - al});
  }
  dbf__lex_match m[4];
  if (sp.len == 0 || dbf__tx_word_count(x->s, sp) > 6 ||
      dbf__lex_scan(roles, x->s + sp.off, sp.len, m, 4) == 0)
    return false;
  dbf__tx_copy(x->s, sp, out, cap);
  return true;
}

/* "Dock Shift Team Leader was my last title", "Night Porter was my
   title": a title said first and named as the title after it, the words
   from its sentence's start to the cue. */
static bool title_then_named(const dbf__rx *x, char *out, size_t cap) {
  static const char *const cues[] = {
      " was the last title",    " was my last title", " was the official title",
      " is the official title", " was my title",      " is my title",
      " was the title",         " is the title",      NULL};
  size_t which = 0;
  size_t at = dbf__tx_find_any(x->s, x->n, 0, cues, &which);
  if (at == (size_t)-1)
    return false;
  dbf_span sent = dbf__rx_sentence_of(x, at);
  dbf_span run = dbf__tx_strip_fillers(x->s, (dbf_span){sent.off, at - sent.off});
  /* "Night Porter that was the title", said without a comma: the word
     that points back is no word of the title. */
  static const char *const back[] = {"that", "which", "this", "it", NULL};
  dbf_span lw = dbf__tx_word_before(x->s, run.off + run.len);
  if (lw.len && lw.off > run.off && dbf__tx_word_in(x->s + lw.off, lw.len, back))
    run = dbf__tx_trim(x->s, (dbf_span){run.off, lw.off - run.off});
  size_t w = run.len ? dbf__tx_word_count(x->s, run) : 0;
  /* Only words, capitalized: not "That was the title", nor "Lead
     Gardener, that was the title" (read elsewhere). */
  if (w < 1 || w > 6 || !dbf__tx_isupper((unsigned char)x->s[run.off]) ||
      memchr(x->s + run.off, ',', run.len) ||
      (w == 1 && dbf__tx_function_word(x->s + run.off, run.len)))
    return false;
  dbf__tx_copy(x->s, run, out, cap);
  return true;
}

/* "senior cartographer that's the official title, before it ...",
   "Night Duty Manager, thats the title now": the words that open the
   answer, named as the title right after them, in any case. Only words of
   a title: no "I", "was" or "they". */
static bool title_then_thats(const dbf__rx *x, char *out, size_t cap) {
  static const char *const that[] = {"that's", "thats", "that is", NULL};
  static const char *const named[] = {"the official title", "my official title",
                                      "the current title",  "the title",
                                      "my title",           NULL};
  size_t at = (size_t)-1;
  for (size_t from = 0, which = 0; at == (size_t)-1;) {
    size_t t = dbf__tx_find_any(x->s, x->n, from, that, &which);
    if (t == (size_t)-1)
      break;
    size_t q = t + strlen(that[which]) + 1;
    if (q < x->n && dbf__tx_find_any(x->s, x->n, q, named, NULL) == q)
      at = t;
    from = t + 1;
  }
  if (at == (size_t)-1 || x->n_sent == 0 || at > x->sent[0].off + x->sent[0].len)
    return false;
  dbf_span run = dbf__tx_strip_fillers(x->s, (dbf_span){x->sent[0].off, at - x->sent[0].off});
  while (run.len > 0 && (x->s[run.off + run.len - 1] == ',' || x->s[run.off + run.len - 1] == ' '))
    run.len--;
  size_t w = run.len ? dbf__tx_word_count(x->s, run) : 0;
  if (w < 1 || w > 5 || memchr(x->s + run.off, ',', run.len))
    return false;
  for (size_t p = run.off; p < run.off + run.len;) {
    size_t e = p;
    while (e < run.off + run.len && x->s[e] != ' ')
      e++;
    bool joins = (e - p == 2 && dbf__tx_ieqn(x->s + p, "of", 2)) ||
                 (e - p == 3 && dbf__tx_ieqn(x->s + p, "and", 3)) || (e - p == 1 && x->s[p] == '&');
    if (!joins && dbf__tx_function_word(x->s + p, e - p))
      return false;
    p = e < run.off + run.len ? e + 1 : e;
  }
  dbf__tx_copy(x->s, run, out, cap);
  return true;
}

/* Cues after a title that tell us to use it: "so use that one". */
static const char *const k_use_that[] = {"use that", "choose that", "go with that", "pick that",
                                         NULL};

/* Cues of a sentence about a time before the title held ("before that",
   "the first year", "joined as"), and cues that it names a later one. */
static const char *const k_earlier_cues[] = {
    "before that",  "before 19",  "before 20",   "before twenty", "first",      "at the start",
    "started as",   "start as",   "started out", "joined as",     "came in as", "was promoted",
    "got promoted", "stepped up", "moved up in", "then promoted", NULL};
static const char *const k_change_cues[] = {
    "promoted to", "changed",       "now",        "currently",  "at the end",
    "by the end",  "use that",      "these days", "last title", "final title",
    "ended as",    "most recently", "title at",   NULL};

/*
 * "Harbour Pilot. Before that deckhand on the tugs": a targeted answer
 * that opens with a sentence of the title (and a few words more) and goes
 * on about an earlier time. The opening title, or an empty span.
 */
static dbf_span opening_title(const dbf__rx *x, const dbf_span *cands, size_t nc) {
  if (nc == 0 || x->n_sent < 2)
    return (dbf_span){0, 0};
  dbf_span first = dbf__tx_trim(x->s, x->sent[0]);
  if (cands[0].off > first.off + 1 || cands[0].off + cands[0].len > first.off + first.len ||
      dbf__tx_word_count(x->s, first) > dbf__tx_word_count(x->s, cands[0]) + 4)
    return (dbf_span){0, 0};
  return cands[0];
}

/* Is the role at sp said in a later sentence about a time before the
   opening title ("The first year my title was Labourer")? Not when that
   sentence names a change, nor when sp grows the opening title ("Senior
   Analyst" after "Analyst"). */
static bool earlier_aside(const dbf__rx *x, dbf_span opening, dbf_span sp) {
  if (opening.len == 0 || sp.off < x->sent[0].off + x->sent[0].len)
    return false;
  dbf_span sent = dbf__rx_sentence_of(x, sp.off);
  if (!dbf__rx_span_has_any(x, sent, k_earlier_cues) ||
      dbf__rx_span_has_any(x, sent, k_change_cues))
    return false;
  char head[ITEM_CAP];
  dbf__tx_copy(x->s, opening, head, sizeof head);
  return sp.len <= opening.len ||
         dbf__tx_find_word(x->s, sp.off + sp.len, sp.off, head) == (size_t)-1;
}

/* The quoted span around off, defined below. */
static bool quoted_title(const dbf__rx *x, size_t off, char *out, size_t cap);

/* Words that end a title typed in lower case after its cue: what is said
   about it ("... that's on my badge", "... in the qc unit", "... the lead
   bit was informal"). */
static const char *const k_lower_title_ends[] = {
    "that's", "thats", "that", "which",   "on",    "in",   "at",    "for", "with", "the", "a",
    "an",     "but",   "so",   "because", "since", "from", "until", "i",   "i'm",  "im",  "we",
    "it",     "it's",  "its",  "they",    "was",   "is",   "were",  "are", "my",   "our", "though",
    "tho",    "now",   "just", "really",  "or",    "when", "like",  "lol", "haha", NULL};

/* Words after a stated title that take it back. */
static const char *const k_taken_back[] = {"well", "actually", "sorry", "wait", NULL};

/* "on paper my title was night stock clerk that's on the lanyard":
   typed in lower case, the words after the cue up to a clause end or to
   what is said about them, when a role word is among them. */
static dbf_span lower_stated(const dbf__rx *x, size_t p) {
  const dbf__lexicon *roles = dbf__lex_get(x->ctx->lex, "roles");
  size_t e = p, last = p;
  while (e < x->n && !strchr(".;,!?()\n", x->s[e])) {
    size_t w = e;
    while (w < x->n && !strchr(" .;,!?()\n", x->s[w]))
      w++;
    /* "... senior adviser well actually they changed it": taken back. */
    if (dbf__tx_word_in(x->s + e, w - e, k_taken_back))
      return (dbf_span){p, 0};
    if (dbf__tx_word_in(x->s + e, w - e, k_lower_title_ends))
      break;
    last = w;
    e = w;
    while (e < x->n && x->s[e] == ' ')
      e++;
  }
  dbf_span sp = dbf__tx_trim(x->s, (dbf_span){p, last - p});
  /* "... manager and": a join left hanging is not the title's. */
  dbf_span tail = dbf__tx_word_before(x->s, sp.off + sp.len);
  while (sp.len && tail.len && tail.off > sp.off &&
         (dbf__tx_word_in(x->s + tail.off, tail.len, (const char *const[]){"and", "of", NULL}) ||
          (tail.len == 1 && x->s[tail.off] == '&'))) {
    sp = dbf__tx_trim(x->s, (dbf_span){sp.off, tail.off - sp.off});
    tail = dbf__tx_word_before(x->s, sp.off + sp.len);
  }
  dbf__lex_match m[4];
  if (!roles || sp.len == 0 || dbf__tx_word_count(x->s, sp) > 6 ||
      dbf__lex_scan(roles, x->s + sp.off, sp.len, m, 4) == 0)
    return (dbf_span){p, 0};
  return sp;
}

/* "my title was Records Officer II I moved on after", "it says Buyer That
   was the grade": said without the stop after the title, the capitalized
   subject of the next sentence ("That", "It", "We", or "I" before a verb)
   is not the title's last word. The end of the title from p up to last. */
static size_t without_next_subject(const dbf__rx *x, size_t p, size_t last) {
  size_t b = last;
  while (b > p && x->s[b - 1] != ' ')
    b--;
  /* "officially I started as ...": the first word may be that subject
     too, and then no word is the title's. */
  if (b < p || !dbf__tx_isupper((unsigned char)x->s[b]))
    return last;
  static const char *const verbs[] = {"was",   "am",  "had",     "have", "worked", "think", "also",
                                      "still", "did", "started", "got",  "moved",  "left",  NULL};
  bool subject = last - b >= 2 && dbf__tx_function_word(x->s + b, last - b);
  if (last - b == 1 && x->s[b] == 'I') {
    dbf_span next = {last + 1, 0};
    while (next.off + next.len < x->n && dbf__tx_isalnum((unsigned char)x->s[next.off + next.len]))
      next.len++;
    subject = x->s[last] == '\'' ||
              (x->s[last] == ' ' && next.len && dbf__tx_word_in(x->s + next.off, next.len, verbs));
  }
  if (!subject)
    return last;
  while (b > p && x->s[b - 1] == ' ')
    b--;
  return b;
}

/*
 * "My last title was Manager, Events & Community Fundraising", "officially
 * my title was Social Worker II": the capitalized words after the cue, up
 * to the clause's end, are the title as the person states it.
 */
static bool stated_title(const dbf__rx *x, dbf_span opening, char *out, size_t cap) {
  const dbf__lexicon *roles = dbf__lex_get(x->ctx->lex, "roles");
  bool found = false;
  size_t which = 0;
  size_t at = dbf__tx_find_any(x->s, x->n, 0, k_title_is, &which);
  for (; at != (size_t)-1; at = dbf__tx_find_any(x->s, x->n, at + 1, k_title_is, &which)) {
    /* "Site Foreman. The first year my title was Labourer": a title of an
       earlier time after the opening one is not stated as the title. */
    if (earlier_aside(x, opening, (dbf_span){at, 1}))
      continue;
    size_t p = at + strlen(k_title_is[which]);
    /* "my contract said X, though after the merger it became Y": the
       contract's title is of the time before a change said after it. */
    static const char *const changed[] = {"became",  "become", "promoted", "changed to",
                                          "renamed", "then",   "later",    NULL};
    if (which >= 4 && dbf__tx_find_any(x->s, x->n, p, changed, NULL) != (size_t)-1)
      continue;
    /* "on my contract it's Bakery Team Leader", "my contract says: ...". */
    static const char *const skip[] = {" my title was", " my title is", " it was",  " it's", " its",
                                       " it is",        " it says",     " it said", " was",  NULL};
    for (size_t k = 0; skip[k]; k++) {
      size_t l = strlen(skip[k]);
      if (p + l <= x->n && dbf__tx_ieqn(x->s + p, skip[k], l))
        p += l;
    }
    while (p < x->n && (x->s[p] == ' ' || x->s[p] == ':'))
      p++;
    /* "the title on paper was 'Senior Officer - Sales'": a title in quotes
       after the cue is stated whole, as written. */
    if (p + 1 < x->n && (x->s[p] == '\'' || x->s[p] == '"')) {
      /* Not "for the first year the title was 'Project Lead' then ...":
         the title of a first period, said in its sentence before the
         cue. */
      dbf_span before = dbf__rx_sentence_of(x, at);
      before.len = at - before.off;
      if (dbf__rx_span_has_any(x, before, k_earlier_cues) &&
          !dbf__rx_span_has_any(x, before, k_change_cues))
        continue;
      /* Only with a role word known: "officially 'Schichtmeister'" may be
         the local word for a title said in English. */
      char q[ITEM_CAP];
      dbf__lex_match m[2];
      if (roles && quoted_title(x, p + 1, q, sizeof q) &&
          dbf__lex_scan(roles, q, strlen(q), m, 2) > 0) {
        snprintf(out, cap, "%s", q);
        found = true;
      }
      continue;
    }
    if (x->lower_typed && p < x->n && dbf__tx_islower((unsigned char)x->s[p])) {
      dbf_span low = lower_stated(x, p);
      if (low.len) {
        dbf__tx_copy(x->s, low, out, cap);
        found = true;
      }
      continue;
    }
    if (p < x->n && dbf__tx_isupper((unsigned char)x->s[p])) {
      /* Words while capitalized or joining ("&", "of", ",") up to a clause end. */
      size_t e = p, last = p;
      while (e < x->n && x->s[e] != '.' && x->s[e] != ';' && x->s[e] != '(') {
        size_t w = e;
        while (w < x->n && x->s[w] != ' ' && x->s[w] != ',' && x->s[w] != '.')
          w++;
        bool cap_word =
            dbf__tx_isupper((unsigned char)x->s[e]) || (x->s[e] >= '0' && x->s[e] <= '9');
        bool join = (w - e == 1 && x->s[e] == '&') ||
                    (w - e == 2 && dbf__tx_ieqn(x->s + e, "of", 2)) ||
                    /* "Chef de Partie": a French "de" inside a title. */
                    (w - e == 2 && dbf__tx_ieqn(x->s + e, "de", 2) && w + 1 < x->n &&
                     dbf__tx_isupper((unsigned char)x->s[w + 1])) ||
                    (w - e == 3 && dbf__tx_ieqn(x->s + e, "and", 3) && w + 1 < x->n &&
                     dbf__tx_isupper((unsigned char)x->s[w + 1]));
        if (!cap_word && !join)
          break;
        if (cap_word)
          last = w;
        e = w;
        if (e < x->n && x->s[e] == ',' && e + 2 < x->n &&
            dbf__tx_isupper((unsigned char)x->s[e + 2]))
          e += 2; /* "Manager, Events" */
        else if (e < x->n && x->s[e] == ' ')
          e++;
        else
          break;
      }
      last = without_next_subject(x, p, last);
      /* The last statement wins: "the official title is X, and my title was
         Senior X". */
      if (last > p && dbf__tx_word_count(x->s, (dbf_span){p, last - p}) <= 8) {
        dbf__tx_copy(x->s, (dbf_span){p, last - p}, out, cap);
        found = true;
      }
    }
  }
  return found;
}

/* "Comal Rodante LLC", "Nordlicht Bau GmbH.": a name that ends in a
   company's legal form is an employer, never a title. */
static bool legal_name(const dbf__rx *x, dbf_span sp) {
  static const char *const legal[] = {"LLC",  "Ltd", "Inc", "GmbH", "Pty", "Plc", "PLC",   "LLP",
                                      "Corp", "AG",  "SA",  "BV",   "NV",  "Pvt", "SRL",   "S.A",
                                      "AB",   "ASA", "Oy",  "KK",   "Bhd", "SAS", "S.p.A", NULL};
  while (sp.len > 0 && strchr(".,!", x->s[sp.off + sp.len - 1]))
    sp.len--;
  return dbf__tx_word_count(x->s, sp) >= 2 && dbf__rx_last_word_in(x, sp, legal);
}

/*
 * Adds the Title Case runs of the answer ("Senior Primate Keeper", "QA
 * Tester") that no lexicon candidate overlaps, in text order with the
 * others. A run must not open a sentence with a function word, be a person
 * or the company, or be a lone acronym.
 */
static size_t title_case_runs_at(const dbf__rx *x, dbf_span in, dbf_span *cands, size_t nc,
                                 size_t max) {
  for (size_t p = in.off; p < in.off + in.len && nc < max; p++) {
    if ((p > 0 && x->s[p - 1] != ' ' && x->s[p - 1] != ',') ||
        !dbf__tx_isupper((unsigned char)x->s[p]))
      continue;
    dbf_span run = dbf__rx_cap_run_joined(x, p, in.off + in.len);
    while (run.len > 0 && strchr(".,;:", x->s[run.off + run.len - 1]))
      run.len--;
    p += run.len;
    if (run.len < 3 || dbf__rx_is_starter(x, run) || dbf__rx_is_person_or_account(x, run) ||
        dbf__tx_word_count(x->s, run) > 6)
      continue;
    static const char *const places[] = {"in ",     "at ",     "from ",    "for ", "with ",
                                         "in the ", "at the ", "for the ", NULL};

    bool place = false;
    for (size_t k = 0; places[k] && !place; k++) {
      size_t l = strlen(places[k]);
      place = run.off >= l && dbf__tx_ieqn(x->s + run.off - l, places[k], l);
    }
    if (place)
      continue; /* "in North Carolina", "at Zoo Atlanta" */
    dbf__date d[1];
    if (dbf__date_scan(x->s + run.off, run.len, &x->ref, false, d, 1) > 0)
      continue; /* "September", "Oct 2019" */
    static const char *const nation[] = {"ish", "ese", "ian", NULL};
    bool lang = false;
    for (size_t k = 0; nation[k] && !lang && dbf__tx_word_count(x->s, run) == 1; k++)
      lang = run.len > 5 && dbf__tx_ieqn(x->s + run.off + run.len - 3, nation[k], 3);
    if (lang)
      continue; /* "Spanish", "Japanese" */
    bool caps = true;
    for (size_t i = run.off; i < run.off + run.len && caps; i++)
      caps = !dbf__tx_islower((unsigned char)x->s[i]);
    if (caps && dbf__tx_word_count(x->s, run) == 1)
      continue; /* "FOH", "GS" */
    if (legal_name(x, run))
      continue;
    size_t re = run.off + run.len;
    if (dbf__tx_word_count(x->s, run) == 1 && re + 1 < x->n && x->s[re] == ' ' &&
        dbf__tx_islower((unsigned char)x->s[re + 1]))
      continue; /* "Senior florist": a capital that opens a phrase */

    bool overlap = false;
    for (size_t k = 0; k < nc && !overlap; k++)
      overlap = cands[k].off < run.off + run.len && run.off < cands[k].off + cands[k].len;
    if (overlap)
      continue;
    size_t k = nc++;
    while (k > 0 && cands[k - 1].off > run.off) {
      cands[k] = cands[k - 1];
      k--;
    }
    cands[k] = run;
  }
  return nc;
}

static size_t title_case_runs(const dbf__rx *x, dbf_span *cands, size_t nc, size_t max) {
  return title_case_runs_at(x, (dbf_span){0, x->n}, cands, nc, max);
}

static size_t title_case_runs_in(const dbf__rx *x, dbf_span in, dbf_span *cands, size_t max) {
  return title_case_runs_at(x, in, cands, 0, max);
}

/* A progression written with arrows: "Analyst -> Senior Analyst". */
static const char *const k_arrows[] = {"->", "\u2192", "=>", NULL};

/*
 * "'CRM Systems Specialist' was the HR title, but everyone called me the
 * Salesforce admin", "head bookseller is what my contract said": the
 * title named right before a cue that it is the official one. The words
 * back to the clause's start (or in quotes) are the title.
 */
static bool official_before(const dbf__rx *x, char *out, size_t cap) {
  static const char *const cues[] = {" was the hr title",
                                     " was my hr title",
                                     " was the official title",
                                     " was my official title",
                                     " is the official title",
                                     " is my official title",
                                     " is what my contract said",
                                     " was what my contract said",
                                     " was the title on paper",
                                     " is the title",
                                     " was the title",
                                     NULL};
  size_t which = 0;
  size_t at = dbf__tx_find_any(x->s, x->n, 0, cues, &which);
  bool contract = false;
  /* "store lead. Retail Supervisor on the contract though": the title
     named right before "on the contract" at a clause's end. */
  if (at == (size_t)-1) {
    static const char *const on[] = {" on my contract", " on the contract", NULL};
    at = dbf__tx_find_any(x->s, x->n, 0, on, &which);
    contract = at != (size_t)-1;
    size_t ce = contract ? at + strlen(on[which]) : 0;
    while (contract && ce < x->n && x->s[ce] == ' ')
      ce++;
    static const char *const tail[] = {"though", "tho", "but", "anyway", NULL};
    bool tail_word = false;
    for (size_t k = 0; contract && tail[k] && !tail_word; k++)
      tail_word = dbf__tx_word_at(x->s, ce, x->n, tail[k]) > 0;
    if (contract && ce < x->n && !strchr(".,;:!?)", x->s[ce]) && !tail_word)
      return false;
  }
  if (at == (size_t)-1 || at == 0)
    return false;
  size_t e = at, b;
  if (x->s[e - 1] == '\'' || x->s[e - 1] == '"') {
    char q = x->s[--e];
    b = e;
    while (b > 0 && x->s[b - 1] != q)
      b--;
    if (b == 0)
      return false;
  } else {
    b = e;
    while (b > 0 && !strchr(".,;:()!?'\"", x->s[b - 1]))
      b--;
  }
  dbf_span sp = dbf__tx_trim(x->s, (dbf_span){b, e - b});
  /* "night porter that is the official title", said without a comma: the
     word that points back ends the title, no word of it. */
  static const char *const back[] = {"that", "which", "this", "it", NULL};
  size_t ls = sp.off + sp.len;
  while (ls > sp.off && x->s[ls - 1] != ' ')
    ls--;
  for (size_t k = 0; ls > sp.off && back[k]; k++)
    if (strlen(back[k]) == sp.off + sp.len - ls &&
        dbf__tx_ieqn(x->s + ls, back[k], strlen(back[k])))
      sp = dbf__tx_trim(x->s, (dbf_span){sp.off, ls - sp.off});
  size_t w = dbf__tx_word_count(x->s, sp);
  /* "resident set designer, that was the title": a word that points back
     names nothing. */
  if (w == 0 || w > 6 || (w == 1 && dbf__tx_function_word(x->s + sp.off, sp.len)))
    return false;
  /* ... and then only a title whose last word is in a role word known:
     not "I worked on the contract", nor a local title glossed later. */
  if (contract) {
    const dbf__lexicon *roles = dbf__lex_get(x->ctx->lex, "roles");
    dbf__lex_match m[8];
    size_t nm = roles ? dbf__lex_scan(roles, x->s + sp.off, sp.len, m, 8) : 0;
    bool head = false;
    for (size_t k = 0; k < nm && !head; k++)
      head = m[k].off + m[k].len == sp.len;
    if (!head)
      return false;
  }
  dbf__tx_copy(x->s, sp, out, cap);
  return true;
}

/*
 * "ended as 'Senior Software Engineer, Core Systems'", "my badge said
 * \"Lead Data Engineer, Platform\"": a title chosen inside quotes is
 * stated as written, whole. The quoted span around off; false when off is
 * in none.
 */
static bool quoted_title(const dbf__rx *x, size_t off, char *out, size_t cap) {
  for (size_t p = 0; p < x->n; p++) {
    char q = x->s[p];
    /* An opening quote starts a word: not the apostrophe of "it's". */
    if ((q != '\'' && q != '"') || (p > 0 && dbf__tx_isalnum((unsigned char)x->s[p - 1])))
      continue;
    size_t e = p + 1;
    while (e < x->n && x->s[e] != q && x->s[e] != '\n' && e - p < 96)
      e++;
    /* A closing quote ends a word: "it's" inside is no end. */
    while (e < x->n && x->s[e] == q && e + 1 < x->n && dbf__tx_isalnum((unsigned char)x->s[e + 1]))
      for (e++; e < x->n && x->s[e] != q && x->s[e] != '\n' && e - p < 96; e++)
        ;
    if (e >= x->n || x->s[e] != q)
      continue;
    dbf_span sp = dbf__tx_trim(x->s, (dbf_span){p + 1, e - p - 1});
    if (off >= sp.off && off < sp.off + sp.len) {
      size_t w = dbf__tx_word_count(x->s, sp);
      if (w < 1 || w > 8)
        return false;
      dbf__tx_copy(x->s, sp, out, cap);
      return true;
    }
    p = e;
  }
  return false;
}

/* "lead foley artist from 2023": a title said with the year it began is
   the later one. True when "from" and a year (digits, or "twenty ..."
   said) follow at p. */
static bool held_from_year(const dbf__rx *x, size_t p) {
  size_t q = p;
  while (q < x->n && (x->s[q] == ' ' || x->s[q] == ','))
    q++;
  /* Not "since": "and I've also been an instructor since 2021" is a role
     held beside the title. */
  if (q + 5 > x->n || !dbf__tx_ieqn(x->s + q, "from ", 5))
    return false;
  q += 5;
  if (q + 4 <= x->n && (x->s[q] == '1' || x->s[q] == '2') && x->s[q + 1] >= '0' &&
      x->s[q + 1] <= '9' && x->s[q + 2] >= '0' && x->s[q + 2] <= '9' && x->s[q + 3] >= '0' &&
      x->s[q + 3] <= '9')
    return true;
  int v = 0;
  size_t nl = dbf__tx_number_word_at(x->s, q, x->n, &v);
  return nl && (v == 20 || v == 19) && q + nl + 1 < x->n && x->s[q + nl] == ' ' &&
         dbf__tx_number_word_at(x->s, q + nl + 1, x->n, &v) && v >= 10;
}

/*
 * "benefits assessor - senior from 2021", "funeral arranger, senior
 * arranger the last 2 yrs": a grade said after the title, alone or with the
 * title's last word, is a promotion within it. Prefixes it to best.
 */
static void promoted_grade(const dbf__rx *x, size_t from, char *best, size_t cap) {
  /* A trade's supervising grade heads the trade's title as "senior" does:
     "leading hand electrician", "chargehand fitter". */
  static const char *const grades[] = {"senior", "lead hand",    "lead",       "principal",
                                       "chief",  "leading hand", "chargehand", NULL};
  for (size_t k = 0; grades[k]; k++)
    if (dbf__tx_ieqn(best, grades[k], strlen(grades[k])))
      return;
  /* "founder and lead photographer ... so founder and lead photographer":
     a grade already in the title is the title said again. */
  for (size_t k = 0; grades[k]; k++)
    if (dbf__tx_find_word(best, strlen(best), 0, grades[k]) != (size_t)-1)
      return;
  const char *head = strrchr(best, ' ');
  head = head ? head + 1 : best;
  for (size_t k = 0; grades[k]; k++) {
    size_t at = from <= x->n ? dbf__tx_find_word(x->s, x->n, from, grades[k]) : (size_t)-1;
    if (at == (size_t)-1)
      continue;
    size_t q = at + strlen(grades[k]);
    while (q < x->n && x->s[q] == ' ')
      q++;
    static const char *const when[] = {"from", "since", "the last", "for the last", "now", NULL};
    /* "was 'senior' from 2024", "made me 'lead'": a grade in quotes said
       of the speaker is said alone; not "our 'senior' was Dana". */
    static const char *const of_me[] = {"was", "is", "became", "made", "me", NULL};
    dbf_span pw = at > 0 ? dbf__tx_word_before(x->s, at - 1) : (dbf_span){0, 0};
    bool quoted = at > 0 && q < x->n && (x->s[q] == '\'' || x->s[q] == '"') &&
                  x->s[at - 1] == x->s[q] && pw.len &&
                  dbf__tx_word_in(x->s + pw.off, pw.len, of_me);
    bool alone = q >= x->n || quoted || strchr(",.;)", x->s[q]) ||
                 dbf__tx_find_any(x->s, x->n, q, when, NULL) == q;
    size_t hl = strlen(head);
    bool with_head = q + hl <= x->n && dbf__tx_ieqn(x->s + q, head, hl) &&
                     (q + hl == x->n || !dbf__tx_isalnum((unsigned char)x->s[q + hl]));
    if (!alone && !with_head)
      continue;
    /* "lead nurse the last year (unofficial)": a grade said to be
       unofficial is no promotion. */
    size_t ahead = at + 48 < x->n ? at + 48 : x->n;
    if (dbf__tx_find_any(x->s, ahead, at, k_not_title, NULL) != (size_t)-1)
      return;
    /* "journeyman electrician ... lead hand from 2021": the supervising
       grade takes the place of the trade's certified level. */
    const char *rest = best;
    if (dbf__tx_ieqn(best, "journeyman ", 11) && best[11])
      rest = best + 11;
    char out[ITEM_CAP];
    int w = snprintf(out, sizeof out, "%s %s", grades[k], rest);
    if (w > 0 && (size_t)w < sizeof out && (size_t)w < cap)
      memcpy(best, out, (size_t)w + 1); /* a title that no longer fits stays as it was */
    return;
  }
}

/*
 * "senior court clerk (criminal)", "Project Engineer (Structures)": a
 * bracket of one to three words right after the title, naming no role
 * (a role there names the title, see below) and no date or count, is the
 * title's specialty. Appends it to best.
 */
static void bracketed_specialty(const dbf__rx *x, const dbf__lexicon *roles, size_t at, char *best,
                                size_t cap) {
  if (at + 3 >= x->n || x->s[at] != ' ' || x->s[at + 1] != '(')
    return;
  size_t b = at + 2, e = b;
  while (e < x->n && e < b + 32 && x->s[e] != ')') {
    unsigned char c = (unsigned char)x->s[e];
    if (!(dbf__tx_isalnum(c) && !(c >= '0' && c <= '9')) && c != ' ' && c != '-' && c != '&')
      return;
    e++;
  }
  dbf_span in = dbf__tx_trim(x->s, (dbf_span){b, e - b});
  dbf__lex_match m[2];
  dbf__date d[1];
  if (e >= x->n || x->s[e] != ')' || in.len == 0 || dbf__tx_word_count(x->s, in) > 3 ||
      dbf__lex_scan(roles, x->s + in.off, in.len, m, 2) > 0 ||
      dbf__date_scan(x->s + in.off, in.len, &x->ref, false, d, 1) > 0)
    return;
  size_t l = strlen(best);
  if (l + in.len + 4 > cap)
    return;
  snprintf(best + l, cap - l, " (%.*s)", (int)in.len, x->s + in.off);
  /* Title case reads no word after "(": "(Electrical)" as typed or not. */
  if (best[l + 2] >= 'a' && best[l + 2] <= 'z')
    best[l + 2] = (char)(best[l + 2] - 'a' + 'A');
}

/*
 * "welder lead welder", "quantity surveyor and associate quantity
 * surveyor", "pharmacy technician senior technician": a title said again
 * with a grade in front, its head word the same, is the promotion; said
 * without a comma the two run into one. Keeps the graded one (the grade
 * and the first title when only the head word is said again).
 */
static void promotion_said_twice(char *best, size_t cap) {
  static const char *const grades[] = {"senior",    "sr",    "lead", "principal",
                                       "associate", "staff", NULL};
  static const char *const joins[] = {" and", " then", " &", NULL};
  size_t n = strlen(best);
  const char *head = strrchr(best, ' ');
  if (!head)
    return;
  head++;
  size_t hl = (size_t)(best + n - head);
  for (size_t g = 1; g < n; g++) {
    if (best[g - 1] != ' ')
      continue;
    size_t k = 0;
    while (grades[k] && !(dbf__tx_ieqn(best + g, grades[k], strlen(grades[k])) &&
                          best[g + strlen(grades[k])] == ' '))
      k++;
    if (!grades[k])
      continue;
    /* The words before the grade, less a joining word, end on the head. */
    size_t e = g - 1;
    for (size_t j = 0; joins[j]; j++) {
      size_t l = strlen(joins[j]);
      if (e >= l && dbf__tx_ieqn(best + e - l, joins[j], l)) {
        e -= l;
        break;
      }
    }
    if (e < hl || (e > hl && best[e - hl - 1] != ' ') || !dbf__tx_ieqn(best + e - hl, head, hl))
      continue;
    char out[ITEM_CAP];
    size_t gl = strlen(grades[k]);
    int w = best + g + gl + 1 == head
                ? snprintf(out, sizeof out, "%.*s %.*s", (int)gl, best + g, (int)e, best)
                : snprintf(out, sizeof out, "%s", best + g);
    if (w > 0 && (size_t)w < cap && (size_t)w < sizeof out)
      memcpy(best, out, (size_t)w + 1);
    return;
  }
}

/* Words after a title run on without a comma that say when or on which
   shift or team it was held, never its area ... */
static const char *const k_not_area[] = {
    "part",  "full",   "time",  "nights", "days", "weekends", "shifts",    "shift", "temp",
    "first", "second", "third", "team",   "crew", "contract", "permanent", NULL};
/* ... or how sure the person is of it. */
static const char *const k_not_area_hedge[] = {
    "still", "guess",    "think", "ish",      "though",     "tho",       "again",
    "role",  "title",    "job",   "position", "officially", "basically", "anyway",
    "here",  "whatever", "haha",  "hehe",     NULL};

/*
 * Does the role in[] after the dash at `at` (dl bytes long) stand as a
 * second role beside best? Only after a dash, closing its sentence, and
 * sharing no word with best: "chef sommelier - head sommelier" and
 * "Instructor de Soldadura - Welding Instructor" render one title twice.
 * (A grade word shared is enough: "Senior Engineer - Senior Instructor"
 * keeps the first role alone.)
 */
static bool second_role(const dbf__rx *x, size_t at, size_t dl, dbf_span in, size_t e,
                        const char *best) {
  if (dl < 3 || x->s[at] == ',' || (e < x->n && !strchr(".!\n", x->s[e])))
    return false;
  for (size_t p = in.off; p < in.off + in.len;) {
    size_t w = p;
    while (w < in.off + in.len && x->s[w] != ' ')
      w++;
    char word[48];
    if (w - p < sizeof word) {
      memcpy(word, x->s + p, w - p);
      word[w - p] = '\0';
      if (dbf__tx_find_word(best, strlen(best), 0, word) != (size_t)-1)
        return false;
    }
    p = w;
    while (p < in.off + in.len && x->s[p] == ' ')
      p++;
  }
  return true;
}

/*
 * "Programme Officer - Nutrition", "site supervisor – civil works": one to
 * three words after a dash right after the title, up to the clause's end,
 * naming no role, date or number and no function word, are the title's
 * area. Appends the dash and them to best.
 */
static void dash_qualifier(const dbf__rx *x, const dbf__lexicon *roles, size_t at, char *best,
                           size_t cap) {
  static const char *const dashes[] = {" - ", " \xe2\x80\x93 ", " \xe2\x80\x94 ", ", ", NULL};
  /* An answer too short for the typing to be judged ("program officer -
     wash") is typed in lower case when it has no capital at all. */
  bool lower = true;
  for (size_t i = 0; i < x->n && lower && !x->lower_typed; i++)
    lower = !dbf__tx_isupper((unsigned char)x->s[i]);
  size_t dl = 0;
  for (size_t k = 0; dashes[k] && !dl; k++)
    if (at + strlen(dashes[k]) < x->n && memcmp(x->s + at, dashes[k], strlen(dashes[k])) == 0)
      dl = strlen(dashes[k]);
  /* "senior tutor joinery.": typed in lower case without the comma. */
  bool run_on = !dl && lower && at + 1 < x->n && x->s[at] == ' ';
  /* ... but "declarant / zolldeklarant" names it again, in another tongue. */
  if (run_on && strchr("/&+", x->s[at + 1]))
    return;
  if (run_on)
    dl = 1;
  if (!dl)
    return;
  size_t b = at + dl, e = b;
  while (e < x->n && !strchr(".,;(\n?!", x->s[e]))
    e++;
  /* "senior tutor, joinery.": after a comma, only a title that opens the
     answer, the area filling the rest of its first sentence. */
  if ((x->s[at] == ',' || run_on) &&
      (x->n_sent == 0 || at > x->sent[0].off + x->sent[0].len || (e < x->n && x->s[e] != '.') ||
       !lower || dbf__tx_word_count(x->s, (dbf_span){x->sent[0].off, at - x->sent[0].off}) > 5))
    return;
  /* "Project Officer - Sanitation In the first year I ...", dictated with
     no stop anywhere: after a dash the area ends where the next clause
     opens, at a function word (or, typed in case, a lower-case word). */
  if (!run_on && x->s[at] != ',' && e == x->n && !memchr(x->s, '.', x->n)) {
    size_t p = b;
    while (p < e) {
      size_t w = p;
      while (w < e && x->s[w] != ' ')
        w++;
      bool amp = w - p == 1 && (x->s[p] == '&' || x->s[p] == '/');
      if (!amp && (dbf__tx_function_word(x->s + p, w - p) ||
                   (!lower && !dbf__tx_isupper((unsigned char)x->s[p]))))
        break;
      p = w;
      while (p < e && x->s[p] == ' ')
        p++;
    }
    e = p;
  }
  dbf_span in = dbf__tx_trim(x->s, (dbf_span){b, e - b});
  size_t nw = in.len ? dbf__tx_word_count(x->s, in) : 0;
  dbf__lex_match m[2];
  dbf__date d[1];
  /* A title not typed in title case ("Locomotive driver", "Paramedic")
     may have its second role in lower case too. */
  size_t bl = strlen(best);
  bool lower_title = true;
  for (size_t k = at >= bl ? at - bl + 1 : at; k < at && lower_title; k++)
    lower_title = !(x->s[k - 1] == ' ' && dbf__tx_isupper((unsigned char)x->s[k]));
  /* "Locomotive driver - instructor.", "Teacher - Safety Officer": after a
     dash, a second role that closes the sentence is held alongside the
     first, both one title. */
  bool second = dbf__lex_scan(roles, x->s + in.off, in.len, m, 2) > 0;
  if (second && !second_role(x, at, dl, in, e, best))
    return;
  if (nw == 0 || nw > 3 || dbf__date_scan(x->s + in.off, in.len, &x->ref, false, d, 1) > 0)
    return;
  for (size_t p = in.off; p < in.off + in.len;) {
    size_t w = p;
    while (w < in.off + in.len && x->s[w] != ' ')
      w++;
    bool amp = w - p == 1 && (x->s[p] == '&' || x->s[p] == '/');
    for (size_t k = p; k < w && !amp; k++)
      if (x->s[k] >= '0' && x->s[k] <= '9')
        return;
    int nv = 0;
    /* "lab technician, mostly.": a word that says how is no area; a noun
       that only ends like one ("water supply", "final assembly", "family
       services") is. */
    static const char *const nouns_in_ly[] = {"pply", "mbly", "mily", NULL};
    bool ly_noun = false;
    for (size_t k = 0; nouns_in_ly[k] && w - p > 4; k++)
      ly_noun = ly_noun || dbf__tx_ieqn(x->s + w - 4, nouns_in_ly[k], 4);
    if (!amp && !ly_noun && w - p > 3 && dbf__tx_ieqn(x->s + w - 2, "ly", 2))
      return;
    /* "assessor - senior from 2021": a grade is a promotion, no area. */
    if (dbf__tx_word_in(x->s + p, w - p, k_grade_words))
      return;
    /* "line cook part time", "porter nights": when or how, not an area. */
    if (run_on && (dbf__tx_word_in(x->s + p, w - p, k_not_area) ||
                   dbf__tx_word_in(x->s + p, w - p, k_not_area_hedge)))
      return;
    if (!amp && (dbf__tx_function_word(x->s + p, w - p) ||
                 dbf__tx_number_word_at(x->s, p, w, &nv) == w - p ||
                 (!lower && !(second && lower_title) && !dbf__tx_isupper((unsigned char)x->s[p]))))
      return;
    p = w;
    while (p < in.off + in.len && x->s[p] == ' ')
      p++;
  }
  size_t l = strlen(best);
  if (l + dl + in.len + 1 > cap)
    return;
  snprintf(best + l, cap - l, "%.*s%.*s", (int)dl, x->s + at, (int)in.len, x->s + in.off);
}

/* Does a date of the answer cover off ("head of sales september 2020")? */
static bool in_a_date(const dbf__rx *x, size_t off) {
  dbf__date d[MAX_DATES];
  size_t cnt = dbf__date_scan(x->s, x->n, &x->ref, false, d, MAX_DATES);
  for (size_t i = 0; i < cnt; i++)
    if (d[i].off <= off && off < d[i].off + d[i].len)
      return true;
  return false;
}

/* sp without a last word in capitals that spells the initials of the
   words before it: "registered dental nurse RDN", "Project Manager PM". */
static dbf_span without_initials(const dbf__rx *x, dbf_span sp) {
  size_t e = sp.off + sp.len, w = e;
  while (w > sp.off && dbf__tx_isupper((unsigned char)x->s[w - 1]))
    w--;
  size_t n = e - w;
  if (n < 2 || n > 5 || w == sp.off || x->s[w - 1] != ' ')
    return sp;
  /* The first letters of the n words before it. */
  size_t k = n, p = w - 1;
  while (k > 0 && p > sp.off) {
    while (p > sp.off && x->s[p - 1] != ' ')
      p--;
    if (dbf__tx_lower(x->s[p]) != dbf__tx_lower(x->s[w + k - 1]))
      return sp;
    k--;
    if (p == sp.off)
      break;
    p--;
  }
  if (k > 0)
    return sp;
  return dbf__tx_trim(x->s, (dbf_span){sp.off, w - sp.off});
}

/* "last 3 yrs Senior Stock Controller", "for the last three years as
   Head Chef", "in my final year Shift Lead": a title said right after the
   last years or months of the job, in s[from..off). */
static bool after_last_period(const dbf__rx *x, size_t from, size_t off) {
  static const char *const units[] = {"years", "yrs", "year", "yr", "months", "mths", NULL};
  static const char *const ends[] = {"last", "final", NULL};
  size_t v = 0;
  size_t at = dbf__tx_find_any(x->s, off, from, ends, &v);
  if (at == (size_t)-1)
    return false;
  size_t p = at + strlen(ends[v]);
  p += strspn(x->s + p, " ");
  if (p >= off)
    return false;
  size_t q = p;
  while (q < off && x->s[q] >= '0' && x->s[q] <= '9')
    q++;
  int nv = 0;
  if (q == p)
    q = p + dbf__tx_number_word_at(x->s, p, off, &nv);
  /* "the last year", "my final year": one, said without a number, only
     with "the" or "my" before. */
  if (q == p && !(at >= 4 && dbf__tx_ieqn(x->s + at - 4, "the ", 4)) &&
      !(at >= 3 && dbf__tx_ieqn(x->s + at - 3, "my ", 3)))
    return false;
  while (q < off && x->s[q] == ' ')
    q++;
  if (dbf__tx_find_any(x->s, off, q, units, &v) != q)
    return false;
  q += strlen(units[v]);
  /* Only "as", "i was" or punctuation between the period and the title. */
  static const char *const joins[] = {"as", "i was", "i'm", NULL};
  while (q < off && (x->s[q] == ' ' || x->s[q] == ','))
    q++;
  size_t j = dbf__tx_find_any(x->s, off, q, joins, &v);
  if (j == q)
    q += strlen(joins[v]);
  while (q < off && x->s[q] == ' ')
    q++;
  return q == off;
}

/* Is w a year, in digits ("2019") or said ("twenty", "nineteen")? */
static bool year_word(const dbf__rx *x, dbf_span w) {
  if (w.len == 4 && (x->s[w.off] == '1' || x->s[w.off] == '2')) {
    size_t k = 1;
    while (k < 4 && x->s[w.off + k] >= '0' && x->s[w.off + k] <= '9')
      k++;
    if (k == 4)
      return true;
  }
  int v = 0;
  return w.len > 0 && dbf__tx_number_word_at(x->s, w.off, w.off + w.len, &v) == w.len && v >= 10;
}

/* "and from 2019 Line Cook", "then from twenty twenty senior estimator":
   a title said right after "from" and the year it began is a later one. */
static bool from_year_before(const dbf__rx *x, size_t p) {
  dbf_span w = dbf__tx_word_before(x->s, p);
  if (!year_word(x, w))
    return false;
  dbf_span w2 = dbf__tx_word_before(x->s, w.off);
  if (year_word(x, w2))
    w2 = dbf__tx_word_before(x->s, w2.off);
  return w2.len == 4 && dbf__tx_ieqn(x->s + w2.off, "from", 4);
}

/* "I was moved up to that from Sales Rep", "promoted into that role from
   staff nurse": the title after "from" is the one the person rose from,
   named after the title they rose to. */
static bool raised_from(const dbf__rx *x, dbf_span sp) {
  dbf_span w = dbf__tx_word_before(x->s, sp.off);
  if (w.len == 1 || (w.len == 2 && dbf__tx_ieqn(x->s + w.off, "an", 2)))
    w = dbf__tx_word_before(x->s, w.off); /* "from a picker" */
  if (w.len != 4 || !dbf__tx_ieqn(x->s + w.off, "from", 4))
    return false;
  dbf_span sent = dbf__rx_sentence_of(x, sp.off);
  size_t from = w.off > sent.off + 32 ? w.off - 32 : sent.off;
  static const char *const to_it[] = {"to that", "to it",     "into that", "into it",
                                      "to this", "into this", NULL};
  static const char *const rose[] = {"promoted", "moved up", "stepped up", "bumped up", NULL};
  return dbf__tx_find_any(x->s, w.off, from, to_it, NULL) != (size_t)-1 &&
         dbf__tx_find_any(x->s, w.off, sent.off, rose, NULL) != (size_t)-1;
}

/* Is the role at sp one of a list of people that names the speaker
   first ("me, a junior buyer and two planners", "just me and a site
   engineer", "me plus an apprentice")? The role has an article or a
   count before it, and "me" opens the list earlier in its sentence. */
static bool colleague_in_list(const dbf__rx *x, dbf_span sp) {
  size_t b = sp.off;
  while (b > 0 && x->s[b - 1] == ' ')
    b--;
  size_t w = b;
  while (w > 0 && dbf__tx_isalnum((unsigned char)x->s[w - 1]))
    w--;
  int nv = 0;
  bool article = (b - w == 1 && (x->s[w] | 32) == 'a') ||
                 (b - w == 2 && dbf__tx_ieqn(x->s + w, "an", 2)) ||
                 (b > w && dbf__tx_number_word_at(x->s, w, b, &nv) == b - w);
  if (!article)
    return false;
  size_t start = 0;
  for (size_t i = 0; i < x->n_sent; i++)
    if (x->sent[i].off <= sp.off)
      start = x->sent[i].off;
  static const char *const me[] = {"me,", "me and", "me plus", "me +", NULL};
  if (dbf__tx_find_any(x->s, w, start, me, NULL) != (size_t)-1)
    return true;
  /* Run on without a comma: "me two welders and an apprentice", "me a sous
     chef": "me" right before an article or a count, not the object of a
     verb that names the speaker's own role ("made me a supervisor"). */
  static const char *const gave[] = {"made", "make",   "makes", "named", "appointed", "gave",
                                     "give", "called", "call",  "hired", "took",      "let",
                                     "got",  "get",    "keep",  "kept",  "left",      NULL};
  for (size_t m = start; (m = dbf__tx_find_word(x->s, w, m, "me")) != (size_t)-1; m++) {
    dbf_span next = {m + 3, 0};
    while (next.off + next.len < x->n && dbf__tx_isalnum((unsigned char)x->s[next.off + next.len]))
      next.len++;
    dbf_span prev = dbf__tx_word_before(x->s, m);
    bool counted =
        next.len &&
        (dbf__tx_word_in(x->s + next.off, next.len, (const char *const[]){"a", "an", NULL}) ||
         dbf__tx_number_word_at(x->s, next.off, next.off + next.len, &nv) == next.len ||
         (x->s[next.off] >= '0' && x->s[next.off] <= '9'));
    if (m + 3 <= w && x->s[m + 2] == ' ' && counted &&
        !(prev.len && dbf__tx_word_in(x->s + prev.off, prev.len, gave)))
      return true;
  }
  return false;
}

/* "i reported to mr otieno the deputy to the head of ...", "reported in
   the end to a strict transport manager": a role said a few words after
   "reported" (or "answered") and "to" in its sentence, with no word of the
   speaker's own role between, is the one reported to. */
static bool reports_to_before(const dbf__rx *x, size_t off) {
  static const char *const verbs[] = {"reported", "reporting", "report",     "reports",
                                      "answered", "answering", "answerable", NULL};
  static const char *const own[] = {"i was", "i'm", "i am", "as", "my title", "my role", NULL};
  dbf_span sent = dbf__rx_sentence_of(x, off);
  size_t from = off > 60 ? off - 60 : 0;
  if (from < sent.off)
    from = sent.off;
  size_t last = (size_t)-1, which = 0;
  for (size_t at = from; (at = dbf__tx_find_any(x->s, off, at, verbs, &which)) != (size_t)-1; at++)
    last = at + strlen(verbs[which]);
  return last != (size_t)-1 && dbf__tx_find_word(x->s, off, last, "to") != (size_t)-1 &&
         dbf__tx_find_any(x->s, off, last, own, NULL) == (size_t)-1;
}

/* Where "I was" starts before the title at p, defined below. */
static size_t i_was_before(const dbf__rx *x, size_t p);

/*
 * "plus the the crane driver", "I sat under the chief of surgery",
 * "my boss the regional director", "we answered to the Head of News",
 * "supervised by the night manager": a role named after a word that
 * places someone else beside or above the speaker is theirs.
 */
static bool role_of_other(const dbf__rx *x, dbf_span sp) {
  static const char *const articles[] = {"the", "a", "an", "our", NULL};
  static const char *const beside[] = {"plus", "under", "boss", "alongside", "besides", NULL};
  static const char *const to[] = {"answered", "answer", "answering", "answers", NULL};
  static const char *const by[] = {"managed", "supervised", "overseen", NULL};
  static const char *const be[] = {"is", "was", NULL};
  /* "one junior buyer under me", "two cooks reporting to me", "a lead
     animator over me": a role said with the speaker placed below or above
     it. */
  static const char *const me_after[] = {"under me",
                                         "below me",
                                         "over me",
                                         "above me",
                                         "reporting to me",
                                         "reported to me",
                                         "report to me",
                                         "working for me",
                                         "who reported to me",
                                         "answering to me",
                                         NULL};
  size_t q = sp.off + sp.len;
  while (q < x->n && x->s[q] == ' ')
    q++;
  if (dbf__tx_find_any(x->s, x->n, q, me_after, NULL) == q)
    return true;
  /* "when the old manager retired", "my previous supervisor": a role said
     with a word of the one before the speaker is that person's. */
  static const char *const gone[] = {"old", "previous", "former", "outgoing", "retiring", NULL};
  static const char *const whose[] = {"the", "our", "my", "his", "her", "their", NULL};
  dbf_span w0 = {sp.off, 0};
  while (w0.len < sp.len && dbf__tx_isalnum((unsigned char)x->s[sp.off + w0.len]))
    w0.len++;
  dbf_span pre = dbf__tx_word_before(x->s, sp.off);
  if (w0.len && w0.len < sp.len && dbf__tx_word_in(x->s + w0.off, w0.len, gone) && pre.len &&
      dbf__tx_word_in(x->s + pre.off, pre.len, whose) && i_was_before(x, sp.off) == (size_t)-1)
    return true;
  if (reports_to_before(x, sp.off))
    return true;
  dbf_span w = dbf__tx_word_before(x->s, sp.off);
  for (int k = 0; k < 3 && w.len && dbf__tx_word_in(x->s + w.off, w.len, articles); k++)
    w = dbf__tx_word_before(x->s, w.off);
  if (w.len == 0)
    return false;
  if (dbf__tx_word_in(x->s + w.off, w.len, beside))
    return true;
  dbf_span v = dbf__tx_word_before(x->s, w.off);
  if (v.len == 0)
    return false;
  const char *const *cue =
      dbf__tx_word_in(x->s + w.off, w.len, (const char *const[]){"to", NULL})   ? to
      : dbf__tx_word_in(x->s + w.off, w.len, (const char *const[]){"by", NULL}) ? by
      : dbf__tx_word_in(x->s + w.off, w.len, be) ? (const char *const[]){"boss", NULL}
                                                 : NULL;
  return cue && dbf__tx_word_in(x->s + v.off, v.len, cue);
}

/*
 * "I applied for Assistant Store Manager", "going for the charge nurse
 * post", "the boss says I'll be promoted to Team Lead", "hoping to become a
 * site manager": a title the speaker applied for, aims at or was promised
 * is not one held.
 */
static bool pursued_title(const dbf__rx *x, dbf_span sp) {
  static const char *const fill[] = {"a", "an", "the", "that", "this", NULL};
  static const char *const posts[] = {"job", "post", "role", "position", "place", NULL};
  static const char *const seek[] = {"applied",    "apply",        "applying",    "interview",
                                     "interviews", "interviewing", "interviewed", "going",
                                     "went",       "go",           "shortlisted", "aiming",
                                     NULL};
  static const char *const hope[] = {"hoping", "hope",     "hoped",    "want",
                                     "wanted", "training", "studying", NULL};
  /* "I'd", "I'll" end in "d", "ll" before the apostrophe; dictated, "id". */
  static const char *const modal[] = {"would", "will", "should", "could", "might",
                                      "gonna", "d",    "ll",     "id",    NULL};
  dbf_span w = dbf__tx_word_before(x->s, sp.off);
  for (int k = 0; k < 2 && w.len && dbf__tx_word_in(x->s + w.off, w.len, fill); k++)
    w = dbf__tx_word_before(x->s, w.off);
  if (w.len == 0)
    return false;
  dbf_span v = dbf__tx_word_before(x->s, w.off);
  /* "applied for a job as head chef": the post named before "as". */
  if (dbf__tx_word_in(x->s + w.off, w.len, (const char *const[]){"as", NULL}) && v.len &&
      dbf__tx_word_in(x->s + v.off, v.len, posts)) {
    w = dbf__tx_word_before(x->s, v.off);
    for (int k = 0; k < 2 && w.len && dbf__tx_word_in(x->s + w.off, w.len, fill); k++)
      w = dbf__tx_word_before(x->s, w.off);
    if (w.len == 0)
      return false;
    v = dbf__tx_word_before(x->s, w.off);
  }
  if (v.len == 0)
    return false;
  dbf_span u = dbf__tx_word_before(x->s, v.off);
  if (dbf__tx_word_in(x->s + w.off, w.len, (const char *const[]){"for", NULL}))
    return dbf__tx_word_in(x->s + v.off, v.len, seek);
  if (dbf__tx_word_in(x->s + w.off, w.len, (const char *const[]){"be", "become", NULL}))
    return dbf__tx_word_in(x->s + v.off, v.len, (const char *const[]){"to", NULL}) && u.len &&
           dbf__tx_word_in(x->s + u.off, u.len, hope);
  if (u.len == 0)
    return false;
  /* "I'll be made senior", "she would be promoted to lead". */
  if (dbf__tx_word_in(x->s + w.off, w.len, (const char *const[]){"made", NULL}))
    return dbf__tx_word_in(x->s + v.off, v.len, (const char *const[]){"be", NULL}) &&
           dbf__tx_word_in(x->s + u.off, u.len, modal);
  dbf_span t = dbf__tx_word_before(x->s, u.off);
  return dbf__tx_word_in(x->s + w.off, w.len, (const char *const[]){"to", NULL}) &&
         dbf__tx_word_in(x->s + v.off, v.len, (const char *const[]){"promoted", NULL}) &&
         dbf__tx_word_in(x->s + u.off, u.len, (const char *const[]){"be", NULL}) && t.len &&
         dbf__tx_word_in(x->s + t.off, t.len, modal);
}

/* Markers of a job's first period, said before or after its title. */
static const char *const k_start_markers[] = {"at the start",
                                              "at first",
                                              "in the beginning",
                                              "at the beginning",
                                              "initially",
                                              "when i started",
                                              "when i joined",
                                              "to begin with",
                                              "to start with",
                                              "first",
                                              NULL};

/* Does a marker of k_start_markers end at p, after a word boundary? */
static bool start_marker_ends_at(const dbf__rx *x, size_t p) {
  return dbf__tx_phrase_ends_at(x->s, p, k_start_markers);
}

/* Words that make a title small ("I was just a picker"); never a word of
   the title. */
static const char *const k_only_words[] = {"just", "only", "merely", NULL};

/* Where "I was" starts before the title at p, over "just", "only",
   "merely" and an article ("I was only a purchasing clerk"), or -1. */
static size_t i_was_before(const dbf__rx *x, size_t p) {
  static const char *const articles[] = {"a", "an", "the", NULL};
  dbf_span w = dbf__tx_word_before(x->s, p);
  for (int k = 0; k < 3 && w.len > 0 &&
                  (dbf__tx_word_in(x->s + w.off, w.len, articles) ||
                   dbf__tx_word_in(x->s + w.off, w.len, k_only_words));
       k++)
    w = dbf__tx_word_before(x->s, w.off);
  if (w.len != 3 || !dbf__tx_ieqn(x->s + w.off, "was", 3))
    return (size_t)-1;
  dbf_span i = dbf__tx_word_before(x->s, w.off);
  return i.len == 1 && dbf__tx_ieqn(x->s + i.off, "i", 1) ? i.off : (size_t)-1;
}

/* "Senior Buyer now, in the beginning I was only a purchasing clerk",
   "at first i was just a dispatcher": a title after "I was" right after a
   marker of the job's first period is an earlier one. */
static bool start_marker_before(const dbf__rx *x, size_t p) {
  size_t i = i_was_before(x, p);
  while (i != (size_t)-1 && i > 0 && (x->s[i - 1] == ' ' || x->s[i - 1] == ','))
    i--;
  return i != (size_t)-1 && start_marker_ends_at(x, i);
}

/* "Shift Supervisor when I started I was a picker", run on: the first
   marker of k_start_markers in s[from, from + len) opens "I was" and the
   title after it, so it tells that title's period, not the one before. */
static bool start_marker_after_opens(const dbf__rx *x, size_t from, size_t len) {
  size_t which = 0;
  size_t q = dbf__tx_find_any(x->s, from + len, from, k_start_markers, &which);
  if (q == (size_t)-1)
    return false;
  size_t r = q + strlen(k_start_markers[which]);
  while (r < x->n && (x->s[r] == ' ' || x->s[r] == ','))
    r++;
  return r + 6 <= x->n && dbf__tx_ieqn(x->s + r, "i was ", 6);
}

/* Does a correction cue end at t ("sorry", "no wait" before a title)? */
static bool correction_ends_at(const dbf__rx *x, size_t t) {
  size_t len = 0, from = t > 24 ? t - 24 : 0;
  for (size_t at; (at = dbf__rx_find_correction(x, t, from, &len)) != (size_t)-1; from = at + 1)
    if (at + len == t)
      return true;
  return false;
}

/* Is sp a grade word and then the title t ("Senior Claims Handler" after
   "Claims Handler"), said of the speaker (no article before)? */
static bool graded_again(const dbf__rx *x, dbf_span sp, const char *t) {
  /* "the senior welder did the pipe work": someone else's. */
  static const char *const others[] = {"the", "our", "a", "an", "their", "his", "her", NULL};
  dbf_span w = dbf__tx_word_before(x->s, sp.off);
  if (w.len && dbf__tx_word_in(x->s + w.off, w.len, others))
    return false;
  size_t tl = strlen(t);
  if (sp.len <= tl + 1 || !dbf__tx_ieqn(x->s + sp.off + sp.len - tl, t, tl) ||
      x->s[sp.off + sp.len - tl - 1] != ' ')
    return false;
  return dbf__tx_word_in(x->s + sp.off, sp.len - tl - 1, k_grade_words);
}

/* "I was a regular surveyor from 2015 and became senior in 2019": a
   title followed in its sentence by a rise to a grade alone is the one
   held before it. */
static bool became_grade_after(const dbf__rx *x, dbf_span sp) {
  static const char *const rose[] = {"became", "made", "promoted to", "moved up to", NULL};
  dbf_span sent = dbf__rx_sentence_of(x, sp.off);
  size_t se = sent.off + sent.len, which = 0;
  for (size_t at = sp.off + sp.len;
       (at = dbf__tx_find_any(x->s, se, at, rose, &which)) != (size_t)-1; at++) {
    size_t q = at + strlen(rose[which]);
    while (q < se && x->s[q] == ' ')
      q++;
    size_t e = q;
    while (e < se && dbf__tx_isalnum((unsigned char)x->s[e]))
      e++;
    if (e == q || !dbf__tx_word_in(x->s + q, e - q, k_grade_words))
      continue;
    /* "Head Gardener ... got made head in 2019": said of the title itself. */
    char g[16];
    snprintf(g, sizeof g, "%.*s", (int)(e - q), x->s + q);
    if (dbf__tx_find_word(x->s, sp.off + sp.len, sp.off, g) != (size_t)-1)
      return false;
    /* The grade alone: the sentence ends or a time follows it. */
    while (e < se && x->s[e] == ' ')
      e++;
    static const char *const when[] = {"in", "from", "since", "after", "last", "this", NULL};
    size_t w = e;
    while (w < se && dbf__tx_isalnum((unsigned char)x->s[w]))
      w++;
    if (e >= se || strchr(".,;!", x->s[e]) || dbf__tx_word_in(x->s + e, w - e, when))
      return true;
  }
  return false;
}

/* Is sp a lone grade word held by a title of two or more words among
   the cands before ci? */
static bool grade_of_earlier(const dbf__rx *x, dbf_span sp, const dbf_span *cands, size_t ci) {
  char g[16];
  if (sp.len >= sizeof g || !dbf__tx_word_in(x->s + sp.off, sp.len, k_grade_words))
    return false;
  memcpy(g, x->s + sp.off, sp.len);
  g[sp.len] = '\0';
  for (size_t cj = 0; cj < ci; cj++)
    if (memchr(x->s + cands[cj].off, ' ', cands[cj].len) &&
        dbf__tx_find_word(x->s, cands[cj].off + cands[cj].len, cands[cj].off, g) != (size_t)-1)
      return true;
  return false;
}

/*
 * "Head Pastry Chef first two years I was a commis chef then a pastry
 * cook", "Chief Engineer for the last four years Second Engineer before":
 * said on without a stop, a targeted answer that opens with a title and
 * goes straight on to an earlier period (a marker of it and the speaker
 * who held it, or "before that") or to the time the title was held ("for
 * the last", "now") names the title first and its earlier steps after.
 * The opening title, or an empty span. Not when a change comes between
 * ("Cashier first then Supervisor", "... and was promoted to ...").
 */
static dbf_span run_on_opening(const dbf__rx *x, const dbf_span *cands, size_t nc) {
  static const char *const before[] = {"before that", "prior to that", "previously", NULL};
  static const char *const speaker[] = {"i was",    "i started", "i start",
                                        "i joined", "i came in", NULL};
  static const char *const held[] = {"for the last", "for my last", "at the end",
                                     "in the end",   "by the end",  "now",
                                     "currently",    "these days",  NULL};
  static const char *const change[] = {"then",  "later",      "became", "become", "promoted",
                                       "after", "moved",      "made",   "until",  "changed",
                                       "next",  "eventually", "i'm",    "i am",   NULL};
  if (nc < 2 || x->n_sent == 0)
    return (dbf_span){0, 0};
  dbf_span lead = dbf__tx_strip_fillers(x->s, dbf__tx_trim(x->s, x->sent[0]));
  size_t e = cands[0].off + cands[0].len;
  if (cands[0].off > lead.off || cands[1].off <= e || cands[1].off - e > 48)
    return (dbf_span){0, 0};
  dbf_span gap = {e, cands[1].off - e};
  if (memchr(x->s + e, '.', gap.len) || memchr(x->s + e, '?', gap.len) ||
      dbf__rx_span_has_any(x, gap, change) ||
      dbf__rx_find_correction(x, cands[1].off, e, NULL) != (size_t)-1)
    return (dbf_span){0, 0};
  /* The held cue must follow the title at once: "Supervisor, now I was
     ..." is no time of it. */
  size_t q = e;
  while (q < cands[1].off && (x->s[q] == ' ' || x->s[q] == ',' || x->s[q] == ')'))
    q++;
  bool held_now = dbf__tx_find_any(x->s, cands[1].off, q, held, NULL) == q;
  /* "Driver first two years I was on the vans now ...": a time held
     after the earlier period names a later title. */
  bool earlier =
      !dbf__rx_span_has_any(x, gap, held) &&
      (dbf__rx_span_has_any(x, gap, before) ||
       (dbf__rx_span_has_any(x, gap, speaker) && (dbf__rx_span_has_any(x, gap, k_earlier_cues) ||
                                                  dbf__rx_span_has_any(x, gap, k_start_markers))));
  return held_now || earlier ? cands[0] : (dbf_span){0, 0};
}

/* Is the role at sp, after a run-on opening title, one of its earlier
   steps? Not when it is the opening said again or grows it ("Senior
   Buyer" after "Buyer"), nor when it is said as held at the end or after a correction. */
static bool run_on_step(const dbf__rx *x, dbf_span opening, dbf_span sp) {
  static const char *const final[] = {"by the end", "in the end", "eventually", "now",
                                      "currently",  "these days", NULL};
  if (opening.len == 0 || sp.off < opening.off + opening.len)
    return false;
  char head[ITEM_CAP];
  dbf__tx_copy(x->s, opening, head, sizeof head);
  if (sp.len >= opening.len && dbf__tx_find_word(x->s, sp.off + sp.len, sp.off, head) != (size_t)-1)
    return false;
  size_t e = sp.off + sp.len, ahead = e + 24 < x->n ? 24 : x->n - e;
  return !dbf__rx_span_has_any(x, (dbf_span){e, ahead}, final) &&
         dbf__rx_find_correction(x, sp.off, opening.off + opening.len, NULL) == (size_t)-1;
}

/*
 * "they are calling it senior buyer now", "we renamed it lead planner":
 * "it" after a verb of naming is the object named, no modifier of the
 * title after it (unlike "IT" in "IT Manager").
 */
static bool it_after_naming(const dbf__rx *x, size_t ws, size_t t) {
  static const char *const naming[] = {"call",     "calls",  "called", "calling", "name",
                                       "named",    "names",  "naming", "renamed", "rename",
                                       "renaming", "titled", "dubbed", NULL};
  if (t - ws != 2 || !dbf__tx_ieqn(x->s + ws, "it", 2))
    return false;
  dbf_span v = dbf__tx_word_before(x->s, ws);
  return v.len > 0 && v.off + v.len + 1 == ws && dbf__tx_word_in(x->s + v.off, v.len, naming);
}

/*
 * "blowing glass at our chair all day", "left my tools at her bench": a
 * single role word after "at" and a possessive names the place one works
 * at, not a title.
 */
static bool place_of_work(const dbf__rx *x, dbf_span sp) {
  static const char *const poss[] = {"my", "our", "his", "her", "their", "your", NULL};
  if (memchr(x->s + sp.off, ' ', sp.len))
    return false;
  dbf_span w = dbf__tx_word_before(x->s, sp.off);
  if (w.len == 0 || w.off + w.len + 1 != sp.off || !dbf__tx_word_in(x->s + w.off, w.len, poss))
    return false;
  dbf_span at = dbf__tx_word_before(x->s, w.off);
  return at.len == 2 && at.off + at.len + 1 == w.off && dbf__tx_ieqn(x->s + at.off, "at", 2);
}

void dbf__rule_title(dbf__rx *x, const dbf_template_field *f, bool targeted) {
  const dbf__lexicon *roles = dbf__lex_get(x->ctx->lex, dbf__rx_param_str(f, "lexicon", "roles"));
  static const char *const final_cues[] = {"promoted to",
                                           "became",
                                           "by the end",
                                           "ended as",
                                           "ending as",
                                           "final title",
                                           "now",
                                           "currently",
                                           "most recently",
                                           "eventually",
                                           "moved up to",
                                           "then",
                                           "later",
                                           "made me",
                                           "by the time",
                                           "sorry",
                                           "actually",
                                           "i mean",
                                           ", so",
                                           "but it's",
                                           "it's really",
                                           "really it's",
                                           "->",
                                           "\u2192",
                                           "=>",
                                           "and the last year",
                                           "and the final year",
                                           NULL};
  dbf__lex_match m[32];
  size_t cnt = dbf__lex_scan(roles, x->s, x->n, m, 32);
  char best[ITEM_CAP] = "";
  int best_score = -1;
  /* The title a later one ("then", "later") supersedes, kept when the two
     are different jobs: "Data Journalist, and later Deputy Data Editor". */
  char earlier[ITEM_CAP] = "";
  size_t best_off = 0, n_titles = 0;
  bool best_initial = false;
  dbf_span cands[48];
  size_t nc = 0;
  for (size_t i = 0; i < cnt; i++) {
    /* The head is the last role word in a run: "Engineering Manager". */
    size_t b = m[i].off, e = m[i].off + m[i].len;
    while (i + 1 < cnt && m[i + 1].off <= e + 1 && m[i + 1].off >= e) {
      i++;
      e = m[i].off + m[i].len;
    }
    /* "calling it lead planner": a run that opens with "it" after a verb
       of naming starts after it, with nothing before. */
    bool named_it = b + 3 < e && x->s[b + 2] == ' ' && it_after_naming(x, b, b + 2);
    if (named_it)
      b += 3;
    /* Extend back over modifiers ("Senior Backend"). */
    const size_t role_off = b;
    for (int w = 0; w < 4 && !named_it; w++) {
      size_t t = b;
      if (t == 0 || x->s[t - 1] != ' ')
        break;
      t--;
      size_t ws = t;
      /* "f&b manager", "r&d engineer": an ampersand between two letters
         is inside the word. */
      while (ws > 0 && (dbf__tx_isalnum((unsigned char)x->s[ws - 1]) || x->s[ws - 1] == '-' ||
                        x->s[ws - 1] == '/' ||
                        (x->s[ws - 1] == '&' && ws >= 2 && ws < t &&
                         dbf__tx_isalnum((unsigned char)x->s[ws - 2]) &&
                         dbf__tx_isalnum((unsigned char)x->s[ws]))))
        ws--;
      /* "CRM & Data Manager", "Brand & Content Lead": a capitalized word
         joined by "&" is part of the title. */
      if (ws == t && t >= 3 && x->s[t - 1] == '&' && x->s[t - 2] == ' ') {
        size_t aw = t - 2;
        while (aw > 0 && dbf__tx_isalnum((unsigned char)x->s[aw - 1]))
          aw--;
        if (aw < t - 2 && (dbf__tx_isupper((unsigned char)x->s[aw]) || x->lower_typed)) {
          b = aw;
          continue;
        }
      }
      /* A role word just before ("Lead", "Principal", "Senior") is a
         seniority modifier of this title, not a title of its own. */
      if (ws == t || (ws > 0 && x->s[ws - 1] == '\''))
        break; /* "it's Broker Associate": no "s" modifier */
      /* "team mgr \u2192 general mgr", "staff nurse - charge nurse": a sign
         between titles is no word of either; they are two. */
      bool letters = false;
      for (size_t k = ws; k < t && !letters; k++)
        letters = (unsigned char)x->s[k] < 0x80 && dbf__tx_isalnum((unsigned char)x->s[k]);
      if (!letters && ((unsigned char)x->s[ws] == 0xE2 || x->s[ws] == '-'))
        break;
      /* "quality and certification officer", "health and safety
         advisor": a word joined by "and" to a modifier already taken is
         part of the title too. */
      if (t - ws == 3 && dbf__tx_ieqn(x->s + ws, "and", 3) && b < role_off) {
        dbf_span aw = dbf__tx_word_before(x->s, ws);
        bool plain = aw.len > 1 && aw.off + aw.len + 1 == ws &&
                     !dbf__tx_function_word(x->s + aw.off, aw.len);
        for (size_t k = 0; k_title_stops[k] && plain; k++)
          plain = strlen(k_title_stops[k]) != aw.len ||
                  !dbf__tx_ieqn(x->s + aw.off, k_title_stops[k], aw.len);
        int nv = 0;
        if (plain && dbf__tx_number_word_at(x->s, aw.off, aw.off + aw.len, &nv) == 0) {
          b = aw.off;
          continue;
        }
      }
      /* "before that apprentice": words that order titles in time; "it
         means master upholsterer": a gloss of a title said before. */
      static const char *const order[] = {"that", "before", "after", "means", "meaning", NULL};
      bool stop = dbf__tx_find_any(x->s, t, ws, order, NULL) == ws ||
                  dbf__tx_word_in(x->s + ws, t - ws, k_only_words);
      for (size_t k = 0; k_title_stops[k] && !stop; k++)
        stop =
            strlen(k_title_stops[k]) == t - ws && dbf__tx_ieqn(x->s + ws, k_title_stops[k], t - ws);
      /* "then from twenty eighteen Electrical Foreman": a number said in
         words is a date or a count, not a modifier. */
      int nv = 0;
      if (stop || dbf__tx_number_word_at(x->s, ws, t, &nv) == t - ws ||
          year_word(x, (dbf_span){ws, t - ws}))
        break;
      /* "store manager no wait regional manager": a correction cue is no
         modifier of the title after it. */
      if (correction_ends_at(x, t) || it_after_naming(x, ws, t))
        break;
      b = ws;
    }
    /* "charge nurse of the renal ward", "head of the quality unit", "head
       of the imaging core facility": "of the" and up to two words before a
       word that names a unit of the workplace are the title's. */
    if (e + 8 < x->n && dbf__tx_ieqn(x->s + e, " of the ", 8)) {
      static const char *const units[] = {
          "unit",   "ward",   "department", "division", "section", "clinic",    "lab", "laboratory",
          "centre", "center", "team",       "facility", "office",  "institute", NULL};
      size_t p = e + 8;
      for (int w = 0; w < 3 && p < x->n; w++) {
        size_t we = p;
        while (we < x->n && dbf__tx_isalnum((unsigned char)x->s[we]))
          we++;
        if (we == p || dbf__tx_function_word(x->s + p, we - p))
          break;
        if (w > 0 && dbf__tx_word_in(x->s + p, we - p, units)) {
          e = we;
          break;
        }
        if (we >= x->n || x->s[we] != ' ')
          break;
        p = we + 1;
      }
    }
    /* Extend forward over "of Engineering" / "of Product Marketing". */
    if (e + 4 < x->n && dbf__tx_ieqn(x->s + e, " of ", 4)) {
      size_t q = e + 4, qe = q;
      for (int w = 0; w < 3 && qe < x->n; w++) {
        size_t ws = qe;
        while (qe < x->n && (dbf__tx_isalnum((unsigned char)x->s[qe]) || x->s[qe] == '&'))
          qe++;
        /* Typed in lower case, "head of customer support", "curator of
           decorative arts" keep their words too, up to a function word, a
           number or a date. */
        int nv = 0;
        /* "Curator of Prints I came in as ...", said without a stop: the
           speaker's "I" opens the next clause. */
        bool word_ok = qe > ws && !(qe - ws == 1 && x->s[ws] == 'I') &&
                       (dbf__tx_isupper((unsigned char)x->s[ws]) ||
                        (x->lower_typed && !dbf__tx_function_word(x->s + ws, qe - ws) &&
                         dbf__tx_number_word_at(x->s, ws, qe, &nv) == 0 && !in_a_date(x, ws)));
        if (!word_ok) {
          qe = ws > q ? ws - 1 : q;
          break;
        }
        if (qe < x->n && x->s[qe] == ' ' && qe + 1 < x->n &&
            (dbf__tx_isupper((unsigned char)x->s[qe + 1]) ||
             (x->lower_typed && x->s[qe + 1] >= 'a' && x->s[qe + 1] <= 'z')))
          qe++;
        else
          break;
      }
      if (qe > q)
        e = qe;
    }
    /* A grade after the title: "QC Analyst II", "Social Worker III". */
    static const char *const grades[] = {" III", " II", " IV", NULL};
    e = dbf__rx_past_tail(x, e, grades);
    dbf_span sp = without_initials(x, dbf__tx_trim(x->s, (dbf_span){b, e - b}));
    if (sp.len > 0 && nc < DBF_ARRAY_LEN(cands))
      cands[nc++] = sp;
  }
  /* A role word inside another candidate ("Deputy" of "Deputy Data
     Editor") is no title of its own. */
  size_t kept = 0;
  for (size_t ci = 0; ci < nc; ci++) {
    bool inside = false;
    for (size_t cj = 0; cj < nc && !inside; cj++)
      inside = cj != ci && cands[cj].len > cands[ci].len && cands[cj].off <= cands[ci].off &&
               cands[ci].off + cands[ci].len <= cands[cj].off + cands[cj].len;
    if (!inside && !hedged_english_gloss(x, cands[ci]))
      cands[kept++] = cands[ci];
  }
  nc = kept;
  /* "Founder and head chef", "Owner & Managing Director": two roles joined
     by "and" alone are one title held at once. */
  kept = 0;
  for (size_t ci = 0; ci < nc; ci++) {
    size_t e = cands[ci].off + cands[ci].len;
    size_t gap = ci + 1 < nc && cands[ci + 1].off > e ? cands[ci + 1].off - e : 0;
    bool joined = (gap == 5 && dbf__tx_ieqn(x->s + e, " and ", 5)) ||
                  (gap == 3 && memcmp(x->s + e, " & ", 3) == 0);
    if (joined) {
      cands[kept++] =
          (dbf_span){cands[ci].off, cands[ci + 1].off + cands[ci + 1].len - cands[ci].off};
      ci++;
      continue;
    }
    cands[kept++] = cands[ci];
  }
  nc = kept;
  /* "Harbour Pilot. Came in as a deckhand": asked for the title, an
     answer that opens with a sentence of a title no lexicon knows, before
     a role it knows, opens with that title; not when the answer puts a
     title in English ("Lentäjä. In English: Pilot") or renders it after
     "so:" or "i.e." ("Lentäjä. So: pilot"). */
  if (targeted && nc > 0 && nc < DBF_ARRAY_LEN(cands) && x->n_sent > 1 &&
      dbf__tx_find_word(x->s, x->n, 0, "english") == (size_t)-1 && !renders_first(x) &&
      cands[0].off >= x->sent[0].off + x->sent[0].len && title_shaped(x, x->sent[0])) {
    dbf_span first = dbf__tx_trim(x->s, x->sent[0]);
    while (first.len > 0 && strchr(".!", x->s[first.off + first.len - 1]))
      first.len--;
    if (first.len > 0) {
      memmove(cands + 1, cands, nc * sizeof cands[0]);
      cands[0] = first;
      nc++;
    }
  }
  /* "Cooper. Head cooper for four years now": a lone grade before the
     words of a title said earlier names that title, graded. */
  for (size_t ci = 1; ci < nc; ci++) {
    dbf_span g = cands[ci];
    if (!dbf__tx_word_in(x->s + g.off, g.len, k_grade_words))
      continue;
    size_t q = g.off + g.len + 1;
    for (size_t cj = 0; cj < ci; cj++) {
      dbf_span t = cands[cj];
      if (q < x->n && x->s[q - 1] == ' ' && q + t.len <= x->n &&
          dbf__tx_ieqn(x->s + q, x->s + t.off, t.len) &&
          (q + t.len == x->n || !dbf__tx_isalnum((unsigned char)x->s[q + t.len])) &&
          (ci + 1 >= nc || cands[ci + 1].off >= q + t.len)) {
        cands[ci].len = q + t.len - g.off;
        break;
      }
    }
  }
  /* Asked for the title, a person may name one no lexicon knows: "Senior
     Primate Keeper", "QA Tester", "Broker Associate". */
  if (targeted && nc == 0)
    nc = title_case_runs(x, cands, nc, DBF_ARRAY_LEN(cands));
  dbf_span opening = targeted ? opening_title(x, cands, nc) : (dbf_span){0, 0};
  dbf_span run_on = targeted && opening.len == 0 ? run_on_opening(x, cands, nc) : (dbf_span){0, 0};
  for (size_t ci = 0; ci < nc; ci++) {
    dbf_span sp = cands[ci];
    /* A targeted answer that opens with a title-shaped sentence ("Curator
       of Decorative Arts.", "Head Sommelier.") takes the whole of it. */
    if (targeted && x->n_sent > 0 && sp.off >= x->sent[0].off &&
        sp.off < x->sent[0].off + x->sent[0].len && title_shaped(x, x->sent[0]))
      sp = without_initials(x, dbf__tx_trim(x->s, x->sent[0]));
    /* "Senior Ramp Supervisor (Turnaround Coordinator)": the title in
       brackets names the one before it. */
    if (sp.off >= 2 && x->s[sp.off - 1] == '(' && ci > 0 &&
        cands[ci - 1].off + cands[ci - 1].len + 2 >= sp.off)
      continue;
    /* "and I picked up the lead title too": one role word named as a
       title is the grade of the title said, not a title of its own. */
    if (ci > 0 && !memchr(x->s + sp.off, ' ', sp.len) && sp.off + sp.len + 6 <= x->n &&
        dbf__tx_ieqn(x->s + sp.off + sp.len, " title", 6))
      continue;
    /* "Site Foreman. The first year I was Labourer": a title of an earlier
       time said after the one that opens the answer is not the title. */
    if (targeted && ci > 0 && earlier_aside(x, opening, sp))
      continue;
    if (ci > 0 && run_on_step(x, run_on, sp))
      continue;
    /* "a crew of five: me, a fitter and two drivers": a role said with an
       article in a list of people the speaker is one of is a colleague's. */
    if (colleague_in_list(x, sp))
      continue;
    /* "Lead Data Analyst ... once we grew I became the lead": a lone
       grade said after a title that holds it names that title again. */
    if (grade_of_earlier(x, sp, cands, ci))
      continue;
    if (role_of_other(x, sp) || pursued_title(x, sp) || place_of_work(x, sp))
      continue;
    /* "the CTO" someone reported to is not the person's own title. */
    size_t rb = sp.off > 20 ? sp.off - 20 : 0;
    if (dbf__tx_find_word(x->s, sp.off, rb, "reported") != (size_t)-1 ||
        dbf__tx_find_word(x->s, sp.off, rb, "reporting") != (size_t)-1 ||
        dbf__tx_find_word(x->s, sp.off, rb, "report") != (size_t)-1)
      continue;
    int score = 1;
    size_t lookback = sp.off > 40 ? sp.off - 40 : 0;
    size_t near = sp.off > 20 ? sp.off - 20 : 0;
    /* A sequence cue right before ("then store manager") marks a later title. */
    bool later = dbf__rx_span_has_any(x, (dbf_span){near, sp.off - near}, final_cues);
    /* "promoted 2019 to Duty Manager", "promoted in the spring to Head
       Chef": a promotion said with its time before "to"; a title of the
       job's last years. */
    /* "the title changed in 2023 to Senior Payroll Officer": a change of
       title said so, too. */
    bool promoted_to = sp.off >= lookback + 3 && dbf__tx_ieqn(x->s + sp.off - 3, "to ", 3) &&
                       (dbf__tx_find_word(x->s, sp.off, lookback, "promoted") != (size_t)-1 ||
                        dbf__tx_find_word(x->s, sp.off, lookback, "changed") != (size_t)-1);
    /* "since last year I'm Clinical Lead": a title held now, said with
       the time it began. */
    dbf_span in_sent = dbf__rx_sentence_of(x, sp.off);
    bool held_now = (sp.off >= in_sent.off + 4 && dbf__tx_ieqn(x->s + sp.off - 4, "i'm ", 4)) ||
                    (sp.off >= in_sent.off + 5 && dbf__tx_ieqn(x->s + sp.off - 5, "i am ", 5));
    if (held_now && dbf__tx_find_word(x->s, sp.off, in_sent.off, "since") != (size_t)-1)
      later = true;
    if (promoted_to || after_last_period(x, lookback, sp.off))
      later = true;
    if (later || dbf__rx_span_has_any(x, (dbf_span){lookback, sp.off - lookback}, final_cues) ||
        dbf__rx_span_has_any(
            x, (dbf_span){sp.off, (sp.off + sp.len + 16 < x->n ? sp.len + 16 : x->n - sp.off)},
            (const char *const[]){"by the end", "by the time", "eventually", "at the end",
                                  "in the end", " now", "since last", "for my last", "for the last",
                                  "these days", NULL}) ||
        /* "chef de rang, so head waiter in english": the title
           put in English after one in another language. */
        (sp.off + sp.len + 11 <= x->n && dbf__tx_ieqn(x->s + sp.off + sp.len, " in english", 11)) ||
        held_from_year(x, sp.off + sp.len) || from_year_before(x, sp.off))
      score += 3;
    /* A first title: "started as X", "X at first". */
    size_t after = sp.off + sp.len + 26 < x->n ? 26 : x->n - sp.off - sp.len;
    bool initial =
        dbf__rx_span_has_any(x, (dbf_span){near, sp.off - near},
                             (const char *const[]){"started as", "started out as", "joined as",
                                                   "initially", "came in as", "on paper", "first",
                                                   "before that", "previously", "it was", NULL}) ||
        (dbf__rx_span_has_any(x, (dbf_span){sp.off + sp.len, after},
                              (const char *const[]){"at first", "first", "at the start",
                                                    "to begin with", "to start with",
                                                    "when i joined", "when i started", NULL}) &&
         !start_marker_after_opens(x, sp.off + sp.len, after));
    bool told_earlier = start_marker_before(x, sp.off);
    if (told_earlier)
      initial = true, later = false;
    /* Held before a rise said after it, whatever cue precedes it. */
    if (became_grade_after(x, sp))
      initial = true, later = false, score = 0;
    /* "For the first six months the title was 'Special Projects Lead'":
       a title of a first period is an earlier one. */
    dbf_span own_sent = dbf__rx_sentence_of(x, sp.off);
    initial = initial ||
              dbf__rx_span_has_any(x, (dbf_span){own_sent.off, sp.off - own_sent.off},
                                   (const char *const[]){"for the first", "in the first", NULL});
    /* "first electrician, then charge hand, then ... Foreman": a title said
       "first" and followed by "then" is the first of a sequence. */
    if (sp.len > 6 && dbf__tx_ieqn(x->s + sp.off, "first ", 6)) {
      size_t q = sp.off + sp.len;
      while (q < x->n && (x->s[q] == ',' || x->s[q] == ' '))
        q++;
      if (q + 5 <= x->n && dbf__tx_ieqn(x->s + q, "then ", 5))
        initial = true;
    }
    /* "Quality Assurance Manager, before that I was quality controller
       then QA executive": every title after "before that" is earlier than
       the one said before it. */
    if (best[0]) {
      size_t bt =
          dbf__tx_find_any(x->s, sp.off, own_sent.off,
                           (const char *const[]){"before that", "prior to that", NULL}, NULL);
      if (bt != (size_t)-1 && best_off < bt) {
        initial = true, later = false;
        score = score > best_score ? best_score : score;
      }
    }
    /* "Charge Nurse. Got promoted into that role from staff nurse": the
       title risen from is an earlier one, whatever cue precedes it. */
    bool risen_from = raised_from(x, sp);
    if (risen_from)
      initial = true, later = false, score = 0;
    /* "Operations Lead. Sorry, Head of Operations", "store manager no
       wait regional manager": a title after a correction cue that follows
       the best one so far takes its place. */
    bool corrects = best[0] && best_off + strlen(best) <= sp.off &&
                    dbf__rx_find_correction(x, sp.off, best_off + strlen(best), NULL) != (size_t)-1;
    if (corrects)
      initial = false;
    if (initial)
      score -= 1;
    if (dbf__tx_word_count(x->s, sp) >= 2)
      score += 1;
    /* A role the person says was never the title is one held; not
       when another title comes between ("staff nurse, ward lead the last
       year (unofficial)": the cue is said of that one). */
    size_t ahead = sp.off + sp.len + 48 < x->n ? 48 : x->n - sp.off - sp.len;
    size_t not_at =
        dbf__tx_find_any(x->s, sp.off + sp.len + ahead, sp.off + sp.len, k_not_title, NULL);
    bool not_held = not_at != (size_t)-1 && !(ci + 1 < nc && cands[ci + 1].off < not_at);
    /* Beside another title, one said to be unofficial is not the title. */
    if (not_held && nc > 1)
      continue;
    if (not_held)
      score -= 3;
    /* "on my CV I put Stock Controller, so use that one": the title the
       person tells us to use, right after it in its sentence. */
    dbf_span tail = dbf__rx_sentence_of(x, sp.off);
    size_t te = tail.off + tail.len, ts = sp.off + sp.len;
    /* "... it was 'Stores & Fleet Manager' once I took on the vans as
       well, so use that": farther on too, when no other title is named
       between. */
    bool next_between = ci + 1 < nc && cands[ci + 1].off < te;
    if (targeted && te > ts && (te - ts <= 40 || (te - ts <= 120 && !next_between)) &&
        dbf__rx_span_has_any(x, (dbf_span){ts, te - ts}, k_use_that))
      score += 5;
    /* A targeted answer that opens with the title alone: "Head Sommelier." */
    if (targeted && x->n_sent > 1 && sp.off <= x->sent[0].off + 1 &&
        sp.off + sp.len + 2 >= x->sent[0].off + x->sent[0].len)
      score += 2;
    /* In a sequence ("X at first, then Y, and Z for my last year") the
       later title is the last one held: a sequence cue before it in the
       sentence, and it scores at least the best but for that cue. */
    dbf_span sent = dbf__rx_sentence_of(x, sp.off);
    bool in_sequence = best[0] && best_off >= sent.off &&
                       dbf__rx_span_has_any(x, (dbf_span){sent.off, sp.off - sent.off}, final_cues);
    if (in_sequence && !initial && score + 3 >= best_score)
      later = true, score = score > best_score ? score : best_score;
    if (corrects)
      later = true, score = score > best_score ? score : best_score;
    /* "claims handler, senior claims handler since 2022": the best title
       said again with a grade in front is its promotion. */
    if (best[0] && !initial && graded_again(x, sp, best))
      later = true, score = score > best_score ? score : best_score;
    n_titles++;
    if (score > best_score || (score == best_score && later)) {
      if (best[0] && score >= 4 && best_score < 4 && !best_initial)
        snprintf(earlier, sizeof earlier, "%s", best);
      best_off = sp.off;
      best_initial = initial;
      best_score = score;
      dbf__tx_copy(x->s, sp, best, sizeof(best));
    }
  }
  char stated[ITEM_CAP];
  /* The title the person tells us to write goes before one stated. */
  bool said_so = targeted && (written_title(x, roles, stated, sizeof stated) ||
                              stated_title(x, opening, stated, sizeof stated) ||
                              title_then_named(x, stated, sizeof stated) ||
                              title_then_thats(x, stated, sizeof stated) ||
                              official_before(x, stated, sizeof stated) ||
                              (best[0] && quoted_title(x, best_off, stated, sizeof stated)));
  /* "My title was Data Engineer, and the final year Staff Data Engineer":
     a later title that grows the stated one is its promotion. */
  if (said_so && best_score >= 4 && strlen(best) > strlen(stated) &&
      dbf__tx_find_word(best, strlen(best), 0, stated) != (size_t)-1 &&
      dbf__tx_find_word(x->s, x->n, 0, stated) < best_off)
    said_so = false;
  if (said_so) {
    snprintf(best, sizeof best, "%s", stated);
    earlier[0] = '\0';
  } else if (targeted && best[0]) {
    size_t be = best_off + strlen(best);
    promoted_grade(x, be, best, sizeof best);
    bracketed_specialty(x, roles, be, best, sizeof best);
    dash_qualifier(x, roles, be, best, sizeof best);
  }
  if (!targeted && best[0]) {
    /* In passing, only the speaker's own title, said right before it: "I
       was a backend engineer"; not "I was the one who explained it to a
       nervous farmer". */
    static const char *const own[] = {"i was",       "i'm",         "i am",     "as a",
                                      "as an",       "worked as",   "my title", "my role",
                                      "i joined as", "promoted to", "i became", "i started as",
                                      NULL};
    size_t from = best_off > 24 ? best_off - 24 : 0;
    if (!dbf__rx_span_has_any(x, (dbf_span){from, best_off - from}, own))
      return;
    /* "I'm actually a qualified first aid trainer": a qualification held,
       not the job. */
    static const char *const held[] = {"qualified ", "accredited ", "trained ", NULL};
    for (size_t k = 0; held[k]; k++)
      if (dbf__tx_ieqn(best, held[k], strlen(held[k])))
        return;
  }
  if (!best[0]) {
    if (targeted && !x->negative) {
      dbf_span sp = dbf__tx_strip_fillers(x->s, x->n_sent ? x->sent[0] : (dbf_span){0, x->n});
      if (sp.len > 0 && dbf__tx_word_count(x->s, sp) <= 5 && !legal_name(x, sp))
        dbf__rx_put(x, f->key, dbf__rx_jstr_span(x, sp),
                    x->spec < VAGUE_SPEC_FOLLOW ? CONF_CROSS : dbf__rx_hedge(x, CONF_TARGET_LOOSE),
                    false);
    }
    return;
  }
  promotion_said_twice(best, sizeof best);
  /* Both titles of one answer, unless the later one contains the earlier
     (a promotion: "Data Scientist, then Senior Data Scientist"). */
  if (targeted && earlier[0] && n_titles == 2 && run_on.len == 0 &&
      !dbf__rx_span_has_any(x, (dbf_span){0, x->n}, k_arrows) &&
      !dbf__rx_span_has_any(x, (dbf_span){0, x->n}, k_use_that) &&
      dbf__tx_find_word(x->s, x->n, 0, "promoted") == (size_t)-1 &&
      dbf__tx_find_word(x->s, x->n, 0, "became") == (size_t)-1 &&
      dbf__tx_find_word(x->s, x->n, 0, "in english") == (size_t)-1 &&
      !after_last_period(x, best_off > 40 ? best_off - 40 : 0, best_off) &&
      dbf__tx_find_word(best, strlen(best), 0, earlier) == (size_t)-1 && x->n_sent <= 1 &&
      !x->sent_correction[0] && strlen(earlier) + strlen(best) + 6 < sizeof best) {
    char both[ITEM_CAP * 2 + 8];
    snprintf(both, sizeof both, "%s and %s", earlier, best);
    dbf__tx_copy(both, (dbf_span){0, strlen(both)}, best, sizeof best);
  }
  dbf__rx_title_case(best);
  bool corr = x->n_sent > 0 && x->sent_correction[0];
  /* "I'm an ACLS instructor actually", said in passing: a correction word
     after the title stresses it; a correction states its title after the
     cue ("actually I was Senior Analyst"). */
  if (corr && !targeted) {
    size_t at = dbf__rx_correction_at(x, best_off);
    corr = at != (size_t)-1 && at < best_off;
  }
  double conf = dbf__rx_hedge(x, targeted ? CONF_TARGET : CONF_CROSS);
  /* A bare one-word title in a vague answer ("Teacher.") is tentative, so
     the follow-up still asks for the full title. */
  if (targeted && x->spec < VAGUE_SPEC_FOLLOW && !strchr(best, ' '))
    conf = CONF_CROSS;
  /* "machinist" when asked, then in passing "i was Lead CNC Machinist on
     2nd shift there by the end": a later title that grows the one on
     record (the same head) is the promotion it names. */
  const json_t *held = json_is_object(x->ctx->record)
                           ? json_object_get(json_object_get(x->ctx->record, f->key), "value")
                           : NULL;
  size_t hl = json_is_string(held) ? strlen(json_string_value(held)) : 0, bl = strlen(best);
  dbf_span best_sent = dbf__rx_sentence_of(x, best_off);
  bool by_end = dbf__rx_span_has_any(x, best_sent,
                                     (const char *const[]){"by the end", "in the end", "eventually",
                                                           "at the end", "promoted", NULL});
  if (!targeted && by_end && hl > 0 && bl > hl + 1 && best[bl - hl - 1] == ' ' &&
      dbf__tx_ieqn(best + bl - hl, json_string_value(held), hl)) {
    conf = dbf__rx_hedge(x, CONF_TARGET);
    corr = true;
  }
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
  if (own && cnt == 0) {
    /* Asked for the title: a Title Case run is one ("QA Tester, then
       Senior QA Tester"), though no lexicon knows it. */
    dbf_span c[4];
    return title_case_runs_in(x, sent, c, 4) > 0;
  }
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
