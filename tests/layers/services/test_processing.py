"""Processing a version: a version finishing late does not replace a newer one; a failure is stored on the version and the previous one stays served."""

import pytest

from biomass.errors import InvalidRaster
from biomass.layers.models import Layer
from biomass.layers.services import processing
from tests.uploads import geotiff, technical, upload

pytestmark = pytest.mark.django_db


def test_an_older_version_finishing_late_does_not_replace_a_newer_one(
    api, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False) as first_queue:
        upload(api, geotiff(1.0))
    with django_capture_on_commit_callbacks(execute=True):
        upload(api, geotiff(3.0))  # version 2 is processed first
    for callback in first_queue:  # version 1 finishes later
        callback()
    layer = Layer.objects.get(resource__slug="crop-residues-mixed")
    assert layer.current_version.number == 2 and technical().layer_version.number == 2
    assert layer.versions.get(number=1).status == "ready"


def test_failure_is_stored_on_the_version_and_the_previous_one_stays(
    api, monkeypatch, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        upload(api, geotiff(2.0))
    served = technical().theoretical_t

    def broken(*args, **kwargs):
        raise InvalidRaster("disk full while writing the Cloud-Optimized GeoTIFF")

    monkeypatch.setattr(processing.rasters, "convert_to_cog", broken)
    with django_capture_on_commit_callbacks(execute=True):
        upload(api, geotiff(5.0))  # the task fails (the immediate backend records it)
    layer = Layer.objects.get(resource__slug="crop-residues-mixed")
    failed = layer.versions.get(number=2)
    assert failed.status == "failed" and "disk full" in failed.error and failed.upload
    assert layer.current_version.number == 1 and technical().theoretical_t == served
    assert api.get(f"/api/layers/{layer.pk}/versions/2/").json()["error"].startswith("disk full")
    monkeypatch.undo()
    with django_capture_on_commit_callbacks(execute=True):
        assert api.post(f"/api/layers/{layer.pk}/versions/2/retry").status_code == 202
    failed.refresh_from_db()
    assert (
        failed.status == "ready"
        and failed.attempts == 2
        and technical().theoretical_t == pytest.approx(2.5 * served)
    )


def test_a_worker_stopped_after_the_switch_committed_leaves_the_version_served(
    api, django_capture_on_commit_callbacks
):
    """A worker stopped (SIGTERM: SystemExit) while the percentiles are stored, after the
    switch had committed, must not mark the served version failed nor delete its file (the
    layer would be served without a file)."""
    from pathlib import Path

    from django.conf import settings

    with django_capture_on_commit_callbacks(execute=True):
        upload(api, geotiff(2.0))
    version = Layer.objects.get(resource__slug="crop-residues-mixed").current_version
    cog = Path(settings.MEDIA_ROOT) / version.file
    processing._mark_failed(version, SystemExit(1), cog)
    version.refresh_from_db()
    assert version.status == "ready" and version.file and cog.exists() and not version.error
    assert version.layer.current_version_id == version.pk
