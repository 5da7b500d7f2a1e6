/*
 * turn_prepare.c - dbf_turn_prepare (see turn.h): the model's work for an
 * answer, done outside any transaction because model calls take seconds
 * and must never hold the session row lock. It reads an unlocked snapshot,
 * merges and plans exactly as the answer's transaction will (turn_row.c),
 * and asks the model to word the question or write the summary.
 */
#include "service/turn_int.h"

#include <inttypes.h>
#include <stdio.h>
#include <string.h>
#include <sys/random.h>

#include "core/alloc.h"
#include "core/clock.h"
#include "core/log.h"
#include "interview/interviewer.h"

void dbf_turn_llm_clear(dbf_turn_llm *l) {
  json_decref(l->updates);
  json_decref(l->summary);
  dbf_free(l->question);
  memset(l, 0, sizeof *l);
}

#define TRANSCRIPT_MAX 12 /* recent questions and answers the model sees */

typedef struct snap_args {
  dbf__turn_args *a;
  int64_t dup_seq;    /* the seq of an already stored answer with this client_msg_id */
  json_t *transcript; /* [{"role","text"}], oldest first */
} snap_args;

/* The unlocked snapshot the model works from. */
static dbf_err snapshot_tx(dbf_tx *tx, void *arg, dbf_status *st) {
  snap_args *sa = arg;
  dbf__turn_args *a = sa->a;
  dbf__args_release(a);
  json_decref(sa->transcript);
  sa->transcript = NULL;
  dbf_err rc = dbf__load_session(tx, a, false, st);
  if (!rc)
    rc = dbf__find_answer(tx, a, &sa->dup_seq, st);
  if (!rc)
    rc = dbf_store_turn_transcript(tx, a->c->who->user_id, a->c->session_id, TRANSCRIPT_MAX,
                                   &sa->transcript, st);
  return rc;
}

static void usage_from(dbf_turn_usage *u, const dbf_llm_result *r) {
  memset(u, 0, sizeof *u);
  snprintf(u->provider, sizeof u->provider, "%s", dbf_llm_provider_name(r->provider));
  snprintf(u->model, sizeof u->model, "%s", r->model);
  u->tokens_in = r->tokens_in;
  u->tokens_out = r->tokens_out;
  u->latency_ms = r->latency_ms;
  u->first_token_ms = r->first_token_ms;
}

/* Counts one model call of this answer and notes its outcome in l->steps. */
static void note_call(dbf_turn_llm *l, const char *step, const dbf_iv_outcome *o) {
  size_t n = strlen(l->steps);
  l->calls++;
  snprintf(l->steps + n, sizeof l->steps - n, "%s%s:%s", n ? " " : "", step,
           dbf_llm_error_name(o->error));
}

static void note_fallback(dbf_turn_llm *l, const char *step, const dbf_iv_outcome *o,
                          const dbf_status *ist) {
  if (!l->fallback)
    snprintf(l->why, sizeof l->why,
             "the model could not %s (%s: %.120s); the offline engine answered", step,
             dbf_llm_error_name(o->error), o->message[0] ? o->message : ist->msg);
  l->fallback = true;
  dbf_log(DBF_LOG_WARN, "llm.fallback", "%s", l->why);
}

typedef struct delta_relay {
  void (*fn)(void *arg, const char *question_id, const char *text, size_t len);
  void *arg;
  const char *question_id;
} delta_relay;

static void relay_delta(void *arg, const char *text, size_t len) {
  delta_relay *d = arg;
  if (d->fn)
    d->fn(d->arg, d->question_id, text, len);
}

dbf_err dbf_turn_prepare(const dbf_turn_ctx *c, const char *client_msg_id, const char *text,
                         void (*on_delta)(void *arg, const char *question_id, const char *text,
                                          size_t len),
                         void *arg, dbf_turn_llm *out, dbf_status *st) {
  memset(out, 0, sizeof *out);
  if (!dbf_llm_enabled(c->app->llm))
    return DBF_OK;
  dbf_turn_result r = {0};
  dbf__turn_args a = {.c = c, .r = &r, .client_msg_id = client_msg_id, .text = text};
  snap_args sa = {.a = &a};
  json_t *changed = NULL;
  dbf_status ist = {0};
  dbf_iv_outcome o;
  /* A failed read is reported by the answer's own transaction. */
  dbf_err rc = dbf_store_tx(c->app->store, c->deadline_ms, snapshot_tx, &sa, st);
  if (rc || sa.dup_seq || a.state != DBF_SESSION_ACTIVE)
    goto out;
  out->used = true;
  out->version = a.version;
  uint64_t rnd = 0;
  if (getrandom(&rnd, sizeof rnd, 0) != sizeof rnd)
    rnd = (uint64_t)dbf_now_ms() ^ (uint64_t)a.seq << 32;
  snprintf(out->question_id, sizeof out->question_id, "q-%016" PRIx64, rnd);

  dbf_llm_message msgs[TRANSCRIPT_MAX];
  size_t n = 0, i;
  json_t *m;
  json_array_foreach(sa.transcript, i, m) {
    if (n < TRANSCRIPT_MAX && json_string_value(json_object_get(m, "text"))) {
      const char *role = json_string_value(json_object_get(m, "role"));
      msgs[n].role = role && !strcmp(role, "user") ? DBF_LLM_USER : DBF_LLM_ASSISTANT;
      msgs[n++].text = json_string_value(json_object_get(m, "text"));
    }
  }
  const json_t *targets = json_object_get(a.pending, "target_fields");
  const char *tf[8];
  size_t ntf = 0;
  json_array_foreach(targets, i, m) {
    if (ntf < DBF_ARRAY_LEN(tf) && json_string_value(m))
      tf[ntf++] = json_string_value(m);
  }
  int64_t deadline = c->deadline_ms == INT64_MAX ? 0 : c->deadline_ms;
  char ref[11];
  dbf__reference_date(a.subject, ref);
  dbf_iv_ctx ic = {.llm = c->app->llm,
                   .tpl = a.tpl,
                   .prompts_dir = c->app->prompts_dir,
                   .record = a.record,
                   .subject = a.subject,
                   .reference_date = ref,
                   .transcript = msgs,
                   .n_transcript = n,
                   .deadline_ms = deadline,
                   .cancelled = c->cancelled,
                   .cancel_arg = c->cancel_arg};
  int64_t seq = a.seq + 1; /* restamped with the real seq in the transaction */
  bool provider_down = false;
  dbf_err xrc = dbf_iv_extract(&ic, text, seq, tf, ntf, &out->updates, &o, &ist);
  note_call(out, "extract", &o);
  usage_from(&out->extract_usage, &o.usage);
  out->counts = o.counts;
  if (xrc) {
    note_fallback(out, "read the answer", &o, &ist);
    out->updates = NULL;
    /* The provider itself failed (not just this output): a second call
       would fail the same way, so the offline engine words the question
       at once instead of doubling the turn's delay. */
    provider_down = o.error == DBF_LLM_E_UNAVAILABLE || o.error == DBF_LLM_E_RATE_LIMITED ||
                    o.error == DBF_LLM_E_AUTH || o.error == DBF_LLM_E_TIMEOUT ||
                    o.error == DBF_LLM_E_CANCELLED;
  }
  dbf_llm_result_clear(&o.usage);

  /* Plan from the merged record exactly as the transaction will. */
  a.turns++;
  dbf_plan_input in;
  rc = dbf__extract_merge(&a, seq, out->updates, NULL, &changed, &in, st);
  if (rc)
    goto out;
  ic.record = a.record;
  dbf_question_plan q = {0};
  bool done = dbf__completion_due(&a, in.last_done) != 0;
  if (!done) {
    rc = dbf_plan_next(&in, &q, st);
    if (rc)
      goto out;
    done = q.done;
  }
  dbf_status_clear(&ist);
  if (provider_down) {
    /* nothing more to ask the model for this answer */
  } else if (done) {
    dbf_err src = dbf_iv_summary(&ic, &out->summary, &o, &ist);
    note_call(out, "summary", &o);
    usage_from(&out->usage, &o.usage);
    if (src) {
      note_fallback(out, "write the summary", &o, &ist);
      out->summary = NULL;
    }
  } else {
    out->plan = q;
    delta_relay d = {.fn = on_delta, .arg = arg, .question_id = out->question_id};
    dbf_err qrc = dbf_iv_question(&ic, &q, relay_delta, &d, &out->question, &o, &ist);
    note_call(out, "question", &o);
    usage_from(&out->usage, &o.usage);
    if (qrc) {
      note_fallback(out, "word the question", &o, &ist);
      out->question = NULL;
    }
  }
  dbf_llm_result_clear(&o.usage);
out:
  json_decref(changed);
  json_decref(sa.transcript);
  dbf__args_release(&a);
  return rc;
}

/* tokens, or -1 when unknown, summed with what is there. */
static int64_t add_tokens(int64_t sum, int64_t n) {
  return n < 0 ? sum : (sum < 0 ? n : sum + n);
}

void dbf_turn_llm_log(const dbf_turn_ctx *c, const dbf_turn_llm *l, const dbf_turn_result *r) {
  if (!l->used || l->calls == 0)
    return;
  /* The extraction's counts as merged in the committed turn; the prepared
     ones when the turn did not merge them (the session moved on). */
  const dbf_iv_counts *n = r && r->llm_merged ? &r->llm_counts : &l->counts;
  const dbf_turn_usage *x = &l->extract_usage, *q = &l->usage;
  json_t *drops = json_object();
  for (int i = 0; drops && i < DBF_IV_DROP__COUNT; i++)
    if (n->dropped[i])
      json_object_set_new(drops, dbf_iv_drop_name((dbf_iv_drop)i), json_integer(n->dropped[i]));
  bool two = l->calls > 1;
  json_t *f = json_pack(
      "{s:s, s:I, s:s, s:i, s:s, s:b, s:I, s:I, s:I, s:I, s:I, s:I, s:I, s:i, s:i, s:i, s:i, "
      "s:o, s:i, s:b}",
      "session_id", c->session_id, "answer_seq", (json_int_t)(r ? r->ack_seq : 0), "model",
      x->model, "calls", l->calls, "steps", l->steps, "fallback", l->fallback, "tokens_in",
      (json_int_t)add_tokens(x->tokens_in, two ? q->tokens_in : -1), "tokens_out",
      (json_int_t)add_tokens(x->tokens_out, two ? q->tokens_out : -1), "latency_ms",
      (json_int_t)(x->latency_ms + (two ? q->latency_ms : 0)), "extract_tokens_in",
      (json_int_t)x->tokens_in, "extract_ms", (json_int_t)x->latency_ms, "reply_tokens_in",
      (json_int_t)(two ? q->tokens_in : -1), "reply_ms", (json_int_t)(two ? q->latency_ms : 0),
      "proposed", n->proposed, "grounded", n->grounded, "dropped", dbf_iv_counts_dropped(n),
      "stored", n->stored, "drops", drops, "items_dropped", n->items_dropped, "merged",
      r && r->llm_merged);
  dbf_log_fields(DBF_LOG_INFO, "llm.turn", f);
}
