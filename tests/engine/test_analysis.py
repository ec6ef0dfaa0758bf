"""Catchments and supply curves against answers on paper: a uniform density over a disc."""

import math

import numpy as np
import pytest
import shapely

from biomass.engine.analysis import (
    cell_table,
    checked_area,
    delivered_cost,
    distances_km,
    geodesic_disc,
    radius_for_energy,
    supply_curve,
)
from biomass.engine.errors import InvalidGeometry
from biomass.engine.geometry import geodesic_area_m2
from biomass.engine.potentials import energy_for_plant_gj, plant_capacity_mw

SITE = (-90.0, 15.0)


@pytest.fixture
def uniform(make_raster):
    """2 t DM/ha/yr on 0.0025° cells (about 270 m) around the site."""
    return make_raster(np.full((800, 800), 2.0, dtype="float32"), origin=(-91.0, 16.0), res=0.0025)


@pytest.mark.parametrize("radius_km", [10, 20, 40])
def test_supply_of_a_disc_is_density_times_its_area(uniform, radius_km):
    table = cell_table(uniform, geodesic_disc(*SITE, radius_km), quantity="density")
    # On paper: 2 t/ha x π r² (the 360-gon falls short of the circle by 0.005 %).
    assert table.mass.sum() == pytest.approx(2 * math.pi * radius_km**2 * 100, rel=2e-3)


def test_supply_grows_with_the_square_of_the_radius(uniform):
    small = cell_table(uniform, geodesic_disc(*SITE, 15), quantity="density").mass.sum()
    large = cell_table(uniform, geodesic_disc(*SITE, 30), quantity="density").mass.sum()
    assert large / small == pytest.approx(4.0, rel=2e-3)


def test_the_cost_curve_follows_from_distance(uniform):
    collection, transport, tortuosity, lhv = 20.0, 0.15, 1.3, 17.0
    table = cell_table(uniform, geodesic_disc(*SITE, 40), quantity="density")
    cost = delivered_cost(
        distances_km(*SITE, table.lon, table.lat),
        collection=collection,
        transport=transport,
        tortuosity=tortuosity,
    )
    curve = supply_curve(cost, table.mass, np.full(len(cost), lhv), max_points=50)
    assert len(curve) <= 50 and [p["cost_usd_per_t"] for p in curve] == sorted(
        p["cost_usd_per_t"] for p in curve
    )
    for point in curve[5:]:
        # Everything within r = (cost - collection) / (transport x tortuosity): 2 t/ha x π r².
        r = (point["cost_usd_per_t"] - collection) / (transport * tortuosity)
        assert point["cumulative_t"] == pytest.approx(2 * math.pi * r**2 * 100, rel=0.03)
        assert point["cumulative_pj"] == pytest.approx(point["cumulative_t"] * lhv / 1e6)
        assert point["cost_usd_per_gj"] == pytest.approx(point["cost_usd_per_t"] / lhv)
    # The most expensive tonne comes from the edge: 20 + 0.15 x 40 km x 1.3 = 27.8 USD/t
    assert curve[-1]["cost_usd_per_t"] == pytest.approx(27.8, abs=0.05)
    assert curve[-1]["cumulative_t"] == pytest.approx(table.mass.sum())


def test_the_curve_is_ordered_by_the_plotted_cost_per_gj_and_names_its_resources():
    # On paper: straw at 30 USD/t and 15 GJ/t is 2 USD/GJ; husk at 20 USD/t and 5 GJ/t is
    # 4 USD/GJ; wood at 36 USD/t and 18 GJ/t is 2 USD/GJ. Ordered by USD/t the cost per GJ
    # would zig-zag (4, 2, 2); by USD/GJ it never falls.
    cost = np.array([20.0, 30.0, 36.0, 50.0])
    mass = np.array([10.0, 10.0, 10.0, 0.0])  # the last has no mass: not on the curve
    gj_per_t = np.array([5.0, 15.0, 18.0, 18.0])
    groups = np.array(["husk", "straw", "wood", "wood"])
    curve = supply_curve(cost, mass, gj_per_t, groups=groups)
    assert [p["cost_usd_per_gj"] for p in curve] == [2.0, 2.0, 4.0]
    assert [p["resource"] for p in curve] == ["straw", "wood", "husk"]
    assert [p["cumulative_pj"] for p in curve] == pytest.approx([150e-6, 330e-6, 380e-6])
    assert [p["cumulative_t"] for p in curve] == [10.0, 20.0, 30.0]


def test_a_thinned_curve_names_the_resource_with_most_energy_in_each_step():
    # 100 cells of straw at 1 USD/GJ, then 100 of husk at 2 USD/GJ, thinned to 4 points:
    # each point closes a quarter of the energy, the first two straw's, the last two husk's.
    cost = np.concatenate([np.full(100, 10.0), np.full(100, 20.0)])
    curve = supply_curve(
        cost, np.ones(200), np.full(200, 10.0), max_points=4, groups=np.repeat(["straw", "husk"], 100)
    )
    assert [p["resource"] for p in curve] == ["straw", "straw", "husk", "husk"]
    assert [p["cost_usd_per_gj"] for p in curve] == [1.0, 1.0, 2.0, 2.0]
    assert curve[-1]["cumulative_pj"] == pytest.approx(200 * 10 / 1e6)
    no_energy = supply_curve(np.array([5.0, 1.0]), np.ones(2), np.array([0.0, 10.0]))
    assert [p["cost_usd_per_gj"] for p in no_energy] == [0.1, None]  # a tonne without energy last


def test_plant_size_and_the_radius_a_plant_needs(uniform):
    # 5 MW electric at 25 % efficiency and capacity factor 0.8 needs
    # 5 x 8760 x 3.6 x 0.8 / 0.25 = 504,576 GJ/yr.
    needed = energy_for_plant_gj(5, 0.25, 0.8)
    assert needed == pytest.approx(504_576)
    assert plant_capacity_mw(needed, 0.25, 0.8) == pytest.approx(5)
    table = cell_table(uniform, geodesic_disc(*SITE, 60), quantity="density")
    energy = table.mass * 17.0
    radius = radius_for_energy(distances_km(*SITE, table.lon, table.lat), energy, needed)
    # 2 t/ha x 17 GJ/t x π r² (ha) = 504,576 GJ  ->  r = sqrt(504576 / (34 π)) / 10 km
    assert radius == pytest.approx(math.sqrt(needed / (34 * math.pi)) / 10, rel=0.01)
    assert radius_for_energy(np.array([1.0]), np.array([1.0]), 10.0) is None


def test_geodesic_disc_has_the_right_area():
    disc = geodesic_disc(-99, 19.4, 100)
    assert geodesic_area_m2(disc) / 1e6 == pytest.approx(math.pi * 100**2, rel=1e-3)


LIMITS = {"max_vertices": 1000, "max_area_km2": 100_000}


@pytest.mark.parametrize(
    "geometry, reason",
    [
        (shapely.Polygon([(-90, 15), (-89, 16), (-89, 15), (-90, 16)]), "Self-intersection"),
        (shapely.Polygon(), "empty"),
        (shapely.Point(-90, 15), "Point"),
        (shapely.box(15, -190, 16, -189), "out of range"),
        (shapely.box(-95, 10, -85, 20), "the limit is 100,000 km²"),
        (shapely.Point(-90, 15).buffer(0.5, 2000), "vertices; the limit is 1,000"),
    ],
)
def test_bad_areas_are_refused_with_a_reason(geometry, reason):
    with pytest.raises(InvalidGeometry, match=reason):
        checked_area(geometry, **LIMITS)


def test_a_good_area_passes():
    area = checked_area(shapely.box(-90, 15, -89.5, 15.5), **LIMITS)
    assert area.geom_type == "MultiPolygon"
