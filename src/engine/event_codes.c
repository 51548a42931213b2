/*
 * event_codes.c - an event's codes in the three codebooks: ACLED event and
 * sub-event type, GTD attack types (first and second) and the CAMEO event
 * code, from its dominant class, the other classes its sentences showed, its
 * weapons and its actors. The class table holds what a class means alone; the
 * steps after it hold the rules that look past the class (an assault that
 * opened with a blast, violence against civilians, battles, violence at a
 * protest). Part of the resolve stage (resolve_int.h).
 */
#include <stdio.h>

#include "codes.h"
#include "resolve_int.h"

/* The codes a class has on its own. */
typedef struct class_codes {
    uint8_t acled_type, acled_sub, attack_type;
    const char *cameo; /* NULL: "010" */
} class_codes;

/* Classes whose codes need nothing but the class. The bombings, assassinations,
 * arson and ground attacks turn on more (class_codes_of); a class not listed
 * has no ACLED or GTD type and the CAMEO code 010. */
static const class_codes CLASS_CODES[EV_CLASS_MAX] = {
    [EV_SUICIDE] = {ET_EXPLOSIONS, SUB_SUICIDE_BOMB, A_BOMBING, "1831"},
    [EV_VBIED] = {ET_EXPLOSIONS, SUB_REMOTE_EXPLOSIVE, A_BOMBING, "1832"},
    [EV_GRENADE] = {ET_EXPLOSIONS, SUB_GRENADE, A_BOMBING, "183"},
    [EV_CHEMICAL] = {ET_EXPLOSIONS, SUB_CHEMICAL, A_UNKNOWN, "2041"},
    [EV_AIRSTRIKE] = {ET_EXPLOSIONS, SUB_AIR_DRONE, A_BOMBING, "195"},
    [EV_SHELLING] = {ET_EXPLOSIONS, SUB_SHELLING, A_BOMBING, "194"},
    [EV_KIDNAP] = {ET_VAC, SUB_ABDUCTION, A_KIDNAPPING, "181"},
    [EV_HIJACK] = {ET_VAC, SUB_ABDUCTION, A_HIJACKING, "181"},
    [EV_SEXUAL] = {ET_VAC, SUB_SEXUAL_VIOLENCE, A_UNARMED, "1821"},
    [EV_ARREST] = {ET_STRATEGIC, SUB_ARRESTS, A_NONE, "173"},
    [EV_PROTEST] = {ET_PROTESTS, SUB_PEACEFUL_PROTEST, A_NONE, "141"},
    [EV_RIOT] = {ET_RIOTS, SUB_VIOLENT_DEMONSTRATION, A_NONE, "145"},
    [EV_LOOTING] = {ET_STRATEGIC, SUB_LOOTING, A_NONE, "171"},
    /* a bomb found and defused: ACLED's disrupted weapons use; GTD keeps an
     * unsuccessful attack (a planted bomb) as a bombing */
    [EV_DEFUSED] = {ET_STRATEGIC, SUB_DISRUPTED_WEAPONS, A_BOMBING, "183"},
    [EV_CONDEMN] = {ET_NONE, SUB_NONE, A_NONE, "111"},
    [EV_PRAISE] = {ET_NONE, SUB_NONE, A_NONE, "051"},
    [EV_NEGOTIATE] = {ET_NONE, SUB_NONE, A_NONE, "046"},
    [EV_THREATEN] = {ET_NONE, SUB_NONE, A_NONE, "138"},
    [EV_CEASEFIRE] = {ET_NONE, SUB_NONE, A_NONE, "0871"},
    [EV_AGREEMENT] = {ET_STRATEGIC, SUB_AGREEMENT, A_NONE, "057"},
    [EV_HUNGER_STRIKE] = {ET_PROTESTS, SUB_PEACEFUL_PROTEST, A_NONE, "142"},
};

/* What an event's codes turn on besides its class. */
typedef struct code_facts {
    int victims_civilian; /* actor 2 is civilians */
    int armed_victims;    /* actor 2 is armed: state forces, rebels, militias, a hostile side */
    int bomb_seen;        /* a bombing, IED, car bomb, grenade, suicide attack or landmine */
    int assault_seen;     /* a ground assault: shooting, fighting, a siege, or an "attack"
                           * with guns (the word "attack" alone also names a bombing) */
    int firearms;         /* firearms among its weapons */
} code_facts;

/* The facts of e that its codes turn on. */
static code_facts code_facts_of(const event *e)
{
    code_facts x;
    x.victims_civilian = e->has_actor2 && (e->actor2.side == SIDE_CIVILIAN || e->actor2.type == AT_CIVILIANS);
    x.armed_victims = e->has_actor2 && (e->actor2.side == SIDE_STATE || e->actor2.side == SIDE_HOSTILE ||
                                        e->actor2.type == AT_STATE || e->actor2.type == AT_REBEL ||
                                        e->actor2.type == AT_POLMIL || e->actor2.type == AT_IDMIL);
    x.bomb_seen = has_class(e, EV_BOMBING) || has_class(e, EV_IED) || has_class(e, EV_VBIED) ||
                  has_class(e, EV_GRENADE) || has_class(e, EV_SUICIDE) || has_class(e, EV_LANDMINE);
    x.firearms = (e->weapons & (1u << W_FIREARMS)) != 0;
    x.assault_seen = has_class(e, EV_SHOOTING) || has_class(e, EV_CLASH) || has_class(e, EV_SIEGE) ||
                     (has_class(e, EV_ATTACK) && x.firearms);
    return x;
}

/* A bombing, IED or landmine: a remote explosion; but an assault that opened
 * with a blast is GTD Armed Assault with Bombing second, and a battle when
 * the victims were armed. Against unarmed people it stays an explosion for
 * ACLED, whose hierarchy puts the remote violence above the shooting that
 * came with it ("a coordinated bomb and gun attack" on a shopping street). */
static const char *bombing_codes(event *e, const code_facts *x)
{
    e->acled_type = ET_EXPLOSIONS;
    e->acled_sub = SUB_REMOTE_EXPLOSIVE;
    e->attack_type = A_BOMBING;
    const char *cameo = e->cls == EV_IED ? "1833" : "183";
    if (x->assault_seen && x->firearms) {
        e->attack_type = A_ARMED_ASSAULT;
        e->attack_type2 = A_BOMBING;
        if (x->armed_victims) {
            e->acled_type = ET_BATTLES;
            e->acled_sub = SUB_ARMED_CLASH;
            cameo = "190";
        }
    }
    return cameo;
}

/* An assassination: a battle when armed non-civilians were the victims, else
 * violence against civilians; a remote explosion when a bomb was seen. */
static const char *assassination_codes(event *e, const code_facts *x)
{
    e->acled_type = x->armed_victims && !x->victims_civilian ? ET_BATTLES : ET_VAC;
    e->acled_sub = e->acled_type == ET_BATTLES ? SUB_ARMED_CLASH : SUB_ATTACK;
    if (x->bomb_seen) {
        e->acled_type = ET_EXPLOSIONS;
        e->acled_sub = SUB_REMOTE_EXPLOSIVE;
    }
    e->attack_type = A_ASSASSINATION;
    return "186";
}

/* Arson: an attack on civilians when they suffered, else destruction of property. */
static const char *arson_codes(event *e, const code_facts *x)
{
    e->acled_type = x->victims_civilian ? ET_VAC : ET_STRATEGIC;
    e->acled_sub = x->victims_civilian ? SUB_ATTACK : SUB_LOOTING;
    e->attack_type = A_FACILITY;
    return "1712";
}

/* A siege, attack, clash, shooting or killing: a battle when armed men were on
 * the other side (its victims were state forces, rebels or militias) or the
 * text tells fighting; else violence against civilians, for ACLED's battles
 * need two armed, organised sides ("youths of the ruling party broke up a
 * meeting and beat participants" is one-sided). A siege with figures is a
 * barricade incident; a bomb seen is the second attack type. */
static const char *ground_attack_codes(event *e, const code_facts *x)
{
    const char *cameo;
    int armed_sides = x->armed_victims || has_class(e, EV_CLASH);
    if ((x->victims_civilian && !(e->has_actor2 && e->actor2.side == SIDE_STATE)) ||
        (!armed_sides && !x->victims_civilian)) {
        e->acled_type = ET_VAC;
        e->acled_sub = SUB_ATTACK;
        cameo = x->firearms ? "180" : "1823";
    } else {
        e->acled_type = ET_BATTLES;
        e->acled_sub = SUB_ARMED_CLASH;
        cameo = x->firearms ? "193" : "190";
    }
    if (e->cls == EV_SIEGE && e->nfigs > 0)
        e->attack_type = A_BARRICADE;
    else if (e->weapons && !(e->weapons & ~((1u << W_MELEE))) )
        e->attack_type = A_ARMED_ASSAULT;
    else
        e->attack_type = A_ARMED_ASSAULT;
    if (x->bomb_seen && e->attack_type != A_BARRICADE)
        e->attack_type2 = A_BOMBING;
    return cameo;
}

/* Set e's codes from its dominant class; returns its CAMEO code. */
static const char *class_codes_of(event *e, const code_facts *x)
{
    switch (e->cls) {
    case EV_IED: case EV_LANDMINE: case EV_BOMBING:
        return bombing_codes(e, x);
    case EV_ASSASSINATION:
        return assassination_codes(e, x);
    case EV_ARSON:
        return arson_codes(e, x);
    case EV_SIEGE: case EV_ATTACK: case EV_CLASH: case EV_SHOOTING: case EV_KILLING:
        return ground_attack_codes(e, x);
    default:
        break;
    }
    if (e->cls >= EV_CLASS_MAX)
        return "010";
    const class_codes *k = &CLASS_CODES[e->cls];
    e->acled_type = k->acled_type;
    e->acled_sub = k->acled_sub;
    e->attack_type = k->attack_type;
    return k->cameo ? k->cameo : "010";
}

/* ACLED's hierarchy: a ground assault on armed men that also used grenades or
 * bombs is a battle, and so is one that opened with a suicide or car bomb and
 * went on as a fight with them ("started with a suicide bombing and was
 * followed by a firefight with the troops"); clashes are battles; hostage-
 * taking of civilians is violence against civilians. */
static void battle_hierarchy(event *e, const code_facts *x, const char **cameo)
{
    int c = e->cls;
    int remote = c == EV_BOMBING || c == EV_GRENADE || c == EV_IED || c == EV_LANDMINE;
    int opened_fight = (c == EV_SUICIDE || c == EV_VBIED) && has_class(e, EV_CLASH) &&
                       (x->armed_victims || e->state_fought);
    if (e->violent && !e->demo && ((remote && x->assault_seen && x->armed_victims) || opened_fight ||
                                   (has_class(e, EV_CLASH) && c != EV_SUICIDE && c != EV_VBIED &&
                                    c != EV_AIRSTRIKE && c != EV_SHELLING && c != EV_HIJACK && c != EV_KIDNAP))) {
        e->acled_type = ET_BATTLES;
        e->acled_sub = SUB_ARMED_CLASH;
        e->attack_type = A_ARMED_ASSAULT;
        e->attack_type2 = x->bomb_seen ? A_BOMBING : A_NONE;
        *cameo = x->firearms ? "193" : "190";
    }
    if (e->violent && (c == EV_SIEGE || c == EV_HIJACK || c == EV_KIDNAP) && !x->armed_victims) {
        e->acled_type = ET_VAC;
        e->acled_sub = c == EV_SIEGE ? SUB_ATTACK : SUB_ABDUCTION;
    }
}

/* Violence at a protest: force against demonstrators, or a riot (a bombing at
 * a rally stays an explosion); a protest the state met with tear gas or
 * batons, or with force; and a protest whose figures tell of harm. */
static void protest_violence(event *e, const char **cameo)
{
    int c = e->cls;
    int explosive = c == EV_SUICIDE || c == EV_VBIED || c == EV_IED || c == EV_LANDMINE || c == EV_AIRSTRIKE ||
                    c == EV_SHELLING;
    if (e->violent && e->demo && !explosive) {
        int state_actor = e->has_actor1 && e->actor1.type == AT_STATE;
        if (e->riot || !state_actor || e->group_clash) {
            e->acled_type = ET_RIOTS;
            e->acled_sub = SUB_VIOLENT_DEMONSTRATION;
            *cameo = "145";
        } else {
            e->acled_type = ET_PROTESTS;
            e->acled_sub = SUB_EXCESSIVE_FORCE;
            *cameo = "175";
        }
    }
    if (c == EV_PROTEST && e->intervention) {
        e->acled_sub = e->intervention == 2 ? SUB_EXCESSIVE_FORCE : SUB_PROTEST_INTERVENTION;
        *cameo = e->intervention == 2 ? "175" : "141";
    }
    if (c == EV_PROTEST && (has_class(e, EV_SHOOTING) || e->nfigs > 0)) {
        int killed = 0;
        for (int i = 0; i < e->nfigs; i++)
            if (e->figs[i].kind == CAS_KILLED || e->figs[i].kind == CAS_WOUNDED)
                killed = 1;
        if (killed) {
            e->acled_sub = SUB_EXCESSIVE_FORCE;
            *cameo = "175"; /* use tactics of violent repression, as for the violent event at a protest */
        }
    }
}

/* See resolve_int.h: from its dominant class, the other classes seen, its
 * weapons and its actors. An interaction keeps the codes its phrase gave it. */
void assign_codes(event *e)
{
    if (e->cls == EV_INTERACTION)
        return;
    e->acled_type = ET_NONE;
    e->acled_sub = SUB_NONE;
    e->attack_type = A_NONE;
    e->attack_type2 = A_NONE;
    code_facts x = code_facts_of(e);
    const char *cameo = class_codes_of(e, &x);
    battle_hierarchy(e, &x, &cameo);
    protest_violence(e, &cameo);
    /* GTD: an attack aimed at a person of note, named with his office, is an
     * assassination whatever its means (the means stays the second type) */
    if (e->violent && e->prominent_victim && e->attack_type != A_ASSASSINATION &&
        e->attack_type != A_KIDNAPPING && e->attack_type != A_HIJACKING && e->attack_type != A_BARRICADE) {
        if (e->attack_type == A_BOMBING || e->attack_type == A_ARMED_ASSAULT)
            e->attack_type2 = e->attack_type;
        e->attack_type = A_ASSASSINATION;
    }
    snprintf(e->cameo, sizeof e->cameo, "%s", cameo);
    cameo_plover(e->cameo, &e->plover, &e->plover_mode);
}
