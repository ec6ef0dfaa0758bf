"""The map page draws every region."""

import pytest

pytestmark = pytest.mark.e2e


def test_map_draws_all_countries_and_admin1_units(server, page):
    page.goto(server.url + "/")
    page.wait_for_selector("#map[data-ready='true']", timeout=20000)
    assert page.get_attribute("#map", "data-country-count") == "9"
    assert page.get_attribute("#map", "data-admin1-count") == "160"
    # Leaflet draws one SVG path per feature: 9 countries + 160 admin-1 units.
    assert page.locator(".leaflet-overlay-pane path").count() == 169


def test_healthz_reports_the_database(server, page):
    response = page.goto(server.url + "/healthz")
    assert response.status == 200
    assert response.json()["regions"] == 169
