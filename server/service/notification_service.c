/*
 * notification_service.c - debrief.v1.NotificationService: a user's own
 * notification feed (ListNotifications) and the live stream of new ones
 * (WatchNotifications).
 *
 * Notifications are per user and only ever shown to that user; there is no
 * team or admin view. WatchNotifications registers the call with the
 * notification hub (notify_hub.c), which replays rows after after_id and
 * then sends new ones as PostgreSQL announces them, from any instance. The
 * stream ends when the client cancels (on_done unregisters it) or when the
 * server shuts down (the hub finishes it with UNAVAILABLE).
 */
#include <inttypes.h>
#include <string.h>

#include "debrief/v1/notification_service.pb-c.h"
#include "service/validate.h"
#include "service/app.h"
#include "service/notify_hub.h"
#include "service/services.h"
#include "store/store.h"

#define DEFAULT_PAGE       50
#define MAX_PAGE           100
#define MAX_PAGE_TOKEN_LEN 600
#define MAX_KINDS          8

static dbf_err list_notifications(dbf_call *call, const ProtobufCMessage *req_,
                                  ProtobufCMessage **resp, dbf_status *st) {
  const Debrief__V1__ListNotificationsRequest *req =
      (const Debrief__V1__ListNotificationsRequest *)req_;
  dbf_app *app = dbf_service_app(call);
  dbf_arena *a = dbf_call_arena(call);
  dbf_notification_page page = {0};
  int size = req->page_size;
  if (size == 0)
    size = DEFAULT_PAGE;
  else if (size < 1 || size > MAX_PAGE)
    return dbf_fail(st, DBF_ERR_INVALID, "page_size must be between 1 and %d (0 means %d), got %d",
                    MAX_PAGE, DEFAULT_PAGE, req->page_size);
  if (req->page_token && strnlen(req->page_token, MAX_PAGE_TOKEN_LEN + 1) > MAX_PAGE_TOKEN_LEN)
    return dbf_fail(st, DBF_ERR_INVALID,
                    "page_token is not valid; pass the next_page_token of the previous response");
  dbf_err rc = dbf_store_notification_list(app->store, dbf_call_deadline_ms(call),
                                           dbf_service_principal(call)->user_id, size,
                                           req->page_token, &page, st);
  if (rc)
    return rc;
  Debrief__V1__ListNotificationsResponse *r = dbf_arena_alloc(a, sizeof *r);
  if (!r) {
    rc = dbf_svc_nomem(st);
    goto out;
  }
  debrief__v1__list_notifications_response__init(r);
  if (page.n && !(r->notifications = dbf_arena_calloc(a, page.n, sizeof *r->notifications))) {
    rc = dbf_svc_nomem(st);
    goto out;
  }
  for (size_t i = 0; i < page.n; i++) {
    if ((rc = dbf_notification_to_pb(a, &page.items[i], &r->notifications[i], st)))
      goto out;
    r->n_notifications++;
  }
  if (!(r->next_page_token =
            dbf_arena_strdup(a, page.next_page_token ? page.next_page_token : ""))) {
    rc = dbf_svc_nomem(st);
    goto out;
  }
  *resp = &r->base;
out:
  dbf_notification_page_free(&page);
  return rc;
}

static dbf_err watch_start(dbf_call *call, const ProtobufCMessage *req_, dbf_status *st) {
  const Debrief__V1__WatchNotificationsRequest *req =
      (const Debrief__V1__WatchNotificationsRequest *)req_;
  const char *kinds[MAX_KINDS];
  size_t n_kinds = 0;
  if (req->after_id < 0)
    return dbf_fail(st, DBF_ERR_INVALID,
                    "after_id must be 0 (only new notifications) or the id of the last "
                    "notification received, got %" PRId64,
                    req->after_id);
  if (req->n_kinds > MAX_KINDS)
    return dbf_fail(st, DBF_ERR_INVALID, "kinds may list at most %d values", MAX_KINDS);
  for (size_t i = 0; i < req->n_kinds; i++) {
    const char *k = dbf_notification_kind_db((int)req->kinds[i]);
    if (!k)
      return dbf_fail(st, DBF_ERR_INVALID,
                      "kinds[%zu] must be a NotificationKind from "
                      "NOTIFICATION_KIND_INACTIVITY_WARNING (1) to "
                      "NOTIFICATION_KIND_INSIGHTS_READY (5), got %d",
                      i, (int)req->kinds[i]);
    kinds[n_kinds++] = k;
  }
  dbf_watcher *w = NULL;
  dbf_err rc = dbf_notify_hub_watch(call, dbf_service_principal(call)->user_id, req->after_id,
                                    kinds, n_kinds, &w, st);
  if (rc)
    return rc;
  dbf_call_set_user(call, w);
  return DBF_OK;
}

static void watch_done(dbf_call *call, bool cancelled) {
  (void)cancelled;
  dbf_watcher *w = dbf_call_user(call);
  dbf_call_set_user(call, NULL);
  dbf_notify_hub_unwatch(w);
}

static dbf_method notification_methods[] = {
    {
        .path = "/debrief.v1.NotificationService/WatchNotifications",
        .kind = DBF_RPC_SERVER_STREAMING,
        .request = &debrief__v1__watch_notifications_request__descriptor,
        .response = &debrief__v1__watch_notifications_response__descriptor,
        .on_start = watch_start,
        .on_done = watch_done,
        .policy = DBF_POLICY_MEMBER,
    },
    {
        .path = "/debrief.v1.NotificationService/ListNotifications",
        .kind = DBF_RPC_UNARY,
        .request = &debrief__v1__list_notifications_request__descriptor,
        .response = &debrief__v1__list_notifications_response__descriptor,
        .unary = list_notifications,
        .policy = DBF_POLICY_MEMBER,
    },
};

dbf_err dbf_notification_service_register(dbf_app *app, dbf_server *srv, dbf_status *st) {
  for (size_t i = 0; i < DBF_ARRAY_LEN(notification_methods); i++)
    notification_methods[i].data = app;
  return dbf_server_add_methods(srv, notification_methods, DBF_ARRAY_LEN(notification_methods), st);
}
