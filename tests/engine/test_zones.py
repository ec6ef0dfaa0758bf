"""Zone weights as stored (zones.py): a round trip through a file gives the same sums, also
read with other windows and threads, and equals a brute-force exact computation with
shapely; the run part as a window; the identity of a region set."""

import numpy as np
import pytest
import rasterio
import shapely

from biomass.engine.aggregate import aggregate_layer
from biomass.engine.weights import compute_zone_weights
from biomass.engine.zones import Zone, ZoneWeights, window_zones, zones_key

from .conftest import grid_of


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
    one.save(tmp_path / "w.npz")
    loaded = ZoneWeights.load(tmp_path / "w.npz")
    reference = aggregate_layer(path, quantity="density", weights={"l": one}).levels["l"].mass
    for weights, kw in ((loaded, {}), (one, {"window": 100}), (one, {"threads": 3})):
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


def test_window_zones_paints_the_whole_cells_of_each_region(make_raster):
    grid = grid_of(make_raster(np.ones((4, 6)), origin=(0.0, 4.0), res=1.0))
    # A covers columns 0-1 of rows 0-3 whole, B columns 3-5 of rows 1-2 whole.
    weights = compute_zone_weights(
        grid, [Zone("A", shapely.box(0, 0, 2, 4)), Zone("B", shapely.box(3, 1, 6, 3))]
    )
    expected = np.array(
        [
            [0, 0, -1, -1, -1, -1],
            [0, 0, -1, 1, 1, 1],
            [0, 0, -1, 1, 1, 1],
            [0, 0, -1, -1, -1, -1],
        ]
    )
    assert np.array_equal(window_zones(weights, 0, 0, 4, 6).reshape(4, 6), expected)
    assert np.array_equal(window_zones(weights, 1, 2, 2, 3).reshape(2, 3), expected[1:3, 2:5])
    assert len(weights.partial_cell) == 0  # every edge runs along a grid line


def test_the_identity_of_a_region_set_follows_codes_and_geometry():
    a = [Zone("A", shapely.box(0, 0, 1, 1))]
    assert zones_key(a) == zones_key([Zone("A", shapely.box(0, 0, 1, 1))])
    assert zones_key(a) != zones_key([Zone("B", shapely.box(0, 0, 1, 1))])
    assert zones_key(a) != zones_key([Zone("A", shapely.box(0, 0, 1, 1.000001))])
