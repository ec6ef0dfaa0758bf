"""Zonal sums against answers computed on paper (within 0.1 %, most to 1e-9)."""

import math

import numpy as np
import pytest
import rasterio
import shapely
import shapely.ops
from pyproj import Transformer

from biomass.engine.aggregate import aggregate_layer
from biomass.engine.constraints import CATEGORICAL, CONTINUOUS, NO_CONSTRAINTS, ConstraintAxis, ConstraintCube
from biomass.engine.grid import ellipsoid_band_area_m2
from biomass.engine.potentials import ResourceFactors, electric_capacity_mw, evaluate
from biomass.engine.zones import Zone, ZoneWeights, compute_zone_weights
from biomass.errors import InvalidInput

from .conftest import grid_of

UTM14 = "EPSG:32614"
TO_LONLAT = Transformer.from_crs(UTM14, "EPSG:4326", always_xy=True)


def utm_zone(code, x0, y0, x1, y1):
    """A rectangle given in UTM 14N metres, as a lon/lat region (densified edges)."""
    box = shapely.segmentize(shapely.box(x0, y0, x1, y1), 10.0)
    lonlat = shapely.transform(box, lambda xy: np.column_stack(TO_LONLAT.transform(xy[:, 0], xy[:, 1])))
    return Zone(code, lonlat)


def sums(path, zones, quantity="density", cube=NO_CONSTRAINTS, **kw):
    grid = grid_of(path)
    weights = compute_zone_weights(grid, zones, **({"window": kw.pop("window")} if "window" in kw else {}))
    return aggregate_layer(path, quantity=quantity, weights={"level": weights}, cube=cube, **kw).levels[
        "level"
    ]


# A 3 x 3 grid of 100 m cells (1 ha each) in UTM 14N, origin (500000, 2200300).
X0, Y1, CELL = 500_000.0, 2_200_300.0, 100.0
VALUES = [[1, 2, 3], [4, 5, 6], [7, 8, 9]]


def test_three_by_three_grid_with_a_square_over_quarter_half_and_whole_cells(make_raster):
    path = make_raster(VALUES, crs=UTM14, origin=(X0, Y1), res=CELL)
    # Square from the middle of cell (0,0) to the middle of cell (2,2):
    # coverage 0.25 at the corners, 0.5 on the edges, 1 in the centre.
    zone = utm_zone("SQ", X0 + 50, Y1 - 250, X0 + 250, Y1 - 50)
    level = sums(path, [zone])
    expected = 0.25 * (1 + 3 + 7 + 9) + 0.5 * (2 + 4 + 6 + 8) + 1.0 * 5  # = 20 t DM/yr (1 ha cells)
    assert level.mass[0, 0] == pytest.approx(expected, rel=1e-6)
    assert level.coverage[0] == pytest.approx(1.0, rel=1e-6)
    assert level.region_area_ha[0] == pytest.approx(4.0, rel=1e-6)


def test_a_polygon_that_cuts_cells_in_half(make_raster):
    path = make_raster(VALUES, crs=UTM14, origin=(X0, Y1), res=CELL)
    # The left 1.5 columns of the grid: column 0 whole, column 1 half.
    zone = utm_zone("HALF", X0, Y1 - 300, X0 + 150, Y1)
    level = sums(path, [zone])
    assert level.mass[0, 0] == pytest.approx((1 + 4 + 7) + 0.5 * (2 + 5 + 8), rel=1e-6)


def test_constant_density_over_a_polygon_of_known_geodesic_area(make_raster):
    # 2 t DM/ha/yr on a 0.01° grid; the region is a lat/lon box whose edges cut cells:
    # lon -99.987 .. -99.113, lat 20.004 .. 20.906. Its area on the ellipsoid, on paper:
    # (Δλ / 360°) x zone area between the two parallels.
    data = np.full((100, 100), 2.0)
    path = make_raster(data, origin=(-100.0, 21.0), res=0.01)
    west, east, south, north = -99.987, -99.113, 20.004, 20.906
    zone = Zone("BOX", shapely.box(west, south, east, north))
    level = sums(path, [zone])
    area_ha = (
        ellipsoid_band_area_m2(math.radians(south), math.radians(north), 6378137.0, 298.257223563)
        * (east - west)
        / 360
        / 1e4
    )
    assert level.mass[0, 0] == pytest.approx(2 * area_ha, rel=1e-3)
    assert level.mass[0, 0] == pytest.approx(2 * area_ha, rel=1e-5)  # in fact much closer
    assert level.coverage[0] == pytest.approx(1.0, abs=1e-4)


def test_projected_raster_and_lonlat_regions(make_raster):
    # 1 t DM/ha/yr on 250 m UTM cells; a 1 km x 1.5 km rectangle given in lon/lat.
    data = np.ones((20, 20))
    path = make_raster(data, crs=UTM14, origin=(X0, Y1), res=250.0)
    zone = utm_zone("RECT", X0 + 125, Y1 - 1625, X0 + 1125, Y1 - 125)
    level = sums(path, [zone])
    assert level.mass[0, 0] == pytest.approx(150.0, rel=1e-3)  # 100 ha x 1.5


def test_nodata_holes_are_skipped_and_reported_in_coverage(make_raster):
    data = np.array(VALUES, dtype=np.float64)
    data[1, 1] = -9999  # the centre cell has no data
    path = make_raster(data, crs=UTM14, origin=(X0, Y1), res=CELL, nodata=-9999)
    zone = utm_zone("ALL", X0, Y1 - 300, X0 + 300, Y1)
    level = sums(path, [zone])
    assert level.mass[0, 0] == pytest.approx(45 - 5, rel=1e-6)
    assert level.coverage[0] == pytest.approx(8 / 9, rel=1e-6)


def test_nan_cells_are_nodata_too(make_raster):
    data = np.array(VALUES, dtype=np.float64)
    data[0, :] = np.nan
    path = make_raster(data, crs=UTM14, origin=(X0, Y1), res=CELL)
    level = sums(path, [utm_zone("ALL", X0, Y1 - 300, X0 + 300, Y1)])
    assert level.mass[0, 0] == pytest.approx(4 + 5 + 6 + 7 + 8 + 9, rel=1e-6)
    assert level.coverage[0] == pytest.approx(6 / 9, rel=1e-6)


def test_amount_and_production_are_per_cell_and_convert_to_dry_matter(make_raster):
    # 10 t of product per cell; RPR 1.5, dry matter 0.8 -> 12 t DM of residue per cell.
    path = make_raster(np.full((3, 3), 10.0), crs=UTM14, origin=(X0, Y1), res=CELL)
    level = sums(path, [utm_zone("ALL", X0, Y1 - 300, X0 + 300, Y1)], quantity="production")
    assert level.mass[0, 0] == pytest.approx(90.0, rel=1e-6)
    factors = ResourceFactors(to_dry_matter=1.5 * 0.8, availability=0.5, energy_gj_per_t=17.0)
    (result,) = evaluate(level, factors, np.ones(1))
    assert result.theoretical_t == pytest.approx(9 * 12.0, rel=1e-6)
    assert result.technical_t == pytest.approx(9 * 12.0 * 0.5, rel=1e-6)
    assert result.theoretical_pj == pytest.approx(9 * 12.0 * 17.0 / 1e6, rel=1e-6)


def test_constraint_masks_match_a_cell_by_cell_answer(make_raster):
    rng = np.random.default_rng(7)
    density = rng.uniform(0, 5, (30, 30))
    classes = rng.choice([0, 12, 13, 14], size=(30, 30)).astype(np.uint8)
    slope = rng.uniform(0, 20, (30, 30))
    kw = dict(crs=UTM14, origin=(X0, Y1), res=CELL)
    path = make_raster(density, **kw)
    cover = make_raster(classes, dtype=np.uint8, nodata=255, **kw)
    slopes = make_raster(slope, nodata=-9999, **kw)
    cube = ConstraintCube(
        (
            ConstraintAxis("land-cover", CATEGORICAL, path=cover, classes=(0, 12, 13, 14)),
            ConstraintAxis("slope", CONTINUOUS, path=slopes, bin_width=0.5, max_value=20.0),
        )
    )
    zone = utm_zone("Z", X0 + 30, Y1 - 2970, X0 + 2970, Y1 - 30)
    level = sums(path, [zone], cube=cube)
    rules = {"land-cover": {"exclude": [0, 13]}, "slope": {"max": 8.5}}
    mask = cube.mask(rules)
    technical = evaluate(level, ResourceFactors(1.0, 1.0, 1.0), mask)[0].technical_t
    # Brute force: coverage is 1 inside, 0.7 on the border cells (30 m inside a 100 m cell),
    # 0.49 at the corners.
    cov = np.ones((30, 30))
    cov[0, :] = cov[-1, :] = cov[:, 0] = cov[:, -1] = 0.7
    cov[0, 0] = cov[0, -1] = cov[-1, 0] = cov[-1, -1] = 0.49
    keep = ~np.isin(classes, [0, 13]) & (slope <= 8.5)
    # (the region went UTM -> lon/lat -> UTM, so its corners moved by micrometres)
    assert technical == pytest.approx((density * cov * keep).sum(), rel=1e-7)
    assert level.mass.sum() == pytest.approx((density * cov).sum(), rel=1e-7)


def test_a_constraint_on_a_coarser_grid_is_resampled_to_the_resource_grid(make_raster):
    density = np.ones((4, 4))
    path = make_raster(density, crs=UTM14, origin=(X0, Y1), res=CELL)
    # Classes on 200 m cells: the top-left 200 m block is class 13 (urban).
    coarse = make_raster(
        np.array([[13, 12], [12, 12]]), dtype=np.uint8, crs=UTM14, origin=(X0, Y1), res=200.0, nodata=255
    )
    cube = ConstraintCube((ConstraintAxis("lc", CATEGORICAL, path=coarse, classes=(12, 13)),))
    level = sums(path, [utm_zone("Z", X0, Y1 - 400, X0 + 400, Y1)], cube=cube)
    technical = evaluate(level, ResourceFactors(1, 1, 1), cube.mask({"lc": {"exclude": [13]}}))[0].technical_t
    assert technical == pytest.approx(12.0, rel=1e-9)  # 16 ha minus the 4 urban cells


def test_thresholds_must_fall_on_the_bin_grid():
    axis = ConstraintAxis("slope", CONTINUOUS, bin_width=0.5, max_value=10)
    assert axis.passes({"max": 2.5}).sum() == 6 + 1  # bins 0..5 and nodata (kept)
    assert axis.passes({"max": 2.5, "nodata": "exclude"}).sum() == 6
    with pytest.raises(InvalidInput, match="multiple of 0.5"):
        axis.passes({"max": 2.3})


def test_two_levels_children_add_up_to_their_parent(make_raster):
    rng = np.random.default_rng(1)
    data = rng.uniform(0, 3, (40, 40))
    path = make_raster(data, origin=(-91.0, 16.0), res=0.025)
    parent = Zone("P", shapely.Polygon([(-90.9, 15.1), (-90.1, 15.2), (-90.2, 15.95), (-90.85, 15.8)]))
    cut = shapely.LineString([(-91, 15.55), (-90, 15.45)])
    north, south = shapely.ops.split(parent.geometry, cut).geoms
    grid = grid_of(path)
    weights = {
        "countries": compute_zone_weights(grid, [parent]),
        "states": compute_zone_weights(grid, [Zone("N", north), Zone("S", south)]),
    }
    result = aggregate_layer(path, quantity="density", weights=weights)
    children = result.levels["states"].mass.sum()
    assert children == pytest.approx(result.levels["countries"].mass.sum(), rel=1e-9)


def test_overlapping_regions_each_get_their_full_share(make_raster):
    path = make_raster(np.ones((10, 10)), crs=UTM14, origin=(X0, Y1), res=CELL)
    a = utm_zone("A", X0, Y1 - 1000, X0 + 600, Y1)
    b = utm_zone("B", X0 + 400, Y1 - 1000, X0 + 1000, Y1)
    level = sums(path, [a, b])
    assert level.mass[:, 0] == pytest.approx([60.0, 60.0], rel=1e-6)


def test_region_off_the_grid_has_zero_and_no_coverage(make_raster):
    path = make_raster(np.ones((3, 3)), origin=(-100, 21), res=0.1)
    level = sums(path, [Zone("FAR", shapely.box(10, 10, 11, 11))])
    assert level.mass[0, 0] == 0 and level.coverage[0] == 0


def test_weights_survive_a_round_trip_and_windows_and_threads_do_not_change_results(make_raster, tmp_path):
    rng = np.random.default_rng(3)
    data = rng.uniform(0, 10, (300, 300))
    path = make_raster(data, origin=(-91.0, 16.0), res=0.005)
    zones = [
        Zone("A", shapely.Point(-90.5, 15.5).buffer(0.4)),
        Zone("B", shapely.box(-90.9, 14.6, -90.6, 15.0)),
    ]
    grid = grid_of(path)
    one = compute_zone_weights(grid, zones)
    small = compute_zone_weights(grid, zones, window=64)  # many windows: runs split at borders
    one.save(tmp_path / "w.npz")
    loaded = ZoneWeights.load(tmp_path / "w.npz")
    reference = aggregate_layer(path, quantity="density", weights={"l": one}).levels["l"].mass
    for weights, kw in ((loaded, {}), (small, {"window": 100}), (one, {"threads": 3})):
        mass = aggregate_layer(path, quantity="density", weights={"l": weights}, **kw).levels["l"].mass
        assert mass == pytest.approx(reference, rel=1e-12)
    # and the sums equal a brute-force exact computation with shapely for one region
    with rasterio.open(path) as ds:
        areas = grid.row_areas_ha()
        total = 0.0
        b = zones[1].geometry
        for r in range(ds.height):
            for c in range(ds.width):
                cell = shapely.box(
                    -91 + c * 0.005, 16 - (r + 1) * 0.005, -91 + (c + 1) * 0.005, 16 - r * 0.005
                )
                if cell.intersects(b):
                    total += cell.intersection(b).area / cell.area * areas[r] * data[r, c]
    assert reference[1, 0] == pytest.approx(total, rel=1e-9)


def test_electricity_equivalent_on_paper():
    # 1 PJ/yr at 25 % efficiency and capacity factor 0.8:
    # 1e6 GJ x 0.25 / (8760 h x 3.6 GJ/MWh x 0.8) = 9.91 MW
    assert electric_capacity_mw(1e6, 0.25, 0.8) == pytest.approx(1e6 * 0.25 / (8760 * 3.6 * 0.8))
    assert electric_capacity_mw(1e6, 0.25, 0.8) == pytest.approx(9.9089, rel=1e-4)


def test_first_pass_gives_the_same_weights_and_sums_as_the_two_step_path(make_raster):
    from biomass.engine.aggregate import first_pass, first_pass_windows

    rng = np.random.default_rng(5)
    data = rng.uniform(0, 4, (700, 650))
    data[100:120, 200:260] = -1  # a nodata patch
    path = make_raster(data, origin=(-91.0, 16.0), res=0.002, nodata=-1)
    classes = make_raster(
        rng.choice([12, 14], size=(70, 65)).astype(np.uint8),
        dtype=np.uint8,
        origin=(-91.0, 16.0),
        res=0.02,
        nodata=255,
    )
    cube = ConstraintCube((ConstraintAxis("lc", CATEGORICAL, path=classes, classes=(12, 14)),))
    levels = {
        "a": [
            Zone("A", shapely.Point(-90.4, 15.3).buffer(0.5)),
            Zone("B", shapely.box(-90.95, 14.7, -90.5, 15.1)),
        ],
        "b": [Zone("C", shapely.box(-91.5, 14.0, -90.2, 15.5))],
    }
    weights, first = first_pass(path, quantity="density", zones=levels, cube=cube, window=256)
    forked_weights, forked = first_pass_windows(
        path, quantity="density", zones=levels, cube=cube, window=128, processes=3
    )
    grid = grid_of(path)
    two_step = aggregate_layer(
        path,
        quantity="density",
        cube=cube,
        weights={n: compute_zone_weights(grid, z) for n, z in levels.items()},
    )
    for name in levels:
        assert first.levels[name].mass == pytest.approx(two_step.levels[name].mass, rel=1e-12)
        assert forked.levels[name].mass == pytest.approx(first.levels[name].mass, rel=1e-12)
        assert forked_weights[name].covered_area_ha(grid.row_areas_ha(), grid.width) == pytest.approx(
            weights[name].covered_area_ha(grid.row_areas_ha(), grid.width), rel=1e-12
        )
        assert first.levels[name].coverage == pytest.approx(two_step.levels[name].coverage, rel=1e-12)
        again = aggregate_layer(path, quantity="density", cube=cube, weights={name: weights[name]})
        assert again.levels[name].mass == pytest.approx(first.levels[name].mass, rel=1e-12)
    assert first.levels["a"].coverage[0] < 1  # the nodata patch lies in region A
