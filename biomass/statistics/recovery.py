"""Recovering statistics processing whose worker died: a version "processing" with no sign of
life for LAYER_STALE_SECONDS (neither its own since a worker took it, nor any of the production
layer versions it is making) is taken back like a layer version — the layer versions it had
made are discarded with their files, its task row failed, and it is queued again after the
same doubling delay, or failed after LAYER_MAX_ATTEMPTS attempts. Production layer versions
that a dead run left behind (no statistics version is processing them) are discarded."""

from __future__ import annotations

import logging
from dataclasses import dataclass

from django.conf import settings
from django.db import transaction
from django.db.models import Q

from biomass.layers.models import AuditEntry, LayerVersion
from biomass.layers.selectors import stale_before
from biomass.layers.services.audit import audit_statistics
from biomass.layers.services.recovery import enqueue_after, retry_delay, task_rows_fail
from biomass.layers.services.upload import layer_version_discard

from . import tasks
from .models import StatisticsVersion

logger = logging.getLogger(__name__)
PROCESSING = StatisticsVersion.Status.PROCESSING


@dataclass(frozen=True)
class Recovered:
    version: StatisticsVersion
    retried: bool
    delay: float = 0.0


def statistics_stalled_recover() -> list[Recovered]:
    recovered = []
    for version in StatisticsVersion.objects.filter(_stalled()).select_related("dataset").order_by("pk"):
        made = _made_by(version)
        if made.filter(heartbeat_at__gte=stale_before()).exists():
            continue  # its worker is converting a production layer now
        outcome = _take_back(version, list(made.values_list("pk", flat=True)))
        if outcome is not None:
            recovered.append(outcome)
    _orphans_discard()
    return recovered


def _stalled() -> Q:
    stale = Q(heartbeat_at__lt=stale_before()) | Q(heartbeat_at__isnull=True)
    return Q(status=PROCESSING) & stale


def _made_by(version: StatisticsVersion):
    return LayerVersion.objects.filter(
        provenance__statistics__dataset=version.dataset.slug,
        provenance__statistics__version=version.number,
        status__in=[LayerVersion.Status.PENDING, LayerVersion.Status.PROCESSING],
    )


def _take_back(version: StatisticsVersion, made: list[int]) -> Recovered | None:
    attempts, limit = version.attempts, settings.LAYER_MAX_ATTEMPTS
    retry, delay = attempts < limit, retry_delay(attempts)
    if retry:
        fields = {"status": StatisticsVersion.Status.PENDING, "stage": f"queued again in {delay:g} s"}
        reason = f"attempt {attempts} of {limit} stopped without finishing (its worker died); queued again"
    else:
        fields = {"status": StatisticsVersion.Status.FAILED, "stage": "failed"}
        reason = (
            f"processing stopped without finishing ({attempts} attempts of {limit}): the worker died "
            "each time, e.g. killed or out of memory; not retried again — retry it by hand"
        )
    with transaction.atomic():
        if not StatisticsVersion.objects.filter(_stalled(), pk=version.pk).update(error=reason, **fields):
            return None
        task_rows_fail(tasks.process_statistics_version, version.pk, reason)
        action = AuditEntry.Action.RETRY if retry else AuditEntry.Action.FAILED
        audit_statistics(action, version=version, error=reason, attempts=attempts)
        if retry:
            transaction.on_commit(lambda: enqueue_after(tasks.process_statistics_version, version.pk, delay))
    for pk in made:  # made for this run only, never served: a retry makes them again
        layer_version_discard(version_id=pk)
    logger.warning("%s: %s", version, reason)
    return Recovered(version=version, retried=retry, delay=delay if retry else 0.0)


def _orphans_discard() -> None:
    """Stalled production layer versions of a run that no statistics version is processing
    (a dead reallocation, or a run taken back already)."""
    processing = {
        (slug, number)
        for slug, number in StatisticsVersion.objects.filter(status=PROCESSING).values_list(
            "dataset__slug", "number"
        )
    }
    stale = Q(heartbeat_at__lt=stale_before()) | Q(heartbeat_at__isnull=True)
    made = LayerVersion.objects.filter(
        stale, status=LayerVersion.Status.PROCESSING, provenance__has_key="statistics"
    )
    for version in made:
        run = version.provenance["statistics"]
        if (run.get("dataset"), run.get("version")) not in processing:
            logger.warning("discarding %s, left processing by a dead statistics run", version)
            layer_version_discard(version_id=version.pk)
