#!/usr/bin/env bash
# live.sh - the live map: `tacitus serve` answers /api/changes (the incidents
# created or updated since a cursor, under the view's filters), and the
# dashboard open in headless chromium (tests/browser/live.mjs) shows, without
# a reload, incidents stored while it is open: by `tacitus ingest`, and from an
# article published to a news feed that `tacitus feeds` polls (a local HTTP
# server, tests/lib/feed_server.py, on 127.0.0.1 only). The reports are
# invented here. Screenshots go to build/test-logs/screenshots/.
# Run from the repository root as: env TACITUS=<binary> bash tests/cli/live.sh
set -u
T=${TACITUS:-build/tacitus}
. "$(dirname "$0")/../lib/tap.sh"
. "$(dirname "$0")/../lib/serve.sh"
TMP=$(mktemp -d "${TMPDIR:-/tmp}/tacitus-live.XXXXXX") || { echo "not ok 1 - mktemp failed"; exit 1; }
SPID= FPID=
trap '[ -n "$SPID" ] && kill -TERM "$SPID" 2>/dev/null; [ -n "$FPID" ] && kill "$FPID" 2>/dev/null; rm -rf "$TMP"' EXIT
export no_proxy='*' NO_PROXY='*'
ART=build/test-logs/screenshots/$(basename "$T")
mkdir -p "$ART"
DB=$TMP/live.db
cat >"$TMP/old.jsonl" <<'J'
{"id":"live-old-1","published":"2026-11-03","text":"A roadside bomb killed four soldiers near Kandahar, Afghanistan, on Monday, the army said."}
{"id":"live-old-2","published":"2026-11-10","text":"Gunmen killed two police officers in Mosul, Iraq, on Sunday, officials said."}
J
cat >"$TMP/new.jsonl" <<'J'
{"id":"live-new-1","published":"2026-12-02","text":"Militants attacked a checkpoint in Peshawar, Pakistan, on Tuesday, killing three guards, police said."}
J
"$T" ingest --quiet --db "$DB" "$TMP/old.jsonl" 2>"$TMP/err" || { echo "not ok 1 - ingest: $(cat "$TMP/err")"; exit 1; }
serve_start "$TMP/serr" "$T" serve --db "$DB" --port 0 --web web || {
    echo "not ok 1 - serve did not start: $(cat "$TMP/serr")"; echo "1..1"; exit 1; }
B=http://127.0.0.1:$P
is_n() { if [ "$2" = "$3" ]; then pass "$1"; else fail "$1" "got $2, want $3"; fi; }
like() { case $2 in *"$3"*) pass "$1" ;; *) fail "$1" "got $2, want it to hold $3" ;; esac; }

# --- the API: a cursor, then what changed after it (with the minute before it repeated)
C0=$(curl -s "$B/api/changes" | jq -r .cursor)
is_n "a cursor without after: the server's time" "$(echo "$C0" | grep -cE '^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}Z$')" 1
is_n "without after: no incidents" "$(curl -s "$B/api/changes" | jq '.incidents | length')" 0
is_n "after a cursor: the incidents changed in the lookback before it" \
    "$(curl -s "$B/api/changes?after=$C0" | jq -c '[.incidents[].id]')" '["INC-000001","INC-000002"]'
is_n "after a cursor far past: none" "$(curl -s "$B/api/changes?after=2099-01-01T00:00:00Z" | jq '.count')" 0
is_n "the view's filters apply" "$(curl -s "$B/api/changes?after=$C0&country=IQ" | jq -c '[.incidents[].id]')" '["INC-000002"]'
is_n "limit: one, and more says so" "$(curl -s "$B/api/changes?after=$C0&limit=1" | jq -c '[.count, .more]')" '[1,true]'
is_n "a bad cursor: 400 naming it" "$(curl -s -o /dev/null -w '%{http_code}' "$B/api/changes?after=2026-12-01")" 400
like "a bad cursor: the message names the parameter" "$(curl -s "$B/api/changes?after=yesterday")" "after: expected a cursor"

# --- the page: an incident stored while it is open appears
# page NAME COMMAND: live.mjs's checks, renumbered into this script's TAP
page() {
    local out rcn l
    out=$(timeout -k 5 180 node tests/browser/live.mjs "$B" "$ART" "$1" "$2" 2>&1)
    rcn=$?
    while IFS= read -r l; do
        case $l in
        "ok "*) pass "page: ${l#ok * - }" ;;
        "not ok "*) fail "page: ${l#not ok * - }" ;;
        "#"*) echo "$l" ;;
        esac
    done <<<"$out"
    [ $rcn = 0 ] || [ "$(grep -c '^not ok' <<<"$out")" -gt 0 ] || fail "page: $1: live.mjs exit $rcn" "$out"
}
# a news site with one feed, its item not yet published
W=$TMP/www
mkdir -p "$W"
python3 tests/lib/feed_server.py "$W" "$TMP/fport" "$TMP/flog" 2>"$TMP/ferr" &
FPID=$!
for _ in $(seq 100); do [ -s "$TMP/fport" ] && break; sleep 0.1; done
SITE=http://127.0.0.1:$(cat "$TMP/fport")
printf '<?xml version="1.0"?><rss version="2.0"><channel><title>Test Wire</title></channel></rss>\n' >"$W/feed.xml"
echo "$SITE/feed.xml" >"$TMP/feeds.txt"
# publish: the article's page, then the feed lists it (the command the page waits for)
cat >"$TMP/publish.sh" <<PUB
printf '<!DOCTYPE html><html><head><title>Bridge bombed</title><meta property="article:published_time" content="2026-12-03T07:00:00Z"></head><body><article><h1>Bridge bombed</h1><p>A bomb destroyed a bridge near Baidoa, Somalia, on Thursday, killing six people, police said.</p></article></body></html>\n' >'$W/bridge.html'
printf '<?xml version="1.0"?><rss version="2.0"><channel><title>Test Wire</title><item><guid>w1</guid><link>/bridge.html</link><title>Bridge bombed</title><pubDate>Thu, 03 Dec 2026 07:30:00 GMT</pubDate></item></channel></rss>\n' >'$W/feed.xml'
'$T' feeds --once --db '$DB' '$TMP/feeds.txt'
PUB
if [ ! -f web/vendor/d3-geo.min.js ]; then
    fail "the page" "web/vendor is empty: run scripts/setup.sh"
elif [ ! -s "$TMP/fport" ]; then
    fail "the test's feed server started" "$(cat "$TMP/ferr")"
else
    page ingest "'$T' ingest --quiet --db '$DB' '$TMP/new.jsonl'"
    page feed "bash '$TMP/publish.sh'"
    is_n "the feed's article is stored, with the feed's link" \
        "$(sqlite3 "$DB" "SELECT count(*) FROM documents WHERE url = '$SITE/bridge.html'")" 1
fi
kill -TERM "$SPID"; wait "$SPID"; SPID=
if grep -qE 'AddressSanitizer|LeakSanitizer|runtime error' "$TMP/serr"; then
    fail "the server reported no sanitizer error" "$(head -30 "$TMP/serr")"
fi
echo "1..$N"
