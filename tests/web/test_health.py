"""/healthz says "ok" only when the database takes a write: a connection that may only read,
or a lock held by another writer, is a 503 (on SpatiaLite and on PostGIS)."""

from contextlib import contextmanager

import psycopg
import pytest
from django.db import connection, transaction

from biomass.web.health import database_write_probe

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


@pytest.mark.skipif("connection.vendor != 'postgresql'")
def test_healthz_is_503_when_another_writer_holds_the_lock_too_long(client, settings):
    """Another session holds the probed row: the check gives up after HEALTHZ_WAIT_SECONDS."""
    settings.HEALTHZ_WAIT_SECONDS = 0.3
    params = connection.get_connection_params()
    params.pop("cursor_factory", None)
    params.pop("context", None)
    with psycopg.connect(**params) as other:
        other.execute("SELECT id FROM django_migrations ORDER BY id LIMIT 1 FOR UPDATE")
        response = client.get("/healthz")
    assert response.status_code == 503
