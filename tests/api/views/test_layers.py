"""The layer endpoints: uploads by staff (validated at once, processed in the background, versions, roll back, delete), permissions, downloads and clips."""

import io
import zipfile

import pytest
from django.test import Client
from rasterio.io import MemoryFile

from biomass.layers.models import AuditEntry, Layer, LayerVersion
from biomass.potentials.models import Potential
from tests.api.languages import errors_in_each_language
from tests.conftest import media_snapshot
from tests.rasters import SENTINEL, loopback_server, naive_small_read, with_metadata, write_geotiff
from tests.uploads import as_file, geotiff, technical, upload

pytestmark = pytest.mark.django_db
PORT = 8112


def test_upload_is_processed_and_switches_the_site(api, manager, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = upload(api, geotiff(2.0))
    assert response.status_code == 202, response.content
    body = response.json()
    assert body["status"] == "pending" and body["number"] == 1 and response["Location"] == body["status_url"]
    version = LayerVersion.objects.get(layer__resource__slug="crop-residues-mixed", number=1)
    assert version.status == "ready" and version.progress == 100 and version.layer.current_version == version
    assert technical().layer_version == version and technical().theoretical_t > 0
    status = api.get(body["status_url"]).json()
    assert status["status"] == "ready" and status["current"] is True and status["created_by"] == "manager"
    actions = list(
        AuditEntry.objects.filter(subject=version.layer.slug).values_list("action", "user__username")
    )
    assert AuditEntry.objects.filter(action="failed").count() == 0
    assert ("upload", "manager") in actions and ("processed", None) in actions
    assert (
        AuditEntry.objects.get(action="upload", subject=version.layer.slug).checksum
        == version.source_checksum
    )


def test_previous_version_is_served_until_the_new_one_is_ready_then_roll_back(
    api, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        upload(api, geotiff(2.0))
    first = technical().theoretical_t
    layer = Layer.objects.get(resource__slug="crop-residues-mixed")
    # Version 2 is stored but not yet processed: the site still serves version 1.
    with django_capture_on_commit_callbacks(execute=False) as queued:
        assert upload(api, geotiff(4.0)).status_code == 202
    layer.refresh_from_db()
    assert layer.current_version.number == 1 and technical().theoretical_t == first
    assert api.get(f"/api/layers/{layer.pk}/versions/").json()[0]["status"] == "pending"
    for callback in queued:  # the worker runs
        callback()
    layer.refresh_from_db()
    assert layer.current_version.number == 2 and technical().theoretical_t == pytest.approx(2 * first)
    # Roll back to version 1: its numbers are served again; nothing was deleted.
    response = api.post(f"/api/layers/{layer.pk}/versions/1/activate")
    assert response.status_code == 200 and response.json()["current"] is True
    layer.refresh_from_db()
    assert layer.current_version.number == 1 and technical().theoretical_t == pytest.approx(first)
    assert layer.versions.count() == 2 and all(v.path.exists() for v in layer.versions.all())
    assert AuditEntry.objects.filter(action="activate", version_number=1).exists()


def test_delete_a_version_but_not_the_served_one(api, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        upload(api, geotiff(1.0))
        upload(api, geotiff(2.0))
    layer = Layer.objects.get(resource__slug="crop-residues-mixed")
    old = layer.versions.get(number=1)
    cog = old.path
    response = api.delete(f"/api/layers/{layer.pk}/versions/2/")
    assert response.status_code == 409 and "being served" in response.json()["message"]
    with django_capture_on_commit_callbacks(execute=True):
        assert api.delete(f"/api/layers/{layer.pk}/versions/1/").status_code == 204
    assert not layer.versions.filter(number=1).exists() and not cog.exists()
    assert AuditEntry.objects.filter(action="delete", version_number=1).exists()


def state():
    return (
        sorted(Layer.objects.values_list("slug", "current_version_id")),
        sorted(LayerVersion.objects.values_list("layer_id", "number", "status")),
        Potential.objects.count(),
        AuditEntry.objects.count(),
        media_snapshot(),
    )


def zip_of(content):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as zf:
        zf.writestr("layer.tif", content)
    return buffer.getvalue()


REJECTED = {
    "vrt": (
        b'<VRTDataset rasterXSize="2" rasterYSize="2"><VRTRasterBand dataType="Byte" band="1">'
        b"<SimpleSource><SourceFilename>/etc/passwd</SourceFilename></SimpleSource></VRTRasterBand></VRTDataset>",
        "VRT",
    ),
    "netcdf": (b"CDF\x01" + b"\x00" * 64, "netCDF"),
    "hdf5": (b"\x89HDF\r\n\x1a\n" + b"\x00" * 64, "HDF5"),
    "png": (b"\x89PNG\r\n\x1a\n" + b"\x00" * 64, "PNG"),
    "zip": (None, "ZIP"),
    "text renamed .tif": (b"region,value\nMEX,3\n", "not a GeoTIFF"),
    "no crs": ("nocrs", "no coordinate reference system"),
    "negative values": ("negative", "negative values"),
}


@pytest.mark.parametrize("case", list(REJECTED))
def test_rejected_files_store_nothing(api, case, django_capture_on_commit_callbacks):
    content, message = REJECTED[case]
    if content is None:
        content = zip_of(geotiff())
    elif content == "nocrs":
        content = geotiff(crs=None)
    elif content == "negative":
        content = geotiff(-1.0)
    before = state()
    with django_capture_on_commit_callbacks(execute=True) as queued:
        response = upload(api, content)
    assert response.status_code == 400 and message in response.json()["message"]
    assert state() == before and not queued


def test_bad_form_fields_are_refused_by_name(api):
    response = upload(api, geotiff(), resource="unobtainium")
    assert response.status_code == 400 and response.json()["field"] == "resource"
    response = upload(api, geotiff(), units="kg/ha")
    assert response.status_code == 400 and response.json()["field"] == "units"
    response = upload(api, geotiff(), quantity="volume")
    assert response.status_code == 400 and response.json()["field"] == "quantity"
    assert api.post("/api/layers/", {"name": "x", "quantity": "density"}).json()["field"] == "file"


def test_a_file_over_the_size_limit_is_refused_before_reading_it(api, settings):
    settings.LAYER_MAX_BYTES = 1000
    response = upload(api, geotiff() + b"\x00" * 2_000_000)
    assert response.status_code == 413 and response.json()["field"] == "file"


def test_permissions(client, django_user_model, manager):
    def data():
        return {
            "file": as_file(geotiff()),
            "name": "x",
            "quantity": "density",
            "resource": "crop-residues-mixed",
        }

    assert client.post("/api/layers/", data()).status_code in (401, 403)
    someone = django_user_model.objects.create_user("someone", password="someone-password-123")
    client.force_login(someone)
    assert client.post("/api/layers/", data()).status_code == 403
    staff = django_user_model.objects.create_user("staff", password="staff-password-123", is_staff=True)
    client.force_login(staff)
    assert client.post("/api/layers/", data()).status_code == 403  # staff, but without the layer permission
    assert client.get("/api/layers/1/versions/").status_code == 403
    assert client.get("/api/layers/").status_code == 200  # reading stays public
    # CSRF: a session-authenticated upload without the token is refused.
    csrf_client = Client(enforce_csrf_checks=True)
    csrf_client.force_login(manager)
    response = csrf_client.post("/api/layers/", data())
    assert response.status_code == 403 and "CSRF" in response.json()["message"]
    assert not LayerVersion.objects.filter(layer__resource__slug="crop-residues-mixed").exists()


def test_layer_download_and_clip(client):
    layer = Layer.objects.get(slug="forest-residues")
    download = client.get(f"/api/layers/{layer.pk}/download")
    body = b"".join(download.streaming_content)
    assert download["Content-Type"] == "image/tiff" and body[:4] == b"II*\x00"
    import hashlib

    assert hashlib.sha256(body).hexdigest() == layer.current_version.checksum
    clip = client.get(f"/api/layers/{layer.pk}/clip", {"region": "CRI"})
    assert clip.status_code == 200 and 'CRI.tif"' in clip["Content-Disposition"]
    with MemoryFile(clip.content) as memfile, memfile.open() as ds:
        west, south, east, north = ds.bounds
        assert -87.2 <= west < east <= -82.5 and 5.4 <= south < north <= 11.3  # Costa Rica with Cocos Island
        data = ds.read(1, masked=True)
        assert data.mask.any() and not data.mask.all()  # the sea around it is nodata


def test_a_nan_nodata_is_served_as_null_json(api, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = upload(api, geotiff(2.0, nodata=float("nan")))
    assert response.status_code == 202, response.content
    listed = api.get("/api/layers/")  # PostgreSQL keeps NaN (SQLite turns it into NULL): still JSON
    assert listed.status_code == 200
    mixed = next(layer for layer in listed.json() if layer["resource"] == "crop-residues-mixed")
    assert mixed["current_version"]["nodata"] is None
    assert "NaN" not in listed.content.decode()


def test_an_upload_naming_other_files_for_gdal_is_refused_and_nothing_is_fetched(api, tmp_path):
    sentinel = write_geotiff(tmp_path / "sentinel.tif", SENTINEL, shape=(16, 16))
    local = with_metadata(write_geotiff(tmp_path / "local.tif", 2.0), OVERVIEW_FILE=str(sentinel))
    remote = with_metadata(
        write_geotiff(tmp_path / "remote.tif", 2.0), OVERVIEW_FILE=f"/vsicurl/http://127.0.0.1:{PORT}/o.tif"
    )
    assert (naive_small_read(local) == SENTINEL).all()  # the crafted file works on plain GDAL
    before = state()
    with loopback_server(PORT) as server:
        naive_small_read(remote)
        assert server.requests  # ... and so does the remote one
        server.requests.clear()
        for crafted in (local, remote):
            response = upload(api, crafted.read_bytes())
            body = response.json()
            assert response.status_code == 400 and body["field"] == "file", body
            assert "names another file or data set (OVERVIEW_FILE" in body["message"]
        assert server.requests == []
    assert state() == before


def test_a_truncated_geotiff_is_a_400_without_temporary_names(api):
    whole = geotiff(2.0)
    response = upload(api, whole[: len(whole) // 2])
    body = response.json()
    assert response.status_code == 400 and body["field"] == "file", body
    assert "cannot be read as a GeoTIFF" in body["message"]
    assert "/tmp" not in body["message"] and ".tif" not in body["message"]


def test_nan_cells_without_a_nan_nodata_and_a_nodata_the_band_cannot_hold_are_refused_by_name(api):
    with MemoryFile(geotiff(2.0, nodata=None)) as memfile:
        with memfile.open() as ds:
            data = ds.read(1)
            profile = ds.profile
    data[3, 4] = float("nan")
    with MemoryFile() as memfile:
        with memfile.open(**profile) as ds:
            ds.write(data, 1)
        with_nan = memfile.read()
    response = upload(api, with_nan)
    assert response.status_code == 400 and response.json()["field"] == "nodata"
    assert "1 NaN cell(s) but declares no nodata value" in response.json()["message"]
    response = upload(api, geotiff(3, dtype="uint8", nodata=None), nodata=-9999)
    assert response.status_code == 400 and response.json()["field"] == "nodata"
    assert "does not fit the band's type uint8" in response.json()["message"]


def test_the_same_file_again_is_a_409_naming_the_version(api, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        assert upload(api, geotiff(2.0)).status_code == 202
    before = state()
    response = upload(api, geotiff(2.0))
    body = response.json()
    assert response.status_code == 409 and body["field"] == "file", body
    assert "this file is already version 1 of layer 'mixed-crop-residues-2020' (ready)" in body["message"]
    assert state() == before


def test_an_upload_error_is_in_the_language_asked_for(api):
    vrt = errors_in_each_language(
        lambda language: upload(api, REJECTED["vrt"][0], HTTP_ACCEPT_LANGUAGE=language)
    )
    assert vrt == {
        "es-MX": "El archivo es un VRT de GDAL, no un GeoTIFF; solo se aceptan archivos GeoTIFF",
        "en-US": "the file is a GDAL VRT, not a GeoTIFF; only GeoTIFF files are accepted",
    }
    unknown = errors_in_each_language(
        lambda language: upload(api, geotiff(), resource="unobtainium", HTTP_ACCEPT_LANGUAGE=language),
        field="resource",
    )
    assert unknown["es-MX"].startswith("Recurso desconocido 'unobtainium'")
    assert unknown["en-US"].startswith("unknown resource 'unobtainium'")
