/*
 * test_clause_list.c - tests for server/engine/rules/clause_list.c: short
 * clauses in the person's words (objections, needs, duties, challenges).
 */
#include "fixture.h"

/* One answer and a word an item of the list must hold (wanted) or that no
   item may hold. */
typedef struct said_case {
  const char *text;
  const char *word;
  bool wanted; /* false: a near miss that must stay out */
} said_case;

/* Does some string item of v hold word (case-insensitive)? */
static bool item_holds(const json_t *v, const char *word) {
  size_t i;
  const json_t *it;
  json_array_foreach(v, i, it) {
    if (json_is_string(it) && strcasestr(json_string_value(it), word))
      return true;
  }
  return false;
}

/* Is the objections list read from c's answer, given to the question of
   field asked, right about c's word? Prints what was read when it is not. */
static bool objection_read_right(fixture *fx, const char *asked, const said_case *c) {
  json_t *u = fx_run(fx, fx->sales, asked, c->text);
  bool right = item_holds(fx_val(u, "objections"), c->word) == c->wanted;
  if (!right)
    print_error("'%s': '%s' %s in %s\n", c->text, c->word, c->wanted ? "wanted" : "unwanted",
                fx_dump(u, "objections"));
  json_decref(u);
  return right;
}

/* An answer that opens with a bare none ("none really", "not much") and
   then tells of a concern after all, in the next clause or sentence: the
   concern is the item, the none is no item. */
static const said_case k_none_then_concern[] = {
    {"None really. The warehouse lead was a bit annoyed about the label printer jams.",
     "label printer", true},
    {"none left honestly, back in spring it was the licence cost but we sorted that",
     "licence cost", true},
    {"Not much. Their finance head still finds the onboarding fee steep.", "onboarding fee", true},
    {"nothing now really. earlier the clinic manager worried about the rota export", "rota export",
     true},
    {"None really. The warehouse lead was a bit annoyed about the label printer jams.", "none",
     false},
    /* A longer opening "no ..." is a concern of its own, not a none. */
    {"no depot near their sites, that sank it. cost wasnt the problem", "cost", false},
    /* A none with nothing after it stays empty. */
    {"None really, it went smoothly.", "smoothly", false},
    {"nope nothing at all, they signed the same day", "signed", false},
};

/* Checks each of n answers, given to the question of field asked. */
static void check_objections(fixture *fx, const char *asked, const said_case *said, size_t n) {
  size_t right = 0;
  for (size_t k = 0; k < n; k++)
    right += objection_read_right(fx, asked, &said[k]);
  assert_int_equal(right, n);
}

static void test_objections_none_then_concern(void **state) {
  check_objections(*state, "objections", k_none_then_concern,
                   sizeof k_none_then_concern / sizeof k_none_then_concern[0]);
}

/* Asked another question (the budget), a concern said in passing with a
   cue and a word that calls it too much ("a stretch", "steep") is an
   objection; a cue said as a plain fact is none. */
static const said_case k_stretch_in_passing[] = {
    {"Cost per seat is a stretch for them. Legal nervous about auto-renewal.", "cost per seat",
     true},
    {"the monthly cost a bit of a stretch honestly", "monthly cost", true},
    {"Pricing feels steep to the ops director.", "pricing", true},
    {"their pricing pretty steep for a school that size", "pricing", true},
    {"Pricing is forty pounds per seat a month.", "pricing", false},
    {"They stretch every pound, around 9k set aside.", "stretch", false},
};

static void test_objections_stretch_in_passing(void **state) {
  check_objections(*state, "budget", k_stretch_in_passing,
                   sizeof k_stretch_in_passing / sizeof k_stretch_in_passing[0]);
}

/* Is field's list read from c's answer to the question of that field
   right about c's word? Prints what was read when it is not. */
static bool list_read_right(fixture *fx, const dbf_template *tpl, const char *field,
                            const said_case *c) {
  json_t *u = fx_run(fx, tpl, field, c->text);
  bool right = item_holds(fx_val(u, field), c->word) == c->wanted;
  if (!right)
    print_error("'%s': '%s' %s in %s\n", c->text, c->word, c->wanted ? "wanted" : "unwanted",
                fx_dump(u, field));
  json_decref(u);
  return right;
}

static void check_list(fixture *fx, const dbf_template *tpl, const char *field,
                       const said_case *said, size_t n) {
  size_t right = 0;
  for (size_t k = 0; k < n; k++)
    right += list_read_right(fx, tpl, field, &said[k]);
  assert_int_equal(right, n);
}

/* Dictated with no mark at all, concerns run into one long clause: each is
   kept, cut where a capital a full stop lost opens the next ("... the
   install window Dmitri asked ..."), at "also" or "plus", at a "+" or an
   item letter ("(b)"). A tool's or a vendor's name written with a capital
   and a short clause with a capital in it are not cut. */
static const said_case k_dictated_objections[] = {
    {"The subscription fee looks heavy next to what the old vendor charged Dmitri asked if the "
     "install window can avoid the busy weekend Connectivity in the basement archive is patchy",
     "connectivity in the basement", true},
    {"The subscription fee looks heavy next to what the old vendor charged Dmitri asked if the "
     "install window can avoid the busy weekend Connectivity in the basement archive is patchy",
     "install window", true},
    {"their board thinks a three year term is too long for a pilot of this size at one depot "
     "plus the drivers hate typing on small screens while wearing gloves in winter",
     "drivers hate typing", true},
    {"security review will take months at a bank this conservative and the legal team wants "
     "changes to liability caps + nobody there has run a rollout across all branches before",
     "nobody there has run a rollout", true},
    {"(a) the fixed monthly charge clashes with how the parish funds repairs every year (b) the "
     "caretaker doubts the sensors survive damp cellars (c) Helga wants the data kept inside "
     "Austria",
     "sensors survive damp cellars", true},
    {"(a) the fixed monthly charge clashes with how the parish funds repairs every year (b) the "
     "caretaker doubts the sensors survive damp cellars (c) Helga wants the data kept inside "
     "Austria",
     "(b)", false},
    /* Near misses: a vendor's or a tool's name is no start of a concern,
       and a clause short enough to be one concern stays whole. */
    {"they worry that moving every ledger off their self-hosted Salesforce instance into a new "
     "system will stall the quarter close and leave the finance team without reports for weeks",
     "self-hosted Salesforce instance", true},
    {"Tomasz felt the onboarding plan was thin Overall fine", "onboarding plan", true},
};

static void test_objections_dictated_run(void **state) {
  fixture *fx = *state;
  check_list(fx, fx->sales, "objections", k_dictated_objections,
             sizeof k_dictated_objections / sizeof k_dictated_objections[0]);
}

/* The same run of needs, dictated: each need kept. */
static const said_case k_dictated_needs[] = {
    {"they need one calendar for every pitch and court across the three leisure sites Also the "
     "front desk wants members to book classes from their phones without calling in",
     "book classes from their phones", true},
    {"a single view of stock across the warehouses because pickers keep walking to empty bins "
     "Returns have to be logged at the counter instead of on paper slips that get lost",
     "returns have to be logged", true},
    {"cold room temperatures alerted to the duty manager at night and also the audit trail for "
     "the food inspectors printed per week without anyone retyping the logbook",
     "audit trail for the food inspectors", true},
    {"they want fewer missed calls at the switchboard during the morning rush Priya needs the "
     "callback list sorted by urgency so nurses phone the sickest patients first",
     "callback list sorted by urgency", true},
};

static void test_needs_dictated_run(void **state) {
  fixture *fx = *state;
  check_list(fx, fx->sales, "customer_needs", k_dictated_needs,
             sizeof k_dictated_needs / sizeof k_dictated_needs[0]);
}

/* Dictated in lower case with no mark, needs told one after another each
   by its own subject and a verb of need run into one clause too long to be
   one: each is kept, cut before "they", "she" or "he" after a word of
   content or a join, or before a noun after a join or a determiner. */
static const said_case k_spoken_need_runs[] = {
    {"they want to see which freezer is drifting before the stock spoils not just one alarm "
     "for the whole store they need the temperature logs kept for the health inspector and "
     "the duty manager wants a text at night",
     "temperature logs kept for the health inspector", true},
    {"they want to see which freezer is drifting before the stock spoils not just one alarm "
     "for the whole store they need the temperature logs kept for the health inspector and "
     "the duty manager wants a text at night",
     "text at night", true},
    {"she needs proof of delivery photos on every drop because customers dispute half the "
     "missed parcels then he wants the routes planned the night before instead of at six in "
     "the morning",
     "routes planned the night before", true},
    {"the teachers want the timetable changes pushed to their phones so nobody turns up to an "
     "empty room the parents want one login for the lunch money and the school trips",
     "one login for the lunch money", true},
    {"they need the irrigation valves opened from a phone when the pump house is an hour away "
     "by truck they want alerts when the tank drops below a quarter and the vet wants the herd "
     "records in one place",
     "alerts when the tank drops below a quarter", true},
    {"they need the irrigation valves opened from a phone when the pump house is an hour away "
     "by truck they want alerts when the tank drops below a quarter and the vet wants the herd "
     "records in one place",
     "irrigation valves opened from a phone", true},
    /* Near misses: a verb of need that ends a clause of its own ("the
       parts they need for") or follows "what" opens no new need. */
    {"they want the spare parts they need for the older presses kept at the local depot so a "
     "breakdown never waits for a courier then the stores clerk wants reorder points per "
     "machine",
     "spare parts they need for the older presses", true},
    {"they want the spare parts they need for the older presses kept at the local depot so a "
     "breakdown never waits for a courier then the stores clerk wants reorder points per "
     "machine",
     "reorder points per machine", true},
    {"the clinic staff said what they need most is a single screen for every booking across "
     "the four sites then the practice manager wants the recall letters sent by text",
     "what they need most is a single screen", true},
    {"the clinic staff said what they need most is a single screen for every booking across "
     "the four sites then the practice manager wants the recall letters sent by text",
     "recall letters sent by text", true},
};

static void test_needs_spoken_need_runs(void **state) {
  fixture *fx = *state;
  check_list(fx, fx->sales, "customer_needs", k_spoken_need_runs,
             sizeof k_spoken_need_runs / sizeof k_spoken_need_runs[0]);
}

/* Achievements dictated one after another, each opened by a verb a full
   stop lost its place before. */
static const said_case k_dictated_achievements[] = {
    {"Redesigned the night shift handover so no patient notes went missing for a whole year "
     "Trained eleven new healthcare assistants on the hoist and the falls checklist",
     "trained eleven", true},
    {"set up the first tasting menu the restaurant ever had and it sold out most weekends "
     "Wrote the allergen matrix that the council inspector later held up as a model",
     "allergen matrix", true},
    {"Negotiated a bulk deal on resin with two suppliers that cut the cost per unit by a fifth "
     "Built a small jig for the drill press that halved the setup time on every batch",
     "jig for the drill press", true},
    {"Catalogued the whole herbarium backlog of twelve thousand sheets over two winters "
     "Presented our pollinator survey at the regional ecology meeting in front of the ministry",
     "pollinator survey", true},
    /* A near miss: a tool's name after a word of content starts no item. */
    {"moved the entire booking flow from spreadsheets onto shared Airtable bases so every front "
     "desk across the four hostels saw the same beds in real time",
     "shared Airtable bases", true},
};

static void test_achievements_dictated_run(void **state) {
  fixture *fx = *state;
  check_list(fx, fx->work, "achievements", k_dictated_achievements,
             sizeof k_dictated_achievements / sizeof k_dictated_achievements[0]);
}

/* Items numbered 1, 2, 3 whose marks were lost ("1 the rent 2 the
   parking"), items after an honorific and a name, and "also" after an
   object pronoun each open a new item. A number inside an item that breaks
   the count opens none. */
static const said_case k_numbered_needs[] = {
    {"1 a rota that nurses can swap shifts on from home 2 fewer agency hours on weekends 3 one "
     "screen that shows which wards are short before the night begins",
     "fewer agency hours", true},
    {"1 a rota that nurses can swap shifts on from home 2 fewer agency hours on weekends 3 one "
     "screen that shows which wards are short before the night begins",
     "2 fewer", false},
    {"1 track every pallet from the quay to the cold store 2 print customs papers without typing "
     "them twice 3 warn the foreman when a reefer unit warms up past four degrees",
     "print customs papers", true},
    {"1 stop the double bookings of the big hall 2 let the choir leaders reserve rooms from their "
     "phones 3 send the caretaker one list each morning of what to unlock",
     "caretaker one list", true},
    {"1 loyalty points that work in every branch with 3 kinds of rewards 2 a till that keeps "
     "selling when the line drops 3 weekly stock counts done by scanner",
     "loyalty points that work in every branch with 3 kinds", true},
};

static void test_needs_numbered_run(void **state) {
  fixture *fx = *state;
  check_list(fx, fx->sales, "customer_needs", k_numbered_needs,
             sizeof k_numbered_needs / sizeof k_numbered_needs[0]);
}

static const said_case k_honorific_objections[] = {
    {"the head chef finds the new tablets far too fragile to keep next to the fryers all day Ms "
     "Adeyemi wonders whether the supplier portal even opens on older phones",
     "supplier portal", true},
    {"the cost of the extra gateways came up twice during the campus visit with the estates team "
     "Prof Lindqvist fears students will ignore yet another app",
     "students will ignore", true},
    {"the drivers find the handheld scanners heavy and slow in the cold mornings at the depot and "
     "dislike them also fear the tracking will be used against them in reviews",
     "tracking will be used", true},
    {"the finance lead sees the setup fee as money thrown away on a project this small and "
     "questions it also wonders why support costs extra after the first year",
     "support costs extra", true},
    {"Mrs Okonkwo doubted the pumps could report from the far paddocks in the rainy months Dr "
     "Brandt questioned whether the herd data would ever leave the province",
     "herd data", true},
    {"Mr Haas thinks the yearly licence is out of line with the modest budget of the guild Frau "
     "Keller asked who answers the phone when the tills freeze on a Saturday",
     "tills freeze", true},
    {"the training load worries the charge nurses who are stretched thin as it is and the "
     "rollout before winter scares them also the ward clerks fear losing the paper diary",
     "ward clerks fear", true},
    {"the estate manager finds the sensors ugly on listed walls and thinks the heritage officer "
     "will refuse them also the insurer wants proof the alarms reach a person",
     "alarms reach a person", true},
};

static void test_objections_honorific_and_also(void **state) {
  fixture *fx = *state;
  check_list(fx, fx->sales, "objections", k_honorific_objections,
             sizeof k_honorific_objections / sizeof k_honorific_objections[0]);
}

/* Deeds said one after another in lower case with no marks, each opened
   by a verb in -ed; a passive ("was moved by") or a describing word in
   -ed ("cloud based") opens none, nor does a noun in -ing after an
   adjective ("early warning"). */
static const said_case k_dictated_deeds[] = {
    {"reorganised the spare parts store so the night crew could find filters in the dark without "
     "help trained four apprentices on the lathe and the mill over two winters",
     "trained four apprentices", true},
    {"the quarterly food bank drive doubled its donations after i moved it to the car park of the "
     "supermarket recruited thirty volunteers from the rugby club to sort the tins",
     "recruited thirty", true},
    {"rewired the whole sound desk for the touring show in under a week with no budget left "
     "convinced the venue to lend us their spare amplifiers for the rest of the run",
     "convinced the venue", true},
    {"cut the waiting list for hearing tests from five months to seven weeks at the town clinic "
     "and opened a saturday session run by two trainee audiologists from the college",
     "opened a saturday session", true},
    {"rolled out an early warning text for the river farms whenever the gauges upstream rose past "
     "the mark after the floods of the spring before",
     "early warning text", true},
    {"the whole rota was moved by the regional office to a cloud based planner that nobody on the "
     "ward had asked for and it took months to settle",
     "cloud based planner", true},
};

static void test_achievements_dictated_deeds(void **state) {
  fixture *fx = *state;
  check_list(fx, fx->work, "achievements", k_dictated_deeds,
             sizeof k_dictated_deeds / sizeof k_dictated_deeds[0]);
}

/* A figure said in words keeps the words and gets its digits after it,
   a share its percent sign and a year said in two pairs its four digits;
   a lone word below ten, a number joined on by a hyphen, one that opens
   with "a" and one in a capitalized name stay as said. */
static const said_case k_figures_needs[] = {
    {"they want the freezer alarms to reach a supervisor within fifteen minutes of a door left "
     "open",
     "fifteen (15) minutes", true},
    {"bring the scrap on the stamping presses down to under twelve percent by the autumn",
     "twelve percent (12%)", true},
    {"one roster covering two hundred and forty drivers across the northern depots", "(240)", true},
    {"every building permit signed off digitally by twenty twenty seven", "(2027)", true},
    {"a portal where the three thousand and fifty tenants report repairs without phoning",
     "(3,050)", true},
    {"they need one login for the two clinics and the mobile van", "(2)", false},
    {"they need one login for the two clinics and the mobile van", "two clinics", true},
    {"a twelve-month contract so the board can see results before renewing", "(12)", false},
    {"they want a hundred percent of the invoices matched automatically", "(100", false},
    {"cover the fifty (50) branch tills with one support contract", "(50) (50)", false},
};

static void test_needs_figures_in_words(void **state) {
  fixture *fx = *state;
  check_list(fx, fx->sales, "customer_needs", k_figures_needs,
             sizeof k_figures_needs / sizeof k_figures_needs[0]);
}

static const said_case k_figures_objections[] = {
    {"the licence at ninety euros a seat is well above what the old supplier charged", "(90)",
     true},
    {"Olga is worried that forty five days of onboarding will eat the whole quarter", "(45)", true},
    {"the mill manager thinks a rise of eight percent on renewal is too steep", "(8%)", true},
    {"they doubt the gateways survive minus thirty on the loading dock", "minus thirty (30)", true},
    {"the Seven Hills trust board is uneasy about the data leaving the region", "(7)", false},
    {"the two site leads worry about losing a whole shift to training", "(2)", false},
};

static void test_objections_figures_in_words(void **state) {
  fixture *fx = *state;
  check_list(fx, fx->sales, "objections", k_figures_objections,
             sizeof k_figures_objections / sizeof k_figures_objections[0]);
}

/* Dictated with no stops, a run of needs or concerns that no capital,
   join or subject cuts: each is kept, cut at a dash between words, after a
   bracket closed after a whole item, or among needs before a verb of need
   said with no subject after a word of content. */
static const said_case k_marked_needs[] = {
    {"one stock count for the bakery and both cafes (they count on paper every sunday night) "
     "allergen labels printed from the recipe so nobody copies them by hand anymore",
     "allergen labels printed from the recipe", true},
    {"one stock count for the bakery and both cafes (they count on paper every sunday night) "
     "allergen labels printed from the recipe so nobody copies them by hand anymore",
     "one stock count for the bakery", true},
    {"tracking every pallet from the quay to the cold store - the inspectors ask for the "
     "temperature log per container and today it takes two clerks a full day to dig it out",
     "tracking every pallet from the quay", true},
    {"their patients wait weeks for a physio slot at the two rural clinics want online booking "
     "that shows every free slot across the group with reminders sent the day before each visit",
     "online booking that shows every free slot", true},
    {"the grading is done by eye on the sorting belt and buyers reject whole lots for mixed "
     "sizes needs a camera count per crate that the buyers can see online",
     "camera count per crate", true},
    /* Near misses: a verb of need before "for" ends a clause of its own,
       and a short need with a dash in it stays whole. */
    {"the spare cutting blades the fitters need for the older presses run out every month (the "
     "supplier is two hours away) a stock screen per workshop showing what is left on each shelf",
     "the fitters need for the older presses", true},
    {"pallet labels - printed at the dock door not in the office", "pallet labels - printed", true},
    /* An aside in brackets early in a need is no end of one. */
    {"the drivers (mostly agency staff on short contracts) lose the paper run sheets every week "
     "so every drop signed on a handheld with a photo sent straight back to the yard would help",
     "drivers (mostly agency", false},
};

static void test_needs_marked_item_ends(void **state) {
  fixture *fx = *state;
  check_list(fx, fx->sales, "customer_needs", k_marked_needs,
             sizeof k_marked_needs / sizeof k_marked_needs[0]);
}

static const said_case k_marked_objections[] = {
    {"the setup fee looks high for a club this size - the treasurer doubts the members will pay "
     "a yearly licence on top of the pitch hire they already charge",
     "treasurer doubts the members", true},
    {"two of their sites sit in a valley with no mobile signal at all (the previous vendor's "
     "tablets never synced up there) their ops lead thinks drivers will not type on a phone "
     "while wearing gloves",
     "drivers will not type on a phone", true},
    {"two of their sites sit in a valley with no mobile signal at all (the previous vendor's "
     "tablets never synced up there) their ops lead thinks drivers will not type on a phone "
     "while wearing gloves",
     "no mobile signal at all", true},
    /* An en dash typed between spaces ends an item too (the clause is
       cut there), and stays in neither part. */
    {"the licence per handheld is steep for a fleet of forty vans \xe2\x80\x93 their finance "
     "lead expects the saving on paper to take two full years to show up",
     "finance lead expects the saving", true},
    {"the licence per handheld is steep for a fleet of forty vans \xe2\x80\x93 their finance "
     "lead expects the saving on paper to take two full years to show up",
     "\xe2\x80\x93", false},
    /* Near miss: a short concern with a dash in it stays whole. */
    {"onboarding - two weeks feels long to them", "onboarding - two weeks", true},
};

static void test_objections_marked_item_ends(void **state) {
  fixture *fx = *state;
  check_list(fx, fx->sales, "objections", k_marked_objections,
             sizeof k_marked_objections / sizeof k_marked_objections[0]);
}

/* A concern filed under a bare topic word the person marks as one, by a
   colon after it or a word that singles it out, before what it means:
   the topic is kept. A name before a colon, a word of mood and a filler
   are no topic. */
static const said_case k_topic_labels[] = {
    {"- uptime: the plant manager recalls two outages with the old portal\n- the training plan "
     "looked thin to the shift leads",
     "uptime", true},
    {"mostly noise, the night nurses doubt the pumps stay quiet enough on the ward", "noise", true},
    {"Insurance mainly, their broker thinks cover for drones over crowds costs a fortune.",
     "insurance", true},
    {"the contract length felt long to them. also translations, nobody checked the Welsh screens",
     "translations", true},
    {"Warranty: they expect five years on the compressors, we offer three.", "warranty", true},
    /* Near misses. */
    {"Priyanka: the rollout window clashes with their audit season", "priyanka", false},
    {"mostly fine, the finance lead only asked how renewals are invoiced", "fine", false},
    {"Honestly, the import of old tickets worries their helpdesk lead.", "honestly", false},
    {"Overall, the freight rates seemed steep to the buyer.", "overall", false},
};

static void test_objections_topic_labels(void **state) {
  fixture *fx = *state;
  check_list(fx, fx->sales, "objections", k_topic_labels,
             sizeof k_topic_labels / sizeof k_topic_labels[0]);
}

/* A bare topic said as a sentence of its own ("Latency. The screens lag
   ..."), or a bare noun joined by "and" to the concern before it, is a
   concern of its own. A number, a word of mood, a filler and a name of a
   vendor said alone are none. */
static const said_case k_bare_topics[] = {
    {"Latency. The dashboards lag by a minute on the shop floor.", "latency", true},
    {"hosting. everything has to stay in their Frankfurt region", "hosting", true},
    {"Insurance. Their broker doubts the cover extends to night flights. And the seat price.",
     "insurance", true},
    {"Noise. The ward sisters think the pumps hum too loud at night.", "noise", true},
    {"nervous about vendor lock-in, and support", "support", true},
    {"The hospital worried about the data export, and training", "training", true},
    {"they doubt the pallet scanners hold up in the cold store, and connectivity", "connectivity",
     true},
    {"concerned about how long onboarding takes, and licensing", "licensing", true},
    /* Near misses. */
    {"Three. The fee, the rollout and the warranty.", "three", false},
    {"Fine. The only doubt was the invoice layout.", "fine", false},
    {"Honestly. Nobody liked the contract length.", "honestly", false},
    {"worried about the renewal price, and basically that was it", "basically", false},
};

static void test_objections_bare_topics(void **state) {
  fixture *fx = *state;
  check_list(fx, fx->sales, "objections", k_bare_topics,
             sizeof k_bare_topics / sizeof k_bare_topics[0]);
}

/* A frame that only points at the concern ("the main thing they pushed
   back on was ...", "what worried them most is that ...") is no part of
   the item; a topic set off by a dash, a colon or a bracket before a
   lead-in ("connectivity - they need ...") stays with it. A frame with a
   topic of its own stays whole. */
static const said_case k_frames_and_marked_topics[] = {
    {"the main thing they pushed back on was the onboarding fee", "pushed back", false},
    {"the main thing they pushed back on was the onboarding fee", "onboarding fee", true},
    {"What bugged them most was that the tablets need charging mid shift", "what", false},
    {"what worried them most is that the app drains phone batteries", "app drains", true},
    {"The biggest concern they had was how long the ledger migration takes.", "concern", false},
    {"their real issue was the exit clause in year two", "exit clause", true},
    {"Connectivity stuff - they need it to run on a weak signal out at the quarry.", "connectivity",
     true},
    {"the rollout plan (they want every depot live by May) + the exit clause", "rollout plan",
     true},
    {"Data residency: they want backups kept in Ireland.", "residency", true},
    {"Warranty terms \u2013 they want five years on every compressor.", "warranty", true},
    /* Near misses: a frame with a topic of its own, a name before a mark. */
    {"the problem with the mobile app is it crashes offline", "mobile app", true},
    {"Priyanka: they want the rollout after the audit season", "priyanka", false},
};

static void test_objections_frames_and_marked_topics(void **state) {
  fixture *fx = *state;
  check_list(fx, fx->sales, "objections", k_frames_and_marked_topics,
             sizeof k_frames_and_marked_topics / sizeof k_frames_and_marked_topics[0]);
}

/* A bare "needs" or "wants" right after whose need it is ("the union needs
   to see it", "legal wants a redline") keeps that word in the item; a
   person named by first name or a pronoun before it is no part of it. */
static const said_case k_subject_of_need[] = {
    {"the warehouse union needs to sign off on the scanners", "union", true},
    {"procurement wants three quotes before anything is signed", "procurement", true},
    {"Their auditors need a full access log per user", "auditors", true},
    {"the night shift wants the alarms on their pagers, not on a screen", "night shift", true},
    /* A one-letter word opening the answer before "needs" (read before
       the buffer once). */
    {"Q needs a redline before signing", "redline", true},
    /* Near misses. */
    {"Sarah needs the invoices split per cost centre", "sarah", false},
    {"honestly she wants the rollout after the harvest", "she wants", false},
};

static void test_lists_subject_of_need(void **state) {
  fixture *fx = *state;
  size_t n = sizeof k_subject_of_need / sizeof k_subject_of_need[0];
  check_list(fx, fx->sales, "objections", k_subject_of_need, n);
  check_list(fx, fx->sales, "customer_needs", k_subject_of_need, n);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_objections_none_then_concern),
      cmocka_unit_test(test_objections_stretch_in_passing),
      cmocka_unit_test(test_objections_dictated_run),
      cmocka_unit_test(test_needs_dictated_run),
      cmocka_unit_test(test_achievements_dictated_run),
      cmocka_unit_test(test_needs_numbered_run),
      cmocka_unit_test(test_objections_honorific_and_also),
      cmocka_unit_test(test_achievements_dictated_deeds),
      cmocka_unit_test(test_needs_figures_in_words),
      cmocka_unit_test(test_needs_spoken_need_runs),
      cmocka_unit_test(test_objections_figures_in_words),
      cmocka_unit_test(test_needs_marked_item_ends),
      cmocka_unit_test(test_objections_marked_item_ends),
      cmocka_unit_test(test_objections_topic_labels),
      cmocka_unit_test(test_objections_bare_topics),
      cmocka_unit_test(test_objections_frames_and_marked_topics),
      cmocka_unit_test(test_lists_subject_of_need),
  };
  return cmocka_run_group_tests(tests, fx_setup, fx_teardown);
}
