#!/usr/bin/env bash
# warc.sh - web archives in: `tacitus code --warc` and `tacitus ingest` read
# WARC 1.1 with one gzip member per record (as CC-NEWS ships it) and plain
# WARC 1.0; each HTML response becomes a document named by its URL and dated
# by its page, else by its WARC-Date; a windows-1252 page is converted, a
# chunked and gzip-encoded body decoded; requests, metadata, an image and a
# redirect are counted and skipped; a line of garbage, a damaged gzip member
# and a truncated last member are each reported with their byte offset while
# the rest is read. The archives are written by tests/lib/make_warc.py (pages
# written there).
#
# Run from the repository root as: env TACITUS=<binary> bash tests/cli/warc.sh
# (TACITUS_DATA, TACITUS_GAZETTEER set). Needs python3 and sqlite3. Prints TAP.
set -u
T=${TACITUS:-build/tacitus}
TMP=$(mktemp -d "${TMPDIR:-/tmp}/tacitus-warc.XXXXXX") || { echo "not ok 1 - mktemp failed"; exit 1; }
trap 'rm -rf "$TMP"' EXIT
export LC_ALL=C
. "$(dirname "$0")/../lib/tap.sh"

python3 "$(dirname "$0")/../lib/make_warc.py" "$TMP" || { fail "make_warc.py writes the archives"; exit 1; }
W=$TMP
# py EXPR: evaluate EXPR with r = the records of $TMP/out, x = expect.json
py() {
    python3 -c "import json,sys; r=[json.loads(l) for l in open(sys.argv[1])]; x=json.load(open(sys.argv[2])); $1" \
        "$TMP/out" "$W/expect.json" >/dev/null 2>&1
}

run code --warc -j 1 "$W/news.warc.gz"
expect_rc "code --warc news.warc.gz (WARC/1.1, a gzip member per record)" 0
check "the three HTML responses, in order, named by their URLs" \
    py 'assert [d["doc"]["id"] for d in r] == x["pages"] and all(d["doc"]["url"] == d["doc"]["id"] for d in r)'
check "the summary: 10 records, 3 pages coded, 7 skipped (warcinfo, requests, image, redirect, metadata), 0 corrupt" \
    grep -q "10 WARC records: 3 HTML pages coded, 7 skipped (not an HTML response), 0 corrupt or truncated" "$TMP/err"
check "a page's own date wins (2024-05-13, html-meta); a page without one takes its WARC-Date (2024-05-15)" \
    py 'assert (r[0]["doc"]["published"], r[0]["doc"]["published_from"]) == ("2024-05-13", "html-meta"); assert (r[1]["doc"]["published"], r[1]["doc"]["published_from"]) == ("2024-05-15", "warc-date")'
check "the windows-1252 page is converted to UTF-8 (Señor, no replacement character)" \
    sh -c "grep -q 'Señor Ahmadi' '$TMP/out' && ! grep -q \$'\\xef\\xbf\\xbd' '$TMP/out'"
check "the chunked, gzip-encoded page is decoded and coded (Mosul, 4 killed)" \
    py 'e = r[2]["events"][0]; assert e["location"]["name"] == "Mosul" and e["killed"]["min"] == 4'
check "the pages are coded like any HTML: a bombing in Quetta, 6 killed" \
    py 'e = r[0]["events"][0]; assert e["event_type"] == "Explosions/Remote violence" and e["killed"]["min"] == 6'
cp "$TMP/out" "$TMP/j1.out"

OUT=$TMP/j3.out run code -j 3 "$W/news.warc.gz"
check "code -j 3 FILE.warc.gz (by its name): the same records as -j 1" cmp "$TMP/j1.out" "$TMP/j3.out"
IN=$W/news.warc.gz run code --warc -j 1 -
check "code --warc - (stdin): the same records" cmp "$TMP/j1.out" "$TMP/out"

run code -j 1 "$W/news.warc"
expect_rc "code news.warc (WARC/1.0, plain, a line of garbage between two records)" 1
check "the garbage is one error record naming its byte offset; the three pages are coded around it" \
    py 'e = [d for d in r if "error" in d]; p = [d["doc"]["id"] for d in r if "events" in d]; assert len(e) == 1 and "byte " in e[0]["error"] and "not a WARC record" in e[0]["error"] and p == x["pages"]'

run code -j 1 "$W/damaged.warc.gz"
expect_rc "code damaged.warc.gz (a damaged member, a truncated last member)" 1
check "the damaged member is reported at its offset and reading goes on at the next one" \
    py 'e = [d["error"] for d in r if "error" in d]; assert any(("byte %d: damaged gzip member" % x["damaged_member_offset"]) in m for m in e)'
check "the truncated last member is reported at its offset" \
    py 'e = [d["error"] for d in r if "error" in d]; assert any(("byte %d: the file ends inside this gzip member" % x["cut_member_offset"]) in m for m in e)'
check "the pages of the undamaged members are coded (2 of 3)" \
    py 'assert [d["doc"]["id"] for d in r if "events" in d] == x["pages"][1:]'
check "every output line is JSON and the summary counts 2 corrupt records" \
    grep -q "2 corrupt or truncated" "$TMP/err"

DB=$TMP/s.db
run ingest --db "$DB" "$W/news.warc.gz" "$W/damaged.warc.gz"
expect_rc "ingest news.warc.gz damaged.warc.gz" 1
check "ingest: the three pages stored once, by URL, with their dates" \
    sh -c "[ \"\$(sqlite3 '$DB' \"SELECT group_concat(id || ' ' || published, ';') FROM (SELECT id, published FROM documents ORDER BY id)\")\" = 'https://news.example.org/2024/05/kabul-clash 2024-05-15;https://news.example.org/2024/05/mosul-raid 2024-05-16;https://news.example.org/2024/05/quetta-bomb 2024-05-13' ]"
check "ingest: the damaged archive's two bad records counted as failed, its pages skipped as stored" \
    grep -q "3 documents stored, 2 skipped (already stored), 2 failed" "$TMP/err"

run code -j 1 "$W/odd-uri.warc"
check "a URI with UTF-8 and a stray byte becomes a plain ASCII id, percent-encoded" \
    py 'assert r[0]["doc"]["id"] == "https://news.example.org/2024/05/caf%C3%A9-gao%FF" == r[0]["doc"]["url"]'

run code --warc "$TMP/none.warc.gz"
expect_rc "code --warc of a missing file" 1
echo "1..$N"
