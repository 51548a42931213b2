#!/usr/bin/env bash
# serve.sh - `tacitus serve` over HTTP with curl: every endpoint's success
# (health, incidents, one incident, stats against SQL, actors by alias and
# name, coding a posted text, HTML or JSON document without storing it),
# bad parameters and limits (unknown names named, bad values, page size),
# paging by cursor through every incident once, filters against the data,
# injection strings in every parameter (no 500, the store unchanged), path
# traversal and directory listing refused, security headers, methods, a
# header over the limit, an idle client not blocking others, bad --bind /
# --port / taken port, and a clean stop on SIGTERM. The page's endpoints:
# order=newest, several types, /api/map's cells adding up to the view (and
# 400s), stats by actor, admin1 and month_type, /api/export in three formats.
#
# Run from the repository root as: env TACITUS=<binary> bash tests/cli/serve.sh
# (TACITUS_DATA, TACITUS_GAZETTEER set). Needs curl, python3, sqlite3. Prints
# TAP lines. The reports are invented here. With TACITUS_STORE_BACKEND=postgresql
# (PGHOST, PGPORT, PGUSER naming a server, as tests/lib/pg.sh starts one) the
# stores are new PostgreSQL databases, read with psql.
set -u
BACKEND=${TACITUS_STORE_BACKEND:-sqlite}
T=${TACITUS:-build/tacitus}
TMP=$(mktemp -d "${TMPDIR:-/tmp}/tacitus-serve.XXXXXX") || { echo "not ok 1 - mktemp failed"; exit 1; }
SPID=
trap '[ -n "$SPID" ] && kill -9 "$SPID" 2>/dev/null; rm -rf "$TMP"' EXIT
export LC_ALL=C
. "$(dirname "$0")/../lib/tap.sh"
export no_proxy='*' NO_PROXY='*'
DB_PREFIX=serve_
. "$(dirname "$0")/../lib/backend.sh" # newdb, sql

# ---- a store of invented reports
python3 - "$TMP/in.jsonl" <<'PY'
import json, random, sys
random.seed(11)
cities = ["Peshawar", "Quetta", "Karachi", "Kabul", "Mosul", "Mogadishu", "Maiduguri", "Goma"]
what = ["A bomb exploded in {c} on {d}, killing {n} people.", "Gunmen attacked a police post in {c} on {d} and killed {n} officers.",
        "A roadside bomb hit a bus near {c} on {d}, killing {n} passengers."]
days = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday"]
with open(sys.argv[1], "w") as f:
    for i in range(60):
        c = random.choice(cities)
        t = random.choice(what).format(c=c, d=random.choice(days), n=random.randint(1, 30))
        f.write(json.dumps({"id": f"s-{i}", "published": f"2024-{random.randint(1, 12):02d}-{random.randint(1, 28):02d}",
                            "text": t + f" Police said the attack was under investigation. Report {i}."
                            # every tenth report recalls an old attack: a background incident
                            + (" In 2009 a car bomb in the same market killed 40 people." if i % 10 == 0 else "")}) + "\n")
PY
DB=$(newdb s)
"$T" ingest --db "$DB" "$TMP/in.jsonl" 2>"$TMP/err"
NINC=$(sql "$DB" "SELECT count(*) FROM incidents")
[ "$NINC" -gt 5 ] && pass "a store of 60 invented reports: $NINC incidents" || fail "ingest for the server" "$(cat "$TMP/err")"

mkdir -p "$TMP/web/sub"
printf '<!doctype html><title>t</title>\n' >"$TMP/web/index.html"
printf 'console.log(1);\n' >"$TMP/web/app.js"
printf 'secret\n' >"$TMP/web/notes.txt"
ln -s /etc/passwd "$TMP/web/link.html"

. "$(dirname "$0")/../lib/serve.sh"
start() { serve_start "$TMP/serr" "$T" serve "$@"; } # ARGS...: a server; SPID and P
if ! start --db "$DB" --port 0 --web "$TMP/web"; then
    fail "serve starts" "$(cat "$TMP/serr")"
    echo "1..$N"
    exit 1
fi
pass "serve --port 0 starts and prints its port ($P)"
U=http://127.0.0.1:$P

# get PATH: body in $TMP/body, headers in $TMP/hdr, status in $CODE
get() {
    CODE=$(curl -s -g --path-as-is -m 10 -D "$TMP/hdr" -o "$TMP/body" -w '%{http_code}' "$@")
}
json_ok() { python3 -c "import json,sys; d=json.load(open(sys.argv[1])); $1" "$TMP/body" 2>/dev/null; }

# ---- health
get "$U/api/health"
check "GET /api/health: 200, status ok, the backend" \
    sh -c "[ $CODE = 200 ] && grep -q '\"status\":\"ok\"' '$TMP/body' && grep -q '\"backend\":\"$BACKEND\"' '$TMP/body'"
check "JSON responses carry Content-Type application/json; charset=utf-8 and nosniff" \
    sh -c "grep -qi '^content-type: application/json; charset=utf-8' '$TMP/hdr' && grep -qi '^x-content-type-options: nosniff' '$TMP/hdr'"
get "$U/api/health?x=1"
check "GET /api/health?x=1: 400 naming x" sh -c "[ $CODE = 400 ] && grep -q 'unknown parameter: x' '$TMP/body'"

# ---- incidents: paging through everything once, in the order query gives
"$T" query --db "$DB" --format jsonl | python3 -c 'import json,sys; print(" ".join(json.loads(l)["id"] for l in sys.stdin))' >"$TMP/all"
cursor=; seen=; pages=0
while :; do
    get "$U/api/incidents?limit=7${cursor:+&cursor=$cursor}"
    [ "$CODE" = 200 ] || break
    seen="$seen $(python3 -c 'import json,sys; print(" ".join(i["id"] for i in json.load(open(sys.argv[1]))["incidents"]))' "$TMP/body")"
    cursor=$(python3 -c 'import json,sys; c=json.load(open(sys.argv[1]))["next_cursor"]; print(c or "")' "$TMP/body")
    pages=$((pages + 1))
    [ -n "$cursor" ] && [ $pages -lt 100 ] || break
done
check "paging by cursor (limit 7, $pages pages) lists every incident once, in query's order" \
    [ "$(echo $seen)" = "$(cat "$TMP/all")" ]
get "$U/api/incidents"
check "GET /api/incidents: 200, at most 100, count and limit given" \
    json_ok 'assert len(d["incidents"]) == d["count"] <= 100 and d["limit"] == 100'

# ---- current incidents unless asked (background=1 adds what reports only recall)
get "$U/api/incidents?limit=500"
check "GET /api/incidents: current incidents only by default" \
    json_ok 'assert d["incidents"] and not any(i.get("background") for i in d["incidents"])'
ncur=$(python3 -c 'import json,sys; print(len(json.load(open(sys.argv[1]))["incidents"]))' "$TMP/body")
get "$U/api/incidents?limit=500&background=1"
check "background=1 adds the background incidents (more than the $ncur current ones)" \
    json_ok "assert len(d['incidents']) > $ncur and any(i.get('background') for i in d['incidents'])"
get "$U/api/incidents?background=yes"
check "background=yes: 400 naming background" sh -c "[ $CODE = 400 ] && grep -q 'background' '$TMP/body'"

# ---- filters against the data
get "$U/api/incidents?country=pk&limit=500"
check "country=pk (any case): only PK incidents" \
    json_ok 'assert d["incidents"] and all(i["location"]["country_code"] == "PK" for i in d["incidents"])'
get "$U/api/incidents?since=2024-06-01&until=2024-08-31&limit=500"
check "since/until: every incident's dates meet the window" \
    json_ok 'assert d["incidents"] and all(i["date"]["start"] <= "2024-08-31" and (i["date"]["end"] or i["date"]["start"]) >= "2024-06-01" for i in d["incidents"])'
get "$U/api/incidents?min_killed=15&limit=500"
check "min_killed=15: every incident has killed.min >= 15" \
    json_ok 'assert d["incidents"] and all(i["killed"]["min"] >= 15 for i in d["incidents"])'
get "$U/api/incidents?bbox=60,20,75,40&limit=500"
check "bbox=60,20,75,40 (Pakistan, Afghanistan): every point inside" \
    json_ok 'assert d["incidents"] and all(60 <= i["location"]["lon"] <= 75 and 20 <= i["location"]["lat"] <= 40 for i in d["incidents"])'
get "$U/api/incidents?q=roadside%20bus&limit=500"
check "q=roadside bus: incidents whose reports have both words" json_ok 'assert 0 < d["count"] < '"$NINC"
get "$U/api/incidents?limit=500"
NALL=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["count"])' "$TMP/body")
get "$U/api/incidents?q=%20&limit=500"
check "q=' ' (a search box left blank): 200 and no filter ($NALL incidents), not an error" \
    sh -c "[ $CODE = 200 ] && python3 -c 'import json,sys; assert json.load(open(sys.argv[1]))[\"count\"] == $NALL' '$TMP/body'"
get "$U/api/stats?q=+"
check "GET /api/stats?q=+ (a blank search): 200" [ "$CODE" = 200 ]
get "$U/api/incidents?type=Explosions%2FRemote%20violence&limit=500"
check "type=Explosions/Remote violence: only that type" \
    json_ok 'assert d["incidents"] and all(i["event_type"] == "Explosions/Remote violence" for i in d["incidents"])'

# ---- bad parameters: 400, JSON, naming the parameter
bad() { # DESC QUERY WORD
    get "$U/api/incidents?$2"
    if [ "$CODE" = 400 ] && json_ok "assert d['status'] == 400 and '$3' in d['error']"; then pass "$1"
    else fail "$1" "status $CODE: $(head -c 300 "$TMP/body")"; fi
}
bad "unknown parameters are named (both)" "foo=1&limit=5&bar=2" "foo, bar"
bad "limit=0" "limit=0" "limit"
bad "limit=501 (over the page limit)" "limit=501" "limit"
bad "limit=abc" "limit=abc" "limit"
bad "since=2024-13-01" "since=2024-13-01" "since"
bad "until=yesterday" "until=yesterday" "until"
bad "country=PAK" "country=PAK" "country"
bad "bbox with three numbers" "bbox=1,2,3" "bbox"
bad "bbox with min after max" "bbox=75,20,60,40" "bbox"
bad "bbox out of range" "bbox=-200,0,10,10" "bbox"
bad "min_killed=-1" "min_killed=-1" "min_killed"
bad "a cursor this server did not give" "cursor=zzz" "cursor"
bad "a parameter given twice" "limit=5&limit=6" "more than once"
bad "an empty value" "country=" "value is required"
bad "a value over 200 bytes" "q=$(printf 'a%.0s' $(seq 250))" "longer than"
bad "a value that is not UTF-8" "q=%ff%fe" "UTF-8"

# ---- injection strings in every parameter: never a 500, the store unchanged
before=$(sql "$DB" "SELECT count(*)||' '||(SELECT count(*) FROM events)||' '||(SELECT count(*) FROM documents) FROM incidents")
worst=0
for p in since until country admin1 type sub_type actor min_killed bbox q limit cursor group; do
    for v in "'%20OR%201=1%20--" "%22;%20DROP%20TABLE%20incidents;%20--" "1%20UNION%20SELECT%20sql%20FROM%20sqlite_master" \
             "%27)%20OR%20(%271%27=%271" "*%20OR%20NEAR(a%20b)" "%5C%27%3B"; do
        for ep in incidents stats; do
            get "$U/api/$ep?$p=$v"
            case "$CODE" in 200|400) ;; *) worst=$CODE; echo "# $ep $p=$v -> $CODE $(head -c 200 "$TMP/body")";; esac
        done
    done
done
after=$(sql "$DB" "SELECT count(*)||' '||(SELECT count(*) FROM events)||' '||(SELECT count(*) FROM documents) FROM incidents")
check "78 injection strings across the 13 parameters of incidents and stats: only 200 or 400, the store unchanged ($after)" \
    [ "$worst" = 0 -a "$before" = "$after" ]

# ---- counts for the timeline
NCUR=$(sql "$DB" "SELECT count(*) FROM incidents WHERE background = 0")
get "$U/api/stats?group=month"
check "GET /api/stats?group=month: the buckets add up to every current incident ($NCUR)" \
    json_ok 'assert d["group"] == "month" and sum(b["incidents"] for b in d["buckets"]) == '"$NCUR"
get "$U/api/stats?group=month&background=1"
check "stats with background=1: the buckets add up to every incident ($NINC)" \
    json_ok 'assert sum(b["incidents"] for b in d["buckets"]) == '"$NINC"
sql "$DB" "SELECT coalesce(country_code, '-')||' '||count(*)||' '||coalesce(sum(killed_min), 0) FROM incidents WHERE background = 0 GROUP BY country_code ORDER BY country_code" >"$TMP/want"
get "$U/api/stats?group=country"
python3 -c 'import json,sys; [print((b["key"] or "-"), b["incidents"], b["killed"]) for b in json.load(open(sys.argv[1]))["buckets"]]' "$TMP/body" >"$TMP/got"
check "group=country: the same counts and killed as SQL over the store" cmp -s "$TMP/want" "$TMP/got"
get "$U/api/stats?group=week&country=PK"
check "group=week&country=PK: Monday keys, PK's incidents only" \
    json_ok 'import datetime; assert d["buckets"] and all(b["key"] is None or datetime.date.fromisoformat(b["key"]).weekday() == 0 for b in d["buckets"]) and sum(b["incidents"] for b in d["buckets"]) == '"$(sql "$DB" "SELECT count(*) FROM incidents WHERE country_code = 'PK'")"
get "$U/api/stats?group=year"
check "group=year: 400 naming group" sh -c "[ $CODE = 400 ] && grep -q 'group:' '$TMP/body'"
get "$U/api/stats?limit=5"
check "stats takes no limit: 400 naming it" sh -c "[ $CODE = 400 ] && grep -q 'unknown parameter: limit' '$TMP/body'"

# ---- the page's endpoints: newest first, several types, the map's cells, more groups, export
get "$U/api/incidents?order=newest&limit=500"
check "order=newest: the incidents latest first, the undated last, the same set as the default order" \
    json_ok 'ds = [(i["date"] or {}).get("start") for i in d["incidents"]]; k = [x for x in ds if x]; assert k == sorted(k, reverse=True) and ds[:len(k)] == k and d["count"] == '"$ncur"
bad "order=up" "order=up" "order"
NTWO=$(sql "$DB" "SELECT count(*) FROM incidents WHERE background = 0 AND event_type IN ('Battles', 'Explosions/Remote violence')")
get "$U/api/incidents?type=Battles,Explosions%2FRemote%20violence&limit=500"
check "type=Battles,Explosions/Remote violence: either type, as SQL counts ($NTWO)" \
    json_ok 'assert d["count"] == '"$NTWO"' and all(i["event_type"] in ("Battles", "Explosions/Remote violence") for i in d["incidents"])'
bad "type=Battles,, (an empty type)" "type=Battles,," "type"
# (the rarest sub-type of the store, so that the filter leaves some incidents out, and one it lacks)
RARE=$(sql "$DB" "SELECT sub_event_type FROM incidents WHERE background = 0 AND sub_event_type IS NOT NULL GROUP BY 1 ORDER BY count(*), 1 LIMIT 1")
NSUB=$(sql "$DB" "SELECT count(*) FROM incidents WHERE background = 0 AND sub_event_type = '$RARE'")
get "$U/api/incidents?sub_type=$(python3 -c 'import sys, urllib.parse; print(urllib.parse.quote(sys.argv[1]))' "$RARE"),Looting%2Fproperty%20destruction&limit=500"
check "sub_type=$RARE,Looting/property destruction: either, as SQL counts ($NSUB of $NCUR)" \
    json_ok 'assert 0 < d["count"] == '"$NSUB"' < '"$NCUR"' and all(i["sub_event_type"] == "'"$RARE"'" for i in d["incidents"])'
bad "sub_type with 9 sub-types" "sub_type=a,b,c,d,e,f,g,h,i" "sub_type"
for cell in 0.01 1 30; do
    get "$U/api/map?cell=$cell"
    check "GET /api/map?cell=$cell: the squares (their types too) and the incidents not drawn add up to every current incident ($NCUR)" \
        json_ok 'c = d["cells"]; assert sum(x["count"] for x in c) == d["mapped"] and d["mapped"] + d["not_mapped"] == d["total"] == '"$NCUR"' and all((x["count"] > 1 or x.get("id")) and sum(x["types"].values()) == x["count"] for x in c)'
done
NMAP=$(sql "$DB" "SELECT count(*) FROM incidents WHERE background = 0 AND lat IS NOT NULL AND lon IS NOT NULL AND date_start IS NOT NULL AND json_extract(json, '$.date.precision') IS NOT 'year'" 2>/dev/null ||
       sql "$DB" "SELECT count(*) FROM incidents WHERE background = 0 AND lat IS NOT NULL AND lon IS NOT NULL AND date_start IS NOT NULL AND (json::json->'date'->>'precision') IS DISTINCT FROM 'year'")
check "the map draws the $NMAP incidents with a point and a date finer than a year" json_ok 'assert d["mapped"] == '"$NMAP"
KNOWN=$(sql "$DB" "SELECT count(killed_min)||' '||coalesce(sum(killed_min), 0) FROM incidents WHERE background = 0")
get "$U/api/map?country=PK&min_killed=5"
check "/api/map takes the filters: country=PK&min_killed=5 as SQL counts" \
    json_ok 'assert d["total"] == '"$(sql "$DB" "SELECT count(*) FROM incidents WHERE background = 0 AND country_code = 'PK' AND killed_min >= 5")"
get "$U/api/map"
check "/api/map: killed and unknown_killed as SQL over the store ($KNOWN)" \
    json_ok 'assert d["total"] - d["unknown_killed"] == '"${KNOWN% *}"' and d["killed"] == '"${KNOWN#* }"
for q in "cell=0" "cell=91" "cell=abc" "cell=1&cell=2" "since=2024-13-01" "limit=5"; do
    get "$U/api/map?$q"
    check "/api/map?$q: 400 naming the parameter" json_ok 'assert d["status"] == 400 and "'"${q%%=*}"'" in d["error"]'
done
sql "$DB" "SELECT coalesce(actor1, '-')||' '||count(*) FROM incidents WHERE background = 0 GROUP BY actor1 ORDER BY actor1" >"$TMP/want"
get "$U/api/stats?group=actor"
python3 -c 'import json,sys; [print((b["key"] or "-"), b["incidents"]) for b in json.load(open(sys.argv[1]))["buckets"]]' "$TMP/body" >"$TMP/got"
check "group=actor: the counts of SQL over the store" cmp -s "$TMP/want" "$TMP/got"
get "$U/api/stats?group=admin1"
check "group=admin1: CC/admin1 keys adding up to every current incident" \
    json_ok 'assert all(b["key"] is None or b["key"][2] == "/" for b in d["buckets"]) and sum(b["incidents"] for b in d["buckets"]) == '"$NCUR"
get "$U/api/stats?group=month_type"
check "group=month_type: YYYY-MM|type keys adding up to every current incident" \
    json_ok 'assert all(b["key"] is None or (b["key"][7] == "|") for b in d["buckets"]) and sum(b["incidents"] for b in d["buckets"]) == '"$NCUR"
NPK=$(sql "$DB" "SELECT count(*) FROM incidents WHERE background = 0 AND country_code = 'PK'")
get "$U/api/export?country=PK"
check "GET /api/export?country=PK: a CSV download of PK's $NPK incidents" \
    sh -c "[ $CODE = 200 ] && grep -qi '^content-type: text/csv' '$TMP/hdr' && grep -qi '^content-disposition: attachment; filename=\"tacitus-incidents.csv\"' '$TMP/hdr' && python3 -c 'import csv,sys; r=list(csv.DictReader(open(sys.argv[1]))); assert len(r) == $NPK and all(x[\"country_code\"] == \"PK\" for x in r)' '$TMP/body'"
"$T" export --db "$DB" --format csv --country PK >"$TMP/cli.csv" 2>/dev/null
check "the same bytes as tacitus export --format csv --country PK" cmp -s "$TMP/cli.csv" "$TMP/body"
get "$U/api/export?format=geojson&min_killed=1"
check "format=geojson: a FeatureCollection" json_ok 'assert d["type"] == "FeatureCollection" and d["features"]'
get "$U/api/export?format=acled"
check "format=acled: ACLED's header" sh -c "[ $CODE = 200 ] && head -1 '$TMP/body' | grep -q 'event_id_cnty'"
for q in "format=xls" "format=csv&limit=5" "order=sideways" "min_killed=x"; do
    get "$U/api/export?$q"
    check "/api/export?$q: 400 naming the parameter" json_ok 'assert d["status"] == 400 and "'"$(echo "${q##*&}" | cut -d= -f1)"'" in d["error"]'
done

# ---- the response cache follows the store: another process stores a report, the next answer has it
get "$U/api/stats?group=month"
n1=$(python3 -c 'import json,sys; print(sum(b["incidents"] for b in json.load(open(sys.argv[1]))["buckets"]))' "$TMP/body")
get "$U/api/stats?group=month"
printf '{"id":"late-1","text":"A car bomb killed nine people in Herat on Monday.","published":"2024-12-16"}\n' |
    "$T" ingest --db "$DB" - 2>/dev/null
get "$U/api/stats?group=month"
n2=$(python3 -c 'import json,sys; print(sum(b["incidents"] for b in json.load(open(sys.argv[1]))["buckets"]))' "$TMP/body")
check "a cached answer is dropped when another process stores a report ($n1 incidents, then $n2)" [ "$n2" -gt "$n1" ]
NINC=$(sql "$DB" "SELECT count(*) FROM incidents")

# ---- actors
get "$U/api/actors?q=TTP"
check "GET /api/actors?q=TTP: the group the alias stands for" \
    json_ok 'assert any(a["match"] == "alias" and "Taliban" in a["name"] for a in d["actors"])'
get "$U/api/actors?q=liberation&limit=2"
check "q=liberation&limit=2: two actors whose names hold it" \
    json_ok 'assert d["count"] == 2 and all("liberation" in a["name"].lower() for a in d["actors"])'
get "$U/api/actors"
check "actors without q: 400" [ "$CODE" = 400 ]
get "$U/api/actors?q=x&limit=101"
check "actors limit=101: 400" [ "$CODE" = 400 ]

# ---- coding a posted document (not stored)
get -X POST -H 'Content-Type: text/plain' --data-binary 'A suicide bomber killed 12 people at a market in Peshawar on Monday, police said.' "$U/api/code?published=2024-05-13"
check "POST /api/code (text): the event coded, Peshawar, 12 killed" \
    json_ok 'e = d["events"][0]; assert e["location"]["name"] == "Peshawar" and e["killed"]["min"] == 12 and d["doc"]["published"] == "2024-05-13"'
get -X POST -H 'Content-Type: application/json' --data-binary '{"id":"j1","text":"<p>Gunmen killed two guards in Quetta on Sunday.</p>","published":"2024-01-08"}' "$U/api/code"
check "POST /api/code (JSON with HTML text): its id kept, the event coded" \
    json_ok 'assert d["doc"]["id"] == "j1" and d["events"] and d["events"][0]["location"]["name"] == "Quetta"'
check "the coded document is not stored" [ "$(sql "$DB" "SELECT count(*) FROM documents WHERE id = 'j1'")" = 0 ]
head -c 1100000 /dev/zero | tr '\0' a >"$TMP/big.txt"
get -X POST -H 'Content-Type: text/html' --data-binary '<html><head><title>Blast in Quetta</title><meta property="article:published_time" content="2024-03-04T08:00:00Z"></head><body><article><p>A bomb killed four people near a bus stand in Quetta on Sunday, police said.</p></article></body></html>' "$U/api/code"
check "POST /api/code (an HTML page): read as a file is, its headline and its own date kept" \
    json_ok 'assert d["doc"]["title"] == "Blast in Quetta" and d["doc"]["published"] == "2024-03-04" and d["doc"]["published_from"] == "html-meta" and d["events"][0]["date"]["start"] == "2024-03-03"'
get -X POST --data-binary @"$TMP/big.txt" "$U/api/code"
check "a 1.1 MB document (Content-Length): 413" [ "$CODE" = 413 ]
get -X POST -H 'Transfer-Encoding: chunked' --data-binary @"$TMP/big.txt" "$U/api/code"
check "a 1.1 MB document (chunked, no length): 413" [ "$CODE" = 413 ]
get -X POST "$U/api/code"
check "an empty body: 400" [ "$CODE" = 400 ]
get -X POST -H 'Content-Type: application/json' --data-binary '{"text": 3' "$U/api/code"
check "malformed JSON: 400 saying so" sh -c "[ $CODE = 400 ] && grep -q '\"error\"' '$TMP/body'"
get -X POST --data-binary 'x' "$U/api/code?published=2024-02-30"
check "published=2024-02-30: 400" [ "$CODE" = 400 ]

# ---- one incident
ID=$(sql "$DB" "SELECT incident_id FROM events GROUP BY incident_id ORDER BY count(*) DESC LIMIT 1")
get "$U/api/incidents/$ID"
check "GET /api/incidents/$ID: the incident, its events, figures and reports with their text" \
    json_ok 'assert d["incident"]["id"] == "'"$ID"'" and d["events"] and d["documents"] and all(x["text"] for x in d["documents"])'
get "$U/api/incidents/INC-999999"
check "an unknown incident: 404 JSON" sh -c "[ $CODE = 404 ] && grep -q 'no such incident' '$TMP/body'"
get "$U/api/incidents/INC%27%20OR%20%271"
check "an id with a quote: 400" [ "$CODE" = 400 ]
get "$U/api/incidents/$ID?x=1"
check "a parameter the detail does not take: 400 naming it" sh -c "[ $CODE = 400 ] && grep -q 'unknown parameter: x' '$TMP/body'"
get "$U/api/nothing"
check "an unknown endpoint: 404 JSON" sh -c "[ $CODE = 404 ] && grep -q '\"error\"' '$TMP/body'"

# ---- the page's files: types and headers; no traversal, no listing, no links out
get "$U/"
check "GET /: index.html, text/html with Content-Security-Policy and nosniff" \
    sh -c "[ $CODE = 200 ] && grep -qi '^content-type: text/html' '$TMP/hdr' && grep -qi '^content-security-policy: default-src' '$TMP/hdr' && grep -qi '^x-content-type-options: nosniff' '$TMP/hdr'"
get "$U/app.js"
check "GET /app.js: text/javascript" sh -c "[ $CODE = 200 ] && grep -qi '^content-type: text/javascript' '$TMP/hdr'"
for path in "/../../../../etc/passwd" "/%2e%2e/%2e%2e/%2e%2e/etc/passwd" "/sub/../../serve.sh" "//etc/passwd" \
            "/etc/passwd" "/sub/" "/sub" "/link.html" "/notes.txt" "/%2fetc%2fpasswd" "/.%2e/.%2e/etc/passwd" "/index.html%00.js"; do
    get "$U$path"
    if [ "$CODE" = 404 ] && ! grep -q 'root:' "$TMP/body"; then pass "GET $path: 404"
    else fail "GET $path: 404" "status $CODE: $(head -c 200 "$TMP/body")"; fi
done

# ---- storing needs --allow-ingest
ndocs=$(sql "$DB" 'SELECT count(*) FROM documents')
get -X POST -H 'Content-Type: text/plain' --data-binary 'A bomb killed 4 people in Quetta on Monday.' "$U/api/ingest"
check "POST /api/ingest on a read-only server: 403 saying --allow-ingest, nothing stored" \
    sh -c "[ $CODE = 403 ] && grep -q 'allow-ingest' '$TMP/body' && [ $(sql "$DB" 'SELECT count(*) FROM documents') = $ndocs ]"

# ---- methods, limits, idle clients
for m in PUT DELETE PATCH; do
    get -X "$m" "$U/api/incidents"
    check "$m /api/incidents: 405" [ "$CODE" = 405 ]
done
get -X POST --data-binary 'x' "$U/api/incidents"
check "POST /api/incidents: 405" [ "$CODE" = 405 ]
get -H "X-Big: $(head -c 40000 /dev/zero | tr '\0' a)" "$U/api/health"
check "a 40 KB header: refused (status $CODE), not served" sh -c "[ $CODE -ge 400 ] || [ $CODE = 000 ]"
exec 7<>"/dev/tcp/127.0.0.1/$P"  # an idle client holding a connection open, sending nothing
s=$(date +%s%N); get "$U/api/health"; e=$(date +%s%N)
check "an idle client does not block another request (it answered 200)" [ "$CODE" = 200 ]
exec 7>&-
get "$U/api/health"
check "the server is still up after all of it" [ "$CODE" = 200 ]

# ---- a clean stop
kill -TERM "$SPID"; wait "$SPID"; RC=$?; SPID=
check "SIGTERM: exit 0, 'stopping' on stderr" sh -c "[ $RC -eq 0 ] && grep -q 'SIGTERM: stopping' '$TMP/serr'"
if grep -qE 'AddressSanitizer|LeakSanitizer|runtime error' "$TMP/serr"; then fail "no sanitizer report from the server" "$(head -c 1500 "$TMP/serr")"
else pass "no sanitizer report from the server"; fi

# ---- storing over HTTP (--allow-ingest): a new store, one writer, readers in other processes see each commit
W=$(newdb w)
if start --db "$W" --port 0 --threads 2 --allow-ingest; then
    U=http://127.0.0.1:$P
    pass "serve --allow-ingest on a store that does not exist: it starts (and creates the store)"
    get "$U/api/incidents"
    check "the new store is empty" json_ok 'assert d["incidents"] == []'
    # another process opens and closes the store while the server holds it (it must not take
    # itself for the last user and delete the WAL under the server)
    check "$BACKEND in another process reads the new store: 0 documents" [ "$(sql "$W" "SELECT count(*) FROM documents")" = 0 ]
    get -X POST -H 'Content-Type: text/plain' --data-binary 'A suicide bomber killed 9 people at a market in Peshawar on Monday, police said.' "$U/api/ingest?published=2024-05-13&url=https://example.org/a"
    check "POST /api/ingest (text): 200, stored 1, its incidents listed" \
        json_ok 'x = d["documents"][0]; assert d["stored"] == 1 and x["status"] == "stored" and x["events"] >= 1 and x["incidents"]'
    INC=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["documents"][0]["incidents"][0])' "$TMP/body" 2>/dev/null)
    DOC=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["documents"][0]["id"])' "$TMP/body" 2>/dev/null)
    check "another process sees the stored document at once (while the server runs)" \
        [ "$(sql "$W" "SELECT count(*) FROM documents WHERE id = '$DOC' AND url = 'https://example.org/a'")" = 1 ]
    get "$U/api/incidents"
    check "GET /api/incidents after the ingest (the cached empty answer dropped): the new incident" \
        json_ok 'assert [i["id"] for i in d["incidents"]] == ["'"$INC"'"] and d["incidents"][0]["killed"]["min"] == 9'
    get "$U/api/incidents/$INC"
    check "GET /api/incidents/$INC: the report with its text and URL" \
        json_ok 'x = d["documents"][0]; assert x["url"] == "https://example.org/a" and "Peshawar" in x["text"]'
    get -X POST -H 'Content-Type: text/plain' --data-binary 'A suicide bomber killed 9 people at a market in Peshawar on Monday, police said.' "$U/api/ingest?published=2024-05-13"
    check "the same text again: 200, skipped, nothing more stored" \
        sh -c "[ $CODE = 200 ] && grep -q '\"skipped\":1' '$TMP/body' && [ $(sql "$W" 'SELECT count(*) FROM documents') = 1 ]"
    printf '%s\n' '{"id":"n1","published":"2024-05-14","text":"Gunmen killed two guards at a checkpoint in Quetta on Tuesday."}' \
        '{"id":"n2","text": 3' '' '{"id":"n3","published":"2024-05-15","text":"A roadside bomb wounded five soldiers near Kabul on Wednesday."}' >"$TMP/lines.jsonl"
    get -X POST -H 'Content-Type: application/x-ndjson' --data-binary @"$TMP/lines.jsonl" "$U/api/ingest"
    check "POST /api/ingest (JSON Lines, one bad line): 200, stored 2, the bad line named (2) and failed" \
        json_ok 'st = {x.get("id"): x["status"] for x in d["documents"]}; assert d["stored"] == 2 and d["failed"] == 1 and st["n1"] == st["n3"] == "stored" and [x["line"] for x in d["documents"] if x["status"] == "failed"] == [2]'
    check "the JSON Lines documents are stored with their ids and dates" \
        [ "$(sql "$W" "SELECT id || '/' || published FROM documents WHERE id IN ('n1', 'n3') ORDER BY id" | tr '\n' ' ')" = "n1/2024-05-14 n3/2024-05-15 " ]
    get -X POST -H 'Content-Type: application/json' --data-binary '{"id":"j2","text":"<p>A car bomb killed 3 people in Mosul on Friday.</p>","published":"2024-06-07"}' "$U/api/ingest"
    check "POST /api/ingest (a JSON document with HTML text): stored under its id" \
        sh -c "[ $CODE = 200 ] && [ $(sql "$W" "SELECT count(*) FROM documents WHERE id = 'j2'") = 1 ]"
    printf '%s\n' '{"text": 3' 'not json' >"$TMP/bad.jsonl"
    get -X POST -H 'Content-Type: application/x-ndjson' --data-binary @"$TMP/bad.jsonl" "$U/api/ingest"
    check "JSON Lines with no readable line: 400, each line listed as failed" json_ok 'assert d["status"] == 400 and d["failed"] == 2 and d["stored"] == 0'
    get -X POST -H 'Content-Type: application/x-ndjson' --data-binary @"$TMP/lines.jsonl" "$U/api/ingest?id=x"
    check "id= with JSON Lines: 400" [ "$CODE" = 400 ]
    get -X POST --data-binary 'x' "$U/api/ingest?published=2024-13-01"
    check "published=2024-13-01: 400" [ "$CODE" = 400 ]
    get -X POST --data-binary 'x' "$U/api/ingest?source=x"
    check "an unknown parameter: 400 naming it" sh -c "[ $CODE = 400 ] && grep -q 'unknown parameter: source' '$TMP/body'"
    get -X POST "$U/api/ingest"
    check "an empty body: 400" [ "$CODE" = 400 ]
    get -X POST --data-binary @"$TMP/big.txt" "$U/api/ingest"
    check "a 1.1 MB body: 413" [ "$CODE" = 413 ]
    get -X POST -H 'Transfer-Encoding: chunked' --data-binary @"$TMP/big.txt" "$U/api/ingest"
    check "a 1.1 MB body (chunked): 413" [ "$CODE" = 413 ]
    # eight clients at once and a command-line ingest beside them: every document stored once
    before=$(sql "$W" "SELECT count(*) FROM documents")
    for i in 1 2 3 4 5 6 7 8; do
        curl -s -m 60 -o "$TMP/par$i" -w '%{http_code}' -X POST -H 'Content-Type: text/plain' \
            --data-binary "Militants killed $i villagers in an attack on Kunduz on Thursday, officials said. Report p$i." \
            "$U/api/ingest?published=2024-07-0$i" >"$TMP/code$i" &
    done
    "$T" ingest --db "$W" "$TMP/in.jsonl" 2>"$TMP/ierr"; IRC=$?
    wait $(jobs -p | grep -v "^$SPID\$") 2>/dev/null
    codes=$(cat "$TMP"/code? | tr -d '\n')
    check "8 parallel POSTs (all 200: $codes) and a CLI ingest of 60 reports (exit $IRC) beside them: $((before + 68)) documents" \
        sh -c "[ '$codes' = 200200200200200200200200 ] && [ $IRC = 0 ] && [ $(sql "$W" 'SELECT count(*) FROM documents') = $((before + 68)) ]"
    get "$U/api/health"
    check "GET /api/health counts them" json_ok "assert d['documents'] == $((before + 68))"
    if [ "$BACKEND" = sqlite ]; then
        check "the store is sound (integrity_check)" [ "$(sql "$W" "PRAGMA integrity_check")" = ok ]
    fi
    kill -TERM "$SPID"; wait "$SPID"; RC=$?; SPID=
    check "the writing server stops on SIGTERM: exit 0, the documents kept" \
        sh -c "[ $RC -eq 0 ] && [ $(sql "$W" 'SELECT count(*) FROM documents') = $((before + 68)) ]"
else
    fail "serve --allow-ingest starts" "$(cat "$TMP/serr")"
fi

# ---- a read over the time limit: 503, and the server goes on. SQLite: a limit shorter than
# any query; PostgreSQL (statement_timeout, whole milliseconds): a query held behind a lock
if [ "$BACKEND" = postgresql ]; then LIMIT_S=0.5; else LIMIT_S=0.000001; fi
if start --db "$DB" --port 0 --query-timeout $LIMIT_S; then
    U=http://127.0.0.1:$P
    LOCKPID=
    if [ "$BACKEND" = postgresql ]; then
        psql -X -q -d "$DB" -c "BEGIN; LOCK TABLE incidents IN ACCESS EXCLUSIVE MODE; SELECT pg_sleep(4); COMMIT" >/dev/null 2>&1 &
        LOCKPID=$!
        for _ in $(seq 100); do # until the lock is held
            [ "$(sql "$DB" "SELECT count(*) FROM pg_locks WHERE mode = 'AccessExclusiveLock' AND relation = 'incidents'::regclass")" -ge 1 ] && break
            sleep 0.05
        done
    fi
    # (a grouping the rollup does not answer, and a search: it reads the incidents and the
    # reports, more than the thousand steps between SQLite's checks of the time)
    get "$U/api/stats?group=week&q=police"
    check "--query-timeout $LIMIT_S: /api/stats answers 503 naming the time limit" \
        sh -c "[ $CODE = 503 ] && grep -q 'time limit' '$TMP/body'"
    [ -n "$LOCKPID" ] && wait "$LOCKPID"
    get "$U/api/health"
    check "the server answers the next request" [ "$CODE" = 200 ]
    kill -TERM "$SPID"; wait "$SPID"; SPID=
else
    fail "serve --query-timeout starts" "$(cat "$TMP/serr")"
fi
"$T" serve --db "$DB" --query-timeout 0 2>"$TMP/err"; RC=$?
check "--query-timeout 0: exit 2" [ "$RC" -eq 2 ]

# ---- bad start-up: one line, the right exit
"$T" serve --db "$DB" --bind 999.1.1.1 --port 0 2>"$TMP/err"; RC=$?
check "--bind 999.1.1.1: exit 4, one line" sh -c "[ $RC -eq 4 ] && [ \$(wc -l <'$TMP/err') -eq 1 ] && grep -q 'bind' '$TMP/err'"
"$T" serve --db "$DB" --port 70000 2>"$TMP/err"; RC=$?
check "--port 70000: exit 2" [ "$RC" -eq 2 ]
"$T" serve --db "$TMP/none.db" --port 0 2>"$TMP/err"; RC=$?
check "a store that does not exist: exit 4, one line naming it" sh -c "[ $RC -eq 4 ] && grep -q 'none.db' '$TMP/err'"
if start --db "$DB" --port 0; then
    P1=$P; S1=$SPID
    "$T" serve --db "$DB" --port "$P1" 2>"$TMP/err"; RC=$?
    check "a port already taken: exit 4, one line" sh -c "[ $RC -eq 4 ] && [ \$(wc -l <'$TMP/err') -eq 1 ]"
    kill -TERM "$S1"; wait "$S1"; SPID=
else
    fail "a second server starts" "$(cat "$TMP/serr")"
fi
echo "1..$N"
