/*
 * parse_people.h - people in free text: names (resolved against the
 * meeting's known attendees), their roles and companies, and who owns a
 * next step. Engine-internal (dbf__ prefix).
 */
#ifndef DBF_ENGINE_PARSE_PEOPLE_H
#define DBF_ENGINE_PARSE_PEOPLE_H

#include <stdbool.h>
#include <stddef.h>

#include <jansson.h>

#include "engine/extract.h"
#include "engine/text.h"

#define DBF_PEOPLE_MAX_KNOWN 64

typedef struct dbf__known_person {
  char name[96];
  char role[96];
  char company[96];
  bool from_subject; /* listed in the meeting's attendees */
} dbf__known_person;

/* What the people parser knows before reading an answer. */
typedef struct dbf__people_env {
  const dbf_lexicons *lex;
  char account[128]; /* the customer's company: subject account or title; may be "" */
  dbf__known_person known[DBF_PEOPLE_MAX_KNOWN];
  size_t n_known;
  /* The question asked for people: two capitalized words with a role after
     them are a name even when the first name is unknown. Elsewhere that
     reads "Route Optimizer, Yard Manager" as a person. */
  bool people_asked;
  /* The question asked for next steps: "theo: send the crew list" names an owner. */
  bool owners_asked;
  /* Names found by their place in a list typed in lower case ("maya
     lindqvist (line producer), ..."): they count as names as they stand. */
  dbf_span restored[16];
  size_t n_restored;
} dbf__people_env;

typedef struct dbf__person {
  size_t off, len; /* the name in the text */
  char name[96];
  char role[96];
  char company[96];
  bool ours; /* "our SE", "my manager": on the seller's side */
} dbf__person;

/*
 * Fills env from the subject (attributes.attendees, attributes.account,
 * title) and the record's attendees and decision_makers. Borrows all.
 */
void dbf__people_env_init(dbf__people_env *env, const dbf_lexicons *lex, const json_t *subject,
                          const json_t *record);
/* Adds a person the parser has just seen, so later first names resolve. */
void dbf__people_env_add(dbf__people_env *env, const dbf__person *p);

/* Finds people in s[0..n), in order, with roles and companies where stated. */
size_t dbf__people_scan(const dbf__people_env *env, const char *s, size_t n, dbf__person *out,
                        size_t max);

/*
 * An answer typed all in lower case ("maya lindqvist (line producer), theo
 * brandt"): capitalizes the words that are names, so the scan above finds
 * them: known people's first names and surnames, lexicon first names, and,
 * when the question asked for people, the head of each list item. Call it
 * only on text dbf__tx_typed_lower says was typed so. Same length, in place.
 */
void dbf__people_restore_case(dbf__people_env *env, char *s, size_t n);

/*
 * In text typed with capitals, a known person's first name typed in lower
 * case ("..., meenakshi recommends") is capitalized, and their surname
 * right after it. Same length, in place.
 */
void dbf__people_restore_known(const dbf__people_env *env, char *s, size_t n);

/* The length of an honorific and its spaces at s[i] ("Mr. ", "Dr ",
   "Frau "), or 0. */
size_t dbf__people_honorific_at(const char *s, size_t n, size_t i);

/* True when s[0..wl) reads as a verb ("wants", "approved", "changes"): it
   ends in "ed", or in "s" or "es" after a word of common (may be NULL). */
struct dbf__lexicon;
bool dbf__people_verb_form(const struct dbf__lexicon *common, const char *ws, size_t wl);

/* "their consultancy partner, Vela Advisory", "a firm called Brio Labs":
   at s[b], right after "from ", a determiner, words naming an outside
   firm, a comma or "called", then the firm's name. Returns the name's
   span, or an empty one. */
dbf_span dbf__people_firm_after_words(const char *s, size_t n, size_t b);

/* The length of a word of kin at s[i] ("son", "wife", "father"), or 0. */
size_t dbf__people_kin_at(const char *s, size_t n, size_t i);

/* True when s[off..off+len) is a role word or phrase ("CFO", "IT lead"). */
bool dbf__people_is_role(const dbf__people_env *env, const char *s, size_t n);

#endif
