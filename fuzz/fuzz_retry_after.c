/*
 * fuzz_retry_after.c - libFuzzer target for the Retry-After parser of the
 * CRM delivery worker (server/delivery/retry.c, dbf_delivery_retry_after_ms).
 *
 * The header comes from the webhook receiver, so the parser sees anything.
 * The input is the header value (cut at the first NUL). Invariants: an
 * accepted value gives a wait in [0, max] seconds, never negative and never
 * past the cap, whatever "now" is; digits-only values are accepted.
 */
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/alloc.h"
#include "delivery/delivery.h"
#include "fuzz.h"

#define MAX_S 3600

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  char *v = dbf_malloc(size + 1);
  if (!v)
    abort();
  memcpy(v, data, size);
  v[size] = '\0';
  const int64_t nows[] = {0, 1700000000, 4102444800};
  for (size_t i = 0; i < sizeof nows / sizeof *nows; i++) {
    int64_t ms = -1;
    if (dbf_delivery_retry_after_ms(v, nows[i], MAX_S, &ms) && (ms < 0 || ms > MAX_S * 1000))
      abort(); /* a wait outside [0, cap] */
  }
  size_t n = strlen(v);
  bool digits = n > 0;
  for (size_t i = 0; i < n; i++)
    digits = digits && v[i] >= '0' && v[i] <= '9';
  int64_t ms;
  if (digits && !dbf_delivery_retry_after_ms(v, 0, MAX_S, &ms))
    abort(); /* delay-seconds refused */
  dbf_free(v);
  return 0;
}
