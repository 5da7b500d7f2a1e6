/*
 * devtoken.h - POST /dev/token, the development sign-in of the web app:
 * only when the gateway runs with DEBRIEF_DEV_MODE=1 and an HS256
 * DEBRIEF_JWT_SECRET, it mints a short-lived token for a user, role and
 * team the caller picks, so a local run needs no token tooling. Everywhere
 * else the path is 404 (docs/gateway.md).
 */
#ifndef DBF_GATEWAY_DEVTOKEN_H
#define DBF_GATEWAY_DEVTOKEN_H

#include <stddef.h>

#include "core/buf.h"
#include "core/err.h"

#define DBF_GW_DEV_TOKEN_TTL_S 3600 /* a development token lives an hour */

/*
 * Reads body, {"user": ..., "role": "member"|"manager"|"admin", "team": ...}
 * (team optional; user and team 1 to 64 of [A-Za-z0-9._@-]), and appends
 * {"token": "<jwt>", "expiresIn": 3600} to out, signed with secret (HS256,
 * sub, role, team, iat, exp). DBF_ERR_INVALID with st's message for a bad
 * body.
 */
dbf_err dbf_gw_dev_token(const char *secret, const char *body, size_t len, dbf_buf *out,
                         dbf_status *st);

#endif
