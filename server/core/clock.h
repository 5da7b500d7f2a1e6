/*
 * clock.h - the one place debrief reads the clocks.
 *
 * Deadlines everywhere (gRPC, the store, model calls) are wall-clock
 * milliseconds since the Unix epoch, because a client's deadline arrives
 * that way; intervals that must not jump with the wall clock (timers,
 * latency) use the monotonic clock.
 */
#ifndef DBF_CORE_CLOCK_H
#define DBF_CORE_CLOCK_H

#include <stdint.h>

/* Milliseconds since the Unix epoch (CLOCK_REALTIME): the unit of deadlines. */
int64_t dbf_now_ms(void);
/* Milliseconds of CLOCK_MONOTONIC, for intervals and timers. */
int64_t dbf_mono_ms(void);
/* The same two clocks in microseconds, for latencies (core/metrics.h counts in them). */
int64_t dbf_now_us(void);
int64_t dbf_mono_us(void);

#endif
