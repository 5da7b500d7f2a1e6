/*
 * analytics_service.c - debrief.v1.AnalyticsService: session metrics with
 * trends and per-user/per-team breakdowns, field coverage and quality,
 * provider usage, the deal pipeline, and one session's figures.
 *
 * Scope follows RBAC (store/analytics.c dbf_analytics_scope): a member
 * sees their own figures, a manager their team's, an admin everything;
 * asking for more is PERMISSION_DENIED, and a session one cannot see is
 * NOT_FOUND. This file validates the request, turns it into a
 * dbf_analytics_query and the store's sums into ratios and means.
 * docs/analytics.md defines every figure.
 */
#include <string.h>

#include "core/clock.h"
#include "debrief/v1/analytics_service.pb-c.h"
#include "service/app.h"
#include "service/pbjson.h"
#include "service/services.h"
#include "service/validate.h"
#include "store/store.h"

#define MAX_ID_BYTES   128 /* team_id / owner_id in a filter */
#define MAX_SLUG_BYTES 63  /* template_slug, as templates.slug allows */
#define US_PER_DAY     86400000000LL

static double ratio(double num, double den) {
  return den > 0 ? num / den : 0;
}

/* The query of a filter: validated range and RBAC scope. */
static dbf_err query_of(const Debrief__V1__AnalyticsFilter *f, const dbf_store_viewer *who,
                        dbf_analytics_query *q, dbf_status *st) {
  int64_t start_us = 0, end_us = 0;
  memset(q, 0, sizeof *q);
  dbf_err rc;
  if (f) {
    if ((rc = dbf_pbjson_timestamp_us(f->start_time, "filter.start_time", &start_us, st)) ||
        (rc = dbf_pbjson_timestamp_us(f->end_time, "filter.end_time", &end_us, st)) ||
        (rc = dbf_svc_check_len("filter.team_id", f->team_id, MAX_ID_BYTES, st)) ||
        (rc = dbf_svc_check_len("filter.owner_id", f->owner_id, MAX_ID_BYTES, st)) ||
        (rc = dbf_svc_check_len("filter.template_slug", f->template_slug, MAX_SLUG_BYTES, st)))
      return rc;
  }
  rc = dbf_analytics_range(start_us, end_us, dbf_now_us(), &q->start_day, &q->end_day, st);
  if (!rc)
    rc = dbf_analytics_scope(who, f ? f->team_id : NULL, f ? f->owner_id : NULL, q, st);
  if (!rc && f && f->template_slug && *f->template_slug)
    q->template_slug = f->template_slug;
  return rc;
}

static void range_pb(dbf_arena *a, const dbf_analytics_query *q, Google__Protobuf__Timestamp **s,
                     Google__Protobuf__Timestamp **e) {
  *s = dbf_pbjson_timestamp(a, q->start_day * US_PER_DAY);
  *e = dbf_pbjson_timestamp(a, q->end_day * US_PER_DAY);
}

/* ---- GetSessionMetrics ---- */

static Debrief__V1__SessionFigures *figures_pb(dbf_arena *a, const dbf_analytics_sums *s) {
  Debrief__V1__SessionFigures *f = dbf_arena_alloc(a, sizeof *f);
  if (!f)
    return NULL;
  debrief__v1__session_figures__init(f);
  f->total = s->sessions;
  f->completed = s->by_state[3];
  f->completion_rate = ratio((double)s->by_state[3], (double)s->sessions);
  f->mean_turns = ratio((double)s->turns, (double)s->sessions);
  f->mean_duration_seconds = ratio(s->duration_s, (double)s->by_state[3]);
  return f;
}

static dbf_err get_session_metrics(dbf_call *call, const ProtobufCMessage *req_,
                                   ProtobufCMessage **resp, dbf_status *st) {
  static const char *const state_names[6] = {"created",   "active",  "paused",
                                             "completed", "expired", "cancelled"};
  const Debrief__V1__GetSessionMetricsRequest *req =
      (const Debrief__V1__GetSessionMetricsRequest *)req_;
  dbf_app *app = dbf_service_app(call);
  dbf_arena *a = dbf_call_arena(call);
  dbf_store_viewer who = dbf_service_viewer(call);
  dbf_analytics_query q;
  dbf_analytics_metrics m;
  dbf_err rc = query_of(req->filter, &who, &q, st);
  if (rc)
    return rc;
  switch (req->bucket) {
    case DEBRIEF__V1__TREND_BUCKET__TREND_BUCKET_UNSPECIFIED:
      q.bucket = DBF_ANALYTICS_NO_TREND;
      break;
    case DEBRIEF__V1__TREND_BUCKET__TREND_BUCKET_DAY:
      q.bucket = DBF_ANALYTICS_DAY;
      break;
    case DEBRIEF__V1__TREND_BUCKET__TREND_BUCKET_WEEK:
      q.bucket = DBF_ANALYTICS_WEEK;
      break;
    default:
      return dbf_fail(st, DBF_ERR_INVALID,
                      "bucket must be TREND_BUCKET_UNSPECIFIED (0, no trend), TREND_BUCKET_DAY "
                      "(1) or TREND_BUCKET_WEEK (2), got %d",
                      (int)req->bucket);
  }
  switch (req->group_by) {
    case DEBRIEF__V1__METRICS_GROUP_BY__METRICS_GROUP_BY_UNSPECIFIED:
      q.group_by = DBF_ANALYTICS_NO_GROUPS;
      break;
    case DEBRIEF__V1__METRICS_GROUP_BY__METRICS_GROUP_BY_USER:
      q.group_by = DBF_ANALYTICS_BY_USER;
      break;
    case DEBRIEF__V1__METRICS_GROUP_BY__METRICS_GROUP_BY_TEAM:
      q.group_by = DBF_ANALYTICS_BY_TEAM;
      break;
    default:
      return dbf_fail(st, DBF_ERR_INVALID,
                      "group_by must be METRICS_GROUP_BY_UNSPECIFIED (0, none), "
                      "METRICS_GROUP_BY_USER (1) or METRICS_GROUP_BY_TEAM (2), got %d",
                      (int)req->group_by);
  }
  rc = dbf_store_analytics_metrics(app->store, dbf_call_deadline_ms(call), &q, a, &m, st);
  if (rc)
    return rc;
  Debrief__V1__GetSessionMetricsResponse *r = dbf_arena_alloc(a, sizeof *r);
  if (!r)
    return dbf_svc_nomem(st);
  debrief__v1__get_session_metrics_response__init(r);
  const dbf_analytics_sums *t = &m.total;
  r->total = t->sessions;
  r->completion_rate = ratio((double)t->by_state[3], (double)t->sessions);
  r->mean_turns = ratio((double)t->turns, (double)t->sessions);
  r->mean_duration_seconds = ratio(t->duration_s, (double)t->by_state[3]);
  r->mean_time_to_first_answer_seconds = ratio(t->first_answer_s, (double)t->answered);
  r->fields_filled = t->fields_filled;
  r->fields_required = t->fields_required;
  r->required_filled = t->required_filled;
  r->mean_confidence = ratio(t->conf_sum, (double)t->fields_filled);
  r->follow_ups = t->follow_ups;
  r->user_edits = t->edits;
  r->replies = t->replies;
  r->model_replies = t->model_replies;
  r->fallbacks = t->fallbacks;
  range_pb(a, &q, &r->effective_start_time, &r->effective_end_time);
  r->by_state = dbf_arena_calloc(a, 6, sizeof *r->by_state);
  r->trend = dbf_arena_calloc(a, m.n_trend ? m.n_trend : 1, sizeof *r->trend);
  r->groups = dbf_arena_calloc(a, m.n_groups ? m.n_groups : 1, sizeof *r->groups);
  if (!r->by_state || !r->trend || !r->groups)
    return dbf_svc_nomem(st);
  for (int i = 0; i < 6; i++) {
    Debrief__V1__StateCount *c = dbf_arena_alloc(a, sizeof *c);
    if (!c)
      return dbf_svc_nomem(st);
    debrief__v1__state_count__init(c);
    c->state = (char *)state_names[i];
    c->count = t->by_state[i];
    r->by_state[r->n_by_state++] = c;
  }
  for (size_t i = 0; i < m.n_trend; i++) {
    Debrief__V1__TrendPoint *p = dbf_arena_alloc(a, sizeof *p);
    if (!p)
      return dbf_svc_nomem(st);
    debrief__v1__trend_point__init(p);
    p->bucket_start = dbf_pbjson_timestamp(a, m.trend[i].day * US_PER_DAY);
    p->figures = figures_pb(a, &m.trend[i].sums);
    if (!p->figures || (!p->bucket_start && m.trend[i].day))
      return dbf_svc_nomem(st);
    r->trend[r->n_trend++] = p;
  }
  for (size_t i = 0; i < m.n_groups; i++) {
    Debrief__V1__MetricsGroup *g = dbf_arena_alloc(a, sizeof *g);
    if (!g)
      return dbf_svc_nomem(st);
    debrief__v1__metrics_group__init(g);
    g->key = (char *)m.groups[i].key;
    g->figures = figures_pb(a, &m.groups[i].sums);
    if (!g->figures)
      return dbf_svc_nomem(st);
    r->groups[r->n_groups++] = g;
  }
  r->groups_truncated = m.groups_truncated;
  *resp = &r->base;
  return DBF_OK;
}

/* ---- GetFieldCoverage ---- */

static dbf_err get_field_coverage(dbf_call *call, const ProtobufCMessage *req_,
                                  ProtobufCMessage **resp, dbf_status *st) {
  const Debrief__V1__GetFieldCoverageRequest *req =
      (const Debrief__V1__GetFieldCoverageRequest *)req_;
  dbf_app *app = dbf_service_app(call);
  dbf_arena *a = dbf_call_arena(call);
  dbf_store_viewer who = dbf_service_viewer(call);
  dbf_analytics_query q;
  dbf_analytics_field *rows = NULL;
  size_t n = 0;
  dbf_err rc = query_of(req->filter, &who, &q, st);
  if (!rc)
    rc = dbf_store_analytics_fields(app->store, dbf_call_deadline_ms(call), &q, a, &rows, &n, st);
  if (rc)
    return rc;
  Debrief__V1__GetFieldCoverageResponse *r = dbf_arena_alloc(a, sizeof *r);
  if (!r)
    return dbf_svc_nomem(st);
  debrief__v1__get_field_coverage_response__init(r);
  range_pb(a, &q, &r->effective_start_time, &r->effective_end_time);
  if (n && !(r->fields = dbf_arena_calloc(a, n, sizeof *r->fields)))
    return dbf_svc_nomem(st);
  for (size_t i = 0; i < n; i++) {
    Debrief__V1__FieldCoverage *f = dbf_arena_alloc(a, sizeof *f);
    if (!f)
      return dbf_svc_nomem(st);
    debrief__v1__field_coverage__init(f);
    f->template_slug = (char *)rows[i].template_slug;
    f->field_key = (char *)rows[i].field_key;
    f->filled = rows[i].filled;
    f->sessions = rows[i].sessions;
    f->mean_confidence = ratio(rows[i].conf_sum, (double)rows[i].filled);
    f->user_edits = rows[i].edits;
    f->asks = rows[i].asks;
    f->follow_ups = rows[i].follow_ups;
    f->follow_up_rate = ratio((double)rows[i].follow_ups, (double)rows[i].asks);
    f->edit_rate = ratio((double)rows[i].edits, (double)rows[i].filled);
    r->fields[r->n_fields++] = f;
  }
  *resp = &r->base;
  return DBF_OK;
}

/* ---- GetProviderUsage ---- */

static dbf_err get_provider_usage(dbf_call *call, const ProtobufCMessage *req_,
                                  ProtobufCMessage **resp, dbf_status *st) {
  const Debrief__V1__GetProviderUsageRequest *req =
      (const Debrief__V1__GetProviderUsageRequest *)req_;
  dbf_app *app = dbf_service_app(call);
  dbf_arena *a = dbf_call_arena(call);
  dbf_store_viewer who = dbf_service_viewer(call);
  dbf_analytics_query q;
  dbf_analytics_usage *rows = NULL;
  size_t n = 0;
  dbf_err rc = query_of(req->filter, &who, &q, st);
  if (!rc)
    rc = dbf_store_analytics_usage(app->store, dbf_call_deadline_ms(call), &q, a, &rows, &n, st);
  if (rc)
    return rc;
  Debrief__V1__GetProviderUsageResponse *r = dbf_arena_alloc(a, sizeof *r);
  if (!r)
    return dbf_svc_nomem(st);
  debrief__v1__get_provider_usage_response__init(r);
  range_pb(a, &q, &r->effective_start_time, &r->effective_end_time);
  if (n && !(r->usage = dbf_arena_calloc(a, n, sizeof *r->usage)))
    return dbf_svc_nomem(st);
  for (size_t i = 0; i < n; i++) {
    Debrief__V1__ProviderUsage *u = dbf_arena_alloc(a, sizeof *u);
    if (!u)
      return dbf_svc_nomem(st);
    debrief__v1__provider_usage__init(u);
    u->provider = (char *)rows[i].provider;
    u->model = (char *)rows[i].model;
    u->messages = rows[i].replies;
    u->tokens_in = rows[i].tokens_in;
    u->tokens_out = rows[i].tokens_out;
    u->fallbacks = rows[i].fallbacks;
    u->p50_latency_ms = dbf_analytics_quantile(rows[i].latency_hist, 0.50);
    u->p99_latency_ms = dbf_analytics_quantile(rows[i].latency_hist, 0.99);
    u->p50_first_token_ms = dbf_analytics_quantile(rows[i].first_token_hist, 0.50);
    if (!strcmp(u->provider, "offline"))
      r->offline_replies += rows[i].replies;
    else
      r->model_replies += rows[i].replies;
    r->usage[r->n_usage++] = u;
  }
  r->model_share = ratio((double)r->model_replies, (double)(r->model_replies + r->offline_replies));
  *resp = &r->base;
  return DBF_OK;
}

/* ---- GetPipeline ---- */

static dbf_err get_pipeline(dbf_call *call, const ProtobufCMessage *req_, ProtobufCMessage **resp,
                            dbf_status *st) {
  const Debrief__V1__GetPipelineRequest *req = (const Debrief__V1__GetPipelineRequest *)req_;
  dbf_app *app = dbf_service_app(call);
  dbf_arena *a = dbf_call_arena(call);
  dbf_store_viewer who = dbf_service_viewer(call);
  dbf_analytics_query q;
  dbf_analytics_stage *rows = NULL;
  size_t n = 0;
  dbf_err rc = query_of(req->filter, &who, &q, st);
  if (!rc)
    rc = dbf_store_analytics_pipeline(app->store, dbf_call_deadline_ms(call), &q, a, &rows, &n, st);
  if (rc)
    return rc;
  Debrief__V1__GetPipelineResponse *r = dbf_arena_alloc(a, sizeof *r);
  if (!r)
    return dbf_svc_nomem(st);
  debrief__v1__get_pipeline_response__init(r);
  range_pb(a, &q, &r->effective_start_time, &r->effective_end_time);
  if (n && !(r->stages = dbf_arena_calloc(a, n, sizeof *r->stages)))
    return dbf_svc_nomem(st);
  for (size_t i = 0; i < n; i++) {
    Debrief__V1__PipelineStage *p = dbf_arena_alloc(a, sizeof *p);
    if (!p)
      return dbf_svc_nomem(st);
    debrief__v1__pipeline_stage__init(p);
    p->deal_stage = (char *)rows[i].deal_stage;
    p->sessions = rows[i].sessions;
    p->total_budget = rows[i].budget;
    p->positive = rows[i].positive;
    p->neutral = rows[i].neutral;
    p->negative = rows[i].negative;
    r->stages[r->n_stages++] = p;
  }
  *resp = &r->base;
  return DBF_OK;
}

/* ---- GetSessionAnalytics ---- */

static dbf_err get_session_analytics(dbf_call *call, const ProtobufCMessage *req_,
                                     ProtobufCMessage **resp, dbf_status *st) {
  const Debrief__V1__GetSessionAnalyticsRequest *req =
      (const Debrief__V1__GetSessionAnalyticsRequest *)req_;
  dbf_app *app = dbf_service_app(call);
  dbf_arena *a = dbf_call_arena(call);
  dbf_store_viewer who = dbf_service_viewer(call);
  dbf_analytics_session s;
  dbf_err rc = dbf_svc_check_uuid("session_id", req->session_id, true, st);
  if (!rc)
    rc = dbf_store_analytics_session(app->store, dbf_call_deadline_ms(call), &who, req->session_id,
                                     a, &s, st);
  if (rc)
    return rc;
  Debrief__V1__GetSessionAnalyticsResponse *r = dbf_arena_alloc(a, sizeof *r);
  if (!r)
    return dbf_svc_nomem(st);
  debrief__v1__get_session_analytics_response__init(r);
  if (!(r->session_id = dbf_svc_str(a, req->session_id)))
    return dbf_svc_nomem(st);
  r->template_slug = (char *)s.template_slug;
  r->owner_id = (char *)s.owner_id;
  r->team_id = (char *)s.team_id;
  r->state = (char *)s.state;
  r->turns = s.turns;
  r->duration_seconds = s.duration_s;
  r->time_to_first_answer_seconds = s.first_answer_s;
  r->fields_filled = s.fields_filled;
  r->fields_required = s.fields_required;
  r->required_filled = s.required_filled;
  r->mean_confidence = ratio(s.conf_sum, (double)s.fields_filled);
  r->asks = s.asks;
  r->follow_ups = s.follow_ups;
  r->user_edits = s.edits;
  r->replies = s.replies;
  r->model_replies = s.model_replies;
  r->fallbacks = s.fallbacks;
  *resp = &r->base;
  return DBF_OK;
}

/* ---- registration ---- */

#define ANALYTICS_METHOD(name, fn, req, resp)                                                      \
  {                                                                                                \
    .path = "/debrief.v1.AnalyticsService/" name, .kind = DBF_RPC_UNARY,                           \
    .request = &debrief__v1__##req##__descriptor, .response = &debrief__v1__##resp##__descriptor,  \
    .unary = fn, .policy = DBF_POLICY_MEMBER,                                                      \
  }

/* Not const: register stores the app in .data. */
static dbf_method analytics_methods[] = {
    ANALYTICS_METHOD("GetSessionMetrics", get_session_metrics, get_session_metrics_request,
                     get_session_metrics_response),
    ANALYTICS_METHOD("GetFieldCoverage", get_field_coverage, get_field_coverage_request,
                     get_field_coverage_response),
    ANALYTICS_METHOD("GetProviderUsage", get_provider_usage, get_provider_usage_request,
                     get_provider_usage_response),
    ANALYTICS_METHOD("GetPipeline", get_pipeline, get_pipeline_request, get_pipeline_response),
    ANALYTICS_METHOD("GetSessionAnalytics", get_session_analytics, get_session_analytics_request,
                     get_session_analytics_response),
};

dbf_err dbf_analytics_service_register(dbf_app *app, dbf_server *srv, dbf_status *st) {
  for (size_t i = 0; i < DBF_ARRAY_LEN(analytics_methods); i++)
    analytics_methods[i].data = app;
  return dbf_server_add_methods(srv, analytics_methods, DBF_ARRAY_LEN(analytics_methods), st);
}
