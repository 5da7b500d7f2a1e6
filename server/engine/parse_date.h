/*
 * parse_date.h - finds dates in an answer and resolves them against the
 * meeting's reference date: ISO and numeric forms, month names, weekdays,
 * quarters, and relative phrases ("next week", "in two weeks", "end of next
 * month"). Engine-internal (dbf__ prefix).
 */
#ifndef DBF_ENGINE_PARSE_DATE_H
#define DBF_ENGINE_PARSE_DATE_H

#include <stdbool.h>
#include <stddef.h>

typedef struct dbf__ymd {
  int y, m, d;
} dbf__ymd;

typedef enum dbf__date_prec {
  DBF_DATE_DAY = 1, /* "2026-11-30" */
  DBF_DATE_MONTH,   /* "2026-11" */
  DBF_DATE_YEAR,    /* "2026" */
} dbf__date_prec;

typedef struct dbf__date {
  size_t off, len; /* the expression in the scanned text */
  dbf__date_prec prec;
  dbf__ymd ymd;
  bool vague;         /* a relative span ("next week", "next month"), not a named day */
  bool negated;       /* "not Tuesday", "instead of Tuesday": what a correction replaces */
  bool explicit_year; /* the text named the year */
  bool bare_day;      /* "the 18th": a day of the month last named, if any */
} dbf__date;

/* Parses "YYYY-MM-DD" (a trailing time is ignored); false when invalid. */
bool dbf__date_parse_ref(const char *s, dbf__ymd *out);

/*
 * Finds up to max dates in s[0..n), in text order. When forward is true,
 * dates without a year resolve to their next occurrence on or after ref
 * (a deadline); otherwise to ref's year (a past job's timeline).
 */
size_t dbf__date_scan(const char *s, size_t n, const dbf__ymd *ref, bool forward, dbf__date *out,
                      size_t max);

/* The weekday (0 = Monday) the word at off names ("Friday", "fri"), or -1. */
int dbf__date_weekday_at(const char *s, size_t n, size_t off);

/* Writes the ISO form for d's precision ("2026-11-30", "2026-11", "2026"). */
void dbf__date_format(const dbf__date *d, char *out, size_t cap);

/* Days from 1970-01-01 and back; weekday 0 = Monday. */
long dbf__days_from_civil(dbf__ymd d);
dbf__ymd dbf__civil_from_days(long z);
int dbf__weekday(dbf__ymd d);

#endif
