"""Glue between the stored inputs and the engine: region sets, cached cell weights and layer sums,
constraint cubes, resource factors and scenario masks. Cached files live under
MEDIA_ROOT/cache/ and are keyed by content, so a stale cache is never read."""

from __future__ import annotations

import functools
import hashlib
import json
import logging
import math
from pathlib import Path

import numpy as np
import rasterio
import shapely
from django.conf import settings

from biomass.catalogue.models import Resource, Scenario
from biomass.catalogue.reference import constant
from biomass.engine import factors
from biomass.engine.aggregate import LayerSums, aggregate_layer
from biomass.engine.analysis import reach_km as engine_reach_km
from biomass.engine.constraints import CATEGORICAL, CONTINUOUS, ConstraintAxis, ConstraintCube
from biomass.engine.errors import Text
from biomass.engine.first_pass import first_pass
from biomass.engine.grid import Grid
from biomass.engine.potentials import ResourceFactors
from biomass.engine.weights import compute_zone_weights
from biomass.engine.zones import Zone, ZoneWeights, zones_key
from biomass.errors import InvalidInput
from biomass.layers.models import Layer, LayerVersion
from biomass.layers.selectors import current_cost_and_constraint_layers
from biomass.regions.models import Region
from biomass.regions.selectors import level_geometries

logger = logging.getLogger(__name__)

LEVELS = tuple(Region.Level.values)
DEFAULT_BIN_WIDTH = 0.5


def cache_dir(kind: str) -> Path:
    path = Path(settings.MEDIA_ROOT) / "cache" / kind
    path.mkdir(parents=True, exist_ok=True)
    return path


def level_zones(level: str) -> list[Zone]:
    return [Zone(code=code, geometry=shapely.from_wkb(wkb)) for code, wkb in level_geometries(level=level)]


# Raised when the coverage method changes, so that weights cached by an earlier method are
# computed again (2: overlapping regions by the scanline too, no longer by exactextract).
WEIGHTS_METHOD = 2


def weights_path(grid: Grid, level: str, zones: list[Zone]) -> Path:
    return cache_dir("weights") / f"m{WEIGHTS_METHOD}-{grid.key}-{level}-{zones_key(zones)}.npz"


def zone_weights(grid: Grid, level: str) -> ZoneWeights:
    """The exact weights of a region level on a grid, from the cache or computed (and kept)."""
    zones = level_zones(level)
    path = weights_path(grid, level, zones)
    if path.exists():
        return ZoneWeights.load(path)
    weights = compute_zone_weights(grid, zones)
    weights.save(path)
    return weights


def version_grid(version: LayerVersion) -> Grid:
    with rasterio.open(version.path) as ds:
        return Grid.from_dataset(ds)


def constraint_cube(overrides: dict[int, LayerVersion] | None = None) -> ConstraintCube:
    """Every constraint and cost layer with a ready version, as axes ordered by role and
    slug. ``overrides`` replaces a layer's current version by another (one being processed)."""
    overrides = overrides or {}
    axes = []
    for layer in current_cost_and_constraint_layers():
        version = overrides.get(layer.pk, layer.current_version)
        if version is None or not version.file:
            continue
        stats = version.statistics or {}
        if layer.quantity == Layer.Quantity.CATEGORICAL:
            axes.append(
                ConstraintAxis(
                    name=layer.slug,
                    kind=CATEGORICAL,
                    path=str(version.path),
                    classes=tuple(stats.get("classes", ())),
                    version=version.checksum,
                )
            )
        else:
            axes.append(
                ConstraintAxis(
                    name=layer.slug,
                    kind=CONTINUOUS,
                    path=str(version.path),
                    bin_width=layer.bin_width or DEFAULT_BIN_WIDTH,
                    max_value=max(0.0, stats.get("max") or 0.0),
                    version=version.checksum,
                )
            )
    return ConstraintCube(tuple(axes))


def layer_sums(
    version: LayerVersion, cube: ConstraintCube, *, threads: int | None = None, zones: dict | None = None
) -> LayerSums:
    """Sums of a resource layer version over both region levels, cached by content. When the
    grid's cell weights are not cached yet, weights and sums come from one pass. ``zones``
    (by level) saves reading the region geometries again when summing many layers."""
    grid = version_grid(version)
    zones = zones or {level: level_zones(level) for level in LEVELS}
    paths = {level: weights_path(grid, level, zones[level]) for level in LEVELS}
    if not all(path.exists() for path in paths.values()):
        weights, sums = first_pass(
            version.path,
            quantity=version.layer.quantity,
            zones=zones,
            cube=cube,
            threads=threads or settings.ENGINE_THREADS,
        )
        for level, path in paths.items():
            weights[level].save(path)
        sums.save(_sums_path(version, weights, cube))
        return sums
    weights = {level: ZoneWeights.load(path) for level, path in paths.items()}
    path = _sums_path(version, weights, cube)
    if path.exists():
        return _loaded_sums(str(path), path.stat().st_mtime_ns)
    sums = aggregate_layer(
        version.path,
        quantity=version.layer.quantity,
        weights=weights,
        cube=cube,
        threads=threads or settings.ENGINE_THREADS,
    )
    sums.save(path)
    return sums


@functools.lru_cache(maxsize=64)
def _loaded_sums(path: str, _mtime_ns: int) -> LayerSums:
    """Cached sums read once per process (keyed by path, which is keyed by content, and by the
    file's time, so a rewritten file is read again): what-ifs recompute from memory."""
    return LayerSums.load(Path(path))


def _sums_path(version: LayerVersion, weights: dict[str, ZoneWeights], cube: ConstraintCube) -> Path:
    signature = json.dumps(
        {
            "checksum": version.checksum,
            "band": 1,
            "quantity": version.layer.quantity,
            "levels": {lvl: zones_key_of(w) for lvl, w in weights.items()},
            "cube": cube.describe(),
        },
        sort_keys=True,
    )
    digest = hashlib.sha256(signature.encode()).hexdigest()[:24]
    return cache_dir("sums") / f"{version.pk}-{digest}.npz"


def cached_sums_forget(version_id: int) -> None:
    """Remove the cached sums of a layer version that is gone."""
    for path in cache_dir("sums").glob(f"{version_id}-*.npz"):
        path.unlink(missing_ok=True)


def zones_key_of(weights: ZoneWeights) -> str:
    digest = hashlib.sha256()
    digest.update("|".join(weights.codes).encode())
    digest.update(weights.region_area_ha.tobytes())
    digest.update(weights.partial_fraction.tobytes())
    return digest.hexdigest()[:16]


def resource_values(resource: Resource, scenario: Scenario) -> dict[str, float]:
    """The resource's parameter values in the scenario's case, with its availability override."""
    values = resource.parameter_values(scenario.parameter_case)
    if resource.slug in (scenario.availability_overrides or {}):
        values["availability"] = float(scenario.availability_overrides[resource.slug])
    return values


def resource_factors(
    resource: Resource, scenario: Scenario, quantity: str, values: dict | None = None
) -> ResourceFactors:
    """The scalars of a resource under a scenario (or under the given parameter ``values``)."""
    values = resource_values(resource, scenario) if values is None else values
    try:
        to_dm = factors.to_dry_matter(quantity, values)
        energy = factors.energy(resource.route, values, constant("methane_energy_gj_per_m3"))
    except InvalidInput as error:
        raise InvalidInput(
            "resource %(slug)r: %(problem)s",
            params={"slug": resource.slug, "problem": Text(error.template, **error.params)},
        ) from None
    return ResourceFactors(
        to_dry_matter=float(to_dm),
        availability=float(values.get("availability", 1.0)),
        energy_gj_per_t=float(energy),
        dry_matter=float(values.get("dry_matter", 1.0)),
    )


def route_plant(resource: Resource, scenario: Scenario) -> dict[str, float]:
    """The plant of the resource's conversion route in the scenario: electric and thermal
    efficiency and capacity factor (a resource available only in a season, such as bagasse,
    declares its own capacity factor)."""
    if resource.route == Resource.Route.BIOGAS:
        plant = {
            "efficiency_electric": scenario.digestion_efficiency_electric,
            "efficiency_thermal": scenario.digestion_efficiency_thermal,
            "capacity_factor": scenario.digestion_capacity_factor,
        }
    else:
        plant = {
            "efficiency_electric": scenario.efficiency_electric,
            "efficiency_thermal": scenario.efficiency_thermal,
            "capacity_factor": scenario.capacity_factor,
        }
    own = resource_values(resource, scenario).get("capacity_factor")
    return plant | ({"capacity_factor": own} if own else {})


def distance_axis(cube: ConstraintCube):
    """The cost axis used for delivered costs: the first cost layer measured in km."""
    costs = {layer.slug for layer in Layer.objects.filter(role=Layer.Role.COST, units__iexact="km")}
    return next((axis for axis in cube.axes if axis.name in costs), None)


def economic_mask(
    scenario: Scenario, cube: ConstraintCube, technical: np.ndarray, dry_matter: float = 1.0
) -> np.ndarray | None:
    """The technical mask, further limited to cells whose delivered cost per t DM
        collection + transport (per wet t·km) / d × distance × tortuosity
    is at or below the scenario's price. Distances are binned (the layer's bin width): a bin
    counts when its upper edge is within reach, so the answer errs on the low side by at most
    one bin. None when no distance layer is loaded."""
    axis = distance_axis(cube)
    if axis is None:
        return None
    reach = engine_reach_km(
        price=scenario.price_usd_t,
        collection=scenario.collection_cost_usd_t,
        transport_wet=scenario.transport_cost_usd_t_km,
        tortuosity=scenario.tortuosity,
        dry_matter=dry_matter,
    )
    if reach < 0:
        return np.zeros_like(technical)
    reach = min(reach, axis.bins * axis.bin_width)
    reach = math.floor(reach / axis.bin_width + 1e-9) * axis.bin_width
    return technical * cube.mask({axis.name: {"max": reach, "nodata": "exclude"}})


def scenario_mask(scenario: Scenario, cube: ConstraintCube) -> np.ndarray:
    """The scenario's constraint rules on the axes that exist (rules for layers that are
    not loaded are ignored and logged)."""
    names = {axis.name for axis in cube.axes}
    rules = {slug: rule for slug, rule in (scenario.constraints or {}).items() if slug in names}
    ignored = set(scenario.constraints or {}) - names
    if ignored:
        logger.info(
            "scenario %s: no constraint layer %s; rule ignored", scenario.slug, ", ".join(sorted(ignored))
        )
    return cube.mask(rules)
