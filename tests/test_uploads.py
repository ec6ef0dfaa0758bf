"""Staff uploads through the API and the admin: validation before storing, background
processing (immediate backend here; real workers in tests/workers/), versions, roll back,
retry, delete, permissions and the audit log."""

import io
import zipfile

import numpy as np
import pytest
from django.contrib.auth.models import Permission
from django.test import Client
from rasterio.io import MemoryFile
from rasterio.transform import from_origin
from rest_framework.authtoken.models import Token

from biomass.errors import InvalidRaster
from biomass.layers.services import processing
from biomass.models import AuditEntry, Layer, LayerVersion, Potential
from tests.conftest import media_snapshot

pytestmark = pytest.mark.django_db

N = 120  # 0.01° cells over central Costa Rica (lon -84.5 .. -83.3, lat 9.5 .. 10.7)


def geotiff(value=2.0, *, crs="EPSG:4326", dtype="float32", nodata=-9999.0, shape=(N, N)) -> bytes:
    data = np.full(shape, value, dtype=dtype)
    with MemoryFile() as memfile:
        with memfile.open(
            driver="GTiff",
            width=shape[1],
            height=shape[0],
            count=1,
            dtype=dtype,
            crs=crs,
            transform=from_origin(-84.5, 10.7, 0.01, 0.01),
            nodata=nodata,
        ) as ds:
            ds.write(data, 1)
        return memfile.read()


def as_file(content: bytes, name="layer.tif"):
    handle = io.BytesIO(content)
    handle.name = name
    return handle


@pytest.fixture
def manager(django_user_model):
    user = django_user_model.objects.create_user("manager", password="manager-password-123", is_staff=True)
    user.user_permissions.add(Permission.objects.get(codename="manage_layer"))
    return user


@pytest.fixture
def api(manager):
    client = Client()
    client.defaults["HTTP_AUTHORIZATION"] = f"Token {Token.objects.create(user=manager).key}"
    return client


def upload(client, content, **fields):
    data = {
        "file": as_file(content),
        "name": "Maize stover 2020",
        "quantity": "density",
        "resource": "maize-stover",
        "year": 2020,
        "source": "test upload",
        "licence": "CC0",
        **fields,
    }
    return client.post("/api/layers/", data)


def technical(code="CR-C", resource="maize-stover", scenario="central"):
    return Potential.objects.get(region__code=code, resource__slug=resource, scenario__slug=scenario)


def state():
    return (
        sorted(Layer.objects.values_list("slug", "current_version_id")),
        sorted(LayerVersion.objects.values_list("layer_id", "number", "status")),
        Potential.objects.count(),
        AuditEntry.objects.count(),
        media_snapshot(),
    )


def test_upload_is_processed_and_switches_the_site(api, manager, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = upload(api, geotiff(2.0))
    assert response.status_code == 202, response.content
    body = response.json()
    assert body["status"] == "pending" and body["number"] == 1 and response["Location"] == body["status_url"]
    version = LayerVersion.objects.get(layer__resource__slug="maize-stover", number=1)
    assert version.status == "ready" and version.progress == 100 and version.layer.current_version == version
    assert technical().layer_version == version and technical().theoretical_t > 0
    status = api.get(body["status_url"]).json()
    assert status["status"] == "ready" and status["current"] is True and status["created_by"] == "manager"
    actions = list(
        AuditEntry.objects.filter(layer_slug=version.layer.slug).values_list("action", "user__username")
    )
    assert AuditEntry.objects.filter(action="failed").count() == 0
    assert ("upload", "manager") in actions and ("processed", None) in actions
    assert (
        AuditEntry.objects.get(action="upload", layer_slug=version.layer.slug).checksum
        == version.source_checksum
    )


def test_previous_version_is_served_until_the_new_one_is_ready_then_roll_back(
    api, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        upload(api, geotiff(2.0))
    first = technical().theoretical_t
    layer = Layer.objects.get(resource__slug="maize-stover")
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


def test_an_older_version_finishing_late_does_not_replace_a_newer_one(
    api, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False) as first_queue:
        upload(api, geotiff(1.0))
    with django_capture_on_commit_callbacks(execute=True):
        upload(api, geotiff(3.0))  # version 2 is processed first
    for callback in first_queue:  # version 1 finishes later
        callback()
    layer = Layer.objects.get(resource__slug="maize-stover")
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
    layer = Layer.objects.get(resource__slug="maize-stover")
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


def test_delete_a_version_but_not_the_served_one(api, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        upload(api, geotiff(1.0))
        upload(api, geotiff(2.0))
    layer = Layer.objects.get(resource__slug="maize-stover")
    old = layer.versions.get(number=1)
    cog = old.path
    response = api.delete(f"/api/layers/{layer.pk}/versions/2/")
    assert response.status_code == 409 and "being served" in response.json()["message"]
    with django_capture_on_commit_callbacks(execute=True):
        assert api.delete(f"/api/layers/{layer.pk}/versions/1/").status_code == 204
    assert not layer.versions.filter(number=1).exists() and not cog.exists()
    assert AuditEntry.objects.filter(action="delete", version_number=1).exists()


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
        return {"file": as_file(geotiff()), "name": "x", "quantity": "density", "resource": "maize-stover"}

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
    assert not LayerVersion.objects.filter(layer__resource__slug="maize-stover").exists()


def test_admin_upload_form(client, manager, django_capture_on_commit_callbacks):
    client.force_login(manager)
    page = client.get("/admin/biomass/layer/upload/")
    assert page.status_code == 200 and "GeoTIFF" in page.content.decode()
    bad = client.post(
        "/admin/biomass/layer/upload/",
        {
            "file": as_file(b"<VRTDataset/>"),
            "name": "x",
            "role": "resource",
            "quantity": "density",
            "resource": "maize-stover",
            "band": 1,
        },
    )
    assert bad.status_code == 200 and "VRT" in bad.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        done = client.post(
            "/admin/biomass/layer/upload/",
            {
                "file": as_file(geotiff(2.0)),
                "name": "Maize test",
                "role": "resource",
                "quantity": "density",
                "resource": "maize-stover",
                "band": 1,
            },
        )
    layer = Layer.objects.get(resource__slug="maize-stover")
    assert done.status_code == 302 and done["Location"].endswith(f"/admin/biomass/layer/{layer.pk}/change/")
    change = client.get(done["Location"], HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "served" in change and "Upload a new version" in change
    assert layer.current_version.number == 1


def test_admin_upload_needs_the_permission(client, django_user_model):
    staff = django_user_model.objects.create_user("staff2", password="staff-password-123", is_staff=True)
    client.force_login(staff)
    assert client.get("/admin/biomass/layer/upload/").status_code == 403


def test_scenario_edit_in_admin_recomputes_its_potentials(
    client, django_user_model, django_capture_on_commit_callbacks
):
    admin_user = django_user_model.objects.create_superuser("root", password="root-password-123")
    client.force_login(admin_user)
    from biomass.models import Scenario

    central = Scenario.objects.get(slug="central")
    before = technical("MEX", "crop-residues-mixed").technical_t
    form = client.get(f"/admin/biomass/scenario/{central.pk}/change/")
    assert form.status_code == 200
    data = {
        field: getattr(central, field)
        for field in (
            "name_es",
            "name_en",
            "slug",
            "description_es",
            "description_en",
            "parameter_case",
            "collection_cost_usd_t",
            "transport_cost_usd_t_km",
            "tortuosity",
            "efficiency_electric",
            "efficiency_thermal",
            "capacity_factor",
            "price_usd_t",
            "sort_order",
        )
    }
    import json

    data.update(
        availability_overrides=json.dumps({"crop-residues-mixed": 0.2}),
        constraints=json.dumps(central.constraints),
        sources=json.dumps(central.sources),
    )
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/admin/biomass/scenario/{central.pk}/change/", data)
    assert response.status_code == 302, response.content.decode()[:2000]
    central.refresh_from_db()
    after = technical("MEX", "crop-residues-mixed")
    assert central.version == 2 and after.scenario_version == 2
    assert after.technical_t == pytest.approx(before / 2)  # availability 0.4 -> 0.2
