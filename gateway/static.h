/*
 * static.h - the web app's files (gateway/web/), served by the gateway at
 * "/": a URL path is checked and mapped to a file under one root
 * directory, its content type comes from a fixed list of extensions, and
 * every answer carries the same Content-Security-Policy (docs/gateway.md).
 */
#ifndef DBF_GATEWAY_STATIC_H
#define DBF_GATEWAY_STATIC_H

#include <stddef.h>
#include <stdint.h>

#include "core/buf.h"
#include "core/err.h"

/*
 * What the app may load: its own scripts, styles, images and fonts, and
 * fetches and WebSockets to the same origin; no inline code, no frames,
 * no plugins, no forms posted elsewhere.
 */
#define DBF_GW_STATIC_CSP                                                                          \
  "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "                \
  "font-src 'self'; connect-src 'self'; manifest-src 'self'; base-uri 'none'; "                    \
  "form-action 'self'; frame-ancestors 'none'"

#define DBF_GW_STATIC_MAX_FILE (4u << 20) /* the largest file served */

/*
 * Maps url_path (already percent-decoded, starting with '/') to a path
 * relative to the web root, written to out (cap n): "/" and any path
 * ending in '/' get "index.html". DBF_ERR_INVALID for anything that could
 * leave the root or name a hidden file: a "." or ".." segment, a segment
 * starting with '.', an empty segment ("//"), a backslash, or a byte
 * outside [A-Za-z0-9._~-/]; DBF_ERR_TOO_BIG when out is too
 * small.
 */
dbf_err dbf_gw_static_path(const char *url_path, char *out, size_t n);

/* The Content-Type for a file name by its extension; NULL when the type is not served. */
const char *dbf_gw_static_type(const char *rel);

/* The Cache-Control for a file: HTML is revalidated every time, the rest within minutes. */
const char *dbf_gw_static_cache(const char *rel);

/*
 * Reads root/rel into out (whose cap must allow DBF_GW_STATIC_MAX_FILE)
 * and writes its validator, a quoted ETag of size and modification time,
 * into etag (cap etag_n). DBF_ERR_NOT_FOUND when the file is absent, not
 * a regular file, or larger than DBF_GW_STATIC_MAX_FILE.
 */
dbf_err dbf_gw_static_read(const char *root, const char *rel, dbf_buf *out, char *etag,
                           size_t etag_n);

#endif
