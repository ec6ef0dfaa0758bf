#!/bin/sh
# Print the path of a Python (3.10-3.13, with venv) whose sqlite3 module can load the
# SpatiaLite extension. Some builds (pyenv's, for one) compile sqlite3 without extension
# loading, and then GeoDjango fails with "SpatiaLite requires SQLite to be configured to
# allow extension loading". We detect that instead of assuming a path.
set -u
probe='
import sys, sqlite3
assert (3, 10) <= sys.version_info[:2] <= (3, 13), "Python %s.%s not supported by Django 5.2" % sys.version_info[:2]
import venv, ensurepip
c = sqlite3.connect(":memory:")
c.enable_load_extension(True)
c.load_extension("mod_spatialite")
'
for candidate in ${PYTHON:-} /usr/bin/python3 /usr/bin/python3.13 /usr/bin/python3.12 /usr/bin/python3.11 /usr/bin/python3.10 python3; do
    [ -n "$candidate" ] || continue
    path=$(command -v "$candidate" 2>/dev/null) || continue
    if "$path" -c "$probe" >/dev/null 2>&1; then
        echo "$path"
        exit 0
    fi
done
echo "No Python 3.10-3.13 with venv and a sqlite3 that can load mod_spatialite was found." >&2
echo "On Debian/Ubuntu: apt-get install python3-venv libsqlite3-mod-spatialite, or set PYTHON=/path/to/python3." >&2
exit 1
