/*
 * test_geo.c - cmocka tests for the gazetteer: tools/gazc (run as a subprocess,
 * path in $TACITUS_GAZC, default build/gazc) compiles small invented fixtures
 * written to a temp dir (once without and once with invented UCDP rows, gazc
 * --ucdp), and src/engine/geo.c reads the result. Also: truncated, corrupted,
 * missing and old-version files, compiler input errors, and, when
 * $TACITUS_GAZETTEER names the real build/gazetteer.bin, spot checks on it.
 *
 *   gcc -std=c11 -Wall -Wextra -Werror -O2 -Isrc -o build/test_geo \
 *       tests/unit/test_geo.c src/engine/geo.c src/engine/fold.c -lcmocka -lutf8proc -lm
 *   TACITUS_GAZETTEER=build/gazetteer.bin build/test_geo
 */
#define _POSIX_C_SOURCE 200809L

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <fcntl.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "fold.h"
#include "gazfile.h"
#include "geo.h"

/* Extensions in geo.c proposed for geo.h (see the gazetteer report). */
#define EXACT_CASE (1u << 6)
#define APPROX_POINT GEO_F_APPROX_POINT
const char *geo_exact_alias(const geo_gazetteer *g, const char *key, size_t keylen,
                            uint32_t id);

static char g_dir[64];
static char g_bin[128];
static char g_ucdp_bin[128];     /* the fixture with the UCDP rows */
static char g_ucdp_report[2048]; /* what gazc printed building it */

/* ------------------------------------------------------------------ fixtures */

static const char *const CITIES =
    /* id name ascii alts lat lon class code cc cc2 a1 a2 a3 a4 pop elev dem tz date */
    "9000001\tTazmīr\tTazmir\tTazmeer,TZM,Тазмир,Qasr Tazmir,ka zi mi,12345,Tz\t"
    "10.5\t20.25\tP\tPPLC\tXA\t\t01\t\t\t\t2000000\t\t100\tEtc/UTC\t2024-01-01\n"
    "9000002\tPort Velos\tPort Velos\t\t11.0\t21.0\tP\tPPLA\tXA\t\t02\t0201\t\t\t500000\t\t5\t"
    "Etc/UTC\t2024-01-01\n"
    "9000003\tVelos\tVelos\t\t11.2\t21.1\tP\tPPL\tXA\t\t02\t\t\t\t20000\t\t5\tEtc/UTC\t"
    "2024-01-01\n"
    "9000004\tVelos\tVelos\t\t-5.0\t-40.0\tP\tPPLA\tXB\t\t01\t\t\t\t800000\t\t5\tEtc/UTC\t"
    "2024-01-01\n"
    "9000005\tSzohod\tSzohod\tSzohodgrad\t-4.0\t-41.0\tP\tPPLC\tXB\t\t01\t\t\t\t1200000\t\t5\t"
    "Etc/UTC\t2024-01-01\n"
    "9000006\tNord Kell\tNord Kell\t\t11.5\t21.5\tP\tPPLA2\tXA\t\t02\t0201\t\t\t30000\t\t5\t"
    "Etc/UTC\t2024-01-01\n"
    "9000007\tKa\tKa\t\t11.6\t21.6\tP\tPPL\tXA\t\t02\t0201\t\t\t600\t\t5\tEtc/UTC\t2024-01-01\n";

static const char *const ADMIN1 =
    "[{\"code\":\"XA.01\",\"name\":\"Central Arcadia Province\"},"
    "{\"code\":\"XA.02\",\"name\":\"Velos Region\"},"
    "{\"code\":\"XB.01\",\"name\":\"Szohod Governorate\"},"
    "{\"code\":\"XB.12345678\",\"name\":\"Farland\"}]";

static const char *const ADMIN2 =
    "[{\"code\":\"XA.02.0201\",\"name\":\"Kell District\"},"
    "{\"code\":\"XA.01.0999\",\"name\":\"Empty Quarter District\"}]";

static const char *const ISO1 =
    "{\"3166-1\":[{\"alpha_2\":\"XA\",\"alpha_3\":\"XAA\",\"name\":\"Arcadia\","
    "\"official_name\":\"Republic of Arcadia\"},"
    "{\"alpha_2\":\"XB\",\"alpha_3\":\"XBB\",\"name\":\"Borduria, Kingdom of\"}]}";

static const char *const ISO2 =
    "{\"3166-2\":[{\"code\":\"XA-VE\",\"name\":\"Velos\",\"type\":\"Region\"},"
    "{\"code\":\"XA-CA\",\"name\":\"Central Arcadia\",\"type\":\"Province\"},"
    "{\"code\":\"XB-SZ\",\"name\":\"Szohod\",\"type\":\"Governorate\"}]}";

static const char *const ALIASES =
    "# test aliases\n"
    "Arcadian | country:XA | demonym\n"
    "Arcadians | country:XA | demonym\n"
    "Bordurian | country:XB | demonym\n"
    "=ARC | country:XA |\n"
    "Old Tazmir | geonameid:9000001 |   # trailing comment\n"
    "Kellish | admin2:XA.02.0201 | demonym\n"
    "Velosian | admin1:XA.02 | demonym\n"
    "Twin | geonameid:9000003 |\n"
    "Twin | geonameid:9000004 |\n";

/* UCDP places (gazc --ucdp): invented rows in the format of data/ucdp-places.tsv */
#define UCDP_HEAD "name\tname_clean\tkind\twhere_prec\tlatitude\tlongitude\tcountry\tadm_1\t" \
                  "adm_2\tn_events\n"
static const char *const UCDP =
    UCDP_HEAD
    /* absent from the GeoNames fixture: added */
    "Qarya Jadida village\tQarya Jadida\tvillage\t1\t10.6\t20.3\tArcadia\t"
    "Central Arcadia province\tTazmir district\t3\n"
    /* GeoNames' Tazmir, 3 km off: merged, nothing added */
    "Tazmir city\tTazmir\tcity\t1\t10.52\t20.27\tArcadia\tCentral Arcadia province\t\t9\n"
    /* Port Velos spelt another way: merged, the spelling added as an alternate */
    "Port Vellos town\tPort Vellos\ttown\t2\t11.01\t21.01\tArcadia\tVelos Region\t\t4\n"
    /* a second Velos 190 km from GeoNames' Velos: added, sorted after it */
    "Velos village\tVelos\tvillage\t1\t12.5\t22.5\tArcadia\tVelos region\t\t1\n"
    /* a district with another name in parentheses */
    "Qasr Dunya district (Dunyabad)\tQasr Dunya\tdistrict\t3\t11.3\t21.3\tArcadia\t"
    "Velos Region\tQasr Dunya district (Dunyabad)\t2\n"
    /* "(Velos)" names the province, not the district */
    "Kell Minor district (Velos)\tKell Minor\tdistrict\t3\t11.45\t21.45\tArcadia\t"
    "Velos Region\tKell Minor district\t1\n"
    /* a word of the engine's vocabulary, a description, a country: skipped */
    "Police village\tPolice\tvillage\t1\t10.7\t20.4\tArcadia\tCentral Arcadia province\t\t1\n"
    "Road between Tazmir and Velos\tRoad between Tazmir and Velos\t\t2\t10.8\t20.6\t"
    "Arcadia\t\t\t1\n"
    "Arcadia\tArcadia\t\t2\t10.5\t20.25\tArcadia\t\t\t1\n"
    /* UCDP's spelling of a country; an admin1 by name with its kind word */
    "Szohod Nord village\tSzohod Nord\tvillage\t2\t-4.1\t-41.1\tBorduria (Ruritania)\t"
    "Szohod governorate\t\t1\n"
    /* an admin1 GeoNames does not know: the nearest GeoNames place's (Velos) */
    "Farpoint village\tFarpoint\tvillage\t1\t11.25\t21.15\tArcadia\tOld Province\t\t1\n"
    /* two names */
    "Ain Sulh/Ain Salah village\tAin Sulh/Ain Salah\tvillage\t1\t10.9\t20.9\tArcadia\t\t\t1\n"
    /* the first row again, 2 km off: not added twice */
    "Qarya Jadida village\tQarya Jadida\tvillage\t2\t10.62\t20.31\tArcadia\t"
    "Central Arcadia province\t\t1\n";

static const char *const VOCAB =
    "# test vocabulary\n"
    "police; policemen; =PM | state forces | Police Forces of %s | state | Police\n";

static void write_file(const char *name, const char *text)
{
    char path[256];
    snprintf(path, sizeof path, "%s/%s", g_dir, name);
    FILE *f = fopen(path, "wb");
    assert_non_null(f);
    assert_int_equal(fwrite(text, 1, strlen(text), f), strlen(text));
    assert_int_equal(fclose(f), 0);
}

static const char *gazc_path(void)
{
    const char *p = getenv("TACITUS_GAZC");
    return p && *p ? p : "build/gazc";
}

/* Run gazc over the fixture files, with any of them replaced by name, and
 * with --ucdp ucdp --vocab vocab.txt when ucdp is not NULL; stderr and stdout
 * go to DIR/err.txt. Returns the exit status (or -1). */
static int run_gazc_ucdp(const char *cities, const char *aliases, const char *ucdp,
                         const char *out)
{
    char f[9][256], errp[256];
    const char *names[8] = {cities, "admin1.json", "admin2.json", "iso1.json", "iso2.json",
                            aliases, ucdp ? ucdp : "", "vocab.txt"};
    for (int i = 0; i < 8; i++)
        snprintf(f[i], sizeof f[i], "%s/%s", g_dir, names[i]);
    snprintf(f[8], sizeof f[8], "%s/%s", g_dir, out);
    snprintf(errp, sizeof errp, "%s/err.txt", g_dir);
    pid_t pid = fork();
    if (pid < 0)
        return -1;
    if (pid == 0) {
        int fd = open(errp, O_WRONLY | O_CREAT | O_TRUNC, 0644);
        if (fd >= 0) {
            dup2(fd, 2);
            dup2(fd, 1);
        }
        if (ucdp)
            execl(gazc_path(), "gazc", "--cities", f[0], "--admin1", f[1], "--admin2", f[2],
                  "--iso3166-1", f[3], "--iso3166-2", f[4], "--aliases", f[5], "--ucdp", f[6],
                  "--vocab", f[7], "-o", f[8], (char *)NULL);
        else
            execl(gazc_path(), "gazc", "--cities", f[0], "--admin1", f[1], "--admin2", f[2],
                  "--iso3166-1", f[3], "--iso3166-2", f[4], "--aliases", f[5], "-o", f[8],
                  (char *)NULL);
        _exit(127);
    }
    int st;
    if (waitpid(pid, &st, 0) != pid || !WIFEXITED(st))
        return -1;
    return WEXITSTATUS(st);
}

static int run_gazc(const char *cities, const char *aliases, const char *out)
{
    return run_gazc_ucdp(cities, aliases, NULL, out);
}

static void read_err(char *buf, size_t cap)
{
    char p[256];
    snprintf(p, sizeof p, "%s/err.txt", g_dir);
    FILE *f = fopen(p, "rb");
    size_t n = f ? fread(buf, 1, cap - 1, f) : 0;
    buf[n] = 0;
    if (f)
        fclose(f);
}

static int group_setup(void **state)
{
    (void)state;
    strcpy(g_dir, "/tmp/tacitus-geo-XXXXXX");
    if (!mkdtemp(g_dir))
        return -1;
    write_file("cities.tsv", CITIES);
    write_file("admin1.json", ADMIN1);
    write_file("admin2.json", ADMIN2);
    write_file("iso1.json", ISO1);
    write_file("iso2.json", ISO2);
    write_file("places.txt", ALIASES);
    write_file("ucdp.tsv", UCDP);
    write_file("vocab.txt", VOCAB);
    snprintf(g_bin, sizeof g_bin, "%s/gaz.bin", g_dir);
    snprintf(g_ucdp_bin, sizeof g_ucdp_bin, "%s/gaz-ucdp.bin", g_dir);
    int rc = run_gazc("cities.tsv", "places.txt", "gaz.bin");
    if (rc == 0) {
        rc = run_gazc_ucdp("cities.tsv", "places.txt", "ucdp.tsv", "gaz-ucdp.bin");
        read_err(g_ucdp_report, sizeof g_ucdp_report);
    }
    if (rc != 0) {
        char err[1024];
        read_err(err, sizeof err);
        fprintf(stderr, "gazc (%s) failed with status %d: %s\n", gazc_path(), rc, err);
        return -1;
    }
    return 0;
}

static int group_teardown(void **state)
{
    (void)state;
    char cmd[128];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", g_dir);
    return system(cmd) == 0 ? 0 : -1;
}

/* Open the gazetteer at path into *state (a cmocka setup); -1 on failure. */
static int open_path(const char *path, void **state)
{
    char err[256];
    geo_gazetteer *g = NULL;
    if (geo_open(path, &g, err, sizeof err) != 0) {
        fprintf(stderr, "%s\n", err);
        return -1;
    }
    *state = g;
    return 0;
}

static int open_fixture(void **state)
{
    return open_path(g_bin, state);
}

static int open_ucdp_fixture(void **state)
{
    return open_path(g_ucdp_bin, state);
}

static int close_fixture(void **state)
{
    geo_close(*state);
    return 0;
}

static size_t look(const geo_gazetteer *g, const char *text, geo_place *out, size_t max)
{
    char k[256];
    size_t n = fold_text(text, strlen(text), k, sizeof k);
    return geo_lookup(g, k, n, out, max);
}

/* ------------------------------------------------------------------ lookups */

static void test_city_lookup(void **state)
{
    const geo_gazetteer *g = *state;
    geo_place p[8];
    assert_int_equal(look(g, "Tazmir", p, 8), 1);
    assert_string_equal(p[0].name, "Tazmīr");
    assert_int_equal(p[0].geonameid, 9000001);
    assert_string_equal(p[0].cc, "XA");
    assert_string_equal(p[0].country, "Arcadia");
    assert_string_equal(p[0].admin1, "Central Arcadia Province");
    assert_string_equal(p[0].admin1_code, "01");
    assert_string_equal(p[0].admin2, "");
    assert_int_equal(p[0].kind, GEO_CITY);
    assert_int_equal(p[0].population, 2000000);
    assert_true(p[0].flags & GEO_F_CAPITAL);
    assert_false(p[0].flags & (GEO_F_ALTNAME | GEO_F_CURATED | GEO_F_DEMONYM));
    assert_true(fabs(p[0].lat - 10.5) < 1e-6 && fabs(p[0].lon - 20.25) < 1e-6);
    /* the diacritic form folds to the same key */
    assert_int_equal(look(g, "TAZMĪR", p, 8), 1);
    /* alternate name */
    assert_int_equal(look(g, "Tazmeer", p, 8), 1);
    assert_int_equal(p[0].geonameid, 9000001);
    assert_true(p[0].flags & GEO_F_ALTNAME);
    assert_int_equal(look(g, "qasr tazmir", p, 8), 1);
    /* seat flags */
    assert_int_equal(look(g, "port velos", p, 8), 1);
    assert_true(p[0].flags & GEO_F_ADMIN_SEAT);
    assert_string_equal(p[0].admin2, "Kell District");
}

static void test_skipped_names(void **state)
{
    const geo_gazetteer *g = *state;
    geo_place p[4];
    assert_int_equal(look(g, "TZM", p, 4), 0);       /* code-like */
    assert_int_equal(look(g, "Тазмир", p, 4), 0);    /* not Latin */
    assert_int_equal(look(g, "ka zi mi", p, 4), 0);  /* lowercase romanisation */
    assert_int_equal(look(g, "12345", p, 4), 0);     /* digits */
    assert_int_equal(look(g, "Tz", p, 4), 0);        /* too short */
    assert_int_equal(look(g, "Ka", p, 4), 0);        /* main name too short */
    assert_int_equal(look(g, "nowhere", p, 4), 0);
    assert_int_equal(geo_lookup(g, "", 0, p, 4), 0);
    assert_int_equal(geo_lookup(g, "tazmir", 5, p, 4), 0); /* prefix of a key */
    assert_int_equal(geo_lookup(g, "tazmirx", 7, p, 4), 0);
    assert_int_equal(geo_lookup(NULL, "tazmir", 6, p, 4), 0);
}

static void test_population_order(void **state)
{
    const geo_gazetteer *g = *state;
    geo_place p[8];
    /* Velos XB (800k), then Velos XA (20k) which sorts just ahead of the
     * same-named region that contains it (550k), then the region. */
    size_t n = look(g, "velos", p, 8);
    assert_int_equal(n, 3);
    assert_int_equal(p[0].geonameid, 9000004);
    assert_string_equal(p[0].cc, "XB");
    assert_int_equal(p[1].geonameid, 9000003);
    assert_int_equal(p[2].kind, GEO_ADMIN1);
    assert_string_equal(p[2].name, "Velos Region");
    assert_int_equal(p[2].population, 550600);
    /* max smaller than the total: still returns the total, writes max */
    geo_place one[1];
    memset(one, 0, sizeof one);
    assert_int_equal(look(g, "velos", one, 1), 3);
    assert_int_equal(one[0].geonameid, 9000004);
    assert_int_equal(look(g, "velos", NULL, 0), 3);
    /* curated aliases come first, in file order */
    assert_int_equal(look(g, "twin", p, 8), 2);
    assert_int_equal(p[0].geonameid, 9000003);
    assert_int_equal(p[1].geonameid, 9000004);
    assert_true(p[0].flags & GEO_F_CURATED);
}

static void test_admin_records(void **state)
{
    const geo_gazetteer *g = *state;
    geo_place p[8];
    assert_int_equal(look(g, "Central Arcadia Province", p, 8), 1);
    assert_int_equal(p[0].kind, GEO_ADMIN1);
    assert_int_equal(look(g, "Central Arcadia", p, 8), 1);
    assert_string_equal(p[0].name, "Central Arcadia Province");
    assert_string_equal(p[0].admin1, "Central Arcadia Province");
    assert_string_equal(p[0].admin1_code, "01");
    /* seat: the PPLA of XA.02 is Port Velos */
    assert_int_equal(geo_admin1(g, "XA", "02", &p[0]), 0);
    assert_string_equal(p[0].name, "Velos Region");
    assert_true(fabs(p[0].lat - 11.0) < 1e-6 && fabs(p[0].lon - 21.0) < 1e-6);
    assert_int_equal(geo_admin1(g, "xa", "02", &p[1]), 0); /* either case */
    assert_int_equal(p[1].id, p[0].id);
    /* no PPLA in XA.01: the capital is its only place, so the centroid is it */
    assert_int_equal(geo_admin1(g, "XA", "01", &p[0]), 0);
    assert_true(fabs(p[0].lat - 10.5) < 1e-3 && fabs(p[0].lon - 20.25) < 1e-3);
    /* "velos region" and its ISO 3166-2 type form */
    assert_int_equal(look(g, "Velos Region", p, 8), 1);
    assert_int_equal(look(g, "velos province", p, 8), 1);
    assert_int_equal(look(g, "szohod governorate", p, 8), 1);
    assert_int_equal(p[0].kind, GEO_ADMIN1);
    /* eight-character GeoNames admin1 codes exist (Mali, Kosovo): kept whole */
    assert_int_equal(geo_admin1(g, "XB", "12345678", &p[0]), 0);
    assert_string_equal(p[0].name, "Farland");
    assert_string_equal(p[0].admin1_code, "12345678");
    assert_true(p[0].flags & APPROX_POINT);
    assert_int_equal(geo_admin1(g, "XB", "99", &p[0]), -1);
    assert_int_equal(geo_admin1(g, "XB", "", &p[0]), -1);
    assert_int_equal(geo_admin1(g, "XBC", "01", &p[0]), -1);
    assert_int_equal(geo_admin1(g, "XA", "0123456789012345", &p[0]), -1);
    /* admin2: name, bare name, bare name + district; seat PPLA2 */
    assert_int_equal(look(g, "Kell District", p, 8), 1);
    assert_int_equal(p[0].kind, GEO_ADMIN2);
    assert_string_equal(p[0].admin1, "Velos Region");
    assert_string_equal(p[0].admin2, "Kell District");
    assert_true(fabs(p[0].lat - 11.5) < 1e-6);
    assert_int_equal(look(g, "kell", p, 8), 1);
    assert_int_equal(p[0].population, 530600);
    assert_int_equal(look(g, "empty quarter", p, 8), 1);
    assert_true(p[0].flags & APPROX_POINT);
}

static void test_countries(void **state)
{
    const geo_gazetteer *g = *state;
    geo_place p[8];
    assert_int_equal(geo_country(g, "XA", &p[0]), 0);
    assert_string_equal(p[0].name, "Arcadia");
    assert_string_equal(p[0].cc, "XA");
    assert_string_equal(p[0].admin1, "");
    assert_int_equal(p[0].kind, GEO_COUNTRY);
    /* representative point: the PPLC */
    assert_true(fabs(p[0].lat - 10.5) < 1e-6 && fabs(p[0].lon - 20.25) < 1e-6);
    assert_int_equal(p[0].population, 2550600);
    assert_int_equal(geo_country(g, "xb", &p[1]), 0);
    assert_string_equal(p[1].name, "Borduria, Kingdom of");
    assert_int_equal(geo_country(g, "ZZ", &p[0]), -1);
    assert_int_equal(geo_country(g, "X", &p[0]), -1);
    assert_int_equal(geo_country(g, "XAB", &p[0]), -1);
    assert_int_equal(geo_country(g, "1A", &p[0]), -1);
    assert_int_equal(geo_country(NULL, "XA", &p[0]), -1);
    /* names: iso name, official name (alternate), short form before the comma */
    assert_int_equal(look(g, "Arcadia", p, 8), 1);
    assert_int_equal(p[0].kind, GEO_COUNTRY);
    assert_int_equal(look(g, "Republic of Arcadia", p, 8), 1);
    assert_true(p[0].flags & GEO_F_ALTNAME);
    assert_int_equal(look(g, "Borduria", p, 8), 1);
    assert_string_equal(p[0].cc, "XB");
}

static void test_curated(void **state)
{
    const geo_gazetteer *g = *state;
    geo_place p[8];
    assert_int_equal(look(g, "Arcadian", p, 8), 1);
    assert_int_equal(p[0].kind, GEO_COUNTRY);
    assert_string_equal(p[0].cc, "XA");
    assert_true(p[0].flags & GEO_F_DEMONYM);
    assert_true(p[0].flags & GEO_F_CURATED);
    assert_int_equal(look(g, "arcadians", p, 8), 1);
    assert_int_equal(look(g, "Bordurian", p, 8), 1);
    assert_string_equal(p[0].cc, "XB");
    assert_int_equal(look(g, "Velosian", p, 8), 1);
    assert_int_equal(p[0].kind, GEO_ADMIN1);
    assert_int_equal(look(g, "kellish", p, 8), 1);
    assert_int_equal(p[0].kind, GEO_ADMIN2);
    /* trailing comment stripped */
    assert_int_equal(look(g, "old tazmir", p, 8), 1);
    assert_int_equal(p[0].geonameid, 9000001);
    assert_true(p[0].flags & GEO_F_CURATED);
    assert_false(p[0].flags & GEO_F_DEMONYM);
    /* "=ARC": case-sensitive alias */
    assert_int_equal(geo_lookup(g, "arc", 3, p, 8), 1);
    assert_true(p[0].flags & EXACT_CASE);
    const char *s = geo_exact_alias(g, "arc", 3, p[0].id);
    assert_non_null(s);
    assert_string_equal(s, "ARC");
    assert_null(geo_exact_alias(g, "arcadian", 8, p[0].id));
    assert_null(geo_exact_alias(g, "nothing", 7, 0));
}

static void test_counts_and_distance(void **state)
{
    const geo_gazetteer *g = *state;
    /* 2 countries + 4 admin1 + 2 admin2 + 7 cities */
    assert_int_equal(geo_count(g), 15);
    assert_true(geo_max_tokens(g) >= 3);
    assert_int_equal(geo_count(NULL), 0);
    assert_int_equal(geo_max_tokens(NULL), 0);
    assert_true(geo_distance_km(10, 20, 10, 20) == 0.0);
    /* London - Paris, about 343.5 km */
    double d = geo_distance_km(51.5074, -0.1278, 48.8566, 2.3522);
    assert_true(d > 340 && d < 347);
    /* antipodes: half the circumference */
    d = geo_distance_km(0, 0, 0, 180);
    assert_true(fabs(d - 3.14159265358979 * 6371.0088) < 1e-6);
}

/* ------------------------------------------------------------------ UCDP places */

static unsigned char *slurp(const char *path, size_t *n);
static void put(const char *path, const unsigned char *b, size_t n);
static void fix_checksum(unsigned char *b, size_t n);

/* The one candidate of text that comes from UCDP (fails unless exactly one). */
static geo_place ucdp_one(const geo_gazetteer *g, const char *text)
{
    geo_place p[8], u;
    memset(&u, 0, sizeof u);
    size_t n = look(g, text, p, 8), k = 0;
    for (size_t i = 0; i < n && i < 8; i++)
        if (p[i].source == GEO_SRC_UCDP) {
            u = p[i];
            k++;
        }
    if (k != 1)
        fail_msg("\"%s\": %zu UCDP candidates, expected 1", text, k);
    return u;
}

static void test_ucdp_places(void **state)
{
    const geo_gazetteer *g = *state;
    geo_place p[8];
    /* a village GeoNames lacks: UCDP's point, GeoNames' admin1 by name */
    assert_int_equal(look(g, "Qarya Jadida", p, 8), 1);
    assert_int_equal(p[0].source, GEO_SRC_UCDP);
    assert_int_equal(p[0].kind, GEO_CITY);
    assert_string_equal(p[0].name, "Qarya Jadida");
    assert_string_equal(p[0].cc, "XA");
    assert_string_equal(p[0].country, "Arcadia");
    assert_string_equal(p[0].admin1, "Central Arcadia Province");
    assert_string_equal(p[0].admin1_code, "01");
    assert_string_equal(p[0].admin2, "Tazmir district");
    assert_int_equal(p[0].geonameid, 0);
    assert_int_equal(p[0].population, 0);
    assert_int_equal(p[0].flags, 0); /* the record's source bit is not a GEO_F_ flag */
    assert_true(fabs(p[0].lat - 10.6) < 1e-6 && fabs(p[0].lon - 20.3) < 1e-6);
    /* a district: an area with its own point, under its name, "<name> district"
     * and the name in parentheses; "(Velos)", the province, is no name of it */
    geo_place d = ucdp_one(g, "Qasr Dunya");
    assert_int_equal(d.kind, GEO_ADMIN2);
    assert_false(d.flags & GEO_F_APPROX_POINT);
    assert_string_equal(d.admin1_code, "02");
    assert_int_equal(ucdp_one(g, "qasr dunya district").id, d.id);
    assert_int_equal(ucdp_one(g, "Dunyabad").id, d.id);
    assert_true(ucdp_one(g, "Dunyabad").flags & GEO_F_ALTNAME);
    assert_int_equal(ucdp_one(g, "kell minor district").kind, GEO_ADMIN2);
    /* UCDP's spelling of a country and of an admin1 */
    geo_place b = ucdp_one(g, "Szohod Nord");
    assert_string_equal(b.cc, "XB");
    assert_string_equal(b.admin1, "Szohod Governorate");
    assert_string_equal(b.admin1_code, "01");
    /* an admin1 GeoNames lacks: that of the nearest GeoNames place */
    geo_place f = ucdp_one(g, "Farpoint");
    assert_string_equal(f.admin1, "Velos Region");
    assert_string_equal(f.admin1_code, "02");
    /* "A/B": two names of one place; no adm_1: no admin1 */
    geo_place a = ucdp_one(g, "Ain Sulh");
    assert_int_equal(ucdp_one(g, "Ain Salah").id, a.id);
    assert_string_equal(a.admin1, "");
    assert_string_equal(a.admin1_code, "");
}

static void test_ucdp_merged_and_skipped(void **state)
{
    const geo_gazetteer *g = *state;
    geo_place p[8];
    /* GeoNames' Tazmir 3 km away is the same place: not added again */
    assert_int_equal(look(g, "Tazmir", p, 8), 1);
    assert_int_equal(p[0].geonameid, 9000001);
    assert_int_equal(p[0].source, GEO_SRC_GEONAMES);
    /* another spelling of Port Velos: an alternate name of GeoNames' place */
    assert_int_equal(look(g, "Port Vellos", p, 8), 1);
    assert_int_equal(p[0].geonameid, 9000002);
    assert_true(p[0].flags & GEO_F_ALTNAME);
    /* a shared name: the GeoNames places first, the UCDP one last */
    assert_int_equal(look(g, "velos", p, 8), 4);
    assert_int_equal(p[0].geonameid, 9000004);
    assert_int_equal(p[1].geonameid, 9000003);
    assert_int_equal(p[3].source, GEO_SRC_UCDP);
    assert_true(fabs(p[3].lat - 12.5) < 1e-6);
    /* a row repeated 2 km off is one place */
    assert_int_equal(look(g, "Qarya Jadida", p, 8), 1);
    /* skipped: a phrase of the vocabulary, a description, a country's name */
    assert_int_equal(look(g, "Police", p, 8), 0);
    assert_int_equal(look(g, "Road between Tazmir and Velos", p, 8), 0);
    assert_int_equal(look(g, "Arcadia", p, 8), 1);
    assert_int_equal(p[0].kind, GEO_COUNTRY);
    /* 15 GeoNames and iso-codes places + 7 from UCDP; the report says why */
    assert_int_equal(geo_count(g), 22);
    assert_non_null(strstr(g_ucdp_report, "13 rows: 7 added (5 places, 2 areas); 2 merged"));
    assert_non_null(strstr(g_ucdp_report, "1 repeat an earlier row"));
    assert_non_null(strstr(g_ucdp_report, "1 vocabulary words, 1 country names"));
    assert_non_null(strstr(g_ucdp_report, "\"Police\""));
    char err[512];
    assert_int_equal(geo_verify(g, g_ucdp_bin, err, sizeof err), 0);
}

/* gazc with ucdp (a fixture file holding text) must fail naming needle. */
static void expect_ucdp_fails(const char *text, const char *needle)
{
    char out[256], err[2048];
    write_file("ucdp-bad.tsv", text);
    snprintf(out, sizeof out, "%s/bad.bin", g_dir);
    unlink(out);
    int rc = run_gazc_ucdp("cities.tsv", "places.txt", "ucdp-bad.tsv", "bad.bin");
    read_err(err, sizeof err);
    if (rc != 2 || !strstr(err, needle))
        fail_msg("gazc exited with %d and said \"%s\", expected 2 and \"%s\"", rc, err, needle);
    assert_int_equal(strchr(err, '\n') - err, (long)strlen(err) - 1); /* one line */
    assert_int_equal(access(out, F_OK), -1);
}

static void test_ucdp_errors(void **state)
{
    (void)state;
    expect_ucdp_fails("name\tclean\n", "ucdp-bad.tsv:1: expected the header");
    expect_ucdp_fails(UCDP_HEAD "Bad village\tBad\tvillage\n", "ucdp-bad.tsv:2: expected 10");
    expect_ucdp_fails(UCDP_HEAD "A\tA\tvillage\t1\t1\t1\tArcadia\t\t\t1\n"
                      "B\tB\tvillage\t1\tnorth\t1\tArcadia\t\t\t1\n",
                      "ucdp-bad.tsv:3: bad latitude");
    expect_ucdp_fails(UCDP_HEAD "B\tB\tvillage\t4\t1\t1\tArcadia\t\t\t1\n",
                      "ucdp-bad.tsv:2: where_prec \"4\"");
    expect_ucdp_fails(UCDP_HEAD "B\tB\tvillage\t1\t1\t1\tAtlantis\t\t\t1\n"
                      "C\tC\tvillage\t1\t1\t1\tLemuria (Mu)\t\t\t1\n",
                      "ucdp-bad.tsv:2: unknown country \"Atlantis\" (also \"Lemuria (Mu)\")");
}

/* A file of another format version is refused at open, in one line. */
static void test_version_refused(void **state)
{
    (void)state;
    size_t n;
    unsigned char *b = slurp(g_bin, &n);
    char path[256], err[512];
    snprintf(path, sizeof path, "%s/v1.bin", g_dir);
    uint32_t v = 1;
    memcpy(b + 8, &v, 4);
    fix_checksum(b, n);
    put(path, b, n);
    geo_gazetteer *g = (geo_gazetteer *)&g;
    assert_int_equal(geo_open(path, &g, err, sizeof err), -1);
    assert_null(g);
    assert_non_null(strstr(err, path));
    assert_non_null(strstr(err, "version 1"));
    assert_non_null(strstr(err, "rebuild"));
    assert_null(strchr(err, '\n'));
    free(b);
}

/* ------------------------------------------------------------------ bad files */

static unsigned char *slurp(const char *path, size_t *n)
{
    FILE *f = fopen(path, "rb");
    assert_non_null(f);
    fseek(f, 0, SEEK_END);
    long len = ftell(f);
    fseek(f, 0, SEEK_SET);
    unsigned char *b = malloc((size_t)len);
    assert_non_null(b);
    assert_int_equal(fread(b, 1, (size_t)len, f), (size_t)len);
    fclose(f);
    *n = (size_t)len;
    return b;
}

static void put(const char *path, const unsigned char *b, size_t n)
{
    FILE *f = fopen(path, "wb");
    assert_non_null(f);
    if (n)
        assert_int_equal(fwrite(b, 1, n, f), n);
    assert_int_equal(fclose(f), 0);
}

/* The file checksum as documented in tools/gazc.c and src/engine/geo.c. */
static void fix_checksum(unsigned char *b, size_t n)
{
    uint64_t h = 1469598103934665603ULL;
    for (size_t i = 0; i + 8 <= n; i += 8) {
        uint64_t w;
        memcpy(&w, b + i, 8);
        if (i == 24)
            w = 0;
        h = (h ^ w) * 1099511628211ULL;
    }
    memcpy(b + 24, &h, 8);
}

static void expect_open_fails(const char *path)
{
    char err[512];
    err[0] = 0;
    geo_gazetteer *g = (geo_gazetteer *)&g; /* must be reset to NULL */
    assert_int_equal(geo_open(path, &g, err, sizeof err), -1);
    assert_null(g);
    assert_non_null(strstr(err, path));
    assert_null(strchr(err, '\n'));
}

static void probe_all(const geo_gazetteer *g);

static void expect_open_or_verify_fails(const char *path)
{
    char err[512];
    err[0] = 0;
    geo_gazetteer *g = NULL;
    if (geo_open(path, &g, err, sizeof err) != 0) {
        assert_null(g);
        assert_non_null(strstr(err, path));
        assert_null(strchr(err, '\n'));
        return;
    }
    probe_all(g);
    assert_int_equal(geo_verify(g, path, err, sizeof err), -1);
    assert_non_null(strstr(err, path));
    assert_null(strchr(err, '\n'));
    geo_close(g);
}

static void test_truncated(void **state)
{
    (void)state;
    size_t n;
    unsigned char *b = slurp(g_bin, &n);
    char path[256];
    snprintf(path, sizeof path, "%s/trunc.bin", g_dir);
    size_t step = n / 300 + 1;
    for (size_t len = 0; len < n; len += len < 300 ? 1 : step) {
        put(path, b, len);
        expect_open_fails(path);
    }
    /* one byte too many also fails */
    unsigned char *c = malloc(n + 8);
    assert_non_null(c);
    memcpy(c, b, n);
    memset(c + n, 0, 8);
    put(path, c, n + 8);
    expect_open_fails(path);
    char err[512];
    put(path, b, n / 2);
    geo_gazetteer *g;
    assert_int_equal(geo_open(path, &g, err, sizeof err), -1);
    assert_non_null(strstr(err, "truncated"));
    free(c);
    free(b);
}

/* Probe every name the fixture holds (must not crash whatever it returns). */
static void probe_all(const geo_gazetteer *g)
{
    static const char *const keys[] = {"tazmir", "tazmeer", "velos", "twin", "arc",
                                       "arcadia", "kell", "kell district", "borduria",
                                       "szohod", "central arcadia", "nowhere", "port velos"};
    geo_place p[8];
    for (size_t i = 0; i < sizeof keys / sizeof *keys; i++) {
        size_t n = geo_lookup(g, keys[i], strlen(keys[i]), p, 8);
        for (size_t j = 0; j < n && j < 8; j++) {
            assert_non_null(p[j].name);
            assert_true(strlen(p[j].name) + strlen(p[j].admin1) + strlen(p[j].admin2) +
                            strlen(p[j].country) < 1u << 24);
            (void)geo_exact_alias(g, keys[i], strlen(keys[i]), p[j].id);
        }
    }
    geo_place q;
    (void)geo_country(g, "XA", &q);
    (void)geo_country(g, "XB", &q);
    (void)geo_admin1(g, "XA", "01", &q);
    (void)geo_admin1(g, "XA", "02", &q);
    (void)geo_max_tokens(g);
}

static void test_corrupted(void **state)
{
    (void)state;
    size_t n;
    unsigned char *b = slurp(g_bin, &n);
    unsigned char *c = malloc(n);
    assert_non_null(c);
    char path[256], err[512];
    snprintf(path, sizeof path, "%s/corrupt.bin", g_dir);
    srand(12345);
    int opened_after_fix = 0, rejected_after_fix = 0;
    for (int round = 0; round < 600; round++) {
        memcpy(c, b, n);
        int flips = 1 + rand() % 4;
        for (int k = 0; k < flips; k++) {
            size_t at = round < 128 ? (size_t)round : (size_t)rand() % n;
            c[at] ^= (unsigned char)(1u << (rand() % 8));
        }
        if (memcmp(c, b, n) == 0)
            continue;
        /* as is: the structure checks at open, or else geo_verify's checksum,
         * must reject it; lookups on the unverified file stay inside the map */
        put(path, c, n);
        expect_open_or_verify_fails(path);
        /* with a recomputed checksum: the structural checks either reject it,
         * or the file opens and every lookup stays inside the mapping */
        fix_checksum(c, n);
        put(path, c, n);
        geo_gazetteer *g = NULL;
        if (geo_open(path, &g, err, sizeof err) == 0) {
            opened_after_fix++;
            probe_all(g);
            geo_close(g);
        } else {
            rejected_after_fix++;
            assert_non_null(strstr(err, path));
        }
    }
    assert_true(rejected_after_fix > 0);
    print_message("corruption: %d rejected by structure checks, %d opened and probed\n",
                  rejected_after_fix, opened_after_fix);
    /* garbage and an empty file */
    for (size_t i = 0; i < n; i++)
        c[i] = (unsigned char)rand();
    put(path, c, n);
    expect_open_fails(path);
    put(path, c, 0);
    expect_open_fails(path);
    free(c);
    free(b);
}

/* A place whose country code is not two letters A-Z (a quote once passed
 * `tacitus dict check` and came out unescaped, breaking the JSON): geo_verify
 * names the place and the byte. */
static void test_bad_country_code(void **state)
{
    (void)state;
    size_t n;
    unsigned char *b = slurp(g_bin, &n);
    char path[256], err[512];
    snprintf(path, sizeof path, "%s/badcc.bin", g_dir);
    uint32_t places_off;
    memcpy(&places_off, b + offsetof(struct gaz_header, sec), sizeof places_off); /* sec[SEC_PLACES].off */
    size_t cc_at = places_off + offsetof(struct gaz_place, cc);
    assert_true(cc_at + 2 <= n);
    b[cc_at] = '"';
    fix_checksum(b, n);
    put(path, b, n);
    geo_gazetteer *g = NULL;
    assert_int_equal(geo_open(path, &g, err, sizeof err), 0);
    assert_int_equal(geo_verify(g, path, err, sizeof err), -1);
    assert_non_null(strstr(err, "place 0: country code is not two letters A-Z"));
    geo_close(g);
    free(b);
}

static void test_missing(void **state)
{
    (void)state;
    char path[256];
    snprintf(path, sizeof path, "%s/no-such-file.bin", g_dir);
    expect_open_fails(path);
    expect_open_fails(g_dir); /* a directory */
    char err[8];
    geo_gazetteer *g;
    assert_int_equal(geo_open(path, &g, err, sizeof err), -1); /* short buffer */
    assert_true(strlen(err) < sizeof err);
    assert_int_equal(geo_open(path, &g, NULL, 0), -1);
    geo_close(NULL);
}

/* ------------------------------------------------------------------ compiler errors */

static void expect_gazc_fails(const char *cities, const char *aliases, const char *needle)
{
    char out[256], err[2048];
    snprintf(out, sizeof out, "%s/bad.bin", g_dir);
    unlink(out);
    int rc = run_gazc(cities, aliases, "bad.bin");
    read_err(err, sizeof err);
    if (rc != 2)
        fail_msg("gazc exited with %d, expected 2; it said \"%s\"", rc, err);
    if (!strstr(err, needle))
        fail_msg("gazc said \"%s\", expected it to mention \"%s\"", err, needle);
    const char *nl = strchr(err, '\n'); /* exactly one line */
    assert_non_null(nl);
    assert_int_equal((size_t)(nl - err), strlen(err) - 1);
    assert_int_equal(access(out, F_OK), -1); /* no half-written output */
}

static void test_gazc_errors(void **state)
{
    (void)state;
    expect_gazc_fails("missing.tsv", "places.txt", "missing.tsv");
    write_file("short.tsv", "9000001\tTazmir\tTazmir\n");
    expect_gazc_fails("short.tsv", "places.txt", "short.tsv:1:");
    char buf[4096];
    snprintf(buf, sizeof buf, "%s9000009\tBad\tBad\t\tnorth\t20\tP\tPPL\tXA\t\t01\t\t\t\t1\t\t1\t"
             "Etc/UTC\t2024-01-01\n", CITIES);
    write_file("badlat.tsv", buf);
    expect_gazc_fails("badlat.tsv", "places.txt", "badlat.tsv:8:");
    snprintf(buf, sizeof buf, "%s%.*s", CITIES, (int)(strchr(CITIES, '\n') - CITIES + 1),
             CITIES);
    write_file("dup.tsv", buf);
    expect_gazc_fails("dup.tsv", "places.txt", "dup.tsv:8: duplicate geonameid 9000001");
    write_file("badalias.txt", "Nowhere | geonameid:123 |\n");
    expect_gazc_fails("cities.tsv", "badalias.txt", "badalias.txt:1:");
    write_file("badalias2.txt", "# ok\nNowhere country:XA\n");
    expect_gazc_fails("cities.tsv", "badalias2.txt", "badalias2.txt:2:");
    write_file("badalias3.txt", "Arcadian | country:XA | adjective\n");
    expect_gazc_fails("cities.tsv", "badalias3.txt", "adjective");
    /* a failed build leaves an existing output untouched */
    char out[256];
    snprintf(out, sizeof out, "%s/keep.bin", g_dir);
    write_file("keep.bin", "previous");
    int rc = run_gazc("short.tsv", "places.txt", "keep.bin");
    assert_int_equal(rc, 2);
    size_t n;
    unsigned char *b = slurp(out, &n);
    assert_int_equal(n, 8);
    assert_memory_equal(b, "previous", 8);
    free(b);
}

static void test_gazc_bad_json(void **state)
{
    (void)state;
    write_file("admin1.json", "[{\"code\":\"XA.01\",\"name\":\"A\"},");
    int rc = run_gazc("cities.tsv", "places.txt", "bad.bin");
    char err[2048];
    read_err(err, sizeof err);
    write_file("admin1.json", ADMIN1);
    assert_int_equal(rc, 2);
    assert_non_null(strstr(err, "admin1.json"));
    assert_non_null(strstr(err, "line"));
}

/* ------------------------------------------------------------------ real file */

/* The UCDP places of the real file: some GeoNames lacks, with GeoNames'
 * admin1; a name both share; names that are skipped or merged. */
static void check_real_ucdp(const geo_gazetteer *g)
{
    geo_place p[16];
    geo_place v = ucdp_one(g, "Kafr Daryan"); /* a Syrian village */
    assert_int_equal(v.kind, GEO_CITY);
    assert_string_equal(v.cc, "SY");
    assert_string_equal(v.admin1, "Idlib");
    assert_true(v.admin1_code[0] != 0);
    assert_int_equal(v.geonameid, 0);
    geo_place d = ucdp_one(g, "Zhari district"); /* an Afghan district */
    assert_int_equal(d.kind, GEO_ADMIN2);
    assert_string_equal(d.cc, "AF");
    assert_string_equal(d.admin1, "Kandahar");
    geo_place k;
    assert_int_equal(geo_admin1(g, "AF", d.admin1_code, &k), 0);
    assert_string_equal(k.name, "Kandahar");
    /* "Abbas": GeoNames' Fort Abbas (PK) first, the Syrian village after */
    size_t n = look(g, "Abbas", p, 16);
    assert_true(n >= 2);
    assert_int_equal(p[0].source, GEO_SRC_GEONAMES);
    assert_string_equal(ucdp_one(g, "Abbas").cc, "SY");
    /* "Nad Ali district (Marja)": Marja an alternate name of GeoNames' district */
    assert_int_equal(look(g, "Marja", p, 16), 1);
    assert_int_equal(p[0].source, GEO_SRC_GEONAMES);
    assert_string_equal(p[0].admin1, "Helmand");
    /* a vocabulary word ("Lady", titles.txt) and a country are no UCDP place */
    n = look(g, "Lady", p, 16);
    for (size_t i = 0; i < n && i < 16; i++)
        assert_int_equal(p[i].source, GEO_SRC_GEONAMES);
    n = look(g, "Syria", p, 16);
    for (size_t i = 0; i < n && i < 16; i++)
        assert_int_equal(p[i].source, GEO_SRC_GEONAMES);
}

static void test_real_gazetteer(void **state)
{
    (void)state;
    const char *path = getenv("TACITUS_GAZETTEER");
    if (!path || !*path) {
        print_message("skipped: set TACITUS_GAZETTEER to the built gazetteer "
                      "(build/gazetteer.bin) to check the real data\n");
        skip();
    }
    char err[512];
    geo_gazetteer *g;
    if (geo_open(path, &g, err, sizeof err) != 0)
        fail_msg("%s", err);
    if (geo_verify(g, path, err, sizeof err) != 0)
        fail_msg("%s", err);
    geo_place p[16];
    assert_true(geo_lookup(g, "karachi", 7, p, 16) >= 1);
    assert_string_equal(p[0].name, "Karachi");
    assert_string_equal(p[0].cc, "PK");
    assert_string_equal(p[0].admin1, "Sindh");
    assert_true(fabs(p[0].lat - 24.86) < 0.05 && fabs(p[0].lon - 67.01) < 0.05);
    assert_int_equal(p[0].kind, GEO_CITY);

    assert_true(geo_lookup(g, "peshawar", 8, p, 16) >= 1);
    assert_string_equal(p[0].cc, "PK");

    size_t n = geo_lookup(g, "gaza", 4, p, 16);
    int ps = 0;
    for (size_t i = 0; i < n && i < 16; i++)
        ps |= strcmp(p[i].cc, "PS") == 0;
    assert_true(ps);

    assert_true(geo_lookup(g, "pakistani", 9, p, 16) >= 1);
    assert_int_equal(p[0].kind, GEO_COUNTRY);
    assert_string_equal(p[0].cc, "PK");
    assert_true(p[0].flags & GEO_F_DEMONYM);

    assert_true(geo_lookup(g, "sindh", 5, p, 16) >= 1);
    assert_int_equal(p[0].kind, GEO_ADMIN1);
    assert_string_equal(p[0].cc, "PK");
    assert_string_equal(p[0].admin1_code, "05");

    assert_true(geo_max_tokens(g) >= 3);
    assert_int_equal(geo_country(g, "PK", &p[0]), 0);
    assert_string_equal(p[0].name, "Pakistan");
    assert_int_equal(geo_admin1(g, "PK", "05", &p[0]), 0);
    assert_string_equal(p[0].name, "Sindh");
    assert_true(geo_count(g) > 200000);

    /* "=US": indexed under "us" with the exact-case flag and spelling */
    assert_true(geo_lookup(g, "us", 2, p, 16) >= 1);
    assert_string_equal(p[0].cc, "US");
    assert_true(p[0].flags & EXACT_CASE);
    const char *s = geo_exact_alias(g, "us", 2, p[0].id);
    assert_non_null(s);
    assert_string_equal(s, "US");
    check_real_ucdp(g);
    geo_close(g);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_city_lookup, open_fixture, close_fixture),
        cmocka_unit_test_setup_teardown(test_skipped_names, open_fixture, close_fixture),
        cmocka_unit_test_setup_teardown(test_population_order, open_fixture, close_fixture),
        cmocka_unit_test_setup_teardown(test_admin_records, open_fixture, close_fixture),
        cmocka_unit_test_setup_teardown(test_countries, open_fixture, close_fixture),
        cmocka_unit_test_setup_teardown(test_curated, open_fixture, close_fixture),
        cmocka_unit_test_setup_teardown(test_counts_and_distance, open_fixture, close_fixture),
        cmocka_unit_test_setup_teardown(test_ucdp_places, open_ucdp_fixture, close_fixture),
        cmocka_unit_test_setup_teardown(test_ucdp_merged_and_skipped, open_ucdp_fixture,
                                        close_fixture),
        cmocka_unit_test(test_ucdp_errors),
        cmocka_unit_test(test_version_refused),
        cmocka_unit_test(test_truncated),
        cmocka_unit_test(test_corrupted),
        cmocka_unit_test(test_bad_country_code),
        cmocka_unit_test(test_missing),
        cmocka_unit_test(test_gazc_errors),
        cmocka_unit_test(test_gazc_bad_json),
        cmocka_unit_test(test_real_gazetteer),
    };
    return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
