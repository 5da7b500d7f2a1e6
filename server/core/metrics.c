/*
 * metrics.c - the metrics registry and its Prometheus text renderer
 * (metrics.h).
 *
 * A family keeps everything in one arena: its names, its label values as
 * given (for dbf_metric_index and the shape check) and as rendered
 * (`name="escaped"`, made once at registration), and its cells. A counter
 * or gauge series is one cell; a histogram series is nbuckets + 2 cells:
 * the count of each bucket (not cumulative, so an observation adds to one
 * cell), the +Inf bucket, and the sum in microseconds. Cumulative counts
 * and the total are made when rendering.
 */
#include "core/metrics.h"

#include <inttypes.h>
#include <math.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <string.h>

#include "core/alloc.h"
#include "core/arena.h"
#include "core/utf8.h"

#define FAMILY_ARENA_CAP (16u << 20) /* far above what the limits in metrics.h allow */

typedef _Atomic uint64_t cell;

struct dbf_metric {
  dbf_metric *next; /* registration order (the registry's mu) */
  dbf_arena *arena; /* owns the family and everything below */
  const char *name;
  const char *help; /* escaped */
  dbf_metric_type type;
  bool sparse;
  bool us_as_seconds;
  size_t nlabels;
  const char *label[DBF_METRIC_MAX_LABELS];
  size_t nvalues[DBF_METRIC_MAX_LABELS]; /* 1 for a label the family does not have */
  const char **values[DBF_METRIC_MAX_LABELS];
  const char **pairs[DBF_METRIC_MAX_LABELS]; /* `label="value"`, escaped */
  size_t nbuckets;
  uint64_t bound_us[DBF_METRIC_MAX_BUCKETS];
  size_t stride; /* cells per series */
  size_t nseries;
  cell *cells;
};

struct dbf_metrics {
  pthread_mutex_t mu; /* guards the list; held while rendering */
  dbf_metric *head, *tail;
};

static dbf_metrics default_registry = {.mu = PTHREAD_MUTEX_INITIALIZER};

dbf_metrics *dbf_metrics_default(void) {
  return &default_registry;
}

dbf_metrics *dbf_metrics_new(void) {
  dbf_metrics *r = dbf_calloc(1, sizeof *r);
  if (r)
    pthread_mutex_init(&r->mu, NULL);
  return r;
}

void dbf_metrics_free(dbf_metrics *r) {
  if (!r)
    return;
  DBF_ASSERT(r != &default_registry);
  dbf_metric *m = r->head;
  while (m) {
    dbf_metric *next = m->next;
    dbf_arena_destroy(m->arena);
    m = next;
  }
  pthread_mutex_destroy(&r->mu);
  dbf_free(r);
}

/* ---- registration ---- */

static bool name_ok(const char *s, bool colon) {
  if (!s || !*s || (*s >= '0' && *s <= '9'))
    return false;
  for (; *s; s++) {
    char c = *s;
    if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' ||
          (colon && c == ':')))
      return false;
  }
  return true;
}

static dbf_err check_desc(const dbf_metric_desc *d, dbf_status *st) {
  if (!name_ok(d->name, true))
    return dbf_fail(st, DBF_ERR_INVALID, "metric name \"%s\" is not [a-zA-Z_:][a-zA-Z0-9_:]*",
                    d->name ? d->name : "(null)");
  if (d->type != DBF_METRIC_COUNTER && d->type != DBF_METRIC_GAUGE &&
      d->type != DBF_METRIC_HISTOGRAM)
    return dbf_fail(st, DBF_ERR_INVALID, "metric %s has an unknown type", d->name);
  if (d->us_as_seconds && d->type != DBF_METRIC_COUNTER)
    return dbf_fail(st, DBF_ERR_INVALID, "metric %s: only a counter counts microseconds", d->name);
  if (d->sparse && d->type == DBF_METRIC_GAUGE)
    return dbf_fail(st, DBF_ERR_INVALID, "gauge %s cannot be sparse: 0 is a value", d->name);
  if (d->nlabels > DBF_METRIC_MAX_LABELS)
    return dbf_fail(st, DBF_ERR_INVALID, "metric %s has more than %d labels", d->name,
                    DBF_METRIC_MAX_LABELS);
  size_t series = 1;
  for (size_t l = 0; l < d->nlabels; l++) {
    const dbf_metric_label *lb = &d->labels[l];
    if (!name_ok(lb->name, false) || !strncmp(lb->name, "__", 2) ||
        (d->type == DBF_METRIC_HISTOGRAM && !strcmp(lb->name, "le")))
      return dbf_fail(st, DBF_ERR_INVALID, "metric %s: label name \"%s\" is not allowed", d->name,
                      lb->name ? lb->name : "(null)");
    if (l == 1 && !strcmp(lb->name, d->labels[0].name))
      return dbf_fail(st, DBF_ERR_INVALID, "metric %s names label %s twice", d->name, lb->name);
    if (lb->n == 0 || lb->n > DBF_METRIC_MAX_VALUES || !lb->values)
      return dbf_fail(st, DBF_ERR_INVALID, "metric %s: label %s needs 1 to %d values", d->name,
                      lb->name, DBF_METRIC_MAX_VALUES);
    for (size_t i = 0; i < lb->n; i++) {
      const char *v = lb->values[i];
      if (!v || dbf_utf8_check((const uint8_t *)v, strlen(v), NULL, NULL))
        return dbf_fail(st, DBF_ERR_INVALID, "metric %s: value %zu of label %s is not UTF-8",
                        d->name, i, lb->name);
      for (size_t k = 0; k < i; k++)
        if (!strcmp(lb->values[k], v))
          return dbf_fail(st, DBF_ERR_INVALID, "metric %s: label %s lists \"%s\" twice", d->name,
                          lb->name, v);
    }
    series *= lb->n;
  }
  if (series > DBF_METRIC_MAX_SERIES)
    return dbf_fail(st, DBF_ERR_INVALID, "metric %s would have %zu series; the cap is %d", d->name,
                    series, DBF_METRIC_MAX_SERIES);
  if (d->type != DBF_METRIC_HISTOGRAM)
    return d->nbuckets
               ? dbf_fail(st, DBF_ERR_INVALID, "metric %s has buckets but is no histogram", d->name)
               : DBF_OK;
  if (d->nbuckets == 0 || d->nbuckets > DBF_METRIC_MAX_BUCKETS || !d->buckets)
    return dbf_fail(st, DBF_ERR_INVALID, "histogram %s needs 1 to %d buckets", d->name,
                    DBF_METRIC_MAX_BUCKETS);
  double prev = 0;
  for (size_t b = 0; b < d->nbuckets; b++) {
    double v = d->buckets[b];
    if (!isfinite(v) || v <= 0 || v > 1e9 || (b && llround(v * 1e6) <= llround(prev * 1e6)))
      return dbf_fail(st, DBF_ERR_INVALID,
                      "histogram %s: buckets must increase by at least a microsecond, from above "
                      "0 to at most 1e9 s",
                      d->name);
    prev = v;
  }
  return DBF_OK;
}

/* Appends s to b with the escapes of the text format: \\ and \n, and \" when quoted. */
static dbf_err escape(dbf_buf *b, const char *s, bool quoted) {
  dbf_err rc = DBF_OK;
  for (; *s && rc == DBF_OK; s++) {
    if (*s == '\\')
      rc = dbf_buf_appends(b, "\\\\");
    else if (*s == '\n')
      rc = dbf_buf_appends(b, "\\n");
    else if (*s == '"' && quoted)
      rc = dbf_buf_appends(b, "\\\"");
    else
      rc = dbf_buf_append(b, s, 1);
  }
  return rc;
}

/* An escaped copy of s in a (label="value" when label is set); NULL when out of memory. */
static char *escaped_copy(dbf_arena *a, const char *label, const char *s) {
  dbf_buf b;
  dbf_buf_init(&b, FAMILY_ARENA_CAP);
  dbf_err rc = label ? dbf_buf_printf(&b, "%s=\"", label) : dbf_buf_appends(&b, "");
  if (rc == DBF_OK)
    rc = escape(&b, s, label != NULL);
  if (rc == DBF_OK && label)
    rc = dbf_buf_appends(&b, "\"");
  char *out = rc == DBF_OK ? dbf_arena_strndup(a, b.data, b.len) : NULL;
  dbf_buf_free(&b);
  return out;
}

/* Builds the family of d (already checked) in its own arena; NULL when out of memory. */
static dbf_metric *family_new(const dbf_metric_desc *d) {
  dbf_arena *a = dbf_arena_create(FAMILY_ARENA_CAP);
  dbf_metric *m = a ? dbf_arena_calloc(a, 1, sizeof *m) : NULL;
  if (!m)
    goto fail;
  m->arena = a;
  m->type = d->type;
  m->sparse = d->sparse;
  m->us_as_seconds = d->us_as_seconds;
  m->nlabels = d->nlabels;
  m->name = dbf_arena_strdup(a, d->name);
  m->help = escaped_copy(a, NULL, d->help ? d->help : "");
  if (!m->name || !m->help)
    goto fail;
  m->nseries = 1;
  for (size_t l = 0; l < DBF_METRIC_MAX_LABELS; l++) {
    m->nvalues[l] = 1;
    if (l >= d->nlabels)
      continue;
    const dbf_metric_label *lb = &d->labels[l];
    m->nvalues[l] = lb->n;
    m->nseries *= lb->n;
    m->label[l] = dbf_arena_strdup(a, lb->name);
    m->values[l] = dbf_arena_calloc(a, lb->n, sizeof *m->values[l]);
    m->pairs[l] = dbf_arena_calloc(a, lb->n, sizeof *m->pairs[l]);
    if (!m->label[l] || !m->values[l] || !m->pairs[l])
      goto fail;
    for (size_t i = 0; i < lb->n; i++) {
      m->values[l][i] = dbf_arena_strdup(a, lb->values[i]);
      m->pairs[l][i] = escaped_copy(a, lb->name, lb->values[i]);
      if (!m->values[l][i] || !m->pairs[l][i])
        goto fail;
    }
  }
  m->nbuckets = d->type == DBF_METRIC_HISTOGRAM ? d->nbuckets : 0;
  for (size_t b = 0; b < m->nbuckets; b++)
    m->bound_us[b] = (uint64_t)llround(d->buckets[b] * 1e6);
  m->stride = d->type == DBF_METRIC_HISTOGRAM ? m->nbuckets + 2 : 1;
  m->cells = dbf_arena_calloc(a, m->nseries * m->stride, sizeof *m->cells);
  if (!m->cells)
    goto fail;
  for (size_t c = 0; c < m->nseries * m->stride; c++)
    atomic_init(&m->cells[c], 0);
  return m;
fail:
  dbf_arena_destroy(a);
  return NULL;
}

static bool same_shape(const dbf_metric *x, const dbf_metric *y) {
  if (x->type != y->type || x->sparse != y->sparse || x->us_as_seconds != y->us_as_seconds ||
      x->nlabels != y->nlabels || x->nbuckets != y->nbuckets || strcmp(x->help, y->help))
    return false;
  for (size_t b = 0; b < x->nbuckets; b++)
    if (x->bound_us[b] != y->bound_us[b])
      return false;
  for (size_t l = 0; l < x->nlabels; l++) {
    if (strcmp(x->label[l], y->label[l]) || x->nvalues[l] != y->nvalues[l])
      return false;
    for (size_t i = 0; i < x->nvalues[l]; i++)
      if (strcmp(x->values[l][i], y->values[l][i]))
        return false;
  }
  return true;
}

dbf_err dbf_metrics_register(dbf_metrics *r, const dbf_metric_desc *d, dbf_metric **out,
                             dbf_status *st) {
  *out = NULL;
  dbf_err rc = check_desc(d, st);
  if (rc)
    return rc;
  dbf_metric *m = family_new(d);
  if (!m)
    return dbf_fail(st, DBF_ERR_NOMEM, "out of memory registering metric %s", d->name);
  pthread_mutex_lock(&r->mu);
  dbf_metric *old = r->head;
  while (old && strcmp(old->name, m->name))
    old = old->next;
  if (!old) {
    if (r->tail)
      r->tail->next = m;
    else
      r->head = m;
    r->tail = m;
    *out = m;
    m = NULL;
  } else if (same_shape(old, m)) {
    *out = old;
  } else {
    rc =
        dbf_fail(st, DBF_ERR_EXISTS, "metric %s is already registered with another shape", d->name);
  }
  pthread_mutex_unlock(&r->mu);
  if (m)
    dbf_arena_destroy(m->arena);
  return rc;
}

dbf_metric *dbf_metrics_find(dbf_metrics *r, const char *name) {
  pthread_mutex_lock(&r->mu);
  dbf_metric *m = r->head;
  while (m && strcmp(m->name, name))
    m = m->next;
  pthread_mutex_unlock(&r->mu);
  return m;
}

size_t dbf_metric_index(const dbf_metric *m, size_t l, const char *value) {
  if (!m || l >= m->nlabels || !value)
    return SIZE_MAX;
  for (size_t i = 0; i < m->nvalues[l]; i++)
    if (!strcmp(m->values[l][i], value))
      return i;
  return SIZE_MAX;
}

/* ---- updates: relaxed atomics only ---- */

/* The first cell of series (i, j), or NULL when m is NULL or either index is out of range. */
static cell *series(const dbf_metric *m, size_t i, size_t j) {
  if (!m || i >= m->nvalues[0] || j >= m->nvalues[1])
    return NULL;
  return m->cells + (i * m->nvalues[1] + j) * m->stride;
}

void dbf_metric_add(dbf_metric *m, size_t i, size_t j, int64_t delta) {
  cell *c = series(m, i, j);
  if (c && m->type != DBF_METRIC_HISTOGRAM)
    atomic_fetch_add_explicit(c, (uint64_t)delta, memory_order_relaxed);
}

void dbf_metric_set(dbf_metric *m, size_t i, size_t j, int64_t value) {
  cell *c = series(m, i, j);
  if (c && m->type != DBF_METRIC_HISTOGRAM)
    atomic_store_explicit(c, (uint64_t)value, memory_order_relaxed);
}

void dbf_metric_observe_us(dbf_metric *m, size_t i, size_t j, uint64_t us) {
  cell *c = series(m, i, j);
  if (!c || m->type != DBF_METRIC_HISTOGRAM)
    return;
  size_t b = 0;
  while (b < m->nbuckets && us > m->bound_us[b])
    b++;
  atomic_fetch_add_explicit(&c[b], 1, memory_order_relaxed); /* b == nbuckets: +Inf */
  atomic_fetch_add_explicit(&c[m->nbuckets + 1], us, memory_order_relaxed);
}

/* A histogram series' buckets, made cumulative in cum (nbuckets + 1 of them); returns the count. */
static uint64_t cumulative(const dbf_metric *m, const cell *c, uint64_t *cum) {
  uint64_t total = 0;
  for (size_t b = 0; b <= m->nbuckets; b++) {
    total += atomic_load_explicit(&c[b], memory_order_relaxed);
    cum[b] = total;
  }
  return total;
}

int64_t dbf_metric_get(const dbf_metric *m, size_t i, size_t j) {
  const cell *c = series(m, i, j);
  if (!c)
    return 0;
  if (m->type != DBF_METRIC_HISTOGRAM)
    return (int64_t)atomic_load_explicit(c, memory_order_relaxed);
  uint64_t cum[DBF_METRIC_MAX_BUCKETS + 1];
  return (int64_t)cumulative(m, c, cum);
}

/* ---- the text format ---- */

/* Microseconds as seconds in decimal, exactly and without trailing zeros ("0.0025", "30"). */
static void fmt_seconds(char out[32], uint64_t us) {
  int n = snprintf(out, 32, "%" PRIu64 ".%06" PRIu64, us / 1000000, us % 1000000);
  while (n > 0 && out[n - 1] == '0')
    out[--n] = '\0';
  if (n > 0 && out[n - 1] == '.')
    out[--n] = '\0';
}

/* Appends name{labels of (i, j)[,le="le"]} and a space; no braces when there is nothing in them. */
static dbf_err series_name(dbf_buf *o, const dbf_metric *m, const char *suffix, size_t i, size_t j,
                           const char *le) {
  dbf_err rc = dbf_buf_printf(o, "%s%s", m->name, suffix);
  if (rc == DBF_OK && (m->nlabels || le)) {
    size_t idx[DBF_METRIC_MAX_LABELS] = {i, j};
    rc = dbf_buf_appends(o, "{");
    for (size_t l = 0; rc == DBF_OK && l < m->nlabels; l++)
      rc = dbf_buf_printf(o, "%s%s", l ? "," : "", m->pairs[l][idx[l]]);
    if (rc == DBF_OK && le)
      rc = dbf_buf_printf(o, "%sle=\"%s\"", m->nlabels ? "," : "", le);
    if (rc == DBF_OK)
      rc = dbf_buf_appends(o, "}");
  }
  if (rc == DBF_OK)
    rc = dbf_buf_appends(o, " ");
  return rc;
}

static dbf_err render_histogram(dbf_buf *o, const dbf_metric *m, size_t i, size_t j) {
  const cell *c = series(m, i, j);
  uint64_t cum[DBF_METRIC_MAX_BUCKETS + 1];
  uint64_t count = cumulative(m, c, cum);
  if (m->sparse && count == 0)
    return DBF_OK;
  uint64_t sum_us = atomic_load_explicit(&c[m->nbuckets + 1], memory_order_relaxed);
  char le[32];
  dbf_err rc = DBF_OK;
  for (size_t b = 0; rc == DBF_OK && b <= m->nbuckets; b++) {
    if (b < m->nbuckets)
      fmt_seconds(le, m->bound_us[b]);
    else
      snprintf(le, sizeof le, "+Inf");
    rc = series_name(o, m, "_bucket", i, j, le);
    if (rc == DBF_OK)
      rc = dbf_buf_printf(o, "%" PRIu64 "\n", cum[b]);
  }
  char sum[32];
  fmt_seconds(sum, sum_us);
  if (rc == DBF_OK)
    rc = series_name(o, m, "_sum", i, j, NULL);
  if (rc == DBF_OK)
    rc = dbf_buf_printf(o, "%s\n", sum);
  if (rc == DBF_OK)
    rc = series_name(o, m, "_count", i, j, NULL);
  if (rc == DBF_OK)
    rc = dbf_buf_printf(o, "%" PRIu64 "\n", count);
  return rc;
}

static dbf_err render_family(dbf_buf *o, const dbf_metric *m) {
  static const char *const TYPES[] = {"counter", "gauge", "histogram"};
  dbf_err rc =
      dbf_buf_printf(o, "# HELP %s %s\n# TYPE %s %s\n", m->name, m->help, m->name, TYPES[m->type]);
  for (size_t i = 0; rc == DBF_OK && i < m->nvalues[0]; i++) {
    for (size_t j = 0; rc == DBF_OK && j < m->nvalues[1]; j++) {
      if (m->type == DBF_METRIC_HISTOGRAM) {
        rc = render_histogram(o, m, i, j);
        continue;
      }
      uint64_t v = atomic_load_explicit(series(m, i, j), memory_order_relaxed);
      if (m->sparse && v == 0)
        continue;
      char secs[32];
      rc = series_name(o, m, "", i, j, NULL);
      if (rc == DBF_OK && m->us_as_seconds) {
        fmt_seconds(secs, v);
        rc = dbf_buf_printf(o, "%s\n", secs);
      } else if (rc == DBF_OK) {
        rc = m->type == DBF_METRIC_GAUGE ? dbf_buf_printf(o, "%" PRId64 "\n", (int64_t)v)
                                         : dbf_buf_printf(o, "%" PRIu64 "\n", v);
      }
    }
  }
  return rc;
}

dbf_err dbf_metrics_render(dbf_metrics *r, dbf_buf *out) {
  dbf_err rc = DBF_OK;
  pthread_mutex_lock(&r->mu);
  for (const dbf_metric *m = r->head; m && rc == DBF_OK; m = m->next)
    rc = render_family(out, m);
  pthread_mutex_unlock(&r->mu);
  return rc;
}
