/*
 * crm_service.c - the CRM RPCs of debrief.v1.ExportService (GetCrmPayload,
 * PushToCrm, and for admins ListCrmDeliveries and RetryCrmDelivery), the
 * automatic push on completion, and the delivery worker's settings
 * (docs/crm.md).
 *
 * Reading a payload or pushing it follows session visibility: the owner,
 * a manager of the session's team, or an admin; anyone else gets
 * NOT_FOUND. Only a COMPLETED session has a CRM record. A push builds the
 * payload once and stores its exact bytes in the outbox, so every attempt
 * (and every instance) sends the same body under the same idempotency key.
 * The settings and mapping files are read and validated when the service
 * registers, so a bad file stops start-up rather than a push.
 */
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "core/alloc.h"
#include "core/log.h"
#include "debrief/v1/export_service.pb-c.h"
#include "delivery/delivery.h"
#include "service/app.h"
#include "service/crm.h"
#include "service/pbjson.h"
#include "service/services.h"
#include "service/tplcache.h"
#include "service/validate.h"
#include "store/store.h"

#define MAX_BODY_BYTES (1u << 20) /* a payload past this is refused, not truncated */
#define DEFAULT_PAGE   50
#define MAX_PAGE       100
#define MAX_TOKEN_LEN  600
#define MAX_STATUSES   3

/* Read at registration, before any call or worker runs; read-only after. */
static struct {
  dbf_delivery_config cfg;
  dbf_crm_mappings *maps;
} crm;

/* ---- the payload ---- */

/* The payload and its body text (new; dbf_free) for in under tpl. */
static dbf_err build(const dbf_template *tpl, dbf_crm_input *in, json_t **payload, char **body,
                     dbf_status *st) {
  in->target = crm.cfg.target;
  dbf_err rc = dbf_crm_payload(tpl, dbf_crm_mappings_find(crm.maps, tpl->slug), in, payload, st);
  if (rc || !body)
    return rc;
  *body = json_dumps(*payload, JSON_COMPACT);
  if (!*body)
    return dbf_fail(st, DBF_ERR_NOMEM, "out of memory writing the CRM payload");
  if (strlen(*body) > MAX_BODY_BYTES)
    return dbf_fail(st, DBF_ERR_TOO_BIG,
                    "the CRM payload of session %s is %zu bytes; at most %u are sent",
                    in->session_id, strlen(*body), MAX_BODY_BYTES);
  return DBF_OK;
}

static dbf_crm_input input_of(const dbf_session *s) {
  dbf_crm_input in = {
      .session_id = s->id,
      .session_version = s->version,
      .template_slug = s->template_slug,
      .template_version = s->template_version,
      .owner_id = s->owner_id,
      .team_id = s->team_id,
      .subject_kind = s->subject_kind,
      .subject_key = s->subject_key,
      .subject_title = s->subject_title,
      .subject_attributes = s->subject_attributes,
      .record = s->record,
      .summary = s->summary,
  };
  return in;
}

dbf_err dbf_crm_auto_push_tx(dbf_tx *tx, const dbf_template *tpl, dbf_crm_input *in,
                             dbf_status *st) {
  json_t *payload = NULL;
  char *body = NULL;
  if (!tpl->crm_auto_push || !crm.cfg.url)
    return DBF_OK;
  dbf_err rc = build(tpl, in, &payload, &body, st);
  if (!rc) {
    dbf_crm_enqueue e = {
        .owner_id = in->owner_id,
        .session_id = in->session_id,
        .team_id = in->team_id,
        .session_version = in->session_version,
        .target = crm.cfg.target,
        .trigger = "auto",
        .requested_by = in->owner_id,
        .body = body,
    };
    rc = dbf_store_crm_enqueue_tx(tx, &e, NULL, NULL, st);
  }
  json_decref(payload);
  dbf_free(body);
  return rc;
}

/* A visible COMPLETED session; FAILED_PRECONDITION for any other state. *out is new. */
static dbf_err completed_session(dbf_call *call, const char *id, const char *verb,
                                 dbf_session **out, dbf_status *st) {
  dbf_app *app = dbf_service_app(call);
  dbf_store_viewer who = dbf_service_viewer(call);
  dbf_err rc = dbf_svc_check_uuid("session_id", id, true, st);
  if (rc)
    return rc;
  if ((rc = dbf_store_session_get(app->store, dbf_call_deadline_ms(call), &who, id, out, st)))
    return rc;
  if ((*out)->state != DBF_SESSION_COMPLETED) {
    rc = dbf_fail(st, DBF_ERR_STATE,
                  "session %s is %s; only a COMPLETED debrief has a CRM record to %s (complete "
                  "it first)",
                  id, dbf_session_state_name((*out)->state), verb);
    dbf_session_free(*out);
    *out = NULL;
  }
  return rc;
}

typedef struct tpl_args {
  dbf_app *app;
  const dbf_session *sess;
  const dbf_template *tpl;
  /* PushToCrm only */
  const char *requested_by;
  dbf_crm_delivery *out;
  bool created;
} tpl_args;

static dbf_err tpl_tx(dbf_tx *tx, void *arg, dbf_status *st) {
  tpl_args *a = arg;
  return dbf_tplcache_get(a->app, tx, a->sess->template_slug, a->sess->template_version, &a->tpl,
                          st);
}

/* ---- delivery rows as protobufs ---- */

static dbf_err delivery_pb(dbf_arena *a, const dbf_crm_delivery *d, Debrief__V1__CrmDelivery **out,
                           dbf_status *st) {
  Debrief__V1__CrmDelivery *p = dbf_arena_alloc(a, sizeof *p);
  if (!p)
    return dbf_svc_nomem(st);
  debrief__v1__crm_delivery__init(p);
  p->push_id = dbf_svc_str(a, d->id);
  p->session_id = dbf_svc_str(a, d->session_id);
  p->session_version = d->session_version;
  p->target = dbf_svc_str(a, d->target);
  p->idempotency_key = dbf_svc_str(a, d->idempotency_key);
  p->status = (Debrief__V1__PushStatus)d->status;
  p->attempts = d->attempts;
  p->http_status = d->http_status;
  p->last_error = dbf_svc_str(a, d->last_error);
  p->next_attempt_time =
      d->status == DBF_CRM_PENDING ? dbf_pbjson_timestamp(a, d->next_attempt_us) : NULL;
  p->create_time = dbf_pbjson_timestamp(a, d->create_us);
  p->update_time = dbf_pbjson_timestamp(a, d->update_us);
  p->deliver_time = dbf_pbjson_timestamp(a, d->deliver_us);
  p->trigger = dbf_svc_str(a, d->trigger);
  p->owner_id = dbf_svc_str(a, d->owner_id);
  p->in_flight = d->in_flight;
  if (!p->push_id || !p->session_id || !p->target || !p->idempotency_key || !p->last_error ||
      !p->trigger || !p->owner_id)
    return dbf_svc_nomem(st);
  *out = p;
  return DBF_OK;
}

/* ---- handlers ---- */

static dbf_err get_crm_payload(dbf_call *call, const ProtobufCMessage *req_,
                               ProtobufCMessage **resp, dbf_status *st) {
  const Debrief__V1__GetCrmPayloadRequest *req = (const Debrief__V1__GetCrmPayloadRequest *)req_;
  dbf_app *app = dbf_service_app(call);
  dbf_arena *a = dbf_call_arena(call);
  dbf_session *sess = NULL;
  json_t *payload = NULL;
  dbf_err rc = completed_session(call, req->session_id, "read", &sess, st);
  if (rc)
    return rc;
  tpl_args ta = {.app = app, .sess = sess};
  rc = dbf_store_read(app->store, dbf_call_deadline_ms(call), tpl_tx, &ta, st);
  if (rc)
    goto out;
  dbf_crm_input in = input_of(sess);
  if ((rc = build(ta.tpl, &in, &payload, NULL, st)))
    goto out;
  Debrief__V1__GetCrmPayloadResponse *r = dbf_arena_alloc(a, sizeof *r);
  if (!r) {
    rc = dbf_svc_nomem(st);
    goto out;
  }
  debrief__v1__get_crm_payload_response__init(r);
  if ((rc = dbf_pbjson_to_struct(a, payload, "payload", &r->payload, st)))
    goto out;
  *resp = &r->base;
out:
  json_decref(payload);
  dbf_session_free(sess);
  return rc;
}

static dbf_err push_tx(dbf_tx *tx, void *arg, dbf_status *st) {
  tpl_args *a = arg;
  json_t *payload = NULL;
  char *body = NULL;
  dbf_crm_delivery_free(a->out);
  a->out = NULL;
  dbf_err rc = tpl_tx(tx, a, st);
  if (rc)
    return rc;
  dbf_crm_input in = input_of(a->sess);
  if (!(rc = build(a->tpl, &in, &payload, &body, st))) {
    dbf_crm_enqueue e = {
        .owner_id = a->sess->owner_id,
        .session_id = a->sess->id,
        .team_id = a->sess->team_id,
        .session_version = a->sess->version,
        .target = crm.cfg.target,
        .trigger = "manual",
        .requested_by = a->requested_by,
        .body = body,
        .require_completed = true,
    };
    rc = dbf_store_crm_enqueue_tx(tx, &e, &a->out, &a->created, st);
  }
  json_decref(payload);
  dbf_free(body);
  return rc;
}

static dbf_err push_to_crm(dbf_call *call, const ProtobufCMessage *req_, ProtobufCMessage **resp,
                           dbf_status *st) {
  const Debrief__V1__PushToCrmRequest *req = (const Debrief__V1__PushToCrmRequest *)req_;
  dbf_app *app = dbf_service_app(call);
  dbf_arena *a = dbf_call_arena(call);
  dbf_session *sess = NULL;
  dbf_err rc = completed_session(call, req->session_id, "push", &sess, st);
  if (rc)
    return rc;
  tpl_args ta = {.app = app, .sess = sess, .requested_by = dbf_service_principal(call)->user_id};
  if (!crm.cfg.url) {
    rc = dbf_fail(st, DBF_ERR_STATE,
                  "CRM push is off on this server: set DEBRIEF_CRM_WEBHOOK_URL and "
                  "DEBRIEF_CRM_WEBHOOK_SECRET (docs/crm.md)");
    goto out;
  }
  rc = dbf_store_tx(app->store, dbf_call_deadline_ms(call), push_tx, &ta, st);
  if (rc)
    goto out;
  if (ta.created) {
    dbf_delivery_wake(); /* committed: a worker of this instance takes it now */
    dbf_log(DBF_LOG_INFO, "crm.enqueued", "delivery %s of session %s v%" PRId64, ta.out->id,
            sess->id, sess->version);
  }
  Debrief__V1__PushToCrmResponse *r = dbf_arena_alloc(a, sizeof *r);
  if (!r) {
    rc = dbf_svc_nomem(st);
    goto out;
  }
  debrief__v1__push_to_crm_response__init(r);
  if ((rc = delivery_pb(a, ta.out, &r->delivery, st)) ||
      (rc = dbf_session_to_pb(a, sess, &r->session, st)))
    goto out;
  r->push_id = r->delivery->push_id;
  r->status = r->delivery->status;
  r->http_status = r->delivery->http_status;
  r->attempts = r->delivery->attempts;
  *resp = &r->base;
out:
  dbf_crm_delivery_free(ta.out);
  dbf_session_free(sess);
  return rc;
}

static dbf_err list_crm_deliveries(dbf_call *call, const ProtobufCMessage *req_,
                                   ProtobufCMessage **resp, dbf_status *st) {
  const Debrief__V1__ListCrmDeliveriesRequest *req =
      (const Debrief__V1__ListCrmDeliveriesRequest *)req_;
  dbf_app *app = dbf_service_app(call);
  dbf_arena *a = dbf_call_arena(call);
  dbf_crm_status statuses[MAX_STATUSES];
  dbf_crm_filter f = {.statuses = statuses,
                      .page_size = req->page_size ? req->page_size : DEFAULT_PAGE};
  dbf_crm_delivery_page page = {0};
  dbf_err rc = dbf_svc_check_uuid("session_id", req->session_id, false, st);
  if (rc)
    return rc;
  if (req->page_size < 0 || req->page_size > MAX_PAGE)
    return dbf_fail(st, DBF_ERR_INVALID, "page_size must be between 1 and %d (0 means %d), got %d",
                    MAX_PAGE, DEFAULT_PAGE, req->page_size);
  if (req->page_token && strnlen(req->page_token, MAX_TOKEN_LEN + 1) > MAX_TOKEN_LEN)
    return dbf_fail(st, DBF_ERR_INVALID,
                    "page_token is not valid; pass the next_page_token of the previous response");
  if (req->n_statuses > MAX_STATUSES)
    return dbf_fail(st, DBF_ERR_INVALID, "statuses may list at most %d values", MAX_STATUSES);
  for (size_t i = 0; i < req->n_statuses; i++) {
    int v = (int)req->statuses[i];
    if (v < DBF_CRM_PENDING || v > DBF_CRM_DEAD)
      return dbf_fail(st, DBF_ERR_INVALID,
                      "statuses[%zu] must be a PushStatus from PUSH_STATUS_PENDING (1) to "
                      "PUSH_STATUS_FAILED (3), got %d",
                      i, v);
    statuses[f.n_statuses++] = (dbf_crm_status)v;
  }
  f.session_id = req->session_id;
  f.page_token = req->page_token;
  rc = dbf_store_crm_list(app->store, dbf_call_deadline_ms(call), &f, &page, st);
  if (rc)
    return rc;
  Debrief__V1__ListCrmDeliveriesResponse *r = dbf_arena_alloc(a, sizeof *r);
  if (!r) {
    rc = dbf_svc_nomem(st);
    goto out;
  }
  debrief__v1__list_crm_deliveries_response__init(r);
  if (page.n && !(r->deliveries = dbf_arena_calloc(a, page.n, sizeof *r->deliveries))) {
    rc = dbf_svc_nomem(st);
    goto out;
  }
  for (size_t i = 0; i < page.n; i++) {
    if ((rc = delivery_pb(a, page.items[i], &r->deliveries[i], st)))
      goto out;
    r->n_deliveries++;
  }
  if (!(r->next_page_token = dbf_svc_str(a, page.next_page_token))) {
    rc = dbf_svc_nomem(st);
    goto out;
  }
  *resp = &r->base;
out:
  dbf_crm_delivery_page_free(&page);
  return rc;
}

static dbf_err retry_crm_delivery(dbf_call *call, const ProtobufCMessage *req_,
                                  ProtobufCMessage **resp, dbf_status *st) {
  const Debrief__V1__RetryCrmDeliveryRequest *req =
      (const Debrief__V1__RetryCrmDeliveryRequest *)req_;
  dbf_app *app = dbf_service_app(call);
  dbf_crm_delivery *d = NULL;
  dbf_err rc = dbf_svc_check_uuid("push_id", req->push_id, true, st);
  if (rc)
    return rc;
  if ((rc = dbf_store_crm_retry(app->store, dbf_call_deadline_ms(call), req->push_id, &d, st)))
    return rc;
  dbf_delivery_wake();
  Debrief__V1__RetryCrmDeliveryResponse *r = dbf_arena_alloc(dbf_call_arena(call), sizeof *r);
  if (!r) {
    rc = dbf_svc_nomem(st);
    goto out;
  }
  debrief__v1__retry_crm_delivery_response__init(r);
  if (!(rc = delivery_pb(dbf_call_arena(call), d, &r->delivery, st)))
    *resp = &r->base;
out:
  dbf_crm_delivery_free(d);
  return rc;
}

/* ---- registration and the worker ---- */

#define CRM_METHOD(name, fn, req, resp, pol)                                                       \
  {                                                                                                \
    .path = "/debrief.v1.ExportService/" name, .kind = DBF_RPC_UNARY,                              \
    .request = &debrief__v1__##req##__descriptor, .response = &debrief__v1__##resp##__descriptor,  \
    .unary = fn, .policy = pol,                                                                    \
  }

/* Not const: register stores the app in .data. */
static dbf_method crm_methods[] = {
    CRM_METHOD("GetCrmPayload", get_crm_payload, get_crm_payload_request, get_crm_payload_response,
               DBF_POLICY_MEMBER),
    CRM_METHOD("PushToCrm", push_to_crm, push_to_crm_request, push_to_crm_response,
               DBF_POLICY_MEMBER),
    CRM_METHOD("ListCrmDeliveries", list_crm_deliveries, list_crm_deliveries_request,
               list_crm_deliveries_response, DBF_POLICY_ADMIN),
    CRM_METHOD("RetryCrmDelivery", retry_crm_delivery, retry_crm_delivery_request,
               retry_crm_delivery_response, DBF_POLICY_ADMIN),
};

dbf_err dbf_crm_service_register(dbf_app *app, dbf_server *srv, dbf_status *st) {
  dbf_crm_stop(); /* a second registration starts from scratch */
  dbf_err rc = dbf_delivery_config_load(&crm.cfg, dbf_config_get, (void *)app->cfg, st);
  if (rc)
    return rc;
  if ((rc = dbf_crm_mappings_load(app->cfg->data_dir, crm.cfg.target, &crm.maps, st))) {
    dbf_delivery_config_free(&crm.cfg);
    return rc;
  }
  for (size_t i = 0; i < DBF_ARRAY_LEN(crm_methods); i++)
    crm_methods[i].data = app;
  return dbf_server_add_methods(srv, crm_methods, DBF_ARRAY_LEN(crm_methods), st);
}

dbf_err dbf_crm_start(dbf_app *app, dbf_status *st) {
  if (!crm.cfg.url) {
    dbf_log(DBF_LOG_INFO, "crm.delivery_off",
            "no DEBRIEF_CRM_WEBHOOK_URL: payloads can be read, pushes are refused");
    return DBF_OK;
  }
  return dbf_delivery_start(app->store, &crm.cfg, st);
}

void dbf_crm_stop(void) {
  dbf_delivery_stop();
  dbf_crm_mappings_free(crm.maps);
  crm.maps = NULL;
  dbf_delivery_config_free(&crm.cfg);
}
