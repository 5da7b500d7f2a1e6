/*
 * interview_int.h - what the interview layer's files share (interviewer.c
 * builds prompts and calls the model; schema.c says what a reply must look
 * like; ground.c checks extracted values against the answer).
 */
#ifndef DBF_INTERVIEW_INTERVIEW_INT_H
#define DBF_INTERVIEW_INTERVIEW_INT_H

#include <jansson.h>

#include "core/err.h"

/*
 * Parses a reply that must be exactly one JSON object (a ```json fence is
 * tolerated). A new reference, or NULL with DBF_ERR_INVALID in st.
 */
json_t *dbf__iv_parse_object(const char *text, dbf_status *st);
/* {"type": [type, "null"]}: a new reference. */
json_t *dbf__iv_nullable(const char *type);
/* A strict-mode object schema over props (stolen): every property
 * required, no others allowed. A new reference. */
json_t *dbf__iv_strict_object(json_t *props);
/* The JSON schema (strict-mode compatible) of a value shaped like ref; a new reference. */
json_t *dbf__iv_shape_schema(const json_t *ref, int depth);

#endif
