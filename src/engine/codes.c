/*
 * codes.c - name tables for the code lists in codes.h.
 */
#include "codes.h"

#include <string.h>

static const char *const weapon_names[W_MAX] = {
    NULL, "Biological", "Chemical", "Radiological", "Nuclear", "Firearms", "Explosives",
    "Fake Weapons", "Incendiary", "Melee", "Vehicle", "Sabotage Equipment", "Other", "Unknown"};

static const char *const target_names[T_MAX] = {
    NULL, "Business", "Government (General)", "Police", "Military", "Abortion Related",
    "Airports & Aircraft", "Government (Diplomatic)", "Educational Institution",
    "Food or Water Supply", "Journalists & Media", "Maritime", "NGO", "Other",
    "Private Citizens & Property", "Religious Figures/Institutions", "Telecommunication",
    "Terrorists/Non-State Militia", "Tourists", "Transportation", "Unknown", "Utilities",
    "Violent Political Party"};

static const char *const attack_names[A_MAX] = {
    NULL, "Assassination", "Armed Assault", "Bombing/Explosion", "Hijacking",
    "Hostage Taking (Barricade Incident)", "Hostage Taking (Kidnapping)",
    "Facility/Infrastructure Attack", "Unarmed Assault", "Unknown"};

static const char *const type_names[ET_MAX] = {
    NULL, "Battles", "Protests", "Riots", "Explosions/Remote violence",
    "Violence against civilians", "Strategic developments"};

static const char *const sub_names[SUB_MAX] = {
    NULL, "Government regains territory", "Non-state actor overtakes territory", "Armed clash",
    "Excessive force against protesters", "Protest with intervention", "Peaceful protest",
    "Violent demonstration", "Mob violence", "Chemical weapon", "Air/drone strike",
    "Suicide bomb", "Shelling/artillery/missile attack", "Remote explosive/landmine/IED",
    "Grenade", "Sexual violence", "Attack", "Abduction/forced disappearance", "Agreement",
    "Arrests", "Change to group/activity", "Disrupted weapons use",
    "Headquarters or base established", "Looting/property destruction",
    "Non-violent transfer of territory", "Other"};

/* t[i] for 0 < i < n, else NULL (0 means none). */
static const char *pick(const char *const *t, int n, int i)
{
    return (i > 0 && i < n) ? t[i] : NULL;
}

/* See codes.h: the codebook name of a code, or NULL for 0 (none) and for
 * values out of range. */
const char *gtd_weapon_name(int w) { return pick(weapon_names, W_MAX, w); }
const char *gtd_target_name(int t) { return pick(target_names, T_MAX, t); }
const char *gtd_attack_name(int a) { return pick(attack_names, A_MAX, a); }
const char *acled_type_name(int t) { return pick(type_names, ET_MAX, t); }
const char *acled_sub_name(int s) { return pick(sub_names, SUB_MAX, s); }

/* The index i in 1..n-1 with t[i] equal to s (case-sensitive), or 0 when none is. */
static int parse(const char *const *t, int n, const char *s)
{
    for (int i = 1; i < n; i++)
        if (strcmp(t[i], s) == 0)
            return i;
    return 0;
}

/* See codes.h: the code whose codebook name is exactly s, or 0 (none). */
int gtd_weapon_parse(const char *s) { return parse(weapon_names, W_MAX, s); }
int gtd_target_parse(const char *s) { return parse(target_names, T_MAX, s); }

/* See codes.h. CAMEO's sectors of an official or a role, as titles.txt writes
 * them, and the GTD target type of such a person attacked (GTD codes the
 * victim's role: a councillor is Government (General), a reporter Journalists
 * & Media, the UN or another intergovernmental body Government (Diplomatic)). */
int gtd_target_of_sector(const char *sector)
{
    static const struct {
        const char *sector;
        int target;
    } map[] = {{"GOV", T_GOV_GENERAL}, {"LEG", T_GOV_GENERAL}, {"JUD", T_GOV_GENERAL}, {"SPY", T_GOV_GENERAL},
               {"OPP", T_GOV_GENERAL}, {"MIL", T_MILITARY},   {"COP", T_POLICE},      {"MED", T_MEDIA},
               {"UNO", T_GOV_DIPLOMATIC}, {"IGO", T_GOV_DIPLOMATIC}, {"NGO", T_NGO},     {"REL", T_RELIGIOUS},   {"EDU", T_EDUCATION},
               {"BUS", T_BUSINESS},   {"CVL", T_PRIVATE},     {"REB", T_TERRORISTS}};
    for (size_t i = 0; i < sizeof map / sizeof map[0]; i++)
        if (strcmp(map[i].sector, sector) == 0)
            return map[i].target;
    return T_NONE;
}

/* See codes.h. By the PLOVER README's mapping of CAMEO
 * (codebooks.md, PLOVER): 03 and a signed agreement (057) AGREE, 04 CONSULT,
 * 05 SUPPORT, 06 COOPERATE, 07 AID, 081-083 CONCEDE, 084-087 RETREAT, 09
 * INVESTIGATE, 10 DEMAND, 11 DISAPPROVE, 12 REJECT, 13 THREATEN, 14 PROTEST,
 * 15 MOBILIZE, 16 SANCTION, 17 COERCE, 18 ASSAULT, 19 and 20 FIGHT; and the
 * PLOVER mode its code names ("0871": ceasefire). NULL for 01 and 02 (PLOVER
 * drops them). The longest prefix wins. */
void cameo_plover(const char *code, const char **type, const char **mode)
{
    static const struct { const char *prefix, *type, *mode; } map[] = {
        {"03", "AGREE", NULL}, {"057", "AGREE", NULL}, {"04", "CONSULT", NULL}, {"042", "CONSULT", "visit"},
        {"05", "SUPPORT", NULL}, {"06", "COOPERATE", NULL}, {"07", "AID", NULL}, {"08", "CONCEDE", NULL},
        {"084", "RETREAT", "release"}, {"085", "RETREAT", NULL}, {"086", "RETREAT", "access"},
        {"087", "RETREAT", NULL}, {"0871", "RETREAT", "ceasefire"}, {"09", "INVESTIGATE", NULL},
        {"10", "DEMAND", NULL}, {"11", "DISAPPROVE", NULL}, {"12", "REJECT", NULL},
        {"13", "THREATEN", NULL}, {"14", "PROTEST", "demo"}, {"142", "PROTEST", "strike-hun"},
        {"143", "PROTEST", "strike-gen"}, {"144", "PROTEST", "obstruct"}, {"145", "PROTEST", "riot"},
        {"15", "MOBILIZE", NULL}, {"16", "SANCTION", NULL}, {"17", "COERCE", NULL},
        {"1711", "COERCE", "confiscate"}, {"173", "COERCE", "arrest"}, {"174", "COERCE", "deport"},
        {"18", "ASSAULT", NULL}, {"181", "ASSAULT", "abduct"}, {"1821", "ASSAULT", "sexual"},
        {"1822", "ASSAULT", "torture"}, {"183", "ASSAULT", "explosives"}, {"1831", "ASSAULT", "suicide-attack"},
        {"185", "ASSAULT", "assassinate"}, {"186", "ASSAULT", "assassinate"}, {"19", "FIGHT", NULL},
        {"20", "FIGHT", NULL}};
    size_t best = 0;
    *type = *mode = NULL;
    for (size_t i = 0; i < sizeof map / sizeof map[0]; i++) {
        size_t n = strlen(map[i].prefix);
        if (n > best && strncmp(code, map[i].prefix, n) == 0) {
            best = n;
            *type = map[i].type;
            *mode = map[i].mode;
        }
    }
}
