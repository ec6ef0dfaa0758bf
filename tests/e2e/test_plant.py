"""A planner opens a town's catchment, chooses a technology and a size and reads the plant's
economics: the table with units (the LCOE the API gives for the same query), the LCOE against
size with the cheapest size marked, a size out of range refused naming the field; on a phone
and a desktop, in Spanish and English."""

from urllib.parse import parse_qs, urlparse

import pytest

from tests.e2e.conftest import ARTIFACTS, wait_until
from tests.e2e.pages import open_page  # noqa: F401 (a fixture)

pytestmark = pytest.mark.e2e

TEXT = {
    "en-US": {
        "size": "Plant size (MW)",
        "lcoe": "Levelised cost of electricity (LCOE)",
        "best": "Cheapest: ",
    },
    "es-MX": {
        "size": "Tamaño de planta (MW)",
        "lcoe": "Costo nivelado de la electricidad (LCOE)",
        "best": "Más barato: ",
    },
}


def open_san_jose(page, server, screen):
    page.goto(server.url + "/?view=9.93,-84.08,9")
    page.wait_for_selector("#map[data-ready='true']", timeout=20000)
    if screen == "phone":
        page.click("#controls-toggle")  # the settings are in a drawer on a phone
    page.check("#towns")
    page.wait_for_selector("#map[data-towns='1003']")
    if screen == "phone":
        page.keyboard.press("Escape")
    page.locator("path[data-town='San José']").first.dispatch_event("click")
    page.wait_for_selector("#analysis[data-ready='true']", timeout=30000)
    page.wait_for_selector("#plant-economics[data-ready='true']", timeout=30000)


def choose(page, technology, mw):
    page.select_option("#plant-technology", technology)
    page.fill("#plant-mw", str(mw))
    page.dispatch_event("#plant-mw", "change")
    wait_until(
        page,
        f"document.querySelector('#plant-table tr[data-field=mw_electric] td')?.dataset.value === '{mw}'"
        " && document.querySelector('#plant-economics').dataset.ready === 'true'",
    )


@pytest.mark.parametrize("locale", ["en-US", "es-MX"])
@pytest.mark.parametrize("screen", ["desktop", "phone"])
def test_a_plant_at_a_town_in_the_table_and_the_size_chart(server, open_page, locale, screen):  # noqa: F811
    page = open_page(locale, screen, fail_on_404=True)
    open_san_jose(page, server, screen)
    choose(page, "steam-chp", 5)
    lon, lat = page.evaluate(
        "(() => { const q = new URL(document.querySelector('#plant-csv').href).searchParams;"
        " return [q.get('lon'), q.get('lat')]; })()"
    )
    query = f"lon={lon}&lat={lat}&technology=steam-chp&mw=5&scenario=central"
    api = page.request.get(f"{server.url}/api/analysis/plant?{query}").json()
    sizes = page.request.get(f"{server.url}/api/analysis/plant/sizes?{query}").json()
    cell = page.locator("#plant-table tr[data-field=lcoe_usd_mwh] td")
    assert api["lcoe_usd_mwh"] is not None
    assert float(cell.get_attribute("data-value")) == pytest.approx(api["lcoe_usd_mwh"], rel=1e-12)
    assert TEXT[locale]["lcoe"] in page.inner_text("#plant-table tr[data-field=lcoe_usd_mwh] th")
    assert "USD/MWh" in cell.inner_text() and "P10–P90" in cell.inner_text()
    units = {
        "radius_km": " km",
        "average_usd_gj": "USD/GJ",
        "marginal_usd_gj": "USD/GJ",
        "capital_usd": "USD/kW",
        "npv_usd": "USD",
        "lcoh_usd_mwh": "USD/MWh",
        "fuel_gj": "J/",
    }
    for field, unit in units.items():
        assert unit in page.inner_text(f"#plant-table tr[data-field={field}] td"), field
    radius = float(page.get_attribute("#plant-table tr[data-field=radius_km] td", "data-value"))
    assert radius == pytest.approx(api["fuel"]["radius_km"])
    # the chart: the cheapest size marked and labelled, the chosen size drawn
    assert sizes["best"] is not None
    best = page.locator("#plant-chart svg circle.best")
    assert float(best.get_attribute("data-mw")) == pytest.approx(sizes["best"]["mw"])
    assert page.text_content("#plant-chart svg .best-label").startswith(TEXT[locale]["best"])
    assert page.locator("#plant-chart svg line.chosen").count() == 1
    assert page.locator("#plant-chart svg path.lcoe").count() == 1
    # readable: nothing wider than the screen, the chart inside the panel
    width = 390 if screen == "phone" else 1280
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    panel = page.locator("#analysis").bounding_box()
    chart = page.locator("#plant-chart svg").bounding_box()
    assert chart["width"] >= 300 and chart["x"] + chart["width"] <= panel["x"] + panel["width"] + 0.5
    label = page.locator("#plant-chart svg .best-label").bounding_box()
    assert chart["x"] <= label["x"] and label["x"] + label["width"] <= chart["x"] + chart["width"] + 0.5
    # the report and the CSVs get the same plant
    pdf = parse_qs(urlparse(page.get_attribute("#analysis-pdf", "href")).query)
    assert pdf["technology"] == ["steam-chp"] and pdf["mw"] == ["5"]
    csv = page.request.get(server.url + page.get_attribute("#plant-sizes-csv", "href"))
    assert csv.ok and "lcoe_usd_mwh" in csv.text()
    shoot(page, f"plant-{locale}-{screen}")


def shoot(page, name):
    """Screenshots of the screen with the panel scrolled down the plant section, step by step."""
    top = page.evaluate("document.querySelector('#plant-economics').offsetTop")
    height = page.evaluate("document.querySelector('#analysis').clientHeight")
    for i in range(4):
        page.evaluate(f"document.querySelector('#analysis').scrollTop = {top + i * (height - 40)}")
        page.screenshot(path=str(ARTIFACTS / f"{name}-{i}.png"))


@pytest.mark.parametrize("locale", ["en-US", "es-MX"])
def test_a_size_out_of_range_is_refused_naming_the_field(server, open_page, locale):  # noqa: F811
    page = open_page(locale, "desktop")
    open_san_jose(page, server, "desktop")
    page.select_option("#plant-technology", "steam-power")
    page.fill("#plant-mw", "500")
    page.dispatch_event("#plant-mw", "change")
    page.wait_for_selector("#plant-economics[data-ready='error']")
    message = page.inner_text("#plant-message")
    assert message.startswith(TEXT[locale]["size"]) and "500" in message and "50" in message
    assert page.get_attribute("#plant-mw", "aria-invalid") is not None
    page.fill("#plant-mw", "20")
    page.dispatch_event("#plant-mw", "change")
    page.wait_for_selector("#plant-economics[data-ready='true']")
    assert page.inner_text("#plant-message") == ""
