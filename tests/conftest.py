"""Shared test set-up.

The suite runs on whatever DATABASE_URL names (SpatiaLite by default, PostGIS in the second
pass of `make test`). The real region fixtures are loaded once into the test database.
"""

from pathlib import Path

import pytest
from django.core.management import call_command

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "fixtures"


def load_regions() -> None:
    from regions.services import regions_import

    regions_import(path=FIXTURES / "regions" / "countries.geojson", level="country")
    regions_import(path=FIXTURES / "regions" / "admin1.geojson", level="admin1")


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """The test database holds the nine countries and their admin-1 units."""
    with django_db_blocker.unblock():
        load_regions()


@pytest.fixture(autouse=True)
def _media_root(settings, tmp_path):
    """Every test writes layer files into its own temporary MEDIA_ROOT."""
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def staff_user(django_user_model):
    return django_user_model.objects.create_user(
        username="curator", password="curator-password-123", is_staff=True
    )


@pytest.fixture
def call(capsys):
    """Run a management command, returning (stdout, stderr)."""

    def run(*args, **kwargs):
        call_command(*args, **kwargs)
        captured = capsys.readouterr()
        return captured.out, captured.err

    return run
