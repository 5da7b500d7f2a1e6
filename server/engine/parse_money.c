/*
 * parse_money.c - money amounts in free text (see parse_money.h).
 *
 * An amount is [currency prefix] number [multiplier] [currency suffix],
 * optionally followed by "- / to / and" and a second amount (a range, whose
 * upper value is kept: budgets are stated as ceilings). Numbers longer than
 * 15 significant digits or above 1e15 after the multiplier are ignored, so
 * hostile input cannot overflow or produce nonsense.
 */
#include "engine/parse_money.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "engine/money.h"

#include "engine/text.h"

#define MONEY_MAX 1e15

typedef struct cur {
  const char *s;
  size_t n;
  size_t p;
} cur;

static void skip_sp(cur *c) {
  while (c->p < c->n && c->s[c->p] == ' ')
    c->p++;
}

static bool eat(cur *c, const char *w) {
  cur t = *c;
  skip_sp(&t);
  size_t l = strlen(w);
  if (t.p + l <= t.n && dbf__tx_ieqn(t.s + t.p, w, l) && dbf__tx_is_word_at(t.s, t.n, t.p, l)) {
    c->p = t.p + l;
    return true;
  }
  return false;
}

/* Raw prefix match (symbols are not words). */
static bool eat_raw(cur *c, const char *w) {
  size_t l = strlen(w);
  if (c->p + l <= c->n && memcmp(c->s + c->p, w, l) == 0) {
    c->p += l;
    return true;
  }
  return false;
}

typedef struct cur_map {
  const char *text;
  const char *code;
} cur_map;

/* Symbols that may touch the number. Longest first so "US$" beats "$". */
static const cur_map k_symbols[] = {{"US$", "USD"},
                                    {"C$", "CAD"},
                                    {"A$", "AUD"},
                                    {"NZ$", "NZD"},
                                    {"S$", "SGD"},
                                    {"HK$", "HKD"},
                                    {"R$", "BRL"},
                                    /* Local dollar and peso signs. */
                                    {"MX$", "MXN"},
                                    {"NT$", "TWD"},
                                    {"RD$", "DOP"},
                                    {"COL$", "COP"},
                                    {"$", "USD"},
                                    {"\xE2\x82\xAC", "EUR"},
                                    {"\xC2\xA3", "GBP"},
                                    {"\xC2\xA5", "JPY"},
                                    {"\xE2\x82\xB9", "INR"},
                                    {"\xE2\x82\xA9", "KRW"},
                                    {"\xE2\x82\xAA", "ILS"},
                                    {"\xE2\x82\xA6", "NGN"},
                                    {"\xE2\x82\xB1", "PHP"},
                                    {"\xE2\x82\xBA", "TRY"},
                                    {"\xE0\xB8\xBF", "THB"},
                                    /* Other local signs: dong, hryvnia,
                                       ruble, tenge, colón, guaraní,
                                       kip, tögrög, lari, manat,
                                       taka, cedi, koruna. */
                                    {"\xE2\x82\xAB", "VND"},
                                    {"\xE2\x82\xB4", "UAH"},
                                    {"\xE2\x82\xBD", "RUB"},
                                    {"\xE2\x82\xB8", "KZT"},
                                    {"\xE2\x82\xA1", "CRC"},
                                    {"\xE2\x82\xB2", "PYG"},
                                    {"\xE2\x82\xAD", "LAK"},
                                    {"\xE2\x82\xAE", "MNT"},
                                    {"\xE2\x82\xBE", "GEL"},
                                    {"\xE2\x82\xBC", "AZN"},
                                    {"\xE0\xA7\xB3", "BDT"},
                                    {"\xE2\x82\xB5", "GHS"},
                                    {"K\xC4\x8D", "CZK"},
                                    {"Rs.", "INR"},
                                    {"Rs", "INR"},
                                    {"Rp", "IDR"},
                                    /* The sol's "S/" and "S/.", the
                                       Kenyan shilling's "KSh". */
                                    {"S/.", "PEN"},
                                    {"S/", "PEN"},
                                    {"KSh", "KES"},
                                    {"Ksh", "KES"},
                                    /* Two capitals are also an abbreviation
                                       ("our RM"): only before a figure. */
                                    {"RM", "MYR"},
                                    {NULL, NULL}};

/* ---- the vocabulary: ISO 4217 codes and spoken names, kept here once ----

   Both tables are in byte order, so a lookup is a binary search: a code by
   its three letters, a name among the few that share its first letter. */

/* An ISO 4217 code in use; word: it is also a common word, name or unit
   ("TRY", "PEN", "ALL", "kgs", "mnt"), so it is read only in capitals after a figure and before
   one only with a scale ("try 2m", "PEN 210,000"). */
typedef struct cur_code {
  const char *code;
  bool word;
} cur_code;

static const cur_code k_codes[] = {
    {"AED", false}, {"AFN", false}, {"ALL", true},  {"AMD", true},  {"AOA", false}, {"ARS", false},
    {"AUD", false}, {"AWG", true},  {"AZN", false}, {"BAM", true},  {"BBD", false}, {"BDT", false},
    {"BGN", false}, {"BHD", false}, {"BIF", false}, {"BMD", false}, {"BND", false}, {"BOB", true},
    {"BRL", false}, {"BSD", true},  {"BTN", true},  {"BWP", false}, {"BYN", false}, {"BZD", false},
    {"CAD", false}, {"CDF", true},  {"CHF", false}, {"CLP", false}, {"CNY", false}, {"COP", true},
    {"CRC", false}, {"CUP", true},  {"CVE", true},  {"CZK", false}, {"DJF", false}, {"DKK", false},
    {"DOP", false}, {"DZD", false}, {"EGP", false}, {"ERN", false}, {"ETB", false}, {"EUR", false},
    {"FJD", false}, {"FKP", false}, {"GBP", false}, {"GEL", true},  {"GHS", false}, {"GIP", false},
    {"GMD", false}, {"GNF", false}, {"GTQ", false}, {"GYD", false}, {"HKD", false}, {"HNL", false},
    {"HTG", false}, {"HUF", false}, {"IDR", false}, {"ILS", false}, {"INR", false}, {"IQD", false},
    {"IRR", true},  {"ISK", false}, {"JMD", false}, {"JOD", false}, {"JPY", false}, {"KES", false},
    {"KGS", true},  {"KHR", false}, {"KMF", false}, {"KPW", false}, {"KRW", false}, {"KWD", false},
    {"KYD", false}, {"KZT", false}, {"LAK", false}, {"LBP", false}, {"LKR", false}, {"LRD", false},
    {"LSL", false}, {"LYD", false}, {"MAD", true},  {"MDL", false}, {"MGA", false}, {"MKD", false},
    {"MMK", false}, {"MNT", true},  {"MOP", true},  {"MRU", false}, {"MUR", true},  {"MVR", false},
    {"MWK", false}, {"MXN", false}, {"MYR", false}, {"MZN", false}, {"NAD", true},  {"NGN", false},
    {"NIO", false}, {"NOK", false}, {"NPR", true},  {"NZD", false}, {"OMR", false}, {"PAB", false},
    {"PEN", true},  {"PGK", false}, {"PHP", true},  {"PKR", false}, {"PLN", false}, {"PYG", false},
    {"QAR", false}, {"RON", true},  {"RSD", false}, {"RUB", false}, {"RWF", false}, {"SAR", false},
    {"SBD", false}, {"SCR", true},  {"SDG", false}, {"SEK", false}, {"SGD", false}, {"SHP", false},
    {"SLE", false}, {"SOS", true},  {"SRD", false}, {"SSP", false}, {"STN", false}, {"SYP", false},
    {"SZL", false}, {"THB", false}, {"TJS", false}, {"TMT", true},  {"TND", false}, {"TOP", true},
    {"TRY", true},  {"TTD", false}, {"TWD", false}, {"TZS", false}, {"UAH", false}, {"UGX", false},
    {"USD", false}, {"UYU", false}, {"UZS", false}, {"VES", false}, {"VND", false}, {"VUV", false},
    {"WST", false}, {"XAF", false}, {"XCD", false}, {"XOF", false}, {"XPF", false}, {"YER", true},
    {"ZAR", false}, {"ZMW", false}, {"ZWG", false}};

/* A currency's spoken name, singular and plural, qualified by its country
   where the bare name is shared; the bare shared name keeps one default
   ("rupees" INR, "pesos" MXN, "dollars" USD, "francs" CHF, "shillings"
   KES, "pounds" GBP, "kroner" and "kr" NOK). after_figure: a bare name that is also
   a common word or name ("dong", "lei"), read only right after a figure. */
typedef struct cur_name {
  const char *text;
  const char *code;
  bool after_figure;
} cur_name;

static const cur_name k_names[] = {{"afghani", "AFN", false},
                                   {"afghanis", "AFN", false},
                                   {"algerian dinar", "DZD", false},
                                   {"algerian dinars", "DZD", false},
                                   {"american dollars", "USD", false},
                                   {"angolan kwanza", "AOA", false},
                                   {"argentine peso", "ARS", false},
                                   {"argentine pesos", "ARS", false},
                                   {"argentinian pesos", "ARS", false},
                                   {"ariary", "MGA", false},
                                   {"armenian dram", "AMD", false},
                                   {"armenian drams", "AMD", false},
                                   {"aussie", "AUD", false},
                                   {"aussie dollars", "AUD", false},
                                   {"australian", "AUD", false},
                                   {"australian dollar", "AUD", false},
                                   {"australian dollars", "AUD", false},
                                   {"azerbaijani manat", "AZN", false},
                                   {"bahamian dollars", "BSD", false},
                                   {"bahraini dinar", "BHD", false},
                                   {"bahraini dinars", "BHD", false},
                                   {"baht", "THB", false},
                                   {"balboa", "PAB", true},
                                   {"balboas", "PAB", false},
                                   {"bangladeshi taka", "BDT", false},
                                   {"barbadian dollars", "BBD", false},
                                   {"barbados dollars", "BBD", false},
                                   {"belarusian roubles", "BYN", false},
                                   {"belarusian rubles", "BYN", false},
                                   {"belize dollars", "BZD", false},
                                   {"bermudian dollars", "BMD", false},
                                   {"birr", "ETB", false},
                                   {"bolivares", "VES", false},
                                   {"boliviano", "BOB", false},
                                   {"bolivianos", "BOB", false},
                                   {"bolívares", "VES", false},
                                   {"bosnian marks", "BAM", false},
                                   {"botswana pula", "BWP", false},
                                   {"brazilian reais", "BRL", false},
                                   {"brazilian real", "BRL", false},
                                   {"british pounds", "GBP", false},
                                   {"brunei dollars", "BND", false},
                                   {"bucks", "USD", false},
                                   {"bulgarian lev", "BGN", false},
                                   {"bulgarian leva", "BGN", false},
                                   {"burundian francs", "BIF", false},
                                   {"cambodian riel", "KHR", false},
                                   {"canadian", "CAD", false},
                                   {"canadian dollar", "CAD", false},
                                   {"canadian dollars", "CAD", false},
                                   {"cape verdean escudos", "CVE", false},
                                   {"cayman dollars", "KYD", false},
                                   {"cayman islands dollars", "KYD", false},
                                   {"cedi", "GHS", false},
                                   {"cedis", "GHS", false},
                                   {"central african cfa francs", "XAF", false},
                                   {"central african francs", "XAF", false},
                                   {"cfa franc", "XOF", false},
                                   {"cfa francs", "XOF", false},
                                   {"cfp francs", "XPF", false},
                                   {"chilean peso", "CLP", false},
                                   {"chilean pesos", "CLP", false},
                                   {"chinese yuan", "CNY", false},
                                   {"colombian peso", "COP", false},
                                   {"colombian pesos", "COP", false},
                                   {"colones", "CRC", false},
                                   {"colón", "CRC", true},
                                   {"comorian francs", "KMF", false},
                                   {"congolese francs", "CDF", false},
                                   {"convertible marks", "BAM", false},
                                   /* Said in English, "crowns" after a
                                      figure are the Czech koruna's; the
                                      Nordic crowns go by their own names
                                      ("kroner", "kronor"). */
                                   {"crowns", "CZK", true},
                                   {"cordobas", "NIO", false},
                                   {"costa rican colones", "CRC", false},
                                   {"cuban pesos", "CUP", false},
                                   {"czech crowns", "CZK", false},
                                   {"czech koruna", "CZK", false},
                                   {"czech korunas", "CZK", false},
                                   {"córdobas", "NIO", false},
                                   {"dalasi", "GMD", false},
                                   {"danish crowns", "DKK", false},
                                   {"danish krone", "DKK", false},
                                   {"danish kroner", "DKK", false},
                                   {"denars", "MKD", false},
                                   {"dirham", "AED", false},
                                   {"dirhams", "AED", false},
                                   {"djiboutian francs", "DJF", false},
                                   {"dollar", "USD", false},
                                   {"dollars", "USD", false},
                                   {"dominican pesos", "DOP", false},
                                   {"dong", "VND", true},
                                   {"east caribbean dollars", "XCD", false},
                                   {"egyptian pound", "EGP", false},
                                   {"egyptian pounds", "EGP", false},
                                   {"emalangeni", "SZL", false},
                                   {"emirati dirhams", "AED", false},
                                   {"ethiopian birr", "ETB", false},
                                   {"euro", "EUR", false},
                                   {"euros", "EUR", false},
                                   {"fiji dollars", "FJD", false},
                                   {"fijian dollars", "FJD", false},
                                   {"filipino pesos", "PHP", false},
                                   {"forint", "HUF", false},
                                   {"forints", "HUF", false},
                                   {"franc", "CHF", false},
                                   {"francs", "CHF", false},
                                   {"gambian dalasi", "GMD", false},
                                   {"georgian lari", "GEL", false},
                                   {"ghana cedis", "GHS", false},
                                   {"ghanaian cedis", "GHS", false},
                                   {"gourde", "HTG", false},
                                   {"gourdes", "HTG", false},
                                   {"guarani", "PYG", true},
                                   {"guaranies", "PYG", false},
                                   {"guaraní", "PYG", true},
                                   {"guaraníes", "PYG", false},
                                   {"guinean francs", "GNF", false},
                                   {"guyanese dollars", "GYD", false},
                                   {"hong kong dollars", "HKD", false},
                                   {"hryvnas", "UAH", false},
                                   {"hryvnia", "UAH", false},
                                   {"hryvnias", "UAH", false},
                                   {"hungarian forint", "HUF", false},
                                   {"hungarian forints", "HUF", false},
                                   {"icelandic krona", "ISK", false},
                                   {"icelandic kronur", "ISK", false},
                                   {"icelandic krónur", "ISK", false},
                                   {"indian rupee", "INR", false},
                                   {"indian rupees", "INR", false},
                                   {"indonesian rupiah", "IDR", false},
                                   {"iranian rials", "IRR", false},
                                   {"iraqi dinar", "IQD", false},
                                   {"iraqi dinars", "IQD", false},
                                   {"israeli shekels", "ILS", false},
                                   {"jamaican dollars", "JMD", false},
                                   {"japanese yen", "JPY", false},
                                   {"jordanian dinar", "JOD", false},
                                   {"jordanian dinars", "JOD", false},
                                   {"kazakh tenge", "KZT", false},
                                   {"kenya shillings", "KES", false},
                                   {"kenyan shilling", "KES", false},
                                   {"kenyan shillings", "KES", false},
                                   {"kina", "PGK", true},
                                   {"kiwi dollars", "NZD", false},
                                   {"korean won", "KRW", false},
                                   {"korun", "CZK", false},
                                   {"koruna", "CZK", false},
                                   {"korunas", "CZK", false},
                                   {"kr", "NOK", true},
                                   {"krona", "SEK", false},
                                   {"krone", "NOK", false},
                                   {"kroner", "NOK", false},
                                   {"kronor", "SEK", false},
                                   {"kronur", "ISK", false},
                                   {"krónur", "ISK", false},
                                   {"ksh", "KES", true},
                                   {"kuwaiti dinar", "KWD", false},
                                   {"kuwaiti dinars", "KWD", false},
                                   {"kwanza", "AOA", true},
                                   {"kwanzas", "AOA", false},
                                   {"kyat", "MMK", false},
                                   {"kyats", "MMK", false},
                                   {"kyrgyz som", "KGS", false},
                                   /* The koruna's sign after the figure
                                      ("1,2 mil. Kč"). */
                                   {"k\xC4\x8D", "CZK", true},
                                   {"lankan rupees", "LKR", false},
                                   {"lao kip", "LAK", false},
                                   {"laotian kip", "LAK", false},
                                   {"lari", "GEL", true},
                                   {"lebanese pound", "LBP", false},
                                   {"lebanese pounds", "LBP", false},
                                   {"lei", "RON", true},
                                   {"lempira", "HNL", false},
                                   {"lempiras", "HNL", false},
                                   {"leones", "SLE", false},
                                   {"leva", "BGN", false},
                                   {"liberian dollars", "LRD", false},
                                   {"libyan dinars", "LYD", false},
                                   {"lilangeni", "SZL", false},
                                   {"lira", "TRY", false},
                                   {"liras", "TRY", false},
                                   {"lire", "TRY", true},
                                   {"loti", "LSL", true},
                                   {"macedonian denars", "MKD", false},
                                   {"malagasy ariary", "MGA", false},
                                   {"malawian kwacha", "MWK", false},
                                   {"malaysian ringgit", "MYR", false},
                                   {"maloti", "LSL", false},
                                   {"mauritian rupees", "MUR", false},
                                   {"meticais", "MZN", false},
                                   {"metical", "MZN", false},
                                   {"mexican peso", "MXN", false},
                                   {"mexican pesos", "MXN", false},
                                   {"moldovan lei", "MDL", false},
                                   {"moldovan leu", "MDL", false},
                                   {"mongolian tugrik", "MNT", false},
                                   {"moroccan dirham", "MAD", false},
                                   {"moroccan dirhams", "MAD", false},
                                   {"mozambican meticais", "MZN", false},
                                   {"myanmar kyat", "MMK", false},
                                   {"naira", "NGN", false},
                                   {"nakfa", "ERN", false},
                                   {"namibian dollars", "NAD", false},
                                   {"nepalese rupee", "NPR", false},
                                   {"nepalese rupees", "NPR", false},
                                   {"nepali rupee", "NPR", false},
                                   {"nepali rupees", "NPR", false},
                                   {"new shekels", "ILS", false},
                                   {"new taiwan dollars", "TWD", false},
                                   {"new zealand dollars", "NZD", false},
                                   {"ngultrum", "BTN", false},
                                   {"nigerian naira", "NGN", false},
                                   {"nis", "ILS", false},
                                   {"norwegian crowns", "NOK", false},
                                   {"norwegian krone", "NOK", false},
                                   {"norwegian kroner", "NOK", false},
                                   {"nuevos soles", "PEN", false},
                                   {"nz dollars", "NZD", false},
                                   {"omani rials", "OMR", false},
                                   {"omani riyals", "OMR", false},
                                   {"ouguiya", "MRU", false},
                                   {"pa'anga", "TOP", false},
                                   {"paanga", "TOP", false},
                                   {"pacific francs", "XPF", false},
                                   {"pakistani rupee", "PKR", false},
                                   {"pakistani rupees", "PKR", false},
                                   {"papua new guinean kina", "PGK", false},
                                   {"peruvian sol", "PEN", false},
                                   {"peruvian soles", "PEN", false},
                                   {"peso", "MXN", false},
                                   {"pesos", "MXN", false},
                                   {"philippine peso", "PHP", false},
                                   {"philippine pesos", "PHP", false},
                                   {"polish zloty", "PLN", false},
                                   {"polish zlotys", "PLN", false},
                                   {"polish złoty", "PLN", false},
                                   {"pound", "GBP", false},
                                   {"pounds", "GBP", false},
                                   {"pounds sterling", "GBP", false},
                                   {"pula", "BWP", true},
                                   {"qatari riyal", "QAR", false},
                                   {"qatari riyals", "QAR", false},
                                   {"quetzal", "GTQ", true},
                                   {"quetzales", "GTQ", false},
                                   {"quetzals", "GTQ", false},
                                   {"quid", "GBP", false},
                                   {"rand", "ZAR", false},
                                   {"rands", "ZAR", false},
                                   {"reais", "BRL", false},
                                   {"renminbi", "CNY", false},
                                   {"riel", "KHR", false},
                                   {"riels", "KHR", false},
                                   {"ringgit", "MYR", false},
                                   {"riyal", "SAR", false},
                                   {"riyals", "SAR", false},
                                   {"rmb", "CNY", false},
                                   {"romanian lei", "RON", false},
                                   {"romanian leu", "RON", false},
                                   {"rouble", "RUB", false},
                                   {"roubles", "RUB", false},
                                   {"ruble", "RUB", false},
                                   {"rubles", "RUB", false},
                                   {"rufiyaa", "MVR", false},
                                   {"rupee", "INR", false},
                                   {"rupees", "INR", false},
                                   {"rupiah", "IDR", false},
                                   {"russian roubles", "RUB", false},
                                   {"russian rubles", "RUB", false},
                                   {"rwandan franc", "RWF", false},
                                   {"rwandan francs", "RWF", false},
                                   {"saudi riyal", "SAR", false},
                                   {"saudi riyals", "SAR", false},
                                   {"serbian dinar", "RSD", false},
                                   {"serbian dinars", "RSD", false},
                                   {"seychellois rupees", "SCR", false},
                                   {"shekel", "ILS", false},
                                   {"shekels", "ILS", false},
                                   {"shilling", "KES", false},
                                   {"shillings", "KES", false},
                                   {"sierra leonean leones", "SLE", false},
                                   {"singapore dollars", "SGD", false},
                                   {"singaporean dollars", "SGD", false},
                                   {"soles", "PEN", false},
                                   {"solomon islands dollars", "SBD", false},
                                   {"somali shillings", "SOS", false},
                                   {"somoni", "TJS", false},
                                   {"south african rand", "ZAR", false},
                                   {"south korean won", "KRW", false},
                                   {"south sudanese pounds", "SSP", false},
                                   {"sri lankan rupee", "LKR", false},
                                   {"sri lankan rupees", "LKR", false},
                                   {"sterling", "GBP", false},
                                   {"sudanese pounds", "SDG", false},
                                   {"surinamese dollars", "SRD", false},
                                   {"swedish crowns", "SEK", false},
                                   {"swedish krona", "SEK", false},
                                   {"swedish kronor", "SEK", false},
                                   {"swiss franc", "CHF", false},
                                   {"swiss francs", "CHF", false},
                                   {"syrian pounds", "SYP", false},
                                   {"taiwan dollars", "TWD", false},
                                   {"taiwanese dollars", "TWD", false},
                                   {"taka", "BDT", false},
                                   {"tala", "WST", true},
                                   {"tanzania shillings", "TZS", false},
                                   {"tanzanian shillings", "TZS", false},
                                   {"tenge", "KZT", false},
                                   {"thai baht", "THB", false},
                                   {"trinidad and tobago dollars", "TTD", false},
                                   {"trinidad dollars", "TTD", false},
                                   {"tugrik", "MNT", false},
                                   {"tugriks", "MNT", false},
                                   {"tunisian dinar", "TND", false},
                                   {"tunisian dinars", "TND", false},
                                   {"turkish lira", "TRY", false},
                                   {"turkish liras", "TRY", false},
                                   {"turkish lire", "TRY", false},
                                   {"turkmen manat", "TMT", false},
                                   {"u.s. dollars", "USD", false},
                                   {"uae dirhams", "AED", false},
                                   {"uganda shillings", "UGX", false},
                                   {"ugandan shillings", "UGX", false},
                                   {"ukrainian hryvnia", "UAH", false},
                                   {"uruguayan pesos", "UYU", false},
                                   {"us dollar", "USD", false},
                                   {"us dollars", "USD", false},
                                   {"uzbek som", "UZS", false},
                                   {"uzbek sum", "UZS", false},
                                   {"vatu", "VUV", false},
                                   {"vietnam dong", "VND", false},
                                   {"vietnamese dong", "VND", false},
                                   {"west african cfa francs", "XOF", false},
                                   {"yemeni rials", "YER", false},
                                   {"yen", "JPY", false},
                                   {"yuan", "CNY", false},
                                   {"zambian kwacha", "ZMW", false},
                                   {"zloty", "PLN", false},
                                   {"zlotys", "PLN", false},
                                   {"zł", "PLN", false},
                                   {"złoty", "PLN", false},
                                   {"złotys", "PLN", false}};

#define COUNT(a) (sizeof(a) / sizeof((a)[0]))

static int cmp_code(const void *key, const void *elt) {
  return memcmp(key, ((const cur_code *)elt)->code, 3);
}

bool dbf__money_tables_ordered(void) {
  for (size_t k = 1; k < COUNT(k_codes); k++)
    if (memcmp(k_codes[k - 1].code, k_codes[k].code, 3) >= 0)
      return false;
  for (size_t k = 1; k < COUNT(k_names); k++)
    if ((unsigned char)k_names[k - 1].text[0] > (unsigned char)k_names[k].text[0])
      return false;
  return true;
}

/* The code spelled by the three letters at s (any case), or NULL. */
static const cur_code *code_lookup(const char *s) {
  char up[3];
  for (int i = 0; i < 3; i++)
    up[i] = (char)(s[i] >= 'a' && s[i] <= 'z' ? s[i] - 'a' + 'A' : s[i]);
  return bsearch(up, k_codes, COUNT(k_codes), sizeof k_codes[0], cmp_code);
}

/* Is the code word at s[p..p+3) (a word of its own) a currency code, typed
   as its kind allows: a code that is a common word only in capitals? */
static const cur_code *code_at(const char *s, size_t n, size_t p) {
  if (p + 3 > n || !dbf__tx_is_word_at(s, n, p, 3))
    return NULL;
  const cur_code *c = code_lookup(s + p);
  if (c && c->word && memcmp(s + p, c->code, 3) != 0)
    return NULL;
  return c;
}

/* The longest currency name at s[p..n) (a whole word, any case), its
   length in *len; NULL when none. The names sharing the first letter are
   found by binary search and tried in turn. */
static const cur_name *name_at(const char *s, size_t n, size_t p, size_t *len) {
  if (p >= n || (p > 0 && dbf__tx_isalnum((unsigned char)s[p - 1])))
    return NULL;
  unsigned char first = (unsigned char)s[p];
  if (first >= 'A' && first <= 'Z')
    first = (unsigned char)(first - 'A' + 'a');
  size_t lo = 0, hi = COUNT(k_names);
  while (lo < hi) {
    size_t mid = lo + (hi - lo) / 2;
    if ((unsigned char)k_names[mid].text[0] < first)
      lo = mid + 1;
    else
      hi = mid;
  }
  const cur_name *best = NULL;
  *len = 0;
  for (size_t k = lo; k < COUNT(k_names) && (unsigned char)k_names[k].text[0] == first; k++) {
    size_t l = strlen(k_names[k].text);
    if (l > *len && p + l <= n && dbf__tx_ieqn(s + p, k_names[k].text, l) &&
        dbf__tx_is_word_at(s, n, p, l)) {
      best = &k_names[k];
      *len = l;
    }
  }
  return best;
}

/* A dollar typed in lower case with its country's letters: "a$120,000",
   "s$45", "c$2.1m", "nz$80k", at a word start. */
static bool eat_dollar_lower(cur *c, const char *sym) {
  size_t l = strlen(sym);
  if (l < 2 || sym[l - 1] != '$' || c->p + l > c->n ||
      (c->p > 0 && dbf__tx_isalnum((unsigned char)c->s[c->p - 1])))
    return false;
  for (size_t i = 0; i + 1 < l; i++)
    if (c->s[c->p + i] != (char)(sym[i] | 32))
      return false;
  if (c->s[c->p + l - 1] != '$')
    return false;
  c->p += l;
  return true;
}

/* Do exactly three digits start at s[p], a group of thousands? */
static bool group_of_three(const char *s, size_t n, size_t p) {
  for (size_t k = 0; k < 3; k++)
    if (p + k >= n || s[p + k] < '0' || s[p + k] > '9')
      return false;
  return p + 3 == n || !dbf__tx_isalnum((unsigned char)s[p + 3]) || s[p + 3] == ',';
}

/* Does the rand's "r" at c->p touch a figure with a scale ("r2.4 million",
   "r450k", "r1.2m") or grouped in thousands ("r450,000", "r450 000")? */
static bool rand_scaled(const cur *c) {
  size_t q = c->p + 1;
  bool grouped = false;
  while (q < c->n && ((c->s[q] >= '0' && c->s[q] <= '9') || c->s[q] == '.' || c->s[q] == ',')) {
    grouped = grouped || (c->s[q] == ',' && group_of_three(c->s, c->n, q + 1));
    q++;
  }
  if (grouped || (q < c->n && c->s[q] == ' ' && group_of_three(c->s, c->n, q + 1)))
    return true;
  static const char *const scales[] = {"k", "m", "bn", " million", " thousand", " billion", NULL};
  for (size_t k = 0; scales[k]; k++) {
    size_t l = strlen(scales[k]);
    if (q + l <= c->n && memcmp(c->s + q, scales[k], l) == 0 &&
        (q + l == c->n || !dbf__tx_isalnum((unsigned char)c->s[q + l])))
      return true;
  }
  return false;
}

static bool eat_currency_prefix(cur *c, char code[4], bool *scaled) {
  for (size_t k = 0; k_symbols[k].text; k++) {
    /* A symbol spelled in letters ("Rs") starts a word. */
    if (dbf__tx_isupper((unsigned char)k_symbols[k].text[0]) && c->p > 0 &&
        dbf__tx_isalnum((unsigned char)c->s[c->p - 1]))
      continue;
    if (eat_raw(c, k_symbols[k].text) || eat_dollar_lower(c, k_symbols[k].text)) {
      memcpy(code, k_symbols[k].code, 4);
      return true;
    }
  }
  /* "R2.4 million": the rand's R, touching a digit, at a word start;
     typed in lower case ("r2.4 million", "r450k") only with its scale. */
  if (c->p + 1 < c->n && (c->s[c->p] == 'R' || (c->s[c->p] == 'r' && rand_scaled(c))) &&
      c->s[c->p + 1] >= '0' && c->s[c->p + 1] <= '9' &&
      (c->p == 0 || !dbf__tx_isalnum((unsigned char)c->s[c->p - 1]))) {
    c->p++;
    memcpy(code, "ZAR", 4);
    return true;
  }
  /* "R 450k", "R 1.2 million": the rand's R a word apart, before a scaled
     figure. */
  cur sp = *c;
  sp.p++;
  if (c->p + 2 < c->n && c->s[c->p] == 'R' && c->s[c->p + 1] == ' ' && c->s[c->p + 2] >= '0' &&
      c->s[c->p + 2] <= '9' && (c->p == 0 || !dbf__tx_isalnum((unsigned char)c->s[c->p - 1])) &&
      rand_scaled(&sp)) {
    c->p += 2;
    memcpy(code, "ZAR", 4);
    return true;
  }
  /* An ISO code before the figure: "USD 1.2M", "EUR40k"; typed in lower
     case only right before a figure ("usd50k", "usd 18k"). A code that is
     a common word ("try 2m", "PEN 210,000") asks the caller for a scaled
     figure through *scaled. */
  if (c->p + 3 > c->n || (c->p > 0 && dbf__tx_isalnum((unsigned char)c->s[c->p - 1])))
    return false;
  const cur_code *cc = code_lookup(c->s + c->p);
  cur t = {c->s, c->n, c->p + 3};
  if (!cc || (t.p < t.n && dbf__tx_isalnum((unsigned char)t.s[t.p]) &&
              !(t.s[t.p] >= '0' && t.s[t.p] <= '9')))
    return false;
  skip_sp(&t);
  bool upper = memcmp(c->s + c->p, cc->code, 3) == 0;
  if (!upper && !(t.p < t.n && t.s[t.p] >= '0' && t.s[t.p] <= '9'))
    return false;
  memcpy(code, cc->code, 4);
  *scaled = cc->word;
  c->p += 3;
  return true;
}

static bool eat_currency_suffix(cur *c, char code[4]) {
  cur t = *c;
  skip_sp(&t);
  for (size_t k = 0; k_symbols[k].text; k++) {
    /* "40,000€" */
    if (k_symbols[k].text[0] != '$' && eat_raw(&t, k_symbols[k].text)) {
      memcpy(code, k_symbols[k].code, 4);
      *c = t;
      return true;
    }
  }
  /* "40 million turkish lira", "38 lakh taka", "2m TRY": a name or a
     code right after the figure (a code that is a word in capitals). */
  size_t l = 0;
  const cur_name *nm = name_at(t.s, t.n, t.p, &l);
  if (nm) {
    memcpy(code, nm->code, 4);
    c->p = t.p + l;
    return true;
  }
  const cur_code *cc = code_at(t.s, t.n, t.p);
  if (cc) {
    memcpy(code, cc->code, 4);
    c->p = t.p + 3;
    return true;
  }
  return false;
}

/*
 * Is ch at the cursor a thousands separator? "," always when exactly three
 * digits follow; "." ("€85.000", "1.200.000"), "'" ("CHF 310'000",
 * "1'200'000") and a space ("900 000 kronor") only before exactly three
 * digits that end their group, after one to three leading digits or after
 * an earlier group split by the same sign (sep, 0 when none), and (for
 * ".") when no multiplier follows, so "1.250 million" stays a decimal.
 * group is the count of digits since the last separator.
 */
static bool group_follows(const cur *t, char ch, size_t digits, size_t group, char sep) {
  if (ch != ',' && ch != '.' && ch != '\'' && ch != ' ')
    return false;
  size_t p = t->p;
  /* Indian grouping: "9,00,000", "1,20,00,000" (two digits a group before
     the last three). */
  if (ch == ',' && digits >= 1 && p + 3 < t->n && t->s[p + 1] >= '0' && t->s[p + 1] <= '9' &&
      t->s[p + 2] >= '0' && t->s[p + 2] <= '9' && t->s[p + 3] == ',')
    return true;
  for (size_t k = 1; k <= 3; k++)
    if (p + k >= t->n || t->s[p + k] < '0' || t->s[p + k] > '9')
      return false;
  if (p + 4 < t->n && t->s[p + 4] >= '0' && t->s[p + 4] <= '9')
    return false;
  if (ch == ',')
    return true;
  /* "1'200'000": a later group of the same sign holds exactly three. */
  bool later = sep == ch && group == 3;
  if (!later && (sep || digits == 0 || digits > 3 || t->s[p - digits] == '0'))
    return false;
  if (ch == '.') {
    cur u = {t->s, t->n, p + 4};
    skip_sp(&u);
    static const char *const mult[] = {"million", "billion", "thousand", "m", "k", "bn", NULL};
    for (size_t k = 0; mult[k]; k++) {
      size_t l = strlen(mult[k]);
      if (u.p + l <= u.n && dbf__tx_ieqn(u.s + u.p, mult[k], l) &&
          (u.p + l == u.n || !dbf__tx_isalnum((unsigned char)u.s[u.p + l])))
        return false;
    }
  }
  return true;
}

static bool eat_multiplier(cur *c, double *mult);

/* A currency sign that may touch a multiplier before it: "100k\u20ac",
   "50k\u00a3". */
static bool sign_at(const char *s, size_t n, size_t p) {
  return (p + 3 <= n && !memcmp(s + p, "\xE2\x82\xAC", 3)) ||
         (p + 2 <= n && !memcmp(s + p, "\xC2\xA3", 2));
}

/* Digits with optional thousands separators and decimals: "1,200,000.50". */

static bool eat_number(cur *c, double *v) {
  cur t = *c;
  double acc = 0;
  size_t digits = 0, group = 0;
  bool other_sep = false;
  char sep = 0; /* the last thousands separator, 0 before any */
  if (t.p >= t.n || t.s[t.p] < '0' || t.s[t.p] > '9')
    return false;
  while (t.p < t.n) {
    char ch = t.s[t.p];
    if (ch >= '0' && ch <= '9') {
      if (++digits > 15)
        return false;
      acc = acc * 10 + (ch - '0');
      group++;
      t.p++;
    } else if (group_follows(&t, ch, digits, group, sep)) {
      t.p++; /* a thousands separator: exactly three digits follow */
      other_sep = other_sep || ch != ',';
      sep = ch;
      group = 0;
    } else {
      break;
    }
  }
  /* "R$ 1,2 milhão", "2,5 Mio.": a decimal comma before one or two digits
   and a multiplier word. */
  bool comma_decimal = false;
  if (!other_sep && t.p + 1 < t.n && t.s[t.p] == ',' && t.s[t.p + 1] >= '0' &&
      t.s[t.p + 1] <= '9') {
    size_t q = t.p + 1;
    while (q < t.n && t.s[q] >= '0' && t.s[q] <= '9')
      q++;
    cur m = {t.s, t.n, q};
    double mult = 0;
    comma_decimal = q - t.p - 1 <= 2 && eat_multiplier(&m, &mult);
  }
  if (!other_sep && t.p + 1 < t.n && (t.s[t.p] == '.' || comma_decimal) && t.s[t.p + 1] >= '0' &&
      t.s[t.p + 1] <= '9') {
    double scale = 0.1;
    t.p++;
    while (t.p < t.n && t.s[t.p] >= '0' && t.s[t.p] <= '9') {
      if (++digits <= 15)
        acc += (t.s[t.p] - '0') * scale;
      scale /= 10;
      t.p++;
    }
  }
  /* A number glued to letters ("3x", "2020s") is not an amount unless
     a multiplier follows; the caller checks multipliers next. */
  *v = acc;
  *c = t;
  return true;
}

/* "four fifty million", "two seventy-five k", "one twenty k": hundreds
   said without "hundred", the digit *acc before them, only right before a
   multiplier of a thousand or more. */
static bool hundreds_unsaid(cur *t, double *acc) {
  cur u = *t;
  skip_sp(&u);
  int tens = 0;
  size_t tl = dbf__tx_number_word_at(u.s, u.p, u.n, &tens);
  if (!tl || tens < 20 || tens % 10 != 0)
    return false;
  cur w = u;
  w.p += tl;
  cur z = w;
  if (z.p < z.n && z.s[z.p] == '-')
    z.p++;
  skip_sp(&z);
  int un = 0;
  size_t zl = dbf__tx_number_word_at(z.s, z.p, z.n, &un);
  if (zl && un < 10)
    z.p += zl, tens += un, w = z;
  cur m = w;
  double mm = 0;
  if (!eat_multiplier(&m, &mm) || mm < 1e3)
    return false;
  *acc = *acc * 100 + tens;
  *t = w;
  return true;
}

/* "two hundred", "forty five", "a", "half a": values up to 999. */
static bool eat_word_number(cur *c, double *v) {
  cur t = *c;
  double acc = 0;
  bool any = false;
  if (eat(&t, "half a") || eat(&t, "half")) {
    *v = 0.5;
    *c = t;
    return true;
  }
  /* "a quarter million", "a quarter of a million", "three quarters of a million" */
  cur q = t;
  double quarters = eat(&q, "a quarter") || eat(&q, "one quarter")             ? 1
                    : (eat(&q, "three quarters") || eat(&q, "three-quarters")) ? 3
                                                                               : 0;
  if (quarters > 0) {
    cur r = q;
    if (!(eat(&r, "of a") || eat(&r, "of")))
      r = q;
    cur m = r;
    if (eat(&m, "million") || eat(&m, "billion") || eat(&m, "mil")) {
      *v = 0.25 * quarters;
      *c = r;
      return true;
    }
  }

  if (eat(&t, "a couple hundred")) {
    *v = 200;
    *c = t;
    return true;
  }
  if (eat(&t, "a few hundred")) {
    *v = 300;
    *c = t;
    return true;
  }
  bool one = false;
  if (eat(&t, "a") || (one = eat(&t, "one"))) {
    acc = 1;
    any = true;
    /* "one twenty k", "one fifty thousand" (not "a twenty"). */
    if (one)
      (void)hundreds_unsaid(&t, &acc);
  } else {
    /* "forty", "forty-five", "forty five", "nineteen" */
    skip_sp(&t);
    int n = 0;
    size_t l = t.p == 0 || !dbf__tx_isalnum((unsigned char)t.s[t.p - 1])
                   ? dbf__tx_number_word_at(t.s, t.p, t.n, &n)
                   : 0;
    if (l) {
      t.p += l;
      acc = n;
      any = true;
      cur u = t;
      if (u.p < u.n && u.s[u.p] == '-')
        u.p++;
      skip_sp(&u);
      int unit = 0;
      size_t ul = n >= 20 ? dbf__tx_number_word_at(u.s, u.p, u.n, &unit) : 0;
      if (ul && unit < 10) {
        acc += unit;
        u.p += ul;
        t = u;
      }
      if (n < 10 && !ul)
        (void)hundreds_unsaid(&t, &acc);
    }
  }
  /* "the hundred and sixty thousand": "hundred" alone opens a number. */
  cur hs = t;
  skip_sp(&hs);
  if (!any && (hs.p == 0 || !dbf__tx_isalnum((unsigned char)hs.s[hs.p - 1])) &&
      eat(&hs, "hundred")) {
    acc = 1;
    any = true;
  }
  if (!any)
    return false;
  /* "one point one five million", "four point two k": a spoken decimal,
     digit by digit, only before a multiplier of a thousand or more. */
  cur d = t;
  if (acc < 100 && eat(&d, "point")) {
    double frac = 0, scale = 0.1;
    size_t digits = 0;
    for (;;) {
      cur e = d;
      skip_sp(&e);
      int dv = 0;
      size_t dl = dbf__tx_number_word_at(e.s, e.p, e.n, &dv);
      if (!dl || dv > 9 || digits >= 6)
        break;
      frac += dv * scale;
      scale /= 10;
      digits++;
      e.p += dl;
      d = e;
    }
    double mm = 0;
    cur m = d;
    if (digits && eat_multiplier(&m, &mm) && mm >= 1e3) {
      *v = acc + frac;
      *c = d;
      return true;
    }
  }
  if (eat(&t, "hundred")) {
    acc *= 100;
    /* "one hundred and twenty", "two hundred fifty" */
    cur r = t;
    (void)eat(&r, "and");
    double rest;
    cur w = r, peek = r;
    bool article = eat(&peek, "a") || eat(&peek, "half"); /* "two hundred a month" */
    if (!article && eat_word_number(&w, &rest) && rest >= 1 && rest < 100) {
      acc += rest;
      t = w;
    }
  }
  cur h = t;
  if (eat(&h, "and a half")) {
    acc += 0.5; /* "two and a half million" */
    t = h;
  }
  *v = acc;
  *c = t;
  return true;
}

/* Multiplier right after the number: "k", "M", " million", " grand". */
/* Does s[0..n) name Indian money ("INR", "₹", "rupees", "Rs")? Then a
   capital L glued to a figure ("38L", "4.5L/yr") is a lakh, not litres. */
static bool names_rupees(const char *s, size_t n) {
  static const char *const words[] = {"inr", "rupee", "rupees", "rs", "lakh", "lakhs", NULL};
  if (dbf__tx_find_any(s, n, 0, words, NULL) != (size_t)-1)
    return true;
  for (size_t p = 0; p + 3 <= n; p++)
    if (!memcmp(s + p, "\xE2\x82\xB9", 3))
      return true;
  return false;
}

static bool eat_multiplier(cur *c, double *mult) {
  cur t = *c;
  /* "42L", "3.5L/yr": a lakh, in an answer in rupees. */
  if (t.p > 0 && t.p < t.n && t.s[t.p] == 'L' && t.s[t.p - 1] >= '0' && t.s[t.p - 1] <= '9' &&
      (t.p + 1 == t.n || !dbf__tx_isalnum((unsigned char)t.s[t.p + 1])) && names_rupees(t.s, t.n)) {
    c->p = t.p + 1;
    *mult = 1e5;
    return true;
  }
  /* Glued letters first: "250k", "1.2M", "3bn", "2mm". */
  static const struct {
    const char *w;
    double m;
  } glued[] = {{"bn", 1e9}, {"tn", 1e12}, {"mm", 1e6}, {"mn", 1e6}, {"k", 1e3}, {"K", 1e3},
               {"m", 1e6},  {"M", 1e6},   {"b", 1e9},  {"B", 1e9},  {NULL, 0}};
  for (size_t k = 0; glued[k].w; k++) {
    size_t l = strlen(glued[k].w);
    if (t.p + l <= t.n && memcmp(t.s + t.p, glued[k].w, l) == 0 &&
        (t.p + l == t.n || !dbf__tx_isalnum((unsigned char)t.s[t.p + l]) ||
         sign_at(t.s, t.n, t.p + l))) {
      c->p = t.p + l;
      *mult = glued[k].m;
      return true;
    }
  }
  /* "800 k\u20ac", "1,2 M\u20ac", "50 k$": a spaced multiplier glued to the
     currency's sign after it. */
  cur g = t;
  skip_sp(&g);
  for (size_t k = 0; g.p > t.p && glued[k].w; k++) {
    size_t l = strlen(glued[k].w);
    const char *sign = g.s + g.p + l;
    size_t left = g.n - g.p - l;
    if (g.p + l < g.n && memcmp(g.s + g.p, glued[k].w, l) == 0 &&
        (*sign == '$' || (left >= 3 && !memcmp(sign, "\xE2\x82\xAC", 3)) ||
         (left >= 2 && !memcmp(sign, "\xC2\xA3", 2)))) {
      c->p = g.p + l;
      *mult = glued[k].m;
      return true;
    }
  }
  static const struct {
    const char *w;
    double m;
  } words[] = {{"thousand", 1e3},
               {"grand", 1e3},
               {"thou", 1e3},
               {"million", 1e6},
               {"milhão", 1e6},
               {"milhões", 1e6},
               {"millones", 1e6},
               {"millón", 1e6},
               {"mil", 1e6},
               /* Central European spellings and cases of a million:
                  "2,1 milionu", "3 miliony", "40 milionów". */
               {"milion", 1e6},
               {"miliony", 1e6},
               {"milionu", 1e6},
               {"milion\xC5\xAF", 1e6},
               {"milion\xC3\xB3w", 1e6},
               {"mili\xC3\xB3n", 1e6},
               {"billion", 1e9},
               {"trillion", 1e12},
               /* Central European abbreviations: "250 tys zł", "3 mln Kč",
                  "1,2 mld". */
               {"tys", 1e3},
               {"mln", 1e6},
               {"mld", 1e9},
               {"mrd", 1e9}, /* "3 Mrd. EUR" */
               /* Indian numbering: 1 lakh = 100,000, 1 crore = 10,000,000. */
               {"lakhs", 1e5},
               {"lakh", 1e5},
               {"lacs", 1e5},
               {"lac", 1e5},
               {"crores", 1e7},
               {"crore", 1e7},
               {"cr", 1e7},
               {"k", 1e3},
               {"mio", 1e6},
               {"mn", 1e6},
               {"bn", 1e9},
               {"tn", 1e12},
               {"M", 1e6},
               {NULL, 0}};
  for (size_t k = 0; words[k].w; k++) {
    cur u = t;
    if (eat(&u, words[k].w)) {
      *c = u;
      *mult = words[k].m;
      return true;
    }
  }
  return false;
}

/* The smallest scale word of a product of multipliers: "thousand" of
   "hundred thousand" is 1e3, "lakh" 1e5, "crore" 1e7. */
static double last_scale(double mult) {
  static const double scales[] = {1e9, 1e7, 1e6, 1e5, 1e3};
  for (size_t k = 0; k < sizeof scales / sizeof scales[0]; k++)
    if (mult >= scales[k] && fmod(mult, scales[k]) == 0)
      return scales[k];
  return mult;
}

/* Currencies of Spanish and Portuguese speakers, for whom "mil" is a
   thousand. */
static const char *const k_iberian[] = {"BRL", "MXN", "ARS", "COP", "CLP", "PEN", "UYU", NULL};

/* One amount without range handling. */
static bool eat_amount(cur *c, dbf__money *m) {
  cur t = *c;
  char code[4] = "";
  bool scaled = false;
  bool pre = eat_currency_prefix(&t, code, &scaled);
  if (pre)
    skip_sp(&t);
  double v = 0, mult = 1;
  bool word = false;
  if (!eat_number(&t, &v)) {
    if (!eat_word_number(&t, &v))
      return false;
    word = true;
  }
  bool has_mult = false, indian = false, mil = false;
  for (int k = 0; k < 2; k++) { /* "two hundred thousand", "1.2 million" */
    double mm;
    cur u = t;
    bool is_mil = eat(&u, "mil");
    if (eat_multiplier(&t, &mm)) {
      mil = mil || is_mil;
      mult *= mm;
      has_mult = true;
      indian = indian || mm == 1e5 || mm == 1e7; /* lakh, crore */
    } else {
      break;
    }
  }
  /* "try 2m", "PEN 210,000": a code that is a common word names money only
     before a scaled figure ("TOP 10" does not). */
  if (scaled && !has_mult && v < 1e4)
    return false;
  /* "a million and a half", "two million and a half": half of the scale
     said last. */
  cur ah = t;
  if (word && has_mult && mult >= 1e6 && v == floor(v) && eat(&ah, "and a half")) {
    v += 0.5;
    t = ah;
  }
  /* "nineteen thousand two hundred", "one crore ten lakh", "two million
     three hundred thousand": a spoken amount goes on in smaller groups,
     each starting with a number word; a group without a multiplier ends it
     and is a whole hundreds ("two hundred", not "a" of "a year"). */
  double scale = has_mult ? last_scale(mult) : 0;
  for (int k = 0; word && has_mult && k < 3; k++) {
    cur u = t;
    double part = 0, pm = 1;
    int nw = 0;
    skip_sp(&u);
    if (!dbf__tx_number_word_at(u.s, u.p, u.n, &nw) || !eat_word_number(&u, &part) || part <= 0)
      break;
    bool part_mult = false;
    for (int j = 0; j < 2; j++) {
      double mm;
      if (!eat_multiplier(&u, &mm))
        break;
      pm *= mm;
      part_mult = true;
    }
    if ((!part_mult && part < 100) || (u.p < u.n && dbf__tx_isalnum((unsigned char)u.s[u.p])))
      break;
    /* "one thousand four hundred million", "two thousand five hundred
       crore": a scale bigger than the whole number before it multiplies
       all of it, as spoken in languages that count millions by the
       thousand. */
    if (part_mult && part < 1e3 && pm > v * mult && v * mult < 1e6) {
      v = v * mult + part;
      mult = pm;
      indian = indian || last_scale(pm) == 1e5 || last_scale(pm) == 1e7;
      t = u;
      scale = last_scale(pm);
      continue;
    }
    if (part * pm >= scale)
      break;
    v += part * pm / mult;
    t = u;
    if (!part_mult)
      break;
    scale = last_scale(pm);
  }
  if (word && !has_mult && !pre) {
    /* "two dollars" is fine, "two people" is not money. */
    cur u = t;
    if (!eat_currency_suffix(&u, code))
      return false;
    t = u;
  } else if (!pre) {
    /* "1,8 mil. Kč", "3 Mrd. EUR", "250 tys. zł": a scale
       abbreviated with a period, then the currency. */
    cur u = t;
    if (!eat_currency_suffix(&t, code) && has_mult && u.p < u.n && u.s[u.p] == '.') {
      u.p++;
      if (eat_currency_suffix(&u, code))
        t = u;
    }
  } else if (strcmp(code, "USD") == 0) {
    /* "$96K CAD": a dollar sign with the country's code after it. */
    cur u = t;
    char after[4] = "";
    if (eat_currency_suffix(&u, after) && strcmp(after, "USD") != 0 && after[0]) {
      memcpy(code, after, 4);
      t = u;
    } else if (t.p < t.n && t.s[t.p] == '/') {
      /* "$3,150/mo CAD": the code after the unit names the dollar; the
         unit stays for looks_per_unit. */
      u = t;
      u.p++;
      while (u.p < u.n && dbf__tx_isalnum((unsigned char)u.s[u.p]))
        u.p++;
      if (eat_currency_suffix(&u, after) && strcmp(after, "USD") != 0 && after[0])
        memcpy(code, after, 4);
    }
  }
  /* A number glued to other letters ("3x", "40ms") is not an amount. */
  if (t.p < t.n && dbf__tx_isalnum((unsigned char)t.s[t.p]))
    return false;
  /* "two crore", "15 lakh": Indian numbering counts rupees. */
  if (indian && !code[0])
    memcpy(code, "INR", 4);
  /* "R$ 900 mil", "350 mil pesos": in Spanish and Portuguese "mil" is a
     thousand; said of another currency it is slang for a million. */
  for (size_t k = 0; mil && k_iberian[k]; k++)
    if (strcmp(code, k_iberian[k]) == 0)
      mult /= 1e3;
  double amount = v * mult;
  if (amount > MONEY_MAX || amount < 0)
    return false;
  m->amount = amount;
  memcpy(m->currency, code, 4);
  m->multiplier = has_mult;
  *c = t;
  return true;
}

static bool looks_per_unit(const char *s, size_t n, size_t p) {
  cur t = {s, n, p};
  skip_sp(&t);
  /* "37.8k/yr", "90k per annum": the amount of a year is a total. */
  static const char *const yearly[] = {"yr", "year", "annum", "y", "pa", NULL};
  cur y = t;
  if (y.p < y.n && y.s[y.p] == '/')
    y.p++;
  else if (!eat(&y, "per"))
    y.p = n + 1;
  for (size_t k = 0; y.p <= n && yearly[k]; k++) {
    cur u = y;
    if (eat(&u, yearly[k]))
      return false;
  }
  if (t.p < t.n && t.s[t.p] == '/')
    return true;
  static const char *const per[] = {"per",    "each",      "a month",   "a seat",  "a user",
                                    "a head", "a license", "a licence", "an hour", "a day",
                                    "a week", "a unit",    "monthly",   "an item", "a piece",
                                    "apiece", NULL};
  for (size_t k = 0; per[k]; k++) {
    cur u = t;
    if (eat(&u, per[k]))
      return true;
  }
  /* "a truck", "a vehicle": "a" plus a singular noun right after a price. */
  cur u = t;
  /* "a year", typed "a yr": the amount of a year, not a unit price. */
  if (eat(&u, "a") && !eat(&u, "year") && !eat(&u, "yr") && !eat(&u, "quarter")) {
    cur w = u;
    skip_sp(&w);
    size_t b = w.p;
    while (w.p < w.n && dbf__tx_isalnum((unsigned char)w.s[w.p]))
      w.p++;
    if (w.p > b && w.p - b <= 12)
      return true;
  }
  return false;
}

static bool negated_at(const char *s, size_t off) {
  static const char *const neg[] = {"not ", "instead of ", "rather than ", "not the ", NULL};
  return dbf__tx_phrase_ends_at(s, off, neg);
}

/* "between eighty and a hundred thousand reais", "forty to fifty grand":
   a spelled low end without its multiplier, which takes the high end's.
   Fills *m with the range, its amount the upper one. */
static bool spelled_range_low(cur *c, dbf__money *m) {
  cur t = *c;
  double lo = 0;
  skip_sp(&t);
  if (!(t.p == 0 || !dbf__tx_isalnum((unsigned char)t.s[t.p - 1])) || !eat_word_number(&t, &lo) ||
      lo < 1)
    return false;
  cur r = t;
  skip_sp(&r);
  if (!(eat(&r, "to") || eat(&r, "and") || eat(&r, "or")))
    return false;
  dbf__money hi;
  memset(&hi, 0, sizeof hi);
  if (!eat_amount(&r, &hi) || !hi.multiplier)
    return false;
  /* The low end at the high end's scale: "eighty" of "a hundred thousand". */
  double scale = 1;
  while (lo * scale * 1000 <= hi.amount && scale < 1e9)
    scale *= 1000;
  if (lo * scale > hi.amount)
    return false;
  *m = hi;
  m->range = true;
  *c = r;
  return true;
}

/*
 * "thirty five thousand people", "12k members", "twelve hundred beds": a
 * figure with no currency right before a word in the plural that names no
 * money counts those things; it is money only with a currency or a money
 * word ("forty grand"). Words shaped like plurals that are not things
 * ("80k covers it", "50k tops", "60k plus") leave the figure an amount.
 * end is where the figure ends.
 */
static bool counts_things(const char *s, size_t n, size_t b, size_t end) {
  static const char *const not_things[] = {
      "plus", "less", "minus", "across", "unless", "towards", "thus", "always", "upwards", "tops",
      "yes", "perhaps", "besides", "whereas", "afterwards",
      /* Money words that name no one currency. */
      "bucks", "dinars", "rials", "cents",
      /* Verbs said of an amount as the subject: "2.6m depends on the board". */
      "covers", "goes", "comes", "seems", "sounds", "looks", "includes", "means", "gets", "stays",
      "remains", "fits", "needs", "pays", "buys", "makes", "takes", "gives", "works", "runs",
      "sits", "does", "lets", "has", "depends", "hinges", "requires", "assumes", "excludes",
      "allows", "leaves", "shows", "becomes", "feels", "stands", "applies", "matters", "lasts",
      "counts", "starts", "ends", "drops", "rises", "falls", "grows", NULL};
  if (end >= n || s[end] != ' ')
    return false;
  dbf_span last = dbf__tx_word_before(s, end);
  if (last.len == 5 && last.off >= b && dbf__tx_ieqn(s + last.off, "grand", 5))
    return false;
  size_t p = end;
  while (p < n && s[p] == ' ')
    p++;
  size_t e = p;
  while (e < n && ((s[e] >= 'a' && s[e] <= 'z') || (s[e] >= 'A' && s[e] <= 'Z')))
    e++;
  if (e - p < 3 || e - p >= 32 || (e < n && dbf__tx_isalnum((unsigned char)s[e])))
    return false;
  /* Plurals without an "s", and things counted in the singular. */
  static const char *const plural[] = {"people", "children",  "men",  "women",     "staff",
                                       "cattle", "sheep",     "fish", "livestock", "poultry",
                                       "crew",   "personnel", NULL};
  if (dbf__tx_word_in(s + p, e - p, plural))
    return true;
  if (e - p < 4 || (s[e - 1] | 32) != 's' || (s[e - 2] | 32) == 's' ||
      dbf__tx_word_in(s + p, e - p, not_things))
    return false;
  char w[32];
  memcpy(w, s + p, e - p);
  w[e - p] = '\0';
  return !dbf_money_text_names_any(w);
}

size_t dbf__money_scan(const char *s, size_t n, bool bare, dbf__money *out, size_t max) {
  size_t cnt = 0;
  for (size_t i = 0; i < n && cnt < max;) {
    if (i > 0 && dbf__tx_isalnum((unsigned char)s[i - 1]) && dbf__tx_isalnum((unsigned char)s[i])) {
      i++;
      continue;
    }
    /* A decimal's fraction ("1.2") or a date part is not a fresh start. */
    if (i > 0 && (s[i - 1] == '.' || s[i - 1] == '/' || s[i - 1] == '-') && s[i] >= '0' &&
        s[i] <= '9') {
      i++;
      continue;
    }
    /* "forty two forty two million": the unit after a spoken tens word
       ends that number, so no fresh one ("two forty two million") starts
       there. */
    size_t w = i;
    while (w < n && s[w] == ' ')
      w++;
    if (w > 0 && w < n && s[w - 1] == ' ' && dbf__tx_isalnum((unsigned char)s[w])) {
      int u = 0, tv = 0;
      size_t ul = dbf__tx_number_word_at(s, w, n, &u);
      dbf_span pw = dbf__tx_word_before(s, w);
      if (ul && u > 0 && u < 10 && pw.len > 0 &&
          dbf__tx_number_word_at(s, pw.off, pw.off + pw.len, &tv) == pw.len && tv >= 20 &&
          tv < 100 && tv % 10 == 0) {
        i = w + 1;
        continue;
      }
    }
    cur c = {s, n, i};
    dbf__money m;
    memset(&m, 0, sizeof(m));
    if (!eat_amount(&c, &m) && !spelled_range_low(&c, &m)) {
      i++;
      continue;
    }
    /* Range: "150-200k", "$150k to $200k", "between 150 and 200 thousand". */
    cur r = c;
    skip_sp(&r);
    bool sep = false;
    if (r.p < r.n && r.s[r.p] == '-') {
      r.p++;
      sep = true;
    } else if (eat(&r, "to") || eat(&r, "and") || eat(&r, "or")) {
      sep = true;
    }
    if (sep) {
      skip_sp(&r);
      dbf__money m2;
      memset(&m2, 0, sizeof(m2));
      if (r.p < r.n &&
          ((r.s[r.p] >= '0' && r.s[r.p] <= '9') || !dbf__tx_isalnum((unsigned char)r.s[r.p])) &&
          eat_amount(&r, &m2)) {
        double lo = m.amount;
        /* "150 to 200k": the multiplier of the second applies to the first. */
        if (!m.multiplier && m2.multiplier && m2.amount > 0) {
          double raw2 = m2.amount;
          double mult = 1;
          while (raw2 >= 1000 && mult < 1e9 && lo * mult * 1000 <= m2.amount)
            raw2 /= 1000, mult *= 1000;
          lo *= mult;
        }
        if (m2.amount >= lo && lo > 0) {
          m.amount = m2.amount;
          m.range = true;
          m.multiplier = m.multiplier || m2.multiplier;
          if (!m.currency[0])
            memcpy(m.currency, m2.currency, 4);
          c = r;
        }
      }
    }
    bool keep = m.currency[0] != '\0';
    if (!keep && bare) {
      bool yearish = !m.multiplier && m.amount >= 1900 && m.amount <= 2100 &&
                     m.amount == (double)(long)m.amount;
      keep = (m.multiplier || (m.amount >= 1000 && !yearish)) && !counts_things(s, n, i, c.p);
    }
    /* A percentage is never money. */
    if (c.p < n && s[c.p] == '%')
      keep = false;
    {
      cur u = c;
      if (eat(&u, "percent") || eat(&u, "%"))
        keep = false;
    }
    if (keep && m.amount > 0) {
      /* A spelled amount is read from the space before its first word;
         its span starts at the word ("so one point two million"). */
      size_t b = i;
      while (b < c.p && s[b] == ' ')
        b++;
      m.off = b;
      m.len = c.p - b;
      m.per_unit = looks_per_unit(s, n, c.p);
      m.negated = negated_at(s, b);
      out[cnt++] = m;
      i = c.p;
    } else {
      /* Skip the whole number so "1,200" is not re-read as "200". */
      i = c.p > i ? c.p : i + 1;
    }
  }
  /* "R$ 900 mil per year ... he said 900 mil for the first year": a "mil"
     said without its currency, in an answer in reais or pesos, is a
     thousand too. */
  bool iberian = false;
  for (size_t k = 0; k < cnt && !iberian; k++)
    for (size_t j = 0; k_iberian[j] && !iberian; j++)
      iberian = strcmp(out[k].currency, k_iberian[j]) == 0;
  for (size_t k = 0; k < cnt && iberian; k++) {
    size_t e = out[k].off + out[k].len;
    if (!out[k].currency[0] && out[k].len > 4 && dbf__tx_ieqn(s + e - 4, " mil", 4))
      out[k].amount /= 1e3;
  }
  return cnt;
}

/* ---- the vocabulary for other paths (money.h) ---- */

const char *dbf_money_default_currency(const json_t *subject) {
  const json_t *attrs = json_is_object(subject) ? json_object_get(subject, "attributes") : NULL;
  const json_t *c = json_is_object(attrs) ? json_object_get(attrs, "currency") : NULL;
  const char *s = json_string_value(c);
  if (s && strlen(s) == 3 && dbf__tx_isalnum((unsigned char)s[0]))
    return s;
  return "USD";
}

/* A symbol at p, not the tail of a longer one ("$" inside "C$" is CAD). */
static bool symbol_at(const char *text, size_t n, size_t p, const char *sym) {
  size_t l = strlen(sym);
  if (p + l > n || memcmp(text + p, sym, l) != 0)
    return false;
  if (dbf__tx_isupper((unsigned char)sym[0])) { /* "Rs": a word of its own */
    size_t q = p + l;
    /* "RM 3.1b", not "our RM said": all capitals only before a figure. */
    if (l > 1 && dbf__tx_isupper((unsigned char)sym[1])) {
      while (q < n && text[q] == ' ' && q < p + l + 1)
        q++;
      if (q >= n || text[q] < '0' || text[q] > '9')
        return false;
    }
    return (p == 0 || !dbf__tx_isalnum((unsigned char)text[p - 1])) &&
           (p + l == n || !dbf__tx_isalnum((unsigned char)text[p + l]) ||
            (text[p + l] >= '0' && text[p + l] <= '9'));
  }
  return sym[0] != '$' || p == 0 || !dbf__tx_isalnum((unsigned char)text[p - 1]);
}

/* True when text names code; with code NULL, any currency. */
/* The first currency text names, from its first symbol, code or word
   (a qualified one, "Australian dollars", before a bare "dollars"), or of
   code only when code is given; NULL when none. */
static const char *named_code(const char *text, const char *code) {
  size_t n = strlen(text);
  for (size_t p = 0; p < n; p++) {
    for (size_t k = 0; k_symbols[k].text; k++)
      if ((!code || !strcmp(k_symbols[k].code, code)) && symbol_at(text, n, p, k_symbols[k].text))
        return k_symbols[k].code;
    if (p > 0 && dbf__tx_isalnum((unsigned char)text[p - 1]))
      continue; /* words and codes start at a word boundary */
    const cur_code *cc = code_at(text, n, p);
    if (cc && (!code || !strcmp(cc->code, code)))
      return cc->code;
    size_t l = 0;
    const cur_name *nm = name_at(text, n, p, &l);
    if (nm && !nm->after_figure && (!code || !strcmp(nm->code, code)))
      return nm->code;
  }
  return NULL;
}

static bool names(const char *text, const char *code) {
  return named_code(text, code) != NULL;
}

bool dbf_money_text_names(const char *text, const char *code) {
  if (!text || !code || strlen(code) != 3)
    return false;
  char up[4] = {0};
  for (int i = 0; i < 3; i++)
    up[i] = (char)(code[i] >= 'a' && code[i] <= 'z' ? code[i] - 'a' + 'A' : code[i]);
  return names(text, up);
}

const char *dbf_money_text_code(const char *text) {
  /* "300 grand, Australian dollars": the first currency named, so a
     qualified dollar is not read as the bare "dollars" inside it. */
  const char *code = text ? named_code(text, NULL) : NULL;
  if (!code)
    return NULL;
  const cur_code *cc = code_lookup(code);
  return cc ? cc->code : NULL;
}

bool dbf_money_text_names_any(const char *text) {
  return text && names(text, NULL);
}
