/*
 * test_engine.c - the engine end to end on short reports written for these
 * tests: casualty arithmetic (number words, hedges, vague words, breakdowns,
 * revisions, kinds kept apart), dates resolved against the publication date,
 * background events, claims and suspicions, and negatives.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "engine_fixture.h"
#include "tacitus.h"



/* Code text published on date; returns the parsed record (caller frees). */
static json_t *code(const char *text, const char *date)
{
    tac_doc d = {"t", NULL, date, NULL, text, strlen(text), NULL, NULL};
    char err[256];
    const char *js = tac_code_json(coder, &d, err, sizeof err);
    assert_non_null(js);
    json_error_t je;
    json_t *r = json_loads(js, 0, &je);
    assert_non_null(r);
    return r;
}

static json_t *first_current(json_t *r)
{
    size_t i;
    json_t *e;
    json_array_foreach(json_object_get(r, "events"), i, e) {
        if (!json_is_true(json_object_get(e, "background")) && json_is_string(json_object_get(e, "attack_type")))
            return e;
    }
    return NULL;
}

static long figure(json_t *ev, const char *k)
{
    json_t *v = json_object_get(json_object_get(ev, k), "min");
    return json_is_integer(v) ? (long)json_integer_value(v) : -1;
}

static int approximate(json_t *ev, const char *k)
{
    return json_is_true(json_object_get(json_object_get(ev, k), "approximate"));
}

static const char *date_of(json_t *ev, const char *k)
{
    json_t *v = json_object_get(json_object_get(ev, "date"), k);
    return json_is_string(v) ? json_string_value(v) : "";
}

static void check_killed(const char *text, long want, int approx)
{
    json_t *r = code(text, "2024-06-12");
    json_t *e = first_current(r);
    if (!e)
        fail_msg("no event in: %s", text);
    if (figure(e, "killed") != want || approximate(e, "killed") != approx)
        fail_msg("killed %ld (approx %d), wanted %ld (approx %d) in: %s", figure(e, "killed"),
                 approximate(e, "killed"), want, approx, text);
    json_decref(r);
}

static void test_number_words_and_hedges(void **state)
{
    (void)state;
    check_killed("Gunmen killed two farmers in an attack on a village near Kandahar on Tuesday.", 2, 0);
    check_killed("At least twenty-five people were killed when a bomb exploded in a market in Baghdad.", 25, 0);
    check_killed("More than 100 people were killed in the bombing of a mosque in Kabul.", 101, 0);
    check_killed("Nearly 30 soldiers were killed in an ambush in northern Mali.", 30, 1);
    check_killed("A car bomb killed 1,200 people in a crowded square in Mogadishu, officials said.", 1200, 0);
    check_killed("A dozen villagers were killed when militants attacked Gwoza.", 12, 0);
}

static void test_vague_words_follow_acled(void **state)
{
    (void)state;
    check_killed("Several policemen were killed when gunmen attacked a checkpoint in Peshawar.", 3, 1);
    check_killed("Dozens of people were killed in an air strike on a market in Idlib.", 12, 1);
    check_killed("Hundreds of civilians were killed in shelling of Aleppo.", 100, 1);
}

static void test_breakdown_and_attackers(void **state)
{
    (void)state;
    json_t *r = code("Three soldiers and four militants were killed in a gunfight in Bannu on Monday.", "2024-06-12");
    json_t *e = first_current(r);
    assert_non_null(e);
    assert_int_equal(figure(e, "killed"), 7);
    json_t *b = json_object_get(json_object_get(e, "killed"), "breakdown");
    assert_int_equal(json_array_size(b), 2);
    assert_int_equal(json_integer_value(json_object_get(json_array_get(b, 1), "count")), 4);
    assert_string_equal(json_string_value(json_object_get(json_array_get(b, 1), "who")), "militants");
    json_decref(r);
}

static void test_victims_listed_one_by_one(void **state)
{
    (void)state;
    check_killed("A car bomb in Beirut killed a member of parliament, his son and at least eight other people.", 10, 0);
    check_killed("A policeman and his son were killed when gunmen opened fire in Peshawar on Monday.", 2, 0);
    check_killed("Two soldiers, a villager and three children were killed in shelling near Kotli.", 6, 0);
    /* a partitive is not a list */
    check_killed("In one of several suicide bombings, a car bomber killed seven people in Hilla.", 7, 0);
}

static void test_kinds_kept_apart(void **state)
{
    (void)state;
    json_t *r = code("Gunmen killed four passengers, wounded nine others and kidnapped six people from a bus "
                     "near Zhob on Sunday. Police later arrested two suspects.", "2024-06-12");
    json_t *e = first_current(r);
    assert_non_null(e);
    assert_int_equal(figure(e, "killed"), 4);
    assert_int_equal(figure(e, "wounded"), 9);
    assert_int_equal(figure(e, "kidnapped"), 6);
    assert_int_not_equal(figure(e, "killed"), 2);
    json_decref(r);
}

static void test_revised_toll_takes_latest(void **state)
{
    (void)state;
    json_t *r = code("A bomb tore through a bus station in Quetta on Friday, killing 8 people. "
                     "By Saturday the death toll rose to 12, hospital officials said.", "2024-06-15");
    json_t *e = first_current(r);
    assert_non_null(e);
    assert_int_equal(figure(e, "killed"), 12);
    json_decref(r);
}

static void test_dates(void **state)
{
    (void)state;
    /* 2024-06-12 is a Wednesday */
    struct { const char *text, *start, *precision; } cases[] = {
        {"Gunmen killed two guards in an attack in Lahore on Monday.", "2024-06-10", "day"},
        {"A bomb killed three people in Quetta yesterday.", "2024-06-11", "day"},
        {"A suicide bomber killed five soldiers in Bannu on June 3.", "2024-06-03", "day"},
        {"A suicide bomber killed five soldiers in Bannu on Dec. 3.", "2023-12-03", "day"},
        {"Militants killed four policemen in Dera Ismail Khan three days ago.", "2024-06-09", "day"},
        {"A roadside bomb killed two soldiers in Turbat.", "2024-06-12", "day"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        json_t *r = code(cases[i].text, "2024-06-12");
        json_t *e = json_array_get(json_object_get(r, "events"), 0);
        if (!e || strcmp(date_of(e, "start"), cases[i].start) || strcmp(date_of(e, "precision"), cases[i].precision))
            fail_msg("%s: got %s (%s)", cases[i].text, e ? date_of(e, "start") : "no event", e ? date_of(e, "precision") : "");
        json_decref(r);
    }
    /* only the publication date: assumed */
    json_t *r = code("A roadside bomb killed two soldiers in Turbat.", "2024-06-12");
    assert_true(json_is_true(json_object_get(json_object_get(json_array_get(json_object_get(r, "events"), 0), "date"), "assumed")));
    json_decref(r);
}

static void test_background_event(void **state)
{
    (void)state;
    json_t *r = code("Gunmen killed three policemen at a checkpoint in Quetta on Tuesday. "
                     "In March, a suicide bombing at a shrine in Sehwan killed more than 80 people.", "2024-06-12");
    json_t *cur = first_current(r);
    assert_non_null(cur);
    assert_int_equal(figure(cur, "killed"), 3);
    size_t i;
    json_t *e;
    int found = 0;
    json_array_foreach(json_object_get(r, "events"), i, e) {
        if (!json_is_true(json_object_get(e, "background")))
            continue;
        found = 1;
        assert_int_equal(figure(e, "killed"), 81);
        assert_string_equal(date_of(e, "precision"), "month");
        assert_string_equal(date_of(e, "start"), "2024-03-01");
    }
    assert_true(found);
    json_decref(r);
}

static void test_background_without_publication_date(void **state)
{
    (void)state;
    /* no date to resolve "in March" against: still a past incident, undated */
    json_t *r = code("Gunmen killed three policemen at a checkpoint in Quetta. "
                     "In March, a roadside bomb in Turbat killed two soldiers.", NULL);
    json_t *cur = first_current(r);
    assert_non_null(cur);
    assert_int_equal(figure(cur, "killed"), 3);
    size_t i;
    json_t *e;
    int bg = 0;
    json_array_foreach(json_object_get(r, "events"), i, e) {
        if (json_is_true(json_object_get(e, "background"))) {
            bg = 1;
            assert_int_equal(figure(e, "killed"), 2);
            assert_true(json_is_null(json_object_get(e, "date")));
        }
    }
    assert_true(bg);
    json_decref(r);
}

static void test_claims(void **state)
{
    (void)state;
    json_t *r = code("A suicide bomber killed six soldiers in Mogadishu. Al-Shabaab claimed responsibility.", "2024-06-12");
    json_t *e = first_current(r);
    assert_non_null(e);
    assert_string_equal(json_string_value(json_object_get(json_object_get(e, "claimed_by"), "name")), "Al-Shabaab");
    json_decref(r);
    /* a group no dictionary knows, introduced as one */
    r = code("Gunmen attacked a security camp in Sopore on Friday, killing five policemen. The little-known "
             "rebel group Harkat Sabz claimed responsibility for the attack.", "2024-06-12");
    e = first_current(r);
    assert_non_null(e);
    assert_string_equal(json_string_value(json_object_get(json_object_get(e, "claimed_by"), "name")), "Harkat Sabz");
    assert_string_equal(json_string_value(json_object_get(json_object_get(e, "actor1"), "name")), "Harkat Sabz");
    json_decref(r);
    r = code("A bomb killed two people in a market in Maiduguri. No group has claimed responsibility, "
             "but officials blamed Boko Haram.", "2024-06-12");
    e = first_current(r);
    assert_non_null(e);
    assert_true(json_is_null(json_object_get(e, "claimed_by")));
    assert_true(json_array_size(json_object_get(e, "suspected")) >= 1);
    json_decref(r);
}

static void test_blamed_group_is_not_the_victim(void **state)
{
    (void)state;
    json_t *r = code("Gunmen stormed a police checkpoint in Quetta on Monday, killing five people. In January, "
                     "a roadside bomb killed two policemen in Mastung, an attack officials blamed on the "
                     "Balochistan Liberation Army.", "2024-03-12");
    size_t i;
    json_t *e;
    int bg = 0;
    json_array_foreach(json_object_get(r, "events"), i, e) {
        if (!json_is_true(json_object_get(e, "background")))
            continue;
        bg = 1;
        assert_string_equal(json_string_value(json_object_get(e, "event_type")), "Explosions/Remote violence");
        json_t *a2 = json_object_get(e, "actor2");
        assert_true(json_is_object(a2));
        assert_null(strstr(json_string_value(json_object_get(a2, "name")), "Liberation"));
        assert_string_equal(json_string_value(json_object_get(json_object_get(e, "target"), "type")), "Police");
        assert_int_equal(json_array_size(json_object_get(e, "suspected")), 1);
    }
    assert_true(bg);
    json_decref(r);
}

static const char *actor1_of(json_t *e)
{
    const char *n = json_string_value(json_object_get(json_object_get(e, "actor1"), "name"));
    return n ? n : "(none)";
}

/* Who did it: a speaker is not the perpetrator; a group blamed for the attack
 * is, when no named party acts; blame before an active verb is the accuser. */
/* The main event's actor 1 must be want (exactly), or must not contain
 * unwanted (want NULL). */
static void check_actor1(const char *text, const char *want, const char *unwanted)
{
    json_t *r = code(text, "2024-03-12");
    json_t *e = first_current(r);
    if (!e)
        fail_msg("no event in: %s", text);
    const char *got = actor1_of(e);
    if (want ? strcmp(got, want) != 0 : strstr(got, unwanted) != NULL)
        fail_msg("actor 1 '%s', wanted %s '%s' in: %s", got, want ? "" : "nothing like", want ? want : unwanted,
                 text);
    json_decref(r);
}

static void test_perpetrator_roles(void **state)
{
    (void)state;
    check_actor1("The Taliban rejected the allegation that Monday's bombing of a bus near Quetta was planned in "
                 "Afghanistan. Fighters of the Balochistan Liberation Army attacked the bus, killing nine passengers.",
                 "BLA: Balochistan Liberation Army", NULL);
    check_actor1("A suicide bomber killed six soldiers at an army base in Colombo on Tuesday. The army accused the "
                 "Liberation Tigers of Tamil Eelam of carrying out the attack.",
                 "Liberation Tigers of Tamil Eelam", NULL);
    /* state forces do not set off car bombs: the group the bombing is blamed on */
    check_actor1("Police deployed extra guards around the embassies in Jakarta after a car bomb killed nine people "
                 "outside the Australian embassy. A website said Jemaah Islamiyah was responsible for the attack.",
                 "Jemaah Islamiyah", NULL);
    /* the group the generic words stand for ("forces linked to", "militants from") */
    check_actor1("The army said the town of Kutum was attacked on Monday by forces linked to the Justice and "
                 "Equality Movement, killing 12 people.", "Justice and Equality Movement", NULL);
    /* "al-Qaida linked militants": al-Qaida is a modifier, not the suspect */
    check_actor1("A car bomb killed a nurse outside a hotel in Ankara on Saturday. Authorities blame al-Qaida linked "
                 "militants for the attacks.", NULL, "Qaeda");
    /* a group the dictionaries do not know, introduced as "known as" */
    check_actor1("Militants attacked a paramilitary camp in Srinagar on Wednesday, killing nine soldiers. A militant "
                 "group known as Harkat Zarb has claimed responsibility for the attack.", "Harkat Zarb", NULL);
    /* a group's leader killed: the group suffered */
    check_actor1("One of the Islamic State's most senior leaders is dead, killed in an airstrike in Anbar on "
                 "Thursday, officials said.", NULL, "Islamic State");
    /* a state bystander in a suicide bombing is not its perpetrator */
    check_actor1("A suicide bomber blew up his car on the outskirts of Kabul on Thursday, killing a police officer. "
                 "Officials said the police were following the bomber's car.", NULL, "Police");
    /* the headline's acting side of a battle */
    check_actor1("Police Shoot and Kill Gang Leader in Haiti\n\nJoseph Arnel, the leader of the Village de Dieu "
                 "gang, was killed in a gun battle with police on Friday near Gonaives, officials said.",
                 "Police Forces of Haiti", NULL);
    /* generic attackers the report links to a group elsewhere */
    check_actor1("Thirty-one people were killed in Tuesday's train hijacking by armed militants in Balochistan, "
                 "officials said Friday.\nSeparatist militants from the Balochistan Liberation Army took over the "
                 "train near Sibi on Tuesday.", "BLA: Balochistan Liberation Army", NULL);
    /* the group before an active "accused" accuses; it is not the suspect */
    json_t *r = code("Unknown gunmen shot dead a policeman guarding vaccinators in Mardan on Wednesday. In the past, "
                     "the Taliban accused vaccinators of spying.", "2024-03-12");
    json_t *e = first_current(r);
    assert_non_null(e);
    assert_int_equal(json_array_size(json_object_get(e, "suspected")), 0);
    assert_null(strstr(actor1_of(e), "Taliban"));
    json_decref(r);
}

static void test_ranges_and_zeros(void **state)
{
    (void)state;
    json_t *r = code("Gunmen killed between 5 and 7 people in Quetta on Monday. No one else was hurt.", "2024-03-12");
    json_t *e = first_current(r);
    assert_non_null(e);
    assert_int_equal(figure(e, "killed"), 5);
    assert_int_equal(json_integer_value(json_object_get(json_object_get(e, "killed"), "max")), 7);
    assert_int_equal(figure(e, "wounded"), 0);
    json_decref(r);
    /* no one hurt: no one killed either, unless a figure says otherwise */
    r = code("Rioters fought police with sticks and bottles in Dhaka on Monday. There were no immediate "
             "reports of injuries.", "2024-03-12");
    e = json_array_get(json_object_get(r, "events"), 0);
    assert_non_null(e);
    assert_int_equal(figure(e, "killed"), 0);
    assert_int_equal(figure(e, "wounded"), 0);
    json_decref(r);
    check_killed("A bomb killed three people in a market in Kabul on Monday, but no one else was injured.", 3, 0);
    /* a perfect is not a passive: the bomber acted */
    check_killed("A suicide bomber has killed more than 40 pilgrims walking to Karbala, police said.", 41, 0);
    /* a count over a span of hours adds up several incidents: the lead's figure counts */
    check_killed("Attacks kill 9 soldiers in 24 hours in Yemen\nA suicide car bomb killed seven soldiers at a "
                 "base in Hadramout on Tuesday.", 7, 0);
    /* an aside inside the figure */
    check_killed("Officials said 31 people, including 23 soldiers, lost their lives in Tuesday's attack on a "
                 "train near Sibi.", 31, 0);
    /* attackers killed by the security forces count with the victims (GTD) -- unless told over
     * another stretch of time */
    check_killed("Gunmen stormed a hotel in Beledweyne on Tuesday, killing five guests. Soldiers later killed "
                 "eight of the attackers, officials said.", 13, 0);
    check_killed("Gunmen stormed a hotel in Beledweyne on Tuesday, killing five guests. The army says 250 rebels "
                 "have been killed since Thursday.", 5, 0);
    /* a campaign's running total is not the incident's toll */
    r = code("Security forces fired on protesters in Rangoon on Friday, the third day of a crackdown that has "
             "killed at least 10 people.", "2024-03-12");
    e = first_current(r);
    assert_non_null(e);
    assert_int_equal(figure(e, "killed"), -1);
    json_decref(r);
    r = code("Israeli warplanes struck four militant sites in Gaza on Saturday. There are no reports of injuries.",
             "2024-03-12");
    e = first_current(r);
    assert_non_null(e);
    assert_int_equal(figure(e, "killed"), 0);
    assert_int_equal(figure(e, "wounded"), 0);
    json_decref(r);
    r = code("Police arrested 15 suspects in Quetta on Monday.", "2024-03-12");
    assert_int_equal(figure(json_array_get(json_object_get(r, "events"), 0), "arrested"), 15);
    json_decref(r);
}

/* The country of the place: from the article's other places and demonyms. */
static void check_place(const char *text, const char *cc, const char *admin1_or_null)
{
    json_t *r = code(text, "2024-03-12");
    json_t *loc = json_object_get(json_array_get(json_object_get(r, "events"), 0), "location");
    if (!json_is_object(loc))
        fail_msg("no place for: %s", text);
    const char *got = json_string_value(json_object_get(loc, "country_code"));
    if (!got || strcmp(got, cc) != 0)
        fail_msg("country %s, wanted %s, for: %s", got ? got : "null", cc, text);
    if (admin1_or_null) {
        const char *a1 = json_string_value(json_object_get(loc, "admin1"));
        if (!a1 || strcmp(a1, admin1_or_null) != 0)
            fail_msg("admin1 %s, wanted %s, for: %s", a1 ? a1 : "null", admin1_or_null, text);
    }
    json_decref(r);
}

static void test_place_disambiguation(void **state)
{
    (void)state;
    check_place("Israeli airstrikes killed five people in Gaza on Tuesday, Palestinian health officials said.", "PS", NULL);
    check_place("Clashes between rival militias in Tripoli killed 12 people on Monday, the Libyan health ministry said.", "LY", NULL);
    check_place("Gunmen killed two policemen in Tripoli, in northern Lebanon, on Monday.", "LB", NULL);
    check_place("A bomb killed three people in Hyderabad in Pakistan's Sindh province on Monday.", "PK", "Sindh");
    check_place("A bomb killed three people in Hyderabad, the capital of India's Telangana state, on Monday.", "IN", "Telangana");
}

/* The event's place name, or "". */
static const char *place_of(json_t *r)
{
    json_t *loc = json_object_get(first_current(r), "location");
    const char *n = json_string_value(json_object_get(loc, "name"));
    return n ? n : "";
}

/* Another romanisation of a known name is found after a place cue, in the
 * article's country; a photo caption's place is not the event's. */
static void test_spellings_and_captions(void **state)
{
    (void)state;
    json_t *r = code("Syrian warplanes bombed the rebel-held town of Maaret al-Nouman in Idlib province on "
                     "Tuesday, killing four people, activists said.", "2024-03-12");
    json_t *loc = json_object_get(first_current(r), "location");
    assert_string_equal(json_string_value(json_object_get(loc, "country_code")), "SY");
    assert_string_equal(json_string_value(json_object_get(loc, "precision")), "city");
    assert_non_null(strstr(place_of(r), "Nu"));
    json_decref(r);
    /* not after a cue, or in a country the article is not about: no place from a skeleton */
    r = code("Maaret Nouman said gunmen killed four people in Mexico on Tuesday.", "2024-03-12");
    assert_string_equal(json_string_value(json_object_get(json_object_get(first_current(r), "location"),
                                                          "country_code")), "MX");
    json_decref(r);
    r = code("Afghan Troops Hit by Roadside Bomb\n\nPolice officers inspect the site of a bomb blast in Kabul, "
             "October 15, 2012.\nA roadside bomb killed five soldiers in southern Afghanistan on Monday, "
             "officials said.", "2012-10-16");
    assert_string_equal(place_of(r), "Afghanistan");
    json_decref(r);
}

/* Whose and where: a country as an owner ("Turkey's jets") is not the place,
 * land it owns is ("Pakistan's tribal areas"), "X's capital" is its capital; a
 * surname met alone is the person, not a village; a past clause does not make
 * the sentence's own day past. */
static void test_owners_capitals_and_surnames(void **state)
{
    (void)state;
    json_t *r = code("Turkish Jets Strike Rebels in Iraq\n\nTurkish state media said 20 Kurdish militants were killed "
                     "in Turkish airstrikes on northern Iraq on Wednesday. Turkey's F-16 jets targeted rebel camps. "
                     "Turkey's government said the raids would go on. Turkish officials said Turkish troops were ready.",
                     "2024-03-12");
    json_t *loc = json_object_get(first_current(r), "location");
    assert_string_equal(json_string_value(json_object_get(loc, "country_code")), "IQ");
    json_decref(r);
    r = code("Militants attacked a border post in Pakistan's tribal areas on Monday, killing two soldiers.", "2024-03-12");
    loc = json_object_get(first_current(r), "location");
    assert_string_equal(json_string_value(json_object_get(loc, "country_code")), "PK");
    json_decref(r);
    r = code("Hundreds of traders in Cameroon's capital held a sit-in on Monday to protest new taxes.", "2024-03-12");
    json_t *e = json_array_get(json_object_get(r, "events"), 0);
    assert_non_null(e);
    assert_false(json_is_true(json_object_get(e, "background")));
    assert_non_null(strstr(json_string_value(json_object_get(json_object_get(e, "location"), "name")), "Yaound"));
    json_decref(r);
    /* "Morsi" is a village in India and the surname of an Egyptian president */
    r = code("Supporters of ousted President Mohamed Morsi clashed with police in Cairo on Monday, leaving seven "
             "people dead. Morsi supporters vowed to return. Morsi loyalists blocked roads, and Morsi backers "
             "marched.", "2013-07-16");
    size_t i;
    json_array_foreach(json_object_get(r, "events"), i, e) {
        const char *cc = json_string_value(json_object_get(json_object_get(e, "location"), "country_code"));
        if (cc && strcmp(cc, "EG") != 0)
            fail_msg("event %zu placed in %s", i, cc);
    }
    json_decref(r);
}

/* Places the gazetteer lacks, introduced by the text, keep their own name and
 * take the location of the place they are placed by. */
static void test_unknown_places(void **state)
{
    (void)state;
    static const struct { const char *text, *place; } cases[] = {
        {"Government troops attacked rebels on Wednesday in Mbatoka, about 12 kilometers north of Goma, "
         "killing four fighters.", "Mbatoka"},
        {"A bomb exploded in an underground car park in the resort of Qornet Zahra, in the mountains "
         "northeast of Beirut, on Friday, wounding seven people.", "Qornet Zahra"},
        {"Gunmen killed a gang leader in the town of Petit Moulin, near Gonaives, on Friday, police said.",
         "Petit Moulin"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        json_t *r = code(cases[i].text, "2024-03-12");
        if (strcmp(place_of(r), cases[i].place) != 0)
            fail_msg("place '%s', wanted '%s', in: %s", place_of(r), cases[i].place, cases[i].text);
        json_decref(r);
    }
}

/* A state's weapons named by its demonym act for its military; fire across a
 * line lands on the other side; a headline alone is the story. */
static void test_state_fire_and_headlines(void **state)
{
    (void)state;
    json_t *r = code("Two Pakistani villagers were killed by Indian shelling in Kashmir on Monday.", "2024-03-12");
    json_t *e = first_current(r);
    assert_non_null(e);
    assert_string_equal(actor1_of(e), "Military Forces of India");
    assert_string_equal(json_string_value(json_object_get(json_object_get(e, "location"), "country_code")), "PK");
    json_decref(r);
    check_actor1("Turkish warplanes bombed rebel camps in the mountains on Wednesday, killing 20 fighters.",
                 "Military Forces of Turkey", NULL);
    /* soldiers named by a demonym are not the attackers for that */
    check_actor1("Three Indian soldiers were killed in an ambush in Kashmir on Monday.", NULL,
                 "Military Forces of India");
    /* the attacker's country before its drones; the place after "in" */
    r = code("U.S. drone strike in Pakistan kills four militants", "2024-03-12");
    e = first_current(r);
    assert_non_null(e);
    assert_string_equal(actor1_of(e), "Military Forces of the United States");
    assert_string_equal(json_string_value(json_object_get(json_object_get(e, "location"), "country_code")), "PK");
    json_decref(r);
    r = code("Militant commander killed in air raid", "2024-03-12");
    assert_non_null(first_current(r));
    json_decref(r);
    /* a court as the place of an attack is not a trial */
    r = code("Three dead in suicide attack at Quetta court", "2024-03-12");
    assert_non_null(first_current(r));
    json_decref(r);
    r = code("A court in Lahore sentenced two men on Monday for a 2008 bombing that killed 40 people.", "2012-02-02");
    assert_null(first_current(r));
    json_decref(r);
    /* a bare explosion in a headline may be an accident */
    r = code("Explosion rocks chemical plant", "2024-03-12");
    assert_null(first_current(r));
    json_decref(r);
}

static void test_negatives(void **state)
{
    (void)state;
    const char *texts[] = {
        "A gas cylinder explosion killed four people in a restaurant in Lahore on Monday, rescue officials said.",
        "The striker scored twice as the home side attacked relentlessly in the second half of the match.",
        "A court in Karachi sentenced two men to death for the 2015 bombing of a bus.",
        "Officials said attacks rose 20 percent this year compared with last year.",
    };
    for (size_t i = 0; i < sizeof texts / sizeof texts[0]; i++) {
        json_t *r = code(texts[i], "2024-06-12");
        if (first_current(r))
            fail_msg("a current violent event was coded from: %s", texts[i]);
        json_decref(r);
    }
}

/* Does a warning of record r contain s? */
static int warned(json_t *r, const char *s)
{
    size_t i;
    json_t *w;
    json_array_foreach(json_object_get(json_object_get(r, "doc"), "warnings"), i, w) {
        if (json_is_string(w) && strstr(json_string_value(w), s))
            return 1;
    }
    return 0;
}

/* A roundup of 2,100 separate attacks, each its own incident with a statement
 * after it: the first 2,000 events are coded, the rest counted in a warning;
 * each incident keeps its own town (the place search near each event stays
 * within its paragraph). */
static void test_event_cap(void **state)
{
    (void)state;
    static const char *towns[] = {"Herat", "Kunduz", "Quetta", "Peshawar", "Mosul", "Kirkuk", "Gao"};
    size_t cap = 2100 * 160, len = 0;
    char *text = malloc(cap);
    assert_non_null(text);
    for (int i = 0; i < 2100; i++)
        len += (size_t)snprintf(text + len, cap - len,
                                "In a separate attack on Monday, gunmen killed %d people in %s, police said. "
                                "The governor condemned the attack.\n\n", 2 + i % 40, towns[i % 7]);
    json_t *r = code(text, "2024-06-12");
    json_t *events = json_object_get(r, "events");
    assert_int_equal(json_array_size(events), 2000);
    assert_true(warned(r, "more than 2000 events"));
    json_t *third = json_array_get(events, 2); /* the third attack (the incidents come first) */
    assert_string_equal(json_string_value(json_object_get(json_object_get(third, "location"), "name")), "Quetta");
    json_decref(r);
    free(text);
}

/* Number words said over and over, a number times a multiplier and the sum of
 * a figure's parts saturate instead of overflowing, and a toll above ten
 * million is dropped with a warning. */
static void test_implausible_figures(void **state)
{
    (void)state;
    const char *texts[] = {
        "Gunmen killed one hundred hundred hundred hundred hundred hundred hundred hundred hundred people in Kabul.",
        "A car bomb killed 99999999999 billion people in a crowded square in Mogadishu, officials said.",
        "Militants killed 9000000000 billion soldiers and 9000000000 billion civilians in an attack on Gao.",
    };
    for (size_t i = 0; i < sizeof texts / sizeof texts[0]; i++) {
        json_t *r = code(texts[i], "2024-06-12");
        json_t *e = first_current(r);
        if (e && figure(e, "killed") != -1)
            fail_msg("killed %ld exported from: %s", figure(e, "killed"), texts[i]);
        if (!warned(r, "dropped as implausible"))
            fail_msg("no warning for: %s", texts[i]);
        json_decref(r);
    }
    check_killed("A car bomb killed 9,999,999 people in a crowded square in Mogadishu, officials said.", 9999999, 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_number_words_and_hedges),
        cmocka_unit_test(test_vague_words_follow_acled),
        cmocka_unit_test(test_breakdown_and_attackers),
        cmocka_unit_test(test_victims_listed_one_by_one),
        cmocka_unit_test(test_kinds_kept_apart),
        cmocka_unit_test(test_revised_toll_takes_latest),
        cmocka_unit_test(test_dates),
        cmocka_unit_test(test_background_event),
        cmocka_unit_test(test_background_without_publication_date),
        cmocka_unit_test(test_claims),
        cmocka_unit_test(test_blamed_group_is_not_the_victim),
        cmocka_unit_test(test_perpetrator_roles),
        cmocka_unit_test(test_ranges_and_zeros),
        cmocka_unit_test(test_place_disambiguation),
        cmocka_unit_test(test_spellings_and_captions),
        cmocka_unit_test(test_owners_capitals_and_surnames),
        cmocka_unit_test(test_unknown_places),
        cmocka_unit_test(test_state_fire_and_headlines),
        cmocka_unit_test(test_negatives),
        cmocka_unit_test(test_event_cap),
        cmocka_unit_test(test_implausible_figures),
    };
    return cmocka_run_group_tests_name("engine", tests, setup, teardown);
}
