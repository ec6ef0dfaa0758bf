"""Shared test set-up.

The suite runs on whatever DATABASE_URL names (SpatiaLite by default, PostGIS in the second
pass of `make test`). The real region fixtures are loaded once into the test database.
"""

import io
import shutil
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.auth.models import Permission
from django.core.management import call_command
from django.test import Client
from rest_framework.authtoken.models import Token

from biomass.caching import renew_generation

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "fixtures"


def queued_work(callbacks: list) -> list:
    """The on-commit callbacks a change queued, but the published data's new generation
    (biomass.caching), which every service that changes the data queues."""
    return [callback for callback in callbacks if callback is not renew_generation]


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """The test database holds the demo data, loaded the way `make demo` loads it: the nine
    countries, their admin-1 units, the demo layers and their potentials."""
    with django_db_blocker.unblock():
        call_command("load_demo", stdout=io.StringIO())
    yield
    shutil.rmtree(settings.MEDIA_ROOT, ignore_errors=True)


def media_snapshot() -> list[tuple[str, int]]:
    """Every file under MEDIA_ROOT (path and size): what a failed import must not change."""
    root = Path(settings.MEDIA_ROOT)
    return sorted((str(p.relative_to(root)), p.stat().st_size) for p in root.rglob("*") if p.is_file())


@pytest.fixture
def staff_user(django_user_model):
    return django_user_model.objects.create_user(
        username="curator", password="curator-password-123", is_staff=True
    )


@pytest.fixture
def manager(django_user_model):
    """Staff with the permission to manage layers."""
    user = django_user_model.objects.create_user("manager", password="manager-password-123", is_staff=True)
    user.user_permissions.add(Permission.objects.get(codename="manage_layer"))
    return user


@pytest.fixture
def api(manager):
    """A client with the manager's API token."""
    client = Client()
    client.defaults["HTTP_AUTHORIZATION"] = f"Token {Token.objects.create(user=manager).key}"
    # Messages in English unless a test asks for Spanish (the site's first language).
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    return client


@pytest.fixture
def call(capsys):
    """Run a management command, returning (stdout, stderr)."""

    def run(*args, **kwargs):
        call_command(*args, **kwargs)
        captured = capsys.readouterr()
        return captured.out, captured.err

    return run


@pytest.fixture
def transaction_depths(monkeypatch):
    """Spy on functions: ``spy(module, name)`` records in the returned dict how many atomic
    blocks were open when ``module.name`` ran (to prove slow work runs outside the write
    transaction)."""
    from django.db import connection

    depths = {}

    def spy(module, name):
        real = getattr(module, name)

        def call(*args, **kwargs):
            depths[name] = len(connection.atomic_blocks)
            return real(*args, **kwargs)

        monkeypatch.setattr(module, name, call)

    return spy, depths


@pytest.fixture
def unthrottled(monkeypatch):
    """Many analyses in a row: the rate limit (tested on its own) is lifted here, and the
    requests it counted are forgotten afterwards, so later tests are not throttled."""
    from django.core.cache import cache
    from rest_framework.throttling import ScopedRateThrottle

    monkeypatch.setattr(ScopedRateThrottle, "THROTTLE_RATES", {"expensive": "100000/min"})
    yield
    cache.clear()
