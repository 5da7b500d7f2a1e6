/*
 * clause_list.c - the "clause_list" kind: needs, objections,
 * challenges, responsibilities: short clauses in the person's words.
 */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "engine/lexicon.h"
#include "engine/parse_people.h"
#include "engine/rules/registry.h"
#include "engine/rules/rules.h"

/* ------------------------------------------------- clause-shaped lists */

/* Lead-ins that introduce the content of an objection, need or challenge. */
static const char *const k_leadins[] = {"worried about",
                                        "worried that",
                                        "concerned about",
                                        "concerned that",
                                        "concern about",
                                        "concerns about",
                                        "concern is",
                                        "concern was",
                                        "concern is that",
                                        "worry is",
                                        "pushback on",
                                        "push back on",
                                        "pushed back on",
                                        "hesitant about",
                                        "skeptical about",
                                        "skeptical of",
                                        "objected to",
                                        "objection was",
                                        "issue with",
                                        "problem with",
                                        "unhappy with",
                                        "not happy with",
                                        "complained about",
                                        "questioned",
                                        "asked about",
                                        "nervous about",
                                        "they think",
                                        "they thought",
                                        "they felt",
                                        "they feel",
                                        "they said",
                                        "they mentioned",
                                        "they need",
                                        "they want",
                                        "they're looking for",
                                        "looking for",
                                        "they asked for",
                                        "they require",
                                        "they'd like",
                                        "need",
                                        "needs",
                                        "want",
                                        "wants",
                                        "struggling with",
                                        "struggle with",
                                        "pain point is",
                                        "priority is",
                                        "the hardest part was",
                                        "hardest part was",
                                        "the biggest challenge was",
                                        "biggest challenge was",
                                        "challenge was",
                                        "the challenge was",
                                        NULL};

/* Trailers such as "was the hardest part". */
static const char *const k_trailers[] = {" was the hardest part",
                                         " was the biggest challenge",
                                         " was the main challenge",
                                         " was hard",
                                         " was tough",
                                         " was difficult",
                                         " was a challenge",
                                         " was a big challenge",
                                         " was the challenge",
                                         " was painful",
                                         " was the hard part",
                                         " was the tricky part",
                                         NULL};

/* In passing, an objection cue counts only next to a word of concern. */
static const char *const k_concern_words[] = {
    "too",         "high",      "expensive", "costly",    "concern",    "concerns", "concerned",
    "worried",     "worry",     "issue",     "issues",    "problem",    "hesitant", "pushback",
    "pushed back", "blocker",   "difficult", "hard",      "lack",       "lacks",    "missing",
    "doubt",       "skeptical", "nervous",   "objection", "risk",       "risky",    "unhappy",
    "not sure",    "reluctant", "struggle",  "annoyed",   "frustrated", NULL};

/* Words that call what a cue names too much: "the per-seat cost is a
   stretch", "pricing felt steep". */
static const char *const k_too_much[] = {"a stretch", "steep", NULL};

/* Does cl say a word of concern, or call something too much? */
static bool says_concern(const dbf__rx *x, dbf_span cl) {
  return dbf__rx_span_has_any(x, cl, k_concern_words) || dbf__rx_span_has_any(x, cl, k_too_much);
}

/* A condition set on the deal is a worry said as its price: "only if
   the data stays in the EU", "as long as onboarding is quick". */
static const char *const k_conditions[] = {"only if",       "as long as",   "unless",
                                           "provided that", "on condition", NULL};

/* Words of a verdict or a status: "verbal yes, paperwork to follow",
   "green light from the CFO". An answer that says one and no worry
   reports how it stands, not what stands in the way. */
static const char *const k_verdicts[] = {"yes",          "all good",  "green light", "go ahead",
                                         "in principle", "to follow", "thumbs up",   "done deal",
                                         "went well",    "on board",  NULL};

/* Does cl say a verdict that no negation turns around? */
static bool says_verdict(const dbf__rx *x, dbf_span cl) {
  size_t which = 0;
  for (size_t at = dbf__tx_find_any(x->s, cl.off + cl.len, cl.off, k_verdicts, &which);
       at != (size_t)-1; at = dbf__tx_find_any(x->s, cl.off + cl.len, at + 1, k_verdicts, &which))
    if (!dbf__tx_negated_before(x->s, at, 3))
      return true;
  return false;
}

/* Does cl say a worry: a cue of the field's lexicon no negation turns
   around, a word of concern, or a condition? */
static bool says_worry(const dbf__rx *x, const dbf__lexicon *cues, dbf_span cl) {
  dbf__lex_match ms[8];
  size_t nm = dbf__lex_scan(cues, x->s + cl.off, cl.len, ms, 8);
  for (size_t k = 0; k < nm; k++)
    if (!dbf__tx_negated_before(x->s, cl.off + ms[k].off, 3))
      return true;
  return says_concern(x, cl) || dbf__rx_span_has_any(x, cl, k_conditions);
}

/* "none really. the site lead was annoyed about the scanner", "not much,
   earlier it was the fee": an answer that opens with a bare none and then
   tells of a worry after all (the none said in four words at most).
   Returns where what follows the none begins,
   or (size_t)-1 when the answer says no worry after it. */
static size_t worry_after_none(const dbf__rx *x, const dbf__lexicon *cues) {
  size_t e = 0;
  while (e < x->n && !strchr(",.;:!?\n", x->s[e]))
    e++;
  /* "no depot near them, that lost it" opens with a concern, not a none. */
  if (dbf__tx_word_count(x->s, (dbf_span){0, e}) > 4)
    return (size_t)-1;
  while (e < x->n && strchr(",.;:!?\n ", x->s[e]))
    e++;
  dbf_span rest = {e, x->n - e};
  if (!cues || e >= x->n || dbf__tx_word_count(x->s, rest) < 3 || !says_worry(x, cues, rest))
    return (size_t)-1;
  return e;
}

/* After a cue of need, what is asked of the seller or a meeting: "wants
   us back", "would like us to present", "want a second meeting", "asked
   for a workshop". That is a step to take next, not the customer's need. */
static bool asks_a_meeting(const dbf__rx *x, dbf_span cl, size_t cue_end) {
  static const char *const meetings[] = {
      "meeting", "meetings", "call",      "workshop", "workshops",   "demo",         "demos",
      "visit",   "session",  "follow-up", "followup", "walkthrough", "presentation", NULL};
  size_t e = cl.off + cl.len, p = cue_end;
  while (p < e && x->s[p] == ' ')
    p++;
  if (p + 2 <= e && dbf__tx_ieqn(x->s + p, "us", 2) && dbf__tx_is_word_at(x->s, x->n, p, 2))
    return true;
  /* The object's head within its first four words: "a second meeting",
     "another session with IT". */
  size_t stop = p;
  for (int w = 0; w < 4 && stop < e; w++) {
    while (stop < e && x->s[stop] != ' ')
      stop++;
    while (stop < e && x->s[stop] == ' ')
      stop++;
  }
  return dbf__tx_find_any(x->s, stop, p, meetings, NULL) != (size_t)-1;
}

static const char *const k_own_needs[] = {"i need",    "we need",    "i want",
                                          "we want",   "i have to",  "we have to",
                                          "i'll need", "we'll need", NULL};

/* Is the lead-in at p negated: "didn't want", "dont need", "do not
   want"? Then it is the objection itself, not words before it. */
static bool leadin_negated(const dbf__rx *x, size_t p) {
  if (dbf__tx_negated_before(x->s, p, 2))
    return true;
  /* Typed without the apostrophe: the word right before the lead-in. */
  static const char *const bare[] = {"didnt", "dont", "doesnt", "wont", "cant", "isnt", NULL};
  size_t which = 0, from = p > 8 ? p - 8 : 0;
  size_t at = dbf__tx_find_any(x->s, p, from, bare, &which);
  return at != (size_t)-1 && at + strlen(bare[which]) + 1 == p;
}

/* How many words of s[sp] are no function word. */
static size_t content_words(const dbf__rx *x, dbf_span sp) {
  dbf_span w[16];
  size_t nw = dbf__tx_words(x->s + sp.off, sp.len, w, 16), c = 0;
  for (size_t i = 0; i < nw; i++)
    c += !dbf__tx_function_word(x->s + sp.off + w[i].off, w[i].len);
  return c;
}

/* Is the word w of x->s a whole entry of lexicon name? */
static bool word_of(const dbf__rx *x, const char *name, dbf_span w) {
  dbf__lex_match m;
  return dbf__lex_match_at(dbf__lex_get(x->ctx->lex, name), x->s, x->n, w.off, &m) &&
         m.len == w.len;
}

/* Words of a frame that only points at what follows its "is" or "was":
   "the main thing they pushed back on was ...", "what worried them most
   is that ...", "the biggest concern they had was ...". */
static const char *const k_frame_words[] = {
    "thing", "things", "main",    "biggest",  "big",    "real",  "major", "key",
    "most",  "pushed", "push",    "raised",   "had",    "has",   "have",  "kept",
    "came",  "up",     "brought", "bothered", "bugged", "stuck", NULL};

/* "the main thing they pushed back on was the fee": when every word before
   the first "is" or "was" is a word of such a frame or a function word, and
   one of them says a concern, a "thing" or what bothered, the item is what
   follows. A frame with a topic of its own ("the problem with the app
   is ...") is kept whole. */
static dbf_span strip_frame(const dbf__rx *x, dbf_span sp) {
  static const char *const copulas[] = {" is ", " was ", " are ", " were ", NULL};
  static const char *const things[] = {"thing", "things", "bothered", "bugged", NULL};
  size_t which = 0, e = sp.off + sp.len;
  size_t at = dbf__tx_find_any(x->s, e, sp.off, copulas, &which);
  if (at == (size_t)-1 || at - sp.off > 64)
    return sp;
  dbf_span w[12];
  size_t nw = dbf__tx_words(x->s + sp.off, at - sp.off, w, 12);
  bool points = false;
  if (nw < 2 || nw >= 12)
    return sp;
  for (size_t i = 0; i < nw; i++) {
    const char *t = x->s + sp.off + w[i].off;
    bool concern = dbf__tx_word_in(t, w[i].len, k_concern_words);
    if (concern || dbf__tx_word_in(t, w[i].len, things))
      points = true;
    else if (!dbf__tx_function_word(t, w[i].len) && !dbf__tx_word_in(t, w[i].len, k_frame_words))
      return sp;
  }
  size_t b = at + strlen(copulas[which]);
  while (b < e && strchr(" ,:", x->s[b]))
    b++;
  dbf_span rest = {b, e - b};
  if (!points || dbf__tx_word_count(x->s, rest) < 1)
    return sp;
  static const char *const lead[] = {"that ", NULL};
  return dbf__rx_skip_openers(x, rest, lead);
}

/* "connectivity - they need it offline", "delivery time (they want all
   of it by May)": is the lead-in at p set off by a dash, a colon or a
   bracket from a topic said before it, from sp.off on? */
static bool marked_topic_before(const dbf__rx *x, size_t from, size_t p) {
  size_t e = p;
  while (e > from && x->s[e - 1] == ' ')
    e--;
  if (e == from)
    return false;
  unsigned char c = (unsigned char)x->s[e - 1];
  bool dash = e - from >= 3 && (unsigned char)x->s[e - 3] == 0xE2 &&
              (unsigned char)x->s[e - 2] == 0x80 && (c == 0x93 || c == 0x94);
  if (!dash && c != '-' && c != ':' && c != '(')
    return false;
  if (c == '-' && e - 1 > from && x->s[e - 2] != ' ')
    return false; /* a hyphen inside a word */
  dbf_span w[8];
  size_t nw = dbf__tx_words(x->s + from, e - from, w, 8);
  for (size_t i = 0; i < nw; i++) {
    dbf_span word = {from + w[i].off, w[i].len};
    if (!dbf__tx_function_word(x->s + word.off, word.len) && !word_of(x, "first_names", word))
      return true;
  }
  return false;
}

/* "the union needs to see it", "legal wants a redline first": is the
   lead-in at p a bare "need(s)" or "want(s)" right after a word of content
   that names no person by first name? That word is whose need it is, and
   part of the item. */
static bool subject_before(const dbf__rx *x, size_t from, size_t p, const char *leadin) {
  static const char *const bare[] = {"need", "needs", "want", "wants", NULL};
  if (!dbf__tx_word_in(leadin, strlen(leadin), bare))
    return false;
  dbf_span w = dbf__tx_word_before(x->s, p);
  if (w.len == 0 || w.off < from || w.off + w.len + 1 != p)
    return false;
  return !dbf__tx_function_word(x->s + w.off, w.len) && !word_of(x, "first_names", w) &&
         !(w.len > 2 && dbf__tx_ieqn(x->s + w.off + w.len - 2, "ly", 2));
}

/* topics: when not NULL, a lead-in after a word of it ("price yeah they
   said it's too much") or after three words of content ("payback period
   the cfo wants it under 3 years") is kept with the topic it tells of. */
static dbf_span strip_leadin(const dbf__rx *x, dbf_span sp, const dbf__lexicon *topics) {
  size_t which = 0;
  if (topics)
    sp = strip_frame(x, sp);
  size_t p = dbf__tx_find_any(x->s, sp.off + sp.len, sp.off, k_leadins, &which);
  if (topics && p != (size_t)-1 && p > sp.off &&
      (dbf__lex_any(topics, x->s + sp.off, p - sp.off) ||
       content_words(x, (dbf_span){sp.off, p - sp.off}) >= 3 || marked_topic_before(x, sp.off, p) ||
       subject_before(x, sp.off, p, k_leadins[which])))
    p = (size_t)-1;
  /* "set up the pre-need program": a lead-in's word inside a hyphenated
     word is none. */
  while (p != (size_t)-1 &&
         ((p > 0 && x->s[p - 1] == '-') || x->s[p + strlen(k_leadins[which])] == '-'))
    p = dbf__tx_find_any(x->s, sp.off + sp.len, p + 1, k_leadins, &which);
  if (p != (size_t)-1 && p - sp.off < 48 && !leadin_negated(x, p)) {
    size_t e = p + strlen(k_leadins[which]);
    if (e < sp.off + sp.len) {
      dbf_span rest = {e, sp.off + sp.len - e};
      rest = dbf__tx_trim(x->s, rest);
      if (dbf__tx_word_count(x->s, rest) >= 1)
        sp = rest;
    }
  }
  for (size_t k = 0; k_trailers[k]; k++) {
    size_t l = strlen(k_trailers[k]);
    if (sp.len > l && dbf__tx_ieqn(x->s + sp.off + sp.len - l, k_trailers[k], l)) {
      sp.len -= l;
      break;
    }
  }
  /* "that"/"the fact that" after a lead-in. */
  static const char *const lead[] = {"that ", "the fact that ", "about ", NULL};
  return dbf__tx_strip_fillers(x->s, dbf__rx_skip_openers(x, sp, lead));
}

/* The seller's own note in an answer about them: "I wasn't sure", "need
   to check", "as I said". */
static bool own_note(const dbf__rx *x, dbf_span cl) {
  static const char *const notes[] = {"i wasn't sure",
                                      "i was not sure",
                                      "i'm not sure",
                                      "i am not sure",
                                      "i didn't know",
                                      "i did not know",
                                      "need to check",
                                      "to check",
                                      "i need to check",
                                      "i'll check",
                                      "i will check",
                                      "need to find out",
                                      "i'll find out",
                                      "as said",
                                      "as i said",
                                      "like i said",
                                      "as i mentioned",
                                      "as mentioned",
                                      NULL};
  static const char *const joins[] = {"and ", "but ", "so ", NULL};
  dbf_span c = dbf__rx_skip_openers(x, dbf__tx_trim(x->s, cl), joins);
  while (c.len > 0 && strchr(".!?", x->s[c.off + c.len - 1]))
    c.len--;
  for (size_t k = 0; notes[k]; k++) {
    size_t l = strlen(notes[k]);
    if (c.len == l && dbf__tx_ieqn(x->s + c.off, notes[k], l))
      return true;
  }
  return false;
}

/* "a lot of things, the team is much better now", "we did a lot in the
   camps", "many things really": a short answer that says there is much
   without saying what is too thin to keep, so the question is asked again. */
static bool only_a_lot(const dbf__rx *x) {
  static const char *const sweeps[] = {
      "a lot of things", "lots of things", "many things", "did a lot",      "done a lot",
      "a lot of stuff",  "lots of stuff",  "all sorts",   "various things", NULL};
  if (dbf__tx_word_count(x->s, (dbf_span){0, x->n}) > 12)
    return false;
  for (size_t i = 0; i < x->n; i++)
    if (x->s[i] >= '0' && x->s[i] <= '9')
      return false;
  return dbf__tx_find_any(x->s, x->n, 0, sweeps, NULL) != (size_t)-1;
}

/*
 * Said without punctuation, a clause too long to be one concern is cut
 * where "and" or "so" brings a new subject: "she was worried about the dust
 * in the loading bay and uh she said the ramp is far too steep". Splits clauses
 * in place; returns the new count.
 */
/* Does word c of cl (w, nw its words) join two concerns: "and", "so",
   "also", "but" or "plus" before a new subject (a pronoun, a
   determiner or a name, after fillers), or when !subject_only any "and"? */
static bool run_on_join_at(const dbf__rx *x, dbf_span cl, const dbf_span *w, size_t nw, size_t c,
                           bool subject_only) {
  static const char *const joins[] = {"and", "so", "also", "but", "plus", NULL};
  static const char *const subjects[] = {"he",    "she",  "they", "we", "it's", "there's",
                                         "their", "the",  "with", "a",  "an",   "his",
                                         "her",   "some", "one",  NULL};
  static const char *const fillers[] = {"then", NULL};
  const char *t = x->s + cl.off + w[c].off;
  if (!subject_only)
    return w[c].len == 3 && dbf__tx_ieqn(t, "and", 3);
  if (!dbf__tx_word_in(t, w[c].len, joins))
    return false;
  size_t j = c + 1;
  while (j < nw && dbf__tx_word_in(x->s + cl.off + w[j].off, w[j].len, fillers))
    j++;
  if (j >= nw)
    return false;
  const char *sj = x->s + cl.off + w[j].off;
  return dbf__tx_word_in(sj, w[j].len, subjects) ||
         (dbf__tx_isupper((unsigned char)sj[0]) && !dbf__tx_function_word(sj, w[j].len));
}

static size_t run_on_clauses(const dbf__rx *x, dbf_span *cl, size_t nc, size_t max) {
  static const char *const fillers[] = {"then", NULL};
  for (size_t i = 0; i < nc && nc < max; i++) {
    if (dbf__tx_word_count(x->s, cl[i]) <= 25)
      continue;
    dbf_span w[64];
    size_t nw = dbf__tx_words(x->s + cl[i].off, cl[i].len, w, 64);
    /* First where a new subject follows; failing that, at any "and". */
    size_t k = 0;
    for (int pass = 0; pass < 2 && !k; pass++)
      for (size_t c = 4; c + 4 < nw && !k; c++)
        if (run_on_join_at(x, cl[i], w, nw, c, pass == 0))
          k = c;
    if (!k)
      continue;
    size_t j = k + 1;
    while (j < nw && dbf__tx_word_in(x->s + cl[i].off + w[j].off, w[j].len, fillers))
      j++;
    size_t at = cl[i].off + w[k].off, next = cl[i].off + w[j].off, e = cl[i].off + cl[i].len;
    memmove(cl + i + 2, cl + i + 1, (nc - i - 1) * sizeof cl[0]);
    cl[i + 1] = (dbf_span){next, e - next};
    cl[i].len = at - cl[i].off;
    nc++;
  }
  return nc;
}

/* Is s[0..n) a verb in -ing that opens a duty ("planning", "managing"),
   not a word that only ends so ("morning", "meeting", "during")? */
static bool duty_verb(const char *s, size_t n) {
  static const char *const not_verbs[] = {
      "something", "nothing",  "anything", "everything", "morning",   "evening",   "during",
      "meeting",   "ceiling",  "spring",   "string",     "according", "including", "interesting",
      "thing",     "king",     "ring",     "wing",       "bring",     "sing",      "ongoing",
      "outgoing",  "incoming", "upcoming", "pending",    "remaining", "being",     "going",
      "warning",   "clothing", "housing",  NULL};
  return n >= 5 && dbf__tx_ieqn(s + n - 3, "ing", 3) && !dbf__tx_word_in(s, n, not_verbs);
}

/*
 * Dictated without commas, a long list of duties ("pruning the orchards
 * grading the harvest with the pickers training the seasonal crews")
 * opens a new duty at each verb in -ing said after a word of content, or
 * after "and". Splits the items of a sentence with no comma in place;
 * returns the new count.
 */
static size_t duty_items(const dbf__rx *x, dbf_span sent, dbf_span *cl, size_t nc, size_t max) {
  if (memchr(x->s + sent.off, ',', sent.len) || memchr(x->s + sent.off, ';', sent.len))
    return nc;
  for (size_t i = 0; i < nc && nc < max; i++) {
    dbf_span w[64];
    size_t nw = dbf__tx_words(x->s + cl[i].off, cl[i].len, w, 64);
    for (size_t k = 2; k < nw; k++) {
      const char *t = x->s + cl[i].off + w[k].off;
      const char *p = x->s + cl[i].off + w[k - 1].off;
      bool after_and = w[k - 1].len == 3 && dbf__tx_ieqn(p, "and", 3);
      if (!duty_verb(t, w[k].len) || (!after_and && dbf__tx_function_word(p, w[k - 1].len)))
        continue;
      /* "fault finding doing the testing": a verb in -ing right after
         ends a compound noun; the duty opens there. */
      if (k + 1 < nw && duty_verb(x->s + cl[i].off + w[k + 1].off, w[k + 1].len))
        continue;
      size_t cut = cl[i].off + w[k].off;
      size_t end = cl[i].off + (after_and ? w[k - 1].off : w[k].off);
      dbf_span next = {cut, cl[i].off + cl[i].len - cut};
      memmove(cl + i + 2, cl + i + 1, (nc - i - 1) * sizeof cl[0]);
      cl[i + 1] = next;
      cl[i] = dbf__tx_trim(x->s, (dbf_span){cl[i].off, end - cl[i].off});
      nc++;
      break;
    }
  }
  return nc;
}

/* One capitalized word: a name ("Karbon") or an acronym ("HPRIM"). */
static bool one_name(const dbf__rx *x, dbf_span it, bool acronym) {
  it = dbf__tx_trim(x->s, it);
  while (it.len > 0 && strchr(".!?,", x->s[it.off + it.len - 1]))
    it.len--;
  if (it.len < 3 || memchr(x->s + it.off, ' ', it.len) ||
      !dbf__tx_isupper((unsigned char)x->s[it.off]))
    return false;
  for (size_t i = it.off; acronym && i < it.off + it.len; i++)
    if (!dbf__tx_isupper((unsigned char)x->s[i]) && !(x->s[i] >= '0' && x->s[i] <= '9'))
      return false;
  return true;
}

/* True when s[b..e) says something of a subject: a linking verb stands
   after its first word. */
static bool states_something(const dbf__rx *x, size_t b, size_t e) {
  static const char *const links[] = {" is ", " are ", " was ", " were ", "'s ", NULL};
  size_t sp = b;
  while (sp < e && x->s[sp] != ' ')
    sp++;
  return sp < e && dbf__tx_find_any(x->s, e, sp, links, NULL) != (size_t)-1;
}

/*
 * Said without commas, "and" before a determiner opens the next concern
 * when both sides say something of their own subject: "training time is a
 * concern and the price per seat is steep". Splits clauses in place;
 * returns the new count.
 */
static size_t and_clauses(const dbf__rx *x, dbf_span *cl, size_t nc, size_t max) {
  static const char *const joins[] = {" and the ",        " and their ", " and also the ",
                                      " and also their ", " and also ",  NULL};
  for (size_t i = 0; i < nc && nc < max; i++) {
    size_t e = cl[i].off + cl[i].len;
    size_t which = 0;
    size_t at = dbf__tx_find_any(x->s, e, cl[i].off, joins, &which);
    if (at == (size_t)-1)
      continue;
    size_t next = at + 5; /* after " and " */
    if (!states_something(x, cl[i].off, at) || !states_something(x, next, e))
      continue;
    memmove(cl + i + 2, cl + i + 1, (nc - i - 1) * sizeof cl[0]);
    cl[i + 1] = (dbf_span){next, e - next};
    cl[i].len = at - cl[i].off;
    nc++;
  }
  return nc;
}

/* Is the word at s[w] written with a capital and then small letters
   ("Also", "Ingrid"), not "I" nor an acronym? */
static bool titlecase(const char *s, dbf_span w) {
  if (w.len < 2 || !dbf__tx_isupper((unsigned char)s[w.off]))
    return false;
  for (size_t i = w.off + 1; i < w.off + w.len; i++)
    if (dbf__tx_isupper((unsigned char)s[i]))
      return false;
  return !(s[w.off] == 'I' && s[w.off + 1] == '\'');
}

/* Can the one word s[word] name a topic: no function word, filler,
   adverb in -ly, number, first name nor word of mood? */
static bool topic_word(const dbf__rx *x, dbf_span word) {
  const char *t = x->s + word.off;
  if (word.len < 4 || memchr(t, ' ', word.len) || dbf__tx_function_word(t, word.len) ||
      dbf__tx_ieqn(t + word.len - 2, "ly", 2) || dbf__tx_only_filler(x->s, word) ||
      dbf__tx_number_word(t, word.len) || word_of(x, "first_names", word) ||
      word_of(x, "sentiment", word))
    return false;
  for (size_t i = word.off; i < word.off + word.len; i++)
    if (!dbf__tx_isalnum((unsigned char)x->s[i]) && x->s[i] != '-')
      return false;
  return true;
}

/* Does a name of a tool, a product or a vendor begin at w? */
static bool names_a_thing(const dbf__rx *x, dbf_span w) {
  static const char *const lexicons[] = {"tools_technologies", "products_discussed", "competitors",
                                         NULL};
  dbf__lex_match m;
  for (size_t k = 0; lexicons[k]; k++)
    if (dbf__lex_match_at(dbf__lex_get(x->ctx->lex, lexicons[k]), x->s, x->n, w.off, &m))
      return true;
  return false;
}

/* "Latency. The dashboards lag ...": is word, no name of a thing, said
   as a sentence of its own, closed by a full stop or a line's end? */
static bool said_alone(const dbf__rx *x, dbf_span cl, dbf_span word) {
  size_t b = cl.off, e = word.off + word.len;
  while (b > 0 && x->s[b - 1] == ' ')
    b--;
  if ((b > 0 && !strchr(".!?\n", x->s[b - 1])) || names_a_thing(x, word))
    return false;
  for (size_t i = cl.off; i < word.off; i++)
    if (x->s[i] != ' ')
      return false; /* "and support": no sentence of its own */
  while (e < x->n && x->s[e] == ' ')
    e++;
  return e >= x->n || strchr(".!\n", x->s[e]);
}

/*
 * Asked for concerns, a bare noun said as a clause of its own is the
 * topic a concern is filed under when the person marks it so: a colon
 * after it ("hosting: ...") or a word that singles it out ("mainly
 * latency, ...", "onboarding mostly", "also noise, ...") or a sentence
 * of its own ("Latency. The screens lag ..."). cl is the
 * clause as said, word the one word left of it. A name ("Priya: ..."),
 * a word of mood ("mostly fine"), an adverb or a filler is no topic.
 */
static bool topic_label(const dbf__rx *x, dbf_span cl, dbf_span word) {
  static const char *const focus[] = {"mainly", "mostly",     "primarily", "also",
                                      "plus",   "especially", "above all", NULL};
  if (!topic_word(x, word))
    return false;
  size_t e = cl.off + cl.len;
  while (e < x->n && x->s[e] == ' ')
    e++;
  if (e < x->n && x->s[e] == ':')
    return true;
  return dbf__rx_span_has_any(x, cl, focus) || said_alone(x, cl, word);
}

/* In a list of what one did, said with no marks ("cut the waste by half
   trained the new hires"), is word c a verb in -ed in lower case that
   opens the next deed: after a word of content or "and", and before no
   "by" (a passive) nor a word in -ing? Words in -ed that mostly
   describe ("based", "skilled") open none. */
static bool past_verb(const dbf__rx *x, const dbf_span *w, size_t nw, size_t c) {
  static const char *const describing[] = {
      "based",    "related", "called",    "named",    "needed",      "used",     "required",
      "involved", "limited", "skilled",   "advanced", "experienced", "detailed", "automated",
      "red",      "bed",     "hundred",   "speed",    "feed",        "seed",     "need",
      "indeed",   "shed",    "dedicated", NULL};
  const char *t = x->s + w[c].off, *p = x->s + w[c - 1].off;
  if (w[c].len < 5 || !dbf__tx_islower((unsigned char)t[0]) ||
      !dbf__tx_ieqn(t + w[c].len - 2, "ed", 2) || dbf__tx_word_in(t, w[c].len, describing) ||
      c + 1 >= nw)
    return false;
  bool p_and = w[c - 1].len == 3 && dbf__tx_ieqn(p, "and", 3);
  if (!p_and &&
      (dbf__tx_function_word(p, w[c - 1].len) || dbf__tx_ieqn(p + w[c - 1].len - 2, "ly", 2)))
    return false; /* "was moved", "fully automated" */
  const char *n = x->s + w[c + 1].off;
  return !(w[c + 1].len == 2 && dbf__tx_ieqn(n, "by", 2)) && !duty_verb(n, w[c + 1].len);
}

/* Does a new item open at word c of a dictated run (w, nw its words in
   x->s)? Returns how many words back the cut falls (0 or 1), or -1.
   It opens at a capital that a full stop lost ("... the cold store
   Ingrid asked whether ...", "... within budget Automated the ..."): a
   word with a capital after a word of content in lower case, when it is
   a function word, an everyday word, a verb in -ed, a first name before
   a word in lower case or any word before an auxiliary, and no tool's or
   vendor's name, or an honorific before a name; at "also" or "plus"
   after a word of content or an object pronoun, or after "and"; and at a
   "+" between words. */
static int item_opens_at(const dbf__rx *x, const dbf_span *w, size_t nw, size_t c, bool resume) {
  static const char *const joiners[] = {"also", "plus", NULL};
  const char *s = x->s, *t = s + w[c].off, *p = s + w[c - 1].off;
  size_t gap = w[c - 1].off + w[c - 1].len;
  if (memchr(s + gap, '+', w[c].off - gap))
    return 0;
  static const char *const objects[] = {"them", "it", "us", "him", NULL};
  bool p_and = w[c - 1].len == 3 && dbf__tx_ieqn(p, "and", 3);
  if (dbf__tx_word_in(t, w[c].len, joiners))
    return p_and ? 1
           : dbf__tx_function_word(p, w[c - 1].len) && !dbf__tx_word_in(p, w[c - 1].len, objects)
               ? -1
               : 0;
  if (resume && past_verb(x, w, nw, c))
    return p_and ? 1 : 0;
  if (!titlecase(s, w[c]) || dbf__tx_isupper((unsigned char)p[0]) ||
      dbf__tx_function_word(p, w[c - 1].len) || names_a_thing(x, w[c]))
    return -1;
  if (c + 1 < nw && titlecase(s, w[c + 1]) && dbf__people_honorific_at(s, x->n, w[c].off))
    return 0; /* "... the old site Mrs Okafor doubted ..." */
  static const char *const verbs[] = {"is",   "are",   "was", "were",  "has",    "have", "had",
                                      "will", "would", "can", "could", "should", "must", NULL};
  bool before_lower = c + 1 < nw && dbf__tx_islower((unsigned char)s[w[c + 1].off]);
  if (before_lower && dbf__tx_word_in(s + w[c + 1].off, w[c + 1].len, verbs))
    return 0; /* a subject: "... at the till Refunds are slow" */
  if (dbf__tx_function_word(t, w[c].len) || word_of(x, "common_words", w[c]) ||
      (w[c].len > 4 && dbf__tx_ieqn(t + w[c].len - 2, "ed", 2)) ||
      (before_lower && word_of(x, "first_names", w[c])))
    return 0;
  return -1;
}

/* Is w a letter or a digit that numbers an item: "(b)", "c)"? */
static bool list_letter(const dbf__rx *x, dbf_span w) {
  size_t e = w.off + w.len;
  return w.len == 1 && e < x->n && x->s[e] == ')' && dbf__tx_isalnum((unsigned char)x->s[w.off]);
}

/* Is w the bare number want (its mark lost: "1 the lease 2 the
   scales"), before a word that begins with a letter? */
static bool bare_number(const dbf__rx *x, const dbf_span *w, size_t nw, size_t c, int want) {
  char buf[4];
  int l = snprintf(buf, sizeof buf, "%d", want);
  return want > 0 && l > 0 && w[c].len == (size_t)l &&
         memcmp(x->s + w[c].off, buf, (size_t)l) == 0 && c + 1 < nw &&
         !dbf__tx_isalnum((unsigned char)x->s[w[c].off + w[c].len]) &&
         !(x->s[w[c + 1].off] >= '0' && x->s[w[c + 1].off] <= '9');
}

/*
 * Said without any mark, items run into one clause too long to be one
 * ("the lease feels steep for a family firm Marta doubts the scales can
 * talk to the tablets Signal in the barn is poor"). A clause over limit
 * words with no comma in it is cut wherever a new item opens
 * (item_opens_at) or an item letter stands, each part at least three
 * words. Splits clauses in place; returns the new count.
 */
static size_t dictated_items(const dbf__rx *x, dbf_span *cl, size_t nc, size_t max, size_t limit,
                             bool resume) {
  size_t rest = (size_t)-1; /* the clause that is the rest of a cut one */
  int numbered = 0;         /* the next number of items numbered, or 0 */
  for (size_t i = 0; i < nc && nc < max; i++) {
    if (memchr(x->s + cl[i].off, ',', cl[i].len) || memchr(x->s + cl[i].off, ';', cl[i].len))
      continue;
    dbf_span w[64];
    size_t nw = dbf__tx_words(x->s + cl[i].off, cl[i].len, w, 64);
    for (size_t k = 0; k < nw; k++)
      w[k].off += cl[i].off;
    /* Items numbered from 1, their marks lost, are cut at each next number. */
    if (i != rest && nw > 1 && bare_number(x, w, nw, 0, 1)) {
      numbered = 2;
      for (size_t c = 2; c + 1 < nw && numbered == 2; c++)
        numbered += bare_number(x, w, nw, c, 2);
      numbered = numbered == 3 ? 2 : 0;
    } else if (i != rest)
      numbered = 0;
    if (i != rest && !numbered && dbf__tx_word_count(x->s, cl[i]) <= limit)
      continue;
    if (nw > 1 && (list_letter(x, w[0]) || bare_number(x, w, nw, 0, numbered ? numbered - 1 : 0))) {
      cl[i].len -= w[1].off - cl[i].off; /* "(a) the hardware ..." */
      cl[i].off = w[1].off;
    }
    for (size_t c = 2; c + 2 < nw; c++) {
      bool counted = bare_number(x, w, nw, c, numbered);
      bool marker = counted || list_letter(x, w[c]);
      numbered += counted;
      int back = marker ? 0 : item_opens_at(x, w, nw, c, resume);
      if (back < 0 || (!marker && (c < 3 || c - (size_t)back < 3)))
        continue;
      dbf_span last = w[c - (size_t)back - 1]; /* the last word before the cut */
      size_t at = w[c - (size_t)back + marker].off, e = cl[i].off + cl[i].len;
      memmove(cl + i + 2, cl + i + 1, (nc - i - 1) * sizeof cl[0]);
      cl[i + 1] = (dbf_span){at, e - at};
      size_t end = last.off + last.len;
      while (end < at && x->s[end] != ' ' && x->s[end] != '+')
        end++; /* what clings to it: "... 15% Ingrid asked", "(four last year) 3" */
      cl[i].len = end - cl[i].off;
      nc++;
      rest = i + 1; /* cut as the next clause, whatever its length */
      break;
    }
  }
  return nc;
}

/* Is w of x->s one of the words of list? */
static bool word_is(const dbf__rx *x, dbf_span w, const char *const *list) {
  return dbf__tx_word_in(x->s + w.off, w.len, list);
}

/* Is w of x->s a word of content: no function word, longer than two? */
static bool content_word(const dbf__rx *x, dbf_span w) {
  return w.len > 2 && !dbf__tx_function_word(x->s + w.off, w.len);
}

/*
 * The words of a clause over limit words with no comma or semicolon in it,
 * with offsets into the answer; 0 for any other clause. Such a run is what
 * dictation leaves when nothing marks where one item ends.
 */
static size_t bare_run_words(const dbf__rx *x, dbf_span c, size_t limit, dbf_span *w, size_t cap) {
  if (dbf__tx_word_count(x->s, c) <= limit || memchr(x->s + c.off, ',', c.len) ||
      memchr(x->s + c.off, ';', c.len))
    return 0;
  size_t nw = dbf__tx_words(x->s + c.off, c.len, w, cap);
  for (size_t k = 0; k < nw; k++)
    w[k].off += c.off;
  return nw;
}

/*
 * Dictated with no marks, needs told one after another each by its own
 * subject and a verb of need ("they want every tray tracked by shift they
 * need audit logs kept for a decade and the head chef wants fewer paper
 * forms") run into one clause too long to be one need. A clause over
 * limit words with no comma in it is cut before each such subject, each
 * part at least three words. The subject is "they", "she" or "he" after
 * a word of content or a join ("and", "plus", "also", "then"), or a noun
 * after a join or a determiner ("and buyers want", "the head chef
 * wants"); "what they need" opens none, nor does a verb of need followed
 * by a function word such as "for" ("the parts they need for"). A join
 * before the subject is dropped. Splits clauses in place; returns the new
 * count.
 */
static size_t need_runs(const dbf__rx *x, dbf_span *cl, size_t nc, size_t max, size_t limit) {
  static const char *const verbs[] = {"want", "wants", "wanted", "need", "needs", "needed", NULL};
  static const char *const pronouns[] = {"they", "she", "he", NULL};
  static const char *const joins[] = {"and", "plus", "also", "then", NULL};
  static const char *const dets[] = {"the", "their", "his", "her", "our", "its", NULL};
  static const char *const openers[] = {"to",  "the",  "a",  "an",   "their", "our", "his",  "her",
                                        "its", "some", "it", "them", "all",   "one", "more", NULL};
  for (size_t i = 0; i < nc && nc < max; i++) {
    dbf_span w[64];
    size_t nw = bare_run_words(x, cl[i], limit, w, 64);
    if (!nw)
      continue;
    size_t from = 0; /* the first word of the part being cut */
    for (size_t c = 4; c + 3 < nw && nc < max; c++) {
      if (!word_is(x, w[c + 1], verbs))
        continue;
      /* "the parts they need for the presses", "all she wanted was": a
         verb followed by a function word other than "to" or a
         determiner ends a clause of its own, it opens no need. */
      if (dbf__tx_function_word(x->s + w[c + 2].off, w[c + 2].len) &&
          !word_is(x, w[c + 2], openers))
        continue;
      size_t j = c; /* where the subject opens */
      if (word_is(x, w[c], pronouns)) {
        if (!content_word(x, w[c - 1]) && !word_is(x, w[c - 1], joins))
          continue;
      } else {
        if (!content_word(x, w[c]))
          continue;
        if (content_word(x, w[c - 1]) && word_is(x, w[c - 2], dets))
          j = c - 1; /* "the head chef" */
        if (word_is(x, w[j - 1], dets))
          j--;
        else if (!word_is(x, w[j - 1], joins) || j != c)
          continue;
      }
      size_t cut = word_is(x, w[j - 1], joins) ? j - 1 : j;
      if (cut < from + 3)
        continue;
      size_t at = w[j].off, e = cl[i].off + cl[i].len;
      dbf_span last = w[cut - 1];
      memmove(cl + i + 2, cl + i + 1, (nc - i - 1) * sizeof cl[0]);
      cl[i + 1] = (dbf_span){at, e - at};
      cl[i].len = last.off + last.len - cl[i].off;
      nc++;
      i++;
      from = j;
    }
  }
  return nc;
}

/*
 * Dictated with no stops, a run of needs or concerns that no capital, join
 * or subject cuts stays one clause too long to keep. What marks remain
 * still show where an item ends: a dash standing between words ("dust at
 * the intake - the older members ..."), a bracket closed before the next
 * word after an item of six words or more ("... (they heat them empty) one
 * calendar ..."), and, among needs, a verb of need said with no subject
 * after a word of content ("... costs them sales want alerts within the
 * hour ..."). A clause over limit words with no comma in it is cut at the
 * first such mark, each part at least three words, and each part is looked
 * at again. Splits clauses in place; returns the new count.
 */
static size_t marked_item_ends(const dbf__rx *x, dbf_span *cl, size_t nc, size_t max, size_t limit,
                               bool needs) {
  static const char *const verbs[] = {"want", "wants", "need", "needs", NULL};
  static const char *const openers[] = {"to", "a", "an", "the", "their", "more", "some", NULL};
  for (size_t i = 0; i < nc && nc < max; i++) {
    dbf_span w[64];
    size_t nw = bare_run_words(x, cl[i], limit, w, 64);
    if (!nw)
      continue;
    size_t cut = 0;
    for (size_t c = 3; c + 3 <= nw && !cut; c++) {
      size_t gap = w[c - 1].off + w[c - 1].len, g = w[c].off - gap;
      const char *t = x->s + gap;
      /* (An en dash never stands in a gap: it is read as a word, and a
         clause is already cut there before this.) */
      bool dash = g >= 3 && t[0] == ' ' && t[g - 1] == ' ' && memchr(t, '-', g);
      /* A bracket closes an item when it is an aside after one told
         whole, at least six words before it opens: not "the drivers
         (agency staff mostly) lose ...". */
      bool closed = memchr(t, ')', g) != NULL && memchr(t, '(', g) == NULL;
      if (closed) {
        const char *open = memrchr(x->s + cl[i].off, '(', gap - cl[i].off);
        closed = open && dbf__tx_word_count(
                             x->s, (dbf_span){cl[i].off, (size_t)(open - x->s) - cl[i].off}) >= 6;
      }
      /* "want gaps flagged", "need to see": not "the parts they need for". */
      bool need = needs && word_is(x, w[c], verbs) && content_word(x, w[c - 1]) &&
                  !(dbf__tx_function_word(x->s + w[c + 1].off, w[c + 1].len) &&
                    !word_is(x, w[c + 1], openers));
      if (dash || closed || need)
        cut = c;
    }
    if (!cut)
      continue;
    size_t at = w[cut].off, e = cl[i].off + cl[i].len;
    size_t end = w[cut - 1].off + w[cut - 1].len;
    const char *close = memchr(x->s + end, ')', at - end);
    if (close)
      end = (size_t)(close - x->s) + 1; /* the bracket closes the item before */
    memmove(cl + i + 2, cl + i + 1, (nc - i - 1) * sizeof cl[0]);
    cl[i + 1] = (dbf_span){at, e - at};
    cl[i].len = end - cl[i].off;
    nc++;
    i--; /* the part before may still be too long */
  }
  return nc;
}

/* Length from s[p] through "percent" or "per cent" after spaces, or 0. */
static size_t percent_at(const char *s, size_t p, size_t n) {
  size_t q = p;
  while (q < n && s[q] == ' ')
    q++;
  size_t l = dbf__tx_word_at(s, q, n, "percent");
  if (l)
    return q + l - p;
  l = dbf__tx_word_at(s, q, n, "per");
  if (!l)
    return 0;
  q += l;
  while (q < n && s[q] == ' ')
    q++;
  l = dbf__tx_word_at(s, q, n, "cent");
  return l ? q + l - p : 0;
}

/*
 * An item keeps the person's words, and a figure said in words gets its
 * digits after it, as the record's figures are written: "sixty shillings
 * a month" is "sixty (60) shillings a month", "twenty four percent"
 * "twenty four percent (24%)", "twenty twenty eight" "twenty twenty
 * eight (2028)". Left as said: a lone word below ten ("the two plants",
 * "one system", "five sites"), unless a share follows it; a number that
 * does not open with a number word ("a hundred"); one joined on by a
 * hyphen ("twelve-month"); one with a capital inside the item (part of
 * a name); and one whose digits the person gave in brackets after it
 * ("fifty (50)"). Rewrites item (cap bytes) in place; returns whether it
 * changed; an item the figures would not fit in stays as said.
 */
static bool figures_in_digits(char *item, size_t cap) {
  char out[ITEM_CAP];
  size_t o = 0, n = strlen(item), i = 0;
  bool changed = false;
  while (i < n && o + 1 < sizeof out) {
    int first = 0;
    double v = 0;
    bool start = i == 0 || !(dbf__tx_isalnum((unsigned char)item[i - 1]) || item[i - 1] == '-' ||
                             item[i - 1] == '\'');
    size_t l = start && dbf__tx_number_word_at(item, i, n, &first)
                   ? dbf__tx_spoken_number_at(item, i, n, &v)
                   : 0;
    /* "twenty twenty eight": a year said in two pairs. */
    if (l && v >= 20 && v <= 21 && first == (int)v) {
      size_t q = i + l;
      while (q < n && item[q] == ' ')
        q++;
      int nx = 0;
      double y = 0;
      size_t yl =
          dbf__tx_number_word_at(item, q, n, &nx) ? dbf__tx_spoken_number_at(item, q, n, &y) : 0;
      if (yl && y >= 10 && y <= 99 && y == floor(y)) {
        v = v * 100 + y;
        l = q + yl - i;
      }
    }
    bool single = true;
    for (size_t k = i; k < i + l && single; k++)
      single = dbf__tx_isalnum((unsigned char)item[k]);
    size_t pc = l ? percent_at(item, i + l, n) : 0;
    /* "fifty (50)": the person gave the digits already. */
    size_t after = i + l + pc;
    while (after < n && item[after] == ' ')
      after++;
    bool typed = l && after + 1 < n && item[after] == '(' && item[after + 1] >= '0' &&
                 item[after + 1] <= '9';
    bool keep = !l || typed || (single && v < 10 && !pc) || (i + l < n && item[i + l] == '-') ||
                (i > 0 && dbf__tx_isupper((unsigned char)item[i]));
    if (keep) {
      size_t e = l ? i + l : i + 1;
      while (i < e && o + 1 < sizeof out)
        out[o++] = item[i++];
      continue;
    }
    /* The words as said, then the figure: "sixty (60)", "twelve percent (12%)". */
    size_t e = i + l + pc;
    char fig[32];
    size_t fl = dbf__tx_figure_digits(v, fig, sizeof fig);
    if (fl + 2 >= sizeof fig || o + (e - i) + fl + 5 >= sizeof out)
      return false;
    memcpy(out + o, item + i, e - i);
    o += e - i;
    i = e;
    out[o++] = ' ';
    out[o++] = '(';
    memcpy(out + o, fig, fl);
    o += fl;
    if (pc)
      out[o++] = '%';
    out[o++] = ')';
    changed = true;
  }
  if (!changed || i < n || o >= cap)
    return false;
  out[o] = '\0';
  memcpy(item, out, o + 1);
  return true;
}

/* "two hundred and forty drivers": the items a list split at an "and"
   inside a number said in words (a hundred or a thousand before it, a
   number word after it) are one. Joins them in place; returns the new
   count. */
static size_t join_said_numbers(const dbf__rx *x, dbf_span *cl, size_t nc) {
  static const char *const scales[] = {"hundred", "thousand", NULL};
  for (size_t i = 0; i + 1 < nc;) {
    size_t e = cl[i].off + cl[i].len, b = e;
    while (b > cl[i].off && dbf__tx_isalnum((unsigned char)x->s[b - 1]))
      b--;
    size_t a = e;
    while (a < cl[i + 1].off && x->s[a] == ' ')
      a++;
    int v = 0;
    if (b == e || !dbf__tx_word_in(x->s + b, e - b, scales) ||
        dbf__tx_word_at(x->s, a, x->n, "and") == 0 || a + 3 > cl[i + 1].off ||
        !dbf__tx_number_word_at(x->s, cl[i + 1].off, x->n, &v)) {
      i++;
      continue;
    }
    /* Joined, the item is checked again: it may end in another such "and". */
    cl[i].len = cl[i + 1].off + cl[i + 1].len - cl[i].off;
    memmove(cl + i + 1, cl + i + 2, (nc - i - 2) * sizeof cl[0]);
    nc--;
  }
  return nc;
}

/*
 * Parameters: "cues" (a lexicon of phrases that mark a clause as this
 * field's), "split" (sentences, clauses or items), "in_passing" (never;
 * cue; concern: a cue next to a word of concern; not_own: a cue, but not the
 * speaker's own "I need"), "resume_style" (drop a leading "I").
 */
void dbf__rule_clause_list(dbf__rx *x, const dbf_template_field *f, bool targeted) {
  const char *cue_name = dbf__rx_param_str(f, "cues", NULL);
  const dbf__lexicon *cues =
      cue_name ? dbf__lex_get(x->ctx->lex, cue_name) : dbf__lex_for_field(x->ctx->lex, f->key);
  const char *split = dbf__rx_param_str(f, "split", "sentences");
  const char *in_passing = dbf__rx_param_str(f, "in_passing", "never");
  bool concern = strcmp(in_passing, "concern") == 0;
  bool not_own = strcmp(in_passing, "not_own") == 0;
  bool resume = dbf__rx_param_bool(f, "resume_style", false);
  size_t from = 0; /* where the answer's items may begin */
  if (targeted && (x->negative || dbf__rx_denies_kind(x->s, x->n)))
    from = concern ? worry_after_none(x, cues) : (size_t)-1;
  if (targeted && (from == (size_t)-1 || x->spec < VAGUE_SPEC || only_a_lot(x)))
    return;
  if (!targeted && (!cues || strcmp(in_passing, "never") == 0 || !dbf__rx_cross_list_ok(x, f->key)))
    return;
  /* Asked for objections, an answer that gives a verdict or a status and
     no worry ("verbal yes, paperwork to follow") has none to tell. */
  dbf_span whole = {0, x->n};
  if (targeted && concern && cues && !says_worry(x, cues, whole) && says_verdict(x, whole))
    return;
  json_t *arr = json_array();
  if (!arr)
    return;
  for (size_t si = 0; si < x->n_sent; si++) {
    dbf_span cl[32];
    size_t nc;
    dbf_span prev = {0, 0}; /* the item the clause before gave, if any */
    if (strcmp(split, "items") == 0 && targeted) {
      /* Needs are usually a list of noun phrases: "X and Y". */
      nc = join_said_numbers(x, cl, dbf__tx_list_items(x->s, x->sent[si], cl, 32));
      nc = need_runs(x, cl, nc, 32, 25);
    } else if (strcmp(split, "sentences") == 0) {
      cl[0] = x->sent[si];
      nc = 1;
      /* A long sentence that lists duties ("Driving the routes on schedule,
         doing the pre-trip inspection every morning, ...") is its items. */
      if (dbf__tx_word_count(x->s, cl[0]) > 20) {
        nc = dbf__tx_list_items(x->s, x->sent[si], cl, 32);
        if (resume)
          nc = duty_items(x, x->sent[si], cl, nc, 32);
      }
    } else {
      nc = dbf__tx_clauses(x->s, x->sent[si], cl, 32);
      if (targeted && concern)
        nc = run_on_clauses(x, cl, and_clauses(x, cl, nc, 32), 32);
    }
    if (targeted)
      nc = dictated_items(x, cl, nc, 32, 25, resume);
    if (targeted && (concern || not_own))
      nc = marked_item_ends(x, cl, nc, 32, 25, not_own);
    for (size_t i = 0; i < nc; i++) {
      if (cl[i].off < from)
        continue; /* the none the answer opens with */
      dbf__lex_match m = {0};
      bool has_cue = false;
      dbf__lex_match ms[8];
      size_t nm = dbf__lex_scan(cues, x->s + cl[i].off, cl[i].len, ms, 8);
      for (size_t k = 0; k < nm && !has_cue; k++) {
        if (!dbf__tx_negated_before(x->s, cl[i].off + ms[k].off, 3)) {
          has_cue = true;
          m = ms[k];
        }
      }
      (void)m;
      if (!targeted && !has_cue)
        continue;
      if (!targeted && concern && !says_concern(x, cl[i]) &&
          !dbf__rx_span_has_any(x, cl[i], k_conditions))
        continue; /* "pricing is X per seat" in passing is a fact, not an objection */
      if (!targeted && not_own && dbf__rx_span_has_any(x, cl[i], k_own_needs))
        continue; /* "I need to loop in legal" is the seller's task, not their need */
      if (!targeted && not_own && asks_a_meeting(x, cl[i], cl[i].off + m.off + m.len))
        continue; /* "the buyer wants us on site for a trial run" is a next step */
      if (targeted && concern && !has_cue && says_verdict(x, cl[i]) &&
          !says_worry(x, cues, cl[i])) {
        prev.len = 0;
        continue; /* "verbal yes, but the price is steep": the verdict is none */
      }
      if (targeted && concern && own_note(x, cl[i])) {
        prev.len = 0;
        continue;
      }
      /* "... their practice management tool, Karbon, ...": a name after a
         comma is the clause before's. */
      if (targeted && concern && i > 0 && prev.len && one_name(x, cl[i], false) &&
          json_array_size(arr) > 0) {
        dbf_span joined = {prev.off, cl[i].off + cl[i].len - prev.off};
        while (joined.len > 0 && strchr(".!?,", x->s[joined.off + joined.len - 1]))
          joined.len--;
        json_array_set_new(arr, json_array_size(arr) - 1, dbf__rx_jstr_span(x, joined));
        prev = joined;
        continue;
      }
      bool after_item = prev.len > 0; /* the clause before gave an item */
      prev.len = 0;
      dbf_span it = cl[i];
      size_t cond = concern ? dbf__tx_find_any(x->s, it.off + it.len, it.off, k_conditions, NULL)
                            : (size_t)-1;
      if (cond != (size_t)-1 && cond > it.off &&
          dbf__tx_word_count(x->s, (dbf_span){cond, it.off + it.len - cond}) >= 3) {
        /* "they go ahead unless legal blocks it": the condition is the worry. */
        it.len = it.off + it.len - cond;
        it.off = cond;
      }
      it = strip_leadin(x, it, concern || not_own ? cues : NULL);
      if (resume && it.len > 2 && x->s[it.off] == 'I' && x->s[it.off + 1] == ' ') {
        it.off += 2; /* "I owned X" -> "owned X", resume style */
        it.len -= 2;
      }
      size_t w = dbf__tx_word_count(x->s, it);
      if (w == 0 || w > 25)
        continue;
      if (targeted && !has_cue && w < 2 && concern) {
        /* "The crash, obviously.": a definite noun said as a clause of its
           own names the concern. */
        dbf_span c = dbf__tx_trim(x->s, cl[i]);
        bool joined = c.len > 4 && dbf__tx_ieqn(x->s + c.off, "and ", 4);
        if (joined) {
          c.off += 4; /* "And the timeline." */
          c.len -= 4;
        }
        static const char *const dets[] = {"the ", "their ", NULL};
        bool named = false;
        for (size_t k = 0; dets[k] && !named; k++)
          named = dbf__tx_ieqn(x->s + c.off, dets[k], strlen(dets[k])) &&
                  dbf__tx_word_count(x->s, c) == 2 && !dbf__tx_function_word(x->s + it.off, it.len);
        /* "HPRIM, as said.": an acronym said as a clause of its own. */
        if (!named && !one_name(x, c, true)) {
          /* "mainly latency, ...": a topic marked as one keeps its word;
             "worried about lock-in, and support": so does a bare noun
             joined by "and" to the item the clause before gave. */
          if (!topic_label(x, c, it) && !(joined && after_item && topic_word(x, it)))
            continue;
        } else
          it = c;
      }
      size_t before = json_array_size(arr);
      dbf__rx_add_span(x, arr, it);
      if (json_array_size(arr) > before)
        prev = it;
    }
  }
  size_t k;
  json_t *item;
  json_array_foreach(arr, k, item) {
    char buf[ITEM_CAP];
    if (json_is_string(item) && json_string_length(item) < sizeof buf) {
      memcpy(buf, json_string_value(item), json_string_length(item) + 1);
      if (figures_in_digits(buf, sizeof buf))
        json_string_set(item, buf);
    }
  }
  dbf__rx_put(x, f->key, arr, targeted ? dbf__rx_hedge(x, CONF_TARGET_TEXT) : CONF_CROSS_LIST,
              false);
}

/* The asked list holds its own answer when one of its cues is in it. */
bool dbf__claim_clause_list(dbf__rx *x, const dbf_template_field *f, dbf_span sent, bool own) {
  const char *cue_name = dbf__rx_param_str(f, "cues", NULL);
  if (!own || !cue_name)
    return false;
  return dbf__lex_any(dbf__lex_get(x->ctx->lex, cue_name), x->s + sent.off, sent.len);
}
