/*
 * extract.c - the deterministic rule extractor of the offline interviewer
 * (contract in extract.h): reads one answer for every field of the template
 * with the rule its extractor kind names (rules/registry.c), then applies
 * date corrections across fields. Lines that name their field ("Role: ...",
 * labelled.h) are read first, each as an answer to the field it names.
 *
 * Every answer is read for every field. The field the question targeted
 * gets high confidence; mentions of other fields get lower confidence
 * (below the usual completion threshold, so the planner still asks), and
 * list fields take cross-field mentions only while they are not filled yet,
 * which keeps stray mentions from diluting a good targeted answer.
 *
 * Parsing happens on a normalized copy of the answer (valid UTF-8, ASCII
 * punctuation, capped at DBF_TX_MAX_INPUT bytes); all per-call scratch
 * lives in one heap struct freed at the end of dbf_extract.
 */
#include "engine/extract.h"

#include <string.h>
#include <time.h>

#include "core/alloc.h"
#include "engine/engine_util.h"
#include "engine/labelled.h"
#include "engine/lexicon.h"
#include "engine/rules/rules.h"

/* Does field f (may be NULL) declare extractor kind? */
static bool kind_is(const dbf_template_field *f, const char *kind) {
  return f && f->extract_kind && strcmp(f->extract_kind, kind) == 0;
}

/* ------------------------------------------------------- answer-level cues */

static void analyze_answer(dbf__rx *x) {
  dbf_span all = {0, x->n};
  x->hedged = dbf__rx_span_has_any(x, all, dbf__rx_hedges);
  size_t p = dbf__rx_nothing_given_at(x->s, x->n);
  /* Only short answers that open with a negative are "nothing to add":
     "No objections, but Tom asked about SAP" still has content, and so has
     "Vince. Nobody else matters.", whose negative follows the answer. */
  size_t words = dbf__tx_word_count(x->s, all);
  x->negative = p != (size_t)-1 && p < 20 && words <= 9 &&
                (x->n_sent == 0 || p < x->sent[0].off + x->sent[0].len);
  if (!x->negative && x->n_sent > 0)
    x->negative = dbf__rx_opens_with_none(x->s, x->n);
  for (size_t i = 0; i < x->n_sent; i++)
    x->sent_correction[i] = dbf__rx_find_correction(x, x->sent[i].off + x->sent[i].len,
                                                    x->sent[i].off, NULL) != (size_t)-1;
}

/* ------------------------------------------------------------ corrections */

/*
 * "Actually, Thursday not Tuesday" with no date field asked: find what the
 * negated date replaces. A next step due on that day is updated in place;
 * otherwise a date field holding that day takes the new one.
 */
static void do_date_correction(dbf__rx *x) {
  dbf__date d[MAX_DATES];
  size_t cnt = dbf__date_scan(x->s, x->n, &x->ref, true, d, MAX_DATES);
  const dbf__date *newd = NULL, *oldd = NULL;
  for (size_t i = 0; i < cnt; i++) {
    if (!dbf__rx_sentence_is_correction(x, d[i].off))
      continue;
    if (d[i].negated && !oldd)
      oldd = &d[i];
    else if (!d[i].negated && !newd)
      newd = &d[i];
  }
  if (!newd || !oldd || !json_is_object(x->ctx->record))
    return;
  char old_iso[16], new_iso[16], old_phrase[64];
  dbf__rx_date_iso(oldd, old_iso, sizeof(old_iso));
  dbf__rx_date_iso(newd, new_iso, sizeof(new_iso));
  dbf__tx_copy(x->s, (dbf_span){oldd->off, oldd->len}, old_phrase, sizeof(old_phrase));
  const dbf_template *tpl = x->ctx->tpl;
  for (size_t fi = 0; fi < tpl->n_fields; fi++) {
    const dbf_template_field *f = &tpl->fields[fi];
    const json_t *e = json_object_get(x->ctx->record, f->key);
    const json_t *v = json_is_object(e) ? json_object_get(e, "value") : NULL;
    if (f->type == DBF_FIELD_DATE && json_is_string(v) &&
        strcmp(json_string_value(v), old_iso) == 0) {
      dbf__rx_put(x, f->key, json_string(new_iso), CONF_TARGET, true);
    } else if (f->type == DBF_FIELD_OBJECT_LIST && dbf__rx_has_item_key(f, "due") &&
               json_is_array(v)) {
      json_t *copy = json_deep_copy(v);
      bool hit = false;
      size_t i;
      json_t *it;
      json_array_foreach(copy, i, it) {
        const json_t *due = json_object_get(it, "due");
        if (json_is_string(due) && (strcmp(json_string_value(due), old_iso) == 0 ||
                                    dbf__rx_str_ieq(json_string_value(due), old_phrase))) {
          json_object_set_new(it, "due", json_string(new_iso));
          hit = true;
        }
      }
      if (hit)
        dbf__rx_put(x, f->key, copy, CONF_TARGET, true);
      else
        json_decref(copy);
    }
  }
}

/* Lists of people first so later fields can resolve first names. */
static int field_order(const dbf_template_field *f) {
  if (f->type == DBF_FIELD_OBJECT_LIST && strcmp(f->extract_kind, "people") == 0)
    return 0;
  if (f->type == DBF_FIELD_LIST || f->type == DBF_FIELD_OBJECT_LIST)
    return 1;
  return 2;
}

/* Adds key to the routed targets unless it is there. */
static void add_target(dbf__rx *x, const char *key) {
  for (size_t i = 0; i < x->n_targets; i++)
    if (strcmp(x->targets[i], key) == 0)
      return;
  if (x->n_targets < DBF_ARRAY_LEN(x->targets))
    x->targets[x->n_targets++] = key;
}

/*
 * A question that asked for two fields ("When will they decide, and who
 * decides?") often gets an answer to one. When some asked field holds
 * content of its kind in the answer, the asked fields of typed kinds that
 * hold none are not read as asked: "They'd decide after the pilot" names
 * no decision maker.
 */
static void narrow_targets(dbf__rx *x) {
  if (x->n_targets < 2)
    return;
  bool holds[DBF_ARRAY_LEN(x->targets)] = {false};
  bool typed[DBF_ARRAY_LEN(x->targets)] = {false};
  bool any = false;
  for (size_t t = 0; t < x->n_targets; t++) {
    const dbf_template_field *f = dbf_template_field_find(x->ctx->tpl, x->targets[t]);
    dbf__claim_fn claim = f && f->extract_kind ? dbf__rule_claim(f->extract_kind) : NULL;
    if (!claim)
      continue;
    typed[t] = !dbf__rule_claim_is_weak(f->extract_kind);
    for (size_t si = 0; si < x->n_sent && !holds[t]; si++)
      holds[t] = claim(x, f, x->sent[si], true);
    any = any || holds[t];
  }
  if (!any)
    return;
  size_t n = 0;
  for (size_t t = 0; t < x->n_targets; t++)
    if (holds[t] || !typed[t])
      x->targets[n++] = x->targets[t];
  x->n_targets = n;
}

/* The one field the question asked, when its extractor is kind; else NULL. */
static const dbf_template_field *sole_target_of_kind(const dbf__rx *x, const char *kind) {
  if (x->n_targets != 1)
    return NULL;
  const dbf_template_field *t = dbf_template_field_find(x->ctx->tpl, x->targets[0]);
  return kind_is(t, kind) ? t : NULL;
}

/* Sentence sent says the person's title at an employer: a role word and
   "at" or "for" before a capitalized name ("I was a data engineer at
   Verdant Energy"). */
static bool title_at_employer(const dbf__rx *x, dbf_span sent) {
  const dbf__lexicon *roles = dbf__lex_get(x->ctx->lex, "roles");
  dbf__lex_match m[4];
  size_t cnt = roles ? dbf__lex_scan(roles, x->s + sent.off, sent.len, m, 4) : 0;
  if (cnt == 0)
    return false;
  size_t end = sent.off + sent.len;
  static const char *const preps[] = {"at", "for", "with", NULL};
  for (size_t k = 0; preps[k]; k++) {
    size_t p = dbf__tx_find_word(x->s, end, sent.off + m[0].off + m[0].len, preps[k]);
    size_t q = p == (size_t)-1 ? p : p + strlen(preps[k]) + 1;
    if (q != (size_t)-1 && q < end && dbf__rx_cap_at(x, q))
      return true;
  }
  return false;
}

/*
 * A free-text field with cue words of its own (a lexicon whose @fields
 * names it: "team", "reported", "colleagues") takes no answer that names
 * none of them, counts nobody and says the person's title at an employer:
 * "I was a data engineer at Verdant Energy, a solar installer." asked about
 * the team is the title's and the employer's answer.
 */
static bool retarget_titled_answer(dbf__rx *x) {
  const dbf_template *tpl = x->ctx->tpl;
  const dbf_template_field *t = sole_target_of_kind(x, "free_text");
  if (!t)
    return false;
  const dbf__lexicon *cues = dbf__lex_for_field(x->ctx->lex, t->key);
  if (!cues || dbf__lex_any(cues, x->s, x->n))
    return false;
  static const char *const counts[] = {"one",   "two",   "three",   "four", "five",
                                       "six",   "seven", "eight",   "nine", "ten",
                                       "dozen", "few",   "several", NULL};
  size_t which = 0;
  if (dbf__tx_find_any(x->s, x->n, 0, counts, &which) != (size_t)-1)
    return false;
  for (size_t p = 0; p < x->n; p++)
    if (x->s[p] >= '0' && x->s[p] <= '9')
      return false;
  bool titled = false;
  for (size_t si = 0; si < x->n_sent && !titled; si++)
    titled = title_at_employer(x, x->sent[si]);
  if (!titled)
    return false;
  x->n_targets = 0;
  for (size_t fi = 0; fi < tpl->n_fields; fi++) {
    const char *k = tpl->fields[fi].extract_kind;
    if (k && (strcmp(k, "title") == 0 || strcmp(k, "organization") == 0))
      add_target(x, tpl->fields[fi].key);
  }
  x->routed = true;
  return true;
}

/* Does sent hold a word shaped like a title the lexicon lacks, a noun of
   one who does ("leading hand laminator", "chief cellarist", "phlebotomist")?
   The first of several words is left alone: a name opens on such words
   ("Brightwater Dental", "Silverline Freight"). */
static bool agent_noun_in(const dbf__rx *x, dbf_span sent) {
  static const char *const ends[] = {"er", "or", "ist", "ian", NULL};
  dbf_span w[32];
  size_t nw = dbf__tx_words(x->s + sent.off, sent.len, w, 32);
  for (size_t k = nw == 1 ? 0 : 1; k < nw; k++) {
    const char *p = x->s + sent.off + w[k].off;
    for (size_t e = 0; ends[e] && w[k].len >= 5; e++) {
      size_t l = strlen(ends[e]);
      if (dbf__tx_ieqn(p + w[k].len - l, ends[e], l))
        return true;
    }
  }
  return false;
}

/*
 * Asked again for a title already on record ("What title was on your
 * contract?"), a person who has moved on answers the next question in
 * mind, most often the employer's: "cd marisma", "Marlow Quay Holdings
 * sp. z o.o.", "harbourside dental group, leeds". An answer with no role
 * word at all, no date and no list, while the record holds a title and no
 * employer, is read as the employer's answer (routed, so at the lower
 * confidence). The held title stays.
 */
static bool retarget_untitled_followup(dbf__rx *x) {
  const dbf_template *tpl = x->ctx->tpl;
  const dbf_template_field *t = sole_target_of_kind(x, "title");
  if (!t || !dbf__rec_value(x->ctx->record, t->key))
    return false;
  const dbf__lexicon *roles = dbf__lex_get(x->ctx->lex, dbf__rx_param_str(t, "lexicon", "roles"));
  if (!roles || dbf__lex_any(roles, x->s, x->n) || agent_noun_in(x, x->sent[0]))
    return false;
  dbf__date d; /* "from 2015 until last spring": the dates' answer */
  if (dbf__date_scan(x->s, x->n, &x->ref, false, &d, 1) > 0)
    return false;
  size_t commas = 0; /* "costing, sourcing, menus": a list, no name */
  for (size_t i = x->sent[0].off; i < x->sent[0].off + x->sent[0].len; i++)
    commas += x->s[i] == ',';
  if (commas >= 2)
    return false;
  const char *org = NULL;
  for (size_t fi = 0; fi < tpl->n_fields && !org; fi++)
    if (kind_is(&tpl->fields[fi], "organization") &&
        !dbf__rec_value(x->ctx->record, tpl->fields[fi].key))
      org = tpl->fields[fi].key;
  if (!org)
    return false;
  x->n_targets = 0;
  add_target(x, org);
  x->routed = true;
  return true;
}

/*
 * A sentence read as a step ("Priya sends the pricing") holds its kind
 * against the asked list's cue words only with a day it is due: a person
 * and a verb also tell a concern ("Kwame fretted over the billing link") or
 * what a rival does ("the site staff pilot a rival app"), while a step
 * given off the question says when ("Ana sends the forms by Friday").
 */
static bool step_is_dated(const dbf__rx *x, dbf_span sent) {
  dbf__date d[4];
  size_t nd = dbf__date_scan(x->s + sent.off, sent.len, &x->ref, true, d, 4);
  int ref = x->ref.y * 372 + x->ref.m * 31 + (x->ref.d - 1);
  for (size_t i = 0; i < nd; i++) {
    /* A day gone by ("a demo last month") tells what was, not what is due. */
    int at =
        d[i].ymd.y * 372 + d[i].ymd.m * 31 + (d[i].prec == DBF_DATE_MONTH ? 30 : d[i].ymd.d - 1);
    if (!d[i].negated && d[i].prec != DBF_DATE_YEAR && at >= ref)
      return true;
  }
  return false;
}

/*
 * People answer the question they have in mind, not always the one asked:
 * "Budget is around 80k a year." when the outcome was asked. When no
 * sentence holds content of the asked fields' kinds and every sentence is
 * claimed by another field's kind (rules.h, dbf__claim_fn), the answer is
 * read as an answer to those fields, at a lower confidence, and nothing is
 * stored under the asked one. Sentences without content words ("Not
 * sure.") neither claim nor block. Returns whether it rerouted.
 */
static bool route_by_claims(dbf__rx *x) {
  const dbf_template *tpl = x->ctx->tpl;
  const char *routed[DBF_ARRAY_LEN(x->targets)];
  size_t n_routed = 0;
  bool any = false;
  /* A free-text field (an outcome) takes commitments in any words ("they'll
     add 18 seats"); only typed values (an amount, a date) leave it. */
  bool free_text = false;
  for (size_t i = 0; i < x->n_targets; i++) {
    const dbf_template_field *t = dbf_template_field_find(tpl, x->targets[i]);
    free_text = free_text || kind_is(t, "free_text");
  }
  for (size_t si = 0; si < x->n_sent; si++) {
    dbf_span sent = x->sent[si];
    bool claimed = false, claimed_strong = false, own = false, own_weak = false;
    for (size_t fi = 0; fi < tpl->n_fields; fi++) {
      const dbf_template_field *f = &tpl->fields[fi];
      dbf__claim_fn claim = f->extract_kind ? dbf__rule_claim(f->extract_kind) : NULL;
      if (!claim)
        continue;
      if (dbf__rx_field_targeted(x, f->key)) {
        if (claim(x, f, sent, true)) {
          /* A list's cue words ("security", "price") name topics, so they
             hold the answer only when no other field's content fills it. */
          if (dbf__rule_claim_is_weak(f->extract_kind))
            own_weak = true;
          else
            own = true;
        }
        continue;
      }
      bool step = strcmp(f->extract_kind, "action_items") == 0;
      if ((!free_text || !step) && claim(x, f, sent, false)) {
        claimed = true;
        claimed_strong = claimed_strong || (!dbf__rule_claim_is_weak(f->extract_kind) &&
                                            (!step || step_is_dated(x, sent)));
        bool seen = false;
        for (size_t k = 0; k < n_routed && !seen; k++)
          seen = strcmp(routed[k], f->key) == 0;
        if (!seen && n_routed < DBF_ARRAY_LEN(routed))
          routed[n_routed++] = f->key;
      }
    }
    /* A list's cue or lexicon words hold the answer against another list's,
       but not against typed content. */
    if (own || (own_weak && !claimed_strong))
      return false; /* the answer holds content of the asked kind */
    if (!claimed && dbf__rx_content_words(x, sent, NULL, 0) > 0)
      return false; /* content no other field claims: the asked field's */
    any = any || claimed;
  }
  if (!any)
    return false;
  x->n_targets = 0;
  for (size_t k = 0; k < n_routed; k++)
    add_target(x, routed[k]);
  x->routed = true;
  return true;
}

/* Reads the question's target fields, then reroutes the answer when it
   answers another question (above). */
static void route_answer(dbf__rx *x) {
  x->n_targets = 0;
  for (size_t i = 0; i < x->ctx->n_target_fields && i < DBF_ARRAY_LEN(x->targets); i++)
    if (x->ctx->target_fields[i])
      x->targets[x->n_targets++] = x->ctx->target_fields[i];
  if (x->n_targets == 0 || x->n_sent == 0 || x->negative)
    return;
  narrow_targets(x);
  if (!retarget_titled_answer(x) && !route_by_claims(x))
    retarget_untitled_followup(x);
}

/* The people in the answer, in two passes: first names mentioned before
   the full name resolve in the second. */
static void scan_people(dbf__rx *x) {
  x->n_persons = dbf__people_scan(&x->people, x->s, x->n, x->persons, MAX_PEOPLE);
  for (size_t i = 0; i < x->n_persons; i++)
    dbf__people_env_add(&x->people, &x->persons[i]);
  x->n_persons = dbf__people_scan(&x->people, x->s, x->n, x->persons, MAX_PEOPLE);
}

static dbf_err ex_init(dbf__rx *x, const dbf_extract_ctx *ctx, const char *text, char **norm,
                       dbf_status *st) {
  size_t n = 0;
  if (dbf__tx_normalize(text, norm, &n) != DBF_OK)
    return dbf_fail(st, DBF_ERR_NOMEM, "out of memory normalizing the answer");
  x->ctx = ctx;
  x->s = *norm;
  x->n = n;
  if (!dbf__date_parse_ref(ctx->reference_date, &x->ref)) {
    /* No usable meeting date: resolve against today (UTC). */
    time_t now = time(NULL);
    struct tm tmv;
    gmtime_r(&now, &tmv);
    x->ref = (dbf__ymd){tmv.tm_year + 1900, tmv.tm_mon + 1, tmv.tm_mday};
  }
  x->n_sent = dbf__tx_sentences(x->s, x->n, x->sent, DBF_TX_MAX_SPANS);
  analyze_answer(x);
  x->spec = dbf__answer_specificity(ctx, x->s, x->n);
  dbf__people_env_init(&x->people, ctx->lex, ctx->subject, ctx->record);
  for (size_t i = 0; i < ctx->n_target_fields; i++) {
    const dbf_template_field *t =
        ctx->target_fields[i] ? dbf_template_field_find(ctx->tpl, ctx->target_fields[i]) : NULL;
    if (kind_is(t, "people"))
      x->people.people_asked = true;
    if (kind_is(t, "action_items"))
      x->people.owners_asked = true;
  }
  dbf_span words[256];
  x->lower_typed = dbf__tx_typed_lower(*norm, words, dbf__tx_words(*norm, n, words, 256));
  if (!x->lower_typed)
    dbf__people_restore_known(&x->people, *norm, n);
  if (x->lower_typed) {
    dbf__people_restore_case(&x->people, *norm, n);
    /* Every list field's names, not only the asked one's: "keep comparing
       us to ledgerkite" names a rival whatever was asked. */
    for (size_t i = 0; i < ctx->tpl->n_fields; i++) {
      const dbf_template_field *t = &ctx->tpl->fields[i];
      if (kind_is(t, "named_list"))
        dbf__named_list_restore_case(x, t, *norm);
    }
  }
  scan_people(x);
  /* As if people were asked: what a list of people volunteered under
     another question holds. */
  bool asked = x->people.people_asked;
  x->people.people_asked = true;
  size_t nl = dbf__people_scan(&x->people, x->s, x->n, x->listed, MAX_PEOPLE);
  x->people.people_asked = asked;
  /* Only with a role said for them: "ClaimsFlow Auto, ClaimsFlow Property"
     names products. */
  x->n_listed = 0;
  for (size_t i = 0; i < nl; i++) {
    bool seen = false;
    for (size_t k = 0; k < x->n_persons && !seen; k++)
      seen = x->persons[k].off == x->listed[i].off;
    if (seen || x->listed[i].role[0])
      x->listed[x->n_listed++] = x->listed[i];
  }
  route_answer(x);
  /* Routed to a people field: the answer is read as one about people. */
  for (size_t i = 0; x->routed && !asked && i < x->n_targets; i++) {
    const dbf_template_field *t = dbf_template_field_find(ctx->tpl, x->targets[i]);
    if (kind_is(t, "people")) {
      x->people.people_asked = true;
      scan_people(x);
      break;
    }
  }
  return DBF_OK;
}

/* Spells out the short forms in the string member key of o ("mgr"). */
static void spell_out_member(const dbf_lexicons *lex, json_t *o, const char *key) {
  json_t *v = json_object_get(o, key);
  char buf[512];
  if (json_is_string(v) && dbf__rx_spell_out(lex, json_string_value(v), buf, sizeof buf))
    json_object_set_new(o, key, json_string(buf));
}

/* A title, and the role of each person, is stored in full words: "regional
   sales mgr" is kept as "regional sales manager". */
static void spell_out_titles(dbf__rx *x) {
  for (size_t i = 0; i < x->ctx->tpl->n_fields; i++) {
    const dbf_template_field *f = &x->ctx->tpl->fields[i];
    json_t *u = f->key ? json_object_get(x->updates, f->key) : NULL;
    if (!u)
      continue;
    if (kind_is(f, "title")) {
      spell_out_member(x->ctx->lex, u, "value");
    } else if (kind_is(f, "people")) {
      size_t k;
      json_t *item;
      json_array_foreach(json_object_get(u, "value"), k, item) {
        if (json_is_object(item))
          spell_out_member(x->ctx->lex, item, "role");
      }
    }
  }
}

/* Reads text as one answer to ctx's question (the contract of dbf_extract,
   without labelled lines). */
static dbf_err extract_answer(const dbf_extract_ctx *ctx, const char *text, json_t **updates,
                              dbf_answer_reading *reading, dbf_status *st) {
  dbf_err rc = DBF_OK;
  char *norm = NULL;
  dbf__rx *x = NULL;
  *updates = NULL;
  if (!ctx || !ctx->tpl) {
    rc = dbf_fail(st, DBF_ERR_INVALID, "extraction needs a template");
    goto out;
  }
  x = dbf_calloc(1, sizeof(*x));
  if (!x) {
    rc = dbf_fail(st, DBF_ERR_NOMEM, "out of memory extracting");
    goto out;
  }
  x->updates = json_object();
  if (!x->updates) {
    rc = dbf_fail(st, DBF_ERR_NOMEM, "out of memory extracting");
    goto out;
  }
  rc = ex_init(x, ctx, text, &norm, st);
  if (rc)
    goto out;
  /* "That's all I have." ends the interview; it is never a value. */
  bool done = dbf__answer_is_done(x->s, x->n);
  if (reading)
    *reading = (dbf_answer_reading){x->spec, done};
  if (x->n > 0 && !done) {
    /* Targeted fields first, so their words are "consumed" before sibling
       fields look for cross-field mentions. */
    for (int pass = 0; pass < 2; pass++) {
      for (int order = 0; order < 3; order++) {
        for (size_t i = 0; i < ctx->tpl->n_fields; i++) {
          const dbf_template_field *f = &ctx->tpl->fields[i];
          if (!f->key || !f->extract_kind || field_order(f) != order ||
              dbf__rx_field_targeted(x, f->key) != (pass == 0))
            continue;
          dbf__rule_fn run = dbf__rule_find(f->extract_kind);
          if (run)
            run(x, f, pass == 0);
        }
      }
    }
    bool any_corr = false;
    for (size_t i = 0; i < x->n_sent; i++)
      any_corr = any_corr || x->sent_correction[i];
    if (any_corr)
      do_date_correction(x);
    spell_out_titles(x);
  }
  *updates = x->updates;
  x->updates = NULL;
out:
  if (x)
    json_decref(x->updates);
  dbf_free(x);
  dbf_free(norm);
  return rc;
}

/* Appends s[0..n) and a newline to buf at *o. */
static void put_line(char *buf, size_t *o, const char *prefix, const char *s, size_t n) {
  size_t pl = strlen(prefix);
  memcpy(buf + *o, prefix, pl);
  memcpy(buf + *o + pl, s, n);
  *o += pl + n;
  buf[(*o)++] = '\n';
}

/*
 * The value of field f told in labelled lines, as one answer: the lines'
 * values one per line, a range's labelled start and end as "from <start>"
 * and "until <end>". Returns a new string (NULL on NOMEM).
 */
static char *labelled_answer(const char *text, const dbf__labelled *lines, size_t n_lines,
                             const dbf_template_field *f) {
  size_t cap = 1;
  for (size_t i = 0; i < n_lines; i++)
    cap += lines[i].len + 8;
  char *buf = dbf_malloc(cap);
  if (!buf)
    return NULL;
  size_t o = 0;
  for (dbf__label_part part = DBF__LABEL_WHOLE; part <= DBF__LABEL_END; part++)
    for (size_t i = 0; i < n_lines; i++)
      if (lines[i].field == f && lines[i].part == part)
        put_line(buf, &o,
                 part == DBF__LABEL_START ? "from "
                 : part == DBF__LABEL_END ? "until "
                                          : "",
                 text + lines[i].off, lines[i].len);
  buf[o] = '\0';
  return buf;
}

/*
 * Lines that name their field ("Role: ...", "start: march 2019") are read
 * each as an answer to the field they name; the rest of the answer is read
 * as usual. What a labelled line says of its field wins; what it says in
 * passing of other fields fills only what the rest left empty.
 */
static dbf_err extract_labelled(const dbf_extract_ctx *ctx, const char *text,
                                const dbf__labelled *lines, size_t n_lines, json_t **updates,
                                dbf_answer_reading *reading, dbf_status *st) {
  char *rest = dbf_strdup(text);
  if (!rest)
    return dbf_fail(st, DBF_ERR_NOMEM, "out of memory extracting");
  for (size_t i = 0; i < n_lines; i++)
    memset(rest + lines[i].line_off, ' ', lines[i].line_len);
  dbf_err rc = extract_answer(ctx, rest, updates, NULL, st);
  dbf_free(rest);
  if (reading)
    *reading = (dbf_answer_reading){dbf_answer_specificity(ctx, text), dbf_answer_is_done(text)};
  for (size_t i = 0; rc == DBF_OK && i < n_lines; i++) {
    const dbf_template_field *f = lines[i].field;
    bool seen = false;
    for (size_t k = 0; k < i && !seen; k++)
      seen = lines[k].field == f;
    if (seen)
      continue;
    char *answer = labelled_answer(text, lines, n_lines, f);
    if (!answer) {
      rc = dbf_fail(st, DBF_ERR_NOMEM, "out of memory extracting");
      break;
    }
    dbf_extract_ctx sub = *ctx;
    const char *target[1] = {f->key};
    sub.target_fields = target;
    sub.n_target_fields = 1;
    json_t *got = NULL;
    rc = extract_answer(&sub, answer, &got, NULL, st);
    dbf_free(answer);
    const char *key;
    json_t *v;
    json_object_foreach(got, key, v) {
      if (strcmp(key, f->key) == 0 || !json_object_get(*updates, key))
        json_object_set(*updates, key, v);
    }
    json_decref(got);
  }
  if (rc != DBF_OK) {
    json_decref(*updates);
    *updates = NULL;
  }
  return rc;
}

dbf_err dbf_extract(const dbf_extract_ctx *ctx, const char *text, json_t **updates,
                    dbf_status *st) {
  return dbf_extract_read(ctx, text, updates, NULL, st);
}

dbf_err dbf_extract_read(const dbf_extract_ctx *ctx, const char *text, json_t **updates,
                         dbf_answer_reading *reading, dbf_status *st) {
  dbf__labelled lines[DBF__LABELLED_MAX];
  size_t n_lines = ctx && ctx->tpl && text ? dbf__labelled_find(ctx->tpl, text, strlen(text), lines,
                                                                DBF_ARRAY_LEN(lines))
                                           : 0;
  if (n_lines == 0)
    return extract_answer(ctx, text, updates, reading, st);
  return extract_labelled(ctx, text, lines, n_lines, updates, reading, st);
}
