"""The potentials endpoint: the four formats carry the same totals as the command line, RFC 7946 GeoJSON read by GDAL, CSV for spreadsheets, GeoPackage and GeoParquet with the CSV values, stable pagination."""

import csv
import io
import json
import subprocess

import geopandas
import pandas as pd
import pyarrow.parquet as pq
import pytest
import shapely
from django.contrib.gis.gdal import DataSource
from django.core.management import call_command

from biomass.potentials.columns import PERCENTILE_COLUMNS
from biomass.potentials.models import Potential
from tests.api.languages import errors_in_each_language
from tests.demo import region_resources, statistics_series

pytestmark = pytest.mark.django_db


def export_cli(*args) -> str:
    out = io.StringIO()
    call_command("export_potentials", *args, stdout=out)
    return out.getvalue()


def test_the_four_formats_carry_the_same_totals(client):
    cli = list(csv.DictReader(io.StringIO(export_cli("--level", "admin1", "--scenario", "central"))))
    api_csv = client.get("/api/potentials/", {"level": "admin1", "scenario": "central", "format": "csv"})
    assert api_csv["Content-Type"].startswith("text/csv")
    rows_csv = list(csv.DictReader(io.StringIO(api_csv.content.decode("utf-8"))))
    rows_json = client.get(
        "/api/potentials/", {"level": "admin1", "scenario": "central", "limit": 10000}
    ).json()
    geo = client.get("/api/potentials/", {"level": "admin1", "scenario": "central", "format": "geojson"})
    assert geo["Content-Type"].startswith("application/geo+json")
    features = geo.json()["features"]
    for field in ("theoretical_t", "technical_t", "theoretical_pj", "technical_pj"):
        total_cli = sum(float(r[field]) for r in cli)
        assert sum(float(r[field]) for r in rows_csv) == total_cli
        assert sum(r[field] for r in rows_json["results"]) == pytest.approx(total_cli, rel=1e-12)
        assert sum(f["properties"][field] for f in features) == pytest.approx(total_cli, rel=1e-12)
    assert rows_json["count"] == len(cli) == len(features)
    assert {(r["region_code"], r["resource"]) for r in cli} == region_resources("admin1")
    assert list(rows_json["results"][0])[:10] == list(cli[0])[:10]
    assert rows_json["units"]["technical_t"] == "t DM/yr"


def ring_area(ring):
    """Signed area by the shoelace formula: positive when counterclockwise."""
    return sum(x0 * y1 - x1 * y0 for (x0, y0), (x1, y1) in zip(ring, ring[1:], strict=False)) / 2


def assert_rfc7946(collection, *, lon=(-120, -60), lat=(4, 34)):
    assert collection["type"] == "FeatureCollection" and "crs" not in collection
    for feature in collection["features"]:
        assert feature["type"] == "Feature" and set(feature) >= {"geometry", "properties"}
        geometry = feature["geometry"]
        polygons = [geometry["coordinates"]] if geometry["type"] == "Polygon" else geometry["coordinates"]
        assert geometry["type"] in ("Polygon", "MultiPolygon")
        for polygon in polygons:
            for i, ring in enumerate(polygon):
                assert len(ring) >= 4 and ring[0] == ring[-1], "rings are closed"
                for x, y in ring:  # longitude first, within the region
                    assert lon[0] <= x <= lon[1] and lat[0] <= y <= lat[1], (x, y)
                # RFC 7946 right-hand rule: exteriors counterclockwise, holes clockwise
                assert (ring_area(ring) > 0) == (i == 0), feature["properties"].get("code")


def test_regions_and_potentials_geojson_follow_rfc_7946(client):
    for zoom in (4, 8, None):
        params = {"level": "admin1"} | ({"zoom": zoom} if zoom else {})
        assert_rfc7946(client.get("/api/regions/", params).json())
    assert_rfc7946(client.get("/api/potentials/", {"level": "country", "format": "geojson"}).json())


def test_gdal_reads_the_geojson_export(client, tmp_path):
    path = tmp_path / "potentials.geojson"
    path.write_bytes(
        client.get("/api/potentials/", {"level": "country", "scenario": "low", "format": "geojson"}).content
    )
    info = subprocess.run(
        ["ogrinfo", "-so", "-al", str(path)], capture_output=True, text=True, check=True
    ).stdout
    # a feature per country and resource with data; the columns with their types; WGS 84 (RFC 7946)
    assert f"Feature Count: {len(region_resources('country'))}" in info
    assert "technical_pj: Real" in info and "technical_gj_ha: Real" in info and "region_code: String" in info
    assert 'GEOGCRS["WGS 84"' in info or 'GEOGCS["WGS 84"' in info
    # and GDAL's GeoJSON driver reads the numbers the JSON format gives
    features = list(DataSource(str(path))[0])
    rows = client.get("/api/potentials/", {"level": "country", "scenario": "low", "limit": 1000}).json()[
        "results"
    ]
    assert sorted(
        (f.get("region_code"), f.get("resource"), f.get("technical_pj")) for f in features
    ) == sorted((r["region_code"], r["resource"], r["technical_pj"]) for r in rows)


def test_csv_with_bom_keeps_accents_for_spreadsheets(client):
    response = client.get(
        "/api/potentials/", {"region": "MEX", "format": "csv", "bom": "true", "language": "es"}
    )
    assert response.content.startswith("\ufeff".encode())
    text = response.content.decode("utf-8-sig")
    assert "México" in text and 'filename="potentials-MEX.csv"' in response["Content-Disposition"]


def test_pagination_is_stable(client):
    first = client.get("/api/potentials/", {"limit": 50}).json()
    second = client.get("/api/potentials/", {"limit": 50, "offset": 50}).json()
    everything = client.get("/api/potentials/", {"limit": 10000}).json()["results"]
    key = [(r["region_code"], r["resource"], r["scenario"]) for r in everything]
    assert [
        (r["region_code"], r["resource"], r["scenario"]) for r in first["results"] + second["results"]
    ] == key[:100]
    assert first["count"] == Potential.objects.count() and "offset=50" in first["next"]


def series(client, **params):
    response = client.get("/api/potentials/series/", params)
    assert response.status_code == 200, response.content
    return response


def test_the_series_averages_to_the_stored_potential_over_the_reference_years(client):
    body = series(client, region="MEX").json()
    assert body["without_series"] == ["forest-residues"] and body["units"]["theoretical_t"] == "t DM/yr"
    by_resource = {}
    for row in body["results"]:
        by_resource.setdefault(row["resource"], []).append(row)
    expected = {r for code, r in region_resources("country") if code == "MEX"} - {"forest-residues"}
    assert set(by_resource) == expected
    for resource, rows in by_resource.items():
        stored = Potential.objects.get(region__code="MEX", resource__slug=resource, scenario__slug="central")
        reference = [r for r in rows if r["reference"]]
        assert [r["year"] for r in reference] == [2016, 2017, 2018, 2019, 2020], resource
        for key in ("theoretical_t", "technical_t", "theoretical_pj", "technical_pj"):
            mean = sum(r[key] for r in reference) / len(reference)
            assert mean == pytest.approx(getattr(stored, key), rel=1e-9), (resource, key)
        assert rows[0]["year"] == 1961 and rows[-1]["year"] == 2020


def test_a_year_follows_that_years_production(client):
    maize = {r["year"]: r for r in series(client, region="MEX", resource="maize-stover").json()["results"]}
    production = statistics_series()[("maize", "MEX")]
    reference = sum(production[y] for y in range(2016, 2021)) / 5
    stored = Potential.objects.get(
        region__code="MEX", resource__slug="maize-stover", scenario__slug="central"
    )
    for year in (1961, 1990, 2020):
        assert maize[year]["theoretical_t"] == pytest.approx(
            stored.theoretical_t * production[year] / reference, rel=1e-9
        )
    # an admin-1 unit of a country with national statistics follows its country's years
    jalisco = {
        r["year"]: r for r in series(client, region="MX-JAL", resource="maize-stover").json()["results"]
    }
    unit = Potential.objects.get(
        region__code="MX-JAL", resource__slug="maize-stover", scenario__slug="central"
    )
    assert jalisco[1990]["technical_t"] == pytest.approx(
        unit.technical_t * production[1990] / reference, rel=1e-9
    )


def test_the_series_as_csv_carries_the_json_numbers(client):
    rows_json = series(client, region="CRI", scenario="high").json()["results"]
    response = series(client, region="CRI", scenario="high", format="csv")
    assert (
        response["Content-Type"].startswith("text/csv")
        and "series-CRI-high.csv" in response["Content-Disposition"]
    )
    rows_csv = list(csv.DictReader(io.StringIO(response.content.decode())))
    assert len(rows_csv) == len(rows_json) > 100
    for a, b in zip(rows_csv, rows_json, strict=True):
        assert (a["resource"], int(a["year"]), a["reference"]) == (
            b["resource"],
            b["year"],
            str(b["reference"]).lower(),
        )
        assert (a["technical_pj"] == "" and b["technical_pj"] is None) or float(a["technical_pj"]) == b[
            "technical_pj"
        ]


@pytest.mark.parametrize(
    "params, field",
    [
        ({}, "region"),
        ({"region": "ATL"}, "region"),
        ({"region": "MEX", "scenario": "utopia"}, "scenario"),
        ({"region": "MEX", "resource": "unobtainium"}, "resource"),
        ({"region": "MEX", "format": "geojson"}, "format"),
    ],
)
def test_bad_series_parameters_are_named(client, params, field):
    response = client.get("/api/potentials/series/", params)
    assert response.status_code == 400 and response.json()["field"] == field


def test_what_if_for_everyone_and_its_errors_by_name(client):
    before = sorted(Potential.objects.values_list("pk", "computed_at", "technical_t"))
    response = client.post(
        "/api/potentials/what-if",
        {"scenario": "high", "changes": {"constraints": {"slope-coarse": {"max": 10}}}},
        content_type="application/json",
    )
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["scenario"]["constraints"]["slope-coarse"] == {"max": 10}
    assert body["units"]["technical_pj"] == "PJ/yr"
    stored = {
        p.region.code: p.technical_t
        for p in Potential.objects.filter(
            scenario__slug="high", resource__slug="maize-stover", region__level="country"
        )
    }
    looser = {r["region_code"]: r["technical_t"] for r in body["rows"] if r["resource"] == "maize-stover"}
    assert looser.keys() == stored.keys() and all(looser[c] >= stored[c] for c in stored)
    assert any(looser[c] > stored[c] for c in stored)  # a looser slope limit keeps more somewhere
    bad = client.post(
        "/api/potentials/what-if",
        {"changes": {"availability": {"maize-stover": 2}}},
        content_type="application/json",
    )
    assert bad.status_code == 400 and bad.json()["field"] == "availability.maize-stover"
    for body in ([], "central", 42, None):  # a body that is not a JSON object
        refused = client.post("/api/potentials/what-if", json.dumps(body), content_type="application/json")
        assert refused.status_code == 400 and refused.json()["field"] == "body", body
    refused = client.post("/api/potentials/what-if", "not json", content_type="application/json")
    assert refused.status_code == 400 and refused.json()["field"] == "body"
    assert (
        sorted(Potential.objects.values_list("pk", "computed_at", "technical_t")) == before
    )  # nothing stored


def test_totals_with_percentiles_in_json_and_csv(client):
    body = client.get("/api/potentials/totals/", {"region": "GTM", "scenario": "central"}).json()
    (row,) = body["results"]
    stored = Potential.objects.filter(
        region__code="GTM", scenario__slug="central", resource__counted_in_totals=True
    )
    assert row["technical_pj"] == pytest.approx(sum(p.technical_pj for p in stored))
    for q in ("theoretical_t", "technical_t", "economic_t", "technical_pj"):
        assert row[f"{q}_p10"] < row[f"{q}_p50"] < row[f"{q}_p90"]
    # a total's spread is narrower than the sum of its resources' spreads (draws are summed)
    assert row["technical_t_p90"] - row["technical_t_p10"] < sum(
        p.percentiles["technical_t_p90"] - p.percentiles["technical_t_p10"] for p in stored
    )
    rows = list(
        csv.DictReader(io.StringIO(client.get("/api/potentials/totals/", {"format": "csv"}).content.decode()))
    )
    assert rows[0]["technical_t_p90"] and {r["scenario"] for r in rows} == {"low", "central", "high"}
    assert client.get("/api/potentials/totals/", {"region": "XXX"}).json()["field"] == "region"


def test_a_what_if_constraint_error_is_in_the_language_asked_for(client):
    change = {"scenario": "central", "changes": {"constraints": {"slope-coarse": {"max": 7.25}}}}

    def send(language):
        return client.post(
            "/api/potentials/what-if", change, content_type="application/json", HTTP_ACCEPT_LANGUAGE=language
        )

    assert errors_in_each_language(send, field="constraints.slope-coarse") == {
        "es-MX": "El umbral 7.25 en 'slope-coarse' debe ser un múltiplo no negativo de 0.5",
        "en-US": "the threshold 7.25 on 'slope-coarse' must be a non-negative multiple of 0.5",
    }


def read_download(client, tmp_path, url, params, fmt):
    """The downloaded file (GeoPackage or GeoParquet) read by geopandas, and its path."""
    response = client.get(url, params | {"format": fmt})
    assert response.status_code == 200, response.content
    media = {"gpkg": "application/geopackage+sqlite3", "parquet": "application/vnd.apache.parquet"}[fmt]
    assert response["Content-Type"] == media and f'.{fmt}"' in response["Content-Disposition"]
    path = tmp_path / f"download.{fmt}"
    path.write_bytes(b"".join(response.streaming_content) if response.streaming else response.content)
    frame = geopandas.read_file(path) if fmt == "gpkg" else geopandas.read_parquet(path)
    assert frame.crs.to_epsg() == 4326
    return frame, path


def assert_same_as_csv(frame, csv_rows):
    """Every row and column equal to the CSV's: text and integers exactly, floats parsed equal
    (to the last digit), an empty cell where the file holds null (never 0)."""
    assert len(frame) == len(csv_rows) > 0 and list(frame.columns)[:-1] == list(csv_rows[0])
    nulls = 0
    for record, row in zip(frame.drop(columns="geometry").to_dict("records"), csv_rows, strict=True):
        for name, cell in row.items():
            value = record[name]
            if pd.isna(value):
                nulls += 1
                assert cell == "", (name, cell)
            elif isinstance(value, float):
                assert float(cell) == value, (name, cell, value)
            else:
                assert cell == str(value), (name, cell, value)
    return nulls


@pytest.mark.parametrize("fmt", ["gpkg", "parquet"])
def test_geopackage_and_geoparquet_carry_the_csv_values(client, tmp_path, fmt):
    # no data: Mexico's maize stover without a cost layer (no economic potential, no Monte Carlo)
    Potential.objects.filter(region__code="MEX", resource__slug="maize-stover").update(
        economic_t=None, economic_pj=None, percentiles={}
    )
    params = {"level": "country", "scenario": "central", "language": "es"}
    rows = list(csv.DictReader(io.StringIO(client.get("/api/potentials/", params | {"format": "csv"}).text)))
    frame, path = read_download(client, tmp_path, "/api/potentials/", params, fmt)
    # economic t and PJ, GJ/ha and every percentile: 21 nulls in one row, and no other
    assert assert_same_as_csv(frame, rows) == 3 + len(PERCENTILE_COLUMNS) == 21
    maize = frame[(frame["region_code"] == "MEX") & (frame["resource"] == "maize-stover")].iloc[0]
    assert pd.isna(maize["economic_t"]) and pd.isna(maize["technical_pj_p50"]) and maize["technical_t"] > 0
    assert maize["region_name"] == "México"
    assert str(frame["technical_pj"].dtype) == "float64" and frame["layer_version"].dtype.kind == "i"
    # each row carries its region's geometry, in longitude/latitude
    regions = {
        f["properties"]["code"]: f
        for f in client.get("/api/regions/", {"level": "country"}).json()["features"]
    }
    for code, geometry in zip(frame["region_code"], frame.geometry, strict=True):
        assert geometry.equals(shapely.geometry.shape(regions[code]["geometry"])), code
    if fmt == "gpkg":
        info = subprocess.run(
            ["ogrinfo", "-ro", "-al", "-so", str(path)], capture_output=True, text=True, check=True
        ).stdout
        assert f"Feature Count: {len(rows)}" in info and 'ID["EPSG",4326]' in info
        assert "technical_pj: Real" in info and "region_code: String" in info
        assert "technical_pj_unit=PJ/yr" in info and "layer_version: Integer" in info
    else:  # GDAL here has no Parquet driver: the metadata is read with pyarrow
        schema = pq.read_schema(path)
        assert json.loads(schema.metadata[b"units"])["technical_t"] == "t DM/yr"
        assert json.loads(schema.metadata[b"geo"])["columns"]["geometry"]["encoding"] == "WKB"


@pytest.mark.parametrize("fmt", ["gpkg", "parquet"])
def test_an_empty_selection_and_bad_parameters(client, tmp_path, fmt):
    Potential.objects.filter(region__code="CRI").delete()
    frame, _ = read_download(client, tmp_path, "/api/potentials/", {"region": "CRI"}, fmt)
    assert len(frame) == 0 and "technical_pj" in frame.columns
    refused = client.get("/api/potentials/", {"format": "shp"})
    assert refused.status_code == 400 and refused.json()["field"] == "format"
    bad_filter = client.get("/api/potentials/", {"format": fmt, "region": "ATL"})
    assert bad_filter.status_code == 400 and bad_filter["Content-Type"] == "application/json"
    assert bad_filter.json()["field"] == "region"


def test_totals_as_parquet_without_geometry_carry_the_csv_values(client, tmp_path):
    params = {"level": "country", "scenario": "high"}
    rows = list(
        csv.DictReader(io.StringIO(client.get("/api/potentials/totals/", params | {"format": "csv"}).text))
    )
    response = client.get("/api/potentials/totals/", params | {"format": "parquet"})
    assert response["Content-Type"] == "application/vnd.apache.parquet"
    assert response["Content-Disposition"] == 'attachment; filename="totals.parquet"'
    path = tmp_path / "totals.parquet"
    path.write_bytes(response.content)
    frame = pd.read_parquet(path)
    assert "geometry" not in frame.columns and len(frame) == 9
    assert_same_as_csv(frame.assign(geometry=None), rows)
    schema = pq.read_schema(path)
    assert b"geo" not in schema.metadata and schema.field("technical_pj").metadata == {b"unit": b"PJ/yr"}
