/*
 * openapi.h - an OpenAPI 3.0 document for the REST routes, generated from
 * the same route table and descriptors the gateway serves, so the two
 * cannot disagree. Served at /openapi.json.
 */
#ifndef DBF_GATEWAY_OPENAPI_H
#define DBF_GATEWAY_OPENAPI_H

#include <stddef.h>

#include "core/err.h"
#include "gateway/routes.h"

/* Returns the document as new text in *out (free with dbf_free), its length in *len. */
dbf_err dbf_gw_openapi_build(const dbf_gw_routes *r, const char *version, char **out, size_t *len,
                             dbf_status *st);

#endif
