/*
 * lexicon.h - word lists the rule extractor matches against: tools, skills,
 * vendors, and cue phrases for objections, sentiment, deal stages and more.
 * Engine-internal (dbf__ prefix); the public load/free pair is in extract.h.
 *
 * File format (<dir>/<name>.txt, UTF-8, one entry per line):
 *   # comment
 *   @fields tools_technologies tools tech_stack   <- field keys this list feeds
 *   Kubernetes | k8s | kube                       <- canonical | aliases...
 *   =Go | golang                                  <- "=" : match case-sensitively
 * The canonical form is itself an alias. Matching is ASCII case-insensitive
 * (unless "="), on whole words, and prefers the longest alias.
 */
#ifndef DBF_ENGINE_LEXICON_H
#define DBF_ENGINE_LEXICON_H

#include <stdbool.h>
#include <stddef.h>

#include "engine/extract.h"

typedef struct dbf__lexicon dbf__lexicon;

typedef struct dbf__lex_match {
  size_t off;   /* byte offset of the match in the scanned text */
  size_t len;   /* byte length of the matched alias */
  size_t entry; /* index of the canonical entry */
} dbf__lex_match;

/* Borrowed lexicon named name (the file name without ".txt"), or NULL. */
const dbf__lexicon *dbf__lex_get(const dbf_lexicons *lx, const char *name);
/* Borrowed lexicon whose @fields lists key, or NULL. */
const dbf__lexicon *dbf__lex_for_field(const dbf_lexicons *lx, const char *key);

/* Borrowed canonical form of entry i. */
const char *dbf__lex_canon(const dbf__lexicon *l, size_t i);
size_t dbf__lex_size(const dbf__lexicon *l);

/* Longest whole-word match starting exactly at off; false when none. */
bool dbf__lex_match_at(const dbf__lexicon *l, const char *s, size_t n, size_t off,
                       dbf__lex_match *m);
/*
 * Scans s[0..n) left to right for non-overlapping longest matches. Returns
 * how many were stored (at most max). l may be NULL (returns 0).
 */
size_t dbf__lex_scan(const dbf__lexicon *l, const char *s, size_t n, dbf__lex_match *out,
                     size_t max);
/* True when any alias of l occurs in s[0..n). */
bool dbf__lex_any(const dbf__lexicon *l, const char *s, size_t n);
/* Stores in out (at most max) what each alias of l that begins with the
   words s[0..n) says after them; returns how many. */
size_t dbf__lex_alias_rests(const dbf__lexicon *l, const char *s, size_t n, const char **out,
                            size_t max);
/* Finds the entry whose canonical form equals name (case-insensitive); -1 if none. */
long dbf__lex_find_canon(const dbf__lexicon *l, const char *name);

#endif
