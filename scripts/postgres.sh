#!/bin/sh
# Make PostgreSQL with PostGIS reachable for the test suite, or say plainly why not.
# Prints the DATABASE_URL to use on stdout when it is ready; exits 1 (with the reason on
# stderr) when it is not. Honours PGHOST/PGPORT/PGUSER (defaults 127.0.0.1, 5432, current user).
set -u
host=${PGHOST:-127.0.0.1}
port=${PGPORT:-5432}
user=${PGUSER:-$(id -un)}
db=${PGDATABASE_BIOMASS:-biomass}

reachable() { pg_isready -q -h "$host" -p "$port" >/dev/null 2>&1; }

if ! command -v pg_isready >/dev/null 2>&1; then
    echo "PostgreSQL client tools are not installed (pg_isready not found)." >&2
    exit 1
fi
if ! reachable; then
    # A local cluster that is installed but stopped: start it when we are allowed to.
    if [ "$(id -u)" -eq 0 ] && command -v pg_lsclusters >/dev/null 2>&1; then
        pg_lsclusters -h 2>/dev/null | while read -r ver name _rest; do
            echo "Starting PostgreSQL cluster $ver/$name ..." >&2
            pg_ctlcluster --skip-systemctl-redirect "$ver" "$name" start >&2 || true
        done
        i=0
        while [ $i -lt 20 ] && ! reachable; do sleep 0.5; i=$((i + 1)); done
    fi
fi
if ! reachable; then
    echo "PostgreSQL is not reachable at $host:$port." >&2
    exit 1
fi
if ! psql -h "$host" -p "$port" -U "$user" -d postgres -tAc "select 1 from pg_available_extensions where name = 'postgis'" 2>/dev/null | grep -q 1; then
    echo "PostgreSQL at $host:$port has no PostGIS extension available (install postgresql-15-postgis-3)." >&2
    exit 1
fi
if ! psql -h "$host" -p "$port" -U "$user" -d postgres -tAc "select 1 from pg_database where datname = '$db'" | grep -q 1; then
    createdb -h "$host" -p "$port" -U "$user" "$db" >&2 || { echo "Cannot create database $db as $user." >&2; exit 1; }
fi
psql -q -h "$host" -p "$port" -U "$user" -d "$db" -c "create extension if not exists postgis" >&2 || {
    echo "Cannot create the postgis extension in $db as $user (a superuser is needed)." >&2; exit 1; }
echo "postgis://$user@$host:$port/$db"
