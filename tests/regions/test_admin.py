"""The admin's region screens: list, search, filter by country, a map to edit the geometry; closed to anonymous users."""

import pytest
import shapely

from biomass.engine.geometry import geodesic_area_m2
from biomass.regions.models import Region
from tests.uploads import technical

pytestmark = pytest.mark.django_db


def test_admin_lists_and_searches_regions(client, staff_user):
    from django.contrib.auth.models import Permission

    staff_user.user_permissions.add(*Permission.objects.filter(codename__in=["view_region", "change_region"]))
    client.force_login(staff_user)
    response = client.get("/admin/regions/region/", {"q": "Yucat"})
    assert response.status_code == 200 and "MX-YUC" in response.content.decode()
    response = client.get("/admin/regions/region/", {"country": "CRI", "level__exact": "admin1"})
    html = response.content.decode()
    assert "CR-SJ" in html and "MX-YUC" not in html
    page = client.get(f"/admin/regions/region/{Region.objects.get(code='CRI').pk}/change/").content.decode()
    assert "leaflet" in page.lower()


def test_admin_is_closed_to_anonymous_users(client):
    response = client.get("/admin/regions/region/")
    assert response.status_code == 302 and "/admin/login/" in response["Location"]


def region_form(region: Region, geom: str) -> dict:
    fields = ("code", "level", "name_es", "name_en", "kind", "hasc", "source", "licence")
    return {f: getattr(region, f) for f in fields} | {"parent": region.parent_id or "", "geom": geom}


def test_editing_a_geometry_updates_its_area_and_recomputes_the_potentials(
    client, django_user_model, django_capture_on_commit_callbacks
):
    client.force_login(django_user_model.objects.create_superuser("root", password="root-password-123"))
    region = Region.objects.get(code="CR-H")
    before = (region.area_km2, technical("CR-H", "forest-residues").theoretical_t)
    box = "MULTIPOLYGON (((-84.2 10.0, -84.0 10.0, -84.0 10.2, -84.2 10.2, -84.2 10.0)))"
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/admin/regions/region/{region.pk}/change/", region_form(region, box))
    assert response.status_code == 302, response.content.decode()[-3000:]
    region.refresh_from_db()
    assert region.area_km2 == pytest.approx(geodesic_area_m2(shapely.box(-84.2, 10.0, -84.0, 10.2)) / 1e6)
    assert region.area_km2 < before[0] and region.geom_coarse is not None
    assert technical("CR-H", "forest-residues").theoretical_t != before[1]


def test_a_geometry_outside_the_globe_is_refused_on_the_form(client, django_user_model):
    client.force_login(django_user_model.objects.create_superuser("root", password="root-password-123"))
    region = Region.objects.get(code="CR-H")
    wrong = "MULTIPOLYGON (((184 10, 185 10, 185 11, 184 10)))"
    response = client.post(
        f"/admin/regions/region/{region.pk}/change/", region_form(region, wrong), HTTP_ACCEPT_LANGUAGE="en"
    )
    assert response.status_code == 200 and "outside the longitude/latitude range" in response.content.decode()
    assert Region.objects.get(pk=region.pk).geom.equals(region.geom)
