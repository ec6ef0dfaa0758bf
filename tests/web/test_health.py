"""/healthz says "ok" only when the database takes a write: a connection that may only read,
or a lock held by another writer, is a 503 (on SpatiaLite and on PostGIS)."""

import os
import subprocess
import sys
from contextlib import contextmanager

import pytest
from django.db import connection, transaction

from biomass.web.health import database_write_probe
from tests.conftest import ROOT
from tests.processes import fresh_database

pytestmark = pytest.mark.django_db


@contextmanager
def read_only():
    """The site's own connection, made read-only the way each database does it: SQLite's
    query_only (writes fail with SQLITE_READONLY, as on a read-only file) and PostgreSQL's
    read-only transaction (as on a hot standby or with default_transaction_read_only)."""
    with transaction.atomic():
        with connection.cursor() as cursor:
            if connection.vendor == "sqlite":
                cursor.execute("PRAGMA query_only = ON")
            else:
                cursor.execute("SET TRANSACTION READ ONLY")
        try:
            yield
        finally:
            if connection.vendor == "sqlite":
                with connection.cursor() as cursor:
                    cursor.execute("PRAGMA query_only = OFF")
            transaction.set_rollback(True)


def test_healthz_is_ok_when_the_database_takes_a_write(client):
    response = client.get("/healthz")
    assert response.status_code == 200 and response.json()["status"] == "ok"


def test_healthz_is_503_when_the_database_refuses_writes(client):
    with read_only():
        with connection.cursor() as cursor:  # reads still work: the old check said "ok" here
            cursor.execute("SELECT COUNT(*) FROM django_migrations")
            assert cursor.fetchone()[0] > 0
        response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json() == {"status": "error", "database": "unavailable or read-only"}
    assert client.get("/healthz").status_code == 200  # and ok again once it takes writes


def test_the_probe_leaves_nothing_written():
    before = list(connection.introspection.django_table_names())
    with connection.cursor() as cursor:
        cursor.execute("SELECT id, app, name FROM django_migrations ORDER BY id")
        rows = cursor.fetchall()
    database_write_probe()
    with connection.cursor() as cursor:
        cursor.execute("SELECT id, app, name FROM django_migrations ORDER BY id")
        assert cursor.fetchall() == rows
    assert list(connection.introspection.django_table_names()) == before


HOLD_THE_LOCK = """
import time
from urllib.parse import urlparse
from django.conf import settings
from django.db import connection
from django.test import Client

def health():
    return Client().get("/healthz", HTTP_HOST="localhost").status_code

print(health())
if connection.vendor == "sqlite":
    import sqlite3
    other = sqlite3.connect(settings.DATABASES["default"]["NAME"], isolation_level=None)
    other.execute("BEGIN IMMEDIATE")  # another process's write transaction
else:
    import psycopg
    other = psycopg.connect(urlparse(settings.DATABASE_URL_FOR_TESTS)._replace(scheme="postgresql").geturl())
    other.execute("SELECT id FROM django_migrations ORDER BY id LIMIT 1 FOR UPDATE")
began = time.monotonic()
print(health(), "waited", "briefly" if time.monotonic() - began < 5 else "long")
other.rollback()
print(health())
"""


def test_healthz_is_503_while_another_process_holds_the_write_lock(tmp_path):
    """A real site in its own database (SQLite file or PostGIS database): while another
    connection holds the write lock, /healthz gives up after HEALTHZ_WAIT_SECONDS with a 503."""
    url, drop = fresh_database(tmp_path, "health")
    env = dict(
        os.environ,
        DJANGO_SETTINGS_MODULE="config.settings",
        DATABASE_URL=url,
        SECRET_KEY="health-test-only-secret-key-0123456789-abcdefghijklmnopqrstuvwxyz",
        DEBUG="0",
        ALLOWED_HOSTS="localhost",
        HEALTHZ_WAIT_SECONDS="0.5",
    )
    manage = [sys.executable, str(ROOT / "manage.py")]
    script = HOLD_THE_LOCK.replace("settings.DATABASE_URL_FOR_TESTS", repr(url))
    try:
        subprocess.run([*manage, "migrate", "--no-input", "-v", "0"], cwd=ROOT, env=env, check=True)
        result = subprocess.run(
            [*manage, "shell", "-c", script], cwd=ROOT, env=env, capture_output=True, text=True
        )
    finally:
        drop()
    # 503 after half a second, not the site's 30 s SQLite timeout; then ok again
    said = result.stdout.splitlines()[-3:]
    assert said == ["200", "503 waited briefly", "200"], result.stdout + result.stderr


def test_healthz_answers_a_disallowed_host_and_other_paths_still_refuse_it(client, settings):
    settings.ALLOWED_HOSTS = ["biomasa.example.org"]
    response = client.get("/healthz", HTTP_HOST="127.0.0.1:8000")
    assert response.status_code == 200 and response.json()["status"] == "ok"
    assert "no-cache" in response["Cache-Control"]
    assert client.get("/", HTTP_HOST="127.0.0.1:8000").status_code == 400
    assert client.get("/healthz/", HTTP_HOST="127.0.0.1:8000").status_code == 400
    assert client.get("/api/regions", HTTP_HOST="127.0.0.1:8000").status_code == 400


def test_healthz_answers_plain_http_when_https_is_enforced(client, settings):
    settings.SECURE_SSL_REDIRECT = True
    settings.SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    assert client.get("/healthz").status_code == 200
    response = client.get("/")
    assert response.status_code == 301 and response["Location"].startswith("https://")
    assert client.get("/", HTTP_X_FORWARDED_PROTO="https").status_code != 301


def test_only_get_on_healthz_is_answered_early(client):
    assert client.post("/healthz").status_code == 405
