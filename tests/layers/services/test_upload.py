"""A new layer version (upload.py): nothing stored when anything is refused, the processing
queued only once the upload commits, an in-memory upload, and two uploads that create the
same new layer at once; the file validated, checksummed and stored before the write
transaction; the same file again refused; a nodata the band cannot hold refused by name."""

import shutil

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import IntegrityError, connection

from biomass.engine import rasters
from biomass.errors import Conflict, InvalidInput, InvalidRaster
from biomass.layers.models import Layer, LayerVersion
from biomass.layers.requests import LayerRequest
from biomass.layers.services import upload as service
from tests.conftest import media_snapshot
from tests.uploads import geotiff

pytestmark = pytest.mark.django_db

COBS = LayerRequest(name="Mixed crop residues", resource="crop-residues-mixed")


def stored():
    return (LayerVersion.objects.count(), Layer.objects.count(), media_snapshot())


@pytest.fixture
def tif(tmp_path):
    path = tmp_path / "cobs.tif"
    path.write_bytes(geotiff(1.5))
    return path


def test_the_processing_is_queued_when_the_upload_commits(tif, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False) as queued:
        version = service.layer_upload(path=tif, request=COBS)
    assert len(queued) == 1 and version.status == "pending" and not tif.exists()  # moved in
    assert (version.number, version.layer.slug, version.layer.units) == (
        1,
        "mixed-crop-residues",
        "t DM/ha/yr",
    )
    queued[0]()  # the immediate backend processes it here
    version.refresh_from_db()
    assert version.status == "ready" and version.layer.current_version == version


def test_an_upload_kept_in_memory_is_written_to_disk_first(django_capture_on_commit_callbacks):
    upload = SimpleUploadedFile("cobs.tif", geotiff(1.5), content_type="image/tiff")
    with django_capture_on_commit_callbacks(execute=True):
        version = service.layer_upload_file(upload=upload, request=COBS)
    version.refresh_from_db()
    assert version.status == "ready" and version.source_checksum and version.size_bytes == len(geotiff(1.5))


@pytest.mark.parametrize(
    "request_, error, field",
    [
        (LayerRequest(name="x", resource="unobtainium"), InvalidInput, "resource"),
        (LayerRequest(name="x", resource="forest-residues", quantity="production"), InvalidInput, "quantity"),
        (LayerRequest(name="x", resource="maize-stover", quantity="heads"), InvalidInput, "quantity"),
        (
            LayerRequest(name="x", role="cost", quantity="continuous", units="km", slug="land-cover"),
            Conflict,
            "slug",
        ),
        (LayerRequest(name="x", resource="crop-residues-mixed", slug="land-cover"), Conflict, "name"),
    ],
)
def test_what_the_database_refuses_stores_nothing(tif, request_, error, field):
    before = stored()
    with pytest.raises(error) as refused:
        service.layer_upload(path=tif, request=request_)
    assert refused.value.field == field and stored() == before and tif.exists()


def test_an_upload_racing_another_for_a_new_layer_becomes_its_next_version(tif, tmp_path, monkeypatch):
    first = service.layer_version_create(path=tif, request=COBS)
    # The second upload looked for the layer before the first one committed it: its lookup
    # finds nothing, its insert hits the unique constraint, and it then takes the layer.
    real = service._locked_layer
    calls = []

    def late(request, resource, slug):
        calls.append(slug)
        return None if len(calls) == 1 else real(request, resource, slug)

    monkeypatch.setattr(service, "_locked_layer", late)
    tif.write_bytes(geotiff(2.5))  # another file: the same one again would be refused
    second = service.layer_version_create(path=tif, request=COBS)
    assert calls == ["mixed-crop-residues", "mixed-crop-residues"]
    assert second.layer_id == first.layer_id and (first.number, second.number) == (1, 2)


def test_an_integrity_error_without_a_layer_to_take_is_not_hidden(tif, monkeypatch):
    monkeypatch.setattr(service, "_locked_layer", lambda *args: None)

    def clash(**kwargs):
        raise IntegrityError("unique constraint")

    monkeypatch.setattr(Layer.objects, "create", clash)
    with pytest.raises(IntegrityError):
        service.layer_version_create(path=tif, request=COBS)


def test_the_file_is_validated_checksummed_and_moved_in_before_the_write_transaction(tif, transaction_depths):
    """SQLite has one writer: a slow validation inside the transaction would block every
    other write (an admin's login) for as long as it lasts."""
    outer = len(connection.atomic_blocks)  # the test's own transaction
    spy, depths = transaction_depths
    for module, name in (
        (rasters, "inspect_raster"),
        (rasters, "raster_statistics"),
        (rasters, "sha256_file"),
        (shutil, "move"),
    ):
        spy(module, name)
    version = service.layer_upload(path=tif, request=COBS)
    assert depths == dict.fromkeys(("inspect_raster", "raster_statistics", "sha256_file", "move"), outer)
    assert version.upload and not tif.exists()


def test_the_same_file_again_is_refused_naming_its_version_and_stores_nothing(tif, tmp_path):
    first = service.layer_version_create(path=tif, request=COBS)
    again = tmp_path / "again.tif"
    again.write_bytes(tif.read_bytes())
    before = stored()
    with pytest.raises(
        Conflict, match="already version 1 of layer 'mixed-crop-residues' \\(pending\\)"
    ) as refused:
        service.layer_upload(path=again, request=COBS)
    assert refused.value.field == "file" and stored() == before and again.exists()
    LayerVersion.objects.filter(pk=first.pk).update(status=LayerVersion.Status.FAILED)
    assert service.layer_upload(path=again, request=COBS).number == 2  # a failed version does not count


def test_a_nodata_the_band_cannot_hold_is_refused_by_name(tmp_path):
    path = tmp_path / "classes.tif"
    path.write_bytes(geotiff(3, dtype="uint8", nodata=255))
    request = LayerRequest(name="Mixed crop residues", resource="crop-residues-mixed", nodata=-9999)
    before = stored()
    with pytest.raises(InvalidRaster, match="nodata -9999 does not fit the band's type uint8") as refused:
        service.layer_upload(path=path, request=request)
    assert refused.value.field == "nodata" and stored() == before


def test_an_implausible_density_warning_writes_its_number_in_the_language(tmp_path):
    """Stored in English (grouped, never 1.23457e+06) and shown through the language's format."""
    from django.utils import translation

    from biomass.languages import translated

    path = tmp_path / "dense.tif"
    path.write_bytes(geotiff(1234567.5))
    version = service.layer_upload(path=path, request=COBS)
    assert version.warnings == [
        "maximum density 1,234,567.5 t DM/ha/yr is implausibly high for residues; check the units"
    ]
    with translation.override("es"):
        assert translated(version.warnings[0]) == (
            "La densidad máxima de 1,234,567.5 t MS/ha/año es demasiado alta para residuos; revise las unidades"
        )
