"""From sums to potentials (potentials.py) on paper: conversions to dry matter, energy, and the
plant a yearly energy supports."""

import numpy as np
import pytest

from biomass.engine.aggregate import LevelSums
from biomass.engine.errors import InvalidInput
from biomass.engine.potentials import ResourceFactors, energy_for_plant_gj, evaluate, plant_capacity_mw

from .conftest import CELL, UTM14, X0, Y1, sums, utm_zone


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


def test_electricity_equivalent_on_paper():
    # 1 PJ/yr at 25 % efficiency and capacity factor 0.8:
    # 1e6 GJ x 0.25 / (8760 h x 3.6 GJ/MWh x 0.8) = 9.91 MW
    assert plant_capacity_mw(1e6, 0.25, 0.8) == pytest.approx(1e6 * 0.25 / (8760 * 3.6 * 0.8))
    assert plant_capacity_mw(1e6, 0.25, 0.8) == pytest.approx(9.9089, rel=1e-4)


def test_the_energy_a_plant_needs_is_the_inverse_of_its_size():
    # A 10 MW plant at 25 % and CF 0.8 burns 10 x 8760 x 3.6 x 0.8 / 0.25 = 1,009,152 GJ a year.
    assert energy_for_plant_gj(10, 0.25, 0.8) == pytest.approx(1_009_152.0)
    assert plant_capacity_mw(energy_for_plant_gj(7.5, 0.3, 0.6), 0.3, 0.6) == pytest.approx(7.5)


@pytest.mark.parametrize(
    "efficiency, capacity_factor, field",
    [
        (0.25, 0, "capacity_factor"),
        (0, 0.8, "efficiency"),
        (1.2, 0.8, "efficiency"),
        (0.25, 1.5, "capacity_factor"),
    ],
)
def test_impossible_plants_are_refused_not_divided_by_zero(efficiency, capacity_factor, field):
    for function in (plant_capacity_mw, energy_for_plant_gj):
        with pytest.raises(InvalidInput) as refused:
            function(1e6, efficiency, capacity_factor)
        assert refused.value.field == field


def test_factors_outside_their_range_are_refused():
    with pytest.raises(InvalidInput, match="availability"):
        ResourceFactors(to_dry_matter=1.0, availability=1.2, energy_gj_per_t=17.0)
    with pytest.raises(InvalidInput, match="negative"):
        ResourceFactors(to_dry_matter=-1.0, availability=0.5, energy_gj_per_t=17.0)
    level_mask = np.ones(2)  # a mask of the wrong length for a level with one key
    with pytest.raises(InvalidInput, match="constraint mask"):
        evaluate(_one_key_level(), ResourceFactors(1.0, 1.0, 1.0), level_mask)


def _one_key_level():
    return LevelSums(codes=("A",), mass=np.ones((1, 1)), valid_area_ha=np.ones(1), region_area_ha=np.ones(1))
