"""Writes of stored potentials: compute them for a layer version (before it is switched
on), replace them, and recompute them when an input changes (a scenario, a resource's
parameters, the reference data, a region's geometry: the services that change those call
``potentials_compute`` or, in the background, ``tasks.recompute_on_commit``).

Each row records the versions it was computed with: the layer version, the scenario's
version and the resource's version."""

from __future__ import annotations

from collections.abc import Callable, Iterable

from django.db import connection, transaction

from biomass.caching import publishes
from biomass.catalogue.models import Resource, Scenario
from biomass.engine.potentials import evaluate
from biomass.errors import InvalidInput, NotFound
from biomass.layers.models import Layer, LayerVersion
from biomass.layers.selectors import current_resource_layers
from biomass.regions.models import Region

from . import compute, uncertainty
from .models import Potential, PotentialTotal

ProgressCallback = Callable[[str, int], None]


@publishes
def potentials_for_layer_version(
    *, version: LayerVersion, progress: ProgressCallback | None = None
) -> dict[Resource, list[Potential]]:
    """The rows a version would store, by resource, not saved: for a resource layer its own
    resource; for a constraint or cost layer every resource (the constraint cube changes)."""
    layer = version.layer
    scenarios = list(Scenario.objects.all())
    if layer.role == Layer.Role.RESOURCE:
        return {layer.resource: _rows(version, compute.constraint_cube(), scenarios)}
    cube = compute.constraint_cube(overrides={layer.pk: version})
    resource_layers = list(current_resource_layers())
    rows = {}
    for i, resource_layer in enumerate(resource_layers, start=1):
        rows[resource_layer.resource] = _rows(resource_layer.current_version, cube, scenarios)
        if progress:
            progress(
                f"computing potentials ({i}/{len(resource_layers)} layers)",
                50 + 45 * i // len(resource_layers),
            )
    return rows


@publishes
def potentials_replace(
    *, rows_by_resource: dict[Resource, list[Potential]], scenarios: Iterable[Scenario] | None = None
) -> None:
    """Replace the stored potentials of each resource (of the given scenarios, or all)."""
    with transaction.atomic():
        _write_lock()
        for resource, rows in rows_by_resource.items():
            existing = Potential.objects.filter(resource=resource)
            if scenarios is not None:
                existing = existing.filter(scenario__in=list(scenarios))
            existing.delete()
            Potential.objects.bulk_create(rows, batch_size=500)


@publishes
def potentials_remove(*, resource_ids: Iterable[int]) -> None:
    """Delete the stored potentials of resources no served layer feeds any more."""
    with transaction.atomic():
        _write_lock()
        Potential.objects.filter(resource_id__in=list(resource_ids)).delete()


@publishes
def potentials_compute(
    *,
    layer_ids: Iterable[int] | None = None,
    scenario_slugs: Iterable[str] | None = None,
    resource_slugs: Iterable[str] | None = None,
) -> int:
    """Recompute stored potentials for the served resource layers (all, or those of the
    given layer ids or resources) and scenarios (all, or the given slugs). Returns the number
    of rows written. Cached weights and sums make a scenario-only recomputation cheap."""
    layers = _layers(layer_ids, resource_slugs)
    scenarios = list(Scenario.objects.all())
    if scenario_slugs is not None:
        slugs = set(scenario_slugs)
        missing = slugs - {s.slug for s in scenarios}
        if missing:
            raise NotFound(
                "unknown scenario(s): %(slugs)s",
                field="scenario",
                params={"slugs": ", ".join(sorted(missing))},
            )
        scenarios = [s for s in scenarios if s.slug in slugs]
    cube = compute.constraint_cube()
    written = 0
    for layer in layers:
        rows = _rows(layer.current_version, cube, scenarios)
        potentials_replace(rows_by_resource={layer.resource: rows}, scenarios=scenarios)
        written += len(rows)
    uncertainty_store(scenarios=scenarios)
    return written


@publishes
def uncertainty_store(*, scenarios: Iterable[Scenario] | None = None) -> None:
    """Store the P10/P50/P90 of the served potentials and of each region's total (all
    scenarios, or the given ones). Call it once the layer versions it reads are current."""
    inputs = uncertainty.Inputs()
    for scenario in scenarios if scenarios is not None else Scenario.objects.all():
        result = uncertainty.percentiles(scenario, inputs)
        with transaction.atomic():
            _write_lock()
            rows = list(
                Potential.objects.filter(scenario=scenario).values_list(
                    "pk", "region__code", "resource__slug"
                )
            )
            changed = [
                Potential(pk=pk, percentiles=result["rows"].get((code, slug), {})) for pk, code, slug in rows
            ]
            Potential.objects.bulk_update(changed, ["percentiles"], batch_size=500)
            PotentialTotal.objects.filter(scenario=scenario).delete()
            regions = dict(Region.objects.values_list("code", "pk"))
            PotentialTotal.objects.bulk_create(
                [
                    PotentialTotal(
                        region_id=regions[code],
                        scenario=scenario,
                        percentiles=values,
                        sensitivity=result["sensitivity"].get(code, {}),
                    )
                    for code, values in result["totals"].items()
                    if code in regions
                ],
                batch_size=500,
            )


# Any 64-bit number that no other advisory lock of this database uses.
POTENTIALS_LOCK = 0x6269_6F6D_6173_7301


def _write_lock() -> None:
    """One writer of stored potentials at a time, until its transaction ends. Without it a
    switch (delete + insert) and the percentiles' update of the rows it deletes deadlock on
    PostgreSQL, or the update lands on deleted rows. SQLite's IMMEDIATE transactions already
    take the database's write lock when they begin."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [POTENTIALS_LOCK])


def _layers(layer_ids: Iterable[int] | None, resource_slugs: Iterable[str] | None) -> list[Layer]:
    layers = list(current_resource_layers())
    if layer_ids is not None:
        wanted = set(layer_ids)
        unknown = wanted - set(Layer.objects.filter(pk__in=wanted).values_list("pk", flat=True))
        if unknown:
            raise NotFound(
                "unknown layer id(s): %(ids)s",
                field="layer",
                params={"ids": ", ".join(map(str, sorted(unknown)))},
            )
        layers = [layer for layer in layers if layer.pk in wanted]
        if not layers:
            raise InvalidInput("none of these layers is a resource layer with a ready version", field="layer")
    if resource_slugs is not None:
        slugs = set(resource_slugs)
        layers = [layer for layer in layers if layer.resource.slug in slugs]
    return layers


def _rows(version: LayerVersion, cube, scenarios: list[Scenario]) -> list[Potential]:
    """The potentials of one resource layer version, every region and the given scenarios."""
    sums = compute.layer_sums(version, cube)
    regions = dict(Region.objects.values_list("code", "pk"))
    resource = version.layer.resource
    rows = []
    for scenario in scenarios:
        factors = compute.resource_factors(resource, scenario, version.layer.quantity)
        mask = compute.scenario_mask(scenario, sums.cube)
        economic = compute.economic_mask(scenario, sums.cube, mask, factors.dry_matter)
        for level in sums.levels.values():
            for result in evaluate(level, factors, mask, economic):
                if result.coverage == 0:
                    continue  # no cell with data in the region: no data, not zero
                rows.append(
                    Potential(
                        region_id=regions[result.code],
                        resource=resource,
                        scenario=scenario,
                        layer_version=version,
                        scenario_version=scenario.version,
                        resource_version=resource.version,
                        theoretical_t=result.theoretical_t,
                        technical_t=result.technical_t,
                        theoretical_pj=result.theoretical_pj,
                        technical_pj=result.technical_pj,
                        economic_t=result.economic_t,
                        economic_pj=result.economic_pj,
                        coverage=result.coverage,
                    )
                )
    return rows
