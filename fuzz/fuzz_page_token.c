/*
 * fuzz_page_token.c - libFuzzer target for the page tokens of
 * server/store/pool.c (dbf__page_token_decode and _encode, store_int.h).
 *
 * Page tokens come back from clients, so the decoder sees anything. Input
 * byte 0 picks a mode. Bit 0 clear: the rest is a token, decoded into
 * buffers whose sizes bits 1-2 pick (so truncation is reached too). Bit 0
 * set: the rest is two bounds "a\0b", encoded and decoded again.
 * Invariants: decoding answers OK or INVALID; whatever decodes re-encodes
 * into a token that decodes to the same bounds; bounds without '|' that
 * fit the buffers survive a round trip unchanged.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/alloc.h"
#include "fuzz.h"
#include "store/store_int.h"

#define KIND        "fuzz"
#define FINGERPRINT 0x0123456789abcdefull

static const size_t sizes[] = {1, 8, 40, 512};

/* Encodes a and b, decodes the result, and checks both come back. */
static void round_trip(const char *a, const char *b) {
  char *tok = dbf__page_token_encode(KIND, FINGERPRINT, a, b);
  if (!tok)
    return; /* too long to encode: the encoder refuses, which is fine */
  char a2[512], b2[512];
  dbf_status st = {0};
  dbf_err rc = dbf__page_token_decode(tok, KIND, FINGERPRINT, a2, sizeof a2, b2, sizeof b2, &st);
  bool plain = !strchr(a, '|') && !strchr(b, '|');
  if (plain && (rc != DBF_OK || strcmp(a, a2) || strcmp(b, b2)))
    abort(); /* a token we issued did not come back */
  if (dbf__page_token_decode(tok, KIND, FINGERPRINT + 1, a2, sizeof a2, b2, sizeof b2, &st) ==
      DBF_OK)
    abort(); /* a token was accepted for another query */
  dbf_free(tok);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  if (size < 1)
    return 0;
  unsigned mode = data[0];
  char *text = dbf_malloc(size); /* the input after byte 0, NUL-terminated */
  if (!text)
    abort();
  memcpy(text, data + 1, size - 1);
  text[size - 1] = '\0';
  if (mode & 1u) {
    size_t la = strlen(text);
    round_trip(text, la < size - 1 ? text + la + 1 : "");
  } else {
    size_t na = sizes[(mode >> 1) & 3u], nb = sizes[(mode >> 3) & 3u];
    char *a = dbf_malloc(na), *b = dbf_malloc(nb);
    if (!a || !b)
      abort();
    dbf_status st = {0};
    dbf_err rc = dbf__page_token_decode(text, KIND, FINGERPRINT, a, na, b, nb, &st);
    if (rc != DBF_OK && rc != DBF_ERR_INVALID)
      abort();
    if (rc == DBF_OK) {
      if (strlen(a) >= na || strlen(b) >= nb)
        abort();
      round_trip(a, b);
    }
    dbf_free(a);
    dbf_free(b);
  }
  dbf_free(text);
  return 0;
}
