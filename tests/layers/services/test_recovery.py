"""Taking back versions whose worker died (recovery.py): queued again on the database queue
with a delay that doubles at each attempt, their dead task row failed and their partial files
removed; failed for good after LAYER_MAX_ATTEMPTS; a version whose worker lives is left alone."""

import os
import tempfile
import time
from datetime import timedelta
from pathlib import Path

import pytest
from django.conf import settings
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from biomass.layers import tasks
from biomass.layers.models import AuditEntry, LayerVersion
from biomass.layers.requests import LayerRequest
from biomass.layers.services.recovery import conversion_leftovers_remove, stalled_recover
from biomass.layers.services.upload import layer_import, layer_version_create
from tests.uploads import geotiff

pytestmark = pytest.mark.django_db

COBS = LayerRequest(name="Mixed crop residues", resource="crop-residues-mixed")
DB_QUEUE = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}


@pytest.fixture
def dead(tmp_path, settings):
    """Version 1 served; version 2 left "processing" by a worker that died 10 minutes ago on
    its ``attempts``-th attempt, with its COG written and its task row still RUNNING."""
    settings.TASKS = DB_QUEUE
    path = tmp_path / "cobs.tif"
    path.write_bytes(geotiff(1.0))
    served = layer_import(path=path, request=COBS)
    path.write_bytes(geotiff(2.0))
    version = layer_version_create(path=path, request=COBS)
    row = tasks.process_layer_version.enqueue(version.pk)
    DBTaskResult.objects.filter(pk=row.id).update(status="RUNNING", started_at=timezone.now())
    LayerVersion.objects.filter(pk=version.pk).update(
        status="processing", heartbeat_at=timezone.now() - timedelta(minutes=10), attempts=1
    )
    cog = Path(settings.MEDIA_ROOT) / "layers" / served.layer.slug / f"v2-{version.source_checksum[:12]}.tif"
    cog.write_bytes(b"a COG the dead worker wrote")
    return served, version, row, cog


def test_a_stalled_version_is_queued_again_after_a_delay_its_dead_task_failed_its_cog_removed(
    dead, django_capture_on_commit_callbacks
):
    served, version, dead_row, cog = dead
    with django_capture_on_commit_callbacks(execute=True):
        (outcome,) = stalled_recover()
    assert outcome.retried and outcome.delay == settings.LAYER_RETRY_BACKOFF_SECONDS
    version.refresh_from_db()
    assert version.status == "pending" and "attempt 1 of 3" in version.error
    assert DBTaskResult.objects.get(pk=dead_row.id).status == "FAILED"
    (queued,) = DBTaskResult.objects.filter(status="READY", args_kwargs__args__0=version.pk)
    wait = (queued.run_after - queued.enqueued_at).total_seconds()
    assert wait == pytest.approx(settings.LAYER_RETRY_BACKOFF_SECONDS, abs=2)
    assert not cog.exists() and served.path.exists()  # the served COG stays
    assert AuditEntry.objects.filter(action="retry", version_number=2).exists()
    assert stalled_recover() == []  # taken back once


def test_the_delay_doubles_at_each_attempt(dead, django_capture_on_commit_callbacks):
    _, version, _, _ = dead
    LayerVersion.objects.filter(pk=version.pk).update(attempts=2)
    with django_capture_on_commit_callbacks(execute=True):
        (outcome,) = stalled_recover()
    assert outcome.delay == 2 * settings.LAYER_RETRY_BACKOFF_SECONDS
    (queued,) = DBTaskResult.objects.filter(status="READY", args_kwargs__args__0=version.pk)
    wait = (queued.run_after - queued.enqueued_at).total_seconds()
    assert wait == pytest.approx(2 * settings.LAYER_RETRY_BACKOFF_SECONDS, abs=2)


def test_after_the_last_attempt_the_version_fails_with_the_reason(dead, django_capture_on_commit_callbacks):
    _, version, dead_row, cog = dead
    LayerVersion.objects.filter(pk=version.pk).update(attempts=settings.LAYER_MAX_ATTEMPTS)
    with django_capture_on_commit_callbacks(execute=True) as queued:
        (outcome,) = stalled_recover()
    assert not outcome.retried and queued == []
    version.refresh_from_db()
    assert (
        version.status == "failed" and "3 attempts of 3" in version.error and "not retried" in version.error
    )
    assert not DBTaskResult.objects.filter(status="READY", args_kwargs__args__0=version.pk).exists()
    assert DBTaskResult.objects.get(pk=dead_row.id).status == "FAILED" and not cog.exists()
    assert AuditEntry.objects.filter(action="failed", version_number=2).exists()


def test_a_version_whose_worker_lives_is_left_alone(dead):
    _, version, row, cog = dead
    LayerVersion.objects.filter(pk=version.pk).update(heartbeat_at=timezone.now())
    assert stalled_recover() == []
    version.refresh_from_db()
    assert version.status == "processing" and cog.exists()
    assert DBTaskResult.objects.get(pk=row.id).status == "RUNNING"


def test_a_killed_conversion_s_temporary_folder_is_removed_unless_a_live_worker_owns_it(dead):
    served, version, _, _ = dead
    folder = Path(settings.MEDIA_ROOT) / "layers" / served.layer.slug
    old = Path(tempfile.mkdtemp(dir=folder))  # what tempfile.TemporaryDirectory leaves when killed
    (old / "cog.tif").write_bytes(b"half a COG")
    long_ago = time.time() - 3600
    os.utime(old, (long_ago, long_ago))
    fresh = Path(tempfile.mkdtemp(dir=folder))
    LayerVersion.objects.filter(pk=version.pk).update(heartbeat_at=timezone.now())  # a live worker
    assert conversion_leftovers_remove() == [] and old.exists()
    LayerVersion.objects.filter(pk=version.pk).update(status="failed")
    assert conversion_leftovers_remove() == [old]
    assert not old.exists() and fresh.exists()  # a conversion that may be running now stays
