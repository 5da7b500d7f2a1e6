/*
 * metrics.h - counters, gauges and histograms in a registry, rendered in the
 * Prometheus text exposition format (version 0.0.4). docs/operations.md
 * lists every metric the server registers.
 *
 * A family (one metric name) has up to two labels whose values are all given
 * when it is registered: the method table, the 17 status codes, the
 * providers. Each combination of values is a series with a fixed place, and
 * a caller names it by the values' indexes. So the number of series is
 * bounded by construction, updating one never allocates, locks or formats a
 * string, and any thread may do it, a completion-queue thread included
 * (docs/architecture.md, invariant 6): every cell is a relaxed atomic.
 *
 * Registering and rendering take the registry's lock; they run at start-up
 * and on a scrape, never on a call's path. A scrape reads the cells while
 * they move, so it is no snapshot across series; within a histogram series
 * the count is the sum of the buckets it prints, so the two always agree.
 */
#ifndef DBF_CORE_METRICS_H
#define DBF_CORE_METRICS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/buf.h"
#include "core/err.h"

#define DBF_METRIC_MAX_LABELS  2    /* labels of one family */
#define DBF_METRIC_MAX_VALUES  512  /* values of one label */
#define DBF_METRIC_MAX_SERIES  8192 /* value combinations of one family */
#define DBF_METRIC_MAX_BUCKETS 16   /* a histogram's upper bounds, +Inf not counted */

typedef enum dbf_metric_type {
  DBF_METRIC_COUNTER = 0, /* only goes up (or is set from a source that only goes up) */
  DBF_METRIC_GAUGE,       /* goes up and down */
  DBF_METRIC_HISTOGRAM,   /* durations, counted in buckets, with their sum and count */
} dbf_metric_type;

typedef struct dbf_metric_label {
  const char *name;          /* [a-zA-Z_][a-zA-Z0-9_]*, not "le", not starting "__" */
  const char *const *values; /* 1..DBF_METRIC_MAX_VALUES distinct strings, copied */
  size_t n;
} dbf_metric_label;

typedef struct dbf_metric_desc {
  const char *name; /* [a-zA-Z_:][a-zA-Z0-9_:]*; copied */
  const char *help; /* one line for # HELP; copied and escaped */
  dbf_metric_type type;
  dbf_metric_label labels[DBF_METRIC_MAX_LABELS];
  size_t nlabels;
  /* Histograms: increasing upper bounds in seconds, at least a microsecond apart. */
  const double *buckets;
  size_t nbuckets;
  /* Counters and histograms: print only the series that have counted something, so a
     family of methods x codes shows the pairs that happened rather than hundreds of zeros. */
  bool sparse;
  /* Counters: the value is microseconds, printed as seconds (a _seconds_total). */
  bool us_as_seconds;
} dbf_metric_desc;

typedef struct dbf_metrics dbf_metrics;
typedef struct dbf_metric dbf_metric;

/* Returns a new, empty registry (NULL when out of memory); free with dbf_metrics_free. */
dbf_metrics *dbf_metrics_new(void);
/* Frees r and every family registered in it. NULL is fine. */
void dbf_metrics_free(dbf_metrics *r);
/* The process's registry, which the server's layers register into. Never freed. */
dbf_metrics *dbf_metrics_default(void);

/*
 * Registers the family d in r and sets *out to it (borrowed; it lives as long
 * as r). When r already holds a family of that name with the same type,
 * labels, values and buckets, *out is that one, so modules may register what
 * they need each time they start. DBF_ERR_EXISTS when the name is taken by
 * another shape; DBF_ERR_INVALID for a bad name, label or bucket list;
 * DBF_ERR_NOMEM.
 */
dbf_err dbf_metrics_register(dbf_metrics *r, const dbf_metric_desc *d, dbf_metric **out,
                             dbf_status *st);

/* The family named name in r (borrowed), or NULL. */
dbf_metric *dbf_metrics_find(dbf_metrics *r, const char *name);

/*
 * The index of value among label l's values (0 for the first), or SIZE_MAX
 * when it is not one of them. For start-up, not for hot paths.
 */
size_t dbf_metric_index(const dbf_metric *m, size_t l, const char *value);

/*
 * Updates the series (i, j): i indexes the first label's values and j the
 * second's (0 where the family has fewer labels). A NULL m (a family that
 * was never registered) and indexes out of range are ignored. Any thread.
 *   add: a counter's increment (delta >= 0) or a gauge's change;
 *   set: a gauge's value, or a counter copied from a source that counts;
 *   observe_us: one histogram observation of us microseconds.
 */
void dbf_metric_add(dbf_metric *m, size_t i, size_t j, int64_t delta);
void dbf_metric_set(dbf_metric *m, size_t i, size_t j, int64_t value);
void dbf_metric_observe_us(dbf_metric *m, size_t i, size_t j, uint64_t us);

/* The value of a counter or gauge series, or the count of a histogram series (0 out of range). */
int64_t dbf_metric_get(const dbf_metric *m, size_t i, size_t j);

/*
 * Appends every family of r, in registration order, in the text format:
 * # HELP, # TYPE, then one line per series (histograms: cumulative
 * _bucket lines with le, then _sum in seconds and _count). DBF_ERR_TOO_BIG
 * when out's cap is reached (out then holds a cut text: do not serve it).
 */
dbf_err dbf_metrics_render(dbf_metrics *r, dbf_buf *out);

/* The Content-Type of the text: "text/plain; version=0.0.4; charset=utf-8". */
#define DBF_METRICS_CONTENT_TYPE "text/plain; version=0.0.4; charset=utf-8"

#endif
