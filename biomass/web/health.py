"""The health check's probe of the database: it answers, and it accepts a write now (a
database that only reads — a read-only file, a locked SQLite file, a read-only PostgreSQL
transaction or replica — cannot process uploads or log anyone in, so it is not healthy)."""

from __future__ import annotations

import logging

from django.conf import settings
from django.db import DatabaseError, connection, transaction
from django.db.migrations.recorder import MigrationRecorder
from django.db.models import F
from django.http import JsonResponse
from django.utils.cache import add_never_cache_headers

from biomass.regions.models import Region

logger = logging.getLogger(__name__)

HEALTHZ_PATH = "/healthz"


class HealthzMiddleware:
    """Answers GET /healthz (that exact path only) before host validation and the HTTPS
    redirect, so a container probe on 127.0.0.1 over plain HTTP gets the real answer; every
    other request, and any other method on /healthz, goes on down the stack unchanged."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.path == HEALTHZ_PATH and request.method == "GET":
            return healthz_response()
        return self.get_response(request)


def healthz_response() -> JsonResponse:
    """200 with what the database holds, or 503 unless it answers and accepts a write."""
    try:
        response = JsonResponse({"status": "ok", **database_health()})
    except DatabaseError as exc:
        logger.error("health check: database unavailable or not writable: %s", exc)
        response = JsonResponse({"status": "error", "database": "unavailable or read-only"}, status=503)
    add_never_cache_headers(response)
    return response


def database_health() -> dict:
    """What the database holds and that it takes a write; raises DatabaseError otherwise."""
    regions = Region.objects.count()
    database_write_probe()
    return {"database": connection.vendor, "regions": regions}


def database_write_probe() -> None:
    """Update one row of Django's migration table to itself and roll it back, waiting at
    most HEALTHZ_WAIT_SECONDS for another writer's lock."""
    migrations = MigrationRecorder(connection).migration_qs
    with _lock_wait(settings.HEALTHZ_WAIT_SECONDS), transaction.atomic():
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute(
                    "SET LOCAL lock_timeout = %s", [f"{int(settings.HEALTHZ_WAIT_SECONDS * 1000)}ms"]
                )
        first = migrations.order_by("pk").values("pk")[:1]
        migrations.filter(pk__in=first).update(app=F("app"))
        transaction.set_rollback(True)


class _lock_wait:
    """SQLite waits for a lock as long as its busy timeout (30 s for the site): shorter here."""

    def __init__(self, seconds: float):
        self.milliseconds = int(seconds * 1000)
        self.previous = None

    def __enter__(self):
        if connection.vendor == "sqlite":
            with connection.cursor() as cursor:
                self.previous = cursor.execute("PRAGMA busy_timeout").fetchone()[0]
                cursor.execute(f"PRAGMA busy_timeout = {self.milliseconds}")
        return self

    def __exit__(self, *exc):
        if self.previous is not None:
            with connection.cursor() as cursor:
                cursor.execute(f"PRAGMA busy_timeout = {int(self.previous)}")
        return False
