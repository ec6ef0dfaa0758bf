"""Recovering from a worker that died (killed, out of memory, machine restarted): a version
still "processing" with no sign of life for LAYER_STALE_SECONDS is taken back, the files its
conversion left under MEDIA_ROOT are removed, its task row is marked failed, and it is queued
again after a backoff that doubles at each attempt — at most LAYER_MAX_ATTEMPTS attempts, then
it is marked failed with the reason. ``manage.py recover_stalled`` runs this (the demo's
worker supervisor runs it every minute)."""

from __future__ import annotations

import logging
import shutil
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from .. import store, tasks
from ..models import AuditEntry, Layer, LayerVersion
from ..selectors import stale_before
from .audit import audit_log

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Recovered:
    version: LayerVersion
    retried: bool  # queued again; otherwise failed for good
    delay: float = 0.0


def stalled_recover() -> list[Recovered]:
    """Take back every stalled version (see the module), then remove the temporary files of
    conversions that no live worker owns."""
    recovered = []
    stalled = LayerVersion.objects.filter(_stalled()).exclude(provenance__has_key="statistics")
    for version in stalled.select_related("layer").order_by("pk"):
        outcome = _take_back(version)
        if outcome is not None:
            recovered.append(outcome)
    conversion_leftovers_remove()
    return recovered


def _stalled() -> Q:
    stale = Q(heartbeat_at__lt=stale_before()) | Q(heartbeat_at__isnull=True)
    return Q(status=LayerVersion.Status.PROCESSING) & stale


def _take_back(version: LayerVersion) -> Recovered | None:
    attempts, limit = version.attempts, settings.LAYER_MAX_ATTEMPTS
    upload_gone = not store.exists(version.upload)
    retry = attempts < limit and not upload_gone
    delay = retry_delay(attempts)
    if retry:
        fields = {
            "status": LayerVersion.Status.PENDING,
            "stage": f"queued again in {delay:g} s",
            "progress": 0,
        }
        reason = f"attempt {attempts} of {limit} stopped without finishing (its worker died); queued again"
    else:
        why = (
            "and its uploaded file is gone; upload it again"
            if upload_gone
            else f"{attempts} attempts of {limit}: the worker died each time, e.g. killed or out of memory"
        )
        fields = {"status": LayerVersion.Status.FAILED, "stage": "failed", "file": ""}
        reason = (
            f"processing stopped without finishing ({why}); "
            "not retried again — check the file, then retry it by hand"
        )
    with transaction.atomic():
        # Conditional: a worker that came back to life, or another sweep, wins.
        if not LayerVersion.objects.filter(_stalled(), pk=version.pk).update(error=reason, **fields):
            return None
        task_rows_fail(tasks.process_layer_version, version.pk, reason)
        audit_log(
            AuditEntry.Action.RETRY if retry else AuditEntry.Action.FAILED,
            version=version,
            error=reason,
            attempts=attempts,
        )
        if retry:
            transaction.on_commit(lambda: enqueue_after(tasks.process_layer_version, version.pk, delay))
    _partial_cog_remove(version)
    logger.warning("%s: %s", version, reason)
    return Recovered(version=version, retried=retry, delay=delay if retry else 0.0)


def retry_delay(attempts: int) -> float:
    """LAYER_RETRY_BACKOFF_SECONDS after the first attempt, doubling after each next one."""
    return settings.LAYER_RETRY_BACKOFF_SECONDS * 2 ** max(attempts - 1, 0)


def enqueue_after(task, object_id: int, delay: float) -> None:
    """Queue ``task(object_id)`` to run ``delay`` seconds from now (at once on a backend that
    cannot defer, like the one tests run in-process)."""
    if task.get_backend().supports_defer:
        task = task.using(run_after=timezone.now() + timedelta(seconds=delay))
    task.enqueue(object_id)


def task_rows_fail(task, object_id: int, reason: str) -> None:
    """The database queue's row of a dead worker's task stays RUNNING: mark it failed."""
    DBTaskResult.objects.filter(
        status="RUNNING", task_path=task.module_path, args_kwargs__args__0=object_id
    ).update(
        status="FAILED",
        finished_at=timezone.now(),
        exception_class_path="biomass.layers.services.recovery.WorkerLost",
        traceback=reason,
    )


def _partial_cog_remove(version: LayerVersion) -> None:
    """The COG a dead worker wrote (it is kept only when the version is switched to)."""
    folder = store.local_path(f"layers/{version.layer.slug}")
    kept = set(LayerVersion.objects.exclude(file="").values_list("file", flat=True))
    for path in folder.glob(f"v{version.number}-*.tif"):
        if store.name_of(path) not in kept:
            path.unlink(missing_ok=True)


def conversion_leftovers_remove() -> list[Path]:
    """Temporary folders of conversions (``layers/<slug>/tmp*``) that a killed worker left:
    older than the stale threshold, in the folder of a layer that no live worker processes."""
    root = store.local_path("layers")
    live = Layer.objects.filter(
        versions__status=LayerVersion.Status.PROCESSING, versions__heartbeat_at__gte=stale_before()
    ).values_list("slug", flat=True)
    busy = set(live)
    cutoff = stale_before().timestamp()
    removed = []
    for folder in sorted(p for p in root.glob("*/tmp*") if p.is_dir()):
        if folder.parent.name not in busy and folder.stat().st_mtime < cutoff:
            shutil.rmtree(folder)
            removed.append(folder)
    return removed
