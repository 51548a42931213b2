#!/usr/bin/env bash
# feeds.sh - 'tacitus feeds', the news feed poller in its direct-ingest mode,
# against a local HTTP server (tests/lib/feed_server.py, on 127.0.0.1 only;
# no other address is contacted) serving RSS and Atom feeds and article pages
# written here (invented texts). Checks: new items stored once (also an item
# twice in one feed and one item in two feeds); a second run sends
# If-None-Match, gets 304 and stores nothing; a restart fetches nothing
# already seen; a 500 and a malformed body are reported, the other feeds still
# polled, and the back-off recorded (the failed feeds are not due in the next
# run); an article that times out is reported, not marked seen, and tried
# again in the next run; --now polls feeds in back-off; a body over
# --max-bytes is refused; a redirect is followed; every request carries a
# User-Agent naming tacitus, and two requests to the host are at least
# --per-host-delay apart; a version-4 store gets the feed tables (SQLite);
# SIGTERM stops the polling loop with exit 0; usage errors.
#
# Run from the repository root as: env TACITUS=<binary> bash tests/monitor/feeds.sh
# with TACITUS_DATA and TACITUS_GAZETTEER set. Needs python3, jq and sqlite3
# (or psql). With TACITUS_STORE_BACKEND=postgresql (and PGHOST, PGPORT, PGUSER
# naming a server, as tests/lib/pg.sh starts one) the store is a PostgreSQL
# database. Prints TAP lines. No check depends on the machine's speed.
set -u
BACKEND=${TACITUS_STORE_BACKEND:-sqlite}
T=${TACITUS:-build/tacitus}
TMP=$(mktemp -d "${TMPDIR:-/tmp}/tacitus-feeds.XXXXXX") || { echo "not ok 1 - mktemp failed"; exit 1; }
SPID= LPID=
trap '[ -n "$SPID" ] && kill "$SPID" 2>/dev/null; [ -n "$LPID" ] && kill -9 "$LPID" 2>/dev/null; rm -rf "$TMP"' EXIT
export LC_ALL=C no_proxy='*' NO_PROXY='*'

. "$(dirname "$0")/../lib/tap.sh"     # pass, skip, fail, diag, run, expect_rc, check
. "$(dirname "$0")/../lib/backend.sh" # newdb, sql
command -v jq >/dev/null || { echo "not ok 1 - jq is not installed"; exit 1; }

# ---- the site: articles, feeds, and the server ------------------------------
W=$TMP/www
mkdir -p "$W"
article() { # FILE HEADLINE DATE(or empty) TEXT
    local meta=
    [ -n "$3" ] && meta="<meta property=\"article:published_time\" content=\"$3T08:00:00Z\">"
    printf '<!DOCTYPE html><html><head><title>%s | Test Wire</title>%s</head><body><nav><a href="/">Home</a></nav><article><h1>%s</h1><p>%s</p><p>%s</p></article><footer>Test Wire</footer></body></html>\n' \
        "$2" "$meta" "$2" "$4" "Officials gave no further details." >"$W/$1"
}
article a1.html "Checkpoint attacked" 2026-11-02 "Gunmen attacked a police checkpoint in Kandahar on Monday, killing three officers, officials said."
article a2.html "Convoy hit" "" "A roadside bomb struck a military convoy near Mosul on Tuesday, wounding four soldiers."
article a3.html "Clashes in Lagos" 2026-11-04 "Protesters clashed with security forces in Lagos on Wednesday and two demonstrators were killed."
article a4.html "Market blast" 2026-11-05 "An explosion at a market in Peshawar killed five people on Thursday, police said."
article a6.html "School burned" 2026-11-06 "Militants set fire to a school in Maiduguri on Friday, residents said. No one was hurt."

rss() { # FILE ITEM... (each "guid|path|title|pubDate")
    local f=$1 it g p ti d
    shift
    {
        echo '<?xml version="1.0" encoding="UTF-8"?>'
        echo '<rss version="2.0" xmlns:dc="http://purl.org/dc/elements/1.1/"><channel><title>Test Wire</title>'
        for it in "$@"; do
            IFS='|' read -r g p ti d <<<"$it"
            printf '<item><guid isPermaLink="false">%s</guid><link>%s</link><title>%s</title><pubDate>%s</pubDate></item>\n' \
                "$g" "$p" "$ti" "$d"
        done
        echo '</channel></rss>'
    } >"$W/$f"
}
# feed A: a1, a2, and a1 again (the same item twice in one feed)
rss a.xml "g1|/a1.html|Checkpoint attacked|Mon, 02 Nov 2026 09:00:00 GMT" \
    "g2|/a2.html|Convoy hit|Tue, 03 Nov 2026 09:00:00 GMT" \
    "g1|/a1.html|Checkpoint attacked|Mon, 02 Nov 2026 09:00:00 GMT"
# feed B (Atom, namespaced): a2 again (one item in two feeds) and a3 through a redirect
cat >"$W/b.xml" <<'EOF'
<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>Other Wire</title>
<entry><id>tag:other,2026:2</id><title>Convoy hit</title><link rel="alternate" href="/a2.html"/><updated>2026-11-03T10:00:00Z</updated></entry>
<entry><id>tag:other,2026:3</id><title>Clashes in Lagos</title><link href="/redirect/a3.html"/><published>2026-11-04T10:00:00Z</published></entry>
</feed>
EOF
# feed E: an article that never answers, and a4
rss e.xml "e5|/slow/a5.html|Slow story|Thu, 05 Nov 2026 09:00:00 GMT" \
    "e4|/a4.html|Market blast|Thu, 05 Nov 2026 09:00:00 GMT"
printf '<?xml version="1.0"?>\n<rss version="2.0"><channel>\n<item><title>Broken</item>\n</channel></rss>\n' >"$W/bad.xml"

python3 "$(dirname "$0")/../lib/feed_server.py" "$W" "$TMP/port" "$TMP/log" 2>"$TMP/server.err" &
SPID=$!
for _ in $(seq 100); do [ -s "$TMP/port" ] && break; sleep 0.1; done
[ -s "$TMP/port" ] || { echo "not ok 1 - the test server did not start: $(cat "$TMP/server.err")"; exit 1; }
BASE=http://127.0.0.1:$(cat "$TMP/port")
{
    echo "# the failing feeds first: the others are polled after them"
    echo "$BASE/500/feed.xml"
    echo "$BASE/bad.xml"
    echo
    echo "$BASE/a.xml"
    echo "$BASE/b.xml"
    echo "$BASE/e.xml"
    echo "$BASE/a.xml"
} >"$TMP/list"

requests() { jq -r --arg p "$1" 'select(.t and .path == $p) | .path' "$TMP/log" | wc -l; }
docs() { sql "$DB" "SELECT count(*) FROM documents"; }
DB=$(newdb feeds)
TMO=60

# ---- usage -------------------------------------------------------------------
run feeds --help
expect_rc "feeds --help" 0
check "feeds --help prints the usage line" grep -q "^usage: tacitus feeds" "$TMP/out"
TACITUS_DB= run feeds --once "$TMP/list"
expect_rc "feeds without --db" 2
check "feeds without --db: one line asking for it" grep -q "^tacitus feeds: --db DB" "$TMP/err"
printf '%s\n# comment\nftp://example.invalid/feed\n' "$BASE/a.xml" >"$TMP/badlist"
run feeds --db "$DB" --once "$TMP/badlist"
expect_rc "a feed list with an ftp:// line" 2
check "the bad line is named by file and line number" grep -q "badlist:3: not an http:// or https:// URL" "$TMP/err"
check "nothing was requested" test ! -s "$TMP/log"
run feeds --db "$DB" --once --timeout -1 "$TMP/list"
expect_rc "feeds --timeout -1" 2

# ---- 1. the first poll ---------------------------------------------------------
run feeds --db "$DB" --once --interval 0 --per-host-delay 0.3 --timeout 2 "$TMP/list"
cp "$TMP/err" "$TMP/err1"
expect_rc "first poll: some feeds failed, exit 1" 1
check "first poll: four articles stored (a1, a2, a3, a4)" test "$(docs)" = 4
check "first poll: the 500 is reported" grep -q "500/feed.xml: HTTP status 500 (failure 1; polled again in 60 s)" "$TMP/err"
check "first poll: the malformed feed is reported with its line" grep -q "bad.xml: malformed XML at line 3" "$TMP/err"
check "first poll: the article that never answered is reported" \
    grep -q "e.xml: article $BASE/slow/a5.html: no complete answer within 2 s (tried again at the next poll)" "$TMP/err"
check "first poll: the summary line" \
    grep -q "^tacitus feeds: 5 feeds polled, 0 not modified, 2 failed, 0 not due; 4 articles stored, 1 already stored, 1 failed$" "$TMP/err"
check "an article in two feeds was fetched once" test "$(requests /a2.html)" = 1
check "an item twice in one feed was fetched once" test "$(requests /a1.html)" = 1
check "the redirect was followed" test "$(jq -r 'select(.status and .path == "/a3.html") | .status' "$TMP/log")" = 200
check "the document's id and url are the item's link" \
    test "$(sql "$DB" "SELECT url FROM documents WHERE id = '$BASE/a1.html'")" = "$BASE/a1.html"
check "the page's date is kept" test "$(sql "$DB" "SELECT published FROM documents WHERE id = '$BASE/a1.html'")" = 2026-11-02
check "the item's date where the page has none" \
    test "$(sql "$DB" "SELECT published FROM documents WHERE id = '$BASE/a2.html'")" = 2026-11-03
check "the article body only (no navigation, no footer)" \
    test "$(sql "$DB" "SELECT count(*) FROM documents WHERE text LIKE '%Home%' OR text LIKE '%Test Wire%'")" = 0
check "the timed-out item is not marked seen" \
    test "$(sql "$DB" "SELECT count(*) FROM feed_items WHERE item_key = 'e5'")" = 0
check "the back-off is recorded for the 500 feed" \
    test "$(sql "$DB" "SELECT failures || ' ' || (next_poll > last_polled) FROM feeds WHERE url = '$BASE/500/feed.xml'")" = "1 $([ "$BACKEND" = sqlite ] && echo 1 || echo true)"
check "the malformed feed's error is recorded" \
    test "$(sql "$DB" "SELECT count(*) FROM feeds WHERE url = '$BASE/bad.xml' AND failures = 1 AND last_error LIKE 'malformed XML%'")" = 1
check "every request names tacitus and its version in its User-Agent" \
    test "$(jq -r 'select(.t) | .ua' "$TMP/log" | grep -cv '^tacitus/[0-9.]* ')" = 0
GAPS=$(jq -s -c '[.[] | select(.t) | .t] as $t | [range(1; $t | length) | $t[.] - $t[. - 1]]' "$TMP/log")
if jq -e 'length >= 8 and min >= 0.29' <<<"$GAPS" >/dev/null; then
    pass "requests to the host at least --per-host-delay (0.3 s) apart"
else
    fail "requests to the host at least --per-host-delay (0.3 s) apart" "gaps: $GAPS" "$(jq -c 'select(.t) | .path' "$TMP/log")"
fi
N1=$(jq -c 'select(.t)' "$TMP/log" | wc -l)

# ---- 2. the second poll: 304s, the back-off, the retry ----------------------------
run feeds --db "$DB" --once --interval 0 --per-host-delay 0 --timeout 2 "$TMP/list"
expect_rc "second poll: the slow article fails again, exit 1" 1
tail -n +"$((N1 + 1))" <(jq -c 'select(.t)' "$TMP/log") >"$TMP/log2"
check "second poll: feed A was asked with If-None-Match and answered 304" \
    jq -s -e '[.[] | select(.path == "/a.xml")] | length == 1 and (.[0].inm | startswith("\""))' "$TMP/log2"
check "second poll: feeds A and B not modified, nothing new stored" \
    grep -q "^tacitus feeds: 3 feeds polled, 2 not modified, 0 failed, 2 not due; 0 articles stored, 0 already stored, 1 failed$" "$TMP/err"
check "second poll: the failed feeds were not asked again (back-off)" \
    test "$(requests /500/feed.xml)$(requests /bad.xml)" = 11
check "second poll: feed E was asked without validators (an item was left to retry)" \
    jq -s -e '[.[] | select(.path == "/e.xml")] | length == 1 and .[0].inm == null' "$TMP/log2"
check "second poll: the timed-out article was tried again" test "$(requests /slow/a5.html)" = 2
check "second poll: no stored article fetched again" \
    test "$(requests /a1.html)$(requests /a2.html)$(requests /a4.html)" = 111
check "second poll: still four documents" test "$(docs)" = 4

run feeds --db "$DB" --once --now --interval 0 --per-host-delay 0 --timeout 2 "$TMP/list"
expect_rc "--now: the failing feeds fail again" 1
check "--now polls the feeds in back-off, and their failure count grows" \
    test "$(requests /500/feed.xml)$(sql "$DB" "SELECT failures FROM feeds WHERE url = '$BASE/500/feed.xml'")" = 22
check "--now: the second failure doubles the wait" grep -q "500/feed.xml: HTTP status 500 (failure 2; polled again in 120 s)" "$TMP/err"

# ---- a feed over --max-bytes is refused, not read
head -c 20000 /dev/zero | tr '\0' ' ' >"$TMP/pad"
{ echo '<?xml version="1.0"?><rss version="2.0"><channel><!--'; cat "$TMP/pad"; echo '--></channel></rss>'; } >"$W/big.xml"
echo "$BASE/big.xml" >"$TMP/biglist"
run feeds --db "$DB" --once --interval 0 --per-host-delay 0 --max-bytes 8k "$TMP/biglist"
expect_rc "a feed over --max-bytes" 1
check "a feed over --max-bytes: reported as too large" grep -q "big.xml: the body is larger than 8192 bytes" "$TMP/err"

# ---- 3. a restart after a new item ------------------------------------------------
rss a.xml "g6|/a6.html|School burned|Fri, 06 Nov 2026 09:00:00 GMT" \
    "g1|/a1.html|Checkpoint attacked|Mon, 02 Nov 2026 09:00:00 GMT" \
    "g2|/a2.html|Convoy hit|Tue, 03 Nov 2026 09:00:00 GMT"
grep -v -e e.xml -e 500/ -e bad.xml "$TMP/list" >"$TMP/list3"
run feeds --db "$DB" --once --interval 0 --per-host-delay 0 "$TMP/list3"
expect_rc "third poll (a new process, feed A changed)" 0
check "third poll: only the new item stored" test "$(docs)" = 5
check "third poll: nothing already seen fetched again" \
    test "$(requests /a1.html)$(requests /a2.html)$(requests /a6.html)" = 111

# ---- 4. the polling loop stops on SIGTERM ------------------------------------------
"$T" feeds --db "$DB" --interval 0 --per-host-delay 0 "$TMP/list3" 2>"$TMP/loop.err" &
LPID=$!
for _ in $(seq 300); do grep -q "feeds polled" "$TMP/loop.err" && break; sleep 0.1; done
kill -TERM "$LPID"
wait "$LPID"
rc=$?
LPID=
RC=$rc
cp "$TMP/loop.err" "$TMP/err"
expect_rc "the loop stopped by SIGTERM" 0
check "the loop polled before it stopped" grep -q "feeds polled" "$TMP/loop.err"

# ---- 5. a version-4 store gets the feed tables (SQLite) -----------------------------
if [ "$BACKEND" = sqlite ]; then
    V4=$TMP/v4.db
    printf 'A bomb killed two people in Kandahar on Monday.\n' >"$TMP/r.txt"
    "$T" ingest --db "$V4" --quiet "$TMP/r.txt" 2>/dev/null
    sqlite3 "$V4" "DROP TABLE feeds; DROP TABLE feed_items; DROP INDEX incidents_changed; UPDATE meta SET value = '4' WHERE key = 'schema_version'"
    run feeds --db "$V4" --once --interval 0 --per-host-delay 0 "$TMP/list3"
    expect_rc "feeds on a version-4 store" 0
    check "the version-4 store was upgraded to 5 with the feed tables" \
        test "$(sqlite3 "$V4" "SELECT value FROM meta WHERE key = 'schema_version'")|$(sqlite3 "$V4" "SELECT count(*) FROM feed_items")" = "5|5"
else
    skip "version-4 store upgrade: SQLite only here (test_store covers PostgreSQL's open)"
    skip "version-4 store upgrade (2)"
fi

echo "1..$N"
