"""Exact cell weights of a grid against a set of regions, computed once and reused: the
scanline method of ``scanline.py`` (boundary cells only), overlapping regions included.
(``coverage.py`` keeps exactextract's coverage window by window, for comparison and
benchmarks: it misjudges some cells whose corner an edge passes by a rounding.)"""

from __future__ import annotations

from collections.abc import Sequence

from .grid import Grid
from .scanline import scanline_zone_weights
from .zones import Zone, ZoneWeights


def compute_zone_weights(grid: Grid, zones: Sequence[Zone]) -> ZoneWeights:
    """Exact weights by the scanline method."""
    return scanline_zone_weights(grid, zones)
