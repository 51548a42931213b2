/*
 * codes.h - the code lists tacitus writes, spelled exactly as the codebooks in
 * docs/codebooks (ACLED event and sub-event types, GTD attack, weapon and target
 * types). Enum values index the name tables; 0 always means "none".
 */
#ifndef TACITUS_CODES_H
#define TACITUS_CODES_H

enum gtd_weapon { W_NONE = 0, W_BIOLOGICAL, W_CHEMICAL, W_RADIOLOGICAL, W_NUCLEAR, W_FIREARMS,
                  W_EXPLOSIVES, W_FAKE, W_INCENDIARY, W_MELEE, W_VEHICLE, W_SABOTAGE, W_OTHER,
                  W_UNKNOWN, W_MAX };

enum gtd_target { T_NONE = 0, T_BUSINESS, T_GOV_GENERAL, T_POLICE, T_MILITARY, T_ABORTION,
                  T_AIRPORTS, T_GOV_DIPLOMATIC, T_EDUCATION, T_FOOD_WATER, T_MEDIA, T_MARITIME,
                  T_NGO, T_OTHER, T_PRIVATE, T_RELIGIOUS, T_TELECOM, T_TERRORISTS, T_TOURISTS,
                  T_TRANSPORT, T_UNKNOWN, T_UTILITIES, T_VIOLENT_PARTY, T_MAX };

enum gtd_attack { A_NONE = 0, A_ASSASSINATION, A_ARMED_ASSAULT, A_BOMBING, A_HIJACKING,
                  A_BARRICADE, A_KIDNAPPING, A_FACILITY, A_UNARMED, A_UNKNOWN, A_MAX };

enum acled_type { ET_NONE = 0, ET_BATTLES, ET_PROTESTS, ET_RIOTS, ET_EXPLOSIONS, ET_VAC,
                  ET_STRATEGIC, ET_MAX };

enum acled_sub {
    SUB_NONE = 0, SUB_GOV_REGAINS, SUB_NSA_OVERTAKES, SUB_ARMED_CLASH, SUB_EXCESSIVE_FORCE,
    SUB_PROTEST_INTERVENTION, SUB_PEACEFUL_PROTEST, SUB_VIOLENT_DEMONSTRATION, SUB_MOB_VIOLENCE,
    SUB_CHEMICAL, SUB_AIR_DRONE, SUB_SUICIDE_BOMB, SUB_SHELLING, SUB_REMOTE_EXPLOSIVE,
    SUB_GRENADE, SUB_SEXUAL_VIOLENCE, SUB_ATTACK, SUB_ABDUCTION, SUB_AGREEMENT, SUB_ARRESTS,
    SUB_CHANGE_GROUP, SUB_DISRUPTED_WEAPONS, SUB_HQ_ESTABLISHED, SUB_LOOTING,
    SUB_NONVIOLENT_TRANSFER, SUB_OTHER, SUB_MAX
};

const char *gtd_weapon_name(int w);
const char *gtd_target_name(int t);
const char *gtd_attack_name(int a);
const char *acled_type_name(int t);
const char *acled_sub_name(int s);
int gtd_weapon_parse(const char *s);
int gtd_target_parse(const char *s);

/* The GTD target type of a person of CAMEO sector `sector` ("GOV", "MED",
 * titles.txt's third field) who is attacked, or T_NONE. */
int gtd_target_of_sector(const char *sector);

/* The PLOVER type ("CONSULT") and mode ("visit", or NULL) of the CAMEO event
 * code `code` ("042", "0871"), by the PLOVER README's mapping of CAMEO; both
 * NULL when PLOVER has no type for it (roots 01 and 02). */
void cameo_plover(const char *code, const char **type, const char **mode);

#endif
