#!/bin/sh
# Make sure the Debian/Ubuntu packages the platform needs are installed.
# As root, install what is missing with apt-get; otherwise print the one command to run.
# Usage: scripts/system_deps.sh [--browser] [--bench]
#   --browser adds Chromium for the browser tests, --bench wrk for `make bench-http`.
set -eu
packages="gdal-bin libgdal-dev libsqlite3-mod-spatialite postgresql-15-postgis-3 gettext python3-venv python3-dev redis-server redis-tools"
for flag in "$@"; do
    case "$flag" in
        --browser) packages="$packages chromium" ;;
        --bench) packages="$packages wrk" ;;
        *) echo "system_deps: unknown option $flag (known: --browser, --bench)" >&2; exit 2 ;;
    esac
done
if ! command -v dpkg-query >/dev/null 2>&1; then
    echo "system_deps: not a Debian-based system; install the equivalents of: $packages" >&2
    exit 0
fi
missing=""
for p in $packages; do
    status=$(dpkg-query -W -f='${Status}' "$p" 2>/dev/null || true)
    case "$status" in
        *"install ok installed"*) ;;
        *) missing="$missing $p" ;;
    esac
done
if [ -z "$missing" ]; then
    exit 0
fi
if [ "$(id -u)" -eq 0 ]; then
    echo "system_deps: installing$missing"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -q
    # shellcheck disable=SC2086
    apt-get install -y -q $missing
else
    echo "system_deps: missing packages:$missing" >&2
    echo "Run this once, then run make again:" >&2
    echo "    sudo apt-get update && sudo apt-get install -y$missing" >&2
    exit 1
fi
