/*
 * money.c - the "money" kind: an amount and currency, preferring one
 * near a budget cue and the value a correction states last.
 */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "engine/lexicon.h"
#include "engine/rules/registry.h"
#include "engine/rules/rules.h"
#include "engine/money.h"
#include "engine/parse_money.h"

/* ------------------------------------------------------------------ money */

static const char *const k_budget_cues[] = {"budget",
                                            "budgeted",
                                            "set aside",
                                            "put aside",
                                            "kept aside",
                                            "allocated",
                                            "allocation",
                                            "earmarked",
                                            "spend",
                                            "approved",
                                            "funding",
                                            "funds",
                                            "ceiling",
                                            "cap",
                                            "up to",
                                            "afford",
                                            "willing to pay",
                                            "can pay",
                                            "pay",
                                            "invest",
                                            "deal size",
                                            "deal value",
                                            "worth",
                                            "contract",
                                            "acv",
                                            "arr",
                                            "total",
                                            "annual",
                                            "per year",
                                            "a year",
                                            "go above",
                                            "go over",
                                            "go beyond",
                                            "go higher than",
                                            NULL};

/* Cues that say the amount is what the customer can spend, not a figure
   around it: "their ceiling is £48k", "that's what they have". */
static const char *const k_budget_strong[] = {
    "budget",         "budgeted",    "ceiling",        "cap",        "set aside",
    "put aside",      "kept aside",  "earmarked",      "allocated",  "afford",
    "what they have", "has in mind", "have in mind",   "max",        "maximum",
    "no more than",   "limit",       "willing to pay", "can pay",    "can spend",
    "approved",       "put down",    "stay under",     "stay below", "keep it under",
    "keep it below",  NULL};

/* The seller's side of the table, or what the deal came to: "we quoted",
   "we came in at", "we're at", "the signed contract came in at". */
static const char *const k_our_price[] = {
    "we quoted",    "came in at",   "our quote",      "our price",        "our pricing",
    "our bid",      "we proposed",  "we offered",     "we're at",         "we are at",
    "we priced",    "our offer",    "we were at",     "list price",       "we pitched",
    "our proposal", "final price",  "final quote",    "final contract",   "signed at",
    "price agreed", "agreed price", "agreed a price", "agreed the price", NULL};

/* A figure they pay now, which the new deal's amount replaces. */
static const char *const k_baseline[] = {"current",        "currently", "used to", "last year",
                                         "at the moment",  "right now", "today",   "existing",
                                         "this year it's", NULL};

/* A figure said first and then taken back ("she first said 2m then came
   down", "they originally said 80k"): words that mark it as the earlier
   one. */
static const char *const k_superseded[] = {"first said",
                                           "initially said",
                                           "originally said",
                                           "first mentioned",
                                           "initially mentioned",
                                           "originally mentioned",
                                           NULL};

/* The part of a wider figure that is the deal's: "the software slice is maybe 90k",
   "our share of it is about 80k". */
static const char *const k_share[] = {"slice", "share", "portion", "our part", "our bit", NULL};

/* "6 million for the year, but that covers all works, not just IT": an amount
   the rest of its sentence says covers more than the deal. */
static bool wider_after(const dbf__rx *x, const dbf__money *m) {
  static const char *const wider[] = {"not just", "not only", "all works", "everything", NULL};
  dbf_span sent = dbf__rx_sentence_of(x, m->off);
  size_t e = m->off + m->len, se = sent.off + sent.len;
  return e < se && dbf__rx_span_has_any(x, (dbf_span){e, se - e}, wider);
}

/* "maybe up to 22k if the pilot pays back": a higher figure that hangs on a
   condition said within a few words after it, in its clause, before any
   other figure. */
static bool conditional_after(const dbf__rx *x, const dbf__money *m) {
  static const char *const cond[] = {"if", "provided", "assuming", "depending", "subject to", NULL};
  dbf_span cl = dbf__rx_clause_of(x, m->off);
  size_t e = m->off + m->len, ce = cl.off + cl.len, w = e;
  for (int k = 0; k < 6 && cl.len > 0 && w < ce; k++) {
    while (w < ce && !dbf__tx_isalnum((unsigned char)x->s[w]))
      w++;
    size_t we = w;
    while (we < ce && dbf__tx_isalnum((unsigned char)x->s[we]))
      we++;
    if (we > w && x->s[w] >= '0' && x->s[w] <= '9')
      return false; /* the next figure's condition */
    if (we > w && dbf__tx_word_in(x->s + w, we - w, cond))
      return true;
    w = we;
  }
  return false;
}

/* An amount worked out from the one before it, a conversion or a share
   ("2.4 million zloty, so roughly like 550 thousand euro", "3.6M over
   three years. So 1.2M a year", "₹4 crore, that's about $500k", "900k CHF
   (around a million dollars)"): a word that points back to the amount
   before, then only hedges. */
static const char *const k_restate[] = {"so",      "that's", "thats", "that", "which",
                                        "which's", "i.e.",   "ie",    "or",   "equals",
                                        "=",       "(",      NULL};
static const char *const k_restate_hedge[] = {
    "roughly", "about",     "around", "approximately", "approx", "like", "some",
    "maybe",   "basically", "just",   "more",          "less",   "or",   "is",
    "comes",   "to",        "works",  "out",           "call",   "it",   "~",
    "circa",   "ca",        "nearly", "almost",        "close",  NULL};

/* The word or sign ending at end (after spaces and commas); its start in *b. */
static size_t word_before(const char *s, size_t lo, size_t end, size_t *b) {
  while (end > lo && (s[end - 1] == ' ' || s[end - 1] == ','))
    end--;
  size_t e = end;
  if (e > lo && (s[e - 1] == '(' || s[e - 1] == '=' || s[e - 1] == '~')) {
    *b = e - 1;
    return 1;
  }
  while (e > lo && (dbf__tx_isalnum((unsigned char)s[e - 1]) || s[e - 1] == '\'' ||
                    s[e - 1] == '.' || (unsigned char)s[e - 1] >= 0x80))
    e--;
  *b = e;
  return end - e;
}

/* True when amount i is said as a restatement of amount i - 1. */
static bool restated(const dbf__rx *x, const dbf__money *m, size_t i) {
  if (i == 0 || m[i - 1].off + m[i - 1].len > m[i].off ||
      m[i].off - (m[i - 1].off + m[i - 1].len) > 120)
    return false;
  size_t lo = m[i - 1].off + m[i - 1].len, end = m[i].off;
  for (int k = 0; k < 6 && end > lo; k++) {
    size_t b = 0, l = word_before(x->s, lo, end, &b);
    if (!l)
      return false;
    /* "..., is around $350k": a bare "is" after a comma restates. */
    size_t q = b;
    while (q > lo && x->s[q - 1] == ' ')
      q--;
    if (l == 2 && dbf__tx_ieqn(x->s + b, "is", 2) && q > lo && x->s[q - 1] == ',')
      return true;
    /* "more or less" hedges; "..., or about €550k" restates. */
    size_t pb = 0, pl = word_before(x->s, lo, b, &pb);
    bool more_or =
        l == 2 && dbf__tx_ieqn(x->s + b, "or", 2) && pl == 4 && dbf__tx_ieqn(x->s + pb, "more", 4);
    if (!more_or && dbf__tx_word_in(x->s + b, l, k_restate))
      return true;
    if (!dbf__tx_word_in(x->s + b, l, k_restate_hedge))
      return false;
    end = b;
  }
  return false;
}

/* Words that settle on one figure after a rough one: "then said to plan on
   300k", "they'll land around 175", "signed off 240 thousand", "19.5k all
   up". */
static const char *const k_settled[] = {
    "then",   "later",      "land",      "landing",   "plan on",    "planning on",
    "settle", "settled",    "settle on", "corrected", "signed off", "all up",
    "all in", "in the end", "ended up",  "final",     "finally",    "firm",
    "landed", "let's say",  "lets say",  "call it",   NULL};

/* "the CFO signs anything over 50k", "the board approves anything above
   €250k": a sign-off threshold, not what they have. */
static const char *const k_threshold[] = {"anything over ",
                                          "anything above ",
                                          "anything beyond ",
                                          "anything more than ",
                                          "anything north of ",
                                          "anything upwards of ",
                                          NULL};
static const char *const k_sign_off[] = {
    "sign",          "signs",          "signed",    "sign off",
    "signs off",     "sign-off",       "approve",   "approves",
    "approval",      "bless",          "blesses",   "rubber-stamp",
    "rubber-stamps", "rubber-stamped", "last word", "sign-offs",
    "countersign",   "countersigns",   NULL};

/* "Like I said, 95k max" after "95 thousand euro" earlier: the currency
   of the amount the record already holds for key, or NULL. */
static const char *held_currency(const dbf__rx *x, const char *key) {
  const json_t *e = json_is_object(x->ctx->record) ? json_object_get(x->ctx->record, key) : NULL;
  const char *c = json_string_value(json_object_get(json_object_get(e, "value"), "currency"));
  return c && strlen(c) == 3 ? c : NULL;
}

/* Currencies that share a sign or a name with the first of each line,
   which a bare "$", "pesos", "rupees", "kroner" or "francs" means unless
   the answer says which: "$", "dollars" (pesos are written with "$" too),
   "pesos", "rupees" and "Rs", "kroner" and "kr", "pounds", "francs",
   "shillings". */
static const char *const k_sign_families[] = {
    "USD AUD CAD NZD SGD HKD TWD JMD BBD BSD BZD BMD KYD TTD FJD XCD LRD GYD SRD NAD BND MXN "
    "CLP COP ARS UYU DOP",
    "MXN CLP COP ARS PHP UYU DOP CUP",
    "INR LKR PKR NPR MUR SCR",
    "NOK DKK SEK ISK",
    "GBP EGP LBP SYP GIP FKP SHP",
    "CHF XOF XAF XPF BIF CDF DJF GNF KMF RWF",
    "KES UGX TZS SOS",
    NULL};

/* Words inside an amount that already say which of its family it is
   ("US$", "American dollars", "Indian rupees"). */
static const char *const k_sign_qualified[] = {"us",     "u.s.",      "american", "mexican",
                                               "indian", "norwegian", "british",  "sterling",
                                               "swiss",  "kenyan",    NULL};

/* Is the word right after the amount m, past spaces and one comma, a name
   of code on its own ("Canadian", "Australian")? */
static bool sign_qualified_after(const dbf__rx *x, const dbf__money *m, const char *code) {
  size_t p = m->off + m->len, commas = 0;
  while (p < x->n && (x->s[p] == ' ' || x->s[p] == ',') && commas <= 1)
    commas += x->s[p++] == ',';
  size_t e = p;
  while (e < x->n && dbf__tx_isalnum((unsigned char)x->s[e]))
    e++;
  char w[32];
  if (commas > 1 || e == p || e - p >= sizeof w)
    return false;
  memcpy(w, x->s + p, e - p);
  w[e - p] = '\0';
  const char *c = dbf_money_text_code(w);
  return c && !strcmp(c, code);
}

/*
 * "$90k for the pilot, NZD of course", "3 million pesos, Colombian pesos
 * I mean": an amount written with a shared sign or name takes the
 * member of its family that the answer names on its own, outside every
 * amount. cur is updated in place; a sign the amount itself qualifies
 * ("US$", "the ISO code") stays.
 */
static void qualify_sign(const dbf__rx *x, const dbf__money *all, size_t cnt, const dbf__money *m,
                         const char *key, char cur[4]) {
  const char *fam = NULL;
  for (size_t k = 0; k_sign_families[k] && !fam; k++)
    if (!strncmp(k_sign_families[k], cur, 3))
      fam = k_sign_families[k];
  if (!fam)
    return;
  dbf_span own = {m->off, m->len};
  if (own.off > 0 && x->s[own.off - 1] == '$') {
    own.off--;
    own.len++;
  }
  if (dbf__rx_span_has_any(x, own, k_sign_qualified))
    return;
  for (size_t p = own.off; p + 3 <= own.off + own.len; p++)
    if (dbf__tx_ieqn(x->s + p, cur, 3))
      return;
  char buf[2048];
  size_t n = x->n < sizeof buf - 1 ? x->n : sizeof buf - 1;
  memcpy(buf, x->s, n);
  buf[n] = '\0';
  for (size_t i = 0; i < cnt; i++)
    for (size_t p = all[i].off > 0 ? all[i].off - 1 : 0; p < all[i].off + all[i].len && p < n; p++)
      if (p >= all[i].off || buf[p] == '$')
        buf[p] = ' ';
  const char *code = dbf_money_text_code(buf);
  /* "DKK 2.4m" said before, "2.4 million kroner" now: a sign the answer
     leaves open, read as its family's first member, keeps the member the
     record holds; a name of one member ("kronor") is no open sign. */
  const char *held = held_currency(x, key);
  if ((!code || !strstr(fam, code)) && fam == strstr(fam, cur) && held && strcmp(held, cur) &&
      strstr(fam, held)) {
    memcpy(cur, held, 4);
    return;
  }
  if (!code || !strcmp(code, cur) || !strstr(fam, code))
    return;
  /* The code itself or a name of the money ("Chilean pesos"), not a
     country's adjective alone ("the Canadian office"). */
  static const char *const money_words[] = {
      "dollar", "dollars", "peso",   "pesos", "rupee",  "rupees",   "krone",  "kroner",    "kronor",
      "krona",  "pound",   "pounds", "franc", "francs", "shilling", "crowns", "shillings", NULL};
  bool said = dbf__tx_find_word(buf, n, 0, code) != (size_t)-1;
  for (size_t k = 0; money_words[k] && !said; k++)
    said = dbf__tx_find_word(buf, n, 0, money_words[k]) != (size_t)-1;
  /* "$2.5M, Canadian, out of the province's grant", "sixty thousand
     dollars Australian": the country's adjective as the very next word after the
     amount qualifies it, as "Canadian dollars" would. */
  said = said || sign_qualified_after(x, m, code);
  if (said)
    memcpy(cur, code, 4);
}

static json_t *money_value(dbf__rx *x, const dbf__money *m) {
  char cur[4];
  memcpy(cur, m->currency, 4);
  if (!cur[0])
    memcpy(cur, dbf_money_default_currency(x->ctx->subject), 4);
  double a = m->amount;
  json_t *amt = (a == floor(a) && a < 9e15) ? json_integer((json_int_t)a) : json_real(a);
  return json_pack("{s:o, s:s}", "amount", amt, "currency", cur);
}

/* A cue of words in the clause of the amount at off ("only about $600K of
   it is earmarked", against "a $2.3 million grant" before it). */
static bool cue_in_clause(const dbf__rx *x, size_t off, const char *const *words) {
  dbf_span cl = dbf__rx_clause_of(x, off);
  return cl.len > 0 && dbf__rx_span_has_any(x, cl, words);
}

/* How far a cue at [c, ce) is from the amount a: the characters between
   them, counted half again when the cue follows the amount, as the words that
   describe a figure are mostly said before it ("budget was 700k"). */
static size_t cue_gap(size_t c, size_t ce, const dbf__money *a) {
  if (ce <= a->off)
    return a->off - ce;
  return c >= a->off + a->len ? 3 * (c - (a->off + a->len)) / 2 : 0;
}

/* Words that open a cue on a new speaker's side ("our quote", "we
   proposed"), or, just before it, a new noun phrase ("the ceiling", "their
   budget"): such a cue speaks of the figure after it. */
static const char *const k_cue_openers[] = {"we", "we're", "we'd", "our", "they", "their",
                                            "i",  "my",    "she",  "he",  NULL};
static const char *const k_cue_determiners[] = {"the", "their", "our", "my", "his",
                                                "her", "this",  "its", NULL};

/* "€80k a month was the ceiling they named": a figure followed by a
   copula is the subject of the words after it. */
static bool copula_after(const dbf__rx *x, const dbf__money *a) {
  static const char *const copulas[] = {"is", "was", "are", "were", "being", NULL};
  size_t p = a->off + a->len;
  while (p < x->n && !dbf__tx_isalnum((unsigned char)x->s[p]) && x->s[p] != ' ')
    p++; /* "/yr" */
  while (p < x->n && dbf__tx_isalnum((unsigned char)x->s[p]))
    p++;
  while (p < x->n && x->s[p] == ' ')
    p++;
  size_t e = p;
  while (e < x->n && dbf__tx_isalnum((unsigned char)x->s[e]))
    e++;
  return e > p && dbf__tx_word_in(x->s + p, e - p, copulas);
}

/*
 * Like cue_in_clause for amount i of m[0..cnt), but a cue counts only for
 * the amount nearest to it in the clause (cue_gap), a tie going to the
 * amount after the cue. Said without punctuation, one clause can hold the
 * whole answer ("the shop has 30k we priced it at 36k", "the cap is 90
 * thousand our current vendor charges 70"): each figure then takes the
 * words around it, not those of its neighbour. A cue opened by a pronoun
 * goes to the next amount when there is one, and a cue said after another
 * figure ("budget 5m sorry 4.5m 5 was our price") is never an earlier one's.
 */
static bool cue_nearest(const dbf__rx *x, const dbf__money *m, size_t cnt, size_t i,
                        const char *const *words) {
  dbf_span cl = dbf__rx_clause_of(x, m[i].off);
  size_t ce = cl.off + cl.len, which = 0, me = m[i].off + m[i].len;
  for (size_t p = cl.off, at;
       cl.len > 0 && (at = dbf__tx_find_any(x->s, ce, p, words, &which)) != (size_t)-1;
       p = at + 1) {
    size_t end = at + strlen(words[which]), d = cue_gap(at, end, &m[i]);
    size_t fe = at;
    while (fe < end && x->s[fe] != ' ')
      fe++;
    dbf_span wb = dbf__tx_word_before(x->s, at);
    bool opener = (dbf__tx_word_in(x->s + at, fe - at, k_cue_openers) ||
                   (wb.len > 0 && dbf__tx_word_in(x->s + wb.off, wb.len, k_cue_determiners))) &&
                  !(m[i].off < at && copula_after(x, &m[i])),
         mine = true;
    for (size_t q = me; q < at && mine; q++)
      mine = !(x->s[q] >= '0' && x->s[q] <= '9' && !dbf__tx_isalnum((unsigned char)x->s[q - 1]));
    for (size_t j = 0; j < cnt && mine; j++) {
      if (j == i || m[j].off < cl.off || m[j].off >= ce)
        continue;
      size_t dj = cue_gap(at, end, &m[j]);
      mine = !(dj < d || (dj == d && m[j].off > m[i].off) ||
               (opener && m[j].off >= end && m[i].off < end));
    }
    if (mine)
      return true;
  }
  return false;
}

/* "€120k for the first year, then about 90k a year after that": a figure
   its own words, said after it and before any other figure, place from
   the second year on. The first year's figure is what they have. */
static bool later_years_after(const dbf__rx *x, const dbf__money *m, size_t next) {
  static const char *const later[] = {"after that",           "thereafter",
                                      "from year two",        "from year 2",
                                      "from the second year", "in later years",
                                      "from then on",         "each year after",
                                      "every year after",     NULL};
  dbf_span cl = dbf__rx_clause_of(x, m->off);
  size_t e = m->off + m->len, ce = cl.off + cl.len;
  if (next > e && next < ce)
    ce = next;
  return cl.len > 0 && e < ce && dbf__rx_span_has_any(x, (dbf_span){e, ce - e}, later);
}

/*
 * "between 120 and 150k euros ... Marc said 'closer to 120'", "between 150
 * and 200k ... they'll land around 175": a range narrowed after it to one
 * figure, said bare at the range's scale. Sets
 * *out to that figure; false when the answer narrows nothing.
 */
static bool narrowed(const dbf__rx *x, const dbf__money *r, double *out) {
  static const char *const near[] = {
      "closer to ",      "nearer to ",   "nearer ",    "more like ", "leaning towards ",
      "leaning toward ", "land around ", "land at ",   "land on ",   "landing around ",
      "settle around ",  "settle at ",   "settle on ", NULL};
  size_t which = 0;
  size_t at = dbf__tx_find_any(x->s, x->n, r->off + r->len, near, &which);
  if (at == (size_t)-1)
    return false;
  size_t p = at + strlen(near[which]);
  double n = 0;
  size_t digits = 0;
  while (p < x->n && x->s[p] >= '0' && x->s[p] <= '9' && digits < 6) {
    n = n * 10 + (x->s[p++] - '0');
    digits++;
  }
  if (digits == 0 || (p < x->n && dbf__tx_isalnum((unsigned char)x->s[p])) || n <= 0)
    return false;
  /* The scale that puts it beside the range's top ("120" of "150k"). */
  for (double scale = 1; scale <= 1e6; scale *= 1000)
    if (n * scale <= r->amount && n * scale * 2 > r->amount) {
      *out = n * scale;
      return true;
    }
  return false;
}

/*
 * "they have 2m approved, stretching to 2.3", "$45k, can go as high as
 * 52": a higher bare figure said right after the amount as how far they
 * will go is the ceiling, at the amount's scale. One hedged before it
 * ("maybe stretch to") or hanging on a condition after it ("if the pilot
 * works") leaves the amount. Sets *out; false when no such figure follows b.
 */
static bool stretched(const dbf__rx *x, const dbf__money *b, double *out) {
  static const char *const up[] = {"stretching to ",
                                   "stretch to ",
                                   "stretches to ",
                                   "could go to ",
                                   "can go to ",
                                   "could go up to ",
                                   "can go up to ",
                                   "go as high as ",
                                   "push to ",
                                   "pushing to ",
                                   NULL};
  static const char *const hedges[] = {"maybe", "might", "perhaps", "possibly", "probably", NULL};
  if (b->range || b->per_unit || b->amount < 1e3)
    return false;
  /* The run-on splitter may end a sentence at "and told me"; the stop
     marks and the word count keep the figure close instead. */
  size_t se = x->n, from = b->off + b->len, which = 0;
  size_t at = dbf__tx_find_any(x->s, se, from, up, &which);
  if (at == (size_t)-1 || dbf__tx_word_count(x->s, (dbf_span){from, at - from}) > 8)
    return false;
  for (size_t p = from; p < at; p++)
    if ((x->s[p] >= '0' && x->s[p] <= '9') || strchr(".!?;\n", x->s[p]))
      return false;
  if (dbf__rx_span_has_any(x, (dbf_span){from, at - from}, hedges))
    return false;
  size_t p = at + strlen(up[which]);
  double n = 0, frac = 0;
  size_t digits = 0;
  while (p < se && x->s[p] >= '0' && x->s[p] <= '9' && digits < 6) {
    n = n * 10 + (x->s[p++] - '0');
    digits++;
  }
  if (digits && p + 1 < se && x->s[p] == '.' && x->s[p + 1] >= '0' && x->s[p + 1] <= '9')
    for (double w = 0.1; ++p < se && x->s[p] >= '0' && x->s[p] <= '9' && w > 1e-4; w /= 10)
      frac += (x->s[p] - '0') * w;
  n += frac;
  if (digits == 0 || (p < se && dbf__tx_isalnum((unsigned char)x->s[p])) || n <= 0)
    return false;
  /* "if the payback holds": the figure's own condition. */
  dbf__money fig = *b;
  fig.off = at + strlen(up[which]);
  fig.len = p - fig.off;
  if (conditional_after(x, &fig))
    return false;
  for (double scale = 1; scale <= 1e9; scale *= 1000)
    if (n * scale > b->amount && n * scale <= b->amount * 1.5) {
      *out = round(n * scale * 1e3) / 1e3; /* 2.65 million, not 2649999.99 */
      return true;
    }
  return false;
}

/*
 * "one point two million dollars, sorry, one point one five", "$2.4M - no,
 * 2.1": a bare figure right after a correction repairs the amount before it
 * and keeps its scale and currency. Sets *out; false when no such repair
 * follows b.
 */
static bool bare_repair(const dbf__rx *x, const dbf__money *b, dbf__money *out) {
  if (b->amount < 1e3)
    return false;
  dbf_span sent = dbf__rx_sentence_of(x, b->off);
  size_t se = sent.off + sent.len, from = b->off + b->len;
  size_t cue_len = 0;
  size_t at = dbf__rx_find_correction(x, se, from, &cue_len);
  /* "seventy five thousand dollars no eighty five": a dictated bare "no"
     right after the figure, before a number. */
  size_t q = from;
  while (q < se && x->s[q] == ' ')
    q++;
  int nv = 0;
  size_t again = at == (size_t)-1 ? dbf__rx_past_repair(x, q, se) : (size_t)-1;
  if (again != (size_t)-1 && again < se &&
      ((x->s[again] >= '0' && x->s[again] <= '9') || dbf__tx_number_word_at(x->s, again, se, &nv)))
    at = q;
  /* "₪250,000 set aside. Wait, no, she said 270": a correction that opens
     the next sentence repairs a figure said in full. */
  if (at == (size_t)-1 && se < x->n) {
    size_t ns = se;
    while (ns < x->n && strchr(" .!?\n", x->s[ns]))
      ns++;
    dbf_span next = dbf__rx_sentence_of(x, ns);
    at = dbf__rx_find_correction(x, next.off + next.len, ns, &cue_len);
    if (at != ns)
      return false;
    se = next.off + next.len;
    from = ns;
  } else if (!b->multiplier)
    return false;
  if (at == (size_t)-1 || at > from + 24)
    return false;
  /* "wait, no, 270": cues run on. */
  size_t p = dbf__rx_past_repair(x, at, se);
  if (p == (size_t)-1)
    return false;
  /* "no, he said 270": who said it opens no figure. */
  /* "actually, the CFO corrected him: 240": who made the repair, a few
     words ending in "corrected" and whom, opens no figure either. */
  size_t by = dbf__tx_find_word(x->s, p + 40 < se ? p + 40 : se, p, "corrected");
  if (by != (size_t)-1 && dbf__tx_word_count(x->s, (dbf_span){p, by - p}) <= 3) {
    size_t r = by + strlen("corrected");
    while (r < se && x->s[r] == ' ')
      r++;
    while (r < se && dbf__tx_isalnum((unsigned char)x->s[r]))
      r++;
    while (r < se && x->s[r] == ' ')
      r++;
    /* Dictated, with no mark after whom: the figure or "it's" follows. */
    int rv = 0;
    if (r < se && strchr(",:-", x->s[r])) {
      while (r < se && strchr(" ,:-", x->s[r]))
        r++;
      p = r;
    } else if (r < se &&
               ((x->s[r] >= '0' && x->s[r] <= '9') || dbf__tx_number_word_at(x->s, r, se, &rv) ||
                (r + 5 <= se && dbf__tx_ieqn(x->s + r, "it's ", 5))))
      p = r;
  }
  static const char *const said[] = {"he said ", "she said ", "they said ", "it was ",
                                     "it's ",    "it is ",    NULL};
  for (size_t k = 0; said[k]; k++)
    if (p + strlen(said[k]) <= se && dbf__tx_ieqn(x->s + p, said[k], strlen(said[k])))
      p += strlen(said[k]);
  size_t e = p;
  while (e < se && !strchr(",.;!?\n", x->s[e]))
    e++;
  /* "1.15" ends with its decimal point's digits, not the sentence's dot. */
  while (e < se && x->s[e] == '.' && e + 1 < se && x->s[e + 1] >= '0' && x->s[e + 1] <= '9') {
    e++;
    while (e < se && !strchr(",.;!?\n", x->s[e]))
      e++;
  }
  /* "no 1.6 for the retrofit": a run-on repair ends with its last number
     word or figure ("three point one", "two hundred and ten", "three and a
     half"); a joining word is no end of its own, so "240 a year" is 240
     and "a bit more" is no figure at all. */
  static const char *const k_spoken_joins[] = {"and", "point", "a", NULL};
  static const char *const k_spoken_ends[] = {"hundred", "half", NULL};
  size_t last = p;
  for (size_t w = p; w < e;) {
    while (w < e && x->s[w] == ' ')
      w++;
    size_t we = w;
    while (we < e && x->s[we] != ' ')
      we++;
    if (we == w)
      break;
    int wv = 0;
    bool value = (x->s[w] >= '0' && x->s[w] <= '9') ||
                 dbf__tx_number_word_at(x->s, w, we, &wv) == we - w ||
                 dbf__tx_word_in(x->s + w, we - w, k_spoken_ends);
    if (value)
      last = we;
    else if (!dbf__tx_word_in(x->s + w, we - w, k_spoken_joins))
      break;
    w = we;
  }
  e = last;
  if (e <= p || e - p > 40)
    return false;
  const char *scale = b->amount >= 1e9 ? " billion" : b->amount >= 1e6 ? " million" : " thousand";
  char buf[64];
  snprintf(buf, sizeof buf, "%.*s%s", (int)(e - p), x->s + p, scale);
  dbf__money r[2];
  size_t n = dbf__money_scan(buf, strlen(buf), true, r, 2);
  /* The figure alone, so the scale said before is the one it takes. */
  if (n != 1 || r[0].off != 0 || r[0].len != strlen(buf) || r[0].currency[0] ||
      r[0].amount < b->amount / 2 || r[0].amount > b->amount * 2)
    return false;
  *out = *b;
  out->amount = r[0].amount;
  out->off = p;
  out->len = e - p;
  return true;
}

/*
 * Is the amount at off negated by the words right before it? The "no" of a
 * correction cue ("no wait 140k", "no sorry 38k") takes back the amount
 * before the cue, not the one after it: only the words after the cue count.
 */
static bool negated_amount(const dbf__rx *x, size_t off) {
  size_t lb = off > 32 ? off - 32 : 0, len = 0, from = lb, cue_end = (size_t)-1;
  /* "actually no 380k", "sorry no wait 38k": dictated, the cue runs on in
     bare "no"s and fillers, which belong to it. */
  for (size_t at; (at = dbf__rx_find_correction(x, off, from, &len)) != (size_t)-1; from = at + 1)
    if (at + len <= off) {
      size_t past = dbf__rx_past_repair(x, at, off);
      cue_end = past != (size_t)-1 ? past : at + len;
    }
  size_t words = 3;
  if (cue_end != (size_t)-1) {
    size_t between = dbf__tx_word_count(x->s, (dbf_span){cue_end, off - cue_end});
    words = between < words ? between : words;
  }
  return words > 0 && dbf__tx_negated_before(x->s, off, words);
}

/*
 * "sixty no seventy thousand", "80k no 85k", "a hundred no a hundred and
 * twenty k": a spoken self-repair, a figure then a bare "no" right before
 * the amount at off. True when that "no" repairs the figure before it
 * rather than denying the amount.
 */
static bool no_repairs(const dbf__rx *x, size_t off) {
  dbf_span w = dbf__tx_word_before(x->s, off);
  size_t at = w.len == 1 && (x->s[w.off] | 32) == 'a' ? w.off : off; /* "no a hundred" */
  /* "no thirty thirty thousand": a restart repeats the figure's first word. */
  size_t fe = off;
  while (fe < x->n && dbf__tx_isalnum((unsigned char)x->s[fe]))
    fe++;
  if (at == off && w.len > 0 && w.len == fe - off && dbf__tx_ieqn(x->s + w.off, x->s + off, w.len))
    at = w.off;
  size_t from = 0;
  if (dbf__rx_bare_no_before(x, at, &from) == (size_t)-1)
    return false;
  dbf_span f = dbf__tx_word_before(x->s, from);
  if (f.len == 0)
    return false;
  static const char *const figures[] = {"k",     "m",       "hundred", "thousand", "grand",
                                        "thou",  "million", "billion", "lakh",     "lakhs",
                                        "crore", "crores",  NULL};
  int v = 0;
  for (size_t p = f.off; p < f.off + f.len; p++)
    if (x->s[p] >= '0' && x->s[p] <= '9')
      return true;
  /* "sixty thousand euro no fifty": the currency that ends the figure. */
  char cw[24];
  bool money_word = false;
  if (f.len < sizeof cw) {
    memcpy(cw, x->s + f.off, f.len);
    cw[f.len] = '\0';
    money_word = dbf_money_text_names_any(cw);
  }
  return money_word || dbf__tx_word_in(x->s + f.off, f.len, figures) ||
         dbf__tx_number_word_at(x->s, f.off, f.off + f.len, &v) == f.len;
}

/*
 * "62k... wait 68k", "between 30 and 40 wait 45 thousand": a bare "wait"
 * right before amount i, a few words after the amount before it, repairs
 * that amount as a correction cue would. Alone, "wait" is no cue ("they
 * will wait for the audit"); before a figure that follows another it is.
 */
static bool wait_repairs(const dbf__rx *x, const dbf__money *m, size_t i) {
  if (i == 0)
    return false;
  dbf_span w = dbf__tx_word_before(x->s, m[i].off);
  size_t pe = m[i - 1].off + m[i - 1].len;
  if (w.len != 4 || !dbf__tx_ieqn(x->s + w.off, "wait", 4) || pe > w.off)
    return false;
  return dbf__tx_word_count(x->s, (dbf_span){pe, w.off - pe}) <= 3;
}

void dbf__rule_money(dbf__rx *x, const dbf_template_field *f, bool targeted) {
  dbf__money m[MAX_MONEY];
  size_t cnt = dbf__money_scan(x->s, x->n, true, m, MAX_MONEY);
  int best = -1;
  double best_score = -1e9, prev_score = 0;
  size_t prev_i = (size_t)-1;       /* the last amount scored, and its score */
  bool viable[MAX_MONEY] = {false}; /* amounts that were scored */
  for (size_t i = 0; i < cnt; i++) {
    /* "won't go above €140,000" states a ceiling: a budget, not a negation. */
    static const char *const ceilings[] = {"above ",     "over ",   "beyond ",
                                           "more than ", "exceed ", NULL};
    bool ceiling = false;
    for (size_t k = 0; ceilings[k] && !ceiling; k++) {
      size_t l = strlen(ceilings[k]);
      ceiling = m[i].off >= l && dbf__tx_ieqn(x->s + m[i].off - l, ceilings[k], l);
    }
    bool no_repair = no_repairs(x, m[i].off) || wait_repairs(x, m, i);
    if (m[i].negated || (!ceiling && !no_repair && negated_amount(x, m[i].off)))
      continue;
    dbf_span sent = dbf__rx_sentence_of(x, m[i].off);
    if (dbf__tx_phrase_ends_at(x->s, m[i].off, k_threshold) &&
        dbf__rx_span_has_any(x, sent, k_sign_off))
      continue;
    bool cue = dbf__rx_span_has_any(x, sent, k_budget_cues) ||
               (dbf__tx_find_word(x->s, sent.off + sent.len, sent.off, f->key) != (size_t)-1);
    /* In passing, an amount needs a budget cue, and a currency or a
       multiplier ("around 80k a year"): a bare 5000 is a count. The scan
       has already dropped a figure before the things it counts ("12k
       members"). */
    if (!targeted && (!cue || m[i].per_unit || (!m[i].currency[0] && !m[i].multiplier)))
      continue;
    /* "phase one eur", "year two": a number that counts a period or a
       step names it, no amount. */
    static const char *const counted[] = {"year",  "phase", "stage", "tier",  "day",
                                          "month", "week",  "wave",  "round", NULL};
    dbf_span wb = dbf__tx_word_before(x->s, m[i].off);
    if (m[i].amount < 10 && !m[i].multiplier && wb.len > 0 &&
        dbf__tx_word_in(x->s + wb.off, wb.len, counted))
      continue;
    /* "£42k, sorry no, £38.5k": the amount after the correction cue; not
       one said again that the cue took back ("20k, sorry no, he said
       25k, 20k was the old quote"). */
    size_t corr_at = dbf__rx_correction_at(x, m[i].off);
    bool corrected = (corr_at != (size_t)-1 && m[i].off > corr_at) || no_repair;
    for (size_t j = 0; j < i && corrected; j++)
      corrected = !(m[j].off < corr_at && m[j].amount == m[i].amount);
    /* "R$ 1,8 milhão ... wait, he said 1.5, 1.8 was with the hardware. so
       1.5 million reais": after a correction, "so X" restates the figure
       corrected to, not one worked out from another. */
    bool derived = restated(x, m, i);
    /* "140k for software, another 20k for training, so 160k total": a sum
       said after its parts is the amount, the last word on it after a
       correction. */
    static const char *const sums[] = {"total",  "in total", "altogether",
                                       "all in", "combined", NULL};
    size_t se = m[i].off + m[i].len;
    dbf_span tail = {se, (se + 14 < x->n ? se + 14 : x->n) - se};
    bool sum = false;
    if (i > 0 && dbf__rx_span_has_any(x, tail, sums)) {
      derived = false;
      corrected = corrected || dbf__rx_find_correction(x, m[i].off, 0, NULL) != (size_t)-1;
      /* A total is larger than each part it adds up ("90k from the grant,
         30k from the trust, so 120k in total"); one no larger than a
         figure before it is a part of that figure, not their sum. */
      sum = true;
      for (size_t j = 0; j < i && sum; j++)
        sum = m[j].amount < m[i].amount;
    }
    if (derived && i > 0 &&
        dbf__rx_find_correction(x, m[i].off, m[i - 1].off + m[i - 1].len, NULL) != (size_t)-1) {
      corrected = true;
      derived = false;
    }
    /* "correction: the 300k covers the three years and the option, so
       about 75k a year": a figure worked out from one said after the same
       cue is no correction of its own; the figure it is worked out from is
       what the cue says. */
    if (derived && corr_at != (size_t)-1 && m[i - 1].off > corr_at)
      corrected = false;
    /* "between 80 and 100 thousand, so around 90": a point in the range
       before it narrows that range rather than working something out;
       "$89/store/month ... 64 stores = ~$68k/yr": a total worked out from
       a unit price is the amount, not a restatement of one. */
    if (derived && ((m[i - 1].range && m[i].amount <= m[i - 1].amount &&
                     (!m[i].currency[0] || !m[i - 1].currency[0] ||
                      !strcmp(m[i].currency, m[i - 1].currency))) ||
                    m[i - 1].per_unit))
      derived = false;
    /* Among several amounts, a correction's wins, the customer's budget
       beats the seller's price, a figure they pay now, one worked out from
       another and a bare count ("about 1,100 guards"); the later of two
       equals wins ("$90k to $110k. I'd put 110k down"). */
    /* "CHF 200,000. Correction: she said 240,000 with the uniforms": a
       correction restating a full figure of the size of an earlier one
       with a currency is no bare count. */
    bool bare = !m[i].currency[0] && !m[i].multiplier;
    for (size_t j = 0; j < i && bare && corrected; j++)
      bare =
          !(m[j].currency[0] && m[i].amount >= m[j].amount / 2 && m[i].amount <= m[j].amount * 2);
    bool later = later_years_after(x, &m[i], i + 1 < cnt ? m[i + 1].off : x->n);
    double score = (m[i].currency[0] ? 2 : 0) + (m[i].multiplier ? 1 : 0) + (cue ? 3 : 0) -
                   (m[i].per_unit ? 4 : 0) - (bare ? 6 : 0) -
                   (conditional_after(x, &m[i]) ? 2 : 0) +
                   (cue_nearest(x, m, cnt, i, k_budget_cues) ? 3 : 0) +
                   (cue_nearest(x, m, cnt, i, k_budget_strong) ? 3 : 0) -
                   (cue_nearest(x, m, cnt, i, k_our_price) ? 4 : 0) -
                   (cue_nearest(x, m, cnt, i, k_baseline) ? 3 : 0) - (derived ? 4 : 0) +
                   (cue_nearest(x, m, cnt, i, k_share) ? 4 : 0) -
                   (cue_nearest(x, m, cnt, i, k_superseded) ? 6 : 0) -
                   (wider_after(x, &m[i]) ? 9 : 0) - (later ? 4 : 0);
    /* "between 200 and 250 thousand, then the board signed off 240": after
       a figure said first, the one figure settled on. */
    bool said_before = false;
    for (size_t j = 0; j < i && !said_before; j++)
      said_before = m[j].off + m[j].len <= m[i].off;
    /* Not a price or contract value settled on ("final contract came in
       at 312k", "we came in at 64k then 21k/yr"): that is the deal, not
       what they have. */
    if (said_before && !m[i].range && !later && cue_in_clause(x, m[i].off, k_settled) &&
        !cue_in_clause(x, m[i].off, k_our_price))
      score += 6;
    /* The total takes the place of the parts before it, whatever cue each
       part had; the seller's total stays the seller's. */
    if (sum && !cue_nearest(x, m, cnt, i, k_our_price) && score <= best_score)
      score = best_score + 1;
    /* "we're at 265k... actually 262k": a correction takes the place of
       the figure it corrects, the seller's price still the seller's; one
       after a figure that was passed over wins as before. */
    if (corrected) {
      bool ours = i > 0 && prev_i == i - 1 && cue_nearest(x, m, cnt, i - 1, k_our_price) &&
                  !cue_nearest(x, m, cnt, i, k_budget_strong);
      score += ours ? (prev_score > score ? prev_score - score : 0) + 0.5 : 14;
    }
    prev_score = score;
    prev_i = i;
    viable[i] = true;
    if (score >= best_score) {
      best_score = score;
      best = (int)i;
    }
  }
  if (best < 0)
    return;
  /* "$210k in the plan. Actually no, 240, they found 30 grand more": a bare
     figure that repairs an earlier amount comes before whatever the
     correction goes on to add, so the repair wins over it; one naming the
     same figure again ("150 was the old quote") refers to what it takes
     back. */
  dbf__money rep;
  for (int j = 0; j < best; j++)
    if (viable[j] && bare_repair(x, &m[j], &rep) && rep.off > m[j].off && rep.off < m[best].off &&
        rep.amount != m[j].amount) {
      best = j;
      break;
    }
  dbf__money chosen = m[best];
  /* "somewhere between forty and fifty thousand ... under £40k": an amount
     said without its currency takes the one the answer names. */
  for (size_t i = 0; i < cnt && !chosen.currency[0]; i++)
    if (m[i].currency[0])
      memcpy(chosen.currency, m[i].currency, sizeof chosen.currency);
  /* "about 95 grand for it, AUD obviously": a currency named apart from
     the amount, in its sentence, else in the answer ("... 180 including
     implementation. Pounds, obviously."). */
  if (!chosen.currency[0]) {
    dbf_span sent = dbf__rx_sentence_of(x, chosen.off);
    char buf[512];
    dbf__tx_copy(x->s, sent, buf, sizeof buf);
    const char *code = dbf_money_text_code(buf);
    if (!code) {
      dbf__tx_copy(x->s, (dbf_span){0, x->n}, buf, sizeof buf);
      code = dbf_money_text_code(buf);
    }
    if (!code)
      code = held_currency(x, f->key);
    if (code)
      memcpy(chosen.currency, code, 4);
  }
  if (chosen.currency[0])
    qualify_sign(x, m, cnt, &chosen, f->key, chosen.currency);
  dbf__money repaired;
  if (bare_repair(x, &chosen, &repaired))
    chosen = repaired;
  double closer = 0;
  if (chosen.range && narrowed(x, &chosen, &closer)) {
    chosen.amount = closer;
    chosen.range = false;
  }
  double ceiling = 0;
  if (stretched(x, &chosen, &ceiling))
    chosen.amount = ceiling;
  const dbf__money *b = &chosen;
  bool corr = dbf__rx_sentence_is_correction(x, b->off);
  /* "price agreed at 4.2m, scratch that, 3.9m", said in answer to
     something else: a correction of the seller's price, in a sentence with
     no word of what they can spend, does not take the place of the budget
     the record holds; it competes by confidence like any passing figure. */
  if (corr && !targeted && held_currency(x, f->key)) {
    dbf_span sent = dbf__rx_sentence_of(x, b->off);
    corr = !dbf__rx_span_has_any(x, sent, k_our_price) ||
           dbf__rx_span_has_any(x, sent, k_budget_strong);
  }

  double conf = targeted ? CONF_TARGET : CONF_CROSS;
  if (b->range || b->per_unit)
    conf -= 0.1;
  dbf__rx_put(x, f->key, money_value(x, b), dbf__rx_hedge(x, conf), corr);
}

/* An amount (a currency or a multiplier: "80k") next to a budget cue. */
bool dbf__claim_money(dbf__rx *x, const dbf_template_field *f, dbf_span sent, bool own) {
  (void)f;
  dbf__money m[8];
  size_t cnt = dbf__money_scan(x->s + sent.off, sent.len, true, m, 8);
  size_t which = 0;
  size_t cue = dbf__tx_find_any(x->s, sent.off + sent.len, sent.off, k_budget_cues, &which);
  for (size_t i = 0; i < cnt; i++) {
    if (m[i].negated || (!m[i].currency[0] && !m[i].multiplier))
      continue;
    if (own)
      return true;
    if (cue == (size_t)-1 || m[i].per_unit)
      continue;
    dbf_span cover[2] = {{sent.off + m[i].off, m[i].len}, {cue, strlen(k_budget_cues[which])}};
    if (dbf__rx_dominates(x, sent, cover, 2))
      return true;
  }
  return false;
}
