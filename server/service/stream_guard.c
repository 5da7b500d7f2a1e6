/*
 * stream_guard.c - per-principal stream caps and token expiry on streams
 * (see stream_guard.h).
 *
 * Every guarded stream has a node in one list and counts against its
 * user's entry in a small hash table, both under one mutex. The node is the
 * call's principal: the transport frees it when the call is freed, and the
 * free function unlinks it under the mutex. The watchdog therefore holds no
 * reference on calls: it finishes an expired stream only while the node is
 * linked, which proves the call is still alive.
 */
#include "service/stream_guard.h"

#include <pthread.h>
#include <stdbool.h>
#include <string.h>
#include <time.h>

#include "core/alloc.h"
#include "core/clock.h"
#include "core/log.h"

#define USER_BUCKETS 1024u /* hash buckets of the per-user counts */
#define SCAN_MS      500   /* how often the watchdog looks for expired tokens */

typedef struct user_count {
  struct user_count *next;
  int open;
  char user_id[DBF_ID_MAX];
} user_count;

/* The call's principal; p first, so the call sees a plain dbf_principal. */
typedef struct guarded {
  dbf_principal p;
  struct guarded *prev, *next; /* the list of guarded streams */
  dbf_call *call;              /* weak: valid while linked */
  user_count *user;
  bool expired; /* already finished by the watchdog */
} guarded;

static struct {
  pthread_mutex_t mu;
  pthread_cond_t cv;
  user_count *buckets[USER_BUCKETS];
  guarded *streams;
  int max_per_user;
  bool running, stop;
  pthread_t thread;
} g = {.mu = PTHREAD_MUTEX_INITIALIZER, .cv = PTHREAD_COND_INITIALIZER, .max_per_user = 16};

static unsigned bucket_of(const char *s) {
  unsigned h = 2166136261u; /* FNV-1a */
  for (; *s; s++)
    h = (h ^ (unsigned char)*s) * 16777619u;
  return h % USER_BUCKETS;
}

/* The count entry of user_id, created when create is set. Caller holds g.mu. */
static user_count *user_find(const char *user_id, bool create) {
  unsigned b = bucket_of(user_id);
  for (user_count *u = g.buckets[b]; u; u = u->next)
    if (!strcmp(u->user_id, user_id))
      return u;
  if (!create)
    return NULL;
  user_count *u = dbf_calloc(1, sizeof *u);
  if (!u)
    return NULL;
  snprintf(u->user_id, sizeof u->user_id, "%s", user_id);
  u->next = g.buckets[b];
  g.buckets[b] = u;
  return u;
}

/* Drops one open stream of u, freeing the entry at zero. Caller holds g.mu. */
static void user_release(user_count *u) {
  if (--u->open > 0)
    return;
  user_count **pp = &g.buckets[bucket_of(u->user_id)];
  while (*pp != u)
    pp = &(*pp)->next;
  *pp = u->next;
  dbf_free(u);
}

static void guarded_free(void *arg) {
  guarded *n = arg;
  if (n->user) {
    pthread_mutex_lock(&g.mu);
    if (n->prev)
      n->prev->next = n->next;
    else
      g.streams = n->next;
    if (n->next)
      n->next->prev = n->prev;
    user_release(n->user);
    pthread_mutex_unlock(&g.mu);
  }
  dbf_free(n);
}

dbf_err dbf_stream_guard_attach(dbf_call *call, const dbf_method *m, dbf_principal *p,
                                dbf_status *st) {
  guarded *n = dbf_calloc(1, sizeof *n);
  if (!n) {
    dbf_free(p);
    return dbf_fail(st, DBF_ERR_NOMEM, "out of memory authenticating the call");
  }
  n->p = *p;
  dbf_free(p);
  if (m->kind != DBF_RPC_UNARY) {
    pthread_mutex_lock(&g.mu);
    user_count *u = user_find(n->p.user_id, true);
    if (!u || u->open >= g.max_per_user) {
      int max = g.max_per_user;
      pthread_mutex_unlock(&g.mu);
      dbf_free(n);
      if (!u)
        return dbf_fail(st, DBF_ERR_NOMEM, "out of memory authenticating the call");
      return dbf_fail(st, DBF_ERR_TOO_BIG,
                      "this user already has %d open streams (Converse and "
                      "WatchNotifications); close one before opening another",
                      max);
    }
    u->open++;
    n->user = u;
    n->call = call;
    n->next = g.streams;
    if (g.streams)
      g.streams->prev = n;
    g.streams = n;
    pthread_mutex_unlock(&g.mu);
  }
  dbf_call_set_principal(call, &n->p, guarded_free);
  return DBF_OK;
}

int dbf_stream_guard_count(const char *user_id) {
  pthread_mutex_lock(&g.mu);
  user_count *u = user_find(user_id, false);
  int n = u ? u->open : 0;
  pthread_mutex_unlock(&g.mu);
  return n;
}

static void *watchdog(void *arg) {
  (void)arg;
  pthread_mutex_lock(&g.mu);
  while (!g.stop) {
    struct timespec now;
    clock_gettime(CLOCK_REALTIME, &now);
    for (guarded *n = g.streams; n; n = n->next) {
      if (n->expired || n->p.valid_until <= 0 || n->p.valid_until >= now.tv_sec)
        continue;
      n->expired = true;
      /* The call is alive: its principal (n) is still linked. Finishing
       * only queues the status, so holding g.mu here is fine. */
      dbf_call_finish(n->call, DBF_ERR_UNAUTHENTICATED,
                      "the token expired; reopen the stream with a fresh token "
                      "(and resume_after_seq to get the frames missed)");
    }
    struct timespec until = dbf_clock_after(CLOCK_REALTIME, SCAN_MS); /* g.cv waits on it */
    pthread_cond_timedwait(&g.cv, &g.mu, &until);
  }
  pthread_mutex_unlock(&g.mu);
  return NULL;
}

dbf_err dbf_stream_guard_start(int max_per_user, dbf_status *st) {
  pthread_mutex_lock(&g.mu);
  if (g.running) {
    pthread_mutex_unlock(&g.mu);
    return dbf_fail(st, DBF_ERR_STATE, "the stream guard is already running");
  }
  g.max_per_user = max_per_user > 0 ? max_per_user : 16;
  g.stop = false;
  g.running = pthread_create(&g.thread, NULL, watchdog, NULL) == 0;
  bool ok = g.running;
  pthread_mutex_unlock(&g.mu);
  return ok ? DBF_OK : dbf_fail(st, DBF_ERR_INTERNAL, "could not start the stream guard thread");
}

void dbf_stream_guard_stop(void) {
  pthread_mutex_lock(&g.mu);
  bool running = g.running;
  g.stop = true;
  g.running = false;
  pthread_cond_broadcast(&g.cv);
  pthread_mutex_unlock(&g.mu);
  if (running)
    pthread_join(g.thread, NULL);
}
