"""Real GIS clients against a real server (gunicorn over a fresh site with the demo data, on the
run's kind of database: SpatiaLite or PostGIS): GDAL's OAPIF driver through the system's ogrinfo (GDAL 3.6) and geopandas (pyogrio, with its
own GDAL) read /ogc/ and find exactly what /api/ gives: the same features, the same values."""

import json
import math
import re
import subprocess
import urllib.request

import geopandas
import pytest

from biomass.potentials.columns import COLUMNS
from tests.processes import fresh_site, stop

BOX = ("-84.2", "9.6", "-83.6", "10.1")  # central Costa Rica: a few provinces, one country


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    """gunicorn on a free loopback port serving a fresh demo site; yields an object with ``url``."""
    tmp = tmp_path_factory.mktemp("ogc")
    site = fresh_site(tmp, "ogc", API_EXPENSIVE_RATE="10000/min")
    url, process = site.serve()
    yield type("Server", (), {"url": url, "log": lambda: site.log("server")})
    stop(process)
    site.drop()


def ogrinfo(*args: str) -> tuple[str, str]:
    """ogrinfo's output and its debug log (where GDAL names every URL it fetched)."""
    result = subprocess.run(
        ["ogrinfo", "-ro", "--debug", "on", "--config", "GDAL_HTTP_TIMEOUT", "60", *args],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stdout[-2000:] + result.stderr[-3000:]
    return result.stdout, result.stderr


def get(url: str) -> dict:
    with urllib.request.urlopen(url, timeout=120) as response:
        return json.load(response)


def features(output: str) -> list[dict]:
    """ogrinfo's features as {field: text as printed} (Real fields with 15 significant digits)."""
    found = []
    for block in output.split("OGRFeature(")[1:]:
        lines = re.findall(r"^  (\w+) \((\w+)\) = (.*)$", block, flags=re.M)
        found.append({name: value for name, _, value in lines})
    return found


def printed(value, kind) -> str:
    """A value of the API as ogrinfo prints it."""
    if value is None:
        return "(null)"
    if kind is float:
        return f"{value:.15g}"
    return str(value)


def api_potentials(url: str, level: str, scenario: str) -> list[dict]:
    return get(f"{url}/api/potentials/?level={level}&scenario={scenario}&limit=10000")["results"]


def api_codes(url: str, level: str, bbox: tuple[str, ...]) -> list[str]:
    regions = get(f"{url}/api/regions/?level={level}&bbox={','.join(bbox)}")["features"]
    return [region["properties"]["code"] for region in regions]


def test_ogrinfo_lists_the_feature_collections_only_with_no_error(server):
    before = server.log()
    output, log = ogrinfo("-so", f"OAPIF:{server.url}/ogc/")
    layers = re.findall(r"^\d+: (\S+)", output, flags=re.M)
    scenarios = [s["slug"] for s in get(f"{server.url}/api/scenarios/")]
    features = ["regions"] + [f"potentials-{lv}-{s}" for s in scenarios for lv in ("country", "admin1")]
    # The raster layers are coverages (layerDataType "Coverage", which GDAL 3.6 skips): never
    # listed as vector layers, never asked for /items.
    assert sorted(layers) == sorted(features)
    assert {"central", "low", "high"} <= set(scenarios)
    assert "ERROR" not in log and "collections/layer-" not in log
    assert "Traceback" not in server.log()[len(before) :]
    collections = get(f"{server.url}/ogc/collections?f=json")["collections"]
    rasters = [c for c in collections if c["id"].startswith("layer-")]
    assert rasters and all(c["itemType"] == "coverage" for c in rasters)
    assert {c["itemType"] for c in collections if not c["id"].startswith("layer-")} == {"feature"}


def test_ogrinfo_reads_potentials_in_a_box_page_by_page_as_the_api_gives_them(server):
    url = server.url
    output, log = ogrinfo(
        f"OAPIF:{url}/ogc/", "potentials-admin1-central", "-spat", *BOX, "-oo", "PAGE_SIZE=5"
    )
    read = features(output)
    codes = api_codes(url, "admin1", BOX)
    expected = [row for row in api_potentials(url, "admin1", "central") if row["region_code"] in codes]
    assert len(codes) >= 2 and len(expected) > 5  # more than a page
    assert [(f["region_code"], f["resource"]) for f in read] == [
        (r["region_code"], r["resource"]) for r in expected
    ]
    for feature, row in zip(read, expected, strict=True):
        assert {c.name: feature[c.name] for c in COLUMNS} == {
            c.name: printed(row[c.name], c.kind) for c in COLUMNS
        }
    fetched = re.findall(r"HTTP: Fetch\((\S+/collections/potentials-admin1-central/items\S*)\)", log)
    pages = [page for page in fetched if "bbox=" in page]  # the first fetch reads the fields
    assert len(pages) >= math.ceil(len(expected) / 5), fetched
    assert all("limit=5" in page for page in pages) and any("offset=5&" in page for page in pages), pages
    assert any("offset=5" in page for page in pages)


def test_ogrinfo_reads_regions_in_a_box_as_the_api_gives_them(server):
    url = server.url
    output, _ = ogrinfo(f"OAPIF:{url}/ogc/", "regions", "-spat", *BOX, "-oo", "PAGE_SIZE=2")
    read = features(output)
    regions = get(f"{url}/api/regions/?bbox={','.join(BOX)}")["features"]
    assert [f["code"] for f in read] == [r["properties"]["code"] for r in regions]
    assert {"CRI", "CR-SJ"} <= {f["code"] for f in read}
    for feature, region in zip(read, regions, strict=True):
        p = region["properties"]
        assert feature["area_km2"] == printed(p["area_km2"], float)
        assert (feature["name"], feature["level"], feature["parent"]) == (
            p["name"],
            p["level"],
            printed(p["parent"], str),
        )


@pytest.mark.parametrize("level", ["country", "admin1"])
def test_geopandas_reads_every_potential_to_the_last_digit(server, level):
    url = server.url
    frame = geopandas.read_file(f"OAPIF:{url}/ogc/", layer=f"potentials-{level}-central")
    expected = api_potentials(url, level, "central")
    assert len(frame) == len(expected) > 0
    assert frame.crs.to_string() == "OGC:CRS84"  # lon/lat, WGS 84
    for (_, feature), row in zip(frame.iterrows(), expected, strict=True):
        for column in COLUMNS:
            value, want = feature[column.name], row[column.name]
            if column.kind is float:
                assert (math.isnan(value) and want is None) or value == want, (column.name, value, want)
            else:
                assert value == (want if want is not None else ""), (column.name, value, want)
