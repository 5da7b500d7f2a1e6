/*
 * export_service.c - debrief.v1.ExportService, the export half:
 * ExportSession (one session as JSON, Markdown, CSV or JSON lines) and
 * ExportSessions (any number of sessions, or their totals, streamed in
 * chunks). docs/export.md describes the formats; the rendering is the
 * engine's (engine/export.h), the reads the store's (store/exports.c).
 *
 * Visibility follows sessions: a member exports their own, a manager
 * their team's, an admin everyone's; a session the caller may not see is
 * NOT_FOUND, and a many-session export only ever holds what the caller may
 * see. The store puts the scope into every WHERE clause.
 *
 * ExportSessions runs on the worker that started it, for as long as the
 * export lasts, in a loop that keeps memory flat whatever the number of
 * sessions: it reads one keyset batch (EXPORT_BATCH rows; no transaction
 * or cursor stays open between batches), renders it row by row into
 * chunks of at most EXPORT_CHUNK bytes, and before each chunk waits until
 * the client has taken all but EXPORT_WINDOW queued bytes
 * (dbf_call_wait_writable). A client that goes away ends the loop at its
 * next chunk; one that takes nothing for EXPORT_STALL_MS is dropped. At
 * most EXPORT_MAX_RUNNING exports run at once on a server, so exports
 * never hold more than that many workers; each also counts against the
 * caller's streams (DEBRIEF_MAX_STREAMS_PER_USER).
 */
#include <inttypes.h>
#include <stdatomic.h>
#include <stdio.h>
#include <string.h>

#include "core/alloc.h"
#include "core/buf.h"
#include "core/log.h"
#include "debrief/v1/export_service.pb-c.h"
#include "engine/export.h"
#include "service/app.h"
#include "service/services.h"
#include "service/validate.h"
#include "store/store.h"

#define EXPORT_BATCH       100          /* sessions read per batch */
#define EXPORT_CHUNK       (64 * 1024)  /* bytes of one ExportSessionsResponse.chunk, at most */
#define EXPORT_WINDOW      (256 * 1024) /* bytes queued towards the client before we wait */
#define EXPORT_STALL_MS    60000        /* a client that takes nothing this long is dropped */
#define EXPORT_ROW_MAX     (8u << 20)   /* one session rendered, at most */
#define EXPORT_MAX_RUNNING 2            /* ExportSessions running at once (and half the workers) */
#define EXPORT_MAX_GROUPS  10000        /* template and state groups of a totals report */
#define MAX_TRANSCRIPT     1000         /* messages in one ExportSession */
#define MAX_STATES         6            /* states in one filter */
#define MAX_ID_LEN         128          /* owner_id */
#define MAX_SLUG_LEN       64           /* template_slug */

static atomic_int running; /* ExportSessions calls in their loop now */

/* ---- validation ---- */

static dbf_err check_format(int32_t v, bool streaming, dbf_export_format *out, dbf_status *st) {
  if (v == DEBRIEF__V1__EXPORT_FORMAT__EXPORT_FORMAT_UNSPECIFIED) {
    *out = streaming ? DBF_EXPORT_JSONL : DBF_EXPORT_JSON;
    return DBF_OK;
  }
  if (v < DBF_EXPORT_JSON || v > DBF_EXPORT_JSONL)
    return dbf_fail(st, DBF_ERR_INVALID,
                    "format must be an ExportFormat from EXPORT_FORMAT_JSON (1) to "
                    "EXPORT_FORMAT_JSONL (4), or 0 for the default, got %d",
                    (int)v);
  if (streaming && (v == DBF_EXPORT_JSON || v == DBF_EXPORT_MARKDOWN))
    return dbf_fail(st, DBF_ERR_INVALID,
                    "format %s is not available for a streaming export; use EXPORT_FORMAT_JSONL "
                    "(4) or EXPORT_FORMAT_CSV (3), or ExportSession for one session",
                    v == DBF_EXPORT_JSON ? "EXPORT_FORMAT_JSON (1)" : "EXPORT_FORMAT_MARKDOWN (2)");
  *out = (dbf_export_format)v;
  return DBF_OK;
}

/* ---- the export document (engine/export.h) from the store's row ---- */

static json_t *ts_or_null(int64_t us) {
  if (!us)
    return json_null();
  char ts[DBF_EXPORT_TS_LEN];
  dbf_export_rfc3339(us, ts);
  return json_string(ts);
}

static json_t *str_or_empty(const char *s) {
  return json_string(s ? s : "");
}

/* A new export document for r; NULL when out of memory. */
static json_t *export_doc(const dbf_export_row *r) {
  const dbf_session *s = r->session;
  json_t *subject =
      json_pack("{s:o, s:o, s:o, s:O}", "kind", str_or_empty(s->subject_kind), "key",
                str_or_empty(s->subject_key), "title", str_or_empty(s->subject_title), "attributes",
                s->subject_attributes ? s->subject_attributes : json_null());
  json_t *sess = json_pack(
      "{s:s, s:o, s:i, s:o, s:o, s:s, s:o, s:o, s:o, s:o, s:o, s:i, s:o}", "id", s->id,
      "template_slug", str_or_empty(s->template_slug), "template_version", s->template_version,
      "owner_id", str_or_empty(s->owner_id), "team_id", str_or_empty(s->team_id), "state",
      dbf_session_state_name(s->state), "subject", subject ? subject : json_null(), "create_time",
      ts_or_null(s->create_us), "update_time", ts_or_null(s->update_us), "start_time",
      ts_or_null(s->start_us), "complete_time", ts_or_null(s->complete_us), "turn_count",
      s->turn_count, "end_reason", s->end_reason ? json_string(s->end_reason) : json_null());
  json_t *doc = json_pack("{s:s, s:o, s:O, s:O, s:O}", "format", DBF_EXPORT_DOC_FORMAT, "session",
                          sess ? sess : json_null(), "record", s->record ? s->record : json_null(),
                          "summary", s->summary ? s->summary : json_null(), "insights",
                          r->insights ? r->insights : json_null());
  if (!subject || !sess || !doc) {
    json_decref(doc);
    return NULL;
  }
  if (r->transcript) {
    json_t *tr = json_array();
    size_t i;
    json_t *m;
    if (!tr || json_object_set_new(doc, "transcript", tr)) {
      json_decref(doc);
      return NULL;
    }
    json_array_foreach(r->transcript, i, m) {
      json_t *line =
          json_pack("{s:O?, s:O?, s:O?, s:O?, s:o}", "seq", json_object_get(m, "seq"), "role",
                    json_object_get(m, "role"), "kind", json_object_get(m, "kind"), "text",
                    json_object_get(m, "text"), "create_time",
                    ts_or_null(json_integer_value(json_object_get(m, "create_us"))));
      if (!line || json_array_append_new(tr, line)) {
        json_decref(doc);
        return NULL;
      }
    }
  }
  return doc;
}

/* ---- ExportSession ---- */

static dbf_err export_session(dbf_call *call, const ProtobufCMessage *req_, ProtobufCMessage **resp,
                              dbf_status *st) {
  const Debrief__V1__ExportSessionRequest *req = (const Debrief__V1__ExportSessionRequest *)req_;
  dbf_app *app = dbf_service_app(call);
  dbf_arena *a = dbf_call_arena(call);
  dbf_store_viewer who = dbf_service_viewer(call);
  dbf_export_format fmt = DBF_EXPORT_JSON; /* set by check_format; -O3 cannot see that */
  dbf_export_row row = {0};
  json_t *doc = NULL;
  dbf_buf out;
  /* The reply must fit one message, with room for its other fields. */
  size_t cap = (size_t)app->cfg->max_message_bytes - 4096;
  dbf_buf_init(&out, cap);
  dbf_err rc = dbf_svc_check_uuid("session_id", req->session_id, true, st);
  if (!rc)
    rc = check_format(req->format, false, &fmt, st);
  if (rc)
    return rc;
  /* JSON lines are the transcript, one line per message. */
  bool transcript = req->include_transcript || fmt == DBF_EXPORT_JSONL;
  rc = dbf_store_export_session(app->store, dbf_call_deadline_ms(call), &who, req->session_id,
                                transcript ? MAX_TRANSCRIPT : 0, &row, st);
  if (rc)
    goto out;
  if (!(doc = export_doc(&row))) {
    rc = dbf_svc_nomem(st);
    goto out;
  }
  rc = dbf_export_session(&out, doc, fmt);
  if (rc == DBF_ERR_TOO_BIG) {
    rc = dbf_fail(st, DBF_ERR_TOO_BIG,
                  "the export of session '%s' passes %zu bytes, more than one message holds; %s",
                  req->session_id, cap,
                  transcript ? "export it without the transcript, or with ExportSessions"
                             : "export it with ExportSessions");
    goto out;
  }
  if (rc) {
    rc = dbf_fail(st, rc, "could not render session '%s'", req->session_id);
    goto out;
  }
  Debrief__V1__ExportSessionResponse *r = dbf_arena_alloc(a, sizeof *r);
  char name[64];
  snprintf(name, sizeof name, "debrief-%s.%s", req->session_id, dbf_export_extension(fmt));
  if (!r) {
    rc = dbf_svc_nomem(st);
    goto out;
  }
  debrief__v1__export_session_response__init(r);
  r->content_type = dbf_svc_str(a, dbf_export_content_type(fmt));
  r->filename = dbf_svc_str(a, name);
  r->content.len = out.len;
  r->content.data = out.len ? dbf_arena_alloc(a, out.len) : NULL;
  if (!r->content_type || !r->filename || (out.len && !r->content.data)) {
    rc = dbf_svc_nomem(st);
    goto out;
  }
  if (out.len)
    memcpy(r->content.data, out.data, out.len);
  *resp = &r->base;
out:
  json_decref(doc);
  dbf_export_row_clear(&row);
  dbf_buf_free(&out);
  return rc;
}

/* ---- ExportSessions ---- */

/* The chunker: bytes accumulate in buf and leave in chunks of EXPORT_CHUNK. */
typedef struct streamer {
  dbf_call *call;
  const char *content_type;
  dbf_buf buf; /* pending bytes, less than EXPORT_CHUNK between calls */
  uint64_t bytes, chunks;
} streamer;

/* Sends buf[0..n) as one chunk once the client has room for it. */
static dbf_err send_chunk(streamer *s, const char *p, size_t n, dbf_status *st) {
  dbf_err rc = dbf_call_wait_writable(s->call, EXPORT_WINDOW, EXPORT_STALL_MS);
  if (rc == DBF_ERR_DEADLINE)
    return dbf_fail(st, DBF_ERR_TOO_BIG,
                    "the client took no export data for %d s; read the stream as it comes",
                    EXPORT_STALL_MS / 1000);
  if (rc)
    return dbf_fail(st, DBF_ERR_CANCELLED, "the export was cancelled");
  Debrief__V1__ExportSessionsResponse m = DEBRIEF__V1__EXPORT_SESSIONS_RESPONSE__INIT;
  m.chunk.data = (uint8_t *)p;
  m.chunk.len = n;
  m.content_type = (char *)s->content_type;
  rc = dbf_call_send(s->call, &m.base);
  if (rc == DBF_ERR_CANCELLED)
    return dbf_fail(st, rc, "the export was cancelled");
  if (rc)
    return dbf_fail(st, rc, "could not queue an export chunk");
  s->bytes += n;
  s->chunks++;
  return DBF_OK;
}

/* Appends p[0..n) to the stream, sending every full chunk. */
static dbf_err emit(streamer *s, const char *p, size_t n, dbf_status *st) {
  while (n) {
    size_t room = EXPORT_CHUNK - s->buf.len, take = n < room ? n : room;
    dbf_err rc = dbf_buf_append(&s->buf, p, take);
    if (rc)
      return dbf_fail(st, rc, "out of memory building an export chunk");
    p += take;
    n -= take;
    if (s->buf.len == EXPORT_CHUNK) {
      if ((rc = send_chunk(s, s->buf.data, s->buf.len, st)))
        return rc;
      dbf_buf_reset(&s->buf);
    }
  }
  return DBF_OK;
}

static dbf_err flush(streamer *s, dbf_status *st) {
  /* An empty export still sends one (empty) chunk, so a client sees its content type. */
  if (!s->buf.len && s->chunks)
    return DBF_OK;
  dbf_err rc = send_chunk(s, s->buf.data ? s->buf.data : "", s->buf.len, st);
  dbf_buf_reset(&s->buf);
  return rc;
}

static const char *const totals_columns[] = {
    "template_slug", "state",          "sessions",          "turns",
    "avg_turns",     "avg_duration_s", "first_create_time", "last_create_time",
};

/* The totals report: one line (JSONL) or row (CSV) per template and state. */
static dbf_err stream_totals(streamer *s, dbf_app *app, int64_t deadline,
                             const dbf_store_viewer *who, const dbf_session_filter *f,
                             dbf_export_format fmt, dbf_buf *row, dbf_status *st) {
  json_t *groups = NULL;
  dbf_err rc =
      dbf_store_export_totals(app->store, deadline, who, f, EXPORT_MAX_GROUPS, &groups, st);
  if (rc)
    return rc;
  size_t i;
  json_t *g;
  if (fmt == DBF_EXPORT_CSV)
    rc = dbf_export_csv_row(row, totals_columns, DBF_ARRAY_LEN(totals_columns));
  json_array_foreach(groups, i, g) {
    if (rc)
      break;
    /* Microseconds become RFC 3339 times, like every time of an export. */
    const char *us_keys[] = {"first_create_us", "last_create_us"};
    const char *ts_keys[] = {"first_create_time", "last_create_time"};
    for (size_t k = 0; k < 2; k++) {
      json_t *t = ts_or_null(json_integer_value(json_object_get(g, us_keys[k])));
      json_object_del(g, us_keys[k]);
      if (!t || json_object_set_new(g, ts_keys[k], t))
        rc = DBF_ERR_NOMEM;
    }
    if (!rc && fmt == DBF_EXPORT_CSV)
      rc = dbf_export_csv_object(row, g, totals_columns, DBF_ARRAY_LEN(totals_columns));
    else if (!rc && !(rc = dbf_export_json(row, g, 0)))
      rc = dbf_buf_append(row, "\n", 1);
  }
  json_decref(groups);
  if (rc)
    return dbf_fail(st, rc, "could not render the export totals");
  rc = emit(s, row->data ? row->data : "", row->len, st);
  dbf_buf_reset(row);
  return rc;
}

/* The sessions, batch after batch: JSONL one line per session, CSV one row per field. */
static dbf_err stream_sessions(streamer *s, dbf_app *app, int64_t deadline,
                               const dbf_store_viewer *who, const dbf_session_filter *f,
                               dbf_export_format fmt, dbf_buf *row, uint64_t *n_sessions,
                               dbf_status *st) {
  dbf_export_cursor cursor = {0};
  dbf_err rc = DBF_OK;
  if (fmt == DBF_EXPORT_CSV) {
    rc = dbf_export_csv_row(row, dbf_export_field_columns, dbf_export_n_field_columns);
    if (!rc)
      rc = emit(s, row->data, row->len, st);
    dbf_buf_reset(row);
  }
  while (!rc) {
    if (dbf_call_cancelled(s->call))
      return dbf_fail(st, DBF_ERR_CANCELLED, "the export was cancelled");
    dbf_export_batch b = {0};
    if ((rc = dbf_store_export_batch(app->store, deadline, who, f, &cursor, EXPORT_BATCH, &b, st)))
      break;
    if (!b.n) {
      dbf_export_batch_free(&b);
      break;
    }
    for (size_t i = 0; !rc && i < b.n; i++) {
      json_t *doc = export_doc(&b.rows[i]);
      if (!doc) {
        rc = dbf_fail(st, DBF_ERR_NOMEM, "out of memory exporting session '%s'",
                      b.rows[i].session->id);
        break;
      }
      if (fmt == DBF_EXPORT_CSV)
        rc = dbf_export_csv_fields(row, doc);
      else if (!(rc = dbf_export_json(row, doc, 0)))
        rc = dbf_buf_append(row, "\n", 1);
      json_decref(doc);
      if (rc == DBF_ERR_TOO_BIG) {
        rc = dbf_fail(st, rc,
                      "session '%s' renders to more than %u bytes, more than an export "
                      "holds for one session",
                      b.rows[i].session->id, EXPORT_ROW_MAX);
        break;
      }
      if (rc) {
        rc = dbf_fail(st, rc, "could not render session '%s'", b.rows[i].session->id);
        break;
      }
      rc = emit(s, row->data ? row->data : "", row->len, st);
      dbf_buf_reset(row);
      (*n_sessions)++;
    }
    dbf_export_batch_free(&b);
  }
  return rc;
}

static dbf_err export_sessions(dbf_call *call, const ProtobufCMessage *req_, dbf_status *st) {
  const Debrief__V1__ExportSessionsRequest *req = (const Debrief__V1__ExportSessionsRequest *)req_;
  dbf_app *app = dbf_service_app(call);
  dbf_store_viewer who = dbf_service_viewer(call);
  dbf_export_format fmt = DBF_EXPORT_JSON; /* set by check_format; -O3 cannot see that */
  dbf_session_state states[MAX_STATES];
  dbf_session_filter f = {.states = states};
  dbf_err rc = check_format(req->format, true, &fmt, st);
  if (rc)
    return rc;
  int report = (int)req->report;
  if (report < DEBRIEF__V1__EXPORT_REPORT__EXPORT_REPORT_UNSPECIFIED ||
      report > DEBRIEF__V1__EXPORT_REPORT__EXPORT_REPORT_TOTALS)
    return dbf_fail(st, DBF_ERR_INVALID,
                    "report must be EXPORT_REPORT_SESSIONS (1) or EXPORT_REPORT_TOTALS (2), or 0 "
                    "for sessions, got %d",
                    report);
  if ((rc = dbf_session_states_in(req->states, req->n_states, states, MAX_STATES, st)))
    return rc;
  f.n_states = req->n_states;
  if ((rc = dbf_svc_check_len("template_slug", req->template_slug, MAX_SLUG_LEN, st)) ||
      (rc = dbf_svc_check_len("owner_id", req->owner_id, MAX_ID_LEN, st)))
    return rc;
  if (dbf_svc_utf8_chars(req->template_slug ? req->template_slug : "") < 0 ||
      dbf_svc_utf8_chars(req->owner_id ? req->owner_id : "") < 0)
    return dbf_fail(st, DBF_ERR_INVALID, "template_slug and owner_id must be valid UTF-8");
  if ((rc = dbf_session_period_in(req->created_after, req->created_before, &f, st)))
    return rc;
  if (who.scope == DBF_SCOPE_OWN && req->owner_id && *req->owner_id &&
      strcmp(req->owner_id, who.user_id) != 0)
    return dbf_fail(st, DBF_ERR_PERMISSION,
                    "a member exports only their own sessions: leave owner_id empty or set it "
                    "to '%s'",
                    who.user_id);
  f.template_slug = req->template_slug;
  f.owner_id = req->owner_id;

  /* Half the workers at most, so turns always keep some (one with a single worker). */
  int cap = app->cfg->worker_threads / 2;
  cap = cap < 1 ? 1 : cap > EXPORT_MAX_RUNNING ? EXPORT_MAX_RUNNING : cap;
  if (atomic_fetch_add(&running, 1) >= cap) {
    atomic_fetch_sub(&running, 1);
    return dbf_fail(st, DBF_ERR_TOO_BIG,
                    "%d exports are running on this server, the most at once; retry in a moment",
                    cap);
  }
  streamer s = {.call = call, .content_type = dbf_export_content_type(fmt)};
  dbf_buf row;
  uint64_t n_sessions = 0;
  dbf_buf_init(&s.buf, EXPORT_CHUNK);
  dbf_buf_init(&row, EXPORT_ROW_MAX);
  int64_t deadline = dbf_call_deadline_ms(call);
  if (report == DEBRIEF__V1__EXPORT_REPORT__EXPORT_REPORT_TOTALS)
    rc = stream_totals(&s, app, deadline, &who, &f, fmt, &row, st);
  else
    rc = stream_sessions(&s, app, deadline, &who, &f, fmt, &row, &n_sessions, st);
  if (!rc)
    rc = flush(&s, st);
  dbf_buf_free(&s.buf);
  dbf_buf_free(&row);
  atomic_fetch_sub(&running, 1);
  json_t *fields =
      json_pack("{s:s, s:s, s:I, s:I, s:I, s:s}", "format", dbf_export_extension(fmt), "report",
                report == DEBRIEF__V1__EXPORT_REPORT__EXPORT_REPORT_TOTALS ? "totals" : "sessions",
                "sessions", (json_int_t)n_sessions, "bytes", (json_int_t)s.bytes, "chunks",
                (json_int_t)s.chunks, "status", rc ? dbf_err_name(rc) : "OK");
  dbf_log_fields(rc ? DBF_LOG_WARN : DBF_LOG_INFO, "export.finished", fields);
  if (rc)
    return rc; /* the transport ends the call with st */
  dbf_call_finish(call, DBF_OK, NULL);
  return DBF_OK;
}

/* ---- registration ---- */

static dbf_method export_methods[] = {
    {
        .path = "/debrief.v1.ExportService/ExportSession",
        .kind = DBF_RPC_UNARY,
        .request = &debrief__v1__export_session_request__descriptor,
        .response = &debrief__v1__export_session_response__descriptor,
        .unary = export_session,
        .policy = DBF_POLICY_MEMBER,
    },
    {
        .path = "/debrief.v1.ExportService/ExportSessions",
        .kind = DBF_RPC_SERVER_STREAMING,
        .request = &debrief__v1__export_sessions_request__descriptor,
        .response = &debrief__v1__export_sessions_response__descriptor,
        .on_start = export_sessions,
        .policy = DBF_POLICY_MEMBER,
    },
};

dbf_err dbf_export_service_register(dbf_app *app, dbf_server *srv, dbf_status *st) {
  for (size_t i = 0; i < DBF_ARRAY_LEN(export_methods); i++)
    export_methods[i].data = app;
  return dbf_server_add_methods(srv, export_methods, DBF_ARRAY_LEN(export_methods), st);
}
