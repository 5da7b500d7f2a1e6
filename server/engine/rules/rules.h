/*
 * rules.h - what the extractor's rule modules share: the per-answer scratch
 * (dbf__rx), confidence levels, and the helpers every rule uses to read the
 * answer and record a value. Engine-internal.
 *
 * A rule module is one file per extractor kind (registry.c lists them). Its
 * entry point reads the answer in x for field f and records what it finds
 * with dbf__rx_put; targeted says whether the question asked for f. Rules
 * never allocate per call beyond the JSON values they record.
 */
#ifndef DBF_ENGINE_RULES_RULES_H
#define DBF_ENGINE_RULES_RULES_H

#include <stdbool.h>
#include <stddef.h>

#include <jansson.h>

#include "engine/extract.h"
#include "engine/parse_date.h"
#include "engine/parse_people.h"
#include "engine/text.h"

/* Confidence levels. Targeted answers clear the default min_confidence
   (0.6); cross-field mentions stay under it on purpose. */
#define CONF_TARGET       0.85
#define CONF_TARGET_TEXT  0.75
#define CONF_TARGET_LOOSE 0.6 /* a targeted list item no lexicon knows */
#define CONF_CROSS        0.5
#define CONF_CROSS_LIST   0.45
#define CONF_CROSS_WEAK   0.35
#define HEDGE_FACTOR      0.8
#define ROUTED_FACTOR     0.85 /* an answer routed to the field it was about */
#define VAGUE_SPEC        0.2  /* below this specificity free-text fields take nothing */
#define VAGUE_SPEC_FOLLOW 0.35 /* the planner's follow-up threshold (planner.c) */

#define MAX_ITEMS            20 /* values per list field per answer */
#define MAX_PEOPLE           32
#define MAX_DATES            48
#define MAX_MONEY            32
#define MAX_MATCHES          128
#define ITEM_CAP             256 /* bytes per list item */
#define TEXT_CAP             600 /* bytes of a text field */
#define DBF__RX_MAX_LEXICONS 4   /* lexicons one field reads */

typedef struct dbf__rx {
  const dbf_extract_ctx *ctx;
  const char *s;
  size_t n;
  dbf_span sent[DBF_TX_MAX_SPANS];
  bool sent_correction[DBF_TX_MAX_SPANS];
  size_t n_sent;
  dbf__ymd ref;
  dbf__people_env people;
  dbf__person persons[MAX_PEOPLE];
  size_t n_persons;
  /* The people a scan finds when people are asked for. A sentence that is
     a list of them ("Siti Rahman, Customs Brokerage Manager") answers who
     was there whatever was asked (people.c, extract.c). */
  dbf__person listed[MAX_PEOPLE];
  size_t n_listed;
  bool hedged;
  bool negative;    /* a short "no / none / didn't come up" answer */
  bool lower_typed; /* typed in lower case (dbf__tx_typed_lower) */
  double spec;      /* dbf_answer_specificity of the answer */
  json_t *updates;
  /* Lexicon entries the targeted list field consumed, so sibling fields do
     not pick the same words up as cross-field mentions. */
  char consumed[MAX_ITEMS * 2][ITEM_CAP];
  size_t n_consumed;
  /* The fields the answer is read as an answer to: the asked ones, or the
     fields it was routed to when it answered another question (extract.c). */
  const char *targets[16];
  size_t n_targets;
  bool routed; /* targets are not the asked fields: lower confidence */
} dbf__rx;

/* Before the rules run, on an answer typed in lower case: capitalizes the
   names that follow f's cue phrases ("looking at givebase"). s is x->s. */
void dbf__named_list_restore_case(dbf__rx *x, const dbf_template_field *f, char *s);

/* One vendor, one item, in a list of vendors (after_cues lists): a
   possessive names the vendor ("Fiserv's module" is Fiserv), and a name
   that opens a longer one in the list ("Siemens", "Siemens Opcenter") is
   dropped for it. Also applied when answers' lists join (record_merge.c). */
void dbf__named_list_one_per_vendor(json_t *arr);

/* One name, one item, when answers' lists of names join (skills, tools):
   an item whose words all stand inside a longer item ("NetSuite", "Oracle
   NetSuite"; "Analytics", "Google Analytics") is that item (record_merge.c). */
void dbf__named_list_one_per_name(json_t *arr);

/* One person, one item, in a list of names (decision makers): a lone
   first name, middle name or surname of a fuller name in the list
   ("Siobhan", "Siobhan Kelly") is that person, not a second one. Also
   applied when answers' lists join (record_merge.c). */
void dbf__rx_people_one_per_name(json_t *arr);

/* One rule module: reads x for f. */
typedef void (*dbf__rule_fn)(dbf__rx *x, const dbf_template_field *f, bool targeted);

/*
 * Does sentence sent hold f's kind of content? With own false (f was not
 * asked) only content that makes up the whole sentence counts, such as
 * "Budget is around 80k a year." for a money field; with own true (f was
 * asked) any content of f's type does. The driver routes an answer whose
 * every sentence another field claims, and the asked field does not, to
 * those fields (docs/extraction.md, "Off-target answers").
 */
typedef bool (*dbf__claim_fn)(dbf__rx *x, const dbf_template_field *f, dbf_span sent, bool own);

/* The rule of kind, or NULL when there is no such kind (registry.c). */
dbf__rule_fn dbf__rule_find(const char *kind);
/* The claim of kind, or NULL when the kind claims nothing (free text). */
dbf__claim_fn dbf__rule_claim(const char *kind);
/* True when kind's claim rests on cue words, not on typed content. */
bool dbf__rule_claim_is_weak(const char *kind);

bool dbf__claim_money(dbf__rx *x, const dbf_template_field *f, dbf_span sent, bool own);
bool dbf__claim_date(dbf__rx *x, const dbf_template_field *f, dbf_span sent, bool own);
bool dbf__claim_date_range(dbf__rx *x, const dbf_template_field *f, dbf_span sent, bool own);
bool dbf__claim_enum(dbf__rx *x, const dbf_template_field *f, dbf_span sent, bool own);
bool dbf__claim_named_list(dbf__rx *x, const dbf_template_field *f, dbf_span sent, bool own);
bool dbf__claim_clause_list(dbf__rx *x, const dbf_template_field *f, dbf_span sent, bool own);
bool dbf__claim_people(dbf__rx *x, const dbf_template_field *f, dbf_span sent, bool own);
bool dbf__claim_action_items(dbf__rx *x, const dbf_template_field *f, dbf_span sent, bool own);
bool dbf__claim_title(dbf__rx *x, const dbf_template_field *f, dbf_span sent, bool own);
bool dbf__claim_organization(dbf__rx *x, const dbf_template_field *f, dbf_span sent, bool own);

/* Is clause sp an action with an owner ("Dana sends the SOW", "I'll call")? */
bool dbf__rx_is_step(dbf__rx *x, dbf_span sp);

/* The entry point of each kind (one file each under rules/). */
void dbf__rule_money(dbf__rx *x, const dbf_template_field *f, bool targeted);
void dbf__rule_number(dbf__rx *x, const dbf_template_field *f, bool targeted);
void dbf__rule_bool(dbf__rx *x, const dbf_template_field *f, bool targeted);
void dbf__rule_date(dbf__rx *x, const dbf_template_field *f, bool targeted);
void dbf__rule_date_range(dbf__rx *x, const dbf_template_field *f, bool targeted);
void dbf__rule_enum(dbf__rx *x, const dbf_template_field *f, bool targeted);
void dbf__rule_named_list(dbf__rx *x, const dbf_template_field *f, bool targeted);
void dbf__rule_clause_list(dbf__rx *x, const dbf_template_field *f, bool targeted);
void dbf__rule_people(dbf__rx *x, const dbf_template_field *f, bool targeted);
void dbf__rule_action_items(dbf__rx *x, const dbf_template_field *f, bool targeted);
void dbf__rule_metrics(dbf__rx *x, const dbf_template_field *f, bool targeted);
void dbf__rule_title(dbf__rx *x, const dbf_template_field *f, bool targeted);
void dbf__rule_organization(dbf__rx *x, const dbf_template_field *f, bool targeted);
void dbf__rule_free_text(dbf__rx *x, const dbf_template_field *f, bool targeted);
void dbf__rule_items(dbf__rx *x, const dbf_template_field *f, bool targeted);

/* --- parameters (validated by registry.c when the template was parsed) --- */

/* The string parameter name of f, or dflt. */
const char *dbf__rx_param_str(const dbf_template_field *f, const char *name, const char *dflt);
/* The boolean parameter name of f, or dflt. */
bool dbf__rx_param_bool(const dbf_template_field *f, const char *name, bool dflt);
/* The string array parameter name of f (borrowed), or NULL. */
const json_t *dbf__rx_param_list(const dbf_template_field *f, const char *name);
/* True when the string parameter name of f equals v. */
bool dbf__rx_param_is(const dbf_template_field *f, const char *name, const char *v);

/* --- reading the answer --------------------------------------------------- */

extern const char *const dbf__rx_hedges[];
/* The correction cues are the lexicon correction_cues: words that take back
   or narrow a value said before them ("sorry", "no wait", "make that"),
   read through dbf__rx_find_correction and dbf__rx_is_correction. */
extern const char *const dbf__rx_decision_cues[];

/* An answer that gives nothing (none_said.c): where the first "none" or
   "can't say" cue of s starts ("no", "not sure", "it didn't come up"), or
   (size_t)-1. */
size_t dbf__rx_nothing_given_at(const char *s, size_t n);
/* Where the first phrase that says the person has none to tell ("nothing
   comes to mind", "I can't think of one") starts in s, or (size_t)-1. */
size_t dbf__rx_nothing_in_mind_at(const char *s, size_t n);
/* True for a short, clear "none" ("No objections this time", "we never
   talked about other vendors"); an uncertainty ("no idea") is not one. */
bool dbf__rx_says_none(const char *s, size_t n);
/* True when a longer answer opens with a short "none" and goes on about
   something else ("Nothing formal. They'll call if it changes."), not
   with a "none, but ..." or a figure. */
bool dbf__rx_opens_with_none(const char *s, size_t n);

/* Whether a short answer (30 words at most) has none of a list field's
   kind to tell, with no "but" that brings one after all: it says nothing
   comes to mind ("can't think of one"), or opens, past fillers, by denying
   the kind ("no big obstacles I recall", "not many problems", "nothing
   stands out as hard"). */
bool dbf__rx_denies_kind(const char *s, size_t n);

/* dbf_answer_specificity and dbf_answer_is_done (answer.c) of an answer
   already normalized (dbf__tx_normalize): the extractor reads the text it
   has, not the raw answer again. */
double dbf__answer_specificity(const dbf_extract_ctx *ctx, const char *norm, size_t n);
bool dbf__answer_is_done(const char *norm, size_t n);

bool dbf__rx_field_targeted(const dbf__rx *x, const char *key);
bool dbf__rx_has_item_key(const dbf_template_field *f, const char *k);
/* Confidence of the record's entry for key, -1 when absent. */
double dbf__rx_rec_conf(const dbf__rx *x, const char *key);
/* Cross-field list mentions are only taken while the field is not filled. */
bool dbf__rx_cross_list_ok(const dbf__rx *x, const char *key);
double dbf__rx_hedge(const dbf__rx *x, double c);
json_t *dbf__rx_jstr_span(const dbf__rx *x, dbf_span sp);
bool dbf__rx_sentence_is_correction(const dbf__rx *x, size_t off);
/* The sentence containing off. */
dbf_span dbf__rx_sentence_of(const dbf__rx *x, size_t off);
/* The clause (dbf__tx_clauses of its sentence) containing off; length 0
   when off falls between clauses. */
dbf_span dbf__rx_clause_of(const dbf__rx *x, size_t off);
bool dbf__rx_span_has_any(const dbf__rx *x, dbf_span sp, const char *const *words);
bool dbf__rx_str_ieq(const char *a, const char *b);
/*
 * A "none" answer to the asked list field (x->negative): what was only
 * picked up in passing from other answers (below CONF_TARGET_LOOSE, by
 * the rules) is withdrawn; the update empties the field.
 */
void dbf__rx_withdraw_inferred(dbf__rx *x, const char *key);

/* The first correction cue in x->s[from..end): its offset, or (size_t)-1;
 *len (may be NULL) gets its length. */
size_t dbf__rx_find_correction(const dbf__rx *x, size_t end, size_t from, size_t *len);
/* Are the words of x->s[b..e), punctuation aside, a correction cue and
   nothing else ("32 kB, sorry, 35 kB")? */
bool dbf__rx_is_correction(const dbf__rx *x, size_t b, size_t e);
/* Past a repair that starts at x->s[p], before end: a correction cue or a
   bare "no", with the cues, "no"s and fillers said on after it ("no wait",
   "sorry, no,", "no um"). Where the words after it start; (size_t)-1 when
   no repair starts at p. */
size_t dbf__rx_past_repair(const dbf__rx *x, size_t p, size_t end);
/* A bare "no" said as a repair just before at, with up to two fillers on
   each side ("sixty no seventy", "june 2016 wait no oct 2015", "80k no
   sorry 85k"): where the "no" starts, and *from (may be NULL) where the
   repair's words start (its first filler, else the "no"); or (size_t)-1. */
size_t dbf__rx_bare_no_before(const dbf__rx *x, size_t at, size_t *from);
/* The offset of the correction cue in a correcting sentence, or (size_t)-1. */
size_t dbf__rx_correction_at(const dbf__rx *x, size_t off);
void dbf__rx_date_iso(const dbf__date *d, char *out, size_t cap);
/* The capitalized run (a name) starting at or after p, up to end; length 0 if none. */
dbf_span dbf__rx_cap_run(const dbf__rx *x, size_t p, size_t end);
/* A name that joins capitalized words with "&", "and", "of" or a particle
   ("Hollister & Vane", "Aceros del Norte"). */
dbf_span dbf__rx_cap_run_joined(const dbf__rx *x, size_t p, size_t end);
/* Is sp's last word one of words (case-exact: "Ltd", "Institute")? */
bool dbf__rx_last_word_in(const dbf__rx *x, dbf_span sp, const char *const *words);
/* sp without the openers it opens with, each tried once in turn (case-
   insensitive; an opener carries its trailing space: "the "). */
dbf_span dbf__rx_skip_openers(const dbf__rx *x, dbf_span sp, const char *const *openers);
/* e moved past the first of tails that starts at e and ends a word there
   ("QC Analyst" + " II", "Pte." + " Ltd."); e when none does. */
size_t dbf__rx_past_tail(const dbf__rx *x, size_t e, const char *const *tails);
/* True when a capital letter starts at x->s[p] (dbf__tx_capital_at:
   ASCII or Latin, "École", "Łódź"). */
bool dbf__rx_cap_at(const dbf__rx *x, size_t p);
/* Does sp open with a word that starts sentences ("The", "We")? */
bool dbf__rx_is_starter(const dbf__rx *x, dbf_span sp);
/* Is s[off..off+n) an everyday word ("pricing", "last", "security"): a
   function word (text.c) or one of the lexicon common_words? */
bool dbf__rx_common_word(const dbf__rx *x, const char *s, size_t off, size_t n);
/* Does a sentence (or a line, or another unit marks ends) open at off: off
   is 0, or one of marks ends the text right before it, with at most one
   space between? Sentence marks are ".!?\n"; a NUL byte is never a mark. */
bool dbf__rx_opens_sentence(const dbf__rx *x, size_t off, const char *marks);
/* Is this capitalized name a person we know, or the customer itself? */
bool dbf__rx_is_person_or_account(const dbf__rx *x, dbf_span sp);
/*
 * True when the words of sent outside the cover spans are at most two
 * content words (function words and fillers do not count): the covered
 * content is what the sentence says.
 */
bool dbf__rx_dominates(const dbf__rx *x, dbf_span sent, const dbf_span *cover, size_t n);
/* Does the word w (n bytes) carry no content of its own: a function word
   ("the", "by") or a filler ("um", "probably", "think"), in any case? */
bool dbf__rx_is_empty_word(const char *w, size_t n);
/* The content words of sent outside the cover spans. */
size_t dbf__rx_content_words(const dbf__rx *x, dbf_span sent, const dbf_span *cover, size_t n);

/* Upper-cases the first letter of each word except short function words. */
void dbf__rx_title_case(char *s);
/*
 * Copies s into out (cap bytes) with the short forms of title words in the
 * "abbreviations" lexicon spelled out ("plant mgr" -> "plant manager",
 * "Sr. Dir" -> "Senior Director"), each capitalized as the short form was.
 * False, with out unspecified, when nothing was spelled out or it does not
 * fit.
 */
bool dbf__rx_spell_out(const dbf_lexicons *lex, const char *s, char *out, size_t cap);

/* --- recording values ----------------------------------------------------- */

/* Appends item (stolen) to arr unless an equal item exists; fills gaps of objects. */
bool dbf__rx_union_item(json_t *arr, json_t *item);
/*
 * Records a value for key in the updates (value stolen). Lists union with
 * what this answer already produced; scalars keep the more confident one.
 * replace marks a correction.
 */
void dbf__rx_put(dbf__rx *x, const char *key, json_t *value, double conf, bool replace);
void dbf__rx_add_str(json_t *arr, const char *s);
void dbf__rx_add_span(dbf__rx *x, json_t *arr, dbf_span sp);

#endif
