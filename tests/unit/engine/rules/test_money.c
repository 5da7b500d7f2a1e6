/*
 * test_money.c - tests for server/engine/rules/money.c: a budget's amount
 * and currency.
 */
#include "fixture.h"

/* Checks the budget read from text as the answer to target (NULL: the
   opening) with held as the record so far: its amount and currency code;
   amount 0: no budget at all. */
static void check_budget(fixture *fx, const char *target, const json_t *held, const char *text,
                         double amount, const char *cur) {
  json_t *u = fx_run_with(fx, fx->sales, held, target, text);
  const json_t *v = fx_val(u, "budget");
  const json_t *a = json_object_get(v, "amount");
  const json_t *c = json_object_get(v, "currency");
  bool ok = amount == 0 ? v == NULL
                        : json_is_number(a) && json_number_value(a) == amount &&
                              json_is_string(c) && strcmp(json_string_value(c), cur) == 0;
  if (!ok)
    fail_msg("'%s': budget %s, want %.0f %s", text, fx_dump(u, "budget"), amount, cur ? cur : "");
  json_decref(u);
}

/* The budget read from text asked for the budget, nothing known before. */
static void expect_budget(fixture *fx, const char *text, double amount, const char *cur) {
  check_budget(fx, "budget", NULL, text, amount, cur);
}

/* A currency named by a code or a word that is not among the common few:
   an ISO code before the figure ("ISK 40 million"), a currency word after
   it ("tenge", "krónur"), and pesos named with their country. Bare pesos
   stay the default. */
static void test_budget_less_common_currency(void **state) {
  fixture *fx = *state;
  expect_budget(fx, "They have ISK 42 million set aside for the new line.", 42000000, "ISK");
  expect_budget(fx, "funding is KZT 300 million for the depot upgrade", 300000000, "KZT");
  expect_budget(fx, "the ceiling they gave us is 70 million tenge all in", 70000000, "KZT");
  expect_budget(fx, "Roughly 25 million krónur approved by the board.", 25000000, "ISK");
  expect_budget(fx, "they've got eighty million chilean pesos for this phase", 80000000, "CLP");
  expect_budget(fx, "Budget sits at 400 million colombian pesos for the year.", 400000000, "COP");
  expect_budget(fx, "about 3 million philippine pesos, spread over two years", 3000000, "PHP");
  expect_budget(fx, "they have 900 thousand pesos for the pilot", 900000, "MXN");
}

/* The world's currencies by name, with their country where the bare name
   is shared, and by code before the figure in any case; a bare shared name
   keeps its default, and a code that is a common word needs a scaled
   figure. */
static void test_budget_world_currencies(void **state) {
  fixture *fx = *state;
  expect_budget(fx, "the ministry ring-fenced 12 million kenyan shillings for the clinics",
                12000000, "KES");
  expect_budget(fx, "they can spend about 900k egyptian pounds on the fit-out", 900000, "EGP");
  expect_budget(fx, "budget of 3.5 million moroccan dirhams for both plants", 3500000, "MAD");
  expect_budget(fx, "roughly 60 lakh taka approved for the mills", 6000000, "BDT");
  expect_budget(fx, "ceiling is 2 billion vietnamese dong for year one", 2000000000, "VND");
  expect_budget(fx, "they set aside 15 million naira for the depots", 15000000, "NGN");
  expect_budget(fx, "about 120 million cfa francs earmarked for the cooperative", 120000000, "XOF");
  expect_budget(fx, "their budget is 8 million turkish lira incl hardware", 8000000, "TRY");
  expect_budget(fx, "seven hundred thousand soles is what the rector approved", 700000, "PEN");
  expect_budget(fx, "they have 25 million sri lankan rupees for the mills", 25000000, "LKR");
  expect_budget(fx, "funding sits at 4 million zlotys for the rollout", 4000000, "PLN");
  expect_budget(fx, "budget is 30 million forints for the cinema chain", 30000000, "HUF");
  expect_budget(fx, "usd 45k is what they have for the pilot", 45000, "USD");
  expect_budget(fx, "approved budget try 6m for the ward tablets", 6000000, "TRY");
  expect_budget(fx, "their budget: aed 750k for the fleet telematics", 750000, "AED");
  expect_budget(fx, "Budget: PEN 480,000 over two years.", 480000, "PEN");
  /* A bare shared name keeps its default. */
  expect_budget(fx, "they budgeted 40 lakh rupees for the upgrade", 4000000, "INR");
  expect_budget(fx, "about 2 million pesos set aside for it", 2000000, "MXN");
  expect_budget(fx, "they have 300k francs allocated", 300000, "CHF");
  /* "Crowns" after a figure are the koruna's, as "Czech crowns" are; a
     Nordic crown goes by its own name, and crowns as things, after no
     figure, are no currency. */
  expect_budget(fx, "they have about four point five million crowns for the new line", 4500000,
                "CZK");
  expect_budget(fx, "Roughly 800 thousand crowns approved by the owners.", 800000, "CZK");
  expect_budget(fx, "they have 3 million kronor set aside", 3000000, "SEK");
  expect_budget(fx, "budget of 50k euros, mostly for the crowns and bridges workflow", 50000,
                "EUR");
}

/* A figure said in full, then a correction opening the next sentence with
   a bare figure ("Wait, no, she said 270."): the bare figure repairs it
   and keeps its scale and currency. A next sentence with no correction
   leaves the first figure. */
static void test_budget_corrected_in_next_sentence(void **state) {
  fixture *fx = *state;
  expect_budget(fx, "They set aside €250,000. Wait, no, she said 270, my notes were off.", 270000,
                "EUR");
  expect_budget(fx, "budget is $480k. sorry, 460, i think it was", 460000, "USD");
  expect_budget(fx, "Finance has £1.2 million for it. No wait, they said 1.4.", 1400000, "GBP");
  expect_budget(fx, "roughly 90,000 dollars. actually it was 85, after the cuts", 85000, "USD");
  expect_budget(fx, "They set aside €250,000. She said 270 people would use it.", 250000, "EUR");
}

/* Answers in the two voices of a hurried debrief, dictated and typed, one
   block a shape, and the budget each must give; ends with a NULL text. */
static const struct {
  const char *text;
  double amount;
  const char *cur;
} k_voice_cases[] = {
    /* A dictated self-repair with a bare "no" between two figures: the
       figure after "no" wins. */
    {"uh they said sixty no seventy thousand for the software", 70000, "USD"},
    {"finance gave us forty no fifty k for year one", 50000, "USD"},
    {"ok so budget is 80k no 85k after the reforecast", 85000, "USD"},
    {"um about a hundred no a hundred and twenty thousand euros", 120000, "EUR"},
    {"Roughly 2.4 million no 2.6 million rand for the mine site.", 2600000, "ZAR"},
    /* Spoken amounts: "a million and a half", hundreds said without
       "hundred" after "one" ("one twenty k"), "thou"; "one" alone before a
       multiplier stays one. */
    {"they are thinking a million and a half for the fleet", 1500000, "USD"},
    {"two million and a half euros is the envelope", 2500000, "EUR"},
    {"she mentioned one twenty k for the licences", 120000, "USD"},
    {"about one fifty thousand dollars budgeted for training", 150000, "USD"},
    {"budget's something like 75 thou give or take", 75000, "USD"},
    {"one thousand pounds a month for hosting", 1000, "GBP"},
    {"one million dollars and not a cent more", 1000000, "USD"},
    /* An amount of a year ("37.8k/yr", "per annum") is a total, not a unit
       price: after a monthly figure it is the amount; a monthly figure or a
       seat price alone stays. A dollar's code after its unit names it. */
    {"its $2,400/mo so about 28.8k/yr", 28800, "USD"},
    {"fees of 6k monthly, which comes to 72k per annum", 72000, "USD"},
    {"about $2,100/mo AUD, call it 25.2k/yr", 25200, "AUD"},
    {"budget is 90k per year for the analytics seats", 90000, "USD"},
    {"they pay roughly 4 grand a month right now", 4000, "USD"},
    {"$40 per seat, 300 seats, that's what they can stretch to", 40, "USD"},
    /* A figure settled on after another ("let's say", "call it") or a
       ceiling they want to stay under wins over a current figure. */
    {"today they pay 30 lakh a yr, want it lower. lets say 27 lakh", 2700000, "INR"},
    {"existing deal is \xE2\x82\xAC"
     "55,000/yr and they'd like to stay under 50k",
     50000, "EUR"},
    {"current spend is about 120k, keep it under 110k they said", 110000, "USD"},
    {"We discussed 80k then 90k, call it 85k in the end.", 85000, "USD"},
    {"they said ninety thousand wait no ninety five thousand", 95000, "USD"},
    {"the budget is seventy thousand dollars no seventy five", 75000, "USD"},
    {"they have 1.4 million euros no 1.6 for the retrofit", 1600000, "EUR"},
    {"about two hundred thousand pounds no two fifty", 250000, "GBP"},
    {"its like 40k um no 45k for the warehouse scanners", 45000, "USD"},
    /* Typed in a hurry: a sign touching the multiplier ("100k\u20ac"), a
       lower-case code glued to the figure ("usd50k"), a spaced "mn". */
    {"budget approx 100k\xE2\x82\xAC for the pilot", 100000, "EUR"},
    {"1.2m\xE2\x82\xAC over two yrs, board ok'd it", 1200000, "EUR"},
    {"ceiling 50k\xC2\xA3 incl training", 50000, "GBP"},
    {"budget is usd50k, maybe a bit more", 50000, "USD"},
    {"eur75k ringfenced for the crm swap", 75000, "EUR"},
    {"gbp120k approved last week", 120000, "GBP"},
    {"INR 1.2 mn allocated for the clinics", 1200000, "INR"},
    {"roughly 3 mn dirhams set aside", 3000000, "AED"},
    /* What they have beats what the deal came to: a contract value or
       our price said after it, even when settled on ("final", "then");
       a figure settled on with no price of ours still wins. */
    {"the board approved \xC2\xA3"
     "90k for it, the signed contract came in at 86k",
     90000, "GBP"},
    {"they've set aside \xE2\x82\xAC"
     "500k, final price ended up 470k after the discount",
     500000, "EUR"},
    {"budget was 40k usd for phase one we came in at 38k then 9k/yr for hosting", 40000, "USD"},
    {"ceiling of 2 million rand and we came in at 1.9 million and then 300k a year support",
     2000000, "ZAR"},
    {"they first floated 60k for the kiosks, then settled on 75k", 75000, "USD"},
    /* Dictated corrections without commas: a cue that runs on in a bare
       "no" ("actually no 68k", "wait no she said"); a seller's cue after a
       later figure in the run-on is that figure's. */
    {"they've earmarked 75k for it actually no 68k after the freeze", 68000, "USD"},
    {"the clinic has \xC2\xA3"
     "40k approved sorry no wait \xC2\xA3"
     "36k",
     36000, "GBP"},
    {"budget is 1.2m aud. wait no she said 1.1m", 1100000, "AUD"},
    {"around 300k chf. wait no he said 320k chf for both sites", 320000, "CHF"},
    {"ceiling 90k eur.. no sorry 85k 90k was the list price", 85000, "EUR"},
    {"they budgeted 500k usd actually no 450k 500k was our offer", 450000, "USD"},
    {"actually there is no 20k contingency, the budget is 150k", 150000, "USD"},
    /* A higher figure hanging on a condition said right after it yields
       to the firm one; a correction restating a full figure without its
       currency takes the earlier currency, a count of another size stays
       out. */
    {"they've put aside 60k maybe up to 75k if the board likes the pilot", 60000, "USD"},
    {"ceiling 1.2m sek, perhaps 1.5m provided the grant comes through", 1200000, "SEK"},
    {"budget around \xE2\x82\xAC"
     "80k could go to 95k assuming the second site joins",
     80000, "EUR"},
    {"about 30 lakh rupees possibly 35 lakh depending on the audit", 3000000, "INR"},
    {"Budget is AUD 450,000. Correction: the CFO said 480,000 with the training.", 480000, "AUD"},
    {"\xC2\xA3"
     "120,000 for it. actually she said 135,000 after the call",
     135000, "GBP"},
    {"\xE2\x82\xAC"
     "2,000,000 set aside. Correction: they said 2,300,000 incl. licences",
     2300000, "EUR"},
    {"$60,000 approved. Correction: 1,200 users, not 1,000.", 60000, "USD"},
    /* A spoken repair with fillers around its bare "no", on either side:
       the figure after it replaces the one before. */
    {"they can go to 80k no sorry 85k for the whole thing", 85000, "USD"},
    {"roughly 40 grand oh no wait 45 grand with the install", 45000, "USD"},
    {"approved spend is 1.1m eur no sorry 1.3m eur over two years", 1300000, "EUR"},
    {"the pot is sixty thousand pounds wait no seventy thousand", 70000, "GBP"},
    {"no sorry there is no 30k for this yet", 0, NULL},
    /* A "no" after a word that is no figure still denies the amount. */
    {"there is no 50k line for this in the plan", 0, NULL},
    {"honestly no budget number came up at all", 0, NULL},
    {NULL, 0, NULL}};

static void test_budget_voices(void **state) {
  for (size_t k = 0; k_voice_cases[k].text; k++)
    expect_budget(*state, k_voice_cases[k].text, k_voice_cases[k].amount, k_voice_cases[k].cur);
}

/* A ceiling said in passing as what they will not go above: the budget. */
static void test_budget_ceiling_in_passing(void **state) {
  fixture *fx = *state;
  static const char *const said[] = {
      "Good call overall, they told us they won't go above 40 thousand pounds for the rollout.",
      "the clinic manager said they will not go over €25k this year and that's firm",
      "honestly they cant go beyond 1.5 million rand so we need to sharpen the pencil",
      "Procurement was clear they won't go higher than CHF 300,000 including support."};
  static const double amounts[] = {40000, 25000, 1500000, 300000};
  static const char *const curs[] = {"GBP", "EUR", "ZAR", "CHF"};
  for (size_t k = 0; k < 4; k++)
    check_budget(fx, NULL, NULL, said[k], amounts[k], curs[k]);
  /* A count they will not go above is no amount. */
  check_budget(fx, NULL, NULL, "the fleet won't go above 200 trucks next year", 0, NULL);
}

/* An amount said again without its currency ("like I said, 95k") takes the
   currency of the budget already held; a currency it names still wins. */
static void test_budget_currency_held(void **state) {
  fixture *fx = *state;
  static const char *const said[][2] = {{"EUR", "as I mentioned, about 80k tops"},
                                        {"GBP", "same as before really 120k maybe a bit less"},
                                        {"ZAR", "It's 2.2m for the year."},
                                        {"INR", "they confirmed the 40 lakh"},
                                        {"EUR", "they came back with $60k in the end"}};
  static const double amounts[] = {80000, 120000, 2200000, 4000000, 60000};
  static const char *const curs[] = {"EUR", "GBP", "ZAR", "INR", "USD"};
  for (size_t k = 0; k < 5; k++) {
    json_t *held = json_pack("{s:{s:{s:i, s:s}, s:f}}", "budget", "value", "amount", 1000,
                             "currency", said[k][0], "confidence", 0.5);
    check_budget(fx, "budget", held, said[k][1], amounts[k], curs[k]);
    json_decref(held);
  }
  expect_budget(fx, "as I mentioned, about 80k tops", 80000, "USD");
}

/* A currency written in letters before the figure ("RM 800k", "Rp 900
   million", the rand's "R 2.5 million" a word apart) and a scale written
   short or long ("tn", "trillion", "Mrd."); two capitals that abbreviate a
   person, or a lone R, name no currency. */
static const struct {
  const char *text;
  double amount;
  const char *cur;
} k_lettered[] = {{"the ministry earmarked Rp 3.5 trillion for the program", 3.5e12, "IDR"},
                  {"Budget sits around RM 800k for both warehouses.", 800000, "MYR"},
                  {"ceiling is RM 1.2m all in per the finance head", 1200000, "MYR"},
                  {"roughly Rp 900 million for the pilot year", 900000000, "IDR"},
                  {"the province can do R 2.5 million max", 2500000, "ZAR"},
                  {"they have R 450,000 signed off for the clinic", 450000, "ZAR"},
                  {"group level budget is 4 tn yen across the decade", 4e12, "JPY"},
                  {"Der Rahmen: 3 Mrd. EUR over the programme.", 3e9, "EUR"},
                  {"our RM thinks the budget is 80k", 80000, "USD"},
                  {"the R and D team has 60k for tooling", 60000, "USD"},
                  {NULL, 0, NULL}};

static void test_budget_lettered_currency_and_scale(void **state) {
  for (size_t k = 0; k_lettered[k].text; k++)
    expect_budget(*state, k_lettered[k].text, k_lettered[k].amount, k_lettered[k].cur);
}

/* A shared sign or name ("$", "pesos", "rupees", "kroner") takes the member
   of its family the answer names apart from every figure, by code or by a
   qualified name; a sign the figure qualifies itself, a currency outside
   the family, a currency attached to another figure and a country's
   adjective alone leave the default, unless it is the very next word
   after the amount ("$75k Canadian"). */
static const struct {
  const char *text;
  double amount;
  const char *cur;
} k_qualified_sign[] = {
    {"The grant gives them $250k for the sensors, Canadian dollars of course.", 250000, "CAD"},
    {"they have $75,000 set aside for the vineyard pilot, that is NZD", 75000, "NZD"},
    {"procurement approved 3 million pesos, colombian pesos I mean", 3000000, "COP"},
    {"Budget: 40 lakh rupees for the mills. Sri Lankan rupees, not Indian.", 4000000, "LKR"},
    {"ceiling is 900k kroner for both ferries (DKK)", 900000, "DKK"},
    {"around $1.2m earmarked, in aud obviously", 1200000, "AUD"},
    {"US$90k set aside, though most of their other spend is in AUD", 90000, "USD"},
    {"$60k budget for the pilot, and they pay EUR for the old tool today", 60000, "USD"},
    {"$500k approved, which is about 680k Australian dollars", 500000, "USD"},
    {"$200k earmarked for it; the Canadian office runs its own budget", 200000, "USD"},
    {"they have 2 million pesos for the rollout", 2000000, "MXN"},
    /* The adjective as the very next word after the amount qualifies it;
       one further on qualifies another noun. */
    {"$3.4M, Australian, out of the state grant for the depots.", 3400000, "AUD"},
    {"they can find forty thousand dollars Canadian for the trial", 40000, "CAD"},
    {"Ceiling is $75k Canadian including the sensors.", 75000, "CAD"},
    {"about 260 grand, australian, for both councils", 260000, "AUD"},
    {"$90k set aside, and the Canadian office pays for travel", 90000, "USD"},
    {"$150k approved for the Australian rollout next year", 150000, "USD"},
    {NULL, 0, NULL}};

static void test_budget_qualified_sign(void **state) {
  for (size_t k = 0; k_qualified_sign[k].text; k++)
    expect_budget(*state, k_qualified_sign[k].text, k_qualified_sign[k].amount,
                  k_qualified_sign[k].cur);
}

/* A higher bare figure said right after the amount as how far they will
   go is the ceiling, at the amount's scale; hedged before it, conditional
   after it, a count, a year or a figure out of the amount's reach leaves
   the amount. */
static const struct {
  const char *text;
  double amount;
  const char *cur;
} k_stretch[] = {
    {"Finance signed off SEK 3m, stretching to 3.3 for the whole estate.", 3300000, "SEK"},
    {"the CFO has $1.2 million for it and told me they can go to 1.4", 1400000, "USD"},
    {"they have 45 thousand dollars, can go as high as 52", 52000, "USD"},
    {"budget of 600k GBP, they could go up to 650", 650000, "GBP"},
    {"they have 45 thousand dollars, maybe stretching to 52", 45000, "USD"},
    {"CHF 380k in the plan, can stretch to 420 if the payback holds", 380000, "CHF"},
    {"their budget is 90k euros, could go to 3 sites next year", 90000, "EUR"},
    {"approved 200k euros, stretching to 2027 for delivery", 200000, "EUR"},
    {"they have €70k set aside and can go to 400 users", 70000, "EUR"},
    {NULL, 0, NULL}};

static void test_budget_stretch(void **state) {
  for (size_t k = 0; k_stretch[k].text; k++)
    expect_budget(*state, k_stretch[k].text, k_stretch[k].amount, k_stretch[k].cur);
}

/* After a correction that says a figure again to explain what it covers, a
   yearly share worked out from it is no correction of its own: the total
   stays. A correction to a new figure still wins. */
static const struct {
  const char *text;
  double amount;
  const char *cur;
} k_worked_after_correction[] = {
    {"They quoted £200k for the two years. Sorry, to be precise it's £200k for two years plus "
     "the option year, so about £66k a year.",
     200000, "GBP"},
    {"$900k over three years, actually, correction, $900k covers three years and the renewal, "
     "so roughly $225k per year",
     900000, "USD"},
    {"we heard 480k euros total. correction: 480k euros over four years, which is 120k a year",
     480000, "EUR"},
    {"CAD 1.5m for five years. No wait, the CAD 1.5m includes the pilot too, so around CAD 300k "
     "annually.",
     1500000, "CAD"},
    {"80k euros over two years. wait, no, 90k euros", 90000, "EUR"},
    {"It's 75k dollars, sorry, 70k dollars, so we fit under it", 70000, "USD"},
    {NULL, 0, NULL}};

static void test_budget_worked_after_correction(void **state) {
  for (size_t k = 0; k_worked_after_correction[k].text; k++)
    expect_budget(*state, k_worked_after_correction[k].text, k_worked_after_correction[k].amount,
                  k_worked_after_correction[k].cur);
}

/* Local signs written before the figure ("MX$", "NT$", "RD$", "COL$", the
   sol's "S/", the shilling's "KSh") and the Nordic "kr" after it; "S/N"
   before a serial number and "kr" with no figure name no currency. */
static const struct {
  const char *text;
  double amount;
  const char *cur;
} k_local_signs[] = {
    {"the franchise board approved MX$ 4.2 million for kiosks", 4200000, "MXN"},
    {"ceiling for the clinics is mx$900k including install", 900000, "MXN"},
    {"they have NT$ 15 million budgeted for the line upgrade", 15000000, "TWD"},
    {"Budget sits at RD$ 3.5m for the resort chain", 3500000, "DOP"},
    {"the rector set aside S/ 380,000 for the campus network", 380000, "PEN"},
    {"about S/. 1.2 million allocated across both mines", 1200000, "PEN"},
    {"the county has KSh 40 million earmarked for the boreholes", 40000000, "KES"},
    {"the municipality has put aside 650 000 kr for the harbour cameras", 650000, "NOK"},
    {"the budget is 2 million kr for both ferries", 2000000, "NOK"},
    {"the budget is about 80k, the unit S/N 40213 was the demo one", 80000, "USD"},
    {NULL, 0, NULL}};

static void test_budget_local_signs(void **state) {
  for (size_t k = 0; k_local_signs[k].text; k++)
    expect_budget(*state, k_local_signs[k].text, k_local_signs[k].amount, k_local_signs[k].cur);
}

/* A first year's figure, then a lower one placed from the second year on:
   the first year's is the budget. A "from then on" before the figure, or
   a single figure, changes nothing. */
static const struct {
  const char *text;
  double amount;
  const char *cur;
} k_later_years[] = {
    {"€120k for the first year with onboarding, then about €90k a year after that", 120000, "EUR"},
    {"they have $60k for year one, and around $45k from year two", 60000, "USD"},
    {"£300k in the first year including hardware and £200k thereafter", 300000, "GBP"},
    {"CHF 80k for the launch year, then CHF 55k from the second year", 80000, "CHF"},
    {"after that call the sponsor confirmed €75k for the pilot", 75000, "EUR"},
    {"from year two the price goes up, but their budget is 150k dollars", 150000, "USD"},
    {NULL, 0, NULL}};

static void test_budget_later_years(void **state) {
  for (size_t k = 0; k_later_years[k].text; k++)
    expect_budget(*state, k_later_years[k].text, k_later_years[k].amount, k_later_years[k].cur);
}

/* Dictated with no punctuation, one clause holds every figure of the
   answer: each figure takes the cue words next to it, so a price we gave
   or what they pay now beside the budget stays out, whichever comes
   first; a figure with its own budget words still wins. */
static const struct {
  const char *text;
  double amount;
  const char *cur;
} k_run_on[] = {
    {"the hospital trust has 60k pounds ring fenced our list price is 75k", 60000, "GBP"},
    {"we pitched 410k euro the ceiling they gave us is 380k euro", 380000, "EUR"},
    {"they currently spend 95k dollars on the old vendor their budget for us is 110k dollars",
     110000, "USD"},
    {"around 2.2 million kroner set aside for the fleet our offer was 2.6 million kroner", 2200000,
     "NOK"},
    {"existing licences run about 48k aud per year and they approved 55k aud for the switch", 55000,
     "AUD"},
    {"max they can do is 300k chf we are at 340k chf after the discount", 300000, "CHF"},
    {"the warehouse group pays 18k euro today budget was 24k euro they told me", 24000, "EUR"},
    {"our quote came to 900k dollars they had 750k dollars in the plan", 750000, "USD"},
    {"the clinic kept aside 70k euro and might find 85k if the trial goes well", 70000, "EUR"},
    {"90k dollars put aside for the roll out our first number was 120k dollars", 90000, "USD"},
    /* Near misses: the only figure with a cue of its own is the budget. */
    {"their budget is 45k euro and the rival charges 52k euro", 45000, "EUR"},
    {"we quoted 30k pounds and they said 30k pounds is fine for the budget", 30000, "GBP"},
    {NULL, 0, NULL}};

static void test_budget_run_on_figures(void **state) {
  for (size_t k = 0; k_run_on[k].text; k++)
    expect_budget(*state, k_run_on[k].text, k_run_on[k].amount, k_run_on[k].cur);
}

/* A spoken decimal before a thousand ("six point five k"), as before a
   million; without a multiplier it is no amount of its own. */
static void test_budget_spoken_decimal_thousands(void **state) {
  fixture *fx = *state;
  expect_budget(fx, "they can stretch to six point five k pounds a year", 6500, "GBP");
  expect_budget(fx, "budget is roughly three point two thousand euros a month", 3200, "EUR");
  expect_budget(fx, "nine point nine k dollars approved for the trial", 9900, "USD");
  expect_budget(fx, "the cap sits at twelve point five thousand francs", 12500, "CHF");
  expect_budget(fx, "the budget goes to version two point one next year", 0, NULL);
}

/* A dictated figure said twice over, or restarted after its tens ("sixty
   three sixty three thousand"): the unit after a spoken tens word belongs
   to that tens, never the hundreds of a new figure. */
static void test_budget_spoken_restart(void **state) {
  fixture *fx = *state;
  expect_budget(fx, "they set aside sixty three sixty three thousand pounds", 63000, "GBP");
  expect_budget(fx, "budget is uh thirty one thirty one million rand for phase one", 31000000,
                "ZAR");
  expect_budget(fx, "ceiling of eighty five no sorry seventy five seventy five k euro", 75000,
                "EUR");
  expect_budget(fx, "ninety two ninety two thousand dollars approved by finance", 92000, "USD");
  /* A bare "no" then a restarted figure repairs the figure before it. */
  expect_budget(fx, "they can do sixty thousand euro no fifty fifty thousand euro", 50000, "EUR");
  expect_budget(fx, "about ninety k no eighty eighty k dollars for the year", 80000, "USD");
  expect_budget(fx, "a hundred grand no ninety ninety grand is approved", 90000, "USD");
  /* Near miss: hundreds said without "hundred" still read as such. */
  expect_budget(fx, "budget is two fifty k dollars", 250000, "USD");
}

/* A capital L glued to a figure is a lakh in an answer that names Indian
   money anywhere; elsewhere it is no amount (litres). */
static void test_budget_lakh_letter(void **state) {
  fixture *fx = *state;
  expect_budget(fx, "they have 25L for the new campus app, INR of course", 2500000, "INR");
  expect_budget(fx, "budget ~7.5L rupees a year for the clinic software", 750000, "INR");
  expect_budget(fx,
                "\xE2\x82\xB9"
                "60L approved by the trustees",
                6000000, "INR");
  expect_budget(fx, "Rs 18L is the cap for both branches", 1800000, "INR");
  /* Near miss: no rupees named, so the L stays litres. */
  expect_budget(fx, "they order 40L of coolant a week", 0, NULL);
}

/* A bare "wait" between two figures repairs the first, in speech with
   little punctuation; "wait" said of time, not before a figure, repairs
   nothing. */
static void test_budget_bare_wait(void **state) {
  fixture *fx = *state;
  expect_budget(fx, "finance signed off 120k euro.. wait 125k", 125000, "EUR");
  expect_budget(fx, "they have 300k dollars for it wait 320k dollars", 320000, "USD");
  expect_budget(fx, "budget is 48k pounds oh wait 52k pounds with support", 52000, "GBP");
  expect_budget(fx, "about 2m sek wait 2.3m sek for both depots", 2300000, "SEK");
  /* Near misses. */
  expect_budget(fx, "they set aside 75k euro but want to wait until the audit in 2027 is done",
                75000, "EUR");
  expect_budget(fx, "we will wait on the board. budget is 60k dollars", 60000, "USD");
}

/* A figure marked as the one said first gives way to the other, in
   either order and without punctuation; a figure with no such mark keeps
   its cues. */
static void test_budget_first_said(void **state) {
  fixture *fx = *state;
  expect_budget(fx, "the dean first said 400k euro then settled at 350k euro", 350000, "EUR");
  expect_budget(fx, "they have 70k pounds the buyer originally said 90k pounds with hardware",
                70000, "GBP");
  expect_budget(fx, "about 1.1m dollars approved Ravi initially mentioned 1.4m dollars", 1100000,
                "USD");
  expect_budget(fx, "she first said 30k aud and later agreed 26k aud is the cap", 26000, "AUD");
  /* Near miss: "first" of a phase, not of what was said. */
  expect_budget(fx, "the first phase budget is 45k euro", 45000, "EUR");
}

/* A figure without a currency right before things it counts, said in
   passing with a cue of money nearby, is no budget; a figure that is the
   subject of a verb, or followed by its period, still is. */
static void test_budget_count_in_passing(void **state) {
  fixture *fx = *state;
  static const char *const counted[] = {
      "they need to pay roughly six thousand drivers each week without handling cash",
      "the budget talk can wait, first the app must carry 12k members through the season",
      "most of the spend goes on onboarding two thousand nurses a year across the region",
      "About 3 million passengers a year, and the council wants to invest in live signage."};
  for (size_t k = 0; k < 4; k++)
    check_budget(fx, "customer_needs", NULL, counted[k], 0, NULL);
  check_budget(fx, "customer_needs", NULL, "they can pay 80 thousand a year for the platform",
               80000, "USD");
  check_budget(fx, NULL, NULL, "Their budget of 250k covers both depots.", 250000, "USD");
  check_budget(fx, NULL, NULL, "the ceiling is 40k pounds for the refit", 40000, "GBP");
}

/* A sign or name shared by a family ("kroner", "$", "pesos"), said with
   nothing in the answer that picks a member, keeps the member of the
   budget already held; a code or a qualifier in the answer still wins,
   and a held currency of another family changes nothing. */
static void test_budget_held_family_member(void **state) {
  fixture *fx = *state;
  static const struct {
    const char *held, *text;
    double amount;
    const char *cur;
  } k[] = {{"DKK", "3,1 mio kroner for phase two, not signed yet", 3100000, "DKK"},
           {"CAD", "They have $150k approved for the rollout.", 150000, "CAD"},
           {"CLP", "the mine set aside 900 million pesos", 900000000, "CLP"},
           {"LKR", "maybe forty lakh rupees all in", 4000000, "LKR"},
           {"DKK", "NOK 2m for the Bergen yard instead", 2000000, "NOK"},
           {"CAD", "US$200k is the cap", 200000, "USD"},
           {"EUR", "about 5 million kroner", 5000000, "NOK"},
           {NULL, NULL, 0, NULL}};
  for (size_t i = 0; k[i].held; i++) {
    json_t *held = json_pack("{s:{s:{s:i, s:s}, s:f}}", "budget", "value", "amount", 1000,
                             "currency", k[i].held, "confidence", 0.5);
    check_budget(fx, "budget", held, k[i].text, k[i].amount, k[i].cur);
    json_decref(held);
  }
}

/* Thousands split twice by apostrophes or dots, read whole. */
static void test_budget_grouped_twice(void **state) {
  fixture *fx = *state;
  expect_budget(fx, "CHF 1'850'000 spread across the term, already approved", 1850000, "CHF");
  expect_budget(fx, "They earmarked 2'400'000 francs.", 2400000, "CHF");
  expect_budget(fx,
                "Rahmen ist \xE2\x82\xAC"
                "4.250.000 for both plants",
                4250000, "EUR");
  expect_budget(fx, "the fund holds 7 500 000 kronor for it", 7500000, "SEK");
}

/* A local sign or scale after the figure: a scale abbreviated with a
   period before the currency, a million in a Central European spelling or
   case, and currency signs beyond the common few. */
static void test_budget_local_sign_and_scale(void **state) {
  fixture *fx = *state;
  expect_budget(fx, "the city has 4,5 mil. K\xC4\x8D reserved for the depot cameras", 4500000,
                "CZK");
  expect_budget(fx, "roughly 12 milionu K\xC4\x8D over two years", 12000000, "CZK");
  expect_budget(fx, "the plant can spend 3 miliony K\xC4\x8D on the upgrade", 3000000, "CZK");
  expect_budget(fx, "they quoted 800 tys. z\xC5\x82 for the warehouse scanners", 800000, "PLN");
  expect_budget(fx, "a ceiling of 40 milion\xC3\xB3w z\xC5\x82 for the depots", 40000000, "PLN");
  expect_budget(fx, "about 1,5 Mrd. EUR across the programme", 1500000000, "EUR");
  expect_budget(fx,
                "the ministry set aside \xE2\x82\xB4"
                "2.5 million for the clinics",
                2500000, "UAH");
  expect_budget(fx,
                "\xE2\x82\xAB"
                "900 million for the pilot farms",
                900000000, "VND");
  expect_budget(fx, "around 750 000 K\xC4\x8D for licences", 750000, "CZK");
  /* Near misses: a sentence ending after a plain figure names no currency
     for it, and a scale said of people is no budget. */
  check_budget(fx, "customer_needs", NULL, "the region has 3 miliony residents on the old network",
               0, NULL);
  expect_budget(fx, "they run 40 trucks. EUR pricing is fine, 60k for the year", 60000, "EUR");
}

/* A bare figure after a correction whose speaker is named ("the CFO
   corrected him: 95") repairs the amount before it with its scale and
   currency, "and a half" included, and wins over an amount the correction
   goes on to add. A figure that counts something stays out. */
static void test_budget_repair_by_someone(void **state) {
  fixture *fx = *state;
  expect_budget(fx, "€80k for the rollout. Actually the controller corrected him, 95.", 95000,
                "EUR");
  expect_budget(
      fx, "They have about two grand a month. Sorry, Priya corrected me - it's two and a half.",
      2500, "USD");
  expect_budget(fx,
                "£300k in this year's plan. Actually no, the director corrected herself: 320, they "
                "shifted 20 grand over from training.",
                320000, "GBP");
  expect_budget(fx, "Budget was $1.1 million. No wait, Omar corrected me, 1.3 once IT chipped in.",
                1300000, "USD");
  expect_budget(fx, "$60k for year one. Actually Lena corrected him, 600 users not 500.", 60000,
                "USD");
  expect_budget(fx,
                "ok so four grand a quarter. actually the owner corrected me it's four and a half",
                4500, "USD");
  expect_budget(fx, "$90k for the pilot. Sorry, no, 90 was the list price; they can do 75k.", 75000,
                "USD");
  expect_budget(fx, "About €45k. Actually no, the buyer corrected herself: 12 sites, not ten.",
                45000, "EUR");
  /* A joining word is no figure: "a bit more" repairs nothing, and the
     word after a bare figure is no part of it. */
  expect_budget(fx, "They set aside 1.5 million. Sorry, a bit more than that.", 1500000, "USD");
  expect_budget(fx, "$210k in the plan. Actually no, the CFO corrected him, 240 a year.", 240000,
                "USD");
  expect_budget(fx, "roughly 1.6k a seat. actually the buyer corrected me, a little under.", 1600,
                "USD");
}

/* A total said after the parts it adds up is the budget, over each part
   and over a part with a budget cue of its own; a figure no larger than
   one before it is a part, not their sum, and a total said first stays. */
static const struct {
  const char *text;
  double amount;
  const char *cur;
} k_totals[] = {
    {"the trust put aside £90k, the parish chips in 30k, so 120k in total", 120000, "GBP"},
    {"€50,000 approved from IT and €25,000 from ops, 75k altogether", 75000, "EUR"},
    {"budget of $300k for licences plus 40k for services, 340k combined", 340000, "USD"},
    {"hardware funding is 60 grand, training another 15, so 75k all in", 75000, "USD"},
    /* Near misses: the total comes first, or the later figure is smaller. */
    {"they have £200k in total, and 50k of that is for training", 200000, "GBP"},
    {"budget is €500k; the first phase alone is 120k in total", 500000, "EUR"},
    {NULL, 0, NULL}};

static void test_budget_total_after_parts(void **state) {
  for (size_t k = 0; k_totals[k].text; k++)
    expect_budget(*state, k_totals[k].text, k_totals[k].amount, k_totals[k].cur);
}

/* "we were at $62k": the seller's price in the past tense, beside the
   budget they had, is not their budget. */
static void test_budget_our_price_past(void **state) {
  fixture *fx = *state;
  expect_budget(fx, "thirty grand is their limit. we were at $48k", 30000, "USD");
  expect_budget(fx, "they had £20k for it, we were at £26k with the hardware", 20000, "GBP");
  /* Near miss: "we were at" a place, the one figure stays. */
  expect_budget(fx, "we were at their office and they said 45k is the budget", 45000, "USD");
}

/* Said in answer to something else, with a budget already held: a
   correction of the seller's price leaves the held budget in place (no
   "replace"), while a correction of what they can spend takes its place. */
static void test_budget_price_correction_in_passing(void **state) {
  fixture *fx = *state;
  static const struct {
    const char *text;
    bool replace;
  } k[] = {
      {"Agreed price is 8.5 million rand a year, sorry, 8.2 million after the discount.", false},
      {"we quoted them 700k euros a year, no wait, 690k with the second site", false},
      {"They agreed a price of $1.1m a year, actually make that $1.05m, for all depots.", false},
      {"price agreed at 52 thousand pounds per year, correction, 50 thousand", false},
      /* Near misses: a correction of the budget itself, and one naming both. */
      {"their budget is 8.5 million rand, sorry, 8.2 million after the cuts", true},
      {"we quoted 700k but their ceiling is 650k, no wait, 640k", true},
  };
  for (size_t i = 0; i < sizeof k / sizeof k[0]; i++) {
    json_t *held = json_pack("{s:{s:{s:i, s:s}, s:f}}", "budget", "value", "amount", 900000,
                             "currency", "USD", "confidence", 0.85);
    json_t *u = fx_run_with(fx, fx->sales, held, "meeting_outcome", k[i].text);
    const json_t *e = json_object_get(u, "budget");
    bool rep = json_is_true(json_object_get(e, "replace"));
    if ((k[i].replace && !e) || (e && rep != k[i].replace))
      fail_msg("'%s': budget %s, want replace %d", k[i].text, fx_dump(u, "budget"),
               (int)k[i].replace);
    json_decref(u);
    json_decref(held);
  }
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_budget_ceiling_in_passing),
      cmocka_unit_test(test_budget_currency_held),
      cmocka_unit_test(test_budget_less_common_currency),
      cmocka_unit_test(test_budget_world_currencies),
      cmocka_unit_test(test_budget_corrected_in_next_sentence),
      cmocka_unit_test(test_budget_voices),
      cmocka_unit_test(test_budget_lettered_currency_and_scale),
      cmocka_unit_test(test_budget_qualified_sign),
      cmocka_unit_test(test_budget_stretch),
      cmocka_unit_test(test_budget_worked_after_correction),
      cmocka_unit_test(test_budget_local_signs),
      cmocka_unit_test(test_budget_later_years),
      cmocka_unit_test(test_budget_run_on_figures),
      cmocka_unit_test(test_budget_spoken_decimal_thousands),
      cmocka_unit_test(test_budget_spoken_restart),
      cmocka_unit_test(test_budget_lakh_letter),
      cmocka_unit_test(test_budget_bare_wait),
      cmocka_unit_test(test_budget_first_said),
      cmocka_unit_test(test_budget_count_in_passing),
      cmocka_unit_test(test_budget_held_family_member),
      cmocka_unit_test(test_budget_grouped_twice),
      cmocka_unit_test(test_budget_local_sign_and_scale),
      cmocka_unit_test(test_budget_repair_by_someone),
      cmocka_unit_test(test_budget_total_after_parts),
      cmocka_unit_test(test_budget_our_price_past),
      cmocka_unit_test(test_budget_price_correction_in_passing),
  };
  return cmocka_run_group_tests(tests, fx_setup, fx_teardown);
}
