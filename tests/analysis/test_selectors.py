"""Analysis on the fly (selectors.py): a catchment's totals are the sums of its resources,
a plant's size follows from its supply on paper, a larger radius never holds less, and bad
input is refused by name; candidate sites."""

import pytest
from django.utils import translation

from biomass.analysis.selectors import area_analysis, catchment_analysis, nearest_site, sites_list
from biomass.catalogue.models import Scenario
from biomass.engine.geometry import shape_from_geojson
from biomass.errors import InvalidGeometry, InvalidInput

pytestmark = pytest.mark.django_db

SAN_SALVADOR = {"lon": -89.19, "lat": 13.69}


def test_totals_are_the_sums_of_the_resources_and_the_plant_follows_on_paper():
    result = catchment_analysis(**SAN_SALVADOR, radius_km=40, scenario_slug="central")
    for key in ("theoretical_t", "technical_t", "economic_t", "economic_pj"):
        assert result["total"][key] == pytest.approx(sum(t[key] for t in result["totals"]))
    central = Scenario.objects.get(slug="central")
    gj = result["plant"]["energy_pj"] * 1e6
    assert gj == pytest.approx(result["total"]["economic_pj"] * 1e6)
    # P = Σ E_r·η_r / (8760 h · 3.6 GJ/MWh · CF_r), each resource through its route's plant:
    # the steam cycle, the biogas engine, or bagasse's own seasonal capacity factor
    expected = 0.0
    for total in result["totals"]:
        plant = result["plant"]["routes"][total["resource"]]
        if total["resource"] == "sugarcane-bagasse":
            assert plant["capacity_factor"] == 0.45
        elif plant["route"] == "biogas":
            assert plant["efficiency_electric"] == central.digestion_efficiency_electric
        else:
            assert plant["capacity_factor"] == central.capacity_factor
        eta, cf = plant["efficiency_electric"], plant["capacity_factor"]
        expected += total["economic_pj"] * 1e6 * eta / (8760 * 3.6 * cf)
    assert result["plant"]["mw_electric"] == pytest.approx(expected)
    assert result["units"]["mw_electric"] == "MW" and result["units"]["technical_t"] == "t DM/yr"


def test_a_catchment_over_the_sea_has_no_data_and_says_why():
    # 50 km around (-92, 11) is open Pacific: the demo's forest layer has zeros there, which
    # are not data. No country, so no totals, no curve, no plant: null, never 0.
    with translation.override("en"):
        result = catchment_analysis(lon=-92.0, lat=11.0, radius_km=50, scenario_slug="central")
    assert result["countries"] == [] and result["totals"] == [] and result["supply_curve"] == []
    assert set(result["total"].values()) == {None}
    assert result["plant"]["mw_electric"] is None and result["plant"]["energy_pj"] is None
    assert result["note"].startswith("No country of the atlas lies here")
    with translation.override("es"):
        spanish = catchment_analysis(lon=-92.0, lat=11.0, radius_km=50, scenario_slug="central")
    assert spanish["note"].startswith("Ningún país del atlas")


def test_a_catchment_on_land_names_its_countries_and_its_curve_never_falls():
    result = catchment_analysis(**SAN_SALVADOR, radius_km=50, scenario_slug="central")
    assert "SLV" in result["countries"] and result["note"] is None
    curve = result["supply_curve"]
    costs = [p["cost_usd_per_gj"] for p in curve]
    assert len({p["resource"] for p in curve}) > 1  # several resources, each step named
    assert costs == sorted(costs) and costs[0] < costs[-1]
    assert {p["resource"] for p in curve} <= {t["resource"] for t in result["totals"]}
    assert curve[-1]["cumulative_pj"] == pytest.approx(result["total"]["technical_pj"])


def test_a_larger_catchment_never_holds_less():
    small = catchment_analysis(**SAN_SALVADOR, radius_km=20, scenario_slug="high")["total"]
    large = catchment_analysis(**SAN_SALVADOR, radius_km=60, scenario_slug="high")["total"]
    assert all(large[k] >= small[k] for k in small) and large["technical_t"] > small["technical_t"]


def test_the_radius_a_plant_needs_supports_it():
    needed = catchment_analysis(**SAN_SALVADOR, radius_km=10, scenario_slug="high", plant_mw=2)
    radius = needed["radius_for_plant"]["radius_km"]
    assert radius is not None and radius > 0
    at_that_radius = catchment_analysis(**SAN_SALVADOR, radius_km=radius + 1, scenario_slug="high")
    assert at_that_radius["plant"]["mw_electric"] >= 2


@pytest.mark.parametrize(
    "arguments, field",
    [
        ({"lon": -89, "lat": 95, "radius_km": 10}, "lon"),
        ({"lon": -89, "lat": 13, "radius_km": 0}, "radius_km"),
        ({"lon": -89, "lat": 13, "radius_km": 10_000}, "radius_km"),
        ({"lon": -89, "lat": 13, "radius_km": 10, "plant_mw": 0}, "plant_mw"),
        ({"lon": -89, "lat": 13, "radius_km": 10, "scenario_slug": "utopia"}, "scenario"),
    ],
)
def test_bad_catchments_are_refused_naming_the_parameter(arguments, field):
    with pytest.raises(InvalidInput) as refused:
        catchment_analysis(**({"scenario_slug": "central"} | arguments))
    assert refused.value.field == field


def test_an_area_is_checked_before_it_is_computed(settings):
    settings.ANALYSIS_MAX_VERTICES = 4
    square = shape_from_geojson(
        {"type": "Polygon", "coordinates": [[[-85, 10], [-84, 10], [-84, 11], [-85, 11], [-85, 10]]]}
    )
    with pytest.raises(InvalidGeometry, match="the limit is 4") as refused:
        area_analysis(geometry=square, scenario_slug="central")
    assert refused.value.field == "geometry"


def test_candidate_sites_largest_first():
    sites = list(sites_list(country="cri", min_population=100_000))
    assert sites and all(s.country == "CRI" and s.population >= 100_000 for s in sites)
    assert [s.population for s in sites] == sorted((s.population for s in sites), reverse=True)


def test_the_nearest_town_within_reach_or_none():
    town = nearest_site(-89.19, 13.69)
    assert town is not None and town[0] == "San Salvador" and 0 <= town[1] < 5
    # Santa Tecla lies ~11 km west of San Salvador: from a point beside it, it is the nearest
    beside = nearest_site(-89.29, 13.675)
    assert beside is not None and beside[0] != "San Salvador" and beside[1] < 3
    assert nearest_site(-106, 18) is None  # the open Pacific: no town within 50 km
