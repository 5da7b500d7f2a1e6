/*
 * labelled.h - lines of an answer that name their field, as people paste
 * them from a CV or type them as notes:
 *
 *   Role: Transport Planning Supervisor
 *   - employer - Harbourline Freight
 *   start: march 2019
 *
 * A line's label names a field when it equals, ignoring case and
 * punctuation, the field's key as words ("role title"), its label, or one
 * of the words its extractor declares in params.labels. The start and the
 * end of the template's one date-range field may be labelled apart
 * ("start:", "until:"). Engine-internal (dbf__ prefix).
 */
#ifndef DBF_ENGINE_LABELLED_H
#define DBF_ENGINE_LABELLED_H

#include <stdbool.h>
#include <stddef.h>

#include "engine/template.h"

#define DBF__LABELLED_MAX 32 /* labelled lines read per answer */

typedef enum dbf__label_part {
  DBF__LABEL_WHOLE = 0,
  DBF__LABEL_START, /* the start of a date range */
  DBF__LABEL_END,   /* its end */
} dbf__label_part;

typedef struct dbf__labelled {
  const dbf_template_field *field;
  dbf__label_part part;
  size_t line_off, line_len; /* the whole line, label included */
  size_t off, len;           /* the value after the label */
} dbf__labelled;

/*
 * Finds the labelled lines of s[0..n) in order, at most max. A line whose
 * label names no field, or whose value is empty, is not one.
 */
size_t dbf__labelled_find(const dbf_template *tpl, const char *s, size_t n, dbf__labelled *out,
                          size_t max);

/*
 * For checking a template: the first field other than self whose key,
 * label or declared words match label, else NULL. *usable (optional) says
 * whether label can match a line at all (one to four ASCII words).
 */
const dbf_template_field *dbf__labelled_owner(const dbf_template *tpl, const char *label,
                                              const dbf_template_field *self, bool *usable);

#endif
