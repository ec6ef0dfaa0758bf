"""Monte Carlo of the potentials over the parameter ranges and the year-to-year variation of
the statistics (docs/design.md, "Uncertainty").

Each draw takes one value of every parameter — triangular from low to high with its mode at
the central value, unless a parameter declares otherwise — and one year of the reference
window. A draw's parameters are the same for every region, so a total over regions or
resources, summed draw by draw, has the right spread (the P90 of a sum is not the sum of the
P90s). The draws come from a seeded generator: the same inputs give the same percentiles.

For a resource and a region with base sums B (from the cached layer sums):

    theoretical_t = B_th · k_dm · Y               technical_t = B_te · k_dm · f · Y
    economic_t    = B_te(reach) · k_dm · f · Y    *_pj = *_t · e / 10⁶

k_dm, e: factors.to_dry_matter and factors.energy on the drawn values; f: availability;
Y: the drawn year's production over the reference production of the region; B_te(reach):
the technical sum over the distance bins within the drawn economic reach.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from . import factors
from .analysis import reach_km
from .errors import InvalidInput

QUANTITIES = ("theoretical_t", "technical_t", "economic_t", "theoretical_pj", "technical_pj", "economic_pj")
PERCENTILES = (10, 50, 90)
ECONOMIC = ("price_usd_t", "collection_cost_usd_t", "transport_cost_usd_t_km", "tortuosity")


TRIANGULAR, UNIFORM = "triangular", "uniform"


@dataclass(frozen=True)
class Spread:
    """A parameter's distribution: triangular (low, mode, high) by default, or uniform from
    low to high (the mode is then only the point value); a point when low == high."""

    low: float
    mode: float
    high: float
    kind: str = TRIANGULAR

    def __post_init__(self):
        if not self.low <= self.mode <= self.high:
            raise InvalidInput(
                "a range must satisfy low ≤ mode ≤ high, got %(low)s, %(mode)s, %(high)s",
                params={"low": self.low, "mode": self.mode, "high": self.high},
            )
        if self.kind not in (TRIANGULAR, UNIFORM):
            raise InvalidInput("unknown distribution %(name)r", params={"name": self.kind})

    def draw(self, rng: np.random.Generator, n: int) -> np.ndarray:
        if self.high == self.low:
            return np.full(n, float(self.mode))
        if self.kind == UNIFORM:
            return rng.uniform(self.low, self.high, n)
        return rng.triangular(self.low, self.mode, self.high, n)


@dataclass(frozen=True)
class ResourceBase:
    """One resource on one region level: the sums the draws scale.

    theoretical, technical: per region (t of the layer's quantity); economic_bins: per region
    and distance bin k, the technical sum over bins ≤ k (cumulative), or None without a
    distance layer; bin_km: the bins' width; years: per region and window position, the
    year's production over the reference (1 where the resource rests on no statistics)."""

    slug: str
    quantity: str
    route: str
    params: dict[str, Spread]
    theoretical: np.ndarray
    technical: np.ndarray
    economic_bins: np.ndarray | None = None
    bin_km: float = 1.0
    years: np.ndarray | None = None
    counted: bool = True
    codes: tuple[str, ...] = ()


@dataclass
class Draws:
    """The draws of one resource, or of a total: {quantity: regions × draws}."""

    values: dict[str, np.ndarray] = field(default_factory=dict)

    def percentiles(self) -> dict[str, np.ndarray]:
        """{quantity_pNN: per region}; NaN where the quantity is no data."""
        out = {}
        for name, draws in self.values.items():
            qs = np.percentile(draws, PERCENTILES, axis=1)
            for p, q in zip(PERCENTILES, qs, strict=True):
                out[f"{name}_p{p}"] = q
        return out

    def add(self, other: Draws) -> None:
        for name, draws in other.values.items():
            self.values[name] = self.values[name] + draws if name in self.values else draws.copy()


def economic_draws(spreads: dict[str, Spread], rng: np.random.Generator, n: int) -> dict[str, np.ndarray]:
    """The scenario's economic parameters, drawn once for all resources."""
    drawn = {name: spreads[name].draw(rng, n) for name in ECONOMIC}
    drawn["tortuosity"] = np.maximum(drawn["tortuosity"], 1.0)
    return drawn


def resource_draws(
    base: ResourceBase,
    rng: np.random.Generator,
    year_index: np.ndarray,
    economic: dict[str, np.ndarray] | None,
    methane_gj_per_m3: float,
) -> Draws:
    """The draws of one resource on one level (regions × draws for every quantity)."""
    values = {name: spread.draw(rng, len(year_index)) for name, spread in sorted(base.params.items())}
    years = _years(base)[:, year_index % _years(base).shape[1]]
    return Draws(evaluate(base, values, years, economic, methane_gj_per_m3))


def _years(base: ResourceBase) -> np.ndarray:
    return np.ones((len(base.theoretical), 1)) if base.years is None else base.years


def evaluate(
    base: ResourceBase,
    values: dict[str, np.ndarray],
    years: np.ndarray,
    economic: dict[str, np.ndarray] | None,
    methane_gj_per_m3: float,
) -> dict[str, np.ndarray]:
    """Every quantity (regions × n) for n sets of parameter ``values`` and year factors
    ``years`` (regions × n)."""
    n = years.shape[1]
    k_dm = np.broadcast_to(factors.to_dry_matter(base.quantity, values), (n,))
    energy = np.broadcast_to(factors.energy(base.route, values, methane_gj_per_m3), (n,)) / 1e6
    share = values.get("availability", np.ones(n))
    scale = years * k_dm  # regions × n
    out = {
        "theoretical_t": base.theoretical[:, None] * scale,
        "technical_t": base.technical[:, None] * scale * share,
    }
    if base.economic_bins is not None and economic is not None:
        reach = reach_km(
            price=economic["price_usd_t"],
            collection=economic["collection_cost_usd_t"],
            transport_wet=economic["transport_cost_usd_t_km"],
            tortuosity=economic["tortuosity"],
            dry_matter=values.get("dry_matter", np.ones(n)),
        )
        bins = base.economic_bins.shape[1]
        k = np.floor(np.minimum(reach, bins * base.bin_km) / base.bin_km + 1e-9)
        within = base.economic_bins[:, np.clip(k, 0, bins - 1).astype(int)] * (reach >= 0)
        out["economic_t"] = within * scale * share
    for name in ("theoretical", "technical", "economic"):
        if f"{name}_t" in out:
            out[f"{name}_pj"] = out[f"{name}_t"] * energy
    return out


def sensitivity(bases: list[ResourceBase], methane_gj_per_m3: float, quantity: str = "technical_pj") -> dict:
    """One at a time: each parameter of each resource counted in totals, and the statistics'
    year, at its low and at its high value with everything else at its point value (the mode).
    Returns {"point": total per region, "bars": [(resource, parameter, low, high)]}, the totals
    per region when that one parameter is low or high."""
    counted = [b for b in bases if b.counted]
    point = {b.slug: _point(b, {}, None, methane_gj_per_m3)[quantity][:, 0] for b in counted}
    total = sum(point.values()) if point else np.zeros(0)
    bars = []
    for base in counted:
        rest = total - point[base.slug]
        varied = [(name, {name: np.array([s.low, s.high])}, None) for name, s in sorted(base.params.items())]
        if base.years is not None:
            varied.append(("year", {}, np.stack([base.years.min(axis=1), base.years.max(axis=1)], axis=1)))
        for name, override, years in varied:
            out = _point(base, override, years, methane_gj_per_m3)[quantity]
            if np.any(out[:, 0] != out[:, 1]):
                bars.append((base.slug, name, rest + out[:, 0], rest + out[:, 1]))
    return {"point": total, "bars": bars}


def _point(base: ResourceBase, override: dict, years: np.ndarray | None, methane: float) -> dict:
    n = len(next(iter(override.values()))) if override else (1 if years is None else years.shape[1])
    values = {name: np.full(n, float(s.mode)) for name, s in base.params.items()} | override
    years = np.ones((len(base.theoretical), n)) if years is None else years
    return evaluate(base, values, years, None, methane)


def monte_carlo(
    bases: list[ResourceBase],
    economic: dict[str, Spread] | None,
    *,
    n: int,
    seed: int,
    window: int,
    methane_gj_per_m3: float,
) -> tuple[dict[str, Draws], Draws]:
    """Draws of every resource of one level, and of their total (resources counted in totals).
    Each resource draws from its own stream (seeded by its slug) so that adding a resource
    leaves the others' percentiles unchanged."""
    if n < 2:
        raise InvalidInput("at least two draws are needed")
    rng = np.random.default_rng(seed)
    year_index = rng.integers(0, max(window, 1), n)
    shared = economic_draws(economic, rng, n) if economic else None
    by_resource, total = {}, Draws()
    for base in bases:
        stream = np.random.default_rng([seed, *base.slug.encode()])
        draws = resource_draws(base, stream, year_index, shared, methane_gj_per_m3)
        by_resource[base.slug] = draws
        if base.counted:
            total.add(draws)
    return by_resource, total
