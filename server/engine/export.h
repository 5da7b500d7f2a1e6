/*
 * export.h - rendering a session's export document as JSON, Markdown, CSV
 * or JSON lines (docs/export.md). Pure CPU: no SQL, no gRPC, no clock.
 *
 * The input is the export document, a JSON object that the service builds
 * from the store's rows and that is itself the JSON format:
 *
 *   {"format": "debrief.export.v1",
 *    "session": {"id", "template_slug", "template_version", "owner_id",
 *                "team_id", "state", "subject": {"kind", "key", "title",
 *                "attributes"}, "create_time", "update_time", "start_time",
 *                "complete_time", "turn_count", "end_reason"},
 *    "record": {"<field>": {"value", "confidence", "evidence_seq", "source"}},
 *    "summary": {...} or null,
 *    "insights": [{"id", "kind", "text", "confidence", "status"}],
 *    "transcript": [{"seq", "role", "kind", "text", "create_time"}]  (optional)}
 *
 * Missing or mistyped members render as empty, never crash: a document is
 * data a person may have written. Every function appends to a capped
 * dbf_buf, so a caller bounds the output by the buffer's max
 * (DBF_ERR_TOO_BIG past it).
 */
#ifndef DBF_ENGINE_EXPORT_H
#define DBF_ENGINE_EXPORT_H

#include <stddef.h>
#include <stdint.h>

#include <jansson.h>

#include "core/buf.h"
#include "core/err.h"

/* The same numbers as debrief.v1.ExportFormat. */
typedef enum dbf_export_format {
  DBF_EXPORT_JSON = 1,     /* the document, indented */
  DBF_EXPORT_MARKDOWN = 2, /* a readable report */
  DBF_EXPORT_CSV = 3,      /* one row per field (RFC 4180, CRLF) */
  DBF_EXPORT_JSONL = 4,    /* one line per message (one session) or per session (many) */
} dbf_export_format;

/* The value of "format" in every document this version writes. */
#define DBF_EXPORT_DOC_FORMAT "debrief.export.v1"

/* "application/json" etc.; NULL for an unknown format. Static. */
const char *dbf_export_content_type(dbf_export_format f);
/* "json", "md", "csv", "jsonl"; NULL for an unknown format. Static. */
const char *dbf_export_extension(dbf_export_format f);

/* Bytes an RFC 3339 timestamp needs with its NUL ("2026-10-06T14:00:00.123456Z"). */
#define DBF_EXPORT_TS_LEN 40
/*
 * Writes us (microseconds since the epoch) as RFC 3339 UTC, with the
 * fraction only when it is not zero (3 or 6 digits). Years outside
 * 0001..9999 are clamped to the range proto3 JSON allows.
 */
void dbf_export_rfc3339(int64_t us, char out[DBF_EXPORT_TS_LEN]);

/*
 * Appends v as JSON: keys in the object's order, doubles as the shortest
 * text that reads back the same, strings escaped per RFC 8259 (and U+2028,
 * U+2029). indent 0 is compact on one line; indent > 0 indents by that
 * many spaces per level. Nesting past 64 levels is DBF_ERR_INVALID.
 */
dbf_err dbf_export_json(dbf_buf *out, const json_t *v, int indent);

/*
 * One session in format f: JSON (the document indented by 2, with a final
 * newline), MARKDOWN, CSV (header and one row per record field) or JSONL
 * (one line per transcript message; none when the document has no
 * transcript).
 */
dbf_err dbf_export_session(dbf_buf *out, const json_t *doc, dbf_export_format f);

/* The CSV columns of one row per field, in order. */
extern const char *const dbf_export_field_columns[];
extern const size_t dbf_export_n_field_columns;

/* Appends one CSV row of n cells (each quoted when it needs it), CRLF-terminated. */
dbf_err dbf_export_csv_row(dbf_buf *out, const char *const *cells, size_t n);
/* Appends the rows of doc's record, one per field, without a header. */
dbf_err dbf_export_csv_fields(dbf_buf *out, const json_t *doc);
/*
 * Appends one CSV row whose cells are obj's members named by cols: strings
 * as they are, null or missing as empty, anything else as compact JSON.
 */
dbf_err dbf_export_csv_object(dbf_buf *out, const json_t *obj, const char *const *cols, size_t n);

#endif
