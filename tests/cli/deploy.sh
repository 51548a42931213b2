#!/usr/bin/env bash
# deploy.sh - the systemd units of deploy/systemd (docs/monitoring.md, "A small
# deployment") are valid for systemd: each is checked with `systemd-analyze
# verify`, its ExecStart pointed at the binary under test, and each command line
# they run is one the binary accepts (its options parsed: --help after them).
# Run from the repository root as: env TACITUS=<binary> bash tests/cli/deploy.sh
set -u
T=${TACITUS:-build/tacitus}
T=$(cd "$(dirname "$T")" && pwd)/$(basename "$T")
TMP=$(mktemp -d "${TMPDIR:-/tmp}/tacitus-deploy.XXXXXX") || { echo "not ok 1 - mktemp failed"; exit 1; }
trap 'rm -rf "$TMP"' EXIT
. "$(dirname "$0")/../lib/tap.sh"
if ! command -v systemd-analyze >/dev/null; then
    skip "systemd-analyze is not installed (the units are not checked)"
    echo "1..$N"
    exit 0
fi
# the environment file's values, as systemd would expand them
set -a
. deploy/systemd/tacitus.env
set +a
for u in deploy/systemd/*.service; do
    name=$(basename "$u")
    [ "$name" = "tacitus-worker@.service" ] && name=tacitus-worker@1.service
    sed -e "s|/usr/local/bin/tacitus|$T|" -e 's|^EnvironmentFile=|EnvironmentFile=-|' "$u" >"$TMP/$name"
    if systemd-analyze verify --man=no "$TMP/$name" >"$TMP/err" 2>&1 && ! grep -v "^$" "$TMP/err" | grep -q .; then
        pass "systemd-analyze verify $(basename "$u")"
    else
        fail "systemd-analyze verify $(basename "$u")" "$(cat "$TMP/err")"
    fi
    # its command line, with the environment file's values, takes --help after its options
    cmd=$(sed -n 's|^ExecStart=/usr/local/bin/tacitus ||p' "$u")
    eval "set -- $cmd"
    sub=$1
    shift
    args=()
    for a in "$@"; do [ "${a#/etc/}" = "$a" ] && args+=("$a"); done # (files that only a deployment has)
    if "$T" "$sub" "${args[@]}" --help >"$TMP/out" 2>"$TMP/err" && grep -q "^usage: tacitus $sub" "$TMP/out"; then
        pass "$(basename "$u"): 'tacitus $sub' accepts its options"
    else
        fail "$(basename "$u"): 'tacitus $sub' accepts its options" "$(cat "$TMP/err")"
    fi
done
echo "1..$N"
