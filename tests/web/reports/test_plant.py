"""The site report's plant economics read back from its PDF: the LCOE the plant API gives for
the same query, formatted as the report formats numbers, every number with its unit, the
inputs with their sources; a technology without a size is a 400 naming ``mw``."""

import re

import pytest
from django.utils import translation

from biomass.web.templatetags.biomass_tags import num
from tests.web.reports.test_country import pdf_text

pytestmark = pytest.mark.django_db

SITE = {"lon": -89.19, "lat": 13.69, "radius_km": 40, "scenario": "central"}
PLANT = {"technology": "steam-chp", "mw": 5}


def plain(text: str) -> str:
    return re.sub(r"\s+", " ", text.replace("\xa0", " "))


@pytest.mark.parametrize(
    "language, phrases",
    [
        (
            "en",
            ["Plant economics", "Levelised cost of electricity (LCOE)", "LCOE by plant size", "Cheapest:"],
        ),
        ("es", ["Economía de una planta", "Costo nivelado de la electricidad (LCOE)", "Más barato:"]),
    ],
)
def test_the_report_has_the_plant_of_the_api_with_units(client, unthrottled, language, phrases):
    api = client.get("/api/analysis/plant", {**SITE, **PLANT, "language": language}).json()
    sizes = client.get("/api/analysis/plant/sizes", {**SITE, "technology": "steam-chp"}).json()
    response = client.get("/sites/report.pdf", {**SITE, **PLANT, "language": language})
    assert response.status_code == 200
    text = plain(pdf_text(response.content))
    for phrase in phrases:
        assert phrase in text, phrase
    assert api["lcoe_usd_mwh"] is not None and sizes["best"] is not None
    with translation.override(language):
        # the same numbers as the API's, each with its unit
        assert plain(f"{num(api['lcoe_usd_mwh'])} USD/MWh") in text
        assert (
            plain(f"P10–P90: {num(api['lcoe_usd_mwh_p10'])}–{num(api['lcoe_usd_mwh_p90'])} USD/MWh") in text
        )
        assert plain(f"{num(api['fuel']['average_usd_gj'])} USD/GJ") in text
        assert plain(f"{num(api['fuel']['radius_km'])} km") in text
        assert plain(f"{num(api['plant']['capital_usd_per_kw'])} USD/kW") in text
        assert plain(f"{num(sizes['best']['mw'])} MW · {num(sizes['best']['lcoe_usd_mwh'])} USD/MWh") in text
    # the inputs with their sources
    source = api["technology"]["inputs"]["capex_usd_per_kw"]["source"]
    assert plain(source)[:40] in text


def test_without_a_technology_the_report_has_no_plant_economics(client, unthrottled):
    text = plain(pdf_text(client.get("/sites/report.pdf", {**SITE, "language": "en"}).content))
    assert "Plant economics" not in text and "LCOE" not in text


@pytest.mark.parametrize(
    "query, field",
    [({"technology": "steam-chp"}, "mw"), ({"technology": "steam-chp", "mw": 500}, "mw")],
)
def test_a_bad_plant_is_a_400_naming_the_field(client, query, field):
    response = client.get("/sites/report.pdf", {**SITE, **query}, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 400
    assert field in response.content.decode()
