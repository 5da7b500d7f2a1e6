/*
 * eval.c - the quality evaluation harness of the offline interviewer.
 *
 * Replays scripted interviews (tests/eval/cases/<id>.json, format in
 * tests/eval/README.md) against the real engine: the planner picks each
 * question, a simulated user answers it from the case's script, the rule
 * extractor turns the answer into record updates, and the completion policy
 * decides when the interview ends. The final record is then scored field by
 * field against what a careful human would have extracted, and the harness
 * reports precision, recall and F1 per case, per template and overall, plus
 * the turns and follow-ups each interview took. The scoring rules are
 * written down in docs/quality.md; keep the two in step.
 *
 * Usage: dbf_eval [--data-dir DIR] [--cases DIR|FILE]... [--case ID]
 *                 [--min-f1 X] [--json] [--verbose] [--transcript]
 *                 [--stop-at-complete] [--score-records DIR]
 *                 [--perturb lower,nocomma,nopunct]
 *
 * --perturb rewrites every case's opening and answers before playing them,
 * as a robustness check that needs no new cases (docs/quality.md,
 * "Robustness"): "lower" lower-cases them, "nocomma" drops commas,
 * semicolons and colons, "nopunct" drops those and sentence ends too, as
 * text dictated without punctuation reads. A mark between two digits
 * ("1,200", "3.5", "10:30") stays. The expected values are not changed: the
 * scorer ignores case and punctuation.
 *
 * --score-records DIR scores records made elsewhere instead of running the
 * interviews in process: DIR/<case id>.json holds {"record": {...}} and
 * optionally "turns" and "stop", as tests/eval/e2e.py writes them after
 * playing the cases over the real gRPC server. The scoring is the same.
 *
 * Exit status: 0 when every case ran and the overall F1 is at least
 * --min-f1, 1 otherwise, 2 on a usage error.
 */
#include <dirent.h>
#include <errno.h>
#include <math.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "core/alloc.h"
#include "core/buf.h"
#include "core/err.h"
#include "engine/engine.h"
#include "engine/extract.h"
#include "engine/template.h"
#include "engine/text.h"

/* Experience interviews have no meeting date; relative dates resolve here. */
#define EVAL_DEFAULT_REF_DATE "2026-03-02"
/* Hard stop for an interview, whatever the template's max_turns says. */
#define EVAL_TURN_CAP 60
/* What the simulated user says when it has nothing left to tell. */
#define EVAL_DONE_TEXT "That's all I have."
/* Consecutive "done" replies after which the harness gives up on a case. */
#define EVAL_MAX_DONE_REPLIES 2
#define EVAL_MAX_CASES        4096 /* every set together, with room to grow */
#define EVAL_MAX_TEMPLATES    8
#define EVAL_MAX_FIELD_STATS  128
/* Cap on any string the harness builds (paths, normalized values). */
#define EVAL_BUF_MAX (1u << 20)

/* Precision and recall as sums of credit over counts (micro-averaged). */
typedef struct eval_pr {
  double p_num; /* credit earned by extracted, scored fields */
  double p_den; /* extracted, scored fields */
  double r_num; /* credit earned by expected fields */
  double r_den; /* expected fields */
} eval_pr;

typedef struct eval_case_result {
  char id[128];
  char tpl[64];
  eval_pr pr;
  int turns;      /* user answers, the opening included */
  int req_turn;   /* answers after which every required field was filled; 0: never */
  int questions;  /* questions planned after the opening */
  int follow_ups; /* questions that re-asked a vague answer */
  int absent_ok;  /* fields correctly left absent */
  int unscored;   /* extracted fields the case does not score */
  const char *stop;
  bool error;
  char err[DBF_STATUS_MSG_MAX + 128];
  json_t *fields;  /* per-field detail, owned */
  json_t *missing; /* required fields still missing at the end, owned */
} eval_case_result;

/* Aggregate over cases for one template (or all of them). */
typedef struct eval_agg {
  char name[64];
  eval_pr pr;
  int cases;
  int errors;
  int req_filled; /* cases whose required fields all got filled */
  long req_turns; /* sum of req_turn over those cases */
  long turns;
  long follow_ups;
  double f1_sum; /* for the macro average */
} eval_agg;

typedef struct eval_field_stat {
  char key[128]; /* "<template>.<field>" */
  eval_pr pr;
  int expected;     /* cases that expect a value */
  int hits;         /* ... and got full credit */
  int false_pos;    /* cases where it should be absent but was extracted */
  int absent_cases; /* cases where it should be absent */
} eval_field_stat;

typedef struct eval_opts {
  const char *data_dir;
  const char *case_paths[16];
  size_t n_case_paths;
  const char *only_case;
  double min_f1;
  bool json;
  bool verbose;
  bool transcript;
  bool stop_at_complete;   /* end once the required fields are filled */
  const char *records_dir; /* score DIR/<id>.json records instead of running interviews */
  unsigned perturb;        /* EVAL_PERTURB_* bits */
} eval_opts;

enum {
  EVAL_PERTURB_LOWER = 1u << 0,
  EVAL_PERTURB_NOCOMMA = 1u << 1,
  EVAL_PERTURB_NOPUNCT = 1u << 2,
};

typedef struct eval_tpl_cache {
  char slug[64];
  dbf_template *tpl;
} eval_tpl_cache;

typedef struct eval_state {
  const eval_opts *opts;
  dbf_lexicons *lex;
  eval_tpl_cache tpls[EVAL_MAX_TEMPLATES];
  size_t n_tpls;
  eval_field_stat fstats[EVAL_MAX_FIELD_STATS];
  size_t n_fstats;
  FILE *out; /* the readable report: stdout, or stderr with --json */
} eval_state;

/* ---------------------------------------------------------------- text --- */

static bool eval_isalnum(unsigned char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c >= 0x80;
}

static char eval_lower(char c) {
  return (c >= 'A' && c <= 'Z') ? (char)(c - 'A' + 'a') : c;
}

/*
 * Normalizes s into b for comparison: ASCII lower case, Latin letters with
 * accents folded to their base letter ("Gómez" and "Gomez" compare equal,
 * as a person reading the record would take them), every run of characters
 * that are not letters or digits becomes one space, no leading or trailing
 * space. Bytes of other multibyte UTF-8 characters count as letters.
 */
static dbf_err eval_norm(const char *s, dbf_buf *b) {
  dbf_buf_reset(b);
  dbf_err rc = dbf_buf_append(b, "", 0);
  bool pending_space = false;
  for (const unsigned char *p = (const unsigned char *)s; rc == DBF_OK && *p; p++) {
    if (!eval_isalnum(*p)) {
      pending_space = b->len > 0;
      continue;
    }
    if (pending_space)
      rc = dbf_buf_append(b, " ", 1);
    pending_space = false;
    char c = dbf__tx_latin_base(p);
    if (c)
      p++; /* the letter's second byte */
    else
      c = eval_lower((char)*p);
    if (rc == DBF_OK)
      rc = dbf_buf_append(b, &c, 1);
  }
  return rc;
}

/* True when needle occurs in hay as whole words (both normalized). */
static bool eval_has_words(const char *hay, const char *needle) {
  size_t n = strlen(needle);
  if (n == 0)
    return false;
  for (const char *p = strstr(hay, needle); p; p = strstr(p + 1, needle)) {
    bool left = p == hay || p[-1] == ' ';
    bool right = p[n] == '\0' || p[n] == ' ';
    if (left && right)
      return true;
  }
  return false;
}

/*
 * The loose string match used by set items and object members: equal after
 * normalization, or one contains the other as whole words.
 */
static bool eval_str_match(const char *a, const char *b) {
  dbf_buf na, nb;
  dbf_buf_init(&na, EVAL_BUF_MAX);
  dbf_buf_init(&nb, EVAL_BUF_MAX);
  bool ok = false;
  if (eval_norm(a, &na) || eval_norm(b, &nb))
    goto out;
  if (na.len == 0 || nb.len == 0)
    goto out;
  ok = strcmp(na.data, nb.data) == 0 || eval_has_words(na.data, nb.data) ||
       eval_has_words(nb.data, na.data);
out:
  dbf_buf_free(&na);
  dbf_buf_free(&nb);
  return ok;
}

/* Exact comparison after normalization. */
static bool eval_str_equal(const char *a, const char *b) {
  dbf_buf na, nb;
  dbf_buf_init(&na, EVAL_BUF_MAX);
  dbf_buf_init(&nb, EVAL_BUF_MAX);
  bool ok = !eval_norm(a, &na) && !eval_norm(b, &nb) && na.len > 0 && strcmp(na.data, nb.data) == 0;
  dbf_buf_free(&na);
  dbf_buf_free(&nb);
  return ok;
}

/* Lower-case slug of s ("Northwind Freight" -> "northwind-freight") into out. */
static void eval_slug(const char *s, char *out, size_t cap) {
  size_t n = 0;
  bool dash = false;
  if (cap == 0)
    return;
  for (const unsigned char *p = (const unsigned char *)s; *p && n + 1 < cap; p++) {
    if ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9')) {
      if (dash && n > 0 && n + 2 < cap)
        out[n++] = '-';
      dash = false;
      out[n++] = eval_lower((char)*p);
    } else {
      dash = true;
    }
  }
  out[n] = '\0';
}

/* True for null, "", whitespace-only strings, [] and {} or objects of empties. */
static bool eval_value_empty(const json_t *v) {
  if (!v || json_is_null(v))
    return true;
  if (json_is_string(v)) {
    for (const char *p = json_string_value(v); *p; p++)
      if (*p != ' ' && *p != '\t' && *p != '\n' && *p != '\r')
        return false;
    return true;
  }
  if (json_is_array(v))
    return json_array_size(v) == 0;
  if (json_is_object(v)) {
    const char *k;
    json_t *m;
    json_object_foreach((json_t *)v, k, m) {
      if (!eval_value_empty(m))
        return false;
    }
    return true;
  }
  return false;
}

/* A readable string for a scalar JSON value into b; false when v is not scalar. */
static bool eval_scalar_text(const json_t *v, dbf_buf *b) {
  dbf_buf_reset(b);
  if (json_is_string(v))
    return dbf_buf_appends(b, json_string_value(v)) == DBF_OK;
  if (json_is_integer(v))
    return dbf_buf_printf(b, "%lld", (long long)json_integer_value(v)) == DBF_OK;
  if (json_is_real(v))
    return dbf_buf_printf(b, "%.10g", json_real_value(v)) == DBF_OK;
  if (json_is_boolean(v))
    return dbf_buf_appends(b, json_is_true(v) ? "true" : "false") == DBF_OK;
  return false;
}

/* ------------------------------------------------------------- scoring --- */

/* The credit one field earns: for recall and for precision (differ for sets). */
typedef struct eval_credit {
  double recall;
  double precision;
} eval_credit;

/*
 * Credit of one extracted set item against one expected item. Scalars: 1
 * on a loose match. Objects: the first member of the expected object (name,
 * action, metric...) must match; the credit is then the share of the
 * expected object's members that match.
 */
static double eval_item_credit(const json_t *exp, const json_t *got) {
  dbf_buf a, b;
  dbf_buf_init(&a, EVAL_BUF_MAX);
  dbf_buf_init(&b, EVAL_BUF_MAX);
  double credit = 0.0;
  if (!json_is_object(exp)) {
    if (eval_scalar_text(exp, &a) && eval_scalar_text(got, &b) && eval_str_match(a.data, b.data))
      credit = 1.0;
    goto out;
  }
  size_t n_members = json_object_size(exp);
  if (n_members == 0)
    goto out;
  size_t matched = 0;
  bool first = true;
  const char *k;
  json_t *ev;
  json_object_foreach((json_t *)exp, k, ev) {
    /* A bare string extracted for an object item stands for its first member. */
    const json_t *gv = json_is_object(got) ? json_object_get(got, k) : (first ? got : NULL);
    bool ok = gv && eval_scalar_text(ev, &a) && eval_scalar_text(gv, &b) &&
              eval_str_match(a.data, b.data);
    if (first && !ok)
      goto out;
    first = false;
    if (ok)
      matched++;
  }
  credit = (double)matched / (double)n_members;
out:
  dbf_buf_free(&a);
  dbf_buf_free(&b);
  return credit;
}

/*
 * Set scoring: each expected item takes the unused extracted item with the
 * best credit (greedy, in expected order). Recall divides by the expected
 * items, precision by the extracted ones.
 */
static eval_credit eval_score_set(const json_t *exp, const json_t *got) {
  eval_credit c = {0.0, 0.0};
  json_t *got_list = json_is_array(got) ? json_incref((json_t *)got) : json_pack("[O]", got);
  json_t *exp_list = json_is_array(exp) ? json_incref((json_t *)exp) : json_pack("[O]", exp);
  size_t n_got = json_array_size(got_list), n_exp = json_array_size(exp_list);
  bool *used = n_got ? dbf_calloc(n_got, sizeof(*used)) : NULL;
  if (n_exp == 0 || n_got == 0 || !used)
    goto out;
  double sum = 0.0;
  for (size_t i = 0; i < n_exp; i++) {
    double best = 0.0;
    size_t best_j = n_got;
    for (size_t j = 0; j < n_got; j++) {
      if (used[j])
        continue;
      double cr = eval_item_credit(json_array_get(exp_list, i), json_array_get(got_list, j));
      if (cr > best) {
        best = cr;
        best_j = j;
      }
    }
    if (best_j < n_got) {
      used[best_j] = true;
      sum += best;
    }
  }
  c.recall = sum / (double)n_exp;
  c.precision = sum / (double)n_got;
out:
  dbf_free(used);
  json_decref(got_list);
  json_decref(exp_list);
  return c;
}

/* A number from a JSON number, a numeric string, or an object's "amount". */
static bool eval_number_of(const json_t *v, double *out) {
  if (json_is_object(v))
    v = json_object_get(v, "amount");
  if (json_is_number(v)) {
    *out = json_number_value(v);
    return true;
  }
  if (json_is_string(v)) {
    const char *s = json_string_value(v);
    char *end = NULL;
    errno = 0;
    double d = strtod(s, &end);
    if (end == s || errno != 0 || *end != '\0')
      return false;
    *out = d;
    return true;
  }
  return false;
}

static double eval_score_number(const json_t *exp, const json_t *got) {
  double e, g;
  if (!eval_number_of(exp, &e) || !eval_number_of(got, &g))
    return 0.0;
  if (fabs(e - g) > 1e-6 * fmax(1.0, fabs(e)))
    return 0.0;
  const json_t *ec = json_is_object(exp) ? json_object_get(exp, "currency") : NULL;
  if (json_is_string(ec)) {
    const json_t *gc = json_is_object(got) ? json_object_get(got, "currency") : NULL;
    if (!json_is_string(gc) || strcasecmp(json_string_value(ec), json_string_value(gc)) != 0)
      return 0.0;
  }
  return 1.0;
}

/* ISO prefix equality: got starts with exp ("2026-12" accepts "2026-12-15"). */
static bool eval_date_match(const json_t *exp, const json_t *got) {
  if (!json_is_string(exp) || !json_is_string(got))
    return false;
  const char *e = json_string_value(exp), *g = json_string_value(got);
  size_t n = strlen(e);
  return n > 0 && strncasecmp(e, g, n) == 0;
}

/* Dates, or {start, end} objects where each member earns its share. */
static double eval_score_date(const json_t *exp, const json_t *got) {
  if (!json_is_object(exp))
    return eval_date_match(exp, got) ? 1.0 : 0.0;
  size_t n = json_object_size(exp), ok = 0;
  if (n == 0 || !json_is_object(got))
    return 0.0;
  const char *k;
  json_t *ev;
  json_object_foreach((json_t *)exp, k, ev) {
    if (eval_date_match(ev, json_object_get(got, k)))
      ok++;
  }
  return (double)ok / (double)n;
}

/* The string an exact/enum check compares: a string, or a one-item list. */
static const char *eval_single_string(const json_t *v) {
  if (json_is_array(v) && json_array_size(v) == 1)
    v = json_array_get(v, 0);
  return json_is_string(v) ? json_string_value(v) : NULL;
}

/* Every comma-separated keyword occurs in the lowercased JSON of got. */
static double eval_score_contains(const char *keywords, const json_t *got) {
  double credit = 0.0;
  char *dump = json_dumps(got, JSON_ENCODE_ANY | JSON_COMPACT);
  if (!dump)
    return 0.0;
  for (char *p = dump; *p; p++)
    *p = eval_lower(*p);
  char kw[256];
  const char *p = keywords;
  while (*p) {
    const char *comma = strchr(p, ',');
    size_t len = comma ? (size_t)(comma - p) : strlen(p);
    while (len > 0 && *p == ' ') {
      p++;
      len--;
    }
    while (len > 0 && p[len - 1] == ' ')
      len--;
    if (len >= sizeof(kw))
      goto out;
    for (size_t i = 0; i < len; i++)
      kw[i] = eval_lower(p[i]);
    kw[len] = '\0';
    if (len > 0 && !strstr(dump, kw))
      goto out;
    p += len;
    while (*p == ' ')
      p++;
    if (*p == ',')
      p++;
  }
  credit = 1.0;
out:
  dbf_free(dump); /* jansson allocates through the dbf_ wrappers (main) */
  return credit;
}

/* Scores one field that is both expected and extracted. */
static eval_credit eval_score_field(const char *check, const json_t *exp, const json_t *got) {
  eval_credit c = {0.0, 0.0};
  double v = 0.0;
  if (strcmp(check, "set") == 0)
    return eval_score_set(exp, got);
  if (strcmp(check, "number") == 0) {
    v = eval_score_number(exp, got);
  } else if (strcmp(check, "date") == 0) {
    v = eval_score_date(exp, got);
  } else if (strcmp(check, "exact") == 0 || strcmp(check, "enum") == 0) {
    const char *e = eval_single_string(exp), *g = eval_single_string(got);
    v = (e && g && eval_str_equal(e, g)) ? 1.0 : 0.0;
  } else if (strncmp(check, "contains:", 9) == 0) {
    v = eval_score_contains(check + 9, got);
  }
  c.recall = c.precision = v;
  /* Keywords say nothing about items the author never wrote: a list of
   * objects (next steps, metrics) with more items than expected earns
   * precision only for its expected share. Lists of strings are exempt:
   * authors group clauses into items as they please ("faster close and
   * fewer errors" is one item or two), so their counts are no measure. */
  if (json_is_array(exp) && json_is_array(got) && json_is_object(json_array_get(exp, 0))) {
    size_t n_exp = json_array_size(exp), n_got = json_array_size(got);
    if (n_exp > 0 && n_got > n_exp)
      c.precision = v * (double)n_exp / (double)n_got;
  }
  return c;
}

static bool eval_check_known(const char *check) {
  return strcmp(check, "set") == 0 || strcmp(check, "number") == 0 || strcmp(check, "date") == 0 ||
         strcmp(check, "exact") == 0 || strcmp(check, "enum") == 0 ||
         strncmp(check, "contains:", 9) == 0;
}

static eval_field_stat *eval_fstat(eval_state *es, const char *tpl, const char *field) {
  char key[128];
  snprintf(key, sizeof(key), "%s.%s", tpl, field);
  for (size_t i = 0; i < es->n_fstats; i++)
    if (strcmp(es->fstats[i].key, key) == 0)
      return &es->fstats[i];
  if (es->n_fstats >= EVAL_MAX_FIELD_STATS)
    return NULL;
  eval_field_stat *fs = &es->fstats[es->n_fstats++];
  memset(fs, 0, sizeof(*fs));
  snprintf(fs->key, sizeof(fs->key), "%s", key);
  return fs;
}

static void eval_pr_add(eval_pr *a, const eval_pr *b) {
  a->p_num += b->p_num;
  a->p_den += b->p_den;
  a->r_num += b->r_num;
  a->r_den += b->r_den;
}

static double eval_precision(const eval_pr *pr) {
  return pr->p_den > 0 ? pr->p_num / pr->p_den : (pr->r_den > 0 ? 0.0 : 1.0);
}

static double eval_recall(const eval_pr *pr) {
  return pr->r_den > 0 ? pr->r_num / pr->r_den : 1.0;
}

static double eval_f1(const eval_pr *pr) {
  double p = eval_precision(pr), r = eval_recall(pr);
  return p + r > 0 ? 2 * p * r / (p + r) : 0.0;
}

/*
 * Scores the final record against the case. Only fields named in "checks"
 * are scored: a checked field in "expected" must be extracted and match; a
 * checked field missing from "expected" must stay absent, and extracting it
 * is a false positive. Other extracted fields are counted as unscored.
 */
static dbf_err eval_score_case(eval_state *es, const json_t *c, const json_t *record,
                               eval_case_result *res) {
  const json_t *expected = json_object_get(c, "expected");
  const json_t *checks = json_object_get(c, "checks");
  const char *k;
  json_t *cv;
  json_object_foreach((json_t *)checks, k, cv) {
    const char *check = json_string_value(cv);
    const json_t *exp = json_object_get(expected, k);
    const json_t *entry = json_object_get(record, k);
    const json_t *got = json_is_object(entry) ? json_object_get(entry, "value") : NULL;
    bool has_exp = exp && !eval_value_empty(exp);
    bool has_got = got && !eval_value_empty(got);
    eval_credit cr = {0.0, 0.0};
    eval_field_stat *fs = eval_fstat(es, res->tpl, k);
    eval_pr pr = {0, 0, 0, 0};
    if (has_exp) {
      pr.r_den = 1;
      if (has_got) {
        cr = eval_score_field(check, exp, got);
        pr.p_den = 1;
        pr.p_num = cr.precision;
        pr.r_num = cr.recall;
      }
    } else if (has_got) {
      pr.p_den = 1; /* should have stayed absent */
    } else {
      res->absent_ok++;
    }
    eval_pr_add(&res->pr, &pr);
    if (fs) {
      eval_pr_add(&fs->pr, &pr);
      fs->expected += has_exp;
      fs->hits += has_exp && cr.recall >= 0.999;
      fs->absent_cases += !has_exp;
      fs->false_pos += !has_exp && has_got;
    }
    json_t *detail =
        json_pack("{s:s, s:s, s:b, s:b, s:f, s:f, s:O?, s:O?}", "field", k, "check", check,
                  "expected_present", has_exp, "extracted_present", has_got, "recall_credit",
                  cr.recall, "precision_credit", cr.precision, "expected", exp, "extracted", got);
    if (!detail || json_array_append_new(res->fields, detail))
      return DBF_ERR_NOMEM;
  }
  json_object_foreach((json_t *)record, k, cv) {
    const json_t *got = json_object_get(cv, "value");
    if (!json_object_get(checks, k) && !eval_value_empty(got))
      res->unscored++;
  }
  return DBF_OK;
}

/* ----------------------------------------------------- simulated user --- */

/* Per-field progress of the simulated user through its script. */
typedef struct eval_user {
  const json_t *answers;
  json_t *gave_vague; /* {"field": true} */
  json_t *gave_full;  /* {"field": true} */
} eval_user;

static bool eval_flag(const json_t *set, const char *k) {
  return json_is_true(json_object_get(set, k));
}

/* The answer for field k: its vague text when asked the first time, else the full one. */
static const char *eval_user_give(eval_user *u, const char *k, bool asked) {
  const json_t *a = json_object_get(u->answers, k);
  const json_t *vague = json_object_get(a, "vague");
  if (asked && json_is_string(vague) && !eval_flag(u->gave_vague, k)) {
    json_object_set_new(u->gave_vague, k, json_true());
    return json_string_value(vague);
  }
  json_object_set_new(u->gave_full, k, json_true());
  return json_string_value(json_object_get(a, "text"));
}

/*
 * The README rules: answer from the first target field whose full answer
 * has not been given; else volunteer the next unused answer in file order
 * (its full text: a volunteered answer is never the thin one); else say
 * it is done. *field receives the field answered, or NULL.
 */
static const char *eval_user_answer(eval_user *u, const dbf_question_plan *q, const char **field) {
  *field = NULL;
  for (size_t i = 0; i < q->n_targets; i++) {
    const char *t = q->target_fields[i];
    const json_t *a = json_object_get(u->answers, t);
    if (json_is_string(json_object_get(a, "text")) && !eval_flag(u->gave_full, t)) {
      *field = t;
      return eval_user_give(u, t, true);
    }
  }
  const char *k;
  json_t *a;
  json_object_foreach((json_t *)u->answers, k, a) {
    if (json_is_string(json_object_get(a, "text")) && !eval_flag(u->gave_full, k)) {
      *field = k;
      return eval_user_give(u, k, false);
    }
  }
  return EVAL_DONE_TEXT;
}

/* ------------------------------------------------------------ one case --- */

static dbf_template *eval_template(eval_state *es, const char *slug, dbf_status *st) {
  for (size_t i = 0; i < es->n_tpls; i++)
    if (strcmp(es->tpls[i].slug, slug) == 0)
      return es->tpls[i].tpl;
  if (es->n_tpls >= EVAL_MAX_TEMPLATES) {
    dbf_fail(st, DBF_ERR_TOO_BIG, "too many templates");
    return NULL;
  }
  dbf_template *t = NULL;
  if (dbf_template_load_builtin(es->opts->data_dir, slug, &t, st) != DBF_OK)
    return NULL;
  snprintf(es->tpls[es->n_tpls].slug, sizeof(es->tpls[0].slug), "%s", slug);
  es->tpls[es->n_tpls++].tpl = t;
  return t;
}

/*
 * The session subject a caller would create from the case's context:
 * {"kind", "key", "title", "attributes": context}.
 */
static json_t *eval_subject(const json_t *c, const char *tpl_slug) {
  const json_t *ctx = json_object_get(c, "context");
  bool meeting = strcmp(tpl_slug, "sales_debrief") == 0;
  const char *name = json_string_value(json_object_get(ctx, meeting ? "account" : "company"));
  const char *title = json_string_value(json_object_get(ctx, "title"));
  char slug[96], key[128];
  const char *src = name && *name ? name : json_string_value(json_object_get(c, "id"));
  eval_slug(src ? src : "case", slug, sizeof(slug));
  snprintf(key, sizeof(key), "%s:%s", meeting ? "account" : "job", slug);
  if (!title || !*title)
    title = name && *name ? name : (meeting ? "Meeting debrief" : "Work experience");
  /* attributes: a copy, so nothing the engine does can change the case. */
  json_t *attrs = json_is_object(ctx) ? json_deep_copy(ctx) : json_object();
  return json_pack("{s:s, s:s, s:s, s:o}", "kind", meeting ? "meeting" : "job", "key", key, "title",
                   title, "attributes", attrs);
}

/* The date part of context.occurred_at, else the fixed default. */
static void eval_ref_date(const json_t *c, char out[11]) {
  const char *at = json_string_value(json_object_get(json_object_get(c, "context"), "occurred_at"));
  if (at && strlen(at) >= 10 && at[4] == '-' && at[7] == '-') {
    memcpy(out, at, 10);
    out[10] = '\0';
  } else {
    snprintf(out, 11, "%s", EVAL_DEFAULT_REF_DATE);
  }
}

/*
 * Whether the answer changed any of q's targets, as the service computes
 * it; a question without targets (the opening) counts as filled.
 */
static bool eval_filled_targets(const json_t *changed, const dbf_question_plan *q) {
  if (q->n_targets == 0)
    return true;
  for (size_t i = 0; i < q->n_targets; i++)
    if (json_object_get(changed, q->target_fields[i]))
      return true;
  return false;
}

static void eval_print_targets(FILE *f, const dbf_question_plan *q) {
  fputc('[', f);
  for (size_t i = 0; i < q->n_targets; i++)
    fprintf(f, "%s%s", i ? "," : "", q->target_fields[i]);
  fputc(']', f);
}

/*
 * Feeds one answer through the extractor and merges it into the record.
 * *spec and *filled receive the follow-up signals for the next plan, and
 * *done whether the person said they are done.
 */
static dbf_err eval_feed(eval_state *es, const dbf_template *tpl, const json_t *subject,
                         json_t *record, const dbf_question_plan *q, const char *text, int64_t seq,
                         const char *ref_date, double *spec, bool *filled, bool *done,
                         dbf_status *st) {
  const char *targets[DBF_ARRAY_LEN(q->target_fields)];
  for (size_t i = 0; i < q->n_targets && i < DBF_ARRAY_LEN(targets); i++)
    targets[i] = q->target_fields[i];
  dbf_extract_ctx ctx = {
      .tpl = tpl,
      .lex = es->lex,
      .subject = subject,
      .record = record,
      .target_fields = targets,
      .n_target_fields = q->n_targets,
      .seq = seq,
      .reference_date = ref_date,
  };
  json_t *updates = NULL, *changed = NULL;
  dbf_answer_reading reading = {0};
  dbf_err rc = dbf_extract_read(&ctx, text, &updates, &reading, st);
  if (rc)
    goto out;
  if (!json_is_object(updates)) {
    rc = dbf_fail(st, DBF_ERR_INTERNAL, "dbf_extract returned no updates object");
    goto out;
  }
  *spec = reading.specificity;
  *done = reading.done;
  rc = dbf_record_merge(tpl, record, updates, &changed);
  if (rc) {
    dbf_fail(st, rc, "dbf_record_merge failed");
    goto out;
  }
  *filled = eval_filled_targets(changed, q);
  if (es->opts->transcript) {
    char *u = json_dumps(updates, JSON_COMPACT);
    fprintf(es->out, "      extracted %s (specificity %.2f)\n", u ? u : "?", *spec);
    dbf_free(u);
  }
out:
  json_decref(updates);
  json_decref(changed);
  return rc;
}

/* The required fields still missing, then the score of the final record. */
static dbf_err eval_score_final(eval_state *es, const json_t *c, const dbf_template *tpl,
                                const json_t *record, eval_case_result *res) {
  dbf_completion_check(tpl, record, res->turns, &res->missing);
  return eval_score_case(es, c, record, res);
}

/* Marks res failed with rc and st's message (nothing when rc is DBF_OK). */
static void eval_note_error(eval_case_result *res, dbf_err rc, const dbf_status *st) {
  if (!rc)
    return;
  res->error = true;
  snprintf(res->err, sizeof(res->err), "%s: %s", dbf_err_name(rc), st->msg);
}

/* Runs the interview of case c and scores it into res. */
static dbf_err eval_run_case(eval_state *es, const json_t *c, eval_case_result *res) {
  dbf_status st = {0};
  dbf_err rc = DBF_OK;
  json_t *subject = NULL, *record = json_object(), *plan_state = json_object();
  eval_user user = {json_object_get(c, "answers"), json_object(), json_object()};
  const char *tpl_slug = json_string_value(json_object_get(c, "template"));
  const char *opening = json_string_value(json_object_get(c, "opening"));
  snprintf(res->id, sizeof(res->id), "%s", json_string_value(json_object_get(c, "id")));
  snprintf(res->tpl, sizeof(res->tpl), "%s", tpl_slug ? tpl_slug : "?");
  res->stop = "error";
  if (!tpl_slug || !opening || !json_is_object(user.answers) ||
      !json_is_object(json_object_get(c, "expected")) ||
      !json_is_object(json_object_get(c, "checks"))) {
    rc = dbf_fail(&st, DBF_ERR_INVALID, "case needs template, opening, answers, expected, checks");
    goto out;
  }
  const char *k;
  json_t *v;
  json_object_foreach(json_object_get(c, "checks"), k, v) {
    if (!json_is_string(v) || !eval_check_known(json_string_value(v))) {
      rc = dbf_fail(&st, DBF_ERR_INVALID, "unknown check for %s", k);
      goto out;
    }
  }
  dbf_template *tpl = eval_template(es, tpl_slug, &st);
  if (!tpl) {
    rc = st.code ? st.code : DBF_ERR_NOT_FOUND;
    goto out;
  }
  subject = eval_subject(c, tpl_slug);
  if (!subject || !record || !plan_state || !user.gave_vague || !user.gave_full) {
    rc = dbf_fail(&st, DBF_ERR_NOMEM, "out of memory");
    goto out;
  }
  char ref_date[11];
  eval_ref_date(c, ref_date);

  dbf_question_plan q;
  dbf_plan_input in = {
      .tpl = tpl,
      .record = record,
      .plan_state = plan_state,
      .subject = subject,
      .open_items = NULL,
      .last_specificity = 1.0,
      .last_filled_targets = true,
  };
  memset(&q, 0, sizeof(q));
  if ((rc = dbf_plan_opening(&in, &q, &st)))
    goto out;
  dbf_plan_note_asked(plan_state, &q);
  int64_t seq = 1;
  if (es->opts->transcript) {
    fprintf(es->out, "  == %s\n  Q0 ", res->id);
    eval_print_targets(es->out, &q);
    fprintf(es->out, " %s\n  A0 %s\n", q.text, opening);
  }
  double spec = 1.0;
  bool filled = true;
  bool opening_done = false; /* an opening is never read as the end */
  if ((rc = eval_feed(es, tpl, subject, record, &q, opening, ++seq, ref_date, &spec, &filled,
                      &opening_done, &st)))
    goto out;
  res->turns = 1;
  int done_replies = 0;
  /*
   * The end conditions are the service's (server/service/turn.c): the user
   * says they are done, max_turns, or the planner has nothing left worth
   * asking. Filling the required fields does not end the interview there;
   * the harness records when it happened, and --stop-at-complete ends it.
   */
  for (;;) {
    json_t *missing = NULL;
    bool complete = dbf_completion_check(tpl, record, res->turns, &missing);
    bool required_filled = json_array_size(missing) == 0;
    json_decref(missing);
    if (required_filled && res->req_turn == 0)
      res->req_turn = res->turns;
    if (complete && es->opts->stop_at_complete) {
      res->stop = "complete";
      break;
    }
    if (tpl->max_turns > 0 && res->turns >= tpl->max_turns) {
      res->stop = "max_turns";
      break;
    }
    if (res->turns >= EVAL_TURN_CAP) {
      res->stop = "turn_cap";
      break;
    }
    in.last_specificity = spec;
    in.last_filled_targets = filled;
    memset(&q, 0, sizeof(q));
    if ((rc = dbf_plan_next(&in, &q, &st)))
      goto out;
    if (q.done) {
      res->stop = "planner_done";
      break;
    }
    if (q.n_targets > DBF_ARRAY_LEN(q.target_fields)) {
      rc = dbf_fail(&st, DBF_ERR_INTERNAL, "plan has %zu targets", q.n_targets);
      goto out;
    }
    dbf_plan_note_asked(plan_state, &q);
    res->questions++;
    res->follow_ups += q.follow_up;
    const char *field = NULL;
    const char *text = eval_user_answer(&user, &q, &field);
    if (es->opts->transcript) {
      fprintf(es->out, "  Q%d%s ", res->questions, q.follow_up ? " (follow-up)" : "");
      eval_print_targets(es->out, &q);
      fprintf(es->out, " %s\n  A%d [%s] %s\n", q.text, res->questions, field ? field : "-", text);
    }
    bool user_done = false;
    if ((rc = eval_feed(es, tpl, subject, record, &q, text, seq += 2, ref_date, &spec, &filled,
                        &user_done, &st)))
      goto out;
    res->turns++;
    if (user_done) {
      res->stop = "user_done";
      break;
    }
    /* A "done" the engine does not recognise would loop; give up after a few. */
    done_replies = field ? 0 : done_replies + 1;
    if (done_replies >= EVAL_MAX_DONE_REPLIES) {
      res->stop = "done_unrecognised";
      break;
    }
  }
  if (es->opts->transcript) {
    char *r = json_dumps(record, JSON_COMPACT);
    fprintf(es->out, "  record %s\n", r ? r : "?");
    dbf_free(r);
  }
  rc = eval_score_final(es, c, tpl, record, res);
out:
  eval_note_error(res, rc, &st);
  json_decref(subject);
  json_decref(record);
  json_decref(plan_state);
  json_decref(user.gave_vague);
  json_decref(user.gave_full);
  return rc;
}

/*
 * Scores a record made elsewhere (tests/eval/e2e.py over the real server):
 * <records_dir>/<id>.json with "record" and, optionally, "turns" and "stop".
 */
static dbf_err eval_score_record(eval_state *es, const json_t *c, eval_case_result *res) {
  dbf_status st = {0};
  dbf_err rc = DBF_OK;
  json_t *doc = NULL;
  const char *id = json_string_value(json_object_get(c, "id"));
  const char *tpl_slug = json_string_value(json_object_get(c, "template"));
  snprintf(res->id, sizeof(res->id), "%s", id ? id : "?");
  snprintf(res->tpl, sizeof(res->tpl), "%s", tpl_slug ? tpl_slug : "?");
  res->stop = "error";
  dbf_buf path;
  dbf_buf_init(&path, EVAL_BUF_MAX);
  if (!id || !tpl_slug || !json_is_object(json_object_get(c, "checks"))) {
    rc = dbf_fail(&st, DBF_ERR_INVALID, "case needs id, template and checks");
    goto out;
  }
  if ((rc = dbf_buf_printf(&path, "%s/%s.json", es->opts->records_dir, id))) {
    dbf_fail(&st, rc, "path too long");
    goto out;
  }
  json_error_t jerr;
  doc = json_load_file(path.data, 0, &jerr);
  const json_t *record = json_object_get(doc, "record");
  if (!json_is_object(record)) {
    rc = dbf_fail(&st, DBF_ERR_NOT_FOUND, "no record in %s: %s", path.data,
                  doc ? "\"record\" is not an object" : jerr.text);
    goto out;
  }
  const dbf_template *tpl = eval_template(es, tpl_slug, &st);
  if (!tpl) {
    rc = st.code ? st.code : DBF_ERR_NOT_FOUND;
    goto out;
  }
  res->turns = (int)json_integer_value(json_object_get(doc, "turns"));
  res->stop = "e2e"; /* the server decided; e2e.py keeps its reason in the file */
  rc = eval_score_final(es, c, tpl, record, res);
out:
  eval_note_error(res, rc, &st);
  json_decref(doc);
  dbf_buf_free(&path);
  return rc;
}

/* ------------------------------------------------------------ cases --- */

static int eval_cmp_str(const void *a, const void *b) {
  return strcmp(*(const char *const *)a, *(const char *const *)b);
}

static bool eval_str_is(const char *s, const char *want) {
  return s && strcmp(s, want) == 0;
}

static bool eval_ends_with(const char *s, const char *suffix) {
  size_t n = strlen(s), m = strlen(suffix);
  return n >= m && strcmp(s + n - m, suffix) == 0;
}

/* Appends the case files under path (a directory or one file), sorted. */
static dbf_err eval_collect(const char *path, char **files, size_t *n, size_t cap) {
  dbf_err rc = DBF_OK;
  size_t first = *n;
  DIR *d = opendir(path);
  if (!d) {
    if (errno != ENOTDIR)
      return DBF_ERR_NOT_FOUND;
    if (*n >= cap)
      return DBF_ERR_TOO_BIG;
    files[*n] = dbf_strdup(path);
    if (!files[*n])
      return DBF_ERR_NOMEM;
    (*n)++;
    return DBF_OK;
  }
  struct dirent *e;
  while ((e = readdir(d)) != NULL) {
    if (e->d_name[0] == '.' || !eval_ends_with(e->d_name, ".json"))
      continue;
    if (*n >= cap) {
      rc = DBF_ERR_TOO_BIG;
      goto out;
    }
    dbf_buf b;
    dbf_buf_init(&b, EVAL_BUF_MAX);
    if ((rc = dbf_buf_printf(&b, "%s/%s", path, e->d_name))) {
      dbf_buf_free(&b);
      goto out;
    }
    files[(*n)++] = dbf_buf_steal(&b, NULL);
  }
  qsort(files + first, *n - first, sizeof(*files), eval_cmp_str);
out:
  closedir(d);
  return rc;
}

/* ------------------------------------------------------------ report --- */

static eval_agg *eval_agg_for(eval_agg *aggs, size_t *n, size_t cap, const char *name) {
  for (size_t i = 0; i < *n; i++)
    if (strcmp(aggs[i].name, name) == 0)
      return &aggs[i];
  if (*n >= cap)
    return NULL;
  eval_agg *a = &aggs[(*n)++];
  memset(a, 0, sizeof(*a));
  snprintf(a->name, sizeof(a->name), "%s", name);
  return a;
}

static void eval_agg_add(eval_agg *a, const eval_case_result *r) {
  if (!a)
    return;
  a->cases++;
  if (r->error) {
    a->errors++;
    return;
  }
  eval_pr_add(&a->pr, &r->pr);
  if (r->req_turn > 0) {
    a->req_filled++;
    a->req_turns += r->req_turn;
  }
  a->turns += r->turns;
  a->follow_ups += r->follow_ups;
  a->f1_sum += eval_f1(&r->pr);
}

static json_t *eval_agg_json(const eval_agg *a) {
  int ok = a->cases - a->errors;
  return json_pack(
      "{s:i, s:i, s:f, s:f, s:f, s:f, s:f, s:i, s:f, s:i}", "cases", a->cases, "errors", a->errors,
      "precision", eval_precision(&a->pr), "recall", eval_recall(&a->pr), "f1", eval_f1(&a->pr),
      "macro_f1", ok > 0 ? a->f1_sum / ok : 0.0, "mean_turns", ok > 0 ? (double)a->turns / ok : 0.0,
      "required_filled", a->req_filled, "mean_turns_to_required",
      a->req_filled > 0 ? (double)a->req_turns / a->req_filled : 0.0, "follow_ups",
      (int)a->follow_ups);
}

static void eval_print_agg(FILE *f, const eval_agg *a) {
  int ok = a->cases - a->errors;
  fprintf(f,
          "%-44s %5.3f %5.3f %5.3f %5.1f %5.1f %4ld  required filled in %d/%d, macro F1 %.3f%s\n",
          a->name, eval_precision(&a->pr), eval_recall(&a->pr), eval_f1(&a->pr),
          ok > 0 ? (double)a->turns / ok : 0.0,
          a->req_filled > 0 ? (double)a->req_turns / a->req_filled : 0.0, a->follow_ups,
          a->req_filled, a->cases, ok > 0 ? a->f1_sum / ok : 0.0, a->errors ? ", ERRORS" : "");
}

static void eval_print_details(FILE *f, const eval_case_result *r) {
  size_t i;
  json_t *d;
  json_array_foreach(r->fields, i, d) {
    double cr = json_real_value(json_object_get(d, "recall_credit"));
    double cp = json_real_value(json_object_get(d, "precision_credit"));
    bool has_exp = json_is_true(json_object_get(d, "expected_present"));
    bool has_got = json_is_true(json_object_get(d, "extracted_present"));
    const char *mark = "ok";
    if (has_exp && !has_got)
      mark = "MISS";
    else if (has_exp && cr <= 0.0)
      mark = "WRONG";
    else if (has_exp && cr < 0.999)
      mark = "PART";
    else if (!has_exp && has_got)
      mark = "FP";
    else if (has_exp && cp < 0.999)
      mark = "EXTRA"; /* every expected item found, and more */
    if ((has_exp && (cr < 0.999 || cp < 0.999)) || (!has_exp && has_got)) {
      char *e = json_dumps(json_object_get(d, "expected"), JSON_ENCODE_ANY | JSON_COMPACT);
      char *g = json_dumps(json_object_get(d, "extracted"), JSON_ENCODE_ANY | JSON_COMPACT);
      fprintf(f, "    %-5s %-20s %-26s r=%.2f want %s\n%55s got  %s\n", mark,
              json_string_value(json_object_get(d, "field")),
              json_string_value(json_object_get(d, "check")), cr, e ? e : "(absent)", "",
              g ? g : "(absent)");
      dbf_free(e);
      dbf_free(g);
    }
  }
}

/* The text t perturbed as modes say (--perturb), into a new string. */
static char *eval_perturb_text(const char *t, unsigned modes) {
  size_t n = strlen(t), o = 0;
  char *out = dbf_malloc(n + 1);
  if (!out)
    return NULL;
  for (size_t i = 0; i < n; i++) {
    char c = t[i];
    bool digits = i > 0 && i + 1 < n && t[i - 1] >= '0' && t[i - 1] <= '9' && t[i + 1] >= '0' &&
                  t[i + 1] <= '9';
    bool drop =
        !digits && (((modes & (EVAL_PERTURB_NOCOMMA | EVAL_PERTURB_NOPUNCT)) && strchr(",;:", c)) ||
                    ((modes & EVAL_PERTURB_NOPUNCT) && strchr(".!?", c)));
    if (drop)
      c = ' ';
    if ((modes & EVAL_PERTURB_LOWER) && c >= 'A' && c <= 'Z')
      c = eval_lower(c);
    if (c == ' ' && o > 0 && out[o - 1] == ' ')
      continue;
    out[o++] = c;
  }
  out[o] = '\0';
  return out;
}

static void eval_perturb_member(json_t *o, const char *key, unsigned modes) {
  const char *t = json_string_value(json_object_get(o, key));
  char *p = t ? eval_perturb_text(t, modes) : NULL;
  if (p)
    json_object_set_new(o, key, json_string(p));
  dbf_free(p);
}

/* Perturbs the opening and every answer of case c in place. */
static void eval_perturb_case(json_t *c, unsigned modes) {
  const char *k;
  json_t *a;
  if (!modes)
    return;
  eval_perturb_member(c, "opening", modes);
  json_object_foreach(json_object_get(c, "answers"), k, a) {
    eval_perturb_member(a, "text", modes);
    eval_perturb_member(a, "vague", modes);
  }
}

/* Parses "lower,nocomma" into EVAL_PERTURB_* bits; false on an unknown mode. */
static bool eval_parse_perturb(const char *s, unsigned *out) {
  static const struct {
    const char *name;
    unsigned bit;
  } modes[] = {{"lower", EVAL_PERTURB_LOWER},
               {"nocomma", EVAL_PERTURB_NOCOMMA},
               {"nopunct", EVAL_PERTURB_NOPUNCT}};
  *out = 0;
  while (*s) {
    size_t len = strcspn(s, ",");
    bool known = false;
    for (size_t i = 0; i < DBF_ARRAY_LEN(modes); i++) {
      if (strlen(modes[i].name) == len && strncmp(s, modes[i].name, len) == 0) {
        *out |= modes[i].bit;
        known = true;
      }
    }
    if (!known)
      return false;
    s += len;
    if (*s == ',')
      s++;
  }
  return *out != 0;
}

static void eval_usage(FILE *f) {
  fprintf(f, "usage: dbf_eval [--data-dir DIR] [--cases DIR|FILE]... [--case ID]\n"
             "                [--min-f1 X] [--json] [--verbose] [--transcript]\n"
             "                [--stop-at-complete] [--score-records DIR]\n"
             "                [--perturb lower,nocomma,nopunct]\n");
}

/* Checked parse of a number in [0, 1]. */
static bool eval_parse_unit(const char *s, double *out) {
  char *end = NULL;
  errno = 0;
  double d = strtod(s, &end);
  if (end == s || *end != '\0' || errno != 0 || d < 0.0 || d > 1.0)
    return false;
  *out = d;
  return true;
}

static int eval_parse_args(int argc, char **argv, eval_opts *o) {
  o->data_dir = ".";
  for (int i = 1; i < argc; i++) {
    const char *a = argv[i];
    bool has_val = i + 1 < argc;
    if (strcmp(a, "--data-dir") == 0 && has_val) {
      o->data_dir = argv[++i];
    } else if (strcmp(a, "--cases") == 0 && has_val) {
      if (o->n_case_paths >= DBF_ARRAY_LEN(o->case_paths))
        return -1;
      o->case_paths[o->n_case_paths++] = argv[++i];
    } else if (strcmp(a, "--case") == 0 && has_val) {
      o->only_case = argv[++i];
    } else if (strcmp(a, "--min-f1") == 0 && has_val) {
      if (!eval_parse_unit(argv[++i], &o->min_f1))
        return -1;
    } else if (strcmp(a, "--json") == 0) {
      o->json = true;
    } else if (strcmp(a, "--verbose") == 0 || strcmp(a, "-v") == 0) {
      o->verbose = true;
    } else if (strcmp(a, "--transcript") == 0) {
      o->transcript = true;
    } else if (strcmp(a, "--stop-at-complete") == 0) {
      o->stop_at_complete = true;
    } else if (strcmp(a, "--score-records") == 0 && has_val) {
      o->records_dir = argv[++i];
    } else if (strcmp(a, "--perturb") == 0 && has_val) {
      if (!eval_parse_perturb(argv[++i], &o->perturb))
        return -1;
    } else {
      return -1;
    }
  }
  return 0;
}

int main(int argc, char **argv) {
  eval_opts opts = {0};
  if (eval_parse_args(argc, argv, &opts) != 0) {
    eval_usage(stderr);
    return 2;
  }
  /* From here on jansson allocates through the dbf_ wrappers, so strings
     from json_dumps are freed with dbf_free. */
  if (dbf_alloc_install() != 0) {
    fprintf(stderr, "dbf_eval: allocator hooks refused\n");
    return 1;
  }
  static char *files[EVAL_MAX_CASES];
  static eval_case_result results[EVAL_MAX_CASES];
  eval_state es = {.opts = &opts, .out = opts.json ? stderr : stdout};
  size_t n_files = 0, n_results = 0;
  int status = 1;
  dbf_status st = {0};
  dbf_buf path;
  dbf_buf_init(&path, EVAL_BUF_MAX);

  if (opts.n_case_paths == 0)
    opts.case_paths[opts.n_case_paths++] = "tests/eval/cases";
  for (size_t i = 0; i < opts.n_case_paths; i++) {
    dbf_err rc = eval_collect(opts.case_paths[i], files, &n_files, EVAL_MAX_CASES);
    if (rc) {
      fprintf(stderr, "dbf_eval: cannot read cases from %s: %s\n", opts.case_paths[i],
              dbf_err_name(rc));
      goto out;
    }
  }
  if (dbf_buf_printf(&path, "%s/lexicons", opts.data_dir) ||
      dbf_lexicons_load(path.data, &es.lex, &st) != DBF_OK) {
    fprintf(stderr, "dbf_eval: cannot load lexicons from %s: %s\n", path.data ? path.data : "?",
            st.msg);
    goto out;
  }

  FILE *f = es.out;
  fprintf(f, "%-44s %5s %5s %5s %5s %5s %4s  %s\n", "case", "P", "R", "F1", "turns", "req@", "fups",
          "stop");
  for (size_t i = 0; i < n_files; i++) {
    json_error_t jerr;
    json_t *c = json_load_file(files[i], 0, &jerr);
    eval_case_result *r = &results[n_results];
    memset(r, 0, sizeof(*r));
    r->fields = json_array();
    if (!c || !json_is_object(c)) {
      snprintf(r->id, sizeof(r->id), "%s", files[i]);
      snprintf(r->tpl, sizeof(r->tpl), "?");
      r->error = true;
      r->stop = "error";
      snprintf(r->err, sizeof(r->err), "bad JSON at line %d: %s", jerr.line, jerr.text);
    } else if (opts.only_case &&
               !eval_str_is(json_string_value(json_object_get(c, "id")), opts.only_case)) {
      json_decref(c);
      json_decref(r->fields);
      continue;
    } else if (opts.records_dir) {
      eval_score_record(&es, c, r);
    } else {
      eval_perturb_case(c, opts.perturb);
      eval_run_case(&es, c, r);
    }
    json_decref(c);
    n_results++;
    if (r->error) {
      fprintf(f, "%-44s ERROR %s\n", r->id, r->err);
      continue;
    }
    char req[16] = "-";
    if (r->req_turn > 0)
      snprintf(req, sizeof(req), "%d", r->req_turn);
    fprintf(f, "%-44s %5.3f %5.3f %5.3f %5d %5s %4d  %s\n", r->id, eval_precision(&r->pr),
            eval_recall(&r->pr), eval_f1(&r->pr), r->turns, req, r->follow_ups, r->stop);
    if (opts.verbose && json_array_size(r->missing) > 0) {
      char *m = json_dumps(r->missing, JSON_COMPACT);
      fprintf(f, "    required fields never filled: %s\n", m ? m : "?");
      dbf_free(m);
    }
    if (opts.verbose)
      eval_print_details(f, r);
  }

  eval_agg aggs[EVAL_MAX_TEMPLATES + 1];
  size_t n_aggs = 0;
  eval_agg total;
  memset(&total, 0, sizeof(total));
  snprintf(total.name, sizeof(total.name), "overall");
  for (size_t i = 0; i < n_results; i++) {
    eval_agg_add(eval_agg_for(aggs, &n_aggs, DBF_ARRAY_LEN(aggs), results[i].tpl), &results[i]);
    eval_agg_add(&total, &results[i]);
  }
  fprintf(f, "\n%-44s %5s %5s %5s %5s %5s %4s\n", "template", "P", "R", "F1", "turns", "req@",
          "fups");
  for (size_t i = 0; i < n_aggs; i++)
    eval_print_agg(f, &aggs[i]);
  eval_print_agg(f, &total);

  fprintf(f, "\n%-40s %5s %5s %8s %8s\n", "field", "P", "R", "full/exp", "FP/absent");
  for (size_t i = 0; i < es.n_fstats; i++) {
    const eval_field_stat *fs = &es.fstats[i];
    fprintf(f, "%-40s %5.3f %5.3f %4d/%-3d %4d/%-3d\n", fs->key, eval_precision(&fs->pr),
            eval_recall(&fs->pr), fs->hits, fs->expected, fs->false_pos, fs->absent_cases);
  }

  double f1 = eval_f1(&total.pr);
  bool pass = total.errors == 0 && total.cases > 0 && f1 + 1e-9 >= opts.min_f1;
  fprintf(f, "\noverall F1 %.3f (min %.3f): %s\n", f1, opts.min_f1, pass ? "PASS" : "FAIL");

  if (opts.json) {
    json_t *doc = json_object(), *cases = json_array(), *tpls = json_object(),
           *fields = json_object();
    for (size_t i = 0; i < n_results; i++) {
      const eval_case_result *r = &results[i];
      json_array_append_new(
          cases,
          json_pack("{s:s, s:s, s:b, s:s?, s:f, s:f, s:f, s:i, s:i, s:i, s:i, s:O?, s:s, s:O}",
                    "id", r->id, "template", r->tpl, "error", r->error, "error_text",
                    r->error ? r->err : NULL, "precision", eval_precision(&r->pr), "recall",
                    eval_recall(&r->pr), "f1", eval_f1(&r->pr), "turns", r->turns,
                    "turns_to_required", r->req_turn, "follow_ups", r->follow_ups, "unscored",
                    r->unscored, "missing_required", r->missing, "stop", r->stop, "fields",
                    r->fields));
    }
    for (size_t i = 0; i < n_aggs; i++)
      json_object_set_new(tpls, aggs[i].name, eval_agg_json(&aggs[i]));
    for (size_t i = 0; i < es.n_fstats; i++) {
      const eval_field_stat *fs = &es.fstats[i];
      json_object_set_new(
          fields, fs->key,
          json_pack("{s:f, s:f, s:i, s:i, s:i, s:i}", "precision", eval_precision(&fs->pr),
                    "recall", eval_recall(&fs->pr), "expected", fs->expected, "full_credit",
                    fs->hits, "false_positives", fs->false_pos, "absent_cases", fs->absent_cases));
    }
    json_object_set_new(doc, "overall", eval_agg_json(&total));
    json_object_set_new(doc, "templates", tpls);
    json_object_set_new(doc, "fields", fields);
    json_object_set_new(doc, "cases", cases);
    json_object_set_new(doc, "min_f1", json_real(opts.min_f1));
    json_object_set_new(doc, "pass", json_boolean(pass));
    char *line = json_dumps(doc, JSON_COMPACT);
    if (line)
      printf("%s\n", line);
    dbf_free(line);
    json_decref(doc);
  }
  status = pass ? 0 : 1;
out:
  for (size_t i = 0; i < n_results; i++) {
    json_decref(results[i].fields);
    json_decref(results[i].missing);
  }
  for (size_t i = 0; i < n_files; i++)
    dbf_free(files[i]);
  for (size_t i = 0; i < es.n_tpls; i++)
    dbf_template_free(es.tpls[i].tpl);
  dbf_lexicons_free(es.lex);
  dbf_buf_free(&path);
  return status;
}
