"""`manage.py recover_stalled` says what it did with each stalled version."""

from datetime import timedelta

import pytest
from django.utils import timezone

from biomass.layers.models import LayerVersion
from biomass.layers.requests import LayerRequest
from biomass.layers.services.upload import layer_version_create
from tests.uploads import geotiff

pytestmark = pytest.mark.django_db


def test_recover_stalled_reports_each_version(tmp_path, call, settings, django_capture_on_commit_callbacks):
    settings.LAYER_MAX_ATTEMPTS = 2
    path = tmp_path / "cobs.tif"
    versions = []
    for value in (1.0, 2.0):
        path.write_bytes(geotiff(value))
        versions.append(
            layer_version_create(path=path, request=LayerRequest(name="Cobs", resource="crop-residues-mixed"))
        )
    long_ago = timezone.now() - timedelta(hours=1)
    for attempts, version in enumerate(versions, start=1):
        LayerVersion.objects.filter(pk=version.pk).update(
            status="processing", heartbeat_at=long_ago, attempts=attempts
        )
    with django_capture_on_commit_callbacks(execute=False) as queued:
        out, _ = call("recover_stalled")
    slug = versions[0].layer.slug
    assert out.splitlines() == [
        f"{slug} v1: queued again in {settings.LAYER_RETRY_BACKOFF_SECONDS:g} s",
        f"{slug} v2: failed after 2 attempts",
    ]
    assert len(queued) == 1
    assert call("recover_stalled")[0] == ""
