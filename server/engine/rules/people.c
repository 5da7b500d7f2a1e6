/*
 * people.c - the "people" kind: people by name (with role and company for
 * object lists), and for decision makers the groups that decide.
 */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "engine/lexicon.h"
#include "engine/rules/registry.h"
#include "engine/rules/rules.h"

/* ----------------------------------------------------------------- people */

/*
 * "From Aerotech MRO Services: Kwame Asante, ...": the firm a heading
 * names for the people of its sentence, when it is not the account and the
 * person has no other firm. Writes it to out.
 */
static bool heading_firm(const dbf__rx *x, const dbf__person *p, char *out, size_t cap) {
  dbf_span sent = dbf__tx_trim(x->s, dbf__rx_sentence_of(x, p->off));
  if (sent.len < 8 || !dbf__tx_ieqn(x->s + sent.off, "from ", 5))
    return false;
  dbf_span run = dbf__rx_cap_run_joined(x, sent.off + 5, sent.off + sent.len);
  size_t re = run.off + run.len;
  if (run.len == 0 || run.off != sent.off + 5 || re >= sent.off + sent.len || x->s[re] != ':' ||
      p->off < re)
    return false;
  size_t al = strlen(x->people.account);
  if (p->company[0] && !dbf__rx_str_ieq(p->company, x->people.account))
    return false;
  if (al && dbf__tx_ieqn(x->people.account, x->s + run.off, run.len < al ? run.len : al))
    return false; /* "From Skyreach:" is the account's own people */
  dbf__tx_copy(x->s, run, out, cap);
  return true;
}

/* The words that introduce a nickname: "everyone calls her Maggie". */
static const char *const k_nickname_cues[] = {"calls her ", "calls him ", "call her ", "call him ",
                                              "goes by ",   "known as ",  "aka ",      NULL};

/* "Margaret Olsen (everyone calls her Maggie)": a one-word name right
   after a nickname cue is the person named before, no attendee more. */
static bool nickname_of_named(const dbf__rx *x, const dbf__person *p) {
  if (strchr(p->name, ' '))
    return false;
  for (size_t k = 0; k_nickname_cues[k]; k++) {
    size_t l = strlen(k_nickname_cues[k]);
    if (p->off >= l && dbf__tx_ieqn(x->s + p->off - l, k_nickname_cues[k], l))
      for (size_t i = 0; i < x->n_persons; i++)
        if (x->persons[i].off < p->off && x->persons[i].off + 60 > p->off &&
            strchr(x->persons[i].name, ' '))
          return true;
  }
  return false;
}

/*
 * A firm read as a person: "Ben Ito from Apex Harbor Link" giving "Harbor
 * Link" too, or "from Gloria Peak Mining, their partner" giving "Gloria
 * Peak": a name that is part of another person's firm, other than the
 * account's.
 */
static bool firm_said_before(const dbf__rx *x, const dbf__person *p, char *out, size_t cap);
static bool firm_as_person(const dbf__rx *x, const dbf__person *p) {
  const char *account = x->people.account;
  for (size_t i = 0; i < x->n_persons; i++) {
    const char *c = x->persons[i].company;
    char said[96];
    if (&x->persons[i] != p && (!c[0] || dbf__rx_str_ieq(c, account)) &&
        firm_said_before(x, &x->persons[i], said, sizeof said))
      c = said; /* "from their partner, Tarn Shipping, Mr Aoki" */
    if (&x->persons[i] != p && c[0] && !dbf__rx_str_ieq(c, account) &&
        dbf__tx_find_word(c, strlen(c), 0, p->name) != (size_t)-1)
      return true;
  }
  return false;
}

static size_t opens_with_word(const dbf__rx *x, size_t v, const char *const *words);

/* Where the text before a person at off ends, back over spaces and an
   honorific ("Dr. ", "Mrs ") right before the name. */
static size_t before_honorific(const dbf__rx *x, size_t off) {
  size_t q = off, wb = q;
  while (wb > 0 && x->s[wb - 1] == ' ')
    wb--;
  if (wb > 0 && x->s[wb - 1] == '.')
    wb--;
  while (wb > 0 && dbf__tx_isalnum((unsigned char)x->s[wb - 1]))
    wb--;
  if (wb < q && dbf__people_honorific_at(x->s, x->n, wb) == q - wb)
    q = wb;
  while (q > 0 && x->s[q - 1] == ' ')
    q--;
  return q;
}

/*
 * "the controller dropped in near the end, Omar Farah", "the chair of
 * the board, Priya Shah", "the plant engineer, the one who keeps the
 * presses running, Tom Reyes": a list item that opens with a determiner
 * and a role and ends, after a comma and no other person, with the name.
 * Writes the role.
 */
static bool role_opening_item(const dbf__rx *x, const dbf__person *p, char *out, size_t cap) {
  static const char *const dets[] = {"the ", "their ", "his ", "her ", "a ", "an ", NULL};
  static const char *const leads[] = {"and ", "plus ", "also ",      "then ",       "oh ",
                                      "um ",  "uh ",   "there was ", "there were ", NULL};
  /* Words between the role and a name with no comma before it that say
     the person came or is being named: "the controller joined late Hugo
     Lamb", "a buyer from the north depot, I think her name was Kim Roe". */
  static const char *const named[] = {"joined",       "came",       "popped in", "dialled in",
                                      "dialed in",    "sat in",     "name was",  "name is",
                                      "think it was", "think it's", "think is",  NULL};
  const dbf__lexicon *roles = dbf__lex_get(x->ctx->lex, "roles");
  /* Back over an honorific ("Dr. ", "Mrs ") to the comma. */
  size_t q = before_honorific(x, p->off);
  if (!roles || q == 0)
    return false;
  bool comma = x->s[q - 1] == ',';
  size_t end = comma ? q - 1 : q;
  for (int seg = 0; seg < (comma ? 2 : 1); seg++) {
    size_t b = end;
    while (b > 0 && !strchr(",;.:\n(", x->s[b - 1]))
      b--;
    /* "Lena Holt and the controller came late, ...": after a person the
       item said before, the part that opens with "and". */
    for (size_t i = 0; i < x->n_persons; i++)
      if (x->persons[i].off >= b && x->persons[i].off < end) {
        size_t pe = x->persons[i].off + x->persons[i].len;
        if (pe < end && x->s[pe] == ' ' && opens_with_word(x, pe + 1, leads)) {
          b = pe;
          continue;
        }
        /* "Ana Ruiz who runs the stores and the controller joined late
           Hugo Lamb": with no comma, the part after the last "and". */
        size_t a = (size_t)-1;
        for (size_t f = pe; !comma && (f = dbf__tx_find_word(x->s, end, f, "and")) != (size_t)-1;
             f++)
          a = f;
        if (a == (size_t)-1)
          return false;
        b = a;
      }
    dbf_span it = dbf__tx_trim(x->s, (dbf_span){b, end - b});
    /* "oh and then the ...": the item's opening words, one after another. */
    for (size_t l; (l = opens_with_word(x, it.off, leads)) > 0 && l < it.len;) {
      it.off += l;
      it.len -= l;
    }
    size_t dl = opens_with_word(x, it.off, dets);
    dbf__lex_match m[4];
    size_t nm = dl && dl < it.len ? dbf__lex_scan(roles, x->s + it.off + dl, it.len - dl, m, 4) : 0;
    /* The role within two words of the determiner; else the part before
       says more of the person ("the one who runs the presses"). */
    if (nm > 0 && dbf__tx_word_count(x->s, (dbf_span){it.off + dl, m[0].off}) <= 2) {
      if (dbf__tx_negated_before(x->s, end, 12))
        return false; /* "the CEO couldn't come, Tom Reyes stood in" */
      size_t re = it.off + dl + m[0].off + m[0].len;
      /* With no comma before the name, words saying the person came or is
         being named must come between; "the CFO wants Tom Reyes" gives
         Tom no role. */
      if (!comma && dbf__tx_find_any(x->s, end, re, named, NULL) == (size_t)-1)
        return false;
      /* "the plant manager came with Tom Reyes": Tom is someone else. */
      static const char *const joins[] = {"with ", "and ", "plus ", "or ", "& ",
                                          "from ", "for ", "to ",   NULL};
      size_t jw = end;
      while (jw > re && x->s[jw - 1] == ' ')
        jw--;
      while (jw > re && x->s[jw - 1] != ' ')
        jw--;
      static const char *const turns[] = {"and", "plus", "but", "while", NULL};
      if (!comma && (opens_with_word(x, jw, joins) ||
                     dbf__tx_find_any(x->s, end, re, turns, NULL) != (size_t)-1))
        return false;
      /* "chair of the board": the role's "of" phrase, to the item's end
         when one or two words are left, else one word. */
      if (re + 4 < it.off + it.len && dbf__tx_ieqn(x->s + re, " of ", 4)) {
        size_t w = re + 4, ie = it.off + it.len;
        if (w + 4 < ie && dbf__tx_ieqn(x->s + w, "the ", 4))
          w += 4;
        if (dbf__tx_word_count(x->s, (dbf_span){w, ie - w}) <= 2)
          re = ie;
        else
          for (re = w; re < ie && dbf__tx_isalnum((unsigned char)x->s[re]);)
            re++;
      }
      dbf__tx_copy(x->s, (dbf_span){it.off + dl, re - it.off - dl}, out, cap);
      return true;
    }
    if (b == 0 || x->s[b - 1] != ',')
      return false;
    end = b - 1;
  }
  return false;
}

/*
 * "sandy from finance (sandra kowal)", "Bec (Rebecca Lin)": a given name
 * alone, then in brackets in the same item the full name of the same
 * person. Returns the index of the person in brackets after persons[i],
 * or (size_t)-1.
 */
static size_t full_name_in_brackets(const dbf__rx *x, size_t i) {
  const dbf__person *p = &x->persons[i];
  if (strchr(p->name, ' '))
    return (size_t)-1;
  size_t pe = p->off + p->len;
  for (size_t j = 0; j < x->n_persons; j++) {
    const dbf__person *q = &x->persons[j];
    if (j == i || q->off <= pe || !strchr(q->name, ' ') || q->off < 1 || x->s[q->off - 1] != '(')
      continue;
    bool same_item = q->off - pe <= 40;
    for (size_t c = pe; c + 1 < q->off && same_item; c++)
      same_item = !strchr(",;.()\n", x->s[c]);
    for (size_t k = 0; k < x->n_persons && same_item; k++)
      same_item = !(x->persons[k].off > p->off && x->persons[k].off < q->off);
    if (same_item)
      return j;
  }
  return (size_t)-1;
}

/*
 * "Pavel Novak no sorry Pavel Nowak", "Tom... Tomas Reyes": a name taken
 * back at once for the next one. The next person follows after nothing
 * but a correction cue or a trailing-off ("..."), and shares the given
 * name or starts with the name said. True when persons[i] is so taken back.
 */
static bool name_taken_back(const dbf__rx *x, size_t i) {
  const dbf__person *p = &x->persons[i];
  size_t pe = p->off + p->len;
  const dbf__person *q = NULL;
  for (size_t j = 0; j < x->n_persons; j++)
    if (x->persons[j].off >= pe && (!q || x->persons[j].off < q->off))
      q = &x->persons[j];
  if (!q || q->off > pe + 24)
    return false;
  /* The gap: marks, then a cue or nothing, then marks. */
  size_t b = pe, e = q->off;
  while (b < e && strchr(" ,.?!-", x->s[b]))
    b++;
  while (e > b && strchr(" ,.?!-", x->s[e - 1]))
    e--;
  size_t cue_len = 0;
  bool cue = b < e && dbf__rx_find_correction(x, q->off, b, &cue_len) == b && b + cue_len >= e;
  bool trailing = b == e && memmem(x->s + pe, q->off - pe, "..", 2);
  if (!cue && !trailing)
    return false;
  size_t pl = strcspn(p->name, " "), ql = strcspn(q->name, " ");
  bool same_given = pl == ql && dbf__tx_ieqn(p->name, q->name, pl) && strcmp(p->name, q->name);
  bool begins = !p->name[pl] && pl >= 3 && pl < ql && dbf__tx_ieqn(p->name, q->name, pl);
  return same_given || begins;
}

/* Is persons[i]'s name one taken back anywhere in the answer (the given
   name said first may already have been read as the wrong full name)? */
static bool name_ever_taken_back(const dbf__rx *x, size_t i) {
  for (size_t k = 0; k < x->n_persons; k++)
    if (dbf__rx_str_ieq(x->persons[k].name, x->persons[i].name) && name_taken_back(x, k))
      return true;
  return false;
}

/* The words that say a person was at the meeting. */
static const char *const k_attend[] = {
    "met with",  "meeting with", "call with",  "demo with",   "joined",      "attended",
    "brought",   "was there",    "were there", "on the call", "in the room", "present",
    "showed up", "dialed in",    "dialled in", "sat in",      "came along",  NULL};

/* Words of coming that say too little alone to make someone heard in
   passing an attendee, but still end a role: "the treasurer came too". */
static const char *const k_came[] = {"came",       "popped in",   "dropped in", "turned up",
                                     "stopped by", "listened in", NULL};

/* "their new data lead sat in, Ivo Brandt", "the quality manager joined
   late, Ana Silva": a role read up to the words saying the person came
   ends before them, when a role word (no function word) comes right
   before them. Writes the role without them to out. */
static const char *role_before_attending(const char *role, char *out, size_t cap) {
  size_t n = strlen(role);
  size_t n_attend = DBF_ARRAY_LEN(k_attend) - 1;
  for (size_t k = 0; k < n_attend + DBF_ARRAY_LEN(k_came) - 1; k++) {
    const char *cue = k < n_attend ? k_attend[k] : k_came[k - n_attend];
    size_t at = dbf__tx_find_word(role, n, 0, cue);
    if (at == (size_t)-1 || at == 0 || role[at - 1] != ' ')
      continue;
    size_t e = at - 1;
    while (e > 0 && role[e - 1] == ' ')
      e--;
    size_t w = e;
    while (w > 0 && role[w - 1] != ' ')
      w--;
    /* "head of present planning": after "of", "the", "for" the words
       belong to the role. */
    if (e == 0 || e + 1 > cap || dbf__tx_function_word(role + w, e - w))
      continue;
    /* "the treasurer joined with Sam Okafor": the role is the one the
       name came with, not the name's. */
    static const char *const with[] = {"with", "alongside", NULL};
    size_t lw = n;
    while (lw > 0 && role[lw - 1] != ' ')
      lw--;
    for (size_t j = 0; with[j]; j++)
      if (strlen(with[j]) == n - lw && dbf__tx_ieqn(role + lw, with[j], n - lw))
        return "";
    memcpy(out, role, e);
    out[e] = '\0';
    return out;
  }
  return role;
}

/*
 * "an auditor from their accounting firm, Brio Labs, Ms Ono": an outside
 * firm named between "from" and the person, after words that say it is
 * an outside firm, with no other person between. Writes the firm.
 */
static bool firm_said_before(const dbf__rx *x, const dbf__person *p, char *out, size_t cap) {
  size_t q = before_honorific(x, p->off);
  if (q == 0 || x->s[q - 1] != ',')
    return false;
  size_t ce = q - 1, cb = ce;
  while (cb > 0 && !strchr(",;.:\n(", x->s[cb - 1]))
    cb--;
  if (cb == 0 || x->s[cb - 1] != ',')
    return false;
  size_t sb = cb - 1;
  while (sb > 0 && !strchr(",;.:\n(", x->s[sb - 1]))
    sb--;
  size_t from = dbf__tx_find_word(x->s, cb - 1, sb, "from");
  if (from == (size_t)-1)
    return false;
  dbf_span firm = dbf__people_firm_after_words(x->s, x->n, from + 5);
  if (!firm.len || firm.off < cb || firm.off + firm.len > ce)
    return false;
  for (size_t i = 0; i < x->n_persons; i++)
    if (x->persons[i].off >= from && x->persons[i].off < p->off &&
        !(x->persons[i].off >= firm.off &&
          x->persons[i].off + x->persons[i].len <= firm.off + firm.len))
      return false;
  dbf__tx_copy(x->s, firm, out, cap);
  return true;
}

/* Words that say a person was not at the meeting. */
static const char *const k_absent[] = {"wasn't there",
                                       "wasnt there",
                                       "was not there",
                                       "weren't there",
                                       "werent there",
                                       "were not there",
                                       "wasn't present",
                                       "wasnt present",
                                       "was not present",
                                       "not present",
                                       "didn't show",
                                       "didnt show",
                                       "did not show",
                                       "didn't come",
                                       "didnt come",
                                       "did not come",
                                       "didn't make it",
                                       "didnt make it",
                                       "couldn't make it",
                                       "couldnt make it",
                                       "could not make it",
                                       "not on the call",
                                       "wasn't on the call",
                                       "wasnt on the call",
                                       "not in the meeting",
                                       "not at the meeting",
                                       "wasn't in the room",
                                       "wasnt in the room",
                                       "didn't join",
                                       "didnt join",
                                       "did not join",
                                       "couldn't join",
                                       "couldnt join",
                                       "was absent",
                                       "no-show",
                                       NULL};

/* Is the person said not to have been there: "the CFO Raj wasn't there",
   "Ana Lund, who was not present", "dr silva didn't show up" in the
   name's clause (up to the next person named, or a possessive that opens
   someone else: "Ana Lund and their IT lead didn't show"), or "instead of
   Ivo it was ..." right before the name? A word of coming in the clause
   ("joined, though she wasn't there in the invite") keeps them. */
static bool said_absent(const dbf__rx *x, const dbf__person *p) {
  static const char *const instead[] = {"instead of ", "in place of ", NULL};
  for (size_t k = 0; instead[k]; k++) {
    size_t l = strlen(instead[k]);
    if (p->off >= l && dbf__tx_ieqn(x->s + p->off - l, instead[k], l))
      return true;
  }
  static const char *const other[] = {"their", "our", "his", "her", "your", NULL};
  size_t e = p->off + p->len, ce = e;
  while (ce < x->n && !strchr(".;!?\n", x->s[ce]))
    ce++;
  for (size_t i = 0; i < x->n_persons; i++)
    if (x->persons[i].off >= e && x->persons[i].off < ce)
      ce = x->persons[i].off;
  size_t op = dbf__tx_find_any(x->s, ce, e, other, NULL);
  if (op != (size_t)-1)
    ce = op;
  size_t which = 0, at = dbf__tx_find_any(x->s, ce, e, k_absent, &which);
  if (at == (size_t)-1)
    return false;
  size_t after = at + strlen(k_absent[which]);
  return dbf__tx_find_any(x->s, at, e, k_attend, NULL) == (size_t)-1 &&
         dbf__tx_find_any(x->s, ce, after, k_attend, NULL) == (size_t)-1 &&
         dbf__tx_find_any(x->s, ce, after, k_came, NULL) == (size_t)-1;
}

/* Is a call or meeting with someone, said at s[at], one still to come:
   "we need a call with", "she'll set up a demo with", "a follow-up
   meeting with"? A word of planning up to four words before it says so. */
static bool planned_meeting_at(const dbf__rx *x, size_t from, size_t at) {
  static const char *const plan[] = {"need",     "needs",     "set up",   "sets up",   "setting up",
                                     "schedule", "schedules", "book",     "books",     "arrange",
                                     "arranges", "organise",  "organize", "follow-up", "followup",
                                     "another",  "next",      "will",     "i'll",      "we'll",
                                     "she'll",   "he'll",     "they'll",  "going to",  "want",
                                     "wants",    "planning",  "plan",     NULL};
  size_t b = at, words = 0;
  while (b > from && words < 4) {
    b--;
    while (b > from && x->s[b - 1] == ' ')
      b--;
    while (b > from && x->s[b - 1] != ' ')
      b--;
    words++;
  }
  for (size_t k = 0; plan[k]; k++) {
    if (dbf__tx_find_word(x->s, at, b, plan[k]) != (size_t)-1)
      return true;
  }
  return false;
}

/* Is a call or meeting with someone, said at s[at], set at a time still
   ahead later in its sentence (s[..end)): "a call with Ana next week",
   "the review meeting with Bo in two weeks", "a demo with them tomorrow"? */
static bool meeting_set_ahead(const dbf__rx *x, size_t at, size_t end) {
  static const char *const ahead[] = {"next", "tomorrow", "upcoming", "later this", NULL};
  static const char *const spans[] = {"days", "weeks", "months", NULL};
  const char *s = x->s;
  /* "next" of "next steps" says no time. */
  for (size_t i = at, k = 0; (i = dbf__tx_find_any(s, end, i, ahead, &k)) != (size_t)-1; i++) {
    size_t a = i + strlen(ahead[k]) + 1;
    if (k != 0 || a >= end || !dbf__tx_ieqn(s + a, "step", 4))
      return true;
  }
  /* "in two weeks", "in 10 days". */
  for (size_t i = dbf__tx_find_word(s, end, at, "in"); i != (size_t)-1;
       i = dbf__tx_find_word(s, end, i + 2, "in")) {
    size_t w = i + 3, we = w;
    while (we < end && dbf__tx_isalnum((unsigned char)s[we]))
      we++;
    if (we == w || we + 1 >= end || s[we] != ' ')
      continue;
    int v = 0;
    bool count = (s[w] >= '0' && s[w] <= '9') || dbf__tx_number_word_at(s, w, we, &v) ||
                 dbf__tx_word_at(s, w, we, "a");
    size_t ue = we + 1;
    while (ue < end && dbf__tx_isalnum((unsigned char)s[ue]))
      ue++;
    if (count && dbf__tx_word_in(s + we + 1, ue - we - 1, spans))
      return true;
  }
  return false;
}

/* Is a word of being there in the sentence at off, other than one that
   says only a decision was taken ("Omar made the call with his
   partner") or a meeting still to come ("we need a call with Ana")? */
static bool attends_in_sentence(const dbf__rx *x, size_t off) {
  static const char *const decided[] = {"made the call with", "make the call with",
                                        "makes the call with", "making the call with", NULL};
  static const char *const with[] = {"meeting with", "call with", "demo with", NULL};
  dbf_span sent = dbf__rx_sentence_of(x, off);
  size_t end = dbf__tx_span_end(sent);
  for (size_t from = sent.off; from < end;) {
    size_t which = 0, at = dbf__tx_find_any(x->s, end, from, k_attend, &which);
    if (at == (size_t)-1)
      return false;
    bool idiom = false;
    for (size_t k = 0; decided[k] && !idiom; k++) {
      size_t l = strlen(decided[k]), cl = strlen(k_attend[which]);
      idiom = at + cl >= l && at + cl <= end && at + cl - l >= sent.off &&
              dbf__tx_ieqn(x->s + at + cl - l, decided[k], l);
    }
    for (size_t k = 0; with[k] && !idiom; k++)
      idiom = strcmp(k_attend[which], with[k]) == 0 &&
              (planned_meeting_at(x, sent.off, at) || meeting_set_ahead(x, at, end));
    if (!idiom)
      return true;
    from = at + 1;
  }
  return false;
}

/* The person of x whose name starts (start) or ends (!start) at at, or NULL. */
static const dbf__person *person_edge_at(const dbf__rx *x, size_t at, bool start) {
  for (size_t k = 0; k < x->n_persons; k++) {
    const dbf__person *q = &x->persons[k];
    if ((start ? q->off : q->off + q->len) == at)
      return q;
  }
  return NULL;
}

/*
 * Is the person said to be of the seller's side by the words around the
 * name: "my colleague Ana", "Ana, my colleague", "from our side me and
 * Ana", "on our end: Ana and Bo", or "Ana and I from our side" (a run of
 * names that takes in the speaker)? "Ana and Bo from our side" leaves
 * Ana to the customer; only the name next to the words is ours then.
 */
static bool said_on_our_side(const dbf__rx *x, const dbf__person *p) {
  static const char *const mates[] = {"my colleague ", "our colleague ", "my colleagues ",
                                      "my coworker ",  "my co-worker ",  NULL};
  static const char *const sides[] = {"our side", "our end", "my side", "my end", NULL};
  static const char *const joins[] = {"and", "plus", "me", "myself", "i", NULL};
  static const char *const self[] = {"me", "myself", "i", NULL};
  static const char *const ahead[] = {"from our",   "from my", "on our side",
                                      "on our end", "from us", NULL};
  static const char *const mate_after[] = {"my colleague", "our colleague", NULL};
  const char *s = x->s;
  if (dbf__tx_phrase_ends_at(s, p->off, mates))
    return true;
  /* Back from the name over a run of names, "and" and "me" to the side. */
  size_t pos = p->off;
  for (int step = 0; step < 8; step++) {
    size_t b = pos;
    while (b > 0 && (s[b - 1] == ' ' || s[b - 1] == ',' || s[b - 1] == ':'))
      b--;
    if (dbf__tx_phrase_ends_at(s, b, sides))
      return true;
    dbf_span w = dbf__tx_word_before(s, b);
    const dbf__person *q = person_edge_at(x, b, false);
    if (q && q->off < b)
      pos = q->off;
    else if (w.len && w.off + w.len == b && dbf__tx_word_in(s + w.off, w.len, joins))
      pos = w.off;
    else
      break;
  }
  /* On from the name: "Ana, my colleague", "Ana and I from our side". */
  size_t e = p->off + p->len;
  size_t c = e;
  while (c < x->n && (s[c] == ' ' || s[c] == ',' || s[c] == '('))
    c++;
  for (size_t k = 0; mate_after[k]; k++)
    if (dbf__tx_word_at(s, c, x->n, mate_after[k]))
      return true;
  bool with_self = false;
  for (int step = 0; step < 8 && e < x->n; step++) {
    while (e < x->n && s[e] == ' ')
      e++;
    for (size_t k = 0; ahead[k] && with_self; k++)
      if (dbf__tx_word_at(s, e, x->n, ahead[k]))
        return true;
    size_t we = e;
    while (we < x->n && (dbf__tx_isalnum((unsigned char)s[we]) || s[we] == '&'))
      we++;
    const dbf__person *q = person_edge_at(x, e, true);
    if (q)
      e = q->off + q->len;
    else if (we > e && (dbf__tx_word_in(s + e, we - e, joins) || s[e] == '&')) {
      with_self = with_self || dbf__tx_word_in(s + e, we - e, self);
      e = we;
    } else
      break;
  }
  return false;
}

static void do_attendees(dbf__rx *x, const dbf_template_field *f, bool targeted) {
  json_t *arr = json_array();
  if (!arr)
    return;
  for (size_t i = 0; i < x->n_persons; i++) {
    const dbf__person *p = &x->persons[i];
    bool listed = false;
    for (size_t k = 0; k < x->people.n_known; k++)
      listed = listed || (x->people.known[k].from_subject &&
                          dbf__rx_str_ieq(x->people.known[k].name, p->name));
    /* In passing, only the meeting's listed attendees or people said to be
       there count; "the CFO has to sign off" does not make the CFO an attendee. */
    if (!targeted && !listed && !attends_in_sentence(x, p->off))
      continue;
    if (said_absent(x, p))
      continue;
    /* "raj from our side", "our CSM Lauren": the seller's own people are
       no attendee of the customer's; "our partner from X" is one. */
    static const char *const third[] = {"partner",    "reseller",   "dealer", "integrator",
                                        "consultant", "contractor", NULL};
    size_t pe = p->off + p->len, near = pe;
    while (near < x->n && near < pe + 40 && !strchr(",.;\n", x->s[near]))
      near++;
    if (!listed && said_on_our_side(x, p))
      continue;
    if (p->ours && !listed && (!p->company[0] || dbf__rx_str_ieq(p->company, x->people.account)) &&
        dbf__tx_find_any(p->role, strlen(p->role), 0, third, NULL) == (size_t)-1 &&
        dbf__tx_find_any(x->s, near, pe, third, NULL) == (size_t)-1)
      continue;
    if (firm_as_person(x, p) || full_name_in_brackets(x, i) != (size_t)-1 ||
        nickname_of_named(x, p) || name_ever_taken_back(x, i))
      continue;
    /* The role said with the given name before the brackets. */
    const dbf__person *alias = NULL;
    for (size_t k = 0; k < x->n_persons && !alias; k++)
      if (k != i && full_name_in_brackets(x, k) == i)
        alias = &x->persons[k];
    json_t *o = json_object();
    if (!o)
      break;
    json_object_set_new(o, "name", json_string(p->name));
    char opening[96];
    const char *role =
        p->role[0] || !role_opening_item(x, p, opening, sizeof opening) ? p->role : opening;
    if (!role[0] && alias)
      role = alias->role;
    char trimmed[96];
    role = role_before_attending(role, trimmed, sizeof trimmed);
    if (role[0] && dbf__rx_has_item_key(f, "role"))
      json_object_set_new(o, "role", json_string(role));
    char firm[96];
    const char *company = heading_firm(x, p, firm, sizeof firm) ? firm : p->company;
    if ((!company[0] || dbf__rx_str_ieq(company, x->people.account)) &&
        firm_said_before(x, p, firm, sizeof firm))
      company = firm;
    if (company[0] && dbf__rx_has_item_key(f, "company"))
      json_object_set_new(o, "company", json_string(company));
    if (json_array_size(arr) < MAX_ITEMS)
      dbf__rx_union_item(arr, o);
    else
      json_decref(o);
  }
  dbf__rx_people_one_per_name(arr);
  dbf__rx_put(x, f->key, arr, targeted ? dbf__rx_hedge(x, CONF_TARGET) : CONF_CROSS, false);
}

/*
 * "the board chair Ines Vidal", "committee president dr Otieno", "a
 * board member": the group's word at s[at..end) opens the title of one
 * person (a role word right after it, or a role that starts with it), so
 * that person decides, not the group.
 */
static bool seat_of_group(const dbf__rx *x, size_t at, size_t end) {
  const dbf__lexicon *roles = dbf__lex_get(x->ctx->lex, "roles");
  dbf__lex_match m;
  if (!roles)
    return false;
  if (dbf__lex_match_at(roles, x->s, x->n, at, &m) && m.off + m.len > end)
    return true;
  return end + 1 < x->n && x->s[end] == ' ' && dbf__lex_match_at(roles, x->s, x->n, end + 1, &m);
}

/* Said right after a person or a group that only hears of the decision:
   "the board is only informed", "finance gets kept in the loop". */
static const char *const k_only_informed[] = {
    "is only informed",    "only gets informed", "gets informed",         "is informed",
    "is kept informed",    "gets kept informed", "is just informed",      "just gets informed",
    "is kept in the loop", "stays in the loop",  "gets kept in the loop", NULL};

/* Does one of k_only_informed open right after s[e] and its spaces? */
static bool only_informed_after(const dbf__rx *x, size_t e) {
  size_t v = e;
  while (v < x->n && x->s[v] == ' ')
    v++;
  if (v == e)
    return false;
  for (size_t k = 0; k_only_informed[k]; k++) {
    size_t l = strlen(k_only_informed[k]);
    if (v + l <= x->n && dbf__tx_ieqn(x->s + v, k_only_informed[k], l) &&
        dbf__tx_is_word_at(x->s, x->n, v, l))
      return true;
  }
  return false;
}

/* Where a name the answer already holds ends, when one opens at s[v]: a
   parsed person, or the first word of a name kept in arr. 0 when none. */
static size_t member_name_end(const dbf__rx *x, const json_t *arr, size_t v) {
  for (size_t k = 0; k < x->n_persons; k++)
    if (x->persons[k].off == v)
      return v + x->persons[k].len;
  size_t i;
  const json_t *it;
  json_array_foreach(arr, i, it) {
    const char *nm = json_string_value(it);
    size_t l = nm ? strcspn(nm, " ") : 0;
    if (l >= 2 && v + l <= x->n && dbf__tx_ieqn(x->s + v, nm, l) &&
        dbf__tx_is_word_at(x->s, x->n, v, l))
      return v + l;
  }
  return 0;
}

/* Does a name the answer already holds end right at s[e]? */
static bool member_name_ends_at(const dbf__rx *x, const json_t *arr, size_t e) {
  for (size_t k = 0; k < x->n_persons; k++)
    if (x->persons[k].off + x->persons[k].len == e)
      return true;
  size_t i;
  const json_t *it;
  json_array_foreach(arr, i, it) {
    const char *nm = json_string_value(it);
    const char *last = nm ? strrchr(nm, ' ') : NULL;
    last = last ? last + 1 : nm;
    size_t l = last ? strlen(last) : 0;
    if (l >= 2 && e >= l && dbf__tx_ieqn(x->s + e - l, last, l) &&
        dbf__tx_is_word_at(x->s, x->n, e - l, l))
      return true;
  }
  return false;
}

/*
 * A group of people ("the owners", "both partners") said beside its
 * members, who are named themselves: "the two partners, Ana and Joe",
 * "owners sign: the brothers Ivo and Luka", "Ana and Joe, both partners".
 * The members decide; the group word adds no one. Ahead, two names joined
 * by "and" or "&" before any contrast ("the partners have a vote, yet really
 * it's Ana"); behind, a name then only a count word ("both", "the two").
 */
static bool members_beside_group(const dbf__rx *x, const json_t *arr, size_t b, size_t e) {
  /* b is the group's head word: the words before it are read here. */
  static const char *const contrast[] = {"but",    "though",   "however", "practice", "effectively",
                                         "really", "actually", "except",  "not",      NULL};
  static const char *const joins[] = {" and ", " & ", " + ", NULL};
  dbf_span sent = dbf__rx_sentence_of(x, b);
  size_t stop = sent.off + sent.len;
  if (stop > e + 80)
    stop = e + 80;
  for (size_t v = e; v < stop; v++) {
    if (!dbf__tx_isalnum((unsigned char)x->s[v]) ||
        (v > 0 && dbf__tx_isalnum((unsigned char)x->s[v - 1])))
      continue;
    size_t we = v;
    while (we < x->n && dbf__tx_isalnum((unsigned char)x->s[we]))
      we++;
    bool turn = false;
    for (size_t k = 0; contrast[k] && !turn; k++)
      turn = we - v == strlen(contrast[k]) && dbf__tx_ieqn(x->s + v, contrast[k], we - v);
    if (turn)
      break;
    size_t ne = member_name_end(x, arr, v);
    if (!ne)
      continue;
    /* The first name ahead: joined to a second one, or no list at all. */
    for (size_t k = 0; joins[k]; k++) {
      size_t l = strlen(joins[k]);
      if (ne + l < x->n && dbf__tx_ieqn(x->s + ne, joins[k], l) && member_name_end(x, arr, ne + l))
        return true;
    }
    break;
  }
  /* Behind: "Ana and Joe both partners", "Joe Bloggs, the two owners". */
  static const char *const counts[] = {"both", "two", "three", "all", NULL};
  static const char *const fillers[] = {"the", "are", "joint", NULL};
  size_t v = b;
  bool counted = false;
  for (int w = 0; w < 4 && v > 0; w++) {
    size_t pe = v;
    while (pe > 0 && (x->s[pe - 1] == ' ' || x->s[pe - 1] == ','))
      pe--;
    if (counted && member_name_ends_at(x, arr, pe))
      return true;
    size_t pb = pe;
    while (pb > 0 && dbf__tx_isalnum((unsigned char)x->s[pb - 1]))
      pb--;
    bool count = false, filler = false;
    for (size_t k = 0; counts[k] && !count; k++)
      count = pe - pb == strlen(counts[k]) && dbf__tx_ieqn(x->s + pb, counts[k], pe - pb);
    for (size_t k = 0; fillers[k] && !filler; k++)
      filler = pe - pb == strlen(fillers[k]) && dbf__tx_ieqn(x->s + pb, fillers[k], pe - pb);
    if (pb == pe || (!count && !filler))
      break;
    counted = counted || count;
    v = pb;
  }
  return false;
}

/*
 * The owners named as a family just after the group word: "the owners,
 * the Okafor family", "owners (the Brandt family)", "the owners in Lisbon,
 * the Sousa family trust". The family is who decides, so it is keyed by
 * its name ("Okafor family"). The name is one word after "the" that is no
 * everyday word, role or function word ("the whole family" names no one),
 * in the same sentence and close behind.
 */
static bool owner_family_named(const dbf__rx *x, size_t e, dbf_span *out) {
  static const char *const fam = "family";
  const size_t fl = strlen(fam);
  const dbf__lexicon *common = dbf__lex_get(x->ctx->lex, "common_words");
  dbf_span sent = dbf__rx_sentence_of(x, e > 0 ? e - 1 : 0);
  size_t stop = sent.off + sent.len;
  if (stop > e + 64)
    stop = e + 64;
  size_t v = dbf__tx_find_word(x->s, x->n, e, fam);
  if (v == (size_t)-1 || v + fl > stop)
    return false;
  /* The name word just before "family" (a hyphen joins two into one),
     then "the" before it. */
  dbf_span name = dbf__tx_word_before(x->s, v);
  if (name.len == 0 || name.off + name.len + 1 != v)
    return false;
  while (name.off > e + 1 && x->s[name.off - 1] == '-') {
    dbf_span w = dbf__tx_word_before(x->s, name.off - 1);
    if (w.len == 0 || w.off + w.len + 1 != name.off)
      break;
    name = (dbf_span){w.off, v - 1 - w.off};
  }
  dbf_span the = dbf__tx_word_before(x->s, name.off);
  if (name.off < e + 5 || the.len != 3 || the.off + 4 != name.off ||
      !dbf__tx_ieqn(x->s + the.off, "the", 3))
    return false;
  size_t nb = name.off, ne = name.off + name.len;
  dbf__lex_match cm;
  if (dbf__tx_function_word(x->s + nb, ne - nb) ||
      dbf__people_is_role(&x->people, x->s + nb, ne - nb) ||
      (common && dbf__lex_match_at(common, x->s, ne, nb, &cm) && cm.len == ne - nb))
    return false;
  *out = (dbf_span){nb, v + fl - nb};
  return true;
}

/*
 * Decision-making groups ("the county commissioners", "a five-person
 * evaluation committee", "the board of directors") and unnamed roles that
 * hold a veto ("their finance director"): the head word with up to three
 * modifiers before it.
 */
static void add_groups(dbf__rx *x, json_t *arr) {
  static const char *const heads[] = {"board of directors",
                                      "board of trustees",
                                      "committee",
                                      "commissioners",
                                      "council",
                                      "trustees",
                                      "board",
                                      "leadership team",
                                      "executive team",
                                      "steering group",
                                      "panel",
                                      "owners",
                                      "shareholders",
                                      "governors",
                                      "finance director",
                                      "general counsel",
                                      "partners",
                                      NULL};
  /* Words that never qualify a group: articles, joiners, pronouns and the
     verbs of saying ("she told me board", "so the board"). */
  static const char *const stops[] = {
      "the", "a",    "an",  "their", "our",  "its",  "his",  "her",   "by",    "and",     "with",
      "on",  "of",   "to",  "from",  "at",   "then", "but",  "so",    "or",    "me",      "us",
      "him", "them", "you", "it",    "we",   "they", "he",   "she",   "who",   "that",    "which",
      "is",  "are",  "was", "were",  "told", "said", "says", "tells", "signs", "decides", NULL};
  size_t covered_end = 0;
  for (size_t p = 0; p < x->n;) {
    size_t which = 0;
    size_t at = dbf__tx_find_any(x->s, x->n, p, heads, &which);
    if (at == (size_t)-1)
      break;
    size_t end = at + strlen(heads[which]);
    p = end;
    if (at < covered_end)
      continue;
    /* "their board meeting", "the board meets in February": a date, not a decider. */
    static const char *const not_deciding[] = {" meeting", " meets", " meet", " deck", NULL};
    bool skip = false;
    for (size_t k = 0; not_deciding[k] && !skip; k++) {
      size_t l = strlen(not_deciding[k]);
      skip = end + l <= x->n && dbf__tx_ieqn(x->s + end, not_deciding[k], l) &&
             dbf__tx_is_word_at(x->s, x->n, end + 1, l - 1);
    }
    /* "the board's risk committee", "the council's saleyard committee":
       the group that owns the deciding group is no decider of its own. */
    size_t which3 = 0;
    size_t inner =
        end + 3 < x->n && x->s[end] == '\'' && x->s[end + 1] == 's' && x->s[end + 2] == ' '
            ? dbf__tx_find_any(x->s, x->n, end + 3, heads, &which3)
            : (size_t)-1;
    /* "has to be on board", "get them on board": agreeing, not a board. */
    if (strcmp(heads[which], "board") == 0 && at >= 3 && dbf__tx_ieqn(x->s + at - 3, "on ", 3) &&
        (at == 3 || !dbf__tx_isalnum((unsigned char)x->s[at - 4])))
      continue;
    if (skip || only_informed_after(x, end) ||
        (inner != (size_t)-1 && inner <= end + 24 &&
         dbf__tx_word_count(x->s, (dbf_span){end + 3, inner - end - 3}) <= 2) ||
        seat_of_group(x, at, end))
      continue;
    /* "partners" only as a group that decides: "the partners' committee"
       is found by "committee"; a bare "partners" needs "the". */
    size_t b = at;
    for (int w = 0; w < 3 && b > 0; w++) {
      size_t e = b;
      while (e > 0 && x->s[e - 1] == ' ')
        e--;
      size_t s0 = e;
      while (s0 > 0 && (dbf__tx_isalnum((unsigned char)x->s[s0 - 1]) || x->s[s0 - 1] == '-' ||
                        x->s[s0 - 1] == '\''))
        s0--;
      /* "- county board" as a bullet: a dash or a quote opens no word. */
      while (s0 < e && !dbf__tx_isalnum((unsigned char)x->s[s0]))
        s0++;
      if (s0 == e)
        break;
      bool stop = false;
      for (size_t k = 0; stops[k] && !stop; k++)
        stop = e - s0 == strlen(stops[k]) && dbf__tx_ieqn(x->s + s0, stops[k], e - s0);
      /* A capitalized head keeps its capitalized name: "the university's
         Capital Committee"; a lower-case one stops at a name. A possessive
         ("university's") is whose the group is. */
      bool possessive = e - s0 > 2 && x->s[e - 1] == 's' && x->s[e - 2] == '\'';
      if (stop || possessive ||
          dbf__tx_isupper((unsigned char)x->s[s0]) != dbf__tx_isupper((unsigned char)x->s[at]))
        break;
      b = s0;
    }
    /* "the board risk committee": one group, not two. */
    size_t q = end;
    size_t which2 = 0;
    size_t nxt = dbf__tx_find_any(x->s, x->n, end, heads, &which2);
    if (nxt != (size_t)-1 && nxt <= end + 16) {
      bool plain = true;
      for (size_t i = end; i < nxt && plain; i++)
        plain = x->s[i] == ' ' || (x->s[i] >= 'a' && x->s[i] <= 'z') ||
                (x->s[i] == '\'' && i + 1 < nxt && x->s[i + 1] == ' '); /* "governors' " */
      /* "the board signs and the board", "the council, so the committee":
         a joiner or a verb between starts a second mention ("committee of
         the board" stays one). */
      static const char *const joins[] = {"and",  "or",   "but",   "so",      "then",
                                          "is",   "are",  "was",   "were",    "told",
                                          "said", "says", "signs", "decides", NULL};
      for (size_t i = end; i < nxt && plain;) {
        while (i < nxt && !dbf__tx_isalnum((unsigned char)x->s[i]))
          i++;
        size_t we = i;
        while (we < nxt && dbf__tx_isalnum((unsigned char)x->s[we]))
          we++;
        for (size_t k = 0; joins[k] && plain && we > i; k++)
          plain = !(we - i == strlen(joins[k]) && dbf__tx_ieqn(x->s + i, joins[k], we - i));
        i = we;
      }
      if (plain)
        q = nxt + strlen(heads[which2]);
    }
    if (strcmp(heads[which], "partners") == 0 &&
        (b == at && !(at >= 4 && dbf__tx_ieqn(x->s + at - 4, "the ", 4))))
      continue;
    bool people_group = strcmp(heads[which], "owners") == 0 ||
                        strcmp(heads[which], "partners") == 0 ||
                        strcmp(heads[which], "shareholders") == 0;
    dbf_span family = {0, 0};
    if (strcmp(heads[which], "owners") == 0 && q == end && owner_family_named(x, end, &family)) {
      dbf__rx_add_span(x, arr, family);
      q = family.off + family.len;
    } else if (!(people_group && q == end && members_beside_group(x, arr, at, q)))
      dbf__rx_add_span(x, arr, (dbf_span){b, q - b});
    covered_end = q;
    p = q;
  }
}

/* True when s[b..e) holds 1 to max lower-case words and spaces only. */
static bool plain_words_between(const dbf__rx *x, size_t b, size_t e, size_t max) {
  if (e <= b + 1 || x->s[b] != ' ' || x->s[e - 1] != ' ')
    return false;
  size_t words = 0;
  for (size_t i = b; i < e; i++) {
    if (x->s[i] == ' ')
      continue;
    if (!dbf__tx_islower((unsigned char)x->s[i]))
      return false;
    if (x->s[i - 1] == ' ')
      words++;
  }
  return words >= 1 && words <= max;
}

/*
 * Roles that decide without a name: "the CEO countersigns", "their VP of
 * Retail has to sign", "the site General Manager". A role followed by a
 * name ("their CFO, Elena Rossi") is that person's, already listed.
 */
/* A role that argues for the deal rather than decides it. */
static bool advocate_word(const char *s, size_t n) {
  static const char *const words[] = {"champion", "influencer", "advocate", NULL};
  for (size_t k = 0; words[k]; k++)
    if (strlen(words[k]) == n && dbf__tx_ieqn(s, words[k], n))
      return true;
  return false;
}

/* The length of the one of words that opens x->s at v, or 0. */
static size_t opens_with_word(const dbf__rx *x, size_t v, const char *const *words) {
  for (size_t k = 0; words[k]; k++) {
    size_t l = strlen(words[k]);
    if (v + l <= x->n && dbf__tx_ieqn(x->s + v, words[k], l))
      return l;
  }
  return 0;
}

/* The length of the one of phrases said as whole words at v, or 0; said
   of joined names (plural), a phrase whose verb ends in "s" ("gives
   input", "only recommends") is said of the last name alone. */
static size_t phrase_at(const dbf__rx *x, size_t v, const char *const *phrases, bool plural) {
  for (size_t k = 0; phrases[k]; k++) {
    size_t l = strlen(phrases[k]);
    size_t w = strcspn(phrases[k], " ");
    if (v + l <= x->n && dbf__tx_ieqn(x->s + v, phrases[k], l) &&
        dbf__tx_is_word_at(x->s, x->n, v, l) && !(plural && phrases[k][w - 1] == 's'))
      return l;
  }
  return 0;
}

/* Does what is said at v only feed the decision: one of feeds ("gives
   input"), or "only" or "just" before a verb of preparing or running
   ("Lukas only recommends", "Petra just handled the paperwork")? */
static bool feeds_the_decision(const dbf__rx *x, size_t v, const char *const *feeds, bool plural) {
  static const char *const only[] = {"only ", "just ", NULL};
  static const char *const merely[] = {
      "recommends", "advises",   "influences",  "gives input", "prepares",  "brings",
      "runs",       "ran",       "handles",     "handled",     "gathers",   "gathered",
      "collects",   "collected", "coordinates", "coordinated", "recommend", "advise",
      "prepare",    "run",       "handle",      "gather",      "collect",   "coordinate",
      "presents",   "present",   "presented",   NULL};
  size_t ol = opens_with_word(x, v, only);
  if (ol && phrase_at(x, v + ol, merely, plural))
    return true;
  return phrase_at(x, v, feeds, plural) > 0;
}

/* Where what is said of the person ending at e begins: past spaces and
   any names joined to it by "and", "&", "+" or a comma ("Ola and Per
   will ..."); *plural tells whether names were joined. */
static size_t past_joined_names(const dbf__rx *x, size_t e, bool *plural) {
  size_t v = e, said = e;
  bool joined = false;
  for (int hops = 0; hops < 4; hops++) {
    while (v < x->n && x->s[v] == ' ')
      v++;
    if (hops == 0)
      said = v;
    size_t j = v;
    bool comma = j < x->n && x->s[j] == ',';
    if (j < x->n && (comma || x->s[j] == '&' || x->s[j] == '+'))
      j++;
    while (j < x->n && x->s[j] == ' ')
      j++;
    if (j + 4 <= x->n && dbf__tx_ieqn(x->s + j, "and ", 4)) {
      j += 4;
      comma = false;
    }
    const dbf__person *next = NULL;
    for (size_t i = 0; j > v && i < x->n_persons && !next; i++)
      if (x->persons[i].off == j)
        next = &x->persons[i];
    if (!next)
      break;
    joined = joined || !comma;
    v = next->off + next->len;
  }
  while (v < x->n && x->s[v] == ' ')
    v++;
  /* "Ana, Tom gives input": a comma alone lists no joined names. */
  *plural = joined;
  return joined ? v : said;
}

/* "Shane's the champion", "Dana is our internal champion": the person
   after whose name an advocate's role is said; targeted tells whether
   the answer was asked who decides. */
static bool said_advocate(const dbf__rx *x, const dbf__person *p, bool targeted) {
  static const char *const links[] = {"'s the ",   " is the ",   "'s our ", " is our ",
                                      "'s their ", " is their ", "'s an ",  " is an ",
                                      "'s a ",     " is a ",     NULL};
  size_t e = p->off + p->len;
  for (size_t k = 0; links[k]; k++) {
    size_t l = strlen(links[k]);
    if (e + l >= x->n || !dbf__tx_ieqn(x->s + e, links[k], l))
      continue;
    size_t w = e + l;
    if (w + 9 <= x->n && dbf__tx_ieqn(x->s + w, "internal ", 9))
      w += 9;
    size_t we = w;
    while (we < x->n && dbf__tx_isalnum((unsigned char)x->s[we]))
      we++;
    if (advocate_word(x->s + w, we - w))
      return true;
    /* "Kevin's a strong influencer": one word before the role. */
    size_t w2 = we < x->n && x->s[we] == ' ' ? we + 1 : we, we2 = w2;
    while (we2 < x->n && dbf__tx_isalnum((unsigned char)x->s[we2]))
      we2++;
    if (w2 > we && advocate_word(x->s + w2, we2 - w2))
      return true;
    break;
  }
  /* "Nadia Berg, head of quality, she was our champion": an advocate's
     role said of the person before the next one is named. */
  size_t next = x->n;
  for (size_t i = 0; i < x->n_persons; i++)
    if (x->persons[i].off > p->off && x->persons[i].off < next)
      next = x->persons[i].off;
  static const char *const championed[] = {"our champion",          "the champion",
                                           "our internal champion", "our advocate",
                                           "our biggest fan",       NULL};
  static const char *const pronoun[] = {"she was", "he was", "she's", "he's",
                                        "she is",  "he is",  NULL};
  dbf_span sent = dbf__rx_sentence_of(x, p->off);
  size_t stop = dbf__tx_span_end(sent) < next ? dbf__tx_span_end(sent) : next;
  size_t at = dbf__tx_find_any(x->s, stop, e, championed, NULL), which = 0;
  size_t pr = at != (size_t)-1 ? dbf__tx_find_any(x->s, at, at > 8 ? at - 8 : e, pronoun, &which)
                               : (size_t)-1;
  if (pr != (size_t)-1 && pr + strlen(pronoun[which]) + 1 == at)
    return true;
  /* "Ana will prepare the numbers for him", "karan gives input": what
     the person does right after the name only feeds the decision. One who
     recommended it or presents it to those who decide ("Ola recommended
     it, the board signed") is one of the deciders when asked who decides,
     and only feeds it when said in passing, in another answer ("Ola
     presents it to Per next week"). */
  static const char *const feeds[] = {
      "will recommend", "will prepare", "was overruled", "gives input", "gave input", "has input",
      "had input", "pushed for", "is pushing for", "advises", "will present", "give input",
      "give inputs", "gives inputs", "will give input", "will give inputs", "provide input",
      "provides input",
      /* "Ana is gathering the figures", "Tom will
         collect the data": work done for
         the one who decides. */
      "will gather", "gathers", "is gathering", "are gathering", "will collect", "collects",
      "is collecting", "are collecting", "will pull together", "is pulling together", NULL};
  if (only_informed_after(x, e))
    return true;
  /* "Ola and Per will give inputs", "Ola, Per and Kim just gathered the
     figures": the names joined to it come before what they do. */
  bool plural = false;
  size_t v = past_joined_names(x, e, &plural);
  if (v > e && feeds_the_decision(x, v, feeds, plural))
    return true;
  static const char *const put_forward[] = {"recommended", "presents", NULL};
  if (v > e && !targeted && phrase_at(x, v, put_forward, plural))
    return true;
  /* "Dana is an influencer, not a decider": denied in the name's clause. */
  static const char *const denials[] = {
      "not a decider", "not the decider", "not a decision maker", "not the decision maker",
      "isn't a decider", "isn't the decider",
      /* "Tom is the day-to-day owner but
         doesn't sign", "Eirik has
         influence but no budget", "used to
         approve ..., not anymore" */
      "doesn't sign", "doesnt sign", "does not sign", "can't sign", "cannot sign", "but no budget",
      "not anymore", "not the final one", "not the final say", "not the final call",
      /* "Lena backed us and got overruled". */
      "overruled", NULL};
  /* In the name's clause, before the next person is named: "Claudia
     decides, Reto is our champion but doesn't sign" denies Reto only. */
  size_t ce = e;
  while (ce < x->n && ce < next && !strchr(".;!?\n", x->s[ce]))
    ce++;
  if (dbf__tx_find_any(x->s, ce, e, denials, NULL) != (size_t)-1)
    return true;
  /* "Frida has no say on the budget", "Cem was not even asked", "Ivo runs
     the tender but does not decide": left out of the decision, said of the
     person before anything they decide; "doesn't decide alone" is no
     denial. */
  static const char *const left_out[] = {"no say",
                                         "not asked",
                                         "not even asked",
                                         "wasn't even asked",
                                         "wasn't asked",
                                         "weren't asked",
                                         "not consulted",
                                         "wasn't consulted",
                                         "not involved",
                                         "isn't involved",
                                         "wasn't involved",
                                         "no vote",
                                         "no part in",
                                         "nothing to do with",
                                         NULL};
  /* Said of the person within a few words of the name, before anyone
     else is brought in ("and the board ..."). */
  static const char *const not_deciding[] = {
      "doesn't decide", "doesnt decide", "does not decide", "didn't decide", "didnt decide",
      "did not decide", "doesn't vote", "doesnt vote", "does not vote", "not a signer",
      "not the signer", "no signing authority", "not hold signing authority",
      "doesn't hold signing authority",
      /* "has no sign-off authority", "no
         authority to sign". */
      "no sign-off", "no sign off", "no signoff", "no authority", NULL};
  static const char *const deciding[] = {"decide",   "decides",   "decided", "sign",
                                         "signs",    "signed",    "approve", "approves",
                                         "approved", "final say", "call",    NULL};
  static const char *const alone[] = {" alone",      " on his own", " on her own",
                                      " by himself", " by herself", NULL};
  size_t lo = dbf__tx_find_any(x->s, ce, e, left_out, NULL);
  if (lo != (size_t)-1)
    return dbf__tx_find_any(x->s, lo, e, deciding, NULL) == (size_t)-1;
  static const char *const someone_else[] = {"and the",   "but the",   "and their",
                                             "but their", "while the", NULL};
  size_t se = dbf__tx_find_any(x->s, ce, e, someone_else, NULL);
  size_t lk = 0, nd = dbf__tx_find_any(x->s, se != (size_t)-1 ? se : ce, e, not_deciding, &lk);
  if (nd == (size_t)-1 || dbf__tx_find_any(x->s, nd, e, deciding, NULL) != (size_t)-1)
    return false;
  size_t words = 0;
  for (size_t k = e; k < nd; k++)
    words += x->s[k] != ' ' && (k == e || x->s[k - 1] == ' ');
  return words <= 6 && opens_with_word(x, nd + strlen(not_deciding[lk]), alone) == 0;
}

/* Where the words before a determiner end: det_end is the determiner's
   end, and the spaces on either side of it are skipped. */
static size_t before_det(const dbf__rx *x, size_t det_end) {
  size_t p = det_end;
  while (p > 0 && x->s[p - 1] == ' ')
    p--;
  while (p > 0 && dbf__tx_isalnum((unsigned char)x->s[p - 1]))
    p--;
  while (p > 0 && x->s[p - 1] == ' ')
    p--;
  return p;
}

/* Does "he's", "she's", "he is" or "she is" come right before the
   determiner that ends at det_end ("he's the owner")? */
static bool said_of_pronoun(const dbf__rx *x, size_t det_end) {
  static const char *const pronouns[] = {"he's", "she's", "he is", "she is", NULL};
  size_t p = before_det(x, det_end);
  for (size_t k = 0; pronouns[k]; k++) {
    size_t l = strlen(pronouns[k]);
    if (p >= l && dbf__tx_ieqn(x->s + p - l, pronouns[k], l) &&
        (p == l || !dbf__tx_isalnum((unsigned char)x->s[p - l - 1])))
      return true;
  }
  return false;
}

/*
 * The person a role is said of with a copula before its determiner, which
 * ends at det_end: "Ana Ruiz is the owner", "Ana is really the owner",
 * "Ana's basically the owner". One adverb may come between. Returns the
 * person's index, or (size_t)-1.
 */
static size_t holder_by_copula(const dbf__rx *x, size_t det_end) {
  static const char *const adverbs[] = {"basically", "really",      "actually", "also",
                                        "kind of",   "effectively", "in fact",  NULL};
  size_t p = before_det(x, det_end);
  for (size_t k = 0; adverbs[k]; k++) {
    size_t l = strlen(adverbs[k]);
    if (p > l && dbf__tx_ieqn(x->s + p - l, adverbs[k], l) && x->s[p - l - 1] == ' ') {
      for (p -= l; p > 0 && x->s[p - 1] == ' ';)
        p--;
      break;
    }
  }
  size_t name_end;
  if (p >= 3 && dbf__tx_ieqn(x->s + p - 2, "is", 2) && x->s[p - 3] == ' ')
    for (name_end = p - 3; name_end > 0 && strchr(" ,", x->s[name_end - 1]);)
      name_end--;
  else if (p >= 2 && x->s[p - 2] == '\'' && (x->s[p - 1] == 's' || x->s[p - 1] == 'S'))
    name_end = p - 2;
  else
    return (size_t)-1;
  size_t pb = name_end;
  while (pb > 0 && dbf__tx_isalnum((unsigned char)x->s[pb - 1]))
    pb--;
  bool pronoun = (name_end - pb == 2 && dbf__tx_ieqn(x->s + pb, "he", 2)) ||
                 (name_end - pb == 3 && dbf__tx_ieqn(x->s + pb, "she", 3));
  /* "he's basically the owner": the last person named before it. */
  dbf_span sent = dbf__rx_sentence_of(x, pb);
  size_t last = (size_t)-1;
  for (size_t k = 0; k < x->n_persons; k++) {
    size_t pe = x->persons[k].off + x->persons[k].len;
    if (!pronoun && pe == name_end)
      return k;
    if (pronoun && x->persons[k].off >= sent.off && pe <= pb)
      last = k;
  }
  return last;
}

/*
 * The person a role is pointed at later in its sentence: "the MD signs
 * above a limit, that's Dr Ana Ruiz", "the chair, who is Bo Lind, has a
 * veto". The first "that's", "that is", "who is" or "which is" after the
 * role end e, with no other role between, then the person (past a title
 * of address). Returns the person's index, or (size_t)-1; a name the
 * person parser did not read is put in *unread instead.
 */
static size_t holder_pointed_after(const dbf__rx *x, size_t e, const dbf__lex_match *next_role,
                                   dbf_span *unread) {
  static const char *const points[] = {"that's", "that is", "who is", "who's", "which is", NULL};
  dbf_span sent = dbf__rx_sentence_of(x, e > 0 ? e - 1 : e);
  size_t end = sent.off + sent.len;
  if (next_role && next_role->off < end)
    end = next_role->off;
  size_t at = (size_t)-1, l = 0;
  for (size_t k = 0; points[k]; k++) {
    size_t f = dbf__tx_find_word(x->s, end, e, points[k]);
    if (f != (size_t)-1 && f < at) {
      at = f;
      l = strlen(points[k]);
    }
  }
  if (at == (size_t)-1)
    return (size_t)-1;
  size_t v = at + l;
  while (v < x->n && x->s[v] == ' ')
    v++;
  size_t h = dbf__people_honorific_at(x->s, x->n, v);
  if (!h) { /* a title the lexicon lacks, cut short: "Eng.", "Prof", "Arch." */
    size_t we = v;
    while (we < x->n && dbf__tx_isalnum((unsigned char)x->s[we]))
      we++;
    if (we > v && we - v <= 5 && we < x->n && (x->s[we] == '.' || x->s[we] == ' ') &&
        dbf__tx_isupper((unsigned char)x->s[v]))
      h = we + (x->s[we] == '.') - v;
  }
  for (size_t k = 0; k < x->n_persons; k++)
    if (x->persons[k].off == v || (h && x->persons[k].off >= v && x->persons[k].off <= v + h + 1))
      return k;
  /* A name the person parser did not read: two or three capitalized
     words, none a role nor an everyday word ("that's Ottilie Varga and Sam"). */
  if (h)
    while (v + h < x->n && x->s[v + h] == ' ')
      h++;
  const dbf__lexicon *common = dbf__lex_get(x->ctx->lex, "common_words");
  dbf_span run = dbf__rx_cap_run(x, v + h, end);
  size_t words = 0;
  for (size_t k = run.off; run.len && k < run.off + run.len; k++) {
    bool opens = k == run.off || x->s[k - 1] == ' ';
    if (!opens)
      continue;
    size_t we = k;
    while (we < run.off + run.len && x->s[we] != ' ')
      we++;
    dbf__lex_match cm;
    if (!dbf__tx_isupper((unsigned char)x->s[k]) ||
        dbf__people_is_role(&x->people, x->s + k, we - k) ||
        dbf__tx_function_word(x->s + k, we - k) ||
        (common && dbf__lex_match_at(common, x->s, we, k, &cm) && cm.len == we - k))
      return (size_t)-1;
    words++;
  }
  if (run.len && run.off == v + h && words >= 2 && words <= 3 && unread)
    *unread = run;
  return (size_t)-1;
}

/* "the CEO and the CFO", "the MD needs the chairman": a word between two
   roles that joins two people or is a verb, so the roles are two and no
   one run ("chair of the board" stays one). */
static bool joins_two_roles(const dbf__rx *x, size_t b, size_t e) {
  static const char *const joins[] = {"and", "or", "plus", "then", "with", "but", NULL};
  const dbf__lexicon *common = dbf__lex_get(x->ctx->lex, "common_words");
  for (size_t v = b; v < e;) {
    while (v < e && x->s[v] == ' ')
      v++;
    size_t we = v;
    while (we < e && x->s[we] != ' ')
      we++;
    if (we > v && (dbf__tx_word_in(x->s + v, we - v, joins) ||
                   dbf__people_verb_form(common, x->s + v, we - v)))
      return true;
    v = we;
  }
  return false;
}

/* The end of the lower-case word at v, or v when none opens there. */
static size_t lower_word_end(const dbf__rx *x, size_t v) {
  size_t e = v;
  while (e < x->n && (dbf__tx_islower((unsigned char)x->s[e]) || x->s[e] == '\''))
    e++;
  return e < x->n && dbf__tx_isalnum((unsigned char)x->s[e]) ? v : e;
}

/*
 * Where the name of the one holding a role would start when the role is
 * said first and the name follows after a few words that only qualify
 * the role or introduce the name: "the plant manager north, Ms Obi",
 * "their treasurer, a woman called Ines Roth", "the COO, I think his name
 * is Bo Lind". The role must end at a comma, colon, dash or bracket, so
 * "the CFO wants Tom Reyes to sign" (a verb between) names no holder.
 * Returns (size_t)-1 when nothing of that shape follows e.
 */
/* Is the lower-case word [v, we) one that may qualify a role said before
   a name ("the GM operations", "the president of Kessler"): no verb
   form, no word that joins two people and no other function word than
   "of"? A department ("operations", "sales") qualifies though it ends
   like a verb. */
static bool role_qualifier_word(const dbf__rx *x, size_t v, size_t we) {
  static const char *const joins[] = {"and", "or", "plus", "then", "with", "but", NULL};
  const dbf__lexicon *common = dbf__lex_get(x->ctx->lex, "common_words");
  const dbf__lexicon *units = dbf__lex_get(x->ctx->lex, "departments");
  dbf__lex_match m;
  if ((we - v == 2 && dbf__tx_ieqn(x->s + v, "of", 2)) ||
      (units && dbf__lex_match_at(units, x->s, we, v, &m) && m.len == we - v))
    return true;
  return !dbf__tx_word_in(x->s + v, we - v, joins) && !dbf__tx_function_word(x->s + v, we - v) &&
         !dbf__people_verb_form(common, x->s + v, we - v);
}

/* The words that open as a person is introduced ("a man", "I think his"),
   so that "who called Ines" stays a clause of its own. */
static const char *const intro_openers[] = {"a ",     "an ",  "some ", "I ",     "i ",
                                            "think ", "his ", "her ",  "their ", NULL};

/*
 * Where the name starts after up to six lower-case words that introduce
 * it from v ("a man called", "I think her name is", "his name's"), past
 * "is" or "was" after "name"; (size_t)-1 when no such word comes.
 */
static size_t name_after_intro(const dbf__rx *x, size_t v) {
  static const char *const intro[] = {"called", "named", "name's", "name", NULL};
  static const char *const verb[] = {"is", "was", NULL};
  size_t t = v, named_at = (size_t)-1;
  for (int w = 0; w < 6 && t < x->n && named_at == (size_t)-1; w++) {
    size_t ws = t;
    t = x->s[ws] == 'I' && ws + 1 < x->n && x->s[ws + 1] == ' ' ? ws + 1 : lower_word_end(x, ws);
    if (t == ws)
      break;
    if (opens_with_word(x, ws, intro) == t - ws)
      named_at = t;
    while (t < x->n && x->s[t] == ' ')
      t++;
  }
  if (named_at == (size_t)-1)
    return (size_t)-1;
  for (v = named_at; v < x->n && x->s[v] == ' ';)
    v++;
  size_t is = lower_word_end(x, v); /* "name is", "name was" */
  if (is > v && opens_with_word(x, v, verb) == is - v)
    for (v = is; v < x->n && x->s[v] == ' ';)
      v++;
  return v;
}

/*
 * The holder of a role said with no mark between the two, as people
 * dictate: "their CFO a woman called Ines Roth", "the COO I think his
 * name is Bo Lind", or up to two words that qualify the role and then a
 * title of address: "the GM finance Mr Obi", "the chair of Haldor Mrs
 * Vance". Where the name would start, or (size_t)-1.
 */
static size_t holder_without_mark(const dbf__rx *x, size_t e) {
  size_t v = e;
  while (v < x->n && x->s[v] == ' ')
    v++;
  if (opens_with_word(x, v, intro_openers)) {
    v = name_after_intro(x, v);
    return v == (size_t)-1 ? v : v + dbf__people_honorific_at(x->s, x->n, v);
  }
  for (int w = 0; w < 3; w++) {
    size_t h = dbf__people_honorific_at(x->s, x->n, v);
    if (h)
      return w > 0 ? v + h : (size_t)-1; /* right after the role: the caller's */
    size_t we = lower_word_end(x, v);
    if (we == v || w == 2 || !role_qualifier_word(x, v, we))
      return (size_t)-1;
    for (v = we; v < x->n && x->s[v] == ' ';)
      v++;
  }
  return (size_t)-1;
}

static size_t holder_name_after_role(const dbf__rx *x, size_t e) {
  size_t v = e;
  bool qualified = false;
  for (int w = 0; w < 2; w++) { /* "the GM operations": a qualifier */
    size_t t = v;
    while (t < x->n && x->s[t] == ' ')
      t++;
    size_t we = lower_word_end(x, t);
    if (we == t)
      break;
    v = we;
    qualified = true;
  }
  while (v < x->n && x->s[v] == ' ')
    v++;
  if (v >= x->n || !strchr(",:(-", x->s[v]))
    return holder_without_mark(x, e);
  while (v < x->n && strchr(" ,:(-", x->s[v]))
    v++;
  if (qualified) {
    /* "the CFO signs, Tom Reyes advises": a word after the role may be a
       verb, so only a title of address vouches for the holder. */
    size_t h = dbf__people_honorific_at(x->s, x->n, v);
    return h ? v + h : (size_t)-1;
  }
  if (opens_with_word(x, v, intro_openers)) {
    size_t named = name_after_intro(x, v);
    if (named != (size_t)-1)
      v = named;
  }
  return v + dbf__people_honorific_at(x->s, x->n, v);
}

/* Past spaces, marks, hesitations and "actually" from s[v]. */
static size_t past_aside_marks(const dbf__rx *x, size_t v) {
  for (;;) {
    while (v < x->n && strchr(" ,:(-", x->s[v]))
      v++;
    size_t we = v;
    while (we < x->n && dbf__tx_isalnum((unsigned char)x->s[we]))
      we++;
    if (we == v || !(dbf__tx_hesitation(x->s + v, we - v) ||
                     (we - v == 8 && dbf__tx_ieqn(x->s + v, "actually", 8))))
      return v;
    v = we;
  }
}

/*
 * A role's holder named past an aside about who they are: a word of kin
 * ("the owner, his father Jan Kos": the one who spoke of "his" is the
 * owner's son) or a nickname ("the owner - everyone calls him Bo").
 * Returns where the holder's name opens, or (size_t)-1.
 */
static size_t holder_past_aside(const dbf__rx *x, size_t e) {
  static const char *const owners[] = {"his ", "her ", "their ", "my ", "our ", NULL};
  size_t v = past_aside_marks(x, e);
  for (size_t k = 0; owners[k]; k++) {
    size_t l = strlen(owners[k]);
    if (v + l >= x->n || !dbf__tx_ieqn(x->s + v, owners[k], l))
      continue;
    size_t w = past_aside_marks(x, v + l);
    size_t kin = dbf__people_kin_at(x->s, x->n, w);
    if (!kin)
      return (size_t)-1;
    w = past_aside_marks(x, w + kin);
    return w + dbf__people_honorific_at(x->s, x->n, w);
  }
  /* A nickname cue within four words: "everyone just calls him". */
  size_t w = v;
  for (int words = 0; words < 4 && w < x->n; words++) {
    for (size_t k = 0; k_nickname_cues[k]; k++) {
      size_t l = strlen(k_nickname_cues[k]);
      if (w + l < x->n && dbf__tx_ieqn(x->s + w, k_nickname_cues[k], l))
        return w + l;
    }
    while (w < x->n && dbf__tx_isalnum((unsigned char)x->s[w]))
      w++;
    if (w >= x->n || x->s[w] != ' ')
      break;
    w++;
  }
  return (size_t)-1;
}

/* Does a person's name open at h, or one word after it ("Abu Bakr", where
   the name read is the second word)? */
static bool person_opens_near(const dbf__rx *x, size_t h) {
  if (h == (size_t)-1)
    return false;
  size_t w = h;
  while (w < x->n && dbf__tx_isalnum((unsigned char)x->s[w]))
    w++;
  for (size_t k = 0; k < x->n_persons; k++)
    if (x->persons[k].off == h ||
        (w > h && w < x->n && x->s[w] == ' ' && x->persons[k].off == w + 1))
      return true;
  return false;
}

/*
 * The same role said again elsewhere in the answer and there bound to a
 * named person: "the CFO co-signs ... the CFO is Ada Obi", "their chair
 * has a veto. chair's Bo Lind". The role words [b, e) recur, then "is",
 * "was" or "'s" (or nothing) and a person, past a title of address.
 * Returns the person's index, or (size_t)-1.
 */
static size_t holder_named_elsewhere(const dbf__rx *x, size_t b, size_t e) {
  static const char *const links[] = {"is ", "was ", "'s ", NULL};
  char role[ITEM_CAP];
  snprintf(role, sizeof role, "%.*s", (int)(e - b), x->s + b);
  for (size_t f = dbf__tx_find_word(x->s, x->n, 0, role); f != (size_t)-1;
       f = dbf__tx_find_word(x->s, x->n, f + 1, role)) {
    if (f == b)
      continue;
    size_t v = f + (e - b);
    if (v < x->n && x->s[v] == '\'' && v + 1 < x->n && (x->s[v + 1] | 32) == 's')
      v += 2;
    else {
      while (v < x->n && x->s[v] == ' ')
        v++;
      size_t l = opens_with_word(x, v, links);
      v += l;
    }
    while (v < x->n && x->s[v] == ' ')
      v++;
    v += dbf__people_honorific_at(x->s, x->n, v);
    for (size_t k = 0; k < x->n_persons; k++)
      if (x->persons[k].off == v && !x->persons[k].ours)
        return k;
  }
  return (size_t)-1;
}

static void add_unnamed_roles(dbf__rx *x, json_t *arr) {
  /* Not "our": "our champion" is on our side, and no decider. */
  static const char *const dets[] = {"the ", "their ", "its ", NULL};
  const dbf__lexicon *roles = dbf__lex_get(x->ctx->lex, "roles");
  dbf__lex_match m[16];
  size_t cnt = dbf__lex_scan(roles, x->s, x->n, m, 16);
  for (size_t i = 0; i < cnt; i++) {
    size_t b = m[i].off, e = m[i].off + m[i].len;
    if (advocate_word(x->s + b, m[i].len))
      continue; /* "Shane's the champion": on our side, no decider */
    /* One role run: "General Manager", "VP of Retail", and with up to two
       lower-case words between: "deputy city manager". */
    while (i + 1 < cnt && (m[i + 1].off <= e + 1 || (plain_words_between(x, e, m[i + 1].off, 2) &&
                                                     !joins_two_roles(x, e, m[i + 1].off)))) {
      i++;
      e = m[i].off + m[i].len;
    }
    if (e + 4 < x->n && dbf__tx_ieqn(x->s + e, " of ", 4) &&
        dbf__tx_isupper((unsigned char)x->s[e + 4])) {
      /* "VP of Retail Operations": every capitalized word of the run. */
      dbf_span run = dbf__rx_cap_run(x, e + 4, x->n);
      e = run.len ? run.off + run.len : e;
      while (e > b && strchr(".,;", x->s[e - 1]))
        e--;
    } else if (e + 4 < x->n && dbf__tx_ieqn(x->s + e, " of ", 4)) {
      /* "the head of it", "the director of finance", typed in lower case:
         a department after "of" is the role's. */
      const dbf__lexicon *depts = dbf__lex_get(x->ctx->lex, "departments");
      dbf__lex_match dm;
      if (depts && dbf__lex_match_at(depts, x->s, x->n, e + 4, &dm) && dm.off == e + 4 &&
          dbf__tx_is_word_at(x->s, x->n, dm.off, dm.len))
        e = dm.off + dm.len;
    }
    /* Back over lowercase modifiers to a determiner: "the site General Manager". */
    size_t start = b;
    bool det = false;
    for (int w = 0; w < 3 && start > 0; w++) {
      for (size_t k = 0; dets[k] && !det; k++) {
        size_t l = strlen(dets[k]);
        det = start >= l && dbf__tx_ieqn(x->s + start - l, dets[k], l) &&
              (start == l || !dbf__tx_isalnum((unsigned char)x->s[start - l - 1]));
      }
      if (det)
        break;
      size_t ws = start;
      while (ws > 0 && x->s[ws - 1] == ' ')
        ws--;
      size_t we = ws;
      while (ws > 0 && dbf__tx_isalnum((unsigned char)x->s[ws - 1]))
        ws--;
      if (ws == we)
        break;
      start = ws;
    }
    if (!det) {
      /* "Tristate's CIO made the call": the firm's role, as "Tristate CIO". */
      size_t pe = b;
      while (pe > 0 && x->s[pe - 1] == ' ')
        pe--;
      size_t pb = pe;
      while (pb > 0 && (dbf__tx_isalnum((unsigned char)x->s[pb - 1]) || x->s[pb - 1] == '\''))
        pb--;
      if (pe < pb + 4 || x->s[pe - 2] != '\'' || x->s[pe - 1] != 's' ||
          !dbf__tx_isupper((unsigned char)x->s[pb]) || pe == b)
        continue;
      char firm_role[ITEM_CAP];
      snprintf(firm_role, sizeof firm_role, "%.*s %.*s", (int)(pe - 2 - pb), x->s + pb,
               (int)(e - b), x->s + b);
      bool someone = false;
      for (size_t k = 0; k < x->n_persons && !someone; k++)
        someone = x->persons[k].off >= e && x->persons[k].off <= e + 3;
      if (!someone)
        dbf__rx_add_str(arr, firm_role);
      continue;
    }
    /* Named right after ("their CFO, Elena Rossi", "the MD Mr. Lim") or
       part of a person's role. */
    size_t after = e;
    while (after < x->n && (x->s[after] == ' ' || x->s[after] == ',' || x->s[after] == '('))
      after++; /* "the exec producer (Dana Kim)" */
    after += dbf__people_honorific_at(x->s, x->n, after);
    /* A role said after the name: "Mrs. Hofer-Brandl, the managing director". */
    size_t before = start;
    while (before > 0 && strchr(" ,", x->s[before - 1]))
      before--;
    if (det && before > 0)
      for (before = start - 1; before > 0 && dbf__tx_isalnum((unsigned char)x->s[before - 1]);)
        before--;
    while (det && before > 0 && strchr(" ,-", x->s[before - 1]))
      before--;
    size_t holder_at = holder_name_after_role(x, e);
    bool named = person_opens_near(x, holder_past_aside(x, e));
    for (size_t k = 0; k < x->n_persons && !named; k++)
      named = (x->persons[k].off >= e && x->persons[k].off <= after) ||
              x->persons[k].off == holder_at ||
              (x->persons[k].off + x->persons[k].len <= b &&
               (x->persons[k].off + x->persons[k].len + 3 >= start ||
                (det && x->persons[k].off + x->persons[k].len == before)));
    /* "..., Bob Maplecrest, to bless it, he's the owner": a role said of
       "he" or "she" is the person the sentence named before. */
    if (det && !named && said_of_pronoun(x, start)) {
      dbf_span sent = dbf__rx_sentence_of(x, b);
      for (size_t k = 0; k < x->n_persons && !named; k++)
        named = x->persons[k].off >= sent.off && x->persons[k].off < start;
    }
    /* A role word inside a deciding group already kept: "executive" in
       "the executive committee". */
    size_t gi;
    json_t *gv;
    json_array_foreach(arr, gi, gv) {
      const char *g = json_string_value(gv);
      char role[ITEM_CAP];
      snprintf(role, sizeof role, "%.*s", (int)(e - start), x->s + start);
      named = named || (g && strlen(g) > e - start && strchr(g, ' ') &&
                        dbf__tx_find_word(g, strlen(g), 0, role) != (size_t)-1);
    }
    if (named)
      continue;
    /* "Ana is basically the owner", "the MD signs, that's Bo Lind": the
       role is the named person's; keep the person, not the role. */
    size_t said_of = det ? holder_by_copula(x, start) : (size_t)-1;
    dbf_span unread = {0, 0};
    if (said_of == (size_t)-1)
      said_of = holder_pointed_after(x, e, i + 1 < cnt ? &m[i + 1] : NULL, &unread);
    if (said_of == (size_t)-1 && !unread.len)
      said_of = holder_named_elsewhere(x, b, e);
    if (unread.len) {
      dbf__rx_add_span(x, arr, unread);
      continue;
    }
    if (said_of != (size_t)-1) {
      if (!x->persons[said_of].ours)
        dbf__rx_add_str(arr, x->persons[said_of].name);
      continue;
    }
    /* "The president decides" when the meeting had "their president, Mr.
       Kurashiki": the known person who holds the role. */
    const char *holder = NULL;
    for (size_t k = 0; k < x->people.n_known && !holder; k++) {
      size_t rl = strlen(x->people.known[k].role);
      if (rl >= e - b && rl > 0 && dbf__tx_ieqn(x->people.known[k].role, x->s + b, rl) &&
          dbf__tx_is_word_at(x->s, x->n, b, rl))
        holder = x->people.known[k].name;
    }
    if (holder)
      dbf__rx_add_str(arr, holder);
    else
      dbf__rx_add_span(x, arr, (dbf_span){start, e - start});
  }
}

/* What a person who decides is said to do, each with its space before. */
static const char *const k_deciding_verbs[] = {" signs",
                                               " decides",
                                               " approves",
                                               " has a veto",
                                               " has the final",
                                               " has a strong say",
                                               " has a say",
                                               " recommends",
                                               " owns the decision",
                                               " makes the call",
                                               " signs off",
                                               " picks",
                                               " chooses",
                                               " has to agree",
                                               " has to approve",
                                               " has to sign",
                                               " needs to approve",
                                               " needs to sign",
                                               " agrees",
                                               " gives the nod",
                                               " rubber-stamps",
                                               " okays",
                                               " has to ok",
                                               " needs to ok",
                                               " holds the budget",
                                               " owns the budget",
                                               " controls the budget",
                                               NULL};

/*
 * A name the person parser does not know, said to decide: "Aylin has a
 * veto on the technical side", "Dev has a strong say". The first word of
 * a sentence or clause, capitalized, then a deciding verb.
 */
static void add_deciding_names(dbf__rx *x, json_t *arr) {
  const char *const *verbs = k_deciding_verbs;
  for (size_t si = 0; si < x->n_sent; si++) {
    dbf_span cl[16];
    size_t nc = dbf__tx_clauses(x->s, x->sent[si], cl, 16);
    for (size_t c = 0; c < nc; c++) {
      dbf_span it = dbf__tx_trim(x->s, cl[c]);
      static const char *const lead[] = {"and ", "but ", "while ", NULL};
      for (size_t k = 0; lead[k]; k++) {
        size_t l = strlen(lead[k]);
        if (it.len > l && dbf__tx_ieqn(x->s + it.off, lead[k], l)) {
          it.off += l;
          it.len -= l;
        }
      }
      size_t e = it.off;
      while (e < it.off + it.len && dbf__tx_isalnum((unsigned char)x->s[e]))
        e++;
      dbf_span name = {it.off, e - it.off};
      if (name.len < 2 || !dbf__tx_isupper((unsigned char)x->s[name.off]) ||
          dbf__rx_is_starter(x, name) || dbf__people_is_role(&x->people, x->s + name.off, name.len))
        continue;
      bool deciding = false;
      for (size_t k = 0; verbs[k] && !deciding; k++) {
        size_t l = strlen(verbs[k]);
        deciding = e + l <= it.off + it.len && dbf__tx_ieqn(x->s + e, verbs[k], l);
      }
      if (!deciding)
        continue;
      /* A known person by first name ("Jan" for "Jan Sorensen") is listed already. */
      bool known = false;
      for (size_t k = 0; k < x->n_persons && !known; k++)
        known = x->persons[k].off == name.off;
      if (!known)
        dbf__rx_add_span(x, arr, name);
    }
  }
}

/*
 * "the trust (his aunt, Marie-Paule) has to ok", "her uncle,
 * Torvald, approves": a name the person parser does not know, set
 * off by a comma after a word of kin with its owner ("her", "his",
 * "their", "Ana's"), is a decider when a deciding verb follows it. A role
 * or an everyday word there ("her father, CEO of the group") is no name.
 */
static void add_kin_named(dbf__rx *x, json_t *arr) {
  static const char *const owners[] = {"her ", "his ", "their ", NULL};
  const char *s = x->s;
  for (size_t i = 1; i < x->n; i++) {
    size_t l = dbf__people_kin_at(s, x->n, i);
    bool owned = i >= 3 && s[i - 1] == ' ' && s[i - 2] == 's' && s[i - 3] == '\'';
    if (!l || !(owned || dbf__tx_phrase_ends_at(s, i, owners)))
      continue;
    size_t v = i + l;
    if (v + 2 >= x->n || s[v] != ',' || s[v + 1] != ' ')
      continue;
    v += 2;
    size_t e = v;
    while (e < x->n && (dbf__tx_isalnum((unsigned char)s[e]) ||
                        (s[e] == '-' && e + 1 < x->n && dbf__tx_isupper((unsigned char)s[e + 1]))))
      e++;
    dbf_span name = {v, e - v};
    if (name.len < 2 || !dbf__tx_isupper((unsigned char)s[v]) || dbf__rx_is_starter(x, name) ||
        dbf__tx_function_word(s + v, name.len) ||
        dbf__people_is_role(&x->people, s + v, name.len) || dbf__rx_is_person_or_account(x, name))
      continue;
    size_t q = e < x->n && (s[e] == ',' || s[e] == ')') ? e + 1 : e;
    bool deciding = false;
    for (size_t k = 0; k_deciding_verbs[k] && !deciding; k++)
      deciding = dbf__tx_word_at(s, q, x->n, k_deciding_verbs[k]) != 0;
    if (deciding)
      dbf__rx_add_span(x, arr, name);
  }
}

/*
 * "Mats and Lars together", "Tomasz and Agnieszka": asked who decides, a
 * capitalized word joined by "and", "+", "&" or a comma to a person found
 * is a person too, though no lexicon knows the name.
 */
static void add_coordinated_names(dbf__rx *x, json_t *arr) {
  static const char *const joins[] = {" and ", " + ", " & ", ", ", NULL};
  for (size_t i = 0; i < x->n_persons; i++) {
    const dbf__person *p = &x->persons[i];
    for (size_t k = 0; joins[k]; k++) {
      size_t l = strlen(joins[k]);
      dbf_span cand = {0, 0};
      size_t e = p->off + p->len;
      if (e + l < x->n && dbf__tx_ieqn(x->s + e, joins[k], l)) {
        cand = dbf__rx_cap_run(x, e + l, x->n);
        if (cand.off != e + l)
          cand.len = 0;
      } else if (p->off > l && dbf__tx_ieqn(x->s + p->off - l, joins[k], l)) {
        size_t b = p->off - l;
        while (b > 0 && (dbf__tx_isalnum((unsigned char)x->s[b - 1]) || x->s[b - 1] == '-'))
          b--;
        cand = (dbf_span){b, p->off - l - b};
      }
      /* One word, capitalized, a list item of its own ("Tomasz and
         Agnieszka", not "the VP of Operations, Linda Cho"), not a role, a
         group or a word of a sentence. */
      size_t before = cand.off;
      while (before > 0 && x->s[before - 1] == ' ')
        before--;
      bool item = before == 0 || strchr(",;+&(", x->s[before - 1]) ||
                  (before >= 3 && dbf__tx_ieqn(x->s + before - 3, "and", 3));
      bool one = item && cand.len >= 2;
      for (size_t q = cand.off; q < cand.off + cand.len && one; q++)
        one = x->s[q] != ' ';
      if (!one || !dbf__tx_isupper((unsigned char)x->s[cand.off]) ||
          dbf__tx_islower((unsigned char)x->s[cand.off + cand.len - 1]) == false ||
          dbf__rx_is_starter(x, cand) || dbf__tx_function_word(x->s + cand.off, cand.len) ||
          dbf__people_is_role(&x->people, x->s + cand.off, cand.len) ||
          dbf__rx_is_person_or_account(x, cand))
        continue;
      dbf__rx_add_span(x, arr, cand);
    }
  }
}

/* A word of a name: capitalized, or a particle inside one ("de", "van"). */
static bool name_words(const char *s) {
  size_t words = 0;
  for (const char *w = s; *w;) {
    while (*w == ' ')
      w++;
    if (!*w)
      break;
    const char *e = strchr(w, ' ');
    size_t l = e ? (size_t)(e - w) : strlen(w);
    bool particle = l <= 3 && dbf__tx_islower((unsigned char)w[0]) && words > 0;
    if (!particle && !dbf__tx_isupper((unsigned char)w[0]))
      return false;
    words++;
    w += l;
  }
  return words > 0 && words <= 5;
}

static const char *item_name(const json_t *v) {
  return json_is_object(v) ? json_string_value(json_object_get(v, "name")) : json_string_value(v);
}

/* The letters of a name in lower-case ASCII, accents, apostrophes, hyphens
   and spaces dropped: "Gómez" and "Gomez", "O'Keefe" and "Okeefe",
   "Yılmaz" and "Yilmaz" give one key. Other scripts keep their bytes. */
static void name_key(const char *s, char *out, size_t cap) {
  size_t o = 0;
  for (const unsigned char *u = (const unsigned char *)s; *u && o + 1 < cap; u++) {
    char base = dbf__tx_latin_base(u);
    if (base) {
      out[o++] = base;
      u++;
    } else if (dbf__tx_isalnum(u[0])) {
      out[o++] = dbf__tx_lower((char)u[0]);
    }
  }
  out[o] = '\0';
}

/* How much of its spelling a name keeps: accented letters, apostrophes and
   hyphens ("Gómez" keeps more than "Gomez", "O'Keefe" than "Okeefe"). */
static size_t spelling_kept(const char *s) {
  size_t n = 0;
  for (const unsigned char *u = (const unsigned char *)s; *u; u++)
    n += *u >= 0xC0 || *u == '\'' || *u == '-';
  return n;
}

/* "Valeria Gómez" from one answer and "Valeria Gomez" typed in the next:
   names equal but for accents or apostrophes are one person. The item
   with the fuller spelling stays (the earlier one on a tie) and takes
   what only the other says. */
static void one_per_spelling(json_t *arr) {
  for (size_t i = json_array_size(arr); i-- > 1;) {
    const char *a = item_name(json_array_get(arr, i));
    char ka[96], kb[96];
    if (!a)
      continue;
    name_key(a, ka, sizeof ka);
    for (size_t j = 0; j < i && ka[0]; j++) {
      const char *b = item_name(json_array_get(arr, j));
      if (!b)
        continue;
      name_key(b, kb, sizeof kb);
      if (strcmp(ka, kb) != 0)
        continue;
      size_t keep = spelling_kept(a) > spelling_kept(b) ? i : j, drop = keep == i ? j : i;
      json_t *vk = json_array_get(arr, keep), *vd = json_array_get(arr, drop);
      if (json_is_object(vk) && json_is_object(vd)) {
        const char *k;
        json_t *v;
        json_object_foreach(vd, k, v) {
          const json_t *ov = json_object_get(vk, k);
          if (!ov || (json_is_string(ov) && json_string_length(ov) == 0))
            json_object_set(vk, k, v);
        }
      }
      json_array_remove(arr, drop);
      break;
    }
  }
}

void dbf__rx_people_one_per_name(json_t *arr) {
  one_per_spelling(arr);
  for (size_t i = json_array_size(arr); i-- > 0;) {
    const json_t *vi = json_array_get(arr, i);
    const char *a = item_name(vi);
    if (!a || strchr(a, ' ') || !name_words(a))
      continue;
    bool part = false;
    for (size_t j = 0; j < json_array_size(arr) && !part; j++) {
      json_t *vj = json_array_get(arr, j);
      const char *b = item_name(vj);
      part = j != i && b && strchr(b, ' ') && name_words(b) &&
             dbf__tx_find_word(b, strlen(b), 0, a) != (size_t)-1;
      /* "Svenja" said before "Svenja Brandt": one person, with what each
         item says of them. */
      if (part && json_is_object(vi) && json_is_object(vj)) {
        const char *k;
        json_t *v;
        json_object_foreach((json_t *)vi, k, v) {
          const json_t *ov = json_object_get(vj, k);
          if (!ov || (json_is_string(ov) && json_string_length(ov) == 0))
            json_object_set(vj, k, v);
        }
      }
    }
    if (part)
      json_array_remove(arr, i);
  }
}

/* "Margaret Olsen, everyone calls her Maggie", "Robert Lim (goes by
   Bob)": the nickname names the person said before it, so an item that is
   only the nickname is that person. */
static void nicknames_to_names(dbf__rx *x, json_t *arr) {
  const char *const *cues = k_nickname_cues;
  for (size_t k = 0; cues[k]; k++) {
    size_t l = strlen(cues[k]);
    for (size_t at = dbf__tx_find_word(x->s, x->n, 0, cues[k]); at != (size_t)-1;
         at = dbf__tx_find_word(x->s, x->n, at + l, cues[k])) {
      size_t ns = at + l, ne = ns;
      while (ne < x->n && (dbf__tx_isalnum((unsigned char)x->s[ne]) || x->s[ne] == '-'))
        ne++;
      if (ne == ns || !dbf__tx_isupper((unsigned char)x->s[ns]))
        continue;
      /* The person named last before the cue, in the same sentence. */
      dbf_span sent = dbf__rx_sentence_of(x, at);
      const dbf__person *who = NULL;
      for (size_t i = 0; i < x->n_persons; i++)
        if (x->persons[i].off >= sent.off && x->persons[i].off + x->persons[i].len <= at &&
            strchr(x->persons[i].name, ' '))
          who = &x->persons[i];
      if (!who)
        continue;
      for (size_t i = json_array_size(arr); i-- > 0;) {
        const char *v = json_string_value(json_array_get(arr, i));
        if (v && strlen(v) == ne - ns && dbf__tx_ieqn(v, x->s + ns, ne - ns)) {
          json_array_remove(arr, i);
          dbf__rx_add_str(arr, who->name);
        }
      }
    }
  }
}

/* "Dev" or "Chris" for a known "Devendra Rao" or "Christine Okafor", or
   "Okafor" alone: a one-word name that opens the first name of one known
   person, or is the last word of their name, and of no other, and is no
   first name of its own among them, is that person by their full name.
   At least three letters, so initials stay as said. */
static void short_names_to_known(const dbf__rx *x, json_t *arr) {
  for (size_t i = 0; i < json_array_size(arr); i++) {
    const char *v = json_string_value(json_array_get(arr, i));
    size_t vl = v ? strlen(v) : 0;
    if (vl < 3 || strchr(v, ' ') || !name_words(v))
      continue;
    const char *hit = NULL;
    size_t hits = 0;
    for (size_t k = 0; k < x->people.n_known; k++) {
      const char *nm = x->people.known[k].name;
      size_t first = strcspn(nm, " ");
      if (first == vl && dbf__tx_ieqn(nm, v, vl)) {
        hits = 2; /* a first name of its own: leave it to the parser */
        break;
      }
      /* "Dev" opening the first name, or the last word of the name said
         alone (a surname, or a given name said last). */
      bool opens = nm[first] == ' ' && first > vl && dbf__tx_ieqn(nm, v, vl);
      size_t nl = strlen(nm);
      bool later = nm[first] == ' ' && nl > vl + 1 && nm[nl - vl - 1] == ' ' &&
                   dbf__tx_ieqn(nm + nl - vl, v, vl);
      if ((opens || later) && (!hit || strcmp(hit, nm) != 0)) {
        hit = nm;
        hits++;
      }
    }
    if (hits == 1)
      json_array_set_new(arr, i, json_string(hit));
  }
}

/* "Lena's VP of Sales signs", "Lena's boss decides": a name in the
   possessive before a role names whose the role is, not who decides;
   "Lena's the one who signs" is "Lena is", and "on Lena's
   recommendation" still makes Lena one who decides. */
static bool possessive_of_other(const dbf__rx *x, const dbf__person *p) {
  static const char *const others[] = {"boss", "team", NULL};
  size_t e = p->off + p->len;
  if (e + 3 >= x->n || x->s[e] != '\'' || x->s[e + 1] != 's' || x->s[e + 2] != ' ')
    return false;
  size_t w = e + 3, we = w;
  while (we < x->n && (dbf__tx_isalnum((unsigned char)x->s[we]) || x->s[we] == '-'))
    we++;
  if (we == w)
    return false;
  for (size_t k = 0; others[k]; k++)
    if (we - w == strlen(others[k]) && dbf__tx_ieqn(x->s + w, others[k], we - w))
      return true;
  return dbf__people_is_role(&x->people, x->s + w, we - w);
}

/* Does a (n bytes) close b as its last whole words ("board" in "co-op
   board"), or open it before " of " ("board" in "board of trustees")? */
static bool group_said_longer(const char *a, size_t n, const char *b) {
  size_t m = strlen(b);
  if (m <= n + 1)
    return false;
  if (b[m - n - 1] == ' ' && dbf__tx_ieqn(b + m - n, a, n))
    return true;
  return m > n + 4 && dbf__tx_ieqn(b, a, n) && dbf__tx_ieqn(b + n, " of ", 4);
}

/* "the co-op board decides ... he sits on the board", "the management
   board, so the board": a group said again by its head word alone, or by
   fewer of its words, is the group said in full, not a second decider. */
static void one_per_group(json_t *arr) {
  for (size_t i = json_array_size(arr); i-- > 0;) {
    const char *a = json_string_value(json_array_get(arr, i));
    if (!a || name_words(a))
      continue;
    size_t n = strlen(a);
    bool longer = false;
    for (size_t j = 0; j < json_array_size(arr) && !longer; j++) {
      const char *b = json_string_value(json_array_get(arr, j));
      longer = j != i && b && group_said_longer(a, n, b);
    }
    if (longer)
      json_array_remove(arr, i);
  }
}

/* Is the mention of arr[i] at s[at..at+n) a qualifier in brackets of
   another item said right before them: "the trustees (the founding
   family)", "Jonas (the treasurer)"? Only an article may open the
   brackets, and the other item stands in the few words before "(". */
static bool bracketed_after_other(const dbf__rx *x, const json_t *arr, size_t i, size_t at,
                                  size_t n) {
  size_t o = at;
  while (o > 0 && x->s[o - 1] == ' ')
    o--;
  static const char *const dets[] = {"the", "a", "an", "their", NULL};
  for (size_t k = 0; dets[k]; k++) {
    size_t l = strlen(dets[k]);
    if (o > l && dbf__tx_ieqn(x->s + o - l, dets[k], l) &&
        !dbf__tx_isalnum((unsigned char)x->s[o - l - 1])) {
      o -= l;
      while (o > 0 && x->s[o - 1] == ' ')
        o--;
      break;
    }
  }
  /* Up to three more words may close the brackets: "(the owner family)". */
  size_t c = at + n;
  for (int w = 0; w <= 3 && c < x->n && x->s[c] != ')'; w++) {
    while (c < x->n && x->s[c] == ' ')
      c++;
    while (c < x->n && (dbf__tx_isalnum((unsigned char)x->s[c]) || x->s[c] == '-'))
      c++;
  }
  if (o == 0 || x->s[o - 1] != '(' || c >= x->n || x->s[c] != ')')
    return false;
  size_t b = o - 1, lo = b > 32 ? b - 32 : 0;
  for (size_t j = 0; j < json_array_size(arr); j++) {
    const char *v = json_string_value(json_array_get(arr, j));
    if (j == i || !v)
      continue;
    size_t w = dbf__tx_find_word(x->s, b, lo, v);
    if (w != (size_t)-1 && !memchr(x->s + w, '.', b - w))
      return true;
  }
  return false;
}

/* "Ilse signs, then the partners (the family council) agree", "Jonas
   (the treasurer)": a role or a group said in brackets after another
   decider only says who that decider is, and is no decider of its own. */
static void drop_bracketed_qualifiers(const dbf__rx *x, json_t *arr) {
  for (size_t i = json_array_size(arr); i-- > 0;) {
    const char *a = json_string_value(json_array_get(arr, i));
    if (!a || name_words(a))
      continue;
    size_t n = strlen(a), seen = 0, inside = 0;
    for (size_t at = dbf__tx_find_word(x->s, x->n, 0, a); at != (size_t)-1;
         at = dbf__tx_find_word(x->s, x->n, at + n, a)) {
      seen++;
      inside += bracketed_after_other(x, arr, i, at, n);
    }
    if (seen > 0 && inside == seen)
      json_array_remove(arr, i);
  }
}

/*
 * Does the person only pass the decision on: a verb of telling right
 * after the name ("Ana told us the decision was taken", "Raj mentioned
 * that the board decides")? A pronoun for one person after it ("Ana said
 * she decides", "Ana said they decide"), or an answer said ("Ana said
 * yes"), makes the decision theirs again.
 */
static bool only_relays_decision(const dbf__rx *x, const dbf__person *p) {
  static const char *const telling[] = {
      "told",      "tells",    "said",     "says",    "mentioned",   "mentions",
      "explained", "explains", "informed", "informs", "let us know", "confirmed",
      "reported",  "wrote",    "emailed",  "hinted",  "warned",      NULL};
  /* With or without the apostrophe, as dictated. */
  static const char *const own[] = {"he",   "she",   "he'll", "she'll", "he's", "she's",
                                    "he'd", "she'd", "hes",   "shes",   "hed",  "him",
                                    "her",  "his",   "hers",  NULL};
  static const char *const group[] = {"they", "they'd", "they'll", "theyd", "theyll", NULL};
  static const char *const decide[] = {"decide",  "decides",  "deciding",  "sign",     "signs",
                                       "approve", "approves", "final say", "the call", NULL};
  const char *s = x->s;
  size_t v = p->off + p->len;
  /* "Ana had told us", "Ana also said". */
  static const char *const before[] = {"had", "has", "also", "just", "already", NULL};
  for (int k = 0; k < 2; k++) {
    while (v < x->n && s[v] == ' ')
      v++;
    size_t we = v;
    while (we < x->n && dbf__tx_isalnum((unsigned char)s[we]))
      we++;
    if (we > v && dbf__tx_word_in(s + v, we - v, before))
      v = we;
  }
  while (v < x->n && s[v] == ' ')
    v++;
  size_t which = 0, l = 0;
  for (; telling[which]; which++)
    if ((l = dbf__tx_word_at(s, v, x->n, telling[which])) != 0)
      break;
  if (!l)
    return false;
  /* "said yes", "said no", "said ok": an answer given, a decision. */
  static const char *const answer[] = {"yes", "no", "ok", "okay", "go", "fine", NULL};
  size_t a = v + l;
  while (a < x->n && s[a] == ' ')
    a++;
  size_t ae = a;
  while (ae < x->n && dbf__tx_isalnum((unsigned char)s[ae]))
    ae++;
  if (ae > a && dbf__tx_word_in(s + a, ae - a, answer))
    return false;
  dbf_span sent = dbf__rx_sentence_of(x, p->off);
  size_t end = dbf__tx_span_end(sent);
  if (dbf__tx_find_any(s, end, v + l, own, NULL) != (size_t)-1)
    return false;
  /* "Ana said they decide in May": a group that takes her in, when a
     word of deciding comes within four words of it. */
  for (size_t g = v + l, k = 0; (g = dbf__tx_find_any(s, end, g, group, &k)) != (size_t)-1;) {
    size_t w = g + strlen(group[k]), stop = w;
    for (int n = 0; n < 4 && stop < end; n++) {
      while (stop < end && s[stop] == ' ')
        stop++;
      while (stop < end && s[stop] != ' ')
        stop++;
    }
    if (dbf__tx_find_any(s, stop, w, decide, NULL) != (size_t)-1)
      return false;
    g = w;
  }
  return true;
}

static void do_decision_makers(dbf__rx *x, const dbf_template_field *f, bool targeted) {
  static const char *const roles_alone[] = {"the board", "procurement", "legal",       "the ceo",
                                            "the cfo",   "the cio",     "the cto",     "the coo",
                                            "finance",   "the owner",   "the founder", NULL};
  if (targeted && x->negative)
    return;
  json_t *arr = json_array();
  if (!arr)
    return;
  /* Asked together with another field ("When will they decide, and who
   decides?"), a name counts only next to a decision word: "Henrik said
   by June 15th" answers the date. */
  bool strict = !targeted || x->n_targets > 1;
  for (size_t i = 0; i < x->n_persons; i++) {
    const dbf__person *p = &x->persons[i];
    /* "Tristate's CIO made the call, not Jordan": a name denied. */
    if (dbf__tx_negated_before(x->s, p->off, 1) || said_advocate(x, p, targeted) ||
        possessive_of_other(x, p) || only_relays_decision(x, p))
      continue;
    if (strict) {
      dbf_span sent = dbf__rx_sentence_of(x, p->off);
      if ((!targeted && !dbf__rx_span_has_any(x, sent, dbf__rx_decision_cues)) ||
          dbf__tx_find_any(x->s, sent.off + sent.len, sent.off,
                           (const char *const[]){"decide",    "decides",       "decision",
                                                 "sign off",  "signs off",     "sign-off",
                                                 "approve",   "approval",      "final say",
                                                 "signature", "budget holder", "economic buyer",
                                                 "signs",     "signing",       "veto",
                                                 "the nod",   "final call",    "has to agree",
                                                 "a say",     "recommends",    "approves",
                                                 NULL},
                           NULL) == (size_t)-1)
        continue;
    }

    dbf__rx_add_str(arr, p->name);
  }
  bool groups = dbf__rx_param_bool(f, "groups", false);
  if (targeted) {
    add_deciding_names(x, arr);
    add_kin_named(x, arr);
    add_coordinated_names(x, arr);
  }
  if (targeted && groups)
    add_groups(x, arr);
  if (targeted && groups)
    add_unnamed_roles(x, arr);
  if (targeted && groups && json_array_size(arr) == 0) {
    /* "Procurement and the CFO decide" with no names: keep the roles. */
    for (size_t k = 0; roles_alone[k]; k++) {
      size_t p = dbf__tx_find_word(x->s, x->n, 0, roles_alone[k]);
      if (p == (size_t)-1)
        continue;
      size_t skip = strncmp(roles_alone[k], "the ", 4) == 0 ? 4 : 0;
      dbf__rx_add_span(x, arr, (dbf_span){p + skip, strlen(roles_alone[k]) - skip});
    }
  }
  if (!targeted && !dbf__rx_cross_list_ok(x, f->key) && json_array_size(arr) == 0) {
    json_decref(arr);
    return;
  }
  nicknames_to_names(x, arr);
  short_names_to_known(x, arr);
  dbf__rx_people_one_per_name(arr);
  one_per_group(arr);
  drop_bracketed_qualifiers(x, arr);
  dbf__rx_put(x, f->key, arr, targeted ? dbf__rx_hedge(x, CONF_TARGET) : CONF_CROSS, false);
}

/*
 * An object list (attendees) takes people with their role and company; in
 * passing only the meeting's listed attendees or people said to be there.
 * A list (decision makers) takes names; in passing only next to a decision
 * cue; with "groups" a targeted answer also keeps deciding groups and roles
 * ("the board", "procurement"). "in_passing": "never" turns cross-field
 * mentions off.
 */
void dbf__rule_people(dbf__rx *x, const dbf_template_field *f, bool targeted) {
  if (!targeted && dbf__rx_param_is(f, "in_passing", "never"))
    return;
  if (f->type == DBF_FIELD_OBJECT_LIST)
    do_attendees(x, f, targeted);
  else
    do_decision_makers(x, f, targeted);
}

/*
 * A sentence that is a list of people: every part between commas,
 * semicolons and "and" names a person or a role ("Wei Jie Tan, Regional
 * Operations Director, and Siti Rahman, Customs Brokerage Manager").
 */
static bool people_list(dbf__rx *x, dbf_span sent) {
  const dbf__lexicon *roles = dbf__lex_get(x->ctx->lex, "roles");
  dbf_span items[16];
  size_t ni = dbf__tx_list_items(x->s, sent, items, 16);
  size_t persons = 0;
  /* "From Aerotech MRO Services: Kwame Asante, Base Maintenance Manager":
     a heading naming whose people follow. */
  dbf_span head = {0, 0};
  dbf_span st = dbf__tx_trim(x->s, sent);
  const char *colon = st.len > 6 ? memchr(x->s + st.off, ':', st.len < 48 ? st.len : 48) : NULL;
  if (colon && dbf__tx_ieqn(x->s + st.off, "from ", 5))
    head = (dbf_span){st.off, (size_t)(colon - (x->s + st.off)) + 1};
  for (size_t i = 0; i < ni; i++) {
    dbf_span it = dbf__tx_trim(x->s, items[i]);
    if (dbf__rx_content_words(x, it, NULL, 0) == 0)
      continue;
    /* "Calum, who runs the booking office": what is said of the person
       before. */
    static const char *const of_them[] = {"who ", "who's ", "he ", "she ", "he's ", "she's ", NULL};
    bool said_of = false;
    for (size_t k = 0; of_them[k] && i > 0 && !said_of; k++)
      said_of = it.len > strlen(of_them[k]) &&
                dbf__tx_ieqn(x->s + it.off, of_them[k], strlen(of_them[k]));
    if (said_of)
      continue;
    /* "their site nurse Ada who ran the trial": in a list, a clause on
       "who" after the name says what the person did, not who they are. */
    size_t who = dbf__tx_find_word(x->s, it.off + it.len, it.off, "who");
    if (ni >= 2 && who != (size_t)-1 && who > it.off)
      it = dbf__tx_trim(x->s, (dbf_span){it.off, who - it.off});
    /* Each part is a name or a role and little else. */
    dbf_span cover[12];
    size_t nc = 0;
    bool person = false;
    /* A name is covered as people are read when asked for; the sentence
       needs one name the plain scan finds too ("Route Optimizer, Yard
       Manager" names products). */
    for (size_t k = 0; k < x->n_listed && nc < 6; k++)
      if (x->listed[k].off >= it.off && x->listed[k].off < it.off + it.len) {
        cover[nc++] = (dbf_span){x->listed[k].off, x->listed[k].len};
        person = person || (head.len > 0 && x->listed[k].role[0]);
      }
    if (head.len > 0 && head.off >= it.off && head.off < it.off + it.len)
      cover[nc++] = head;
    for (size_t k = 0; k < x->n_persons; k++)
      person = person || (x->persons[k].off >= it.off && x->persons[k].off < it.off + it.len);
    dbf__lex_match m[6];
    size_t nm = dbf__lex_scan(roles, x->s + it.off, it.len, m, 6);
    for (size_t k = 0; k < nm && nc < DBF_ARRAY_LEN(cover); k++)
      cover[nc++] = (dbf_span){it.off + m[k].off, m[k].len};
    if (nc == 0 || !dbf__rx_dominates(x, it, cover, nc))
      return false;
    persons += person;
  }
  return persons >= 1;
}

/* The asked people field holds its own answer when a person is named in it;
   an attendee list holds a sentence that is a list of people. */
bool dbf__claim_people(dbf__rx *x, const dbf_template_field *f, dbf_span sent, bool own) {
  if (!own)
    return f->type == DBF_FIELD_OBJECT_LIST && people_list(x, sent);
  for (size_t i = 0; i < x->n_persons; i++)
    if (x->persons[i].off >= sent.off && x->persons[i].off < sent.off + sent.len)
      return true;
  return false;
}
