/*
 * text.h - text helpers for the rule extractor: UTF-8 clean-up, ASCII case
 * folding, word-boundary search, and splitting answers into sentences,
 * clauses and list items. Engine-internal (dbf__ prefix).
 *
 * Every span points into a caller-owned, normalized buffer; nothing here
 * allocates except dbf__tx_normalize.
 */
#ifndef DBF_ENGINE_TEXT_H
#define DBF_ENGINE_TEXT_H

#include <stdbool.h>
#include <stddef.h>

#include "core/err.h"

/* Answers longer than this are cut (at a character boundary) before parsing. */
#define DBF_TX_MAX_INPUT (64u * 1024u)
/* Caps on how many sentences / pieces one split returns. */
#define DBF_TX_MAX_SPANS 256

typedef struct dbf_span {
  size_t off;
  size_t len;
} dbf_span;

/*
 * Returns a new copy of text (free with dbf_free) that is valid UTF-8, at
 * most DBF_TX_MAX_INPUT bytes, with typographic quotes, dashes and
 * non-breaking spaces mapped to ASCII and control characters to spaces.
 * Invalid bytes are dropped. NULL text gives "". *out is NULL on NOMEM.
 */
dbf_err dbf__tx_normalize(const char *text, char **out, size_t *out_len);

/*
 * Character classes, inline: the extractor calls them for every byte of
 * every cue it looks for. Bytes of multibyte characters count as word
 * characters, so "Zürich" and "Müller" stay one word.
 */
static inline bool dbf__tx_isalnum(unsigned char c) {
  return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c >= 0x80;
}
static inline bool dbf__tx_isspace(unsigned char c) {
  return c == ' ' || c == '\n' || c == '\t' || c == '\r';
}
static inline bool dbf__tx_isupper(unsigned char c) {
  return c >= 'A' && c <= 'Z';
}
static inline bool dbf__tx_islower(unsigned char c) {
  return c >= 'a' && c <= 'z';
}
static inline size_t dbf__tx_span_end(dbf_span sp) {
  return sp.off + sp.len;
}
static inline char dbf__tx_lower(char c) {
  return (c >= 'A' && c <= 'Z') ? (char)(c - 'A' + 'a') : c;
}

/* ASCII case-insensitive compare of n bytes. */
static inline bool dbf__tx_ieqn(const char *a, const char *b, size_t n) {
  for (size_t i = 0; i < n; i++)
    if (dbf__tx_lower(a[i]) != dbf__tx_lower(b[i]))
      return false;
  return true;
}
/* True when s[off..off+len) is delimited by word boundaries in s (of length n). */
bool dbf__tx_is_word_at(const char *s, size_t n, size_t off, size_t len);
/*
 * Finds needle (ASCII case-insensitive, whole words) in s[from..n). Returns
 * the offset or (size_t)-1.
 */
size_t dbf__tx_find_word(const char *s, size_t n, size_t from, const char *needle);
/* "GCAA and EASA references", "QA and IT": true when the " and " at s[i]
   joins two acronyms (s[b..n) bounds the text), which name things
   together rather than open a new clause. */
bool dbf__tx_acronym_pair(const char *s, size_t b, size_t n, size_t i);
/* Like dbf__tx_find_word but for any of a NULL-terminated list; *which gets its index. */
size_t dbf__tx_find_any(const char *s, size_t n, size_t from, const char *const *needles,
                        size_t *which);

/* Shrinks sp so it starts and ends on non-space, non-punctuation bytes. */
dbf_span dbf__tx_trim(const char *s, dbf_span sp);

/*
 * Splits s[0..n) into sentences at . ! ? and newlines, keeping decimals
 * ("1.2M"), initials and common abbreviations together. Returns the count
 * (at most max).
 */
size_t dbf__tx_sentences(const char *s, size_t n, dbf_span *out, size_t max);
/*
 * Splits a span into clauses at ; , " but " and " and " when the "and"
 * starts a new clause (followed by a pronoun or a capitalized subject).
 */
size_t dbf__tx_clauses(const char *s, dbf_span sp, dbf_span *out, size_t max);
/* Splits a span into list items at , ; " and " " & " " as well as " " plus ". */
size_t dbf__tx_list_items(const char *s, dbf_span sp, dbf_span *out, size_t max);

/*
 * Strips leading filler phrases ("they need", "mostly", "the", "also"...)
 * and trailing ones ("mostly", "as well", "too", "etc") from an item.
 */
dbf_span dbf__tx_strip_fillers(const char *s, dbf_span sp);
/* Is sp (trimmed, a final mark aside) nothing but one trailing filler
   phrase ("really", "above all", "I guess")? */
bool dbf__tx_only_filler(const char *s, dbf_span sp);

/* Counts words (runs of alphanumeric bytes or multibyte characters). */
size_t dbf__tx_word_count(const char *s, dbf_span sp);

/* The words of s[0..n) (letters, digits, inner ' and -), at most max. */
size_t dbf__tx_words(const char *s, size_t n, dbf_span *w, size_t max);

/* True when the text whose words are w was typed in lower case: its
   sentences mostly start in lower case, and at most one word in four
   elsewhere is capitalized ("I" and acronyms aside): a hurried typist
   capitalizes a name now and then, and the rest of the names stay lower. */
bool dbf__tx_typed_lower(const char *s, const dbf_span *w, size_t nw);

/* Length of w at s[p] (up to end) when it is there as a whole word, in
   any case; 0 when it is not. */
size_t dbf__tx_word_at(const char *s, size_t p, size_t end, const char *w);

/*
 * A number said in words, read whole: "seventy eight", "two hundred and
 * forty eight", "thirty two thousand", "eight point five", "four point
 * one", "two and a half". Its length from s[p] and its value; 0 when no
 * number word starts there. Tens take one unit after them
 * ("forty-eight"), "and" only joins a hundred or a thousand to what
 * follows, and "point" needs digit words.
 */
size_t dbf__tx_spoken_number_at(const char *s, size_t p, size_t end, double *value);

/* True when s[0..n) is one of the words of list (NULL-ended), in any case. */
bool dbf__tx_word_in(const char *s, size_t n, const char *const *list);

/* True when s[0..n) is a word that opens a time phrase before a date
   ("by", "until", "before", "end"), in any case. */
bool dbf__tx_time_prep(const char *s, size_t n);

/* The run of letters and digits that ends where the spaces before p start:
   {start, length}, of length 0 (at that point) when none ends there. */
dbf_span dbf__tx_word_before(const char *s, size_t p);

/* True when s[0..n) is a hesitation of speech ("um", "uh", "erm"), in any
   case. */
bool dbf__tx_hesitation(const char *s, size_t n);

/* True when s[0..n) is a verb of opinion said of someone ("thinks",
   "reckons", "doubts"), in any case: what follows it is a view, not a deed,
   and it never stands for a surname. */
bool dbf__tx_opinion_verb(const char *s, size_t n);

/* True when s[0..n) is an English function word ("the", "and", "from", "I",
   "nobody"), in any case: never a name, a product or a company. */
bool dbf__tx_function_word(const char *s, size_t n);

/* The ordinal words "first" to "twentieth", in order (entry k says k + 1),
   NULL-ended: the one list, for days of a month and places in a count. */
extern const char *const dbf__tx_ordinal_words[];

/* The number the word s[0..n) says, in any case: "one" to "nineteen" and
   the tens "twenty" to "ninety"; 0 when it says none. The one list of
   number words: parsers and rules that read counts and amounts use it. */
int dbf__tx_number_word(const char *s, size_t n);

/* Length of the word at s[p] (letters, up to end) when it is a number
   word, writing its value to *v; 0 when it is none. */
size_t dbf__tx_number_word_at(const char *s, size_t p, size_t end, int *v);

/* True when one of phrases (NULL-ended) ends right at p in s, in any case,
   and starts at a word boundary ("by " before "15 may", "at first" before
   ", I was"). */
bool dbf__tx_phrase_ends_at(const char *s, size_t p, const char *const *phrases);

/* The lower-case ASCII base letter of the two-byte UTF-8 Latin letter at
   u (U+00C0..U+017F: "é" gives 'e', "ı" 'i', "Ø" 'o'), or 0 when u starts
   none; the two signs in that range (U+00D7, U+00F7) give 0 too. */
char dbf__tx_latin_base(const unsigned char *u);

/* Writes the figure v as it is typed into out (cap bytes): millions and
   billions keep their scale word ("forty million" is "40 million", "two
   point three million" "2.3 million"), thousands take commas ("four
   thousand" is "4,000"), and a year ("two thousand and nineteen") stays
   bare. Returns the length written, as snprintf does. */
size_t dbf__tx_figure_digits(double v, char *out, size_t cap);

/* True when the n bytes at s start with a capital letter: ASCII, or a
   Latin one of two bytes ("É", "Ø", "Ł", "Š"; U+00C0..U+017F). */
bool dbf__tx_capital_at(const char *s, size_t n);

/* True when the word before off (skipping spaces) is a negation ("not", "no", "n't"...). */
bool dbf__tx_negated_before(const char *s, size_t off, size_t window_words);

/*
 * Copies a span into out (capacity cap, NUL-terminated, truncated at a
 * UTF-8 boundary). Returns the length written.
 */
size_t dbf__tx_copy(const char *s, dbf_span sp, char *out, size_t cap);

#endif
