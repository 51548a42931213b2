/*
 * wordclass.c - the words of each class in wordclass.h. Plain data: edit a
 * list, rebuild, and every rule that uses the class follows.
 */
#include "wordclass.h"

#include <stddef.h>
/* Words that may stand between a figure and its casualty word. */
static const char *const aux_words[] = {
    "were", "was", "have", "has", "had", "been", "are", "is", "also", "reportedly", "later",
    "being", "all", "allegedly", "confirmed", "believed", "feared", "say", "said", "now",
    "thought", "to", "be", "who", "people", "persons", "others", "other", "more", "of",
    "them", "innocent", "unarmed", "civilian", "both", "apparently", "initially", "so",
    "far", "got", "as", "many", "were", "seriously", "critically", "badly", "slightly",
    "severely", "fatally", "mortally", "among", "those", "the", "police", "reported", "reportedly",
    "officially", "now", "found", NULL};
/* Function words that end a noun phrase: a figure followed by one of these
 * ("three hours after", "two days before") does not count people. */
static const char *const noun_stop[] = {
    "after", "before", "in", "on", "at", "of", "the", "a", "an", "when", "while", "as", "since",
    "during", "and", "or", "but", "from", "to", "for", "with", "by", "than", "later", "ago",
    "earlier", "into", "that", "which", "percent", "per", "hours", "hour", "days", "day", "weeks",
    "week", "months", "month", "years", "year", "minutes", "km", "kilometres", "kilometers",
    "miles", "metres", "meters", "times", "rounds", "shells", "rockets", "missiles", "vehicles",
    "cars", "houses", "homes", "buildings", "shops", "dogs", "dog", "cattle", "cows", "goats", "sheep",
    "camels", "animals", "livestock", "birds", "chickens", "elephants", "rhinos", "trees", "acres", NULL};
/* Words that may stand between a casualty verb and the figure it governs. */
static const char *const toll_words[] = {
    "to", "at", "rose", "risen", "climbed", "reached", "stood", "has", "had", "now", "increased",
    "jumped", "of", "is", "was", "soared", "hit", "mounted", "stands", "rises", "climbs",
    "reaches", "the", "lives", "least", NULL};
static const char *const revise_words[] = {"rose", "risen", "climbed", "increased", "jumped",
                                           "soared", "mounted", "rises", "climbs", "reached",
                                           "reaches", "hit", NULL};
/* Words after a figure that show it counts people ("killing 12 ." is fine too). */
static const char *const after_ok[] = {
    "and", "in", "on", "at", "when", "after", "as", "including", "during", "while", "with",
    "near", "others", "more", "people", "persons", "of", "others", "since", "across", "so",
    "inside", "outside", "by", "from", "the", "earlier", "last", "this", "on", "over",
    "before", "among", "were", "was", "are", "have", "had", "has", "is", "others", "or",
    "individuals", "victims", "dead", "bodies", NULL};
static const char *const place_stop[] = {
    "the", "a", "an", "in", "on", "at", "of", "and", "but", "he", "she", "it", "they", "we",
    "i", "you", "this", "that", "these", "those", "his", "her", "their", "its", "our", "my",
    "there", "here", "when", "where", "while", "after", "before", "as", "by", "for", "from",
    "with", "to", "also", "more", "most", "some", "all", "no", "not", "if", "what", "who",
    "why", "how", "one", "two", "mr", "mrs", "ms", "dr", "so", "then", "than", "us", "new",
    "many", "such", "both", "each", "other", "only", "just", "like", "about", "over", "under",
    "up", "down", "out", "into", "during", "since", "until", "against", "between", "among",
    "via", "per", "next", "last", "first", "second", "third", "photo", "video", "file",
    "reuters", "ap", "afp", "voa", "image", "images", "read", "more", "see", "breaking",
    "news", "accessibility", "links", "share", "print", "comments", "follow", "subscribe",
    "live", "latest", "update", "updated", "independence", "victory", "unity", "liberty",
    "freedom", "justice", "union", "progress", "hope", "peace", "university", "college",
    "hospital", "school", "mosque", "church", "street", "road", "station", "market", "bridge",
    "central", "north", "south", "east", "west", "northern", "southern", "eastern", "western",
    "lines", "camp", "border", "capital", "city", "town", "province", "district", "state",
    "region", "county", "valley", "island", "islands", "lake", "river", "mountain", "mountains",
    "gate", "square", "park", "airport", "port", "sea", "gulf", "ocean", "national", "federal",
    "christmas", "easter", "eid", "ramadan", "islam", "allah", "god", "christ", "jesus",
    "twitter", "facebook", "telegram", "whatsapp", "youtube", "truth", "social", "x",
    "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", NULL};
static const char *const place_cue[] = {
    "in", "near", "at", "outside", "from", "to", "of", "around", "across", "into", "toward",
    "towards", "outskirts", "district", "province", "city", "town", "village", "inside",
    "through", "between", "and", "nearby", NULL};
/* Lowercase words allowed inside a multi-word place name. */
static const char *const place_inner[] = {"de", "del", "la", "le", "al", "el", "ul", "e",
                                          "i", "du", "des", "of", "da", "do", "dos", "das",
                                          "on", "upon", "sur", "am", "an", "ad", "ar", "as",
                                          "ash", "at", "az", "ibn", "bin", "van", "von", NULL};
static const char *const determiners[] = {"the", "that", "this", "these", "those", "such", "its",
                                          "their", NULL};
static const char *const anaph_stop[] = {"of", "and", "or", "to", "in", "on", "at", "by", "with", "from",
                                         "for", "was", "were", "is", "are", "has", "have", "had",
                                         "first", "then", "a", "an", NULL};
static const char *const not_names[] = {"the", "a", "an", "he", "she", "they", "it", "we", "i", "in",
                                        "on", "but", "and", "this", "that", "his", "her", "their",
                                        "its", NULL};
static const char *const plurals[] = {"people", "police", "personnel", "children", "troops", "staff",
                                      "youth", "militia", "forces", "crew", NULL};

static const char *const celebration[] = {"celebrate", "celebrates", "celebrated", "celebrating",
                                          "celebration", "celebrations", "jubilant", "rejoice",
                                          "rejoiced", "rejoicing", "festivities", NULL};

/* What a country or its demonym may name as its state's weapons or men
 * ("Indian shelling", "U.S. drone strike", "Turkish warplanes", "Israeli
 * troops"): the country is then the attacker's, not the place. */
static const char *const cross_fire[] = {"shelling", "firing", "fire", "gunfire", "artillery", "mortar",
                                         "mortars", "rockets", "rocket", "missile", "missiles", "drone",
                                         "drones", "cross", "shells", "bombardment", NULL};
static const char *const air_arms[] = {"airstrike", "airstrikes", "air", "strike", "strikes", "raid", "raids",
                                       "jets", "warplanes", "planes", "aircraft", "helicopter", "helicopters",
                                       "gunships", "fighter", "navy", "warships", "bombing", "bombers", NULL};
static const char *const armed_men[] = {"troops", "soldiers", "forces", "army", "military", NULL};

static const char *const directions[] = {"northern", "southern", "eastern", "western", "central", "northeastern",
                                         "northwestern", "southeastern", "southwestern", "north", "south", "east",
                                         "west", "northeast", "northwest", "southeast", "southwest", NULL};
static const char *const land[] = {
    "area", "areas", "region", "regions", "province", "provinces", "state", "district", "districts",
    "north", "south", "east", "west", "northwest", "northeast", "southwest", "southeast", "border",
    "borders", "city", "cities", "capital", "territory", "territories", "soil", "coast", "frontier",
    "countryside", "heartland", "side", "part", "parts", "interior", "villages", "towns", "belt", NULL};
static const char *const campaigns[] = {"crackdown", "violence", "unrest", "fighting", "conflict",
                                        "insurgency", "war", "campaign", "protests", "clashes", "offensive",
                                        "uprising", "crisis", "attacks", "raids", "strikes", "rebellion",
                                        "bombings", "demonstrations", "turmoil", NULL};
static const char *const leaders[] = {"leader", "leaders", "commander", "commanders", "chief", "chiefs",
                                      "emir", "deputy", "founder", "head", "spokesman", "ideologue",
                                      "mastermind", NULL};
static const char *const place_kinds[] = {"town", "city", "village", "villages", "hamlet", "locality",
                                          "district", "area", "camp", "resort", "township", "settlement",
                                          "commune", NULL};

const word_class_list word_classes[] = {
    {WC_AUX, aux_words},
    {WC_NOUN_STOP, noun_stop},
    {WC_TOLL, toll_words},
    {WC_REVISE, revise_words},
    {WC_AFTER_OK, after_ok},
    {WC_PLACE_STOP, place_stop},
    {WC_PLACE_CUE, place_cue},
    {WC_PLACE_INNER, place_inner},
    {WC_DETERMINER, determiners},
    {WC_ANAPH_STOP, anaph_stop},
    {WC_NOT_NAME, not_names},
    {WC_PLURAL, plurals},
    {WC_CELEBRATION, celebration},
    {WC_CROSS_FIRE, cross_fire},
    {WC_AIR_ARMS, air_arms},
    {WC_ARMED_MEN, armed_men},
    {WC_DIRECTION, directions},
    {WC_LAND, land},
    {WC_CAMPAIGN, campaigns},
    {WC_LEADER, leaders},
    {WC_PLACE_KIND, place_kinds},
    {0, NULL},
};
