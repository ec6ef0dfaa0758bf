"""Managing versions (versions.py): only a ready version can be served, only a failed or
stalled one retried, the served one never deleted; recover queues what failed."""

from pathlib import Path

import pytest
from django.conf import settings

from biomass.errors import Conflict, NotFound
from biomass.layers.models import AuditEntry, LayerVersion
from biomass.layers.requests import LayerRequest
from biomass.layers.services.upload import layer_import, layer_version_create
from biomass.layers.services.versions import (
    layer_version_activate,
    layer_version_delete,
    layer_version_retry,
    layer_versions_recover,
)
from tests.conftest import queued_work
from tests.uploads import geotiff

pytestmark = pytest.mark.django_db

COBS = LayerRequest(name="Mixed crop residues", resource="crop-residues-mixed")


@pytest.fixture
def versions(tmp_path):
    """Version 1 served, version 2 pending (not processed)."""
    path = tmp_path / "cobs.tif"
    path.write_bytes(geotiff(1.0))
    served = layer_import(path=path, request=COBS)
    path.write_bytes(geotiff(2.0))
    return served, layer_version_create(path=path, request=COBS)


def test_only_a_ready_version_can_be_served(versions):
    served, pending = versions
    with pytest.raises(Conflict, match="only a ready version"):
        layer_version_activate(version_id=pending.pk)
    assert layer_version_activate(version_id=served.pk).pk == served.pk
    assert AuditEntry.objects.filter(action="activate", version_number=1).exists()


def test_only_a_failed_or_stalled_version_can_be_retried(versions, django_capture_on_commit_callbacks):
    served, pending = versions
    for version in (served, pending):
        with pytest.raises(Conflict, match="only a failed or stalled"):
            layer_version_retry(version_id=version.pk)
    LayerVersion.objects.filter(pk=pending.pk).update(status="failed", error="boom")
    with django_capture_on_commit_callbacks(execute=False) as queued:
        retried = layer_version_retry(version_id=pending.pk)
    assert retried.status == "pending" and retried.error == "" and len(queued) == 1
    (Path(settings.MEDIA_ROOT) / retried.upload).unlink()
    LayerVersion.objects.filter(pk=pending.pk).update(status="failed")
    with pytest.raises(Conflict, match="is gone"):
        layer_version_retry(version_id=pending.pk)


def test_the_served_version_is_never_deleted_the_others_go_with_their_files(
    versions, django_capture_on_commit_callbacks
):
    served, pending = versions
    with pytest.raises(Conflict, match="being served"):
        layer_version_delete(version_id=served.pk)
    upload = Path(settings.MEDIA_ROOT) / pending.upload
    assert upload.exists()
    with django_capture_on_commit_callbacks(execute=True):
        layer_version_delete(version_id=pending.pk)
    assert not upload.exists() and not LayerVersion.objects.filter(pk=pending.pk).exists()
    with pytest.raises(NotFound):
        layer_version_delete(version_id=pending.pk)


def test_recover_queues_the_failed_versions(versions, django_capture_on_commit_callbacks):
    _, pending = versions
    LayerVersion.objects.filter(pk=pending.pk).update(status="failed")
    with django_capture_on_commit_callbacks(execute=False) as queued:
        assert [v.pk for v in layer_versions_recover()] == [pending.pk]
    assert len(queued_work(queued)) == 1
