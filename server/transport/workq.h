/*
 * workq.h - the worker pool that runs every handler callback.
 *
 * A fixed set of threads pulls work from one ready list. Work is always
 * posted to a serial executor (dbf_serial): jobs of one executor run one at
 * a time and in the order they were posted, which is how the transport
 * keeps each call's callbacks ordered without a lock in the handlers.
 *
 * Jobs are intrusive (dbf_job lives inside its owner), so posting never
 * allocates and never fails: a completion-queue thread can always hand an
 * event over without blocking or dropping it. The queue is bounded at
 * admission instead: dbf_workq_admit() refuses new calls while the backlog
 * is above its limit, and each admitted call has a small fixed number of
 * jobs in flight, so the total stays bounded.
 */
#ifndef DBF_TRANSPORT_WORKQ_H
#define DBF_TRANSPORT_WORKQ_H

#include <stdbool.h>
#include <stddef.h>

#include "core/err.h"

typedef struct dbf_workq dbf_workq;
typedef struct dbf_job dbf_job;
typedef struct dbf_serial dbf_serial;

typedef void (*dbf_job_fn)(dbf_job *job);

/* One unit of work. Embed it in the owner and recover the owner in fn. */
struct dbf_job {
  dbf_job *next; /* private to the queue */
  dbf_job_fn fn;
  bool final; /* the executor's last job: fn may free it, so it is not touched after */
};

/* A FIFO of jobs that run one at a time. Embed it; init with dbf_serial_init. */
struct dbf_serial {
  dbf_workq *q;
  dbf_job *head, *tail;   /* pending jobs, guarded by the queue lock */
  bool scheduled;         /* on the ready list or running on a worker */
  dbf_serial *next_ready; /* ready-list link */
};

/*
 * Starts threads workers. max_backlog bounds dbf_workq_admit (0 means
 * 4096). Returns a new queue in *out, freed with dbf_workq_destroy.
 */
dbf_err dbf_workq_create(int threads, size_t max_backlog, dbf_workq **out, dbf_status *st);
/*
 * Runs every job already posted, then stops and joins the threads. Posting
 * after this started is a bug. NULL is fine.
 */
void dbf_workq_destroy(dbf_workq *q);
/* False when the backlog of queued jobs is past the limit: shed new work. */
bool dbf_workq_admit(dbf_workq *q);
/*
 * dbf_workq_admit that also takes the place: true when the backlog had
 * room, and the job is then counted in it until it runs. Where the limit
 * is small and exact (the model lane), two callers checking at once could
 * otherwise both take the last place. Post the job with
 * dbf_serial_post_reserved, or give the place back with dbf_workq_release.
 */
bool dbf_workq_reserve(dbf_workq *q);
void dbf_workq_release(dbf_workq *q);

/* Binds s (owned by the caller) to q. The executor needs no cleanup. */
void dbf_serial_init(dbf_serial *s, dbf_workq *q);
/*
 * Queues job (borrowed until its fn starts; it may be re-posted from its
 * own fn) on s. Never blocks and never fails. Any thread.
 */
void dbf_serial_post(dbf_serial *s, dbf_job *job);
/* dbf_serial_post for a job whose place dbf_workq_reserve took. */
void dbf_serial_post_reserved(dbf_serial *s, dbf_job *job);
/*
 * Runs job on the calling thread when s has nothing queued or running,
 * which saves a thread hand-off; otherwise posts it as dbf_serial_post
 * does. Only for jobs that never block (the caller may be a
 * completion-queue thread). Returns whether the job ran inline.
 */
bool dbf_serial_run_or_post(dbf_serial *s, dbf_job *job);

#endif
