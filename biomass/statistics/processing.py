"""Processing a statistics version: the production layers of every resource it feeds are
made, processed, and switched on together with the version, in one transaction; until then
the previous version and its layers stay served."""

from __future__ import annotations

import logging
import tempfile
from pathlib import Path

import numpy as np
import rasterio
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from biomass.caching import publishes
from biomass.errors import BiomassError
from biomass.layers.models import AuditEntry, Layer, LayerVersion
from biomass.layers.requests import LayerRequest
from biomass.layers.services.audit import audit_statistics
from biomass.layers.services.processing import heartbeat, layer_versions_process_together
from biomass.layers.services.upload import layer_version_create, layer_version_discard
from biomass.potentials.services import potentials_remove

from .derive import Derived, production_layers
from .models import StatisticsDataset, StatisticsVersion
from .selectors import fed_resources, served_versions, statistics_layers

logger = logging.getLogger(__name__)
NODATA = -9999.0  # production is never negative; NaN as nodata is not JSON


@publishes
def statistics_version_process(*, version_id: int) -> StatisticsVersion:
    version = StatisticsVersion.objects.select_related("dataset").get(pk=version_id)
    if version.status == StatisticsVersion.Status.READY:
        return version
    claimed = StatisticsVersion.objects.filter(pk=version_id, status=StatisticsVersion.Status.PENDING).update(
        status=StatisticsVersion.Status.PROCESSING,
        stage="making production layers",
        attempts=F("attempts") + 1,
        heartbeat_at=timezone.now(),
    )
    if not claimed:
        logger.info("%s is being processed elsewhere", version)
        return version
    layer_versions = []
    try:
        with heartbeat(StatisticsVersion, [version_id]):
            layer_versions = _layer_versions(version, production_layers(version))
            layer_versions_process_together(
                version_ids=[v.pk for v in layer_versions], then=lambda: _switch(version)
            )
    except BaseException as exc:
        if StatisticsVersion.objects.filter(pk=version.pk, status=StatisticsVersion.Status.READY).exists():
            raise  # stopped after the switch had committed: what it made is served, and stays
        for layer_version in layer_versions:  # made for this version only: nothing half-stored stays
            layer_version_discard(version_id=layer_version.pk)
        message = exc.message if isinstance(exc, BiomassError) else f"{type(exc).__name__}: {exc}"
        StatisticsVersion.objects.filter(pk=version.pk).update(
            status=StatisticsVersion.Status.FAILED, stage="failed", error=message
        )
        _audit(AuditEntry.Action.FAILED, version, error=message)
        raise
    version.refresh_from_db()
    _audit(AuditEntry.Action.PROCESSED, version, layers=[v.layer.slug for v in layer_versions])
    return version


@publishes
def statistics_reallocate() -> list[LayerVersion]:
    """Spread the served statistics over the grid again and switch to the new production
    layers together: after region geometries (the allocation zones) or the commodity
    catalogue changed. Nothing to do without served statistics."""
    served = served_versions()
    if not served:
        return []
    layer_versions = []
    try:
        layer_versions = _layer_versions(served[-1], production_layers(served[-1], every_commodity=True))
        layer_versions_process_together(version_ids=[v.pk for v in layer_versions])
    except BaseException:
        for layer_version in layer_versions:
            layer_version_discard(version_id=layer_version.pk)
        raise
    logger.info("statistics spread again: %s", ", ".join(v.layer.slug for v in layer_versions))
    return layer_versions


@publishes
def statistics_withdraw(*, dataset: StatisticsDataset) -> list[str]:
    """Stop serving a dataset: the served statistics without it are spread again, and the
    production layers that nothing feeds any more are withdrawn (their potentials become no
    data), all in one transaction. Returns the slugs of the withdrawn layers."""
    remaining = served_versions(excluding=dataset.pk)
    withdrawn: list[str] = []

    def then():
        StatisticsDataset.objects.filter(pk=dataset.pk).update(
            current_version=None, updated_at=timezone.now()
        )
        withdrawn.extend(_withdraw_orphans(remaining))

    layer_versions = []
    try:
        if remaining:
            derived = production_layers(remaining[-1], every_commodity=True, excluding=dataset.pk)
            layer_versions = _layer_versions(remaining[-1], derived)
        if layer_versions:
            layer_versions_process_together(version_ids=[v.pk for v in layer_versions], then=then)
        else:
            with transaction.atomic():
                then()
    except BaseException:
        for layer_version in layer_versions:
            layer_version_discard(version_id=layer_version.pk)
        raise
    return withdrawn


def _withdraw_orphans(versions: list[StatisticsVersion]) -> list[str]:
    """Withdraw the statistics-made layers that no commodity of ``versions`` feeds."""
    fed = fed_resources(versions)
    orphans = [layer for layer in statistics_layers() if layer.resource_id not in fed]
    Layer.objects.filter(pk__in=[layer.pk for layer in orphans]).update(current_version=None)
    potentials_remove(resource_ids=[layer.resource_id for layer in orphans])
    return [layer.slug for layer in orphans]


def _switch(version: StatisticsVersion) -> None:
    now = timezone.now()
    StatisticsVersion.objects.filter(pk=version.pk).update(
        status=StatisticsVersion.Status.READY, stage="ready", error="", processed_at=now
    )
    StatisticsDataset.objects.filter(pk=version.dataset_id).update(current_version=version, updated_at=now)
    _withdraw_orphans(served_versions())  # a commodity the new version no longer counts


TRIGGER = ("dataset", "version", "checksum")  # which import made a layer: not what it holds


def _same_as_served(entry: Derived) -> bool:
    """Whether the resource's served layer was made from the same statistics, conversions,
    allocation and land cover (then a new version would change nothing)."""
    layer = Layer.objects.filter(role=Layer.Role.RESOURCE, resource=entry.resource).select_related(
        "current_version"
    )
    served = layer.first().current_version if layer.exists() else None
    if served is None or not served.provenance:
        return False

    def held(provenance: dict) -> dict:
        statistics = {k: v for k, v in provenance.get("statistics", {}).items() if k not in TRIGGER}
        return provenance | {"statistics": statistics}

    return held(served.provenance) == held(entry.provenance)


def _layer_versions(version: StatisticsVersion, derived: list[Derived]) -> list[LayerVersion]:
    """A pending version of each resource's production layer whose statistics changed, with
    its provenance."""
    out = []
    with tempfile.TemporaryDirectory() as tmp:
        for entry in derived:
            if _same_as_served(entry):
                continue
            path = Path(tmp) / f"{entry.resource.slug}.tif"
            _write(path, entry)
            layer_version = layer_version_create(
                path=path, request=_request(version, entry), move=True, allow_duplicate=True
            )
            LayerVersion.objects.filter(pk=layer_version.pk).update(provenance=entry.provenance)
            out.append(layer_version)
    return out


def _write(path: Path, entry: Derived) -> None:
    grid = entry.grid
    with rasterio.open(
        path,
        "w",
        driver="GTiff",
        width=grid.width,
        height=grid.height,
        count=1,
        dtype="float64",
        crs=grid.crs_wkt,
        transform=grid.affine,
        nodata=NODATA,
        tiled=True,
        blockxsize=256,
        blockysize=256,
        compress="deflate",
    ) as ds:
        ds.write(np.where(np.isnan(entry.amount), NODATA, entry.amount), 1)


def years_label(windows: set[tuple[int, int]]) -> str:
    """The reference years: "mean 2016–2020", or the range of the windows when they differ."""
    if len(windows) == 1:
        ((first, last),) = windows
        return f"mean {first}–{last}"
    return f"mean of the last five years reported, {min(w[0] for w in windows)}–{max(w[1] for w in windows)}"


def _request(version: StatisticsVersion, entry: Derived) -> LayerRequest:
    """The production layer's name, label, source and licence: those of every dataset its
    numbers come from (the new version's first)."""
    datasets = sorted(entry.datasets.values(), key=lambda d: (d.pk != version.dataset_id, d.slug))
    heads = entry.unit == "head"
    years = years_label(entry.years)
    rules = sorted({c["rule"] for c in entry.provenance["commodities"].values()})
    names = "; ".join(d.name for d in datasets)
    return LayerRequest(
        name=f"{entry.resource.name_en}: {names}, {years}"[:200],
        resource=entry.resource.slug,
        slug=entry.resource.slug,
        quantity=Layer.Quantity.HEADS if heads else Layer.Quantity.PRODUCTION,
        year=max(w[1] for w in entry.years),
        source=" | ".join(d.source for d in datasets),
        licence="; ".join(dict.fromkeys(d.licence for d in datasets if d.licence))[:200],
        label=f"{names}, {years}"[:200],
        description=(
            f"{', '.join(sorted(entry.provenance['commodities']))} from "
            f"{', '.join(d.slug for d in datasets)} (processed with {version.dataset.slug} v{version.number}), "
            f"spread over the land cover with the {' and '.join(rules)} weights; each country's total is kept exactly"
        ),
        original_name=f"{version.dataset.slug}-v{version.number}-{entry.resource.slug}.tif",
    )


def _audit(action: str, version: StatisticsVersion, **details) -> None:
    audit_statistics(action, version=version, **details)
