"""The pages: the map, the country page (economic potential, Spanish and English), a 404 page, the health check."""

import json
import re

import pytest
from django.utils import translation

from biomass.potentials.models import Potential, PotentialTotal
from biomass.potentials.totals import potential_totals
from tests.demo import reference_production
from tests.uploads import geotiff

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


def test_country_page_shows_the_economic_potential(client):
    html = client.get("/countries/MEX/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    stored = Potential.objects.get(
        region__code="MEX", resource__slug="forest-residues", scenario__slug="central"
    )
    assert "Economic" in html and "USD/t to the nearest town" in html
    assert f'data-value="{stored.economic_pj!r}"' in html
    spanish = client.get("/countries/MEX/", HTTP_ACCEPT_LANGUAGE="es").content.decode()
    assert "Económico" in spanish and 'lang="es"' in spanish
    # the mass unit in each language (it was typed in Spanish on the English page)
    assert "(t DM/yr)" in html and "t MS" not in html
    assert "(t MS/año)" in spanish and "t DM/yr" not in spanish


def test_years_and_epsg_codes_are_not_grouped_like_quantities(client):
    for language in ("es", "en"):
        html = client.get("/layers/", HTTP_ACCEPT_LANGUAGE=language).content.decode()
        assert "EPSG:4326," in html and "<dd>2019</dd>" in html
        assert "4,326" not in html and "4 326" not in html and "4.326" not in html


@pytest.mark.parametrize("language", ["es", "en"])
def test_one_number_format_per_language_mexicos_for_spanish(language):
    from django.utils import translation

    from biomass.web.templatetags.biomass_tags import num, pct

    with translation.override(language):
        assert num(1957847.5) == "1,957,848" and num(1957847.5, 8) == "1,957,847.5"
        assert (
            num(4154) == "4,154" and num(12.345) == "12.3" and num(0.5) == "0.5" and num(0.0544) == "0.0544"
        )
        assert num(None) == ("sin datos" if language == "es" else "no data")
        assert pct(0.999) == "99.9 %"


def test_layers_page_in_spanish_has_no_english_layer_texts(client):
    html = client.get("/layers/", HTTP_ACCEPT_LANGUAGE="es-MX").content.decode()
    english = client.get("/layers/", HTTP_ACCEPT_LANGUAGE="en-US").content.decode()
    for text in ("Land cover, MODIS", "t DM/ha/yr", "t/yr", "FAOSTAT food balances", "Slope, 9 km"):
        assert text not in html and text in english, text
    assert "Cobertura del suelo, MODIS MCD12C1 2019 (IGBP)" in html and "t MS/ha/año" in html
    assert "t MS" not in english


def test_layers_page_names_the_scenario_sources_and_writes_dates_in_words(client):
    """The sources of the scenario assumptions are labelled, not their keys
    ("collection_cost_usd_t"), and a version's date is written in the page's language."""
    for language, label, key_date in (
        ("es-MX", "Costo de recolección", r"\d{1,2} de [a-z]+ de \d{4}"),
        ("en-US", "Collection cost", r"[A-Z][a-z]+ \d{1,2}, \d{4}"),
    ):
        html = client.get("/layers/", HTTP_ACCEPT_LANGUAGE=language).content.decode()
        terms = re.findall(r"<dt>([^<]*)</dt>", html.split('class="sources"')[1].split("</dl>")[0])
        assert label in terms and len(terms) >= 10, terms
        assert not [t for t in terms if "_" in t], terms  # no field names
        assert re.search(r"\(" + key_date + r"\)", html), language
        assert not re.search(r"\(\d{2}/\d{2}/\d{4}\)", html)


def test_unknown_country_page_is_a_404_page(client):
    response = client.get("/countries/ATL/")
    page = response.content.decode()
    assert response.status_code == 404 and ("Not found" in page or "No encontrado" in page)
    assert client.get("/api/nothing-here/").json()["error"] == "not_found"


def test_country_page_names_the_production_behind_each_crop_and_draws_the_years(client):
    html = client.get("/countries/CRI/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    cane = reference_production()[("sugar-cane-milled", "CRI")]
    bagasse = re.search(
        r'<tr data-resource="sugarcane-bagasse">\s*<th scope="row">(.*?)</th>', html, re.S
    ).group(1)
    assert f"Sugar cane, milled: {cane:,.0f} t/yr, mean 2016–2020 — FAOSTAT food balances" in bagasse
    assert "demo estimate" not in html
    assert '<svg class="trend"' in html and 'data-first="1961" data-last="2020"' in html
    assert "/api/potentials/series/?region=CRI&amp;scenario=central&amp;format=csv" in html
    spanish = client.get("/countries/CRI/", HTTP_ACCEPT_LANGUAGE="es").content.decode()
    assert "Caña de azúcar" in spanish and "media 2016–2020" in spanish and "Potencial año por año" in spanish


def test_a_resource_that_overlaps_others_is_marked_and_one_without_data_has_no_row(client, call, tmp_path):
    path = tmp_path / "mixed.tif"
    path.write_bytes(geotiff(2.0))  # over central Costa Rica: Panama gets no row for it
    call(
        "import_layer", str(path), "--resource", "crop-residues-mixed", "--quantity", "density", "--name", "x"
    )
    html = client.get("/countries/CRI/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    mixed = re.search(r'<tr data-resource="crop-residues-mixed">(.*?)</tr>', html, re.S).group(1)
    assert "not in the total: it overlaps the crop-specific residues" in mixed
    # a resource without a layer over the region has no row at all: not a row of zeros
    assert 'data-resource="cattle-manure"' not in html


def test_the_compare_page_puts_the_scenarios_side_by_side(client):
    html = client.get("/compare/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert 'id="scenario-table"' in html
    totals = {(t["region_code"], t["scenario"]): t for t in potential_totals(level="country")}
    high = totals["GTM", "high"]
    assert f'data-scenario="high" data-value="{high["technical_pj"]!r}"' in html
    assert PotentialTotal.objects.filter(region__code="GTM", scenario__slug="high").exists()


@pytest.mark.parametrize("path", ["/", "/countries/MEX/", "/compare/", "/layers/"])
def test_pages_have_no_inline_style_or_script(client, path):
    """The Content-Security-Policy allows neither: bars and swatches are SVG attributes, the
    only inline scripts are JSON data (the browser test proves no violation is reported)."""
    response = client.get(path, HTTP_ACCEPT_LANGUAGE="en")
    html = response.content.decode()
    assert response.status_code == 200 and "Content-Security-Policy" in response
    assert re.findall(r"<[^>]*\sstyle=", html) == [] and "<style" not in html
    scripts = re.findall(r"<script([^>]*)>(.*?)</script>", html, re.S)
    assert [a for a, body in scripts if body.strip() and 'type="application/json"' not in a] == []
    assert re.search(r"\son[a-z]+=", html) is None  # no event handler attributes either


def test_the_country_header_names_the_layers_that_cover_only_part_of_it(client, call, tmp_path):
    """Not "Coverage of the layers: 0.0 %" because one layer touches a corner: the share of
    the layers that cover the country, and the partial ones by name, in both languages."""
    path = tmp_path / "mixed.tif"
    path.write_bytes(geotiff(2.0))  # over central Costa Rica only
    call(
        "import_layer", str(path), "--resource", "crop-residues-mixed", "--quantity", "density", "--name", "x"
    )
    share = Potential.objects.get(
        region__code="CRI", resource__slug="crop-residues-mixed", scenario__slug="central"
    ).coverage
    counted = Potential.objects.filter(region__code="CRI", scenario__slug="central").count()
    for language, words in (
        ("en", f"for {counted - 1} of {counted} resources; only part of the country"),
        ("es", f"para {counted - 1} de {counted} recursos; solo una parte del país"),
    ):
        html = client.get("/countries/CRI/", HTTP_ACCEPT_LANGUAGE=language).content.decode()
        header = re.sub(r"\s+", " ", re.search(r'<span id="coverage">(.*?)</span>', html, re.S).group(1))
        assert words in header and "0.0 %" not in header and "0,0 %" not in header
        shown = re.search(r"\((\d+)\.(\d) %\)\.$", header)  # Mexico's decimal point in Spanish too
        assert abs(float(f"{shown.group(1)}.{shown.group(2)}") - 100 * share) <= 0.05 + 1e-9
    whole = client.get("/countries/GTM/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "only part of the country" in whole  # the oil-palm layer misses a strip of Guatemala
    assert "crop" not in re.search(r'<span id="coverage">(.*?)</span>', whole, re.S).group(1).lower()


def test_shares_never_round_to_0_or_100_percent():
    from biomass.web.templatetags.biomass_tags import pct

    with translation.override("es"):
        assert pct(None) == "sin datos" and pct(0.0002) == "< 0.1 %" and pct(0.32558) == "32.6 %"
    with translation.override("en"):
        assert pct(None) == "no data" and pct(0) == "0.0 %" and pct(1) == "100.0 %"
        assert pct(0.0002) == "< 0.1 %" and pct(0.99976) == "> 99.9 %" and pct(0.9863) == "98.6 %"
        assert pct(0.32558) == "32.6 %"  # rounded, not cut


def test_the_compare_page_is_in_order_of_the_potential_and_sortable(client):
    html = client.get("/compare/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    columns = re.findall(r'<th scope="col"><a href="/countries/(\w+)/', html)
    totals = {
        t["region_code"]: t["technical_pj"] for t in potential_totals(level="country", scenario="central")
    }
    assert columns == sorted(totals, key=lambda code: -totals[code]) and columns[0] == "MEX"
    assert re.findall(r'<tr data-country="(\w+)">', html) == columns
    assert 'class="numbers sortable" id="scenario-table"' in html
    assert "in order of their technical potential, the largest first" in html
    spanish = client.get("/compare/", HTTP_ACCEPT_LANGUAGE="es").content.decode()
    assert "ordenados por su potencial técnico, de mayor a menor" in spanish


def test_the_site_has_an_icon_of_its_own(client):
    html = client.get("/layers/").content.decode()
    assert re.search(r'<link rel="icon" href="/static/biomass/favicon[^"]*\.svg"', html)
    response = client.get("/favicon.ico")
    assert response.status_code == 301 and response["Location"].endswith(".svg")


def test_the_spanish_country_page_does_not_double_a_word(client):
    html = client.get("/countries/MEX/", HTTP_ACCEPT_LANGUAGE="es").content.decode()
    lead = re.search(r'<p class="lead">(.*?)</p>', html, re.S).group(1)
    text = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", lead))
    assert "localidad más cercana de 15" in text and "habitantes o más." in text
    assert "más más" not in text and re.search(r"\b(\w{3,}) \1\b", text) is None  # no word twice in a row


def test_a_range_without_its_ends_is_no_data(client):
    from biomass.web.templatetags.biomass_tags import span

    with translation.override("en"):
        assert span(None, 3.0) == "no data" and span(1.0, None) == "no data"
        assert span(1.25, 3.0) == "1.25 – 3"  # no trailing zeros, as on the map
    PotentialTotal.objects.filter(region__code="CRI").update(percentiles={})
    for path in ("/countries/CRI/", "/compare/"):
        html = client.get(path, HTTP_ACCEPT_LANGUAGE="en").content.decode()
        assert "no data – " not in html and " – no data" not in html
    country = client.get("/countries/CRI/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    total = re.search(r"<tfoot>(.*?)</tfoot>", country, re.S).group(1)
    assert "no data" in total  # the total's P10–P90 is gone: said, not shown as 0


@pytest.mark.parametrize(
    "language, expected",
    [
        (
            "es",
            [
                "Cómo se calculan las cifras",
                "Potencial técnico",
                "Digestión anaerobia",
                "P10–P90",
                "«sin datos»",
            ],
        ),
        (
            "en",
            [
                "How the numbers are computed",
                "Technical potential",
                "Anaerobic digestion",
                "P10–P90",
                '"no data"',
            ],
        ),
    ],
)
def test_methodology_page_explains_the_numbers_with_the_catalogue_parameters(client, language, expected):
    from biomass.catalogue.models import ResourceParameter

    html = client.get("/methodology/", HTTP_ACCEPT_LANGUAGE=language).content.decode()
    for text in expected:
        assert text in html, text
    assert "M_te = Σ c(R,i) · a(i) · d(i) · f_r · m_s(i)" in html and "2.443" in html
    # one number format in both languages (1,957,847.5): no decimal comma in the text
    text = re.sub(r"<[^>]+>", " ", html)
    assert re.findall(r"\d,(?:\d{1,2}|\d{4,})(?!\d)", text) == []
    # one row per parameter of the catalogue, each with its source
    rows = re.findall(r'<tr data-resource="([a-z0-9-]+)">', html)
    assert len(rows) == ResourceParameter.objects.count() > 20
    cited = ResourceParameter.objects.exclude(source="").first()
    assert cited.source in html
    units = re.findall(
        r'<tr data-resource="[a-z0-9-]+">(?:\s*<t[hd][^>]*>.*?</t[hd]>){5}\s*<td>([^<]*)</td>', html
    )
    assert len(units) == len(rows)  # the units in the page's language, as on the country page
    assert ("GJ/t DM" in units) == (language == "en") and ("fraction" in units) == (language == "en")
    assert 'href="/methodology/" aria-current="page"' in html


def test_country_page_and_map_link_to_the_report_and_the_methodology(client):
    html = client.get("/countries/CRI/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert 'id="report-link" href="/countries/CRI/report.pdf?scenario=central"' in html
    assert '<a href="/methodology/">methodology</a>' in html
    assert '<a href="/methodology/#uncertainty">How is it computed?</a>' in html
    spanish = client.get("/", HTTP_ACCEPT_LANGUAGE="es").content.decode()
    assert '<a id="methodology-link" href="/methodology/#potentials">¿Cómo se calcula?</a>' in spanish


@pytest.mark.django_db
@pytest.mark.parametrize("language", ["es", "en"])
def test_the_language_choice_names_each_language_in_itself(client, language):
    html = client.get("/methodology/", HTTP_ACCEPT_LANGUAGE=language).content.decode()
    options = re.findall(r'<option value="(es|en)" lang="\1"[^>]*>([^<]+)</option>', html)
    assert options == [("es", "Español"), ("en", "English")]


def test_the_country_page_shows_the_scenario_asked_for_and_a_selector(client):
    html = client.get("/countries/CRI/?scenario=high", HTTP_ACCEPT_LANGUAGE="es").content.decode()
    assert "Escenario: Alto" in html or "Escenario: High" in html
    assert 'id="report-link" href="/countries/CRI/report.pdf?scenario=high"' in html
    assert re.search(r'<option value="high" selected>', html) and '<option value="central">' in html
    assert '<button type="submit">Mostrar el escenario</button>' in html
    high = next(t for t in potential_totals(level="country", scenario="high") if t["region_code"] == "CRI")
    central = next(
        t for t in potential_totals(level="country", scenario="central") if t["region_code"] == "CRI"
    )
    assert high["technical_pj"] != central["technical_pj"]
    assert "scenario=high&amp;format=csv" in html  # the year-by-year numbers too


@pytest.mark.parametrize(
    "language, words",
    [("es", "Escenario desconocido &#x27;foo&#x27;"), ("en", "unknown scenario &#x27;foo&#x27;")],
)
def test_an_unknown_scenario_on_the_country_page_is_a_400_in_the_page_language(client, language, words):
    response = client.get("/countries/CRI/?scenario=foo", HTTP_ACCEPT_LANGUAGE=language)
    assert response.status_code == 400 and words in response.content.decode()


def test_the_comparison_writes_differences_with_a_minus_sign_and_three_figures(client):
    html = client.get("/compare/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    differences = re.findall(r"<br>([+\u2212\-][\d,.]+) vs\.", html)
    assert differences and any(d.startswith("\u2212") for d in differences)
    assert not any(d.startswith("-") for d in differences)
    per_hectare = re.findall(r"([\d,.]+) GJ/ha", html)
    short = [v for v in per_hectare if v != "0" and len(v.replace(",", "").replace(".", "").lstrip("0")) < 3]
    assert per_hectare and short == []  # "1.00" beside "3.16", not "1"


@pytest.mark.parametrize("path", ["/countries/CRI/", "/countries/CRI/report.pdf"])
def test_an_empty_scenario_is_the_central_one_as_if_absent(client, path):
    """A form sent with the scenario left blank (``?scenario=``) is not a bad value."""
    response = client.get(path + "?scenario=", HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 200, response.content[:300]
    if path.endswith("/"):
        assert (
            'id="report-link" href="/countries/CRI/report.pdf?scenario=central"' in response.content.decode()
        )
    else:
        assert response["Content-Disposition"] == 'inline; filename="CRI-central.pdf"'


@pytest.mark.parametrize(
    ("language", "words"),
    [
        ("en", ["Technologies", "Heat exergy factor", "Discount rate"]),
        ("es", ["Tecnologías", "Factor exergético del calor", "Tasa de descuento"]),
    ],
)
def test_methodology_page_lists_the_technologies_and_tariffs(client, language, words):
    from biomass.catalogue.models import Tariff, Technology

    html = client.get("/methodology/", HTTP_ACCEPT_LANGUAGE=language).content.decode()
    for text in words:
        assert text in html, text
    rows = re.findall(r'<tr data-technology="([a-z0-9-]+)">', html)
    assert len(rows) == 9 * Technology.objects.count()  # every parameter of every technology
    from django.utils.html import escape

    assert escape(Technology.objects.get(slug="steam-power").parameters["capex_usd_per_kw"]["source"]) in html
    table = html.split('id="methodology-tariffs"')[1].split("</table>")[0]
    assert table.count("<tr>") == Tariff.objects.count() + 1 == 10  # the header and a row per country
