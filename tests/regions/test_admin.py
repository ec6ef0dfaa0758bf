"""The admin's region screens: list, search, filter by country, a map to edit the geometry; closed to anonymous users."""

import pytest

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
    from biomass.regions.models import Region

    page = client.get(f"/admin/regions/region/{Region.objects.get(code='CRI').pk}/change/").content.decode()
    assert "leaflet" in page.lower()


def test_admin_is_closed_to_anonymous_users(client):
    response = client.get("/admin/regions/region/")
    assert response.status_code == 302 and "/admin/login/" in response["Location"]
