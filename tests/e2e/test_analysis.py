"""A planner clicks a town and reads how much biomass lies within 50 km, at what cost and
what plant it feeds; draws or uploads an area; downloads the answer."""

import json
from urllib.parse import parse_qs, urlparse

import pytest

from tests.e2e.conftest import ARTIFACTS
from tests.e2e.pages import open_page  # noqa: F401 (a fixture)

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
        "#analysis-table tbody tr",
        "rs => rs.map(r => [r.dataset.resource, Number(r.cells[1].dataset.value)])",
    )
    api = page.request.get(
        server.url + "/api/analysis/catchment?lon=-84.08489&lat=9.93388&radius_km=50&plant_mw=5"
    ).json()
    assert sorted(shown) == sorted([t["resource"], t["technical_t"]] for t in api["totals"])
    assert page.locator("#curve-chart svg path.supply").count() >= 1
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
        page.locator("#analysis-table tbody tr").count() == len(answer["totals"]) > 10
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
    assert (
        float(page.eval_on_selector("#analysis-table tfoot td", "td => td.innerText.replace(/,/g, '')")) > 0
    )


def catchment_rows(page):
    return page.eval_on_selector_all(
        "#analysis-table tbody tr",
        "rs => rs.map(r => [r.dataset.resource, Number(r.cells[1].dataset.value)])",
    )


def api_rows(page, server, **params):
    query = "&".join(
        f"{k}={v}" for k, v in ({"lon": -84.08489, "lat": 9.93388, "radius_km": 50} | params).items()
    )
    api = page.request.get(
        server.url + "/api/analysis/catchment?" + query, headers={"Accept-Language": "en"}
    ).json()
    return sorted([t["resource"], t["technical_t"]] for t in api["totals"]), api


def click_san_jose(page):
    page.check("#towns")
    page.wait_for_selector("#map[data-towns='1003']")
    page.locator("path[data-town='San José']").first.click()
    page.wait_for_selector("#analysis[data-ready='true']", timeout=30000)


def curve_points(page):
    """(x, y) of every vertex of the drawn curve, in SVG units (y grows downwards)."""
    return page.eval_on_selector_all(
        "#curve-chart svg path.supply",
        "ps => ps.flatMap(p => p.getAttribute('d').split(/[ML ]+/).filter(Boolean).map(v => v.split(',').map(Number)))",
    )


def test_the_curve_rises_with_supply_has_labelled_axes_and_a_key_by_resource(server, page):
    page.goto(server.url + "/?view=9.93,-84.08,9")
    ready(page)
    click_san_jose(page)
    page.locator("#curve-chart").screenshot(path=str(ARTIFACTS / "supply-curve.png"))
    points = curve_points(page)
    assert len(points) > 20
    xs, ys = [p[0] for p in points], [p[1] for p in points]
    assert xs == sorted(xs)  # supply grows left to right
    assert ys == sorted(ys, reverse=True) and ys[0] > ys[-1]  # and the cost never falls (SVG y is down)
    titles = page.eval_on_selector_all("#curve-chart .axis-title", "ts => ts.map(t => t.textContent)")
    assert titles == ["Cumulative technical supply (PJ/yr)", "Delivered cost (USD/GJ)"]
    _, api = api_rows(page, server)
    names = {t["resource_name"] for t in api["totals"]}
    key = page.eval_on_selector_all(
        "#curve-chart .key-item", "gs => gs.map(g => [g.dataset.colour, g.textContent])"
    )
    assert len(key) >= 2 and all(text.split(" · ")[0] in names | {"Other resources"} for _, text in key)
    strokes = set(
        page.eval_on_selector_all("#curve-chart path.supply", "ps => ps.map(p => p.getAttribute('stroke'))")
    )
    assert strokes <= {colour for colour, _ in key}  # every colour drawn is in the key
    # the key gives each resource's technical supply as the table does, most first (the
    # thinned curve's steps only say which resource leads each: their sum is not the supply)
    supply = sorted(
        (
            (t["technical_pj"], t["resource_name"])
            for t in api["totals"]
            if t["counted_in_totals"] and t["technical_pj"]
        ),
        reverse=True,
    )
    shown = [text for _, text in key if not text.startswith("Other resources")]
    assert shown == [f"{name} · {pj:.3g} PJ/yr" for pj, name in supply[: len(shown)]]


def test_any_change_of_an_input_re_runs_the_analysis(server, page):
    asked = []
    page.on(
        "request",
        lambda r: (
            asked.append(r.url) if "/api/analysis/catchment" in r.url and r.resource_type == "fetch" else None
        ),
    )
    page.goto(server.url + "/?view=9.93,-84.08,9")
    ready(page)
    click_san_jose(page)
    assert sorted(catchment_rows(page)) == api_rows(page, server)[0]
    page.fill("#radius", "20")  # typing re-runs, no need to leave the field
    page.wait_for_selector("#analysis[data-ready='true'][data-key*='radius_km=20']", timeout=30000)
    small, _ = api_rows(page, server, radius_km=20)
    assert sorted(catchment_rows(page)) == small != api_rows(page, server)[0]
    assert "20 km" in page.inner_text("#analysis-title")
    page.fill("#plant", "5")
    page.wait_for_selector("#analysis[data-ready='true'][data-key*='plant_mw=5']", timeout=30000)
    assert "needs a radius of" in page.inner_text("#plant-size")
    page.select_option("#scenario", "high")
    page.wait_for_selector("#analysis[data-ready='true'][data-scenario='high']", timeout=30000)
    high, _ = api_rows(page, server, radius_km=20, scenario="high")
    assert sorted(catchment_rows(page)) == high != small
    before = len(asked)
    page.locator("path[data-town='San José']").first.click()  # the selection does not cover it
    page.wait_for_selector("#analysis[data-ready='true']", timeout=30000)
    assert len(asked) == before + 1 and "scenario=high" in asked[-1] and "radius_km=20" in asked[-1]


def test_a_click_over_the_sea_says_there_is_no_data_in_spanish(server, open_page):  # noqa: F811
    page = open_page("es-MX", fail_on_404=True)
    page.goto(server.url + "/?view=11,-92,8")
    ready(page)
    page.click("#site-mode")
    box = page.locator("#map").bounding_box()
    page.mouse.click(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    page.wait_for_selector("#analysis[data-ready='true']", timeout=30000)
    assert page.inner_text("#analysis-note").startswith("Ningún país del atlas está aquí")
    assert page.inner_text("#analysis-table tbody").strip() == "Sin datos"
    assert (
        page.eval_on_selector_all("#analysis-table tfoot td", "ts => ts.map(t => t.textContent)")
        == ["sin datos"] * 3
    )
    assert page.inner_text("#plant-size") == "Tamaño de planta: sin datos."
    assert page.inner_text("#curve-chart") == "Sin datos"
    assert "0" not in page.inner_text("#analysis-table")


def test_the_results_panel_on_a_phone_in_spanish(server, open_page):  # noqa: F811
    page = open_page("es-MX", "phone", fail_on_404=True)
    page.goto(server.url + "/?view=9.93,-84.08,9")
    ready(page)
    page.click("#controls-toggle")  # the settings are in a drawer on a phone
    page.check("#towns")
    page.wait_for_selector("#map[data-towns='1003']")
    page.keyboard.press("Escape")
    page.locator("path[data-town='San José']").first.dispatch_event("click")
    page.wait_for_selector("#analysis[data-ready='true']", timeout=30000)
    panel = page.locator("#analysis").bounding_box()
    assert panel["x"] >= 0 and panel["x"] + panel["width"] <= 390
    chart = page.locator("#curve-chart svg").bounding_box()
    assert chart["width"] >= 300 and chart["x"] + chart["width"] <= panel["x"] + panel["width"]
    titles = page.eval_on_selector_all("#curve-chart .axis-title", "ts => ts.map(t => t.textContent)")
    assert titles == ["Oferta técnica acumulada (PJ/año)", "Costo puesto en planta (USD/GJ)"]
    for title in page.locator("#curve-chart .axis-title").all():  # the labels fit inside the chart
        box = title.bounding_box()
        assert chart["x"] <= box["x"] and box["x"] + box["width"] <= chart["x"] + chart["width"]
        assert chart["y"] <= box["y"] and box["y"] + box["height"] <= chart["y"] + chart["height"]
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    page.locator("#curve-chart").screenshot(path=str(ARTIFACTS / "supply-curve-phone.png"))


def zoom(page):
    return float(parse_qs(urlparse(page.url).query)["view"][0].split(",")[2])


def test_a_point_file_is_refused_without_zooming_or_missing_images(server, open_page, tmp_path):  # noqa: F811
    page = open_page(fail_on_404=True)
    point = {"type": "Feature", "properties": {}, "geometry": {"type": "Point", "coordinates": [-90.5, 14.6]}}
    path = tmp_path / "point.geojson"
    path.write_text(json.dumps(point))
    page.goto(server.url + "/?view=14.6,-90.5,7")
    ready(page)
    page.set_input_files("#area-file", str(path))
    page.wait_for_selector("#map-status:not(:empty)")
    assert page.inner_text("#map-status").startswith("point.geojson holds no area (Point): upload a Polygon")
    assert page.is_hidden("#analysis") and zoom(page) == 7  # no zoom to the maximum
    # an area after it: the message goes, the area is analysed and framed, no marker image
    square = {
        "type": "Polygon",
        "coordinates": [[[-90.6, 14.5], [-90.4, 14.5], [-90.4, 14.7], [-90.6, 14.5]]],
    }
    area = tmp_path / "area.geojson"
    area.write_text(json.dumps(square))
    page.set_input_files("#area-file", str(area))
    page.wait_for_selector("#analysis[data-ready='true'][data-key='area']", timeout=30000)
    assert page.inner_text("#map-status") == "" and page.locator("img.leaflet-marker-icon").count() == 0
    assert 7 < zoom(page) <= 12


def test_on_a_phone_the_drawer_closes_so_the_result_shows_on_the_map(server, open_page, tmp_path):  # noqa: F811
    square = {
        "type": "Polygon",
        "coordinates": [[[-90.5, 14.5], [-90, 14.5], [-90, 15], [-90.5, 15], [-90.5, 14.5]]],
    }
    path = tmp_path / "area.geojson"
    path.write_text(json.dumps(square))
    page = open_page("es-MX", "phone", fail_on_404=True)
    page.goto(server.url + "/")
    ready(page)
    toggle = page.locator("#controls-toggle")
    toggle.click()
    page.set_input_files("#area-file", str(path))  # an upload from the drawer
    page.wait_for_selector("#analysis[data-ready='true'][data-key='area']", timeout=30000)
    assert toggle.get_attribute("aria-expanded") == "false" and page.locator("#area-file").is_hidden()
    # the uploaded area is on the map in view: what lies at its middle is the area itself
    shape = page.locator(".leaflet-overlay-pane path[stroke='#d95f02']").last.bounding_box()
    middle = [shape["x"] + shape["width"] / 2, shape["y"] + shape["height"] / 2]
    assert page.evaluate(
        "([x, y]) => !document.elementFromPoint(x, y).closest('#controls, .sidebar')", middle
    )
    # a button that needs the map (click a site, draw) closes the drawer too
    page.click("#analysis-close")
    toggle.click()
    page.click("#site-mode")
    assert toggle.get_attribute("aria-expanded") == "false" and page.locator("#site-mode").is_hidden()
    assert page.get_attribute("#site-mode", "aria-pressed") == "true"


def test_a_steep_cost_tail_is_cut_at_the_top_and_the_price_line_stays_visible(server, page):
    page.goto(server.url + "/?view=9.93,-84.08,9")
    ready(page)
    click_san_jose(page)
    api = page.request.get(
        server.url + "/api/analysis/catchment?lon=-84.08489&lat=9.93388&radius_km=50"
    ).json()
    costs = [p["cost_usd_per_gj"] for p in api["supply_curve"] if p["cost_usd_per_gj"] is not None]
    price = page.eval_on_selector("#curve-chart line.price", "l => Number(l.getAttribute('y1'))")
    axis_top, axis_bottom = 24, 170  # the plot's top and the x axis, in SVG units (chart.js)
    assert axis_top <= price <= axis_bottom - 0.1 * (axis_bottom - axis_top), price
    assert min(y for _, y in curve_points(page)) >= axis_top  # the tail is cut at the top
    top = max(costs)
    shown = f"{round(top):,}" if top >= 100 else f"{top:.3g}"  # formatNumber in en-US
    assert page.locator("#curve-chart .clipped").text_content() == f"↑ {shown} USD/GJ"
