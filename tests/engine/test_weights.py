"""Cell weights (weights.py, zones.py): a round trip through a file, windows and threads that do
not change results, a brute-force check with shapely, overlapping regions."""

import numpy as np
import pytest
import rasterio
import shapely

from biomass.engine.aggregate import aggregate_layer
from biomass.engine.weights import compute_zone_weights
from biomass.engine.zones import Zone, ZoneWeights

from .conftest import CELL, UTM14, X0, Y1, grid_of, sums, utm_zone


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


def test_overlapping_regions_each_get_their_full_share(make_raster):
    path = make_raster(np.ones((10, 10)), crs=UTM14, origin=(X0, Y1), res=CELL)
    a = utm_zone("A", X0, Y1 - 1000, X0 + 600, Y1)
    b = utm_zone("B", X0 + 400, Y1 - 1000, X0 + 1000, Y1)
    level = sums(path, [a, b])
    assert level.mass[:, 0] == pytest.approx([60.0, 60.0], rel=1e-6)
