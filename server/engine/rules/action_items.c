/*
 * action_items.c - the "action_items" kind: who does what by when, one
 * item per clause with an owner.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "engine/engine_util.h"
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
                                         {"i'm on the hook to", "me"},
                                         {"i'm on the hook for", "me"},
                                         {"it's on me to", "me"},
                                         {"i said i'd", "me"},
                                         {"i've got to", "me"},
                                         {"i offered to", "me"},
                                         {"i'm supposed to", "me"},
                                         {"we're on the hook to", "us"},
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
    " will ",          "'ll ",          " is going to ", " is gonna ", " needs to ", " has to ",
    " agreed to ",     " promised to ", " offered to ",  " is to ",    " should ",   " is sending ",
    " is setting up ", " will be ",     "'s going to ",  "'s gonna ",  NULL};

typedef struct step_start {
  size_t off;    /* where the step's owner phrase starts */
  size_t action; /* where the action verb starts */
  char owner[128];
  bool needs_due;    /* found by a clause start, not a modal pattern: in passing,
                        only with a due date */
  size_t action_end; /* where the action text ends, when a layout says so; 0: the next step */
  bool run_on;       /* found mid-clause after a step said without a verb */
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

/* Appends the words of span sp to text (stolen). */
static json_t *with_object(const dbf__rx *x, json_t *text, dbf_span sp) {
  json_t *tail = sp.len ? action_text(x, sp) : NULL;
  if (!text || !tail) {
    json_decref(tail);
    return text;
  }
  char buf[ITEM_CAP];
  snprintf(buf, sizeof buf, "%s %s", json_string_value(text), json_string_value(tail));
  json_decref(tail);
  json_t *out = json_string(buf);
  if (!out)
    return text;
  json_decref(text);
  return out;
}

/*
 * "call Claire on the 15th to confirm the signature": the purpose, or the
 * topic ("re the spare parts"), after the due date belongs to the action.
 * Appends it (up to the step's end e) to text; text is stolen.
 */
static json_t *with_purpose(const dbf__rx *x, json_t *text, const dbf__date *due, size_t e) {
  if (!text || !due)
    return text;
  size_t q = due->off + due->len;
  while (q < e && x->s[q] == ' ')
    q++;
  /* ... and the topic after it: "check back in September re the spare
     parts", "call them Monday about the renewal". */
  static const char *const leads[] = {"to ", "re ", "about ", "regarding ", NULL};
  size_t l = 0;
  for (size_t k = 0; leads[k] && !l; k++)
    if (q + strlen(leads[k]) < e && dbf__tx_ieqn(x->s + q, leads[k], strlen(leads[k])))
      l = strlen(leads[k]);
  if (!l || !dbf__tx_isalnum((unsigned char)x->s[q + l]) ||
      dbf__tx_isupper((unsigned char)x->s[q + l]))
    return text;
  size_t t = q;
  while (t < e && !strchr(",;.()\n", x->s[t]) && !dbf__tx_ieqn(x->s + t, " and ", 5))
    t++;
  return with_object(x, text, (dbf_span){q, t - q});
}

/*
 * "sends SOW" -> "send SOW": an action reads as an instruction. Only the
 * first word, and only a regular third-person ending; text is stolen.
 */
static json_t *base_form(json_t *text) {
  const char *t = json_string_value(text);
  size_t w = strcspn(t, " ");
  if (w < 4 || t[w - 1] != 's' || t[w - 2] == 's' || t[w - 2] == 'u' || t[w - 2] == 'i')
    return text;
  char buf[ITEM_CAP];
  size_t cut = 1;
  if (w == 4 && (dbf__tx_ieqn(t, "does", 4) || dbf__tx_ieqn(t, "goes", 4)))
    cut = 2; /* "does a review" -> "do a review", "goes" -> "go" */
  else if (w >= 5 && t[w - 2] == 'e' && t[w - 3] == 'i')
    cut = 3; /* "copies" -> "copy" below */
  else if (w >= 5 && t[w - 2] == 'e' &&
           (t[w - 3] == 'h' || t[w - 3] == 'x' ||
            ((t[w - 3] == 'z' || t[w - 3] == 's') && t[w - 4] == t[w - 3])))
    cut = 2; /* "pushes" -> "push", "passes" -> "pass"; "raises" -> "raise" */
  snprintf(buf, sizeof buf, "%.*s%s%s", (int)(w - cut), t, cut == 3 ? "y" : "", t + w);
  json_t *out = json_string(buf);
  if (!out)
    return text;
  json_decref(text);
  return out;
}

/* Subject pronouns that own a step when a verb follows. */
static const owner_pat k_pronouns[] = {{"i", "me"}, {"we", "us"}, {"they", "they"}, {NULL, NULL}};

/* Words after an owner that make the clause a report, not an action. */
static const char *const k_not_actions[] = {
    "was", "were", "am", "are", "is", "had", "did", "think", "thought", "felt", "feel", "liked",
    "like", "loved", "love", "said", "mentioned", "met", "talked", "really", "just", "also",
    "seemed", "seem", "agreed", "asked", "knew", "know", "believe", "guess", "hope", "wanted",
    "want", "wish", "got", "heard", "saw", "told", "showed", "spent", "have", "has", "could",
    "would", "might", "may", "and", "or", "but", "the", "a", "an", "there", "that", "this", "who",
    "which", "to", "not", "never", "don't", "didn't", "can't", "won't", "cannot", "usually",
    "often", "already", "still", "wants", "needs", "likes", "says", "thinks", "seems", "looks",
    "uses", "use", "currently", "only", "haven't", "hasn't", "needed", "tends", "tend",
    /* deliberation is no step: "they're thinking about extending it" */
    "thinking", "considering", "wondering", "talking", "looking", "hoping", "weighing", "debating",
    "leaning", "evaluating", "comparing",
    /* a past in no -ed is done already: "we went through the numbers" */
    "went", "ran", "took", "sat", "gave", "came", "brought", "sent", "made", "held", "wrote",
    "spoke", NULL};

/* Verbs of opinion: "their CFO reckons the rollout can wait" is no step,
   and neither is what it introduces ("she thinks we should wait"). */
static bool opinion_verb(const char *s, size_t n) {
  return dbf__tx_opinion_verb(s, n);
}

/* Does a verb of opinion come just before i ("... reckons that we ...")? */
static bool opinion_before(const dbf__rx *x, size_t from, size_t i) {
  dbf_span w = dbf__tx_word_before(x->s, i);
  if (w.len && w.off >= from && dbf__tx_ieqn(x->s + w.off, "that", 4) && w.len == 4)
    w = dbf__tx_word_before(x->s, w.off);
  return w.len && w.off >= from && opinion_verb(x->s + w.off, w.len);
}

/* Does a verb of opinion follow the first words of cl (at most five)? */
static bool opinion_in(const dbf__rx *x, dbf_span cl) {
  size_t p = cl.off, end = cl.off + cl.len;
  for (int k = 0; k < 6 && p < end; k++) {
    while (p < end && !dbf__tx_isalnum((unsigned char)x->s[p]))
      p++;
    size_t wb = p;
    while (p < end && dbf__tx_isalnum((unsigned char)x->s[p]))
      p++;
    if (p > wb && opinion_verb(x->s + wb, p - wb))
      return true;
  }
  return false;
}

/* Modals between an owner and the verb ("Dana will send", "Raj, is going to review"). */
static const char *const k_modals[] = {
    "will",    "'ll",       "is going to", "are going to", "is gonna", "needs to",
    "need to", "has to",    "have to",     "should",       "is to",    "are to",
    "can",     "agreed to", "promised to", "offered to",   NULL};

/* Verbs that start a task after "and" ("... today and check back in October"). */
static const char *const k_step_verbs[] = {
    "send",      "share",   "check",   "book",     "set",      "schedule", "follow",   "call",
    "email",     "review",  "prepare", "draft",    "run",      "get",      "loop",     "introduce",
    "confirm",   "update",  "visit",   "meet",     "circle",   "reach",    "ping",     "finalize",
    "finalise",  "submit",  "arrange", "organise", "organize", "present",  "deliver",  "write",
    "pull",      "provide", "install", "start",    "kick",     "reply",    "return",   "ship",
    "fix",       "rework",  "answer",  "test",     "ask",      "sign",     "shadow",   "compare",
    "hold",      "build",   "train",   "scope",    "quote",    "demo",     "finish",   "do",
    "translate", "collect", "gather",  "chase",    "invite",   "host",     "map",      "order",
    "owe",       "upload",  "fit",     "give",     "hand",     "put",      "nominate", "find",
    NULL};

/* An imperative opening a clause in a list of steps ("Send the proposal by
   Tuesday", "check the integration tomorrow"), capitalized or not. */
static bool imperative_at(const char *s, size_t n) {
  char w[16];
  size_t l = 0;
  while (l < n && l + 1 < sizeof w && ((s[l] | 32) >= 'a' && (s[l] | 32) <= 'z')) {
    w[l] = (char)(s[l] | 32);
    l++;
  }
  if (l == 0 || (l < n && (dbf__tx_isalnum((unsigned char)s[l]) || s[l] == '\'')))
    return false;
  for (size_t k = 0; k_step_verbs[k]; k++)
    if (strlen(k_step_verbs[k]) == l && memcmp(k_step_verbs[k], w, l) == 0)
      return true;
  return false;
}

static bool step_verb(const char *s, size_t n) {
  size_t w = 0;
  while (w < n && s[w] >= 'a' && s[w] <= 'z')
    w++;
  for (size_t k = 0; k_step_verbs[k]; k++)
    if (strlen(k_step_verbs[k]) == w && memcmp(s, k_step_verbs[k], w) == 0)
      return true;
  return false;
}

/* Does a verb in -ing start at p ("picking", "sending"), not "going"? */
static bool progressive(const char *s, size_t p, size_t end) {
  size_t w = p;
  while (w < end && s[w] >= 'a' && s[w] <= 'z')
    w++;
  return w - p >= 5 && memcmp(s + w - 3, "ing", 3) == 0 &&
         !(w - p == 5 && memcmp(s + p, "going", 5) == 0);
}

/*
 * Where the action starts after an owner ending at p: an optional comma and
 * modal, then a verb. Without a modal the verb must not be a report word
 * ("I thought", "Dana said"); after a name (name_owner) a bare verb must be
 * in the third person ("Dana sends"). 0 when no action follows.
 */
static size_t verb_after(const dbf__rx *x, size_t p, size_t end, bool name_owner, bool *had_modal) {
  const char *s = x->s;
  if (p < end && s[p] == ',')
    p++;
  while (p < end && s[p] == ' ')
    p++;
  bool modal = false;
  if (p < end && s[p] == '\'') {
    if (p + 3 <= end && dbf__tx_ieqn(s + p, "'ll", 3)) {
      p += 3;
      modal = true;
    } else if (p + 3 <= end && (dbf__tx_ieqn(s + p, "'m ", 3) || dbf__tx_ieqn(s + p, "'s ", 3)) &&
               progressive(s, p + 3, end)) {
      p += 3; /* "I'm visiting the brewery", "Gus's picking" */
      modal = true;
    } else if (p + 4 <= end && dbf__tx_ieqn(s + p, "'re ", 4) && progressive(s, p + 4, end)) {
      p += 4;
      modal = true;
    } else {
      return 0; /* "I'm going to" and the like are owner patterns */
    }
  } else if (p + 3 <= end && (dbf__tx_ieqn(s + p, "is ", 3) || dbf__tx_ieqn(s + p, "am ", 3)) &&
             progressive(s, p + 3, end)) {
    p += 3; /* "Gus is picking two farms" */
    modal = true;
  } else if (p + 4 <= end && dbf__tx_ieqn(s + p, "are ", 4) && progressive(s, p + 4, end)) {
    p += 4;
    modal = true;
  }
  for (size_t k = 0; k_modals[k] && !modal; k++) {
    size_t l = strlen(k_modals[k]);
    if (p + l < end && dbf__tx_ieqn(s + p, k_modals[k], l) && dbf__tx_is_word_at(s, end, p, l)) {
      p += l;
      modal = true;
    }
  }
  while (p < end && s[p] == ' ')
    p++;
  size_t w = p;
  while (w < end && s[w] >= 'a' && s[w] <= 'z')
    w++;
  if (w - p < 2 || (w < end && dbf__tx_isalnum((unsigned char)s[w])))
    return 0;
  for (size_t k = 0; k_not_actions[k]; k++) {
    if (strlen(k_not_actions[k]) == w - p && memcmp(s + p, k_not_actions[k], w - p) == 0)
      return 0;
  }
  if (opinion_verb(s + p, w - p))
    return 0;
  if (!modal && name_owner && s[w - 1] != 's')
    return 0;
  if (!modal && w - p >= 3 && dbf__tx_ieqn(s + w - 2, "ed", 2))
    return 0; /* "I emailed them": done already, not a next step */
  *had_modal = modal;
  return p;
}

/* Is i where a clause begins: the sentence start, or after a list marker,
   ";", ",", "and" or "then"? */
/*
 * "... and put a reminder in", "and add the depot": a lower-case word that
 * is no function word, followed by an article or a possessive, reads as a
 * verb with its object.
 */
static bool verb_by_object(const char *s, size_t i, size_t end) {
  static const char *const dets[] = {"a", "an", "the", "their", "our", "his", "her", NULL};
  size_t w = i;
  while (w < end && s[w] >= 'a' && s[w] <= 'z')
    w++;
  if (w - i < 2 || w >= end || s[w] != ' ' || dbf__tx_function_word(s + i, w - i))
    return false;
  size_t d = w + 1, de = d;
  while (de < end && dbf__tx_isalnum((unsigned char)s[de]))
    de++;
  return de > d && de < end && s[de] == ' ' && dbf__tx_word_in(s + d, de - d, dets);
}

/* Words that announce the steps, said with no colon in speech: "next
   steps are I send the deck", "the plan is we book the site visit".
   Longest first. */
static const char *const k_step_leads[] = {"next steps are", "next step is",     "the plan is that",
                                           "the plan is",    "action items are", "next steps",
                                           "next step",      "next up",          NULL};

/* Does the text before b end with a word in words, at a word start? */
static bool ends_with_word(const char *s, size_t from, size_t b, const char *const *words) {
  for (size_t k = 0; words[k]; k++) {
    size_t l = strlen(words[k]);
    if (b >= from + l && dbf__tx_ieqn(s + b - l, words[k], l) &&
        (b == from + l || !dbf__tx_isalnum((unsigned char)s[b - l - 1])))
      return true;
  }
  return false;
}

static bool only_openers(const dbf__rx *x, dbf_span sent, size_t b);

static bool clause_start(const dbf__rx *x, dbf_span sent, size_t i) {
  const char *s = x->s;
  size_t b = i;
  while (b > sent.off && s[b - 1] == ' ')
    b--;
  if (b == sent.off)
    return true;
  char c = s[b - 1];
  if (c == '-' && b == i && b >= sent.off + 2 && dbf__tx_isalnum((unsigned char)s[b - 2]))
    return false; /* inside a hyphenated word: "run a back-test" */
  if (c == ';' || c == ',' || c == ':' || c == ')' || c == '-' || c == '*')
    return true;
  if (c == '.' && b >= 2 && s[b - 2] >= '0' && s[b - 2] <= '9')
    return true; /* "2. I set up" */
  static const char *const joins[] = {"and", "then", "also", NULL};
  if (ends_with_word(s, sent.off, b, joins) || ends_with_word(s, sent.off, b, k_step_leads))
    return true;
  return only_openers(x, sent, b);
}

/* "so I send the quote", "ok so me I book the visit": only fillers, or
   the speaker naming themselves, before b in the sentence. */
static bool only_openers(const dbf__rx *x, dbf_span sent, size_t b) {
  const char *s = x->s;
  static const char *const openers[] = {"so",  "ok",      "okay",   "right", "well",  "yeah", "me",
                                        "and", "alright", "anyway", "then",  "first", NULL};
  for (size_t p = sent.off; p < b;) {
    while (p < b && !dbf__tx_isalnum((unsigned char)s[p]))
      p++;
    size_t w = p;
    while (w < b && dbf__tx_isalnum((unsigned char)s[w]))
      w++;
    if (w > p && !dbf__tx_word_in(s + p, w - p, openers))
      return false;
    p = w;
  }
  return true;
}

/*
 * "and by Friday legal sends the redlines", "on the 12th our installer
 * fits the meters": a date said before the owner of a step, at the start of
 * its clause, is that step's due date. The date among d (nd, offsets in
 * x->s) that ends right before i (a comma aside), when the date and the
 * preposition before it open a clause of sent; where that lead starts goes
 * to *lead. NULL when there is none.
 */
static const dbf__date *lead_date(const dbf__rx *x, dbf_span sent, size_t i, const dbf__date *d,
                                  size_t nd, size_t *lead) {
  static const char *const preps[] = {"by", "on", "before", "until", "around", NULL};
  const char *s = x->s;
  size_t q = i;
  while (q > sent.off && s[q - 1] == ' ')
    q--;
  if (q > sent.off && s[q - 1] == ',')
    q--;
  if (q == i)
    return NULL;
  for (size_t k = 0; k < nd; k++) {
    if (d[k].off + d[k].len != q || d[k].off < sent.off || d[k].negated ||
        d[k].prec == DBF_DATE_YEAR)
      continue;
    size_t p = d[k].off;
    dbf_span w = dbf__tx_word_before(s, p);
    if (w.len && w.off >= sent.off && dbf__tx_word_in(s + w.off, w.len, preps))
      p = w.off;
    /* Only a clause said as speech opens so: after a list mark, a bracket
       or a comma ("quote (me) by May 3", "- me - 6/12") the date closes
       the item before. */
    size_t c = p;
    while (c > sent.off && s[c - 1] == ' ')
      c--;
    if (!clause_start(x, sent, p) ||
        (c > sent.off && strchr(",:)-*", s[c - 1]) && !only_openers(x, sent, c - 1)))
      return NULL;
    *lead = p;
    return &d[k];
  }
  return NULL;
}

/*
 * An owner the person parser did not find, at a clause start: a first name
 * ("Sanne sends", "Shauna's going to"), a team ("our legal sends", "their
 * onboarding team runs"), or an owner before a colon or a dash ("Me: quote
 * by Tue", "Omar - list of the clients, next Monday"). Returns where the
 * action starts and writes the owner; 0 when there is none.
 */
/* The full name of a known person whose first name is sp, in any case. */
static const char *known_first_name(const dbf__rx *x, dbf_span sp) {
  if (sp.len < 3)
    return NULL;
  for (size_t k = 0; k < x->people.n_known; k++) {
    const char *name = x->people.known[k].name;
    size_t first = strcspn(name, " ");
    if (first == sp.len && dbf__tx_ieqn(name, x->s + sp.off, sp.len))
      return name;
  }
  return NULL;
}

/* Is the word at p a step verb in the third person ("sends", "schedules",
   "finishes")? */
static bool step_verb_s(const char *s, size_t p, size_t end) {
  size_t w = p;
  while (w < end && s[w] >= 'a' && s[w] <= 'z')
    w++;
  if (w - p < 3 || s[w - 1] != 's' || (w < end && dbf__tx_isalnum((unsigned char)s[w])))
    return false;
  char base[16];
  size_t l = w - p - 1;
  if (l >= sizeof base)
    return false;
  memcpy(base, s + p, l);
  base[l] = ' ';
  if (step_verb(base, l + 1))
    return true;
  if (l <= 2 || base[l - 1] != 'e')
    return false;
  base[l - 1] = ' '; /* "finishes" */
  return step_verb(base, l);
}

/* Is the word at p a step verb in -ing ("sending", "checking", "setting",
   "arranging")? */
static bool step_verb_ing(const char *s, size_t p, size_t end) {
  size_t w = p;
  while (w < end && s[w] >= 'a' && s[w] <= 'z')
    w++;
  if (w - p < 5 || memcmp(s + w - 3, "ing", 3) != 0 ||
      (w < end && dbf__tx_isalnum((unsigned char)s[w])))
    return false;
  char base[20];
  size_t l = w - p - 3;
  if (l + 2 >= sizeof base)
    return false;
  memcpy(base, s + p, l);
  base[l] = ' ';
  if (step_verb(base, l + 1))
    return true;
  if (l >= 3 && base[l - 1] == base[l - 2]) {
    base[l - 1] = ' '; /* "setting" -> "set" */
    if (step_verb(base, l))
      return true;
  }
  base[l] = 'e'; /* "arranging" -> "arrange" */
  base[l + 1] = ' ';
  return step_verb(base, l + 2);
}

static bool someone_word(const dbf__rx *x, const char *w, size_t n);
/* Is a lower-case Latin letter of two bytes at s ("ł", "ñ", "ö")? */
static bool latin_lower_at(const char *s, size_t n) {
  return n >= 2 && dbf__tx_latin_base((const unsigned char *)s) != 0 && !dbf__tx_capital_at(s, n);
}

/* After a name ending at e, "is" or its contraction and a step verb in
   -ing: "'s sending", " is checking". */
static bool progressive_step_after(const char *s, size_t e, size_t end) {
  if (e + 3 < end && memcmp(s + e, "'s ", 3) == 0)
    return step_verb_ing(s, e + 3, end);
  return e + 4 < end && memcmp(s + e, " is ", 4) == 0 && step_verb_ing(s, e + 4, end);
}

/* True when the word at b follows a count that follows a step verb or
   its particle: "set up 2 intro calls", "book three site visits". The word
   is part of the counted object, no owner. */
static bool counted_after_verb(const char *s, size_t b) {
  if (b < 4 || s[b - 1] != ' ')
    return false;
  size_t ce = b - 1;
  size_t cb = ce;
  while (cb > 0 && dbf__tx_isalnum((unsigned char)s[cb - 1]))
    cb--;
  if (cb == ce || cb < 2 || s[cb - 1] != ' ')
    return false;
  bool digits = true;
  for (size_t k = cb; k < ce && digits; k++)
    digits = s[k] >= '0' && s[k] <= '9';
  int nv = 0;
  if (!digits && !dbf__tx_number_word_at(s, cb, ce, &nv))
    return false;
  size_t ve = cb - 1;
  size_t vb = ve;
  while (vb > 0 && s[vb - 1] >= 'a' && s[vb - 1] <= 'z')
    vb--;
  if (vb == ve)
    return false;
  static const char *const particles[] = {"up", "out", "together", NULL};
  return step_verb(s + vb, ve - vb) || dbf__tx_word_in(s + vb, ve - vb, particles);
}

/* Typed in lower case, a name no list knows owns a step when a step verb
   follows it at once: "and sanne sends the floor plans", "felipe sends
   access", "and marcus will set up a test", "pete is going to map the yard",
   "ines is booking the van", "and tariq's sending the specs". */
static bool lower_owner(const dbf__rx *x, size_t b, size_t e, size_t end) {
  const char *s = x->s;
  size_t ne = b;
  /* "łukasz will send", "iñaki sends": a lower-case letter beyond ASCII
     is a letter of the name too. */
  while (ne < e && ((s[ne] >= 'a' && s[ne] <= 'z') || latin_lower_at(s + ne, e - ne)))
    ne += s[ne] >= 'a' && s[ne] <= 'z' ? 1 : 2;
  if (ne < e && !(e == ne + 2 && s[ne] == '\''))
    return false; /* only letters, or a name and its "'s" */
  int nv = 0;
  if (ne - b < 3 || dbf__tx_function_word(s + b, ne - b) || step_verb(s + b, ne - b) ||
      dbf__tx_number_word_at(s, b, ne, &nv))
    return false;
  if (counted_after_verb(s, b))
    return false; /* "set up 2 intro calls" */
  /* "everything's checking out": an everyday word is no one, unless it
     is also a given name ("grant's booking the room"). */
  if (progressive_step_after(s, ne, end))
    return !dbf__rx_common_word(x, s, b, ne - b) || someone_word(x, s + b, ne - b);
  if (ne < e)
    return false;
  if (e + 1 >= end || s[e] != ' ')
    return false;
  /* "pipe maps for the northern district": a noun before a preposition.
     "+ route maps next week", "and shift plans": an everyday word before a
     plural that is also a verb is a noun pair, unless the word is a given
     name or a word for someone. */
  if (step_verb_s(s, e + 1, end)) {
    if (dbf__rx_common_word(x, s, b, ne - b) && !someone_word(x, s + b, ne - b))
      return false;
    size_t v = e + 1;
    while (v < end && s[v] != ' ')
      v++;
    static const char *const preps[] = {"for", "of",   "to", "in",   "on",
                                        "at",  "with", "by", "from", NULL};
    size_t n = v + 1;
    while (n < end && s[n] >= 'a' && s[n] <= 'z')
      n++;
    return v + 1 < end && !dbf__tx_word_in(s + v + 1, n - v - 1, preps);
  }
  static const char *const modals[] = {"will ", "is going to ", "is gonna ", NULL};
  for (size_t k = 0; modals[k]; k++) {
    size_t l = strlen(modals[k]);
    if (e + 1 + l < end && memcmp(s + e + 1, modals[k], l) == 0 &&
        step_verb(s + e + 1 + l, end - e - 1 - l))
      return true;
  }
  return false;
}

/* Does sp ("their IT lead", "our field crew", "their contract") hold a
   word for someone? */
static bool names_someone(const dbf__rx *x, dbf_span sp) {
  dbf_span w[6];
  size_t nw = dbf__tx_words(x->s + sp.off, sp.len, w, 6);
  for (size_t k = 0; k < nw; k++)
    if (someone_word(x, x->s + sp.off + w[k].off, w[k].len))
      return true;
  return false;
}

/* Is s[b..e) a department ("legal", "procurement", "supply chain") and
   " to " with a step verb right after it: "... legal to review the DPA"? */
static bool department_to_step(const dbf__rx *x, size_t b, size_t e, size_t end) {
  const char *s = x->s;
  if (e + 4 >= end || !dbf__tx_ieqn(s + e, " to ", 4) || !step_verb(s + e + 4, end - e - 4))
    return false;
  /* "get legal to review it", "we want finance to sign": the object of a
     verb that has others act owns nothing of its own. */
  static const char *const causes[] = {"got",   "getting", "asked",  "have",  "had",  "want",
                                       "wants", "need",    "needs",  "let",   "tell", "told",
                                       "make",  "remind",  "expect", "allow", NULL};
  dbf_span w = dbf__tx_word_before(s, b);
  if (w.len && (dbf__tx_word_in(s + w.off, w.len, causes) || step_verb(s + w.off, w.len)))
    return false;
  const dbf__lexicon *l = dbf__lex_get(x->ctx->lex, "departments");
  dbf__lex_match m;
  return l && dbf__lex_match_at(l, s + b, e - b, 0, &m) && m.len == e - b;
}

/* The length of the department or function ("finance", "supply chain",
   "IT") said at b, to a word's end, else 0. A function word in lower case
   ("it") is no department. */
static size_t department_at(const dbf__rx *x, size_t b, size_t end) {
  const dbf__lexicon *l = dbf__lex_get(x->ctx->lex, "departments");
  dbf__lex_match m;
  if (!l || b >= end || !dbf__lex_match_at(l, x->s + b, end - b, 0, &m) || m.len == 0 ||
      (b + m.len < end && dbf__tx_isalnum((unsigned char)x->s[b + m.len])))
    return 0;
  if (dbf__tx_function_word(x->s + b, m.len) && !dbf__tx_isupper((unsigned char)x->s[b + 1]))
    return 0;
  return m.len;
}

/*
 * "HR rolls out the survey", "IT sets up a sandbox": a verb in the third
 * person, a particle and an object read as a verb with its object. "on",
 * "in", "over" and "through" are left out: "compliance notes on the draft"
 * and "finance figures over the quarter" name things.
 */
static bool phrasal_by_object(const char *s, size_t i, size_t end) {
  static const char *const parts[] = {"out", "up", "off", "back", "down", NULL};
  size_t w = i;
  while (w < end && s[w] >= 'a' && s[w] <= 'z')
    w++;
  if (w - i < 4 || w >= end || s[w] != ' ' || s[w - 1] != 's' || s[w - 2] == 's' ||
      dbf__tx_function_word(s + i, w - i))
    return false;
  size_t q = w + 1, qe = q;
  while (qe < end && s[qe] >= 'a' && s[qe] <= 'z')
    qe++;
  if (qe == q || !dbf__tx_word_in(s + q, qe - q, parts))
    return false;
  static const char *const dets[] = {"a", "an", "the", "their", "our", "his", "her", NULL};
  size_t d = qe + 1, de = d;
  while (de < end && dbf__tx_isalnum((unsigned char)s[de]))
    de++;
  if (!(qe < end && s[qe] == ' ' && de > d && de < end && s[de] == ' ' &&
        dbf__tx_word_in(s + d, de - d, dets)))
    return false;
  /* "marketing leads down the funnel dropped": a verb after the noun makes
     the words before it its subject. */
  static const char *const finite[] = {"was", "were", "is", "are", "has", "have", "had", NULL};
  size_t p = de;
  for (int k = 0; k < 4 && p < end; k++) {
    while (p < end && s[p] == ' ')
      p++;
    size_t wb = p;
    while (p < end && s[p] >= 'a' && s[p] <= 'z')
      p++;
    if (p == wb)
      break;
    if (dbf__tx_word_in(s + wb, p - wb, finite) ||
        (k > 0 && p - wb > 3 && s[p - 2] == 'e' && s[p - 1] == 'd'))
      return false;
  }
  return true;
}

/*
 * "vets suppliers by the 20th", "mounts brackets next week": a verb in the
 * third person, a bare plural noun as its object and a due date in the
 * words after it. The verb and the noun have four letters or more and end
 * in a single "s" ("notes on the draft" has no noun after the verb). A
 * habit has no date ("legal handles renewals"), and a verb after the noun
 * makes the words before it its subject ("their sales figures were").
 */
static bool bare_plural_object(const dbf__rx *x, size_t v, size_t end) {
  const char *s = x->s;
  size_t w = v;
  while (w < end && s[w] >= 'a' && s[w] <= 'z')
    w++;
  if (w - v < 4 || w >= end || s[w] != ' ' || s[w - 1] != 's' || s[w - 2] == 's' ||
      dbf__tx_function_word(s + v, w - v))
    return false;
  size_t o = w + 1, oe = o;
  while (oe < end && s[oe] >= 'a' && s[oe] <= 'z')
    oe++;
  if (oe - o < 4 || s[oe - 1] != 's' || s[oe - 2] == 's' || s[oe - 2] == 'u' ||
      (oe < end && s[oe] != ' ') || dbf__tx_function_word(s + o, oe - o))
    return false;
  /* "legal reviews contracts was ...": a finite verb after the noun makes
     the words before it a subject. */
  static const char *const finite[] = {"was", "were", "is", "are", "has", "have", "had", NULL};
  size_t n = oe + 1, ne = n;
  while (ne < end && s[ne] >= 'a' && s[ne] <= 'z')
    ne++;
  if (oe < end && ne > n && dbf__tx_word_in(s + n, ne - n, finite))
    return false;
  /* A date within about fifty bytes after the noun: "... by the 20th". */
  size_t de = oe + 48 < end ? oe + 48 : end;
  dbf__date d[2];
  size_t nd = dbf__date_scan(s + oe, de - oe, &x->ref, true, d, 2);
  for (size_t k = 0; k < nd; k++)
    if (!d[k].negated && d[k].prec != DBF_DATE_YEAR)
      return true;
  return false;
}

/* After a department alone, its verb at v makes a step with a modal before
   it, as a step verb in the third person ("legal reviews"), with an object
   ("procurement raises the PO") or with a bare plural object ("procurement
   vets suppliers"); "compliance notes on the draft", "their finance
   figures" name things. */
static bool department_verb(const dbf__rx *x, size_t v, size_t end, bool had_modal) {
  return had_modal || step_verb_s(x->s, v, end) || verb_by_object(x->s, v, end) ||
         phrasal_by_object(x->s, v, end) || bare_plural_object(x, v, end);
}

/* A name of one or two words in brackets after the word ending at e
   (" (raj)", " (Femke Jansen)"): returns where the text after ")" starts
   and writes the name; 0 when there is none. */
static size_t bracketed_name(const char *s, size_t e, size_t end, dbf_span *who) {
  if (e + 3 >= end || s[e] != ' ' || s[e + 1] != '(')
    return 0;
  size_t b = e + 2, p = b;
  int words = 1;
  while (p < end && s[p] != ')') {
    if (s[p] == ' ')
      words++;
    else if (!dbf__tx_isalnum((unsigned char)s[p]) && s[p] != '-' && (unsigned char)s[p] < 0x80)
      return 0;
    p++;
  }
  if (p >= end || p == b || words > 2 || !dbf__tx_isalnum((unsigned char)s[b]))
    return 0;
  *who = (dbf_span){b, p - b};
  return p + 1;
}

/*
 * Does a role in apposition start at p: "our", "their" or "the", up to
 * four words and a comma ("their head of IT, ...", "the CFO, ...")?
 */
static bool role_apposition(const dbf__rx *x, size_t p, size_t end) {
  static const char *const dets[] = {"our", "their", "the", NULL};
  const char *s = x->s;
  while (p < end && s[p] == ' ')
    p++;
  for (int k = 0; k < 5 && p < end; k++) {
    size_t wb = p;
    while (p < end && (dbf__tx_isalnum((unsigned char)s[p]) || s[p] == '-' || s[p] == '\''))
      p++;
    if (p == wb || (k == 0 && !dbf__tx_word_in(s + wb, p - wb, dets)))
      return false;
    if (k > 0 && p < end && s[p] == ',')
      return true;
    if (p >= end || s[p] != ' ')
      return false;
    p++;
  }
  return false;
}

/* The end of a word of a name at b: ASCII letters and digits, and the
   letters of Latin scripts beyond ASCII ("đức", "łukasz", "søren"), not
   the punctuation that UTF-8 also spells in several bytes. */
static size_t name_word_end(const char *s, size_t b, size_t end) {
  size_t e = b;
  for (;;) {
    const unsigned char *u = (const unsigned char *)s + e;
    if (e < end && dbf__tx_isalnum(u[0]))
      e++;
    else if (e + 1 < end && u[0] >= 0xc3 && u[0] <= 0xcf && (u[1] & 0xc0) == 0x80)
      e += 2; /* Latin-1, Latin Extended-A and -B */
    else if (e + 2 < end && u[0] == 0xe1 && u[1] >= 0xb8 && u[1] <= 0xbb && (u[2] & 0xc0) == 0x80)
      e += 3; /* Latin Extended Additional: "ứ", "ạ" */
    else
      return e;
  }
}

/*
 * "... by the 9th our field tech Ravi replace the pump", "our analyst mei
 * to clean the data": our or their role, then a person's name and a bare
 * step verb (or "to" and one) with a word after it, start a step the name
 * owns; so does a verb in the third person ("my manager Lotte calls Dana").
 * The position of the verb when the words from i up to the name at [wb, we)
 * hold a word for someone, else 0.
 */
static size_t role_name_verb(const dbf__rx *x, size_t i, size_t wb, size_t we, size_t end) {
  const char *s = x->s;
  if (wb <= i + 1 || we + 1 >= end || s[we] != ' ' || !names_someone(x, (dbf_span){i, wb - 1 - i}))
    return 0;
  dbf_span w = {wb, we - wb};
  bool capital = dbf__tx_isupper((unsigned char)s[wb]) && we - wb >= 2 &&
                 !dbf__tx_isupper((unsigned char)s[wb + 1]);
  /* In lower case, any word no everyday list holds: "kofi", "đức". */
  if (!capital && !known_first_name(x, w) &&
      (we - wb < 2 || dbf__tx_function_word(s + wb, w.len) || dbf__rx_common_word(x, s, wb, w.len)))
    return 0;
  if (dbf__people_is_role(&x->people, s + wb, w.len) || department_at(x, wb, end) >= w.len)
    return 0;
  size_t v = we + 1;
  if (v + 3 < end && dbf__tx_ieqn(s + v, "to ", 3))
    v += 3;
  size_t ve = v;
  while (ve < end && s[ve] >= 'a' && s[ve] <= 'z')
    ve++;
  if (ve == v || ve + 1 >= end || s[ve] != ' ' || !dbf__tx_isalnum((unsigned char)s[ve + 1]) ||
      !(step_verb(s + v, ve - v) || step_verb_s(s, v, end) || verb_by_object(s, v, end)))
    return 0;
  return v;
}

/*
 * True when the line of the list item from i ends with the speaker as its
 * owner after a comma or a dash ("onboarding call Friday, me", "site plan by
 * the 3rd - me"): a capital opening that item is no owner of its own.
 */
static bool item_ends_with_me(const char *s, size_t i, size_t end) {
  const char *nl = memchr(s + i, '\n', end - i);
  size_t e = nl ? (size_t)(nl - s) : end;
  while (e > i && (s[e - 1] == ' ' || s[e - 1] == '.' || s[e - 1] == ';'))
    e--;
  if (e < i + 5 || !dbf__tx_ieqn(s + e - 2, "me", 2))
    return false;
  size_t p = e - 2;
  if (s[p - 1] != ' ')
    return false;
  p--;
  while (p > i && s[p - 1] == ' ')
    p--;
  return p > i && (s[p - 1] == ',' || s[p - 1] == '-');
}

/* Titles of address said before a name, any case, with or without dot. */
static const char *const k_honorifics[] = {"mr", "mrs", "ms", "dr", "miss", NULL};

/*
 * The end of the surnames after a first name s[b..e) that opens a list
 * item and a colon ends ("Maria Lopez: the deposit", "Ana Paula Souza:
 * the rota"): one or two more words, each capitalized and no sentence
 * starter, or any words when the session knows the first name. Returns e
 * when no such surname follows.
 */
static size_t surname_before_colon(const dbf__rx *x, size_t b, size_t e, size_t end) {
  const char *s = x->s;
  bool known = known_first_name(x, (dbf_span){b, e - b}) != NULL;
  if (!known &&
      !(dbf__tx_capital_at(s + b, end - b) && !dbf__rx_is_starter(x, (dbf_span){b, e - b})))
    return e;
  size_t w = e;
  for (int k = 0; k < 2; k++) {
    if (w + 1 >= end || s[w] != ' ')
      return e;
    size_t wb = w + 1;
    size_t we = name_word_end(s, wb, end);
    if (we == wb || (!known && (!dbf__tx_capital_at(s + wb, end - wb) ||
                                dbf__rx_is_starter(x, (dbf_span){wb, we - wb}))))
      return e;
    if (we < end && s[we] == ':')
      return we;
    w = we;
  }
  return e;
}

static size_t named_owner(const dbf__rx *x, dbf_span sent, size_t i, size_t end, char *owner,
                          size_t cap, bool *modal) {
  const char *s = x->s;
  size_t e = i;
  bool team = false;
  /* "my manager Lotte calls ...": after "my" only a role and a name with
     its verb name an owner; "my notes" or "my team" is no one else. */
  bool mine = e + 3 < end && dbf__tx_ieqn(s + e, "my ", 3);
  if (e + 4 < end && (mine || dbf__tx_ieqn(s + e, "our ", 4) || dbf__tx_ieqn(s + e, "their ", 6))) {
    team = true;
    bool ours = s[e + 1] == 'u' || s[e + 1] == 'U';
    e += mine ? 3 : ours ? 4 : 6;
    /* Up to three words of the team: "our support lead", "our SE". */
    size_t prev_b = e;
    for (int w = 0; w < 3; w++) {
      size_t b = e;
      while (e < end && (dbf__tx_isalnum((unsigned char)s[e]) || s[e] == '-'))
        e++;
      if (e == b && w > 0)
        e = name_word_end(s, b, end); /* "our engineer đức" */
      if (e == b || opinion_verb(s + b, e - b))
        return 0; /* "their CTO feels we should": an opinion */
      size_t rv = w > 0 ? role_name_verb(x, i, b, e, end) : 0;
      if (rv) {
        const char *full = known_first_name(x, (dbf_span){b, e - b});
        snprintf(owner, cap, "%.*s", (int)(full ? strlen(full) : e - b), full ? full : s + b);
        if (owner[0] >= 'a' && owner[0] <= 'z')
          owner[0] = (char)(owner[0] - 'a' + 'A');
        *modal = false;
        return rv;
      }
      if (mine) {
        if (e >= end || s[e] != ' ')
          return 0;
        e++;
        prev_b = b;
        continue;
      }
      /* "our technician install the meters", dictated: a bare step verb
         after a word for someone starts the step. */
      if (w > 0 && step_verb(s + b, e - b) && someone_word(x, s + prev_b, b - 1 - prev_b)) {
        snprintf(owner, cap, "%.*s", (int)(b - 1 - i), s + i);
        owner[0] = (char)dbf__tx_lower(owner[0]);
        *modal = false;
        return b;
      }
      prev_b = b;
      bool had_modal = false;
      /* "our eng (raj) fixes the feed", "our legal (Priya) reviews it": the
         person named in brackets after our team word owns the step (their
         "vendor (X)" names a thing). */
      dbf_span who;
      size_t after = ours ? bracketed_name(s, e, end, &who) : 0;
      if (after) {
        size_t bv = verb_after(x, after, end, true, &had_modal);
        size_t vb = after;
        while (vb < end && s[vb] == ' ')
          vb++;
        if (!bv && step_verb(s + vb, end - vb))
          bv = vb; /* dictated: "our fitter (jo) check the stairs" */
        if (!bv)
          return 0;
        const char *full = known_first_name(x, who);
        if (full)
          snprintf(owner, cap, "%s", full);
        else
          snprintf(owner, cap, "%.*s", (int)who.len, s + who.off);
        if (owner[0] >= 'a' && owner[0] <= 'z')
          owner[0] = (char)(owner[0] - 'a' + 'A');
        *modal = had_modal;
        return bv;
      }
      size_t v = verb_after(x, e, end, true, &had_modal);
      /* "Our SE - cold search benchmark", "our legal: the redlines". */
      size_t q = e;
      while (q < end && s[q] == ' ')
        q++;
      if (!v && q < end && (s[q] == ':' || (s[q] == '-' && q > e))) {
        q++;
        while (q < end && s[q] == ' ')
          q++;
        v = q < end ? q : 0;
        had_modal = false;
      }
      if (v && !ours && !names_someone(x, (dbf_span){i, e - i}))
        return 0; /* "their contract runs out in May": a thing, no owner */
      if (v) {
        snprintf(owner, cap, "%.*s", (int)(e - i), s + i);
        owner[0] = (char)dbf__tx_lower(owner[0]);
        *modal = had_modal;
        return v;
      }
      if (e >= end || s[e] != ' ')
        return 0;
      e++;
    }
    return 0;
  }
  (void)team;
  /* "Me: quote by Tue", "Colin: van schedule", "Omar - the list". */
  size_t b = e;
  while (e < end && (dbf__tx_isalnum((unsigned char)s[e]) || s[e] == '\'' ||
                     (s[e] == '-' && e + 1 < end && dbf__tx_isalnum((unsigned char)s[e + 1]))))
    e++; /* "ji-woo: the list" */
  if (e == b)
    return 0;
  /* "Dr Okafor sends the protocol", "mrs penrose sends the form": a title
     of address and the name after it are the owner. */
  bool honorific = false;
  if (dbf__tx_word_in(s + b, e - b, k_honorifics)) {
    size_t h = e < end && s[e] == '.' ? e + 1 : e;
    if (h + 1 < end && s[h] == ' ' && dbf__tx_isalnum((unsigned char)s[h + 1])) {
      e = h + 1;
      while (e < end && (dbf__tx_isalnum((unsigned char)s[e]) || s[e] == '-'))
        e++;
      honorific = true;
    }
  }
  bool me = (e - b == 2 && dbf__tx_ieqn(s + b, "me", 2)) || (e - b == 1 && s[b] == 'I');
  /* "procurement raises the PO", "supply chain will book the slot": a
     department alone owns its step, in any case. */
  size_t dl = honorific || me ? 0 : department_at(x, b, end);
  if (dl >= e - b)
    e = b + dl;
  bool name = honorific || dl >= e - b ||
              (dbf__tx_capital_at(s + b, end - b) && !dbf__rx_is_starter(x, (dbf_span){b, e - b}));
  /* Typed in lower case: "omar sends me the numbers", a first name the
     session knows. */
  const char *known = name || me ? NULL : known_first_name(x, (dbf_span){b, e - b});
  name = name || known || (!me && x->lower_typed && lower_owner(x, b, e, end));
  bool dept = !me && department_to_step(x, b, e, end);
  name = name || dept;
  size_t p = e;
  while (p < end && s[p] == ' ')
    p++;
  /* At the start of a list item ("- Me, revised quote by tomorrow",
     "Emil, confirm the margin by the 25th", "thandeka - block maps"), a
     comma also ends the owner, and an owner typed in lower case counts. */
  size_t q = b;
  while (q > sent.off && (s[q - 1] == ' ' || s[q - 1] == '-' || s[q - 1] == '*'))
    q--;
  bool item_start = q == sent.off || s[q - 1] == '\n' || s[q - 1] == ';' || s[q - 1] == '.';
  if (item_start && !me && !honorific && dl < e - b && p == e + 1) {
    size_t se = surname_before_colon(x, b, e, end);
    if (se > e) {
      e = se; /* "- Maria Lopez: the deposit by Friday" */
      p = se;
      name = true;
    }
  }
  bool layout = p < end && (s[p] == ':' || (s[p] == '-' && p > e) || (s[p] == ',' && item_start));
  /* "Dana, their CFO, thinks ...": a role in apposition after the comma is
     no step of the name; name_then_role reads the verb after it. */
  if (layout && s[p] == ',' && role_apposition(x, p + 1, end))
    layout = false;
  if (!me && !name &&
      !(layout && item_start && e - b >= 3 && !dbf__rx_is_starter(x, (dbf_span){b, e - b})))
    return 0;
  if (layout) {
    p++;
    while (p < end && s[p] == ' ')
      p++;
    if (p >= end)
      return 0;
    snprintf(owner, cap, "%s", me ? "me" : "");
    if (!me && known)
      snprintf(owner, cap, "%s", known);
    else if (!me)
      snprintf(owner, cap, "%.*s", (int)(e - b), s + b);
    *modal = false; /* in passing, like a bare verb, only with a due date */
    return p;
  }
  if (!name)
    return 0;
  /* "our list of GCAA and EASA references": an acronym joined by "and" to
     an acronym before it is named with it, no owner. */
  if (!known && !me && b >= sent.off + 5 && dbf__tx_acronym_pair(s, sent.off, end, b - 5))
    return 0;
  /* "Shauna's going to pull", "Sanne sends". */
  size_t ne = e;
  if (ne >= 2 && s[ne - 2] == '\'' && s[ne - 1] == 's')
    ne -= 2;
  bool had_modal = false;
  size_t v;
  if (ne < e) {
    static const char *const going[] = {" going to ", " gonna ", NULL};
    v = 0;
    for (size_t k = 0; going[k] && !v; k++) {
      size_t l = strlen(going[k]);
      if (e + l <= end && dbf__tx_ieqn(s + e, going[k], l))
        v = verb_after(x, e + l - 1, end, false, &had_modal);
    }
    if (!v && e + 1 < end && s[e] == ' ' && progressive(s, e + 1, end))
      v = e + 1; /* "Kylie's sending the report" */
    had_modal = v != 0;
  } else {
    v = verb_after(x, e, end, true, &had_modal);
    if (v && dl && dl == e - b && !department_verb(x, v, end, had_modal))
      v = 0;
    /* "Legal to review their DPA template.", "Agnieszka to set up a call":
       a plan, when the owner opens the sentence or item. */
    if (!v && (item_start || dept) && e + 4 < end && dbf__tx_ieqn(s + e, " to ", 4) &&
        dbf__tx_islower((unsigned char)s[e + 4])) {
      v = verb_after(x, e + 3, end, false, &had_modal);
      had_modal = v != 0;
    }
  }
  if (!v)
    return 0;
  /* "Next steps:", "Agreed actions:": a word that ends at a colon heads
     the list after it; a verb with nothing after it but a colon owns no
     step. */
  size_t ve = v;
  while (ve < end && dbf__tx_isalnum((unsigned char)s[ve]))
    ve++;
  if (ve > v && ve < x->n && s[ve] == ':')
    return 0;
  (void)sent;
  if (known)
    snprintf(owner, cap, "%s", known);
  else
    snprintf(owner, cap, "%.*s", (int)(ne - b), s + b);
  *modal = had_modal;
  return v;
}

/*
 * "Hanne from legal returns the markup", "Olavi from their side
 * confirms the budget", "Wendel's data crew builds the feed": a first name,
 * then where the person sits ("from" and a department, a team or a side)
 * or a team that is theirs, then a verb in the third person with an object
 * or a modal. The name owns the step, with its team when a team is said.
 * Returns where the action starts and writes the owner; 0 when there is
 * none.
 */
static size_t name_from_side(const dbf__rx *x, size_t i, size_t end, char *owner, size_t cap,
                             bool *modal) {
  const char *s = x->s;
  size_t e = i;
  while (e < end && dbf__tx_isalnum((unsigned char)s[e]))
    e++;
  dbf_span w = {i, e - i};
  if (w.len < 3 || dbf__tx_function_word(s + i, w.len) || step_verb(s + i, w.len))
    return 0;
  const char *full = known_first_name(x, w);
  for (size_t pi = 0; pi < x->n_persons && !full; pi++)
    if (x->persons[pi].off == i && !x->persons[pi].ours && x->persons[pi].len == w.len)
      full = x->persons[pi].name;
  dbf__lex_match m;
  const dbf__lexicon *names = dbf__lex_get(x->ctx->lex, "first_names");
  if (!full && !(dbf__tx_isupper((unsigned char)s[i])
                     ? !dbf__rx_is_starter(x, w)
                     : names && dbf__lex_match_at(names, s + i, w.len, 0, &m) && m.len == w.len))
    return 0;
  static const char *const sides[] = {"side", "end", "office", NULL};
  static const char *const teams[] = {"team", "crew", "squad", "people", "folks", NULL};
  bool team = false;
  size_t p = 0;
  if (e + 3 < end && s[e] == '\'' && (s[e + 1] | 32) == 's' && s[e + 2] == ' ') {
    /* "Teodor's team", "Wendel's data crew": up to two words before it. */
    size_t q = e + 2;
    for (int k = 0; k < 3 && q < end && s[q] == ' ' && !team; k++) {
      size_t wb = ++q;
      while (q < end && dbf__tx_isalnum((unsigned char)s[q]))
        q++;
      if (q == wb)
        break;
      team = dbf__tx_word_in(s + wb, q - wb, teams);
    }
    p = team ? q : 0;
  } else if (e + 6 < end && dbf__tx_ieqn(s + e, " from ", 6)) {
    /* "from legal", "from their side", "from our support team". */
    size_t q = e + 5;
    for (int k = 0; k < 4 && q < end && s[q] == ' ' && !p; k++) {
      size_t wb = ++q;
      while (q < end && (dbf__tx_isalnum((unsigned char)s[q]) || s[q] == '-'))
        q++;
      if (q == wb)
        break;
      if (k == 0 &&
          dbf__tx_word_in(s + wb, q - wb, (const char *const[]){"our", "their", "the", NULL}))
        continue;
      if (dbf__tx_word_in(s + wb, q - wb, sides) || dbf__tx_word_in(s + wb, q - wb, teams) ||
          (department_at(x, wb, end) == q - wb))
        p = q;
    }
  }
  if (!p)
    return 0;
  bool had_modal = false;
  size_t v = verb_after(x, p, end, true, &had_modal);
  if (!v || !(had_modal ? step_verb(s + v, end - v) || verb_by_object(s, v, end)
                        : step_verb_s(s, v, end) || verb_by_object(s, v, end) ||
                              phrasal_by_object(s, v, end) || bare_plural_object(x, v, end)))
    return 0;
  if (team)
    snprintf(owner, cap, "%.*s", (int)(p - i), s + i);
  else if (full)
    snprintf(owner, cap, "%s", full);
  else
    snprintf(owner, cap, "%.*s", (int)w.len, s + i);
  if (owner[0] >= 'a' && owner[0] <= 'z')
    owner[0] = (char)(owner[0] - 'a' + 'A');
  *modal = had_modal;
  return v;
}

/*
 * "Wiebke, our solutions engineer, will set up ...", dictated "bram our
 * installer fits the meters": a name, then "our" or "their" and a role of
 * up to three words, then the verb. The name owns the step, not the role.
 * Returns where the action starts and writes the owner; 0 when there is
 * none.
 */
static size_t name_then_role(const dbf__rx *x, size_t i, size_t end, char *owner, size_t cap,
                             bool *modal) {
  const char *s = x->s;
  const char *full = NULL;
  size_t e = i;
  for (size_t pi = 0; pi < x->n_persons && !full; pi++)
    if (x->persons[pi].off == i && !x->persons[pi].ours) {
      full = x->persons[pi].name;
      e = i + x->persons[pi].len;
    }
  if (!full) {
    while (e < end && dbf__tx_isalnum((unsigned char)s[e]))
      e++;
    dbf_span w = {i, e - i};
    dbf__lex_match m;
    const dbf__lexicon *l = dbf__lex_get(x->ctx->lex, "first_names");
    full = known_first_name(x, w);
    if (!full && w.len >= 3 && !dbf__tx_function_word(s + i, w.len) &&
        (dbf__tx_isupper((unsigned char)s[i])
             ? !dbf__rx_is_starter(x, w)
             : l && dbf__lex_match_at(l, s + i, w.len, 0, &m) && m.len == w.len))
      full = "";
  }
  if (!full)
    return 0;
  size_t p = e;
  bool comma = p < end && s[p] == ',';
  if (comma)
    p++;
  while (p < end && s[p] == ' ')
    p++;
  /* "the" only between commas: "Dana, the CFO, will ..." */
  size_t l = p + 4 < end && dbf__tx_ieqn(s + p, "our ", 4)            ? 4
             : p + 6 < end && dbf__tx_ieqn(s + p, "their ", 6)        ? 6
             : comma && p + 4 < end && dbf__tx_ieqn(s + p, "the ", 4) ? 4
                                                                      : 0;
  if (!l || dbf__tx_isupper((unsigned char)s[p]))
    return 0; /* "... me and Ines Our crew ...": a stop was dropped there */
  /* "me and Omar our crew mobilises": a name joined to another owner ends
     that owner's list, and the crew after it owns the step. */
  dbf_span j = dbf__tx_word_before(s, i);
  if (j.len && (dbf__tx_word_in(s + j.off, j.len, (const char *const[]){"and", "with", NULL}))) {
    dbf_span o = dbf__tx_word_before(s, j.off);
    if (o.len && someone_word(x, s + o.off, o.len))
      return 0;
  }
  p += l;
  for (int k = 0; k < 3 && p < end; k++) {
    size_t wb = p;
    while (p < end && (dbf__tx_isalnum((unsigned char)s[p]) || s[p] == '-'))
      p++;
    if (p == wb)
      return 0;
    if (someone_word(x, s + wb, p - wb)) {
      bool had_modal = false;
      size_t v = verb_after(x, p, end, true, &had_modal);
      if (v) {
        if (full[0])
          snprintf(owner, cap, "%s", full);
        else
          snprintf(owner, cap, "%.*s", (int)(e - i), s + i);
        *modal = had_modal;
        return v;
      }
    }
    if (p >= end || s[p] != ' ')
      return 0;
    p++;
  }
  return 0;
}

/*
 * "Ingrid (our service tech) - swap the valves", "Tanaka-san (their buyer):
 * confirm the counts", "Oluwaseun, our architect: map the fields", "anele
 * (our CSM) pulls the report": a name with a role after it, in brackets or
 * between commas, then a colon, a dash or a verb. The person owns the one
 * step; the role only says who they are. Returns where the action starts
 * and writes the owner; 0 when there is none.
 */
static size_t name_role_owner(const dbf__rx *x, size_t i, size_t end, char *owner, size_t cap,
                              bool *modal) {
  const char *s = x->s;
  static const char *const dets[] = {"our", "their", "the", NULL};
  /* "me + tomas (our SE): ...": a name joined to another owner is one of
     several owners, which the item as a whole names. */
  size_t q = i;
  while (q > 0 && s[q - 1] == ' ')
    q--;
  dbf_span j = dbf__tx_word_before(s, i);
  if (q > 0 && (s[q - 1] == '+' || s[q - 1] == '&' ||
                (j.len && j.off + j.len == q &&
                 dbf__tx_word_in(s + j.off, j.len, (const char *const[]){"and", "with", NULL}))))
    return 0;
  size_t e = i, first = 0;
  for (int words = 0; words < 2; words++) {
    size_t wb = e;
    while (e < end && (dbf__tx_isalnum((unsigned char)s[e]) || s[e] == '\'' ||
                       (s[e] == '-' && e + 1 < end && dbf__tx_isalnum((unsigned char)s[e + 1]))))
      e++;
    if (e == wb)
      return 0;
    if (words == 0)
      first = e - i;
    /* "María Fernanda (...)": a second capitalised word of the name. */
    if (!(e + 1 < end && s[e] == ' ' && dbf__tx_capital_at(s + e + 1, end - e - 1)))
      break;
    e++;
  }
  dbf_span w = {i, first};
  /* "Tanaka-san": the name is the word before a hyphenated suffix. */
  size_t stem = 0;
  while (stem < first && s[i + stem] != '-')
    stem++;
  dbf_span ws = {i, stem};
  const char *full = NULL;
  for (size_t pi = 0; pi < x->n_persons && !full; pi++)
    if (x->persons[pi].off == i && !x->persons[pi].ours && x->persons[pi].len == e - i)
      full = x->persons[pi].name;
  if (!full && e - i == first)
    full = known_first_name(x, ws);
  dbf__lex_match m;
  const dbf__lexicon *names = dbf__lex_get(x->ctx->lex, "first_names");
  bool listed = names && dbf__lex_match_at(names, s + i, stem, 0, &m) && m.len == stem;
  bool named = full || listed || (dbf__tx_capital_at(s + i, end - i) && !dbf__rx_is_starter(x, w));
  /* "Procurement (their side): ...", "Me (the lead): ...": a word for a
     team or the speaker is no name. */
  if (stem < 2 || dbf__tx_function_word(s + i, first) || step_verb(s + i, first) ||
      (!full && !listed && someone_word(x, s + i, first)))
    return 0;
  /* The role: "(our field tech)", "(agronomist)", ", their buyer,". */
  size_t p = e;
  char close;
  if (p + 2 < end && s[p] == ' ' && s[p + 1] == '(') {
    close = ')';
    p += 2;
  } else if (p + 2 < end && s[p] == ',' && s[p + 1] == ' ') {
    close = ',';
    p += 2;
  } else {
    return 0;
  }
  bool det = false;
  size_t last = 0, last_len = 0;
  for (int k = 0; k < 5; k++) {
    size_t wb = p;
    while (p < end && (dbf__tx_isalnum((unsigned char)s[p]) || s[p] == '-' || s[p] == '\''))
      p++;
    if (p == wb)
      return 0;
    if (k == 0 && dbf__tx_word_in(s + wb, p - wb, dets))
      det = !(close == ')' && (s[wb] | 32) == 't' && p - wb == 3); /* "(the ...)": a thing */
    else if (k == 0 && close == ',')
      return 0; /* "Vera, send the form": no role between commas */
    last = wb;
    last_len = p - wb;
    if (p < end && close == ',' && s[p] == ':')
      close = ':'; /* "Oluwaseun, our architect: map the fields" */
    if (p < end && s[p] == close)
      break;
    if (p >= end || s[p] != ' ' || k == 4)
      return 0;
    p++;
  }
  if (p >= end || s[p] != close || last_len == 0)
    return 0;
  if (!det && !someone_word(x, s + last, last_len))
    return 0; /* "(both options)", "(the rest)": no role */
  /* Typed in lower case, a word no list knows is a name when "our" or
     "their" and a role in brackets follow it: "anele (our CSM)". */
  if (!named && !(det && close == ')'))
    return 0;
  size_t shut = close == ':' ? p : ++p;
  while (p < end && s[p] == ' ')
    p++;
  size_t v = 0;
  bool had_modal = false;
  if (p < end && (s[p] == ':' || s[p] == '-')) {
    p++;
    while (p < end && (s[p] == ' ' || s[p] == '-'))
      p++;
    v = p < end ? p : 0;
  } else if (p + 3 < end && (unsigned char)s[p] == 0xE2 && (unsigned char)s[p + 1] == 0x80 &&
             ((unsigned char)s[p + 2] == 0x93 || (unsigned char)s[p + 2] == 0x94)) {
    p += 3; /* an en or em dash */
    while (p < end && s[p] == ' ')
      p++;
    v = p < end ? p : 0;
  } else if (close == ')') {
    v = verb_after(x, shut, end, true, &had_modal);
  }
  if (!v)
    return 0;
  if (full)
    snprintf(owner, cap, "%s", full);
  else
    snprintf(owner, cap, "%.*s", (int)(e - i), s + i);
  if (owner[0] >= 'a' && owner[0] <= 'z')
    owner[0] = (char)(owner[0] - 'a' + 'A');
  *modal = had_modal;
  return v;
}

/*
 * "Send the quote - me, by June 5": an action, a dash, and its owner (me,
 * I, or a capitalized name) followed by a comma or the end.
 */
static bool owner_after_dash(const dbf__rx *x, dbf_span sent, step_start *st) {
  const char *s = x->s;
  size_t end = sent.off + sent.len;
  for (size_t p = sent.off + 2; p + 3 < end; p++) {
    if (!(s[p] == '-' && s[p - 1] == ' ' && s[p + 1] == ' '))
      continue;
    size_t b = p + 2, e = b;
    while (e < end && (dbf__tx_isalnum((unsigned char)s[e]) || s[e] == '.'))
      e++;
    bool me = (e - b == 2 && dbf__tx_ieqn(s + b, "me", 2)) || (e - b == 1 && s[b] == 'I');
    bool name = e > b && dbf__tx_isupper((unsigned char)s[b]) &&
                !dbf__rx_is_starter(x, (dbf_span){b, e - b});
    /* "tank data - mr. botha - next week": a title of address, in any
       case, and the name after it. */
    size_t tl = e > b && s[e - 1] == '.' ? e - b - 1 : e - b;
    size_t ne = tl && e + 1 < end && s[e] == ' ' ? name_word_end(s, e + 1, end) : e;
    if (ne > e + 1 && dbf__tx_word_in(s + b, tl, k_honorifics) &&
        !dbf__tx_function_word(s + e + 1, ne - e - 1)) {
      e = ne;
      name = true;
    }
    /* "battery fix - our dev team - jul release": a team of up to four
       words between two dashes, or before a comma or the end. */
    if (!me && !name &&
        ((e - b == 3 && dbf__tx_ieqn(s + b, "our", 3)) ||
         (e - b == 5 && dbf__tx_ieqn(s + b, "their", 5)))) {
      size_t q = e;
      for (int w = 0; w < 4 && q < end && s[q] == ' '; w++) {
        size_t wb = q + 1, we = wb;
        while (we < end && (dbf__tx_isalnum((unsigned char)s[we]) || s[we] == '-'))
          we++;
        if (we == wb)
          break;
        q = we;
        /* "our site engineer mr. dlamini": a title's dot ends no team. */
        if (q + 1 < end && s[q] == '.' && s[q + 1] == ' ' &&
            dbf__tx_word_in(s + wb, we - wb, k_honorifics)) {
          q++;
          w--;
          continue;
        }
        if (q >= end || s[q] == ',' || s[q] == '.' || (q + 2 < end && !memcmp(s + q, " - ", 3))) {
          name = true;
          e = q;
          break;
        }
      }
    }
    if ((!me && !name) || (e < end && s[e] != ',' && s[e] != '.' && s[e] != ' '))
      return false;
    st->off = sent.off;
    st->action = sent.off;
    st->action_end = p - 1;
    st->run_on = false;
    st->needs_due = false;
    snprintf(st->owner, sizeof st->owner, "%.*s", me ? 2 : (int)(e - b), me ? "me" : s + b);
    return true;
  }
  return false;
}

static bool verb_has_object(const dbf__rx *x, size_t i, size_t end);

/*
 * "... by the 6th Alasdair circulates it to the board": a verb the list
 * does not hold still reads as one after a name when it is in the third
 * person and an object follows it at once (an article, a possessive, or
 * "it" or "them"). Reports and opinions ("Dana says the", "Ines thinks
 * the") stay out.
 */
static bool verb_s_with_object(const char *s, size_t v, size_t end) {
  size_t w = v;
  while (w < end && s[w] >= 'a' && s[w] <= 'z')
    w++;
  if (w - v < 4 || w >= end || s[w] != ' ' || s[w - 1] != 's' || s[w - 2] == 's' ||
      s[w - 2] == 'u' || dbf__tx_function_word(s + v, w - v) ||
      dbf__tx_word_in(s + v, w - v, k_not_actions) || opinion_verb(s + v, w - v))
    return false;
  if (verb_by_object(s, v, end))
    return true;
  static const char *const objs[] = {"it", "them", NULL};
  size_t o = w + 1, oe = o;
  while (oe < end && s[oe] >= 'a' && s[oe] <= 'z')
    oe++;
  return oe > o && (oe == end || s[oe] == ' ') && dbf__tx_word_in(s + o, oe - o, objs);
}

/*
 * "send the login details and VPN keys", "+ KPI reports by Friday": an
 * acronym no list holds for someone, before a word in -s with no article
 * or possessive after it, names a thing of the object, not an owner. A
 * department ("IT", "QA") and its verb, or a verb with its object ("DHL
 * ships the spares"), stay a step.
 */
static bool acronym_before_plural(const dbf__rx *x, size_t i, size_t e, size_t end) {
  const char *s = x->s;
  size_t pe = e + 1;
  while (pe < end && s[pe] >= 'a' && s[pe] <= 'z')
    pe++;
  if (e >= end || s[e] != ' ' || pe - e < 4 || s[pe - 1] != 's' || s[pe - 2] == 's')
    return false;
  for (size_t pi = 0; pi < x->n_persons; pi++)
    if (x->persons[pi].off == i)
      return false;
  if (e - i < 2 || e - i > 5 || someone_word(x, s + i, e - i))
    return false;
  for (size_t c = i; c < e; c++)
    if (!dbf__tx_isupper((unsigned char)s[c]))
      return false;
  size_t v = e + 1;
  while (v < end && s[v] >= 'a' && s[v] <= 'z')
    v++;
  if (v >= end || s[v] != ' ')
    return true;
  static const char *const dets[] = {"the", "a",     "an",   "our",  "their", "his",   "her",
                                     "its", "it",    "them", "this", "that",  "these", "those",
                                     "all", "every", "each", "some", "my",    "your",  NULL};
  size_t o = v + 1, oe = o;
  while (oe < end && s[oe] >= 'a' && s[oe] <= 'z')
    oe++;
  return !(oe > o && (oe == end || !dbf__tx_isalnum((unsigned char)s[oe])) &&
           dbf__tx_word_in(s + o, oe - o, dets));
}

/* acronym_before_plural for the word at i. */
static bool acronym_at_plural(const dbf__rx *x, size_t i, size_t end) {
  size_t e = i;
  while (e < end && dbf__tx_isalnum((unsigned char)x->s[e]))
    e++;
  return e > i && acronym_before_plural(x, i, e, end);
}

/*
 * Steps said without a comma between them run on: "our legal sends the
 * clause by friday kevin schedules the pilot i send the order form". After
 * a step, a new one starts mid-sentence where an owner is followed right
 * away by a step verb: "I" and its bare form, a name and its third person.
 */
static bool owner_and_step_verb(const dbf__rx *x, size_t i, size_t end) {
  const char *s = x->s;
  /* "the pilot at Kothrud starts": after a preposition, a name is its object. */
  static const char *const preps[] = {"at",   "in", "on",   "to",    "with", "for",
                                      "from", "of", "by",   "into",  "near", "the",
                                      "a",    "an", "than", "about", NULL};
  dbf_span before = dbf__tx_word_before(s, i);
  if (i > 0 && s[i - 1] == ' ' && before.off + before.len == i - 1 &&
      dbf__tx_word_in(s + before.off, before.len, preps))
    return false;
  if (i + 2 < end && (s[i] | 32) == 'i' && s[i + 1] == ' ')
    return step_verb(s + i + 2, end - i - 2);
  char side_owner[128];
  bool side_modal = false;
  if (name_from_side(x, i, end, side_owner, sizeof side_owner, &side_modal))
    return true;
  size_t e = i;
  while (e < end && dbf__tx_isalnum((unsigned char)s[e]))
    e++;
  if (x->lower_typed && e > i && lower_owner(x, i, e, end))
    return true;
  if (e > i && department_to_step(x, i, e, end))
    return true;
  /* "... by friday procurement raises the PO": a department and its verb,
     not the department of a thing ("their legal team", "of finance") nor
     the subject of a condition ("once compliance approves it"). */
  static const char *const subs[] = {"once",     "unless", "because", "while",
                                     "whenever", "till",   NULL};
  size_t dl = department_at(x, i, end), v = 0;
  bool had_modal = false;
  if (dl >= e - i && dl > 0 &&
      !(before.len && (dbf__tx_function_word(s + before.off, before.len) ||
                       dbf__tx_word_in(s + before.off, before.len, subs))) &&
      (v = verb_after(x, i + dl, end, true, &had_modal)) != 0 &&
      department_verb(x, v, end, had_modal))
    return true;
  /* "... on the 9th our analyst cleans the data": our or their team, a
     verb in the third person and its object, whatever the verb. */
  if (e > i && (dbf__tx_word_in(s + i, e - i, (const char *const[]){"our", "their", NULL}))) {
    size_t p = e;
    for (int k = 0; k < 3 && p + 1 < end && s[p] == ' '; k++) {
      size_t wb = ++p;
      while (p < end && dbf__tx_isalnum((unsigned char)s[p]))
        p++;
      if (p == wb)
        p = name_word_end(s, wb, end); /* "our engineer đức" */
      if (p == wb || (p < end && s[p] != ' '))
        break;
      /* "our QA team", "their IT crew": a short acronym is a word of the
         team; "our fitter Bram fits": a name owns the step itself. */
      bool acronym = p - wb >= 2 && p - wb <= 4;
      for (size_t c = wb; c < p && acronym; c++)
        acronym = dbf__tx_isupper((unsigned char)s[c]);
      if (role_name_verb(x, i, wb, p, end))
        return true;
      if (dbf__tx_isupper((unsigned char)s[wb]) && !acronym)
        break;
      if (!someone_word(x, s + wb, p - wb))
        continue;
      /* "our data team (ana) cleans the feed": the name in brackets. */
      dbf_span who;
      size_t after = bracketed_name(s, p, end, &who);
      size_t at = after ? after : p;
      bool modal = false;
      size_t tv = at < end ? verb_after(x, at, end, true, &modal) : 0;
      if (tv &&
          (modal ? step_verb(s + tv, end - tv) || verb_by_object(s, tv, end)
                 : tv == at + 1 && (verb_by_object(s, tv, end) || phrasal_by_object(s, tv, end) ||
                                    (step_verb_s(s, tv, end) &&
                                     verb_has_object(x, after ? who.off : wb, end)) ||
                                    bare_plural_object(x, tv, end))))
        return true;
    }
  }
  if (e == i || e + 1 >= end ||
      !((s[e] == ' ' && (step_verb_s(s, e + 1, end) || verb_s_with_object(s, e + 1, end))) ||
        progressive_step_after(s, e, end)))
    return false;
  dbf_span w = {i, e - i};
  for (size_t pi = 0; pi < x->n_persons; pi++)
    if (x->persons[pi].off == i && !x->persons[pi].ours)
      return true;
  if (acronym_at_plural(x, i, end))
    return false;
  return known_first_name(x, w) ||
         (dbf__tx_capital_at(s + i, end - i) && !dbf__rx_is_starter(x, w));
}

/*
 * "sand the hull and repaint it in May", "patch the bug and send a screen
 * capture by the 23rd": a second verb joined by "and" to the
 * step before, which names no date of its own, is the same step said in two
 * verbs and shares the date after it. True when i follows "and" and the
 * step prev, from its action up to i, holds no date.
 */
static bool joins_undated_step(const dbf__rx *x, const step_start *prev, size_t i) {
  if (i < prev->action + 4 || !dbf__tx_ieqn(x->s + i - 4, "and ", 4))
    return false;
  dbf__date d[4];
  size_t nd = dbf__date_scan(x->s + prev->action, i - prev->action, &x->ref, true, d, 4);
  for (size_t k = 0; k < nd; k++)
    if (!d[k].negated)
      return false;
  return true;
}

/*
 * "kickoff with their ops lead on the 9th marta sends the floor plan": a
 * step said without a verb, with its date, runs into the next one. Does a
 * date lie in the sentence before i, so that an owner and a step verb there
 * start a step even though none was found before?
 */
static bool dated_before(const dbf__rx *x, dbf_span sent, size_t i) {
  dbf__date d[4];
  size_t nd = dbf__date_scan(x->s + sent.off, i - sent.off, &x->ref, true, d, 4);
  for (size_t k = 0; k < nd; k++)
    if (!d[k].negated && d[k].prec != DBF_DATE_YEAR)
      return true;
  return false;
}

/* "... our finance team sends it", "... florencia hosts.": after a step
   said without a verb, an owner and a verb with no object of their own
   (nothing, or only a pronoun) finish that step, no new one. Reads the
   owner, the verb ("is" or "'s" before it) and the word after them at i. */
static bool verb_has_object(const dbf__rx *x, size_t i, size_t end) {
  static const char *const back[] = {"it",    "them", "that", "this", "those",
                                     "these", "him",  "her",  NULL};
  dbf_span w[4];
  size_t nw = dbf__tx_words(x->s + i, end - i, w, 4);
  size_t v = 1;
  if (nw > 2 && dbf__tx_word_in(x->s + i + w[1].off, w[1].len, (const char *const[]){"is", NULL}))
    v = 2;
  return nw > v + 1 && !dbf__tx_word_in(x->s + i + w[v + 1].off, w[v + 1].len, back);
}

/*
 * "... export the readings so we can tune the limits", "..., so that their team
 * can check it": an owner after "so" or "so that" and "can" before the verb
 * say why the step before is done, no step of their own. True when the
 * owner starting at i follows such a "so" and the verb at action follows
 * "can".
 */
static bool purpose_owner(const dbf__rx *x, size_t i, size_t action) {
  const char *s = x->s;
  dbf_span w = dbf__tx_word_before(s, i);
  if (w.len == 4 && dbf__tx_ieqn(s + w.off, "that", 4))
    w = dbf__tx_word_before(s, w.off);
  if (w.len != 2 || !dbf__tx_ieqn(s + w.off, "so", 2))
    return false;
  size_t v = action;
  while (v > i && s[v - 1] == ' ')
    v--;
  return v >= i + 4 && dbf__tx_ieqn(s + v - 4, " can", 4);
}

/* Does the clause cl open with a purpose: "so we can ...", "so that the
   night crew can ..."? "can" within the five words after "so (that)". */
static bool purpose_opens(const dbf__rx *x, dbf_span cl) {
  dbf_span w[8];
  size_t nw = dbf__tx_words(x->s + cl.off, cl.len, w, 8);
  if (nw < 3 || w[0].len != 2 || !dbf__tx_ieqn(x->s + cl.off + w[0].off, "so", 2))
    return false;
  for (size_t k = 2; k < nw && k < 7; k++)
    if (w[k].len == 3 && dbf__tx_ieqn(x->s + cl.off + w[k].off, "can", 3))
      return true;
  return false;
}

/*
 * Does i open a line of steps: after nothing but a list marker ("- ",
 * "* ", "2. ", "3) ", or "2 " with its stop dropped) at the start of a
 * line, or at the bare start of a line of an answer given one step a line?
 */
static bool opens_line(const dbf__rx *x, size_t i) {
  const char *s = x->s;
  size_t p = i;
  while (p > 0 && s[p - 1] == ' ')
    p--;
  bool marked = false;
  if (p > 0 && (s[p - 1] == '-' || s[p - 1] == '*')) {
    p--;
    marked = true;
  } else {
    size_t d = p > 0 && (s[p - 1] == '.' || s[p - 1] == ')') ? p - 1 : p, q = d;
    while (q > 0 && q + 2 > d && s[q - 1] >= '0' && s[q - 1] <= '9')
      q--;
    if (q < d && (q == 0 || s[q - 1] == '\n' || s[q - 1] == ' ')) {
      p = q;
      marked = true;
    }
  }
  while (p > 0 && s[p - 1] == ' ')
    p--;
  if (p > 0 && s[p - 1] != '\n')
    return false;
  return marked || memchr(s, '\n', x->n) != NULL;
}

/* Is sp the last word of the name of someone known ("Morita" of "Kenji
   Morita")? Its full name, else NULL. */
static const char *known_surname(const dbf__rx *x, dbf_span sp) {
  if (sp.len < 3)
    return NULL;
  for (size_t k = 0; k < x->people.n_known; k++) {
    const char *name = x->people.known[k].name;
    const char *last = strrchr(name, ' ');
    if (last && strlen(last + 1) == sp.len && dbf__tx_ieqn(last + 1, x->s + sp.off, sp.len))
      return name;
  }
  return NULL;
}

/*
 * "- Nomsa check the permit rules", "2 Okafor the signed order form by
 * Friday", "Ilse (our trainer) book the room": a line of steps that opens
 * with its owner's name and the step, the colon between them dropped (as
 * when dictated). A name nobody gave before owns the step only when a verb
 * with its object follows ("check the", "send us", "cast the tags"); a
 * thing said without a verb needs a name someone knows, so that an
 * everyday word ("site visit", "final quote") stays the step. Where the
 * step starts after the name (and a bracket after it), with the owner in
 * out; 0 when i opens no such step.
 */
static size_t owner_then_step(const dbf__rx *x, size_t i, size_t end, char *out, size_t cap) {
  const char *s = x->s;
  size_t e = i;
  const char *full = NULL;
  for (size_t pi = 0; pi < x->n_persons && !full; pi++)
    if (x->persons[pi].off == i) {
      full = x->persons[pi].name;
      e = i + x->persons[pi].len;
    }
  if (!full) {
    while (e < end && (dbf__tx_isalnum((unsigned char)s[e]) || (unsigned char)s[e] >= 0x80 ||
                       (s[e] == '-' && e + 1 < end && dbf__tx_isalnum((unsigned char)s[e + 1]))))
      e++;
  }
  size_t stem = i;
  while (stem < e && s[stem] != '-')
    stem++; /* "Kimura-san" */
  dbf_span w = {i, stem - i};
  int nv = 0;
  /* Typing shorthand that asks or hurries: "pls send the agenda". */
  static const char *const asks[] = {"pls", "plz", "please", "kindly", "asap", "fyi", NULL};
  if (w.len < 3 || e >= end || s[e] != ' ' || (s[i] >= '0' && s[i] <= '9') ||
      dbf__tx_word_in(s + i, w.len, asks) || dbf__tx_function_word(s + i, w.len) ||
      step_verb(s + i, w.len) || imperative_at(s + i, w.len) ||
      dbf__tx_number_word_at(s, i, stem, &nv) || department_at(x, i, stem) == w.len)
    return 0;
  if (!full)
    full = known_first_name(x, w);
  if (!full)
    full = known_surname(x, w);
  dbf__lex_match m;
  const dbf__lexicon *names = dbf__lex_get(x->ctx->lex, "first_names");
  bool listed = names && dbf__lex_match_at(names, s + i, w.len, 0, &m) && m.len == w.len;
  bool everyday = dbf__rx_common_word(x, s, i, w.len);
  /* "Priya (our SE) the pilot plan": a bracket after the name. */
  size_t v = e + 1;
  if (v < end && s[v] == '(') {
    const char *close = memchr(s + v, ')', end - v < 60 ? end - v : 60);
    if (!close || (size_t)(close - s) + 1 >= end || close[1] != ' ')
      return 0;
    v = (size_t)(close - s) + 2;
  }
  size_t ve = v;
  while (ve < end && dbf__tx_isalnum((unsigned char)s[ve]))
    ve++;
  if (ve == v || ve >= end || s[ve] != ' ')
    return 0;
  /* "Dana wants ...", "Dana said ...", "Dana will ...", "Dana sends ...":
     a report, or a verb the other owner rules read. */
  static const char *const reports[] = {"wants", "needs", "said", "says",   "is",     "was",
                                        "has",   "asked", "will", "would",  "can",    "could",
                                        "might", "may",   "must", "should", "thinks", NULL};
  if (dbf__tx_function_word(s + v, ve - v) || dbf__tx_word_in(s + v, ve - v, reports) ||
      step_verb_s(s, v, end) || (ve - v >= 4 && dbf__tx_ieqn(s + ve - 2, "ed", 2)))
    return 0;
  /* "Ottilie likes the new casing": a verb in the third person that no
     step rule reads is a report. */
  bool third = s[ve - 1] == 's' && s[ve - 2] != 's';
  if (third && verb_by_object(s, v, end))
    return 0;
  bool verb = !third && ((imperative_at(s + v, ve - v) && verb_has_object(x, v, end)) ||
                         verb_by_object(s, v, end));
  bool known = full != NULL || (listed && !everyday);
  if (!known && !(verb && !everyday))
    return 0;
  if (full)
    snprintf(out, cap, "%s", full);
  else
    snprintf(out, cap, "%c%.*s", s[i] >= 'a' && s[i] <= 'z' ? s[i] - 32 : s[i], (int)(stem - i - 1),
             s + i + 1);
  return v;
}

/* owner_then_step at the start of a line of steps, asked for them. */
static size_t line_owner(const dbf__rx *x, size_t i, size_t end, char *out, size_t cap) {
  if (!x->people.owners_asked || !opens_line(x, i))
    return 0;
  /* "1. Onboarding call Friday, me": the line's first word, capitalized as it
     opens the line, names no one when the speaker owns the line. */
  size_t we = i;
  while (we < end && dbf__tx_isalnum((unsigned char)x->s[we]))
    we++;
  if (we > i && item_ends_with_me(x->s, i, end) && !known_first_name(x, (dbf_span){i, we - i}))
    return 0;
  return owner_then_step(x, i, end, out, cap);
}

static size_t find_step_starts(dbf__rx *x, dbf_span sent, step_start *out, size_t max) {
  size_t cnt = 0;
  size_t end = sent.off + sent.len;
  if (max > 0 && owner_after_dash(x, sent, &out[0]))
    return 1;
  /* The sentence's dates, for an owner whose clause opens with its date. */
  dbf__date dates[8];
  size_t nd = dbf__date_scan(x->s + sent.off, sent.len, &x->ref, true, dates, 8);
  for (size_t k = 0; k < nd; k++)
    dates[k].off += sent.off;
  for (size_t i = sent.off; i < end && cnt < max; i++) {
    if (i > sent.off && dbf__tx_isalnum((unsigned char)x->s[i - 1]))
      continue;
    if (i > sent.off && opinion_before(x, sent.off, i))
      continue; /* what an opinion says is no step of its own */
    bool hit = false;
    for (size_t k = 0; k_owner_pats[k].text && !hit; k++) {
      size_t l = strlen(k_owner_pats[k].text);
      if (i + l <= end && dbf__tx_ieqn(x->s + i, k_owner_pats[k].text, l) &&
          (k_owner_pats[k].text[l - 1] == ':' || dbf__tx_is_word_at(x->s, end, i, l))) {
        step_start *st = &out[cnt];
        st->needs_due = false;
        st->action_end = 0;
        st->run_on = false;
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
    /* "I told them I'd send ...", "ill check back" typed for "I'll": an
       owner only when a step verb follows. */
    static const owner_pat weak[] = {{"i'd", "me"}, {"we'd", "us"}, {"ill", "me"}, {NULL, NULL}};
    for (size_t k = 0; weak[k].text && !hit; k++) {
      size_t l = strlen(weak[k].text);
      if (i + l + 1 < end && dbf__tx_ieqn(x->s + i, weak[k].text, l) && x->s[i + l] == ' ' &&
          (k < 2 || x->s[i] == 'i') && step_verb(x->s + i + l + 1, end - i - l - 1)) {
        step_start *st = &out[cnt++];
        st->needs_due = false;
        st->action_end = 0;
        st->run_on = false;
        st->off = i;
        st->action = i + l + 1;
        snprintf(st->owner, sizeof st->owner, "%s", weak[k].owner);
        hit = true;
        i += l;
      }
    }
    if (hit)
      continue;
    /* "<Person> will ...": the person parser found the name. */
    for (size_t pi = 0; pi < x->n_persons && !hit; pi++) {
      const dbf__person *p = &x->persons[pi];
      if (p->off != i || opinion_in(x, (dbf_span){p->off, p->len}))
        continue; /* "their CTO feels we" read as one person */
      size_t e = p->off + p->len;
      /* "Ffion to send the workflow doc by Wednesday" */
      if (e + 4 < end && dbf__tx_ieqn(x->s + e, " to ", 4) &&
          step_verb(x->s + e + 4, end - e - 4)) {
        step_start *st = &out[cnt++];
        st->needs_due = false;
        st->action_end = 0;
        st->run_on = false;
        st->off = i;
        st->action = e + 4;
        snprintf(st->owner, sizeof(st->owner), "%s", p->name);
        hit = true;
        i = e + 3;
        break;
      }
      for (size_t k = 0; k_name_modals[k]; k++) {
        size_t l = strlen(k_name_modals[k]);
        if (e + l <= end && dbf__tx_ieqn(x->s + e, k_name_modals[k], l)) {
          step_start *st = &out[cnt];
          st->needs_due = false;
          st->action_end = 0;
          st->run_on = false;
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
    /* "- Nomsa check the permit rules": a line that opens with its owner.
       Not after a hit above, which took a slot of out, perhaps its last. */
    char lo[128];
    size_t la = hit ? 0 : line_owner(x, i, end, lo, sizeof lo);
    if (la) {
      step_start *st = &out[cnt++];
      st->needs_due = false;
      st->action_end = 0;
      st->run_on = false;
      st->off = i;
      st->action = la;
      snprintf(st->owner, sizeof st->owner, "%s", lo);
      i = la - 1;
      continue;
    }
    bool run_on = false;
    size_t lead = 0;
    if (!hit && !clause_start(x, sent, i) && !lead_date(x, sent, i, dates, nd, &lead)) {
      run_on = cnt == 0 && dated_before(x, sent, i) && verb_has_object(x, i, end);
      if (!((cnt > 0 || run_on) && owner_and_step_verb(x, i, end)))
        continue;
    }
    if (hit || acronym_at_plural(x, i, end))
      continue;
    /* At a clause start, an owner and a verb: "Dana sends the SOW",
       "Raj Patel, will review", "I set up the sandbox". */
    size_t action = 0, start = i;
    bool modal = false;
    char owner[128] = "";
    for (size_t pi = 0; pi < x->n_persons && !action; pi++) {
      const dbf__person *p = &x->persons[pi];
      if (p->off != i || p->ours)
        continue;
      size_t v = verb_after(x, p->off + p->len, end, true, &modal);
      if (v) {
        action = v;
        snprintf(owner, sizeof owner, "%s", p->name);
      }
    }
    /* "me and Halvard visit the depot", "me + Oona run the audit": the
       speaker joined to a person, then the verb they share. */
    static const char *const with_me[] = {"me and ", "me + ", "me & ", NULL};
    for (size_t k = 0; with_me[k] && !action; k++) {
      size_t l = strlen(with_me[k]);
      if (i + l >= end || !dbf__tx_ieqn(x->s + i, with_me[k], l))
        continue;
      for (size_t pi = 0; pi < x->n_persons && !action; pi++) {
        const dbf__person *p = &x->persons[pi];
        size_t e = p->off + p->len;
        if (p->off != i + l || p->ours || e + 1 >= end || x->s[e] != ' ' ||
            !step_verb(x->s + e + 1, end - e - 1) || !verb_has_object(x, e + 1, end))
          continue;
        action = e + 1;
        snprintf(owner, sizeof owner, "me and %s", p->name);
      }
    }
    for (size_t k = 0; k_pronouns[k].text && !action; k++) {
      size_t l = strlen(k_pronouns[k].text);
      if (i + l < end && dbf__tx_ieqn(x->s + i, k_pronouns[k].text, l) &&
          dbf__tx_is_word_at(x->s, end, i, l)) {
        size_t v = verb_after(x, i + l, end, false, &modal);
        /* "they overbuy every year" is a habit; "they'll send" is a step. */
        if (v && (modal || strcmp(k_pronouns[k].owner, "they") != 0)) {
          action = v;
          const char *o = k_pronouns[k].owner;
          if (strcmp(o, "they") == 0)
            o = x->people.account[0] ? x->people.account : "customer";
          /* "Marek and I review the results": a step done with a person
             named before the speaker is that person's to own. */
          for (size_t pi = 0; pi < x->n_persons && strcmp(o, "me") == 0 && i >= sent.off + 5;
               pi++) {
            const dbf__person *p = &x->persons[pi];
            if (!p->ours && p->off >= sent.off && p->off + p->len + 5 == i &&
                dbf__tx_ieqn(x->s + i - 5, " and ", 5)) {
              o = p->name;
              start = p->off;
            }
          }
          snprintf(owner, sizeof owner, "%s", o);
        }
      }
    }
    if (!action)
      action = name_role_owner(x, i, end, owner, sizeof owner, &modal);
    if (!action)
      action = name_from_side(x, i, end, owner, sizeof owner, &modal);
    if (!action)
      action = name_then_role(x, i, end, owner, sizeof owner, &modal);
    if (!action)
      action = named_owner(x, sent, i, end, owner, sizeof owner, &modal);
    /* "I'll send the note today and check back in October": the same
       owner's next step, when it has its own date. */
    bool same_step = cnt > 0 && joins_undated_step(x, &out[cnt - 1], i);
    if (!action && cnt > 0 && !same_step && i >= sent.off + 4 &&
        dbf__tx_ieqn(x->s + i - 4, "and ", 4)) {
      size_t v = verb_after(x, i, end, false, &modal);
      if (v == i && (step_verb(x->s + i, end - i) || verb_by_object(x->s, i, end))) {
        action = v;
        modal = false;
        snprintf(owner, sizeof owner, "%s", out[cnt - 1].owner);
      }
    }
    /* "Send the proposal by Tuesday, check the integration tomorrow": an
       imperative in a list of steps is the speaker's, or the owner of the
       step before it in the sentence ("I need to get it approved, send the
       price sheet"). */
    bool imperative = false;
    if (!action && !same_step && x->people.owners_asked && imperative_at(x->s + i, end - i)) {
      imperative = true; /* action may be 0: the answer's first byte */
      action = i;
      modal = false;
      snprintf(owner, sizeof owner, "%s", cnt > 0 ? out[cnt - 1].owner : "me");
    }
    if (action && !imperative && purpose_owner(x, start, action))
      continue;
    if (action || imperative) {

      step_start *st = &out[cnt++];
      st->needs_due = !modal;
      st->action_end = 0;
      st->run_on = run_on;
      st->off = start;
      st->action = action;
      snprintf(st->owner, sizeof st->owner, "%s", owner);
      i = action > i ? action - 1 : i; /* an imperative starts its own action */
    }
  }
  return cnt;
}

/* The owner of an event: "with Duarte's team" -> Duarte's full name,
   "with our onboarding team" -> "onboarding team", "with Grace" -> Grace. */
static void event_owner(const dbf__rx *x, dbf_span cl, char *out, size_t cap) {
  out[0] = '\0';
  size_t at = dbf__tx_find_word(x->s, cl.off + cl.len, cl.off, "with");
  if (at == (size_t)-1)
    return;
  size_t p = at + 5;
  for (size_t pi = 0; pi < x->n_persons; pi++) {
    if (x->persons[pi].off == p) {
      snprintf(out, cap, "%s", x->persons[pi].name);
      return;
    }
  }
  if (p + 4 <= cl.off + cl.len && dbf__tx_ieqn(x->s + p, "our ", 4)) {
    size_t e = p + 4;
    while (e < cl.off + cl.len && x->s[e] != ',' && x->s[e] != ';')
      e++;
    dbf_span t = dbf__tx_trim(x->s, (dbf_span){p + 4, e - p - 4});
    if (t.len > 0 && t.len < cap && dbf__tx_word_count(x->s, t) <= 4 &&
        dbf__tx_ieqn(x->s + t.off + t.len - 4, "team", 4))
      snprintf(out, cap, "%.*s", (int)t.len, x->s + t.off);
  }
}

/*
 * Who owns a step written as a noun phrase: "(me)", ", me", "that's on me",
 * "from our engineering lead Farhan", "from finance", "with Duarte's team".
 * Writes the owner and the marker's span (to leave out of the action).
 */
static bool owner_marker(const dbf__rx *x, dbf_span cl, char *out, size_t cap, dbf_span *mark) {
  const char *s = x->s;
  size_t end = cl.off + cl.len;
  static const char *const mine[] = {"(me)",        "(me,",      "that's on me",
                                     "thats on me", "that's me", "thats me",
                                     "on me",       "from us",   NULL};
  size_t which = 0;
  size_t at = dbf__tx_find_any(s, end, cl.off, mine, &which);
  if (at != (size_t)-1) {
    snprintf(out, cap, "me");
    *mark = (dbf_span){at, end - at};
    return true;
  }
  /* "Translate the whitepaper (our Tokyo office)": our team in brackets. */
  static const char *const ours[] = {"(our", NULL};
  size_t ob = dbf__tx_find_any(s, end, cl.off, ours, NULL);
  if (ob != (size_t)-1 && ob > cl.off) {
    const char *close = memchr(s + ob, ')', end - ob);
    size_t tb = ob + 5;
    if (close && (size_t)(close - s) > tb && (size_t)(close - s) - tb < 40) {
      snprintf(out, cap, "%.*s", (int)((size_t)(close - s) - tb), s + tb);
      *mark = (dbf_span){ob, (size_t)(close - s) + 1 - ob};
      return true;
    }
  }
  dbf_span t = dbf__tx_trim(s, cl);
  if (t.len == 2 && dbf__tx_ieqn(s + t.off, "me", 2)) {
    snprintf(out, cap, "me");
    *mark = t;
    return true;
  }
  /* "revised quote with 10% off, me, tomorrow" */
  for (size_t p = cl.off; p + 4 <= end; p++) {
    /* ", me," and "...: me, due 11 September" */
    if ((s[p] == ',' || s[p] == ':') && dbf__tx_ieqn(s + p + 1, " me", 3) &&
        (p + 4 == end || s[p + 4] == ',' || s[p + 4] == '.' || s[p + 4] == ' ')) {
      if (p + 4 < end && s[p + 4] == ' ' && p + 5 < end && dbf__tx_isalnum((unsigned char)s[p + 5]))
        continue; /* ", me and Tom" */
      snprintf(out, cap, "me");
      *mark = (dbf_span){p, 4};
      return true;
    }
  }
  size_t f = dbf__tx_find_word(s, end, cl.off, "from");
  if (f != (size_t)-1) {
    for (size_t pi = 0; pi < x->n_persons; pi++) {
      const dbf__person *p = &x->persons[pi];
      if (p->off > f && p->off + p->len <= end && p->off - f <= 40) {
        snprintf(out, cap, "%s", p->name);
        *mark = (dbf_span){f, p->off + p->len - f};
        return true;
      }
    }
    /* "a credit memo from finance": a team in one or two lower-case words. */
    dbf_span w[3];
    size_t nw = dbf__tx_words(s + f + 4, end - f - 4, w, 3);
    if (nw >= 1 && nw <= 2 && dbf__tx_islower((unsigned char)s[f + 4 + w[0].off]) &&
        !dbf__tx_function_word(s + f + 4 + w[0].off, w[0].len)) {
      snprintf(out, cap, "%.*s", (int)(end - f - 5), s + f + 5);
      *mark = (dbf_span){f, end - f};
      return true;
    }
  }
  event_owner(x, cl, out, cap);
  *mark = (dbf_span){end, 0};
  return out[0] != '\0';
}

/* A clause that only says who or when: ", me," / ", tomorrow". */
static bool only_owner_or_date(const dbf__rx *x, dbf_span cl, const dbf__date *dates, size_t nd) {
  dbf_span t = dbf__tx_strip_fillers(x->s, cl);
  /* "due 11 September", "deadline Friday" */
  static const char *const due_words[] = {"due ", "deadline ", "by ", NULL};
  for (size_t k = 0; due_words[k]; k++) {
    size_t l = strlen(due_words[k]);
    if (t.len > l && dbf__tx_ieqn(x->s + t.off, due_words[k], l)) {
      t.off += l;
      t.len -= l;
      break;
    }
  }
  if (t.len == 2 && dbf__tx_ieqn(x->s + t.off, "me", 2))
    return true;
  static const char *const mine[] = {"that's me",   "thats me", "that's on me",
                                     "thats on me", "(me)",     NULL};
  for (size_t k = 0; mine[k]; k++)
    if (t.len >= strlen(mine[k]) && dbf__tx_ieqn(x->s + t.off, mine[k], strlen(mine[k])))
      return true;
  for (size_t di = 0; di < nd; di++)
    if (dates[di].off <= t.off + 3 && dates[di].off + dates[di].len >= t.off + t.len)
      return true;
  return false;
}

/* True when a list marker ends right before s[off]: "3. ", "2) ", a line's
   "- " or "* ". An item of a list of next steps is a step as it stands. */
static bool list_item_at(const char *s, size_t off) {
  size_t p = off;
  while (p > 0 && s[p - 1] == ' ')
    p--;
  if (p == off || p == 0)
    return false;
  char m = s[p - 1];
  if (m == '-' || m == '*')
    return p == 1 || s[p - 2] == '\n';
  if (m != '.' && m != ')')
    return false;
  size_t d = p - 1;
  while (d > 0 && s[d - 1] >= '0' && s[d - 1] <= '9')
    d--;
  return d < p - 1 && p - 1 - d <= 2 && (d == 0 || s[d - 1] == ' ' || s[d - 1] == '\n');
}

/*
 * Steps written without a verb of their own, in the clauses of sent that no
 * step covers: "Implementation kickoff on January 6th with our onboarding
 * team", "RCA document by Friday from our engineering lead Farhan", "revised
 * quote with 10% off, me, tomorrow". A clause counts with a due date or an
 * owner marker; a report ("the 2nd was just the verbal") does not.
 */
/*
 * "Sam guesses that's in May": a short clause that only points at the
 * date after it ("that's", "it's") is someone's aside on when, no step.
 */
static bool is_aside(const dbf__rx *x, dbf_span sp) {
  static const char *const points[] = {"that's", "thats", "it's", "that is", "it is", NULL};
  size_t e = sp.off + sp.len;
  for (size_t k = 0; points[k]; k++) {
    size_t l = strlen(points[k]);
    if (sp.len >= l && dbf__tx_ieqn(x->s + e - l, points[k], l) &&
        (sp.len == l || x->s[e - l - 1] == ' ') && dbf__tx_word_count(x->s, sp) <= 5)
      return true;
  }
  return false;
}

/* "renew the fleet lease, Sam guesses that's": the action ends
   before an aside after its last comma. */
static dbf_span without_aside(const dbf__rx *x, dbf_span act) {
  const char *c = NULL;
  for (size_t p = act.off; p < act.off + act.len; p++)
    if (x->s[p] == ',')
      c = x->s + p;
  if (!c)
    return act;
  size_t cp = (size_t)(c - x->s);
  if (!is_aside(x, dbf__tx_trim(x->s, (dbf_span){cp + 1, act.off + act.len - cp - 1})))
    return act;
  return dbf__tx_trim(x->s, (dbf_span){act.off, cp - act.off});
}

/*
 * "me revised pricing by mon", "me dockslot quote tomorrow": a note whose
 * colon was dropped opens with "me" and the thing to do. The length of
 * that "me " when the clause cl (its fillers aside) opens so, else 0.
 */
static size_t me_opens(const dbf__rx *x, dbf_span cl) {
  static const char *const not_things[] = {"too",    "neither",  "either", "personally",
                                           "myself", "included", NULL};
  dbf_span t = dbf__tx_strip_fillers(x->s, cl);
  if (t.len < 5 || !dbf__tx_ieqn(x->s + t.off, "me ", 3))
    return 0;
  size_t w = t.off + 3, e = w;
  while (e < t.off + t.len && dbf__tx_isalnum((unsigned char)x->s[e]))
    e++;
  char c0 = x->s[w];
  bool word = (c0 >= 'a' && c0 <= 'z') || (c0 >= 'A' && c0 <= 'Z') || (c0 >= '0' && c0 <= '9');
  if (e == w || !word || dbf__tx_function_word(x->s + w, e - w) ||
      dbf__tx_word_in(x->s + w, e - w, not_things))
    return 0;
  return t.off + 3 - cl.off;
}

/*
 * "ruth the site plans next week", "Hamid floor survey by the 9th": a note
 * whose colon was dropped opens with a known person's first name or a name
 * the person parser found, then the thing to do. The length of that name
 * and the space after it, with the owner's full name in out, else 0.
 */
static size_t name_opens_titled(const dbf__rx *x, dbf_span cl, char *out, size_t cap, bool titled);

static size_t name_opens(const dbf__rx *x, dbf_span cl, char *out, size_t cap) {
  return name_opens_titled(x, cl, out, cap, false);
}

/* name_opens, the name after a title of address when titled: "Mr Tanaka
   the pallet counts" then names a person for sure, and the thing may open
   with an article. */
static size_t name_opens_titled(const dbf__rx *x, dbf_span cl, char *out, size_t cap, bool titled) {
  dbf_span t = dbf__tx_strip_fillers(x->s, cl);
  /* "mr. kaya the comments", "Dr Osei sends the scans": a title of
     address before the name goes with it. */
  size_t te = t.off + t.len, hl = 0;
  while (t.off + hl < te && dbf__tx_isalnum((unsigned char)x->s[t.off + hl]))
    hl++;
  bool title = !titled && hl && dbf__tx_word_in(x->s + t.off, hl, k_honorifics);
  if (title && t.off + hl < te && x->s[t.off + hl] == '.')
    hl++;
  if (title && t.off + hl + 1 < te && x->s[t.off + hl] == ' ' &&
      dbf__tx_isalnum((unsigned char)x->s[t.off + hl + 1])) {
    hl++;
    dbf_span named = {t.off + hl, t.len - hl};
    size_t n = name_opens_titled(x, named, out, cap, true);
    return n ? named.off + n - cl.off : 0;
  }
  dbf_span w[2];
  if (dbf__tx_words(x->s + t.off, t.len, w, 2) < 2 || w[0].off != 0)
    return 0;
  size_t e = t.off + w[0].len;
  const char *full = NULL;
  for (size_t pi = 0; pi < x->n_persons && !full; pi++)
    if (x->persons[pi].off == t.off && !x->persons[pi].ours) {
      full = x->persons[pi].name;
      e = t.off + x->persons[pi].len;
    }
  if (!full)
    full = known_first_name(x, (dbf_span){t.off, w[0].len});
  if (!full)
    full = known_surname(x, (dbf_span){t.off, w[0].len});
  if (!full) {
    /* "... by friday ivan send the store list": a name nobody gave
       before, then a verb with its object. */
    size_t v = owner_then_step(x, t.off, t.off + t.len, out, cap);
    return v ? v - cl.off : 0;
  }
  if (e >= t.off + t.len || x->s[e] != ' ')
    return 0;
  /* "Dana our site lead ...", "Dana wants ...": a role or a report
     follows the name, no thing to do. */
  static const char *const reports[] = {"wants", "needs", "said",  "says", "is",
                                        "was",   "has",   "asked", NULL};
  static const char *const articles[] = {"the", "a", "an", NULL};
  dbf_span nx[1];
  if (dbf__tx_words(x->s + e, t.off + t.len - e, nx, 1) < 1 ||
      (dbf__tx_function_word(x->s + e + nx[0].off, nx[0].len) &&
       !(titled && dbf__tx_word_in(x->s + e + nx[0].off, nx[0].len, articles))) ||
      dbf__tx_word_in(x->s + e + nx[0].off, nx[0].len, reports))
    return 0;
  snprintf(out, cap, "%s", full);
  return e + 1 - cl.off;
}

/* Is off inside the repair of a date taken back (corrected_dates)? */
static bool in_repair(const dbf_span *fix, size_t nd, size_t off) {
  for (size_t di = 0; di < nd; di++)
    if (fix[di].len && off > fix[di].off && off < fix[di].off + fix[di].len)
      return true;
  return false;
}

/*
 * "site visit thursday with their foreman (I drive) Ayo books the crane":
 * dictated with no stop, a step said without a verb and with its own date
 * runs into the clause of the next owner. True when the words of cl (the
 * first clause: after "and" they may finish the step before) before the
 * owner at off hold a date that is not the lead date of that owner's step,
 * and no modal, so that they are a step of their own.
 */
static bool dated_lead_in(const dbf__rx *x, dbf_span sent, dbf_span cl, size_t off,
                          const dbf__date *dates, size_t nd) {
  if (off <= cl.off || off > cl.off + cl.len)
    return false;
  size_t lead = off;
  if (!lead_date(x, sent, off, dates, nd, &lead))
    lead = off;
  /* "she will tell me by the 20th": a step with its own verb. */
  size_t which = 0;
  if (dbf__tx_find_any(x->s, lead, cl.off, k_modals, &which) != (size_t)-1)
    return false;
  for (size_t di = 0; di < nd; di++)
    if (dates[di].off > cl.off && dates[di].off + dates[di].len <= lead && !dates[di].negated &&
        dates[di].prec != DBF_DATE_YEAR)
      return true;
  return false;
}

static void add_uncovered(dbf__rx *x, const dbf_template_field *f, dbf_span sent,
                          const step_start *st, size_t ns, const dbf__date *dates, size_t nd,
                          const dbf_span *fix, bool note, bool listed, json_t *arr) {
  dbf_span cl[16];
  size_t nc = dbf__tx_clauses(x->s, sent, cl, 16);
  /* Fold ", me" and ", tomorrow" into the clause before, and the repair
     of a date taken back (", actually no, the 12th"). */
  size_t ng = 0;
  for (size_t c = 0; c < nc; c++) {
    if (ng > 0 && (only_owner_or_date(x, cl[c], dates, nd) || in_repair(fix, nd, cl[c].off)))
      cl[ng - 1].len = cl[c].off + cl[c].len - cl[ng - 1].off;
    else
      cl[ng++] = cl[c];
  }
  for (size_t c = 0; c < ng; c++) {
    size_t ce = cl[c].off + cl[c].len;
    /* "kickoff on the 9th with their ops lead marta sends the plan": the
       words before a step that ran on are a step of their own. */
    for (size_t k = 0; k < ns; k++)
      if ((st[k].run_on || (c == 0 && dated_lead_in(x, sent, cl[c], st[k].off, dates, nd))) &&
          st[k].off > cl[c].off && st[k].off < ce)
        ce = cl[c].off + dbf__tx_trim(x->s, (dbf_span){cl[c].off, st[k].off - cl[c].off}).len;
    if (purpose_opens(x, cl[c]) || opinion_in(x, cl[c]))
      continue;
    bool covered = false;
    for (size_t k = 0; k < ns && !covered; k++)
      covered = st[k].off < ce && st[k].action >= cl[c].off;
    static const char *const reports[] = {" was ", " were ", " had ", " is just ", NULL};
    if (covered || dbf__tx_find_any(x->s, ce, cl[c].off, reports, NULL) != (size_t)-1)
      continue;
    const dbf__date *due = NULL;
    for (size_t di = 0; di < nd && !due; di++)
      if (dates[di].off >= cl[c].off && dates[di].off < ce && !dates[di].negated &&
          dates[di].prec != DBF_DATE_YEAR)
        due = &dates[di];
    char owner[128] = "";
    dbf_span mark = {ce, 0};
    bool marked = owner_marker(x, cl[c], owner, sizeof owner, &mark);
    size_t me = c == 0 ? me_opens(x, cl[c]) : 0;
    if (me && !marked) {
      snprintf(owner, sizeof owner, "me");
      marked = true;
    }
    /* A list item's opening clause, unless it is only a role in
       apposition ("Their IT lead, Raj Patel, will ..."). */
    dbf_span bare = dbf__tx_strip_fillers(x->s, cl[c]);
    bool item = c == 0 && (listed || list_item_at(x->s, sent.off)) &&
                !(dbf__tx_word_count(x->s, bare) <= 4 &&
                  dbf__people_is_role(&x->people, x->s + bare.off, bare.len));
    /* A note of a run, or a list item whose colon was dropped ("- Mr
       Osei the scans"), opens with its owner's name. */
    if (!me && !marked && c == 0 && (note || item)) {
      me = name_opens(x, cl[c], owner, sizeof owner);
      marked = me > 0;
    }
    if (!due && !marked && !item)
      continue;
    /* The action: the clause up to its date or owner marker. */
    size_t cut = due && due->off < mark.off ? due->off : mark.off;
    for (size_t di = 0; di < nd; di++)
      if (fix[di].len && dates[di].off >= cl[c].off && dates[di].off < cut)
        cut = dates[di].off; /* ... or its date taken back */
    if (cut > ce)
      cut = ce;
    if (cut < cl[c].off + me)
      continue;
    dbf_span act = dbf__tx_strip_fillers(x->s, (dbf_span){cl[c].off + me, cut - cl[c].off - me});
    static const char *const tails[] = {" by mid", " mid",   " on",   " by", " starts",
                                        " is",     " at",    " in",   ",",   " sometime",
                                        " around", " until", " till", " -",  NULL};

    for (int guard = 0; guard < 3; guard++) {
      bool trimmed = false;
      for (size_t k = 0; tails[k] && !trimmed; k++) {
        size_t l = strlen(tails[k]);
        if (act.len > l && dbf__tx_ieqn(x->s + act.off + act.len - l, tails[k], l)) {
          act.len -= l;
          trimmed = true;
        }
      }
      act = dbf__tx_trim(x->s, act);
      if (!trimmed)
        break;
    }
    if (act.len == 0 || dbf__tx_word_count(x->s, act) > 14 || is_aside(x, act) ||
        dbf__rx_content_words(x, act, NULL, 0) == 0)
      continue;
    json_t *o = json_object();
    if (!o)
      return;
    json_object_set_new(o, "action", action_text(x, act));
    if (owner[0] && dbf__rx_has_item_key(f, "owner"))
      json_object_set_new(o, "owner", json_string(owner));
    if (due && dbf__rx_has_item_key(f, "due")) {
      char iso[16];
      if (due->vague) {
        json_object_set_new(o, "due", dbf__rx_jstr_span(x, (dbf_span){due->off, due->len}));
      } else {
        dbf__rx_date_iso(due, iso, sizeof iso);
        json_object_set_new(o, "due", json_string(iso));
      }
    }
    if (!json_object_get(o, "action") || json_array_size(arr) >= MAX_ITEMS)
      json_decref(o);
    else
      dbf__rx_union_item(arr, o);
  }
}

/* Words that say when or how surely, never what: a step made only of
   these and function words is what a date left behind ("Call with Arjun
   after the proposal, tentatively 22nd May" -> "tentatively"). */
static const char *const k_when_words[] = {
    "early",     "late",   "mid",    "sometime", "tentatively", "aiming", "ideally",   "done",
    "hopefully", "latest", "ending", "asap",     "soon",        "again",  "otherwise", NULL};

/* Pronouns that refer back to the step before: "and send it Monday". */
static const char *const k_back_refs[] = {"it", "that", "them", "this", "those", NULL};

/* The next word of text *p (letters, digits, '-' and '\''), or NULL at the
   end; *p moves past it. */
static const char *next_word(const char **p) {
  while (**p && !dbf__tx_isalnum((unsigned char)**p))
    (*p)++;
  const char *b = *p;
  while (**p && (dbf__tx_isalnum((unsigned char)**p) || **p == '-' || **p == '\''))
    (*p)++;
  return *p > b ? b : NULL;
}

/*
 * What an action says: 0 when it is only when-words and function words,
 * 2 when it is one verb and a pronoun for the step before ("send it",
 * "own that"), 1 otherwise.
 */
static int action_substance(const char *a) {
  size_t words = 0, what = 0;
  bool back_ref = false;
  const char *b;
  for (const char *p = a; (b = next_word(&p)) != NULL;) {
    size_t n = (size_t)(p - b);
    words++;
    if (dbf__tx_word_in(b, n, k_back_refs))
      back_ref = words == 2;
    else if (!dbf__rx_is_empty_word(b, n) && !dbf__tx_word_in(b, n, k_when_words))
      what++;
  }
  if (what == 0 && !back_ref)
    return 0;
  return words == 2 && back_ref ? 2 : 1;
}

/*
 * "our installation team will handle that", "Maria takes care of it",
 * "their IT will own it", "Faisal and Rami will go": who does or joins the
 * step before, not a step of its own. True when action a is a verb of
 * handling with only a pronoun for that step, or a verb of going alone.
 */
static bool owns_step_before(const char *a) {
  static const char *const handle[] = {
      "handle",     "handles",     "take care of", "takes care of", "own",      "owns",
      "run",        "runs",        "do",           "does",          "cover",    "covers",
      "manage",     "manages",     "sort",         "sorts",         "sort out", "sorts out",
      "look after", "looks after", "deal with",    "deals with",    NULL};
  static const char *const go[] = {"go", "come", "join", "attend", "be there", "travel", NULL};
  size_t n = strlen(a);
  if (dbf__tx_word_in(a, n, go))
    return true;
  for (size_t k = 0; handle[k]; k++) {
    size_t l = strlen(handle[k]);
    if (n <= l + 1 || !dbf__tx_ieqn(a, handle[k], l) || a[l] != ' ')
      continue;
    const char *r = a + l + 1;
    return dbf__tx_word_in(r, strlen(r), k_back_refs);
  }
  return false;
}

/*
 * "kickoff on the 3rd, I'm setting it up", "site visit in May, I'll book
 * that": who arranges a step said next to it, not a step of its own. True
 * when action a is a verb of arranging (with "up" or "in" before or after
 * it) whose object is a pronoun for that step.
 */
static bool arranges_step(const char *a) {
  static const char *const arrange[] = {
      "book",       "books",       "booking",      "set",        "sets",      "setting",
      "schedule",   "schedules",   "scheduling",   "arrange",    "arranges",  "arranging",
      "organise",   "organises",   "organising",   "organize",   "organizes", "organizing",
      "run",        "runs",        "running",      "host",       "hosts",     "hosting",
      "coordinate", "coordinates", "coordinating", "chair",      "chairs",    "chairing",
      "pencil",     "pencils",     "penciling",    "pencilling", "line",      "lines",
      "lining",     "sort",        "sorts",        "sorting",    NULL};
  static const char *const particles[] = {"up", "in", NULL};
  const char *p = a, *w = next_word(&p);
  if (!w || !dbf__tx_word_in(w, (size_t)(p - w), arrange))
    return false;
  w = next_word(&p);
  if (w && dbf__tx_word_in(w, (size_t)(p - w), particles))
    w = next_word(&p);
  return w && dbf__tx_word_in(w, (size_t)(p - w), k_back_refs);
}

/* Is action a a verb whose object is a pronoun for the step before, with
   more words after it ("send it back", "present them to the board")? */
static bool refers_back(const char *a) {
  const char *p = a, *w;
  if (!next_word(&p) || !(w = next_word(&p)) || !dbf__tx_word_in(w, (size_t)(p - w), k_back_refs))
    return false;
  return next_word(&p) != NULL;
}

/*
 * "we'll see how it goes", "then we take it from there", "wait and see":
 * a closing remark on how things may turn out is no step. True when action
 * a is "see" and "how", "what", "where" or "when", or a short action ending "from there",
 * or waiting to see.
 */
static bool closing_remark(const char *a) {
  static const char *const asks[] = {"how", "what", "where", "when", NULL};
  static const char *const waits[] = {"wait and see", "play it by ear", NULL};
  const char *p = a, *w = next_word(&p);
  if (!w)
    return false;
  size_t n = strlen(a);
  for (size_t k = 0; waits[k]; k++)
    if (n >= strlen(waits[k]) && dbf__tx_ieqn(a, waits[k], strlen(waits[k])))
      return true;
  if ((size_t)(p - w) == 3 && dbf__tx_ieqn(w, "see", 3)) {
    const char *q = next_word(&p);
    if (q && dbf__tx_word_in(q, (size_t)(p - q), asks))
      return true;
  }
  size_t words = 1;
  for (p = a; next_word(&p);)
    words++;
  return words <= 5 && n >= 10 && dbf__tx_ieqn(a + n - 10, "from there", 10);
}

/*
 * Steps that say nothing of their own are dropped: leftovers of a date
 * ("before", "aiming for"), and the same owner's verb on the step before
 * ("I redo the proposal and send it Monday"), whose due date goes to that
 * step when it has none.
 */
static void drop_empty_steps(json_t *arr) {
  for (size_t i = 0; i < json_array_size(arr);) {
    json_t *o = json_array_get(arr, i);
    json_t *prev = i > 0 ? json_array_get(arr, i - 1) : NULL;
    if (closing_remark(json_string_value(json_object_get(o, "action")))) {
      json_array_remove(arr, i);
      continue;
    }
    int sub = action_substance(json_string_value(json_object_get(o, "action")));
    /* "Grace reviews it": someone else's step on the same thing is a step. */
    const char *owner = json_string_value(json_object_get(o, "owner"));
    const char *prev_owner = prev ? json_string_value(json_object_get(prev, "owner")) : NULL;
    if (sub == 2 && (!prev || (owner && !(prev_owner && strcmp(owner, prev_owner) == 0))))
      sub = 1;
    /* ... unless it only says who handles or joins the step before: its
       owner, when that step names none. */
    json_t *host = prev ? prev : json_array_get(arr, i + 1); /* said before it or first */
    if (host && owns_step_before(json_string_value(json_object_get(o, "action")))) {
      if (owner && !json_object_get(host, "owner"))
        json_object_set(host, "owner", json_object_get(o, "owner"));
      json_array_remove(arr, i);
      continue;
    }
    /* "the review in March, I'll book it": the owner of the step before
       when it names none or only "us", else of the ownerless step the
       sentence put after it. */
    const char *act0 = json_string_value(json_object_get(o, "action"));
    if (owner && act0 && arranges_step(act0)) {
      json_t *next = json_array_get(arr, i + 1);
      json_t *h = NULL;
      if (prev && (!prev_owner || strcmp(prev_owner, "us") == 0))
        h = prev;
      else if (next && !json_object_get(next, "owner"))
        h = next;
      if (h) {
        json_object_set(h, "owner", json_object_get(o, "owner"));
        json_t *due = json_object_get(o, "due");
        if (due && !json_object_get(h, "due"))
          json_object_set(h, "due", due);
        json_array_remove(arr, i);
        continue;
      }
    }
    /* "book the kickoff for the 12th, that's with Ines and Tom": an aside
       that says who or what the step before is, no step. */
    const char *aside = json_string_value(json_object_get(o, "action"));
    if (prev && aside &&
        (dbf__tx_ieqn(aside, "that's ", 7) || dbf__tx_ieqn(aside, "that is ", 8))) {
      json_array_remove(arr, i);
      continue;
    }
    /* "revised offer at 250k, needs my director ok first - by 22.09": a
       step whose whole action the step before already says is a leftover
       of it, and its due date is that step's. */
    const char *act = json_string_value(json_object_get(o, "action"));
    const char *prev_act = prev ? json_string_value(json_object_get(prev, "action")) : NULL;
    if (sub == 1 && act && prev_act && act[0] &&
        dbf__tx_find_word(prev_act, strlen(prev_act), 0, act) != (size_t)-1)
      sub = 2;
    /* "the contract in French and English, by the 7th ... English": with
       no owner of its own, a piece of an earlier step's object said again
       is a leftover of that step too. */
    for (size_t j = 0; sub == 1 && act && act[0] && !owner && j + 1 < i; j++) {
      const char *ja = json_string_value(json_object_get(json_array_get(arr, j), "action"));
      if (ja && dbf__tx_find_word(ja, strlen(ja), 0, act) != (size_t)-1)
        sub = 3;
    }
    /* "check the clause with legal, confirm by the 15th": a lone verb
       with a date, after the same owner's undated step, only dates it. */
    if (sub == 1 && act && !strchr(act, ' ') && prev && !json_object_get(prev, "due") &&
        json_object_get(o, "due") && owner && prev_owner && strcmp(owner, prev_owner) == 0)
      sub = 2;
    /* "price the kit, then email it across by Friday": the same
       owner's verb on the step before's thing, said with more words, goes
       on with that step. */
    if (sub == 1 && act && prev_act && owner && prev_owner && strcmp(owner, prev_owner) == 0 &&
        refers_back(act)) {
      char joined[512];
      snprintf(joined, sizeof joined, "%s and %s", prev_act, act);
      json_object_set_new(prev, "action", json_string(joined));
      json_t *due = json_object_get(o, "due");
      if (due && !json_object_get(prev, "due"))
        json_object_set(prev, "due", due);
      json_array_remove(arr, i);
      continue;
    }
    if (sub == 1) {
      i++;
      continue;
    }
    json_t *due = json_object_get(o, "due");
    if (sub == 2 && prev && due && !json_object_get(prev, "due"))
      json_object_set(prev, "due", due);
    json_array_remove(arr, i);
  }
}

/* Is word w (n bytes) someone: a given name, a known person's first name,
   a role ("engineer", "CSM") or a function ("logistics", "QA")? */
static bool someone_word(const dbf__rx *x, const char *w, size_t n) {
  static const char *const teams[] = {"team", "crew", "squad", "me", "myself", NULL};
  if (dbf__tx_word_in(w, n, teams) || dbf__people_is_role(&x->people, w, n))
    return true;
  dbf__lex_match m;
  static const char *const lexes[] = {"first_names", "departments", NULL};
  for (size_t k = 0; lexes[k]; k++) {
    const dbf__lexicon *l = dbf__lex_get(x->ctx->lex, lexes[k]);
    if (l && dbf__lex_match_at(l, w, n, 0, &m) && m.len == n)
      return true;
  }
  for (size_t k = 0; k < x->people.n_known; k++) {
    const char *name = x->people.known[k].name;
    if (strcspn(name, " ") == n && dbf__tx_ieqn(name, w, n))
      return true;
  }
  return false;
}

/*
 * "our ML team", "Reto & me", "our ops (Raj)", "our application engineer
 * Deepak": an item that only names people says who owns the step next to
 * it, not a step. True when every word of a is a word for someone, a joiner
 * ("and", "+", "&", "with") or a possessive, and the words after "our" or
 * "their" end in a word for someone.
 */
static bool joint_owner(const dbf__rx *x, const char *a);

static bool only_owner(const dbf__rx *x, const char *a) {
  static const char *const joins[] = {"and", "with", "our", "their", "my", NULL};
  if (joint_owner(x, a))
    return true;
  size_t pending = 0, someone = 0;
  bool after_our = false;
  const char *b;
  for (const char *p = a; (b = next_word(&p)) != NULL;) {
    size_t n = (size_t)(p - b);
    if (dbf__tx_word_in(b, n, joins)) {
      after_our = after_our || dbf__tx_ieqn(b, "our", 3) || dbf__tx_ieqn(b, "their", 5);
      continue;
    }
    if (someone_word(x, b, n)) {
      someone++;
      pending = 0;
    } else if (after_our && pending < 2) {
      pending++; /* "our application engineer": words before the role */
    } else {
      return false;
    }
  }
  return someone > 0 && pending == 0;
}

/* Is the word w (n bytes) a person's name: a known first name, a listed
   one, or a capitalised word that is no function word nor a word for a
   role or team? Writes the known full name to *full when there is one. */
static bool name_word(const dbf__rx *x, const char *w, size_t n, const char **full) {
  *full = NULL;
  size_t stem = 0;
  while (stem < n && w[stem] != '-')
    stem++; /* "Kimura-san" */
  if (stem < 2 || dbf__tx_function_word(w, n) || step_verb(w, n))
    return false;
  for (size_t k = 0; k < x->people.n_known && stem >= 3; k++) {
    const char *name = x->people.known[k].name;
    if (strcspn(name, " ") == stem && dbf__tx_ieqn(name, w, stem)) {
      *full = stem == n ? name : NULL;
      return true;
    }
  }
  dbf__lex_match m;
  const dbf__lexicon *names = dbf__lex_get(x->ctx->lex, "first_names");
  if (names && dbf__lex_match_at(names, w, stem, 0, &m) && m.len == stem)
    return true;
  return dbf__tx_capital_at(w, n) && !someone_word(x, w, n);
}

/*
 * "me + jen", "Dana and I", "Oskar plus me", "Reto + Beat": two owners
 * joined, said alone as an item beside the step they share. True when a
 * is exactly two words and a joiner, one of them the speaker or a word for
 * someone, the other a name (a speaker's partner may be typed in lower
 * case, then any word that is no everyday word), or both capitalised
 * names joined by a sign.
 */
static bool joint_owner(const dbf__rx *x, const char *a) {
  static const char *const joins[] = {"+", "&", "and", "plus", NULL};
  static const char *const mine[] = {"me", "i", "myself", NULL};
  dbf_span w[4];
  size_t n = strlen(a);
  size_t nw = 0;
  for (size_t p = 0; p < n && nw < 4;) {
    while (p < n && a[p] == ' ')
      p++;
    size_t b = p;
    while (p < n && a[p] != ' ')
      p++;
    if (p > b)
      w[nw++] = (dbf_span){b, p - b};
  }
  if (nw != 3 || !dbf__tx_word_in(a + w[1].off, w[1].len, joins))
    return false;
  bool sign = a[w[1].off] == '+' || a[w[1].off] == '&';
  for (int k = 0; k < 3; k += 2) {
    for (size_t c = 0; c < w[k].len; c++) {
      unsigned char ch = (unsigned char)a[w[k].off + c];
      if (!(dbf__tx_isalnum(ch) || ch >= 0x80 || ch == '-' || ch == '\'') ||
          (ch >= '0' && ch <= '9'))
        return false;
    }
    if (w[k].len < 2 && !(w[k].len == 1 && a[w[k].off] == 'I'))
      return false;
  }
  const char *unused;
  for (int k = 0; k < 3; k += 2) {
    dbf_span me = w[k], other = w[2 - k];
    const char *o = a + other.off;
    if (dbf__tx_function_word(o, other.len) && !dbf__tx_word_in(o, other.len, mine))
      return false;
    if (step_verb(o, other.len) || imperative_at(o, other.len))
      return false;
    if (dbf__tx_word_in(a + me.off, me.len, mine)) {
      if (dbf__tx_word_in(o, other.len, mine))
        return false;
      if (name_word(x, o, other.len, &unused) || someone_word(x, o, other.len) ||
          !dbf__rx_common_word(x, a, other.off, other.len))
        return true;
      return false;
    }
  }
  bool l = name_word(x, a + w[0].off, w[0].len, &unused) || someone_word(x, a + w[0].off, w[0].len);
  bool r = name_word(x, a + w[2].off, w[2].len, &unused) || someone_word(x, a + w[2].off, w[2].len);
  return l && r &&
         (sign || someone_word(x, a + w[0].off, w[0].len) ||
          someone_word(x, a + w[2].off, w[2].len));
}

/*
 * The owner said after the action as a tail of it: "..., our field tech
 * Kwame", "... - that's Henrik, our engineer", "..., Kwame (our field
 * tech)", "... - that's Ilse". Parses tail t (a string) and writes the
 * name to owner; false when t is no such tail. A bare name needs "that's"
 * before it, and a role needs "our" or "their" or brackets.
 */
static bool owner_tail(const dbf__rx *x, const char *t, char *owner, size_t cap) {
  static const char *const dets[] = {"our", "their", NULL};
  static const char *const thats[] = {"that's", "thats", NULL};
  const char *p = t, *b;
  const char *w[8];
  size_t n[8], nw = 0;
  bool bracket = strchr(t, '(') != NULL;
  while ((b = next_word(&p)) != NULL && nw < 8) {
    w[nw] = b;
    n[nw++] = (size_t)(p - b);
  }
  if (b || nw == 0)
    return false;
  size_t k = 0;
  bool that = false;
  if (dbf__tx_word_in(w[0], n[0], thats)) {
    that = true;
    k = 1;
  } else if (nw > 2 && n[0] == 4 && dbf__tx_ieqn(w[0], "that", 4) && n[1] == 2 &&
             dbf__tx_ieqn(w[1], "is", 2)) {
    that = true;
    k = 2;
  }
  if (k >= nw)
    return false;
  const char *full = NULL;
  if (dbf__tx_word_in(w[k], n[k], dets)) {
    /* "our field tech Kwame": the role, then the name last. */
    /* The word before the name is a role, or at least a lower-case word
       ("our field tech Kwame"), not a product ("our ERP Navision"). */
    size_t nb = nw - 1; /* where the name begins: "our installer Dev Patel" */
    const char *unused;
    if (nw - k >= 4 && dbf__tx_capital_at(w[nb - 1], n[nb - 1]) &&
        name_word(x, w[nb - 1], n[nb - 1], &unused))
      nb--;
    bool lower = true;
    for (size_t c = 0; c < n[nb - 1]; c++)
      lower = lower && !dbf__tx_isupper((unsigned char)w[nb - 1][c]);
    if (nb - k < 2 || nw - k > 5 || !name_word(x, w[nb], n[nb], &full) ||
        !(lower || someone_word(x, w[nb - 1], n[nb - 1])))
      return false;
    if (full && nb == nw - 1)
      snprintf(owner, cap, "%s", full);
    else
      snprintf(owner, cap, "%.*s", (int)(w[nw - 1] + n[nw - 1] - w[nb]), w[nb]);
    return true;
  }
  if (!name_word(x, w[k], n[k], &full))
    return false;
  size_t ne = k + 1;
  const char *unused;
  if (ne < nw && !dbf__tx_word_in(w[ne], n[ne], dets) && name_word(x, w[ne], n[ne], &unused) &&
      dbf__tx_capital_at(w[ne], n[ne]))
    ne++; /* a family name */
  if (ne < nw) {
    /* The role after the name: "our" or "their", or in brackets. */
    if (!(dbf__tx_word_in(w[ne], n[ne], dets) || bracket) || nw - ne > 4 ||
        !someone_word(x, w[nw - 1], n[nw - 1]))
      return false;
  } else if (!that) {
    return false;
  }
  if (full && ne == k + 1)
    snprintf(owner, cap, "%s", full);
  else
    snprintf(owner, cap, "%.*s", (int)(w[ne - 1] + n[ne - 1] - w[k]), w[k]);
  if (owner[0] >= 'a' && owner[0] <= 'z')
    owner[0] = (char)(owner[0] - 'a' + 'A');
  return true;
}

/*
 * "install the chiller during the stop - that's Henrik, our engineer",
 * "swap the pumps, our field tech Kwame": a step whose owner is said after
 * its action, as a tail set off by a comma or a dash, is that person's
 * step; the tail leaves the action. Only a step owned by no one or by the
 * speaker (an imperative) takes it.
 */
static void owner_after_action(const dbf__rx *x, json_t *arr) {
  size_t i;
  json_t *o;
  json_array_foreach(arr, i, o) {
    const char *a = json_string_value(json_object_get(o, "action"));
    const char *ow = json_string_value(json_object_get(o, "owner"));
    char owner[128];
    if (!a || (ow && strcmp(ow, "me") != 0))
      continue;
    for (const char *c = a + 1; *c; c++) {
      size_t sep = c[0] == ',' && c[1] == ' '                  ? 2
                   : c[0] == ' ' && c[1] == '-' && c[2] == ' ' ? 3
                   : c[0] == ';' && c[1] == ' '                ? 2
                                                               : 0;
      if (!sep)
        continue;
      if (!owner_tail(x, c + sep, owner, sizeof owner))
        continue;
      const char *probe = a;
      size_t words = 0;
      while (next_word(&probe) && probe <= c)
        words++;
      if (words < 2)
        break;
      json_object_set_new(o, "action", json_stringn(a, (size_t)(c - a)));
      json_object_set_new(o, "owner", json_string(owner));
      break;
    }
  }
  /* The same tail read as an item of its own beside the step it now owns
     is no step. */
  for (i = 0; i < json_array_size(arr);) {
    o = json_array_get(arr, i);
    const char *a = json_string_value(json_object_get(o, "action"));
    char owner[128];
    bool dup = false;
    if (a && !json_object_get(o, "owner") && owner_tail(x, a, owner, sizeof owner))
      for (size_t k = i > 0 ? i - 1 : 0; k <= i + 1 && k < json_array_size(arr); k++) {
        const char *ow = json_string_value(json_object_get(json_array_get(arr, k), "owner"));
        dup = dup || (k != i && ow && strcmp(ow, owner) == 0);
      }
    if (dup)
      json_array_remove(arr, i);
    else
      i++;
  }
}

/*
 * "send the logs, no date on that", "confirm the volumes, early" (the
 * month taken as the due date), "..., no deadline yet": a tail after a
 * comma that only says when, or that no date was set, is how the step was
 * told, not what it is. Removes such tails from each action.
 */
static void telling_tails(json_t *arr) {
  static const char *const undated[] = {"date",   "deadline", "due",   "rush",
                                        "timing", "timeline", "hurry", NULL};
  size_t i;
  json_t *o;
  json_array_foreach(arr, i, o) {
    const char *a = json_string_value(json_object_get(o, "action"));
    const char *c = a ? strrchr(a, ',') : NULL;
    if (!c || c == a || c[1] != ' ')
      continue;
    const char *p = c + 1, *b;
    const char *w[6];
    size_t n[6], nw = 0;
    while ((b = next_word(&p)) != NULL && nw < 6) {
      w[nw] = b;
      n[nw++] = (size_t)(p - b);
    }
    if (b || nw == 0)
      continue;
    /* "done" says the step may be over already; that stays to be read. */
    bool told = nw == 1 && dbf__tx_word_in(w[0], n[0], k_when_words) &&
                !(n[0] == 4 && dbf__tx_ieqn(w[0], "done", 4));
    bool asap = told && n[0] == 4 && dbf__tx_ieqn(w[0], "asap", 4);
    /* "no date on that", "no real deadline", "no rush on it". */
    for (size_t k = 1; k < nw && k < 3 && !told; k++)
      told = n[0] == 2 && dbf__tx_ieqn(w[0], "no", 2) && dbf__tx_word_in(w[k], n[k], undated);
    const char *head = a;
    size_t words = 0;
    while (next_word(&head) && head <= c)
      words++;
    if (!told || words < 2)
      continue;
    /* "..., ASAP" with no date of its own: that is when it is due. */
    if (asap && !json_object_get(o, "due"))
      json_object_set_new(o, "due", json_string("ASAP"));
    json_object_set_new(o, "action", json_stringn(a, (size_t)(c - a)));
  }
}

/*
 * "I'm off to Lisbon on the 24th", "we're away till the 3rd", "I'm out
 * next week": where the speaker will be is a date to plan around, no step.
 * True when action a opens with the speaker and being away.
 */
static bool speaker_away(const char *a) {
  static const char *const subj[] = {"i'm", "im", "we're", "i", "we", NULL};
  static const char *const away[] = {"off", "away",     "out",     "travelling", "traveling",
                                     "on",  "vacation", "holiday", NULL};
  static const char *const leave[] = {"leave", "holiday", "vacation", "holidays", NULL};
  /* "then I'm off", "after that we're away": joiners before the speaker. */
  static const char *const joins[] = {"then", "after", "that", "and", "so", "also", "but", NULL};
  const char *p = a, *w[6];
  size_t n[6], nw = 0;
  const char *b;
  while (nw < 6 && (b = next_word(&p)) != NULL) {
    w[nw] = b;
    n[nw++] = (size_t)(p - b);
  }
  size_t f = 0;
  while (f < 2 && f < nw && dbf__tx_word_in(w[f], n[f], joins))
    f++;
  if (nw < f + 2 || !dbf__tx_word_in(w[f], n[f], subj))
    return false;
  size_t k = f + 1;
  if (n[f] <= 2 && dbf__tx_word_in(w[k], n[k], (const char *const[]){"am", "are", NULL}))
    k++; /* "I am off", "we are away" */
  else if (n[f] <= 2)
    return false;
  if (k >= nw || !dbf__tx_word_in(w[k], n[k], away))
    return false;
  /* "on" only with leave: "I'm on holiday", not "I'm on it". */
  return !(n[k] == 2 && dbf__tx_ieqn(w[k], "on", 2)) ||
         (k + 1 < nw && dbf__tx_word_in(w[k + 1], n[k + 1], leave));
}

/*
 * Hands the owner named by an owner-only item to the step it belongs to:
 * the next one when the item has no date of its own and that step names
 * no owner ("Our ML team: PoC results by the 15th"), else the step before
 * when it names none ("calculation sheet, our engineer Deepak, by the
 * 10th"), with the item's date when that step has none; then drops it.
 */
static void owner_only_steps(const dbf__rx *x, json_t *arr) {
  for (size_t i = 0; i < json_array_size(arr);) {
    json_t *o = json_array_get(arr, i);
    const char *a = json_string_value(json_object_get(o, "action"));
    if (!a || !only_owner(x, a)) {
      i++;
      continue;
    }
    json_t *next = json_array_get(arr, i + 1), *prev = i > 0 ? json_array_get(arr, i - 1) : NULL;
    json_t *due = json_object_get(o, "due");
    json_t *host = NULL;
    if (next && !due && !json_object_get(next, "owner"))
      host = next;
    else if (prev && !json_object_get(prev, "owner"))
      host = prev;
    else if (next && !json_object_get(next, "owner"))
      host = next;
    if (host) {
      json_object_set_new(host, "owner", json_string(a));
      if (due && !json_object_get(host, "due"))
        json_object_set(host, "due", due);
    }
    json_array_remove(arr, i);
  }
}

/*
 * "their CFO wants a reference call, I'll arrange by Friday": a
 * step that is only a verb does what the clause just before it asks for.
 * The object of that clause's verb of wanting, up to the step's owner at
 * at in sentence si, or {at, 0} when the clause asks for nothing.
 */
static dbf_span wanted_object(const dbf__rx *x, size_t si, size_t at) {
  dbf_span sent = x->sent[si];
  static const char *const wants[] = {"wants",     "want",     "needs",      "need",
                                      "asked for", "asks for", "would like", "requested",
                                      "requests",  NULL};
  size_t ce = at;
  /* A step that opens its sentence answers the sentence before, which
     unpunctuated speech may have run into it. */
  if (si > 0 && dbf__tx_trim(x->s, (dbf_span){sent.off, at - sent.off}).len == 0) {
    sent = x->sent[si - 1];
    ce = sent.off + sent.len;
  }
  while (ce > sent.off && strchr(" ,;.!?", x->s[ce - 1]))
    ce--;
  size_t cs = ce;
  /* ... back to the clause's start; "2,000" and "1.5" are no bounds. */
  while (cs > sent.off &&
         (!strchr(".;,!?\n", x->s[cs - 1]) ||
          (cs >= sent.off + 2 && cs < ce && (x->s[cs - 2] >= '0' && x->s[cs - 2] <= '9') &&
           (x->s[cs] >= '0' && x->s[cs] <= '9'))))
    cs--;
  size_t which = 0;
  size_t w = dbf__tx_find_any(x->s, ce, cs, wants, &which);
  if (w == (size_t)-1)
    return (dbf_span){at, 0};
  size_t ob = w + strlen(wants[which]);
  dbf_span obj = dbf__tx_trim(x->s, (dbf_span){ob, ce > ob ? ce - ob : 0});
  /* "wants to wait", "needs it": a verb or a pronoun is no thing to do. */
  dbf_span first = {obj.off, 0};
  while (first.off + first.len < obj.off + obj.len && x->s[first.off + first.len] != ' ')
    first.len++;
  static const char *const not_things[] = {"to", "it", "that", "this", "them", "us", "me", NULL};
  if (obj.len == 0 || dbf__tx_word_in(x->s + first.off, first.len, not_things) ||
      dbf__tx_word_count(x->s, obj) > 10 || dbf__rx_content_words(x, obj, NULL, 0) == 0)
    return (dbf_span){at, 0};
  return obj;
}

/* "ship 1500 bolts", "send the 2025 visitor data", "flat 2026 prices": a
   bare four-digit number right before a word of content counts or labels
   that thing; it is no due date and does not end the action. */
static bool year_as_label(const dbf__rx *x, const dbf__date *d) {
  if (d->prec != DBF_DATE_YEAR || d->len != 4 || d->off + 6 > x->n || x->s[d->off + 4] != ' ')
    return false;
  size_t w = d->off + 5, e = w;
  while (e < x->n && dbf__tx_islower((unsigned char)x->s[e]))
    e++;
  return e > w + 1 && (e == x->n || !dbf__tx_isalnum((unsigned char)x->s[e])) &&
         !dbf__tx_function_word(x->s + w, e - w);
}

/* "go through the Q3 figures", "the last quarter's results": a quarter or a
   half-year right before a word of content names the period a thing covers;
   it is no due date and does not end the action. */
static bool period_as_label(const dbf__rx *x, const dbf__date *d) {
  if (d->vague || d->len < 2)
    return false;
  const char *t = x->s + d->off;
  bool period = ((t[0] | 32) == 'q' || (t[0] | 32) == 'h') && t[1] >= '1' && t[1] <= '4';
  for (size_t k = 0; !period && k + 7 <= d->len; k++)
    period = dbf__tx_ieqn(t + k, "quarter", 7);
  if (!period)
    return false;
  size_t w = d->off + d->len;
  if (w + 2 <= x->n && x->s[w] == '\'' && (x->s[w + 1] | 32) == 's')
    w += 2;
  if (w >= x->n || x->s[w] != ' ')
    return false;
  size_t e = ++w;
  while (e < x->n && dbf__tx_islower((unsigned char)x->s[e]))
    e++;
  /* ("by Q3 latest", "before the Q3 deadline": the quarter is the due) */
  static const char *const not_things[] = {"latest",   "earliest", "end",   "start",   "time",
                                           "deadline", "cutoff",   "close", "closing", NULL};
  return e > w + 2 && (e == x->n || !dbf__tx_isalnum((unsigned char)x->s[e])) &&
         !dbf__tx_function_word(x->s + w, e - w) && !dbf__tx_word_in(x->s + w, e - w, not_things) &&
         !dbf__tx_ieqn(x->s + e - 2, "ly", 2);
}

/*
 * The due date of a step in [b, e): its first date, unless a later one
 * narrows it: a day inside the month named first ("in April, probably the
 * 14th"), or a deadline after a scope ("the figures for Q3 by Tuesday").
 */
static const dbf__date *step_due(const dbf__rx *x, const dbf__date *dates, size_t nd, size_t b,
                                 size_t e, const dbf__date **firstp) {
  static const char *const scope[] = {"for", "in", "during", NULL};
  static const char *const deadline[] = {"by", "before", "until", "latest", NULL};
  const dbf__date *first = NULL;
  for (size_t di = 0; di < nd; di++) {
    const dbf__date *d = &dates[di];
    if (d->off < b || d->off >= e || d->negated || (d->prec == DBF_DATE_YEAR && !d->explicit_year))
      continue;
    if (year_as_label(x, d))
      continue;
    if (!first) {
      first = *firstp = d;
      continue;
    }
    if (d->vague || d->prec != DBF_DATE_DAY)
      continue;
    bool inside =
        first->prec == DBF_DATE_MONTH && d->ymd.y == first->ymd.y && d->ymd.m == first->ymd.m;
    dbf_span w0 = dbf__tx_word_before(x->s, first->off);
    dbf_span w1 = dbf__tx_word_before(x->s, d->off);
    bool scoped = w0.len && dbf__tx_word_in(x->s + w0.off, w0.len, scope) && w1.len &&
                  dbf__tx_word_in(x->s + w1.off, w1.len, deadline);
    if (inside || scoped)
      return d;
    break;
  }
  return first;
}

/*
 * In passing, an owner is someone: me or us, the customer, a team ("our
 * installer", "their IT lead") or a person the answer or session names.
 * "Contract runs out in October", "Decision will be at the board meeting",
 * "Second, their planner wants ..." open with a thing or a count, not a
 * person, and "the pilot runs eight weeks" states a plan.
 */
static bool person_owner(const dbf__rx *x, const step_start *st) {
  const char *o = st->owner;
  if (!o[0] || !strcmp(o, "me") || !strcmp(o, "us") || !strcmp(o, "they") ||
      !strcmp(o, x->people.account) || !strncmp(o, "our ", 4) || !strncmp(o, "their ", 6))
    return true;
  for (size_t i = 0; i < x->n_persons; i++)
    if (x->persons[i].off <= st->off && st->off < x->persons[i].off + x->persons[i].len + 1)
      return true;
  return known_first_name(x, (dbf_span){st->off, strcspn(x->s + st->off, " ,.:;'")}) != NULL;
}

/*
 * In passing (an answer to another question), "Council decides the
 * investment plan on the tenth", "the board signs off the capex in March",
 * "they'll pick a vendor after the trial" date the customer's decision, and
 * "they'll roll it out to the depots in spring" is the customer's own plan:
 * no agreed step. The decision verb opens the action (after the spaces the
 * owner left), and a step owned by the account as a whole ("they") is theirs;
 * our own choices ("I'll pick the trial sites") stay steps.
 */
static bool customer_decision(const dbf__rx *x, const step_start *st, size_t b, size_t e) {
  static const char *const decides[] = {
      "decide", "decides", "vote",    "votes",  "approve", "approves", "sign",   "signs", "pick",
      "picks",  "choose",  "chooses", "select", "selects", "award",    "awards", NULL};
  static const char *const calls[] = {"take a decision",
                                      "take the decision",
                                      "take decision",
                                      "make a decision",
                                      "make the decision",
                                      "make the call",
                                      NULL};
  if (!strcmp(st->owner, "me") || !strcmp(st->owner, "us"))
    return false; /* "I'll pick the trial sites by Friday" */
  while (b < e && x->s[b] == ' ')
    b++;
  size_t lim = b + 20 < e ? b + 20 : e;
  if (dbf__tx_find_any(x->s, lim, b, decides, NULL) == b ||
      dbf__tx_find_any(x->s, lim, b, calls, NULL) == b)
    return true;
  return x->people.account[0] && strcmp(st->owner, x->people.account) == 0;
}

/*
 * "... by friday our engineer kofi fixes the rig", "... tmrw our data team
 * retunes the model": after a date, our role (and a name) owning a step
 * opens the next note. True when the owner find_step_starts read for st
 * is a word for someone of ours, or a person named after it, the verb
 * comes within four words and the step has a date of its own; "their",
 * and "our" with a thing ("our quote goes out"), stay in the note.
 */
static bool our_someone_opens(const dbf__rx *x, dbf_span rest, const step_start *st,
                              const dbf__date *dates, size_t nd) {
  const char *s = x->s;
  if (!dbf__tx_ieqn(s + rest.off, "our ", 4) || st->action <= rest.off + 4)
    return false;
  bool dated = false;
  for (size_t k = 0; k < nd && !dated; k++)
    dated = !dates[k].negated && dates[k].off > st->action && dates[k].off < rest.off + rest.len;
  if (!dated)
    return false; /* "our team handles renewals": what they do, no step */
  dbf_span lead = dbf__tx_trim(s, (dbf_span){rest.off + 4, st->action - rest.off - 4});
  size_t nw = dbf__tx_word_count(s, lead);
  if (nw < 1 || nw > 4)
    return false;
  dbf_span w[4];
  size_t k = dbf__tx_words(s + lead.off, lead.len, w, 4);
  for (size_t i = 0; i < k; i++)
    if (someone_word(x, s + lead.off + w[i].off, w[i].len))
      return true;
  return false;
}

/*
 * "... on friday Nils to send the specs", "... by the 9th dana books the
 * hall": a step of a named owner opens rest, its verb with an object of its
 * own ("checks it" goes on with the step before; "our crew" steps keep the
 * run-on reading of find_step_starts).
 */
static bool step_opens(dbf__rx *x, dbf_span rest) {
  step_start st[1];
  if (dbf__tx_ieqn(x->s + rest.off, "our ", 4) || dbf__tx_ieqn(x->s + rest.off, "their ", 6) ||
      find_step_starts(x, rest, st, 1) != 1 || st[0].off != rest.off)
    return false;
  size_t end = rest.off + rest.len;
  dbf_span w[2];
  return st[0].action < end && dbf__tx_words(x->s + st[0].action, end - st[0].action, w, 2) == 2 &&
         !dbf__tx_word_in(x->s + st[0].action + w[1].off, w[1].len, k_back_refs);
}

/*
 * "2 ruth the site plans", "three we book the hall": a list number said
 * or typed without its stop, then a word. Its value (1 to 12) when s[p..)
 * opens so, with the length of the number and its space in *len; else 0.
 */
static int bare_number_at(const char *s, size_t p, size_t end, size_t *len) {
  size_t e = p;
  int v = 0;
  while (e < end && e < p + 2 && s[e] >= '0' && s[e] <= '9')
    v = v * 10 + (s[e++] - '0');
  if (e == p) {
    size_t l = dbf__tx_number_word_at(s, p, end, &v);
    e = p + l;
  }
  unsigned char c = e + 1 < end ? (unsigned char)s[e + 1] : 0;
  if (e == p || v < 1 || v > 12 || s[e] != ' ' ||
      !(((c | 32) >= 'a' && (c | 32) <= 'z') || c >= 0x80))
    return 0;
  *len = e + 1 - p;
  return v;
}

/* The value of the bare list number that opens sp, fillers aside, and
   where the item after it starts; 0 when sp opens with none. */
static int numbered_open(const dbf__rx *x, dbf_span sp, size_t *item) {
  dbf_span t = dbf__tx_strip_fillers(x->s, sp);
  size_t len = 0;
  int v = t.len ? bare_number_at(x->s, t.off, t.off + t.len, &len) : 0;
  *item = t.off + len;
  return v;
}

/* Does another sentence of the answer open with list number v? */
static bool sentence_numbered(const dbf__rx *x, int v) {
  size_t item;
  for (size_t si = 0; si < x->n_sent; si++)
    if (numbered_open(x, x->sent[si], &item) == v)
      return true;
  return false;
}

/*
 * Is the bare number v at p the next item's ("... by friday 2 ruth sends
 * the plans"), not a count ("send 2 samples", "by 2 june")? Not inside a
 * date, not after a function word, and a name, a pronoun or a word that is
 * no function word after it.
 */
static bool next_item_at(const dbf__rx *x, size_t p, size_t end, const dbf__date *dates, size_t nd,
                         int v, size_t *len) {
  static const char *const owners[] = {"me", "i", "we", "our", "their", "they", NULL};
  if (p == 0 || x->s[p - 1] != ' ' || bare_number_at(x->s, p, end, len) != v)
    return false;
  for (size_t di = 0; di < nd; di++)
    if (p >= dates[di].off && p < dates[di].off + dates[di].len)
      return false;
  dbf_span before = dbf__tx_word_before(x->s, p);
  if (before.len && dbf__tx_function_word(x->s + before.off, before.len))
    return false;
  size_t w = p + *len, we = w;
  while (we < end && dbf__tx_isalnum((unsigned char)x->s[we]))
    we++;
  return !dbf__tx_function_word(x->s + w, we - w) || dbf__tx_word_in(x->s + w, we - w, owners);
}

/*
 * "1 me the draft contract by friday 2 ruth the site plans next week",
 * or such items one to a line: a numbered list whose stops were dropped.
 * Splits sent at its numbers into out (at most max pieces), each piece
 * without its number, and returns how many; 0 when sent is no such item.
 */
static size_t split_numbered(const dbf__rx *x, dbf_span sent, const dbf__date *dates, size_t nd,
                             dbf_span *out, size_t max) {
  size_t from, end = sent.off + sent.len, len;
  int v = numbered_open(x, sent, &from);
  if (!v)
    return 0;
  size_t n = 0;
  for (size_t p = from + 1; p < end && n + 1 < max; p++) {
    if (!next_item_at(x, p, end, dates, nd, v + 1, &len))
      continue;
    out[n++] = dbf__tx_trim(x->s, (dbf_span){from, p - from});
    from = p + len;
    p = from;
    v++;
  }
  /* One item to a line: the list goes on in another sentence. */
  if (n == 0 && !sentence_numbered(x, v + 1) && (v == 1 || !sentence_numbered(x, v - 1)))
    return 0;
  out[n++] = dbf__tx_trim(x->s, (dbf_span){from, end - from});
  return n;
}

/*
 * "me the draft contract by friday ruth the site plans next week": notes
 * said without stops run on, each an owner, a thing and a date. Where a
 * date ends and the next word opens a note ("me" and a thing, or a known
 * person's name), a new note starts. Splits sent there into out (at most
 * max pieces) and returns how many.
 */
/* "me + ana site walk on the 3rd", "me + our buyer the tasting": a note
   the speaker shares with someone joined by a plus sign. */
static bool me_plus_opens(const dbf__rx *x, dbf_span cl) {
  dbf_span t = dbf__tx_strip_fillers(x->s, cl);
  return t.len > 6 && dbf__tx_ieqn(x->s + t.off, "me + ", 5) &&
         dbf__tx_isalnum((unsigned char)x->s[t.off + 5]);
}

/*
 * "kickoff on the 3rd data migration by mid-April go-live on the 4th":
 * steps said without a verb run on, each a thing and its own date. True
 * when rest opens with a word that is no function word and runs within a
 * few words to a date of its own, with no step, report, modal or opinion
 * on the way.
 */
static bool dated_thing_opens(dbf__rx *x, dbf_span rest, const dbf__date *d, const dbf__date *dates,
                              size_t nd) {
  const char *s = x->s;
  size_t p = rest.off, end = rest.off + rest.len, we = p;
  while (we < end && (dbf__tx_isalnum((unsigned char)s[we]) || s[we] == '-'))
    we++;
  /* "2025 visitor data", "the Jan outage", "friday week": a year, or a
     date a thing's words hold, or what goes on saying when. */
  static const char *const when[] = {"week",    "weeks",    "day",       "days",    "month",
                                     "morning", "noon",     "afternoon", "evening", "say",
                                     "maybe",   "probably", "starting",  NULL};
  static const char *const dets[] = {"the",  "a",    "an",  "of",    "for",
                                     "this", "that", "our", "their", NULL};
  /* "thurs 10am": a time of the date before. */
  bool time = we - p >= 3 && s[p] >= '0' && s[p] <= '9' &&
              (dbf__tx_ieqn(s + we - 2, "am", 2) || dbf__tx_ieqn(s + we - 2, "pm", 2));
  dbf_span before = dbf__tx_word_before(s, d->off);
  if (we - p < 2 || time || dbf__tx_function_word(s + p, we - p) || d->prec == DBF_DATE_YEAR ||
      dbf__tx_word_in(s + p, we - p, when) || dbf__tx_word_in(s + p, we - p, k_when_words) ||
      (before.len && dbf__tx_word_in(s + before.off, before.len, dets)))
    return false;
  const dbf__date *next = NULL;
  for (size_t k = 0; k < nd && !next; k++)
    if (dates[k].off > p && dates[k].off < end && !dates[k].negated &&
        dates[k].prec != DBF_DATE_YEAR)
      next = &dates[k];
  if (!next)
    return false;
  for (size_t k = 0; k < nd; k++)
    if (dates[k].off == p)
      return false; /* "the 3rd 2025 figures": a date goes on */
  dbf_span thing = dbf__tx_trim(s, (dbf_span){p, next->off - p});
  size_t nw = dbf__tx_word_count(s, thing), which = 0;
  static const char *const reports[] = {" said", " says",  " thinks", " wants", " was ",
                                        " is ",  " were ", " are ",   NULL};
  step_start st[1];
  if (nw < 1 || nw > 10 || find_step_starts(x, thing, st, 1) > 0 || opinion_in(x, thing) ||
      dbf__tx_find_any(s, next->off, p, reports, &which) != (size_t)-1 ||
      dbf__tx_find_any(s, next->off, p, k_modals, &which) != (size_t)-1)
    return false;
  /* "25th mariela sends the report": a verb of someone's on the way;
     "let's say": speech, no note. */
  for (size_t q = p; q < next->off; q++)
    if ((s[q] == ' ' && step_verb_s(s, q + 1, next->off)) || s[q] == '\'')
      return false;
  return dbf__rx_content_words(x, thing, NULL, 0) > 0;
}

/*
 * "... by monday our tech lead sara the test plan by friday": a note
 * without a verb, owned by our role (and a name), after a date. True when
 * rest opens with "our", one of the next three words is a word for someone
 * with a word after it, and a date of its own follows within twelve words,
 * with no verb or modal on the way.
 */
static bool our_someone_note(const dbf__rx *x, dbf_span rest, const dbf__date *dates, size_t nd) {
  const char *s = x->s;
  size_t end = rest.off + rest.len;
  if (rest.len < 5 || !dbf__tx_ieqn(s + rest.off, "our ", 4))
    return false;
  const dbf__date *next = NULL;
  for (size_t k = 0; k < nd && !next; k++)
    if (!dates[k].negated && dates[k].off > rest.off + 4 && dates[k].off < end)
      next = &dates[k];
  if (!next)
    return false;
  dbf_span lead = dbf__tx_trim(s, (dbf_span){rest.off + 4, next->off - rest.off - 4});
  size_t nw = dbf__tx_word_count(s, lead);
  size_t which = 0;
  if (nw < 2 || nw > 12 || opinion_in(x, lead) ||
      dbf__tx_find_any(s, next->off, lead.off, k_modals, &which) != (size_t)-1)
    return false;
  /* "our lead Kai calls them friday": a verb of someone's, a step that
     find_step_starts reads with its owner. */
  for (size_t q = lead.off; q < next->off; q++)
    if (s[q] == ' ' && step_verb_s(s, q + 1, next->off))
      return false;
  dbf_span w[4];
  size_t k = dbf__tx_words(s + lead.off, lead.len, w, 4);
  for (size_t i = 0; i + 1 < k; i++)
    if (someone_word(x, s + lead.off + w[i].off, w[i].len))
      return true;
  return false;
}

static size_t split_notes(dbf__rx *x, dbf_span sent, const dbf__date *dates, size_t nd,
                          dbf_span *out, size_t max) {
  size_t n = 0, from = sent.off, end = sent.off + sent.len;
  for (size_t di = 0; di < nd && n + 1 < max; di++) {
    const dbf__date *d = &dates[di];
    size_t p = d->off + d->len;
    if (d->negated || d->off < from || p >= end)
      continue;
    while (p < end && x->s[p] == ' ')
      p++;
    /* "... tmrw - me priya sends the list": the owner tagged after a dash
       closes the note, and the next one starts after that owner. */
    bool tagged = false;
    if (p + 2 < end && x->s[p] == '-' && x->s[p + 1] == ' ' && p > d->off + d->len) {
      size_t ob = p + 2, oe = ob;
      while (oe < end && dbf__tx_isalnum((unsigned char)x->s[oe]))
        oe++;
      bool me =
          (oe - ob == 2 && dbf__tx_ieqn(x->s + ob, "me", 2)) || (oe - ob == 1 && x->s[ob] == 'I');
      bool name = oe > ob && dbf__tx_isupper((unsigned char)x->s[ob]) &&
                  !dbf__rx_is_starter(x, (dbf_span){ob, oe - ob});
      if ((me || name) && oe + 1 < end && x->s[oe] == ' ') {
        p = oe + 1;
        tagged = true;
      }
    }
    if (p >= end || p == d->off + d->len || !dbf__tx_isalnum((unsigned char)x->s[p]))
      continue;
    dbf_span rest = {p, end - p};
    if (dbf__tx_strip_fillers(x->s, rest).off != p)
      continue; /* "and Dana ...", "um me ...": a filler, no note */
    char owner[128];
    step_start st[1];
    bool step = find_step_starts(x, rest, st, 1) == 1 && st[0].off == p;
    if (step ? !step_opens(x, rest) && !our_someone_opens(x, rest, st, dates, nd)
             : !me_opens(x, rest) && !name_opens(x, rest, owner, sizeof owner) &&
                   !me_plus_opens(x, rest) && !dated_thing_opens(x, rest, d, dates, nd) &&
                   !our_someone_note(x, rest, dates, nd))
      continue;
    /* "... and by friday ruth sends the plans": a date that opens the
       note's clause goes with it. */
    size_t cut = p;
    if (!tagged && lead_date(x, sent, p, d, 1, &cut) && cut <= from)
      continue;
    out[n++] = dbf__tx_trim(x->s, (dbf_span){from, cut - from});
    from = cut;
  }
  out[n++] = (dbf_span){from, end - from};
  return n;
}

/*
 * "by Tuesday, no wait, Wednesday", "on the 10th actually no the 12th": a
 * date a repair replaces at once is taken back (negated), and the span from
 * its end to the end of the date that replaces it goes into fix[di], so the
 * repair's words open no step. Returns how many dates were taken back.
 */
static size_t corrected_dates(const dbf__rx *x, dbf__date *dates, size_t nd, dbf_span *fix) {
  static const char *const glue[] = {"on", "by", "the", "it's", "its", "make", "it", NULL};
  size_t taken = 0;
  for (size_t di = 0; di < nd; di++) {
    fix[di] = (dbf_span){0, 0};
    if (di + 1 >= nd || dates[di].negated)
      continue;
    size_t end = dates[di].off + dates[di].len, next = dates[di + 1].off;
    size_t p = end;
    while (p < next && strchr(" ,:-", x->s[p]))
      p++;
    size_t q = p < next ? dbf__rx_past_repair(x, p, next) : (size_t)-1;
    if (q == (size_t)-1)
      continue;
    /* A word or two that leads into the new date: "no wait, make it the 12th". */
    for (int k = 0; k < 3 && q < next; k++) {
      size_t w = q;
      while (w < next && (dbf__tx_isalnum((unsigned char)x->s[w]) || x->s[w] == '\''))
        w++;
      if (w == q || !dbf__tx_word_in(x->s + q, w - q, glue))
        break;
      q = w;
      while (q < next && strchr(" ,:-", x->s[q]))
        q++;
    }
    if (q != next)
      continue;
    dates[di].negated = true;
    fix[di] = (dbf_span){end, dates[di + 1].off + dates[di + 1].len - end};
    taken++;
  }
  return taken;
}

/* Does "after" end the phrase at p, with nothing after it but a stop, the
   end, or a word that opens the next clause ("and", "then", "so")? */
static bool bare_after(const dbf__rx *x, size_t p) {
  static const char *const next[] = {"and", "then", "so", "but", NULL};
  if (p + 6 > x->n || !dbf__tx_ieqn(x->s + p, " after", 6))
    return false;
  p += 6;
  if (p >= x->n || !dbf__tx_isalnum((unsigned char)x->s[p])) {
    size_t q = p;
    while (q < x->n && x->s[q] == ' ')
      q++;
    size_t w = q;
    while (w < x->n && dbf__tx_isalnum((unsigned char)x->s[w]))
      w++;
    return q == p || q >= x->n || w == q || dbf__tx_word_in(x->s + q, w - q, next);
  }
  return false;
}

/* The last day said before off that is not taken back, or NULL. */
static const dbf__date *anchor_day(const dbf__date *dates, size_t nd, size_t off) {
  const dbf__date *a = NULL;
  for (size_t di = 0; di < nd && dates[di].off < off; di++)
    if (!dates[di].negated && !dates[di].vague && dates[di].prec == DBF_DATE_DAY)
      a = &dates[di];
  return a;
}

/*
 * "I send the quote Friday and Nadia signs it the day after": "the day
 * after" and "the week after" count from the day said before them, a day
 * or a week on; "the week after next" stays a phrase. With no day before
 * them they give no date. Returns the new count of dates.
 */
static size_t anchored_dates(const dbf__rx *x, dbf__date *dates, size_t nd, size_t max) {
  for (size_t di = 0; di < nd; di++) {
    dbf__date *d = &dates[di];
    size_t e = d->off + d->len;
    if (!d->vague || d->len < 8 || !dbf__tx_ieqn(x->s + d->off + d->len - 4, "week", 4))
      continue;
    if (e + 11 <= x->n && dbf__tx_ieqn(x->s + e, " after next", 11)) {
      d->len += 11; /* said as a phrase, kept as one */
      continue;
    }
    if (!bare_after(x, e))
      continue;
    const dbf__date *a = anchor_day(dates, di, d->off);
    d->len += 6;
    if (!a) {
      d->negated = true; /* a week after what is not said */
      continue;
    }
    d->ymd = dbf__civil_from_days(dbf__days_from_civil(a->ymd) + 7);
    d->prec = DBF_DATE_DAY;
    d->vague = false;
  }
  static const char *const days[] = {"the day after", "a day after", NULL};
  for (size_t from = 0; nd < max;) {
    size_t which = 0, at = dbf__tx_find_any(x->s, x->n, from, days, &which);
    if (at == (size_t)-1)
      break;
    size_t l = strlen(days[which]);
    from = at + l;
    if (!bare_after(x, at + l - 6))
      continue;
    size_t pos = 0;
    while (pos < nd && dates[pos].off < at)
      pos++;
    if (pos < nd && dates[pos].off < at + l)
      continue; /* a date the scan read already */
    const dbf__date *a = anchor_day(dates, pos, at);
    if (!a)
      continue;
    dbf__date n = *a;
    n.off = at;
    n.len = l;
    n.ymd = dbf__civil_from_days(dbf__days_from_civil(a->ymd) + 1);
    n.explicit_year = false;
    n.bare_day = false;
    memmove(&dates[pos + 1], &dates[pos], (nd - pos) * sizeof *dates);
    dates[pos] = n;
    nd++;
  }
  return nd;
}

static bool before_ref(const dbf__rx *x, const dbf__date *d);

/*
 * "I send the quote by Friday workshop with their planners early next
 * month": dictated, a step said without a verb runs on after the date of
 * the step before. The words between that date (first) and the next date
 * before e make a step of their own when they are few (two to eight
 * words), open with a word of substance, not a function word ("for the
 * board review on the 20th" says what the step is for) nor a word that
 * only says the date again ("by Monday week so the 9th"), report nothing
 * and the date ahead is still to come. The step goes to arr with no owner.
 */
static void verbless_tail(dbf__rx *x, const dbf_template_field *f, const dbf__date *first,
                          const dbf__date *due, const dbf__date *dates, size_t nd, size_t e,
                          json_t *arr) {
  const char *s = x->s;
  if (!first || first != due)
    return;
  /* "the write-up of the March outage to Oona by the 25th": a month after
     an article or "of" names a thing, and the words after it go on with
     the same step. */
  static const char *const attrib[] = {"the", "of", "a", "an", "our", "their", "that", NULL};
  dbf_span wb = dbf__tx_word_before(s, first->off);
  if (first->prec == DBF_DATE_MONTH && wb.len && dbf__tx_word_in(s + wb.off, wb.len, attrib))
    return;
  size_t b = first->off + first->len;
  const dbf__date *next = NULL;
  for (size_t di = 0; di < nd && !next; di++)
    if (dates[di].off >= b && dates[di].off < e && !dates[di].negated &&
        dates[di].prec != DBF_DATE_YEAR)
      next = &dates[di];
  if (!next || before_ref(x, next))
    return;
  dbf_span act = dbf__tx_trim(x->s, (dbf_span){b, next->off - b});
  static const char *const tails[] = {" on", " by", " at", " in", " for", " is", " from", NULL};
  for (int guard = 0; guard < 2; guard++)
    for (size_t k = 0; tails[k]; k++) {
      size_t l = strlen(tails[k]);
      if (act.len > l && dbf__tx_ieqn(s + act.off + act.len - l, tails[k], l))
        act = dbf__tx_trim(s, (dbf_span){act.off, act.len - l});
    }
  size_t nw = dbf__tx_word_count(s, act);
  if (act.len == 0 || nw > 8 ||
      !(dbf__tx_isupper((unsigned char)s[act.off]) || dbf__tx_islower((unsigned char)s[act.off])))
    return;
  size_t we = act.off;
  while (we < act.off + act.len && dbf__tx_isalnum((unsigned char)s[we]))
    we++;
  static const char *const reports[] = {" was ", " were ", " had ", " went ", " did ", NULL};
  /* "by Monday week so the 9th", "late next week say Thursday": words
     that only say the date again. */
  static const char *const restate[] = {"so", "say", "or", "like", "week", "weeks", "then", NULL};
  if (nw < 2 || dbf__tx_word_in(s + act.off, we - act.off, restate) ||
      dbf__tx_function_word(s + act.off, we - act.off) ||
      dbf__tx_find_any(s, act.off + act.len + 1, act.off, reports, NULL) != (size_t)-1 ||
      dbf__rx_content_words(x, act, NULL, 0) == 0 || is_aside(x, act))
    return;
  json_t *o = json_object();
  if (!o)
    return;
  json_object_set_new(o, "action", action_text(x, act));
  if (dbf__rx_has_item_key(f, "due")) {
    char iso[16];
    if (next->vague) {
      json_object_set_new(o, "due", dbf__rx_jstr_span(x, (dbf_span){next->off, next->len}));
    } else {
      dbf__rx_date_iso(next, iso, sizeof iso);
      json_object_set_new(o, "due", json_string(iso));
    }
  }
  if (!json_object_get(o, "action") || json_array_size(arr) >= MAX_ITEMS)
    json_decref(o);
  else
    dbf__rx_union_item(arr, o);
}

/*
 * "Nothing big:" then a list, one step a line: a "none" that opens the answer
 * only plays the list down, and the items after it are the steps. True
 * when a line of the answer opens with a list marker ("- ", "* ", "2. ").
 */
static bool lists_after_none(const dbf__rx *x) {
  for (size_t i = 1; i < x->n; i++)
    if (x->s[i] != ' ' && x->s[i] != '\n' && x->s[i - 1] == ' ' && list_item_at(x->s, i))
      return true;
  return false;
}

/* True when actions a and b share a word of four letters or more that is
   neither a function word nor a step verb ("send", "book"). */
static bool share_object_word(const char *a, const char *b) {
  const char *p = a, *w;
  while ((w = next_word(&p)) != NULL) {
    size_t n = (size_t)(p - w);
    if (n < 4 || dbf__rx_is_empty_word(w, n) || step_verb(w, n))
      continue;
    const char *q = b, *v;
    while ((v = next_word(&q)) != NULL)
      if ((size_t)(q - v) == n && dbf__tx_ieqn(w, v, n))
        return true;
  }
  return false;
}

/*
 * A step told again under another question once the next-steps answer is
 * in the record: "we're mailing the quote this week" after "I'll mail the
 * quote by Friday", or "we begin the rollout in May" after the dated steps
 * of that rollout. The recap is not a step of its own. True when item o,
 * read outside the next-steps question, shares its due and a word of its
 * object with a recorded step, or is our start of something within a
 * whole month.
 */
static bool recap_of_recorded(const dbf__rx *x, const char *key, const json_t *o) {
  static const char *const starts[] = {"start", "begin", NULL};
  const json_t *held =
      dbf__rx_rec_conf(x, key) > CONF_CROSS ? dbf__rec_value(x->ctx->record, key) : NULL;
  const char *a = json_string_value(json_object_get(o, "action"));
  const char *due = json_string_value(json_object_get(o, "due"));
  const char *who = json_string_value(json_object_get(o, "owner"));
  if (!a || json_array_size(held) == 0)
    return false;
  const char *p = a, *v = next_word(&p);
  if (v && due && who && strlen(due) == 7 && dbf__tx_word_in(v, (size_t)(p - v), starts) &&
      (!strcmp(who, "us") || !strcmp(who, "we")))
    return true;
  size_t i;
  const json_t *h;
  json_array_foreach(held, i, h) {
    const char *hd = json_string_value(json_object_get(h, "due"));
    const char *ha = json_string_value(json_object_get(h, "action"));
    if (due && hd && ha && !strcmp(due, hd) && share_object_word(a, ha))
      return true;
  }
  return false;
}

void dbf__rule_action_items(dbf__rx *x, const dbf_template_field *f, bool targeted) {
  static const char *const preps[] = {" by",     " on", " before", " until",    " no later than",
                                      " within", " in", " at",     " sometime", " around",
                                      " for",    NULL};
  if (targeted && x->negative && !lists_after_none(x))
    return;
  json_t *arr = json_array();
  if (!arr)
    return;
  dbf__date dates[MAX_DATES];
  size_t nd = dbf__date_scan(x->s, x->n, &x->ref, true, dates, MAX_DATES);
  nd = anchored_dates(x, dates, nd, MAX_DATES);
  size_t labels = 0; /* "the Q3 figures" name no date */
  for (size_t di = 0; di < nd; di++)
    if (period_as_label(x, &dates[di]))
      labels++;
    else
      dates[di - labels] = dates[di];
  nd -= labels;
  dbf_span fix[MAX_DATES];
  size_t nfix = corrected_dates(x, dates, nd, fix);
  /* The sentences, a run of notes split into its notes (split_notes). */
  size_t cap = x->n_sent * 8 + 1, np = 0;
  dbf_span *piece = malloc(cap * sizeof *piece);
  size_t *piece_si = malloc(cap * sizeof *piece_si);
  bool *listed = malloc(cap * sizeof *listed);
  if (!piece || !piece_si || !listed) {
    free(piece);
    free(piece_si);
    free(listed);
    json_decref(arr);
    return;
  }
  for (size_t si = 0; si < x->n_sent; si++) {
    size_t n = targeted ? split_numbered(x, x->sent[si], dates, nd, piece + np, 8) : 0;
    bool numbered = n > 0;
    if (n == 0 && targeted)
      n = split_notes(x, x->sent[si], dates, nd, piece + np, 8);
    if (n == 0 || (n == 1 && !numbered)) {
      piece[np] = x->sent[si];
      n = 1;
    }
    for (size_t k = 0; k < n; k++) {
      listed[np] = numbered;
      piece_si[np++] = si;
    }
  }
  for (size_t pc = 0; pc < np; pc++) {
    dbf_span sent = piece[pc];
    size_t si = piece_si[pc];
    step_start st[8];
    size_t ns = find_step_starts(x, sent, st, 8);
    size_t send = sent.off + sent.len;
    /* The repair of a date opens no step: the step before runs on to the
       date that replaces it. */
    if (nfix) {
      size_t kept = 0;
      for (size_t k = 0; k < ns; k++)
        if (!in_repair(fix, nd, st[k].off))
          st[kept++] = st[k];
      ns = kept;
    }
    dbf_span taken_back = {0, 0}; /* the thing of a step taken back */
    for (size_t k = 0; k < ns; k++) {
      size_t b = st[k].action, e = k + 1 < ns ? st[k + 1].off : send, lead = 0;
      /* A date that opens the next step's clause is that step's. */
      if (k + 1 < ns && lead_date(x, sent, st[k + 1].off, dates, nd, &lead) && lead > b)
        e = lead;
      if (b >= e)
        continue;
      /* "I'll draft the SOW, actually no, their counsel will": a step taken
         back before the next owner's is none; its thing goes to that step
         when the step only points back at it ("will draft it"). */
      static const char *const undo[] = {"actually no", "actually, no",      "but no",
                                         "no wait",     "no, wait",          "scratch that",
                                         "or rather",   "on second thought", NULL};
      size_t which = 0;
      size_t u = k + 1 < ns ? dbf__tx_find_any(x->s, e, b, undo, &which) : (size_t)-1;
      size_t ue = u != (size_t)-1 ? u + strlen(undo[which]) : e;
      while (ue < e && strchr(" ,", x->s[ue]))
        ue++;
      /* ... only when the next owner follows at once: "no wait, Friday"
         corrects a date, not the step. */
      if (u != (size_t)-1 && ue == e) {
        size_t ob = b;
        while (ob < u && x->s[ob] == ' ')
          ob++;
        while (ob < u && x->s[ob] != ' ')
          ob++; /* past the verb */
        taken_back = dbf__tx_trim(x->s, (dbf_span){ob, u - ob});
        while (taken_back.len && strchr(",;", x->s[taken_back.off + taken_back.len - 1]))
          taken_back.len--;
        continue;
      }
      if (dbf__tx_negated_before(x->s, st[k].off + 1, 1))
        continue;
      /* The due date: the first date inside the step, else one said before
         its owner at the start of its clause. */
      const dbf__date *first = NULL;
      const dbf__date *due = step_due(x, dates, nd, b, e, &first);
      if (!due)
        due = lead_date(x, sent, st[k].off, dates, nd, &lead);
      /* In passing only a dated step counts ("they agreed to a three-year
         term" is an outcome), and a bare verb of the customer's is a habit. */
      if ((!targeted || (st[k].needs_due && strcmp(st[k].owner, x->people.account) == 0)) &&
          (!due || due->prec == DBF_DATE_YEAR))
        continue;
      if ((!targeted || x->routed) &&
          (customer_decision(x, &st[k], b, e) || !person_owner(x, &st[k])))
        continue;
      size_t ae = first ? first->off : e; /* the action ends where a date starts */
      for (size_t di = 0; nfix && di < nd; di++)
        if (fix[di].len && dates[di].off >= b && dates[di].off < ae)
          ae = dates[di].off; /* ... or where the date taken back starts */
      if (st[k].action_end && st[k].action_end < ae)
        ae = st[k].action_end;
      dbf_span act = dbf__tx_trim(x->s, (dbf_span){b, ae - b});
      /* Drop the preposition that introduced the date and a trailing "and". */
      for (int guard = 0; guard < 3; guard++) {
        bool cut = false;
        /* ... and a reporting tail: "send the list by Friday, he said". */
        static const char *const tails[] = {" and",      " then",      ",",          " probably",
                                            " maybe",    " likely",    " hopefully", " he said",
                                            " she said", " they said", " he says",   " she says",
                                            " i think",  NULL};
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
      act = without_aside(x, act);
      /* "they'll decide by the 15th" is a decision date, not a task: an
         action has an object. */
      if (act.len == 0 || dbf__tx_word_count(x->s, act) > 25 ||
          (!targeted && dbf__tx_word_count(x->s, act) < 2))
        continue;
      json_t *o = json_object();
      if (!o)
        break;
      /* "Translate the whitepaper (our Tokyo office)": the team in brackets
         owns the step. */
      char team[96] = "";
      const char *ob = act.len > 6 ? memchr(x->s + act.off, '(', act.len) : NULL;
      if (ob && (size_t)(ob - x->s) + 5 < act.off + act.len && dbf__tx_ieqn(ob, "(our ", 5)) {
        size_t lim = act.off + act.len + 1 < x->n ? act.off + act.len + 1 : x->n;
        const char *close = memchr(ob, ')', lim - (size_t)(ob - x->s));
        if (close && close - ob > 5 && close - ob < 60) {
          snprintf(team, sizeof team, "%.*s", (int)(close - ob - 5), ob + 5);
          act = dbf__tx_trim(x->s, (dbf_span){act.off, (size_t)(ob - x->s) - act.off});
        }
      }
      if (team[0])
        snprintf(st[k].owner, sizeof st[k].owner, "%s", team);
      json_t *text = with_purpose(x, action_text(x, act), due, e);
      if (text && taken_back.len && action_substance(json_string_value(text)) == 2) {
        size_t vl = strcspn(json_string_value(text), " ");
        json_t *verb = json_stringn(json_string_value(text), vl);
        json_decref(text);
        text = verb ? with_object(x, verb, taken_back) : NULL;
      }
      taken_back = (dbf_span){0, 0};
      if (text && st[k].needs_due)
        text = base_form(text);
      if (text && !strchr(json_string_value(text), ' '))
        text = with_object(x, text, wanted_object(x, si, st[k].off));
      json_object_set_new(o, "action", text);
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
      if (targeted)
        verbless_tail(x, f, first, due, dates, nd, e, arr);
    }
    if (targeted)
      add_uncovered(x, f, sent, st, ns, dates, nd, fix,
                    listed[pc] || (pc > 0 && piece_si[pc - 1] == si) ||
                        (pc + 1 < np && piece_si[pc + 1] == si),
                    listed[pc], arr);
  }
  free(piece);
  free(piece_si);
  free(listed);
  if (targeted) {
    owner_only_steps(x, arr);
    owner_after_action(x, arr);
    telling_tails(arr);
  }
  for (size_t k = 0; k < json_array_size(arr);) {
    const char *a = json_string_value(json_object_get(json_array_get(arr, k), "action"));
    if ((a && speaker_away(a)) ||
        ((!targeted || x->routed) && recap_of_recorded(x, f->key, json_array_get(arr, k))))
      json_array_remove(arr, k);
    else
      k++;
  }
  drop_empty_steps(arr);
  dbf__rx_put(x, f->key, arr, targeted ? dbf__rx_hedge(x, CONF_TARGET) : CONF_CROSS, false);
}

static bool is_letter(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

/* Sentences made of steps: the first step opens the sentence. */
/* Is date d over before the meeting: "they came in last month" tells what
   happened, no step to take. A day compares by day, a month by month. */
static bool before_ref(const dbf__rx *x, const dbf__date *d) {
  int a = d->ymd.y * 12 + d->ymd.m, r = x->ref.y * 12 + x->ref.m;
  if (d->prec == DBF_DATE_MONTH)
    return a < r;
  return a < r || (a == r && d->ymd.d < x->ref.d);
}

bool dbf__claim_action_items(dbf__rx *x, const dbf_template_field *f, dbf_span sent, bool own) {
  (void)f;
  step_start st[8];
  size_t ns = find_step_starts(x, sent, st, 8);
  /* "They need to see where customers get stuck" states a need. */
  static const char *const needs[] = {"they need", "they have to", "they want", NULL};
  if (ns > 0 &&
      dbf__tx_find_any(x->s,
                       st[0].off + 16 < sent.off + sent.len ? st[0].off + 16 : sent.off + sent.len,
                       st[0].off, needs, NULL) == st[0].off)
    ns = 0;
  if (ns > 0 && st[0].needs_due) {
    /* A step found by its owner and a bare verb counts with a due date. */
    dbf__date d[4];
    size_t e = ns > 1 ? st[1].off : sent.off + sent.len;
    size_t nd = dbf__date_scan(x->s + st[0].action, e - st[0].action, &x->ref, true, d, 4);
    bool dated = false;
    for (size_t i = 0; i < nd; i++)
      dated = dated || (!d[i].negated && d[i].prec != DBF_DATE_YEAR && !before_ref(x, &d[i]));
    if (!dated)
      ns = 0;
  }
  if (ns == 0)
    return false;
  if (own)
    return true;
  size_t p = sent.off;
  while (p < st[0].off && !is_letter(x->s[p]))
    p++;
  static const char *const joins[] = {"so", "then", "and", "also", "first", NULL};
  const char *const *lists[] = {k_step_leads, joins};
  bool led = false;
  for (size_t li = 0; li < 2 && !led; li++)
    for (size_t k = 0; lists[li][k] && !led; k++) {
      size_t l = strlen(lists[li][k]);
      if (p + l <= st[0].off && dbf__tx_ieqn(x->s + p, lists[li][k], l)) {
        p += l;
        while (p < st[0].off && !is_letter(x->s[p]))
          p++;
        led = true;
      }
    }
  if (p == st[0].off)
    return true;
  /* "Their IT lead, Raj Patel, will review ...": the owner's role in
     apposition before the owner. */
  size_t q = st[0].off;
  while (q > p && x->s[q - 1] == ' ')
    q--;
  if (q == p || x->s[q - 1] != ',' || dbf__tx_word_count(x->s, (dbf_span){p, q - p}) > 5)
    return false;
  for (size_t i = 0; i < x->n_persons; i++)
    if (x->persons[i].off == st[0].off && x->persons[i].role[0])
      return true;
  return false;
}

bool dbf__rx_is_step(dbf__rx *x, dbf_span sp) {
  step_start st[2];
  return find_step_starts(x, sp, st, 2) > 0 && st[0].off <= sp.off + 4;
}
