"""The first page, the health check, the regions endpoint and the admin."""

import json
import re

import pytest

pytestmark = pytest.mark.django_db


def test_map_page_renders(client):
    response = client.get("/")
    assert response.status_code == 200
    html = response.content.decode()
    assert 'id="map"' in html and "leaflet/leaflet.js" in html and "/api/regions/" in html


def test_map_page_declares_its_columns_and_runs_modules_only(client):
    """The map's JavaScript reads the units from the page; it is ES modules, with no inline
    script but the JSON of the columns."""
    html = client.get("/", HTTP_ACCEPT_LANGUAGE="es").content.decode()
    declared = re.search(r'<script id="potential-columns" type="application/json">(.*?)</script>', html)
    columns = json.loads(declared.group(1))
    assert columns["technical_gj_ha"] == {"unit": "GJ/ha/yr", "label": "GJ/ha/año"}
    assert columns["economic_t"]["label"] == "t MS/año"
    scripts = re.findall(r"<script([^>]*)>(.*?)</script>", html, re.S)
    inline = [attrs for attrs, body in scripts if body.strip() and 'id="potential-columns"' not in attrs]
    assert inline == []
    assert 'type="module" src="/static/biomass/js/main.js"' in html and "onsubmit=" not in html


def test_healthz_checks_the_database(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "ok" and body["regions"] == 169
    assert response["Cache-Control"].startswith("max-age=0")


def test_regions_api_returns_geojson(client):
    response = client.get("/api/regions/", {"level": "country"})
    assert response.status_code == 200
    collection = response.json()
    assert collection["type"] == "FeatureCollection"
    assert {f["properties"]["code"] for f in collection["features"]} == {
        "MEX",
        "GTM",
        "BLZ",
        "HND",
        "SLV",
        "NIC",
        "CRI",
        "PAN",
        "DOM",
    }
    mexico = next(f for f in collection["features"] if f["properties"]["code"] == "MEX")
    lon, lat = mexico["geometry"]["coordinates"][0][0][0]
    assert -118.5 < lon < -86 and 14 < lat < 33  # longitude first (RFC 7946)


def test_regions_api_filters_and_simplifies(client):
    def count_coords(collection):
        return sum(
            len(ring)
            for f in collection["features"]
            for poly in f["geometry"]["coordinates"]
            for ring in poly
        )

    full = client.get("/api/regions/", {"parent": "CRI"}).json()
    coarse = client.get("/api/regions/", {"parent": "CRI", "zoom": 4}).json()
    assert len(full["features"]) == len(coarse["features"]) == 7
    assert count_coords(coarse) < count_coords(full) / 2


def test_regions_api_errors_are_json(client):
    response = client.get("/api/regions/", {"level": "planet"})
    assert response.status_code == 400 and response.json()["field"] == "level"
    response = client.get("/api/regions/", {"zoom": "far"})
    assert response.status_code == 400 and response.json()["field"] == "zoom"
    response = client.get("/api/regions/ATL/")
    assert response.status_code == 404 and "ATL" in response.json()["message"]
    assert client.get("/api/regions/MX-CMX/").json()["properties"]["name_en"] == "Mexico City"


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


def test_country_page_shows_the_economic_potential(client):
    from biomass.models import Potential

    html = client.get("/countries/MEX/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    stored = Potential.objects.get(
        region__code="MEX", resource__slug="forest-residues", scenario__slug="central"
    )
    assert "Economic" in html and "USD/t to the nearest town" in html
    assert f'data-value="{stored.economic_pj!r}"' in html
    spanish = client.get("/countries/MEX/", HTTP_ACCEPT_LANGUAGE="es").content.decode()
    assert "Económico" in spanish and 'lang="es"' in spanish


def test_unknown_country_page_is_a_404_page(client):
    response = client.get("/countries/ATL/")
    page = response.content.decode()
    assert response.status_code == 404 and ("Not found" in page or "No encontrado" in page)
    assert client.get("/api/nothing-here/").json()["error"] == "not_found"
