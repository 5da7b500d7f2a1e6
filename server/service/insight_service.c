/*
 * insight_service.c - debrief.v1.InsightService: list the insights an
 * interview derived, record people's verdicts on them, and show the audit
 * trail of those verdicts.
 *
 * Insights are created by the interview when a session completes
 * (turn.c store_insights). Visibility follows sessions: members see their
 * own, managers their team's, admins everything; anything else is
 * NOT_FOUND and never data. The store enforces that in SQL; this file
 * validates input with messages a person can act on and converts rows into
 * call-arena protobufs.
 */
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "debrief/v1/insight_service.pb-c.h"
#include "service/validate.h"
#include "service/app.h"
#include "service/pbjson.h"
#include "service/services.h"
#include "store/store.h"

#define DEFAULT_PAGE       50
#define MAX_PAGE           100
#define MAX_PAGE_TOKEN_LEN 600
#define MAX_EDIT_CHARS     2000 /* code points, as a person counts them */
#define MAX_NOTE_CHARS     1000
#define MAX_FILTERS        8 /* statuses or kinds in one request */

/* ---- validation ---- */

static dbf_err check_text(const char *what, const char *s, long max, dbf_status *st) {
  long n = dbf_svc_utf8_chars(s ? s : "");
  if (n < 0)
    return dbf_fail(st, DBF_ERR_INVALID, "%s is not valid UTF-8", what);
  if (n > max)
    return dbf_fail(st, DBF_ERR_INVALID, "%s has %ld characters; at most %ld are allowed", what, n,
                    max);
  return DBF_OK;
}

/* ---- enum names ---- */

static const char *const kind_db[] = {
    [DEBRIEF__V1__INSIGHT_KIND__INSIGHT_KIND_RISK] = "risk",
    [DEBRIEF__V1__INSIGHT_KIND__INSIGHT_KIND_OPPORTUNITY] = "opportunity",
    [DEBRIEF__V1__INSIGHT_KIND__INSIGHT_KIND_NEXT_STEP] = "next_step",
    [DEBRIEF__V1__INSIGHT_KIND__INSIGHT_KIND_COACHING] = "coaching",
};
static const char *const status_db[] = {
    [DEBRIEF__V1__INSIGHT_STATUS__INSIGHT_STATUS_PROPOSED] = "proposed",
    [DEBRIEF__V1__INSIGHT_STATUS__INSIGHT_STATUS_ACCEPTED] = "accepted",
    [DEBRIEF__V1__INSIGHT_STATUS__INSIGHT_STATUS_REJECTED] = "rejected",
    [DEBRIEF__V1__INSIGHT_STATUS__INSIGHT_STATUS_EDITED] = "edited",
};
static const char *const action_db[] = {
    [DEBRIEF__V1__REVIEW_ACTION__REVIEW_ACTION_ACCEPT] = "accept",
    [DEBRIEF__V1__REVIEW_ACTION__REVIEW_ACTION_REJECT] = "reject",
    [DEBRIEF__V1__REVIEW_ACTION__REVIEW_ACTION_EDIT] = "edit",
};

/* The enum value whose database name is s, or 0 (UNSPECIFIED). */
static int enum_of(const char *const *names, size_t n, const char *s) {
  for (size_t i = 1; s && i < n; i++)
    if (names[i] && !strcmp(names[i], s))
      return (int)i;
  return 0;
}

/* ---- conversions ---- */

static dbf_err insight_pb(dbf_arena *a, const dbf_insight *in, Debrief__V1__Insight **out,
                          dbf_status *st) {
  Debrief__V1__Insight *p = dbf_arena_alloc(a, sizeof *p);
  if (!p)
    return dbf_svc_nomem(st);
  debrief__v1__insight__init(p);
  p->id = dbf_svc_str(a, in->id);
  p->session_id = dbf_svc_str(a, in->session_id);
  p->kind = (Debrief__V1__InsightKind)enum_of(kind_db, DBF_ARRAY_LEN(kind_db), in->kind);
  p->text = dbf_svc_str(a, in->text);
  p->confidence = in->confidence;
  p->status = (Debrief__V1__InsightStatus)enum_of(status_db, DBF_ARRAY_LEN(status_db), in->status);
  p->reviewed_by = dbf_svc_str(a, in->reviewed_by);
  p->review_time = dbf_pbjson_timestamp(a, in->review_us);
  p->create_time = dbf_pbjson_timestamp(a, in->create_us);
  p->original_text = dbf_svc_str(a, in->original_text);
  if (!p->id || !p->session_id || !p->text || !p->reviewed_by || !p->original_text)
    return dbf_svc_nomem(st);
  if (in->n_source_fields) {
    p->source_fields = dbf_arena_calloc(a, in->n_source_fields, sizeof *p->source_fields);
    if (!p->source_fields)
      return dbf_svc_nomem(st);
    for (size_t i = 0; i < in->n_source_fields; i++)
      if (!(p->source_fields[p->n_source_fields++] = dbf_svc_str(a, in->source_fields[i])))
        return dbf_svc_nomem(st);
  }
  *out = p;
  return DBF_OK;
}

/* ---- handlers ---- */

static dbf_err list_insights(dbf_call *call, const ProtobufCMessage *req_, ProtobufCMessage **resp,
                             dbf_status *st) {
  const Debrief__V1__ListInsightsRequest *req = (const Debrief__V1__ListInsightsRequest *)req_;
  dbf_app *app = dbf_service_app(call);
  dbf_arena *a = dbf_call_arena(call);
  dbf_store_viewer who = dbf_service_viewer(call);
  dbf_insight_page page = {0};
  const char *statuses[MAX_FILTERS], *kinds[MAX_FILTERS];
  dbf_insight_filter f = {.statuses = statuses, .kinds = kinds};
  dbf_err rc = dbf_svc_check_uuid("session_id", req->session_id, false, st);
  if (rc)
    return rc;
  if (req->page_size == 0)
    f.page_size = DEFAULT_PAGE;
  else if (req->page_size < 1 || req->page_size > MAX_PAGE)
    return dbf_fail(st, DBF_ERR_INVALID, "page_size must be between 1 and %d (0 means %d), got %d",
                    MAX_PAGE, DEFAULT_PAGE, req->page_size);
  else
    f.page_size = req->page_size;
  if (req->page_token && strnlen(req->page_token, MAX_PAGE_TOKEN_LEN + 1) > MAX_PAGE_TOKEN_LEN)
    return dbf_fail(st, DBF_ERR_INVALID,
                    "page_token is not valid; pass the next_page_token of the previous response");
  if (req->n_statuses > MAX_FILTERS || req->n_kinds > MAX_FILTERS)
    return dbf_fail(st, DBF_ERR_INVALID, "statuses and kinds may each list at most %d values",
                    MAX_FILTERS);
  for (size_t i = 0; i < req->n_statuses; i++) {
    int v = (int)req->statuses[i];
    if (v < 1 || v >= (int)DBF_ARRAY_LEN(status_db))
      return dbf_fail(st, DBF_ERR_INVALID,
                      "statuses[%zu] must be an InsightStatus from INSIGHT_STATUS_PROPOSED (1) to "
                      "INSIGHT_STATUS_EDITED (4), got %d",
                      i, v);
    statuses[f.n_statuses++] = status_db[v];
  }
  for (size_t i = 0; i < req->n_kinds; i++) {
    int v = (int)req->kinds[i];
    if (v < 1 || v >= (int)DBF_ARRAY_LEN(kind_db))
      return dbf_fail(st, DBF_ERR_INVALID,
                      "kinds[%zu] must be an InsightKind from INSIGHT_KIND_RISK (1) to "
                      "INSIGHT_KIND_COACHING (4), got %d",
                      i, v);
    kinds[f.n_kinds++] = kind_db[v];
  }
  f.session_id = req->session_id;
  f.page_token = req->page_token;
  rc = dbf_store_insight_list(app->store, dbf_call_deadline_ms(call), &who, &f, &page, st);
  if (rc)
    return rc;
  Debrief__V1__ListInsightsResponse *r = dbf_arena_alloc(a, sizeof *r);
  if (!r) {
    rc = dbf_svc_nomem(st);
    goto out;
  }
  debrief__v1__list_insights_response__init(r);
  if (page.n && !(r->insights = dbf_arena_calloc(a, page.n, sizeof *r->insights))) {
    rc = dbf_svc_nomem(st);
    goto out;
  }
  for (size_t i = 0; i < page.n; i++) {
    if ((rc = insight_pb(a, page.items[i], &r->insights[i], st)))
      goto out;
    r->n_insights++;
  }
  if (!(r->next_page_token = dbf_svc_str(a, page.next_page_token))) {
    rc = dbf_svc_nomem(st);
    goto out;
  }
  *resp = &r->base;
out:
  dbf_insight_page_free(&page);
  return rc;
}

static dbf_err review_insight(dbf_call *call, const ProtobufCMessage *req_, ProtobufCMessage **resp,
                              dbf_status *st) {
  const Debrief__V1__ReviewInsightRequest *req = (const Debrief__V1__ReviewInsightRequest *)req_;
  dbf_app *app = dbf_service_app(call);
  dbf_store_viewer who = dbf_service_viewer(call);
  dbf_insight *in = NULL;
  dbf_err rc = dbf_svc_check_uuid("insight_id", req->insight_id, true, st);
  if (rc)
    return rc;
  dbf_review_action action;
  switch (req->action) {
    case DEBRIEF__V1__REVIEW_ACTION__REVIEW_ACTION_ACCEPT:
      action = DBF_REVIEW_ACCEPT;
      break;
    case DEBRIEF__V1__REVIEW_ACTION__REVIEW_ACTION_REJECT:
      action = DBF_REVIEW_REJECT;
      break;
    case DEBRIEF__V1__REVIEW_ACTION__REVIEW_ACTION_EDIT:
      action = DBF_REVIEW_EDIT;
      break;
    default:
      return dbf_fail(st, DBF_ERR_INVALID,
                      "action must be REVIEW_ACTION_ACCEPT (1), REVIEW_ACTION_REJECT (2) or "
                      "REVIEW_ACTION_EDIT (3), got %d",
                      (int)req->action);
  }
  if (action == DBF_REVIEW_EDIT) {
    if (dbf_svc_blank(req->edited_text))
      return dbf_fail(st, DBF_ERR_INVALID,
                      "edited_text is required for REVIEW_ACTION_EDIT: the insight's new text");
    if ((rc = check_text("edited_text", req->edited_text, MAX_EDIT_CHARS, st)))
      return rc;
  } else if (req->edited_text && *req->edited_text) {
    return dbf_fail(st, DBF_ERR_INVALID,
                    "edited_text is only allowed with REVIEW_ACTION_EDIT; leave it empty to %s",
                    action_db[req->action]);
  }
  if ((rc = check_text("note", req->note, MAX_NOTE_CHARS, st)))
    return rc;
  dbf_insight_review_in rin = {
      .insight_id = req->insight_id,
      .action = action,
      .edited_text = req->edited_text,
      .note = req->note,
  };
  rc = dbf_store_insight_review(app->store, dbf_call_deadline_ms(call), &who, &rin, &in, st);
  if (rc)
    return rc;
  Debrief__V1__ReviewInsightResponse *r = dbf_arena_alloc(dbf_call_arena(call), sizeof *r);
  if (!r) {
    rc = dbf_svc_nomem(st);
    goto out;
  }
  debrief__v1__review_insight_response__init(r);
  rc = insight_pb(dbf_call_arena(call), in, &r->insight, st);
  if (!rc)
    *resp = &r->base;
out:
  dbf_insight_free(in);
  return rc;
}

static dbf_err list_insight_reviews(dbf_call *call, const ProtobufCMessage *req_,
                                    ProtobufCMessage **resp, dbf_status *st) {
  const Debrief__V1__ListInsightReviewsRequest *req =
      (const Debrief__V1__ListInsightReviewsRequest *)req_;
  dbf_app *app = dbf_service_app(call);
  dbf_arena *a = dbf_call_arena(call);
  dbf_store_viewer who = dbf_service_viewer(call);
  dbf_insight_review_list list = {0};
  dbf_err rc = dbf_svc_check_uuid("insight_id", req->insight_id, true, st);
  if (rc)
    return rc;
  rc = dbf_store_insight_reviews(app->store, dbf_call_deadline_ms(call), &who, req->insight_id,
                                 &list, st);
  if (rc)
    return rc;
  Debrief__V1__ListInsightReviewsResponse *r = dbf_arena_alloc(a, sizeof *r);
  if (!r) {
    rc = dbf_svc_nomem(st);
    goto out;
  }
  debrief__v1__list_insight_reviews_response__init(r);
  if (list.n && !(r->reviews = dbf_arena_calloc(a, list.n, sizeof *r->reviews))) {
    rc = dbf_svc_nomem(st);
    goto out;
  }
  for (size_t i = 0; i < list.n; i++) {
    const dbf_insight_review *e = &list.items[i];
    Debrief__V1__InsightReview *p = dbf_arena_alloc(a, sizeof *p);
    if (!p) {
      rc = dbf_svc_nomem(st);
      goto out;
    }
    debrief__v1__insight_review__init(p);
    p->insight_id = dbf_svc_str(a, req->insight_id);
    p->action = (Debrief__V1__ReviewAction)enum_of(action_db, DBF_ARRAY_LEN(action_db), e->action);
    p->reviewer_id = dbf_svc_str(a, e->reviewer_id);
    p->previous_text = dbf_svc_str(a, e->old_text);
    p->new_text = dbf_svc_str(a, e->new_text);
    p->note = dbf_svc_str(a, e->note);
    p->create_time = dbf_pbjson_timestamp(a, e->create_us);
    if (!p->insight_id || !p->reviewer_id || !p->previous_text || !p->new_text || !p->note) {
      rc = dbf_svc_nomem(st);
      goto out;
    }
    r->reviews[r->n_reviews++] = p;
  }
  *resp = &r->base;
out:
  dbf_insight_review_list_free(&list);
  return rc;
}

/* ---- registration ---- */

#define INSIGHT_METHOD(name, fn, req, resp)                                                        \
  {                                                                                                \
    .path = "/debrief.v1.InsightService/" name, .kind = DBF_RPC_UNARY,                             \
    .request = &debrief__v1__##req##__descriptor, .response = &debrief__v1__##resp##__descriptor,  \
    .unary = fn, .policy = DBF_POLICY_MEMBER,                                                      \
  }

/* Not const: register stores the app in .data. */
static dbf_method insight_methods[] = {
    INSIGHT_METHOD("ListInsights", list_insights, list_insights_request, list_insights_response),
    INSIGHT_METHOD("ReviewInsight", review_insight, review_insight_request,
                   review_insight_response),
    INSIGHT_METHOD("ListInsightReviews", list_insight_reviews, list_insight_reviews_request,
                   list_insight_reviews_response),
};

dbf_err dbf_insight_service_register(dbf_app *app, dbf_server *srv, dbf_status *st) {
  for (size_t i = 0; i < DBF_ARRAY_LEN(insight_methods); i++)
    insight_methods[i].data = app;
  return dbf_server_add_methods(srv, insight_methods, DBF_ARRAY_LEN(insight_methods), st);
}
