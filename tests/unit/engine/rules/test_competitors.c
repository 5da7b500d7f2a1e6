/*
 * test_competitors.c - tests for the rivals and our products parts of
 * server/engine/rules/named_list.c, read from answers typed or dictated
 * in lower case and without commas.
 */
#include "fixture.h"

/* One answer and a name the list must hold (wanted) or must not. */
typedef struct said_case {
  const char *text;
  const char *name;
  bool wanted; /* false: a near miss that must stay out */
} said_case;

/* Is name in the list read from text as the answer to field, as typed
   (nocomma false) or with its commas dropped as dictation drops them? */
static bool read_in(fixture *fx, const char *field, const char *text, const char *name,
                    bool nocomma) {
  char buf[512];
  size_t n = 0;
  for (const char *p = text; *p && n + 1 < sizeof buf; p++)
    if (!nocomma || *p != ',')
      buf[n++] = *p;
  buf[n] = '\0';
  json_t *u = fx_run(fx, fx->sales, field, buf);
  bool has = fx_has(fx_val(u, field), name);
  json_decref(u);
  return has;
}

/* Checks each answer's name, as typed and without its commas. */
static void check_said(fixture *fx, const char *field, const said_case *said, size_t n) {
  size_t bad = 0;
  for (size_t k = 0; k < n; k++)
    for (int nocomma = 0; nocomma < 2; nocomma++)
      if (read_in(fx, field, said[k].text, said[k].name, nocomma) != said[k].wanted) {
        print_error("'%s'%s: '%s' %s\n", said[k].text, nocomma ? " without commas" : "",
                    said[k].name, said[k].wanted ? "wanted" : "unwanted");
        bad++;
      }
  if (bad > 0)
    fail_msg("%zu of %zu readings wrong", bad, 2 * n);
}

/* Answers to the rivals question typed in lower case, one class of shape
   after another. */
static const said_case k_rivals_lower[] = {
    /* A rival's name right after a verb of having, keeping or dropping it
       ("had", "keeping", "dropped"); everyday words there stay lower and
       out. */
    {"they had vornelle as the runner up and we edged them on support", "Vornelle", true},
    {"apparently the buyers dropped kestaro after the site visit", "Kestaro", true},
    {"the council is keeping brambleo as a plan b for now", "Brambleo", true},
    {"so they had ostrelli on the shortlist till june", "Ostrelli", true},
    {"they had concerns about the install dates", "Concerns", false},
    {"the clinic dropped prices for the winter promo", "Prices", false},
    {"they are keeping things simple this year", "Things", false},
    {"they had lunch with the plant manager after", "Lunch", false},
    /* ... or after a verb of seeing or preferring it ("saw", "likes",
       "prefers"). */
    {"the finance lead likes harvindo from her old firm", "Harvindo", true},
    {"they saw corrabee at a trade fair in may", "Corrabee", true},
    {"ops would prefer lumatrek if the price were right", "Lumatrek", true},
    {"they've got ferrolux already at the north site", "Ferrolux", true},
    {"she likes dashboards more than reports", "Dashboards", false},
    {"we saw growth in the second half", "Growth", false},
    {"they got approval from the board last week", "Approval", false},
    /* A rival named right after its kind ends at a word of time ("last
       year", "right now"); "one" after a word of where from stands for
       the kind ("a german one varbeck"), but "the local one is cheaper"
       names none. */
    {"they trialled one regional firm dunmarra last spring and dropped it", "Dunmarra", true},
    {"a local vendor kestrin right now does their servicing", "Kestrin", true},
    {"pricing came in from a nearby one er tresko plus a swiss one halvec", "Halvec", true},
    {"they heard from a regional one um tresko last week", "Tresko", true},
    {"a danish one pellwick did the demo for the board", "Pellwick", true},
    {"the local one is cheaper but slower", "Cheaper", false},
    {"a german one with better support apparently", "Better", false},
    {"they liked the local one better", "Better", false},
    /* A name that opens a sentence is closed by where it is from ("out
       of", "from"); a verb in -ed after it is no second word of it. */
    {"brantove out of gdansk was the cheaper bid", "Brantove", true},
    {"quellmark from the twin cities came in second", "Quellmark", true},
    {"ok. norvane out of leeds pitched them in june", "Norvane", true},
    {"marsette dropped out after the first round", "Marsette Dropped", false},
    {"pricing from them was fine", "Pricing", false},
    {"nothing out of the ordinary came up", "Nothing", false},
    /* Two names joined by "and" that open a sentence: the first is a name
       as the second is, when both are no everyday words. */
    {"telvoro and maskbright. nobody else came up", "Telvoro", true},
    {"telvoro and maskbright. nobody else came up", "Maskbright", true},
    {"marrowin and pellucor. the buyer keeps dropping both names", "Marrowin", true},
    {"zentrova and quillbeck are both bidding on the rebuild", "Zentrova", true},
    {"price and timing were the only worries really", "Price", false},
    {"paper and whiteboards for now, nothing else", "Paper", false},
    {"nobody and nothing else came up", "Nobody", false},
    /* A made-up name in -ly ("rotafly", "crewly") after a word that names,
       weighs or uses a thing, or alone as its sentence; an adverb in -ly
       there (one no everyday word list holds) stays lower and out. */
    {"the practice manager recommended rotafly to the partners", "Rotafly", true},
    {"honestly they might just go with crewly for the roster", "Crewly", true},
    {"their sister hotel uses roomly, for the front desk", "Roomly", true},
    {"a consultant they trust mentioned ledgerly as cheaper", "Ledgerly", true},
    {"tallyfly. nobody else that i heard of", "Tallyfly", true},
    {"the buyer tested thoroughly before deciding", "Thoroughly", false},
    {"they went with weirdly little fuss in the end", "Weirdly", false},
    {"they dropped gradually out of the process", "Gradually", false},
    {"the buyer used mostly paper rosters until now", "Mostly", false},
    {"they are warming up gradually to the idea of a pilot", "Gradually", false},
    /* Two names in one breath, "x and y", where only the second follows a
       word that leads into a name: the first, no everyday word, is one too
       whatever comes before it. */
    {"if it goes to tender realistically brunvik and tessamo will bid", "Brunvik", true},
    {"for the hull scans it is basically sondrel and maritex", "Sondrel", true},
    {"the growers mostly mentioned agrivo and fieldkin at the expo", "Agrivo", true},
    {"so in the end probably kellaby and orvanta for the fitout", "Kellaby", true},
    {"the price and orvanta worried them", "Price", false},
    {"a rep messaged her on whatsapp and zentavo called too", "Whatsapp", false},
    {"they liked training and orvanta less", "Training", false},
    /* A town said of a rival is no rival: one word between an article
       or a word of size and a loose kind of firm ("a Leeds crowd", "some
       Derby outfit"), or after "out of" or "from" that follows the
       rival, its kind or "they're"; the rival named beside it stays in. */
    {"They got a price from Halvesta, a small Leeds crowd, last month", "Leeds", false},
    {"They got a price from Halvesta, a small Leeds crowd, last month", "Halvesta", true},
    {"They shortlisted Trenwick, who are out of Glasgow", "Glasgow", false},
    {"They shortlisted Trenwick, who are out of Glasgow", "Trenwick", true},
    {"The buyer also met Pollenry which is some Derby outfit", "Derby", false},
    {"The buyer also met Pollenry which is some Derby outfit", "Pollenry", true},
    {"Marvello pitched too, I think they're out of Valencia", "Valencia", false},
    {"Marvello pitched too, I think they're out of Valencia", "Marvello", true},
    {"A tiny Lisbon startup called Ondavo quoted for the kiosks", "Lisbon", false},
    {"A tiny Lisbon startup called Ondavo quoted for the kiosks", "Ondavo", true},
    /* ... but a name before the kind that "the" leads names the firm. */
    {"They also shortlisted the Corvexa crowd for the refit", "Corvexa", true},
    {"Honestly the Brindle outfit has the contract till spring", "Brindle", true},
    /* A name that opens a sentence is closed by what it holds or did for
       the customer ("has", "holds", "ran") or by "that's who" and "who";
       an everyday word or a pronoun's contraction there stays out. */
    {"drummel has had their servicing since the old plant opened", "Drummel", true},
    {"brakstone holds the framework deal till next spring", "Brakstone", true},
    {"Ostrava Pumps ran the last two overhauls for them", "Ostrava Pumps", true},
    {"quenby that's who they picked in the end", "Quenby", true},
    {"Tellmark who bid last time is back again", "Tellmark", true},
    {"nobody has pitched them anything yet", "Nobody", false},
    {"they've already had two demos from us", "Already", false},
    {"we've only had one call with their ops lead", "Only", false},
    {"pricing has been the sticking point all along", "Pricing", false},
    {"that's who signs the purchase orders", "That", false},
    /* A firm's name whose first word ends like a nation's word ("-ian",
       "-ean") before a second capitalized word is a name; a nation or a
       language before a noun or a holiday says where from. */
    {"They got a price from Caspian Haulage last month", "Caspian Haulage", true},
    {"Meridian Analytics is the incumbent on the billing side", "Meridian Analytics", true},
    {"They also talked to Corinthian Fleet about leasing", "Corinthian Fleet", true},
    {"Olympian Freight pitched them a cheaper rate", "Olympian Freight", true},
    {"An Italian supplier in Parma sent them a price", "Italian", false},
    {"A Swedish firm called Norrbo quoted for the dryers", "Swedish", false},
    {"The Chinese New Year rush delayed their answer", "Chinese New Year", false},
    /* "X & Y" is one firm when its last word says firm or partnership
       ("Sons", "Partners", "Engineering", "IT"); two bare names joined by
       "&" stay two rivals. */
    {"There was a bid from a regional integrator, Ostler & Sons, for the racking", "Ostler & Sons",
     true},
    {"Pryce & Vellam Engineering quoted for the retrofit too", "Pryce & Vellam Engineering", true},
    {"They had a call with Dunmore & Partners about the audit", "Dunmore & Partners", true},
    {"A local shop, Kessel & Brandauer IT, pitched them in March", "Kessel & Brandauer IT", true},
    {"A local shop, Kessel & Brandauer IT, pitched them in March", "Kessel", false},
    {"They had a call with Dunmore & Partners about the audit", "Partners", false},
    {"They got quotes from Halden & Morrow", "Halden & Morrow", false},
    {"They got quotes from Halden & Morrow", "Halden", true},
    {"Corvane & Ilsted are both bidding on the rebuild", "Corvane", true},
    /* Two bare names joined by "&" before a verb of bidding ("pitched",
       "quoted", "won") are both rivals, as with "and"; a partnership's
       name before it stays one, and a word of ours or an everyday word
       before "&" stays out. */
    {"Halvern & Tosk pitched them a cheaper rate", "Halvern", true},
    {"Halvern & Tosk pitched them a cheaper rate", "Tosk", true},
    {"Apparently Brisel & Omaro won the canteen contract", "Brisel", true},
    {"Last spring Quantra & Veylor quoted for the second site", "Quantra", true},
    {"For the lab kit Meshwell & Darrow also bid", "Meshwell", true},
    {"Lindqvist & Partners pitched them in the autumn", "Lindqvist", false},
    {"Lindqvist & Partners pitched them in the autumn", "Lindqvist & Partners", true},
    {"Our reps & Tosk both pitched the ward", "Our Reps", false},
    {"Honestly Corvel won that round on price", "Corvel", true},
    /* An everyday word, or the -ing form of one, that opens a sentence
       before a verb of being or having is the topic talked about, not a
       rival; a one-word name that is no everyday word, or one followed
       by what only a rival is ("is the incumbent"), is still read. */
    {"Budget is the real worry, not rivals. Kestrel pitched them", "Budget", false},
    {"Budget is the real worry, not rivals. Kestrel pitched them", "Kestrel", true},
    {"They looked at Corvane. Timing was the issue for them", "Timing", false},
    {"Nobody else really. Funding has been cut twice this year", "Funding", false},
    {"Security is what the board cares about most", "Security", false},
    {"Staffing was the main topic with the ops lead", "Staffing", false},
    {"Planning has slipped since the merger", "Planning", false},
    {"Summit is the incumbent for the lockers", "Summit", true},
    {"Summit has the contract till next year", "Summit", true},
    {"Pinnacle was their vendor before the merger", "Pinnacle", true},
    {"Compass has had their servicing for years", "Compass", true},
    {"Harvest is the incumbent at both depots", "Harvest", true},
    {"Signal is still in the running for the rollout", "Signal", true},
    /* A name that opens a sentence before " + ", which lists the next
       rival, is closed there; an everyday word before it stays out. */
    {"ostravia + a startup out of porto called brenlo", "Ostravia", true},
    {"Kelvix + a cheaper regional one we never heard of", "Kelvix", true},
    {"quellmont + maybe the old supplier again", "Quellmont", true},
    {"Tarrow Labs + a freelancer they know from uni", "Tarrow Labs", true},
    {"price + lead time were the real worries", "Price", false},
    {"budget + timing only, no rivals", "Budget", false},
    {"training + support came up more than anything", "Training", false},
    /* A platform named soon after the verb of an in-house build ("on X",
       "with X") is what the build stands on, kept with it rather than
       listed as a rival; a day, a person or a later clause is not. */
    {"Their fallback is to build the portal themselves on Drupal", "in-house build on Drupal",
     true},
    {"Their fallback is to build the portal themselves on Drupal", "Drupal", false},
    {"Ops talked about building it in-house with Node-RED and some sensors",
     "in-house build with Node-RED", true},
    {"Maybe the plant engineers will develop their own with Raspberry Pis",
     "in-house build with Raspberry Pis", true},
    {"Finance would have their own guy build the tracker in house on Airtable",
     "in-house build on Airtable", true},
    {"Finance would have their own guy build the tracker in house on Airtable", "in-house guy",
     false},
    {"They could build it in-house on Monday if the budget slips", "in-house build on Monday",
     false},
    {"Their IT lead may build it themselves with Priya Raman helping", "Priya Raman", false},
    {"They'd rather build their own, and Veltrix quoted as well", "Veltrix", true},
    /* Typed in lower case after a cue, a name is ended by "out of" and
       the place it names, not padded with "out". */
    {"they had a call with norvelle out of rotterdam", "Norvelle", true},
    {"they had a call with norvelle out of rotterdam", "Norvelle Out", false},
    {"they are also evaluating quillon out of porto for the depots", "Quillon", true},
    {"they are also evaluating quillon out of porto for the depots", "Quillon Out", false},
    {"the buyer trialled marsk out of aarhus in spring", "Marsk", true},
    {"the buyer trialled marsk out of aarhus in spring", "Marsk Out", false},
    {"still looking at drevo out of krakow for the second site", "Drevo", true},
    {"still looking at drevo out of krakow for the second site", "Drevo Out", false},
    /* A pronoun that leaves the firm open ("whoever", "whichever") is
       no rival, with or without "'s"; a name beside it still is. */
    {"budget is tight this year so they may wait", "Budget", false},
    {"timing was the sticking point for the board", "Timing", false},
    /* After "called" or "named", typed in lower case, a name of two
       words, or three when the last says what kind of firm ("systems",
       "analytics"), is kept whole; a verb or a word of time after it
       ends it. */
    {"they looked at a startup called blue harbor analytics", "Blue Harbor Analytics", true},
    {"a firm named north peak systems quoted too", "North Peak Systems", true},
    {"the depot trialled a vendor called kestrel bay logistics", "Kestrel Bay Logistics", true},
    {"there's an outfit called iron gate that pitched them", "Iron Gate", true},
    {"a firm called veltro quoted for the roof", "Veltro Quoted", false},
    {"they met a vendor named dorrow last year at the fair", "Dorrow Last", false},
    /* ... and a one-word name there after a kind of rival ("a vendor
       called", "one firm named") is the firm even when a person could
       bear it; "called" as phoning names no firm. */
    {"a vendor called harvey quoted for the repairs", "Harvey", true},
    {"one firm named Morgan quoted for the cladding", "Morgan", true},
    {"there was an outfit called wesley that pitched them", "Wesley", true},
    {"they shortlisted a startup named Felix for the app", "Felix", true},
    {"their rep called harvey about the renewal", "Harvey", false},
    {"she called Morgan from procurement on friday", "Morgan", false},
    {"their contractor a fellow called Tomas from Brightwell fixes the chillers", "Tomas", false},
    {"a consultant named Priya at Ostwell set up the old system", "Priya", false},
    /* A firm's name with "'s" that opens a sentence typed in lower case,
       when a verb of doing or holding for the customer follows its crew
       or team, is the rival, without the padding; an everyday word, a
       given name or a pronoun there stays out. */
    {"gravena's service crew does their upkeep now", "Gravena", true},
    {"tollbrek's field team handles the pumps on both sites", "Tollbrek", true},
    {"marvaine's night crew runs the cleaning at the depot", "Marvaine", true},
    {"ostrell's local office has held that contract for years", "Ostrell", true},
    {"gravena's service crew does their upkeep now", "Gravena's service crew", false},
    {"today's meeting has moved to thursday", "Today", false},
    {"daniel's team handles the rollout on their side", "Daniel", false},
    {"everyone's team has a say in the pick", "Everyone", false},
    /* Typed in lower case, a plural thing after a verb ("got brochures",
       "had visits") right before "from" and a list of two is what came
       from the rivals listed, who are both read; a plural rival before
       "from" and one place stays in. */
    {"they got brochures from ostrim and vellby last month", "Ostrim", true},
    {"they got brochures from ostrim and vellby last month", "Brochures", false},
    {"the board had visits from tarvex and lunmora in may", "Tarvex", true},
    {"the board had visits from tarvex and lunmora in may", "Visits", false},
    {"ops saw demos from kelbrook and sarnia this spring", "Kelbrook", true},
    {"finance got samples from vendral or coskin at the fair", "Vendral", true},
    {"they had kestrels from denmark quoting too", "Kestrels", true},
    /* Typed in lower case, a kind of rival that a word of where from or
       an article leads, then a comma and one word closed at once, names
       the rival; an everyday word or a longer clause there does not. */
    /* Typed in lower case, a name set right before a kind of rival told
       by where it is from ("a local startup", "regional integrator")
       is the rival, one word or two; a verb, a given name or an everyday
       word there stays out. */
    {"they're leaning toward pellacor a local startup from the coast", "Pellacor", true},
    {"dravona systems a regional integrator quoted them last week", "Dravona Systems", true},
    {"the main rival is quintrel local firm with cheap labour", "Quintrel", true},
    {"honestly varkstone a german engineering company came in under us", "Varkstone", true},
    {"ops keep pointing at brixell metals an italian maker of dies", "Brixell Metals", true},
    {"they'll probably hire a local contractor for the install", "Hire", false},
    {"we lost to a regional integrator on price", "Lost", false},
    {"maria a local consultant helps them with tenders", "Maria", false},
    {"they trust a local dealer for spare parts", "Trust", false},
    {"for payroll the school is using one regional provider", "Using", false},
    {"the depot hired a regional contractor for the paving", "Hired", false},
    {"the pricing a local firm gave them was lower", "Pricing", false},
    {"they're talking to a german outfit, brennhof", "Brennhof", true},
    {"the other bid is from a local firm, tarrowby.", "Tarrowby", true},
    {"a regional supplier, quenmark, came in lower", "Quenmark", true},
    {"they met one danish integrator, holvik, at the expo", "Holvik", true},
    {"a local firm, cheaper than us, also bid", "Cheaper", false},
    {"a german outfit, apparently", "Apparently", false},
    {"a regional supplier, which they dropped", "Which", false},
    {"for spares they order from whoever's quickest that week", "Whoever", false},
    {"they are talking to whoever answers the tender first", "Whoever Answers", false},
    {"they are talking to whoever answers the tender first", "Whoever", false},
    {"so they rent from whichever depot has stock", "Whichever", false},
    {"they buy from whoever's cheapest and vantrel sometimes", "Vantrel", true},
    /* After a verb of saying, a word that "is", "has", "won" or
       "pitched" follows is the rival's name; an everyday word there, or
       one with no such verb after it, is none. */
    {"and marisa said drovenda is the cheaper one they weigh us against", "Drovenda", true},
    {"the ops lead thinks quennel has the better depot app", "Quennel", true},
    {"apparently their cfo says tarnwick won the last tender in the region", "Tarnwick", true},
    {"he reckons ostrava pitched the board before christmas", "Ostrava", true},
    {"she said pricing is the only worry for now", "Pricing", false},
    {"he said trust was the issue with the last vendor", "Trust", false},
    {"she said velmoor would call them next week", "Velmoor", false},
    {"and tomas said brackley has seen that kit used at other plants", "Brackley", false},
    {"the buyer said renfold had worked with them before", "Renfold", false},
    /* A system of the customer's own, named by its kind after "in-house",
       "their own", "homegrown" or "internal" (up to two words before a
       noun such as "engine", "tracker", "spreadsheets"), is kept as said;
       "their own team", a rival's "its own" tool or things that are no
       system stay out. */
    {"For now the ops desk leans on their in-house booking engine", "in-house booking engine",
     true},
    {"right now it is their own shift spreadsheets plus many phone calls",
     "in-house shift spreadsheets", true},
    {"The lab keeps a homegrown sample tracker going, and Quintara demoed in March",
     "in-house sample tracker", true},
    {"The lab keeps a homegrown sample tracker going, and Quintara demoed in March", "Quintara",
     true},
    {"their own in-house pricing tool is what the buyers use today", "in-house pricing tool", true},
    {"the depot relies on an internal dispatch system and Harlowe pitched once",
     "in-house dispatch system", true},
    {"They have their own team for installs, and Brevlo quoted as well", "in-house team", false},
    {"They have their own team for installs, and Brevlo quoted as well", "Brevlo", true},
    {"Kestava pitched its own booking tool to the board", "in-house booking tool", false},
    {"they run their own servers in the basement and Orvane pitched", "in-house servers", false},
    {"Their vendor Telmora pitched its own in-house planner too", "in-house planner", false},
    {"their reseller sells their own booking thing called tidewise", "in-house booking thing",
     false},
    {"And the real rival is their own Routemate tracker plus group chats",
     "in-house Routemate tracker", true},
    {"And the real rival is their own Routemate tracker plus group chats", "Routemate", false},
    /* A supplier the customer keeps for something else, set apart ("not
       replacing that", "that is not for", "nothing to do with"), is no
       rival, with a description of it said just before; a rival turned
       down ("that's not for us") or named in another sentence stays. */
    {"they keep Ledgerix for payroll already, not replacing that. They also saw Corvane",
     "Ledgerix", false},
    {"they keep Ledgerix for payroll already, not replacing that. They also saw Corvane", "Corvane",
     true},
    {"One regional supplier does their parking permits, Orvell, but that is not for the gates",
     "Orvell", false},
    {"One regional supplier does their parking permits, Orvell, but that is not for the gates",
     "regional supplier", false},
    {"Copyvale holds the printer contract, which has nothing to do with this deal", "Copyvale",
     false},
    {"the kitchen uses Fernbrook for stock counts and that's not for the tills", "Fernbrook",
     false},
    {"They trialled Brenwick in spring but decided that's not for them", "Brenwick", true},
    {"Quorra came in cheaper and they are not replacing anything this year", "Quorra", true},
    /* An alternative said as what the customer would do, after "just",
       "could" or "considering", up to "and do it themselves", is kept as
       said, without where they would buy from; after a preposition only a
       verb in -ing opens it. */
    {"Or they could rent two extra chillers and do it themselves, Dana said",
     "rent two extra chillers and do it themselves", true},
    {"ops keep talking about just hiring a temp and doing it themselves",
     "hiring a temp and doing it themselves", true},
    {"Brovik quoted, and maybe they just buy spare probes from a dealer in Leeds and do it "
     "themselves",
     "buy spare probes and do it themselves", true},
    {"they priced a pair of cheap loggers and doing it themselves",
     "cheap loggers and doing it "
     "themselves",
     false},
    {"they said they won't just print labels and do it themselves",
     "print labels and do it themselves", false},
};

static void test_rivals_lower(void **state) {
  check_said(*state, "competitors", k_rivals_lower,
             sizeof k_rivals_lower / sizeof k_rivals_lower[0]);
}

/* A number right after a rival's name that closes the clause is part of
   the name; a number that goes on to count something is not. */
static const said_case k_rivals_number_tail[] = {
    {"Their ops lead is also talking to Vantix 24.", "Vantix 24", true},
    {"a regional fleet firm called Orlo 360 and Geotab", "Orlo 360", true},
    {"Mostly Kelbra 7, but it never left the pilot", "Kelbra 7", true},
    {"They're comparing us with Travia 100 or Pendle", "Travia 100", true},
    {"They got a quote from Vantix 24 units for the depot", "Vantix 24", false},
    {"They got a quote from Vantix 24 units for the depot", "Vantix", true},
    {"Dorne quoted them 40 less per unit", "Dorne", true},
};

static void test_rivals_number_tail(void **state) {
  check_said(*state, "competitors", k_rivals_number_tail,
             sizeof k_rivals_number_tail / sizeof k_rivals_number_tail[0]);
}

/* Answers to the products question typed in lower case, one class of
   shape after another. */
static const said_case k_products_lower[] = {
    /* Said without commas, the first word of an item said again, a
       product family's name, opens the next product; after a function
       word ("for the X admins") it says whose, and opens none. */
    {"tallyo pay tallyo payroll and the expense app", "tallyo pay", true},
    {"tallyo pay tallyo payroll and the expense app", "tallyo payroll", true},
    {"mostly brightdock core brightdock yard app", "brightdock yard app", true},
    {"kelpie route kelpie depot kelpie driver app", "kelpie depot", true},
    {"we showed orchardview maps orchardview spray log", "orchardview spray log", true},
    {"veldtrack dashboards for the veldtrack admins", "veldtrack dashboards", true},
    {"veldtrack dashboards for the veldtrack admins", "veldtrack admins", false},
    {"showed quayside core mainly", "quayside core", true},
    {"norrvault norrvault mirror and the tape bridge", "norrvault mirror", true},
    {"half oak half steel barrels mostly", "half oak", false},
    /* One word before "the" that is no everyday word and no verb's form
       is a product of its own; a verb ("showed the", "demoed the") or an
       everyday word there opens none. */
    {"quillbook the tenant app and the visitor log", "quillbook", true},
    {"quillbook the tenant app and the visitor log", "tenant app", true},
    {"rostrix the shift planner mainly", "shift planner", true},
    {"brenlow the brenlow kiosk and the loyalty add-on", "brenlow kiosk", true},
    {"showed the yard planner and the gate app", "yard planner", true},
    {"showed the yard planner and the gate app", "showed", false},
    {"pricing the gate app was the main thing", "pricing", false},
};

static void test_products_lower(void **state) {
  check_said(*state, "products_discussed", k_products_lower,
             sizeof k_products_lower / sizeof k_products_lower[0]);
}

/* Our product kept with its kind in the record ("Tidewell gauges") makes
   its bare name no rival in a later answer; a rival said beside it stays.
   And a name an earlier answer took for a rival keeps its bare spelling
   when the products answer says it with its kind, so the record can see
   it is ours. */
static void test_rivals_product_with_kind(void **state) {
  fixture *fx = *state;
  static const struct {
    const char *ours, *text, *rival;
  } said[] = {
      {"Tidewell gauges", "Brightmoor, they compared it with Tidewell", "Brightmoor"},
      {"Pennyroyal billing portal",
       "Castellan is the other bid, they weighed it against Pennyroyal", "Castellan"},
      {"Marrowfield planner", "mostly Ostbridge, Marrowfield came up as the one they like",
       "Ostbridge"},
      {"Korvane probes", "Halden Systems and Korvane were both on the shortlist", "Halden Systems"},
  };
  for (size_t k = 0; k < sizeof said / sizeof said[0]; k++) {
    json_t *rec = json_pack("{s:{s:[s],s:i}}", "products_discussed", "value", said[k].ours,
                            "evidence_seq", 5);
    assert_non_null(rec);
    json_t *u = fx_run_with(fx, fx->sales, rec, "competitors", said[k].text);
    const json_t *v = fx_val(u, "competitors");
    char bare[64];
    snprintf(bare, sizeof bare, "%.*s", (int)strcspn(said[k].ours, " "), said[k].ours);
    if (fx_has(v, bare) || !fx_has(v, said[k].rival))
      fail_msg("'%s': want '%s' and not '%s' in %s", said[k].text, said[k].rival, bare,
               fx_dump(u, "competitors"));
    json_decref(u);
    json_decref(rec);
  }
  json_t *rec = json_pack("{s:{s:[s],s:i}}", "competitors", "value", "Korvane", "evidence_seq", 5);
  assert_non_null(rec);
  json_t *u = fx_run_with(fx, fx->sales, rec, "products_discussed", "Korvane probes and Skyhook");
  if (!fx_has(fx_val(u, "products_discussed"), "Korvane"))
    fail_msg("want the bare name in %s", fx_dump(u, "products_discussed"));
  json_decref(u);
  json_decref(rec);
}

/* A build of their own made with a partner said by its kind, not its
   name ("with their ERP vendor", "w/ a local developer"), is kept whole,
   and the partner is no rival of its own; a "with" that names no partner
   leaves the build bare. */
static const said_case k_build_with_partner[] = {
    {"they might build it in-house with their ERP vendor", "in-house build with their ERP vendor",
     true},
    {"they might build it in-house with their ERP vendor", "ERP vendor", false},
    {"Brevik is bidding. Or they build their own w/ a local developer",
     "in-house build with a local developer", true},
    {"the plant could develop something in house with the university",
     "in-house build with the university", true},
    {"maybe building it themselves with some freelance engineers",
     "in-house build with some freelance engineers", true},
    {"they said they would build it in-house with care", "in-house build with care", false},
    {"they said they would build it in-house with care", "in-house build", true},
    {"they could build their own w/o any outside help", "in-house w", false},
};

static void test_rivals_build_with_partner(void **state) {
  check_said(*state, "competitors", k_build_with_partner,
             sizeof k_build_with_partner / sizeof k_build_with_partner[0]);
}

/* A name that opens the answer, then a remark that points back to what
   was said before ("like I said", "as we mentioned"), is a rival said
   bare; an everyday word there stays out. */
static const said_case k_said_before[] = {
    {"dravenport like i said, they undercut us on the licences", "Dravenport", true},
    {"quillmoor as we mentioned and nobody else really", "Quillmoor", true},
    {"veskari as mentioned earlier in the call", "Veskari", true},
    {"brontell like we said before, still the favourite", "Brontell", true},
    {"pricing like i said was the sore point", "Pricing", false},
    {"honestly like i said nobody else came up", "Honestly", false},
    {"the same as we said last time", "Same", false},
};

static void test_rivals_said_before(void **state) {
  check_said(*state, "competitors", k_said_before, sizeof k_said_before / sizeof k_said_before[0]);
}

/* The customer's own people doing the work by other means ("their own
   crew doing the counts on clipboards") is an in-house alternative,
   kept as what they do; how such people fare, or "doing it", is not. */
static const said_case k_own_crew_doing[] = {
    {"Orvane, and their own crew doing stock counts on clipboards",
     "in-house stock counts on clipboards", true},
    {"their own warehouse staff doing the cycle counts by hand", "in-house cycle counts by hand",
     true},
    {"mostly their own field techs doing meter reads with a paper log",
     "in-house meter reads with a paper log", true},
    {"Pellidor or their own people doing audits in excel", "in-house audits in excel", true},
    {"their own team doing fine with the current vendor", "in-house fine with the current vendor",
     false},
    {"they have their own team and it is doing well", "in-house well", false},
    {"their own crew doing it", "in-house it", false},
};

static void test_rivals_own_crew_doing(void **state) {
  check_said(*state, "competitors", k_own_crew_doing,
             sizeof k_own_crew_doing / sizeof k_own_crew_doing[0]);
}

/* After a cue, a lender's or a members' body's last word ("sacco",
   "credit union", "cooperative", "bank") ends its name and is kept with
   it; such a word alone after an article names none. */
static const said_case k_body_heads[] = {
    {"they also talked to mlima valley sacco about paying growers", "Mlima Valley Sacco", true},
    {"they looked at northgate credit union for the payroll loans", "Northgate Credit Union", true},
    {"they also looked at kiambere sacco for the payouts", "Kiambere Sacco", true},
    {"they went with harrow state bank in the end", "Harrow State Bank", true},
    {"they also talked to the bank about it", "Bank", false},
    {"they are looking at pricing from the bank", "Pricing", false},
};

static void test_rivals_body_heads(void **state) {
  check_said(*state, "competitors", k_body_heads, sizeof k_body_heads / sizeof k_body_heads[0]);
}

/* A name the person is unsure of is followed by a doubt ("i think",
   "or something", "maybe", a question mark): the name's words right
   before it, back to an everyday word said before them, are a name when
   one is no everyday word; a noun of everyday make, a given name or a
   clause that "maybe" leads into are none. */
static const said_case k_unsure[] = {
    {"a regional outfit quoted them too, dravenko or something", "Dravenko", true},
    {"the other finalist was uh merrow cloud I think and they dropped out", "Merrow Cloud", true},
    {"the plant IT lead keeps pushing a local package tolvaro i think it was called", "Tolvaro",
     true},
    {"the co-op brought up some payroll thing, brindaxo? not sure", "Brindaxo", true},
    {"they were also offered a trial by a vendor up north, quillon maybe.", "Quillon", true},
    {"they went with the cheaper one i think", "Cheaper One", false},
    {"the quote for modernisation i think was higher than ours", "Modernisation", false},
    {"theyd maybe just hire two more clerks instead", "Theyd", false},
    {"it was marta i think who raised the other option", "Marta", false},
    {"pricing was the sticking point i guess", "Sticking Point", false},
};

static void test_rivals_unsure(void **state) {
  check_said(*state, "competitors", k_unsure, sizeof k_unsure / sizeof k_unsure[0]);
}

/* A name that opens a sentence is closed by "they" that says the firm
   again ("brandvik they won it"), or by "and" that goes on about the
   customer ("ostrivo and they also ..."); an everyday word there stays
   lower and out. */
static const said_case k_said_again[] = {
    {"brandvik they won it in the end", "Brandvik", true},
    {"quelmar, they won it on price", "Quelmar", true},
    {"kelbrook analytics they quoted lower", "Kelbrook Analytics", true},
    {"ostrivo and they also talked about building it themselves", "Ostrivo", true},
    {"helmbrook, and their own crew uses paper sheets", "Helmbrook", true},
    {"pricing they said was too high", "Pricing", false},
    {"yesterday they told us nobody else is in", "Yesterday", false},
    {"procurement and they want a discount", "Procurement", false},
    {"finance and their auditors looked at it", "Finance", false},
};

static void test_rivals_said_again(void **state) {
  check_said(*state, "competitors", k_said_again, sizeof k_said_again / sizeof k_said_again[0]);
}

/* "w" typed for "with" leads into a rival's name as "with" does
   ("up against us w marvane"); a department after it is who the
   customer works with, and everyday words stay lower and out. */
static const said_case k_short_with[] = {
    {"they keep weighing us w marvane on price", "Marvane", true},
    {"the mill did a trial w quintrell back in 2022", "Quintrell", true},
    {"the buyers put us side by side w tessaro and a swiss one", "Tessaro", true},
    {"its down to us w kovalink at this point", "Kovalink", true},
    {"they signed off w procurement on friday", "Procurement", false},
    {"theyre happy w pricing for now", "Pricing", false},
    {"the cfo sat w legal for an hour", "Legal", false},
};

static void test_rivals_short_with(void **state) {
  check_said(*state, "competitors", k_short_with, sizeof k_short_with / sizeof k_short_with[0]);
}

/* A rival taken back right after it is named, with a repair that takes
   something back ("sorry", "wait", "scratch that", "no" with "actually"):
   the name goes, and the one said in its place is read, in lower case too
   when the clause ends on it. A bare "no" or "actually" takes nothing
   back, and the speaker going on ("that's", "I'm") names nobody. */
static const said_case k_taken_back[] = {
    {"we think they looked at Harbrix, no sorry, Quandle was the one", "Harbrix", false},
    {"we think they looked at Harbrix, no sorry, Quandle was the one", "Quandle", true},
    {"mostly talking with Pellaro... no wait, it was Drisco", "Pellaro", false},
    {"mostly talking with Pellaro... no wait, it was Drisco", "Drisco", true},
    {"the depot uses zentrik, sorry, molvar. molvar's fleet app", "Zentrik", false},
    {"the depot uses zentrik, sorry, molvar. molvar's fleet app", "Molvar", true},
    {"Ambrose Labs, scratch that, Tiverly pitched them", "Ambrose Labs", false},
    {"Ambrose Labs, scratch that, Tiverly pitched them", "Tiverly", true},
    {"quoting against oskana no actually it was brevlin", "Oskana", false},
    {"quoting against oskana no actually it was brevlin", "Brevlin", true},
    {"Fenwright. No one else came up", "Fenwright", true},
    {"they had Calloway actually as the runner up", "Calloway", true},
    {"they had Brisco, sorry, that's the other client", "That's", false},
    {"they use Norrland Data, sorry, I'm guessing there", "I'm", false},
};

static void test_rivals_taken_back(void **state) {
  check_said(*state, "competitors", k_taken_back, sizeof k_taken_back / sizeof k_taken_back[0]);
}

/* A rival named after "was" or "is" that closes a clause whose subject
   stands for one ("the other one in the mix", "the only option left")
   or says what the customer did with it ("the planner they trialled");
   an everyday word, a given name, a word of doing or a rival's kind
   there names none. */
static const said_case k_after_subject[] = {
    {"the scheduler they trialled over the summer was pondrix", "Pondrix", true},
    {"honestly the second one on their list is varnello and they are pricier", "Varnello", true},
    {"what they run at the north depot is quillary", "Quillary", true},
    {"their only option left was just ostrava cloud to be fair", "Ostrava Cloud", true},
    {"the package the board picked in the end was tremlow", "Tremlow", true},
    {"the vendor we kept hearing about is brankling", "Brankling", true},
    {"the one they trialled was cheaper", "Cheaper", false},
    {"the other option is doing nothing this year", "Doing", false},
    {"the tool they use is spreadsheets", "Spreadsheets", false},
    {"the one they picked was a local firm", "Local", false},
    {"the person they liked was martin from finance", "Martin", false},
    {"the main worry is integration", "Integration", false},
};

static void test_rivals_after_subject(void **state) {
  check_said(*state, "competitors", k_after_subject,
             sizeof k_after_subject / sizeof k_after_subject[0]);
}

/* An answer that is only a rival's name, one to three words typed in
   lower case ("a bare name"); a word of no, of doubt or of not knowing,
   an everyday word, a given name or a department names none. */
static const said_case k_bare_lower[] = {
    {"trelvix", "Trelvix", true},
    {"ostramark systems.", "Ostramark Systems", true},
    {"quindle 24", "Quindle 24", true},
    {"pallisto. nobody else that i know of", "Pallisto", true},
    {"rotavy", "Rotavy", true},
    {"nope", "Nope", false},
    {"dunno", "Dunno", false},
    {"probably", "Probably", false},
    {"same as last time", "Same", false},
    {"procurement", "Procurement", false},
    {"spreadsheets", "Spreadsheets", false},
    {"marek", "Marek", false},
};

static void test_rivals_bare_lower(void **state) {
  check_said(*state, "competitors", k_bare_lower, sizeof k_bare_lower / sizeof k_bare_lower[0]);
}

/* "just" or "only" opening a clause before one word closed at once or
   by a hedge says the one rival there is, in lower case; a word of time,
   an everyday word, a given name or the customer itself names none. */
static const said_case k_only_one[] = {
    {"quiet on that front. just tarvolex as far as i can tell", "Tarvolex", true},
    {"only brindall i think, the rest dropped off", "Brindall", true},
    {"just quorvane well and maybe a reseller later", "Quorvane", true},
    {"we asked them twice. only pelmora too, from what she said", "Pelmora", true},
    {"no one else, just us on the shortlist", "Us", false},
    {"only once they had seen the pilot", "Once", false},
    {"nothing formal, just spreadsheets for now", "Spreadsheets", false},
    {"they liked it, just slow to answer", "Slow", false},
    {"no rival really, just anika from ops pushing back", "Anika", false},
};

static void test_rivals_only_one(void **state) {
  check_said(*state, "competitors", k_only_one, sizeof k_only_one / sizeof k_only_one[0]);
}

/* In an answer typed with capitals, a brand written in lower case right
   after a verb of using or a cue, closed at once, is a rival; a plural, a
   word with an apostrophe, an everyday word, a given name or a word that
   goes on into a phrase is not. */
static const said_case k_lower_brand_mixed[] = {
    {"Marta said their other site uses zentoro and they like it fine.", "zentoro", true},
    {"They were looking at plumvia, though Dmitri wasn't convinced.", "plumvia", true},
    {"Apparently they had a quote from kerrabel for the whole fleet.", "kerrabel", true},
    {"The finance team is using voltrana. The rest is paper.", "voltrana", true},
    {"Most depots already have chillers from a local dealer.", "chillers", false},
    {"Vessko is the incumbent they've kept for years.", "they've", false},
    {"They were looking at pricing for the second site.", "pricing", false},
    {"Their ops lead keeps talking to megan in procurement.", "megan", false},
    {"Their depot uses tempora readings from the old sensors.", "tempora", false},
    {"They never used korvalen, they build it all in-house.", "korvalen", false},
};

static void test_rivals_lower_brand_mixed(void **state) {
  check_said(*state, "competitors", k_lower_brand_mixed,
             sizeof k_lower_brand_mixed / sizeof k_lower_brand_mixed[0]);
}

/* Dictated without a comma, a clause closed by a cue only a vendor does
   ("won", "pitched them") is followed by the next rival's name in lower
   case before another such cue; an everyday word there names none. */
static const said_case k_after_vendor_clause[] = {
    {"veltrix won dornafield also bid.", "Dornafield", true},
    {"norvik pitched them tessaly quoted too", "Tessaly", true},
    {"in the end orbana won pellucid came in cheaper", "Pellucid", true},
    {"their old vendor won it marvella also quoted them", "Marvella", true},
    {"brantix won again also quoted", "Again", false},
    {"tarvix won the tender also quoted", "The", false},
};

static void test_rivals_after_vendor_clause(void **state) {
  check_said(*state, "competitors", k_after_vendor_clause,
             sizeof k_after_vendor_clause / sizeof k_after_vendor_clause[0]);
}

/* Typed in lower case, a plural of a noun of what does a thing ("-ers",
   "-ors") right before "from" is the kind of device; the word after
   "from" is the maker and the rival. */
static const said_case k_device_from_maker[] = {
    {"the maintenance crew trialled analysers from quintavo last spring", "Quintavo", true},
    {"they use inverters from solbrenna on the north site", "Solbrenna", true},
    {"the lab tested counters from miravelt and found them slow", "Miravelt", true},
    {"they had chillers from norbakken before the refit", "Norbakken", true},
    {"the maintenance crew trialled analysers from quintavo last spring", "Analysers", false},
    {"they use inverters from solbrenna on the north site", "Inverters", false},
    {"the lab tested counters from miravelt and found them slow", "Counters", false},
    {"they had chillers from norbakken before the refit", "Chillers", false},
    {"they tested samples from the north field", "Samples", false},
};

/* "inhouse", the in-house build typed as one word, reads as the hyphened
   form: a build of their own, a system of theirs named by its kind, or the
   noun said just before; said as not wanted, it stays out. */
static const said_case k_inhouse_one_word[] = {
    {"the plant manager keeps saying they'd rather build the scheduler inhouse", "in-house build",
     true},
    {"Marlow quoted too, but the IT lead wants to develop it inhouse", "in-house build", true},
    {"Marlow quoted too, but the IT lead wants to develop it inhouse", "Marlow", true},
    {"their inhouse rota spreadsheet is what the nurses live in", "in-house rota spreadsheet",
     true},
    {"the brewery already wrote a small tool inhouse last winter", "in-house tool", true},
    {"they will not build anything inhouse this year, only Tavrin is left", "in-house build",
     false},
    {"the warehouse team keeps all their pallets in a single hall", "in-house build", false},
};

static void test_rivals_inhouse_one_word(void **state) {
  check_said(*state, "competitors", k_inhouse_one_word,
             sizeof k_inhouse_one_word / sizeof k_inhouse_one_word[0]);
}

static void test_rivals_device_from_maker(void **state) {
  check_said(*state, "competitors", k_device_from_maker,
             sizeof k_device_from_maker / sizeof k_device_from_maker[0]);
}

/* Typed in lower case, a rival's name as the subject of a verb of what a
   firm holds, does or offered, right after a word that closes what leads
   into it ("now", "know", "us", "so", "think"); given names, departments
   and everyday words there stay out. */
static const said_case k_subject_verb[] = {
    {"right now brenvik does all of their calibration work", "Brenvik", true},
    {"they know tolmara has a cheaper package for small sites", "Tolmara", true},
    {"the buyer told us vandrix came in lower on the bid", "Vandrix", true},
    {"i think kelvaro sent them a revised price on friday", "Kelvaro", true},
    {"so ombrica offered them a free pilot over the summer", "Ombrica", true},
    {"right now karen does the ordering by phone", "Karen", false},
    {"i think procurement has the final say on this", "Procurement", false},
    {"so pricing came up again near the end", "Pricing", false},
    {"they know the vendor has a backlog", "Vendor", false},
    {"right now everything does run on paper", "Everything", false},
};

/* ... or right after a verb of weighing, choosing or selling a product; an everyday word or a
 * plural of one there stays out. */
static const said_case k_weighed_lower[] = {
    {"they evaluated brannoc and then went quiet", "Brannoc", true},
    {"the holding company considered corvexa for two other sites", "Corvexa", true},
    {"a rep selling tallimo rang the owner twice", "Tallimo", true},
    {"in march the trust shortlisted nordhaven", "Nordhaven", true},
    {"last spring they trialled quindar for a month", "Quindar", true},
    {"they evaluated options for a month", "Options", false},
    {"they picked cheaper parts in the end", "Cheaper", false},
    {"a shop selling spares opened next door", "Spares", false},
    {"a man selling valves came by the yard", "Valves", false},
    {"they considered hiring a second planner", "Hiring", false},
};

static void test_rivals_subject_verb(void **state) {
  check_said(*state, "competitors", k_subject_verb,
             sizeof k_subject_verb / sizeof k_subject_verb[0]);
}

static void test_rivals_weighed_lower(void **state) {
  check_said(*state, "competitors", k_weighed_lower,
             sizeof k_weighed_lower / sizeof k_weighed_lower[0]);
}

/* Typed in lower case, a coined word with "'s" right before what a firm
   offers or sends (a platform, a quote, its service crew) is the firm;
   a place, a person or an everyday thing owning it is not. */
static const said_case k_possessive_offer[] = {
    {"they run the depots on an old build of marvesto's platform", "Marvesto", true},
    {"she said kreltan's quote was a third lower", "Kreltan", true},
    {"up to now ostrava lifts aside it was dunmire's service crew", "Dunmire", true},
    {"the board liked pellucio's proposal better than ours", "Pellucio", true},
    {"the plant's system is fifteen years old", "Plant", false},
    {"karen's team built a tracker last year", "Karen", false},
    {"the council's proposal went to committee", "Council", false},
    {"the customer's own software does most of it", "Customer", false},
};

/* ... and a coined word right after "it's" names the rival when the
   clause ends there or a rival's kind set after it says what it is. */
static const said_case k_its_name[] = {
    {"honestly it's zandoria, that's the one they keep quoting", "Zandoria", true},
    {"it's corlevo a small firm out of leeds", "Corlevo", true},
    {"the other name was hard to catch but it's brunvaldt.", "Brunvaldt", true},
    {"as far as i know it's tessamir who pitched them", "Tessamir", true},
    {"it's overkill for a yard their size", "Overkill", false},
    {"it's cheaper than ours by a bit", "Cheaper", false},
    {"it's mostly about price", "Mostly", false},
};

static void test_rivals_possessive_offer(void **state) {
  check_said(*state, "competitors", k_possessive_offer,
             sizeof k_possessive_offer / sizeof k_possessive_offer[0]);
}

static void test_rivals_its_name(void **state) {
  check_said(*state, "competitors", k_its_name, sizeof k_its_name / sizeof k_its_name[0]);
}

/* A rival's own product said by the kind of maker it comes from, not by
   a name: the kind (with the words that say which maker), "'s own" and
   the thing; a named firm's own product is the firm; the customer, a
   body, ours or a denied one stay out. */
static const said_case k_makers_own[] = {
    {"they might just stay with the press maker's own portal for now", "press maker's own portal",
     true},
    {"Their ERP vendor's own module is the other option", "ERP vendor's own module", true},
    {"the last option is the boiler installer's own controller",
     "boiler installer's own controller", true},
    {"they could also go with Veltrano's own scheduler", "Veltrano", true},
    {"also the forklift dealer's own telematics app, and Corvane",
     "forklift dealer's own telematics app", true},
    {"besides brenlow there is the loom supplier's own dashboard", "loom supplier's own dashboard",
     true},
    {"the customer's own team would run it", "customer's own team", false},
    {"they said the council's own budget is the problem", "council's own budget", false},
    {"they don't want the pump vendor's own portal at all", "pump vendor's own portal", false},
    {"we pitched against our partner's own bundle", "partner's own bundle", false},
    {"their suppliers own the trucks anyway", "suppliers own the", false},
};

static void test_rivals_makers_own(void **state) {
  check_said(*state, "competitors", k_makers_own, sizeof k_makers_own / sizeof k_makers_own[0]);
}

/* Going on with what they do now, an alternative with no vendor ("keep
   doing", "carry on with", "continue using"): the practice itself is
   kept; a denied one, one done in house, or "doing it" is not. */
static const said_case k_going_on[] = {
    {"the fallback is to carry on with the manual stock counts", "manual stock counts", true},
    {"Finance would rather keep doing paper timesheets for another year", "paper timesheets", true},
    {"maybe they just continue using clipboard inspections, who knows", "clipboard inspections",
     true},
    {"one manager wants to keep using shared calendars w/ the drivers", "shared calendars", true},
    {"besides Hallvik they could be carrying on with spot dipping of the tanks", "spot dipping",
     true},
    {"they will not carry on with the night patrols", "night patrols", false},
    {"they might keep doing it the old way", "it the old", false},
    {"they could keep doing the audits in house", "audits", false},
    {"they keep saying the price is high", "the price", false},
};

static void test_rivals_going_on(void **state) {
  check_said(*state, "competitors", k_going_on, sizeof k_going_on / sizeof k_going_on[0]);
}

/* An in-house alternative keeps what it is built on or with when that is
   said right there: a system of their own with its platform or partner
   after it, a build "on top of" a named platform, or doing it in house
   with a partner of their own. A base that is ours, a rival named on its
   own after "or", a reason, a day or a clause in between is not kept
   with it. */
static const said_case k_build_base[] = {
    {"they run an in-house tracker built on Airtable for the spare parts",
     "in-house tracker built on Airtable", true},
    {"they run an in-house tracker built on Airtable for the spare parts", "Airtable", false},
    {"the clinic had an inhouse booking app w/ a freelance developer",
     "in-house booking app built with a freelance developer", true},
    {"the clinic had an inhouse booking app w/ a freelance developer", "freelance developer",
     false},
    {"the depot still leans on a homegrown database built on FileMaker",
     "in-house database built on FileMaker", true},
    {"IT reckons they can build it themselves on top of Odoo next year", "in-house build on Odoo",
     true},
    {"IT reckons they can build it themselves on top of Odoo next year", "Odoo", false},
    {"ops would sooner see the audits done in house with their own field engineers",
     "in-house with their own field engineers", true},
    {"finance would rather keep the ledger in-house on SharePoint", "in-house on SharePoint", true},
    {"their IT group may develop one in-house on top of our Fleetlink API", "in-house build", true},
    {"their IT group may develop one in-house on top of our Fleetlink API",
     "in-house build on Fleetlink API", false},
    {"they might build it in-house or go with Brantley instead", "Brantley", true},
    {"they might build it in-house or go with Brantley instead", "in-house build with Brantley",
     false},
    {"they want to do it in-house because the agencies are slow with Kestor",
     "in-house with Kestor", false},
    {"they use an in-house tool that talks to Vendora for billing",
     "in-house tool built with Vendora", false},
};

static void test_rivals_build_base(void **state) {
  check_said(*state, "competitors", k_build_base, sizeof k_build_base / sizeof k_build_base[0]);
}

/* A rival said by its kind of firm and where it is, with no name: a
   kind (a trade's word before it, a word of size before that left out)
   and "in" or "from" a place, or a trade said with where it comes from.
   A place alone, the customer's own business, a partner, a reason and a
   date after "in" stay out. */
static const said_case k_placed_kind[] = {
    {"they also priced it with a cabinet builder in Nashik, way cheaper",
     "cabinet builder in Nashik", true},
    {"Harriet said a small print shop in Ostrava quoted half our price", "print shop in Ostrava",
     true},
    {"there is also some signage studio from Bergamo sniffing around",
     "signage studio from Bergamo", true},
    {"procurement got numbers from a tiny engineering firm in Tartu", "engineering firm in Tartu",
     true},
    {"the board has a bid from a Spanish foundry as well", "Spanish foundry", true},
    {"ops keep mentioning some regional repair shop they trust", "regional repair shop", true},
    {"their existing vendor is a little sign shop in Vigo", "sign shop in Vigo", true},
    {"their existing vendor is a little sign shop in Vigo", "existing vendor", false},
    {"Greta said an agency in Tromso switched to Pelloria last spring", "agency in Tromso", false},
    {"a dental firm in Cork uses Brightchart for recalls", "dental firm in Cork", false},
    {"they had a visit from a sales office in Leipzig", "sales office in Leipzig", false},
    {"they run a small laundry in Hamar and two hotels", "small laundry in Hamar", false},
    {"they run a small laundry in Hamar and two hotels", "laundry in Hamar", false},
    {"we partner with a cabinet builder in Nashik for installs", "cabinet builder in Nashik",
     false},
    {"they delayed because a repair shop in Tartu is cheaper for now", "repair shop in Tartu",
     false},
    {"a consultant in March told them to wait", "consultant in March", false},
    {"they bought the kit from a shop in town", "shop in town", false},
};

static void test_rivals_placed_kind(void **state) {
  check_said(*state, "competitors", k_placed_kind, sizeof k_placed_kind / sizeof k_placed_kind[0]);
}

/* Typed in lower case, a second rival listed right after one already
   read, joined by "+", "&", "plus", "or", "and" or "as well as"; a firm's
   last word joins the second name. A word of doubt, a noun of a thing
   done, a department, a given name or a plain everyday word after the
   joiner stays out. */
static const said_case k_rivals_joined[] = {
    {"the co-op had dropped fennlow + ostrava back in march", "Ostrava", true},
    {"she got two pitches from dravik & quellan over the summer", "Quellan", true},
    {"procurement compared us with harrowby plus tinsmere for the depot", "Tinsmere", true},
    {"the hospital trialled velquist as well as ambrosine before the tender", "Ambrosine", true},
    {"we were up against corvana and bright harbor analytics at the final",
     "Bright Harbor Analytics", true},
    {"their finance team also uses dunmore or pelhaven for payroll", "Pelhaven", true},
    {"the board had dropped fennlow + installation costs were the reason", "Installation", false},
    {"she got a quote from dravik + procurement asked for a second one", "Procurement", false},
    {"a laundry they use called marrowby linen or smth like that", "Smth", false},
    {"they got a demo from harrowby and rashid liked it", "Rashid", false},
    {"they got a demo from harrowby and honestly it looked dated", "Honestly", false},
    {"the council uses pelhaven and paperwork is still heavy", "Paperwork", false},
};

static void test_rivals_joined(void **state) {
  check_said(*state, "competitors", k_rivals_joined,
             sizeof k_rivals_joined / sizeof k_rivals_joined[0]);
}

/* Asked about rivals, one answering another question opens with a word
   that says how the meeting felt, or with a denial: no rival. A rival
   named after it, or a one-word answer that is a firm's name, stays in. */
static const said_case k_rivals_stance[] = {
    {"Neutral, leaning positive. The union rep is the worry.", "Neutral", false},
    {"Positive. The plant team asked good questions.", "Positive", false},
    {"Lukewarm, to be honest. Hard to read the CFO.", "Lukewarm", false},
    {"Negative. They had clearly made up their minds.", "Negative", false},
    {"Never came up. I will ask at the site visit.", "Never", false},
    {"Nobody came up, they seemed settled on us.", "Nobody", false},
    {"Positive overall, though Brantly was also quoted.", "Brantly", true},
    {"Fendry. They have run it at the depot for years.", "Fendry", true},
    {"Mixed. Korvex pitched them in the spring.", "Korvex", true},
};

static void test_rivals_stance(void **state) {
  check_said(*state, "competitors", k_rivals_stance,
             sizeof k_rivals_stance / sizeof k_rivals_stance[0]);
}

/* A system of their own said by its kind before the words that say they
   built it ("a billing tool their own staff wrote", "built a parts
   database themselves"), or a team of their own said with its trade, is
   the alternative with what it is; a bare team, or one that builds it,
   says who, not what. */
static const said_case k_own_kind_said[] = {
    {"Halvero, or the quoting engine which their own analysts built", "in-house quoting engine",
     true},
    {"the planners built a shift database themselves", "in-house shift database", true},
    {"a dispatch spreadsheet that their own clerks built years ago",
     "in-house dispatch spreadsheet", true},
    {"they developed a grading tool themselves last spring", "in-house grading tool", true},
    {"Mirovel, and they have their own survey team in house", "in-house survey team", true},
    {"their own audit team covers the rest", "in-house audit team", true},
    {"the vendor built the database and they run it themselves", "in-house the database", false},
    {"they would build it themselves", "in-house it", false},
    {"their own data team would build it", "in-house data team", false},
    {"their own team built something", "in-house team", false},
    {"the group office runs an internal analytics team that wants to build one",
     "in-house analytics team", false},
    {"their own shop floor team doing weekly checks", "in-house shop floor team", false},
};

static void test_rivals_own_kind_said(void **state) {
  check_said(*state, "competitors", k_own_kind_said,
             sizeof k_own_kind_said / sizeof k_own_kind_said[0]);
}

/* Something the customer put together themselves, said as "DIY" and the
   kind of build ("a diy sensor rig"), is the alternative as said; DIY
   said of a shop or a trade, or denied, is not. */
static const said_case k_diy_build[] = {
    {"Corvanta, and a DIY sensor rig the night shift rigged up", "DIY sensor rig", true},
    {"they tried a diy raspberry pi build last winter", "DIY raspberry pi build", true},
    {"mostly a do-it-yourself tracking spreadsheet", "DIY tracking spreadsheet", true},
    {"Pellmark, or the diy logger kit from the hobby shop", "DIY logger kit", true},
    {"they sell mostly to diy stores up north", "DIY stores", false},
    {"not a diy build, they want it supported", "DIY build", false},
    {"the diy crowd likes Pellmark", "DIY crowd", false},
};

static void test_rivals_diy_build(void **state) {
  check_said(*state, "competitors", k_diy_build, sizeof k_diy_build / sizeof k_diy_build[0]);
}

/* Dictated with its stops lost, an answer runs one sentence into the
   next: an everyday word that opened the next one keeps its capital but
   names no rival. A firm's name after a word that carries the phrase on
   ("and", "an", "the"), or one no everyday word, stays in. */
static const said_case k_rivals_lost_stop[] = {
    {"Dromwell quoted them in March Pretty keen on us though", "Pretty", false},
    {"the harbour team also looked at Saltline Cheaper per licence they said", "Cheaper", false},
    {"Velmont has the old contract Otherwise no one else came up", "Otherwise", false},
    {"they trialled Quarrick on two sites Early days but it went badly", "Early", false},
    {"Brisko pitched a bundle last week Honestly nobody else", "Honestly", false},
    {"Dromwell quoted them in March Pretty keen on us though", "Dromwell", true},
    {"they keep the rota in paper and Excel today", "Excel", true},
    {"they trialled Quarrick on two sites Early days but it went badly", "Quarrick", true},
    {"a planner built on an Access database is what they run now", "Access", true},
};

static void test_rivals_lost_stop(void **state) {
  check_said(*state, "competitors", k_rivals_lost_stop,
             sizeof k_rivals_lost_stop / sizeof k_rivals_lost_stop[0]);
}

/* A maker's short name in capitals opening the answer, before the verb
   that says it came after the customer, is a rival; an acronym that is
   a department, a standard or the customer's own team is not. */
static const said_case k_rivals_caps_maker[] = {
    {"GE pitched them last spring, too dear for the board", "GE", true},
    {"SAP quoted the whole estate in May but nobody liked it", "SAP", true},
    {"HPE came in with a bundle, still waiting to hear back", "HPE", true},
    {"the tills are old and NCR undercut us on the rollout", "NCR", true},
    {"CFO proposed a phased start instead of the full rollout", "CFO", false},
    {"the agency that hosts their CMS offered to add a booking page", "CMS", false},
    {"IT pitched the idea of building it themselves", "IT", false},
    {"HR quoted the cost of hiring two more planners", "HR", false},
};

static void test_rivals_caps_maker(void **state) {
  check_said(*state, "competitors", k_rivals_caps_maker,
             sizeof k_rivals_caps_maker / sizeof k_rivals_caps_maker[0]);
}

/* An alternative said as what the customer would do instead: going back
   to an old practice, buying more of what they have, hiring more people
   for the job, kept in the -ing form with what follows. Going back to a
   person or a topic, an old system (read by its name), an activity, or
   an alternative taken back at once stays out. */
static const said_case k_back_or_more[] = {
    {"Fenwick pitched them, or the depot could just go back to paper run sheets",
     "going back to paper run sheets", true},
    {"the clinic would rather buy more infusion pumps this winter", "buying more infusion pumps",
     true},
    {"the mill manager suggested hiring more night shift graders instead",
     "hiring more night shift graders", true},
    {"honestly they might just hire four more dispatchers", "hiring four more dispatchers", true},
    {"the registrar talked about going back to handwritten ledgers for a term",
     "going back to handwritten ledgers", true},
    {"the council could just go back to clipboards + Airtable for a season",
     "going back to clipboards and Airtable", true},
    {"they buy more seats from us every spring", "buying more seats", false},
    {"I could go back to my director on the discount", "going back to my director", false},
    {"the board would rather go back to the former platform, Tallmark",
     "going back to former platform", false},
    {"the site might just go back to doing audits by hand", "going back to doing", false},
    {"they did not want to just hire more planners", "hiring more planners", false},
    {"they looked at buying more forklifts lol no not really", "buying more forklifts", false},
    {"they plan to hire more drivers once we go live", "hiring more drivers", false},
};

static void test_rivals_back_or_more(void **state) {
  check_said(*state, "competitors", k_back_or_more,
             sizeof k_back_or_more / sizeof k_back_or_more[0]);
}

/* Answers typed in lower case where an everyday word right after or right
   before a rival's cue is no name: a verb in a negation ("won't", "wont"),
   a hedge ("sort of", "kind of", "perhaps"), a short verb in -ing that opens what
   the buyer might do ("going back", "doing it"). A name said there stays
   in. */
static const said_case k_everyday_at_cue[] = {
    {"the owner won't commit until the audit, tavrix pitched them though", "Owner", false},
    {"the director wont sign yet and morvel pitched them in may", "Director", false},
    {"their incumbent sort of a regional outfit called brenlow", "Sort", false},
    {"the incumbent kind of a family firm named quelto", "Kind", false},
    {"they looked at going back to clipboards for a term", "Going", false},
    {"they looked at doing the counts by hand again", "Doing", false},
    {"they looked at perhaps tovrand before us", "Perhaps Tovrand", false},
    {"honestly they looked at probably quelmar and dostra", "Probably Quelmar", false},
    {"they looked at perhaps hubspot before us", "HubSpot", true},
    {"they looked at sortly last spring", "Sortly", true},
    {"their incumbent sort of a regional outfit called brenlow", "Brenlow", true},
    {"they looked at harvest and canopy before us", "Harvest", true},
    {"veltrano won the first round on price", "Veltrano", true},
};

static void test_rivals_everyday_at_cue(void **state) {
  check_said(*state, "competitors", k_everyday_at_cue,
             sizeof k_everyday_at_cue / sizeof k_everyday_at_cue[0]);
}

/* A cue said only of a vendor ("won") is no cue inside a negation
   ("won't"): the word before it, in an answer to another question, is who
   holds back, not a rival. A vendor that won stays in. */
static const said_case k_wont_no_cue[] = {
    {"good session, owner won't spend a dollar till spring", "Owner", false},
    {"demo went fine, buyer won't sign before the audit", "Buyer", false},
    {"all good, chairman won't budge on the price", "Chairman", false},
    {"went well, treasurer won't release funds till june", "Treasurer", false},
    {"went ok, brenvia won the first round", "Brenvia", true},
};

static void test_rivals_wont_no_cue(void **state) {
  fixture *fx = *state;
  size_t bad = 0, n = sizeof k_wont_no_cue / sizeof k_wont_no_cue[0];
  for (size_t k = 0; k < n; k++) {
    json_t *u = fx_run(fx, fx->sales, "meeting_outcome", k_wont_no_cue[k].text);
    if (fx_has(fx_val(u, "competitors"), k_wont_no_cue[k].name) != k_wont_no_cue[k].wanted) {
      print_error("'%s': '%s' %s\n", k_wont_no_cue[k].text, k_wont_no_cue[k].name,
                  k_wont_no_cue[k].wanted ? "wanted" : "unwanted");
      bad++;
    }
    json_decref(u);
  }
  if (bad > 0)
    fail_msg("%zu of %zu readings wrong", bad, n);
}

/* A place said with a rival is where that rival or a site of the
   customer's is, not another rival: a name after "from" that follows a
   firm's kind ("co", "agency", "provider"), or a name between "in the" or
   "at the" and a word for a site. The rivals named beside it stay in. */
static const said_case k_place_with_rival[] = {
    {"they got a quote from Brenvia, a small co from Tampico", "Tampico", false},
    {"they got a quote from Brenvia, a small co from Tampico", "Brenvia", true},
    {"a local agency from Kraków pitched them last month", "Kraków", false},
    {"there is Corvane cabinets in the Tarvik hospital already", "Tarvik", false},
    {"there is Corvane cabinets in the Tarvik hospital already", "Corvane", true},
    {"they trialled Lumetra at the Ostby depot last spring", "Ostby", false},
    {"they trialled Lumetra at the Ostby depot last spring", "Lumetra", true},
    {"they run the Vexo platform for this today", "Vexo", true},
    {"they got a quote from Halvane and one from Tesk", "Tesk", true},
};

static void test_rivals_place_with_rival(void **state) {
  check_said(*state, "competitors", k_place_with_rival,
             sizeof k_place_with_rival / sizeof k_place_with_rival[0]);
}

/* An in-house way said with the group of their own that would do it (a
   team, crew, staff or department, named by what it does) keeps that
   group, where a bare "in-house build" was kept. A group after another
   clause, or said without "with", is not kept with it. */
static const said_case k_own_group[] = {
    {"they could also do the mapping in-house with their survey crew",
     "in-house with their survey crew", true},
    {"IT might build it themselves with their platform team",
     "in-house build with their platform team", true},
    {"the site wants to keep inspections in house w/ their safety staff",
     "in-house with their safety staff", true},
    {"the council talked about developing it in-house with their GIS department",
     "in-house build with their GIS department", true},
    {"they keep the survey in-house and share the maps with their survey crew",
     "in-house with their survey crew", false},
    {"they want it in-house because their survey crew is idle", "in-house with their survey crew",
     false},
};

static void test_rivals_own_group(void **state) {
  check_said(*state, "competitors", k_own_group, sizeof k_own_group / sizeof k_own_group[0]);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_rivals_lower),
      cmocka_unit_test(test_rivals_subject_verb),
      cmocka_unit_test(test_rivals_weighed_lower),
      cmocka_unit_test(test_rivals_possessive_offer),
      cmocka_unit_test(test_rivals_its_name),
      cmocka_unit_test(test_rivals_number_tail),
      cmocka_unit_test(test_products_lower),
      cmocka_unit_test(test_rivals_product_with_kind),
      cmocka_unit_test(test_rivals_build_with_partner),
      cmocka_unit_test(test_rivals_said_before),
      cmocka_unit_test(test_rivals_own_crew_doing),
      cmocka_unit_test(test_rivals_body_heads),
      cmocka_unit_test(test_rivals_unsure),
      cmocka_unit_test(test_rivals_said_again),
      cmocka_unit_test(test_rivals_short_with),
      cmocka_unit_test(test_rivals_taken_back),
      cmocka_unit_test(test_rivals_after_subject),
      cmocka_unit_test(test_rivals_bare_lower),
      cmocka_unit_test(test_rivals_only_one),
      cmocka_unit_test(test_rivals_lower_brand_mixed),
      cmocka_unit_test(test_rivals_after_vendor_clause),
      cmocka_unit_test(test_rivals_device_from_maker),
      cmocka_unit_test(test_rivals_inhouse_one_word),
      cmocka_unit_test(test_rivals_makers_own),
      cmocka_unit_test(test_rivals_going_on),
      cmocka_unit_test(test_rivals_build_base),
      cmocka_unit_test(test_rivals_placed_kind),
      cmocka_unit_test(test_rivals_joined),
      cmocka_unit_test(test_rivals_stance),
      cmocka_unit_test(test_rivals_own_kind_said),
      cmocka_unit_test(test_rivals_diy_build),
      cmocka_unit_test(test_rivals_lost_stop),
      cmocka_unit_test(test_rivals_caps_maker),
      cmocka_unit_test(test_rivals_back_or_more),
      cmocka_unit_test(test_rivals_everyday_at_cue),
      cmocka_unit_test(test_rivals_wont_no_cue),
      cmocka_unit_test(test_rivals_place_with_rival),
      cmocka_unit_test(test_rivals_own_group),
  };
  return cmocka_run_group_tests(tests, fx_setup, fx_teardown);
}
