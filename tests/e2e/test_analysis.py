"""A planner clicks a town and reads how much biomass lies within 50 km, at what cost and
what plant it feeds; draws or uploads an area; downloads the answer."""

import json

import pytest

pytestmark = pytest.mark.e2e


def ready(page):
    page.wait_for_selector("#map[data-ready='true']", timeout=20000)


def test_click_a_town_and_read_the_catchment(server, page):
    page.goto(server.url + "/?view=9.93,-84.08,9")
    ready(page)
    page.check("#towns")
    page.wait_for_selector("#map[data-towns='1003']")
    page.fill("#radius", "50")
    page.fill("#plant", "5")
    page.locator("path[data-town='San José']").first.click()
    page.wait_for_selector("#analysis[data-ready='true']", timeout=30000)
    assert "San José" in page.inner_text("#analysis-title")
    shown = page.eval_on_selector_all(
        "#analysis tbody tr", "rs => rs.map(r => [r.dataset.resource, Number(r.cells[1].dataset.value)])"
    )
    api = page.request.get(
        server.url + "/api/analysis/catchment?lon=-84.08489&lat=9.93388&radius_km=50&plant_mw=5"
    ).json()
    assert sorted(shown) == sorted([t["resource"], t["technical_t"]] for t in api["totals"])
    assert page.locator("#curve-chart svg path.supply").count() == 1
    assert page.locator("#curve-chart svg line.price").count() == 1
    plant = page.inner_text("#plant-size")
    assert "MW" in plant and "needs a radius of" in plant
    assert float(page.get_attribute("#plant-size", "data-mw-electric")) == pytest.approx(
        api["plant"]["mw_electric"]
    )
    with page.expect_download() as download:
        page.click("#analysis-json")
    body = json.loads(open(download.value.path()).read())
    assert set(body) >= {"totals", "supply_curve", "plant"}
    with page.expect_download() as download:
        page.click("#analysis-csv")
    text = open(download.value.path(), encoding="utf-8-sig").read()
    assert text.startswith("resource,theoretical_t") and "cost_usd_per_t" in text


def test_click_anywhere_in_site_mode(server, page):
    page.goto(server.url + "/?view=13.7,-89.2,8")
    ready(page)
    page.click("#site-mode")
    assert page.get_attribute("#site-mode", "aria-pressed") == "true"
    box = page.locator("#map").bounding_box()
    page.mouse.click(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    page.wait_for_selector("#analysis[data-ready='true']", timeout=30000)
    assert page.inner_text("#analysis-title").startswith("Site 13.")
    assert page.is_hidden("#panel")  # the region panel did not open


def test_upload_an_area_file(server, page, tmp_path):
    square = {
        "type": "FeatureCollection",
        "features": [
            {
                "type": "Feature",
                "properties": {},
                "geometry": {
                    "type": "Polygon",
                    "coordinates": [[[-90.5, 14.5], [-90, 14.5], [-90, 15], [-90.5, 15], [-90.5, 14.5]]],
                },
            }
        ],
    }
    path = tmp_path / "area.geojson"
    path.write_text(json.dumps(square))
    page.goto(server.url + "/")
    ready(page)
    page.set_input_files("#area-file", str(path))
    page.wait_for_selector("#analysis[data-ready='true'][data-key='area']", timeout=30000)
    assert "km²" in page.inner_text("#analysis-meta")
    answer = page.request.post(
        server.url + "/api/analysis/area",
        data=json.dumps({"geometry": square}),
        headers={"Content-Type": "application/json"},
    ).json()
    assert (
        page.locator("#analysis tbody tr").count() == len(answer["totals"]) > 10
    )  # a row per resource with data


def test_draw_an_area(server, page):
    page.goto(server.url + "/?view=14.6,-90.5,9")
    ready(page)
    page.click("#draw-area")
    box = page.locator("#map").bounding_box()
    cx, cy = box["x"] + box["width"] / 2, box["y"] + box["height"] / 2
    for dx, dy in ((-120, -80), (120, -80), (120, 80), (-120, 80)):
        page.mouse.click(cx + dx, cy + dy)
        page.wait_for_timeout(150)
    page.mouse.click(cx - 120, cy - 80)  # back on the first vertex closes the polygon
    page.wait_for_selector("#analysis[data-ready='true'][data-key='area']", timeout=30000)
    assert page.inner_text("#analysis-title") == "Drawn area"
    assert float(page.eval_on_selector("#analysis tfoot td", "td => td.innerText.replace(/,/g, '')")) > 0
