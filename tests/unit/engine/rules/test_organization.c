/*
 * test_organization.c - tests for server/engine/rules/organization.c: an
 * employer's or organization's name.
 */
#include "fixture.h"

/* Said in passing (the opening), a job title right before "at" or "for"
   makes the name after it the employer; "at" after no title does not. */
static void test_company_after_title_in_passing(void **state) {
  fixture *fx = *state;
  static const char *const said[][2] = {
      {"I was the night nurse at Kestrel Care Group, on the cardiac ward.", "Kestrel Care Group"},
      {"Lead barista at Copperleaf Roasters, mostly weekends.", "Copperleaf Roasters"},
      {"Worked three years as a site engineer for Brackwater Civil in Leeds.", "Brackwater Civil"},
      {"so i was payroll officer at Tern Valley Council for a while", "Tern Valley Council"},
      {"We had the team lunch at Marlow Quay every Friday.", NULL},
      {"Mostly I fixed the pumps at Dock Four and the gates.", NULL},
  };
  for (size_t k = 0; k < sizeof said / sizeof said[0]; k++)
    fx_expect_str(fx, fx->work, NULL, "company", said[k][0], said[k][1]);
}

/* Asked for the employer, an answer typed with capitals that opens on an
   everyday word running on in lower case is about something else; a name
   that opens it is kept. */
static void test_company_answer_opening_on_everyday_word(void **state) {
  fixture *fx = *state;
  static const char *const said[][2] = {
      {"Performance marketing, SEO and copywriting.", NULL},
      {"Night shifts mostly, on the surgical wards.", NULL},
      {"Stock control and ordering, plus SAP reports.", NULL},
      {"Customer calls all day, Zendesk and phone.", NULL},
      {"Kestrel Foods, a family bakery in Hull.", "Kestrel Foods"},
      {"Brightwater, they make pumps for farms.", "Brightwater"},
      {"tern valley council. i was there four years", "tern valley council"},
  };
  for (size_t k = 0; k < sizeof said / sizeof said[0]; k++)
    fx_expect_str(fx, fx->work, "company", "company", said[k][0], said[k][1]);
}

/* Asked for the employer, an answer that opens in lower case and gives a
   short form in capitals only after a comma or a bracket keeps the name it
   opens with; an acronym said as the employer itself stays. */
static void test_company_lower_name_glossed_by_acronym(void **state) {
  fixture *fx = *state;
  static const char *const said[][2] = {
      {"harlow parish housing trust (the HPT)", "harlow parish housing trust"},
      {"wexley county hospital, its an NHS trust", "wexley county hospital"},
      {"northgate freight forwarders, we did mostly LCL consolidation",
       "northgate freight forwarders"},
      {"ministry of rural roads (MRR) in the capital", "ministry of rural roads"},
      {"honestly just KPMG for three years", "KPMG"},
      {"IBM, the consulting arm", "IBM"},
  };
  for (size_t k = 0; k < sizeof said / sizeof said[0]; k++)
    fx_expect_str(fx, fx->work, "company", "company", said[k][0], said[k][1]);
}

/* A name joined by the "and" of Spanish, Italian or Portuguese ("y", "e")
   or German ("und") between capitalized words is kept whole. */
static void test_company_joined_by_foreign_and(void **state) {
  fixture *fx = *state;
  const char *f = "company";
  fx_expect_str(fx, fx->work, f, f, "Conservas Finas y Ahumados del Sur, in Vigo.",
                "Conservas Finas y Ahumados del Sur");
  fx_expect_str(fx, fx->work, f, f, "Tessitura Lana e Seta, a small mill near Biella",
                "Tessitura Lana e Seta");
  fx_expect_str(fx, fx->work, f, f, "Mühlen und Backwaren Stauder, the family bakery",
                "Mühlen und Backwaren Stauder");
  fx_expect_str(fx, fx->work, f, f, "Oficina Norte y Sur, mostly translation work",
                "Oficina Norte y Sur");
  fx_expect_str(fx, fx->work, f, f, "Harbour Freight, and Sons took over later", "Harbour Freight");
}

/* Asked for the employer, a name typed in lower case keeps its legal
   form with its dots or slash ("pte. ltd.", "s.a.", "a/s", "k.k."), and
   what is said about the firm after it stays out. */
static void test_company_lower_legal_form_with_dots(void **state) {
  fixture *fx = *state;
  static const char *const said[][2] = {
      {"marrowby freight pte. ltd.", "marrowby freight pte. ltd."},
      {"delfina textiles s.a. a mill with about 90 looms", "delfina textiles s.a."},
      {"um skovgaard pumper a/s", "skovgaard pumper a/s"},
      {"hoshizora robotics k.k. in nagoya", "hoshizora robotics k.k."},
      {"qasr gulf trading w.l.l. we did hvac mostly", "qasr gulf trading w.l.l."},
      {"tern valley council. i was there four years", "tern valley council"},
  };
  for (size_t k = 0; k < sizeof said / sizeof said[0]; k++)
    fx_expect_str(fx, fx->work, "company", "company", said[k][0], said[k][1]);
}

/* Asked for the employer, what the answer names that is no employer stays
   out: a unit of people, a post someone answered to, a language, a feast
   or a month of another calendar, a kind of body after "a", or the group
   that owns the employer; the employer said with them is kept. */
static void test_company_answer_names_no_employer(void **state) {
  fixture *fx = *state;
  static const char *const said[][2] = {
      {"the night crew was six of us, i answered to the ward sister", NULL},
      {"Like I said, twelve drivers, and I answered to the Head of Operations for Leeds.", NULL},
      {"I came on in June 2016, just after Diwali, and left when the depot shut.", NULL},
      {"I signed on in Poush 2071 and I am still on the rota.", NULL},
      {"ferncliff rehab unit its paid for by a dutch NGO but the unit itself pays us",
       "ferncliff rehab unit"},
      {"Maple Row Lodge, it sits inside a chain called Evergreen Living", "Maple Row Lodge"},
      {"ostkuste stadtwerke which is east coast utilities in English", "ostkuste stadtwerke"},
      {"Tern Valley Council, on the night team", "Tern Valley Council"},
      {"revenue protection officer ii", NULL},
      {"senior practitioner er in the adoption team", NULL},
      {"claims assessor iii", NULL},
      {"Payroll Clerk II", NULL},
  };
  for (size_t k = 0; k < sizeof said / sizeof said[0]; k++)
    fx_expect_str(fx, fx->work, "company", "company", said[k][0], said[k][1]);
}

/* Asked for the tools, a product named after "called" is no employer. */
static void test_company_not_a_tool_called_by_name(void **state) {
  fixture *fx = *state;
  static const char *const said[] = {
      "Mostly Excel, and an ordering portal called Stockwise for the suppliers.",
      "we logged every job in an app they named Fieldnote",
      "Tableau for the charts and a rostering tool called Shiftly, it crashed a lot",
      "paper charts until the ward moved onto a system called MedLedger in 2022",
  };
  for (size_t k = 0; k < sizeof said / sizeof said[0]; k++)
    fx_expect_str(fx, fx->work, "tools_technologies", "company", said[k], NULL);
}

/* The Polish limited company's form ("Sp. z o.o.") is part of the name. */
static void test_company_polish_legal_form(void **state) {
  fixture *fx = *state;
  static const char *const said[][2] = {
      {"Bursztyn Logistyka Sp. z o.o.", "Bursztyn Logistyka Sp. z o.o."},
      {"Orlik Meble Sp. z o.o., a furniture plant near Poznan", "Orlik Meble Sp. z o.o."},
      {"It was Wisla Transport Sp. z o.o. the whole time", "Wisla Transport Sp. z o.o."},
      {"Kestrel Foods Co. in Hull", "Kestrel Foods Co."},
  };
  for (size_t k = 0; k < sizeof said / sizeof said[0]; k++)
    fx_expect_str(fx, fx->work, "company", "company", said[k][0], said[k][1]);
}

/* Asked for the employer, an answer about the team (a unit, its size,
   whom the person reported to) names no employer. */
static void test_company_answer_about_the_team(void **state) {
  fixture *fx = *state;
  static const char *const said[][2] = {
      {"QA crew is 7 testers. I answer to the QA manager, Ms. Lindgren.", NULL},
      {"HR team was four of us, my line manager was the HR director", NULL},
      {"IT squad of three, I sat under the CIO", NULL},
      {"night shift had 11 pickers, my boss was the ops lead", NULL},
      {"Fernhill Water Board, the IT team there was five", "Fernhill Water Board"},
  };
  for (size_t k = 0; k < sizeof said / sizeof said[0]; k++)
    fx_expect_str(fx, fx->work, "company", "company", said[k][0], said[k][1]);
}

/* Said in passing, "@" after a title, or a word for the job before "at",
   makes the name after it the employer as "worked at" does; typed in lower
   case too ("at at" is one cue), up to a place, a legal form ("ag",
   "srl", and "as" before a place, a pronoun or the end) or what is said
   about the name. */
static void test_company_after_at_sign_or_job_word(void **state) {
  fixture *fx = *state;
  static const char *const said[][2] = {
      {"field officer @ Green Delta Trust (charity) up north, flood work mostly",
       "Green Delta Trust"},
      {"I'd like to cover my job at Corran Marine Works near Oban.", "Corran Marine Works"},
      {"so my old position at Teller Brothers Bakery, nights mostly", "Teller Brothers Bakery"},
      {"barista @ Mossgate Coffee for two summers", "Mossgate Coffee"},
      {"We met @ Pier Nine most Fridays after the shift.", NULL},
      {"night dispatcher @ tarrow haulage in lyon, mostly long haul", "tarrow haulage"},
      {"my job as volunteer coordinator at at bramble lane trust that's a hospice",
       "bramble lane trust"},
      {"claims handler at ostrand assekuranz ag in zug for six years", "ostrand assekuranz ag"},
      {"welding inspector at vesterhavn marine as it's a yard near stavanger",
       "vesterhavn marine as"},
      {"courier at swiftline parcels as a weekend thing", "swiftline parcels"},
      {"pastry cook at forno brusco srl we did weddings", "forno brusco srl"},
      {"we had lunch at corner dock most fridays", NULL},
      {"i was a porter at the station most nights", NULL},
  };
  for (size_t k = 0; k < sizeof said / sizeof said[0]; k++)
    fx_expect_str(fx, fx->work, NULL, "company", said[k][0], said[k][1]);
}

/* Asked for the employer, a name typed in lower case without a comma
   ends where its size starts ("~40 ppl", "approx", "mid size"); a name
   that opens on a size word keeps it. */
static void test_company_lower_name_then_its_size(void **state) {
  fixture *fx = *state;
  static const char *const said[][2] = {
      {"tolland freight mid size maybe 60 drivers", "tolland freight"},
      {"orla print works ~40 ppl near the docks", "orla print works"},
      {"brindle bakeries approx 200 staff over three sites", "brindle bakeries"},
      {"kessel tools small family firm in the valley", "kessel tools"},
      {"small batch roasters", "small batch roasters"},
  };
  for (size_t k = 0; k < sizeof said / sizeof said[0]; k++)
    fx_expect_str(fx, fx->work, "company", "company", said[k][0], said[k][1]);
}

/* Asked for the employer with a name held, an answer that cuts the held
   name short keeps the whole of it; a held name run on into the sentence
   ("... and I") or another name is not taken over. */
static void test_company_short_form_of_held_name(void **state) {
  fixture *fx = *state;
  static const char *const said[][3] = {
      {"Harlow General Hospital", "Harlow General.", "Harlow General Hospital"},
      {"Tessel Mills Group", "tessel mills, the weaving side", "Tessel Mills Group"},
      {"Brightwater Pumps Limited", "Brightwater Pumps", "Brightwater Pumps Limited"},
      {"Corran Marine and I", "Corran Marine", "Corran Marine"},
      {"Harlow General Hospital", "Fenwick Care, later on", "Fenwick Care"},
  };
  for (size_t k = 0; k < sizeof said / sizeof said[0]; k++) {
    json_t *r = json_pack("{s:{s:s,s:f}}", "company", "value", said[k][0], "confidence", 0.5);
    json_t *u = fx_run_with(fx, fx->work, r, "company", said[k][1]);
    const char *got = json_string_value(fx_val(u, "company"));
    if (!got || strcmp(got, said[k][2]) != 0)
      fail_msg("'%s' held '%s': company %s, want %s", said[k][1], said[k][0], fx_dump(u, "company"),
               said[k][2]);
    json_decref(u);
    json_decref(r);
  }
}

/* Asked for the employer, typed in lower case without a stop, a name
   that runs on to six words or more into the part of it or what it does
   ends at its last word for a kind of employer or public body (not one
   before "of"), or before a word that opens a part of it; an answer that
   opens on an everyday word, a list of duties, names nothing. */
static void test_company_lower_name_runs_on_into_its_part(void **state) {
  fixture *fx = *state;
  static const char *const said[][2] = {
      {"kelmore borough council housing repairs and voids team", "kelmore borough council"},
      {"pelham vale ambulance service north east operations hub", "pelham vale ambulance service"},
      {"saint brendan community hospital acute medical unit on ward nine",
       "saint brendan community hospital"},
      {"torvik salmon farm sea site operations and feed barge crew", "torvik salmon farm"},
      {"avon and wessex fire and rescue service", "avon and wessex fire and rescue service"},
      {"marwick lane school junior years and nursery class", "marwick lane school"},
      {"brennock valley farm dairy and orchards", "brennock valley farm"},
      {"glenmore community hospital nhs trust wales", "glenmore community hospital nhs trust"},
      {"ardley vale university hospitals nhs foundation trust",
       "ardley vale university hospitals nhs foundation trust"},
      {"tavria regional government department of water and sanitation",
       "tavria regional government"},
      {"kovalen technical university institute of applied optics and lasers",
       "kovalen technical university"},
      {"rota planning stock ordering and staff training for the shop", NULL},
      {"cleaning contracts payroll invoicing supplier bank payments and audits", NULL},
      {"weekend cover nights bank holidays plus some sunday school cover", NULL},
      {"customer service desk and returns counter most of the week", NULL},
      {"customer calls returns refunds plus after sales service", NULL},
      {"school runs then deliveries then evening farm shop shifts", NULL},
  };
  for (size_t k = 0; k < sizeof said / sizeof said[0]; k++)
    fx_expect_str(fx, fx->work, "company", "company", said[k][0], said[k][1]);
}

/* Asked for the employer, a devotional name opening with "Our" ("Our
   Lady of ...") is the name; "our" before a team or a post is not. */
static void test_company_devotional_name_opening_with_our(void **state) {
  fixture *fx = *state;
  static const char *const said[][2] = {
      {"Our Lady of Mercy College, in the hills above the town", "Our Lady of Mercy College"},
      {"Our Mother of Grace Parish School.", "Our Mother of Grace Parish School"},
      {"It was Our Lady of Fatima Hospital for nine years", "Our Lady of Fatima Hospital"},
      {"Our Saviour of Docklands Mission, a night shelter", "Our Saviour of Docklands Mission"},
      {"Our Head of Nursing ran the rota", NULL},
  };
  for (size_t k = 0; k < sizeof said / sizeof said[0]; k++)
    fx_expect_str(fx, fx->work, "company", "company", said[k][0], said[k][1]);
}

/* Asked for the employer, typed in lower case, a devotional name opening
   with "our" and "of" and ending in a word for its kind is the name, up to
   what is said about it; "our" before a post or a team is not one. */
static void test_company_lower_devotional_name(void **state) {
  fixture *fx = *state;
  static const char *const said[][2] = {
      {"our lady of mercy college in the hills above town", "our lady of mercy college"},
      {"our lady of fatima clinic near the old port", "our lady of fatima clinic"},
      {"our mother of grace parish school", "our mother of grace parish school"},
      {"our lady of sorrows hospital. two hundred beds", "our lady of sorrows hospital"},
      {"our head of school ran it", NULL},
      {"our team of nine nurses on the ward", NULL},
  };
  for (size_t k = 0; k < sizeof said / sizeof said[0]; k++)
    fx_expect_str(fx, fx->work, "company", "company", said[k][0], said[k][1]);
}

/* Said in passing, a name typed in lower case after a kind of employer
   and "called" or "named" is the employer, up to a capital or what is said
   about it; a person addressed by a title is never one. */
static void test_company_lower_name_called_after_kind(void **state) {
  fixture *fx = *state;
  static const char *const said[][2] = {
      {"I kept the books at a farm coop, the coop is called tano valley growers but all say TVG",
       "tano valley growers"},
      {"I ran the front desk for a clinic named harbour lane physio in Cobh",
       "harbour lane physio"},
      {"so it's a small charity its called second shelf books and I did the shop floor",
       "second shelf books"},
      {"she trained a puppy called biscuit crumb last spring", NULL},
  };
  for (size_t k = 0; k < sizeof said / sizeof said[0]; k++)
    fx_expect_str(fx, fx->work, NULL, "company", said[k][0], said[k][1]);
  fx_expect_str(fx, fx->work, "company", "company",
                "me and three clerks, and I reported to Monsieur Adjoumani Kra", NULL);
}

/* Asked for the employer, a first sentence that opens on a count in
   figures ("34 staff: ...") names no employer; a name with figures joined
   to its letters stays. */
static void test_company_answer_opening_on_a_count(void **state) {
  fixture *fx = *state;
  static const char *const said[][2] = {
      {"as i said 18 staff: cooks porters and two cleaners", NULL},
      {"40 drivers on two depots and i ran the nights", NULL},
      {"like before, 6 people under me, all part time", NULL},
      {"3rd rock dental. i was there six years", "3rd rock dental"},
  };
  for (size_t k = 0; k < sizeof said / sizeof said[0]; k++)
    fx_expect_str(fx, fx->work, "company", "company", said[k][0], said[k][1]);
}

/* Asked for the employer, typed in lower case without commas: a name
   that goes on into the part of it the person worked in, or into the body
   over it, ends at the word for its kind (or "city of" and one word); one
   that goes on with "near" a place ends before it. A name whose kind is
   the last word keeps it. */
static void test_company_lower_name_runs_into_subunit(void **state) {
  fixture *fx = *state;
  static const char *const said[][2] = {
      {"fenwick college student services department", "fenwick college"},
      {"harlow borough council office of the town clerk", "harlow borough council"},
      {"city of tarrow parks and recreation department", "city of tarrow"},
      {"kilbride academy north lanark council", "kilbride academy"},
      {"granja alta vineyards near the river douro", "granja alta vineyards"},
      {"mossgiel community library", "mossgiel community library"},
      {"st brennan's university hospital nhs trust", "st brennan's university hospital nhs trust"},
  };
  for (size_t k = 0; k < sizeof said / sizeof said[0]; k++)
    fx_expect_str(fx, fx->work, "company", "company", said[k][0], said[k][1]);
}

/* Asked for the employer, typed in lower case, a name that opens with an
   accented capital kept as typed goes on in lower case: the capital alone
   is not the name. */
static void test_company_lower_name_opening_accented(void **state) {
  fixture *fx = *state;
  static const char *const said[][2] = {
      {"Élan patisserie ltd.", "Élan patisserie ltd."},
      {"Østby marine services a ferry operator", "Østby marine services"},
      {"Łazienki print house. i ran the presses", "Łazienki print house"},
      {"Águas claras hotel in the old town", "Águas claras hotel"},
  };
  for (size_t k = 0; k < sizeof said / sizeof said[0]; k++)
    fx_expect_str(fx, fx->work, "company", "company", said[k][0], said[k][1]);
}

/* Asked for the employer, said without the stop after the name, the
   capitalized word opening the next sentence (a pronoun, an article, a
   size, "Based", "Owned") is not the name's; a name's own last word is
   kept. */
static void test_company_name_without_stop_before_next_sentence(void **state) {
  fixture *fx = *state;
  static const char *const said[][2] = {
      {"Fenlow Paper Mills It's a family firm up north", "Fenlow Paper Mills"},
      {"Ardmoor Dairy They make cheese for the supermarkets", "Ardmoor Dairy"},
      {"Corrie Print Works Small shop of six people", "Corrie Print Works"},
      {"Halden Rope Company The oldest one in the valley", "Halden Rope Company"},
      {"Tarn Valley Hospice We cover the whole district", "Tarn Valley Hospice"},
      {"Bluewater Harbour Authority", "Bluewater Harbour Authority"},
      {"Kestrel Bay Fisheries", "Kestrel Bay Fisheries"},
  };
  for (size_t k = 0; k < sizeof said / sizeof said[0]; k++)
    fx_expect_str(fx, fx->work, "company", "company", said[k][0], said[k][1]);
}

/* Said without the stop, a word that opens a description of the firm
   (how it is owned or run, a nationality, a hyphenated gloss, an estimate
   before a figure) ends the name when the sentence goes on after it; a
   name that ends on such a word and stops there keeps it. */
static void test_company_name_then_description_without_stop(void **state) {
  fixture *fx = *state;
  static const char *const said[][2] = {
      {"Brackenridge Tool Hire Independent outfit with two depots", "Brackenridge Tool Hire"},
      {"Sorrel Lane Nurseries Family run since the seventies", "Sorrel Lane Nurseries"},
      {"Vantor Freight Danish carrier with a big Baltic network", "Vantor Freight"},
      {"Pixelmoor Games Remote-first studio spread over four countries", "Pixelmoor Games"},
      {"Glenholt Surveying About 40 staff across two offices", "Glenholt Surveying"},
      {"Marrow & Finch Joinery Everyone calls them M&F", "Marrow & Finch Joinery"},
      {"Quayside Ferries Founded by three skippers in 1988", "Quayside Ferries"},
      {"Ostrava Steel Independent", "Ostrava Steel Independent"},
      {"Kelmscott Refining Direct hire for the whole eight years", "Kelmscott Refining"},
      {"Borrowdale Pipelines Directly employed not via an agency", "Borrowdale Pipelines"},
      {"Tarnwell Energy Direct employee with full benefits", "Tarnwell Energy"},
      {"Hexley Mining Hired direct after my apprenticeship", "Hexley Mining"},
      {"Greyfield Direct", "Greyfield Direct"},
      {"Portmoor Insurance Direct Ltd", "Portmoor Insurance Direct Ltd"},
      {"Northgate Danish Bakery", "Northgate Danish Bakery"},
  };
  for (size_t k = 0; k < sizeof said / sizeof said[0]; k++)
    fx_expect_str(fx, fx->work, "company", "company", said[k][0], said[k][1]);
}

/* Said without the stop, the next sentence's opener followed by a short
   acronym for the kind of firm, or a capitalized compound gloss with the
   sentence going on in lower case, is not the name's; a name that ends in
   its own acronym or in a word for its kind keeps it. */
static void test_company_name_then_kind_acronym_or_compound(void **state) {
  fixture *fx = *state;
  static const char *const said[][2] = {
      {"Marsh Orchard Trust Small NGO working on river cleanup", "Marsh Orchard Trust"},
      {"Quillon Data Tiny QA outfit above a bakery", "Quillon Data"},
      {"Brightwake Mid-size HR consultancy in the north", "Brightwake"},
      {"Ferngate Health Remote-first NHS supplier", "Ferngate Health"},
      {"Olvera Self-storage units in three towns", "Olvera"},
      {"Tessaly Labs Pay-as-you-go analytics for small retailers", "Tessaly Labs"},
      {"Harvel Point Family-run RV park by the sea", "Harvel Point"},
      {"Dunmore Valley Co-op owned by its members", "Dunmore Valley Co-op"},
      {"Brackley Sports Club FC", "Brackley Sports Club FC"},
      {"Saltbridge Media Group PR", "Saltbridge Media Group PR"},
  };
  for (size_t k = 0; k < sizeof said / sizeof said[0]; k++)
    fx_expect_str(fx, fx->work, "company", "company", said[k][0], said[k][1]);
}

/* Said without the stop, a name said once and then again in full, with
   its legal form or word for word, is the first saying; one word said
   twice as the whole name is kept. */
static void test_company_name_said_twice(void **state) {
  fixture *fx = *state;
  static const char *const said[][2] = {
      {"Ferrow Print Ferrow Print Ltd on paper but nobody says that", "Ferrow Print"},
      {"Okonjo Foods Okonjo Foods PLC if you want the full thing", "Okonjo Foods"},
      {"Lindqvist Lindqvist AB officially registered in Malmo", "Lindqvist"},
      {"Pemberly Vets Pemberly Vets", "Pemberly Vets"},
      {"Walla Walla", "Walla Walla"},
      {"Bora Bora Pearl Resort", "Bora Bora Pearl Resort"},
  };
  for (size_t k = 0; k < sizeof said / sizeof said[0]; k++)
    fx_expect_str(fx, fx->work, "company", "company", said[k][0], said[k][1]);
}

/* Said with capitals and no stop, a legal form ends the name: a place or
   the next sentence's first word after it is not the name's. */
static void test_company_capital_legal_form_ends_name(void **state) {
  fixture *fx = *state;
  static const char *const said[][2] = {
      {"Harrowgate Analytics Ltd Manchester office mostly", "Harrowgate Analytics Ltd"},
      {"Fjordline Subsea AS Bergen based and about 90 people", "Fjordline Subsea AS"},
      {"Kestner Pumpen GmbH Bavarian family firm", "Kestner Pumpen GmbH"},
      {"Talora Health Pty Ltd Sydney", "Talora Health Pty Ltd"},
      {"Brightwell Systems Inc", "Brightwell Systems Inc"},
  };
  for (size_t k = 0; k < sizeof said / sizeof said[0]; k++)
    fx_expect_str(fx, fx->work, "company", "company", said[k][0], said[k][1]);
}

/* Typed in lower case, an estimate before a figure or a hyphenated gloss
   ends the name; the same words inside a name with no figure after stay. */
static void test_company_lower_name_then_estimate_or_gloss(void **state) {
  fixture *fx = *state;
  static const char *const said[][2] = {
      {"tamsin row architects about 30 people in two studios", "tamsin row architects"},
      {"kelso grain traders nearly 200 staff now", "kelso grain traders"},
      {"redfern cargo lines malta-flagged bulk carriers", "redfern cargo lines"},
      {"pinecrest dental group family-owned practice", "pinecrest dental group"},
      {"brookvale community radio over fifty volunteers", "brookvale community radio"},
  };
  for (size_t k = 0; k < sizeof said / sizeof said[0]; k++)
    fx_expect_str(fx, fx->work, "company", "company", said[k][0], said[k][1]);
}

/* Typed in lower case after a title and "at", the name ends where the
   time said with it starts ("from 2019", "for about six years", "till
   march"); a "for" inside a name, with no length of time after it,
   stays. */
static void test_company_lower_name_then_its_time(void **state) {
  fixture *fx = *state;
  static const char *const said[][2] = {
      {"i was a senior dispatcher at corran haulage for about six years", "corran haulage"},
      {"line cook at copper pan bistro from 2019 to 2022", "copper pan bistro"},
      {"care assistant at hollin lodge care home for three years", "hollin lodge care home"},
      {"apprentice joiner at brisk timber frames till last summer", "brisk timber frames"},
      {"junior analyst at wexmoor asset management for a while then senior",
       "wexmoor asset management"},
      {"research assistant at marsh institute for rural futures in york",
       "marsh institute for rural futures"},
  };
  for (size_t k = 0; k < sizeof said / sizeof said[0]; k++)
    fx_expect_str(fx, fx->work, NULL, "company", said[k][0], said[k][1]);
}

/* In any answer, a title then "with" or "w/" names the employer after
   it, typed in lower case or with capitals; "the" after the cue opens a
   name of three words or more. A person, a tool, a skill or a part of the
   workplace after the cue is no employer. */
static void test_company_after_title_with(void **state) {
  fixture *fx = *state;
  static const char *const said[][2] = {
      {"i'm a site foreman with dunlevy and daughters joinery in cork",
       "dunlevy and daughters joinery"},
      {"outreach officer w/ kestrel harbour trust in the islands", "kestrel harbour trust"},
      {"been a paramedic with the westvale ambulance service for ages",
       "westvale ambulance service"},
      {"I was a deckhand with Norrland Fjord Ferries for two summers", "Norrland Fjord Ferries"},
      {"she was a planner with Torvik Haulage before all this", "Torvik Haulage"},
      {"claims assessor w/ brightmoor mutual in leeds", "brightmoor mutual"},
      {"i worked closely with dana and the other planners", NULL},
      {"a nurse with responsibility for the night ward", NULL},
      {"the analyst with the most tickets closed", NULL},
      {"I was a porter with the night team there", NULL},
      {"i was the trainer with the new starters most weeks", NULL},
  };
  for (size_t k = 0; k < sizeof said / sizeof said[0]; k++)
    fx_expect_str(fx, fx->work, NULL, "company", said[k][0], said[k][1]);
}

/* "at the" after a title, typed in lower case: three words or more name
   the firm; a place inside it ("the front desk") or a common phrase is
   none. */
static void test_company_lower_at_the_name(void **state) {
  fixture *fx = *state;
  static const char *const said[][2] = {
      {"night receptionist at the grantly hythe hotel in bath", "grantly hythe hotel"},
      {"i was head cook at the olmsted river lodge till last year", "olmsted river lodge"},
      {"bookkeeper at the marrow lane surgery in wells", "marrow lane surgery"},
      {"receptionist at the front desk most evenings", NULL},
      {"a nurse at the intensive care unit for nights", NULL},
  };
  for (size_t k = 0; k < sizeof said / sizeof said[0]; k++)
    fx_expect_str(fx, fx->work, NULL, "company", said[k][0], said[k][1]);
}

/* Asked for the employer, a name said with capitals but no comma that
   runs on into the part of it or the body over it ends at the word for
   its kind; a name whose words go on past that word into no part of it
   stays whole. */
static void test_company_capital_name_runs_into_subunit(void **state) {
  fixture *fx = *state;
  static const char *const said[][2] = {
      {"Harwick College Student Services Department", "Harwick College"},
      {"Fenmoor Academy Eastshire County Council", "Fenmoor Academy"},
      {"City of Laverton Parks and Gardens Division", "City of Laverton"},
      {"Ostmark University Faculty of Law", "Ostmark University"},
      {"Bramhill District Council Housing Office", "Bramhill District Council"},
      {"University College Hospital", "University College Hospital"},
      {"Eastfield Council Housing Trust", "Eastfield Council Housing Trust"},
      {"Kingsbridge Community College", "Kingsbridge Community College"},
  };
  for (size_t k = 0; k < sizeof said / sizeof said[0]; k++)
    fx_expect_str(fx, fx->work, "company", "company", said[k][0], said[k][1]);
}

/* A name with a word that opens on a Latin capital outside ASCII, first
   or further in: the whole name, whether asked for or said after a title.
   An accented name said after the full stop is no part of it. */
static void test_company_name_with_accented_capital_word(void **state) {
  fixture *fx = *state;
  static const char *const asked[][2] = {
      {"Łazienki Print House, we did packaging mostly.", "Łazienki Print House"},
      {"Hotel Šumava Resort, up in the hills near the border.", "Hotel Šumava Resort"},
      {"Tindall Ōrākau Builders, a small crew of six.", "Tindall Ōrākau Builders"},
      {"Kolej Śląska Freight, the rail operator.", "Kolej Śląska Freight"},
      {"Marlow Équipement Agricole, they sell tractors.", "Marlow Équipement Agricole"},
      /* Near misses: a person after the stop, a plain name. */
      {"Brightwell Dairy. Żaneta ran the office there.", "Brightwell Dairy"},
      {"Corrin Freight, a haulage firm in Derby.", "Corrin Freight"},
  };
  for (size_t k = 0; k < sizeof asked / sizeof asked[0]; k++)
    fx_expect_str(fx, fx->work, "company", "company", asked[k][0], asked[k][1]);
  fx_expect_str(fx, fx->work, NULL, "company",
                "I was a welder at Stocznia Ŝelka Marine for six years.", "Stocznia Ŝelka Marine");
}

/* Asked for the employer and typed in lower case, a name said after
   "it's" or "that's" with a legal form as its last word: the name, up to
   what is said about it. Without a legal form it is no name. */
static void test_company_lower_name_after_its_with_form(void **state) {
  fixture *fx = *state;
  static const char *const said[][2] = {
      {"it's harrow gate joinery limited they do kitchens mostly", "harrow gate joinery limited"},
      {"thats pell and dunn ltd a small firm of surveyors", "pell and dunn ltd"},
      {"um it was coldbeck fisheries plc it's part of a bigger group", "coldbeck fisheries plc"},
      {"its brightmoor robotics inc based out of ohio", "brightmoor robotics inc"},
      /* Near misses: no legal form, or not a name at all. */
      {"it's hard to say it changed hands twice", NULL},
      {"its complicated they merged last year", NULL},
  };
  for (size_t k = 0; k < sizeof said / sizeof said[0]; k++)
    fx_expect_str(fx, fx->work, "company", "company", said[k][0], said[k][1]);
}

/* Said with capitals and no stop, a name ending on a hyphenated gloss word
   ("-based", "-owned", "-flagged"): the name without it, whether or not
   anything follows. A hyphen inside the name stays. */
static void test_company_capital_name_then_hyphen_gloss(void **state) {
  fixture *fx = *state;
  static const char *const said[][2] = {
      {"Brenna Shipping Panama-flagged", "Brenna Shipping"},
      {"Tallis Orchards Family-owned", "Tallis Orchards"},
      {"Quarrow Analytics Leeds-based", "Quarrow Analytics"},
      {"Meridel Health Trust State-funded", "Meridel Health Trust"},
      /* Near miss: a hyphenated word of the name itself. */
      {"Castle-Holm Joinery", "Castle-Holm Joinery"},
  };
  for (size_t k = 0; k < sizeof said / sizeof said[0]; k++)
    fx_expect_str(fx, fx->work, "company", "company", said[k][0], said[k][1]);
}

/* Said in passing, a job title typed with capitals right before "at" or
   "@" makes the name after it the employer, as one in lower case does;
   "for" after such a title names an area, and "for" inside a name is no
   cue. */
static void test_company_after_capital_title_in_passing(void **state) {
  fixture *fx = *state;
  static const char *const said[][2] = {
      {"I was Store Manager at Pellow Hardware, the one by the station.", "Pellow Hardware"},
      {"Head Chef at Osteria Bruna for six seasons.", "Osteria Bruna"},
      {"Was a Senior Surveyor at Grantley Hume Partners till last spring.",
       "Grantley Hume Partners"},
      {"Site Engineer @ Dunmore Civils, mostly bridges.", "Dunmore Civils"},
      {"Lead Officer for Housing, so the whole estate was mine.", NULL},
      {"Regional Buyer for Frozen, the biggest category.", NULL},
  };
  for (size_t k = 0; k < sizeof said / sizeof said[0]; k++)
    fx_expect_str(fx, fx->work, NULL, "company", said[k][0], said[k][1]);
}

/* Asked for the employer, an answer that opens with a skill or a tool
   running on in lower case ("Inventory management, ...") answers another
   question: no name is taken from it, not even a tool said later. A name
   that opens the answer, though a skill follows it, is kept. */
static void test_company_answer_opening_on_skill(void **state) {
  fixture *fx = *state;
  static const char *const said[][2] = {
      {"Inventory management, cash handling and weekly reports in Excel.", NULL},
      {"Project management, mostly budgets and supplier calls.", NULL},
      {"Data analysis and some forecasting in Power BI.", NULL},
      {"Fenwick Engineering. Welding and fabrication mostly.", "Fenwick Engineering"},
      {"Harbour Physio, sports massage and rehab.", "Harbour Physio"},
  };
  for (size_t k = 0; k < sizeof said / sizeof said[0]; k++)
    fx_expect_str(fx, fx->work, "company", "company", said[k][0], said[k][1]);
}

/* Said in passing, "my" or "the" and a word for the job earlier in the
   sentence make "at", "with" or "in" name the employer, though no title
   stands right before the cue; after "in" the name needs a word for its
   kind, and a place, a tool or a single word stays out. */
static void test_company_after_job_said_in_passing(void **state) {
  fixture *fx = *state;
  static const char *const said[][2] = {
      {"The post I mean to add is at Corran Bay Fisheries, on the west coast.",
       "Corran Bay Fisheries"},
      {"Let me tell you about my work in Lindqvist Timber Company, near the river.",
       "Lindqvist Timber Company"},
      {"Our placement in procurement was with Halden Medical Supplies for a year.",
       "Halden Medical Supplies"},
      {"So my job these days is at Quarrow Print Works and I love it.", "Quarrow Print Works"},
      {"My work in Lower Saxony was mostly driving.", NULL},
      {"My role was mostly reporting with Power BI dashboards.", NULL},
      {"The job was at Hull, the docks end.", NULL},
      {"We stayed at Marlow Quay Hotel in the summer.", NULL},
  };
  for (size_t k = 0; k < sizeof said / sizeof said[0]; k++)
    fx_expect_str(fx, fx->work, NULL, "company", said[k][0], said[k][1]);
}

/* Asked for the employer, a capitalized word said right after "not" is
   denied, not named: no employer comes of it, while a name said plainly in
   the same shape of answer is kept. */
static void test_company_answer_denies_a_name(void **state) {
  fixture *fx = *state;
  static const char *const said[][2] = {
      {"Three of us on the night shift, part of logistics, not HR.", NULL},
      {"we worked out of the sales floor, not IT, answering to the owner", NULL},
      {"Contract staff, technically not NHS, paid through an agency.", NULL},
      {"Brennock Logistics, not the agency that placed me.", "Brennock Logistics"},
      {"Harwell Dairies. Not HR, the dairy itself.", "Harwell Dairies"},
  };
  for (size_t k = 0; k < sizeof said / sizeof said[0]; k++)
    fx_expect_str(fx, fx->work, "company", "company", said[k][0], said[k][1]);
}

/* Said in passing, a title then the area it covers after "for", then
   "at" and the employer: the name is kept as after the title alone; the
   area with no "at" after it, or "at" after an area with no title, is no
   employer's cue. */
static void test_company_after_title_and_its_area(void **state) {
  fixture *fx = *state;
  static const char *const said[][2] = {
      {"Senior planner for rail freight at Dunmore Logistics, six years in all.",
       "Dunmore Logistics"},
      {"I was the nurse for the children's ward at Kestrel Care Group.", "Kestrel Care Group"},
      {"Account manager for northern retailers at Brackwater Foods.", "Brackwater Foods"},
      {"Worked as a recruiter for tech roles at Halden Partners in Oslo.", "Halden Partners"},
      {"Regional Buyer for Frozen, the biggest category.", NULL},
      {"Money for the trip at Easter came from savings.", NULL},
  };
  for (size_t k = 0; k < sizeof said / sizeof said[0]; k++)
    fx_expect_str(fx, fx->work, NULL, "company", said[k][0], said[k][1]);
}

/* Typed in lower case with only its legal form in capitals, the name is
   the lower-case words before the form, not the form alone. */
static void test_company_lower_name_before_capital_form(void **state) {
  fixture *fx = *state;
  static const char *const said[][2] = {
      {"brandt und sohle GmbH, we make valves", "brandt und sohle GmbH"},
      {"uh sjöberg timber AB they run two sawmills", "sjöberg timber AB"},
      {"baltic reefer lines UAB", "baltic reefer lines UAB"},
      {"mostly daugava print SIA since the start", "daugava print SIA"},
      {"tisza agro Kft out near szeged", "tisza agro Kft"},
      /* Near misses: the form alone, a job title before it, or more
         words than a name has. */
      {"GmbH", "GmbH"},
      {"senior accountant GmbH", "GmbH"},
      {"our family run coastal shipping business AB", "AB"},
  };
  for (size_t k = 0; k < sizeof said / sizeof said[0]; k++)
    fx_expect_str(fx, fx->work, "company", "company", said[k][0], said[k][1]);
}

/* Asked for the employer, an answer that gives only its kind and its
   town names no employer: the town is where, not who. */
static void test_company_answer_kind_and_town(void **state) {
  fixture *fx = *state;
  static const char *const said[][2] = {
      {"A small joinery in Galway.", NULL},
      {"I was doing agency shifts near Leeds then.", NULL},
      {"Some roofing firm outside Utrecht, I forget the name.", NULL},
      {"A family bakery in Porto.", NULL},
      /* Near misses: the name said before the town, or a name of two
         words after the preposition. */
      {"Harlan Joinery, a small shop in Galway.", "Harlan Joinery"},
      {"Nurse in Beaumont Hospital for six years.", "Beaumont Hospital"},
  };
  for (size_t k = 0; k < sizeof said / sizeof said[0]; k++)
    fx_expect_str(fx, fx->work, "company", "company", said[k][0], said[k][1]);
}

/* Asked for the employer and typed in lower case, a sentence adverb after
   the name ("technically", "officially", "basically", "actually") opens
   what is said about it and is no word of it. */
static void test_company_lower_name_before_sentence_adverb(void **state) {
  fixture *fx = *state;
  static const char *const said[][2] = {
      {"harbour foods basically a wholesaler for pubs", "harbour foods"},
      {"kestrel care officially part of the meadow group", "kestrel care"},
      {"tessaly print actually a family firm", "tessaly print"},
      {"orwell transit technically the bus arm of the county", "orwell transit"},
      {"pell & dunn legally a partnership of two vets", "pell & dunn"},
      {"lowther bakery. i was there two years", "lowther bakery"},
      {"Dunmore Actuarial, a pensions consultancy", "Dunmore Actuarial"},
  };
  for (size_t k = 0; k < sizeof said / sizeof said[0]; k++)
    fx_expect_str(fx, fx->work, "company", "company", said[k][0], said[k][1]);
}

/* Asked for the employer, an acronym with a number of four digits or
   more after it names a standard the firm meets, not the firm; typed in
   lower case, it ends the name before it. An acronym said as the employer
   stays, and so does one with a short figure after it. */
static void test_company_standard_acronym_is_no_employer(void **state) {
  fixture *fx = *state;
  static const char *const said[][2] = {
      {"kestrel calibration ISO 17025 accredited since the start", "kestrel calibration"},
      {"tarn valley labs IEC 61508 work mostly", "tarn valley labs"},
      {"brackley metal finishers EN 1090 certified for steelwork", "brackley metal finishers"},
      {"ABB 300 staff on that site", "ABB"},
      {"honestly ABB for twelve years", "ABB"},
      {"DHL 24 hour hub near the airport", "DHL"},
  };
  for (size_t k = 0; k < sizeof said / sizeof said[0]; k++)
    fx_expect_str(fx, fx->work, "company", "company", said[k][0], said[k][1]);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_company_lower_name_before_sentence_adverb),
      cmocka_unit_test(test_company_after_title_in_passing),
      cmocka_unit_test(test_company_answer_opening_on_everyday_word),
      cmocka_unit_test(test_company_lower_name_glossed_by_acronym),
      cmocka_unit_test(test_company_joined_by_foreign_and),
      cmocka_unit_test(test_company_lower_legal_form_with_dots),
      cmocka_unit_test(test_company_answer_names_no_employer),
      cmocka_unit_test(test_company_not_a_tool_called_by_name),
      cmocka_unit_test(test_company_polish_legal_form),
      cmocka_unit_test(test_company_answer_about_the_team),
      cmocka_unit_test(test_company_after_at_sign_or_job_word),
      cmocka_unit_test(test_company_lower_name_then_its_size),
      cmocka_unit_test(test_company_short_form_of_held_name),
      cmocka_unit_test(test_company_devotional_name_opening_with_our),
      cmocka_unit_test(test_company_lower_name_called_after_kind),
      cmocka_unit_test(test_company_answer_opening_on_a_count),
      cmocka_unit_test(test_company_lower_name_runs_into_subunit),
      cmocka_unit_test(test_company_lower_name_opening_accented),
      cmocka_unit_test(test_company_name_without_stop_before_next_sentence),
      cmocka_unit_test(test_company_name_then_description_without_stop),
      cmocka_unit_test(test_company_name_then_kind_acronym_or_compound),
      cmocka_unit_test(test_company_name_said_twice),
      cmocka_unit_test(test_company_capital_legal_form_ends_name),
      cmocka_unit_test(test_company_lower_name_then_estimate_or_gloss),
      cmocka_unit_test(test_company_lower_name_then_its_time),
      cmocka_unit_test(test_company_after_title_with),
      cmocka_unit_test(test_company_lower_at_the_name),
      cmocka_unit_test(test_company_capital_name_runs_into_subunit),
      cmocka_unit_test(test_company_name_with_accented_capital_word),
      cmocka_unit_test(test_company_lower_name_after_its_with_form),
      cmocka_unit_test(test_company_capital_name_then_hyphen_gloss),
      cmocka_unit_test(test_company_after_capital_title_in_passing),
      cmocka_unit_test(test_company_answer_opening_on_skill),
      cmocka_unit_test(test_company_standard_acronym_is_no_employer),
      cmocka_unit_test(test_company_after_job_said_in_passing),
      cmocka_unit_test(test_company_answer_denies_a_name),
      cmocka_unit_test(test_company_after_title_and_its_area),
      cmocka_unit_test(test_company_lower_name_runs_on_into_its_part),
      cmocka_unit_test(test_company_lower_devotional_name),
      cmocka_unit_test(test_company_lower_name_before_capital_form),
      cmocka_unit_test(test_company_answer_kind_and_town),
  };
  return cmocka_run_group_tests(tests, fx_setup, fx_teardown);
}
