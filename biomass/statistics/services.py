"""Writes for statistics: a file is read and checked line by line, then stored as a new
version of its dataset with its records (nothing is stored when a line is refused); it is
processed at once (the command line) or in the background (uploads). Re-importing the same
file changes nothing."""

from __future__ import annotations

import os
import shutil
import uuid
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.db import transaction
from django.utils.text import slugify

from biomass.caching import publishes
from biomass.engine.rasters import sha256_file
from biomass.errors import Conflict, InvalidInput, NotFound, TooLarge
from biomass.layers.models import AuditEntry
from biomass.layers.services.audit import audit_statistics
from biomass.uploads import uploaded_path

from . import tasks
from .models import ProductionRecord, StatisticsDataset, StatisticsVersion
from .processing import statistics_version_process, statistics_withdraw
from .reading import read_statistics
from .selectors import dataset_get


@dataclass(frozen=True)
class StatisticsRequest:
    """Where a statistics file comes from: its dataset (default: from the name), a short name
    shown with the numbers, the full source and the licence."""

    source: str
    licence: str
    name: str = ""
    dataset: str = ""
    description: str = ""
    original_name: str = ""

    def __post_init__(self):
        if not self.source.strip():
            raise InvalidInput("the statistics need their source", field="source")
        if not self.licence.strip():
            raise InvalidInput("the statistics need their licence", field="licence")
        if not (self.name.strip() or self.dataset.strip()):
            raise InvalidInput("name the dataset (a short name shown with the numbers)", field="name")
        if not self.slug:
            raise InvalidInput("the dataset needs a name with letters or digits", field="dataset")

    @property
    def slug(self) -> str:
        return slugify(self.dataset or self.name)[:80]


def statistics_import(
    *, path: str | Path, request: StatisticsRequest, user=None
) -> tuple[StatisticsVersion, bool]:
    """Check, store and process at once (the command line). Returns the version and whether
    anything changed; when processing fails, nothing of it is kept."""
    version, created = statistics_version_create(path=path, request=request, user=user)
    if not created:
        return version, False
    try:
        return statistics_version_process(version_id=version.pk), True
    except Exception:
        _discard(version)
        raise


def statistics_upload(
    *, path: str | Path, request: StatisticsRequest, user=None
) -> tuple[StatisticsVersion, bool]:
    """Check and store now, process in the background (uploads through the admin and the API).
    The file is read, checked and copied before the transaction: the database's write lock is
    held only to record it."""
    checked = _check(path)
    try:
        with transaction.atomic():
            version, created = _record(checked, request=request, user=user)
            if created:
                tasks.process_on_commit(version.pk)
    finally:
        checked.staged.unlink(missing_ok=True)
    return version, created


def statistics_upload_file(
    *, upload, request: StatisticsRequest, user=None
) -> tuple[StatisticsVersion, bool]:
    """``statistics_upload`` for a file uploaded through the web (the admin's form and the
    API): written to a temporary file first."""
    if upload.size > settings.STATISTICS_MAX_BYTES:
        raise TooLarge(
            "the file is over %(limit)s MiB",
            field="file",
            params={"limit": round(settings.STATISTICS_MAX_BYTES / 2**20)},
        )
    with uploaded_path(upload, "statistics.csv") as path:
        return statistics_upload(path=path, request=request, user=user)


def statistics_version_create(
    *, path: str | Path, request: StatisticsRequest, user=None
) -> tuple[StatisticsVersion, bool]:
    """Check the file and record it as a new version (the same file again changes nothing)."""
    checked = _check(path)
    try:
        with transaction.atomic():
            return _record(checked, request=request, user=user)
    finally:
        checked.staged.unlink(missing_ok=True)


@dataclass(frozen=True)
class _Checked:
    """A file read and checked line by line, copied under MEDIA_ROOT, not yet recorded."""

    source: Path
    records: list
    checksum: str
    staged: Path


def _check(path: str | Path) -> _Checked:
    """Everything slow, outside any transaction: read and check, checksum, copy in."""
    path = Path(path)
    if path.stat().st_size > settings.STATISTICS_MAX_BYTES:
        raise TooLarge(
            "the file is over %(limit)s MiB",
            field="file",
            params={"limit": round(settings.STATISTICS_MAX_BYTES / 2**20)},
        )
    records = read_statistics(path)
    checksum = sha256_file(path)
    incoming = Path(settings.MEDIA_ROOT) / "statistics" / ".incoming"
    incoming.mkdir(parents=True, exist_ok=True)
    staged = incoming / f"{uuid.uuid4().hex}.csv"
    try:
        shutil.copyfile(path, staged)
    except BaseException:
        staged.unlink(missing_ok=True)
        raise
    return _Checked(path, records, checksum, staged)


def _record(checked: _Checked, *, request: StatisticsRequest, user) -> tuple[StatisticsVersion, bool]:
    """The version's rows and its file in place (inside the caller's transaction)."""
    records, checksum = checked.records, checked.checksum
    same = _same(request.slug, checksum)
    if same is not None:
        return same, False  # nothing changes, not even the dataset's description
    dataset = _dataset(request)
    number = (dataset.versions.order_by("-number").values_list("number", flat=True).first() or 0) + 1
    stored = Path(settings.MEDIA_ROOT) / "statistics" / dataset.slug / f"v{number}-{checksum[:12]}.csv"
    years = [r.year for r in records]
    version = StatisticsVersion.objects.create(
        dataset=dataset,
        number=number,
        stage="checked",
        file=str(stored.relative_to(settings.MEDIA_ROOT)),
        original_name=request.original_name or checked.source.name,
        checksum=checksum,
        rows=len(records),
        first_year=min(years),
        last_year=max(years),
        created_by=user if getattr(user, "is_authenticated", False) else None,
    )
    ProductionRecord.objects.bulk_create(
        [ProductionRecord(version=version, **vars(r)) for r in records], batch_size=2000
    )
    audit_statistics(AuditEntry.Action.UPLOAD, version=version, user=user, rows=len(records))
    stored.parent.mkdir(parents=True, exist_ok=True)
    os.replace(checked.staged, stored)
    return version, True


def statistics_version_retry(*, version_id: int, user=None) -> StatisticsVersion:
    version = StatisticsVersion.objects.select_related("dataset").filter(pk=version_id).first()
    if version is None:
        raise NotFound("unknown statistics version %(id)s", field="version", params={"id": str(version_id)})
    if version.status != StatisticsVersion.Status.FAILED:
        raise Conflict(
            "%(version)s is %(status)s; only a failed version can be retried",
            field="version",
            params={"version": str(version), "status": version.status},
        )
    with transaction.atomic():
        StatisticsVersion.objects.filter(pk=version.pk).update(
            status=StatisticsVersion.Status.PENDING, error=""
        )
        audit_statistics(AuditEntry.Action.RETRY, version=version, user=user)
        tasks.process_on_commit(version.pk)
    version.refresh_from_db()
    return version


@publishes
def statistics_dataset_withdraw(*, slug: str, user=None) -> list[str]:
    """Stop serving a dataset now (its versions are kept): the potentials fall back on the
    other datasets, or become no data where none counts the commodity. Returns the slugs of
    the production layers withdrawn."""
    dataset = dataset_get(slug=slug)
    version = dataset.current_version
    if version is None:
        raise Conflict("the dataset %(slug)r is not served", field="dataset", params={"slug": slug})
    withdrawn = statistics_withdraw(dataset=dataset)
    audit_statistics(AuditEntry.Action.WITHDRAW, version=version, user=user, withdrawn_layers=withdrawn)
    return withdrawn


def _same(slug: str, checksum: str) -> StatisticsVersion | None:
    """The dataset's version of this very file when it is served or on its way to be; a
    file that was withdrawn, replaced or failed is imported again as a new version."""
    dataset = StatisticsDataset.objects.select_for_update().filter(slug=slug).first()
    if dataset is None:
        return None
    if dataset.current_version_id and dataset.current_version.checksum == checksum:
        return dataset.current_version
    busy = [StatisticsVersion.Status.PENDING, StatisticsVersion.Status.PROCESSING]
    return dataset.versions.filter(checksum=checksum, status__in=busy).first()


def _dataset(request: StatisticsRequest) -> StatisticsDataset:
    """The request's dataset, created, or updated with what the request gives (a new version
    without a name keeps the dataset's name)."""
    given = {"name": request.name, "source": request.source, "licence": request.licence}
    given |= {"description": request.description}
    given = {k: v for k, v in given.items() if v}
    defaults = {"name": request.dataset or request.source[:200]} | given
    dataset, created = StatisticsDataset.objects.select_for_update().get_or_create(
        slug=request.slug, defaults=defaults
    )
    if not created and any(getattr(dataset, k) != v for k, v in given.items()):
        for k, v in given.items():
            setattr(dataset, k, v)
        dataset.save()
    return dataset


def _discard(version: StatisticsVersion) -> None:
    (Path(settings.MEDIA_ROOT) / version.file).unlink(missing_ok=True)
    dataset = version.dataset
    version.delete()
    if not dataset.versions.exists():
        dataset.delete()
