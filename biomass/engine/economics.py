"""The economics of a plant at a site: the fuel it needs, the radius of the site's own supply
curve that supplies it, and the levelised cost of its electricity (and heat), with the best
size and a Monte Carlo P10–P90 (docs/design.md, "Plant economics").

For a plant of P MW electric (units in brackets):

    E = P · CF · 8760                    electricity [MWh/yr]
    H = E · η_th / η_e                   useful heat [MWh/yr]
    F = E · 3.6 / η_e                    fuel energy, LHV [GJ/yr]
    C(P) = c_ref · 1000 · P_ref · (P / P_ref)^n     capital [USD]; c_ref in USD/kW at P_ref
    CRF = r (1 + r)^N / ((1 + r)^N − 1)  capital recovery factor [1/yr]; 1/N when r = 0
    A = C · CRF + φ · C + v · E + f̄ · F  annual cost [USD/yr]; φ fixed O&M share [1/yr],
                                         v variable O&M [USD/MWh], f̄ fuel cost [USD/GJ]
    LCOE = A / E                         [USD/MWh], power only (η_th = 0 or x = 0)
    CHP (η_th > 0 and x > 0): costs shared by exergy, x the heat's Carnot factor:
    s = E / (E + x · H),  LCOE = s · A / E,  LCOH = (1 − s) · A / H   [USD/MWh]
    NPV = −C + (E · p_e [+ H · p_h] − φ · C − v · E − f̄ · F) · (1 − (1 + r)^−N) / r   [USD]
    simple payback = C / yearly cash flow [yr]; no payback when the cash flow is ≤ 0.

The fuel: the site's supply entries (cell × resource: distance [km], energy [GJ/yr],
delivered cost [USD/GJ]) sorted cheapest first (then nearest) are its supply curve. A plant
takes entries in that order, the last one in part, until it has F; it pays each GJ its own
delivered cost, so f̄ is the energy-weighted AVERAGE cost of what it takes; the MARGINAL cost
(of the last GJ) and the radius (the largest distance taken) are reported too. A plant the
supply cannot feed has no data (None, NaN in arrays), never 0.

Monte Carlo: each draw scales each entry's energy and cost and draws the technology's
parameters; the fuel is taken in the CENTRAL supply-curve order (an approximation: a draw
that changes costs unevenly would reorder the curve, which is not redone per draw, so a
draw's average cost errs high, never low). Draws the supply cannot feed are counted and left
out of the percentiles.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass

import numpy as np

from .errors import InvalidInput

HOURS_PER_YEAR = 8760.0
GJ_PER_MWH = 3.6
PERCENTILES = (10, 50, 90)
CHUNK_BYTES = 8e6  # working set of a chunk of draws: small enough to stay in the cache (faster)
# Parameters a Monte Carlo draw may vary (the lifetime and the reference size stay central).
DRAWABLE = tuple(
    "capex_usd_per_kw scale_exponent fixed_om_share variable_om_usd_mwh efficiency_electric"
    " efficiency_thermal capacity_factor heat_exergy_factor".split()
)

ABOVE_0 = "%(field)s must be above 0, got %(value)s"
AT_LEAST_0 = "%(field)s must be at least 0, got %(value)s"
FRACTION = "%(field)s must be above 0 and at most 1, got %(value)s"
SHARE = "%(field)s must be at least 0 and at most 1, got %(value)s"
RATE = "%(field)s must be at least 0 and below 1, got %(value)s"
SCALE = "a scale needs one row per draw and one column, or one per supply entry"
NUMBER = "%(field)s must be a number, got %(value)s"
LIFETIME = "the lifetime must be a whole number of years, at least 1, got %(value)s"


def _check(field: str, value, ok, template: str) -> None:
    """Raise InvalidInput naming ``field`` unless ``ok`` holds for every element of value."""
    values = np.asarray(value, dtype=float)
    good = np.isfinite(values) & ok(values)
    if not np.all(good):
        bad = values[~good] if values.ndim else values
        raise InvalidInput(template, field=field, params={"field": field, "value": float(bad.flat[0])})


@dataclass(frozen=True)
class TechnologyCosts:
    """One technology's values (central, or one Monte Carlo draw: then arrays, one per draw)."""

    reference_mw: float  # MW electric of the reference plant the capital cost is quoted for
    capex_usd_per_kw: float  # USD per kW electric at reference_mw (overnight, installed)
    scale_exponent: float  # n in C(P) = C_ref · (P / P_ref)^n (total cost), 0 < n <= 1
    fixed_om_share: float  # fixed O&M per year as a fraction of the capital cost [1/yr]
    variable_om_usd_mwh: float  # USD per MWh electric
    efficiency_electric: float  # fraction of fuel energy (LHV) to electricity, (0, 1]
    efficiency_thermal: float  # fraction to useful heat (0 for power only)
    capacity_factor: float  # (0, 1]
    lifetime_years: int
    heat_exergy_factor: float = 0.0  # Carnot factor sharing costs between electricity and heat

    def __post_init__(self):
        _check("reference_mw", self.reference_mw, lambda v: v > 0, ABOVE_0)
        _check("capex_usd_per_kw", self.capex_usd_per_kw, lambda v: v > 0, ABOVE_0)
        _check("scale_exponent", self.scale_exponent, lambda v: (v > 0) & (v <= 1), FRACTION)
        _check("fixed_om_share", self.fixed_om_share, lambda v: (v >= 0) & (v <= 1), SHARE)
        _check("variable_om_usd_mwh", self.variable_om_usd_mwh, lambda v: v >= 0, AT_LEAST_0)
        _check("efficiency_electric", self.efficiency_electric, lambda v: (v > 0) & (v <= 1), FRACTION)
        _check("efficiency_thermal", self.efficiency_thermal, lambda v: (v >= 0) & (v < 1), RATE)
        total = np.asarray(self.efficiency_electric) + np.asarray(self.efficiency_thermal)
        _check("efficiency_thermal", total, lambda v: v <= 1, "the efficiencies must add up to at most 1")
        _check("capacity_factor", self.capacity_factor, lambda v: (v > 0) & (v <= 1), FRACTION)
        _check("heat_exergy_factor", self.heat_exergy_factor, lambda v: (v >= 0) & (v <= 1), SHARE)
        years = self.lifetime_years
        if isinstance(years, bool) or not isinstance(years, int | np.integer) or years < 1:
            raise InvalidInput(LIFETIME, field="lifetime_years", params={"value": years})

    @property
    def chp(self) -> bool:
        """Heat is valued (and LCOH reported) only with a thermal output and an exergy factor."""
        heat, exergy = np.asarray(self.efficiency_thermal), np.asarray(self.heat_exergy_factor)
        return bool(np.all(heat > 0) and np.all(exergy > 0))


@dataclass(frozen=True, eq=False)
class Supply:
    """The site's own supply, one entry per cell × resource the technology can use.
    ``index``: after supply_order, each entry's position in the supply it was sorted from."""

    distance_km: np.ndarray
    energy_gj: np.ndarray  # GJ/yr of fuel energy available from the entry
    cost_usd_gj: np.ndarray  # delivered cost, USD/GJ
    index: np.ndarray | None = None

    def __post_init__(self):
        arrays = [np.asarray(a, dtype=float) for a in (self.distance_km, self.energy_gj, self.cost_usd_gj)]
        if any(a.ndim != 1 or len(a) != len(arrays[0]) for a in arrays):
            raise InvalidInput(
                "the supply's distances, energies and costs must be lists of one length", field="supply"
            )
        for name, values in zip(("distance_km", "energy_gj"), arrays, strict=False):
            _check(name, values, lambda v: v >= 0, AT_LEAST_0)
        _check("cost_usd_gj", arrays[2], lambda v: np.ones(v.shape, bool), NUMBER)
        for name, values in zip(("distance_km", "energy_gj", "cost_usd_gj"), arrays, strict=True):
            object.__setattr__(self, name, values)

    def __len__(self) -> int:
        return len(self.energy_gj)


def annuity_factor(rate: float, years: int) -> float:
    """The capital recovery factor r(1+r)^n / ((1+r)^n − 1) [1/yr]; 1/n when r == 0."""
    _check("rate", rate, lambda v: (v >= 0) & (v < 1), RATE)
    _check("lifetime_years", years, lambda v: v >= 1, "the lifetime must be at least 1 year, got %(value)s")
    if rate == 0:
        return 1.0 / years
    growth = (1.0 + rate) ** years
    return rate * growth / (growth - 1.0)


def _size(mw):
    _check("mw", mw, lambda v: v > 0, ABOVE_0)
    return np.asarray(mw, dtype=float) if np.ndim(mw) else float(mw)


def capital_cost_usd(mw, costs: TechnologyCosts):
    """C(P) = capex_usd_per_kw · 1000 · P_ref · (P / P_ref)^n [USD]; arrays too."""
    mw = _size(mw)
    return (
        costs.capex_usd_per_kw
        * 1000.0
        * costs.reference_mw
        * (mw / costs.reference_mw) ** costs.scale_exponent
    )


def electricity_mwh(mw, costs: TechnologyCosts):
    """E = P · CF · 8760 [MWh/yr]."""
    return _size(mw) * costs.capacity_factor * HOURS_PER_YEAR


def fuel_needed_gj(mw, costs: TechnologyCosts):
    """F = P · CF · 8760 · 3.6 / η_e [GJ/yr]."""
    return electricity_mwh(mw, costs) * GJ_PER_MWH / costs.efficiency_electric


def supply_order(supply: Supply) -> Supply:
    """The site's supply curve order: cheapest per GJ first, then nearest."""
    order = np.lexsort((supply.distance_km, supply.cost_usd_gj))
    base = np.arange(len(supply)) if supply.index is None else supply.index
    return Supply(supply.distance_km[order], supply.energy_gj[order], supply.cost_usd_gj[order], base[order])


def _reach(ordered: Supply) -> np.ndarray:
    """The largest distance among the entries up to each one that supply energy."""
    return (
        np.maximum.accumulate(np.where(ordered.energy_gj > 0, ordered.distance_km, 0.0))
        if len(ordered)
        else ordered.distance_km
    )


def _take(cum, cum_cost, costs, reach, needed, k, length, offset=0):
    """Average and marginal cost and radius when entry k (of ``length``, from ``offset`` in
    the flat arrays) is the last one taken."""
    supplied = k < length
    k = np.minimum(k, max(length - 1, 0))
    i = offset + k
    before = np.where(k > 0, cum[i - 1], 0.0)
    paid = np.where(k > 0, cum_cost[i - 1], 0.0) + (needed - before) * costs[i]
    return {
        "radius_km": np.where(supplied, reach[k], np.nan),
        "average_usd_gj": np.where(supplied, paid / needed, np.nan),
        "marginal_usd_gj": np.where(supplied, costs[i], np.nan),
        "supplied": supplied,
    }


def fuel_from_supply(ordered: Supply, needed_gj) -> dict:
    """The fuel ``needed_gj`` [GJ/yr] taken from an ordered supply, cheapest first, the last
    entry in part: radius_km, average_usd_gj (energy-weighted), marginal_usd_gj (cost of the
    last GJ), supplied. Arrays of needs give arrays (NaN where not supplied); a single need
    gives floats (None where not supplied)."""
    _check("needed_gj", needed_gj, lambda v: v > 0, ABOVE_0)
    needed = np.asarray(needed_gj, dtype=float)
    if len(ordered) == 0:
        out = {"radius_km": np.full(needed.shape, np.nan), "supplied": np.zeros(needed.shape, bool)}
        out |= {"average_usd_gj": out["radius_km"], "marginal_usd_gj": out["radius_km"]}
    else:
        cum = np.cumsum(ordered.energy_gj)
        cum_cost = np.cumsum(ordered.energy_gj * ordered.cost_usd_gj)
        k = np.searchsorted(cum, needed, side="left")
        out = _take(cum, cum_cost, ordered.cost_usd_gj, _reach(ordered), needed, k, len(cum))
    if needed.ndim:
        return out
    return {
        name: (bool(v) if name == "supplied" else None if np.isnan(v) else float(v))
        for name, v in out.items()
    }


def _annual(mw, costs: TechnologyCosts, crf: float, fuel_usd_gj) -> dict:
    """The yearly parts of the cost and the levelised costs, arrays broadcast."""
    capital = capital_cost_usd(mw, costs)
    energy = electricity_mwh(mw, costs)
    heat = energy * costs.efficiency_thermal / costs.efficiency_electric
    fuel_gj = energy * GJ_PER_MWH / costs.efficiency_electric
    out = {
        "capital_usd": capital,
        "annual_capital_usd": capital * crf,
        "fixed_om_usd": capital * costs.fixed_om_share,
        "variable_om_usd": energy * costs.variable_om_usd_mwh,
        "fuel_gj": fuel_gj,
        "fuel_usd": fuel_gj * fuel_usd_gj,
        "electricity_mwh": energy,
        "heat_mwh": heat,
    }
    total = out["annual_capital_usd"] + out["fixed_om_usd"] + out["variable_om_usd"] + out["fuel_usd"]
    out["annual_cost_usd"] = total
    if costs.chp:
        share = energy / (energy + costs.heat_exergy_factor * heat)
        out |= {"electricity_share": share, "lcoe_usd_mwh": share * total / energy}
        out["lcoh_usd_mwh"] = (1.0 - share) * total / heat
    else:
        out |= {"electricity_share": 1.0, "lcoe_usd_mwh": total / energy, "lcoh_usd_mwh": None}
    return out


def plant_costs(mw, costs: TechnologyCosts, *, rate: float, fuel_usd_gj) -> dict:
    """Capital and yearly costs [USD, USD/yr], outputs [MWh/yr] and the LCOE (LCOH for CHP)
    [USD/MWh] of a plant of ``mw`` MW buying its fuel at ``fuel_usd_gj`` (the average
    delivered cost). Without a fuel cost (None: not supplied) the fuel cost and the levelised
    costs are None."""
    crf = annuity_factor(rate, costs.lifetime_years)
    out = _annual(mw, costs, crf, np.nan if fuel_usd_gj is None else fuel_usd_gj)
    if np.ndim(mw):
        return out
    return {k: None if v is None or np.isnan(v) else float(v) for k, v in out.items()}


def cash_flows(
    costs_dict: dict, *, rate: float, lifetime_years: int, tariff_usd_mwh: float, heat_price_usd_mwh=None
) -> dict:
    """NPV [USD] at ``rate`` over ``lifetime_years`` and simple payback [yr] of a plant
    (``plant_costs``' result) selling electricity at ``tariff_usd_mwh`` (and heat at
    ``heat_price_usd_mwh`` when given). None without a fuel cost; no payback when the yearly
    cash flow is ≤ 0."""
    _check("tariff_usd_mwh", tariff_usd_mwh, lambda v: v >= 0, AT_LEAST_0)
    if heat_price_usd_mwh is not None:
        _check("heat_price_usd_mwh", heat_price_usd_mwh, lambda v: v >= 0, AT_LEAST_0)
    crf = annuity_factor(rate, lifetime_years)
    if costs_dict.get("fuel_usd") is None:
        return {"revenue_usd": None, "yearly_cash_usd": None, "npv_usd": None, "simple_payback_years": None}
    revenue = costs_dict["electricity_mwh"] * tariff_usd_mwh
    if heat_price_usd_mwh is not None:
        revenue += costs_dict["heat_mwh"] * heat_price_usd_mwh
    spent = costs_dict["fixed_om_usd"] + costs_dict["variable_om_usd"] + costs_dict["fuel_usd"]
    yearly = revenue - spent
    capital = costs_dict["capital_usd"]
    return {
        "revenue_usd": revenue,
        "yearly_cash_usd": yearly,
        "npv_usd": -capital + yearly / crf,
        "simple_payback_years": capital / yearly if yearly > 0 else None,
    }


def size_curve(sizes_mw, ordered: Supply, costs: TechnologyCosts, *, rate: float) -> dict[str, np.ndarray]:
    """The levelised cost against plant size at the site, vectorised over sizes: lcoe_usd_mwh
    (and lcoh_usd_mwh for CHP), radius_km, average_usd_gj, marginal_usd_gj, supplied,
    capital_usd_per_kw, fuel_gj; NaN where the supply cannot feed the size."""
    sizes = np.atleast_1d(np.asarray(sizes_mw, dtype=float))
    _size(sizes)
    crf = annuity_factor(rate, costs.lifetime_years)
    fuel = fuel_from_supply(ordered, fuel_needed_gj(sizes, costs))
    annual = _annual(sizes, costs, crf, fuel["average_usd_gj"])
    out = {"sizes_mw": sizes, **fuel, "lcoe_usd_mwh": annual["lcoe_usd_mwh"], "fuel_gj": annual["fuel_gj"]}
    out["capital_usd_per_kw"] = annual["capital_usd"] / (sizes * 1000.0)
    if annual["lcoh_usd_mwh"] is not None:
        out["lcoh_usd_mwh"] = annual["lcoh_usd_mwh"]
    return out


def best_size(curve: dict) -> int | None:
    """Index of the lowest LCOE among the supplied sizes (None if none is supplied)."""
    lcoe = np.where(curve["supplied"], curve["lcoe_usd_mwh"], np.inf)
    return int(np.argmin(lcoe)) if np.any(np.isfinite(lcoe)) else None


def technology_draws(spreads: dict, rng: np.random.Generator, n: int) -> dict[str, np.ndarray]:
    """n draws of each parameter from its Spread (engine.uncertainty), in name order."""
    unknown = sorted(set(spreads) - set(DRAWABLE))
    if unknown:
        raise InvalidInput("%(name)s cannot be drawn", field="spreads", params={"name": unknown[0]})
    return {name: spreads[name].draw(rng, n) for name in sorted(spreads)}


def _scales(energy_scale, cost_scale, n: int, m: int):
    out = []
    for name, scale in (("energy_scale", energy_scale), ("cost_scale", cost_scale)):
        scale = np.ones((n, 1)) if scale is None else np.asarray(scale, dtype=float)
        if scale.ndim != 2 or scale.shape[0] != n or scale.shape[1] not in (1, m):
            raise InvalidInput(SCALE, field=name)
        if scale.size and not (scale.min() >= 0 and np.isfinite(scale.max())):  # fast when all is well
            _check(name, scale, lambda v: v >= 0, AT_LEAST_0)
        out.append(scale)
    return out


def _fuel_draws(ordered: Supply, needed: np.ndarray, es: np.ndarray, cs: np.ndarray) -> dict:
    """The fuel of each draw, taken in the central order from entries scaled per draw."""
    if es.shape[1] == 1 and cs.shape[1] == 1:  # the same scale for every entry: the central curve
        beyond = 2.0 * ordered.energy_gj.sum() + 1.0  # more than the supply holds: no draw meets it
        fuel = fuel_from_supply(ordered, needed / np.maximum(es[:, 0], needed / beyond))
        return fuel | {k: fuel[k] * cs[:, 0] for k in ("average_usd_gj", "marginal_usd_gj")}
    least = ordered.energy_gj * (es.min(axis=0) if es.shape[1] > 1 else es.min())
    least = np.cumsum(least)  # no draw's cumulative supply is below this: none goes further than last
    last = min(int(np.searchsorted(least, needed.max(), side="left")) + 1, len(ordered))
    energy, cost, reach = ordered.energy_gj[:last], ordered.cost_usd_gj[:last], _reach(ordered)[:last]
    rows = max(1, int(CHUNK_BYTES / (last * 8 * 6)))  # six float arrays of rows × last
    parts = []
    for start in range(0, len(needed), rows):
        e, c = energy * es[start : start + rows, :last], cost * cs[start : start + rows, :last]
        e, c = np.broadcast_arrays(e, c)
        cum, cum_cost = np.cumsum(e, axis=1), np.cumsum(e * c, axis=1)
        need = needed[start : start + rows]
        k = (cum < need[:, None]).sum(axis=1)
        offset = np.arange(len(need)) * last
        parts.append(_take(cum.ravel(), cum_cost.ravel(), c.ravel(), reach, need, k, last, offset))
    return {name: np.concatenate([part[name] for part in parts]) for name in parts[0]}


def lcoe_percentiles(
    mw,
    ordered: Supply,
    costs: TechnologyCosts,
    draws,
    *,
    rate,
    energy_scale=None,
    cost_scale=None,
    percentiles=PERCENTILES,
) -> dict:
    """Percentiles of the LCOE (and LCOH for CHP) [USD/MWh], of the radius [km] and of the
    average fuel cost [USD/GJ] of a plant of ``mw`` MW over Monte Carlo draws: ``draws``
    {parameter: one value per draw} (technology_draws; the others stay at ``costs``),
    ``energy_scale`` and ``cost_scale`` multipliers of each ordered entry's energy and cost
    (draws × entries, or draws × 1). The fuel is taken in the central order (module
    docstring). Returns {name_pNN: value or None}, ``draws`` and ``unsupplied`` counts."""
    unknown = sorted(set(draws) - set(DRAWABLE))
    if unknown:
        raise InvalidInput("%(name)s cannot be drawn", field="draws", params={"name": unknown[0]})
    sizes = {len(np.atleast_1d(v)) for v in draws.values()}
    sizes |= {np.shape(s)[0] for s in (energy_scale, cost_scale) if s is not None and np.ndim(s)}
    if len(sizes) != 1 or min(sizes) < 2:
        raise InvalidInput(
            "at least two draws are needed, the same number for every parameter", field="draws"
        )
    n = sizes.pop()
    drawn = dataclasses.replace(
        costs, **{k: np.broadcast_to(np.asarray(v, dtype=float), (n,)) for k, v in draws.items()}
    )
    es, cs = _scales(energy_scale, cost_scale, n, len(ordered))
    needed = np.broadcast_to(fuel_needed_gj(mw, drawn), (n,)).astype(float)
    fuel = _fuel_draws(ordered, needed, es, cs) if len(ordered) else fuel_from_supply(ordered, needed)
    annual = _annual(mw, drawn, annuity_factor(rate, costs.lifetime_years), fuel["average_usd_gj"])
    ok = fuel["supplied"]
    values = {name: annual[name] for name in ("lcoe_usd_mwh", "lcoh_usd_mwh")}
    values |= {name: fuel[name] for name in ("radius_km", "average_usd_gj")}
    out = {"draws": n, "unsupplied": int(n - ok.sum())}
    for name, value in values.items():
        kept = None if value is None or not ok.any() else np.broadcast_to(value, (n,))[ok]
        for p in percentiles if value is not None else ():
            out[f"{name}_p{p}"] = None if kept is None else float(np.percentile(kept, p))
    return out
