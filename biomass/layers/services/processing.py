"""Processing a pending version: claim it (one worker at a time), convert it to a
Cloud-Optimized GeoTIFF, compute its statistics and the potentials it changes, and switch
the site to it in one transaction. On failure the version is marked failed with the reason,
and the previous version keeps being served."""

from __future__ import annotations

import logging
import os
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import rasterio
from django.conf import settings
from django.db import DatabaseError, connection, transaction
from django.db.models import F, Q
from django.utils import timezone

from biomass.caching import publishes
from biomass.engine import rasters
from biomass.errors import BiomassError, Conflict, InvalidRaster
from biomass.potentials import services as potentials

from .. import store
from ..models import AuditEntry, Layer, LayerVersion
from ..selectors import stale_before
from .audit import audit_log

logger = logging.getLogger(__name__)

ProgressCallback = Callable[[str, int], None]


@publishes
def layer_version_process(*, version_id: int, progress: ProgressCallback | None = None) -> LayerVersion:
    """Convert a pending version to a COG, compute its potentials for every region and
    scenario, and switch the site to it at once (one transaction)."""
    version = LayerVersion.objects.select_related("layer", "layer__resource").get(pk=version_id)
    if version.status == LayerVersion.Status.READY:
        return version
    if not _claim(version_id):
        logger.info("%s is being processed by another worker", version)
        return version
    report = _reporter(version, progress)
    produced: Path | None = None
    try:
        with heartbeat(LayerVersion, [version_id]):
            produced = _prepare(version, report)
            report("computing potentials", 50)
            _failpoint("before-activate")
            layer_version_switch(version=version, progress=report)
    except BaseException as exc:
        _mark_failed(version, exc, produced)
        raise
    return _finish(version)


@publishes
def layer_versions_process_together(
    *, version_ids: list[int], then: Callable[[], None] | None = None
) -> list[LayerVersion]:
    """Process pending versions of several resource layers and switch the site to all of them
    in one transaction, together with ``then()`` — or, if any fails, to none of them."""
    versions = [
        LayerVersion.objects.select_related("layer", "layer__resource").get(pk=pk) for pk in version_ids
    ]
    if not all(_claim(version.pk) for version in versions):
        raise Conflict("these layer versions are being processed elsewhere", field="version")
    produced: dict[int, Path] = {}
    try:
        with heartbeat(LayerVersion, version_ids):
            rows = _prepare_together(versions, produced)
        with transaction.atomic():
            potentials.potentials_replace(rows_by_resource=rows)
            for version in versions:
                _mark_ready(version, switch=True)
            if then:
                then()
            # Once committed (it reads what is served then, statistics included): not while this
            # transaction holds the database's write lock.
            transaction.on_commit(potentials.uncertainty_store, robust=True)
    except BaseException as exc:
        for version in versions:
            _mark_failed(version, exc, produced.get(version.pk))
        raise
    return [_finish(version) for version in versions]


def _prepare_together(versions: list[LayerVersion], produced: dict[int, Path]) -> dict:
    rows = {}
    for version in versions:
        produced[version.pk] = _prepare(version, _reporter(version, None))
        rows |= potentials.potentials_for_layer_version(version=version)
    return rows


@contextmanager
def heartbeat(model, ids: list[int]) -> Iterator[None]:
    """While the block runs, a thread marks the rows alive (``heartbeat_at``) every quarter of
    LAYER_STALE_SECONDS: a worker busy in a long step stays fresh, a killed one goes stale."""
    stop = threading.Event()

    def beat() -> None:
        try:
            while not stop.wait(max(settings.LAYER_STALE_SECONDS / 4, 0.5)):
                try:
                    model.objects.filter(pk__in=ids, status="processing").update(heartbeat_at=timezone.now())
                except DatabaseError as exc:  # e.g. the database busy: the next beat may pass
                    logger.warning("heartbeat of %s %s missed: %s", model.__name__, ids, exc)
        finally:
            connection.close()  # this thread's own connection

    thread = threading.Thread(target=beat, name="heartbeat", daemon=True)
    thread.start()
    try:
        yield
    finally:
        stop.set()
        thread.join()


def _prepare(version: LayerVersion, report: ProgressCallback) -> Path:
    """Convert the upload to a COG and read its statistics (on ``version``, not saved yet)."""
    report("converting to Cloud-Optimized GeoTIFF", 10)
    produced = _convert(version)
    version.file = store.name_of(produced)
    version.checksum = rasters.sha256_file(produced)
    report("computing statistics", 30)
    categorical = version.layer.quantity == Layer.Quantity.CATEGORICAL
    version.statistics = rasters.raster_statistics(produced, categorical=categorical).as_dict()
    with rasterio.open(produced) as ds:
        version.nodata = ds.nodata
    return produced


def _finish(version: LayerVersion) -> LayerVersion:
    _remove_upload(version)
    version.refresh_from_db()
    audit_log(
        AuditEntry.Action.PROCESSED,
        version=version,
        checksum=version.checksum,
        current=version.layer.current_version_id == version.pk,
    )
    return version


@publishes
def layer_version_switch(
    *, version: LayerVersion, progress: ProgressCallback | None = None, force: bool = False
) -> None:
    """Compute what the version changes, then in one transaction mark it ready and, if it
    is newer than the layer's current version (or ``force``), switch the site to it."""
    rows = potentials.potentials_for_layer_version(version=version, progress=progress)
    with transaction.atomic():
        locked = Layer.objects.select_for_update().get(pk=version.layer_id)
        current = LayerVersion.objects.filter(pk=locked.current_version_id).first()
        switch = force or current is None or version.number > current.number
        if switch:
            potentials.potentials_replace(rows_by_resource=rows)
        _mark_ready(version, switch=switch)
        if switch:
            transaction.on_commit(potentials.uncertainty_store, robust=True)


def _reporter(version: LayerVersion, progress: ProgressCallback | None) -> ProgressCallback:
    def report(stage: str, percent: int) -> None:
        LayerVersion.objects.filter(pk=version.pk).update(
            stage=stage, progress=percent, heartbeat_at=timezone.now()
        )
        if progress:
            progress(stage, percent)

    return report


def _claim(version_id: int) -> bool:
    """Take a version for processing: a pending one, or one whose worker died (stale).
    Two workers never process the same version at once."""
    fields = {
        "status": LayerVersion.Status.PROCESSING,
        "heartbeat_at": timezone.now(),
        "error": "",
        "attempts": F("attempts") + 1,
    }
    if LayerVersion.objects.filter(pk=version_id, status=LayerVersion.Status.PENDING).update(**fields):
        return True
    stale = Q(heartbeat_at__lt=stale_before()) | Q(heartbeat_at__isnull=True)
    processing = Q(pk=version_id, status=LayerVersion.Status.PROCESSING)
    return bool(LayerVersion.objects.filter(processing & stale).update(**fields))


def _failpoint(name: str) -> None:
    """Fault injection for the crash tests: BIOMASS_FAILPOINT=<name> pauses here for
    BIOMASS_FAILPOINT_SECONDS (the test kills the worker meanwhile). Unset in production."""
    if os.environ.get("BIOMASS_FAILPOINT") == name:
        time.sleep(float(os.environ.get("BIOMASS_FAILPOINT_SECONDS", "3600")))


def _mark_failed(version: LayerVersion, exc: BaseException, produced: Path | None) -> None:
    message = exc.message if isinstance(exc, BiomassError) else f"{type(exc).__name__}: {exc}"
    failed = (
        LayerVersion.objects.filter(pk=version.pk)
        .exclude(status=LayerVersion.Status.READY)
        .update(status=LayerVersion.Status.FAILED, error=message, stage="failed", file="")
    )
    if not failed:
        # The switch had committed (the worker was stopped after it, while the percentiles
        # were being stored): the version is served, and keeps its file.
        logger.warning("%s was interrupted after its switch (%s); it stays served", version, message)
        return
    if produced is not None:
        produced.unlink(missing_ok=True)
    audit_log(AuditEntry.Action.FAILED, version=version, error=message)
    logger.warning("processing %s failed: %s", version, message)


def _remove_upload(version: LayerVersion) -> None:
    if store.exists(version.upload):
        store.delete(version.upload)
        LayerVersion.objects.filter(pk=version.pk).update(upload="")


def _convert(version: LayerVersion) -> Path:
    source = store.local_path(version.upload)
    if not source.exists():
        raise InvalidRaster(
            "the uploaded file of %(version)s is missing; upload it again", params={"version": str(version)}
        )
    folder = store.local_path(f"layers/{version.layer.slug}")
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / f"v{version.number}-{version.source_checksum[:12]}.tif"
    nodata = version.nodata
    if nodata is None:
        nodata = rasters.default_nodata(version.dtype, (version.statistics or {}).get("max"))
    rasters.convert_to_cog(
        source,
        target,
        band=version.band,
        crs_epsg=version.crs_assigned or None,
        nodata=nodata,
        categorical=version.layer.quantity == Layer.Quantity.CATEGORICAL,
    )
    return target


def _mark_ready(version: LayerVersion, *, switch: bool = True) -> None:
    version.status = LayerVersion.Status.READY
    version.stage = "ready"
    version.progress = 100
    version.processed_at = timezone.now()
    version.heartbeat_at = version.processed_at
    # Only what processing produced: other fields (attempts) are owned by the database.
    version.save(
        update_fields=[
            "status",
            "stage",
            "progress",
            "processed_at",
            "heartbeat_at",
            "file",
            "checksum",
            "statistics",
            "nodata",
        ]
    )
    if switch:
        Layer.objects.filter(pk=version.layer_id).update(current_version=version, updated_at=timezone.now())
