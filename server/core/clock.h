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

#include <pthread.h>
#include <stdint.h>
#include <time.h>

/* Milliseconds since the Unix epoch (CLOCK_REALTIME): the unit of deadlines. */
int64_t dbf_now_ms(void);
/* Milliseconds of CLOCK_MONOTONIC, for intervals and timers. */
int64_t dbf_mono_ms(void);
/* The same two clocks in microseconds, for latencies (core/metrics.h counts in them). */
int64_t dbf_now_us(void);
int64_t dbf_mono_us(void);

/*
 * The instant ms milliseconds from now on clock id, in the form
 * pthread_cond_timedwait takes (ms < 0 counts as 0). A condition variable
 * made by dbf_cond_init_mono waits on CLOCK_MONOTONIC; one made with the
 * default attributes waits on CLOCK_REALTIME.
 */
struct timespec dbf_clock_after(clockid_t id, int64_t ms);
/* Initialises cv so that its timed waits count on CLOCK_MONOTONIC, which does
 * not jump when the wall clock is set. Returns pthread_cond_init's result. */
int dbf_cond_init_mono(pthread_cond_t *cv);

/*
 * The proleptic Gregorian calendar without libc time zone state (Howard
 * Hinnant's "days from civil" algorithms): days since 1970-01-01 of a date
 * (m 1..12, d 1..31), and the date of a day number. Any int64 year range
 * a timestamp can reach.
 */
int64_t dbf_days_from_civil(int64_t y, unsigned m, unsigned d);
void dbf_civil_from_days(int64_t days, int64_t *y, unsigned *m, unsigned *d);

#endif
