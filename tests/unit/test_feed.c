/*
 * test_feed.c - unit tests of the feed parser and the poller's rules
 * (src/monitor/feed.h, poll.h): RSS 2.0, RSS 1.0 and Atom (default and
 * prefixed namespaces) read into items with their keys, links (relative ones
 * resolved, other schemes dropped), titles and days; items without anything
 * to name them counted; a malformed body and a page that is not a feed
 * refused with one line naming what; which URLs are fetched; the back-off.
 * Every feed here is written for these tests. Leaks are caught when the ASan
 * build of this file runs.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "feed.h"
#include "poll.h"

#define BASE "https://news.test/world/feed.xml"

/* Parse s (as fetched from BASE) into items; the return code. */
static int parse(const char *s, feed_items *items, char *err, size_t errlen)
{
    err[0] = '\0';
    return feed_parse(s, strlen(s), BASE, items, err, errlen);
}

static void test_rss2(void **state)
{
    (void)state;
    static const char rss[] =
        "<?xml version=\"1.0\"?>\n<rss version=\"2.0\" xmlns:dc=\"http://purl.org/dc/elements/1.1/\"><channel>"
        "<item><guid isPermaLink=\"false\"> g-1 </guid><link>/world/a1.html</link><title>First</title>"
        "<pubDate>Tue, 03 Nov 2026 09:00:00 GMT</pubDate></item>"
        "<item><link>https://other.test/a2</link><dc:date>2026-11-04T10:00:00Z</dc:date></item>"
        "<item><title>Only a title</title><link>javascript:alert(1)</link></item>"
        "<item><description>nothing to name it</description></item>"
        "</channel></rss>";
    feed_items it;
    char err[256];
    assert_int_equal(parse(rss, &it, err, sizeof err), 0);
    assert_int_equal(it.n, 3);
    assert_int_equal(it.unnamed, 1);
    assert_string_equal(it.v[0].key, "g-1");
    assert_string_equal(it.v[0].link, "https://news.test/world/a1.html");
    assert_string_equal(it.v[0].title, "First");
    assert_string_equal(it.v[0].published, "2026-11-03");
    assert_string_equal(it.v[1].key, "https://other.test/a2"); /* no guid: the link */
    assert_string_equal(it.v[1].published, "2026-11-04");
    assert_null(it.v[1].title);
    assert_string_equal(it.v[2].key, "title:Only a title");
    assert_null(it.v[2].link); /* not http(s) */
    feed_items_free(&it);
}

static void test_atom_and_rdf(void **state)
{
    (void)state;
    static const char atom[] =
        "<a:feed xmlns:a=\"http://www.w3.org/2005/Atom\"><a:title>T</a:title>"
        "<a:entry><a:id>tag:news.test,2026:7</a:id><a:title>Seven</a:title>"
        "<a:link rel=\"enclosure\" href=\"/img/7.jpg\"/><a:link href=\"../story/7\"/>"
        "<a:updated>2026-11-06T00:00:00Z</a:updated><a:published>2026-11-05T23:00:00Z</a:published></a:entry>"
        "</a:feed>";
    feed_items it;
    char err[256];
    assert_int_equal(parse(atom, &it, err, sizeof err), 0);
    assert_int_equal(it.n, 1);
    assert_string_equal(it.v[0].key, "tag:news.test,2026:7");
    assert_string_equal(it.v[0].link, "https://news.test/story/7"); /* not the enclosure */
    assert_string_equal(it.v[0].published, "2026-11-05");           /* published before updated */
    feed_items_free(&it);
    static const char rdf[] =
        "<rdf:RDF xmlns:rdf=\"http://www.w3.org/1999/02/22-rdf-syntax-ns#\" xmlns=\"http://purl.org/rss/1.0/\">"
        "<channel><title>T</title></channel>"
        "<item><title>One</title><link>http://news.test/1</link></item></rdf:RDF>";
    assert_int_equal(parse(rdf, &it, err, sizeof err), 0);
    assert_int_equal(it.n, 1);
    assert_string_equal(it.v[0].link, "http://news.test/1");
    feed_items_free(&it);
}

static void test_refusals(void **state)
{
    (void)state;
    feed_items it;
    char err[256];
    assert_int_equal(parse("<?xml version=\"1.0\"?>\n<rss><channel>\n<item><title>x</item>\n</channel></rss>", &it,
                           err, sizeof err),
                     -1);
    assert_non_null(strstr(err, "malformed XML at line 3"));
    assert_null(strchr(err, '\n'));
    feed_items_free(&it);
    assert_int_equal(parse("<html><body><p>a page</p></body></html>", &it, err, sizeof err), -1);
    assert_string_equal(err, "not an RSS or Atom feed (its root element is <html>)");
    feed_items_free(&it);
    assert_int_equal(parse("", &it, err, sizeof err), -1);
    assert_non_null(strstr(err, "malformed XML"));
    feed_items_free(&it);
}

static void test_urls_and_backoff(void **state)
{
    (void)state;
    assert_true(feed_url_ok("http://a.test/feed"));
    assert_true(feed_url_ok("HTTPS://a.test"));
    assert_false(feed_url_ok("ftp://a.test/feed"));
    assert_false(feed_url_ok("file:///etc/passwd"));
    assert_false(feed_url_ok("http:///nohost"));
    assert_false(feed_url_ok("a.test/feed"));
    assert_false(feed_url_ok(NULL));
    assert_true(feed_backoff(900, 1) == 900);
    assert_true(feed_backoff(900, 2) == 1800);
    assert_true(feed_backoff(0, 1) == 60);
    assert_true(feed_backoff(0, 3) == 240);
    assert_true(feed_backoff(900, 40) == 86400);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_rss2),
        cmocka_unit_test(test_atom_and_rdf),
        cmocka_unit_test(test_refusals),
        cmocka_unit_test(test_urls_and_backoff),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
