"""The layer store through Django's storage API: names relative to MEDIA_ROOT, local paths for
GDAL, and nothing outside the store reachable by a name."""

from pathlib import Path

import pytest
from django.conf import settings
from django.core.exceptions import SuspiciousFileOperation

from biomass.layers import store


def test_a_name_and_its_local_path_go_both_ways():
    path = store.local_path("layers/forest/v1-abc.tif")
    assert path == Path(settings.MEDIA_ROOT).resolve() / "layers" / "forest" / "v1-abc.tif"
    assert store.name_of(path) == "layers/forest/v1-abc.tif"


def test_a_file_is_found_opened_and_deleted_by_its_name():
    path = store.local_path("uploads/test-store.tif")
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(b"II*\x00")
    assert store.exists("uploads/test-store.tif")
    with store.open_file("uploads/test-store.tif") as handle:
        assert handle.read() == b"II*\x00"
    store.delete("uploads/test-store.tif", "", "uploads/never-there.tif")  # gone or empty: skipped
    assert not path.exists() and not store.exists("uploads/test-store.tif")
    assert not store.exists("")  # a version without a file has none


def test_a_name_cannot_leave_the_store():
    with pytest.raises(SuspiciousFileOperation):
        store.local_path("../etc/passwd")
