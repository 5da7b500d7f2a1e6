/*
 * workq.c - fixed worker threads draining a ready list of serial executors.
 *
 * One mutex guards the ready list and every executor's job list. The
 * critical sections are a few pointer moves, so a single lock is simpler
 * than per-executor locks and is not the bottleneck next to a handler that
 * talks to PostgreSQL.
 */
#include "transport/workq.h"

#include <pthread.h>

#include "core/alloc.h"

#define WORKQ_DEFAULT_BACKLOG 4096u

struct dbf_workq {
  pthread_mutex_t mu;
  pthread_cond_t cv;
  dbf_serial *ready_head, *ready_tail;
  size_t queued; /* jobs posted and not yet started */
  size_t max_backlog;
  bool stopping;
  int nthreads;
  pthread_t *threads;
};

static void ready_push(dbf_workq *q, dbf_serial *s) {
  s->next_ready = NULL;
  if (q->ready_tail)
    q->ready_tail->next_ready = s;
  else
    q->ready_head = s;
  q->ready_tail = s;
}

/* After one of s's jobs ran: s goes back on the ready list if more are
 * queued, else it is idle. Caller holds q->mu. */
static void job_ran_locked(dbf_workq *q, dbf_serial *s) {
  if (s->head) {
    ready_push(q, s);
    pthread_cond_signal(&q->cv);
  } else {
    s->scheduled = false;
  }
}

static void *worker_main(void *arg) {
  dbf_workq *q = arg;
  pthread_mutex_lock(&q->mu);
  for (;;) {
    while (!q->ready_head && !q->stopping)
      pthread_cond_wait(&q->cv, &q->mu);
    dbf_serial *s = q->ready_head;
    if (!s)
      break; /* stopping and drained */
    q->ready_head = s->next_ready;
    if (!q->ready_head)
      q->ready_tail = NULL;
    dbf_job *job = s->head;
    s->head = job->next;
    if (!s->head)
      s->tail = NULL;
    q->queued--;
    bool final = job->final;
    pthread_mutex_unlock(&q->mu);

    /* s stays "scheduled" while job runs, so no other worker can start the
     * next job of the same executor: that is the per-call ordering. A final
     * job may free the memory holding s, so s is not touched after it. */
    job->fn(job);
    pthread_mutex_lock(&q->mu);
    if (!final)
      job_ran_locked(q, s);
  }
  pthread_mutex_unlock(&q->mu);
  return NULL;
}

dbf_err dbf_workq_create(int threads, size_t max_backlog, dbf_workq **out, dbf_status *st) {
  dbf_err rc = DBF_OK;
  *out = NULL;
  if (threads < 1)
    return dbf_fail(st, DBF_ERR_INVALID, "worker_threads must be at least 1, got %d", threads);
  dbf_workq *q = dbf_calloc(1, sizeof *q);
  if (!q)
    return dbf_fail(st, DBF_ERR_NOMEM, "out of memory creating the worker pool");
  pthread_mutex_init(&q->mu, NULL);
  pthread_cond_init(&q->cv, NULL);
  q->max_backlog = max_backlog ? max_backlog : WORKQ_DEFAULT_BACKLOG;
  q->threads = dbf_calloc((size_t)threads, sizeof *q->threads);
  if (!q->threads) {
    rc = dbf_fail(st, DBF_ERR_NOMEM, "out of memory creating the worker pool");
    goto out;
  }
  for (int i = 0; i < threads; i++) {
    if (pthread_create(&q->threads[i], NULL, worker_main, q)) {
      rc = dbf_fail(st, DBF_ERR_INTERNAL, "cannot start worker thread %d", i);
      goto out;
    }
    q->nthreads++;
  }
  *out = q;
  q = NULL;
out:
  dbf_workq_destroy(q);
  return rc;
}

void dbf_workq_destroy(dbf_workq *q) {
  if (!q)
    return;
  pthread_mutex_lock(&q->mu);
  q->stopping = true;
  pthread_cond_broadcast(&q->cv);
  pthread_mutex_unlock(&q->mu);
  for (int i = 0; i < q->nthreads; i++)
    pthread_join(q->threads[i], NULL);
  dbf_free(q->threads);
  pthread_cond_destroy(&q->cv);
  pthread_mutex_destroy(&q->mu);
  dbf_free(q);
}

bool dbf_workq_admit(dbf_workq *q) {
  pthread_mutex_lock(&q->mu);
  bool ok = q->queued < q->max_backlog;
  pthread_mutex_unlock(&q->mu);
  return ok;
}

void dbf_serial_init(dbf_serial *s, dbf_workq *q) {
  s->q = q;
  s->head = s->tail = NULL;
  s->scheduled = false;
  s->next_ready = NULL;
}

bool dbf_workq_reserve(dbf_workq *q) {
  pthread_mutex_lock(&q->mu);
  bool ok = q->queued < q->max_backlog;
  if (ok)
    q->queued++; /* the place is taken now; the post counts it no more */
  pthread_mutex_unlock(&q->mu);
  return ok;
}

void dbf_workq_release(dbf_workq *q) {
  pthread_mutex_lock(&q->mu);
  q->queued--;
  pthread_mutex_unlock(&q->mu);
}

/* Queues job on s; counted: the job's place in the backlog is not yet taken. */
static void serial_post(dbf_serial *s, dbf_job *job, bool counted) {
  dbf_workq *q = s->q;
  job->next = NULL;
  pthread_mutex_lock(&q->mu);
  if (s->tail)
    s->tail->next = job;
  else
    s->head = job;
  s->tail = job;
  if (counted)
    q->queued++;
  if (!s->scheduled) {
    s->scheduled = true;
    ready_push(q, s);
    pthread_cond_signal(&q->cv);
  }
  pthread_mutex_unlock(&q->mu);
}

void dbf_serial_post(dbf_serial *s, dbf_job *job) {
  serial_post(s, job, true);
}

void dbf_serial_post_reserved(dbf_serial *s, dbf_job *job) {
  serial_post(s, job, false);
}

bool dbf_serial_run_or_post(dbf_serial *s, dbf_job *job) {
  dbf_workq *q = s->q;
  pthread_mutex_lock(&q->mu);
  if (s->scheduled) {
    pthread_mutex_unlock(&q->mu);
    dbf_serial_post(s, job);
    return false;
  }
  /* Scheduled, but on no ready list: workers leave s alone while job runs
   * here, and jobs posted meanwhile queue behind it. */
  s->scheduled = true;
  bool final = job->final;
  pthread_mutex_unlock(&q->mu);
  job->fn(job);
  if (final)
    return true;
  pthread_mutex_lock(&q->mu);
  job_ran_locked(q, s);
  pthread_mutex_unlock(&q->mu);
  return true;
}
