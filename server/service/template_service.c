/*
 * template_service.c - debrief.v1.TemplateService: list, read, validate,
 * create and version interview templates.
 *
 * The protobuf Template is converted to the canonical JSON definition of
 * engine/template.h and validated by dbf_template_parse, the same parser the
 * engine uses at run time, so anything the API accepts the engine can run.
 * What is stored is dbf_template_to_json of the parsed result, so defaults
 * are explicit and equal definitions compare equal.
 */
#include <stdio.h>
#include <string.h>

#include "debrief/v1/template_service.pb-c.h"
#include "engine/template.h"
#include "service/validate.h"
#include "service/app.h"
#include "service/pbjson.h"
#include "service/services.h"
#include "store/store.h"

#define LIST_DEFAULT_PAGE  50
#define LIST_MAX_PAGE      100
#define MAX_PAGE_TOKEN_LEN 600
#define MAX_SLUG_LEN       63

static dbf_err check_slug(const char *what, const char *s, dbf_status *st) {
  if (!s || !*s)
    return dbf_fail(st, DBF_ERR_INVALID, "%s is required, e.g. 'sales_debrief'", what);
  size_t n = strnlen(s, MAX_SLUG_LEN + 1);
  bool ok = n <= MAX_SLUG_LEN && s[0] >= 'a' && s[0] <= 'z';
  for (size_t i = 0; ok && i < n; i++)
    ok = (s[i] >= 'a' && s[i] <= 'z') || (s[i] >= '0' && s[i] <= '9') || s[i] == '_';
  if (!ok)
    return dbf_fail(st, DBF_ERR_INVALID,
                    "%s must be a lowercase identifier (a-z, 0-9, _; starting with a letter; "
                    "at most %d characters), got '%.64s'",
                    what, MAX_SLUG_LEN, s);
  return DBF_OK;
}

/* ---- protobuf Template -> JSON definition ---- */

typedef struct builder {
  bool bad_utf8;
  bool oom;
  char where[96]; /* first field with invalid UTF-8 */
} builder;

static void put_str(builder *b, json_t *o, const char *key, const char *v, const char *where) {
  if (!v || !*v)
    return;
  json_t *s = json_string(v);
  if (!s) {
    if (!b->bad_utf8)
      snprintf(b->where, sizeof b->where, "%s", where);
    b->bad_utf8 = true;
    return;
  }
  if (json_object_set_new(o, key, s))
    b->oom = true;
}

static void put_strs(builder *b, json_t *o, const char *key, char **v, size_t n,
                     const char *where) {
  if (!n)
    return;
  json_t *a = json_array();
  if (!a) {
    b->oom = true;
    return;
  }
  for (size_t i = 0; i < n; i++) {
    json_t *s = json_string(v[i] ? v[i] : "");
    if (!s) {
      if (!b->bad_utf8)
        snprintf(b->where, sizeof b->where, "%s[%zu]", where, i);
      b->bad_utf8 = true;
      continue;
    }
    json_array_append_new(a, s);
  }
  if (json_object_set_new(o, key, a))
    b->oom = true;
}

static void put_new(builder *b, json_t *o, const char *key, json_t *v) {
  if (!v || json_object_set_new(o, key, v))
    b->oom = true;
}

static dbf_err template_to_def(const Debrief__V1__Template *t, json_t **out, dbf_status *st) {
  builder b = {0};
  char where[96];
  json_t *d = json_object();
  if (!d)
    return dbf_svc_nomem(st);
  put_str(&b, d, "slug", t->slug, "slug");
  put_str(&b, d, "title", t->title, "title");
  put_str(&b, d, "description", t->description, "description");
  put_str(&b, d, "opening", t->opening, "opening");

  json_t *fields = json_array();
  put_new(&b, d, "fields", fields);
  for (size_t i = 0; fields && i < t->n_fields; i++) {
    const Debrief__V1__TemplateField *f = t->fields[i];
    json_t *jf = json_object();
    if (!jf || json_array_append_new(fields, jf)) {
      b.oom = true;
      break;
    }
    snprintf(where, sizeof where, "fields[%zu]", i);
    put_str(&b, jf, "key", f->key, where);
    /* FieldType numbers equal dbf_field_type; anything else is left for the
       parser to report as an unknown type on this field. */
    int ty = (int)f->type;
    char tyname[32];
    snprintf(tyname, sizeof tyname, ty ? "field_type_%d" : "unspecified", ty);
    put_new(&b, jf, "type",
            json_string(ty >= DBF_FIELD_TEXT && ty <= DBF_FIELD_BOOL
                            ? dbf_field_type_name((dbf_field_type)ty)
                            : tyname));
    put_str(&b, jf, "description", f->description, where);
    put_str(&b, jf, "label", f->label, where);
    put_new(&b, jf, "required", json_boolean(f->required));
    put_strs(&b, jf, "enum_values", f->enum_values, f->n_enum_values, where);
    put_strs(&b, jf, "examples", f->examples, f->n_examples, where);
    put_str(&b, jf, "ask", f->ask, where);
    put_str(&b, jf, "follow_up", f->follow_up, where);
    put_strs(&b, jf, "item_keys", f->item_keys, f->n_item_keys, where);
    if (f->priority != 0)
      put_new(&b, jf, "priority", json_real(f->priority));
    if (f->extractor) {
      json_t *je = json_object();
      put_new(&b, jf, "extractor", je);
      if (je) {
        snprintf(where, sizeof where, "fields[%zu].extractor", i);
        put_str(&b, je, "kind", f->extractor->kind, where);
        if (f->extractor->params) {
          json_t *params = NULL;
          char what[96];
          snprintf(what, sizeof what, "template.fields[%zu].extractor.params", i);
          dbf_err rc = dbf_pbjson_from_struct(f->extractor->params, what, &params, st);
          if (rc) {
            json_decref(d);
            return rc;
          }
          put_new(&b, je, "params", params);
        }
      }
    }
  }
  if (t->completion) {
    json_t *c = json_object();
    put_new(&b, d, "completion", c);
    if (c) {
      put_strs(&b, c, "required_fields", t->completion->required_fields,
               t->completion->n_required_fields, "completion.required_fields");
      if (t->completion->min_confidence != 0)
        put_new(&b, c, "min_confidence", json_real(t->completion->min_confidence));
      if (t->completion->max_turns != 0)
        put_new(&b, c, "max_turns", json_integer(t->completion->max_turns));
    }
  }
  if (t->n_summary) {
    json_t *sum = json_array();
    put_new(&b, d, "summary", sum);
    for (size_t i = 0; sum && i < t->n_summary; i++) {
      json_t *js = json_object();
      if (!js || json_array_append_new(sum, js)) {
        b.oom = true;
        break;
      }
      snprintf(where, sizeof where, "summary[%zu]", i);
      put_str(&b, js, "key", t->summary[i]->key, where);
      put_str(&b, js, "title", t->summary[i]->title, where);
      put_str(&b, js, "description", t->summary[i]->description, where);
    }
  }
  if (t->n_context_rules) {
    json_t *rules = json_array();
    put_new(&b, d, "context_rules", rules);
    for (size_t i = 0; rules && i < t->n_context_rules; i++) {
      const Debrief__V1__ContextRule *r = t->context_rules[i];
      json_t *jr = json_object();
      if (!jr || json_array_append_new(rules, jr)) {
        b.oom = true;
        break;
      }
      snprintf(where, sizeof where, "context_rules[%zu]", i);
      put_str(&b, jr, "attribute", r->attribute, where);
      put_str(&b, jr, "equals", r->equals, where);
      put_strs(&b, jr, "boost_fields", r->boost_fields, r->n_boost_fields, where);
    }
  }
  if (t->crm && t->crm->auto_push)
    put_new(&b, d, "crm", json_pack("{s:b}", "auto_push", 1));
  if (b.oom) {
    json_decref(d);
    return dbf_svc_nomem(st);
  }
  if (b.bad_utf8) {
    json_decref(d);
    return dbf_fail(st, DBF_ERR_INVALID, "template.%s holds text that is not valid UTF-8", b.where);
  }
  *out = d;
  return DBF_OK;
}

/* ---- dbf_template -> protobuf (call arena) ---- */

static bool astrs(dbf_arena *a, char **src, size_t n, char ***out, size_t *n_out) {
  *n_out = 0;
  if (!n)
    return true;
  if (!(*out = dbf_arena_calloc(a, n, sizeof **out)))
    return false;
  for (size_t i = 0; i < n; i++)
    if (!((*out)[(*n_out)++] = dbf_svc_str(a, src[i])))
      return false;
  return true;
}

static dbf_err template_pb(dbf_arena *a, const dbf_template_rec *rec, Debrief__V1__Template **out,
                           dbf_status *st) {
  dbf_template *t = NULL;
  dbf_err rc = dbf_template_parse(rec->definition, &t, NULL, st);
  if (rc) {
    char why[DBF_STATUS_MSG_MAX];
    snprintf(why, sizeof why, "%s", st ? st->msg : "");
    return dbf_fail(st, DBF_ERR_INTERNAL, "stored template %s v%d does not parse: %s", rec->slug,
                    rec->version, why);
  }
  bool ok = true;
  Debrief__V1__Template *p = dbf_arena_alloc(a, sizeof *p);
  if (!p) {
    rc = dbf_svc_nomem(st);
    goto out;
  }
  debrief__v1__template__init(p);
  p->slug = dbf_svc_str(a, rec->slug);
  p->version = rec->version;
  p->title = dbf_svc_str(a, t->title);
  p->description = dbf_svc_str(a, t->description);
  p->opening = dbf_svc_str(a, t->opening);
  p->builtin = rec->builtin;
  p->created_by = dbf_svc_str(a, rec->created_by);
  p->create_time = dbf_pbjson_timestamp(a, rec->create_us);
  ok = p->slug && p->title && p->description && p->opening && p->created_by;
  if (ok && t->n_fields)
    ok = (p->fields = dbf_arena_calloc(a, t->n_fields, sizeof *p->fields)) != NULL;
  for (size_t i = 0; ok && i < t->n_fields; i++) {
    const dbf_template_field *f = &t->fields[i];
    Debrief__V1__TemplateField *pf = dbf_arena_alloc(a, sizeof *pf);
    if (!(ok = pf != NULL))
      break;
    debrief__v1__template_field__init(pf);
    pf->key = dbf_svc_str(a, f->key);
    pf->type = (Debrief__V1__FieldType)f->type;
    pf->description = dbf_svc_str(a, f->description);
    pf->label = dbf_svc_str(a, f->label);
    pf->required = f->required;
    pf->ask = dbf_svc_str(a, f->ask);
    pf->follow_up = dbf_svc_str(a, f->follow_up);
    pf->priority = f->priority;
    Debrief__V1__ExtractorSpec *ex = dbf_arena_alloc(a, sizeof *ex);
    if (!(ok = ex != NULL))
      break;
    debrief__v1__extractor_spec__init(ex);
    ex->kind = dbf_svc_str(a, f->extract_kind);
    if (f->extract_params &&
        dbf_pbjson_to_struct(a, f->extract_params, "extractor.params", &ex->params, NULL))
      ok = false;
    pf->extractor = ex;
    ok = ok && ex->kind && pf->key && pf->description && pf->label && pf->ask && pf->follow_up &&
         astrs(a, f->enum_values, f->n_enum_values, &pf->enum_values, &pf->n_enum_values) &&
         astrs(a, f->examples, f->n_examples, &pf->examples, &pf->n_examples) &&
         astrs(a, f->item_keys, f->n_item_keys, &pf->item_keys, &pf->n_item_keys);
    p->fields[p->n_fields++] = pf;
  }
  Debrief__V1__CompletionPolicy *c = ok ? dbf_arena_alloc(a, sizeof *c) : NULL;
  if (c) {
    debrief__v1__completion_policy__init(c);
    c->min_confidence = t->min_confidence;
    c->max_turns = t->max_turns;
    ok = astrs(a, t->required_fields, t->n_required_fields, &c->required_fields,
               &c->n_required_fields);
    p->completion = c;
  } else {
    ok = false;
  }
  if (ok && t->n_summary)
    ok = (p->summary = dbf_arena_calloc(a, t->n_summary, sizeof *p->summary)) != NULL;
  for (size_t i = 0; ok && i < t->n_summary; i++) {
    Debrief__V1__SummarySection *s = dbf_arena_alloc(a, sizeof *s);
    if (!(ok = s != NULL))
      break;
    debrief__v1__summary_section__init(s);
    s->key = dbf_svc_str(a, t->summary[i].key);
    s->title = dbf_svc_str(a, t->summary[i].title);
    s->description = dbf_svc_str(a, t->summary[i].description);
    ok = s->key && s->title && s->description;
    p->summary[p->n_summary++] = s;
  }
  if (ok && t->n_context_rules)
    ok = (p->context_rules = dbf_arena_calloc(a, t->n_context_rules, sizeof *p->context_rules)) !=
         NULL;
  for (size_t i = 0; ok && i < t->n_context_rules; i++) {
    const dbf_context_rule *r = &t->context_rules[i];
    Debrief__V1__ContextRule *pr = dbf_arena_alloc(a, sizeof *pr);
    if (!(ok = pr != NULL))
      break;
    debrief__v1__context_rule__init(pr);
    pr->attribute = dbf_svc_str(a, r->attribute);
    pr->equals = dbf_svc_str(a, r->equals);
    ok = pr->attribute && pr->equals &&
         astrs(a, r->boost_fields, r->n_boost_fields, &pr->boost_fields, &pr->n_boost_fields);
    p->context_rules[p->n_context_rules++] = pr;
  }
  if (ok && t->crm_auto_push) {
    if ((ok = (p->crm = dbf_arena_alloc(a, sizeof *p->crm)) != NULL)) {
      debrief__v1__template_crm__init(p->crm);
      p->crm->auto_push = true;
    }
  }
  if (!ok) {
    rc = dbf_svc_nomem(st);
    goto out;
  }
  *out = p;
out:
  dbf_template_free(t);
  return rc;
}

/*
 * Parses and validates a request's template. On success *canon is the new
 * canonical definition to store. viol (optional) collects every problem.
 */
static dbf_err parse_request_template(const Debrief__V1__Template *t, json_t **canon,
                                      dbf_violations *viol, dbf_status *st) {
  json_t *def = NULL;
  dbf_template *tpl = NULL;
  *canon = NULL;
  if (!t)
    return dbf_fail(st, DBF_ERR_INVALID, "template is required");
  dbf_err rc = template_to_def(t, &def, st);
  if (rc)
    return rc;
  rc = dbf_svc_check_json_size("template", def, DBF_MAX_TEMPLATE_BYTES, st);
  if (!rc)
    rc = dbf_template_parse(def, &tpl, viol, st);
  if (!rc && !(*canon = dbf_template_to_json(tpl)))
    rc = dbf_svc_nomem(st);
  json_decref(def);
  dbf_template_free(tpl);
  return rc;
}

/* ---- handlers ---- */

#define REQ(type) const type *req = (const type *)req_

static dbf_err list_templates(dbf_call *call, const ProtobufCMessage *req_, ProtobufCMessage **resp,
                              dbf_status *st) {
  REQ(Debrief__V1__ListTemplatesRequest);
  dbf_app *app = dbf_service_app(call);
  dbf_arena *a = dbf_call_arena(call);
  dbf_template_page page = {0};
  int size = req->page_size ? req->page_size : LIST_DEFAULT_PAGE;
  if (req->page_size < 0 || req->page_size > LIST_MAX_PAGE)
    return dbf_fail(st, DBF_ERR_INVALID, "page_size must be between 1 and %d (0 means %d), got %d",
                    LIST_MAX_PAGE, LIST_DEFAULT_PAGE, req->page_size);
  if (req->page_token && strnlen(req->page_token, MAX_PAGE_TOKEN_LEN + 1) > MAX_PAGE_TOKEN_LEN)
    return dbf_fail(st, DBF_ERR_INVALID, "page_token is not valid; omit it to start over");
  dbf_err rc = dbf_store_template_list(app->store, dbf_call_deadline_ms(call), req->all_versions,
                                       size, req->page_token, &page, st);
  if (rc)
    return rc;
  Debrief__V1__ListTemplatesResponse *r = dbf_arena_alloc(a, sizeof *r);
  if (!r) {
    rc = dbf_svc_nomem(st);
    goto out;
  }
  debrief__v1__list_templates_response__init(r);
  if (page.n && !(r->templates = dbf_arena_calloc(a, page.n, sizeof *r->templates))) {
    rc = dbf_svc_nomem(st);
    goto out;
  }
  for (size_t i = 0; i < page.n; i++) {
    rc = template_pb(a, page.items[i], &r->templates[i], st);
    if (rc)
      goto out;
    r->n_templates++;
  }
  if (!(r->next_page_token = dbf_svc_str(a, page.next_page_token))) {
    rc = dbf_svc_nomem(st);
    goto out;
  }
  *resp = &r->base;
out:
  dbf_template_page_free(&page);
  return rc;
}

static dbf_err get_template(dbf_call *call, const ProtobufCMessage *req_, ProtobufCMessage **resp,
                            dbf_status *st) {
  REQ(Debrief__V1__GetTemplateRequest);
  dbf_app *app = dbf_service_app(call);
  dbf_arena *a = dbf_call_arena(call);
  dbf_template_rec *rec = NULL;
  dbf_err rc = check_slug("slug", req->slug, st);
  if (rc)
    return rc;
  if (req->version < 0)
    return dbf_fail(st, DBF_ERR_INVALID, "version must be 0 (the latest) or positive, got %d",
                    req->version);
  rc = dbf_store_template_get(app->store, dbf_call_deadline_ms(call), req->slug, req->version, &rec,
                              st);
  if (rc)
    return rc;
  Debrief__V1__GetTemplateResponse *r = dbf_arena_alloc(a, sizeof *r);
  if (!r) {
    rc = dbf_svc_nomem(st);
    goto out;
  }
  debrief__v1__get_template_response__init(r);
  rc = template_pb(a, rec, &r->template_, st);
  if (!rc)
    *resp = &r->base;
out:
  dbf_template_rec_free(rec);
  return rc;
}

static dbf_err create_or_update(dbf_call *call, const Debrief__V1__Template *t, bool update,
                                int expected_version, Debrief__V1__Template **out, dbf_status *st) {
  dbf_app *app = dbf_service_app(call);
  const dbf_principal *p = dbf_service_principal(call);
  json_t *canon = NULL;
  dbf_template_rec *rec = NULL;
  dbf_err rc;
  if (!t)
    return dbf_fail(st, DBF_ERR_INVALID, "template is required");
  if ((rc = check_slug("template.slug", t->slug, st)))
    return rc;
  if (expected_version < 0)
    return dbf_fail(st, DBF_ERR_INVALID,
                    "expected_version must be 0 (any) or the latest version you read, got %d",
                    expected_version);
  rc = parse_request_template(t, &canon, NULL, st);
  if (rc)
    goto out;
  if (update)
    rc = dbf_store_template_update(app->store, dbf_call_deadline_ms(call), canon, p->user_id,
                                   expected_version, &rec, st);
  else
    rc = dbf_store_template_create(app->store, dbf_call_deadline_ms(call), canon, p->user_id, false,
                                   &rec, st);
  if (rc)
    goto out;
  rc = template_pb(dbf_call_arena(call), rec, out, st);
out:
  json_decref(canon);
  dbf_template_rec_free(rec);
  return rc;
}

static dbf_err create_template(dbf_call *call, const ProtobufCMessage *req_,
                               ProtobufCMessage **resp, dbf_status *st) {
  REQ(Debrief__V1__CreateTemplateRequest);
  Debrief__V1__CreateTemplateResponse *r = dbf_arena_alloc(dbf_call_arena(call), sizeof *r);
  if (!r)
    return dbf_svc_nomem(st);
  debrief__v1__create_template_response__init(r);
  dbf_err rc = create_or_update(call, req->template_, false, 0, &r->template_, st);
  if (!rc)
    *resp = &r->base;
  return rc;
}

static dbf_err update_template(dbf_call *call, const ProtobufCMessage *req_,
                               ProtobufCMessage **resp, dbf_status *st) {
  REQ(Debrief__V1__UpdateTemplateRequest);
  Debrief__V1__UpdateTemplateResponse *r = dbf_arena_alloc(dbf_call_arena(call), sizeof *r);
  if (!r)
    return dbf_svc_nomem(st);
  debrief__v1__update_template_response__init(r);
  dbf_err rc =
      create_or_update(call, req->template_, true, req->expected_version, &r->template_, st);
  if (!rc)
    *resp = &r->base;
  return rc;
}

static dbf_err validate_template(dbf_call *call, const ProtobufCMessage *req_,
                                 ProtobufCMessage **resp, dbf_status *st) {
  REQ(Debrief__V1__ValidateTemplateRequest);
  dbf_arena *a = dbf_call_arena(call);
  dbf_violations viol = {0};
  json_t *canon = NULL;
  if (!req->template_)
    return dbf_fail(st, DBF_ERR_INVALID, "template is required");
  Debrief__V1__ValidateTemplateResponse *r = dbf_arena_alloc(a, sizeof *r);
  if (!r)
    return dbf_svc_nomem(st);
  debrief__v1__validate_template_response__init(r);
  dbf_status pst = {0};
  dbf_err rc = parse_request_template(req->template_, &canon, &viol, &pst);
  if (rc && rc != DBF_ERR_INVALID) {
    rc = dbf_fail(st, rc, "%s", pst.msg);
    goto out;
  }
  r->valid = rc == DBF_OK;
  rc = DBF_OK;
  size_t n = viol.n;
  if (!r->valid && n == 0)
    n = 1; /* an error found before the parser ran (e.g. bad UTF-8) */
  if (!r->valid && !(r->violations = dbf_arena_calloc(a, n, sizeof *r->violations))) {
    rc = dbf_svc_nomem(st);
    goto out;
  }
  for (size_t i = 0; !r->valid && i < n; i++) {
    Debrief__V1__FieldViolation *v = dbf_arena_alloc(a, sizeof *v);
    if (!v) {
      rc = dbf_svc_nomem(st);
      goto out;
    }
    debrief__v1__field_violation__init(v);
    v->field = dbf_svc_str(a, viol.n ? viol.items[i].field : "template");
    v->description = dbf_svc_str(a, viol.n ? viol.items[i].description : pst.msg);
    if (!v->field || !v->description) {
      rc = dbf_svc_nomem(st);
      goto out;
    }
    r->violations[r->n_violations++] = v;
  }
  *resp = &r->base;
out:
  json_decref(canon);
  dbf_violations_free(&viol);
  return rc;
}

/* ---- registration ---- */

#define TEMPLATE_METHOD(name, fn, req, resp, pol)                                                  \
  {                                                                                                \
    .path = "/debrief.v1.TemplateService/" name, .kind = DBF_RPC_UNARY,                            \
    .request = &debrief__v1__##req##__descriptor, .response = &debrief__v1__##resp##__descriptor,  \
    .unary = fn, .policy = pol,                                                                    \
  }

/* Not const: register stores the app in .data. */
static dbf_method template_methods[] = {
    TEMPLATE_METHOD("ListTemplates", list_templates, list_templates_request,
                    list_templates_response, DBF_POLICY_MEMBER),
    TEMPLATE_METHOD("GetTemplate", get_template, get_template_request, get_template_response,
                    DBF_POLICY_MEMBER),
    TEMPLATE_METHOD("CreateTemplate", create_template, create_template_request,
                    create_template_response, DBF_POLICY_ADMIN),
    TEMPLATE_METHOD("UpdateTemplate", update_template, update_template_request,
                    update_template_response, DBF_POLICY_ADMIN),
    /* Validation stores nothing, so any member may check a draft. */
    TEMPLATE_METHOD("ValidateTemplate", validate_template, validate_template_request,
                    validate_template_response, DBF_POLICY_MEMBER),
};

dbf_err dbf_template_service_register(dbf_app *app, dbf_server *srv, dbf_status *st) {
  for (size_t i = 0; i < DBF_ARRAY_LEN(template_methods); i++)
    template_methods[i].data = app;
  return dbf_server_add_methods(srv, template_methods, DBF_ARRAY_LEN(template_methods), st);
}
