/*
 * test_store.c - the event store and the grouping rule on short invented
 * events: idempotent storing, reconciliation of figures across two reports
 * with their history, the grouping rules on event pairs, grouping by an
 * incident's core (no chains, majority type), batched commits, the
 * upgrade of a version-1 store in place, and the refusal of newer-schema,
 * foreign, non-SQLite and read-only database files.
 *
 * With TACITUS_TEST_BACKEND=postgresql (and PGHOST, PGPORT, PGUSER naming a
 * server where this user may create databases, as tests/lib/pg.sh starts
 * one) every store is a new PostgreSQL database instead, the refusals are
 * PostgreSQL's (newer schema, foreign tables, read-only, no server) and the
 * SQLite-only upgrade test says it is skipped.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <jansson.h>
#include <libpq-fe.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "incident.h"
#include "store.h"
#include "tacitus.h"

/* An invented coded event (the shape of docs/schema.md). killed < 0: none. */
static json_t *mkev(const char *id, const char *kind, const char *type, const char *sub, const char *cameo,
                    const char *date, const char *prec, int assumed, const char *place, const char *admin1,
                    const char *cc, double lat, double lon, const char *lprec, const char *actor,
                    const char *atype, long killed, int background)
{
    json_t *e = json_pack("{s:s,s:b,s:s,s:s*,s:s*,s:s,s:s*,s:n,s:n,s:n,s:n,s:[],s:[],s:[],s:n,s:n}", "id", id,
                          "background", background, "kind", kind, "event_type", type, "sub_event_type", sub,
                          "cameo", cameo, "attack_type", type ? "Bombing/Explosion" : NULL, "actor2", "target",
                          "kidnapped", "arrested", "weapons", "sources", "evidence", "claimed_by", "wounded");
    json_object_set_new(e, "date", date ? json_pack("{s:s,s:s,s:s,s:b}", "start", date, "end", date, "precision",
                                                    prec, "assumed", assumed)
                                        : json_null());
    json_object_set_new(e, "location",
                        json_pack("{s:s,s:s,s:s,s:s,s:f,s:f,s:s}", "name", place, "admin1", admin1, "country",
                                  cc, "country_code", cc, "lat", lat, "lon", lon, "precision", lprec));
    json_object_set_new(e, "actor1", actor ? json_pack("{s:s,s:s,s:n}", "name", actor, "type", atype, "country")
                                           : json_null());
    json_object_set_new(e, "killed", killed >= 0 ? json_pack("{s:I,s:n,s:b,s:[]}", "min", (json_int_t)killed, "max",
                                                             "approximate", 0, "breakdown")
                                                 : json_null());
    return e;
}

static json_t *bomb(const char *id, const char *date, const char *place, double lat, double lon, const char *cc,
                    long killed)
{
    return mkev(id, "bombing", "Explosions/Remote violence", "Remote explosive/landmine/IED", "183", date, "day", 0,
                place, "Northprov", cc, lat, lon, "city", NULL, NULL, killed, 0);
}

static int match(json_t *a, const char *pa, json_t *b, const char *pb, char *why, size_t n)
{
    inc_event x, y;
    assert_int_equal(inc_event_from_json(a, "docA", pa, &x), 0);
    assert_int_equal(inc_event_from_json(b, "docB", pb, &y), 0);
    double s = inc_match(&x, &y, why, n);
    json_decref(a);
    json_decref(b);
    return s > 0;
}

static void test_grouping_rules(void **state)
{
    (void)state;
    char why[512];
    /* same city, same day, same type: one incident, with a reason */
    assert_true(match(bomb("a#1", "2024-05-10", "Testville", 30.0, 70.0, "PK", 4), "2024-05-10",
                      bomb("b#1", "2024-05-10", "Testville", 30.01, 70.02, "PK", 5), "2024-05-10", why, sizeof why));
    assert_non_null(strstr(why, "same type Explosions/Remote violence"));
    assert_non_null(strstr(why, "km apart"));
    /* two blasts in one city on one day, 3 and 40 dead: apart */
    assert_false(match(bomb("a#1", "2024-05-10", "Testville", 30.0, 70.0, "PK", 3), "2024-05-10",
                       bomb("b#1", "2024-05-10", "Testville", 30.0, 70.0, "PK", 40), "2024-05-10", why, sizeof why));
    assert_non_null(strstr(why, "3 and 40 killed"));
    /* ... unless one report says the toll was revised */
    json_t *rv = bomb("b#1", "2024-05-10", "Testville", 30.0, 70.0, "PK", 40);
    json_object_set_new(json_object_get(rv, "killed"), "revised", json_true());
    assert_true(match(bomb("a#1", "2024-05-10", "Testville", 30.0, 70.0, "PK", 3), "2024-05-10", rv, "2024-05-11",
                      why, sizeof why));
    /* a report dated only by its publication (the 9th) cannot tell of the 10th:
     * two days of one campaign in one city stay apart */
    assert_false(match(mkev("a#1", "bombing", "Explosions/Remote violence", "Remote explosive/landmine/IED", "183",
                            "2024-05-09", "day", 1, "Testville", "Northprov", "PK", 30.0, 70.0, "city", NULL, NULL,
                            -1, 0),
                       "2024-05-09", bomb("b#1", "2024-05-10", "Testville", 30.0, 70.0, "PK", 4), "2024-05-10",
                       why, sizeof why));
    assert_non_null(strstr(why, "later day"));
    /* different countries: apart */
    assert_false(match(bomb("a#1", "2024-05-10", "Testville", 30.0, 70.0, "PK", 4), "2024-05-10",
                       bomb("b#1", "2024-05-10", "Otherburg", 30.0, 70.0, "AF", 4), "2024-05-10", why, sizeof why));
    assert_non_null(strstr(why, "countries"));
    /* far apart cities: apart */
    assert_false(match(bomb("a#1", "2024-05-10", "Testville", 30.0, 70.0, "PK", 4), "2024-05-10",
                       bomb("b#1", "2024-05-10", "Farton", 33.0, 72.0, "PK", 4), "2024-05-10", why, sizeof why));
    /* a background mention a month later, dated "last month": joins */
    json_t *bg = mkev("c#2", "bombing", "Explosions/Remote violence", "Remote explosive/landmine/IED", "183",
                      "2024-05-01", "month", 0, "Testville", "Northprov", "PK", 30.0, 70.0, "city", NULL, NULL, -1, 1);
    json_object_set_new(json_object_get(bg, "date"), "end", json_string("2024-05-31"));
    assert_true(match(bg, "2024-06-12", bomb("a#1", "2024-05-10", "Testville", 30.0, 70.0, "PK", 4), "2024-05-10",
                      why, sizeof why));
    /* an undated background mention within 62 days joins too */
    bg = mkev("c#2", "bombing", "Explosions/Remote violence", "Remote explosive/landmine/IED", "183", NULL, NULL, 0,
              "Testville", "Northprov", "PK", 30.0, 70.0, "city", NULL, NULL, -1, 1);
    assert_true(match(bg, "2024-06-12", bomb("a#1", "2024-05-10", "Testville", 30.0, 70.0, "PK", 4), "2024-05-10",
                      why, sizeof why));
    /* different named perpetrators: apart; one unidentified: together */
    assert_false(match(mkev("a#1", "bombing", "Explosions/Remote violence", "Grenade", "183", "2024-05-10", "day", 0,
                            "Testville", "Northprov", "PK", 30.0, 70.0, "city", "Alpha Front", "rebel group", 2, 0),
                       "2024-05-10",
                       mkev("b#1", "bombing", "Explosions/Remote violence", "Grenade", "183", "2024-05-10", "day", 0,
                            "Testville", "Northprov", "PK", 30.0, 70.0, "city", "Beta Brigade", "rebel group", 2, 0),
                       "2024-05-10", why, sizeof why));
    assert_non_null(strstr(why, "perpetrators"));
    assert_true(match(mkev("a#1", "bombing", "Explosions/Remote violence", "Grenade", "183", "2024-05-10", "day", 0,
                           "Testville", "Northprov", "PK", 30.0, 70.0, "city", "Alpha Front", "rebel group", 2, 0),
                      "2024-05-10",
                      mkev("b#1", "bombing", "Explosions/Remote violence", "Grenade", "183", "2024-05-10", "day", 0,
                           "Testville", "Northprov", "PK", 30.0, 70.0, "city", "Unidentified Armed Group (Pakistan)",
                           "political militia", 2, 0),
                      "2024-05-10", why, sizeof why));
    /* a protest never groups with a bombing */
    assert_false(match(mkev("a#1", "protest", "Protests", "Peaceful protest", "141", "2024-05-10", "day", 0,
                            "Testville", "Northprov", "PK", 30.0, 70.0, "city", NULL, NULL, -1, 0),
                       "2024-05-10", bomb("b#1", "2024-05-10", "Testville", 30.0, 70.0, "PK", -1), "2024-05-10", why,
                       sizeof why));
    /* dates a week apart at day precision: apart */
    assert_false(match(bomb("a#1", "2024-05-01", "Testville", 30.0, 70.0, "PK", 4), "2024-05-01",
                       bomb("b#1", "2024-05-08", "Testville", 30.0, 70.0, "PK", 4), "2024-05-08", why, sizeof why));
}

/* An event with its target type set (the undated-and-unpublished rule compares targets). */
static json_t *with_target(json_t *e, const char *type)
{
    json_object_set_new(e, "target", json_pack("{s:s,s:s}", "text", "something", "type", type));
    return e;
}

/* A located attack in Testville that neither a date nor a publication day places in time. */
static json_t *timeless_attack(const char *id, const char *sub, const char *target)
{
    return with_target(mkev(id, "attack", "Violence against civilians", sub, "180", NULL, NULL, 0, "Testville",
                            "Northprov", "PK", 30.0, 70.0, "city", NULL, NULL, -1, 0),
                       target);
}

static inc_event facts(json_t *e, const char *pub);

/* Undated, unpublished reports told with a generic word ("the attacks", "a
 * killing"): their sub-event type is a default, so they join an incident of
 * their city and type family whose targets include theirs; a report that
 * names its means ("shelling") does not join a generic one. */
static void test_generic_timeless_reports(void)
{
    char why[512];
    inc_event m[3], x;
    m[0] = facts(with_target(bomb("a#1", "2024-05-10", "Testville", 30.0, 70.0, "PK", 20), "Transportation"),
                 "2024-05-10");
    m[1] = facts(with_target(bomb("b#1", "2024-05-10", "Testville", 30.0, 70.0, "PK", 14), "Airports & Aircraft"),
                 "2024-05-10");
    m[2] = facts(with_target(bomb("c#1", "2024-05-10", "Testville", 30.0, 70.0, "PK", 20), "Transportation"),
                 "2024-05-11");
    inc_event core;
    inc_core(m, 3, &core);
    assert_string_equal(core.target_type, "Transportation");
    assert_string_equal(core.other_targets[0], "Airports & Aircraft");
    assert_string_equal(core.other_targets[1], "");
    /* "the death toll from the attacks on the airport": joins the bombings */
    x = facts(timeless_attack("d#1", "Attack", "Airports & Aircraft"), NULL);
    assert_true(inc_match(&x, &core, why, sizeof why) > 0);
    assert_non_null(strstr(why, "same city, type family and target"));
    /* ... but not when no member's target agrees */
    x = facts(timeless_attack("d#1", "Attack", "Business"), NULL);
    assert_true(inc_match(&x, &core, why, sizeof why) <= 0);
    assert_non_null(strstr(why, "targets Business/Transportation differ"));
    /* an undated shelling does not join a killing of its city: it names its means */
    json_t *shelling = timeless_attack("e#1", "Shelling/artillery/missile attack", "Government (General)");
    json_object_set_new(shelling, "kind", json_string("shelling"));
    json_object_set_new(shelling, "event_type", json_string("Explosions/Remote violence"));
    json_t *killing = with_target(mkev("f#1", "killing", "Violence against civilians", "Attack", "180", "2024-05-10",
                                       "day", 0, "Testville", "Northprov", "PK", 30.0, 70.0, "city", NULL, NULL, 2, 0),
                                  "Government (General)");
    assert_false(match(shelling, NULL, killing, "2024-05-10", why, sizeof why));
    assert_non_null(strstr(why, "sub-event types"));
    /* two undated generic reports of one city: a protest crushed and a riot (one family) */
    json_t *force = timeless_attack("g#1", "Excessive force against protesters", "Government (General)");
    json_object_set_new(force, "kind", json_string("killing"));
    json_object_set_new(force, "event_type", json_string("Protests"));
    json_t *riot = timeless_attack("h#1", "Violent demonstration", "Government (General)");
    json_object_set_new(riot, "event_type", json_string("Riots"));
    assert_true(match(force, NULL, riot, NULL, why, sizeof why));
}

static void test_timeless_and_families(void **state)
{
    (void)state;
    char why[512];
    /* two undated, unpublished reports in one city with one sub-event type and target: together */
    assert_true(match(timeless_attack("a#1", "Attack", "Business"), NULL, timeless_attack("b#1", "Attack", "Business"),
                      NULL, why, sizeof why));
    assert_non_null(strstr(why, "undated and unpublished"));
    /* ... but not when what was attacked differs, nor the kind of attack */
    assert_false(match(timeless_attack("a#1", "Attack", "Business"), NULL, timeless_attack("b#1", "Attack", "Police"),
                       NULL, why, sizeof why));
    assert_non_null(strstr(why, "targets Business/Police differ"));
    json_t *kidnap = timeless_attack("b#1", "Abduction/forced disappearance", "Business");
    json_object_set_new(kidnap, "kind", json_string("kidnap"));
    assert_false(match(timeless_attack("a#1", "Attack", "Business"), NULL, kidnap, NULL, why, sizeof why));
    assert_non_null(strstr(why, "sub-event types"));
    /* nor in another city of the province */
    json_t *far = timeless_attack("b#1", "Attack", "Business");
    json_object_set_new(json_object_get(far, "location"), "lat", json_real(30.5));
    assert_false(match(timeless_attack("a#1", "Attack", "Business"), NULL, far, NULL, why, sizeof why));
    /* a bombing and a shooting the same day in one city: one family (political violence) */
    assert_true(match(bomb("a#1", "2024-05-10", "Testville", 30.0, 70.0, "PK", 4), "2024-05-10",
                      with_target(mkev("b#1", "attack", "Violence against civilians", "Attack", "180", "2024-05-10",
                                       "day", 0, "Testville", "Northprov", "PK", 30.0, 70.0, "city", NULL, NULL, 5, 0),
                                  "Business"),
                      "2024-05-11", why, sizeof why));
    assert_non_null(strstr(why, "of one family"));
    /* tolls near the top of a long (pre-coded input may hold any integer) are
     * compared without overflow: 3e18 and 4e18 are within 4 times */
    assert_true(match(bomb("a#1", "2024-05-10", "Testville", 30.0, 70.0, "PK", 3000000000000000000L), "2024-05-10",
                      bomb("b#1", "2024-05-10", "Testville", 30.0, 70.0, "PK", 4000000000000000000L), "2024-05-10",
                      why, sizeof why));
    assert_false(match(bomb("a#1", "2024-05-10", "Testville", 30.0, 70.0, "PK", 3), "2024-05-10",
                       bomb("b#1", "2024-05-10", "Testville", 30.0, 70.0, "PK", 13), "2024-05-10", why, sizeof why));
    assert_non_null(strstr(why, "3 and 13 killed"));
    assert_true(match(bomb("a#1", "2024-05-10", "Testville", 30.0, 70.0, "PK", 3), "2024-05-10",
                      bomb("b#1", "2024-05-10", "Testville", 30.0, 70.0, "PK", 12), "2024-05-10", why, sizeof why));
    /* a riot and a bombing: different families, even with a CAMEO code of force */
    assert_false(match(mkev("a#1", "riot", "Riots", "Violent demonstration", "180", "2024-05-10", "day", 0,
                            "Testville", "Northprov", "PK", 30.0, 70.0, "city", NULL, NULL, -1, 0),
                       "2024-05-10", bomb("b#1", "2024-05-10", "Testville", 30.0, 70.0, "PK", 4), "2024-05-10", why,
                       sizeof why));
    assert_non_null(strstr(why, "different families"));
    assert_int_equal(inc_family("Battles"), INC_F_VIOLENCE);
    test_generic_timeless_reports();
    assert_int_equal(inc_family("Riots"), INC_F_DEMONSTRATIONS);
    assert_int_equal(inc_family("Strategic developments"), INC_F_STRATEGIC);
    assert_int_equal(inc_family(NULL), INC_F_NONE);
}

/* The facts of an event (its json is released). */
static inc_event facts(json_t *e, const char *pub)
{
    inc_event x;
    assert_int_equal(inc_event_from_json(e, "doc", pub, &x), 0);
    json_decref(e);
    return x;
}

static void test_core(void **state)
{
    (void)state;
    inc_event m[4];
    /* type: the majority of the current members, not the first nor the latest */
    m[0] = facts(mkev("a#1", "attack", "Violence against civilians", "Attack", "180", "2024-05-10", "day", 0,
                      "Testville", "Northprov", "PK", 30.0, 70.0, "city", NULL, NULL, 2, 0),
                 "2024-05-10");
    m[1] = facts(bomb("b#1", "2024-05-10", "Testville", 30.0, 70.0, "PK", 3), "2024-05-11");
    m[2] = facts(bomb("c#1", "2024-05-10", "Testville", 30.0, 70.0, "PK", 3), "2024-05-12");
    m[3] = facts(mkev("d#1", "attack", "Violence against civilians", "Attack", "180", "2024-05-10", "day", 0,
                      "Testville", "Northprov", "PK", 30.0, 70.0, "city", NULL, NULL, 2, 1),
                 "2024-05-13");
    assert_int_equal(inc_pick_type(m, 4), 1);
    inc_event core;
    inc_core(m, 4, &core);
    assert_string_equal(core.event_type, "Explosions/Remote violence");
    assert_int_equal(core.published, inc_day("2024-05-10"));
    /* place: the most precise consistent with most members; a lone precise outlier loses */
    m[0] = facts(bomb("a#1", "2024-05-10", "Farton", 33.0, 72.0, "PK", 3), "2024-05-10");
    m[1] = facts(mkev("b#1", "bombing", "Explosions/Remote violence", "Remote explosive/landmine/IED", "183",
                      "2024-05-10", "day", 0, "Northprov", "Northprov", "PK", 30.1, 70.1, "admin1", NULL, NULL, 3, 0),
                 "2024-05-10");
    m[2] = facts(bomb("c#1", "2024-05-10", "Testville", 30.0, 70.0, "PK", 3), "2024-05-11");
    snprintf(m[0].admin1, sizeof m[0].admin1, "Farprov");
    assert_int_equal(inc_pick_place(m, 3, 0), 2);
    inc_core(m, 3, &core);
    assert_string_equal(core.place, "Testville");
    /* date: a stated day before one assumed from publication; none when no member is dated */
    m[0] = facts(mkev("a#1", "bombing", "Explosions/Remote violence", "Remote explosive/landmine/IED", "183",
                      "2024-05-11", "day", 1, "Testville", "Northprov", "PK", 30.0, 70.0, "city", NULL, NULL, 3, 0),
                 "2024-05-11");
    m[1] = facts(bomb("b#1", "2024-05-10", "Testville", 30.0, 70.0, "PK", 3), "2024-05-12");
    assert_int_equal(inc_pick_date(m, 2), 1);
    m[0] = facts(timeless_attack("a#1", "Attack", "Business"), NULL);
    assert_int_equal(inc_pick_date(m, 1), 1);
    inc_core(m, 1, &core);
    assert_true(inc_timeless(&core));
}

/* Are the stores PostgreSQL databases (TACITUS_TEST_BACKEND=postgresql)? */
static int on_pg(void)
{
    const char *b = getenv("TACITUS_TEST_BACKEND");
    return b && strcmp(b, "postgresql") == 0;
}

static void quiet(void *arg, const char *msg)
{
    (void)arg, (void)msg;
}

/* Run one SQL command on the PostgreSQL database db ("postgres": the
 * server's own); returns the first value of the result as a number, 0 for a
 * command, -1 on failure (printed). */
static long pg_sql(const char *db, const char *sql)
{
    char conninfo[256];
    snprintf(conninfo, sizeof conninfo, "dbname=%s", db);
    PGconn *c = PQconnectdb(conninfo);
    PQsetNoticeProcessor(c, quiet, NULL);
    long v = -1;
    PGresult *res = PQstatus(c) == CONNECTION_OK ? PQexec(c, sql) : NULL;
    if (res && PQresultStatus(res) == PGRES_TUPLES_OK && PQntuples(res) > 0)
        v = atol(PQgetvalue(res, 0, 0));
    else if (res && PQresultStatus(res) == PGRES_COMMAND_OK)
        v = 0;
    else
        printf("# %s: %s: %s", db, sql, PQerrorMessage(c));
    PQclear(res);
    PQfinish(c);
    return v;
}

/* The --db of a new, absent or empty store named after tag: an SQLite file
 * path, or the URL of a new PostgreSQL database. */
static void tmpname(char *out, size_t n, const char *tag)
{
    if (on_pg()) {
        char db[64], sql[200];
        snprintf(db, sizeof db, "tstore_%ld_%s", (long)getpid(), tag);
        snprintf(sql, sizeof sql, "DROP DATABASE IF EXISTS %s", db);
        assert_int_equal(pg_sql("postgres", sql), 0);
        snprintf(sql, sizeof sql, "CREATE DATABASE %s", db);
        assert_int_equal(pg_sql("postgres", sql), 0);
        const char *host = getenv("PGHOST"), *port = getenv("PGPORT"), *user = getenv("PGUSER");
        snprintf(out, n, "postgresql:///%s?host=%s&port=%s&user=%s", db, host ? host : "/var/run/postgresql",
                 port ? port : "5432", user ? user : "postgres");
        return;
    }
    snprintf(out, n, "/tmp/tacitus-test-store-%ld-%s.db", (long)getpid(), tag);
    char side[600];
    unlink(out);
    snprintf(side, sizeof side, "%s-wal", out);
    unlink(side);
    snprintf(side, sizeof side, "%s-shm", out);
    unlink(side);
}

static int count_cb(void *ud, json_t *inc)
{
    ++*(long *)ud;
    json_decref(inc);
    return 0;
}

static int add(store *s, const char *id, const char *pub, const char *text, json_t *events, store_result *r)
{
    json_t *rec = json_pack("{s:{s:s,s:s,s:n},s:o}", "doc", "id", id, "published", pub, "url", "events", events);
    char hash[33], err[512];
    store_text_hash(text, strlen(text), hash);
    store_doc d = {id, NULL, "A test report", pub, "test", text, strlen(text), hash};
    int rc = store_add_document(s, &d, rec, r, err, sizeof err);
    if (rc < 0)
        printf("# %s\n", err);
    json_decref(rec);
    return rc;
}

static void test_idempotent_and_reconcile(void **state)
{
    (void)state;
    char path[512], err[512];
    tmpname(path, sizeof path, "main");
    store *s;
    assert_int_equal(store_open(path, 0, &s, err, sizeof err), 0);
    store_result r;
    assert_int_equal(add(s, "r1", "2024-05-10", "A bomb killed four people in Testville on Friday.",
                         json_pack("[o]", bomb("r1#1", "2024-05-10", "Testville", 30.0, 70.0, "PK", 4)), &r),
                     0);
    assert_int_equal(r.created, 1);
    /* the same document again: skipped; the same text under a new id: skipped */
    assert_int_equal(add(s, "r1", "2024-05-10", "A bomb killed four people in Testville on Friday.",
                         json_pack("[o]", bomb("r1#1", "2024-05-10", "Testville", 30.0, 70.0, "PK", 4)), &r),
                     1);
    assert_int_equal(add(s, "r1-copy", "2024-05-10", "A bomb killed four people in Testville on Friday.",
                         json_pack("[o]", bomb("r1-copy#1", "2024-05-10", "Testville", 30.0, 70.0, "PK", 4)), &r),
                     1);
    assert_int_equal(store_count(s, "documents"), 1);
    assert_int_equal(store_count(s, "events"), 1);
    /* a later report of the same bombing: the toll rose to seven */
    assert_int_equal(add(s, "r2", "2024-05-11", "The toll of Friday's Testville bombing rose to seven.",
                         json_pack("[o]", bomb("r2#1", "2024-05-10", "Testville", 30.01, 70.0, "PK", 7)), &r),
                     0);
    assert_int_equal(r.updated, 1);
    assert_int_equal(store_count(s, "incidents"), 1);
    /* an earlier-published lower figure would not replace it; check the reconciled incident */
    json_t *d = store_incident_detail(s, "INC-000001", err, sizeof err);
    assert_non_null(d);
    json_t *inc = json_object_get(d, "incident");
    assert_int_equal(json_integer_value(json_object_get(json_object_get(inc, "killed"), "min")), 7);
    assert_int_equal(json_array_size(json_object_get(inc, "documents")), 2);
    assert_string_equal(json_string_value(json_object_get(inc, "first_reported")), "2024-05-10");
    assert_string_equal(json_string_value(json_object_get(inc, "last_reported")), "2024-05-11");
    json_t *figs = json_object_get(d, "figures");
    assert_int_equal(json_array_size(figs), 2);
    assert_string_equal(json_string_value(json_object_get(json_array_get(figs, 0), "doc_id")), "r1");
    assert_int_equal(json_integer_value(json_object_get(json_array_get(figs, 0), "min")), 4);
    assert_string_equal(json_string_value(json_object_get(json_array_get(figs, 1), "doc_id")), "r2");
    assert_int_equal(json_integer_value(json_object_get(json_array_get(figs, 1), "min")), 7);
    const char *why = json_string_value(json_object_get(json_array_get(json_object_get(d, "events"), 1), "join_reason"));
    assert_non_null(strstr(why, "matches the core of INC-000001 (1 report)"));
    json_decref(d);
    /* a second blast the same day in the same city with 40 dead: a new incident */
    assert_int_equal(add(s, "r3", "2024-05-10", "A second blast killed forty in Testville.",
                         json_pack("[o]", bomb("r3#1", "2024-05-10", "Testville", 30.0, 70.0, "PK", 40)), &r),
                     0);
    assert_int_equal(r.created, 1);
    /* query: by minimum killed, by country, by place */
    store_filter f;
    store_filter_init(&f);
    long count = 0;
    f.min_killed = 10;
    assert_int_equal(store_query(s, &f, count_cb, &count, err, sizeof err), 1);
    store_filter_init(&f);
    f.country = "AF";
    assert_int_equal(store_query(s, &f, count_cb, &count, err, sizeof err), 0);
    store_filter_init(&f);
    f.near = 1, f.lat = 30.05, f.lon = 70.05, f.km = 20;
    assert_int_equal(store_query(s, &f, count_cb, &count, err, sizeof err), 2);
    f.lat = 35;
    assert_int_equal(store_query(s, &f, count_cb, &count, err, sizeof err), 0);
    store_filter_init(&f);
    f.text = "toll seven";
    assert_int_equal(store_query(s, &f, count_cb, &count, err, sizeof err), 1);
    /* a search box left blank filters nothing (it once became an empty FTS5
     * query: an error, HTTP 500); a word that no report holds finds nothing */
    f.text = " \t ";
    assert_int_equal(store_query(s, &f, count_cb, &count, err, sizeof err), 2);
    f.text = "zebra";
    assert_int_equal(store_query(s, &f, count_cb, &count, err, sizeof err), 0);
    store_close(s);
    tmpname(path, sizeof path, "main");
}

/* The event type of a stored incident. */
static char *incident_type(store *s, const char *iid)
{
    char err[256];
    json_t *d = store_incident_detail(s, iid, err, sizeof err);
    assert_non_null(d);
    char *t = strdup(json_string_value(json_object_get(json_object_get(d, "incident"), "event_type")));
    json_decref(d);
    return t;
}

static void test_grouping_by_core(void **state)
{
    (void)state;
    char path[512], err[512];
    tmpname(path, sizeof path, "core");
    store *s;
    assert_int_equal(store_open(path, 0, &s, err, sizeof err), 0);
    store_result r;
    /* a located attack, then a country-level report of the same days that joins it */
    assert_int_equal(add(s, "c1", "2024-06-12", "A bomb killed nine people in Northtown on Wednesday.",
                         json_pack("[o]", bomb("c1#1", "2024-06-12", "Northtown", 30.0, 70.0, "PK", 9)), &r),
                     0);
    json_t *country = mkev("c2#1", "bombing", "Explosions/Remote violence", "Remote explosive/landmine/IED", "183",
                           "2024-06-11", "day", 0, "Pakistan", "", "PK", 30.0, 70.0, "country", NULL, NULL, 12, 0);
    assert_int_equal(add(s, "c2", "2024-06-12", "Bombings killed a dozen people across Pakistan this week.",
                         json_pack("[o]", country), &r),
                     0);
    assert_int_equal(r.updated, 1);
    /* a second attack 450 km away, a day before the country-level report's date: the
     * country-level member would match it, the incident's core (Northtown) does not */
    assert_int_equal(add(s, "c3", "2024-06-13", "A bomb killed three people in Southtown on Monday.",
                         json_pack("[o]", bomb("c3#1", "2024-06-10", "Southtown", 27.0, 66.0, "PK", 3)), &r),
                     0);
    assert_int_equal(r.created, 1);
    assert_int_equal(store_count(s, "incidents"), 2);
    /* a riot report in Northtown the same day does not join the bombing nor change its type */
    assert_int_equal(add(s, "c4", "2024-06-12", "Rioters burned cars in Northtown on Wednesday.",
                         json_pack("[o]", mkev("c4#1", "riot", "Riots", "Violent demonstration", "180", "2024-06-12",
                                               "day", 0, "Northtown", "Northprov", "PK", 30.0, 70.0, "city", NULL,
                                               NULL, -1, 0)),
                         &r),
                     0);
    assert_int_equal(r.created, 1);
    char *t = incident_type(s, "INC-000001");
    assert_string_equal(t, "Explosions/Remote violence");
    free(t);
    /* the type is the members' majority: a shooting first, then two bombing reports */
    json_t *shooting = mkev("c5#1", "attack", "Violence against civilians", "Attack", "180", "2024-07-01", "day", 0,
                            "Easttown", "Northprov", "PK", 31.0, 72.0, "city", NULL, NULL, 4, 0);
    assert_int_equal(add(s, "c5", "2024-07-01", "Gunmen killed four in Easttown.", json_pack("[o]", shooting), &r),
                     0);
    assert_int_equal(add(s, "c6", "2024-07-02", "A bomb killed four in Easttown on Monday.",
                         json_pack("[o]", bomb("c6#1", "2024-07-01", "Easttown", 31.0, 72.0, "PK", 4)), &r),
                     0);
    assert_int_equal(add(s, "c7", "2024-07-03", "Monday's Easttown bomb killed five.",
                         json_pack("[o]", bomb("c7#1", "2024-07-01", "Easttown", 31.0, 72.0, "PK", 5)), &r),
                     0);
    assert_int_equal(store_count(s, "incidents"), 4);
    t = incident_type(s, "INC-000004");
    assert_string_equal(t, "Explosions/Remote violence");
    free(t);
    store_close(s);
    tmpname(path, sizeof path, "core");
}

static unsigned char *slurp(const char *path, size_t *n)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    unsigned char *b = malloc(1 << 20);
    *n = fread(b, 1, 1 << 20, f);
    fclose(f);
    return b;
}

/* Opening path for writing must fail with a message containing want, and
 * leave the file byte for byte as it was. */
static void refused(const char *path, const char *want)
{
    size_t n0, n1;
    unsigned char *b0 = slurp(path, &n0);
    assert_non_null(b0);
    store *s = NULL;
    char err[512];
    assert_int_equal(store_open(path, 0, &s, err, sizeof err), -1);
    assert_null(s);
    assert_non_null(strstr(err, path));
    assert_non_null(strstr(err, want));
    assert_null(strchr(err, '\n'));
    unsigned char *b1 = slurp(path, &n1);
    assert_int_equal(n0, n1);
    assert_memory_equal(b0, b1, n0);
    free(b0);
    free(b1);
}

/* The database name of a store URL made by tmpname. */
static const char *url_db(const char *url, char *db, size_t n)
{
    const char *p = strstr(url, ":///");
    snprintf(db, n, "%.*s", p ? (int)strcspn(p + 4, "?") : 0, p ? p + 4 : "");
    return db;
}

/* Opening url for writing must fail with a message containing want, on one
 * line, and leave the database's tables as they were (the number probe, a
 * query over the tables, gives before and after). */
#define PROBE_TABLES "SELECT (SELECT count(*) FROM pg_tables WHERE schemaname = 'public') * 1000000"
#define PROBE_STORE                                                                                        \
    PROBE_TABLES " + (SELECT sum(length(key) + length(value)) FROM meta) + (SELECT count(*) FROM documents) * 1000"
static void refused_pg(const char *url, const char *want, const char *probe)
{
    char db[128];
    url_db(url, db, sizeof db);
    long before = pg_sql(db, probe);
    store *s = NULL;
    char err[512];
    assert_int_equal(store_open(url, 0, &s, err, sizeof err), -1);
    assert_null(s);
    printf("# refused as expected: %s\n", err);
    assert_non_null(strstr(err, db));
    assert_non_null(strstr(err, want));
    assert_null(strchr(err, '\n'));
    assert_int_equal(pg_sql(db, probe), before);
}

static void test_refusals_pg(void)
{
    char url[512], err[512], db[128], sql[300];
    store *s;
    /* a store from a newer schema */
    tmpname(url, sizeof url, "newer");
    assert_int_equal(store_open(url, 0, &s, err, sizeof err), 0);
    store_close(s);
    assert_int_equal(pg_sql(url_db(url, db, sizeof db), "UPDATE meta SET value = '99' WHERE key = 'schema_version'"),
                     0);
    refused_pg(url, "newer", PROBE_STORE);
    /* a database with tables of its own and no meta */
    tmpname(url, sizeof url, "foreign");
    assert_int_equal(pg_sql(url_db(url, db, sizeof db), "CREATE TABLE birds(name TEXT); INSERT INTO birds VALUES ('wren')"),
                     0);
    refused_pg(url, "not a tacitus database", PROBE_TABLES " + (SELECT count(*) FROM birds)");
    /* a read-only database: refused for writing, fine for reading */
    tmpname(url, sizeof url, "ro");
    assert_int_equal(store_open(url, 0, &s, err, sizeof err), 0);
    store_close(s);
    snprintf(sql, sizeof sql, "ALTER DATABASE %s SET default_transaction_read_only = on", url_db(url, db, sizeof db));
    assert_int_equal(pg_sql("postgres", sql), 0);
    refused_pg(url, "read-only", PROBE_STORE);
    assert_int_equal(store_open(url, 1, &s, err, sizeof err), 0);
    store_close(s);
    /* no server there: one line naming the URL, with the password masked */
    const char *bad = "postgresql://someone:secret@127.0.0.1:1/nowhere?connect_timeout=2";
    assert_int_equal(store_open(bad, 0, &s, err, sizeof err), -1);
    assert_non_null(strstr(err, "cannot connect"));
    assert_non_null(strstr(err, "someone:***@127.0.0.1:1/nowhere"));
    assert_null(strstr(err, "secret"));
    assert_null(strchr(err, '\n'));
    /* an empty database opened for reading: not a store, and still empty */
    tmpname(url, sizeof url, "empty");
    assert_int_equal(store_open(url, 1, &s, err, sizeof err), -1);
    assert_non_null(strstr(err, "not a tacitus database (empty)"));
    assert_int_equal(pg_sql(url_db(url, db, sizeof db), "SELECT count(*) FROM pg_tables WHERE schemaname = 'public'"), 0);
}

static void test_refusals(void **state)
{
    (void)state;
    char path[512], err[512];
    if (on_pg()) {
        test_refusals_pg();
        return;
    }
    /* a store from a newer schema */
    tmpname(path, sizeof path, "newer");
    store *s;
    assert_int_equal(store_open(path, 0, &s, err, sizeof err), 0);
    store_close(s);
    sqlite3 *db;
    assert_int_equal(sqlite3_open(path, &db), SQLITE_OK);
    assert_int_equal(sqlite3_exec(db, "PRAGMA journal_mode=DELETE; UPDATE meta SET value = '99' WHERE key = 'schema_version'",
                                  NULL, NULL, NULL), SQLITE_OK);
    sqlite3_close(db);
    refused(path, "newer");
    tmpname(path, sizeof path, "newer");
    /* a plain SQLite file without meta */
    tmpname(path, sizeof path, "foreign");
    assert_int_equal(sqlite3_open(path, &db), SQLITE_OK);
    assert_int_equal(sqlite3_exec(db, "CREATE TABLE birds(name TEXT); INSERT INTO birds VALUES ('wren')", NULL, NULL, NULL),
                     SQLITE_OK);
    sqlite3_close(db);
    refused(path, "not a tacitus database");
    tmpname(path, sizeof path, "foreign");
    /* a text file */
    tmpname(path, sizeof path, "text");
    FILE *f = fopen(path, "w");
    fputs("these are not the tables you are looking for\n", f);
    fclose(f);
    refused(path, "not an SQLite file");
    tmpname(path, sizeof path, "text");
    /* a read-only copy of a good store */
    tmpname(path, sizeof path, "ro");
    assert_int_equal(store_open(path, 0, &s, err, sizeof err), 0);
    store_close(s);
    assert_int_equal(chmod(path, 0444), 0);
    refused(path, "read-only");
    assert_int_equal(store_open(path, 1, &s, err, sizeof err), 0); /* reading it is fine */
    store_close(s);
    chmod(path, 0644);
    tmpname(path, sizeof path, "ro");
}

/* Batched ingest: documents become visible to other readers at the batch's
 * commit; a skipped or a stored document inside a batch behaves as alone;
 * store_flush and store_close commit what is open; the incidents a batch
 * joined are reconciled at its commit. */
static void test_batches(void **state)
{
    (void)state;
    char path[512], err[512];
    tmpname(path, sizeof path, "batch");
    store *s, *reader;
    store_result r;
    assert_int_equal(store_open(path, 0, &s, err, sizeof err), 0);
    store_set_batch(s, 3, 0); /* no time limit: the commits below depend on counts alone */
    assert_int_equal(add(s, "b1", "2024-06-01", "A bomb killed two people in Testville.",
                         json_pack("[o]", bomb("b1#1", "2024-06-01", "Testville", 30.0, 70.0, "PK", 2)), &r),
                     0);
    assert_int_equal(add(s, "b1", "2024-06-01", "A bomb killed two people in Testville.",
                         json_pack("[o]", bomb("b1#1", "2024-06-01", "Testville", 30.0, 70.0, "PK", 2)), &r),
                     1); /* the same document inside the open batch: skipped */
    assert_int_equal(add(s, "b2", "2024-06-02", "The Testville bomb toll rose to three.",
                         json_pack("[o]", bomb("b2#1", "2024-06-01", "Testville", 30.0, 70.0, "PK", 3)), &r),
                     0);
    assert_int_equal(r.updated, 1); /* grouping sees the uncommitted incident */
    assert_int_equal(store_open(path, 1, &reader, err, sizeof err), 0);
    assert_int_equal(store_count(reader, "documents"), 0); /* two documents, not yet committed */
    assert_int_equal(add(s, "b3", "2024-06-03", "Gunmen shot a guard in Otherton.",
                         json_pack("[o]", bomb("b3#1", "2024-06-03", "Otherton", 31.0, 71.0, "PK", 1)), &r),
                     0); /* the third document fills the batch: committed */
    assert_int_equal(r.committed, 3);
    assert_int_equal(store_count(reader, "documents"), 3);
    /* reconciled at the commit, once, from both reports of the bombing: the revised
     * toll, both figures in the history, both documents */
    json_t *d = store_incident_detail(reader, "INC-000001", err, sizeof err);
    assert_non_null(d);
    json_t *inc = json_object_get(d, "incident");
    assert_int_equal(json_integer_value(json_object_get(json_object_get(inc, "killed"), "min")), 3);
    assert_int_equal(json_array_size(json_object_get(inc, "documents")), 2);
    assert_int_equal(json_array_size(json_object_get(d, "figures")), 2);
    assert_int_equal(json_array_size(json_object_get(d, "events")), 2);
    json_decref(d);
    assert_int_equal(add(s, "b4", "2024-07-04", "A mine killed a farmer near Testville.",
                         json_pack("[o]", bomb("b4#1", "2024-07-04", "Testville", 30.0, 70.0, "PK", 1)), &r),
                     0);
    assert_int_equal(r.committed, 0);
    assert_int_equal(store_count(reader, "documents"), 3);
    assert_int_equal(store_flush(s, err, sizeof err), 1);
    assert_int_equal(store_count(reader, "documents"), 4);
    assert_int_equal(store_flush(s, err, sizeof err), 0); /* nothing open: a no-op */
    assert_int_equal(add(s, "b5", "2024-08-05", "Police said a blast hit Otherton market.",
                         json_pack("[o]", bomb("b5#1", "2024-08-05", "Otherton", 31.0, 71.0, "PK", 0)), &r),
                     0);
    store_close(s); /* commits the open batch */
    assert_int_equal(store_count(reader, "documents"), 5);
    assert_int_equal(store_count(reader, "incidents"), 4);
    store_close(reader);
    tmpname(path, sizeof path, "batch");
}

static long sql_long(const char *path, const char *sql)
{
    sqlite3 *db;
    sqlite3_stmt *st;
    long v = -1;
    if (sqlite3_open_v2(path, &db, SQLITE_OPEN_READONLY, NULL) == SQLITE_OK &&
        sqlite3_prepare_v2(db, sql, -1, &st, NULL) == SQLITE_OK) {
        if (sqlite3_step(st) == SQLITE_ROW)
            v = (long)sqlite3_column_int64(st, 0);
        sqlite3_finalize(st);
    }
    sqlite3_close(db);
    return v;
}

/* A version-1 store (2-D R*Tree, no day span, no coarse-candidate indexes,
 * version 2's query indexes), made by undoing versions 2 and 3 by hand: a
 * reader opens it as it is; a writer upgrades it in place (1 to 2 to 3 to
 * 4), keeping every incident and its grouping. */
static void test_migration_from_v1(void **state)
{
    (void)state;
    char path[512], err[512];

    tmpname(path, sizeof path, "v1");
    store *s;
    store_result r;
    assert_int_equal(store_open(path, 0, &s, err, sizeof err), 0);
    assert_int_equal(add(s, "m1", "2024-03-02", "A bomb killed five people in Testville.",
                         json_pack("[o]", bomb("m1#1", "2024-03-02", "Testville", 30.0, 70.0, "PK", 5)), &r),
                     0);
    store_close(s);
    sqlite3 *db;
    assert_int_equal(sqlite3_open(path, &db), SQLITE_OK);
    assert_int_equal(sqlite3_exec(db,
                                  "DROP TRIGGER incident_rollup_insert; DROP TRIGGER incident_rollup_delete;"
                                  "DROP TRIGGER incident_rollup_update_old; DROP TRIGGER incident_rollup_update_new;"
                                  "DROP INDEX incidents_changed;"
                                  "DROP TABLE incident_rollup; DROP INDEX incidents_date;"
                                  "DROP TABLE feeds; DROP TABLE feed_items;"
                                  "ALTER TABLE incidents DROP COLUMN has_json;"
                                  "DROP TABLE incidents_rtree; DROP INDEX events_cc_day; DROP INDEX events_undated;"
                                  "DROP INDEX incidents_cc_date; CREATE INDEX incidents_cc_date ON"
                                  " incidents(country_code, date_start);"
                                  "CREATE VIRTUAL TABLE incidents_rtree USING rtree(id, min_lat, max_lat, min_lon,"
                                  " max_lon);"
                                  "INSERT INTO incidents_rtree SELECT rowid, lat, lat, lon, lon FROM incidents;"
                                  "UPDATE meta SET value = '1' WHERE key = 'schema_version';"
                                  "DELETE FROM meta WHERE key = 'max_span_days';"
                                  "UPDATE incidents SET updated_at = '2000-01-01T00:00:00Z';",
                                  NULL, NULL, NULL),
                     SQLITE_OK);
    sqlite3_close(db);
    /* a reader: opened as it is, the place filter still works */
    assert_int_equal(store_open(path, 1, &s, err, sizeof err), 0);
    store_filter f;
    store_filter_init(&f);
    f.near = 1, f.lat = 30.0, f.lon = 70.0, f.km = 10;
    long count = 0;
    long n = store_query(s, &f, count_cb, &count, err, sizeof err);
    if (n != 1)
        printf("# %s\n", err);
    assert_int_equal(n, 1);
    store_close(s);
    assert_int_equal(sql_long(path, "SELECT value FROM meta WHERE key = 'schema_version'"), 1);
    /* a writer: upgraded, the day span filled, updated_at kept */
    assert_int_equal(store_open(path, 0, &s, err, sizeof err), 0);
    assert_int_equal(sql_long(path, "SELECT value FROM meta WHERE key = 'schema_version'"), STORE_SCHEMA_VERSION);
    /* version 3: the query indexes hold the filters' columns */
    assert_int_equal(sql_long(path, "SELECT count(*) FROM pragma_index_info('incidents_cc_date')"), 8);
    assert_int_equal(sql_long(path, "SELECT count(*) FROM pragma_index_info('events_incident')"), 4);
    assert_int_equal(sql_long(path, "SELECT max_day - min_day FROM incidents_rtree"), 0);
    assert_int_equal(sql_long(path, "SELECT min_day FROM incidents_rtree"), 19784); /* 2024-03-02 */
    assert_int_equal(sql_long(path, "SELECT count(*) FROM sqlite_master WHERE name = 'events_undated'"), 1);
    assert_int_equal(sql_long(path, "SELECT count(*) FROM incidents WHERE updated_at = '2000-01-01T00:00:00Z'"), 1);
    /* version 4: the rollup holds the stored incident; incidents_date covers the dashboard's groupings */
    assert_int_equal(sql_long(path, "SELECT sum(n) * 1000 + sum(killed) FROM incident_rollup"), 1005);
    assert_int_equal(sql_long(path, "SELECT count(*) FROM pragma_index_info('incidents_date')"), 12);
    assert_int_equal(sql_long(path, "SELECT sum(has_json) FROM incidents"), 1);
    /* version 5: the change feed's index; the news feeds' tables, empty */
    assert_int_equal(sql_long(path, "SELECT count(*) FROM pragma_index_info('incidents_changed')"), 2);
    assert_int_equal(sql_long(path, "SELECT count(*) FROM feeds") + sql_long(path, "SELECT count(*) FROM feed_items"), 0);
    /* the longest incident span (which bounds query --since) is recorded: one day, 0 */
    assert_int_equal(sql_long(path, "SELECT value FROM meta WHERE key = 'max_span_days'"), 0);
    /* and grouping goes on: the next day's report joins the incident */
    assert_int_equal(add(s, "m2", "2024-03-03", "The Testville bomb toll rose to six.",
                         json_pack("[o]", bomb("m2#1", "2024-03-02", "Testville", 30.0, 70.0, "PK", 6)), &r),
                     0);
    assert_int_equal(r.updated, 1);
    store_close(s);
    assert_int_equal(sql_long(path, "SELECT count(*) FROM incidents"), 1);
    tmpname(path, sizeof path, "v1");
}

static void test_hash_and_days(void **state)
{
    (void)state;
    char a[33], b[33];
    store_text_hash("abc", 3, a);
    store_text_hash("abd", 3, b);
    assert_int_equal(strlen(a), 32);
    assert_string_not_equal(a, b);
    assert_int_equal(inc_day("1970-01-02"), 1);
    char d[11];
    inc_day_str(inc_day("2024-02-29"), d);
    assert_string_equal(d, "2024-02-29");
    assert_int_equal(inc_day("2024-13-01"), -1);
}

/* store_delete_documents: an unknown id deletes nothing; a report of a
 * two-report incident leaves it reconciled from the other (its figure
 * history too); the last report takes the incident with it. */
static void test_delete_documents(void **state)
{
    (void)state;
    char path[512], err[512];
    tmpname(path, sizeof path, "del");
    static const struct { const char *id, *ev, *pub, *text; long killed; } reports[] = {
        {"d/1.txt", "d/1.txt#1", "2024-05-10", "A bomb killed four people in Testville on Friday.", 4},
        {"e/1.txt", "e/1.txt#1", "2024-05-11", "The toll of Friday's Testville bombing rose to seven.", 7}};
    store *s;
    store_result r;
    assert_int_equal(store_open(path, 0, &s, err, sizeof err), 0);
    for (int i = 0; i < 2; i++) /* two reports of one bombing: one incident */
        assert_int_equal(add(s, reports[i].id, reports[i].pub, reports[i].text,
                             json_pack("[o]", bomb(reports[i].ev, "2024-05-10", "Testville", 30.0, 70.0, "PK",
                                                   reports[i].killed)), &r), 0);
    assert_int_equal(store_count(s, "incidents"), 1);
    store_change ch = {0};
    const char *bad[] = {"d/1.txt", "no/such.txt"};
    assert_int_equal(store_delete_documents(s, bad, 2, &ch, err, sizeof err), -2);
    assert_non_null(strstr(err, "no/such.txt"));
    assert_int_equal(store_count(s, "documents"), 2);
    assert_int_equal(store_count(s, "events"), 2);
    assert_int_equal(store_document_exists(s, "e/1.txt", err, sizeof err), 1);
    const char *first[] = {"e/1.txt"};
    assert_int_equal(store_delete_documents(s, first, 1, &ch, err, sizeof err), 0);
    assert_int_equal(ch.documents, 1);
    assert_int_equal(ch.reconciled, 1);
    assert_int_equal(store_document_exists(s, "e/1.txt", err, sizeof err), 0);
    json_t *d = store_incident_detail(s, "INC-000001", err, sizeof err);
    assert_non_null(d);
    json_t *inc = json_object_get(d, "incident");
    assert_int_equal(json_integer_value(json_object_get(json_object_get(inc, "killed"), "min")), 4);
    assert_int_equal(json_array_size(json_object_get(inc, "documents")), 1);
    assert_int_equal(json_array_size(json_object_get(d, "figures")), 1);
    json_decref(d);
    const char *last[] = {"d/1.txt"};
    assert_int_equal(store_delete_documents(s, last, 1, &ch, err, sizeof err), 0);
    assert_int_equal(ch.removed, 1);
    assert_int_equal(store_count(s, "incidents"), 0);
    assert_int_equal(store_count(s, "figure_history"), 0);
    assert_int_equal(store_count(s, "events") + store_count(s, "documents"), 0);
    store_close(s);
    tmpname(path, sizeof path, "del");
}

/* ---- the incidents' rollup (rollup.h): store_stats from it equals the exact query */

/* store_stats's groups of g under f as text lines "key<TAB>incidents<TAB>killed". */
static int stats_line(void *ud, const char *key, long incidents, long killed)
{
    fprintf(ud, "%s\t%ld\t%ld\n", key ? key : "(null)", incidents, killed);
    return 0;
}

/* store_stats of g under f as text (malloc'd), through the rollup where it fits
 * (exact 0) or by the exact query (exact 1). */
static char *stats_text(store *s, const store_filter *f, enum store_group g, int exact)
{
    char *buf = NULL, err[512] = "";
    size_t len = 0;
    FILE *out = open_memstream(&buf, &len);
    assert_non_null(out);
    if (exact)
        setenv("TACITUS_STATS_EXACT", "1", 1);
    else
        unsetenv("TACITUS_STATS_EXACT");
    long n = store_stats(s, f, g, stats_line, out, err, sizeof err);
    unsetenv("TACITUS_STATS_EXACT");
    fclose(out);
    if (n < 0)
        printf("# %s\n", err);
    assert_true(n >= 0);
    return buf;
}

/* The filters compared: none, each that the rollup answers, and some together. */
#define ROLLUP_FILTERS 11
static void rollup_filter(int i, store_filter *f)
{
    static const char *const types[] = {"Explosions/Remote violence", "Battles"};
    store_filter_init(f);
    f->background = i == 1 ? 0 : i == 2 ? 1 : -1;
    if (i == 3 || i == 5)
        f->since = "2024-01-01";
    if (i == 4)
        f->until = "2024-02-29";
    if (i == 5)
        f->until = "2024-01-31", f->background = 0;
    if (i == 6)
        f->country = "pk";
    if (i == 7)
        f->types[0] = types[0], f->types[1] = types[1], f->ntypes = 2;
    if (i == 8)
        f->type = "Protests", f->since = "2023-12-01", f->until = "2024-03-31";
    if (i == 9)
        f->since = "2024-02-01", f->until = "2024-02-29";
    if (i == 10)
        f->since = "2024-03-01", f->until = "2024-03-31", f->country = "PK";
}

/* Every group of store_stats under every filter above: the same text through the
 * rollup as by the exact query. Returns the number of groups seen. */
static long rollup_agrees(store *s, const char *when)
{
    static const enum store_group groups[] = {STORE_BY_MONTH, STORE_BY_MONTH_TYPE, STORE_BY_COUNTRY, STORE_BY_TYPE};
    long lines = 0;
    for (size_t g = 0; g < sizeof groups / sizeof *groups; g++)
        for (int i = 0; i < ROLLUP_FILTERS; i++) {
            store_filter f;
            rollup_filter(i, &f);
            char *fast = stats_text(s, &f, groups[g], 0), *exact = stats_text(s, &f, groups[g], 1);
            if (strcmp(fast, exact) != 0)
                printf("# %s: group %d, filter %d:\n# rollup:\n%s# exact:\n%s", when, (int)groups[g], i, fast, exact);
            assert_string_equal(fast, exact);
            for (const char *c = exact; *c; c++)
                lines += *c == '\n';
            free(fast);
            free(exact);
        }
    return lines;
}

/* Run sql on the store at path (SQLite file or PostgreSQL URL). */
static void store_sql(const char *path, const char *sql)
{
    if (on_pg()) {
        char db[128];
        assert_int_equal(pg_sql(url_db(path, db, sizeof db), sql), 0);
        return;
    }
    sqlite3 *db;
    assert_int_equal(sqlite3_open(path, &db), SQLITE_OK);
    assert_int_equal(sqlite3_exec(db, sql, NULL, NULL, NULL), SQLITE_OK);
    sqlite3_close(db);
}

/* Invented reports of one event each, spread over types, countries, months
 * and the dates the rollup must count as the exact query does: a year, none,
 * one across a new year, an impossible day (30 February), an end cut to its
 * month, a toll not known, background. r1 and r2 tell one incident. */
static void rollup_reports(store *s)
{
    static const struct {
        const char *id, *type, *start, *end, *prec, *place, *cc, *text;
        double lat;
        long killed;
        int bg;
    } r[] = {
        {"r1", "Explosions/Remote violence", "2024-01-15", NULL, "day", "Testville", "PK",
         "A suicide bomber killed 12 people at a market in Peshawar, Pakistan, on Monday, police said.", 30.0, 4, 0},
        {"r2", "Explosions/Remote violence", "2024-01-15", NULL, "day", "Testville", "PK",
         "The toll of the Testville bombing rose to seven.", 30.0, 7, 0},
        {"r3", "Battles", "2024-01-31", NULL, "day", "Hilltown", "AF", "Fighting in Hilltown.", 34.0, -1, 0},
        {"r4", "Protests", "2024-02-29", NULL, "day", "Rivertown", "IQ",
         "Police fired on protesters in Baghdad, Iraq, on Tuesday, killing three people.", 33.0, 0, 1},
        {"r5", "Explosions/Remote violence", "2024-01-01", "2024-12-31", "year", "Lakeside", "PK", "A year of bombs.",
         31.0, 20, 0},
        {"r6", "Battles", NULL, NULL, NULL, "Farpoint", "PK", "Clashes, no date.", 32.0, 2, 0},
        {"r7", "Battles", "2023-12-30", "2024-01-05", "week", "Snowfield", "AF", "A week of clashes.", 35.0, 9, 0},
        {"r8", "Protests", "2024-02-30", NULL, "day", "Oddville", "AF", "A protest on an odd day.", 36.0, 1, 0},
        {"r9", "Riots", "2024-03-05", "2024-03", "day", "Cutend", "IQ", "A riot.", 34.5, 3, 0},
        {"r10", "Riots", "2023-11-30", NULL, "day", "Oldtown", "IQ", "An old riot.", 32.5, 2, 0},
        {"r11", "Protests", "2024-03-31", NULL, "day", "Lasttown", "PK", "A protest.", 29.0, -1, 1},
    };
    for (size_t i = 0; i < sizeof r / sizeof *r; i++) {
        json_t *ev = mkev("x", "bombing", r[i].type, NULL, "183", r[i].start, r[i].prec, 0, r[i].place, "Prov",
                          r[i].cc, r[i].lat, 70.0, "city", NULL, NULL, r[i].killed, r[i].bg);
        char id[16];
        assert_non_null(ev);
        snprintf(id, sizeof id, "%s#1", r[i].id);
        json_object_set_new(ev, "id", json_string(id));
        if (r[i].end)
            json_object_set_new(json_object_get(ev, "date"), "end", json_string(r[i].end));
        store_result res;
        assert_int_equal(add(s, r[i].id, r[i].start ? r[i].start : "2024-03-01", r[i].text, json_pack("[o]", ev), &res),
                         0);
    }
}

/* The rollup after ingest, delete and recode gives store_stats's exact answers on
 * this backend, and it is what answers (a rollup changed by hand changes them). */
static void test_rollup(void **state)
{
    (void)state;
    char path[512], err[512];
    tmpname(path, sizeof path, "rollup");
    store *s;
    assert_int_equal(store_open(path, 0, &s, err, sizeof err), 0);
    rollup_reports(s);
    assert_int_equal(store_count(s, "incidents"), 10);
    assert_true(rollup_agrees(s, "after ingest") > 100);
    store_change ch = {0};
    const char *gone[] = {"r3", "r10", "r2"};
    assert_int_equal(store_delete_documents(s, gone, 3, &ch, err, sizeof err), 0);
    assert_int_equal(store_count(s, "incidents"), 8);
    rollup_agrees(s, "after delete");
    tac_engine *e;
    assert_int_equal(tac_engine_open(NULL, &e, err, sizeof err), 0);
    tac_coder *c = tac_coder_new(e);
    assert_non_null(c);
    assert_int_equal(store_recode_document(s, c, "r1", &ch, err, sizeof err), 0);
    assert_int_equal(store_recode_document(s, c, "r4", &ch, err, sizeof err), 0);
    assert_int_equal(store_recode_document(s, c, "r8", &ch, err, sizeof err), 0);
    tac_coder_free(c);
    tac_engine_close(e);
    rollup_agrees(s, "after recode");
    store_close(s);
    /* a reader answers from the rollup: changed by hand, its answers change */
    store_sql(path, "UPDATE incident_rollup SET n = n + 100");
    assert_int_equal(store_open(path, 1, &s, err, sizeof err), 0);
    store_filter f;
    store_filter_init(&f);
    char *fast = stats_text(s, &f, STORE_BY_MONTH, 0), *exact = stats_text(s, &f, STORE_BY_MONTH, 1);
    assert_string_not_equal(fast, exact);
    free(fast);
    free(exact);
    store_close(s);
    tmpname(path, sizeof path, "rollup");
}

/* The ids of store_query's incidents, comma-separated, into ud (a 256-byte buffer). */
static int ids_cb(void *ud, json_t *inc)
{
    char *out = ud;
    size_t n = strlen(out);
    snprintf(out + n, 256 - n, "%s%s", n ? "," : "", json_string_value(json_object_get(inc, "id")));
    json_decref(inc);
    return 0;
}

/* The change feed: incidents created or updated at or after a time, in the
 * order of their last change, under the other filters. */
static void test_changed_since(void **state)
{
    (void)state;
    char path[512], err[512], ids[256];
    tmpname(path, sizeof path, "changes");
    store *s;
    store_result r;
    assert_int_equal(store_open(path, 0, &s, err, sizeof err), 0);
    assert_int_equal(add(s, "c1", "2024-05-10", "A bomb killed four people in Testville on Friday.",
                         json_pack("[o]", bomb("c1#1", "2024-05-10", "Testville", 30.0, 70.0, "PK", 4)), &r),
                     0);
    assert_int_equal(add(s, "c2", "2024-05-10", "A bomb killed two people in Farville on Friday.",
                         json_pack("[o]", bomb("c2#1", "2024-05-10", "Farville", 10.0, 20.0, "NG", 2)), &r),
                     0);
    store_close(s);
    /* (the writers' clock, set by hand: INC-000002 changed first, then INC-000001) */
    store_sql(path, "UPDATE incidents SET updated_at = CASE id WHEN 'INC-000001' THEN '2024-05-11T10:00:05Z'"
                    " ELSE '2024-05-11T10:00:00Z' END");
    assert_int_equal(store_open(path, 0, &s, err, sizeof err), 0);
    store_filter f;
    store_filter_init(&f);
    f.changed_since = "2024-05-11T10:00:00Z", f.by_change = 1;
    ids[0] = '\0';
    assert_int_equal(store_query(s, &f, ids_cb, ids, err, sizeof err), 2);
    assert_string_equal(ids, "INC-000002,INC-000001");
    f.changed_since = "2024-05-11T10:00:01Z";
    ids[0] = '\0';
    assert_int_equal(store_query(s, &f, ids_cb, ids, err, sizeof err), 1);
    assert_string_equal(ids, "INC-000001");
    f.country = "NG"; /* with another filter: both must hold */
    ids[0] = '\0';
    assert_int_equal(store_query(s, &f, ids_cb, ids, err, sizeof err), 0);
    f.country = NULL; /* the counts honour it too (not the rollup, which knows no times) */
    char *months = stats_text(s, &f, STORE_BY_COUNTRY, 0);
    assert_string_equal(months, "PK\t1\t4\n");
    free(months);
    /* a later report joins INC-000002: it changed now, after both */
    assert_int_equal(add(s, "c3", "2024-05-11", "The Farville bomb toll rose to three.",
                         json_pack("[o]", bomb("c3#1", "2024-05-10", "Farville", 10.0, 20.0, "NG", 3)), &r),
                     0);
    assert_int_equal(r.updated, 1);
    f.country = NULL;
    ids[0] = '\0';
    assert_int_equal(store_query(s, &f, ids_cb, ids, err, sizeof err), 2);
    assert_string_equal(ids, "INC-000001,INC-000002");
    store_close(s);
    tmpname(path, sizeof path, "changes");
}

/* ---- news feeds (store_feed_*): a store of version 4 upgraded to 5 on
 * opening for writing, a feed's state kept and read back, items marked once */
static void test_feed_state(void **state)
{
    (void)state;
    char path[512], err[512], etag[300];
    store *s;
    store_feed f;
    tmpname(path, sizeof path, "feeds");
    assert_int_equal(store_open(path, 0, &s, err, sizeof err), 0);
    store_close(s);
    store_sql(path, "DROP TABLE feeds; DROP TABLE feed_items; DROP INDEX incidents_changed;"
                    " UPDATE meta SET value = '4' WHERE key = 'schema_version'");
    assert_int_equal(store_open(path, 0, &s, err, sizeof err), 0); /* upgraded: the tables are back */
    assert_int_equal(store_feed_get(s, "http://a.test/feed", &f, err, sizeof err), 0);
    assert_int_equal(f.failures, 0);
    store_feed put = {"\"v1\"", "Mon, 02 Nov 2026 09:00:00 GMT", "2026-11-02T09:00:00Z", "2026-11-02T09:15:00Z", 2,
                      "HTTP status 500"};
    assert_int_equal(store_feed_put(s, "http://a.test/feed", &put, err, sizeof err), 0);
    put.failures = 3; /* replaced, not added */
    assert_int_equal(store_feed_put(s, "http://a.test/feed", &put, err, sizeof err), 0);
    assert_int_equal(store_feed_get(s, "http://a.test/feed", &f, err, sizeof err), 1);
    assert_string_equal(f.etag, "\"v1\"");
    assert_string_equal(f.last_modified, put.last_modified);
    assert_string_equal(f.next_poll, "2026-11-02T09:15:00Z");
    assert_string_equal(f.last_error, "HTTP status 500");
    assert_int_equal(f.failures, 3);
    /* an item: unseen, marked, seen; marked again: still one row, its first document kept */
    assert_int_equal(store_feed_item_seen(s, "http://a.test/feed", "g1", err, sizeof err), 0);
    assert_int_equal(store_feed_mark_item(s, "http://a.test/feed", "g1", "http://a.test/1", err, sizeof err), 0);
    assert_int_equal(store_feed_mark_item(s, "http://a.test/feed", "g1", NULL, err, sizeof err), 0);
    assert_int_equal(store_feed_item_seen(s, "http://a.test/feed", "g1", err, sizeof err), 1);
    assert_int_equal(store_feed_item_seen(s, "http://b.test/feed", "g1", err, sizeof err), 0);
    store_close(s);
    /* a validator too long for its field is not kept */
    memset(etag, 'e', sizeof etag - 1);
    etag[sizeof etag - 1] = '\0';
    char sql[600];
    snprintf(sql, sizeof sql, "UPDATE feeds SET etag = '%s'", etag);
    store_sql(path, sql);
    assert_int_equal(store_open(path, 0, &s, err, sizeof err), 0);
    assert_int_equal(store_feed_get(s, "http://a.test/feed", &f, err, sizeof err), 1);
    assert_string_equal(f.etag, "");
    store_close(s);
    tmpname(path, sizeof path, "feeds");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_grouping_rules),
        cmocka_unit_test(test_timeless_and_families),
        cmocka_unit_test(test_core),
        cmocka_unit_test(test_grouping_by_core),
        cmocka_unit_test(test_idempotent_and_reconcile),
        cmocka_unit_test(test_refusals),
        cmocka_unit_test(test_batches),
        cmocka_unit_test(test_migration_from_v1),
        cmocka_unit_test(test_changed_since),
        cmocka_unit_test(test_hash_and_days),
        cmocka_unit_test(test_delete_documents),
        cmocka_unit_test(test_rollup),
        cmocka_unit_test(test_feed_state),
    };
    if (on_pg()) { /* the version-1 upgrade is SQLite's: PostgreSQL stores start at version 2 */
        const struct CMUnitTest pg_tests[] = {
            cmocka_unit_test(test_grouping_rules), cmocka_unit_test(test_idempotent_and_reconcile),
            cmocka_unit_test(test_timeless_and_families), cmocka_unit_test(test_core),
            cmocka_unit_test(test_grouping_by_core),
            cmocka_unit_test(test_refusals),       cmocka_unit_test(test_batches),
            cmocka_unit_test(test_hash_and_days), cmocka_unit_test(test_delete_documents),
            cmocka_unit_test(test_rollup),         cmocka_unit_test(test_feed_state),
            cmocka_unit_test(test_changed_since),
        };
        return cmocka_run_group_tests_name("store on PostgreSQL", pg_tests, NULL, NULL);
    }
    return cmocka_run_group_tests(tests, NULL, NULL);
}
