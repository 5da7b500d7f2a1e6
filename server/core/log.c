/*
 * log.c - JSON-lines logger. A mutex keeps lines whole across threads; the
 * line is built before the lock is taken so the critical section is a write.
 */
#include "core/log.h"

#include <pthread.h>
#include <stdarg.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "core/alloc.h"

static dbf_log_level min_level = DBF_LOG_INFO;
static FILE *log_out;
static pthread_mutex_t log_mu = PTHREAD_MUTEX_INITIALIZER;
static _Thread_local char request_id[64];

static const char *const level_names[] = {"debug", "info", "warn", "error"};

void dbf_log_init(dbf_log_level min, FILE *out) {
  min_level = min;
  log_out = out;
}

dbf_log_level dbf_log_level_parse(const char *s, dbf_log_level def) {
  if (!s)
    return def;
  for (size_t i = 0; i < sizeof level_names / sizeof level_names[0]; i++)
    if (strcasecmp(s, level_names[i]) == 0)
      return (dbf_log_level)i;
  return def;
}

void dbf_log_set_request_id(const char *rid) {
  if (!rid) {
    request_id[0] = '\0';
    return;
  }
  snprintf(request_id, sizeof request_id, "%s", rid);
}

const char *dbf_log_request_id(void) {
  return request_id;
}

static void emit(dbf_log_level lvl, const char *event, json_t *fields) {
  json_t *line = json_object();
  if (!line) {
    json_decref(fields);
    return;
  }
  struct timespec ts;
  clock_gettime(CLOCK_REALTIME, &ts);
  struct tm tm;
  gmtime_r(&ts.tv_sec, &tm);
  char tbuf[40];
  size_t n = strftime(tbuf, sizeof tbuf, "%Y-%m-%dT%H:%M:%S", &tm);
  snprintf(tbuf + n, sizeof tbuf - n, ".%03ldZ", ts.tv_nsec / 1000000L);
  json_object_set_new(line, "ts", json_string(tbuf));
  json_object_set_new(line, "level", json_string(level_names[lvl]));
  json_object_set_new(line, "event", json_string(event ? event : ""));
  if (request_id[0])
    json_object_set_new(line, "request_id", json_string(request_id));
  if (fields) {
    json_object_update(line, fields);
    json_decref(fields);
  }
  char *text = json_dumps(line, JSON_COMPACT | JSON_PRESERVE_ORDER);
  json_decref(line);
  if (!text)
    return;
  FILE *out = log_out ? log_out : stderr;
  pthread_mutex_lock(&log_mu);
  fputs(text, out);
  fputc('\n', out);
  fflush(out);
  pthread_mutex_unlock(&log_mu);
  dbf_free(text);
}

void dbf_log(dbf_log_level lvl, const char *event, const char *fmt, ...) {
  if (lvl < min_level)
    return;
  char msg[1024];
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(msg, sizeof msg, fmt, ap);
  va_end(ap);
  json_t *fields = json_object();
  if (fields)
    json_object_set_new(fields, "msg", json_string(msg));
  emit(lvl, event, fields);
}

void dbf_log_fields(dbf_log_level lvl, const char *event, json_t *fields) {
  if (lvl < min_level) {
    json_decref(fields);
    return;
  }
  emit(lvl, event, fields);
}
