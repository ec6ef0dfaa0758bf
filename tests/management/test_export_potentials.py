"""export_potentials: the stable CSV columns in order, the same numbers in JSON and GeoJSON, unknown codes refused."""

import csv
import io
import json

import pytest
from django.core.management.base import CommandError

from biomass.potentials.columns import STABLE_FIELDS
from biomass.potentials.models import Potential
from tests.demo import region_resources

pytestmark = pytest.mark.django_db


def test_export_csv_has_the_design_columns_in_order(call):
    out, _ = call("export_potentials", "--level", "country", "--scenario", "central")
    rows = list(csv.DictReader(io.StringIO(out)))
    assert list(rows[0].keys())[:10] == list(STABLE_FIELDS)
    # a row where there are data, none where there are not
    assert {(r["region_code"], r["resource"]) for r in rows} == region_resources("country")
    mexico = next(r for r in rows if r["region_code"] == "MEX" and r["resource"] == "maize-stover")
    stored = Potential.objects.get(
        region__code="MEX", resource__slug="maize-stover", scenario__slug="central"
    )
    assert float(mexico["technical_t"]) == stored.technical_t
    assert (
        mexico["region_name"] == "México"
        and mexico["label"] == "Balances alimentarios de FAOSTAT, media 2016–2020"
    )


def test_export_json_and_geojson_carry_the_same_numbers(call):
    csv_out, _ = call("export_potentials", "--level", "admin1", "--scenario", "high")
    json_out, _ = call("export_potentials", "--level", "admin1", "--scenario", "high", "--format", "json")
    geo_out, _ = call(
        "export_potentials",
        "--level",
        "admin1",
        "--scenario",
        "high",
        "--format",
        "geojson",
        "--language",
        "en",
    )
    table = {
        (r["region_code"], r["resource"]): float(r["technical_pj"])
        for r in csv.DictReader(io.StringIO(csv_out))
    }
    data = json.loads(json_out)
    assert data["units"]["technical_pj"] == "PJ/yr"
    assert {(r["region_code"], r["resource"]): r["technical_pj"] for r in data["results"]} == table
    geo = json.loads(geo_out)
    assert geo["type"] == "FeatureCollection" and len(geo["features"]) == len(table)
    assert set(table) == region_resources("admin1")
    cdmx = next(f for f in geo["features"] if f["properties"]["region_code"] == "MX-CMX")
    assert cdmx["properties"]["region_name"] == "Mexico City"
    lon, lat = cdmx["geometry"]["coordinates"][0][0][0]
    assert -99.4 < lon < -98.9 and 19.0 < lat < 19.6


def test_export_rejects_unknown_codes(call):
    with pytest.raises(CommandError, match="unknown scenario 'utopia'"):
        call("export_potentials", "--scenario", "utopia")
    with pytest.raises(CommandError, match="unknown region 'ATL'"):
        call("export_potentials", "--region", "ATL")
