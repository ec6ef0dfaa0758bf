"""P10, P50 and P90 of every stored potential and of every region's total, from the Monte
Carlo of engine.uncertainty over the cached layer sums. The result is kept in a file keyed by
everything it depends on (the layer versions and their sums, the resources' and the scenario's
versions, the constraint cube, the statistics served), so that a stale result is never read
and a fresh one costs a fraction of a second."""

from __future__ import annotations

import hashlib
import json

import numpy as np

from biomass.catalogue.models import Resource, Scenario
from biomass.catalogue.reference import constant, read
from biomass.engine.uncertainty import ECONOMIC, QUANTITIES, ResourceBase, Spread, monte_carlo, sensitivity
from biomass.layers.selectors import current_resource_layers
from biomass.regions.models import Region
from biomass.regions.selectors import GEOMETRIES
from biomass.statistics.derive import REFERENCE_YEARS
from biomass.statistics.selectors import served_versions, yearly_series

from . import compute
from .series import window_ratios

DRAWS = 1000
SEED = 20261201
METHOD = 2  # raised when the Monte Carlo changes, so that no result of an older method is read
NAMES = tuple(f"{q}_p{p}" for q in QUANTITIES for p in (10, 50, 90))


def resource_spreads(resource: Resource, scenario: Scenario) -> dict[str, Spread]:
    """Each parameter's own uncertainty, the same in every scenario: triangular from its low
    to its high value with its mode at the central one (or its declared distribution). The
    low and high scenarios take every parameter at its low or high value at once, a corner
    of these ranges that usually lies outside the P10–P90. A scenario's availability override
    is a fixed value."""
    spreads = {p.name: Spread(p.low, p.central, p.high, p.distribution) for p in resource.parameters.all()}
    override = (scenario.availability_overrides or {}).get(resource.slug)
    if override is not None:
        spreads["availability"] = Spread(float(override), float(override), float(override))
    return spreads


def economic_spreads(scenario: Scenario) -> dict[str, Spread]:
    """The scenario's price and costs, ± the spreads declared in scenarios.json."""
    declared = read("scenarios.json")["uncertainty"]
    spreads = {}
    for name in ECONOMIC:
        value, spread = getattr(scenario, name), declared[name]["spread"]
        spreads[name] = Spread(value * (1 - spread), value, value * (1 + spread))
    return spreads


def _distance_bins(level, mask: np.ndarray, cube) -> tuple[np.ndarray | None, float]:
    """The technical sums over distance bins 0..k for every k (regions × bins)."""
    axis = compute.distance_axis(cube)
    if axis is None:
        return None, 1.0
    return np.cumsum(cube.by_bin(level.mass * mask, axis.name), axis=1), axis.bin_width


class Inputs:
    """What the Monte Carlo reads, whatever the scenario: the constraint cube, the served
    resource layers and their sums, the statistics' years, the regions (without geometries).
    Read once and shared by the scenarios computed together."""

    def __init__(self):
        self.cube = compute.constraint_cube()
        self.layers = sorted(current_resource_layers(), key=lambda layer: layer.resource.slug)
        self.series, _origin = yearly_series(served_versions())
        self.statistics = [v.pk for v in served_versions()]
        deferred = [f"{prefix}{name}" for prefix in ("", "parent__") for name in GEOMETRIES]
        self.regions = {r.code: r for r in Region.objects.select_related("parent").defer(*deferred)}
        self.children: dict[str, set[str]] = {}
        for region in self.regions.values():
            if region.parent_id:
                self.children.setdefault(region.parent.code, set()).add(region.code)
        self._zones = None
        self._sums: dict[int, object] = {}
        self._years: dict[tuple[int, str], np.ndarray | None] = {}

    def sums(self, layer):
        if layer.pk not in self._sums:
            self._zones = self._zones or {level: compute.level_zones(level) for level in compute.LEVELS}
            self._sums[layer.pk] = compute.layer_sums(layer.current_version, self.cube, zones=self._zones)
        return self._sums[layer.pk]

    def years(self, layer, level_name: str, codes) -> np.ndarray | None:
        """Per region, the reference years' production over the reference production."""
        if (layer.pk, level_name) not in self._years:
            self._years[layer.pk, level_name] = self._ratios(layer, codes)
        return self._years[layer.pk, level_name]

    def _ratios(self, layer, codes) -> np.ndarray | None:
        commodities = (layer.current_version.provenance or {}).get("commodities")
        if not commodities:
            return None
        out = np.ones((len(codes), REFERENCE_YEARS))
        for i, code in enumerate(codes):
            place, units = self.regions[code], self.children.get(code, set())
            ratios = window_ratios(place, commodities, self.series, units)
            if ratios:
                out[i] = [ratios[k % len(ratios)] for k in range(REFERENCE_YEARS)]
        return out


def _bases(scenario: Scenario, inputs: Inputs) -> dict[str, list[ResourceBase]]:
    mask = compute.scenario_mask(scenario, inputs.cube)
    bases: dict[str, list[ResourceBase]] = {}
    for layer in inputs.layers:
        sums = inputs.sums(layer)
        spreads = resource_spreads(layer.resource, scenario)
        for name, level in sums.levels.items():
            bins, width = _distance_bins(level, mask, sums.cube)
            bases.setdefault(name, []).append(
                ResourceBase(
                    slug=layer.resource.slug,
                    quantity=layer.quantity,
                    route=layer.resource.route,
                    params=spreads,
                    theoretical=level.mass.sum(axis=1),
                    technical=level.mass @ mask,
                    economic_bins=bins,
                    bin_km=width,
                    years=inputs.years(layer, name, level.codes),
                    counted=layer.resource.counted_in_totals,
                    codes=level.codes,
                )
            )
    return bases


def _scenario_values(scenario: Scenario) -> list:
    """What of a scenario the Monte Carlo reads (its version alone could repeat after a
    database is rebuilt)."""
    fields = ("parameter_case", "availability_overrides", "constraints", *ECONOMIC)
    return [scenario.version, *(getattr(scenario, name) for name in fields)]


def _parameter_values(layer) -> list:
    return sorted((p.name, p.low, p.central, p.high, p.distribution) for p in layer.resource.parameters.all())


def _key(scenario: Scenario, inputs: Inputs) -> str:
    layers = [
        (
            layer.resource.slug,
            layer.current_version.checksum,
            layer.current_version.pk,
            layer.resource.version,
        )
        for layer in current_resource_layers()
    ]
    signature = {
        "scenario": [scenario.slug, *_scenario_values(scenario)],
        "parameters": {layer.resource.slug: _parameter_values(layer) for layer in inputs.layers},
        "layers": sorted(layers),
        "cube": inputs.cube.describe(),
        "statistics": inputs.statistics,
        "draws": [DRAWS, SEED, METHOD],
        "economic": read("scenarios.json")["uncertainty"],
    }
    return hashlib.sha256(json.dumps(signature, sort_keys=True, default=str).encode()).hexdigest()[:24]


def percentiles(scenario: Scenario, inputs: Inputs | None = None) -> dict[str, dict]:
    """{"rows": {(region code, resource slug): {name: value}}, "totals": {region code: …}}."""
    inputs = inputs or Inputs()
    path = compute.cache_dir("uncertainty") / f"{scenario.slug}-{_key(scenario, inputs)}.json"
    if path.exists():
        return _decoded(json.loads(path.read_text()))
    result = {"rows": [], "totals": [], "sensitivity": {}}
    for level, bases in _bases(scenario, inputs).items():
        by_resource, total = monte_carlo(
            bases,
            economic_spreads(scenario),
            n=DRAWS,
            seed=SEED,
            window=REFERENCE_YEARS,
            methane_gj_per_m3=constant("methane_energy_gj_per_m3"),
        )
        codes = _level_codes(bases)
        for slug, draws in by_resource.items():
            result["rows"] += _encoded(codes, slug, draws.percentiles())
        result["totals"] += _encoded(codes, "", total.percentiles())
        if level == Region.Level.COUNTRY:
            result["sensitivity"] = _sensitivity(codes, bases)
    tmp = path.with_suffix(".tmp")
    tmp.write_text(json.dumps(result))
    tmp.replace(path)
    return _decoded(result)


def _sensitivity(codes, bases: list[ResourceBase], keep: int = 8) -> dict[str, dict]:
    """Per country, the parameters whose range moves its technical total (PJ/yr) most."""
    result = sensitivity(bases, constant("methane_energy_gj_per_m3"))
    out = {}
    for i, code in enumerate(codes):
        bars = [
            {"resource": slug, "parameter": name, "low": float(low[i]), "high": float(high[i])}
            for slug, name, low, high in result["bars"]
        ]
        bars.sort(key=lambda bar: -abs(bar["high"] - bar["low"]))
        out[code] = {"point": float(result["point"][i]), "bars": bars[:keep]}
    return out


def _level_codes(bases: list[ResourceBase]) -> tuple[str, ...]:
    return bases[0].codes if bases else ()


def _encoded(codes, slug: str, values: dict[str, np.ndarray]) -> list:
    return [[code, slug, {name: _finite(values[name][i]) for name in values}] for i, code in enumerate(codes)]


def _finite(value) -> float | None:
    value = float(value)
    return value if np.isfinite(value) else None


def _decoded(result: dict) -> dict:
    return {
        "rows": {(code, slug): values for code, slug, values in result["rows"]},
        "totals": {code: values for code, _slug, values in result["totals"]},
        "sensitivity": result["sensitivity"],
    }
