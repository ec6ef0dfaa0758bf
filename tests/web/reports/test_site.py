"""The site report read back from its PDF: the catchment API's numbers, in Spanish and
English, with the inputs, the curve and the plant; bad input is a 400 naming the field."""

import io
import re

import pytest
from django.utils import translation
from pypdf import PdfReader

from biomass.engine.analysis import geodesic_disc
from biomass.regions.selectors import region_outlines
from biomass.web.templatetags.biomass_tags import num
from tests.web.reports.test_country import pdf_text

pytestmark = pytest.mark.django_db

QUERY = {"lon": -89.19, "lat": 13.69, "radius_km": 40, "scenario": "central", "plant_mw": 5}


@pytest.mark.parametrize(
    "language, expected",
    [
        (
            "es",
            [
                "Informe del sitio",
                "Curva de oferta y costo",
                "Radio necesario para 5 MW",
                "t MS/año",
                "Escenario: Central,",
            ],
        ),
        (
            "en",
            ["Site report", "Supply-cost curve", "Radius needed for 5 MW", "t DM/yr", "Scenario: Central,"],
        ),
    ],
)
def test_the_site_report_has_the_catchment_numbers(client, unthrottled, language, expected):
    api = client.get("/api/analysis/catchment", QUERY).json()
    response = client.get("/sites/report.pdf", QUERY, HTTP_ACCEPT_LANGUAGE=language)
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    text = pdf_text(response.content).replace("\n", " ")
    for phrase in expected:
        assert phrase in text, phrase
    assert api["totals"]
    with translation.override(language):
        for row in api["totals"]:
            assert num(row["technical_t"]).replace("\xa0", " ") in text, row["resource"]
        assert num(api["plant"]["mw_electric"]).replace("\xa0", " ") + " MW" in text
        assert f"5 MW: {num(api['radius_for_plant']['radius_km'])} km" in text
    assert "40 km" in text


@pytest.mark.parametrize(
    "query, field",
    [
        ({"lat": 13.69, "radius_km": 40}, "lon"),
        ({**QUERY, "radius_km": 0}, "radius_km"),
        ({**QUERY, "scenario": "nope"}, "scenario"),
    ],
)
def test_bad_input_is_a_400_naming_the_field(client, query, field):
    response = client.get("/sites/report.pdf", query, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 400
    assert field in response.content.decode()


def test_a_site_over_the_sea_says_so_and_draws_no_curve(client, unthrottled):
    query = {**QUERY, "lon": -106, "lat": 18}
    api = client.get("/api/analysis/catchment", query, HTTP_ACCEPT_LANGUAGE="es").json()
    assert api["note"] and api["supply_curve"] == []
    response = client.get("/sites/report.pdf", query, HTTP_ACCEPT_LANGUAGE="es")
    text = re.sub(r"\s+", " ", pdf_text(response.content))
    assert re.sub(r"\s+", " ", api["note"]) in text
    assert "sin datos MW" not in text and "Eléctrica: sin datos;" in text


@pytest.mark.parametrize(
    "language, title", [("es", "Mapa del área de abastecimiento"), ("en", "Catchment map")]
)
def test_the_catchment_map_names_the_units_it_overlaps(client, unthrottled, language, title):
    response = client.get("/sites/report.pdf", QUERY, HTTP_ACCEPT_LANGUAGE=language)
    text = pdf_text(response.content).replace("\n", " ")
    with translation.override(language):
        names = [name for _, name, _ in region_outlines(touching=geodesic_disc(-89.19, 13.69, 40))]
    assert "San Salvador" in names and "La Libertad" in names and len(names) >= 4
    for name in names:
        assert name in text, name
    assert title in text and re.search(r"\b\d+ km\b", text)


@pytest.mark.parametrize(
    "language, title, town, heading",
    [
        ("en", "Site report: 13.69° N, 89.19° W", "Nearest town: San Salvador (", "Supply-cost curve"),
        (
            "es",
            "Informe del sitio: 13.69° N, 89.19° O",
            "Localidad más cercana: San Salvador (",
            "Curva de oferta y costo",
        ),
    ],
)
def test_the_site_is_named_by_latitude_hemisphere_and_town_and_its_curve_heading_stays_with_it(
    client, unthrottled, language, title, town, heading
):
    response = client.get("/sites/report.pdf", {**QUERY, "language": language})
    pages = [p.extract_text().replace("\xa0", " ") for p in PdfReader(io.BytesIO(response.content)).pages]
    text = "\n".join(pages)
    assert title in text and town in text and "13.6900" not in text
    axis = "(USD/GJ)"
    curve_page = next(i for i, p in enumerate(pages) if heading in p)
    assert axis in pages[curve_page] and "PJ/" in pages[curve_page].split(heading, 1)[1]
