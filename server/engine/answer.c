/*
 * answer.c - how concrete an answer is (dbf_answer_specificity) and whether
 * the person is done (dbf_answer_is_done), both in extract.h.
 */
#include <string.h>

#include "core/alloc.h"
#include "engine/extract.h"
#include "engine/lexicon.h"
#include "engine/parse_date.h"
#include "engine/rules/rules.h"
#include "engine/text.h"

/* ------------------------------------------------- specificity and "done" */

static const char *const k_vague_words[] = {
    "stuff",    "things",    "good",    "fine",    "ok",     "okay",  "mostly", "etc",
    "whatever", "something", "various", "general", "normal", "usual", "pretty", NULL};

/* Nouns that stand in for content without giving any: "some concerns",
   "a couple of questions", "a few grumbles". */
static const char *const k_placeholder_nouns[] = {
    "concern", "concerns", "question",  "questions",  "objection", "objections", "issue",
    "issues",  "worry",    "worries",   "point",      "points",    "comment",    "comments",
    "grumble", "grumbles", "complaint", "complaints", "pushback",  "feedback",   "thing",
    "things",  "stuff",    "bit",       "bits",       "topic",     "topics",     "detail",
    "details", "item",     "items",     "need",       "needs",     "request",    "requests",
    "problem", "problems", "idea",      "ideas",      "usual",     "doubts",     "remarks",
    NULL};

/* Words around a placeholder that add nothing to it: how many, that there
   were some, and the fillers of speech ("you know", "I guess"). */
static const char *const k_empty_words[] = {
    "had",      "has",      "have",       "raised", "mentioned", "asked",     "got",    "came",
    "up",       "did",      "do",         "few",    "couple",    "several",   "many",   "lots",
    "lot",      "handful",  "minor",      "small",  "little",    "big",       "major",  "various",
    "general",  "any",      "usual",      "hmm",    "honestly",  "actually",  "guess",  "think",
    "know",     "say",      "would",      "yup",    "indeed",    "obviously", "course", "always",
    "expected", "standard", "definitely", "bunch",  "said",      "quite",     "kind",   "sort",
    "typical",  "normal",   NULL};

/* True when a short answer names its topic and nothing of it ("some
   concerns yes", "she had a couple of questions", "just the usual"): every
   word is a function word, a placeholder or an empty word, and one of them
   is a placeholder or a bare "yes". The planner follows up on it. */
static bool names_only_the_topic(const char *s, size_t n) {
  dbf_span w[16];
  size_t nw = dbf__tx_words(s, n, w, DBF_ARRAY_LEN(w));
  if (nw == 0 || nw > 12)
    return false;
  bool placeholder = false;
  for (size_t i = 0; i < nw; i++) {
    const char *p = s + w[i].off;
    if (dbf__tx_word_in(p, w[i].len, k_placeholder_nouns) ||
        (w[i].len == 3 && dbf__tx_ieqn(p, "yes", 3)))
      placeholder = true;
    else if (!dbf__tx_function_word(p, w[i].len) && !dbf__tx_word_in(p, w[i].len, k_empty_words))
      return false;
  }
  return placeholder;
}

double dbf__answer_specificity(const dbf_extract_ctx *ctx, const char *norm, size_t n) {
  dbf_span all = {0, n};
  /* An explicit "none" ("Budget didn't come up") answers the question: the
     planner must not follow up on it. */
  if (dbf__rx_says_none(norm, n))
    return 0.5;
  if (names_only_the_topic(norm, n))
    return 0.1;
  size_t words = dbf__tx_word_count(norm, all);
  double s = 0.05 + 0.5 * (double)(words > 15 ? 15 : words) / 15.0;
  bool digit = false, proper = false;
  for (size_t i = 0; i < n; i++) {
    if (norm[i] >= '0' && norm[i] <= '9')
      digit = true;
    /* A capital letter that does not start a sentence: a name. */
    if (i > 1 && dbf__tx_isupper((unsigned char)norm[i]) && norm[i - 1] == ' ' &&
        norm[i - 2] != '.' && norm[i - 2] != '!' && norm[i - 2] != '?' &&
        !(norm[i] == 'I' && (i + 1 >= n || !dbf__tx_isalnum((unsigned char)norm[i + 1]))))
      proper = true;
  }
  if (digit)
    s += 0.2;
  if (proper)
    s += 0.2;
  dbf__ymd ref = {2026, 1, 1};
  if (ctx && ctx->reference_date)
    (void)dbf__date_parse_ref(ctx->reference_date, &ref);
  dbf__date d;
  if (dbf__date_scan(norm, n, &ref, true, &d, 1) > 0)
    s += 0.15;
  if (ctx && ctx->lex) {
    static const char *const lexs[] = {
        "tools_technologies", "technical_skills", "soft_skills", "competitors",
        "objections",         "sentiment",        "deal_stage",  NULL};
    int hits = 0;
    for (size_t k = 0; lexs[k]; k++)
      hits += dbf__lex_any(dbf__lex_get(ctx->lex, lexs[k]), norm, n) ? 1 : 0;
    s += 0.1 * (hits > 3 ? 3 : hits);
  }
  for (size_t k = 0; dbf__rx_hedges[k]; k++)
    if (dbf__tx_find_word(norm, n, 0, dbf__rx_hedges[k]) != (size_t)-1)
      s -= 0.15;
  for (size_t k = 0; k_vague_words[k]; k++)
    if (dbf__tx_find_word(norm, n, 0, k_vague_words[k]) != (size_t)-1)
      s -= 0.1;
  if (s < 0)
    s = 0;
  if (s > 1)
    s = 1;
  return s;
}

double dbf_answer_specificity(const dbf_extract_ctx *ctx, const char *text) {
  char *norm = NULL;
  size_t n = 0;
  if (dbf__tx_normalize(text, &norm, &n) != DBF_OK || !norm)
    return 0.0;
  double s = dbf__answer_specificity(ctx, norm, n);
  dbf_free(norm);
  return s;
}

bool dbf__answer_is_done(const char *norm, size_t n) {
  static const char *const done[] = {"that's all",
                                     "that is all",
                                     "that's it",
                                     "that is it",
                                     "nothing else",
                                     "nothing more",
                                     "i'm done",
                                     "i am done",
                                     "we're done",
                                     "all done",
                                     "done",
                                     "no more",
                                     "that's everything",
                                     "finish",
                                     "finished",
                                     "we can stop",
                                     "let's stop",
                                     "stop",
                                     "end",
                                     "nothing to add",
                                     "no, that's all",
                                     "no that's all",
                                     "no, that's it",
                                     "no that's it",
                                     "no, nothing else",
                                     "no, nothing more",
                                     "that's all i have",
                                     "nothing else to add",
                                     "no more",
                                     "that's about it",
                                     "that covers it",
                                     "i think that's it",
                                     "nothing further",
                                     "wrap up",
                                     "let's wrap up",
                                     NULL};
  dbf_span sp = dbf__tx_trim(norm, (dbf_span){0, n});
  bool is_done = false;
  size_t words = dbf__tx_word_count(norm, sp);
  /* Only short answers: "done with the migration in May" is content. */
  if (sp.len > 0 && words <= 6) {
    for (size_t k = 0; done[k] && !is_done; k++) {
      size_t l = strlen(done[k]);
      if (l > sp.len || !dbf__tx_ieqn(norm + sp.off, done[k], l) ||
          !dbf__tx_is_word_at(norm, sp.off + sp.len, sp.off, l))
        continue;
      /* Bare "no" / "done" / "end" must be the whole answer. */
      bool bare = strcmp(done[k], "end") == 0 || strcmp(done[k], "stop") == 0 ||
                  strcmp(done[k], "done") == 0;
      if (bare) {
        dbf_span rest = dbf__tx_trim(norm, (dbf_span){sp.off + l, sp.len - l});
        is_done = rest.len == 0;
      } else {
        is_done = true;
      }
    }
  }
  return is_done;
}

bool dbf_answer_is_done(const char *text) {
  char *norm = NULL;
  size_t n = 0;
  if (dbf__tx_normalize(text, &norm, &n) != DBF_OK || !norm)
    return false;
  bool done = dbf__answer_is_done(norm, n);
  dbf_free(norm);
  return done;
}
