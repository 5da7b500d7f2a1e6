/*
 * utf8.h - strict UTF-8 validation (RFC 3629), the one place debrief
 * decides what text is.
 *
 * Strict means: no overlong forms (C0 80 for NUL...), no UTF-16 surrogates
 * (U+D800..U+DFFF), nothing above U+10FFFF, no truncated sequence, and no
 * NUL, which C strings and PostgreSQL text cannot carry anyway. Every
 * string a client sends is checked with this before it is unpacked (see
 * server/transport/wire.c), so no handler sees bad text.
 */
#ifndef DBF_CORE_UTF8_H
#define DBF_CORE_UTF8_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/*
 * Checks n bytes at s. Returns NULL when they are valid, else a static
 * phrase naming the problem ("an overlong encoding"...), with the offset of
 * the offending sequence in *bad_at (may be NULL). *chars (may be NULL)
 * gets the number of code points read.
 */
const char *dbf_utf8_check(const uint8_t *s, size_t n, size_t *bad_at, size_t *chars);

/*
 * True when s holds an ASCII control character (U+0001..U+001F or U+007F).
 * Identifiers (a token's user and team) never do: the analytics rollups use
 * one as a team id no caller can have (sql/006_analytics_fold.sql).
 */
bool dbf_utf8_has_control(const char *s);

#endif
