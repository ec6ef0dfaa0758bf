"""The admin's layer screens: upload a file as a new version, and only with the permission."""

import pytest

from biomass.layers.models import Layer
from tests.uploads import as_file, geotiff

pytestmark = pytest.mark.django_db


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
            "resource": "crop-residues-mixed",
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
                "resource": "crop-residues-mixed",
                "band": 1,
            },
        )
    layer = Layer.objects.get(resource__slug="crop-residues-mixed")
    assert done.status_code == 302 and done["Location"].endswith(f"/admin/biomass/layer/{layer.pk}/change/")
    change = client.get(done["Location"], HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "served" in change and "Upload a new version" in change
    assert layer.current_version.number == 1


def test_admin_upload_needs_the_permission(client, django_user_model):
    staff = django_user_model.objects.create_user("staff2", password="staff-password-123", is_staff=True)
    client.force_login(staff)
    assert client.get("/admin/biomass/layer/upload/").status_code == 403
