/*
 * money.h - the one currency vocabulary, for every path that reads money:
 * the rule extractor (extract.c) and the grounding of a model's values
 * (server/llm/interviewer.c). The symbols, ISO codes and words themselves
 * live once, in parse_money.c.
 */
#ifndef DBF_ENGINE_MONEY_H
#define DBF_ENGINE_MONEY_H

#include <stdbool.h>

#include <jansson.h>

/*
 * The currency of an amount whose text names none: the subject's
 * attributes.currency when it is a three-letter code, else "USD". Returns
 * a borrowed string (from subject, or static); subject may be NULL.
 */
const char *dbf_money_default_currency(const json_t *subject);

/* True when text names currency code (ISO 4217, any case): a symbol, the code, or a word. */
bool dbf_money_text_names(const char *text, const char *code);

/* True when text names any currency debrief knows. */
bool dbf_money_text_names_any(const char *text);

/* The code of the first currency text names ("95 grand, AUD obviously"), or
   NULL. */
const char *dbf_money_text_code(const char *text);

#endif
