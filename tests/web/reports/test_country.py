"""The country report read back from its PDF (pypdf): the numbers are those of
/api/potentials/, in Spanish and English, with the scenario, the date, the sources, the
parameters and the data versions; bad input is a 404 or a 400, never a 500."""

import io
import re
from datetime import UTC, datetime

import pytest
from django.utils import translation
from pypdf import PdfReader

from biomass.potentials.summaries import country_summary
from biomass.regions.selectors import region_outlines
from biomass.web.reports import maps, pdf
from biomass.web.reports.country import country_map, country_report
from biomass.web.templatetags.biomass_tags import num

pytestmark = pytest.mark.django_db


def pdf_text(body: bytes) -> str:
    """The text of every page; a no-break space (Spanish thousands) read as a space."""
    text = "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(body)).pages)
    return text.replace("\xa0", " ")


def parse(number: str, language: str) -> float:
    """A number as printed back to a float: 1,957,847.5 in both languages (Spanish as written
    in Mexico and Central America, config/formats/es)."""
    assert language in ("es", "en")
    return float(number.replace("\xa0", "").replace(" ", "").replace(",", ""))


def report(client, language: str, query: str = "") -> str:
    response = client.get(f"/countries/CRI/report.pdf{query}", HTTP_ACCEPT_LANGUAGE=language)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    return pdf_text(response.content)


@pytest.mark.parametrize("language", ["es", "en"])
def test_the_numbers_are_those_of_the_api(client, language):
    api = client.get("/api/potentials/?region=CRI&scenario=central").json()
    results = api["results"] if isinstance(api, dict) else api
    assert len(results) > 5
    text = report(client, language)
    lines = text.splitlines()
    with translation.override(language):
        for row in results:
            for key in ("technical_pj", "theoretical_t"):
                printed = num(row[key])
                # printed with ~3 significant figures: read back, it matches the API's value
                assert abs(parse(printed, language) - row[key]) <= 0.01 * abs(row[key]) + 1e-9
                assert printed.replace("\xa0", " ") in text, (row["resource"], key, printed)
    assert any(line.startswith("Total") for line in lines)


def test_the_report_is_in_the_page_language_with_its_sections(client):
    spanish = report(client, "es")
    for expected in (
        "Informe del potencial de biomasa",
        "Costa Rica",
        "Escenario",
        "PJ/año",
        "t MS/año",
        "Versiones de los datos",
        "Fuentes",
        "Parámetros",
        "Generado el",
    ):
        assert expected in spanish, expected
    assert "t DM/yr" not in spanish
    # stored and reference texts in Spanish too, as on the country page (units, layer names, sources)
    for english in ("t residue/t product", "fraction of B0", "FAOSTAT food balances", "Forest residues"):
        assert english not in spanish, english
    assert "fracción" in spanish and "Balances alimentarios de FAOSTAT" in spanish
    assert not re.search(r"supuesto:\s*(\n|$)", spanish)  # an assumption says what it assumes
    english = report(client, "en")
    for expected in (
        "Biomass potential report",
        "Scenario",
        "PJ/yr",
        "t DM/yr",
        "Data versions",
        "Sources",
        "Parameters",
        "Generated on",
        "P10–P90",
    ):
        assert expected in english, expected
    assert "t MS/año" not in english


def test_the_scenario_is_chosen_and_named(client):
    high = report(client, "en", "?scenario=high")
    central = report(client, "en")
    api = client.get("/api/potentials/?region=CRI&scenario=high&resource=forest-residues").json()
    results = api["results"] if isinstance(api, dict) else api
    with translation.override("en"):
        assert num(results[0]["technical_pj"]).replace("\xa0", " ") in high
    assert re.search(r"Scenario: [^\n]*\(high\), version \d+", high)
    assert re.search(r"Scenario: [^\n]*\(central\), version \d+", central)


def test_missing_values_print_no_data_with_units():
    with translation.override("en"):
        summary = country_summary(code="CRI")
        summary["resources"][0]["economic_pj"] = None
        summary["totals"]["technical_pj_p10"] = None
        text = pdf_text(country_report(summary=summary, generated=datetime(2026, 12, 1, 12, 0, tzinfo=UTC)))
    assert "no data" in text and re.search(r"Economic\s+PJ/yr", text)
    assert "Generated on December 1, 2026, 12:00 UTC" in text  # one date format per language


def test_the_data_versions_are_listed(client):
    text = report(client, "en").replace("\n", " ")
    summary = country_summary(code="CRI")
    first = summary["resources"][0]
    assert f"layer {first['layer_version'].layer.name}, version {first['layer_version'].number}" in text
    assert f"parameters, version {first['resource'].version}" in text


@pytest.mark.parametrize(
    "url, status, message",
    [
        ("/countries/XXX/report.pdf", 404, "There is no page at this address"),
        ("/countries/CRI/report.pdf?scenario=nope", 400, "unknown scenario"),
    ],
)
def test_bad_input_is_a_clear_404_or_400(client, url, status, message):
    response = client.get(url, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == status
    assert message in response.content.decode()


def test_an_unknown_scenario_is_said_in_the_page_language(client):
    response = client.get("/countries/CRI/report.pdf?scenario=nope", HTTP_ACCEPT_LANGUAGE="es")
    assert (
        response.status_code == 400 and "Escenario desconocido &#x27;nope&#x27;" in response.content.decode()
    )


def drawn_bounds(path) -> tuple[float, float, float, float]:
    xs, ys = path.points[0::2], path.points[1::2]
    return min(xs), min(ys), max(xs), max(ys)


def test_the_map_draws_each_unit_in_place_and_a_unit_without_data_as_no_data():
    with translation.override("en"):
        summary = country_summary(code="CRI")
        summary["admin1"][0]["technical_pj"] = None  # CR-A (Alajuela): no data, not 0
        drawing, paths = country_map(summary)
    codes = [r["region"].code for r in summary["admin1"]]
    assert sorted(paths) == sorted(codes) and codes[0] == "CR-A"
    assert paths["CR-A"].fillColor == maps.NO_DATA
    assert all(paths[code].fillColor in maps.PALETTE for code in codes[1:])
    frame_width = pdf.WIDTH - maps.LEGEND_WIDTH - 10
    drawn = {code: drawn_bounds(path) for code, path in paths.items()}
    assert all(
        0 <= b[0] and b[2] <= frame_width and 0 <= b[1] and b[3] <= drawing.height for b in drawn.values()
    )
    # a unit wholly east (north) of another in lon/lat is drawn wholly right of (above) it
    real = {code: geometry.bounds for code, _, geometry in region_outlines(codes=codes)}
    pairs = 0
    for a in codes:
        for b in codes:
            if real[a][2] < real[b][0]:
                assert drawn[a][2] < drawn[b][0], (a, b)
                pairs += 1
            if real[a][3] < real[b][1]:
                assert drawn[a][3] < drawn[b][1], (a, b)
                pairs += 1
    assert pairs >= 3  # Guanacaste lies west of Limón, at least


def test_the_map_is_in_the_report_in_the_page_language(client):
    spanish = report(client, "es").replace("\n", " ")
    assert "Potencial técnico de todos los recursos por estado, departamento o provincia (PJ/año)" in spanish
    assert re.search(r"\d – < [\d.,]+ PJ/año", spanish)  # a class with its bounds and unit
    assert "Norte arriba" in spanish and "Proyección equirrectangular" in spanish
    english = report(client, "en").replace("\n", " ")
    assert "by state, department or province (PJ/yr)" in english and re.search(
        r"\d – < [\d.,]+ PJ/yr", english
    )
    assert "North up" in english and "km" in english


def test_the_mexico_report_with_its_map_stays_small(client):
    response = client.get("/countries/MEX/report.pdf", HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 200 and len(response.content) < 1_500_000
    assert "Chihuahua" in pdf_text(response.content)


def page_with(pages: list[str], phrase: str) -> int:
    return next(i for i, page in enumerate(pages) if phrase in page.replace("\n", " "))


@pytest.mark.parametrize("language", ["es", "en"])
def test_the_mexico_report_reads_cleanly(client, language):
    """Headings on the page of their content, one rule for percentages, the total's coverage
    explained, parameter notes joined once each with "assumption" said once, our units with
    superscripts, and the FAO licence in the report's language."""
    response = client.get(f"/countries/MEX/report.pdf?language={language}")
    pages = [
        p.replace("\xa0", " ")
        for p in (p.extract_text() for p in PdfReader(io.BytesIO(response.content)).pages)
    ]
    text = "\n".join(pages)
    with translation.override(language):
        from django.utils.translation import gettext as _

        states, word = _("States, departments and provinces"), _("assumption")
        map_title = _("Technical potential of all resources by state, department or province")
        curve_heading = _("Technical potential by resource")
    assert page_with(pages, states) == page_with(pages, map_title)
    assert page_with(pages, curve_heading) == page_with(
        pages, "(PJ/" + ("año" if language == "es" else "yr") + ")"
    )
    assert "100.0 %" not in text and ("100 %" in text or "> 99.9 %" in text)
    assert re.search(r"^Total\n(.*\n){0,8}\s*—$", text, re.M), "the total's coverage"
    flat = re.sub(r"\s+", " ", text)
    assert f"; {word}" not in flat and f"{word}: {word}" not in flat
    assert flat.count(f"{word}:") >= 3  # said once, in front
    assert "m³" in flat and re.findall(r".{0,60}\bm3\b.{0,60}", flat) == []  # units and notes alike
    licence = "condiciones de uso" if language == "es" else "FAO Statistical Database Terms of Use"
    assert licence in flat
    if language == "es":
        assert "Terms of Use" not in flat


def test_the_source_note_joins_its_parts_once():
    from types import SimpleNamespace

    from biomass.web.reports.country import source_note, superscripts

    p = SimpleNamespace(source="FAO 2010", note="left on the field; assumption", is_assumption=True)
    with translation.override("en"):
        assert source_note(p) == "assumption: FAO 2010; left on the field"
        assert source_note(SimpleNamespace(source="", note="x; x", is_assumption=False)) == "x"
        q = SimpleNamespace(
            source="", note="0.15 m3 CH4/kg VS; assumption. Burnt as received", is_assumption=True
        )
        assert source_note(q) == "assumption: 0.15 m3 CH4/kg VS; Burnt as received"
    assert superscripts("m3 CH4/kg VS") == "m³ CH4/kg VS" and superscripts("t/km2") == "t/km²"
    assert superscripts("m3x") == "m3x"
