"""Exact cell weights of a grid against a set of regions, computed once and reused: the
scanline method of ``scanline.py`` (boundary cells only), or exactextract window by window
(``coverage.py``) when regions overlap. Both give exactextract's coverage fractions."""

from __future__ import annotations

from collections.abc import Sequence

from .coverage import COVERAGE_WINDOW, compute_zone_weights_exactextract
from .grid import Grid
from .scanline import scanline_zone_weights
from .zones import Zone, ZoneWeights


def compute_zone_weights(grid: Grid, zones: Sequence[Zone], window: int = COVERAGE_WINDOW) -> ZoneWeights:
    """Exact weights: by the scanline method, or with exactextract when regions overlap."""
    weights = scanline_zone_weights(grid, zones)
    return weights if weights is not None else compute_zone_weights_exactextract(grid, zones, window)
