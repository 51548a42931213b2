/*
 * actors.c - who acted and who suffered in a violent event: the parties each
 * sentence names with a rough role (acting, suffering, speaking), a country
 * or a state's weapons as the acting party ("Israel kills two", "Indian
 * shelling"), the choice of actor 1 (claimant, blamed group or acting party),
 * the target, and actor 2; and the actor records themselves, from a
 * dictionary actor or a generic agent's template ("Police Forces of
 * Pakistan"). Part of the resolve stage (resolve_int.h).
 */
#include <stdio.h>
#include <stddef.h>
#include <string.h>

#include "codes.h"
#include "resolve_int.h"
#include "wordclass.h"

/* ------------------------------------------------------------------ */
/* actor records                                                        */

/* ACLED's name of a country whose gazetteer (GeoNames) name differs: ACLED's
 * actor names are built on its own country list ("Military Forces of Turkey",
 * "Rioters (Democratic Republic of Congo)"), which data/forces.txt follows too. */
static const char *const acled_country_names[][2] = {
    {"Türkiye", "Turkey"},
    {"Democratic Republic of the Congo", "Democratic Republic of Congo"},
    {"Congo", "Republic of Congo"},
    {"Republic of the Congo", "Republic of Congo"},
    {"Czechia", "Czech Republic"},
    {"Côte d'Ivoire", "Ivory Coast"},
    {"Ivory Coast", "Ivory Coast"},
    {"Eswatini", "eSwatini"},
    {"Timor-Leste", "East Timor"},
    {"The Gambia", "Gambia"},
};

/* The country name as ACLED writes it (the gazetteer's name when ACLED's is the same). */
static const char *acled_country(const char *name)
{
    for (size_t i = 0; name && i < sizeof acled_country_names / sizeof acled_country_names[0]; i++)
        if (strcmp(name, acled_country_names[i][0]) == 0)
            return acled_country_names[i][1];
    return name;
}

/* Does ACLED write the country with "the" after "of" ("Military Forces of the
 * United States", "Police Forces of the Democratic Republic of Congo"), though
 * not inside parentheses ("Rioters (United States)")? */
static int country_takes_article(const char *name)
{
    static const char *const with_the[] = {"United States", "United Kingdom", "Democratic Republic of Congo",
                                           "Republic of Congo", "Central African Republic", "Philippines",
                                           "Netherlands", "United Arab Emirates", NULL};
    for (const char *const *w = with_the; *w; w++)
        if (strcmp(name, *w) == 0)
            return 1;
    return 0;
}

/* Country name for generic actor templates, as ACLED writes it: the event's
 * country, else the article's. */
const char *event_country_name(const analysis *an, const event *e, char cc[3])
{
    if (e->place && e->place->chosen >= 0) {
        const geo_place *g = &e->place->cand[e->place->chosen];
        memcpy(cc, g->cc, 3);
        return acled_country(g->kind == GEO_COUNTRY ? g->name : g->country);
    }
    if (an->top_cc[0] && an->top_country) {
        memcpy(cc, an->top_cc, 3);
        return acled_country(an->top_country);
    }
    cc[0] = '\0';
    return NULL;
}

/* Fill *r from a dictionary actor mention: canonical name, type, country, and
 * side (state for state and external forces, hostile for the rest). */
void actor_from_named(const analysis *an, const mention *m, actor_ref *r)
{
    const lex_actor *a = lexicon_actor(an->lx, m->value);
    memset(r, 0, sizeof *r);
    r->name = a->name;
    r->type = a->type;
    memcpy(r->cc, a->cc, 3);
    r->actor_id = m->value;
    r->agent_id = -1;
    r->side = a->type == AT_STATE ? SIDE_STATE : a->type == AT_EXTERNAL ? SIDE_STATE : SIDE_HOSTILE;
    r->ev = tspan(an, m->first, m->last);
}

/* 1 when the text between byte offsets from and to is blanks around at most
 * one lower-case word ("Irish nationalist guerrillas"). */
static int one_modifier_apart(const char *text, size_t from, size_t to)
{
    size_t i = from, words = 0;
    while (i < to) {
        if (text[i] == ' ') {
            i++;
            continue;
        }
        if (++words > 1)
            return 0;
        while (i < to && text[i] != ' ')
            if (!((text[i] >= 'a' && text[i] <= 'z') || text[i] == '-'))
                return 0;
            else
                i++;
    }
    return to - from <= 24;
}

/* The country a country name or demonym right before a generic agent names
 * ("Burundian militiamen", "Syrian officers"), or NULL; its code into cc. */
static const char *agent_own_country(const analysis *an, span ev, char cc[3])
{
    for (size_t i = 0; i < an->nplaces; i++) {
        const place_mention *pm = &an->places[i];
        if (pm->ev.end > ev.start || pm->ev.end + 26 < ev.start || pm->ncand <= 0)
            continue;
        const geo_place *g = &pm->cand[pm->chosen >= 0 ? pm->chosen : 0];
        if (g->kind == GEO_COUNTRY && one_modifier_apart(an->text, pm->ev.end, ev.start)) {
            memcpy(cc, g->cc, 3);
            return acled_country(g->name);
        }
    }
    return NULL;
}

/* Fill *r from generic agent `agent` with evidence ev: the agent's template
 * with the country named right before it ("Syrian soldiers"), else the
 * event's ("Police Forces of Pakistan"), without the country part when none
 * is known. The name is cut at 255 bytes; NULL on arena exhaustion. */
void actor_from_agent(analysis *an, const event *e, int32_t agent, span ev, actor_ref *r)
{
    const lex_agent *g = lexicon_agent(an->lx, agent);
    memset(r, 0, sizeof *r);
    char cc[3];
    const char *country = agent_own_country(an, ev, cc);
    if (!country)
        country = event_country_name(an, e, cc);
    char buf[256];
    if (strstr(g->template_name, "%s")) {
        const char *pct = strstr(g->template_name, "%s");
        int of = pct - g->template_name >= 3 && memcmp(pct - 3, "of ", 3) == 0;
        if (country)
            snprintf(buf, sizeof buf, "%.*s%s%s%s", (int)(pct - g->template_name), g->template_name,
                     of && country_takes_article(country) ? "the " : "", country, pct + 2);
        else {
            /* no country known: drop " of %s" / " (%s)" */
            size_t n = (size_t)(pct - g->template_name);
            while (n > 0 && (g->template_name[n - 1] == ' ' || g->template_name[n - 1] == '('))
                n--;
            if (n >= 3 && memcmp(g->template_name + n - 3, " of", 3) == 0)
                n -= 3;
            snprintf(buf, sizeof buf, "%.*s", (int)n, g->template_name);
        }
    } else {
        snprintf(buf, sizeof buf, "%s", g->template_name);
    }
    r->name = arena_strndup(an->a, buf, strlen(buf));
    r->type = g->type;
    memcpy(r->cc, cc, 3);
    r->actor_id = -1;
    r->agent_id = agent;
    r->side = g->side;
    r->ev = ev;
}

/* ------------------------------------------------------------------ */
/* the parties of a sentence                                            */

/* Find the named armed group or agent of a sentence that acts in it: a
 * subject before the trigger, "by X" after it, or "X militants". */
typedef struct participant {
    const mention *m;
    int role; /* 1 = agent of the violence, 2 = victim/target, 0 = unknown */
    int side;
} participant;

/* The enum agent_side of an actor or agent mention. */
static int side_of(const analysis *an, const mention *m)
{
    if (m->kind == LK_ACTOR) {
        const lex_actor *a = lexicon_actor(an->lx, m->value);
        if (a->type == AT_STATE || a->type == AT_EXTERNAL)
            return SIDE_STATE;
        if (a->type == AT_CIVILIANS)
            return SIDE_CIVILIAN;
        if (a->type == AT_PROTESTERS || a->type == AT_RIOTERS)
            return SIDE_DEMO;
        return SIDE_HOSTILE;
    }
    const lex_agent *g = lexicon_agent(an->lx, m->value);
    return g->side;
}

/* Is c the class of a statement about violence rather than violence: a
 * denial, condemnation, accusation, praise or threat? */
static int statement_class(int c)
{
    return c == EV_DENY || c == EV_CONDEMN || c == EV_BLAME || c == EV_PRAISE || c == EV_THREATEN;
}

/* Is token t an adverb in -ly ("categorically", "strongly")? */
static int ly_adverb(const analysis *an, uint32_t t)
{
    const tok *k = TK(an, t);
    const char *f = tok_fold(&an->td, k);
    return (k->flags & TOK_WORD) && k->fold_len > 4 && f[k->fold_len - 2] == 'l' && f[k->fold_len - 1] == 'y';
}

/* Is the named group m a modifier of what follows ("al-Qaida linked
 * militants", "an IS-affiliated cell", "Iran-backed fighters")? */
int modifier_group(const analysis *an, const mention *m)
{
    return has_wclass(an, m->last, WC_LINK_MOD);
}

/* Is the named group m the owner of a leader named next ("Islamic State's
 * most senior leaders", "a Taliban commander", "the group's chief")? */
static int leader_of_group(const analysis *an, const sentence *se, const mention *m)
{
    uint32_t k = m->last;
    int poss = (TK(an, m->last - 1)->flags & TOK_POSS) != 0;
    for (int skip = 0; skip < (poss ? 3 : 1) && k < se->last; skip++, k++)
        if (has_wclass(an, k, WC_LEADER))
            return 1;
    return 0;
}

/* Does sentence s tell of someone killed, wounded or arrested? */
static int sentence_has_casualty(const analysis *an, const sentence *se)
{
    for (uint32_t t = se->first; t < se->last; t++) {
        const mention *c = mention_starting(an, t, LK_CASUALTY);
        if (c && (c->value == CAS_KILLED || c->value == CAS_WOUNDED || c->value == CAS_ARRESTED))
            return 1;
    }
    return 0;
}

/* Is the named group m the party behind the words just before it ("forces
 * linked to the JEM", "militants from the BLA", "fighters loyal to X",
 * "members of X")? Returns the token where those words start, or m->first. */
static uint32_t linked_to_group(const analysis *an, const sentence *se, const mention *m)
{
    uint32_t k = m->first;
    if (k > se->first && isw(an, k - 1, "the"))
        k--;
    if (k >= se->first + 2 && ((isw(an, k - 2, "linked") && isw(an, k - 1, "to")) ||
                               (isw(an, k - 2, "loyal") && isw(an, k - 1, "to")) ||
                               (isw(an, k - 2, "belonging") && isw(an, k - 1, "to")) ||
                               (isw(an, k - 2, "affiliated") && isw(an, k - 1, "with")) ||
                               (isw(an, k - 2, "allied") && isw(an, k - 1, "with"))))
        return k - 2;
    if (k > se->first && (isw(an, k - 1, "from") || isw(an, k - 1, "of")))
        return k - 1;
    return m->first;
}

/* The first violent trigger or casualty word (killed, wounded, kidnapped) of
 * sentence se, or se->last. */
static uint32_t first_violence(const analysis *an, const sentence *se)
{
    for (uint32_t t = se->first; t < se->last; t++) {
        const mention *m = mention_starting(an, t, LK_EVENT);
        if (m && ev_class_violent(m->value))
            return t;
        const mention *c = mention_starting(an, t, LK_CASUALTY);
        if (c && (c->value == CAS_KILLED || c->value == CAS_WOUNDED || c->value == CAS_KIDNAPPED))
            return t;
    }
    return se->last;
}

/* The role of participant m by its place: 1 after "by" ("by X", "by the X",
 * "by members of X"), 2 after "on", "against", "targeting"; else 1 before the
 * first violence at trig, 2 after it. */
static int role_by_position(const analysis *an, const sentence *se, const mention *m, uint32_t trig)
{
    /* "died in police custody", "in the custody of the army": the custodian
     * did what befell the detainee */
    uint32_t of = m->first > se->first && isw(an, m->first - 1, "the") ? m->first - 1 : m->first;
    if (isw(an, m->last, "custody") ||
        (of > se->first + 1 && isw(an, of - 1, "of") && isw(an, of - 2, "custody")))
        return 1;
    if (m->first > se->first && (isw(an, m->first - 1, "by") ||
                                 (m->first > se->first + 1 && isw(an, m->first - 2, "by")) ||
                                 (m->first > se->first + 3 && isw(an, m->first - 4, "by") &&
                                  isw(an, m->first - 1, "of"))))
        return 1;
    /* "fired at protesters", "an attack on the army", "on two soldiers" (not
     * "on Monday, gunmen...") */
    uint32_t p1 = m->first - 1;
    if (m->first > se->first && (has_wclass(an, p1, WC_AIMED_AT) ||
                                 (p1 > se->first && has_wclass(an, p1 - 1, WC_AIMED_AT) &&
                                  !(TK(an, p1)->flags & TOK_PUNCT) && !mention_covering(an, p1, LK_WEEKDAY) &&
                                  !mention_covering(an, p1, LK_TIMEWORD) && !mention_covering(an, p1, LK_MONTH))))
        return 2;
    return m->last <= trig ? 1 : 2;
}

/* Does participant m speak rather than act: a reporting verb, a statement,
 * a rejection or an insistence follows it ("police said gunmen...", "the
 * Taliban have rejected the allegation", "the army accused the rebels")? */
static int speaks(const analysis *an, const sentence *se, const mention *m)
{
    uint32_t j = m->last;
    const mention *title = mention_starting(an, j, LK_TITLE); /* "a military spokesman said" */
    if (title)
        j = title->last;
    const mention *noun = mention_starting(an, j, LK_AGENT); /* "Houthi rebels said" */
    if (noun && m->kind == LK_ACTOR)
        j = noun->last;
    /* past a relative clause: "Houthi rebels, who took the capital three years
     * ago, blamed the coalition" */
    if (is_punct_tok(an, j, ',') && (isw(an, j + 1, "who") || isw(an, j + 1, "which"))) {
        uint32_t k = j + 2;
        while (k < se->last && !is_punct_tok(an, k, ','))
            k++;
        if (k < se->last)
            j = k + 1;
    }
    while (j < se->last && (isw(an, j, "also") || isw(an, j, "later") || isw(an, j, "have") ||
                            isw(an, j, "had") || isw(an, j, "has") || isw(an, j, "again") ||
                            ly_adverb(an, j)))
        j++;
    const mention *said = mention_starting(an, j, LK_EVENT);
    return mention_starting(an, j, LK_REPORT) || (said && statement_class(said->value)) ||
           isw(an, j, "rejected") || isw(an, j, "rejects") || isw(an, j, "dismissed") ||
           isw(an, j, "dismisses") || isw(an, j, "insisted") || isw(an, j, "insists");
}

/* Does participant m respond to the violence rather than do it: is its verb
 * one of those who investigate, guard, patrol or fail to prevent (word class
 * respond: "the U.S. military is investigating an air raid", "police failed to
 * prevent the bombings", "Belgian soldiers stand guard at a memorial")? An
 * -ing form counts only after an auxiliary: "soldiers guarding the border shot
 * two smugglers" act. */
static int responds(const analysis *an, const sentence *se, const mention *m)
{
    uint32_t j = m->last;
    const mention *noun = mention_starting(an, j, LK_AGENT); /* "U.S. military officials" */
    if (noun && m->kind == LK_ACTOR)
        j = noun->last;
    int aux = 0;
    while (j < se->last && (isw(an, j, "is") || isw(an, j, "are") || isw(an, j, "was") || isw(an, j, "were") ||
                            isw(an, j, "has") || isw(an, j, "have") || isw(an, j, "had") || isw(an, j, "been") ||
                            isw(an, j, "be") || isw(an, j, "will") || isw(an, j, "also") || isw(an, j, "still") ||
                            isw(an, j, "now") || ly_adverb(an, j))) {
        aux = 1;
        j++;
    }
    /* "failed to prevent", "were unable to stop", "tried to prevent" */
    if ((isw(an, j, "failed") || isw(an, j, "fail") || isw(an, j, "fails") || isw(an, j, "unable") ||
         isw(an, j, "tried") || isw(an, j, "try")) && isw(an, j + 1, "to"))
        j += 2, aux = 1;
    if (!has_wclass(an, j, WC_RESPOND))
        return 0;
    const tok *k = TK(an, j);
    const char *f = tok_fold(&an->td, k);
    int ing = k->fold_len > 4 && memcmp(f + k->fold_len - 3, "ing", 3) == 0;
    return !ing || aux;
}

/* Can token o begin the object of a verb: a word that is no preposition,
 * conjunction, place cue or time word ("herdsmen attacked farming
 * communities", not "Soldiers Killed in Kashmir" or "... Killed Saturday")? */
static int plain_object_word(const analysis *an, uint32_t o)
{
    const tok *k = TK(an, o);
    return (k->flags & TOK_WORD) && !(k->wclass & (WC_NOUN_STOP | WC_PLACE_CUE)) &&
           !mention_covering(an, o, LK_WEEKDAY) && !mention_covering(an, o, LK_TIMEWORD) &&
           !mention_covering(an, o, LK_MONTH) && !mention_covering(an, o, LK_PAST) &&
           !mention_covering(an, o, LK_CONTEXT) && !mention_covering(an, o, LK_REPORT);
}

/* Did participant m suffer, whatever its position: the counted victims of a
 * figure of sentence s ("12 soldiers killed"), or the subject of a passive
 * ("the soldiers were killed", and the headline passive without an auxiliary:
 * "Indian Soldiers Killed in Kashmir Attack", where no object follows)? */
static int suffered(const analysis *an, size_t s, const sentence *se, const mention *m)
{
    const sent_info *si = &an->sents[s];
    for (int k = 0; k < si->nfigs; k++) {
        const figure *f = &an->figs[si->figs_first + k];
        for (int q = 0; q < f->nparts; q++)
            if (f->parts[q].who.start == TK(an, m->first)->start)
                return 1;
    }
    uint32_t j = m->last;
    int be = 0; /* a passive's auxiliary: "were killed", not "have shot dead" */
    for (; j < se->last && has_wclass(an, j, WC_AUX); j++)
        be |= isw(an, j, "was") || isw(an, j, "were") || isw(an, j, "is") || isw(an, j, "are") ||
              isw(an, j, "been") || isw(an, j, "be") || isw(an, j, "being") || isw(an, j, "got");
    int participle = isw(an, j, "killed") || isw(an, j, "wounded") || isw(an, j, "injured") ||
                     isw(an, j, "attacked") || isw(an, j, "targeted") || isw(an, j, "kidnapped") ||
                     isw(an, j, "abducted") || isw(an, j, "shot") || isw(an, j, "ambushed") ||
                     isw(an, j, "dead") || isw(an, j, "died") || isw(an, j, "martyred");
    uint32_t o = j + 1;
    /* "gunmen shot dead a shopkeeper", "hacked to death two farmers": the
     * verb's complement comes before its object */
    if (isw(an, o, "dead"))
        o++;
    else if (isw(an, o, "to") && isw(an, o + 1, "death"))
        o += 2;
    /* "gunmen shot and killed a teacher": a second verb acts on the object */
    if (isw(an, o, "and") && (mention_starting(an, o + 1, LK_CASUALTY) ||
                              (mention_starting(an, o + 1, LK_EVENT) &&
                               ev_class_violent(mention_starting(an, o + 1, LK_EVENT)->value))))
        return 0;
    int object = o < se->last && ((TK(an, o)->flags & TOK_NUM) || isw(an, o, "a") || isw(an, o, "an") ||
                                  isw(an, o, "the") || mention_starting(an, o, LK_AGENT) ||
                                  mention_starting(an, o, LK_ACTOR) || mention_starting(an, o, LK_NUMBER) ||
                                  mention_starting(an, o, LK_HEDGE) || plain_object_word(an, o));
    return participle && (be || !object);
}

/* "forces linked to the JEM", "militants from the BLA": the named non-state
 * group m takes the role of the generic words before it (prev, the
 * participant before it, or NULL) and acts when "by" comes just before them
 * ("attacked by forces linked to the JEM"). Returns the role, else role. */
static int linked_group_role(const analysis *an, const sentence *se, const mention *m, const participant *prev,
                             int role)
{
    uint32_t w = linked_to_group(an, se, m);
    if (w < m->first && w > se->first && prev && prev->m->kind == LK_AGENT && prev->side == SIDE_HOSTILE &&
        prev->m->last == w)
        role = prev->role;
    for (uint32_t k = w; w < m->first && k > se->first && k + 3 >= w; k--)
        if (isw(an, k - 1, "by"))
            return 1;
    return role;
}

/* Is participant m the subject of an active violent verb with an object
 * after it ("as soldiers fired on protesters", "soldiers and police fired at
 * the crowd", "militants killed two guards")? One coordinated party ("and
 * police") may stand between. It acts wherever it stands in the sentence;
 * "civilians killed in an airstrike" (no object) is not such a subject. */
static int subject_of_violence(const analysis *an, const sentence *se, const mention *m)
{
    uint32_t v = m->last;
    if (v + 1 < se->last && isw(an, v, "and")) {
        const mention *other = mention_starting(an, v + 1, LK_AGENT);
        if (!other)
            other = mention_starting(an, v + 1, LK_ACTOR);
        if (!other)
            return 0;
        v = other->last;
    }
    const mention *ev = v < se->last ? mention_starting(an, v, LK_EVENT) : NULL;
    if (!ev || !ev_class_violent(ev->value) || ev->last >= se->last)
        return 0;
    uint32_t o = ev->last;
    return has_wclass(an, o, WC_AIMED_AT) || (TK(an, o)->flags & TOK_NUM) || has_wclass(an, o, WC_DETERMINER) ||
           isw(an, o, "a") || isw(an, o, "an") || mention_starting(an, o, LK_NUMBER) ||
           mention_starting(an, o, LK_AGENT) || mention_starting(an, o, LK_ACTOR);
}

/* Does participant m stand right after a verb of blame ("accused the
 * peacekeepers", "blamed the rebels", "accusing the army")? */
static int object_of_blame(const analysis *an, const sentence *se, const mention *m)
{
    for (uint32_t k = m->first; k > se->first && k + 3 > m->first; k--) {
        const mention *v = mention_starting(an, k - 1, LK_EVENT);
        if (v && v->value == EV_BLAME && v->last <= m->first)
            return !isw(an, k - 1, "suspected") && !isw(an, k - 1, "suspect");
        if (TK(an, k - 1)->flags & TOK_PUNCT)
            return 0;
    }
    return 0;
}

/* Collect participants of sentence s with a rough role. */
static int sentence_participants(const analysis *an, size_t s, participant *out, int max)
{
    const sentence *se = &an->td.sents[s];
    int n = 0;
    uint32_t trig = first_violence(an, se);
    for (uint32_t t = se->first; t < se->last && n < max; t++) {
        const mention *m = mention_starting(an, t, LK_ACTOR);
        if (!m)
            m = mention_starting(an, t, LK_AGENT);
        if (!m)
            continue;
        /* the parties of an earlier incident the sentence looks back on ("a few
         * days after herders clashed with the rebels", ", who seized the town
         * last year,") are not the parties of its own */
        const sent_info *si = &an->sents[s];
        if ((t >= si->past_aside_first && t < si->past_aside_last) || earlier_incident_clause(an, se, t)) {
            t = m->last - 1;
            continue;
        }
        participant *p = &out[n++];
        p->m = m;
        p->side = side_of(an, m);
        p->role = role_by_position(an, se, m, trig);
        if (p->role == 2 && m->first > trig && subject_of_violence(an, se, m))
            p->role = 1;
        /* "protesters accused the peacekeepers of ...": whom the text blames
         * is a suspect (attribution.c decides), not a party seen acting */
        if (object_of_blame(an, se, m))
            p->role = 0;
        /* a speaker is not an actor of the violence */
        if (speaks(an, se, m) || responds(an, se, m))
            p->role = p->role == 1 ? 0 : p->role;
        /* "soldiers stand guard": the noun completes the verb of those who respond */
        if (m->kind == LK_AGENT && m->first > se->first && has_wclass(an, m->first - 1, WC_RESPOND))
            p->role = 0;
        if (p->role == 1 && suffered(an, s, se, m))
            p->role = 2;
        if (m->kind == LK_ACTOR && lexicon_actor(an->lx, m->value)->type != AT_STATE)
            p->role = linked_group_role(an, se, m, n >= 2 ? &out[n - 2] : NULL, p->role);
        if (m->kind == LK_ACTOR && modifier_group(an, m))
            p->role = 0;
        /* "the Islamic State's most senior leader is dead", "a Taliban commander
         * was killed": the group's leader suffered, the group did not act */
        if (m->kind == LK_ACTOR && leader_of_group(an, se, m))
            p->role = sentence_has_casualty(an, se) ? 2 : 0;
        t = m->last - 1;
    }
    return n;
}

/* ------------------------------------------------------------------ */
/* a state as the acting party                                          */

/* r := the military of country g ("Military Forces of Pakistan"), named by
 * the words at ev. Returns 1, or 0 when the arena is exhausted. */
static int military_of(analysis *an, const geo_place *g, span ev, actor_ref *r)
{
    char buf[200];
    const char *name = acled_country(g->name);
    snprintf(buf, sizeof buf, "Military Forces of %s%s", country_takes_article(name) ? "the " : "", name);
    memset(r, 0, sizeof *r);
    r->name = arena_strndup(an->a, buf, strlen(buf));
    r->type = AT_STATE;
    memcpy(r->cc, g->cc, 3);
    r->actor_id = r->agent_id = -1;
    r->side = SIDE_STATE;
    r->ev = ev;
    return r->name != NULL;
}

/* A country named as the subject of violence ("Israel kills two...", "India
 * shells..."): its military. Returns 1 and fills r when sentence s has one.
 * Reads only the places of s (pi), in text order. */
static int country_subject(analysis *an, const place_index *pi, size_t s, actor_ref *r)
{
    for (uint32_t q = pi->start[s]; q < pi->start[s + 1]; q++) {
        const place_mention *pm = &an->places[pi->idx[q]];
        if (pm->ncand == 0)
            continue;
        const geo_place *g = NULL;
        for (int c = 0; c < pm->ncand; c++)
            if (pm->cand[c].kind == GEO_COUNTRY && !(pm->cand[c].flags & GEO_F_DEMONYM))
                g = &pm->cand[c];
        /* "a drone strike in Pakistan kills four": after a preposition the country
         * is the place, not the subject */
        if (!g || pm->cue)
            continue;
        uint32_t nx = pm->last;
        const mention *ev = mention_starting(an, nx, LK_EVENT);
        const mention *cas = mention_starting(an, nx, LK_CASUALTY);
        /* the word must be a verb: "Israel kills two", "India shelled" -- not a
         * compound noun ("Sri Lanka Suicide Bombing", "Yemen Attacks Kill 9") */
        const mention *w = ev ? ev : cas;
        int verb = 0;
        if (w && w->last == nx + 1) {
            const tok *k = TK(an, nx);
            const char *f = tok_fold(&an->td, k);
            size_t fl = k->fold_len;
            int ed = fl > 2 && f[fl - 2] == 'e' && f[fl - 1] == 'd';
            int s3 = fl > 1 && f[fl - 1] == 's';
            int next_verb = mention_starting(an, nx + 1, LK_EVENT) || mention_starting(an, nx + 1, LK_CASUALTY);
            verb = (ed || s3) && !next_verb;
        }
        if (verb && ((ev && ev_class_violent(ev->value)) || (cas && cas->value == CAS_KILLED)))
            return military_of(an, g, pm->ev, r);
    }
    return 0;
}

/* A state's weapons or fire named by its country or demonym ("Indian
 * shelling", "killed by Indian firing", "U.S. drone strike", "Turkish
 * warplanes", "by Israeli troops"): its military acted. Fills r (Military
 * Forces of the country) and returns 1 (2 when the words name fire across a
 * line -- shelling, firing, artillery, mortars, rockets, missiles, drones --
 * which lands on the other side's ground) when sentence s has one. Reads only
 * the places of s (pi). */
static int state_instrument(analysis *an, const place_index *pi, const event *e, size_t s, actor_ref *r)
{
    const sentence *se = &an->td.sents[s];
    for (uint32_t q = pi->start[s]; q < pi->start[s + 1]; q++) {
        const place_mention *pm = &an->places[pi->idx[q]];
        if (pm->ncand == 0 || pm->cand[0].kind != GEO_COUNTRY || pm->last >= se->last)
            continue;
        if (TK(an, pm->last - 1)->flags & TOK_POSS)
            continue;
        /* a country's name (not its demonym) before the strike of an incident
         * inside that country names the place: "26 killed in Yemen airstrike" */
        if (!(pm->cand[0].flags & GEO_F_DEMONYM) && e->place && e->place->chosen >= 0 &&
            memcmp(e->place->cand[e->place->chosen].cc, pm->cand[0].cc, 2) == 0)
            continue;
        uint32_t nx = pm->last;
        /* soldiers only when they act: "by Indian troops" */
        int kind = has_wclass(an, nx, WC_CROSS_FIRE) ? 2
                 : has_wclass(an, nx, WC_AIR_ARMS) ||
                           (has_wclass(an, nx, WC_ARMED_MEN) && pm->first > se->first && isw(an, pm->first - 1, "by"))
                       ? 1
                       : 0;
        if (!kind)
            continue;
        return military_of(an, &pm->cand[0], pm->ev, r) ? kind : 0;
    }
    return 0;
}

/* linked_group_in_doc's reading of the whole document. */
static const mention *read_linked_group(analysis *an)
{
    const mention *found = NULL;
    for (size_t s = 0; s < an->td.nsents; s++) {
        if (an->sents[s].past || an->sents[s].caption)
            continue;
        const sentence *se = &an->td.sents[s];
        for (uint32_t t = se->first; t < se->last; t++) {
            const mention *m = mention_starting(an, t, LK_ACTOR);
            if (!m || lexicon_actor(an->lx, m->value)->type == AT_STATE)
                continue;
            uint32_t w = linked_to_group(an, se, m);
            const mention *g = w < m->first && w > se->first ? mention_covering(an, w - 1, LK_AGENT) : NULL;
            if (!g || g->last != w || lexicon_agent(an->lx, g->value)->side != SIDE_HOSTILE)
                continue;
            if (found && found->value != m->value)
                return NULL; /* two groups: no telling */
            found = m;
        }
    }
    return found;
}

/* A named non-state group the report links generic attackers to anywhere in
 * a current sentence ("Separatist militants from the BLA took over the
 * train"), when exactly one group is so linked; else NULL. The document is
 * read once: the answer is kept in an->linked_group. */
static const mention *linked_group_in_doc(analysis *an)
{
    if (!an->linked_group_read) {
        an->linked_group = read_linked_group(an);
        an->linked_group_read = 1;
    }
    return an->linked_group;
}

/* ------------------------------------------------------------------ */
/* actor 1, the target, actor 2                                         */

/* The target noun a person word or title ti modifies: one right after it
 * ("a police bus", "a girls' \"school\""), or after one plain word that no
 * dictionary knows ("a government secondary school"); NULL when none. */
static const mention *target_after_person(const analysis *an, const mention *ti)
{
    uint32_t k = ti->last + is_punct_tok(an, ti->last, '"');
    const mention *m = mention_starting(an, k, LK_TARGET);
    if (m)
        return m;
    if (k < an->td.ntoks && (TK(an, k)->flags & TOK_WORD) && !covered_by_any(an, k))
        m = mention_starting(an, k + 1, LK_TARGET);
    return m && m->value > 0 ? m : NULL;
}

/* What the sentences of an event say about its parties, gathered by
 * find_acting_party. */
typedef struct party_search {
    const mention *chosen;          /* the acting party chosen, or NULL */
    int chosen_rank;                /* 0 a named group, 1 a named state (or a country's
                                     * military), 2 a hostile noun ("gunmen"), 3 the state's
                                     * armed men; 99 none */
    int chosen_in_lead;             /* chosen from the headline or lead */
    actor_ref country_actor;        /* a country's military as the acting party ... */
    int chosen_country;             /* ... when set */
    const mention *first_named_nonstate; /* the first named non-state group that acts */
    const mention *any_named_nonstate;   /* the first named non-state group at all */
    const mention *named_victim;    /* the first named group that suffered */
    const mention *victim;          /* the first generic noun that suffered, not hostile */
} party_search;

/* May a crowd be the acting party of e: its violence was at a protest or riot
 * or was done by a mob (mob_word: the crowd noun names rioters), and was no
 * bombing, shelling or air strike, which crowds do not carry out ("a crowd
 * gathered after the blast")? */
static int crowd_may_act(const event *e, int mob_word)
{
    int c = e->cls;
    int remote = c == EV_BOMBING || c == EV_SUICIDE || c == EV_VBIED || c == EV_IED || c == EV_LANDMINE ||
                 c == EV_AIRSTRIKE || c == EV_SHELLING || c == EV_GRENADE || c == EV_CHEMICAL;
    return !remote && (e->demo || e->riot || has_class(e, EV_RIOT) || mob_word);
}

/* The rank of participant p as the acting party of e (see party_search; 99
 * when it does not act; a crowd that acts ranks with the state's armed men, so
 * the one named first, the subject, wins: "protesters threw stones at police,
 * who fired tear gas"), noting on the way the named groups and the victims. */
static int participant_rank(const analysis *an, const event *e, const participant *p, party_search *ps)
{
    int rank = 99;
    if (p->m->kind == LK_ACTOR) {
        const lex_actor *a = lexicon_actor(an->lx, p->m->value);
        int state = a->type == AT_STATE || a->type == AT_EXTERNAL;
        if (p->role == 1)
            rank = state ? 1 : 0;
        if (p->role == 1 && !state && !ps->first_named_nonstate)
            ps->first_named_nonstate = p->m;
        if (!state && !ps->any_named_nonstate)
            ps->any_named_nonstate = p->m;
        if (p->role == 2 && !ps->named_victim)
            ps->named_victim = p->m;
    } else {
        const lex_agent *ag = lexicon_agent(an->lx, p->m->value);
        /* of the state, only armed men act in violence ("the government" does not) */
        int armed = ag->target == T_POLICE || ag->target == T_MILITARY;
        /* militias and armed guards not of the state ("cow-protection
         * vigilantes beat a trader to death") act like hostile nouns */
        int militia = p->side == SIDE_OTHER && (ag->type == AT_POLMIL || ag->type == AT_IDMIL ||
                                                ag->type == AT_EXTERNAL);
        if (p->role == 1 && (p->side == SIDE_HOSTILE || militia))
            rank = 2;
        else if (p->role == 1 && p->side == SIDE_STATE && armed)
            rank = 3;
        else if (p->role == 1 && p->side == SIDE_DEMO && crowd_may_act(e, ag->type == AT_RIOTERS))
            rank = 3;
        /* "a government secondary school": the school suffered, not the state */
        const mention *owned = p->side == SIDE_STATE ? target_after_person(an, p->m) : NULL;
        if (p->role == 2 && !ps->victim && p->side != SIDE_HOSTILE && !(owned && owned->value == T_EDUCATION))
            ps->victim = p->m;
    }
    return rank;
}

/* The acting party of the earliest sentence that names one -- within a
 * sentence a named actor or a country before a generic noun -- except that a
 * named armed group anywhere beats an earlier unnamed one ("gunmen" ... "the
 * BLA carried out the attack"), and a battle the lead tells without an
 * acting side ("Fighting leaves 18 soldiers dead") is coded from the
 * non-state party, as ACLED and the annotators do. Sets e->cross_fire when a
 * country's fire across a line acts. */
static void find_acting_party(analysis *an, const place_index *pi, event *e, sentset set, party_search *ps)
{
    memset(ps, 0, sizeof *ps);
    ps->chosen_rank = 99;
    for (size_t k = 0; k < set.n; k++) {
        size_t s = set.s[k];
        participant parts[32];
        int n = sentence_participants(an, s, parts, 32);
        const mention *best = NULL;
        int best_rank = 99;
        for (int i = 0; i < n; i++) {
            int rank = participant_rank(an, e, &parts[i], ps);
            if (rank < best_rank) {
                best_rank = rank;
                best = parts[i].m;
            }
        }
        if (ps->chosen_rank == 99) {
            actor_ref ca;
            int how = 0;
            if (best_rank > 1 && (country_subject(an, pi, s, &ca) || (how = state_instrument(an, pi, e, s, &ca)) != 0)) {
                ps->country_actor = ca;
                ps->chosen_country = 1;
                ps->chosen_rank = 1;
                e->cross_fire = how == 2;
            } else if (best) {
                ps->chosen = best;
                ps->chosen_rank = best_rank;
                ps->chosen_in_lead = an->sents[s].lead || an->sents[s].in_title;
            }
        }
    }
    if (ps->chosen_rank == 2 && !ps->first_named_nonstate)
        ps->first_named_nonstate = linked_group_in_doc(an);
    if (ps->chosen_rank == 2 && ps->first_named_nonstate) {
        ps->chosen = ps->first_named_nonstate;
        ps->chosen_rank = 0;
        ps->chosen_country = 0;
    }
    if ((ps->chosen_rank == 99 || (ps->chosen_rank == 3 && !ps->chosen_in_lead)) && has_class(e, EV_CLASH) &&
        ps->any_named_nonstate) { /* ("Police shoot and kill a gang leader": the police act) */
        ps->chosen = ps->any_named_nonstate;
        ps->chosen_rank = 0;
        ps->chosen_country = 0;
    }
}

/* Is the party chosen the state: a country's military, a named state or
 * external force, or a generic agent of the state? */
static int state_chosen(const analysis *an, const party_search *ps)
{
    const mention *c = ps->chosen;
    return ps->chosen_country ||
           (c && ((c->kind == LK_ACTOR && (lexicon_actor(an->lx, c->value)->type == AT_STATE ||
                                          lexicon_actor(an->lx, c->value)->type == AT_EXTERNAL)) ||
                  (c->kind == LK_AGENT && lexicon_agent(an->lx, c->value)->side == SIDE_STATE)));
}

/* Is the perpetrator the group the attack is blamed on? When no named party
 * acts and the report says whom the attack is blamed on ("the army accused
 * the Tamil Tigers of carrying out the attack"): the blamed group is the
 * perpetrator as written, as GTD codes a suspected perpetrator (with its
 * uncertainty) rather than an unknown one. State forces do not set off
 * suicide or car bombs: a state party the sentence roles found ("police have
 * deployed guards after a car bombing") gives way to a non-state group the
 * attack is blamed on, and with no one blamed it is a bystander of the report
 * ("police were following the bomber's car"): the perpetrator stays unknown
 * (ps->chosen cleared). */
static int blamed_perpetrator(const analysis *an, const event *e, party_search *ps)
{
    /* a generic noun blamed ("police blamed militants") does not displace the
     * state's armed men or a crowd the sentences saw act */
    int blamed = !e->has_claim && !ps->chosen_country && e->nsuspected > 0 && ps->chosen_rank >= 2 &&
                 (e->suspected[0].agent_id < 0 || ps->chosen_rank != 3);
    int nonstate_means = (has_class(e, EV_SUICIDE) || has_class(e, EV_VBIED) || has_class(e, EV_IED)) &&
                         !has_class(e, EV_AIRSTRIKE) && !has_class(e, EV_SHELLING);
    const mention *c = ps->chosen;
    if (!e->has_claim && e->nsuspected > 0 && nonstate_means && e->suspected[0].type != AT_STATE &&
        e->suspected[0].type != AT_EXTERNAL &&
        (ps->chosen_country || (c && ps->chosen_rank <= 1 && c->kind == LK_ACTOR &&
                                (lexicon_actor(an->lx, c->value)->type == AT_STATE ||
                                 lexicon_actor(an->lx, c->value)->type == AT_EXTERNAL))))
        blamed = 1;
    if (!e->has_claim && !blamed && nonstate_means && state_chosen(an, ps)) {
        ps->chosen = NULL;
        ps->chosen_country = 0;
    }
    return blamed;
}

/* r := the generic actor "<kind> (<country>)" of ACLED type `type` and side
 * `side` ("Unidentified Armed Group (Nigeria)", "Rioters (France)"; without
 * the country when it is NULL; cc its code), named by the words at ev
 * (empty: no words name it). Returns 1, or 0 when the arena is exhausted. */
static int generic_actor_of(analysis *an, const char *kind, int type, int side, const char *country,
                            const char cc[3], span ev, actor_ref *r)
{
    char buf[200];
    if (country)
        snprintf(buf, sizeof buf, "%s (%s)", kind, country);
    else
        snprintf(buf, sizeof buf, "%s", kind);
    memset(r, 0, sizeof *r);
    r->name = arena_strndup(an->a, buf, strlen(buf));
    r->type = (uint8_t)type;
    if (country)
        memcpy(r->cc, cc, 3);
    r->actor_id = r->agent_id = -1;
    r->side = (uint8_t)side;
    r->ev = ev;
    return r->name != NULL;
}

/* generic_actor_of for the country of event e. */
static int generic_actor(analysis *an, const event *e, const char *kind, int type, int side, span ev,
                         actor_ref *r)
{
    char cc[3];
    const char *country = event_country_name(an, e, cc);
    return generic_actor_of(an, kind, type, side, country, cc, ev, r);
}

/* Is event e's trigger a word for its attackers ("suicide bombers", "a
 * suicide bomber": a generic agent's phrase holds the trigger)? Then a
 * demonym right before it is their nationality ("two Palestinian suicide
 * bombers"), not the place's. */
static int trigger_names_attackers(const analysis *an, const event *e)
{
    const mention *m = mention_covering(an, token_at_byte(an, e->trigger.start), LK_AGENT);
    if (!m)
        return 0;
    span g = tspan(an, m->first, m->last);
    return g.start <= e->trigger.start && g.end >= e->trigger.end;
}

/* ACLED's actor 1 when the text names none (its codebook gives every violent
 * event an actor 1): at a protest or riot the rioters; for other violence
 * the unidentified armed group of the country ("gunmen", "a bomb exploded");
 * none for an air strike or shelling, whose unnamed author is a state, nor
 * for an incident known only from a casualty figure (no trigger yet: "34
 * people were injured" after a riot told in another sentence). A
 * crowd named acting in violence is coded "Rioters (X)", ACLED's name for a
 * violent demonstration or mob. */
static void default_actor1(analysis *an, event *e)
{
    char cc[3];
    const char *own;
    if (e->has_actor1 && e->actor1.agent_id >= 0 && e->actor1.side == SIDE_DEMO &&
        e->actor1.type == AT_PROTESTERS) {
        e->has_actor1 = generic_actor(an, e, "Rioters", AT_RIOTERS, SIDE_DEMO, e->actor1.ev, &e->actor1);
        return;
    }
    if (e->has_actor1)
        return;
    int c = e->cls;
    if ((e->demo || e->riot || c == EV_RIOT) && e->trigger.end > 0)
        e->has_actor1 = generic_actor(an, e, "Rioters", AT_RIOTERS, SIDE_DEMO, e->trigger, &e->actor1);
    else if (c != EV_AIRSTRIKE && c != EV_SHELLING && !has_class(e, EV_AIRSTRIKE) && e->trigger.end > 0 &&
             trigger_names_attackers(an, e) && (own = agent_own_country(an, e->trigger, cc)) != NULL)
        e->has_actor1 = generic_actor_of(an, "Unidentified Armed Group", AT_UNKNOWN, SIDE_HOSTILE, own, cc,
                                         (span){0, 0}, &e->actor1);
    else if (c != EV_AIRSTRIKE && c != EV_SHELLING && !has_class(e, EV_AIRSTRIKE) && e->trigger.end > 0)
        e->has_actor1 = generic_actor(an, e, "Unidentified Armed Group", AT_UNKNOWN, SIDE_HOSTILE,
                                      (span){0, 0}, &e->actor1);
}

/* Actor 1: the claimant; else the group blamed; else the acting party. */
static void set_actor1(analysis *an, event *e, const party_search *ps, int blamed)
{
    if (e->has_claim) {
        e->actor1 = e->claimed;
        e->has_actor1 = 1;
    } else if (blamed) {
        e->actor1 = e->suspected[0];
        e->has_actor1 = 1;
    } else if (ps->chosen_country) {
        e->actor1 = ps->country_actor;
        e->has_actor1 = 1;
    } else if (ps->chosen) {
        const mention *c = ps->chosen;
        if (c->kind == LK_ACTOR)
            actor_from_named(an, c, &e->actor1);
        else
            actor_from_agent(an, e, c->value, tspan(an, c->first, c->last), &e->actor1);
        e->has_actor1 = 1;
    }
}

/* Does a word of violence end just before token t of sentence se, with at most
 * a determiner, a modifier or a preposition of aim between ("attacked a
 * mosque", "opened fire on a police patrol", "threw a grenade into the bar")?
 * Then what starts at t is what the violence was done to. */
static int violence_object(const analysis *an, const sentence *se, uint32_t t)
{
    for (uint32_t k = t, gap = 0; k > se->first && gap <= 3; k--, gap++) {
        const mention *v = mention_covering(an, k - 1, LK_EVENT);
        const mention *c = mention_covering(an, k - 1, LK_CASUALTY);
        if ((v && ev_class_violent(v->value)) || (c && c->value == CAS_KILLED))
            return 1;
        if ((TK(an, k - 1)->flags & TOK_PUNCT) && !is_punct_tok(an, k - 1, '"'))
            return 0; /* a possessive's apostrophe ("a girls' school") is no boundary */
    }
    return 0;
}

/* Is the target noun at token t told as a mere place beside the victims ("near
 * his home", "through the Estacio neighbourhood", "outside a mosque")? */
static int place_aside(const analysis *an, const sentence *se, uint32_t t)
{
    for (uint32_t k = t, gap = 0; k > se->first && gap < 3; k--, gap++) {
        if (has_wclass(an, k - 1, WC_PLACE_ASIDE))
            return 1;
        if (!has_wclass(an, k - 1, WC_DETERMINER) && !isw(an, k - 1, "a") && !isw(an, k - 1, "an") &&
            !isw(an, k - 1, "his") && !isw(an, k - 1, "her"))
            return 0;
    }
    return 0;
}

/* The GTD target type a title or a generic person word m names (its sector's,
 * or the person word's own), whatever its place in the sentence. */
static int person_target_type(const analysis *an, const mention *m)
{
    if (m->kind == LK_AGENT)
        return lexicon_agent(an->lx, m->value)->target;
    return gtd_target_of_sector(lexicon_title(an->lx, m->value)->sector);
}

/* Does mention m stand in a photo credit: parentheses holding a slash, "(Anne
 * Look/VOA)", "(Reuters/Stringer)"? The credit names who took the picture,
 * never a party to what it shows. */
static int photo_credit(const analysis *an, const sentence *se, const mention *m)
{
    uint32_t open = m->first, close = m->last;
    while (open > se->first && open + 8 > m->first && !is_punct_tok(an, open - 1, '(') &&
           !is_punct_tok(an, open - 1, ')'))
        open--;
    if (open == se->first || !is_punct_tok(an, open - 1, '('))
        return 0;
    while (close < se->last && close < m->last + 4 && !is_punct_tok(an, close, ')'))
        close++;
    if (close >= se->last || !is_punct_tok(an, close, ')'))
        return 0;
    uint32_t from = TK(an, open - 1)->start, to = TK(an, close)->start;
    return memchr(an->text + from, '/', to - from) != NULL;
}

/* The GTD target type of a title or a generic person word in sentence se that
 * names a victim of the violence ("killed Marta Ribeiro, a city councillor",
 * "the convoy of Haji Abdul Rauf, a district governor", "opened fire on a
 * police sergeant"): one after a word of violence in its sentence, not a
 * speaker's ("governor Ortom said", "an official from the ministry said"),
 * not in a photo credit, and not the attackers'. T_NONE when none. */
static int victim_role(const analysis *an, const sentence *se, const mention *m)
{
    if (m->kind == LK_AGENT && lexicon_agent(an->lx, m->value)->side == SIDE_HOSTILE)
        return T_NONE;
    if (photo_credit(an, se, m))
        return T_NONE;
    int after_violence = 0;
    for (uint32_t k = se->first; k < m->first && !after_violence; k++) {
        const mention *v = mention_starting(an, k, LK_EVENT);
        after_violence = v && ev_class_violent(v->value);
    }
    if (!after_violence || subject_of_violence(an, se, m))
        return T_NONE; /* "... as soldiers fired on protesters": they fired */
    /* the speaker: a word of saying within five tokens, or later in the same
     * clause ("killed nine farmers, an official from the ministry said") */
    for (uint32_t k = m->last; k < se->last && k < m->last + 12; k++) {
        if (mention_starting(an, k, LK_REPORT))
            return T_NONE;
        if (k >= m->last + 5 && (is_punct_tok(an, k, ',') || is_punct_tok(an, k, ';')))
            break;
    }
    return person_target_type(an, m);
}

/* Does the victim's office or role m (a title or a person word of target
 * type `type`) name a person of note, told with the person's name beside it
 * ("Abdul Qadir, the deputy mayor", "the district governor, Haji Abdul Rauf",
 * "Marta Ribeiro, a city councillor", "Governor Ali Khan")? GTD's
 * assassination targets: officials, officers, judges, clerics, party leaders,
 * journalists and teachers, not private citizens. */
static int prominent_person(const analysis *an, const sentence *se, const mention *m, int type)
{
    if (type != T_GOV_GENERAL && type != T_GOV_DIPLOMATIC && type != T_POLICE && type != T_MILITARY &&
        type != T_RELIGIOUS && type != T_MEDIA && type != T_EDUCATION && type != T_VIOLENT_PARTY && type != T_NGO)
        return 0;
    /* "Abdul Qadir, the deputy mayor", "Shafiul Alam, an English professor" */
    for (uint32_t c = m->first; c > se->first + 2 && c + 5 > m->first; c--)
        if (is_punct_tok(an, c - 1, ','))
            return name_word(an, c - 2) && name_word(an, c - 3);
    uint32_t a = m->last; /* "the district governor, Haji Abdul Rauf", "Governor Ali Khan" */
    if (is_punct_tok(an, a, ','))
        a++;
    return a < se->last && name_word(an, a) && name_word(an, a + 1);
}

/* The target type of the owner named after a target noun ending at token k:
 * "the convoy of Haji Abdul Rauf, a district governor", "the home of a police
 * officer", "the office of the provincial governor": "of", then within eight
 * words a title or a person word of an official, a force, a cleric or a
 * journalist (not a private person). GTD codes whom the attack was aimed at,
 * and a convoy or a home is its owner's. T_NONE when none. */
static int owner_named_after(const analysis *an, const sentence *se, uint32_t k)
{
    if (k >= se->last || !isw(an, k, "of"))
        return T_NONE;
    for (uint32_t q = k + 1; q < se->last && q < k + 9; q++) {
        const mention *ti = mention_starting(an, q, LK_TITLE);
        int type = ti ? person_target_type(an, ti) : T_NONE;
        const mention *ag = type == T_NONE ? mention_starting(an, q, LK_AGENT) : NULL;
        if (ag)
            type = person_target_type(an, ag);
        if (type != T_NONE)
            return type == T_PRIVATE ? T_NONE : type;
        if (mention_starting(an, q, LK_EVENT) || mention_starting(an, q, LK_CASUALTY))
            return T_NONE;
    }
    return T_NONE;
}

/* The target: what the violence was done to. Of the target nouns and victims'
 * titles of the event's sentences (the body before the headline, whose title
 * case drops words: "Raid On Checkpoint" vs "a police checkpoint"), the object
 * of the violence wins ("attacked a mosque"), then a victim's office ("shot
 * dead a city councillor"), then any other target noun, and last one told as
 * a place beside the victims ("near his home"). A victim of note named with
 * his office marks the event (prominent_victim). */
static void find_target(const analysis *an, event *e, sentset set)
{
    int best = 0; /* 4 object, 3 victim's title, 2 other, 1 a place aside */
    for (size_t pass = 0; pass < 2 * set.n; pass++) {
        size_t s = set.s[pass % set.n];
        if ((pass < set.n) == (an->sents[s].in_title != 0))
            continue;
        const sentence *se = &an->td.sents[s];
        for (uint32_t t = se->first; t < se->last; t++) {
            const mention *m = mention_starting(an, t, LK_TARGET);
            /* a title or a person word; of the two, the one with a role ("local
             * leader": a tribal elder's title, a government figure's word) */
            const mention *ti = mention_starting(an, t, LK_TITLE);
            const mention *ag = mention_starting(an, t, LK_AGENT);
            if (!ti || (ag && victim_role(an, se, ti) == T_PRIVATE && victim_role(an, se, ag) > T_NONE &&
                        victim_role(an, se, ag) != T_PRIVATE))
                ti = ag ? ag : ti;
            /* a person word before a target noun, maybe with one plain word
             * between, modifies it: "a girls' school" and "a government
             * secondary school" are schools, but "a police bus" and "an army
             * post" are the police's and the army's */
            int owner = T_NONE;
            const mention *owned = ti ? target_after_person(an, ti) : NULL;
            if (owned) {
                int role = victim_role(an, se, ti);
                if ((role == T_POLICE || role == T_MILITARY || role == T_GOV_GENERAL || role == T_GOV_DIPLOMATIC) &&
                    owned->value != T_EDUCATION)
                    owner = role;
                ti = NULL;
            }
            int type = T_NONE, score = 0;
            const mention *head = m;
            if (m && m->value > 0) {
                /* "the Police Lines mosque": the head noun is the last of a run,
                 * but a run that names the police or the army is theirs ("a
                 * police bus", "an army post") */
                type = m->value;
                const mention *next;
                while ((next = mention_starting(an, head->last, LK_TARGET)) != NULL && next->value > 0) {
                    head = next;
                    if (type != T_POLICE && type != T_MILITARY)
                        type = head->value;
                }
                score = violence_object(an, se, t) ? 4 : place_aside(an, se, t) ? 1 : 2;
                if (owner)
                    type = owner;
                else if ((owner = owner_named_after(an, se, head->last)) != T_NONE)
                    type = owner;
            } else if (ti && (type = victim_role(an, se, ti)) != T_NONE) {
                head = ti;
                /* people at large ("killing 16 people", "eight patrons") say less
                 * about what was attacked than the place named ("the departure
                 * hall of Brussels Airport") */
                score = type == T_PRIVATE ? 1 : 3;
                if (prominent_person(an, se, ti, type))
                    e->prominent_victim = 1;
            }
            if (score > best) {
                best = score;
                e->target_type = (uint8_t)type;
                e->target_text = tspan(an, m && m->value > 0 ? m->first : ti->first, head->last);
            }
            if (head && head->last > t)
                t = head->last - 1;
        }
    }
}

/* Actor 2 from the breakdown of the figures: the first counted noun of a
 * known side (hostile ones only when the state acted). */
static void actor2_from_breakdown(analysis *an, event *e, int state_actor1)
{
    for (int i = 0; i < e->nfigs && !e->has_actor2; i++) {
        const figure *f = &e->figs[i];
        for (int k = 0; k < f->nparts; k++) {
            if (f->parts[k].side == SIDE_HOSTILE && !state_actor1)
                continue;
            if (f->parts[k].side == SIDE_OTHER)
                continue;
            /* find the agent mention at this span: the token starting there,
             * the mentions starting at that token (bisections) */
            size_t t = bisect_u32(an->td.toks, sizeof *an->td.toks, offsetof(tok, start), 0, an->td.ntoks,
                                  f->parts[k].who.start);
            if (t == an->td.ntoks || TK(an, t)->start != f->parts[k].who.start)
                continue;
            for (size_t m = bisect_u32(an->m, sizeof *an->m, offsetof(mention, first), 0, an->nm, (uint32_t)t);
                 m < an->nm && an->m[m].first == t; m++) {
                if (an->m[m].kind == LK_AGENT) {
                    actor_from_agent(an, e, an->m[m].value, f->parts[k].who, &e->actor2);
                    e->has_actor2 = 1;
                    break;
                }
            }
            if (e->has_actor2)
                break;
        }
    }
}

/* Is r the party that is e's actor 1 ("Military Forces of Zimbabwe" twice,
 * when soldiers fired on a crowd and "soldiers" was read as the target)? One
 * side of an event is never its other side. */
static int same_party(const event *e, const actor_ref *r)
{
    return e->has_actor1 && r->name && e->actor1.name && strcmp(r->name, e->actor1.name) == 0;
}

/* Actor 2, who suffered: the police or military of a police or military
 * target; else a named group that suffered (not one blamed, suspected or
 * claiming, not actor 1); else the victims' side in the figures' breakdown;
 * else a victim noun. A target the text did not name follows actor 2. */
static void find_actor2(analysis *an, event *e, const party_search *ps)
{
    int state_actor1 = e->has_actor1 && (e->actor1.type == AT_STATE || e->actor1.type == AT_EXTERNAL);
    if (e->target_type == T_POLICE || e->target_type == T_MILITARY) {
        /* generic police / military of the event's country */
        for (size_t g = 0;; g++) {
            const lex_agent *ag = lexicon_agent(an->lx, (int32_t)g);
            if (!ag)
                break;
            if (ag->side == SIDE_STATE && ag->target == e->target_type) {
                actor_from_agent(an, e, (int32_t)g, e->target_text, &e->actor2);
                e->has_actor2 = !same_party(e, &e->actor2);
                break;
            }
        }
    }
    /* a group blamed or suspected is not the victim, whatever its position */
    const mention *named_victim = ps->named_victim;
    if (named_victim) {
        for (int k = 0; k < e->nsuspected && named_victim; k++)
            if (e->suspected[k].actor_id == named_victim->value)
                named_victim = NULL;
        if (named_victim && e->has_claim && e->claimed.actor_id == named_victim->value)
            named_victim = NULL;
    }
    if (!e->has_actor2 && named_victim && (!e->has_actor1 || named_victim->value != e->actor1.actor_id)) {
        actor_from_named(an, named_victim, &e->actor2);
        e->has_actor2 = 1;
    }
    if (!e->has_actor2)
        actor2_from_breakdown(an, e, state_actor1);
    if (!e->has_actor2 && ps->victim) {
        actor_from_agent(an, e, ps->victim->value, tspan(an, ps->victim->first, ps->victim->last), &e->actor2);
        e->has_actor2 = !same_party(e, &e->actor2);
    }
    if (!e->target_type && e->has_actor2 && e->actor2.agent_id < 0 && e->actor2.type == AT_STATE) {
        /* a national force named as the victim ("the Nigerien army"): its men */
        e->target_type = strstr(e->actor2.name, "Police") ? T_POLICE : T_MILITARY;
        e->target_text = e->actor2.ev;
    }
    if (!e->target_type && e->has_actor2 && e->actor2.agent_id >= 0) {
        const lex_agent *ag = lexicon_agent(an->lx, e->actor2.agent_id);
        e->target_type = ag->target;
        e->target_text = e->actor2.ev;
    }
}

/* The suspects named by a generic noun ("armed bandits") were read before
 * the event had a place: complete their names with its country now. */
static void place_generic_suspects(analysis *an, event *e)
{
    for (int k = 0; k < e->nsuspected; k++)
        if (e->suspected[k].agent_id >= 0)
            actor_from_agent(an, e, e->suspected[k].agent_id, e->suspected[k].ev, &e->suspected[k]);
}

/* See resolve_int.h: actor1 is the claimant, else the group blamed, else the
 * acting party, else ACLED's generic actor 1 (default_actor1); actor2 is who
 * suffered (from the target, a named victim, the figures' breakdown, or a
 * victim noun). */
void assign_actors(analysis *an, const place_index *pi, event *e, sentset set)
{
    place_generic_suspects(an, e);
    party_search ps;
    find_acting_party(an, pi, e, set, &ps);
    int blamed = blamed_perpetrator(an, e, &ps);
    set_actor1(an, e, &ps, blamed);
    default_actor1(an, e);
    find_target(an, e, set);
    find_actor2(an, e, &ps);
}
