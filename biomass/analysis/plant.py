"""The economics of a plant at any site (docs/design.md, "Plant economics"): the site's own
supply curve within the largest catchment radius, the fuel a technology of a given size
needs from it, its levelised cost of electricity (and heat) with a seeded Monte Carlo
P10–P90, its NPV and payback at a country's reference tariff, and the best size."""

from __future__ import annotations

import numpy as np
import shapely
from django.conf import settings
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from biomass.caching import remember
from biomass.catalogue.models import Resource, Scenario, Technology
from biomass.catalogue.selectors import (
    scenario_get,
    tariff_for,
    technology_costs,
    technology_get,
)
from biomass.engine import analysis as engine
from biomass.engine import economics
from biomass.errors import InvalidInput
from biomass.languages import number_text, translated
from biomass.regions.selectors import countries_touching

from .plant_uncertainty import SiteSupply, lcoe_spread
from .selectors import NO_COUNTRY, resource_cells

MAX_SIZES = 60
UNITS = {
    "mw_electric": "MW",
    "electricity_mwh": "MWh/yr",
    "heat_mwh": "MWh/yr",
    "fuel_gj": "GJ/yr (LHV)",
    "capital_usd": "USD",
    "capital_usd_per_kw": "USD/kW",
    "annual_capital_usd": "USD/yr",
    "fixed_om_usd": "USD/yr",
    "variable_om_usd": "USD/yr",
    "fuel_usd": "USD/yr",
    "annual_cost_usd": "USD/yr",
    "annuity_factor": "1/yr",
    "radius_km": "km",
    "average_usd_gj": "USD/GJ delivered",
    "marginal_usd_gj": "USD/GJ delivered",
    "share": "fraction of the fuel taken",
    "lcoe_usd_mwh": "USD/MWh",
    "lcoh_usd_mwh": "USD/MWh",
    "electricity_usd_mwh": "USD/MWh",
    "heat_usd_mwh": "USD/MWh",
    "npv_usd": "USD",
    "simple_payback_years": "years",
    "discount_rate": "fraction per year (real terms)",
}
METHOD = gettext_noop(
    "Fuel from the site's own supply within the largest catchment radius, cheapest delivered "
    "GJ first; levelised cost = (capital × capital recovery factor + O&M + fuel) / electricity, "
    "shared with heat by exergy for CHP; P10–P90 of 200 seeded draws of the technology's "
    "ranges, of each resource's parameters (availability, dry-matter and energy factors, which "
    "scale its energy) and of the scenario's collection and transport costs and tortuosity."
)


def _technology(slug: str, mw: float | None = None, field: str = "mw") -> Technology:
    technology = technology_get(slug=slug, parameter=True)
    if mw is not None and not technology.min_mw <= mw <= technology.max_mw:
        raise InvalidInput(
            "%(field)s must be within %(low)s and %(high)s MW for the %(technology)s, got %(mw)s",
            field=field,
            params={
                "field": field,
                "low": number_text(technology.min_mw),
                "high": number_text(technology.max_mw),
                "technology": technology.name,
                "mw": number_text(mw),
            },
        )
    return technology


def _check_site(lon: float, lat: float) -> None:
    if not (-180 <= lon <= 180 and -90 <= lat <= 90):
        raise InvalidInput("coordinates out of range: lon within ±180, lat within ±90", field="lon")


def usable_resources(technology: Technology, slugs: list[str] | None) -> list[Resource]:
    """The resources the technology burns or digests (counted in totals), or those named,
    each of which must exist and suit the technology."""
    if not slugs:
        return list(Resource.objects.filter(route__in=technology.routes, counted_in_totals=True))
    found = {r.slug: r for r in Resource.objects.filter(slug__in=slugs)}
    for slug in slugs:
        resource = found.get(slug)
        if resource is None:
            raise InvalidInput("unknown resource %(slug)r", field="resource", params={"slug": slug})
        if resource.route not in technology.routes:
            raise InvalidInput(
                "%(resource)s cannot be used by the %(technology)s: its route is %(route)s",
                field="resource",
                params={"resource": resource.name, "technology": technology.name, "route": resource.route},
            )
        if not resource.counted_in_totals:
            raise InvalidInput(
                "%(resource)s overlaps other resources and cannot fuel a plant on its own account",
                field="resource",
                params={"resource": resource.name},
            )
    return [found[slug] for slug in dict.fromkeys(slugs)]


def site_supply(lon: float, lat: float, scenario: Scenario, resources: list[Resource]) -> SiteSupply:
    """One entry per covered cell × usable resource within the largest radius: energy
    [GJ/yr] = technical t DM × GJ/t DM, cost [USD/GJ] = delivered USD/t DM ÷ GJ/t DM. Kept
    until the published data change: the plant and its size curve at a site share it."""
    slugs = sorted(r.slug for r in resources)
    return remember(
        "site-supply",
        lon,
        lat,
        scenario.slug,
        *slugs,
        compute=lambda: _site_supply(lon, lat, scenario, resources),
    )


def _site_supply(lon: float, lat: float, scenario: Scenario, resources: list[Resource]) -> SiteSupply:
    wanted = {r.slug for r in resources}
    disc = engine.geodesic_disc(lon, lat, settings.CATCHMENT_MAX_RADIUS_KM)
    parts, quantities = [], {}
    for cells in resource_cells(disc, scenario, (lon, lat)):
        slug, gj = cells.layer.resource.slug, cells.factors.energy_gj_per_t
        if slug not in wanted or gj <= 0:
            continue
        energy = cells.technical * gj
        keep = energy > 0
        quantities[slug] = cells.layer.quantity
        n = int(keep.sum())
        parts.append(
            (cells.distance_km[keep], energy[keep], cells.cost_usd_t[keep] / gj, [slug] * n, cells.factors)
        )
    joined = [np.concatenate([p[i] for p in parts]) if parts else np.zeros(0) for i in range(3)]
    slugs = np.array([s for p in parts for s in p[3]], dtype=object)
    dm = np.concatenate([np.full(len(p[3]), p[4].dry_matter) for p in parts]) if parts else np.zeros(0)
    return SiteSupply(economics.Supply(*joined), slugs, dm, resources, quantities)


def _prepared(lon, lat, technology_slug, scenario_slug, resource, mw=None):
    _check_site(lon, lat)
    technology = _technology(technology_slug, mw)
    resources = usable_resources(technology, resource)
    scenario = scenario_get(slug=scenario_slug, parameter=True)
    countries = countries_touching(geometry=shapely.Point(lon, lat))
    costs = economics.TechnologyCosts(**_engine_costs(technology))
    site = (
        site_supply(lon, lat, scenario, resources)
        if countries
        else SiteSupply(economics.Supply([], [], []), np.zeros(0, dtype=object), np.zeros(0), resources, {})
    )
    return technology, scenario, countries, costs, site


def _engine_costs(technology: Technology) -> dict:
    values = technology_costs(technology)
    return values | {"lifetime_years": int(round(values["lifetime_years"]))}


def plant_evaluation(
    *,
    lon: float,
    lat: float,
    technology_slug: str,
    mw: float,
    scenario_slug: str,
    resource: list[str] | None = None,
    tariff_usd_mwh: float | None = None,
    heat_price_usd_mwh: float | None = None,
) -> dict:
    """A plant of ``mw`` MW electric of a technology at the site (module docstring)."""
    technology, scenario, countries, costs, site = _prepared(
        lon, lat, technology_slug, scenario_slug, resource, mw
    )
    ordered = economics.supply_order(site.supply)
    needed = float(economics.fuel_needed_gj(mw, costs))
    fuel = economics.fuel_from_supply(ordered, needed)
    plant = economics.plant_costs(mw, costs, rate=scenario.discount_rate, fuel_usd_gj=fuel["average_usd_gj"])
    spread = lcoe_spread(mw, site, ordered, technology, costs, scenario) if fuel["supplied"] else {}
    tariff = _tariff(countries, tariff_usd_mwh, heat_price_usd_mwh)
    money = _money(plant, costs, scenario, tariff)
    return {
        "site": {"lon": lon, "lat": lat, "countries": countries},
        "scenario": _scenario(scenario),
        "technology": _technology_dict(technology),
        "plant": _plant(mw, plant, costs, scenario),
        "fuel": fuel | {"needed_gj": needed, "resources": _shares(site, ordered, needed, fuel)},
        "lcoe_usd_mwh": plant["lcoe_usd_mwh"],
        "lcoh_usd_mwh": plant["lcoh_usd_mwh"],
        **{
            f"{name}_p{p}": spread.get(f"{name}_p{p}")
            for name in ("lcoe_usd_mwh", "lcoh_usd_mwh")
            for p in (10, 50, 90)
        },
        "draws": spread.get("draws"),
        "unsupplied_draws": spread.get("unsupplied"),
        "tariff": tariff,
        **money,
        "units": UNITS,
        "note": _note(countries, fuel, tariff, mw),
        "method": _(METHOD),
    }


def _scenario(scenario: Scenario) -> dict:
    return {
        "slug": scenario.slug,
        "name": scenario.name,
        "version": scenario.version,
        "discount_rate": scenario.discount_rate,
        "discount_rate_source": translated((scenario.sources or {}).get("discount_rate", "")) or None,
    }


def _technology_dict(technology: Technology) -> dict:
    inputs = {
        name: {
            "central": value["central"],
            "low": value["low"],
            "high": value["high"],
            "unit": value["unit"],
            "source": translated(value["source"]),
            "is_assumption": value["is_assumption"],
        }
        for name, value in technology.parameters.items()
    }
    inputs["reference_mw"] = {
        "central": technology.reference_mw,
        "low": technology.reference_mw,
        "high": technology.reference_mw,
        "unit": "MW",
        "source": _("the size the capital cost is quoted for"),
        "is_assumption": False,
    }
    return {
        "slug": technology.slug,
        "name": technology.name,
        "routes": technology.routes,
        "produces_heat": technology.produces_heat,
        "min_mw": technology.min_mw,
        "max_mw": technology.max_mw,
        "inputs": inputs,
    }


def _plant(mw: float, plant: dict, costs, scenario: Scenario) -> dict:
    keys = ("electricity_mwh", "heat_mwh", "fuel_gj", "capital_usd", "annual_capital_usd")
    keys += ("fixed_om_usd", "variable_om_usd", "fuel_usd", "annual_cost_usd", "electricity_share")
    out = {"mw_electric": mw, **{key: plant[key] for key in keys}}
    out["capital_usd_per_kw"] = plant["capital_usd"] / (mw * 1000.0)
    out["annuity_factor"] = economics.annuity_factor(scenario.discount_rate, costs.lifetime_years)
    out["lifetime_years"] = costs.lifetime_years
    return out


def _shares(site: SiteSupply, ordered, needed: float, fuel: dict) -> list[dict]:
    """Each resource's share of the fuel taken (cheapest entries first, the last in part)."""
    if not fuel["supplied"]:
        return []
    before = np.concatenate([[0.0], np.cumsum(ordered.energy_gj)[:-1]])
    taken = np.clip(needed - before, 0.0, ordered.energy_gj)
    slugs = site.resource[ordered.index]
    names = {r.slug: r.name for r in site.resources}
    out = []
    for slug in sorted(set(slugs[taken > 0])):
        share = float(taken[slugs == slug].sum() / needed)
        out.append({"resource": slug, "resource_name": names[slug], "share": share})
    return sorted(out, key=lambda r: -r["share"])


def _tariff(countries: list[str], given: float | None, heat: float | None) -> dict:
    reference = tariff_for(country=countries[0]) if countries else None
    out = {
        "electricity_usd_mwh": None,
        "heat_usd_mwh": None,
        "country": countries[0] if countries else None,
        "source": None,
        "is_assumption": None,
        "year": None,
        "given_by_user": given is not None,
        "heat_source": None,
    }
    if reference is not None:
        out |= {
            "electricity_usd_mwh": reference.electricity_usd_mwh,
            "heat_usd_mwh": reference.heat_usd_mwh,
            "source": translated(reference.source),
            "is_assumption": reference.is_assumption,
            "year": reference.year,
        }
        if reference.heat_usd_mwh is not None:
            out["heat_source"] = out["source"]
    if given is not None:
        out |= {"electricity_usd_mwh": given, "source": _("given by the user"), "is_assumption": None}
        out["year"] = None
    if heat is not None:
        out |= {"heat_usd_mwh": heat, "heat_source": _("given by the user")}
    return out


def _money(plant: dict, costs, scenario: Scenario, tariff: dict) -> dict:
    if tariff["electricity_usd_mwh"] is None or plant["fuel_usd"] is None:
        return {"revenue_usd": None, "npv_usd": None, "simple_payback_years": None}
    flows = economics.cash_flows(
        plant,
        rate=scenario.discount_rate,
        lifetime_years=costs.lifetime_years,
        tariff_usd_mwh=tariff["electricity_usd_mwh"],
        heat_price_usd_mwh=tariff["heat_usd_mwh"] if costs.chp else None,
    )
    return {k: flows[k] for k in ("revenue_usd", "npv_usd", "simple_payback_years")}


def _note(countries, fuel: dict, tariff: dict, mw: float) -> str | None:
    if not countries:
        return _(NO_COUNTRY)
    notes = []
    if not fuel["supplied"]:
        notes.append(
            _("the supply within %(radius)s km cannot feed %(mw)s MW of this technology: there is no cost")
            % {"radius": number_text(settings.CATCHMENT_MAX_RADIUS_KM), "mw": number_text(mw)}
        )
    if tariff["electricity_usd_mwh"] is None:
        notes.append(_("no reference tariff for this country: give tariff_usd_mwh for the NPV and payback"))
    return "; ".join(notes) or None


def plant_size_curve(
    *,
    lon: float,
    lat: float,
    technology_slug: str,
    scenario_slug: str,
    resource: list[str] | None = None,
    sizes: int = 30,
    min_mw: float | None = None,
    max_mw: float | None = None,
) -> dict:
    """The levelised cost against plant size at the site, geometric steps between the
    technology's smallest and largest size (or min_mw..max_mw within them), its minimum."""
    if not 2 <= sizes <= MAX_SIZES:
        raise InvalidInput("sizes must be within 2 and %(max)s", field="sizes", params={"max": MAX_SIZES})
    _check_site(lon, lat)
    technology = _technology(technology_slug)
    low = technology.min_mw if min_mw is None else min_mw
    high = technology.max_mw if max_mw is None else max_mw
    _technology(technology_slug, low, "min_mw")
    _technology(technology_slug, high, "max_mw")
    if not low < high:
        raise InvalidInput("min_mw must be below max_mw", field="min_mw")
    technology, scenario, countries, costs, site = _prepared(
        lon, lat, technology_slug, scenario_slug, resource
    )
    mws = np.geomspace(low, high, sizes)
    curve = economics.size_curve(mws, economics.supply_order(site.supply), costs, rate=scenario.discount_rate)
    best = economics.best_size(curve)
    rows = [_size_row(curve, i) for i in range(len(mws))]
    return {
        "site": {"lon": lon, "lat": lat, "countries": countries},
        "scenario": _scenario(scenario),
        "technology": _technology_dict(technology),
        "sizes": rows,
        "best": None
        if best is None
        else {"mw": rows[best]["mw"], "lcoe_usd_mwh": rows[best]["lcoe_usd_mwh"]},
        "units": {"mw": "MW", **{k: UNITS[k] for k in ROW_UNITS}},
        "note": None if countries else _(NO_COUNTRY),
        "method": _(METHOD),
    }


ROW_UNITS = ("lcoe_usd_mwh", "lcoh_usd_mwh", "radius_km", "average_usd_gj", "marginal_usd_gj")
ROW_UNITS += ("capital_usd_per_kw", "fuel_gj")


def _size_row(curve: dict, i: int) -> dict:
    def value(name):
        if name not in curve:
            return None
        v = float(curve[name][i])
        return None if np.isnan(v) else v

    row = {"mw": float(curve["sizes_mw"][i]), "supplied": bool(curve["supplied"][i])}
    return row | {name: value(name) for name in ROW_UNITS}
