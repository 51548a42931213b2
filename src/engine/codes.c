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
 * & Media, the UN Government (Diplomatic)). */
int gtd_target_of_sector(const char *sector)
{
    static const struct {
        const char *sector;
        int target;
    } map[] = {{"GOV", T_GOV_GENERAL}, {"LEG", T_GOV_GENERAL}, {"JUD", T_GOV_GENERAL}, {"SPY", T_GOV_GENERAL},
               {"OPP", T_GOV_GENERAL}, {"MIL", T_MILITARY},   {"COP", T_POLICE},      {"MED", T_MEDIA},
               {"UNO", T_GOV_DIPLOMATIC}, {"NGO", T_NGO},     {"REL", T_RELIGIOUS},   {"EDU", T_EDUCATION},
               {"BUS", T_BUSINESS},   {"CVL", T_PRIVATE},     {"REB", T_TERRORISTS}};
    for (size_t i = 0; i < sizeof map / sizeof map[0]; i++)
        if (strcmp(map[i].sector, sector) == 0)
            return map[i].target;
    return T_NONE;
}
