/*
 * action_items.c - the "action_items" kind: who does what by when, one
 * item per clause with an owner.
 */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "engine/lexicon.h"
#include "engine/rules/registry.h"
#include "engine/rules/rules.h"

/* ------------------------------------------------------------- next steps */

typedef struct owner_pat {
  const char *text;
  const char *owner; /* "me", "us", "they"; NULL = none stated */
} owner_pat;

static const owner_pat k_owner_pats[] = {{"i'll", "me"},
                                         {"i will", "me"},
                                         {"i'm going to", "me"},
                                         {"i am going to", "me"},
                                         {"i'm gonna", "me"},
                                         {"i need to", "me"},
                                         {"i have to", "me"},
                                         {"i should", "me"},
                                         {"i promised to", "me"},
                                         {"i agreed to", "me"},
                                         {"i owe them", "me"},
                                         {"i'm to", "me"},
                                         {"we'll", "us"},
                                         {"we will", "us"},
                                         {"we're going to", "us"},
                                         {"we are going to", "us"},
                                         {"we need to", "us"},
                                         {"we have to", "us"},
                                         {"we should", "us"},
                                         {"we agreed to", "us"},
                                         {"we're gonna", "us"},
                                         {"they'll", "they"},
                                         {"they will", "they"},
                                         {"they're going to", "they"},
                                         {"they are going to", "they"},
                                         {"they need to", "they"},
                                         {"they have to", "they"},
                                         {"they promised to", "they"},
                                         {"they agreed to", "they"},
                                         {"next step is to", NULL},
                                         {"next steps are to", NULL},
                                         {"next step:", NULL},
                                         {"next steps:", NULL},
                                         {"the plan is to", NULL},
                                         {"follow up", NULL},
                                         {NULL, NULL}};

static const char *const k_name_modals[] = {
    " will ",   "'ll ",         " is going to ",   " is gonna ",   " needs to ",
    " has to ", " agreed to ",  " promised to ",   " offered to ", " is to ",
    " should ", " is sending ", " is setting up ", " will be ",    NULL};

typedef struct step_start {
  size_t off;    /* where the step's owner phrase starts */
  size_t action; /* where the action verb starts */
  char owner[128];
} step_start;

/* The action without articles: "send the pilot proposal" -> "send pilot proposal". */
static json_t *action_text(const dbf__rx *x, dbf_span act) {
  static const char *const drop[] = {"the", "their", "a", "an", NULL};
  char buf[ITEM_CAP];
  size_t o = 0, i = act.off, end = act.off + act.len;
  while (i < end && o + 1 < sizeof(buf)) {
    size_t b = i;
    while (i < end && x->s[i] != ' ')
      i++;
    bool skip = false;
    for (size_t k = 0; drop[k] && !skip; k++)
      skip = strlen(drop[k]) == i - b && dbf__tx_ieqn(x->s + b, drop[k], i - b) && i < end;
    if (!skip && i - b > 0) {
      if (o > 0 && o + 1 < sizeof(buf))
        buf[o++] = ' ';
      size_t l = i - b;
      if (o + l >= sizeof(buf))
        break;
      memcpy(buf + o, x->s + b, l);
      o += l;
    }
    while (i < end && x->s[i] == ' ')
      i++;
  }
  buf[o] = '\0';
  return o ? json_string(buf) : NULL;
}

static size_t find_step_starts(dbf__rx *x, dbf_span sent, step_start *out, size_t max) {
  size_t cnt = 0;
  size_t end = sent.off + sent.len;
  for (size_t i = sent.off; i < end && cnt < max; i++) {
    if (i > sent.off && dbf__tx_isalnum((unsigned char)x->s[i - 1]))
      continue;
    bool hit = false;
    for (size_t k = 0; k_owner_pats[k].text && !hit; k++) {
      size_t l = strlen(k_owner_pats[k].text);
      if (i + l <= end && dbf__tx_ieqn(x->s + i, k_owner_pats[k].text, l) &&
          (k_owner_pats[k].text[l - 1] == ':' || dbf__tx_is_word_at(x->s, end, i, l))) {
        step_start *st = &out[cnt];
        st->off = i;
        st->action = i + l;
        const char *o = k_owner_pats[k].owner;
        if (o && strcmp(o, "they") == 0)
          o = x->people.account[0] ? x->people.account : "customer";
        snprintf(st->owner, sizeof(st->owner), "%s", o ? o : "");
        if (strcmp(k_owner_pats[k].text, "follow up") == 0) {
          st->action = i; /* "follow up with X" is itself the action */
          if (i > sent.off + 1 &&
              !(x->s[i - 1] == ' ' && (i < sent.off + 2 || x->s[i - 2] == ',' || i == sent.off)))
            continue; /* only as an imperative at a clause start */
        }
        cnt++;
        hit = true;
        i += l - 1;
      }
    }
    if (hit)
      continue;
    /* "<Person> will ...": the person parser found the name. */
    for (size_t pi = 0; pi < x->n_persons && !hit; pi++) {
      const dbf__person *p = &x->persons[pi];
      if (p->off != i)
        continue;
      size_t e = p->off + p->len;
      for (size_t k = 0; k_name_modals[k]; k++) {
        size_t l = strlen(k_name_modals[k]);
        if (e + l <= end && dbf__tx_ieqn(x->s + e, k_name_modals[k], l)) {
          step_start *st = &out[cnt];
          st->off = i;
          st->action = e + l;
          snprintf(st->owner, sizeof(st->owner), "%s", p->name);
          cnt++;
          hit = true;
          i = e + l - 1;
          break;
        }
      }
    }
  }
  return cnt;
}

void dbf__rule_action_items(dbf__rx *x, const dbf_template_field *f, bool targeted) {
  static const char *const preps[] = {" by",     " on", " before", " until",    " no later than",
                                      " within", " in", " at",     " sometime", " around",
                                      NULL};
  if (targeted && x->negative)
    return;
  json_t *arr = json_array();
  if (!arr)
    return;
  dbf__date dates[MAX_DATES];
  size_t nd = dbf__date_scan(x->s, x->n, &x->ref, true, dates, MAX_DATES);
  for (size_t si = 0; si < x->n_sent; si++) {
    step_start st[8];
    size_t ns = find_step_starts(x, x->sent[si], st, 8);
    size_t send = x->sent[si].off + x->sent[si].len;
    for (size_t k = 0; k < ns; k++) {
      size_t b = st[k].action, e = k + 1 < ns ? st[k + 1].off : send;
      if (b >= e)
        continue;
      if (dbf__tx_negated_before(x->s, st[k].off + 1, 1))
        continue;
      /* The due date: the first date inside the step. */
      const dbf__date *due = NULL;
      for (size_t di = 0; di < nd; di++) {
        if (dates[di].off >= b && dates[di].off < e && !dates[di].negated) {
          due = &dates[di];
          break;
        }
      }
      size_t ae = due ? due->off : e;
      dbf_span act = dbf__tx_trim(x->s, (dbf_span){b, ae - b});
      /* Drop the preposition that introduced the date and a trailing "and". */
      for (int guard = 0; guard < 3; guard++) {
        bool cut = false;
        static const char *const tails[] = {" and", " then", ",", NULL};
        for (size_t pk = 0; preps[pk] && !cut; pk++) {
          size_t l = strlen(preps[pk]);
          if (act.len > l && dbf__tx_ieqn(x->s + act.off + act.len - l, preps[pk], l)) {
            act.len -= l;
            cut = true;
          }
        }
        for (size_t tk = 0; tails[tk] && !cut; tk++) {
          size_t l = strlen(tails[tk]);
          if (act.len > l && dbf__tx_ieqn(x->s + act.off + act.len - l, tails[tk], l)) {
            act.len -= l;
            cut = true;
          }
        }
        act = dbf__tx_trim(x->s, act);
        if (!cut)
          break;
      }
      if (act.len == 0 || dbf__tx_word_count(x->s, act) > 25)
        continue;
      json_t *o = json_object();
      if (!o)
        break;
      json_object_set_new(o, "action", action_text(x, act));
      if (st[k].owner[0] && dbf__rx_has_item_key(f, "owner"))
        json_object_set_new(o, "owner", json_string(st[k].owner));
      if (due && dbf__rx_has_item_key(f, "due")) {
        char iso[16];
        if (due->vague) {
          /* "next week" stays a phrase: a made-up day would look precise. */
          json_object_set_new(o, "due", dbf__rx_jstr_span(x, (dbf_span){due->off, due->len}));
        } else {
          dbf__rx_date_iso(due, iso, sizeof(iso));
          json_object_set_new(o, "due", json_string(iso));
        }
      }
      if (!json_object_get(o, "action")) {
        json_decref(o);
        continue;
      }
      if (json_array_size(arr) < MAX_ITEMS)
        dbf__rx_union_item(arr, o);
      else
        json_decref(o);
    }
  }
  dbf__rx_put(x, f->key, arr, targeted ? dbf__rx_hedge(x, CONF_TARGET) : CONF_CROSS, false);
}
