/*
 * test_petrarch.c - unit tests of the PETRARCH/TABARI dictionary import
 * (src/engine/petrarch.c) on small dictionary snippets written for these tests: the
 * mapping of actor codes, agents and verb blocks, the skip reasons, the
 * checks against an existing lexicon, and that what is written loads.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "lexicon.h"
#include "petrarch.h"

#ifndef TACITUS_DEFAULT_DATA
#define TACITUS_DEFAULT_DATA "data"
#endif

/* One import into four in-memory outputs. */
typedef struct run {
    char *buf[PO_MAX];
    size_t len[PO_MAX];
    FILE *out[PO_MAX];
    petr_importer *im;
    petr_stats st;
    char err[512];
    int rc;
} run;

static void run_open_flags(run *r, const lexicon *lx, unsigned flags)
{
    memset(r, 0, sizeof *r);
    for (int i = 0; i < PO_MAX; i++) {
        r->out[i] = open_memstream(&r->buf[i], &r->len[i]);
        assert_non_null(r->out[i]);
    }
    r->im = petr_importer_new(lx, r->out, flags);
    assert_non_null(r->im);
}

static void run_open(run *r, const lexicon *lx) { run_open_flags(r, lx, 0); }

/* Import text (named name) and flush the outputs. */
static int run_text(run *r, const char *name, const char *text, petr_kind kind)
{
    r->err[0] = '\0';
    r->rc = petr_import_buffer(r->im, name, text, strlen(text), kind, &r->st, r->err, sizeof r->err);
    for (int i = 0; i < PO_MAX; i++)
        fflush(r->out[i]);
    return r->rc;
}

static void run_close(run *r)
{
    petr_importer_free(r->im);
    for (int i = 0; i < PO_MAX; i++) {
        fclose(r->out[i]);
        free(r->buf[i]);
    }
}

/* 1 when output o has a line equal to line. */
static int has_line(const run *r, int o, const char *line)
{
    const char *p = r->buf[o];
    size_t n = strlen(line);
    while (p && *p) {
        const char *e = strchr(p, '\n');
        size_t len = e ? (size_t)(e - p) : strlen(p);
        if (len == n && memcmp(p, line, n) == 0)
            return 1;
        p = e ? e + 1 : p + len;
    }
    return 0;
}

static const char actors_snippet[] =
    "# invented actors for the tests\n"
    "VALLEY_DEFENCE_FRONT_(VDF)_ [XYZ]\n"              /* unknown first part */
    "HIGHLAND_LIBERATION_ARMY_(HLA)_ [NPLREB] # a made-up group\n"
    "+HIGHLANDERS_ARMED_WING_\n"
    "+HLA_FIGHTERS\n"
    "ORANGE_RIVER_BRIGADES\n"
    "+ORB\n"
    "\t[ZAFREB 19900101-20051231]\n"
    "\t[ZAFMIL >20060101]\n"                             /* latest: a state force */
    "PENNYWORTH_SMITH_  # CountryInfo.txt\n"
    "\t[GBRGOV 20010101-20050101]\n"
    "\t[GBRELI]\n"
    "JOHN_QUILL_\n"
    "\t[USAMIL 19990101-20040101]\n"                     /* dated, no organisation word: a person */
    "ATLANTIS_  [ISL]\n"                                 /* a bare country */
    "NORTHERN_SHIPPING_COMPANY_ [USABUS]\n"
    "PEACE_WATCH_MISSION_ [IGOMIL]\n"
    "SILENT_PILGRIMS_ [IMGMUS]\n"
    "THE_VERY_LONG_NAMED_COMMITTEE_FOR_THE_DEFENCE_OF_ALL_THE_VALLEYS_ [NPLREB]\n"
    "BROKEN_LINE_ [NPLREB\n"                             /* truncated */
    "+BROKEN_ALIAS\n"
    "SECOND_HIGHLAND_FRONT [NPLREB]\n"
    "+HIGHLANDERS_ARMED_WING_\n";                        /* repeats an alias above */

static void test_actors(void **state)
{
    (void)state;
    run r;
    run_open(&r, NULL);
    assert_int_equal(run_text(&r, "test.actors.txt", actors_snippet, PETR_DETECT), PETR_OK);
    assert_int_equal(r.st.kind, PETR_ACTORS);
    assert_true(r.st.detected);
    assert_int_equal(r.st.entries, 12);
    assert_true(has_line(&r, PO_ACTORS, "Highland Liberation Army | rebel group | NP | =HLA; Highlanders Armed Wing; "
                                        "Hla Fighters |  | NPLREB"));
    assert_true(has_line(&r, PO_ACTORS, "Orange River Brigades | state forces | ZA | =ORB |  | ZAFMIL"));
    assert_true(has_line(&r, PO_ACTORS, "Peace Watch Mission | external/other forces | -- |  |  | IGOMIL"));
    assert_true(has_line(&r, PO_ACTORS, "Silent Pilgrims | rebel group | -- |  |  | IMGMUS"));
    assert_int_equal(r.st.written[PO_ACTORS], 4);
    /* no armed actor but a CAMEO code: an unknown first part, people, a
     * country, a company are parties of CAMEO coding */
    assert_true(has_line(&r, PO_CAMEO, "Valley Defence Front; =VDF | party | XYZ"));
    assert_true(has_line(&r, PO_CAMEO, "Pennyworth Smith | party | GBRELI"));
    assert_true(has_line(&r, PO_CAMEO, "John Quill | party | USAMIL"));
    assert_true(has_line(&r, PO_CAMEO, "Atlantis | party | ISL"));
    assert_true(has_line(&r, PO_CAMEO, "Northern Shipping Company | party | USABUS"));
    assert_int_equal(r.st.written[PO_CAMEO], 5);
    assert_int_equal(r.st.skipped[PSK_BAD_CODE] + r.st.skipped[PSK_PERSON] + r.st.skipped[PSK_PLACE] +
                         r.st.skipped[PSK_ROLE],
                     0);
    assert_int_equal(r.st.skipped[PSK_TOO_LONG], 1);
    assert_int_equal(r.st.skipped[PSK_MALFORMED], 1);
    /* a second group under an alias this import already gave another: skipped */
    assert_int_equal(r.st.skipped[PSK_DUPLICATE], 1);
    assert_int_equal(r.len[PO_AGENTS] + r.len[PO_TITLES] + r.len[PO_VOCAB], 0);
    run_close(&r);
}

static const char agents_snippet[] =
    "!FOLK! = MAN, MEN, WOMAN, WOMEN\n"
    "RIVER_PATROL [~COP] # plural made by rule\n"
    "HARBOUR!FOLK! [~COP]\n"
    "DESERT_RANGER {DESERT_RANGERS DESERT_RANGERMEN} [~MIL]\n"
    "MOUNTAIN_INSURGENT [~INS]\n"
    "TOWN_DWELLER [~CVL]\n"
    "CANAL_MINISTRY {} [~GOV]\n"
    "ASSEMBLY_OF_ELDERS [~LEG]\n"
    "FISH_MERCHANT [~BUS]\n"
    "FLEET_OF [~MIL]\n"
    "TREATY_WATCHER [IGO~]\n"
    "HILL!KIN! [~REB]\n"
    "CLOUD_SHEPHERD\n";

static void test_agents(void **state)
{
    (void)state;
    run r;
    run_open(&r, NULL);
    assert_int_equal(run_text(&r, "my.agents.txt", agents_snippet, PETR_DETECT), PETR_OK);
    assert_int_equal(r.st.kind, PETR_AGENTS);
    assert_int_equal(r.st.entries, 12);
    const char *police = " | state forces | Police Forces of %s | state | Police | COP";
    char want[256];
    snprintf(want, sizeof want, "river patrol; river patrols%s", police);
    assert_true(has_line(&r, PO_AGENTS, want));
    snprintf(want, sizeof want, "harbourman; harbourmen; harbourwoman; harbourwomen%s", police);
    assert_true(has_line(&r, PO_AGENTS, want));
    assert_true(has_line(&r, PO_AGENTS, "desert ranger; desert rangers; desert rangermen | state forces | "
                                        "Military Forces of %s | state | Military | MIL"));
    assert_true(has_line(&r, PO_AGENTS, "mountain insurgent; mountain insurgents | rebel group | "
                                        "Unidentified Armed Group (%s) | hostile | Terrorists/Non-State Militia | INS"));
    assert_true(has_line(&r, PO_AGENTS, "town dweller; town dwellers | civilians | Civilians (%s) | civilian | "
                                        "Private Citizens & Property | CVL"));
    assert_true(has_line(&r, PO_TITLES, "canal ministry | state | GOV"));
    assert_true(has_line(&r, PO_TITLES, "assembly of elders; assemblies of elders | state | LEG"));
    assert_int_equal(r.st.skipped[PSK_ROLE], 1);
    assert_int_equal(r.st.skipped[PSK_PATTERN], 1);
    assert_int_equal(r.st.skipped[PSK_PREFIX], 1);
    assert_int_equal(r.st.skipped[PSK_SUBST], 1);
    assert_int_equal(r.st.skipped[PSK_NO_CODE], 1);
    assert_int_equal(r.st.imported, 7);
    run_close(&r);
}

static const char verbs_snippet[] =
    "&WEAPONRY\n"
    "+CATAPULT\n"
    "+TREBUCHET\n"
    "\n"
    "---  STORM   [190]  ---\n"
    "STORM\n"
    "OVERRUN {OVERRUNS OVERRAN OVERRUNNING}\n"
    "PUMMEL [194]\n"
    "WAYLAY {} [1712]\n"
    "- * GARRISON                                        [190]   # STORM\n"
    "- * HOSTAGES                                        [181]   # STORM\n"
    "- * &WEAPONRY                                       [195]   # STORM\n"
    "- * (WITH TANKS)                                    [194]   # STORM\n"
    "\n"
    "---  PAUSE   [---]  ---\n"
    "PAUSE\n"
    "+HOLD_OFF {+HOLDS_OFF +HELD_OFF +HOLDING_OFF}\n"
    "- * RAIDS                                           [0871]  # HOLD_OFF\n"
    "- * TALKS                                           [046]   # PAUSE\n"
    "- * GREETINGS                                       [010]   # PAUSE\n"
    "+HELD_AND {}\n";

static void test_verbs(void **state)
{
    (void)state;
    run r;
    run_open_flags(&r, NULL, PETR_BARE_VERBS);
    assert_int_equal(run_text(&r, "verbs.txt", verbs_snippet, PETR_DETECT), PETR_OK);
    assert_int_equal(r.st.kind, PETR_VERBS);
    assert_true(has_line(&r, PO_VOCAB, "storm; storms; stormed; storming | event | attack"));
    assert_true(has_line(&r, PO_VOCAB, "overrun; overruns; overran; overrunning | event | attack"));
    assert_true(has_line(&r, PO_VOCAB, "pummel; pummels; pummeled; pummeling | event | shelling"));
    assert_true(has_line(&r, PO_VOCAB, "storm hostages; storms hostages; stormed hostages; storming hostages | "
                                       "event | kidnap"));
    assert_true(has_line(&r, PO_VOCAB, "hold off raids; holds off raids; held off raids; holding off raids | "
                                       "event | ceasefire"));
    assert_true(has_line(&r, PO_VOCAB, "pause talks; pauses talks; paused talks; pausing talks | event | negotiate"));
    assert_int_equal(r.st.skipped[PSK_SYNSET], 1);
    assert_int_equal(r.st.skipped[PSK_REDUNDANT], 1);   /* GARRISON: the block's own event */
    assert_int_equal(r.st.skipped[PSK_PATTERN], 3);     /* &WEAPONRY, (WITH TANKS), HELD_AND */
    /* a code with no tacitus event but a PLOVER type is a political interaction,
     * coded between two parties: a verb of imported-cameo.txt, not a phrase alone */
    assert_false(has_line(&r, PO_VOCAB, "waylay | interaction | 1712 COERCE"));
    assert_true(has_line(&r, PO_CAMEO, "waylay | verb | 1712 COERCE"));
    assert_int_equal(r.st.skipped[PSK_EVENT], 3);       /* PAUSE and HOLD_OFF ---, 010 */
    assert_int_equal(r.st.entries, 15);
    assert_int_equal(r.st.imported, 6);
    /* every verb of a block, then the block's patterns; a set before them */
    assert_true(has_line(&r, PO_CAMEO, "catapult; trebuchet | synset | weaponry"));
    assert_true(has_line(&r, PO_CAMEO, "storm; storms; stormed; storming | verb | 190 FIGHT"));
    assert_true(has_line(&r, PO_CAMEO, "pummel; pummels; pummeled; pummeling | verb | 194 FIGHT"));
    assert_true(has_line(&r, PO_CAMEO, "* &weaponry | pattern | 195 FIGHT"));
    assert_true(has_line(&r, PO_CAMEO, "* hostages | pattern | 181 ASSAULT abduct"));
    assert_false(has_line(&r, PO_CAMEO, "* with tanks | pattern | 194 FIGHT")); /* a prepositional phrase */
    assert_true(has_line(&r, PO_CAMEO, "pause; pauses; paused; pausing | verb | ---"));
    assert_true(has_line(&r, PO_CAMEO, "* talks | pattern | 046 CONSULT"));
    assert_true(has_line(&r, PO_CAMEO, "* greetings | pattern | 010 -"));
    run_close(&r);
    /* by default one-word verbs are left out; the patterns still use them */
    run_open(&r, NULL);
    assert_int_equal(run_text(&r, "verbs.txt", verbs_snippet, PETR_DETECT), PETR_OK);
    assert_int_equal(r.st.skipped[PSK_VAGUE], 3); /* STORM, OVERRUN, PUMMEL (WAYLAY is a CAMEO verb) */
    assert_false(has_line(&r, PO_VOCAB, "storm; storms; stormed; storming | event | attack"));
    assert_true(has_line(&r, PO_VOCAB, "storm hostages; storms hostages; stormed hostages; storming hostages | "
                                       "event | kidnap"));
    assert_int_equal(r.st.imported, 3);
    run_close(&r);
}

/* Phrases the target dictionaries know are left out; a group they name is
 * not written again under its other names. */
static void test_against_lexicon(void **state)
{
    (void)state;
    lexicon *lx = NULL;
    char err[512];
    assert_int_equal(lexicon_load_base(TACITUS_DEFAULT_DATA, &lx, err, sizeof err), 0);
    run r;
    run_open(&r, lx);
    static const char agents[] = "POLICEMAN {POLICEMEN} [~COP]\nGLACIER_WARDEN [~COP]\n";
    assert_int_equal(run_text(&r, "a.agents.txt", agents, PETR_DETECT), PETR_OK);
    assert_int_equal(r.st.skipped[PSK_KNOWN], 1);
    assert_int_equal(r.st.phrases_known, 2);
    assert_true(has_line(&r, PO_AGENTS, "glacier warden; glacier wardens | state forces | Police Forces of %s | "
                                        "state | Police | COP"));
    static const char actors[] = "TEHRIK-E_TALIBAN_PAKISTAN_ [PAKREB]\n+GLACIER_TALIBAN_\n"
                                 "GLACIER_FRONT_ [PAKREB]\n+POLICE\n";
    assert_int_equal(run_text(&r, "b.actors.txt", actors, PETR_DETECT), PETR_OK);
    assert_int_equal(r.st.skipped[PSK_KNOWN], 1);
    assert_true(has_line(&r, PO_ACTORS, "Glacier Front | rebel group | PK |  |  | PAKREB"));
    assert_int_equal(r.st.phrases_known, 1); /* "police" is an agent already */
    /* the same entry again in a second file: a duplicate of this import */
    static const char again[] = "GLACIER_FRONT_ [PAKREB]\n";
    assert_int_equal(run_text(&r, "c.actors.txt", again, PETR_ACTORS), PETR_OK);
    assert_int_equal(r.st.skipped[PSK_DUPLICATE], 1);
    /* a verb phrase that would hide an entry of another kind or event ("killing")
     * is left out */
    static const char verbs[] = "--- ASSERT [010] ---\nASSERT\n- * KILLING [015] # ASSERT\n"
                                "- * OWNERSHIP [015] # ASSERT\n";
    assert_int_equal(run_text(&r, "d.verbs.txt", verbs, PETR_DETECT), PETR_OK);
    assert_int_equal(r.st.skipped[PSK_SHADOW], 1);
    assert_true(has_line(&r, PO_VOCAB, "assert ownership; asserts ownership; asserted ownership; "
                                       "asserting ownership | event | claim"));
    run_close(&r);
    lexicon_free(lx);
}

/* The kind comes from the content, else from the file name; binary junk and
 * a text that is no dictionary are errors naming the file and line. */
static void test_detection_and_errors(void **state)
{
    (void)state;
    run r;
    run_open(&r, NULL);
    assert_int_equal(run_text(&r, "x.verbs.txt", "# only a comment\n", PETR_DETECT), PETR_OK);
    assert_int_equal(r.st.kind, PETR_VERBS);
    assert_false(r.st.detected);
    assert_int_equal(run_text(&r, "notes.txt", "just some words\n", PETR_DETECT), PETR_EDATA);
    assert_non_null(strstr(r.err, "notes.txt:1: cannot tell"));
    static const char junk[] = "AB\x01\x02\x03\x04\x05\x06\x07\x08\x0b\x0c\x0e\x0f\x10\x11";
    assert_int_equal(run_text(&r, "junk.actors.txt", junk, PETR_DETECT), PETR_EDATA);
    assert_non_null(strstr(r.err, "junk.actors.txt:1: control byte"));
    char withnul[] = "FOO_ [USAMIL]\nBAR\0BAZ [USAMIL]\n";
    r.rc = petr_import_buffer(r.im, "nul.txt", withnul, sizeof withnul - 1, PETR_DETECT, &r.st, r.err, sizeof r.err);
    assert_int_equal(r.rc, PETR_EDATA);
    assert_non_null(strstr(r.err, "nul.txt:2: NUL byte"));
    /* a stray control byte in a long file spoils only its entry */
    char mangled[4096];
    snprintf(mangled, sizeof mangled, "%s", "LAKE_GUARD_\x1a_CORPS [NPLMIL]\nLAKE_WATCH_CORPS [NPLMIL]\n");
    size_t n = strlen(mangled);
    while (n < sizeof mangled - 40)
        n += (size_t)snprintf(mangled + n, sizeof mangled - n, "# padding comment line\n");
    assert_int_equal(run_text(&r, "m.actors.txt", mangled, PETR_DETECT), PETR_OK);
    assert_int_equal(r.st.skipped[PSK_UNREADABLE], 1);
    assert_true(has_line(&r, PO_ACTORS, "Lake Watch Corps | state forces | NP |  |  | NPLMIL"));
    /* a Latin-1 name is converted to UTF-8 */
    assert_int_equal(run_text(&r, "l.actors.txt", "FR\xc9RES_DU_LAC_ARMY [FRAREB]\n", PETR_DETECT), PETR_OK);
    assert_true(has_line(&r, PO_ACTORS, "Fr\xc3\xa9res du Lac Army | rebel group | FR |  |  | FRAREB"));
    assert_int_equal(run_text(&r, "empty.actors.txt", "", PETR_DETECT), PETR_OK);
    assert_int_equal(r.st.entries, 0);
    run_close(&r);
}

/* Write s to dir/name. */
static void put_file(const char *dir, const char *name, const char *s, size_t n)
{
    char path[1024];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    FILE *f = fopen(path, "w");
    assert_non_null(f);
    assert_int_equal(fwrite(s, 1, n, f), n);
    fclose(f);
}

/* Everything written loads with the dictionary parsers (as imported-*.txt
 * files next to empty core dictionaries). */
static void test_output_loads(void **state)
{
    (void)state;
    run r;
    run_open(&r, NULL);
    assert_int_equal(run_text(&r, "t.actors.txt", actors_snippet, PETR_DETECT), PETR_OK);
    assert_int_equal(run_text(&r, "t.agents.txt", agents_snippet, PETR_DETECT), PETR_OK);
    assert_int_equal(run_text(&r, "t.verbs.txt", verbs_snippet, PETR_DETECT), PETR_OK);
    char dir[] = "/tmp/tacitus-petrarch-XXXXXX";
    assert_non_null(mkdtemp(dir));
    static const char *const core[] = {"actors.txt", "forces.txt", "agents.txt", "titles.txt", "vocab.txt"};
    static const char *const imported[PO_MAX] = {"imported-actors.txt", "imported-agents.txt",
                                                 "imported-titles.txt", "imported-vocab.txt"};
    for (int i = 0; i < 5; i++)
        put_file(dir, core[i], "", 0);
    /* the word classes are closed classes the rules need, not entries to import: the real ones */
    FILE *wf = fopen(TACITUS_DEFAULT_DATA "/wordclasses.txt", "rb");
    assert_non_null(wf);
    static char wc[65536];
    size_t wn = fread(wc, 1, sizeof wc, wf);
    fclose(wf);
    put_file(dir, "wordclasses.txt", wc, wn);
    for (int i = 0; i < PO_MAX; i++)
        put_file(dir, imported[i], r.buf[i], r.len[i]);
    lexicon *lx = NULL;
    char err[512] = "";
    assert_int_equal(lexicon_load(dir, &lx, err, sizeof err), 0);
    char key[128];
    size_t n = lexicon_fold_phrase("Highlanders Armed Wing", key, sizeof key);
    int32_t v[4];
    assert_int_equal(lexicon_lookup(lx, key, n, NULL, LK_ACTOR, v, 4), 1);
    assert_string_equal(lexicon_actor(lx, v[0])->name, "Highland Liberation Army");
    /* the PETRARCH codes became the codes of the imported entries */
    assert_string_equal(lexicon_actor(lx, v[0])->code, "NPLREB");
    n = lexicon_fold_phrase("Orange River Brigades", key, sizeof key);
    assert_int_equal(lexicon_lookup(lx, key, n, NULL, LK_ACTOR, v, 4), 1);
    assert_string_equal(lexicon_actor(lx, v[0])->code, "ZAFMIL"); /* the latest of its dated codes */
    n = lexicon_fold_phrase("desert rangers", key, sizeof key);
    assert_int_equal(lexicon_lookup(lx, key, n, NULL, LK_AGENT, v, 4), 1);
    assert_string_equal(lexicon_agent(lx, v[0])->role, "MIL");
    n = lexicon_fold_phrase("held off raids", key, sizeof key);
    assert_int_equal(lexicon_lookup(lx, key, n, NULL, LK_EVENT, v, 4), 1);
    assert_string_equal(ev_class_name(v[0]), "ceasefire");
    lexicon_free(lx);
    /* without the imported files, the base loader does not see them */
    assert_int_equal(lexicon_load_base(dir, &lx, err, sizeof err), 0);
    assert_int_equal(lexicon_actor_count(lx), 0);
    lexicon_free(lx);
    for (int i = 0; i < 5; i++) {
        char p[1024];
        snprintf(p, sizeof p, "%s/%s", dir, core[i]);
        unlink(p);
    }
    for (int i = 0; i < PO_MAX; i++) {
        char p[1024];
        snprintf(p, sizeof p, "%s/%s", dir, imported[i]);
        unlink(p);
    }
    rmdir(dir);
    run_close(&r);
}

/* Import a file from disk; a missing file is a system error naming it. */
static void test_import_file(void **state)
{
    (void)state;
    run r;
    run_open(&r, NULL);
    r.rc = petr_import_file(r.im, "/nonexistent/dir/x.actors.txt", PETR_DETECT, &r.st, r.err, sizeof r.err);
    assert_int_equal(r.rc, PETR_ESYS);
    assert_non_null(strstr(r.err, "/nonexistent/dir/x.actors.txt: cannot open"));
    assert_string_equal(petr_kind_name(PETR_AGENTS), "agents");
    assert_string_equal(petr_skip_name(PSK_PERSON), "person");
    assert_string_equal(petr_skip_name(PSK_MAX), "?");
    assert_non_null(strstr(petr_licence_notice(), "MIT License"));
    run_close(&r);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_actors),
        cmocka_unit_test(test_agents),
        cmocka_unit_test(test_verbs),
        cmocka_unit_test(test_against_lexicon),
        cmocka_unit_test(test_detection_and_errors),
        cmocka_unit_test(test_output_loads),
        cmocka_unit_test(test_import_file),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
