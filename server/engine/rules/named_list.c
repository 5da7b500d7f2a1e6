/*
 * named_list.c - the "named_list" kind: names of things (tools, skills,
 * vendors, products) recognised by lexicons and, for names no lexicon
 * knows, by the answer's list shape or by cue phrases.
 */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "engine/lexicon.h"
#include "engine/rules/registry.h"
#include "engine/rules/rules.h"
#include "engine/money.h"

/* ---------------------------------------------------------- lexicon lists */

static bool consumed(const dbf__rx *x, const char *canon) {
  for (size_t i = 0; i < x->n_consumed; i++) {
    if (dbf__rx_str_ieq(x->consumed[i], canon))
      return true;
  }
  return false;
}

static void mark_consumed(dbf__rx *x, const char *canon) {
  if (x->n_consumed < DBF_ARRAY_LEN(x->consumed))
    snprintf(x->consumed[x->n_consumed++], ITEM_CAP, "%s", canon);
}

/* The lexicons a list field reads: its "lexicons" parameter in order (the
   first is its own), else the lexicon whose @fields names the field. */
static size_t field_lexicons(const dbf__rx *x, const dbf_template_field *f,
                             const dbf__lexicon **out) {
  size_t n = 0;
  const json_t *names = dbf__rx_param_list(f, "lexicons");
  if (!names) {
    const dbf__lexicon *own = dbf__lex_for_field(x->ctx->lex, f->key);
    if (own)
      out[n++] = own;
    return n;
  }
  size_t i;
  const json_t *v;
  json_array_foreach(names, i, v) {
    const dbf__lexicon *l = dbf__lex_get(x->ctx->lex, json_string_value(v));
    if (l && n < DBF__RX_MAX_LEXICONS)
      out[n++] = l;
  }
  return n;
}

/* True when span sp ends in an article or possessive: "owned the", "led a"
   are a verb and the start of what it acts on, not a name of anything. */
static bool ends_in_article(const char *s, dbf_span sp) {
  static const char *const arts[] = {" the", " a", " an", " my", " our", " their", NULL};
  for (size_t k = 0; arts[k]; k++) {
    size_t l = strlen(arts[k]);
    if (sp.len > l && dbf__tx_ieqn(s + sp.off + sp.len - l, arts[k], l))
      return true;
  }
  return false;
}

/* "an accounting practice", "the pricing team", "a nursing home": a
   lower-case word that qualifies the noun after it says what kind of
   place or team, and a word before a role word is part of a job's title
   ("Analytics Engineer"), not a skill the person names. */
static bool qualifies_noun(const dbf__rx *x, size_t off, size_t len) {
  size_t e = off + len, w = e + 1;
  if (e >= x->n || x->s[e] != ' ' || w >= x->n)
    return false;
  size_t we = w;
  while (we < x->n && dbf__tx_isalnum((unsigned char)x->s[we]))
    we++;
  /* "Analytics Engineer", "Embedded Software Engineer": a job's title. */
  if (dbf__people_is_role(&x->people, x->s + w, we - w))
    return true;
  if (memchr(x->s + off, ' ', len) || !dbf__tx_islower((unsigned char)x->s[off]) ||
      !dbf__tx_islower((unsigned char)x->s[w]))
    return false;
  /* The noun may end the answer: "..., pressure indicator". */
  return (we >= x->n || x->s[we] != '\'') && !dbf__tx_function_word(x->s + w, we - w);
}

/* Appends lexicon hits in sp (non-negated) to arr; returns how many. In
   passing (another question's answer), a word qualifying a noun is none. */
static size_t lex_hits(dbf__rx *x, const dbf__lexicon *const *lxs, size_t nlx, dbf_span sp,
                       json_t *arr, bool mark, bool in_passing) {
  size_t added = 0;
  /* What the lexicons before this one matched: "BI" in "Power BI" is that
     tool, not business intelligence too. */
  dbf_span taken[MAX_MATCHES];
  size_t ntaken = 0;
  for (size_t k = 0; k < nlx; k++) {
    dbf__lex_match m[MAX_MATCHES];
    size_t cnt = dbf__lex_scan(lxs[k], x->s + sp.off, sp.len, m, MAX_MATCHES);
    size_t before = ntaken;
    for (size_t i = 0; i < cnt; i++) {
      bool inside = false;
      for (size_t t = 0; t < before && !inside; t++)
        inside = m[i].off >= taken[t].off && m[i].off + m[i].len <= taken[t].off + taken[t].len &&
                 m[i].len < taken[t].len;
      if (ntaken < MAX_MATCHES)
        taken[ntaken++] = (dbf_span){m[i].off, m[i].len};
      if (inside || dbf__tx_negated_before(x->s, sp.off + m[i].off, 3))
        continue;
      /* "I owned the settlement service": the cue stops at "the", and what
         follows is the thing owned, so the words name no skill. */
      if (ends_in_article(x->s, (dbf_span){sp.off + m[i].off, m[i].len}) ||
          (in_passing && qualifies_noun(x, sp.off + m[i].off, m[i].len)))
        continue;
      const char *canon = dbf__lex_canon(lxs[k], m[i].entry);
      /* Recognised, not rewritten: the words as said ("financial
         modelling"), except a short form that names nothing by itself
         ("k8s" is Kubernetes). */
      if (m[i].len > 3)
        dbf__rx_add_span(x, arr, (dbf_span){sp.off + m[i].off, m[i].len});
      else
        dbf__rx_add_str(arr, canon);
      if (mark)
        mark_consumed(x, canon);
      added++;
    }
  }
  return added;
}

/* A sibling that also takes names no lexicon knows from a list-shaped answer. */
static bool is_word_list(const dbf__rx *x, const char *key) {
  const dbf_template_field *g = dbf_template_field_find(x->ctx->tpl, key);
  return g && g->extract_kind && strcmp(g->extract_kind, "named_list") == 0 &&
         strcmp(dbf__rx_param_str(g, "unknown", "short_items"), "short_items") == 0;
}

/*
 * When one answer is read for two lexicon lists (technical and soft
 * skills, or skills and tools), an item belongs to the one whose own
 * lexicon knows it. Returns true when item it should stay out of f:
 * another targeted list's own lexicon knows it and f's does not, or both
 * or neither know it and f is not the first such target.
 */
static bool belongs_to_sibling(dbf__rx *x, const dbf_template_field *f,
                               const dbf__lexicon *const *lxs, dbf_span it) {
  const char *first = NULL;
  bool shared = false;
  for (size_t i = 0; i < x->n_targets; i++) {
    const char *k = x->targets[i];
    if (!k || !is_word_list(x, k))
      continue;
    if (!first)
      first = k;
    if (strcmp(k, f->key) != 0)
      shared = true;
  }
  if (!shared)
    return false;
  /* Each list's own lexicon (its first) decides: two lists that read each
     other's lexicons (skills and tools) must not both take "Snowflake". */
  dbf__lex_match m[8];
  bool own = lxs[0] && dbf__lex_scan(lxs[0], x->s + it.off, it.len, m, 8) > 0;
  bool sibling = false;
  for (size_t i = 0; i < x->n_targets && !sibling; i++) {
    const char *k = x->targets[i];
    if (!k || strcmp(k, f->key) == 0 || !is_word_list(x, k))
      continue;
    const dbf_template_field *g = dbf_template_field_find(x->ctx->tpl, k);
    const dbf__lexicon *gl[DBF__RX_MAX_LEXICONS];
    size_t ng = g ? field_lexicons(x, g, gl) : 0;
    sibling = ng > 0 && dbf__lex_scan(gl[0], x->s + it.off, it.len, m, 8) > 0;
  }
  if (own != sibling)
    return sibling;
  return strcmp(first, f->key) != 0; /* both or neither: the first asked */
}

/*
 * The name in a list item, without what the person adds about it:
 * "torque wrench for the lugs", "Cube-IQ for load optimisation", "an
 * oscilloscope on my desk all day", "Dext (Receipt Bank back then)".
 */
static dbf_span name_part(const dbf__rx *x, dbf_span it) {
  /* ... and how much it is used: "autocad just to read the drawings",
     "Opera PMS every minute of the day", "Excel only for the rota". */
  static const char *const quals[] = {
      " for ", " on ", " at ", " in ", " we ", " that ", " which ", " to ", " with ", " when ",
      " from ", " back ", " - ", " (", " as ", " just ", " only ", " every ", " all day", " daily",
      " because ", " before ", " until ",
      /* "sensory methods such as triangle tests": examples of it. */
      " such as ", NULL};
  size_t end = it.off + it.len;
  for (size_t k = 0; quals[k]; k++) {
    size_t l = strlen(quals[k]);
    for (size_t p = it.off + 1; p < end && p + l <= it.off + it.len; p++) {
      if (dbf__tx_ieqn(x->s + p, quals[k], l)) {
        end = p;
        break;
      }
    }
  }
  dbf_span sp = dbf__tx_trim(x->s, (dbf_span){it.off, end - it.off});
  static const char *const dets[] = {"a ", "an ", "the ", "and ", "our ", "my ", NULL};
  return dbf__rx_skip_openers(x, sp, dets);
}

/* Lead-ins before what a person says they did or were good at. */
static const char *const k_self_leadins[] = {"i was the one who",
                                             "i was the person who",
                                             "i was the person",
                                             "i was the one",
                                             "i'm the one who",
                                             "i'm the person who",
                                             "i was also the",
                                             "i was the",
                                             "i'm the",
                                             "i became the",
                                             "i was good at",
                                             "i'm good at",
                                             "i'd say",
                                             "i think",
                                             "mostly",
                                             "also",
                                             "and",
                                             NULL};

/*
 * A targeted answer read in the person's own words ("wording": "own"): each
 * clause of it, minus lead-ins ("I was the one who") and an elaboration
 * after a dash, as long as it has two words or more. Lexicons do not
 * rewrite it into canonical names the person never said.
 */
static size_t join_ampersand_names(const dbf__rx *x, dbf_span *items, size_t ni,
                                   const dbf__lexicon *const *lxs, size_t nlx);

/* Does any of lxs know a word run inside sp? */
static bool lex_in(const dbf__rx *x, const dbf__lexicon *const *lxs, size_t nlx, dbf_span sp) {
  for (size_t k = 0; k < nlx; k++)
    if (dbf__lex_any(lxs[k], x->s + sp.off, sp.len))
      return true;
  return false;
}

/* Cuts spans[i] in two at cut, moving the spans after it up; returns
   the new count. */
static size_t split_at(const dbf__rx *x, dbf_span *spans, size_t n, size_t i, size_t cut) {
  dbf_span it = spans[i];
  memmove(spans + i + 2, spans + i + 1, (n - i - 1) * sizeof spans[0]);
  spans[i] = dbf__tx_trim(x->s, (dbf_span){it.off, cut - it.off});
  spans[i + 1] = (dbf_span){cut, it.off + it.len - cut};
  return n + 1;
}

/* Is s[0..n) a verb in -ing that starts an activity ("supervising",
   "building trust"), not a noun in -ing ("something", "meeting")? */
static bool activity_word(const char *s, size_t n) {
  static const char *const nouns[] = {"something", "nothing",     "anything", "everything",
                                      "morning",   "evening",     "during",   "ceiling",
                                      "meeting",   "meetings",    "spring",   "string",
                                      "according", "interesting", NULL};
  return n > 5 && dbf__tx_ieqn(s + n - 3, "ing", 3) && !dbf__tx_word_in(s, n, nouns);
}

/*
 * A clause said without commas that lists several activities ("supervising
 * the PhD students teaching the course and coordinating with partners"):
 * a verb in -ing after a word that is no function word, or after "and",
 * starts the next one. Splits cl[i] in place; returns the new count.
 */
static size_t activity_clauses(const dbf__rx *x, dbf_span *cl, size_t nc, size_t max) {
  for (size_t i = 0; i < nc; i++) {
    dbf_span it = cl[i];
    dbf_span w[64];
    size_t nw = dbf__tx_words(x->s + it.off, it.len, w, 64);
    for (size_t k = 2; k < nw && nc < max; k++) {
      const char *wk = x->s + it.off + w[k].off;
      const char *wp = x->s + it.off + w[k - 1].off;
      bool after_and = w[k - 1].len == 3 && dbf__tx_ieqn(wp, "and", 3);
      if (!activity_word(wk, w[k].len) || (!after_and && dbf__tx_function_word(wp, w[k - 1].len)))
        continue;
      nc = split_at(x, cl, nc, i, it.off + (after_and ? w[k - 1].off : w[k].off));
      break;
    }
  }
  return nc;
}

/* Is s[0..n) a verb in the past ("supervised", "ran", "did")? */
static bool past_verb(const char *s, size_t n) {
  static const char *const irregular[] = {"did",   "ran",   "led",  "taught", "kept",    "made",
                                          "took",  "got",   "gave", "held",   "sat",     "spoke",
                                          "dealt", "built", "went", "told",   "brought", NULL};
  return (n > 4 && dbf__tx_ieqn(s + n - 2, "ed", 2)) || dbf__tx_word_in(s, n, irregular);
}

/* Is s[0..n) the word "I", in either case? */
static bool word_i(const char *s, size_t n) {
  return n == 1 && (*s == 'I' || *s == 'i');
}

/*
 * In a long clause, does word k of w open a new thing done? "and I" then
 * a word ("... and I sort the rotas"), "I" then a word after a word of
 * content ("... on every site I chair the briefing"), or a verb with a
 * capital after a word in lower case, where a sentence mark was lost
 * ("... the safety walks Trained the new starters").
 */
static bool opens_deed(const dbf__rx *x, dbf_span it, const dbf_span *w, size_t nw, size_t k) {
  if (k < 3 || k + 1 >= nw)
    return false;
  const char *wk = x->s + it.off + w[k].off;
  const char *wp = x->s + it.off + w[k - 1].off;
  const char *wn = x->s + it.off + w[k + 1].off;
  bool next_content = !dbf__tx_function_word(wn, w[k + 1].len) && !word_i(wn, w[k + 1].len);
  if (w[k].len == 3 && dbf__tx_ieqn(wk, "and", 3))
    return word_i(wn, w[k + 1].len) && k + 2 < nw &&
           !dbf__tx_function_word(x->s + it.off + w[k + 2].off, w[k + 2].len);
  if (word_i(wk, w[k].len))
    return next_content && !dbf__tx_function_word(wp, w[k - 1].len) && !word_i(wp, w[k - 1].len) &&
           !(w[k - 1].len == 3 && dbf__tx_ieqn(wp, "and", 3));
  if (!dbf__tx_isupper((unsigned char)*wk) || !dbf__tx_islower((unsigned char)*wp) ||
      dbf__tx_function_word(wp, w[k - 1].len))
    return false;
  if (past_verb(wk, w[k].len) || activity_word(wk, w[k].len))
    return true;
  /* When the clause itself opens so ("Chaired the ... Plenty of ..."),
     any capital after a word of content that is no verb is such a mark. */
  const char *w0 = x->s + it.off + w[0].off;
  return dbf__tx_isupper((unsigned char)*w0) &&
         (past_verb(w0, w[0].len) || activity_word(w0, w[0].len)) && !past_verb(wp, w[k - 1].len) &&
         !activity_word(wp, w[k - 1].len);
}

/*
 * A clause too long to keep whole, that tells two things done one after the
 * other ("I coached the night pickers and ran the Friday huddle with the
 * drivers ..."): "and", maybe "I", then a verb in the past starts the
 * second, and so does a new "I" doing something (opens_deed). Splits cl[i]
 * in place; returns the new count.
 */
static size_t past_clauses(const dbf__rx *x, dbf_span *cl, size_t nc, size_t max) {
  for (size_t i = 0; i < nc && nc < max; i++) {
    dbf_span it = dbf__tx_trim(x->s, cl[i]);
    if (dbf__tx_word_count(x->s, it) <= 18)
      continue;
    dbf_span w[64];
    size_t nw = dbf__tx_words(x->s + it.off, it.len, w, 64);
    for (size_t k = 3; k + 1 < nw; k++) {
      const char *wk = x->s + it.off + w[k].off;
      if (opens_deed(x, it, w, nw, k)) {
        nc = split_at(x, cl, nc, i, it.off + w[k].off);
        break;
      }
      if (w[k].len != 3 || !dbf__tx_ieqn(wk, "and", 3))
        continue;
      size_t v = k + 1;
      if (w[v].len == 1 && x->s[it.off + w[v].off] == 'I' && v + 1 < nw)
        v++;
      if (!past_verb(x->s + it.off + w[v].off, w[v].len))
        continue;
      nc = split_at(x, cl, nc, i, it.off + w[k].off);
      break;
    }
  }
  return nc;
}

/*
 * "Soft skills, not really.", "people stuff not my thing", "Leading? None
 * really": an answer that opens by denying the kind of thing asked, a few
 * words in and before any "I" or "we" says anything. Returns where the
 * denial ends, or (size_t)-1.
 */
static size_t topic_denied_at(const dbf__rx *x) {
  static const char *const denials[] = {"not really", "not my thing", "none really",
                                        "nothing really", NULL};
  static const char *const speakers[] = {"i", "we", "but", "i'm", "im", NULL};
  dbf_span w[8];
  size_t nw = dbf__tx_words(x->s, x->n, w, 8);
  for (size_t k = 0; k < nw && k <= 3; k++) {
    const char *wk = x->s + w[k].off;
    if (dbf__tx_word_in(wk, w[k].len, speakers))
      return (size_t)-1;
    for (size_t d = 0; denials[d]; d++) {
      size_t l = strlen(denials[d]);
      size_t end = w[k].off + l;
      if (end <= x->n && dbf__tx_ieqn(wk, denials[d], l) &&
          (end == x->n || !dbf__tx_isalnum((unsigned char)x->s[end])))
        return end;
    }
  }
  return (size_t)-1;
}

/* After such a denial a clause still tells a skill when a lexicon knows
   it or it tells something done: an activity ("training the new hires")
   or a verb in the past ("I showed the trainees round"). "It is a quiet
   job", "I ring the office now and then" tell none. */
static bool tells_skill(const dbf__rx *x, const dbf__lexicon *const *lxs, size_t nlx, dbf_span sp) {
  if (lex_in(x, lxs, nlx, sp))
    return true;
  dbf_span w[64];
  size_t nw = dbf__tx_words(x->s + sp.off, sp.len, w, 64);
  for (size_t k = 0; k < nw; k++) {
    const char *wk = x->s + sp.off + w[k].off;
    if (activity_word(wk, w[k].len) || past_verb(wk, w[k].len))
      return true;
  }
  return false;
}

static void own_words(dbf__rx *x, const dbf_template_field *f, const dbf__lexicon *const *lxs,
                      size_t nlx, json_t *arr) {
  size_t denied_end = topic_denied_at(x);
  for (size_t si = 0; si < x->n_sent; si++) {
    dbf_span cl[33];
    size_t nc = dbf__tx_clauses(x->s, x->sent[si], cl, 32);
    if (!memchr(x->s + x->sent[si].off, ',', x->sent[si].len) &&
        !memchr(x->s + x->sent[si].off, ';', x->sent[si].len))
      nc = activity_clauses(x, cl, nc, 32);
    nc = past_clauses(x, cl, nc, 32);
    for (size_t i = 0; i < nc; i++) {
      dbf_span it = dbf__tx_trim(x->s, cl[i]);
      /* After the kind asked is denied, the denial and its echo of the
         question are no item, and a clause keeps only a skill told. */
      if (denied_end != (size_t)-1) {
        if (it.off + it.len <= denied_end)
          continue;
        if (it.off < denied_end)
          it = dbf__tx_trim(x->s, (dbf_span){denied_end, it.off + it.len - denied_end});
        if (it.len == 0 || !tells_skill(x, lxs, nlx, it))
          continue;
        /* "..., not really. But I trained the cadets": the "but" turns
           from the denial, it is no part of the skill. */
        if (it.len > 4 && dbf__tx_ieqn(x->s + it.off, "but ", 4))
          it = dbf__tx_trim(x->s, (dbf_span){it.off + 4, it.len - 4});
      }
      const char *dash = memchr(x->s + it.off, '-', it.len);
      if (dash && dash > x->s + it.off + 1 && dash[-1] == ' ') {
        /* "I stayed calm in audits - I did the front-room talking": a
           new "I" after the dash says a second thing, not more of this. */
        size_t rest = (size_t)(dash - x->s) + 1;
        while (rest < it.off + it.len && x->s[rest] == ' ')
          rest++;
        if (rest + 2 < it.off + it.len && x->s[rest] == 'I' && x->s[rest + 1] == ' ' && nc < 33) {
          memmove(cl + i + 2, cl + i + 1, (nc - i - 1) * sizeof cl[0]);
          cl[i + 1] = (dbf_span){rest, it.off + it.len - rest};
          nc++;
        }
        it.len = (size_t)(dash - (x->s + it.off));
      }
      /* "so I got pretty good at staying calm": the skill is what they
         got good at. */
      static const char *const good_at[] = {"good at ", "great at ", "better at ", NULL};
      size_t which = 0;
      size_t g = dbf__tx_find_any(x->s, it.off + it.len, it.off, good_at, &which);
      if (g != (size_t)-1 && g > it.off) {
        size_t b = g + strlen(good_at[which]);
        dbf_span skill = dbf__tx_trim(x->s, (dbf_span){b, it.off + it.len - b});
        if (dbf__tx_word_count(x->s, skill) >= 2)
          it = skill;
      }
      for (int guard = 0; guard < 3; guard++) {
        bool cut = false;
        for (size_t k = 0; k_self_leadins[k] && !cut; k++) {
          size_t l = strlen(k_self_leadins[k]);
          if (it.len > l + 1 && dbf__tx_ieqn(x->s + it.off, k_self_leadins[k], l) &&
              x->s[it.off + l] == ' ') {
            it.off += l + 1;
            it.len -= l + 1;
            cut = true;
          }
        }
        it = dbf__tx_trim(x->s, it);
        if (!cut)
          break;
      }
      size_t w_said = dbf__tx_word_count(x->s, it);
      it = dbf__tx_strip_fillers(x->s, it);
      /* A long clause keeps its head, up to what it goes on to explain:
         "persuading the product team that a slightly worse flow ...". */
      static const char *const explains[] = {"that", "because", "which", "so that",
                                             "if",   "when",    NULL};
      for (size_t k = 0; explains[k] && dbf__tx_word_count(x->s, it) > 18; k++) {
        size_t at = dbf__tx_find_word(x->s, it.off + it.len, it.off, explains[k]);
        if (at != (size_t)-1 && dbf__tx_word_count(x->s, (dbf_span){it.off, at - it.off}) >= 3)
          it = dbf__tx_trim(x->s, (dbf_span){it.off, at - it.off});
      }
      /* Still too long, a clause of its own "I" tells two things at its
         first "and": "i chair the ... and brief the ... on the ...". */
      if (dbf__tx_word_count(x->s, it) > 18 && it.len > 2 && word_i(x->s + it.off, 1) &&
          x->s[it.off + 1] == ' ') {
        size_t at = dbf__tx_find_word(x->s, it.off + it.len, it.off, "and");
        if (at != (size_t)-1 && dbf__tx_word_count(x->s, (dbf_span){it.off, at - it.off}) >= 4) {
          if (nc < 33) {
            memmove(cl + i + 2, cl + i + 1, (nc - i - 1) * sizeof cl[0]);
            cl[i + 1] = (dbf_span){at + 3, it.off + it.len - (at + 3)};
            nc++;
          }
          it = dbf__tx_trim(x->s, (dbf_span){it.off, at - it.off});
        }
      }
      /* "i didnt manage or train anyone", "Don't really do the people
         side", "its a solo job": a clause that denies names no skill. */
      static const char *const denials[] = {"i didnt ",
                                            "i didn't ",
                                            "i did not ",
                                            "i dont ",
                                            "i don't ",
                                            "i do not ",
                                            "dont really ",
                                            "don't really ",
                                            "not something ",
                                            "its a solo ",
                                            "it's a solo ",
                                            "i just get on ",
                                            NULL};
      bool denied = false;
      for (size_t k = 0; denials[k] && !denied; k++)
        denied = it.len > strlen(denials[k]) &&
                 dbf__tx_ieqn(x->s + it.off, denials[k], strlen(denials[k]));
      if (denied)
        continue;
      size_t w = dbf__tx_word_count(x->s, it);
      /* "Discretion, above all.": a clause of stress alone is no item. */
      if (dbf__tx_only_filler(x->s, it))
        continue;
      /* One word only when a lexicon knows it ("Negotiation, in a polite
         way."), or when the person stresses it ("Tact, really.", "tact
         above all"). */
      dbf__lex_match m;
      bool known_word = w == 1 && nlx > 0 &&
                        dbf__lex_match_at(lxs[0], x->s, it.off + it.len, it.off, &m) &&
                        m.len == it.len;
      bool stressed = w == 1 &&
                      ((i + 1 < nc && dbf__tx_only_filler(x->s, cl[i + 1])) || w_said > 1) &&
                      !dbf__tx_function_word(x->s + it.off, it.len);
      if ((w >= 2 || known_word || stressed) && w <= 18 && !belongs_to_sibling(x, f, lxs, it))
        dbf__rx_add_span(x, arr, it);
    }
  }
}

/* "Leadership.", "Communication, I guess.": a vague answer of bare words
   only is the thin answer a follow-up is for, so it is kept tentative and
   the follow-up still asks for the person's own words. */
static double own_words_conf(const dbf__rx *x, const json_t *arr) {
  if (x->spec >= VAGUE_SPEC_FOLLOW)
    return dbf__rx_hedge(x, CONF_TARGET_TEXT);
  size_t i;
  const json_t *it;
  json_array_foreach(arr, i, it) {
    if (!json_is_string(it) || strchr(json_string_value(it), ' '))
      return dbf__rx_hedge(x, CONF_TARGET_TEXT);
  }
  return CONF_CROSS;
}

/* One item of a targeted list: what its lexicons know, else a short name. */
/*
 * "payroll runs on Paybridge", "stock counts went through Tallyhand", "menu
 * costing in Platewise": two or more words of a piece of work (no capital
 * after the first), then "on", "in", "from", "through" or "via", maybe
 * "the", and a capitalized name. Adds each such name of the item to arr; returns how
 * many ("route planning ran on Fleetmoor then quotes came from Quotebarn").
 */
static size_t work_kept_in(dbf__rx *x, dbf_span it, json_t *arr) {
  static const char *const places[] = {"on", "in", "from", "through", "via", NULL};
  dbf_span w[24];
  size_t nw = dbf__tx_words(x->s + it.off, it.len, w, 24);
  size_t added = 0, head = 0;
  for (size_t k = 0; k + 1 < nw; k++) {
    const char *wk = x->s + it.off + w[k].off;
    bool place = dbf__tx_word_in(wk, w[k].len, places);
    /* "... is measured on the Clotwise Pro": an article may open the name. */
    size_t j = k + 1;
    if (place && j + 1 < nw &&
        dbf__tx_word_in(x->s + it.off + w[j].off, w[j].len, (const char *const[]){"the", NULL}))
      j++;
    size_t nb = it.off + w[j].off;
    if (place && head >= 2 && dbf__rx_cap_at(x, nb)) {
      dbf_span name = dbf__rx_cap_run(x, nb, it.off + it.len);
      if (name.len > 0 && !dbf__rx_is_starter(x, name)) {
        dbf__rx_add_span(x, arr, name);
        added++;
      }
      head = 0;
      continue;
    }
    /* Past the first word, a capital or a mark ends the work's words. */
    bool plain = k == 0 || !dbf__tx_isupper((unsigned char)*wk);
    head = plain && !dbf__tx_function_word(wk, w[k].len) ? head + 1 : plain ? head : 0;
    if (!plain)
      head = 0;
  }
  return added;
}

static bool lower_name_word(const dbf__rx *x, size_t off, size_t n);
static bool mixed_token(const char *s, size_t n);
static bool kind_plural(const dbf__rx *x, size_t off, size_t n);
static bool model_word(const dbf__rx *x, size_t off, size_t n);

/* Are these the lexicons of a list of tools? */
static bool of_tools_lex(const dbf__rx *x, const dbf__lexicon *const *lxs, size_t nlx) {
  return nlx > 0 && lxs[0] == dbf__lex_get(x->ctx->lex, "tools_technologies");
}

/* A word that goes on a maker's name rather than opening a name of its
   own: a model of letters and digits or of digits only ("tk220", "4100"),
   a short code ("pms", "cad") or a plural that says its kind ("cutters",
   "consoles"; not a name that ends in a vowel and s, "kudos"). */
static bool model_word(const dbf__rx *x, size_t off, size_t n) {
  const char *s = x->s + off;
  if (n == 0 || dbf__tx_function_word(s, n))
    return false;
  if (dbf__tx_islower((unsigned char)*s) && n <= 3)
    return true;
  bool digit = false;
  for (size_t i = 0; i < n; i++)
    digit = digit || (s[i] >= '0' && s[i] <= '9');
  if (digit && !(s[0] >= '0' && s[0] <= '9' && dbf__tx_islower((unsigned char)s[n - 1])))
    return true;
  return kind_plural(x, off, n) && (!strchr("aeiou", s[n - 2]) || s[n - 2] == 'e');
}

/*
 * "quorvel brantix delmora ostrel fennix", "tavrin scopes morlax kestrun
 * vapro": a run of five words or more said in lower case that no lexicon
 * knows is names said one after another. Each word that reads as a name
 * (no everyday word, or letters and digits) opens an item, the everyday
 * words after it (two at most) say its kind, and words joined without a
 * space ("ostmark/delv") are one. Adds the items to arr; returns how many.
 */
static size_t name_words_apart(dbf__rx *x, dbf_span it, bool models, json_t *arr) {
  dbf_span w[32];
  size_t nw = dbf__tx_words(x->s + it.off, it.len, w, 32);
  if (nw < 5 || nw >= 32)
    return 0;
  for (size_t p = it.off; p < it.off + it.len; p++)
    if (dbf__tx_isupper((unsigned char)x->s[p]))
      return 0;
  size_t added = 0, b = 0, e = 0, kind = 0;
  bool open = false;
  for (size_t k = 0; k <= nw; k++) {
    size_t wb = k < nw ? it.off + w[k].off : 0, wl = k < nw ? w[k].len : 0;
    bool glued = open && k < nw && !memchr(x->s + e, ' ', wb - e);
    bool name = k < nw && (lower_name_word(x, wb, wl) || mixed_token(x->s + wb, wl));
    bool attach = k < nw && open && (!name || (models && model_word(x, wb, wl))) && kind < 2 &&
                  !dbf__tx_function_word(x->s + wb, wl);
    if (glued || attach) {
      kind += glued ? 0 : 1;
      e = wb + wl;
      continue;
    }
    if (open) {
      dbf__rx_add_span(x, arr, (dbf_span){b, e - b});
      added++;
    }
    open = name;
    b = wb;
    e = wb + wl;
    kind = 0;
  }
  return added;
}

/*
 * "the rota was on shiftbase", "our tms is from transics", "invoicing was
 * on a quick app qontra", "the booth scheduler were", "mostly it is used":
 * said in lower case, an item where a verb of being follows its first word
 * is a clause about where the work is kept, no name. Of the three words
 * after the verb (past "on", "in", "from" and an article), the first that
 * reads as a name opens the name, up to two more words before a word like
 * "i" or "for". Adds it to arr; returns true when the item is such a
 * clause, named or too short to name anything.
 */
static bool said_is_in_lower(dbf__rx *x, dbf_span it, json_t *arr) {
  static const char *const relatives[] = {"which", "that", "who", "it", "this", NULL};
  static const char *const be[] = {"is", "are", "was", "were", NULL};
  static const char *const skip[] = {"on", "in",  "from", "through", "via", "a",
                                     "an", "the", "our",  "their",   "my",  NULL};
  for (size_t p = it.off; p < it.off + it.len; p++)
    if (dbf__tx_isupper((unsigned char)x->s[p]))
      return false;
  dbf_span w[24];
  size_t nw = dbf__tx_words(x->s + it.off, it.len, w, 24);
  size_t k = 1;
  while (k < nw && !dbf__tx_word_in(x->s + it.off + w[k].off, w[k].len, be))
    k++;
  if (k >= nw || k > 3 || nw >= 24)
    return false;
  /* "it was tarnix", "which was swapped for brel": said of what came
     before. */
  for (size_t q = 0; q < k; q++)
    if (dbf__tx_word_in(x->s + it.off + w[q].off, w[q].len, relatives))
      return false;
  size_t j = k + 1;
  while (j < nw && dbf__tx_word_in(x->s + it.off + w[j].off, w[j].len, skip))
    j++;
  for (size_t q = j; q < nw && q < j + 3; q++) {
    size_t b = it.off + w[q].off, e = q;
    if (!lower_name_word(x, b, w[q].len) && !mixed_token(x->s + b, w[q].len))
      continue;
    while (e + 1 < nw && e < q + 2 &&
           !dbf__tx_function_word(x->s + it.off + w[e + 1].off, w[e + 1].len))
      e++;
    dbf__rx_add_span(x, arr, (dbf_span){b, it.off + w[e].off + w[e].len - b});
    return true;
  }
  /* "medisys was the old one": the name is what the clause is about. */
  for (size_t q = 0; q < k; q++)
    if (lower_name_word(x, it.off + w[q].off, w[q].len))
      return false;
  return nw - j <= 3;
}

/*
 * "a job app called Docketry for the van sheets", "the Fleetmoor portal
 * for the driver dashboards": in a list of tools, where the only words a
 * lexicon knows come after "for" and are said in lower case, they say
 * what the tool named before "for" is for; the tool is that name. True
 * for such an item it, whose words before "for" are named.
 */
static bool purpose_terms_only(const dbf__rx *x, const dbf__lexicon *const *lxs, size_t nlx,
                               dbf_span it, dbf_span named) {
  if (!of_tools_lex(x, lxs, nlx) || named.len == 0)
    return false;
  size_t after = named.off + named.len;
  for (size_t l = 0; l < nlx; l++) {
    dbf__lex_match m[8];
    size_t cnt = dbf__lex_scan(lxs[l], x->s + it.off, it.len, m, 8);
    for (size_t i = 0; i < cnt; i++)
      if (it.off + m[i].off < after || !dbf__tx_islower((unsigned char)x->s[it.off + m[i].off]))
        return false;
  }
  return true;
}

static bool of_skills_lex(const dbf__rx *x, const dbf__lexicon *const *lxs, size_t nlx);

/*
 * "hazard analysis (HAZOP)", "soil sampling (grid method)": in a list of
 * skills, a short bracket that closes an item says which standard, code
 * or kind of the skill is meant, and the item is the skill with it, as
 * said. True when it is such an item: a few words that open no clause,
 * then one bracket of a few words, no comma or second bracket inside and
 * no lone "mostly" or "honestly" that only rates the skill, in a sentence
 * that sets its items apart with commas.
 */
static bool skill_with_bracket(const dbf__rx *x, dbf_span it) {
  size_t e = it.off + it.len;
  if (it.len < 4 || x->s[e - 1] != ')')
    return false;
  const char *open = memchr(x->s + it.off, '(', it.len);
  if (!open || (size_t)(open - x->s) <= it.off || open[-1] != ' ')
    return false;
  size_t o = (size_t)(open - x->s);
  dbf_span head = dbf__tx_trim(x->s, (dbf_span){it.off, o - it.off});
  dbf_span in = dbf__tx_trim(x->s, (dbf_span){o + 1, e - 1 - (o + 1)});
  if (head.len == 0 || in.len == 0)
    return false;
  for (size_t p = it.off; p < e - 1; p++)
    if ((p > o && strchr("(),;", x->s[p])) || (p < o && strchr("(),;:", x->s[p])))
      return false;
  dbf_span hw[6], iw[8];
  size_t nh = dbf__tx_words(x->s + head.off, head.len, hw, 6);
  size_t ni = dbf__tx_words(x->s + in.off, in.len, iw, 8);
  if (nh == 0 || nh > 5 || ni == 0 || ni > 6)
    return false;
  /* "we did the paperwork (ugh)", "R for stats (basic)": a function word
     in the head makes it a clause or a name with its use; one that opens
     the bracket ("(the ... standards)") makes it an aside. */
  static const char *const binds[] = {"and", "of", NULL};
  for (size_t k = 0; k < nh; k++) {
    const char *wk = x->s + head.off + hw[k].off;
    if (dbf__tx_function_word(wk, hw[k].len) && (k == 0 || !dbf__tx_word_in(wk, hw[k].len, binds)))
      return false;
  }
  const char *w0 = x->s + in.off + iw[0].off;
  if (dbf__tx_function_word(w0, iw[0].len) ||
      (ni == 1 && iw[0].len > 3 && dbf__tx_ieqn(w0 + iw[0].len - 2, "ly", 2)))
    return false;
  /* Said without commas, a bracket may hold a list run on ("(pivots power
     query)") that reads as a detail. */
  dbf_span sent = dbf__rx_sentence_of(x, it.off);
  return memchr(x->s + sent.off, ',', sent.len) != NULL;
}

static void take_item(dbf__rx *x, const dbf_template_field *f, const dbf__lexicon *const *lxs,
                      size_t nlx, dbf_span it, json_t *arr) {
  /* A skill with the bracket that closes it is one item, kept whole. */
  if (of_skills_lex(x, lxs, nlx) && skill_with_bracket(x, it) &&
      (!x->hedged || lex_in(x, lxs, nlx, it))) {
    if (!belongs_to_sibling(x, f, lxs, it))
      dbf__rx_add_span(x, arr, it);
    return;
  }
  /* "PLC fault finding mostly Siemens", "scheduling mainly in Excel": an
     adverb of degree after the item's words says where or how much, and
     is no part of its name. */
  static const char *const degree[] = {" mostly ",       " mainly ",  " especially ", " primarily ",
                                       " particularly ", " largely ", " usually ",    NULL};
  size_t dg = dbf__tx_find_any(x->s, it.off + it.len, it.off, degree, NULL);
  for (size_t k = 0; degree[k] && dg == (size_t)-1; k++) {
    size_t l = strlen(degree[k]) - 1; /* said last: "Jira mainly" */
    if (it.len > l && dbf__tx_ieqn(x->s + it.off + it.len - l, degree[k], l))
      dg = it.off + it.len - l;
  }
  if (dg != (size_t)-1 && dg > it.off)
    it = dbf__tx_trim(x->s, (dbf_span){it.off, dg - it.off});
  /* "a small rota app called Shiftrly", "a tool called X for
     invoices": the name is what it is called. */
  static const char *const called[] = {" called ", " named ", NULL};
  size_t cw = 0;
  size_t ca = dbf__tx_find_any(x->s, it.off + it.len, it.off, called, &cw);
  if (ca != (size_t)-1 && ca + strlen(called[cw]) < it.off + it.len) {
    size_t b = ca + strlen(called[cw]);
    it = name_part(x, (dbf_span){b, it.off + it.len - b});
  }
  if (it.len == 0 || belongs_to_sibling(x, f, lxs, it))
    return;
  /* "Languages: German, English": a one-word label no lexicon knows before
     a colon heads the list; it is no item of it ("Python: daily" is). */
  size_t after = it.off + it.len;
  bool known_label = false;
  for (size_t k = 0; k < nlx && !known_label; k++)
    known_label = dbf__lex_any(lxs[k], x->s + it.off, it.len);
  if (after < x->n && x->s[after] == ':' && !known_label && !memchr(x->s + it.off, ' ', it.len) &&
      dbf__tx_isupper((unsigned char)x->s[it.off]) && dbf__rx_opens_sentence(x, it.off, ".!?\n"))
    return;
  /* "Not a programmer.", "never Java": a denial names no skill. */
  static const char *const denials[] = {"not ", "never ", "no ", NULL};
  for (size_t k = 0; denials[k]; k++)
    if (it.len > strlen(denials[k]) && dbf__tx_ieqn(x->s + it.off, denials[k], strlen(denials[k])))
      return;
  json_t *found = json_array();
  size_t hits = found ? lex_hits(x, lxs, nlx, it, found, true, false) : 0;
  if (hits > 0) {
    /* A short item a lexicon recognises keeps all its words:
       "electrical troubleshooting", "IFRS 9 provisioning". */
    const char *one = json_string_value(json_array_get(found, 0));
    size_t w = dbf__tx_word_count(x->s, it);
    /* "everything is Xero", "Later we got Tableau", "that's IRI": a
       clause says the name, it is not one. */
    static const char *const verbs[] = {"is",   "was", "are",  "were", "got", "get",  "that's",
                                        "it's", "use", "used", "uses", "had", "have", NULL};
    bool clause = false;
    for (size_t k = 0; verbs[k] && !clause; k++)
      clause = dbf__tx_find_word(x->s, it.off + it.len, it.off, verbs[k]) != (size_t)-1;
    if (json_array_size(found) == 1 && w <= 5 && one && !clause &&
        dbf__tx_word_count(one, (dbf_span){0, strlen(one)}) < w) {
      /* ... without what it was for: "Miro for workshops". */
      dbf_span named = name_part(x, it);
      bool known = false;
      dbf__lex_match mm[4];
      for (size_t k = 0; k < nlx && !known && named.len > 0; k++)
        known = dbf__lex_scan(lxs[k], x->s + named.off, named.len, mm, 4) > 0;
      /* "XTRF for project management": a capitalized name before what it
         is for is the name, even when only the purpose is known. */
      bool proper = named.len > 0 && named.len < it.len && dbf__rx_cap_at(x, named.off);
      dbf__rx_add_span(x, arr, known || proper ? named : it);
    } else {
      /* "Metabase for dashboards", "Power BI for the KPI dashboards": what
         a named tool is used for is no second item, even when a lexicon
         knows its words. */
      size_t for_at = dbf__tx_find_word(x->s, it.off + it.len, it.off, "for");
      dbf_span named = for_at != (size_t)-1 && for_at > it.off
                           ? dbf__tx_trim(x->s, (dbf_span){it.off, for_at - it.off})
                           : it;
      json_t *inner = named.len < it.len ? json_array() : NULL;
      if (inner && !clause && lex_hits(x, lxs, nlx, named, inner, false, false) > 0) {
        json_decref(found);
        found = inner;
      } else {
        json_decref(inner);
        if (named.len < it.len && !clause && purpose_terms_only(x, lxs, nlx, it, named)) {
          json_decref(found);
          take_item(x, f, lxs, nlx, named, arr);
          return;
        }
      }
      size_t k;
      json_t *v;
      /* "time series forecasting", "blockchain analytics": lower-case
         words the lexicons know one after another, with nothing between
         them, say one skill. */
      size_t covered = 0;
      json_array_foreach(found, k, v) covered += strlen(json_string_value(v)) + (k > 0);
      bool lower = true;
      for (size_t p = it.off; p < it.off + it.len && lower; p++)
        lower = !dbf__tx_isupper((unsigned char)x->s[p]);
      if (json_array_size(found) >= 2 && covered == it.len && lower && w <= 4) {
        dbf__rx_add_span(x, arr, it);
        json_decref(found);
        return;
      }
      json_array_foreach(found, k, v) dbf__rx_add_str(arr, json_string_value(v));
    }
    json_decref(found);
    return;
  }
  json_decref(found);
  /* Something no lexicon knows, in a list-shaped answer: keep it
     when it is short enough to be a name ("event sourcing"). */
  if (dbf__rx_param_is(f, "unknown", "none"))
    return;
  /* "we switched scheduling to Housecall Pro": a clause of its own names
     what it is about. */
  /* "our HIS system is KareXpert", "the planned maintenance was in
     AMOS": the name the item says it is or was kept in. */
  static const char *const links[] = {"is in ", "was in ", "is on ", "was on ",
                                      "is ",    "was ",    NULL};
  size_t lw = 0;
  size_t is = dbf__tx_find_any(x->s, it.off + it.len, it.off, links, &lw);
  size_t nb = is != (size_t)-1 ? is + strlen(links[lw]) : 0;
  if (is != (size_t)-1 && nb < it.off + it.len && dbf__rx_cap_at(x, nb)) {
    dbf_span name = dbf__rx_cap_run(x, nb, it.off + it.len);
    if (name.len > 0 && name.off + name.len == it.off + it.len && !x->hedged) {
      dbf__rx_add_span(x, arr, name);
      return;
    }
  }
  /* In a list of tools, where the work is kept names the tool; in a list
     of skills it is the language or place ("focus groups in Tamil"). */
  bool of_tools = of_tools_lex(x, lxs, nlx);
  if (of_tools && said_is_in_lower(x, it, arr))
    return;
  if (of_tools && !x->hedged && work_kept_in(x, it, arr) > 0)
    return;
  /* "if those count", "very good knowledge of Vienna": a remark on the
     list names nothing. */
  static const char *const remark_opens[] = {"if ", "very ", "really ", NULL};
  for (size_t k = 0; remark_opens[k]; k++)
    if (it.len > strlen(remark_opens[k]) &&
        dbf__tx_ieqn(x->s + it.off, remark_opens[k], strlen(remark_opens[k])))
      return;
  /* "..., it's a local system, ...", "which wasn't ideal": an aside
     about the tool before; "it was called CheckRow", "which was replaced
     by DMS" name one. */
  static const char *const subjects[] = {"we ",    "i ",      "they ",   "i'm ",   "it's ", "its ",
                                         "it is ", "that's ", "it was ", "which ", NULL};
  for (size_t k = 0; subjects[k]; k++) {
    size_t l = strlen(subjects[k]);
    if (it.len <= l || !dbf__tx_ieqn(x->s + it.off, subjects[k], l))
      continue;
    for (size_t p = it.off + l; p < it.off + it.len; p++)
      if (x->s[p - 1] == ' ' && dbf__tx_isupper((unsigned char)x->s[p])) {
        dbf_span name = dbf__rx_cap_run(x, p, it.off + it.len);
        /* "we had a Brenner sheeter": one noun that ends the item says what
           the named thing is. */
        size_t ne = name.off + name.len, q = ne + 1;
        while (q < it.off + it.len && dbf__tx_isalnum((unsigned char)x->s[q]))
          q++;
        if (name.len > 0 && ne + 1 < it.off + it.len && x->s[ne] == ' ' && q == it.off + it.len &&
            dbf__tx_islower((unsigned char)x->s[ne + 1]) &&
            !dbf__tx_function_word(x->s + ne + 1, q - ne - 1))
          name.len = q - name.off;
        if (name.len > 0 && !dbf__rx_is_starter(x, name) && !x->hedged)
          dbf__rx_add_span(x, arr, name);
        return;
      }
    return;
  }
  it = name_part(x, it);
  size_t w = dbf__tx_word_count(x->s, it);
  /* "a lot of it", "sometimes in conflict": a pronoun or an adverb of
     frequency left over names nothing. */
  static const char *const adverbs[] = {"sometimes", "often", "usually", "always", "mostly",
                                        "rarely",    "also",  "too",     NULL};
  if (w == 1 &&
      (dbf__tx_function_word(x->s + it.off, it.len) || dbf__rx_span_has_any(x, it, adverbs)))
    return;
  /* "That's it", "that's about it", "of course", "honestly": a remark
     that closes or pads the list is no item. */
  static const char *const remarks[] = {"that's it", "thats it",  "that's about it", "that's all",
                                        "of course", "obviously", "honestly",        "i think",
                                        "i guess",   NULL};
  for (size_t k = 0; remarks[k]; k++) {
    dbf_span r = it;
    while (r.len > 0 && strchr(".!,", x->s[r.off + r.len - 1]))
      r.len--;
    if (strlen(remarks[k]) == r.len && dbf__tx_ieqn(x->s + r.off, remarks[k], r.len))
      return;
  }
  /* "X-ray", "body-worn": a hyphenated word is one word of a name. */
  for (size_t p = it.off + 1; p + 1 < it.off + it.len; p++)
    if (x->s[p] == '-' && dbf__tx_isalnum((unsigned char)x->s[p - 1]) &&
        dbf__tx_isalnum((unsigned char)x->s[p + 1]) && w > 1)
      w--;
  /* "a quillmark seven eighty nine meter": a model number said in words
     right after a maker's name (one or two words) is one word of the
     name, however many words say it. */
  dbf_span nw[16];
  size_t nn = dbf__tx_words(x->s + it.off, it.len, nw, 16), num = 0;
  while (num < nn && dbf__tx_number_word(x->s + it.off + nw[num].off, nw[num].len) == 0)
    num++;
  for (size_t k = num + 1; num > 0 && num <= 2 && k < nn && w > 1 &&
                           dbf__tx_number_word(x->s + it.off + nw[k].off, nw[k].len) > 0;
       k++)
    w--;
  if (w >= 1 && w <= 4 && !x->hedged)
    dbf__rx_add_span(x, arr, it);
  else if (!x->hedged)
    name_words_apart(x, it, of_tools, arr);
}

/*
 * Splits an item that joins two names: "Excel with VBA", "Siemens S7 PLCs
 * with TIA Portal", "Excel/VBA". The name after "with" or the slash must be
 * capitalized ("Cinema 4D with Redshift", not "hoists with a sling").
 * Writes one or two parts; returns their count.
 */
static size_t two_names(const dbf__rx *x, dbf_span it, dbf_span *parts) {
  parts[0] = it;
  size_t end = it.off + it.len;
  for (size_t p = it.off + 1; p + 2 < end; p++) {
    size_t gap = 0;
    if (p + 6 < end && (dbf__tx_ieqn(x->s + p, " with ", 6) || dbf__tx_ieqn(x->s + p, " then ", 6)))
      gap = 6; /* "Tableau then Looker" */
    else if (p + 3 < end && memcmp(x->s + p, " / ", 3) == 0 && p > it.off &&
             dbf__tx_isalnum((unsigned char)x->s[p - 1]))
      gap = 3; /* "Yocto / BitBake" */
    else if (x->s[p] == '/' && p >= it.off + 2 && dbf__tx_isalnum((unsigned char)x->s[p - 1]) &&
             dbf__tx_isalnum((unsigned char)x->s[p - 2]) &&
             dbf__tx_isalnum((unsigned char)x->s[p + 1]) &&
             dbf__tx_isalnum((unsigned char)x->s[p + 2]))
      gap = 1;
    if (!gap || !dbf__tx_isupper((unsigned char)x->s[p + gap]) ||
        !dbf__tx_isupper((unsigned char)x->s[it.off]))
      continue;
    /* "BSA/AML compliance": a pair of acronyms names one thing. */
    if (gap == 1 && !dbf__tx_islower((unsigned char)x->s[p - 1]))
      continue;
    /* The second name is a name only: "with Redshift", not "with Power
       Query for the month-end close". */
    bool name_only = true;
    /* ("Tableau then Looker when the licence ran out": what follows "then"
       is an item of its own, read as one.) */
    bool then = gap == 6 && dbf__tx_ieqn(x->s + p, " then ", 6);
    for (size_t q = p + gap; q + 1 < end && name_only && !then; q++)
      name_only = !(x->s[q] == ' ' && dbf__tx_islower((unsigned char)x->s[q + 1]));
    if (!name_only)
      continue;
    parts[0] = dbf__tx_trim(x->s, (dbf_span){it.off, p - it.off});
    parts[1] = dbf__tx_trim(x->s, (dbf_span){p + gap, end - p - gap});
    return 2;
  }
  return 1;
}

/* "trained three cadets", "calmed the angry callers down": a verb in the
   past said of people (a role, or people met at work), a few words on, is
   something done with people, not an appraisal. */
static bool done_with_people(const dbf__rx *x, const dbf_span *w, size_t nw, size_t k) {
  static const char *const met[] = {
      "customers", "clients",  "people",    "staff",  "students",   "patients",  "parents",
      "guests",    "visitors", "callers",   "crew",   "crews",      "team",      "passengers",
      "residents", "families", "juniors",   "owners", "suppliers",  "vendors",   "volunteers",
      "kids",      "children", "newcomers", "hires",  "colleagues", "coworkers", NULL};
  const dbf__lexicon *roles = dbf__lex_get(x->ctx->lex, "roles");
  if (w[k].len < 5 || !dbf__tx_ieqn(x->s + w[k].off + w[k].len - 2, "ed", 2))
    return false;
  for (size_t j = k + 1; j < nw && j <= k + 4; j++) {
    if (dbf__tx_word_in(x->s + w[j].off, w[j].len, met))
      return true;
    dbf__lex_match m;
    size_t end = w[j].off + w[j].len;
    if (end > w[j].off && (x->s[end - 1] == 's' || x->s[end - 1] == 'S'))
      end--; /* "apprentices" is the role said of several */
    if (roles && dbf__lex_match_at(roles, x->s, end, w[j].off, &m) && m.len == end - w[j].off)
      return true;
  }
  return false;
}

/* "I got along with everyone.", "I'm good with people I think", "Farmers
   like straight talk.": a short answer that names no skill a lexicon
   knows and no activity ("training", "negotiating") only appraises; it is
   too thin to keep, so the question is asked again. */
static bool self_appraisal_only(const dbf__rx *x, const dbf__lexicon *const *lxs, size_t nlx) {
  dbf_span all = {0, x->n};
  if (dbf__tx_word_count(x->s, all) > 10 || lex_in(x, lxs, nlx, all))
    return false;
  dbf_span w[16];
  size_t nw = dbf__tx_words(x->s, x->n, w, 16);
  for (size_t k = 0; k < nw; k++)
    if ((w[k].len > 5 && dbf__tx_ieqn(x->s + w[k].off + w[k].len - 3, "ing", 3)) ||
        done_with_people(x, w, nw, k))
      return false;
  return true;
}

static bool inner_capital(const char *s, size_t n);

/* A word that ends a skill's name: "cash handling", "fraud detection",
   "vault management", "survival analysis", "call triage". */
static bool head_word(const char *s, size_t n) {
  static const char *const ends[] = {"ing",   "ings", "tion", "tions", "sion", "sions", "ment",
                                     "ments", "sis",  "ics",  "ance",  "ence", "ology", NULL};
  static const char *const heads[] = {
      "service",    "services",  "control",    "art",     "design", "triage",
      "operations", "protocols", "compliance", "work",    "law",    "theory",
      "safety",     "hygiene",   "approaches", "methods", NULL};
  if (dbf__tx_word_in(s, n, heads))
    return true;
  for (size_t k = 0; ends[k]; k++) {
    size_t l = strlen(ends[k]);
    if (n > l + 2 && dbf__tx_ieqn(s + n - l, ends[k], l))
      return true;
  }
  return false;
}

/* A token shaped like a name: a capital inside it ("StaadLink") or
   letters and digits ("Rovo3", "A7"). */
static bool mixed_token(const char *s, size_t n) {
  bool digit = false, letter = false;
  for (size_t i = 0; i < n; i++) {
    digit = digit || (s[i] >= '0' && s[i] <= '9');
    letter = letter || dbf__tx_isupper((unsigned char)s[i]) || dbf__tx_islower((unsigned char)s[i]);
  }
  return inner_capital(s, n) || (digit && letter);
}

/* A word said in lower case that reads as a name, not as English: no
   everyday word, no plural of one, no function word and no activity in
   -ing ("quillmark", "tarnhook", "brantix"; not "phones", "reports"). */
static bool lower_name_word(const dbf__rx *x, size_t off, size_t n) {
  const char *s = x->s + off;
  if (n < 3 || !dbf__tx_islower((unsigned char)*s) || dbf__tx_function_word(s, n) ||
      dbf__rx_common_word(x, x->s, off, n) || activity_word(s, n))
    return false;
  return !(n > 3 && s[n - 1] == 's' && dbf__rx_common_word(x, x->s, off, n - 1));
}

/* Do the known words of w ending at word k open a longer name a lexicon
   knows, one that goes on with a word that reads as a name, as a maker's
   do ("sap hana", so "sap fennick"; not "jira software")? */
static bool maker_before(const dbf__rx *x, size_t base, const dbf_span *w, const bool *in_term,
                         size_t k, const dbf__lexicon *const *lxs, size_t nlx) {
  for (size_t j = k + 1; j-- > 0 && in_term[j];) {
    size_t b = base + w[j].off, e = base + w[k].off + w[k].len;
    for (size_t l = 0; l < nlx; l++) {
      const char *rest[16];
      size_t nr = dbf__lex_alias_rests(lxs[l], x->s + b, e - b, rest, 16);
      for (size_t r = 0; r < nr; r++) {
        size_t rl = strcspn(rest[r], " ");
        if (!dbf__rx_common_word(x, rest[r], 0, rl))
          return true;
      }
    }
  }
  return false;
}

/* "terraform quillmark", "redis tarnhook docker": after a term a lexicon
   knows, a word that reads as a name starts the next name, unless the
   term is a maker's that names its products ("sap fennick"). Sets cut[k]
   for such words of w (offsets from base). */
static void cut_after_terms(const dbf__rx *x, size_t base, const dbf_span *w, size_t nw,
                            const bool *in_term, const dbf__lexicon *const *lxs, size_t nlx,
                            bool *cut) {
  for (size_t k = 1; k < nw; k++)
    if (in_term[k - 1] && !in_term[k] && lower_name_word(x, base + w[k].off, w[k].len) &&
        !(of_tools_lex(x, lxs, nlx) && w[k].len > 3 && model_word(x, base + w[k].off, w[k].len)) &&
        !maker_before(x, base, w, in_term, k - 1, lxs, nlx))
      cut[k] = true;
}

/* A capitalized word that reads as a name of its own: not an everyday
   word, no code in capitals ("PM", "POS", "VLOOKUPs") and no model with
   a digit ("H6"). */
static bool capital_name_word(const dbf__rx *x, size_t off, size_t n) {
  const char *s = x->s + off;
  if (n < 3 || !dbf__tx_isupper((unsigned char)s[0]) || !dbf__tx_islower((unsigned char)s[1]) ||
      dbf__tx_function_word(s, n) || dbf__rx_common_word(x, x->s, off, n))
    return false;
  for (size_t i = 0; i < n; i++)
    if (s[i] >= '0' && s[i] <= '9')
      return false;
  return true;
}

/* A word all in capitals ("SAP", "HANA", "AWS"). */
static bool all_capitals(const char *s, size_t n) {
  for (size_t i = 0; i < n; i++)
    if (!dbf__tx_isupper((unsigned char)s[i]))
      return false;
  return n > 0;
}

/* "Gradle Tarnwick for builds", "AutoCAD Quellmark on site": in a list of
   tools typed with capitals and said without commas, a capitalized word
   that reads as a name after a term a lexicon knows opens the next name,
   unless the term is a maker's that names its products ("Oracle
   NetSuite", so "Oracle Fennick"; a maker in capitals, "SAP Fennick"),
   or a model code follows the word ("AutoCAD Plant 3D"). Sets cut[k]
   for such words of w (offsets from base). */
static void cut_after_terms_capitals(const dbf__rx *x, size_t base, const dbf_span *w, size_t nw,
                                     const bool *in_term, const dbf__lexicon *const *lxs,
                                     size_t nlx, bool *cut) {
  if (!of_tools_lex(x, lxs, nlx) || x->lower_typed)
    return;
  for (size_t k = 1; k < nw; k++) {
    if (!in_term[k - 1] || in_term[k] || !capital_name_word(x, base + w[k].off, w[k].len) ||
        maker_before(x, base, w, in_term, k - 1, lxs, nlx))
      continue;
    bool maker =
        all_capitals(x->s + base + w[k - 1].off, w[k - 1].len) && (k == 1 || !in_term[k - 2]);
    bool model = false;
    for (size_t i = 0; k + 1 < nw && i < w[k + 1].len; i++)
      model =
          model || (x->s[base + w[k + 1].off + i] >= '0' && x->s[base + w[k + 1].off + i] <= '9');
    if (!maker && !model)
      cut[k] = true;
  }
}

/* "Tarnwell POS Quenby", "Brisk WMS Ottaline for the docks": in a list of
   tools typed with capitals and said without commas, a short code in
   capitals after a capitalized name says its kind and ends it, and a
   capitalized word after it that reads as a name opens the next (not
   after a name a lexicon knows: "Outlook SAP Fennick"). Sets cut[k] for
   such words of w (offsets from base). */
static void cut_after_codes(const dbf__rx *x, size_t base, const dbf_span *w, size_t nw,
                            const bool *in_term, const dbf__lexicon *const *lxs, size_t nlx,
                            bool *cut) {
  if (!of_tools_lex(x, lxs, nlx) || x->lower_typed)
    return;
  for (size_t k = 2; k < nw; k++) {
    const char *wb = x->s + base + w[k - 2].off, *wp = x->s + base + w[k - 1].off;
    bool code =
        w[k - 1].len >= 2 && w[k - 1].len <= 4 && !in_term[k - 1] && all_capitals(wp, w[k - 1].len);
    bool named = w[k - 2].len > 1 && dbf__tx_isupper((unsigned char)wb[0]) &&
                 dbf__tx_islower((unsigned char)wb[1]);
    if (code && named && capital_name_word(x, base + w[k].off, w[k].len))
      cut[k] = true;
  }
}

/* "plontrak then slack", "figma plus miro", "excel also tableau", "rust
   some haskell": a word that joins two names said without commas opens
   the second (the word itself is stripped as a filler). Sets cut[k] for
   such words of w. */
static void cut_at_joiners(const dbf__rx *x, size_t base, const dbf_span *w, size_t nw, bool *cut) {
  static const char *const joiners[] = {"then", "plus", "also", "some", NULL};
  for (size_t k = 1; k + 1 < nw; k++) {
    const char *nx = x->s + base + w[k + 1].off;
    size_t nl = w[k + 1].len;
    /* "some parents", "some clients": "some" before a plural counts
       people or things, it joins no names. */
    bool some = w[k].len == 4 && dbf__tx_ieqn(x->s + base + w[k].off, "some", 4);
    if (some && nl > 3 && nx[nl - 1] == 's' &&
        (kind_plural(x, base + w[k + 1].off, nl) ||
         dbf__rx_common_word(x, x->s, base + w[k + 1].off, nl - 1)))
      continue;
    if (dbf__tx_word_in(x->s + base + w[k].off, w[k].len, joiners) &&
        !dbf__tx_function_word(x->s + base + w[k - 1].off, w[k - 1].len) &&
        !dbf__tx_function_word(nx, nl))
      cut[k] = true;
  }
}

/* Words after which comes what a name is for or where it is used
   ("for the audits", "on the build boxes"). */
static const char *const k_context[] = {"for",  "to",     "in",   "on",   "at",
                                        "with", "during", "near", "from", NULL};

/* A plural in lower case that can say what kind of thing a name is
   ("meters", "chargers", "headsets"; not "class", "status", "analysis"). */
static bool kind_plural(const dbf__rx *x, size_t off, size_t n) {
  const char *s = x->s + off;
  if (n < 5 || s[n - 1] != 's' || !dbf__tx_islower((unsigned char)*s) ||
      dbf__tx_function_word(s, n))
    return false;
  return !strchr("siu", s[n - 2]);
}

/* "brakwell clamps orrin drills", "acme cutters thermal cameras": a plural
   after a maker's name says its kind and ends it; the next word starts the next
   name, unless what a name is for is being said. Sets cut[k] for such
   words of w. */
static void cut_after_kinds(const dbf__rx *x, size_t base, const dbf_span *w, size_t nw,
                            const bool *in_term, bool *cut) {
  size_t from = 0;
  bool purpose = false, capitals = false;
  for (size_t k = 0; k < nw; k++)
    for (size_t p = 0; p < w[k].len && !capitals; p++)
      capitals = dbf__tx_isupper((unsigned char)x->s[base + w[k].off + p]);
  for (size_t k = 0; k + 1 < nw; k++) {
    const char *wk = x->s + base + w[k].off, *nx = x->s + base + w[k + 1].off;
    if (k > 0 && cut[k]) {
      from = k;
      purpose = false;
    }
    purpose = purpose || dbf__tx_word_in(wk, w[k].len, k_context);
    /* (Where capitals mark the names, the word before it must read as a
       maker's name: "guest check-ins happen on the Frontdeskly kiosk".) */
    bool maker = k > from && (!capitals || in_term[k - 1] ||
                              lower_name_word(x, base + w[k - 1].off, w[k - 1].len));
    if (!purpose && maker && !in_term[k] && kind_plural(x, base + w[k].off, w[k].len) &&
        !dbf__tx_function_word(nx, w[k + 1].len) && !dbf__tx_word_in(nx, w[k + 1].len, k_context))
      cut[k + 1] = true;
  }
}

/*
 * "brisko for invoices tallyo for the rota", "the till for card payments
 * varnix": said without commas, what a tool is for is everyday words,
 * plurals and names of pieces of work after "for", and a word after them
 * that reads as a name is the next tool, not more of the purpose. Sets
 * cut[k] for such words of w (offsets from base) in a list of tools.
 */
static void cut_after_purpose(const dbf__rx *x, size_t base, const dbf_span *w, size_t nw,
                              const dbf__lexicon *const *lxs, size_t nlx, bool *cut) {
  /* Typed with capitals, the capital marks the next name; a word in lower
     case there is more of the purpose. */
  if (!of_tools_lex(x, lxs, nlx) || !x->lower_typed)
    return;
  size_t everyday = 0;  /* everyday words said since "for" */
  bool purpose = false; /* within what a tool is for */
  for (size_t k = 1; k < nw; k++) {
    size_t b = base + w[k].off, l = w[k].len;
    const char *wk = x->s + b;
    if (dbf__tx_word_in(wk, l, k_context)) {
      purpose = l == 3 && dbf__tx_ieqn(wk, "for", 3);
      everyday = 0;
      continue;
    }
    if (!purpose || cut[k]) {
      purpose = false;
      everyday = 0;
      continue;
    }
    if (dbf__tx_function_word(wk, l))
      continue;
    /* A plural or a word shaped like the name of a piece of work
       ("galleries", "annotation", "management") is more of the purpose. */
    bool plural = l > 3 && wk[l - 1] == 's' && dbf__rx_common_word(x, x->s, b, l - 1);
    if (dbf__rx_common_word(x, x->s, b, l) || plural || activity_word(wk, l) || head_word(wk, l) ||
        kind_plural(x, b, l)) {
      everyday++;
      continue;
    }
    if (everyday > 0 && (lower_name_word(x, b, l) || mixed_token(wk, l)))
      cut[k] = true;
    purpose = false;
    everyday = 0;
  }
}

/*
 * "Megger MFT1741 Fluke 1664", "Pilatus PC-12 Cessna 208": in a list of tools said without commas,
 * a maker's model code (a word with a digit after a capitalized word) ends the name, and a
 * capitalized word after it opens the next; of two words each with a
 * capital inside ("AutoCAD SketchUp"), the second opens one too (not after
 * a maker in capitals: "SAP SuccessFactors"). Sets cut[k] for such words
 * of w (offsets from base).
 */
static void cut_after_models(const dbf__rx *x, size_t base, const dbf_span *w, size_t nw,
                             const bool *in_term, const dbf__lexicon *const *lxs, size_t nlx,
                             bool *cut) {
  if (!of_tools_lex(x, lxs, nlx) || x->lower_typed)
    return;
  for (size_t k = 2; k < nw; k++) {
    const char *wp = x->s + base + w[k - 1].off, *wb = x->s + base + w[k - 2].off;
    const char *wk = x->s + base + w[k].off;
    bool digit = false, next_digit = false;
    for (size_t i = 0; i < w[k - 1].len; i++)
      digit = digit || (wp[i] >= '0' && wp[i] <= '9');
    for (size_t i = 0; i < w[k].len; i++)
      next_digit = next_digit || (wk[i] >= '0' && wk[i] <= '9');
    /* (A kind said in capitals stays: "S7 PLCs", "PC-12 ECUs".) */
    bool acronym = true;
    for (size_t i = 1; i < w[k].len && acronym; i++)
      acronym = !dbf__tx_islower((unsigned char)wk[i]) || (i + 1 == w[k].len && wk[i] == 's');
    if (digit && !next_digit && !acronym && dbf__tx_isupper((unsigned char)*wk) &&
        dbf__tx_isupper((unsigned char)*wb) && !in_term[k])
      cut[k] = true;
  }
  for (size_t k = 1; k < nw; k++) {
    const char *wk = x->s + base + w[k].off, *wp = x->s + base + w[k - 1].off;
    if (!(in_term[k - 1] && in_term[k]) && dbf__tx_isupper((unsigned char)*wp) &&
        dbf__tx_isupper((unsigned char)*wk) && inner_capital(wp, w[k - 1].len) &&
        inner_capital(wk, w[k].len))
      cut[k] = true;
  }
}

/* Is word off..off+n, on its own, a language the languages lexicon knows? */
static bool language_word(const dbf__rx *x, size_t off, size_t n) {
  const dbf__lexicon *langs = dbf__lex_get(x->ctx->lex, "languages");
  dbf__lex_match lm;
  return langs && dbf__lex_match_at(langs, x->s, x->n, off, &lm) && lm.off == off && lm.len == n;
}

/* "Arabic French English German", "georgian russian english": said
   without commas, a language after a language is one more item. Sets
   cut[k] for such words of w (offsets from base). */
static void cut_between_languages(const dbf__rx *x, size_t base, const dbf_span *w, size_t nw,
                                  bool *cut) {
  for (size_t k = 1; k < nw; k++)
    if (language_word(x, base + w[k].off, w[k].len) &&
        language_word(x, base + w[k - 1].off, w[k - 1].len))
      cut[k] = true;
}

/* Are these the lexicons of a list of skills? */
static bool of_skills_lex(const dbf__rx *x, const dbf__lexicon *const *lxs, size_t nlx) {
  return nlx > 0 && lxs[0] == dbf__lex_get(x->ctx->lex, "technical_skills");
}

/* Does a term a lexicon of lxs knows begin at word off..off+n and go on
   past it ("IATA DGR" from "IATA")? */
static bool longer_term_at(const dbf__rx *x, const dbf__lexicon *const *lxs, size_t nlx, size_t off,
                           size_t n) {
  for (size_t l = 0; l < nlx; l++) {
    dbf__lex_match lm;
    if (dbf__lex_match_at(lxs[l], x->s, x->n, off, &lm) && lm.off == off && lm.len > n)
      return true;
  }
  return false;
}

/* Does the byte at p join a word to the next ("ATT&CK", "CAD/CAM")? */
static bool joined_on(const dbf__rx *x, size_t p) {
  return p < x->n && x->s[p] != '\0' && strchr("&/-.", x->s[p]) != NULL;
}

/* "SPC DOE", "ACLS PALS", "critical care nursing BLS", "yield
   forecasting Weibull": in a list of skills said without commas, a code
   in capitals after another code in capitals (not "CAD/CAM" or a code
   joined on with "&", nor a term a lexicon knows as one), and a code or (typed with capitals) a
   name after a lower-case word that ends a skill's name, open the next skill (not after a maker
   that names its products, "SAP ABAP"). Sets cut[k] for such words of w (offsets from base). */
static void cut_between_skill_codes(const dbf__rx *x, size_t base, const dbf_span *w, size_t nw,
                                    const bool *in_term, const dbf__lexicon *const *lxs, size_t nlx,
                                    bool *cut) {
  if (!of_skills_lex(x, lxs, nlx))
    return;
  for (size_t k = 1; k < nw; k++) {
    const char *wp = x->s + base + w[k - 1].off, *wk = x->s + base + w[k].off;
    size_t lp = w[k - 1].len, lk = w[k].len;
    if (maker_before(x, base, w, in_term, k - 1, lxs, nlx))
      continue;
    bool codes = lp >= 3 && lk >= 3 && all_capitals(wp, lp) && all_capitals(wk, lk) &&
                 x->s[base + w[k].off - 1] == ' ' && !joined_on(x, base + w[k].off + lk) &&
                 !longer_term_at(x, lxs, nlx, base + w[k - 1].off, lp);
    bool after_head = k >= 2 && dbf__tx_islower((unsigned char)*wp) && head_word(wp, lp) &&
                      ((lk >= 2 && all_capitals(wk, lk)) ||
                       (!x->lower_typed && capital_name_word(x, base + w[k].off, lk)));
    if (codes || after_head)
      cut[k] = true;
  }
}

/* A word that names an edition or tier of a product and goes on the name
   before it ("Looker Studio", "Burp Suite Pro", "Service Cloud"). */
static bool edition_word(const char *s, size_t n) {
  static const char *const editions[] = {"pro",        "studio",  "cloud",  "suite", "premium",
                                         "enterprise", "express", "online", NULL};
  return dbf__tx_word_in(s, n, editions);
}

/* Does word k of w (offsets from base) read as a name: a term a lexicon
   knows, a word no everyday one or a token shaped like a name (not a
   model number, "2")? */
static bool name_at(const dbf__rx *x, size_t base, const dbf_span *w, const bool *in_term,
                    size_t k) {
  size_t b = base + w[k].off, n = w[k].len;
  const char *s = x->s + b;
  if (s[0] >= '0' && s[0] <= '9')
    return false;
  return in_term[k] || lower_name_word(x, b, n) || capital_name_word(x, b, n) || mixed_token(s, n);
}

/* "looker studio zebra scanners", "burp suite pro nmap", "timsTOF Pro 2":
   in a list of tools, an edition word after a name goes on that name
   when the list ends or a name, a number or what it is for comes next,
   so no part begins at it; and it ends the name, so a name after it
   opens the next part (not a plural that says the name's kind, "pro
   scanners"). Before an everyday word it may open a name of its own
   ("unity pro tools"): no cut changes there. Sets and clears cut[k] for
   words of w (offsets from base). */
static void cut_after_editions(const dbf__rx *x, size_t base, const dbf_span *w, size_t nw,
                               const bool *in_term, const dbf__lexicon *const *lxs, size_t nlx,
                               bool *cut) {
  if (!of_tools_lex(x, lxs, nlx))
    return;
  for (size_t k = 1; k < nw; k++) {
    const char *wk = x->s + base + w[k].off, *wp = x->s + base + w[k - 1].off;
    bool letters = false;
    for (size_t i = 0; i < w[k - 1].len; i++)
      letters = letters || ((unsigned char)wp[i] < 0x80 && dbf__tx_isalnum((unsigned char)wp[i]));
    /* (Not after a bullet, nor after an everyday word with no name
       before it, "state online", nor
       after a name a function word opens, "on an iPad Pro".) */
    if (in_term[k] || !edition_word(wk, w[k].len) || !letters ||
        dbf__tx_function_word(wp, w[k - 1].len) || dbf__tx_word_in(wp, w[k - 1].len, k_context) ||
        (k >= 2 && dbf__tx_function_word(x->s + base + w[k - 2].off, w[k - 2].len)))
      continue;
    bool everyday =
        !in_term[k - 1] && dbf__rx_common_word(x, x->s, base + w[k - 1].off, w[k - 1].len);
    if (everyday && (k < 2 || !name_at(x, base, w, in_term, k - 2)))
      continue;
    bool last = k + 1 >= nw, opens = false;
    if (!last) {
      const char *nx = x->s + base + w[k + 1].off;
      size_t nl = w[k + 1].len;
      bool tail = dbf__tx_function_word(nx, nl) || dbf__tx_word_in(nx, nl, k_context) ||
                  (nx[0] >= '0' && nx[0] <= '9');
      opens = !kind_plural(x, base + w[k + 1].off, nl) && !edition_word(nx, nl) &&
              name_at(x, base, w, in_term, k + 1);
      if (!tail && !opens)
        continue;
    }
    cut[k] = false;
    if (opens)
      cut[k + 1] = true;
  }
}

/* Is word k of w (offsets from base) a short code in capitals no lexicon
   takes in ("PLM", "CRM"; not "EC2"), after a name: a term a lexicon
   knows or a word with a capital ("Salesforce", "LabWare")? */
static bool kind_code(const dbf__rx *x, size_t base, const dbf_span *w, const bool *in_term,
                      size_t k) {
  if (k == 0 || in_term[k] || w[k].len < 2 || w[k].len > 4 ||
      !all_capitals(x->s + base + w[k].off, w[k].len))
    return false;
  const char *wp = x->s + base + w[k - 1].off;
  return in_term[k - 1] || mixed_token(wp, w[k - 1].len) ||
         (w[k - 1].len > 2 && dbf__tx_isupper((unsigned char)wp[0]) &&
          dbf__tx_islower((unsigned char)wp[1]));
}

/*
 * A short item said without commas that runs two names together
 * ("jira confluence", "snowplow kubernetes"): a term a lexicon knows
 * starts a part after another known term or after a word that is no
 * everyday word. Writes the parts; returns their count (1: as it was).
 */
static size_t known_terms_apart(const dbf__rx *x, dbf_span it, const dbf_span *w, size_t nw,
                                const dbf__lexicon *const *lxs, size_t nlx, dbf_span *out) {
  bool start[5] = {false}, in_term[5] = {false};
  for (size_t l = 0; l < nlx; l++) {
    dbf__lex_match m[8];
    size_t cnt = dbf__lex_scan(lxs[l], x->s + it.off, it.len, m, 8);
    for (size_t i = 0; i < cnt; i++) {
      size_t b = m[i].off, e = m[i].off + m[i].len;
      bool clash = false, at_word = false;
      for (size_t k = 0; k < nw; k++) {
        clash = clash || (in_term[k] && w[k].off >= b && w[k].off < e);
        at_word = at_word || w[k].off == b;
      }
      if (clash || !at_word)
        continue;
      for (size_t k = 0; k < nw; k++) {
        start[k] = start[k] || w[k].off == b;
        in_term[k] = in_term[k] || (w[k].off >= b && w[k].off < e);
      }
    }
  }
  bool after[5] = {false};
  cut_after_terms(x, it.off, w, nw, in_term, lxs, nlx, after);
  cut_after_terms_capitals(x, it.off, w, nw, in_term, lxs, nlx, after);
  cut_after_codes(x, it.off, w, nw, in_term, lxs, nlx, after);
  cut_at_joiners(x, it.off, w, nw, after);
  cut_after_kinds(x, it.off, w, nw, in_term, after);
  cut_after_purpose(x, it.off, w, nw, lxs, nlx, after);
  cut_after_models(x, it.off, w, nw, in_term, lxs, nlx, after);
  cut_between_languages(x, it.off, w, nw, after);
  cut_between_skill_codes(x, it.off, w, nw, in_term, lxs, nlx, after);
  cut_after_editions(x, it.off, w, nw, in_term, lxs, nlx, after);
  size_t n = 0, from = 0;
  for (size_t k = 1; k <= nw; k++) {
    if (k < nw && !after[k]) {
      const char *wp = x->s + it.off + w[k - 1].off;
      bool name_before = in_term[k - 1] || mixed_token(wp, w[k - 1].len) ||
                         (dbf__tx_islower((unsigned char)*wp) && w[k - 1].len > 3 &&
                          !dbf__rx_common_word(x, wp, 0, w[k - 1].len) &&
                          !dbf__tx_function_word(wp, w[k - 1].len));
      /* Typed with capitals: "Tervance Redis", a capitalized word that
         reads as a name before a term a lexicon knows. */
      name_before = name_before || (of_tools_lex(x, lxs, nlx) && !x->lower_typed &&
                                    capital_name_word(x, it.off + w[k - 1].off, w[k - 1].len));
      /* "jira PLM confluence", "Salesforce CRM hubspot": a short code in
         capitals after a name says its kind and ends it; a term a lexicon
         knows after it opens the next name (not a code that opens the
         run: "QMS docker"). */
      name_before = name_before || (k >= 2 && kind_code(x, it.off, w, in_term, k - 1));
      /* "Rovo3 StaadLink": two tokens each shaped like a name. */
      bool two_marks = mixed_token(wp, w[k - 1].len) &&
                       mixed_token(x->s + it.off + w[k].off, w[k].len) && !in_term[k - 1];
      if (!(start[k] && name_before) && !two_marks)
        continue;
    }
    size_t b = it.off + w[from].off, e = it.off + w[k - 1].off + w[k - 1].len;
    out[n++] = (dbf_span){b, e - b};
    from = k;
  }
  if (n < 2) {
    out[0] = it;
    return 1;
  }
  return n;
}

/*
 * "an app for job sheets", "Metabase for the board dashboards", "a tablet
 * for the stock sheets": in a list of tools, a plural in lower case that
 * ends what a tool is for names the work, no tool of its own, even where
 * a lexicon knows the word. Clears cut[k] for such a word of w (offsets
 * from base) that ends the item.
 */
static void keep_purpose_plurals(const dbf__rx *x, size_t base, const dbf_span *w, size_t nw,
                                 const dbf__lexicon *const *lxs, size_t nlx, bool *cut) {
  if (!of_tools_lex(x, lxs, nlx))
    return;
  bool purpose = false;
  for (size_t k = 1; k < nw; k++) {
    size_t b = base + w[k].off, l = w[k].len;
    const char *wk = x->s + b;
    if (l == 3 && dbf__tx_ieqn(wk, "for", 3)) {
      purpose = true;
      continue;
    }
    if (!purpose || !cut[k])
      continue;
    bool last = k + 1 == nw;
    bool plural = l > 3 && wk[l - 1] == 's' && dbf__tx_islower((unsigned char)*wk) &&
                  dbf__rx_common_word(x, x->s, b, l - 1);
    if (last && plural)
      cut[k] = false;
    else
      purpose = false;
  }
}

/*
 * A list said without commas ("cash handling fraud detection vault
 * management", "radar separation procedural control"): one item of five
 * words or more that makes no clause is cut where a term a lexicon knows
 * begins, after a word that ends a skill's name, and before a
 * verb that takes an article ("running a sound desk"). Writes the parts;
 * returns their count (1: the item as it was).
 */
static size_t run_on_parts(const dbf__rx *x, dbf_span it, const dbf__lexicon *const *lxs,
                           size_t nlx, dbf_span *out, size_t max) {
  out[0] = it;
  dbf_span w[32];
  size_t nw = dbf__tx_words(x->s + it.off, it.len, w, 32);
  if (nw >= 2 && nw < 5 && max >= nw)
    return known_terms_apart(x, it, w, nw, lxs, nlx, out);
  if (nw < 5 || nw >= 32 || max < 2)
    return 1;
  static const char *const clause[] = {"i",   "i'm", "i've", "we",  "they", "he",   "she",
                                       "you", "it",  "is",   "was", "were", "are",  "am",
                                       "be",  "did", "do",   "had", "has",  "have", NULL};
  /* "... menu costing I did the ordering too":
     the speaker's own clause after the list ends it. */
  static const char *const speaker[] = {"i", "i'm", "i've", "we", "they", "he", "she", "you", NULL};
  for (size_t k = 0; k < nw; k++) {
    if (!dbf__tx_word_in(x->s + it.off + w[k].off, w[k].len, clause))
      continue;
    if (k < 4 || !dbf__tx_word_in(x->s + it.off + w[k].off, w[k].len, speaker))
      return 1;
    it.len = w[k - 1].off + w[k - 1].len;
    out[0] = it;
    nw = k;
    break;
  }
  if (nw < 5)
    return 1;
  /* cut[k]: a new part begins at word k. */
  bool cut[32] = {false};
  bool in_term[32] = {false};
  for (size_t l = 0; l < nlx; l++) {
    dbf__lex_match m[16];
    size_t cnt = dbf__lex_scan(lxs[l], x->s + it.off, it.len, m, 16);
    for (size_t i = 0; i < cnt; i++) {
      size_t b = m[i].off, e = m[i].off + m[i].len;
      bool clash = false;
      for (size_t k = 0; k < nw && !clash; k++)
        clash = in_term[k] && w[k].off >= b && w[k].off < e;
      if (clash)
        continue;
      for (size_t k = 0; k < nw; k++) {
        if (w[k].off == b)
          cut[k] = true;
        if (w[k].off >= b && w[k].off < e)
          in_term[k] = true;
      }
    }
  }
  static const char *const articles[] = {"a", "an", "the", "my", "our", "their", NULL};
  /* After "for" or "to" comes what a name is for ("for pulling case
     data", "for the engagement site"): no head ends a part there. */
  bool in_context = false;
  size_t part_at = 0;
  for (size_t k = 0; k + 1 < nw; k++) {
    const char *wk = x->s + it.off + w[k].off;
    if (k > 0 && cut[k]) {
      in_context = false;
      part_at = k;
    }
    if (dbf__tx_word_in(wk, w[k].len, k_context))
      in_context = true;
    /* A head in -ing ends a part when two words or more follow it
       before the next cue: "dosing machines for chemicals" keeps
       "machines". */
    size_t more = 0;
    for (size_t q = k + 1; q < nw && !cut[q] && more < 2; q++) {
      if (dbf__tx_word_in(x->s + it.off + w[q].off, w[q].len, k_context))
        break;
      more++;
    }
    bool next_term = cut[k + 1];
    if (!in_context && k != part_at && !in_term[k] && !in_term[k + 1] &&
        (more >= 2 || next_term || (more == 1 && !dbf__tx_ieqn(wk + w[k].len - 3, "ing", 3))) &&
        head_word(wk, w[k].len) &&
        !dbf__tx_function_word(x->s + it.off + w[k + 1].off, w[k + 1].len)) {
      cut[k + 1] = true;
      continue;
    }
    if (k > 0 && !in_context && !in_term[k] &&
        dbf__tx_word_in(x->s + it.off + w[k + 1].off, w[k + 1].len, articles) && w[k].len > 4 &&
        dbf__tx_ieqn(wk + w[k].len - 3, "ing", 3)) {
      cut[k] = true;
      part_at = k;
    }
  }
  cut_after_terms(x, it.off, w, nw, in_term, lxs, nlx, cut);
  cut_after_terms_capitals(x, it.off, w, nw, in_term, lxs, nlx, cut);
  cut_after_codes(x, it.off, w, nw, in_term, lxs, nlx, cut);
  cut_at_joiners(x, it.off, w, nw, cut);
  cut_after_kinds(x, it.off, w, nw, in_term, cut);
  cut_after_purpose(x, it.off, w, nw, lxs, nlx, cut);
  cut_after_models(x, it.off, w, nw, in_term, lxs, nlx, cut);
  cut_between_languages(x, it.off, w, nw, cut);
  cut_between_skill_codes(x, it.off, w, nw, in_term, lxs, nlx, cut);
  keep_purpose_plurals(x, it.off, w, nw, lxs, nlx, cut);
  /* "inventory management labor cost control": a known term that ends in
     a word that ends a skill's name ends its part. */
  for (size_t k = 1; k < nw; k++) {
    const char *wk = x->s + it.off + w[k].off;
    const char *wp = x->s + it.off + w[k - 1].off;
    if (in_term[k - 1] && !in_term[k] && head_word(wp, w[k - 1].len) &&
        dbf__tx_islower((unsigned char)*wk) && !dbf__tx_function_word(wk, w[k].len))
      cut[k] = true;
  }
  /* "Motorola radio consoles RapidSOS", "for field surveys QGIS": a name
     in capitals after a word in lower case starts a new part. */
  for (size_t k = 1; k < nw; k++) {
    const char *wk = x->s + it.off + w[k].off;
    const char *wp = x->s + it.off + w[k - 1].off;
    if (!in_term[k] && dbf__tx_islower((unsigned char)*wp) &&
        (dbf__tx_isupper((unsigned char)*wk) || inner_capital(wk, w[k].len)))
      cut[k] = true;
  }
  /* "firewall configuration all the usual cisco stuff": a vague
     aside ends after "stuff" and begins with "all" after a skill. */
  static const char *const vague_ends[] = {"stuff", "things", "bits", NULL};
  for (size_t k = 1; k < nw; k++) {
    const char *wk = x->s + it.off + w[k].off;
    const char *wp = x->s + it.off + w[k - 1].off;
    if (dbf__tx_word_in(wp, w[k - 1].len, vague_ends) ||
        (w[k].len == 3 && dbf__tx_ieqn(wk, "all", 3) && head_word(wp, w[k - 1].len)))
      cut[k] = true;
  }
  cut_after_editions(x, it.off, w, nw, in_term, lxs, nlx, cut);
  /* "Kubernetes for the Helm chart demos": no part ends in a word like
     "the" or "for", and none begins with what a name is for or where. */
  for (size_t k = 1; k < nw; k++)
    if (dbf__tx_function_word(x->s + it.off + w[k - 1].off, w[k - 1].len) ||
        dbf__tx_word_in(x->s + it.off + w[k].off, w[k].len, k_context))
      cut[k] = false;
  size_t n = 0, start = 0;
  for (size_t k = 1; k <= nw && n + 1 < max; k++) {
    if (k < nw && !cut[k])
      continue;
    size_t b = it.off + w[start].off;
    size_t e = k < nw ? it.off + w[k].off : it.off + it.len;
    dbf_span part = dbf__tx_trim(x->s, (dbf_span){b, e - b});
    if (part.len > 0)
      out[n++] = part;
    start = k;
  }
  return n > 1 ? n : 1;
}

/*
 * A list item is a thing, a name or a noun phrase; never a filler ("um"),
 * a clause ("we sent", "I'd say", "that's all", "is a must", "loved
 * that"), a verdict or status ("verbal yes", "paperwork", "certified",
 * "Didn't"), a quantity word ("all reporting", "nothing technical") or a
 * placeholder ("the usual stuff", "normal things").
 * Sets *sp to the part of item that names a thing: what comes before a
 * speaker's "I" or "you" ("wound care I'm certified"), after "lots of" or after
 * the speaker and the verb ("we pitched Ledgerly"); returns false when
 * no part does.
 */
static bool thing_part(const dbf__rx *x, const char *item, dbf_span *sp) {
  size_t n = strlen(item);
  dbf_span w[24];
  size_t nw = dbf__tx_words(item, n, w, 24);
  static const char *const quantity[] = {"all",  "most", "everything", "nothing",
                                         "lots", "none", "plenty",     NULL};
  static const char *const subjects[] = {"i",    "i'm", "im",    "i'd",   "i've", "ive",
                                         "i'll", "we",  "we're", "we've", "they", "they're",
                                         "he",   "she", "you",   NULL};
  size_t first = 0;
  /* "a little bit Blender", "loads of excel", "a lot of SQL": how much
     is said before the thing. */
  static const char *const degree[] = {"a",    "little", "bit", "lot",  "lots", "loads",
                                       "tons", "bunch",  "of",  "some", NULL};
  size_t dk = 0;
  while (dk + 1 < nw && dbf__tx_word_in(item + w[dk].off, w[dk].len, degree))
    dk++;
  bool said_much = false;
  for (size_t k = 0; k < dk && !said_much; k++)
    said_much =
        !dbf__tx_word_in(item + w[k].off, w[k].len, (const char *const[]){"a", "of", "some", NULL});
  if (said_much)
    first = dk;
  for (int pass = 0; pass < 2 && first < nw; pass++) {
    const char *wf = item + w[first].off;
    /* "lots of Excel": the thing after the quantity; "all reporting": none. */
    if (dbf__tx_word_in(wf, w[first].len, quantity)) {
      if (first + 2 >= nw ||
          !(w[first + 1].len == 2 && dbf__tx_ieqn(item + w[first + 1].off, "of", 2)))
        return false;
      first += 2;
    } else if (dbf__tx_word_in(wf, w[first].len, subjects)) {
      /* "we pitched Ledgerly": what the speaker did it to; "I'm a ...":
         what follows the verb in it. */
      first += memchr(wf, '\'', w[first].len) || (w[first].len == 2 && dbf__tx_ieqn(wf, "im", 2))
                   ? 1
                   : 2;
    }
  }
  size_t last = nw;
  for (size_t k = first; k < nw && last == nw; k++)
    if (dbf__tx_word_in(item + w[k].off, w[k].len, subjects))
      last = k;
  if (first >= last)
    return false;
  *sp = (dbf_span){w[first].off, w[last - 1].off + w[last - 1].len - w[first].off};
  size_t m = last - first;
  const dbf_span *v = w + first;
  static const char *const fillers[] = {"hmm", "ah", NULL};
  bool empty = true;
  for (size_t k = 0; k < m && empty; k++)
    empty = dbf__tx_function_word(item + v[k].off, v[k].len) ||
            dbf__tx_word_in(item + v[k].off, v[k].len, fillers);
  if (empty)
    return false;
  static const char *const says[] = {"that's", "thats", "it's", "is", "was", "are", "were", NULL};
  static const char *const objects[] = {"that", "it", "them", "this", NULL};
  static const char *const verdicts[] = {"yes", "no", NULL};
  static const char *const status[] = {"paperwork", "signature", "approval", "pending",
                                       "done",      "tbd",       "signed",   NULL};
  const char *w0 = item + v[0].off;
  /* "that's all", "is a skill", "this is important", "verbal yes". */
  if (m > 1 &&
      (dbf__tx_word_in(w0, v[0].len, says) || (dbf__tx_word_in(w0, v[0].len, objects) &&
                                               dbf__tx_word_in(item + v[1].off, v[1].len, says))))
    return false;
  /* "the usual stuff", "normal things": a placeholder for what goes unsaid. */
  static const char *const vague[] = {"usual",  "normal",   "standard", "typical", "stuff",
                                      "things", "whatever", "various",  "etc",     NULL};
  bool placeholder = true;
  for (size_t k = 0; k < m && placeholder; k++)
    placeholder = dbf__tx_function_word(item + v[k].off, v[k].len) ||
                  dbf__tx_word_in(item + v[k].off, v[k].len, vague);
  if (placeholder || dbf__tx_word_in(item + v[m - 1].off, v[m - 1].len, verdicts) ||
      (m == 1 && dbf__tx_word_in(w0, v[0].len, status)))
    return false;
  /* "went on a bit abt", "the old steel one": a phrase cut
     before its noun, or one that only points back to a thing. */
  static const char *const open_ends[] = {"about", "abt", "of",   "to", "the",  "a",   "an",
                                          "with",  "for", "from", "by", "into", "via", NULL};
  const char *wl = item + v[m - 1].off;
  /* "for invoices", "For billing": what a thing is for, without it. */
  static const char *const leads[] = {"for", "to", "with", "from", "by", "into", NULL};
  if (dbf__tx_word_in(w0, v[0].len, leads))
    return false;
  bool spaced = m > 1 && wl[-1] == ' '; /* "socket.io" is one name */
  if ((spaced && dbf__tx_word_in(wl, v[m - 1].len, open_ends)) ||
      (m > 1 && dbf__tx_islower((unsigned char)*wl) &&
       dbf__tx_word_in(wl, v[m - 1].len, (const char *const[]){"one", "ones", NULL})))
    return false;
  /* "Didn't", "certified", "liked that", "scratch that". */
  bool negated_verb = v[0].len > 3 && dbf__tx_ieqn(w0 + v[0].len - 3, "n't", 3);
  bool past = dbf__tx_islower((unsigned char)*w0) && v[0].len > 4 &&
              dbf__tx_ieqn(w0 + v[0].len - 2, "ed", 2) && !memchr(w0, '-', v[0].len);
  if (m == 1 && (negated_verb || past))
    return false;
  return !(m == 2 && dbf__tx_islower((unsigned char)*w0) &&
           dbf__tx_word_in(item + v[1].off, v[1].len, objects));
}

/* "an app called", "hospital uses", "the rosters are": an item that ends
   in a verb is a clause cut short where the name after it was set apart.
   A verb that names what comes next, or one that holds it after a
   one-word subject, leaves nothing; a verb of being leaves what it is
   said of. Returns the length of v to keep (0: none). */
static size_t before_cut_verb(const char *v) {
  static const char *const names[] = {"called", "named", NULL};
  static const char *const holds[] = {"uses", "has", "had", "have", NULL};
  static const char *const be[] = {"is", "are", "was", "were", NULL};
  size_t n = strlen(v), b = n;
  while (b > 0 && v[b - 1] != ' ')
    b--;
  /* (After a longer item, "have" or "uses" ends a clause said of it:
     "the scorecards they already have".) */
  if (dbf__tx_word_in(v + b, n - b, names) ||
      (dbf__tx_word_in(v + b, n - b, holds) && !memchr(v, ' ', b > 0 ? b - 1 : 0)))
    return 0;
  if (b > 1 && dbf__tx_word_in(v + b, n - b, be))
    return b - 1;
  return n;
}

/* How many brackets s[0..n) opens and leaves open. */
static size_t open_in(const char *s, size_t n) {
  size_t open = 0;
  for (size_t p = 0; p < n; p++)
    if (s[p] == '(')
      open++;
    else if (s[p] == ')' && open > 0)
      open--;
  return open;
}

static void drop_no_things(const dbf__rx *x, json_t *arr) {
  for (size_t i = json_array_size(arr); i-- > 0;) {
    const char *v = json_string_value(json_array_get(arr, i));
    dbf_span sp;
    if (!v)
      continue;
    size_t keep = before_cut_verb(v);
    if (keep == 0) {
      json_array_remove(arr, i);
      continue;
    }
    if (keep < strlen(v)) {
      json_array_set_new(arr, i, json_stringn(v, keep));
      v = json_string_value(json_array_get(arr, i));
    }
    if (!thing_part(x, v, &sp)) {
      json_array_remove(arr, i);
      continue;
    }
    /* "risk assessment (FMEA)": a bracket the kept words open closes
       with them. */
    size_t se = sp.off + sp.len;
    if (v[se] == ')' && open_in(v + sp.off, sp.len) > 0)
      sp.len++;
    if (sp.len < strlen(v))
      json_array_set_new(arr, i, json_stringn(v + sp.off, sp.len));
  }
}

static size_t article_items(const dbf__rx *x, dbf_span *items, size_t ni, size_t max,
                            const char *const *starts);

/*
 * "Tillvane for orders + stock", "a label gun for prices & shelf tags",
 * "Docketry for the quotes and invoicing": what a tool is for may itself
 * be a list joined by "+", "&", "and" or "plus"; the words joined after
 * the purpose are more of it, no tool, unless a lexicon knows them, they
 * open with a capital or they say a purpose of their own. Drops such
 * items in place; returns the new count.
 */
/* Are all words of sp everyday words, plurals of them or activities in
   -ing ("stock", "refunds", "costing"), as a purpose is and a tool's name
   mostly is not? */
static bool everyday_words(const dbf__rx *x, dbf_span sp) {
  dbf_span w[8];
  size_t nw = dbf__tx_words(x->s + sp.off, sp.len, w, 8);
  for (size_t k = 0; k < nw; k++) {
    size_t b = sp.off + w[k].off, l = w[k].len;
    bool plural = l > 3 && x->s[b + l - 1] == 's' && dbf__rx_common_word(x, x->s, b, l - 1);
    if (!dbf__rx_common_word(x, x->s, b, l) && !plural && !activity_word(x->s + b, l))
      return false;
  }
  return nw > 0;
}

static const char *const k_thing_dets[] = {"the",   "a",   "an",  "our", "my",
                                           "their", "his", "her", NULL};

static size_t drop_purpose_tails(const dbf__rx *x, dbf_span *items, size_t ni, bool commas,
                                 const dbf__lexicon *const *lxs, size_t nlx) {
  static const char *const joins[] = {"+", "&", "and", "plus", NULL};
  size_t n = 0;
  bool purpose = false;
  size_t for_prev = 0;
  dbf_span prev = {0, 0};
  for (size_t i = 0; i < ni; i++) {
    dbf_span it = items[i];
    size_t for_at = dbf__tx_find_word(x->s, it.off + it.len, it.off, "for");
    bool own_purpose = for_at != (size_t)-1 && for_at > it.off;
    if (purpose && !own_purpose && it.off >= prev.off + prev.len) {
      /* "for POS", "for the job sheets": a purpose is a few words; more
         after "for" is a list run on without its commas. */
      bool short_purpose =
          dbf__tx_word_count(x->s, (dbf_span){for_prev, prev.off + prev.len - for_prev}) <= 4;
      dbf_span raw = {prev.off + prev.len, it.off - prev.off - prev.len};
      dbf_span gap = dbf__tx_trim(x->s, raw);
      bool marked = false;
      for (size_t p = raw.off; p < raw.off + raw.len && !marked; p++)
        marked = strchr(",;:.!?\n", x->s[p]) != NULL;
      bool joined = !marked && gap.len > 0 && dbf__tx_word_in(x->s + gap.off, gap.len, joins);
      /* "... for charting and the hoist": an article opens a thing of its
         own; after "and" a purpose goes on for a word or two only, and
         only in a list whose commas set its items apart. */
      dbf_span tail = dbf__tx_strip_fillers(x->s, it);
      dbf_span w[4];
      size_t nw = dbf__tx_words(x->s + tail.off, tail.len, w, 4);
      bool symbol = gap.len == 1;
      bool opens_thing =
          nw == 0 || dbf__tx_word_in(x->s + tail.off + w[0].off, w[0].len, k_thing_dets);
      /* Where the tool before "for" is written with its capital, a word in
         lower case after "and" is more of the purpose, not a tool of its
         own ("Ledgerly for quotes and timesheets"); said all in lower
         case or after a sign ("Bookly for slots + pingo"), only everyday
         words are. */
      bool capital_tool = !symbol && dbf__tx_isupper((unsigned char)x->s[prev.off]);
      if (joined && !opens_thing && (symbol || (commas && nw <= 2)) && short_purpose &&
          (everyday_words(x, tail) || capital_tool) && !lex_in(x, lxs, nlx, it) &&
          !dbf__tx_isupper((unsigned char)x->s[it.off])) {
        prev = it;
        continue;
      }
    }
    purpose = own_purpose;
    for_prev = for_at;
    prev = it;
    items[n++] = it;
  }
  return n;
}

/*
 * A tool taken back in the answer: "Quillbase no sorry Ledgerly", "the
 * Fernox - sorry, the Marlin", "a kit called Dripwise. No, sorry, ...".
 * Returns what of item it is still said: the words after its last
 * correction cue, or it whole when it has none ("a Brennart actually"
 * affirms, it takes nothing back). Sets *back when the cue opens the item,
 * so the item before it is what is taken back.
 */
static dbf_span correction_rest(const dbf__rx *x, dbf_span it, bool *back) {
  static const char *const affirm[] = {"actually", "rather", NULL};
  static const char *const nots[] = {"no", "not", NULL};
  *back = false;
  for (int guard = 0; guard < 4; guard++) {
    size_t cl = 0;
    size_t c = dbf__rx_find_correction(x, it.off + it.len, it.off, &cl);
    if (c == (size_t)-1)
      return it;
    dbf_span rest = dbf__tx_trim(x->s, (dbf_span){c + cl, it.off + it.len - c - cl});
    if (rest.len == 0 && c > it.off && dbf__tx_word_in(x->s + c, cl, affirm))
      return it;
    if (c == it.off || dbf__tx_only_filler(x->s, (dbf_span){it.off, c - it.off}))
      *back = true;
    /* "no not Quillbase sorry ...": the name said again as denied. */
    dbf_span w[2];
    while (rest.len > 0 && dbf__tx_words(x->s + rest.off, rest.len, w, 2) > 0 &&
           dbf__tx_word_in(x->s + rest.off + w[0].off, w[0].len, nots))
      rest = dbf__tx_trim(
          x->s, (dbf_span){rest.off + w[0].off + w[0].len, rest.len - w[0].off - w[0].len});
    it = rest;
  }
  return it;
}

/*
 * After a correction, "Dripwise was in the old depot", "the Fernox is my
 * boss's", "Marlin was only a trial": a named thing and "is" or "was" and
 * words that place it rather than name something says where the taken-back
 * tool belongs; it names no tool ("the Brennart is for glazing" keeps
 * "the Brennart"). Returns what to read of it: empty, the name or it.
 */
static dbf_span placed_after_correction(const dbf__rx *x, dbf_span it) {
  static const char *const verbs[] = {"is", "was", NULL};
  static const char *const places[] = {"in",  "at",  "only", "just",  "the", "a",   "an",   "my",
                                       "his", "her", "our",  "their", "for", "not", "from", NULL};
  dbf_span w[12];
  size_t nw = dbf__tx_words(x->s + it.off, it.len, w, 12);
  for (size_t k = 1; k + 1 < nw && k <= 4; k++) {
    if (!dbf__tx_word_in(x->s + it.off + w[k].off, w[k].len, verbs))
      continue;
    bool named = false;
    for (size_t q = 0; q < k; q++)
      named = named || !dbf__tx_function_word(x->s + it.off + w[q].off, w[q].len);
    const char *nx = x->s + it.off + w[k + 1].off;
    size_t nl = w[k + 1].len;
    bool owner = nl > 2 && nx[nl - 2] == '\'' && nx[nl - 1] == 's';
    if (!named || !(dbf__tx_word_in(nx, nl, places) || owner))
      return it;
    /* "Dripwise was the old one": used before, still a tool of the job. */
    static const char *const before[] = {"old", "older", "first", "before", "earlier", NULL};
    bool used_before = false;
    for (size_t q = k + 1; q < nw && q <= k + 2 && !used_before; q++)
      used_before = dbf__tx_word_in(x->s + it.off + w[q].off, w[q].len, before);
    if ((nl == 3 && dbf__tx_ieqn(nx, "for", 3)) || used_before)
      return dbf__tx_trim(x->s, (dbf_span){it.off, w[k].off});
    return (dbf_span){it.off, 0};
  }
  return it;
}

/*
 * "a little rota app for the drivers, it's called Shiftly": an item that
 * opens with "it's called" or "it was called" names the thing the item
 * before described; that item, an article and a word of a kind of
 * software ("app", "system", "platform") in it, is no name of its own.
 */
static bool names_described(const dbf__rx *x, dbf_span prev, dbf_span it) {
  static const char *const namings[] = {
      "it's called ", "its called ", "it is called ", "it was called ", "it's named ",
      "it is named ", NULL};
  static const char *const kinds[] = {"app",       "system", "platform", "software", "program",
                                      "programme", "tool",   "record",   "database", NULL};
  bool naming = false;
  for (size_t k = 0; namings[k] && !naming; k++)
    naming =
        it.len > strlen(namings[k]) && dbf__tx_ieqn(x->s + it.off, namings[k], strlen(namings[k]));
  dbf_span w[16];
  size_t nw = prev.len ? dbf__tx_words(x->s + prev.off, prev.len, w, 16) : 0;
  /* (", and a small app ...": "and" may open it.) */
  size_t a = nw > 2 && w[0].len == 3 && dbf__tx_ieqn(x->s + prev.off, "and", 3) ? 1 : 0;
  if (!naming || nw < a + 2 || !dbf__tx_word_in(x->s + prev.off + w[a].off, w[a].len, k_thing_dets))
    return false;
  for (size_t k = 1; k < nw; k++)
    if (dbf__tx_word_in(x->s + prev.off + w[k].off, w[k].len, kinds))
      return true;
  return false;
}

static bool whole_known(const dbf__rx *x, const dbf__lexicon *const *lxs, size_t nlx, size_t b,
                        size_t e);

/* A word of letters with a vowel: "gilding", "cold", not a code typed in
   lower case ("crm") nor a compound that is a modifier of its own
   ("low-carb", "cross-border"). */
static bool plain_word(const char *s, size_t n) {
  bool vowel = false;
  for (size_t i = 0; i < n; i++) {
    if (!dbf__tx_isupper((unsigned char)s[i]) && !dbf__tx_islower((unsigned char)s[i]))
      return false;
    vowel = vowel || strchr("aeiouyAEIOUY", s[i]) != NULL;
  }
  return vowel;
}

/* Is the word at off..off+n said in lower case, or capitalized only
   because it opens the sentence or a list's line? */
static bool lower_or_opening(const dbf__rx *x, size_t off, size_t n) {
  for (size_t i = 1; i < n; i++)
    if (dbf__tx_isupper((unsigned char)x->s[off + i]))
      return false;
  return !dbf__tx_isupper((unsigned char)x->s[off]) || dbf__rx_opens_sentence(x, off, ".!?:;\n-*");
}

/* A word in capitals only ("NDT", "PPE"): an abbreviation inside a skill. */
static bool caps_word(const char *s, size_t n) {
  size_t up = 0;
  for (size_t i = 0; i < n; i++) {
    if (dbf__tx_islower((unsigned char)s[i]))
      return false;
    up += dbf__tx_isupper((unsigned char)s[i]) ? 1 : 0;
  }
  return up >= 2;
}

/*
 * "proofing and shaping", "tendering and bid evaluation", "drainage and
 * culvert design": in a list set apart with commas, one plain word joined
 * by "and" to the words after it is one skill, the two sharing its head or
 * naming one practice, kept whole as said. Only an item the list opens
 * with a comma or a colon, not one after another joiner ("plus arrears
 * and collections work"). Not when a lexicon knows either side as a skill
 * of its own ("Python and Bash scripting"), the first word reads as a name
 * (a capital inside the sentence, a code, a plural: "Ferrano and Maxtel
 * drills", "pumps and valves") or the second side opens with an article or
 * a capitalized word ("fundraising and the annual report"). Joins such
 * items in place and sets joined[] for them; returns the new count.
 */
static size_t join_shared_head(const dbf__rx *x, dbf_span *items, size_t ni,
                               const dbf__lexicon *const *lxs, size_t nlx, bool *joined) {
  size_t n = 0;
  for (size_t i = 0; i < ni; i++) {
    if (n > 0) {
      dbf_span *prev = &items[n - 1];
      size_t e = prev->off + prev->len;
      dbf_span left = dbf__tx_strip_fillers(x->s, *prev);
      dbf_span right = dbf__tx_trim(x->s, items[i]);
      dbf_span rw[4];
      size_t nrw = right.len ? dbf__tx_words(x->s + right.off, right.len, rw, 4) : 0;
      dbf_span opened = dbf__tx_trim(x->s, *prev);
      bool ok = !joined[n - 1] && opened.len > 0 &&
                dbf__rx_opens_sentence(x, opened.off, ",;:.!?\n-*") && items[i].off >= e + 5 &&
                dbf__tx_ieqn(x->s + e, " and ", 5) &&
                dbf__tx_trim(x->s, (dbf_span){e, items[i].off - e}).len == 3 && left.len > 2 &&
                left.off + left.len == e && !memchr(x->s + left.off, ' ', left.len) &&
                plain_word(x->s + left.off, left.len) && lower_or_opening(x, left.off, left.len) &&
                !(x->s[e - 1] == 's' && x->s[e - 2] != 's') && nrw >= 1 && nrw <= 3 &&
                dbf__tx_strip_fillers(x->s, right).off == right.off &&
                !whole_known(x, lxs, nlx, left.off, e) &&
                !whole_known(x, lxs, nlx, right.off, right.off + right.len);
      for (size_t k = 0; ok && k < nrw; k++) {
        const char *w = x->s + right.off + rw[k].off;
        ok = (dbf__tx_islower((unsigned char)*w) || caps_word(w, rw[k].len)) &&
             !(k == 0 && dbf__tx_function_word(w, rw[k].len));
      }
      if (ok) {
        prev->len = items[i].off + items[i].len - prev->off;
        joined[n - 1] = true;
        continue;
      }
    }
    joined[n] = false;
    items[n++] = items[i];
  }
  return n;
}

/*
 * "sanding & fairing", "credit & affordability checks", "prep & plating": in
 * a list of skills an "&" between two plain words in lower case binds them
 * into one practice, tighter than the list's commas or "and" ("&" is how
 * people write a fixed pair, where "and" also joins the list). Not when a
 * lexicon knows either side as a skill of its own ("python & sql"), nor
 * after a number or a code ("plan 2014 & act 2016"), nor a side of more
 * than four words (a run said without commas, not one item). Capitalized
 * pairs are join_ampersand_names'.
 */
static bool ampersand_pair(const dbf__rx *x, dbf_span prev, dbf_span next,
                           const dbf__lexicon *const *lxs, size_t nlx) {
  size_t e = prev.off + prev.len, w = e;
  while (w > prev.off && dbf__tx_isalnum((unsigned char)x->s[w - 1]))
    w--;
  size_t b = next.off, r = b;
  while (r < b + next.len && dbf__tx_isalnum((unsigned char)x->s[r]))
    r++;
  return b == e + 3 && memcmp(x->s + e, " & ", 3) == 0 && e - w > 1 && r - b > 1 &&
         (w == prev.off || x->s[w - 1] == ' ') && plain_word(x->s + w, e - w) &&
         plain_word(x->s + b, r - b) && lower_or_opening(x, w, e - w) &&
         !dbf__tx_isupper((unsigned char)x->s[b]) && !dbf__tx_function_word(x->s + b, r - b) &&
         dbf__tx_word_count(x->s, prev) <= 4 && dbf__tx_word_count(x->s, next) <= 4 &&
         !whole_known(x, lxs, nlx, prev.off, e) && !whole_known(x, lxs, nlx, b, b + next.len);
}

/*
 * "ISO 9001 and 14001 audits", "IEC 61850 and 61131 work", "Level 2 and 3
 * food safety": in a list of skills a number joined by "and" or "&" to a
 * number after it names two editions of one standard or code, one skill.
 * Only a number after a word (the standard's name) and sides of four words
 * at most (a run said without commas is no one item).
 */
static bool edition_pair(const dbf__rx *x, dbf_span prev, dbf_span next) {
  size_t e = prev.off + prev.len, w = e, b = next.off;
  while (w > prev.off && (dbf__tx_isalnum((unsigned char)x->s[w - 1]) || x->s[w - 1] == '.'))
    w--;
  bool num = w < e && w > prev.off + 1 && x->s[w - 1] == ' ' &&
             dbf__tx_isalnum((unsigned char)x->s[w - 2]);
  for (size_t k = w; num && k < e; k++)
    num = (x->s[k] >= '0' && x->s[k] <= '9') || (x->s[k] == '.' && k > w && k + 1 < e);
  size_t gap = b - e;
  return num && b > e && (gap == 5 || gap == 3) &&
         (dbf__tx_ieqn(x->s + e, " and ", gap) || memcmp(x->s + e, " & ", gap) == 0) &&
         x->s[b] >= '0' && x->s[b] <= '9' && dbf__tx_word_count(x->s, prev) <= 4 &&
         dbf__tx_word_count(x->s, next) <= 4;
}

/* Joins each item to the one before it when the pair binds (an "&" pair
   with lxs, else two editions) and sets joined[] for it; returns the new
   count. */
static size_t join_bound_pairs(const dbf__rx *x, dbf_span *items, size_t ni,
                               const dbf__lexicon *const *lxs, size_t nlx, bool editions,
                               bool *joined) {
  size_t n = 0;
  for (size_t i = 0; i < ni; i++) {
    if (n > 0 && (editions ? edition_pair(x, items[n - 1], items[i])
                           : ampersand_pair(x, items[n - 1], items[i], lxs, nlx))) {
      items[n - 1].len = items[i].off + items[i].len - items[n - 1].off;
      joined[n - 1] = true;
      continue;
    }
    joined[n] = joined[i];
    items[n++] = items[i];
  }
  return n;
}

/* "Tech skills? hardly any", "Tools, well, a van": an item made only of
   the words that name the list asked for echoes the question and names no
   skill or tool. Drops such items from arr. */
static void drop_question_echo(json_t *arr) {
  static const char *const echo[] = {"technical", "tech",         "skill",      "skills", "tool",
                                     "tools",     "technologies", "technology", "soft",   NULL};
  for (size_t i = json_array_size(arr); i-- > 0;) {
    const char *v = json_string_value(json_array_get(arr, i));
    if (!v)
      continue;
    dbf_span w[8];
    size_t nw = dbf__tx_words(v, strlen(v), w, 8), k = 0;
    while (k < nw && nw < 8 && dbf__tx_word_in(v + w[k].off, w[k].len, echo))
      k++;
    if (nw > 0 && k == nw)
      json_array_remove(arr, i);
  }
}

/* Words of sp as spaces part them: "OCPP 1.6" is two, as said. */
static size_t spaced_words(const dbf__rx *x, dbf_span sp) {
  size_t n = 0;
  for (size_t i = 0; i < sp.len; i++)
    n += x->s[sp.off + i] != ' ' && (i == 0 || x->s[sp.off + i - 1] == ' ');
  return n;
}

/* Adds a joined skill as said, its "&" written out as "and" the way a
   record spells a pair ("sanding and fairing"), and without what "w/"
   adds about it, as name_part drops what "with" adds. */
static void add_joined(dbf__rx *x, json_t *arr, dbf_span sp) {
  for (size_t i = 1; i + 4 <= sp.len; i++)
    if (memcmp(x->s + sp.off + i, " w/ ", 4) == 0) {
      sp = dbf__tx_trim(x->s, (dbf_span){sp.off, i});
      break;
    }
  char buf[256];
  size_t o = 0;
  for (size_t i = 0; i < sp.len && o + 4 < sizeof(buf); i++) {
    if (i > 0 && i + 1 < sp.len && x->s[sp.off + i] == '&' && x->s[sp.off + i - 1] == ' ' &&
        x->s[sp.off + i + 1] == ' ') {
      memcpy(buf + o, "and", 3);
      o += 3;
      continue;
    }
    buf[o++] = x->s[sp.off + i];
  }
  buf[o] = '\0';
  if (o + 4 >= sizeof(buf) || !memchr(x->s + sp.off, '&', sp.len)) {
    dbf__rx_add_span(x, arr, sp);
    return;
  }
  if (json_array_size(arr) < MAX_ITEMS)
    dbf__rx_union_item(arr, json_string(buf));
}

/*
 * "Tool-wise it was Drelmo and Quantix.", "The tools were Halvor and
 * Pinecast.", "Every day I use Stockwise.", "The ERP was Orvell.": in an
 * answer about skills, a later sentence that opens by saying what tools
 * were used names tools, which the list of tools takes, unless it also
 * names something the skills' own lexicon (own) knows ("We used Python
 * for the models."). The cue must come within the sentence's first words:
 * a word for tools, "I" or "we" with "use", or a kind of system a tools
 * lexicon (tools) knows before "was" or "is".
 */
static bool tools_sentence(const dbf__rx *x, dbf_span sent, const dbf__lexicon *own,
                           const dbf__lexicon *tools) {
  static const char *const tool_words[] = {"tool", "tools", "tool-wise", "toolwise", NULL};
  static const char *const users[] = {"i", "we", NULL};
  static const char *const uses[] = {"use", "used", NULL};
  static const char *const be[] = {"was", "is", "were", "are", NULL};
  if (!tools || (own && dbf__lex_any(own, x->s + sent.off, sent.len)) ||
      !dbf__lex_any(tools, x->s + sent.off, sent.len))
    return false;
  dbf_span w[8];
  size_t nw = dbf__tx_words(x->s + sent.off, sent.len, w, 8);
  for (size_t k = 0; k < nw && k < 5; k++) {
    const char *wk = x->s + sent.off + w[k].off;
    if (dbf__tx_word_in(wk, w[k].len, tool_words))
      return true;
    if (k > 0 && dbf__tx_word_in(wk, w[k].len, uses) &&
        dbf__tx_word_in(x->s + sent.off + w[k - 1].off, w[k - 1].len, users))
      return true;
    dbf__lex_match m;
    size_t b = sent.off + w[k].off;
    if (k + 1 < nw && k < 2 && dbf__tx_word_in(x->s + sent.off + w[k + 1].off, w[k + 1].len, be) &&
        dbf__lex_match_at(tools, x->s, b + w[k].len, b, &m) && m.len == w[k].len)
      return true;
  }
  return false;
}

/*
 * "glazing (crazing, pinholes, crawling)", "shoeing (hot and cold)": words
 * in brackets after an item, in lower case and known to no lexicon, say
 * what the item covers; they are no items of the list, though the commas
 * or "and" inside cut them apart. Names in brackets ("cloud (EKS, RDS)"),
 * codes typed in lower case and the words an abbreviation stands for
 * ("QA (quality and assurance)") stay items. Clips such brackets out of items in place and drops
 * the items they held; returns the new count.
 */
static size_t drop_bracket_details(const dbf__rx *x, dbf_span sent, dbf_span *items, size_t ni,
                                   const dbf__lexicon *const *lxs, size_t nlx) {
  size_t end = sent.off + sent.len;
  /* Said in lower case or without commas, names and details look alike. */
  bool cased = false;
  for (size_t p = sent.off; p < end && !cased; p++)
    cased = dbf__tx_isupper((unsigned char)x->s[p]);
  if (!cased || !memchr(x->s + sent.off, ',', sent.len))
    return ni;
  for (size_t o = sent.off; o < end; o++) {
    if (x->s[o] != '(')
      continue;
    size_t c = o + 1;
    while (c < end && x->s[c] != ')' && x->s[c] != '(')
      c++;
    if (c >= end || x->s[c] != ')')
      continue;
    dbf_span in = {o + 1, c - o - 1};
    bool lower = in.len > 0, split = false;
    for (size_t p = in.off; p < c && lower; p++) {
      lower = !dbf__tx_isupper((unsigned char)x->s[p]) && !(x->s[p] >= '0' && x->s[p] <= '9');
      split = split || x->s[p] == ',' || (p + 5 <= c && dbf__tx_ieqn(x->s + p, " and ", 5));
    }
    /* Each word a word with a vowel ("dhcp" is a code typed in lower
       case), and no abbreviation before it that the words spell out. */
    dbf_span w[16];
    size_t nw = lower ? dbf__tx_words(x->s + in.off, in.len, w, 16) : 0;
    for (size_t k = 0; k < nw && lower; k++)
      lower = plain_word(x->s + in.off + w[k].off, w[k].len);
    size_t b = o;
    while (b > sent.off && x->s[b - 1] == ' ')
      b--;
    size_t a = b;
    while (a > sent.off && x->s[a - 1] != ' ' && x->s[a - 1] != ',')
      a--;
    if (!lower || !split || nw >= 16 || lex_in(x, lxs, nlx, in) || caps_word(x->s + a, b - a))
      continue;
    size_t n = 0;
    for (size_t i = 0; i < ni; i++) {
      dbf_span it = items[i];
      size_t ie = it.off + it.len;
      if (it.off <= o && ie > o)
        it = dbf__tx_trim(x->s, (dbf_span){it.off, o - it.off});
      else if (it.off > o && it.off <= c)
        it = ie > c + 1 ? dbf__tx_trim(x->s, (dbf_span){c + 1, ie - c - 1}) : (dbf_span){0, 0};
      if (it.len > 0)
        items[n++] = it;
    }
    ni = n;
    o = c;
  }
  return ni;
}

/* How many brackets sp opens and leaves open. */
static size_t open_brackets(const dbf__rx *x, dbf_span sp) {
  return open_in(x->s + sp.off, sp.len);
}

/*
 * "bridge design (Eurocode 2) pile testing", "off-grid power (solar and a
 * generator) stock planning": said without commas, a closing bracket with
 * words after it ends an item, as the comma that would follow it does when
 * typed, and the "and" or article inside the bracket cuts nothing. Joins
 * the items a short bracket was cut into, then cuts each item after its
 * closing bracket; returns the new count.
 */
static size_t close_bracket_items(const dbf__rx *x, dbf_span *items, size_t ni, size_t max) {
  size_t n = 0;
  for (size_t i = 0; i < ni; i++) {
    /* The bracket may open in the gap before the next item, which the
       cut left out ("accounting (the ..."). */
    dbf_span it = items[i];
    size_t j = i;
    while (j + 1 < ni && j < i + 3 &&
           open_brackets(x, (dbf_span){it.off, items[j + 1].off - it.off}) > 0 &&
           items[j + 1].off + items[j + 1].len - it.off <= 80) {
      j++;
      it.len = items[j].off + items[j].len - it.off;
    }
    if (j > i && open_brackets(x, it) == 0)
      i = j;
    else
      it = items[i];
    items[n++] = it;
  }
  ni = n;
  for (size_t i = 0; i < ni; i++) {
    size_t e = items[i].off + items[i].len;
    for (size_t p = items[i].off + 1; p + 1 < e; p++) {
      if (x->s[p] != ')' || x->s[p + 1] != ' ' ||
          !memchr(x->s + items[i].off, '(', p - items[i].off))
        continue;
      if (ni < max && dbf__tx_trim(x->s, (dbf_span){p + 1, e - p - 1}).len > 0) {
        ni = split_at(x, items, ni, i, p + 1);
        items[i + 1] = dbf__tx_trim(x->s, items[i + 1]);
      }
      break;
    }
  }
  return ni;
}

/*
 * The runs of an item said without commas that was cut after a bracket: the
 * whole item after a few words ("avalanche forecasting (level 2)"), else
 * the runs of the words before it, the last of which keeps the bracket
 * ("... basic networking (vlans dhcp)"); without one, its run-on parts.
 */
static size_t bracket_runs(const dbf__rx *x, dbf_span it, const dbf__lexicon *const *lxs,
                           size_t nlx, dbf_span *out, size_t max) {
  size_t e = it.off + it.len;
  /* Only a bracket more words follow was cut after; one that ends the
     sentence is read as before. */
  bool cut = e + 1 < x->n && x->s[e] == ' ' && dbf__tx_isalnum((unsigned char)x->s[e + 1]);
  const char *open =
      cut && it.len > 2 && x->s[e - 1] == ')' ? memchr(x->s + it.off, '(', it.len) : NULL;
  dbf_span head = open ? dbf__tx_trim(x->s, (dbf_span){it.off, (size_t)(open - x->s) - it.off})
                       : (dbf_span){0, 0};
  if (head.len == 0)
    return run_on_parts(x, it, lxs, nlx, out, max);
  /* A few words before the bracket are one item, as between commas. */
  if (dbf__tx_word_count(x->s, head) <= 2) {
    out[0] = it;
    return 1;
  }
  size_t n = run_on_parts(x, head, lxs, nlx, out, max);
  out[n - 1].len = e - out[n - 1].off;
  return n;
}

/* Articles that open a product's name in a list said without commas. */
static const char *const k_product_starts[] = {"the", "our", NULL};

/* ... and a tool's: "combi ovens the Thermomix a Pacojet". */
static const char *const k_tool_starts[] = {"the", "a", "an", "our", NULL};

static void do_lexicon_list(dbf__rx *x, const dbf_template_field *f, bool targeted) {
  const dbf__lexicon *lxs[DBF__RX_MAX_LEXICONS];
  size_t nlx = field_lexicons(x, f, lxs);
  json_t *arr = json_array();
  if (!arr)
    return;
  bool of_tools = nlx > 0 && lxs[0] == dbf__lex_get(x->ctx->lex, "tools_technologies");
  if (targeted) {
    /* "Nothing really, a whiteboard and flashcards. Some PowerPoint.": a
       name a lexicon knows, said after the denial, is still said. */
    bool named_after = false;
    for (size_t si = 1; x->negative && si < x->n_sent && !named_after; si++)
      for (size_t k = 0; k < nlx && !named_after; k++)
        named_after = dbf__lex_any(lxs[k], x->s + x->sent[si].off, x->sent[si].len);
    if (x->negative && !named_after) {
      json_decref(arr);
      return;
    }
    if (dbf__rx_param_is(f, "wording", "own")) {
      if (self_appraisal_only(x, lxs, nlx)) {
        json_decref(arr);
        return;
      }
      own_words(x, f, lxs, nlx, arr);
      dbf__rx_put(x, f->key, arr, own_words_conf(x, arr), false);
      return;
    }
    size_t last_from = 0;   /* where the last item's names begin in arr */
    bool corrected = false; /* a correction cue was said before */
    dbf_span last_item = {0, 0};
    const dbf__lexicon *tools_lex =
        of_tools ? NULL : dbf__lex_get(x->ctx->lex, "tools_technologies");
    for (size_t si = 0; si < x->n_sent; si++) {
      if (si > 0 && is_word_list(x, "tools_technologies") &&
          tools_sentence(x, x->sent[si], nlx > 0 ? lxs[0] : NULL, tools_lex))
        continue;
      dbf_span items[DBF_TX_MAX_SPANS];
      size_t ni = join_ampersand_names(
          x, items, dbf__tx_list_items(x->s, x->sent[si], items, DBF_TX_MAX_SPANS), lxs, nlx);
      /* A sentence that sets its items apart with commas keeps each
         whole: "SAP PM work orders" is one item of such a list. */
      bool commas = memchr(x->s + x->sent[si].off, ',', x->sent[si].len) ||
                    memchr(x->s + x->sent[si].off, ';', x->sent[si].len);
      if (of_tools)
        ni = drop_purpose_tails(x, items, ni, commas, lxs, nlx);
      ni = drop_bracket_details(x, x->sent[si], items, ni, lxs, nlx);
      bool joined[DBF_TX_MAX_SPANS] = {false};
      if (!of_tools && commas)
        ni = join_shared_head(x, items, ni, lxs, nlx, joined);
      if (!of_tools)
        ni = join_bound_pairs(x, items, ni, lxs, nlx, false, joined);
      if (!of_tools)
        ni = join_bound_pairs(x, items, ni, NULL, 0, true, joined);
      /* Said without commas, an article after a named thing opens the
         next item: "combi ovens the Thermomix a Pacojet". */
      if (!commas)
        ni = article_items(x, items, ni, DBF_TX_MAX_SPANS, k_tool_starts);
      if (!commas)
        ni = close_bracket_items(x, items, ni, DBF_TX_MAX_SPANS);
      for (size_t i = 0; i < ni; i++) {
        dbf_span whole = dbf__tx_strip_fillers(x->s, items[i]);
        if (of_tools) {
          /* A tool taken back is no tool, nor is where it belongs. */
          bool back = false;
          dbf_span kept = correction_rest(x, whole, &back);
          if (back)
            while (json_array_size(arr) > last_from)
              json_array_remove(arr, json_array_size(arr) - 1);
          corrected = corrected || kept.len != whole.len || back;
          if (corrected)
            kept = placed_after_correction(x, kept);
          whole = dbf__tx_strip_fillers(x->s, kept);
          if (whole.len == 0)
            continue;
          if (names_described(x, last_item, dbf__tx_trim(x->s, items[i])))
            while (json_array_size(arr) > last_from)
              json_array_remove(arr, json_array_size(arr) - 1);
        }
        size_t had = json_array_size(arr);
        /* Two sides that share a head are one skill as said, without what
           the person adds about it: the lexicons would cut it apart. */
        dbf_span pair = joined[i] ? name_part(x, whole) : (dbf_span){0, 0};
        if (pair.len > 0 && spaced_words(x, pair) <= 6) {
          if (!belongs_to_sibling(x, f, lxs, pair))
            add_joined(x, arr, pair);
          last_from = had;
          last_item = items[i];
          continue;
        }
        dbf_span runs[16];
        runs[0] = whole;
        size_t nr = commas ? 1 : bracket_runs(x, whole, lxs, nlx, runs, 16);
        for (size_t ri = 0; ri < nr; ri++) {
          dbf_span it =
              nr > 1 || runs[0].len != whole.len ? dbf__tx_strip_fillers(x->s, runs[ri]) : whole;
          /* "Excel with VBA", "Cinema 4D with Redshift", "Excel/VBA": two
             names in one item are two items. */
          dbf_span parts[2];
          size_t np = two_names(x, it, parts);
          for (size_t pi = 0; pi < np; pi++)
            take_item(x, f, lxs, nlx, parts[pi], arr);
        }
        /* "No, sorry, ...": an item that names nothing takes nothing back. */
        if (json_array_size(arr) > had) {
          last_from = had;
          last_item = items[i];
        }
      }
    }
    drop_no_things(x, arr);
    drop_question_echo(arr);
    dbf__rx_put(x, f->key, arr, dbf__rx_hedge(x, CONF_TARGET), false);
    return;
  }
  if (!dbf__rx_cross_list_ok(x, f->key)) {
    json_decref(arr);
    return;
  }
  /* Cross-field: lexicon hits only, and only words the targeted field did not take. */
  json_t *tmp = json_array();
  if (!tmp) {
    json_decref(arr);
    return;
  }
  lex_hits(x, lxs, nlx > 0 ? 1 : 0, (dbf_span){0, x->n}, tmp, false, true);
  size_t i;
  json_t *v;
  json_array_foreach(tmp, i, v) {
    if (!consumed(x, json_string_value(v)))
      dbf__rx_add_str(arr, json_string_value(v));
  }
  json_decref(tmp);
  dbf__rx_put(x, f->key, arr, CONF_CROSS_LIST, false);
}

/* "o9 Solutions", "x2 Analytics": a short token of a letter in lower case
   and digits right before a capitalized name opens it; the name with it
   from floor on. */
static dbf_span with_digit_lead(const dbf__rx *x, dbf_span name, size_t floor) {
  if (name.len == 0 || name.off < floor + 3 || x->s[name.off - 1] != ' ')
    return name;
  size_t e = name.off - 1, b = e;
  while (b > floor && dbf__tx_isalnum((unsigned char)x->s[b - 1]))
    b--;
  bool digit = false;
  for (size_t i = b; i < e; i++)
    digit = digit || (x->s[i] >= '0' && x->s[i] <= '9');
  /* ... but "v2", "v10" number a version. */
  bool version = x->s[b] == 'v' && strspn(x->s + b + 1, "0123456789") == e - b - 1;
  if (e - b < 2 || e - b > 4 || !digit || version || !dbf__tx_islower((unsigned char)x->s[b]) ||
      (b > floor && x->s[b - 1] != ' '))
    return name;
  return (dbf_span){b, name.off + name.len - b};
}

/* The capitalized name that ends just before at, skipping "also" and a comma. */
static dbf_span name_before(const dbf__rx *x, dbf_span sent, size_t at) {
  const char *s = x->s;
  size_t e = at;
  while (e > sent.off && (s[e - 1] == ' ' || s[e - 1] == ',' || s[e - 1] == '('))
    e--;
  if (e >= sent.off + 4 && dbf__tx_ieqn(s + e - 4, "also", 4)) {
    e -= 4;
    while (e > sent.off && (s[e - 1] == ' ' || s[e - 1] == ','))
      e--;
  }
  /* Back over up to four capitalized words: "Tyler Technologies". */
  size_t b = e;
  for (int w = 0; w < 4; w++) {
    size_t ws = b;
    while (ws > sent.off && s[ws - 1] != ' ')
      ws--;
    if (ws == b || !(dbf__tx_isupper((unsigned char)s[ws]) || (s[ws] >= '0' && s[ws] <= '9')))
      break;
    b = ws;
    if (b == sent.off)
      break;
    b--; /* the space before the word */
    if (b == sent.off || s[b - 1] == ',') {
      b++;
      break;
    }
  }
  while (b < e && s[b] == ' ')
    b++;
  dbf_span name = dbf__rx_cap_run(x, b, e);
  /* "Apparently Brisel won": an everyday adverb that opens the sentence
     says how it went, not who; the words after it are the name. */
  size_t w1 = 0;
  while (w1 < name.len && x->s[name.off + w1] != ' ')
    w1++;
  if (w1 > 3 && w1 + 1 < name.len && dbf__tx_ieqn(x->s + name.off + w1 - 2, "ly", 2) &&
      dbf__rx_common_word(x, x->s, name.off, w1)) {
    name.off += w1 + 1;
    name.len -= w1 + 1;
  }
  if (name.len == 0 || dbf__rx_is_starter(x, name))
    return (dbf_span){0, 0};
  return with_digit_lead(x, name, sent.off);
}

/* Does held name the product name does: the same name, or the name with
   the kind of thing said after it in lower case ("Tidewell gauges")? */
static bool names_same_product(const char *held, const char *name) {
  size_t n = name ? strlen(name) : 0;
  if (!held || n == 0)
    return false;
  return dbf__rx_str_ieq(held, name) ||
         (strlen(held) > n + 1 && dbf__tx_ieqn(held, name, n) && held[n] == ' ' &&
          dbf__tx_islower((unsigned char)held[n + 1]));
}

/*
 * Our own products are never competitors: names that a field named in
 * "exclude_fields" holds (in the record or this answer) or that its
 * lexicons know are dropped.
 */
static void drop_excluded(dbf__rx *x, const dbf_template_field *f, json_t *arr) {
  const json_t *ex = dbf__rx_param_list(f, "exclude_fields");
  size_t k;
  const json_t *key;
  json_array_foreach(ex, k, key) {
    const dbf_template_field *g = dbf_template_field_find(x->ctx->tpl, json_string_value(key));
    if (!g)
      continue;
    const dbf__lexicon *gl[DBF__RX_MAX_LEXICONS];
    size_t ng = field_lexicons(x, g, gl);
    const json_t *held[2] = {json_object_get(json_object_get(x->updates, g->key), "value"),
                             json_is_object(x->ctx->record)
                                 ? json_object_get(json_object_get(x->ctx->record, g->key), "value")
                                 : NULL};
    for (size_t i = json_array_size(arr); i-- > 0;) {
      const char *name = json_string_value(json_array_get(arr, i));
      bool ours = false;
      for (size_t h = 0; h < 2 && !ours; h++) {
        size_t j;
        const json_t *v;
        json_array_foreach(held[h], j, v) {
          if (json_is_string(v) && names_same_product(json_string_value(v), name))
            ours = true;
        }
      }
      for (size_t j = 0; j < ng && !ours && name; j++) {
        dbf__lex_match m;
        ours = dbf__lex_match_at(gl[j], name, strlen(name), 0, &m) && m.len == strlen(name);
      }
      if (ours)
        json_array_remove(arr, i);
    }
  }
}

void dbf__named_list_one_per_name(json_t *arr) {
  for (size_t i = json_array_size(arr); i-- > 0;) {
    const char *a = json_string_value(json_array_get(arr, i));
    bool inside = false;
    /* "C" in "Embedded C", "CAN" in "CAN FD": a short name is its own. */
    for (size_t j = 0; j < json_array_size(arr) && !inside && a && strlen(a) > 3; j++) {
      const char *b = json_string_value(json_array_get(arr, j));
      inside = j != i && b && strlen(b) > strlen(a) &&
               dbf__tx_find_word(b, strlen(b), 0, a) != (size_t)-1;
    }
    if (inside)
      json_array_remove(arr, i);
  }
}

/* (rules.h) A lexicon hit inside a product's name ("Siemens" in "Siemens
   Opcenter") is that longer item, not a second one. */
void dbf__named_list_one_per_vendor(json_t *arr) {
  for (size_t i = 0; i < json_array_size(arr); i++) {
    const char *a = json_string_value(json_array_get(arr, i));
    const char *ap = a ? strstr(a, "'s") : NULL;
    /* "the pump maker's own portal": a maker's kind (lower case) owning
       a product is no name to cut it to. */
    const char *ow = ap;
    while (ow && ow > a && ow[-1] != ' ')
      ow--;
    if (ap && ap > a && (ap[2] == '\0' || ap[2] == ' ') &&
        !(dbf__tx_ieqn(ap + 2, " own ", 5) && dbf__tx_islower((unsigned char)*ow))) {
      json_t *cut = json_stringn(a, (size_t)(ap - a));
      if (cut)
        json_array_set_new(arr, i, cut);
    }
  }
  for (size_t i = json_array_size(arr); i-- > 0;) {
    const char *a = json_string_value(json_array_get(arr, i));
    size_t la = a ? strlen(a) : 0;
    bool longer = false;
    for (size_t j = 0; j < json_array_size(arr) && !longer && la; j++) {
      const char *b = json_string_value(json_array_get(arr, j));
      if (j == i || !b)
        continue;
      /* "Kobo" for "KoboToolbox": the first part of a joined name. */
      longer = strlen(b) > la
                   ? (b[la] == ' ' || (la >= 3 && dbf__tx_isupper((unsigned char)b[la]) &&
                                       dbf__tx_islower((unsigned char)b[la - 1]))) &&
                         dbf__tx_ieqn(a, b, la)
                   : strlen(b) == la && j < i && dbf__tx_ieqn(a, b, la);
    }
    /* "Solutions" said of what "o9 Solutions" names (with_digit_lead). */
    for (size_t j = 0; j < json_array_size(arr) && !longer && la; j++) {
      const char *b = json_string_value(json_array_get(arr, j));
      size_t lb = b ? strlen(b) : 0;
      const char *sp = b ? strchr(b, ' ') : NULL;
      longer = j != i && sp && lb > la + 1 && (size_t)(sp - b) + 1 + la == lb &&
               strpbrk(b, "0123456789") && strpbrk(b, "0123456789") < sp &&
               dbf__tx_ieqn(sp + 1, a, la);
    }
    /* "in-house build" said of what "in-house model" already names. */
    for (size_t j = 0; j < json_array_size(arr) && !longer && a && strcmp(a, "in-house build") == 0;
         j++) {
      const char *b = json_string_value(json_array_get(arr, j));
      longer = j != i && b && strncmp(b, "in-house ", 9) == 0;
    }
    /* "regional dev shop" said of what "in-house app built with a
       regional dev shop" already keeps as its partner. */
    for (size_t j = 0; j < json_array_size(arr) && !longer && la; j++) {
      const char *b = json_string_value(json_array_get(arr, j));
      size_t lb = b ? strlen(b) : 0;
      longer = j != i && lb > la + 1 && strncmp(b, "in-house ", 9) == 0 &&
               (strstr(b, " with ") || strstr(b, " on ")) && b[lb - la - 1] == ' ' &&
               dbf__tx_ieqn(b + lb - la, a, la);
    }
    if (longer)
      json_array_remove(arr, i);
  }
}

/* Nationalities, typed in lower case or not: where a rival or a firm
   comes from ("a German outfit", "chinese brands"). */
static const char *const k_nations[] = {
    "german",   "french",   "dutch",    "czech",    "swiss",     "greek",      "thai",
    "chinese",  "japanese", "korean",   "indian",   "american",  "british",    "italian",
    "spanish",  "turkish",  "polish",   "swedish",  "danish",    "finnish",    "norwegian",
    "russian",  "israeli",  "canadian", "mexican",  "brazilian", "taiwanese",  "vietnamese",
    "austrian", "belgian",  "irish",    "european", "asian",     "australian", NULL};

static bool origin_word(const char *s, size_t n);

/* A capitalized word that describes rather than names: a nationality
   before a noun ("Italian plants", "a Danish outfit", "Chinese New Year"),
   a compound such as "US-focused", an honorific ("Dr."), or a participle
   opening a sentence ("Closed won"). */
static bool descriptive(const dbf__rx *x, dbf_span name) {
  size_t w1 = 0;
  while (w1 < name.len && x->s[name.off + w1] != ' ')
    w1++;
  const char *s = x->s + name.off;
  /* Endings of nationalities ("Keltech Solutions" and "Hoffman Tools"
     are firms); a nationality of k_nations ("Dutch", "German") says where
     from whatever its ending. */
  static const char *const nation[] = {"ian", "ish", "ese", "ean", "can", NULL};
  size_t ne = name.off + name.len;
  dbf_span nx[1];
  bool noun_after = ne + 1 < x->n && x->s[ne] == ' ' &&
                    dbf__tx_islower((unsigned char)x->s[ne + 1]) &&
                    dbf__tx_words(x->s + ne, x->n - ne, nx, 1) == 1 &&
                    !dbf__tx_function_word(x->s + ne + nx[0].off, nx[0].len);
  /* "BeltScan", "MediScan": a capital inside the word makes it a brand. */
  bool camel = false;
  for (size_t i = 1; i < w1 && !camel; i++)
    camel = dbf__tx_isupper((unsigned char)s[i]);
  /* An ending alone tells only before a noun in lower case; before a
     second capitalized word it may open a firm's name ("Caspian Freight",
     "Meridian Health"), unless the word is a nation's or a language's. */
  const dbf__lexicon *langs = dbf__lex_get(x->ctx->lex, "languages");
  dbf__lex_match lm;
  bool known = origin_word(s, w1) ||
               (langs && dbf__lex_match_at(langs, x->s, x->n, name.off, &lm) && lm.len == w1);
  for (size_t k = 0; nation[k] && w1 > 4 && !camel; k++) {
    size_t l = strlen(nation[k]);
    if (dbf__tx_ieqn(s + w1 - l, nation[k], l) && (w1 < name.len ? known : noun_after))
      return true;
  }
  if (dbf__tx_word_in(s, w1, k_nations) && (w1 < name.len || noun_after))
    return true;
  const char *dash = memchr(s, '-', w1);
  if (dash && dash + 1 < s + w1 && dbf__tx_islower((unsigned char)dash[1]))
    return true; /* "US-focused", "Berlin-based" */
  if (w1 <= 4 && ne < x->n && x->s[ne] == '.' && w1 == name.len)
    return true; /* "Dr.", "Mr." */
  bool lead = dbf__rx_opens_sentence(x, name.off, ".!?:;\n-*");
  return lead && w1 == name.len && w1 > 3 && dbf__tx_ieqn(s + w1 - 2, "ed", 2);
}

static bool not_a_vendor(const dbf__rx *x, dbf_span name);

/* "their IT people", "their SIS vendor", "the CRM side", "a Warsaw
   firm", "through the Toyota program": a name that only says what kind
   of people, firm, data or scheme it is names no vendor and no product. */
static bool kind_modifier(const dbf__rx *x, dbf_span name) {
  static const char *const kinds[] = {
      " people",  " team",      " teams",  " vendor",     " vendors", " firm",
      " firms",   " company",   " side",   " department", " folks",   " staff",
      " data",    " office",    " guys",   " crew",       " people",  " consultancy",
      " program", " programme", " dealer", " dealers",    NULL};
  for (size_t k = 0; kinds[k]; k++) {
    size_t l = strlen(kinds[k]), e = name.off + name.len;
    if (e + l <= x->n && dbf__tx_ieqn(x->s + e, kinds[k], l) &&
        dbf__tx_is_word_at(x->s, x->n, e + 1, l - 1))
      return true;
  }
  return false;
}

/* "for AML alerts", "for FSC certification", "an open-source LIMS,": an
   acronym no vendor lexicon knows that qualifies a noun, or follows an
   article and a lower-case word, is a kind of thing, not a vendor. */
static bool acronym_as_term(const dbf__rx *x, dbf_span name) {
  if (name.len < 2 || name.len > 5)
    return false;
  for (size_t i = name.off; i < name.off + name.len; i++)
    if (!dbf__tx_isupper((unsigned char)x->s[i]) && !(x->s[i] >= '0' && x->s[i] <= '9'))
      return false;
  const dbf__lexicon *vendors = dbf__lex_get(x->ctx->lex, "competitors");
  dbf__lex_match m;
  if (vendors && dbf__lex_match_at(vendors, x->s, x->n, name.off, &m) && m.len == name.len)
    return false;
  size_t e = name.off + name.len, w = e + 1, we = w;
  while (we < x->n && dbf__tx_isalnum((unsigned char)x->s[we]))
    we++;
  bool noun_after = e < x->n && x->s[e] == ' ' && w < x->n &&
                    dbf__tx_islower((unsigned char)x->s[w]) &&
                    !dbf__tx_function_word(x->s + w, we - w) && (we >= x->n || x->s[we] != '\'');
  /* "GE pitched them", "NEC quoted": a word after the acronym that says
     what a rival did is a verb, and the acronym its maker, unless it is a
     department or a role ("HR quoted the cost", "the CFO proposed"), or
     a thing owned ("whoever runs their CRM offered"). */
  static const char *const owned[] = {"the", "their", "its",  "our",  "your", "his",
                                      "her", "my",    "this", "that", NULL};
  dbf_span pw = dbf__tx_word_before(x->s, name.off);
  bool thing = pw.len > 0 && dbf__tx_word_in(x->s + pw.off, pw.len, owned);
  const dbf__lexicon *did = dbf__lex_get(x->ctx->lex, "competitor_cues_after");
  const dbf__lexicon *dept = dbf__lex_get(x->ctx->lex, "departments");
  if (noun_after && !thing && did && dbf__lex_match_at(did, x->s, x->n, w, &m) &&
      !(dept && dbf__lex_match_at(dept, x->s, x->n, name.off, &m) && m.len == name.len) &&
      !dbf__people_is_role(&x->people, x->s + name.off, name.len))
    noun_after = false;
  /* "an open-source LIMS", "a cheaper CRM": article, lower-case word, acronym. */
  size_t b = name.off, ab = b;
  if (b >= 2 && x->s[b - 1] == ' ') {
    size_t pe = b - 1, pb = pe;
    while (pb > 0 && (dbf__tx_isalnum((unsigned char)x->s[pb - 1]) || x->s[pb - 1] == '-'))
      pb--;
    if (pb < pe && dbf__tx_islower((unsigned char)x->s[pb]) && pb >= 2 && x->s[pb - 1] == ' ')
      ab = pb - 1;
  }
  static const char *const arts[] = {" a", " an", " another", NULL};
  bool qualified = false;
  for (size_t k = 0; arts[k] && ab < b; k++) {
    size_t l = strlen(arts[k]);
    qualified = qualified || (ab >= l && dbf__tx_ieqn(x->s + ab - l, arts[k], l));
  }
  return noun_after || qualified;
}

/* Is "our " or "my " right before off: "our Fleet Tracker demo"? */
static bool ours_before(const dbf__rx *x, size_t off) {
  size_t w = off;
  while (w > 0 && x->s[w - 1] == ' ')
    w--;
  size_t b = w;
  while (b > 0 && dbf__tx_isalnum((unsigned char)x->s[b - 1]))
    b--;
  return w < off && ((w - b == 3 && dbf__tx_ieqn(x->s + b, "our", 3)) ||
                     (w - b == 2 && dbf__tx_ieqn(x->s + b, "my", 2)));
}

/* Does the answer call name ours anywhere: "moving them to our Premium
   tier ... an upsell to Premium"? */
static bool called_ours(const dbf__rx *x, dbf_span name) {
  for (size_t p = 0; p + name.len <= x->n; p++)
    if (p != name.off && dbf__tx_ieqn(x->s + p, x->s + name.off, name.len) &&
        dbf__tx_is_word_at(x->s, x->n, p, name.len) && ours_before(x, p))
      return true;
  return false;
}

/* Adds a vendor's name unless it is ours: "our Fleet Tracker demo". */
/* "Norvik pitched them its own portal" with someone of Norvik Partners
   in the meeting: a firm whose people sat in is no rival. */
static bool attendee_firm(const dbf__rx *x, dbf_span name) {
  for (size_t k = 0; k < x->people.n_known; k++) {
    const char *c = x->people.known[k].company;
    size_t cl = strlen(c);
    if (cl >= name.len && dbf__tx_ieqn(c, x->s + name.off, name.len) &&
        (cl == name.len || c[name.len] == ' '))
      return true;
  }
  return false;
}

/* "an Osaka startup", "some Leeds mob", "a small Porto crowd called X":
   one word between an article or a word of size and a kind of young or
   loose firm says where that firm is ("the Vexo crowd" still names one). */
static bool place_before_kind(const dbf__rx *x, dbf_span name) {
  static const char *const kinds[] = {"startup", "startups", "mob",  "crowd",
                                      "outfit",  "outfits",  "shop", NULL};
  static const char *const leads[] = {"a",   "an",  "some",    "small",  "tiny", "little",  "young",
                                      "new", "one", "smaller", "bigger", "big",  "another", NULL};
  if (memchr(x->s + name.off, ' ', name.len))
    return false;
  size_t ne = name.off + name.len;
  dbf_span nx[1];
  if (ne >= x->n || x->s[ne] != ' ' || dbf__tx_words(x->s + ne, x->n - ne, nx, 1) != 1 ||
      !dbf__tx_word_in(x->s + ne + nx[0].off, nx[0].len, kinds))
    return false;
  dbf_span prev = dbf__tx_word_before(x->s, name.off);
  return prev.len > 0 && dbf__tx_word_in(x->s + prev.off, prev.len, leads);
}

/* "Rovantis from Lisbon", "an integrator from Graz", "Vexo out of
   Leeds", "they're out of Porto": a name after "from" or "out of" that
   follows a firm's name, a maker's kind or "they're" says where that firm
   is, not who else bids ("a quote from Acme" still names one). */
static bool place_of_firm(const dbf__rx *x, dbf_span name) {
  static const char *const makers[] = {
      "supplier",     "suppliers",     "vendor", "vendors",  "integrator",  "integrators",
      "manufacturer", "manufacturers", "maker",  "makers",   "firm",        "firms",
      "company",      "outfit",        "brand",  "dealer",   "dealers",     "startup",
      "distributor",  "contractor",    "co",     "provider", "consultancy", "agency",
      "shop",         "crowd",         "mob",    NULL};
  static const char *const they[] = {"they're", "theyre", "they", "based", "are", "were", NULL};
  size_t at;
  if (name.off >= 6 && dbf__tx_ieqn(x->s + name.off - 6, " from ", 6))
    at = name.off - 5;
  else if (name.off >= 8 && dbf__tx_ieqn(x->s + name.off - 8, " out of ", 8))
    at = name.off - 7;
  else
    return false;
  dbf_span prev = dbf__tx_word_before(x->s, at);
  if (prev.len == 0)
    return false;
  /* "they're": the word before an apostrophe is part of it. */
  dbf_span head = prev.off > 1 && x->s[prev.off - 1] == '\''
                      ? dbf__tx_word_before(x->s, prev.off - 1)
                      : (dbf_span){0, 0};
  if (head.len > 0 && head.off + head.len == prev.off - 1)
    prev = (dbf_span){head.off, prev.off + prev.len - head.off};
  if (dbf__tx_word_in(x->s + prev.off, prev.len, makers) ||
      dbf__tx_word_in(x->s + prev.off, prev.len, they))
    return true;
  /* "Tomas from Acme": after a person comes the firm. */
  return (dbf__tx_isupper((unsigned char)x->s[prev.off]) ||
          inner_capital(x->s + prev.off, prev.len)) &&
         !dbf__tx_function_word(x->s + prev.off, prev.len) &&
         !dbf__rx_is_person_or_account(x, prev) && !(x->s[prev.off] == 'I' && prev.len == 1);
}

/* "in the Tarvik hospital", "at the Leeds depot": a name between "in the"
   or "at the" and a word for a site says which of the customer's sites,
   not who else bids ("they use the Vexo platform" still names one). */
static bool place_of_site(const dbf__rx *x, dbf_span name) {
  static const char *const sites[] = {"hospital",  "clinic",   "plant",  "site",  "depot",
                                      "warehouse", "office",   "branch", "store", "factory",
                                      "mill",      "campus",   "school", "hotel", "mine",
                                      "port",      "terminal", "yard",   NULL};
  static const char *const preps[] = {"in", "at", NULL};
  size_t ne = name.off + name.len;
  dbf_span nx[1];
  if (ne >= x->n || x->s[ne] != ' ' || dbf__tx_words(x->s + ne, x->n - ne, nx, 1) != 1 ||
      nx[0].off != 1 || !dbf__tx_word_in(x->s + ne + 1, nx[0].len, sites))
    return false;
  dbf_span the = dbf__tx_word_before(x->s, name.off);
  if (the.len != 3 || the.off + 4 != name.off || !dbf__tx_ieqn(x->s + the.off, "the", 3))
    return false;
  dbf_span prep = dbf__tx_word_before(x->s, the.off);
  return prep.len > 0 && prep.off + prep.len + 1 == the.off &&
         dbf__tx_word_in(x->s + prep.off, prep.len, preps);
}

/* Nouns that say what kind of rival something is: "a Chinese brand",
   "the German offer", "a local outfit", "their current supplier". */
static const char *const k_rival_kinds[] = {
    "supplier",      "suppliers", "vendor",    "vendors",     "provider",     "providers",
    "brand",         "brands",    "firm",      "firms",       "company",      "companies",
    "outfit",        "outfits",   "offer",     "offers",      "bid",          "bids",
    "quote",         "quotes",    "quotation", "integrator",  "integrators",  "manufacturer",
    "manufacturers", "maker",     "makers",    "builder",     "builders",     "contractor",
    "contractors",   "dealer",    "dealers",   "distributor", "distributors", "reseller",
    "resellers",     "player",    "players",   "competitor",  "competitors",  "rival",
    "rivals",        "startup",   "startups",  "consultancy", "consultant",   "consultants",
    "agency",        "partner",   "kit",       "kits",        "incumbent",    NULL};

/* Kinds of rival that name an offer or a role rather than a firm, which
   a firm's name is never set before as what it is: "a local offer". */
static const char *const k_kinds_no_firm[] = {
    "offer",     "offers", "bid",    "bids",    "quote",      "quotes",
    "quotation", "kit",    "kits",   "partner", "competitor", "competitors",
    "rival",     "rivals", "player", "players", "incumbent",  NULL};

/* Last words of a firm's name that say what kind of firm it is: "Jane
   App", "Tollmark Systems", "Shiftwell Technology"; a lender or a body its
   members own is a firm too ("... Credit Union", "... Sacco"). */
static const char *const k_firm_heads[] = {
    "app",       "apps",         "software",   "systems", "labs",  "health",   "group",
    "solutions", "technologies", "technology", "tech",    "cloud", "services", "logistics",
    "holdings",  "consulting",   "analytics",  "digital", "inc",   "ltd",      "gmbh",
    "corp",      "pay",          "networks",   "bank",    "sacco", "union",    "cooperative",
    "coop",      "society",      "mutual",     NULL};

/* "Brandt & Söhne IT", "Harlow & Finch Engineering": a name whose last
   word says it is a firm or a partnership, right after "&" that follows
   capitalized words, is one firm with them; "Kelvix & Brenva" stay two. */
static dbf_span with_ampersand_partner(const dbf__rx *x, dbf_span name) {
  static const char *const partners[] = {
      "sons",        "söhne", "partners", "associates",  "co",         "bros",      "brothers",
      "engineering", "it",    "media",    "contractors", "architects", "engineers", NULL};
  dbf_span last = dbf__tx_word_before(x->s, name.off + name.len);
  if (name.off < 5 || memcmp(x->s + name.off - 3, " & ", 3) != 0 || last.len == 0 ||
      !(dbf__tx_word_in(x->s + last.off, last.len, partners) ||
        dbf__tx_word_in(x->s + last.off, last.len, k_firm_heads)))
    return name;
  size_t b = name.off - 3;
  for (int w = 0; w < 3; w++) {
    size_t ws = b;
    while (ws > 0 && x->s[ws - 1] != ' ')
      ws--;
    if (ws == b || !dbf__rx_cap_at(x, ws) || dbf__tx_function_word(x->s + ws, b - ws))
      break;
    b = ws;
    if (b < 2 || x->s[b - 1] != ' ')
      break;
    b--;
  }
  while (b < name.off && x->s[b] == ' ')
    b++;
  if (b >= name.off - 3)
    return name;
  return (dbf_span){b, name.off + name.len - b};
}

/* "a tracking firm called Rastreo 360.", "Vantix 24 and Orlo": a number
   right after the name that closes the clause (a mark, the end, or "and",
   "or", "but" next) is part of the name, not a count of anything. */
static dbf_span with_number_tail(const dbf__rx *x, dbf_span name) {
  static const char *const closers[] = {" and ", " or ", " but ", NULL};
  size_t e = name.off + name.len, d = e + 1;
  if (name.len == 0 || e + 1 >= x->n || x->s[e] != ' ')
    return name;
  while (d < x->n && x->s[d] >= '0' && x->s[d] <= '9')
    d++;
  if (d == e + 1 || d - e - 1 > 4)
    return name;
  bool closed = d == x->n || strchr(",.;:!?)", x->s[d]);
  for (size_t k = 0; closers[k] && !closed; k++)
    closed =
        d + strlen(closers[k]) <= x->n && dbf__tx_ieqn(x->s + d, closers[k], strlen(closers[k]));
  if (closed)
    name.len = d - name.off;
  return name;
}

static void add_vendor(dbf__rx *x, json_t *arr, dbf_span name) {
  name = with_number_tail(x, with_ampersand_partner(x, name));
  /* "Logiler I think it was called": the speaker's "I" ends the name. */
  size_t ne = name.off + name.len;
  if (name.len > 2 && x->s[ne - 1] == 'I' && x->s[ne - 2] == ' ' && ne + 1 < x->n &&
      x->s[ne] == ' ' && dbf__tx_islower((unsigned char)x->s[ne + 1]))
    name.len -= 2;
  if (acronym_as_term(x, name) || called_ours(x, name))
    return;
  bool letter = false;
  for (size_t i = name.off; i < name.off + name.len && !letter; i++)
    letter = dbf__tx_isupper((unsigned char)x->s[i]) || dbf__tx_islower((unsigned char)x->s[i]);
  if (!letter || descriptive(x, name) || not_a_vendor(x, name))
    return; /* "3", "Italian plants" */
  /* "Another bid came in": a word that only says there is more. */
  static const char *const more[] = {"another", "other", "several", "few", NULL};
  if (dbf__tx_word_in(x->s + name.off, name.len, more))
    return;
  /* "Incumbent is Corvane", "Competitor was Brevix": a word of a rival's
     kind, capitalized to open a sentence, says what, not who. */
  if (dbf__tx_word_in(x->s + name.off, name.len, k_rival_kinds))
    return;

  if (kind_modifier(x, name) || attendee_firm(x, name) || place_of_firm(x, name) ||
      place_before_kind(x, name) || place_of_site(x, name))
    return;
  if (!ours_before(x, name.off))
    dbf__rx_add_span(x, arr, name);
}

/* Words after a cue that are no vendor's name ("looking at other options"). */
static const char *const k_generic_after_cue[] = {
    "other", "another", "options", "option", "alternatives", "vendors", "vendor", "tools", "tool",
    "solutions", "something", "anything", "stuff", "things", "cheaper", "different", "few",
    "couple", "several", "pricing", "price", "it", "anyone", "anybody", "mentioned",
    /* the status quo in plain words: "they are on paper cards", "pen and
       paper", "whiteboards" */
    "paper", "pen", "whiteboard", "whiteboards", "spreadsheets", "manual",
    /* a pronoun that leaves the firm open: "buy from whoever is cheapest" */
    "whoever", "whichever", "whatever", "whomever", NULL};

static bool generic_listed(const char *s, size_t n) {
  if (n > 2 && s[n - 2] == '\'' && (s[n - 1] == 's' || s[n - 1] == 'S'))
    n -= 2; /* "whoever's cheapest" */
  for (size_t k = 0; k_generic_after_cue[k]; k++)
    if (strlen(k_generic_after_cue[k]) == n && dbf__tx_ieqn(k_generic_after_cue[k], s, n))
      return true;
  return false;
}

/* An adverb in -ly is an everyday word ("really", "apparently"); a made-up
   one is a name ("plannerly", "grantly"). */
static bool generic_word(const dbf__rx *x, const char *s, size_t n) {
  return dbf__tx_function_word(s, n) ||
         (n > 3 && dbf__tx_ieqn(s + n - 2, "ly", 2) && dbf__rx_common_word(x, s, 0, n)) ||
         generic_listed(s, n);
}

/* "travelperk won. tripcase ...": in text typed in lower case, the one
   word that opens a sentence or clause right before a cue that only a
   vendor does ("won", "beat us", "pitched them") is its name. */
/* "the owner won't sign": a cue that ends where a contracted "n't"
   follows ("won" in "won't") is a negation, no cue. s[0..n) holds the
   text and end is where the cue ends. */
static bool cue_contracted(const char *s, size_t n, size_t end) {
  if (end + 1 < n && s[end] == '\'' && (s[end + 1] == 't' || s[end + 1] == 'T'))
    return true;
  return end + 3 < n && memcmp(s + end, "\xE2\x80\x99", 3) == 0 &&
         (s[end + 3] == 't' || s[end + 3] == 'T');
}

/* "o9", "k2", "3m": a word of two or three characters holding both a
   letter and a digit, as a firm's short name may be. */
static bool short_code(const char *s, size_t n) {
  bool letter = false, digit = false;
  for (size_t i = 0; i < n; i++) {
    letter = letter || dbf__tx_islower((unsigned char)s[i]) || dbf__tx_isupper((unsigned char)s[i]);
    digit = digit || (s[i] >= '0' && s[i] <= '9');
  }
  return n >= 2 && n <= 3 && letter && digit;
}

static bool coined_stem(const dbf__rx *x, const char *s, size_t b, size_t n);
static bool name_like(const dbf__rx *x, size_t p, size_t n, bool cap);

static void restore_case_before(dbf__rx *x, const dbf_template_field *f, char *s) {
  const dbf__lexicon *after = dbf__lex_get(x->ctx->lex, dbf__rx_param_str(f, "cues_after", ""));
  static const char *const weak[] = {"came up", "came in",  "mentioned by",
                                     "pitch",   "pitching", NULL};
  dbf__lex_match am[16];
  size_t na = after ? dbf__lex_scan(after, s, x->n, am, 16) : 0;
  for (size_t c = 0; c < na; c++) {
    if (cue_contracted(s, x->n, am[c].off + am[c].len))
      continue;
    bool is_weak = false;
    for (size_t k = 0; weak[k] && !is_weak; k++)
      is_weak = strlen(weak[k]) == am[c].len && dbf__tx_ieqn(s + am[c].off, weak[k], am[c].len);
    size_t e = am[c].off;
    /* "kelvix (won)": the cue may be put in brackets after the name. */
    if (e >= 3 && s[e - 1] == '(' && s[e - 2] == ' ')
      e--;
    if (e < 2 || s[e - 1] != ' ')
      continue;
    e--;
    /* "qualtaro, who won": a comma may set the name apart. */
    if (e >= 2 && s[e - 1] == ',')
      e--;
    size_t b = e;
    while (b > 0 && dbf__tx_isalnum((unsigned char)s[b - 1]))
      b--;
    size_t p = b;
    while (p > 0 && s[p - 1] == ' ')
      p--;
    bool opens = p == 0 || strchr(".!?;,", s[p - 1]);
    /* "and fieldora approached them", "also ramco came in", "scaleaq came
       up once": a word no everyday one opens its clause after "and" or
       "also" too, and before a weak cue as well. */
    bool everyday = b < e && dbf__rx_common_word(x, s, b, e - b);
    static const char *const joins[] = {"and", "also", "but", "then", NULL};
    size_t q = p;
    while (q > 0 && dbf__tx_isalnum((unsigned char)s[q - 1]))
      q--;
    bool joined = q < p && dbf__tx_word_in(s + q, p - q, joins);
    if (!everyday && joined) {
      size_t r = q;
      while (r > 0 && s[r - 1] == ' ')
        r--;
      opens = opens || r == 0 || strchr(".!?;,", s[r - 1]) || dbf__tx_ieqn(s + q, "and", 3);
    }
    /* "priya said kelvane quoted lower": a word no everyday one right
       after a verb of saying opens what was said. */
    static const char *const say[] = {"said",   "says",    "mentioned", "reckons",
                                      "thinks", "thought", "told",      NULL};
    if (!everyday && q < p && dbf__tx_word_in(s + q, p - q, say))
      opens = true;
    /* "tarvic won brenmoor also bid", said without a comma: a word no
       everyday one right after a clause that a cue only a vendor does
       closes opens the next clause. */
    for (size_t d = 0; d < c && !everyday && !is_weak && !opens; d++)
      opens = am[d].off + am[d].len == p && p + 1 == b;
    if (is_weak && everyday)
      continue;
    /* A name typed with a capital inside keeps its spelling ("iControl"). */
    bool mixed = false;
    for (size_t k = b; k < e && !mixed; k++)
      mixed = dbf__tx_isupper((unsigned char)s[k]);
    if (b < e && opens && !mixed && dbf__tx_islower((unsigned char)s[b]) &&
        !generic_word(x, s + b, e - b) && !dbf__tx_function_word(s + b, e - b) && e - b > 2)
      s[b] = (char)(s[b] - 'a' + 'A');
    /* "velmar freight quoted lower", "dranko nord won": a name of two words
       that opens its sentence, the first no everyday word, before a cue
       that only a vendor does. */
    dbf_span w1 = dbf__tx_word_before(s, b);
    bool firm_head = b < e && dbf__tx_word_in(s + b, e - b, k_firm_heads);
    /* "a startup from lagos kerrow analytics pitched them", the commas
       that set the name apart lost, "k9 solutions won": a pair whose
       second word says a firm's kind, led by a coined word or a short
       code (no verb's form: "marketing"), needs no opening, and may end in
       a kind ("solutions") that alone names no one. */
    bool coined_pair =
        firm_head && w1.off + w1.len + 1 == b &&
        ((coined_stem(x, s, w1.off, w1.len) && name_like(x, w1.off, w1.len, false)) ||
         short_code(s + w1.off, w1.len));
    bool pair_opens =
        coined_pair ||
        (w1.len > 2 && w1.off + w1.len + 1 == b &&
         (w1.off == 0 || (w1.off >= 2 && s[w1.off - 1] == ' ' && strchr(".!?;", s[w1.off - 2]))));
    if (!opens && !is_weak && !mixed && b < e && pair_opens &&
        dbf__tx_islower((unsigned char)s[w1.off]) && dbf__tx_islower((unsigned char)s[b]) &&
        ((!dbf__rx_common_word(x, s, w1.off, w1.len) && !generic_word(x, s + w1.off, w1.len)) ||
         (firm_head && !dbf__tx_function_word(s + w1.off, w1.len))) && /* "anchor systems won" */
        !dbf__tx_function_word(s + b, e - b) &&
        (coined_pair || !generic_listed(s + b, e - b))) {
      s[w1.off] = (char)(s[w1.off] - 'a' + 'A');
      s[b] = (char)(s[b] - 'a' + 'A');
    }
    /* "brevix and tollmark both quoted them": the word before "and" that
       opens the clause, no everyday word, is a name too. */
    if (b < e && !everyday && joined && p - q == 3 && dbf__tx_ieqn(s + q, "and", 3)) {
      dbf_span xw = dbf__tx_word_before(s, q);
      dbf_span lead = dbf__tx_word_before(s, xw.off);
      bool x_opens = lead.len == 0 || strchr(".!?;,", s[lead.off + lead.len]);
      if (xw.len > 2 && x_opens && dbf__tx_islower((unsigned char)s[xw.off]) &&
          !dbf__rx_common_word(x, s, xw.off, xw.len) && !generic_word(x, s + xw.off, xw.len))
        s[xw.off] = (char)(s[xw.off] - 'a' + 'A');
    }
  }
}

/* "a small firm, dorran wash co or something like that": the words a person is
   unsure how to spell out, set apart before a hedge on the name, are a
   name typed in lower case when the first is no everyday word. */
static void restore_case_hedged(dbf__rx *x, char *s) {
  static const char *const hedges[] = {" or something like that",
                                       " or smth like that",
                                       " or sth like that",
                                       " or something like it",
                                       " or whatever it's called",
                                       " or whatever its called",
                                       NULL};
  for (size_t k = 0; hedges[k]; k++) {
    size_t l = strlen(hedges[k]);
    for (size_t at = 0; at + l <= x->n; at++) {
      if (!dbf__tx_ieqn(s + at, hedges[k], l))
        continue;
      dbf_span w[3];
      size_t nw = 0, b = at + 1;
      while (nw < 3) {
        dbf_span wb = dbf__tx_word_before(s, b);
        if (wb.len == 0 || wb.off + wb.len + 1 != b)
          break;
        w[nw++] = wb;
        b = wb.off;
        if (b == 0 || s[b - 1] != ' ' || (b >= 2 && strchr(",.;:!?", s[b - 2])))
          break;
      }
      bool set_apart = nw > 0 && (b == 0 || (b >= 2 && strchr(",.;:!?", s[b - 2])));
      if (!set_apart || !dbf__tx_islower((unsigned char)s[w[nw - 1].off]) ||
          dbf__rx_common_word(x, s, w[nw - 1].off, w[nw - 1].len) ||
          generic_word(x, s + w[nw - 1].off, w[nw - 1].len))
        continue;
      for (size_t j = 0; j < nw; j++)
        if (dbf__tx_islower((unsigned char)s[w[j].off]) &&
            !dbf__tx_function_word(s + w[j].off, w[j].len))
          s[w[j].off] = (char)(s[w[j].off] - 'a' + 'A');
    }
  }
}

/* "like I said", "as we mentioned", "as mentioned": at s[p], a remark
   that points back to what was said before, and so ends what came. */
static bool said_before_at(const char *s, size_t n, size_t p) {
  static const char *const leads[] = {"like", "as", NULL};
  static const char *const who[] = {"i", "we", "i've", "we've", NULL};
  static const char *const said[] = {"said",  "say",   "mentioned", "told",
                                     "wrote", "noted", "put",       NULL};
  dbf_span w[3];
  size_t nw = dbf__tx_words(s + p, n - p, w, 3);
  if (nw < 2 || w[0].off != 0 || !dbf__tx_word_in(s + p, w[0].len, leads))
    return false;
  if (w[1].off == w[0].len + 1 && dbf__tx_word_in(s + p + w[1].off, w[1].len, said))
    return w[0].len == 2; /* "as mentioned", not "like mentioned" */
  return nw == 3 && w[1].off == w[0].len + 1 && w[2].off == w[1].off + w[1].len + 1 &&
         dbf__tx_word_in(s + p + w[1].off, w[1].len, who) &&
         dbf__tx_word_in(s + p + w[2].off, w[2].len, said);
}

/* "Jotun for sure, ...", "Dockwa (winner).", "Libranet thru the
   consortium", "Kennards too": does what follows a name at e close it, a
   mark, a dash, the end, or a word that rates or places the name rather
   than goes on with it? */
static bool name_closed_at(const char *s, size_t n, size_t e) {
  static const char *const closers[] = {"for", "obviously", "definitely", "too", "is", "was",
                                        "thru", "through", "via", "mainly", "mostly", "probably",
                                        "again", "surely",
                                        /* where it is from: "ostrava out of brno" */
                                        "from", "out",
                                        /* what it holds or did for them ("Corvane has had the
                                           contract", "Brakstone ran the overhaul") and who it is
                                           ("Kelvix that's who won") */
                                        "has", "had", "holds", "held", "runs", "ran", "does", "did",
                                        "handles", "handled", "supplies", "supplied", "that", "who",
                                        /* the firm said again as "they": "brandvik they won it" */
                                        "they", "theyre", "theyve", "theyd", "theyll", NULL};
  if (e >= n || strchr(",.;:!?(", s[e]))
    return true;
  if (s[e] != ' ')
    return false;
  size_t p = e + 1;
  if (p < n && (s[p] == '-' || s[p] == '(' || s[p] == '+' || (unsigned char)s[p] == 0xE2))
    return true; /* " - ", " (", " + " that lists the next one, an em dash */
  size_t q = p;
  while (q < n && dbf__tx_isalnum((unsigned char)s[q]))
    q++;
  /* "agrovale and they also looked at ...", "tollen and their own
     team": "and" that goes on about the customer ends the name too. */
  if (q - p == 3 && dbf__tx_ieqn(s + p, "and", 3) && q + 1 < n && s[q] == ' ') {
    size_t t = q + 1;
    while (t < n && dbf__tx_isalnum((unsigned char)s[t]))
      t++;
    return dbf__tx_word_in(
        s + q + 1, t - q - 1,
        (const char *const[]){"they", "their", "theyre", "theyd", "theyve", "theyll", NULL});
  }
  return q > p && (dbf__tx_word_in(s + p, q - p, closers) || said_before_at(s, n, p));
}

/* The start of a sentence's first word, past a list's bullet ("- "). */
static size_t opener_at(const char *s, size_t off, size_t end) {
  while (off < end && (s[off] == ' ' || s[off] == '-' || s[off] == '*'))
    off++;
  return off;
}

/* "stockly", "rotafly", "donorly": a word in -ly typed in lower case
   that no everyday word is and that has no ending of an adverb made from
   an adjective ("-ally", "-ously", "-ively", ...) is a made-up name, as
   firms like to coin; name_like leaves every -ly word out, so only a
   place that leads into a name may take it. */
static bool made_up_ly(const dbf__rx *x, size_t p, size_t n) {
  static const char *const adverbs[] = {"ally", "ily",   "ously",  "fully", "ively",
                                        "ably", "ibly",  "ently",  "antly", "ately",
                                        "edly", "ingly", "lessly", "ughly", NULL};
  const char *w = x->s + p;
  if (n < 6 || !dbf__tx_ieqn(w + n - 2, "ly", 2) || !dbf__tx_islower((unsigned char)*w) ||
      dbf__rx_common_word(x, x->s, p, n) || generic_word(x, w, n) ||
      (p + n < x->n && x->s[p + n] == '\''))
    return false;
  for (size_t k = 0; adverbs[k]; k++) {
    size_t l = strlen(adverbs[k]);
    if (n > l && dbf__tx_ieqn(w + n - l, adverbs[k], l))
      return false;
  }
  for (size_t i = 0; i < n; i++)
    if (!dbf__tx_islower((unsigned char)w[i]))
      return false; /* "pre-ly", "x2ly" */
  return true;
}

/* "brevik and olmsted.", "tarvo or quennet are both": the name at e is
   joined by "and"/"or" to a word no everyday one, a second name. */
static bool joined_to_name(const dbf__rx *x, const char *s, size_t e) {
  static const char *const joins[] = {"and", "or", "&", NULL};
  dbf_span w[2];
  if (e >= x->n || s[e] != ' ' || dbf__tx_words(s + e, x->n - e, w, 2) < 2 || w[0].off != 1 ||
      w[1].off != w[0].off + w[0].len + 1 || !dbf__tx_word_in(s + e + 1, w[0].len, joins))
    return false;
  return dbf__tx_islower((unsigned char)s[e + w[1].off]) &&
         name_like(x, e + w[1].off, w[1].len, false);
}

/* "thornvale for sure, ...", "quayline (won it).", "brightmoor labs
   too": typed in lower case, the one or two words that open a sentence of
   the answer to the rivals question and are closed at once
   (name_closed_at), the first no everyday word, are a rival's name. */
/* "gravena's service crew does their upkeep": typed in lower case, a
   word with "'s" that opens a sentence, no everyday word, function word
   or given name, is a firm's name when a verb of doing or holding for the
   customer ("does", "has", "runs") follows within three words. */
static bool possessive_opener(const dbf__rx *x, const char *s, size_t b, size_t n, size_t end) {
  static const char *const holds[] = {"has",        "had",      "holds",    "held",     "runs",
                                      "ran",        "does",     "did",      "handles",  "handled",
                                      "supplies",   "supplied", "services", "serviced", "maintains",
                                      "maintained", NULL};
  if (n < 6 || s[b + n - 2] != '\'' || s[b + n - 1] != 's' || memchr(s + b, '\'', n - 2))
    return false;
  size_t st = n - 2;
  const dbf__lexicon *fn = dbf__lex_get(x->ctx->lex, "first_names");
  dbf__lex_match m;
  if (dbf__tx_function_word(s + b, st) || dbf__rx_common_word(x, s, b, st) ||
      generic_word(x, s + b, st) || (fn && dbf__lex_match_at(fn, s, b + st, b, &m) && m.len == st))
    return false;
  dbf_span w[5];
  size_t nw = dbf__tx_words(s + b + n, end - (b + n), w, 5);
  for (size_t k = 1; k < nw && k <= 3; k++)
    if (dbf__tx_word_in(s + b + n + w[k].off, w[k].len, holds))
      return true;
  return false;
}

static void restore_case_opening(dbf__rx *x, char *s) {
  for (size_t si = 0; si < x->n_sent; si++) {
    dbf_span sent = x->sent[si];
    size_t end = sent.off + sent.len;
    dbf_span w[3];
    size_t b = opener_at(s, sent.off, end);
    size_t nw = dbf__tx_words(s + b, end - b, w, 3);
    if (nw > 0 && w[0].off == 0 && dbf__tx_islower((unsigned char)s[b]) &&
        possessive_opener(x, s, b, w[0].len, end)) {
      s[b] = (char)(s[b] - 'a' + 'A');
      continue;
    }
    /* "they've", "we'd": a pronoun's contraction opens a clause, no name. */
    if (nw == 0 || w[0].off != 0 || !dbf__tx_islower((unsigned char)s[b]) ||
        memchr(s + b, '\'', w[0].len))
      continue;
    size_t e0 = b + w[0].len;
    /* "rotafly." "plannerly (won it)": a made-up word in -ly that is all
       its sentence says, not an adverb leading into a clause. */
    if (!name_like(x, b, w[0].len, false)) {
      if (made_up_ly(x, b, w[0].len) && (e0 >= x->n || strchr(".!?(", s[e0])))
        s[b] = (char)(s[b] - 'a' + 'A');
      continue;
    }
    /* "procurement and they ...": a department is who, not a rival. */
    const dbf__lexicon *dept = dbf__lex_get(x->ctx->lex, "departments");
    dbf__lex_match dm;
    if (dept && dbf__lex_match_at(dept, s, e0, b, &dm) && dm.len == w[0].len)
      continue;
    size_t b1 = b + (nw > 1 ? w[1].off : 0), e1 = b1 + (nw > 1 ? w[1].len : 0);
    /* "grafana cloud as ...": a second word that is no function word,
       right after the first, when the two are closed together. */
    bool pair =
        nw > 1 && b1 == e0 + 1 && !name_closed_at(s, x->n, e0) && name_closed_at(s, x->n, e1) &&
        dbf__tx_islower((unsigned char)s[b1]) && !dbf__tx_function_word(s + b1, w[1].len) &&
        !generic_word(x, s + b1, w[1].len) &&
        !(w[1].len > 3 && dbf__tx_ieqn(s + b1 + w[1].len - 2, "ed", 2)); /* "x dropped out" */
    if (!pair && !name_closed_at(s, x->n, e0) && !joined_to_name(x, s, e0))
      continue;
    s[b] = (char)(s[b] - 'a' + 'A');
    if (pair)
      s[b1] = (char)(s[b1] - 'a' + 'A');
  }
}

/* "mentioned calabrio too", "on tillsmith now", "comparing us w/ arco":
   typed in lower case, in the answer to the rivals question, a word right
   after one that leads into a name (a preposition, "and", a verb of
   naming or trying), no everyday word and no verb's form, is a name, as
   a capital would say in text typed with care. */
/* "realistically swisslog and omnicell", "probably tarvik and quennet":
   when the name w[k] was read after "and"/"or", the word right before
   that joiner, no everyday word, is a name listed with it in one breath,
   whatever leads into it. */
static void and_before(const dbf__rx *x, char *s, const dbf_span *w, size_t k) {
  static const char *const joins[] = {"and", "or", NULL};
  if (k < 2 || !dbf__tx_word_in(s + w[k - 1].off, w[k - 1].len, joins))
    return;
  const dbf_span *a = &w[k - 2];
  if (w[k - 1].off != a->off + a->len + 1 || w[k].off != w[k - 1].off + w[k - 1].len + 1)
    return; /* a mark between */
  /* "reached out to him on ... and": after one spoken to, "on" says how. */
  if (k >= 4 &&
      dbf__tx_word_in(s + w[k - 3].off, w[k - 3].len, (const char *const[]){"on", "about", NULL}) &&
      dbf__tx_word_in(s + w[k - 4].off, w[k - 4].len,
                      (const char *const[]){"them", "us", "him", "her", "me", NULL}))
    return;
  if (dbf__tx_islower((unsigned char)s[a->off]) && name_like(x, a->off, a->len, false))
    s[a->off] = (char)(s[a->off] - 'a' + 'A');
}

/* "tested meters from korvald", "bought inverters from brenlo": a
   plural of a noun of what does a thing (in "-ers" or "-ors"), said right
   before "from" and a word in lower case, is the kind of device the maker
   after it sells, not the rival's name. */
static bool device_kind_before_maker(const char *s, const dbf_span *w, size_t nw, size_t k) {
  const char *wk = s + w[k].off;
  size_t n = w[k].len;
  if (n < 6 || !(dbf__tx_ieqn(wk + n - 3, "ers", 3) || dbf__tx_ieqn(wk + n - 3, "ors", 3)))
    return false;
  return k + 2 < nw && w[k + 1].off == w[k].off + n + 1 &&
         w[k + 2].off == w[k + 1].off + w[k + 1].len + 1 && w[k + 1].len == 4 &&
         dbf__tx_ieqn(s + w[k + 1].off, "from", 4) &&
         dbf__tx_islower((unsigned char)s[w[k + 2].off]) &&
         !dbf__tx_function_word(s + w[k + 2].off, w[k + 2].len);
}

static void restore_case_introduced(dbf__rx *x, char *s) {
  static const char *const leads[] = {
      "from", "with", "w/", "w", "to", "mentioned", "recommended", "tried", "tested", "and", "also",
      "at", "on", "than", "vs", "named", "called", "about",
      /* a verb of using: "the sister plant uses marvello" */
      "uses", "use", "used",
      /* a verb of having or dropping a rival: "they had
         quorvex as the other finalist", "dropped tallin" */
      "had", "dropped", "keeping", "got",
      /* ... of seeing or preferring one: "she likes
         orvell", "they saw tandem last week" */
      "saw", "likes", "liked", "prefer", "prefers",
      /* ... of weighing or choosing one: "they evaluated
         brannoc", "picked veltra in the end" */
      "evaluated", "considered", "trialled", "trialed", "piloted", "shortlisted", "chose", "picked",
      /* ... of selling one: "a rep selling tallix" ("runs" leads
         into what is done: "runs overtime") */
      "selling", NULL};
  /* Words no lexicon holds that are never a firm's name. */
  static const char *const never[] = {"have",    "has",    "had",   "themselves", "himself",
                                      "herself", "itself", "using", NULL};
  const dbf__lexicon *depts = dbf__lex_get(x->ctx->lex, "departments");
  dbf_span w[256];
  size_t nw = dbf__tx_words(s, x->n, w, 256);
  for (size_t k = 1; k < nw; k++) {
    /* "a maker from busan": after a rival's kind, "from" says where. */
    if (k >= 2 && w[k - 1].len == 4 && dbf__tx_ieqn(s + w[k - 1].off, "from", 4) &&
        dbf__tx_word_in(s + w[k - 2].off, w[k - 2].len, k_rival_kinds))
      continue;
    /* "pitched them on fraud", "called us about pricing": after one
       spoken to, "on" and "about" say the topic. */
    if (k >= 2 &&
        dbf__tx_word_in(s + w[k - 1].off, w[k - 1].len,
                        (const char *const[]){"on", "about", NULL}) &&
        dbf__tx_word_in(s + w[k - 2].off, w[k - 2].len,
                        (const char *const[]){"them", "us", "him", "her", "me", NULL}))
      continue;
    /* "recommended stockly", "going with rotafly": a made-up word in -ly
       after a lead that names or weighs a thing; "and", "also", "to"
       and the like lead into adverbs too ("and weirdly", "to really"). */
    static const char *const ly_leads[] = {"from",  "with",   "w/",     "mentioned", "recommended",
                                           "tried", "tested", "vs",     "named",     "called",
                                           "uses",  "use",    "used",   "dropped",   "saw",
                                           "likes", "liked",  "prefer", "prefers",   NULL};
    bool ly = made_up_ly(x, w[k].off, w[k].len) &&
              dbf__tx_word_in(s + w[k - 1].off, w[k - 1].len, ly_leads);
    /* "got brochures from x and y", "had visits from x, y": a plural
       right before "from" and a list is what came from the rivals listed
       after it ("had kestrels from denmark" may still be a name). */
    size_t le = k + 2 < nw ? w[k + 2].off + w[k + 2].len : 0;
    bool listed =
        k + 3 < nw && (s[le] == ',' || dbf__tx_word_in(s + w[k + 3].off, w[k + 3].len,
                                                       (const char *const[]){"and", "or", NULL}));
    if (listed && w[k].len > 3 && s[w[k].off + w[k].len - 1] == 's' &&
        s[w[k].off + w[k].len - 2] != 's' && w[k + 1].len == 4 &&
        dbf__tx_ieqn(s + w[k + 1].off, "from", 4) &&
        !dbf__tx_word_in(s + w[k - 1].off, w[k - 1].len,
                         (const char *const[]){"from", "with", "w/", "to", "and", "at", "on",
                                               "than", "vs", "named", "called", "about", NULL}))
      continue;
    /* "juliana said brevano is the other option": after a verb of saying,
       a word that a verb of what a rival is or did follows ("is", "has",
       "won") is its name; "she said pricing was" is no name. */
    static const char *const saying[] = {"said", "says", "thinks", "reckons", "reckoned", NULL};
    bool said = k + 1 < nw && dbf__tx_word_in(s + w[k - 1].off, w[k - 1].len, saying) &&
                w[k + 1].off == w[k].off + w[k].len + 1 &&
                dbf__tx_word_in(s + w[k + 1].off, w[k + 1].len,
                                (const char *const[]){"is", "was", "has", "had", "won", "pitched",
                                                      "quoted", "offered", NULL});
    /* "the board has seen it used": "has" before a participle says what
       someone went through, not what a rival holds. */
    if (said && k + 2 < nw && s[w[k + 1].off] == 'h' &&
        ((w[k + 2].len > 3 && dbf__tx_ieqn(s + w[k + 2].off + w[k + 2].len - 2, "ed", 2)) ||
         dbf__tx_word_in(s + w[k + 2].off, w[k + 2].len,
                         (const char *const[]){"seen", "heard", "been", "done", "got", "gotten",
                                               "taken", "given", "known", NULL})))
      said = false;
    /* "signed with procurement": a department is who, not a rival. */
    dbf__lex_match dm;
    bool dept = depts && dbf__lex_match_at(depts, s, w[k].off + w[k].len, w[k].off, &dm) &&
                dm.len == w[k].len;
    if (device_kind_before_maker(s, w, nw, k))
      continue;
    /* "selling spares", "selling valves": after a verb of selling, a
       plural is the goods, not the firm. */
    if (w[k - 1].len == 7 && dbf__tx_ieqn(s + w[k - 1].off, "selling", 7) &&
        s[w[k].off + w[k].len - 1] == 's')
      continue;
    if (dbf__tx_islower((unsigned char)s[w[k].off]) &&
        (dbf__tx_word_in(s + w[k - 1].off, w[k - 1].len, leads) || said) &&
        !dbf__tx_word_in(s + w[k].off, w[k].len, never) && !dept &&
        (name_like(x, w[k].off, w[k].len, false) || ly)) {
      s[w[k].off] = (char)(s[w[k].off] - 'a' + 'A');
      and_before(x, s, w, k);
    }
  }
}

static bool status_quo_word(const char *s, size_t n);

/* Words of time that end a name typed in lower case: "on labtrac right
   now", "a local firm tarvik last year". */
static const char *const k_time_words[] = {
    "right", "now", "currently", "still", "today", "last", "next",  "earlier",
    "once",  "ago", "already",   "again", "till",  "til",  "until", NULL};

/* A word that goes on with what a rival did or is, after its name: "...
   sent a quote", "... has one", "... did a pilot". */
static bool rival_verb(const char *s, size_t n) {
  static const char *const verbs[] = {"is",   "was",  "are",  "were", "has",  "had",   "have",
                                      "did",  "does", "do",   "sent", "gave", "won",   "came",
                                      "bid",  "bids", "says", "said", "runs", "ran",   "sells",
                                      "sold", "made", "also", "too",  "who",  "whose", NULL};
  return dbf__tx_word_in(s, n, verbs);
}

/* Does word q (after the first) end a rival's name typed in lower case?
   It does when it is not next to the word before, or is a function word,
   a verb of rivals or of doing, an everyday or time word, or ends in
   "-ed" or "-ly". */
static bool name_run_ends(const dbf__rx *x, const char *s, const dbf_span *w, size_t q) {
  const char *wq = s + w[q].off;
  return w[q].off != w[q - 1].off + w[q - 1].len + 1 || dbf__tx_function_word(wq, w[q].len) ||
         rival_verb(wq, w[q].len) || activity_word(wq, w[q].len) || generic_word(x, wq, w[q].len) ||
         dbf__tx_word_in(wq, w[q].len, k_time_words) ||
         (w[q].len > 3 &&
          (dbf__tx_ieqn(wq + w[q].len - 2, "ed", 2) || dbf__tx_ieqn(wq + w[q].len - 2, "ly", 2)));
}

/* "a coastal outfit brindlemoor freight has", "their payroll provider
   zentallo was", "the current supplier is korvath", "the old maker
   (kelloway)": typed in lower case, the one to three words
   right after a rival's kind (led by a determiner, a word of where from
   or of now), or after "is"/"was" that follows it, are its name when the
   first is no everyday word; they end at a mark, a function word, a verb
   or a word in -ed, -ing or -ly. */
static void restore_case_after_kind(dbf__rx *x, char *s) {
  static const char *const dets[] = {"a", "an", "one", "some", "the", "their", "this", NULL};
  static const char *const not_firms[] = {"offer",      "offers",      "bid",   "bids",   "quote",
                                          "quotes",     "quotation",   "kit",   "kits",   "partner",
                                          "competitor", "competitors", "rival", "rivals", "brand",
                                          "brands",     NULL};
  dbf_span w[256];
  size_t nw = dbf__tx_words(s, x->n, w, 256);
  for (size_t k = 1; k + 1 < nw; k++) {
    const char *wk = s + w[k].off;
    /* "a german one varbeck", "a local one tresko": "one" after a word
       of where from stands for the kind. */
    bool one = w[k].len == 3 && dbf__tx_ieqn(wk, "one", 3) &&
               w[k].off == w[k - 1].off + w[k - 1].len + 1 &&
               origin_word(s + w[k - 1].off, w[k - 1].len);
    bool kind = (dbf__tx_word_in(wk, w[k].len, k_rival_kinds) &&
                 !dbf__tx_word_in(wk, w[k].len, not_firms)) ||
                (w[k].len == 3 && dbf__tx_ieqn(wk, "mob", 3)) || one;
    if (!kind)
      continue;
    /* Led within three words, with no mark between. */
    bool led = false;
    for (size_t q = k; q > 0 && k - q < 3 && !led; q--) {
      if (w[q].off != w[q - 1].off + w[q - 1].len + 1)
        break;
      const char *wq = s + w[q - 1].off;
      led = dbf__tx_word_in(wq, w[q - 1].len, dets) || origin_word(wq, w[q - 1].len) ||
            status_quo_word(wq, w[q - 1].len);
    }
    size_t j = k + 1, ke = w[k].off + w[k].len;
    /* "their payroll vendor (quenby)": a bracket says which, led or not. */
    bool bracket = w[j].off == ke + 2 && s[ke] == ' ' && s[ke + 1] == '(';
    /* "a german outfit, brennhof": a led kind, a comma and one word that
       is closed at once names the rival too. */
    bool comma = led && w[j].off == ke + 2 && s[ke] == ',' && s[ke + 1] == ' ' &&
                 name_closed_at(s, x->n, w[j].off + w[j].len);
    if (!led && !bracket)
      continue;
    if (w[j].off != ke + 1 && !bracket && !comma)
      continue; /* a mark after the kind */
    if (j + 1 < nw && !one &&
        dbf__tx_word_in(s + w[j].off, w[j].len, (const char *const[]){"is", "was", NULL})) {
      if (w[j + 1].off != w[j].off + w[j].len + 1)
        continue;
      j++;
    }
    size_t first = j;
    static const char *const selves[] = {"itself", "themselves", "himself", "herself", NULL};
    if (!dbf__tx_islower((unsigned char)s[w[j].off]) || !name_like(x, w[j].off, w[j].len, false) ||
        dbf__tx_word_in(s + w[j].off, w[j].len, selves))
      continue; /* "the maker itself" */
    for (size_t q = first; q < nw && q < first + 3; q++) {
      const char *wq = s + w[q].off;
      if (q > first && name_run_ends(x, s, w, q))
        break;
      if (dbf__tx_islower((unsigned char)*wq))
        s[w[q].off] = (char)(*wq - 'a' + 'A');
    }
    k = first;
  }
}

/* "modernisation", "payment", "readiness": an ending that makes an
   everyday noun of a verb or an adjective, which no coined name wears. */
static bool noun_ending(const char *s, size_t n) {
  static const char *const ends[] = {"tion", "sion", "ment", "ness", "ity", NULL};
  for (size_t k = 0; ends[k]; k++) {
    size_t l = strlen(ends[k]);
    if (n > l + 2 && dbf__tx_ieqn(s + n - l, ends[k], l))
      return true;
  }
  return false;
}

/* "a local package brevarro i think", "the other finalist was tollan
   cloud I think", "some regional outfit, kestova or something", "a
   charity thing, rotawise?": typed in lower case, in the answer to the
   rivals question, the one to three words right before a doubt about
   what was said are a name when one of them is no everyday word, given
   name or function word. Going back from the doubt, the words end at a
   mark, a function word or a hesitation, and at an everyday word once a
   name's word was passed ("package", "thing", "company"); everyday
   words alone ("the cheaper one i think") name nothing. */
static void restore_case_unsure(dbf__rx *x, char *s) {
  static const struct {
    const char *text;
    bool closes; /* a doubt only where it ends a clause: "they'd maybe hire" */
  } doubts[] = {{" i think", false},      {" i believe", false}, {" i guess", false},
                {" or something", false}, {" or smth", false},   {" or sth", false},
                {" maybe", true},         {"?", false}};
  const dbf__lexicon *fn = dbf__lex_get(x->ctx->lex, "first_names");
  for (size_t k = 0; k < sizeof doubts / sizeof doubts[0]; k++) {
    size_t l = strlen(doubts[k].text);
    for (size_t at = 1; at + l <= x->n; at++) {
      size_t e = at + l;
      if (!dbf__tx_ieqn(s + at, doubts[k].text, l) || !dbf__tx_isalnum((unsigned char)s[at - 1]) ||
          (e < x->n && dbf__tx_isalnum((unsigned char)s[e])) ||
          (doubts[k].closes && e < x->n && !strchr(".,;!?", s[e])))
        continue;
      dbf_span w[3];
      size_t nw = 0, lead = 0, b = at;
      bool seen = false;
      while (nw < 3) {
        dbf_span wb = dbf__tx_word_before(s, b);
        bool touches =
            nw == 0 ? wb.off + wb.len == at : wb.off + wb.len + 1 == b && s[b - 1] == ' ';
        if (wb.len == 0 || !touches || dbf__tx_function_word(s + wb.off, wb.len) ||
            dbf__tx_hesitation(s + wb.off, wb.len) || (wb.len == 1 && s[wb.off] == 'I'))
          break;
        /* "Nagoya university I think": a word typed with a capital is a
           name's word already; a rival's kind ("outfit") is none. */
        dbf__lex_match m;
        bool named =
            dbf__tx_isupper((unsigned char)s[wb.off]) ||
            (name_like(x, wb.off, wb.len, false) && !noun_ending(s + wb.off, wb.len) &&
             !dbf__tx_word_in(s + wb.off, wb.len, k_rival_kinds) &&
             !(fn && dbf__lex_match_at(fn, s, wb.off + wb.len, wb.off, &m) && m.len == wb.len));
        if (!named && seen)
          break; /* "package brevarro": the kind said before the name */
        w[nw++] = wb;
        b = wb.off;
        if (named) {
          seen = true;
          lead = nw - 1;
        }
      }
      for (size_t j = 0; seen && j <= lead; j++)
        if (dbf__tx_islower((unsigned char)s[w[j].off]))
          s[w[j].off] = (char)(s[w[j].off] - 'a' + 'A');
    }
  }
}

/* "kestrova a local startup", "brannick systems a regional integrator",
   "main rival is tovelo local firm": typed in lower case, in the answer
   to the rivals question, the one or two words right before a kind of
   rival told by where it is from ("a local startup", "a german it
   company") are its name when the first is no everyday word, function
   word or given name; the kind set after a name says what the name is. */
static void restore_case_described(dbf__rx *x, char *s) {
  static const char *const dets[] = {"a", "an", "one", "some", NULL};
  const dbf__lexicon *fn = dbf__lex_get(x->ctx->lex, "first_names");
  dbf_span w[256];
  size_t nw = dbf__tx_words(s, x->n, w, 256);
  for (size_t k = 1; k + 1 < nw; k++) {
    if (!origin_word(s + w[k].off, w[k].len))
      continue;
    /* The kind right after the word of where from, or one word later
       ("a local it company"), with no mark between. */
    size_t kind = 0;
    for (size_t j = k + 1; j < nw && j <= k + 2 && !kind; j++) {
      if (w[j].off != w[j - 1].off + w[j - 1].len + 1)
        break;
      if (dbf__tx_word_in(s + w[j].off, w[j].len, k_rival_kinds) &&
          !dbf__tx_word_in(s + w[j].off, w[j].len, k_kinds_no_firm))
        kind = j;
    }
    if (!kind)
      continue;
    size_t q = k;
    if (dbf__tx_word_in(s + w[q - 1].off, w[q - 1].len, dets)) {
      if (w[q].off != w[q - 1].off + w[q - 1].len + 1)
        continue;
      q--;
    }
    if (q == 0 || w[q].off != w[q - 1].off + w[q - 1].len + 1)
      continue; /* a mark before the kind: typed with care, or a new clause */
    /* The name's last word, and the one before it unless a mark or a
       function word stands between. */
    const dbf_span *last = &w[q - 1];
    const dbf_span *first = last;
    if (q >= 2 && last->off == w[q - 2].off + w[q - 2].len + 1 &&
        !dbf__tx_function_word(s + w[q - 2].off, w[q - 2].len) &&
        dbf__tx_islower((unsigned char)s[w[q - 2].off]) &&
        name_like(x, w[q - 2].off, w[q - 2].len, false) &&
        !dbf__tx_function_word(s + last->off, last->len) &&
        !(last->len > 3 && dbf__tx_ieqn(s + last->off + last->len - 2, "ed", 2)))
      first = &w[q - 2]; /* "brannick systems", "kamelo vision" */
    /* "using one local vendor", "hired a local firm": a verb's form
       there takes the kind as what it does, and names nothing. */
    bool verb = false;
    for (const dbf_span *v = first; v <= last && !verb; v++)
      verb = v->len > 3 && (dbf__tx_ieqn(s + v->off + v->len - 3, "ing", 3) ||
                            dbf__tx_ieqn(s + v->off + v->len - 2, "ed", 2));
    dbf__lex_match m;
    if (verb || !dbf__tx_islower((unsigned char)s[first->off]) ||
        !name_like(x, first->off, first->len, false) ||
        (fn && dbf__lex_match_at(fn, s, first->off + first->len, first->off, &m) &&
         m.len == first->len))
      continue;
    for (const dbf_span *v = first; v <= last; v++)
      if (dbf__tx_islower((unsigned char)s[v->off]))
        s[v->off] = (char)(s[v->off] - 'a' + 'A');
  }
}

static bool topic_word(const dbf__rx *x, size_t off, size_t n);

/* Words that stand for a rival as the subject of "... was <name>": "the
   other one", "the only option", "the finalist", "the tool". */
static const char *const k_rival_refs[] = {
    "one",     "option",   "options", "alternative", "finalist",    "finalists",
    "bidder",  "bidders",  "choice",  "tool",        "system",      "platform",
    "product", "solution", "package", "software",    "frontrunner", NULL};

/* Verbs of a clause that says what the customer did with a rival: "the
   package they trialled", "what they use now". */
static const char *const k_tried_verbs[] = {
    "tried", "trialled", "trialed", "tested", "used",      "use",        "uses",        "looked",
    "liked", "chose",    "picked",  "prefer", "preferred", "considered", "evaluated",   "piloted",
    "kept",  "keep",     "run",     "ran",    "abandoned", "dropped",    "shortlisted", NULL};

/* Does the clause that ends right before w[v] (a "was" or "is") name a
   rival as its subject, with no mark within: a determiner ("the",
   "their", "only", "what"), up to three words, and a word that stands
   for a rival ("the other one still in it", "only other option") or a
   clause of what was done with it ("the scheduler they tried and
   abandoned", "what they use today")? */
static bool rival_subject(const char *s, const dbf_span *w, size_t v) {
  static const char *const dets[] = {"the", "their", "only", "what", NULL};
  static const char *const who[] = {"they", "theyd", "theyve", "he", "she", "we", NULL};
  for (size_t d = v; d > 0 && v - d < 9; d--) {
    size_t q = d - 1;
    if (w[q + 1].off != w[q].off + w[q].len + 1)
      return false; /* a mark: the clause starts after it */
    if (!dbf__tx_word_in(s + w[q].off, w[q].len, dets))
      continue;
    bool what = w[q].len == 4 && dbf__tx_ieqn(s + w[q].off, "what", 4);
    for (size_t h = q + 1; h < v && h <= q + 4; h++) {
      if (!what && (dbf__tx_word_in(s + w[h].off, w[h].len, k_rival_refs) ||
                    dbf__tx_word_in(s + w[h].off, w[h].len, k_rival_kinds)))
        return true;
      if (dbf__tx_word_in(s + w[h].off, w[h].len, who) && h + 1 < v &&
          dbf__tx_word_in(s + w[h + 1].off, w[h + 1].len, k_tried_verbs))
        return what ? h == q + 1 : h > q + 1;
    }
    /* "the other one still in it": an earlier determiner may lead. */
  }
  return false;
}

/* "the one they tried was corvana", "the other one still in it was
   tollan cloud", "what they use today is brindle": typed in lower case,
   in the answer to the rivals question, the one to three words after
   "was" or "is" that closes a clause whose subject stands for a rival
   (rival_subject) are its name when the first is no everyday word, given
   name or rival's kind; they end as a name after a kind does. "the one
   they liked was cheaper" names none. */
static void restore_case_after_subject(dbf__rx *x, char *s) {
  static const char *const be[] = {"was", "is", "were", NULL};
  static const char *const hedges[] = {"just",   "still",    "probably", "basically",
                                       "really", "actually", "mostly",   NULL};
  const dbf__lexicon *fn = dbf__lex_get(x->ctx->lex, "first_names");
  dbf_span w[256];
  size_t nw = dbf__tx_words(s, x->n, w, 256);
  for (size_t v = 2; v + 1 < nw; v++) {
    if (!dbf__tx_word_in(s + w[v].off, w[v].len, be) || !rival_subject(s, w, v))
      continue;
    size_t j = v + 1;
    if (w[j].off != w[v].off + w[v].len + 1)
      continue;
    if (j + 1 < nw && dbf__tx_word_in(s + w[j].off, w[j].len, hedges) &&
        w[j + 1].off == w[j].off + w[j].len + 1)
      j++;
    const char *wj = s + w[j].off;
    dbf__lex_match m;
    /* "benchling": a word in -ing is a name when no everyday word is its
       stem ("doing", "staffing", "planning" are everyday). */
    bool coined_ing = w[j].len >= 7 && dbf__tx_ieqn(wj + w[j].len - 3, "ing", 3) &&
                      !topic_word(x, w[j].off, w[j].len) && !generic_word(x, wj, w[j].len);
    if (!dbf__tx_islower((unsigned char)*wj) ||
        !(name_like(x, w[j].off, w[j].len, false) || coined_ing) || noun_ending(wj, w[j].len) ||
        dbf__tx_word_in(wj, w[j].len, k_rival_kinds) ||
        dbf__tx_word_in(wj, w[j].len, k_rival_refs) ||
        (fn && dbf__lex_match_at(fn, s, w[j].off + w[j].len, w[j].off, &m) && m.len == w[j].len))
      continue;
    for (size_t q = j; q < nw && q < j + 3; q++) {
      const char *wq = s + w[q].off;
      if (q > j && name_run_ends(x, s, w, q))
        break;
      if (q > j && !dbf__tx_word_in(wq, w[q].len, k_firm_heads) &&
          !name_like(x, w[q].off, w[q].len, false))
        break; /* "tollan cloud", not "brevlin licences" */
      /* "kuehne+nagel": each word a sign joins within the name too. */
      for (size_t i = 0; i < w[q].len; i++)
        if ((i == 0 || s[w[q].off + i - 1] == '+' || s[w[q].off + i - 1] == '&') &&
            dbf__tx_islower((unsigned char)wq[i]))
          s[w[q].off + i] = (char)(wq[i] - 'a' + 'A');
    }
    v = j;
  }
}

/* "just tarvo.", "no, just kelmark as far as i know", "only brivane
   i think": typed in lower case, in the answer to the rivals question,
   "just" or "only" that opens a sentence or follows a comma, and then one
   word no everyday word, given name or rival's kind that is closed at
   once (name_closed_at) or by a hedge ("as far as", "i think", "well"),
   says the one rival there is. "just the price", "only once" name none. */
static void restore_case_only_one(dbf__rx *x, char *s) {
  static const char *const leads[] = {"just", "only", NULL};
  static const char *const hedges[] = {" as far as", " i think", " well", " i guess", NULL};
  const dbf__lexicon *fn = dbf__lex_get(x->ctx->lex, "first_names");
  dbf_span w[256];
  size_t nw = dbf__tx_words(s, x->n, w, 256);
  for (size_t k = 0; k + 1 < nw; k++) {
    if (!dbf__tx_word_in(s + w[k].off, w[k].len, leads) || w[k + 1].off != w[k].off + w[k].len + 1)
      continue;
    size_t p = w[k].off;
    while (p > 0 && s[p - 1] == ' ')
      p--;
    if (p > 0 && !strchr(".!?;,-", s[p - 1]))
      continue; /* "they just dropped it" */
    size_t b = w[k + 1].off, n = w[k + 1].len, e = b + n;
    dbf__lex_match m;
    if (!dbf__tx_islower((unsigned char)s[b]) ||
        !(name_like(x, b, n, false) || made_up_ly(x, b, n)) ||
        dbf__tx_word_in(s + b, n, k_rival_kinds) || dbf__tx_word_in(s + b, n, k_time_words) ||
        (fn && dbf__lex_match_at(fn, s, e, b, &m) && m.len == n))
      continue;
    bool hedged = false;
    for (size_t h = 0; hedges[h] && !hedged; h++) {
      size_t l = strlen(hedges[h]);
      hedged = e + l <= x->n && dbf__tx_ieqn(s + e, hedges[h], l) &&
               (e + l == x->n || !dbf__tx_isalnum((unsigned char)s[e + l]));
    }
    if (hedged || name_closed_at(s, x->n, e))
      s[b] = (char)(s[b] - 'a' + 'A');
  }
}

/* "right now korvath does their servicing", "they know brennic has its
   own", "she told us quillan came in lower": typed in lower case, in the
   answer to the rivals question, a word no everyday word, given name,
   department or rival's kind, right after a word that closes what leads
   into it ("now", "know", "us", "so", "think") and right before a verb of
   what a firm holds, does or offered the customer, is the firm's name.
   "so uptime is" names none: a verb of being says too little. */
static void restore_case_subject_verb(dbf__rx *x, char *s) {
  static const char *const leads[] = {"now",    "know",    "knows", "knew",       "us",
                                      "so",     "think",   "guess", "apparently", "obviously",
                                      "reckon", "reckons", NULL};
  static const char *const verbs[] = {
      "has",     "does",     "did",       "do",      "came",   "offers",  "sells", "supplies",
      "handles", "services", "maintains", "pitched", "quoted", "offered", "sent",  NULL};
  const dbf__lexicon *fn = dbf__lex_get(x->ctx->lex, "first_names");
  const dbf__lexicon *depts = dbf__lex_get(x->ctx->lex, "departments");
  dbf_span w[256];
  size_t nw = dbf__tx_words(s, x->n, w, 256);
  for (size_t k = 1; k + 1 < nw; k++) {
    const char *wk = s + w[k].off;
    size_t n = w[k].len, e = w[k].off + n;
    if (w[k].off != w[k - 1].off + w[k - 1].len + 1 || w[k + 1].off != e + 1 ||
        !dbf__tx_word_in(s + w[k - 1].off, w[k - 1].len, leads) ||
        !dbf__tx_word_in(s + w[k + 1].off, w[k + 1].len, verbs))
      continue;
    dbf__lex_match m;
    if (!dbf__tx_islower((unsigned char)*wk) || !name_like(x, w[k].off, n, false) ||
        noun_ending(wk, n) || dbf__tx_word_in(wk, n, k_rival_kinds) ||
        dbf__tx_word_in(wk, n, k_rival_refs) || dbf__tx_word_in(wk, n, k_time_words) ||
        (fn && dbf__lex_match_at(fn, s, e, w[k].off, &m) && m.len == n) ||
        (depts && dbf__lex_match_at(depts, s, e, w[k].off, &m) && m.len == n))
      continue;
    s[w[k].off] = (char)(*wk - 'a' + 'A');
  }
}

/* Is the word at s[b..b+n) no everyday word, function word or given
   name, typed in lower case and long enough to be a coined name? */
static bool coined_stem(const dbf__rx *x, const char *s, size_t b, size_t n) {
  const dbf__lexicon *fn = dbf__lex_get(x->ctx->lex, "first_names");
  dbf__lex_match m;
  return n >= 4 && dbf__tx_islower((unsigned char)s[b]) && !memchr(s + b, '\'', n) &&
         !dbf__tx_function_word(s + b, n) && !dbf__rx_common_word(x, s, b, n) &&
         !generic_word(x, s + b, n) && !noun_ending(s + b, n) &&
         !(fn && dbf__lex_match_at(fn, s, b + n, b, &m) && m.len == n);
}

/* "they're on brackvale's platform", "said tomlin's quote is lower",
   "the incumbent was harrowby's service team": typed in lower case, in
   the answer to the rivals question, a coined word with "'s" right
   before (or one word before) what a firm offers or sends (a quote, a
   platform, its service crew) is the firm's name. "the plant's system"
   and "karen's team" name none. */
static void restore_case_possessive(dbf__rx *x, char *s) {
  static const char *const things[] = {"platform", "platforms", "proposal", "proposals", "service",
                                       "crew",     "team",      "units",    "unit",      "system",
                                       "tool",     "software",  "package",  "product",   NULL};
  dbf_span w[256];
  size_t nw = dbf__tx_words(s, x->n, w, 256);
  for (size_t k = 0; k + 1 < nw; k++) {
    size_t b = w[k].off, n = w[k].len;
    if (n < 6 || s[b + n - 2] != '\'' || s[b + n - 1] != 's' || !coined_stem(x, s, b, n - 2))
      continue;
    bool offered = false;
    for (size_t j = k + 1; j < nw && j <= k + 2 && !offered; j++) {
      if (w[j].off != w[j - 1].off + w[j - 1].len + 1)
        break;
      const char *wj = s + w[j].off;
      offered =
          dbf__tx_word_in(wj, w[j].len, things) || (dbf__tx_word_in(wj, w[j].len, k_rival_kinds) &&
                                                    dbf__tx_word_in(wj, w[j].len, k_kinds_no_firm));
    }
    if (offered)
      s[b] = (char)(s[b] - 'a' + 'A');
  }
}

/* "it's brendalo, they've had it for years", "no it's kelmora a small
   firm": typed in lower case, in the answer to the rivals question, a
   coined word right after "it's" is the rival's name when it is closed
   at once (a mark, the end, "that", "who") or a rival's kind set after
   it says what it is. "it's overkill for them" names none. */
static void restore_case_its(dbf__rx *x, char *s) {
  static const char *const its[] = {"it's", "its", "it’s", NULL};
  static const char *const dets[] = {"a", "an", "one", "some", NULL};
  dbf_span w[256];
  size_t nw = dbf__tx_words(s, x->n, w, 256);
  for (size_t k = 0; k + 1 < nw; k++) {
    if (!dbf__tx_word_in(s + w[k].off, w[k].len, its) || w[k + 1].off != w[k].off + w[k].len + 1)
      continue;
    size_t b = w[k + 1].off, n = w[k + 1].len, e = b + n;
    if (!coined_stem(x, s, b, n) || !name_like(x, b, n, false))
      continue;
    bool described = false;
    if (k + 2 < nw && w[k + 2].off == e + 1 &&
        dbf__tx_word_in(s + w[k + 2].off, w[k + 2].len, dets))
      for (size_t j = k + 3; j < nw && j <= k + 5 && !described; j++)
        described = dbf__tx_word_in(s + w[j].off, w[j].len, k_rival_kinds) ||
                    dbf__tx_word_in(s + w[j].off, w[j].len, k_rival_refs);
    /* Closed by a mark, the end, or a clause that says who it is; "for"
       and the like go on with what "it" is ("it's overkill for them"). */
    static const char *const who[] = {"that", "that's",  "thats",   "who", "which",
                                      "they", "they've", "they're", NULL};
    bool closed = e >= x->n || strchr(",.;:!?(", s[e]) ||
                  (k + 2 < nw && w[k + 2].off == e + 1 &&
                   dbf__tx_word_in(s + w[k + 2].off, w[k + 2].len, who));
    if (described || closed)
      s[b] = (char)(s[b] - 'a' + 'A');
  }
}

/* Words that join two names listed in one breath: "and", "or", "plus",
   "as well as", a bare "&" or "+". Returns the index of the word right
   after the joiner that follows w[k], or 0 when none follows it with
   nothing but single spaces between. */
static size_t joined_next(const char *s, const dbf_span *w, size_t nw, size_t k) {
  static const char *const words[] = {"and", "or", "plus", NULL};
  size_t e = w[k].off + w[k].len;
  if (k + 1 >= nw)
    return 0;
  if (w[k + 1].off == e + 3 && strchr("&+", s[e + 1]) && s[e] == ' ' && s[e + 2] == ' ')
    return k + 1; /* "swapbox + energo" */
  if (w[k + 1].off != e + 1 || k + 2 >= nw)
    return 0;
  size_t j = k + 1;
  if (dbf__tx_word_in(s + w[j].off, w[j].len, words))
    j += 1;
  else if (k + 4 < nw && w[j].len == 2 && dbf__tx_ieqn(s + w[j].off, "as well as", 10) &&
           w[j + 3].off == w[j].off + 11)
    j += 3; /* "as well as" */
  else
    return 0;
  return w[j].off == w[j - 1].off + w[j - 1].len + 1 ? j : 0;
}

/* Is s[p..p+n) a word that may be a rival's name typed in lower case:
   no everyday word, no given name, department, kind of rival or word of
   time, nor a noun of a thing done ("installation")? */
static bool joined_name_word(const dbf__rx *x, const char *s, size_t p, size_t n) {
  const dbf__lexicon *fn = dbf__lex_get(x->ctx->lex, "first_names");
  const dbf__lexicon *depts = dbf__lex_get(x->ctx->lex, "departments");
  /* "or smth", "or whatever": a doubt about the name before, not one. */
  static const char *const doubts[] = {"smth", "sth", "something", "whatever", "so", NULL};
  dbf__lex_match m;
  return dbf__tx_islower((unsigned char)s[p]) && name_like(x, p, n, false) &&
         !dbf__tx_word_in(s + p, n, doubts) && !noun_ending(s + p, n) &&
         !dbf__tx_word_in(s + p, n, k_rival_kinds) && !dbf__tx_word_in(s + p, n, k_time_words) &&
         !(fn && dbf__lex_match_at(fn, s, p + n, p, &m) && m.len == n) &&
         !(depts && dbf__lex_match_at(depts, s, p + n, p, &m) && m.len == n);
}

/* Is w[k] a name read so far (its capital typed or restored), and no
   person's given name nor "I"? */
static bool joined_read_name(const dbf__rx *x, const char *s, dbf_span a) {
  const dbf__lexicon *fn = dbf__lex_get(x->ctx->lex, "first_names");
  dbf__lex_match m;
  return dbf__tx_isupper((unsigned char)s[a.off]) && !(a.len == 1 && s[a.off] == 'I') &&
         !(fn && dbf__lex_match_at(fn, s, a.off + a.len, a.off, &m) && m.len == a.len);
}

/* "dropped swapbox + energo", "a quote from tollby and key robotics",
   "kern & brandolt", "halvik plus corenza": typed in lower case, two rivals
   are often listed in one breath, joined by "and", "or", "plus", "as well
   as", "&" or "+". When the name before the joiner has been read (its
   capital restored by a lead into it), the word after it, no everyday
   word, is the second name; up to two words more join it when the last
   is a firm's last word ("north peak systems"). A given name or a
   department says who, not which firm; and_before reads back from a name
   read after "and" or "or". */
static void restore_case_joined(dbf__rx *x, char *s) {
  dbf_span w[256];
  size_t nw = dbf__tx_words(s, x->n, w, 256);
  for (size_t k = 0; k < nw; k++) {
    size_t j = joined_next(s, w, nw, k);
    if (j == 0)
      continue;
    if (joined_read_name(x, s, w[k])) {
      size_t last = j;
      for (size_t q = j; q < nw && q <= j + 2; q++) {
        if (q > j && (w[q].off != w[q - 1].off + w[q - 1].len + 1 ||
                      dbf__tx_function_word(s + w[q].off, w[q].len) ||
                      !dbf__tx_islower((unsigned char)s[w[q].off])))
          break;
        if (q > j && dbf__tx_word_in(s + w[q].off, w[q].len, k_firm_heads)) {
          last = q;
          break;
        }
      }
      if (joined_name_word(x, s, w[j].off, w[j].len) ||
          (last > j && !dbf__tx_function_word(s + w[j].off, w[j].len) &&
           !generic_word(x, s + w[j].off, w[j].len) &&
           !dbf__tx_word_in(s + w[j].off, w[j].len, k_firm_heads) &&
           dbf__tx_islower((unsigned char)s[w[j].off]))) {
        for (size_t q = j; q <= last; q++)
          s[w[q].off] = (char)(s[w[q].off] - 'a' + 'A');
      }
    }
  }
}

/* Is f asked in this answer? */
static bool asked(const dbf__rx *x, const dbf_template_field *f) {
  for (size_t i = 0; i < x->ctx->n_target_fields; i++)
    if (x->ctx->target_fields[i] && strcmp(x->ctx->target_fields[i], f->key) == 0)
      return true;
  return false;
}

/* "the incumbent, sort of a small shop", "weighed doing it by hand": a
   hedge, or an everyday verb in -ing that opens what the buyer might do,
   right after a cue says how or what, not who. s[p..p+n) is the word. */
static bool everyday_opener(const dbf__rx *x, const char *s, size_t p, size_t n) {
  for (size_t k = 0; dbf__rx_hedges[k]; k++)
    if (dbf__tx_word_at(s, p, x->n, dbf__rx_hedges[k]) >= n)
      return true;
  return n > 4 && dbf__tx_ieqn(s + p + n - 3, "ing", 3) && dbf__rx_common_word(x, s, p, n);
}

void dbf__named_list_restore_case(dbf__rx *x, const dbf_template_field *f, char *s) {
  restore_case_before(x, f, s);
  restore_case_hedged(x, s);
  const dbf__lexicon *after = dbf__lex_get(x->ctx->lex, dbf__rx_param_str(f, "cues_after", ""));
  bool rivals_asked = after && asked(x, f);
  if (rivals_asked) {
    restore_case_opening(x, s);
    restore_case_after_kind(x, s);
    restore_case_unsure(x, s);
    restore_case_described(x, s);
    restore_case_after_subject(x, s);
    restore_case_only_one(x, s);
    restore_case_subject_verb(x, s);
    restore_case_possessive(x, s);
    restore_case_its(x, s);
  }
  const dbf__lexicon *cues = dbf__lex_get(x->ctx->lex, dbf__rx_param_str(f, "cues", ""));
  if (!cues)
    return;
  dbf__lex_match cm[16];
  size_t ncue = dbf__lex_scan(cues, s, x->n, cm, 16);
  for (size_t c = 0; c < ncue; c++) {
    dbf_span w[5];
    size_t from = cm[c].off + cm[c].len;
    size_t nw = dbf__tx_words(s + from, x->n - from, w, 5);
    /* "looked at archisnapper and harvest, didnt like either": a second
       one-word name after "and"/"or" that ends the clause. */
    if (nw >= 3 && dbf__tx_islower((unsigned char)s[from + w[0].off]) &&
        !memchr(s + from, ',', w[1].off) && !memchr(s + from, '.', w[1].off) &&
        ((w[1].len == 3 && dbf__tx_ieqn(s + from + w[1].off, "and", 3)) ||
         (w[1].len == 2 && dbf__tx_ieqn(s + from + w[1].off, "or", 2)))) {
      size_t e = from + w[2].off + w[2].len;
      const char *ws = s + from + w[2].off;
      /* ... or before a word that ends what was listed, said without a
         comma: "dovarra and kelm till march", "x and y didnt
         like either". */
      static const char *const closers[] = {"till",   "until",  "til",     "last",   "didnt",
                                            "didn't", "but",    "both",    "either", "too",
                                            "now",    "before", "earlier", NULL};
      bool closed = e >= x->n || strchr(",.;!?", s[e]) ||
                    (nw >= 4 && dbf__tx_word_in(s + from + w[3].off, w[3].len, closers));
      if (closed && dbf__tx_islower((unsigned char)ws[0]) && !generic_word(x, ws, w[2].len) &&
          !dbf__tx_function_word(ws, w[2].len) && !generic_word(x, s + from + w[0].off, w[0].len) &&
          !dbf__tx_function_word(s + from + w[0].off, w[0].len))
        s[from + w[2].off] = (char)(ws[0] - 'a' + 'A');
    }
    /* Up to two words, on the cue's side of any comma: "bibliotek cloud";
       a third when it is a firm's last word: "north peak systems". */
    for (size_t k = 0; k < nw && k < 3; k++) {
      const char *ws = s + from + w[k].off;
      if (k == 2 && !dbf__tx_word_in(ws, w[k].len, k_firm_heads))
        break;
      /* "theyre on labtrac right now": a word of time ends the name. */
      bool time_word = dbf__tx_word_in(ws, w[k].len, k_time_words);
      /* "rutely out of dubai": "out of" says where from, and ends it. */
      bool out_of = k > 0 && w[k].len == 3 && dbf__tx_ieqn(ws, "out", 3) &&
                    from + w[k].off + 7 <= x->n && dbf__tx_ieqn(ws + 3, " of ", 4);
      /* "canopy last year", "leadlyft approached them": a word of time
         or a cue after the name ends it. */
      dbf__lex_match am;
      bool ends = after && dbf__lex_match_at(after, s, x->n, from + w[k].off, &am);
      if (memchr(s + from, ',', w[k].off) || memchr(s + from, '.', w[k].off) ||
          !dbf__tx_islower((unsigned char)ws[0]) || generic_word(x, ws, w[k].len) || time_word ||
          out_of || dbf__tx_function_word(ws, w[k].len) || ends || activity_word(ws, w[k].len) ||
          (k == 0 && everyday_opener(x, s, from + w[k].off, w[k].len)) ||
          (k > 0 && w[k].len > 4 && dbf__tx_ieqn(ws + w[k].len - 2, "ed", 2)))
        break; /* "called mirevo messaged him": a verb in -ed ends it */
      if (device_kind_before_maker(s + from, w, nw, k))
        break; /* "trialled analysers from ...": the maker follows */
      ws = s + from + w[k].off;
      s[from + w[k].off] = (char)(ws[0] - 'a' + 'A');
    }
  }
  /* After the cues', which read a name's second word only while its
     first is in lower case. */
  if (rivals_asked) {
    restore_case_introduced(x, s);
    restore_case_joined(x, s);
  }
}

/* The nouns of a kind of system the customer has or makes for itself. */
static const char *const k_own_nouns[] = {
    "system",   "systems", "tool",     "tools",     "solution",    "platform",
    "software", "engine",  "template", "templates", "spreadsheet", "spreadsheets",
    "team",     "model",   "models",   "prototype", "app",         "database",
    "scripts",  "thing",   "workbook", "tracker",   "setup",       NULL};

/*
 * "in-house rules engine", "their own excel spreadsheets", "a homegrown
 * sample tracker": after a word of the customer's own, up to two words that
 * qualify a noun of a kind of system, then that noun, with nothing but
 * single spaces between. Returns the end of the noun, or 0 when none
 * follows (or the noun is "team" and team is false: "their own team"
 * says who, not what).
 */
static size_t own_kind_end(const dbf__rx *x, dbf_span sent, size_t e, bool team) {
  dbf_span w[3];
  size_t end = sent.off + sent.len;
  if (e >= end || x->s[e] != ' ')
    return 0;
  size_t nw = dbf__tx_words(x->s + e, end - e, w, 3);
  size_t prev = e;
  for (size_t k = 0; k < nw; k++) {
    const char *wk = x->s + e + w[k].off;
    if (e + w[k].off != prev + 1 || dbf__tx_function_word(wk, w[k].len))
      return 0; /* a mark or a function word before the noun */
    if (dbf__tx_word_in(wk, w[k].len, k_own_nouns)) {
      bool is_team = w[k].len == 4 && dbf__tx_ieqn(wk, "team", 4);
      size_t ne = e + w[k].off + w[k].len;
      /* "their own survey team" is the way they have, unless it is who
         builds or does the work ("their own data team that wants to build
         it", "their own field team doing the reads"). */
      static const char *const verbs[] = {"build", "builds", "building", "built", "could", "would",
                                          "will",  "can",    "to",       "doing", "that",  "which",
                                          "who",   "wants",  "want",     NULL};
      dbf_span v[1];
      if (is_team && !team && k > 0 &&
          (dbf__tx_words(x->s + ne, end - ne, v, 1) == 0 ||
           !dbf__tx_word_in(x->s + ne + v[0].off, v[0].len, verbs)))
        return ne;
      return is_team && !team ? 0 : ne;
    }
    prev = e + w[k].off + w[k].len;
  }
  return 0;
}

/* The kinds of firm, person or group of their own a customer builds a
   system with ("with their survey crew"), besides the kinds of rival. */
static const char *const k_build_partners[] = {
    "developer", "developers", "dev",         "devs",       "engineer",
    "engineers", "subsidiary", "electrician", "university", "programmer",
    "team",      "crew",       "staff",       "department", NULL};

/*
 * "with their ERP vendor", "w/ a local developer": a partner said by its
 * kind, not its name, after "with" in a build of their own: an optional
 * determiner, then up to three words, the last a kind of firm or person.
 * w holds the words after "with" (offsets from base). Returns the span
 * from the first word to the kind, or an empty one.
 */
static dbf_span described_partner(const dbf__rx *x, const dbf_span *w, size_t nw, size_t base) {
  static const char *const dets[] = {"their", "a", "an", "its", "the", "some", NULL};
  dbf_span none = {0, 0};
  if (nw == 0)
    return none;
  size_t first = base + w[0].off;
  size_t k = dbf__tx_word_in(x->s + first, w[0].len, dets) ? 1 : 0;
  for (size_t q = k; q < nw && q < k + 3; q++) {
    const char *wq = x->s + base + w[q].off;
    size_t prev_end = base + w[q - (q > 0)].off + w[q - (q > 0)].len;
    if (q > 0 && (memchr(x->s + prev_end, ',', base + w[q].off - prev_end) ||
                  memchr(x->s + prev_end, '.', base + w[q].off - prev_end)))
      return none;
    if (dbf__tx_word_in(wq, w[q].len, k_rival_kinds) ||
        dbf__tx_word_in(wq, w[q].len, k_build_partners))
      return q > k || k == 1 ? (dbf_span){first, base + w[q].off + w[q].len - first} : none;
    if (dbf__tx_function_word(wq, w[q].len))
      return none;
  }
  return none;
}

/* "their own plant crew doing the checks by hand", "their own staff doing
   weekly audits": after "their own", up to two words and a word for the
   people who work, "doing" and what they do, up to a mark or a word that
   joins a clause, is the customer's own way, kept as "in-house" and what
   is done (without a leading "the"). Returns whether it was. */
static bool own_crew_doing(dbf__rx *x, json_t *arr, dbf_span sent, size_t e) {
  static const char *const crews[] = {"team", "teams",  "crew",      "crews", "staff",
                                      "guys", "people", "engineers", "techs", NULL};
  static const char *const ends[] = {"and",     "but",  "so",  "which", "because",
                                     "instead", "like", "for", NULL};
  size_t end = sent.off + sent.len;
  dbf_span w[12];
  size_t nw = dbf__tx_words(x->s + e, end - e, w, 12);
  size_t prev = e, k = 0;
  for (; k < nw && k < 3; k++) {
    if (e + w[k].off != prev + 1)
      return false; /* a mark between */
    prev = e + w[k].off + w[k].len;
    if (dbf__tx_word_in(x->s + e + w[k].off, w[k].len, crews))
      break;
  }
  if (k >= nw || k >= 3 || k + 2 >= nw || e + w[k + 1].off != prev + 1 || w[k + 1].len != 5 ||
      !dbf__tx_ieqn(x->s + e + w[k + 1].off, "doing", 5))
    return false;
  size_t j = k + 2, from = e + w[j].off;
  if (w[j].len == 3 && dbf__tx_ieqn(x->s + from, "the", 3) && j + 1 < nw)
    from = e + w[++j].off;
  size_t to = from;
  for (size_t q = j; q < nw && q < j + 6; q++) {
    size_t b = e + w[q].off;
    if ((q > j && b != to + 1) || dbf__tx_word_in(x->s + b, w[q].len, ends) ||
        (q == j && dbf__tx_function_word(x->s + b, w[q].len)))
      break;
    to = b + w[q].len;
  }
  /* "doing fine", "doing it": how they fare, or no work named. */
  static const char *const fares[] = {"it",   "fine",  "well",    "great",   "ok", "okay",
                                      "good", "badly", "alright", "nothing", NULL};
  if (to == from || to - from > 60 || dbf__tx_word_in(x->s + from, w[j].len, fares))
    return false;
  char item[80];
  snprintf(item, sizeof item, "in-house %.*s", (int)(to - from), x->s + from);
  dbf__rx_union_item(arr, json_string(item));
  return true;
}

/* Drops from arr the items that are the span on, or said inside it: a
   partner or platform kept with the build is no rival of its own. */
static void drop_within(const dbf__rx *x, json_t *arr, dbf_span on) {
  for (size_t i = json_array_size(arr); i-- > 0;) {
    const char *v = json_string_value(json_array_get(arr, i));
    if (v && ((strlen(v) == on.len && dbf__tx_ieqn(v, x->s + on.off, on.len)) ||
              dbf__tx_find_word(x->s, on.off + on.len, on.off, v) != (size_t)-1))
      json_array_remove(arr, i);
  }
}

/* "their ERP", "its own CRM": when the word at *next says whose the
   platform is ("their", "its", then "own" if said), moves *next past those
   words. Returns where the platform's name starts. */
static size_t after_possessive(const dbf__rx *x, size_t from, const dbf_span *aw, size_t na,
                               size_t *next) {
  static const char *const whose[] = {"their", "its", NULL};
  size_t k = *next;
  if (k + 1 >= na || !dbf__tx_word_in(x->s + from + aw[k].off, aw[k].len, whose))
    return from + aw[k].off;
  if (k + 2 < na && aw[k + 1].len == 3 && dbf__tx_ieqn(x->s + from + aw[k + 1].off, "own", 3))
    k++;
  if (aw[k + 1].off != aw[k].off + aw[k].len + 1 || x->s[from + aw[k].off + aw[k].len] != ' ')
    return from + aw[*next].off; /* a mark between: no name of theirs follows */
  *next = k + 1;
  return from + aw[k + 1].off;
}

/*
 * What a build of their own stands on or is made with, said within the
 * first max words after from: "on" (or "on top of") and a named platform,
 * "with" (or "w/") and a named one or a partner said by its kind. A mark,
 * or a word that joins another clause or gives a reason ("or", "because"),
 * ends the search. Sets *on to the platform or partner and returns "on"
 * or "with", or NULL when none is said.
 */
static const char *build_base(const dbf__rx *x, dbf_span sent, size_t from, size_t max,
                              dbf_span *on) {
  static const char *const stops[] = {"or",      "and",  "but",    "because", "since", "as",
                                      "instead", "than", "versus", "vs",      "so",    NULL};
  size_t end = sent.off + sent.len;
  if (from >= end)
    return NULL;
  dbf_span aw[10];
  size_t na = dbf__tx_words(x->s + from, end - from, aw, 10);
  for (size_t k = 0; k + 1 < na && k < max; k++) {
    const char *wk = x->s + from + aw[k].off;
    if (dbf__tx_word_in(wk, aw[k].len, stops))
      return NULL;
    /* "w/" is "with" typed short. */
    bool with = (aw[k].len == 4 && dbf__tx_ieqn(wk, "with", 4)) ||
                (aw[k].len == 1 && (*wk | 32) == 'w' && wk[1] == '/');
    bool upon = aw[k].len == 2 && dbf__tx_ieqn(wk, "on", 2);
    if (!upon && !with)
      continue;
    if (memchr(x->s + from, ',', aw[k].off) || memchr(x->s + from, '.', aw[k].off))
      return NULL;
    size_t next = k + 1;
    /* "on top of Comarch": the platform after the phrase. */
    if (upon && k + 3 < na && aw[k + 1].len == 3 &&
        dbf__tx_ieqn(x->s + from + aw[k + 1].off, "top", 3) && aw[k + 2].len == 2 &&
        dbf__tx_ieqn(x->s + from + aw[k + 2].off, "of", 2))
      next = k + 3;
    size_t nb = from + aw[next].off;
    /* "on their ERP", "on top of their own CRM": the platform is theirs.
       A plain "their" stays with it, as said; "their own" adds nothing
       the word "in-house" does not already say, so the name stands bare. */
    size_t their = nb, at_whose = next;
    if (upon)
      nb = after_possessive(x, from, aw, na, &next);
    *on = dbf__rx_cap_run(x, nb, end);
    while (on->len > 0 && strchr(".,;:!?", x->s[on->off + on->len - 1]))
      on->len--;
    if (on->len > 0 && on->off == nb && on->len < 40 && !dbf__rx_is_person_or_account(x, *on) &&
        dbf__date_weekday_at(x->s, x->n, on->off) < 0) {
      /* (with "their", only while the whole still fits under 40) */
      if (next == at_whose + 1 && on->off + on->len - their < 40)
        *on = (dbf_span){their, on->off + on->len - their};
      return upon ? "on" : "with";
    }
    /* (under 40 bytes, like a name, so the item built from it is never
       cut, least of all inside a character) */
    if (with && (*on = described_partner(x, aw + next, na - next, from)).len > 0 && on->len < 40)
      return "with";
    return NULL;
  }
  return NULL;
}

/*
 * "a pricing engine that their own staff built", "built a parts database
 * themselves": what they built, said just before the word of their own,
 * with up to two words that qualify it. The noun of a kind of system ends
 * at most three words before at, with only words of a relative clause
 * between and no mark; the words that qualify it are neither function
 * words nor verbs of building. Returns the span, or an empty one.
 */
static dbf_span built_kind_before(const dbf__rx *x, dbf_span sent, size_t at) {
  static const char *const between[] = {"which", "that", "they", "we", "had", "have", NULL};
  static const char *const builds[] = {"build",      "building", "built", "develop", "developed",
                                       "developing", "wrote",    "made",  NULL};
  dbf_span none = {0, 0};
  dbf_span w[64];
  size_t nw = dbf__tx_words(x->s + sent.off, at - sent.off, w, 64);
  if (nw == 0 || nw == 64)
    return none;
  for (size_t k = 0; k < nw; k++)
    w[k].off += sent.off;
  for (size_t k = nw; k-- > 0 && k + 4 >= nw;) {
    size_t ke = w[k].off + w[k].len, next = k + 1 < nw ? w[k + 1].off : at;
    for (size_t p = ke; p < next; p++)
      if (x->s[p] != ' ')
        return none; /* a mark between */
    const char *wk = x->s + w[k].off;
    if (dbf__tx_word_in(wk, w[k].len, k_own_nouns)) {
      if (dbf__tx_word_in(wk, w[k].len, (const char *const[]){"team", "thing", "setup", NULL}))
        return none;
      size_t b = w[k].off;
      for (size_t q = k; q-- > 0 && q + 2 >= k;) {
        const char *wq = x->s + w[q].off;
        if (w[q].off + w[q].len + 1 != b || dbf__tx_function_word(wq, w[q].len) ||
            dbf__tx_word_in(wq, w[q].len, builds) || dbf__tx_word_in(wq, w[q].len, between))
          break;
        b = w[q].off;
      }
      return (dbf_span){b, ke - b};
    }
    if (!dbf__tx_word_in(wk, w[k].len, between) && !dbf__tx_function_word(wk, w[k].len))
      return none;
  }
  return none;
}

/* The customer building it themselves: "building it in house", "their own
   automation team build it", "a heavily customized in-house system". */
static void add_in_house(dbf__rx *x, json_t *arr, dbf_span sent) {
  static const char *const nouns[] = {
      "system",      "tool",         "solution", "platform", "software",
      "spreadsheet", "spreadsheets", "team",     "model",    "models",
      "prototype",   "app",          "database", "scripts",  NULL};
  /* (with the verbs of a quick, rough build: "knock something up",
     "cobble one together") */
  static const char *const builds[] = {"build",
                                       "building",
                                       "built",
                                       "develop",
                                       "developing",
                                       "developed",
                                       "write their own",
                                       "roll their own",
                                       "knock something up",
                                       "knocking something up",
                                       "knocked something up",
                                       "cobble something together",
                                       "cobbling something together",
                                       "cobbled something together",
                                       "cobble together",
                                       "cobbling together",
                                       "cobbled together",
                                       NULL};
  static const char *const own[] = {"in-house",   "in house", "inhouse",   "their own",  "its own",
                                    "themselves", "internal", "homegrown", "home-grown", NULL};
  size_t which = 0;
  size_t at = dbf__tx_find_any(x->s, sent.off + sent.len, sent.off, own, &which);
  if (at == (size_t)-1 || dbf__tx_negated_before(x->s, at, 3))
    return;
  /* "their internal team wants to build its own models": the words that
     say what they would build come first, wherever they are. */
  for (size_t k = 0; k < 5 && which > 4; k++) {
    size_t a = dbf__tx_find_word(x->s, sent.off + sent.len, sent.off, own[k]);
    if (a != (size_t)-1 && !dbf__tx_negated_before(x->s, a, 3))
      at = a, which = k;
  }
  /* "their own in-house pricing tool": the words after "own" say it. */
  for (size_t k = 0; k < 3 && which == 3; k++) {
    size_t e = at + strlen(own[which]), l = strlen(own[k]);
    if (e + 1 + l <= sent.off + sent.len && x->s[e] == ' ' && dbf__tx_ieqn(x->s + e + 1, own[k], l))
      at = e + 1, which = k;
  }
  if (which <= 2) {
    /* "built a small prototype in-house": the noun just before. */
    size_t b = at;
    while (b > sent.off && x->s[b - 1] == ' ')
      b--;
    size_t wb = b;
    while (wb > sent.off && dbf__tx_isalnum((unsigned char)x->s[wb - 1]))
      wb--;
    for (size_t k = 0; nouns[k] && wb < b; k++) {
      if (strlen(nouns[k]) == b - wb && dbf__tx_ieqn(x->s + wb, nouns[k], b - wb) &&
          strcmp(nouns[k], "team") != 0) {
        char item[64];
        snprintf(item, sizeof item, "in-house %s", nouns[k]);
        dbf__rx_union_item(arr, json_string(item));
        return;
      }
    }
  }
  /* "their in-house rules engine", "their own excel spreadsheets": a
     system of their own, named by its kind, as said. */
  if (which != 4 && which != 5) { /* ("Acme's app has its own tool") */
    size_t e = at + strlen(own[which]);
    size_t ke = own_kind_end(x, sent, e, which <= 2);
    /* "their own booking thing called Tidewise": the name after says
       whose it is, and it is a product of its own. */
    bool named = (ke + 8 <= x->n && dbf__tx_ieqn(x->s + ke, " called ", 8)) ||
                 (ke + 7 <= x->n && dbf__tx_ieqn(x->s + ke, " named ", 7));
    if (ke > e + 1 && ke - e < 60 && !named) {
      char item[120];
      snprintf(item, sizeof item, "in-house %.*s", (int)(ke - e - 1), x->s + e + 1);
      /* "an in-house app w/ a contract developer", "an in-house planner
         built on Odoo": the partner or platform said right after goes
         with it. */
      dbf_span on = {0, 0};
      const char *joiner = build_base(x, sent, ke, 2, &on);
      if (joiner) {
        snprintf(item, sizeof item, "in-house %.*s built %s %.*s", (int)(ke - e - 1), x->s + e + 1,
                 joiner, (int)on.len, x->s + on.off);
        drop_within(x, arr, on);
      }
      /* "their own Routemate tracker": the name is said with its kind. */
      for (size_t i = json_array_size(arr); i-- > 0;) {
        const char *v = json_string_value(json_array_get(arr, i));
        if (v && dbf__tx_find_word(x->s, ke, e + 1, v) != (size_t)-1)
          json_array_remove(arr, i);
      }
      dbf__rx_union_item(arr, json_string(item));
      return;
    }
  }
  if (which == 3 && own_crew_doing(x, arr, sent, at + strlen(own[which])))
    return;
  size_t bw = 0;
  if (which > 2 && dbf__tx_find_any(x->s, sent.off + sent.len, sent.off, builds, &bw) == (size_t)-1)
    return;
  /* "an intake database their own staff built": the kind said before. */
  size_t kv = dbf__tx_find_any(x->s, sent.off + sent.len, sent.off, builds, &bw);
  dbf_span kind = kv != (size_t)-1 ? built_kind_before(x, sent, at) : (dbf_span){0, 0};
  if (kind.len > 0 && kind.len < 48) {
    dbf_span on = {0, 0};
    const char *joiner = build_base(x, sent, kv + strlen(builds[bw]), 8, &on);
    char item[112];
    if (joiner)
      snprintf(item, sizeof item, "in-house %.*s built %s %.*s", (int)kind.len, x->s + kind.off,
               joiner, (int)on.len, x->s + on.off);
    else
      snprintf(item, sizeof item, "in-house %.*s", (int)kind.len, x->s + kind.off);
    if (joiner)
      drop_within(x, arr, on);
    dbf__rx_union_item(arr, json_string(item));
    return;
  }
  /* "build its own models": what they would build, when said. */
  size_t e = at + strlen(own[which]);
  dbf_span w[1];
  /* ("their own guy to build it" says who, not what) */
  static const char *const builders[] = {
      "guy",  "guys",     "person",    "people", "staff", "developer", "developers",
      "devs", "engineer", "engineers", "team",   "folks", NULL};
  if (which >= 3 && which <= 4 && dbf__tx_words(x->s + e, sent.off + sent.len - e, w, 1) == 1 &&
      w[0].off == 1 && w[0].len > 1 && dbf__tx_islower((unsigned char)x->s[e + 1]) &&
      !generic_word(x, x->s + e + 1, w[0].len) && w[0].len < 40 &&
      !dbf__tx_word_in(x->s + e + 1, w[0].len, builders) &&
      !dbf__tx_ieqn(x->s + e + 1 + w[0].len, " team", 5) &&
      !dbf__tx_ieqn(x->s + e + 1 + w[0].len, " people", 7) &&
      !dbf__tx_ieqn(x->s + e + 1 + w[0].len, " engineers", 10)) {
    /* ("their own automation team build it" says who, not what) */
    char item[64];
    snprintf(item, sizeof item, "in-house %.*s", (int)w[0].len, x->s + e + 1);
    dbf__rx_union_item(arr, json_string(item));
    return;
  }
  /* "build it themselves on Kafka", "building it in house with Arduinos":
     a named platform, said soon after the verb of building, is what the
     build stands on, not a rival of its own. Without a verb of building
     ("taking the audits in-house w/ a contract developer"), the one said right
     after the word of their own. */
  size_t bv = dbf__tx_find_any(x->s, sent.off + sent.len, sent.off, builds, &bw);
  dbf_span on = {0, 0};
  const char *joiner = NULL;
  if (bv != (size_t)-1)
    joiner = build_base(x, sent, bv + strlen(builds[bw]), 8, &on);
  else if (which <= 2)
    joiner = build_base(x, sent, at + strlen(own[which]), 2, &on);
  if (joiner) {
    char item[80];
    snprintf(item, sizeof item, "in-house%s %s %.*s", bv != (size_t)-1 ? " build" : "", joiner,
             (int)on.len, x->s + on.off);
    drop_within(x, arr, on);
    dbf__rx_union_item(arr, json_string(item));
    return;
  }
  dbf__rx_union_item(arr, json_string("in-house build"));
}

/* The words of sent, as spans of x->s (not of the sentence). */
static size_t sent_words(const dbf__rx *x, dbf_span sent, dbf_span *w, size_t cap) {
  size_t nw = dbf__tx_words(x->s + sent.off, sent.len, w, cap);
  for (size_t k = 0; k < nw; k++)
    w[k].off += sent.off;
  return nw;
}

/* "thought about leasing vans instead", "considering just hiring a
   contractor instead": an alternative said as a thing they would do,
   a verb in -ing after a word of weighing, up to "instead". */
static void activity_instead(dbf__rx *x, json_t *arr, dbf_span sent) {
  static const char *const weighing[] = {"about", "abt",  "of",       "considered", "considering",
                                         "at",    "just", "consider", NULL};
  dbf_span w[64];
  size_t nw = sent_words(x, sent, w, 64);
  for (size_t k = 2; k < nw; k++) {
    if (!(w[k].len == 7 && dbf__tx_ieqn(x->s + w[k].off, "instead", 7)))
      continue;
    for (size_t a = k - 1; a >= 1 && a + 6 >= k; a--) {
      if (w[a + 1].off > w[a].off + w[a].len + 1 && a + 1 <= k)
        break; /* a mark between */
      if (!activity_word(x->s + w[a].off, w[a].len) ||
          !dbf__tx_word_in(x->s + w[a - 1].off, w[a - 1].len, weighing))
        continue;
      if (a + 1 == k || dbf__tx_negated_before(x->s, w[a].off, 4))
        break;
      size_t e = w[k - 1].off + w[k - 1].len;
      char item[96];
      if (e - w[a].off >= sizeof item)
        break;
      memcpy(item, x->s + w[a].off, e - w[a].off);
      item[e - w[a].off] = '\0';
      if (dbf__tx_isupper((unsigned char)item[0]))
        item[0] = (char)(item[0] - 'A' + 'a');
      dbf__rx_union_item(arr, json_string(item));
      break;
    }
  }
}

/* "maybe they just rent two more chillers and do it themselves": an
   alternative said as what the customer would do, from the verb after a
   word of weighing ("just", "could", "considering") up to "and do it
   themselves", kept with those words, as said. */
static void do_it_themselves(dbf__rx *x, json_t *arr, dbf_span sent) {
  static const char *const tails[] = {" and do it themselves", " and doing it themselves",
                                      " and do it all themselves", NULL};
  static const char *const weighing[] = {"just",       "could",       "might", "would",
                                         "maybe",      "about",       "abt",   "of",
                                         "considered", "considering", NULL};
  size_t which = 0, end = sent.off + sent.len;
  size_t at = dbf__tx_find_any(x->s, end, sent.off, tails, &which);
  if (at == (size_t)-1 || dbf__tx_negated_before(x->s, at, 8))
    return;
  dbf_span w[64];
  size_t nw = dbf__tx_words(x->s + sent.off, at - sent.off, w, 64);
  for (size_t k = nw; k-- > 1 && k + 9 >= nw;) {
    size_t ws = sent.off + w[k].off, pe = sent.off + w[k - 1].off + w[k - 1].len;
    if (memchr(x->s + pe, ',', ws - pe) || memchr(x->s + pe, '.', ws - pe))
      return; /* a mark between */
    const char *wp = x->s + sent.off + w[k - 1].off;
    /* ("a couple of handheld meters": after a preposition, a verb in -ing) */
    bool prep = dbf__tx_word_in(wp, w[k - 1].len, weighing + 5);
    if (!dbf__tx_word_in(wp, w[k - 1].len, weighing) ||
        dbf__tx_function_word(x->s + ws, w[k].len) || (prep && !activity_word(x->s + ws, w[k].len)))
      continue;
    /* "buy probes from a dealer in Leeds": where from says no more what. */
    size_t from = dbf__tx_find_word(x->s, at, ws, "from");
    size_t cut = from == (size_t)-1 ? at : from;
    while (cut > ws && x->s[cut - 1] == ' ')
      cut--;
    char item[112];
    int len = snprintf(item, sizeof item, "%.*s%s", (int)(cut - ws), x->s + ws, tails[which]);
    if (len < 0 || (size_t)len >= sizeof item || cut == ws)
      return;
    if (dbf__tx_isupper((unsigned char)item[0]))
      item[0] = (char)(item[0] - 'A' + 'a');
    dbf__rx_union_item(arr, json_string(item));
    return;
  }
}

/* "a diy sensor rig", "a do-it-yourself arduino build": something the
   customer put together themselves, kept as said: "DIY" and up to three
   words after it, the last a kind of build or system, with no mark or
   function word between. */
static void diy_build(dbf__rx *x, json_t *arr, dbf_span sent) {
  static const char *const diy[] = {"diy", "do-it-yourself", NULL};
  static const char *const kinds[] = {"build", "builds", "kit", "kits", "rig", "rigs", NULL};
  size_t which = 0, end = sent.off + sent.len;
  size_t at = dbf__tx_find_any(x->s, end, sent.off, diy, &which);
  if (at == (size_t)-1 || dbf__tx_negated_before(x->s, at, 3))
    return;
  size_t e = at + strlen(diy[which]);
  dbf_span w[3];
  size_t nw = dbf__tx_words(x->s + e, end - e, w, 3), prev = e;
  for (size_t k = 0; k < nw; k++) {
    const char *wk = x->s + e + w[k].off;
    if (e + w[k].off != prev + 1 || dbf__tx_function_word(wk, w[k].len))
      return;
    prev = e + w[k].off + w[k].len;
    if (dbf__tx_word_in(wk, w[k].len, kinds) || dbf__tx_word_in(wk, w[k].len, k_own_nouns)) {
      if (dbf__tx_word_in(wk, w[k].len, (const char *const[]){"team", "thing", NULL}))
        return;
      if (prev - e - 1 > 60)
        return; /* kept whole or not at all, never cut */
      char item[96];
      snprintf(item, sizeof item, "DIY %.*s", (int)(prev - e - 1), x->s + e + 1);
      dbf__rx_union_item(arr, json_string(item));
      return;
    }
  }
}

/* Words after a name that make it a person: "Janelle said", "Lutz also floated". */
static bool person_verb_after(const dbf__rx *x, size_t e, size_t end) {
  static const char *const verbs[] = {"said",    "says",   "mentioned", "told",    "thinks",
                                      "floated", "asked",  "wants",     "made",    "raised",
                                      "noted",   "pushed", "confirmed", "brought", "explained",
                                      "seemed",  "added",  NULL};
  size_t p = e;
  while (p < end && x->s[p] == ' ')
    p++;
  if (p + 5 <= end && dbf__tx_ieqn(x->s + p, "also ", 5))
    p += 5;
  for (size_t k = 0; verbs[k]; k++) {
    size_t l = strlen(verbs[k]);
    if (p + l <= end && dbf__tx_ieqn(x->s + p, verbs[k], l) && dbf__tx_is_word_at(x->s, x->n, p, l))
      /* "7shifts mentioned by Luis": said of the name, not by it. */
      return !(p + l + 3 <= end && dbf__tx_ieqn(x->s + p + l, " by", 3) &&
               dbf__tx_is_word_at(x->s, x->n, p + l + 1, 2));
  }
  return false;
}

/* Words after a sentence's first word that make it a vendor: "Portwise is
   still in the running", "LexBridge won it". */
static bool vendor_verb_after(const dbf__rx *x, size_t e, size_t end) {
  /* ... or shows its offer: "Brantly demoed", "Korvo do a demo". */
  static const char *const verbs[] = {
      "is",     "was",   "are",       "were",       "won",         "has",         "had",
      "came",   "bid",   "sent",      "offered",    "quoted",      "beat",        "pitched",
      "demoed", "demos", "do a demo", "did a demo", "does a demo", "gave a demo", NULL};
  size_t p = e;
  while (p < end && x->s[p] == ' ')
    p++;
  for (size_t k = 0; verbs[k]; k++) {
    size_t l = strlen(verbs[k]);
    if (p + l <= end && dbf__tx_ieqn(x->s + p, verbs[k], l) && dbf__tx_is_word_at(x->s, x->n, p, l))
      return true;
  }
  return false;
}

/* A name that is a person's ("Janelle said", "Dr. Marchetti"), a date
   ("June") or a place ("the trade show in Cologne"). */
static bool not_a_vendor(const dbf__rx *x, dbf_span name) {
  size_t ne = name.off + name.len;
  if (person_verb_after(x, ne, x->n) ||
      (name.off >= 4 && (dbf__tx_ieqn(x->s + name.off - 4, "dr. ", 4) ||
                         dbf__tx_ieqn(x->s + name.off - 4, "mr. ", 4) ||
                         dbf__tx_ieqn(x->s + name.off - 4, "ms. ", 4))))
    return true;
  dbf__date d[1];
  if (dbf__date_scan(x->s + name.off, name.len, &x->ref, true, d, 1) > 0)
    return true; /* "June" */
  /* A language ("couldn't handle Swahili") or a currency code ("AUD"). */
  dbf__lex_match m;
  const dbf__lexicon *langs = dbf__lex_get(x->ctx->lex, "languages");
  if (langs && dbf__lex_match_at(langs, x->s, ne, name.off, &m) && m.len == name.len)
    return true;
  char code[4];
  if (name.len == 3) {
    memcpy(code, x->s + name.off, 3);
    code[3] = '\0';
    if (dbf__tx_isupper((unsigned char)code[1]) && dbf_money_text_names(code, code))
      return true;
  }
  static const char *const places[] = {"in ", "near ", "around ", NULL};
  /* "doing it in Qorlane themselves", "run it all in Dashwick": after a
     thing done, "in" says what it is done with, not where. */
  static const char *const done[] = {"it", "them", "that", "this", "all", "everything", NULL};
  for (size_t k = 0; places[k]; k++) {
    size_t l = strlen(places[k]);
    if (name.off >= l && dbf__tx_ieqn(x->s + name.off - l, places[k], l)) {
      dbf_span obj = dbf__tx_word_before(x->s, name.off - l);
      return k != 0 || obj.len == 0 || !dbf__tx_word_in(x->s + obj.off, obj.len, done);
    } /* "the trade show in Cologne" */
  }
  return false;
}

/* Is the "to" at `to` one a deal goes by ("the tender will go to X, and
   to Y", "lost it to X", "switched to X") rather than a place's? */
static bool deal_goes_to(const dbf__rx *x, dbf_span sent, size_t to) {
  static const char *const verbs[] = {"go",        "goes",     "going",     "went", "gone",
                                      "lost",      "lose",     "losing",    "it",   "switched",
                                      "switching", "migrated", "migrating", NULL};
  for (int hop = 0; hop < 2; hop++) {
    size_t e = to;
    while (e > sent.off && (x->s[e - 1] == ' ' || x->s[e - 1] == ','))
      e--;
    size_t b = e;
    while (b > sent.off && dbf__tx_isalnum((unsigned char)x->s[b - 1]))
      b--;
    for (size_t k = 0; verbs[k]; k++)
      if (strlen(verbs[k]) == e - b && dbf__tx_ieqn(x->s + b, verbs[k], e - b))
        return strcmp(verbs[k], "it") != 0 ||
               (b >= sent.off + 5 && dbf__tx_ieqn(x->s + b - 5, "lost ", 5));
    /* "..., and to Y": the "to" before it says. */
    if (!(e - b == 3 && dbf__tx_ieqn(x->s + b, "and", 3)))
      return false;
    size_t p = b;
    while (p > sent.off + 3 && !(dbf__tx_ieqn(x->s + p - 4, " to ", 4)))
      p--;
    if (p <= sent.off + 3)
      return false;
    to = p - 3;
  }
  return false;
}

/* A name's mixed case past its first letter: "PowerSchool", "iSAMS",
   "FLSmidth", "memoQ"; not a plural acronym ("KPIs"). */
static bool inner_capital(const char *s, size_t n) {
  bool upper = false, lower = false;
  for (size_t i = 1; i < n && s[i] != ' '; i++) {
    upper |= dbf__tx_isupper((unsigned char)s[i]);
    lower |=
        dbf__tx_islower((unsigned char)s[i]) && !(s[i] == 's' && (i + 1 == n || s[i + 1] == ' '));
  }
  return upper && (lower || dbf__tx_islower((unsigned char)s[0]));
}

/* "Bodegas del Rio", "Casa van Dijk": a particle between two capitalized
   words joins one name. Returns name extended up to end. */
static dbf_span with_particles(const dbf__rx *x, dbf_span name, size_t end) {
  static const char *const particles[] = {"del", "de",  "da", "do", "dos", "van",
                                          "von", "der", "y",  "la", "le",  NULL};
  for (int more = 0; more < 2 && name.len > 0; more++) {
    size_t ne = name.off + name.len, pw = ne + 1, pe = pw;
    while (pe < end && dbf__tx_islower((unsigned char)x->s[pe]))
      pe++;
    if (ne >= end || x->s[ne] != ' ' || pe == pw || pe + 1 >= end || x->s[pe] != ' ' ||
        !dbf__tx_word_in(x->s + pw, pe - pw, particles) ||
        !dbf__tx_isupper((unsigned char)x->s[pe + 1]))
      break;
    dbf_span tail = dbf__rx_cap_run(x, pe + 1, end);
    if (tail.off != pe + 1 || tail.len == 0)
      break;
    name.len = tail.off + tail.len - name.off;
  }
  return name;
}

/* "their payroll vendor (Quenby)", "the old maker (kelloway)": a name
   opened by a bracket right after a word of a rival's kind says which. */
static bool bracket_after_kind(const dbf__rx *x, dbf_span sent, size_t p) {
  if (p < sent.off + 3 || x->s[p - 1] != '(' || x->s[p - 2] != ' ')
    return false;
  dbf_span kind = dbf__tx_word_before(x->s, p - 2);
  return kind.len > 0 && kind.off >= sent.off &&
         dbf__tx_word_in(x->s + kind.off, kind.len, k_rival_kinds);
}

/*
 * Asked about competitors, a person names them: every proper name in the
 * answer that is no person, no date, no acronym of everyday business
 * ("POC", "IT") and not the customer is a vendor. A sentence's first word
 * counts when it has an inner capital or a verb follows ("Portwise is").
 */
/* "Budget", "Timing", "Staffing": an everyday word, or the -ing form of
   one ("time", "staff", "plan"), that an answer talks about as a topic
   ("Timing was the issue"), where a firm's name is no everyday word. */
static bool topic_word(const dbf__rx *x, size_t off, size_t n) {
  char low[32];
  if (n < 3 || n + 2 > sizeof low)
    return false;
  for (size_t i = 0; i < n; i++)
    low[i] = dbf__tx_lower(x->s[off + i]);
  if (dbf__rx_common_word(x, low, 0, n))
    return true;
  if (n < 6 || memcmp(low + n - 3, "ing", 3) != 0)
    return false;
  size_t st = n - 3;
  if (dbf__rx_common_word(x, low, 0, st)) /* "staffing" */
    return true;
  low[st] = 'e'; /* "timing" */
  if (dbf__rx_common_word(x, low, 0, st + 1))
    return true;
  return low[st - 1] == low[st - 2] && dbf__rx_common_word(x, low, 0, st - 1); /* "planning" */
}

/* "Budget is tight", "Timing was the issue": one topic word that opens a
   sentence before a verb of being or having, which no phrase that follows
   rivals ("is the incumbent", "has its own") makes a firm. */
static bool topic_opens(const dbf__rx *x, const dbf__lexicon *after, dbf_span name, size_t end) {
  static const char *const be[] = {"is", "was", "are", "were", "has", "had", "have", NULL};
  for (size_t i = name.off; i < name.off + name.len; i++)
    if (!dbf__tx_isalnum((unsigned char)x->s[i]))
      return false; /* one word only */
  if (!topic_word(x, name.off, name.len))
    return false;
  size_t p = name.off + name.len;
  while (p < end && x->s[p] == ' ')
    p++;
  dbf_span v[1];
  dbf__lex_match m;
  return dbf__tx_words(x->s + p, end - p, v, 1) == 1 && v[0].off == 0 &&
         dbf__tx_word_in(x->s + p, v[0].len, be) &&
         !(after && dbf__lex_match_at(after, x->s, end, p, &m));
}

/* Does a kind of rival told by where it is from follow s[e], past a
   comma and a determiner: "Tovelo, a local startup", "Brannick Systems a
   regional integrator"? Such a kind says what the name before it is. */
static bool described_after(const dbf__rx *x, size_t e, size_t end) {
  static const char *const dets[] = {"a", "an", "one", "some", NULL};
  if (e < end && x->s[e] == ',')
    e++;
  dbf_span w[4];
  size_t nw = dbf__tx_words(x->s + e, end - e, w, 4);
  size_t k = 0;
  if (nw == 0 || x->s[e] != ' ' || w[0].off != 1)
    return false;
  if (dbf__tx_word_in(x->s + e + w[0].off, w[0].len, dets))
    k = 1;
  if (k >= nw || !origin_word(x->s + e + w[k].off, w[k].len))
    return false;
  for (size_t j = k + 1; j < nw && j <= k + 2; j++) {
    if (w[j].off != w[j - 1].off + w[j - 1].len + 1)
      return false;
    if (dbf__tx_word_in(x->s + e + w[j].off, w[j].len, k_rival_kinds))
      return !dbf__tx_word_in(x->s + e + w[j].off, w[j].len, k_kinds_no_firm);
  }
  return false;
}

/* "Positive.", "Neutral, leaning positive.", "Never came up.": one word
   that says how the meeting felt (the sentiment lexicon holds it whole)
   or denies ("never", "nobody"), said by one answering another question
   than the one asked or opening a sentence with a capital, names no
   rival. */
static bool stance_word(const dbf__rx *x, dbf_span name) {
  if (name.len == 0 || memchr(x->s + name.off, ' ', name.len))
    return false;
  const dbf__lexicon *mood = dbf__lex_get(x->ctx->lex, "sentiment");
  dbf__lex_match m;
  return (mood && dbf__lex_match_at(mood, x->s, name.off + name.len, name.off, &m) &&
          m.len == name.len) ||
         dbf__tx_negated_before(x->s, name.off + name.len, 1);
}

static void proper_names(dbf__rx *x, dbf_span sent, json_t *arr, const dbf__lexicon *vendors,
                         const dbf__lexicon *after) {
  size_t end = sent.off + sent.len;
  for (size_t p = sent.off; p < end; p++) {
    if (p > sent.off && x->s[p - 1] != ' ' && !bracket_after_kind(x, sent, p))
      continue;
    bool lead = p == sent.off || (p >= 2 && strchr("-*:;", x->s[p - 2]));
    unsigned char c = (unsigned char)x->s[p];
    size_t we = p;
    while (we < end && dbf__tx_isalnum((unsigned char)x->s[we]))
      we++;
    if (!dbf__tx_isupper(c) && !(dbf__tx_islower(c) && inner_capital(x->s + p, we - p)))
      continue;
    dbf_span name = dbf__tx_isupper(c) ? dbf__rx_cap_run(x, p, end) : (dbf_span){p, 0};
    if (name.len == 0) { /* "iSAMS" */
      size_t e = p;
      while (e < end && dbf__tx_isalnum((unsigned char)x->s[e]))
        e++;
      name = (dbf_span){p, e - p};
    }
    name = with_particles(x, name, end);
    bool possessive = name.len > 2 && x->s[name.off + name.len - 2] == '\'' &&
                      x->s[name.off + name.len - 1] == 's'; /* "Brightline Grid's proposal won" */
    if (possessive)
      name.len -= 2;
    while (name.len > 0 && strchr(".,'", x->s[name.off + name.len - 1]))
      name.len--;
    size_t ne = name.off + name.len;
    if (name.len > 0 && dbf__rx_is_starter(x, name)) {
      /* "Only Optirate on the revenue side": look past the starter. */
      size_t w = name.off;
      while (w < ne && x->s[w] != ' ')
        w++;
      p = w;
      continue;
    }
    p = ne;
    if (name.len < 2 || dbf__rx_is_person_or_account(x, name) || (lead && stance_word(x, name)))
      continue;
    bool caps = true;
    for (size_t i = name.off; i < ne && caps; i++)
      caps = !dbf__tx_islower((unsigned char)x->s[i]);
    dbf__lex_match m;
    bool known = vendors && dbf__lex_match_at(vendors, x->s, ne, name.off, &m);
    if (caps && name.len <= 4 && !known && !possessive)
      continue; /* "POC", "IT", "MIS"; "KLA's module" names a firm */
    /* "... quoted in May Honestly no idea", "... per van Cheaper": an everyday
       word capitalized mid-sentence, after a word no phrase goes on from
       ("and Excel", "an Access file" go on), opens a sentence whose stop
       was lost. */
    if (!lead && !memchr(x->s + name.off, ' ', name.len) && topic_word(x, name.off, name.len)) {
      dbf_span pw = dbf__tx_word_before(x->s, name.off);
      lead = pw.len > 0 && pw.off >= sent.off && !dbf__tx_function_word(x->s + pw.off, pw.len);
    }
    if (lead && !known && !possessive && !inner_capital(x->s + name.off, name.len) &&
        ((!vendor_verb_after(x, ne, end) && !described_after(x, ne, end)) ||
         topic_opens(x, after, name, end)))
      continue; /* "Earlier on the shortlist", "Budget is tight" */
                /* Uncued, a name after "to" is a place ("went to Berlin"). */
    if (!(name.off >= 3 && dbf__tx_ieqn(x->s + name.off - 3, "to ", 3) &&
          (name.off == 3 || !dbf__tx_isalnum((unsigned char)x->s[name.off - 4]))) ||
        deal_goes_to(x, sent, name.off - 3))
      add_vendor(x, arr, name); /* "onto Abacus" is no place */
  }
}

static bool sales_word(const dbf__rx *x, dbf_span name);

/* Is name one of our products: one g (products_discussed) knows from its
   lexicons or the record, or one the meeting's title names ("FY27 renewal
   - PermitFlow")? */
static bool known_ours(const dbf__rx *x, const dbf_template_field *g, dbf_span name) {
  char buf[ITEM_CAP];
  if (name.len == 0 || name.len >= sizeof buf)
    return false;
  memcpy(buf, x->s + name.off, name.len);
  buf[name.len] = '\0';
  const dbf__lexicon *gl[DBF__RX_MAX_LEXICONS];
  size_t ng = field_lexicons(x, g, gl);
  for (size_t j = 0; j < ng; j++) {
    dbf__lex_match m;
    if (dbf__lex_match_at(gl[j], buf, name.len, 0, &m) && m.len == name.len)
      return true;
  }
  const json_t *rec = json_is_object(x->ctx->record)
                          ? json_object_get(json_object_get(x->ctx->record, g->key), "value")
                          : NULL;
  size_t j;
  const json_t *v;
  json_array_foreach(rec, j, v) {
    if (json_is_string(v) && names_same_product(json_string_value(v), buf))
      return true;
  }
  const char *title = json_string_value(json_object_get(x->ctx->subject, "title"));
  return title && dbf__tx_find_word(title, strlen(title), 0, buf) != (size_t)-1;
}

/*
 * A sentence that only lists two or more names, one of them ours
 * ("PermitFlow and Inspector Mobile."), lists our products whatever was
 * asked: fills names
 * (up to max) and returns how many, or 0 when the sentence is no such list.
 */
static size_t ours_list(const dbf__rx *x, const dbf_template_field *g, dbf_span sent,
                        dbf_span *names, size_t max) {
  dbf_span items[16];
  size_t ni = dbf__tx_list_items(x->s, sent, items, 16), n = 0;
  bool ours = false;
  for (size_t i = 0; i < ni; i++) {
    dbf_span whole = dbf__tx_strip_fillers(x->s, items[i]);
    while (whole.len > 0 && strchr(".,;!", x->s[whole.off + whole.len - 1]))
      whole.len--;
    dbf_span it = name_part(x, whole); /* only "the", "and": nothing said about it */
    if (it.len == 0)
      continue;
    dbf_span name = dbf__rx_cap_run(x, it.off, it.off + it.len);
    if (it.off + it.len != whole.off + whole.len || name.off != it.off || name.len != it.len ||
        n == max || dbf__rx_is_starter(x, name) || dbf__rx_is_person_or_account(x, name) ||
        sales_word(x, name))
      return 0;
    ours = ours || known_ours(x, g, name);
    names[n++] = name;
  }
  return ours && n >= 2 ? n : 0; /* "Negotiation." names the title's stage */
}

static bool all_caps(const dbf__rx *x, dbf_span name) {
  for (size_t i = name.off; i < name.off + name.len; i++)
    if (dbf__tx_islower((unsigned char)x->s[i]))
      return false;
  return true;
}

/* A word that says where a rival comes from: a nationality ("Chinese",
   "German", typed "chinese" too) or "local", "regional", "foreign". */
static bool origin_word(const char *s, size_t n) {
  static const char *const places[] = {"local",    "regional", "domestic", "foreign",
                                       "overseas", "offshore", NULL};
  return dbf__tx_word_in(s, n, places) || dbf__tx_word_in(s, n, k_nations);
}

/* "the current supplier", "their existing vendor": a word that says a
   rival is the one the customer has now or had. */
static bool status_quo_word(const char *s, size_t n) {
  static const char *const now[] = {"current", "existing", "incumbent", "previous", NULL};
  return dbf__tx_word_in(s, n, now);
}

/* Is s[p..p+n) a name: capitalized (not "I"), known to the vendor
   lexicon, or, typed in lower case, no everyday word and no verb's form
   ("offers", "quoted", "going")? Capitals count only when cap says. */
static bool name_like(const dbf__rx *x, size_t p, size_t n, bool cap) {
  const char *w = x->s + p;
  const dbf__lexicon *vendors = dbf__lex_get(x->ctx->lex, "competitors");
  dbf__lex_match vm;
  if (vendors && dbf__lex_match_at(vendors, x->s, x->n, p, &vm) && vm.len == n)
    return true;
  if (dbf__tx_isupper((unsigned char)*w) || inner_capital(w, n))
    return cap && !(n == 1 && *w == 'I') && !dbf__tx_function_word(w, n);
  static const char *const forms[] = {"ed", "ing", "ly", NULL};
  for (size_t k = 0; forms[k]; k++) {
    size_t l = strlen(forms[k]);
    if (n > l + 2 && dbf__tx_ieqn(w + n - l, forms[k], l))
      return false;
  }
  if (n > 3 && w[n - 1] == 's' && dbf__rx_common_word(x, x->s, p, n - 1))
    return false; /* "offers", "tools" */
  return dbf__tx_islower((unsigned char)*w) && n >= 4 && !dbf__rx_common_word(x, x->s, p, n) &&
         !generic_word(x, w, n) && !(p + n < x->n && x->s[p + n] == '\'');
}

/*
 * Rivals named without a name, by where they come from or what they are
 * ("one Korean brand", "the German offer", "some local integrator", "the
 * incumbent", "their current supplier", "their pump maker"): kept in
 * the person's words, short, from the qualifier to the noun of a rival's
 * kind. None when a name follows to say who ("a local firm, Tessaly
 * Systems", "the incumbent is Acme"), when it is ours or denied.
 */
/* Trades a rival may be said by when no word of a maker's kind names it:
   "a print shop", "a Czech foundry", "a small studio". */
static const char *const k_trade_kinds[] = {"shop",    "shops",   "workshop", "studio", "tannery",
                                            "laundry", "foundry", "bureau",   NULL};

/* Is the word w a kind of rival firm (k_rival_kinds, or a trade when
   trades says so)? */
static bool rival_kind_word(const dbf__rx *x, dbf_span w, bool trades) {
  return dbf__tx_word_in(x->s + w.off, w.len, k_rival_kinds) ||
         (trades && dbf__tx_word_in(x->s + w.off, w.len, k_trade_kinds));
}

/* Is the word w[k] a place: a name (capitalized, or typed in lower case
   and no everyday word) that is no date ("in June", "from Monday")? */
static bool place_word(const dbf__rx *x, const dbf_span *w, size_t k) {
  dbf__date d[1];
  return name_like(x, w[k].off, w[k].len, true) &&
         dbf__date_scan(x->s + w[k].off, w[k].len, &x->ref, true, d, 1) == 0 &&
         dbf__date_weekday_at(x->s, x->n, w[k].off) < 0;
}

/*
 * "a cabinet builder in Nashik", "a small studio in Brno", "some print
 * shop from Gdansk": after "a", "an", "some" or "one" at w[k], a kind of
 * firm (one word before it may say which trade; a word of size or price
 * at w[k] is no part of it) followed by "in" or "from" and a place. Returns
 * the kind's index and sets *first to the item's first word, or returns
 * (size_t)-1.
 */
static size_t placed_rival(const dbf__rx *x, const dbf_span *w, size_t nw, size_t k,
                           size_t *first) {
  static const char *const sizes[] = {"small",   "little",  "tiny",   "big",   "large", "cheap",
                                      "cheaper", "smaller", "bigger", "young", NULL};
  size_t s = k;
  if (dbf__tx_word_in(x->s + w[k].off, w[k].len, sizes))
    s = k + 1;
  for (size_t q = s; q < nw && q <= s + 1; q++) {
    if (q > k && w[q].off != w[q - 1].off + w[q - 1].len + 1)
      return (size_t)-1; /* a mark between */
    if (dbf__tx_function_word(x->s + w[q].off, w[q].len))
      return (size_t)-1;
    if (!rival_kind_word(x, w[q], true) ||
        dbf__tx_word_in(x->s + w[q].off, w[q].len, k_kinds_no_firm))
      continue;
    static const char *const at[] = {"in", "from", NULL};
    if (q + 2 >= nw || w[q + 1].off != w[q].off + w[q].len + 1 ||
        !dbf__tx_word_in(x->s + w[q + 1].off, w[q + 1].len, at) ||
        w[q + 2].off != w[q + 1].off + w[q + 1].len + 1 || !place_word(x, w, q + 2))
      return (size_t)-1;
    /* "a firm in Cork uses Tallora": one that uses or chose something
       is a peer that tells of a rival, not one. */
    static const char *const uses[] = {"uses",   "used",  "using",  "runs",        "switched",
                                       "bought", "chose", "picked", "went",        "moved",
                                       "swears", "loves", "likes",  "recommended", NULL};
    if (q + 3 < nw && dbf__tx_word_in(x->s + w[q + 3].off, w[q + 3].len, uses))
      return (size_t)-1;
    *first = s;
    return q;
  }
  return (size_t)-1;
}

/* Does what is said before w[k] make a firm of a kind no rival: the
   customer's own business ("they run a bakery in Hamar"), a partner
   ("we partner with a shop in Lyon", "through a builder in Pune"), or a
   reason ("because a local shop is cheaper")? */
static bool kind_not_rival(const dbf__rx *x, const dbf_span *w, size_t k) {
  static const char *const before[] = {"run",     "runs",     "running",   "own",        "owns",
                                       "operate", "operates", "through",   "via",        "because",
                                       "since",   "cause",    "cos",       "coz",        "bc",
                                       "partner", "partners", "partnered", "partnering", NULL};
  for (size_t j = k >= 4 ? k - 4 : 0; j + 1 < k; j++)
    if (dbf__tx_word_in(x->s + w[j].off, w[j].len, before))
      return true;
  return false;
}

static void described_rivals(dbf__rx *x, dbf_span sent, json_t *arr, const dbf__lexicon *vendors) {
  dbf_span w[64];
  size_t nw = sent_words(x, sent, w, 64);
  for (size_t k = 0; k < nw; k++) {
    const char *wk = x->s + w[k].off;
    bool prev_their = k > 0 && w[k - 1].len == 5 && dbf__tx_ieqn(x->s + w[k - 1].off, "their", 5);
    bool prev_det =
        prev_their || (k > 0 && dbf__tx_word_in(x->s + w[k - 1].off, w[k - 1].len,
                                                (const char *const[]){"the", "a", "an", NULL}));
    bool origin = origin_word(wk, w[k].len);
    bool status = prev_det && status_quo_word(wk, w[k].len);
    /* "their pump maker": the customer's own supplier, by its kind. */
    bool theirs = prev_their && !origin && !status && !dbf__tx_function_word(wk, w[k].len);
    /* ... and by a maker's kind only: "their quote", "their parent
       company" say whose, not who. */
    static const char *const makers[] = {"supplier",   "vendor",       "provider", "builder",
                                         "integrator", "manufacturer", "maker",    "contractor",
                                         "dealer",     "distributor",  "reseller", NULL};
    /* "a cabinet builder in Nashik": no word of where from, but a place. */
    bool indef = k > 0 && dbf__tx_word_in(x->s + w[k - 1].off, w[k - 1].len,
                                          (const char *const[]){"a", "an", "some", "one", NULL});
    size_t first = k, kind = (size_t)-1;
    bool placed = false, trade = false;
    if (!origin && !status && !theirs && indef) {
      kind = placed_rival(x, w, nw, k, &first);
      placed = trade = kind != (size_t)-1;
    }
    if (!origin && !status && !theirs && !placed)
      continue;
    /* The noun of a rival's kind: this word ("the incumbent") or one of
       the next two, with nothing but words between. */
    for (size_t q = theirs ? k : k + (w[k].len == 9 && dbf__tx_ieqn(wk, "incumbent", 9) ? 0 : 1);
         !placed && q < nw && q <= k + 2 && kind == (size_t)-1; q++) {
      if (q > k && (w[q].off > w[q - 1].off + w[q - 1].len + 1 ||
                    dbf__tx_function_word(x->s + w[q].off, w[q].len)))
        break; /* a mark or a function word between */
      if (dbf__tx_word_in(x->s + w[q].off, w[q].len, theirs ? makers : k_rival_kinds))
        kind = q;
      else if (origin && rival_kind_word(x, w[q], true))
        kind = q, trade = true; /* "a Czech foundry", "some local repair shop" */
    }
    if (kind == (size_t)-1 || (trade && kind_not_rival(x, w, k)))
      continue;
    /* "Axon is the incumbent", "it's the incumbent", "Acme as the local
       partner": a predicate says what a name said before it is. */
    static const char *const is[] = {"is",   "was",    "are",   "were",    "it's",   "its", "who's",
                                     "whos", "that's", "thats", "they're", "theyre", NULL};
    /* ... but "the existing vendor is a little print shop in Brno" says
       what the rival is by its kind and place. */
    bool kind_is = placed && k >= 3 && rival_kind_word(x, w[k - 3], false) && w[k - 2].len == 2 &&
                   dbf__tx_ieqn(x->s + w[k - 2].off, "is", 2);
    if (k >= 2 && prev_det && !kind_is &&
        (dbf__tx_word_in(x->s + w[k - 2].off, w[k - 2].len, is) ||
         (w[k - 2].len == 2 && dbf__tx_ieqn(x->s + w[k - 2].off, "as", 2) && k >= 3 &&
          (dbf__tx_isupper((unsigned char)x->s[w[k - 3].off]) ||
           (vendors && dbf__lex_any(vendors, x->s + w[k - 3].off, w[k - 3].len))))))
      continue;
    /* "Brandvik, a Danish integrator", "Norlex, their ERP vendor": an
       apposition says what the name before it is. */
    size_t d = w[k - (prev_det && k > 0 ? 1 : 0)].off;
    while (d > sent.off && (x->s[d - 1] == ' ' || x->s[d - 1] == ','))
      d--;
    size_t bb = d;
    while (bb > sent.off && (dbf__tx_isalnum((unsigned char)x->s[bb - 1]) || x->s[bb - 1] == '-'))
      bb--;
    if (bb < d && name_like(x, bb, d - bb, true))
      continue;
    if (dbf__tx_negated_before(x->s, w[k].off, 3) || ours_before(x, w[k].off) ||
        (k > 0 && ours_before(x, w[k - 1].off)))
      continue;
    /* "the incumbent is just paper forms from the printer": what it is follows. */
    size_t e = w[kind].off + w[kind].len;
    if (w[kind].len == 9 && dbf__tx_ieqn(x->s + w[kind].off, "incumbent", 9) && kind + 1 < nw &&
        dbf__tx_word_in(x->s + w[kind + 1].off, w[kind + 1].len,
                        (const char *const[]){"is", "was", NULL}))
      continue;
    /* "the current supplier is a dev shop in Pune": the kind and place
       that follow say who it is. */
    size_t ignored;
    if (status && kind + 3 < nw && w[kind + 1].len == 2 &&
        dbf__tx_ieqn(x->s + w[kind + 1].off, "is", 2) &&
        dbf__tx_word_in(x->s + w[kind + 2].off, w[kind + 2].len,
                        (const char *const[]){"a", "an", NULL}) &&
        placed_rival(x, w, nw, kind + 3, &ignored) != (size_t)-1)
      continue;
    /* "a local outfit from Tromso": where it is from is part of what it
       is; more than one name after "from" names the firm itself. Where it
       is ("a dev shop in Pune") is part of it too. */
    bool from = kind + 2 < nw && w[kind + 1].len == 4 &&
                dbf__tx_ieqn(x->s + w[kind + 1].off, "from", 4) &&
                w[kind + 2].off == w[kind + 1].off + 5 &&
                name_like(x, w[kind + 2].off, w[kind + 2].len, true);
    bool in = kind + 2 < nw && w[kind + 1].len == 2 &&
              dbf__tx_ieqn(x->s + w[kind + 1].off, "in", 2) &&
              w[kind + 2].off == w[kind + 1].off + 3 && place_word(x, w, kind + 2);
    if ((from || in) && w[kind + 1].off == e + 1) {
      if (from && kind + 3 < nw && w[kind + 3].off == w[kind + 2].off + w[kind + 2].len + 1 &&
          dbf__tx_isupper((unsigned char)x->s[w[kind + 3].off]))
        continue;
      e = w[kind + 2].off + w[kind + 2].len;
      kind += 2;
    }
    /* A name after it says who: ", Tessaly Systems", "called Fleetly",
       "is Acme". */
    size_t p = e;
    while (p < sent.off + sent.len && strchr(" ,-(", x->s[p]))
      p++;
    static const char *const says_who[] = {"called ", "named ", "is ", "was ", "-- ", NULL};
    for (size_t j = 0; says_who[j]; j++)
      if (dbf__tx_ieqn(x->s + p, says_who[j], strlen(says_who[j])))
        p += strlen(says_who[j]);
    /* ... a word no everyday one, typed in lower case: "a local firm
       tessaly systems". */
    size_t pe = p;
    while (pe < sent.off + sent.len && dbf__tx_isalnum((unsigned char)x->s[pe]))
      pe++;
    if (p < pe && p > e && name_like(x, p, pe - p, true))
      continue;
    dbf__rx_add_span(x, arr, (dbf_span){w[first].off, e - w[first].off});
    k = kind;
  }
}

/* "Jane App", "Tom Health": after a cue, a name whose last word says
   what kind of firm or product it is names a firm, even when its first
   word is a person's given name; the customer's own name stays out. */
static bool firm_headed(const dbf__rx *x, dbf_span name) {
  const char *sp = memchr(x->s + name.off, ' ', name.len);
  if (!sp)
    return false;
  dbf_span last = dbf__tx_word_before(x->s, name.off + name.len);
  if (!dbf__tx_word_in(x->s + last.off, last.len, k_firm_heads))
    return false;
  size_t al = strlen(x->people.account);
  return !(al && dbf__tx_ieqn(x->s + name.off, x->people.account, name.len < al ? name.len : al));
}

/* True when someone of the meeting bears name as a first name, or as the
   whole name. */
static bool known_first_name(const dbf__rx *x, dbf_span name) {
  for (size_t k = 0; k < x->people.n_known; k++) {
    const char *kn = x->people.known[k].name;
    if (strlen(kn) >= name.len && dbf__tx_ieqn(kn, x->s + name.off, name.len) &&
        (kn[name.len] == '\0' || kn[name.len] == ' '))
      return true;
  }
  return false;
}

/* Is w a maker's kind as a possessive ("maker's", or dictated without
   the mark, "makers")? */
static bool maker_possessive(const char *w, size_t n) {
  static const char *const makers[] = {"supplier",     "vendor",  "provider", "builder",
                                       "integrator",   "oem",     "maker",    "contractor",
                                       "manufacturer", "dealer",  "reseller", "distributor",
                                       "installer",    "partner", NULL};
  bool mark = n > 3 && w[n - 2] == '\'' && (w[n - 1] == 's' || w[n - 1] == 'S');
  if (!mark && !(n > 3 && w[n - 1] == 's'))
    return false;
  return dbf__tx_word_in(w, mark ? n - 2 : n - 1, makers);
}

/*
 * A rival's own product, said by the kind of maker it comes from and not
 * by a name: "the press maker's own app", "their ERP vendor's own
 * module". Kept whole, from the owner's kind (with up to two words before
 * it that say which maker) to one or two words of the thing after "own".
 * A named firm's own product is that firm, read as its name elsewhere;
 * the customer's, a body's or our own stay out, and so does one denied.
 */
static void makers_own(dbf__rx *x, json_t *arr, dbf_span sent) {
  dbf_span w[64];
  size_t nw = sent_words(x, sent, w, 64);
  for (size_t k = 1; k + 1 < nw; k++) {
    if (!(w[k].len == 3 && dbf__tx_ieqn(x->s + w[k].off, "own", 3)) ||
        w[k].off != w[k - 1].off + w[k - 1].len + 1)
      continue;
    if (!maker_possessive(x->s + w[k - 1].off, w[k - 1].len))
      continue;
    /* "the machine maker's", "their core banking vendor's": the words
       that say which maker, up to a function word or a mark. */
    size_t b = w[k - 1].off;
    for (size_t q = k - 1, m = 0; q > 0 && m < 2; q--, m++) {
      const char *pq = x->s + w[q - 1].off;
      if (w[q].off != w[q - 1].off + w[q - 1].len + 1 || dbf__tx_function_word(pq, w[q - 1].len))
        break;
      b = w[q - 1].off;
    }
    if (dbf__tx_negated_before(x->s, b, 3) || ours_before(x, b))
      continue;
    /* The thing: one or two words after "own", up to a function word. */
    size_t e = 0;
    for (size_t q = k + 1; q < nw && q <= k + 2; q++) {
      const char *pq = x->s + w[q].off;
      if (w[q].off != w[q - 1].off + w[q - 1].len + 1 || dbf__tx_function_word(pq, w[q].len))
        break;
      e = w[q].off + w[q].len;
    }
    if (e == 0)
      continue;
    /* A first part of it said beside it is this item. */
    for (size_t i = json_array_size(arr); i-- > 0;) {
      const char *a = json_string_value(json_array_get(arr, i));
      size_t la = a ? strlen(a) : 0;
      if (a && la < e - b && dbf__tx_ieqn(a, x->s + b, la) &&
          !dbf__tx_isalnum((unsigned char)x->s[b + la]))
        json_array_remove(arr, i);
    }
    dbf__rx_add_span(x, arr, (dbf_span){b, e - b});
    k++;
  }
}

/* "a counter-offer from Ravel", "a bid from Noor": right after a cue
   of an offer made ("... from"), one word that could be a given name
   names the firm that made it, unless someone of the meeting has that
   name or a firm follows ("Noor at Kelvix"). */
static bool offer_from_firm(const dbf__rx *x, dbf__lex_match cue, size_t base, dbf_span name) {
  static const char *const offers[] = {"offer", "quote", "bid", "proposal", "quotation", NULL};
  const char *c = x->s + base + cue.off;
  if (cue.len < 5 || !dbf__tx_ieqn(c + cue.len - 4, "from", 4) ||
      memchr(x->s + name.off, ' ', name.len))
    return false;
  dbf_span w[8];
  size_t nw = dbf__tx_words(c, cue.len, w, 8);
  bool offer = false;
  for (size_t k = 0; k < nw && !offer; k++)
    offer = dbf__tx_word_in(c + w[k].off, w[k].len, offers);
  if (!offer || name.off != base + cue.off + cue.len + 1)
    return false;
  if (known_first_name(x, name))
    return false;
  size_t e = name.off + name.len;
  static const char *const at[] = {" at ", " from ", " of ", NULL};
  for (size_t k = 0; at[k]; k++)
    if (dbf__tx_ieqn(x->s + e, at[k], strlen(at[k])))
      return false;
  return true;
}

/* "a vendor called Harvey", "one firm named Morgan": a name given right
   after "called" or "named" that follows a kind of rival names the firm,
   even when a person could bear it, unless someone of the meeting has
   that name or a firm is said after it ("... from Coolwave"). */
static bool called_firm(const dbf__rx *x, dbf__lex_match cue, size_t base, dbf_span name) {
  dbf_span last = dbf__tx_word_before(x->s, base + cue.off + cue.len);
  if (!dbf__tx_word_in(x->s + last.off, last.len, (const char *const[]){"called", "named", NULL}) ||
      name.off != base + cue.off + cue.len + 1 || memchr(x->s + name.off, ' ', name.len))
    return false;
  dbf_span kind = dbf__tx_word_before(x->s, last.off);
  if (kind.len == 0 || kind.off < base ||
      !dbf__tx_word_in(x->s + kind.off, kind.len, k_rival_kinds))
    return false;
  /* "a contractor called Tomasz from Coolwave": a person of a firm. */
  size_t e = name.off + name.len;
  static const char *const at[] = {" at ", " from ", " of ", " with ", NULL};
  for (size_t k = 0; at[k]; k++)
    if (dbf__tx_ieqn(x->s + e, at[k], strlen(at[k])))
      return false;
  if (known_first_name(x, name))
    return false;
  return true;
}

/* "Thornvale for sure, they kept...", "Quayline (won it).": in the answer
   to the rivals question, a name that opens a sentence and is closed at
   once (name_closed_at) is a rival said bare, with no cue. */
static void opening_name(dbf__rx *x, json_t *arr, dbf_span sent) {
  size_t b = opener_at(x->s, sent.off, sent.off + sent.len);
  if (b >= sent.off + sent.len || !dbf__tx_isupper((unsigned char)x->s[b]))
    return;
  dbf_span name = dbf__rx_cap_run(x, b, sent.off + sent.len);
  size_t e = name.off + name.len;
  if (name.len < 2 || name.off != b || !name_closed_at(x->s, x->n, e) ||
      dbf__rx_is_starter(x, name) || dbf__rx_is_person_or_account(x, name))
    return;
  /* "Budget is the worry": the first word, in lower case, no everyday one. */
  char low[32];
  size_t nl = 0;
  while (b + nl < e && nl < sizeof low - 1 && dbf__tx_isalnum((unsigned char)x->s[b + nl])) {
    low[nl] = dbf__tx_lower(x->s[b + nl]);
    nl++;
  }
  low[nl] = '\0';
  if (dbf__rx_common_word(x, low, 0, nl) || generic_word(x, low, nl) || topic_word(x, b, nl))
    return;
  add_vendor(x, arr, name);
}

/* Determiners that may open what the customer keeps: "the old lamps". */
static const char *const k_kept_dets[] = {"the", "their", "those", "these",
                                          "his", "her",   "its",   NULL};

/* The words from w[j] on that say what is kept, up to three after an
   optional determiner, ended by a mark, a function word or a word that
   says for how long or how ("another two winters", "themselves");
   returns the index past the last, or j when there is none. *det says
   whether w[j] is a determiner. */
static size_t kept_thing(const dbf__rx *x, const dbf_span *w, size_t nw, size_t j, bool *det) {
  static const char *const stops[] = {
      "another",    "for",     "until",   "till",   "and", "or",    "but",     "instead",
      "themselves", "himself", "herself", "itself", "now", "today", "forever", "longer",
      "going",      "running", "as",      "is",     "are", "was",   "because", "which",
      "under",      "below",   "above",   "within", "low", "down",  "up",      NULL};
  *det = j < nw && dbf__tx_word_in(x->s + w[j].off, w[j].len, k_kept_dets);
  size_t q = j + (*det ? 1 : 0);
  size_t e = q;
  while (e < nw && e < q + 3) {
    const char *s = x->s + w[e].off;
    if (e > j && w[e].off != w[e - 1].off + w[e - 1].len + 1)
      break; /* a mark between */
    if (e > q && w[e].len == 1)
      break; /* "w/" for "with", typed short */
    if (dbf__tx_function_word(s, w[e].len) || dbf__tx_word_in(s, w[e].len, stops) ||
        (w[e].len > 3 && dbf__tx_ieqn(s + w[e].len - 2, "ly", 2)) ||
        !dbf__tx_isalnum((unsigned char)*s))
      break;
    e++;
  }
  return e > q ? e : j;
}

/*
 * "could just keep logging it on paper", "rather keep checking the tanks
 * by hand": going on with a practice, said as "keep" and the verb in -ing
 * after a word of weighing. Kept from "keep" to the end of the practice:
 * up to five words after the verb, up to a mark, a word that joins or
 * opens a clause, or a person who would open one. None for a verb of
 * talk or of coming and going ("they just keep asking about price"),
 * read as a habit, not an alternative; nor for "doing" and "using", read
 * with the thing only (status_quo_kept). Returns the words taken after
 * k, or 0.
 */
static size_t keep_practice(dbf__rx *x, json_t *arr, const dbf_span *w, size_t nw, size_t k) {
  static const char *const weighing[] = {"just", "rather", "could",  "would",    "might", "maybe",
                                         "to",   "or",     "simply", "probably", "prob",  NULL};
  static const char *const habits[] = {
      "doing",     "using",   "going",    "coming",  "getting",  "asking",     "saying",
      "telling",   "talking", "calling",  "pushing", "bringing", "mentioning", "complaining",
      "bugging",   "looking", "trying",   "waiting", "hoping",   "thinking",   "emailing",
      "insisting", "raising", "changing", "growing", "running",  NULL};
  static const char *const ends[] = {"and",   "or",   "but",     "because", "which",  "so",
                                     "until", "till", "instead", "if",      "while",  "since",
                                     "than",  "that", "they",    "we",      "he",     "she",
                                     "i",     "you",  "for",     "like",    "though", NULL};
  if (k == 0 || k + 1 >= nw || !(w[k].len == 4 && dbf__tx_ieqn(x->s + w[k].off, "keep", 4)))
    return 0;
  const char *wv = x->s + w[k + 1].off;
  if (!dbf__tx_word_in(x->s + w[k - 1].off, w[k - 1].len, weighing) ||
      !activity_word(wv, w[k + 1].len) || dbf__tx_word_in(wv, w[k + 1].len, habits) ||
      w[k + 1].off != w[k].off + w[k].len + 1 || dbf__tx_negated_before(x->s, w[k].off, 4))
    return 0;
  size_t e = k + 2;
  while (e < nw && e < k + 7) {
    const char *s = x->s + w[e].off;
    if (w[e].off != w[e - 1].off + w[e - 1].len + 1 || !dbf__tx_isalnum((unsigned char)*s) ||
        dbf__tx_word_in(s, w[e].len, ends))
      break;
    e++;
  }
  /* (a word of function does not end the practice: "by hand" ends it) */
  while (e > k + 2 && dbf__tx_function_word(x->s + w[e - 1].off, w[e - 1].len))
    e--;
  size_t end = w[e - 1].off + w[e - 1].len;
  dbf__rx_add_span(x, arr, (dbf_span){w[k].off, end - w[k].off});
  return e - k - 1;
}

/*
 * The customer keeping what it has, an alternative with no vendor: "just
 * keeping the old boilers another year" (kept as "keep the old boilers"),
 * "sticking with paper rosters", "do it all in Sheets themselves", "the
 * gas heaters they have now", "carry on with the hand counts", "keep
 * doing manual audits" (the thing only). None when denied, or when
 * what is kept is a rival said by its kind ("their current vendor").
 */
static void status_quo_kept(dbf__rx *x, json_t *arr, dbf_span sent) {
  static const char *const keep[] = {"keep", "keeping", "keeps", NULL};
  static const char *const stay[] = {"stick", "sticking", "sticks", "stay", "staying", NULL};
  static const char *const dos[] = {"do", "doing", NULL};
  static const char *const what[] = {"it", "this", "that", "everything", "things", NULL};
  static const char *const with[] = {"with", "on", "to", "using", NULL};
  static const char *const in[] = {"in", "on", "with", NULL};
  static const char *const have[] = {"have", "run", "use", "got", NULL};
  /* "keep doing", "carry on with", "continue using": going on with what
     they do now, said as the practice itself. */
  static const char *const doing[] = {"doing", "using", NULL};
  static const char *const carry[] = {"carry", "carrying", "carries", "carried", NULL};
  static const char *const go_on[] = {"continue", "continuing", "continues", NULL};
  static const char *const on_with[] = {"with", "using", "doing", NULL};
  dbf_span w[64];
  size_t nw = sent_words(x, sent, w, 64);
  for (size_t k = 0; k + 1 < nw; k++) {
    const char *wk = x->s + w[k].off;
    size_t j = 0;
    bool say_keep = false, going_on = false;
    size_t took = keep_practice(x, arr, w, nw, k);
    if (took > 0) {
      k += took;
      continue;
    }
    if (dbf__tx_word_in(wk, w[k].len, keep) &&
        dbf__tx_word_in(x->s + w[k + 1].off, w[k + 1].len, doing)) {
      j = k + 2; /* "keep doing the night rounds": the practice only */
      going_on = true;
    } else if (dbf__tx_word_in(wk, w[k].len, carry) && k + 2 < nw && w[k + 1].len == 2 &&
               dbf__tx_ieqn(x->s + w[k + 1].off, "on", 2) &&
               dbf__tx_word_in(x->s + w[k + 2].off, w[k + 2].len, on_with)) {
      j = k + 3;
      going_on = true;
    } else if (dbf__tx_word_in(wk, w[k].len, go_on) &&
               dbf__tx_word_in(x->s + w[k + 1].off, w[k + 1].len, on_with)) {
      j = k + 2;
      going_on = true;
    } else if (dbf__tx_word_in(wk, w[k].len, keep)) {
      j = k + 1;
      say_keep = !dbf__tx_word_in(x->s + w[j].off, w[j].len, with);
      if (!say_keep)
        j++;
    } else if (dbf__tx_word_in(wk, w[k].len, stay) &&
               dbf__tx_word_in(x->s + w[k + 1].off, w[k + 1].len, with)) {
      j = k + 2;
    } else if (dbf__tx_word_in(wk, w[k].len, dos) && k + 2 < nw &&
               dbf__tx_word_in(x->s + w[k + 1].off, w[k + 1].len, what)) {
      j = k + 2;
      if (j < nw && w[j].len == 3 && dbf__tx_ieqn(x->s + w[j].off, "all", 3))
        j++; /* "do it all in ..." */
      if (!(j < nw && dbf__tx_word_in(x->s + w[j].off, w[j].len, in)))
        continue;
      j++;
    } else if (k >= 2 && w[k].len == 4 && dbf__tx_ieqn(wk, "they", 4) &&
               dbf__tx_word_in(x->s + w[k + 1].off, w[k + 1].len, have) && k + 2 < nw &&
               dbf__tx_word_in(x->s + w[k + 2].off, w[k + 2].len,
                               (const char *const[]){"now", "today", "already", NULL})) {
      /* "the gas heaters they have now": back to "the". */
      size_t d = k;
      while (d > 0 && d + 3 > k &&
             !(w[d - 1].len == 3 && dbf__tx_ieqn(x->s + w[d - 1].off, "the", 3)))
        d--;
      if (d == 0 || d == k || !(w[d - 1].len == 3 && dbf__tx_ieqn(x->s + w[d - 1].off, "the", 3)))
        continue;
      bool det;
      if (kept_thing(x, w, nw, d, &det) != k || dbf__tx_negated_before(x->s, w[d].off, 4))
        continue;
      dbf__rx_add_span(x, arr, (dbf_span){w[d].off, w[k - 1].off + w[k - 1].len - w[d].off});
      continue;
    } else {
      continue;
    }
    if (j >= nw || dbf__tx_negated_before(x->s, w[k].off, 4))
      continue;
    bool det;
    size_t e = kept_thing(x, w, nw, j, &det);
    if (e == j || (say_keep && !det))
      continue; /* "keep it in house", "keep costs down" */
    /* "keep doing the rounds in house": done by themselves, read as
       such elsewhere (add_in_house). */
    static const char *const self[] = {"in-house", "inhouse", "themselves", "internally", NULL};
    if (going_on && e < nw &&
        (dbf__tx_word_in(x->s + w[e].off, w[e].len, self) ||
         (e + 1 < nw && w[e].len == 2 && dbf__tx_ieqn(x->s + w[e].off, "in", 2) &&
          w[e + 1].len == 5 && dbf__tx_ieqn(x->s + w[e + 1].off, "house", 5))))
      continue;
    /* "stick with their current vendor": a rival by its kind is read
       elsewhere (described_rivals). */
    /* ... nor are the deal's terms: "keep the price flat". */
    static const char *const terms[] = {"price", "prices", "cost", "costs", "budget",
                                        "rate",  "rates",  "fee",  "fees",  NULL};
    bool kind = false;
    for (size_t q = j; q < e && !kind; q++)
      kind = dbf__tx_word_in(x->s + w[q].off, w[q].len, k_rival_kinds) ||
             status_quo_word(x->s + w[q].off, w[q].len) ||
             dbf__tx_word_in(x->s + w[q].off, w[q].len, terms);
    if (kind)
      continue;
    size_t b = say_keep ? j : j + (det ? 1 : 0);
    size_t end = w[e - 1].off + w[e - 1].len;
    char item[96];
    int len = snprintf(item, sizeof item, "%s%.*s", say_keep ? "keep " : "", (int)(end - w[b].off),
                       x->s + w[b].off);
    if (len > 0 && (size_t)len < sizeof item)
      dbf__rx_union_item(arr, json_string(item));
  }
}

/*
 * An alternative said as what the customer would do instead of buying:
 * going back to an old practice ("could just go back to paper logs"),
 * buying more of what they have ("would rather buy more heaters"), hiring
 * more people for the job ("just hire three more clerks"), buying a new
 * one of what they have ("could just buy a new boiler"). Kept in the
 * -ing form, with what follows as kept_thing reads it. The verb must
 * follow a word of weighing ("just", "could", "rather", "about"); none
 * when denied, when what follows is a pronoun, a person's own ("my
 * manager"), an activity ("doing the checks"), which are read apart, or
 * a new "one" that says no thing.
 */
static void back_or_more(dbf__rx *x, json_t *arr, dbf_span sent) {
  static const char *const weighing[] = {
      "just",    "could",      "would",     "might", "maybe",  "rather", "about",
      "abt",     "at",         "of",        "is",    "simply", "or",     "considering",
      "floated", "considered", "suggested", "theyd", "they'd", "we'd",   NULL};
  static const char *const go[] = {"go", "going", NULL};
  static const char *const buy[] = {"buy", "buying", NULL};
  static const char *const hire[] = {"hire", "hiring", NULL};
  static const char *const whose[] = {"my", "our", "your", "me", "us", "you", "him", "her", NULL};
  dbf_span w[64];
  size_t nw = sent_words(x, sent, w, 64);
  for (size_t k = 1; k + 2 < nw; k++) {
    const char *wk = x->s + w[k].off;
    const char *head = NULL;
    size_t j = 0, num = 0;
    bool fresh = false; /* "buy a new ..." */
    if (dbf__tx_word_in(wk, w[k].len, go) && w[k + 1].len == 4 &&
        dbf__tx_ieqn(x->s + w[k + 1].off, "back", 4) && k + 3 < nw && w[k + 2].len == 2 &&
        dbf__tx_ieqn(x->s + w[k + 2].off, "to", 2)) {
      head = "going back to";
      j = k + 3;
    } else if (dbf__tx_word_in(wk, w[k].len, buy) && w[k + 1].len == 4 &&
               dbf__tx_ieqn(x->s + w[k + 1].off, "more", 4)) {
      head = "buying more";
      j = k + 2;
    } else if (dbf__tx_word_in(wk, w[k].len, buy) && k + 3 < nw && w[k + 1].len == 1 &&
               dbf__tx_ieqn(x->s + w[k + 1].off, "a", 1) && w[k + 2].len == 3 &&
               dbf__tx_ieqn(x->s + w[k + 2].off, "new", 3)) {
      /* "could just buy a new chart recorder": a new one of what they
         have, bought in place of ours */
      head = "buying a new";
      j = k + 3;
      fresh = true;
    } else if (dbf__tx_word_in(wk, w[k].len, buy) && w[k + 1].len == 3 &&
               dbf__tx_ieqn(x->s + w[k + 1].off, "new", 3)) {
      head = "buying new";
      j = k + 2;
      fresh = true;
    } else if (dbf__tx_word_in(wk, w[k].len, hire)) {
      size_t q = k + 1;
      const char *wq = x->s + w[q].off;
      if (dbf__tx_number_word(wq, w[q].len) > 0 || (w[q].len < 4 && (*wq >= '0' && *wq <= '9')))
        num = q++;
      if (q + 1 >= nw || !(w[q].len == 4 && dbf__tx_ieqn(x->s + w[q].off, "more", 4)))
        continue;
      head = num ? "hiring" : "hiring more";
      j = q + 1;
    } else {
      continue;
    }
    for (size_t q = k; q < j; q++)
      if (w[q + 1].off != w[q].off + w[q].len + 1)
        head = NULL; /* a mark between */
    if (!head || !dbf__tx_word_in(x->s + w[k - 1].off, w[k - 1].len, weighing) ||
        dbf__tx_negated_before(x->s, w[k].off, 4))
      continue;
    const char *wj = x->s + w[j].off;
    if (dbf__tx_word_in(wj, w[j].len, whose) || activity_word(wj, w[j].len) ||
        dbf__tx_word_in(wj, w[j].len, (const char *const[]){"doing", "using", NULL}) ||
        (fresh && dbf__tx_word_in(wj, w[j].len, (const char *const[]){"one", "ones", NULL})))
      continue;
    bool det;
    size_t e = kept_thing(x, w, nw, j, &det);
    if (e == j)
      continue;
    size_t b = det ? j + 1 : j, end = w[e - 1].off + w[e - 1].len;
    /* "return to the previous planner" names a rival of before, read by
       its name; "buy more probes lol no not really" is taken back. */
    static const char *const before[] = {"old", "previous", "former", NULL};
    static const char *const back[] = {"not really", "no not", "nah", NULL};
    size_t bk = 0, se = sent.off + sent.len;
    bool old_one = false;
    for (size_t q = b; q < e; q++)
      old_one = old_one || dbf__tx_word_in(x->s + w[q].off, w[q].len, before);
    size_t taken = dbf__tx_find_any(x->s, se, end, back, &bk);
    if (old_one || (taken != (size_t)-1 && taken < end + 32))
      continue;
    /* Said already within a longer alternative ("buy more X and do it
       themselves"). */
    bool within = false;
    for (size_t i = 0; i < json_array_size(arr) && !within; i++) {
      const char *v = json_string_value(json_array_get(arr, i));
      if (v) {
        size_t tl = end - w[j].off, vl = strlen(v);
        for (size_t p = 0; p + tl <= vl && !within; p++)
          within = dbf__tx_ieqn(v + p, x->s + w[j].off, tl);
        /* ... or read by another rule from the same words. */
        within =
            within || (strlen(v) > 4 && dbf__tx_find_word(x->s, end, w[j].off, v) != (size_t)-1);
      }
    }
    if (within)
      continue;
    /* "back to paper forms + Excel": a tool named right after, joined
       on, is part of the same practice. */
    static const char *const joins[] = {" + ", " and ", " & ", NULL};
    size_t tool = 0;
    for (size_t q = 0; joins[q] && e < nw && !tool; q++) {
      size_t l = strlen(joins[q]);
      /* ("and" is a word of its own, "+" is none) */
      size_t n = q == 1 ? e + 1 : e;
      if (n < nw && end + l == w[n].off && dbf__tx_ieqn(x->s + end, joins[q], l) &&
          dbf__tx_isupper((unsigned char)x->s[w[n].off]) &&
          (n + 1 == nw || w[n + 1].off > w[n].off + w[n].len + 1 ||
           dbf__tx_function_word(x->s + w[n + 1].off, w[n + 1].len)))
        tool = n;
    }
    char item[112];
    int len;
    if (num)
      len = snprintf(item, sizeof item, "%s %.*s more %.*s", head, (int)w[num].len,
                     x->s + w[num].off, (int)(end - w[b].off), x->s + w[b].off);
    else
      len = snprintf(item, sizeof item, "%s %.*s", head, (int)(end - w[b].off), x->s + w[b].off);
    if (tool && len > 0 && (size_t)len < sizeof item)
      len += snprintf(item + len, sizeof item - (size_t)len, " and %.*s", (int)w[tool].len,
                      x->s + w[tool].off);
    if (len <= 0 || (size_t)len >= sizeof item)
      continue;
    /* The verb itself, read as a name where it opens a clause, goes, and
       so does the tool joined on, now part of the practice. */
    for (size_t i = json_array_size(arr); i-- > 0;) {
      const char *v = json_string_value(json_array_get(arr, i));
      if (v &&
          ((strlen(v) == w[k].len && dbf__tx_ieqn(v, wk, w[k].len)) ||
           (tool && strlen(v) == w[tool].len && dbf__tx_ieqn(v, x->s + w[tool].off, w[tool].len))))
        json_array_remove(arr, i);
    }
    dbf__rx_union_item(arr, json_string(item));
  }
}

/* Where in sent one of beside is said, skipping "that's not for us",
   which turns a rival down rather than setting a system apart; or -1. */
static size_t kept_beside_at(const dbf__rx *x, dbf_span sent, const char *const *beside) {
  static const char *const whom[] = {"us", "them", "me", "him", "her", "you", "now", NULL};
  size_t end = sent.off + sent.len, which = 0;
  for (size_t at = dbf__tx_find_any(x->s, end, sent.off, beside, &which); at != (size_t)-1;
       at = dbf__tx_find_any(x->s, end, at + 1, beside, &which)) {
    size_t e = at + strlen(beside[which]);
    dbf_span w[1];
    if (e > 3 && dbf__tx_ieqn(x->s + e - 3, "for", 3) &&
        dbf__tx_words(x->s + e, end - e, w, 1) == 1 &&
        dbf__tx_word_in(x->s + e + w[0].off, w[0].len, whom))
      continue;
    return at;
  }
  return (size_t)-1;
}

/* True when s[b..e) joins nothing new: no "and", "but", "plus" or ";",
   and short, so what ends before it describes what follows. */
static bool same_mention(const dbf__rx *x, size_t b, size_t e) {
  static const char *const joins[] = {"and", "but", "plus", "also", "or", NULL};
  if (e < b || e - b > 48 || memchr(x->s + b, ';', e - b))
    return false;
  size_t which = 0;
  return dbf__tx_find_any(x->s, e, b, joins, &which) == (size_t)-1;
}

/*
 * "they run Ledgerline for payroll, we'd integrate with it, not replace
 * it", "Moodle stays for coursework, which we do not replace", "a local
 * supplier for the parking passes, Orvell, but that is not for the
 * gates": a system the customer keeps beside ours, or a supplier of
 * something else, is no rival. In a sentence that says so, the name said
 * last before those words is dropped, with a description of it said just
 * before ("a local supplier").
 */
static void drop_kept_beside(dbf__rx *x, json_t *arr) {
  static const char *const beside[] = {"integrate with it",   "integrate w it",
                                       "integrate with them", "don't replace",
                                       "dont replace",        "do not replace",
                                       "not replace it",      "wouldn't replace",
                                       "won't replace",       "sit on top of it",
                                       "plug into it",        "not replacing that",
                                       "not replacing it",    "not replacing them",
                                       "not replacing this",  "that is not for",
                                       "that's not for",      "thats not for",
                                       "which is not for",    "that isn't for",
                                       "nothing to do with",  NULL};
  for (size_t si = 0; si < x->n_sent; si++) {
    dbf_span sent = x->sent[si];
    size_t at = kept_beside_at(x, sent, beside);
    if (at == (size_t)-1)
      continue;
    size_t best = (size_t)-1, best_end = 0, best_off = 0;
    for (size_t i = 0; i < json_array_size(arr); i++) {
      const char *v = json_string_value(json_array_get(arr, i));
      size_t p = v ? dbf__tx_find_word(x->s, at, sent.off, v) : (size_t)-1;
      for (size_t q = p; q != (size_t)-1; q = dbf__tx_find_word(x->s, at, q + 1, v))
        p = q; /* its last mention before */
      if (p != (size_t)-1 && p + strlen(v) > best_end)
        best = i, best_end = p + strlen(v), best_off = p;
    }
    if (best == (size_t)-1)
      continue;
    json_array_remove(arr, best);
    /* "one regional vendor for the tickets, Orvell": a description in lower
       case said just before the name is the same supplier. */
    for (size_t i = json_array_size(arr); i-- > 0;) {
      const char *v = json_string_value(json_array_get(arr, i));
      size_t p = v && dbf__tx_islower((unsigned char)v[0])
                     ? dbf__tx_find_word(x->s, best_off, sent.off, v)
                     : (size_t)-1;
      if (p != (size_t)-1 && same_mention(x, p + strlen(v), best_off))
        json_array_remove(arr, i);
    }
  }
}

/* "in-house build with their ERP vendor": the partner a build of their
   own is made with is part of it, not a rival listed on its own. */
static void drop_build_partners(json_t *arr) {
  static const char *const heads[] = {"in-house build with ", "in-house build on ", NULL};
  for (size_t i = 0; i < json_array_size(arr); i++) {
    const char *v = json_string_value(json_array_get(arr, i));
    size_t h = 0;
    while (v && heads[h] && !dbf__tx_ieqn(v, heads[h], strlen(heads[h])))
      h++;
    if (!v || !heads[h])
      continue;
    const char *rest = v + strlen(heads[h]);
    for (size_t j = json_array_size(arr); j-- > 0;) {
      const char *u = json_string_value(json_array_get(arr, j));
      if (j != i && u && dbf__tx_find_word(rest, strlen(rest), 0, u) != (size_t)-1) {
        json_array_remove(arr, j);
        if (j < i)
          i--;
      }
    }
  }
}

/*
 * A rival taken back as soon as it is named: "Quorvel, no sorry, Ambrix",
 * "Tallyo? no wait, that's another client", "Brindle sorry, Castell". The
 * repair after the name must take something back ("sorry", "wait", "no"
 * with one of them, "scratch that"); a bare "no" ("Brindle. No one else")
 * or "actually" ("Brindle actually leads") keeps it. The name said in its
 * place is read too, in lower case as well when it ends the clause or is
 * said again ("no sorry, castell. castell's team"). Returns nothing; arr
 * loses the taken-back names and may gain the ones said instead.
 */
static bool retracting_repair(const dbf__rx *x, size_t b, size_t e) {
  static const char *const strong[] = {"sorry",    "wait",    "oops",  "scratch",
                                       "misspoke", "mistake", "meant", NULL};
  static const char *const with_no[] = {"actually", "rather", NULL};
  dbf_span w[8];
  size_t nw = dbf__tx_words(x->s + b, e - b, w, 8);
  bool no = false, soft = false;
  for (size_t k = 0; k < nw; k++) {
    const char *s = x->s + b + w[k].off;
    if (dbf__tx_word_in(s, w[k].len, strong))
      return true;
    no = no || (w[k].len == 2 && dbf__tx_ieqn(s, "no", 2));
    soft = soft || dbf__tx_word_in(s, w[k].len, with_no);
  }
  return no && soft;
}

/* Past "it was", "it's", "it is" said (maybe twice) before a name. */
static size_t past_it_was(const dbf__rx *x, size_t p, size_t end) {
  static const char *const leads[] = {"it was ", "it's ", "its ", "it is ", NULL};
  for (int g = 0; g < 3; g++) {
    size_t k = 0;
    while (leads[k] &&
           !(p + strlen(leads[k]) <= end && dbf__tx_ieqn(x->s + p, leads[k], strlen(leads[k]))))
      k++;
    if (!leads[k])
      break;
    p += strlen(leads[k]);
  }
  return p;
}

/* The name said in place of a taken-back one, starting at p, or empty. */
static dbf_span said_instead(const dbf__rx *x, size_t p) {
  size_t end = x->n;
  while (p < end && x->s[p] == ' ')
    p++;
  p = past_it_was(x, p, end);
  if (p >= end || !dbf__tx_isalnum((unsigned char)x->s[p]))
    return (dbf_span){0, 0};
  size_t q = p;
  while (q < end && (dbf__tx_isalnum((unsigned char)x->s[q]) || x->s[q] == '\''))
    q++;
  /* "I'm not sure", "That's the other one": the speaker goes on. */
  if (generic_word(x, x->s + p, q - p) || dbf__rx_common_word(x, x->s, p, q - p) ||
      (x->s[p] == 'I' && (q == p + 1 || x->s[p + 1] == '\'')))
    return (dbf_span){0, 0};
  if (dbf__rx_cap_at(x, p)) {
    dbf_span run = dbf__rx_cap_run(x, p, end);
    return dbf__rx_is_starter(x, run) ? (dbf_span){0, 0} : run;
  }
  q = p;
  while (q < end && (dbf__tx_isalnum((unsigned char)x->s[q]) || x->s[q] == '-'))
    q++;
  dbf_span name = {p, q - p};
  if (name.len < 3 || generic_word(x, x->s + p, name.len) ||
      dbf__rx_common_word(x, x->s, p, name.len))
    return (dbf_span){0, 0};
  /* Lower case: the clause must end on it, or it must be said again. */
  static const char *const affirm[] = {"yeah", "yes", "yep", NULL};
  size_t r = q;
  for (int g = 0; g < 2; g++) {
    while (r < end && x->s[r] == ' ')
      r++;
    size_t t = r;
    while (t < end && dbf__tx_isalnum((unsigned char)x->s[t]))
      t++;
    if (g > 0 || t == r ||
        !(dbf__tx_hesitation(x->s + r, t - r) || dbf__tx_word_in(x->s + r, t - r, affirm)))
      break;
    r = t; /* "koltiva, yeah, koltiva": a word of assent between */
  }
  while (r < end && strchr(" ,", x->s[r]))
    r++;
  bool ends = q >= end || strchr(".,;!?\n", x->s[q]);
  bool again = r > q && r + name.len <= end && dbf__tx_ieqn(x->s + r, x->s + p, name.len);
  return ends || again ? name : (dbf_span){0, 0};
}

static void drop_taken_back(dbf__rx *x, json_t *arr, bool targeted) {
  dbf_span instead[8];
  size_t ninst = 0;
  for (size_t i = json_array_size(arr); i-- > 0;) {
    const char *v = json_string_value(json_array_get(arr, i));
    if (!v || !v[0])
      continue;
    size_t vl = strlen(v);
    for (size_t p = dbf__tx_find_word(x->s, x->n, 0, v); p != (size_t)-1;
         p = dbf__tx_find_word(x->s, x->n, p + 1, v)) {
      size_t q = p + vl;
      while (q < x->n && strchr(" .,?!-", x->s[q]))
        q++;
      size_t r = q < x->n ? dbf__rx_past_repair(x, q, x->n) : (size_t)-1;
      if (r == (size_t)-1 || !retracting_repair(x, q, r))
        continue;
      json_array_remove(arr, i);
      dbf_span in = targeted ? said_instead(x, r) : (dbf_span){0, 0};
      if (in.len > 0 && ninst < 8)
        instead[ninst++] = in;
      break;
    }
  }
  for (size_t k = 0; k < ninst; k++)
    if (!dbf__rx_is_person_or_account(x, instead[k]))
      add_vendor(x, arr, instead[k]);
}

/* "kelvaro", "brisket labs.": the whole answer to the rivals question,
   or its first sentence, is one to three words typed in lower case with
   no mark but a closing one; when the first is no everyday word, given
   name, department or rival's kind, and the others are names' words, a
   firm's last word or a number, the words are a rival's name, put in
   capitals. "none.", "not really", "maybe" name none. */
static void bare_lower_name(dbf__rx *x, json_t *arr) {
  if (x->n_sent == 0)
    return;
  dbf_span sent = x->sent[0];
  size_t end = sent.off + sent.len;
  while (end > sent.off && strchr(".!; ", x->s[end - 1]))
    end--;
  dbf_span w[4];
  size_t nw = dbf__tx_words(x->s + sent.off, end - sent.off, w, 4);
  if (nw == 0 || nw > 3 || w[0].off != 0)
    return;
  for (size_t k = 0; k < nw; k++) {
    size_t b = sent.off + w[k].off, e = b + w[k].len;
    if ((k > 0 && b != sent.off + w[k - 1].off + w[k - 1].len + 1) || (k + 1 == nw && e != end))
      return; /* a mark inside: "nope, none" */
    for (size_t i = b; i < e; i++)
      if (!dbf__tx_islower((unsigned char)x->s[i]) && !(x->s[i] >= '0' && x->s[i] <= '9'))
        return;
  }
  size_t b0 = sent.off, n0 = w[0].len;
  const dbf__lexicon *fn = dbf__lex_get(x->ctx->lex, "first_names");
  const dbf__lexicon *dept = dbf__lex_get(x->ctx->lex, "departments");
  dbf__lex_match m;
  /* Words that say the speaker does not know, which no everyday word's
     list holds. */
  static const char *const unknown[] = {"dunno", "unknown", "unsure", "tbd", "tbc", NULL};
  if (!(name_like(x, b0, n0, false) || made_up_ly(x, b0, n0)) ||
      dbf__tx_word_in(x->s + b0, n0, unknown) || dbf__tx_word_in(x->s + b0, n0, k_rival_kinds) ||
      (fn && dbf__lex_match_at(fn, x->s, b0 + n0, b0, &m) && m.len == n0) ||
      (dept && dbf__lex_match_at(dept, x->s, b0 + n0, b0, &m) && m.len == n0))
    return;
  for (size_t k = 1; k < nw; k++) {
    size_t b = sent.off + w[k].off;
    bool digits = true;
    for (size_t i = b; i < b + w[k].len; i++)
      digits = digits && x->s[i] >= '0' && x->s[i] <= '9';
    if (!digits && !name_like(x, b, w[k].len, false) &&
        !dbf__tx_word_in(x->s + b, w[k].len, k_firm_heads))
      return;
  }
  char buf[128];
  size_t len = end - sent.off;
  if (len >= sizeof buf)
    return;
  memcpy(buf, x->s + sent.off, len);
  buf[len] = '\0';
  dbf__rx_title_case(buf);
  json_t *item = json_string(buf);
  if (item)
    dbf__rx_union_item(arr, item);
}

/* "Their sister firm uses ecobee and", "a demo from brantix next week":
   in an answer to the rivals question typed with capitals, a brand some
   write in lower case stays so. One word right after a verb of using or
   a cue is the rival, kept as typed, when it reads as no English word,
   given name, rival's kind or word of time, does not end in "s" as a
   plural does ("have tanks"), holds no apostrophe ("they've"), and is
   closed at once (name_closed_at, or a word that opens a clause); none
   when denied ("never used"). Answers typed in lower case are restored elsewhere. */
static void lower_brand_in_mixed(dbf__rx *x, json_t *arr, dbf_span sent, const dbf__lexicon *cues) {
  static const char *const use[] = {"use", "uses", "used", "using", NULL};
  /* A word that opens the next clause, said without a comma. */
  static const char *const joins[] = {"but", "though", "although", "because", "since", NULL};
  const dbf__lexicon *fn = dbf__lex_get(x->ctx->lex, "first_names");
  dbf__lex_match cm[16];
  size_t ncue = dbf__lex_scan(cues, x->s + sent.off, sent.len, cm, 16);
  dbf_span w[64];
  size_t nw = dbf__tx_words(x->s + sent.off, sent.len, w, 64);
  for (size_t k = 1; k < nw; k++) {
    size_t b = sent.off + w[k].off, n = w[k].len, e = b + n;
    if (b != sent.off + w[k - 1].off + w[k - 1].len + 1)
      continue; /* a mark before it */
    bool led = dbf__tx_word_in(x->s + sent.off + w[k - 1].off, w[k - 1].len, use);
    for (size_t c = 0; c < ncue && !led; c++)
      led = sent.off + cm[c].off + cm[c].len + 1 == b;
    dbf__lex_match m;
    if (!led || dbf__tx_negated_before(x->s, sent.off + w[k - 1].off, 3) || x->s[e - 1] == 's' ||
        memchr(x->s + b, '\'', n) || !lower_name_word(x, b, n) || !name_like(x, b, n, false) ||
        dbf__tx_word_in(x->s + b, n, k_rival_kinds) || dbf__tx_word_in(x->s + b, n, k_time_words) ||
        (fn && dbf__lex_match_at(fn, x->s, e, b, &m) && m.len == n) ||
        !(name_closed_at(x->s, sent.off + sent.len, e) ||
          (k + 1 < nw && sent.off + w[k + 1].off == e + 1 &&
           dbf__tx_word_in(x->s + e + 1, w[k + 1].len, joins))))
      continue;
    dbf__rx_add_span(x, arr, (dbf_span){b, n});
  }
}

static void do_competitors(dbf__rx *x, const dbf_template_field *f, bool targeted) {
  const dbf__lexicon *lxs[DBF__RX_MAX_LEXICONS];
  const dbf__lexicon *vendors = field_lexicons(x, f, lxs) ? lxs[0] : NULL;
  const dbf__lexicon *cues = dbf__lex_get(x->ctx->lex, dbf__rx_param_str(f, "cues", ""));
  const dbf__lexicon *after = dbf__lex_get(x->ctx->lex, dbf__rx_param_str(f, "cues_after", ""));
  json_t *arr = json_array();
  if (!arr)
    return;
  if (targeted && x->negative) {
    json_decref(arr);
    dbf__rx_withdraw_inferred(x, f->key);
    return;
  }
  if (!targeted && !dbf__rx_cross_list_ok(x, f->key)) {
    json_decref(arr);
    return;
  }
  const json_t *ex = dbf__rx_param_list(f, "exclude_fields");
  const dbf_template_field *ours =
      json_array_size(ex)
          ? dbf_template_field_find(x->ctx->tpl, json_string_value(json_array_get(ex, 0)))
          : NULL;
  for (size_t si = 0; si < x->n_sent; si++) {
    dbf_span sent = x->sent[si];
    dbf_span listed[16];
    if (ours && ours_list(x, ours, sent, listed, 16) > 0)
      continue; /* our products, listed */
    dbf__lex_match cm[16];
    size_t ncue = dbf__lex_scan(cues, x->s + sent.off, sent.len, cm, 16);
    size_t live_cues = 0;
    for (size_t c = 0; c < ncue; c++) {
      size_t at = sent.off + cm[c].off;
      if (dbf__tx_negated_before(x->s, at, 3))
        continue;
      live_cues++;
      /* Names right after the cue: "also looking at Samsara and Motive". */
      dbf_span rest = {at + cm[c].len, sent.off + sent.len - (at + cm[c].len)};
      dbf_span items[16];
      size_t ni = dbf__tx_list_items(x->s, rest, items, 16);
      for (size_t i = 0; i < ni; i++) {
        dbf_span it = dbf__tx_strip_fillers(x->s, items[i]);
        /* The name may come later in the item: "a startup called Fleetly". */
        dbf_span name = {0, 0};
        for (size_t p = it.off; p < it.off + it.len && !name.len; p++) {
          if ((p == it.off || x->s[p - 1] == ' ') && dbf__tx_isupper((unsigned char)x->s[p])) {
            name = with_particles(x, dbf__rx_cap_run(x, p, it.off + it.len), it.off + it.len);
            name = with_digit_lead(x, name, it.off);
            if (dbf__rx_is_starter(x, name))
              name.len = 0;
          }
        }
        /* "replace a 15-year-old on-prem WMS", "handle EDI with": an
           acronym no lexicon knows, said further on or asked about
           something else, is a kind of system, not a vendor. */
        dbf__lex_match vm;
        if (name.len > 0 && (!targeted || name.off != it.off) && all_caps(x, name) &&
            name.len <= 4 && !(vendors && dbf__lex_match_at(vendors, x->s, x->n, name.off, &vm)))
          continue;
        if (name.len > 0 && (!dbf__rx_is_person_or_account(x, name) || firm_headed(x, name) ||
                             (i == 0 && (offer_from_firm(x, cm[c], sent.off, name) ||
                                         called_firm(x, cm[c], sent.off, name)))))
          add_vendor(x, arr, name);
        else if (i > 0)
          break; /* the list after the cue has ended */
      }
    }
    /* Names right before a cue: "Aislewise pitched them", "Tyler
       Technologies won", "Axon is the incumbent". */
    dbf__lex_match am[8];
    size_t nafter = dbf__lex_scan(after, x->s + sent.off, sent.len, am, 8);
    for (size_t c = 0; c < nafter; c++) {
      if (cue_contracted(x->s, x->n, sent.off + am[c].off + am[c].len))
        continue;
      dbf_span name = name_before(x, sent, sent.off + am[c].off);
      /* "Kelvora from Denmark pitched them": the firm before the place. */
      if (name.len > 0 && place_of_firm(x, name))
        name = name_before(x, sent, name.off - 5);
      if (name.len > 0 && !dbf__rx_is_person_or_account(x, name) && !stance_word(x, name)) {
        add_vendor(x, arr, name);
        live_cues++;
        /* "Veltra and Quonix both pitched", "Veltra & Quonix pitched": the
           name before "and" or a bare "&" (a partnership's "&" was joined
           into one name by add_vendor, and then no "&" is left before it). */
        size_t joint = 0;
        if (name.off >= sent.off + 6 && dbf__tx_ieqn(x->s + name.off - 5, " and ", 5))
          joint = 4;
        else if (name.off >= sent.off + 4 && memcmp(x->s + name.off - 3, " & ", 3) == 0 &&
                 with_ampersand_partner(x, name).off == name.off)
          joint = 2;
        if (joint > 0) {
          dbf_span first = name_before(x, sent, name.off - joint);
          if (first.len > 0 && !dbf__rx_is_person_or_account(x, first))
            add_vendor(x, arr, first);
        }
      }
    }
    if (!targeted && live_cues == 0)
      continue;
    /* Known vendors anywhere in a sentence about competition. */
    lex_hits(x, &vendors, vendors ? 1 : 0, sent, arr, false, false);
    if (targeted) {
      proper_names(x, sent, arr, vendors, after);
      add_in_house(x, arr, sent);
      described_rivals(x, sent, arr, vendors);
      drop_build_partners(arr);
      activity_instead(x, arr, sent);
      do_it_themselves(x, arr, sent);
      diy_build(x, arr, sent);
      opening_name(x, arr, sent);
      status_quo_kept(x, arr, sent);
      back_or_more(x, arr, sent);
      makers_own(x, arr, sent);
      if (!x->lower_typed)
        lower_brand_in_mixed(x, arr, sent, cues);
    }
    if (targeted && ncue == 0) {
      /* A bare list's first item, which proper_names leaves to this because
         it opens the sentence: "Samsara, Motive and Geotab.", "Samsara." */
      dbf_span items[32];
      size_t ni = dbf__tx_list_items(x->s, sent, items, 32);
      dbf_span it = ni ? dbf__tx_strip_fillers(x->s, items[0]) : (dbf_span){0, 0};
      dbf_span name = it.len ? dbf__rx_cap_run(x, it.off, it.off + it.len) : it;
      while (name.len > 0 && strchr(".,'", x->s[name.off + name.len - 1]))
        name.len--;
      /* "Cheaper, but no client portal.": a word that says how, not who;
         "Neutral, leaning positive.": one that says how it felt. */
      if (name.len > 0 && name.len == it.len && !dbf__rx_is_starter(x, name) &&
          !dbf__rx_is_person_or_account(x, name) && !generic_listed(x->s + name.off, name.len) &&
          !stance_word(x, name))
        add_vendor(x, arr, name);
    }
  }
  if (targeted)
    bare_lower_name(x, arr);
  dbf__named_list_one_per_vendor(arr);
  drop_excluded(x, f, arr);
  drop_no_things(x, arr);
  drop_kept_beside(x, arr);
  drop_taken_back(x, arr, targeted);
  dbf__rx_put(x, f->key, arr, targeted ? dbf__rx_hedge(x, CONF_TARGET) : CONF_CROSS_LIST, false);
}

/* --------------------------------------------------------------- products */

/* True when s[b..e) holds only words that join two product names. */
static bool only_joiners(const dbf__rx *x, size_t b, size_t e) {
  static const char *const joins[] = {"with", "w/", "the", "plus", "and", "its", "their", NULL};
  for (size_t p = b; p < e;) {
    while (p < e && (x->s[p] == ' ' || x->s[p] == ','))
      p++;
    size_t w = p;
    while (w < e && x->s[w] != ' ' && x->s[w] != ',')
      w++;
    bool join = false;
    for (size_t k = 0; joins[k] && !join; k++)
      join = strlen(joins[k]) == w - p && dbf__tx_ieqn(x->s + p, joins[k], w - p);
    if (w > p && !join)
      return false;
    p = w;
  }
  return true;
}

/* "outage map demoed at the end", "label printer shown quickly": a verb of
   showing after the product, with at most three words after it, is how it
   came up; the item ends before it. */
static dbf_span shown_cut(const dbf__rx *x, dbf_span it) {
  static const char *const shown[] = {"demoed", "demo'd", "shown", "showed", "presented", NULL};
  dbf_span w[8];
  size_t nw = dbf__tx_words(x->s + it.off, it.len, w, 8);
  for (size_t k = 1; k < nw && k < 8; k++) {
    /* "the routing add-on came up but ...": what follows is a clause. */
    if (k + 1 < nw && w[k].len == 4 && dbf__tx_ieqn(x->s + it.off + w[k].off, "came", 4) &&
        w[k + 1].len == 2 && dbf__tx_ieqn(x->s + it.off + w[k + 1].off, "up", 2)) {
      it.len = w[k].off;
      break;
    }
    if (!dbf__tx_word_in(x->s + it.off + w[k].off, w[k].len, shown))
      continue;
    if (nw - k - 1 <= 3 && nw < 8)
      it.len = w[k].off;
    break;
  }
  return dbf__tx_trim(x->s, it);
}

/* An item without the words that only say it came up: "mentioned X",
   "touched on X a bit", "X briefly". */
static dbf_span strip_mention(const dbf__rx *x, dbf_span it) {
  static const char *const leads[] = {
      "mentioned ", "touched on ",  "talked about ", "talked abt ",         "briefly ",
      "also ",      "showed ",      "demoed ",       "talked a bit about ", "talked a bit abt ",
      "went over ", "spoke about ", "pitched ",      "presented ",          NULL};
  static const char *const tails[] = {" a bit",  " briefly", " too", " as well",
                                      " mainly", " mostly",  NULL};
  /* "I mentioned the pallet module", "we showed the report builder": the
     speaker before the mention. */
  static const char *const speakers[] = {"i ", "we ", "and i ", "and we ", NULL};
  for (size_t k = 0; speakers[k]; k++) {
    size_t l = strlen(speakers[k]), which = 0;
    if (it.len > l && dbf__tx_ieqn(x->s + it.off, speakers[k], l) &&
        dbf__tx_find_any(x->s, it.off + it.len, it.off + l, leads, &which) == it.off + l) {
      it.off += l;
      it.len -= l;
      break;
    }
  }
  for (int g = 0; g < 3; g++)
    for (size_t k = 0; leads[k]; k++) {
      size_t l = strlen(leads[k]);
      if (it.len > l && dbf__tx_ieqn(x->s + it.off, leads[k], l)) {
        it.off += l;
        it.len -= l;
      }
    }
  for (size_t k = 0; tails[k]; k++) {
    size_t l = strlen(tails[k]);
    if (it.len > l && dbf__tx_ieqn(x->s + it.off + it.len - l, tails[k], l))
      it.len -= l;
  }
  return shown_cut(x, dbf__tx_trim(x->s, it));
}

/* "Track & Trace", "Weights & Biases": list items cut at an "&" between
   two capitalized words are one name, unless lxs know either side as a
   name of its own. Returns the new count. */
static bool whole_known(const dbf__rx *x, const dbf__lexicon *const *lxs, size_t nlx, size_t b,
                        size_t e) {
  dbf__lex_match m;
  for (size_t k = 0; k < nlx; k++)
    if (dbf__lex_match_at(lxs[k], x->s, e, b, &m) && m.len == e - b)
      return true;
  return false;
}

static size_t join_ampersand_names(const dbf__rx *x, dbf_span *items, size_t ni,
                                   const dbf__lexicon *const *lxs, size_t nlx) {
  size_t n = 0;
  for (size_t i = 0; i < ni; i++) {
    if (n > 0) {
      dbf_span *prev = &items[n - 1];
      size_t e = prev->off + prev->len, w = e;
      while (w > prev->off && dbf__tx_isalnum((unsigned char)x->s[w - 1]))
        w--;
      if (items[i].off == e + 3 && memcmp(x->s + e, " & ", 3) == 0 && w < e &&
          dbf__tx_isupper((unsigned char)x->s[w]) &&
          dbf__tx_isupper((unsigned char)x->s[items[i].off]) &&
          !(whole_known(x, lxs, nlx, w, e) ||
            whole_known(x, lxs, nlx, items[i].off, items[i].off + items[i].len))) {
        /* ("Excel & PowerPoint": a name a lexicon knows stays its own.) */
        prev->len = items[i].off + items[i].len - prev->off;
        continue;
      }
    }
    items[n++] = items[i];
  }
  return n;
}

/* A capitalized word that is no product's name: a participle or adverb
   opening a sentence ("Presented our proposal", "Briefly the task
   cards"), a step of the sale ("Demo of chain of custody"), a role ("our
   SE"). */
static bool sales_word(const dbf__rx *x, dbf_span name) {
  static const char *const steps[] = {
      "demo",    "trial", "pilot",    "proposal", "quote",      "pricing",   "discovery",
      "meeting", "call",  "workshop", "kickoff",  "onboarding", "follow-up", "presentation",
      "still",   "also",  "maybe",    "mostly",   "mainly",     "then",      NULL};
  bool one_word = !memchr(x->s + name.off, ' ', name.len);
  if (descriptive(x, name) ||
      (one_word && dbf__people_is_role(&x->people, x->s + name.off, name.len)))
    return true;
  bool lead = dbf__rx_opens_sentence(x, name.off, ".!?:;\n-*");
  if (!lead || memchr(x->s + name.off, ' ', name.len))
    return false;
  if (name.len > 3 && dbf__tx_ieqn(x->s + name.off + name.len - 2, "ly", 2))
    return true;
  for (size_t k = 0; steps[k]; k++)
    if (strlen(steps[k]) == name.len && dbf__tx_ieqn(x->s + name.off, steps[k], name.len))
      return true;
  return false;
}

/* The names a field that excludes f's ("exclude_fields" of competitors
   lists products_discussed) took from this answer, or NULL. */
static const json_t *rivals_of(const dbf__rx *x, const dbf_template_field *f) {
  for (size_t gi = 0; gi < x->ctx->tpl->n_fields; gi++) {
    const dbf_template_field *g = &x->ctx->tpl->fields[gi];
    size_t k;
    const json_t *key;
    json_array_foreach(dbf__rx_param_list(g, "exclude_fields"), k, key) {
      if (strcmp(json_string_value(key), f->key) == 0)
        return json_object_get(json_object_get(x->updates, g->key), "value");
    }
  }
  return NULL;
}

/*
 * A rival is no product of ours: names a field excluding f's took from
 * this answer are dropped, and so is an owner's possessive ("Fiserv's",
 * "KLA's tool"), which names whose product it is, not the product.
 */
static void drop_rivals(dbf__rx *x, const dbf_template_field *f, json_t *arr) {
  const json_t *held = rivals_of(x, f);
  for (size_t i = json_array_size(arr); i-- > 0;) {
    const char *name = json_string_value(json_array_get(arr, i));
    size_t ln = name ? strlen(name) : 0;
    bool rival = ln > 2 && strcmp(name + ln - 2, "'s") == 0;
    size_t j;
    const json_t *v;
    json_array_foreach(held, j, v) {
      rival = rival || (json_is_string(v) && name && dbf__rx_str_ieq(json_string_value(v), name));
    }
    if (rival)
      json_array_remove(arr, i);
  }
}

/* "compared our Fleet Tracker with Samsara": a name we call ours in a
   sentence that names a rival is our product. ("our SE Jonas", "our API":
   an acronym opens no product's name.) */
static void ours_next_to_rival(dbf__rx *x, const dbf_template_field *f, json_t *arr) {
  const json_t *held = rivals_of(x, f);
  for (size_t p = 0; held && p + 4 < x->n; p++) {
    if (!dbf__tx_ieqn(x->s + p, "our ", 4) || !dbf__tx_is_word_at(x->s, x->n, p, 3))
      continue;
    dbf_span sent = dbf__rx_sentence_of(x, p);
    bool rival = false;
    size_t j;
    const json_t *v;
    json_array_foreach(held, j, v) {
      const char *r = json_string_value(v);
      rival =
          rival || (r && dbf__tx_find_word(x->s, sent.off + sent.len, sent.off, r) != (size_t)-1);
    }
    dbf_span name = dbf__rx_cap_run(x, p + 4, sent.off + sent.len);
    bool acronym = true;
    for (size_t i = name.off; i < name.off + name.len && x->s[i] != ' ' && acronym; i++)
      acronym = !dbf__tx_islower((unsigned char)x->s[i]);
    /* "our Tokyo office": a place of ours, not a product. */
    static const char *const sites[] = {" office", " offices", " region",    " site",   " sites",
                                        " plant",  " branch",  " warehouse", " campus", " hub",
                                        " depot",  " store",   " team",      NULL};
    bool site = false;
    for (size_t k = 0; sites[k] && !site; k++) {
      size_t l = strlen(sites[k]), e = name.off + name.len;
      site = e + l <= x->n && dbf__tx_ieqn(x->s + e, sites[k], l) &&
             dbf__tx_is_word_at(x->s, x->n, e + 1, l - 1);
    }
    if (rival && name.len > 0 && name.off == p + 4 && !acronym && !site &&
        !dbf__rx_is_starter(x, name) && !dbf__rx_is_person_or_account(x, name) &&
        !sales_word(x, name))
      dbf__rx_add_span(x, arr, name);
  }
}

/*
 * A list of our products said without commas ("our cloud POS the Loyalty Hub
 * and the mobile app", "FarmTrak core the Route Planner"): "the" or "our"
 * after a word that is no function word ("for the engagement letters"
 * keeps its "the") starts a new item. Splits items in place; returns the
 * new count.
 */
static size_t article_items(const dbf__rx *x, dbf_span *items, size_t ni, size_t max,
                            const char *const *starts) {
  for (size_t i = 0; i < ni; i++) {
    dbf_span it = items[i];
    dbf_span w[32];
    size_t nw = dbf__tx_words(x->s + it.off, it.len, w, 32);
    for (size_t k = 1; k + 1 < nw && ni < max; k++) {
      if (!dbf__tx_word_in(x->s + it.off + w[k].off, w[k].len, starts) ||
          dbf__tx_function_word(x->s + it.off + w[k - 1].off, w[k - 1].len))
        continue;
      /* What comes before names a product: a name in capitals past the
         sentence's first word, or two words or more with no "I" and no
         verb in -ed last ("i mentioned the", "showed the" name none). */
      bool named = false, pronoun = false;
      for (size_t q = 0; q < k; q++) {
        const char *wq = x->s + it.off + w[q].off;
        bool opener = q == 0 && dbf__rx_opens_sentence(x, it.off, ".!?\n");
        pronoun = pronoun || (w[q].len == 1 && (*wq == 'i' || *wq == 'I'));
        named = named || (!opener && !(w[q].len == 1 && *wq == 'I') &&
                          (dbf__tx_isupper((unsigned char)*wq) || inner_capital(wq, w[q].len)));
      }
      const char *last = x->s + it.off + w[k - 1].off;
      /* "showed the", "running a busy pass": a verb's object, not an item. */
      bool indefinite = (*(x->s + it.off + w[k].off) | 32) == 'a';
      bool verb =
          (w[k - 1].len > 3 && dbf__tx_ieqn(last + w[k - 1].len - 2, "ed", 2)) ||
          (indefinite && w[k - 1].len > 4 && dbf__tx_ieqn(last + w[k - 1].len - 3, "ing", 3));
      /* "quillbook the tenant app": typed in lower case, one word before
         that is no everyday word and no verb's form is a name too. */
      bool one_name = k == 1 && name_like(x, it.off + w[0].off, w[0].len, false);
      if (!named && !one_name && (k < 2 || pronoun || verb))
        continue;
      ni = split_at(x, items, ni, i, it.off + w[k].off);
      break;
    }
  }
  return ni;
}

/* "our GPS tracking add-on", "panels with HDPE liners": an acronym before
   an activity in -ing or a plural noun says what kind of thing, and is no
   product's name ("the KPI module", "the QR app" are). */
static bool acronym_of_kind(const dbf__rx *x, dbf_span name) {
  if (name.len < 2 || name.len > 5 || !all_caps(x, name))
    return false;
  size_t e = name.off + name.len, w = e + 1, we = w;
  if (e >= x->n || x->s[e] != ' ' || w >= x->n || !dbf__tx_islower((unsigned char)x->s[w]))
    return false;
  while (we < x->n && dbf__tx_isalnum((unsigned char)x->s[we]))
    we++;
  size_t l = we - w;
  return l > 3 && !dbf__tx_function_word(x->s + w, l) &&
         (dbf__tx_ieqn(x->s + we - 3, "ing", 3) || (x->s[we - 1] == 's' && x->s[we - 2] != 's'));
}

/* "quillpad mainly mentioned stocksy", "the core mostly the vault":
   said without commas, an adverb of degree between two names parts
   them. Splits items in place; returns the new count. */
static size_t degree_items(const dbf__rx *x, dbf_span *items, size_t ni, size_t max) {
  static const char *const degree[] = {" mainly ", " mostly ", " especially ", " primarily ", NULL};
  for (size_t i = 0; i < ni && ni < max; i++) {
    size_t which = 0;
    size_t at = dbf__tx_find_any(x->s, items[i].off + items[i].len, items[i].off, degree, &which);
    if (at == (size_t)-1 || at == items[i].off)
      continue;
    size_t cut = at + strlen(degree[which]) - 1;
    ni = split_at(x, items, ni, i, cut);
    items[i] = dbf__tx_trim(x->s, (dbf_span){items[i].off, at - items[i].off});
    items[i + 1] = dbf__tx_trim(x->s, items[i + 1]);
  }
  return ni;
}

/* "tallyo pay tallyo payroll", "brightdock core brightdock yard app":
   said without commas, the first word of an item said again, a product
   family's name, opens the next product. Splits items in place; returns
   the new count. */
static size_t repeated_head_items(const dbf__rx *x, dbf_span *items, size_t ni, size_t max) {
  for (size_t i = 0; i < ni && ni < max; i++) {
    dbf_span it = strip_mention(x, dbf__tx_strip_fillers(x->s, items[i])), w[32];
    size_t nw = dbf__tx_words(x->s + it.off, it.len, w, 32);
    const char *head = x->s + it.off + (nw ? w[0].off : 0);
    if (nw < 3 || w[0].len < 3 || dbf__rx_common_word(x, head, 0, w[0].len))
      continue; /* "half oak half steel" */
    /* ... right after it too ("kelpie kelpie depot"), with a word more to
       name; not after a function word: "for the X team" says whose. */
    for (size_t k = 1; k < nw; k++) {
      const char *wk = x->s + it.off + w[k].off;
      if (w[k].len == w[0].len && dbf__tx_ieqn(wk, head, w[0].len) && k + 1 < nw &&
          !dbf__tx_function_word(x->s + it.off + w[k - 1].off, w[k - 1].len)) {
        ni = split_at(x, items, ni, i, it.off + w[k].off);
        break;
      }
    }
  }
  return ni;
}

/*
 * "the thermal cameras, the Optiscan cameras": a description in lower case
 * said just before a named product of the same kind, its last word the
 * named item's last word, is that product said twice, not a product of
 * its own. The next item must put a name before the shared word: a
 * capitalized word or, typed in lower case, a word that is no everyday
 * one, while the description has none ("two cameras, four cameras" stay).
 */
static bool kind_said_before_name(const dbf__rx *x, const dbf_span *items, size_t ni, size_t i) {
  if (i + 1 >= ni)
    return false;
  dbf_span a = strip_mention(x, dbf__tx_strip_fillers(x->s, items[i]));
  dbf_span b = strip_mention(x, dbf__tx_strip_fillers(x->s, items[i + 1]));
  dbf_span wa[8], wb[8];
  size_t na = dbf__tx_words(x->s + a.off, a.len, wa, 8);
  size_t nb = dbf__tx_words(x->s + b.off, b.len, wb, 8);
  if (na < 2 || na > 4 || nb < 2 || nb > 6)
    return false;
  const char *ha = x->s + a.off + wa[na - 1].off, *hb = x->s + b.off + wb[nb - 1].off;
  if (wa[na - 1].len < 3 || wa[na - 1].len != wb[nb - 1].len ||
      !dbf__tx_ieqn(ha, hb, wa[na - 1].len))
    return false;
  bool a_named = false, b_caps = false, b_named = false;
  for (size_t k = 0; k < na; k++) {
    const char *w = x->s + a.off + wa[k].off;
    if (dbf__tx_isupper((unsigned char)*w) || inner_capital(w, wa[k].len))
      return false;
    if (k > 0 && dbf__tx_function_word(w, wa[k].len))
      return false; /* "the pumps for the cameras" says more than a kind */
    a_named = a_named || (k + 1 < na && name_like(x, a.off + wa[k].off, wa[k].len, false));
  }
  for (size_t k = 0; k + 1 < nb; k++) {
    const char *w = x->s + b.off + wb[k].off;
    b_caps = b_caps || ((dbf__tx_isupper((unsigned char)*w) || inner_capital(w, wb[k].len)) &&
                        !dbf__tx_function_word(w, wb[k].len));
    b_named = b_named || name_like(x, b.off + wb[k].off, wb[k].len, false);
  }
  return b_caps || (b_named && !a_named);
}

/*
 * "the Tidewell gauges", "Pennyroyal billing portal": one or two words in
 * lower case that close the item after a product's name say what kind of
 * thing it is, and the name is kept with them (two products of one brand,
 * "Tidewell gauges and the Tidewell app", stay two). A word of time, a
 * comment or a verb's past ("too", "mostly", "demoed") is no kind. Returns
 * the name, grown or not.
 */
static dbf_span name_with_kind(const dbf__rx *x, dbf_span name, size_t end) {
  static const char *const no_kind[] = {"too",   "also", "itself", "again", "there",  "here",
                                        "etc",   "now",  "stuff",  "thing", "things", "first",
                                        "maybe", "yet",  "today",  "later", "lol",    NULL};
  size_t p = name.off + name.len, words = 0;
  while (p < end) {
    if (x->s[p] != ' ' || p + 1 >= end || !dbf__tx_islower((unsigned char)x->s[p + 1]))
      return name;
    size_t b = p + 1, e = b;
    while (e < end && (dbf__tx_islower((unsigned char)x->s[e]) || x->s[e] == '-'))
      e++;
    size_t n = e - b;
    const char *w = x->s + b;
    if (n < 3 || (e < end && x->s[e] != ' ') || ++words > 2 || dbf__tx_function_word(w, n) ||
        dbf__tx_word_in(w, n, no_kind) || dbf__tx_ieqn(w + n - 2, "ly", 2) ||
        dbf__tx_ieqn(w + n - 2, "ed", 2))
      return name;
    p = e;
  }
  if (words > 0)
    name.len = end - name.off;
  return name;
}

/* "Tidewell" taken from one mention and "Tidewell gauges" from another
   name one product: the bare name in capitals goes when the list holds
   it, spelled the same, with its kind in lower case after it (typed all
   in lower case, "persista" and "persista alerts" may be two). */
static void drop_bare_beside_kind(json_t *arr) {
  for (size_t i = json_array_size(arr); i-- > 0;) {
    const char *bare = json_string_value(json_array_get(arr, i));
    size_t n = bare ? strlen(bare) : 0, j;
    const json_t *v;
    json_array_foreach(arr, j, v) {
      const char *sv = json_string_value(v);
      if (j != i && sv && n > 0 && dbf__tx_isupper((unsigned char)*bare) && strlen(sv) > n + 1 &&
          strncmp(sv, bare, n) == 0 && sv[n] == ' ' && dbf__tx_islower((unsigned char)sv[n + 1])) {
        json_array_remove(arr, i);
        break;
      }
    }
  }
}

/* Is name already listed, from an earlier answer, in a field that leaves
   out f's names (a product taken for a rival before the products were
   asked)? Then it keeps its bare spelling, the one that list holds, so
   the record's merge sees it is ours and takes it out there. */
static bool rival_in_record(const dbf__rx *x, const dbf_template_field *f, dbf_span name) {
  char buf[ITEM_CAP];
  if (name.len == 0 || name.len >= sizeof buf || !json_is_object(x->ctx->record))
    return false;
  memcpy(buf, x->s + name.off, name.len);
  buf[name.len] = '\0';
  for (size_t gi = 0; gi < x->ctx->tpl->n_fields; gi++) {
    const dbf_template_field *g = &x->ctx->tpl->fields[gi];
    size_t k, j;
    const json_t *key, *v;
    json_array_foreach(dbf__rx_param_list(g, "exclude_fields"), k, key) {
      if (strcmp(json_string_value(key), f->key) != 0)
        continue;
      json_array_foreach(json_object_get(json_object_get(x->ctx->record, g->key), "value"), j, v) {
        if (json_is_string(v) && dbf__rx_str_ieq(json_string_value(v), buf))
          return true;
      }
    }
  }
  return false;
}

/* "and they took the ...": a list cut at the article leaves a person and
   a verb ("they took", "she chose"), a clause that names nothing. */
static bool subject_and_verb(const dbf__rx *x, dbf_span it) {
  static const char *const subjects[] = {"they", "she", "he", "we", "i", "it", NULL};
  static const char *const joins[] = {"and", "but", "so", "then", NULL};
  dbf_span w[4];
  size_t nw = dbf__tx_words(x->s + it.off, it.len, w, 4), k = 0;
  if (nw > 0 && dbf__tx_word_in(x->s + it.off + w[0].off, w[0].len, joins))
    k = 1;
  return nw == k + 2 && dbf__tx_word_in(x->s + it.off + w[k].off, w[k].len, subjects);
}

static void do_products(dbf__rx *x, const dbf_template_field *f, bool targeted) {
  static const char *const suffixes[] = {" add-on",   " addon",   " add on", " module", " feature",
                                         " features", " package", " plan",   " tier",   " bundle",
                                         " product",  " sku",     NULL};
  static const char *const cues[] = {
      "demoed",      "demo of", "showed", "showed them", "presented", "pitched",  "interested in",
      "pricing for", "add-on",  "module", "quote for",   "trial of",  "pilot of", NULL};
  const dbf__lexicon *lxs[DBF__RX_MAX_LEXICONS];
  const dbf__lexicon *catalog = field_lexicons(x, f, lxs) ? lxs[0] : NULL;
  if (targeted && x->negative)
    return;
  if (!targeted && !dbf__rx_cross_list_ok(x, f->key))
    return;
  json_t *arr = json_array();
  if (!arr)
    return;
  lex_hits(x, &catalog, catalog ? 1 : 0, (dbf_span){0, x->n}, arr, false, false);
  ours_next_to_rival(x, f, arr);
  for (size_t si = 0; si < x->n_sent; si++) {
    dbf_span listed[16];
    size_t nl = ours_list(x, f, x->sent[si], listed, 16);
    for (size_t i = 0; i < nl; i++)
      dbf__rx_add_span(x, arr, listed[i]);
  }
  for (size_t si = 0; si < x->n_sent; si++) {
    dbf_span sent = x->sent[si];
    if (!targeted && !dbf__rx_span_has_any(x, sent, cues))
      continue;
    dbf_span items[32];
    size_t ni = join_ampersand_names(x, items, dbf__tx_list_items(x->s, sent, items, 32), NULL, 0);
    if (!memchr(x->s + sent.off, ',', sent.len) && !memchr(x->s + sent.off, ';', sent.len))
      ni = repeated_head_items(
          x, items, degree_items(x, items, article_items(x, items, ni, 32, k_product_starts), 32),
          32);
    for (size_t i = 0; i < ni; i++) {
      if (targeted && kind_said_before_name(x, items, ni, i))
        continue;
      dbf_span it = dbf__tx_strip_fillers(x->s, items[i]);
      for (size_t k = 0; suffixes[k]; k++) {
        size_t l = strlen(suffixes[k]);
        if (it.len > l && dbf__tx_ieqn(x->s + it.off + it.len - l, suffixes[k], l)) {
          it.len -= l;
          break;
        }
      }
      it = dbf__tx_trim(x->s, it);
      /* Prefer the capitalized product names inside the item; asked for
         them, every one: "ClaimFlow with the FNOL Bot add-on". */
      size_t names = 0, prev_end = 0;
      for (size_t p = it.off; p < it.off + it.len; p++) {
        /* "reminders add-on (PingPal)": the name in brackets. */
        if ((p == it.off || x->s[p - 1] == ' ' || x->s[p - 1] == '(') &&
            dbf__tx_isupper((unsigned char)x->s[p])) {
          dbf_span name = dbf__rx_cap_run(x, p, it.off + it.len);
          /* "the Trakmaster 450": a model number after the name is part
             of it. */
          size_t ne = name.off + name.len;
          if (name.len > 0 && ne + 1 < it.off + it.len && x->s[ne] == ' ' && x->s[ne + 1] >= '1' &&
              x->s[ne + 1] <= '9') {
            size_t d = ne + 1;
            while (d < it.off + it.len && dbf__tx_isalnum((unsigned char)x->s[d]))
              d++;
            if (d == it.off + it.len || !dbf__tx_isalnum((unsigned char)x->s[d]))
              name.len = d - name.off;
          }
          for (size_t e = name.off + name.len;
               name.len > 0 && e + 3 < it.off + it.len && memcmp(x->s + e, " & ", 3) == 0;
               e = name.off + name.len) {
            dbf_span more = dbf__rx_cap_run(x, e + 3, it.off + it.len);
            if (more.off != e + 3 || more.len == 0)
              break;
            name.len = more.off + more.len - name.off; /* "Track & Trace" */
          }
          /* A second name only joined to the first ("with the", "w/"), not
             in what the item goes on to say ("for the New Zealand piece"). */
          if (names > 0 && !only_joiners(x, prev_end, name.off))
            break;
          if (name.len > 0 && !dbf__rx_is_starter(x, name) &&
              !dbf__rx_is_person_or_account(x, name) && !sales_word(x, name) &&
              !kind_modifier(x, name) && !not_a_vendor(x, name) && !acronym_of_kind(x, name)) {
            if (targeted && !rival_in_record(x, f, name))
              name = name_with_kind(x, name, it.off + it.len);
            dbf__rx_add_span(x, arr, name);
            names++;
            prev_end = name.off + name.len;
            if (!targeted)
              break;
          }
          if (name.len > 0)
            p = name.off + name.len;
        }
      }
      if (names == 0 && targeted && !x->hedged) {
        /* Typed in lower case: "mentioned recallbot for the recall thing",
           "touched on relay analytics a bit". */
        dbf_span raw = dbf__tx_trim(x->s, it);
        it = name_part(x, strip_mention(x, it));
        /* "pitched ledgerly": a word after the verb that said how it came
           up is its object, unless it is an everyday adverb ("showed
           shortly"). */
        bool led = it.off > raw.off && !dbf__rx_common_word(x, x->s, it.off, it.len);
        /* "no demo", "we didn't get into modules", "which flopped",
           "briefly": a denial, a comment on the item before or an adverb
           names no product. */
        static const char *const comments[] = {"which ", "that ", "who ", "what ", NULL};
        /* "germination planner is roadmap", "didnt promise anything": a
           clause about a thing, or a denial typed without its apostrophe. */
        static const char *const clause[] = {"is",    "are",  "was",   "were", "will",
                                             "didnt", "dont", "never", NULL};
        bool comment =
            dbf__tx_find_any(x->s, it.off + it.len, it.off, clause, NULL) != (size_t)-1 ||
            subject_and_verb(x, dbf__tx_trim(x->s, items[i])) ||
            dbf__tx_negated_before(x->s, it.off + it.len, 6) ||
            dbf__rx_span_has_any(x, (dbf_span){it.off, it.len < 6 ? it.len : 6}, comments) ||
            (!led && dbf__tx_word_count(x->s, it) == 1 && it.len > 3 &&
             dbf__tx_islower((unsigned char)x->s[it.off]) &&
             dbf__tx_ieqn(x->s + it.off + it.len - 2, "ly", 2));
        if (it.len > 0 && dbf__tx_word_count(x->s, it) <= 5 && !comment)
          dbf__rx_add_span(x, arr, it);
      }
    }
  }
  drop_rivals(x, f, arr);
  drop_no_things(x, arr);
  drop_bare_beside_kind(arr);
  dbf__rx_put(x, f->key, arr, targeted ? dbf__rx_hedge(x, CONF_TARGET) : CONF_CROSS_LIST, false);
}

void dbf__rule_named_list(dbf__rx *x, const dbf_template_field *f, bool targeted) {
  const char *unknown = dbf__rx_param_str(f, "unknown", "short_items");
  if (strcmp(unknown, "after_cues") == 0)
    do_competitors(x, f, targeted);
  else if (strcmp(unknown, "capitalized") == 0)
    do_products(x, f, targeted);
  else
    do_lexicon_list(x, f, targeted);
}

/* "reviewing freelancers' translations": a verb in -ing with its object is
   something done, never a name, even when it names a skill. */
static bool activity(const dbf__rx *x, dbf_span it) {
  size_t e = it.off;
  while (e < it.off + it.len && dbf__tx_isalnum((unsigned char)x->s[e]))
    e++;
  return e - it.off > 5 && e < it.off + it.len && dbf__tx_ieqn(x->s + e - 3, "ing", 3);
}

/*
 * A sentence that is a list of names, two of which (or every one, for a
 * short list) this field's lexicons know: "Canon R5, Profoto B10 flashes,
 * Lightroom, Capture One for tethered shoots, Photoshop". Only lists that
 * take names from a list-shaped answer claim this way.
 */
static bool name_list(dbf__rx *x, const dbf_template_field *f, const dbf__lexicon *const *lxs,
                      size_t nlx, dbf_span sent) {
  if (nlx == 0 || dbf__rx_param_is(f, "wording", "own") ||
      strcmp(dbf__rx_param_str(f, "unknown", "short_items"), "short_items") != 0)
    return false;
  dbf_span items[32];
  size_t ni = dbf__tx_list_items(x->s, sent, items, 32);
  if (ni < 2)
    return false;
  size_t known = 0;
  for (size_t i = 0; i < ni; i++) {
    dbf_span it = name_part(x, dbf__tx_strip_fillers(x->s, items[i]));
    if (it.len == 0)
      continue;
    if (dbf__tx_word_count(x->s, it) > 4 || activity(x, it))
      return false;
    for (size_t k = 0; k < nlx; k++) {
      if (dbf__lex_any(lxs[k], x->s + it.off, it.len)) {
        known++;
        break;
      }
    }
  }
  return known >= 2 || known == ni;
}

/* The asked list holds its own answer when one of its lexicons or cues is
   in it; another field's answer is the list's when it is a list of names
   the lexicons know. */
bool dbf__claim_named_list(dbf__rx *x, const dbf_template_field *f, dbf_span sent, bool own) {
  const dbf__lexicon *lxs[DBF__RX_MAX_LEXICONS];
  size_t nlx = field_lexicons(x, f, lxs);
  if (!own)
    return name_list(x, f, lxs, nlx, sent);
  for (size_t k = 0; k < nlx; k++)
    if (dbf__lex_any(lxs[k], x->s + sent.off, sent.len))
      return true;
  const char *cues = dbf__rx_param_str(f, "cues", NULL);
  return cues && dbf__lex_any(dbf__lex_get(x->ctx->lex, cues), x->s + sent.off, sent.len);
}
