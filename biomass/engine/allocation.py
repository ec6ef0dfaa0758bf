"""Allocating a statistic to grid cells.

Each zone's total S(z) (t of product, or heads) is spread over the zone's cells in proportion to
a weight w(i) (e.g. the cropland share of the cell's land-cover class):

    P(i) = S(z) · w(i) / Σ_j c(z,j) · w(j)          for the cells i that belong to z alone

so that the sum the engine computes over the zone, Σ_i c(z,i) · P(i), is S(z) exactly (c is the
exact coverage fraction of the zone's weights on the same grid). A cell that two zones share (a
land border) cannot hold both zones' shares in one value: it gets no allocated amount, 0 when
every zone that touches it has a total and no data otherwise. Coastal cells, shared with no
other zone, take part with their fraction. A zone whose weights are all zero (no cropland on the
grid, say) takes the fallback weights; a zone without a total is left as no data (NaN).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np

from .errors import InvalidInput
from .zones import ZoneWeights, window_zones


@dataclass(frozen=True)
class Allocation:
    amount: np.ndarray  # (height, width) float64 per cell; NaN = no data
    fallback: tuple[str, ...]  # zones that took the fallback weights
    unallocated: tuple[str, ...]  # zones with a positive total and no cell of their own on the grid


def exclusive_cells(weights: ZoneWeights, height: int, width: int) -> tuple[np.ndarray, np.ndarray]:
    """Per cell (flat): the one zone it belongs to alone (-1 if none or shared) and the zone's
    coverage fraction of it."""
    owner = window_zones(weights, 0, 0, height, width)
    fraction = (owner >= 0).astype(np.float64)
    cells, zones, fractions = weights.partial_cell, weights.partial_zone, weights.partial_fraction
    touches = np.bincount(cells, minlength=height * width)
    alone = (touches[cells] == 1) & (owner[cells] < 0)
    owner[cells[alone]] = zones[alone]
    fraction[cells[alone]] = fractions[alone]
    return owner, fraction


def allocate(
    weights: ZoneWeights,
    totals: Mapping[str, float],
    cell_weight: np.ndarray,
    fallback_weight: np.ndarray,
) -> Allocation:
    """Spread ``totals`` ({zone code: total}) over the grid of ``cell_weight`` (height, width)."""
    height, width = cell_weight.shape
    if fallback_weight.shape != cell_weight.shape:
        raise InvalidInput("the fallback weights are not on the grid of the weights")
    unknown = set(totals) - set(weights.codes)
    if unknown:
        raise InvalidInput("no zone %(codes)s on this grid", params={"codes": ", ".join(sorted(unknown))})
    index = {code: z for z, code in enumerate(weights.codes)}
    total = np.full(weights.size, np.nan)
    for code, value in totals.items():
        if not np.isfinite(value) or value < 0:
            raise InvalidInput(
                "the total of %(code)s must be a number ≥ 0, got %(value)s",
                params={"code": code, "value": str(value)},
            )
        total[index[code]] = value
    owner, fraction = exclusive_cells(weights, height, width)
    w = np.clip(np.nan_to_num(cell_weight.ravel(), nan=0.0), 0.0, None)
    w_fallback = np.clip(np.nan_to_num(fallback_weight.ravel(), nan=0.0), 0.0, None)
    mine = owner >= 0
    denominator = np.bincount(owner[mine], weights=(fraction * w)[mine], minlength=weights.size)
    use_fallback = (denominator <= 0) & (total > 0)
    fallback_denominator = np.bincount(
        owner[mine], weights=(fraction * w_fallback)[mine], minlength=weights.size
    )
    denominator = np.where(use_fallback, fallback_denominator, denominator)
    unallocated = use_fallback & (denominator <= 0)
    amount = np.full(height * width, np.nan)
    has_total = np.isfinite(total)
    take = mine & has_total[np.maximum(owner, 0)]
    zone = owner[take]
    weight = np.where(use_fallback[zone], w_fallback[take], w[take])
    with np.errstate(invalid="ignore", divide="ignore"):
        amount[take] = np.where(denominator[zone] > 0, total[zone] * weight / denominator[zone], 0.0)
    _zero_shared_cells(amount, weights, owner, has_total)
    codes = np.array(weights.codes, dtype=object)
    return Allocation(
        amount=amount.reshape(height, width),
        fallback=tuple(codes[use_fallback & ~unallocated]),
        unallocated=tuple(codes[unallocated]),
    )


def _zero_shared_cells(
    amount: np.ndarray, weights: ZoneWeights, owner: np.ndarray, has_total: np.ndarray
) -> None:
    """Cells that several zones share hold 0 when every one of those zones has a total."""
    cells, zones = weights.partial_cell, weights.partial_zone
    shared = owner[cells] < 0
    if not shared.any():
        return
    cells, zones = cells[shared], zones[shared]
    touching = np.bincount(cells, minlength=amount.size)
    with_total = np.bincount(cells, weights=has_total[zones].astype(np.float64), minlength=amount.size)
    complete = np.unique(cells[with_total[cells] == touching[cells]])
    amount[complete] = 0.0
