"""Managing layers and versions that exist: save a layer's description, serve another version
(roll back or forward), retry a failed or stalled one, delete one that is not served, recover
everything that failed."""

from __future__ import annotations

import logging

from django.db import transaction

from biomass.caching import publishes
from biomass.errors import Conflict
from biomass.potentials import compute

from .. import store, tasks
from ..models import AuditEntry, Layer, LayerVersion
from ..selectors import version_by_id, version_is_stale
from .audit import audit_log
from .processing import layer_version_switch

logger = logging.getLogger(__name__)


@publishes
def layer_save(*, layer: Layer) -> Layer:
    """Save what staff edit of a layer (name, source, licence, legend...); its files and
    versions change only through uploads and the version actions."""
    layer.save()
    return layer


@publishes
def layers_delete(*, layers) -> None:
    """Delete layers (from the admin), with their versions."""
    for layer in layers:
        layer.delete()


@publishes
def layer_version_activate(*, version_id: int, user=None) -> LayerVersion:
    """Serve a ready version again (roll back, or forward): its potentials are recomputed
    from cached sums and the switch happens in one transaction."""
    version = version_by_id(version_id)
    if version.status != LayerVersion.Status.READY or not version.file:
        raise Conflict(
            "%(version)s is %(status)s; only a ready version can be activated",
            field="version",
            params={"version": str(version), "status": version.status},
        )
    layer_version_switch(version=version, force=True)
    audit_log(AuditEntry.Action.ACTIVATE, user=user, version=version)
    version.refresh_from_db()
    return version


def layer_version_retry(*, version_id: int, user=None) -> LayerVersion:
    """Queue a failed version, or one whose worker died, for processing again."""
    version = version_by_id(version_id)
    if not (version.status == LayerVersion.Status.FAILED or version_is_stale(version)):
        raise Conflict(
            "%(version)s is %(status)s; only a failed or stalled version can be retried",
            field="version",
            params={"version": str(version), "status": version.status},
        )
    if not store.exists(version.upload):
        raise Conflict(
            "the uploaded file of %(version)s is gone; upload it again",
            field="version",
            params={"version": str(version)},
        )
    with transaction.atomic():
        LayerVersion.objects.filter(pk=version.pk).update(
            status=LayerVersion.Status.PENDING, stage="queued", progress=0, error=""
        )
        audit_log(AuditEntry.Action.RETRY, user=user, version=version)
        tasks.process_on_commit(version.pk)
    version.refresh_from_db()
    return version


@publishes
def layer_version_delete(*, version_id: int, user=None) -> None:
    """Delete a version that is not being served or processed, with its files."""
    version = version_by_id(version_id)
    if version.layer.current_version_id == version.pk:
        raise Conflict(
            "%(version)s is being served; activate another version first",
            field="version",
            params={"version": str(version)},
        )
    if version.status == LayerVersion.Status.PROCESSING and not version_is_stale(version):
        raise Conflict("%(version)s is being processed", field="version", params={"version": str(version)})
    with transaction.atomic():
        audit_log(
            AuditEntry.Action.DELETE, user=user, version=version, file=version.file, upload=version.upload
        )
        files, version_id = [version.upload, version.file], version.pk
        version.delete()
        transaction.on_commit(lambda: _remove(files, version_id))


def _remove(files: list[str], version_id: int) -> None:
    store.delete(*files)
    compute.cached_sums_forget(version_id)


@publishes
def layer_versions_recover(*, user=None) -> list[LayerVersion]:
    """Queue again every failed version and every version whose worker died (stale)."""
    queued = []
    candidates = LayerVersion.objects.filter(
        status__in=[LayerVersion.Status.FAILED, LayerVersion.Status.PROCESSING]
    )
    for version in candidates.select_related("layer"):
        if version.status == LayerVersion.Status.FAILED or version_is_stale(version):
            try:
                queued.append(layer_version_retry(version_id=version.pk, user=user))
            except Conflict as exc:
                logger.warning("cannot retry %s: %s", version, exc.message)
    return queued
