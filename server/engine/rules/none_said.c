/*
 * none_said.c - an answer that gives nothing: the one vocabulary of "there
 * is none" ("No objections", "it didn't come up", "nothing comes to mind")
 * and of "I can't say" ("no idea", "not sure yet").
 *
 * Its readers: the extractor (extract.c) stores nothing for the asked
 * field when a short answer opens with either kind; the specificity score
 * (answer.c) counts a clear "none" as an answer, so the planner does not
 * follow up on it, but not an uncertainty, which deserves a follow-up; and
 * a list field asked (clause_list.c) keeps nothing from an answer that
 * denies its kind of thing ("no major hurdles", "nothing comes to mind").
 */
#include <string.h>

#include "engine/rules/rules.h"

/* A short answer that opens with one of these says there is none. */
static const char *const k_none_openers[] = {
    "no", "none", "nope", "nah", "nobody", "no one", "not really", "n/a", "nothing", "never", NULL};

/* Phrases that say there is none wherever they stand in a short answer. */
static const char *const k_none_phrases[] = {"no objections",     "no concerns", "no competitors",
                                             "no one else",       "nobody else", "anyone else",
                                             "none at all",       "no budget",   "not applicable",
                                             "nothing to report", "no mention",  NULL};

/* Phrases that say the person has none to tell ("nothing comes to mind",
   "I cannot think of one"): a list field asked reads them in a longer
   answer too. */
static const char *const k_none_in_mind[] = {"nothing comes to mind", "can't think of",
                                             "cannot think of",       "can not think of",
                                             "can't recall any",      "cannot recall any",
                                             "nothing so big",        "nothing big",
                                             "nothing major",         NULL};

/* Verbs of talking: after a negation they say a topic never came up
   ("we never really got into rivals", "pricing wasn't discussed",
   "nobody brought up a date"). Verbs with an everyday sense of their own
   ("cover", "say") are left out: "the budget doesn't cover training". */
static const char *const k_talk[] = {
    "talk about",  "talked about",  "talk through",  "talked through", "speak about", "spoke about",
    "discuss",     "discussed",     "mention",       "mentioned",      "bring up",    "brought up",
    "bring it up", "brought it up", "raise",         "raised",         "come up",     "came up",
    "touch on",    "touched on",    "get into",      "got into",       "go into",     "went into",
    "ask about",   "asked about",   "get around to", "got around to",  NULL};

/* Words that negate the talk verb after them ("did not" ends in "not"). */
static const char *const k_negators[] = {"didn't",  "not",    "never",   "wasn't",
                                         "weren't", "hasn't", "haven't", "hadn't",
                                         "nobody",  "noone",  NULL};

/* Adverbs allowed between the negation and the verb. */
static const char *const k_between[] = {
    "really", "actually", "even", "specifically", "much", "explicitly", "yet", "ever", NULL};

/* Answers that give nothing without saying there is none. */
static const char *const k_unsure_phrases[] = {
    "no idea", "don't know", "do not know", "not sure",        "not yet", "haven't",
    "hasn't",  "skip",       "dont know",   "not that i know", NULL};
/* A word that turns a "no" into an uncertainty ("no idea", "not sure yet"). */
static const char *const k_unsure_words[] = {"idea",   "sure",  "know", "remember",
                                             "recall", "maybe", "yet",  NULL};

static bool word_is_any(const char *s, dbf_span w, const char *const *list) {
  for (size_t k = 0; list[k]; k++)
    if (strlen(list[k]) == w.len && dbf__tx_ieqn(s + w.off, list[k], w.len))
      return true;
  return false;
}

static bool talk_at(const char *s, size_t n, size_t off) {
  return dbf__tx_find_any(s, n, off, k_talk, NULL) == off;
}

/* Where a negation followed by a verb of talking starts, or (size_t)-1. */
static size_t negated_talk_at(const char *s, size_t n) {
  dbf_span w[64];
  size_t nw = dbf__tx_words(s, n, w, DBF_ARRAY_LEN(w));
  for (size_t i = 0; i + 1 < nw; i++) {
    bool neg = word_is_any(s, w[i], k_negators) ||
               (i + 2 < nw && w[i].len == 2 && dbf__tx_ieqn(s + w[i].off, "no", 2) &&
                w[i + 1].len == 3 && dbf__tx_ieqn(s + w[i + 1].off, "one", 3));
    if (!neg)
      continue;
    size_t j = i + 1;
    if (w[i].len == 2) /* "no one" */
      j++;
    if (j < nw && word_is_any(s, w[j], k_between))
      j++;
    if (j < nw && talk_at(s, n, w[j].off))
      return w[i].off;
  }
  return (size_t)-1;
}

/* Words that open an answer and say nothing yet ("Honestly, ...", "Um so
   ..."). The opening of a "none" is read past them. */
static const char *const k_opening_fillers[] = {
    "to be honest", "honestly", "well", "so", "oh", "hmm", "ok", "okay", "yeah", "actually", NULL};

/* A "no" or "nothing" in these idioms says something: "no point chasing
   before March", "no more than forty thousand", "nothing but delays". */
static const char *const k_not_none[] = {
    "no point",      "no doubt",     "no question",  "no matter", "no wonder",   "no longer",
    "no later than", "no more than", "no less than", "no sooner", "nothing but", NULL};

static bool idiom_at(const char *s, size_t n, size_t off) {
  return dbf__tx_find_any(s, n, off, k_not_none, NULL) == off;
}

/* The first word of s at or after word i that is no opening filler. */
static size_t skip_fillers(const char *s, size_t n, const dbf_span *w, size_t nw, size_t i) {
  while (i < nw) {
    size_t which = 0;
    if (dbf__tx_find_any(s, n, w[i].off, k_opening_fillers, &which) != w[i].off)
      break;
    size_t end = w[i].off + strlen(k_opening_fillers[which]);
    while (i < nw && w[i].off < end)
      i++;
  }
  return i;
}

/* A negated talk verb says "none" only in the answer's first clause, or
   after a clause of filler ("Honestly, we never got into pricing"): after
   content it is a side remark ("Just the base plan, we didn't get into
   add-ons"). A "no" before it is filler here too ("No, we never got into
   it"). */
static bool opens_answer(const char *s, size_t p) {
  if (!memchr(s, ',', p) && !memchr(s, ';', p) && !memchr(s, '.', p))
    return true;
  dbf_span w[8];
  size_t nw = dbf__tx_words(s, p, w, DBF_ARRAY_LEN(w));
  for (size_t i = skip_fillers(s, p, w, nw, 0); i < nw; i = skip_fillers(s, p, w, nw, i + 1))
    if (!word_is_any(s, w[i], k_none_openers))
      return false;
  return nw < DBF_ARRAY_LEN(w);
}

static size_t min_at(size_t a, size_t b) {
  return a < b ? a : b;
}

/* The first "none" opener of s that is no idiom, or (size_t)-1. */
static size_t none_opener_at(const char *s, size_t n) {
  for (size_t from = 0;;) {
    size_t p = dbf__tx_find_any(s, n, from, k_none_openers, NULL);
    if (p == (size_t)-1 || !idiom_at(s, n, p))
      return p;
    from = p + 1;
  }
}

size_t dbf__rx_nothing_given_at(const char *s, size_t n) {
  size_t p = none_opener_at(s, n);
  p = min_at(p, dbf__tx_find_any(s, n, 0, k_none_phrases, NULL));
  p = min_at(p, dbf__tx_find_any(s, n, 0, k_none_in_mind, NULL));
  p = min_at(p, dbf__tx_find_any(s, n, 0, k_unsure_phrases, NULL));
  size_t t = negated_talk_at(s, n);
  return t != (size_t)-1 && opens_answer(s, t) ? min_at(p, t) : p;
}

size_t dbf__rx_nothing_in_mind_at(const char *s, size_t n) {
  return dbf__tx_find_any(s, n, 0, k_none_in_mind, NULL);
}

bool dbf__rx_says_none(const char *s, size_t n) {
  dbf_span all = dbf__tx_trim(s, (dbf_span){0, n});
  if (all.len == 0 || dbf__tx_word_count(s, all) > 12)
    return false;
  if (dbf__tx_find_any(s, n, 0, k_unsure_words, NULL) != (size_t)-1)
    return false;
  if (dbf__tx_find_any(s, n, all.off, k_none_openers, NULL) == all.off && !idiom_at(s, n, all.off))
    return true;
  size_t t = negated_talk_at(s, n);
  return dbf__tx_find_any(s, n, 0, k_none_phrases, NULL) != (size_t)-1 ||
         dbf__rx_nothing_in_mind_at(s, n) != (size_t)-1 || (t != (size_t)-1 && opens_answer(s, t));
}

/* Words that say there is none when they open a longer answer: "Nothing
   formal. They'll write if ..." Each needs its noun after a bare "no"
   ("no objections"): a bare "No" answers a yes/no question ("No, they use
   their own"). */
static const char *const k_none_leads[] = {"none",     "nothing", "nobody", "no one",
                                           "not much", "no",      NULL};

/* What turns a "none" into content after it ("none, but ..."). */
static const char *const k_none_turns[] = {"but",        "except",     "although", "though",
                                           "apart from", "other than", "besides",  "only",
                                           "then",       "at first",   NULL};

bool dbf__rx_opens_with_none(const char *s, size_t n) {
  dbf_span w[8];
  size_t nw = dbf__tx_words(s, n, w, DBF_ARRAY_LEN(w));
  size_t k = skip_fillers(s, n, w, nw, 0);
  if (k >= nw || idiom_at(s, n, w[k].off))
    return false;
  size_t which = 0;
  size_t at =
      dbf__tx_find_any(s, w[k].off + 10 < n ? w[k].off + 10 : n, w[k].off, k_none_leads, &which);
  if (at != w[k].off)
    return false;
  size_t e = at + strlen(k_none_leads[which]);
  if (strcmp(k_none_leads[which], "no") == 0 && (e >= n || s[e] != ' '))
    return false;
  size_t clause = e;
  while (clause < n && !strchr(",.;:!?\n", s[clause]))
    clause++;
  if (dbf__tx_word_count(s, (dbf_span){at, clause - at}) > 6)
    return false;
  /* A figure after it is content too: "no real crew, about 12 casuals". */
  for (size_t i = clause; i < n; i++)
    if (s[i] >= '0' && s[i] <= '9')
      return false;
  return dbf__tx_find_any(s, n, clause, k_none_turns, NULL) == (size_t)-1;
}

/* Denials of a kind of thing ("no big obstacles", "not many problems"). */
static const char *const k_kind_denials[] = {"no",      "not many",  "not much", "hardly any",
                                             "not any", "never any", NULL};
/* Words of degree a denial may take before the kind ("no real issues"). */
static const char *const k_kind_degrees[] = {
    "big",   "real",    "major",       "particular", "specific", "serious", "huge",
    "great", "special", "significant", "actual",     "proper",   NULL};
/* The kinds of thing a list field asks for that a denial names. */
static const char *const k_kinds[] = {
    "challenge",  "challenges",   "problem",  "problems",   "issue",   "issues",
    "difficulty", "difficulties", "obstacle", "obstacles",  "concern", "concerns",
    "objection",  "objections",   "worries",  "blockers",   "hurdles", "snags",
    "setbacks",   "headaches",    "hiccups",  "roadblocks", NULL};
/* What a "nothing" says of the kind's quality: "nothing stands out as
   hard", "nothing really difficult comes to mind". */
static const char *const k_kind_hard[] = {"stands out",      "hard",  "difficult",
                                          "challenging",     "tough", "comes to mind",
                                          "springs to mind", NULL};

bool dbf__rx_denies_kind(const char *s, size_t n) {
  dbf_span w[40];
  size_t nw = dbf__tx_words(s, n, w, DBF_ARRAY_LEN(w));
  if (nw == 0 || nw > 30 || dbf__tx_find_any(s, n, 0, k_none_turns, NULL) != (size_t)-1)
    return false;
  if (dbf__rx_nothing_in_mind_at(s, n) != (size_t)-1)
    return true;
  size_t k = skip_fillers(s, n, w, nw, 0);
  if (k >= nw)
    return false;
  if (w[k].len == 7 && dbf__tx_ieqn(s + w[k].off, "nothing", 7)) {
    size_t stop = k + 5 < nw ? w[k + 5].off : n;
    return dbf__tx_find_any(s, stop, w[k].off, k_kind_hard, NULL) != (size_t)-1;
  }
  size_t which = 0;
  if (dbf__tx_find_any(s, n, w[k].off, k_kind_denials, &which) != w[k].off)
    return false;
  k += strchr(k_kind_denials[which], ' ') ? 2 : 1;
  for (int d = 0; d < 2 && k < nw && word_is_any(s, w[k], k_kind_degrees); d++)
    k++;
  return k < nw && word_is_any(s, w[k], k_kinds);
}
