"""From precomputed sums to potentials, with the formulas of docs/design.md.

  theoretical mass  M_th = Σ c·a·d                           [t DM/yr]
  technical mass    M_te = Σ c·a·d · f · m_s(i)              [t DM/yr]
  energy            E = M × e                                 [GJ/yr]  (PJ = 1e6 GJ)
                    e: energy per t DM by the conversion route (factors.energy)
  electricity       P = E · η / (8760 h · 3.6 GJ/MWh · CF)     [MW]

Layers that are not dry matter are converted first (factors.to_dry_matter).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .aggregate import LevelSums
from .errors import InvalidInput

GJ_PER_PJ = 1e6
HOURS_PER_YEAR = 8760.0
GJ_PER_MWH = 3.6


@dataclass(frozen=True)
class ResourceFactors:
    """Scalars of one resource under one scenario.

    to_dry_matter: t DM per unit of the layer's quantity (1 for density and amount,
        RPR × dry-matter fraction for production, t DM per head-year for head counts);
    availability: share f that can be removed sustainably and is not already used (0-1);
    energy_gj_per_t: energy per t DM by the conversion route (net calorific value as
        received for combustion, methane energy for digestion);
    dry_matter: dry share of the fresh mass as collected (0-1], which converts transport
        paid per wet tonne to t DM.
    """

    to_dry_matter: float
    availability: float
    energy_gj_per_t: float
    dry_matter: float = 1.0

    def __post_init__(self):
        if self.to_dry_matter < 0:
            raise InvalidInput("the dry-matter conversion factor cannot be negative")
        if not 0 <= self.availability <= 1:
            raise InvalidInput(
                "the availability factor must be within 0-1, got %(value)s",
                params={"value": self.availability},
            )
        if self.energy_gj_per_t < 0:
            raise InvalidInput("the energy content cannot be negative")
        if not 0 < self.dry_matter <= 1:
            raise InvalidInput(
                "the dry-matter fraction must be above 0 and at most 1, got %(value)s",
                params={"value": self.dry_matter},
            )


@dataclass(frozen=True)
class RegionPotential:
    code: str
    theoretical_t: float
    technical_t: float
    theoretical_pj: float
    technical_pj: float
    coverage: float
    economic_t: float | None = None
    economic_pj: float | None = None


def evaluate(
    level: LevelSums, factors: ResourceFactors, mask: np.ndarray, economic_mask: np.ndarray | None = None
) -> list[RegionPotential]:
    """Potentials of every region of a level for one resource and one scenario: the
    technical mask selects constraint keys; the economic mask (technical and within the
    cost budget) gives the economic potential when a cost layer is loaded."""
    if mask.shape != (level.mass.shape[1],):
        raise InvalidInput("the constraint mask does not match the layer's constraint keys")
    theoretical = level.mass.sum(axis=1) * factors.to_dry_matter
    technical = (level.mass @ mask) * factors.to_dry_matter * factors.availability
    economic = (
        (level.mass @ economic_mask) * factors.to_dry_matter * factors.availability
        if economic_mask is not None
        else None
    )
    energy = factors.energy_gj_per_t / GJ_PER_PJ
    coverage = level.coverage
    return [
        RegionPotential(
            code=code,
            theoretical_t=float(theoretical[i]),
            technical_t=float(technical[i]),
            theoretical_pj=float(theoretical[i] * energy),
            technical_pj=float(technical[i] * energy),
            coverage=float(coverage[i]),
            economic_t=None if economic is None else float(economic[i]),
            economic_pj=None if economic is None else float(economic[i] * energy),
        )
        for i, code in enumerate(level.codes)
    ]


def _check_plant(efficiency: float, capacity_factor: float) -> None:
    if not 0 < capacity_factor <= 1:
        raise InvalidInput("the capacity factor must be within (0, 1]", field="capacity_factor")
    if not 0 < efficiency <= 1:
        raise InvalidInput("the conversion efficiency must be within (0, 1]", field="efficiency")


def plant_capacity_mw(energy_gj_per_year: float, efficiency: float, capacity_factor: float) -> float:
    """Plant capacity (MW) that the yearly energy supports: P = E·η / (8760 h · 3.6 GJ/MWh · CF)."""
    _check_plant(efficiency, capacity_factor)
    return energy_gj_per_year * efficiency / (HOURS_PER_YEAR * GJ_PER_MWH * capacity_factor)


def energy_for_plant_gj(mw: float, efficiency: float, capacity_factor: float) -> float:
    """Yearly energy (GJ) a plant of ``mw`` needs: the inverse of plant_capacity_mw."""
    _check_plant(efficiency, capacity_factor)
    return mw * HOURS_PER_YEAR * GJ_PER_MWH * capacity_factor / efficiency
