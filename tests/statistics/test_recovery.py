"""Taking back statistics processing whose worker died (recovery.py): the production layer
versions the dead run made are discarded with their files, the version queued again or, after
the last attempt, failed; a run whose worker is converting a layer now is left alone."""

from datetime import timedelta
from pathlib import Path

import pytest
from django.conf import settings
from django.utils import timezone

from biomass.layers.models import AuditEntry, LayerVersion
from biomass.layers.requests import LayerRequest
from biomass.layers.services.upload import layer_version_create
from biomass.statistics.models import StatisticsVersion
from biomass.statistics.recovery import statistics_stalled_recover
from biomass.statistics.services import StatisticsRequest, statistics_version_create
from tests.conftest import queued_work
from tests.uploads import geotiff

pytestmark = pytest.mark.django_db
LONG_AGO = timedelta(hours=1)


@pytest.fixture
def dead(tmp_path):
    """A statistics version whose worker died while making sorghum straw's production layer."""
    path = tmp_path / "s.csv"
    path.write_text("region_code,commodity,year,quantity,unit\nHND,sorghum,2020,1000,t\n")
    version, _ = statistics_version_create(
        path=path, request=StatisticsRequest(source="Survey", licence="CC0", name="Survey")
    )
    StatisticsVersion.objects.filter(pk=version.pk).update(
        status="processing", heartbeat_at=timezone.now() - LONG_AGO, attempts=1
    )
    raster = tmp_path / "straw.tif"
    raster.write_bytes(geotiff(1.0))
    made = layer_version_create(path=raster, request=LayerRequest(name="Straw", resource="sorghum-straw"))
    LayerVersion.objects.filter(pk=made.pk).update(
        status="processing",
        heartbeat_at=timezone.now() - LONG_AGO,
        provenance={"statistics": {"dataset": version.dataset.slug, "version": version.number}},
    )
    return version, made


def test_a_dead_run_is_queued_again_and_what_it_made_discarded(dead, django_capture_on_commit_callbacks):
    version, made = dead
    upload = Path(settings.MEDIA_ROOT) / made.upload
    assert upload.exists()
    with django_capture_on_commit_callbacks(execute=False) as queued:
        (outcome,) = statistics_stalled_recover()
    assert outcome.retried and len(queued_work(queued)) == 1
    version.refresh_from_db()
    assert version.status == "pending" and "attempt 1 of 3" in version.error
    assert not LayerVersion.objects.filter(pk=made.pk).exists() and not upload.exists()
    assert AuditEntry.objects.filter(
        kind="statistics", action="retry", version_number=version.number
    ).exists()
    assert statistics_stalled_recover() == []


def test_after_the_last_attempt_the_run_fails_with_the_reason(dead, django_capture_on_commit_callbacks):
    version, made = dead
    StatisticsVersion.objects.filter(pk=version.pk).update(attempts=settings.LAYER_MAX_ATTEMPTS)
    with django_capture_on_commit_callbacks(execute=False) as queued:
        (outcome,) = statistics_stalled_recover()
    assert not outcome.retried and queued_work(queued) == []
    version.refresh_from_db()
    assert version.status == "failed" and "not retried again" in version.error
    assert not LayerVersion.objects.filter(pk=made.pk).exists()


def test_a_run_converting_a_layer_now_is_left_alone(dead):
    version, made = dead
    LayerVersion.objects.filter(pk=made.pk).update(heartbeat_at=timezone.now())
    assert statistics_stalled_recover() == []
    version.refresh_from_db()
    assert version.status == "processing" and LayerVersion.objects.filter(pk=made.pk).exists()


def test_a_layer_version_left_by_a_run_no_one_processes_is_discarded(dead):
    version, made = dead
    StatisticsVersion.objects.filter(pk=version.pk).update(status="ready")  # e.g. a dead reallocation
    assert statistics_stalled_recover() == []
    assert not LayerVersion.objects.filter(pk=made.pk).exists()
