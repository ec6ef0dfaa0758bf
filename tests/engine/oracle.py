"""An independent oracle for cell coverage: each cell's fraction is the area of
polygon ∩ cell (shapely/GEOS overlay) divided by the cell's area — computed with no knowledge
of the scanline or of exactextract.

Test polygons are written in *node coordinates*: x counts columns from the grid's left edge,
y counts rows up from its bottom edge, so (3, 2) is the node three columns right and two rows
up. Integers and halves there are exact, and on a unit grid (the identity) so is the overlay.
On a grid with a real transform (cells of 0.05°) the node coordinates become degrees with a
rounding of about 1e-14°, i.e. ~1e-13 of a cell: far below the 1e-9 the tests ask for.
"""

import numpy as np
import shapely

from biomass.engine.grid import Grid
from biomass.engine.zones import ZoneWeights, window_zones


def to_world(grid: Grid, geometry):
    """A geometry in node coordinates, put on ``grid`` (x = c + a·x, y = f + e·(height − y))."""
    a, _, c, _, e, f = grid.transform
    return shapely.transform(
        geometry, lambda xy: np.column_stack([c + a * xy[:, 0], f + e * (grid.height - xy[:, 1])])
    )


def oracle_coverage(grid: Grid, geometry) -> np.ndarray:
    """(height, width) fraction of each cell inside ``geometry`` (world coordinates)."""
    a, _, c, _, e, f = grid.transform
    xs = c + a * np.arange(grid.width + 1)
    ys = f + e * np.arange(grid.height + 1)
    cells = shapely.box(xs[None, :-1], ys[1:, None], xs[None, 1:], ys[:-1, None])
    return shapely.area(shapely.intersection(cells, geometry)) / abs(a * e)


def dense(weights: ZoneWeights, grid: Grid) -> np.ndarray:
    """(zones, height, width) coverage of every cell by every zone, from compact weights."""
    h, w = grid.height, grid.width
    out = np.zeros((weights.size, h * w))
    whole = window_zones(weights, 0, 0, h, w)
    for z in range(weights.size):
        out[z, whole == z] = 1.0
    np.add.at(out, (weights.partial_zone, weights.partial_cell), weights.partial_fraction)
    return out.reshape(weights.size, h, w)
