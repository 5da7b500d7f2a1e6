/*
 * parse_people.c - people, roles and companies in free text (see
 * parse_people.h).
 *
 * A person is either someone the session already knows (the meeting's
 * attendees, earlier extractions), matched by full or first name, or a
 * capitalized first name from the first_names lexicon, optionally followed
 * by a capitalized surname. Roles come from the roles lexicon and attach
 * by apposition on either side: "Tom Becker, their IT lead" or "the CFO,
 * Alan Moore".
 */
#include "engine/parse_people.h"

#include <stdio.h>
#include <string.h>

#include "core/err.h"
#include "engine/lexicon.h"
#include "engine/parse_date.h"
#include "engine/text.h"

/* Bounded copy that never splits a UTF-8 character. */
static void copy_str(char *dst, size_t cap, const char *src) {
  src = src ? src : "";
  dbf__tx_copy(src, (dbf_span){0, strlen(src)}, dst, cap);
}

static const char *obj_str(const json_t *o, const char *k) {
  const json_t *v = json_is_object(o) ? json_object_get(o, k) : NULL;
  return json_is_string(v) ? json_string_value(v) : NULL;
}

static const json_t *subject_attr(const json_t *subject, const char *k) {
  if (!json_is_object(subject))
    return NULL;
  const json_t *attrs = json_object_get(subject, "attributes");
  const json_t *v = json_is_object(attrs) ? json_object_get(attrs, k) : NULL;
  return v ? v : json_object_get(subject, k);
}

static void add_known(dbf__people_env *env, const char *name, const char *role,
                      const char *company) {
  if (!name || !*name || env->n_known >= DBF_PEOPLE_MAX_KNOWN)
    return;
  /* "Dr. Helen Okafor" is known as Helen Okafor, so "Helen" finds her. */
  size_t hl = dbf__people_honorific_at(name, strlen(name), 0);
  if (hl && name[hl])
    name += hl;
  for (size_t i = 0; i < env->n_known; i++) {
    dbf__known_person *k = &env->known[i];
    if (strlen(k->name) == strlen(name) && dbf__tx_ieqn(k->name, name, strlen(name))) {
      if (!k->role[0] && role)
        copy_str(k->role, sizeof(k->role), role);
      if (!k->company[0] && company)
        copy_str(k->company, sizeof(k->company), company);
      return;
    }
  }
  dbf__known_person *k = &env->known[env->n_known++];
  copy_str(k->name, sizeof(k->name), name);
  copy_str(k->role, sizeof(k->role), role);
  copy_str(k->company, sizeof(k->company), company);
}

static void add_known_json(dbf__people_env *env, const json_t *v) {
  if (json_is_string(v)) {
    add_known(env, json_string_value(v), NULL, NULL);
  } else if (json_is_object(v)) {
    add_known(env, obj_str(v, "name"), obj_str(v, "role"), obj_str(v, "company"));
  }
}

void dbf__people_env_init(dbf__people_env *env, const dbf_lexicons *lex, const json_t *subject,
                          const json_t *record) {
  memset(env, 0, sizeof(*env));
  env->lex = lex;
  const json_t *acct = subject_attr(subject, "account");
  if (!json_is_string(acct))
    acct = subject_attr(subject, "company");
  if (!json_is_string(acct) && json_is_object(subject))
    acct = json_object_get(subject, "title");
  if (json_is_string(acct))
    copy_str(env->account, sizeof(env->account), json_string_value(acct));
  const json_t *att = subject_attr(subject, "attendees");
  size_t i;
  const json_t *v;
  if (json_is_array(att)) {
    json_array_foreach(att, i, v) add_known_json(env, v);
  }
  for (size_t k = 0; k < env->n_known; k++)
    env->known[k].from_subject = true;
  static const char *const rec_keys[] = {"attendees", "decision_makers", NULL};
  for (size_t k = 0; rec_keys[k] && json_is_object(record); k++) {
    const json_t *e = json_object_get(record, rec_keys[k]);
    const json_t *val = json_is_object(e) ? json_object_get(e, "value") : NULL;
    if (json_is_array(val)) {
      json_array_foreach(val, i, v) add_known_json(env, v);
    }
  }
}

void dbf__people_env_add(dbf__people_env *env, const dbf__person *p) {
  /* Only full names help resolve later first names. */
  if (strchr(p->name, ' '))
    add_known(env, p->name, p->role[0] ? p->role : NULL, p->company[0] ? p->company : NULL);
}

/* Length of the capitalized word at s[p], or 0. */
static size_t cap_word(const char *s, size_t n, size_t p) {
  if (p >= n || !dbf__tx_capital_at(s + p, n - p))
    return 0;
  if (p > 0 && dbf__tx_isalnum((unsigned char)s[p - 1]))
    return 0;
  size_t e = p + 1;
  /* "O'Neil", "Reyes-Whitlock", and given names joined in lower case
     ("Min-ho", "Ji-woo"). */
  while (e < n && (dbf__tx_isalnum((unsigned char)s[e]) ||
                   ((s[e] == '\'' || s[e] == '-') && e + 1 < n &&
                    (dbf__tx_capital_at(s + e + 1, n - e - 1) ||
                     (s[e] == '-' && dbf__tx_islower((unsigned char)s[e + 1]))))))
    e++;
  /* An all-caps word of 2+ letters is an acronym (CFO, SAP), not a name.
     A small letter outside ASCII is no capital: "Lê", "Đỗ" and "Hà" are
     names. */
  bool all_caps = e - p >= 2;
  for (size_t i = p; i < e && all_caps; i++) {
    unsigned char c = (unsigned char)s[i];
    if (c >= 0xC0)
      all_caps = dbf__tx_capital_at(s + i, e - i);
    else if (c < 0x80)
      all_caps = !(c >= 'a' && c <= 'z');
  }
  return all_caps ? 0 : e - p;
}

/* First names that are also everyday words need a surname to count. */
static const char *const k_ambiguous_first[] = {
    "will",  "mark", "bill",  "grant", "rich", "sue",   "may",  "june", "april", "august", "hope",
    "faith", "joy",  "chase", "dean",  "pat",  "max",   "gene", "art",  "rose",  "summer", "autumn",
    "sunny", "bob",  "frank", "jack",  "sky",  "young", "king", "ray",  NULL};

static const char *const k_not_surname[] = {
    "I",         "The",      "And",     "But",         "Or",           "From",       "At",
    "On",        "In",       "Monday",  "Tuesday",     "Wednesday",    "Thursday",   "Friday",
    "Saturday",  "Sunday",   "January", "February",    "March",        "April",      "May",
    "June",      "July",     "August",  "September",   "October",      "November",   "December",
    "Will",      "Is",       "Said",    "Thinks",      "Technologies", "Systems",    "Software",
    "Solutions", "Group",    "Labs",    "Partners",    "Holdings",     "Consulting", "Services",
    "Analytics", "Networks", "Media",   "Inc",         "Ltd",          "LLC",        "GmbH",
    "AG",        "Capital",  "Health",  "Interactive", "Studios",      "Bank",       "Mrs",
    "Mr",        "Ms",       "Dr",      "Dra",         "Prof",         "Herr",       "Frau",
    "App",       "Apps",     "Cloud",   "Platform",    "Portal",       "Module",     "Suite",
    "Scheduler", "Just",     "Only",    "Plus",        "Also",         "Then",       "Was",
    "Were",      NULL};

/* Words that end a company's name, after a first name too: "Tyler
   Technologies" is a firm, not Tyler. */
static const char *const k_org_words[] = {
    "Technologies", "Systems",  "Software",    "Solutions",  "Group",
    "Partners",     "Holdings", "Consulting",  "Services",   "Analytics",
    "Networks",     "Inc",      "Ltd",         "LLC",        "GmbH",
    "AG",           "Advisory", "Engineering", "Associates", "Industries",
    "LLP",          "Corp",     "Integrators", "Logistics",  NULL};

static bool in_list(const char *const *list, const char *s, size_t len, bool icase) {
  for (size_t k = 0; list[k]; k++) {
    if (strlen(list[k]) == len &&
        (icase ? dbf__tx_ieqn(list[k], s, len) : memcmp(list[k], s, len) == 0))
      return true;
  }
  return false;
}

/* True when s[0..len) can be no surname: a function word of a sentence,
   a date, a title or a company word. */
static bool not_surname(const char *s, size_t len) {
  /* "Someone from their law firm", "Um, the head of IT". */
  static const char *const nobody[] = {"Someone", "Somebody", "Everyone", "Nobody",
                                       "Um",      "Uh",       NULL};
  return in_list(k_not_surname, s, len, false) || in_list(k_org_words, s, len, false) ||
         in_list(nobody, s, len, false);
}

/* Honorifics before a name, without their dot. */
static const char *const k_honorifics[] = {
    "mr", "mrs", "ms", "mx", "miss", "dr", "dra", "prof", "herr", "frau", "sir", "dame", "mme",
    "mlle", "ing", "lic", "arq", "sr", "sra", "srta", "dipl",
    /* spelled out: "senhor Joaquim Ferreira", "signora Bianchi" */
    "senhor", "senhora", "señor", "señora", "signor", "signora", "monsieur", "madame", "madam",
    "mister", "missus",
    /* other languages' forms of address: Thai, Polish, Indonesian and
       Malay, Indian, Arabic, Dutch, Scandinavian */
    "khun", "pani", "bapak", "pak", "ibu", "tuan", "puan", "encik", "shri", "shrimati", "smt",
    "sheikh", "seu", "mevrouw", "meneer", "fru", "engr", "atty",
    /* civic, church and service titles: "Councillor Jane Ode", "Rev Tom
       Hale", "Comandante Ruiz" */
    "councillor", "councilor", "cllr", "alderman", "rev", "revd", "reverend", "comandante",
    "colonel", "sergeant", "sgt", NULL};

/* Forms of address that are also a given name or a word when capitalized
   ("Pan Wei", "Don Cheadle", "Bu"): an honorific only in lower case. */
static const char *const k_honorifics_lower[] = {"pan", "bu", "don", "dona", "doña", NULL};

/* Professions used as a form of address ("Engineer Rami Haddad", "Doctor
   Amina Yusuf"): an honorific only when they open a list item, since
   "the process Engineer Rami" or "Chief Engineer Omar" name a role. */
static const char *const k_address_titles[] = {"engineer",  "eng",      "doctor", "architect",
                                               "professor", "attorney", "lawyer", NULL};

static bool item_start_at(const char *s, size_t i);

/* Honorifics said after a name: "Anil sir", "Sunita madam", "Rajesh ji",
   "Ahmet bey"; honorific_after() gives the length of " sir" at s[e], or 0. */
static const char *const k_honorifics_after[] = {"sir",   "madam", "madame", "ma'am", "ji",
                                                 "sahib", "saab",  "bey",    "hanim", "hanım",
                                                 "san",   "sama",  "sensei", NULL};

static size_t honorific_after(const char *s, size_t n, size_t e) {
  if (e + 2 > n || s[e] != ' ')
    return 0;
  size_t b = e + 1, w = b;
  while (w < n && (dbf__tx_isalnum((unsigned char)s[w]) || s[w] == '\''))
    w++;
  /* "Lucía something, finance controller": a surname not caught. */
  static const char *const unknown_surname[] = {"something", "whatever", "somebody", NULL};
  bool skip = w > b && dbf__tx_islower((unsigned char)s[b]) &&
              (in_list(k_honorifics_after, s + b, w - b, true) ||
               in_list(unknown_surname, s + b, w - b, true));
  return skip ? w - e : 0;
}

size_t dbf__people_honorific_at(const char *s, size_t n, size_t i) {
  size_t e = i;
  while (e < n && dbf__tx_isalnum((unsigned char)s[e]))
    e++;
  if (e == i || (i > 0 && dbf__tx_isalnum((unsigned char)s[i - 1])))
    return 0;
  if (!in_list(k_honorifics, s + i, e - i, true) &&
      !(dbf__tx_islower((unsigned char)s[i]) && in_list(k_honorifics_lower, s + i, e - i, false)) &&
      !(in_list(k_address_titles, s + i, e - i, true) && item_start_at(s, i)))
    return 0;
  if (e < n && s[e] == '.')
    e++;
  size_t sp = e;
  while (e < n && s[e] == ' ')
    e++;
  return e > sp && e < n && dbf__tx_capital_at(s + e, n - e) ? e - i : 0;
}

bool dbf__people_is_role(const dbf__people_env *env, const char *s, size_t n) {
  return dbf__lex_any(dbf__lex_get(env->lex, "roles"), s, n);
}

/* True when s[0..n) is a department ("finance", "Information Security"),
   with or without a trailing "department", "team" or "office". */
static bool is_department(const dbf__people_env *env, const char *s, size_t n) {
  static const char *const tails[] = {" department", " dept",  " team", " office",
                                      " side",       " group", " unit", NULL};
  for (size_t k = 0; tails[k]; k++) {
    size_t l = strlen(tails[k]);
    if (n > l && dbf__tx_ieqn(s + n - l, tails[k], l)) {
      n -= l;
      break;
    }
  }
  const dbf__lexicon *d = dbf__lex_get(env->lex, "departments");
  dbf__lex_match m;
  return d && n > 0 && dbf__lex_match_at(d, s, n, 0, &m) && m.len == n;
}

/* "marketing person", "IT guy", "finance lady": a function and a word for
   a person is a role. */
static bool is_function_person(const dbf__people_env *env, const char *s, size_t n) {
  static const char *const heads[] = {" person", " guy", " lady",    " gal", " woman",
                                      " man",    " rep", " contact", NULL};
  for (size_t k = 0; heads[k]; k++) {
    size_t l = strlen(heads[k]);
    if (n > l && dbf__tx_ieqn(s + n - l, heads[k], l))
      return is_department(env, s, n - l) || dbf__people_is_role(env, s, n - l);
  }
  return false;
}

static char folded_at(const char *s, size_t n, size_t *i);

/* A given name of the list, with or without its accents ("Lucía" is
   Lucia, "José" is Jose). */
static bool is_first_name(const dbf__people_env *env, const char *s, size_t len) {
  const dbf__lexicon *fn = dbf__lex_get(env->lex, "first_names");
  dbf__lex_match m;
  if (!fn)
    return false;
  if (dbf__lex_match_at(fn, s, len, 0, &m) && m.len == len)
    return true;
  char plain[64];
  size_t pl = 0;
  bool accented = false;
  for (size_t i = 0; i < len && pl + 1 < sizeof plain;) {
    accented |= (unsigned char)s[i] >= 0x80;
    plain[pl++] = folded_at(s, len, &i);
  }
  plain[pl] = '\0';
  return accented && pl < sizeof plain - 1 && dbf__lex_match_at(fn, plain, pl, 0, &m) &&
         m.len == pl;
}

/* Words that open a role phrase and are dropped from it. */
static const char *const k_role_dets[] = {"their", "our",    "my",      "the",  "his",  "her",
                                          "a",     "an",     "its",     "your", "he's", "she's",
                                          "he is", "she is", "they're", NULL};

/* Ends of a role phrase after a name. */
static const char *const k_role_stops[] = {
    " and ", " who ", " from ", " at ", " has ", " will ", " is ", " was ", " decides", " said",
    " wants", " with ", " but ", " to ", " had ", " would ", " + their ", " + his ", " + her ",
    " + the ", " + our ", " he ", " she ", " they ", " who'll ", " then ",
    /* "Jean-Luc Favre the executive director joined for ten minutes" */
    " joined", " sat in", " dialed", " dialled", " came in", " listened",
    /* "the site accountant I think": the speaker's own word ends it. */
    " i ", " whose ", NULL};

/* True when s[b..e) is a role phrase: a role word, a department or "IT
   person". */
static bool take_role_words(const dbf__people_env *env, const char *s, size_t b, size_t e) {
  dbf_span sp = dbf__tx_trim(s, (dbf_span){b, e - b});
  return sp.len > 0 && dbf__tx_word_count(s, sp) <= 6 &&
         (dbf__people_is_role(env, s + sp.off, sp.len) || is_department(env, s + sp.off, sp.len) ||
          is_function_person(env, s + sp.off, sp.len));
}

/* The length of the first of words that s[b..n) opens with, or 0. */
static size_t opens_with(const char *const *words, const char *s, size_t n, size_t b) {
  for (size_t k = 0; words[k]; k++) {
    size_t l = strlen(words[k]);
    /* A whole word: "a" opens "a lawyer", not "accounts". */
    if (b + l <= n && dbf__tx_ieqn(s + b, words[k], l) &&
        (words[k][l - 1] == ' ' || b + l == n || !dbf__tx_isalnum((unsigned char)s[b + l])))
      return l;
  }
  return 0;
}

/*
 * "one of their portfolio managers", "two planners", "two of her
 * engineers": a role said in the plural of a group the person belongs to.
 * Fills the singular ("portfolio manager") as the role.
 */
static bool take_plural_role(const dbf__people_env *env, const char *s, dbf_span sp,
                             dbf__person *p) {
  static const char *const counts[] = {
      "one of ", "two of ", "three of ", "four of ", "both of ", "some of ",  "a couple of ",
      "two ",    "three ",  "four ",     "both ",    "several ", "a couple ", NULL};
  static const char *const dets[] = {"their ", "her ", "his ", "the ", "its ", NULL};
  size_t end = sp.off + sp.len;
  size_t l = opens_with(counts, s, end, sp.off);
  if (!l)
    return false;
  size_t b = sp.off + l;
  b += opens_with(dets, s, end, b);
  if (end < b + 4 || (s[end - 1] | 32) != 's' || dbf__tx_word_count(s, (dbf_span){b, end - b}) > 4)
    return false;
  char one[96];
  size_t ol = dbf__tx_copy(s, (dbf_span){b, end - b}, one, sizeof one);
  if (ol != end - b)
    return false;
  /* "secretaries" -> "secretary", "coaches" -> "coach", "planners" -> "planner". */
  if (ol > 4 && dbf__tx_ieqn(one + ol - 3, "ies", 3)) {
    one[ol - 3] = 'y';
    one[ol - 2] = '\0';
  } else if (ol > 4 &&
             (dbf__tx_ieqn(one + ol - 4, "ches", 4) || dbf__tx_ieqn(one + ol - 4, "shes", 4) ||
              dbf__tx_ieqn(one + ol - 4, "sses", 4))) {
    one[ol - 2] = '\0';
  } else {
    one[ol - 1] = '\0';
  }
  if (!take_role_words(env, one, 0, strlen(one)))
    return false;
  copy_str(p->role, sizeof(p->role), one);
  return true;
}

/* Fills role (and ours) from the phrase s[b..e) when it names a role. */
static bool take_role(const dbf__people_env *env, const char *s, size_t b, size_t e,
                      dbf__person *p) {
  dbf_span sp = dbf__tx_trim(s, (dbf_span){b, e - b});
  bool ours = false;
  for (int guard = 0; guard < 3; guard++) {
    bool hit = false;
    for (size_t k = 0; k_role_dets[k]; k++) {
      size_t l = strlen(k_role_dets[k]);
      if (sp.len > l && s[sp.off + l] == ' ' && dbf__tx_ieqn(s + sp.off, k_role_dets[k], l)) {
        if (k == 1 || k == 2)
          ours = true;
        sp.off += l + 1;
        sp.len -= l + 1;
        hit = true;
        break;
      }
    }
    if (!hit)
      break;
  }
  /* "an architect called Maja", "AOI equipment engineer 3. Ms. Huang": the
     words that bring in the name or the next numbered item end the role. */
  static const char *const tails[] = {" called", " named", " guy", NULL};
  for (size_t k = 0; tails[k]; k++) {
    size_t l = strlen(tails[k]);
    if (sp.len > l && dbf__tx_ieqn(s + sp.off + sp.len - l, tails[k], l))
      sp = dbf__tx_trim(s, (dbf_span){sp.off, sp.len - l});
  }
  size_t d = sp.off + sp.len;
  while (d > sp.off && s[d - 1] >= '0' && s[d - 1] <= '9')
    d--;
  if (d < sp.off + sp.len && d > sp.off + 1 && s[d - 1] == ' ')
    sp = dbf__tx_trim(s, (dbf_span){sp.off, d - sp.off});
  /* "the city's engineering consultant": whose role it is is no part of it. */
  size_t w = sp.off;
  while (w < sp.off + sp.len && s[w] != ' ')
    w++;
  if (w > sp.off + 3 && w < sp.off + sp.len && dbf__tx_ieqn(s + w - 2, "'s", 2) &&
      take_role_words(env, s, w + 1, sp.off + sp.len)) {
    sp.len -= w + 1 - sp.off;
    sp.off = w + 1;
  }
  if (!take_role_words(env, s, sp.off, sp.off + sp.len))
    return !ours && take_plural_role(env, s, sp, p);
  dbf__tx_copy(s, sp, p->role, sizeof(p->role));
  p->ours = ours;
  return true;
}

/* "Kim from their finance", "Fatuma from their data protection office":
   a department after "from their" or "from the" is the person's role. */
static bool dept_after_det(const dbf__people_env *env, const char *s, size_t n, size_t b,
                           dbf__person *out) {
  static const char *const dets[] = {"their ", "the ", "its ", NULL};
  size_t l = opens_with(dets, s, n, b);
  if (l) {
    size_t q = b + l, e = q;
    while (e < n && !strchr(",;.()\n", s[e]) && !dbf__tx_ieqn(s + e, " who", 4) &&
           !dbf__tx_ieqn(s + e, " and ", 5))
      e++;
    /* The longest run of words from q that is a department. */
    for (size_t t = e; t > q; t--) {
      if (t < n && dbf__tx_isalnum((unsigned char)s[t]))
        continue;
      if (is_department(env, s + q, t - q)) {
        if (!out->role[0])
          dbf__tx_copy(s, (dbf_span){q, t - q}, out->role, sizeof(out->role));
        return true;
      }
    }
  }
  return false;
}

/* The end of a run of up to four capitalized words (or acronyms, joined
   by " & ") at s[b]; b when none opens there. */
static size_t cap_run(const char *s, size_t n, size_t b) {
  size_t e = b;
  for (int w = 0; w < 4; w++) {
    size_t cl = cap_word(s, n, e);
    if (!cl && !(e < n && dbf__tx_isupper((unsigned char)s[e])))
      break;
    if (!cl) /* an acronym such as "IBM" */
      while (e + cl < n && dbf__tx_isalnum((unsigned char)s[e + cl]))
        cl++;
    e += cl;
    if (e + 1 < n && s[e] == ' ' && dbf__tx_isupper((unsigned char)s[e + 1]))
      e++;
    else if (e + 3 < n && memcmp(s + e, " & ", 3) == 0 && dbf__tx_isupper((unsigned char)s[e + 3]))
      e += 3; /* "Morais & Teles" */
    else
      break;
  }
  return e;
}

/* Roles a firm plays for the customer ("a local integrator, Grupo
   Tecnovia"): said with a comma, the capitalized words after them are the
   firm, not a person. */
static const char *const k_firm_roles[] = {"integrator", "reseller",      "distributor", "msp",
                                           "contractor", "subcontractor", "supplier",    NULL};
/* Words for an outside organization a person can come from. */
static const char *const k_firm_nouns[] = {
    "partner",    "partners", "vendor", "consultancy", "consultants", "consulting",
    "consultant", "firm",     "agency", "integrators", "contractors", NULL};

/*
 * "from their consultancy partner, Vela Advisory", "from a firm called
 * Brio Labs", "from their MSP, Kestrel IT": at s[b], a determiner, a few
 * words naming an outside firm, a comma (or "called"), then the firm's
 * capitalized name. Returns the name's span, or an empty one.
 */
dbf_span dbf__people_firm_after_words(const char *s, size_t n, size_t b) {
  static const char *const dets[] = {"their ", "the ", "a ", "an ", "some ", "its ", NULL};
  static const char *const links[] = {", ", " called ", " named ", ": ", NULL};
  size_t q = b + opens_with(dets, s, n, b);
  if (q == b)
    return (dbf_span){b, 0};
  bool firm = false;
  for (int w = 0; w < 6 && q < n; w++) {
    size_t we = q;
    while (we < n && (dbf__tx_isalnum((unsigned char)s[we]) || s[we] == '-'))
      we++;
    if (we == q)
      break;
    firm = firm || in_list(k_firm_roles, s + q, we - q, true) ||
           in_list(k_firm_nouns, s + q, we - q, true);
    size_t ll = opens_with(links, s, n, we);
    if (ll) {
      size_t e = firm ? cap_run(s, n, we + ll) : we + ll;
      return (dbf_span){we + ll, e - (we + ll)};
    }
    if (we >= n || s[we] != ' ')
      break;
    q = we + 1;
  }
  return (dbf_span){b, 0};
}

/* The capitalized run after " from " / " at " at s[p]: a company. */
static void take_company(const dbf__people_env *env, const char *s, size_t n, size_t p,
                         dbf__person *out) {
  static const char *const cues[] = {" from ", " at ", " with ", " of ", NULL};
  /* "Hana Ito, from their MSP, Kestrel IT": a comma may come first. */
  if (p + 7 <= n && s[p] == ',' && dbf__tx_ieqn(s + p + 1, " from ", 6))
    p++;
  size_t l = opens_with(cues, s, n, p);
  if (l) {
    size_t b = p + l, e = b;
    if (dbf__tx_ieqn(s + b, "our ", 4) || dbf__tx_ieqn(s + b, "my ", 3)) {
      /* "from our partner Kestrel IT", "from our consultancy partner, Vela
         Advisory": a firm that works with us, not us. */
      size_t fw = b + (s[b] == 'o' || s[b] == 'O' ? 4 : 3), nb = fw;
      bool firm = false;
      for (int w = 0; w < 3; w++) {
        size_t fe = fw;
        while (fe < n && dbf__tx_isalnum((unsigned char)s[fe]))
          fe++;
        if (fe == fw || !(in_list(k_firm_roles, s + fw, fe - fw, true) ||
                          in_list(k_firm_nouns, s + fw, fe - fw, true)))
          break;
        firm = true;
        nb = fe + (fe + 1 < n && s[fe] == ',') + 1;
        fw = nb;
      }
      size_t ce = firm && nb < n && s[nb - 1] == ' ' ? cap_run(s, n, nb) : nb;
      if (ce > nb) {
        dbf__tx_copy(s, (dbf_span){nb, ce - nb}, out->company, sizeof(out->company));
        return;
      }
      out->ours = true;
      return;
    }
    if (l == 6) {
      dbf_span firm = dbf__people_firm_after_words(s, n, b);
      if (firm.len) {
        dbf__tx_copy(s, firm, out->company, sizeof(out->company));
        return;
      }
    }
    if (l == 6 && dept_after_det(env, s, n, b, out))
      return;
    e = cap_run(s, n, b);
    if (e > b) {
      /* "Tom Reilly from IT", "Kevin from IT security": a department is a
         role in the customer's company. */
      size_t dl = e - b;
      size_t lower = b + dl;
      if (dl == 2 && lower + 9 <= n && memcmp(s + lower, " security", 9) == 0)
        dl += 9; /* "IT security" */
      if (is_department(env, s + b, dl)) {
        if (!out->role[0])
          dbf__tx_copy(s, (dbf_span){b, dl}, out->role, sizeof(out->role));
        return;
      }
      dbf__tx_copy(s, (dbf_span){b, e - b}, out->company, sizeof(out->company));
      return;
    }
    /* "Priya Chandrasekar from guest experience": a function in a few
       lower-case words, up to the item's end, is the person's role. */
    size_t q = b;
    while (q < n && !strchr(",;.()\n", s[q]) && !dbf__tx_ieqn(s + q, " and ", 5))
      q++;
    dbf_span fn = dbf__tx_trim(s, (dbf_span){b, q - b});
    static const char *const the[] = {"the ", "their ", NULL};
    size_t tl = opens_with(the, s, n, fn.off);
    if (tl && fn.len > tl) /* "Omar from the rental shop" */
      fn = (dbf_span){fn.off + tl, fn.len - tl};
    size_t words = dbf__tx_word_count(s, fn);
    if (l == 6 && !out->role[0] && words >= 1 && words <= 3 &&
        dbf__tx_islower((unsigned char)s[fn.off]) && !dbf__tx_function_word(s + fn.off, 3) &&
        !opens_with(k_role_dets, s, n, fn.off))
      dbf__tx_copy(s, fn, out->role, sizeof(out->role));
    return;
  }
}

/* Words of address said before a name, never part of a role. */
static const char *const k_honorific_words[] = {"mr",  "mrs",  "ms",  "dr",  "miss", "madam",
                                                "mr.", "mrs.", "ms.", "dr.", NULL};

/* A capitalized role run ending one space before the name: "CISO Grace Obi". */
/* (*opens) says the run opens with this role: nothing capitalized before
   it, and no name in it. */
static bool role_right_before(const dbf__people_env *env, const char *s, dbf__person *p,
                              bool *opens) {
  size_t e = p->off;
  *opens = false;
  if (e < 2 || s[e - 1] != ' ' || !dbf__tx_isalnum((unsigned char)s[e - 2]))
    return false;
  e--;
  /* "their MD Mrs Sunita Kadam": the honorific is the name's, not the role's. */
  size_t hb = e;
  while (hb > 0 && s[hb - 1] != ' ')
    hb--;
  if (hb < e && in_list(k_honorific_words, s + hb, e - hb, true)) {
    if (hb < 2 || s[hb - 1] != ' ' || !dbf__tx_isalnum((unsigned char)s[hb - 2]))
      return false;
    e = hb - 1;
  }
  size_t b = e;
  /* Back over capitalized words and "of": "Director of Public Works". */
  bool whole = false; /* the run was read back to where it opens */
  size_t six = b;     /* where six words back end: the longest role */
  for (int w = 0; w < 12 && b > 0 && !whole; w++) {
    if (w == 6)
      six = b;
    size_t ws = b;
    while (ws > 0 && (dbf__tx_isalnum((unsigned char)s[ws - 1]) || s[ws - 1] == '-'))
      ws--;
    bool of = b - ws == 2 && dbf__tx_ieqn(s + ws, "of", 2);
    if (ws == b || (!of && !dbf__tx_isupper((unsigned char)s[ws]))) {
      whole = true;
      break;
    }
    b = ws;
    if (b < 2 || s[b - 1] != ' ')
      whole = true;
    else
      b--;
  }
  whole |= b == 0;
  while (b < e && s[b] == ' ')
    b++;
  size_t start = b;
  /* "Dana Roux CISO Omar Diallo", said without commas: a given name in
     the run makes the role the person's before, unless the whole run
     opens with a role ("CFO Ines Varga Head of Planning Lotte Smit"):
     then the role after that name and its surname is this one's. */
  for (size_t w = b; w < e;) {
    size_t we = w;
    while (we < e && s[we] != ' ')
      we++;
    if (is_first_name(env, s + w, we - w) && !dbf__people_is_role(env, s + w, we - w)) {
      if (!whole || w == b || !take_role_words(env, s, b, w - 1))
        return false;
      while (we < e) {
        size_t v = we + 1, ve = v;
        while (ve < e && s[ve] != ' ')
          ve++;
        if (dbf__people_is_role(env, s + v, ve - v) || is_department(env, s + v, ve - v))
          break;
        we = ve;
      }
      b = we < e ? we + 1 : e;
    }
    w = we + 1;
  }
  if (six < e && b < six)
    b = six;
  *opens = whole && b == start;
  /* A word of address in the run opens a name: "Ms Lan Vo Academic
     Director Mr Tuan" is no role that opens the run. */
  for (size_t w = b; w < e && *opens;) {
    size_t we = w;
    while (we < e && s[we] != ' ')
      we++;
    *opens = !in_list(k_honorific_words, s + w, we - w, true);
    w = we + 1;
  }
  while (b < e && !dbf__tx_isupper((unsigned char)s[b]))
    b++;
  if (b >= e || !dbf__people_is_role(env, s + b, e - b))
    return false;
  /* The run must end with a role word, not be a sentence's capitalized start. */
  dbf__tx_copy(s, (dbf_span){b, e - b}, p->role, sizeof(p->role));
  return true;
}

/* "Emil Haugen from Nordbyte, the Autodesk reseller", "Ollie Bashir from
   Trident Secure, their MSP": the role after the company. */
static bool role_after_company(const dbf__people_env *env, const char *s, size_t n, size_t e,
                               dbf__person *p) {
  if (!p->company[0] || e + 6 >= n || !dbf__tx_ieqn(s + e, " from ", 6))
    return false;
  size_t c = e + 6;
  while (c < n && s[c] != ',' && s[c] != ';' && s[c] != '.' && s[c] != '\n')
    c++;
  if (c + 2 >= n || s[c] != ',')
    return false;
  size_t b = c + 1, stop = b;
  while (stop < n && !strchr(",;.()\n", s[stop]) && !dbf__tx_ieqn(s + stop, " who ", 5) &&
         !dbf__tx_ieqn(s + stop, " they ", 6) && !dbf__tx_ieqn(s + stop, " and ", 5))
    stop++;
  return take_role(env, s, b, stop, p);
}

/* "Suresh Pillai who runs their IT", "Diego Salas who runs store
   operations": what the person runs is their role. */
static bool role_who_runs(const char *s, size_t n, size_t e, dbf__person *p) {
  /* Said without a comma too, and what the person does: "Emma Reid she
     runs sales", "Aiko Sato who does all the bookkeeping", "Pedro Gil he
     does the commercial side". */
  static const char *const leads[] = {
      " who runs ",  " who's running ", " who heads ",    " who leads ",     " who manages ",
      ", he runs ",  ", she runs ",     ", who runs ",    ", who heads ",    ", who manages ",
      " he runs ",   " she runs ",      " who now runs ", " who also runs ", " who does ",
      ", who does ", " he does ",       " she does ",     ", he does ",      ", she does ",
      NULL};

  for (size_t k = 0; leads[k]; k++) {
    size_t l = strlen(leads[k]);
    if (e + l >= n || !dbf__tx_ieqn(s + e, leads[k], l))
      continue;
    size_t b = e + l;
    static const char *const dets[] = {"all of ", "most of ", "all ", "their ", "the ",
                                       "our ",    "his ",     "her ", NULL};
    for (size_t d = 0; dets[d]; d++)
      if (dbf__tx_ieqn(s + b, dets[d], strlen(dets[d])))
        b += strlen(dets[d]);
    /* "he does not ...", "she runs late": no role. */
    static const char *const nots[] = {"not ", "n't ", "nothing", "late", "a lot", "it ", NULL};
    bool neg = false;
    for (size_t d = 0; nots[d] && !neg; d++)
      neg = dbf__tx_ieqn(s + b, nots[d], strlen(nots[d]));
    if (neg)
      return false;
    size_t stop = b;
    while (stop < n && !strchr(",;.()\n", s[stop]) && !dbf__tx_ieqn(s + stop, " and ", 5) &&
           !dbf__tx_ieqn(s + stop, " in ", 4) && !dbf__tx_ieqn(s + stop, " at ", 4) &&
           !dbf__tx_ieqn(s + stop, " for ", 5))
      stop++;
    dbf_span sp = dbf__tx_trim(s, (dbf_span){b, stop - b});
    if (sp.len == 0 || dbf__tx_word_count(s, sp) > 4)
      return false;
    dbf__tx_copy(s, sp, p->role, sizeof(p->role));
    return true;
  }
  return false;
}

/* The end of the text before q once spaces are skipped, and (*ws) where
   the word of letters and digits ending there starts. */
static size_t word_before(const char *s, size_t q, size_t *ws) {
  dbf_span w = dbf__tx_word_before(s, q);
  *ws = w.off;
  return w.off + w.len;
}

/*
 * "two planners, Tom Reyes and Ashley Park", "two of her engineers, Rhys
 * Pritchard and, um, Anneke Visser": a group said in the plural before a
 * list of names gives each name its role.
 */
static bool role_of_group_before(const dbf__people_env *env, const char *s, dbf__person *p) {
  static const char *const gaps[] = {"and", NULL};
  size_t q = p->off;
  int names = 0;
  /* Back over the names before this one and what joins them. */
  for (int guard = 0; guard < 16 && q > 0; guard++) {
    size_t ws, we = word_before(s, q, &ws);
    if (we > 0 && s[we - 1] == ',') {
      size_t w = word_before(s, we - 1, &ws);
      /* The group's phrase ends right before this comma when its last
         word is a plural in lower case. */
      if (ws < w && dbf__tx_islower((unsigned char)s[ws]) && !in_list(gaps, s + ws, w - ws, true)) {
        size_t b = ws;
        for (int k = 0; k < 6 && b > 0; k++) {
          size_t u, t = word_before(s, b, &u);
          if (u == t || (t - u == 3 && dbf__tx_ieqn(s + u, "and", 3)) ||
              (t - u == 4 && dbf__tx_ieqn(s + u, "plus", 4)))
            break;
          b = u;
        }
        dbf_span sp = {b, w - b};
        return names <= 3 && take_plural_role(env, s, sp, p);
      }
      q = we - 1;
      continue;
    }
    /* A name's word: "O'Driscoll", "Reyes-Whitlock", "Yıldız". */
    while (ws > 0 && (dbf__tx_isalnum((unsigned char)s[ws - 1]) || s[ws - 1] == '\'' ||
                      s[ws - 1] == '-' || (unsigned char)s[ws - 1] >= 0x80))
      ws--;
    if (ws == we)
      return false;
    if (!in_list(gaps, s + ws, we - ws, true)) {
      /* Said without a comma ("two of her planners tomas and ines"): the
         plural in lower case right before the first name ends the group. */
      if (!dbf__tx_capital_at(s + ws, we - ws)) {
        if (!dbf__tx_islower((unsigned char)s[ws]) || dbf__tx_function_word(s + ws, we - ws))
          return false;
        size_t b = ws;
        for (int k = 0; k < 6 && b > 0; k++) {
          size_t u, t = word_before(s, b, &u);
          if (u == t || (t - u == 3 && dbf__tx_ieqn(s + u, "and", 3)) ||
              (t - u == 4 && dbf__tx_ieqn(s + u, "plus", 4)) || (t < b && s[t] != ' '))
            break;
          b = u;
        }
        return names <= 3 && take_plural_role(env, s, (dbf_span){b, we - b}, p);
      }
      names++;
    }
    q = ws;
  }
  return false;
}

/* take_role, and for "quality and compliance" (two lower-case words
   joined by "and", the second a role or department) the whole pair. */
static bool take_role_pair(const dbf__people_env *env, const char *s, size_t b, size_t e,
                           dbf__person *p) {
  if (take_role(env, s, b, e, p))
    return true;
  dbf_span sp = dbf__tx_trim(s, (dbf_span){b, e - b});
  size_t a = dbf__tx_find_word(s, sp.off + sp.len, sp.off, "and");
  if (a == (size_t)-1 || a == sp.off || a + 4 >= sp.off + sp.len ||
      !dbf__tx_islower((unsigned char)s[a + 4]) || memchr(s + sp.off, ' ', a - 1 - sp.off))
    return false;
  dbf__person t = *p;
  if (!take_role(env, s, a + 4, sp.off + sp.len, &t))
    return false;
  dbf__tx_copy(s, sp, p->role, sizeof p->role);
  return true;
}

/* Is s[b..e) one word, after an optional "their"/"the"/"our"? */
static bool one_word_role_head(const char *s, size_t b, size_t e) {
  static const char *const dets[] = {"their ", "the ", "our ", "her ", "his ", NULL};
  while (b < e && s[b] == ' ')
    b++;
  b += opens_with(dets, s, e, b);
  return b < e && !memchr(s + b, ' ', e - b);
}

/* Is s[sp) a short noun phrase that ends in a role: up to three words, no
   function word before the role ("electrical superintendent", "transport in
   charge", "night shift supervisor"; not "brought the engineer")? */
static bool role_noun_phrase(const dbf__people_env *env, const char *s, dbf_span sp) {
  sp = dbf__tx_trim(s, sp);
  const dbf__lexicon *roles = dbf__lex_get(env->lex, "roles");
  size_t end = sp.off + sp.len;
  if (!roles || sp.len == 0 || dbf__tx_word_count(s, sp) > 3)
    return false;
  for (size_t w = sp.off; w < end;) {
    dbf__lex_match m;
    if (dbf__lex_match_at(roles, s, end, w, &m) && m.off + m.len == end)
      return true;
    size_t we = w;
    while (we < end && s[we] != ' ')
      we++;
    if (dbf__tx_function_word(s + w, we - w) || !dbf__tx_islower((unsigned char)s[w]))
      return false;
    w = we;
    while (w < end && s[w] == ' ')
      w++;
  }
  return false;
}

/* True when the word at s[q] is a role word ("CEO", "owner"). */
static bool role_word_at(const dbf__people_env *env, const char *s, size_t n, size_t q) {
  size_t e = q;
  while (e < n && s[e] != ' ' && !strchr(",;.()", s[e]))
    e++;
  return e > q && dbf__people_is_role(env, s + q, e - q);
}

/* True when a name restored in lower-case typing starts at s[q]. */
static bool restored_at(const dbf__people_env *env, size_t q) {
  for (size_t k = 0; k < env->n_restored; k++)
    if (env->restored[k].off == q)
      return true;
  return false;
}

/* Said without commas ("jordan pike director of data amara lewis
   analytics engineer and ..."): a role after a name at b ends before stop
   where "and", "from" or "who" goes on, or where the next person's given
   name, or a name restored in lower-case typing, begins. */
static size_t plain_role_end(const dbf__people_env *env, const char *s, size_t b, size_t stop) {
  static const char *const ends[] = {"and", "from", "who", "with", "plus", "then", NULL};
  size_t at = dbf__tx_find_any(s, stop, b + 1, ends, NULL);
  if (at != (size_t)-1 && at > b + 1) {
    stop = at;
    while (stop > b + 1 && s[stop - 1] == ' ')
      stop--;
  }
  for (size_t q = b + 1; q < stop; q++) {
    if (s[q - 1] != ' ' || s[q] == ' ')
      continue;
    size_t l = 0;
    while (q + l < stop && s[q + l] != ' ')
      l++;
    if (q > b + 1 && (restored_at(env, q) ||
                      (is_first_name(env, s + q, l) && !dbf__people_is_role(env, s + q, l) &&
                       !is_department(env, s + q, l)))) {
      while (q > b && s[q - 1] == ' ')
        q--;
      return q;
    }
    q += l;
  }
  return stop;
}

static bool role_opens_at(const dbf__people_env *env, const char *s, size_t n, size_t b, size_t l);

/* Does a role follow the name at b after one space, up to a separator:
   "rodrigo alves head of ecommerce, ...", "Kevin Mwangi Head of Station
   Operations"? Its first word is
   a role's or a department's ("brought their IT lead too" is no role), or
   an everyday word opening a role in capitals ("Fleet Manager"). */
static bool role_plainly_after(const dbf__people_env *env, const char *s, size_t n, size_t b) {
  if (b + 2 > n || s[b] != ' ' || !dbf__tx_isalnum((unsigned char)s[b + 1]))
    return false;
  size_t stop = b + 1 + strcspn(s + b + 1, ",;.()+\n");
  if (stop > n)
    stop = n;
  stop = plain_role_end(env, s, b, stop);
  size_t w1 = b + 1;
  while (w1 < stop && s[w1] != ' ')
    w1++;
  dbf_span sp = {b + 1, stop - b - 1};
  bool head = (w1 - b - 1 == 4 && dbf__tx_ieqn(s + b + 1, "head", 4)) ||
              dbf__people_is_role(env, s + b + 1, w1 - b - 1) ||
              is_department(env, s + b + 1, w1 - b - 1) || role_noun_phrase(env, s, sp) ||
              role_opens_at(env, s, n, b + 1, w1 - b - 1);
  return head && dbf__tx_word_count(s, sp) <= 4 && take_role_words(env, s, b + 1, stop);
}

static void attach_role_after(const dbf__people_env *env, const char *s, size_t n, dbf__person *p);

/* Where a name ends at e, restored from lower-case typing or capitalized
   and no role: true, and (*nb) where the name starts. */
static bool name_ends_at(const dbf__people_env *env, const char *s, size_t n, size_t e,
                         size_t *nb) {
  for (size_t k = 0; k < env->n_restored; k++)
    if (env->restored[k].off + env->restored[k].len == e) {
      *nb = env->restored[k].off;
      return true;
    }
  size_t b = e;
  for (int w = 0; w < 3; w++) {
    size_t ws = b;
    while (ws > 0 && s[ws - 1] != ' ')
      ws--;
    if (ws == b || !dbf__tx_capital_at(s + ws, n - ws) ||
        dbf__people_is_role(env, s + ws, b - ws) || is_department(env, s + ws, b - ws) ||
        dbf__tx_function_word(s + ws, b - ws))
      break;
    *nb = ws;
    if (ws < 2 || s[ws - 1] != ' ')
      return true;
    b = ws - 1;
  }
  return b != e;
}

/*
 * Said without commas, people and their roles in a run: "the cfo ines
 * varga head of planning lotte smit and ...". Is there a role in
 * lower case right before the name at off, and does the run open with a
 * role? The role before the first name is said where the run opens (after
 * a stop, a joiner or a word of no content), and every later role sits
 * between two names. Then each role said before a name is that name's,
 * and the role after the name the next one's. (*rb) is where the role
 * before the name starts.
 */
static bool run_opens_with_role(const dbf__people_env *env, const char *s, size_t n, size_t off,
                                size_t *rb, int depth) {
  if (off < 2 || s[off - 1] != ' ' || depth > 6)
    return false;
  size_t e = off - 1, b = e, best = e;
  for (int w = 0; w < 5 && b > 0 && s[b - 1] != ' '; w++) {
    size_t ws = b;
    while (ws > 0 && s[ws - 1] != ' ' && s[ws - 1] != '\n')
      ws--;
    /* A word of the role: in lower case, ending in a letter or digit (no
       stop or bullet after it), no function word but "of" ("director of
       finance") or a department ("it"). */
    bool of = b - ws == 2 && dbf__tx_ieqn(s + ws, "of", 2);
    if (!dbf__tx_islower((unsigned char)s[ws]) ||
        ((unsigned char)s[b - 1] < 0x80 && !dbf__tx_isalnum((unsigned char)s[b - 1])) ||
        (dbf__tx_function_word(s + ws, b - ws) && !of && !is_department(env, s + ws, b - ws)))
      break;
    b = ws;
    if (!of && take_role_words(env, s, b, e))
      best = b;
    if (b < 2 || s[b - 1] != ' ')
      break;
    b--;
  }
  if (best == e)
    return false;
  *rb = best;
  /* Where the run opens: a stop, or a word that brings people in ("with",
     "and"), or a determiner after one ("were the cfo ..."). */
  static const char *const openers[] = {"with", "were", "was", "also", "and",
                                        "plus", "then", "met", NULL};
  size_t q = best;
  for (int k = 0; k < 2; k++) {
    if (q == 0 || strchr(",;:(\n", s[q - 1]))
      return true;
    if (q < 2 || s[q - 1] != ' ')
      return false;
    size_t pe = q - 1, nb = pe, prb;
    if (strchr(",;.:(!?", s[pe - 1]))
      return true;
    if (k == 0 && name_ends_at(env, s, n, pe, &nb))
      return run_opens_with_role(env, s, n, nb, &prb, depth + 1);
    dbf_span wb = dbf__tx_word_before(s, pe);
    if (wb.len == 0 || wb.off + wb.len != pe)
      return false;
    if (in_list(openers, s + wb.off, wb.len, true))
      return true;
    /* "lotte smit the buyer ines varga": a role after "the" said right
       after a name is that name's; "our", "my": the speaker's side. */
    static const char *const dets[] = {"the", "their", "a", "an", "her", "his", NULL};
    if (k > 0 || !in_list(dets, s + wb.off, wb.len, true))
      return false;
    q = wb.off;
  }
  return false;
}

/* Does the role said plainly after the name at e end where the next
   name starts: "ines varga head of planning lotte smit"? */
static bool role_then_name(const dbf__people_env *env, const char *s, size_t n, size_t e) {
  if (!role_plainly_after(env, s, n, e))
    return false;
  size_t stop = e + 1 + strcspn(s + e + 1, ",;.()+\n");
  if (stop > n)
    stop = n;
  stop = plain_role_end(env, s, e, stop);
  while (stop < n && s[stop] == ' ')
    stop++;
  size_t l = cap_word(s, n, stop);
  return stop < n && (restored_at(env, stop) || (l && is_first_name(env, s + stop, l)));
}

/* Does a capitalized role run follow the name at e and end where the
   next given name starts: "Ines Varga Head of Sales Lotte Smit"? */
static bool cap_role_then_name(const dbf__people_env *env, const char *s, size_t n, size_t e) {
  size_t w = e;
  for (int k = 0; k < 7 && w + 1 < n && s[w] == ' '; k++) {
    size_t b = w + 1, we = b;
    while (we < n && s[we] != ' ')
      we++;
    bool of = we - b == 2 && dbf__tx_ieqn(s + b, "of", 2);
    if (!of && !dbf__tx_capital_at(s + b, n - b))
      return false;
    /* The next given name, or a word of address before it ("Ms"). */
    if (k > 0 && !of &&
        ((is_first_name(env, s + b, we - b) && !dbf__people_is_role(env, s + b, we - b)) ||
         in_list(k_honorific_words, s + b, we - b, true)))
      return take_role_words(env, s, e + 1, w);
    w = we;
  }
  return false;
}

/* Is nothing said of the name ending at e: a stop, the end, or a joiner
   ("Jo Tan, head of sales": what follows a comma may be the role)? */
static bool nothing_after(const char *s, size_t n, size_t e) {
  static const char *const joiners[] = {"and ", "plus ", "then ", "also ", NULL};
  if (e < n && s[e] == ',')
    e++;
  return e >= n || strchr(".;:!?\n", s[e]) || (s[e] == ' ' && opens_with(joiners, s, n, e + 1));
}

static void attach_role(const dbf__people_env *env, const char *s, size_t n, dbf__person *p) {
  /* Before, right against the name: "CISO Grace Obi", "Deputy Director Kim
     Sato". It wins over a role after a comma, which is the next person's. */
  /* "Sofia Lindahl COO Kevin Mwangi Head of Station Operations": said
     without commas, the role right after the name is the person's, and
     the one before it the person's before. */
  /* Unless the run opens with a role ("cfo ines varga head of planning
     lotte smit"): then each role is the name's after it. */
  size_t pe = p->off + p->len, opens;
  if ((nothing_after(s, n, pe) || role_then_name(env, s, n, pe)) &&
      run_opens_with_role(env, s, n, p->off, &opens, 0) && take_role(env, s, opens, p->off - 1, p))
    return;
  /* "Director of Finance Ines Varga Head of Sales Lotte Smit": a run
     that opens with a capitalized role gives the first name the role
     before it, and the one after to the next name. */
  if (pe < n && s[pe] == ' ' && cap_role_then_name(env, s, n, pe)) {
    dbf__person t = *p;
    bool run_opens = false;
    t.role[0] = '\0';
    if (role_right_before(env, s, &t, &run_opens) && run_opens) {
      copy_str(p->role, sizeof(p->role), t.role);
      return;
    }
  }
  if (pe < n && s[pe] == ' ' && role_plainly_after(env, s, n, pe)) {
    attach_role_after(env, s, n, p);
    if (p->role[0])
      return;
  }
  bool ignored;
  if (role_right_before(env, s, p, &ignored)) {
    /* "Professor Hemi Walker, Deputy Vice-Chancellor Research", "Captain
       Rhys Penhallow, the harbour master", "Engineer Rami Haddad the process
       engineer": a title of address before the name gives way to the role
       said after it. */
    static const char *const titles[] = {"professor", "captain", "judge",   "pastor",
                                         "father",    "rabbi",   "sheriff", NULL};
    size_t rb = p->off - 1 - strlen(p->role);
    if (!in_list(titles, p->role, strlen(p->role), true) &&
        dbf__people_honorific_at(s, n, rb) != p->off - rb)
      return;
    dbf__person after = *p;
    after.role[0] = '\0';
    attach_role_after(env, s, n, &after);
    if (after.role[0]) {
      copy_str(p->role, sizeof(p->role), after.role);
      if (!p->company[0])
        copy_str(p->company, sizeof(p->company), after.company);
    }
    return;
  }
  attach_role_after(env, s, n, p);
}

/* A pronoun and its verb that open a role said of a person: "Sanjay
   Kulkarni, he is the IT head", "Siobhan Gallagher, she's Operations
   Director". */
static const char *const k_said_of[] = {" he is ", " she is ", " he's ", " she's ", "he is ",
                                        "she is ", "he's ",    "she's ", NULL};

/* "Nils Berg he is the head roaster", "Ana Ruiz, she's the cellar
   master": what a pronoun and its verb say a person is, with "the", is
   their role, a word of the lexicon or not: up to four words of no
   function but "of". Fills p->role from s[b..e). */
static bool role_said_of(const char *s, size_t b, size_t e, dbf__person *p) {
  static const char *const dets[] = {"the ", "their ", NULL};
  size_t l = opens_with(dets, s, e, b);
  if (!l)
    return false;
  dbf_span sp = dbf__tx_trim(s, (dbf_span){b + l, e - b - l});
  dbf_span w[8];
  size_t nw = dbf__tx_words(s + sp.off, sp.len, w, 8);
  if (nw == 0 || nw > 4)
    return false;
  for (size_t i = 0; i < nw; i++) {
    const char *t = s + sp.off + w[i].off;
    if (dbf__tx_function_word(t, w[i].len) && !(w[i].len == 2 && dbf__tx_ieqn(t, "of", 2)))
      return false;
  }
  dbf__tx_copy(s, sp, p->role, sizeof(p->role));
  return true;
}

/*
 * "Omar Haddad from stores he is the stores manager", "Kwame I did not get
 * his surname he's the yard foreman": a pronoun and its verb a few words
 * after the name, past a short aside of no other person, open the role
 * said of that name. The aside holds no punctuation, no joiner ("and",
 * "+", "&") and no capitalized given name (that would be someone else).
 * Returns where the pronoun starts, or e when there is none.
 */
static size_t said_of_after_aside(const dbf__people_env *env, const char *s, size_t n, size_t e) {
  static const char *const joiners[] = {"and", "plus", "then", "also", "but", NULL};
  size_t w = e;
  for (int words = 0; words < 8 && w < n && s[w] == ' '; words++) {
    size_t b = w + 1;
    if (words > 0 && opens_with(k_said_of + 4, s, n, b))
      return b;
    size_t we = b;
    while (we < n && !strchr(" ,;.:()+&!?\n", s[we]))
      we++;
    if (we == b || in_list(joiners, s + b, we - b, true))
      return e;
    bool alone_i = we - b == 1 && s[b] == 'I';
    if (!alone_i && dbf__tx_isupper((unsigned char)s[b]) && is_first_name(env, s + b, we - b))
      return e;
    w = we;
  }
  return e;
}

/* "Omar, who I think is their payroll lead", "Ana Ruiz who I believe is
   the buyer": the length of the words from s[e] up to the role, or 0. */
static size_t who_hedged_is(const char *s, size_t n, size_t e) {
  static const char *const leads[] = {"who i think is ",  "who i believe is ", "who i guess is ",
                                      "who i assume is ", "who i gather is ",  NULL};
  size_t b = e;
  if (b < n && s[b] == ',')
    b++;
  if (b >= n || s[b] != ' ')
    return 0;
  size_t l = opens_with(leads, s, n, b + 1);
  return l ? b + 1 + l - e : 0;
}

/* The role said after the name, or else the one said before it. */
static void attach_role_after(const dbf__people_env *env, const char *s, size_t n, dbf__person *p) {
  size_t e = p->off + p->len;
  e += honorific_after(s, n, e);
  /* After: ", VP Operations," / " (CFO)" / " - head of IT" / " is their CTO". */
  size_t b = e;
  size_t hedged = who_hedged_is(s, n, e);
  if (hedged)
    b += hedged;
  else if (b < n && (s[b] == ',' || s[b] == '('))
    b++;
  else if (b + 2 <= n && s[b] == ' ' && s[b + 1] == '(')
    b += 2;
  else if (b + 3 <= n && dbf__tx_ieqn(s + b, " - ", 3))
    b += 3;
  else if (b + 4 <= n && dbf__tx_ieqn(s + b, " is ", 4))
    b += 4;
  else if (b + 6 <= n && dbf__tx_ieqn(s + b, " who's ", 6))
    b += 6;
  else if (b + 8 <= n && dbf__tx_ieqn(s + b, " who is ", 8))
    b += 8; /* "Tomasz Zielinski who is head of the waste department" */
  else if (b + 7 <= n && (dbf__tx_ieqn(s + b, " their ", 7) || dbf__tx_ieqn(s + b, " the ", 5)))
    b += 1; /* "Priyanka Shah their head of curriculum" */
  else if (b + 6 <= n && (dbf__tx_ieqn(s + b, " her ", 5) || dbf__tx_ieqn(s + b, " his ", 5) ||
                          dbf__tx_ieqn(s + b, " a ", 3) || dbf__tx_ieqn(s + b, " an ", 4)))
    b += 1; /* said without a comma: "Declan Moore her procurement manager" */
  else if (b + 8 <= n && s[b] == ' ' && opens_with(k_said_of, s, n, b + 1))
    b += 1; /* said without a comma: "Ravi Menon she is quality head" */
  else
    b = said_of_after_aside(env, s, n, b);
  /* ", that's it", "thats all": what closes the answer holds no role. */
  static const char *const closers[] = {"that's ", "thats ", "that is ", NULL};
  size_t cb = b;
  while (cb < n && s[cb] == ' ')
    cb++;
  /* ", & a contractor electrician ...", ", + their CFO": what a joiner
     opens is the next person. */
  static const char *const next_item[] = {"& ", "+ ", "and ", "plus ", NULL};
  if (b > e && (opens_with(closers, s, n, cb) || (s[e] == ',' && opens_with(next_item, s, n, cb))))
    b = e; /* only a role said before the name is left */
  size_t limit = n;
  if (b == e && role_plainly_after(env, s, n, b)) {
    b += 1; /* "Rodrigo Alves head of ecommerce," */
    limit = plain_role_end(env, s, e, n);
  }
  if (b > e) {
    /* "Sanjay Kulkarni, he is the IT head", "Siobhan Gallagher, she's
       Operations Director": the pronoun and its verb open the role. */
    size_t said = opens_with(k_said_of, s, n, b);
    b += said;
    size_t stop = b, and_at = 0;
    while (stop < limit && s[stop] != ',' && s[stop] != ')' && s[stop] != ';' && s[stop] != '.' &&
           s[stop] != '(' && s[stop] != '\n') {
      /* "finance - he joined late", "finance \u2014 he joined late": an aside. */
      if (stop + 3 <= n && s[stop] == ' ' &&
          (s[stop + 1] == '-' || ((unsigned char)s[stop + 1] == 0xE2 && stop + 4 <= n)))
        break;
      /* "the coo Solveig Marsh their head of logistics": the next person's
         given name ends the role. */
      if (stop > b && s[stop] == ' ' && stop + 1 < n &&
          dbf__tx_isupper((unsigned char)s[stop + 1])) {
        size_t gl = cap_word(s, n, stop + 1);
        if ((gl && is_first_name(env, s + stop + 1, gl) &&
             !dbf__people_is_role(env, s + stop + 1, gl)) ||
            restored_at(env, stop + 1))
          break;
      }
      /* "it manager + two interns", "ops mgr + kofi": "+" brings in the next
         person, unless a role goes on after it ("co-founder + CEO"). */
      bool hit =
          stop + 3 < n && dbf__tx_ieqn(s + stop, " + ", 3) && !role_word_at(env, s, n, stop + 3);
      for (size_t k = 0; k_role_stops[k] && !hit; k++) {
        size_t l = strlen(k_role_stops[k]);
        if (stop + l <= n && dbf__tx_ieqn(s + stop, k_role_stops[k], l)) {
          hit = true;
          break;
        }
      }
      /* "stores and logistics manager", "quality and compliance": one
         role of two lower-case words joined by "and". */
      /* Not before a determiner: "director and the treasurer ..." is the
         next person's role. */
      static const char *const next_np[] = {"the ", "their ", "her ", "his ", "our ",
                                            "a ",   "an ",    "my ",  NULL};
      if (hit && !and_at && stop + 5 < n && dbf__tx_ieqn(s + stop, " and ", 5) &&
          dbf__tx_islower((unsigned char)s[stop + 5]) && one_word_role_head(s, b, stop) &&
          !opens_with(next_np, s, n, stop + 5)) {
        and_at = stop;
        stop += 5;
        continue;
      }
      if (hit)
        break;
      stop++;
    }
    if (and_at && !take_role_pair(env, s, b, stop, p))
      stop = and_at;
    /* "Erik Lind the cfo whose name I missed": a role followed by whose
       name is not known is someone else's, said without the name. */
    bool unnamed = stop + 11 <= n && dbf__tx_ieqn(s + stop, " whose name", 11);
    if (!unnamed && (take_role_pair(env, s, b, stop, p) || (said && role_said_of(s, b, stop, p)))) {
      take_company(env, s, n, stop, p);
      if (!p->company[0] && stop < n && s[stop] == ',')
        take_company(env, s, n, stop + 1, p); /* "Tom, CTO, from Acme" is rare: ignore */
      return;
    }
  }
  take_company(env, s, n, e, p);
  if (role_after_company(env, s, n, e, p) || role_who_runs(s, n, e, p) ||
      role_of_group_before(env, s, p))
    return;
  /* Before: "the CFO, Alan Moore" / "their IT lead Tom" / "a GxP
     consultant, Dr. Elena Marchetti". */
  size_t q = p->off;
  while (q > 0 && (s[q - 1] == ' ' || s[q - 1] == ','))
    q--;
  {
    size_t hb, he = word_before(s, q > 0 && s[q - 1] == '.' ? q - 1 : q, &hb);
    if (hb < he && (dbf__people_honorific_at(s, n, hb) == p->off - hb ||
                    in_list(k_honorific_words, s + hb, he - hb, true))) {
      q = hb;
      while (q > 0 && (s[q - 1] == ' ' || s[q - 1] == ','))
        q--;
    }
  }
  size_t end = q, start = q;
  for (int w = 0; w < 6 && start > 0; w++) {
    size_t t = start;
    while (t > 0 && s[t - 1] == ' ')
      t--;
    size_t ws = t;
    while (ws > 0 && (dbf__tx_isalnum((unsigned char)s[ws - 1]) || s[ws - 1] == '-' ||
                      s[ws - 1] == '&' || s[ws - 1] == '\''))
      ws--;
    if (ws == t)
      break;
    /* "Jess Tremblay who's director of guest services, Omar": the role
       said of the person before is not Omar's. */
    static const char *const of_other[] = {"who", "who's", "whos", NULL};
    if (in_list(of_other, s + ws, t - ws, true))
      return;
    /* "Also nursing superintendent Mrs. Rekha Pillai": a joiner opens no role. */
    static const char *const joiners[] = {"also", "and", "plus", "then", NULL};
    if (in_list(joiners, s + ws, t - ws, true))
      break;
    /* "deputy mayor Katarzyna Nowicka, Tomasz": a role holds no given
       name; that is the person before. */
    if (cap_word(s, end, ws) == t - ws && is_first_name(env, s + ws, t - ws) &&
        !dbf__people_is_role(env, s + ws, t - ws))
      return;
    start = ws;
    if (in_list(k_role_dets, s + ws, t - ws, true))
      break;
  }
  if (end <= start)
    return;
  /* "their outside counsel from Morais & Teles, Sofia Morais": the role,
     then the company it names. */
  static const char *const cues[] = {"from", "at", NULL};
  size_t cut = dbf__tx_find_any(s, end, start, cues, NULL);
  if (cut != (size_t)-1 && cut > start + 1) {
    dbf__person t = *p;
    t.company[0] = '\0';
    take_company(env, s, end, cut - 1, &t);
    if (t.company[0] && take_role(env, s, start, cut - 1, p)) {
      if (!p->company[0])
        copy_str(p->company, sizeof(p->company), t.company);
      return;
    }
  }
  (void)take_role(env, s, start, end, p);
}

static void resolve_company(const dbf__people_env *env, dbf__person *p) {
  if (p->company[0] || p->ours)
    return;
  copy_str(p->company, sizeof(p->company), env->account);
}

/* Words of kin, each with its space: "his son ", "her husband ". */
static const char *const k_kin[] = {
    "son ",    "daughter ", "wife ",  "husband ",    "brother ",         "sister ", "father ",
    "mother ", "nephew ",   "niece ", "cousin ",     "uncle ",           "aunt ",   "auntie ",
    "dad ",    "mum ",      "mom ",   "son-in-law ", "daughter-in-law ", NULL};

size_t dbf__people_kin_at(const char *s, size_t n, size_t i) {
  size_t best = 0; /* the longest: "son-in-law", not "son" */
  for (size_t k = 0; k_kin[k]; k++) {
    size_t l = strlen(k_kin[k]) - 1;
    if (l > best && i + l <= n && dbf__tx_ieqn(s + i, k_kin[k], l) &&
        dbf__tx_is_word_at(s, n, i, l))
      best = l;
  }
  return best;
}

/* True when s[0..i) ends with one of words, at a word start. */
static bool follows_any(const char *const *words, const char *s, size_t i) {
  return dbf__tx_phrase_ends_at(s, i, words);
}

/* True when s[i] follows a personal title ("Dr. ", "Captain "). */
static bool after_title(const char *s, size_t i) {
  static const char *const titles[] = {"dr. ",   "dr ",    "mr. ",          "mr ",    "mrs. ",
                                       "mrs ",   "ms. ",   "ms ",           "prof. ", "captain ",
                                       "capt. ", "chief ", "commissioner ", "judge ", NULL};
  return follows_any(titles, s, i);
}

/* True when s[i] follows "<role word>, " ("the CFO, Robert Tan"); not a
   role a firm plays ("a local integrator, Grupo Tecnovia"). */
static bool after_role_comma(const dbf__people_env *env, const char *s, size_t i) {
  if (i < 3 || s[i - 1] != ' ' || s[i - 2] != ',')
    return false;
  size_t e = i - 2, b = e;
  while (b > 0 && (dbf__tx_isalnum((unsigned char)s[b - 1]) || s[b - 1] == '-'))
    b--;
  return e > b && dbf__people_is_role(env, s + b, e - b) &&
         !in_list(k_firm_roles, s + b, e - b, true);
}

/*
 * A name introduced as one: "a guy named Pete Hollis", "their CFO, I think
 * her name is Odile Marchand", "someone called Tobias". The cue must follow
 * a word for a person (or a role), so "a tool called Relay" names no one.
 * True when the word at s[i] follows such a cue.
 */
static bool after_name_intro(const dbf__people_env *env, const char *s, size_t i) {
  static const char *const owned[] = {"name is ", "name's ", "names are ", NULL};
  static const char *const verbs[] = {"named ", "called ", NULL};
  static const char *const persons[] = {
      "guy",    "man", "woman", "lady", "person", "someone", "somebody", "chap",
      "fellow", "gal", "bloke", "boss", "owner",  "founder", "partner",  NULL};
  /* "his son arindam", "her husband Tomasz": a word of kin names the one
     after it. */
  const char *const *kin = k_kin;
  if (follows_any(owned, s, i))
    return true;
  /* ... but not a thing of the family: "their sister bank", "the mother
     company". */
  if (follows_any(kin, s, i)) {
    size_t e = i;
    while (s[e] && dbf__tx_isalnum((unsigned char)s[e]))
      e++;
    const dbf__lexicon *common = dbf__lex_get(env->lex, "common_words");
    dbf__lex_match m;
    bool everyday = dbf__tx_function_word(s + i, e - i) ||
                    (common && dbf__lex_match_at(common, s, e, i, &m) && m.len == e - i);
    return e > i && !everyday;
  }
  for (size_t k = 0; verbs[k]; k++) {
    size_t l = strlen(verbs[k]);
    if (i < l + 2 || !dbf__tx_ieqn(s + i - l, verbs[k], l) || s[i - l - 1] != ' ')
      continue;
    size_t we = i - l - 1, wb = we;
    while (wb > 0 && dbf__tx_isalnum((unsigned char)s[wb - 1]))
      wb--;
    if (we > wb &&
        (in_list(persons, s + wb, we - wb, true) || dbf__people_is_role(env, s + wb, we - wb)))
      return true;
  }
  return false;
}

/* True when a role phrase with its determiner ends one space before s[i]:
   "their CFO Mats Lindqvist", "his office manager Becky", "their IT
   person Claire Dubois". */
static bool role_words_from(const dbf__people_env *env, const char *s, size_t i, size_t *det) {
  static const char *const dets[] = {"their", "his", "her", "the", "our", "my", "its", NULL};
  if (i < 2 || s[i - 1] != ' ' || !dbf__tx_isalnum((unsigned char)s[i - 2]))
    return false;
  size_t e = i - 1, b = e;
  for (int w = 0; w < 4 && b > 0; w++) {
    size_t we = b;
    while (we > 0 && s[we - 1] == ' ')
      we--;
    size_t ws = we;
    while (ws > 0 && (dbf__tx_isalnum((unsigned char)s[ws - 1]) || s[ws - 1] == '-'))
      ws--;
    if (ws == we)
      return false;
    if (in_list(dets, s + ws, we - ws, true)) {
      *det = ws;
      return b < e && take_role_words(env, s, b, e);
    }
    /* The phrase ends with its role word: not "SVP of", "partner from". */
    if (b == e && dbf__tx_function_word(s + ws, we - ws))
      return false;
    b = ws;
  }
  return false;
}

static bool after_role_words(const dbf__people_env *env, const char *s, size_t i) {
  size_t det;
  return role_words_from(env, s, i, &det);
}

static bool everyday_word(const dbf__people_env *env, const char *s, size_t b, size_t l);

/* True when a role phrase with no determiner opens the text or a sentence
   and ends one space before the l1-byte word at s[i], and a surname that
   is no everyday word follows that word: "CEO Beat Kalin signs", "Finance
   Director Rich Okoro approves" ("CFO Approval Needed" names no one).
   Each word of the role is capitalized. */
static bool after_opening_role(const dbf__people_env *env, const char *s, size_t n, size_t i,
                               size_t l1) {
  if (i < 2 || s[i - 1] != ' ' || !dbf__tx_isalnum((unsigned char)s[i - 2]) || i + l1 + 1 >= n ||
      s[i + l1] != ' ')
    return false;
  size_t l2 = cap_word(s, n, i + l1 + 1);
  if (l2 == 0 || everyday_word(env, s, i + l1 + 1, l2) || not_surname(s + i + l1 + 1, l2))
    return false;
  size_t e = i - 1;
  dbf_span w = dbf__tx_word_before(s, e);
  for (int k = 0; k < 3 && w.len > 0 && dbf__tx_isupper((unsigned char)s[w.off]); k++) {
    size_t b = w.off;
    while (b > 0 && s[b - 1] == ' ')
      b--;
    if ((b == 0 || strchr(".!?;:\n", s[b - 1])) && dbf__people_is_role(env, s + w.off, e - w.off))
      return true;
    if (b != w.off - 1)
      return false;
    w = dbf__tx_word_before(s, w.off);
  }
  return false;
}

/* ------------------------------------------------------ lower-case typing */

static bool is_lower_letter(char c) {
  return c >= 'a' && c <= 'z';
}

/* True when a letter after the first of the word s[0..l) is accented. */
static bool accented_word(const char *s, size_t l) {
  for (size_t i = 1; i < l; i++)
    if ((unsigned char)s[i] >= 0x80)
      return true;
  return false;
}

static bool brand_use(const char *s, size_t n, size_t i, size_t l);
static bool word_of_firm(const dbf__people_env *env, const char *s, size_t n, size_t i, size_t l);

static void cap_at(char *s, size_t n, size_t b, size_t e) {
  if (b < n && is_lower_letter(s[b]))
    s[b] = (char)(s[b] - 'a' + 'A');
  /* "o'brien" -> "O'Brien", "d'costa" -> "D'Costa": one letter and an
     apostrophe open the name; "nathan's" keeps its possessive. */
  if (b + 4 < e && s[b + 1] == '\'' && is_lower_letter(s[b + 2]))
    s[b + 2] = (char)(s[b + 2] - 'a' + 'A');
  for (size_t i = b + 1; i + 1 < e; i++) /* "reyes-whitlock" -> "Reyes-Whitlock" */
    if (s[i] == '-' && is_lower_letter(s[i + 1]))
      s[i + 1] = (char)(s[i + 1] - 'a' + 'A');
}

/* Words that are never part of a name typed in lower case, besides the
   function words. */
static const char *const k_not_name[] = {
    "w", "thats", "that's", "it's", "who's", "whos", "sends", "send", "will", "said", "says",
    "joined", "team", "people", "folks", "guy", "lady", "rest", "new", "dr", "mr", "mrs", "ms",
    "prof", "miss", "sir",
    /* what stands where a name was not caught: "dont know name", "didnt
       catch the name", "forgot her name" */
    "don't", "dont", "didn't", "didnt", "know", "name", "forgot", "remember", "catch",
    /* a name taken back: "dara quinn, sorry, dara quinlan" */
    "sorry", "oops", NULL};

/* Words typed in lower case after a given name that are never a surname:
   verbs said of the person ("karan gives input", "lena signs"), and how
   the meeting was held, said as an item of who was there ("just shane,
   phone call", "kim, over zoom"). One space before each. */
static const char k_never_surname[] =
    " gives signs approves decides runs leads handles manages owns wants needs pushes"
    " likes agrees prefers controls holds has does makes takes gets brings reports works helps"
    " checks advises supports prepares recommends recommended reviews votes carries tells asked"
    " agreed signed approved decided presents presented sponsors champions sits sat serves chairs"
    " call phone zoom video online remote remotely onsite lunch dinner coffee visit email chat"
    " briefly late early teams webex"
    /* and what stands where a name was not caught: "didnt catch surname",
       "didnt get names", "um the head of facilities" */
    " didnt didn't catch names surname someone somebody um uh er erm";

static bool never_surname(const char *s, size_t n) {
  for (const char *w = strchr(k_never_surname, ' '); w; w = strchr(w + 1, ' ')) {
    size_t l = strcspn(w + 1, " ");
    if (l == n && dbf__tx_ieqn(w + 1, s, n))
      return true;
  }
  return false;
}

static bool not_name(const char *s, size_t n) {
  /* a verb of opinion is said of the person: "ines reckons the price is high" */
  return dbf__tx_function_word(s, n) || in_list(k_not_name, s, n, true) || never_surname(s, n) ||
         dbf__tx_opinion_verb(s, n) || in_list(k_honorifics_after, s, n, true);
}

/* Words that open a clause about the person just named, typed without a
   comma: "bec nguyen who's the winemaker", "ola kim she's in sales". */
static const char *const k_said_of_named[] = {"who's", "whos", "she's", "shes",
                                              "he's",  "she",  "he",    NULL};

/* Name particles that stay in lower case ("Pieter du Plessis"). */
static const char *const k_particles[] = {"van", "der", "den", "de",  "du", "da",  "dos",
                                          "das", "von", "la",  "le",  "di", "del", "bin",
                                          "al",  "el",  "ten", "ter", NULL};

/* Words before a place named after a person ("a studio in albert park",
   "mt victoria"): a given name after them, typed in lower case, is the
   place's. */
static const char *const k_place_cues[] = {"in ",   "mt ",   "mt. ",   "st ",    "st. ", "mount ",
                                           "port ", "lake ", "fort ",  "saint ", "san ", "santa ",
                                           "near ", "via ",  "sankt ", "sint ",  "sao ", NULL};

/* Words after a given name that make it a place's name ("corrie bay",
   "eden valley"); not those that are common surnames too (Park, Hill). */
static const char *const k_place_words[] = {
    "bay",     "valley",  "creek", "road",    "lake",   "river",  "harbour", "harbor", "island",
    "heights", "springs", "falls", "station", "square", "avenue", "gardens", "estate", NULL};

/* True when the word after the one ending at s[e] is a place word. */
static bool place_word_after(const char *s, size_t n, size_t e) {
  if (e + 1 >= n || s[e] != ' ')
    return false;
  size_t b = e + 1, we = b;
  while (we < n && dbf__tx_isalnum((unsigned char)s[we]))
    we++;
  return we > b && in_list(k_place_words, s + b, we - b, true);
}

/* Given names that are everyday words when typed in lower case. */
static const char *const k_lower_common[] = {"grace", "rob",  "amber",    "jade", "lily",  "carol",
                                             "nick",  "ed",   "sterling", "bud",  "olive", "pearl",
                                             "ruby",  "iris", "dawn",     "lee",  "dev",   NULL};

/* The letter at s[*i] in lower case without its accent ("É", "é" and "e"
   are all 'e'), stepping *i past it; a character it does not know stays
   its first byte. */
static char folded_at(const char *s, size_t n, size_t *i) {
  unsigned char c = (unsigned char)s[*i];
  if (c == 0xC3 && *i + 1 < n) {
    /* U+00C0..U+00FF, capitals then small letters, without the two signs. */
    static const char k_base[] = "aaaaaaaceeeeiiiidnooooo*ouuuuyts"
                                 "aaaaaaaceeeeiiiidnooooo/ouuuuyty";
    unsigned char d = (unsigned char)s[*i + 1];
    if (d >= 0x80 && d <= 0xBF) {
      *i += 2;
      return k_base[d - 0x80];
    }
  }
  (*i)++;
  return dbf__tx_lower((char)c);
}

/* True when a[0..al) and b[0..bl) are the same name, but for case and
   accents: "Ines" typed on a phone is "Inés", "Lucia" is "Lucía". */
static bool same_name_folded(const char *a, size_t al, const char *b, size_t bl) {
  size_t i = 0, j = 0;
  while (i < al && j < bl)
    if (folded_at(a, al, &i) != folded_at(b, bl, &j))
      return false;
  return i == al && j == bl;
}

static bool is_known_first(const dbf__people_env *env, const char *s, size_t len) {
  for (size_t k = 0; len >= 2 && k < env->n_known; k++) {
    const char *nm = env->known[k].name;
    if (same_name_folded(nm, strcspn(nm, " "), s, len))
      return true;
  }
  return false;
}

/* True when "<first> <sur>" is a known person's name. */
static bool is_known_surname_after(const dbf__people_env *env, const char *first, size_t fl,
                                   const char *sur, size_t sl) {
  for (size_t k = 0; k < env->n_known; k++) {
    const char *nm = env->known[k].name;
    const char *sp = strrchr(nm, ' ');
    if (sp && strcspn(nm, " ") == fl && dbf__tx_ieqn(nm, first, fl) && strlen(sp + 1) == sl &&
        dbf__tx_ieqn(sp + 1, sur, sl))
      return true;
  }
  return false;
}

/* True when s[i] opens a list item: the text's start, or after a
   separator or "and", "plus" or "also". */
static bool item_start_at(const char *s, size_t i) {
  size_t p = i;
  while (p > 0 && s[p - 1] == ' ')
    p--;
  if (p == 0 || strchr(",;:\n-(.+", s[p - 1]))
    return true;
  static const char *const joins[] = {"and", "plus", "also", "then", NULL};
  return follows_any(joins, s, p);
}

/* True when a list item's name ends at s[e]: a separator, the end, or a
   phrase that says more about the person ("from", "who", "of"). */
static bool item_end_after(const char *s, size_t n, size_t e) {
  if (e >= n || strchr(",;.)\n", s[e]))
    return true;
  static const char *const tails[] = {" (", " - ", " + ", " from ", " who", " and ", " of ", NULL};
  for (size_t k = 0; tails[k]; k++) {
    size_t l = strlen(tails[k]);
    if (e + l <= n && dbf__tx_ieqn(s + e, tails[k], l))
      return true;
  }
  return false;
}

/* The surname of a known person, alone as a list item ("okafor + their
   ceo", "Sorensen and their CFO"): that person. Surnames of two letters or
   fewer, or shared by two known people, say nothing. */
static bool item_head_before(const char *s, size_t i);

/* Where an honorific in any case ends right before s[i] starts ("mr.
   Lim", "dr imhof"), or else where the spaces before s[i] start. */
static size_t honorific_before(const char *s, size_t i) {
  size_t p = i;
  while (p > 0 && s[p - 1] == ' ')
    p--;
  size_t q = p;
  if (q > 0 && s[q - 1] == '.')
    q--;
  size_t wb = q;
  while (wb > 0 && dbf__tx_isalnum((unsigned char)s[wb - 1]))
    wb--;
  return wb < q && in_list(k_honorifics, s + wb, q - wb, true) ? wb : i;
}

static bool deciding_verb_at(const char *s, size_t n, size_t p);
static bool passive_at(const char *s, size_t n, size_t p);

static const dbf__known_person *known_surname_alone(const dbf__people_env *env, const char *s,
                                                    size_t n, dbf_span w) {
  /* "Tanaka-san": a Japanese honorific after the surname, in the word or
     just after it. */
  static const char *const suffixes[] = {"-san", "-sama", "-sensei", "-kun", NULL};
  size_t end = w.off + w.len;
  for (size_t k = 0; suffixes[k]; k++) {
    size_t l = strlen(suffixes[k]);
    if (w.len > l + 2 && dbf__tx_ieqn(s + w.off + w.len - l, suffixes[k], l)) {
      w.len -= l;
      break;
    }
    if (end + l <= n && dbf__tx_ieqn(s + end, suffixes[k], l) &&
        (end + l == n || !dbf__tx_isalnum((unsigned char)s[end + l]))) {
      end += l;
      break;
    }
  }
  /* A list item of its own, after an honorific or not ("okafor + their
     ceo", "Mrs Okafor, ..."); anywhere right after one ("dr imhof has to
     back it"). */
  bool titled = honorific_before(s, w.off) < w.off;
  /* Heading a clause with a verb of deciding after it ("lindqvist signs",
     "mbeki owns the budget"): the one said to decide. */
  bool deciding =
      end + 1 < n && s[end] == ' ' && deciding_verb_at(s, n, end + 1) && !passive_at(s, n, end + 1);
  if (w.len < 3 ||
      (!titled && (!item_head_before(s, w.off) || !(item_end_after(s, n, end) || deciding))))
    return NULL;
  const dbf__known_person *hit = NULL;
  for (size_t k = 0; k < env->n_known; k++) {
    const char *sur = strrchr(env->known[k].name, ' ');
    if (!sur || strlen(sur + 1) != w.len || !dbf__tx_ieqn(sur + 1, s + w.off, w.len))
      continue;
    if (hit && !dbf__tx_ieqn(hit->name, env->known[k].name, strlen(hit->name) + 1))
      return NULL;
    hit = &env->known[k];
  }
  return hit;
}

static bool known_surname_item(const dbf__people_env *env, const char *s, size_t n, dbf_span w) {
  return known_surname_alone(env, s, n, w) != NULL;
}

/* A verb in the past said right after a given name ("ray nodded", "jack
   came in late"): no surname. A given name in -ed ("ahmed") stays one. */
static bool said_after_name(const dbf__people_env *env, const char *ws, size_t wl) {
  static const char *const past[] = {"came", "went", "sat", "said", "left",
                                     "took", "got",  "ran", "was",  NULL};
  return in_list(past, ws, wl, true) ||
         (wl > 4 && dbf__tx_ieqn(ws + wl - 2, "ed", 2) && !is_first_name(env, ws, wl));
}

/* The name at the head of a list item asked for people: "maya lindqvist
   (line producer)", "theo brandt - head of post", "jannie from the co-op". */
static void cap_item_head(dbf__people_env *env, char *s, size_t n, const dbf_span *w, size_t nw,
                          size_t k, bool owner_only) {
  static const char *const fillers[] = {"and", "plus", "also", "then", "dr", "mr",
                                        "mrs", "ms",   "prof", "miss", NULL};
  while (k < nw && in_list(fillers, s + w[k].off, w[k].len, true))
    k++;
  size_t first = k, last = k, particles = 0;
  for (; last < nw && last - first - particles < 4; last++) {
    const char *ws = s + w[last].off;
    size_t wl = w[last].len;
    if (last > first) {
      /* Only spaces between the words of a name. */
      for (size_t i = dbf__tx_span_end(w[last - 1]); i < w[last].off; i++)
        if (s[i] != ' ')
          goto done;
    }
    if (last > first && in_list(k_particles, ws, wl, true)) {
      particles++; /* "gerrit van der merwe": three name words, two particles */
      continue;
    }
    /* Only what was typed in lower case is restored ("dev patel" too), and
       a given name the list restored goes on before a particle ("pieter du
       plessis"). */
    bool listed_first = last == first && last + 1 < nw && dbf__tx_isupper((unsigned char)ws[0]) &&
                        is_first_name(env, ws, wl) &&
                        in_list(k_particles, s + w[last + 1].off, w[last + 1].len, true);
    if (not_name(ws, wl) || in_list(k_said_of_named, ws, wl, true) ||
        (dbf__people_is_role(env, ws, wl) && !is_first_name(env, ws, wl)) ||
        (!is_lower_letter(ws[0]) && !listed_first) ||
        (last > first && said_after_name(env, ws, wl)))
      break;
    /* "dom rinaldi fleet manager": after a given name and a surname that
       is no given name ("jose luis herrera" goes on), a word with a role
       word right after it opens the role. */
    if (last - first - particles >= 2 && last + 1 < nw &&
        w[last + 1].off == dbf__tx_span_end(w[last]) + 1 &&
        !is_first_name(env, s + w[last - 1].off, w[last - 1].len) &&
        !in_list(k_particles, s + w[last - 1].off, w[last - 1].len, true) &&
        dbf__people_is_role(env, s + w[last + 1].off, w[last + 1].len))
      break;
  }
done:
  while (last > first && in_list(k_particles, s + w[last - 1].off, w[last - 1].len, true)) {
    last--; /* a name never ends with a particle */
    particles--;
  }
  /* A given name the list restored stands for itself alone ("priya" may
     be a known Priya). */
  if (last > first && !is_lower_letter(s[w[first].off]) && last - first - particles < 2)
    return;
  if (last == first || last - first - particles > 3 || (owner_only && last - first > 2))
    return;
  /* "family company", "final approval": words that are all everyday ones,
     none a given name, head no item as a name. */
  const dbf__lexicon *everyday = dbf__lex_get(env->lex, "common_words");
  bool plain_words = everyday != NULL;
  for (size_t j = first; j < last && plain_words; j++) {
    dbf__lex_match m;
    plain_words = !is_first_name(env, s + w[j].off, w[j].len) &&
                  dbf__lex_match_at(everyday, s, dbf__tx_span_end(w[j]), w[j].off, &m) &&
                  m.len == w[j].len;
  }
  if (plain_words)
    return;
  /* What follows the name: a role in brackets or after a dash, "from", a
     separator, or the end. */
  size_t after = dbf__tx_span_end(w[last - 1]);
  while (after < n && s[after] == ' ')
    after++;
  if (owner_only) {
    /* "theo: send the crew list" */
    if (after >= n || s[after] != ':' || !is_lower_letter(s[w[first].off]))
      return;
  }
  bool ends = after >= n || strchr(",;(-\n:", s[after]) ||
              (last < nw && w[last].off == after &&
               (dbf__tx_ieqn(s + after, "from ", 5) || dbf__tx_ieqn(s + after, "who ", 4) ||
                dbf__tx_ieqn(s + after, "and ", 4) ||
                (w[first].len >= 2 && in_list(k_said_of_named, s + after, w[last].len, true))));
  /* "dev patel their payroll manager": the role after "their". */
  if (!ends && last + 1 < nw && w[last].off == after &&
      (dbf__tx_ieqn(s + after, "their ", 6) || dbf__tx_ieqn(s + after, "the ", 4))) {
    size_t re = dbf__tx_span_end(w[last + 2 < nw ? last + 2 : last + 1]);
    ends = take_role_words(env, s, w[last + 1].off, re) ||
           take_role_words(env, s, w[last + 1].off, dbf__tx_span_end(w[last + 1]));
  }
  /* "rodrigo alves head of ecommerce": a role right after a two-word name. */
  if (!ends && last - first - particles >= 2)
    ends = role_plainly_after(env, s, n, dbf__tx_span_end(w[last - 1]));
  if (!ends && !(after + 2 < n && (unsigned char)s[after] == 0xe2)) /* an en or em dash */
    return;
  /* "they pick one after the trade fair, early june": a date that ends where the
     name would is no name ("june okafor" still is one). */
  size_t name_off = w[first].off, name_end = dbf__tx_span_end(w[last - 1]);
  dbf__ymd ref = {2026, 1, 1};
  dbf__date dt[2];
  size_t nd = dbf__date_scan(s + name_off, name_end - name_off, &ref, true, dt, 2);
  for (size_t d = 0; d < nd; d++)
    if (name_off + dt[d].off + dt[d].len == name_end)
      return;
  for (size_t j = first; j < last; j++)
    if (!(j > first && j + 1 < last && in_list(k_particles, s + w[j].off, w[j].len, true)))
      cap_at(s, n, w[j].off, dbf__tx_span_end(w[j]));
  if (env->n_restored < DBF_ARRAY_LEN(env->restored))
    env->restored[env->n_restored++] =
        (dbf_span){w[first].off, dbf__tx_span_end(w[last - 1]) - w[first].off};
}

/* A word that reads as a verb: "wants", "approved", "changes". */
bool dbf__people_verb_form(const dbf__lexicon *common, const char *ws, size_t wl) {
  dbf__lex_match m;
  if (wl > 4 && dbf__tx_ieqn(ws + wl - 2, "ed", 2))
    return true;
  for (size_t cut = 1; cut <= 2; cut++) {
    if (wl <= cut + 2 || ws[wl - 1] != 's' || (cut == 2 && ws[wl - 2] != 'e'))
      continue;
    if (common && dbf__lex_match_at(common, ws, wl - cut, 0, &m) && m.len == wl - cut)
      return true;
  }
  return false;
}

static bool name_word_after_address(const dbf__people_env *env, const dbf__lexicon *everyday,
                                    const char *s, dbf_span w);

/* Are w[k] and w[k+1], typed in lower case right after a role with its
   determiner ("their president"), a name: neither a function word, a
   role, a department or a verb form, and closed by the end, a mark, a
   verb of deciding or a word that goes on ("as", "and", "who")? */
static bool name_after_role_at(const dbf__people_env *env, const char *s, size_t n,
                               const dbf_span *w, size_t nw, size_t k) {
  static const char *const goes_on[] = {"as",   "and", "who",  "has",  "is",
                                        "will", "was", "must", "also", NULL};
  const dbf__lexicon *common = dbf__lex_get(env->lex, "common_words");
  size_t det = 0;
  if (!role_words_from(env, s, w[k].off, &det) || dbf__tx_span_end(w[k]) + 1 != w[k + 1].off)
    return false;
  for (size_t j = k; j <= k + 1; j++) {
    const char *ws = s + w[j].off;
    size_t wl = w[j].len;
    if (!is_lower_letter(ws[0]) || wl < 2 || not_name(ws, wl) || dbf__tx_function_word(ws, wl) ||
        dbf__people_is_role(env, ws, wl) || is_department(env, ws, wl) ||
        in_list(k_particles, ws, wl, true) || dbf__people_verb_form(common, ws, wl) ||
        (j > k && said_after_name(env, ws, wl)))
      return false;
  }
  size_t a = dbf__tx_span_end(w[k + 1]), m = a;
  while (m < n && s[m] == ' ')
    m++;
  if (m < n && s[m] == '(')
    return true;
  /* At the end or before a comma, only words no everyday one: "the
     shift manager next time", "their ops lead next week, and". Before
     a comma, the role opens its item: right after a name ("ana diaz
     their lead backend eng,") it is that name's and goes on. */
  size_t d = k;
  while (d > 0 && w[d].off > det)
    d--;
  bool opens = d == 0 || w[d].off != det || !dbf__tx_isupper((unsigned char)s[w[d - 1].off]) ||
               strspn(s + dbf__tx_span_end(w[d - 1]), " ") != det - dbf__tx_span_end(w[d - 1]);
  if (m >= n || strchr(".;\n", s[m]) || (s[m] == ',' && opens)) {
    dbf__lex_match lm;
    for (size_t j = k; j <= k + 1; j++)
      if (common && dbf__lex_match_at(common, s, dbf__tx_span_end(w[j]), w[j].off, &lm) &&
          lm.len == w[j].len)
        return false;
    return true;
  }
  if (k + 2 >= nw || w[k + 2].off != a + 1)
    return false;
  if (deciding_verb_at(s, n, w[k + 2].off) ||
      in_list(goes_on, s + w[k + 2].off, w[k + 2].len, true))
    return true;
  /* "the owner ruth kessler rubber-stamps it", "their coo ana reyes had
     agreed": another verb, or a word that goes on to one, after two words
     that are no everyday word. */
  static const char *const to_verb[] = {"had", "to", "would", "should", "can", "decide", NULL};
  const char *vs = s + w[k + 2].off;
  size_t vl = w[k + 2].len;
  const char *hy = memchr(vs, '-', vl); /* "co-signs": the verb after the hyphen */
  if (hy && (size_t)(hy - vs) + 1 < vl) {
    vl -= (size_t)(hy - vs) + 1;
    vs = hy + 1;
  }
  /* "the treasurer ana reyes plus her deputy", "their cto bo lind from
     the head office": a word that opens the next item or clause. */
  static const char *const next_item[] = {"plus", "then", "from", "that's", "their",
                                          "his",  "her",  "our",  "so",     "but",
                                          "he",   "she",  "they", "there",  NULL};
  return (dbf__people_verb_form(common, vs, vl) || in_list(to_verb, vs, vl, true) ||
          in_list(next_item, vs, vl, true)) &&
         name_word_after_address(env, common, s, w[k]) &&
         name_word_after_address(env, common, s, w[k + 1]);
}

/* Can the lower-case word at w be a name after a word of address? */
static bool name_word_after_address(const dbf__people_env *env, const dbf__lexicon *everyday,
                                    const char *s, dbf_span w) {
  const char *ws = s + w.off;
  dbf__lex_match m;
  return is_lower_letter(ws[0]) && w.len >= 2 && !not_name(ws, w.len) &&
         !dbf__tx_function_word(ws, w.len) && !dbf__people_is_role(env, ws, w.len) &&
         !is_department(env, ws, w.len) && !dbf__people_verb_form(everyday, ws, w.len) &&
         !(everyday && dbf__lex_match_at(everyday, s, w.off + w.len, w.off, &m) && m.len == w.len);
}

/* "signing", "approving", "planning": an everyday word with "-ing" (its
   "e" dropped or its last letter doubled), said after a given name as
   what the person does, no surname. */
static bool ing_form(const dbf__lexicon *common, const char *ws, size_t wl) {
  char stem[64];
  dbf__lex_match m;
  if (!common || wl < 6 || wl >= sizeof stem || !dbf__tx_ieqn(ws + wl - 3, "ing", 3))
    return false;
  size_t sl = wl - 3;
  memcpy(stem, ws, sl);
  stem[sl] = '\0';
  if (dbf__lex_match_at(common, stem, sl, 0, &m) && m.len == sl)
    return true;
  stem[sl] = 'e'; /* "approving" -> "approve" */
  if (dbf__lex_match_at(common, stem, sl + 1, 0, &m) && m.len == sl + 1)
    return true;
  /* "planning" -> "plan" */
  return sl > 3 && stem[sl - 1] == stem[sl - 2] && dbf__lex_match_at(common, stem, sl - 1, 0, &m) &&
         m.len == sl - 1;
}

/* Are w[b..e) words of a role typed in lower case after a name, one space
   apart: ending in a role word ("ops mgr", "chief engineer"), a
   department ("procurement"), or a role or "head" with "of" and more
   after it ("head of station operations", "director of fundraising")? */
static bool plain_role_words(const dbf__people_env *env, const char *s, const dbf_span *w, size_t b,
                             size_t e) {
  const dbf__lexicon *roles = dbf__lex_get(env->lex, "roles");
  size_t end = dbf__tx_span_end(w[e - 1]);
  for (size_t j = b; j < e; j++)
    if (!is_lower_letter(s[w[j].off]) || (j > b && w[j].off != dbf__tx_span_end(w[j - 1]) + 1))
      return false;
  dbf_span sp = {w[b].off, end - w[b].off};
  if (role_noun_phrase(env, s, sp) || is_department(env, s + sp.off, sp.len))
    return true;
  bool head = (w[b].len == 4 && dbf__tx_ieqn(s + w[b].off, "head", 4)) ||
              dbf__people_is_role(env, s + w[b].off, w[b].len);
  dbf__lex_match m;
  return head && e - b >= 3 && e - b <= 5 && w[b + 1].len == 2 &&
         dbf__tx_ieqn(s + w[b + 1].off, "of", 2) &&
         !dbf__tx_function_word(s + w[e - 1].off, w[e - 1].len) &&
         (is_department(env, s + w[e - 1].off, w[e - 1].len) ||
          (roles && dbf__lex_match_at(roles, s, end, w[e - 1].off, &m)) ||
          !dbf__lex_match_at(dbf__lex_get(env->lex, "common_words"), s, end, w[e - 1].off, &m));
}

/*
 * Said without commas, "<name> <role> <given> <surname> ...": w[k] opens
 * the role of the capitalized name before it; the two lower-case words
 * right after that role are the next person's name when neither is a
 * function word, everyday word, role, department or verb form, and a
 * role, a separator, "and", "from", "who", "plus", "their" or the end
 * follows them. The index of the given name, or (size_t)-1.
 */
static size_t name_after_plain_role(const dbf__people_env *env, const char *s, size_t n,
                                    const dbf_span *w, size_t nw, size_t k) {
  static const char *const closers[] = {"and", "from", "who",  "plus", "their",
                                        "the", "with", "also", "as",   NULL};
  const dbf__lexicon *everyday = dbf__lex_get(env->lex, "common_words");
  if (!dbf__tx_isupper((unsigned char)s[w[k - 1].off]) ||
      w[k].off != dbf__tx_span_end(w[k - 1]) + 1)
    return (size_t)-1;
  for (size_t m = 1; m <= 5 && k + m + 1 < nw; m++) {
    size_t g = k + m;
    if (!plain_role_words(env, s, w, k, g))
      continue;
    if (w[g].off != dbf__tx_span_end(w[g - 1]) + 1 || w[g + 1].off != dbf__tx_span_end(w[g]) + 1 ||
        !name_word_after_address(env, everyday, s, w[g]) ||
        !name_word_after_address(env, everyday, s, w[g + 1]) ||
        in_list(k_particles, s + w[g].off, w[g].len, true))
      continue;
    size_t a = dbf__tx_span_end(w[g + 1]);
    bool closed = a >= n || strchr(",;.(\n+:-", s[a]);
    if (!closed && g + 2 < nw && w[g + 2].off == a + 1) {
      const char *ns = s + w[g + 2].off;
      size_t nl = w[g + 2].len;
      closed = in_list(closers, ns, nl, true) || in_list(k_said_of_named, ns, nl, true) ||
               dbf__people_is_role(env, ns, nl) || is_department(env, ns, nl) ||
               (nl == 4 && dbf__tx_ieqn(ns, "head", 4));
    }
    if (closed)
      return g;
  }
  return (size_t)-1;
}

/* "rosa vidal (plant manager) tariq haddad (finance)": after a closing
   bracket, two words one space apart that are each no everyday word,
   verb form, role or department open the next item ("(cfo) decide
   together", "(finance) nguyen" do not). */
static bool name_after_bracket(const dbf__people_env *env, const char *s, const dbf_span *w,
                               size_t nw, size_t k) {
  const dbf__lexicon *everyday = dbf__lex_get(env->lex, "common_words");
  return k + 1 < nw && w[k + 1].off == dbf__tx_span_end(w[k]) + 1 &&
         name_word_after_address(env, everyday, s, w[k]) &&
         name_word_after_address(env, everyday, s, w[k + 1]);
}

/*
 * "grant signs off", "- mark and their cfo", "bob with the owner": a
 * known person's first name that is also a word ("grant", "mark") is
 * the person when it opens an item and a verb form, a modal or a word
 * that adds a second person follows ("the grant has to" opens no item).
 */
static bool known_first_as_subject(const dbf__people_env *env, const char *s, const dbf_span *w,
                                   size_t nw, size_t k) {
  static const char *const next[] = {"has",  "had", "will", "must", "is",     "was", "and",
                                     "with", "+",   "&",    "can",  "should", NULL};
  const dbf__lexicon *common = dbf__lex_get(env->lex, "common_words");
  if (!is_known_first(env, s + w[k].off, w[k].len) || !item_start_at(s, w[k].off))
    return false;
  if (k + 1 >= nw)
    return false;
  const char *ns = s + w[k + 1].off;
  size_t nl = w[k + 1].len;
  return in_list(next, ns, nl, true) || dbf__people_verb_form(common, ns, nl);
}

void dbf__people_restore_case(dbf__people_env *env, char *s, size_t n) {
  dbf_span w[256];
  size_t nw = dbf__tx_words(s, n, w, DBF_ARRAY_LEN(w));
  for (size_t k = 0; k < nw; k++) {
    const char *ws = s + w[k].off;
    size_t wl = w[k].len;
    /* "on nathan's recommendation": the name without its possessive. */
    if (wl > 4 && ws[wl - 2] == '\'' && (ws[wl - 1] == 's' || ws[wl - 1] == 'S'))
      wl -= 2;
    if (not_name(ws, wl) || dbf__people_is_role(env, ws, wl))
      continue;
    if (!is_lower_letter(ws[0]) ||
        (in_list(k_ambiguous_first, ws, wl, true) && !known_first_as_subject(env, s, w, nw, k)))
      continue;
    /* A known person's first name; their surname only after it, or
       alone as a list item ("okafor + their ceo"). */
    if (is_known_first(env, ws, wl) || known_surname_item(env, s, n, w[k]) ||
        (is_first_name(env, ws, wl) && !in_list(k_lower_common, ws, wl, true) &&
         !brand_use(s, n, w[k].off, wl) && !follows_any(k_place_cues, s, w[k].off) &&
         !word_of_firm(env, s, n, w[k].off, wl) &&
         !place_word_after(s, n, dbf__tx_span_end(w[k]))) ||
        (k > 0 && dbf__tx_isupper((unsigned char)s[w[k - 1].off]) &&
         is_known_surname_after(env, s + w[k - 1].off, w[k - 1].len, ws, wl)))
      cap_at(s, n, w[k].off, dbf__tx_span_end(w[k]));
  }
  /* "okuda-san signs", "ask tanabe-sensei": a Japanese honorific makes the
     word before it a surname, whoever it names. */
  static const char *const jp[] = {"-san", "-sama", "-sensei", NULL};
  for (size_t k = 0; k < nw; k++)
    for (size_t j = 0; jp[j]; j++) {
      size_t l = strlen(jp[j]);
      if (w[k].len > l + 1 && is_lower_letter(s[w[k].off]) &&
          dbf__tx_ieqn(s + w[k].off + w[k].len - l, jp[j], l))
        s[w[k].off] = (char)(s[w[k].off] - 'a' + 'A');
    }
  /* "deepa nair signs", "margaret crane has to agree": after a given name
     a word no everyday one, nor an everyday verb with its -s ("signs",
     "decides"), nor a verb in -ed, is the surname. */
  const dbf__lexicon *common = dbf__lex_get(env->lex, "common_words");
  for (size_t k = 1; common && k < nw; k++) {
    const char *ws = s + w[k].off;
    size_t wl = w[k].len;
    const char *pw = s + w[k - 1].off;
    size_t gap = w[k].off - dbf__tx_span_end(w[k - 1]);
    if (gap != 1 || s[w[k].off - 1] != ' ' || !is_lower_letter(ws[0]) || wl < 3 ||
        !dbf__tx_isupper((unsigned char)pw[0]) || !is_first_name(env, pw, w[k - 1].len) ||
        (k >= 2 && dbf__tx_isupper((unsigned char)s[w[k - 2].off]) &&
         dbf__tx_span_end(w[k - 2]) + 1 == w[k - 1].off &&
         /* "their CFO kofi mensah", "head of IT ana pereira": a role or
            department in capitals before the given name is no name. */
         !dbf__people_is_role(env, s + w[k - 2].off, w[k - 2].len) &&
         !is_department(env, s + w[k - 2].off, w[k - 2].len)))
      continue;
    dbf__lex_match m;
    bool everyday = false;
    for (size_t cut = 0; cut <= 2 && !everyday; cut++) {
      if (cut > 0 && (wl <= cut + 2 || ws[wl - 1] != 's' || (cut == 2 && ws[wl - 2] != 'e')))
        continue;
      everyday = dbf__lex_match_at(common, ws, wl - cut, 0, &m) && m.len == wl - cut;
    }
    if (everyday || ing_form(common, ws, wl) || not_name(ws, wl) ||
        dbf__people_is_role(env, ws, wl) || is_department(env, ws, wl) ||
        dbf__tx_function_word(ws, wl) || said_after_name(env, ws, wl) ||
        in_list(k_particles, ws, wl, true))
      continue;
    cap_at(s, n, w[k].off, dbf__tx_span_end(w[k]));
  }
  /* "trần minh khoa": typed in lower case, a word with an accented
     letter right before two name words capitalized above, the
     first a given name, is the family name said first. */
  for (size_t k = 0; k + 1 < nw; k++) {
    const char *ws = s + w[k].off;
    size_t wl = w[k].len;
    if (!accented_word(ws, wl) || !is_lower_letter(ws[0]) ||
        dbf__tx_span_end(w[k]) + 1 != w[k + 1].off || s[w[k + 1].off - 1] != ' ' ||
        !dbf__tx_isupper((unsigned char)s[w[k + 1].off]) ||
        !is_first_name(env, s + w[k + 1].off, w[k + 1].len) || k + 2 >= nw ||
        dbf__tx_span_end(w[k + 1]) + 1 != w[k + 2].off ||
        !dbf__tx_isupper((unsigned char)s[w[k + 2].off]) || not_name(ws, wl) ||
        dbf__people_is_role(env, ws, wl) || is_department(env, ws, wl) ||
        everyday_word(env, s, w[k].off, wl))
      continue;
    cap_at(s, n, w[k].off, dbf__tx_span_end(w[k]));
  }
  /* "a guy named pete hollis": two words after the cue (a third cannot be
     told from the verb after the name). */
  for (size_t k = 0; k < nw; k++) {
    if (!after_name_intro(env, s, w[k].off))
      continue;
    for (size_t j = k, words = 0; j < nw && words < 2; j++) {
      if (j > k) {
        for (size_t i = dbf__tx_span_end(w[j - 1]); i < w[j].off; i++)
          if (s[i] != ' ')
            goto next_intro;
      }
      bool particle = j > k && in_list(k_particles, s + w[j].off, w[j].len, true) && j + 1 < nw;
      /* A word the loop above capitalized (a lexicon first name) goes on. */
      if (!particle &&
          (not_name(s + w[j].off, w[j].len) || dbf__people_is_role(env, s + w[j].off, w[j].len) ||
           (j > k && said_after_name(env, s + w[j].off, w[j].len)) ||
           !(is_lower_letter(s[w[j].off]) || dbf__tx_isupper((unsigned char)s[w[j].off]))))
        break;
      if (!particle) {
        cap_at(s, n, w[j].off, dbf__tx_span_end(w[j]));
        words++;
      }
    }
  next_intro:;
  }
  if (!env->people_asked && !env->owners_asked)
    return;
  /* "the cio mr. fujiwara", "the owner mrs bellamy": typed in lower case,
     the word after a word of address is a name, and the next one too
     when it is no function word, everyday word, role or verb form. */
  const dbf__lexicon *everyday = dbf__lex_get(env->lex, "common_words");
  for (size_t k = 0; env->people_asked && k + 1 < nw; k++) {
    if (!in_list(k_honorific_words, s + w[k].off, w[k].len, true) ||
        !is_lower_letter(s[w[k].off]) || !name_word_after_address(env, everyday, s, w[k + 1]))
      continue;
    cap_at(s, n, w[k + 1].off, dbf__tx_span_end(w[k + 1]));
    if (k + 2 < nw && dbf__tx_span_end(w[k + 1]) + 1 == w[k + 2].off &&
        name_word_after_address(env, everyday, s, w[k + 2])) {
      cap_at(s, n, w[k + 2].off, dbf__tx_span_end(w[k + 2]));
      /* "ms pham thi hoa", "mr bui xuan truong": a third such word is
         the name's too. */
      if (k + 3 < nw && dbf__tx_span_end(w[k + 2]) + 1 == w[k + 3].off &&
          name_word_after_address(env, everyday, s, w[k + 3]))
        cap_at(s, n, w[k + 3].off, dbf__tx_span_end(w[k + 3]));
    }
  }
  /* "their president frank stone signs", "the md thabo nkosi decided":
     typed in lower case, two words right after a role with its
     determiner are a name when what follows closes it. */
  for (size_t k = 0; env->people_asked && k + 1 < nw; k++)
    if (name_after_role_at(env, s, n, w, nw, k)) {
      cap_at(s, n, w[k].off, dbf__tx_span_end(w[k]));
      cap_at(s, n, w[k + 1].off, dbf__tx_span_end(w[k + 1]));
      k++;
    }
  /* Each list item's head. */
  for (size_t k = 0; k < nw; k++) {
    size_t p = w[k].off;
    while (p > 0 && s[p - 1] == ' ')
      p--;
    bool item_start = p == 0 || strchr(",;.\n", s[p - 1]) ||
                      (k > 0 && dbf__tx_ieqn(s + w[k - 1].off, "and", 3) && w[k - 1].len == 3) ||
                      (s[p - 1] == ')' && name_after_bracket(env, s, w, nw, k));
    if (env->owners_asked && (p == 0 || strchr(".;\n-*", s[p - 1])))
      cap_item_head(env, s, n, w, nw, k, true);
    else if (item_start && env->people_asked)
      cap_item_head(env, s, n, w, nw, k, false);
  }
  /* "ingrid haugen cfo terje lunde head of ops": the next person's name
     right after the role said of a name, without a comma. */
  for (size_t k = 1; env->people_asked && k + 2 < nw; k++) {
    size_t first = name_after_plain_role(env, s, n, w, nw, k);
    if (first == (size_t)-1)
      continue;
    cap_at(s, n, w[first].off, dbf__tx_span_end(w[first]));
    cap_at(s, n, w[first + 1].off, dbf__tx_span_end(w[first + 1]));
    if (env->n_restored < DBF_ARRAY_LEN(env->restored))
      env->restored[env->n_restored++] =
          (dbf_span){w[first].off, dbf__tx_span_end(w[first + 1]) - w[first].off};
    k = first + 1;
  }
}

void dbf__people_restore_known(const dbf__people_env *env, char *s, size_t n) {
  dbf_span w[256];
  size_t nw = dbf__tx_words(s, n, w, DBF_ARRAY_LEN(w));
  for (size_t k = 0; k < nw; k++) {
    const char *ws = s + w[k].off;
    size_t wl = w[k].len;
    bool person = false; /* a known name written with a capital ("co-op board" is none) */
    for (size_t j = 0; j < env->n_known && !person; j++) {
      const char *nm = env->known[j].name;
      person = dbf__tx_isupper((unsigned char)nm[0]) && strcspn(nm, " ") == wl &&
               dbf__tx_ieqn(nm, ws, wl);
    }
    /* "tanabe-san, ...", "dr imhof, ...": a known surname as a list item. */
    if (is_lower_letter(ws[0]) && !person && known_surname_item(env, s, n, w[k])) {
      cap_at(s, n, w[k].off, dbf__tx_span_end(w[k]));
      continue;
    }
    if (!is_lower_letter(ws[0]) || !person || not_name(ws, wl) ||
        dbf__people_is_role(env, ws, wl) ||
        (in_list(k_ambiguous_first, ws, wl, true) && !known_first_as_subject(env, s, w, nw, k)) ||
        in_list(k_lower_common, ws, wl, true))
      continue;
    cap_at(s, n, w[k].off, dbf__tx_span_end(w[k]));
    if (k + 1 < nw && is_lower_letter(s[w[k + 1].off]) &&
        is_known_surname_after(env, ws, wl, s + w[k + 1].off, w[k + 1].len))
      cap_at(s, n, w[k + 1].off, dbf__tx_span_end(w[k + 1]));
  }
}

/* True when s[i] opens a list item (item_start_at); an honorific before
   the name does not count: "Mrs Penelope ...". */
static bool item_head_before(const char *s, size_t i) {
  return item_start_at(s, honorific_before(s, i));
}

/*
 * True when the capitalized word s[b..b+l) after a given name and its
 * surname opens the next sentence rather than the name: dictated with no
 * full stop, "<given> <surname> <given2> signs". It is a given name the
 * interview knows, or one of the list's after a name that opens with one
 * too; the word before it is none, and a verb follows it ("signs").
 * "Mary Ann Smith" and "Luis Fernando Garza" stay whole (a given name in
 * the middle, none last), and so do names said family name first, whose
 * given name comes last ("Nguyen Van Minh").
 */
static bool next_subject_at(const dbf__people_env *env, const char *s, size_t n, size_t i,
                            size_t l1, size_t b, size_t l) {
  size_t mid = i + l1 + 1, ml = b - 1 - mid;
  if (!(is_known_first(env, s + b, l) ||
        (is_first_name(env, s + b, l) && is_first_name(env, s + i, l1))) ||
      is_first_name(env, s + mid, ml) || is_known_first(env, s + mid, ml) ||
      is_known_surname_after(env, s + i, l1, s + b, l))
    return false;
  size_t e = b + l, ve = e + 1;
  if (e + 1 >= n || s[e] != ' ' || !dbf__tx_islower((unsigned char)s[e + 1]))
    return false;
  while (ve < n && dbf__tx_islower((unsigned char)s[ve]))
    ve++;
  return dbf__people_verb_form(dbf__lex_get(env->lex, "common_words"), s + e + 1, ve - e - 1);
}

/* True when the word s[b..b+l) is an everyday English word. */
static bool everyday_word(const dbf__people_env *env, const char *s, size_t b, size_t l) {
  const dbf__lexicon *everyday = dbf__lex_get(env->lex, "common_words");
  dbf__lex_match m;
  return everyday && dbf__lex_match_at(everyday, s, b + l, b, &m) && m.len == l;
}

/* True when the capitalized everyday word s[b..b+l) opens a role of up to
   three capitalized words, said after a full name with no comma, and no
   capitalized word follows that role: "<given> <surname> Maintenance
   Manager", "... Chief Quality Officer and ...". */
static bool role_opens_at(const dbf__people_env *env, const char *s, size_t n, size_t b, size_t l) {
  if (!everyday_word(env, s, b, l))
    return false;
  size_t e = b + l;
  for (int w = 0; w < 2 && e + 1 < n && s[e] == ' '; w++) {
    size_t c = cap_word(s, n, e + 1);
    if (!c)
      return false;
    /* The role ends the run: "... Superintendent Deb Ward" may be the
       next person's role. */
    if (dbf__people_is_role(env, s + e + 1, c))
      return !(e + 1 + c + 1 < n && s[e + 1 + c] == ' ' && cap_word(s, n, e + 1 + c + 1));
    e += 1 + c;
  }
  return false;
}

/*
 * True when the capitalized word s[i..i+l1) ends what comes before it
 * rather than opening a name: the last word of a firm or a title said
 * with no comma before a given name and its surname ("from Tallow Glass
 * Mirela Popescu", "VP People Arjun Mehta"). It is no given name, and
 * continues a Title Case word before it, or is an everyday word after a
 * capitalized one; a given name of the list follows, then a surname that
 * is no given name, so names said family name first ("Lim Wei Ming") and
 * a name that opens a sentence stay whole.
 */
static bool glued_to_name(const dbf__people_env *env, const char *s, size_t n, size_t i,
                          size_t l1) {
  if (i < 2 || s[i - 1] != ' ' || is_first_name(env, s + i, l1))
    return false;
  size_t pb = i - 1;
  while (pb > 0 && dbf__tx_isalnum((unsigned char)s[pb - 1]))
    pb--;
  if (pb + 1 >= i || !dbf__tx_isupper((unsigned char)s[pb]) || dbf__people_honorific_at(s, n, pb))
    return false;
  bool title_case = cap_word(s, n, pb) == i - 1 - pb;
  if (!title_case && !everyday_word(env, s, i, l1) && !is_department(env, s + i, l1))
    return false;
  size_t g = i + l1 + 1;
  size_t gl = g < n && s[g - 1] == ' ' ? cap_word(s, n, g) : 0;
  if (!gl || !is_first_name(env, s + g, gl) || g + gl + 1 >= n || s[g + gl] != ' ')
    return false;
  size_t sb = g + gl + 1, sl = cap_word(s, n, sb);
  return sl && !not_surname(s + sb, sl) && !is_first_name(env, s + sb, sl) &&
         !dbf__people_is_role(env, s + sb, sl);
}

/*
 * The length of a name that starts with the capitalized word s[i..i+l1):
 * up to three more capitalized words, with name particles between them
 * ("Wei Ling Tan", "Pieter van der Merwe", "Luis Fernando Garza").
 */
static size_t name_len(const dbf__people_env *env, const char *s, size_t n, size_t i, size_t l1) {
  size_t e = i + l1, best = l1;
  bool particle = false;
  for (int w = 0; w < 5; w++) {
    if (e + 1 >= n || s[e] != ' ')
      break;
    size_t c = cap_word(s, n, e + 1);
    if (c) {
      if (not_surname(s + e + 1, c) || dbf__people_is_role(env, s + e + 1, c) ||
          dbf__tx_function_word(s + e + 1, c))
        break;
      if (w == 1 && !particle && next_subject_at(env, s, n, i, l1, e + 1, c))
        break;
      if (best > l1 && role_opens_at(env, s, n, e + 1, c))
        break;
      e += 1 + c;
      best = e - i;
      if (w >= 2)
        break;
      continue;
    }
    size_t pe = e + 1;
    while (pe < n && dbf__tx_islower((unsigned char)s[pe]))
      pe++;
    if (pe == e + 1 || !in_list(k_particles, s + e + 1, pe - e - 1, false))
      break;
    particle = true;
    e = pe; /* a particle: only with a capitalized word after it */
  }
  return best;
}

/* Words that open "... decided" and name no one: "Already decided". */
static const char *const k_not_deciders[] = {
    "already",    "finally",    "basically",  "probably",   "actually", "honestly",
    "apparently", "ultimately", "obviously",  "eventually", "still",    "nobody",
    "everyone",   "someone",    "everybody",  "somebody",   "whoever",  "together",
    "jointly",    "legal",      "management", NULL};

/* True when a verb of deciding or signing starts at s[p]: "signs",
   "approved", "has the final say", "processes the PO". */
static bool deciding_verb_at(const char *s, size_t n, size_t p) {
  static const char *const verbs[] = {
      "signs",   "signed",    "approves",  "approved",  "decides", "decided", "processes",
      "owns",    "has",       "holds",     "makes",     "made",    "votes",   "recommends",
      "signing", "approving", "will sign", "must sign", NULL};
  for (size_t k = 0; verbs[k]; k++) {
    size_t l = strlen(verbs[k]);
    if (p + l <= n && dbf__tx_ieqn(s + p, verbs[k], l) &&
        (p + l == n || !dbf__tx_isalnum((unsigned char)s[p + l])))
      return true;
  }
  return false;
}

/* True when s[p..] is a past form of deciding, writing its end to *end. */
static bool past_form_at(const char *s, size_t n, size_t p, size_t *end) {
  static const char *const past[] = {"signed", "approved", "decided", "made", NULL};
  size_t e = p;
  while (e < n && dbf__tx_isalnum((unsigned char)s[e]))
    e++;
  *end = e;
  for (size_t k = 0; past[k]; k++)
    if (e - p == strlen(past[k]) && dbf__tx_ieqn(s + p, past[k], e - p))
      return true;
  return false;
}

/* True when the past form at s[p] says a thing done, not someone doing it:
   "Decision made and signed.", "Contract signed today" (against "Otieno
   approved the payment terms", "Harriet signed; ..."). */
static bool passive_at(const char *s, size_t n, size_t p) {
  static const char *const when[] = {"today", "yesterday", "this", "last", "already", NULL};
  size_t e;
  if (!past_form_at(s, n, p, &e) || e + 1 >= n || s[e] != ' ')
    return false;
  size_t w = e + 1, we = w;
  while (we < n && dbf__tx_isalnum((unsigned char)s[we]))
    we++;
  for (size_t k = 0; when[k]; k++)
    if (strlen(when[k]) == we - w && dbf__tx_ieqn(s + w, when[k], we - w))
      return true;
  size_t e2; /* "made and signed" */
  return we - w == 3 && dbf__tx_ieqn(s + w, "and", 3) && we + 1 < n &&
         past_form_at(s, n, we + 1, &e2);
}

/* "Dr. Katharina Vogt" is Katharina Vogt: a name keeps no honorific. */
static void strip_honorific(char *name) {
  size_t l = dbf__people_honorific_at(name, strlen(name), 0);
  if (l && name[l])
    memmove(name, name + l, strlen(name + l) + 1);
}

/* True when an honorific ends right before s[i]: "Mr. Lim", "Frau Keller". */
static bool after_honorific(const char *s, size_t n, size_t i) {
  size_t p = i;
  while (p > 0 && s[p - 1] == ' ')
    p--;
  if (p > 0 && s[p - 1] == '.')
    p--;
  size_t wb = p;
  while (wb > 0 && dbf__tx_isalnum((unsigned char)s[wb - 1]))
    wb--;
  return wb < p && dbf__people_honorific_at(s, n, wb) == i - wb;
}

/* True when the word s[i..i+l) has a capital inside it that starts no
   part of its own ("LoRa", "SeaTalk"): a brand's spelling, not a given
   name ("O'Neil" and "Anne-Marie" are names). */
static bool inner_capital(const char *s, size_t i, size_t l) {
  for (size_t k = i + 1; k < i + l; k++)
    if (dbf__tx_isupper((unsigned char)s[k]) && s[k - 1] != '\'' && s[k - 1] != '-')
      return true;
  return false;
}

/*
 * True when the given name at s[i..i+l) is said as a brand: after a
 * determiner with a thing in lower case after it ("their Ada work
 * orders", "a couple of Miles scanners"), or in apposition to a word for a
 * firm ("a local vendor, Lena Systems").
 */
/* True when s[i] follows a word for a firm and a comma: "a regional
   provider, Elsa Norte" names a firm. */
static bool after_firm_word(const char *s, size_t i) {
  static const char *const firms[] = {"company, ",  "vendor, ",     "firm, ",    "supplier, ",
                                      "provider, ", "competitor, ", "outfit, ",  "startup, ",
                                      "player, ",   "brand, ",      "product, ", NULL};
  return follows_any(firms, s, i);
}

static bool brand_use(const char *s, size_t n, size_t i, size_t l) {
  static const char *const dets[] = {"the ", "their ", "our ",   "its ",  "a ",         "an ",
                                     "his ", "her ",   "my ",    "some ", "couple of ", "pair of ",
                                     "few ", "two ",   "three ", NULL};
  if (after_firm_word(s, i))
    return true;
  size_t e = i + l;
  return follows_any(dets, s, i) && e + 2 < n && s[e] == ' ' &&
         dbf__tx_islower((unsigned char)s[e + 1]) && !honorific_after(s, n, e);
}

/* True when s[b..b+l) is a word of the firm's name f. */
static bool firm_word(const char *f, const char *s, size_t b, size_t l) {
  size_t fl = strlen(f);
  for (size_t fb = 0; l > 0 && fb < fl;) {
    size_t fe = fb;
    while (fe < fl && f[fe] != ' ')
      fe++;
    if (fe - fb == l && dbf__tx_ieqn(f + fb, s + b, l))
      return true;
    fb = fe + 1;
  }
  return false;
}

/* True when the word s[i..i+l) and the word next to it are words of a firm
   the session knows (the account's, or a known person's company): a firm
   named after a person keeps the given name ("the Rosa Marine yard" for
   Rosa Marine Supply), which names no one there. */
static bool word_of_firm(const dbf__people_env *env, const char *s, size_t n, size_t i, size_t l) {
  size_t pe = i, pb;
  while (pe > 0 && s[pe - 1] == ' ')
    pe--;
  pb = pe;
  while (pb > 0 && dbf__tx_isalnum((unsigned char)s[pb - 1]))
    pb--;
  size_t nb = i + l, ne;
  while (nb < n && s[nb] == ' ')
    nb++;
  ne = nb;
  while (ne < n && dbf__tx_isalnum((unsigned char)s[ne]))
    ne++;
  for (size_t k = 0; k <= env->n_known; k++) {
    const char *f = k == 0 ? env->account : env->known[k - 1].company;
    if (!strchr(f, ' ') || !firm_word(f, s, i, l))
      continue;
    if ((pe < i && pb < pe && firm_word(f, s, pb, pe - pb) &&
         !dbf__tx_function_word(s + pb, pe - pb)) ||
        (nb > i + l && ne > nb && firm_word(f, s, nb, ne - nb) &&
         !dbf__tx_function_word(s + nb, ne - nb)))
      return true;
  }
  return false;
}

/* "they decide by Jan", "nothing before Jan": a given name alone that is
   also a month, right after a word that opens a time phrase, is the
   month; said after a verb in -ed ("approved by Jan") it is the person. */
static bool month_after_time_word(const char *s, size_t i, size_t l1) {
  dbf__ymd ref = {2026, 1, 1};
  dbf__date dt[1];
  if (dbf__date_scan(s + i, l1, &ref, true, dt, 1) != 1 || dt[0].off != 0 || dt[0].len != l1)
    return false;
  dbf_span prep = dbf__tx_word_before(s, i);
  if (prep.len == 0 || prep.off + prep.len + 1 != i || !dbf__tx_time_prep(s + prep.off, prep.len))
    return false;
  dbf_span verb = dbf__tx_word_before(s, prep.off);
  return !(prep.len == 2 && dbf__tx_ieqn(s + prep.off, "by", 2) && verb.len > 2 &&
           dbf__tx_ieqn(s + verb.off + verb.len - 2, "ed", 2));
}

size_t dbf__people_scan(const dbf__people_env *env, const char *s, size_t n, dbf__person *out,

                        size_t max) {
  size_t cnt = 0;
  for (size_t i = 0; i < n && cnt < max;) {
    size_t l1 = cap_word(s, n, i);
    if (!l1) {
      i++;
      continue;
    }
    /* "; Dr. Antoine Roux": an honorific is no name of its own; the name
       after it is read on its own. */
    size_t hon = dbf__people_honorific_at(s, n, i);
    if (hon) {
      i += hon;
      continue;
    }
    dbf__person p;
    memset(&p, 0, sizeof(p));
    bool found = false;
    for (size_t k = 0; k < env->n_restored && !found && l1; k++) {
      if (env->restored[k].off != i)
        continue;
      /* A known person typed in lower case keeps what the session knows. */
      for (size_t j = 0; j < env->n_known && !found; j++) {
        size_t fl = strlen(env->known[j].name);
        if (fl == env->restored[k].len && dbf__tx_ieqn(s + i, env->known[j].name, fl)) {
          found = true;
          copy_str(p.role, sizeof(p.role), env->known[j].role);
          copy_str(p.company, sizeof(p.company), env->known[j].company);
        }
      }
      found = true;
      p.len = env->restored[k].len;
      dbf__tx_copy(s, (dbf_span){i, p.len}, p.name, sizeof(p.name));
    }
    /* Someone the session knows, by full name, then by first name. */
    for (size_t k = 0; k < env->n_known && !found; k++) {
      const dbf__known_person *kp = &env->known[k];
      size_t fl = strlen(kp->name);
      size_t first = strcspn(kp->name, " ");
      if (fl <= n - i && dbf__tx_ieqn(s + i, kp->name, fl) && dbf__tx_is_word_at(s, n, i, fl) &&
          first < fl) {
        p.len = fl;
      } else if (same_name_folded(s + i, l1, kp->name, first)) {
        p.len = l1;
        /* "Priya Raman" known and text says "Priya R." / "Priya": the first name.
           A first name known alone and followed by a surname is the full name. */
        size_t e = i + l1;
        size_t l2 = (e + 1 < n && s[e] == ' ') ? cap_word(s, n, e + 1) : 0;
        /* "Evan" known alone and "Evan Li" known too: the full name. */
        bool fuller = false;
        for (size_t j = 0; j < env->n_known && first == fl && !fuller; j++)
          fuller = strlen(env->known[j].name) > fl && env->known[j].name[fl] == ' ' &&
                   dbf__tx_ieqn(env->known[j].name, kp->name, fl);
        if (fuller)
          continue;
        if (first == fl && l2 && !not_surname(s + e + 1, l2) &&
            !dbf__people_is_role(env, s + e + 1, l2)) {
          size_t full = name_len(env, s, n, i, l1);
          p.len = full > l1 + 1 + l2 ? full : l1 + 1 + l2;
          found = true;
          dbf__tx_copy(s, (dbf_span){i, p.len}, p.name, sizeof(p.name));
          break;
        }
        /* "Priya Nair" is not the known "Priya Raman": another surname. */
        if (first < fl && l2 && !not_surname(s + e + 1, l2) &&
            !dbf__people_is_role(env, s + e + 1, l2) && !dbf__tx_function_word(s + e + 1, l2) &&
            !dbf__tx_ieqn(s + e + 1, kp->name + first + 1, l2))
          continue;
      } else {
        continue;
      }
      found = true;
      copy_str(p.name, sizeof(p.name), kp->name);
      copy_str(p.role, sizeof(p.role), kp->role);
      copy_str(p.company, sizeof(p.company), kp->company);
    }
    /* "from Tallow Glass Mirela Popescu": the firm's last word is no name. */
    if (!found && glued_to_name(env, s, n, i, l1)) {
      i += l1;
      continue;
    }
    /* "Dr. Pierce", "Captain Morgan's": a title and a known person's surname. */
    if (!found && after_title(s, i)) {
      for (size_t k = 0; k < env->n_known && !found; k++) {
        const char *sur = strrchr(env->known[k].name, ' ');
        if (!sur || strlen(sur + 1) != l1 || !dbf__tx_ieqn(s + i, sur + 1, l1))
          continue;
        found = true;
        p.len = l1;
        copy_str(p.name, sizeof(p.name), env->known[k].name);
        copy_str(p.role, sizeof(p.role), env->known[k].role);
        copy_str(p.company, sizeof(p.company), env->known[k].company);
      }
    }
    /* "Ishikawa-san", "Morimoto-sensei": a Japanese honorific makes the
       word before it a surname. */
    if (!found) {
      static const char *const jp[] = {"-san", "-sama", "-sensei", NULL};
      for (size_t k = 0; jp[k] && !found; k++) {
        size_t l = strlen(jp[k]);
        if (l1 > l + 1 && dbf__tx_ieqn(s + i + l1 - l, jp[k], l)) {
          found = true;
          p.len = l1;
          dbf__tx_copy(s, (dbf_span){i, l1 - l}, p.name, sizeof(p.name));
          /* A known person's surname: that person ("Tanaka-san"). */
          for (size_t j = 0; j < env->n_known; j++) {
            const char *sur = strrchr(env->known[j].name, ' ');
            if (sur && strlen(sur + 1) == l1 - l && dbf__tx_ieqn(sur + 1, s + i, l1 - l)) {
              copy_str(p.name, sizeof(p.name), env->known[j].name);
              copy_str(p.role, sizeof(p.role), env->known[j].role);
              copy_str(p.company, sizeof(p.company), env->known[j].company);
              break;
            }
          }
        }
      }
    }
    /* "Sunita madam", "Ravi ji", "Ahmet bey": an honorific after a
       capitalized word makes it a name. */
    if (!found && honorific_after(s, n, i + l1) && !not_surname(s + i, l1) &&
        !dbf__people_is_role(env, s + i, l1) && !dbf__tx_function_word(s + i, l1)) {
      found = true;
      p.len = l1;
      dbf__tx_copy(s, (dbf_span){i, l1}, p.name, sizeof(p.name));
    }
    /* "Sorensen and their CFO": a known person's surname alone as a list item. */
    if (!found) {
      const dbf__known_person *kp = known_surname_alone(env, s, n, (dbf_span){i, l1});
      if (kp) {
        found = true;
        p.len = l1;
        copy_str(p.name, sizeof(p.name), kp->name);
        copy_str(p.role, sizeof(p.role), kp->role);
        copy_str(p.company, sizeof(p.company), kp->company);
      }
    }
    /* "a guy named Pete Hollis", "her name is Odile Marchand", "Mr. Lim
       Boon Huat": whatever the first name. */
    if (!found && (after_name_intro(env, s, i) || after_honorific(s, n, i)) &&
        !not_surname(s + i, l1) && !dbf__people_is_role(env, s + i, l1)) {
      p.len = name_len(env, s, n, i, l1);
      found = true;
      dbf__tx_copy(s, (dbf_span){i, p.len}, p.name, sizeof(p.name));
    }
    /* "their managing director, Venkat Sundaram": two capitalized words in
       apposition to a role are a name even when the first name is unknown. */
    if (!found && after_role_comma(env, s, i)) {
      size_t e = i + l1;
      size_t l2 = (e + 1 < n && s[e] == ' ') ? cap_word(s, n, e + 1) : 0;
      if (l2 && !not_surname(s + i, l1) && !not_surname(s + e + 1, l2) &&
          !dbf__people_is_role(env, s + i, l1) && !dbf__people_is_role(env, s + e + 1, l2)) {
        /* A third name word belongs to it too: "the buyer, Joao Pedro
           Santos", "the site manager, Pham Van Long". */
        size_t full = name_len(env, s, n, i, l1);
        p.len = full > l1 + 1 + l2 ? full : l1 + 1 + l2;
        found = true;
        dbf__tx_copy(s, (dbf_span){i, p.len}, p.name, sizeof(p.name));
      }
    }
    /* "their CFO Mats Lindqvist", "their IT person Claire Dubois": a full
       name right after a role phrase ("their VP Product" names no one). */
    bool opening_role = !found && after_opening_role(env, s, n, i, l1);
    if (!found && (after_role_words(env, s, i) || opening_role) && !not_surname(s + i, l1) &&
        !dbf__people_is_role(env, s + i, l1) && !is_department(env, s + i, l1) &&
        !dbf__tx_function_word(s + i, l1)) {
      size_t full = name_len(env, s, n, i, l1);
      /* Asked for people, a lone name too when the phrase ends after it:
         "his office manager Becky, who ...", "their electrician Rui joined". */
      size_t a = i + l1;
      /* The role's last word in lower case: "their VP Product" names no one. */
      size_t pw = i >= 1 ? i - 1 : 0;
      while (pw > 0 && dbf__tx_isalnum((unsigned char)s[pw - 1]))
        pw--;
      bool lower_role = pw + 1 < i && dbf__tx_islower((unsigned char)s[pw]);
      bool lone = env->people_asked && full == l1 && lower_role &&
                  (a >= n || strchr(",.;", s[a]) ||
                   (s[a] == ' ' && a + 1 < n && dbf__tx_islower((unsigned char)s[a + 1])));
      if (full > l1 || (lone && !opening_role)) {
        p.len = full;
        found = true;
        dbf__tx_copy(s, (dbf_span){i, p.len}, p.name, sizeof(p.name));
      }
    }
    /* "Shauna Price, Group Fixed Ops Director": two capitalized words with a
       role in apposition after them are a name, whatever the first name. */
    /* "Yuki Tanabe from Cresswell Scientific, the integration partner": a
   company, not a second person. */
    bool after_org_word = (i >= 5 && dbf__tx_ieqn(s + i - 5, "from ", 5)) ||
                          (i >= 3 && dbf__tx_ieqn(s + i - 3, "at ", 3)) ||
                          (i >= 3 && dbf__tx_ieqn(s + i - 3, "of ", 3));
    if (!found && env->people_asked && !after_org_word) {
      size_t e = i + l1;
      size_t full = name_len(env, s, n, i, l1);
      /* The name's last word: "Merwe" of "Pieter van der Merwe". */
      size_t lw = i + full;
      while (lw > i && s[lw - 1] != ' ')
        lw--;
      size_t l2 = full > l1 ? i + full - lw : 0;
      if (l2 && !not_surname(s + i, l1) && !not_surname(s + lw, l2) && !after_firm_word(s, i) &&
          (!dbf__people_is_role(env, s + i, l1) || is_first_name(env, s + i, l1)) &&
          !dbf__people_is_role(env, s + lw, l2) && !is_department(env, s + i, full)) {
        dbf__person t;
        memset(&t, 0, sizeof t);
        t.off = i;
        t.len = full;
        size_t after = i + t.len;
        /* A list item of its own ("..., Dwayne Pitts.", "and Ola Nowak, who's
           ...", "Emil Haugen from Nordbyte") is a name without a role too. */
        bool head = item_head_before(s, i) && item_end_after(s, n, after) &&
                    !dbf__tx_function_word(s + i, l1) && !dbf__tx_function_word(s + lw, l2);
        (void)e;
        /* Said without a comma, a role phrase after the name: "Kasia Wrona
           the owner", "Tej Rao she is the IT lead". */
        static const char *const role_dets[] = {"the ", "their ", NULL};
        bool role_next =
            after + 1 < n && s[after] == ' ' &&
            (opens_with(role_dets, s, n, after + 1) || opens_with(k_said_of, s, n, after + 1));
        if (head || role_next ||
            (after < n &&
             (s[after] == ',' || (after + 1 < n && s[after] == ' ' && s[after + 1] == '(')))) {
          attach_role(env, s, n, &t);
          if (t.role[0] || head) {
            p.len = t.len;
            found = true;
            dbf__tx_copy(s, (dbf_span){i, p.len}, p.name, sizeof(p.name));
          }
        }
      }
    }
    /* "Doug, head of security", "Nurul (customer service lead)", "Zanele,
   she's their reliability engineer": a lone capitalized word heading a
   list item, with a role right after it, when people were asked. */
    if (!found && env->people_asked && !after_org_word && item_head_before(s, i) &&
        !dbf__tx_function_word(s + i, l1) && !not_surname(s + i, l1) &&
        !dbf__people_is_role(env, s + i, l1) && i + l1 + 2 < n &&
        (s[i + l1] == ',' || (s[i + l1] == ' ' && s[i + l1 + 1] == '(') ||
         dbf__tx_ieqn(s + i + l1, " from ", 6))) {
      dbf__person t;
      memset(&t, 0, sizeof t);
      t.off = i;
      t.len = l1;
      attach_role(env, s, n, &t);
      if (t.role[0]) {
        p.len = l1;
        found = true;
        dbf__tx_copy(s, (dbf_span){i, l1}, p.name, sizeof(p.name));
      }
    }
    /* "Otieno approved the payment terms", "Leanne processes the PO": a
       lone capitalized word opening a clause, with a verb of deciding
       after it, when people were asked. */
    if (!found && env->people_asked && !after_org_word && item_head_before(s, i) &&
        !dbf__tx_function_word(s + i, l1) && !not_surname(s + i, l1) &&
        !dbf__people_is_role(env, s + i, l1) && !is_department(env, s + i, l1) && i + l1 + 1 < n &&
        s[i + l1] == ' ' && deciding_verb_at(s, n, i + l1 + 1) && !passive_at(s, n, i + l1 + 1) &&
        !in_list(k_not_deciders, s + i, l1, true)) {
      p.len = l1;
      found = true;
      dbf__tx_copy(s, (dbf_span){i, l1}, p.name, sizeof(p.name));
    }
    /* "Lê Minh Khoa", "GM Trần Hoàng Nam IT": a family name said first,
       with an accented small letter, right before a given name of the
       list and one more name word, opens the name. */
    if (!found && env->people_asked && !after_org_word && accented_word(s + i, l1) &&
        !is_first_name(env, s + i, l1) && !not_surname(s + i, l1) &&
        !dbf__people_is_role(env, s + i, l1) && !is_department(env, s + i, l1) &&
        !dbf__tx_function_word(s + i, l1) && i + l1 + 1 < n && s[i + l1] == ' ') {
      size_t g = i + l1 + 1, gl = cap_word(s, n, g);
      size_t full = gl && is_first_name(env, s + g, gl) ? name_len(env, s, n, i, l1) : 0;
      if (full > l1 + 1 + gl) {
        p.len = full;
        found = true;
        dbf__tx_copy(s, (dbf_span){i, p.len}, p.name, sizeof(p.name));
      }
    }
    if (!found && is_first_name(env, s + i, l1) && !inner_capital(s, i, l1) &&
        !word_of_firm(env, s, n, i, l1) && !brand_use(s, n, i, l1)) {
      size_t e = i + l1;
      size_t l2 = (e + 1 < n && s[e] == ' ') ? cap_word(s, n, e + 1) : 0;
      /* "Tyler Technologies won", "Keld Aero Services": a company; "Eden
         Valley": a place. */
      size_t run = e;
      bool firm = false;
      for (int w = 0; w < 3 && !firm && run + 1 < n && s[run] == ' '; w++) {
        size_t c = cap_word(s, n, run + 1);
        if (!c)
          break;
        firm = in_list(k_org_words, s + run + 1, c, false);
        run += 1 + c;
      }
      if (firm || place_word_after(s, n, e)) {
        i = firm ? run : e;
        continue;
      }
      if (l2 && !not_surname(s + e + 1, l2) && !dbf__people_is_role(env, s + e + 1, l2)) {
        p.len = l1 + 1 + l2;
        found = true;
      } else if (!in_list(k_ambiguous_first, s + i, l1, true) && !month_after_time_word(s, i, l1)) {
        p.len = l1;
        found = true;
      }
      if (found)
        dbf__tx_copy(s, (dbf_span){i, p.len}, p.name, sizeof(p.name));
    }
    if (!found) {
      i += l1;
      continue;
    }
    p.off = i;
    char known_role[96];
    copy_str(known_role, sizeof(known_role), p.role);
    p.role[0] = '\0';
    attach_role(env, s, n, &p);
    if (!p.role[0])
      copy_str(p.role, sizeof(p.role), known_role);
    resolve_company(env, &p);
    strip_honorific(p.name);
    out[cnt++] = p;
    i += p.len;
  }
  return cnt;
}
