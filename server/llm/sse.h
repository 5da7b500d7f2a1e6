/*
 * sse.h - an incremental parser for Server-Sent Events (the WHATWG
 * "text/event-stream" format) as the LLM providers stream them.
 *
 * Bytes are fed in whatever pieces the network delivers: an event, a line,
 * even a CRLF pair may be split at any byte. Lines end in CRLF, LF or CR.
 * A line starting with ':' is a comment. "data:" lines accumulate (joined
 * with '\n'), "event:" and "id:" set the event's type and id, and an empty
 * line dispatches the event. An event whose pending bytes would pass the cap
 * is an error, never unbounded growth, and the parser stays failed.
 */
#ifndef DBF_LLM_SSE_H
#define DBF_LLM_SSE_H

#include <stdbool.h>
#include <stddef.h>

#include "core/buf.h"
#include "core/err.h"

/* One dispatched event. Every pointer is borrowed until the callback returns. */
typedef struct dbf_sse_event {
  const char *type; /* the "event:" value, "message" when none was given */
  const char *data; /* the joined "data:" lines, NUL-terminated */
  size_t data_len;
  const char *id; /* the last "id:" seen on the stream, "" when none */
  bool done;      /* data is exactly "[DONE]" (OpenAI's end-of-stream marker) */
} dbf_sse_event;

/* Called per event; a non-OK return stops the parser and is returned by feed. */
typedef dbf_err (*dbf_sse_cb)(void *arg, const dbf_sse_event *ev);

typedef struct dbf_sse_parser {
  dbf_buf line;  /* the current, unterminated line */
  dbf_buf data;  /* data lines of the pending event */
  dbf_buf type;  /* event type of the pending event */
  dbf_buf id;    /* last event id */
  size_t max;    /* cap on line + data + type bytes of one event */
  bool data_set; /* a data line was seen for the pending event */
  bool after_cr; /* the previous byte was CR: a following LF is part of it */
  bool started;  /* a first byte was seen (to skip a leading BOM) */
  size_t bom;    /* BOM bytes matched so far */
  dbf_err failed;
  dbf_sse_cb cb;
  void *arg;
  size_t events; /* events dispatched so far */
} dbf_sse_parser;

/* Prepares p; cb(arg, ev) is called per event. max caps one event's bytes. */
void dbf_sse_init(dbf_sse_parser *p, size_t max, dbf_sse_cb cb, void *arg);
/*
 * Parses n more bytes. Returns DBF_ERR_TOO_BIG past the cap, or the first
 * non-OK callback result; either way later feeds return the same error.
 */
dbf_err dbf_sse_feed(dbf_sse_parser *p, const char *bytes, size_t n);
/* True when bytes of an undispatched event are pending (a truncated stream). */
bool dbf_sse_pending(const dbf_sse_parser *p);
/* Frees the buffers; p may be initialised again. */
void dbf_sse_free(dbf_sse_parser *p);

#endif
