"""The admin's layer screens: upload a file as a new version, and only with the permission."""

import pytest

from biomass.layers.models import Layer
from tests.uploads import as_file, geotiff

pytestmark = pytest.mark.django_db


def test_admin_upload_form(client, manager, django_capture_on_commit_callbacks):
    client.force_login(manager)
    page = client.get("/admin/biomass/layer/upload/")
    assert page.status_code == 200 and "GeoTIFF" in page.content.decode()
    bad = _upload(client, file=b"<VRTDataset/>", name="x")
    assert bad.status_code == 200 and "VRT" in bad.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        done = _upload(client)
    layer = Layer.objects.get(resource__slug="crop-residues-mixed")
    assert done.status_code == 302 and done["Location"].endswith(f"/admin/biomass/layer/{layer.pk}/change/")
    change = client.get(done["Location"], HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "served" in change and "Upload a new version" in change
    assert layer.current_version.number == 1


def test_admin_upload_needs_the_permission(client, django_user_model):
    staff = django_user_model.objects.create_user("staff2", password="staff-password-123", is_staff=True)
    client.force_login(staff)
    assert client.get("/admin/biomass/layer/upload/").status_code == 403


# ------------------------------------------------- ids too large for any database (issue 14)
HUGE_IDS = [2**31, 2**63, 10**20]  # PostgreSQL's integer ends below the first, SQLite's below the second


@pytest.mark.parametrize("number", HUGE_IDS)
def test_every_admin_screen_treats_a_huge_id_as_a_missing_object(admin_client, number):
    """Every registered ModelAdmin's change, delete and history pages, given an id beyond the
    database's integers: what Django's admin does for any missing object (a redirect saying it
    does not exist, or a refusal), never an overflow (500)."""
    from django.contrib import admin
    from django.urls import NoReverseMatch, reverse

    checked = 0
    for model in admin.site._registry:
        for page in ("change", "delete", "history"):
            try:
                url = reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_{page}", args=[number])
            except NoReverseMatch:
                continue  # an admin without that page
            response = admin_client.get(url, HTTP_ACCEPT_LANGUAGE="en")
            assert response.status_code in (302, 403, 404), (url, response.status_code)
            if response.status_code == 302:
                followed = admin_client.get(response["Location"], HTTP_ACCEPT_LANGUAGE="en")
                assert "doesn’t exist" in followed.content.decode(), url
            checked += 1
    assert checked >= 3 * 10


@pytest.mark.parametrize("number", HUGE_IDS)
@pytest.mark.parametrize(
    "url",
    [
        "/admin/biomass/layer/versions/{}/activate/",
        "/admin/biomass/layer/versions/{}/retry/",
        "/admin/biomass/layer/versions/{}/delete/",
        "/admin/biomass/statisticsdataset/versions/{}/retry/",
        "/admin/biomass/statisticsdataset/{}/withdraw/",
    ],
)
def test_the_custom_admin_actions_refuse_a_huge_id(admin_client, url, number):
    """The id converter (at most 9 digits) leaves such a URL to the admin's catch-all, which
    says the object does not exist."""
    response = admin_client.post(url.format(number), follow=True, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code in (200, 404)
    assert response.status_code == 404 or "doesn’t exist" in response.content.decode()


@pytest.mark.parametrize("page", ["change/", "delete/", "history/", ""])
def test_the_task_queue_dashboard_has_no_object_pages(admin_client, page):
    """django-rq's dashboard is a model without a table: its object pages answered any id
    with a 500; they are gone (a 404), and the dashboard itself still opens."""
    response = admin_client.get(f"/admin/django_rq/dashboard/1/{page}", HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code in (302, 404)
    if response.status_code == 302:  # the admin's catch-all: a missing page, never a change form
        assert "/dashboard/1/change/" not in response["Location"]
        assert admin_client.get(response["Location"]).status_code == 404
    assert admin_client.get("/admin/django_rq/dashboard/").status_code == 200


# ------------------------------------------------- units in the page's language (issue 15)
def _upload(client, units=None, language="en", file=None, name="Maize test"):
    """Posts the admin's upload form: a density of mixed field residues (2 t DM/ha by default)."""
    form = {
        "file": as_file(file if file is not None else geotiff(2.0)),
        "name": name,
        "role": "resource",
        "quantity": "density",
        "resource": "crop-residues-mixed",
        "band": 1,
    }
    return client.post(
        "/admin/biomass/layer/upload/", {**form, **({"units": units} if units is not None else {})},
        HTTP_ACCEPT_LANGUAGE=language,
    )  # fmt: skip


def test_the_spanish_unit_is_accepted_and_stored_canonical(
    client, manager, django_capture_on_commit_callbacks
):
    client.force_login(manager)
    with django_capture_on_commit_callbacks(execute=True):
        done = _upload(client, "t MS/ha/año", "es")
    assert done.status_code == 302
    layer = Layer.objects.get(resource__slug="crop-residues-mixed")
    assert layer.units == "t DM/ha/yr"


@pytest.mark.parametrize(
    "language, message",
    [
        ("es", "no corresponden a una capa de densidad, que debe estar en t MS/ha/año"),
        ("en", "do not match a density layer, which must be in t DM/ha/yr"),
    ],
)
def test_a_wrong_unit_is_refused_in_the_page_language(client, manager, language, message):
    client.force_login(manager)
    page = _upload(client, "kg/m2", language)
    assert page.status_code == 200 and message in page.content.decode()
