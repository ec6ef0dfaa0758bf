"""Reads that compute on the fly: the potential of any drawn area and the catchment of a
candidate plant site, with supply-cost curves and plant sizes (no database writes)."""

from __future__ import annotations

import math
from typing import NamedTuple

import numpy as np
from django.conf import settings
from django.contrib.gis.geos import Polygon
from django.db.models import QuerySet
from django.utils.translation import gettext, gettext_noop
from django.utils.translation import gettext as _

from biomass.catalogue.models import Resource, Scenario
from biomass.catalogue.selectors import scenario_get
from biomass.engine import analysis as engine
from biomass.engine.geometry import geodesic_area_m2
from biomass.engine.potentials import GJ_PER_PJ, ResourceFactors, energy_for_plant_gj, plant_capacity_mw
from biomass.errors import InvalidInput
from biomass.languages import number_text, translated
from biomass.layers.models import Layer
from biomass.layers.selectors import current_resource_layers
from biomass.potentials import columns, compute
from biomass.regions.selectors import countries_touching

from .models import Site

TOTALS = ("theoretical_t", "technical_t", "economic_t", "theoretical_pj", "technical_pj", "economic_pj")
UNITS = {
    **{name: columns.UNITS[name] for name in TOTALS},
    "cost_usd_per_t": "USD/t DM delivered",
    "cost_usd_per_gj": "USD/GJ delivered",
    "cumulative_t": "t DM/yr",
    "cumulative_pj": "PJ/yr",
    "mw_electric": "MW",
    "mw_thermal": "MW",
    "radius_km": "km",
    "area_km2": "km²",
}

NO_COUNTRY = gettext_noop(
    "No country of the atlas lies here (over the sea, or outside Mexico, Central America and the "
    "Dominican Republic): there is no data."
)


class ResourceCells(NamedTuple):
    """The covered cells of one resource layer: t DM/yr per cell and delivered cost."""

    layer: Layer
    factors: ResourceFactors
    theoretical: np.ndarray
    technical: np.ndarray
    economic: np.ndarray
    distance_km: np.ndarray
    cost_usd_t: np.ndarray


def resource_cells(geometry, scenario: Scenario, site: tuple[float, float]):
    """Per current resource layer: the covered cells with theoretical, technical and
    economic t DM, and their distance and delivered cost to the site."""
    cube = compute.constraint_cube()
    mask = compute.scenario_mask(scenario, cube)
    for layer in sorted(current_resource_layers(), key=lambda layer: layer.resource.slug):
        version = layer.current_version
        table = engine.cell_table(version.path, geometry, quantity=layer.quantity, cube=cube)
        if table.valid_area_ha <= 0:
            continue  # no data here, which is not a zero
        factors = compute.resource_factors(layer.resource, scenario, layer.quantity)
        theoretical = table.mass * factors.to_dry_matter
        technical = theoretical * factors.availability * mask[table.key]
        distance = engine.distances_km(site[0], site[1], table.lon, table.lat)
        cost = engine.delivered_cost(
            distance,
            collection=scenario.collection_cost_usd_t,
            transport=scenario.transport_cost_usd_t_km,
            tortuosity=scenario.tortuosity,
            dry_matter=factors.dry_matter,
        )
        economic = np.where(cost <= scenario.price_usd_t, technical, 0.0)
        yield ResourceCells(layer, factors, theoretical, technical, economic, distance, cost)


def analyse(geometry, *, scenario: Scenario, site: tuple[float, float]) -> dict:
    """Totals by resource, the supply-cost curve to the site and the plant the economic
    supply supports, all from the exact coverage of ``geometry``."""
    countries = countries_touching(geometry=geometry)
    totals, costs, masses, energies, groups = [], [], [], [], []
    economic_gj: dict[str, float] = {}
    for cells in resource_cells(geometry, scenario, site) if countries else ():
        gj = cells.factors.energy_gj_per_t
        totals.append(_resource_total(cells))
        if not cells.layer.resource.counted_in_totals:
            continue  # overlaps other resources: listed, never added
        costs.append(cells.cost_usd_t)
        masses.append(cells.technical)
        energies.append(np.full(len(cells.cost_usd_t), gj))
        groups.append(np.full(len(cells.cost_usd_t), cells.layer.resource.slug))
        economic_gj[cells.layer.resource.slug] = float((cells.economic * gj).sum())
    curve = engine.supply_curve(_joined(costs), _joined(masses), _joined(energies), groups=_joined(groups))
    return {
        "scenario": {
            "slug": scenario.slug,
            "name": scenario.name,
            "version": scenario.version,
            "price_usd_t": scenario.price_usd_t,
            "collection_cost_usd_t": scenario.collection_cost_usd_t,
            "transport_cost_usd_t_km": scenario.transport_cost_usd_t_km,
            "tortuosity": scenario.tortuosity,
        },
        "site": {"lon": site[0], "lat": site[1]},
        "totals": totals,
        "total": _total(totals),
        "supply_curve": curve,
        "plant": _plant(economic_gj, scenario) if totals else _no_plant(scenario),
        "units": UNITS,
        "countries": countries,
        "note": None if countries else gettext(NO_COUNTRY),
    }


def _no_plant(scenario: Scenario) -> dict:
    """No data, no plant: the capacity is unknown (None), not 0."""
    return _plant({}, scenario) | {"mw_electric": None, "mw_thermal": None, "energy_pj": None}


def _total(totals: list[dict]) -> dict:
    """The sum of the resources counted in totals; no data (None) where none has data."""
    counted = [t for t in totals if t["counted_in_totals"]]
    return {k: sum(t[k] for t in counted) if counted else None for k in TOTALS}


def _joined(arrays: list[np.ndarray]) -> np.ndarray:
    return np.concatenate(arrays or [np.zeros(0)])


def _resource_total(cells: ResourceCells) -> dict:
    layer, gj = cells.layer, cells.factors.energy_gj_per_t
    theoretical_t = float(cells.theoretical.sum())
    technical_t = float(cells.technical.sum())
    economic_t = float(cells.economic.sum())
    return {
        "resource": layer.resource.slug,
        "resource_name": layer.resource.name,
        "label": translated(layer.label),
        "layer": layer.slug,
        "layer_version": layer.current_version.number,
        "counted_in_totals": layer.resource.counted_in_totals,
        "theoretical_t": theoretical_t,
        "technical_t": technical_t,
        "economic_t": economic_t,
        "theoretical_pj": theoretical_t * gj / GJ_PER_PJ,
        "technical_pj": technical_t * gj / GJ_PER_PJ,
        "economic_pj": economic_t * gj / GJ_PER_PJ,
    }


def _plant(economic_gj: dict[str, float], scenario: Scenario) -> dict:
    """The capacity the economic supply supports: each resource's energy through its route's
    plant (efficiency and capacity factor), summed."""
    mw = {"mw_electric": 0.0, "mw_thermal": 0.0}
    routes = {}
    for resource in Resource.objects.filter(slug__in=economic_gj):
        plant = compute.route_plant(resource, scenario)
        gj, cf = economic_gj[resource.slug], plant["capacity_factor"]
        mw["mw_electric"] += plant_capacity_mw(gj, plant["efficiency_electric"], cf)
        mw["mw_thermal"] += plant_capacity_mw(gj, plant["efficiency_thermal"], cf)
        routes[resource.slug] = {"route": resource.route, **plant}
    return mw | {
        "basis": _(
            "economic supply: technical potential delivered at or below the scenario's price, "
            "each resource through its conversion route's plant"
        ),
        "energy_pj": sum(economic_gj.values()) / GJ_PER_PJ,
        "efficiency_electric": scenario.efficiency_electric,
        "efficiency_thermal": scenario.efficiency_thermal,
        "capacity_factor": scenario.capacity_factor,
        "routes": routes,
    }


def area_analysis(*, geometry, scenario_slug: str) -> dict:
    polygon = engine.checked_area(
        geometry, max_vertices=settings.ANALYSIS_MAX_VERTICES, max_area_km2=settings.ANALYSIS_MAX_AREA_KM2
    )
    point = polygon.representative_point()
    result = analyse(
        polygon, scenario=scenario_get(slug=scenario_slug, parameter=True), site=(point.x, point.y)
    )
    result["area_km2"] = geodesic_area_m2(polygon) / 1e6
    result["site"]["note"] = _("costs are delivered to this point inside the area")
    return result


def catchment_analysis(
    *, lon: float, lat: float, radius_km: float, scenario_slug: str, plant_mw: float | None = None
) -> dict:
    if not (-180 <= lon <= 180 and -90 <= lat <= 90):
        raise InvalidInput("coordinates out of range: lon within ±180, lat within ±90", field="lon")
    limit = settings.CATCHMENT_MAX_RADIUS_KM
    if not 0 < radius_km <= limit:
        raise InvalidInput(
            "radius_km must be above 0 and at most %(limit)s", field="radius_km", params={"limit": limit}
        )
    if plant_mw is not None and not plant_mw > 0:
        raise InvalidInput("plant_mw must be above 0", field="plant_mw")
    scenario = scenario_get(slug=scenario_slug, parameter=True)
    result = analyse(engine.geodesic_disc(lon, lat, radius_km), scenario=scenario, site=(lon, lat))
    result["radius_km"] = radius_km
    if plant_mw is not None:
        result["radius_for_plant"] = _radius_for_plant(lon, lat, plant_mw, scenario, limit)
    return result


def _radius_for_plant(lon: float, lat: float, plant_mw: float, scenario: Scenario, limit: float) -> dict:
    """Everything within the largest radius, nearest first, until the plant is fed."""
    distance, supported, energy = [], [], []
    for cells in resource_cells(engine.geodesic_disc(lon, lat, limit), scenario, (lon, lat)):
        if not cells.layer.resource.counted_in_totals:
            continue
        plant = compute.route_plant(cells.layer.resource, scenario)
        gj = cells.economic * cells.factors.energy_gj_per_t
        distance.append(cells.distance_km)
        energy.append(gj)
        # MW each cell's fuel supports through its route's plant: additive, unlike energy.
        supported.append(gj * plant_capacity_mw(1.0, plant["efficiency_electric"], plant["capacity_factor"]))
    distance, supported, energy = _joined(distance), _joined(supported), _joined(energy)
    radius = engine.radius_for_energy(distance, supported, plant_mw)
    needed = _energy_needed(plant_mw, scenario, distance, supported, energy, radius)
    return {
        "mw_electric": plant_mw,
        "energy_needed_pj": needed / GJ_PER_PJ,
        "radius_km": radius,
        "note": None
        if radius is not None
        else _("the economic supply within %(radius)s km does not support %(mw)s MW")
        % {"radius": number_text(limit), "mw": number_text(plant_mw)},
    }


def _energy_needed(plant_mw, scenario, distance, supported, energy, radius) -> float:
    """GJ/yr of fuel the plant needs with the resource mix within ``radius`` (all of the
    supply when no radius is enough; a combustion plant's need when there is no supply)."""
    within = distance <= (np.inf if radius is None else radius)
    mw = float(supported[within].sum())
    if mw <= 0:
        return energy_for_plant_gj(plant_mw, scenario.efficiency_electric, scenario.capacity_factor)
    return plant_mw * float(energy[within].sum()) / mw


def sites_list(*, country: str | None = None, min_population: int | None = None) -> QuerySet[Site]:
    """Candidate plant sites, largest first."""
    sites = Site.objects.order_by("-population", "name")
    if country:
        sites = sites.filter(country=country.upper())
    if min_population is not None:
        sites = sites.filter(population__gte=min_population)
    return sites


def nearest_site(lon: float, lat: float, within_km: float = 50.0) -> tuple[str, float] | None:
    """The name (active language) and distance in km of the candidate site (town) nearest the
    point, if one is within ``within_km``; else None."""
    half_lat = within_km / 111.195
    half_lon = half_lat / max(math.cos(math.radians(lat)), 0.1)
    box = Polygon.from_bbox((lon - half_lon, lat - half_lat, lon + half_lon, lat + half_lat))
    box.srid = 4326
    sites = list(Site.objects.filter(point__within=box).values_list("name", "point"))
    if not sites:
        return None
    km = engine.distances_km(lon, lat, np.array([p.x for _, p in sites]), np.array([p.y for _, p in sites]))
    i = int(np.argmin(km))
    return (translated(sites[i][0]), float(km[i])) if km[i] <= within_km else None
