/*
 * test_named_list.c - tests for server/engine/rules/named_list.c: lists of
 * named things (products, rivals, tools, skills) read from one answer.
 */
#include "fixture.h"

/* Products said without commas split where "the" or "our" opens the next
   name, also when the list opens the answer and when the answer starts
   with bytes no sentence has (CI's fuzzer found the byte before offset 0
   read there). */
static void test_products_article_items_from_the_start(void **state) {
  fixture *fx = *state;
  static const struct {
    const char *text;
    const char *want[3];
  } said[] = {
      {"The Crop Ledger the Spray Planner and the Yard App.",
       {"Crop Ledger", "Spray Planner", "Yard App"}},
      {"our Dock Manager the Slot Booker and the Gate Kiosk",
       {"Dock Manager", "Slot Booker", "Gate Kiosk"}},
  };
  for (size_t k = 0; k < sizeof said / sizeof said[0]; k++) {
    json_t *u = fx_run(fx, fx->sales, "products_discussed", said[k].text);
    const json_t *v = fx_val(u, "products_discussed");
    for (size_t i = 0; i < 3; i++)
      if (!fx_has(v, said[k].want[i]))
        fail_msg("'%s': want '%s' in %s", said[k].text, said[k].want[i],
                 fx_dump(u, "products_discussed"));
    json_decref(u);
  }
  static const char *const odd[] = {
      "\x06]hey want the module\x16\xe6or the installat/ion ?will interrupt sprin",
      "\x01the pump the valve",
      " \x02our kit the app",
  };
  for (size_t k = 0; k < sizeof odd / sizeof odd[0]; k++)
    json_decref(fx_run(fx, fx->sales, "products_discussed", odd[k]));
}

/* One answer and a name the list must hold (wanted) or must not. */
typedef struct said_case {
  const char *text;
  const char *name;
  bool wanted; /* false: a near miss that must stay out */
} said_case;

/* Runs each answer as the answer to field of tpl and checks its name. */
static void check_said_in(fixture *fx, const dbf_template *tpl, const char *field,
                          const said_case *said, size_t n) {
  size_t bad = 0;
  for (size_t k = 0; k < n; k++) {
    json_t *u = fx_run(fx, tpl, field, said[k].text);
    if (fx_has(fx_val(u, field), said[k].name) != said[k].wanted) {
      print_error("'%s': '%s' %s in %s\n", said[k].text, said[k].name,
                  said[k].wanted ? "wanted" : "unwanted", fx_dump(u, field));
      bad++;
    }
    json_decref(u);
  }
  if (bad > 0)
    fail_msg("%zu of %zu answers read wrong", bad, n);
}

/* Answers to the rivals question, one class of shape after another. */
static const said_case k_rivals_said[] = {
    /* Rivals named bare to open a sentence, closed at once by a mark, a
       bracket, a dash or a word that rates or places them ("for sure",
       "too", "thru"), typed with care or in lower case; everyday words and
       the people met that open an answer stay out. */
    {"Kestrelmark for sure, their rep kept phoning the plant manager.", "Kestrelmark", true},
    {"Orvanta (they won it in the end).", "Orvanta", true},
    {"Good talk. Tallowby Labs too, for the lab side.", "Tallowby Labs", true},
    {"Brinecast thru the regional buying group.", "Brinecast", true},
    {"quillmoor for sure, the ops lead liked their app", "quillmoor", true},
    {"ferrowick freight (cheaper) but slow on claims", "ferrowick freight", true},
    {"norbeck obviously they have been in there ten years", "norbeck", true},
    {"tarnwell roofing is the one they keep bringing up", "tarnwell roofing", true},
    {"Pricing, mostly. They never named anyone.", "Pricing", false},
    {"honestly for now nobody", "honestly", false},
    {"mostly spreadsheets, nothing else.", "mostly", false},
    {"Priya (their VP) said nobody else.", "Priya", false},
    {"priya for sure wants it done by june", "priya", false},
    {"Security for sure, that was the worry.", "Security", false},
    /* The customer keeping what it has, an alternative with no vendor,
       kept in the speaker's short words; the deal's terms and what is
       denied stay out. */
    {"they could just keep the old boilers another winter", "keep the old boilers", true},
    {"Sticking with paper rosters is what the matron wants.", "paper rosters", true},
    {"the night manager said they can do it all in Sheets themselves", "Sheets", true},
    {"the other option is the gas heaters they have now", "gas heaters", true},
    {"Keeping those diesel gensets for two more seasons, probably.", "keep those diesel gensets",
     true},
    {"they want to keep the price under ten k", "keep the price", false},
    {"they will not stick with the paper rosters", "paper rosters", false},
    {"keep their costs low is all they care about", "keep their costs", false},
    /* Typed in lower case, a name right after a word that leads into one
       (a preposition, "and", a verb of naming or trying); everyday words
       there stay lower and out. */
    {"they had a quote from brevanto last month, way too pricey", "Brevanto", true},
    {"the site lead mentioned halloway too but not seriously", "Halloway", true},
    {"still on sproutlane right now, renewal is in may", "Sproutlane", true},
    {"somebody tried kelvoro at the depot and hated it", "Kelvoro", true},
    {"they might end up with ardentis, who knows", "Ardentis", true},
    {"the ops guy was unhappy with the timeline", "Timeline", false},
    {"spoke to procurement and finance about it", "Finance", false},
    {"they had a battery issue with the old ones", "Battery", false},
    /* A system the customer keeps beside ours is no rival; the rival said
       in the same breath stays. */
    {"they run Ledgerline for payroll and we would integrate with it, not replace it. "
     "Cheaper rival was Paymint.",
     "Ledgerline", false},
    {"Moodle stays for coursework, which we dont replace; Brightdesk pitched them too", "Moodle",
     false},
    {"Moodle stays for coursework, which we dont replace; Brightdesk pitched them too",
     "Brightdesk", true},
    {"so the clinic uses Vetlink for records, which we don't replace, and Pawdesk also quoted",
     "Vetlink", false},
    {"so the clinic uses Vetlink for records, which we don't replace, and Pawdesk also quoted",
     "Pawdesk", true},
    {"on the fleet side they use Trackora and we'd integrate w it. nobody else", "Trackora", false},
    /* A rival opening a sentence and showing its offer ("demoed", "do a
       demo", "pitched"); an everyday word there stays out. */
    {"Good meeting. Varnley do a demo for the stores next week.", "Varnley", true},
    {"Pricing is tight. Quorrel demoed their app to the night shift.", "Quorrel", true},
    {"Stelbrook pitched the district twice last term", "Stelbrook", true},
    {"Ok so. Dennacott gave a demo at the co-op in March.", "Dennacott", true},
    {"Nobody else. Training did a demo of ours for the crews.", "Training", false},
    /* A name opened by a short token of a lower-case letter and digits
       keeps it, and its tail is not a second rival; a version ("v2")
       opens no name. */
    {"k4 Robotics came in cheaper", "k4 Robotics", true},
    {"k4 Robotics came in cheaper", "Robotics", false},
    {"r7 Labs is the incumbent, been there for years", "r7 Labs", true},
    {"They also looked at b4 Systems last spring.", "b4 Systems", true},
    {"the shortlist ended with x2 Analytics, who won", "x2 Analytics", true},
    {"Orvane pitched them the v2 Platform", "v2 Platform", false},
    /* Typed in lower case, a rival's name right after its kind (led by a
       determiner or a word of where from or of now), or after "is" that
       follows the kind; it ends at a verb, a function word or a mark. A
       word of the customer's own, "itself" and a brand's goods stay out. */
    {"we heard a coastal outfit brindlemoor freight has been sniffing around",
     "Brindlemoor Freight", true},
    {"the ops lead said their payroll provider zentallo was pushing a bundle", "Zentallo", true},
    {"their current supplier is korvath chemicals and they renew in spring", "Korvath Chemicals",
     true},
    {"one norwegian firm fjelvik data did a trial at the north depot", "Fjelvik Data", true},
    {"apparently a regional mob pelgrove sa sent over some numbers", "Pelgrove Sa", true},
    {"the vendor is slow to answer tickets anyway", "Slow", false},
    {"a local contractor quoted them about half of ours", "local contractor", true},
    {"they kept the old brand mixers since the eighties", "Mixers", false},
    {"mostly they just lean on the installer itself for repairs", "Itself", false},
    /* Typed in lower case, a name right after a verb of using ("uses",
       "used"); an everyday word there stays lower and out, and so does
       what is run ("runs overtime"). */
    {"the sister hotel uses quellbrook and swears by it", "Quellbrook", true},
    {"their new cfo used tarrowin at her last job", "Tarrowin", true},
    {"for all the picking the dutch depot uses haverlund", "Haverlund", true},
    {"apparently half the region use sollemar now", "Sollemar", true},
    {"the night shift uses paper for handovers", "Paper", false},
    {"the yard still runs overtime every friday", "Overtime", false},
    /* Typed in lower case, a name right after a verb of saying and right
       before what only a vendor does ("quoted lower", "pitched them"). */
    {"the head chef said varolink quoted lower for the same kit", "Varolink", true},
    {"dimitri mentioned orsenta pitched them in june", "Orsenta", true},
    {"our champion reckons tallisbrook came in cheaper", "Tallisbrook", true},
    {"ok so she says pembrake won the last tender", "Pembrake", true},
    {"the buyer said pricing came up twice", "Pricing", false},
    {"he said someone pitched them a cheaper box", "Someone", false},
    /* A rival named in brackets right after a word of its kind, typed
       with care or in lower case; a bracket after a person says their
       role, not a rival. */
    {"Their scheduling vendor (Rotavane) is pushing an upgrade.", "Rotavane", true},
    {"the old boiler maker (halvorn thermal) still services them", "Halvorn Thermal", true},
    {"Mostly the incumbent supplier (Ferrowan Group), nobody else really.", "Ferrowan Group", true},
    {"core ledger provider (quillon) says they can add it next year", "Quillon", true},
    {"Marta (their buyer) said no one else is in it.", "Marta", false},
    {"tomas (ops) thinks they will stay put", "Tomas", false},
    /* Typed in lower case, after one spoken to ("them", "us", "him"),
       "on" and "about" say the channel or topic, not a rival; a name
       after "on" with no one spoken to before it stays a rival. */
    {"they also tried mirevo but the rep messaged him on whatsapp twice", "Whatsapp", false},
    {"somebody from the region rang us about warranties", "Warranties", false},
    {"a reseller emailed her on saturday with a deal", "Saturday", false},
    {"their old vendor keeps calling me about renewals", "Renewals", false},
    {"they also tried mirevo but the rep messaged him on whatsapp twice", "Mirevo", true},
    {"the depot is still on caldrex for now", "Caldrex", true},
    /* A word of how the meeting felt, said to the rivals question and
       closed at once, is no rival. */
    {"neutral. polite but nothing moving this quarter", "Neutral", false},
    {"Neutral, they were busy with the audit.", "Neutral", false},
    {"lukewarm. they liked the demo though", "Lukewarm", false},
    {"Lukewarm (the boss was away).", "Lukewarm", false},
    /* Typed in lower case, a one-word name after a cue ("called",
       "named") ends at a verb in -ed said right after it. */
    {"a startup called mirevo messaged him on whatsapp twice", "Mirevo", true},
    {"they looked at a tool called brackwell offered by the council", "Brackwell", true},
    {"a firm named ostrava logged a complaint", "Ostrava", true},
    {"there's a vendor called teslin trained their staff last year", "Teslin", true},
    {"they also looked at quorra labs", "Quorra Labs", true},
    /* Typed in lower case, two words that open a sentence before a cue
       only a vendor does are a name when the second says a firm's kind,
       even when the first is an everyday word; "our" opens none. */
    {"anchor systems won the tender in the end", "Anchor Systems", true},
    {"ok. harbour technology pitched them in march", "Harbour Technology", true},
    {"bright health quoted them lower last week", "Bright Health", true},
    {"summit labs came in cheaper but slower", "Summit Labs", true},
    {"our systems won them over in the end", "Our Systems", false},
};

/* Runs each answer as the answer to a sales field and checks its name. */
static void check_said(fixture *fx, const char *field, const said_case *said, size_t n) {
  check_said_in(fx, fx->sales, field, said, n);
}

static void test_competitors_said(void **state) {
  check_said(*state, "competitors", k_rivals_said, sizeof k_rivals_said / sizeof k_rivals_said[0]);
}

/* Answers to the tools question, one class of shape after another. */
static const said_case k_tools_said[] = {
    /* A piece of work and a verb of where it happens, then the named
       tool after "on", "in", "from" or "through": the tool is the item,
       the work and its verb are not. */
    {"Payroll runs on Paybridge; timesheets come from Clockwell.", "Paybridge", true},
    {"Payroll runs on Paybridge; timesheets come from Clockwell.", "Clockwell", true},
    {"Payroll runs on Paybridge; timesheets come from Clockwell.", "Payroll runs", false},
    {"Payroll runs on Paybridge; timesheets come from Clockwell.", "timesheets come", false},
    {"- stock counts went through Tallyhand\n- menu costing in Platewise", "Tallyhand", true},
    {"- stock counts went through Tallyhand\n- menu costing in Platewise", "stock counts went",
     false},
    {"- stock counts went through Tallyhand\n- menu costing in Platewise", "Platewise", true},
    {"route planning ran on Fleetmoor then the quotes came from Quotebarn", "Fleetmoor", true},
    {"Rota building lived in Shiftory for years.", "Shiftory", true},
    {"Rota building lived in Shiftory for years.", "Rota building lived", false},
    {"Blood lactate gets checked on the Lactiva Meter, results go in the ward log.",
     "Lactiva Meter", true},
    {"guest check-ins happen on the Frontdeskly kiosk", "Frontdeskly", true},
    {"Soil moisture is read from the Probewise Max on each block.", "Probewise Max", true},
    {"Soil moisture is read from the Probewise Max on each block.", "Soil moisture is read", false},
    /* Near misses: a piece of work done at a time or place names no tool. */
    {"The audits ran on weekends, mostly with Excel.", "weekends", false},
    {"The audits ran on weekends, mostly with Excel.", "Excel", true},
    /* What a tool is for, itself a list joined by "+", "&" or "and": the
       words joined after the purpose are more of it, typed with care or in
       a hurry; a capitalized name, a thing opened by an article or a name
       a lexicon knows after the purpose is still a tool. */
    {"Tillvane for orders + returns, Rotabee for shifts", "returns", false},
    {"Tillvane for orders + returns, Rotabee for shifts", "Tillvane", true},
    {"Tillvane for orders + returns, Rotabee for shifts", "Rotabee", true},
    {"kegtrack for deliveries & billing, a dipstick app", "billing", false},
    {"kegtrack for deliveries & billing, a dipstick app", "kegtrack", true},
    {"Quotably for the estimates and invoicing, then Slate for plans.", "invoicing", false},
    {"Quotably for the estimates and invoicing, then Slate for plans.", "Quotably", true},
    {"the Ferncroft scale for weights + labels", "labels", false},
    {"Harvo for bookings + Instaplot, Excel", "Instaplot", true},
    {"Lumacare for charting and the bed sensor mats", "bed sensor mats", true},
    {"Pitchly for proposals & Excel, and Slack", "Excel", true},
    /* A tool taken back by a correction cue and the one said in its place,
       in one run-on, across sentences, or after a question mark; what is
       said of the taken-back tool ("was in the old depot") names none. A
       trailing "actually" affirms, and a tool said to be for something
       or the old one stays. */
    {"the dispatch app was Quillbase no sorry it was Routeline", "Quillbase", false},
    {"the dispatch app was Quillbase no sorry it was Routeline", "Routeline", true},
    {"Barcodes went into Stockwell. No, sorry, Stockwell was at the old depot. Here it is Pallex.",
     "Stockwell", false},
    {"Barcodes went into Stockwell. No, sorry, Stockwell was at the old depot. Here it is Pallex.",
     "Pallex", true},
    {"Barcodes went into Stockwell. No, sorry, Stockwell was at the old depot. Here it is Pallex.",
     "sorry", false},
    {"tillbox? no sorry that was the cafe after. at the bakery it was Crumbpos, and Excel",
     "tillbox", false},
    {"tillbox? no sorry that was the cafe after. at the bakery it was Crumbpos, and Excel", "Excel",
     true},
    {"Hexley meters, a Brannock gauge - sorry, ours is a Fitmark actually, the Brannock is my "
     "manager's.",
     "Brannock is my manager's", false},
    {"Hexley meters, a Brannock gauge - sorry, ours is a Fitmark actually, the Brannock is my "
     "manager's.",
     "Hexley meters", true},
    {"Hexley meters, a Brannock gauge - sorry, ours is a Fitmark actually, the Brannock is my "
     "manager's.",
     "Brannock gauge", false},
    {"Glazewell kiln, the Potterly wheel... no sorry, we use Spinmaster, the Potterly is for "
     "trimming.",
     "Potterly", true},
    {"we chart in Wardnote, no, sorry, it is Carebook, Wardnote was the old one.", "Wardnote",
     true},
    {"we chart in Wardnote, no, sorry, it is Carebook, Wardnote was the old one.", "Carebook",
     true},
    /* A tool described first and named after "it's called": the name is
       the item, the description is none; a name said before is kept. */
    {"Trello, and a little Danish app for vans, it's called Vanlog", "little Danish app", false},
    {"Trello, and a little Danish app for vans, it's called Vanlog", "Vanlog", true},
    {"the label printers, the stock system, it is called Binwise.", "stock system", false},
    {"the label printers, the stock system, it is called Binwise.", "Binwise", true},
    {"a tablet program for kilns, it was called Firelog, and excel", "tablet program", false},
    {"our booking platform it's called Slotly", "Slotly", true},
    {"Gritmaster sanders, it's called that because of the grit", "Gritmaster sanders", true},
    /* Said in lower case without commas: after a name a lexicon knows,
       a word that reads as a name (no everyday word) starts the next
       item; so does "then", "plus" or "also" between two names. */
    {"terraform quillmark for the release notes", "quillmark", true},
    {"terraform quillmark for the release notes", "terraform", true},
    {"mostly tableau brindlepay and excel", "brindlepay", true},
    {"redis tarnhook docker and kubernetes on the build boxes", "tarnhook", true},
    {"figma vellumdesk", "vellumdesk", true},
    {"figma vellumdesk", "figma", true},
    {"jira plontrak then slack", "plontrak", true},
    {"gantrix then slack for the handover", "gantrix", true},
    {"the orvane plus figma", "orvane", true},
    {"postgres also dovetrace for the logs", "dovetrace", true},
    {"kestrelbooks then excel", "kestrelbooks", true},
    /* Near misses: an everyday word or a maker's product stays on. */
    {"excel reports every friday and tableau", "reports", false},
    {"we lived in jira boards honestly", "boards", false},
    {"sap fennick and excel", "fennick", false},
    /* A plural after a name says its kind and ends it: the next word
       starts the next name, unless what the name is for is being said. */
    {"brakwell clamps orrin drills tarvo saws", "orrin drills", true},
    {"brakwell clamps orrin drills tarvo saws", "brakwell clamps", true},
    {"dunmore scanners kelvick printers and the label gun", "dunmore scanners", true},
    {"pelham headsets wexo consoles a spare radio", "wexo consoles", true},
    {"mostly kestle mixers holt proofers for the night shift", "holt proofers", true},
    {"marlo pumps for the tanks and hoses", "marlo pumps", true},
    {"marlo pumps for the tanks and hoses", "tanks", false},
    {"night orders arrive in bulk crates from the depot", "bulk crates", false},
    /* Five words or more in lower case that no lexicon knows: each word
       that reads as a name opens an item, everyday words after it say its
       kind, and words joined without a space are one. */
    {"quorvel brantix delmora ostrel fennix", "brantix", true},
    {"quorvel brantix delmora ostrel fennix", "fennix", true},
    {"tavrin scopes morlax kestrun pallo rigs", "tavrin scopes", true},
    {"orlin teskar vapro nidd sorrel-x", "sorrel-x", true},
    {"ostmark/delv quellor farrin hubrin on the old server", "ostmark/delv", true},
    {"ostmark/delv quellor farrin hubrin on the old server", "server", false},
    /* In such a run, a maker's name keeps what goes on it: a model of
       letters and digits, a short code or a plural saying its kind. */
    {"brodell tk220 vensa pms holvik cutters and the dock radio", "brodell tk220", true},
    {"brodell tk220 vensa pms holvik cutters and the dock radio", "vensa pms", true},
    {"brodell tk220 vensa pms holvik cutters and the dock radio", "holvik cutters", true},
    {"garrow 4100 sealers tamlin kds screens ordo", "garrow 4100 sealers", true},
    {"quenby cad marvix tolland halvi for the night crew", "quenby cad", true},
    {"quenby cad marvix tolland halvi for the night crew", "tolland", true},
    {"quenby cad marvix tolland halvi for the night crew", "cad", false},
    {"brodell tk220 vensa pms holvik cutters and the dock radio", "tk220", false},
    {"um sorvel b12 loaders tarrow grippers halden mixers", "sorvel b12 loaders", true},
    {"um sorvel b12 loaders tarrow grippers halden mixers", "tarrow grippers", true},
    /* In lower case, a verb of being after an item's first words says
       where the work is kept: the name after it is the tool; the clause's
       subject, or a clause cut short, names nothing. */
    {"the rota was on shiftbase", "shiftbase", true},
    {"the rota was on shiftbase", "rota was", false},
    {"our tms is from carvello and the phones", "carvello", true},
    {"our tms is from carvello and the phones", "tms is", false},
    {"invoicing was on a quick app qontra", "qontra", true},
    {"stock counts were in tallyo i think", "tallyo", true},
    {"the orders were", "orders were", false},
    {"the weekly schedule was", "weekly schedule was", false},
    {"brennic which was swapped for holvane later", "brennic", true},
    {"Stock counts were in Tallyo.", "Tallyo", true},
    /* Near misses: everyday words alone name nothing. */
    {"nothing fancy really the usual office bits lying around", "lying around", false},
    {"nothing fancy really the usual office bits lying around", "fancy", false},
    /* After a tool written with its capital and what it is for, a word in
       lower case joined by "and" is more of the purpose, no tool. */
    {"Ledgerly for quotes and timesheets, a Makita drill.", "timesheets", false},
    {"Ledgerly for quotes and timesheets, a Makita drill.", "Ledgerly", true},
    {"Rostrum for shift swaps and payslips, plus the team chat.", "payslips", false},
    {"Gradelink for attendance and transcripts, Canva for posters.", "transcripts", false},
    {"Harvestly for spray records and audits, a Garmin handheld.", "audits", false},
    {"Pawtrack for vaccinations and microchips, an otoscope.", "microchips", false},
    /* Near misses: a name a lexicon knows, a capitalized name, a name
       after a sign, or a list typed all in lower case. */
    {"Fieldbook for crop notes and excel, a soil probe.", "excel", true},
    {"Docklane for gate passes and Yardmaster, the radios.", "Yardmaster", true},
    {"Bookly for slots + pingo, the card reader.", "pingo", true},
    /* Said without commas, what a tool is for is everyday words after
       "for"; a word after them that reads as a name is the next tool. */
    {"brisko for invoices tallyo for the rota", "tallyo", true},
    {"brisko for invoices tallyo for the rota", "brisko", true},
    {"the till for card payments varnix and a label printer", "varnix", true},
    {"kestra for quotes dorrel for stock counts and a tape measure", "dorrel", true},
    {"mostly pelmo for staff hours quillbox on the office laptop", "quillbox", true},
    {"a laptop for the accounts brennix2 and a phone", "brennix2", true},
    /* Near misses: everyday words, plurals and names of pieces of work
       after the purpose are more of it, and so is a word in lower case
       where capitals mark the names. */
    {"brisko for customer invoices", "invoices", false},
    {"brisko for customer invoices", "customer invoices", false},
    {"pelmo for scheduling shifts and leave", "shifts", false},
    {"tallyo for the weekly rota", "weekly rota", false},
    {"tallyo for customer rebates", "rebates", false},
    {"a van for stock rotation and a trolley", "rotation", false},
    {"pelmo for staff rotas quillbox for the tills", "quillbox", true},
    {"Arbora for tree inventory and the chipper", "inventory", false},
    {"Arbora for site photos galvio and the chipper", "galvio", false},
    {"the grinder in the back workshop", "workshop", false},
    /* A clause cut short before the name it leads to names nothing; the
       name after it is kept. */
    {"the depot uses Trackly for the vans and excel", "depot uses", false},
    {"the depot uses Trackly for the vans and excel", "Trackly", true},
    {"a rota app called Shiftem for swaps and excel", "Shiftem", true},
    {"the school uses Classly for homework and zoom", "school uses", false},
    {"our yard has Cranex for lifting and the radios", "yard has", false},
    {"the office had Paytrak for wages and excel", "office had", false},
    {"the ward uses Medora for charts and the pumps", "ward uses", false},
    {"a rota app called Shiftem for swaps and excel", "rota app called", false},
    {"the fuel cards are Fleeto for diesel and the phones", "fuel cards are", false},
    /* Said without commas, a maker's model code ends the name and the
       capitalized word after it opens the next one; of two words each
       with a capital inside, the second opens one too. */
    {"Korvath KX220 Dellmar drills Pintle lasers", "Korvath KX220", true},
    {"Korvath KX220 Dellmar drills Pintle lasers", "Dellmar drills", true},
    {"Brisket MX-40 Tollan scales", "Brisket MX-40", true},
    {"Brisket MX-40 Tollan scales", "Tollan scales", true},
    {"Veltra R12 rovers Osprane TS9 total station for setting out", "Veltra R12 rovers", true},
    {"Veltra R12 rovers Osprane TS9 total station for setting out", "Osprane TS9 total station",
     true},
    {"the Harlow 310 Quenby camera for the drains", "Harlow 310", true},
    {"HiveLedger CropNote on the farm tablets every day", "CropNote", true},
    {"HiveLedger CropNote on the farm tablets every day", "HiveLedger", true},
    /* Near misses: a kind said in capitals after the code stays on the
       name, a maker in capitals before a product keeps it, and a name of
       letters and digits after a code is more of it. */
    {"Tarrow T4 PLCs on the packing line", "Tarrow T4 PLCs", true},
    {"Tarrow T4 PLCs on the packing line", "PLCs", false},
    {"KLM FleetDesk for the hangar rosters", "KLM FleetDesk", true},
    {"KLM FleetDesk for the hangar rosters", "FleetDesk", false},
    {"Pellam 7 G400 radios for the ramp crews", "Pellam 7", false},
};

/* Answers to the skills question, one class of shape after another. */
static const said_case k_skills_said[] = {
    /* Said without commas, "some" between two skills opens the second
       and is no part of it. */
    {"rust some haskell", "haskell", true},
    {"rust some haskell", "rust", true},
    {"hoof trimming some pasture rotation", "pasture rotation", true},
    {"glaze mixing some kiln firing and throwing", "kiln firing", true},
    {"tax returns some payroll for small shops", "tax returns", true},
    /* Near misses: "some" before "of" or a plural counts, it opens
       nothing. */
    {"welding with some of the older rigs", "of the older rigs", false},
    {"coaching w some trainees on the night shift", "trainees", false},
    {"welding with some of the older rigs", "older rigs", false},
    /* Examples after "such as" are no part of the skill before them. */
    {"Mostly soil testing methods such as core sampling, and GIS.", "soil testing methods", true},
    {"Mostly soil testing methods such as core sampling, and GIS.", "soil testing methods such",
     false},
    {"ledger reconciliation, audit techniques such as vouching", "audit techniques", true},
    {"fermentation control and sensory methods such as triangle tests", "sensory methods", true},
    {"Tooling design; lean tools such as 5S and kanban.", "lean tools such", false},
    /* The language or place work is done in is no skill. */
    {"household interviews carried out in Aymara, then regression modelling", "Aymara", false},
    {"Wave surveys done in Swahili, and cohort analysis.", "Swahili", false},
    /* In a list set apart with commas, one plain word joined by "and" to
       the words after it is one skill: the two share a head or name one
       practice. */
    {"Dough lamination, proofing and shaping, oven scheduling.", "proofing and shaping", true},
    {"Dough lamination, proofing and shaping, oven scheduling.", "proofing", false},
    {"Tendering and bid evaluation, site audits.", "tendering and bid evaluation", true},
    {"slope stability, drainage and culvert design, soil classification",
     "drainage and culvert design", true},
    {"Bookbinding, gilding and marbling, conservation of vellum.", "gilding and marbling", true},
    {"hull surveys, welding and NDT inspection, paint specs", "welding and NDT inspection", true},
    /* Near misses: a side the lexicons know as a skill of its own, a
       first word that reads as a name or a plural, a second side opened
       by an article or a capital, a pair joined after another joiner. */
    {"budget tracking, Python and Bash scripting, code review", "Python", true},
    {"budget tracking, Python and Bash scripting, code review", "Python and Bash scripting", false},
    {"Quarry blasting, Ferrano and Maxtel drills, haul planning.", "Ferrano and Maxtel drills",
     false},
    {"site layout, pumps and valves, commissioning", "pumps and valves", false},
    {"Grant writing, fundraising and the annual donor report.",
     "fundraising and the annual donor report", false},
    {"Loan servicing, mostly, plus arrears and collections work.", "arrears and collections work",
     false},
    {"tax returns, gdpr and vat filings", "gdpr and vat filings", false},
    /* A later sentence that opens by saying what tools were used names
       tools, which the tools list takes; the skills before it stay. */
    {"Soil chemistry, irrigation design. Tool-wise AutoCAD and Trello.", "AutoCAD", false},
    {"Soil chemistry, irrigation design. Tool-wise AutoCAD and Trello.", "irrigation design", true},
    {"Menu costing and allergen control. The tools were Excel and Asana.", "Asana", false},
    {"Grant budgeting, donor reporting. Every week I use QuickBooks for the ledgers.", "QuickBooks",
     false},
    {"Freight rating, route planning. We used Salesforce and Slack a lot.", "Salesforce", false},
    {"Wound care, patient triage. Day to day I used Trello and Excel.", "Trello", false},
    {"Stock rotation, shrink audits. Our ERP was SAP, the reports in Tableau.", "Tableau", false},
    /* Near misses: the first sentence keeps its tools, and a later one that
       also names a skill is read as before. */
    {"I use Excel for cash forecasting, and variance analysis.", "Excel", true},
    {"Cost accounting. We used Python and Excel for the models.", "Python", true},
    /* Words in brackets after an item, in lower case and known to no
       lexicon, say what it covers and are no items of their own. */
    {"Glaze chemistry, kiln firing (reduction and oxidation), throwing.", "oxidation", false},
    {"Glaze chemistry, kiln firing (reduction and oxidation), throwing.", "throwing", true},
    {"Upholstery, frame repair (loose joints, woodworm), French polishing.", "woodworm", false},
    {"Upholstery, frame repair (loose joints, woodworm), French polishing.", "French polishing",
     true},
    {"Bread baking (rye, spelt, sourdough), cake decorating", "spelt", false},
    {"Hoof care (trimming and dressing), equine first aid", "dressing", false},
    /* Near misses: names or codes in brackets, and the words an
       abbreviation stands for, stay items. */
    {"Stats work (Python, SQL), survey design", "SQL", true},
    {"network support (vlan, dhcp), printers", "dhcp", true},
    {"HSE (hazard logs and toolbox talks), scaffold checks", "toolbox talks", true},
    /* An "&" between two plain words in lower case binds them into one
       practice, written out with "and" as a record spells it. */
    {"Hull inspection, sanding & fairing, antifoul application.", "sanding and fairing", true},
    {"Hull inspection, sanding & fairing, antifoul application.", "fairing", false},
    {"kitchen porter work, prep & plating, allergen checks", "prep and plating", true},
    {"- cleaning & disinfection\n- stock counts\n- cold chain logs", "cleaning and disinfection",
     true},
    {"Loan origination, credit & affordability checks, arrears calls.",
     "credit and affordability checks", true},
    {"pruning & grafting of vines, canopy work", "pruning and grafting of vines", true},
    {"wound dressing, lifting & turning w/ slide sheets", "lifting and turning", true},
    /* A number joined by "and" or "&" to a number after it names two
       editions of one standard or code: one skill. */
    {"Food safety, ISO 22000 and 9001 audits, supplier visits", "ISO 22000 and 9001 audits", true},
    {"ladder rescue, BS 7671 & 7909 inspections, rope access", "BS 7671 and 7909 inspections",
     true},
    {"Payroll, Sage 50 and 200 migrations, VAT returns.", "Sage 50 and 200 migrations", true},
    {"relay testing, IEC 61850 and 60870 protocols, SCADA alarms", "IEC 61850 and 60870 protocols",
     true},
    /* Near misses: a number with no name before it, and two sides each
       with a name of its own. */
    {"Crane slinging, 2019 and 2021 refits, lashing plans", "lashing plans", true},
    {"Crane slinging, 2019 and 2021 refits, lashing plans", "2019 and 2021 refits", false},
    {"Site audits, grade 5 and Python scripting", "grade 5 and Python scripting", false},
    /* An item made only of the words that name the list asked for echoes
       the question and is no skill. */
    {"technical?? hardly, it was a people job", "technical", false},
    {"Technical skills, honestly none, I drove the van.", "Technical skills", false},
    {"tech skills... not much tbh", "tech skills", false},
    {"Skills, well, mostly bookkeeping", "bookkeeping", true},
    {"Skills, well, mostly bookkeeping", "Skills", false},
    /* Near miss: an echo word inside a longer skill stays. */
    {"technical drawing, soft soldering, tool sharpening", "technical drawing", true},
    {"technical drawing, soft soldering, tool sharpening", "tool sharpening", true},
    /* Near misses: a side a lexicon knows, capitalized names and numbered
       codes keep their own items. */
    {"Data work: python & sql, some dashboards", "python and sql", false},
    {"Data work: python & sql, some dashboards", "sql", true},
    {"zoning bylaw 2019 & building code 2021, site visits",
     "zoning bylaw 2019 and building code 2021", false},
    {"Report writing, Excel & PowerPoint, budgeting", "Excel and PowerPoint", false},
    /* Said without commas, a language after a language is one more item. */
    {"Hindi Tamil Urdu", "Tamil", true},
    {"Hindi Tamil Urdu", "Hindi Tamil Urdu", false},
    {"languages are dutch german english", "german", true},
    {"Site surveying in Portuguese Spanish", "Spanish", true},
    {"Tour guiding Italian Greek and a bit of Turkish", "Greek", true},
    {"Tour guiding Italian Greek and a bit of Turkish", "Italian Greek", false},
    /* Near misses: a language before a word that is none stays on it. */
    {"French polishing, veneering, gilding", "French polishing", true},
    {"Business English teaching, exam marking", "Business English teaching", true},
};

/* Tools and skills answers, each read as the answer to its own question. */
static void test_work_lists_said(void **state) {
  fixture *fx = *state;
  check_said_in(fx, fx->work, "tools_technologies", k_tools_said,
                sizeof k_tools_said / sizeof *k_tools_said);
  check_said_in(fx, fx->work, "technical_skills", k_skills_said,
                sizeof k_skills_said / sizeof *k_skills_said);
}

/* Said without commas, a closing bracket with words after it ends an
   item, and an "and" or an article inside the bracket cuts nothing: the
   words after it open the next item. */
static const said_case k_bracket_said[] = {
    {"bridge design (eurocode 2) pile testing", "pile testing", true},
    {"bridge design (eurocode 2) pile testing", "eurocode 2) pile testing", false},
    {"payroll (sage and xero) vat returns", "vat returns", true},
    {"payroll (sage and xero) vat returns", "xero) vat returns", false},
    {"soil sampling (the usual grid method) crop scouting", "crop scouting", true},
    {"Food hygiene (level 3) allergen control", "allergen control", true},
    {"Food hygiene (level 3) allergen control", "level 3) allergen control", false},
    {"welding (mig and tig) blueprint reading", "blueprint reading", true},
    {"welding (mig and tig) blueprint reading", "tig) blueprint reading", false},
    {"hr admin (absence and leave) rota planning", "rota planning", true},
    {"hr admin (absence and leave) rota planning", "leave) rota planning", false},
    /* Near misses: a bracket never closed, or closing the answer. */
    {"site audits (mostly concrete pours", "site audits", true},
    {"crop planning and irrigation (drip lines)", "crop planning", true},
};

static const said_case k_bracket_tools_said[] = {
    {"the forklift (a linde one) handheld scanners", "handheld scanners", true},
    {"Revit (mostly for drawings) Navisworks", "Navisworks", true},
    {"Revit (mostly for drawings) Navisworks", "drawings) Navisworks", false},
    {"tablets (samsung and lenovo) label printers", "label printers", true},
};

static void test_work_lists_bracket_closes_item(void **state) {
  fixture *fx = *state;
  check_said_in(fx, fx->work, "technical_skills", k_bracket_said,
                sizeof k_bracket_said / sizeof *k_bracket_said);
  check_said_in(fx, fx->work, "tools_technologies", k_bracket_tools_said,
                sizeof k_bracket_tools_said / sizeof *k_bracket_tools_said);
}

/* Soft skills in the person's words: a single word the person stresses
   ("Tact, really.", "composure above all") is an item though no lexicon
   knows it, and the stress itself is none. */
static const said_case k_soft_said[] = {
    {"Tact, really. And coaching the new starters.", "Tact", true},
    {"Tact, really. And coaching the new starters.", "really", false},
    {"Tact, really. And coaching the new starters.", "coaching the new starters", true},
    {"composure above all, plus mentoring the interns", "composure", true},
    {"composure above all, plus mentoring the interns", "above all", false},
    {"Diplomacy, obviously.", "Diplomacy", true},
    {"candour, honestly. also running the weekly huddles", "candour", true},
    {"candour, honestly. also running the weekly huddles", "honestly", false},
    /* Near misses: a function word stressed is no skill. */
    {"That, mostly. Keeping the crew on side.", "That", false},
    {"That, mostly. Keeping the crew on side.", "Keeping the crew on side", true},
};

static void test_soft_skills_stressed_word(void **state) {
  check_said_in(*state, ((fixture *)*state)->work, "soft_skills", k_soft_said,
                sizeof k_soft_said / sizeof *k_soft_said);
}

/* Soft skills told in a few first-person words, with a verb in the past
   said of people ("trained 3 apprentices", "I was the one who settled
   the patients"): something done with people, kept in the person's own
   words. Near misses: a duty or a tool said the same short way, and an
   appraisal, name no soft skill. */
static const said_case k_soft_done_said[] = {
    {"trained 3 apprentices. sorted the rota too.", "trained 3 apprentices", true},
    {"Calmed upset guests at the desk. Not much else.", "Calmed upset guests at the desk", true},
    {"I was the one who settled the nervous patients", "settled the nervous patients", true},
    {"briefed the night crew every evening", "briefed the night crew every evening", true},
    {"welcomed new volunteers, answered to the chair", "welcomed new volunteers", true},
    {"I fixed the pumps and cleaned the filters.", "I fixed the pumps", false},
    {"Worked alone mostly. Serviced the boilers.", "Serviced the boilers", false},
    {"I used a spreadsheet for the rota.", "I used a spreadsheet for the rota", false},
    {"Get on with everyone, honestly.", "Get on with everyone", false},
};

static void test_soft_skills_done_with_people(void **state) {
  check_said_in(*state, ((fixture *)*state)->work, "soft_skills", k_soft_done_said,
                sizeof k_soft_done_said / sizeof *k_soft_done_said);
}

/* A first-person clause too long to keep whole that tells two things
   done, the second after "and" (maybe "and I") and a verb in the past:
   each is an item. Near misses: "and" before no verb splits nothing, and
   a clause short enough to keep stays whole. */
static const said_case k_soft_long_said[] = {
    {"I coached the night pickers on the handheld scanners during the winter peak and ran the "
     "Friday huddle with the van drivers",
     "ran the Friday huddle with the van drivers", true},
    {"I looked after the exchange students from the partner schools in Lyon every single spring "
     "term and I taught them the lab safety rules",
     "I taught them the lab safety rules", true},
    {"i mentored two junior surveyors through their chartership exams over about three long years "
     "and led the monthly site walk with the client",
     "led the monthly site walk with the client", true},
    {"I handled the angry tenants who rang the housing office after the floods in the old estate "
     "and sorted repairs with the contractors",
     "sorted repairs with the contractors", true},
    {"I ran the rota for the cleaners and the porters on the ward for nearly four years at the old "
     "hospital site",
     "the porters on the ward for nearly four years at the old hospital site", false},
    {"Trained the cashiers and did the banking", "Trained the cashiers and did the banking", true},
};

static void test_soft_skills_long_past_clauses(void **state) {
  check_said_in(*state, ((fixture *)*state)->work, "soft_skills", k_soft_long_said,
                sizeof k_soft_long_said / sizeof *k_soft_long_said);
}

/* Runs each answer to the soft skills question: each must store a value,
   under the template's min_confidence when tentative, else at it or above. */
static void expect_soft_conf(fixture *fx, const char *const *texts, size_t n, bool tentative) {
  for (size_t k = 0; k < n; k++) {
    json_t *u = fx_run(fx, fx->work, "soft_skills", texts[k]);
    const json_t *e = json_object_get(u, "soft_skills");
    double c = json_real_value(json_object_get(e, "confidence"));
    if (!e || (c < fx->work->min_confidence) != tentative)
      fail_msg("'%s': %s at %.2f, want %s", texts[k], fx_dump(u, "soft_skills"), c,
               tentative ? "a tentative value" : "a confident value");
    json_decref(u);
  }
}

/* A vague answer of bare words ("Leadership.") is kept tentative, so the
   planner's follow-up still asks; an answer in the person's own words is
   kept at full confidence. */
static void test_soft_skills_bare_words_tentative(void **state) {
  static const char *const bare[] = {"Leadership.", "communication i guess", "Teamwork, mostly.",
                                     "patience"};
  static const char *const own[] = {"Coaching the apprentices through their first winter.",
                                    "calming down upset parents at pickup",
                                    "Running the Monday stand-up, mostly."};
  expect_soft_conf(*state, bare, sizeof bare / sizeof *bare, true);
  expect_soft_conf(*state, own, sizeof own / sizeof *own, false);
}

/* A description in lower case said just before a named product of the
   same kind ("the thermal cameras, the Optiscan cameras") is that product
   said twice and stays out; the named product stays in. Two descriptions
   with no name, a description of another kind, and a name said before
   its description keep every item. */
static const said_case k_kind_before_name_said[] = {
    {"the soil probes, the Terravolt probes and the Fieldhub gateway", "Terravolt probes", true},
    {"the soil probes, the Terravolt probes and the Fieldhub gateway", "soil probes", false},
    {"the ward tablets the uh the Carewise tablets and the Shiftboard app", "Carewise tablets",
     true},
    {"the ward tablets the uh the Carewise tablets and the Shiftboard app", "ward tablets", false},
    {"the smart meters, QuillGrid meters, and the billing portal", "smart meters", false},
    {"the smart meters, QuillGrid meters, and the billing portal", "billing portal", true},
    {"the cold room sensors, the FrostLine sensors", "cold room sensors", false},
    {"the old meters, the aquavell meters and the leak app", "old meters", false},
    {"the old meters, the aquavell meters and the leak app", "aquavell meters", true},
    {"the smart meters, the water meters and the Duvane portal", "smart meters", true},
    {"the smart meters, the water meters and the Duvane portal", "water meters", true},
    {"the tank sensors, the Hollis gateway and the alerts app", "tank sensors", true},
    {"the old meters and the new meters for the depot", "old meters", true},
    {"the Korvel scanners and the handheld scanners", "handheld scanners", true},
};

static void test_products_kind_said_before_name(void **state) {
  check_said_in(*state, ((fixture *)*state)->sales, "products_discussed", k_kind_before_name_said,
                sizeof k_kind_before_name_said / sizeof k_kind_before_name_said[0]);
}

/* A product named with the kind of thing it is, in lower case after the
   name, keeps the kind; two products of one brand stay two. A word of
   time, a comment or an adverb after the name is no kind. */
static const said_case k_name_with_kind_said[] = {
    {"Tidewell gauges and the Tidewell app", "Tidewell gauges", true},
    {"Tidewell gauges and the Tidewell app", "Tidewell app", true},
    {"We showed the Pennyroyal billing portal and Quenchly.", "Pennyroyal billing portal", true},
    {"the Marrowfield planner, plus the Brisk dashboards", "Marrowfield planner", true},
    {"Korvane probes, the Korvane hub", "Korvane probes", true},
    {"the Ostrava Lift controller and Skyhook", "Ostrava Lift controller", true},
    {"Quenchly too, and the Tidewell app", "Quenchly", true},
    {"Marrowfield mostly, and the Brisk dashboards", "Marrowfield", true},
    {"Halvard demoed well, and Brisk", "Halvard", true},
    {"Korvane which they already use, and Skyhook", "Korvane which they already use", false},
    /* A clause said of a product after it ("they already have") is cut
       off, the product is kept. */
    {"only the pager and route scorecards they already have", "route scorecards", true},
};

static void test_products_name_with_kind(void **state) {
  check_said_in(*state, ((fixture *)*state)->sales, "products_discussed", k_name_with_kind_said,
                sizeof k_name_with_kind_said / sizeof k_name_with_kind_said[0]);
}

/* Products typed in lower case with the words that say how they came up:
   a verb of selling or buying before the product ("pitched the", "they
   went for the") or a verb of showing after it ("shown at the end", "came
   up"). The verb is cut and the product kept; the verb never stands as a
   product. */
static const said_case k_sold_verb_said[] = {
    {"the yard scanner, pitched the route optimiser add-on", "route optimiser", true},
    {"the yard scanner, pitched the route optimiser add-on", "pitched the route optimiser", false},
    {"harvest planner and spray log, presented the weather feed too", "weather feed", true},
    {"harvest planner and spray log, presented the weather feed too", "presented the weather feed",
     false},
    {"the dock app the slot board and they took the gate kiosk as well", "dock app", true},
    {"the dock app the slot board and they took the gate kiosk as well", "took", false},
    {"the ward tablets and she bought the nurse call module", "bought", false},
    {"billing portal, meter reader, outage map demoed at the end", "outage map", true},
    {"billing portal, meter reader, outage map demoed at the end", "outage map demoed", false},
    {"pallet tracker, label printer demo'd quickly", "label printer", true},
    {"pallet tracker, label printer demo'd quickly", "label printer demo'd", false},
    {"the lab portal, sample tracker shown briefly", "sample tracker", true},
    {"the lab portal, sample tracker shown briefly", "sample tracker shown", false},
    /* A product that "came up", whatever the clause after it says. */
    {"Hullmark Core and Tally. The crew planner add-on came up over lunch with Dana.",
     "crew planner add-on", true},
    {"the tank app. the alarm bundle came up twice", "alarm bundle", true},
    {"the tank app. the alarm bundle came up twice", "alarm bundle came up twice", false},
    {"Orvo scales, and the yield report came up as well", "yield report", true},
};

static void test_products_sold_verb_cut(void **state) {
  check_said_in(*state, ((fixture *)*state)->sales, "products_discussed", k_sold_verb_said,
                sizeof k_sold_verb_said / sizeof k_sold_verb_said[0]);
}

/* In a list of tools, a plural in lower case that a lexicon knows, said at
   the end of what a tool is for, names the work and no tool; the tool is
   the name said before "for". */
static const said_case k_purpose_tools_said[] = {
    {"Docketry app for the van sheets", "Docketry app", true},
    {"Docketry app for the van sheets", "sheets", false},
    {"Tableau for the weekly sales dashboards", "Tableau", true},
    {"Tableau for the weekly sales dashboards", "dashboards", false},
    {"the Fleetmoor portal for the driver dashboards", "Fleetmoor portal", true},
    {"the Fleetmoor portal for the driver dashboards", "dashboards", false},
    {"grafana for the pump dashboards and a multimeter", "dashboards", false},
    {"grafana for the pump dashboards and a multimeter", "grafana", true},
    {"Plotkeep app for site sheets", "sheets", false},
    {"the drillmate app on my phone for job sheets", "drillmate app", true},
    {"the drillmate app on my phone for job sheets", "sheets", false},
    /* Near misses: said as a tool of its own, with its capital, or a name
       after the purpose, it stays an item. */
    {"Excel, sheets, Trello", "sheets", true},
    {"Google Sheets for the shift rotas and Trello", "Google Sheets", true},
    {"kestrel app for invoices python for the data scripts", "python", true},
    {"brisko for invoices tallyo for the rota", "tallyo", true},
};

static void test_tools_purpose_plural(void **state) {
  check_said_in(*state, ((fixture *)*state)->work, "tools_technologies", k_purpose_tools_said,
                sizeof k_purpose_tools_said / sizeof *k_purpose_tools_said);
}

/* Typed with capitals and said without commas: after a name a lexicon
   knows, a capitalized word that reads as a name opens the next item. */
static const said_case k_capital_run_tools_said[] = {
    {"Terraform Brindlecast for the release notes and Slack", "Brindlecast", true},
    {"Terraform Brindlecast for the release notes and Slack", "Terraform", true},
    {"Gradle Quenwick Kubernetes on the build servers", "Quenwick", true},
    {"Gradle Quenwick Kubernetes on the build servers", "Gradle Quenwick", false},
    {"mostly Tableau Marrowby and Excel", "Marrowby", true},
    {"Revit Skelbourne on site and Jira for the snag lists", "Revit", true},
    {"Revit Skelbourne on site and Jira for the snag lists", "Revit Skelbourne", false},
    {"Tableau Tervance for the monthly board packs", "Tervance", true},
    /* Near misses: an everyday word, a code in capitals, a maker in
       capitals and a name that a model code goes on with stay on. */
    {"Docker Desktop on the laptops and Jira", "Docker Desktop", true},
    {"Excel VLOOKUPs and Tableau", "Excel VLOOKUPs", true},
    {"SAP Fennick and Excel", "Fennick", false},
    {"Revit Quarnel 3D and Jira", "Quarnel 3D", false},
    {"terraform brindlecast docker", "brindlecast", true},
    /* A short code in capitals after a name ends it; a capitalized word
       after the code that reads as a name opens the next item. */
    {"Tarnwell POS Quenby and Excel", "Tarnwell POS", true},
    {"Tarnwell POS Quenby and Excel", "Quenby", true},
    {"Brisk WMS Ottaline for the docks", "Brisk WMS", true},
    {"mostly Harlow PMS Venmark Slack", "Harlow PMS", true},
    {"Cobble ERP Dunmore for payroll", "Dunmore", true},
    /* Near misses: an everyday word after the code, a maker in capitals
       before it or a code a lexicon knows keeps the name whole. */
    {"Corvel CRM Cloud and Jira", "Corvel CRM Cloud", true},
    {"SAP PM Quenby", "Quenby", false},
    {"Outlook SAP Fennick and Slack", "Fennick", false},
    /* A capitalized word that reads as a name before a term a lexicon
       knows is a name of its own. */
    {"PostgreSQL Tervance Redis", "Tervance", true},
    {"PostgreSQL Tervance Redis", "Redis", true},
    {"Quenby Tableau and Slack", "Quenby", true},
    {"Marrowby Terraform for the network", "Marrowby", true},
    /* Near misses: a maker a lexicon knows with its product stays one. */
    {"Adobe Photoshop and Slack", "Adobe Photoshop", true},
    {"Microsoft Excel and Jira", "Microsoft Excel", true},
};

/* Skills typed with capitals and said without commas: a code in
   capitals after a code in capitals, and a code or a name after a lower
   case word that ends a skill's name, opens the next skill. */
static const said_case k_skill_codes_said[] = {
    {"QMS PFMEA gauge studies", "QMS", true},
    {"QMS PFMEA gauge studies", "QMS PFMEA", false},
    {"NRP PEWS wound dressing", "NRP", true},
    {"Surveying GNSS LIDAR drone mapping", "LIDAR drone mapping", true},
    {"Surveying GNSS LIDAR drone mapping", "GNSS LIDAR", false},
    {"stock rotation HACCP", "stock rotation", true},
    {"stock rotation HACCP", "HACCP", true},
    {"grant writing Tervance", "grant writing", true},
    {"kiln firing glaze chemistry CAD modelling", "glaze chemistry", true},
    /* Near misses: a code before a word in lower case, a short code
       after a code, and a name after an everyday word stay whole. */
    {"PLC fault finding, pump repair", "PLC fault finding", true},
    {"MIG welding, pipe fitting", "MIG welding", true},
    {"CAN FD diagnostics, soldering", "CAN FD diagnostics", true},
    {"stock rotation, HACCP", "stock rotation", true},
    {"Lab work GLP QA&RA filing", "GLP", true},
    {"Lab work GLP QA&RA filing", "QA", false},
};

static void test_skills_codes_run(void **state) {
  check_said_in(*state, ((fixture *)*state)->work, "technical_skills", k_skill_codes_said,
                sizeof k_skill_codes_said / sizeof *k_skill_codes_said);
}

static void test_tools_capital_run(void **state) {
  check_said_in(*state, ((fixture *)*state)->work, "tools_technologies", k_capital_run_tools_said,
                sizeof k_capital_run_tools_said / sizeof *k_capital_run_tools_said);
}

/* An answer that opens by denying the kind asked ("X, not really", "none
   really", "not my thing") stores no echo of the question and no remark
   on the job; a clause after it keeps only a skill told (a lexicon's, an
   activity, a verb in the past). Near misses: "not really" said a few
   words in, or after "I" or a skill, denies no kind and keeps what was
   told. want NULL: nothing stored. */
typedef struct {
  const char *text;
  const char *want;
} denied_case;

static const denied_case k_soft_denied[] = {
    {"People skills, not really. Quiet post, this one. I ring the depot now and then.", NULL},
    {"leadership not really its mostly me and the tractor i phone the agronomist sometimes", NULL},
    {"Mentoring? None really. I work nights on my own, that's all.", NULL},
    {"Coordinating, not my thing. The shop runs itself.", NULL},
    {"Soft side, not really. But I trained two cadets on the radar last winter.",
     "I trained two cadets on the radar last winter"},
    {"Teamwork, not really. I show the new starters how the saw works.",
     "I show the new starters how the saw works"},
    {"Honestly the people side is not really hard. I run the weekly huddle with the pickers.",
     "I run the weekly huddle with the pickers"},
    {"Patience, mostly. I am not really a talker though.", "Patience"},
};

static void test_soft_skills_denied_kind(void **state) {
  fixture *fx = *state;
  size_t bad = 0, n = sizeof k_soft_denied / sizeof *k_soft_denied;
  for (size_t k = 0; k < n; k++) {
    json_t *u = fx_run(fx, fx->work, "soft_skills", k_soft_denied[k].text);
    const json_t *v = fx_val(u, "soft_skills");
    bool ok = k_soft_denied[k].want ? fx_has(v, k_soft_denied[k].want)
                                    : v == NULL || json_array_size(v) == 0;
    if (!ok) {
      print_error("'%s': %s, want %s\n", k_soft_denied[k].text, fx_dump(u, "soft_skills"),
                  k_soft_denied[k].want ? k_soft_denied[k].want : "none");
      bad++;
    }
    json_decref(u);
  }
  if (bad > 0)
    fail_msg("%zu of %zu answers read wrong", bad, n);
}

/* Widely used tools and skills said without commas: once a lexicon knows
   each name, a run of them splits into one item per name. Near misses:
   the glued forms must stay out. */
static const said_case k_known_run_tools_said[] = {
    {"xcode sketchup and slack", "xcode", true},
    {"xcode sketchup and slack", "xcode sketchup", false},
    {"mostly westlaw imanage excel", "imanage", true},
    {"mostly westlaw imanage excel", "westlaw imanage", false},
    {"wwise reaper unity", "wwise", true},
    {"wwise reaper unity", "wwise reaper", false},
    {"nextflow slurm docker on the cluster", "slurm", true},
    {"nextflow slurm docker on the cluster", "nextflow slurm", false},
};

static const said_case k_known_run_skills_said[] = {
    {"acls pals triage", "PALS", true},
    {"acls pals triage", "acls pals", false},
    {"menu engineering brand identity and costing", "menu engineering", true},
    {"menu engineering brand identity and costing", "brand identity", true},
    {"gtaw hardfacing and rigging", "gtaw", true},
    {"gtaw hardfacing and rigging", "gtaw hardfacing", false},
};

/* Both lists: a run of names a lexicon knows splits one item per name. */
static void test_known_runs(void **state) {
  fixture *fx = *state;
  check_said_in(fx, fx->work, "tools_technologies", k_known_run_tools_said,
                sizeof k_known_run_tools_said / sizeof *k_known_run_tools_said);
  check_said_in(fx, fx->work, "technical_skills", k_known_run_skills_said,
                sizeof k_known_run_skills_said / sizeof *k_known_run_skills_said);
}

/* Tools said without commas: a short code in capitals after a name says
   its kind and stays with it; a name a lexicon knows after the code opens
   the next item, where before the code was dropped. Near misses: a code
   that opens the run, or one after a word that is no name, takes no part
   of its own. */
static const said_case k_kind_code_tools_said[] = {
    {"tableau ERP slack", "tableau ERP", true},
    {"tableau ERP slack", "slack", true},
    {"Quillmark QMS jira", "Quillmark QMS", true},
    {"Quillmark QMS jira", "jira", true},
    {"excel MES hubspot", "excel MES", true},
    {"Salesforce CRM tableau", "tableau", true},
    {"QMS docker", "docker", false},
    {"our EHR slack", "slack", false},
};

/* A kind code ends the name before it. */
static void test_kind_code_runs(void **state) {
  size_t n = sizeof k_kind_code_tools_said / sizeof *k_kind_code_tools_said;
  fixture *fx = *state;
  check_said_in(fx, fx->work, "tools_technologies", k_kind_code_tools_said, n);
}

/* Tools: a model number said in words right after a maker's name is one
   word of the name, and the tool stays one item, where before its words
   were cut apart. Near misses: a run of bare numbers, and numbers after
   three names, name no model. */
static const said_case k_spoken_model_tools_said[] = {
    {"brantix seven forty two probe", "brantix seven forty two probe", true},
    {"brantix seven forty two probe", "brantix seven forty", false},
    {"tarnhook four sixty one scanner", "tarnhook four sixty one scanner", true},
    {"jira, quillmark nine ninety five tester, procore", "quillmark nine ninety five tester", true},
    {"ferrowick three twenty one analyzer and slack", "ferrowick three twenty one analyzer", true},
    {"two three four five six", "two three four five six", false},
    {"quillmark tarnhook brantix seven eighty", "quillmark tarnhook brantix seven eighty", false},
};

/* A spoken model number keeps its tool whole. */
static void test_spoken_model_runs(void **state) {
  size_t n = sizeof k_spoken_model_tools_said / sizeof *k_spoken_model_tools_said;
  fixture *fx = *state;
  check_said_in(fx, fx->work, "tools_technologies", k_spoken_model_tools_said, n);
}

/* A long answer told as what the person does, with its marks lost,
   splits where a new "I" or a verb with a capital starts another deed, and
   an "I" clause still too long splits at its first "and"; a short clause
   and a name after a word in lower case keep the clause whole. */
static const said_case k_soft_deeds_said[] = {
    {"I coach the new drivers on the hill routes every winter I chair the Friday safety talk "
     "with the depot staff",
     "I chair the Friday safety talk with the depot staff", true},
    {"i sort the rotas for the kitchen porters every week and i handle the suppliers when an order "
     "goes astray",
     "i handle the suppliers when an order goes astray", true},
    {"Chaired the parish budget meetings for the whole valley for years Coached the junior wardens "
     "through their first year",
     "Coached the junior wardens through their first year", true},
    {"i brief the volunteers on the lifting rules before each shift and settle the arguments "
     "between the two warehouse leads over breaks",
     "settle the arguments between the two warehouse leads over breaks", true},
    {"the crew I trained was small", "I trained was small", false},
    {"I showed the new staff round the building on their first morning alongside Priya from the "
     "front desk",
     "Priya from the front desk", false},
};

static void test_soft_skills_deeds_run_on(void **state) {
  check_said_in(*state, ((fixture *)*state)->work, "soft_skills", k_soft_deeds_said,
                sizeof k_soft_deeds_said / sizeof *k_soft_deeds_said);
}

/* A build of the customer's own said with the platform it stands on,
   where the platform is said as theirs: a plain "their" stays with the
   name, "their own" goes (the word "in-house" says it already), and the
   platform is no rival of its own. A possessive with no name after it, or
   a mark between, says how they would build, not on what. */
static const said_case k_build_on_theirs_said[] = {
    {"Pellworth came in low, and the IT lads might build it themselves on their Odoo.",
     "in-house build on their Odoo", true},
    {"they could develop the scheduler on top of their own Navision", "in-house build on Navision",
     true},
    {"Quarrow quoted, but their analysts would sooner develop one on their own Snowflake",
     "Snowflake", false},
    {"Quarrow quoted, but their analysts would sooner develop one on their own Snowflake",
     "in-house build on Snowflake", true},
    {"their data people would develop a tracker themselves on top of their SAP",
     "in-house tracker built on their SAP", true},
    {"the plant team might build it on their own. Verrant is the other option.",
     "in-house build on Verrant", false},
    {"the plant team might build it on their own. Verrant is the other option.", "Verrant", true},
    /* The same build said with a verb of a quick, rough build ("knock
       something up", "cobble together"): it is a build all the same. */
    {"Raj thinks the depot lads might knock something up themselves on their Airtable.",
     "in-house build on their Airtable", true},
    {"Holmvik pitched too; their analysts keep cobbling together reports themselves on Looker",
     "in-house build on Looker", true},
    {"Holmvik pitched too; their analysts keep cobbling together reports themselves on Looker",
     "Looker", false},
    {"someone knocked something up on Trello once, nothing in-house stuck",
     "in-house build on Trello", false},
    /* A platform whose name with "their" would not fit an item is kept
       bare, never cut inside a character. */
    {"They have their own superduperhyperconfigurablex multidepartmentalised system on their "
     "Zentralverwaltungsplattform Nordrh W\u00e9.",
     "in-house superduperhyperconfigurablex multidepartmentalised system built on "
     "Zentralverwaltungsplattform Nordrh W\u00e9",
     true},
};

static void test_competitors_build_on_theirs(void **state) {
  check_said(*state, "competitors", k_build_on_theirs_said,
             sizeof k_build_on_theirs_said / sizeof k_build_on_theirs_said[0]);
}

/* Typed in lower case with its commas lost, a rival's name of two words
   whose second says a firm's kind stands before a cue only a vendor does
   even when no mark opens its clause, when the first is a coined word or
   a short code of letters and digits; everyday first words stay out. */
static const said_case k_rivals_firm_pair_said[] = {
    {"a newcomer out of leeds brenvik analytics quoted them half our price", "Brenvik Analytics",
     true},
    {"a firm from porto tallaro systems pitched them in may", "Tallaro Systems", true},
    {"k9 solutions won the pilot last spring", "K9 Solutions", true},
    {"someone up in cork vendrix digital offered them a discount", "Vendrix Digital", true},
    {"their own data analytics quoted nothing useful", "Data Analytics", false},
    {"the people from marketing solutions pitched them", "Marketing Solutions", false},
    /* A one-word name opening its sentence before a quote given or a
       demo done for the customer; a person or "we" who did so is none. */
    {"fine. brolvane also gave them a quote", "Brolvane", true},
    {"ok. tessimo did a demo for the crew", "Tessimo", true},
    {"good call. dramwell gave them a quote last week", "Dramwell", true},
    {"not sure. quennox do a demo for them in june", "Quennox", true},
    {"fine. we did a demo for the crew", "We", false},
    {"ok. priya gave them a quote", "Priya", false},
};

static void test_competitors_firm_pair_lower(void **state) {
  check_said(*state, "competitors", k_rivals_firm_pair_said,
             sizeof k_rivals_firm_pair_said / sizeof *k_rivals_firm_pair_said);
}

/* Tools said without commas: an edition word ("studio", "cloud", "pro",
   "suite") after a name goes on it and ends it, where before the name was
   cut before the edition word or glued to the next name. Near misses: an
   edition word before a plural that says the kind, and one after an
   everyday word with no name before it, change nothing. */
static const said_case k_edition_tools_said[] = {
    {"mostly quillmark studio and jira", "quillmark studio", true},
    {"jira brantix cloud figma", "brantix cloud", true},
    {"tarnhook suite pro nmap docker", "tarnhook suite pro", true},
    {"terraform studio fennick slack", "terraform studio", true},
    {"Tableau Cloud Orvell scanners", "Tableau Cloud", true},
    {"ferrowick pro scanners", "ferrowick", false},
    {"the county online booking portal", "county online", false},
};

/* An edition word stays with the name before it. */
static void test_edition_runs(void **state) {
  check_said_in(*state, ((fixture *)*state)->work, "tools_technologies", k_edition_tools_said,
                sizeof k_edition_tools_said / sizeof *k_edition_tools_said);
}

/* Skills set apart by commas: a short bracket that closes an item (the
   standard, code or kind of the skill meant) stays on it whole, where
   before it was dropped or cut open. Near misses: a bracket that holds a
   list, one that only rates the skill, and a clause with a bracketed
   aside change nothing. */
static const said_case k_bracket_skills_said[] = {
    {"hazard analysis (HAZOP), pipe stress checks, valve sizing", "hazard analysis (HAZOP)", true},
    {"food labelling law (FIC 1169), shelf life testing", "food labelling law (FIC 1169)", true},
    {"Payroll, contract drafting (employment law), and rota planning",
     "contract drafting (employment law)", true},
    {"soil sampling (grid method), drone scouting, yield mapping", "soil sampling (grid method)",
     true},
    {"welding inspection (CSWIP 3.1), radiography", "welding inspection (CSWIP 3.1)", true},
    {"cheese making (brie, feta, halloumi), pasteurisation", "cheese making (brie, feta, halloumi)",
     false},
    {"HACCP (mostly), costing", "HACCP", true},
    {"we did the dull council paperwork (ugh), HACCP, costing",
     "we did the dull council paperwork (ugh)", false},
};

/* A skill keeps the bracket that closes it. */
static void test_skills_bracket_kept(void **state) {
  check_said_in(*state, ((fixture *)*state)->work, "technical_skills", k_bracket_skills_said,
                sizeof k_bracket_skills_said / sizeof *k_bracket_skills_said);
}

/* Rivals: the status quo said in words is an alternative, where before
   it was left out: going on with a practice, "keep" and a verb in -ing
   after a word of weighing, kept from "keep" on; buying a new one of what
   they have ("could just buy a new boiler"), kept with "buying". Near
   misses: a verb of talk ("keep asking"), "keep" with no word of weighing
   before it, a new "one" that says no thing, a purchase done ("bought a
   new truck"). */
static const said_case k_status_quo_said[] = {
    {"Apart from Torvane, they could just keep logging temperatures on paper.",
     "keep logging temperatures on paper", true},
    {"The real alternative is to keep tracking orders in Excel.", "keep tracking orders in Excel",
     true},
    {"Brelvo quoted, or they might keep checking the tanks by hand and save the money.",
     "keep checking the tanks by hand", true},
    {"honestly they'd rather keep scheduling shifts manually", "keep scheduling shifts manually",
     true},
    {"None, but they just keep asking about the price.", "keep asking about the price", false},
    {"They keep counting stock by hand at the moment.", "keep counting stock by hand", false},
    {"Koravex sent a quote, and they could just buy a new data logger instead.",
     "buying a new data logger", true},
    {"the cheap option is simply buying new pallet scales", "buying new pallet scales", true},
    {"Besides Brelvo they might buy a new boiler for the east wing.", "buying a new boiler", true},
    {"Quennox, or they would rather buy a new label printer.", "buying a new label printer", true},
    {"Dramwell, or they'd rather buy a new one.", "buying a new one", false},
    {"Dramwell pitched; they just bought a new truck last year.", "buying a new truck", false},
};

static void test_competitors_status_quo_words(void **state) {
  check_said(*state, "competitors", k_status_quo_said,
             sizeof k_status_quo_said / sizeof *k_status_quo_said);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_products_article_items_from_the_start),
      cmocka_unit_test(test_products_kind_said_before_name),
      cmocka_unit_test(test_products_name_with_kind),
      cmocka_unit_test(test_products_sold_verb_cut),
      cmocka_unit_test(test_competitors_said),
      cmocka_unit_test(test_work_lists_said),
      cmocka_unit_test(test_work_lists_bracket_closes_item),
      cmocka_unit_test(test_soft_skills_stressed_word),
      cmocka_unit_test(test_soft_skills_done_with_people),
      cmocka_unit_test(test_soft_skills_long_past_clauses),
      cmocka_unit_test(test_soft_skills_bare_words_tentative),
      cmocka_unit_test(test_tools_purpose_plural),
      cmocka_unit_test(test_tools_capital_run),
      cmocka_unit_test(test_skills_codes_run),
      cmocka_unit_test(test_soft_skills_denied_kind),
      cmocka_unit_test(test_known_runs),
      cmocka_unit_test(test_kind_code_runs),
      cmocka_unit_test(test_spoken_model_runs),
      cmocka_unit_test(test_soft_skills_deeds_run_on),
      cmocka_unit_test(test_competitors_build_on_theirs),
      cmocka_unit_test(test_competitors_firm_pair_lower),
      cmocka_unit_test(test_edition_runs),
      cmocka_unit_test(test_skills_bracket_kept),
      cmocka_unit_test(test_competitors_status_quo_words),
  };
  return cmocka_run_group_tests(tests, fx_setup, fx_teardown);
}
