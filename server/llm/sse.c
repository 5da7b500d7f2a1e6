/*
 * sse.c - incremental Server-Sent Events parser (see sse.h).
 *
 * The parser copies bytes into a line buffer until a line terminator, then
 * interprets the line. Because a CRLF pair may be split across two feeds,
 * a CR sets after_cr and a following LF is swallowed. All buffers share one
 * cap per event so a peer cannot make us grow without bound.
 */
#include "llm/sse.h"

#include <string.h>

static const unsigned char bom_bytes[3] = {0xEF, 0xBB, 0xBF};

void dbf_sse_init(dbf_sse_parser *p, size_t max, dbf_sse_cb cb, void *arg) {
  memset(p, 0, sizeof(*p));
  p->max = max;
  p->cb = cb;
  p->arg = arg;
  dbf_buf_init(&p->line, max);
  dbf_buf_init(&p->data, max);
  dbf_buf_init(&p->type, max);
  dbf_buf_init(&p->id, max);
}

void dbf_sse_free(dbf_sse_parser *p) {
  dbf_buf_free(&p->line);
  dbf_buf_free(&p->data);
  dbf_buf_free(&p->type);
  dbf_buf_free(&p->id);
}

bool dbf_sse_pending(const dbf_sse_parser *p) {
  return p->line.len > 0 || p->data.len > 0 || p->type.len > 0;
}

/* Bytes held for the pending event; the cap applies to their sum. */
static size_t held(const dbf_sse_parser *p) {
  return p->line.len + p->data.len + p->type.len;
}

static dbf_err fail(dbf_sse_parser *p, dbf_err rc) {
  p->failed = rc;
  return rc;
}

static dbf_err dispatch(dbf_sse_parser *p) {
  if (p->data.len == 0) {
    /* No data lines: the spec says to drop the event and its type. */
    dbf_buf_reset(&p->type);
    return DBF_OK;
  }
  p->data.len--; /* the LF appended after the last data line */
  p->data.data[p->data.len] = '\0';
  dbf_sse_event ev = {
      .type = p->type.len ? p->type.data : "message",
      .data = p->data.data,
      .data_len = p->data.len,
      .id = p->id.len ? p->id.data : "",
      .done = p->data.len == 6 && memcmp(p->data.data, "[DONE]", 6) == 0,
  };
  dbf_err rc = p->cb ? p->cb(p->arg, &ev) : DBF_OK;
  p->events++;
  dbf_buf_reset(&p->data);
  dbf_buf_reset(&p->type);
  return rc;
}

static dbf_err set_buf(dbf_buf *b, const char *v, size_t n) {
  dbf_buf_reset(b);
  return dbf_buf_append(b, v, n);
}

static dbf_err process_line(dbf_sse_parser *p) {
  const char *s = p->line.data ? p->line.data : "";
  size_t n = p->line.len;
  dbf_err rc = DBF_OK;
  if (n == 0)
    return dispatch(p);
  if (s[0] == ':')
    goto out; /* a comment, often a keep-alive */
  const char *colon = memchr(s, ':', n);
  size_t flen = colon ? (size_t)(colon - s) : n;
  const char *v = colon ? colon + 1 : s + n;
  size_t vlen = (size_t)(s + n - v);
  if (vlen > 0 && v[0] == ' ') {
    v++;
    vlen--;
  }
  if (flen == 4 && memcmp(s, "data", 4) == 0) {
    /* The line itself is still held, so this never doubles the cap. */
    if (p->data.len + vlen + 1 > p->max)
      return DBF_ERR_TOO_BIG;
    rc = dbf_buf_append(&p->data, v, vlen);
    if (!rc)
      rc = dbf_buf_append(&p->data, "\n", 1);
  } else if (flen == 5 && memcmp(s, "event", 5) == 0) {
    rc = set_buf(&p->type, v, vlen);
  } else if (flen == 2 && memcmp(s, "id", 2) == 0) {
    if (!memchr(v, '\0', vlen))
      rc = set_buf(&p->id, v, vlen);
  }
  /* "retry" and unknown fields are ignored, as the spec says. */
out:
  dbf_buf_reset(&p->line);
  return rc;
}

static dbf_err append_line(dbf_sse_parser *p, const char *b, size_t n) {
  if (n > p->max || held(p) > p->max - n)
    return DBF_ERR_TOO_BIG;
  return dbf_buf_append(&p->line, b, n);
}

dbf_err dbf_sse_feed(dbf_sse_parser *p, const char *bytes, size_t n) {
  dbf_err rc = DBF_OK;
  size_t i = 0;
  if (p->failed)
    return p->failed;
  /* A UTF-8 byte order mark at the very start of the stream is skipped. */
  while (!p->started && i < n) {
    if (p->bom < 3 && (unsigned char)bytes[i] == bom_bytes[p->bom]) {
      p->bom++;
      i++;
      if (p->bom == 3)
        p->started = true;
      continue;
    }
    p->started = true;
    if (p->bom > 0 && (rc = append_line(p, (const char *)bom_bytes, p->bom)))
      return fail(p, rc);
  }
  while (i < n) {
    if (p->after_cr) {
      p->after_cr = false;
      if (bytes[i] == '\n') {
        i++;
        continue;
      }
    }
    size_t j = i;
    while (j < n && bytes[j] != '\n' && bytes[j] != '\r')
      j++;
    if (j > i && (rc = append_line(p, bytes + i, j - i)))
      return fail(p, rc);
    if (j == n)
      break;
    p->after_cr = bytes[j] == '\r';
    i = j + 1;
    if ((rc = process_line(p)))
      return fail(p, rc);
  }
  return DBF_OK;
}
