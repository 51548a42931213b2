#!/usr/bin/env bash
# schema.sh - every line 'tacitus code' writes matches docs/tacitus-code.schema.json,
# and every span in it points inside the string it claims to (body or title).
#
# Run from the repository root as: env TACITUS=<binary> bash tests/cli/schema.sh
# (tests/run.sh does this with build/tacitus and build/asan/tacitus).
# TACITUS_DATA and TACITUS_GAZETTEER must point at the real dictionaries and the
# compiled gazetteer; TACITUS_SHARED (default ../shared) holds the seed article and
# the evaluation corpora (those checks are skipped when it is absent).
# Needs Debian's python3 with python3-jsonschema (/usr/bin/python3, not whatever
# python3 is first on PATH). Prints TAP lines.
#
# Inputs: the worked example's output as docs/schema.md shows it (checked against
# the example's input), the sample report, the seed article, each
# ../shared/eval/*.jsonl, a JSONL stream with broken lines, an HTML page with a
# <title>, and a binary and a missing file. One TAP line for each, passing when
# all of these hold:
#   schema     - every output line is UTF-8 JSON and valid against the schema
#                (draft 2020-12, with format checking), one record per input;
#   spans      - every trigger and evidence span has start < end <= the length of
#                its string (doc.text_length for the body, doc.title's bytes for
#                "in": "title"); where the input text is known, text_length is
#                the body's length, trigger.text is exactly the bytes of its span,
#                and each location/actor/target/claimed_by/suspected text and
#                each source is exactly what one evidence span of its field holds;
#   relations  - what the schema cannot say: event ids are "<doc.id>#1..n",
#                min <= max, date.start <= date.end, attack_type2 != attack_type.
set -u

T=${TACITUS:-build/tacitus}
SHARED=${TACITUS_SHARED:-../shared}
PY=/usr/bin/python3
SCHEMA=docs/tacitus-code.schema.json
TMP=$(mktemp -d "${TMPDIR:-/tmp}/tacitus-schema.XXXXXX") || { echo "not ok 1 - mktemp failed"; exit 1; }
trap 'rm -rf "$TMP"' EXIT
export LC_ALL=C

N=0
tap() { # "ok - desc" / "not ok - desc" / "# diag" lines -> numbered TAP
    local l
    while IFS= read -r l; do
        case $l in
        "ok - "*) N=$((N + 1)); echo "ok $N - ${l#ok - }" ;;
        "not ok - "*) N=$((N + 1)); echo "not ok $N - ${l#not ok - }" ;;
        *) echo "$l" ;;
        esac
    done
}
pass() { tap <<<"ok - $1"; }
fail() {
    tap <<<"not ok - $1"
    shift
    local l
    for l in "$@"; do printf '%s\n' "$l" | head -n 12 | cut -c1-300 | sed 's/^/#   /'; done
}
skip() { N=$((N + 1)); echo "ok $N - # SKIP $1"; }

if [ ! -x "$PY" ] || ! "$PY" -c 'import jsonschema' 2>/dev/null; then
    fail "$PY can import jsonschema (apt-get install python3-jsonschema; scripts/setup.sh does)"
    echo "1..$N"
    exit 1
fi
if [ ! -f "$SCHEMA" ]; then
    fail "$SCHEMA exists (run from the repository root)"
    echo "1..$N"
    exit 1
fi

# ---- the validator ---------------------------------------------------------
cat >"$TMP/check.py" <<'PY'
"""check.py SCHEMA OUT LABEL EXPECT SRCKIND SRC

OUT: tacitus' JSON Lines. EXPECT: number of records there must be (-1: any).
SRCKIND: jsonl (SRC is the JSONL input), text (SRC is the text file), none.
Prints one result line ("ok - ..." / "not ok - ...") and "# " diagnostics."""
import json
import sys

from jsonschema import Draft202012Validator, FormatChecker
from jsonschema.exceptions import best_match

schema_path, out_path, label, expect, srckind, src = sys.argv[1:7]
expect = int(expect)
with open(schema_path, encoding="utf-8") as f:
    schema = json.load(f)
Draft202012Validator.check_schema(schema)
validator = Draft202012Validator(schema, format_checker=FormatChecker())
# the branch of the top-level oneOf a record means, for precise diagnostics
branch = {k: Draft202012Validator({"$defs": schema["$defs"], "$ref": "#/$defs/" + k},
                                  format_checker=FormatChecker())
          for k in ("documentRecord", "errorRecord")}
MAXDIAG = 8


def clean_body(b):
    """The body as tacitus codes it: control bytes other than tab, newline,
    return and form feed become spaces (valid UTF-8 is otherwise unchanged)."""
    return bytes(c if c >= 0x20 or c in (9, 10, 12, 13) else 0x20 for c in b)


def clean_title(s):
    return s.replace("\n", " ").replace("\r", " ").encode("utf-8")


# the input text of each output record, in order, where it is known
sources = None
if srckind == "jsonl":
    sources = []
    with open(src, "rb") as f:
        for raw in f:
            if not raw.strip(b" \t\r\n"):
                continue
            try:
                o = json.loads(raw.decode("utf-8"))
            except ValueError:
                sources.append(None)
                continue
            if not isinstance(o, dict) or not isinstance(o.get("text"), str):
                sources.append(None)
                continue
            t = o.get("title")
            sources.append((clean_body(o["text"].encode("utf-8")),
                            clean_title(t) if isinstance(t, str) else None))
elif srckind == "text":
    with open(src, "rb") as f:
        data = f.read()
    try:
        data.decode("utf-8")
        sources = [(clean_body(data), None)]
    except UnicodeDecodeError:
        sources = None

bad_schema, bad_span, bad_rel = [], [], []
ndocs = nerr = nevents = nspans = nchecked = 0
records = []
with open(out_path, "rb") as f:
    for n, raw in enumerate(f, 1):
        try:
            rec = json.loads(raw.decode("utf-8"))
        except (UnicodeDecodeError, ValueError) as e:
            bad_schema.append(f"line {n}: not UTF-8 JSON: {e}")
            records.append(None)
            continue
        err = best_match(validator.iter_errors(rec))
        if err is not None:
            kind = "errorRecord" if isinstance(rec, dict) and "error" in rec else "documentRecord"
            err = best_match(branch[kind].iter_errors(rec)) or err
            bad_schema.append(f"line {n}: {err.json_path}: {err.message[:200]}")
        records.append(rec)
if expect >= 0 and len(records) != expect:
    bad_schema.append(f"{len(records)} output lines for {expect} input records")
if sources is not None and len(sources) != len(records):
    bad_schema.append(f"{len(records)} output lines for {len(sources)} non-blank input lines")
    sources = None

for i, rec in enumerate(records):
    if not isinstance(rec, dict) or not isinstance(rec.get("doc"), dict):
        continue
    if "error" in rec:
        nerr += 1
        continue
    ndocs += 1
    doc = rec["doc"]
    where = f"line {i + 1} ({doc.get('id')})"
    title = doc.get("title")
    tbytes = clean_title(title) if isinstance(title, str) and title else None
    tlen = doc.get("text_length")
    body = None
    src_i = sources[i] if sources is not None else None
    html = any("HTML" in w for w in doc.get("warnings") or [] if isinstance(w, str))
    if src_i is not None and not html:
        body = src_i[0]
        if tlen != len(body) and not any("truncated" in w for w in doc.get("warnings") or []):
            bad_span.append(f"{where}: text_length {tlen}, body has {len(body)} bytes")
            body = None

    def check_span(s, what):
        global nspans
        nspans += 1
        st, en = s.get("start"), s.get("end")
        if not (isinstance(st, int) and isinstance(en, int)):
            bad_span.append(f"{where} {what}: start/end not integers")
            return None
        if s.get("in") == "title":
            if tbytes is None:
                bad_span.append(f"{what} {st}..{en} in the title, but the document has no title")
                return None
            limit, text, name = len(tbytes), tbytes, "title"
        else:
            if "in" in s:
                bad_span.append(f"{where} {what}: \"in\" is {s['in']!r}")
            limit, text, name = tlen, body, "body"
        if not (0 <= st < en <= (limit if isinstance(limit, int) else -1)):
            bad_span.append(f"{where} {what}: {st}..{en} not inside the {name} ({limit} bytes)")
            return None
        return text[st:en].decode("utf-8", "replace") if text is not None else None

    events = rec.get("events") or []
    for k, ev in enumerate(events, 1):
        if not isinstance(ev, dict):
            continue
        nevents += 1
        eid = ev.get("id")
        if eid != f"{doc.get('id')}#{k}":
            bad_rel.append(f"{where}: event {k} has id {eid!r}")
        tr = ev.get("trigger")
        if isinstance(tr, dict):
            got = check_span(tr, f"{eid} trigger")
            if got is not None:
                nchecked += 1
                if got != tr.get("text"):
                    bad_span.append(f"{eid} trigger.text {tr.get('text')!r} but the span holds {got!r}")
        held = {}  # field -> the texts its evidence spans hold
        for e in ev.get("evidence") or []:
            if isinstance(e, dict):
                got = check_span(e, f"{eid} evidence {e.get('field')}")
                if got is not None:
                    held.setdefault(e.get("field"), []).append(got)
        if body is not None:
            # a field's text as written is what one of its evidence spans holds
            said = []
            for fld in ("location", "actor1", "actor2", "target", "claimed_by"):
                o = ev.get(fld)
                if isinstance(o, dict) and o.get("text"):
                    said.append((fld, o["text"]))
            said += [("suspected", o.get("text")) for o in ev.get("suspected") or [] if isinstance(o, dict)]
            said += [("sources", x) for x in ev.get("sources") or []]
            for fld, text in said:
                nchecked += 1
                if text not in held.get(fld, []):
                    bad_span.append(f"{eid} {fld} text {text!r} is in no {fld} evidence span "
                                    f"(they hold {held.get(fld, [])!r})")
        for fld in ("killed", "wounded", "kidnapped", "arrested"):
            c = ev.get(fld)
            if isinstance(c, dict) and isinstance(c.get("max"), int) and isinstance(c.get("min"), int) \
                    and c["min"] > c["max"]:
                bad_rel.append(f"{eid} {fld}: min {c['min']} > max {c['max']}")
        d = ev.get("date")
        if isinstance(d, dict) and isinstance(d.get("start"), str) and isinstance(d.get("end"), str) \
                and d["start"] > d["end"]:
            bad_rel.append(f"{eid} date {d['start']} > {d['end']}")
        if ev.get("attack_type2") is not None and ev.get("attack_type2") == ev.get("attack_type"):
            bad_rel.append(f"{eid} attack_type2 repeats attack_type {ev.get('attack_type')!r}")


problems = [("schema", b) for b in bad_schema] + [("span", b) for b in bad_span] + \
    [("relation", b) for b in bad_rel]
summary = (f"{len(records)} record(s) valid against the schema ({ndocs} document(s), "
           f"{nerr} error record(s), {nevents} event(s)); {nspans} span(s) inside body or title"
           + (f", {nchecked} text(s) equal to their span's bytes" if nchecked else ""))
if problems:
    kinds = ", ".join(sorted({k for k, _ in problems}))
    print(f"not ok - {label}: {len(problems)} problem(s) ({kinds}) in {len(records)} record(s)")
    for k, b in problems[:MAXDIAG]:
        print(f"#   {k}: {b}")
else:
    print(f"ok - {label}: {summary}")
PY

# check LABEL EXPECT SRCKIND SRC: validate $TMP/out (the last run)
check() {
    local rc
    "$PY" "$TMP/check.py" "$SCHEMA" "$TMP/out" "$@" >"$TMP/pyout" 2>"$TMP/pyerr"
    rc=$?
    tap <"$TMP/pyout"
    [ "$rc" -eq 0 ] || fail "$1: validator exited $rc" "$(tail -n 5 "$TMP/pyerr")"
}
# run ARGS...: run tacitus with stdout in $TMP/out; sets RC
run() {
    timeout -k 5 60 "$T" "$@" </dev/null >"$TMP/out" 2>"$TMP/err"
    RC=$?
}
# expect_rc LABEL CODE: the last run exited CODE (no sanitizer report, no crash)
expect_rc() {
    if [ "$RC" -eq "$2" ] && ! grep -qE 'runtime error:|AddressSanitizer|LeakSanitizer' "$TMP/err"; then
        return 0
    fi
    fail "$1: tacitus exited $RC (expected $2)" "$(head -c 800 "$TMP/err")"
    return 1
}

# ---- the schema itself -----------------------------------------------------
if "$PY" - "$SCHEMA" <<'PY' >"$TMP/pyerr" 2>&1
import json, sys
from jsonschema import Draft202012Validator
s = json.load(open(sys.argv[1], encoding="utf-8"))
assert s["$schema"] == "https://json-schema.org/draft/2020-12/schema", s["$schema"]
Draft202012Validator.check_schema(s)
def walk(o, path):  # every object schema allows additional properties
    if isinstance(o, dict):
        if "properties" in o:
            assert o.get("additionalProperties") is True, path
        for k, v in o.items():
            if k not in ("if", "then", "else"):  # conditions, not object definitions
                walk(v, path + "/" + k)
    elif isinstance(o, list):
        for i, v in enumerate(o):
            walk(v, path + "/" + str(i))
walk(s, "#")
PY
then
    pass "$SCHEMA is a valid draft 2020-12 schema, open to additional properties"
else
    fail "$SCHEMA is a valid draft 2020-12 schema, open to additional properties" "$(tail -n 5 "$TMP/pyerr")"
fi

# ---- the worked example in docs/schema.md (the documented output, not a new run) ----
if "$PY" - docs/schema.md "$TMP" <<'PY' >"$TMP/pyerr" 2>&1; then
import json, re, sys
s = open(sys.argv[1], encoding="utf-8").read()
inp = re.search(r"### Input \(`example.jsonl`.*?```json\n(.*?)\n```", s, re.S).group(1)
out = re.search(r"### Output \(pretty-printed.*?```json\n(.*?)\n```", s, re.S).group(1)
open(sys.argv[2] + "/example.jsonl", "w", encoding="utf-8").write(inp + "\n")
open(sys.argv[2] + "/out", "w", encoding="utf-8").write(json.dumps(json.loads(out), ensure_ascii=False) + "\n")
PY
    check "docs/schema.md worked example" 1 jsonl "$TMP/example.jsonl"
else
    fail "docs/schema.md has a worked example (input and output blocks)" "$(tail -n 3 "$TMP/pyerr")"
fi

# ---- the sample report -----------------------------------------------------
run code data/sample/sample-report.txt
expect_rc "sample-report.txt" 0 && check "sample-report.txt" 1 text data/sample/sample-report.txt

# ---- the seed article ------------------------------------------------------
SEED=$SHARED/seed/karachi-police-office-attack.txt
if [ -d "$SHARED" ]; then
    run code --published 2023-02-17 "$SEED"
    expect_rc "seed article" 0 && check "seed article" 1 text "$SEED"
else
    skip "seed article: $SHARED is absent"
fi

# ---- the evaluation corpora --------------------------------------------------
if [ -d "$SHARED" ]; then
    found=0
    for f in "$SHARED"/eval/*.jsonl; do
        [ -f "$f" ] || continue
        found=1
        run code --jsonl "$f"
        expect_rc "$(basename "$f")" 0 && check "$(basename "$f")" -1 jsonl "$f"
    done
    [ "$found" -eq 1 ] || fail "$SHARED/eval has JSONL corpora"
else
    skip "evaluation corpora: $SHARED is absent"
fi

# ---- a JSONL stream with broken lines ----------------------------------------
{
    printf '%s\n' '{"id":"good-1","published":"2024-03-12","title":"Bomb kills three in Peshawar","text":"A bomb exploded at a market in Peshawar on Monday, killing three people, police said."}'
    printf '%s\n' '{"id":"broken-2","text":"Gunmen killed two'
    printf '%s\n' '["not", "an", "object"]'
    printf '%s\n' '{"id":"no-text-4","title":"nothing to code"}'
    printf '{"id":"binary-5","text":"%s"}\n' "$(printf '\\u0001\\u0002\\u0003\\u0004%.0s' {1..16})"
    printf '\n'
    printf '%s\n' '{"id":7,"text":"Police arrested five suspects in Lahore on Tuesday \u2014 officials said \u00absix\u00bb."}'
    printf '%s\n' 'not json at all'
    printf '%s\n' '{"text":"Protesters rallied in Karachi on Friday, and the TTP condemned the government."}'
} >"$TMP/stream.jsonl"
run code --jsonl "$TMP/stream.jsonl"
if expect_rc "JSONL stream with broken lines" 1; then
    check "JSONL stream with broken lines" 8 jsonl "$TMP/stream.jsonl"
    # line -> the record it must write: ("doc", id) or ("error", ids allowed)
    if "$PY" - "$TMP/out" <<'PY' >"$TMP/pyerr" 2>&1; then
import json, sys
want = {1: ("doc", "good-1"), 2: ("error", [None]), 3: ("error", [None]),
        4: ("error", [None, "no-text-4"]), 5: ("error", [None, "binary-5"]), 7: ("doc", "7"),
        8: ("error", [None]), 9: ("doc", "line-9")}
recs = [json.loads(l) for l in open(sys.argv[1], encoding="utf-8")]
assert len(recs) == len(want), f"{len(recs)} records for {len(want)} non-blank lines"
for (line, (kind, ids)), r in zip(sorted(want.items()), recs):
    if kind == "doc":
        assert "events" in r and r["doc"]["id"] == ids, f"line {line}: want document {ids!r}, got {r}"
    else:
        assert "error" in r and r["doc"]["line"] == line and r["doc"]["id"] in ids, \
            f"line {line}: want an error record with line {line} and id in {ids!r}, got {r}"
PY
        pass "JSONL stream: an error record in place of each broken line, with its line number"
    else
        fail "JSONL stream: an error record in place of each broken line, with its line number" \
            "$(tail -n 3 "$TMP/pyerr")"
    fi
fi

# ---- an HTML page with a <title> ---------------------------------------------
cat >"$TMP/page.html" <<'HTML'
<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<title>Suicide bomber kills 12 at Peshawar mosque</title>
<script>var headline = "99 killed in fake script text";</script>
<style>p { margin: 0 }</style></head>
<body><nav>Home | World | Asia</nav>
<article>
<p>A suicide bomber blew himself up inside a mosque in Peshawar on Friday, killing at least
12 worshippers and wounding 30 others, police said.</p>
<p>The Pakistani Taliban claimed responsibility in a statement. Prime Minister Shehbaz Sharif
condemned the attack &mdash; &ldquo;a cowardly act&rdquo; &ndash; and ordered an inquiry.</p>
</article></body></html>
HTML
run code --published 2024-03-15 "$TMP/page.html"
if expect_rc "HTML page" 0; then
    check "HTML page" 1 none -
    if "$PY" - "$TMP/out" <<'PY' >"$TMP/pyerr" 2>&1; then
import json, sys
r = json.loads(open(sys.argv[1], encoding="utf-8").read())
assert r["doc"]["title"] == "Suicide bomber kills 12 at Peshawar mosque", r["doc"]["title"]
spans = [s for e in r["events"] for s in ([e["trigger"]] if e["trigger"] else []) + e["evidence"]]
assert any(s.get("in") == "title" for s in spans), "no span in the title"
assert any("in" not in s for s in spans), "no span in the body"
PY
        pass "HTML page: doc.title is the <title>, and spans point into both title and body"
    else
        fail "HTML page: doc.title is the <title>, and spans point into both title and body" "$(tail -n 3 "$TMP/pyerr")"
    fi
fi

# ---- a file that cannot be coded -----------------------------------------------
{ printf 'not text: '; head -c 4096 /dev/zero; } >"$TMP/zeros.bin"
run code "$TMP/zeros.bin" "$TMP/missing.txt"
if expect_rc "binary and missing files" 1; then
    check "binary and missing files" 2 none -
    if [ "$(grep -c '"line":0},"error":' "$TMP/out")" -eq 2 ]; then
        pass "binary and missing files: one error record each, with line 0"
    else
        fail "binary and missing files: one error record each, with line 0" "$(head -c 600 "$TMP/out")"
    fi
fi

echo "1..$N"
