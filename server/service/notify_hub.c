/*
 * notify_hub.c - the LISTEN thread and the registry of live watch calls
 * (see notify_hub.h for the design).
 *
 * Locking: hub.mu guards the registry and the hub's flags and is never
 * held across database work or a watcher lock. Each watcher's mu
 * serializes its deliveries (replay, live, re-scan) and guards last_id and
 * the sent ring. Watchers are reference counted: the registry holds one,
 * the call's user slot holds one, and a delivery in flight holds one, so
 * on_done, stop and a delivery can race safely.
 */
#include "service/notify_hub.h"

#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <poll.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "core/alloc.h"
#include "core/clock.h"
#include "core/log.h"
#include "core/metrics.h"
#include "debrief/v1/notification_service.pb-c.h"
#include "service/pbjson.h"

#define BUCKETS        256 /* registry hash buckets (by user id) */
#define SENT_RING      64  /* recently sent ids per watcher, for late commits */
#define SCAN_PAGE      100 /* rows per read */
#define BATCH_USERS    64  /* users coalesced from one wake-up's NOTIFYs */
#define MAX_KINDS      8
#define POLL_MS        1000 /* listener wait: bounds how stale a dead link can get */
#define BACKOFF_MIN_MS 250
#define BACKOFF_MAX_MS 10000
#define READ_BUDGET_MS 5000 /* deadline of one delivery read */
#define CONNECT_MS     3000 /* per attempt, LISTEN included */
#define ARENA_BYTES    (4u << 20)
#define USER_ID_MAX    DBF_STORE_NOTIFY_USER_MAX /* what a NOTIFY can name */

struct dbf_watcher {
  dbf_watcher *next;  /* registry bucket chain (hub.mu) */
  atomic_int refs;    /* registry + call slot + deliveries in flight */
  pthread_mutex_t mu; /* serializes deliveries; guards the fields below */
  dbf_call *call;     /* referenced until the watcher is freed */
  char user_id[USER_ID_MAX];
  const char *kinds[MAX_KINDS]; /* static database names */
  size_t n_kinds;
  int64_t last_id;         /* highest id delivered (or skipped as "before the watch") */
  int64_t sent[SENT_RING]; /* ring of ids delivered, to send late commits exactly once */
  size_t sent_pos;
  int64_t sent_floor; /* highest id pushed out of the ring: at or below it, "not in the ring"
                         no longer means "never sent" */
  bool closed;        /* finished or done: deliver nothing more */
  bool registered;    /* in the registry (hub.mu) */
};

/* Upper bounds of debrief_notify_fanout_lag_seconds. */
static const double LAG_BUCKETS[] = {0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1,
                                     0.25,  0.5,    1,     2.5,  5,     10,   30};
static const char *const PATHS[] = {"live", "replay"}; /* debrief_notify_delivered_total */

/* The hub's metrics (docs/operations.md); registered by dbf_notify_hub_start. */
static struct { dbf_metric *lag, *delivered, *listening; } metrics;

static struct {
  pthread_mutex_t mu;
  dbf_watcher *buckets[BUCKETS];
  bool running;   /* the thread exists */
  bool accepting; /* new watches are allowed */
  bool stopping;
  int wake[2]; /* self-pipe: stop wakes the poll at once */
  pthread_t thread;
  dbf_app *app;
} hub = {.mu = PTHREAD_MUTEX_INITIALIZER, .wake = {-1, -1}};

static size_t bucket_of(const char *user_id) {
  uint64_t h = 0xcbf29ce484222325ull;
  for (const unsigned char *p = (const unsigned char *)user_id; *p; p++)
    h = (h ^ *p) * 0x100000001b3ull;
  return (size_t)(h % BUCKETS);
}

/* ---- conversions (shared with notification_service.c) ---- */

static const char *const kind_db[] = {
    [DEBRIEF__V1__NOTIFICATION_KIND__NOTIFICATION_KIND_INACTIVITY_WARNING] = "inactivity_warning",
    [DEBRIEF__V1__NOTIFICATION_KIND__NOTIFICATION_KIND_SESSION_EXPIRING] = "session_expiring",
    [DEBRIEF__V1__NOTIFICATION_KIND__NOTIFICATION_KIND_SESSION_EXPIRED] = "session_expired",
    [DEBRIEF__V1__NOTIFICATION_KIND__NOTIFICATION_KIND_SESSION_COMPLETED] = "session_completed",
    [DEBRIEF__V1__NOTIFICATION_KIND__NOTIFICATION_KIND_INSIGHTS_READY] = "insights_ready",
};

const char *dbf_notification_kind_db(int kind) {
  return kind > 0 && (size_t)kind < DBF_ARRAY_LEN(kind_db) ? kind_db[kind] : NULL;
}

dbf_err dbf_notification_to_pb(dbf_arena *a, const dbf_notification *n,
                               Debrief__V1__Notification **out, dbf_status *st) {
  Debrief__V1__Notification *p = dbf_arena_alloc(a, sizeof *p);
  if (!p)
    return dbf_fail(st, DBF_ERR_NOMEM, "out of memory building a notification");
  debrief__v1__notification__init(p);
  p->id = n->id;
  for (size_t k = 1; k < DBF_ARRAY_LEN(kind_db); k++)
    if (n->kind && !strcmp(n->kind, kind_db[k]))
      p->kind = (Debrief__V1__NotificationKind)k;
  p->session_id = dbf_arena_strdup(a, n->session_id);
  p->text = dbf_arena_strdup(a, n->text ? n->text : "");
  p->create_time = dbf_pbjson_timestamp(a, n->create_us);
  if (!p->session_id || !p->text)
    return dbf_fail(st, DBF_ERR_NOMEM, "out of memory building a notification");
  if (json_object_size(n->data)) {
    dbf_err rc = dbf_pbjson_to_struct(a, n->data, "notification.data", &p->data, st);
    if (rc)
      return rc;
  }
  *out = p;
  return DBF_OK;
}

/* ---- watchers ---- */

static void watcher_unref(dbf_watcher *w) {
  if (!w || atomic_fetch_sub(&w->refs, 1) != 1)
    return;
  dbf_call_unref(w->call);
  pthread_mutex_destroy(&w->mu);
  dbf_free(w);
}

static bool was_sent(const dbf_watcher *w, int64_t id) {
  for (size_t i = 0; i < SENT_RING; i++)
    if (w->sent[i] == id)
      return true;
  return false;
}

/* Ends a watch call from the hub's side; w->mu held. */
static void close_locked(dbf_watcher *w, dbf_err code, const char *msg) {
  if (w->closed)
    return;
  w->closed = true;
  dbf_call_finish(w->call, code, msg);
}

/*
 * Sends one row to w and records it as sent. w->mu held. False when w can
 * take no more (the call is over, or the client stopped reading). live: the
 * row came with its NOTIFY (not a replay or a re-scan), so the time since
 * its creation is the fan-out lag.
 */
static bool send_row_locked(dbf_watcher *w, const dbf_notification *n, dbf_arena *a, bool live) {
  dbf_status st = {0};
  Debrief__V1__WatchNotificationsResponse r = DEBRIEF__V1__WATCH_NOTIFICATIONS_RESPONSE__INIT;
  if (dbf_notification_to_pb(a, n, &r.notification, &st)) {
    dbf_log(DBF_LOG_ERROR, "notify_hub.convert_failed", "notification %" PRId64 ": %s", n->id,
            st.msg);
    return true; /* skip this one; the others may still go */
  }
  dbf_err rc = dbf_call_send(w->call, &r.base);
  if (rc == DBF_ERR_TOO_BIG)
    close_locked(w, DBF_ERR_TOO_BIG,
                 "the client is not reading notifications fast enough; reconnect with "
                 "after_id = the last id received");
  else if (rc)
    w->closed = true; /* the call is over; on_done will unregister it */
  if (rc)
    return false;
  dbf_metric_add(metrics.delivered, live ? 0 : 1, 0, 1);
  if (live) {
    /* created_at is the database's clock at the writer's transaction; both clocks are the
       wall clock, so skew between hosts shows here (a negative lag counts as 0). */
    int64_t lag = dbf_now_us() - n->create_us;
    dbf_metric_observe_us(metrics.lag, 0, 0, lag > 0 ? (uint64_t)lag : 0);
  }
  int64_t evicted = w->sent[w->sent_pos % SENT_RING];
  if (evicted > w->sent_floor)
    w->sent_floor = evicted;
  w->sent[w->sent_pos++ % SENT_RING] = n->id;
  if (n->id > w->last_id)
    w->last_id = n->id;
  return true;
}

/*
 * Sends the user's notifications after w->last_id, page by page: the
 * replay of a new watch and the re-scan after a reconnect. w->mu held.
 * Errors reading the database are logged and left for the next
 * notification or re-scan: last_id only moves past rows actually sent.
 */
static void deliver_locked(dbf_watcher *w) {
  while (!w->closed) {
    dbf_status st = {0};
    dbf_notification_page page = {0};
    dbf_err rc =
        dbf_store_notification_after(hub.app->store, dbf_now_ms() + READ_BUDGET_MS, w->user_id,
                                     w->last_id, 0, w->kinds, w->n_kinds, SCAN_PAGE, &page, &st);
    if (rc) {
      dbf_log(DBF_LOG_WARN, "notify_hub.read_failed", "user %s: %s", w->user_id, st.msg);
      return;
    }
    dbf_arena *a = page.n ? dbf_arena_create(ARENA_BYTES) : NULL;
    bool ok = a != NULL;
    for (size_t i = 0; ok && i < page.n; i++)
      if (!was_sent(w, page.items[i].id))
        ok = send_row_locked(w, &page.items[i], a, false);
    if (page.n && !a)
      dbf_log(DBF_LOG_ERROR, "notify_hub.oom", "out of memory delivering to %s", w->user_id);
    bool more = ok && page.n == SCAN_PAGE;
    dbf_arena_destroy(a);
    dbf_notification_page_free(&page);
    if (!more)
      return;
  }
}

static bool kind_wanted(const dbf_watcher *w, const char *kind) {
  if (!w->n_kinds)
    return true;
  for (size_t k = 0; k < w->n_kinds; k++)
    if (kind && !strcmp(kind, w->kinds[k]))
      return true;
  return false;
}

/*
 * Whether a row read for a batch of NOTIFYs whose ids start at min_id goes
 * to w. Above the watcher's high-water mark: new. At or below it but in
 * the batch and never sent: its transaction committed late. Every sent id
 * missing from the ring is at or below sent_floor, so only ids above it
 * can be told apart; the NOTIFYs of a burst larger than the ring (already
 * sent) must not send their rows again.
 */
static bool row_wanted(const dbf_watcher *w, const dbf_notification *n, int64_t min_id) {
  if (w->closed || !kind_wanted(w, n->kind) || was_sent(w, n->id))
    return false;
  return n->id > w->last_id || (n->id >= min_id && n->id > w->sent_floor);
}

/* Every watcher of user_id, referenced, into a new array (dbf_free). */
static dbf_watcher **collect(const char *user_id, size_t *n) {
  dbf_watcher **v = NULL;
  size_t cap = 0;
  *n = 0;
  pthread_mutex_lock(&hub.mu);
  for (size_t b = user_id ? bucket_of(user_id) : 0; b < BUCKETS; b++) {
    for (dbf_watcher *w = hub.buckets[b]; w; w = w->next) {
      if (user_id && strcmp(w->user_id, user_id))
        continue;
      if (*n == cap) {
        size_t ncap = cap ? cap * 2 : 8;
        dbf_watcher **nv = dbf_realloc(v, ncap * sizeof *nv);
        if (!nv)
          goto out; /* deliver to those we have; a re-scan catches the rest */
        v = nv;
        cap = ncap;
      }
      atomic_fetch_add(&w->refs, 1);
      v[(*n)++] = w;
    }
    if (user_id)
      break;
  }
out:
  pthread_mutex_unlock(&hub.mu);
  return v;
}

/* The NOTIFYs of one user in one batch: the lowest and highest ids named. */
typedef struct notified {
  char user[USER_ID_MAX];
  int64_t min_id, max_id;
} notified;

/*
 * Delivers one user's batch to every live watch of that user with one
 * database read (per page of SCAN_PAGE rows), however many watches and
 * NOTIFYs there are: the rows after the lowest point any watch needs, each
 * watch then taking the ones it wants.
 */
static void dispatch_user(const notified *b) {
  size_t n = 0;
  dbf_watcher **v = collect(b->user, &n);
  int64_t after = b->min_id - 1;
  for (size_t i = 0; i < n; i++) {
    pthread_mutex_lock(&v[i]->mu);
    if (!v[i]->closed && v[i]->last_id < after)
      after = v[i]->last_id;
    pthread_mutex_unlock(&v[i]->mu);
  }
  while (n) {
    dbf_status st = {0};
    dbf_notification_page page = {0};
    if (dbf_store_notification_after(hub.app->store, dbf_now_ms() + READ_BUDGET_MS, b->user, after,
                                     0, NULL, 0, SCAN_PAGE, &page, &st)) {
      dbf_log(DBF_LOG_WARN, "notify_hub.read_failed", "user %s: %s", b->user, st.msg);
      break;
    }
    dbf_arena *a = page.n ? dbf_arena_create(ARENA_BYTES) : NULL;
    if (page.n && !a)
      dbf_log(DBF_LOG_ERROR, "notify_hub.oom", "out of memory delivering to %s", b->user);
    for (size_t i = 0; a && i < n; i++) {
      dbf_watcher *w = v[i];
      pthread_mutex_lock(&w->mu);
      for (size_t r = 0; r < page.n; r++)
        if (row_wanted(w, &page.items[r], b->min_id) &&
            !send_row_locked(w, &page.items[r], a, true))
          break;
      pthread_mutex_unlock(&w->mu);
    }
    bool more = a && page.n == SCAN_PAGE;
    if (more)
      after = page.items[page.n - 1].id;
    dbf_arena_destroy(a);
    dbf_notification_page_free(&page);
    if (!more)
      break;
  }
  for (size_t i = 0; i < n; i++)
    watcher_unref(v[i]);
  dbf_free(v);
}

/* The NOTIFYs of one wait, coalesced: one entry per user. */
typedef struct batch {
  notified v[BATCH_USERS];
  size_t n;
} batch;

static void batch_flush(batch *b) {
  for (size_t i = 0; i < b->n; i++)
    dispatch_user(&b->v[i]);
  b->n = 0;
}

/*
 * dbf_store_notify_fn: adds one NOTIFY to the batch. A batch with no room
 * for a new user is dispatched first.
 */
static void batch_add(void *arg, const char *user_id, int64_t id) {
  batch *b = arg;
  for (size_t i = 0; i < b->n; i++)
    if (!strcmp(b->v[i].user, user_id)) {
      if (id < b->v[i].min_id)
        b->v[i].min_id = id;
      if (id > b->v[i].max_id)
        b->v[i].max_id = id;
      return;
    }
  if (b->n == BATCH_USERS)
    batch_flush(b);
  notified *u = &b->v[b->n++];
  snprintf(u->user, sizeof u->user, "%s", user_id); /* fits: USER_ID_MAX */
  u->min_id = u->max_id = id;
}

/* After (re)connecting: everything committed while nobody listened. */
static void rescan_all(void) {
  size_t n = 0;
  dbf_watcher **v = collect(NULL, &n);
  for (size_t i = 0; i < n; i++) {
    pthread_mutex_lock(&v[i]->mu);
    deliver_locked(v[i]);
    pthread_mutex_unlock(&v[i]->mu);
    watcher_unref(v[i]);
  }
  dbf_free(v);
}

/* ---- the LISTEN thread ---- */

static bool should_stop(void) {
  pthread_mutex_lock(&hub.mu);
  bool s = hub.stopping;
  pthread_mutex_unlock(&hub.mu);
  return s;
}

/* Sleeps up to ms, returning early when stop is asked. */
static void nap(int ms) {
  struct pollfd p = {.fd = hub.wake[0], .events = POLLIN};
  poll(&p, 1, ms);
}

static void *hub_main(void *arg) {
  (void)arg;
  dbf_store_listener *l = NULL;
  int backoff = BACKOFF_MIN_MS;
  bool was_down = false;
  while (!should_stop()) {
    dbf_status st = {0};
    if (!l) {
      dbf_metric_set(metrics.listening, 0, 0, 0);
      if (dbf_store_listener_open(hub.app->store, dbf_now_ms() + CONNECT_MS, &l, &st)) {
        dbf_log(DBF_LOG_WARN, "notify_hub.connect_failed", "%s", st.msg);
        was_down = true;
        nap(backoff);
        backoff = backoff * 2 > BACKOFF_MAX_MS ? BACKOFF_MAX_MS : backoff * 2;
        continue;
      }
      if (was_down)
        dbf_log(DBF_LOG_INFO, "notify_hub.reconnected", "listening for notifications again");
      backoff = BACKOFF_MIN_MS;
      was_down = false;
      dbf_metric_set(metrics.listening, 0, 0, 1);
      /* Watchers may have registered, or rows committed, before LISTEN took effect. */
      rescan_all();
    }
    /* Coalesce what arrived: one delivery per user, not per NOTIFY. */
    batch b = {.n = 0};
    dbf_err rc = dbf_store_listener_wait(l, POLL_MS, hub.wake[0], batch_add, &b, &st);
    batch_flush(&b);
    if (rc == DBF_ERR_UNAVAILABLE) {
      dbf_log(DBF_LOG_WARN, "notify_hub.connection_lost", "%s; reconnecting", st.msg);
      dbf_store_listener_close(l);
      l = NULL;
      was_down = true;
    } else if (rc) {
      dbf_log(DBF_LOG_ERROR, "notify_hub.poll_failed", "%s", st.msg);
      nap(BACKOFF_MIN_MS);
    }
  }
  dbf_store_listener_close(l);
  dbf_metric_set(metrics.listening, 0, 0, 0);
  return NULL;
}

/* Registers the hub's families in the process's registry (again on a restart: the same ones). */
static dbf_err register_metrics(dbf_status *st) {
  const dbf_metric_desc lag = {
      .name = "debrief_notify_fanout_lag_seconds",
      .help = "Time from a notification's creation (its row's created_at) to its sending on a "
              "WatchNotifications stream, for rows that came with their NOTIFY.",
      .type = DBF_METRIC_HISTOGRAM,
      .buckets = LAG_BUCKETS,
      .nbuckets = DBF_ARRAY_LEN(LAG_BUCKETS),
  };
  const dbf_metric_desc delivered = {
      .name = "debrief_notify_delivered_total",
      .help = "Notifications sent on WatchNotifications streams: live (with their NOTIFY) or "
              "replay (after_id, or the re-scan after the listener reconnected).",
      .type = DBF_METRIC_COUNTER,
      .labels = {{"path", PATHS, DBF_ARRAY_LEN(PATHS)}},
      .nlabels = 1,
  };
  const dbf_metric_desc listening = {
      .name = "debrief_notify_listener_up",
      .help = "1 while the hub's LISTEN connection is up, 0 while it reconnects.",
      .type = DBF_METRIC_GAUGE,
  };
  dbf_err rc = dbf_metrics_register(dbf_metrics_default(), &lag, &metrics.lag, st);
  if (!rc)
    rc = dbf_metrics_register(dbf_metrics_default(), &delivered, &metrics.delivered, st);
  if (!rc)
    rc = dbf_metrics_register(dbf_metrics_default(), &listening, &metrics.listening, st);
  return rc;
}

dbf_err dbf_notify_hub_start(dbf_app *app, dbf_status *st) {
  dbf_err rc = register_metrics(st);
  if (rc)
    return rc;
  pthread_mutex_lock(&hub.mu);
  if (hub.running) {
    pthread_mutex_unlock(&hub.mu);
    return dbf_fail(st, DBF_ERR_STATE, "the notification hub is already running");
  }
  if (pipe(hub.wake)) {
    pthread_mutex_unlock(&hub.mu);
    return dbf_fail(st, DBF_ERR_IO, "cannot create the notification hub's wake pipe: %s",
                    strerror(errno));
  }
  fcntl(hub.wake[0], F_SETFL, O_NONBLOCK);
  fcntl(hub.wake[1], F_SETFL, O_NONBLOCK);
  hub.app = app;
  hub.stopping = false;
  int err = pthread_create(&hub.thread, NULL, hub_main, NULL);
  hub.running = hub.accepting = err == 0;
  if (err) {
    close(hub.wake[0]);
    close(hub.wake[1]);
    hub.wake[0] = hub.wake[1] = -1;
  }
  pthread_mutex_unlock(&hub.mu);
  if (err)
    return dbf_fail(st, DBF_ERR_INTERNAL, "cannot start the notification hub thread (error %d)",
                    err);
  dbf_log(DBF_LOG_INFO, "notify_hub.started", "listening for notifications");
  return DBF_OK;
}

void dbf_notify_hub_stop(void) {
  pthread_mutex_lock(&hub.mu);
  if (!hub.running) {
    pthread_mutex_unlock(&hub.mu);
    return;
  }
  hub.accepting = false;
  hub.stopping = true;
  /* Detach every watcher; each keeps the registry's reference until finished below. */
  dbf_watcher *all = NULL;
  for (size_t b = 0; b < BUCKETS; b++) {
    while (hub.buckets[b]) {
      dbf_watcher *w = hub.buckets[b];
      hub.buckets[b] = w->next;
      w->registered = false;
      w->next = all;
      all = w;
    }
  }
  pthread_mutex_unlock(&hub.mu);
  ssize_t wr = write(hub.wake[1], "x", 1);
  (void)wr; /* a full pipe already wakes the thread */
  pthread_join(hub.thread, NULL);
  while (all) {
    dbf_watcher *w = all;
    all = w->next;
    pthread_mutex_lock(&w->mu);
    close_locked(w, DBF_ERR_UNAVAILABLE,
                 "the server is shutting down; reconnect with after_id = the last id received");
    pthread_mutex_unlock(&w->mu);
    watcher_unref(w);
  }
  pthread_mutex_lock(&hub.mu);
  close(hub.wake[0]);
  close(hub.wake[1]);
  hub.wake[0] = hub.wake[1] = -1;
  hub.running = false;
  pthread_mutex_unlock(&hub.mu);
  dbf_log(DBF_LOG_INFO, "notify_hub.stopped", "watch calls ended");
}

dbf_err dbf_notify_hub_watch(dbf_call *call, const char *user_id, int64_t after_id,
                             const char *const *kinds, size_t n_kinds, dbf_watcher **out,
                             dbf_status *st) {
  *out = NULL;
  if (!user_id || !*user_id || strlen(user_id) >= USER_ID_MAX)
    return dbf_fail(st, DBF_ERR_UNAUTHENTICATED, "no usable caller identity");
  if (n_kinds > MAX_KINDS)
    return dbf_fail(st, DBF_ERR_INVALID, "kinds may list at most %d values", MAX_KINDS);
  dbf_watcher *w = dbf_calloc(1, sizeof *w);
  if (!w)
    return dbf_fail(st, DBF_ERR_NOMEM, "out of memory registering the watch");
  pthread_mutex_init(&w->mu, NULL);
  atomic_init(&w->refs, 2); /* the registry and the caller's slot */
  dbf_call_ref(call);
  w->call = call;
  snprintf(w->user_id, sizeof w->user_id, "%s", user_id);
  for (size_t i = 0; i < n_kinds; i++)
    w->kinds[w->n_kinds++] = kinds[i]; /* validated static names */

  /*
   * Locked before it becomes visible: a notification that arrives during
   * the replay waits for it and then continues from the replay's last id,
   * so nothing is sent twice and nothing falls between the two.
   */
  pthread_mutex_lock(&w->mu);
  pthread_mutex_lock(&hub.mu);
  bool ok = hub.accepting;
  if (ok) {
    size_t b = bucket_of(w->user_id);
    w->next = hub.buckets[b];
    hub.buckets[b] = w;
    w->registered = true;
  }
  pthread_mutex_unlock(&hub.mu);
  dbf_err rc = DBF_OK;
  if (!ok) {
    rc = dbf_fail(st, DBF_ERR_UNAVAILABLE,
                  "notifications are not available: the server is shutting down or the hub "
                  "is not running; retry shortly");
  } else if (after_id == 0) {
    rc = dbf_store_notification_max_id(hub.app->store, dbf_call_deadline_ms(call), w->user_id,
                                       &w->last_id, st);
  } else {
    w->last_id = after_id;
    deliver_locked(w);
  }
  pthread_mutex_unlock(&w->mu);
  if (rc) {
    if (ok)
      dbf_notify_hub_unwatch(w); /* both references */
    else {
      watcher_unref(w); /* never registered: the registry's */
      watcher_unref(w); /* the caller's */
    }
    return rc;
  }
  *out = w;
  return DBF_OK;
}

void dbf_notify_hub_unwatch(dbf_watcher *w) {
  if (!w)
    return;
  bool drop = false;
  pthread_mutex_lock(&hub.mu);
  if (w->registered) {
    size_t b = bucket_of(w->user_id);
    for (dbf_watcher **pp = &hub.buckets[b]; *pp; pp = &(*pp)->next)
      if (*pp == w) {
        *pp = w->next;
        break;
      }
    w->registered = false;
    drop = true;
  }
  pthread_mutex_unlock(&hub.mu);
  pthread_mutex_lock(&w->mu);
  w->closed = true;
  pthread_mutex_unlock(&w->mu);
  if (drop)
    watcher_unref(w); /* the registry's; stop may already have taken it */
  watcher_unref(w);   /* the caller's */
}
