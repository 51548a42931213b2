/*
 * test_input.c - unit tests of the input stage on pages and texts written for
 * these tests: the article body of news pages laid out like common CMSs
 * (the pages in tests/pages: what is kept, what is dropped), headlines, publication
 * dates from <meta>, JSON-LD and <time>, bad and large HTML; and the engine's
 * language detection and relative-date warning, with counter-examples.
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
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "html.h"
#include "input.h"
#include "lang.h"
#include "engine_fixture.h"
#include "tacitus.h"

#ifndef TACITUS_DEFAULT_DATA
#define TACITUS_DEFAULT_DATA "data"
#endif
#define PAGES TACITUS_DEFAULT_DATA "/../tests/pages/"



/* One page of tests/pages read with the input stage (as `tacitus code` does). */
static void read_page(const char *name, input_doc *d)
{
    char path[1024], err[512];
    snprintf(path, sizeof path, "%s%s", PAGES, name);
    memset(d, 0, sizeof *d);
    if (input_read_file(path, 10u << 20, d, err, sizeof err) < 0)
        fail_msg("%s", err);
}

/* Every string of keep is in text; no string of drop is. */
static void check_text(const char *page, const char *text, const char *const *keep, const char *const *drop)
{
    for (; keep && *keep; keep++)
        if (!strstr(text, *keep))
            fail_msg("%s: lost \"%s\" from the article body:\n%s", page, *keep, text);
    for (; drop && *drop; drop++)
        if (strstr(text, *drop))
            fail_msg("%s: kept \"%s\", which is not the article:\n%s", page, *drop, text);
}

/* A page: its text keeps and drops what it should; its title and its
 * published date (and their source) are as expected. */
static void check_page(const char *name, const char *title, const char *published, const char *from,
                       const char *const *keep, const char *const *drop)
{
    input_doc d;
    read_page(name, &d);
    check_text(name, d.text, keep, drop);
    assert_non_null(d.title);
    assert_string_equal(d.title, title);
    assert_non_null(d.published);
    assert_string_equal(d.published, published);
    assert_string_equal(d.published_from, from);
    /* the headline is the title, not repeated as the first line of the body */
    assert_true(strncmp(d.text, title, strlen(title)) != 0);
    input_doc_free(&d);
}

/* A WordPress post: comments, "Related" (Jetpack), share buttons, a "READ
 * MORE" link line, post navigation, the widget sidebar and the footer go; the
 * caption stays; the post's topic classes (tag-social-media, tag-comments) do
 * not make it furniture. The meta date wins over the <time>, as written
 * (+05:00 does not move the day). */
static void test_wordpress_post(void **state)
{
    (void)state;
    static const char *const keep[] = {"Artillery shells struck the covered market in Velrana",
                                       "Witnesses said at least six rounds landed",
                                       "The mayor, Oden Kurrat, blamed forces loyal to the northern council",
                                       "only returned fire at positions outside Velrana",
                                       "Smoke rises over the covered market", NULL};
    static const char *const drop[] = {"church", "bomb", "firearms", "grenades", "Leave a Reply", "Share this",
                                       "Recent Posts", "Skip to content", "Copyright", "cousin", "Related",
                                       "Bomb blasts", "Proudly powered", NULL};
    check_page("wordpress-post.html", "Shelling hits market in Velrana as talks stall", "2024-03-03", "html-meta",
               keep, drop);
}

/* A big outlet: cookie banner, mega-menu, breadcrumbs, an inline ad and an
 * inline "Related" aside, the "Most read" column, the "More from" cards and
 * the footer go; the standfirst beside the body stays. */
static void test_big_outlet(void **state)
{
    (void)state;
    static const char *const keep[] = {"the deepest strike into the province since the spring offensive",
                                       "A drone struck a fuel depot on the outskirts of Marrowgate",
                                       "The blast set two storage tanks on fire",
                                       "Vansk said air defence units had shot down two other drones",
                                       "No group has said it carried out the attack", NULL};
    static const char *const drop[] = {"cookies", "suicide bombing", "Tessaly", "Car bomb", "Police shoot",
                                       "Gunmen kill twelve", "Rebels seize", "Kessel", "hostages", "Landmine",
                                       "thousand soldiers", "Advertisement", "Most read", "More from", "About us",
                                       "right to report", "Africa", NULL};
    check_page("big-outlet.html", "Drone strike on fuel depot kills three in Marrowgate", "2024-05-12", "html-meta",
               keep, drop);
}

/* An AMP page: amp-sidebar, amp-ad, amp-social-share and the related posts
 * go; the date is the article header's <time>. */
static void test_amp_page(void **state)
{
    (void)state;
    static const char *const keep[] = {"Several hundred truck drivers and farmers blocked the main highway",
                                       "burned tyres at the roadside",
                                       "Union leader Ines Marrow said the blockade would continue", NULL};
    static const char *const drop[] = {"Gunmen open fire", "Grenade attack", "Explosion at mine", "Advertisement",
                                       "More stories", "Back to top", "Tags:", NULL};
    check_page("amp-page.html", "Protesters block highway near Sallow Ford after fuel price rise", "2024-07-19",
               "time-element", keep, drop);
}

/* JSON-LD in an @graph: the NewsArticle's datePublished, not the WebSite's;
 * an invalid JSON-LD block is ignored. The newsletter box and the footer go;
 * the blockquote stays. */
static void test_jsonld_article(void **state)
{
    (void)state;
    static const char *const keep[] = {"Armed men stopped a passenger bus on the road between Tarrow and Keffi",
                                       "the gunmen were dressed in military uniforms",
                                       "No ransom demand had been received",
                                       "everyone lay down on the floor of the bus", NULL};
    static const char *const drop[] = {"briefing", "Harbour Road", "terrorism since 1985", "Subscribe", "Politics",
                                       NULL};
    check_page("jsonld-article.html", "Gunmen kidnap 12 passengers from bus near Tarrow", "2024-09-08", "json-ld",
               keep, drop);
}

/* Only <div>s with class names: the paragraphs are <div class="para">; the
 * "Popular this week" box, the partner links, the top menu and the bottom
 * line go. No <h1>: the title is <title> without " - Plains Gazette". */
static void test_div_only(void **state)
{
    (void)state;
    static const char *const keep[] = {"Nine people were killed and fourteen injured when herders and farmers",
                                       "dozens of huts were burned",
                                       "a curfew was imposed from dusk to dawn", NULL};
    static const char *const drop[] = {"Suicide bomber", "Soldiers fire", "armed robbers", "Farm prices",
                                       "Partner sites", "all rights reserved", "Front page", NULL};
    check_page("div-only.html", "Clashes between herders and farmers leave 9 dead", "2024-11-04", "html-meta", keep,
               drop);
}

/* A live blog: five short posts of about the same score are all kept (their
 * common container is the body), in order; the key-events links, the "Most
 * popular" sidebar and the footer go. */
static void test_live_blog(void **state)
{
    (void)state;
    static const char *const keep[] = {"Police fired tear gas at several hundred opposition supporters",
                                       "Shops on the main avenue have pulled down their shutters",
                                       "has called for a general strike from Monday",
                                       "stones were thrown at a police vehicle near the port gates",
                                       "welcome to our live coverage of the protests in Port Halden", NULL};
    static const char *const drop[] = {"Airstrike", "roadside bomb", "Most popular", "Key events",
                                       "Registered in Port Halden", NULL};
    check_page("live-blog.html", "Live: unrest in Port Halden after disputed vote", "2025-01-26", "html-meta", keep,
               drop);
    input_doc d;
    read_page("live-blog.html", &d);
    const char *a = strstr(d.text, "Police fired tear gas"), *b = strstr(d.text, "welcome to our live coverage");
    assert_true(a && b && a < b);
    input_doc_free(&d);
}

/* The code of a page (input stage then engine): the JSON record. */
static json_t *code_page(const char *name)
{
    input_doc d;
    read_page(name, &d);
    tac_doc doc = {d.id, d.title, d.published, d.url, d.text, d.len, d.published_from, d.source};
    char err[256];
    const char *js = tac_code_json(coder, &doc, err, sizeof err);
    assert_non_null(js);
    json_t *r = json_loads(js, 0, NULL);
    assert_non_null(r);
    input_doc_free(&d);
    return r;
}

/* 1 when some string anywhere in the record's events (but their ids, made of
 * the file name) matches one of words. */
static int events_mention(json_t *v, const char *const *words)
{
    if (json_is_string(v)) {
        for (; *words; words++)
            if (strstr(json_string_value(v), *words))
                return 1;
        return 0;
    }
    size_t i;
    const char *k;
    json_t *x;
    if (json_is_array(v)) {
        json_array_foreach(v, i, x) if (events_mention(x, words)) return 1;
    } else if (json_is_object(v)) {
        json_object_foreach(v, k, x) if (strcmp(k, "id") != 0 && events_mention(x, words)) return 1;
    }
    return 0;
}

/* A football report beside a "Related stories" box about a car bomb: the box
 * is dropped, so nothing of the bombing reaches the events. And the reverse:
 * a bombing report beside a sports box keeps its bombing and drops the
 * "shot" and "destroys" headlines. */
static void test_related_box_other_story(void **state)
{
    (void)state;
    static const char *const keep_f[] = {"Northbridge Rovers reached the cup final",
                                         "Rovers will face Eastholm in the final", NULL};
    static const char *const drop_f[] = {"Car bomb", "explosives", "Dalvik", "Militants", "seven soldiers",
                                         "Related stories", NULL};
    check_page("football-related-bombing.html", "Rovers shoot down City to reach cup final", "2024-04-21",
               "html-meta", keep_f, drop_f);
    json_t *r = code_page("football-related-bombing.html");
    static const char *const bomb[] = {"bomb", "Bomb", "Dalvik", "Explosives", "explosives", NULL};
    assert_false(events_mention(json_object_get(r, "events"), bomb));
    json_decref(r);

    static const char *const keep_b[] = {"A bomb hidden in a parked motorcycle exploded", "detonated by remote control",
                                         "No group has claimed responsibility", NULL};
    static const char *const drop_b[] = {"Striker", "hat-trick", "boxer", "Sport", NULL};
    check_page("bombing-related-football.html", "Bomb kills five at bus station in Ferrin", "2023-10-02", "html-meta",
               keep_b, drop_b);
    r = code_page("bombing-related-football.html");
    static const char *const sport[] = {"Striker", "boxer", "hat-trick", NULL};
    assert_false(events_mention(json_object_get(r, "events"), sport));
    json_t *ev = json_array_get(json_object_get(r, "events"), 0);
    assert_non_null(ev);
    assert_int_equal(json_integer_value(json_object_get(json_object_get(ev, "killed"), "min")), 5);
    assert_string_equal(json_string_value(json_object_get(json_object_get(r, "doc"), "published_from")), "html-meta");
    json_decref(r);
}

/* html_extract on a string: its text (caller frees) and meta. */
static char *extract(const char *html, html_meta *m)
{
    size_t n;
    char *t = html_extract(html, strlen(html), &n, m);
    assert_non_null(t);
    assert_int_equal(strlen(t), n);
    return t;
}

/* Fragments and pages without a scoring paragraph give their whole text;
 * paragraphs stay on lines of their own; a bare <p> is no article body. */
static void test_fallback_and_lines(void **state)
{
    (void)state;
    html_meta m;
    char *t = extract("<p>one paragraph</p>", &m);
    assert_string_equal(t, "one paragraph");
    assert_null(m.title);
    assert_null(m.published);
    assert_int_equal(m.body_only, 0);
    free(t);
    html_meta_free(&m);
    t = extract("<div><nav>Home</nav><p>Short one.</p><p>Short two.</p></div>", &m);
    assert_string_equal(t, "Home\nShort one.\nShort two.");
    free(t);
    html_meta_free(&m);
    t = extract("<body><div class=\"story\"><p>Police said the first paragraph, which is long enough, was kept.</p>"
                "<p>The second paragraph, also long enough to count, follows it on its own line.</p></div>"
                "<div class=\"sidebar\"><p>Sidebar text that is long enough to be a paragraph of its own.</p></div>"
                "</body>", &m);
    assert_string_equal(t, "Police said the first paragraph, which is long enough, was kept.\n"
                           "The second paragraph, also long enough to count, follows it on its own line.");
    assert_int_equal(m.body_only, 1);
    free(t);
    html_meta_free(&m);
}

/* The headline: the <h1> near the body (a logo <h1> that is a link is not),
 * else og:title, else <title> without a short site-name suffix; a title whose
 * last part is long is kept whole. */
static void test_headline(void **state)
{
    (void)state;
    static const char *const body = "<div class=\"article-body\"><p>Gunmen fired on a checkpoint outside the town on "
                                    "Tuesday, wounding two guards, officials said.</p></div>";
    char page[1024];
    html_meta m;
    snprintf(page, sizeof page, "<title>Gunmen attack checkpoint | Site</title><h1><a href=\"/\">Daily Site</a></h1>%s", body);
    char *t = extract(page, &m);
    assert_string_equal(m.title, "Gunmen attack checkpoint");
    free(t);
    html_meta_free(&m);
    snprintf(page, sizeof page, "<head><title>Checkpoint attacked near the town - Valley News</title>"
             "<meta property=\"og:title\" content=\"Checkpoint  attacked\"></head>%s", body);
    t = extract(page, &m);
    assert_string_equal(m.title, "Checkpoint attacked");
    free(t);
    html_meta_free(&m);
    snprintf(page, sizeof page, "<title>Checkpoint attacked near the town - Valley News</title>%s", body);
    t = extract(page, &m);
    assert_string_equal(m.title, "Checkpoint attacked near the town");
    free(t);
    html_meta_free(&m);
    snprintf(page, sizeof page, "<title>Ceasefire - what the two sides agreed in the night talks in Hessby</title>%s",
             body);
    t = extract(page, &m);
    assert_string_equal(m.title, "Ceasefire - what the two sides agreed in the night talks in Hessby");
    free(t);
    html_meta_free(&m);
}

/* Dates as pages write them, and strings that are no date. */
static void test_html_date(void **state)
{
    (void)state;
    static const char *const good[][2] = {
        {"2024-03-03T14:05:00+05:00", "2024-03-03"}, {"2024-03-03T23:30:00-08:00", "2024-03-03"},
        {"2024-03-03", "2024-03-03"}, {"  2024/03/03 10:00", "2024-03-03"}, {"20240303", "2024-03-03"},
        {"20240303T101500Z", "2024-03-03"}, {"Sun, 03 Mar 2024 14:05:00 GMT", "2024-03-03"},
        {"3 March 2024", "2024-03-03"}, {"3rd March 2024", "2024-03-03"}, {"March 3, 2024", "2024-03-03"},
        {"Sunday, March 3, 2024", "2024-03-03"}, {"2024-02-29", "2024-02-29"}};
    static const char *const bad[] = {"", "yesterday", "2024-02-30", "2023-02-29", "2024-13-01", "2024-3-3",
                                      "1850-01-01", "12345", "March 2024", "32 March 2024", "4 hours ago", NULL};
    char out[11];
    for (size_t i = 0; i < sizeof good / sizeof good[0]; i++) {
        if (!html_date(good[i][0], out))
            fail_msg("'%s' not read as a date", good[i][0]);
        assert_string_equal(out, good[i][1]);
    }
    for (const char *const *b = bad; *b; b++)
        if (html_date(*b, out))
            fail_msg("'%s' read as the date %s", *b, out);
    assert_int_equal(html_date(NULL, out), 0);
}

/* The sources of a date, best first: article:published_time, an article's
 * JSON-LD, other date <meta>s, other JSON-LD, the body's <time>
 * (pubdate/itemprop=datePublished before the first); a <time> in a dropped
 * box does not count. */
static void test_date_sources(void **state)
{
    (void)state;
    static const char *const body = "<article><h1>Checkpoint attacked</h1>%s<div class=\"story-body\"><p>Gunmen fired "
                                    "on a checkpoint outside the town on Tuesday, wounding two guards, officials "
                                    "said.</p></div></article>";
    static const struct { const char *head, *inbody, *date, *from; } cases[] = {
        {"<meta name=\"date\" content=\"2024-01-05\"><meta property=\"article:published_time\" "
         "content=\"2024-01-06T10:00:00Z\">", "", "2024-01-06", "html-meta"},
        {"<meta name=\"date\" content=\"2024-01-05\"><script type=\"application/ld+json\">{\"@type\":\"NewsArticle\","
         "\"datePublished\":\"2024-01-04\"}</script>", "", "2024-01-04", "json-ld"},
        {"<script type=\"application/ld+json\">[{\"@type\":\"Organization\",\"datePublished\":\"2001-01-01\"},"
         "{\"mainEntity\":{\"@type\":\"BlogPosting\",\"datePublished\":\"2024-01-03\"}}]</script>", "",
         "2024-01-03", "json-ld"},
        {"", "<time datetime=\"2024-01-01\">1 Jan</time><time itemprop=\"datePublished\" "
         "datetime=\"2024-01-02T08:00\">2 Jan</time>", "2024-01-02", "time-element"},
        {"", "<span>Updated</span><time>January 7, 2024</time>", "2024-01-07", "time-element"},
        {"<meta name=\"DC.date.issued\" content=\"not a date\">", "<div class=\"related\"><time "
         "datetime=\"2020-05-05\">old</time></div>", NULL, NULL}};
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char page[2048], inner[1024];
        snprintf(inner, sizeof inner, body, cases[i].inbody);
        snprintf(page, sizeof page, "<html><head>%s</head><body>%s</body></html>", cases[i].head, inner);
        html_meta m;
        char *t = extract(page, &m);
        if (!cases[i].date) {
            assert_null(m.published);
            assert_null(m.published_from);
        } else {
            if (!m.published || strcmp(m.published, cases[i].date) != 0)
                fail_msg("case %zu: published %s, expected %s", i, m.published ? m.published : "(none)", cases[i].date);
            assert_string_equal(m.published_from, cases[i].from);
        }
        free(t);
        html_meta_free(&m);
    }
}

/* A published date given with the document wins over the page's; a page's
 * date fills it when none is given (JSON Lines). */
static void test_given_date_wins(void **state)
{
    (void)state;
    static const char *const given = "{\"id\":\"a\",\"published\":\"2024-02-01\",\"text\":\"<html><head><meta "
                                     "property='article:published_time' content='2024-03-03'></head><body><p>Gunmen "
                                     "fired on a checkpoint on Tuesday, wounding two guards.</p></body></html>\"}";
    input_doc d = {0};
    char err[256];
    assert_int_equal(input_parse_jsonl(given, strlen(given), 1 << 20, &d, err, sizeof err), 0);
    assert_string_equal(d.published, "2024-02-01");
    assert_null(d.published_from);
    input_doc_free(&d);
    static const char *const none = "{\"id\":\"b\",\"text\":\"<html><head><meta property='article:published_time' "
                                    "content='2024-03-03T01:00:00+09:00'></head><body><p>Gunmen fired on a checkpoint "
                                    "on Tuesday.</p></body></html>\"}";
    assert_int_equal(input_parse_jsonl(none, strlen(none), 1 << 20, &d, err, sizeof err), 0);
    assert_string_equal(d.published, "2024-03-03");
    assert_string_equal(d.published_from, "html-meta");
    input_doc_free(&d);
}

/* Seconds since an arbitrary start. */
static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec + ts.tv_nsec / 1e9;
}

/* Large and hostile pages finish, in time linear in their size: 40,000
 * paragraphs each under a box heading, 1,500 nested headings, many <time>s,
 * deeply nested JSON-LD. A page four times larger may take at most about
 * eight times as long (generous for timer noise, far below quadratic). */
static void test_large_and_hostile(void **state)
{
    (void)state;
    double t[2];
    for (int k = 0; k < 2; k++) {
        size_t reps = k ? 40000 : 10000;
        size_t cap = reps * 200 + 1024, n = 0;
        char *page = malloc(cap);
        assert_non_null(page);
        n += (size_t)snprintf(page + n, cap - n, "<html><body><div class=\"content\">");
        for (size_t i = 0; i < reps; i++)
            n += (size_t)snprintf(page + n, cap - n, "<div><h3>Related</h3><p>Paragraph %zu, with a comma, "
                                  "<a href=\"#\">a link</a> and <time datetime=\"2024-01-01\">x</time>.</p></div>", i);
        n += (size_t)snprintf(page + n, cap - n, "</div></body></html>");
        double t0 = now();
        html_meta m;
        size_t len;
        char *text = html_extract(page, n, &len, &m);
        t[k] = now() - t0;
        assert_non_null(text);
        free(text);
        html_meta_free(&m);
        free(page);
    }
    if (t[1] > 8 * t[0] + 0.5)
        fail_msg("4x the page took %.2fs against %.2fs: not linear", t[1], t[0]);

    char *page = malloc(200000);
    assert_non_null(page);
    size_t n = 0;
    for (int i = 0; i < 1500; i++)
        n += (size_t)snprintf(page + n, 200000 - n, "<h2>Related ");
    n += (size_t)snprintf(page + n, 200000 - n, "<script type=\"application/ld+json\">");
    for (int i = 0; i < 5000; i++)
        page[n++] = '[';
    page[n] = '\0';
    html_meta m;
    size_t len;
    char *text = html_extract(page, n, &len, &m);
    assert_non_null(text);
    free(text);
    html_meta_free(&m);
    free(page);
}

/* Code text without a publication date; returns the record (caller frees). */
static json_t *code_text(const char *text, const char *published)
{
    tac_doc d = {"t", NULL, published, NULL, text, strlen(text), NULL, NULL};
    char err[256];
    const char *js = tac_code_json(coder, &d, err, sizeof err);
    assert_non_null(js);
    json_t *r = json_loads(js, 0, NULL);
    assert_non_null(r);
    return r;
}

/* The doc.warnings of r that start with prefix, or NULL. */
static const char *warning(json_t *r, const char *prefix)
{
    size_t i;
    json_t *w;
    json_array_foreach(json_object_get(json_object_get(r, "doc"), "warnings"), i, w)
        if (strncmp(json_string_value(w), prefix, strlen(prefix)) == 0)
            return json_string_value(w);
    return NULL;
}

/* Articles in French, Spanish, Portuguese, Italian, German and in other
 * scripts are reported and not coded. */
static void test_language_not_coded(void **state)
{
    (void)state;
    static const char *const cases[][2] = {
        {"fr", "Une explosion a fait au moins six morts et une vingtaine de blessés dimanche matin dans le marché "
               "central de la ville, selon les autorités locales. La police a indiqué que l'engin avait été placé "
               "sous un étal et que les victimes étaient pour la plupart des commerçants. Le gouverneur de la "
               "province a condamné une attaque et promis que les auteurs seraient retrouvés."},
        {"es", "Al menos cinco personas murieron y otras doce resultaron heridas el sábado por la noche cuando "
               "hombres armados abrieron fuego contra los clientes de un bar en el centro de la ciudad, según "
               "informó la policía. Los atacantes huyeron en dos motocicletas y las autoridades han desplegado a "
               "cientos de agentes para buscarlos."},
        {"pt", "Pelo menos quatro pessoas morreram e outras dez ficaram feridas na noite de sábado quando homens "
               "armados abriram fogo contra um autocarro na estrada que liga a cidade ao porto, segundo a polícia. "
               "Os atacantes fugiram para o mato e as autoridades não sabem ainda quem são os responsáveis pelo "
               "ataque, que foi o terceiro do mês na região."},
        {"it", "Almeno tre persone sono morte e altre sette sono rimaste ferite nella notte di sabato quando un "
               "ordigno è esploso davanti alla sede del comune, secondo la polizia. Gli inquirenti non hanno ancora "
               "identificato i responsabili, ma il sindaco ha detto che la città non si farà intimidire e che le "
               "indagini sono già in corso da parte dei carabinieri."},
        {"de", "Bei einem Anschlag auf eine Polizeiwache sind am Sonntag mindestens vier Menschen getötet und zehn "
               "weitere verletzt worden, wie die Behörden mitteilten. Die Angreifer hätten das Gebäude mit "
               "Schusswaffen angegriffen und seien danach mit einem Auto geflohen. Zu der Tat hat sich bisher "
               "keine Gruppe bekannt, die Ermittlungen dauern noch an."},
        {"ar", "قالت الشرطة إن ثلاثة أشخاص قتلوا وأصيب خمسة آخرون في انفجار سيارة مفخخة قرب سوق شعبي في المدينة "
               "مساء الأحد، وإن فرق الإنقاذ ما زالت تبحث عن ناجين تحت الأنقاض."},
        {"ru", "Полиция сообщила, что в результате взрыва на рынке в воскресенье погибли три человека и ещё пятеро "
               "были ранены. Власти объявили трёхдневный траур, а следователи выясняют, кто стоит за нападением."},
        {"zh", "警方称，周日晚上，该市一处市场发生爆炸，造成三人死亡，另有五人受伤，其中包括两名儿童。当地官员表示，"
               "救援工作仍在进行中，伤者已被送往医院治疗，事件原因正在调查之中。"}};
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        json_t *r = code_text(cases[i][1], "2024-05-05");
        char want[32];
        snprintf(want, sizeof want, "language %s: not coded", cases[i][0]);
        const char *w = warning(r, "language ");
        if (!w || strcmp(w, want) != 0)
            fail_msg("%s article: warning '%s', expected '%s'", cases[i][0], w ? w : "(none)", want);
        assert_int_equal(json_array_size(json_object_get(r, "events")), 0);
        json_decref(r);
    }
}

/* English text with a French quote, Spanish place names or a short foreign
 * headline is still English; a short foreign sentence is too little evidence. */
static void test_language_counter_examples(void **state)
{
    (void)state;
    static const char *const english[] = {
        "Gunmen killed five people at a bar in the centre of the city on Saturday night, police said. The mayor "
        "told reporters in Spanish: \"La violencia de las bandas no quedará impune, y vamos a encontrar a los "
        "responsables de este ataque contra nuestra ciudad.\" Police said the attackers fled on two motorcycles, "
        "and that hundreds of officers had been deployed to search for them in the hills.",
        "Gunmen attacked a police post in San Juan de la Maguana, near Las Matas de Farfán, on Sunday, killing two "
        "officers, the police in Santo Domingo said. The attackers also burned a patrol car in El Llano de la Cruz "
        "before fleeing towards Los Ríos de la Plata, officials said.",
        "Le Monde reported that \"les manifestants ont été dispersés par la police\" on Tuesday, after protesters "
        "threw stones at officers in the centre of the city and the police fired tear gas, injuring ten people.",
        "Une bombe a explosé. Police said two people were killed when a bomb exploded near a bus station in the "
        "city on Monday, and that the attack had not been claimed by any group."};
    for (size_t i = 0; i < sizeof english / sizeof english[0]; i++) {
        json_t *r = code_text(english[i], "2024-05-05");
        const char *w = warning(r, "language ");
        if (w)
            fail_msg("English text %zu reported as '%s'", i, w);
        assert_true(json_array_size(json_object_get(r, "events")) > 0);
        json_decref(r);
    }
    json_t *r = code_text("Une bombe a explosé dans le marché.", "2024-05-05");
    assert_null(warning(r, "language "));
    json_decref(r);
}

/* Relative dates without a publication date are reported; with one, or with
 * only absolute dates, they are not. */
static void test_relative_date_warning(void **state)
{
    (void)state;
    static const char *const relative[] = {
        "Gunmen attacked a police post on Monday, killing three officers, officials said.",
        "A bomb exploded at a market yesterday, killing four people, police said.",
        "Police said three protesters were killed last week when officers fired on a march."};
    static const char *const absolute = "Gunmen attacked a police post on 3 March 2024, killing three officers.";
    for (size_t i = 0; i < sizeof relative / sizeof relative[0]; i++) {
        json_t *r = code_text(relative[i], NULL);
        const char *w = warning(r, "no publication date: relative dates");
        if (!w)
            fail_msg("no warning for: %s", relative[i]);
        json_decref(r);
        r = code_text(relative[i], "2024-03-05");
        assert_null(warning(r, "no publication date"));
        json_decref(r);
    }
    json_t *r = code_text(absolute, NULL);
    assert_null(warning(r, "no publication date"));
    json_decref(r);
}

/* stopwords.txt errors name the file and line; a good file loads. */
static void test_stopwords_file(void **state)
{
    (void)state;
    char dir[] = "/tmp/tacitus-stopwords-XXXXXX";
    assert_non_null(mkdtemp(dir));
    char path[128], err[512];
    snprintf(path, sizeof path, "%s/stopwords.txt", dir);
    static const struct { const char *text, *msg; } cases[] = {
        {"# a comment\n\nen | the; of\nfr | le; la\n", NULL},
        {"en | the\nfr le la\n", ":2: expected 'LANG | word"},
        {"EN | the\n", ":1: language 'EN'"},
        {"en | the; of the\n", ":1: 'of the' is not one word"},
        {"en | ;;\nx | the\n", ":2: language 'x'"}};
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        FILE *f = fopen(path, "w");
        assert_non_null(f);
        fputs(cases[i].text, f);
        fclose(f);
        lang_profiles *lp = NULL;
        int rc = lang_load(dir, &lp, err, sizeof err);
        if (!cases[i].msg) {
            assert_int_equal(rc, 0);
            size_t words;
            assert_int_equal(lang_count(lp, &words), 2);
            assert_int_equal(words, 4);
        } else {
            assert_int_equal(rc, -1);
            if (!strstr(err, cases[i].msg) || !strstr(err, "stopwords.txt"))
                fail_msg("case %zu: '%s' does not say '%s'", i, err, cases[i].msg);
        }
        lang_free(lp);
    }
    unlink(path);
    assert_int_equal(lang_load(dir, &(lang_profiles *){NULL}, err, sizeof err), -1);
    assert_non_null(strstr(err, "cannot open"));
    rmdir(dir);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_wordpress_post),
        cmocka_unit_test(test_big_outlet),
        cmocka_unit_test(test_amp_page),
        cmocka_unit_test(test_jsonld_article),
        cmocka_unit_test(test_div_only),
        cmocka_unit_test(test_live_blog),
        cmocka_unit_test(test_related_box_other_story),
        cmocka_unit_test(test_fallback_and_lines),
        cmocka_unit_test(test_headline),
        cmocka_unit_test(test_html_date),
        cmocka_unit_test(test_date_sources),
        cmocka_unit_test(test_given_date_wins),
        cmocka_unit_test(test_large_and_hostile),
        cmocka_unit_test(test_language_not_coded),
        cmocka_unit_test(test_language_counter_examples),
        cmocka_unit_test(test_relative_date_warning),
        cmocka_unit_test(test_stopwords_file),
    };
    return cmocka_run_group_tests_name("input", tests, setup, teardown);
}
