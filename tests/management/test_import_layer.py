"""import_layer on the real database (SpatiaLite or PostGIS): validation, conversion, potentials, versions; every bad file refused with nothing changed."""

import math

import numpy as np
import pytest
import rasterio
from django.contrib.gis.geos import Polygon
from django.core.management.base import CommandError
from rasterio.transform import from_origin

from biomass.catalogue.models import Scenario
from biomass.engine.grid import ellipsoid_band_area_m2
from biomass.layers.models import Layer, LayerVersion
from biomass.potentials.models import Potential
from biomass.regions.models import Region
from tests.conftest import media_snapshot

pytestmark = pytest.mark.django_db


WEST, NORTH, RES = -84.5, 10.7, 0.01


N = 150


def write_tif(
    path, data, *, crs="EPSG:4326", nodata=-9999.0, dtype=np.float32, origin=(WEST, NORTH), res=RES
):
    data = np.asarray(data, dtype=dtype)
    with rasterio.open(
        path,
        "w",
        driver="GTiff",
        width=data.shape[1],
        height=data.shape[0],
        count=1,
        dtype=data.dtype,
        crs=crs,
        transform=from_origin(*origin, res, res),
        nodata=nodata,
    ) as ds:
        ds.write(data, 1)
    return path


def import_args(path, *extra, resource="crop-residues-mixed", quantity="density", name="Mixed residues test"):
    return ["import_layer", str(path), "--resource", resource, "--quantity", quantity, "--name", name, *extra]


def test_import_layer_computes_potentials_and_a_constant_density_matches_the_area(call, tmp_path):
    # 2 t DM/ha/yr everywhere on the grid.
    path = write_tif(tmp_path / "maize.tif", np.full((N, N), 2.0))
    out, _ = call(*import_args(path, "--year", "2020", "--source", "test", "--licence", "CC0"))
    assert "v1" in out
    layer = Layer.objects.get(resource__slug="crop-residues-mixed")
    version = layer.current_version
    assert version.status == "ready" and version.number == 1 and version.file.startswith("layers/")
    assert (version.width, version.height, version.epsg) == (N, N, 4326)
    assert version.statistics["max"] == pytest.approx(2.0)
    rows = Potential.objects.filter(resource__slug="crop-residues-mixed")
    extent = Polygon.from_bbox((WEST, NORTH - N * RES, WEST + N * RES, NORTH))
    touched = Region.objects.filter(geom__intersects=extent)
    assert 3 < touched.count() < 169
    assert rows.count() == touched.count() * Scenario.objects.count()  # a row where the grid has data
    assert not rows.filter(region__code="MX-SON").exists()  # far from the grid: no data, not 0
    cartago = Region.objects.get(code="CR-C")  # Cartago lies wholly inside the grid
    p = rows.get(region=cartago, scenario__slug="central")
    assert p.coverage == pytest.approx(1.0, abs=1e-4)
    assert p.theoretical_t == pytest.approx(2.0 * cartago.area_km2 * 100, rel=1e-3)


def test_import_a_production_layer_converts_with_rpr_and_dry_matter(call, tmp_path):
    # 1000 t of cane in every 0.01° cell; bagasse = production x RPR (0.283) x dry matter (0.5).
    path = write_tif(tmp_path / "cane.tif", np.full((N, N), 1000.0))
    call(*import_args(path, resource="sugarcane-bagasse", quantity="production", name="Cane"))
    cartago = Region.objects.get(code="CR-C")
    p = Potential.objects.get(region=cartago, resource__slug="sugarcane-bagasse", scenario__slug="central")
    # On paper: Σ c(i) = the region's area in cells; a 0.01° cell at Cartago's latitude.
    lat = cartago.geom.centroid.y
    cell_ha = (
        ellipsoid_band_area_m2(math.radians(lat - 0.005), math.radians(lat + 0.005), 6378137.0, 298.257223563)
        * 0.01
        / 360
        / 1e4
    )
    cells = cartago.area_km2 * 100 / cell_ha
    assert p.theoretical_t == pytest.approx(cells * 1000 * 0.283 * 0.5, rel=0.005)
    assert p.technical_t <= p.theoretical_t * 0.2 + 1e-6  # availability 0.2 (central)


def test_a_new_import_for_the_same_resource_is_a_new_version(call, tmp_path):
    call(*import_args(write_tif(tmp_path / "a.tif", np.full((N, N), 1.0))))
    call(*import_args(write_tif(tmp_path / "b.tif", np.full((N, N), 3.0))))
    layer = Layer.objects.get(resource__slug="crop-residues-mixed")
    assert list(layer.versions.values_list("number", flat=True)) == [2, 1]
    assert layer.current_version.number == 2
    p = Potential.objects.get(
        region__code="CR-C", resource__slug="crop-residues-mixed", scenario__slug="central"
    )
    assert p.layer_version.number == 2


def state():
    """What a failed import must leave unchanged: the database rows and the media files."""
    return (
        sorted(Layer.objects.values_list("slug", "current_version_id")),
        LayerVersion.objects.count(),
        sorted(Potential.objects.values_list("region_id", "resource_id", "scenario_id", "technical_t")),
        media_snapshot(),
    )


BAD_FILES = {
    "vrt posing as tif": (
        lambda d: (d / "x.tif").write_text('<VRTDataset rasterXSize="1" rasterYSize="1"/>'),
        [],
        "GDAL VRT, not a GeoTIFF",
    ),
    "hdf posing as tif": (
        lambda d: (d / "x.tif").write_bytes(b"\x89HDF\r\n\x1a\n" + b"\x00" * 100),
        [],
        "HDF5/netCDF-4 file",
    ),
    "corrupt tiff": (
        lambda d: (d / "x.tif").write_bytes(b"II*\x00" + b"\x13" * 300),
        [],
        "TIFF structure is corrupt",
    ),
    "no crs": (
        lambda d: write_tif(d / "x.tif", np.ones((10, 10)), crs=None),
        [],
        "no coordinate reference system",
    ),
    "negative values": (lambda d: write_tif(d / "x.tif", np.full((10, 10), -1.0)), [], "negative values"),
    "all nodata": (lambda d: write_tif(d / "x.tif", np.full((10, 10), -9999.0)), [], "no valid cell"),
    "wrong units": (
        lambda d: write_tif(d / "x.tif", np.ones((10, 10))),
        ["--units", "kg/ha"],
        "units 'kg/ha' do not match a density layer",
    ),
    "unknown resource": (
        lambda d: write_tif(d / "x.tif", np.ones((10, 10))),
        ["--resource", "unobtainium"],
        "unknown resource 'unobtainium'",
    ),
    "outside every region": (
        lambda d: write_tif(d / "x.tif", np.ones((10, 10)), origin=(10.0, 50.0)),
        [],
        "does not overlap any region",
    ),
    "too many pixels": (
        lambda d: write_tif(d / "x.tif", np.ones((10, 10))),
        ["--__limit_pixels", "50"],
        "the limit is 50",
    ),
    "missing file": (lambda d: None, [], "the file was not found"),
    "production for a resource without rpr": (
        lambda d: write_tif(d / "x.tif", np.ones((10, 10))),
        ["--resource", "forest-residues", "--quantity", "production"],
        "has no residue-to-product ratio",
    ),
}


@pytest.mark.parametrize("case", list(BAD_FILES))
def test_bad_files_are_rejected_and_nothing_changes(call, tmp_path, settings, case):
    build, extra, message = BAD_FILES[case]
    build(tmp_path)
    if "--__limit_pixels" in extra:
        settings.LAYER_MAX_PIXELS = int(extra[1])
        extra = []
    args = import_args(tmp_path / "x.tif")
    for flag, value in zip(extra[::2], extra[1::2], strict=True):
        if flag in args:
            args[args.index(flag) + 1] = value
        else:
            args += [flag, value]
    before = state()
    with pytest.raises(CommandError) as error:
        call(*args)
    assert message in str(error.value) and "nothing was changed" in str(error.value)
    assert state() == before


def test_crs_can_be_given_for_a_file_without_one(call, tmp_path):
    path = write_tif(tmp_path / "nocrs.tif", np.ones((N, N)), crs=None)
    call(*import_args(path, "--crs", "4326"))
    version = Layer.objects.get(resource__slug="crop-residues-mixed").current_version
    assert version.epsg == 4326 and version.crs_assigned == "4326"


def test_implausible_density_is_accepted_with_a_warning(call, tmp_path):
    _, err = call(*import_args(write_tif(tmp_path / "x.tif", np.full((20, 20), 500.0))))
    assert "implausibly high" in err
