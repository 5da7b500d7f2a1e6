/* utf8.c - strict UTF-8 validation (see utf8.h). */
#include "core/utf8.h"

const char *dbf_utf8_check(const uint8_t *s, size_t n, size_t *bad_at, size_t *chars) {
  size_t i = 0, count = 0;
  const char *why = NULL;
  while (i < n) {
    uint8_t b = s[i];
    size_t len;
    uint8_t lo = 0x80, hi = 0xBF; /* the allowed range of the second byte */
    if (b == 0) {
      why = "a NUL character";
      break;
    } else if (b < 0x80) {
      len = 1;
    } else if (b < 0xC2) {
      why = b < 0xC0 ? "a stray continuation byte" : "an overlong encoding";
      break;
    } else if (b < 0xE0) {
      len = 2;
    } else if (b < 0xF0) {
      len = 3;
      if (b == 0xE0)
        lo = 0xA0; /* E0 80..9F would be overlong */
      else if (b == 0xED)
        hi = 0x9F; /* ED A0..BF are UTF-16 surrogates */
    } else if (b < 0xF5) {
      len = 4;
      if (b == 0xF0)
        lo = 0x90; /* F0 80..8F would be overlong */
      else if (b == 0xF4)
        hi = 0x8F; /* F4 90.. is above U+10FFFF */
    } else {
      why = b < 0xF8 ? "a code point above U+10FFFF" : "a byte that is never UTF-8";
      break;
    }
    if (len > n - i) {
      why = "a truncated sequence";
      break;
    }
    if (len > 1) {
      uint8_t c = s[i + 1];
      if (c < lo || c > hi) {
        why = (c & 0xC0) != 0x80 ? "a truncated sequence"
              : b == 0xED        ? "a UTF-16 surrogate"
              : b == 0xF4        ? "a code point above U+10FFFF"
                                 : "an overlong encoding";
        break;
      }
      for (size_t k = 2; k < len; k++)
        if ((s[i + k] & 0xC0) != 0x80) {
          why = "a truncated sequence";
          break;
        }
      if (why)
        break;
    }
    i += len;
    count++;
  }
  if (bad_at)
    *bad_at = i;
  if (chars)
    *chars = count;
  return why;
}

bool dbf_utf8_has_control(const char *s) {
  for (const unsigned char *p = (const unsigned char *)s; *p; p++)
    if (*p < 0x20 || *p == 0x7f)
      return true;
  return false;
}
