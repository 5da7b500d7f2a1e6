/*
 * test_action_items.c - tests for server/engine/rules/action_items.c: the
 * agreed next steps (action, owner, due) read from one answer.
 */
#include "fixture.h"

typedef struct said {
  const char *target; /* the question's field */
  const char *text;
} said;

/* True when the next steps of u hold an action containing want. */
static bool has_action(const json_t *u, const char *want) {
  const json_t *v = fx_val(u, "next_steps");
  size_t i;
  const json_t *it;
  json_array_foreach(v, i, it) {
    const char *a = json_string_value(json_object_get(it, "action"));
    if (a && strstr(a, want))
      return true;
  }
  return false;
}

/* The member key of a step of u equal to want, or only starting with it
   when prefix is true; NULL when no step has one. */
static const char *step_member_like(const json_t *u, const char *key, const char *want,
                                    bool prefix) {
  size_t i;
  const json_t *it;
  json_array_foreach(fx_val(u, "next_steps"), i, it) {
    const char *m = json_string_value(json_object_get(it, key));
    if (m && (prefix ? strncmp(m, want, strlen(want)) == 0 : strcmp(m, want) == 0))
      return m;
  }
  return NULL;
}

/* Each answer gives no next step. */
static void expect_no_steps(fixture *fx, const said *in, size_t n) {
  for (size_t k = 0; k < n; k++) {
    json_t *u = fx_run(fx, fx->sales, in[k].target, in[k].text);
    if (fx_val(u, "next_steps"))
      fail_msg("'%s' (asked %s): want no step, got %s", in[k].text, in[k].target,
               fx_dump(u, "next_steps"));
    json_decref(u);
  }
}

/* An answer and an action its next steps must hold. */
typedef struct said_step {
  const char *target;
  const char *text;
  const char *want;
} said_step;

/* Each answer gives a step whose action holds want. */
static void expect_steps(fixture *fx, const said_step *in, size_t n) {
  for (size_t k = 0; k < n; k++) {
    json_t *u = fx_run(fx, fx->sales, in[k].target, in[k].text);
    if (!has_action(u, in[k].want))
      fail_msg("'%s': want '%s' in %s", in[k].text, in[k].want, fx_dump(u, "next_steps"));
    json_decref(u);
  }
}

/* The answer's step holding in->want, with member key equal to v. */
static void expect_member(fixture *fx, const said_step *in, const char *key, const char *v) {
  expect_steps(fx, in, 1);
  json_t *u = fx_run(fx, fx->sales, in->target, in->text);
  bool found = false;
  size_t i;
  const json_t *it;
  json_array_foreach(fx_val(u, "next_steps"), i, it) {
    const char *a = json_string_value(json_object_get(it, "action"));
    const char *m = json_string_value(json_object_get(it, key));
    found = found || (a && strstr(a, in->want) && m && strcmp(m, v) == 0);
  }
  if (!found)
    fail_msg("'%s': want %s '%s' in %s", in->text, key, v, fx_dump(u, "next_steps"));
  json_decref(u);
}

/* An answer, an action of its steps and the value of a member of it. */
typedef struct said_member {
  said_step step;
  const char *value;
} said_member;

/* Each answer's step holds its action with member key equal to value. */
static void expect_members(fixture *fx, const char *key, const said_member *in, size_t n) {
  for (size_t k = 0; k < n; k++)
    expect_member(fx, &in[k].step, key, in[k].value);
}

/* How many steps the answer gives. */
static size_t count_steps(fixture *fx, const said_step *in) {
  json_t *u = fx_run(fx, fx->sales, in->target, in->text);
  size_t n = json_array_size(fx_val(u, "next_steps"));
  json_decref(u);
  return n;
}

/* The answer gives steps steps in all. */
static void expect_step_total(fixture *fx, const said_step *in, size_t steps) {
  if (count_steps(fx, in) != steps) {
    json_t *u = fx_run(fx, fx->sales, in->target, in->text);
    fail_msg("'%s': want %zu steps in %s", in->text, steps, fx_dump(u, "next_steps"));
    json_decref(u);
  }
}

/* Each answer gives a step holding its want, and steps steps in all. */
static void expect_steps_each(fixture *fx, const said_step *in, size_t n, size_t steps) {
  expect_steps(fx, in, n);
  for (size_t k = 0; k < n; k++)
    expect_step_total(fx, &in[k], steps);
}

/* Each answer's step holds its member, and steps steps in all. */
static void expect_members_each(fixture *fx, const char *key, const said_member *in, size_t n,
                                size_t steps) {
  expect_members(fx, key, in, n);
  for (size_t k = 0; k < n; k++)
    expect_step_total(fx, &in[k].step, steps);
}

/* Said to another question, the customer's decision ("they'll decide",
   "the committee will award", "they'll make the call") dates the decision;
   no step was agreed. */
static void test_decision_in_passing_is_no_step(void **state) {
  static const said in[] = {
      {"decision_timeline", "They'll decide after the pilot wraps up, probably by mid March."},
      {"decision_timeline", "They will pick a supplier at the quarterly review on the 14th."},
      {"decision_timeline", "probably they'll make the call once the trial ends in late june"},
      {"decision_timeline", "they will choose between us and the incumbent by end of april"},
      {"decision_timeline",
       "Their committee will award the tender in the opening days of December."},
  };
  expect_no_steps(*state, in, sizeof in / sizeof in[0]);
}

/* Said to another question, a plan of the customer as a whole ("they'll
   roll it out") and a clause opened by a thing or a count ("contract runs
   out", "Decision will be", "Second, ...") are no agreed step. */
static void test_customer_plan_in_passing_is_no_step(void **state) {
  static const said in[] = {
      {"meeting_outcome", "They're going to roll it out to all twelve depots by the end of May."},
      {"meeting_outcome", "they'll extend the contract for two more years from january"},
      {"decision_timeline",
       "contract runs out on the 31st of January so they need something by then"},
      {"decision_timeline", "Decision will be at the trustees meeting on 3 February."},
      {"decision_timeline", "Second, the finance director signs it off by the 20th."},
  };
  expect_no_steps(*state, in, sizeof in / sizeof in[0]);
}

/* Near misses: a step of ours or of a named person, said in passing with a
   date, stays a step. */
static void test_steps_in_passing_stay(void **state) {
  static const said_step in[] = {
      {"meeting_outcome", "Good meeting. I'll send the costed pilot plan by Friday.",
       "send costed pilot plan"},
      {"meeting_outcome", "They liked it and Marco will send the floor plans by the 20th.",
       "send floor plans"},
      {"meeting_outcome", "went well, our engineer will visit the plant next Tuesday",
       "visit plant"},
      {"decision_timeline",
       "They decide in March, and I'll send the business case by the 12th so it's on the agenda.",
       "send business case"},
  };
  expect_steps(*state, in, sizeof in / sizeof in[0]);
}

/* In text, the item gone is no step of its own, and a step whose action
   holds host is owned by owner. */
static void expect_owned_not_step(fixture *fx, const char *text, const char *gone, const char *host,
                                  const char *owner) {
  json_t *u = fx_run(fx, fx->sales, "next_steps", text);
  size_t i;
  const json_t *it;
  bool hosted = false;
  json_array_foreach(fx_val(u, "next_steps"), i, it) {
    const char *a = json_string_value(json_object_get(it, "action"));
    const char *o = json_string_value(json_object_get(it, "owner"));
    if (a && strcmp(a, gone) == 0)
      fail_msg("'%s': '%s' is no step in %s", text, a, fx_dump(u, "next_steps"));
    if (a && strstr(a, host) && o && strcmp(o, owner) == 0)
      hosted = true;
  }
  if (!hosted)
    fail_msg("'%s': want '%s' owned by '%s' in %s", text, host, owner, fx_dump(u, "next_steps"));
  json_decref(u);
}

/* An item that only names people ("our PM", "me + tomas", "Our data
   team") owns the step next to it; it is no step of its own. */
static void test_owner_only_item_is_no_step(void **state) {
  fixture *fx = *state;
  static const struct {
    const char *text;
    const char *host;  /* the step the owner belongs to */
    const char *owner; /* its owner after, or NULL: left as it was */
  } cases[] = {
      {"1. Omar sends the floor survey by the 9th 2. Our data team, Wen leading, delivers the "
       "pilot findings by November 20 3. I book the readout next week",
       "delivers pilot findings", "Our data team"},
      {"Migration runbook - me and our PM - by October 30. Lena sends the user export this week.",
       "Migration runbook", "me"},
      {"- me + tomas (our SE): sandbox walkthrough for their admins, week of nov 9\n- greta: "
       "send the org chart, no date",
       "sandbox walkthrough", "me + Tomas"},
      {"Quarterly review deck - me and our CSM - by December 4. Paolo sends the usage export "
       "Friday.",
       "Quarterly review deck", "me"},
  };
  static const char *const owners_only[] = {"Our data team", "our PM", "me + Tomas", "our CSM"};
  for (size_t k = 0; k < sizeof cases / sizeof cases[0]; k++)
    expect_owned_not_step(fx, cases[k].text, owners_only[k], cases[k].host, cases[k].owner);
  /* Near misses: steps that name people and say what to do stay. */
  static const said_step stay[] = {
      {"next_steps", "Kickoff with our CSM Farah on the 3rd. I send the welcome pack tomorrow.",
       "Kickoff"},
      {"next_steps", "- me: meet their CFO and our PM by friday", "meet"},
      {"next_steps", "Our SE Jonas sets up the test tenant by the 12th.", "set up test tenant"},
  };
  expect_steps(fx, stay, sizeof stay / sizeof stay[0]);
}

/* The same owner's verb on the thing of the step before ("present it to
   the board", "send it over to dispatch") goes on with that step: one
   step, not two. */
static void test_back_reference_joins_step_before(void **state) {
  fixture *fx = *state;
  static const said_step in[] = {
      {"next_steps", "i pull the usage report and present it to the board early november",
       "pull usage report and present it to board"},
      {"next_steps", "I draft the SLA annex. I send it to their counsel by the 20th.",
       "draft SLA annex and send it to counsel"},
      {"next_steps", "We'll price the spare parts kit and email it across within a week.",
       "price spare parts kit and email it across"},
      {"next_steps", "so first i export the route data then i send it over to dispatch on the 4th",
       "export route data and send it over to dispatch"},
  };
  expect_steps_each(fx, in, sizeof in / sizeof in[0], 1);
  /* Near misses: someone else's step on the same thing, and a step with
     its own thing, stay apart. */
  static const said_step apart[] = {
      {"next_steps", "I send the draft lease Monday. Grace reviews it by Friday.", "review it"},
      {"next_steps", "I send the proposal Friday and check back in November.", "check back"},
  };
  expect_steps(fx, apart, sizeof apart / sizeof apart[0]);
}

/* A thing joined by "and" inside a step's object ("in German and
   Italian", "the minutes and our pricing grid") is no step of its own
   when it comes back later with no owner. */
static void test_repeated_object_piece_is_no_step(void **state) {
  fixture *fx = *state;
  static const struct {
    const char *text;
    const char *piece;
    size_t steps; /* how many steps stay */
  } in[] = {
      {"I'll send a summary and our onboarding checklist tomorrow, and Pedro will collect the "
       "badge photos for all 60 staff by the 20th.",
       "our onboarding checklist", 2},
      {"Translate the brochure into German and Italian today, Omar books the booth for May, and "
       "I'll ring Petra on the 12th to confirm the order.",
       "Italian", 3},
      {"I'll send over the minutes and our pricing grid tomorrow, and Kwame will gather a list of "
       "all 12 depots with their forklifts by the 28th.",
       "our pricing grid", 2},
      {"Email the spec in Dutch and English today, Tariq schedules the install for August, and "
       "I'll call Noor on the 3rd to confirm the slot.",
       "English", 3},
  };
  for (size_t k = 0; k < sizeof in / sizeof in[0]; k++) {
    json_t *u = fx_run(fx, fx->sales, "next_steps", in[k].text);
    const char *a = step_member_like(u, "action", in[k].piece, false);
    if (a)
      fail_msg("'%s': '%s' is no step in %s", in[k].text, a, fx_dump(u, "next_steps"));
    assert_int_equal(json_array_size(fx_val(u, "next_steps")), in[k].steps);
    json_decref(u);
  }
  /* Near miss: someone's own step on a thing said before stays. */
  static const said_step stay[] = {
      {"next_steps", "I'll send the deck to Ana and Ben tomorrow. Ben reviews the deck by Friday.",
       "review deck"},
  };
  expect_steps(fx, stay, sizeof stay / sizeof stay[0]);
}

/* A bare four-digit number before a word of content ("1500 bolts", "the
   2026 footfall figures") counts or labels a thing: the action goes on
   and the due date is the real one after it. */
static void test_number_before_noun_is_no_due_date(void **state) {
  fixture *fx = *state;
  static const said_member in[] = {
      {{"next_steps", "Kofi ships 2000 bolts to the plant by the 14th.", "2000 bolts to plant"},
       "2026-10-14"},
      {{"next_steps", "- Ana: send 2026 footfall figures -> by end of November",
        "2026 footfall figures"},
       "2026-11-30"},
      {{"next_steps", "I send the revised rate card with frozen 2027 rates by Friday.",
        "frozen 2027 rates"},
       "2026-10-09"},
      {{"next_steps", "our analyst does the 2028 demand forecast by 30 oct",
        "2028 demand forecast"},
       "2026-10-30"},
  };
  expect_members(fx, "due", in, sizeof in / sizeof in[0]);
  /* Near miss: a year said alone is still when. */
  json_t *u = fx_run(fx, fx->sales, "next_steps", "I'll check back with them in 2027.");
  const json_t *st = json_array_get(fx_val(u, "next_steps"), 0);
  assert_string_equal(json_string_value(json_object_get(st, "due")), "2027");
  json_decref(u);
}

/* Typed in lower case, a day before "may" is the month when a cue opens
   the day ("by 15 may") or the item ends there: the step's due date. */
static void test_lower_day_may_is_due(void **state) {
  fixture *fx = *state;
  static const said_member in[] = {
      {{"next_steps", "- me: signed lease back to the landlord by 15 may", "signed lease"},
       "2027-05-15"},
      {{"next_steps", "our chef runs the tasting on 9 may and i send menus friday", "tasting"},
       "2027-05-09"},
      {{"next_steps", "1. priya: roof survey before 3 may\n2. me: quote", "roof survey"},
       "2027-05-03"},
      {{"next_steps", "Tomasz books the crane, 21 may.", "book crane"}, "2027-05-21"},
  };
  expect_members(fx, "due", in, sizeof in / sizeof in[0]);
  /* Near miss: "may" after a count is still the verb. */
  json_t *u = fx_run(fx, fx->sales, "next_steps", "I send the kit by friday, 2 may be enough");
  if (step_member_like(u, "due", "2027-05", true) || step_member_like(u, "due", "2026-05", true))
    fail_msg("'may' after a count read as a month: %s", fx_dump(u, "next_steps"));
  json_decref(u);
}

/* Dictated or typed by a non-native speaker, a bare verb after "our" and
   a word for someone ("our technician check ...") starts the step; the
   owner does not run on into the action. */
static void test_team_owner_before_bare_verb(void **state) {
  static const said_member in[] = {
      {{"next_steps", "our technician check the compressors on the 19th", "check compressors"},
       "our technician"},
      {{"next_steps", "Our engineer install the gateway in the boiler room next Tuesday.",
        "install gateway"},
       "our engineer"},
      {{"next_steps", "I book the venue and our designer send the mood boards by friday",
        "send mood boards"},
       "our designer"},
      {{"next_steps", "our mechanic fix the loader before the 30th", "fix loader"}, "our mechanic"},
      /* A person named in brackets after the team word owns the step. */
      {{"next_steps", "our vet (lena) checks the herd on the 9th", "check herd"}, "Lena"},
      {{"next_steps", "Our counsel (Ayodele) redlines the lease by Thursday.", "redline lease"},
       "Ayodele"},
      {{"next_steps", "i send the floor plan today and our fitter (jo) check the stairs monday",
        "check stairs"},
       "Jo"},
      {{"next_steps", "- our buyer (Mateus) will confirm the pallet count next week",
        "confirm pallet count"},
       "Mateus"},
      /* Near miss: their thing named in brackets owns nothing. */
      {{"next_steps", "I call Nadia on the 4th. Their payroll tool (Wagely) is sending reminders.",
        "call Nadia"},
       "me"},
      /* Near miss: a step verb inside the team's name stays in it. */
      {{"next_steps", "our field test team sends the logs by Friday.", "send logs"},
       "our field test team"},
  };
  expect_members(*state, "owner", in, sizeof in / sizeof in[0]);
  json_t *u = fx_run(*state, ((fixture *)*state)->sales, "next_steps", in[8].step.text);
  if (step_member_like(u, "owner", "Wagely", false))
    fail_msg("their tool in brackets owns a step: %s", fx_dump(u, "next_steps"));
  json_decref(u);
}

/* "..., that's with Ines and Tom": an aside on who or what the step
   before is, no step of its own. */
static void test_thats_aside_is_no_step(void **state) {
  fixture *fx = *state;
  static const said_step in[] = {
      {"next_steps", "I book the kickoff for the 12th, that's with Ines and Tom.", "book kickoff"},
      {"next_steps",
       "Ravi sends the site photos by Friday and I run the survey on the 20th, that's our field "
       "crew with Ravi.",
       "run survey"},
      {"next_steps", "- me: order the sample kits by tue, that's with our lab team",
       "order sample kits"},
      {"next_steps", "Kemal ships the spare valves Monday, that's with Aylin from their stores.",
       "ship spare valves"},
      /* Near miss: said without a comma, the aside never was a step. */
      {"next_steps", "we install the loggers next week that is our install crew with Dmitri",
       "install loggers"},
  };
  static const size_t counts[] = {1, 2, 1, 1, 1};
  expect_steps(fx, in, sizeof in / sizeof in[0]);
  for (size_t k = 0; k < sizeof in / sizeof in[0]; k++)
    assert_int_equal(count_steps(fx, &in[k]), counts[k]);
}

/* Two verbs joined by "and" after a step that names no date of its own
   ("sand the hull and repaint it by May") are one step said in two verbs:
   the second verb does not start a step, and the date after it is the
   step's. */
static void test_and_verb_after_undated_step_is_same_step(void **state) {
  static const said_step in[] = {
      {"next_steps", "I'll audit the freezer logs and prepare a summary by the 18th.",
       "audit freezer logs and prepare summary"},
      {"next_steps", "we need to clean the sensor data and present the findings early next month",
       "clean sensor data and present findings"},
      {"next_steps", "Priyanka will patch the login bug and send a screen capture by Thursday.",
       "patch login bug and send screen capture"},
      {"next_steps", "i'm going to draft the grant memo and share it with the trustees on the 9th",
       "draft grant memo and share"},
  };
  expect_steps_each(*state, in, sizeof in / sizeof in[0], 1);
  /* Near misses: a first verb with its own date, or a second verb with an
     owner of its own, still starts a step. */
  static const said_step apart[] = {
      {"next_steps", "I'll email the invoice on Monday and call the depot in two weeks.",
       "call depot"},
      {"next_steps", "We'll ship the samples and Tomasz will test them by the 5th.", "test them"},
  };
  expect_steps_each(*state, apart, sizeof apart / sizeof apart[0], 2);
}

/* Typed in lower case, a name followed by "is" or "'s" and a step verb in
   -ing ("ines is booking", "tariq's sending") owns the step, at a sentence
   start or run on after another step; a name the lists know comes back
   capitalized, one they do not stays as typed. */
static void test_lower_name_and_progressive_owns_step(void **state) {
  static const said_member in[] = {
      {{"next_steps", "i send the floor plan on monday and ines is booking the van for the 14th",
        "booking van"},
       "Ines"},
      {{"next_steps", "we ship the pallets next week tariq's sending the customs forms by friday",
        "sending customs forms"},
       "Tariq"},
      {{"next_steps", "halvard is checking the wiring with their electrician by the 3rd",
        "checking wiring"},
       "halvard"},
      {{"next_steps",
        "i'll draft the lease tomorrow then olu's arranging the viewing for next tuesday",
        "arranging viewing"},
       "olu"},
      {{"next_steps", "zdenka is scheduling the cold room audit for the 20th",
        "scheduling cold room"},
       "Zdenka"},
  };
  expect_members(*state, "owner", in, sizeof in / sizeof in[0]);
  /* Near misses: a thing after "the", or a word that is no one, doing
     something is no owner. */
  static const said_step stay[] = {
      {"next_steps", "the scanner is sending blank pages so i'll reset it by friday", "reset it"},
      {"next_steps", "everything's checking out fine i'll send the invoice today", "send invoice"},
  };
  fixture *fx = *state;
  expect_steps_each(fx, stay, sizeof stay / sizeof stay[0], 1);
}

/* "their lease runs out in June", "their old ovens keep failing": the
   customer's thing doing something is no owner of a step; their people
   ("their IT lead", "their ops manager") are. */
static void test_their_thing_is_no_owner(void **state) {
  static const said_step in[] = {
      {"next_steps",
       "their lease runs out on the 30th of june so i'll send the renewal terms by friday",
       "send renewal terms"},
      {"next_steps", "Their warranty expires in March, and we'll quote the extension next week.",
       "quote extension"},
      {"next_steps",
       "Their software licence renews on 1 April. I'll book a call with procurement on Tuesday.",
       "book call"},
      {"next_steps",
       "their old ovens keep failing before the weekend so i'm going to ship a loaner on monday",
       "ship loaner"},
  };
  fixture *fx = *state;
  expect_steps(fx, in, sizeof in / sizeof in[0]);
  for (size_t k = 0; k < sizeof in / sizeof in[0]; k++) {
    json_t *u = fx_run(fx, fx->sales, "next_steps", in[k].text);
    const char *o = step_member_like(u, "owner", "their ", true);
    if (o)
      fail_msg("'%s': '%s' owns no step in %s", in[k].text, o, fx_dump(u, "next_steps"));
    json_decref(u);
  }
  /* Near misses: their people own their steps. */
  static const said_member stay[] = {
      {{"next_steps", "Their IT lead sends the firewall rules by the 12th.", "send firewall rules"},
       "their IT lead"},
      {{"next_steps", "their ops manager books the trucks by thursday", "book trucks"},
       "their ops manager"},
  };
  expect_members(fx, "owner", stay, sizeof stay / sizeof stay[0]);
}

/* Steps announced with no colon, as speech says them ("the plan is we
   book the site visit"): the announcing words are no part of the step,
   and the owner after them counts. Words that announce nothing agreed
   give no step. */
static void test_steps_announced_without_colon(void **state) {
  fixture *fx = *state;
  static const said_member owned[] = {
      {{"next_steps", "next steps are I send the loan schedule by thursday", "send"}, "me"},
      {{"next_steps", "um so the plan is Kemal drafts the service levels next week", "draft"},
       "Kemal"},
      {{"next_steps", "next step is we book a tasting at their flagship store", "book"}, "us"},
      {{"next_steps", "next up I chase their procurement lead for the vendor form", "chase"}, "me"},
      {{"next_steps", "action items are Wen shares the floor plans and I price the racking",
        "share"},
       "Wen"},
  };
  expect_members(fx, "owner", owned, sizeof owned / sizeof owned[0]);
  static const said none[] = {
      {"next_steps", "the plan is still unclear to be honest"},
      {"next_steps", "next steps are not agreed yet"},
  };
  expect_no_steps(fx, none, sizeof none / sizeof none[0]);
  json_t *u = fx_run(fx, fx->sales, "next_steps", "the plan is I send the draft MSA on monday");
  if (has_action(u, "plan"))
    fail_msg("the announcing words joined the step: %s", fx_dump(u, "next_steps"));
  json_decref(u);
}

/* A clause dated before the meeting tells what happened: "<rival>, they
   pitched the ops team two weeks ago" answers who the rivals are, and is
   no next step that takes the answer away from them. */
static void test_past_dated_clause_claims_no_step(void **state) {
  fixture *fx = *state;
  static const char *const texts[] = {
      "Quillmark, they pitched the ops team two weeks ago",
      "Tallyfin, they came in cheaper last quarter",
      "Orbisline, they demoed to them yesterday",
      "Parcelio, they were in last month too",
  };
  for (size_t k = 0; k < sizeof texts / sizeof texts[0]; k++) {
    json_t *u = fx_run(fx, fx->sales, "competitors", texts[k]);
    if (fx_val(u, "next_steps") || json_array_size(fx_val(u, "competitors")) != 1)
      fail_msg("'%s': want one rival and no step, got %s / %s", texts[k], fx_dump(u, "competitors"),
               fx_dump(u, "next_steps"));
    json_decref(u);
  }
}

/* Dictated without a comma, a step said without a verb and dated ("tasting
   session on the 3rd of may") runs into the next one, an owner and a step
   verb: both are steps, each with its owner. An owner and a verb with no
   object of their own ("florencia hosts", "the crew checks it") finish the
   step before and start none. */
static void test_run_on_after_verbless_dated_step(void **state) {
  fixture *fx = *state;
  static const said_member in[] = {
      {{"next_steps",
        "site audit on the 9th with their facilities lead Marta sends the floor plan by friday",
        "send floor plan"},
       "Marta"},
      {{"next_steps", "revised tariff sheet from me by thursday Gideon sends the meter readings",
        "send meter readings"},
       "Gideon"},
      {{"next_steps", "tasting session on the 3rd of may i book the caterer tomorrow",
        "book caterer"},
       "me"},
      {{"next_steps", "um kiln inspection end of next week oksana shares the burner logs",
        "share burner logs"},
       "Oksana"},
  };
  expect_members(fx, "owner", in, sizeof in / sizeof in[0]);
  /* The verbless step before stays a step of its own. */
  static const said_step before[] = {
      {"next_steps",
       "site audit on the 9th with their facilities lead Marta sends the floor plan by friday",
       "site audit"},
      {"next_steps", "tasting session on the 3rd of may i book the caterer tomorrow",
       "tasting session"},
  };
  expect_steps_each(fx, before, sizeof before / sizeof before[0], 2);
  /* Near misses: no object, or only a pronoun for the step before. */
  static const said_step stay[] = {
      {"next_steps", "training day on the 12th at the depot florencia hosts", "training day"},
      {"next_steps", "stock count this friday our warehouse crew checks it", "stock count"},
  };
  expect_steps_each(fx, stay, sizeof stay / sizeof stay[0], 1);
}

/* Run on without a comma, an owner and a common task verb ("uploads",
   "fits", "gives", "hands over", "puts", "nominates", "finds") start a step
   of their own, as "sends" does. */
static void test_run_on_owner_with_task_verb(void **state) {
  static const said_member in[] = {
      {{"next_steps", "i price it today Wren uploads the scans by friday", "upload scans"}, "Wren"},
      {{"next_steps",
        "we quote the chillers on monday our fitter Bram fits the first unit next week",
        "fit first unit"},
       "Bram"},
      {{"next_steps", "i'll chase legal today Odile gives us the vpn login by the 4th",
        "give us vpn login"},
       "Odile"},
      {{"next_steps", "we book the hall tomorrow Tobiah nominates a site contact by thursday",
        "nominate site contact"},
       "Tobiah"},
      {{"next_steps", "i draft the rota this week then i hand over the keys to Nell on the 2nd",
        "hand over keys"},
       "me"},
  };
  expect_members(*state, "owner", in, sizeof in / sizeof in[0]);
}

/* Run on after a dated step, a name and a verb the list does not hold
   start the next step when the verb is in the third person and an object
   follows it at once; a report or an opinion after the name does not. */
static void test_run_on_name_with_unlisted_verb(void **state) {
  fixture *fx = *state;
  static const said_member in[] = {
      {{"next_steps", "i price the racking by monday Femi circulates it to the depot managers",
        "circulate it"},
       "Femi"},
      {{"next_steps", "we ship the valves on the 12th Ottilie announces the change to her crews",
        "announce change"},
       "Ottilie"},
      {{"next_steps", "i redo the menu costing tomorrow Brannagh reprints their menus next week",
        "reprint menus"},
       "Brannagh"},
      {{"next_steps", "me the loan agreement by thursday Yusuf forwards the deeds to a notary",
        "forward deeds"},
       "Yusuf"},
  };
  expect_members(fx, "owner", in, sizeof in / sizeof in[0]);
  static const said_step stay[] = {
      {"next_steps", "i price the racking by monday Femi doubts the depot will pay", "racking"},
      {"next_steps", "we ship the valves on the 12th Ottilie likes the new casing", "valves"},
      {"next_steps", "i redo the menu costing tomorrow Brannagh says the chef is away", "costing"},
  };
  expect_steps_each(fx, stay, sizeof stay / sizeof stay[0], 1);
}

/* Dictated without stops, a note whose owner is tagged after a dash ("...
   tmrw - me") runs into the next step; the tag closes the note and the
   step after it is its own. */
static void test_dash_owner_then_next_step(void **state) {
  fixture *fx = *state;
  static const said_member in[] = {
      {{"next_steps", "rework the freight rates by friday - me lotte books the crane on the 9th",
        "book crane"},
       "Lotte"},
      {{"next_steps", "spare parts list tmrw - Ingrid i draft the service contract next week",
        "draft service contract"},
       "me"},
      {{"next_steps", "site photos on monday - me Anselm sends the survey report by the 20th",
        "send survey report"},
       "Anselm"},
      {{"next_steps", "the hygiene audit plan by thurs - me we schedule the walkround next month",
        "schedule walkround"},
       "us"},
  };
  expect_members(fx, "owner", in, sizeof in / sizeof in[0]);
  static const said_member first[] = {
      {{"next_steps", "rework the freight rates by friday - me lotte books the crane on the 9th",
        "rework freight rates"},
       "me"},
      {{"next_steps", "spare parts list tmrw - Ingrid i draft the service contract next week",
        "spare parts list"},
       "Ingrid"},
  };
  expect_members(fx, "owner", first, sizeof first / sizeof first[0]);
  /* Near misses: nothing that opens a step follows the tag. */
  static const said_step stay[] = {
      {"next_steps", "rework the freight rates by friday - me as usual", "freight rates"},
      {"next_steps", "spare parts list tmrw - me hopefully", "spare parts"},
  };
  expect_steps_each(fx, stay, sizeof stay / sizeof stay[0], 1);
}

/* Dictated without stops, a step said without a verb and with its own date
   runs into the clause of the next owner after an aside in brackets; the
   words before that owner are a step of their own. A date said right
   before the owner is that owner's due date, and leaves no step behind. */
static void test_verbless_dated_step_before_bracketed_aside(void **state) {
  fixture *fx = *state;
  static const said_step in[] = {
      {"next_steps",
       "handover workshop tuesday with the shift leads (i chair it) Oskar sends the "
       "rota by the 20th",
       "handover workshop"},
      {"next_steps", "site walk on the 14th (me + Jorunn) i send the safety pack tomorrow",
       "site walk"},
      {"next_steps",
       "tasting session fri w/ the buyers (our chef runs it) Mireille ships the "
       "samples next week",
       "tasting session"},
      {"next_steps", "pilot review nov 3 (their board too) we price the second depot by the 10th",
       "pilot review"},
  };
  expect_steps_each(fx, in, sizeof in / sizeof in[0], 2);
  static const said_step stay[] = {
      {"next_steps", "on monday (hopefully) Oskar sends the rota", "send rota"},
      {"next_steps", "by the 20th (at the latest) Mireille ships the samples", "ship samples"},
  };
  expect_steps_each(fx, stay, sizeof stay / sizeof stay[0], 1);
  /* After "and", the dated words finish the step before. */
  static const said_step joined[] = {
      {"next_steps",
       "i send the rates with the pallets and the freight surcharge waived until friday Oskar "
       "sends the rota",
       "send rota"},
  };
  expect_steps_each(fx, joined, 1, 2);
}

/* A name with letters beyond ASCII owns its step as a plain one does, typed
   in lower case or capitalized; a lower-case word of that kind followed
   by no step verb owns none. */
static void test_name_beyond_ascii_owns_step(void **state) {
  fixture *fx = *state;
  static const said_member in[] = {
      {{"next_steps",
        "i book the assessor on monday and ørjan will send the hull drawings by the 9th",
        "hull drawings"},
       "ørjan"},
      {{"next_steps",
        "we confirm the slot tomorrow and Şebnem will run the cold store test next week",
        "cold store test"},
       "Şebnem"},
      {{"next_steps", "i send the rate card today and żaneta sends the pallet counts by friday",
        "pallet counts"},
       "żaneta"},
      {{"next_steps", "we draft the terms tomorrow Ándre sends the signed copy by the 12th",
        "signed copy"},
       "Ándre"},
  };
  expect_members(fx, "owner", in, sizeof in / sizeof in[0]);
  static const said_step stay[] = {
      {"next_steps", "i send the rate card today and économie class fares went up", "rate card"},
  };
  expect_steps_each(fx, stay, sizeof stay / sizeof stay[0], 1);
}

/* Dictated without stops, a note the speaker shares with someone joined by
   a plus sign ("me + <name> <thing> <date>") opens after the date of the
   step before; with no thing after it, it opens none. */
static void test_me_plus_note_after_date(void **state) {
  fixture *fx = *state;
  static const said_step in[] = {
      {"next_steps", "i cost the dryer retrofit by monday me + halvard boiler walkdown on the 14th",
       "boiler walkdown"},
      {"next_steps", "Odile sends the menus tomorrow me + our chef tasting day next thursday",
       "tasting day"},
      {"next_steps", "we draft the lease terms by the 9th me + priti valuation visit end of month",
       "valuation visit"},
      {"next_steps", "me pallet audit plan fri me + dorota forklift training slots next wk",
       "training slots"},
  };
  expect_steps_each(fx, in, sizeof in / sizeof in[0], 2);
  static const said_step stay[] = {
      {"next_steps", "i cost the dryer retrofit by monday me + two others", "dryer retrofit"},
  };
  expect_steps_each(fx, stay, 1, 1);
}

/* A note whose colon was dropped ("me revised floor plan by tue"): a
   clause opening with "me" and a thing to do is the speaker's step, and
   "me" is no part of the action. "me too" and "me personally" are none. */
static void test_me_opens_note_without_colon(void **state) {
  fixture *fx = *state;
  static const said none[] = {
      {"next_steps", "me too honestly no idea yet"},
      {"next_steps", "me personally i would wait for their board"},
  };
  expect_no_steps(fx, none, sizeof none / sizeof none[0]);
  static const said_step in[] = {
      {"next_steps", "me revised floor plan by tue", "revised floor plan"},
      {"next_steps", "me costed shortlist of three hauliers end of next week", "costed shortlist"},
      {"next_steps", "um me loan agreement redline by the 14th", "loan agreement redline"},
      {"next_steps", "me 2 sample boxes for the tasting on friday", "2 sample boxes"},
  };
  for (size_t k = 0; k < sizeof in / sizeof in[0]; k++) {
    expect_member(fx, &in[k], "owner", "me");
    json_t *u = fx_run(fx, fx->sales, "next_steps", in[k].text);
    if (step_member_like(u, "action", "me ", true))
      fail_msg("'%s': 'me' joined the action in %s", in[k].text, fx_dump(u, "next_steps"));
    json_decref(u);
  }
}

/* Notes said without stops run on ("me X by fri priya Y next week"): where
   a date ends and a person's name opens the next note, that person owns
   the thing said after the name, a step of its own. */
static void test_name_after_date_opens_next_note(void **state) {
  fixture *fx = *state;
  static const said_member in[] = {
      {{"next_steps", "me revised floor plan by thursday priya signed lease copy next week",
        "signed lease copy"},
       "Priya Raman"},
      {{"next_steps", "Me costed spares list by Friday Greta site induction slots tomorrow",
        "site induction slots"},
       "Greta"},
      {{"next_steps", "me the hire agreement tmrw priya driver roster by the 14th",
        "driver roster"},
       "Priya Raman"},
      {{"next_steps",
        "we quote the pallet racking on monday Hamid load test certificates by end of month",
        "load test certificates"},
       "Hamid"},
      {{"next_steps", "me draft grant budget on the 3rd Tomasz letters of support next week",
        "of support"},
       "Tomasz"},
  };
  expect_members(fx, "owner", in, sizeof in / sizeof in[0]);
  /* Near misses: after the name comes a role, a wish or a report, not a
     thing to do; the name opens no note. */
  static const said_step stay[] = {
      {"next_steps", "me tasting menu costs by friday priya wants them in euros",
       "tasting menu costs"},
      {"next_steps", "me renewal quote by tuesday Greta our ops lead is away till june",
       "renewal quote"},
      {"next_steps", "me the sample kit next week and priya said she would test it", "sample kit"},
  };
  expect_steps_each(fx, stay, sizeof stay / sizeof stay[0], 1);
}

/* Said without stops, a step that starts right after a date ("... on
   friday Greta to send ...") ends the note before it; that note, a thing
   and its date with no verb, stays a step of its own. */
static void test_step_after_date_ends_note_before(void **state) {
  fixture *fx = *state;
  static const said_step in[] = {
      {"next_steps", "revised rota from me on friday Priya to send the shift patterns by wed",
       "revised rota"},
      {"next_steps",
       "site survey with their facilities crew on the 9th Greta sends the floor plans",
       "site survey"},
      {"next_steps",
       "brochure proofs from the printer tomorrow Nils to check the paper quotes by the 20th",
       "brochure proofs"},
      {"next_steps", "pilot kit to the depot monday priya to book the driver training by the 15th",
       "pilot kit"},
  };
  expect_steps_each(fx, in, sizeof in / sizeof in[0], 2);
  /* The step after keeps its owner: "Priya to send" is Priya's. */
  for (size_t k = 0; k < 4; k += 3) {
    const said_step owned = {"next_steps", in[k].text, k ? "book driver training" : "send shift"};
    expect_member(fx, &owned, "owner", "Priya Raman");
  }
  /* Near misses: an owner whose verb has only a pronoun for its object
     goes on with the note before: one step. */
  static const said_step stay[] = {
      {"next_steps", "meter swap on the 14th Greta checks it", "meter swap"},
  };
  expect_steps_each(fx, stay, sizeof stay / sizeof stay[0], 1);
}

/* "<step> so we can <verb> ...", "so that their team can check it": a
   purpose clause after a step says why, and is no step of its own. */
static void test_purpose_clause_is_no_step(void **state) {
  fixture *fx = *state;
  static const said_step in[] = {
      {"next_steps",
       "Marta is going to export the sensor readings so we can tune the alarm thresholds by "
       "Thursday",
       "export"},
      {"next_steps", "i'll send over the floor plan so their installers can quote the racking",
       "floor plan"},
      {"next_steps", "Our ops lead will share the rota, so that they can plan holiday cover.",
       "rota"},
      {"next_steps",
       "we record the training call next week so the night shift can watch it later on", "record"},
      {"next_steps", "Hassan will dump the crash logs so that we can reproduce it on our rigs",
       "crash logs"},
  };
  expect_steps_each(fx, in, sizeof in / sizeof in[0], 1);
  /* Near misses: "so" opening a clause of its own still starts a step. */
  static const said_step stay[] = {
      {"next_steps", "ok so I book the venue for the 3rd and Lena sends the invites by Friday",
       "book venue"},
      {"next_steps", "Kofi will pull the invoices on Monday, so I chase the two late ones after",
       "pull invoices"},
  };
  expect_steps_each(fx, stay, sizeof stay / sizeof stay[0], 2);
}

/* "... on friday procurement to send the PO", a department and "to"
   with a step verb inside a run-on: the department owns a step of its own. */
static void test_department_to_verb_mid_sentence(void **state) {
  static const said_member in[] = {
      {{"next_steps",
        "I send the revised quote on friday and procurement to send the purchase order next week",
        "send purchase order"},
       "procurement"},
      {{"next_steps", "by monday legal to review the data agreement and I book the kickoff",
        "review data agreement"},
       "legal"},
      {{"next_steps", "i draft the SOW by thursday marketing to share the brand assets next week",
        "share brand assets"},
       "marketing"},
      {{"next_steps",
        "we install the gateway on the 3rd then facilities to book the lift for the delivery",
        "book lift"},
       "facilities"},
  };
  expect_members(*state, "owner", in, sizeof in / sizeof in[0]);
  /* Near misses: a department someone else gets to act owns nothing. */
  fixture *fx = *state;
  static const char *const stay[] = {
      "Ilse is getting legal to check the framework terms by the 3rd",
      "I need finance to sign the order form by Tuesday",
  };
  for (size_t k = 0; k < sizeof stay / sizeof stay[0]; k++) {
    json_t *u = fx_run(fx, fx->sales, "next_steps", stay[k]);
    if (step_member_like(u, "owner", "legal", false) ||
        step_member_like(u, "owner", "finance", false))
      fail_msg("'%s': want no department owner in %s", stay[k], fx_dump(u, "next_steps"));
    json_decref(u);
  }
}

/* A numbered list whose stops were dropped ("1 me X by fri 2 priya Y next
   week", or one item to a line): each number opens a step of its own, and
   no number stays in an action. */
static void test_numbers_without_stops_split_steps(void **state) {
  fixture *fx = *state;
  static const said_step in[] = {
      {"next_steps",
       "1 me revised floor plan by thursday 2 priya signed lease copy next week 3 our installer "
       "measures the loading bay on the 20th",
       "signed lease copy"},
      {"next_steps",
       "1 I send the catering quote on monday\n2 Greta confirms the headcount by the 9th\n3 our "
       "chef prepares a tasting menu next week",
       "confirm headcount"},
      {"next_steps",
       "one me fleet audit by friday two priya signed delivery notes next week three our mechanic "
       "services the vans on the 12th",
       "delivery notes"},
      {"next_steps",
       "1 Me - grant budget draft by the 3rd 2 Tomasz - letters of support next Tuesday 3 We "
       "book the panel room for the 30th",
       "of support"},
  };
  expect_steps_each(fx, in, sizeof in / sizeof in[0], 3);
  for (size_t k = 0; k < sizeof in / sizeof in[0]; k++) {
    json_t *u = fx_run(fx, fx->sales, in[k].target, in[k].text);
    size_t i;
    const json_t *it;
    json_array_foreach(fx_val(u, "next_steps"), i, it) {
      const char *a = json_string_value(json_object_get(it, "action"));
      if (a && (strchr("0123", a[0]) || strncmp(a, "one ", 4) == 0 || strncmp(a, "two ", 4) == 0))
        fail_msg("'%s': a number stayed in %s", in[k].text, fx_dump(u, "next_steps"));
    }
    json_decref(u);
  }
  static const said_member owned[] = {
      {in[0], "Priya Raman"}, {in[2], "Priya Raman"}, {in[3], "Tomasz"}};
  expect_members(fx, "owner", owned, sizeof owned / sizeof owned[0]);
  /* Near misses: a count after a verb or a function word opens no step. */
  static const said_step stay[] = {
      {"next_steps", "I ship 2 pallets of samples to the depot by friday", "2 pallets"},
      {"next_steps", "1 me the tender pack by friday and 2 spare gaskets go with it",
       "tender pack"},
      {"next_steps", "we send 3 quotes for the roof repair on the 14th", "3 quotes"},
  };
  expect_steps_each(fx, stay, sizeof stay / sizeof stay[0], 1);
}

/* The due date of the step of u whose action holds want, or NULL. */
static const char *due_of(const json_t *u, const char *want) {
  size_t i;
  const json_t *it;
  json_array_foreach(fx_val(u, "next_steps"), i, it) {
    const char *a = json_string_value(json_object_get(it, "action"));
    if (a && strstr(a, want))
      return json_string_value(json_object_get(it, "due"));
  }
  return NULL;
}

/* "... and by Thursday our lab manager runs the tests": a date said before
   a step's owner, where it opens the clause, is that step's due date and
   not the date of the step before. */
static void test_date_before_owner_is_its_due(void **state) {
  fixture *fx = *state;
  static const said_member in[] = {
      {{"next_steps",
        "We ship the sample kit tomorrow and by Thursday our lab manager runs the stability tests",
        "run stability tests"},
       "2026-10-08"},
      {{"next_steps", "So on the 21st Henrike sends the signed lease.", "send signed lease"},
       "2026-10-21"},
      {{"next_steps",
        "i fix the login bug today and before the 16th their support team checks the new build",
        "check new build"},
       "2026-10-16"},
      {{"next_steps", "Okay, by next Wednesday Tobias will open the supplier account.",
        "open supplier account"},
       "2026-10-14"},
      {{"next_steps", "I redo the estimate and on the 27th we walk the board through it",
        "walk board through it"},
       "2026-10-27"},
      {{"next_steps", "I book the venue on Monday and by Friday legal sends the redlines",
        "book venue"},
       "2026-10-12"},
  };
  expect_members(fx, "due", in, sizeof in / sizeof in[0]);
  /* ... and the step before keeps no date that is not its own. */
  json_t *u = fx_run(fx, fx->sales, "next_steps", in[4].step.text);
  if (due_of(u, "redo estimate"))
    fail_msg("'%s': want no due for the first step in %s", in[4].step.text,
             fx_dump(u, "next_steps"));
  json_decref(u);
  /* Near misses: after a bracket, a dash or an object the date closes the
     item before it, and the next owner's step has none. */
  static const said_step stay[] = {
      {"next_steps", "Revised costing (me) by the 19th Ottilie sends the floor survey",
       "floor survey"},
      {"next_steps", "costing - me - friday ottilie sends the floor survey", "floor survey"},
      {"next_steps", "I send the costing by the 19th and Ottilie sends the floor survey",
       "floor survey"},
  };
  for (size_t k = 0; k < sizeof stay / sizeof stay[0]; k++) {
    u = fx_run(fx, fx->sales, stay[k].target, stay[k].text);
    if (!has_action(u, stay[k].want) || due_of(u, stay[k].want) || !due_of(u, "costing"))
      fail_msg("'%s': want the date on the costing only in %s", stay[k].text,
               fx_dump(u, "next_steps"));
    json_decref(u);
  }
}

/* "purchasing opens the vendor record", "finance will issue the credit
   note": a department alone, in any case, owns the step its verb says. */
static void test_department_alone_owns_step(void **state) {
  fixture *fx = *state;
  static const said_member in[] = {
      {{"next_steps", "purchasing opens the vendor record by Friday", "open vendor record"},
       "purchasing"},
      {{"next_steps", "finance will issue the credit note by the 20th", "issue credit note"},
       "finance"},
      {{"next_steps", "I send the contract, compliance reviews the data clauses by the 15th",
        "review data clauses"},
       "compliance"},
      {{"next_steps", "we deliver the pallets monday logistics books the return truck for the 12th",
        "book return truck"},
       "logistics"},
      {{"next_steps", "Okay, by next Wednesday procurement will open the supplier account.",
        "open supplier account"},
       "procurement"},
      {{"next_steps", "Marketing will share the brand guidelines next week.",
        "share brand guidelines"},
       "Marketing"},
  };
  expect_members(fx, "owner", in, sizeof in / sizeof in[0]);
  /* Near misses: a department in a condition, a department naming a thing,
     a report, and "it" as a pronoun own no step. */
  static const char *const stay[] = {
      "We release the firmware on the 8th once compliance approves it.",
      "compliance notes on the draft lease by monday",
      "I'll pass on their data protection queries next Monday.",
      "the quote goes out tuesday once procurement approves the vendor",
      "finance was in the room too",
      "it will take two weeks to set up",
  };
  static const char *const depts[] = {"compliance", "data protection", "procurement", "finance",
                                      "it"};
  for (size_t k = 0; k < sizeof stay / sizeof stay[0]; k++) {
    json_t *u = fx_run(fx, fx->sales, "next_steps", stay[k]);
    for (size_t d = 0; d < sizeof depts / sizeof depts[0]; d++)
      if (step_member_like(u, "owner", depts[d], false))
        fail_msg("'%s': want no owner '%s' in %s", stay[k], depts[d], fx_dump(u, "next_steps"));
    json_decref(u);
  }
}

/* "... and we'll see how it goes", "we'll take it from there": a closing
   remark on how things may turn out is no step. */
static void test_closing_remark_is_no_step(void **state) {
  fixture *fx = *state;
  static const said_step in[] = {
      {"next_steps", "I'll price the spare kit by Friday and we'll see how their buyer reacts.",
       "price spare kit"},
      {"next_steps", "Jonas books the demo for the 14th, then we'll see where it lands.",
       "book demo"},
      {"next_steps", "I'll send the pricing on Monday. We'll take it from there.", "send pricing"},
      {"next_steps", "i chase the PO next week and we go from there", "chase PO"},
  };
  expect_steps_each(fx, in, sizeof in / sizeof in[0], 1);
  static const said none[] = {{"next_steps", "we'll see what the board says in may"}};
  expect_no_steps(fx, none, 1);
  /* Near misses: seeing a place, or checking whether something holds, is
     a step. */
  static const said_step stay[] = {
      {"next_steps", "I'll see the site on Tuesday with their plant lead.", "see site"},
      {"next_steps", "we'll see if legal can sign by the 20th", "see if legal can sign"},
  };
  expect_steps_each(fx, stay, sizeof stay / sizeof stay[0], 1);
}

/* "I'll book X, no wait, our events team will book it": a step taken back
   before the next owner's is none, and its thing goes to that owner's step. */
static void test_step_taken_back_goes_to_next_owner(void **state) {
  fixture *fx = *state;
  static const said_member in[] = {
      {{"next_steps", "I'll book the hotel block, no wait, our events team will book it by Monday.",
        "book hotel block"},
       "our events team"},
      {{"next_steps", "we send the spec sheet scratch that Lotte sends it on thursday",
        "send spec sheet"},
       "Lotte"},
      {{"next_steps",
        "I'll draft the SOW, actually no, their legal team will draft it by the 20th.",
        "draft SOW"},
       "their legal team"},
      {{"next_steps", "i'll ping their CFO or rather Bram will reach out to her next week",
        "reach out to her"},
       "Bram"},
  };
  expect_members(fx, "owner", in, sizeof in / sizeof in[0]);
  for (size_t k = 0; k < sizeof in / sizeof in[0]; k++)
    expect_steps_each(fx, &in[k].step, 1, 1);
  /* Near miss: a date corrected in passing takes no step back. */
  static const said_step stay[] = {
      {"next_steps", "I ship the samples on the 3rd no wait the 4th, and Lotte books the room.",
       "ship samples"},
  };
  expect_steps_each(fx, stay, 1, 2);
}

/* "Wiebke, our solutions engineer, will ...", dictated without commas: the
   name before "our" or "their" and a role owns the step, and neither the
   name nor the role stays in the action. */
static void test_name_then_role_owns_step(void **state) {
  fixture *fx = *state;
  static const said_member in[] = {
      {{"next_steps", "Wiebke, our solutions engineer, will set up the sandbox by Friday.",
        "set up sandbox"},
       "Wiebke"},
      {{"next_steps", "Tomasz their plant manager sends the floor layout next week",
        "send floor layout"},
       "Tomasz"},
      {{"next_steps",
        "i send the quote monday and anouk our data lead will run the benchmark on the 14th",
        "run benchmark"},
       "Anouk"},
      {{"next_steps", "Bram our installer fits the meters on the 20th", "fit meters"}, "Bram"},
  };
  expect_members(fx, "owner", in, sizeof in / sizeof in[0]);
  /* Near misses: a report after the role, and a name and role as the
     object of someone else's step. */
  static const said none[] = {{"next_steps", "Marta our buyer was happy with the demo"}};
  expect_no_steps(fx, none, 1);
  static const said_member stay[] = {
      {{"next_steps", "I'll send the contract to Pavel our controller by Friday.",
        "send contract to Pavel"},
       "me"},
  };
  expect_members(fx, "owner", stay, 1);
  /* ... nor a name that ends a list of owners before another step. */
  const char *joined =
      "Site walk on the 9th with me and Omar our crew mobilises to the depot the week after";
  json_t *u = fx_run(fx, fx->sales, "next_steps", joined);
  if (step_member_like(u, "owner", "Omar", false))
    fail_msg("'%s': want no step of Omar in %s", joined, fx_dump(u, "next_steps"));
  json_decref(u);
}

/* "by Thursday, no wait, Friday", "the 14th actually no the 16th": the date
   said last wins, and the words of the repair are no step of their own. */
static void test_date_corrected_in_step_is_last(void **state) {
  fixture *fx = *state;
  static const said_member in[] = {
      {{"next_steps", "Kofi ships the spare pumps on Thursday, no wait, Friday.",
        "ship spare pumps"},
       "2026-10-09"},
      {{"next_steps", "i email the floor plans by the 14th actually no the 16th",
        "email floor plans"},
       "2026-10-16"},
      {{"next_steps", "We host the onboarding session on Monday, sorry, Wednesday.",
        "host onboarding session"},
       "2026-10-07"},
      {{"next_steps", "I'll post the signed lease on the 3rd of November, no, the 5th.",
        "post signed lease"},
       "2026-11-05"},
      {{"next_steps", "our crew pours the slab next Monday make that Tuesday", "pour slab"},
       "2026-10-13"},
  };
  expect_members(fx, "due", in, sizeof in / sizeof in[0]);
  for (size_t k = 0; k < sizeof in / sizeof in[0]; k++)
    expect_steps_each(fx, &in[k].step, 1, 1);
  /* Near misses: a date taken back by "not" keeps the other one, and a
     "no" that opens no new date corrects nothing. */
  static const said_member stay[] = {
      {{"next_steps", "Send the invoice by Friday, not Monday", "invoice"}, "2026-10-09"},
      {{"next_steps", "Lucia drafts the brief on Monday and no one else reviews it", "draft brief"},
       "2026-10-12"},
  };
  expect_members(fx, "due", stay, sizeof stay / sizeof stay[0]);
  /* Two steps each with its own date stay two. */
  static const said_step two[] = {
      {"next_steps", "I send the draft Monday, then on Wednesday Halvard reviews it", "send draft"},
  };
  expect_steps_each(fx, two, 1, 2);
}

/* "Dana, their CFO, thinks ...", "their CTO feels we should ...": an
   opinion, said with or without a role, is no step, nor is what it says. */
static void test_opinion_is_no_step(void **state) {
  fixture *fx = *state;
  static const said in[] = {
      {"next_steps", "Marisol, their CFO, thinks the tiered pricing is too steep"},
      {"next_steps", "Okonkwo, the plant manager, reckons the retrofit can slip to March."},
      {"next_steps", "beatriz their head of ops believes the trial should start by the 20th"},
      {"next_steps", "Their CTO feels we should hold off until January."},
      {"next_steps", "Yusuf suspects they'll sign the renewal by the 28th"},
  };
  expect_no_steps(fx, in, sizeof in / sizeof in[0]);
  /* Near misses: a name and its role own the step their verb says. */
  static const said_member stay[] = {
      {{"next_steps", "Marisol, their CFO, will send the budget sheet by Friday",
        "send budget sheet"},
       "Marisol"},
      {{"next_steps", "Ines, the site lead, books the crane for the 20th", "book crane"}, "Ines"},
      {{"next_steps", "Tomasz, our installer, fits the meters next Tuesday", "fit meters"},
       "Tomasz"},
  };
  expect_members(fx, "owner", stay, sizeof stay / sizeof stay[0]);
  /* ... and the speaker's own step after an opinion stays. */
  static const said_step mine[] = {
      {"next_steps", "Their CTO feels the migration is risky. I'll send the runbook Monday.",
       "send runbook"},
  };
  expect_steps_each(fx, mine, 1, 1);
}

/* "HR rolls out the survey", "facilities clears out the room": a department,
   a verb in the third person with its particle, and an object make a step
   the department owns, whatever the verb. */
static void test_department_phrasal_verb_owns_step(void **state) {
  fixture *fx = *state;
  static const said_member in[] = {
      {{"next_steps", "HR rolls out the wellbeing survey next week", "roll out wellbeing survey"},
       "HR"},
      {{"next_steps", "Facilities clears out the storage room by Friday", "clear out storage room"},
       "Facilities"},
      {{"next_steps", "Operations hands back the loaner units by the 23rd",
        "hand back loaner units"},
       "Operations"},
      {{"next_steps", "I write the brief and marketing pushes out the launch email on Thursday",
        "push out launch email"},
       "marketing"},
      {{"next_steps", "IT locks down the admin accounts on the 15th", "lock down admin accounts"},
       "IT"},
  };
  expect_members(fx, "owner", in, sizeof in / sizeof in[0]);
  /* Near misses: a plural noun after a department is a thing. */
  static const said out[] = {
      {"next_steps", "marketing leads down the funnel dropped"},
      {"next_steps", "helpdesk tickets up the chain were slow to move"},
      {"next_steps", "the marketing plans through the summer are vague"},
      {"next_steps", "compliance notes on the draft were harsh"},
  };
  expect_no_steps(fx, out, sizeof out / sizeof out[0]);
}

/* "... on the 14th and Joon installs them the day after": "the day after"
   and "the week after" count from the day said before them; with no day
   before them they date nothing, and "the week after next" stays a phrase. */
static void test_day_after_counts_from_day_before(void **state) {
  fixture *fx = *state;
  static const said_member in[] = {
      {{"next_steps", "We deliver the racks on the 14th and Joon installs them the day after.",
        "install them"},
       "2026-10-15"},
      {{"next_steps", "i ship the firmware monday and their QA team tests it the day after",
        "test it"},
       "2026-10-13"},
      {{"next_steps",
        "I circulate the figures on the 8th and Rahel approves the budget the week after",
        "approve budget"},
       "2026-10-15"},
      {{"next_steps", "We sign on the 2nd of November, then Colm opens the account the day after.",
        "open account"},
       "2026-11-03"},
      {{"next_steps", "I send the draft the week after next", "send draft"}, "the week after next"},
  };
  expect_members(fx, "due", in, sizeof in / sizeof in[0]);
  /* Near misses: with no day before it, "the week after" dates nothing,
     and "the day after" an event is no date. */
  static const said_step none[] = {
      {"next_steps", "Bettina schedules the audit the week after.", "schedule audit"},
      {"next_steps", "I book the movers the day after the lease is signed", "book movers"},
  };
  for (size_t k = 0; k < sizeof none / sizeof none[0]; k++) {
    json_t *u = fx_run(fx, fx->sales, none[k].target, none[k].text);
    if (!has_action(u, none[k].want) || due_of(u, none[k].want))
      fail_msg("'%s': want the step with no due in %s", none[k].text, fx_dump(u, "next_steps"));
    json_decref(u);
  }
}

/* "... on the 9th our analyst cleans the data by the 12th", dictated with
   no stops: our or their team, a verb in the third person that no list
   holds and its object open the next step, which the team owns. */
static void test_run_on_team_with_any_verb(void **state) {
  fixture *fx = *state;
  static const said_member in[] = {
      {{"next_steps", "i update the forecast on the 9th our analyst cleans the data by the 12th",
        "clean data"},
       "our analyst"},
      {{"next_steps", "i finish the audit friday our auditor files the report by the 19th",
        "file report"},
       "our auditor"},
      {{"next_steps", "i call them monday their product manager drafts a brief by the 15th",
        "draft brief"},
       "their product manager"},
      {{"next_steps", "we hand over the keys on the 2nd our technician resets the locks by the 4th",
        "reset locks"},
       "our technician"},
  };
  expect_members(fx, "owner", in, sizeof in / sizeof in[0]);
  for (size_t k = 0; k < sizeof in / sizeof in[0]; k++)
    expect_steps_each(fx, &in[k].step, 1, 2);
  /* Near misses: a team that only did something, or a name after the team
     word, opens no step of the team's. */
  static const said out[] = {
      {"next_steps", "the meeting on the 9th our lawyers were late"},
      {"next_steps", "on the 9th their buyers liked the samples"},
  };
  expect_no_steps(fx, out, sizeof out / sizeof out[0]);
  static const said_member named[] = {
      {{"next_steps",
        "we quote the boilers on monday our plumber Anouk checks the valves next week",
        "check valves"},
       "Anouk"},
  };
  expect_members(fx, "owner", named, 1);
}

/* Dictated run on, a team whose name holds an acronym ("our QA team"), or
   whose person is named in brackets after it, owns the step its verb
   starts; so does a department or team with a bare plural object and a
   date ("vets suppliers by the 20th"). */
static void test_run_on_team_acronym_bracket_plural(void **state) {
  fixture *fx = *state;
  static const said_member in[] = {
      {{"next_steps", "we ship the pumps on the 3rd our QA team tests prototypes by the 9th",
        "test prototypes"},
       "our QA team"},
      {{"next_steps", "i call the landlord today their IT crew wipes the laptops on friday",
        "wipe laptops"},
       "their IT crew"},
      {{"next_steps", "i price the refit tomorrow our paint crew (ilse) strips the hull next week",
        "strip hull"},
       "Ilse"},
      {{"next_steps", "we load the trucks monday our install crew mounts brackets by the 9th",
        "mount brackets"},
       "our install crew"},
      {{"next_steps", "i send the tender pack on tuesday procurement vets suppliers by the 20th",
        "vet suppliers"},
       "procurement"},
  };
  expect_members(fx, "owner", in, sizeof in / sizeof in[0]);
  for (size_t k = 0; k < sizeof in / sizeof in[0]; k++)
    expect_steps_each(fx, &in[k].step, 1, 2);
  /* Near misses: a habit has no date, a pronoun object finishes the step
     before, and a verb after the noun makes it a report. */
  static const said_step stay[] = {
      {"next_steps", "i send the renewal quote monday our support team handles renewals",
       "send renewal quote"},
      {"next_steps", "floor survey on the 4th our IT crew checks it", "floor survey"},
      {"next_steps", "i send the quote monday procurement vets suppliers", "send quote"},
  };
  expect_steps_each(fx, stay, sizeof stay / sizeof stay[0], 1);
}

/* A person said with where they sit ("Hanne from legal", "Olavi from
   their side") or with their team ("Teodor's crew") owns the step their
   verb starts, mid run on. */
static void test_run_on_name_from_side_or_team(void **state) {
  fixture *fx = *state;
  static const said_member in[] = {
      {{"next_steps",
        "i draft the memo today Hanne from legal returns the lease markup in ten days",
        "return lease markup"},
       "Hanne"},
      {{"next_steps",
        "we book the venue friday Olavi from their side confirms the budget next week",
        "confirm budget"},
       "Olavi"},
      {{"next_steps", "i send the brief tomorrow astrid from procurement raises the PO by friday",
        "raise PO"},
       "Astrid"},
      {{"next_steps", "i order the parts monday Teodor's crew wires the panels by the 18th",
        "wire panels"},
       "Teodor's crew"},
  };
  expect_members(fx, "owner", in, sizeof in / sizeof in[0]);
  for (size_t k = 0; k < sizeof in / sizeof in[0]; k++)
    expect_steps_each(fx, &in[k].step, 1, 2);
  /* Near misses: a person from the other side who only felt something, or
     who is the object of a step. */
  static const said out[] = {
      {"next_steps", "the call went well Olavi from their side was happy"},
  };
  expect_no_steps(fx, out, 1);
  static const said_step stay[] = {
      {"next_steps", "i set up a call with Kalani from legal on monday", "set up call"},
  };
  expect_steps_each(fx, stay, 1, 1);
}

/* Dictated, a step said without a verb runs on after the date of the step
   before ("... by friday site walk with their caretaker on the 14th"): it
   is a step of its own, with its own date. */
static void test_verbless_step_after_date_runs_on(void **state) {
  fixture *fx = *state;
  static const said_step in[] = {
      {"next_steps", "we price the retrofit by monday site walk with their caretaker on the 14th",
       "site walk with"},
      {"next_steps",
       "i mail the menu cards friday Odile prints the banners this week tasting evening "
       "with the chefs early next month",
       "tasting evening"},
      {"next_steps", "i send the brochure by tuesday next steering review in september",
       "steering review"},
      {"next_steps", "we finish the wiring plan tomorrow kickoff with Ansel pencilled for the 22nd",
       "kickoff with Ansel"},
  };
  expect_steps(fx, in, sizeof in / sizeof in[0]);
  /* Near misses: what the step is for, a meeting that already happened,
     a second time of the same day and the date said again stay out. */
  static const said_step stay[] = {
      {"next_steps", "i send the pricing by friday for the board review on the 20th",
       "send pricing"},
      {"next_steps", "i send the brochure by friday the walkthrough went badly last week",
       "send brochure"},
      {"next_steps", "i send the deck on monday at 10am", "send deck"},
      {"next_steps", "i post the samples by friday week so the 23rd", "post samples"},
      {"next_steps", "i will ship the spares early next week say wednesday", "ship spares"},
      {"next_steps", "our lead writes up the May recall review for Oona by the 25th", "write up"},
  };
  expect_steps_each(fx, stay, sizeof stay / sizeof stay[0], 1);
}

/* A list item opened by a name with a role after it, in brackets or
   between commas, then a colon or a dash: "Name (our role): action". The
   person owns the one step; the role is no step of its own. */
static void test_name_with_role_opens_list_item(void **state) {
  fixture *fx = *state;
  static const said_member in[] = {
      {{"next_steps",
        "1. me - send the revised rate card, Monday\n"
        "2. Ingrid (our service tech) - swap the faulty pressure valves, on the 12th",
        "swap faulty pressure valves"},
       "Ingrid"},
      {{"next_steps",
        "- me: book the follow-up call, this week\n"
        "- Dörte (their buyer): confirm pallet counts for the spring range, next Friday",
        "confirm pallet counts"},
       "Dörte"},
      {{"next_steps",
        "me: draft the service agreement by Thursday\n"
        "Tanaka-san (our channel partner lead): check the import permits, end of month",
        "check import permits"},
       "Tanaka-san"},
      {{"next_steps",
        "1) me: pricing for the two depots, tomorrow\n"
        "2) Oluwaseun, our solutions architect: map the data fields, by the 20th",
        "map data fields"},
       "Oluwaseun"},
      {{"next_steps",
        "me - send the pilot plan, Tuesday\n"
        "Matías (agronomist) - walk the north paddocks with them, next week",
        "walk north paddocks"},
       "Matías"},
  };
  expect_members_each(fx, "owner", in, sizeof in / sizeof in[0], 2);
  /* Near miss: a bracket that holds no role stays in the action. */
  static const said_member stay[] = {
      {{"next_steps", "me: send the quote (both options) to Helga, by Friday",
        "send quote (both options)"},
       "me"},
  };
  expect_members(fx, "owner", stay, 1);
}

/* The owner said after the action as a tail set off by a comma or a
   dash ("..., our role Name", "... - that's Name, our role", "..., Name
   (our role)"): one step, owned by the person, without the tail. */
static void test_owner_tail_after_action(void **state) {
  fixture *fx = *state;
  static const said_member in[] = {
      {{"next_steps",
        "me: the renewal paperwork by Monday\n"
        "run the calibration on the dosing pumps before the audit - that's Siobhan, our process "
        "engineer, by the 22nd",
        "run calibration on dosing pumps"},
       "Siobhan"},
      {{"next_steps",
        "me: pricing sheet by Friday\n"
        "fix the cabling in hall two, our site electrician Baptiste Morel, on the 3rd",
        "fix cabling in hall two"},
       "Baptiste Morel"},
      {{"next_steps",
        "me - demo login, tomorrow\n"
        "load the historic tonnage into the sandbox - Rangi (our data analyst), next week",
        "load historic tonnage into sandbox"},
       "Rangi"},
      {{"next_steps",
        "me: send the draft SOW, Thursday\n"
        "retrain the night shift on the scanners - that's Élodie, end of the month",
        "retrain night shift on scanners"},
       "Élodie"},
  };
  expect_members_each(fx, "owner", in, sizeof in / sizeof in[0], 2);
  /* Near misses: a name and role after the object are who the step is
     for, and a product after "our" is no person. */
  static const said_member stay[] = {
      {{"next_steps", "I'll phone Marguerite, their plant director, on Friday.",
        "phone Marguerite"},
       "me"},
      {{"next_steps", "me: email the minutes to their COO, Rafaela, by Monday", "email minutes"},
       "me"},
      {{"next_steps", "me: migrate the orders, our ERP Navision, by the 9th", "migrate orders"},
       "me"},
  };
  expect_members(fx, "owner", stay, sizeof stay / sizeof stay[0]);
}

/* Words of the telling left after the action ("..., no deadline", "...,
   late" before a month taken as the due) leave it, and where the speaker
   will be ("I'm off to ...", "we're away till ...") is no step. */
static void test_telling_words_leave_action(void **state) {
  fixture *fx = *state;
  static const said_member in[] = {
      {{"next_steps",
        "me: the loyalty mock-ups by Friday\nKerstin: count the returnable crates, no rush on it",
        "count returnable crates"},
       "Kerstin"},
      {{"next_steps", "me - revised SLA, Monday\nMehmet - book the cold-room audit, late November",
        "book cold-room audit"},
       "Mehmet"},
      {{"next_steps", "Ayumi: gather the fleet mileage, no real deadline\nme: draft the quote",
        "gather fleet mileage"},
       "Ayumi"},
      {{"next_steps", "Dariusz: send the shift rota, early December", "send shift rota"},
       "Dariusz"},
  };
  expect_members(fx, "owner", in, sizeof in / sizeof in[0]);
  for (size_t k = 0; k < sizeof in / sizeof in[0]; k++) {
    json_t *u = fx_run(fx, fx->sales, "next_steps", in[k].step.text);
    size_t i;
    const json_t *it;
    json_array_foreach(fx_val(u, "next_steps"), i, it) {
      const char *a = json_string_value(json_object_get(it, "action"));
      if (a && strstr(a, in[k].step.want) && strcmp(a, in[k].step.want) != 0)
        fail_msg("'%s': want action '%s' alone in %s", in[k].step.text, in[k].step.want,
                 fx_dump(u, "next_steps"));
    }
    json_decref(u);
  }
  static const said_step away[] = {
      {"next_steps", "I ship the spares on the 9th. After that I'm off to Porto on the 20th.",
       "ship spares"},
      {"next_steps", "we're away until the 2nd, Halvard sends the revised plan by the 30th",
       "send revised plan"},
  };
  expect_steps_each(fx, away, sizeof away / sizeof away[0], 1);
  /* Near misses: a when-word inside the action, and "on it" said of a
     step, stay. */
  static const said_step stay[] = {
      {"next_steps", "Ines: leave early on Friday to meet the carrier", "leave early"},
      {"next_steps", "me: chase the late invoices, by Tuesday", "chase late invoices"},
  };
  expect_steps(fx, stay, sizeof stay / sizeof stay[0]);
}

/* A line of steps that opens with its owner's name and the step, the colon
   between them dropped as when dictated: the name owns the step. A name
   nobody gave before needs a verb with its object after it; a step said
   without a verb needs a name someone knows (here by surname). */
static void test_line_owner_without_colon(void **state) {
  fixture *fx = *state;
  static const said_member in[] = {
      {{"next_steps",
        "- Oyelaran check the freezer logs by Thursday\n- me send the revised rate card",
        "check freezer logs"},
       "Oyelaran"},
      {{"next_steps",
        "1 Bartosz book the forklift audit next week\n"
        "2 Teodora (our buyer) confirm the pallet count tomorrow",
        "confirm pallet count"},
       "Teodora"},
      {{"next_steps",
        "- me quote for the ferry tickets by friday\n- wairimu collect the soil cores on the 14th",
        "collect soil cores"},
       "Wairimu"},
      {{"next_steps",
        "me the hangar lease draft by Tuesday\nSvanhild send us the fuel invoices next week",
        "send us fuel invoices"},
       "Svanhild"},
      {{"next_steps",
        "- me the pilot quote by Friday\n- Raman sample readings from the two depots next week",
        "sample readings from two depots"},
       "Priya Raman"},
  };
  expect_members_each(fx, "owner", in, sizeof in / sizeof in[0], 2);
  /* Near misses: an everyday word or a place before a step said without
     a verb owns nothing, and the line stays one step. */
  static const char *const stay[] = {
      "- site visit with their foreman next week\n- final quote by Friday",
      "- quick check of the meter data by Monday\n- me send the revised SOW",
      "- Gdansk crane survey on the 12th\n- me the lifting plan by Friday",
  };
  static const char *const not_owners[] = {"Site", "Final", "Quick", "Gdansk"};
  for (size_t k = 0; k < sizeof stay / sizeof stay[0]; k++) {
    json_t *u = fx_run(fx, fx->sales, "next_steps", stay[k]);
    if (json_array_size(fx_val(u, "next_steps")) != 2)
      fail_msg("'%s': want 2 steps in %s", stay[k], fx_dump(u, "next_steps"));
    for (size_t o = 0; o < sizeof not_owners / sizeof not_owners[0]; o++)
      if (step_member_like(u, "owner", not_owners[o], false))
        fail_msg("'%s': '%s' owns no step in %s", stay[k], not_owners[o], fx_dump(u, "next_steps"));
    json_decref(u);
  }
}

/* Notes run on without stops: after a date, the surname of someone known
   opens the next note and owns it, as a first name does. A report after
   the name ("said", "wants") opens none. */
static void test_known_surname_opens_note(void **state) {
  fixture *fx = *state;
  static const struct {
    const char *known; /* an attendee of the record, or NULL */
    const char *text;
    const char *want;
    const char *owner;
  } in[] = {
      {NULL, "I send the rate card tomorrow Raman list of the cold rooms by the 14th",
       "list of cold rooms", "Priya Raman"},
      {NULL, "we book the venue on Monday raman floor plan for the stands next week",
       "floor plan for stands", "Priya Raman"},
      {"Haruto Kobayashi",
       "me the kiln schedule by Monday kobayashi firing logs for the last quarter on the 20th",
       "firing logs for last quarter", "Haruto Kobayashi"},
      {"Amara Okonkwo-Bello",
       "me pilot quote by Tuesday okonkwo-bello staff rota for the night shift next week",
       "staff rota for night shift", "Amara Okonkwo-Bello"},
  };
  for (size_t k = 0; k < sizeof in / sizeof in[0]; k++) {
    json_t *rec = in[k].known
                      ? json_pack("{s:{s:[{s:s}]}}", "attendees", "value", "name", in[k].known)
                      : NULL;
    json_t *u = fx_run_with(fx, fx->sales, rec, "next_steps", in[k].text);
    if (!has_action(u, in[k].want) || !step_member_like(u, "owner", in[k].owner, false) ||
        json_array_size(fx_val(u, "next_steps")) != 2)
      fail_msg("'%s': want '%s' owned by %s in %s", in[k].text, in[k].want, in[k].owner,
               fx_dump(u, "next_steps"));
    json_decref(u);
    json_decref(rec);
  }
  /* Near misses: the known surname reports, and opens no note. */
  static const said_step stay[] = {
      {"next_steps", "we book the venue on Monday Raman said the floor plan is fine", "book venue"},
      {"next_steps", "I send the brochure by Friday raman wants the price list too",
       "send brochure"},
  };
  expect_steps_each(fx, stay, sizeof stay / sizeof stay[0], 1);
}

/* Notes run on without stops: after a date, a name nobody gave before
   opens the next note and owns it when a verb with its object follows.
   Typing shorthand, an everyday word, or a name before a verb in the
   third person that is no step opens none. */
static void test_unknown_name_and_verb_opens_note(void **state) {
  fixture *fx = *state;
  static const said_member in[] = {
      {{"next_steps", "me the freight quote by Monday tendai send us the customs forms next week",
        "send us customs forms"},
       "Tendai"},
      {{"next_steps", "I draft the MoU on the 14th Oyelaran check the berth schedule by the 20th",
        "check berth schedule"},
       "Oyelaran"},
      {{"next_steps",
        "we book the crane for Thursday Svanhild confirm the lift plan with the site by Friday",
        "confirm lift plan"},
       "Svanhild"},
      {{"next_steps",
        "me revised rate card tomorrow wairimu collect the soil cores from both farms next week",
        "collect soil cores"},
       "Wairimu"},
  };
  expect_members_each(fx, "owner", in, sizeof in / sizeof in[0], 2);
  static const char *const stay[] = {
      "I send the quote by Friday pls send the agenda too",
      "me the deck by friday quick check the numbers next week",
      "- Ottilie likes the new casing\n- me the quote by Friday",
  };
  static const char *const not_owners[] = {"Pls", "Quick", "Ottilie"};
  for (size_t k = 0; k < sizeof stay / sizeof stay[0]; k++) {
    json_t *u = fx_run(fx, fx->sales, "next_steps", stay[k]);
    for (size_t o = 0; o < sizeof not_owners / sizeof not_owners[0]; o++)
      if (step_member_like(u, "owner", not_owners[o], false))
        fail_msg("'%s': '%s' owns no step in %s", stay[k], not_owners[o], fx_dump(u, "next_steps"));
    json_decref(u);
  }
}

/* Steps said without a verb run on without stops, each a thing and its
   own date: after a date, the next thing up to its date is a step. A year,
   a time or a hedge after the date, a date inside a thing and speech
   ("let's say") open none. */
static void test_dated_things_run_on(void **state) {
  fixture *fx = *state;
  static const said_step in[] = {
      {"next_steps",
       "me the crane plan by Friday soil report on the 14th handover meeting next week",
       "handover meeting"},
      {"next_steps",
       "site walk on Tuesday pricing sheet by the 20th training for the night shift next week",
       "pricing sheet"},
      {"next_steps",
       "kiln trial tomorrow glaze samples by Thursday sign-off with their QA lead on the 30th",
       "glaze samples"},
      {"next_steps",
       "we book the hall on Monday floor plan by Wednesday catering tasting on the 22nd",
       "catering tasting"},
  };
  expect_steps_each(fx, in, sizeof in / sizeof in[0], 3);
  static const said_step stay[] = {
      {"next_steps", "I send the quote by Friday say Wednesday", "send quote"},
      {"next_steps", "I send the memo on the 3rd 2025 figures by the 9th", "send memo"},
      {"next_steps", "me the deck by friday week so the 23rd", "deck"},
      {"next_steps", "call on thurs 10am starting next wk", "call"},
      {"next_steps", "i ship the parts tomorrow or Monday let's say Monday", "ship parts"},
  };
  expect_steps_each(fx, stay, sizeof stay / sizeof stay[0], 1);
}

/* "the workshop on the 9th, I'll book it": a verb of arranging with a
   pronoun for a step said next to it names that step's owner; it is no
   step of its own. Someone else's step on the same thing stays. */
static void test_arranging_pronoun_owns_step_beside(void **state) {
  fixture *fx = *state;
  static const said_member in[] = {
      {{"next_steps", "Training session for the depot staff on March 4th, I'll book it.",
        "Training session"},
       "me"},
      {{"next_steps", "Steering committee call next Thursday, I'm organising that.",
        "Steering committee call"},
       "me"},
      {{"next_steps",
        "Ravi sends the floor plans by Friday. Walkthrough of the warehouse on the 12th, "
        "and I'll line it up myself.",
        "Walkthrough"},
       "me"},
      {{"next_steps", "we'll do a tasting at the bistro in early June and I'll schedule that",
        "tasting"},
       "me"},
  };
  expect_members_each(fx, "owner", in, 1, 1);
  expect_members_each(fx, "owner", in + 1, 1, 1);
  expect_members_each(fx, "owner", in + 2, 1, 2);
  expect_members_each(fx, "owner", in + 3, 1, 1);
  /* Someone else's step on the same thing, or a verb that is no arranging,
     stays a step. */
  static const said_step stay[] = {
      {"next_steps", "I send the draft lease by Monday and Hannah reviews it by Friday.", "review"},
      {"next_steps", "I'll pick the venue by Monday and Hannah books it by Friday.", "book"},
      {"next_steps", "I'll finish the valuation on the 8th, then we present it to the board.",
       "present"},
  };
  expect_steps(fx, stay, sizeof stay / sizeof stay[0]);
}

/* A joined noun pair whose plural is also a verb ("+ route maps", "and
   shift plans") is more of the object before it, not an owner and a verb: the
   step keeps both things and its owner. */
static void test_joined_plural_noun_is_no_owner(void **state) {
  fixture *fx = *state;
  static const said_member in[] = {
      {{"next_steps", "hamid: email the floor plans + route maps next week", "route maps"},
       "Hamid"},
      {{"next_steps", "Odile: share the tariff sheet and shift plans tomorrow", "shift plans"},
       "Odile"},
      {{"next_steps", "me - export the audit trail + test reports asap", "test reports"}, "me"},
      {{"next_steps", "kwame will send the wiring diagram + floor plans this week", "floor plans"},
       "Kwame"},
  };
  expect_members_each(fx, "owner", in, sizeof in / sizeof in[0], 1);
  /* A name, or a word for someone, with a verb after the joiner still
     opens a step of its own. */
  static const said_step stay[] = {
      {"next_steps", "I send the contract by Monday and marco books the venue.", "book"},
      {"next_steps", "me: draft the memo + priya reviews it friday", "review"},
      {"next_steps", "me: the budget sheet + nadia checks the figures tomorrow", "check"},
  };
  expect_steps_each(fx, stay, sizeof stay / sizeof stay[0], 2);
}

/* An acronym before a word in -s ("and VPN keys", "+ KPI reports") is a
   thing of the object, not an owner with a verb; "until" before the due
   date leaves the action with the date. */
static void test_acronym_before_plural_is_no_owner(void **state) {
  fixture *fx = *state;
  static const said_member in[] = {
      {{"next_steps", "- Bettina: forward the login details and VPN keys by Monday", "VPN keys"},
       "Bettina"},
      {{"next_steps", "Yusuf: share the tariff table + KPI reports next week", "KPI reports"},
       "Yusuf"},
      {{"next_steps", "me: email the SOP drafts and HACCP logs until Friday", "HACCP logs"}, "me"},
      {{"next_steps", "1. Carmen: send the shelf plan and SKU lists until the 14th", "SKU lists"},
       "Carmen"},
  };
  expect_members_each(fx, "owner", in, sizeof in / sizeof in[0], 1);
  /* A department, or an acronym with its verb and object, still owns a
     step of its own. */
  static const said_member stay[] = {
      {{"next_steps", "I send the order form on Monday and DHL ships the spares on the 9th.",
        "ship"},
       "DHL"},
      {{"next_steps", "I book the room by Monday and IT sets up the laptops on the 9th.", "set up"},
       "IT"},
  };
  expect_members_each(fx, "owner", stay, sizeof stay / sizeof stay[0], 2);
}

/* Run on after a step, our role and a name, then a bare verb or "to" and a
   verb, start a step the name owns. */
static void test_run_on_role_name_bare_verb(void **state) {
  fixture *fx = *state;
  static const said_member in[] = {
      {{"next_steps",
        "I send the price list by the 9th our engineer Ravi swap the faulty sensor next tuesday",
        "swap"},
       "Ravi"},
      {{"next_steps",
        "me the draft lease on monday our paralegal Ingrid to check the title deeds by the 20th",
        "check"},
       "Ingrid"},
      {{"next_steps",
        "I book the hall for the 3rd our site manager Tomasz fix the gate sensor before the 10th",
        "fix"},
       "Tomasz"},
      {{"next_steps",
        "We invoice on the 1st our account manager Leila schedule a review call in march",
        "schedule"},
       "Leila"},
  };
  expect_members_each(fx, "owner", in, sizeof in / sizeof in[0], 2);
  /* Typed in lower case, a name no list holds, in any Latin letters. */
  static const said_member lower[] = {
      {{"next_steps",
        "i send the quote by oct 3 our support engineer đạt patch the login bug friday", "patch"},
       "đạt"},
      {{"next_steps", "me the quote by oct 3 our installer jörg mounts the brackets on the 12th",
        "mount"},
       "Jörg"},
      {{"next_steps",
        "i send the quote by oct 3 our trainer oyelaran to run the workshop on the 9th", "run"},
       "Oyelaran"},
  };
  expect_members_each(fx, "owner", lower, sizeof lower / sizeof lower[0], 2);
  /* A word for a thing, not a name, after our role opens no step; nor does
     a name with no verb after it. */
  static const said_step stay[] = {
      {"next_steps", "I send the price list by the 9th our old platform Orion cover the rest",
       "send price list"},
      {"next_steps", "I send the price list by the 9th, our engineer Ravi was pleased with it",
       "send price list"},
  };
  expect_steps_each(fx, stay, sizeof stay / sizeof stay[0], 1);
}

/* A list item opened by a full name and a colon: the whole name owns the
   step, and no step is made of the name alone. */
static void test_full_name_before_colon_owns_item(void **state) {
  fixture *fx = *state;
  static const said_member in[] = {
      {{"next_steps",
        "- me: the pricing sheet by Friday\n- Helga Brandt: approve the budget line by the 12th",
        "approve"},
       "Helga Brandt"},
      {{"next_steps",
        "1. Kwame Mensah: book the warehouse walkthrough next Tuesday\n2. me: draft the SOW by the "
        "20th",
        "book"},
       "Kwame Mensah"},
      {{"next_steps",
        "Ana Paula Souza: the revised floor plan by Monday. Me: call the landlord on Thursday.",
        "floor plan"},
       "Ana Paula Souza"},
      {{"next_steps",
        "* Lars: update the route map by the 4th\n* Oksana Petrenko: sign off the driver rota "
        "until Wednesday",
        "sign off"},
       "Oksana Petrenko"},
  };
  expect_members_each(fx, "owner", in, sizeof in / sizeof in[0], 2);
  /* Words that open a sentence, or a lower-case word, before a capital and
     a colon name no one. */
  static const said_step stay[] = {
      {"next_steps", "- me: the pricing sheet by Friday\n- Next Friday: we walk the site with them",
       "pricing sheet"},
      {"next_steps",
       "- me: the pricing sheet by Friday\n- then Helga: approve the budget line by the 12th",
       "pricing sheet"},
  };
  expect_steps(fx, stay, sizeof stay / sizeof stay[0]);
  for (size_t k = 0; k < sizeof stay / sizeof stay[0]; k++) {
    json_t *u = fx_run(fx, fx->sales, stay[k].target, stay[k].text);
    if (step_member_like(u, "owner", "Next", true) || step_member_like(u, "owner", "then", true))
      fail_msg("'%s': a starter word owns a step: %s", stay[k].text, fx_dump(u, "next_steps"));
    json_decref(u);
  }
}

/* A list line that opens with a noun before a word that is also a verb and
   ends with the speaker after a comma or a dash is the speaker's step; the
   capital of its first word names no one. */
static void test_line_ending_with_me_has_no_opening_owner(void **state) {
  fixture *fx = *state;
  static const said_member in[] = {
      {{"next_steps", "1. onboarding call on Thursday, me\n2. Rosa: the seating chart by the 8th",
        "call"},
       "me"},
      {{"next_steps", "- Warehouse walk next Tuesday - me\n- Dmitri: confirm the forklift slots",
        "walk"},
       "me"},
      {{"next_steps",
        "1) Budget review before the 15th, me\n2) Aiko: the vendor shortlist by Friday", "review"},
       "me"},
      {{"next_steps", "* pricing workshop on the 21st, me\n* Femi: collect the store counts",
        "workshop"},
       "me"},
  };
  expect_members_each(fx, "owner", in, sizeof in / sizeof in[0], 2);
  /* A person named at the line's start with a verb still owns it. */
  static const said_member stay[] = {
      {{"next_steps",
        "- Priya: master data by the 20th\n- Dmitri sends the forklift slots on Monday, me",
        "send"},
       "Dmitri"},
  };
  expect_members(fx, "owner", stay, sizeof stay / sizeof stay[0]);
}

/* A count after a step verb opens the step's object: the lower-case word
   after the count is part of it, no owner of a verb in -s. */
static void test_count_after_verb_is_object(void **state) {
  fixture *fx = *state;
  static const said_step in[] = {
      {"next_steps", "me: schedule 2 infra reviews with the plant leads next week",
       "schedule 2 infra reviews"},
      {"next_steps", "ravi: organise 4 recon visits before end of month",
       "organise 4 recon visits"},
      {"next_steps", "i'll set up 2 exec meets for the board next wk", "set up 2 exec meets"},
      {"next_steps", "we run three proto builds on the new press by friday", "three proto builds"},
  };
  expect_steps_each(fx, in, sizeof in / sizeof in[0], 1);
  /* Dictated numbers that open steps still split them. */
  static const said_step split[] = {
      {"next_steps", "1 send the floor plan 2 book the crane", "book crane"},
      {"next_steps", "one email the rota two print the badges", "print badges"},
  };
  expect_steps_each(fx, split, sizeof split / sizeof split[0], 2);
}

/* Dictated list items lose the colon after their owner: a bullet line that
   opens with a known person's name, a title of address before it or not,
   is that person's step. A name that only reports owns nothing. */
static void test_titled_name_opens_list_item(void **state) {
  fixture *fx = *state;
  static const struct {
    const char *known;
    const char *text;
    const char *want;
  } in[] = {
      {"Farida Haddad",
       "- me send the floor plan by Friday\n- Ms Haddad confirm the delivery slots next week",
       "confirm delivery slots"},
      {"Chidi Okafor",
       "- dr. okafor the blood panel results by the 12th\n- me book the follow up clinic",
       "blood panel results"},
      {"Astrid Lindqvist",
       "- Mrs Lindqvist sign the lease renewal on Monday\n- I chase the insurer tomorrow",
       "sign lease renewal"},
      {"Kenji Tanaka",
       "- we ship the crates on the 3rd\n- mr tanaka the pallet counts by end of month",
       "pallet counts"},
  };
  for (size_t k = 0; k < sizeof in / sizeof in[0]; k++) {
    json_t *rec = json_pack("{s:{s:[{s:s}]}}", "attendees", "value", "name", in[k].known);
    json_t *u = fx_run_with(fx, fx->sales, rec, "next_steps", in[k].text);
    bool owned = false;
    size_t i;
    const json_t *it;
    json_array_foreach(fx_val(u, "next_steps"), i, it) {
      const char *a = json_string_value(json_object_get(it, "action"));
      const char *o = json_string_value(json_object_get(it, "owner"));
      owned |= a && o && strstr(a, in[k].want) && strcmp(o, in[k].known) == 0;
    }
    if (!owned || json_array_size(fx_val(u, "next_steps")) != 2)
      fail_msg("'%s': want '%s' owned by %s in %s", in[k].text, in[k].want, in[k].known,
               fx_dump(u, "next_steps"));
    json_decref(u);
    json_decref(rec);
  }
  /* Near misses: the titled name reports or wants, and owns no step. */
  static const struct {
    const char *known;
    const char *text;
  } out[] = {
      {"Kenji Tanaka", "- Mr Tanaka said the pallet counts look fine\n- me send the invoice"},
      {"Farida Haddad", "- Ms Haddad wants the slots earlier\n- I call the depot on Monday"},
  };
  for (size_t k = 0; k < sizeof out / sizeof out[0]; k++) {
    json_t *rec = json_pack("{s:{s:[{s:s}]}}", "attendees", "value", "name", out[k].known);
    json_t *u = fx_run_with(fx, fx->sales, rec, "next_steps", out[k].text);
    if (step_member_like(u, "owner", out[k].known, false))
      fail_msg("'%s': want no step of %s in %s", out[k].text, out[k].known,
               fx_dump(u, "next_steps"));
    json_decref(u);
    json_decref(rec);
  }
}

/* An owner tagged after a dash may carry a title of address, in any case,
   with or without its dot: the title and the name are the owner, and the
   title's dot ends neither the owner nor the list. */
static void test_titled_owner_after_dash(void **state) {
  fixture *fx = *state;
  static const said_member in[] = {
      {{"next_steps",
        "1. site survey - our field engineer mr. nkosi - by friday. 2. permit copies - ms. "
        "pillay - next week.",
        "permit copies"},
       "ms. pillay"},
      {{"next_steps",
        "1. site survey - our field engineer mr. nkosi - by friday. 2. permit copies - ms. "
        "pillay - next week.",
        "site survey"},
       "our field engineer mr. nkosi"},
      {{"next_steps", "1 spare parts list - Dr Haverkamp - within ten days 2 me the pricing sheet",
        "spare parts list"},
       "Dr Haverkamp"},
      {{"next_steps", "- calibration report - Mrs. Oyelaran - by the 14th\n- I book the lab visit",
        "calibration report"},
       "Mrs. Oyelaran"},
  };
  expect_members(fx, "owner", in, sizeof in / sizeof in[0]);
  /* Near misses: a title with no name after it, or a dash before a
     plain word, tags no owner. */
  static const said_step out[] = {
      {"next_steps", "send the revised drawings - mr. and then the quote", "send revised drawings"},
      {"next_steps", "book the venue - ms. on the 3rd", "book venue"},
  };
  for (size_t k = 0; k < sizeof out / sizeof out[0]; k++) {
    json_t *u = fx_run(fx, fx->sales, out[k].target, out[k].text);
    if (step_member_like(u, "owner", "ms.", true) || step_member_like(u, "owner", "mr.", true))
      fail_msg("'%s': want no titled owner in %s", out[k].text, fx_dump(u, "next_steps"));
    json_decref(u);
  }
}

/* Notes run on without stops: after a date, our role, and maybe the
   person's name, with a verb of their own ends the note before and opens
   the next one, which the person or the role owns. */
/* A note without a verb after a date, owned by our role and a name, opens
   a step of its own; "our" with no one, or with no date of its own, stays
   in the note before. */
static void test_our_role_verbless_note_after_date(void **state) {
  fixture *fx = *state;
  static const said_step in[] = {
      {"next_steps",
       "me the pricing sheet by monday our support lead tomas the access list to helga "
       "on wednesday",
       "access list"},
      {"next_steps", "me draft contract by the 5th our tech guy bruno the test plan by friday",
       "test plan"},
      {"next_steps", "me the demo deck tomorrow our trainer nadia course outline by the 12th",
       "course outline"},
      {"next_steps", "me updated quote by 3 oct our data team the import file thursday",
       "import file"},
  };
  expect_steps_each(fx, in, sizeof in / sizeof in[0], 2);
  static const said_step stay[] = {
      {"next_steps", "me the pricing sheet by monday our office move is in june", "pricing sheet"},
      {"next_steps", "me draft contract by the 5th our tech guy bruno is keen", "draft contract"},
      {"next_steps", "me the price list by monday our account manager was away until the 9th",
       "price list"},
  };
  expect_steps_each(fx, stay, sizeof stay / sizeof stay[0], 1);
  /* With a verb the step keeps its whole reading. */
  static const said_step verb[] = {
      {"next_steps",
       "I send the brochure by tuesday Our office lead Marta Wojcik rings Herr Lind "
       "on thursday",
       "rings Herr Lind"},
  };
  expect_steps_each(fx, verb, 1, 2);
}

static void test_our_role_after_date_opens_note(void **state) {
  fixture *fx = *state;
  static const said_step in[] = {
      {"next_steps",
       "I redraw the floor layout by thursday our surveyor Ilse goes out to measure the loft on "
       "the 14th",
       "measure loft"},
      {"next_steps",
       "Tariq sends the pallet counts tomorrow our planner Wendell will rebuild the route sheet "
       "by the 3rd",
       "rebuild route sheet"},
      {"next_steps",
       "i price the menu next week our head chef oskar runs a tasting for the board on the 22nd",
       "run tasting"},
      {"next_steps",
       "Beatriz signs the lease addendum by monday our site crew will book the crane lift before "
       "the 30th",
       "book crane lift"},
  };
  expect_steps_each(fx, in, sizeof in / sizeof in[0], 2);
  static const said_step first[] = {
      {"next_steps",
       "I redraw the floor layout by thursday our surveyor Ilse goes out to measure the loft on "
       "the 14th",
       "redraw floor layout"},
      {"next_steps",
       "Tariq sends the pallet counts tomorrow our planner Wendell will rebuild the route sheet "
       "by the 3rd",
       "send pallet counts"},
  };
  expect_steps(fx, first, sizeof first / sizeof first[0]);
  /* Near misses: "our" and a thing after the date is no one's step, and a
     role that only did something opens no step. */
  static const said_step one[] = {
      {"next_steps", "I send the quote by friday our usual discount applies to the spares",
       "quote"},
      {"next_steps", "Hamid books the venue next week our budget covers two nights", "venue"},
  };
  expect_steps_each(fx, one, sizeof one / sizeof one[0], 1);
}

/* A "none" that opens the answer and then a list of steps, one a line:
   the list is the answer, the "none" only plays it down. */
static void test_list_after_none_opener_holds_steps(void **state) {
  fixture *fx = *state;
  static const said_step in[] = {
      {"next_steps",
       "Not much:\n- me: post the revised rota to Delia by Friday\n- Delia: check the night "
       "cover with her agency",
       "check night cover"},
      {"next_steps",
       "Nothing big really.\n- Oren: book the crane for the second lift\n- me: chase the "
       "permit office next week",
       "chase permit office"},
      {"next_steps",
       "Nothing major, just:\n- Keziah signs off the menu costing by Tuesday\n- I ring the "
       "fish supplier about prices",
       "ring fish supplier"},
      {"next_steps",
       "None really:\n* our analyst Bram reruns the churn model\n* I send Bram the March "
       "extract tomorrow",
       "send Bram"},
  };
  expect_steps(fx, in, sizeof in / sizeof in[0]);
  /* Near misses: a "none" with no list after it gives no step. */
  static const said none[] = {
      {"next_steps", "Not much, they will mull it over."},
      {"next_steps", "Nothing yet."},
      {"next_steps", "None really, we wait for them - no date."},
  };
  expect_no_steps(fx, none, sizeof none / sizeof none[0]);
}

/* A look back over a period ("we went over last quarter's figures") is
   done already: no step, in passing or among the steps; and a review still
   to come keeps its period in the action, with its own date as the due. */
static void test_period_review_is_no_due(void **state) {
  fixture *fx = *state;
  static const said past[] = {
      {"meeting_outcome", "We went through the Q1 figures and the board liked the margin trend."},
      {"meeting_outcome",
       "so we ran through the quarter with Odile, churn is down and she is happy"},
      {"meeting_outcome", "We took them through their H2 numbers; no decision yet on the add-on."},
      {"meeting_outcome", "we sat down over last quarter's results, then talked about the rollout"},
  };
  expect_no_steps(fx, past, sizeof past / sizeof past[0]);
  static const said_step later[] = {
      {"next_steps",
       "We went over the Q2 dashboard together. I send Mirela the renewal quote by Friday",
       "renewal quote"},
      {"next_steps", "we'll go through the Q3 figures with Anouk next week", "Q3 figures"},
      {"next_steps", "Tobias will walk us through the Q4 pipeline report on the 12th",
       "Q4 pipeline report"},
      {"next_steps", "I'll review the last quarter's invoices with their controller by Thursday",
       "last quarter's invoices"},
  };
  expect_steps(fx, later, sizeof later / sizeof later[0]);
  for (size_t k = 0; k < sizeof later / sizeof later[0]; k++) {
    json_t *u = fx_run(fx, fx->sales, later[k].target, later[k].text);
    if (has_action(u, "went") || has_action(u, "over Q2"))
      fail_msg("'%s': a look back became a step: %s", later[k].text, fx_dump(u, "next_steps"));
    const json_t *v = fx_val(u, "next_steps");
    size_t i;
    const json_t *it;
    json_array_foreach(v, i, it) {
      const char *d = json_string_value(json_object_get(it, "due"));
      if (!d)
        fail_msg("'%s': want a due, got %s", later[k].text, fx_dump(u, "next_steps"));
    }
    json_decref(u);
  }
  /* Near misses: a quarter said as the deadline stays the due date. */
  static const said_step by[] = {
      {"next_steps", "Priya will send the signed order form by Q3 latest", "signed order form"},
      {"next_steps", "we'll finish the migration in Q2 hopefully", "finish migration"},
      {"next_steps", "Joost returns the redlined terms before the Q4 deadline", "redlined terms"},
      {"next_steps", "I file the grant report ahead of the Q1 close", "grant report"},
  };
  expect_steps(fx, by, sizeof by / sizeof by[0]);
  for (size_t k = 0; k < sizeof by / sizeof by[0]; k++) {
    json_t *u = fx_run(fx, fx->sales, by[k].target, by[k].text);
    if (!step_member_like(u, "due", "20", true))
      fail_msg("'%s': want the quarter as due, got %s", by[k].text, fx_dump(u, "next_steps"));
    json_decref(u);
  }
}

/* Two owners joined by a sign or "and" ("me + <name>", "<name> & me",
   "<name> + <name>"), said alone beside a step, own that step; they are no
   step of their own. Two things joined stay what they were. */
static void test_joint_owner_item_owns_step(void **state) {
  fixture *fx = *state;
  static const struct {
    const char *text;
    const char *host;  /* the step the owners belong to */
    const char *owner; /* its owner after */
    const char *gone;  /* the owners' item, which must be no step */
  } cases[] = {
      {"- me + bongani (our CSM): onboarding health check, week of aug 3",
       "onboarding health check", "me + bongani", "me + bongani"},
      {"- cold room survey: Ilka + Tobiah, in June\n- Wendell: send the floor plan by friday",
       "cold room survey", "Ilka + Tobiah", "Ilka + Tobiah"},
      {"- me: draft the lease summary by monday\n- vendor shortlist: Priyam & me, by the 20th",
       "vendor shortlist", "Priyam & me", "Priyam & me"},
      {"- me: tidy the CRM notes today\n- me + ottoline (our SE): firmware rollout plan, next week",
       "firmware rollout plan", "me + ottoline", "me + ottoline"},
      {"- quay lighting retrofit quote: Marisol + me, by the 14th", "quay lighting retrofit quote",
       "Marisol + me", "Marisol + me"},
  };
  for (size_t k = 0; k < sizeof cases / sizeof cases[0]; k++)
    expect_owned_not_step(fx, cases[k].text, cases[k].gone, cases[k].host, cases[k].owner);
  /* Near misses: two things or two verbs joined own nothing. */
  static const said_step stay[] = {
      {"next_steps", "- pricing + scope: revisit by friday", "pricing + scope"},
      {"next_steps",
       "- me: send the quote by friday\n- check + confirm: the delivery slots next week",
       "confirm"},
      {"next_steps", "- freight + storage: recheck the rates by monday", "freight + storage"},
  };
  expect_steps(fx, stay, sizeof stay / sizeof stay[0]);
  json_t *u = fx_run(fx, fx->sales, "next_steps", "- pricing + scope: revisit by friday");
  if (step_member_like(u, "owner", "pricing", true))
    fail_msg("'pricing + scope' owns no step in %s", fx_dump(u, "next_steps"));
  json_decref(u);
}

/* The speaker joined to a person, then a verb ("me and <name> send ...",
   "me + <name> check ..."): the step is theirs together. A report after
   the pair stays no step. */
static void test_me_and_name_then_verb_owns_step(void **state) {
  fixture *fx = *state;
  static const said_step in[] = {
      {"next_steps", "Me and Zainab send the revised scope by friday.", "send revised scope"},
      {"next_steps",
       "Wendell books the venue today, me and Priyanka check the seating plan on the 9th.",
       "check seating plan"},
      {"next_steps", "me + Joana send the renewal deck by the 20th.", "send renewal deck"},
      {"next_steps",
       "The logs come from Ingrid by monday and me & Rashida review the pump curves next week.",
       "review pump curves"},
  };
  static const char *const owners[] = {"me and Zainab", "me and Priyanka", "me and Joana",
                                       "me and Rashida"};
  for (size_t k = 0; k < sizeof in / sizeof in[0]; k++)
    expect_member(fx, &in[k], "owner", owners[k]);
  static const said no[] = {
      {"next_steps", "Me and Zainab thought the scope was thin."},
      {"next_steps", "me and Zainab were at the depot on the 3rd."},
  };
  expect_no_steps(fx, no, sizeof no / sizeof no[0]);
}

/* A step told again under another question once the next-steps answer is
   in the record: the same object on the same day, or our start of
   something within a whole month, recaps the plan and adds no step. */
static void test_recap_elsewhere_repeats_no_step(void **state) {
  fixture *fx = *state;
  json_t *rec = json_pack("{s:{s:[{s:s,s:s,s:s},{s:s,s:s,s:s}],s:f}}", "next_steps", "value",
                          "action", "mail the pricing quote", "owner", "me", "due", "2026-10-09",
                          "action", "send the security questionnaire", "owner", "Dana", "due",
                          "2026-10-09", "confidence", 0.85);
  static const said gone[] = {
      {"deal_stage", "We are mailing them the pricing quote on Friday."},
      {"meeting_outcome", "They liked it and we begin the rollout in November."},
      {"meeting_outcome", "it went well, we start the training in december"},
      {"objections", "Dana is sending the security questionnaire on Friday, that was their worry."},
  };
  for (size_t k = 0; k < sizeof gone / sizeof gone[0]; k++) {
    json_t *u = fx_run_with(fx, fx->sales, rec, gone[k].target, gone[k].text);
    if (fx_val(u, "next_steps"))
      fail_msg("'%s': want no step, got %s", gone[k].text, fx_dump(u, "next_steps"));
    json_decref(u);
  }
  /* Near misses: another object on that day, a named owner's start, and
     no next steps recorded yet. */
  static const said_step stay[] = {
      {"deal_stage", "We are mailing them the signed contract on Friday.", "contract"},
      {"meeting_outcome", "They liked it and Dana starts the rollout in November.", "rollout"},
  };
  for (size_t k = 0; k < sizeof stay / sizeof stay[0]; k++) {
    json_t *u = fx_run_with(fx, fx->sales, rec, stay[k].target, stay[k].text);
    if (!has_action(u, stay[k].want))
      fail_msg("'%s': want a step with '%s', got %s", stay[k].text, stay[k].want,
               fx_dump(u, "next_steps"));
    json_decref(u);
  }
  json_decref(rec);
  static const said_step alone[] = {
      {"meeting_outcome", "They liked it and we begin the rollout in November.", "rollout"},
  };
  expect_steps(fx, alone, 1);
}

/* A step opened by "my", a role and a person's name, then a verb ("my
   manager Lotte calls Dana"): the name owns the step, as after "our". */
static void test_my_role_name_verb_owns_step(void **state) {
  fixture *fx = *state;
  static const said_member in[] = {
      {{"next_steps", "I send the draft by monday. my manager Lotte calls Dana re the terms friday",
        "call"},
       "Lotte"},
      {{"next_steps",
        "me: pricing sheet by tue. my sales lead Arjun signs the order form next week", "sign"},
       "Arjun"},
      {{"next_steps",
        "I book the venue by the 4th. My account manager Nadia drafts the agenda by the 8th",
        "draft"},
       "Nadia"},
      {{"next_steps",
        "we ship the kit on the 2nd. my mgr Hollis reviews the contract before the 12th", "review"},
       "Hollis"},
  };
  expect_members_each(fx, "owner", in, sizeof in / sizeof in[0], 2);
  /* My role with a view, or a name with no verb after it, opens no step. */
  static const said_step stay[] = {
      {"next_steps", "I send the draft by monday. my manager Lotte was happy with the terms",
       "send draft"},
      {"next_steps", "I send the draft by monday. my manager feels we should drop the price",
       "send draft"},
      {"next_steps", "I send the draft by monday. my notes Lotte says are fine", "send draft"},
  };
  expect_steps_each(fx, stay, sizeof stay / sizeof stay[0], 1);
}

/* A heading over a list ("Next steps:", "Agreed actions:", "Open items:")
   names what follows: its first word owns no step and the heading is no step
   of its own; the items under it keep their owners. A name over its own
   item stays an owner. */
static void test_list_heading_is_no_step(void **state) {
  fixture *fx = *state;
  static const said_member items[] = {
      {{"next_steps", "Next steps:\n1. Me - pricing sheet by Friday\n2. Tomasz - floor plan",
        "pricing sheet"},
       "me"},
      {{"next_steps", "Agreed actions:\n1. Me - draft the SOW by 3 March\n2. Lena - confirm budget",
        "SOW"},
       "me"},
      {{"next_steps", "Open items:\n- Me - revised quote by Monday\n- Ilse - the site plans",
        "revised quote"},
       "me"},
      {{"next_steps", "Key actions:\n1. Me - book the demo room\n2. Ravi - send the logs",
        "demo room"},
       "me"},
  };
  expect_members_each(fx, "owner", items, sizeof items / sizeof items[0], 2);
  static const char *const heads[] = {"Next", "Agreed", "Open", "Key"};
  for (size_t k = 0; k < sizeof items / sizeof items[0]; k++) {
    json_t *u = fx_run(fx, fx->sales, "next_steps", items[k].step.text);
    if (step_member_like(u, "owner", heads[k], false))
      fail_msg("the heading owns a step: %s", fx_dump(u, "next_steps"));
    json_decref(u);
  }
  /* A name with a colon over its item, or a name and its verb, owns it. */
  static const said_member named[] = {
      {{"next_steps", "Mark: call the CFO on Monday\nMe: send the deck by Friday", "call"}, "Mark"},
      {{"next_steps", "Halvard sends the signed form by Friday", "send"}, "Halvard"},
  };
  expect_members(fx, "owner", named, sizeof named / sizeof named[0]);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_steps_announced_without_colon),
      cmocka_unit_test(test_list_heading_is_no_step),
      cmocka_unit_test(test_past_dated_clause_claims_no_step),
      cmocka_unit_test(test_decision_in_passing_is_no_step),
      cmocka_unit_test(test_customer_plan_in_passing_is_no_step),
      cmocka_unit_test(test_steps_in_passing_stay),
      cmocka_unit_test(test_owner_only_item_is_no_step),
      cmocka_unit_test(test_back_reference_joins_step_before),
      cmocka_unit_test(test_repeated_object_piece_is_no_step),
      cmocka_unit_test(test_number_before_noun_is_no_due_date),
      cmocka_unit_test(test_lower_day_may_is_due),
      cmocka_unit_test(test_team_owner_before_bare_verb),
      cmocka_unit_test(test_thats_aside_is_no_step),
      cmocka_unit_test(test_and_verb_after_undated_step_is_same_step),
      cmocka_unit_test(test_lower_name_and_progressive_owns_step),
      cmocka_unit_test(test_their_thing_is_no_owner),
      cmocka_unit_test(test_run_on_after_verbless_dated_step),
      cmocka_unit_test(test_run_on_owner_with_task_verb),
      cmocka_unit_test(test_run_on_name_with_unlisted_verb),
      cmocka_unit_test(test_dash_owner_then_next_step),
      cmocka_unit_test(test_verbless_dated_step_before_bracketed_aside),
      cmocka_unit_test(test_name_beyond_ascii_owns_step),
      cmocka_unit_test(test_me_plus_note_after_date),
      cmocka_unit_test(test_me_opens_note_without_colon),
      cmocka_unit_test(test_name_after_date_opens_next_note),
      cmocka_unit_test(test_step_after_date_ends_note_before),
      cmocka_unit_test(test_purpose_clause_is_no_step),
      cmocka_unit_test(test_department_to_verb_mid_sentence),
      cmocka_unit_test(test_numbers_without_stops_split_steps),
      cmocka_unit_test(test_date_before_owner_is_its_due),
      cmocka_unit_test(test_department_alone_owns_step),
      cmocka_unit_test(test_closing_remark_is_no_step),
      cmocka_unit_test(test_step_taken_back_goes_to_next_owner),
      cmocka_unit_test(test_name_then_role_owns_step),
      cmocka_unit_test(test_date_corrected_in_step_is_last),
      cmocka_unit_test(test_opinion_is_no_step),
      cmocka_unit_test(test_department_phrasal_verb_owns_step),
      cmocka_unit_test(test_day_after_counts_from_day_before),
      cmocka_unit_test(test_run_on_team_with_any_verb),
      cmocka_unit_test(test_run_on_team_acronym_bracket_plural),
      cmocka_unit_test(test_run_on_name_from_side_or_team),
      cmocka_unit_test(test_verbless_step_after_date_runs_on),
      cmocka_unit_test(test_name_with_role_opens_list_item),
      cmocka_unit_test(test_owner_tail_after_action),
      cmocka_unit_test(test_telling_words_leave_action),
      cmocka_unit_test(test_line_owner_without_colon),
      cmocka_unit_test(test_known_surname_opens_note),
      cmocka_unit_test(test_unknown_name_and_verb_opens_note),
      cmocka_unit_test(test_dated_things_run_on),
      cmocka_unit_test(test_recap_elsewhere_repeats_no_step),
      cmocka_unit_test(test_arranging_pronoun_owns_step_beside),
      cmocka_unit_test(test_joined_plural_noun_is_no_owner),
      cmocka_unit_test(test_acronym_before_plural_is_no_owner),
      cmocka_unit_test(test_run_on_role_name_bare_verb),
      cmocka_unit_test(test_full_name_before_colon_owns_item),
      cmocka_unit_test(test_line_ending_with_me_has_no_opening_owner),
      cmocka_unit_test(test_count_after_verb_is_object),
      cmocka_unit_test(test_titled_name_opens_list_item),
      cmocka_unit_test(test_titled_owner_after_dash),
      cmocka_unit_test(test_our_role_after_date_opens_note),
      cmocka_unit_test(test_our_role_verbless_note_after_date),
      cmocka_unit_test(test_list_after_none_opener_holds_steps),
      cmocka_unit_test(test_period_review_is_no_due),
      cmocka_unit_test(test_joint_owner_item_owns_step),
      cmocka_unit_test(test_me_and_name_then_verb_owns_step),
      cmocka_unit_test(test_my_role_name_verb_owns_step),
  };
  return cmocka_run_group_tests(tests, fx_setup, fx_teardown);
}
